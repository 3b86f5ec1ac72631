"""Engine benchmarks against plain numpy, measured in the same process.

    .venv/bin/python benchmarks/engine_bench.py [--rounds 7] [--quick]

Single-threaded like a 1-vCPU Lambda. Engine and reference runs alternate in short slices;
times are medians over the slices and each ratio is the median of the per-slice ratios,
because this machine is shared and noisy.
This is a report, not a test: nothing here fails on a slow figure.
"""

from __future__ import annotations

import os

for _var in (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
):
    os.environ[_var] = "1"

import argparse  # noqa: E402 - the thread settings must precede numpy's import
import gc  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

import graphgate as gg  # noqa: E402

now = time.perf_counter


def per_call(fn, number: int) -> float:
    """Seconds per call of `fn` over `number` calls."""
    t0 = now()
    for _ in range(number):
        fn()
    return (now() - t0) / number


_RATIOS: dict[tuple[float, float], float] = {}


def interleaved(engine, reference, number: int, rounds: int) -> tuple[float, float]:
    """Median seconds per call of each, alternating engine and reference in short slices.

    The ratio reported is the median of the per-slice ratios: each pair is measured close
    together in time, so load that comes and goes on a shared machine cancels out.
    """
    for _ in range(3):
        engine()
        reference()
    e, r = [], []
    slices = rounds * 3
    per_slice = max(1, number // 3)
    for i in range(slices):
        if i % 2:
            r.append(per_call(reference, per_slice))
            e.append(per_call(engine, per_slice))
        else:
            e.append(per_call(engine, per_slice))
            r.append(per_call(reference, per_slice))
    result = statistics.median(e), statistics.median(r)
    _RATIOS[result] = statistics.median(a / b for a, b in zip(e, r, strict=True))
    return result


def report(
    label: str,
    engine: float,
    reference: float,
    unit: str = "µs",
    target: str = "",
    against: str = "numpy",
) -> None:
    scale = 1e6 if unit == "µs" else 1e3
    ratio = _RATIOS.get((engine, reference))
    if ratio is None:
        ratio = engine / reference if reference else float("nan")
    print(
        f"{label:<46} engine {engine * scale:10.3f} {unit}   {against} {reference * scale:10.3f} "
        f"{unit}   ratio {ratio:6.2f}x   {target}"
    )


# -- the tutorial program ------------------------------------------------------------------


def bench_tutorial(rounds: int) -> None:
    g = gg.Graph()
    with g.as_default():
        a = gg.constant(15.0, name="a")
        b = gg.constant(5.0, name="b")
        res = gg.divide(gg.multiply(a, b), gg.add(a, b))
        pa = gg.placeholder(gg.float32, [], name="pa")
        pb = gg.placeholder(gg.float32, [], name="pb")
        fed = gg.divide(gg.multiply(pa, pb), gg.add(pa, pb))
    sess = gg.Session(g)
    assert sess.run(res) == 3.75
    na, nb = np.float32(15.0), np.float32(5.0)
    e, r = interleaved(lambda: sess.run(res), lambda: na * nb / (na + nb), 20000, rounds)
    report("tutorial, constants (per run)", e, r, target="issue 17 W1: ≤ 0.2 µs")
    feed = {pa: np.array(15.0, np.float32), pb: np.array(5.0, np.float32)}
    assert sess.run(fed, feed) == 3.75
    e, r = interleaved(lambda: sess.run(fed, feed), lambda: na * nb / (na + nb), 20000, rounds)
    report("tutorial, a and b fed (per run)", e, r, target="reported")
    feed_py = {pa: 15.0, pb: 5.0}
    e, r = interleaved(lambda: sess.run(fed, feed_py), lambda: na * nb / (na + nb), 20000, rounds)
    report("tutorial, fed Python floats (per run)", e, r, target="reported")


# -- a 1,000-op elementwise chain ----------------------------------------------------------

CHAIN_OPS = [
    ("tanh", np.tanh, None),
    ("add", np.add, 0.5),
    ("multiply", np.multiply, 0.9),
    ("abs", np.abs, None),
    ("sqrt", np.sqrt, None),
    ("subtract", np.subtract, 0.25),
    ("negative", np.negative, None),
    ("exp", np.exp, None),
    ("maximum", np.maximum, 0.1),
    ("log", np.log, None),
]


def bench_chain(rounds: int, length: int = 1000) -> None:
    g = gg.Graph()
    steps = [CHAIN_OPS[i % len(CHAIN_OPS)] for i in range(length)]
    with g.as_default():
        x = gg.placeholder(gg.float32, [1], name="x")
        y = x
        for name, _, c in steps:
            fn = getattr(gg, name)
            y = fn(y) if c is None else fn(y, gg.constant(np.full(1, c, np.float32)))
    sess = gg.Session(g)
    x0 = np.full(1, 0.3, np.float32)
    ref_steps = [(fn, None if c is None else np.full(1, c, np.float32)) for _, fn, c in steps]

    def reference():
        v = x0
        for fn, c in ref_steps:
            v = fn(v) if c is None else fn(v, c)
        return v

    feed = {x: x0}
    with np.errstate(all="ignore"):
        np.testing.assert_allclose(sess.run(y, feed), reference(), rtol=1e-5)
        e, r = interleaved(lambda: sess.run(y, feed), reference, 300, rounds)
    _RATIOS[(e / length, r / length)] = _RATIOS[(e, r)]
    report(
        f"chain of {length} elementwise ops (per node)",
        e / length,
        r / length,
        target="issue 17 W2: ≤ 0.3x",
    )


def bench_chain_large(rounds: int, length: int = 20, size: int = 1 << 20) -> None:
    """The W2 chain on a 1M-float feed: where fusing elementwise ops would win by memory
    traffic rather than by dispatch (issue 17)."""
    g = gg.Graph()
    steps = [CHAIN_OPS[i % len(CHAIN_OPS)] for i in range(length)]
    with g.as_default():
        x = gg.placeholder(gg.float32, [size], name="x")
        y = x
        for name, _, c in steps:
            fn = getattr(gg, name)
            y = fn(y) if c is None else fn(y, gg.constant(np.float32(c)))
    sess = gg.Session(g)
    x0 = np.random.default_rng(3).uniform(0.1, 1.0, size).astype(np.float32)
    ref_steps = [(fn, None if c is None else np.float32(c)) for _, fn, c in steps]

    def reference():
        v = x0
        for fn, c in ref_steps:
            v = fn(v) if c is None else fn(v, c)
        return v

    feed = {x: x0}
    with np.errstate(all="ignore"):
        np.testing.assert_array_equal(sess.run(y, feed), reference())
        e, r = interleaved(lambda: sess.run(y, feed), reference, 6, rounds)
    report(
        f"chain of {length} elementwise ops over 1M floats",
        e,
        r,
        unit="ms",
        target="issue 17 W2, large: reported",
    )


# -- MLP forward ---------------------------------------------------------------------------


def mlp_params(seed: int = 0):
    rng = np.random.default_rng(seed)
    return (
        rng.standard_normal((784, 128), np.float32) * 0.05,
        np.zeros(128, np.float32),
        rng.standard_normal((128, 10), np.float32) * 0.05,
        np.zeros(10, np.float32),
    )


def bench_mlp(rounds: int) -> None:
    w1, b1, w2, b2 = mlp_params()
    x0 = np.random.default_rng(1).standard_normal((256, 784), np.float32)
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [None, 784], name="x")
        W1, B1 = gg.Variable(w1, name="W1"), gg.Variable(b1, name="b1")
        W2, B2 = gg.Variable(w2, name="W2"), gg.Variable(b2, name="b2")
        h = gg.relu(gg.matmul(x, W1) + B1)
        probs = gg.softmax(gg.matmul(h, W2) + B2)
        init = gg.global_variables_initializer()
    sess = gg.Session(g)
    sess.run(init)

    def reference():
        hh = np.maximum(x0 @ w1 + b1, 0)
        z = hh @ w2 + b2
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    feed = {x: x0}
    np.testing.assert_allclose(sess.run(probs, feed), reference(), rtol=1e-5, atol=1e-7)
    e, r = interleaved(lambda: sess.run(probs, feed), reference, 50, rounds)
    report(
        "MLP forward 256x784 -> 128 relu -> 10 softmax",
        e,
        r,
        unit="ms",
        target="issue 17 W3: ≤ 0.95x",
    )


