"""Differential fuzzing of array manipulation, indexing and linear algebra against
TensorFlow (dev-only): small TF1 graphs drawn with fixed seeds (strided slices with every
mask, slices, pads, tiles, reshapes, transposes, concatenation and splitting, reversals,
rolls, broadcasts, one_hot, sequence masks, meshgrids, where, boolean masks, gathers and
scatters, space/batch/depth moves, unique and set ops, bincounts, histograms,
searchsorted, band parts and diagonals; matmul, einsum, tensordot, cross, inverses,
determinants, Cholesky, solves, QR, SVD, eigendecompositions and norms; and in the
`broadcasts` family binary ops, chains of them, where_v2, broadcast_to, batch matmuls and
bias_add over shapes of rank 5 to 9 with size-1 axes; in the `integers` family chains of
integer arithmetic over every width: wrapping sums and products, floor and truncating
division and mod of negatives, shifts, bitwise ops, Python numbers by TF1's operators,
casts between widths and through floats, wrapping and truncating reductions), forward and
gradients, every dtype each op takes, edge values, and invalid configurations, run under
`tf.compat.v1` in graph mode:

    /work/tfvenv/bin/python tests/reference/tf1_fuzzshape.py \
        > tests/unit/engine/fixtures/tf1_fuzzshape.json

(Families named on the command line are recorded alone, to be merged into the fixture.)

The fixture holds each program and what TF gave: each output's static shape at
construction, then its dtype, shape and bits; or the stage ("build" or "run"), class and
message of what it raised (fuzzkit); where the graph as written (grappler off) gives
another answer, that too ("tf_as_written"). tests/unit/engine/test_tf1_fuzzshape.py
replays them.

Each program names how its floats compare (`tol`): "exact" (indexing and data movement:
bit for bit), "linear" (multilinear in its inputs: matmul, einsum, tensordot, cross,
trace, the gradients of movement ops that add: within a few eps of the sum of the terms'
magnitudes, which the same program computes on |inputs|) or "linalg" (inverses, solves,
determinants, factorizations of well-conditioned matrices: within a multiple of eps·n of
the output's largest magnitude). A decomposition whose signs or phases TF leaves to LAPACK
says in "defined" what is compared: singular values and eigenvalues as they are; Q, R, U,
V and eigenvectors after fixing each column's phase by its largest entry in TF's answer.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import fuzzkit
import tf1_fuzzdiff as fuzz

encode, decode, draw = fuzz.encode, fuzz.decode, fuzz.draw
says = fuzzkit.says
ALL, REAL = fuzz.ALL, fuzz.REAL
NUMBERS = (*fuzz.INTS, *fuzz.UINTS, *fuzz.FLOATS, *fuzz.COMPLEX)

# -- the ops -------------------------------------------------------------------------------
# name: builder(tf, xs, attrs) -> tensor or list of tensors, TF1's public names only.


def _item(item):
    if item == "...":
        return Ellipsis
    if item == "new":
        return None
    if isinstance(item, list):
        return slice(*item)
    return item


def _strided_masks(tf, xs, a):
    return tf.strided_slice(
        xs[0],
        a["begin"],
        a["end"],
        a["strides"],
        begin_mask=a["masks"][0],
        end_mask=a["masks"][1],
        ellipsis_mask=a["masks"][2],
        new_axis_mask=a["masks"][3],
        shrink_axis_mask=a["masks"][4],
    )


def _pad(tf, xs, a):
    return tf.pad(xs[0], a["paddings"], a["mode"], constant_values=a["value"])


def _split(tf, xs, a):
    return list(tf.split(xs[0], a["sizes"], axis=a["axis"], num=a["num"]))


def _transpose(tf, xs, a):
    return tf.transpose(xs[0], a["perm"], conjugate=a["conjugate"])


def _one_hot(tf, xs, a):
    dtype = getattr(tf, a["dtype"]) if a["dtype"] else None
    return tf.one_hot(xs[0], a["depth"], a["on"], a["off"], axis=a["axis"], dtype=dtype)


def _where(tf, xs, a):
    if len(xs) == 1:
        return tf.where(xs[0])
    fn = tf.where_v2 if a["v2"] else tf.where
    return fn(xs[0], xs[1], xs[2])


def _tensor_scatter(tf, xs, a):
    return getattr(tf, a["fn"])(xs[0], xs[1], xs[2])


def _shuffle(tf, xs, a):
    fn = a["fn"]
    if fn in ("space_to_depth", "depth_to_space"):
        return getattr(tf, fn)(xs[0], a["block"], data_format=a["fmt"])
    if fn == "space_to_batch_nd":
        return tf.space_to_batch_nd(xs[0], a["block"], a["pads"])
    if fn == "batch_to_space_nd":
        return tf.batch_to_space_nd(xs[0], a["block"], a["crops"])
    if fn == "space_to_batch":
        return tf.space_to_batch(xs[0], a["pads"], block_size=a["block"])
    return tf.batch_to_space(xs[0], a["crops"], block_size=a["block"])


def _bincount(tf, xs, a):
    weights = xs[1] if len(xs) > 1 else None
    return tf.math.bincount(
        xs[0], weights, a["minlength"], a["maxlength"], dtype=getattr(tf, a["dtype"])
    )


def _matrix_diag(tf, xs, a):
    return tf.linalg.diag(
        xs[0],
        k=a["k"],
        num_rows=a["rows"],
        num_cols=a["cols"],
        padding_value=a["padding"],
        align=a["align"],
    )


def _diag_part(tf, xs, a):
    return tf.linalg.diag_part(xs[0], k=a["k"], padding_value=a["padding"], align=a["align"])


def _matmul(tf, xs, a):
    return tf.matmul(
        xs[0],
        xs[1],
        transpose_a=a["ta"],
        transpose_b=a["tb"],
        adjoint_a=a["aa"],
        adjoint_b=a["ab"],
    )


def _cholesky_solve(tf, xs, a):
    return tf.linalg.cholesky_solve(tf.linalg.cholesky(xs[0]), xs[1])


def _norm(tf, xs, a):
    axis = tuple(a["axis"]) if isinstance(a["axis"], list) else a["axis"]
    return tf.norm(xs[0], ord=a["ord"], axis=axis, keepdims=a["keepdims"])


# Broadcasting binary ops (TF's cwise BinaryOp kernels), by the name a program gives.
_BROADCAST_FNS = {
    "add": lambda tf, a, b: tf.add(a, b),
    "subtract": lambda tf, a, b: tf.subtract(a, b),
    "multiply": lambda tf, a, b: tf.multiply(a, b),
    "truediv": lambda tf, a, b: tf.truediv(a, b),
    "floordiv": lambda tf, a, b: tf.floordiv(a, b),
    "floormod": lambda tf, a, b: tf.floormod(a, b),
    "truncatediv": lambda tf, a, b: tf.truncatediv(a, b),
    "truncatemod": lambda tf, a, b: tf.truncatemod(a, b),
    "maximum": lambda tf, a, b: tf.maximum(a, b),
    "minimum": lambda tf, a, b: tf.minimum(a, b),
    "squared_difference": lambda tf, a, b: tf.squared_difference(a, b),
    "less": lambda tf, a, b: tf.less(a, b),
    "equal": lambda tf, a, b: tf.equal(a, b),
    "bitwise_and": lambda tf, a, b: tf.bitwise.bitwise_and(a, b),
    "bitwise_or": lambda tf, a, b: tf.bitwise.bitwise_or(a, b),
    "bitwise_xor": lambda tf, a, b: tf.bitwise.bitwise_xor(a, b),
    "left_shift": lambda tf, a, b: tf.bitwise.left_shift(a, b),
    "right_shift": lambda tf, a, b: tf.bitwise.right_shift(a, b),
    "logical_and": lambda tf, a, b: tf.logical_and(a, b),
    "logical_or": lambda tf, a, b: tf.logical_or(a, b),
}
_BROADCAST_UNARY = {
    "negative": lambda tf, x: tf.negative(x),
    "abs": lambda tf, x: tf.abs(x),
    "square": lambda tf, x: tf.square(x),
}
# The integers family's unary steps besides those (the broadcasts family draws from the
# dict above by position, so it does not grow).
_CHAIN_UNARY = {
    **_BROADCAST_UNARY,
    "sign": lambda tf, x: tf.sign(x),
    "invert": lambda tf, x: tf.bitwise.invert(x),
    "relu": lambda tf, x: tf.nn.relu(x),
    "floor": lambda tf, x: tf.floor(x),
    "ceil": lambda tf, x: tf.ceil(x),
    "round": lambda tf, x: tf.round(x),
}
# A value and a Python number by TF1's operators (the number converted to the value's dtype).
_LITERAL_FNS = {
    "add": lambda x, k: x + k,
    "rsub": lambda x, k: k - x,
    "multiply": lambda x, k: x * k,
    "floordiv": lambda x, k: x // k,
    "mod": lambda x, k: x % k,
    "truediv": lambda x, k: x / k,
}


def _broadcast_chain(tf, xs, a):
    """Steps over the inputs and earlier steps' values (["op", i, j], ["cast", i, dtype],
    [unary, i] or ["literal", i, fn, number]), then an optional exact reduction of the
    last ([fn, axes] or [fn, axis, keywords]: a cumulative sum or product, say)."""
    values = list(xs)
    for step in a["steps"]:
        fn, i = step[0], step[1]
        if fn == "cast":
            values.append(tf.cast(values[i], getattr(tf, step[2])))
        elif fn == "literal":
            values.append(_LITERAL_FNS[step[2]](values[i], step[3]))
        elif fn in _CHAIN_UNARY:
            values.append(_CHAIN_UNARY[fn](tf, values[i]))
        else:
            values.append(_BROADCAST_FNS[fn](tf, values[i], values[step[2]]))
    if a["reduce"]:
        fn, axes, *keywords = a["reduce"]
        return getattr(tf, fn)(values[-1], axes, **(keywords[0] if keywords else {}))
    return values[-1]


OPS = {
    "strided": lambda tf, xs, a: xs[0][tuple(_item(i) for i in a["items"])],
    "strided_masks": _strided_masks,
    "slice": lambda tf, xs, a: tf.slice(xs[0], a["begin"], a["size"]),
    "pad": _pad,
    "tile": lambda tf, xs, a: tf.tile(xs[0], a["multiples"]),
    "reshape": lambda tf, xs, a: tf.reshape(xs[0], a["shape"]),
    "squeeze": lambda tf, xs, a: tf.squeeze(xs[0], a["axis"]),
    "expand_dims": lambda tf, xs, a: tf.expand_dims(xs[0], a["axis"]),
    "transpose": _transpose,
    "concat": lambda tf, xs, a: tf.concat(xs, a["axis"]),
    "stack": lambda tf, xs, a: tf.stack(xs, a["axis"]),
    "unstack": lambda tf, xs, a: tf.unstack(xs[0], a["num"], a["axis"]),
    "split": _split,
    "reverse": lambda tf, xs, a: tf.reverse(xs[0], a["axis"]),
    "reverse_sequence": lambda tf, xs, a: tf.reverse_sequence(
        xs[0], xs[1], seq_axis=a["seq_axis"], batch_axis=a["batch_axis"]
    ),
    "roll": lambda tf, xs, a: tf.roll(xs[0], a["shift"], a["axis"]),
    "broadcast_to": lambda tf, xs, a: tf.broadcast_to(xs[0], a["shape"]),
    "one_hot": _one_hot,
    "sequence_mask": lambda tf, xs, a: tf.sequence_mask(
        xs[0], a["maxlen"], dtype=getattr(tf, a["dtype"])
    ),
    "meshgrid": lambda tf, xs, a: tf.meshgrid(*xs, indexing=a["indexing"]),
    "where": _where,
    "boolean_mask": lambda tf, xs, a: tf.boolean_mask(xs[0], xs[1], axis=a["axis"]),
    "gather": lambda tf, xs, a: tf.gather(xs[0], xs[1], axis=a["axis"], batch_dims=a["batch_dims"]),
    "gather_nd": lambda tf, xs, a: tf.gather_nd(xs[0], xs[1], batch_dims=a["batch_dims"]),
    "scatter_nd": lambda tf, xs, a: tf.scatter_nd(xs[0], xs[1], a["shape"]),
    "tensor_scatter": _tensor_scatter,
    "shuffle": _shuffle,
    "unique": lambda tf, xs, a: list(tf.unique(xs[0], out_idx=getattr(tf, a["out_idx"]))),
    "unique_with_counts": lambda tf, xs, a: list(
        tf.unique_with_counts(xs[0], out_idx=getattr(tf, a["out_idx"]))
    ),
    "setdiff1d": lambda tf, xs, a: list(tf.setdiff1d(xs[0], xs[1])),
    "bincount": _bincount,
    "histogram": lambda tf, xs, a: tf.histogram_fixed_width(
        xs[0], tf.constant(a["range"], xs[0].dtype), nbins=a["nbins"]
    ),
    "searchsorted": lambda tf, xs, a: tf.searchsorted(
        xs[0], xs[1], side=a["side"], out_type=getattr(tf, a["out"])
    ),
    "band_part": lambda tf, xs, a: tf.linalg.band_part(xs[0], a["lower"], a["upper"]),
    "matrix_diag": _matrix_diag,
    "diag_part": _diag_part,
    "set_diag": lambda tf, xs, a: tf.linalg.set_diag(xs[0], xs[1], k=a["k"], align=a["align"]),
    "tf_diag": lambda tf, xs, a: tf.diag(xs[0]) if a["fn"] == "diag" else tf.diag_part(xs[0]),
    "trace": lambda tf, xs, a: tf.linalg.trace(xs[0]),
    "matmul": _matmul,
    "einsum": lambda tf, xs, a: tf.einsum(a["equation"], *xs),
    "tensordot": lambda tf, xs, a: tf.tensordot(xs[0], xs[1], a["axes"]),
    "cross": lambda tf, xs, a: tf.linalg.cross(xs[0], xs[1]),
    "inv": lambda tf, xs, a: tf.linalg.inv(xs[0], adjoint=a["adjoint"]),
    "det": lambda tf, xs, a: tf.linalg.det(xs[0]),
    "slogdet": lambda tf, xs, a: list(tf.linalg.slogdet(xs[0])),
    "logdet": lambda tf, xs, a: tf.linalg.logdet(xs[0]),
    "cholesky": lambda tf, xs, a: tf.linalg.cholesky(xs[0]),
    "cholesky_solve": _cholesky_solve,
    "solve": lambda tf, xs, a: tf.linalg.solve(xs[0], xs[1], adjoint=a["adjoint"]),
    "lstsq": lambda tf, xs, a: tf.linalg.lstsq(xs[0], xs[1], a["l2"], fast=a["fast"]),
    "triangular_solve": lambda tf, xs, a: tf.linalg.triangular_solve(
        xs[0], xs[1], lower=a["lower"], adjoint=a["adjoint"]
    ),
    "qr": lambda tf, xs, a: list(tf.linalg.qr(xs[0], full_matrices=a["full"])),
    "svd": lambda tf, xs, a: (
        list(tf.linalg.svd(xs[0], full_matrices=a["full"], compute_uv=True))
        if a["uv"]
        else tf.linalg.svd(xs[0], compute_uv=False)
    ),
    "eigh": lambda tf, xs, a: list(tf.linalg.eigh(xs[0])),
    "eigvalsh": lambda tf, xs, a: tf.linalg.eigvalsh(xs[0]),
    "norm": _norm,
    "broadcast_binary": lambda tf, xs, a: _BROADCAST_FNS[a["fn"]](tf, xs[0], xs[1]),
    "broadcast_chain": _broadcast_chain,
    "bias_add": lambda tf, xs, a: tf.nn.bias_add(xs[0], xs[1]),
}


def build(tf, program: dict):
    return fuzzkit.build(tf, program, OPS)


def observe(tf, program: dict, classes=lambda e: type(e).__name__, config=None) -> dict:
    return fuzzkit.observe(tf, program, OPS, classes, config)


# -- drawing -------------------------------------------------------------------------------


def _program(op, inputs, attrs, *, feed=None, tol="exact", grad=None, unknown=None, **extra):
    program = {"op": op, "attrs": attrs, "inputs": [encode(x) for x in inputs], "feed": feed}
    program["tol"] = tol
    if grad:
        program["grad"] = grad
    if unknown:
        program["unknown"] = unknown
    program.update(extra)
    return program


def _pick(rng, options):
    return options[int(rng.integers(0, len(options)))]


def _dims(rng, rank, lo=0, hi=4, zero=0.08) -> list:
    return [
        0 if rng.random() < zero else int(rng.integers(max(lo, 1), hi + 1)) for _ in range(rank)
    ]


def _values(rng, dtype, shape):
    return draw(rng, dtype, shape, 0.3)


def _floats(rng, shape, dtype="float32"):
    return rng.normal(0, 1, shape).astype(dtype)


def _feed(rng) -> bool:
    return bool(rng.random() < 0.5)


def _unknown(rng, feed, rank, input_index=0):
    """Some fed dims as None (half the fed programs)."""
    if not feed or rank == 0 or rng.random() < 0.5:
        return None
    return [[input_index, int(rng.integers(0, rank))]]


def _slice_items(rng, shape) -> list:
    """Python slicing sugar: ints (some out of range), new axes, an ellipsis anywhere,
    slices with omitted, negative and out-of-range bounds and steps of ±1..3."""
    items, dims = [], list(shape)
    if rng.random() < 0.3 and dims:
        at = int(rng.integers(0, len(dims) + 1))
        keep = int(rng.integers(0, len(dims) - at + 1))
        items_dims = [*dims[:at], "...", *dims[len(dims) - keep :]]
    else:
        items_dims = dims[: int(rng.integers(0, len(dims) + 1))] if dims else []
    for d in items_dims:
        if d == "...":
            items.append("...")
            continue
        r = rng.random()
        if r < 0.2:
            items.append(
                int(rng.integers(-d - 1, d + 1))
                if rng.random() < 0.15
                else int(rng.integers(-d, d))
                if d
                else 0
            )
        elif r < 0.3:
            items.append("new")
            items.append([None, None, None])
        else:
            step = int(_pick(rng, [1, 1, 2, -1, -2, 3, -3, None]) or 0) or None
            items.append([_bound(rng, d), _bound(rng, d), step])
    if rng.random() < 0.15:
        items.append("new")
    return items


def _bound(rng, d: int) -> int | None:
    return None if rng.random() < 0.3 else int(rng.integers(-d - 3, d + 4))


def _slices(rng) -> list:
    programs = []
    for i in range(70):
        shape = _dims(rng, int(rng.integers(1, 5)), zero=0.05)
        dtype = _pick(rng, ALL) if i % 3 == 0 else "int32"
        x = (
            _values(rng, dtype, shape)
            if dtype != "int32"
            else np.arange(int(np.prod(shape)), dtype="int32").reshape(shape)
        )
        feed = _feed(rng)
        items = _slice_items(rng, shape)
        grad = [0] if i % 4 == 1 and dtype in ("float32", "float64") else None
        programs.append(
            _program(
                "strided",
                [x],
                {"items": items},
                feed=feed or bool(grad),
                unknown=_unknown(rng, feed, len(shape)),
                grad=grad,
            )
        )
    for i in range(40):
        rank = int(rng.integers(1, 4))
        shape = _dims(rng, rank, zero=0.03)
        x = np.arange(int(np.prod(shape)), dtype="float32").reshape(shape) - 3
        n = int(rng.integers(1, rank + 2))
        begin = [int(rng.integers(-5, 6)) for _ in range(n)]
        end = [int(rng.integers(-5, 6)) for _ in range(n)]
        strides = [int(_pick(rng, [1, 1, 2, -1, -2, 3])) for _ in range(n)]
        masks = [int(rng.integers(0, 2**n)) if rng.random() < 0.4 else 0 for _ in range(5)]
        masks[2] &= 1 << int(rng.integers(0, n))  # at most one ellipsis
        attrs = {"begin": begin, "end": end, "strides": strides, "masks": masks}
        feed = _feed(rng)
        grad = [0] if i % 3 == 0 else None
        programs.append(_program("strided_masks", [x], attrs, feed=feed or bool(grad), grad=grad))
    for i in range(30):
        rank = int(rng.integers(1, 4))
        shape = _dims(rng, rank, 1, 4, zero=0.05)
        dtype = _pick(rng, ALL)
        x = _values(rng, dtype, shape)
        begin = [int(rng.integers(0, d + 1)) for d in shape]
        size = [
            -1 if rng.random() < 0.3 else int(rng.integers(0, d - b + 1))
            for d, b in zip(shape, begin, strict=True)
        ]
        if rng.random() < 0.1:  # past the end: InvalidArgumentError
            size[0] = shape[0] - begin[0] + 1
        feed = _feed(rng)
        grad = [0] if dtype in ("float32", "float64") and i % 2 else None
        programs.append(
            _program(
                "slice",
                [x],
                {"begin": begin, "size": size},
                feed=feed or bool(grad),
                grad=grad,
                unknown=_unknown(rng, feed, rank),
            )
        )
    return programs


def _pads(rng) -> list:
    programs = []
    for i in range(60):
        rank = int(rng.integers(0, 4))
        shape = _dims(rng, rank, 1, 4, zero=0.06)
        mode = _pick(rng, ("CONSTANT", "REFLECT", "SYMMETRIC", "constant", "reflect"))
        dtype = _pick(rng, ALL) if i % 2 else "float32"
        x = _values(rng, dtype, shape)
        top = {"CONSTANT": 3, "REFLECT": 0, "SYMMETRIC": 1}[mode.upper()]
        paddings = []
        for d in shape:
            hi = d - 1 + top if mode.upper() != "CONSTANT" else 3
            if rng.random() < 0.1:
                hi += 1  # one past what the mode allows
            paddings.append([int(rng.integers(0, max(hi, 0) + 1)) for _ in range(2)])
        value = 0
        if mode.upper() == "CONSTANT" and dtype != "bool" and rng.random() < 0.5:
            value = draw(rng, dtype, [], 0.6).item()
            value = [value.real, value.imag] if isinstance(value, complex) else value
            value = complex(*value) if isinstance(value, list) else value
        if isinstance(value, complex):
            value = None  # a complex constant does not survive JSON: 0
        attrs = {"paddings": paddings, "mode": mode, "value": 0 if value is None else value}
        if isinstance(attrs["value"], float) and not np.isfinite(attrs["value"]):
            attrs["value"] = 1.5
        feed = _feed(rng)
        grad = [0] if dtype == "float32" and i % 4 == 0 else None
        programs.append(
            _program(
                "pad",
                [x],
                attrs,
                feed=feed or bool(grad),
                grad=grad,
                tol="linear" if grad else "exact",
            )
        )
    return programs


def _reshape_target(rng, shape) -> list:
    n = int(np.prod(shape))
    target = []
    left = n
    while True:
        options = [d for d in (1, 2, 3, 4, 6) if left % d == 0] if left else [0, 1, 2]
        d = _pick(rng, options)
        target.append(d)
        left = left // d if d else 0
        if left <= 1 and (left == 1 or 0 in target) and rng.random() < 0.6:
            break
        if len(target) > 4:
            break
    if left not in (0, 1):
        target.append(left)
    if rng.random() < 0.5 and n:
        target[int(rng.integers(0, len(target)))] = -1
    if rng.random() < 0.05:
        target[0] += 1  # a shape of another size
    return target


def _move_tile(rng, x, shape, rank, dtype, feed, grad, tol, kind):
    attrs = {"multiples": [int(rng.integers(0, 4)) for _ in shape]}
    return _program("tile", [x], attrs, feed=feed or bool(grad), grad=grad, tol=tol)


def _move_reshape(rng, x, shape, rank, dtype, feed, grad, tol, kind):
    return _program(
        "reshape",
        [x],
        {"shape": _reshape_target(rng, shape)},
        feed=feed or bool(grad),
        grad=grad,
        unknown=_unknown(rng, feed, rank),
    )


def _move_squeeze(rng, x, shape, rank, dtype, feed, grad, tol, kind):
    ones = [j for j, d in enumerate(shape) if d == 1]
    axis = (
        None
        if not ones or rng.random() < 0.3
        else [_pick(rng, ones) - rank * int(rng.random() < 0.3)]
    )
    if rng.random() < 0.08:
        axis = [int(rng.integers(0, rank))]  # maybe not of size 1
    return _program(
        "squeeze",
        [x],
        {"axis": axis},
        feed=feed or bool(grad),
        grad=grad,
        unknown=_unknown(rng, feed, rank),
    )


def _move_expand_dims(rng, x, shape, rank, dtype, feed, grad, tol, kind):
    axis = int(rng.integers(-rank - 1, rank + 1))
    return _program("expand_dims", [x], {"axis": axis}, feed=feed)


def _move_transpose(rng, x, shape, rank, dtype, feed, grad, tol, kind):
    perm = [int(p) for p in rng.permutation(rank)] if rng.random() < 0.85 else None
    conj = bool(rng.random() < 0.4)
    return _program(
        "transpose",
        [x],
        {"perm": perm, "conjugate": conj},
        feed=feed or bool(grad),
        grad=grad,
        unknown=_unknown(rng, feed, rank),
    )


def _move_concat_or_stack(rng, x, shape, rank, dtype, feed, grad, tol, kind):
    axis = int(rng.integers(-rank, rank))
    parts = []
    for _ in range(int(rng.integers(1, 4))):
        s = list(shape)
        if kind == 5:
            s[axis] = int(rng.integers(0, 3))
        parts.append(_values(rng, dtype, s))
    op = "concat" if kind == 5 else "stack"
    if kind == 6:
        axis = int(rng.integers(-rank - 1, rank + 1))
    gw = list(range(len(parts))) if grad else None
    return _program(op, parts, {"axis": axis}, feed=feed or bool(grad), grad=gw)


def _move_unstack(rng, x, shape, rank, dtype, feed, grad, tol, kind):
    axis = int(rng.integers(-rank, rank))
    num = shape[axis] if rng.random() < 0.3 else None
    return _program(
        "unstack",
        [x],
        {"num": num, "axis": axis},
        feed=feed,
        unknown=_unknown(rng, feed, rank) if num else None,
    )


def _move_split(rng, x, shape, rank, dtype, feed, grad, tol, kind):
    axis = int(rng.integers(-rank, rank))
    d = shape[axis]
    if rng.random() < 0.4:
        sizes = _pick(rng, [1, 2, 3]) if d else 1
    else:
        sizes = []
        left = d
        while left > 0 and len(sizes) < 3:
            s = int(rng.integers(0, left + 1))
            sizes.append(s)
            left -= s
        sizes.append(left)
        if rng.random() < 0.5:
            sizes[int(rng.integers(0, len(sizes)))] = -1
    return _program(
        "split",
        [x],
        {"sizes": sizes, "axis": axis, "num": None},
        feed=feed or bool(grad),
        grad=grad,
    )


def _move_reverse(rng, x, shape, rank, dtype, feed, grad, tol, kind):
    axes = sorted({int(rng.integers(-rank, rank)) % rank for _ in range(int(rng.integers(0, 3)))})
    axes = [a - rank if rng.random() < 0.3 else a for a in axes]
    return _program("reverse", [x], {"axis": axes}, feed=feed or bool(grad), grad=grad)


def _move_reverse_sequence(rng, x, shape, rank, dtype, feed, grad, tol, kind):
    batch_axis, seq_axis = [int(a) for a in rng.permutation(rank)[:2]]
    lengths = rng.integers(0, shape[seq_axis] + 1, shape[batch_axis])
    if rng.random() < 0.1 and lengths.size:
        lengths[0] = shape[seq_axis] + 1  # past the sequence: InvalidArgumentError
    ltype = _pick(rng, ("int32", "int64"))
    attrs = {"seq_axis": seq_axis, "batch_axis": batch_axis}
    return _program(
        "reverse_sequence",
        [x, lengths.astype(ltype)],
        attrs,
        feed=feed or bool(grad),
        grad=grad,
    )


def _move_roll(rng, x, shape, rank, dtype, feed, grad, tol, kind):
    n = int(rng.integers(1, 4))
    shift = [int(rng.integers(-7, 8)) for _ in range(n)]
    axis = [int(rng.integers(-rank, rank)) for _ in range(n)]  # repeats add
    if n == 1 and rng.random() < 0.5:
        shift, axis = shift[0], axis[0]
    return _program("roll", [x], {"shift": shift, "axis": axis}, feed=feed or bool(grad), grad=grad)


def _move_broadcast_to(rng, x, shape, rank, dtype, feed, grad, tol, kind):
    target = [
        *([int(rng.integers(1, 3))] * int(rng.integers(0, 2))),
        *[d if d != 1 or rng.random() < 0.5 else int(rng.integers(0, 4)) for d in shape],
    ]
    if rng.random() < 0.08:
        target[-1] += 1
    return _program(
        "broadcast_to",
        [x],
        {"shape": target},
        feed=feed or bool(grad),
        grad=grad,
        tol=tol,
    )


def _move_transpose_plain(rng, x, shape, rank, dtype, feed, grad, tol, kind):
    perm = [int(p) for p in rng.permutation(rank)]
    return _program("transpose", [x], {"perm": perm, "conjugate": False}, feed=feed)


_MOVES = {
    0: _move_tile,
    1: _move_reshape,
    2: _move_squeeze,
    3: _move_expand_dims,
    4: _move_transpose,
    5: _move_concat_or_stack,
    6: _move_concat_or_stack,
    7: _move_unstack,
    8: _move_split,
    9: _move_reverse,
    10: _move_reverse_sequence,
    11: _move_roll,
    12: _move_broadcast_to,
}


def _moves(rng) -> list:
    programs = []
    for i in range(140):
        rank = int(rng.integers(1, 4))
        shape = _dims(rng, rank, 1, 3, zero=0.06)
        dtype = _pick(rng, ALL)
        x = _values(rng, dtype, shape)
        kind = i % 14
        feed = _feed(rng)
        grad = [0] if dtype in ("float32", "float64") and rng.random() < 0.5 else None
        tol = "linear" if grad else "exact"
        move = _MOVES.get(kind, _move_transpose_plain)
        if kind == 10 and rank < 2:
            move = _move_transpose_plain
        programs.append(move(rng, x, shape, rank, dtype, feed, grad, tol, kind))
    return programs


def _one_hots(rng) -> list:
    programs = []
    for _ in range(30):
        shape = _dims(rng, int(rng.integers(0, 3)), 1, 3)
        itype = _pick(rng, ("int32", "int64", "uint8"))
        depth = int(rng.integers(0, 5))
        idx = rng.integers(-2 if itype != "uint8" else 0, depth + 2, shape).astype(itype)
        dtype = _pick(rng, (None, "float32", "int32", "float64", "bool", "int64", "int8"))
        on = off = None
        if rng.random() < 0.5 and dtype not in (None, "bool"):
            on, off = (5, -1) if dtype.startswith("int") else (2.5, -0.5)
        axis = _pick(rng, (None, -1, 0, len(shape))) if len(shape) else _pick(rng, (None, -1, 0))
        attrs = {"depth": depth, "on": on, "off": off, "axis": axis, "dtype": dtype}
        programs.append(_program("one_hot", [idx], attrs, feed=_feed(rng)))
    for i in range(14):
        shape = _dims(rng, int(rng.integers(0, 3)), 1, 3)
        ltype = _pick(rng, ("int32", "int64", "float32"))
        lengths = rng.integers(-1 if i % 5 == 0 else 0, 5, shape).astype(ltype)
        maxlen = _pick(rng, (None, 0, 3, 6))
        dtype = _pick(rng, ("bool", "float32", "int32", "uint8"))
        programs.append(
            _program(
                "sequence_mask",
                [lengths],
                {"maxlen": maxlen, "dtype": dtype},
                feed=_feed(rng) and maxlen is not None,
            )
        )
    for _ in range(12):
        dtype = _pick(rng, ("float32", "int32", "int64", "float64", "bool", "complex64"))
        xs = [
            _values(rng, dtype, _dims(rng, int(rng.integers(0, 2)), 1, 3))
            for _ in range(int(rng.integers(1, 4)))
        ]
        programs.append(
            _program("meshgrid", xs, {"indexing": _pick(rng, ("xy", "ij"))}, feed=_feed(rng))
        )
    return programs


def _wheres(rng) -> list:
    programs = []
    for _ in range(20):
        shape = _dims(rng, int(rng.integers(0, 4)), 1, 3)
        dtype = _pick(rng, ALL)
        x = _values(rng, dtype, shape)
        programs.append(_program("where", [x], {"v2": False}, feed=_feed(rng)))
    for i in range(40):
        v2 = bool(i % 2)
        rank = int(rng.integers(0, 4))
        shape = _dims(rng, rank, 1, 3, zero=0.04)
        dtype = _pick(rng, ALL)
        if v2:
            cs = [d if rng.random() < 0.7 else 1 for d in shape][int(rng.integers(0, rank + 1)) :]
            xs = [d if rng.random() < 0.7 else 1 for d in shape]
            ys = [d if rng.random() < 0.7 else 1 for d in shape][int(rng.integers(0, rank + 1)) :]
        else:
            cs = shape if rng.random() < 0.7 or rank == 0 else shape[:1]  # v1: rows
            xs = ys = shape
            if rng.random() < 0.08:
                ys = [*shape[:-1], shape[-1] + 1] if rank else [2]
        c = rng.random(cs) < 0.5 if cs else np.array(rng.random() < 0.5)
        grad = [1, 2] if dtype in ("float32", "float64") and rng.random() < 0.5 else None
        inputs = [np.asarray(c), _values(rng, dtype, xs), _values(rng, dtype, ys)]
        programs.append(
            _program(
                "where",
                inputs,
                {"v2": v2},
                feed=_feed(rng) or bool(grad),
                grad=grad,
                tol="linear" if grad else "exact",
            )
        )
    for _ in range(24):
        rank = int(rng.integers(1, 4))
        shape = _dims(rng, rank, 1, 3, zero=0.04)
        dtype = _pick(rng, ALL)
        axis = int(rng.integers(0, rank))
        mrank = int(rng.integers(1, rank - axis + 1))
        mask = rng.random(shape[axis : axis + mrank]) < 0.5
        if rng.random() < 0.08:
            mask = rng.random([shape[axis] + 1]) < 0.5
        attrs = {"axis": axis if axis or rng.random() < 0.5 else None}
        grad = [0] if dtype == "float32" and rng.random() < 0.5 else None
        programs.append(
            _program(
                "boolean_mask",
                [_values(rng, dtype, shape), mask],
                attrs,
                feed=_feed(rng) or bool(grad),
                grad=grad,
            )
        )
    return programs


def _gathers(rng) -> list:
    programs = []
    for i in range(40):
        rank = int(rng.integers(1, 4))
        shape = _dims(rng, rank, 1, 4, zero=0.04)
        dtype = _pick(rng, ALL)
        params = _values(rng, dtype, shape)
        batch_dims = int(rng.integers(0, rank)) if rng.random() < 0.4 else 0
        axis = int(rng.integers(batch_dims, rank))
        ishape = [*shape[:batch_dims], *_dims(rng, int(rng.integers(0, 3)), 1, 3)]
        d = shape[axis]
        idx = rng.integers(-1 if i % 10 == 0 else 0, max(d, 1) + (1 if i % 10 == 5 else 0), ishape)
        idx = idx.astype(_pick(rng, ("int32", "int64")))
        if d == 0:
            idx = idx[..., :0] if idx.ndim else idx
        axis_attr = axis - rank if rng.random() < 0.3 else axis
        grad = [0] if dtype in ("float32", "float64") and rng.random() < 0.5 else None
        attrs = {"axis": axis_attr, "batch_dims": batch_dims}
        programs.append(
            _program(
                "gather",
                [params, idx],
                attrs,
                feed=_feed(rng) or bool(grad),
                grad=grad,
                tol="linear" if grad else "exact",
            )
        )
    for i in range(30):
        rank = int(rng.integers(1, 4))
        shape = _dims(rng, rank, 1, 3, zero=0.03)
        dtype = _pick(rng, ALL)
        params = _values(rng, dtype, shape)
        batch_dims = int(rng.integers(0, rank)) if rng.random() < 0.3 else 0
        depth = int(rng.integers(1, rank - batch_dims + 1))
        outer = _dims(rng, int(rng.integers(0, 2)), 1, 3)
        cols = [
            rng.integers(
                -1 if i % 9 == 0 else 0,
                max(shape[batch_dims + j], 1),
                [*shape[:batch_dims], *outer],
            )
            for j in range(depth)
        ]
        idx = np.stack(cols, -1).astype(_pick(rng, ("int32", "int64")))
        grad = [0] if dtype in ("float32", "float64") and rng.random() < 0.5 else None
        programs.append(
            _program(
                "gather_nd",
                [params, idx],
                {"batch_dims": batch_dims},
                feed=_feed(rng) or bool(grad),
                grad=grad,
                tol="linear" if grad else "exact",
            )
        )
    fns = (
        "tensor_scatter_nd_update",
        "tensor_scatter_nd_add",
        "tensor_scatter_nd_sub",
        "tensor_scatter_nd_max",
        "tensor_scatter_nd_min",
    )
    for i in range(40):
        rank = int(rng.integers(1, 4))
        shape = _dims(rng, rank, 1, 3, zero=0.0)
        fn = _pick(rng, ("scatter_nd", *fns))
        dtype = _pick(rng, NUMBERS if fn != "tensor_scatter_nd_update" else ALL)
        if fn in ("tensor_scatter_nd_max", "tensor_scatter_nd_min"):
            dtype = _pick(rng, REAL)
        depth = int(rng.integers(1, rank + 1))
        n = int(rng.integers(0, 5))
        idx = np.stack(
            [rng.integers(-1 if i % 11 == 0 else 0, shape[j], [n]) for j in range(depth)], -1
        )
        idx = idx.astype(_pick(rng, ("int32", "int64")))
        updates = _values(rng, dtype, [n, *shape[depth:]])
        if dtype.startswith("float") or dtype.startswith("complex"):
            # sums of duplicates stay exact in any order: small integers
            updates = np.round(np.real(updates.astype("complex128")) % 7).astype(dtype)
        if fn == "scatter_nd":
            programs.append(
                _program("scatter_nd", [idx, updates], {"shape": shape}, feed=_feed(rng))
            )
        else:
            base = _values(rng, dtype, shape)
            programs.append(
                _program("tensor_scatter", [base, idx, updates], {"fn": fn}, feed=_feed(rng))
            )
    return programs


def _shuffles(rng) -> list:
    programs = []
    for i in range(30):
        dtype = _pick(rng, ALL)
        kind = i % 5
        grad = [0] if dtype == "float32" and i % 3 == 0 else None
        if kind == 0:
            m = int(rng.integers(1, 3))
            block = [int(rng.integers(1, 4)) for _ in range(m)]
            spatial = [int(rng.integers(0, 4)) for _ in range(m)]
            pads = [[int(rng.integers(0, 3)), 0] for _ in range(m)]
            for j in range(m):
                pads[j][1] = (-(spatial[j] + pads[j][0])) % block[j]
            x = _values(
                rng,
                dtype,
                [int(rng.integers(1, 3)), *spatial, int(rng.integers(1, 3))][
                    : m + 1 + int(rng.integers(0, 2))
                ],
            )
            attrs = {"fn": "space_to_batch_nd", "block": block, "pads": pads}
        elif kind == 1:
            m = int(rng.integers(1, 3))
            block = [int(rng.integers(1, 4)) for _ in range(m)]
            spatial = [int(rng.integers(1, 4)) for _ in range(m)]
            crops = [
                [int(rng.integers(0, s * b + 1)), 0] for s, b in zip(spatial, block, strict=True)
            ]
            for j in range(m):
                crops[j][1] = int(rng.integers(0, spatial[j] * block[j] - crops[j][0] + 1))
            x = _values(rng, dtype, [int(np.prod(block)) * int(rng.integers(1, 3)), *spatial, 2])
            attrs = {"fn": "batch_to_space_nd", "block": block, "crops": crops}
        elif kind == 2:
            b = int(rng.integers(2, 4))
            x = _values(
                rng,
                dtype,
                [
                    1,
                    b * int(rng.integers(1, 3)),
                    b * int(rng.integers(1, 3)),
                    int(rng.integers(1, 3)),
                ],
            )
            attrs = {"fn": "space_to_depth", "block": b, "fmt": "NHWC"}
        elif kind == 3:
            b = int(rng.integers(2, 4))
            x = _values(
                rng,
                dtype,
                [
                    1,
                    int(rng.integers(1, 3)),
                    int(rng.integers(1, 3)),
                    b * b * int(rng.integers(1, 3)),
                ],
            )
            attrs = {"fn": "depth_to_space", "block": b, "fmt": "NHWC"}
        else:
            b = 2
            x = _values(rng, dtype, [1, 3, 1, 1])
            attrs = {"fn": "space_to_batch", "block": b, "pads": [[1, 0], [0, 1]]}
        programs.append(_program("shuffle", [x], attrs, feed=_feed(rng) or bool(grad), grad=grad))
    return programs


def _sets(rng) -> list:
    programs = []
    for i in range(24):
        dtype = _pick(rng, (*REAL, "bool") if i % 2 else ("float32", "int32", "int64", "float64"))
        x = _values(rng, dtype, [int(rng.integers(0, 8))])
        op = _pick(rng, ("unique", "unique_with_counts"))
        programs.append(
            _program(op, [x], {"out_idx": _pick(rng, ("int32", "int64"))}, feed=_feed(rng))
        )
    for _ in range(10):
        dtype = _pick(rng, ("int32", "int64", "float32", "float64", "uint8", "int8"))
        x = _values(rng, dtype, [int(rng.integers(0, 7))])
        y = np.concatenate([x[: int(rng.integers(0, x.size + 1))], _values(rng, dtype, [2])])
        programs.append(_program("setdiff1d", [x, y], {}, feed=_feed(rng)))
    for i in range(20):
        itype = "int32" if i % 5 else "int64"
        arr = rng.integers(
            -1 if i % 7 == 0 else 0, 6, _dims(rng, int(rng.integers(1, 3)), 0, 4)
        ).astype(itype)
        inputs = [arr]
        wtype = _pick(rng, ("int32", "float32", "float64", "int64"))
        if rng.random() < 0.5:
            inputs.append(rng.integers(-3, 4, arr.shape).astype(wtype))
        attrs = {
            "minlength": _pick(rng, (None, 0, 3, 8)),
            "maxlength": _pick(rng, (None, None, 2, 4)),
            "dtype": wtype if len(inputs) > 1 else _pick(rng, ("int32", "float32", "int64")),
        }
        programs.append(_program("bincount", inputs, attrs, feed=_feed(rng)))
    for i in range(16):
        dtype = _pick(rng, ("float32", "float64", "int32", "int64"))
        values = _values(rng, dtype, _dims(rng, int(rng.integers(0, 3)), 0, 5))
        lo, hi = _pick(rng, ((-2.0, 3.0), (0.0, 1.0), (1.0, 1.0), (2.0, -1.0)))
        attrs = {
            "range": [lo, hi] if dtype.startswith("float") else [int(lo), int(hi) + 2],
            "nbins": int(rng.integers(1 if i % 8 else 0, 6)),
        }
        programs.append(_program("histogram", [values], attrs, feed=_feed(rng)))
    for _ in range(16):
        dtype = _pick(rng, ("float32", "float64", "int32", "int64", "uint8", "int16"))
        rows = int(rng.integers(1, 3))
        seq = np.sort(_values(rng, dtype, [rows, int(rng.integers(0, 6))]), axis=-1)
        if dtype.startswith("float"):
            seq = np.where(np.isnan(seq), np.inf, seq)
        probes = _values(rng, dtype, [rows, int(rng.integers(0, 5))])
        attrs = {"side": _pick(rng, ("left", "right")), "out": _pick(rng, ("int32", "int64"))}
        programs.append(_program("searchsorted", [seq, probes], attrs, feed=_feed(rng)))
    return programs


_ALIGNS = ("RIGHT_LEFT", "LEFT_RIGHT", "LEFT_LEFT", "RIGHT_RIGHT")


def _k(rng, m, n):
    if rng.random() < 0.5:
        return int(rng.integers(-m + 1, n)) if m and n else 0
    lo = int(rng.integers(-m + 1, n)) if m and n else 0
    hi = int(rng.integers(lo, n)) if n > lo else lo
    return [lo, hi]


def _diags(rng) -> list:
    programs = []
    for i in range(24):
        dtype = _pick(rng, ALL)
        m, n = int(rng.integers(0, 4)), int(rng.integers(0, 4))
        x = _values(rng, dtype, [*_dims(rng, int(rng.integers(0, 2)), 1, 2), m, n])
        lower, upper = int(rng.integers(-1, m + 1)), int(rng.integers(-1, n + 1))
        grad = [0] if dtype == "float32" and i % 3 == 0 else None
        programs.append(
            _program(
                "band_part",
                [x],
                {"lower": lower, "upper": upper},
                feed=_feed(rng) or bool(grad),
                grad=grad,
            )
        )
    for i in range(30):
        dtype = _pick(rng, ALL)
        m, n = int(rng.integers(1, 5)), int(rng.integers(1, 5))
        k = _k(rng, m, n)
        lo, hi = (k, k) if isinstance(k, int) else k

        def length(d, m=m, n=n):
            return min(m + min(0, d), n - max(0, d))

        maxlen = max(length(d) for d in range(lo, hi + 1))
        batch = _dims(rng, int(rng.integers(0, 2)), 1, 2)
        dshape = [*batch, maxlen] if lo == hi else [*batch, hi - lo + 1, maxlen]
        align = _pick(rng, _ALIGNS)
        padding = 0 if dtype in ("bool",) or dtype.startswith("complex") else _pick(rng, (0, 9, -1))
        if dtype.startswith("u") and padding == -1:
            padding = 9
        which = i % 3
        grad = [0] if dtype == "float32" and i % 4 == 0 else None
        if which == 0:
            attrs = {
                "k": k,
                "rows": _pick(rng, (-1, m)),
                "cols": _pick(rng, (-1, n)),
                "padding": padding,
                "align": align,
            }
            if attrs["rows"] == -1 and attrs["cols"] == -1 and lo != hi:
                attrs["rows"], attrs["cols"] = m, n
            programs.append(
                _program(
                    "matrix_diag",
                    [_values(rng, dtype, dshape)],
                    attrs,
                    feed=_feed(rng) or bool(grad),
                    grad=grad,
                )
            )
        elif which == 1:
            attrs = {"k": k, "padding": padding, "align": align}
            programs.append(
                _program(
                    "diag_part",
                    [_values(rng, dtype, [*batch, m, n])],
                    attrs,
                    feed=_feed(rng) or bool(grad),
                    grad=grad,
                )
            )
        else:
            inputs = [_values(rng, dtype, [*batch, m, n]), _values(rng, dtype, dshape)]
            programs.append(
                _program(
                    "set_diag",
                    inputs,
                    {"k": k, "align": align},
                    feed=_feed(rng) or bool(grad),
                    grad=[0, 1] if grad else None,
                )
            )
    for i in range(8):
        dtype = _pick(rng, ("float32", "int32", "int64", "float64", "complex64"))
        shape = _dims(rng, int(rng.integers(1, 3)), 1, 3)
        if i % 2:
            programs.append(_program("tf_diag", [_values(rng, dtype, shape)], {"fn": "diag"}))
        else:
            programs.append(
                _program("tf_diag", [_values(rng, dtype, shape + shape)], {"fn": "diag_part"})
            )
    for _ in range(10):
        dtype = _pick(rng, ("float32", "float64", "int32", "int64", "complex128"))
        x = rng.integers(
            -4,
            5,
            [
                *_dims(rng, int(rng.integers(0, 2)), 1, 2),
                int(rng.integers(0, 4)),
                int(rng.integers(0, 4)),
            ],
        ).astype(dtype)
        grad = [0] if dtype.startswith("float") else None
        programs.append(_program("trace", [x], {}, feed=bool(grad), grad=grad, tol="linear"))
    return programs


def _mm_values(rng, dtype, shape):
    if dtype.startswith(("int", "uint")):
        return rng.integers(-3 if dtype.startswith("int") else 0, 4, shape).astype(dtype)
    x = rng.normal(0, 1, shape)
    if dtype.startswith("complex"):
        x = x + 1j * rng.normal(0, 1, shape)
    return x.astype(dtype)


_MM_DTYPES = (
    "float32",
    "float32",
    "float64",
    "float16",
    "int32",
    "int64",
    "complex64",
    "complex128",
    "bfloat16" if False else "float32",
    "int16",
    "int8",
    "uint8",
)


def _matmuls(rng) -> list:
    programs = []
    for i in range(60):
        dtype = _pick(rng, _MM_DTYPES)
        m, k, n = (int(rng.integers(0 if rng.random() < 0.05 else 1, 5)) for _ in range(3))
        batch = _dims(rng, int(rng.integers(0, 3)), 1, 3, zero=0.02)
        ba = [d if rng.random() < 0.7 else 1 for d in batch]
        bb = [d if rng.random() < 0.7 else 1 for d in batch][int(rng.integers(0, len(batch) + 1)) :]
        ta, tb = bool(rng.random() < 0.3), bool(rng.random() < 0.3)
        aa = bool(not ta and rng.random() < 0.2)
        ab = bool(not tb and rng.random() < 0.2)
        a = _mm_values(rng, dtype, [*ba, *((k, m) if ta or aa else (m, k))])
        b = _mm_values(rng, dtype, [*bb, *((n, k) if tb or ab else (k, n))])
        if rng.random() < 0.05:
            b = _mm_values(rng, dtype, [*bb, k + 1, n])  # inner dimensions disagree
        grad = [0, 1] if dtype in ("float32", "float64", "complex64") and i % 3 == 0 else None
        attrs = {"ta": ta, "tb": tb, "aa": aa, "ab": ab}
        feed = _feed(rng) or bool(grad)
        programs.append(
            _program(
                "matmul",
                [a, b],
                attrs,
                feed=feed,
                grad=grad,
                tol="linear",
                unknown=[[0, 0]] if feed and a.ndim > 2 and rng.random() < 0.3 else None,
            )
        )
    for i in range(24):
        dtype = _pick(rng, ("float32", "float64", "int32", "complex64"))
        ra, rb = int(rng.integers(1, 4)), int(rng.integers(1, 4))
        na = int(rng.integers(0, min(ra, rb) + 1))
        sa = _dims(rng, ra, 1, 3)
        sb = _dims(rng, rb, 1, 3)
        sb[:na] = sa[ra - na :]
        if rng.random() < 0.5:
            axes = na
        else:
            pa = list(range(ra))[ra - na :]
            pb = list(range(na))
            axes = [pa, pb]
        grad = [0, 1] if dtype == "float32" and i % 3 == 0 else None
        programs.append(
            _program(
                "tensordot",
                [_mm_values(rng, dtype, sa), _mm_values(rng, dtype, sb)],
                {"axes": axes},
                feed=bool(grad),
                grad=grad,
                tol="linear",
            )
        )
    for i in range(10):
        dtype = _pick(rng, ("float32", "float64", "int32", "int64", "float16"))
        shape = [*_dims(rng, int(rng.integers(0, 3)), 1, 3), 3]
        grad = [0, 1] if dtype == "float32" and i % 2 else None
        programs.append(
            _program(
                "cross",
                [_mm_values(rng, dtype, shape), _mm_values(rng, dtype, shape)],
                {},
                feed=bool(grad),
                grad=grad,
                tol="linear",
            )
        )
    return programs


_LETTERS = "abcdefg"


def _einsum_case(rng):
    """A random valid equation and operands: shared, repeated (diagonal) and summed
    indices, ellipses with broadcast batch dims, implicit and explicit outputs."""
    n_ops = int(_pick(rng, (1, 2, 2, 2, 3)))
    letters = list(_LETTERS[: int(rng.integers(1, 6))])
    size = {c: int(rng.integers(1, 4)) for c in letters}
    ellipsis = rng.random() < 0.3
    batch = _dims(rng, int(rng.integers(0, 3)), 1, 3, zero=0.0) if ellipsis else []
    terms, shapes = [], []
    for _ in range(n_ops):
        chosen = [c for c in letters if rng.random() < 0.6] or [letters[0]]
        chosen = [str(c) for c in rng.permutation(chosen)]
        if rng.random() < 0.15:
            chosen.append(chosen[0])  # repeated: the diagonal
        term = "".join(chosen)
        shape = [size[c] for c in chosen]
        if ellipsis:
            b = batch[int(rng.integers(0, len(batch) + 1)) :]
            b = [d if rng.random() < 0.7 else 1 for d in b]
            term = "..." + term if rng.random() < 0.7 else term[:1] + "..." + term[1:]
            at = term.index("...")
            shape = [size[c] for c in term[:at]] + b + [size[c] for c in term[at + 3 :]]
        terms.append(term)
        shapes.append(shape)
    used = sorted({c for t in terms for c in t if c != "."})
    if rng.random() < 0.25 and not ellipsis:
        equation = ",".join(terms)  # implicit output
    else:
        out = [c for c in used if rng.random() < 0.5]
        out = [str(c) for c in rng.permutation(out)]
        if ellipsis:
            out = ["...", *out] if rng.random() < 0.8 else [*out, "..."]
        equation = ",".join(terms) + "->" + "".join(out)
    return equation, shapes


def _einsums(rng) -> list:
    programs = []
    for i in range(60):
        equation, shapes = _einsum_case(rng)
        dtype = _pick(
            rng, ("float32", "float32", "float64", "int32", "complex64", "int64", "float16")
        )
        xs = [_mm_values(rng, dtype, s) for s in shapes]
        grad = list(range(len(xs))) if dtype in ("float32", "float64") and i % 3 == 0 else None
        programs.append(
            _program(
                "einsum",
                xs,
                {"equation": equation},
                feed=_feed(rng) or bool(grad),
                grad=grad,
                tol="linear",
            )
        )
    return programs


def _well_conditioned(rng, dtype, batch, n, kind="general"):
    x = rng.normal(0, 1, [*batch, n, n])
    if dtype.startswith("complex"):
        x = x + 1j * rng.normal(0, 1, [*batch, n, n])
    eye = np.eye(n) * (n + 1)
    if kind == "spd":
        x = x @ np.conj(np.swapaxes(x, -1, -2)) + eye
    elif kind == "lower":
        x = np.tril(x) + eye * np.sign(rng.normal(0, 1))
    elif kind == "upper":
        x = np.triu(x) + eye
    elif kind == "hermitian":
        x = (x + np.conj(np.swapaxes(x, -1, -2))) / 2
    else:
        x = x + eye
    return x.astype(dtype)


_LA_DTYPES = ("float32", "float64", "float64", "complex64", "complex128")
_DEFINED = {
    "qr": "Q's columns and R's rows up to one phase each, fixed by R's diagonal (TF's answer)",
    "svd": "singular values as they are; U's and V's columns up to one phase each, fixed by "
    "the largest entry of each column of U in TF's answer",
    "eigh": "eigenvalues as they are; each eigenvector up to its phase, fixed by its largest "
    "entry in TF's answer",
}


def _linalg(rng) -> list:
    programs = []
    for i in range(90):
        op = _pick(
            rng,
            (
                "inv",
                "det",
                "slogdet",
                "logdet",
                "cholesky",
                "cholesky_solve",
                "solve",
                "lstsq",
                "triangular_solve",
                "qr",
                "svd",
                "eigh",
                "eigvalsh",
            ),
        )
        dtype = _pick(rng, _LA_DTYPES)
        if op == "logdet" and not dtype.startswith(("float", "complex")):
            dtype = "float64"
        n = int(rng.integers(1 if i % 15 else 0, 5))
        batch = _dims(rng, int(rng.integers(0, 2)), 1, 2, zero=0.0)
        kind = {
            "cholesky": "spd",
            "cholesky_solve": "spd",
            "logdet": "spd",
            "eigh": "hermitian",
            "eigvalsh": "hermitian",
        }.get(op, "general")
        attrs, extra = {}, {}
        grad = [0] if i % 3 == 0 and dtype in ("float32", "float64") else None
        if op == "triangular_solve":
            attrs = {"lower": bool(rng.random() < 0.5), "adjoint": bool(rng.random() < 0.4)}
            kind = "lower" if attrs["lower"] else "upper"
        a = _well_conditioned(rng, dtype, batch, n, kind)
        inputs = [a]
        if op in ("inv", "solve"):
            attrs = {"adjoint": bool(rng.random() < 0.4)}
        if op in ("cholesky_solve", "solve", "triangular_solve", "lstsq"):
            inputs.append(_mm_values(rng, dtype, [*batch, n, int(rng.integers(1, 3))]))
            grad = [0, 1] if grad else None
        if op == "lstsq":
            m = n + int(rng.integers(0, 3))
            inputs = [
                _mm_values(rng, dtype, [*batch, m, n]) + np.eye(m, n, dtype=dtype) * 3,
                _mm_values(rng, dtype, [*batch, m, int(rng.integers(1, 3))]),
            ]
            attrs = {"l2": _pick(rng, (0.0, 0.5)), "fast": bool(rng.random() < 0.7)}
        if op == "qr":
            m = int(rng.integers(1, 5))
            inputs = [_mm_values(rng, dtype, [*batch, m, max(n, 1)])]
            attrs = {"full": bool(rng.random() < 0.5)}
            grad = None
            extra["defined"] = _DEFINED["qr"]
        if op == "svd":
            m = int(rng.integers(1, 5))
            inputs = [_mm_values(rng, dtype, [*batch, m, max(n, 1)])]
            attrs = {"full": bool(rng.random() < 0.3), "uv": bool(rng.random() < 0.6)}
            if attrs["uv"]:
                extra["defined"] = _DEFINED["svd"]
        if op == "eigh":
            extra["defined"] = _DEFINED["eigh"]
        if op in ("cholesky", "eigh", "qr", "svd") and dtype.startswith("complex"):
            grad = None
        programs.append(
            _program(
                op, inputs, attrs, feed=_feed(rng) or bool(grad), grad=grad, tol="linalg", **extra
            )
        )
    for i in range(30):
        dtype = _pick(rng, ("float32", "float64", "complex64", "float16"))
        rank = int(rng.integers(1, 4))
        shape = _dims(rng, rank, 1, 3, zero=0.03)
        x = _mm_values(rng, dtype, shape)
        ords = ["euclidean", "fro", 1, 2, np.inf]
        if rank >= 2 and rng.random() < 0.5:
            axis = [int(a) for a in rng.permutation(rank)[:2]]
            ords = ["euclidean", "fro", 1, np.inf, 2]
        else:
            axis = _pick(rng, (None, int(rng.integers(-rank, rank))))
            ords += [0.5, 3]
        o = _pick(rng, ords)
        attrs = {
            "ord": "inf" if o is np.inf else o,
            "axis": axis,
            "keepdims": bool(rng.random() < 0.3),
        }
        if attrs["ord"] == "inf":
            attrs["ord"] = float("inf")
        grad = [0] if dtype == "float32" and i % 3 == 0 else None
        programs.append(
            _program("norm", [x], attrs, feed=_feed(rng) or bool(grad), grad=grad, tol="linalg")
        )
    return programs


def _bad(op, inputs, attrs, gist: list | None, feed=False) -> dict:
    """An invalid configuration; `gist`: words TF's message holds (each a "|"-separated
    choice of spellings), graphgate's must too."""
    program = _program(op, inputs, attrs, feed=feed)
    program["gist"] = gist
    return program


