"""`tf.saved_model.utils`: a tensor to its `TensorInfo` and back."""

from __future__ import annotations

from typing import Any

from ..errors import error
from ..graph import Graph, Tensor, get_default_graph
from ..meta_graph import TensorInfo


def build_tensor_info(tensor: Any) -> TensorInfo:
    """The `TensorInfo` of a graph tensor: its name, dtype enum and static shape (-1 for an
    unknown dimension, `unknown_rank` for an unknown rank).

    Raises
    ------
    GraphgateError
        INVALID_SIGNATURE (a ValueError) when `tensor` is not a graph tensor; TF fails
        there with an AttributeError on the missing `dtype`.
    """
    if not isinstance(tensor, Tensor):
        raise error(
            "INVALID_SIGNATURE",
            f"build_tensor_info takes a graph tensor, not {type(tensor).__name__}",
        )
    static = tensor.static_shape
    dims = None if static is None else [-1 if d is None else int(d) for d in static]
    return TensorInfo(tensor.name, tensor.dtype.as_datatype_enum, dims)


def get_tensor_from_tensor_info(
    tensor_info: TensorInfo, graph: Graph | None = None, import_scope: str | None = None
) -> Tensor:
    """The tensor a `TensorInfo` names, in `graph` (the default one), under `import_scope`."""
    graph = graph or get_default_graph()
    prefix = import_scope + "/" if import_scope else ""
    return graph.get_tensor_by_name(prefix + tensor_info.name)


__all__ = ["build_tensor_info", "get_tensor_from_tensor_info"]
