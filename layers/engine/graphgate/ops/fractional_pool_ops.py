"""Fractional max and average pooling (`tf.nn.fractional_max_pool`, `fractional_avg_pool`)
and their gradients, as TF's kernels compute them.

Each run cuts the rows and the columns into `floor(n / ratio)` windows whose sizes differ
by at most one: a shuffled sequence of k and k + 1 (the default) or, `pseudo_random`, the
paper's ceil(alpha * (i + u)) for one uniform u. TF draws them from a Philox generator
made afresh at every run from (seed, seed2): the rows' draws from its first counters, the
columns' from the next, so a `deterministic` op with seeds pools the same windows at
every run, TF's windows. Without seeds TF draws new random seeds (once for the kernel
when `deterministic`, every run otherwise), as graphgate does. `overlapping` windows
share their boundary row and column.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Tensor, op_inputs
from ..op_results import op_result
from . import philox
from .registry import InferenceError, register_gradient, register_op, without_gradient
from .shape_values import hinted_shape

_TYPES = frozenset((_dt.float32, _dt.float64, _dt.int32, _dt.int64))
_ATTRS = {
    "pooling_ratio": ("floats", None),
    "pseudo_random": ("bool", False),
    "overlapping": ("bool", False),
    "deterministic": ("bool", False),
    "seed": ("seed", 0),
    "seed2": ("seed", 0),
}


def _out_size(n: int, ratio: float) -> int:
    # TF divides in float (an int over the float attribute), kernel and shape function.
    return math.floor(np.float32(n) / np.float32(ratio))


def _infer(shapes, types, attrs):
    # An input of unknown rank is TF's too: its shape function makes it rank 4, and the
    # kernel checks the fed value's.
    x = (None,) * 4 if shapes[0] is None else shapes[0]
    if len(x) != 4:
        raise InferenceError("SHAPE_MISMATCH", f"Shape must be rank 4 but is rank {len(x)}")
    if types[0] not in _TYPES:
        raise InferenceError(
            "UNSUPPORTED_DTYPE",
            f"fractional pooling takes float32, float64, int32 or int64, not {types[0].name}",
        )
    ratio = attrs["pooling_ratio"]
    if ratio is None or len(ratio) != 4:
        raise InferenceError("INVALID_ATTR", "pooling_ratio field must specify 4 dimensions")
    if min(ratio) < 1:
        raise InferenceError(
            "INVALID_ATTR", f"pooling_ratio cannot be smaller than 1, got: {min(ratio)}"
        )
    out = tuple(None if d is None else _out_size(d, r) for d, r in zip(x, ratio, strict=True))
    # TF's shape function says out[1] and out[2] sequence entries; its kernel answers one
    # more (the windows' bounds), which graphgate's static shape holds (decision log).
    rows, cols = (None if d is None else d + 1 for d in out[1:3])
    return [(out, types[0]), ((rows,), _dt.int64), ((cols,), _dt.int64)]


def _check(op, x: np.ndarray) -> tuple[int, int]:
    """TF's kernel's checks; the output's rows and columns."""
    a = op.attrs
    ratio = a["pooling_ratio"]
    if x.ndim != 4:  # fed to an input of unknown rank
        raise error("COMPUTE_ERROR", "tensor_in must be 4-dimensional", node=op.name)
    if ratio[0] != 1 or ratio[3] != 1:
        # TF refuses pooling both; pooling one of them its kernel indexes past its output.
        raise error(
            "UNIMPLEMENTED",
            "Fractional pooling is not yet supported on the batch nor channel dimension.",
            node=op.name,
        )
    if not a["deterministic"] and (a["seed"] or a["seed2"]):
        raise error(
            "COMPUTE_ERROR",
            "Both seed and seed2 should be 0 if deterministic is false.",
            node=op.name,
        )
    for i, (n, r) in enumerate(zip(x.shape, ratio, strict=True)):
        if n < r:
            raise error(
                "COMPUTE_ERROR",
                f"Pooling ratio is higher than input dimension size for dimension {i}. "
                f"Input dim size: {n} pooling ratio: {r}",
                node=op.name,
            )
    return _out_size(x.shape[1], ratio[1]), _out_size(x.shape[2], ratio[2])


