"""`tf.GradientTape` in TF1's graph mode, over `tf.gradients`.

A tape records the ops built while it is open (`stop_recording` pauses it). A tensor is on
the tape when it is watched (`watch`, or a trainable variable a recorded op reads, unless
`watch_accessed_variables=False`) or is the output of a recorded op that has an input on
the tape. `gradient(target, sources)` differentiates through recorded ops only: an input
of a recorded op that is not on the tape is a constant there (`stop_gradients`), and a
target or source not on the tape has no gradient (None, or zeros with
`unconnected_gradients=ZERO`), as TF's tape. Values are TF's; the gradient ops are named
under `gradients/` as `tf.gradients` names them, where TF's tape names them plainly.
`jacobian`/`batch_jacobian` take one such gradient per element of the target (TF
vectorizes them). TF's own graph-mode tape watches resource variables only (a
`tf.Variable` is a reference variable there, which it cannot read); graphgate's variables
are watched either way.
"""

from __future__ import annotations

import contextlib
from typing import Any

from . import dtypes as _dt
from .errors import error
from .gradients_impl import UnconnectedGradients, gradients
from .graph import Operation, Tensor, convert_to_tensor, get_default_graph
from .ops import array_ops
from .ops.array_ops import ones_like, zeros_like
from .tf_nest import flatten, pack_sequence_as

_NONE = UnconnectedGradients.NONE


def _key(t: Tensor) -> tuple[int, int]:
    return (id(t.op), t.value_index)


class GradientTape:
    """TF's `tf.GradientTape` (`persistent`, `watch_accessed_variables`) in graph mode."""

    def __init__(self, persistent: bool = False, watch_accessed_variables: bool = True):
        self._persistent = persistent
        self._watch_accessed = watch_accessed_variables
        self._watched: list[Tensor] = []
        self._windows: list[list[Any]] = []  # [first op index, end index or None]
        self._graph: Any = None
        self._used = False

    def __enter__(self) -> GradientTape:
        self._graph = get_default_graph()
        self._start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop()

    def _start(self) -> None:
        self._windows.append([len(self._graph.op_list), None])

    def _stop(self) -> None:
        if self._windows and self._windows[-1][1] is None:
            self._windows[-1][1] = len(self._graph.op_list)

    @contextlib.contextmanager
    def stop_recording(self):
        """Ops built inside are not recorded."""
        self._stop()
        try:
            yield
        finally:
            self._start()

    def reset(self) -> None:
        """Forget what was recorded and watched; recording goes on if it was."""
        recording = bool(self._windows) and self._windows[-1][1] is None
        self._watched, self._windows = [], []
        if recording:
            self._start()

    def watch(self, tensor: Any) -> None:
        for t in flatten(tensor):
            if not isinstance(t, Tensor):
                raise ValueError(f"Passed in object {t!r} of type {type(t).__name__}, not a tensor")
            if t.dtype.is_floating or t.dtype.is_complex:  # TF watches no other dtype
                self._watched.append(t)

    def _recorded(self) -> list[Operation]:
        ops = self._graph.op_list if self._graph is not None else []
        return [op for start, end in self._windows for op in ops[start:end]]

    def _accessed(self, recorded: list[Operation]) -> list[Tensor]:
        if not self._watch_accessed:
            return []
        read = {_key(t) for op in recorded for t in op.inputs}
        with self._graph.as_default():
            from .ops.state_ops import trainable_variables

            return [v for v in trainable_variables() if _key(v) in read]

    def watched_variables(self) -> list:
        """The variables on the tape: watched, or read by a recorded op."""
        from .ops.state_ops import Variable

        explicit = [t for t in self._watched if isinstance(t, Variable)]
        accessed = self._accessed(self._recorded())
        return explicit + [v for v in accessed if all(v is not e for e in explicit)]

    def _on_tape(self, recorded: list[Operation]) -> set:
        tracked = {_key(t) for t in (*self._watched, *self._accessed(recorded))}
        for op in recorded:
            if any(_key(t) in tracked for t in op.inputs):
                tracked.update(_key(t) for t in op.outputs)
        return tracked

    def gradient(
        self,
        target: Any,
        sources: Any,
        output_gradients: Any = None,
        unconnected_gradients: Any = UnconnectedGradients.NONE,
    ) -> Any:
        """The gradient of (the sum of) `target` with respect to each of `sources`."""
        self._use()
        return self._gradient(target, sources, output_gradients, unconnected_gradients)

    def _use(self) -> None:
        if self._used and not self._persistent:
            raise RuntimeError(
                "A non-persistent GradientTape can only be used to compute one set of "
                "gradients (or jacobians)"
            )
        self._used = True
        if not self._persistent:
            self._stop()  # TF stops a non-persistent tape that is asked for gradients

    def _gradient(self, target, sources, output_gradients, unconnected_gradients) -> Any:
        recorded = self._recorded()
        tracked = self._on_tape(recorded)
        targets = flatten(target)
        seeds = [None] * len(targets) if output_gradients is None else flatten(output_gradients)
        kept = [(t, g) for t, g in zip(targets, seeds, strict=True) if _key(t) in tracked]
        flat_sources = flatten(sources)
        wanted = [s for s in flat_sources if _key(s) in tracked]
        found: dict = {}
        if kept and wanted:
            constants = [t for op in recorded for t in op.inputs if _key(t) not in tracked]
            ys, grad_ys = [t for t, _ in kept], [g for _, g in kept]
            with self._graph.as_default():
                if output_gradients is None:
                    # A tape seeds complex targets with ones too, where tf.gradients refuses.
                    grad_ys = [ones_like(t) if t.dtype in _dt.COMPLEX else None for t in ys]
                results = gradients(ys, wanted, grad_ys=grad_ys, stop_gradients=constants)
            found = {_key(s): g for s, g in zip(wanted, results, strict=True)}
        zero = UnconnectedGradients(unconnected_gradients) is UnconnectedGradients.ZERO
        out = []
        for s in flat_sources:
            g = found.get(_key(s))
            if g is None and zero:
                with self._graph.as_default():
                    g = zeros_like(s)
            out.append(g)
        return pack_sequence_as(sources, out)

    def jacobian(
        self,
        target: Any,
        sources: Any,
        unconnected_gradients: Any = UnconnectedGradients.NONE,
        parallel_iterations: Any = None,
        experimental_use_pfor: bool = True,
    ) -> Any:
        """d target[i...] / d source[j...] for each of `sources`, of shape target's + the
        source's: one gradient of the target per element of it (TF vectorizes the same
        rows with pfor), so the target's size must be known while building."""
        self._use()
        target = _one_tensor(target, "jacobian's target")
        n = _static_size(target, "jacobian")
        flat_sources = flatten(sources)
        with self._graph.as_default(), self._graph.name_scope("jacobian"):
            rows = [self._gradient(target, flat_sources, _hot(target, i), _NONE) for i in range(n)]
            out = [
                _assemble([r[k] for r in rows], target, s, 0, unconnected_gradients)
                for k, s in enumerate(flat_sources)
            ]
        return pack_sequence_as(sources, out)

    def batch_jacobian(
        self,
        target: Any,
        source: Any,
        unconnected_gradients: Any = UnconnectedGradients.NONE,
        parallel_iterations: Any = None,
        experimental_use_pfor: bool = True,
    ) -> Any:
        """For each of the first dimension's b rows, d target[b, i...] / d source[b, j...]
        (each target row depending on its own source row only, as TF assumes): one gradient
        per element of a target row, whose size must be known while building."""
        self._use()
        target = _one_tensor(target, "batch_jacobian's target")
        source = _one_tensor(source, "batch_jacobian's source")
        _check_batch(target, source)
        m = _static_size(target, "batch_jacobian", skip=1)
        with self._graph.as_default(), self._graph.name_scope("batch_jacobian"):
            rows = [self._gradient(target, [source], _hot(target, j, batch=True), _NONE)[0]
                    for j in range(m)]  # fmt: skip
            return _assemble(rows, target, source, 1, unconnected_gradients)


