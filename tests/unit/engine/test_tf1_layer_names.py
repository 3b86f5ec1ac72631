"""TF1 programs with custom layers (`tf.layers.Layer`, `tf.keras.layers.Layer`
subclasses) and the common ways of building Keras models (Sequential with and without
an input shape, functional, subclassed, inside variable scopes, two in one graph), run
unchanged on graphgate: the variable names, and so the checkpoint keys, op names,
collections and values are what `tf.compat.v1` observed
(`tests/reference/tf1_layer_names.py`, `fixtures/tf1_layer_names.json`)."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_layer_names")


@pytest.mark.parametrize("name", program_names(FIXTURE))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name)
