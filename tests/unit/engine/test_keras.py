"""gg.keras behaviour that is graphgate's own: what it refuses (with stable codes), the
wire-format round trip of a Keras-built graph, and the TF1 idioms around Keras' learning
phase. Values, names and training trajectories are pinned to TensorFlow in
test_tf1_keras.py."""

from __future__ import annotations

import re

import numpy as np
import pytest

import graphgate as gg
from graphgate.errors import GraphgateError

keras = gg.keras
L = keras.layers
K = keras.backend


@pytest.fixture(autouse=True)
def graph(request):
    if "clear_session" in request.node.name:  # it resets the global default graph
        gg.reset_default_graph()
        yield gg.get_default_graph()
        gg.reset_default_graph()
        return
    g = gg.Graph()
    with g.as_default():
        yield g


def _small_model():
    model = keras.Sequential([L.Dense(3, activation="relu", input_shape=(2,)), L.Dense(1)])
    model.compile("sgd", "mse")
    return model


@pytest.mark.parametrize(
    "call",
    [
        lambda: keras.datasets.mnist.load_data(),
        lambda: L.LSTM(2, time_major=True),
        lambda: keras.callbacks.TensorBoard(histogram_freq=1),
        lambda: keras.applications.VGG16(weights=None),
        lambda: _small_model().predict(gg.ones([2, 2])),
        lambda: keras.utils.plot_model(_small_model()),
    ],
)
def test_what_graphgate_does_not_do_is_refused_with_a_code(call):
    with pytest.raises(GraphgateError) as info:
        call()
    assert info.value.code == "UNIMPLEMENTED"


def test_a_learning_phase_fed_as_an_int_switches_dropout_and_other_ints_are_refused():
    x = gg.constant(np.ones((4, 50), np.float32))
    y = L.Dropout(0.5)(x)
    sess = K.get_session()
    assert np.array_equal(sess.run(y, {K.learning_phase(): 0}), np.ones((4, 50)))
    trained = sess.run(y, {K.learning_phase(): 1})
    assert set(np.unique(trained)) <= {0.0, 2.0} and (trained == 0).any()
    with pytest.raises(GraphgateError) as info:
        sess.run(y, {K.learning_phase(): 2})
    assert info.value.code == "FEED_DTYPE_MISMATCH"


def test_batch_norm_training_gradients_ignore_unusable_moving_statistics():
    # GIVEN a moving variance no inference could use (negative: NaN outputs there)
    x = gg.placeholder(gg.float32, [None, 2])
    bn = L.BatchNormalization()
    y = bn(x)
    bn.set_weights([np.ones(2), np.zeros(2), np.zeros(2), np.full(2, -4.0)])
    grads = gg.gradients(
        gg.reduce_sum(gg.square(y)) + gg.reduce_sum(y[:, :1]), [x, *bn.weights[:2]]
    )
    feed = {x: np.array([[1.0, 2.0], [3.0, 5.0]], np.float32), K.learning_phase(): True}
    # WHEN training THEN the batch's statistics alone reach the gradients, as TF's cond
    assert all(np.isfinite(g).all() for g in K.get_session().run(grads, feed))


def test_dropout_draws_no_mask_outside_training():
    x = gg.constant(np.ones((4, 50), np.float32))
    y = L.Dropout(0.5, seed=3)(x)
    sess = K.get_session()
    first = sess.run(y, {K.learning_phase(): 1})
    sess.run(y, {K.learning_phase(): 0})  # a predict or validation pass in between
    second = sess.run(y, {K.learning_phase(): 1})
    with gg.Graph().as_default():
        z = L.Dropout(0.5, seed=3)(gg.constant(np.ones((4, 50), np.float32)))
        alone = [K.get_session().run(z, {K.learning_phase(): 1}) for _ in range(2)]
    assert np.array_equal(first, alone[0]) and np.array_equal(second, alone[1])


def test_a_fixed_learning_phase_builds_training_behaviour_into_the_graph():
    K.set_learning_phase(1)
    y = L.Dropout(0.5)(gg.constant(np.ones((4, 50), np.float32)))
    assert (K.get_session().run(y) == 0).any()


