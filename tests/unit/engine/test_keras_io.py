"""Keras serialization as TF 1.x's tf.keras does it: configs and JSON equal to TF's for
the same model, HDF5 weight and model files TF wrote loading with TF's predictions (and
resuming training as TF does), graphgate's files in TF's layout, and the errors.

`tests/reference/tf1_keras_io.py` holds the models and wrote `fixtures/tf1_keras_io.json`
and the `.h5` files in `fixtures/keras_io/` with the tfvenv's tf_keras; TF itself was
checked to load graphgate's files the other way round (see the decision log).
"""

from __future__ import annotations

import importlib.util
import json
import sys
import warnings
from pathlib import Path

import h5py  # graphgate[keras], in the dev install
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import graphgate as gg
from graphgate.errors import GraphgateError
from tests.hardening import scaled

ROOT = Path(__file__).parents[3]
FIXTURES = Path(__file__).parent / "fixtures"
FILES = FIXTURES / "keras_io"
FIXTURE = json.loads((FIXTURES / "tf1_keras_io.json").read_text())
_spec = importlib.util.spec_from_file_location(
    "tf1_keras_io", ROOT / "tests" / "reference" / "tf1_keras_io.py"
)
ref = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ref)

keras = gg.keras
L = keras.layers
MODELS = sorted(ref.MODELS)
TRAINED = sorted(ref.TRAINED)


@pytest.fixture(autouse=True)
def graph():
    g = gg.Graph()
    with g.as_default():
        yield g


def _tf_json(name: str) -> dict:
    """TF's JSON as TF 1.15 writes it: tf_keras' `shared_object_id` (TF 2.3's, for
    objects two layers share) is not TF1's; graphgate writes TF 1.15's version."""

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "shared_object_id"}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    document = strip(FIXTURE["models"][name]["json"])
    document["keras_version"] = "2.2.4-tf"
    return document


def _close(ours: list, theirs: list, rtol: float = 2e-5) -> None:
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=rtol, atol=1e-6)


def _fit(model, steps: int = 1) -> None:
    x, y = ref.inputs_for(model), ref.targets_for(model)
    model.fit(x, y if len(y) > 1 else y[0], batch_size=3, epochs=steps, verbose=0, shuffle=False)


# -- configs and JSON --------------------------------------------------------------------------


@pytest.mark.parametrize("name", MODELS)
def test_to_json_is_tensorflows_json_for_the_same_model(name):
    assert json.loads(ref.build(gg, name).to_json()) == _tf_json(name)


@pytest.mark.parametrize("name", MODELS)
def test_tensorflows_json_makes_a_model_that_writes_it_back_and_predicts_the_same(name):
    model = keras.models.model_from_json(json.dumps(_tf_json(name)))
    assert json.loads(model.to_json()) == _tf_json(name)
    ref.set_seeded(model)
    _close(ref.predictions(model, ref.inputs_for(model)), FIXTURE["models"][name]["predict"])


@pytest.mark.parametrize("name", MODELS)
def test_every_layer_config_round_trips_through_its_class(name):
    for layer in ref.build(gg, name).layers:
        config = layer.get_config()
        assert json.loads(json.dumps(config)) == config
        again = type(layer).from_config(config)
        assert again.get_config() == {**config, **_unbuilt(layer, again)}


def _unbuilt(layer, again) -> dict:
    """What a layer's config learns only when built (its dtype, a normalization's axis)."""
    out = {}
    if "dtype" in layer.get_config() and not isinstance(layer, keras.Model):
        out["dtype"] = again.get_config()["dtype"]
    if "axis" in layer.get_config() and isinstance(
        layer, (L.BatchNormalization, L.LayerNormalization)
    ):
        out["axis"] = again.get_config()["axis"]
    return out


def test_serialized_objects_are_tensorflows():
    objects = FIXTURE["objects"]
    K = keras
    names = list(objects["initializers"])
    assert {n: K.initializers.serialize(K.initializers.get(n)) for n in names} == objects[
        "initializers"
    ]
    regularizers = [
        K.regularizers.l1(0.1),
        K.regularizers.l2(),
        K.regularizers.l1_l2(),
        K.regularizers.L1L2(l2=0.3),
        K.regularizers.get("l2"),
    ]
    assert [K.regularizers.serialize(r) for r in regularizers] == objects["regularizers"]
    constraints = [
        K.constraints.MaxNorm(3, axis=1),
        K.constraints.NonNeg(),
        K.constraints.UnitNorm(),
        K.constraints.MinMaxNorm(),
        K.constraints.get("max_norm"),
    ]
    assert [K.constraints.serialize(c) for c in constraints] == objects["constraints"]
    optimizers = [K.optimizers.get(o) for o in ["sgd", "adam", "rmsprop", "adagrad", "adadelta"]]
    optimizers += [K.optimizers.SGD(0.1, 0.9, True), K.optimizers.Adam(0.01, decay=0.1)]
    assert [K.optimizers.serialize(o) for o in optimizers] == objects["optimizers"]
    activations = ["relu", "tanh", "softmax", "linear", None, "selu", "exponential"]
    assert [K.activations.serialize(K.activations.get(a)) for a in activations] == objects[
        "activations"
    ]
    assert K.utils.serialize_keras_object(L.Dense(2, name="d")) == objects["dense"]
    tf_initializers = [
        gg.truncated_normal_initializer(stddev=0.1),
        gg.zeros_initializer(),
        gg.glorot_uniform_initializer(),
        gg.initializers.he_normal(),
        gg.random_uniform_initializer(),
        gg.constant_initializer(0.3),
        gg.orthogonal_initializer(),
        gg.random_normal_initializer(),
    ]
    assert [K.initializers.serialize(i) for i in tf_initializers] == objects["tf_initializers"]


