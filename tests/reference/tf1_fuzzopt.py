"""Differential fuzzing of TF1 training against TensorFlow (dev-only): random small models
(dense layers, embedding lookups with repeated ids, so IndexedSlices gradients, a
convolution, a while_loop, a dynamic RNN, partitioned, resource and ref variables,
float64 and float16 variables, variables with constraints) trained a few steps by every
`tf.train` optimizer, dense and sparse, with learning rates as floats, tensors, fed
placeholders and every `tf.train.*_decay` schedule of the global step; the plumbing between
loss and update (`minimize`'s options, `compute_gradients` → clipping and scaling →
`apply_gradients`, None gradients, `stop_gradient`, `tf.gradients` with `grad_ys` and
`unconnected_gradients`); `ExponentialMovingAverage`, batch normalization's UPDATE_OPS and
the global step's helpers; and hand-written invalid configurations:

    TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python tests/reference/tf1_fuzzopt.py \
        > tests/unit/engine/fixtures/tf1_fuzzopt.json

A program is TF1 code as text, run with `tf` bound to `tensorflow.compat.v1` here and to
graphgate in tests/unit/engine/test_tf1_fuzzopt.py; it reads its inputs from `X` and sets
`train` (what each step runs, None for none), `fetch` (tensors read before each step: the
loss, the learning rate), `feed`, and `out` (names and other plain values: slot names,
what `variables()` lists). The fixture holds what TF gave: every global variable's name,
the fetches' static shapes, then before the first step and after each step the fetches and
every global variable (slots, beta powers, global step, shadows) as dtype, shape and bits;
or the stage ("build" or "run") and class of what it raised.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np

# tests/reference is no package: its siblings are imported by path.
sys.path.insert(0, str(Path(__file__).parent))
import fuzzkit

encode, decode = fuzzkit.encode, fuzzkit.decode


def _pick(rng, options):
    return options[int(rng.integers(0, len(options)))]


def _values(rng, dtype, shape, scale=1.0):
    return (rng.uniform(-1.0, 1.0, shape) * scale).astype(dtype)


def _program(code: str, inputs, steps: int) -> dict:
    return {"code": code, "inputs": [encode(np.asarray(x)) for x in inputs], "steps": steps}


def _num(rng, low, high, digits=3) -> float:
    return round(float(rng.uniform(low, high)), digits)


# A deterministic initializer for variables made inside layers, cells and partitions.
_PRELUDE = """\
def init(shape, dtype=None, partition_info=None):
    n = int(np.prod(shape))
    return tf.constant((np.cos(np.arange(n) * 1.7) * 0.4).reshape(shape), dtype)
"""


# -- optimizers ----------------------------------------------------------------------------


def _optimizer(rng, lr: str, sparse: bool = False) -> tuple[str, bool]:
    """An optimizer's constructor with drawn hyperparameters, and whether it needs `gs`."""
    kind = _pick(
        rng,
        (
            "sgd",
            "momentum",
            "adagrad",
            "adagrad_da",
            "adadelta",
            "adam",
            "ftrl",
            "proximal_sgd",
            "proximal_adagrad",
            "rmsprop",
        ),
    )
    if kind == "sgd":
        return f"tf.train.GradientDescentOptimizer({lr})", False
    if kind == "momentum":
        nesterov = rng.random() < 0.5
        return (
            f"tf.train.MomentumOptimizer({lr}, {_num(rng, 0.0, 0.99)}, use_nesterov={nesterov})",
            False,
        )
    if kind == "adagrad":
        return (
            f"tf.train.AdagradOptimizer({lr}, initial_accumulator_value={_num(rng, 0.01, 1.0)})",
            False,
        )
    if kind == "adagrad_da":
        l1 = _pick(rng, (0.0, 0.0, _num(rng, 0.0, 0.1)))
        l2 = _pick(rng, (0.0, 0.0, _num(rng, 0.0, 0.1)))
        return (
            f"tf.train.AdagradDAOptimizer({lr}, gs, initial_gradient_squared_accumulator_value="
            f"{_num(rng, 0.01, 1.0)}, l1_regularization_strength={l1}, "
            f"l2_regularization_strength={l2})",
            True,
        )
    if kind == "adadelta":
        eps = _pick(rng, (1e-8, 1e-6, 1e-3))
        return f"tf.train.AdadeltaOptimizer({lr}, rho={_num(rng, 0.5, 0.99)}, epsilon={eps})", False
    if kind == "adam":
        eps = _pick(rng, (1e-8, 1e-7, 1e-3, 0.1))
        return (
            f"tf.train.AdamOptimizer({lr}, beta1={_num(rng, 0.0, 0.99)}, "
            f"beta2={_pick(rng, (0.999, 0.99, 0.9, _num(rng, 0.5, 0.999)))}, epsilon={eps})",
            False,
        )
    if kind == "ftrl":
        power = _pick(rng, (-0.5, -0.5, 0.0, -1.0, _num(rng, -1.0, 0.0, 2)))
        strengths = _strengths(rng)
        shrink = _pick(rng, (0.0, 0.0, _num(rng, 0.0, 0.1)))
        beta = f", beta={_num(rng, 0.0, 0.5)}" if rng.random() < 0.2 else ""
        return (
            f"tf.train.FtrlOptimizer({lr}, learning_rate_power={power}, "
            f"initial_accumulator_value={_num(rng, 0.01, 1.0)}, {strengths}, "
            f"l2_shrinkage_regularization_strength={shrink}{beta})",
            False,
        )
    if kind == "proximal_sgd":
        return f"tf.train.ProximalGradientDescentOptimizer({lr}, {_strengths(rng)})", False
    if kind == "proximal_adagrad":
        strengths = _strengths(rng)
        return (
            f"tf.train.ProximalAdagradOptimizer({lr}, initial_accumulator_value="
            f"{_num(rng, 0.01, 1.0)}, {strengths})",
            False,
        )
    centered = rng.random() < 0.5
    momentum = _pick(rng, (0.0, _num(rng, 0.0, 0.9)))
    eps = _pick(rng, (1e-10, 1e-6, 0.1))
    return (
        f"tf.train.RMSPropOptimizer({lr}, decay={_num(rng, 0.5, 0.99)}, momentum={momentum}, "
        f"epsilon={eps}, centered={centered})",
        False,
    )


