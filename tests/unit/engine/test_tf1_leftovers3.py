"""TF1 programs earlier rounds listed as refused or answered otherwise by graphgate (tile
with multiples known at run time, combined non-max suppression with tensor sizes and
thresholds, unicode_decode of several strings, unicode_script, fractional pooling), run unchanged on graphgate against what `tf.compat.v1` observed
(`tests/reference/tf1_leftovers3.py`, `fixtures/tf1_leftovers3.json`)."""

from __future__ import annotations

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