# -- a big matmul (issue 17's W6) ----------------------------------------------------------


def bench_matmul(rounds: int, n: int = 2048) -> None:
    """A 2048² float32 matmul: the engine should run at numpy's BLAS speed."""
    rng = np.random.default_rng(6)
    a0, b0 = (rng.standard_normal((n, n)).astype(np.float32) for _ in range(2))
    g = gg.Graph()
    with g.as_default():
        a = gg.placeholder(gg.float32, [n, n], name="a")
        b = gg.placeholder(gg.float32, [n, n], name="b")
        c = gg.matmul(a, b)
    sess = gg.Session(g)
    feed = {a: a0, b: b0}
    np.testing.assert_array_equal(sess.run(c, feed), a0 @ b0)
    e, r = interleaved(lambda: sess.run(c, feed), lambda: a0 @ b0, 3, rounds)
    flop = 2 * n**3
    print(
        f"{'matmul 2048x2048 float32 (GFLOP/s)':<46} engine {flop / e / 1e9:10.1f}        "
        f"numpy {flop / r / 1e9:10.1f}        ratio {_RATIOS[(e, r)]:6.2f}x   "
        "issue 17 W6: numpy's speed"
    )


# -- a 20,000-node random DAG --------------------------------------------------------------

DAG_BINARY = [
    ("add", np.add),
    ("multiply", np.multiply),
    ("maximum", np.maximum),
    ("subtract", np.subtract),
]


