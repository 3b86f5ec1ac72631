"""TF1's top-level one-liners that belong to no op family: regularizer and logger lookups,
argument converters, a collection, the version constants, the distributed variables' enums
(taken and ignored), and two small
composites (`switch_case` over `cond`, `tf.linalg.normalize` over `norm`)."""

from __future__ import annotations

import contextlib
import enum
import functools
import logging
from typing import Any

from . import dtypes as _dt
from .compat import version as _version
from .errors import error
from .graph import convert_to_tensor, get_collection, name_scope

COMPILER_VERSION = _version.COMPILER_VERSION
GIT_VERSION = _version.GIT_VERSION
GRAPH_DEF_VERSION = _version.GRAPH_DEF_VERSION
GRAPH_DEF_VERSION_MIN_CONSUMER = _version.GRAPH_DEF_VERSION_MIN_CONSUMER
GRAPH_DEF_VERSION_MIN_PRODUCER = _version.GRAPH_DEF_VERSION_MIN_PRODUCER


class VariableAggregation(enum.Enum):
    """How a distributed variable combines its replicas' updates (TF1's values). graphgate
    runs one replica: `tf.Variable`/`get_variable` take it and ignore it, as TF does there."""

    NONE = 0
    SUM = 1
    MEAN = 2
    ONLY_FIRST_REPLICA = 3
    ONLY_FIRST_TOWER = 3


class VariableSynchronization(enum.Enum):
    """When a distributed variable's replicas agree (TF's values); taken and ignored, as
    `VariableAggregation`."""

    AUTO = 0
    NONE = 1
    ON_WRITE = 2
    ON_READ = 3


def no_regularizer(_: Any) -> None:
    """The regularizer that adds nothing (`get_variable(regularizer=tf.no_regularizer)`)."""
    return None


def get_logger() -> logging.Logger:
    """The `tensorflow` logger, as TF's (handlers and levels are the program's to set)."""
    return logging.getLogger("tensorflow")


def convert_to_tensor_or_sparse_tensor(value: Any, dtype: Any = None, name: Any = None):
    """A SparseTensor (or SparseTensorValue) as a SparseTensor, anything else a Tensor."""
    from .sparse_tensor import SparseTensor, SparseTensorValue

    if isinstance(value, SparseTensorValue):
        value = SparseTensor(*value)
    if isinstance(value, SparseTensor):
        if dtype is not None and _dt.as_dtype(dtype) != value.dtype:
            raise error(
                "DTYPE_MISMATCH",
                f"Sparse dtype mismatch: requested {_dt.as_dtype(dtype).name}, got "
                f"{value.dtype.name}",
            )
        return value
    return convert_to_tensor(value, dtype=dtype, name=name)


def convert_to_tensor_or_indexed_slices(value: Any, dtype: Any = None, name: Any = None):
    """An IndexedSlices as it is, anything else a Tensor."""
    from .indexed_slices import IndexedSlices

    if isinstance(value, IndexedSlices):
        return value
    return convert_to_tensor(value, dtype=dtype, name=name)


def moving_average_variables(scope: str | None = None) -> list:
    """The variables an `ExponentialMovingAverage` keeps averages of."""
    return get_collection("moving_average_variables", scope)


def switch_case(branch_index: Any, branch_fns: Any, default: Any = None, name: str = "switch_case"):
    """Run `branch_fns[branch_index]` (a list, or a dict / pairs keyed by int); an index
    outside them runs `default`, or the last branch when there is none, as TF's."""
    from .ops.control_flow_ops import cond
    from .ops.math_ops import equal

    if isinstance(branch_fns, dict):
        pairs = sorted(branch_fns.items())
    else:
        branch_fns = list(branch_fns)
        pairs = (
            branch_fns
            if branch_fns and isinstance(branch_fns[0], tuple)
            else list(enumerate(branch_fns))
        )
    keys = [k for k, _ in pairs]
    if not pairs or keys != list(range(len(keys))):
        raise error(
            "INVALID_ATTR",
            f"branch indices (keys) must be 0..{len(keys) - 1} in order, got {keys}",
        )
    fallback = default if default is not None else pairs[-1][1]
    with name_scope(name):
        index = convert_to_tensor(branch_index, dtype=_dt.int32, name="branch_index")
        if index.static_shape not in (None, ()):
            raise error("SHAPE_MISMATCH", "branch_index must be a scalar")
        chain = fallback
        for key, fn in reversed(pairs):
            chain = _branch(cond, equal, index, key, fn, chain)
        return chain()


