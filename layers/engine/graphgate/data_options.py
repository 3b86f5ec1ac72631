"""`tf.data.Options`: a dataset's options, as TF 2.21's `compat.v1` spells them.

`Dataset.with_options(options)` records them in an `OptionsDataset` node (its
`serialized_options` attribute holds the fields set, as JSON), and `Dataset.options()`
merges those of the dataset and its inputs, the later ones winning, as TF's. None changes
what graphgate computes: its pipelines already yield TF's deterministic order one element
at a time, so threading, autotuning, optimization and sharding settings are recorded only.
"""

from __future__ import annotations

import enum
import json
from typing import Any, ClassVar


class AutoShardPolicy(enum.IntEnum):
    """How a distributed dataset is sharded (recorded: graphgate has one worker)."""

    OFF = -1
    AUTO = 0
    FILE = 1
    DATA = 2
    HINT = 3


class _Group:
    """A group of options (TF's OptionsBase): known fields, None until set; a field it
    lacks is AttributeError and a value of the wrong type TypeError, as TF's."""

    FIELDS: ClassVar[dict[str, Any]] = {}  # name: type a value must be (None: any)
    GROUPS: ClassVar[dict[str, type]] = {}  # name: nested group
    ALIASES: ClassVar[dict[str, str]] = {}
    DEFAULTS: ClassVar[dict[str, Any]] = {}

    def __init__(self) -> None:
        values = {name: self.DEFAULTS.get(name) for name in self.FIELDS}
        values.update({name: group() for name, group in self.GROUPS.items()})
        object.__setattr__(self, "_values", values)

    def __getattr__(self, name: str) -> Any:
        values = self.__dict__["_values"]
        name = self.ALIASES.get(name, name)
        if name in values:
            return values[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        name = self.ALIASES.get(name, name)
        if name not in self.FIELDS:
            raise AttributeError(f"Cannot set the property {name} on {type(self).__name__}.")
        kind = self.FIELDS[name]
        if value is not None and kind is not None and not isinstance(value, kind):
            raise TypeError(
                f'Property "{name}" must be of type {kind}, got: {value!r} (type: {type(value)})'
            )
        self._values[name] = value

    def __dir__(self) -> list[str]:
        return sorted([*self.FIELDS, *self.GROUPS, *self.ALIASES, "merge"])

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self._values == other._values

    __hash__ = None  # type: ignore[assignment]

    def _set(self) -> dict:
        """The fields set (nested groups' too), as plain data."""
        out: dict = {}
        for name, value in self._values.items():
            if isinstance(value, _Group):
                nested = value._set()
                if nested:
                    out[name] = nested
            elif value is not None and value != self.DEFAULTS.get(name):
                out[name] = int(value) if isinstance(value, enum.Enum) else value
        return out

    def _update(self, fields: dict) -> None:
        for name, value in fields.items():
            if name in self.GROUPS:
                self._values[name]._update(value)
            else:
                kind = self.FIELDS[name]
                is_enum = isinstance(kind, type) and issubclass(kind, enum.Enum)
                self._values[name] = kind(value) if is_enum else value

    def merge(self, options: Any) -> Any:
        """These options with `options`' set fields over them (TF's `merge`)."""
        merged = type(self)()
        merged._update(self._set())
        merged._update(options._set())
        return merged


class AutotuneOptions(_Group):
    FIELDS: ClassVar[dict[str, Any]] = {
        "autotune_algorithm": None,
        "cpu_budget": int,
        "enabled": bool,
        "initial_parallelism": int,
        "min_parallelism": int,
        "ram_budget": int,
    }


class DistributeOptions(_Group):
    FIELDS: ClassVar[dict[str, Any]] = {"auto_shard_policy": AutoShardPolicy, "num_devices": int}
    DEFAULTS: ClassVar[dict[str, Any]] = {"auto_shard_policy": AutoShardPolicy.AUTO}


class OptimizationOptions(_Group):
    FIELDS: ClassVar[dict[str, Any]] = dict.fromkeys(
        (
            "apply_default_optimizations",
            "filter_fusion",
            "filter_parallelization",
            "inject_prefetch",
            "map_and_batch_fusion",
            "map_and_filter_fusion",
            "map_fusion",
            "map_parallelization",
            "noop_elimination",
            "parallel_batch",
            "seq_interleave_prefetch",
            "shuffle_and_repeat_fusion",
        ),
        bool,
    )


class ThreadingOptions(_Group):
    FIELDS: ClassVar[dict[str, Any]] = dict.fromkeys(
        ("max_intra_op_parallelism", "private_threadpool_size"), int
    )


class ServiceOptions(_Group):
    FIELDS: ClassVar[dict[str, Any]] = {"pinned": bool}


class Options(_Group):
    """TF's `tf.data.Options`."""

    FIELDS: ClassVar[dict[str, Any]] = {
        "dataset_name": str,
        "deterministic": bool,
        "experimental_external_state_policy": None,
        "experimental_slack": bool,
        "experimental_symbolic_checkpoint": bool,
        "experimental_warm_start": bool,
        "framework_type": None,
    }
    GROUPS: ClassVar[dict[str, type]] = {
        "autotune": AutotuneOptions,
        "experimental_distribute": DistributeOptions,
        "experimental_optimization": OptimizationOptions,
        "experimental_service": ServiceOptions,
        "threading": ThreadingOptions,
    }
    ALIASES: ClassVar[dict[str, str]] = {
        "experimental_deterministic": "deterministic",
        "experimental_threading": "threading",
    }


def serialized(options: Options) -> str:
    """The attribute an OptionsDataset node keeps."""
    if not isinstance(options, Options):
        raise TypeError(f"with_options takes a tf.data.Options, not {type(options).__name__}")
    return json.dumps(options._set(), sort_keys=True)


def merged(nodes: list) -> Options:
    """The options of OptionsDataset nodes, in pipeline order (the later ones win)."""
    options = Options()
    for node in nodes:
        options._update(json.loads(node.attrs["serialized_options"] or "{}"))
    return options


__all__ = [
    "AutoShardPolicy",
    "AutotuneOptions",
    "DistributeOptions",
    "OptimizationOptions",
    "Options",
    "ThreadingOptions",
]
