"""TF1 programs mixing `tf.layers.*` layer objects into Keras models, run unchanged on
graphgate: Sequential and functional models refuse them as TF's do (TypeError, "legacy
tf.layers.Layers"), a subclassed model and TimeDistributed take them (their variables in
the model's weights, trained by fit, named as TF's), their configs are TF's, and a Keras
layer's `updates` in a graph are operations (`tests/reference/tf1_keras_mix.py`,
`fixtures/tf1_keras_mix.json`); the mixed model restores TF's checkpoint by name."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_keras_mix")
KNOWN_DIFFERENT = {
    "tf_layers_are_keras_layers": "graphgate's tf.layers classes are not Keras' subclasses",
}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        # `ckpt`: TF's checkpoint of the mixed model (fixtures/tf_keras_mix_ckpt).
        scope = {"tf": gg, "np": np, "out": out, "raises": raised, "ckpt": programs.CKPT}
        exec(programs.PREFIX + programs.PROGRAMS[name], scope)
    assert_observed(out, FIXTURE["programs"][name], name, rel_tol=1e-5, abs_tol=1e-6)


@pytest.mark.parametrize(
    "make",
    [
        lambda: gg.layers.SeparableConv2D(2, 3),
        lambda: gg.layers.BatchNormalization(fused=True),
        lambda: gg.layers.BatchNormalization(renorm=True),
    ],
    ids=["separable", "bn_fused", "bn_renorm"],
)
def test_a_config_that_would_lose_a_setting_is_refused(make):
    """TF's config of these drops a setting (or writes an initializer the layer does not
    use); graphgate refuses it rather than rebuild another layer from it."""
    with gg.Graph().as_default(), pytest.raises(gg.errors.UnimplementedError, match="no config"):
        make().get_config()


def test_from_config_refuses_what_the_layer_cannot_take():
    config = gg.layers.Conv2D(2, 3).get_config()
    with pytest.raises(gg.errors.UnimplementedError):
        gg.layers.Conv2D.from_config({**config, "groups": 2})
