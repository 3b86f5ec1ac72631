"""Frozen TF1 graphs (control flow v1) holding while_loops nested in while_loops, and what
TensorFlow computes for them (dev-only): counters, a float loop reading the outer
loop's variable and a value from outside both, `tf.map_fn` inside `tf.while_loop`
(TensorArrays in the inner frame), a loop three deep, a `dynamic_rnn` run per step of an
outer loop, a beam-search-like loop scoring each beam in an inner loop, and loops (one
nested) in conds' branches, conds in a loop's body and condition, and a loop in a cond in
a loop. Per graph:
the GraphDef, the feeds and `result` (tests/unit/engine/test_tf_import_nested_loops.py).

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf_import_nested_loops.py \\
        > tests/unit/engine/fixtures/tf_import_nested_loops.json
"""

from __future__ import annotations

import base64
import json

import numpy as np

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script
    import harness

X = (np.cos(np.arange(2 * 4 * 3, dtype=np.float32)) * 0.8).reshape(2, 4, 3)


def _counters(tf, x, n):
    inner = lambda k: tf.while_loop(lambda j: j < 3, lambda j: j + 1, [k])  # noqa: E731
    return tf.cast(tf.while_loop(lambda k: k < n, inner, [n - 10]), tf.float32) + x[0, 0, 0]


def _floats(tf, x, n):
    scale = tf.reduce_mean(x)

    def outer(i, s):
        _, a = tf.while_loop(
            lambda j, a: j < 3, lambda j, a: (j + 1, a * 0.5 + s * scale), [0, s + 1.0]
        )
        return i + 1, a + tf.cast(i, tf.float32)

    _, s = tf.while_loop(lambda i, s: i < n, outer, [0, x[0, 0]])
    return s


def _map_fn_in_loop(tf, x, n):
    def body(i, acc):
        rows = tf.map_fn(lambda r: tf.reduce_sum(tf.tanh(r * acc[:1])), x[0])
        return i + 1, acc + rows[:3]

    _, acc = tf.while_loop(lambda i, a: i < n, body, [0, x[1, 0]])
    return acc


def _three_deep(tf, x, n):
    def middle(j, b):
        _, c = tf.while_loop(lambda k, c: k < 2, lambda k, c: (k + 1, c * 1.5 - b), [0, b])
        return j + 1, c

    def outer(i, a):
        _, b = tf.while_loop(lambda j, b: j < 2, middle, [0, a + 0.25])
        return i + 1, tf.tanh(b)

    _, a = tf.while_loop(lambda i, a: i < n, outer, [0, x[0, :, 0]])
    return a


def _rnn_per_step(tf, x, n):
    cell = tf.nn.rnn_cell.GRUCell(3, kernel_initializer=tf.glorot_uniform_initializer(seed=7))

    def body(i, h):
        outputs, state = tf.nn.dynamic_rnn(cell, x + h[:, None, :], dtype=tf.float32)
        return i + 1, state + outputs[:, 0, :] * 0.1

    _, h = tf.while_loop(lambda i, h: i < n, body, [0, tf.zeros([2, 3])])
    return h


def _beams(tf, x, n):
    """Per step, an inner loop scores each of 4 beams (TensorArray writes), the best kept."""
    table = x[0]  # 4 x 3

    def step(t, seq, total):
        def score(b, ta):
            return b + 1, ta.write(b, tf.reduce_sum(tf.gather(table, b) * seq[-1]) + total)

        _, ta = tf.while_loop(lambda b, ta: b < 4, score, [0, tf.TensorArray(tf.float32, 4)])
        scores = ta.stack()
        best = tf.argmax(scores, output_type=tf.int32)
        nxt = tf.concat([seq, tf.gather(table, best)[None]], 0)
        return t + 1, nxt, total + tf.reduce_max(scores) * 0.01

    _, seq, total = tf.while_loop(
        lambda t, s, tot: t < n,
        step,
        [0, x[1, :1], tf.constant(0.0)],
        shape_invariants=[tf.TensorShape([]), tf.TensorShape([None, 3]), tf.TensorShape([])],
    )
    return tf.reduce_sum(seq, 0) + total


def _loop_in_cond(tf, x, n):
    """A loop in each branch (the true one nested), reading the branch's captured values."""
    scale = tf.reduce_mean(x)

    def looped():
        _, a = tf.while_loop(
            lambda i, a: i < n, lambda i, a: (i + 1, a * scale + x[0, 0]), [0, x[1, 0]]
        )
        return a

    def nested():
        def outer(i, a):
            _, b = tf.while_loop(lambda j, b: j < 2, lambda j, b: (j + 1, tf.tanh(b) + a), [0, a])
            return i + 1, b

        return tf.while_loop(lambda i, a: i < 2, outer, [0, x[0, 1] * scale])[1]

    return tf.cond(n > 1, nested, looped) + tf.cond(n < 3, looped, lambda: x[1, 2])


def _cond_in_loop(tf, x, n):
    """A cond on the loop's variable in the body, one nested in a branch, one in the
    loop's condition, their branches reading values from outside the loop."""
    scale = tf.reduce_mean(x)

    def body(i, a):
        b = tf.cond(
            tf.reduce_sum(a) > 0.0,
            lambda: tf.cond(i > 1, lambda: a * scale, lambda: a - x[0, 0]),
            lambda: tf.abs(a) + scale,
        )
        return i + 1, b + 0.5

    def cond(i, a):
        return tf.cond(i < n, lambda: tf.reduce_max(a) < 50.0, lambda: tf.constant(False))

    _, a = tf.while_loop(cond, body, [0, x[1, 1]])
    return a


def _loop_in_cond_in_loop(tf, x, n):
    def body(i, a):
        inner = lambda: tf.while_loop(lambda j, b: j < 2, lambda j, b: (j + 1, b * 0.5), [0, a])[1]  # noqa: E731
        return i + 1, tf.cond(i > 0, inner, lambda: a + 1.0)

    return tf.while_loop(lambda i, a: i < n, body, [0, x[0, 2]])[1]


CASES = {
    "counters": _counters,
    "floats": _floats,
    "map_fn_in_loop": _map_fn_in_loop,
    "three_deep": _three_deep,
    "rnn_per_step": _rnn_per_step,
    "beams": _beams,
    "loop_in_cond": _loop_in_cond,
    "cond_in_loop": _cond_in_loop,
    "loop_in_cond_in_loop": _loop_in_cond_in_loop,
}


def record(tf) -> dict:
    out = {}
    for name, build in CASES.items():
        with tf.Graph().as_default() as g:
            x = tf.placeholder(tf.float32, [2, 4, 3], name="x")
            n = tf.placeholder(tf.int32, [], name="n")
            t = tf.identity(build(tf, x, n), name="result")
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                values = {str(k): sess.run(t, {x: X, n: k}).tolist() for k in (0, 1, 3)}
                frozen = tf.graph_util.convert_variables_to_constants(
                    sess, g.as_graph_def(), ["result"]
                )
        out[name] = {
            "graph": base64.b64encode(frozen.SerializeToString()).decode(),
            "values": values,
        }
    return out


def main() -> None:
    tf = harness.import_tf1(legacy_keras=True)
    print(json.dumps({"tensorflow": tf.__version__, "x": X.tolist(), "graphs": record(tf)}))


if __name__ == "__main__":
    main()
