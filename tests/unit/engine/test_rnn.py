"""TensorArray, the recurrent cells and dynamic_rnn beyond the TF-pinned programs
(tests/unit/engine/test_tf1_rnn.py): gradients against central differences, errors,
the wire format, checkpoints by TF1 names, wrappers and user-written cells."""

from __future__ import annotations

import json

import numpy as np
import pytest

import graphgate as gg
from graphgate import serialization
from graphgate.errors import GraphgateError
from graphgate.train.saver import write_checkpoint
from tests.unit.engine.test_gradients import check_grads

tf = gg
rnn_cell = gg.nn.rnn_cell
RNG = np.random.default_rng(7)


def _loop_of_writes(x, w):
    """A while_loop reading rows of x from one TensorArray and writing into another,
    reading back what it wrote the step before (the array is a loop variable)."""
    xs = gg.TensorArray(gg.float64, size=3).unstack(x)
    out = gg.TensorArray(gg.float64, size=3, clear_after_read=False, element_shape=[2])

    def body(i, h, out):
        prev = gg.cond(i > 0, lambda: out.read(gg.maximum(i - 1, 0)), lambda: h)
        h = gg.tanh(xs.read(i) * w + h + 0.5 * prev)
        return i + 1, h, out.write(i, h * h)

    _, h, out = gg.while_loop(lambda i, h, o: i < 3, body, [0, gg.zeros([2], gg.float64), out])
    return gg.concat([out.stack(), gg.expand_dims(h, 0)], 0)


def test_tensor_array_gradients_match_central_differences_in_and_out_of_loops():
    check_grads(_loop_of_writes, RNG.normal(size=(3, 2)), RNG.normal(size=2))

    def gathered(x, v):
        # TF1 writes an element once; a TensorArray read more than once keeps its elements
        ta = gg.TensorArray(gg.float64, size=6, clear_after_read=False).unstack(x)
        ta = ta.scatter([5, 4], v)
        picked = gg.reshape(ta.gather([5, 0, 5]), [3, 2])  # a gather has no static length
        return gg.concat([picked, ta.stack()], 0) * ta.read(1)

    check_grads(gathered, RNG.normal(size=(4, 2)), RNG.normal(size=(2, 2)))

    def grown(x):
        # a dynamic array written past its size inside a loop, then concatenated
        ta = gg.TensorArray(gg.float64, size=1, dynamic_size=True)

        def body(i, ta):
            row = gg.gather(x, i)
            return i + 1, ta.write(i, row * row + gg.cast(i, gg.float64))

        _, ta = gg.while_loop(lambda i, ta: i < 3, body, [0, ta])
        return gg.reshape(ta.concat(), [6])

    check_grads(grown, RNG.normal(size=(3, 2)))


def test_dynamic_rnn_gradients_match_central_differences():
    # GIVEN a GRU over sequences of two lengths, its weights and inputs in float64
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float64, [2, 3, 2])
        h0 = gg.placeholder(gg.float64, [2, 2])
        cell = rnn_cell.GRUCell(2)
        outputs, state = gg.nn.dynamic_rnn(cell, x, initial_state=h0, sequence_length=[3, 1])
        w = RNG.uniform(0.5, 1.5, size=(2, 3, 2))
        loss = gg.reduce_sum(outputs * w) + gg.reduce_sum(state * state)
        params = [x, h0, *cell.trainable_variables]
        grads = gg.gradients(loss, params)
        sess = gg.Session(g)
        sess.run(gg.global_variables_initializer())
    feed = {x: RNG.normal(size=(2, 3, 2)), h0: RNG.normal(size=(2, 2))}
    # WHEN the loop's gradient (BPTT) runs, THEN it matches central differences
    analytic = sess.run(grads, feed)
    values = {v: sess.run(v) for v in cell.trainable_variables}
    for p, got in zip(params, analytic, strict=True):
        base = feed[p] if p in feed else values[p]
        numeric = np.zeros_like(base)
        for j in np.ndindex(base.shape):
            pm = []
            for eps in (1e-6, -1e-6):
                moved = base.copy()
                moved[j] += eps
                if p in feed:
                    pm.append(sess.run(loss, {**feed, p: moved}))
                else:
                    p.load(moved, sess)
                    pm.append(sess.run(loss, feed))
                    p.load(base, sess)
            numeric[j] = (pm[0] - pm[1]) / 2e-6
        np.testing.assert_allclose(got, numeric, rtol=1e-5, atol=1e-8, err_msg=p.name)


