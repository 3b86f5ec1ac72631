"""TF1 programs earlier rounds listed as refused or answered otherwise by graphgate (tile
with multiples known at run time, combined non-max suppression with tensor sizes and
thresholds, unicode_decode of several strings, unicode_script, fractional pooling), run
unchanged on graphgate against what `tf.compat.v1` observed
(`tests/reference/tf1_leftovers3.py`, `fixtures/tf1_leftovers3.json`)."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_leftovers3")


KNOWN_DIFFERENT = {
    "unicode_decode_of_a_matrix_static_shape": "TF2's RaggedTensor.from_tensor keeps a "
    "matrix's uniform row length, (2, 2, ?); graphgate's ragged tensors have no uniform "
    "row length, (2, ?, ?), as bytes_split's (docs/engine.md)",
    "fractional_avg_pool_second_order_through_a_shape": "TF's gradient walk follows float "
    "tensors only; graphgate's reaches an op through an int Shape too, so it asks "
    "FractionalAvgPoolGrad for a gradient TF never asks for (NO_GRADIENT, TF's None)",
    "fractional_pool_sequence_static_shapes": "TF's shape function gives the pooling "
    "sequences the output's length, its kernel one entry more; graphgate's static shape is "
    "what the kernel answers (docs/decision_log.md)",
}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name)


def test_fractional_pools_and_unicode_ops_round_trip_through_a_graph_def():
    # GIVEN the new ops in a graph, with a gradient (TF imported this GraphDef and computed
    # the same values when it was written: the ops' TF definitions are in tf_op_defs.py)
    from graphgate import tf_export

    x_value = np.random.RandomState(0).uniform(size=(1, 7, 9, 2)).astype(np.float32)
    names = ["fmp:0", "fap:0", "grad:0", "script:0", "decoded:0"]
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [1, 7, 9, 2], name="x")
        pool = gg.nn.fractional_max_pool
        y = pool(x, [1, 1.5, 1.7, 1], True, True, deterministic=True, seed=3, seed2=4, name="fmp")
        avg = gg.nn.fractional_avg_pool
        ya = avg(x, [1, 1.5, 1.7, 1], deterministic=True, seed=3, seed2=4, name="fap")
        gg.identity(gg.gradients(gg.reduce_sum(y[0] * ya[0]), x)[0], name="grad")
        gg.strings.unicode_script(gg.constant([65, 945, 0x5D0]), name="script")
        decoded = gg.strings.unicode_decode(gg.constant(["ab", "\u00e9"]), "UTF-8")
        gg.identity(decoded.values, name="decoded")
        written = tf_export.graph_def_bytes(graph)
        with gg.Session() as sess:
            expected = sess.run(names, {"x:0": x_value})
    # WHEN the GraphDef is read back
    with gg.Graph().as_default():
        gg.import_graph_def(gg.GraphDef.FromString(written), name="")
        with gg.Session() as sess:
            got = sess.run(names, {"x:0": x_value})
    # THEN it computes the same
    for name, a, b in zip(names, got, expected, strict=True):
        np.testing.assert_array_equal(a, b, err_msg=name)