def _invalid(rng) -> list:
    x23 = _floats(rng, [2, 3])
    x234 = _floats(rng, [2, 3, 4])
    sq = _well_conditioned(rng, "float32", [], 3)
    i32 = np.array([0, 1, 2], "int32")
    masks = {"begin": [0], "end": [1], "strides": [1], "masks": [0, 0, 0, 0, 0]}
    return [
        _bad("strided", [x23], {"items": [[None, None, 0]]}, ["stride"]),
        _bad("strided", [x23], {"items": ["...", 0, "..."]}, ["ellipsis|ellipses"]),
        _bad("strided", [x23], {"items": [0, 0, 0]}, ["3|2"]),
        _bad("strided", [x23], {"items": [2]}, ["slice index 2", "out of bounds"]),
        _bad("strided", [x23], {"items": [2]}, ["out of bounds"], feed=True),
        _bad("strided_masks", [x23], {**masks, "strides": [0]}, ["stride"]),
        _bad("strided_masks", [x23], {**masks, "end": [1, 2]}, None),
        _bad("slice", [x23], {"begin": [0, 0], "size": [3, 1]}, None),
        _bad("slice", [x23], {"begin": [0], "size": [1, 1]}, None),
        _bad("slice", [x23], {"begin": [0, 0], "size": [-2, 1]}, None),
        _bad("pad", [x23], {"paddings": [[0, 2], [0, 0]], "mode": "REFLECT", "value": 0}, None),
        _bad("pad", [x23], {"paddings": [[0, 3], [0, 0]], "mode": "SYMMETRIC", "value": 0}, None),
        _bad("pad", [x23], {"paddings": [[-1, 0], [0, 0]], "mode": "CONSTANT", "value": 0}, None),
        _bad("pad", [x23], {"paddings": [[0, 0]], "mode": "CONSTANT", "value": 0}, None),
        _bad("pad", [x23], {"paddings": [[0, 0], [0, 0]], "mode": "WRAP", "value": 0}, None),
        _bad("tile", [x23], {"multiples": [1]}, None),
        _bad("tile", [x23], {"multiples": [1, -1]}, None),
        _bad("reshape", [x23], {"shape": [4, -1]}, None),
        _bad("reshape", [x23], {"shape": [-1, -1]}, None),
        _bad("reshape", [x23], {"shape": [7]}, None, feed=True),
        _bad("squeeze", [x23], {"axis": [0]}, None),
        _bad("squeeze", [x23], {"axis": [2]}, None),
        _bad("expand_dims", [x23], {"axis": 3}, None),
        _bad("transpose", [x23], {"perm": [0, 0], "conjugate": False}, None),
        _bad("transpose", [x23], {"perm": [0], "conjugate": False}, None),
        _bad("concat", [x23, x234], {"axis": 0}, None),
        _bad("concat", [x23, _floats(rng, [3, 3])], {"axis": 1}, None),
        _bad("concat", [x23], {"axis": 2}, None),
        _bad("stack", [x23, _floats(rng, [3, 2])], {"axis": 0}, None),
        _bad("unstack", [x23], {"num": 3, "axis": 0}, None),
        _bad("split", [x23], {"sizes": 4, "axis": 1, "num": None}, None),
        _bad("split", [x23], {"sizes": [1, 1], "axis": 1, "num": None}, None),
        _bad("split", [x23], {"sizes": [-1, -1, 1], "axis": 1, "num": None}, None),
        _bad("reverse", [x23], {"axis": [0, 0]}, None),
        _bad("reverse", [x23], {"axis": [2]}, None),
        _bad("roll", [x23], {"shift": [1, 2], "axis": [0]}, None),
        _bad("broadcast_to", [x23], {"shape": [3, 3]}, None),
        _bad(
            "one_hot",
            [i32],
            {"depth": -1, "on": None, "off": None, "axis": None, "dtype": None},
            None,
        ),
        _bad(
            "one_hot", [i32], {"depth": 3, "on": None, "off": None, "axis": 3, "dtype": None}, None
        ),
        _bad("where", [np.array([True, False]), x23, x23], {"v2": False}, None),
        _bad("where", [np.array([True, False]), x23, x23], {"v2": True}, None),
        _bad("boolean_mask", [x23, np.array([True])], {"axis": None}, None),
        _bad("boolean_mask", [x23, np.array([[True]])], {"axis": None}, None),
        _bad("gather", [x23, np.array([3], "int32")], {"axis": 0, "batch_dims": 0}, None),
        _bad("gather", [x23, np.array([0], "int32")], {"axis": 2, "batch_dims": 0}, None),
        _bad("gather", [x23, np.array([[0]], "int32")], {"axis": 0, "batch_dims": 1}, None),
        _bad(
            "gather", [x23, np.array([5], "int64")], {"axis": 1, "batch_dims": 0}, None, feed=True
        ),
        _bad("gather_nd", [x23, np.array([[0, 5]], "int32")], {"batch_dims": 0}, None),
        _bad("gather_nd", [x23, np.array([[0, 0, 0]], "int32")], {"batch_dims": 0}, None),
        _bad(
            "scatter_nd",
            [np.array([[3]], "int32"), np.array([1.0], "float32")],
            {"shape": [2]},
            None,
        ),
        _bad(
            "scatter_nd",
            [np.array([[0]], "int32"), np.array([1.0, 2.0], "float32")],
            {"shape": [2]},
            None,
        ),
        _bad(
            "tensor_scatter",
            [x23, np.array([[2, 0]], "int32"), np.array([1.0], "float32")],
            {"fn": "tensor_scatter_nd_update"},
            None,
        ),
        _bad(
            "one_hot",
            [np.array([0.5], "float32")],
            {"depth": 3, "on": None, "off": None, "axis": None, "dtype": None},
            None,
        ),
        _bad(
            "bincount",
            [np.array([-1, 2], "int32")],
            {"minlength": None, "maxlength": None, "dtype": "int32"},
            None,
        ),
        _bad("searchsorted", [x23, _floats(rng, [3, 2])], {"side": "left", "out": "int32"}, None),
        _bad("unique", [x23], {"out_idx": "int32"}, None),
        _bad(
            "matrix_diag",
            [_floats(rng, [2, 3])],
            {"k": [1, 0], "rows": -1, "cols": -1, "padding": 0, "align": "RIGHT_LEFT"},
            None,
        ),
        _bad("diag_part", [x23], {"k": 5, "padding": 0, "align": "RIGHT_LEFT"}, None),
        _bad("set_diag", [x23, _floats(rng, [3])], {"k": 0, "align": "RIGHT_LEFT"}, None),
        _bad("band_part", [x23], {"lower": 3, "upper": 0}, None),
        _bad("matmul", [x23, x23], {"ta": False, "tb": False, "aa": False, "ab": False}, None),
        _bad(
            "matmul",
            [x234, _floats(rng, [3, 4, 2])],
            {"ta": False, "tb": False, "aa": False, "ab": False},
            None,
        ),
        _bad("matmul", [x23, x23], {"ta": True, "tb": False, "aa": True, "ab": False}, None),
        _bad(
            "matmul",
            [np.ones([2, 2], "uint8"), np.ones([2, 2], "uint8")],
            {"ta": False, "tb": False, "aa": False, "ab": False},
            None,
        ),
        _bad("einsum", [x23, x23], {"equation": "ij,jk->ik"}, None),
        _bad("einsum", [x23], {"equation": "ij,jk->ik"}, None),
        _bad("einsum", [x23], {"equation": "ij->ik"}, None),
        _bad("einsum", [x23], {"equation": "ijk->ij"}, None),
        _bad("einsum", [x23], {"equation": "ij->jj"}, None),
        _bad("einsum", [x23], {"equation": "i j->j"}, None),
        _bad("einsum", [x23, _floats(rng, [3, 3, 4])], {"equation": "...j,...jk->...k"}, None),
        _bad("tensordot", [x23, x23], {"axes": [[1], [1, 0]]}, None),
        _bad("tensordot", [x23, x23], {"axes": 1}, None),
        _bad("cross", [x23, x23], {}, None),
        _bad("inv", [x23], {"adjoint": False}, None),
        _bad("inv", [np.zeros([2, 2], "float32")], {"adjoint": False}, None),
        _bad("det", [x23], {}, None),
        _bad("cholesky", [-sq @ sq.T], {}, None),
        _bad("solve", [sq, x23], {"adjoint": False}, None),
        _bad("solve", [np.zeros([3, 3], "float64"), np.ones([3, 1])], {"adjoint": False}, None),
        _bad("triangular_solve", [sq, x23], {"lower": True, "adjoint": False}, None),
        _bad("qr", [np.ones([3], "float32")], {"full": False}, None),
        _bad("svd", [np.ones([3], "float32")], {"full": False, "uv": True}, None),
        _bad("eigh", [x23], {}, None),
        _bad("norm", [x23], {"ord": 2, "axis": [0, 0], "keepdims": False}, None),
        _bad("norm", [x23], {"ord": -1, "axis": None, "keepdims": False}, None),
        _bad("norm", [x234], {"ord": 2, "axis": [0, 1, 2], "keepdims": False}, None),
        _bad("det", [np.ones([2, 2], "int32")], {}, None),
        _bad("inv", [np.ones([2, 2], "int32")], {"adjoint": False}, None),
    ]