def dag_spec(n: int, seed: int = 0):
    """Node k combines node k-1 with a random earlier node (so every node is needed),
    then squashes with tanh every third node to keep values finite."""
    rng = np.random.default_rng(seed)
    spec = []
    for k in range(n):
        if k % 3 == 2 or k == 0:
            spec.append(("tanh", k - 1, None))
        else:
            op = DAG_BINARY[int(rng.integers(len(DAG_BINARY)))][0]
            spec.append((op, k - 1, int(rng.integers(0, k)) if k else None))
    return spec


def build_dag(gg, spec, width: int):
    """W5's graph, built with the engine module `gg`: (graph, placeholder, every node's
    tensor in order)."""
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [width], name="x")
        nodes = [x]
        for op, a, b in spec:
            fn = getattr(gg, op)
            nodes.append(fn(nodes[a + 1]) if b is None else fn(nodes[a + 1], nodes[b + 1]))
    return g, x, nodes


def numpy_dag(spec, x0):
    """W5's program in eager numpy: every value kept, as a script's variables would be."""
    np_fns = dict(DAG_BINARY, tanh=np.tanh)
    vals = [x0]
    for op, a, b in spec:
        fn = np_fns[op]
        vals.append(fn(vals[a + 1]) if b is None else fn(vals[a + 1], vals[b + 1]))
    return vals[-1]


class _Collections:
    """Seconds spent in Python's cyclic garbage collector while `counting` (gc.callbacks)."""

    def __init__(self):
        self.counting = False
        self.seconds = 0.0
        self._start = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = now()
        elif self.counting:
            self.seconds += now() - self._start


