"""`tf.raw_ops`' stateful random ops (see raw_ops.py), built as the public functions
build them but with the op's `seed` and `seed2` as given: TF's raw op takes no graph
seed, and (0, 0) draws fresh seeds per session, which graphgate's kernels do too. The
values are TF's Philox stream's for the same seeds.
"""

from __future__ import annotations

import operator
from typing import Any

from . import dtypes as _dt
from .graph import as_tensors
from .raw_op_attrs import dtype_in, named, op_alone, unimplemented

_FLOATS = (_dt.float16, _dt.float32, _dt.float64)


def _seeds(seed: Any, seed2: Any) -> tuple[int, int]:
    return operator.index(seed), operator.index(seed2)


def _random(op_type: str) -> Any:
    def raw_op(*, shape, dtype, seed=0, seed2=0, name=None):
        from .ops.random_ops import _random as build

        dtype = dtype_in(op_type, "dtype", dtype, _FLOATS)
        return build(op_type, shape, dtype, None, name or op_type, seeds=_seeds(seed, seed2))

    return named(op_type, raw_op)


def RandomShuffle(*, value, seed=0, seed2=0, name=None):
    seed, seed2 = _seeds(seed, seed2)
    return op_alone("RandomShuffle", (value,), {"seed": seed, "seed2": seed2}, name)


def _stateless_shape(op_type: str, shape: Any) -> list[int]:
    from .ops.shape_values import static_ints

    known = static_ints(shape)
    if known is None:  # graphgate's stateless ops take their shape as an attribute
        raise unimplemented(op_type, "a shape computed when run")
    return list(known)


def _stateless(op_type: str) -> Any:
    def raw_op(*, shape, seed, dtype=_dt.float32, name=None):
        dtype = dtype_in(op_type, "dtype", dtype, _FLOATS)
        attrs = {"shape": _stateless_shape(op_type, shape), "dtype": dtype}
        return op_alone(op_type, (seed,), attrs, name)

    return named(op_type, raw_op)


def StatelessRandomUniformInt(*, shape, seed, minval, maxval, name=None):
    op = "StatelessRandomUniformInt"
    _, (low, high) = as_tensors(minval, maxval)
    attrs = {"shape": _stateless_shape(op, shape), "dtype": low.dtype}
    return op_alone(op, (seed, low, high), attrs, name)


def _each(*values: Any) -> tuple:
    """Each input converted by itself (a seed of ints beside rates of floats)."""
    return tuple(as_tensors(v)[1][0] for v in values)


def StatelessRandomGammaV2(*, shape, seed, alpha, name=None):
    op = "StatelessRandomGammaV2"
    return op_alone(op, _each(seed, alpha), {"shape": _stateless_shape(op, shape)}, name)


def StatelessRandomPoisson(*, shape, seed, lam, dtype, name=None):
    op = "StatelessRandomPoisson"
    attrs = {"shape": _stateless_shape(op, shape), "dtype": _dt.as_dtype(dtype)}
    return op_alone(op, _each(seed, lam), attrs, name)


_BUILT = {
    **{op: _random(op) for op in ("RandomUniform", "RandomStandardNormal", "TruncatedNormal")},
    **{
        op: _stateless(op)
        for op in ("StatelessRandomUniform", "StatelessRandomNormal", "StatelessTruncatedNormal")
    },
}
NAMES = [
    "RandomShuffle",
    "StatelessRandomUniformInt",
    "StatelessRandomGammaV2",
    "StatelessRandomPoisson",
]
for _name in NAMES:
    named(_name, globals()[_name])
globals().update(_BUILT)
NAMES += list(_BUILT)
