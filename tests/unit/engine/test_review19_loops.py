"""Review 19: nested while_loops are analysed in time polynomial in their depth.

Which inputs of a loop a run reads is asked of each loop nested in it, a few times over
per outer question (the live variables' fixed points); unremembered, that made a run of
d nested loops cost about 4^d (16 loops: a minute), and a small uploaded graph a hang."""

from __future__ import annotations

import numpy as np

import graphgate as gg
from graphgate.ops import control_flow_ops as cf


def test_a_run_of_twelve_nested_loops_and_their_gradient_asks_each_loop_a_few_times(monkeypatch):
    # GIVEN twelve loops nested, each running the next twice, and a count of the questions
    # "what does computing these values of this loop read"
    asked: list[gg.Operation] = []
    real = cf._HOLDER_READS["While"]
    monkeypatch.setitem(
        cf._HOLDER_READS,
        "While",
        lambda graph, op, starts: asked.append(op) or real(graph, op, starts),
    )
    depth = 12
    with gg.Graph().as_default():
        x = gg.placeholder(gg.float32, [])

        def nest(d, v):
            if d == 0:
                return v * x

            def body(i, a):
                return i + 1, nest(d - 1, a)

            return gg.while_loop(lambda i, a: i < 2, body, [0, v])[1]

        y = nest(depth, x)
        (g,) = gg.gradients(y, x)
        # WHEN the loops and their gradient run
        with gg.Session() as sess:
            got_y, got_g = sess.run([y, g], {x: 1.001})
    # THEN the values are x**4097 and its derivative, and each of the eleven inner loops
    # was asked about a handful of times (before: 151,269 questions)
    np.testing.assert_allclose(got_y, np.float32(1.001) ** 4097, rtol=1e-3)
    np.testing.assert_allclose(got_g, 4097 * np.float32(1.001) ** 4096, rtol=1e-3)
    assert len(set(asked)) == depth - 1
    assert len(asked) < depth * depth