def test_clear_session_starts_names_again():
    L.Dense(1)(gg.placeholder(gg.float32, [None, 2]))
    K.clear_session()
    d = L.Dense(1)
    d(gg.placeholder(gg.float32, [None, 2]))
    assert [v.name for v in d.weights] == ["dense/kernel:0", "dense/bias:0"]


def test_a_keras_graph_round_trips_the_wire_format_and_predicts_the_same(graph):
    model = keras.Sequential(
        [L.Conv2D(2, 3, activation="relu", input_shape=(5, 5, 1)), L.BatchNormalization(),
         L.Flatten(), L.Dropout(0.3), L.Dense(2, activation="softmax")]
    )  # fmt: skip
    model.compile("adam", "categorical_crossentropy", metrics=["accuracy"])
    rng = np.random.RandomState(0)
    x = rng.randn(6, 5, 5, 1).astype(np.float32)
    model.fit(x, np.eye(2)[[0, 1] * 3], epochs=2, verbose=0)
    expected = model.predict(x)
    values = K.get_session().get_variables()

    # WHEN the graph travels as a document and runs in a fresh session
    g2 = gg.graph_from_dict(gg.graph_to_dict(graph))
    sess = gg.Session(g2)
    sess.set_variables(values)

    # THEN it answers as predict did (the learning phase defaults to inference)
    answer = sess.run(model.output.name, {model.input.name: x})
    np.testing.assert_allclose(answer, expected, rtol=1e-6)


def test_the_deferred_sequential_builds_on_the_first_fit():
    model = keras.Sequential([L.Dense(2), L.Dense(1)])
    with pytest.raises(ValueError):
        model.summary()
    model.compile("sgd", "mse")
    model.fit(np.ones((4, 3)), np.ones(4), verbose=0)
    assert model.input_shape == (None, 3) and model.output_shape == (None, 1)
    # TF calls the model on the data, so its layers are made in the model's name scope
    # (tf_keras 2.21 names them so; `build(input_shape)` would not)
    assert [v.name for v in model.weights] == [
        "sequential/dense/kernel:0",
        "sequential/dense/bias:0",
        "sequential/dense_1/kernel:0",
        "sequential/dense_1/bias:0",
    ]


def test_a_subclassed_model_trains_its_attribute_layers():
    class Net(keras.Model):
        def __init__(self):
            super().__init__()
            self.hidden = L.Dense(4, activation="tanh")
            self.out = L.Dense(1)

        def call(self, inputs):
            return self.out(self.hidden(inputs))

    net = Net()
    net.compile(keras.optimizers.SGD(0.1), "mse")
    x = np.random.RandomState(1).randn(16, 2).astype(np.float32)
    history = net.fit(x, x[:, :1] - x[:, 1:], epochs=5, batch_size=16, verbose=0)
    assert net.name == "net" and len(net.weights) == 4
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_constraints_hold_after_each_step():
    model = keras.Sequential(
        [L.Dense(3, input_shape=(2,), kernel_constraint=keras.constraints.NonNeg())]
    )
    model.compile(keras.optimizers.SGD(1.0), "mse")
    model.fit(np.ones((4, 2)), -np.ones((4, 3)) * 10, epochs=2, verbose=0)
    assert (model.layers[0].get_weights()[0] >= 0).all()


def test_fit_prints_what_tf1_keras_prints(capsys):
    model = _small_model()
    model.fit(np.ones((8, 2)), np.ones(8), epochs=2, batch_size=4, verbose=2)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Train on 8 samples"
    assert lines[1] == "Epoch 1/2"
    assert re.fullmatch(r"8/8 - \d+s - loss: [-+.e\d]+ - \d+ms/epoch - \d+[um]s/sample", lines[2])


def test_a_mismatched_array_is_a_value_error_naming_the_input():
    model = _small_model()
    with pytest.raises(ValueError, match="expected dense_input to have shape"):
        model.fit(np.ones((4, 3)), np.ones(4), verbose=0)