# -- broadcasts: rank 5 to 8 with size-1 axes ------------------------------------------

_BCAST_FNS = {
    "float": (
        *("add", "subtract", "multiply", "truediv", "floordiv", "floormod", "maximum"),
        *("minimum", "squared_difference", "less", "equal"),
    ),
    "int": (
        *("add", "subtract", "multiply", "floordiv", "floormod", "truncatediv"),
        *("truncatemod", "maximum", "minimum", "squared_difference", "less", "equal"),
        "bitwise_and",
    ),
    "small": ("add", "subtract", "multiply", "maximum", "minimum", "less", "equal"),
    "bool": ("logical_and", "logical_or", "equal"),
}
_BCAST_DTYPES = (
    "float32",
    "float32",
    "float64",
    "int32",
    "int32",
    "int64",
    "uint8",
    "int8",
    "bool",
)
# Gradients are drawn through the ops whose gradient sums products of the inputs
# (Σ|terms| is then the program on |inputs|: the "linear" bound).
_BCAST_GRAD_FNS = ("add", "subtract", "multiply")


def _bcast_kind(dtype: str) -> str:
    if dtype == "bool":
        return "bool"
    if dtype.startswith("float"):
        return "float"
    return "small" if dtype in ("uint8", "int8") else "int"


def tf_broadcast_rank(shapes: list) -> int:
    """The rank TF's BCast brings a broadcast of `shapes` to (bcast.cc with its fewer-dims
    optimization): axes where every input is 1 are dropped and neighbouring axes where the
    same inputs are 1 merged. TF's cwise kernels take at most 5 (BroadcastTo too);
    SelectV2 merges none and takes at most 8."""
    rank = max(len(s) for s in shapes)
    padded = [[1] * (rank - len(s)) + list(s) for s in shapes]
    if all(s == padded[0] for s in padded):
        return 1 if rank else 0
    ranks, previous = 0, None
    for axis in range(rank):
        dims = [s[axis] for s in padded]
        if all(d == 1 for d in dims):
            continue
        ones = tuple(d == 1 for d in dims)
        if ones != previous:
            ranks += 1
        previous = ones
    return ranks