def test_tensor_array_refuses_what_tf_refuses():
    g = gg.Graph()
    with g.as_default():
        ta = gg.TensorArray(gg.int32, size=2)
        with pytest.raises(GraphgateError) as err:
            ta.write(0, gg.constant([1.0]))
        assert err.value.code == "DTYPE_MISMATCH"
        fixed = gg.TensorArray(gg.float32, size=2, element_shape=[2])
        with pytest.raises(ValueError) as err:
            fixed.write(0, [1.0, 2.0, 3.0])
        assert err.value.code == "SHAPE_MISMATCH"
        unknown = gg.TensorArray(gg.float32, size=2).read(0)
        negative = gg.TensorArray(gg.float32, size=2).write(-1, 1.0).stack()
        sess = gg.Session(g)
        for t in (unknown, negative):
            with pytest.raises(gg.errors.InvalidArgumentError):
                sess.run(t)


def test_a_grown_dynamic_array_stacks_zeros_for_unwritten_elements_and_its_size():
    g = gg.Graph()
    with g.as_default():
        ta = gg.TensorArray(gg.float32, size=1, dynamic_size=True, element_shape=[2])
        ta = ta.write(3, [1.0, 2.0])
        y, n = ta.stack(), ta.size()
        assert y.shape.as_list() == [None, 2]
        got, size = gg.Session(g).run([y, n])
    np.testing.assert_array_equal(got, [[0, 0], [0, 0], [0, 0], [1, 2]])
    assert size == 4


def _lstm_graph():
    x = gg.placeholder(gg.float32, [2, 4, 3], name="x")
    cell = rnn_cell.BasicLSTMCell(5)
    outputs, state = gg.nn.dynamic_rnn(cell, x, dtype=gg.float32)
    return x, outputs, state