def _strengths(rng) -> str:
    """Drawn l1 and l2 regularization strengths, each 0 half the time."""
    l1 = _pick(rng, (0.0, _num(rng, 0.0, 0.1)))
    l2 = _pick(rng, (0.0, _num(rng, 0.0, 0.1)))
    return f"l1_regularization_strength={l1}, l2_regularization_strength={l2}"


def _learning_rate(rng, dtype: str) -> tuple[list, str, dict]:
    """Lines making the learning rate, its expression, and what to feed."""
    lr = _num(rng, 0.01, 0.5)
    kind = _pick(rng, ("float", "float", "tensor", "placeholder", "variable", "schedule"))
    if kind == "float":
        return [], repr(lr), {}
    if kind == "tensor":
        return [f"lr = tf.constant({lr}, tf.{_pick(rng, ('float32', dtype))})"], "lr", {}
    if kind == "placeholder":
        return ["lr = tf.placeholder(tf.float32, [])"], "lr", {"lr": lr}
    if kind == "variable":
        return [f"lr = tf.Variable({lr}, trainable=False, name='lr')"], "lr", {}
    return [f"lr = {_schedule(rng, lr)}"], "lr", {}


def _schedule(rng, lr: float) -> str:
    """A `tf.train.*_decay` of `gs` (the global step)."""
    ds = int(rng.integers(1, 5))
    rate = _num(rng, 0.1, 0.99)
    stair = rng.random() < 0.4
    kind = _pick(
        rng,
        (
            "exponential",
            "piecewise",
            "polynomial",
            "natural_exp",
            "inverse_time",
            "cosine",
            "cosine_restarts",
            "linear_cosine",
            "noisy_linear_cosine",
        ),
    )
    if kind == "exponential":
        return f"tf.train.exponential_decay({lr}, gs, {ds}, {rate}, staircase={stair})"
    if kind == "piecewise":
        bounds = sorted({int(b) for b in rng.integers(0, 5, int(rng.integers(1, 4)))})
        values = [_num(rng, 0.01, 0.5) for _ in range(len(bounds) + 1)]
        return f"tf.train.piecewise_constant(gs, {bounds}, {values})"
    if kind == "polynomial":
        power = _pick(rng, (1.0, 0.5, 2.0, _num(rng, 0.1, 3.0)))
        cycle = rng.random() < 0.5
        return (
            f"tf.train.polynomial_decay({lr}, gs, {ds}, end_learning_rate={_num(rng, 0.0, 0.05)},"
            f" power={power}, cycle={cycle})"
        )
    if kind == "natural_exp":
        return f"tf.train.natural_exp_decay({lr}, gs, {ds}, {rate}, staircase={stair})"
    if kind == "inverse_time":
        return f"tf.train.inverse_time_decay({lr}, gs, {ds}, {rate}, staircase={stair})"
    if kind == "cosine":
        return f"tf.train.cosine_decay({lr}, gs, {ds}, alpha={_num(rng, 0.0, 0.5)})"
    if kind == "cosine_restarts":
        return (
            f"tf.train.cosine_decay_restarts({lr}, gs, {ds}, t_mul={_pick(rng, (1.0, 2.0, 1.5))},"
            f" m_mul={_pick(rng, (1.0, 0.5, 0.9))}, alpha={_pick(rng, (0.0, 0.1))})"
        )
    if kind == "linear_cosine":
        return (
            f"tf.train.linear_cosine_decay({lr}, gs, {ds}, num_periods={_num(rng, 0.5, 3.0, 1)},"
            f" alpha={_num(rng, 0.0, 0.5)}, beta={_num(rng, 0.0, 0.01)})"
        )
    return (
        f"tf.train.noisy_linear_cosine_decay({lr}, gs, {ds}, initial_variance="
        f"{_num(rng, 0.0, 0.01, 4)}, variance_decay={_num(rng, 0.1, 1.0)}, "
        f"num_periods={_num(rng, 0.5, 3.0, 1)}, alpha={_num(rng, 0.0, 0.5)}, "
        f"beta={_num(rng, 0.0, 0.01)})"
    )


def _global_step(rng) -> str:
    return _pick(
        rng,
        (
            "gs = tf.train.get_or_create_global_step()",
            "gs = tf.train.create_global_step()",
            "gs = tf.Variable(0, trainable=False, name='global_step')",
            "gs = tf.Variable(tf.constant(0, tf.int64), trainable=False, name='step')",
        ),
    )


# -- models --------------------------------------------------------------------------------


def _variable(rng, name: str, value: str, dtype: str, constrained: bool = False) -> str:
    """A variable made one of TF1's ways: ref or resource, Variable or get_variable."""
    kind = _pick(rng, ("ref", "resource", "get", "get_resource"))
    constraint = ", constraint=lambda t: tf.clip_by_value(t, -0.75, 0.75)" if constrained else ""
    if kind in ("ref", "resource"):
        res = ", use_resource=True" if kind == "resource" else ""
        return f"{name} = tf.Variable({value}, dtype=tf.{dtype}, name='{name}'{res}{constraint})"
    res = ", use_resource=True" if kind == "get_resource" else ""
    return (
        f"{name} = tf.get_variable('{name}', initializer=tf.constant({value}, tf.{dtype})"
        f"{res}{constraint})"
    )


