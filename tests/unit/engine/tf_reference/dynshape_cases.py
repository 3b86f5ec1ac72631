"""TF1 programs that give shapes, sizes and axes as tensors (`tf.zeros(tf.shape(x))`,
`tf.reshape(x, [s[0], -1])`, `x[:s[0] - 1]`), written once against `tf` and run unchanged
with `tf` = tensorflow.compat.v1 (make_dynshape_reference.py, dev-only, writes
dynshape_reference.json) and with `tf` = graphgate (test_tf_dynshape_reference.py).

Each program returns plain data: per output its static shape, dtype, op name and value
(random draws: their shape only), gradient values, and the class names of what was
raised.
"""

from __future__ import annotations

import numpy as np

from tests.unit.engine.tf_reference.array_cases import plain

PROGRAMS: dict = {}


def program(fn):
    PROGRAMS[fn.__name__] = fn
    return fn


def raises(fn) -> str:
    """The class name of what `fn()` raised, or "none"."""
    try:
        fn()
    except Exception as exc:
        return type(exc).__name__
    return "none"


_X = np.arange(12, dtype=np.float32).reshape(3, 4) / 4 - 1
_Y = np.arange(15, dtype=np.float32).reshape(5, 3) / 8


def _static(t):
    return None if t.shape.dims is None else t.shape.as_list()


def _report(tf, ts, feed, drawn=()):
    """Static shape, dtype, name and run-time value (shape only for `drawn`) per output."""
    with tf.Session() as sess:
        values = sess.run(ts, feed)
    return {
        k: {
            "static": _static(t),
            "dtype": t.dtype.name,
            "op": t.op.name,
            "value": list(np.shape(values[k])) if k in drawn else plain(values[k]),
        }
        for k, t in ts.items()
    }


def _inputs(tf):
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, None], name="x")
    y = tf.placeholder(tf.float32, [None, 3], name="y")
    return x, y, {x: _X, y: _Y}


@program
def sizes_from_shapes(tf):
    x, y, feed = _inputs(tf)
    s, t = tf.shape(x), tf.shape(y)
    ts = {
        "zeros": tf.zeros(s),
        "ones_list": tf.ones([s[0], 3]),
        "ones_known": tf.ones([t[1], 2]),
        "ones_int64": tf.ones([t[0], 2], tf.int64),
        "fill_list": tf.fill([s[0], 2], 3.0),
        "fill_shape": tf.fill(s, 1.5),
        "zeros_like_rows": tf.zeros(tf.stack([t[0], t[1]])),
        "zeros_shape_of_const": tf.zeros(tf.shape(tf.constant(_Y))),
    }
    return _report(tf, ts, feed)


@program
def reshapes(tf):
    x, y, feed = _inputs(tf)
    s, t = tf.shape(x), tf.shape(y)
    ts = {
        "flat": tf.reshape(x, [s[0] * s[1]]),
        "rows": tf.reshape(x, [s[0], -1]),
        "column": tf.reshape(x, tf.stack([-1, 1])),
        "known_last": tf.reshape(y, [-1, t[1]]),
        "unknown_first": tf.reshape(y, [t[0], -1]),
        "swap": tf.reshape(y, [t[1], t[0]]),
        "as_shape": tf.reshape(tf.reshape(y, [-1]), tf.shape(y)),
        "concat": tf.reshape(y, tf.concat([[1], tf.shape(y)], 0)),
        "cast": tf.reshape(x, tf.cast(tf.stack([s[1], s[0]]), tf.int64)),
    }
    return _report(tf, ts, feed)


