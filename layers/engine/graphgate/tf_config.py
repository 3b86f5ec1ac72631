"""`gg.config`: the part of TensorFlow's `tf.config` a TF1 graph-mode program touches —
device listing (graphgate computes on one CPU with numpy), and settings it may set before
building (threads, soft placement, the graph optimizer's), recorded and read back but with
no effect on how graphgate runs. GPU-only calls refuse as TensorFlow does on a device
that is not a GPU; running functions eagerly is refused (graphgate has no eager mode).
"""

from __future__ import annotations

import types
from typing import Any, NamedTuple

from .errors import error


class PhysicalDevice(NamedTuple):
    name: str
    device_type: str


class LogicalDevice(NamedTuple):
    name: str
    device_type: str


class LogicalDeviceConfiguration(NamedTuple):
    memory_limit: Any = None
    experimental_priority: Any = None
    experimental_device_ordinal: Any = None


_CPU = PhysicalDevice("/physical_device:CPU:0", "CPU")
_LOGICAL_CPU = LogicalDevice("/device:CPU:0", "CPU")
_settings: dict[str, Any] = {
    "soft_device_placement": False,
    "inter_op_parallelism_threads": 0,
    "intra_op_parallelism_threads": 0,
    "jit": "",
    "optimizer_options": {"disable_model_pruning": False, "disable_meta_optimizer": False},
}


def _of_type(devices: list, device_type: str | None) -> list:
    return [d for d in devices if device_type is None or d.device_type == device_type.upper()]


def list_physical_devices(device_type: str | None = None) -> list[PhysicalDevice]:
    """The one CPU (no GPU or TPU: graphgate computes with numpy)."""
    return _of_type([_CPU], device_type)


def list_logical_devices(device_type: str | None = None) -> list[LogicalDevice]:
    return _of_type([_LOGICAL_CPU], device_type)


def get_visible_devices(device_type: str | None = None) -> list[PhysicalDevice]:
    return list_physical_devices(device_type)


def set_visible_devices(devices: Any, device_type: str | None = None) -> None:
    """Accepts hiding devices graphgate does not have; the CPU cannot be hidden."""
    devices = [devices] if isinstance(devices, PhysicalDevice) else list(devices)
    if device_type in (None, "CPU") and _CPU not in devices:
        raise error("INVALID_ATTR", "graphgate computes on its CPU; it cannot be hidden")


def get_logical_device_configuration(device: PhysicalDevice):
    return None


def set_logical_device_configuration(device: PhysicalDevice, logical_devices: Any) -> None:
    raise error(
        "UNIMPLEMENTED", "graphgate has one CPU device; it cannot be split into logical ones"
    )


def _gpu_only(what: str):
    def refuse(device: Any, enable: Any = None) -> None:
        # ValueError, as TensorFlow's on a device that is not a GPU.
        raise error("INVALID_ATTR", f"Cannot {what} on non-GPU and non-Pluggable devices")

    return refuse


def get_memory_growth(device: PhysicalDevice):
    # TensorFlow raises KeyError for a device that has no memory-growth setting (its CPU).
    raise KeyError(device)


def get_soft_device_placement() -> bool:
    return _settings["soft_device_placement"]


def set_soft_device_placement(enabled: bool) -> None:
    _settings["soft_device_placement"] = bool(enabled)


def functions_run_eagerly() -> bool:
    return False


def run_functions_eagerly(run_eagerly: bool) -> None:
    if run_eagerly:
        raise error("UNIMPLEMENTED", "graphgate has no eager mode to run functions in")


def _getter(key: str):
    def get():
        return _settings[key]

    return get


# The setters name their parameter as TF's do (programs pass `num_threads=`, `enabled=`).
def _set_inter_op_parallelism_threads(num_threads: int) -> None:
    _settings["inter_op_parallelism_threads"] = num_threads


def _set_intra_op_parallelism_threads(num_threads: int) -> None:
    _settings["intra_op_parallelism_threads"] = num_threads


def _set_jit(enabled: bool) -> None:
    _settings["jit"] = enabled


threading = types.ModuleType("graphgate.config.threading", "Thread counts (recorded only).")
threading.get_inter_op_parallelism_threads = _getter("inter_op_parallelism_threads")
threading.set_inter_op_parallelism_threads = _set_inter_op_parallelism_threads
threading.get_intra_op_parallelism_threads = _getter("intra_op_parallelism_threads")
threading.set_intra_op_parallelism_threads = _set_intra_op_parallelism_threads

optimizer = types.ModuleType("graphgate.config.optimizer", "Graph optimizer settings (recorded).")
optimizer.get_jit, optimizer.set_jit = _getter("jit"), _set_jit
optimizer.get_experimental_options = _getter("optimizer_options")
optimizer.set_experimental_options = lambda options: _settings.update(
    optimizer_options={**_settings["optimizer_options"], **dict(options)}
)


def __getattr__(name: str):
    # Connecting to remote workers is refused where distributed training is (tf_distribute).
    if name in ("experimental_connect_to_cluster", "experimental_connect_to_host"):
        from . import tf_distribute

        return getattr(tf_distribute, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


experimental = types.ModuleType("graphgate.config.experimental", "tf.config.experimental.")
for _name in (
    "list_physical_devices",
    "list_logical_devices",
    "get_visible_devices",
    "set_visible_devices",
    "get_memory_growth",
):
    setattr(experimental, _name, globals()[_name])
experimental.set_memory_growth = _gpu_only("set memory growth")
experimental.set_virtual_device_configuration = set_logical_device_configuration
experimental.get_virtual_device_configuration = get_logical_device_configuration
experimental.VirtualDeviceConfiguration = LogicalDeviceConfiguration

experimental_run_functions_eagerly = run_functions_eagerly
experimental_functions_run_eagerly = functions_run_eagerly

__all__ = [
    "LogicalDevice",
    "LogicalDeviceConfiguration",
    "PhysicalDevice",
    "experimental",
    "experimental_functions_run_eagerly",
    "experimental_run_functions_eagerly",
    "functions_run_eagerly",
    "get_logical_device_configuration",
    "get_soft_device_placement",
    "get_visible_devices",
    "list_logical_devices",
    "list_physical_devices",
    "optimizer",
    "run_functions_eagerly",
    "set_logical_device_configuration",
    "set_soft_device_placement",
    "set_visible_devices",
    "threading",
]