def _bcast_shapes(rng, n, rank, hi=3, zero=0.03, lower=0.3) -> list:
    """`n` shapes broadcasting to one of `rank` axes: each axis 1 in some inputs, some
    inputs of lower rank (their leading axes left out)."""
    out = _dims(rng, rank, 1, hi, zero=zero)
    shapes = []
    for _ in range(n):
        shape = [d if rng.random() < 0.55 else 1 for d in out]
        if rng.random() < lower:
            shape = shape[int(rng.integers(1, rank + 1)) :]
        shapes.append(shape)
    return shapes


def _bcast_draw(rng, limit, n, rank, past=False, **kw) -> list:
    """Shapes within TF's kernel limit, or (`past`) beyond it: TF's UnimplementedError,
    where graphgate broadcasts (docs/engine.md)."""
    for _ in range(200):
        shapes = _bcast_shapes(rng, n, rank, **kw)
        if (tf_broadcast_rank(shapes) > limit) == past:
            return shapes
    return shapes


def _bcast_big(rng) -> list:
    """Three small inputs whose broadcast is past fusion's whole-array size (2^15
    elements): the first two keep some axes of the output each and cover it; the third
    fits it (a chain reading it stays one fused step), often its trailing axes alone
    (fusion's periodic rows)."""
    while True:
        out = [int(rng.integers(2, 13)) for _ in range(int(rng.integers(5, 7)))]
        if not 40_000 <= np.prod(out) <= 150_000:
            continue
        shapes = [[d if rng.random() < 0.5 else 1 for d in out] for _ in range(2)]
        k = int(rng.integers(1, 4))
        if rng.random() < 0.5:
            shapes.append(out[len(out) - k :])
        else:
            shapes.append([d if rng.random() < 0.3 else 1 for d in out])
        covered = all(shapes[0][a] != 1 or shapes[1][a] != 1 for a in range(len(out)))
        small = all(np.prod(s) <= 1500 for s in shapes)
        if covered and small and tf_broadcast_rank(shapes) <= 5:
            return shapes


