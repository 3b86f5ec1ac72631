"""TF's GatherV2 kernel with `batch_dims`, in numpy, and its gradient: what a gather
along an axis known only at run time computes (`tf.gather(p, i, axis=<tensor>,
batch_dims=b)`), where the graph cannot be built of transposes around a batched gather
as `array_ops._batch_dims_gather` builds it for an axis known when built."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..errors import error


def batch_dims_checked(params: np.ndarray, indices: np.ndarray, axis: int, batch: int) -> int:
    """`batch` counted from 0 (a negative one from the indices' rank), checked against
    the axis (from 0) and both shapes as TF's kernel checks them (InvalidArgumentError)."""
    irank = indices.ndim
    if batch < 0:
        batch += irank
    if not 0 <= batch <= irank:
        raise error(
            "INVALID_ATTR", f"Expected batch_dims in the range [{-irank}, {irank}], but got {batch}"
        )
    if batch > axis:
        raise error(
            "INVALID_ATTR", f"batch_dims ({batch}) must be less than or equal to axis ({axis})."
        )
    for i in range(batch):
        if params.shape[i] != indices.shape[i]:
            raise error(
                "SHAPE_MISMATCH",
                f"params.shape[{i}]: {params.shape[i]} should be equal to indices.shape[{i}]: "
                f"{indices.shape[i]}",
            )
    return batch


def _layout(pshape: tuple, ishape: tuple, axis: int, batch: int) -> tuple:
    """(batches, axis size, inner size, the gathered shape in kernel order, the
    transpose from kernel order to TF's): the kernel gathers [batches, indices, inner]
    where TF's result is params[:axis] + indices[batch:] + params[axis + 1:]."""
    lead, rest = pshape[:batch], pshape[batch:axis] + pshape[axis + 1 :]
    ni, nm = len(ishape) - batch, axis - batch
    kernel_shape = lead + ishape[batch:] + rest
    order = [
        *range(batch),
        *range(batch + ni, batch + ni + nm),
        *range(batch, batch + ni),
        *range(batch + ni + nm, len(kernel_shape)),
    ]
    return math.prod(lead), pshape[axis], math.prod(rest), kernel_shape, order


def batch_take(params: Any, indices: Any, axis: int, batch: int) -> np.ndarray:
    """TF's `gather(params, indices, axis, batch_dims=batch)` (axis and batch from 0,
    checked): each batch's params indexed by its own indices."""
    params, indices = np.asarray(params), np.asarray(indices)
    k, n, m, kernel_shape, order = _layout(params.shape, indices.shape, axis, batch)
    if indices.size and (indices.min() < 0 or indices.max() >= n):
        raise error(
            "INDEX_OUT_OF_RANGE", f"gather indices must be in [0, {n})", details={"size": n}
        )
    flat = np.moveaxis(params, axis, batch).reshape(k, n, m)
    rows = indices.reshape(k, -1) if k else indices.reshape(0, 0)
    out = flat[np.arange(k)[:, None], rows]
    return out.reshape(kernel_shape).transpose(order)


def batch_take_grad(grad: Any, indices: Any, params: Any, axis: int, batch: int) -> np.ndarray:
    """The gradient of `batch_take` for params: each gathered value's gradient added at
    the place it was read from."""
    pshape, indices = np.shape(params), np.asarray(indices)
    grad = np.asarray(grad)
    k, n, m, _, order = _layout(pshape, indices.shape, axis, batch)
    rows = indices.reshape(k, -1) if k else indices.reshape(0, 0)
    values = grad.transpose(np.argsort(order)).reshape(k, rows.shape[1], m)
    out = np.zeros((k, n, m), grad.dtype)
    np.add.at(out, (np.arange(k)[:, None], rows), values)
    moved = (*pshape[:batch], n, *pshape[batch:axis], *pshape[axis + 1 :])
    return np.moveaxis(out.reshape(moved), batch, axis)