def _dense_model(rng, dtype: str) -> tuple[list, list]:
    batch, d, k = (int(rng.integers(1, 4)) for _ in range(3))
    x, w, y = (_values(rng, dtype, s) for s in ([batch, d], [d, k], [batch, k]))
    b = _values(rng, dtype, [k], 0.5)
    act = _pick(rng, ("", "tf.tanh", "tf.nn.relu", "tf.sigmoid"))
    constrained = rng.random() < 0.15
    lines = [
        f"x = tf.placeholder(tf.{dtype}, {[batch, d]})",
        f"y = tf.constant(X[2], tf.{dtype})",
        _variable(rng, "w", "X[1]", dtype, constrained),
        _variable(rng, "b", "X[3]", dtype),
        f"h = {act}(tf.matmul(x, w) + b)",
        _pick(
            rng,
            (
                "loss = tf.reduce_mean(tf.square(h - y))",
                "loss = tf.reduce_sum(tf.abs(h - y)) * 0.5",
                "loss = tf.losses.mean_squared_error(y, h)",
                "loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2("
                "labels=tf.nn.softmax(y), logits=h))",
            ),
        ),
        "feed = {x: X[0]}",
    ]
    return lines, [x, w, y, b]


def _embedding_model(rng, dtype: str) -> tuple[list, list]:
    vocab, d = int(rng.integers(3, 7)), int(rng.integers(1, 4))
    n = int(rng.integers(2, 7))
    ids = rng.integers(0, vocab, n)
    if rng.random() < 0.6:  # repeated ids, most of the time
        ids[int(rng.integers(0, n))] = ids[0]
    table = _values(rng, dtype, [vocab, d])
    target = _values(rng, dtype, [n, d])
    lookup = _pick(rng, ("tf.nn.embedding_lookup(emb, ids)", "tf.gather(emb, ids)"))
    lines = [
        f"ids = tf.constant({[int(i) for i in ids]})",
        f"t = tf.constant(X[1], tf.{dtype})",
    ]
    partitioned = rng.random() < 0.25
    if partitioned:
        strategy = _pick(rng, ("mod", "div"))
        res = rng.random() < 0.5
        lines += [
            f"emb = tf.get_variable('emb', [{vocab}, {d}], tf.{dtype}, initializer=init, "
            f"partitioner=tf.fixed_size_partitioner(2), use_resource={res})",
        ]
        lookup = f"tf.nn.embedding_lookup(emb, ids, partition_strategy='{strategy}')"
    else:
        lines.append(_variable(rng, "emb", "X[0]", dtype, rng.random() < 0.1))
    lines.append(f"e = {lookup}")
    extra = _pick(rng, ("none", "none", "dense", "mixed", "twice"))
    if extra == "dense":  # a dense variable beside the table
        lines += [
            _variable(rng, "w", f"np.full([{d}], 0.5)", dtype),
            "e = e * w",
        ]
    elif extra == "mixed" and not partitioned:  # a dense gradient to the table too
        lines.append("e = e + tf.reduce_sum(emb) * 0.1")
    elif extra == "twice":  # two lookups of the same table
        lines.append(f"e = e + {lookup.replace('ids', 'ids[::-1]')} * 0.5")
    lines.append("loss = tf.reduce_sum(tf.square(e - t))")
    lines.append("feed = {}")
    return lines, [table, target]


def _conv_model(rng, dtype: str) -> tuple[list, list]:
    h, w, c, k = int(rng.integers(3, 5)), int(rng.integers(3, 5)), int(rng.integers(1, 3)), 2
    x = _values(rng, dtype, [1, h, w, c])
    f = _values(rng, dtype, [2, 2, c, k], 0.5)
    pad = _pick(rng, ("SAME", "VALID"))
    lines = [
        f"x = tf.placeholder(tf.{dtype}, {[1, h, w, c]})",
        _variable(rng, "f", "X[1]", dtype),
        f"y = tf.nn.conv2d(x, f, [1, 1, 1, 1], '{pad}')",
        "loss = tf.reduce_mean(tf.square(y - 0.25))",
        "feed = {x: X[0]}",
    ]
    return lines, [x, f]


def _loop_model(rng, dtype: str) -> tuple[list, list]:
    d = int(rng.integers(1, 4))
    x, w = _values(rng, dtype, [2, d]), _values(rng, dtype, [d, d], 0.7)
    n = int(rng.integers(1, 4))
    lines = [
        f"x = tf.placeholder(tf.{dtype}, {[2, d]})",
        _variable(rng, "w", "X[1]", dtype),
        f"_, hl = tf.while_loop(lambda i, h: i < {n}, "
        "lambda i, h: (i + 1, tf.tanh(tf.matmul(h, w))), [0, x])",
        "loss = tf.reduce_sum(tf.square(hl - 0.5))",
        "feed = {x: X[0]}",
    ]
    return lines, [x, w]


def _rnn_model(rng, dtype: str) -> tuple[list, list]:
    batch, steps, depth = (int(rng.integers(1, 3)) for _ in range(3))
    h = int(rng.integers(1, 4))
    x = _values(rng, "float32", [batch, steps, depth])
    cell = _pick(rng, ("BasicRNNCell", "GRUCell", "BasicLSTMCell"))
    lines = [
        f"x = tf.placeholder(tf.float32, {[batch, steps, depth]})",
        "with tf.variable_scope('rnn', initializer=init):",
        f"    ro, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.{cell}({h}), x, dtype=tf.float32)",
        "loss = tf.reduce_mean(tf.square(ro - 0.25))",
        "feed = {x: X[0]}",
    ]
    return lines, [x]


_MODELS = {
    "dense": _dense_model,
    "embedding": _embedding_model,
    "conv": _conv_model,
    "loop": _loop_model,
    "rnn": _rnn_model,
}


def _feed_lines(extra: dict) -> list:
    return [f"feed[{k}] = {v!r}" for k, v in extra.items()]


def _slot_report() -> list:
    """Lines putting the optimizer's slot names and its variables' names in `out`."""
    return [
        "out['slot_names'] = sorted(opt.get_slot_names())",
        "out['slots'] = sorted(str(getattr(opt.get_slot(v, s), 'name', None)) "
        "for v in tf.trainable_variables() for s in opt.get_slot_names())",
        "out['variables'] = [v.name for v in opt.variables()]",
    ]


