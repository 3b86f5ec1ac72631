"""TF1's IndexedSlices as a program sees them, run unchanged with `tf` =
tensorflow.compat.v1 in graph mode (this script, dev-only) and with `tf` = graphgate
(tests/unit/engine/test_indexed_slices.py).

    /work/tfvenv/bin/python tests/reference/tf1_indexed_slices.py \
        > tests/unit/engine/fixtures/tf1_indexed_slices.json

A case is `case(tf) -> record`: what `tf.gradients`, `compute_gradients`, clipping,
`convert_to_tensor`, `add_n` and friends return (IndexedSlices or Tensor), the names,
dtypes and static shapes of the parts, and what a session fetches (an IndexedSlicesValue
with TF's values, repeated indices left as they are), plus the variables after a few
optimizer steps, so the numbers stay those TF computes.
"""

from __future__ import annotations

import json
import sys
import warnings

import numpy as np

CASES: dict = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def kind(tf, x) -> str:
    if x is None:
        return "None"
    if isinstance(x, tf.IndexedSlices):
        return "IndexedSlices"
    if isinstance(x, tf.Tensor):
        return "Tensor"
    return type(x).__name__


def tensor(t) -> dict | None:
    if t is None:
        return None
    return {"name": t.name, "dtype": t.dtype.name, "static": t.shape.as_list()}


def slices(tf, s) -> dict:
    """What a program can read off an IndexedSlices (or a Tensor) while building."""
    if not isinstance(s, tf.IndexedSlices):
        return {"kind": kind(tf, s), "name": s.name, "static": s.shape.as_list()}
    return {
        "kind": "IndexedSlices",
        "name": s.name,
        "dtype": s.dtype.name,
        "op": [s.op.name, s.op.type],
        "device": s.device,
        "values": tensor(s.values),
        "indices": tensor(s.indices),
        "dense_shape": tensor(s.dense_shape),
        "shape": s.shape.as_list(),
    }


def fetched(v) -> dict:
    """A session's answer: arrays, or an IndexedSlicesValue of arrays."""
    if v is None:
        return None
    if isinstance(v, tuple) and hasattr(v, "_fields"):
        return {
            "type": type(v).__name__,
            "fields": list(v._fields),
            **{f: fetched(getattr(v, f)) for f in v._fields},
        }
    a = np.asarray(v)
    return {"dtype": a.dtype.name, "shape": list(a.shape), "data": a.reshape(-1).tolist()}


def _table(tf, name="w", rows=5, cols=3):
    init = np.arange(rows * cols, dtype=np.float32).reshape(rows, cols) / 10.0 - 0.5
    return tf.Variable(init, name=name)


def _run(tf, fetches, feed=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed)


@case
def embedding_gradient(tf):
    with tf.Graph().as_default() as g:
        w = _table(tf)
        e = tf.nn.embedding_lookup(w, tf.constant([0, 2, 0, 4]))
        loss = tf.reduce_sum(e * e)
        (grad,) = tf.gradients(loss, [w])
        out = slices(tf, grad)
        out["graph_is"] = grad.graph is g
        out["fetched"] = fetched(_run(tf, grad))
        out["in_list"] = [fetched(v) for v in _run(tf, [grad, loss])]
        out["in_dict"] = fetched(_run(tf, {"g": grad})["g"])
        out["values_alone"] = fetched(_run(tf, grad.values))
        return out


@case
def two_lookups_concatenate(tf):
    with tf.Graph().as_default():
        w = _table(tf)
        a = tf.nn.embedding_lookup(w, tf.constant([0, 2, 0]))
        b = tf.gather(w, tf.constant([1, 1]))
        c = tf.gather(w, tf.constant([[3], [0]]))
        loss = tf.reduce_sum(a) + tf.reduce_sum(b * 3.0) + tf.reduce_sum(c * c)
        (grad,) = tf.gradients(loss, w)
        return {**slices(tf, grad), "fetched": fetched(_run(tf, grad))}


@case
def mixed_indices_dtypes(tf):
    with tf.Graph().as_default():
        w = _table(tf)
        a = tf.gather(w, tf.constant([0, 2], tf.int64))
        b = tf.gather(w, tf.constant([1, 2], tf.int32))
        (grad,) = tf.gradients(tf.reduce_sum(a) + tf.reduce_sum(b * 2.0), w)
        return {**slices(tf, grad), "fetched": fetched(_run(tf, grad))}


