"""TF1 control-flow programs, each written once against a module `tf` that is either
`tensorflow.compat.v1` or `graphgate`, so the same code pins graphgate to TensorFlow.

    /work/tfvenv/bin/python tests/unit/engine/control_flow_programs.py

rewrites control_flow_reference.json with what TensorFlow computes (a dev-only step; the
tests read the committed values and never import TensorFlow).
"""

from __future__ import annotations

import collections
import json
import pathlib
import sys

import numpy as np

REFERENCE = pathlib.Path(__file__).with_name("control_flow_reference.json")
PROGRAMS = {}


def program(fn):
    PROGRAMS[fn.__name__] = fn
    return fn


@program
def cond_and_its_gradient(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float64, [], name="x")
        w = tf.constant(3.0, tf.float64)
        y = tf.cond(x > 0, lambda: x * x * w, lambda: x * w - 1.0)
        gx, gw = tf.gradients(y, [x, w])
        with tf.Session(graph=g) as sess:
            return [sess.run([y, gx, gw], {x: v}) for v in (1.5, -2.0)]


@program
def cond_side_effects_only_when_taken(tf):
    g = tf.Graph()
    with g.as_default():
        flag = tf.placeholder(tf.bool, [], name="flag")
        hits = tf.Variable(0, name="hits")
        misses = tf.Variable(0, name="misses")
        out = tf.cond(flag, lambda: tf.assign_add(hits, 1), lambda: tf.assign_add(misses, 1))
        with tf.Session(graph=g) as sess:
            sess.run(tf.global_variables_initializer())
            seen = [sess.run(out, {flag: f}) for f in (True, True, False, True)]
            return [seen, sess.run([hits, misses])]


@program
def cond_structures(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [2], name="x")
        pair = tf.cond(tf.reduce_sum(x) > 0, lambda: (x + 1.0, x * 2.0), lambda: (x - 1.0, -x))
        named = tf.cond(
            x[0] > x[1],
            lambda: {"big": x[0], "small": x[1]},
            lambda: {"big": x[1], "small": x[0]},
        )
        single = tf.cond(x[0] > 0, lambda: [x * 3.0], lambda: [x])
        with tf.Session(graph=g) as sess:
            out = []
            for v in ([1.0, 2.0], [-3.0, 1.0]):
                a, b = sess.run(pair, {x: v})
                d = sess.run(named, {x: v})
                out.append([a, b, d["big"], d["small"], sess.run(single, {x: v})])
            return out


@program
def while_sum(tf):
    g = tf.Graph()
    with g.as_default():
        n = tf.placeholder(tf.int32, [], name="n")
        i, s = tf.while_loop(lambda i, s: i < n, lambda i, s: (i + 1, s + i), [0, 0])
        with tf.Session(graph=g) as sess:
            return [sess.run([i, s], {n: v}) for v in (0, 1, 10)]


@program
def while_gradient_power(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float64, [], name="x")
        w = tf.constant(0.5, tf.float64)

        def body(i, a):
            return i + 1, a * x + w * a * a

        _, a = tf.while_loop(
            lambda i, a: i < 4, body, [tf.constant(0), tf.constant(1.0, tf.float64)]
        )
        gx, gw = tf.gradients(a, [x, w])
        with tf.Session(graph=g) as sess:
            return [sess.run([a, gx, gw], {x: v}) for v in (0.3, -0.7)]