@program
def random_sizes(tf):
    """The VAE reparameterization, `eps = tf.random_normal(tf.shape(mu))`, and friends."""
    x, y, feed = _inputs(tf)
    s, t = tf.shape(x), tf.shape(y)
    mu = tf.matmul(y, tf.constant(np.full((3, 2), 0.25, np.float32)), name="mu")
    eps = tf.random_normal(tf.shape(mu), seed=1)
    ts = {
        "normal": tf.random_normal(s, seed=2),
        "normal_known": tf.random_normal(t, seed=3),
        "uniform": tf.random_uniform([s[0], 1], seed=4),
        "uniform_range": tf.random_uniform([s[0], 2], -1.0, 1.0, seed=5),
        "truncated": tf.truncated_normal([s[0], 2], seed=6),
        "truncated_scaled": tf.truncated_normal([t[0], 2], 1.0, 0.5, seed=7),
        "int_uniform": tf.random_uniform([s[0]], 0, 10, dtype=tf.int32, seed=8),
        "int64_uniform": tf.random_uniform([t[0], 2], maxval=5, dtype=tf.int64, seed=9),
        "eps": eps,
        "z": mu + tf.exp(0.5 * mu) * eps,
    }
    ts["dropped"] = tf.nn.dropout(y, keep_prob=0.5, noise_shape=[t[0], 1], seed=10)
    ts["dropped_all"] = tf.nn.dropout(y, rate=0.5, noise_shape=tf.shape(y), seed=11)
    with tf.Session() as sess:
        values = sess.run(ts, feed)
        grad = tf.gradients(tf.reduce_sum(ts["z"] * 0.0 + mu), y)[0]
        g = sess.run(grad, feed)
    return {
        "outputs": {
            k: {"static": _static(v), "dtype": v.dtype.name, "shape": list(values[k].shape)}
            for k, v in ts.items()
        },
        "bounded": bool(np.all(np.abs(values["truncated"]) <= 2)),
        "in_range": bool(np.all((values["uniform_range"] >= -1) & (values["uniform_range"] < 1))),
        "grad": plain(g),
        "rows_dropped_whole": bool(
            np.all((values["dropped"] == 0).all(1) | (values["dropped"] != 0).all(1))
        ),
    }


@program
def tiles_slices_one_hot(tf):
    x, y, feed = _inputs(tf)
    s, t = tf.shape(x), tf.shape(y)
    n = tf.placeholder(tf.int32, [], name="n")
    feed[n] = 2
    ts = {
        "tile": tf.tile(x, [1, s[0]]),
        "tile_known": tf.tile(y, [t[1], 2]),
        "tile_shape": tf.tile(y[:1], tf.stack([n, 1])),
        "slice": tf.slice(x, [0, 0], [s[0], 1]),
        "slice_rest": tf.slice(y, [0, 1], [t[0], -1]),
        "slice_begin": tf.slice(y, tf.stack([n, 0]), [2, 2]),
        "head": x[: s[0] - 1],
        "tail_cols": y[:, : t[1] - 1],
        "row": x[n],
        "row_tail": x[n, 1:],
        "stride": y[::n],
        "last_col": y[..., n],
        "one_hot": tf.one_hot(tf.constant([0, 2, 1]), s[0]),
        "one_hot_axis0": tf.one_hot(tf.constant([1, 0]), n, axis=0),
        "one_hot_known": tf.one_hot(tf.constant([1, 0]), t[1] - 1),
    }
    return _report(tf, ts, feed)


@program
def axes_as_tensors(tf):
    x, y, feed = _inputs(tf)
    ts = {
        "pad": tf.pad(x, tf.constant([[1, 1], [0, 0]])),
        "expand": tf.expand_dims(x, tf.constant(0)),
        "transpose": tf.transpose(y, tf.constant([1, 0])),
        "concat": tf.concat([x, x], axis=tf.constant(0)),
        "gather": tf.gather(x, [0], axis=tf.constant(1)),
        "sum": tf.reduce_sum(x, axis=tf.constant(1)),
        "mean_list": tf.reduce_mean(y, axis=tf.constant([0, 1])),
        "top_k": tf.nn.top_k(x, tf.constant(1)).values,
        "split": tf.split(x, 2, axis=1)[1],
        "split_axis": tf.split(y, 3, axis=tf.constant(1))[2],
    }
    return _report(tf, ts, feed)