def _pseudo_random(n_in: int, n_out: int, words: np.ndarray) -> list[int]:
    """TF's GeneratePoolingSequencePseudoRandom: window sizes from ceil(alpha (i + u))."""
    alpha = n_in / n_out
    k = n_in // n_out
    max_u = min((k + 2) / alpha - 1, (n_in + 1 - k) / alpha - (n_out - 1))
    u = float(philox._unit_double(words[0:1], words[1:2])[0]) * max_u
    bounds = [1, *(math.ceil(alpha * (i + u)) for i in range(1, n_out)), n_in + 1]
    return [bounds[i + 1] - bounds[i] for i in range(n_out)]


def _shuffled(n_in: int, n_out: int, words: np.ndarray) -> list[int]:
    """TF's GeneratePoolingSequenceRandom: n_in % n_out windows of k + 1, the rest of k,
    shuffled front to back, element i swapped with i + word_i % (n_out - i)."""
    k = n_in // n_out
    sizes = [k + 1 if i < n_in % n_out else k for i in range(n_out)]
    for i, word in enumerate(words[: n_out - 1].tolist()):
        j = i + word % (n_out - i)
        sizes[i], sizes[j] = sizes[j], sizes[i]
    return sizes


def _sequences(op, state, rows: int, cols: int, x_shape) -> tuple[np.ndarray, np.ndarray]:
    """The rows' and the columns' window bounds (TF's cumulative sequences) of this run."""
    a = op.attrs
    if a["deterministic"]:
        seed, seed2, _ = state.philox(op, 0)  # (seed, seed2), random once if both 0
    else:
        seed, seed2 = (int(s) for s in np.random.SeedSequence().generate_state(2, np.uint64))
    counter = 0
    out = []
    for n_in, n_out in ((x_shape[1], rows), (x_shape[2], cols)):
        # ReserveSamples32: the pseudo-random sequence two words, the shuffle one a window.
        count = 1 if a["pseudo_random"] else -(-n_out // 4)
        words = philox.blocks(seed, seed2, counter, count).reshape(-1)
        counter += count
        draw = _pseudo_random if a["pseudo_random"] else _shuffled
        sizes = draw(n_in, n_out, words) if n_out else []
        out.append(np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)]).astype(np.int64))
    return out[0], out[1]


def _windows(bounds: np.ndarray, n: int, overlapping: bool) -> tuple[np.ndarray, np.ndarray]:
    """Each window's first and last index (inclusive): to the next bound, or the one
    before it, never past the input."""
    last = bounds[1:] if overlapping else bounds[1:] - 1
    return bounds[:-1], np.minimum(last, n - 1)


def _offsets(starts: np.ndarray, ends: np.ndarray):
    """(offset, the windows it is inside of, the indices) for each offset into a window."""
    for d in range(int((ends - starts).max(initial=-1)) + 1):
        yield d, starts + d <= ends, np.minimum(starts + d, ends)


def _cells(op, x: np.ndarray, rows_seq: np.ndarray, cols_seq: np.ndarray):
    """(offset into the windows' rows and columns in TF's order, row first; where each
    output cell has that element; the elements) for every offset, over all cells at once."""
    overlapping = op.attrs["overlapping"]
    r0, r1 = _windows(rows_seq, x.shape[1], overlapping)
    c0, c1 = _windows(cols_seq, x.shape[2], overlapping)
    for _, rin, ri in _offsets(r0, r1):
        for _, cin, ci in _offsets(c0, c1):
            inside = rin[:, None] & cin[None, :]
            yield inside[None, :, :, None], x[:, ri][:, :, ci], (ri, ci)


def _lowest(dtype: np.dtype):
    return np.finfo(dtype).min if dtype.kind == "f" else np.iinfo(dtype).min