def test_loss_and_metric_objects_serialize_as_tensorflows_and_come_back():
    K = keras
    losses = [
        K.losses.MeanSquaredError(),
        K.losses.MeanAbsoluteError(),
        K.losses.BinaryCrossentropy(),
        K.losses.CategoricalCrossentropy(from_logits=True),
        K.losses.SparseCategoricalCrossentropy(),
        K.losses.Hinge(),
        K.losses.KLDivergence(name="kl"),
    ]
    metrics = [
        K.metrics.AUC(name="auc", curve="PR"),
        K.metrics.Precision(name="p"),
        K.metrics.Recall(name="r", thresholds=0.3),
        K.metrics.BinaryAccuracy(name="ba"),
        K.metrics.TopKCategoricalAccuracy(name="top", k=3),
        K.metrics.MeanSquaredError(name="m"),
        K.metrics.CategoricalAccuracy(name="ca"),
    ]
    assert [K.losses.serialize(loss) for loss in losses] == FIXTURE["objects"]["losses"]
    assert [K.metrics.serialize(m) for m in metrics] == FIXTURE["objects"]["metrics"]
    for config in FIXTURE["objects"]["losses"]:
        assert K.losses.serialize(K.losses.deserialize(config)) == config
    for config in FIXTURE["objects"]["metrics"]:
        assert K.metrics.serialize(K.metrics.deserialize(config)) == config
    with pytest.raises(NotImplementedError):
        K.losses.CategoricalCrossentropy(axis=0)  # computed over the last axis only: refused


@pytest.mark.parametrize("name", TRAINED)
def test_a_saved_training_config_is_tensorflows(name, tmp_path):
    model = ref.build(gg, name)
    ref.set_seeded(model)
    model.compile(**ref.compile_args(gg, name))
    _fit(model, 2)
    model.save(str(tmp_path / "m.h5"))
    assert ref.training_config(str(tmp_path / "m.h5")) == FIXTURE["models"][name]["training_config"]


@pytest.mark.parametrize("config", FIXTURE["objects"]["optimizers"])
def test_optimizers_and_initializers_come_back_from_their_configs(config):
    optimizer = keras.optimizers.deserialize(config)
    assert keras.optimizers.serialize(optimizer) == config
    for initializer in FIXTURE["objects"]["initializers"].values():
        made = keras.utils.deserialize_keras_object(initializer, vars(keras.initializers))
        assert keras.initializers.serialize(made) == initializer


@pytest.mark.parametrize(
    ("key", "call"),
    [
        ("unknown_layer", lambda: L.deserialize({"class_name": "Foo", "config": {}})),
        (
            "unknown_model",
            lambda: keras.models.model_from_json('{"class_name": "Foo", "config": {}}'),
        ),
        ("unknown_activation", lambda: keras.activations.get("foo")),
        ("unknown_initializer", lambda: keras.initializers.get("foo")),
        ("unknown_regularizer", lambda: keras.regularizers.get("foo")),
        ("unknown_optimizer", lambda: keras.optimizers.get("foo")),
        ("unknown_constraint", lambda: keras.constraints.get("foo")),
    ],
)
def test_an_unknown_name_is_tensorflows_value_error_with_a_code(key, call):
    with pytest.raises(ValueError) as info:
        call()
    assert FIXTURE["objects"][key][0] == "ValueError"
    assert info.value.message == FIXTURE["objects"][key][1]
    assert info.value.code == "UNKNOWN_KERAS_OBJECT"


class Scaled(L.Layer):
    """A user's layer with a setting of its own and its config."""

    def __init__(self, factor, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, inputs):
        return inputs * self.factor

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


def cube(x):
    return x * x * x


def _custom_model():
    i = keras.Input((2,))
    return keras.Model(i, L.Activation(cube)(Scaled(3.0)(i)))


def test_custom_objects_are_found_by_argument_by_scope_and_globally():
    text = _custom_model().to_json()
    with pytest.raises(ValueError) as info:
        keras.models.model_from_json(text)
    assert info.value.code == "UNKNOWN_KERAS_OBJECT" and "Scaled" in info.value.message
    x = np.array([[1.0, 2.0]], np.float32)
    expected = [[27.0, 216.0]]
    model = keras.models.model_from_json(text, {"Scaled": Scaled, "cube": cube})
    np.testing.assert_allclose(model.predict(x), expected)
    with keras.utils.custom_object_scope({"Scaled": Scaled, "cube": cube}):
        np.testing.assert_allclose(keras.models.model_from_json(text).predict(x), expected)
    with pytest.raises(ValueError):
        keras.models.model_from_json(text)  # the scope has ended
    keras.utils.get_custom_objects().update({"Scaled": Scaled, "cube": cube})
    try:
        np.testing.assert_allclose(keras.models.model_from_json(text).predict(x), expected)
    finally:
        keras.utils.get_custom_objects().clear()


def test_a_user_layer_with_settings_but_no_get_config_cannot_be_serialized():
    class Bare(L.Layer):
        def __init__(self, factor, **kwargs):
            super().__init__(**kwargs)
            self.factor = factor

    with pytest.raises(NotImplementedError, match="must override `get_config"):
        Bare(2.0).get_config()


def test_lambda_layers_keep_named_functions_and_lambdas_with_their_closures():
    k = 3.0
    model = keras.Sequential(
        [
            L.Lambda(lambda x, s=1.0: x * k + s, input_shape=(2,)),
            L.Lambda(cube, arguments={}),
            L.Lambda(gg.nn.relu, output_shape=(2,)),
        ]
    )
    config = json.loads(model.to_json())["config"]["layers"]
    assert [c["config"]["function_type"] for c in config[1:]] == ["lambda", "function", "function"]
    assert config[2]["config"]["function"] == "cube" and config[3]["config"]["output_shape"] == [2]
    again = keras.models.model_from_json(model.to_json(), {"cube": cube})
    x = np.array([[1.0, -2.0]], np.float32)
    np.testing.assert_allclose(again.predict(x), [[64.0, 0.0]])