@program
def while_maximum_iterations(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.constant(1.0, tf.float64)
        r = tf.while_loop(lambda v: v < 1e9, lambda v: v * 3.0, [x], maximum_iterations=5)
        k = tf.while_loop(lambda v: v < 3, lambda v: v + 1, [0], maximum_iterations=10)
        with tf.Session(graph=g) as sess:
            return sess.run([r, k])


@program
def while_shape_invariants(tf):
    g = tf.Graph()
    with g.as_default():
        start = tf.constant([1.0], tf.float32)
        i0 = tf.constant(0)

        def body(i, v):
            return i + 1, tf.concat([v, v * 2.0], 0)

        _, out = tf.while_loop(
            lambda i, v: i < 3,
            body,
            [i0, start],
            shape_invariants=[i0.get_shape(), tf.TensorShape([None])],
        )
        with tf.Session(graph=g) as sess:
            return [sess.run(out), out.get_shape().as_list()]


@program
def while_matrix_gradient(tf):
    g = tf.Graph()
    with g.as_default():
        m = tf.constant([[0.5, 0.2], [0.1, 0.7]], tf.float64)
        v0 = tf.constant([[1.0], [2.0]], tf.float64)

        def body(i, v):
            return i + 1, tf.tanh(tf.matmul(m, v))

        _, v = tf.while_loop(lambda i, v: i < 3, body, [0, v0])
        loss = tf.reduce_sum(v * v)
        gm, gv = tf.gradients(loss, [m, v0])
        with tf.Session(graph=g) as sess:
            return sess.run([v, loss, gm, gv])


@program
def while_nested_structure(tf):
    g = tf.Graph()
    with g.as_default():
        Pair = collections.namedtuple("Pair", ["a", "b"])
        start = (tf.constant(0), Pair(tf.constant(1.0), tf.constant(2.0)))

        def body(i, p):
            return i + 1, Pair(p.b, p.a + p.b)

        i, p = tf.while_loop(lambda i, p: i < 6, body, start)
        with tf.Session(graph=g) as sess:
            out = sess.run([i, p.a, p.b])
            return out


@program
def while_assign_each_iteration(tf):
    g = tf.Graph()
    with g.as_default():
        counter = tf.Variable(0.0, name="counter")

        def body(i):
            with tf.control_dependencies([tf.assign_add(counter, 2.0)]):
                return i + 1

        r = tf.while_loop(lambda i: i < 5, body, [tf.constant(0)])
        with tf.Session(graph=g) as sess:
            sess.run(tf.global_variables_initializer())
            first = sess.run(r)
            sess.run(r)
            return [first, sess.run(counter)]


@program
def bodies_read_variables_after_outer_control_dependencies(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(1.0, name="v")
        p = tf.placeholder(tf.bool, [], name="p")
        inc = tf.assign_add(v, 10.0)
        with tf.control_dependencies([inc]):
            y = tf.cond(p, lambda: v * 2.0, lambda: v - 1.0)
            _, z = tf.while_loop(
                lambda i, a: i < 2, lambda i, a: (i + 1, a + v), [0, tf.constant(0.0)]
            )
        with tf.Session(graph=g) as sess:
            sess.run(tf.global_variables_initializer())
            return [sess.run(y, {p: True}), sess.run(y, {p: False}), sess.run(z), sess.run(v)]


@program
def while_reads_a_variable_after_its_update(tf):
    g = tf.Graph()
    with g.as_default():
        counter = tf.Variable(0.0, name="counter")

        def body(i, acc):
            with tf.control_dependencies([tf.assign_add(counter, 1.0)]):
                return i + 1, acc + counter * 10.0

        limit = tf.placeholder(tf.int32, [], name="limit")
        _, acc = tf.while_loop(
            lambda i, acc: i < 100,
            body,
            (0, tf.constant(0.0)),
            maximum_iterations=limit,
            parallel_iterations=1,  # TF runs iterations in parallel: its reads would race
        )
        with tf.Session(graph=g) as sess:
            sess.run(tf.global_variables_initializer())
            return [sess.run(acc, {limit: 4}), sess.run(counter), sess.run(acc, {limit: 0})]


@program
def map_fn_changing_dtype_and_case_from_a_dict(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [3], name="x")
        signs = tf.map_fn(lambda v: tf.cast(v > 0, tf.int32), x, dtype=tf.int32)
        pairs = tf.map_fn(
            lambda v: (v * 2.0, tf.cast(v, tf.int32)), x, dtype=(tf.float32, tf.int32)
        )
        picked = tf.case(
            {tf.reduce_sum(x) > 100.0: lambda: tf.constant(1.0)},
            default=lambda: tf.reduce_max(x),
        )
        with tf.Session(graph=g) as sess:
            return sess.run([signs, pairs[0], pairs[1], picked], {x: [1.5, -2.0, 3.0]})


@program
def case_forms(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.int32, [], name="x")
        listed = tf.case(
            [(tf.equal(x, 1), lambda: tf.constant(10)), (tf.equal(x, 2), lambda: tf.constant(20))],
            default=lambda: tf.constant(-1),
        )
        first_wins = tf.case(
            [(x > 0, lambda: tf.constant(1)), (x > 1, lambda: tf.constant(2))],
            default=lambda: tf.constant(0),
        )
        no_default = tf.case([(x < 0, lambda: tf.constant(-5)), (x >= 0, lambda: tf.constant(5))])
        with tf.Session(graph=g) as sess:
            return [sess.run([listed, first_wins, no_default], {x: v}) for v in (1, 2, 3, -4)]


@program
def map_fn_forms(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], tf.float64)
        sq = tf.map_fn(lambda r: r * r, x)
        sums = tf.map_fn(lambda r: tf.reduce_sum(r), x)
        both = tf.map_fn(lambda ab: ab[0] * ab[1], (x, x + 1.0), dtype=tf.float64)
        loss = tf.reduce_sum(tf.map_fn(lambda r: tf.reduce_sum(r * r * r), x))
        gx = tf.gradients(loss, x)[0]
        with tf.Session(graph=g) as sess:
            return sess.run([sq, sums, both, gx])


@program
def folds_and_scans(tf):
    g = tf.Graph()
    with g.as_default():
        e = tf.constant([1.0, 2.0, 3.0, 4.0], tf.float64)
        fl = tf.foldl(lambda a, x: a * 2.0 + x, e)
        fl0 = tf.foldl(lambda a, x: a * 2.0 + x, e, initializer=tf.constant(10.0, tf.float64))
        fr = tf.foldr(lambda a, x: a * 2.0 + x, e)
        sc = tf.scan(lambda a, x: a * 2.0 + x, e)
        sc0 = tf.scan(lambda a, x: a + x, e, initializer=tf.constant(100.0, tf.float64))
        scr = tf.scan(lambda a, x: a - x, e, reverse=True)
        gf = tf.gradients(fl, e)[0]
        gs = tf.gradients(tf.reduce_sum(sc), e)[0]
        with tf.Session(graph=g) as sess:
            return sess.run([fl, fl0, fr, sc, sc0, scr, gf, gs])


@program
def cond_inside_while(tf):
    g = tf.Graph()
    with g.as_default():
        x0 = tf.placeholder(tf.float64, [], name="x0")

        def body(i, x):
            return i + 1, tf.cond(x > 1.0, lambda: x * 0.5, lambda: x * 3.0 + 0.25)

        _, x = tf.while_loop(lambda i, x: i < 6, body, [tf.constant(0), x0])
        gx = tf.gradients(x, x0)[0]
        with tf.Session(graph=g) as sess:
            return [sess.run([x, gx], {x0: v}) for v in (0.7, 5.0)]


@program
def while_inside_cond(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float64, [], name="x")

        def loop():
            return tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * x), [0, x])[1]

        y = tf.cond(x > 0, loop, lambda: -x)
        gx = tf.gradients(y, x)[0]
        with tf.Session(graph=g) as sess:
            return [sess.run([y, gx], {x: v}) for v in (1.5, -2.0)]


