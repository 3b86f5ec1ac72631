"""The gradient of a lookup inside `tf.cond` or `tf.while_loop`, as TF1 builds it
(control flow v1: Switch, Merge, Enter), run unchanged with `tf` = tensorflow.compat.v1
after `disable_v2_behavior()` (this script, dev-only) and with `tf` = graphgate
(tests/unit/engine/test_indexed_slices_cond.py).

    /work/tfvenv/bin/python tests/reference/tf1_indexed_slices_cond.py \
        > tests/unit/engine/fixtures/tf1_indexed_slices_cond.json

TF1 captures the table into each branch that reads it by a Switch; the Switch's gradient
merges the taken branch's gradient with zeros for the other (`_SwitchGrad`,
`ZerosLikeOutsideLoop`), and Merge makes IndexedSlices of a dense side (every row, indices
`range(rows)`), so what the optimizers' sparse updates touch depends on the branch taken.
In a while_loop TF1 accumulates a loop invariant's slices over the iterations, behind a
zero row at index 0 (`AddBackpropIndexedSlicesAccumulator`).
A case records what `tf.gradients` returns (IndexedSlices or Tensor), what a session
fetches for each predicate, and the table after three optimizer steps.
"""

from __future__ import annotations

import json
import sys

import numpy as np

try:
    from tests.reference.tf1_indexed_slices import kind
except ImportError:  # run as a script
    from tf1_indexed_slices import kind

CASES: dict = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def fetched(v):
    """A session's answer: an array, or an IndexedSlicesValue's values and indices."""
    if isinstance(v, tuple) and hasattr(v, "_fields"):
        return {"values": fetched(v.values), "indices": fetched(v.indices)}
    a = np.asarray(v)
    return {"dtype": a.dtype.name, "shape": list(a.shape), "data": a.reshape(-1).tolist()}


def _table(tf, rows=5, cols=3):
    init = np.arange(rows * cols, dtype=np.float32).reshape(rows, cols) / 10.0 - 0.5
    return tf.Variable(init, name="w")


def _sq(tf, t):
    return tf.reduce_sum(t * t)


# Each program: (w, pred, ids) -> loss, building the cond under test.
def one_branch(tf, w, pred, ids):
    return tf.cond(pred, lambda: _sq(tf, tf.gather(w, ids)), lambda: tf.constant(1.5))


def both_branches(tf, w, pred, ids):
    return tf.cond(
        pred,
        lambda: _sq(tf, tf.gather(w, ids)),
        lambda: tf.reduce_sum(tf.nn.embedding_lookup(w, ids + 1) * 3.0),
    )


def dense_branch(tf, w, pred, ids):
    return tf.cond(pred, lambda: _sq(tf, tf.gather(w, ids)), lambda: tf.reduce_sum(w * 0.5))


def dense_too(tf, w, pred, ids):
    """One branch reads the table by a lookup and densely."""
    return tf.cond(
        pred,
        lambda: _sq(tf, tf.gather(w, ids)) + tf.reduce_sum(w),
        lambda: tf.constant(1.5),
    )


def nested(tf, w, pred, ids):
    inner = lambda: tf.cond(  # noqa: E731
        tf.logical_not(pred), lambda: tf.constant(2.0), lambda: _sq(tf, tf.gather(w, ids))
    )
    return tf.cond(pred, inner, lambda: tf.constant(1.5))


def outside_too(tf, w, pred, ids):
    """A lookup outside the cond as well: TF concatenates the slices."""
    return one_branch(tf, w, pred, ids) + tf.reduce_sum(tf.gather(w, ids + 1))


def _loop(tf, w, ids, step):
    """A while_loop of size(ids) - 1 iterations (none for one id) adding step(i)."""

    def body(i, acc):
        return i + 1, acc + step(i)

    n = tf.size(ids) - 1
    return tf.while_loop(lambda i, acc: i < n, body, [tf.constant(0), tf.constant(0.0)])[1]


def in_loop(tf, w, pred, ids):
    """TF1 accumulates a loop invariant's slices behind a zero row at index 0."""
    return _loop(tf, w, ids, lambda i: _sq(tf, tf.gather(w, (ids + tf.cast(i, ids.dtype)) % 5)))


