"""Differential fuzzing of composite gradients against TensorFlow (dev-only): small random
differentiable TF1 graphs (chains and DAGs of 3-10 ops whose nodes are reused, so that
gradients aggregate; in the `empty` family over tensors with no element), drawn with
fixed seeds, differentiated with `tf.gradients` (several ys, grad_ys, unconnected xs,
aggregation methods, gate_gradients), `tf.hessians` and the gradient of a gradient's norm
(WGAN-GP's penalty), and trained a few steps by every tf.train optimizer on dense and
sparse (embedding_lookup) gradients:

    /work/tfvenv/bin/python tests/reference/tf1_fuzzgrad.py \
        > tests/unit/engine/fixtures/tf1_fuzzgrad.json

A program is data: its inputs (placeholders, variables; values as `tf1_fuzzdiff`'s bit
patterns), its nodes ([op, argument ids, attributes], an id being an input's index or
len(inputs) + a node's index) and what to differentiate (`grad`). `build` makes it with
`tf` bound to TensorFlow here and to graphgate in tests/unit/engine/test_tf1_fuzzgrad.py,
which compares what each computed, output by output. Where grappler's rewrites of the
graph change the bits, what TF computes for the graph as written is recorded too.

Each op is marked exact when TensorFlow's kernel and its gradient are IEEE-rounded
elementwise arithmetic, data movement or short sums graphgate can add in TF's order; a
program of exact ops only is compared bit for bit, the others (transcendentals, matmul's
fused multiply-adds, softmax and the losses) to a few units in the last place.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import fuzzseed

try:
    from tests.reference import tf1_fuzzdiff as fuzz
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import tf1_fuzzdiff as fuzz

encode, decode = fuzz.encode, fuzz.decode

# -- the ops -------------------------------------------------------------------------------
# name: (builder(tf, args, attrs) -> tensor, exact). Builders use TF1's public names only.


def _const(tf, attrs, key, like):
    """The constant `attrs[key]` (bit patterns) in `like`'s float dtype."""
    return tf.constant(decode(attrs[key]), like.dtype)


def _ints(tf, attrs, key):
    return tf.constant(decode(attrs[key]))


def _positive(tf, x):
    """|x| + 1: an operand kept away from zero, for divisors, logs and roots."""
    return tf.abs(x) + tf.constant(1.0, x.dtype)


_UNARY_EXACT = {
    "negative": lambda tf, x: tf.negative(x),
    "square": lambda tf, x: tf.square(x),
    "abs": lambda tf, x: tf.abs(x),
    "relu": lambda tf, x: tf.nn.relu(x),
    "relu6": lambda tf, x: tf.nn.relu6(x),
    "leaky_relu": lambda tf, x: tf.nn.leaky_relu(x, 0.2),
    "identity": lambda tf, x: tf.identity(x),
    "stop_gradient": lambda tf, x: tf.stop_gradient(x),
    "reciprocal": lambda tf, x: tf.reciprocal(_positive(tf, x)),
    "sqrt": lambda tf, x: tf.sqrt(_positive(tf, x)),
    "scale": lambda tf, x: x * tf.constant(0.75, x.dtype),
    "clip_by_value": lambda tf, x: tf.clip_by_value(x, -1.0, 1.5),
}
_UNARY_APPROX = {
    "tanh": lambda tf, x: tf.tanh(x),
    "sigmoid": lambda tf, x: tf.sigmoid(x),
    "exp": lambda tf, x: tf.exp(tf.clip_by_value(x, -8.0, 8.0)),
    "log": lambda tf, x: tf.log(_positive(tf, x)),
    "log1p": lambda tf, x: tf.log1p(tf.abs(x)),
    "sin": lambda tf, x: tf.sin(x),
    "cos": lambda tf, x: tf.cos(x),
    "softplus": lambda tf, x: tf.nn.softplus(x),
    "elu": lambda tf, x: tf.nn.elu(x),
    "selu": lambda tf, x: tf.nn.selu(x),
    "softsign": lambda tf, x: tf.nn.softsign(x),
    "rsqrt": lambda tf, x: tf.rsqrt(_positive(tf, x)),
    "erf": lambda tf, x: tf.erf(x),
    "atan": lambda tf, x: tf.atan(x),
    "log_sigmoid": lambda tf, x: tf.log_sigmoid(x),
}
_BINARY_EXACT = {
    "add": lambda tf, a, b: tf.add(a, b),
    "subtract": lambda tf, a, b: tf.subtract(a, b),
    "multiply": lambda tf, a, b: tf.multiply(a, b),
    "truediv": lambda tf, a, b: tf.truediv(a, _positive(tf, b)),
    "maximum": lambda tf, a, b: tf.maximum(a, b),
    "minimum": lambda tf, a, b: tf.minimum(a, b),
    "squared_difference": lambda tf, a, b: tf.squared_difference(a, b),
    "operator_add": lambda tf, a, b: a + b * 2.0,
}
_BINARY_APPROX = {
    "pow": lambda tf, a, b: tf.pow(_positive(tf, a), tf.clip_by_value(b, -2.0, 2.0)),
    "atan2": lambda tf, a, b: tf.atan2(a, _positive(tf, b)),
}


def _unary(fn):
    return lambda tf, args, attrs: fn(tf, args[0])


def _binary(fn):
    def build(tf, args, attrs):
        b = args[1] if len(args) > 1 else _const(tf, attrs, "b", args[0])
        return fn(tf, args[0], b) if not attrs.get("swap") else fn(tf, b, args[0])

    return build


def _reduce(tf, args, attrs):
    fn = getattr(tf, attrs["fn"])
    return fn(args[0], axis=attrs["axis"], keepdims=attrs["keepdims"])


def _matmul(tf, args, attrs):
    b = args[1] if len(args) > 1 else _const(tf, attrs, "b", args[0])
    flags = {k: attrs[k] for k in ("transpose_a", "transpose_b", "adjoint_a", "adjoint_b")}
    return tf.matmul(args[0], b, **flags)


def _strided(tf, args, attrs):
    return args[0][tuple(fuzz._slice_item(i) for i in attrs["items"])]


def _take(outputs, attrs):
    """One output of a multi-output op, or the difference of two (both get gradients)."""
    take = attrs["take"]
    return outputs[take[0]] if len(take) == 1 else outputs[take[0]] - outputs[take[1]]


def _where(tf, args, attrs):
    if attrs.get("mask") is not None:
        cond = tf.constant(decode(attrs["mask"]))
    else:
        cond = args[0] > tf.constant(0.0, args[0].dtype)
    other = args[1] if len(args) > 1 else tf.zeros_like(args[0])
    return tf.where(cond, args[0], other)


def _cond(tf, args, attrs):
    x = args[0]
    pred = tf.reduce_sum(x) > tf.constant(attrs["threshold"], x.dtype)
    true_fn, false_fn = (_BRANCHES[name] for name in attrs["branches"])
    return tf.cond(pred, lambda: true_fn(tf, x), lambda: false_fn(tf, x))


def _while(tf, args, attrs):
    x = args[0]
    body = _BRANCHES[attrs["body"]]

    def step(i, v):
        return i + 1, body(tf, v) * tf.constant(0.5, v.dtype) + x

    _, out = tf.while_loop(lambda i, v: i < attrs["n"], step, [tf.constant(0), x])
    return out