@case
def which_gradients_are_sparse(tf):
    """IndexedSlices only for a gather along axis 0 of x itself (through identities)."""
    with tf.Graph().as_default():
        w = _table(tf)
        x = tf.placeholder(tf.float32, [5, 2], name="x")
        ids = tf.constant([1, 3])
        got = {
            "variable": tf.gradients(tf.reduce_sum(tf.gather(w, ids)), w)[0],
            "placeholder": tf.gradients(tf.reduce_sum(tf.gather(x, ids)), x)[0],
            "through_identity": tf.gradients(tf.reduce_sum(tf.gather(tf.identity(w), ids)), w)[0],
            "through_mul": tf.gradients(tf.reduce_sum(tf.gather(w * 2.0, ids)), w)[0],
            "axis_1": tf.gradients(tf.reduce_sum(tf.gather(w, ids, axis=1)), w)[0],
            "plus_dense": tf.gradients(tf.reduce_sum(tf.gather(w, ids)) + tf.reduce_sum(w), w)[0],
            "repeat": tf.gradients(tf.reduce_sum(tf.repeat(x, [1, 2, 0, 1, 1], axis=0)), x)[0],
            "unconnected": tf.gradients(tf.reduce_sum(x), w)[0],
        }
        return {k: kind(tf, v) for k, v in got.items()}


@case
def table_of_unknown_shape(tf):
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, None], name="x")
        (grad,) = tf.gradients(tf.reduce_sum(tf.gather(x, [1, 0, 1]) * 2.0), x)
        feed = {x: np.arange(6, dtype=np.float32).reshape(3, 2)}
        out = {k: v for k, v in slices(tf, grad).items() if k in ("kind", "shape", "dtype")}
        out["values_static"] = grad.values.shape.as_list()
        out["fetched"] = fetched(_run(tf, grad, feed))
        out["dense"] = fetched(_run(tf, tf.convert_to_tensor(grad), feed))
        return out


@case
def convert_to_tensor(tf):
    with tf.Graph().as_default():
        w = _table(tf)
        (grad,) = tf.gradients(tf.reduce_sum(tf.gather(w, [4, 1, 4]) * 2.0), w)
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            dense = tf.convert_to_tensor(grad)
        big = tf.IndexedSlices(
            tf.constant([[1.0, 2.0]]), tf.constant([1]), tf.constant([20000, 10000])
        )
        with warnings.catch_warnings(record=True) as seen_big:
            warnings.simplefilter("always")
            tf.convert_to_tensor(big)
        shapeless = tf.IndexedSlices(tf.constant([[1.0, 2.0]]), tf.constant([1]))
        try:
            tf.convert_to_tensor(shapeless)
            refused = None
        except Exception as exc:  # the class is what is pinned
            refused = type(exc).__name__
        return {
            "dense": {"kind": kind(tf, dense), **tensor(dense), "type": dense.op.type},
            "value": fetched(_run(tf, dense)),
            "warnings": [str(w.message) for w in seen],
            "warnings_big": [str(w.message) for w in seen_big],
            "no_dense_shape": refused,
            "no_dense_shape_fetched": fetched(_run(tf, shapeless)),
        }


@case
def ops_taking_slices(tf):
    with tf.Graph().as_default():
        w = _table(tf)
        (grad,) = tf.gradients(tf.reduce_sum(tf.gather(w, [0, 3, 0]) * 3.0), w)
        out = {
            "add_n_mixed": tf.add_n([grad, tf.ones([5, 3])]),
            "add_n_two": tf.add_n([grad, grad]),
            "add_n_one": tf.add_n([grad]),
            "identity": tf.identity(grad),
            "negative": -grad,
            "multiply": tf.multiply(grad, 2.0),
            "subtract": tf.ones([5, 3]) - grad,
            "reduce_sum": tf.reduce_sum(grad),
            "cast": tf.cast(grad, tf.float64),
            "to_float": tf.to_float(grad),
            "stop_gradient": tf.stop_gradient(grad),
            "scalar_mul": tf.scalar_mul(0.5, grad),
            "check_numerics": tf.check_numerics(grad, "bad"),
            "norm": tf.norm(grad),
            "zeros_like": tf.zeros_like(grad),
            "shape": tf.shape(grad),
            "concat": tf.concat([grad, grad], 0),
        }
        try:
            grad * 2.0
            star = None
        except TypeError as exc:
            star = type(exc).__name__
        values = _run(tf, out)
        return {
            "kinds": {k: kind(tf, v) for k, v in out.items()},
            "values": {k: fetched(values[k]) for k in sorted(out)},
            "star": star,
        }


