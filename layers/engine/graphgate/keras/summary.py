"""`model.summary()`: the table Keras 2 (tf_keras) prints, column for column."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any


def _print_row(fields: list, positions: list, print_fn: Callable) -> None:
    """Keras' row printer: each field cut to its column, long fields wrapped at `),` and
    the like onto following lines."""
    left = [str(x) for x in fields]
    while any(left):
        line = ""
        for col in range(len(left)):
            start = positions[col - 1] if col > 0 else 0
            last = col == len(positions) - 1
            space = 0 if last else 2
            cutoff = positions[col] - start - space - (0 if last else 1)
            fit = left[col][:cutoff]
            cuts = [fit.find(x) + len(x) for x in ("),", "},", "],", "',") if fit.find(x) >= 0]
            if cuts:
                cutoff = min(cuts)
                fit = fit[:cutoff]
            if col == 0:
                line += " "
            line += fit + " " * space
            left[col] = left[col][cutoff:]
            line += " " * (positions[col] - len(line))
        print_fn(line)


def _readable(size: float) -> str:
    for unit in ("Byte", "KB", "MB", "GB", "TB", "PB"):
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} PB"


def _sizes(weights: list) -> tuple[int, int]:
    unique = {id(w): w for w in weights}.values()
    count = sum(math.prod(w.static_shape) for w in unique)
    return count, sum(math.prod(w.static_shape) * w.dtype.size for w in unique)


def _output_shape(layer: Any) -> Any:
    try:
        return layer.output_shape
    except AttributeError:
        return "multiple"


def _connections(layer: Any) -> list[str]:
    out = []
    for node in layer._inbound_nodes:
        for entry in node.inbound:
            if entry is not None:
                out.append(f"{entry[0].name}[{entry[1]}][{entry[2]}]")
    return out


def print_summary(
    model: Any,
    line_length: int | None = None,
    positions: Any = None,
    print_fn: Callable | None = None,
) -> None:
    print_fn = print_fn or print
    sequential = model._sequential_like()
    if sequential:
        line_length = line_length or 65
        positions = positions or [0.45, 0.85, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #"]
    else:
        line_length = line_length or 98
        positions = positions or [0.3, 0.6, 0.70, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
    if positions[-1] <= 1:
        positions = [int(line_length * p) for p in positions]
    print_fn(f'Model: "{model.name}"')
    print_fn("_" * line_length)
    _print_row(header, positions, print_fn)
    print_fn("=" * line_length)
    for layer in model.layers:
        params = layer.count_params() if layer.built else "0 (unused)"
        # A subclassed model's layers are not a graph Keras can read shapes from.
        shape = _output_shape(layer) if model._is_graph_network else "multiple"
        fields = [f"{layer.name} ({type(layer).__name__})", shape, params]
        if not sequential:
            fields.append(_connections(layer))
        _print_row(fields, positions, print_fn)
        print_fn(" " * line_length)
    print_fn("=" * line_length)
    trainable, trainable_bytes = _sizes(model.trainable_weights)
    frozen, frozen_bytes = _sizes(model.non_trainable_weights)
    print_fn(f"Total params: {trainable + frozen} ({_readable(trainable_bytes + frozen_bytes)})")
    print_fn(f"Trainable params: {trainable} ({_readable(trainable_bytes)})")
    print_fn(f"Non-trainable params: {frozen} ({_readable(frozen_bytes)})")
    print_fn("_" * line_length)