def _train_program(rng, model: str, dtype: str = "float32") -> dict:
    """A model of `model`'s kind trained a few steps by a drawn optimizer with `minimize`."""
    lines, inputs = _MODELS[model](rng, dtype)
    lr_lines, lr, extra = _learning_rate(rng, dtype)
    make, needs_gs = _optimizer(rng, lr)
    with_gs = needs_gs or "gs" in " ".join(lr_lines) or rng.random() < 0.3
    prelude = [_PRELUDE]
    if "noisy" in " ".join(lr_lines):
        prelude.append(f"tf.set_random_seed({int(rng.integers(1, 100))})")
    if with_gs:
        prelude.append(_global_step(rng))
    gs = ", global_step=gs" if with_gs else ""
    code = [
        *prelude,
        *lines,
        *lr_lines,
        f"opt = {make}",
        f"train = opt.minimize(loss{gs})",
        "fetch = [loss, lr]" if lr == "lr" else "fetch = [loss]",
        *_feed_lines(extra),
        *_slot_report(),
    ]
    return _program("\n".join(c for c in code if c) + "\n", inputs, int(rng.integers(1, 5)))


def _dense_programs(rng) -> list:
    out = []
    for _ in range(120):
        model = _pick(rng, ("dense", "dense", "conv", "loop", "rnn"))
        dtype = "float64" if model != "rnn" and rng.random() < 0.2 else "float32"
        out.append(_train_program(rng, model, dtype))
    return out


def _sparse_programs(rng) -> list:
    out = []
    for _ in range(110):
        dtype = "float64" if rng.random() < 0.2 else "float32"
        out.append(_train_program(rng, "embedding", dtype))
    return out


def _schedule_programs(rng) -> list:
    """Every schedule driven by the global step over more steps than it decays in."""
    out = []
    for _ in range(40):
        lines, inputs = _dense_model(rng, "float32")
        lr = _schedule(rng, _num(rng, 0.01, 0.5))
        seed = f"tf.set_random_seed({int(rng.integers(1, 100))})" if "noisy" in lr else ""
        make, _ = _optimizer(rng, "lr")
        code = [
            _PRELUDE,
            seed,
            _global_step(rng),
            *lines,
            f"lr = {lr}",
            f"opt = {make}",
            "train = opt.minimize(loss, global_step=gs)",
            "fetch = [loss, lr, gs]",
        ]
        out.append(_program("\n".join(c for c in code if c) + "\n", inputs, 6))
    return out


# -- gradients' plumbing -------------------------------------------------------------------

_TRANSFORMS = (
    "gv = [(None if g is None else tf.clip_by_value(g, -{c}, {c}), v) for g, v in gv]",
    "gv = [(None if g is None else tf.clip_by_norm(g, {c}), v) for g, v in gv]",
    "gs_, norm = tf.clip_by_global_norm([g for g, _ in gv], {c})\n"
    "gv = list(zip(gs_, [v for _, v in gv]))\nfetch.append(norm)",
    "gv = [(None if g is None else (tf.IndexedSlices(g.values * {c}, g.indices, g.dense_shape)"
    " if isinstance(g, tf.IndexedSlices) else g * {c}), v) for g, v in gv]",
    "gv = [(g, v) for g, v in gv if g is not None]",
    "fetch.append(tf.global_norm([g for g, _ in gv]))",
)


def _plumbing_program(rng) -> dict:
    model = _pick(rng, ("dense", "embedding", "dense"))
    lines, inputs = _MODELS[model](rng, "float32")
    # An unconnected variable, sometimes in the list (its gradient None).
    lines.append("u = tf.Variable([1.0, 2.0], name='unused')")
    if rng.random() < 0.3:
        lines.append("loss = loss + tf.reduce_sum(tf.stop_gradient(u) * 0.5)")
    make, _ = _optimizer(rng, repr(_num(rng, 0.01, 0.5)))
    code = [_PRELUDE, _global_step(rng), *lines, f"opt = {make}", "fetch = [loss]"]
    var_list = _pick(rng, ("None", "tf.trainable_variables()", "tf.trainable_variables()[:1]"))
    how = _pick(rng, ("minimize", "apply"))
    if how == "minimize":
        gate = _pick(rng, (1, 2))  # GATE_NONE races an update against a gradient reading it
        agg = _pick(
            rng,
            (
                "None",
                "tf.AggregationMethod.ADD_N",
                "tf.AggregationMethod.EXPERIMENTAL_TREE",
                "tf.AggregationMethod.EXPERIMENTAL_ACCUMULATE_N",
            ),
        )
        colocate = rng.random() < 0.3
        grad_loss = ", grad_loss=tf.constant(1.5)" if rng.random() < 0.3 else ""
        code.append(
            f"train = opt.minimize(loss, global_step=gs, var_list={var_list}, gate_gradients="
            f"{gate}, aggregation_method={agg}, colocate_gradients_with_ops={colocate}"
            f"{grad_loss})"
        )
    else:
        code.append(f"gv = opt.compute_gradients(loss, var_list={var_list})")
        code.append(
            "out['grads'] = [None if g is None else isinstance(g, tf.IndexedSlices) for g, _ in gv]"
        )
        for _ in range(int(rng.integers(1, 3))):
            c = _pick(rng, (0.05, 0.5, 1.0, 3.0))
            code.append(_pick(rng, _TRANSFORMS).format(c=c))
        code.append("train = opt.apply_gradients(gv, global_step=gs)")
    code += _slot_report()
    return _program("\n".join(code) + "\n", inputs, int(rng.integers(1, 4)))


def _gradients_program(rng) -> dict:
    """`tf.gradients` of several ys with grad_ys and unconnected_gradients, no training."""
    d = int(rng.integers(1, 4))
    a, b = _values(rng, "float32", [d]), _values(rng, "float32", [d])
    ys = _pick(rng, ("[y1]", "[y1, y2]", "[y2, y1]", "y1 + y2"))
    grad_ys = _pick(rng, ("None", "gy"))
    if ys == "y1 + y2" or grad_ys == "None":
        grad_ys = "None"
    unconnected = _pick(rng, ("'none'", "'zero'", "tf.UnconnectedGradients.ZERO"))
    code = [
        f"a = tf.Variable(X[0], name='a', use_resource={rng.random() < 0.5})",
        "b = tf.placeholder(tf.float32, [None])",
        "c = tf.Variable(1.0, name='c')",
        "y1 = tf.reduce_sum(a * b)",
        "y2 = tf.square(a) * tf.stop_gradient(b)",
        "gy = [tf.constant(2.0), tf.ones_like(y2) * 0.5]" + ("[::-1]" if ys == "[y2, y1]" else ""),
        "gy = gy[:len(" + ys + ")]" if ys.startswith("[") else "",
        f"g = tf.gradients({ys}, [a, b, c], grad_ys={grad_ys}, unconnected_gradients="
        f"{unconnected})",
        "out['none'] = [x is None for x in g]",
        "fetch = [x for x in g if x is not None]",
        "train = None",
        "feed = {b: X[1]}",
    ]
    return _program("\n".join(c for c in code if c) + "\n", [a, b], 1)


