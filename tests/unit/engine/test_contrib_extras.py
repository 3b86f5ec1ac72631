"""`tf.contrib.losses` / `contrib.metrics` (TF 1.0's argument orders), slim's variable
getters and `contrib.training.HParams`, as TF 1.15 documents them (TF 2 ships no contrib to
record values from: the losses and metrics are checked against `gg.losses`/`gg.metrics`
called with the arguments in their places, whose values are pinned to TF elsewhere)."""

import json

import numpy as np
import pytest

import graphgate.compat.v1 as tf

LABELS = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], np.float32)
LOGITS = np.array([[0.2, 1.5, -0.3], [2.0, 0.1, 0.4]], np.float32)
WEIGHTS = np.array([1.0, 0.5], np.float32)


def _value(t):
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        return sess.run(t)


@pytest.mark.parametrize(
    "contrib, plain",
    [
        (
            lambda: tf.contrib.losses.mean_squared_error(LOGITS, LABELS),
            lambda: tf.losses.mean_squared_error(LABELS, LOGITS),
        ),
        (
            lambda: tf.contrib.losses.absolute_difference(LOGITS, LABELS, weights=2.0),
            lambda: tf.losses.absolute_difference(LABELS, LOGITS, weights=2.0),
        ),
        (
            lambda: tf.contrib.losses.softmax_cross_entropy(LOGITS, LABELS, WEIGHTS, 0.1),
            lambda: tf.losses.softmax_cross_entropy(LABELS, LOGITS, WEIGHTS, 0.1),
        ),
        (
            lambda: tf.contrib.losses.sparse_softmax_cross_entropy(LOGITS, [1, 0]),
            lambda: tf.losses.sparse_softmax_cross_entropy([1, 0], LOGITS),
        ),
        (
            lambda: tf.contrib.losses.sigmoid_cross_entropy(LOGITS, LABELS),
            lambda: tf.losses.sigmoid_cross_entropy(LABELS, LOGITS),
        ),
        (
            lambda: tf.contrib.losses.log_loss(np.clip(LOGITS, 0.1, 0.9), LABELS),
            lambda: tf.losses.log_loss(LABELS, np.clip(LOGITS, 0.1, 0.9)),
        ),
    ],
)
def test_contrib_losses_take_predictions_first_and_compute_tf_losses(contrib, plain):
    with tf.Graph().as_default():
        ours, reference = contrib(), plain()
        assert np.isclose(_value(ours), _value(reference))
        assert len(tf.get_collection(tf.GraphKeys.LOSSES)) == 2  # each added to LOSSES


def test_streaming_metrics_take_predictions_first():
    with tf.Graph().as_default():
        predictions, labels = tf.constant([1, 0, 1, 1]), tf.constant([1, 1, 1, 0])
        acc, update = tf.contrib.metrics.streaming_accuracy(predictions, labels)
        rec, rec_update = tf.contrib.metrics.streaming_recall(predictions, labels)
        mean, mean_update = tf.contrib.metrics.streaming_mean([1.0, 2.0, 6.0])
        values, updates = tf.contrib.metrics.aggregate_metric_map(
            {"acc": (acc, update), "mean": (mean, mean_update)}
        )
        with tf.Session() as sess:
            sess.run(tf.local_variables_initializer())
            sess.run([updates["acc"], updates["mean"], rec_update])
            assert sess.run([values["acc"], values["mean"]]) == [0.5, 3.0]
            assert np.isclose(sess.run(rec), 2 / 3)
        assert acc.op.name.startswith("accuracy")


def test_slim_variable_getters_select_as_tf1():
    with tf.Graph().as_default():
        with tf.variable_scope("net"):
            w = tf.get_variable("w", [1])
            with tf.variable_scope("logits"):
                b = tf.get_variable("biases", [1])
        other = tf.get_variable("other/biases", [1], trainable=False)
        fw = tf.contrib.framework
        assert fw.get_variables("net") == [w, b]
        assert fw.get_variables(suffix="biases") == [b, other]
        assert fw.get_trainable_variables() == [w, b]
        assert fw.get_unique_variable("net/w") is w
        assert fw.get_variables_to_restore(exclude=["net/logits"]) == [w, other]
        assert tf.contrib.slim.get_variables_to_restore(include=["net"]) == [w, b]
        with pytest.raises(ValueError, match="not a list or a tuple"):
            fw.get_variables_to_restore(exclude="net/logits")
        with pytest.raises(ValueError, match="Couldn't find variable"):
            fw.get_unique_variable("nope")


def test_hparams_fix_types_parse_strings_and_round_trip_json():
    hp = tf.contrib.training.HParams(
        learning_rate=0.1, layers=[64, 32], name="mlp", bn=True, steps=10
    )
    hp.parse("learning_rate=0.02, layers=[8,4,2],bn=false,steps=20")
    assert hp.values() == {
        "learning_rate": 0.02,
        "layers": [8, 4, 2],
        "name": "mlp",
        "bn": False,
        "steps": 20,
    }
    hp.set_hparam("learning_rate", 1)  # an int where a float is: cast
    assert isinstance(hp.learning_rate, float)
    for bad in (("steps", 0.5), ("bn", 1), ("name", 3), ("layers", 3), ("steps", [1])):
        with pytest.raises(ValueError):
            hp.set_hparam(*bad)
    with pytest.raises(ValueError, match="Unknown hyperparameter"):
        hp.parse("dropout=0.5")
    with pytest.raises(ValueError, match="Could not parse"):
        hp.parse("steps=many")
    with pytest.raises(ValueError, match="reserved"):
        hp.add_hparam("steps", 3)
    again = tf.contrib.training.HParams(learning_rate=0.0, layers=[1], name="", bn=True, steps=0)
    again.parse_json(hp.to_json())
    assert again.values() == hp.values()
    assert json.loads(hp.to_json(sort_keys=True))["layers"] == [8, 4, 2]
    assert hp.get("steps") == 20 and hp.get("missing", 7) == 7 and "bn" in hp
    hp.del_hparam("bn")
    assert "bn" not in hp and not hasattr(hp, "bn")
    assert str(hp).startswith("[('layers', [8, 4, 2])")


def test_contrib_distributions_is_tf_distributions():
    assert tf.contrib.distributions.Normal is tf.distributions.Normal
