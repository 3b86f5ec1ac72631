"""TF1's dead tensors in a compiled plan: what waits on or reads an op made in a cond's
branch runs only when that branch was taken.

TF1's executor (v1 control flow: Switch and Merge) marks the outputs of the branch not
taken dead; an op with a dead input or a dead control input does not run and its outputs
are dead in turn, and a fetched dead value fails the run (`Retval[i] does not have
value`) once the live ops have run. A dead op fetched or run as a target answers None.

graphgate's cond is one `If` step that runs one branch's plan, so deadness can only enter
a plan through what a cond exports: a branch's value read outside it (None when another
branch ran) and a branch's op waited on (its token: True when it ran, None when not).
A body's plan takes it in through its feeds: a captured value that may be dead, and the
token of an op outside that its ops wait on (another cond's branch op).
`Liveness` follows those slots through the steps as the builder adds them: a step that
reads one, or waits on an op that may be dead, is guarded (`guard`), its outputs may be
dead in turn, and an op waited on gets a token slot of its own. Plans without such a
cond are built as before, with nothing guarded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .errors import GraphgateError, error
from .graph import Operation, Tensor


class Liveness:
    """Which slots of a plan being built may hold a dead value (None), and which ops
    have a token slot (True when the op ran, None when dead)."""

    def __init__(self, order: list[Operation], fetched: list[Operation]):
        # Slots of values computed by ops that may be dead (and of conds whose branch
        # plans may answer a dead value).
        self.dead: set[int] = set()
        # Slots of branch values a cond exports (None when another branch ran), with the
        # cond's predicate slot and the branch: a gradient's cond reads its forward
        # cond's with the same predicate, in the same branch, and is not guarded on
        # them; any other reader is (`_same_branch`).
        self.exported: dict[int, tuple[int, Any]] = {}
        # Ops some needed op waits on, and those fetched (a body's plan answers whether
        # the ops its cond exports ran): a guarded one gets a token slot.
        self.waited = {c for op in order for c in op.control_inputs}
        self.waited.update(fetched)
        # Conds whose branch plans may answer a dead value (`If` kernels' `maybe_dead`).
        self.dead_conds: set[Operation] = set()

    def guards(
        self, op: Operation, ins: tuple, slot_of: dict
    ) -> tuple[list[int], list[int], list[tuple[Operation, int]]]:
        """(slots that make `op` dead when None, positions of a cond's captures that may
        be dead, (op, token slot) of each op that may be dead and only ops inside a cond's
        branches wait on). A cond is dead with its predicate; a capture that may be dead
        is a feed of its branches' plans that may be (`plan.compile_plan`'s `dead`): a
        branch op reading it is dead, as behind TF1's Switch, and the others run. So is a
        token its branches' ops wait on (`compile_plan`'s `tokens`): TF1 kills the op
        that waits, not the cond."""
        guards, passed = [], []
        if op.control_inputs:
            waits = _waited_inside(op) if op.type == "If" else ()
            for c, s in zip(op.control_inputs, _tokens(op, slot_of, self), strict=True):
                if s is None:
                    continue
                if c in waits:
                    passed.append((c, s))
                else:
                    guards.append(s)
        if not self.dead and not self.exported:
            return guards, [], passed
        if op.type == "If":
            dead, exported = self.dead, self.exported
            # A predicate of a branch's value is dead with it, whatever reads it.
            pred = [s for s in ins[:1] if s in dead or s in exported]
            captures = [
                i
                for i, s in enumerate(ins[1:])
                if s in dead or (s in exported and not _same_branch(op, ins[0], i, exported[s]))
            ]
            return guards + pred, captures, passed
        # Any other op reading a value that may be dead is dead with it (a loop, or a
        # dataset's function, whole).
        dead, exported = self.dead, self.exported
        return guards + [s for s in ins if s in dead or s in exported], [], passed

    def added(
        self, op: Operation, ins: tuple, outs: tuple, exports: Any, fn: Any, guarded: bool
    ) -> None:
        """Record the slots of a step just added: its outputs, dead with it, and a cond's
        exports."""
        n = len(op.outputs)
        if guarded or getattr(fn, "maybe_dead", False):
            self.dead.update(outs[:n])
            if getattr(fn, "maybe_dead", False):
                self.dead_conds.add(op)
        if op.type != "If":
            return  # a loop's exports are read by its own gradient alone
        for t, s in zip(exports, outs[n:], strict=False):
            if isinstance(t, Tensor):
                self.exported[s] = (ins[0], _branch_of(op, t))

    def dead_fetches(
        self, elems: list, slots: list, fed: Any = ()
    ) -> list[tuple[int, int, Tensor]]:
        """(fetch position, TF's `Retval` index, tensor) of each fetched value that may be
        dead: TF's session numbers the distinct tensors fetched by their sorted names,
        operations and fed tensors aside (its client answers those itself: `[y, live]`
        fails as Retval[1] when `y` is dead)."""
        maybe = self.dead | self.exported.keys()
        names = sorted({x.name for x in elems if isinstance(x, Tensor) and x not in fed})
        retval = {name: k for k, name in enumerate(names)}
        return [
            (i, retval[x.name], x)
            for i, (x, s) in enumerate(zip(elems, slots, strict=True))
            if isinstance(x, Tensor) and s in maybe
        ]


def _branch_of(cond: Operation, t: Tensor) -> Any:
    """The branch of `cond` holding `t` (perhaps in a cond nested in it)."""
    graph = cond.graph
    body = graph.body_of(t.op)
    while body is not None and body.op is not cond:
        body = graph.body_of(body.op)
    return body


def _same_branch(reader: Operation, pred: int, i: int, source: tuple[int, Any]) -> bool:
    """Whether the cond `reader` (predicate in slot `pred`) reads its capture `i`, a
    branch value another cond exports (`source`: that cond's predicate slot and branch),
    only in its branch of the same side under the same predicate: live whenever it is
    read, as a gradient's cond reads its forward cond's values."""
    src_pred, branch = source
    if pred != src_pred or branch is None:
        return False
    exporter = branch.op
    side = "then_branch" if branch is exporter.attrs["then_branch"] else "else_branch"
    other = reader.attrs["else_branch" if side == "then_branch" else "then_branch"]
    return reader.inputs[i + 1] not in other.captures


def _waited_inside(cond: Operation) -> set[Operation]:
    """The control inputs of `cond` that only ops inside its branches name (hoisted onto
    it), not the cond's own `control_dependencies`."""
    from .ops.control_flow_ops import hoisted_controls

    graph = cond.graph
    branches = (cond.attrs["then_branch"], cond.attrs["else_branch"])
    inside = {c for b in branches for c in hoisted_controls(graph, b)}
    return inside.difference(*(b.outer_controls for b in branches))


def _tokens(op: Operation, slot_of: dict, live: Liveness) -> list[int | None]:
    """The token slots of the control inputs `op` waits on that may be dead."""
    out = []
    for c in op.control_inputs:
        if c in live.dead_conds:
            raise error(
                "INVALID_CONTROL_FLOW",
                f"{op.name} waits on the cond {c.name}, whose branches answer a value that "
                "may be dead; wait on its outputs' readers instead",
                node=op.name,
            )
        out.append(slot_of.get(c))
    return out


def guard(fn: Callable, n_guards: int, n_outs: int, token: bool) -> Callable:
    """`fn` run only when none of its first `n_guards` arguments is None (dead): then its
    outputs are None and so is its token; otherwise its outputs and, with `token`, True."""
    total = n_outs + token
    dead = None if total <= 1 else (None,) * total

    def guarded(*args):
        for g in args[:n_guards]:
            if g is None:
                return dead
        r = fn(*args[n_guards:])
        if not token:
            return r
        if n_outs == 0:
            return True
        return (r, True) if n_outs == 1 else (*r, True)

    guarded.guards, guarded.inner, guarded.shape = n_guards, fn, (n_outs, token)
    # A step `plan._guard_size` wrapped stays so once guarded.
    guarded.sized = getattr(fn, "sized", False)
    return guarded


def dead_fetch(t: Tensor, retval: int) -> GraphgateError:
    """TF's error for a fetched value that is dead (its cond's other branch was taken)."""
    return error(
        "DEAD_FETCH",
        f"Retval[{retval}] does not have value: {t.name} waits on or reads an op of a "
        "cond's branch that this run did not take",
        node=t.op.name,
        details={"tensor": t.name},
    )
