"""GraphDefs combining what the importer maps since 2026-12-06 (NCHW window ops between
Transposes, training FusedBatchNorm with its statistics, Roll, EuclideanNorm, MatrixDiagV3,
V1 Stateless ops) with control flow and gradients, and what TensorFlow computes for them
(dev-only): each graph's `result` and the gradient of sum(result * w) with respect to `x`
(tests/unit/engine/test_tf_review15_imports.py imports, differentiates, re-exports).

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf_review15_imports.py \\
        > tests/unit/engine/fixtures/tf_review15_imports.json
"""

from __future__ import annotations

import base64
import json

import numpy as np

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script
    import harness

X = (np.arange(2 * 4 * 4 * 3, dtype=np.float32).reshape(2, 4, 4, 3) % 7 - 3) / 2
F = np.cos(np.arange(2 * 2 * 3 * 4, dtype=np.float32)).reshape(2, 2, 3, 4)
D = np.sin(np.arange(2 * 2 * 4 * 2, dtype=np.float32)).reshape(2, 2, 4, 2)


def _nchw_chain(tf, x):
    R = tf.raw_ops
    c = tf.transpose(x, [0, 3, 1, 2])
    c = R.Conv2D(input=c, filter=F, strides=[1, 1, 1, 1], padding="SAME", data_format="NCHW")
    c = tf.nn.bias_add(c, [0.5, -0.5, 1.0, 0.0], data_format="NCHW")
    c = R.DepthwiseConv2dNative(
        input=c, filter=D, strides=[1, 1, 1, 1], padding="VALID", data_format="NCHW"
    )
    m = R.MaxPool(
        input=c, ksize=[1, 1, 2, 2], strides=[1, 1, 1, 1], padding="SAME", data_format="NCHW"
    )
    a = R.AvgPool(
        value=c, ksize=[1, 1, 2, 1], strides=[1, 1, 1, 2], padding="VALID", data_format="NCHW"
    )
    return tf.reduce_sum(m, [2, 3]) + tf.reduce_mean(a, [2, 3])


def _bn_train(tf, x):
    R = tf.raw_ops
    c = tf.nn.conv2d(x, F, [1, 1, 1, 1], "SAME")
    bn = R.FusedBatchNormV3(
        x=c,
        scale=[1.0, 2.0, 0.5, 1.5],
        offset=[0.0, 0.1, 0.2, 0.3],
        mean=[0.5, 0.5, 0.5, 0.5],
        variance=[1.0, 1.0, 1.0, 1.0],
        epsilon=0.01,
        exponential_avg_factor=0.4,
    )
    y = tf.nn.relu(bn.y)
    return y * tf.reshape(bn.batch_mean + bn.batch_variance + bn.reserve_space_2, [1, 1, 1, 4])


def _bn_nchw_train(tf, x):
    y, mean, var = tf.nn.fused_batch_norm(
        tf.transpose(x, [0, 3, 1, 2]),
        scale=[1.0, 2.0, 3.0],
        offset=[0.0, 1.0, 0.0],
        data_format="NCHW",
        is_training=True,
    )
    return tf.transpose(y, [0, 2, 3, 1]) * var + mean


def _while_raw(tf, x):
    R = tf.raw_ops
    v = tf.reshape(x, [8, 12])
    d = R.MatrixDiagV3(
        diagonal=v[:3, :4],
        k=[-1, 1],
        num_rows=4,
        num_cols=6,
        padding_value=0.5,
        align="LEFT_RIGHT",
    )

    def body(i, v, d):
        v = R.Roll(input=v, shift=[1, -2], axis=[0, 1]) * 0.9 + tf.tanh(v)
        n = R.EuclideanNorm(input=v, axis=[1], keep_dims=True)
        return i + 1, v / (n + 1.0), R.Roll(input=d, shift=1, axis=0) * d

    _, v, d = tf.while_loop(lambda i, v, d: i < 3, body, [tf.constant(0), v, d])
    return tf.reduce_sum(d, 0) + tf.reduce_sum(v)


def _while_raw_inside(tf, x):
    R = tf.raw_ops

    def body(i, v):
        v = R.Roll(input=v, shift=[1, -2], axis=[0, 2]) * 0.9 + tf.tanh(v)
        return i + 1, v / (R.EuclideanNorm(input=v, axis=[3], keep_dims=True) + 1.0)

    _, v = tf.while_loop(lambda i, v: i < 3, body, [tf.constant(0), x])
    return tf.reduce_sum(v) * v


def _while_sliced(tf, x):
    """A slice of a while_loop's output: TF's imported graph knows not its rank."""
    _, v = tf.while_loop(lambda i, v: i < 2, lambda i, v: (i + 1, tf.tanh(v)), [0, x])
    return v[:, :2]


def _cond_raw(tf, x):
    R = tf.raw_ops
    p = tf.reduce_sum(x) > 0.0
    noise = R.StatelessRandomNormal(shape=[2, 4, 4, 3], seed=[7, 11])

    def yes():
        return R.MatrixDiagPartV3(input=x, k=[-1, 0], padding_value=9.0, align="RIGHT_LEFT")

    def no():
        return R.MatrixDiagPartV3(input=x * 2, k=[-1, 0], padding_value=9.0)

    return (
        tf.cond(p, yes, no) * tf.reduce_mean(noise)
        + tf.cond(p, lambda: R.Roll(input=x, shift=1, axis=2), lambda: x)[:, :, :2, :]
    )


CASES = {
    "nchw_chain": _nchw_chain,
    "bn_train_statistics": _bn_train,
    "bn_nchw_train": _bn_nchw_train,
    "while_raw_ops": _while_raw,
    "while_raw_ops_inside": _while_raw_inside,
    "while_sliced": _while_sliced,
    "cond_raw_ops": _cond_raw,
}


def record(tf) -> dict:
    out = {}
    for name, build in CASES.items():
        with tf.Graph().as_default() as g:
            x = tf.placeholder(tf.float32, [2, 4, 4, 3], name="x")
            t = tf.identity(build(tf, x), name="result")
            w = tf.cos(tf.cast(tf.range(tf.size(t)), tf.float32))
            (dx,) = tf.gradients(tf.reduce_sum(t * tf.reshape(w, tf.shape(t))), [x])
            graph = g.as_graph_def()  # before the gradient: graphgate differentiates
            keep = [n for n in graph.node if n.name == "result" or _before(g, n.name)]
            with tf.Session() as sess:
                value, grad = sess.run([t, dx], {x: X})
            del graph.node[:]
            graph.node.extend(keep)
            out[name] = {
                "graph": base64.b64encode(graph.SerializeToString()).decode(),
                "value": value.tolist(),
                "gradient": grad.tolist(),
            }
    return out


def _before(g, name: str) -> bool:
    """Nodes the result needs (not the gradient's nor w's)."""
    result = g.get_operation_by_name("result")
    seen, todo = set(), [result]
    while todo:
        op = todo.pop()
        if op.name in seen:
            continue
        seen.add(op.name)
        todo += [t.op for t in op.inputs] + list(op.control_inputs)
    return name in seen


def main() -> None:
    tf = harness.import_tf1(legacy_keras=True)
    print(json.dumps({"tensorflow": tf.__version__, "graphs": record(tf)}, indent=1))


if __name__ == "__main__":
    main()