def _bcast_values(rng, dtype, shape, finite: bool):
    if finite:
        return _mm_values(rng, dtype, shape) if dtype != "bool" else rng.random(shape) < 0.5
    return _values(rng, dtype, shape)


def _bcast_unknown(rng, feed, shapes) -> list | None:
    """One or two [input, dim] pairs fed as None (most fed programs)."""
    if not feed or rng.random() < 0.4:
        return None
    picks = set()
    for _ in range(int(rng.integers(1, 3))):
        i = int(rng.integers(0, len(shapes)))
        if shapes[i]:
            picks.add((i, int(rng.integers(0, len(shapes[i])))))
    return [list(u) for u in sorted(picks)] or None


def _bcast_binaries(rng) -> list:
    programs = []
    for i in range(70):
        dtype = _pick(rng, _BCAST_DTYPES)
        fn = _pick(rng, _BCAST_FNS[_bcast_kind(dtype)])
        past = i % 12 == 0
        shapes = _bcast_draw(rng, 5, 2, 7 if past else int(rng.integers(5, 8)), past=past)
        grad = [0, 1] if fn in _BCAST_GRAD_FNS and dtype.startswith("float") else None
        grad = grad if grad and rng.random() < 0.6 else None
        xs = [_bcast_values(rng, dtype, s, bool(grad)) for s in shapes]
        feed = _feed(rng) or bool(grad)
        programs.append(
            _program(
                "broadcast_binary",
                xs,
                {"fn": fn},
                feed=feed,
                grad=grad,
                tol="linear" if grad else "exact",
                unknown=_bcast_unknown(rng, feed, shapes),
            )
        )
    return programs


