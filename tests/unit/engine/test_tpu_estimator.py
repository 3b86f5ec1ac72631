"""`tf.contrib.tpu.TPUEstimator` on the CPU, as google-research/bert's run_classifier.py
drives it with `use_tpu=False`: the mode's batch size in `params`, a `TPUEstimatorSpec`
whose `(metric_fn, tensors)` and `scaffold_fn` become the EstimatorSpec's metrics and
scaffold. TensorFlow 2 ships no TPUEstimator to record from, so the same program's
numbers are pinned to a plain `Estimator` given the converted spec by hand, and the rest
to TF 1.15's tpu_estimator.py."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate.compat.v1 as tf

IDS = np.array([[1, 2, 3, 0], [4, 5, 0, 0], [6, 7, 8, 9], [2, 4, 6, 8]], np.int32)
LABELS = np.array([0, 1, 1, 0], np.int32)
SEEN: list = []


def input_fn_builder(is_training):
    # run_classifier.input_fn_builder: in-memory features, batched by params["batch_size"].
    def input_fn(params):
        SEEN.append(("input", params["batch_size"]))
        d = tf.data.Dataset.from_tensor_slices(
            {"input_ids": tf.constant(IDS), "label_ids": tf.constant(LABELS)}
        )
        if is_training:
            d = d.repeat()
        return d.batch(batch_size=params["batch_size"], drop_remainder=is_training)

    return input_fn


def create_model(input_ids, labels):
    tf.set_random_seed(7)
    with tf.variable_scope("bert"):
        table = tf.get_variable("emb", [10, 4], initializer=tf.truncated_normal_initializer(0, 0.5))
        pooled = tf.reduce_mean(tf.gather(table, input_ids), axis=1)
    output_weights = tf.get_variable(
        "output_weights", [2, 4], initializer=tf.truncated_normal_initializer(stddev=0.02)
    )
    logits = tf.matmul(pooled, output_weights, transpose_b=True)
    log_probs = tf.nn.log_softmax(logits, axis=-1)
    per_example_loss = -tf.reduce_sum(tf.one_hot(labels, depth=2) * log_probs, axis=-1)
    return tf.reduce_mean(per_example_loss), per_example_loss, logits, tf.nn.softmax(logits)


def model_fn_builder(tpu: bool):
    def model_fn(features, labels, mode, params):
        SEEN.append(("model", params.get("batch_size"), params.get("use_tpu")))
        input_ids, label_ids = features["input_ids"], features["label_ids"]
        total_loss, per_example_loss, logits, probabilities = create_model(input_ids, label_ids)
        scaffold_fn = (lambda: tf.train.Scaffold()) if tpu else None
        if mode == tf.estimator.ModeKeys.TRAIN:
            opt = tf.train.GradientDescentOptimizer(0.5)
            train_op = opt.minimize(total_loss, global_step=tf.train.get_or_create_global_step())
            if tpu:
                return tf.contrib.tpu.TPUEstimatorSpec(
                    mode=mode, loss=total_loss, train_op=train_op, scaffold_fn=scaffold_fn
                )
            return tf.estimator.EstimatorSpec(mode=mode, loss=total_loss, train_op=train_op)
        if mode == tf.estimator.ModeKeys.EVAL:

            def metric_fn(per_example_loss, label_ids, logits):
                predictions = tf.argmax(logits, axis=-1, output_type=tf.int32)
                accuracy = tf.metrics.accuracy(labels=label_ids, predictions=predictions)
                loss = tf.metrics.mean(values=per_example_loss)
                return {"eval_accuracy": accuracy, "eval_loss": loss}

            tensors = [per_example_loss, label_ids, logits]
            if tpu:
                return tf.contrib.tpu.TPUEstimatorSpec(
                    mode=mode, loss=total_loss, eval_metrics=(metric_fn, tensors),
                    scaffold_fn=scaffold_fn,
                )  # fmt: skip
            return tf.estimator.EstimatorSpec(
                mode=mode, loss=total_loss, eval_metric_ops=metric_fn(*tensors)
            )
        predictions = {"probabilities": probabilities}
        if tpu:
            return tf.contrib.tpu.TPUEstimatorSpec(
                mode=mode, predictions=predictions, scaffold_fn=scaffold_fn
            )
        return tf.estimator.EstimatorSpec(mode=mode, predictions=predictions)

    return model_fn


def _run(estimator):
    estimator.train(input_fn=input_fn_builder(True), max_steps=3)
    metrics = estimator.evaluate(input_fn=input_fn_builder(False), steps=1)
    probs = [p["probabilities"] for p in estimator.predict(input_fn=input_fn_builder(False))]
    return metrics, np.array(probs)


def test_bert_run_classifier_trains_evaluates_and_predicts_on_the_cpu(tmp_path):
    # GIVEN run_classifier's RunConfig/TPUConfig and a TPUEstimator with use_tpu=False
    is_per_host = tf.contrib.tpu.InputPipelineConfig.PER_HOST_V2
    run_config = tf.contrib.tpu.RunConfig(
        cluster=None, master=None, model_dir=str(tmp_path / "tpu"), save_checkpoints_steps=2,
        tpu_config=tf.contrib.tpu.TPUConfig(
            iterations_per_loop=2, num_shards=8, per_host_input_for_training=is_per_host
        ),
    )  # fmt: skip
    estimator = tf.contrib.tpu.TPUEstimator(
        use_tpu=False, model_fn=model_fn_builder(True), config=run_config,
        train_batch_size=4, eval_batch_size=2, predict_batch_size=1,
    )  # fmt: skip
    SEEN.clear()
    # WHEN it trains, evaluates and predicts
    metrics, probs = _run(estimator)
    # THEN each function saw its mode's batch size, and model_fn use_tpu False
    assert ("input", 4) in SEEN and ("input", 2) in SEEN and ("input", 1) in SEEN
    assert ("model", 4, False) in SEEN and ("model", 2, False) in SEEN
    # AND the numbers are those of an Estimator given the same model as an EstimatorSpec
    plain = tf.estimator.Estimator(
        model_fn=model_fn_builder(False), model_dir=str(tmp_path / "plain"),
        params={}, config=tf.estimator.RunConfig(save_checkpoints_steps=2),
    )  # fmt: skip
    sizes = iter([4, 2, 1])

    def with_size(fn):
        size = next(sizes)
        return lambda: fn({"batch_size": size})

    plain.train(input_fn=with_size(input_fn_builder(True)), max_steps=3)
    want = plain.evaluate(input_fn=with_size(input_fn_builder(False)), steps=1)
    want_probs = [p["probabilities"] for p in plain.predict(with_size(input_fn_builder(False)))]
    assert metrics == pytest.approx(want)
    assert metrics["global_step"] == 3 and set(metrics) >= {"eval_accuracy", "eval_loss"}
    np.testing.assert_allclose(probs, np.array(want_probs), rtol=1e-6)
    assert probs.shape == (4, 2)


def test_tpu_estimator_refuses_what_tf_refuses():
    config = tf.contrib.tpu.RunConfig(model_dir=None)
    fn = model_fn_builder(True)
    # TF 1.15: a plain RunConfig, reserved params and bad batch sizes are refused.
    with pytest.raises(ValueError):
        tf.contrib.tpu.TPUEstimator(model_fn=fn, config=tf.estimator.RunConfig(), use_tpu=False)
    with pytest.raises(ValueError):
        tf.contrib.tpu.TPUEstimator(
            model_fn=fn, config=config, params={"batch_size": 3}, use_tpu=False
        )
    with pytest.raises(ValueError):
        tf.contrib.tpu.TPUEstimator(model_fn=fn, config=config, train_batch_size=0, use_tpu=False)
    with pytest.raises(ValueError):
        tf.contrib.tpu.TPUConfig(iterations_per_loop=0)
    with pytest.raises(ValueError):
        tf.contrib.tpu.TPUEstimatorSpec(mode="eval", loss=tf.constant(1.0), eval_metrics=(1, []))
    # graphgate has no TPU
    with pytest.raises(NotImplementedError):
        tf.contrib.tpu.TPUEstimator(model_fn=fn, config=config, use_tpu=True, train_batch_size=8)
    assert tf.estimator.tpu.TPUEstimator is tf.contrib.tpu.TPUEstimator