def test_an_lstm_graph_survives_the_wire_format():
    g = gg.Graph()
    with g.as_default():
        x, outputs, state = _lstm_graph()
        grads = gg.gradients(gg.reduce_sum(outputs) + gg.reduce_sum(state.c), [x])
        init = gg.global_variables_initializer()
    feed = RNG.normal(size=(2, 4, 3)).astype(np.float32)
    with gg.Session(graph=g) as sess:
        sess.run(init)
        want = sess.run([outputs, state.h, grads[0]], {x: feed})
        values = sess.get_variables()
    g2 = serialization.graph_from_dict(json.loads(json.dumps(serialization.graph_to_dict(g))))
    with gg.Session(graph=g2) as sess:
        sess.set_variables(values)
        got = sess.run([outputs.name, state.h.name, grads[0].name], {"x:0": feed})
    for a, b in zip(got, want, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_values_saved_under_tf1_names_restore_into_an_lstm(tmp_path):
    # GIVEN the values of a TF1 BasicLSTMCell's variables under TF1's names
    kernel = RNG.normal(size=(8, 20)).astype(np.float32)
    bias = RNG.normal(size=20).astype(np.float32)
    prefix = str(tmp_path / "tf1.ckpt")
    write_checkpoint(
        prefix, {"rnn/basic_lstm_cell/kernel": kernel, "rnn/basic_lstm_cell/bias": bias}
    )
    g = gg.Graph()
    with g.as_default():
        x, outputs, _ = _lstm_graph()
        saver = gg.train.Saver()
    inputs = RNG.normal(size=(2, 4, 3)).astype(np.float32)
    # WHEN a Saver restores them
    with gg.Session(graph=g) as sess:
        saver.restore(sess, prefix)
        got = sess.run(outputs, {x: inputs})
    # THEN the LSTM computes with them, gates i, j, f, o in TF1's order
    c = h = np.zeros((2, 5), np.float32)
    sig = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    for t in range(4):
        i, j, f, o = np.split(np.concatenate([inputs[:, t], h], 1) @ kernel + bias, 4, axis=1)
        c = c * sig(f + 1.0) + sig(i) * np.tanh(j)
        h = np.tanh(c) * sig(o)
        np.testing.assert_allclose(got[:, t], h, rtol=1e-5, atol=1e-6)


class UserCell(rnn_cell.RNNCell):
    """A TF1-style user cell: its own __call__, variables from get_variable."""

    def __init__(self, units):
        super().__init__()
        self._units = units

    @property
    def state_size(self):
        return self._units

    @property
    def output_size(self):
        return self._units

    def __call__(self, inputs, state, scope=None):
        with gg.variable_scope(scope or "user_cell"):
            w = gg.get_variable("w", [inputs.shape[-1].value + self._units, self._units])
            h = gg.tanh(gg.matmul(gg.concat([inputs, state], 1), w))
        return h, h


def test_a_user_cell_making_variables_when_called_runs_in_dynamic_rnn():
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [None, 3, 2])
        outputs, state = gg.nn.dynamic_rnn(UserCell(4), x, dtype=gg.float32)
        assert [v.op.name for v in gg.global_variables()] == ["rnn/user_cell/w"]
        with gg.Session(graph=g) as sess:
            sess.run(gg.global_variables_initializer())
            w = sess.run(gg.global_variables()[0])
            feed = RNG.normal(size=(2, 3, 2)).astype(np.float32)
            got, last = sess.run([outputs, state], {x: feed})
    h = np.zeros((2, 4), np.float32)
    for t in range(3):
        h = np.tanh(np.concatenate([feed[:, t], h], 1) @ w)
    np.testing.assert_allclose(last, h, rtol=1e-5)
    np.testing.assert_allclose(got[:, -1], h, rtol=1e-5)


def test_wrappers_and_concatenated_state():
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [2, 3, 4])
        keep = gg.placeholder_with_default(1.0, [])
        lstm = rnn_cell.LSTMCell(4, state_is_tuple=False)
        cell = rnn_cell.ResidualWrapper(rnn_cell.DropoutWrapper(lstm, output_keep_prob=keep))
        outputs, state = gg.nn.dynamic_rnn(cell, x, dtype=gg.float32)
        assert state.shape.as_list() == [2, 8]
        assert [v.op.name for v in gg.global_variables()] == [
            "rnn/lstm_cell/kernel",
            "rnn/lstm_cell/bias",
        ]
        plain, _ = gg.nn.dynamic_rnn(lstm, x, dtype=gg.float32, scope="rnn_again")
        with gg.Session(graph=g) as sess:
            sess.run(gg.global_variables_initializer())
            feed = RNG.normal(size=(2, 3, 4)).astype(np.float32)
            res, base = sess.run([outputs, plain], {x: feed})
            dropped = sess.run(outputs, {x: feed, keep: 0.5})
    # the cell object keeps its variables: both calls compute with the same weights
    np.testing.assert_allclose(res, base + feed, rtol=1e-5)
    assert not np.allclose(dropped, res)


def test_dynamic_rnn_refuses_bad_calls_as_tf_does():
    g = gg.Graph()
    with g.as_default():
        cell = rnn_cell.GRUCell(2)
        x = gg.placeholder(gg.float32, [2, 3, 2])
        with pytest.raises(ValueError, match="dtype"):
            gg.nn.dynamic_rnn(cell, x)
        with pytest.raises(ValueError, match="rank at least 2"):
            gg.nn.dynamic_rnn(cell, gg.placeholder(gg.float32, [3]), dtype=gg.float32)
        with pytest.raises(ValueError, match="vector"):
            gg.nn.dynamic_rnn(cell, x, sequence_length=[[1]], dtype=gg.float32)
        with pytest.raises(ValueError):
            gg.nn.dynamic_rnn(object(), x, dtype=gg.float32)