def _branch(cond, equal, index, key, fn, otherwise):
    return lambda: cond(equal(index, key), fn, otherwise)


def linalg_normalize(tensor: Any, ord: Any = "euclidean", axis: Any = None, name: Any = None):
    """`tf.linalg.normalize`: (`tensor` / its norm, the norm kept as dims), as TF's."""
    from .ops.linalg_ops import norm
    from .ops.math_ops import cast

    with name_scope(name, "normalize"):
        tensor = convert_to_tensor(tensor)
        value = cast(norm(tensor, ord, axis, keepdims=True), tensor.dtype)
        return tensor / value, value


# -- TF1's older spellings and graph-placement contexts ------------------------------------------


@contextlib.contextmanager
def colocate_with(op: Any, ignore_existing: bool = False):
    """Placement next to `op`: graphgate computes in one place, so nothing to do."""
    yield


@contextlib.contextmanager
def container(container_name: str):
    """A resource container for stateful ops: graphgate keeps variables per session, so
    the name changes nothing."""
    yield container_name


@contextlib.contextmanager
def op_scope(values: Any, name: Any, default_name: Any = None):
    """TF1's older `name_scope(name, default_name, values)` (arguments reordered)."""
    with name_scope(name, default_name, values) as scope:
        yield scope


@contextlib.contextmanager
def variable_op_scope(values: Any, name_or_scope: Any, default_name: Any = None, **kwargs: Any):
    """TF1's older `variable_scope(name_or_scope, default_name, values, ...)`."""
    from .variable_scope import variable_scope

    with variable_scope(name_or_scope, default_name, values, **kwargs) as scope:
        yield scope


def grad_pass_through(f: Any):
    """`f` forward, the identity backward: each argument's gradient is the output's; the
    variables `f` reads (`x.assign`) get none, as TF's."""
    from .gradients_impl import custom_gradient

    @custom_gradient
    def passed(*args: Any):
        def grad(*dys: Any, variables: Any = None):
            arg_grads = dys if len(dys) > 1 else dys[0]
            return arg_grads if variables is None else (arg_grads, [None] * len(variables))

        return f(*args), grad

    return functools.wraps(f)(passed)


def recompute_grad(f: Any):
    """TF recomputes `f` in the backward pass to save memory; values and gradients are
    `f`'s either way, and graphgate keeps what a run computes, so `f` itself."""
    return f


def add_check_numerics_ops():
    """A `check_numerics` on every floating output of the default graph, chained by control
    dependencies as TF1's, grouped into one op to run; graphs with `cond`/`while_loop`
    refused (ValueError), as TF refuses them."""
    from .graph import control_dependencies, get_default_graph
    from .ops.debug_ops import check_numerics
    from .ops.state_ops import group
    from .plan import SUBGRAPH_KERNELS

    checks: list = []
    for op in list(get_default_graph().get_operations()):
        if op.type in SUBGRAPH_KERNELS:
            raise error(
                "INVALID_CONTROL_FLOW",
                "`tf.add_check_numerics_ops() is not compatible with TensorFlow control flow "
                "operations such as `tf.cond()` or `tf.while_loop()`.",
            )
        for output in op.outputs:
            if output.dtype in _dt.FLOATS:
                with control_dependencies(checks):
                    checks = [check_numerics(output, message=f"{op.name}:{output.value_index}")]
    return group(*checks)


__all__ = [
    "COMPILER_VERSION",
    "GIT_VERSION",
    "GRAPH_DEF_VERSION",
    "GRAPH_DEF_VERSION_MIN_CONSUMER",
    "GRAPH_DEF_VERSION_MIN_PRODUCER",
    "add_check_numerics_ops",
    "colocate_with",
    "container",
    "convert_to_tensor_or_indexed_slices",
    "convert_to_tensor_or_sparse_tensor",
    "get_logger",
    "grad_pass_through",
    "moving_average_variables",
    "no_regularizer",
    "op_scope",
    "recompute_grad",
    "switch_case",
    "variable_op_scope",
]