def in_loop_dense_too(tf, w, pred, ids):
    step = lambda i: _sq(tf, tf.gather(w, (ids + tf.cast(i, ids.dtype)) % 5)) + tf.reduce_sum(w)  # noqa: E731
    return _loop(tf, w, ids, step)


def loop_in_cond(tf, w, pred, ids):
    return tf.cond(pred, lambda: in_loop(tf, w, pred, ids), lambda: tf.constant(1.5))


def cond_in_loop(tf, w, pred, ids):
    step = lambda i: tf.cond(  # noqa: E731
        pred,
        lambda: _sq(tf, tf.gather(w, (ids + tf.cast(i, ids.dtype)) % 5)),
        lambda: tf.constant(1.5),
    )
    return _loop(tf, w, ids, step)


PROGRAMS = [
    one_branch,
    both_branches,
    dense_branch,
    dense_too,
    nested,
    outside_too,
    in_loop,
    in_loop_dense_too,
    loop_in_cond,
    cond_in_loop,
]


def _gradient(tf, program, id_dtype):
    with tf.Graph().as_default():
        w = _table(tf)
        pred = tf.placeholder(tf.bool, [])
        ids = tf.placeholder(id_dtype, [None])
        (grad,) = tf.gradients(program(tf, w, pred, ids), w)
        out = {"kind": kind(tf, grad)}
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for p in (True, False):
                value = sess.run(grad, {pred: p, ids: np.array([2, 0, 2])})
                out[str(p).lower()] = fetched(value)
        return out


@case
def gradients(tf):
    return {
        f"{p.__name__}_{d}": _gradient(tf, p, getattr(tf, d))
        for p in PROGRAMS
        for d in ("int32", "int64")
    }


def _optimizers(tf):
    return {
        "momentum": lambda: tf.train.MomentumOptimizer(0.1, 0.9),
        "nesterov": lambda: tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True),
        "rmsprop": lambda: tf.train.RMSPropOptimizer(0.05, momentum=0.5),
        "centered": lambda: tf.train.RMSPropOptimizer(0.05, momentum=0.5, centered=True),
        "adagrad": lambda: tf.train.AdagradOptimizer(0.1),
        "adam": lambda: tf.train.AdamOptimizer(0.1),
        "ftrl": lambda: tf.train.FtrlOptimizer(0.1, l1_regularization_strength=0.01),
        "proximal_adagrad": lambda: tf.train.ProximalAdagradOptimizer(0.1, 0.01, 0.01),
    }


STEPS = [(True, [0, 2]), (False, [1]), (True, [2, 2, 3])]  # ids + 1 stays in the table


def _train(tf, program, make):
    with tf.Graph().as_default():
        w = _table(tf)
        pred = tf.placeholder(tf.bool, [])
        ids = tf.placeholder(tf.int32, [None])
        train = make().minimize(program(tf, w, pred, ids))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for p, i in STEPS:
                sess.run(train, {pred: p, ids: np.array(i, np.int32)})
            return fetched(sess.run(w))


@case
def training(tf):
    return {
        f"{p.__name__}_{o}": _train(tf, p, make)
        for p in PROGRAMS
        for o, make in _optimizers(tf).items()
    }


@case
def resource_variable(tf):
    """A resource variable's lookup in a cond is applied as a ref variable's."""
    with tf.Graph().as_default():
        init = np.arange(15, dtype=np.float32).reshape(5, 3) / 10.0
        w = tf.get_variable("w", initializer=init, use_resource=True)
        pred = tf.placeholder(tf.bool, [])
        loss = one_branch(tf, w, pred, tf.constant([2, 0]))
        opt = tf.train.MomentumOptimizer(0.1, 0.9)
        pairs = opt.compute_gradients(loss, [w])
        train = opt.apply_gradients(pairs)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for p in (True, False, True):
                sess.run(train, {pred: p})
            return {"kind": kind(tf, pairs[0][0]), "w": fetched(sess.run(w))}


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()  # TF1's control flow (Switch/Merge) and ref variables
    doc = {"tensorflow": tf.__version__, "cases": {n: fn(tf) for n, fn in CASES.items()}}
    json.dump(doc, sys.stdout, indent=1, sort_keys=True, allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
