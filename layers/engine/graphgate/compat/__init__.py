"""`gg.compat`: TensorFlow's `tf.compat`, so TF1 programs written for TF 2's compatibility
layer run unchanged. `compat.v1` is the graphgate namespace itself (graphgate is TF1's
graph mode), so `import graphgate.compat.v1 as tf` and `tf.compat.v1.placeholder` both
reach `gg.placeholder`. Also here: TF1's behaviour switches (`disable_v2_behavior`,
`disable_eager_execution`, ...), no-ops where graphgate already behaves as asked."""

from __future__ import annotations

import os
import sys
import types
from typing import Any

import graphgate as v1

from ..errors import error
from ..graph import dimension_value
from ..ops import state_ops as _state_ops

# Registered under its dotted name so `import graphgate.compat.v1` finds the module without
# a file of its own (a file would be a second namespace to keep in step with the first).
sys.modules[__name__ + ".v1"] = v1

# The TensorFlow API level graphgate imitates, for programs that branch on `tf.VERSION` or
# `tf.version.VERSION`. `gg.__version__` stays graphgate's own release (it names the
# package, and the benchmarks print it); docs/engine.md says so.
VERSION = "1.15.0"
version = types.SimpleNamespace(
    VERSION=VERSION,
    GIT_VERSION="graphgate",
    COMPILER_VERSION="",
    GRAPH_DEF_VERSION=0,
    GRAPH_DEF_VERSION_MIN_CONSUMER=0,
    GRAPH_DEF_VERSION_MIN_PRODUCER=0,
)

bytes_or_text_types = (bytes, str)
integral_types = (int,)
real_types = (int, float)
complex_types = (int, float, complex)


def as_bytes(bytes_or_text: Any, encoding: str = "utf-8") -> bytes:
    """`tf.compat.as_bytes`: text encoded, bytes as they are."""
    if isinstance(bytes_or_text, bytearray):
        return bytes(bytes_or_text)
    if isinstance(bytes_or_text, str):
        return bytes_or_text.encode(encoding)
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text
    raise TypeError(f"Expected binary or unicode string, got {bytes_or_text!r}")


def as_text(bytes_or_text: Any, encoding: str = "utf-8") -> str:
    """`tf.compat.as_text`: bytes decoded, text as it is."""
    if isinstance(bytes_or_text, str):
        return bytes_or_text
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text.decode(encoding)
    raise TypeError(f"Expected binary or unicode string, got {bytes_or_text!r}")


as_str = as_text


def as_str_any(value: Any, encoding: str = "utf-8") -> str:
    return as_str(value, encoding) if isinstance(value, bytes) else str(value)


def path_to_str(path: Any) -> Any:
    return os.fspath(path) if isinstance(path, os.PathLike) else path


def dimension_at_index(shape: Any, index: int) -> Any:
    """The `Dimension` at `index` of a `TensorShape` (unknown if the rank is)."""
    from ..graph import Dimension, TensorShape

    shape = TensorShape(shape)
    if shape.ndims is None:
        return Dimension(None)
    return shape.dims[index]


# -- behaviour switches --------------------------------------------------------------------
# graphgate is TF1 graph mode with TF1 shapes and reference-free variables: the switches to
# that behaviour are no-ops; the ones that would leave it are refused rather than ignored,
# since a program that asked for eager execution would otherwise misread every result.


def disable_v2_behavior() -> None:
    """TF1 behaviour: what graphgate always has."""


def disable_eager_execution() -> None:
    """Graph mode: what graphgate always has."""


def disable_v2_tensorshape() -> None:
    """TF1 shapes (`shape[i]` a `Dimension` with `.value`): what graphgate always has."""


def disable_resource_variables() -> None:
    """Variables made without `use_resource` are TF1 ref variables (the default)."""
    _state_ops.RESOURCE_DEFAULT[0] = False


def enable_resource_variables() -> None:
    """Variables made without `use_resource` are resource variables: a read is the value
    when it runs, never a buffer a later update overwrites (ref_reads.py)."""
    _state_ops.RESOURCE_DEFAULT[0] = True


def disable_control_flow_v2() -> None:
    """Accepted: `cond` and `while_loop` are graphgate's own either way."""


def enable_control_flow_v2() -> None:
    """Accepted: TF 2's `cond`/`while_loop` (If/While ops) compute what TF1's do, and
    graphgate's are TF1's kind either way (`control_flow_v2_enabled()` says so: False)."""


def disable_tensor_equality() -> None:
    """TF1's Tensor `==` (identity, tensors hashable): what graphgate always has."""


def enable_tensor_equality() -> None:
    """Refused: TF 2's elementwise Tensor `==` (and unhashable tensors) would change what
    every `t1 == t2` in the program means; graphgate's tensors compare by identity."""
    raise error(
        "UNIMPLEMENTED",
        "enable_tensor_equality: graphgate's tensors compare by identity, as TF1's "
        "(use tf.equal for elementwise equality)",
    )


def enable_v2_tensorshape() -> None:
    """Refused: TF 2's shapes (`shape[i]` an int or None) would change what every shape
    index in the program reads; graphgate's are TF1's (`Dimension`)."""
    raise error(
        "UNIMPLEMENTED",
        "enable_v2_tensorshape: graphgate's TensorShape is TF1's (shape[i] is a Dimension, "
        "read its .value or use tf.compat.dimension_value)",
    )


def executing_eagerly() -> bool:
    """False: graphgate builds graphs and runs them in sessions (TF1's default)."""
    return False


def _no_eager(what: str) -> None:
    raise error(
        "UNIMPLEMENTED",
        f"{what}: graphgate runs TensorFlow 1.x graph mode only (build a graph and run it "
        "in a gg.Session)",
    )


def enable_eager_execution(config: Any = None, device_policy: Any = None, **_: Any) -> None:
    """Refused: graphgate has no eager mode."""
    _no_eager("enable_eager_execution")


def enable_v2_behavior() -> None:
    """Refused: TF 2 behaviour is eager execution, which graphgate does not have."""
    _no_eager("enable_v2_behavior")


__all__ = [
    "as_bytes",
    "as_str",
    "as_str_any",
    "as_text",
    "bytes_or_text_types",
    "complex_types",
    "dimension_at_index",
    "dimension_value",
    "integral_types",
    "path_to_str",
    "real_types",
    "v1",
]


# -- queries of the switches above (h-tfapp) -------------------------------------------------


def control_flow_v2_enabled() -> bool:
    """False: graphgate's `cond` and `while_loop` are TF1's kind (TF 1.15's default)."""
    return False


def resource_variables_enabled() -> bool:
    """Whether `enable_resource_variables()` was called (False, TF 1.15's default)."""
    return _state_ops.RESOURCE_DEFAULT[0]


def executing_eagerly_outside_functions() -> bool:
    """False: graphgate is graph mode everywhere."""
    return False


__all__ += [
    "control_flow_v2_enabled",
    "executing_eagerly_outside_functions",
    "resource_variables_enabled",
]
