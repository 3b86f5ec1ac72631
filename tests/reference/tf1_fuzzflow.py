"""Differential fuzzing of TF1 control flow against TensorFlow (dev-only): random
compositions, drawn with fixed seeds, of `tf.while_loop` (nested structures as loop
variables, shape invariants, maximum_iterations, back_prop, nested loops, conds and
variable updates in bodies, zero iterations), `tf.TensorArray` (every way in and out,
inside loops, with their gradients), `tf.cond` / `tf.case` / `tf.switch_case`, `map_fn`,
`scan`, `foldl`/`foldr`, the dynamic RNNs, `tf.group` / `tf.tuple` and control
dependencies, forward values and gradients, plus hand-written invalid programs:

    /work/tfvenv/bin/python tests/reference/tf1_fuzzflow.py \
        > tests/unit/engine/fixtures/tf1_fuzzflow.json

A program is TF1 code as text, run with `tf` bound to `tensorflow.compat.v1` here and to
graphgate in tests/unit/engine/test_tf1_fuzzflow.py; it reads its inputs from `X` (arrays
`tf1_fuzzdiff`'s bit patterns encode) and sets `fetch` (tensors, None for a gradient TF
leaves None, or operations), `feed`, and `after` (what a second run fetches: variables
the first run updated). The fixture holds what TF gave: each fetch's static shape, then
its dtype, shape and bits; or the stage ("build" or "run") and class of what it raised.
A program is `exact` when its float arithmetic is IEEE-rounded elementwise ops and short
sums (compared bit for bit), otherwise within a few units in the last place.
"""

from __future__ import annotations

import collections
import json
import os
import sys
from pathlib import Path

import numpy as np

# tests/reference is no package: its siblings are imported by path.
sys.path.insert(0, str(Path(__file__).parent))
import fuzzseed
import tf1_fuzzdiff as fuzz

encode, decode = fuzz.encode, fuzz.decode


def _values(rng, dtype, shape, grid_share=0.6):
    """Moderate values, most on a grid of quarters (exact sums and halvings)."""
    n = int(np.prod(shape, dtype=np.int64))
    grid = np.round(rng.uniform(-2.0, 2.0, n) * 4) / 4
    free = rng.uniform(-2.0, 2.0, n)
    return np.where(rng.random(n) < grid_share, grid, free).astype(dtype).reshape(shape)


def _shape(rng, max_rank=2):
    return [int(rng.integers(1, 4)) for _ in range(int(rng.integers(0, max_rank + 1)))]


def _pick(rng, options):
    return options[int(rng.integers(0, len(options)))]


def _program(code: str, inputs, exact=True) -> dict:
    return {"code": code, "inputs": [encode(np.asarray(x)) for x in inputs], "exact": exact}


# -- while_loop ----------------------------------------------------------------------------

# Updates of a loop variable `v` (an exact float expression of v, the outer tensor x and,
# where it names them, the other variable u, a variable w and the counter i).
_STEPS = (
    "v * 0.5 + x",
    "tf.maximum(v, x) - 0.25",
    "v - x * 0.75",
    "tf.abs(v) * 0.5 + u",
    "tf.where(v > 0.0, v * 0.5, x)",
    "tf.cond(tf.reduce_sum(v) > 0.0, lambda: v * 0.5, lambda: v + x)",
    "tf.cond(i > 1, lambda: (v + u) * 0.5, lambda: v - 1.0)",
    "v * 0.5 + w",
    "v + tf.cast(i, v.dtype)",
    "tf.while_loop(lambda j, s: j < 2, lambda j, s: (j + 1, s * 0.5 + v), [0, v])[1]",
    "tf.nn.relu(v) + tf.minimum(u, 0.0)",
    "tf.stop_gradient(v) * 0.5 + x",
)

# Loop-variable structures: (the loop_vars expression, body parameters, lines that bind
# i, a, b from them, the body's result, how the loop's result reads i, a, b).
_STRUCTURES = {
    "list": ("[i0, a0, b0]", "i, a, b", "", "[i + 1, a1, b1]", ("[0]", "[1]", "[2]")),
    "tuple": ("(i0, a0, b0)", "i, a, b", "", "(i + 1, a1, b1)", ("[0]", "[1]", "[2]")),
    "dict": (  # TF1 calls cond(*loop_vars): a dict only nested
        '[i0, {"a": a0, "b": b0}]',
        "i, d",
        'a, b = d["a"], d["b"]',
        '[i + 1, {"a": a1, "b": b1}]',
        ("[0]", '[1]["a"]', '[1]["b"]'),
    ),
    "namedtuple": (  # TF1 passes a namedtuple's fields as arguments
        "S(i0, a0, b0)",
        "i, a, b",
        "",
        "S(i + 1, a1, b1)",
        (".i", ".a", ".b"),
    ),
    "nested": (
        '(i0, [a0, {"b": b0}])',
        "i, rest",
        'a, b = rest[0], rest[1]["b"]',
        '(i + 1, [a1, {"b": b1}])',
        ("[0]", "[1][0]", '[1][1]["b"]'),
    ),
}