@program
def gradients_through_run_time_sizes(tf):
    x, y, feed = _inputs(tf)
    s = tf.shape(x)
    n = tf.placeholder(tf.int32, [], name="n")
    feed[n] = 1
    w = tf.constant(np.arange(1, 13, dtype=np.float32).reshape(3, 4))
    parts = {
        "reshape": tf.reshape(x, [s[0], -1]) * w,
        "reshape_flat": tf.reshape(tf.reshape(x, [-1, s[1] * 2 // 2]), [s[0] * s[1]]),
        "tile": tf.tile(x, [1, s[0]]) * 2.0,
        "slice": tf.slice(x, tf.stack([n, 0]), [s[0] - n, 2]) * 3.0,
        "strided": x[: s[0] - 1, n:] * 5.0,
        "row": x[n] * 7.0,
        "tile_y": tf.tile(y, tf.stack([n + 1, n])) * 0.5,
    }
    out = {}
    with tf.Session() as sess:
        for k, v in parts.items():
            wrt = y if k.endswith("_y") else x
            out[k] = plain(sess.run(tf.gradients(tf.reduce_sum(v * v), wrt)[0], feed))
    return out


@program
def run_time_errors(tf):
    x, y, feed = _inputs(tf)
    s = tf.shape(x)
    n = tf.placeholder(tf.int32, [], name="n")

    def run(t, value):
        with tf.Session() as sess:
            sess.run(t, {**feed, n: value})

    return {
        "reshape_count": raises(lambda: run(tf.reshape(x, [s[0], n]), 5)),
        "fill_negative": raises(lambda: run(tf.fill([n, 2], 1.0), -1)),
        "slice_past_end": raises(lambda: run(tf.slice(x, [0, 0], [n, 1]), 4)),
        "index_past_end": raises(lambda: run(x[n], 3)),
        "split_uneven": raises(lambda: run(tf.split(y, 2, axis=0)[0], 0)),
        "one_hot_negative": raises(lambda: run(tf.one_hot([0, 1], n), -1)),
        "tile_negative": raises(lambda: run(tf.tile(x, tf.stack([n, 1])), -1)),
        "reshape_ok": raises(lambda: run(tf.reshape(x, [n, -1]), 6)),
        "float_shape": raises(lambda: tf.zeros(tf.constant([2.0, 1.0]))),
        "matrix_shape": raises(lambda: tf.reshape(x, tf.constant([[12]]))),
    }


@program
def pads_broadcasts_and_packing(tf):
    x, y, feed = _inputs(tf)
    s, t = tf.shape(x), tf.shape(y)
    n = tf.placeholder(tf.int32, [], name="n")
    feed[n] = 1
    ts = {
        "pad_to": tf.pad(y, [[0, 7 - t[0]], [0, 0]]),
        "pad_value": tf.pad(y, [[1, n], [n, 0]], constant_values=2.0),
        "pad_stacked": tf.pad(x, tf.stack([[0, n], [0, 0]])),
        "pad_static": tf.pad(y, [[0, 1], [t[1] - 3, 0]]),
        "broadcast_list": tf.broadcast_to(tf.constant(1.5), [s[0], 2]),
        "broadcast_shape": tf.broadcast_to(y[:1], tf.shape(y)),
        "packed": tf.convert_to_tensor([s[0], 3]),
        "nested": tf.stack([[0, n], [n, 0]]),
        "argmax": tf.argmax(x, tf.constant(1)),
        "cumsum": tf.cumsum(y, axis=tf.constant(1)),
        "roll": tf.roll(y, shift=n, axis=0),
        "roll_two": tf.roll(y, shift=[n, 1], axis=[0, 1]),
        "roll_half": tf.roll(x, shift=s[0] // 2, axis=0),
        "sorted": tf.nn.top_k(x, k=tf.shape(x)[-1]).values,
        "top_n": tf.nn.top_k(y, k=n + 1).indices,
        "scatter": tf.scatter_nd([[0], [2]], tf.ones([2, 3]), [t[0], 3]),
        "scatter_shape": tf.scatter_nd(tf.constant([[1]]), tf.ones([1, 3]), tf.shape(y)),
    }
    out = _report(tf, ts, feed)
    with tf.Session() as sess:
        g = tf.gradients(tf.reduce_sum(ts["pad_value"] ** 2), y)[0]
        out["pad_grad"] = plain(sess.run(g, feed))
        g = tf.gradients(tf.reduce_sum(ts["roll_two"] * tf.constant(_Y)), y)[0]
        out["roll_grad"] = plain(sess.run(g, feed))
        g = tf.gradients(tf.reduce_sum(tf.nn.top_k(x, k=n + 1).values ** 2), x)[0]
        out["top_k_grad"] = plain(sess.run(g, feed))
    out["constant_of_tensors"] = raises(lambda: tf.constant([s[0], 3]))
    return out


@program
def common_idioms(tf):
    """Shape arithmetic TF1 code writes: flatten, swap axes, split the last dim, batch
    sizes of zero states and tiles."""
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 4, 5], name="x")
    v = tf.placeholder(tf.float32, [None, None, 6], name="v")
    feed = {x: np.arange(40, dtype=np.float32).reshape(2, 4, 5), v: np.ones((3, 2, 6), np.float32)}
    s = tf.shape(v)
    ts = {
        "flatten": tf.reshape(x, [-1, tf.reduce_prod(tf.shape(x)[1:])]),
        "swap": tf.transpose(x, tf.concat([[1, 0], tf.range(2, tf.rank(x))], 0)),
        "split_last": tf.reshape(v, tf.concat([tf.shape(v)[:-1], [2, -1]], 0)),
        "merge_first": tf.reshape(v, [s[0] * s[1], s[2]]),
        "state": tf.zeros([tf.shape(x)[0], 7]),
        "tiled": tf.tile(tf.expand_dims(tf.constant([1.0, 2.0]), 0), [tf.shape(x)[0], 1]),
        "last": tf.ones([tf.shape(x)[-1]]),
        "row_ids": tf.tile(tf.reshape(tf.range(s[0]), [-1, 1]), [1, s[1]]),
    }
    return _report(tf, ts, feed)


@program
def strided_slices_of_tensors(tf):
    x, y, feed = _inputs(tf)
    s = tf.shape(x)
    n = tf.placeholder(tf.int32, [], name="n")
    feed[n] = 1
    ts = {
        "bounds": tf.strided_slice(x, [0, 1], [s[0], 3]),
        "stacked": tf.strided_slice(x, tf.stack([n, 0]), [s[0], 4], [1, 2]),
        "static": tf.strided_slice(y, [0, 1], [1, 3], shrink_axis_mask=1),
        "shrink": tf.strided_slice(y, [n], [n + 1], shrink_axis_mask=1),
        "masked": tf.strided_slice(y, [n, 0], [0, 2], end_mask=1),
    }
    return _report(tf, ts, feed)


@program
def transposed_convolution_of_a_run_time_batch(tf):
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 2, 2, 1], name="x")
    f = tf.constant(np.arange(36, dtype=np.float32).reshape(3, 3, 4, 1) / 36)
    out_shape = [tf.shape(x)[0], 4, 4, 4]
    ts = {
        "up": tf.nn.conv2d_transpose(x, f, out_shape, [1, 2, 2, 1], "SAME"),
        "up_stacked": tf.nn.conv2d_transpose(x, f, tf.stack(out_shape), [1, 2, 2, 1], "SAME"),
    }
    feed = {x: np.arange(8, dtype=np.float32).reshape(2, 2, 2, 1)}
    out = _report(tf, ts, feed)
    with tf.Session() as sess:
        g = tf.gradients(tf.reduce_sum(ts["up"] ** 2), x)[0]
        out["grad"] = plain(sess.run(g, feed))
    return out