_BRANCHES = {
    "square": lambda tf, x: tf.square(x),
    "scale": lambda tf, x: x * tf.constant(1.5, x.dtype),
    "negative": lambda tf, x: -x,
    "relu": lambda tf, x: tf.nn.relu(x),
    "tanh": lambda tf, x: tf.tanh(x),
    "sigmoid": lambda tf, x: tf.sigmoid(x),
}
_EXACT_BRANCHES = ("square", "scale", "negative", "relu")


def _segment(tf, args, attrs):
    fn = getattr(tf, attrs["fn"])
    ids = _ints(tf, attrs, "ids")
    if attrs["fn"].startswith("unsorted"):
        return fn(args[0], ids, attrs["num"])
    return fn(args[0], ids)


def _loss(tf, args, attrs):
    return _LOSSES[attrs["fn"]](tf, args[0], attrs)


def _labels(tf, attrs, like):
    return _const(tf, attrs, "labels", like)


def _weights(tf, attrs, like):
    if attrs.get("weights") is None:
        return 1.0
    return _const(tf, attrs, "weights", like)


def _reduction(tf, attrs):
    return getattr(tf.losses.Reduction, attrs["reduction"])


# The labels' keyword of each tf.losses function (TF1 names it after what it holds).
_LABELS_KEYWORD = {
    "sigmoid_cross_entropy": "multi_class_labels",
    "softmax_cross_entropy": "onehot_labels",
}


def _tf_losses(name, **extra):
    def build(tf, x, attrs):
        kw = {k: attrs[k] for k in extra if k in attrs}
        labels = _labels(tf, attrs, x)
        if name == "sparse_softmax_cross_entropy":
            labels = _ints(tf, attrs, "labels")
        if name == "log_loss":
            x = tf.sigmoid(x)
        second = "logits" if "entropy" in name or name == "hinge_loss" else "predictions"
        return getattr(tf.losses, name)(
            **{_LABELS_KEYWORD.get(name, "labels"): labels, second: x},
            weights=_weights(tf, attrs, x),
            reduction=_reduction(tf, attrs),
            **kw,
        )

    return build


_LOSSES = {
    "sigmoid_xent": lambda tf, x, a: tf.nn.sigmoid_cross_entropy_with_logits(
        labels=_labels(tf, a, x), logits=x
    ),
    "weighted_xent": lambda tf, x, a: tf.nn.weighted_cross_entropy_with_logits(
        labels=_labels(tf, a, x), logits=x, pos_weight=a["pos_weight"]
    ),
    "softmax_xent": lambda tf, x, a: tf.nn.softmax_cross_entropy_with_logits(
        labels=_labels(tf, a, x), logits=x
    ),
    "softmax_xent_v2": lambda tf, x, a: tf.nn.softmax_cross_entropy_with_logits_v2(
        labels=_labels(tf, a, x), logits=x
    ),
    "sparse_softmax_xent": lambda tf, x, a: tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=_ints(tf, a, "labels"), logits=x
    ),
    "log_poisson": lambda tf, x, a: tf.nn.log_poisson_loss(
        _labels(tf, a, x), x, compute_full_loss=a["full"]
    ),
    "l2_loss": lambda tf, x, a: tf.nn.l2_loss(x),
    "softmax": lambda tf, x, a: tf.nn.softmax(x, axis=a["axis"]),
    "log_softmax": lambda tf, x, a: tf.nn.log_softmax(x, axis=a["axis"]),
    "logsumexp": lambda tf, x, a: tf.reduce_logsumexp(x, axis=a["axis"], keepdims=a["keepdims"]),
    "absolute_difference": _tf_losses("absolute_difference"),
    "mean_squared_error": _tf_losses("mean_squared_error"),
    "huber_loss": _tf_losses("huber_loss", delta=None),
    "hinge_loss": _tf_losses("hinge_loss"),
    "log_loss": _tf_losses("log_loss"),
    "sigmoid_cross_entropy": _tf_losses("sigmoid_cross_entropy", label_smoothing=None),
    "softmax_cross_entropy": _tf_losses("softmax_cross_entropy", label_smoothing=None),
    "sparse_softmax_cross_entropy": _tf_losses("sparse_softmax_cross_entropy"),
    "cosine_distance": lambda tf, x, a: tf.losses.cosine_distance(
        _labels(tf, a, x),
        tf.math.l2_normalize(x, axis=a["axis"]),
        axis=a["axis"],
        weights=_weights(tf, a, x),
        reduction=_reduction(tf, a),
    ),
    "mean_pairwise_squared_error": lambda tf, x, a: tf.losses.mean_pairwise_squared_error(
        _labels(tf, a, x), x, weights=_weights(tf, a, x)
    ),
}

_OPS = {
    **{n: (_unary(f), True) for n, f in _UNARY_EXACT.items()},
    **{n: (_unary(f), False) for n, f in _UNARY_APPROX.items()},
    **{n: (_binary(f), True) for n, f in _BINARY_EXACT.items()},
    **{n: (_binary(f), False) for n, f in _BINARY_APPROX.items()},
    "add_n": (lambda tf, args, a: tf.add_n(args), True),
    "reduce": (_reduce, True),
    "matmul": (_matmul, False),
    "reshape": (lambda tf, args, a: tf.reshape(args[0], a["shape"]), True),
    "transpose": (lambda tf, args, a: tf.transpose(args[0], a["perm"]), True),
    "expand_dims": (lambda tf, args, a: tf.expand_dims(args[0], a["axis"]), True),
    "squeeze": (lambda tf, args, a: tf.squeeze(args[0], a["axis"]), True),
    "tile": (lambda tf, args, a: tf.tile(args[0], a["multiples"]), True),
    "concat": (lambda tf, args, a: tf.concat(args, a["axis"]), True),
    "stack": (lambda tf, args, a: tf.stack(args, a["axis"]), True),
    "split": (lambda tf, args, a: _take(tf.split(args[0], a["splits"], a["axis"]), a), True),
    "unstack": (lambda tf, args, a: _take(tf.unstack(args[0], axis=a["axis"]), a), True),
    "slice": (lambda tf, args, a: tf.slice(args[0], a["begin"], a["size"]), True),
    "strided": (_strided, True),
    "gather": (lambda tf, args, a: tf.gather(args[0], _ints(tf, a, "ids"), axis=a["axis"]), True),
    "gather_nd": (lambda tf, args, a: tf.gather_nd(args[0], _ints(tf, a, "ids")), True),
    "embedding": (lambda tf, args, a: tf.nn.embedding_lookup(args[0], _ints(tf, a, "ids")), True),
    "pad": (lambda tf, args, a: tf.pad(args[0], a["paddings"], mode=a["mode"]), True),
    "reverse": (lambda tf, args, a: tf.reverse(args[0], a["axis"]), True),
    "where": (_where, True),
    "boolean_mask": (
        lambda tf, args, a: tf.boolean_mask(args[0], tf.constant(decode(a["mask"]))),
        True,
    ),
    "dynamic_partition": (
        lambda tf, args, a: _take(tf.dynamic_partition(args[0], _ints(tf, a, "ids"), a["num"]), a),
        True,
    ),
    "segment": (_segment, True),
    "cond": (_cond, True),
    "while": (_while, True),
    "loss": (_loss, False),
    "clip_by_norm": (lambda tf, args, a: tf.clip_by_norm(args[0], a["norm"]), False),
    "clip_by_global_norm": (
        lambda tf, args, a: _take(tf.clip_by_global_norm(args, a["norm"])[0], a),
        False,
    ),
}