def _invariants(kind: str, grow: bool) -> str:
    b = "tf.TensorShape([None])" if grow else "tf.TensorShape(None)"
    i, a = "tf.TensorShape([])", "a0.shape"
    return {
        "list": f"[{i}, {a}, {b}]",
        "tuple": f"({i}, {a}, {b})",
        "dict": f'[{i}, {{"a": {a}, "b": {b}}}]',
        "namedtuple": f"S({i}, {a}, {b})",
        "nested": f'({i}, [{a}, {{"b": {b}}}])',
    }[kind]


def _while_program(rng) -> dict:
    dtype = _pick(rng, ("float32", "float32", "float64"))
    shape = _shape(rng)
    x, a0, w0 = (_values(rng, dtype, shape) for _ in range(3))
    kind = _pick(rng, tuple(_STRUCTURES))
    init, params, unpack, result, paths = _STRUCTURES[kind]
    grow = rng.random() < 0.3
    # A growing b is no operand of a's update: its shape is not a's.
    step_a = _pick(rng, tuple(s for s in _STEPS if not grow or "u" not in s.replace("sum", "")))
    step_b = "tf.concat([b, tf.reshape(a, [-1])[:1]], 0)" if grow else _pick(rng, _STEPS)
    n = int(rng.integers(0, 4))
    feed_n = rng.random() < 0.3
    options = []
    if rng.random() < 0.4:
        options.append(f"maximum_iterations={int(rng.integers(0, 4))}")
    if grow or rng.random() < 0.2:
        options.append(f"shape_invariants={_invariants(kind, grow)}")
    back_prop = rng.random() < 0.85
    if not back_prop:
        options.append("back_prop=False")
    if rng.random() < 0.3:
        options.append(f"parallel_iterations={int(rng.integers(1, 12))}")
    if rng.random() < 0.2:
        options.append("swap_memory=True")
    assign = rng.random() < 0.25
    lines = [
        'S = collections.namedtuple("S", "i a b")',
        f"x = tf.placeholder(tf.{dtype}, {shape})",
        f"w = tf.Variable(X[2], dtype=tf.{dtype})",
        "c = tf.Variable(0.0, dtype=tf.float64)",
        f"n = tf.placeholder_with_default({n}, [])" if feed_n else f"n = {n}",
        "i0 = tf.constant(0)",
        f"a0 = tf.constant(X[1], tf.{dtype})",
        "b0 = tf.zeros([0], a0.dtype)" if grow else "b0 = x * 0.25",
        f"def body({params}):",
        f"    {unpack}" if unpack else "    pass",
        "    v, u = a, b",
    ]
    if assign:
        lines.append("    with tf.control_dependencies([c.assign_add(1.0)]):")
        lines.append(f"        a1 = tf.identity({step_a})")
    else:
        lines.append(f"    a1 = {step_a}")
    lines += [
        "    v, u = b, a",
        f"    b1 = {step_b}",
        f"    return {result}",
    ]
    cond_params = params
    cond_unpack = unpack.replace("a, b = ", "_ = ")
    lines += [
        f"def cond({cond_params}):",
        f"    {cond_unpack}" if cond_unpack else "    pass",
        "    return i < n",
        f"r = tf.while_loop(cond, body, {init}{''.join(', ' + o for o in options)})",
        f"ri, ra, rb = r{paths[0]}, r{paths[1]}, r{paths[2]}",
        "fetch = [ri, ra, rb] + tf.gradients(tf.reduce_sum(ra) + tf.reduce_sum(rb), [x, w])",
        "feed = {x: X[0]}",
        "after = [c]",
    ]
    return _program("\n".join(lines) + "\n", [x, a0, w0])


def _while_programs(rng) -> list:
    return [_while_program(rng) for _ in range(70)]


# -- TensorArray ---------------------------------------------------------------------------


def _ta_fill(rng, rows: int, cols: int) -> str:
    """Code writing x's rows into `ta` one way or another."""
    way = _pick(rng, ("unstack", "scatter", "loop", "writes", "split"))
    if way == "unstack":
        return "ta = ta.unstack(x)"
    if way == "scatter":
        perm = [int(k) for k in rng.permutation(rows)]
        return f"ta = ta.scatter({perm}, x)"
    if way == "writes":
        order = [int(k) for k in rng.permutation(rows)]
        return "\n".join(f"ta = ta.write({k}, x[{k}] * 1.5)" for k in order)
    if way == "split":
        return f"ta = ta.split(tf.reshape(x, [-1]), {[cols] * rows})"
    return "\n".join(
        [
            "def fill(k, t):",
            "    return k + 1, t.write(k, x[k] * 0.5 + tf.cast(k, x.dtype))",
            f"_, ta = tf.while_loop(lambda k, t: k < {rows}, fill, [0, ta])",
        ]
    )


