"""Frozen TF1 graphs (control flow v1) slicing by begins, ends and strides computed at run
time, and what TensorFlow computes for them (dev-only): every mask with computed indices,
negative indices, `x[tf.shape(x)[0] - 1]`, computed strides, slices in while_loop bodies
(`table[i]`, `x[:, t]`, a beam-search-like pick) and in conds' branches. Per graph: the
GraphDef (outside loops also one holding TF's gradient, its StridedSliceGrad nodes), the
static shape TF inferred, and per fed `i` the result, the gradient of `sum(result * w)`
with respect to `x` (TF's, of the graph as built) or TF's error class
(tests/unit/engine/test_tf_import_computed_slices.py).

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf_import_computed_slices.py \\
        > tests/unit/engine/fixtures/tf_import_computed_slices.json
"""

from __future__ import annotations

import base64
import json

import numpy as np

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script
    import harness

X = (np.sin(np.arange(4 * 5 * 3, dtype=np.float32)) * 0.9).reshape(4, 5, 3)
FED = (0, 1, 2, -1, -3, 7)


def _loop_table(tf, x, i):
    # `table[i]` in a body: a running sum of rows i, i+1, ... while they exist
    def body(k, acc):
        return k + 1, acc + x[k % 4] * tf.cast(k, tf.float32)

    return tf.while_loop(lambda k, a: k < i + 3, body, [i, tf.zeros([5, 3])])[1]


def _loop_columns(tf, x, i):
    # `x[:, t]` with the loop counter, TensorFlow's own dynamic_rnn-free idiom
    def body(t, acc):
        return t + 1, acc * 0.5 + tf.tanh(x[:, t])

    return tf.while_loop(lambda t, a: t < 5, body, [tf.maximum(i, 0) % 5, tf.zeros([4, 3])])[1]


def _loop_beams(tf, x, i):
    # a beam-search-like step: the best row so far, picked by a computed index
    def body(t, best, score):
        row = x[t, :, tf.argmax(score, output_type=tf.int32)]
        pick = tf.argmax(row, output_type=tf.int32)
        return t + 1, best + x[t, pick], score + x[t, pick]

    init = [tf.maximum(i, 0) % 4, tf.zeros([3]), tf.ones([3])]
    return tf.while_loop(lambda t, b, s: t < 4, body, init)[1]


def _loop_window(tf, x, i):
    # a slice with computed begin and end, and an ellipsis, in the body
    def body(t, acc):
        return t + 1, acc + tf.reduce_sum(x[..., t : t + 2], axis=-1)

    return tf.while_loop(lambda t, a: t < 2, body, [tf.maximum(i, 0) % 2, tf.zeros([4, 5])])[1]


def _in_cond(tf, x, i):
    return tf.cond(i > 0, lambda: x[i - 1, 1 : i + 2], lambda: x[-i, :2] * 2.0)


def _loop_in_cond_slice(tf, x, i):
    def loop():
        body = lambda t, a: (t + 1, a + x[t % 4, t % 5])  # noqa: E731
        return tf.while_loop(lambda t, a: t < i + 2, body, [i, tf.zeros([3])])[1]

    return tf.cond(i >= 0, loop, lambda: x[i, i])