def _bcast_chain_steps(rng, dtype, n_inputs) -> tuple[list, str]:
    """2-4 steps over the inputs, each reading the last value: a binary op with another
    value of its dtype (an input cast to it where none is), a unary op or a cast to
    another dtype. The steps and the last value's dtype."""
    steps, dtypes = [], [dtype] * n_inputs
    for _ in range(int(rng.integers(2, 5))):
        last = len(dtypes) - 1
        r = rng.random()
        if r < 0.15 and dtypes[last] != "bool":
            to = _pick(rng, ("float32", "float64", "int32", "int64"))
            steps.append(["cast", last, to])
            dtypes.append(to)
            continue
        if r < 0.3 and dtypes[last] in ("float32", "float64", "int32", "int64"):
            steps.append([_pick(rng, tuple(_BROADCAST_UNARY)), last])
            dtypes.append(dtypes[last])
            continue
        same = [i for i, d in enumerate(dtypes) if d == dtypes[last] and i != last]
        if not same:
            steps.append(["cast", int(rng.integers(0, n_inputs)), dtypes[last]])
            dtypes.append(dtypes[last])
            same = [len(dtypes) - 1]
        kind = _bcast_kind(dtypes[last])
        fns = [f for f in _BCAST_FNS[kind] if f not in ("less", "equal")] or ["logical_and"]
        other = _pick(rng, same)
        pair = [last, other] if rng.random() < 0.5 else [other, last]
        steps.append([_pick(rng, fns), pair[0], pair[1]])
        dtypes.append(dtypes[last])
    return steps, dtypes[-1]