@case
def clipping_keeps_slices(tf):
    with tf.Graph().as_default():
        w = _table(tf)
        b = tf.Variable([0.5, -1.0, 2.0], name="b")
        e = tf.nn.embedding_lookup(w, [0, 2, 0])
        loss = tf.reduce_sum(e * e + b)
        grad, gb = tf.gradients(loss, [w, b])
        by_norm = tf.clip_by_norm(grad, 1.0)
        by_value = tf.clip_by_value(grad, -0.3, 0.2)
        clipped, norm = tf.clip_by_global_norm([grad, gb], 1.5)
        gnorm = tf.global_norm([grad, gb])
        fetches = {
            "by_norm": by_norm,
            "by_value": by_value,
            "global_0": clipped[0],
            "global_1": clipped[1],
            "norm": norm,
            "global_norm": gnorm,
        }
        values = _run(tf, fetches)
        return {
            "kinds": {k: kind(tf, v) for k, v in fetches.items()},
            "values": {k: fetched(values[k]) for k in sorted(fetches)},
            "by_norm_dense_shape": by_norm.dense_shape.name,
        }


def _train(tf, make, steps, wrap):
    """The table after `steps` of `make()` applied to (wrap(grad), var) pairs from
    compute_gradients: the types it handed over and the values."""
    with tf.Graph().as_default():
        w = _table(tf)
        e = tf.nn.embedding_lookup(w, tf.constant([0, 2, 0]))
        f = tf.gather(w, tf.constant([2, 3]))
        loss = tf.reduce_sum(e * e) + tf.reduce_sum(tf.sin(f))
        opt = make(tf)
        pairs = opt.compute_gradients(loss, [w])
        kinds = [kind(tf, g) for g, _ in pairs]
        train = opt.apply_gradients([(wrap(tf, g), v) for g, v in pairs])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(steps):
                sess.run(train)
            return {"kinds": kinds, "w": fetched(sess.run(w))}


def _as_is(tf, g):
    return g


def _dense(tf, g):
    return tf.convert_to_tensor(g)


def _rebuilt(tf, g):
    return tf.IndexedSlices(g.values * 1.0, g.indices, g.dense_shape)


def _momentum(tf):
    return tf.train.MomentumOptimizer(0.1, 0.9)


def _sgd(tf):
    return tf.train.GradientDescentOptimizer(0.1)


def _adagrad(tf):
    return tf.train.AdagradOptimizer(0.1)


@case
def optimizers_apply_slices(tf):
    """Momentum updates only the looked-up rows of an IndexedSlices, every row of the
    same gradient made dense: the variable after three steps tells them apart."""
    out = {}
    for oname, make in (("momentum", _momentum), ("sgd", _sgd), ("adagrad", _adagrad)):
        for wname, wrap in (("slices", _as_is), ("dense", _dense), ("rebuilt", _rebuilt)):
            out[f"{oname}_{wname}"] = _train(tf, make, 3, wrap)
    return out


@case
def compute_gradients_of_two_lookups(tf):
    """grads_and_vars hold TF's IndexedSlices (slices in TF's order), also when made under
    control dependencies, and minimize applies them as TF does."""
    out = {}
    for waits in (False, True):
        with tf.Graph().as_default():
            w = _table(tf)
            a = tf.nn.embedding_lookup(w, tf.constant([0, 2]))
            b = tf.gather(w, tf.constant([2, 4]))
            loss = tf.reduce_sum(a * a) + tf.reduce_sum(b * 3.0)
            opt = tf.train.MomentumOptimizer(0.1, 0.9)
            if waits:
                with tf.control_dependencies([tf.no_op()]):
                    pairs = opt.compute_gradients(loss, [w])
            else:
                pairs = opt.compute_gradients(loss, [w])
            train = opt.apply_gradients(pairs)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                grad = fetched(sess.run(pairs[0][0]))
                sess.run(train)
                sess.run(train)
                out["waits" if waits else "plain"] = {
                    "kind": kind(tf, pairs[0][0]),
                    "grad": grad,
                    "w": fetched(sess.run(w)),
                }
    return out


@case
def feeding_slices(tf):
    with tf.Graph().as_default():
        w = _table(tf)
        (grad,) = tf.gradients(tf.reduce_sum(tf.gather(w, [0, 1]) * 2.0), w)
        dense = tf.convert_to_tensor(grad)
        # TF feeds the parts the value has (its dense_shape here is a constant it will
        # not let be fed).
        value = (np.ones((2, 3), np.float32), np.array([4, 4], np.int32))
        fed = _run(tf, dense, {grad: value})
        return {"fed": fetched(fed)}


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    tf.disable_v2_tensorshape()
    doc = {"tensorflow": tf.__version__, "cases": {n: fn(tf) for n, fn in CASES.items()}}
    json.dump(doc, sys.stdout, indent=1, sort_keys=True, allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