def test_auc_refuses_unknown_curves_and_metrics_reset():
    g = gg.Graph()
    with g.as_default():
        with pytest.raises(ValueError):
            gg.metrics.auc([1], [0.5], curve="XY")
        value, update = gg.metrics.mean([1.0, 3.0])
        sess = gg.Session(g)
        sess.run(gg.local_variables_initializer())
        sess.run(update)
        sess.run(update)
        assert sess.run(value) == 2.0
        assert len(gg.get_collection(gg.GraphKeys.METRIC_VARIABLES)) == 2
        sess.run(gg.local_variables_initializer())
        assert sess.run(value) == 0.0


def test_unknown_batch_and_time_even_zero_steps_give_batch_major_shapes():
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [None, None, 3])
        outputs, state = gg.nn.dynamic_rnn(rnn_cell.BasicLSTMCell(4), x, dtype=gg.float32)
        assert outputs.shape.as_list() == [None, None, 4]
        with gg.Session(graph=g) as sess:
            sess.run(gg.global_variables_initializer())
            none, first = sess.run([outputs, state.h], {x: np.ones((2, 0, 3), np.float32)})
            some = sess.run(outputs, {x: np.ones((3, 2, 3), np.float32)})
    assert none.shape == (2, 0, 4) and first.shape == (2, 4) and not first.any()
    assert some.shape == (3, 2, 4)


def test_tf_contrib_rnn_names_the_same_cells_and_functions():
    assert gg.contrib.rnn.BasicLSTMCell is gg.nn.rnn_cell.BasicLSTMCell
    assert gg.contrib.rnn.LSTMStateTuple is gg.nn.rnn_cell.LSTMStateTuple
    assert gg.contrib.rnn.static_rnn is gg.nn.static_rnn


def test_a_loop_writing_in_place_leaves_every_value_outside_it_as_it_was():
    from graphgate.ops.tensor_array_ops import _in_place

    # GIVEN two loops writing one TensorArray (each write updates the loop's own copy in
    # place), the second starting from the first one's result
    g = gg.Graph()
    with g.as_default():
        # (the second loop writes the indices after the first's, as TF1's arrays take one
        # write per element; the stacks read them again: the arrays keep their elements)
        start = gg.TensorArray(gg.float32, size=5, element_shape=[2], clear_after_read=False)

        def fill(scale, offset):
            def body(i, acc, ta):
                row = gg.cast(i + 1, gg.float32) * scale
                ta = ta.write(i + offset, gg.stack([row, -row]))
                return i + 1, acc + ta.read(i + offset), ta

            return body

        zero = gg.zeros([2])
        _, s1, first = gg.while_loop(lambda i, a, ta: i < 3, fill(1.0, 0), [0, zero, start])
        _, s2, second = gg.while_loop(lambda i, a, ta: i < 2, fill(10.0, 3), [0, zero, first])
        writes = [op for op in g.get_operations() if op.type == "TensorArrayWriteV3"]
        assert [_in_place(w) for w in writes] == [True, True]
        fetches = [start.stack(), first.stack(), second.stack(), s1, s2]
        sess = gg.Session(g)
        # WHEN the graph runs twice, THEN no run or loop saw another's updates
        for _ in range(2):
            a, b, c, sum1, sum2 = sess.run(fetches)
            np.testing.assert_array_equal(a, np.zeros((5, 2)))
            np.testing.assert_array_equal(b, [[1, -1], [2, -2], [3, -3], [0, 0], [0, 0]])
            np.testing.assert_array_equal(c, [[1, -1], [2, -2], [3, -3], [10, -10], [20, -20]])
            np.testing.assert_array_equal([sum1, sum2], [[6, -6], [30, -30]])