# Elementwise ops whose TF kernels round differently by an element's place in the
# tensor: Eigen evaluates whole SIMD packets (8 float32s, 4 float64s with AVX) one way and
# the tail past the last packet another. float32 reciprocal's packets refine the CPU's
# RCPPS estimate (not IEEE division; float64's divide), SqrtGrad's packets compute
# (0.5 / y) * dy and its tail (0.5 * dy) / y.
_PACKET_DEPENDENT = {"float32": ("reciprocal", "sqrt"), "float64": ("sqrt",)}


def _node_exact(node, dtype) -> bool:
    op, _, attrs = node
    if op in _PACKET_DEPENDENT[dtype]:
        return False
    if op == "reduce":
        return attrs["fn"] not in ("reduce_logsumexp",)
    if op == "cond":
        return all(b in _EXACT_BRANCHES for b in attrs["branches"])
    if op == "while":
        return attrs["body"] in _EXACT_BRANCHES
    return _OPS[op][1]


def exact(program: dict) -> bool:
    """Whether every op of `program` is IEEE-exact (its outputs compared bit for bit)."""
    if program["grad"]["kind"] == "train":
        return False
    dtype = program["inputs"][0]["value"]["dtype"]  # one float dtype throughout
    return all(_node_exact(node, dtype) for node in program["nodes"])


# -- building ------------------------------------------------------------------------------


def _inputs(tf, program):
    values, feed = [], {}
    for i, spec in enumerate(program["inputs"]):
        value = decode(spec["value"])
        dtype = getattr(tf, value.dtype.name)
        if spec["kind"] == "placeholder":
            x = tf.placeholder(dtype, list(value.shape), name=f"x{i}")
            feed[x] = value
        else:
            x = tf.Variable(value, dtype=dtype, name=f"v{i}")
        values.append(x)
    return values, feed


def _grad_outputs(tf, grad, tensors):
    ys = [tensors[i] for i in grad["ys"]]
    xs = [tensors[i] for i in grad["xs"]]
    grad_ys = None
    if grad.get("grad_ys") is not None:
        grad_ys = [
            None if g is None else tf.constant(decode(g), y.dtype)
            for g, y in zip(grad["grad_ys"], ys, strict=True)
        ]
    kw = {}
    if grad.get("aggregation") is not None:
        kw["aggregation_method"] = getattr(tf.AggregationMethod, grad["aggregation"])
    if grad.get("gate"):
        kw["gate_gradients"] = True
    if grad.get("unconnected") == "zero":
        kw["unconnected_gradients"] = tf.UnconnectedGradients.ZERO
    gs = tf.gradients(ys, xs, grad_ys, **kw)
    return ys + [None if g is None else tf.convert_to_tensor(g) for g in gs]


def _penalty_outputs(tf, grad, tensors):
    # WGAN-GP: the norm of the critic's gradient at x, held to 1.
    y, x = tensors[grad["y"]], tensors[grad["x"]]
    (g,) = tf.gradients(y, [x])
    axes = list(range(1, len(g.shape))) if len(g.shape) > 1 else None
    norm = tf.sqrt(tf.reduce_sum(tf.square(g), axis=axes) + 1e-10)
    penalty = tf.reduce_mean(tf.square(norm - 1.0))
    xs = [tensors[i] for i in grad["xs"]]
    gs = tf.gradients(penalty, xs)
    return [penalty] + [None if g is None else tf.convert_to_tensor(g) for g in gs]


def _hessian_outputs(tf, grad, tensors):
    y = tensors[grad["y"]]
    return tf.hessians(y, [tensors[i] for i in grad["xs"]])


def _optimizer(tf, grad):
    cls = getattr(tf.train, grad["optimizer"])
    kw = dict(grad["args"])
    if grad["optimizer"] == "AdagradDAOptimizer":
        kw["global_step"] = tf.train.get_or_create_global_step()
    return cls(**kw)


def build(tf, program: dict):
    """The program's graph in the default graph of `tf`: (fetches, feed, train op, steps)."""
    tensors, feed = _inputs(tf, program)
    for op, args, attrs in program["nodes"]:
        tensors.append(_OPS[op][0](tf, [tensors[i] for i in args], attrs))
    grad = program["grad"]
    if grad["kind"] == "gradients":
        return _grad_outputs(tf, grad, tensors), feed, None, 0
    if grad["kind"] == "penalty":
        return _penalty_outputs(tf, grad, tensors), feed, None, 0
    if grad["kind"] == "hessians":
        return _hessian_outputs(tf, grad, tensors), feed, None, 0
    loss = tensors[grad["loss"]]
    opt = _optimizer(tf, grad)
    train = opt.minimize(loss)
    variables = [t for t in tensors[: len(program["inputs"])] if t not in feed]
    slots = [opt.get_slot(v, s) for v in variables for s in sorted(opt.get_slot_names())]
    return [loss, *variables, *[s for s in slots if s is not None]], feed, train, grad["steps"]


def observe(tf, program: dict, classes=lambda exc: type(exc).__name__, config=None) -> dict:
    """What `tf` gives for `program`: {"outputs": [...]} (a training program's after each
    step, one list after another) or {"error": [stage, class]}; `config` is the
    session's."""
    with tf.Graph().as_default():
        try:
            ys, feed, train, steps = build(tf, program)
        except Exception as exc:  # the class is what is recorded
            return {"error": ["build", classes(exc)]}
        fetch = [y for y in ys if y is not None]  # a gradient may be None
        try:
            with tf.Session(config=config) as sess:
                sess.run(tf.global_variables_initializer())
                runs = []
                for _ in range(steps):
                    sess.run(train, feed)
                    runs.append(sess.run(fetch, feed))
                if not steps:
                    runs.append(sess.run(fetch, feed))
        except Exception as exc:
            return {"error": ["run", classes(exc)]}
    outputs = []
    for got in runs:
        values = iter(got)
        outputs += [None if y is None else encode(next(values)) for y in ys]
    return {"outputs": outputs}


# -- drawing programs ----------------------------------------------------------------------


def _values(rng, dtype, shape, grid_share=0.4):
    """Moderate values, some on a grid of quarters (ties, exact sums), no overflow."""
    n = int(np.prod(shape, dtype=np.int64))
    grid = np.round(rng.uniform(-2.0, 2.0, n) * 4) / 4
    free = rng.uniform(-2.0, 2.0, n)
    return np.where(rng.random(n) < grid_share, grid, free).astype(dtype).reshape(shape)


def _shape(rng, max_rank=3):
    return [int(rng.integers(1, 5)) for _ in range(int(rng.integers(0, max_rank + 1)))]


def _enc(x):
    return encode(np.asarray(x))


