"""Reads of TF1 ref variables that an update of the variable precedes.

TF1's `tf.Variable` and `tf.get_variable` (without `use_resource`) make ref variables: a
read is the variable's live buffer, which an `Assign` of the same shape overwrites in
place, so an op that runs after an update of `w` sees the new value, however early the
tensor it was handed was made. Udacity's ud730 LSTM keeps its state in such variables,
assigns them under `control_dependencies` before the loss, and TF's gradients of the
first cell (made by `tf.gradients` from the forward's `saved_output`) read the new state.

graphgate's variables are values read at run start, and `create_op` already reads a
variable after the updates its `control_dependencies` name. Here, the rest of what TF's
ordering gives: a new op at top level that reads a ref variable `w` (directly, or through
`tf.identity` chains, which forward TF's buffer) and that an update of `w` precedes by
data or control gets its own read of `w` after those updates. Updates that precede the
read it was handed are in that read already. Resource variables (`use_resource=True`,
Keras weights) read values in TF too and are left alone, as are loop and branch bodies,
whose reads `control_flow_ops` orders; updates no edge orders race in TF and keep
graphgate's run-start value (one of TF's answers).

Only graphs with updates other than initializers pay: `Graph.create_op` asks this module
nothing until `note` records the first one.
"""

from __future__ import annotations

from typing import Any

from .fusion import SHAPE_ONLY

# Ops a read is re-read through: an `identity` chain forwards the variable's buffer in TF.
# A subset of what forwards it (`plan._FORWARDING`, which a fetch is read through after
# the run): StopGradient and ReadVariableOp forward it too, but re-reading through them
# would hand a gradient to what stopped it, and a ReadVariableOp is already the read
# `create_op` ordered (review 32 lists both as left). Reshape, ExpandDims and Squeeze
# forward it as well; replacing their input would need the op again, and no TF1 program
# seen reads through them.
_FORWARDING = frozenset(("Identity",))

# Ops that take a variable by reference only to read it: no update, so no bit. (Counted as
# updates, each re-read was one: a chain of n reads after one assign cost n**2 bits.)
_READS = frozenset(("ReadVariableOp", "IsVariableInitialized", "InitializedValue"))


class RefReads:
    """A graph's updates of ref variables, each a bit, and for each op made after the first
    one the bits of the updates that precede it (by data or control)."""

    __slots__ = ("bits", "first", "masks", "updates")

    def __init__(self, first: int):
        self.updates: dict[Any, list[Any]] = {}  # variable op -> its updates, in order
        self.bits: dict[Any, int] = {}
        self.first = first  # no op made before the first update can follow one
        self.masks: dict[Any, int] = {}

    def preceding(self, op: Any) -> int:
        """The bits of the updates that precede `op` or are `op`. Ops made before the first
        update have none; each op's bits are computed once (its inputs never change)."""
        if op.index < self.first:
            return 0
        found = self.masks.get(op)
        if found is not None:
            return found
        stack = [op]
        while stack:
            top = stack[-1]
            producers = [t.op for t in _value_inputs(top)] + list(top.control_inputs)
            todo = [p for p in producers if p.index >= self.first and p not in self.masks]
            if todo:
                stack.extend(todo)
                continue
            stack.pop()
            mask = self.bits.get(top, 0)
            for p in producers:
                mask |= self.masks.get(p, 0)
            self.masks[top] = mask
        return self.masks[op]


def _value_inputs(op: Any) -> list:
    """`op`'s inputs that order it: all but those it reads only the shape of when that
    shape is static. TF makes `shape`, `zeros_like` and a gradient's shapes of a fully
    defined shape constants, so its gradient of a loss made under an update's
    `control_dependencies` follows the update only through values (a `matmul`'s gradient
    read the weight the assign had not overwritten: it does not run the assign)."""
    return [
        t
        for i, t in enumerate(op.inputs)
        if (op.type, i) not in SHAPE_ONLY or t.static_shape is None or None in t.static_shape
    ]


def is_ref(var: Any) -> bool:
    """Whether `var` (a VariableV2's tensor) is a TF1 ref variable. Variables that did not
    say (made by a document's reader) read as values, as graphgate's always did."""
    return getattr(var, "_ref", False)


def note(graph: Any, op: Any) -> None:
    """Record `op`, an op whose first input is a variable, if it updates a ref variable
    outside its initializer (which `Variable` makes before naming it)."""
    if op.type not in _READS:
        _note(graph, op, op.inputs[0])


def note_bodies(graph: Any, op: Any) -> None:
    """Record `op`, a cond or loop just made, as an update of each ref variable its bodies
    update: `u = tf.cond(p, lambda: v.assign_add(1.0), ...); u + v` reads v after the cond.
    (control_flow_ops calls this, so that other ops pay nothing; one made inside another
    body is that body's, which its own op records.)"""
    from .ops.control_flow_ops import Body  # which imports this module

    if graph.body_of(op) is not None:
        return
    for held in op.attrs.values():
        if isinstance(held, Body):
            for var in updated_in(held):
                _note(graph, op, var)


def _note(graph: Any, op: Any, var: Any) -> None:
    if not is_ref(var) or "initializer" not in var.op.attrs:
        return
    if graph._ref_reads is None:
        graph._ref_reads = RefReads(op.index)
    reads = graph._ref_reads
    if op not in reads.bits:  # a cond whose two branches update one variable: one bit
        reads.bits[op] = 1 << len(reads.bits)
    reads.updates.setdefault(var.op, []).append(op)


def updated_in(body: Any) -> set:
    """The outside variables `body`'s ops (and its nested bodies') update by reference."""
    from .ops.control_flow_ops import Body

    found: set = set()
    for op in body.ops:
        updates = op.definition.ref_input and op.type not in _READS and op.inputs
        if updates and op.inputs[0].op.type == "VariableV2":
            found.add(op.inputs[0])
        for held in op.attrs.values():
            if isinstance(held, Body):
                found |= updated_in(held)
    return found


def reread(graph: Any, reads: RefReads, inputs: tuple, ctrl: tuple) -> tuple:
    """`inputs` with each read of an updated ref variable that an update of it precedes
    (through the other inputs or `ctrl`) replaced by a read after those updates."""
    aliased = [(i, _variable(t, reads)) for i, t in enumerate(inputs)]
    aliased = [(i, var) for i, var in aliased if var is not None]
    if not aliased:
        return inputs
    mask = 0
    for t in inputs:
        mask |= reads.preceding(t.op)
    for c in ctrl:
        mask |= reads.preceding(c)
    if not mask:
        return inputs
    out = list(inputs)
    for i, var in aliased:
        after = mask & ~reads.preceding(inputs[i].op)
        before = tuple(u for u in reads.updates[var.op] if after & reads.bits[u])
        if before:
            out[i] = graph._read_after(var, before)
    return tuple(out)


def _variable(t: Any, reads: RefReads) -> Any:
    """The updated ref variable whose buffer `t` is, or None."""
    var = buffer_of(t)
    return var if var is not None and var.op in reads.updates else None


def buffer_of(t: Any) -> Any:
    """The variable (a VariableV2's tensor) whose buffer `t` is in TF: the variable itself
    or an `identity` chain of it. None for any other tensor."""
    while t.op.type in _FORWARDING:
        t = t.op.inputs[0]
    return t if t.op.type == "VariableV2" else None