def test_a_growing_array_written_in_place_keeps_every_earlier_value_apart():
    # GIVEN a dynamic array grown by one loop (every other index, so some rows are never
    # written), then grown further by a second loop starting from the first one's result
    # (each grows a store of spare rows rather than copying the array each step)
    g = gg.Graph()
    with g.as_default():
        start = gg.TensorArray(
            gg.float32, size=0, dynamic_size=True, element_shape=[2], clear_after_read=False
        )

        def fill(first, scale):
            def body(i, ta):
                row = gg.cast(i + 1, gg.float32) * scale
                return i + 1, ta.write(first + 2 * i, gg.stack([row, -row]))

            return body

        _, one = gg.while_loop(lambda i, ta: i < 5, fill(0, 1.0), [0, start])
        _, two = gg.while_loop(lambda i, ta: i < 4, fill(9, 10.0), [0, one])
        x = gg.placeholder(gg.float32, [2])
        _, three = gg.while_loop(
            lambda i, ta: i < 3,
            lambda i, ta: (i + 1, ta.write(i, x * gg.cast(i + 1, gg.float32))),
            [0, gg.TensorArray(gg.float32, size=0, dynamic_size=True)],
        )
        loss = gg.reduce_sum(three.stack() ** 2)
        fetches = [one.stack(), two.stack(), one.size(), two.size(), loss]
        grad = gg.gradients(loss, x)[0]
        sess = gg.Session(g)
        # WHEN it runs twice, THEN each array holds its own writes and zeros elsewhere
        for _ in range(2):
            a, b, n1, n2, value = sess.run(fetches, {x: [1.0, 2.0]})
            expected = np.zeros((16, 2), np.float32)
            expected[0:10:2] = [[k, -k] for k in range(1, 6)]
            np.testing.assert_array_equal(a, expected[:9])
            expected[9:16:2] = [[10 * k, -10 * k] for k in range(1, 5)]
            np.testing.assert_array_equal(b, expected)
            assert (n1, n2) == (9, 16)
            np.testing.assert_allclose(value, 14 * 5.0)
            np.testing.assert_allclose(sess.run(grad, {x: [1.0, 2.0]}), [28.0, 56.0])


def test_in_place_writes_and_row_gradients_match_central_differences():
    from graphgate.ops.tensor_array_ops import _in_place

    # A body that reads the previous element before writing the next (the write still
    # updates in place), and gathers rows of a captured array, one of them every step
    # (its gradient rows are added into one accumulator, twice into row 0).
    def build(x, w):
        xs = gg.TensorArray(gg.float64, size=4, clear_after_read=False).unstack(x)
        out = gg.TensorArray(gg.float64, size=4, element_shape=[2], clear_after_read=False)

        def body(i, out):
            prev = out.read(gg.maximum(i - 1, 0))
            rows = xs.gather(gg.stack([i, 0]))
            value = gg.tanh(prev * w + gg.reduce_sum(rows, 0))
            return i + 1, out.write(i, value)

        _, out = gg.while_loop(lambda i, o: i < 4, body, [0, out])
        return out.stack()

    check_grads(build, RNG.normal(size=(4, 2)), RNG.normal(size=2))
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float64, [4, 2])
        gg.gradients(build(x, gg.placeholder(gg.float64, [2])), x)
    in_place = [(op.type, _in_place(op)) for op in g.get_operations() if "Write" in op.type]
    # the loop's write updates in place; its gradient adds the previous element's read
    # gradient to the write's, so it copies
    assert in_place == [
        ("TensorArrayWriteV3", False),
        ("TensorArrayWriteV3", True),
        ("TensorArrayWriteGrad", False),
        ("TensorArrayWriteGrad", False),
    ]