def test_clone_model_has_the_config_and_new_weights():
    for name in ("functional_shared", "nested", "dense"):
        model = ref.build(gg, name)
        ref.set_seeded(model)
        clone = keras.models.clone_model(model)
        assert json.loads(clone.to_json()) == json.loads(model.to_json())
        assert all(a is not b for a, b in zip(model.weights, clone.weights, strict=True))
        clone.set_weights(model.get_weights())
        x = ref.inputs_for(model)
        _close(ref.predictions(clone, x), ref.predictions(model, x))


# -- HDF5 files --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", MODELS)
def test_weight_files_tensorflow_wrote_load_with_tensorflows_predictions(name):
    model = ref.build(gg, name)
    model.load_weights(str(FILES / f"{name}_weights.h5"))
    _close(ref.predictions(model, ref.inputs_for(model)), FIXTURE["models"][name]["predict"])


@pytest.mark.parametrize("name", MODELS)
def test_weight_files_graphgate_writes_are_laid_out_as_tensorflows(name, tmp_path):
    model = ref.build(gg, name)
    ref.set_seeded(model)
    model.save_weights(str(tmp_path / "w.h5"))
    with (
        h5py.File(tmp_path / "w.h5", "r") as ours,
        h5py.File(FILES / f"{name}_weights.h5", "r") as theirs,
    ):
        assert _names(ours, "layer_names") == _names(theirs, "layer_names")
        for layer in _names(theirs, "layer_names"):
            mine, tf = _names(ours[layer], "weight_names"), _names(theirs[layer], "weight_names")
            assert [n.rsplit("/", 1)[-1] for n in mine] == [n.rsplit("/", 1)[-1] for n in tf]
            for a, b in zip(mine, tf, strict=True):
                np.testing.assert_array_equal(ours[layer][a][()], theirs[layer][b][()])


def _names(group, key: str) -> list[str]:
    return [n.decode() if isinstance(n, bytes) else str(n) for n in group.attrs[key]]


@pytest.mark.parametrize("name", TRAINED)
def test_model_files_tensorflow_wrote_load_predict_and_resume_training_as_tensorflow(name):
    record = FIXTURE["models"][name]
    model = keras.models.load_model(str(FILES / f"{name}_model.h5"))
    assert json.loads(model.to_json()) == _tf_json(name)
    x = ref.inputs_for(model)
    _close(ref.predictions(model, x), record["trained_predict"])
    assert [n.split("/", 2)[-1] for n in model.optimizer.weight_names()] == [
        n.split("/", 2)[-1] for n in record["optimizer_weight_names"]
    ]
    if name not in ref.RANDOM_TRAINING:
        _fit(model)
        _close(ref.predictions(model, x), record["resumed_predict"], rtol=1e-4)


@pytest.mark.parametrize("name", TRAINED)
def test_a_saved_model_resumes_exactly_where_uninterrupted_training_would_be(name, tmp_path):
    if name in ref.RANDOM_TRAINING:
        pytest.skip("dropout draws other masks after a reload")
    straight = ref.build(gg, name)
    ref.set_seeded(straight)
    straight.compile(**ref.compile_args(gg, name))
    _fit(straight, 3)
    expected = ref.predictions(straight, ref.inputs_for(straight))
    with gg.Graph().as_default():
        model = ref.build(gg, name)
        ref.set_seeded(model)
        model.compile(**ref.compile_args(gg, name))
        _fit(model, 2)
        model.save(str(tmp_path / "m.h5"))
    with gg.Graph().as_default():
        resumed = keras.models.load_model(str(tmp_path / "m.h5"))
        _fit(resumed)
        x = ref.inputs_for(resumed)
        resumed_predictions = ref.predictions(resumed, x)
    _close(resumed_predictions, expected, rtol=1e-5)


def test_include_optimizer_false_and_compile_false_leave_training_out(tmp_path):
    model = ref.build(gg, "input_layer")
    model.compile("adam", "mse")
    _fit(model)
    model.save(str(tmp_path / "bare.h5"), include_optimizer=False)
    model.save(str(tmp_path / "full"))  # TF 1.x saves HDF5 whatever the suffix
    with h5py.File(tmp_path / "bare.h5", "r") as f:
        assert "optimizer_weights" not in f and "training_config" not in f.attrs
    with h5py.File(tmp_path / "full", "r") as f:
        assert "optimizer_weights" in f and "training_config" in f.attrs
    assert keras.models.load_model(str(tmp_path / "bare.h5")).optimizer is None
    loaded = keras.models.load_model(str(tmp_path / "full"), compile=False)
    assert loaded.optimizer is None
    x = ref.inputs_for(model)
    _close(ref.predictions(loaded, x), ref.predictions(model, x))


def test_by_name_loads_matching_layers_and_skip_mismatch_leaves_the_rest(tmp_path):
    source = keras.Sequential([L.Dense(2, input_shape=(3,), name="a"), L.Dense(1, name="b")])
    ref.set_seeded(source)
    source.save_weights(str(tmp_path / "w.h5"))
    target = keras.Sequential([L.Dense(2, input_shape=(4,), name="a"), L.Dense(1, name="b")])
    before = target.get_weights()
    with pytest.raises(ValueError) as info:
        target.load_weights(str(tmp_path / "w.h5"), by_name=True)
    assert info.value.code == "INVALID_KERAS_FILE"
    assert info.value.message.startswith("Shape mismatch in layer #0 (named a) for weight")
    with pytest.warns(UserWarning, match="Skipping loading weights for layer #0"):
        target.load_weights(str(tmp_path / "w.h5"), by_name=True, skip_mismatch=True)
    after = target.get_weights()
    np.testing.assert_array_equal(after[0], before[0])
    np.testing.assert_array_equal(after[2], source.get_weights()[2])


