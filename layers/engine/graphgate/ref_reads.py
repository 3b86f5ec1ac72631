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
ops that forward TF's buffer: `identity`, `read_value()`, `stop_gradient`, reshapes) and
that an update of `w` precedes by data or control gets its own read of `w` after those
updates (`reread`). Updates that precede the read it was handed are in that read
already. A cond's or loop's bodies get such a read for a variable they capture when an
update precedes the cond or loop (`reread_captures`: TF's branch ops wait for the
predicate), and a loop's gradient reads a variable the loop updated after the loop
(`reread_in_gradient`); the bodies' own reads are `control_flow_ops`'. Resource
variables (`use_resource=True`, Keras weights) read values in TF too and are left alone;
updates no edge orders race in TF and keep graphgate's run-start value (one of TF's
answers).

Only graphs with updates other than initializers pay: `Graph.create_op` asks this module
nothing until `note` records the first one.

The GraphDef importer applies the same rule to TF's own graphs (`tf_graph`, whose ops read
`w/read` explicitly) before any Operation exists: what an update is (`is_update`), which
updates a node follows (`follows_by_name`, over node names) and which of them a read placed
for it waits for (`waits_for`) are this module's for both.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .fusion import SHAPE_ONLY

# Ops whose output is their first input's buffer in TF, so a read of a ref variable through
# them is the variable's live buffer (`plan._FORWARDING`, which a fetch is read through
# after the run, is the same set less the shape changes). TF1's `read_value()` is an
# Identity (graphgate's ReadVariableOp, which `create_op` may already have ordered: a
# preceding update is in its bits then), `stop_gradient` forwards its input, and
# Reshape, ExpandDims and Squeeze hand on the input's buffer under another shape. A
# re-read drops the identities and makes the others again on the new read, so that
# `stop_gradient` still stops the gradient and a reshape still reshapes.
_FORWARDING = frozenset(("Identity", "ReadVariableOp", "StopGradient"))
_RESHAPING = frozenset(("Reshape", "ExpandDims", "Squeeze"))
_BUFFER_OPS = _FORWARDING | _RESHAPING

# Ops that take a variable by reference only to read it: no update, so no bit. (Counted as
# updates, each re-read was one: a chain of n reads after one assign cost n**2 bits.)
_READS = frozenset(("ReadVariableOp", "IsVariableInitialized", "InitializedValue"))


def is_update(op_type: str, definition: Any) -> bool:
    """Whether an op of `op_type` (`definition` its registered op, or None) updates the
    variable it takes by reference: a read of it is no update."""
    return bool(definition is not None and definition.ref_input and op_type not in _READS)


def waits_for(updates: list, bits: dict, mask: int, read_mask: int) -> list:
    """Of `updates` (one variable's, in order; `bits` each one's bit), those a read placed
    for an op must follow: the op follows them (`mask`) and the read it was handed does not
    (`read_mask`), since those are in its bits already."""
    after = mask & ~read_mask
    return [u for u in updates if after & bits[u]]


def follows_by_name(inputs: dict[str, list[str]], bits: dict[str, int]) -> dict[str, int]:
    """For each node of a GraphDef (`inputs`: its data and control inputs' node names), the
    bits (of `bits`' updates) of the updates it follows by data or control. One pass in
    topological order, the masks Python ints: a search from each update was quadratic (8 s
    of a 60,000-node graph's import with 1,600 variables under a moving average, each update
    followed by the whole average). Unlike `RefReads.preceding`, which follows Operations as
    they are made (acyclic), a GraphDef may hold a v1 loop's back edges: nodes on a cycle
    get no mask, as before."""
    consumers: dict[str, list[str]] = {}
    waiting: dict[str, int] = {}
    for name, refs in inputs.items():
        known = [r for r in refs if r in inputs]
        waiting[name] = len(known)
        for r in known:
            consumers.setdefault(r, []).append(name)
    ready = [name for name, n in waiting.items() if n == 0]
    found: dict[str, int] = {}
    while ready:
        name = ready.pop()
        mask = 0
        for r in inputs[name]:
            mask |= found.get(r, 0) | bits.get(r, 0)
        found[name] = mask
        for c in consumers.get(name, ()):
            waiting[c] -= 1
            if not waiting[c]:
                ready.append(c)
    return found