CASES = {
    "shrink": lambda tf, x, i: x[i],
    "shrink_negative": lambda tf, x, i: x[i - 2],
    "masked_and_shrink": lambda tf, x, i: x[:, i],
    "range": lambda tf, x, i: x[i : i + 2, ::-1],
    "negative_range": lambda tf, x, i: x[:, -i - 1 :, 1],
    "end_only": lambda tf, x, i: x[: i + 3, 1:],
    "last_row": lambda tf, x, i: x[tf.shape(x)[0] - 1] * tf.cast(i, tf.float32),
    "ellipsis": lambda tf, x, i: x[..., i % 3],
    "new_axis": lambda tf, x, i: x[tf.newaxis, i, 1 : i + 4],
    "reverse_from": lambda tf, x, i: x[i::-1, i],
    "stepped": lambda tf, x, i: x[i::2],
    "computed_stride": lambda tf, x, i: x[:: tf.maximum(i, 1)],
    "negative_stride": lambda tf, x, i: x[1, :: -tf.maximum(i, 1)],
    "raw_masks": lambda tf, x, i: tf.strided_slice(
        x,
        tf.stack([i, 0, i, 0]),
        tf.stack([i + 2, 0, 0, i + 1]),
        [1, 1, 1, 1],
        begin_mask=0b0100,
        end_mask=0b0100,
        ellipsis_mask=0,
        new_axis_mask=0b0010,
        shrink_axis_mask=0b1000,
    ),
    "raw_ellipsis": lambda tf, x, i: tf.strided_slice(
        x, tf.stack([0, i]), tf.stack([0, i + 1]), [1, 1], ellipsis_mask=1, shrink_axis_mask=2
    ),
    "int64_begin": lambda tf, x, i: tf.strided_slice(
        x,
        tf.cast(tf.stack([i, 1]), tf.int64),
        tf.constant([4, 3], tf.int64),
        tf.constant([1, 1], tf.int64),
    ),
    # TF's Slice of a constant begin and a -1 size: the rest of a known dim (an estimator's
    # sparse weighted sum reshapes by it, its rank then known to the ops after)
    "rest_of_shape": lambda tf, x, i: tf.reshape(
        x[:, :, :2] * tf.cast(i, tf.float32),
        tf.concat([[-1], tf.slice(tf.shape(x), [1], [-1])[:1]], 0),
    ),
    "loop_table": _loop_table,
    "loop_columns": _loop_columns,
    "loop_beams": _loop_beams,
    "loop_window": _loop_window,
    "in_cond": _in_cond,
    "loop_in_cond": _loop_in_cond_slice,
}


def _plain(value):
    return None if value is None else np.asarray(value).tolist()


def record(tf) -> dict:
    out = {}
    for name, build in CASES.items():
        with tf.Graph().as_default() as g:
            x = tf.placeholder(tf.float32, [None, 5, 3], name="x")
            i = tf.placeholder(tf.int32, [], name="i")
            t = tf.identity(build(tf, x, i), name="result")
            shape = None if t.shape.dims is None else t.shape.as_list()
            w = tf.cos(tf.cast(tf.range(tf.size(t)), tf.float32) * 0.7)
            (grad,) = tf.gradients(tf.reduce_sum(t * tf.reshape(w, tf.shape(t))), [x])
            grad = tf.identity(grad, name="grad")
            runs = {}
            with tf.Session() as sess:
                for k in FED:
                    try:
                        value, dx = sess.run([t, grad], {x: X, i: k})
                        runs[str(k)] = {
                            "value": _plain(value),
                            "value_shape": list(np.shape(value)),
                            "grad": _plain(dx),
                        }
                    except tf.errors.OpError as exc:
                        runs[str(k)] = {"error": type(exc).__name__}
                frozen = tf.graph_util.convert_variables_to_constants(
                    sess, g.as_graph_def(), ["result"]
                )
                # TF's gradient graph too (StridedSliceGrad nodes), outside loops, whose
                # gradients keep values in stacks graphgate refuses
                trained = tf.graph_util.convert_variables_to_constants(
                    sess, g.as_graph_def(), ["result", "grad"]
                )
        out[name] = {
            "graph": base64.b64encode(frozen.SerializeToString()).decode(),
            "graph_with_grad": None
            if name.startswith("loop")
            else base64.b64encode(trained.SerializeToString()).decode(),
            "shape": shape,
            "runs": runs,
        }
    return out


def main() -> None:
    tf = harness.import_tf1()
    tf.disable_control_flow_v2()
    print(json.dumps({"tensorflow": tf.__version__, "x": X.tolist(), "graphs": record(tf)}))


if __name__ == "__main__":
    main()