def _ta_read(rng, rows: int) -> str:
    """Code reading `ta` into `y` one way or another."""
    way = _pick(rng, ("stack", "gather", "concat", "reads", "loop", "identity", "size"))
    if way == "stack":
        return "y = ta.stack()"
    if way == "gather":
        idx = [int(k) for k in rng.integers(0, rows, int(rng.integers(1, rows + 2)))]
        return f"y = ta.gather({idx})"
    if way == "concat":
        return "y = ta.concat()"
    if way == "reads":
        idx = [int(k) for k in rng.integers(0, rows, int(rng.integers(1, 3)))]
        return "y = " + " + ".join(f"ta.read({k})" for k in idx)
    if way == "identity":
        return "y = ta.identity().stack() * 2.0"
    if way == "size":
        return "y = tf.cast(ta.size(), x.dtype) * ta.read(0)"
    return "\n".join(
        [
            "def drain(k, s):",
            "    return k + 1, s + ta.read(k) * tf.cast(k + 1, x.dtype)",
            f"_, y = tf.while_loop(lambda k, s: k < {rows}, drain, [0, tf.zeros_like(x[0])])",
        ]
    )


def _ta_program(rng) -> dict:
    dtype = _pick(rng, ("float32", "float64"))
    rows = int(rng.integers(1, 4))
    shape = [rows, int(rng.integers(1, 4))]
    x = _values(rng, dtype, shape)
    dynamic = rng.random() < 0.4
    size = 0 if dynamic and rng.random() < 0.5 else rows
    opts = [f"tf.{dtype}", f"size={size}"]
    if dynamic:
        opts.append("dynamic_size=True")
    if rng.random() < 0.3:
        opts.append("clear_after_read=False")
    if rng.random() < 0.3:
        opts.append(f"element_shape=tf.TensorShape([{shape[1]}])")
    if rng.random() < 0.2:
        opts.append("infer_shape=False")
    fill = _ta_fill(rng, rows, shape[1])
    lines = [
        f"x = tf.placeholder(tf.{dtype}, {shape})",
        f"ta = tf.TensorArray({', '.join(opts)})",
        fill,
        _ta_read(rng, rows),
        "fetch = [y] + tf.gradients(tf.reduce_sum(y * y), [x])",
        "feed = {x: X[0]}",
    ]
    return _program("\n".join(lines) + "\n", [x])


def _ta_programs(rng) -> list:
    return [_ta_program(rng) for _ in range(60)]


# -- cond, case, switch_case ---------------------------------------------------------------

_BRANCH_RESULTS = {
    "tensor": ("{e}", "[r]"),
    "tuple": ("({e}, {e2})", "[r[0], r[1]]"),
    "one_list": ("[{e}]", "[r[0]] if isinstance(r, list) else [r]"),
    "dict": ('{{"p": {e}, "q": [{e2}]}}', '[r["p"], r["q"][0]]'),
    "namedtuple": ("P({e}, {e2})", "[r.p, r.q]"),
}
_BRANCH_EXPRS = (
    "x * 0.5",
    "x * x",
    "-x + w",
    "tf.maximum(x, 0.25)",
    "tf.nn.relu(x) * 2.0",
    "x - tf.reduce_sum(x)",
    "tf.while_loop(lambda j, s: j < 2, lambda j, s: (j + 1, s + x), [0, x])[1]",
    "tf.cond(tf.reduce_max(x) > 0.5, lambda: x * 0.75, lambda: x + 1.0)",
)


def _cond_program(rng) -> dict:
    dtype = _pick(rng, ("float32", "float64"))
    shape = _shape(rng)
    x, w0 = _values(rng, dtype, shape), _values(rng, dtype, shape)
    kind = _pick(rng, tuple(_BRANCH_RESULTS))
    shape_of, reader = _BRANCH_RESULTS[kind]
    exprs = [_pick(rng, _BRANCH_EXPRS) for _ in range(4)]
    true_r = shape_of.format(e=exprs[0], e2=exprs[1])
    false_r = shape_of.format(e=exprs[2], e2=exprs[3])
    pred = _pick(
        rng,
        ("tf.reduce_sum(x) > 0.0", "p", "tf.logical_not(p)", "tf.reduce_min(x) < -1.0"),
    )
    strict = ", strict=True" if kind == "one_list" and rng.random() < 0.5 else ""
    effect = _pick(rng, ("none", "outside", "inside", "variable"))
    lines = [
        'P = collections.namedtuple("P", "p q")',
        f"x = tf.placeholder(tf.{dtype}, {shape})",
        "p = tf.placeholder(tf.bool, [])",
        f"w = tf.Variable(X[1], dtype=tf.{dtype})",
        "c = tf.Variable(0.0, dtype=tf.float64)",
        "bump = c.assign_add(1.0)",  # made outside: runs whenever a branch reads it
    ]
    if effect == "outside":
        lines.append("def true_fn():")
        lines.append("    with tf.control_dependencies([bump]):")
        lines.append(f"        return {true_r}")
    elif effect == "inside":
        lines.append("def true_fn():")
        lines.append("    with tf.control_dependencies([c.assign_add(10.0)]):")
        lines.append(f"        return tf.nest.map_structure(tf.identity, {true_r})")
    elif effect == "variable":
        lines.append("def true_fn():")
        lines.append("    v = tf.get_variable('made', initializer=X[1])")
        lines.append(f"    return tf.nest.map_structure(lambda t: t + v, {true_r})")
    else:
        lines.append(f"def true_fn():\n    return {true_r}")
    lines += [
        f"def false_fn():\n    return {false_r}",
        f"r = tf.cond({pred}, true_fn, false_fn{strict})",
        f"outs = {reader}",
        "fetch = outs + tf.gradients(tf.add_n([tf.reduce_sum(o) for o in outs]), [x, w])",
        f"feed = {{x: X[0], p: {bool(rng.random() < 0.5)}}}",
        "after = [c]",
    ]
    return _program("\n".join(lines) + "\n", [x, w0])