class RefReads:
    """A graph's updates of ref variables, each a bit, and for each op made after the first
    one the bits of the updates that precede it (by data or control)."""

    __slots__ = ("bits", "copies", "first", "masks", "ordered", "unordered", "updates")

    def __init__(self, first: int):
        self.updates: dict[Any, list[Any]] = {}  # variable op -> its updates, in order
        self.bits: dict[Any, int] = {}
        self.first = first  # no op made before the first update can follow one
        self.masks: dict[Any, int] = {}
        # The bits no read is placed after while a cond's gradient is built: updates only
        # the cond's branch ops name (`branch_updates_unordered`).
        self.unordered = 0
        # A branch's constants copied into the gradient being built then, by (constant,
        # gradient body): read from the cond's exports, they would run the cond.
        self.copies: dict = {}
        # Meanwhile, by op: the bits of `unordered` it follows through ops that name the
        # updates themselves (`branch_ordered`), not through a cond's hoisted ones.
        self.ordered: dict = {}

    def preceding(self, op: Any) -> int:
        """The bits of the updates that precede `op` or are `op`. Ops made before the first
        update have none; each op's bits are computed once (its inputs never change)."""
        if op.index < self.first:
            return 0
        return self._fold(op, self.masks, through_bodies=True)

    def branch_ordered(self, ops: list) -> int:
        """The bits of `unordered` that `ops` follow through an op naming the update (a
        branch op made under its `control_dependencies`, whose output a cond's gradient
        reads), not through a cond or loop op, which holds its branches' dependencies
        for them. TF's gradient op reading such an output runs after the update, and so
        reads the variable's buffer after it."""
        found = 0
        for op in ops:
            found |= self._ordered(op)
        return found & self.unordered

    def _ordered(self, op: Any) -> int:
        if op.index < self.first or _holds_bodies(op):
            return 0
        return self._fold(op, self.ordered, through_bodies=False)

    def _fold(self, op: Any, memo: dict, through_bodies: bool) -> int:
        """The bits of the updates that are `op` or that it follows through its value and
        control inputs (through a cond or loop op only if `through_bodies`), each op's
        computed once into `memo`. Ops made before the first update add none."""
        found = memo.get(op)
        if found is not None:
            return found
        stack = [op]
        while stack:
            top = stack[-1]
            producers = [
                p
                for p in [t.op for t in _value_inputs(top)] + list(top.control_inputs)
                if p.index >= self.first and (through_bodies or not _holds_bodies(p))
            ]
            todo = [p for p in producers if p not in memo]
            if todo:
                stack.extend(todo)
                continue
            stack.pop()
            mask = self.bits.get(top, 0)
            for p in producers:
                mask |= memo[p]
            memo[top] = mask
        return memo[op]


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
    if is_update(op.type, op.definition):
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
        updates = is_update(op.type, op.definition) and op.inputs
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
    mask = _mask(reads, inputs, ctrl)
    if not mask:
        return inputs
    out = list(inputs)
    for i, var in aliased:
        out[i] = _after(graph, reads, inputs[i], var, mask)
    return tuple(out)


def _mask(reads: RefReads, inputs: Any, ctrl: Any) -> int:
    mask = 0
    for t in inputs:
        mask |= reads.preceding(t.op)
    for c in ctrl:
        mask |= reads.preceding(c)
    if mask & reads.unordered:
        kept = reads.branch_ordered([t.op for t in inputs] + list(ctrl))
        return mask & (~reads.unordered | kept)
    return mask & ~reads.unordered


def _after(graph: Any, reads: RefReads, t: Any, var: Any, mask: int) -> Any:
    """`t`, a read of `var`'s buffer, or the same read made after the updates of `var` in
    `mask` that do not already precede it."""
    before = tuple(waits_for(reads.updates[var.op], reads.bits, mask, reads.preceding(t.op)))
    if not before:
        return t
    return placed(graph, _rebuilt(graph, t, graph._read_after(var, before)), t)