def bench_dag(rounds: int, n: int = 20000, width: int = 4096) -> None:
    spec = dag_spec(n)
    x0 = np.random.default_rng(2).standard_normal(width).astype(np.float32)

    def numpy_eager():
        return numpy_dag(spec, x0)

    collections = _Collections()

    def engine():
        collections.seconds, collections.counting = 0.0, True
        t0 = now()
        g, x, nodes = build_dag(gg, spec, width)
        t1 = now()
        collections.counting = False
        sess = gg.Session(g)
        out = sess.run(nodes[-1], {x: x0})
        t2 = now()
        sess.run(nodes[-1], {x: x0})  # builds the plan's steps
        t3 = now()
        sess.run(nodes[-1], {x: x0})
        t4 = now()
        return t1 - t0, collections.seconds, t2 - t1, t3 - t2, t4 - t3, out

    gc.callbacks.append(collections)
    builds, in_gc, firsts, seconds, reruns, refs = [], [], [], [], [], []
    try:
        with np.errstate(all="ignore"):
            np.testing.assert_allclose(engine()[-1], numpy_eager(), rtol=1e-4, atol=1e-6)
            for _ in range(max(3, rounds // 2)):
                b, c, f, s2, r2, _ = engine()
                builds.append(b)
                in_gc.append(c)
                firsts.append(f)
                seconds.append(s2)
                reruns.append(r2)
                t0 = now()
                numpy_eager()
                refs.append(now() - t0)
    finally:
        gc.callbacks.remove(collections)
    b, c, f, s2, r2, r = (
        statistics.median(v) for v in (builds, in_gc, firsts, seconds, reruns, refs)
    )
    report(f"random DAG of {n} nodes: build", b, r, unit="ms", target=f"GC {c * 1e3:.0f} ms")
    report(f"random DAG of {n} nodes: first run", f, r, unit="ms", target="")
    report(f"random DAG of {n} nodes: second run", s2, r, unit="ms", target="builds the steps")
    report(f"random DAG of {n} nodes: re-run", r2, r, unit="ms", target="")
    report(
        f"random DAG of {n} nodes: build + first run",
        b + f,
        r,
        unit="ms",
        target="issue 17 W5: ≤ 2.5x",
    )


# -- import time ---------------------------------------------------------------------------


def bench_import(rounds: int) -> None:
    def cold(stmt: str) -> float:
        t0 = now()
        subprocess.run([sys.executable, "-c", stmt], check=True)
        return now() - t0

    e, r = [], []
    for _ in range(rounds):
        e.append(cold("import numpy, graphgate"))
        r.append(cold("import numpy"))
    e_med, r_med = statistics.median(e), statistics.median(r)
    print(
        f"{'import graphgate beyond numpy (cold process)':<46} "
        f"{(e_med - r_med) * 1e3:10.1f} ms   (numpy alone {r_med * 1e3:.1f} ms)   "
        f"target ≤ 150 ms"
    )


# -- one SGD training step (issue 4) -------------------------------------------------------


def bench_sgd(rounds: int) -> None:
    if not hasattr(gg, "train"):
        return
    w1, b1, w2, b2 = mlp_params()
    rng = np.random.default_rng(3)
    x0 = rng.standard_normal((256, 784), np.float32)
    y0 = np.eye(10, dtype=np.float32)[rng.integers(0, 10, 256)]
    lr = np.float32(0.01)
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [None, 784], name="x")
        y = gg.placeholder(gg.float32, [None, 10], name="y")
        W1, B1 = gg.Variable(w1, name="W1"), gg.Variable(b1, name="b1")
        W2, B2 = gg.Variable(w2, name="W2"), gg.Variable(b2, name="b2")
        h = gg.relu(gg.matmul(x, W1) + B1)
        logits = gg.matmul(h, W2) + B2
        loss = gg.reduce_mean(gg.softmax_cross_entropy_with_logits(labels=y, logits=logits))
        step = gg.train.GradientDescentOptimizer(0.01).minimize(loss)
        init = gg.global_variables_initializer()
    sess = gg.Session(g)
    sess.run(init)
    params = [w1.copy(), b1.copy(), w2.copy(), b2.copy()]

    def reference():
        p1, q1, p2, q2 = params
        z1 = x0 @ p1 + q1
        hh = np.maximum(z1, 0)
        z = hh @ p2 + q2
        e = np.exp(z - z.max(axis=1, keepdims=True))
        prob = e / e.sum(axis=1, keepdims=True)
        dz = (prob - y0) / np.float32(len(x0))
        dw2 = hh.T @ dz
        db2 = dz.sum(axis=0)
        dh = dz @ p2.T
        dh[z1 <= 0] = 0
        dw1 = x0.T @ dh
        db1 = dh.sum(axis=0)
        p1 -= lr * dw1
        q1 -= lr * db1
        p2 -= lr * dw2
        q2 -= lr * db2

    feed = {x: x0, y: y0}
    e, r = interleaved(lambda: sess.run(step, feed), reference, 30, rounds)
    report(
        "SGD step, MLP 256x784 -> 128 -> 10, xent", e, r, unit="ms", target="issue 17 W4: ≤ 0.95x"
    )


# -- LeNet-5 on a 64-image batch (issue 15) ------------------------------------------------

LENET_SHAPES = [(5, 5, 1, 6), (6,), (5, 5, 6, 16), (16,), (400, 120), (120,), (120, 84), (84,)]
LENET_SHAPES += [(84, 10), (10,)]


def lenet_params(seed: int = 4):
    rng = np.random.default_rng(seed)
    return [(rng.standard_normal(s) * 0.1).astype(np.float32) for s in LENET_SHAPES]


def _np_im2col(xp, k):
    """[N*OH*OW, K*K*C] patches, C innermost (the layout a [K, K, C, O] filter flattens to)."""
    v = np.lib.stride_tricks.sliding_window_view(xp, (k, k), axis=(1, 2))
    v = v.transpose(0, 1, 2, 4, 5, 3)
    return np.ascontiguousarray(v).reshape(-1, k * k * xp.shape[3]), v.shape[1:3]


def _np_conv(x, w, pad):
    xp = np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0))) if pad else x
    cols, (oh, ow) = _np_im2col(xp, w.shape[0])
    return (cols @ w.reshape(-1, w.shape[3])).reshape(len(x), oh, ow, w.shape[3]), cols, xp.shape