@register_op(
    "FractionalMaxPool",
    arity=1,
    infer=_infer,
    attrs=_ATTRS,
    needs_state=True,
    heavy=True,
    unknown_rank_ok=True,
)
def _fractional_max_pool(op):
    def kernel(state, x):
        x = np.asarray(x)
        rows, cols = _check(op, x)
        rows_seq, cols_seq = _sequences(op, state, rows, cols, x.shape)
        lowest = x.dtype.type(_lowest(x.dtype))
        out = np.full((x.shape[0], rows, cols, x.shape[3]), lowest, x.dtype)
        for inside, values, _ in _cells(op, x, rows_seq, cols_seq):
            # TF's `max < x`: NaN passes over, -inf pools to the lowest finite value.
            np.copyto(out, values, where=inside & (out < values))
        return out, rows_seq, cols_seq

    return kernel


@register_op(
    "FractionalAvgPool",
    arity=1,
    infer=_infer,
    attrs=_ATTRS,
    needs_state=True,
    heavy=True,
    unknown_rank_ok=True,
)
def _fractional_avg_pool(op):
    def kernel(state, x):
        x = np.asarray(x)
        rows, cols = _check(op, x)
        rows_seq, cols_seq = _sequences(op, state, rows, cols, x.shape)
        total = np.zeros((x.shape[0], rows, cols, x.shape[3]), x.dtype)
        count = np.zeros((1, rows, cols, 1), x.dtype)
        for inside, values, _ in _cells(op, x, rows_seq, cols_seq):
            # Summed in TF's order (row by row), in the input's dtype.
            total = np.where(inside, total + values, total)
            count = count + inside
        if x.dtype.kind == "f":
            return total / count, rows_seq, cols_seq
        quotient = np.abs(total) // count  # C's integer division truncates
        return (np.sign(total) * quotient).astype(x.dtype), rows_seq, cols_seq

    return kernel


def _grad_infer(shapes, types, attrs):
    return [((None,) * 4 if shapes[0] is None else shapes[0], types[0])]  # TF's: rank 4


@register_op(
    "FractionalMaxPoolGrad",
    arity=5,
    infer=_grad_infer,
    attrs={"overlapping": ("bool", False)},
    heavy=True,
    unknown_rank_ok=True,
)
def _fractional_max_pool_grad(op):
    def kernel(x, y, grad, rows_seq, cols_seq):
        x, grad = np.asarray(x), np.asarray(grad)
        shape = (x.shape[0], len(rows_seq) - 1, len(cols_seq) - 1, x.shape[3])
        best = np.full(shape, _lowest(x.dtype), x.dtype)
        where = np.full(shape, -1, np.int64)
        flat = np.arange(x.size, dtype=np.int64).reshape(x.shape)
        for inside, values, (ri, ci) in _cells(op, x, np.asarray(rows_seq), np.asarray(cols_seq)):
            # TF's: the first element of a window, then any larger one.
            take = inside & ((best < values) | (where < 0))
            np.copyto(best, values, where=take)
            np.copyto(where, flat[:, ri][:, :, ci], where=take)
        out = np.zeros(x.size, grad.dtype)
        np.add.at(out, where.reshape(-1), grad.reshape(-1))  # in TF's order, cell by cell
        return out.reshape(x.shape)

    return kernel


def _avg_grad_infer(shapes, types, attrs):
    out = hinted_shape(shapes[0], types[0], attrs, "orig_input_tensor_shape")
    if out is not None and len(out) != 4:
        raise InferenceError("SHAPE_MISMATCH", "orig_input_tensor_shape must be of 4 elements")
    return [(out, types[1])]