def placed(graph: Any, read: Any, t: Any) -> Any:
    """Record `read`, a read graphgate placed after updates where the op TF builds reads
    `t` (the variable's `w/read`, or a chain of forwarding ops on it), and return it."""
    if is_ref(_through(t, _BUFFER_OPS)):
        graph.placed_reads[read] = t
    return read


@contextmanager
def as_tf_reads(op: Any) -> Iterator[None]:
    """While `op`'s gradient function is built, `op`'s inputs that graphgate placed after
    updates are the tensors TF's op reads. TF's gradient functions read the forward op's
    inputs, its unordered `w/read`, so `gradients(y, w)` of `y = v * w` made under
    `control_dependencies([v.assign_add(1)])` reads v as it stands and does not run the
    assign; a gradient that follows the update by data (a seed of `ones_like(y)` when y's
    shape is unknown, a `tanh`'s output) has its read placed after it again (`reread`)."""
    graph = op.graph
    swap = _tf_inputs(graph, op)
    if not swap:
        yield
        return
    if graph._ref_reads is not None:
        graph._ref_reads.preceding(op)  # from the inputs it runs with, before they change
    inputs = op.inputs
    op.inputs = tuple(swap.get(t, t) for t in inputs)
    try:
        yield
    finally:
        op.inputs = inputs


def _tf_inputs(graph: Any, op: Any) -> dict:
    """`op`'s inputs graphgate placed after updates, by the tensors TF's op reads; while
    a cond's gradient ignores its branch-only updates (`branch_updates_unordered`), also
    its constants made in a branch without a control dependency, by copies in the
    gradient: TF's gradient reads such a constant without running the branch's update."""
    placed = graph.placed_reads
    if not placed or not _in_branches_only(graph, op) or _holds_bodies(op):
        return {}
    swap = {t: placed[t] for t in op.inputs if t in placed}
    reads = graph._ref_reads
    if reads is not None and reads.unordered:
        for t in op.inputs:
            if t.op.type == "Const" and not t.op.control_inputs and graph.body_of(t.op):
                swap[t] = _copy_of(graph, reads, t)
    return swap


def _copy_of(graph: Any, reads: RefReads, t: Any) -> Any:
    key = (t, graph.current_body())
    if key not in reads.copies:
        with graph.control_dependencies(None):
            made = graph.create_op("Const", (), dict(t.op.attrs), default_name="Const")
        reads.copies[key] = made.outputs[0]
    return reads.copies[key]


@contextmanager
def branch_updates_unordered(op: Any) -> Iterator[dict]:
    """While the gradient of the cond `op` is built: the updates of ref variables that
    only its branches' ops name in `control_dependencies` (made outside the cond, hoisted
    to `op` as its control inputs) place no read after them, and the reads `op` was given
    after them stand for TF's (yielded, placed read: TF's). TF1 attaches such a dependency
    to the branch op alone, and its gradient reads the variable through the branch's
    Switch of `w/read`, unordered: `gradients(y, [v, w])` of `cond(p, t, f)` where `t`
    returns `v * w` under `control_dependencies([v.assign_add(1)])` does not run the
    update (a gradient reading that op's own values, or a constant made under the
    dependency, still does: through the cond's exports, which run `op`)."""
    graph = op.graph
    reads = graph._ref_reads
    swap: dict = {}
    if reads is None or not graph.placed_reads:
        yield swap
        return
    outer = {
        c for b in (op.attrs["then_branch"], op.attrs["else_branch"]) for c in b.outer_controls
    }
    # (An update the predicate follows orders every branch op, in TF through its Switch.)
    before_pred = reads.preceding(op.inputs[0].op)
    branch_only = [
        c
        for c in op.control_inputs
        if c not in outer and c in reads.bits and not reads.bits[c] & before_pred
    ]
    bits = 0
    for c in branch_only:
        bits |= reads.bits[c]
    for t in op.inputs[1:]:
        twin = graph.placed_reads.get(t)
        if bits and twin is not None and _placed_after(t, branch_only):
            swap[t] = twin
    saved, copies, ordered = reads.unordered, reads.copies, reads.ordered
    reads.unordered, reads.copies, reads.ordered = saved | bits, {}, {}
    try:
        yield swap
    finally:
        reads.unordered, reads.copies, reads.ordered = saved, copies, ordered


