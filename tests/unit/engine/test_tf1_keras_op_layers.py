"""Raw TF ops on Keras tensors (`d(x) + x[:, :2]`, `tf.concat`, `tf.reduce_sum` ...) in
a functional model, run unchanged on graphgate: wrapped in `TensorFlowOpLayer`s named as
TF's graph-mode Keras names them, with TF's weights, outputs, fit losses, weight files,
calls on new inputs and configs (`tests/reference/tf1_keras_op_layers.py`,
`fixtures/tf1_keras_op_layers.json`)."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_keras_op_layers")


@pytest.mark.parametrize("name", program_names(FIXTURE))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        scope = {"tf": gg, "np": np, "out": out, "raises": raised}
        exec(programs.PREFIX + programs.PROGRAMS[name], scope)
    assert_observed(out, FIXTURE["programs"][name], name, rel_tol=1e-5, abs_tol=1e-6)


def test_a_tensorflow_written_op_layer_config_is_refused_not_misread():
    """TF's config holds the op as a NodeDef message (`input`, `attr` with TF's encoding);
    read as graphgate's node document its slice masks would be defaults, another op."""
    tf_config = {
        "class_name": "TensorFlowOpLayer",
        "config": {
            "name": "strided_slice",
            "trainable": True,
            "dtype": None,
            "node_def": {
                "name": "strided_slice",
                "op": "StridedSlice",
                "input": ["input_1", "strided_slice/stack"],
                "attr": {"begin_mask": {"i": "3"}, "T": {"type": "DT_FLOAT"}},
            },
            "constants": {},
        },
    }
    with gg.Graph().as_default(), pytest.raises(gg.errors.UnimplementedError, match="NodeDef"):
        gg.keras.layers.deserialize(tf_config)


def test_an_op_layer_called_on_new_inputs_makes_its_op_again():
    with gg.Graph().as_default():
        inp = gg.keras.Input((3,))
        model = gg.keras.Model(inp, gg.reduce_sum(inp * 2.0, axis=1))
        other = gg.keras.Input((3,))
        result = model(other)
        with gg.Session() as sess:
            got = sess.run(result, {other: np.array([[1.0, 2.0, 3.0]], "float32")})
    assert result.op is not model.outputs[0].op
    np.testing.assert_allclose(got, [12.0])


def test_layers_called_on_a_large_raw_graph_walk_it_once(monkeypatch):
    """Whether a layer's input needs op layers is a walk back to Keras tensors; a graph
    with none (TF1's placeholders) is walked once, not on every layer call."""
    from graphgate.keras import op_layers

    asked = []
    real = op_layers.keras_history
    monkeypatch.setattr(op_layers, "keras_history", lambda t: asked.append(t) or real(t))
    with gg.Graph().as_default():
        x = gg.placeholder(gg.float32, [None, 3])
        for _ in range(200):
            x = x + 1.0
        gg.keras.layers.Dense(2)(x)
        first = len(asked)
        for _ in range(20):
            gg.keras.layers.Dense(2)(x)
    assert first >= 200
    assert len(asked) - first <= 20 * 2


def test_a_model_with_op_layers_is_saved_to_h5_and_loaded(tmp_path):
    """Its op layers' constants are numpy values in the config: `json.dumps` refused them
    (TypeError) where TF writes them as lists. tf_keras loads the same file to the same
    predictions and six op layers (relu(x) * 0.5 beside x[:, :1] ** 2)."""
    x = np.array([[2.0, -1.0, 3.0]], "float32")
    with gg.Graph().as_default():
        inp = gg.keras.Input((3,))
        model = gg.keras.Model(inp, gg.concat([gg.nn.relu(inp[:, :2]) * 0.5, inp[:, :1] ** 2], 1))
        model.save(str(tmp_path / "m.h5"))
    with gg.Graph().as_default():
        loaded = gg.keras.models.load_model(str(tmp_path / "m.h5"))
        assert [type(la).__name__ for la in loaded.layers].count("TensorFlowOpLayer") == 6
        np.testing.assert_allclose(loaded.predict(x), [[1.0, 0.0, 4.0]])


def test_a_chain_of_2000_raw_ops_is_wrapped_in_one_walk(monkeypatch):
    """Each op's inputs were asked, a walk apiece, whether they reach a Keras tensor, and
    the wrapping recursed: quadratic, and a RecursionError past ~1,000 ops (the model's
    own walk too). History lookups are counted, not timed."""
    from graphgate.keras import op_layers

    calls = []

    def counted(t):
        calls.append(t)
        return keras_history(t)

    keras_history = op_layers.keras_history
    monkeypatch.setattr(op_layers, "keras_history", counted)
    with gg.Graph().as_default():
        inp = gg.keras.Input((2,))
        x = inp
        for _ in range(2000):
            x = x + 1.0
        model = gg.keras.Model(inp, x)
        assert len(model.layers) == 2001
        assert len(calls) < 3 * 2000 * 2  # each op's output and its constant, a few times
        np.testing.assert_allclose(model.predict(np.zeros((1, 2), "float32")), [[2000.0] * 2])


def test_a_placeholder_checked_once_is_still_a_keras_input_when_wrapped_later():
    """A Dense call on `p * 1.0` remembers `p` as reaching no Keras tensor; `Input(tensor=p)`
    then makes it one. The wrapping consulted that memory before the tensor's own history,
    so `Model(i, p + 1.0)` refused it; tf_keras builds [input_1, tf_op_layer_add]."""
    with gg.Graph().as_default():
        p = gg.placeholder(gg.float32, [None, 4])
        gg.keras.layers.Dense(2)(p * 1.0)
        inp = gg.keras.Input(tensor=p)
        model = gg.keras.Model(inp, p + 1.0)
        assert [la.name for la in model.layers] == ["input_1", "tf_op_layer_add"]