def _np_conv_back(dy, cols, xp_shape, w, pad):
    k = w.shape[0]
    dw = (dy.reshape(-1, w.shape[3]).T @ cols).T.reshape(w.shape)
    patches = (dy.reshape(-1, w.shape[3]) @ w.reshape(-1, w.shape[3]).T).reshape(
        *dy.shape[:3], k, k, w.shape[2]
    )
    dxp = np.zeros(xp_shape, dy.dtype)
    oh, ow = dy.shape[1:3]
    for i in range(k):
        for j in range(k):
            dxp[:, i : i + oh, j : j + ow] += patches[:, :, :, i, j]
    return (dxp[:, pad:-pad, pad:-pad] if pad else dxp), dw


def _np_pool(x):
    n, h, w, c = x.shape
    return x.reshape(n, h // 2, 2, w // 2, 2, c).max(axis=(2, 4))


def _np_pool_back(dy, x, y):
    up = np.repeat(np.repeat(y, 2, 1), 2, 2)
    return (x == up) * np.repeat(np.repeat(dy, 2, 1), 2, 2)


def lenet_numpy_step(params, x, labels, lr, train=True):
    """LeNet-5 in plain numpy (contiguous im2col + matmul, col2im over the 25 kernel
    offsets, reshape-based 2x2 pooling), one SGD step on mean xent."""
    w1, b1, w2, b2, w3, b3, w4, b4, w5, b5 = params
    c1, cols1, xp1 = _np_conv(x, w1, 2)
    a1 = np.maximum(c1 + b1, 0)
    p1 = _np_pool(a1)
    c2, cols2, xp2 = _np_conv(p1, w2, 0)
    a2 = np.maximum(c2 + b2, 0)
    p2 = _np_pool(a2)
    f = p2.reshape(len(x), -1)
    a3 = np.maximum(f @ w3 + b3, 0)
    a4 = np.maximum(a3 @ w4 + b4, 0)
    z = a4 @ w5 + b5
    e = np.exp(z - z.max(axis=1, keepdims=True))
    prob = e / e.sum(axis=1, keepdims=True)
    n = len(x)
    loss = -np.mean(np.log(prob[np.arange(n), labels]))
    if not train:
        return loss
    dz = prob
    dz[np.arange(n), labels] -= 1
    dz /= np.float32(n)
    grads = [None] * 10
    grads[8], grads[9] = a4.T @ dz, dz.sum(0)
    d4 = (dz @ w5.T) * (a4 > 0)
    grads[6], grads[7] = a3.T @ d4, d4.sum(0)
    d3 = (d4 @ w4.T) * (a3 > 0)
    grads[4], grads[5] = f.T @ d3, d3.sum(0)
    dp2 = (d3 @ w3.T).reshape(p2.shape)
    da2 = _np_pool_back(dp2, a2, p2) * (a2 > 0)
    grads[3] = da2.sum((0, 1, 2))
    dp1, grads[2] = _np_conv_back(da2, cols2, xp2, w2, 0)
    da1 = _np_pool_back(dp1, a1, p1) * (a1 > 0)
    grads[1] = da1.sum((0, 1, 2))
    _, grads[0] = _np_conv_back(da1, cols1, xp1, w1, 2)
    for p, g in zip(params, grads, strict=True):
        p -= lr * g.astype(np.float32)
    return loss


def lenet_graph(params):
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [None, 28, 28, 1], name="x")
        labels = gg.placeholder(gg.int32, [None], name="labels")
        w = [gg.Variable(p, name=f"p{i}") for i, p in enumerate(params)]
        h = gg.nn.relu(gg.nn.bias_add(gg.nn.conv2d(x, w[0], 1, "SAME"), w[1]))
        h = gg.nn.max_pool(h, 2, 2, "VALID")
        h = gg.nn.relu(gg.nn.bias_add(gg.nn.conv2d(h, w[2], 1, "VALID"), w[3]))
        h = gg.reshape(gg.nn.max_pool(h, 2, 2, "VALID"), [-1, 400])
        h = gg.nn.relu(gg.matmul(h, w[4]) + w[5])
        h = gg.nn.relu(gg.matmul(h, w[6]) + w[7])
        logits = gg.matmul(h, w[8]) + w[9]
        xent = gg.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
        loss = gg.reduce_mean(xent)
        step = gg.train.GradientDescentOptimizer(0.01).minimize(loss)
        init = gg.global_variables_initializer()
    return g, x, labels, w, loss, step, init