def _placed_after(read: Any, updates: list) -> bool:
    """Whether `read` (or the read it is made from) was placed after some of `updates` only."""
    while read.op.type in _BUFFER_OPS and read.op.type != "ReadVariableOp":
        read = read.op.inputs[0]
    ctrl = read.op.control_inputs
    return bool(ctrl) and all(c in updates for c in ctrl)


def _in_branches_only(graph: Any, op: Any) -> bool:
    """Whether `op` is at top level or in cond branches only (no loop body)."""
    body = graph.body_of(op)
    while body is not None:
        if body.op is None or body.op.type != "If":
            return False
        body = graph.body_of(body.op)
    return True


def _holds_bodies(op: Any) -> bool:
    from .ops.control_flow_ops import Body

    return any(isinstance(held, Body) for held in op.attrs.values())


def _rebuilt(graph: Any, t: Any, read: Any) -> Any:
    """`t`'s chain of forwarding ops made again on `read` (identities left out)."""
    chain = []
    while t.op.type != "VariableV2":
        if t.op.type in _RESHAPING or t.op.type == "StopGradient":
            chain.append(t.op)
        t = t.op.inputs[0]
    for op in reversed(chain):
        made = graph.create_op(
            op.type, (read, *op.inputs[1:]), dict(op.attrs), default_name=op.type
        )
        read = made.outputs[0]
    return read


def reread_captures(graph: Any, bodies: list, inputs: tuple, branches: bool = False) -> tuple:
    """Give the cond's or loop's `bodies` (not yet closed) a read made after the updates
    of a ref variable they capture that precede the cond or loop: its predicate, loop
    inputs (`inputs`), captured values or control dependencies. TF1's branch and loop
    ops wait for the predicate's Switch or the loop's first Merge, so each reads the
    variable's buffer after those updates (`r = cond(v.assign_add(1.0) > 0, lambda: v *
    2.0, ...)` is 4 when v was 1). A cond's branch is ordered by its own captures and
    control dependencies only: TF1 attaches a dependency one branch names to that
    branch's ops, and the other branch's read of the variable races the update (TF 2.21
    reads it before in most runs), so a gradient reading that branch's values need not
    run the update (`branches`: the bodies are a cond's). A loop's bodies, and its
    inputs, are ordered by everything any of them follows. Returns `inputs` with such
    reads in place of theirs too (a loop variable started from the variable, a
    predicate that is one)."""
    reads = graph._ref_reads
    if reads is None or graph.current_body() is not None:
        return inputs
    from .ops.control_flow_ops import find_captures, hoisted_controls

    common = _mask(reads, inputs, graph.control_frames())
    captured = [find_captures(graph, body) for body in bodies]
    own = [
        _mask(reads, caps, hoisted_controls(graph, body))
        for caps, body in zip(captured, bodies, strict=True)
    ]
    if not branches:
        for mask in own:
            common |= mask
    made: dict = {}
    for body, caps, mask in zip(bodies, captured, own, strict=True):
        _swap_in(body, _reread(graph, reads, caps, common | mask, made))
    swap = _reread(graph, reads, inputs, common, made)
    return tuple(swap.get(t, t) for t in inputs)


def _reread(graph: Any, reads: RefReads, tensors: Any, mask: int, made: dict) -> dict:
    """For those of `tensors` that read an updated ref variable, the read made after its
    updates in `mask` (one read per tensor and mask, in `made`), by the tensor."""
    swap = {}
    if not mask:
        return swap
    for t in tensors:
        var = _variable(t, reads)
        if var is None:
            continue
        if (t, mask) not in made:
            with graph.control_dependencies(None):
                made[(t, mask)] = _after(graph, reads, t, var, mask)
        if made[(t, mask)] is not t:
            swap[t] = made[(t, mask)]
    return swap