def _one_tensor(value: Any, what: str) -> Tensor:
    if isinstance(value, Tensor):
        return value
    return convert_to_tensor(value, name=what.split("'")[0])


def _static_size(t: Tensor, what: str, skip: int = 0) -> int:
    shape = t.static_shape
    dims = None if shape is None else shape[skip:]
    if dims is None or any(d is None for d in dims):
        raise error(
            "UNIMPLEMENTED",
            f"GradientTape.{what} needs a target whose shape{' past the batch' if skip else ''}"
            f" is known while building, got {t.shape}",
        )
    size = 1
    for d in dims:
        size *= d
    return size


def _check_batch(target: Tensor, source: Tensor) -> None:
    for t, which in ((target, "target"), (source, "source")):
        if t.static_shape is not None and len(t.static_shape) < 2:
            raise error("SHAPE_MISMATCH", f"batch_jacobian's {which} must have rank at least 2")
    b_t = None if target.static_shape is None else target.static_shape[0]
    b_s = None if source.static_shape is None else source.static_shape[0]
    if b_t is not None and b_s is not None and b_t != b_s:
        raise error(
            "SHAPE_MISMATCH",
            f"Need first dimension of target shape ({target.shape}) and source shape "
            f"({source.shape}) to match.",
        )


def _hot(target: Tensor, i: int, batch: bool = False) -> list:
    """The output gradient picking element i of the target (of each row with `batch`)."""
    shape = target.static_shape
    inner = shape[1:] if batch else shape
    size = 1
    for d in inner:
        size *= d
    hot = array_ops.reshape(array_ops.one_hot(i, size, dtype=target.dtype), list(inner))
    if batch:
        hot = array_ops.expand_dims(hot, 0) + array_ops.zeros_like(target)
    return [hot]


def _assemble(rows: list, target: Tensor, source: Tensor, axis: int, unconnected) -> Any:
    """The rows stacked along `axis` and shaped target's dims + the source's (past `axis`)."""
    if any(r is None for r in rows):
        if UnconnectedGradients(unconnected) is not UnconnectedGradients.ZERO:
            return None
        shape = array_ops.concat([array_ops.shape(target), array_ops.shape(source)[axis:]], 0)
        return array_ops.zeros(shape, source.dtype)
    if not rows:  # an empty target: TF's zeros of the shapes
        shape = array_ops.concat([array_ops.shape(target), array_ops.shape(source)[axis:]], 0)
        return array_ops.zeros(shape, source.dtype)
    stacked = array_ops.stack(rows, axis)
    t_shape, s_shape = target.static_shape, source.static_shape
    if s_shape is not None and None not in s_shape and None not in t_shape:
        return array_ops.reshape(stacked, list(t_shape) + list(s_shape[axis:]))
    shape = array_ops.concat([array_ops.shape(target), array_ops.shape(source)[axis:]], 0)
    return array_ops.reshape(stacked, shape)


__all__ = ["GradientTape"]
