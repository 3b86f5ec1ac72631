"""Adversarial TF 1.x programs from review 27 (`tests/reference/tf1_review27.py`), run
unchanged on graphgate and observing what TensorFlow observed (`fixtures/tf1_review27.json`)."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_review27")

# Found by review 27 and left: each a strict xfail, so that it fails once graphgate agrees.
# (Its loop gradients reading a ref variable the loop updated agree now: ref_reads.py.)
KNOWN_DIFFERENT = {
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