def reread_in_gradient(graph: Any, loop: Any, grad_body: Any) -> None:
    """Make the gradient body of `loop` read, where it reads a forward iteration's read of
    a ref variable the loop updates, the variable after the loop instead. TF1's body
    reads such a variable through its loop-invariant Enter, whose buffer the gradient
    loop reads once the forward loop has updated it: the gradient of `a * v` over three
    iterations with v 2 -> 5 multiplies by 5 ** 3 (125), not 2 * 3 * 4."""
    if graph.current_body() is not None:  # a gradient loop inside another gradient
        return
    fbody = loop.attrs["body"]
    updated = {var for var in updated_in(fbody) if is_ref(var)}
    if not updated:
        return
    forward = {}  # the body's reads of those variables (identities of them too): variable
    for op in fbody.ops:
        if op.type in ("ReadVariableOp", "Identity"):
            var = _through(op.outputs[0], ("ReadVariableOp", "Identity"))
            if var in updated:
                forward[op.outputs[0]] = var
    used = {t for op in _all_ops(grad_body) for t in op.inputs if t in forward}
    used |= {t for t in grad_body.outputs if t in forward}
    if not used:
        return
    after: dict = {}
    swap: dict = {}
    with graph.control_dependencies(None):
        for t in sorted(used, key=lambda t: (t.op.index, t.value_index)):  # one order
            var = forward[t]
            if var not in after:
                after[var] = graph._read_after(var, (loop,))
            swap[t] = after[var]
    _swap_in(grad_body, swap)


def _all_ops(body: Any) -> list:
    """`body`'s ops and its nested bodies'."""
    from .ops.control_flow_ops import Body

    out = list(body.ops)
    for op in body.ops:
        for held in op.attrs.values():
            if isinstance(held, Body):
                out += _all_ops(held)
    return out


def _swap_in(body: Any, swap: dict) -> set:
    """Make `body`'s value reads of the tensors in `swap` (and its nested bodies') read
    their replacements; returns those still read by reference (a ReadVariableOp of the
    variable itself), which stay captured beside their replacement."""
    from .ops.control_flow_ops import Body

    kept: set = set()
    for op in body.ops:
        nested: set = set()
        for held in op.attrs.values():
            if isinstance(held, Body):
                mine = _swap_in(held, swap)
                caps = [swap.get(t, t) for t in held.captures] + [
                    t for t in held.captures if t in mine
                ]
                held.captures = list(dict.fromkeys(caps))
                nested |= mine
        first = 1 if op.definition.ref_input else 0
        if nested or any(t in swap for t in op.inputs[first:]):
            new = tuple(swap.get(t, t) if i >= first else t for i, t in enumerate(op.inputs))
            op.inputs = new + tuple(t for t in nested if t not in new)
        if op.type == "ReadVariableOp" and op.inputs[0] in swap:  # a capture too
            kept.add(op.inputs[0])
        kept |= nested
    body.outputs = [swap.get(t, t) for t in body.outputs]
    return kept


def _variable(t: Any, reads: RefReads) -> Any:
    """The updated ref variable whose buffer `t` is, or None."""
    var = _through(t, _BUFFER_OPS)
    return var if var is not None and var.op in reads.updates else None


def _through(t: Any, kinds: Any) -> Any:
    """The variable (a VariableV2's tensor) `t` is read from through ops of `kinds`, or None."""
    while t.op.type in kinds:
        t = t.op.inputs[0]
    return t if t.op.type == "VariableV2" else None


def buffer_of(t: Any) -> Any:
    """The variable (a VariableV2's tensor) whose buffer `t` is in TF: the variable itself
    or an `identity` chain of it. None for any other tensor."""
    return _through(t, ("Identity",))
