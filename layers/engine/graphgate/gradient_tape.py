"""`tf.GradientTape` in TF1's graph mode, over `tf.gradients`.

A tape records the ops built while it is open (`stop_recording` pauses it). A tensor is on
the tape when it is watched (`watch`, or a trainable variable a recorded op reads, unless
`watch_accessed_variables=False`) or is the output of a recorded op that has an input on
the tape. `gradient(target, sources)` differentiates through recorded ops only: an input
of a recorded op that is not on the tape is a constant there (`stop_gradients`), and a
target or source not on the tape has no gradient (None, or zeros with
`unconnected_gradients=ZERO`), as TF's tape. Values are TF's; the gradient ops are named
under `gradients/` as `tf.gradients` names them, where TF's tape names them plainly.
TF's own graph-mode tape watches resource variables only (a `tf.Variable` is a reference
variable there, which it cannot read); graphgate's variables are watched either way.
"""

from __future__ import annotations

import contextlib
from typing import Any

from .errors import error
from .gradients_impl import UnconnectedGradients, gradients
from .graph import Operation, Tensor, get_default_graph
from .ops.array_ops import zeros_like
from .tf_nest import flatten, pack_sequence_as


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
        if self._used and not self._persistent:
            raise RuntimeError(
                "A non-persistent GradientTape can only be used to compute one set of "
                "gradients (or jacobians)"
            )
        self._used = True
        if not self._persistent:
            self._stop()  # TF stops a non-persistent tape that is asked for gradients
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
                results = gradients(
                    ys,
                    wanted,
                    grad_ys=None if output_gradients is None else grad_ys,
                    stop_gradients=constants,
                )
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

    def jacobian(self, *args: Any, **kwargs: Any) -> Any:
        raise error("UNIMPLEMENTED", "GradientTape.jacobian: use tf.gradients row by row")

    batch_jacobian = jacobian


__all__ = ["GradientTape"]