class _Drawer:
    """Draws one program's nodes, keeping each node's static shape."""

    def __init__(self, rng, dtype, pool):
        self.rng, self.dtype, self.pool = rng, dtype, pool
        self.shapes: list[list[int]] = []
        self.nodes: list = []
        self.n_inputs = 0
        # Nodes whose shape TF knows only when run (a boolean mask's, a partition's), and
        # so those that read them: split and unstack need a static shape.
        self.dynamic: set[int] = set()
        self.fanout = 0.0  # how often an operand is an input rather than a newer node
        self.min_size = 1  # 0 in the empty family: operands with no element

    def operand(self, rank=None, min_size=None):
        """A node id: the newest most often, an older one now and then (fan-out)."""
        min_size = self.min_size if min_size is None else min_size
        ids = [
            i
            for i, s in enumerate(self.shapes)
            if (rank is None or len(s) in rank) and int(np.prod(s)) >= min_size
        ]
        if not ids:
            return None
        inputs = [i for i in ids if i < self.n_inputs]
        if inputs and self.rng.random() < self.fanout:
            return int(self.rng.choice(inputs))
        if self.rng.random() < 0.55:
            return ids[-1]
        return int(self.rng.choice(ids))

    def add(self, op, args, attrs, shape):
        self.nodes.append([op, list(args), attrs])
        self.shapes.append([int(d) for d in shape])
        if op in ("boolean_mask", "dynamic_partition") or self.dynamic.intersection(args):
            self.dynamic.add(len(self.shapes) - 1)
        return len(self.shapes) - 1

    def const(self, shape):
        return _enc(_values(self.rng, self.dtype, shape))

    def step(self):
        op = str(self.rng.choice(self.pool))
        picked = _PICKERS[_family(op)](self, op)
        return picked is not None


def _family(op):
    if op in _UNARY_EXACT or op in _UNARY_APPROX:
        return "unary"
    if op in _BINARY_EXACT or op in _BINARY_APPROX:
        return "binary"
    return op


def _pick_unary(d, op):
    a = d.operand()
    return d.add(op, [a], {}, d.shapes[a])


def _compatible_shape(rng, shape):
    """A shape broadcasting against `shape`: a suffix of it, some dims 1, or one more dim."""
    keep = int(rng.integers(0, len(shape) + 1)) if rng.random() < 0.4 else len(shape)
    out = [1 if rng.random() < 0.3 else s for s in shape[len(shape) - keep :]]
    if rng.random() < 0.15 and len(shape) < 3:
        out = [int(rng.integers(1, 4)), *shape]
    return out


def _pick_binary(d, op):
    a = d.operand()
    sa = d.shapes[a]
    others = [
        i for i, s in enumerate(d.shapes) if i != a and _broadcasts(s, sa) and d.rng.random() < 0.6
    ]
    attrs = {"swap": bool(d.rng.random() < 0.3)}
    if d.rng.random() < 0.15:
        return d.add(op, [a, a], attrs, sa)  # x op x: both gradients land on one tensor
    if others and d.rng.random() < 0.7:
        b = int(d.rng.choice(others))
        return d.add(op, [a, b], attrs, np.broadcast_shapes(tuple(sa), tuple(d.shapes[b])))
    sb = _compatible_shape(d.rng, sa)
    attrs["b"] = d.const(sb)
    return d.add(op, [a], attrs, np.broadcast_shapes(tuple(sa), tuple(sb)))


def _broadcasts(s, t):
    try:
        np.broadcast_shapes(tuple(s), tuple(t))
    except ValueError:
        return False
    return True


def _pick_add_n(d, op):
    a = d.operand()
    same = [i for i, s in enumerate(d.shapes) if s == d.shapes[a]]
    args = [a] + [int(d.rng.choice(same)) for _ in range(int(d.rng.integers(1, 4)))]
    return d.add(op, args, {}, d.shapes[a])


def _axis_attr(rng, rank):
    if rank == 0 or rng.random() < 0.25:
        return None
    if rng.random() < 0.6:
        return int(rng.integers(-rank, rank))
    k = int(rng.integers(1, rank + 1))
    return sorted(int(a) for a in rng.choice(np.arange(rank), size=k, replace=False))


def _reduced(shape, axis, keepdims):
    rank = len(shape)
    axes = range(rank) if axis is None else [axis] if isinstance(axis, int) else axis
    axes = {a % rank for a in axes} if rank else set()
    if keepdims:
        return [1 if i in axes else s for i, s in enumerate(shape)]
    return [s for i, s in enumerate(shape) if i not in axes]


_REDUCE_FNS = ("reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod")


def _pick_reduce(d, op):
    a = d.operand()
    fns = (*_REDUCE_FNS, "reduce_logsumexp") if "tanh" in d.pool else _REDUCE_FNS
    fn = str(d.rng.choice(fns))
    axis = _axis_attr(d.rng, len(d.shapes[a]))
    keep = bool(d.rng.random() < 0.4)
    attrs = {"fn": fn, "axis": axis, "keepdims": keep}
    return d.add(op, [a], attrs, _reduced(d.shapes[a], axis, keep))


def _pick_matmul(d, op):
    a = d.operand(rank=(2, 3))
    if a is None:
        return None
    sa = d.shapes[a]
    ta = bool(d.rng.random() < 0.3)
    adj_a = bool(not ta and d.rng.random() < 0.2)
    m, k = (sa[-1], sa[-2]) if ta or adj_a else (sa[-2], sa[-1])
    tb = bool(d.rng.random() < 0.3)
    adj_b = bool(not tb and d.rng.random() < 0.2)
    attrs = {"transpose_a": ta, "transpose_b": tb, "adjoint_a": adj_a, "adjoint_b": adj_b}
    batch = sa[:-2]
    for b, s in enumerate(d.shapes):
        fits = len(s) == len(sa) and s[:-2] == batch and (s[-1] if tb or adj_b else s[-2]) == k
        if fits and d.rng.random() < 0.7:
            n = s[-2] if tb or adj_b else s[-1]
            return d.add(op, [a, b], attrs, [*batch, m, n])
    n = int(d.rng.integers(1, 4))
    sb = [*batch, n, k] if tb or adj_b else [*batch, k, n]
    attrs["b"] = d.const(sb)
    return d.add(op, [a], attrs, [*batch, m, n])