def _case_program(rng) -> dict:
    dtype = _pick(rng, ("float32", "float64"))
    x = _values(rng, dtype, _shape(rng))
    n = int(rng.integers(1, 4))
    preds = [bool(v) for v in rng.random(n) < 0.4]
    exprs = [_pick(rng, _BRANCH_EXPRS) for _ in range(n + 1)]
    lines = [
        f"x = tf.placeholder(tf.{dtype}, {list(x.shape)})",
        "w = x * 0.5",
        f"p = tf.placeholder(tf.bool, [{n}])",
        # Named out of order, so a dict's pairs sorted by name are not the list's order.
        *(f"q{k} = tf.identity(p[{k}], name='pred_{'zyx'[k]}')" for k in range(n)),
    ]
    fns = [f"lambda: {exprs[k]}" for k in range(n)]
    as_dict = rng.random() < 0.35
    if as_dict:
        pairs = "{" + ", ".join(f"q{k}: {fns[k]}" for k in range(n)) + "}"
    else:
        pairs = "[" + ", ".join(f"(q{k}, {fns[k]})" for k in range(n)) + "]"
    opts = []
    if rng.random() < 0.7:
        opts.append(f"default=lambda: {exprs[n]}")
    if rng.random() < 0.5:
        opts.append("exclusive=True")
    lines += [
        f"y = tf.case({pairs}{''.join(', ' + o for o in opts)})",
        "fetch = [y] + tf.gradients(tf.reduce_sum(y), [x])",
        f"feed = {{x: X[0], p: {preds}}}",
    ]
    return _program("\n".join(lines) + "\n", [x])


def _switch_program(rng) -> dict:
    dtype = _pick(rng, ("float32", "float64"))
    x = _values(rng, dtype, _shape(rng))
    n = int(rng.integers(1, 4))
    exprs = [_pick(rng, _BRANCH_EXPRS) for _ in range(n + 1)]
    fns = [f"lambda: {e}" for e in exprs[:n]]
    if rng.random() < 0.3:
        keys = sorted(int(k) for k in rng.choice(5, n, replace=False))
        branches = "{" + ", ".join(f"{k}: {f}" for k, f in zip(keys, fns, strict=True)) + "}"
    else:
        branches = "[" + ", ".join(fns) + "]"
    default = f", default=lambda: {exprs[n]}" if rng.random() < 0.5 else ""
    index = int(rng.integers(-1, n + 2))
    lines = [
        f"x = tf.placeholder(tf.{dtype}, {list(x.shape)})",
        "w = x * 0.5",
        "k = tf.placeholder(tf.int32, [])",
        f"y = tf.switch_case(k, {branches}{default})",
        "fetch = [y] + tf.gradients(tf.reduce_sum(y), [x])",
        f"feed = {{x: X[0], k: {index}}}",
    ]
    return _program("\n".join(lines) + "\n", [x])


def _cond_programs(rng) -> list:
    return [_cond_program(rng) for _ in range(50)]


def _case_programs(rng) -> list:
    return [_case_program(rng) for _ in range(30)] + [_switch_program(rng) for _ in range(20)]


# -- map_fn, scan, folds -------------------------------------------------------------------

_ROW_FNS = (
    "e * 0.5 + 1.0",
    "tf.maximum(e, 0.0) - e * 0.25",
    "e * e",
    "tf.reverse(e, [0])",
)
_ACC_FNS = (
    "acc * 0.5 + e",
    "tf.maximum(acc, e)",
    "acc - e * 0.75",
    "acc * e",
)