def bench_lenet(rounds: int) -> None:
    params = lenet_params()
    rng = np.random.default_rng(5)
    x0 = rng.uniform(0, 1, (64, 28, 28, 1)).astype(np.float32)
    y0 = rng.integers(0, 10, 64).astype(np.int32)
    g, x, labels, w, loss, step, init = lenet_graph(params)
    sess = gg.Session(g)
    sess.run(init)
    feed = {x: x0, labels: y0}
    ref = [p.copy() for p in params]
    lr = np.float32(0.01)
    np.testing.assert_allclose(
        sess.run(loss, feed), lenet_numpy_step(ref, x0, y0, lr, train=False), rtol=1e-5
    )
    sess.run(step, feed)
    lenet_numpy_step(ref, x0, y0, lr)
    for got, want in zip(sess.run(w), ref, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6)
    e, r = interleaved(
        lambda: sess.run(loss, feed),
        lambda: lenet_numpy_step(ref, x0, y0, lr, train=False),
        30,
        rounds,
    )
    report("LeNet-5 forward, 64 images 28x28", e, r, unit="ms", target="reported")
    e, r = interleaved(
        lambda: sess.run(step, feed), lambda: lenet_numpy_step(ref, x0, y0, lr), 15, rounds
    )
    report("LeNet-5 SGD train step, 64 images 28x28", e, r, unit="ms", target="reported")


# -- an imported ONNX model against onnxruntime -------------------------------------------


