"""`tf.keras.applications`: refused. The pretrained networks download their weights, and
their architectures are not written in graphgate; build the network from layers."""

from __future__ import annotations

from typing import Any

from ..errors import error


def __getattr__(name: str) -> Any:
    if name.startswith("__"):
        raise AttributeError(name)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise error(
            "UNIMPLEMENTED",
            f"tf.keras.applications.{name} is not available in graphgate (its weights "
            "download, its architecture is not written); build the network from layers",
        )

    return refuse
