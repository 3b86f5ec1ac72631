"""TF1's small training helpers: `assert_global_step` and `basic_train_loop`."""

from __future__ import annotations

from typing import Any

from ..errors import AbortedError
from ..graph import Tensor
from ..ops.state_ops import Variable


def assert_global_step(global_step_tensor: Any) -> None:
    """TypeError (TF's messages) unless a scalar integer Variable or Tensor."""
    if not isinstance(global_step_tensor, Variable | Tensor):
        raise TypeError(
            f'Existing "global_step" must be a Variable or Tensor: {global_step_tensor}.'
        )
    dtype = global_step_tensor.dtype
    if not getattr(dtype, "is_integer", False):
        raise TypeError(f'Existing "global_step" does not have integer type: {dtype}')
    shape = global_step_tensor.get_shape()
    if shape.ndims != 0 and shape.is_fully_defined():
        raise TypeError(f'Existing "global_step" is not scalar: {shape}')


def basic_train_loop(
    supervisor: Any, train_step_fn: Any, args: Any = None, kwargs: Any = None, master: str = ""
) -> None:
    """Call `train_step_fn(sess, *args, **kwargs)` until the supervisor says stop, in a
    managed session; an `AbortedError` starts a new session, as TF's loop does."""
    args, kwargs = list(args or []), dict(kwargs or {})
    while True:
        try:
            with supervisor.managed_session(master) as sess:
                while not supervisor.should_stop():
                    train_step_fn(sess, *args, **kwargs)
            return
        except AbortedError:
            continue


__all__ = ["assert_global_step", "basic_train_loop"]