def bench_onnx_mlp(rounds: int) -> None:
    try:
        import onnxruntime as ort
        from onnx import TensorProto, helper, numpy_helper
    except ImportError:
        print("imported ONNX MLP: skipped (pip install 'graphgate[onnx]' onnxruntime)")
        return
    w1, b1, w2, b2 = mlp_params()
    x0 = np.random.default_rng(1).standard_normal((256, 784), np.float32)
    nodes = [
        helper.make_node("MatMul", ["x", "w1"], ["a"]),
        helper.make_node("Add", ["a", "b1"], ["z1"]),
        helper.make_node("Relu", ["z1"], ["h"]),
        helper.make_node("MatMul", ["h", "w2"], ["c"]),
        helper.make_node("Add", ["c", "b2"], ["z2"]),
        helper.make_node("Softmax", ["z2"], ["probs"], axis=-1),
    ]
    names = ("w1", "b1", "w2", "b2")
    inits = [numpy_helper.from_array(v, n) for n, v in zip(names, mlp_params(), strict=True)]
    graph = helper.make_graph(
        nodes,
        "mlp",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 784])],
        [helper.make_tensor_value_info("probs", TensorProto.FLOAT, ["N", 10])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8  # what onnxruntime reads
    g, values = gg.import_onnx(model)
    sess = gg.Session(g)
    sess.run(gg.global_variables_initializer(g))
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    rt = ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    feed = {values["x"]: x0}
    probs = values["probs"]
    np.testing.assert_allclose(
        sess.run(probs, feed), rt.run(None, {"x": x0})[0], rtol=1e-5, atol=1e-7
    )
    del w1, b1, w2, b2
    e, r = interleaved(lambda: sess.run(probs, feed), lambda: rt.run(None, {"x": x0}), 50, rounds)
    report(
        "imported ONNX MLP 256x784 -> 128 -> 10",
        e,
        r,
        unit="ms",
        target="target ≤ 1.5x onnxruntime",
        against="ort",
    )


def bench_onnx_cnn(rounds: int) -> None:
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    try:
        import onnxruntime as ort

        from tests.unit.engine.onnx.test_conv import small_cnn_model
    except ImportError:
        print("imported ONNX CNN: skipped (pip install 'graphgate[onnx]' onnxruntime)")
        return
    import graphgate.onnx.lowering  # noqa: F401 - registers the engine's conv ops
    from graphgate.ops.registry import REGISTRY

    if "Conv2D" not in REGISTRY:
        print("imported ONNX CNN: skipped (the engine has no conv ops)")
        return
    model = small_cnn_model()
    model.ir_version = 8
    x0 = np.random.default_rng(1).standard_normal((64, 1, 28, 28)).astype(np.float32)
    g, values = gg.import_onnx(model)
    sess = gg.Session(g)
    sess.run(gg.global_variables_initializer(g))
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    rt = ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    feed, probs = {values["x"]: x0}, values["probs"]
    np.testing.assert_allclose(
        sess.run(probs, feed), rt.run(None, {"x": x0})[0], rtol=1e-5, atol=1e-6
    )
    e, r = interleaved(lambda: sess.run(probs, feed), lambda: rt.run(None, {"x": x0}), 20, rounds)
    report(
        "imported ONNX CNN 64x1x28x28, 2 conv + BN + pool",
        e,
        r,
        unit="ms",
        target="reported",
        against="ort",
    )


def _blas_kernel() -> str:
    """The kernel OpenBLAS chose at run time (it differs by processor and OPENBLAS_CORETYPE)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "unknown (no threadpoolctl)"
    kernels = {i.get("architecture", "?") for i in threadpool_info() if i["user_api"] == "blas"}
    return ", ".join(sorted(kernels)) or "unknown"


def _allocator() -> str:
    """glibc's thresholds as the environment set them (`make bench` sets the functions')."""
    names = ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_")
    settings = [f"{n}={os.environ[n]}" for n in names if n in os.environ]
    return " ".join(settings) or "glibc's defaults"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="fewer rounds, smaller DAG")
    parser.add_argument("--only", help="run just this benchmark (e.g. lenet)")
    args = parser.parse_args()
    rounds = 3 if args.quick else args.rounds
    print(
        f"graphgate {gg.__version__}, numpy {np.__version__}, Python "
        f"{sys.version.split()[0]}, OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}, "
        f"median of {rounds} interleaved rounds, BLAS kernel {_blas_kernel()}, "
        f"allocator {_allocator()}"
    )
    benches = {
        "tutorial": bench_tutorial,
        "chain": bench_chain,
        "chain-1m": bench_chain_large,
        "mlp": bench_mlp,
        "matmul": bench_matmul,
        "dag": bench_dag,
        "sgd": bench_sgd,
        "lenet": bench_lenet,
        "import": bench_import,
        "onnx-mlp": bench_onnx_mlp,
        "onnx-cnn": bench_onnx_cnn,
    }
    for name, bench in benches.items():
        if args.only in (None, name):
            bench(rounds)


if __name__ == "__main__":
    main()