@pytest.mark.parametrize(
    ("build", "key"),
    [
        (lambda: keras.Sequential([L.Dense(2, input_shape=(3,))]), "too_few_layers"),
        (
            lambda: keras.Sequential([L.Dense(2, input_shape=(4,)), L.Dense(1)]),
            "skip_mismatch_needs_by_name",
        ),
    ],
)
def test_weight_file_errors_are_tensorflows(build, key, tmp_path):
    source = keras.Sequential([L.Dense(2, input_shape=(3,)), L.Dense(1)])
    source.save_weights(str(tmp_path / "two.h5"))
    skip = key == "skip_mismatch_needs_by_name"
    with pytest.raises(ValueError) as info:
        build().load_weights(str(tmp_path / "two.h5"), skip_mismatch=skip)
    assert str(info.value).endswith(FIXTURE["objects"][key][1])


def test_a_weight_of_another_shape_is_refused_before_anything_is_assigned(tmp_path):
    source = keras.Sequential([L.Dense(2, input_shape=(3,)), L.Dense(1)])
    source.save_weights(str(tmp_path / "two.h5"))
    target = keras.Sequential([L.Dense(2, input_shape=(4,)), L.Dense(1)])
    before = target.get_weights()
    with pytest.raises(ValueError) as info:
        target.load_weights(str(tmp_path / "two.h5"))
    assert info.value.code == "INVALID_KERAS_FILE"
    assert info.value.details == {"expected": [4, 2], "saved": [3, 2]}
    for a, b in zip(target.get_weights(), before, strict=True):
        np.testing.assert_array_equal(a, b)


def test_missing_and_unreadable_files_have_codes(tmp_path):
    model = keras.Sequential([L.Dense(1, input_shape=(2,))])
    with pytest.raises(OSError) as info:
        keras.models.load_model(str(tmp_path / "nope.h5"))
    assert info.value.code == "MODEL_FILE_NOT_FOUND"
    with pytest.raises(OSError) as info:
        model.load_weights(str(tmp_path / "nope.h5"))
    assert info.value.code == "MODEL_FILE_NOT_FOUND"
    (tmp_path / "junk.h5").write_bytes(b"not hdf5 at all")
    with pytest.raises(ValueError) as info:
        keras.models.load_model(str(tmp_path / "junk.h5"))
    assert info.value.code == "INVALID_KERAS_FILE"
    model.save_weights(str(tmp_path / "weights_only.h5"))
    with pytest.raises(ValueError) as info:
        keras.models.load_model(str(tmp_path / "weights_only.h5"))
    assert info.value.code == "INVALID_KERAS_FILE"
    with pytest.raises(ValueError) as info:
        model.load_weights(str(tmp_path))  # a directory is no weight file
    # Saver.restore's answer to a directory, TF's DataLossError (tests/reference/
    # tf1_fuzzckpt.py), still a ValueError (tf_keras: IsADirectoryError from h5py)
    assert info.value.code == "CHECKPOINT_DATA_LOSS"


def test_a_keras3_h5_is_refused_saying_what_to_do_and_a_tf_keras_one_without_it(tmp_path):
    # GIVEN a model file as Keras 3 (TF 2.16+'s tf.keras) writes it: its version, and its
    # InputLayer's `batch_shape`, which tf_keras cannot load either (a TypeError there)
    model = keras.Sequential([L.Dense(1, input_shape=(2,), name="d")])
    model.save(str(tmp_path / "k3.h5"))
    with h5py.File(tmp_path / "k3.h5", "r+") as f:
        config = json.loads(f.attrs["model_config"])
        config["config"]["layers"][0]["config"]["batch_shape"] = [None, 2]
        f.attrs["model_config"] = json.dumps(config).encode("utf8")
        f.attrs["keras_version"] = b"3.15.1"
    with pytest.raises(ValueError) as info:
        keras.models.load_model(str(tmp_path / "k3.h5"), compile=False)
    assert info.value.code == "INVALID_KERAS_FILE"
    assert "written by Keras 3.15.1" in str(info.value)
    assert "model.export(dir)" in str(info.value)
    # AND the same config under tf_keras' version is only the config's fault
    with h5py.File(tmp_path / "k3.h5", "r+") as f:
        f.attrs["keras_version"] = b"2.21.0"
    with pytest.raises(ValueError) as info:
        keras.models.load_model(str(tmp_path / "k3.h5"), compile=False)
    assert info.value.code == "INVALID_KERAS_FILE" and "Keras 3" not in str(info.value)


def test_without_h5py_hdf5_files_are_refused_naming_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "h5py", None)
    model = keras.Sequential([L.Dense(1, input_shape=(2,))])
    with pytest.raises(ImportError) as info:
        model.save_weights(str(tmp_path / "w.h5"))
    assert info.value.code == "MISSING_DEPENDENCY" and "graphgate[keras]" in info.value.message
    model.save_weights(str(tmp_path / "ckpt"))  # checkpoints need nothing more
    model.load_weights(str(tmp_path / "ckpt"))


def test_a_sequential_built_from_data_keeps_its_input_shape_through_a_file(tmp_path):
    x = np.linspace(-1, 1, 12, dtype=np.float32).reshape(3, 4)
    y = np.array([[0.5], [0.1], [0.9]], np.float32)
    model = keras.Sequential([L.Dense(3, activation="relu"), L.Dense(1)])
    model.compile(keras.optimizers.SGD(0.1, momentum=0.5), "mse")
    model.fit(x, y, epochs=2, verbose=0)
    config = model.get_config()
    assert config["build_input_shape"] == [None, 4]
    assert [c["class_name"] for c in config["layers"]] == ["Dense", "Dense"]
    model.save(str(tmp_path / "m.h5"))
    expected, state = model.predict(x), model.optimizer.get_weights()
    with gg.Graph().as_default():
        loaded = keras.models.load_model(str(tmp_path / "m.h5"))
        np.testing.assert_allclose(loaded.predict(x), expected, rtol=1e-6)
        for a, b in zip(loaded.optimizer.get_weights(), state, strict=True):
            np.testing.assert_array_equal(a, b)


