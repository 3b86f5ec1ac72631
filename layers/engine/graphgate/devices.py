"""TF1's device strings: what `tf.device` blocks and device functions put on an op.

graphgate computes every op in one process on its CPU, so a device is a label only — the
one TF1 would give the op, for programs that read `op.device` or `tensor.device` (TF's
guide prints them). The rules are TF's `DeviceSpec`: a spec is `/job:J/replica:R/task:T/
device:TYPE:INDEX`, any part left out; `/gpu:1` is `/device:GPU:1`; inner blocks win over
outer ones field by field (`make_merged_spec`), and `tf.device(None)` clears what the
blocks around it set.
"""

from __future__ import annotations

from typing import Any

_TYPES = frozenset(("CPU", "GPU", "TPU"))


def parse(spec: str | None) -> tuple:
    """(job, replica, task, device_type, device_index) of a device string, None for each
    part it leaves out; ValueError for a part TF's DeviceSpec does not know, as TF's."""
    job = replica = task = device_type = index = None
    spec = spec or ""
    for y in (x.split(":") for x in spec.split("/")):
        n = len(y)
        if n == 2 and y[0] in ("job", "replica", "task"):
            job, replica, task = (
                y[1] if y[0] == "job" else job,
                y[1] if y[0] == "replica" else replica,
                y[1] if y[0] == "task" else task,
            )
        elif (n in (1, 2) and y[0].upper() in _TYPES) or (n == 3 and y[0] == "device"):
            if device_type is not None:
                raise ValueError(
                    f"Multiple device types are not allowed while parsing the device spec: {spec}."
                )
            device_type = y[0].upper() if n < 3 else y[1]
            last = y[-1] if n > 1 else "*"
            index = None if last == "*" else int(last)
        elif n and y[0] != "":
            raise ValueError(
                f"Unknown attribute '{y[0]}' is encountered while parsing the device spec: "
                f"'{spec}'."
            )
    return job, replica, task, device_type, index


def to_string(parts: tuple) -> str:
    job, replica, task, device_type, index = parts
    out = "" if job is None else f"/job:{job}"
    out += "" if replica is None else f"/replica:{replica}"
    out += "" if task is None else f"/task:{task}"
    if device_type is not None:
        out += f"/device:{device_type}:{'*' if index is None else index}"
    return out


def merge(spec: str, current: str) -> str:
    """`spec` with the parts `current` sets put over it (TF's `make_merged_spec`: an op's
    device from an inner block keeps precedence over an outer block's)."""
    base, over = parse(spec), parse(current)
    return to_string(tuple(o if o is not None else b for b, o in zip(base, over, strict=True)))


def canonical(spec: Any) -> str:
    """A `tf.device` argument that is no function, as a device string (a DeviceSpec-like
    object through its `to_string`)."""
    text = spec.to_string() if hasattr(spec, "to_string") else spec
    if not isinstance(text, str):
        raise TypeError(f"a device is a string, a DeviceSpec or a function, not {spec!r}")
    return to_string(parse(text))


def place(op: Any, stack: list, device: str = "") -> str:
    """The device the blocks in `stack` (outermost first) give `op` (of `device` to start
    with: an imported node's own): innermost first, each outer one merged under what the
    inner ones chose, until a `tf.device(None)`."""
    for entry in reversed(stack):
        if entry is None:
            break
        if callable(entry):
            op._device = device
            chosen = entry(op)
            device = device if chosen is None else canonical(chosen)
        else:
            device = merge(entry, device)
    return device


class DeviceSpec:
    """TF1's `tf.DeviceSpec` (DeviceSpecV1): the parts of a device string, merged as a
    `tf.device` block merges them; `parse_from_string` and `merge_from` change it."""

    _FIELDS = ("job", "replica", "task", "device_type", "device_index")

    def __init__(self, job=None, replica=None, task=None, device_type=None, device_index=None):
        self._set((job, replica, task, device_type, device_index))

    def _set(self, parts: tuple) -> None:
        job, replica, task, device_type, index = parts
        self.job = None if job is None else str(job)
        self.replica = None if replica is None else int(replica)
        self.task = None if task is None else int(task)
        upper = None if device_type is None else str(device_type).upper()
        self.device_type = upper if upper in _TYPES else device_type
        self.device_index = None if index is None else int(index)

    def _parts(self) -> tuple:
        return tuple(getattr(self, f) for f in self._FIELDS)

    @classmethod
    def from_string(cls, spec: str) -> DeviceSpec:
        return cls(*parse(spec))

    def parse_from_string(self, spec: str) -> DeviceSpec:
        self._set(parse(spec))
        return self

    def to_string(self) -> str:
        return to_string(self._parts())

    def make_merged_spec(self, dev: DeviceSpec) -> DeviceSpec:
        """This spec with the parts `dev` sets put over it."""
        return DeviceSpec.from_string(merge(self.to_string(), dev.to_string()))

    def merge_from(self, dev: DeviceSpec) -> None:
        self._set(self.make_merged_spec(dev)._parts())

    def replace(self, **kwargs: Any) -> DeviceSpec:
        return DeviceSpec(**{**dict(zip(self._FIELDS, self._parts(), strict=True)), **kwargs})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DeviceSpec) and self.to_string() == other.to_string()

    def __hash__(self) -> int:
        return hash(self.to_string())
