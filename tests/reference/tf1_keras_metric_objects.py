"""Record what tf_keras' metric objects give used outside `fit` in TF1 graph mode:
`update_state` an op to run, `result()` a tensor, `reset_states()` (dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_keras_metric_objects.py \
        > tests/unit/engine/fixtures/tf1_keras_metric_objects.json

Each program is TF1 code run unchanged but for the module bound to `tf`, storing what it
observed in `out[...]`; `tests/unit/engine/test_tf1_keras_metric_objects.py` runs the same
text against graphgate. The state variables are initialized through `m.variables` (TF's
are in no collection; graphgate's are global variables, docs/engine.md).
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

PROGRAMS = {
    "mean_updates_results_and_resets": """
m = tf.keras.metrics.Mean()
w = tf.keras.metrics.Mean(name="weighted")
update = m.update_state([1, 2, 3])
update2 = m.update_state(tf.constant([[10.0], [20.0]]))
wupdate = w.update_state([[1.0, 2.0], [3.0, 4.0]], sample_weight=[1.0, 0.0])
result = m.result()
out["types"] = [type(update).__name__, result.dtype.name, result.shape.as_list(), m.name,
                len(m.variables)]
with tf.Session() as s:
    tf.keras.backend.set_session(s)
    s.run(tf.variables_initializer(m.variables + w.variables))
    seen = [s.run(result)]
    s.run(update)
    seen.append(s.run(result))
    s.run(update)
    s.run(update2)
    seen.append(s.run(result))
    s.run(wupdate)
    seen.append(s.run(w.result()))
    m.reset_states()
    seen.append(s.run(result))
    s.run(update2)
    seen.append(s.run(result))
out["seen"] = [float(v) for v in seen]
""",
    "accuracy_objects": """
acc = tf.keras.metrics.Accuracy()
bin_acc = tf.keras.metrics.BinaryAccuracy()
cat = tf.keras.metrics.CategoricalAccuracy()
sparse = tf.keras.metrics.SparseCategoricalAccuracy()
mse = tf.keras.metrics.MeanSquaredError()
prec = tf.keras.metrics.Precision()
rec = tf.keras.metrics.Recall()
updates = [
    acc.update_state([1, 2, 3], [0, 2, 3]),
    acc.update_state([[1, 2], [3, 4]], [[1, 2], [0, 0]], sample_weight=[1.0, 3.0]),
    bin_acc.update_state([[1.0], [0.0], [1.0]], [[0.9], [0.6], [0.2]]),
    cat.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.1, 0.8], [0.7, 0.2, 0.1]]),
    sparse.update_state([[2], [0]], [[0.1, 0.1, 0.8], [0.7, 0.2, 0.1]]),
    mse.update_state([[0.0, 1.0], [1.0, 1.0]], [[1.0, 1.0], [0.5, 0.0]]),
    prec.update_state([0, 1, 1, 1], [1, 0, 1, 1]),
    rec.update_state([0, 1, 1, 1], [1, 0, 1, 1]),
]
metrics = [acc, bin_acc, cat, sparse, mse, prec, rec]
out["names"] = [m.name for m in metrics]
variables = [v for m in metrics for v in m.variables]
with tf.Session() as s:
    s.run(tf.variables_initializer(variables))
    s.run(updates)
    out["results"] = [float(s.run(m.result())) for m in metrics]
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS, legacy_keras=True)