def _map_program(rng) -> dict:
    dtype = _pick(rng, ("float32", "float64"))
    rows, cols = int(rng.integers(0 if rng.random() < 0.1 else 1, 4)), int(rng.integers(1, 4))
    x, z = _values(rng, dtype, [rows, cols]), _values(rng, dtype, [rows, cols])
    fn = _pick(rng, ("map", "map_tuple", "scan", "scan_tuple", "foldl", "foldr"))
    body, acc = _pick(rng, _ROW_FNS), _pick(rng, _ACC_FNS)
    opts = ""
    if fn == "map":
        call = f"tf.map_fn(lambda e: {body}, x"
        if rng.random() < 0.3:
            opts += f", parallel_iterations={int(rng.integers(1, 5))}"
        if rng.random() < 0.3:
            opts += ", infer_shape=False"
    elif fn == "map_tuple":
        call = (
            f"tf.map_fn(lambda ez: (lambda e, f: ({body}, e * f))(*ez), (x, z), "
            f"dtype=(tf.{dtype}, tf.{dtype})"
        )
    elif fn == "scan":
        call = f"tf.scan(lambda acc, e: {acc}, x"
        if rng.random() < 0.5:
            opts += ", initializer=tf.ones_like(x[0]) * 0.5" if rows else ""
        if rng.random() < 0.4:
            opts += ", reverse=True"
    elif fn == "scan_tuple":
        call = (
            "tf.scan(lambda acc, e: (acc[0] * 0.5 + e[0], {'m': tf.maximum(acc[1]['m'], e[1])}),"
            " (x, z), initializer=(tf.zeros_like(x[0]), {'m': tf.ones_like(x[0])})"
        )
        if rng.random() < 0.4:
            opts += ", reverse=True"
    else:
        call = f"tf.{fn}(lambda acc, e: {acc}, x"
        if rng.random() < 0.6 or not rows:
            opts += f", initializer=tf.constant(0.5, tf.{dtype}) * tf.ones([{cols}], tf.{dtype})"
    lines = [
        f"x = tf.placeholder(tf.{dtype}, {[rows, cols]})",
        f"z = tf.constant(X[1], tf.{dtype})",
        f"r = {call}{opts})",
        "outs = [t for t in tf.nest.flatten(r)]",
        "fetch = outs + tf.gradients(tf.add_n([tf.reduce_sum(o) for o in outs]), [x, z])",
        "feed = {x: X[0]}",
    ]
    return _program("\n".join(lines) + "\n", [x, z])


def _map_programs(rng) -> list:
    return [_map_program(rng) for _ in range(50)]


# -- dynamic RNNs --------------------------------------------------------------------------

_CELLS = (
    "tf.nn.rnn_cell.BasicRNNCell({h})",
    "tf.nn.rnn_cell.GRUCell({h})",
    "tf.nn.rnn_cell.BasicLSTMCell({h})",
    "tf.nn.rnn_cell.LSTMCell({h})",
)

_RNN_PRELUDE = """\
def init(shape, dtype=None, partition_info=None):
    n = int(np.prod(shape))
    return tf.constant((np.cos(np.arange(n) * 1.7) * 0.4).reshape(shape), dtype)
"""


def _rnn_program(rng) -> dict:
    batch, steps, depth, h = (int(rng.integers(1, 4)) for _ in range(4))
    x = _values(rng, "float32", [batch, steps, depth])
    lengths = [int(k) for k in rng.integers(0, steps + 1, batch)]
    cell = _pick(rng, _CELLS).format(h=h)
    kind = _pick(rng, ("dynamic", "dynamic", "bidirectional", "raw"))
    time_major = rng.random() < 0.3 and kind != "raw"
    seq = ", sequence_length=lengths" if rng.random() < 0.6 else ""
    inp = "tf.transpose(x, [1, 0, 2])" if time_major else "x"
    lines = [
        _RNN_PRELUDE,
        f"x = tf.placeholder(tf.float32, {[batch, steps, depth]})",
        f"lengths = tf.constant({lengths})",
        "with tf.variable_scope('s', initializer=init):",
    ]
    if kind == "dynamic":
        state = ""
        if rng.random() < 0.3:
            state = f", initial_state=cell.zero_state({batch}, tf.float32)"
        lines += [
            f"    cell = {cell}",
            f"    out, st = tf.nn.dynamic_rnn(cell, {inp}, dtype=tf.float32{seq}{state}"
            f", time_major={time_major})",
            "outs = [out] + tf.nest.flatten(st)",
        ]
    elif kind == "bidirectional":
        lines += [
            f"    fw, bw = {cell}, {_pick(rng, _CELLS).format(h=h)}",
            f"    out, st = tf.nn.bidirectional_dynamic_rnn(fw, bw, {inp}, dtype=tf.float32"
            f"{seq}, time_major={time_major})",
            "outs = list(out) + tf.nest.flatten(st)",
        ]
    else:
        lines += [
            f"    cell = {cell}",
            f"    inputs_ta = tf.TensorArray(tf.float32, size={steps}).unstack("
            "tf.transpose(x, [1, 0, 2]))",
            "    def loop_fn(time, output, state, loop_state):",
            "        if output is None:",
            f"            next_state = cell.zero_state({batch}, tf.float32)",
            "            emit = None",
            "        else:",
            "            next_state, emit = state, output",
            "        finished = time >= lengths",
            "        nxt = tf.cond(tf.reduce_all(finished),",
            f"            lambda: tf.zeros([{batch}, {depth}], tf.float32),",
            "            lambda: inputs_ta.read(time))",
            "        return finished, nxt, next_state, emit, None",
            "    out_ta, st, _ = tf.nn.raw_rnn(cell, loop_fn)",
            "out = out_ta.stack()",
            "outs = [out] + tf.nest.flatten(st)",
        ]
    lines += [
        "fetch = outs + tf.gradients(tf.add_n([tf.reduce_sum(o) for o in outs]), [x])",
        "feed = {x: X[0]}",
    ]
    return _program("\n".join(lines) + "\n", [x], exact=False)


