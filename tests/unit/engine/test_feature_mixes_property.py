"""Random small training graphs mixing today's engine features (fixed seeds): a cond
whose branch gathers a table beside a pruned output, a while_loop with an unread
variable whose body gathers the table, integer kernels under tf.where, NCHW convolution,
float16 literals out of range, an optimizer (sparse updates of the slices) with or
without clip_by_global_norm. Each graph's runs must give the same values, dtypes and
variables in a fresh optimized session (its first run interpreted), an unoptimized one,
one building every plan at once, and one over the graph reloaded from its document."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

import graphgate as gg
from graphgate.serialization import graph_from_dict, graph_to_dict
from tests.unit.engine.test_first_run_cases import _runs, _same


def _cond_part(rng, w, p):
    ids = [rng.randrange(5) for _ in range(rng.randint(1, 3))]
    other = [rng.randrange(5)]
    a, _unread = gg.cond(
        p,
        lambda: (gg.reduce_sum(gg.gather(w, ids) ** 2), gg.reduce_sum(w * 3.0)),
        lambda: (gg.reduce_sum(w[: rng.randint(1, 5)] * 0.5), gg.reduce_sum(gg.gather(w, other))),
    )
    return a


def _loop_part(rng, w, p):
    n, shift = rng.randint(1, 4), rng.randrange(5)

    def body(i, acc, unused):
        r = gg.reduce_sum(gg.gather(w, (i + shift) % 5) * 0.5)
        return i + 1, acc + r * r, unused * 2.0 + gg.reduce_sum(gg.gather(w, [i % 5, 0]))

    _, acc, _ = gg.while_loop(lambda i, a, u: i < n, body, (0, 0.0, 1.0))
    return acc


def _int_part(rng, w, p):
    v = gg.constant([rng.randint(-4, 4) for _ in range(3)], gg.int32)
    picked = gg.where(p, gg.nn.relu(v) * gg.sign(v), gg.pow(v, 2))
    return gg.reduce_sum(w[0] * gg.cast(picked, gg.float32))


def _nchw_part(rng, w, p):
    x = gg.reshape(gg.tile(w, [2, 1]), [1, 2, 5, 3])
    k = gg.constant(np.random.RandomState(rng.randrange(99)).randn(2, 2, 2, 2).astype(np.float32))
    c = gg.nn.conv2d(x, k, [1, 1, 1, 1], "SAME", data_format="NCHW")
    return gg.reduce_sum(gg.nn.max_pool(c, [1, 1, 2, 2], [1, 1, 1, 1], "VALID", "NCHW") ** 2)


def _literal_part(rng, w, p):
    # 300 wraps to 44 in int8 (the products wrap too); 70000 is inf in float16.
    wrapped = gg.cast(gg.constant([1, 2, rng.randint(3, 5)], gg.int8) * 300, gg.float32)
    big = gg.stop_gradient(gg.cast(gg.cast(w[2], gg.float16) * 70000.0, gg.float32))
    return gg.reduce_sum(w[1] * wrapped * 0.01) + gg.reduce_sum(gg.sign(big))


PARTS = [_cond_part, _loop_part, _int_part, _nchw_part, _literal_part]
OPTIMIZERS = [
    lambda: gg.train.GradientDescentOptimizer(0.1),
    lambda: gg.train.MomentumOptimizer(0.1, 0.9),
    lambda: gg.train.AdagradOptimizer(0.2),
    lambda: gg.train.AdamOptimizer(0.05),
]


def _program(seed: int):
    rng = random.Random(seed)

    def case():
        w = gg.Variable(np.arange(15, dtype=np.float32).reshape(5, 3) / 10.0 - 0.5, name="w")
        p = gg.placeholder(gg.bool, [], name="p")
        parts = rng.sample(PARTS, rng.randint(1, 3))
        loss = gg.add_n([part(rng, w, p) for part in parts])
        opt = rng.choice(OPTIMIZERS)()
        grads = [g for g, _ in opt.compute_gradients(loss, [w])]
        if rng.random() < 0.5:
            grads, _ = gg.clip_by_global_norm(grads, 0.5)
        step = opt.apply_gradients([(grads[0], w)])
        return {"fetches": [loss, step], "feed": {p: rng.random() < 0.5}}

    return case


def _reloaded(case):
    """The case over its graph read back from its document."""

    def reloaded():
        spec = case()
        doc = json.loads(json.dumps(graph_to_dict(gg.get_default_graph())))
        g2 = graph_from_dict(doc)
        rename = lambda t: g2.as_graph_element(t.name)  # noqa: E731
        return g2, {
            "fetches": [rename(t) for t in spec["fetches"]],
            "feed": {rename(k): v for k, v in spec["feed"].items()},
        }

    return reloaded


def _reloaded_runs(case, n: int = 3) -> list:
    with gg.Graph().as_default():
        g2, spec = _reloaded(case)()
    with g2.as_default():
        init = [op for op in g2.get_operations() if op.name == "init"] or [
            gg.variables_initializer(gg.global_variables())
        ]
    sess = gg.Session(g2)
    sess.run(init[0])
    return [
        (("ok", sess.run(spec["fetches"], spec["feed"])), sess.get_variables()) for _ in range(n)
    ]


@pytest.mark.parametrize("seed", range(24))
def test_a_mixed_graph_computes_the_same_in_every_session_kind(seed):
    runs = _runs(_program(seed), optimize=True)
    assert all(r[0][0] == "ok" for r in runs), runs
    for others in (
        _runs(_program(seed), optimize=False),
        _runs(_program(seed), optimize=True, defer=False),
        _reloaded_runs(_program(seed)),
    ):
        for got, want in zip(runs, others, strict=True):
            _same(got, want)