def _plumbing_programs(rng) -> list:
    return [_plumbing_program(rng) for _ in range(70)] + [
        _gradients_program(rng) for _ in range(20)
    ]


# -- moving averages, batch norm, groups ----------------------------------------------------


def _ema_program(rng) -> dict:
    lines, inputs = _dense_model(rng, _pick(rng, ("float32", "float32", "float64")))
    decay = _pick(rng, (0.9, 0.99, 0.5, 0.3, _num(rng, 0.0, 1.0)))
    num_updates = _pick(rng, ("None", "gs"))
    zero_debias = rng.random() < 0.5
    averaged = _pick(rng, ("None", "[w]", "[w, b]", "[w, loss]", "[loss]"))
    make, _ = _optimizer(rng, repr(_num(rng, 0.01, 0.5)))
    # A group of the step and the averages would read the variables in no fixed order.
    code = [
        _PRELUDE,
        _global_step(rng),
        *lines,
        f"opt = {make}",
        "step = opt.minimize(loss, global_step=gs)",
        f"ema = tf.train.ExponentialMovingAverage({decay}, num_updates={num_updates}, "
        f"zero_debias={zero_debias})",
    ]
    code += [
        "with tf.control_dependencies([step]):",
        f"    train = {_pick(rng, ('', 'tf.group'))}(ema.apply({averaged}))",
    ]
    code += [
        "fetch = [loss, ema.average(w) if ema.average(w) is not None else loss]",
        "out['restore'] = sorted(ema.variables_to_restore())",
        "out['name'] = ema.average_name(w)",
        "out['averages'] = sorted(v.op.name for v in tf.moving_average_variables())",
    ]
    return _program("\n".join(code) + "\n", inputs, int(rng.integers(1, 5)))


def _batch_norm_program(rng) -> dict:
    batch, d = int(rng.integers(2, 5)), int(rng.integers(1, 4))
    x = _values(rng, "float32", [batch, d], 2.0)
    make, _ = _optimizer(rng, repr(_num(rng, 0.01, 0.5)))
    momentum = _pick(rng, (0.99, 0.9, 0.5))
    way = _pick(rng, ("deps", "group", "none"))
    code = [
        _PRELUDE,
        "gs = tf.train.get_or_create_global_step()",
        f"x = tf.placeholder(tf.float32, {[batch, d]})",
        f"h = tf.layers.batch_normalization(x, training=True, momentum={momentum})",
        "with tf.variable_scope('out'):",
        "    h = tf.layers.dense(h, 2, kernel_initializer=init)",
        "loss = tf.reduce_mean(tf.square(h - 0.5))",
        f"opt = {make}",
        "ups = tf.get_collection(tf.GraphKeys.UPDATE_OPS)",
    ]
    if way == "deps":
        code += ["with tf.control_dependencies(ups):", "    train = opt.minimize(loss)"]
    elif way == "group":
        code.append("train = tf.group(opt.minimize(loss), *ups)")
    else:
        code.append("train = opt.minimize(loss)")
    code += ["fetch = [loss]", "feed = {x: X[0]}", "out['updates'] = len(ups)"]
    return _program("\n".join(code) + "\n", [x], int(rng.integers(1, 4)))


def _average_programs(rng) -> list:
    return [_ema_program(rng) for _ in range(40)] + [_batch_norm_program(rng) for _ in range(15)]


# -- hyperparameters as tensors, placeholders, callables -----------------------------------


def _hyper_value(rng, value: float, name: str, feeds: dict) -> str:
    """`value` as a float, a tensor, a fed placeholder or a callable."""
    kind = _pick(rng, ("float", "tensor", "placeholder", "callable"))
    if kind == "float":
        return repr(value)
    if kind == "tensor":
        return f"tf.constant({value})"
    if kind == "placeholder":
        feeds[name] = value
        return f"tf.placeholder_with_default({value}, [])" if rng.random() < 0.5 else name
    return f"lambda: {value}"


_HYPERS = {
    "momentum": ("MomentumOptimizer", {"momentum": (0.0, 0.99)}, ", use_nesterov={nesterov}"),
    "adam": (
        "AdamOptimizer",
        {"beta1": (0.0, 0.99), "beta2": (0.5, 0.999), "epsilon": (1e-3, 0.1)},
        "",
    ),
    "rmsprop": (
        "RMSPropOptimizer",
        {"decay": (0.5, 0.99), "momentum": (0.0, 0.9), "epsilon": (1e-3, 0.1)},
        ", centered={nesterov}",
    ),
    "adadelta": ("AdadeltaOptimizer", {"rho": (0.5, 0.99), "epsilon": (1e-3, 0.1)}, ""),
    "ftrl": ("FtrlOptimizer", {"l1_regularization_strength": (0.0, 0.1)}, ""),
    "sgd": ("GradientDescentOptimizer", {}, ""),
    "adagrad": ("AdagradOptimizer", {}, ""),
}


