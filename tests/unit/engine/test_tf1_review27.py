"""Adversarial TF 1.x programs from review 27 (`tests/reference/tf1_review27.py`), run
unchanged on graphgate and observing what TensorFlow observed (`fixtures/tf1_review27.json`)."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_review27")

# Found by review 27 and left: each a strict xfail, so that it fails once graphgate agrees.
# The first two are TF1 ref variables' buffer aliasing that graphgate does not model (a loop
# gradient reading a variable the forward loop updated: graphgate/ref_reads.py says what it
# models); the others are refusals.
KNOWN_DIFFERENT = {
    "grad_through_loop_assigning_read_var": "a loop's gradient reads each iteration's value",
    "grad_var_loop_assign_gv": "a loop's gradient reads each iteration's value",
    "ctc_sparse_bad_index": "a label equal to the blank class is refused",
    "stft_runtime": "stft with a tensor frame_length is UNIMPLEMENTED",
    "stft_runtime_default_fft": "stft with a tensor frame_length is UNIMPLEMENTED",
    "inverse_stft_runtime": "stft with a tensor frame_length is UNIMPLEMENTED",
}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name)
