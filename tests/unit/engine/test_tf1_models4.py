"""A fourth round of famous TF1 code bases (tensor2tensor's attention, mixture of experts and
adaptive computation time, GPT-1's fine-tuning, a BERT-style optimizer subclass, XLNet's
two-stream attention, magenta's MelodyRNN, SeqGAN, official ResNet, minigo, NASNet, the
CDNA video model, tensorflow_compression's GDN, lucid, the object detection API's NMS,
weight normalization, SimCLR, UDA, MixMatch, VAT, cleverhans, domain separation
networks, global_objectives, trfl and the universe starter agent with curiosity) at tiny
sizes, run unchanged on graphgate and observing what TensorFlow observed; then one
focused test for each fault the programs found.

`tests/reference/tf1_models4.py` holds the programs and wrote what `tf.compat.v1` computed
into `fixtures/tf1_models4.json`; each test runs the same text with `tf` bound to graphgate.
"""

from __future__ import annotations

import numpy as np
import pytest

import graphgate.compat.v1 as tf
from tests.unit.engine.test_tf1_tutorials2 import _normal
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_models4")


@pytest.mark.parametrize("name", program_names(FIXTURE))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with tf.Graph().as_default():
        env = {"tf": tf, "np": np, "out": out, "raises": raised}
        exec(programs.PRELUDE + programs.PROGRAMS[name], env)
    # Whole models chain many float32 kernels whose last bits TF's oneDNN rounds otherwise.
    assert_observed(
        _normal(out), _normal(FIXTURE["programs"][name]), name, rel_tol=2e-5, abs_tol=1e-6
    )


# -- what the programs found ---------------------------------------------------------------
