"""TF1 array, index, segment, state and debugging programs written once against `tf`, run
unchanged with `tf` = tensorflow.compat.v1 (make_array_reference.py, dev-only, writes
array_reference.json) and with `tf` = graphgate (test_tf_array_reference.py).

CASES have nn_cases.py's form (`build(tf, **placeholders) -> {name: tensor}`; outputs,
static shapes, dtypes, default names and gradients are compared). PROGRAMS take `tf` and
return plain data: values, names, and the class names of what was raised.
"""

from __future__ import annotations

import numpy as np

CASES: dict = {}
PROGRAMS: dict = {}


def case(**arrays):
    def register(build):
        CASES[build.__name__] = (arrays, build)
        return build

    return register


def program(fn):
    PROGRAMS[fn.__name__] = fn
    return fn


_rng = np.random.default_rng(1515)


def _n(*shape):
    return _rng.normal(size=shape)


def raises(fn) -> str:
    """The class name of what `fn()` raised, or "none"."""
    try:
        fn()
    except Exception as exc:
        return type(exc).__name__
    return "none"


def run(tf, fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


def plain(value):
    """JSON-ready: arrays to lists (floats as floats), namedtuples to lists."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, np.ndarray | np.generic):
        return value.tolist()
    return value


# -- range, linspace, reverse, broadcast_to, rank, shape_n, sequence_mask ------------------


@program
def range_and_linspace(tf):
    tf.reset_default_graph()
    p = tf.placeholder(tf.int32, [])
    ts = {
        "five": tf.range(5),
        "float": tf.range(1, 5.5),
        "int64": tf.range(2, 10, 3, dtype=tf.int64),
        "down": tf.range(10, 2, -3),
        "tenth": tf.range(0.0, 1.0, 0.1),
        "third_f64": tf.range(0.0, 2.0, 1.0 / 3, dtype=tf.float64),
        "fed": tf.range(p),
        "fed2": tf.range(1, p, 2),
        "lin": tf.linspace(0.0, 1.0, 7),
        "lin_one": tf.lin_space(2.0, 3.0, 1),
        "lin_down": tf.linspace(tf.constant(5.0, tf.float64), -1.0, 4),
    }
    values = run(tf, ts, {p: 7})
    out = {k: plain(v) for k, v in values.items()}
    # TF 2's compat.v1 builds linspace from slices (`linspace/Slice`); TF 1.x, whose names
    # graphgate keeps, made one `LinSpace` node.
    out["names"] = {k: t.op.name for k, t in ts.items() if not k.startswith("lin")}
    out["dtypes"] = {k: t.dtype.name for k, t in ts.items()}
    out["static"] = {k: t.shape.as_list() for k, t in ts.items()}
    out["start_name"] = [t.op.name for t in ts["five"].op.inputs]
    out["build_errors"] = [
        raises(lambda: tf.range(5, 1)),
        raises(lambda: tf.range(0, 5, 0)),
        raises(lambda: tf.range(1, -3, 1)),
    ]
    bad = tf.range(tf.placeholder_with_default(3, []), 1)
    out["run_error"] = raises(lambda: run(tf, bad))
    return out


@program
def rank_shape_n_sequence_mask(tf):
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [2, None, 4])
    u = tf.placeholder(tf.float32)
    lengths = tf.placeholder(tf.int32, [None])
    ts = {
        "rank": tf.rank(x),
        "rank_unknown": tf.rank(u),
        "shapes": tf.shape_n([x, u]),
        "mask": tf.sequence_mask([1, 3, 2]),
        "mask_maxlen": tf.sequence_mask([[1, 0], [4, 2]], 5, tf.float32),
        "mask_fed": tf.sequence_mask(lengths),
        "mask_fed_maxlen": tf.sequence_mask(lengths, 4, dtype=tf.int32),
    }
    feed = {x: np.zeros((2, 3, 4)), u: np.zeros((5, 1)), lengths: [2, 0, 3]}
    out = {k: plain(v) for k, v in run(tf, ts, feed).items()}
    flat = {k: t for k, t in ts.items() if k != "shapes"}
    out["names"] = {k: t.op.name for k, t in flat.items()}
    out["types"] = {k: t.op.type for k, t in flat.items()}
    out["static"] = {k: t.shape.as_list() for k, t in flat.items()}
    out["shape_names"] = [t.name for t in ts["shapes"]]
    return out


@program
def unique_where_setdiff_permutation(tf):
    tf.reset_default_graph()
    c = tf.placeholder(tf.float32, [2, 3])
    v = tf.constant([4, 1, 4, 2, 1, 1, 9])
    y, idx = tf.unique(v)
    uc = tf.unique_with_counts(tf.constant([3.5, -1.0, 3.5]), out_idx=tf.int64)
    ts = {
        "unique": tf.unique(v),
        "uc": uc,
        "where": tf.where(c > 0),
        "where_num": tf.where(c),
        "setdiff": tf.setdiff1d([1, 5, 2, 5, 7], [5, 0]),
        "perm": tf.invert_permutation([3, 0, 2, 1]),
    }
    feed = {c: [[1.0, -1.0, 2.0], [0.0, 3.0, 0.0]]}
    out = {k: plain(v) for k, v in run(tf, ts, feed).items()}
    out["fields"] = [list(ts["unique"]._fields), list(uc._fields), list(ts["setdiff"]._fields)]
    out["names"] = [y.op.name, idx.name, uc.count.name, ts["where"].op.name, ts["perm"].op.name]
    out["static"] = [y.shape.as_list(), idx.shape.as_list(), ts["where"].shape.as_list()]
    out["dtypes"] = [uc.idx.dtype.name, uc.count.dtype.name, ts["where"].dtype.name]
    out["where_one"] = raises(lambda: tf.where(c > 0, c))
    bad = tf.invert_permutation(tf.placeholder_with_default([0, 0, 1], [3]))
    out["bad_perm"] = raises(lambda: run(tf, bad))
    return out


@program
def meshgrid_tuple_clip_names(tf):
    tf.reset_default_graph()
    a = tf.constant([1.0, 2.0, 3.0])
    b = tf.constant([4.0, 5.0])
    xy = tf.meshgrid(a, b)
    ij = tf.meshgrid(a, b, tf.constant([7.0, 8.0]), indexing="ij")
    t = tf.tuple([a * 2, b])
    z = tf.zeros([3])
    clipped = tf.clip_by_norm(tf.constant([[3.0, 4.0], [0.6, 0.8]]), 2.0)
    rows = tf.clip_by_norm(tf.constant([[3.0, 4.0], [0.6, 0.8]]), 2.0, axes=[1])
    zero = tf.clip_by_norm(z, 1.0)
    avg = tf.clip_by_average_norm(tf.constant([[3.0, 4.0], [0.6, 0.8]]), 0.5)
    values = run(tf, [xy, ij, t, clipped, rows, zero, avg])
    return {
        "values": plain(values),
        "names": [
            [x.op.name for x in xy],
            [x.op.name for x in ij],
            [x.op.name for x in t],
            clipped.op.name,
            avg.op.name,
        ],
        "static": [x.shape.as_list() for x in ij],
        "zero_grad": plain(run(tf, tf.gradients(tf.reduce_sum(zero), z))),
    }


# -- cases with gradients -------------------------------------------------------------------


@case(x=_n(3, 4, 2))
def reverse_axes(tf, x):
    return {
        "r": tf.reverse(x, [1, -1]),
        "r0": tf.reverse_v2(x, [0]),
        "none": tf.reverse(x, []),
    }


@case(x=_n(3, 5, 2))
def reverse_sequence_batch0(tf, x):
    return {
        "s": tf.reverse_sequence(x, [2, 5, 0], seq_axis=1, batch_axis=0),
        "old": tf.reverse_sequence(x, tf.constant([1, 3], tf.int64), seq_dim=0, batch_dim=2),
    }


@case(x=_n(3, 1), v=_n(4))
def broadcast_to_shapes(tf, x, v):
    return {
        "b": tf.broadcast_to(x, [2, 3, 4]),
        "v": tf.broadcast_to(v, tf.shape(tf.zeros([3, 4]))),
    }


@case(x=_n(3, 4), y=_n(2, 2) * 1e-3)
def clip_by_norm_grads(tf, x, y):
    return {
        "all": tf.clip_by_norm(x, 1.5),
        "rows": tf.clip_by_norm(x, 1.5, axes=[1]),
        "small": tf.clip_by_norm(y, 1.0),
    }


@case(x=_n(3, 4).astype(np.float32))
def clip_by_average_norm_grads(tf, x):
    return {"avg": tf.clip_by_average_norm(x, 0.1), "big": tf.clip_by_average_norm(x, 5.0)}


@case(a=_n(3), b=_n(2))
def meshgrid_grads(tf, a, b):
    xy = tf.meshgrid(a, b)
    ij = tf.meshgrid(a, b, indexing="ij")
    return {"x": xy[0], "y": xy[1], "i": ij[0], "j": ij[1]}


# -- segments, partition, stitch ------------------------------------------------------------

_IDS = [0, 0, 2, 2, 2, 3]
_UIDS = [3, -1, 0, 3, 3, 1]
# Ties inside a segment (rows 2 and 4 hold the same values) and a zero in a product.
_SEG = _n(6, 2)
_SEG[4] = _SEG[2]
_SEG[3, 0] = 0.0


@case(x=_SEG)
def sorted_segments(tf, x):
    return {
        "sum": tf.segment_sum(x, _IDS),
        "mean": tf.segment_mean(x, _IDS),
        "max": tf.segment_max(x, _IDS),
        "min": tf.segment_min(x, _IDS),
        "prod": tf.segment_prod(x, _IDS),
    }


@case(x=_SEG)
def unsorted_segments(tf, x):
    return {
        "sum": tf.unsorted_segment_sum(x, _UIDS, 5),
        "max": tf.unsorted_segment_max(x, _UIDS, 5),
        "min": tf.unsorted_segment_min(x, _UIDS, 5),
        "prod": tf.unsorted_segment_prod(x, _UIDS, 5),
        "mean": tf.unsorted_segment_mean(x, _UIDS, 5),
        "sqrt_n": tf.unsorted_segment_sqrt_n(x, _UIDS, 5),
    }


@case(x=_n(2, 3, 2))
def unsorted_segments_2d_ids(tf, x):
    ids = tf.constant([[1, 0, 1], [-1, 2, 1]])
    return {
        "sum": tf.unsorted_segment_sum(x, ids, tf.constant(4)),
        "max": tf.unsorted_segment_max(x, ids, 3),
    }


@case(x=_n(5, 2))
def partition_and_stitch(tf, x):
    parts = tf.dynamic_partition(x, [1, 0, 2, 0, 1], 3)
    stitched = tf.dynamic_stitch([[1, 3], [0, 4], [2]], parts)
    over = tf.dynamic_stitch([[0, 1], [1, 2]], [x[:2], x[2:4]])
    return {"p0": parts[0], "p1": parts[1], "p2": parts[2], "stitched": stitched, "over": over}


@program
def segment_edge_cases(tf):
    tf.reset_default_graph()
    ints = tf.constant([1, -4, 2, 7])
    x = tf.placeholder(tf.float32, [None, 2])
    ids = tf.placeholder(tf.int32, [None])
    ts = {
        "int_mean": tf.segment_mean(ints, [0, 0, 1, 1]),
        "int_max": tf.segment_max(ints, [0, 0, 2, 2]),
        "uint_max": tf.unsorted_segment_max(ints, [0, 0, 2, 2], 4),
        "uint_min": tf.unsorted_segment_min(ints, [0, 0, 2, 2], 4),
        "uint_prod": tf.unsorted_segment_prod(ints, [0, -1, 2, 2], 4),
        "fed": tf.segment_sum(x, ids),
        "ufed": tf.unsorted_segment_max(x, ids, 3),
    }
    feed = {x: [[1, 2], [3, 4], [5, 6]], ids: [0, 2, 2]}
    out = {k: plain(v) for k, v in run(tf, ts, feed).items()}
    out["names"] = {k: t.op.name for k, t in ts.items()}
    out["static"] = {k: t.shape.as_list() for k, t in ts.items()}
    out["mean_name"] = tf.unsorted_segment_mean(x, ids, 3).op.name
    out["unsorted_out_of_range"] = raises(lambda: run(tf, tf.unsorted_segment_sum(x, ids, 2), feed))
    out["not_increasing"] = raises(
        lambda: run(tf, tf.segment_sum(x, ids), {x: feed[x], ids: [1, 0, 0]})
    )
    parts = tf.dynamic_partition(x, ids, 2)
    out["bad_partition"] = raises(lambda: run(tf, parts, feed))
    out["partition_names"] = [t.name for t in parts]
    return out


# -- variable updates -----------------------------------------------------------------------


@program
def scatter_updates(tf):
    tf.reset_default_graph()
    # TF 1.x's reference variables (TF 2's compat.v1 defaults to resource variables).
    getattr(tf, "disable_resource_variables", lambda: None)()
    v = tf.Variable(tf.reshape(tf.range(8.0), [4, 2]), name="v")
    n = tf.Variable(tf.ones([2, 3], tf.int32), name="n")
    u = tf.scatter_update(v, [1, 3], [[10.0, 11.0], [12.0, 13.0]])
    with tf.control_dependencies([u]):
        a = tf.scatter_add(v, [0, 0, 2], tf.ones([3, 2]))
    with tf.control_dependencies([a]):
        s = tf.scatter_sub(v, tf.constant([3]), [[1.0, 1.0]], name="down")
        m = tf.scatter_mul(n, [1], [[2, 3, 4]])
    with tf.control_dependencies([s, m]):
        d = tf.scatter_div(n, [1, 1], [[2, -2, 3], [1, 1, -1]])
        mn = tf.scatter_min(v, [2], [[0.5, 100.0]])
    with tf.control_dependencies([mn]):
        mx = tf.scatter_max(v, [2], [[-1.0, 200.0]])
    nd = tf.scatter_nd_update(v, [[0, 1], [3, 0]], [-5.0, -6.0])
    nda = tf.scatter_nd_add(n, [[0], [0]], [[1, 1, 1], [2, 2, 2]])
    nds = tf.scatter_nd_sub(v, [[1]], [[1.0, 1.0]])
    meth = v.scatter_sub(tf.IndexedSlices(tf.constant([[1.0, 2.0]]), tf.constant([2])))
    out = {}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        # TF 1's outputs alias the variable (fetches see the run's final value), graphgate's
        # are the value the update wrote: fetch the last update of each variable only.
        out["chain"] = plain(sess.run([d, mx]))
        out["after_chain"] = plain(sess.run([v, n]))
        out["nd"] = plain([sess.run(nd), sess.run(nda), sess.run(nds), sess.run(meth)])
        out["after_nd"] = plain(sess.run([v, n]))
        bad = tf.scatter_update(v, [4], [[0.0, 0.0]])
        out["out_of_range"] = raises(lambda: sess.run(bad))
        out["nd_out_of_range"] = raises(lambda: sess.run(tf.scatter_nd_add(v, [[0, 2]], [1.0])))
    out["names"] = [t.op.name for t in (u, a, s, m, d, mn, mx, nd, nda, nds, meth)]
    out["static"] = [u.shape.as_list(), nd.shape.as_list()]
    out["bad_shape"] = raises(lambda: tf.scatter_update(v, [0], [[1.0, 2.0, 3.0]]))
    out["bad_nd_shape"] = raises(lambda: tf.scatter_nd_update(v, [[0, 1]], [[1.0, 2.0]]))
    out["bad_dtype"] = raises(lambda: tf.scatter_add(n, [0], tf.constant([[1.0, 2.0, 3.0]])))
    return out


# -- debugging ------------------------------------------------------------------------------


@program
def asserts_and_numerics(tf):
    tf.reset_default_graph()
    p = tf.placeholder(tf.float32, [None])
    q = tf.placeholder(tf.float32, [None])
    x = tf.constant([1, 2])
    checks = {
        "less": tf.assert_less(p, q, message="hello"),
        "equal": tf.assert_equal(p, q),
        "positive": tf.debugging.assert_positive(p),
        "non_negative": tf.assert_non_negative(p),
        "greater_equal": tf.assert_greater_equal(p, q),
        "assert": tf.Assert(tf.reduce_all(p > 0), [p, "text"]),
    }
    printed = tf.Print(p, [p, q], "msg: ", summarize=2)
    numerics = tf.check_numerics(p, "bad")
    finite = tf.verify_tensor_all_finite(p, "bad2")
    with tf.control_dependencies([tf.print("deps", p)]):
        doubled = p * 2
    good = {p: [1.0, 2.0], q: [1.0, 2.0]}
    out = {"names": [printed.op.name, numerics.op.name, finite.op.name]}
    out["types"] = [printed.op.type, numerics.op.type]
    with tf.Session() as sess:
        out["good"] = plain(sess.run([printed, numerics, finite, doubled, checks["equal"]], good))
        for k, op in checks.items():
            out[k] = raises(lambda op=op: sess.run(op, {p: [-1.0, 3.0], q: [0.0, 1.0]}))
        out["nan"] = raises(lambda: sess.run(numerics, {p: [np.nan]}))
        out["inf"] = raises(lambda: sess.run(finite, {p: [np.inf]}))
        grad = tf.gradients(tf.reduce_sum(tf.check_numerics(p * p, "sq") + printed), p)[0]
        out["grad"] = plain(sess.run(grad, {p: [1.0, 3.0], q: [0.0]}))
    out["static_equal"] = raises(lambda: tf.assert_equal(x, tf.constant([1, 3])))
    out["static_rank"] = raises(lambda: tf.assert_rank(x, 2))
    out["static_rank_ok"] = tf.assert_rank(x, 1).type
    out["static_less"] = raises(lambda: tf.assert_less(x, tf.constant([2, 2])))
    out["int_numerics"] = raises(lambda: tf.check_numerics(x, "ints"))
    return out


# -- random ---------------------------------------------------------------------------------


@program
def random_names_and_shapes(tf):
    # Values differ by design (graphgate keeps TF's seed rules, not its bit stream).
    tf.reset_default_graph()
    tf.set_random_seed(1)
    x = tf.placeholder(tf.float32, [None, 3])
    ts = {
        "shuffle": tf.random_shuffle(x),
        "multinomial": tf.multinomial(tf.zeros([2, 3]), 5),
        "categorical": tf.random.categorical(tf.zeros([2, 3]), 4, dtype=tf.int32),
        "crop": tf.random_crop(tf.zeros([4, 5]), [2, 3]),
        "poisson": tf.random_poisson([1.0, 2.0], [7]),
        "uniform_int": tf.random_uniform([3], 0, 5, dtype=tf.int32),
        "normal": tf.random.normal([2]),
        "uniform": tf.random.uniform([2], 1.0, 2.0),
        "truncated": tf.random.truncated_normal([2]),
        "shuffle_ns": tf.random.shuffle([1, 2, 3]),
        "gamma": tf.random_gamma([3], [1.0, 2.0]),
        "gamma_beta": tf.random.gamma([2, 1], 2.0, beta=[[1.0], [3.0]], dtype=tf.float64),
    }
    return {
        "names": {k: t.op.name for k, t in ts.items() if k != "crop"},
        "dtypes": {k: t.dtype.name for k, t in ts.items()},
        "static": {k: t.shape.as_list() for k, t in ts.items()},
        "int_without_max": raises(lambda: tf.random_uniform([2], dtype=tf.int32)),
    }


# -- schedules ------------------------------------------------------------------------------


@program
def cosine_schedules(tf):
    tf.reset_default_graph()
    step = tf.placeholder(tf.int64, [])
    rates = {
        "cos": tf.train.cosine_decay(0.1, step, 40),
        "cos_alpha": tf.train.cosine_decay(0.1, step, 40, alpha=0.2),
        "restarts": tf.train.cosine_decay_restarts(0.1, step, 10),
        "restarts_t1": tf.train.cosine_decay_restarts(0.5, step, 7, t_mul=1.0, m_mul=0.5),
        "restarts_mix": tf.train.cosine_decay_restarts(0.1, step, 8, 1.5, 0.9, 0.05),
        "linear": tf.train.linear_cosine_decay(0.1, step, 60),
        "linear_periods": tf.train.linear_cosine_decay(0.1, step, 30, 2.0, 0.1, 0.01),
        # No noise: the deterministic part of the noisy schedule.
        "noisy_quiet": tf.train.noisy_linear_cosine_decay(0.1, step, 50, initial_variance=0.0),
    }
    out = {k: [] for k in rates}
    with tf.Session() as sess:
        for s in range(0, 101):
            values = sess.run(rates, {step: s})
            for k, v in values.items():
                out[k].append(float(v))
    out["names"] = {k: t.op.name for k, t in rates.items() if k.startswith("restarts")}
    out["dtypes"] = [rates["cos"].dtype.name]
    return out


# -- templates, tables, Python functions ----------------------------------------------------


@program
def templates_tables_py_func(tf):
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None])

    def scale(v, s):
        w = tf.get_variable("w", [], initializer=tf.ones_initializer())
        return v * w * s

    first = tf.make_template("scaler", scale, s=2.0)
    a1, a2 = first(x), first(x)
    second = tf.make_template("scaler", scale, s=3.0)
    b = second(x)
    now = tf.make_template("early", scale, create_scope_now_=True, s=1.0)
    c = now(x)
    bad = tf.make_template("bad", lambda v: v * tf.Variable(1.0))
    bad(x)
    tables = tf.tables_initializer()
    y = tf.py_func(lambda v: v * 2, [x], tf.float32)
    pair = tf.py_func(lambda v: (v, v + 1), [x], [tf.float32, tf.float32])
    eager = tf.py_function(lambda v: v.numpy() * 3, [x], tf.float32)
    numpy = tf.numpy_function(lambda v: v - 1, [x], tf.float32)
    out = {
        "names": [a1.op.name, a2.op.name, b.op.name, c.op.name, tables.name, tables.type],
        "variables": [[v.name for v in t.variables] for t in (first, second, now)],
        "scope_names": [first.variable_scope_name, now.variable_scope.name],
        "second_call": raises(lambda: bad(x)),
        "model_variables": [v.name for v in tf.model_variables()],
        "py_names": [y.op.name, y.op.type, pair[1].name, eager.op.type, numpy.op.name],
        "py_static": [y.shape.ndims, eager.shape.ndims],
        "grad": [g is None for g in tf.gradients(tf.reduce_sum(y), [x])],
    }
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(tables)
        out["values"] = plain(sess.run([a1, b, c, y, pair, eager, numpy], {x: [1.0, 2.0]}))
        wrong = tf.py_func(lambda v: v.astype(np.float64), [x], tf.float32)
        out["wrong_dtype"] = raises(lambda: sess.run(wrong, {x: [1.0]}))
        odd = tf.py_func(lambda v: {}["k"], [x], tf.float32)
        out["key_error"] = raises(lambda: sess.run(odd, {x: [1.0]}))
    return out


@case(t=_n(4, 3), u=_n(2, 3), s=_n(3))
def tensor_scatter_nd(tf, t, u, s):
    return {
        "update": tf.tensor_scatter_nd_update(t, [[2], [0]], u),
        "add": tf.tensor_scatter_nd_add(t, [[1], [1]], u),
        "sub": tf.tensor_scatter_nd_sub(t, [[3, 0], [0, 2], [3, 0]], s),
        "alias": tf.tensor_scatter_update(t, [[1, 1]], s[:1]),
    }


@program
def values_fixed_by_the_graph(tf):
    # What TF's shape inference and static checks read off the graph without running it.
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [3, None])
    y = tf.placeholder(tf.float32, [3, 2])
    ts = {
        "range_dim0": tf.range(tf.shape(x)[0]),
        "range_dim1": tf.range(tf.shape(x)[1]),
        "range_size": tf.range(tf.size(y)),
        "mask": tf.sequence_mask([1, 2], tf.shape(x)[0]),
        "broadcast": tf.broadcast_to(1.0, tf.shape(x)),
        "broadcast_full": tf.broadcast_to(1.0, tf.stack([tf.shape(y)[1], 4])),
    }
    return {
        "static": {k: t.shape.as_list() for k, t in ts.items()},
        "sliced_check": raises(lambda: tf.assert_equal(tf.shape(x)[0], 4)),
        "shape_check": raises(lambda: tf.assert_equal(tf.shape(y), [3, 3])),
        "rank_check": raises(lambda: tf.assert_equal(tf.rank(y), 3)),
        "size_check": raises(lambda: tf.assert_less(tf.size(y), 6)),
    }


@program
def shape_and_tolerance_checks(tf):
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.placeholder(tf.float32, [None, 4])
    z = tf.placeholder(tf.float32, [2, None])
    fine = tf.debugging.assert_shapes([(x, ("N", "D")), (y, ("N", "E"))])
    late = tf.debugging.assert_shapes([(x, ("N", "D")), (z, ("M", "N"))])
    near = tf.assert_near(x, x + 1e-7)
    far = tf.assert_near(x, x + 1.0, message="far")
    out = {
        "types": [fine.type, late.type],
        "explicit": raises(lambda: tf.debugging.assert_shapes([(x, ("N", 4))])),
        "symbolic": raises(lambda: tf.debugging.assert_shapes([(x, ("N", "D")), (z, ("D", "N"))])),
        "rank": raises(lambda: tf.debugging.assert_shapes([(x, ("N",))])),
        "integer": raises(lambda: tf.assert_integer(x)),
        "integer_ok": tf.assert_integer(tf.constant(1)).type,
        "numeric": [tf.is_numeric_tensor(x), tf.is_numeric_tensor(x > 0)],
    }
    with tf.Session() as sess:
        feed = {x: np.zeros((3, 3)), y: np.zeros((3, 4)), z: np.zeros((2, 3))}
        sess.run([fine, late, near], feed)
        out["late_fails"] = raises(lambda: sess.run(late, {**feed, z: np.zeros((2, 2))}))
        out["far"] = raises(lambda: sess.run(far, feed))
        out["monotone"] = plain(
            sess.run(
                [
                    tf.is_non_decreasing([1, 2, 2]),
                    tf.is_strictly_increasing([1, 2, 2]),
                    tf.is_strictly_increasing([[1.0, 3.0]]),
                    tf.is_non_decreasing([]),
                ]
            )
        )
    return out


@program
def sliced_assignment(tf):
    tf.reset_default_graph()
    getattr(tf, "disable_resource_variables", lambda: None)()
    v = tf.Variable(tf.zeros([3, 4]), name="v")
    a = v[1].assign(tf.ones([4]))
    with tf.control_dependencies([a]):
        b = v[:, 1:3].assign([[1.0, 2.0]] * 3, name="cols")
    with tf.control_dependencies([b]):
        c = v[0, 0].assign(5.0)
    with tf.control_dependencies([c]):
        d = v[2].assign(7.0)
    out = {"names": [a.op.name, b.op.name, c.op.name, d.op.name], "static": a.shape.as_list()}
    with tf.Session() as sess:
        sess.run(v.initializer)
        sess.run(d)
        out["value"] = plain(sess.run(v))
        bad = v[0].assign(tf.placeholder_with_default([1.0, 2.0], [None]))
        out["bad"] = raises(lambda: sess.run(bad))
    return out


@case(x=_n(3, 4, 2))
def strided_slice_roll_identity_n(tf, x):
    a, b = tf.identity_n([x, x * 2])
    return {
        "ss": tf.strided_slice(x, [0, 1, 0], [3, 4, 1], [2, 1, 1]),
        "masks": tf.strided_slice(x, [1, 3, 0], [0, 0, 0], [1, -1, 1], begin_mask=1, end_mask=6),
        "shrink": tf.strided_slice(x, [1, 0], [2, 4], [1, 2], shrink_axis_mask=1),
        "newaxis": tf.strided_slice(x, [0, 0, 0], [1, 2, 2], new_axis_mask=2),
        "ellipsis": tf.strided_slice(x, [0, 1], [1, 2], ellipsis_mask=1),
        "roll": tf.roll(x, 1, 0),
        "roll2": tf.roll(x, [2, -1], [1, 2]),
        "a": a,
        "b": b,
        "ensured": tf.ensure_shape(x, [3, None, 2]),
    }


@program
def searchsorted_and_ensure_shape(tf):
    tf.reset_default_graph()
    seq = tf.constant([[0.0, 1.0, 1.0, 3.0], [2.0, 4.0, 6.0, 8.0]])
    vals = tf.constant([[1.0, 2.0, -1.0], [8.0, 5.0, 9.0]])
    p = tf.placeholder(tf.float32, [None])
    ensured = tf.ensure_shape(p, [2])
    left = tf.searchsorted(seq, vals)
    right = tf.searchsorted(seq, vals, side="right", out_type=tf.int64)
    out = {
        "names": [left.op.name, right.op.name, ensured.op.name],
        "static": [ensured.shape.as_list(), left.shape.as_list()],
        "dtypes": [left.dtype.name, right.dtype.name],
        "build": raises(lambda: tf.ensure_shape(tf.zeros([3]), [2])),
    }
    with tf.Session() as sess:
        out["values"] = plain(sess.run([left, right, ensured], {p: [1.0, 2.0]}))
        out["run"] = raises(lambda: sess.run(ensured, {p: [1.0, 2.0, 3.0]}))
    return out


@case(x=_n(3, 3), y=_n(3, 3), z=_n(3, 2, 2))
def where_with_a_vector_condition_picks_rows(tf, x, y, z):
    rows = tf.constant([True, False, True])
    return {
        "square": tf.where(rows, x, y),
        "cube": tf.where(rows, z, -z),
        "same_shape": tf.where(x > y, x, y),
    }