def _rnn_programs(rng) -> list:
    return [_rnn_program(rng) for _ in range(30)]


# -- group, tuple, control dependencies ----------------------------------------------------

_GROUPING = (
    """\
v = tf.Variable(1.0)
g = tf.group(v.assign_add(2.0), tf.no_op())
fetch = [g]
after = [v]
""",
    """\
v = tf.Variable(1.0)
a = v.assign(5.0)
with tf.control_dependencies([a]):
    r = tf.identity(v)
fetch = [r]
after = [v]
""",
    """\
x = tf.placeholder(tf.float32, [2])
v = tf.Variable(0.0)
t = tf.tuple([x * 2.0, x + 1.0], control_inputs=[v.assign_add(1.0)])
fetch = t
feed = {x: X[0]}
after = [v]
""",
    """\
x = tf.placeholder(tf.float32, [2])
v = tf.Variable(0.0)
with tf.control_dependencies([v.assign_add(1.0)]):
    with tf.control_dependencies(None):
        y = x * 3.0
fetch = [y]
feed = {x: X[0]}
after = [v]
""",
    """\
x = tf.placeholder(tf.float32, [2])
v = tf.Variable(0.0)
def body(k, s):
    with tf.control_dependencies(None):
        c = tf.constant(2.0)
    return k + 1, s * c
r = tf.while_loop(lambda k, s: k < 3, body, [0, x])
fetch = list(r) + tf.gradients(r[1], [x])
feed = {x: X[0]}
""",
    """\
x = tf.placeholder(tf.float32, [2])
v = tf.Variable(0.0)
t = tf.tuple([x * 2.0, None, x], control_inputs=[v.assign_add(1.0)])
fetch = [t[0], t[2]]
feed = {x: X[0]}
after = [v]
""",
    """\
x = tf.placeholder(tf.float32, [2])
v = tf.Variable(0.0)
up = v.assign_add(1.0)
def body(k, s):
    with tf.control_dependencies([up]):
        return k + 1, s + 1.0
r = tf.while_loop(lambda k, s: k < 3, body, [0, x])
fetch = list(r)
feed = {x: X[0]}
after = [v]
""",
    """\
x = tf.placeholder(tf.float32, [2])
v = tf.Variable(0.0)
up = v.assign_add(1.0)
y = tf.cond(tf.reduce_sum(x) > 100.0, lambda: tf.identity(up), lambda: tf.constant(-1.0))
fetch = [y]
feed = {x: X[0]}
after = [v]
""",
    """\
v = tf.Variable(3.0)
w = tf.Variable(1.0)
with tf.control_dependencies([w.assign(v * 2.0)]):
    g = tf.group(v.assign_add(1.0))
fetch = [g]
after = [v, w]
""",
    """\
x = tf.placeholder(tf.float32, [2])
with tf.control_dependencies([tf.assert_positive(x)]):
    y = tf.identity(x)
fetch = [y]
feed = {x: X[0]}
""",
    """\
x = tf.placeholder(tf.float32, [2])
ys = tf.tuple([x, x * 2.0])
g = tf.group(*ys)
fetch = [g, ys[1]]
feed = {x: X[0]}
""",
    """\
x = tf.placeholder(tf.float32, [2])
v = tf.Variable(0.0)
def body(k, s):
    with tf.control_dependencies([v.assign_add(1.0)]):
        return k + 1, tf.identity(s) + v.read_value()
r = tf.while_loop(lambda k, s: k < 3, body, [0, x], parallel_iterations=1)
fetch = list(r)
feed = {x: X[0]}
after = [v]
""",
)


def _grouping_programs(rng) -> list:
    return [_program(code, [_values(rng, "float32", [2])]) for code in _GROUPING]


# -- invalid programs ----------------------------------------------------------------------