def _bcast_chains(rng) -> list:
    programs = []
    for i in range(36):
        dtype = _pick(rng, ("float32", "float64", "int32", "int64", "float32"))
        big = i % 3 == 0
        if big:
            # Reduced exactly, so that the fixture holds a few numbers.
            shapes = _bcast_big(rng)
            kind = _bcast_kind(dtype)
            # Not an integer division: some divisor of 10^5 would be 0.
            fns = [
                f
                for f in _BCAST_FNS[kind]
                if f not in ("less", "equal")
                and (kind == "float" or not f.endswith(("div", "mod")))
            ]
            steps = [[_pick(rng, fns), 0, 1], [_pick(rng, fns), 3, 2]]
            if rng.random() < 0.5:
                steps.append([_pick(rng, tuple(_BROADCAST_UNARY)), 4])
            if rng.random() < 0.5:
                steps.append([_pick(rng, fns), len(steps) + 2, 0])
            last = dtype
        else:
            shapes = _bcast_draw(rng, 5, 3, int(rng.integers(5, 8)))
            steps, last = _bcast_chain_steps(rng, dtype, 3)
        out_rank = max(len(s) for s in shapes)
        reduce = None
        if big or rng.random() < 0.2:
            fn = (
                "reduce_sum" if last.startswith("int") else _pick(rng, ("reduce_max", "reduce_min"))
            )
            keep = int(rng.integers(0, 2))
            axes = sorted(int(a) for a in rng.choice(out_rank, out_rank - keep, replace=False))
            reduce = [fn, axes]
        grad = None
        if not big and dtype.startswith("float") and all(s[0] in _BCAST_GRAD_FNS for s in steps):
            grad = [0, 1, 2] if rng.random() < 0.7 else None
        finite = bool(grad) or big
        xs = [_bcast_values(rng, dtype, s, finite) for s in shapes]
        feed = _feed(rng) or bool(grad) or big  # constants would be folded, never fused
        programs.append(
            _program(
                "broadcast_chain",
                xs,
                {"steps": steps, "reduce": reduce},
                feed=feed,
                grad=grad,
                tol="linear" if grad else "exact",
                unknown=None if big else _bcast_unknown(rng, feed, shapes),
            )
        )
    return programs