@program
def nested_while_gradient(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float64, [], name="x")

        def inner(a):
            return tf.while_loop(lambda j, b: j < 2, lambda j, b: (j + 1, b * x + 1.0), [0, a])[1]

        _, y = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, inner(a)), [0, x])
        gx = tf.gradients(y, x)[0]
        with tf.Session(graph=g) as sess:
            return [sess.run([y, gx], {x: v}) for v in (0.5, -1.25)]


@program
def training_through_cond_and_loop(tf):
    g = tf.Graph()
    with g.as_default():
        w = tf.Variable(0.8, dtype=tf.float64, name="w")
        x = tf.placeholder(tf.float64, [], name="x")
        _, h = tf.while_loop(lambda i, h: i < 3, lambda i, h: (i + 1, tf.tanh(h * w + x)), [0, x])
        pred = tf.cond(h > 0, lambda: h * w, lambda: h - w)
        loss = tf.square(pred - 0.3)
        step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        with tf.Session(graph=g) as sess:
            sess.run(tf.global_variables_initializer())
            losses = [sess.run([loss, step], {x: v})[0] for v in (0.5, -0.2, 0.9, 0.1)]
            return [losses, sess.run(w)]


def to_json(value):
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if value is None:
        return None
    arr = np.asarray(value)
    if arr.dtype == object:
        raise TypeError(f"cannot store {value!r}")
    return {"dtype": arr.dtype.name, "value": arr.tolist()}


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    values = {name: to_json(fn(tf)) for name, fn in PROGRAMS.items()}
    REFERENCE.write_text(json.dumps(values, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(values)} programs to {REFERENCE}", file=sys.stderr)


if __name__ == "__main__":
    main()