def test_graphgate_and_its_keras_import_h5py_only_for_an_hdf5_file():
    import subprocess

    probe = (
        "import sys, graphgate as gg; "
        "m = gg.keras.Sequential([gg.keras.layers.Dense(1, input_shape=(2,))]); "
        "gg.keras.models.model_from_json(m.to_json()); "
        "print('h5py' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# What TF 1.15's Keras wrote that tf_keras writes otherwise: functional models are "Model",
# and inputs, convolutions, global poolings and regularizers lack later keys.
_TF115_ABSENT = {"ragged", "optional", "groups", "keepdims"}


def _as_tf115(value):
    if isinstance(value, dict):
        if value.get("class_name") == "Functional":
            value = {**value, "class_name": "Model"}
        if value.get("class_name") == "L2":
            value = {"class_name": "L1L2", "config": {"l1": 0.0, **value["config"]}}
        return {k: _as_tf115(v) for k, v in value.items() if k not in _TF115_ABSENT}
    if isinstance(value, list):
        return [_as_tf115(v) for v in value]
    return value


@pytest.mark.parametrize("name", ["dense", "functional_shared", "nested", "conv", "recurrent"])
def test_tf115_shaped_configs_and_files_load(name, tmp_path):
    """GIVEN TF's JSON as TF 1.15 spelled it and TF's weights in a file whose attributes
    are bytes (as TF 1.15's h5py wrote them) WHEN loaded THEN TF's predictions."""
    document = _as_tf115(_tf_json(name))
    with (
        h5py.File(FILES / f"{name}_weights.h5", "r") as theirs,
        h5py.File(tmp_path / "m.h5", "w") as old,
    ):
        weights = old.create_group("model_weights")
        for key in theirs:
            theirs.copy(key, weights)
        names = np.asarray([n.encode() for n in _names(theirs, "layer_names")])
        weights.attrs["layer_names"] = names
        old.attrs["keras_version"] = b"2.2.4-tf"
        old.attrs["model_config"] = json.dumps(document).encode()
    model = keras.models.model_from_json(json.dumps(document))
    model.load_weights(str(tmp_path / "m.h5"))  # a model file's weights, as TF reads them
    _close(ref.predictions(model, ref.inputs_for(model)), FIXTURE["models"][name]["predict"])
    with gg.Graph().as_default():
        loaded = keras.models.load_model(str(tmp_path / "m.h5"))
        x = ref.inputs_for(loaded)
        _close(ref.predictions(loaded, x), FIXTURE["models"][name]["predict"])


def test_a_file_naming_what_it_lacks_is_an_invalid_keras_file(tmp_path):
    model = keras.Sequential([L.Dense(2, input_shape=(3,), name="a"), L.Dense(1, name="b")])
    model.save(str(tmp_path / "m.h5"))
    with h5py.File(tmp_path / "m.h5", "r+") as f:
        del f["model_weights/b"]
    with pytest.raises(ValueError) as info:
        keras.models.load_model(str(tmp_path / "m.h5"))
    assert info.value.code == "INVALID_KERAS_FILE" and "'b'" in info.value.message
    with h5py.File(tmp_path / "m.h5", "r+") as f:
        f.attrs["model_config"] = b"{not json"
    with pytest.raises(ValueError) as info:
        keras.models.load_model(str(tmp_path / "m.h5"))
    assert info.value.code == "INVALID_KERAS_FILE"


def test_a_call_with_tensor_keywords_is_refused_rather_than_dropped():
    """TF 1.15 drops an RNN's `initial_state=` tensor from the config with a warning, and
    the model it rebuilds starts from zeros: a different model. graphgate refuses."""
    steps, state = keras.Input((3, 4)), keras.Input((2,))
    model = keras.Model([steps, state], L.SimpleRNN(2)(steps, initial_state=state))
    with pytest.raises(NotImplementedError) as info:
        model.to_json()
    assert info.value.code == "UNIMPLEMENTED" and "initial_state" in info.value.message
    called = keras.Model(steps, L.Dense(1)(L.Dropout(0.5)(steps, training=True)))
    nodes = json.loads(called.to_json())["config"]["layers"][1]["inbound_nodes"]
    assert nodes == [[["input_1", 0, 0, {"training": True}]]]


# Constructor arguments for the layers that need some (the rest take none).
_ARGS = {
    "Dense": (2,), "Activation": ("tanh",), "Dropout": (0.5,), "Reshape": ((2,),),
    "Permute": ((1,),), "RepeatVector": (2,), "Lambda": (cube,), "Conv1D": (2, 3),
    "Conv2D": (2, 3), "Conv2DTranspose": (2, 3), "Conv3D": (2, 3), "Convolution1D": (2, 3),
    "Convolution2D": (2, 3), "Convolution3D": (2, 3), "SeparableConv2D": (2, 3),
    "SeparableConv1D": (2, 3), "DepthwiseConv2D": (3,), "Dot": (1,), "GaussianNoise": (0.1,),
    "GaussianDropout": (0.1,), "AlphaDropout": (0.1,), "SpatialDropout1D": (0.1,),
    "SpatialDropout2D": (0.1,), "Embedding": (3, 2), "LSTM": (2,), "GRU": (2,),
    "SimpleRNN": (2,), "InputLayer": ((2,),), "Conv3DTranspose": (2, 3),
    "LocallyConnected1D": (2, 3), "LocallyConnected2D": (2, 3), "SimpleRNNCell": (2,),
    "LSTMCell": (2,), "GRUCell": (2,), "CuDNNLSTM": (2,), "CuDNNGRU": (2,),
    "ConvLSTM2D": (2, 3),
}  # fmt: skip
_WRAPPING = {
    "Bidirectional": lambda: (L.GRU(2),),
    "TimeDistributed": lambda: (L.Dense(2),),
    "RNN": lambda: (L.LSTMCell(2),),
    "StackedRNNCells": lambda: ([L.LSTMCell(2), L.GRUCell(3, reset_after=True)],),
}
# Layers whose configs graphgate does not write yet: refused, never written short.
_NO_CONFIG: set[str] = set()
_PUBLIC_LAYERS = sorted(
    n
    for n in L.__all__
    if isinstance(getattr(L, n), type) and issubclass(getattr(L, n), L.Layer) and n != "Layer"
)


@pytest.mark.parametrize("name", _PUBLIC_LAYERS)
def test_every_public_layer_class_comes_back_from_its_config(name):
    cls = getattr(L, name)
    layer = cls(*_WRAPPING[name]()) if name in _WRAPPING else cls(*_ARGS.get(name, ()))
    if name in _NO_CONFIG:
        with pytest.raises(NotImplementedError) as info:
            layer.get_config()
        assert info.value.code == "UNIMPLEMENTED"
        return
    config = layer.get_config()
    assert json.loads(json.dumps(config)) == config
    with keras.utils.custom_object_scope({"cube": cube}):
        again = keras.layers.deserialize({"class_name": name, "config": config})
    assert type(again) is cls and again.get_config() == config


def scaled_mse(y_true, y_pred):
    return keras.losses.mean_squared_error(y_true, y_pred) * 2.0


def test_model_checkpoint_files_and_custom_losses_load_back(tmp_path):
    x = np.linspace(-1, 1, 12, dtype=np.float32).reshape(6, 2)
    y = x.sum(axis=1, keepdims=True)
    model = keras.Sequential([L.Dense(1, input_shape=(2,))])
    model.compile("sgd", scaled_mse)
    path = str(tmp_path / "m.{epoch:02d}.hdf5")
    model.fit(x, y, epochs=2, verbose=0, callbacks=[keras.callbacks.ModelCheckpoint(path)])
    with pytest.raises(ValueError, match="scaled_mse"):
        keras.models.load_model(str(tmp_path / "m.02.hdf5"))
    loaded = keras.models.load_model(str(tmp_path / "m.02.hdf5"), {"scaled_mse": scaled_mse})
    np.testing.assert_allclose(loaded.predict(x), model.predict(x), rtol=1e-6)
    assert loaded.evaluate(x, y, verbose=0) == pytest.approx(model.evaluate(x, y, verbose=0))


def test_an_export_holds_the_models_json_and_load_from_saved_model_rebuilds_it(tmp_path):
    model = ref.build(gg, "functional_shared")
    ref.set_seeded(model)
    x = ref.inputs_for(model)
    expected = ref.predictions(model, x)
    keras.experimental.export_saved_model(model, str(tmp_path / "1"))
    text = (tmp_path / "1" / "assets" / "saved_model.json").read_text()
    assert json.loads(text) == json.loads(model.to_json())  # TF 1.15's assets file
    with gg.Graph().as_default():
        gg.keras.layers.Dense(3)(keras.Input((2,)))  # names the new graph already holds
        loaded = keras.experimental.load_from_saved_model(str(tmp_path / "1"))
        _close(ref.predictions(loaded, x), expected)
    with gg.Graph().as_default(), gg.Session() as sess:
        served = gg.saved_model.loader.load(sess, ["serve"], str(tmp_path / "1"))
        assert list(served.signature_def) == ["serving_default"]
    (tmp_path / "1" / "assets" / "graphgate_keras_state.json").unlink()  # as TF writes it
    with pytest.raises(NotImplementedError) as info:
        keras.models.load_model(str(tmp_path / "1"))
    assert info.value.code == "UNIMPLEMENTED"
    (tmp_path / "1" / "assets" / "saved_model.json").unlink()
    with pytest.raises(OSError) as info:
        keras.experimental.load_from_saved_model(str(tmp_path / "1"))
    assert info.value.code == "MODEL_FILE_NOT_FOUND"


@pytest.mark.parametrize("name", ["input_layer", "nested", "embedding"])
def test_save_format_tf_is_a_servable_directory_that_loads_and_resumes(name, tmp_path):
    model = ref.build(gg, name)
    ref.set_seeded(model)
    model.compile(**ref.compile_args(gg, name))
    _fit(model, 2)
    model.save(str(tmp_path / "sm"), save_format="tf")
    x = ref.inputs_for(model)
    expected = ref.predictions(model, x)
    _fit(model)
    resumed_expected = ref.predictions(model, x)
    with gg.Graph().as_default(), gg.Session() as sess:
        served = gg.saved_model.loader.load(sess, ["serve"], str(tmp_path / "sm"))
        assert list(served.signature_def) == ["serving_default"]
    with gg.Graph().as_default():
        loaded = keras.models.load_model(str(tmp_path / "sm"))
        _close(ref.predictions(loaded, x), expected)
        _fit(loaded)
        _close(ref.predictions(loaded, x), resumed_expected, rtol=1e-5)
    with gg.Graph().as_default():
        bare = keras.models.load_model(str(tmp_path / "sm"), compile=False)
        assert bare.optimizer is None


def test_optimizer_state_that_does_not_fit_leaves_a_fresh_optimizer_with_tfs_warning(tmp_path):
    """Standalone Keras 2.2's Adam saved `vhat` slots too; TF's tf.keras loads such a file
    with a fresh optimizer and a warning, and so does graphgate."""
    model = keras.Sequential([L.Dense(1, input_shape=(2,))])
    model.compile("adam", "mse")
    model.save(str(tmp_path / "m.h5"))
    with h5py.File(tmp_path / "m.h5", "r+") as f:
        group = f["optimizer_weights"]
        group.create_dataset("vhat:0", data=np.zeros(1, np.float32))
        group.attrs["weight_names"] = np.asarray([*group.attrs["weight_names"], b"vhat:0"])
    with pytest.warns(UserWarning, match="freshly initialized optimizer"):
        loaded = keras.models.load_model(str(tmp_path / "m.h5"))
    assert int(loaded.optimizer.get_weights()[0]) == 0


# -- random models -----------------------------------------------------------------------------

_STACKABLE = [
    lambda d: L.Dense(d.draw(st.integers(1, 4)), activation=d.draw(st.sampled_from(_ACTS))),
    lambda d: L.Dropout(d.draw(st.floats(0.0, 0.9)), seed=d.draw(st.none() | st.integers(0, 9))),
    lambda d: L.BatchNormalization(
        momentum=d.draw(st.floats(0.5, 0.99)), epsilon=d.draw(st.floats(1e-5, 1e-2))
    ),
    lambda d: L.LayerNormalization(epsilon=d.draw(st.floats(1e-5, 1e-2))),
    lambda d: L.Activation(d.draw(st.sampled_from(_ACTS))),
    lambda d: L.LeakyReLU(d.draw(st.floats(0.0, 1.0))),
    lambda d: L.Dense(
        2,
        kernel_regularizer=keras.regularizers.l1_l2(*d.draw(st.tuples(_FACTOR, _FACTOR))),
        kernel_constraint=d.draw(st.sampled_from([None, "max_norm", "non_neg", "unit_norm"])),
        kernel_initializer=d.draw(st.sampled_from(["he_uniform", "orthogonal", "lecun_normal"])),
    ),
]
_ACTS = ["relu", "tanh", "sigmoid", "linear", "elu", "selu", "softplus", "hard_sigmoid"]
_FACTOR = st.floats(0.0, 1.0)


@given(st.data())
@settings(max_examples=scaled(15, 300))
def test_random_stacks_round_trip_through_json_and_hdf5(tmp_path_factory, data):
    """Any stack of these layers, with any settings, comes back from its JSON with the
    same JSON, and from its HDF5 file with the same predictions."""
    width = data.draw(st.integers(1, 5))
    with gg.Graph().as_default():
        layers = [
            data.draw(st.sampled_from(_STACKABLE))(data)
            for _ in range(data.draw(st.integers(1, 4)))
        ]
        model = keras.Sequential([keras.layers.InputLayer((width,)), *layers])
        text = model.to_json()
        assert keras.models.model_from_json(text).to_json() == text
        x = np.linspace(-2, 2, 3 * width, dtype=np.float32).reshape(3, width)
        expected = model.predict(x)
        path = str(tmp_path_factory.mktemp("stack") / "m.h5")
        model.save(path)
    with gg.Graph().as_default():
        loaded = keras.models.load_model(path)
        assert loaded.to_json() == text
        np.testing.assert_allclose(loaded.predict(x), expected, rtol=1e-6, atol=1e-7)


def test_overwrite_false_keeps_an_existing_file_and_says_so(tmp_path):
    model = keras.Sequential([L.Dense(1, input_shape=(2,))])
    (tmp_path / "w.h5").write_bytes(b"mine")
    with pytest.warns(UserWarning, match="overwrite=False"):
        model.save_weights(str(tmp_path / "w.h5"), overwrite=False)
    with pytest.warns(UserWarning, match="overwrite=False"):
        model.save(str(tmp_path / "w.h5"), overwrite=False)
    assert (tmp_path / "w.h5").read_bytes() == b"mine"


def test_open_h5py_files_are_taken_as_paths_are(tmp_path):
    model = ref.build(gg, "dense")
    ref.set_seeded(model)
    x = ref.inputs_for(model)
    expected = ref.predictions(model, x)
    with h5py.File(tmp_path / "m.h5", "w") as f:
        keras.models.save_model(model, f)
    with h5py.File(tmp_path / "w.h5", "w") as f:
        model.save_weights(f)
    with gg.Graph().as_default(), h5py.File(tmp_path / "m.h5", "r") as f:
        _close(ref.predictions(keras.models.load_model(f), x), expected)
        assert f.attrs["keras_version"]  # still open
    with gg.Graph().as_default(), h5py.File(tmp_path / "w.h5", "r") as f:
        again = ref.build(gg, "dense")
        again.load_weights(f)
        _close(ref.predictions(again, x), expected)


def _drop(path, key):
    return lambda f: f[path].attrs.__delitem__(key)


def _set(path, key, value):
    return lambda f: f[path].attrs.__setitem__(key, value)


def _replace(path, make):
    def change(f):
        group, name = path.rsplit("/", 1)
        del f[path]
        make(f[group], name)

    return change


@pytest.mark.parametrize(
    "damage",
    [
        _set("model_weights", "layer_names", np.arange(3)),
        _set("model_weights", "layer_names", b"dense"),
        _drop("model_weights/dense", "weight_names"),
        _replace("model_weights/dense/dense/kernel:0", lambda g, n: g.create_group(n)),
        _replace(
            "model_weights/dense/dense/kernel:0",
            lambda g, n: g.create_dataset(n, data=np.full((3, 2), b"a")),
        ),
        _set("/", "model_config", b"[1, 2]"),
        _set("/", "model_config", b'{"config": {}}'),
        _set("/", "model_config", b'{"class_name": "Sequential", "config": {"layers": "x"}}'),
        _set("/", "training_config", b'{"loss": "mse"}'),
        _set("optimizer_weights", "weight_names", np.arange(2)),
    ],
)
def test_a_damaged_model_file_is_a_coded_error_never_a_python_one(damage, tmp_path):
    model = keras.Sequential([L.Dense(2, input_shape=(3,), name="dense"), L.Dense(1, name="out")])
    model.compile("adam", "mse")
    model.save(str(tmp_path / "m.h5"))
    with h5py.File(tmp_path / "m.h5", "r+") as f:
        damage(f)
    with gg.Graph().as_default(), pytest.raises(GraphgateError):
        keras.models.load_model(str(tmp_path / "m.h5"))


def test_layers_of_one_name_cannot_share_a_weight_file(tmp_path):
    model = keras.Sequential([L.Dense(2, input_shape=(3,), name="dense"), L.Dense(1)])
    (tmp_path / "w.h5").write_bytes(b"mine")
    with pytest.raises(ValueError) as info:
        model.save_weights(str(tmp_path / "w.h5"))
    assert info.value.code == "DUPLICATE_NAME" and "used 2 times" in info.value.message
    assert (tmp_path / "w.h5").read_bytes() == b"mine"  # refused before writing over it


def test_the_recurrent_cell_attention_and_local_layers_write_tensorflows_configs():
    layers = [
        L.Conv3DTranspose(2, 3, strides=2, name="c3t"),
        L.Attention(use_scale=True, dropout=0.1, name="att"),
        L.AdditiveAttention(name="add_att"),
        L.LocallyConnected1D(2, 3, strides=2, activation="relu", name="lc1"),
        L.LocallyConnected2D(2, (2, 3), name="lc2"),
        L.SimpleRNNCell(2, activation="relu", name="src"),
        L.LSTMCell(3, name="lc", dropout=0.1),
        L.GRUCell(2, reset_after=True, name="gc"),
        L.RNN(L.LSTMCell(2, name="inner"), return_sequences=True, name="rnn"),
        L.StackedRNNCells([L.LSTMCell(2, name="s1"), L.GRUCell(3, name="s2")], name="stack"),
        L.CuDNNLSTM(2, name="cl"),
        L.CuDNNGRU(3, return_sequences=True, name="cg"),
        L.ConvLSTM2D(2, 3, padding="same", return_sequences=True, name="clstm"),
    ]
    theirs = FIXTURE["objects"]["layer_configs"]
    assert {type(la).__name__: L.serialize(la) for la in layers} == theirs
    for config in theirs.values():
        assert L.serialize(L.deserialize(config)) == config


def test_tf_format_weights_make_every_missing_directory_as_keras_does(tmp_path):
    # tf_keras' checkpoint writer makes the directories a Saver would not (pinned by hand
    # against tf_keras 2.21: `save_weights("a/b/w.ckpt")` into an empty directory writes)
    with gg.Graph().as_default(), gg.Session() as sess:
        gg.keras.backend.set_session(sess)
        model = gg.keras.Sequential([gg.keras.layers.Dense(2, input_shape=(3,))])
        model.save_weights(str(tmp_path / "a" / "b" / "w.ckpt"))
        gg.keras.backend.set_session(None)
    assert gg.train.latest_checkpoint(str(tmp_path / "a" / "b")).endswith("w.ckpt")
    # while a Saver, as TF's, makes only the prefix's own directory
    with gg.Graph().as_default(), gg.Session() as sess:
        w = gg.Variable(1.0, name="w")
        sess.run(w.initializer)
        saver = gg.train.Saver()
        with pytest.raises(ValueError, match=r"Parent directory of .* doesn't exist") as info:
            saver.save(sess, str(tmp_path / "c" / "d" / "m"))
        assert info.value.code == "CHECKPOINT_DIR_NOT_FOUND"
        assert saver.save(sess, str(tmp_path / "c" / "m")).endswith("m")


TF2_H5 = ROOT / "tests" / "e2e" / "fixtures" / "scenarios12"


def test_a_file_compiled_with_tf_keras_tf2_optimizer_loads_its_weights_and_ignores_it():
    # GIVEN the HDF5 file tf_keras wrote after an eager `fit` with `keras.optimizers.Adam`
    # (its training config: `Custom>Adam`, `is_legacy_optimizer: false`; its optimizer
    # weights `iteration:0`, `Adam/m/dense/kernel:0`, ...; tests/reference/scenarios12.py)
    path = str(TF2_H5 / "tf" / "keras.h5")
    with h5py.File(path) as f:
        optimizer = json.loads(f.attrs["training_config"])["optimizer_config"]
        assert "Adam/m/" in str(list(f["optimizer_weights"].attrs["weight_names"]))
    assert optimizer["class_name"] == "Custom>Adam"
    predicted = json.loads((TF2_H5 / "expected.json").read_text())["keras"]["predict_test"]
    rows = np.random.RandomState(12).randn(96, 4).astype(np.float32)[:6]
    # WHEN it is loaded as it is (it was UNIMPLEMENTED unless compile=False)
    with gg.Graph().as_default():
        with pytest.warns(UserWarning, match="optimizer's state is ignored"):
            model = keras.models.load_model(path)
        # THEN the model predicts what TF's `predict` did, uncompiled: training says so
        np.testing.assert_allclose(model.predict(rows), predicted, rtol=1e-5, atol=1e-7)
        assert model.optimizer is None
        with pytest.raises(RuntimeError, match="compile"):
            model.fit(rows, np.zeros([6, 3], np.float32), verbose=0)
    # and compile=False loads it quietly, as before
    with gg.Graph().as_default(), warnings.catch_warnings():
        warnings.simplefilter("error")
        model = keras.models.load_model(path, compile=False)
        np.testing.assert_allclose(model.predict(rows), predicted, rtol=1e-5, atol=1e-7)
    # and the optimizer's config alone is still refused, naming what to do instead
    with pytest.raises(GraphgateError) as info:
        keras.optimizers.deserialize(optimizer)
    assert info.value.code == "UNIMPLEMENTED" and info.value.details == {"optimizer": "Custom>Adam"}
    # and a `Custom>Adam` the user registered is theirs, not refused
    config = {**optimizer, "config": {"learning_rate": 0.5}}
    mine = keras.optimizers.deserialize(config, {"Custom>Adam": keras.optimizers.SGD})
    assert isinstance(mine, keras.optimizers.SGD)