_INVALID = (
    # while_loop structures and shapes
    "r = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1,), [0, x])",
    "r = tf.while_loop(lambda d: d['i'] < 3, lambda d: {'i': d['i'] + 1, 'a': d['a']},"
    " {'i': 0, 'a': x})",
    "r = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, [a]), [0, x])",
    "r = tf.while_loop(lambda d: d['i'] < 3, lambda d: {'i': d['i'] + 1, 'z': d['a']},"
    " {'i': 0, 'a': x})",
    "r = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, tf.concat([a, a], 0)), [0, x])",
    "r = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, tf.cast(a, tf.float64)), [0, x])",
    "r = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a), [0, x],"
    " shape_invariants=[tf.TensorShape([]), tf.TensorShape([3])])",
    "r = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a), [0, x],"
    " shape_invariants=[tf.TensorShape([])])",
    "r = tf.while_loop(lambda i, a: a, lambda i, a: (i + 1, a), [0, x])",
    "r = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a), [0, x], maximum_iterations=-1)",
    "r = tf.while_loop(lambda i, a: i < 3, 5, [0, x])",
    "r = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a), [])",
    "r = tf.while_loop(lambda i: i < 3, lambda i: i + 1.5, [0])",
    "r = tf.while_loop(lambda i, a: i < 3, lambda i, a: [i + 1, a], (0, x), maximum_iterations=5)",
    "r = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a), [0, x],"
    " shape_invariants=[tf.TensorShape([]), [None]])",
    "r = tf.while_loop(lambda i, a: tf.constant([True, False]), lambda i, a: (i + 1, a), [0, x])",
    "r = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * 2.0), [0, x],"
    " maximum_iterations=tf.constant(2.5))",
    "inner = []\n"
    "def body(i, a):\n    inner.append(a * 2.0)\n    return i + 1, a\n"
    "r = tf.while_loop(lambda i, a: i < 3, body, [0, x])\nr = inner[0]",
    "def body(i, a):\n    v = tf.Variable(a)\n    return i + 1, a + v\n"
    "r = tf.while_loop(lambda i, a: i < 3, body, [0, x])",
    # TensorArray
    "ta = tf.TensorArray(tf.float32, size=2).unstack(x)\nr = ta.read(0) + ta.read(0)",
    "ta = tf.TensorArray(tf.float32, size=2).write(0, x[0]).write(0, x[1])\nr = ta.stack()",
    "ta = tf.TensorArray(tf.float32, size=2).unstack(x)\nr = ta.read(5)",
    "ta = tf.TensorArray(tf.float32, size=2).write(3, x[0])\nr = ta.stack()",
    "ta = tf.TensorArray(tf.float32, size=2).write(0, x[0])\nr = ta.read(1)",
    "ta = tf.TensorArray(tf.float32, size=2).write(0, tf.cast(x[0], tf.float64))\nr = ta.stack()",
    "ta = tf.TensorArray(tf.float32, size=2).write(0, x[0]).write(1, x)\nr = ta.stack()",
    "ta = tf.TensorArray(tf.float32, size=3).unstack(x)\nr = ta.stack()",
    "ta = tf.TensorArray(tf.float32, size=2, element_shape=[3]).write(0, x[0])\nr = ta.stack()",
    "ta = tf.TensorArray(tf.float32, size=2).unstack(x)\nr = ta.gather([0, 0])",
    "ta = tf.TensorArray(tf.float32, size=2).split(tf.reshape(x, [-1]), [1, 2])\nr = ta.concat()",
    "ta = tf.TensorArray(tf.float32, size=2).unstack(x)\nr = ta.stack() + ta.stack()",
    "ta = tf.TensorArray(tf.float32, size=0)\nr = ta.stack()",
    "ta = tf.TensorArray(tf.float32, size=1).unstack(x)\nr = ta.stack()",
    "ta = tf.TensorArray(tf.float32, size=2).scatter([0, 0], x)\nr = ta.stack()",
    "def body(k, t):\n    return k + 1, t.write(0, x[0])\n"
    "_, ta = tf.while_loop(lambda k, t: k < 2, body, [0, tf.TensorArray(tf.float32, size=2)])\n"
    "r = ta.stack()",
    "ta = tf.TensorArray(tf.float32, size=2).unstack(x)\n"
    "def body(k, s):\n    return k + 1, s + ta.read(0)\n"
    "r = tf.while_loop(lambda k, s: k < 2, body, [0, x[0]])[1]",
    # cond, case, switch_case
    "r = tf.cond(True, lambda: x, lambda: x * 2.0)",
    "r = tf.cond(x[0] > 0.0, lambda: x, lambda: (x, x))",
    "r = tf.cond(x[0] > 0.0, lambda: x, lambda: tf.cast(x, tf.float64))",
    "r = tf.cond(x > 0.0, lambda: x, lambda: x * 2.0)",
    "r = tf.cond(x[0], lambda: x, lambda: x * 2.0)",
    "r = tf.cond(x[0] > 0.0, lambda: x, None)",
    "r = tf.cond(x[0] > 0.0, lambda: {'a': x}, lambda: {'b': x})",
    "r = tf.cond(x[0] > 0.0, lambda: [x], lambda: [x], strict=True) + 1.0",
    "r = tf.case([(x[0] > 0.0, lambda: x), (x[1] > 0.0, lambda: -x)], exclusive=True)",
    "r = tf.case([(x[0] > 0.0, lambda: x)], default=lambda: (x, x))",
    "r = tf.case([])",
    "r = tf.case([(x[0] > 10.0, lambda: x), (x[1] > 10.0, lambda: -x)])",
    "r = tf.case([(x[0] > 0.0, x)], default=lambda: x)",
    "r = tf.switch_case(tf.constant(0.5), [lambda: x])",
    "r = tf.switch_case(tf.constant(0), [])",
    "r = tf.switch_case(tf.constant(0), [lambda: x, lambda: tf.cast(x, tf.int32)])",
    # map_fn, scan, folds
    "r = tf.map_fn(lambda e: (e, e), x)",
    "r = tf.map_fn(lambda e: tf.cast(e, tf.int32), x)",
    "r = tf.map_fn(lambda e: e, 5.0)",
    "r = tf.map_fn(lambda e: e[0], (x, x[:1]))",
    "r = tf.scan(lambda a, e: (a, a), x, initializer=x[0])",
    "r = tf.scan(lambda a, e: tf.concat([a, e], 0), x, initializer=x[0])",
    "r = tf.foldl(lambda a, e: a + e, tf.zeros([0, 2]))",
    "r = tf.foldr(lambda a, e: tf.cast(a, tf.float64) + e, x, initializer=x[0])",
    "r = tf.map_fn(lambda e: tf.reshape(e, [-1])[:tf.cast(e[0] > 0.0, tf.int32) + 1], x)",
)