@register_op(
    "FractionalAvgPoolGrad",
    arity=4,
    infer=_avg_grad_infer,
    attrs={"overlapping": ("bool", False), "static_shape": ("shape", None)},
    heavy=True,
    unknown_rank_ok=True,
)
def _fractional_avg_pool_grad(op):
    def kernel(shape, grad, rows_seq, cols_seq):
        shape, grad = [int(d) for d in shape], np.asarray(grad)
        overlapping = op.attrs["overlapping"]
        r0, r1 = _windows(np.asarray(rows_seq), shape[1], overlapping)
        c0, c1 = _windows(np.asarray(cols_seq), shape[2], overlapping)
        # Each cell's gradient spread evenly over its window, summed in double as TF's.
        out = np.zeros(shape, np.float64)
        for r in range(len(r0)):
            for c in range(len(c0)):
                n = (r1[r] - r0[r] + 1) * (c1[c] - c0[c] + 1)
                share = grad[:, r, c, :].astype(np.float64) / n
                out[:, r0[r] : r1[r] + 1, c0[c] : c1[c] + 1, :] += share[:, None, None, :]
        return out.astype(grad.dtype)

    return kernel


# TF registers none for the gradients: a second derivative is LookupError there too.
without_gradient("FractionalMaxPoolGrad", "FractionalAvgPoolGrad")


@register_gradient("FractionalMaxPool")
def _fractional_max_pool_gradient(op, grad, *unused):
    x, (y, rows_seq, cols_seq) = op.inputs[0], op.outputs
    attrs = {"overlapping": op.attrs["overlapping"]}
    ins = (x, y, grad, rows_seq, cols_seq)
    grad_op = op.graph.create_op("FractionalMaxPoolGrad", ins, attrs, "FractionalMaxPoolGrad")
    return [grad_op.outputs[0]]


@register_gradient("FractionalAvgPool")
def _fractional_avg_pool_gradient(op, grad, *unused):
    from .array_ops import shape

    rows_seq, cols_seq = op.outputs[1:]
    x = op.inputs[0]
    ins = (shape(x, out_type=_dt.int64), grad, rows_seq, cols_seq)
    attrs = {"overlapping": op.attrs["overlapping"], "static_shape": x.static_shape}
    grad_op = op.graph.create_op("FractionalAvgPoolGrad", ins, attrs, "FractionalAvgPoolGrad")
    return [grad_op.outputs[0]]


def _pool(
    type_: str, value, pooling_ratio, pseudo_random, overlapping, deterministic, seed, seed2, name
) -> tuple[Tensor, Tensor, Tensor]:
    attrs = {
        "pooling_ratio": tuple(float(r) for r in pooling_ratio),
        "pseudo_random": bool(pseudo_random),
        "overlapping": bool(overlapping),
        "deterministic": bool(deterministic),
        "seed": int(seed),
        "seed2": int(seed2),
    }
    if len(attrs["pooling_ratio"]) < 4:
        raise error(
            "INVALID_ATTR",
            f"Attr 'pooling_ratio' of '{type_}' Op passed list of length "
            f"{len(attrs['pooling_ratio'])} less than minimum 4.",
        )
    graph, (x,), name = op_inputs((value,), name, type_, ("value",))
    return op_result(graph.create_op(type_, (x,), attrs, name))


def fractional_max_pool(
    value: Any,
    pooling_ratio: Any,
    pseudo_random: bool = False,
    overlapping: bool = False,
    deterministic: bool = False,
    seed: int = 0,
    seed2: int = 0,
    name: str | None = None,
) -> tuple[Tensor, Tensor, Tensor]:
    """TF1's fractional max pooling of an NHWC tensor: (output, row_pooling_sequence,
    col_pooling_sequence), TF's windows for `deterministic` with seeds."""
    return _pool(
        "FractionalMaxPool",
        value,
        pooling_ratio,
        pseudo_random,
        overlapping,
        deterministic,
        seed,
        seed2,
        name,
    )


def fractional_avg_pool(
    value: Any,
    pooling_ratio: Any,
    pseudo_random: bool = False,
    overlapping: bool = False,
    deterministic: bool = False,
    seed: int = 0,
    seed2: int = 0,
    name: str | None = None,
) -> tuple[Tensor, Tensor, Tensor]:
    """TF1's fractional average pooling (each window's mean in the input's dtype)."""
    return _pool(
        "FractionalAvgPool",
        value,
        pooling_ratio,
        pseudo_random,
        overlapping,
        deterministic,
        seed,
        seed2,
        name,
    )
