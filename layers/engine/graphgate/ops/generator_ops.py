"""`tf.random.Generator`'s draws: Philox from a state variable, TF's numbers to the bit.

TF's generator keeps an int64[3] state variable, (counter low, counter high, key) for
Philox. Each draw reads the state and moves the counter on by 256 per value drawn
(`RngReadAndSkip`), then draws as the stateless V2 kernels do from that key and counter:
the same Philox streams `philox.py` already computes for the seeded ops, started at the
state's counter instead of the seed's. Here the read, the skip and the draw are one op,
`GeneratorDraw`, so a draw and its skip can never be separated; TF has no such op, so a
graph holding it is refused by the GraphDef export rather than written as something else.
`Generator.skip` alone is `GeneratorSkip` (TF's RngReadAndSkip on the variable), refused
by the export likewise.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from . import philox
from .registry import REQUIRED, InferenceError, check_dtype, not_differentiable, register_op

_2_64 = 2**64

# The distribution attribute's values, each with how it draws `n` values of `dtype` from
# (key, counter high, counter low) and the bounds a uniform integer draw takes.
_DRAWS = {
    "normal": lambda key, hi, lo, n, dtype: philox.normal(key, hi, lo, n, dtype),
    "uniform": lambda key, hi, lo, n, dtype: philox.uniform(key, hi, lo, n, dtype),
    "truncated_normal": lambda key, hi, lo, n, dtype: philox.truncated_normal(
        key, hi, lo, n, dtype
    ),
    "full_int": lambda key, hi, lo, n, dtype: philox.full_int(key, hi, lo, n, dtype),
}
_FLOATS = (_dt.float16, _dt.float32, _dt.float64)
_FULL_INTS = (_dt.int32, _dt.int64, _dt.uint32, _dt.uint64)


def skipped(state: np.ndarray, values: int) -> np.ndarray:
    """`state` with its 128-bit counter moved on by 256 counters a value (TF's
    RngReadAndSkip), as TF's PhiloxRandom::Skip adds: the count an int64 product (so a
    skip of 2**64 - 1 values goes back 256), added in 32-bit words whose carry out of the
    low word is lost when the count's high word is all ones (TF's skip of -1 leaves the
    counter's high half as it was)."""
    words = [int(w) % _2_64 for w in np.asarray(state).reshape(-1)]
    count = philox.reserved(values) % _2_64
    m = 0xFFFFFFFF
    c = [words[0] & m, words[0] >> 32, words[1] & m, words[1] >> 32]
    count_lo, count_hi = count & m, count >> 32
    c[0] = (c[0] + count_lo) & m
    if c[0] < count_lo:
        count_hi = (count_hi + 1) & m
    c[1] = (c[1] + count_hi) & m
    if c[1] < count_hi:
        c[2] = (c[2] + 1) & m
        if c[2] == 0:
            c[3] = (c[3] + 1) & m
    low, high = c[0] | c[1] << 32, c[2] | c[3] << 32
    return np.array([low, high, words[2]], np.uint64).view(np.int64)


def _infer(shapes, types, attrs):
    if types[0] != _dt.int64 or shapes[0] not in ((3,), None):
        raise InferenceError("INVALID_ATTR", "a Philox generator's state is an int64 vector of 3")
    distribution, dtype = attrs["distribution"], attrs["dtype"]
    if distribution == "uniform_int":
        check_dtype(dtype, "int", "a generator's integer uniform draw")
        if types[1] != dtype or types[2] != dtype:
            raise InferenceError("DTYPE_MISMATCH", "minval and maxval must have the draw's dtype")
    elif distribution == "full_int":
        if dtype not in _FULL_INTS:
            raise InferenceError(
                "DTYPE_MISMATCH", f"uniform_full_int draws (u)int32 or (u)int64, not {dtype.name}"
            )
    elif distribution in _DRAWS:
        if dtype not in _FLOATS:
            raise InferenceError(
                "DTYPE_MISMATCH", f"a generator draws float16, float32 or float64, not {dtype.name}"
            )
    else:
        raise InferenceError("INVALID_ATTR", f"unknown distribution {distribution!r}")
    return [(tuple(attrs["shape"]), dtype)]


@register_op(
    "GeneratorDraw",
    arity=(1, 3),
    infer=_infer,
    stateful=True,
    needs_state=True,  # no side_effects: the output is the draw, not the state (plan.py)
    ref_input=True,
    attrs={
        "distribution": ("str", REQUIRED),
        "shape": ("shape", REQUIRED),
        "dtype": ("dtype", _dt.float32),
    },
)
def _generator_draw(op):
    name = op.inputs[0].op.name
    shape = tuple(op.attrs["shape"])
    n = int(np.prod(shape, dtype=np.int64))
    distribution = op.attrs["distribution"]
    np_dtype = np.dtype(op.attrs["dtype"].as_numpy_dtype)

    def kernel(state, var, *bounds):
        current = np.asarray(state.current(name))
        key, low, high = (int(w) % _2_64 for w in (current[2], current[0], current[1]))
        if distribution == "uniform_int":
            lo, hi = (int(b) for b in bounds)
            if not lo < hi:
                raise error("COMPUTE_ERROR", f"Need minval < maxval, got {lo} >= {hi}")
            values = philox.uniform_int(key, high, low, n, lo, hi, np_dtype)
        else:
            values = _DRAWS[distribution](key, high, low, n, np_dtype)
        state.write(name, skipped(current, n))
        return np.asarray(values, np_dtype).reshape(shape)

    return kernel


def _skip_infer(shapes, types, attrs):
    if types[0] != _dt.int64 or shapes[0] not in ((3,), None):
        raise InferenceError("INVALID_ATTR", "a Philox generator's state is an int64 vector of 3")
    check_dtype(types[1], "int", "a generator's skip")
    if shapes[1] not in ((), None):
        raise InferenceError("SHAPE_MISMATCH", f"delta must be a scalar, got {list(shapes[1])}")
    return [((3,), _dt.int64)]


@register_op(
    "GeneratorSkip",
    arity=2,
    infer=_skip_infer,
    stateful=True,
    needs_state=True,
    ref_input=True,
)
def _generator_skip(op):
    """`Generator.skip(delta)`: the state before, moved on as `delta` values' draw would
    (TF's RngReadAndSkip, its delta cast to uint64: -1 is 2**64 - 1)."""
    name = op.inputs[0].op.name

    def kernel(state, var, delta):
        current = np.asarray(state.current(name))
        state.write(name, skipped(current, int(delta) % _2_64))
        return current.copy()

    return kernel


not_differentiable("GeneratorDraw", "GeneratorSkip")
