"""Which placeholders some outputs are computed from: the inputs an exported model (an
ONNX model, a SavedModel's signature) has when its caller names none."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def placeholders_needed(outputs: Iterable[Any], fed: Iterable[str] = ()) -> list[Any]:
    """The `Placeholder`s (not those with defaults) the `outputs` are computed from, short
    of the tensors named in `fed` (a fed tensor's inputs are not computed), in the order
    the graph made them (an ONNX model's inputs are positional). A training graph's
    labels, which only its loss reads, are not among a prediction's."""
    fed = set(fed)
    seen: set[str] = set()
    # An operation among the outputs (which an exporter then refuses) is walked as its op.
    stack, found = [getattr(t, "op", t) for t in outputs if t.name not in fed], []
    while stack:
        op = stack.pop()
        if op.name in seen:
            continue
        seen.add(op.name)
        if op.type == "Placeholder":
            found.append(op.outputs[0])
        stack += [t.op for t in op.inputs if t.name not in fed] + list(op.control_inputs)
    return sorted(found, key=lambda t: t.op.index)
