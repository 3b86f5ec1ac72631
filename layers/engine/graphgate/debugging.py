"""`gg.debugging`: TF1's `tf.debugging` (assertions, `check_numerics`, `Assert`)."""

from typing import Any

from .ops.debug_ops import (
    Assert,
    assert_all_finite,
    assert_equal,
    assert_greater,
    assert_greater_equal,
    assert_integer,
    assert_less,
    assert_less_equal,
    assert_near,
    assert_negative,
    assert_non_negative,
    assert_non_positive,
    assert_none_equal,
    assert_positive,
    assert_rank,
    assert_rank_at_least,
    assert_scalar,
    assert_shapes,
    assert_type,
    check_numerics,
    is_numeric_tensor,
)
from .ops.special_math_ops import (
    is_finite,
    is_inf,
    is_nan,
    is_non_decreasing,
    is_strictly_increasing,
)

__all__ = [
    "Assert",
    "assert_all_finite",
    "assert_equal",
    "assert_greater",
    "assert_greater_equal",
    "assert_integer",
    "assert_less",
    "assert_less_equal",
    "assert_near",
    "assert_negative",
    "assert_non_negative",
    "assert_non_positive",
    "assert_none_equal",
    "assert_positive",
    "assert_proper_iterable",
    "assert_rank",
    "assert_rank_at_least",
    "assert_rank_in",
    "assert_same_float_dtype",
    "assert_scalar",
    "assert_shapes",
    "assert_type",
    "check_numerics",
    "is_finite",
    "is_inf",
    "is_nan",
    "is_non_decreasing",
    "is_numeric_tensor",
    "is_strictly_increasing",
]


def assert_rank_in(x, ranks, data=None, summarize=None, message=None, name=None):
    """ValueError now if the static rank is not one of `ranks`; a no_op otherwise
    (`tf.debugging.assert_rank_in`). An unknown rank is refused (UNKNOWN_RANK): graphgate
    does not check it at run time."""
    from .errors import error
    from .graph import convert_to_tensor
    from .ops.state_ops import no_op

    t = convert_to_tensor(x)
    wanted = [int(r) for r in ranks]
    if t.static_shape is None:
        raise error("UNKNOWN_RANK", "assert_rank_in needs a tensor of known rank")
    if len(t.static_shape) not in wanted:
        raise error(
            "SHAPE_MISMATCH",
            f"{message + '  ' if message else ''}Tensor {t.name} must have rank in "
            f"{tuple(wanted)}. Received rank {len(t.static_shape)}, shape {t.shape}",
        )
    return no_op(name=name or "assert_rank_in")


def assert_same_float_dtype(tensors=None, dtype=None):
    """The one floating dtype of `tensors` (and `dtype`), float32 when none is given;
    ValueError if they differ or are not floating (`tf.debugging.assert_same_float_dtype`)."""
    from . import dtypes as _dt

    found = None if dtype is None else _dt.as_dtype(dtype)
    for t in tensors or []:
        d = _dt.as_dtype(t.dtype)
        if found is not None and d != found:
            raise ValueError(f"{getattr(t, 'name', t)}, type={d.name}: expected type {found.name}.")
        found = d
    if found is None:
        return _dt.float32
    if found not in _dt.FLOATS:
        raise ValueError(f"Expected floating point type, got {found.name}.")
    return found


def assert_proper_iterable(values: Any) -> None:
    """TypeError unless `values` is an iterable that is not a tensor, an array or text
    (those iterate, but not as a list of values), as TF's."""
    import numpy as np

    from .graph import Tensor
    from .sparse_tensor import SparseTensor

    if isinstance(values, Tensor | SparseTensor | np.ndarray | bytes | str):
        raise TypeError(
            f'Expected argument "values" to be a "proper" iterable.  Found: {type(values)}'
        )
    if not hasattr(values, "__iter__"):
        raise TypeError(f'Expected argument "values" to be iterable.  Found: {type(values)}')