def test_fit_takes_a_shuffled_sequence_and_a_generator_as_x():
    class Halves(keras.utils.Sequence):
        def __init__(self):
            self.seen = []

        def __len__(self):
            return 2

        def __getitem__(self, i):
            self.seen.append(i)
            return np.full((2, 2), i, np.float32), np.full((2, 1), i, np.float32)

    model = _small_model()
    data = Halves()
    history = model.fit(data, epochs=3, verbose=0)
    assert len(history.history["loss"]) == 3 and sorted(data.seen) == [0, 0, 0, 1, 1, 1]

    def batches():
        while True:
            yield np.ones((2, 2), np.float32), np.ones((2, 1), np.float32)

    assert len(model.fit(batches(), steps_per_epoch=2, epochs=2, verbose=0).epoch) == 2
    assert model.predict(batches(), steps=3).shape == (6, 1)


def test_export_saved_model_serves_the_model_under_its_layer_names(tmp_path):
    model = keras.Sequential([L.Dense(2, activation="softmax", input_shape=(3,), name="probs")])
    model.compile("sgd", "categorical_crossentropy")
    x = np.random.RandomState(2).randn(4, 3).astype(np.float32)
    expected = model.predict(x)
    keras.experimental.export_saved_model(model, str(tmp_path / "1"))

    # WHEN the export is loaded into a fresh graph and its signature is run
    graph = gg.Graph()
    with graph.as_default(), gg.Session(graph=graph) as sess:
        meta = gg.saved_model.loader.load(sess, ["serve"], str(tmp_path / "1"))
        signature = meta.signature_def["serving_default"]
        feed = {signature.inputs["probs_input"].name: x}
        answer = sess.run(signature.outputs["probs"].name, feed)

    # THEN it answers as predict did
    np.testing.assert_allclose(answer, expected, rtol=1e-6)


def test_sequential_predict_classes_as_tf1():
    # tf_keras dropped predict_classes, so TF 1.15's documented rule is tested directly.
    model = keras.Sequential([L.Dense(3, activation="softmax", input_shape=(2,))])
    model.set_weights([np.array([[1.0, 0.0, -1.0], [0.0, 2.0, 0.0]], np.float32), np.zeros(3)])
    x = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]], np.float32)
    assert model.predict_classes(x).tolist() == [0, 1, 2]
    binary = keras.Sequential([L.Dense(1, activation="sigmoid", input_shape=(2,))])
    binary.set_weights([np.array([[1.0], [-1.0]], np.float32), np.zeros(1)])
    classes = binary.predict_classes(x)
    assert classes.dtype == np.int32 and classes.tolist() == [[1], [0], [0]]
    np.testing.assert_array_equal(binary.predict_proba(x), binary.predict(x))


def test_star_import_of_the_layers_gives_every_layer():
    namespace: dict = {}
    exec("from graphgate.keras.layers import *", namespace)
    for name in ("Dense", "Conv2D", "LSTM", "Bidirectional", "Input", "concatenate"):
        assert name in namespace
    assert "Any" not in namespace and "Tensor" not in namespace


def test_a_dataset_without_targets_is_refused_with_keras_message():
    model = keras.Sequential([L.Dense(1, input_shape=(2,))])
    model.compile("sgd", "mse")
    with pytest.raises(ValueError, match="list or tuple of 2 or 3 elements"):
        model.fit(gg.data.Dataset.range(4), verbose=0)


def test_total_loss_runs_without_feeding_sample_weights():
    # GIVEN a compiled model, as TF1 code that runs model.total_loss by hand
    model = _small_model()
    x, y = np.ones((3, 2), np.float32), np.zeros((3, 1), np.float32)
    # WHEN only the inputs and targets are fed THEN the weights default to ones (TF's
    # placeholder_with_default) and the loss is evaluate's
    loss = K.get_session().run(model.total_loss, {model.input: x, model.targets[0]: y})
    assert np.isclose(loss, model.evaluate(x, y, verbose=0))


def test_a_frozen_layer_or_model_runs_no_updates():
    # GIVEN a BatchNormalization frozen inside a frozen model, as TF1 transfer learning
    base = keras.Sequential([L.BatchNormalization(input_shape=(2,))])
    base.trainable = False
    model = keras.Sequential([base, L.Dense(1)])
    model.compile("sgd", "mse")
    # WHEN it trains THEN its moving statistics stay (TF1's Keras drops their updates)
    model.fit(np.full((4, 2), 3.0, np.float32), np.ones((4, 1), np.float32), verbose=0)
    assert base.updates == []
    assert np.array_equal(base.layers[0].get_weights()[2], np.zeros(2))