def _pick_reshape(d, op):
    a = d.operand()
    size = int(np.prod(d.shapes[a]))
    choices = [[size], [-1], [1, size], [size, 1]]
    for f in (2, 3, 4):
        if size % f == 0 and size > f:
            choices += [[f, size // f], [-1, f], [size // f, 1, f]]
    shape = choices[int(d.rng.integers(0, len(choices)))]
    out = [size if s == -1 else s for s in shape]
    if -1 in shape:
        out = [size // int(np.prod([s for s in shape if s != -1])) if s == -1 else s for s in shape]
    return d.add(op, [a], {"shape": shape}, out)


def _pick_transpose(d, op):
    a = d.operand(rank=(2, 3))
    if a is None:
        return None
    perm = [int(p) for p in d.rng.permutation(len(d.shapes[a]))]
    return d.add(op, [a], {"perm": perm}, [d.shapes[a][p] for p in perm])


def _pick_expand_dims(d, op):
    a = d.operand(rank=(0, 1, 2))
    if a is None:
        return None
    s = d.shapes[a]
    axis = int(d.rng.integers(-len(s) - 1, len(s) + 1))
    out = list(s)
    out.insert(axis % (len(s) + 1), 1)
    return d.add(op, [a], {"axis": axis}, out)


def _pick_squeeze(d, op):
    ids = [i for i, s in enumerate(d.shapes) if 1 in s]
    if not ids:
        return None
    a = int(d.rng.choice(ids))
    s = d.shapes[a]
    ones = [i for i, v in enumerate(s) if v == 1]
    axis = None if d.rng.random() < 0.4 else [int(d.rng.choice(ones))]
    out = [v for i, v in enumerate(s) if v != 1 or (axis is not None and i not in axis)]
    return d.add(op, [a], {"axis": axis}, out)


def _pick_tile(d, op):
    a = d.operand(rank=(1, 2, 3))
    if a is None:
        return None
    mult = [int(d.rng.integers(1, 3)) for _ in d.shapes[a]]
    return d.add(
        op, [a], {"multiples": mult}, [s * m for s, m in zip(d.shapes[a], mult, strict=False)]
    )


def _pick_concat(d, op):
    a = d.operand(rank=(1, 2, 3))
    if a is None:
        return None
    s = d.shapes[a]
    axis = int(d.rng.integers(-len(s), len(s)))
    ax = axis % len(s)
    fits = [
        i
        for i, t in enumerate(d.shapes)
        if len(t) == len(s) and all(t[j] == s[j] for j in range(len(s)) if j != ax)
    ]
    args = [a] + [int(d.rng.choice(fits)) for _ in range(int(d.rng.integers(1, 3)))]
    out = list(s)
    out[ax] = sum(d.shapes[i][ax] for i in args)
    op = "concat" if op == "concat" else "stack"
    if op == "stack":
        same = [i for i in args if d.shapes[i] == s]
        axis = int(d.rng.integers(-len(s) - 1, len(s) + 1))
        out = list(s)
        out.insert(axis % (len(s) + 1), len(same))
        args = same
    return d.add(op, args, {"axis": axis}, out)


def _pick_split(d, op):
    a = d.operand(rank=(1, 2, 3), min_size=2)
    if a is None or a in d.dynamic:
        return None
    s = d.shapes[a]
    axis = int(d.rng.integers(-len(s), len(s)))
    dim = s[axis % len(s)]
    if op == "unstack":
        take = [int(t) for t in d.rng.choice(dim, size=min(dim, int(d.rng.integers(1, 3))))]
        out = [v for i, v in enumerate(s) if i != axis % len(s)]
        return d.add(op, [a], {"axis": axis, "take": take}, out)
    if dim < 2:
        return None
    cut = int(d.rng.integers(1, dim))
    if dim % 2 == 0 and d.rng.random() < 0.5:
        splits, sizes = 2, [dim // 2, dim // 2]
    else:
        splits, sizes = [cut, dim - cut], [cut, dim - cut]
    take = [int(d.rng.integers(0, 2))]
    if sizes[0] == sizes[1] and d.rng.random() < 0.5:
        take = [0, 1]
    out = list(s)
    out[axis % len(s)] = sizes[take[0]]
    return d.add(op, [a], {"splits": splits, "axis": axis, "take": take}, out)


def _pick_slice(d, op):
    a = d.operand(rank=(1, 2, 3))
    if a is None:
        return None
    s = d.shapes[a]
    begin = [int(d.rng.integers(0, v)) for v in s]
    size = [
        int(d.rng.integers(1, v - b + 1)) if d.rng.random() < 0.8 else -1
        for v, b in zip(s, begin, strict=False)
    ]
    out = [v - b if z == -1 else z for v, b, z in zip(s, begin, size, strict=False)]
    return d.add(op, [a], {"begin": begin, "size": size}, out)


def _pick_strided(d, op):
    a = d.operand(rank=(1, 2, 3))
    if a is None:
        return None
    s = d.shapes[a]
    items = fuzz._slice_items(d.rng, s)
    # Whole indices in range only (an index out of range is an error, not a gradient).
    items = [i if not isinstance(i, int) else int(np.clip(i, -1, 0)) for i in items]
    probe = np.zeros(s)[tuple(fuzz._slice_item(i) for i in items)]
    if probe.size == 0:
        return None
    return d.add(op, [a], {"items": items}, probe.shape)


def _pick_gather(d, op):
    a = d.operand(rank=(1, 2, 3))
    if a is None:
        return None
    s = d.shapes[a]
    if op == "gather_nd":
        depth = int(d.rng.integers(1, len(s) + 1))
        n = int(d.rng.integers(1, 5))
        ids = np.stack([d.rng.integers(0, s[j], n) for j in range(depth)], -1).astype("int32")
        return d.add(op, [a], {"ids": _enc(ids)}, [n, *s[depth:]])
    axis = 0 if op == "embedding" else int(d.rng.integers(0, len(s)))
    ids_shape = [int(d.rng.integers(1, 5))] if d.rng.random() < 0.8 else [2, 2]
    ids = d.rng.integers(0, s[axis], ids_shape).astype("int32" if d.rng.random() < 0.6 else "int64")
    out = [*s[:axis], *ids_shape, *s[axis + 1 :]]
    return d.add(op, [a], {"ids": _enc(ids), "axis": axis}, out)


def _pick_pad(d, op):
    a = d.operand(rank=(1, 2, 3))
    if a is None:
        return None
    s = d.shapes[a]
    mode = str(d.rng.choice(["CONSTANT", "REFLECT", "SYMMETRIC"]))
    limit = {"CONSTANT": lambda v: 2, "REFLECT": lambda v: v - 1, "SYMMETRIC": lambda v: v}[mode]
    paddings = [[int(d.rng.integers(0, max(limit(v), 0) + 1)) for _ in range(2)] for v in s]
    out = [v + p[0] + p[1] for v, p in zip(s, paddings, strict=False)]
    return d.add(op, [a], {"paddings": paddings, "mode": mode}, out)


def _pick_reverse(d, op):
    a = d.operand(rank=(1, 2, 3))
    if a is None:
        return None
    s = d.shapes[a]
    axes = sorted({int(d.rng.integers(-len(s), len(s))) % len(s) for _ in range(2)})
    return d.add(op, [a], {"axis": axes}, s)


def _pick_where(d, op):
    a = d.operand()
    s = d.shapes[a]
    attrs = {"mask": None}
    if d.rng.random() < 0.5:
        attrs["mask"] = _enc(d.rng.random(s) < 0.5)
    same = [i for i, t in enumerate(d.shapes) if t == s and i != a]
    args = [a] + ([int(d.rng.choice(same))] if same and d.rng.random() < 0.7 else [])
    return d.add(op, args, attrs, s)


def _pick_boolean_mask(d, op):
    a = d.operand(rank=(1, 2, 3))
    if a is None:
        return None
    s = d.shapes[a]
    k = int(d.rng.integers(1, len(s) + 1))
    mask = d.rng.random(s[:k]) < 0.6
    return d.add(op, [a], {"mask": _enc(mask)}, [int(mask.sum()), *s[k:]])


def _pick_dynamic_partition(d, op):
    a = d.operand(rank=(1, 2, 3))
    if a is None:
        return None
    s = d.shapes[a]
    num = int(d.rng.integers(1, 4))
    k = int(d.rng.integers(1, len(s) + 1))
    ids = d.rng.integers(0, num, s[:k]).astype("int32")
    take = [int(d.rng.integers(0, num))]
    count = int((ids == take[0]).sum())
    return d.add(op, [a], {"ids": _enc(ids), "num": num, "take": take}, [count, *s[k:]])


_SEGMENT_FNS = (
    *("segment_sum", "segment_mean", "segment_max", "segment_min", "segment_prod"),
    *("unsorted_segment_sum", "unsorted_segment_max", "unsorted_segment_min"),
    *("unsorted_segment_prod",),
)


def _pick_segment(d, op):
    a = d.operand(rank=(1, 2, 3))
    if a is None:
        return None
    s = d.shapes[a]
    fn = str(d.rng.choice(_SEGMENT_FNS))
    if fn.startswith("unsorted"):
        num = int(d.rng.integers(1, 5))
        ids = d.rng.integers(0, num, s[0])
        return d.add(
            op, [a], {"fn": fn, "ids": _enc(ids.astype("int32")), "num": num}, [num, *s[1:]]
        )
    ids = np.sort(d.rng.integers(0, 3, s[0])).astype("int32")
    return d.add(op, [a], {"fn": fn, "ids": _enc(ids)}, [int(ids[-1]) + 1, *s[1:]])


def _pick_cond(d, op):
    a = d.operand()
    names = _EXACT_BRANCHES if "tanh" not in d.pool else tuple(_BRANCHES)
    branches = [str(b) for b in d.rng.choice(names, 2)]
    attrs = {"threshold": float(d.rng.choice([-1.0, 0.0, 1.0])), "branches": branches}
    return d.add(op, [a], attrs, d.shapes[a])


def _pick_while(d, op):
    a = d.operand()
    names = _EXACT_BRANCHES if "tanh" not in d.pool else tuple(_BRANCHES)
    attrs = {"body": str(d.rng.choice(names)), "n": int(d.rng.integers(0, 4))}
    return d.add(op, [a], attrs, d.shapes[a])


_LOSS_FNS = tuple(_LOSSES)
_REDUCTIONS = (
    *("NONE", "SUM", "MEAN", "SUM_OVER_BATCH_SIZE", "SUM_OVER_NONZERO_WEIGHTS"),
    "SUM_BY_NONZERO_WEIGHTS",
)


def _pick_loss(d, op):
    a = d.operand(rank=(2,))
    if a is None:
        return None
    s = d.shapes[a]
    fn = str(d.rng.choice(_LOSS_FNS))
    attrs = {"fn": fn, "axis": int(d.rng.integers(-2, 2)), "keepdims": bool(d.rng.random() < 0.5)}
    rows = s[0]
    probs = d.rng.random(s)
    probs = probs / probs.sum(-1, keepdims=True)
    labels = {
        "softmax_xent": probs,
        "softmax_xent_v2": probs,
        "softmax_cross_entropy": probs,
        "cosine_distance": d.rng.normal(size=s),
        "hinge_loss": (d.rng.random(s) < 0.5),
        "log_poisson": d.rng.integers(0, 4, s),
    }.get(fn, (d.rng.random(s) < 0.5) * 1.0 if d.rng.random() < 0.5 else d.rng.random(s))
    attrs["labels"] = _enc(np.asarray(labels, d.dtype))
    if fn in ("sparse_softmax_xent", "sparse_softmax_cross_entropy"):
        attrs["labels"] = _enc(d.rng.integers(0, s[1], rows).astype("int32"))
    attrs["pos_weight"] = float(d.rng.choice([0.5, 2.0]))
    attrs["full"] = bool(d.rng.random() < 0.5)
    attrs["reduction"] = str(d.rng.choice(_REDUCTIONS))
    attrs["weights"] = None
    per_example = fn in ("softmax_cross_entropy", "sparse_softmax_cross_entropy")
    if d.rng.random() < 0.6:
        wshape = [rows] if per_example else [rows, 1] if d.rng.random() < 0.5 else s
        if fn == "cosine_distance":
            wshape = [rows, 1] if attrs["axis"] % 2 == 1 else [1, s[1]]
        w = d.rng.choice([0.0, 0.5, 1.0, 2.0], wshape)
        attrs["weights"] = _enc(w.astype(d.dtype))
    if fn in ("huber_loss",):
        attrs["delta"] = float(d.rng.choice([0.5, 1.0]))
    if fn in ("sigmoid_cross_entropy", "softmax_cross_entropy"):
        attrs["label_smoothing"] = float(d.rng.choice([0.0, 0.1]))
    out = _loss_shape(fn, s, attrs)
    return d.add(op, [a], attrs, out)


def _loss_shape(fn, s, attrs):
    if fn in ("sigmoid_xent", "weighted_xent", "log_poisson", "softmax", "log_softmax"):
        return s
    if fn in ("softmax_xent", "softmax_xent_v2", "sparse_softmax_xent"):
        return s[:1]
    if fn == "logsumexp":
        return _reduced(s, attrs["axis"], attrs["keepdims"])
    if fn in ("l2_loss", "mean_pairwise_squared_error") or attrs["reduction"] != "NONE":
        return []
    if fn in ("softmax_cross_entropy", "sparse_softmax_cross_entropy"):
        return s[:1]
    if fn == "cosine_distance":
        return _reduced(s, attrs["axis"], True)
    return s


def _pick_clip(d, op):
    a = d.operand()
    attrs = {"norm": float(d.rng.choice([0.5, 1.0, 4.0]))}
    if op == "clip_by_norm":
        return d.add(op, [a], attrs, d.shapes[a])
    b = d.operand()
    attrs["take"] = [int(d.rng.integers(0, 2))]
    return d.add(op, [a, b], attrs, d.shapes[[a, b][attrs["take"][0]]])


_PICKERS = {
    "unary": _pick_unary,
    "binary": _pick_binary,
    "add_n": _pick_add_n,
    "reduce": _pick_reduce,
    "matmul": _pick_matmul,
    "reshape": _pick_reshape,
    "transpose": _pick_transpose,
    "expand_dims": _pick_expand_dims,
    "squeeze": _pick_squeeze,
    "tile": _pick_tile,
    "concat": _pick_concat,
    "stack": _pick_concat,
    "split": _pick_split,
    "unstack": _pick_split,
    "slice": _pick_slice,
    "strided": _pick_strided,
    "gather": _pick_gather,
    "gather_nd": _pick_gather,
    "embedding": _pick_gather,
    "pad": _pick_pad,
    "reverse": _pick_reverse,
    "where": _pick_where,
    "boolean_mask": _pick_boolean_mask,
    "dynamic_partition": _pick_dynamic_partition,
    "segment": _pick_segment,
    "cond": _pick_cond,
    "while": _pick_while,
    "loss": _pick_loss,
    "clip_by_norm": _pick_clip,
    "clip_by_global_norm": _pick_clip,
}

_MOVES = (
    *("reshape", "transpose", "expand_dims", "squeeze", "tile", "concat", "stack", "split"),
    *("unstack", "slice", "strided", "gather", "gather_nd", "embedding", "pad", "reverse"),
    *("where", "boolean_mask", "dynamic_partition", "segment"),
)
EXACT_POOL = (
    *_UNARY_EXACT,
    *_BINARY_EXACT,
    *_BINARY_EXACT,
    "add_n",
    "reduce",
    *_MOVES,
    "cond",
    "while",
)
APPROX_POOL = (*EXACT_POOL, *_UNARY_APPROX, *_BINARY_APPROX, "matmul", "matmul", "loss", "loss")
APPROX_POOL = (*APPROX_POOL, "clip_by_norm", "clip_by_global_norm")
# The ops whose pickers take a tensor with no element (the empty family): no indices,
# masks, segments or splits, which draw from the sizes.
EMPTY_POOL = (
    *_UNARY_EXACT,
    *_UNARY_APPROX,
    *_BINARY_EXACT,
    *_BINARY_APPROX,
    *("add_n", "reduce", "reduce", "matmul", "matmul", "reshape", "transpose", "expand_dims"),
    *("squeeze", "tile", "concat", "stack", "pad", "reverse", "where", "cond", "while"),
    *("clip_by_norm", "clip_by_global_norm"),
)


def _draw_graph(rng, pool, dtype, n_inputs, kinds, max_size=None, empty=False):
    d = _Drawer(rng, dtype, pool)
    d.min_size = 0 if empty else 1
    inputs = []
    for i in range(n_inputs):
        shape = _shape(rng)
        if max_size is not None:
            shape = shape[:1] if int(np.prod(shape)) > max_size else shape
        if kinds[i] == "variable" and not shape:
            shape = [int(rng.integers(1, 4))]
        if empty and (i == 0 or rng.random() < 0.4):
            shape = shape or [1]
            shape[int(rng.integers(len(shape)))] = 0
        inputs.append({"kind": kinds[i], "value": _enc(_values(rng, dtype, shape))})
        d.shapes.append(shape)
    d.n_inputs = n_inputs
    target = int(rng.integers(3, 11))
    tries = 0
    while len(d.nodes) < target and tries < 60:
        tries += 1
        d.step()
    return d, inputs


def _kinds(rng, n):
    return ["variable" if rng.random() < 0.35 else "placeholder" for _ in range(n)]


def _aggregation(rng):
    return [None, "ADD_N", "DEFAULT", "EXPERIMENTAL_TREE", "EXPERIMENTAL_ACCUMULATE_N"][
        int(rng.choice(5, p=[0.5, 0.1, 0.1, 0.15, 0.15]))
    ]


def _gradient_program(rng, pool, empty=False) -> dict:
    dtype = "float32" if rng.random() < 0.6 else "float64"
    n_inputs = int(rng.integers(1, 4))
    d, inputs = _draw_graph(rng, pool, dtype, n_inputs, _kinds(rng, n_inputs), empty=empty)
    nodes = d.nodes
    if rng.random() < 0.15:  # an x no node reads
        x = _values(rng, dtype, _shape(rng))
        inputs.append({"kind": str(rng.choice(["placeholder", "variable"])), "value": _enc(x)})
        nodes = _shifted(nodes, n_inputs)
    total = len(inputs) + len(nodes)
    ys = [total - 1]
    for _ in range(int(rng.choice(3, p=[0.6, 0.3, 0.1]))):
        ys.append(int(rng.integers(len(inputs), total)))
    xs = list(range(len(inputs)))
    if rng.random() < 0.2 and total - 1 > len(inputs):
        xs.append(int(rng.integers(len(inputs), total - 1)))  # an intermediate x
    grad = {"kind": "gradients", "ys": ys, "xs": xs}
    shapes = d.shapes
    if len(inputs) > n_inputs:
        shapes = [*d.shapes[:n_inputs], list(x.shape), *d.shapes[n_inputs:]]
    if rng.random() < 0.4:
        grad["grad_ys"] = [
            _enc(_values(rng, dtype, shapes[y])) if rng.random() < 0.8 else None for y in ys
        ]
    grad["aggregation"] = _aggregation(rng)
    grad["gate"] = bool(rng.random() < 0.2)
    grad["unconnected"] = "zero" if rng.random() < 0.4 else "none"
    return {"inputs": inputs, "nodes": nodes, "grad": grad}


def _shifted(nodes, first):
    """`nodes` with every id from `first` on one higher (an input inserted before them)."""
    return [[op, [i + (i >= first) for i in args], attrs] for op, args, attrs in nodes]


def _second_order_program(rng, pool, kind) -> dict:
    dtype = "float32" if rng.random() < 0.5 else "float64"
    n_inputs = int(rng.integers(1, 3))
    kinds = ["placeholder"] * n_inputs
    d, inputs = _draw_graph(rng, pool, dtype, n_inputs, kinds, max_size=4)
    y = len(d.shapes) - 1
    xs = list(range(n_inputs))
    if kind == "hessians":
        grad = {"kind": "hessians", "y": y, "xs": xs}
    else:
        grad = {"kind": "penalty", "y": y, "x": int(rng.integers(0, n_inputs)), "xs": xs}
    return {"inputs": inputs, "nodes": d.nodes, "grad": grad}


_SECOND_ORDER_POOL = (
    *("square", "negative", "scale", "multiply", "add", "subtract", "tanh", "sigmoid", "sin"),
    *("exp", "softplus", "reduce", "matmul", "reshape", "transpose", "concat", "gather"),
    *("truediv", "relu", "where", "tile", "reverse", "slice", "pad", "maximum"),
)

_OPTIMIZERS = {
    "GradientDescentOptimizer": lambda rng: {"learning_rate": float(rng.choice([0.1, 0.5]))},
    "MomentumOptimizer": lambda rng: {
        "learning_rate": float(rng.choice([0.1, 0.3])),
        "momentum": float(rng.choice([0.5, 0.9])),
        "use_nesterov": bool(rng.random() < 0.5),
    },
    "AdagradOptimizer": lambda rng: {
        "learning_rate": float(rng.choice([0.1, 0.5])),
        "initial_accumulator_value": float(rng.choice([0.1, 1.0])),
    },
    "AdagradDAOptimizer": lambda rng: {
        "learning_rate": float(rng.choice([0.1, 0.5])),
        "l1_regularization_strength": float(rng.choice([0.0, 0.01])),
        "l2_regularization_strength": float(rng.choice([0.0, 0.1])),
    },
    "AdadeltaOptimizer": lambda rng: {
        "learning_rate": float(rng.choice([0.5, 1.0])),
        "rho": float(rng.choice([0.9, 0.95])),
        "epsilon": float(rng.choice([1e-6, 1e-3])),
    },
    "AdamOptimizer": lambda rng: {
        "learning_rate": float(rng.choice([0.01, 0.1])),
        "beta1": float(rng.choice([0.9, 0.5])),
        "beta2": float(rng.choice([0.999, 0.9])),
        "epsilon": float(rng.choice([1e-8, 1e-3])),
    },
    "RMSPropOptimizer": lambda rng: {
        "learning_rate": float(rng.choice([0.01, 0.1])),
        "decay": float(rng.choice([0.9, 0.5])),
        "momentum": float(rng.choice([0.0, 0.5])),
        "epsilon": float(rng.choice([1e-10, 1e-3])),
        "centered": bool(rng.random() < 0.5),
    },
    "FtrlOptimizer": lambda rng: {
        "learning_rate": float(rng.choice([0.1, 0.5])),
        "learning_rate_power": float(rng.choice([-0.5, -0.25, 0.0])),
        "initial_accumulator_value": float(rng.choice([0.1, 1.0])),
        "l1_regularization_strength": float(rng.choice([0.0, 0.01, 0.5])),
        "l2_regularization_strength": float(rng.choice([0.0, 0.1])),
        "l2_shrinkage_regularization_strength": float(rng.choice([0.0, 0.1])),
    },
    "ProximalGradientDescentOptimizer": lambda rng: {
        "learning_rate": float(rng.choice([0.1, 0.5])),
        "l1_regularization_strength": float(rng.choice([0.0, 0.01, 0.5])),
        "l2_regularization_strength": float(rng.choice([0.0, 0.1])),
    },
    "ProximalAdagradOptimizer": lambda rng: {
        "learning_rate": float(rng.choice([0.1, 0.5])),
        "initial_accumulator_value": float(rng.choice([0.1, 1.0])),
        "l1_regularization_strength": float(rng.choice([0.0, 0.01, 0.5])),
        "l2_regularization_strength": float(rng.choice([0.0, 0.1])),
    },
}

_TRAIN_POOL = (
    *("square", "multiply", "add", "subtract", "tanh", "sigmoid", "relu", "reduce", "matmul"),
    *("scale", "maximum", "concat", "tile", "reshape", "gather", "abs", "truediv"),
)


def _train_program(rng, name, dtype, sparse) -> dict:
    """A scalar loss of two variables (one a table read by embedding_lookup with duplicate
    ids when `sparse`, so its gradient is IndexedSlices) and a placeholder."""
    table = _values(rng, dtype, [int(rng.integers(3, 6)), int(rng.integers(1, 4))])
    inputs = [{"kind": "variable", "value": _enc(table)}]
    d = _Drawer(rng, dtype, _TRAIN_POOL)
    d.shapes.append(list(table.shape))
    w = _values(rng, dtype, [table.shape[1]])
    inputs.append({"kind": "variable", "value": _enc(w)})
    d.shapes.append(list(w.shape))
    x = _values(rng, dtype, [table.shape[1]])
    inputs.append({"kind": "placeholder", "value": _enc(x)})
    d.shapes.append(list(x.shape))
    d.n_inputs = 3
    if sparse:
        ids = rng.integers(0, table.shape[0], int(rng.integers(2, 6)))
        ids[-1] = ids[0]  # a duplicate id: its rows' gradients are summed
        d.add(
            "embedding",
            [0],
            {"ids": _enc(ids.astype("int32")), "axis": 0},
            [len(ids), table.shape[1]],
        )
    else:
        d.add("multiply", [0, 2], {"swap": False}, table.shape)
    d.add("multiply", [len(d.shapes) - 1, 1], {"swap": False}, d.shapes[-1])
    for _ in range(int(rng.integers(1, 4))):
        d.step()
    d.add("reduce", [len(d.shapes) - 1], {"fn": "reduce_sum", "axis": None, "keepdims": False}, [])
    grad = {
        "kind": "train",
        "loss": len(d.shapes) - 1,
        "optimizer": name,
        "args": _OPTIMIZERS[name](rng),
        "steps": int(rng.integers(1, 4)),
    }
    return {"inputs": inputs, "nodes": d.nodes, "grad": grad}


_FANOUT_POOL = (
    *("square", "negative", "abs", "scale", "relu", "leaky_relu", "identity", "sqrt"),
    *("multiply", "multiply", "subtract", "add", "truediv", "maximum", "minimum"),
    *("squared_difference", "operator_add", "operator_add", "reverse", "where", "cond"),
    *("while", "clip_by_value", "add_n", "transpose", "tile", "gather"),
)


def _fanout_program(rng) -> dict:
    """Inputs of full-precision values read by many ops, the ends summed in a random
    order: each input's gradient is a sum of 3 or more parts, which rounds by its order."""
    dtype = "float32" if rng.random() < 0.6 else "float64"
    n_inputs = int(rng.integers(1, 3))
    shape = [int(rng.integers(1, 5)) for _ in range(int(rng.integers(1, 3)))]
    d = _Drawer(rng, dtype, _FANOUT_POOL)
    inputs = []
    for kind in _kinds(rng, n_inputs):
        inputs.append({"kind": kind, "value": _enc(_values(rng, dtype, shape, 0.0))})
        d.shapes.append(shape)
    d.n_inputs, d.fanout = n_inputs, 0.6
    for _ in range(int(rng.integers(4, 10))):
        d.step()
    used = {i for _, args, _ in d.nodes for i in args}
    ends = [i for i in range(n_inputs, len(d.shapes)) if i not in used]
    for i in rng.permutation(len(ends)):
        last = len(d.shapes) - 1
        if ends[i] != last and _broadcasts(d.shapes[ends[i]], d.shapes[last]):
            op = str(rng.choice(["add", "operator_add", "subtract"]))
            shape = np.broadcast_shapes(tuple(d.shapes[last]), tuple(d.shapes[ends[i]]))
            d.add(op, [last, int(ends[i])], {"swap": bool(rng.random() < 0.5)}, shape)
    grad = {"kind": "gradients", "ys": [len(d.shapes) - 1], "xs": list(range(n_inputs))}
    if rng.random() < 0.5:
        grad["grad_ys"] = [_enc(_values(rng, dtype, d.shapes[-1], 0.0))]
    grad["aggregation"] = _aggregation(rng)
    return {"inputs": inputs, "nodes": d.nodes, "grad": grad}


def _fanout(rng) -> list:
    return [_fanout_program(rng) for _ in range(150)]


def _gradients_exact(rng) -> list:
    return [_gradient_program(rng, EXACT_POOL) for _ in range(260)]


def _gradients_approx(rng) -> list:
    return [_gradient_program(rng, APPROX_POOL) for _ in range(200)]


def _gradients_empty(rng) -> list:
    """Graphs reading a tensor with no element (a batch of 0, an empty feature axis):
    reductions to their identities, matmuls over an empty inner axis, pads and tiles of
    nothing, and the gradients flowing back through them."""
    return [_gradient_program(rng, EMPTY_POOL, empty=True) for _ in range(120)]


def _second_order(rng) -> list:
    return [
        _second_order_program(rng, _SECOND_ORDER_POOL, kind)
        for kind in ("hessians", "penalty")
        for _ in range(30)
    ]


def _training(rng) -> list:
    return [
        _train_program(rng, name, dtype, sparse)
        for name in _OPTIMIZERS
        for dtype in ("float32", "float64")
        for sparse in (False, True)
        for _ in range(2)
    ]


FAMILIES = {
    "exact": _gradients_exact,
    "fanout": _fanout,
    "approx": _gradients_approx,
    "empty": _gradients_empty,
    "second_order": _second_order,
    "training": _training,
}


def programs() -> dict:
    """Every family's programs, each drawn from a generator seeded by the family's name."""
    out = {}
    for family, draw_family in FAMILIES.items():
        rng = np.random.default_rng(fuzzseed.seed(f"fuzzgrad.{family}"))
        for i, program in enumerate(draw_family(rng)):
            out[f"{family}.{i}"] = program
    return out


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    # The graph as written, without grappler's rewrites (the arithmetic optimizer turns
    # trees of adds into AddN in an order of its own, constant folding and the remapper
    # fuse ops): recorded where it computes other bits than the default session.
    as_written = tf.ConfigProto()
    as_written.graph_options.rewrite_options.disable_meta_optimizer = True
    recorded = {}
    for name, program in programs().items():
        recorded[name] = {**program, "tf": observe(tf, program)}
        plain = observe(tf, program, config=as_written)
        if plain != recorded[name]["tf"]:
            recorded[name]["tf_as_written"] = plain
    json.dump(
        {"tensorflow": tf.__version__, "programs": recorded}, sys.stdout, separators=(",", ":")
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