def _hyper_program(rng) -> dict:
    model = _pick(rng, ("dense", "embedding"))
    lines, inputs = _MODELS[model](rng, "float32")
    feeds: dict = {}
    kind = _pick(rng, tuple(_HYPERS))
    cls, params, extra = _HYPERS[kind]
    args = [_hyper_value(rng, _num(rng, 0.01, 0.5), "lr", feeds)]
    for i, (param, (low, high)) in enumerate(params.items()):
        args.append(f"{param}={_hyper_value(rng, _num(rng, low, high, 4), f'h{i}', feeds)}")
    code = [
        *lines,
        *(f"{name} = tf.placeholder(tf.float32, [])" for name in feeds),
        f"opt = tf.train.{cls}({', '.join(args)}{extra.format(nesterov=rng.random() < 0.5)})",
        "train = opt.minimize(loss)",
        "fetch = [loss]",
        *(f"feed[{name}] = {value!r}" for name, value in feeds.items()),
        *_slot_report(),
    ]
    return _program("\n".join(code) + "\n", inputs, int(rng.integers(1, 4)))


def _hyper_programs(rng) -> list:
    return [_hyper_program(rng) for _ in range(40)]


# -- invalid configurations ----------------------------------------------------------------

_INVALID = (
    "train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=[])",
    "u = tf.Variable(1.0)\ntrain = tf.train.GradientDescentOptimizer(0.1).minimize(loss, "
    "var_list=[u])",
    "train = tf.train.GradientDescentOptimizer(0.1).apply_gradients([])",
    "train = tf.train.GradientDescentOptimizer(0.1).apply_gradients([(None, w)])",
    "train = tf.train.GradientDescentOptimizer(tf.constant([0.1, 0.2])).minimize(loss)",
    "lr = tf.placeholder(tf.float32, [None])\n"
    "train = tf.train.GradientDescentOptimizer(lr).minimize(loss)\nfeed[lr] = [0.1, 0.2]",
    "train = tf.train.GradientDescentOptimizer(tf.constant(1)).minimize(loss)",
    "train = tf.train.AdamOptimizer(tf.constant([0.1, 0.2])).minimize(loss)",
    "train = tf.train.MomentumOptimizer(tf.constant([0.1, 0.2]), 0.9).minimize(loss)",
    "train = tf.train.GradientDescentOptimizer('0.1').minimize(loss)",
    "c = tf.Variable(3)\ntrain = tf.train.GradientDescentOptimizer(0.1).minimize(loss, "
    "var_list=[w, c])",
    "train = tf.train.GradientDescentOptimizer(0.1).minimize(tf.cast(loss, tf.int32))",
    "train = tf.train.GradientDescentOptimizer(0.1).minimize(tf.matmul(x, w))",
    "train = tf.train.MomentumOptimizer(0.1).minimize(loss)",
    "train = tf.train.AdagradOptimizer(0.1, initial_accumulator_value=0.0).minimize(loss)",
    "train = tf.train.AdagradOptimizer(0.1, initial_accumulator_value=-1.0).minimize(loss)",
    "train = tf.train.FtrlOptimizer(0.1, learning_rate_power=0.5).minimize(loss)",
    "train = tf.train.FtrlOptimizer(0.1, l1_regularization_strength=-0.1).minimize(loss)",
    "train = tf.train.FtrlOptimizer(0.1, initial_accumulator_value=-0.1).minimize(loss)",
    "train = tf.train.FtrlOptimizer(0.1, l2_shrinkage_regularization_strength=-1.0).minimize(loss)",
    "train = tf.train.AdagradDAOptimizer(0.1, None).minimize(loss)",
    "gs = tf.train.get_or_create_global_step()\n"
    "train = tf.train.AdagradDAOptimizer(0.1, gs, "
    "initial_gradient_squared_accumulator_value=0.0).minimize(loss)",
    "train = tf.train.GradientDescentOptimizer(0.1).apply_gradients([(tf.ones([2, 2]), w + 0.0)])",
    "train = tf.train.GradientDescentOptimizer(0.1).apply_gradients([(tf.ones([3]), w)])",
    "train = tf.train.GradientDescentOptimizer(0.1).apply_gradients([(tf.ones([2, 2], "
    "tf.float64), w)])",
    "train = tf.train.AdamOptimizer(0.1).apply_gradients([(tf.ones([3]), w)])",
    "train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, gate_gradients=3)",
    "train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, aggregation_method='foo')",
    "n = tf.clip_by_global_norm(tf.ones([2]), 1.0)\ntrain = None",
    "n = tf.clip_by_norm(tf.ones([2]), [1.0, 2.0])\nfetch = [n]\ntrain = None",
    "n = tf.clip_by_value(tf.ones([2]), 1.0, 0.0)\nfetch = [n]\ntrain = None",
    "e = tf.train.ExponentialMovingAverage(0.9)\nc = tf.Variable(3)\ntrain = e.apply([c])",
    "e = tf.train.ExponentialMovingAverage(0.9)\ntrain = tf.group(e.apply([w]), e.apply([w]))",
    "e = tf.train.ExponentialMovingAverage(0.9)\ntrain = e.apply([])",
    "e = tf.train.ExponentialMovingAverage(tf.constant(0.5))\ntrain = e.apply([w, b])",
    "g = tf.gradients(loss, [w], grad_ys=[tf.ones([2])])\ntrain = None",
    "g = tf.gradients(loss, [w], unconnected_gradients='foo')\ntrain = None",
    "g = tf.gradients(tf.cast(loss, tf.int32), [w])\nout['g'] = [v is None for v in g]\n"
    "train = None",
    "gs = tf.Variable(0.0, trainable=False)\n"
    "train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=gs)",
    "train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=tf.constant(0))",
    "tf.train.create_global_step()\ntf.train.create_global_step()\ntrain = None",
    "tf.Variable(0.0, name='global_step', trainable=False, collections=["
    "tf.GraphKeys.GLOBAL_VARIABLES, tf.GraphKeys.GLOBAL_STEP])\n"
    "tf.train.get_or_create_global_step()\ntrain = None",
    "gs = tf.train.get_or_create_global_step()\n"
    "lr = tf.train.piecewise_constant(gs, [1, 2], [0.1, 0.2])\ntrain = None",
    "lr = tf.train.exponential_decay(0.1, None, 2, 0.5)\ntrain = None",
    "gs = tf.train.get_or_create_global_step()\n"
    "lr = tf.train.polynomial_decay(0.1, gs, 0, 0.01)\nfetch = [lr]\ntrain = None",
    "lr = tf.train.cosine_decay_restarts(0.1, None, 2)\ntrain = None",
    "gs = tf.train.get_or_create_global_step()\n"
    "lr = tf.train.piecewise_constant(gs, [1], [0.1, 2])\ntrain = None",
    "gs = tf.train.get_or_create_global_step()\n"
    "lr = tf.train.piecewise_constant(gs, [1.5], [0.1, 0.2])\ntrain = None",
    "opt = tf.train.AdamOptimizer(0.1)\ntrain = opt.minimize(loss)\n"
    "out['slot'] = [opt.get_slot(b, 'm') is None, opt.get_slot(w, 'q') is None, "
    "opt.get_slot(tf.Variable(1.0), 'm') is None]",
    "train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=[w, w])",
    "k = tf.Variable(2.0, trainable=False)\nloss = loss * k\n"
    "train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=[w, k])",
    "train = tf.train.GradientDescentOptimizer(None).minimize(loss)",
    "train = tf.train.RMSPropOptimizer(0.1, momentum=-0.5).minimize(loss)",
    "h = tf.Variable(np.ones([2, 2], np.float16))\n"
    "train = tf.train.AdamOptimizer(0.1).minimize(tf.reduce_sum(tf.square(h * 3.0)))",
    "h = tf.Variable(np.ones([2], np.float16))\n"
    "train = tf.train.MomentumOptimizer(0.1, 0.9).minimize(tf.reduce_sum(h * h))",
    "gs = tf.train.get_or_create_global_step()\n"
    "train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=gs)\n"
    "train = tf.group(train, tf.train.GradientDescentOptimizer(0.1).minimize(loss, "
    "global_step=gs))",
    "opt = tf.train.GradientDescentOptimizer(0.1)\n"
    "train = opt.apply_gradients(zip(tf.gradients(loss, [w, b]), [w, b]))",
    "opt = tf.train.GradientDescentOptimizer(0.1)\n"
    "train = opt.apply_gradients((g, v) for g, v in opt.compute_gradients(loss))",
    "lr = tf.placeholder(tf.float32, [])\ntrain = tf.train.AdamOptimizer(lr).minimize(loss)",
    "train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, grad_loss=tf.ones([2]))",
    "train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, "
    "grad_loss=tf.constant(1.0, tf.float64))",
    "gv = tf.train.GradientDescentOptimizer(0.1).compute_gradients(loss, var_list=[x])\n"
    "train = None",
    "n = tf.clip_by_global_norm([None, None], 1.0)\nout['n'] = [v is None for v in n[0]]\n"
    "fetch = [n[1]]\ntrain = None",
    "n = tf.clip_by_global_norm([tf.constant([np.inf, 1.0]), tf.constant([2.0])], 1.0)\n"
    "fetch = list(n[0]) + [n[1]]\ntrain = None",
    "n = tf.clip_by_global_norm([tf.constant([np.nan, 1.0])], 1.0)\n"
    "fetch = list(n[0]) + [n[1]]\ntrain = None",
    "n = tf.clip_by_norm(tf.constant([np.inf, 1.0]), 1.0)\nfetch = [n]\ntrain = None",
    "n = tf.clip_by_norm(tf.constant([[3.0, 4.0], [0.0, 0.0]]), 1.0, axes=[1])\n"
    "fetch = [n]\ntrain = None",
)