def _invalid_programs(rng) -> list:
    programs = []
    for code in _INVALID:
        text = f"x = tf.placeholder(tf.float32, [2, 2])\n{code}\n"
        text += "fetch = [t for t in tf.nest.flatten(r)]\nfeed = {x: X[0]}\n"
        programs.append(_program(text, [_values(rng, "float32", [2, 2])]))
    return programs


# -- compile time --------------------------------------------------------------------------


def nested_loops(depth: int) -> str:
    """A loop nest `depth` deep, each level running a cond and the level below twice: the
    work a graph compiler does must grow with the nest's size, not exponentially."""
    body = "s * 0.5 + 1.0"
    for level in range(depth):
        inner = body.replace("s", f"s{level}")
        body = (
            f"tf.while_loop(lambda k{level}, s{level}: k{level} < 2, lambda k{level}, s{level}:"
            f" (k{level} + 1, tf.cond(k{level} > 0, lambda: {inner}, lambda: s{level} - 1.0)),"
            f" [0, s])[1]"
        )
    return (
        "x = tf.placeholder(tf.float32, [2])\n"
        f"s = x\ny = {body}\n"
        "fetch = [y] + tf.gradients(tf.reduce_sum(y), [x])\nfeed = {x: X[0]}\n"
    )


def _nesting_programs(rng) -> list:
    return [_program(nested_loops(d), [_values(rng, "float32", [2])]) for d in (1, 2, 3, 4)]


FAMILIES = {
    "while": _while_programs,
    "tensor_array": _ta_programs,
    "cond": _cond_programs,
    "case": _case_programs,
    "map": _map_programs,
    "rnn": _rnn_programs,
    "grouping": _grouping_programs,
    "nesting": _nesting_programs,
    "invalid": _invalid_programs,
}


def programs() -> dict:
    """Every family's programs, each drawn from a generator seeded by the family's name."""
    out = {}
    for family, draw_family in FAMILIES.items():
        rng = np.random.default_rng(fuzzseed.seed(f"fuzzflow.{family}"))
        for i, program in enumerate(draw_family(rng)):
            out[f"{family}.{i}"] = program
    return out


# -- running -------------------------------------------------------------------------------


def _class_name(exc: Exception) -> str:
    return type(exc).__name__


def _static(t) -> list | None:
    shape = getattr(t, "shape", None)
    if shape is None or shape.ndims is None:
        return None
    return shape.as_list()


def _encoded(value):
    return None if value is None else encode(value)


def decode_all(program: dict) -> list:
    """The program's inputs, `X` in its code."""
    return [decode(s) for s in program["inputs"]]


def observe(tf, program: dict, classes=_class_name) -> dict:
    """What `tf` gives for `program`: {"static", "outputs", "after"} or {"error": [stage,
    class]} (`classes(exc)` names what was raised)."""
    scope = {
        "tf": tf,
        "np": np,
        "collections": collections,
        "X": decode_all(program),
        "fetch": [],
        "feed": {},
        "after": [],
    }
    with tf.Graph().as_default():
        try:
            exec(program["code"], scope)
        except Exception as exc:  # the class is what is recorded
            return {"error": ["build", classes(exc)]}
        fetch, feed = scope["fetch"], scope["feed"]
        real = [y for y in fetch if y is not None]
        try:
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                got = sess.run(real, feed)
                after = sess.run(scope["after"], feed)
        except Exception as exc:
            return {"error": ["run", classes(exc)]}
    values = iter(got)
    return {
        "static": [None if y is None else _static(y) for y in fetch],
        "outputs": [None if y is None else _encoded(next(values)) for y in fetch],
        "after": [_encoded(v) for v in after],
    }


def main() -> None:
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # tf.nn.rnn_cell is tf_keras's
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    tf.logging.set_verbosity(tf.logging.ERROR)
    recorded = {}
    for name, program in programs().items():
        recorded[name] = {**program, "tf": observe(tf, program)}
    json.dump(
        {"tensorflow": tf.__version__, "programs": recorded}, sys.stdout, separators=(",", ":")
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