def _bcast_others(rng) -> list:
    """where_v2 (SelectV2 takes rank 8), broadcast_to, batch matmuls, bias_add."""
    programs = []
    for i in range(20):
        dtype = _pick(rng, ("float32", "float64", "int32", "bool"))
        past = i % 10 == 0
        rank = 9 if past else int(rng.integers(5, 9))
        shapes = _bcast_draw(rng, 8, 3, rank, past=past, hi=2)
        grad = [1, 2] if dtype.startswith("float") and rng.random() < 0.5 else None
        c = rng.random(shapes[0]) < 0.5
        xs = [c, *(_bcast_values(rng, dtype, s, bool(grad)) for s in shapes[1:])]
        feed = _feed(rng) or bool(grad)
        programs.append(
            _program(
                "where",
                xs,
                {"v2": True},
                feed=feed,
                grad=grad,
                tol="linear" if grad else "exact",
                unknown=_bcast_unknown(rng, feed, shapes),
            )
        )
    for _ in range(14):
        dtype = _pick(rng, ("float32", "float64", "int32", "uint8", "bool"))
        target, source = _bcast_draw(rng, 5, 2, int(rng.integers(5, 8)), lower=0.0)
        target = [max(a, b) for a, b in zip(target, source, strict=True)]
        source = source[int(rng.integers(0, 3)) :]
        grad = [0] if dtype.startswith("float") and rng.random() < 0.5 else None
        programs.append(
            _program(
                "broadcast_to",
                [_bcast_values(rng, dtype, source, bool(grad))],
                {"shape": target},
                feed=_feed(rng) or bool(grad),
                grad=grad,
                tol="linear" if grad else "exact",
            )
        )
    for _ in range(16):
        dtype = _pick(rng, ("float32", "float64", "int32"))
        batch_a, batch_b = _bcast_shapes(rng, 2, int(rng.integers(3, 6)), hi=2, zero=0.0)
        m, k, n = (int(rng.integers(1, 4)) for _ in range(3))
        grad = [0, 1] if dtype.startswith("float") and rng.random() < 0.5 else None
        a = _mm_values(rng, dtype, [*batch_a, m, k])
        b = _mm_values(rng, dtype, [*batch_b, k, n])
        feed = _feed(rng) or bool(grad)
        programs.append(
            _program(
                "matmul",
                [a, b],
                {"ta": False, "tb": False, "aa": False, "ab": False},
                feed=feed,
                grad=grad,
                tol="linear",
                unknown=_bcast_unknown(rng, feed, [a.shape, b.shape]),
            )
        )
    for _ in range(8):
        dtype = _pick(rng, ("float32", "float64", "int32"))
        shape = _dims(rng, int(rng.integers(5, 7)), 1, 3, zero=0.03)
        grad = [0, 1] if dtype.startswith("float") and rng.random() < 0.5 else None
        xs = [
            _bcast_values(rng, dtype, shape, bool(grad)),
            _bcast_values(rng, dtype, shape[-1:], bool(grad)),
        ]
        programs.append(
            _program(
                "bias_add",
                xs,
                {},
                feed=_feed(rng) or bool(grad),
                grad=grad,
                tol="linear" if grad else "exact",
            )
        )
    return programs


def _broadcasts(rng) -> list:
    return _bcast_binaries(rng) + _bcast_chains(rng) + _bcast_others(rng)


# -- integers: wrapping, signed division and casts between widths, chained ----------------

_INTS = ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64")
_INT_BINARY = (
    *("add", "subtract", "multiply", "maximum", "minimum"),
    *("bitwise_and", "bitwise_or", "bitwise_xor"),
)
_INT_DIVISION = ("floordiv", "floormod", "truncatediv", "truncatemod")
_INT_UNARY = ("negative", "abs", "square", "sign", "invert", "relu")
_FLOAT_UNARY = ("floor", "ceil", "round", "negative", "abs")
# Divisors: never 0, never -1 (INT_MIN / -1 overflows in C: special_operands has it).
_DIVISORS = (1, 2, 3, 5, 7, 100, -2, -3, -7, -100)


def _bits(dtype: str) -> int:
    return np.iinfo(dtype).bits


def _int_literal(rng, dtype: str, fn: str) -> int:
    """A Python number for `value <fn> number`: small, sometimes negative (TF refuses a
    negative number for an unsigned value), for 64-bit values sometimes a hash's multiplier."""
    division = fn in ("floordiv", "mod", "truediv")
    k = _pick(rng, _DIVISORS) if division else int(rng.integers(-9, 10))
    if _bits(dtype) == 64 and fn in ("multiply", "add") and rng.random() < 0.4:
        k = _pick(rng, (1_000_003, 2_654_435_761, 6_364_136_223_846_793_005 >> 1))
    if dtype.startswith("uint") and k < 0 and rng.random() < 0.8:
        k = -k
    return k


def _int_shapes(rng, mode: str) -> list:
    """Shapes of (x, y, divisor, shift) broadcasting together: all rank 0, one element,
    small ones with size-1 axes, or past fusion's whole-array size (its blocked kernels)."""
    if mode == "scalar":
        return [[], [], [], []]
    if mode == "one":
        shape = _pick(rng, ([1], [1, 1]))
        return [shape, _pick(rng, (shape, [])), _pick(rng, (shape, [])), []]
    if mode == "big":
        cols = int(rng.integers(1, 9))
        out = [int(rng.integers(33_000, 70_000)) // cols, cols]
        return [out, _pick(rng, (out, [cols], [1])), _pick(rng, ([cols], [1], [])), []]
    out = _dims(rng, int(rng.integers(1, 4)), 1, 4, zero=0.04)
    shapes = []
    for _ in "xyds":
        shape = [d if rng.random() < 0.6 else 1 for d in out]
        shapes.append(shape[int(rng.integers(0, 2)) :])
    return shapes


def _int_step(rng, steps: list, types: list, floats_from: dict) -> None:
    """One step reading the last value (appended to `steps`, its dtype to `types`); a
    float value remembers the integer width it came from (`floats_from`), so that it is
    cast back only to an integer that holds it (TF's out-of-range casts are the CPU's:
    docs/engine.md)."""
    last = len(types) - 1
    dtype = types[last]

    def add(step, to):
        steps.append(step)
        types.append(to)

    def operand(index):
        """Input `index` in `dtype` (cast when it is not)."""
        if types[index] == dtype:
            return index
        add(["cast", index, dtype], dtype)
        return len(types) - 1

    if dtype.startswith("float"):
        source = floats_from[last]
        r = rng.random()
        if r < 0.35 and source <= 32 and dtype != "float16":
            to = _pick(rng, ("int64", "int32") if source <= 16 else ("int64",))
            add(["cast", last, to], to)
        elif r < 0.7:
            add([_pick(rng, _FLOAT_UNARY), last], dtype)
            floats_from[len(types) - 1] = source
        else:
            fn = _pick(rng, ("multiply", "add", "rsub"))
            add(["literal", last, fn, int(rng.integers(-7, 8))], dtype)
            floats_from[len(types) - 1] = source + 3
        return
    r = rng.random()
    if r < 0.3:
        other = operand(1)
        pair = [last, other] if rng.random() < 0.5 else [other, last]
        add([_pick(rng, _INT_BINARY), *pair], dtype)
    elif r < 0.48:
        d = operand(2)
        # TF's TruncateMod has int32 and int64 kernels only (TypeError when built).
        wide = dtype in ("int32", "int64") or rng.random() < 0.1
        fns = _INT_DIVISION if wide else _INT_DIVISION[:3]
        add([_pick(rng, fns), last, d], dtype)
    elif r < 0.55:
        shift = operand(3)
        add([_pick(rng, ("left_shift", "right_shift")), last, shift], dtype)
    elif r < 0.68:
        # Most unsigned values take only the ops TF has unsigned kernels of (no Neg, Abs,
        # Sign: TypeError when built).
        unsigned = dtype.startswith("uint") and rng.random() < 0.8
        add([_pick(rng, ("square", "invert") if unsigned else _INT_UNARY), last], dtype)
    elif r < 0.82:
        fn = _pick(rng, tuple(_LITERAL_FNS))
        if fn == "truediv":
            to = "float32" if _bits(dtype) <= 16 else "float64"
            add(["literal", last, fn, _int_literal(rng, dtype, fn)], to)
            floats_from[len(types) - 1] = _bits(dtype)
        else:
            add(["literal", last, fn, _int_literal(rng, dtype, fn)], dtype)
    elif r < 0.9:
        to = "float32" if _bits(dtype) <= 16 else "float64"
        d = operand(2)
        add(["truediv", last, d], to)
        floats_from[len(types) - 1] = _bits(dtype)
    else:
        to = _pick(rng, (*_INTS, "float32", "float64", "float16"))
        add(["cast", last, to], to)
        if to.startswith("float"):
            floats_from[len(types) - 1] = _bits(dtype)


def _int_reduce(rng, dtype: str, rank: int, big: bool) -> list | None:
    """An exact reduction of the chain's value (always for the big ones: the fixture
    holds a few numbers): integer sums, products and means wrap or truncate as TF's."""
    if not big and rng.random() < 0.45:
        return None
    if dtype.startswith("float"):
        return [_pick(rng, ("reduce_max", "reduce_min")), list(range(rank))]
    if rank and not big and rng.random() < 0.3:
        keywords = {"exclusive": bool(rng.random() < 0.4), "reverse": bool(rng.random() < 0.4)}
        return [_pick(rng, ("cumsum", "cumprod")), int(rng.integers(-rank, rank)), keywords]
    fns = ("reduce_sum", "reduce_prod", "reduce_max", "reduce_min", "reduce_mean")
    keep = int(rng.integers(0, 2)) if rank else 0
    axes = sorted(int(a) for a in rng.choice(rank, rank - keep, replace=False)) if rank else []
    return [_pick(rng, fns), axes]


def _int_inputs(rng, dtype: str, shapes: list) -> list:
    x, y = draw(rng, dtype, shapes[0], 0.6), draw(rng, dtype, shapes[1], 0.6)
    pool = [k for k in _DIVISORS if k >= 0 or not dtype.startswith("uint")]
    d = np.array(pool, dtype)[rng.integers(0, len(pool), shapes[2])].reshape(shapes[2])
    shift = rng.integers(0, 8, shapes[3]).astype(dtype)
    return [x, y, d, shift]


def _integers(rng) -> list:
    """Chains of integer arithmetic over every width, edge values (each type's extremes,
    -1, bit counts) most often: wrapping sums and products, floor and truncating division
    and mod of negatives, shifts, bitwise ops, Python numbers by TF1's operators, casts
    between widths and through floats (truediv, floor, round back), then a wrapping or
    truncating reduction; rank 0, one element, small broadcasts and 33k-70k elements, fed
    (fusion's scalar, whole and blocked kernels) or constant (folded)."""
    programs = []
    for i in range(140):
        dtype = _INTS[i % len(_INTS)] if i < 16 else _pick(rng, _INTS)
        mode = _pick(rng, ("scalar", "one", "small", "small", "big"))
        shapes = _int_shapes(rng, mode)
        xs = _int_inputs(rng, dtype, shapes)
        steps, types, floats_from = [], [dtype] * 4, {}
        types.append(dtype)
        steps.append([_pick(rng, ("add", "subtract", "multiply", "maximum")), 0, 1])
        for _ in range(int(rng.integers(2, 7))):
            _int_step(rng, steps, types, floats_from)
        rank = len(np.broadcast_shapes(*(tuple(s) for s in shapes)))
        feed = mode == "big" or rng.random() < 0.75
        programs.append(
            _program(
                "broadcast_chain",
                xs,
                {"steps": steps, "reduce": _int_reduce(rng, types[-1], rank, mode == "big")},
                feed=feed,
                unknown=None if mode == "big" else _bcast_unknown(rng, feed, shapes),
            )
        )
    return programs


FAMILIES = {
    "slices": _slices,
    "pads": _pads,
    "moves": _moves,
    "one_hots": _one_hots,
    "wheres": _wheres,
    "gathers": _gathers,
    "shuffles": _shuffles,
    "sets": _sets,
    "diags": _diags,
    "matmuls": _matmuls,
    "einsums": _einsums,
    "linalg": _linalg,
    "invalid": _invalid,
    "broadcasts": _broadcasts,
    "integers": _integers,
}


def programs() -> dict:
    return fuzzkit.programs(FAMILIES, "fuzzshape.")


def main() -> None:
    # Families named on the command line are recorded alone (to merge a new family into
    # the committed fixture: decision log, 2026-12-07 soak6).
    only = sys.argv[1:]
    drawn = programs()
    chosen = {n: p for n, p in drawn.items() if not only or n.split(".")[0] in only}
    fuzzkit.record(chosen, lambda tf, p, config=None: observe(tf, p, config=config), True)


if __name__ == "__main__":
    main()
