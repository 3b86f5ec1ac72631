"""What TF's generated op wrappers return for an op with several outputs: a namedtuple
class named for the op with its output arguments as fields (`gen_image_ops`'
`CombinedNonMaxSuppression(nmsed_boxes, nmsed_scores, nmsed_classes, valid_detections)`),
so that code reading `.nmsed_boxes` or `.argmax` runs. One class per op type, as TF's."""

from __future__ import annotations

import collections
import functools
from typing import Any

from .tf_op_outputs import OUTPUT_ARGS


@functools.cache
def result_type(op_type: str) -> type:
    """The namedtuple class of `op_type`'s outputs (TF's field names)."""
    return collections.namedtuple(op_type, OUTPUT_ARGS[op_type])


def __getattr__(name: str) -> type:
    # Each class found by its name here, so that a fetched result pickles (a session's
    # answer sent to another process), as the plain tuples these were before did.
    if name in OUTPUT_ARGS:
        return result_type(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def op_result(op: Any) -> tuple:
    """`op`'s outputs as its type's namedtuple."""
    return result_type(op.type)(*op.outputs)