# Hand-written valid programs at the edges: optimizers shared between minimize calls,
# integer and bool variables updated beside the step, float16 variables, a trainable
# learning rate, repeated applies.
_EDGES = (
    "opt = tf.train.AdamOptimizer(0.1)\nt1 = opt.minimize(loss, var_list=[w])\n"
    "with tf.control_dependencies([t1]):\n    train = opt.minimize(loss, var_list=[b])",
    "opt = tf.train.MomentumOptimizer(0.1, 0.9)\ngv = opt.compute_gradients(loss)\n"
    "t1 = opt.apply_gradients(gv)\nwith tf.control_dependencies([t1]):\n"
    "    train = opt.apply_gradients(gv)",
    "count = tf.Variable(0, trainable=False, name='count')\n"
    "flag = tf.Variable(False, trainable=False, name='flag')\n"
    "step = tf.train.AdagradOptimizer(0.1).minimize(loss)\n"
    "with tf.control_dependencies([step]):\n"
    "    train = tf.group(count.assign_add(3), flag.assign(tf.logical_not(flag)))",
    "c64 = tf.Variable(np.int64(5), trainable=False, name='c64')\n"
    "train = tf.group(tf.train.RMSPropOptimizer(0.1).minimize(loss), c64.assign(c64 * 2))",
    "lr = tf.Variable(0.1, name='lr')\n"
    "train = tf.train.GradientDescentOptimizer(lr).minimize(loss)\nfetch.append(lr)",
    "h = tf.Variable(np.full([2], 0.5, np.float16), name='h')\n"
    "train = tf.train.AdagradOptimizer(0.1).minimize(tf.reduce_sum(tf.square(h - 0.25)))",
    "h = tf.Variable(np.full([2], 0.5, np.float16), name='h')\n"
    "train = tf.train.RMSPropOptimizer(0.1, centered=True).minimize(tf.reduce_sum(h * h))",
    "h = tf.Variable(np.full([2], 0.5, np.float16), name='h')\n"
    "train = tf.train.AdadeltaOptimizer(1.0).minimize(tf.reduce_sum(h * h))",
    "h = tf.Variable(np.full([2], 0.5, np.float16), name='h')\n"
    "train = tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(h * h))",
    "gs = tf.Variable(0, trainable=False)\n"
    "train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=gs)",
    "gs = tf.train.get_or_create_global_step()\n"
    "lr = tf.train.exponential_decay(0.1, tf.cast(gs, tf.float64), 2, 0.5)\n"
    "train = tf.train.MomentumOptimizer(lr, 0.5).minimize(loss, global_step=gs)\n"
    "fetch.append(lr)",
    "gs = tf.train.get_or_create_global_step()\n"
    "lr = tf.train.piecewise_constant(gs, [1, 2], [0.1, 0.05, 0.01])\n"
    "opt = tf.train.AdagradDAOptimizer(lr, gs)\n"
    "train = opt.minimize(loss, global_step=gs)\nfetch.append(lr)",
    "e = tf.train.ExponentialMovingAverage(0.5)\nm = tf.reduce_mean(x, 0)\n"
    "train = e.apply([m, w])\nfetch.append(e.average(m))\n"
    "out['r'] = sorted(e.variables_to_restore([w]))",
    "with tf.variable_scope('s'):\n"
    "    e = tf.train.ExponentialMovingAverage(0.5, zero_debias=True)\n"
    "    train = e.apply([loss, w])\nout['n'] = [e.average_name(loss), e.average_name(w)]",
    "opt = tf.train.AdamOptimizer(0.1)\ntrain = opt.minimize(loss)\n"
    "out['p'] = [v.op.name for v in opt._get_beta_accumulators()]",
    "opt = tf.train.AdamOptimizer(0.1, name='Custom')\ntrain = opt.minimize(loss)\n"
    "out['n'] = opt.get_name()",
    "with tf.variable_scope('outer'):\n"
    "    train = tf.train.RMSPropOptimizer(0.1, momentum=0.5).minimize(loss)",
    "with tf.name_scope('outer'):\n    train = tf.train.AdamOptimizer(0.1).minimize(loss)",
    "g, = tf.gradients(loss, [w], stop_gradients=[w])\nfetch.append(g)\ntrain = None",
    "g = tf.gradients([loss, loss * 2.0], [w, b], grad_ys=[tf.constant(0.5), None])\n"
    "fetch += g\ntrain = None",
    "g = tf.gradients(tf.stop_gradient(loss), [w], unconnected_gradients='zero')\n"
    "fetch += g\ntrain = None",
    "gv = tf.train.GradientDescentOptimizer(0.1).compute_gradients(loss, var_list=[w])\n"
    "out['v'] = [v.op.name for _, v in gv]\nfetch.append(gv[0][0])\ntrain = None",
    "g = tf.gradients(loss, [w, b], gate_gradients=True)\nfetch += g\ntrain = None",
    "train = tf.train.AdamOptimizer(0.1).minimize(tf.cast(loss, tf.float64) * 2.0)",
    # (An update of a variable the loss reads would race the forward pass's read in TF.)
    "c = tf.Variable(0.0, trainable=False, name='c')\n"
    "with tf.control_dependencies([c.assign_add(1.0)]):\n"
    "    train = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)",
)