def test_unwritten_elements_of_a_string_array_are_empty_strings_as_tfs():
    # TF 2.21's tf.compat.v1 stacks [b'', b'b', b''] and [b'0', b'', b'1', b'', b'2']
    g = gg.Graph()
    with g.as_default():
        fixed = gg.TensorArray(gg.string, size=3, element_shape=[]).write(1, "b")
        grown = gg.TensorArray(
            gg.string, size=0, dynamic_size=True, element_shape=[], clear_after_read=False
        )
        _, grown = gg.while_loop(
            lambda i, t: i < 3, lambda i, t: (i + 1, t.write(i * 2, gg.as_string(i))), [0, grown]
        )
        joined = gg.strings.join([grown.read(1), "x"])
        a, b, c = gg.Session().run([fixed.stack(), grown.stack(), joined])
    assert a.tolist() == [b"", b"b", b""]
    assert b.tolist() == [b"0", b"", b"1", b"", b"2"]
    assert c == b"x"


@pytest.mark.parametrize("seed", range(12))
def test_a_dynamic_array_written_out_of_order_in_a_loop_matches_a_list_model(seed):
    # GIVEN a loop writing x * (i + 1) at a random permutation of distinct indices into a
    # dynamic array of random initial size (growth both sequential and by jumps)
    rng = np.random.default_rng(seed)
    steps = int(rng.integers(1, 12))
    order = rng.permutation(int(rng.integers(steps, 2 * steps + 3)))[:steps]
    initial, depth = int(rng.integers(0, 3)), int(rng.integers(1, 4))
    weights = rng.standard_normal((max(initial, int(order.max()) + 1), depth))
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float64, [depth])
        at = gg.constant(order.astype(np.int32))
        ta = gg.TensorArray(gg.float64, size=initial, dynamic_size=True, element_shape=[depth])

        def body(i, ta):
            return i + 1, ta.write(gg.gather(at, i), x * gg.cast(i + 1, gg.float64))

        _, ta = gg.while_loop(lambda i, _: i < steps, body, [0, ta])
        stacked = ta.stack()
        grad = gg.gradients(gg.reduce_sum(stacked * weights), x)[0]
        xv = rng.standard_normal(depth)
        # WHEN it runs
        got, got_grad = gg.Session(g).run([stacked, grad], {x: xv})
    # THEN every row is the list model's: its write, or zeros where none was
    model = [np.zeros(depth)] * len(weights)
    for i, k in enumerate(order):
        model[k] = xv * (i + 1)
    np.testing.assert_allclose(got, np.stack(model))
    want_grad = sum((i + 1) * weights[k] for i, k in enumerate(order))
    np.testing.assert_allclose(got_grad, want_grad)


def test_dynamic_rnn_backward_updates_its_gradient_arrays_in_place():
    from graphgate.ops import control_flow_ops
    from graphgate.ops.tensor_array_ops import _in_place

    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [2, 5, 3])
        outputs, _ = gg.nn.dynamic_rnn(rnn_cell.GRUCell(2), x, dtype=gg.float32)
        gg.gradients(gg.reduce_sum(outputs), [x])
    ops = g.get_operations()
    assert [_in_place(op) for op in ops if op.type == "TensorArrayWriteGrad"] == [True, False]
    grad = next(op for op in ops if op.type == "WhileGrad")
    _, adders = control_flow_ops._capture_fetches(g, grad.attrs["body"], grad.attrs["n_vars"])
    assert sum(add is not None for _, _, add in adders) == 1  # the inputs' rows


def test_a_gradient_loop_updating_in_place_leaves_the_gradient_it_started_from():
    # GIVEN a loop writing a TensorArray, and the gradient through it started from a
    # constant (grad_ys), the array the backward loop updates in place
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float64, [3, 2])
        ta = gg.TensorArray(gg.float64, size=3, element_shape=[2])

        def body(i, ta):
            return i + 1, ta.write(i, gg.gather(x, i) * 2.0)

        _, ta = gg.while_loop(lambda i, ta: i < 3, body, [0, ta])
        start = RNG.normal(size=(3, 2))
        (d_x,) = gg.gradients(ta.flow, [x], grad_ys=gg.constant(start))
        d_x = gg.convert_to_tensor(d_x)  # a lookup's slices in a loop, as TF1's
        sess = gg.Session(g)
        # WHEN it runs twice, THEN both runs start from the constant's value
        for _ in range(2):
            np.testing.assert_allclose(sess.run(d_x, {x: np.ones((3, 2))}), 2 * start)


