"""tf.estimator and tf.feature_column behaviour the TF reference programs do not cover:
graphgate's refusals (each with its stable code), TF's eval `loss` as the mean of batch
losses worked out by hand, shuffled numpy input, and the compat.v1 spelling."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
import graphgate.compat.v1 as tf1

X = np.arange(20, dtype=np.float32).reshape(10, 2) / 10
Y = (X @ np.array([[1.0], [-2.0]], np.float32) + 0.3).astype(np.float32)


def _model_fn(features, labels, mode):
    w = gg.get_variable("w", [2, 1], initializer=gg.constant_initializer(0.5))
    pred = gg.matmul(features["x"], w)
    if mode == gg.estimator.ModeKeys.PREDICT:
        return gg.estimator.EstimatorSpec(mode, predictions=pred)
    loss = gg.losses.mean_squared_error(labels, pred)
    train_op = gg.train.GradientDescentOptimizer(0.1).minimize(loss, gg.train.get_global_step())
    return gg.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)


def _input(batch_size=4, epochs=1, shuffle=False):
    return gg.estimator.inputs.numpy_input_fn(
        {"x": X}, Y, batch_size=batch_size, num_epochs=epochs, shuffle=shuffle
    )


def test_eval_loss_is_the_mean_of_batch_losses_not_of_examples(tmp_path):
    # GIVEN an untrained model (w = 0.5) and 10 examples in batches of 4, 4 and 2
    est = gg.estimator.Estimator(_model_fn, model_dir=str(tmp_path))
    # WHEN it is evaluated
    result = est.evaluate(_input())
    # THEN 'loss' is the mean of the three batch MSEs, as TF's estimator reports it
    errors = (X @ np.array([[0.5], [0.5]], np.float32) - Y) ** 2
    batches = [errors[0:4].mean(), errors[4:8].mean(), errors[8:10].mean()]
    assert result["loss"] == pytest.approx(np.mean(batches), rel=1e-6)
    assert result["loss"] != pytest.approx(errors.mean(), rel=1e-3)
    assert result["global_step"] == 0


def test_shuffled_numpy_input_sees_every_example_once_per_epoch():
    fn = gg.estimator.inputs.numpy_input_fn(
        {"x": X}, Y, batch_size=3, num_epochs=2, shuffle=True, queue_capacity=10
    )
    gg.reset_default_graph()
    gg.set_random_seed(3)
    features, _ = fn()
    seen = []
    with gg.train.MonitoredSession() as sess:
        while not sess.should_stop():
            seen.append(sess.run(features["x"]))
    rows = np.concatenate(seen)
    assert rows.shape == (20, 2)
    assert not np.array_equal(rows[:10], X)  # shuffled (the order differs from TF's queue)
    counts = {tuple(r): 0 for r in X}
    for r in rows:
        counts[tuple(r)] += 1
    assert set(counts.values()) == {2}


def test_compat_v1_spelling_reaches_the_same_estimator():
    assert tf1.estimator.inputs.numpy_input_fn is gg.estimator.inputs.numpy_input_fn
    assert tf1.estimator.Estimator is gg.estimator.Estimator
    assert tf1.feature_column.input_layer is gg.feature_column.input_layer


@pytest.mark.parametrize(
    "build",
    [
        lambda: gg.estimator.DNNClassifier(
            [2], [gg.feature_column.numeric_column("x")], batch_norm=True
        ),
        lambda: gg.estimator.WarmStartSettings("/nowhere", var_name_to_vocab_info={"w": 1}),
        lambda: gg.estimator.RunConfig(train_distribute=object()),
    ],
)
def test_what_is_not_built_is_refused_not_approximated(build):
    with pytest.raises(NotImplementedError) as info:
        build()
    assert info.value.code == "UNIMPLEMENTED"


def test_estimator_errors_carry_stable_codes(tmp_path):
    with pytest.raises(ValueError) as info:
        gg.estimator.Estimator(lambda x: None)
    assert info.value.code == "INVALID_ESTIMATOR"
    with pytest.raises(TypeError) as info:
        gg.estimator.inputs.numpy_input_fn([1.0], shuffle=False)()
    assert info.value.code == "INVALID_ESTIMATOR_TYPE"
    with pytest.raises(ValueError) as info:
        gg.feature_column.bucketized_column(gg.feature_column.numeric_column("b"), [2.0, 1.0])
    assert info.value.code == "INVALID_FEATURE_COLUMN"
    est = gg.estimator.Estimator(_model_fn, model_dir=str(tmp_path))
    with pytest.raises(ValueError) as info:
        est.get_variable_value("w")
    assert info.value.code == "CHECKPOINT_NOT_FOUND"


def test_training_resumes_from_the_checkpoint_in_model_dir(tmp_path):
    # Two estimators over one model_dir: the second continues where the first stopped.
    first = gg.estimator.Estimator(_model_fn, model_dir=str(tmp_path))
    first.train(_input(epochs=None), steps=3)
    second = gg.estimator.Estimator(_model_fn, model_dir=str(tmp_path))
    second.train(_input(epochs=None), steps=2)
    assert second.get_variable_value("global_step") == 5
    assert second.latest_checkpoint().endswith("model.ckpt-5")