def _edge_programs(rng) -> list:
    x, w = _values(rng, "float32", [3, 2]), _values(rng, "float32", [2, 2])
    return [_program(_INVALID_HEAD + code + "\n", [x, w], 3) for code in _EDGES]


_INVALID_HEAD = (
    "x = tf.placeholder(tf.float32, [3, 2])\n"
    "w = tf.Variable(X[1], name='w')\n"
    "b = tf.Variable(np.zeros(2, np.float32), name='b')\n"
    "loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b))\n"
    "feed = {x: X[0]}\nfetch = [loss]\n"
)


def _invalid_programs(rng) -> list:
    x, w = _values(rng, "float32", [3, 2]), _values(rng, "float32", [2, 2])
    head = (
        "x = tf.placeholder(tf.float32, [3, 2])\n"
        "w = tf.Variable(X[1], name='w')\n"
        "b = tf.Variable(np.zeros(2, np.float32), name='b')\n"
        "loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b))\n"
        "feed = {x: X[0]}\nfetch = [loss]\n"
    )
    return [_program(head + code + "\n", [x, w], 2) for code in _INVALID]


FAMILIES = {
    "dense": _dense_programs,
    "sparse": _sparse_programs,
    "schedule": _schedule_programs,
    "plumbing": _plumbing_programs,
    "average": _average_programs,
    "hyper": _hyper_programs,
    "edges": _edge_programs,
    "invalid": _invalid_programs,
}


def programs(prefix: str = "fuzzopt.") -> dict:
    """Every family's programs, each drawn from a generator seeded by `prefix` and the
    family's name (another prefix draws other programs, for hunting)."""
    return fuzzkit.programs(FAMILIES, prefix)


# -- running -------------------------------------------------------------------------------


def decode_all(program: dict) -> list:
    """The program's inputs, `X` in its code."""
    return [decode(s) for s in program["inputs"]]


def _plain(value):
    """`out`'s values as JSON holds them."""
    return json.loads(json.dumps(value, default=str))


def observe(tf, program: dict, classes=lambda e: type(e).__name__) -> dict:
    """What `tf` gives for `program`: {"names", "static", "out", "steps"} (each step
    [fetches before it, every global variable after it]; the first entry is the state
    before any step) or {"error": [stage, class]}."""
    scope = {"tf": tf, "np": np, "X": decode_all(program), "fetch": [], "feed": {}, "out": {}}
    scope["train"] = None
    with tf.Graph().as_default():
        try:
            exec(program["code"], scope)
            variables = sorted(tf.global_variables(), key=lambda v: v.op.name)
            names = [v.op.name for v in variables]
        except Exception as exc:  # the class is what is recorded
            return {"error": ["build", classes(exc)]}
        fetch, feed, train = scope["fetch"], scope["feed"], scope["train"]
        steps = []
        try:
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                sess.run(tf.local_variables_initializer())
                steps.append([[], [encode(v) for v in sess.run(variables)]])
                for _ in range(program["steps"] if train is not None else 1):
                    got = sess.run(fetch, feed)
                    if train is not None:
                        sess.run(train, feed)
                    after = sess.run(variables)
                    steps.append([[encode(v) for v in got], [encode(v) for v in after]])
        except Exception as exc:
            return {"error": ["run", classes(exc)]}
    return {
        "names": names,
        "static": [fuzzkit.static(t) for t in fetch],
        "out": _plain(scope["out"]),
        "steps": steps,
    }


def main() -> None:
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # tf.layers, tf.nn.rnn_cell
    prefix = sys.argv[1] if len(sys.argv) > 1 else "fuzzopt."
    fuzzkit.record(programs(prefix), observe)


if __name__ == "__main__":
    main()
