"""TF1 idioms people ask about on Stack Overflow and in GitHub issues (py_func, scan and
map_fn, while_loop with TensorArray, partitions and segments, gathers and scatters,
sparse tensors, losses and metrics, padding, patches, resizing...), with edge inputs, run
unchanged on graphgate against what `tf.compat.v1` observed
(`tests/reference/tf1_so_idioms.py`, `fixtures/tf1_so_idioms.json`)."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from graphgate import tf_graph
from graphgate.serialization import graph_from_dict
from graphgate.tf_export import graph_def_bytes
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_so_idioms")


KNOWN_DIFFERENT = {
    "assign_validate_shape_false": "graphgate's variables keep their shape: "
    "assign(validate_shape=False) of another shape is UNIMPLEMENTED (docs/engine.md)",
    "map_fn_infer_shape_false_empty": "TF cannot stack a zero-size TensorArray whose "
    "element shape infer_shape=False left unknown (UnimplementedError); graphgate's "
    "map_fn knows the fed shape and answers the [0, 2] result (docs/decision_log.md)",
}


# A tanh near saturation (y = 0.993) whose gradient 1 - y² is 0.0137: TF's float32 tanh
# (Eigen's rational approximation) and numpy's differ in y's last bit, which 1 - y² keeps
# as one unit in the last place of 1 (graphgate's is float64's 0.0137047 to 7 digits).
TOLERANCES = {"scan_over_matrix_rows_with_gradient": {"abs_tol": 2 * 2.0**-23}}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name, **TOLERANCES.get(name, {}))


CLIPPED = np.array([-3.0, 0.5, 7.0, np.nan, 1.0, -1.0, 2.0], np.float32)
# What TF 2.21 computes for d sum(clip) / d (t, low, high): tf.clip_by_value builds
# Minimum then Maximum, whose selectors send a NaN's gradient to `low` and all of it to
# `low` when the bounds are inverted; the ClipByValue kernel's gradient does neither.
CLIP_GRADIENTS = {
    ("clip_by_value", -1.0, 1.0): ([0, 1, 0, 0, 1, 1, 0], 2.0, 2.0),
    ("clip_by_value", 2.0, 0.0): ([0, 0, 0, 0, 0, 0, 0], 7.0, 0.0),
    ("kernel", -1.0, 1.0): ([0, 1, 0, 1, 1, 1, 0], 1.0, 2.0),
    ("kernel", 2.0, 0.0): ([0, 0, 0, 1, 0, 0, 0], 4.0, 4.0),
}


def _clip_gradients(clip, low, high):
    with gg.Graph().as_default():
        t, lo, hi = gg.constant(CLIPPED), gg.constant(low), gg.constant(high)
        y = clip(t, lo, hi)
        return gg.Session().run(gg.gradients(gg.reduce_sum(y), [t, lo, hi]))


@pytest.mark.parametrize(("how", "low", "high"), list(CLIP_GRADIENTS))
def test_a_clips_gradient_at_nan_and_inverted_bounds_is_tfs(how, low, high):
    if how == "clip_by_value":
        clip = gg.clip_by_value
    else:
        clip = lambda t, lo, hi: gg.raw_ops.ClipByValue(t=t, clip_value_min=lo, clip_value_max=hi)  # noqa: E731
    got = _clip_gradients(clip, low, high)
    want_t, want_lo, want_hi = CLIP_GRADIENTS[(how, low, high)]
    np.testing.assert_array_equal(got[0], want_t)
    assert (float(got[1]), float(got[2])) == (want_lo, want_hi)


def test_an_imported_clip_by_value_kernel_has_the_kernels_gradient():
    # GIVEN graphgate's clip_by_value written as TF's one ClipByValue node (scalar bounds)
    graph = gg.Graph()
    with graph.as_default():
        t = gg.placeholder(gg.float32, [7], name="t")
        gg.identity(gg.clip_by_value(t, -1.0, 1.0), name="out")
    # WHEN TF's GraphDef is read back and differentiated
    back = graph_from_dict(tf_graph.graph_document(graph_def_bytes(graph)))
    with back.as_default():
        out, t = back.get_tensor_by_name("out:0"), back.get_tensor_by_name("t:0")
        g = gg.gradients(gg.reduce_sum(out), t)
        got = gg.Session(back).run(g, {"t:0": CLIPPED})[0]
    # THEN its gradient is the kernel's, as TF's for that node (the NaN passes)
    np.testing.assert_array_equal(got, CLIP_GRADIENTS[("kernel", -1.0, 1.0)][0])


def test_embedding_lookup_sparse_clips_each_row_to_max_norm():
    # TF 2.21: rows [3, 4] and [5, 6] (norms 5, 7.8) clipped to norm 2, then summed
    with gg.Graph().as_default():
        params = gg.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
        ids = gg.SparseTensor([[0, 0], [2, 0], [2, 1]], gg.constant([1, 2, 2], gg.int64), [3, 2])
        got = gg.Session().run(
            gg.nn.embedding_lookup_sparse(params, ids, None, "mod", None, "sum", 2.0)
        )
    np.testing.assert_allclose(got, [[1.2, 1.6], [0, 0], [2.5607376, 3.072885]], rtol=1e-6)


def test_stack_of_an_empty_list_is_tfs_empty_float32():
    # TF 2.21 converts `values` itself when axis is 0; another axis indexes values[0]
    with gg.Graph().as_default():
        empty = gg.stack([])
        assert (empty.dtype, empty.shape.as_list(), empty.op.name) == (gg.float32, [0], "stack")
        assert gg.Session().run(empty).shape == (0,)
        with pytest.raises(IndexError):
            gg.stack([], axis=1)