def test_state_dropout_spares_every_lstm_cell_state_and_follows_a_filter():
    def dropped(**kwargs):
        g = gg.Graph()
        with g.as_default():
            inner = rnn_cell.MultiRNNCell([rnn_cell.BasicLSTMCell(8), rnn_cell.GRUCell(8)])
            cell = rnn_cell.DropoutWrapper(inner, state_keep_prob=0.5, seed=3, **kwargs)
            zero = cell.zero_state(6, gg.float32)
            state = (rnn_cell.LSTMStateTuple(zero[0].c + 1.0, zero[0].h + 1.0), zero[1] + 1.0)
            _, new = cell(gg.zeros([6, 3]), state)
            sess = gg.Session(g)
            sess.run(gg.global_variables_initializer())
            (c, h), gru = sess.run(new)
        return [int((v == 0).sum()) for v in (c, h, gru)]

    c, h, gru = dropped()
    assert c == 0 and h > 0 and gru > 0  # TF1's default filter: never an LSTM's c
    assert dropped(dropout_state_filter_visitor=lambda s: False) == [0, 0, 0]


def test_variational_dropout_drops_the_same_units_at_every_step_and_entry():
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [3, 6, 4])
        cell = rnn_cell.DropoutWrapper(
            rnn_cell.GRUCell(16),
            input_keep_prob=0.5,
            output_keep_prob=0.5,
            state_keep_prob=0.5,
            variational_recurrent=True,
            input_size=4,
            dtype=gg.float32,
            seed=5,
        )
        outputs, _ = gg.nn.dynamic_rnn(cell, x, dtype=gg.float32)
        with pytest.raises(ValueError, match="dtype"):
            rnn_cell.DropoutWrapper(rnn_cell.GRUCell(2), variational_recurrent=True)
        sess = gg.Session(g)
        sess.run(gg.global_variables_initializer())
        feed = {x: RNG.uniform(0.5, 1.0, size=(3, 6, 4)).astype(np.float32)}
        first, again = sess.run(outputs, feed), sess.run(outputs, feed)
    dropped = first == 0
    assert 0 < dropped[0, 0].sum() < 16
    assert (dropped == dropped[0, 0]).all()  # one mask for every step and batch entry
    assert ((again == 0) == (again == 0)[0, 0]).all()
    assert not ((again == 0) == dropped).all()  # a new mask each run


def test_an_empty_batch_runs_through_dynamic_rnn_and_its_gradient_as_tf():
    # A zero-row request to a served LSTM (scenarios17): every TensorArray element is
    # empty, so the arrays' buffers are empty though written, and each read refused them
    # as never written (COMPUTE_ERROR) where TF answers empty outputs
    import graphgate.compat.v1 as tf1
    from tests.reference import scenarios17 as journey

    want = json.loads((journey.OUT / "expected.json").read_text())["empty"]
    with tf1.Graph().as_default() as graph:
        journey.empty_rnn_graph(tf1)
    feed = {
        "x:0": np.zeros((0, 5, 3), np.float32),
        "n:0": np.zeros(0, np.int32),
        "rows:0": np.zeros((0, 3), np.float32),
    }
    with tf1.Session(graph=graph) as sess:
        sess.run(tf1.global_variables_initializer())
        got = sess.run({name: f"{name}:0" for name in journey.EMPTY_FETCHES}, feed)
    for name, value in got.items():
        theirs = np.asarray(want[name]["values"], np.float32).reshape(want[name]["shape"])
        np.testing.assert_array_equal(value, theirs, err_msg=name)


def test_an_element_never_written_of_an_unknown_shape_is_still_refused():
    # ... while an array nothing wrote keeps TF's refusal (its elements' shape unknown)
    array = gg.TensorArray(gg.float32, size=2)
    with gg.Session() as sess, pytest.raises(GraphgateError, match="have not been written"):
        sess.run(array.read(0))
