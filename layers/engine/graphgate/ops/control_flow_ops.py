"""Control flow: `cond`, `case`, `while_loop` and the loops built on it (`map_fn`, `foldl`,
`foldr`, `scan`), with gradients.

A branch or a loop body is a `Body`: the ops its Python function created (in the same graph,
under the op's name scope, as TF1 names them), its arguments (placeholders standing for
loop variables), its outputs and its captures — the tensors from outside it reads. The
control-flow op (`If`, `While`, `WhileGrad`) takes its captures as inputs and holds its
bodies as attributes, as TensorFlow 2's `If`/`While` hold functions. The plan compiler
sees only the control-flow op; its kernel runs each body as a plan of its own, compiled
by the same passes with the body's arguments and captures as feeds. Ops in a branch that
is not taken never run, so an assign inside a branch happens only when it is taken.

Gradients follow TF1: the gradient of a cond is a cond over the branches' gradients, and a
while_loop's gradient runs the body's gradient backwards once per iteration, fed with the
values the forward loop stored for that iteration (the tensors the gradient reads from
inside the forward body, which the plan compiler has the forward op export).
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import numpy as np

from .. import dtypes as _dt
from .. import ref_reads as _ref_reads
from .. import tf_nest as _nest
from ..errors import error
from ..graph import (
    Graph,
    Operation,
    Tensor,
    TensorShape,
    convert_to_tensor,
    get_default_graph,
)
from ..plan import SUBGRAPH_KERNELS, deadline_error, in_branches, placer
from .registry import REQUIRED, not_differentiable, register_gradient, register_op

# -- bodies ------------------------------------------------------------------------------


class Body:
    """The ops of one branch or loop body, its arguments, outputs and captures."""

    __slots__ = (
        "args",
        "captures",
        "depth",
        "memo",
        "op",
        "ops",
        "outer_controls",
        "outputs",
        "reads",
        "targets",
    )

    def __init__(self, outer_controls: list[Operation] | None = None):
        self.ops: list[Operation] = []
        self.args: list[Tensor] = []
        self.outputs: list[Tensor] = []
        self.targets: list[Operation] = []
        self.captures: list[Tensor] = []
        self.op: Operation | None = None
        # The control dependencies around the cond or loop: the body's variable reads
        # come after them, as every read created inside them does.
        self.outer_controls = outer_controls or []
        self.reads: dict[Tensor, Tensor] = {}
        self.depth = 1  # how many bodies deep its own op's nesting goes (set on loading)
        # What computing some of its op's values reads (`_holder_reads`), by those values.
        self.memo: dict[tuple, list] = {}

    def adapt_inputs(self, graph: Graph, inputs: tuple) -> tuple:
        """Inputs of an op created in the body: an outside variable is read after the
        control dependencies the cond or loop was created under (by a read outside the
        body, which the body then captures, so gradients reach the variable)."""
        if not self.outer_controls:
            return inputs
        out = []
        for t in inputs:
            if t.op.type == "VariableV2" and placer(graph, t.op, self) is None:
                if t not in self.reads:
                    with graph.outside_body():
                        read = graph.create_op(
                            "ReadVariableOp",
                            (t,),
                            {},
                            t.op.name + "/read",
                            control_inputs=tuple(self.outer_controls),
                        )
                    self.reads[t] = read.outputs[0]
                t = self.reads[t]
            out.append(t)
        return tuple(out)

    def __repr__(self) -> str:
        return f"<Body of {len(self.ops)} ops>"


def find_captures(graph: Graph, body: Body) -> list[Tensor]:
    """The tensors from outside `body` that its ops and outputs read, in first-use order.

    A variable that `read_value()` reads inside the body is one too, though its value
    at entry is never read (`_captures_read`): as TF1's read through its ref Enter or
    Switch, it makes the cond or loop a reader of the variable, so gradients reach it."""
    seen: dict[Tensor, None] = {}
    for op in body.ops:
        by_ref = op.definition.ref_input and op.type != "ReadVariableOp"
        for t in op.inputs[1:] if by_ref else op.inputs:
            if placer(graph, t.op, body) is None:
                seen[t] = None
    for t in body.outputs:
        if placer(graph, t.op, body) is None:
            seen[t] = None
    return list(seen)


def hoisted_controls(graph: Graph, body: Body) -> list[Operation]:
    """Control inputs from outside `body` its ops name: they become the control-flow op's."""
    out: dict[Operation, None] = {}
    for op in body.ops:
        for c in op.control_inputs:
            if placer(graph, c, body) is None:
                out[c] = None
    return list(out)


def _invalid(message: str, node: str | None = None, **details: Any):
    return error("INVALID_CONTROL_FLOW", message, node=node, details=details)


def _trace(graph: Graph, fn: Callable, args: Callable | None, arg_specs) -> tuple[Body, Any]:
    """Call `fn` inside a new body, on `args(placeholders)` (one placeholder per (dtype,
    shape) spec) or on nothing; returns the body and what `fn` returned."""
    body = Body(graph.control_frames())
    with graph.as_default(), graph.control_dependencies(None), graph.building_body(body):
        for dtype, shape in arg_specs:
            op = graph.create_op("Placeholder", (), {"dtype": dtype, "shape": shape}, "arg")
            body.args.append(op.outputs[0])
        result = fn(*args(body.args)) if args is not None else fn()
    return body, result


def _outputs_into(graph: Graph, body: Body, flat: list, dtypes: list | None = None) -> None:
    """Set the body's outputs from `fn`'s flat results (converting Python values inside
    the body); Operations are run for their effect."""
    with graph.as_default(), graph.control_dependencies(None), graph.building_body(body):
        for i, v in enumerate(flat):
            if isinstance(v, Operation):
                body.targets.append(v)
                continue
            dtype = dtypes[i] if dtypes is not None else None
            body.outputs.append(convert_to_tensor(v, dtype, graph=graph))
    for op in body.targets:
        if placer(graph, op, body) is None:
            raise _invalid(f"a branch may only return operations it created, not {op.name}")


def _reread_updated_variables(graph: Graph, bodies: list[Body]) -> None:
    """Make a loop's value reads of a variable it updates reads inside the loop.

    TF1 reads a variable in a loop through its ref Enter, each iteration after the one
    before (the body's ops wait for the iteration's pivot): `assign(v, v * 2)` or an
    optimizer's `minimize` in a body sees what the last iteration left. A capture is read
    once, at the loop's entry, so a variable the loop updates is read by a ReadVariableOp
    of the body instead (a variable it only reads stays a capture, as before)."""
    updated: set[Tensor] = set()
    for body in bodies:
        updated |= _ref_reads.updated_in(body)
    if not updated:
        return
    for body in bodies:
        _read_inside(graph, body, updated)


def _read_inside(graph: Graph, body: Body, updated: set[Tensor]) -> None:
    """`body`'s value reads of `updated` made reads in it, and so in the conds and loops
    it holds (an inner loop's capture would hold the outer loop's entry value)."""
    outer = {read: var for var, read in body.reads.items() if var in updated}
    # A ref variable's `identity` made outside is its buffer in TF, read each iteration too.
    for op in body.ops:
        for t in op.inputs:
            var = _ref_reads.buffer_of(t) if t.op.type == "Identity" else None
            if var in updated and _ref_reads.is_ref(var) and graph.body_of(t.op) is not body:
                outer[t] = var
    for var in sorted(updated, key=lambda t: t.op.index):  # reads made in one order
        replaced = {var, *(r for r, v in outer.items() if v is var)}
        readers = [op for op in body.ops if _reads_value(op, replaced)]
        if readers:
            with graph.control_dependencies(None), graph.building_body(body):
                graph.read_before(var, readers, replaced)
    body.ops.sort(key=lambda op: op.index)
    for op in list(body.ops):
        for held in op.attrs.values():
            if isinstance(held, Body):
                _read_inside(graph, held, updated)


def _reads_value(op: Operation, tensors: set) -> bool:
    """Whether `op` reads one of `tensors` by value (not an update's reference, not a
    nested cond's or loop's capture, which its own body reads)."""
    if op.definition.ref_input or any(isinstance(a, Body) for a in op.attrs.values()):
        return False
    return any(t in tensors for t in op.inputs)


def _close(graph: Graph, bodies: list[Body]) -> tuple[list[Tensor], list[Operation]]:
    captures: dict[Tensor, None] = {}
    controls: dict[Operation, None] = {}
    for body in bodies:
        body.captures = find_captures(graph, body)
        captures.update(dict.fromkeys(body.captures))
        controls.update(dict.fromkeys(hoisted_controls(graph, body)))
        for op in body.ops:
            if op.type == "VariableV2":
                raise _invalid(
                    f"create variable {op.name} outside cond and while_loop bodies", op.name
                )
    return list(captures), list(controls)


def _bind(op: Operation, bodies: list[Body]) -> None:
    for body in bodies:
        body.op = op


# -- nested structures (lists, tuples, namedtuples, dicts), as tf.nest ----------------------


def flatten(x: Any) -> list:
    """`tf.nest.flatten` with composites expanded (a SparseTensor is its three tensors)."""
    return _nest.flatten(x, expand_composites=True)


def pack_as(structure: Any, flat: list) -> Any:
    return _nest.pack_as(structure, flat)


def _same_structure(a: Any, b: Any) -> bool:
    if isinstance(a, dict) or isinstance(b, dict):
        return (
            isinstance(a, dict)
            and isinstance(b, dict)
            and sorted(a) == sorted(b)
            and all(_same_structure(a[k], b[k]) for k in a)
        )
    if isinstance(a, list | tuple) or isinstance(b, list | tuple):
        return (
            isinstance(a, list | tuple)
            and isinstance(b, list | tuple)
            and len(a) == len(b)
            and all(_same_structure(x, y) for x, y in zip(a, b, strict=True))
        )
    if _nest.is_composite(a) or _nest.is_composite(b):
        # A ragged or sparse value is its parts: the same kind, as many (TF's spec check).
        return type(a) is type(b) and len(flatten(a)) == len(flatten(b))
    return True


# -- shapes ---------------------------------------------------------------------------------


def _merge_shapes(a: tuple | None, b: tuple | None) -> tuple | None:
    """The most specific shape both branches' outputs have."""
    if a is None or b is None or len(a) != len(b):
        return None
    return tuple(x if x == y else None for x, y in zip(a, b, strict=True))


def _fits(shape: tuple | None, invariant: tuple | None) -> bool:
    """Whether `shape` is at least as specific as `invariant` (TF1's loop rule)."""
    if invariant is None:
        return True
    if shape is None or len(shape) != len(invariant):
        return False
    return all(i is None or s == i for s, i in zip(shape, invariant, strict=True))


def _shape_tuple(shape: Any) -> tuple | None:
    dims = getattr(shape, "dims", shape)
    if dims is None:
        return None
    values = [getattr(d, "value", d) for d in dims]  # ints, None or tf.Dimension-likes
    return tuple(None if v is None else int(v) for v in values)


# -- cond -----------------------------------------------------------------------------------


def _if_infer(shapes, types, attrs):
    then_b, else_b = attrs["then_branch"], attrs["else_branch"]
    return [
        (_merge_shapes(a.static_shape, b.static_shape), a.dtype)
        for a, b in zip(then_b.outputs, else_b.outputs, strict=True)
    ]


def _no_kernel(op):
    raise error("INTERNAL_ERROR", f"{op.type} runs through its bodies", node=op.name)


register_op(
    "If",
    arity=(1, 1 << 30),
    infer=_if_infer,
    attrs={"then_branch": ("body", REQUIRED), "else_branch": ("body", REQUIRED)},
    stateful=True,
    side_effects=True,
    needs_state=True,
    unknown_rank_ok=True,
)(_no_kernel)


def _export_split(graph: Graph, exports: list[Tensor], bodies: list[Body], op: Operation):
    """For each body, the positions in `exports` of the tensors inside it."""
    owned = [[] for _ in bodies]
    for i, t in enumerate(exports):
        for k, body in enumerate(bodies):
            if placer(graph, t.op if isinstance(t, Tensor) else t, body) is not None:
                owned[k].append(i)
                break
        else:
            raise _invalid(f"{t.name} is not inside {op.name}", op.name)
    return owned


def _if_kernel(
    op: Operation, exports: list[Tensor], compile_body: Callable, read: set[int] | None = None
) -> Callable:
    graph = op.graph
    bodies = [op.attrs["else_branch"], op.attrs["then_branch"]]
    index = {t: i for i, t in enumerate(op.inputs[1:])}
    owned = _export_split(graph, exports, bodies, op)
    n_out, n_exp = len(op.outputs), len(exports)
    # TF1's executor runs only the Merge nodes a fetch needs and what their branch inputs
    # read: an unread output's ops (an assign under its control dependencies) do not run.
    # (A branch's constants pivot on the predicate's Switch, not on another output.)
    live = list(range(n_out)) if read is None else sorted(j for j in read if j < n_out)
    branches = []
    maybe_dead = False
    for body, mine in zip(bodies, owned, strict=True):
        # An exported op (`plan.branch_control`) runs with its branch: a target, whose
        # fetch from the branch's plan answers whether it ran (liveness.py: True, or
        # None when it waits on a cond nested in the branch that did not take its own).
        ops = [exports[i] for i in mine if isinstance(exports[i], Operation)]
        fetches = [*(body.outputs[j] for j in live), *[exports[i] for i in mine]]
        plan = compile_body(body, body.captures, fetches, [*body.targets, *ops])
        branches.append((plan, [index[t] for t in body.captures], mine))
        maybe_dead = maybe_dead or any(i < len(live) for i, _, _ in plan.dead_fetches)
    k = len(live)

    n_in = len(op.inputs) - 1

    def kernel(state, pred, *captured):
        if np.ndim(pred) != 0:
            raise error("SHAPE_MISMATCH", f"the predicate must be a scalar, got {np.shape(pred)}")
        plan, picks, mine = branches[1 if pred else 0]
        values = [captured[i] for i in picks]
        if len(captured) > n_in:
            # Past the cond's inputs: the tokens of ops outside that its branches' ops
            # wait on, fed to either branch's plan after its captures (liveness.py).
            values += captured[n_in:]
        outs = plan.call(state, values)
        if k != n_out:
            # The unread outputs are dead (None): nothing in this plan reads them.
            values = [None] * n_out
            for j, v in zip(live, outs[:k], strict=True):
                values[j] = v
            outs = [*values, *outs[k:]]
        if n_exp:
            # The other branch's exports are dead (None): its own gradient reads them only
            # with that branch taken, other readers are guarded (liveness.py).
            exported = [None] * n_exp
            for i, v in zip(mine, outs[n_out:], strict=True):
                exported[i] = v
            outs = [*outs[:n_out], *exported]
        if len(outs) == 1:
            return outs[0]
        return outs

    # A branch's output may be dead (liveness.py): so is the cond's then.
    kernel.maybe_dead = maybe_dead
    return kernel


def _if_inputs_read(op: Operation, read: set[int] | None, exports: Any) -> list[Tensor]:
    """The inputs of the cond `op` its kernel reads to compute the outputs `read` (None:
    all) and `exports`: the branches' targets run whenever the branch does."""
    branches = (op.attrs["then_branch"], op.attrs["else_branch"])
    live = range(len(op.outputs)) if read is None else read
    starts = [b.outputs[j] for b in branches for j in live]
    starts += [t for b in branches for t in b.targets] + list(exports)
    reads = set(_if_reads(op.graph, op, starts))
    return [t for t in op.inputs if t in reads]


def _if_controls_read(op: Operation, read: set[int] | None, exports: Any) -> list[Operation]:
    """The control inputs of the cond `op` that computing the outputs `read` (None: all)
    and `exports` waits for: the cond's own, and of those its branches' ops name (hoisted
    onto `op`), the ones an op computing them names. TF1 attaches such a dependency to
    that branch op alone, so a gradient reading the other branch's values (a `tanh`'s
    output) does not run an update only the first names."""
    graph = op.graph
    branches = (op.attrs["then_branch"], op.attrs["else_branch"])
    live = range(len(op.outputs)) if read is None else read
    starts = [b.outputs[j] for b in branches for j in live]
    starts += [t for b in branches for t in b.targets] + list(exports)
    named: set[Operation] = set()
    hoisted: set[Operation] = set()
    for b in branches:
        _captures_read(graph, b, _in_branch(graph, b, starts), named)
        hoisted.update(hoisted_controls(graph, b))
    outer = {c for b in branches for c in b.outer_controls}
    return [c for c in op.control_inputs if c not in hoisted or c in outer or c in named]


_if_kernel.takes_read = True
_if_kernel.inputs_read = _if_inputs_read
_if_kernel.controls_read = _if_controls_read
SUBGRAPH_KERNELS["If"] = _if_kernel


def cond(
    pred: Any,
    true_fn: Callable | None = None,
    false_fn: Callable | None = None,
    strict: bool = False,
    name: str | None = None,
    fn1: Callable | None = None,
    fn2: Callable | None = None,
) -> Any:
    """`true_fn()` if `pred` else `false_fn()`, as TF1's `tf.cond`.

    Parameters
    ----------
    pred:
        A scalar bool tensor (or a value convertible to one).
    true_fn, false_fn:
        Functions building each branch; they return the same structure of tensors (nested
        lists, tuples, dicts) with the same dtypes, or operations. Only the taken branch's
        ops run.
    strict:
        Without it a branch returning a one-element list returns the element, as in TF1.

    Raises
    ------
    GraphgateError
        INVALID_CONTROL_FLOW when the branches disagree in structure, DTYPE_MISMATCH when
        their outputs' dtypes differ.
    """
    true_fn = true_fn if true_fn is not None else fn1
    false_fn = false_fn if false_fn is not None else fn2
    if isinstance(pred, bool):  # TF1's TypeError: a Python bool is an if, not a cond
        raise error("DTYPE_MISMATCH", "pred must not be a Python bool; use Python's if")
    if not callable(true_fn) or not callable(false_fn):
        raise error("NOT_CALLABLE", "cond needs true_fn and false_fn, both callables")
    graph = pred.graph if isinstance(pred, Tensor) else get_default_graph()
    with graph.as_default(), graph.name_scope(name or "cond") as scope:
        pred = convert_to_tensor(pred, _dt.bool_, graph=graph)
        if pred.static_shape not in (None, ()):
            raise error(
                "SHAPE_MISMATCH",
                f"the predicate of cond must be a scalar, got shape {list(pred.static_shape)}",
                node=pred.op.name,
            )
        then_b, then_out = _trace(graph, true_fn, None, ())
        else_b, else_out = _trace(graph, false_fn, None, ())
        if not _same_structure(then_out, else_out):
            raise _invalid(
                "true_fn and false_fn must return the same structure, got "
                f"{_describe(then_out)} and {_describe(else_out)}"
            )
        flat_then, flat_else = flatten(then_out), flatten(else_out)
        arrays = [v if _is_array(v) else None for v in flat_then]
        flat_then = [v.flow if _is_array(v) else v for v in flat_then]
        flat_else = [v.flow if _is_array(v) else v for v in flat_else]
        _check_kinds(flat_then, flat_else)
        _outputs_into(graph, then_b, flat_then)
        _outputs_into(graph, else_b, flat_else)
        for a, b in zip(then_b.outputs, else_b.outputs, strict=True):
            if a.dtype != b.dtype:
                raise error(
                    "DTYPE_MISMATCH",
                    f"cond's branches return {a.dtype.name} and {b.dtype.name} in one position",
                    details={"true": a.dtype.name, "false": b.dtype.name},
                    also=(ValueError,),
                )
        (pred,) = _ref_reads.reread_captures(graph, [then_b, else_b], (pred,), branches=True)
        captures, controls = _close(graph, [then_b, else_b])
        op = graph.create_op(
            "If",
            (pred, *captures),
            {"then_branch": then_b, "else_branch": else_b},
            scope.rstrip("/"),
            exact_name=True,
            control_inputs=controls,
        )
        _ref_reads.note_bodies(graph, op)
        merged = _named_outputs(graph, op.outputs, "Merge")
    _bind(op, [then_b, else_b])
    outs = iter(merged)
    flat = [op if isinstance(v, Operation) else next(outs) for v in flat_then]
    result = pack_as(then_out, _as_arrays(arrays, flat))
    if not strict and isinstance(result, list | tuple) and len(result) == 1:
        return result[0]
    return result


def _named_outputs(graph: Graph, outputs: Any, kind: str) -> list[Tensor]:
    """The op's results under TF1's names, `while/Exit`, `while/Exit_1`, `cond/Merge`...
    (identities in the op's scope), so a program fetching or printing them by the names
    TF1 gives finds them."""
    from .array_ops import identity

    return [identity(t, name=kind) for t in outputs]


def _describe(x: Any) -> str:
    if isinstance(x, dict):
        return "{" + ", ".join(f"{k!r}: {_describe(v)}" for k, v in x.items()) + "}"
    if isinstance(x, list | tuple):
        return "[" + ", ".join(_describe(v) for v in x) + "]"
    return "an operation" if isinstance(x, Operation) else "a value"


def _check_kinds(a: list, b: list) -> None:
    for x, y in zip(a, b, strict=True):
        if isinstance(x, Operation) != isinstance(y, Operation):
            raise _invalid("true_fn and false_fn must return operations in the same places")


def case(
    pred_fn_pairs: Any,
    default: Callable | None = None,
    exclusive: bool = False,
    strict: bool = False,
    name: str = "case",
) -> Any:
    """The function of the first true predicate, else `default` (TF1's `tf.case`).

    `pred_fn_pairs` is a list of (pred, fn) pairs or a dict {pred: fn}. Without `default`
    the last pair's function is the default, and a run where no predicate is true fails
    with COMPUTE_ERROR, as TF1's check fails it. With `exclusive`, a run where more than
    one predicate is true fails with COMPUTE_ERROR, as TF1 fails it (without `default`,
    more than one of all but the last, as TF checks).
    """
    pairs = list(_case_pairs(pred_fn_pairs))
    for p in pairs:
        if not isinstance(p, tuple | list) or len(p) != 2:
            raise _invalid("case needs (predicate, callable) pairs")
        if not callable(p[1]):
            raise error("NOT_CALLABLE", "case needs (predicate, callable) pairs")
    if not pairs:  # TF1 refuses an empty list even with a default
        raise _invalid("case needs at least one (predicate, callable) pair")
    at_least_one = default is None
    graph = get_default_graph()
    with graph.as_default(), graph.name_scope(name):
        preds = [convert_to_tensor(p, _dt.bool_, graph=graph) for p, _ in pairs]
        if at_least_one:
            default = pairs[-1][1]
        # Without a default TF makes the last pair's function the default and checks only
        # the other predicates for exclusivity: [True, True] answers the first function.
        checked = preds[:-1] if at_least_one else preds
        if exclusive and len(checked) > 1:
            preds[0] = _exclusive(checked, exclusive=True)
        if at_least_one:
            preds[0] = _exclusive(preds, exclusive=False, at_least_one=True)
        if at_least_one:
            *pairs, _ = pairs
            if not pairs:  # one pair: its function, once the check has passed
                return cond(preds[0], default, default, strict=strict)

        def chain(i: int) -> Callable:
            if i == len(pairs):
                return default
            return lambda: cond(preds[i], pairs[i][1], chain(i + 1), strict=strict)

        return chain(0)()


def _case_pairs(pred_fn_pairs: Any) -> Any:
    """The (pred, fn) pairs in the order TF1's graph-mode `case` tests them: a plain dict
    sorted by its predicates' names (which decides the answer when several are true, and
    which function is the default), an OrderedDict or a list as given."""
    if not isinstance(pred_fn_pairs, dict):
        return pred_fn_pairs
    if isinstance(pred_fn_pairs, OrderedDict):
        return pred_fn_pairs.items()
    for pred in pred_fn_pairs:
        if not isinstance(getattr(pred, "name", None), str):  # TF's sort: AttributeError
            raise error(
                "INVALID_CONTROL_FLOW",
                "case sorts a dict's predicates by their names: each must be a tensor",
                also=(AttributeError,),
            )
    return sorted(pred_fn_pairs.items(), key=lambda item: item[0].name)


def _exclusive(preds: list[Tensor], exclusive: bool = True, at_least_one: bool = False) -> Tensor:
    """The first predicate, after a check that at most one predicate is true (exclusive)
    and, for a case without a default, that at least one is."""
    from .array_ops import stack
    from .math_ops import cast
    from .reduce_ops import reduce_sum

    count = reduce_sum(cast(stack(preds), _dt.int32))
    attrs = {"exclusive": exclusive, "at_least_one": at_least_one}
    op = preds[0].graph.create_op("CheckExclusive", (preds[0], count), attrs, "exclusive")
    return op.outputs[0]


def _check_exclusive_infer(shapes, types, attrs):
    return [(shapes[0], types[0])]


@register_op(
    "CheckExclusive",
    arity=2,
    infer=_check_exclusive_infer,
    attrs={"exclusive": ("bool", True), "at_least_one": ("bool", False)},
    stateful=True,
)
def _check_exclusive(op):  # a bool in, the same bool out: nothing to differentiate
    exclusive = op.attrs.get("exclusive", True)
    at_least_one = op.attrs.get("at_least_one", False)

    def kernel(pred, count):
        if at_least_one and count == 0:
            raise error(
                "COMPUTE_ERROR",
                "case without a default: none of the conditions evaluated as true",
                details={"true": 0},
            )
        if exclusive and count > 1:
            raise error(
                "COMPUTE_ERROR",
                f"case(exclusive=True): {int(count)} predicates are true, at most one may be",
                details={"true": int(count)},
            )
        return pred

    return kernel


# -- while_loop -----------------------------------------------------------------------------


def _while_infer(shapes, types, attrs):
    body = attrs["body"]
    return [(t.static_shape, t.dtype) for t in body.args] + [((), _dt.int32)]


register_op(
    "While",
    arity=(0, 1 << 30),
    infer=_while_infer,
    attrs={"cond": ("body", REQUIRED), "body": ("body", REQUIRED), "back_prop": ("bool", True)},
    stateful=True,
    side_effects=True,
    needs_state=True,
    unknown_rank_ok=True,
)(_no_kernel)


# Predicates `owns(graph, body, j)`: whether the op of `body` that returns loop variable j
# updates the variable's value in place (it alone reads the variable, and nothing keeps
# the old value), so the loop (While or WhileGrad) must hand the body a private copy of
# the initial value. tensor_array_ops registers one for TensorArray writes and their
# gradients (O(1) per write, not O(size)).
IN_PLACE_LOOP_VARS: list[Callable] = []
# Hooks `sparse(graph, body, t) -> (tensors, add) | None` for a capture's per-iteration
# gradient `t` that is zeros but for a few rows (a TensorArray read's): the WhileGrad
# kernel fetches `tensors` instead and `add(acc, *values)` adds the rows into its own
# accumulator, rather than a whole array per iteration.
SPARSE_CAPTURE_GRADS: list[Callable] = []


def _if_reads(graph: Graph, op: Operation, starts: list) -> list[Tensor]:
    """The inputs of the cond `op` that computing `starts` (tensors or ops of its
    branches; a branch may return a captured value itself) reads: the predicate and the
    captured values they read, as TF1's executor reaches them through the Switch nodes
    of those values alone (a cond nested in a branch, through its read outputs')."""
    read: dict[Tensor, None] = {op.inputs[0]: None}
    for branch in (op.attrs["then_branch"], op.attrs["else_branch"]):
        read.update(dict.fromkeys(_captures_read(graph, branch, _in_branch(graph, branch, starts))))
    return list(read)


def _in_branch(graph: Graph, branch: Body, starts: list) -> list:
    """Those of `starts` (tensors or ops) that `branch` computes or returns."""
    return [
        s
        for s in starts
        if placer(graph, s.op if isinstance(s, Tensor) else s, branch) is not None
        or (isinstance(s, Tensor) and s in branch.outputs)
    ]


def _reached(graph: Graph, body: Body, x: Tensor | Operation) -> tuple:
    """The op of `body` that computes `x` and, for a tensor of a cond or a loop (an output
    or a value inside a body), `(x,)`: which of the op's inputs computing it reads is
    `_holder_reads`' to say; None for the others (all their inputs)."""
    op = placer(graph, x.op if isinstance(x, Tensor) else x, body)
    if not isinstance(x, Tensor) or op is None or op.type not in _HOLDER_READS:
        return op, None
    return op, (x,)


def _holder_reads(graph: Graph, op: Operation, starts: tuple) -> list[Tensor]:
    """The inputs of the cond or loop (or loop gradient) `op` that computing `starts`
    (its outputs, values inside its bodies) reads, as its kernel's `inputs_read` says.

    Remembered in the op's body: the answer depends on its bodies alone, which do not
    change once it is built, and an outer loop's analysis asks it of an inner loop a few
    times over (its fixed points), so, unremembered, d nested loops cost about 4^d."""
    memo = op.attrs["then_branch" if op.type == "If" else "body"].memo
    if starts not in memo:
        memo[starts] = _HOLDER_READS[op.type](graph, op, starts)
    return memo[starts]


def _if_starts_read(graph: Graph, op: Operation, starts: tuple) -> list[Tensor]:
    branches = (op.attrs["then_branch"], op.attrs["else_branch"])
    inner: list = []
    for x in starts:
        if x.op is op:
            j = x.value_index
            inner += [b.outputs[j] for b in branches] + [t for b in branches for t in b.targets]
        else:
            inner.append(x)
    return _if_reads(graph, op, inner)


def _loop_starts_read(graph: Graph, op: Operation, starts: tuple) -> list[Tensor]:
    read = {x.value_index for x in starts if x.op is op}
    inside = [x for x in starts if x.op is not op]
    return SUBGRAPH_KERNELS[op.type].inputs_read(op, read, inside)


def _args_read(
    graph: Graph, body: Body, tensors: list[Tensor], ops: list[Operation], pivot: int | None = None
) -> set:
    """The positions of `body`'s arguments that computing `tensors` and running `ops`
    (and their control inputs) reads, inside the body (of a cond, what the outputs read
    read). With `pivot`, an op of the body that reads nothing of the body and has no
    control input (a constant, an assign of captured values) reads the argument at
    `pivot`: TF1's while_loop gives such ops a control input from its first loop variable
    (the control pivot, `_AddOpInternal` and `_MaybeAddControlDependency`), so its
    executor computes that variable wherever they run."""
    position = {t.op: i for i, t in enumerate(body.args)}
    found: set[int] = set()
    seen: set[tuple] = set()
    stack = [_reached(graph, body, x) for x in [*tensors, *ops]]
    while stack:
        op, j = stack.pop()
        if op is None or (op, j) in seen:
            continue
        seen.add((op, j))
        if op in position:
            found.add(position[op])
            continue
        outside = all(placer(graph, t.op, body) is None for t in op.inputs)
        if pivot is not None and not op.control_inputs and outside:
            found.add(pivot)
        inputs = op.inputs if j is None else _holder_reads(graph, op, j)
        stack.extend(_reached(graph, body, t) for t in inputs)
        stack.extend(_reached(graph, body, c) for c in op.control_inputs)
    return found


def live_loop_vars(
    graph: Graph,
    body: Body,
    read: set[int] | None,
    n: int,
    needs: list,
    ops: list,
    pivot: int | None = None,
) -> list[int]:
    """The loop variables (of the first `n` outputs of `body`) a loop must compute: those
    whose final value is `read` (None: all), those the tensors `needs` and the ops `ops`
    read each iteration, and, until nothing changes, those their next values read. TF1's
    executor runs only the Exit nodes a fetch needs and what they need, so the others'
    updates (a TensorArray read among them) never run. `pivot`: as `_args_read`'s (the
    forward loop's control edges; a gradient follows data edges only)."""
    if read is None:
        return list(range(n))
    live = {j for j in read if j < n} | _args_read(graph, body, needs, ops, pivot)
    while True:
        more = _args_read(graph, body, [body.outputs[j] for j in live], [], pivot) - live
        if not more:
            return sorted(live)
        live |= more


def _charge_kept(state: Any, op: Operation, values: list) -> None:
    """Charge to the run's `max_run_bytes` what a loop keeps of an iteration for its
    gradient (its exports' stacks: each value is bounded by `max_tensor_elements`, their
    number by nothing), refused before it would pass the budget; charged while the arrays
    live (the stacks live on as the loop's outputs, which the run's walk cannot size), and
    once: a value the body sized at run time is charged already."""
    if getattr(state, "max_bytes", None) is None:
        return
    from ..limits import check_value_bytes
    from ..run_bytes import charge, uncharged_bytes

    # (one sized by a value is charged already: counted once, and checked once)
    check_value_bytes(state, op, uncharged_bytes(state, values))
    charge(state, tuple(values))


def _while_kernel(
    op: Operation, exports: list[Tensor], compile_body: Callable, read: set[int] | None = None
) -> Callable:
    graph = op.graph
    cond_b, body_b = op.attrs["cond"], op.attrs["body"]
    n = len(body_b.args)
    index = {t: i for i, t in enumerate(op.inputs[n:])}
    _export_split(graph, exports, [body_b], op)
    owned = [j for j in range(n) if any(own(graph, body_b, j) for own in IN_PLACE_LOOP_VARS)]
    if any(body_b.args[j] in exports or body_b.outputs[j] in exports for j in owned):
        raise error("INTERNAL_ERROR", f"{op.name} updates a value a gradient reads", node=op.name)
    live = _while_live(op, read, exports)
    cond_plan = compile_body(cond_b, [*cond_b.args, *cond_b.captures], cond_b.outputs, ())
    body_plan = compile_body(
        body_b,
        [*body_b.args, *body_b.captures],
        [*(body_b.outputs[j] for j in live), *exports],
        body_b.targets,
    )
    cond_picks = [index[t] for t in cond_b.captures]
    body_picks = [index[t] for t in body_b.captures]
    limit = body_plan.limits.max_loop_iterations
    k = len(live)
    every = k == n

    def kernel(state, *inputs):
        # A loop variable no reader needs keeps its initial value (nothing reads it).
        values = list(inputs[:n])
        for j in owned:
            values[j] = np.array(values[j])  # the body's own copy, which it updates in place
        captured = inputs[n:]
        cond_caps = [captured[i] for i in cond_picks]
        body_caps = [captured[i] for i in body_picks]
        stacks: list[list] = [[] for _ in exports]
        i = 0
        while cond_plan.call(state, values + cond_caps)[0]:
            if limit is not None and i >= limit:
                raise error(
                    "TOO_MANY_ITERATIONS",
                    f"the loop ran more than the limit of {limit} iterations",
                    node=op.name,
                    details={"limit": limit},
                )
            if state.late():
                raise deadline_error(op)
            outs = body_plan.call(state, values + body_caps)
            if every:
                values = outs[:n]
            else:
                values = list(values)
                for j, v in zip(live, outs[:k], strict=True):
                    values[j] = v
            if exports:
                _charge_kept(state, op, outs[k:])
            for stack, v in zip(stacks, outs[k:], strict=True):
                stack.append(v)
            i += 1
        return [*values, np.int32(i), *stacks]

    return kernel


def _while_live(op: Operation, read: set[int] | None, exports: Any) -> list[int]:
    """The loop variables the While `op` computes when its outputs `read` (None: all)
    and `exports` are read."""
    cond_b, body_b = op.attrs["cond"], op.attrs["body"]
    # The cond reads its own arguments: the same positions as the body's.
    # The first variable is the control pivot of the cond's and the body's constants.
    cond_read = _args_read(op.graph, cond_b, cond_b.outputs, [], pivot=0)
    n = len(body_b.args)
    if read is not None and n in read:
        # The count is a gradient's: TF1's gradient adds a counter to the forward loop
        # (`AddForwardLoopCounter`) stepping by a constant, which the first variable
        # pivots, so a run of the gradient computes that variable.
        read = read | {0}
    needs = [*exports, *(body_b.args[j] for j in cond_read)]
    return live_loop_vars(op.graph, body_b, read, n, needs, body_b.targets, 0)


def _while_inputs_read(op: Operation, read: set[int] | None, exports: Any) -> list[Tensor]:
    """The inputs of the While `op` its kernel reads: the initial values of the variables
    it computes and the values from outside the cond and those variables' updates read
    (TF1 computes no Enter of a pruned variable, nor what only its update reads)."""
    cond_b, body_b = op.attrs["cond"], op.attrs["body"]
    n = len(body_b.args)
    live = _while_live(op, read, list(exports))
    starts = [*(body_b.outputs[j] for j in live), *exports, *body_b.targets]
    captured = _captures_read(op.graph, cond_b, cond_b.outputs)
    captured |= _captures_read(op.graph, body_b, starts)
    return [op.inputs[j] for j in live] + [t for t in op.inputs[n:] if t in captured]


def _captures_read(
    graph: Graph, body: Body, starts: list, controls: set | None = None
) -> set[Tensor]:
    """The values from outside `body` that computing `starts` (tensors or ops of the
    body, or captured values it returns) reads, through a cond's read outputs only; the
    control inputs from outside that the ops computing them name are added to
    `controls`, when given."""
    found: set[Tensor] = set()
    stack = []
    for s in starts:
        if placer(graph, s.op if isinstance(s, Tensor) else s, body) is None:
            found.add(s)
        else:
            stack.append(_reached(graph, body, s))
    seen: set[tuple] = set()
    while stack:
        inner, j = stack.pop()
        if (inner, j) in seen:
            continue
        seen.add((inner, j))
        if j is not None:
            inputs = _holder_reads(graph, inner, j)
        else:
            inputs = inner.inputs[1:] if inner.definition.ref_input else inner.inputs
        for t in inputs:
            if placer(graph, t.op, body) is None:
                found.add(t)
            else:
                stack.append(_reached(graph, body, t))
        for c in inner.control_inputs:
            if placer(graph, c, body) is not None:
                stack.append(_reached(graph, body, c))
            elif controls is not None:
                controls.add(c)
    return found


_while_kernel.takes_read = True
_while_kernel.inputs_read = _while_inputs_read
SUBGRAPH_KERNELS["While"] = _while_kernel
# How a cond or loop nested in a body reads its inputs, by op type (`_holder_reads`).
_HOLDER_READS: dict[str, Callable] = {
    "If": _if_starts_read,
    "While": _loop_starts_read,
    "WhileGrad": _loop_starts_read,
}


def while_loop(
    cond: Callable,
    body: Callable,
    loop_vars: Any,
    shape_invariants: Any = None,
    parallel_iterations: int = 10,
    back_prop: bool = True,
    swap_memory: bool = False,
    name: str | None = None,
    maximum_iterations: Any = None,
    return_same_structure: bool = False,
) -> Any:
    """Repeat `body` while `cond` holds, as TF1's `tf.while_loop`.

    Parameters
    ----------
    cond, body:
        Functions of the loop variables; `cond` returns a scalar bool, `body` new values
        of the same structure, dtypes and shapes (within `shape_invariants`).
    loop_vars:
        A tensor or a (nested) list, tuple or dict of them.
    shape_invariants:
        Shapes (same structure) a loop variable may take; None dims may vary by iteration.
    maximum_iterations:
        Stop after this many iterations at most (an int or an int scalar tensor).
    back_prop:
        False: no gradient flows through the loop (`gradients` gives None), as TF1's.
    parallel_iterations, swap_memory:
        Accepted for TF1 compatibility; iterations run one after another.

    Returns
    -------
    The final loop variables, in `loop_vars`' structure (a one-element list is unpacked
    unless `return_same_structure`).

    Raises
    ------
    GraphgateError
        SHAPE_MISMATCH when a variable's shape leaves its invariant, DTYPE_MISMATCH when
        `body` changes a dtype, INVALID_CONTROL_FLOW when it changes the structure; at run
        time TOO_MANY_ITERATIONS past the limits' `max_loop_iterations`.
    """
    if not callable(cond) or not callable(body):
        raise error("NOT_CALLABLE", "while_loop needs cond and body, both callables")
    if parallel_iterations < 1:  # TF1's check, a TypeError there
        raise error(
            "INVALID_ATTR", "'parallel_iterations' must be a positive integer.", also=(TypeError,)
        )
    flat_vars = flatten(loop_vars)
    if not flat_vars:
        raise _invalid("while_loop needs at least one loop variable")
    arrays = [v if _is_array(v) else None for v in flat_vars]
    flat_vars = [v.flow if a is not None else v for v, a in zip(flat_vars, arrays, strict=True)]
    graph = next((v.graph for v in flat_vars if isinstance(v, Tensor)), get_default_graph())
    with graph.as_default(), graph.name_scope(name or "while") as scope:
        flat = [convert_to_tensor(v, graph=graph) for v in flat_vars]
        counted = maximum_iterations is not None
        # What TF1 compares the body's result and the shape invariants with: with a
        # maximum, the loop variables nest under its counter, a single one unpacked.
        compared = _compared(loop_vars, counted, return_same_structure)
        invariants = _invariants(compared, flat, shape_invariants, arrays)
        if counted:
            limit = convert_to_tensor(maximum_iterations, graph=graph)
            flat = [convert_to_tensor(np.int32(0), graph=graph), *flat]
            invariants = [(), *invariants]

        def user_args(args: list[Tensor]) -> list:
            packed = pack_as(loop_vars, _as_arrays(arrays, args[1:] if counted else args))
            # TF1 calls cond(*loop_vars) and body(*loop_vars): a dict at the top is
            # spread as its keys, so a cond or body written for the dict fails building.
            return list(packed) if isinstance(loop_vars, list | tuple | dict) else [packed]

        specs = [(t.dtype, inv) for t, inv in zip(flat, invariants, strict=True)]
        cond_b, pred = _trace(graph, cond, user_args, specs)
        if counted:
            with graph.control_dependencies(None), graph.building_body(cond_b):
                from .math_ops import less, logical_and

                below = less(cond_b.args[0], _cast_like(limit, cond_b.args[0]))
                pred = logical_and(below, convert_to_tensor(pred, _dt.bool_, graph=graph))
        _outputs_into(graph, cond_b, [pred], [_dt.bool_])
        if cond_b.outputs[0].dtype != _dt.bool_ or cond_b.outputs[0].static_shape not in (None, ()):
            raise _invalid("while_loop's cond must return a scalar bool")
        body_b, result = _trace(graph, body, user_args, specs)
        returned = _returned(compared, result)
        if returned is None:
            flat_out = _body_results(loop_vars, result)
        else:
            flat_out = [v.flow if _is_array(v) else v for v in flatten(returned)]
        if counted:
            with graph.control_dependencies(None), graph.building_body(body_b):
                flat_out = [body_b.args[0] + np.int32(1), *flat_out]
        _outputs_into(graph, body_b, flat_out, [t.dtype for t in flat])
        _check_loop_shapes(flat, body_b, invariants)
        _reread_updated_variables(graph, [cond_b, body_b])
        flat = list(_ref_reads.reread_captures(graph, [cond_b, body_b], tuple(flat)))
        captures, controls = _close(graph, [cond_b, body_b])
        attrs = {"cond": cond_b, "body": body_b}
        if not back_prop:
            attrs["back_prop"] = False
        op = graph.create_op(
            "While",
            (*flat, *captures),
            attrs,
            scope.rstrip("/"),
            exact_name=True,
            control_inputs=controls,
        )
        _ref_reads.note_bodies(graph, op)
        exits = _named_outputs(graph, op.outputs[: len(flat)], "Exit")
    _bind(op, [cond_b, body_b])
    outs = exits[1 if counted else 0 :]
    if returned is None:  # one loop variable, or a dict: graphgate's own forms
        packed = pack_as(loop_vars, _as_arrays(arrays, outs))
        if not return_same_structure and isinstance(packed, list | tuple) and len(packed) == 1:
            return packed[0]
        return packed
    # TF1 packs the Exits as the body returned them (a tuple for a list of loop_vars).
    packed = pack_as(returned, _as_arrays(arrays, outs))
    if not counted and not return_same_structure and len(outs) == 1:
        return packed[0]
    return packed


def _is_array(v: Any) -> bool:
    """Whether `v` is a TensorArray (or anything else a loop carries as its `flow`)."""
    return hasattr(v, "_with_flow") and hasattr(v, "_loop_invariant")


def _as_arrays(arrays: list, values: list) -> list:
    """The loop's tensors, with the TensorArrays among the loop variables rebuilt on their
    flows."""
    return [v if a is None else a._with_flow(v) for v, a in zip(values, arrays, strict=True)]


def _cast_like(t: Tensor, like: Tensor) -> Tensor:
    from .math_ops import cast

    return t if t.dtype == like.dtype else cast(t, like.dtype)


def _invariants(compared: Any, flat: list[Tensor], shape_invariants: Any, arrays: list) -> list:
    """Each loop variable's shape invariant; a TensorArray's is its own (its flow's shape
    is graphgate's, so a TF1 program cannot name it). `compared`: what TF1 compares the
    invariants with (`_compared`), or the loop variables of graphgate's own forms."""
    if shape_invariants is None:
        shapes = [t.static_shape for t in flat]
    elif isinstance(compared, _Compared):
        shapes = _ragged_invariants(
            compared.structure, _invariant_leaves(compared.given, shape_invariants)
        )
    else:
        shapes = _flatten_like(compared, shape_invariants)
    out = []
    for t, s, a in zip(flat, shapes, arrays, strict=True):
        if a is not None:
            out.append(a._loop_invariant())
            continue
        inv = t.static_shape if s is None and shape_invariants is not None else _shape_tuple(s)
        if not _fits(t.static_shape, inv):
            raise error(
                "SHAPE_MISMATCH",
                f"loop variable {t.name} has shape {_shape_text(t.static_shape)}, which is not "
                f"compatible with its shape invariant {_shape_text(inv)}",
                node=t.op.name,
            )
        out.append(inv)
    return out


class _Compared:
    """The structure TF1's while_loop compares the body's result and the shape
    invariants with (`structure`), and whether the result is compared as returned
    (`as_returned`, with a maximum) or as a list of its top-level items. `given`: what
    TF1 maps the shape invariants over, the loop variables as given (a tuple's invariants
    are a tuple, a namedtuple's that namedtuple), however the body's result is compared."""

    __slots__ = ("as_returned", "given", "structure")

    def __init__(self, structure: Any, as_returned: bool, given: Any = None):
        self.structure = structure
        self.as_returned = as_returned
        self.given = structure if given is None else given


def _compared(loop_vars: Any, counted: bool, same_structure: bool) -> _Compared | None:
    """TF1's structure of reference for a list or tuple of loop variables: with
    `maximum_iterations` the variables nest under the counter (`(counter, loop_vars)`, or
    `(counter, loop_vars[0])` for one variable without `return_same_structure`) and are
    compared as they are, sequence types included; without, as lists. None for one loop
    variable or a dict (which TF1 does not take: graphgate's own forms, checked as such)."""
    if not isinstance(loop_vars, list | tuple):
        return None
    if counted:
        one = len(loop_vars) == 1 and not same_structure
        return _Compared(loop_vars[0] if one else loop_vars, True)
    return _Compared(list(loop_vars), False, loop_vars)


def _structure_error(first: Any, second: Any, expand_composites: bool = False) -> Exception | None:
    """TF's error when `nest.assert_same_structure(first, second)` fails (TypeError for a
    sequence of another type, ValueError for another nesting, count or dict keys)."""
    from ..tf_nest import assert_same_structure

    try:
        assert_same_structure(first, second, expand_composites=expand_composites)
    except (TypeError, ValueError) as exc:
        # INVALID_CONTROL_FLOW is a ValueError; a sequence of another type is TypeError.
        kind = (TypeError,) if isinstance(exc, TypeError) else ()
        return error(
            "INVALID_CONTROL_FLOW",
            "The two structures don't have the same nested structure.\n\n"
            f"More specifically: {str(exc).splitlines()[0]}\n"
            f"Entire first structure:\n{_skeleton(first)}\n"
            f"Entire second structure:\n{_skeleton(second)}",
            also=kind,
        )
    return None


def _skeleton(x: Any) -> str:
    """A structure with its leaves as dots, as TF's nest error shows it."""
    if isinstance(x, dict):
        return "{" + ", ".join(f"{k!r}: {_skeleton(v)}" for k, v in x.items()) + "}"
    if isinstance(x, tuple) and hasattr(x, "_fields"):
        items = ", ".join(f"{k}={_skeleton(v)}" for k, v in zip(x._fields, x, strict=True))
        return f"{type(x).__name__}({items})"
    if isinstance(x, tuple):
        return "(" + ", ".join(map(_skeleton, x)) + ("," if len(x) == 1 else "") + ")"
    if isinstance(x, list):
        return "[" + ", ".join(map(_skeleton, x)) + "]"
    return "."


def _invariant_leaves(structure: Any, shape_invariants: Any) -> list:
    """The shape invariants, one per loop variable, checked as TF1's while_loop checks
    them: the structure of the loop variables (`nest.map_structure`: a list is a
    structure, never a shape) and a TensorShape, TensorSpec or None at each leaf."""
    from ..tf_nest import flatten as nest_flatten

    shape_invariants = _spec_shapes(shape_invariants)
    exc = _structure_error(structure, shape_invariants)
    if exc is not None:
        raise exc
    leaves = nest_flatten(shape_invariants)
    for leaf in leaves:
        if leaf is not None and not isinstance(leaf, TensorShape):
            raise error(
                "INVALID_ATTR",
                f"'shape' must be one of TypeSpec, TensorShape or None. Received: {type(leaf)}",
                also=(TypeError,),
            )
    return leaves


def _ragged_invariants(structure: Any, shapes: list) -> list:
    """`shapes` (one per loop variable) with a RaggedTensor's invariant made one per part,
    as TF's RaggedTensorSpec makes it: the flat values' rows and each row partition's
    length left free, the flat values' inner dimensions the invariant's."""
    from ..ragged_tensor import RaggedTensor
    from ..tf_nest import flatten as nest_flatten

    out: list = []
    for leaf, shape in zip(nest_flatten(structure), shapes, strict=True):
        if not isinstance(leaf, RaggedTensor):
            out.append(shape)
            continue
        if shape is None:  # no invariant: each part keeps its own shape
            out.extend([None] * (leaf.ragged_rank + 1))
            continue
        dims = TensorShape(shape)._dims
        out.append(TensorShape(None if dims is None else [None, *dims[leaf.ragged_rank + 1 :]]))
        out.extend(TensorShape([None]) for _ in range(leaf.ragged_rank))
    return out


def _spec_shapes(x: Any) -> Any:
    """`x` with each TensorSpec its shape: a leaf, as TF's TypeSpec is to nest (graphgate's
    TensorSpec is a namedtuple, which nest would descend into)."""
    from ..data import TensorSpec

    if isinstance(x, TensorSpec):
        return TensorShape(x.shape)
    if isinstance(x, dict):
        return {k: _spec_shapes(v) for k, v in x.items()}
    if isinstance(x, tuple) and hasattr(x, "_fields"):
        return type(x)(*map(_spec_shapes, x))
    if isinstance(x, list | tuple):
        return type(x)(map(_spec_shapes, x))
    return x


def _returned(compared: _Compared | None, result: Any) -> Any:
    """The body's result checked against the loop variables as TF1 checks it, in the
    structure the loop's result takes (TF1 packs its Exits as the body returned them);
    None for graphgate's own forms (one loop variable, a dict), which `_body_results`
    checks."""
    if compared is None:
        return None
    if compared.as_returned:
        second = result
    else:
        # TF1 makes a lone value a list (its body may return one tensor for [x]).
        second = result if isinstance(result, list | tuple | dict) else [result]
    first = compared.structure
    # Composites expanded: a body returning a RaggedTensor of another ragged_rank, or a
    # dense value for a ragged one, is refused as TF refuses it, not met later by the parts.
    exc = _structure_error(first, second if compared.as_returned else _listed(second), True)
    if exc is not None:
        raise exc
    return second


def _listed(x: Any) -> Any:
    return list(x) if isinstance(x, list | tuple) else x


def _flatten_like(structure: Any, other: Any) -> list:
    """`other`'s items at the leaves of `structure` (a shape such as [None, 2] is then one
    leaf, where tf.nest would see a list)."""
    if isinstance(structure, dict):
        if not isinstance(other, dict) or sorted(other) != sorted(structure):
            raise _invalid("shape_invariants must have the structure of loop_vars")
        return [v for k in sorted(structure) for v in _flatten_like(structure[k], other[k])]
    if isinstance(structure, list | tuple):
        if not isinstance(other, list | tuple) or len(other) != len(structure):
            raise _invalid("shape_invariants must have the structure of loop_vars")
        return [v for s, o in zip(structure, other, strict=True) for v in _flatten_like(s, o)]
    return [other]


def _shape_text(shape: tuple | None) -> str:
    if shape is None:
        return "<unknown>"
    return "(" + ", ".join("?" if d is None else str(d) for d in shape) + ")"


def _body_results(loop_vars: Any, result: Any) -> list:
    single = not isinstance(loop_vars, list | tuple | dict)
    if single and not isinstance(result, list | tuple | dict):
        return [result.flow if _is_array(result) else result]
    if (
        isinstance(loop_vars, list | tuple)
        and len(loop_vars) == 1
        and not isinstance(result, list | tuple)
    ):
        result = [result]
    if single or not _same_structure(loop_vars, result):
        raise _invalid(
            "body must return the structure of loop_vars, got "
            f"{_describe(result)} for {_describe(loop_vars)}"
        )
    return [v.flow if _is_array(v) else v for v in flatten(result)]


def _check_loop_shapes(flat: list[Tensor], body_b: Body, invariants: list) -> None:
    for t, out, inv in zip(flat, body_b.outputs, invariants, strict=True):
        if out.dtype != t.dtype:
            raise error(
                "DTYPE_MISMATCH",
                f"loop variable {t.name} enters the loop as {t.dtype.name} but the body "
                f"returns {out.dtype.name}",
                node=out.op.name,
            )
        if not _fits(out.static_shape, inv):
            raise error(
                "SHAPE_MISMATCH",
                f"loop variable {t.name} enters the loop with shape {_shape_text(inv)}, but "
                f"has shape {_shape_text(out.static_shape)} after one iteration; to allow the "
                "shape to vary across iterations, use the shape_invariants argument",
                node=out.op.name,
            )


# -- loops over the first dimension ----------------------------------------------------------


def _elems(elems: Any, graph: Graph) -> tuple[list[Tensor], Tensor]:
    from .array_ops import shape

    flat = [convert_to_tensor(e, graph=graph) for e in flatten(elems)]
    if not flat:
        raise _invalid("elems must hold at least one tensor")
    for t in flat:
        if t.static_shape is not None and len(t.static_shape) == 0:
            raise error("SHAPE_MISMATCH", f"elems {t.name} must have rank 1 or more")
    n = flat[0].static_shape[0] if flat[0].static_shape is not None else None
    count = convert_to_tensor(np.int32(n), graph=graph) if n is not None else shape(flat[0])[0]
    return flat, count


# The gathers `_row` makes, per graph by op index: map_fn/foldl/scan reading an element,
# which TF1 reads from a TensorArray, whose gradient is dense (not a lookup's slices).
_ELEMENT_READS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _row(t: Tensor, i: Tensor) -> Tensor:
    from .array_ops import gather

    row = gather(t, i)
    _ELEMENT_READS.setdefault(row.op.graph, set()).add(row.op.index)
    return row


def _flat(t: Tensor) -> Tensor:
    from .array_ops import reshape

    return reshape(t, [-1])


def _append(acc: Tensor, value: Tensor, front: bool) -> Tensor:
    from .array_ops import concat

    return concat([_flat(value), acc] if front else [acc, _flat(value)], 0)


def map_fn(
    fn: Callable,
    elems: Any,
    dtype: Any = None,
    parallel_iterations: int | None = None,
    back_prop: bool = True,
    swap_memory: bool = False,
    infer_shape: bool = True,
    name: str | None = None,
    fn_output_signature: Any = None,
) -> Any:
    """`fn` applied to each row of `elems` (unpacked along dimension 0), stacked, as TF1's
    `tf.map_fn`; `dtype` gives the output structure when it differs from `elems`', as TF 2's
    `fn_output_signature` does (dtypes or `TensorSpec`s; it wins over `dtype`, as TF's).
    Rows whose static shape is not fully known take their shape when the graph runs, each
    checked against the one before (TF's TensorArray write)."""
    if fn_output_signature is not None:
        dtype = _signature_dtypes(fn_output_signature)
    return _scan_like(fn, elems, None, dtype, name or "map", "map", False, back_prop)


def _signature_dtypes(signature: Any) -> Any:
    """`map_fn`'s output signature with each `TensorSpec` as its dtype (a spec is a
    namedtuple, so nest would walk into it)."""
    from ..data import TensorSpec  # data builds on control flow

    if isinstance(signature, TensorSpec):
        return signature.dtype
    if isinstance(signature, dict):
        return {k: _signature_dtypes(v) for k, v in signature.items()}
    if type(signature) in (list, tuple):
        return type(signature)(_signature_dtypes(v) for v in signature)
    return signature


def scan(
    fn: Callable,
    elems: Any,
    initializer: Any = None,
    parallel_iterations: int = 10,
    back_prop: bool = True,
    swap_memory: bool = False,
    infer_shape: bool = True,
    reverse: bool = False,
    name: str | None = None,
) -> Any:
    """Every intermediate accumulator of `fn(acc, row)` over the rows of `elems`, stacked
    (TF1's `tf.scan`); without `initializer` the first row is the first accumulator."""
    return _scan_like(fn, elems, initializer, None, name or "scan", "scan", reverse, back_prop)


def foldl(
    fn: Callable,
    elems: Any,
    initializer: Any = None,
    parallel_iterations: int = 10,
    back_prop: bool = True,
    swap_memory: bool = False,
    name: str | None = None,
) -> Any:
    """`fn(acc, row)` over the rows of `elems` from first to last (TF1's `tf.foldl`)."""
    return _scan_like(fn, elems, initializer, None, name or "foldl", "fold", False, back_prop)


def foldr(
    fn: Callable,
    elems: Any,
    initializer: Any = None,
    parallel_iterations: int = 10,
    back_prop: bool = True,
    swap_memory: bool = False,
    name: str | None = None,
) -> Any:
    """`fn(acc, row)` over the rows of `elems` from last to first (TF1's `tf.foldr`)."""
    return _scan_like(fn, elems, initializer, None, name or "foldr", "fold", True, back_prop)


def _scan_like(fn, elems, initializer, dtype, name, mode, reverse, back_prop=True):
    """One while_loop serves map, scan and the folds: a row index, the accumulators (none
    for map) and, except for folds, the outputs so far flattened into one vector each
    (their shape then stays fixed in rank across iterations), reshaped at the end."""
    graph = get_default_graph()
    with graph.as_default(), graph.name_scope(name):
        flat, count = _elems(elems, graph)
        accs0, start = _initial(mode, elems, flat, count, initializer, reverse, graph)
        out_dtypes = [a.dtype for a in accs0] if mode != "map" else _map_dtypes(dtype, flat)
        stacks0 = _first_outputs(mode, accs0, out_dtypes, start)
        # Each output's run-time shape, for outputs whose static shape is not fully known
        # (TF's TensorArray learns its elements' shape as it is written).
        # (scan from the first row starts from that row's shape; map from none, unchecked)
        shapes0 = [_shape_of(a) for a in accs0] if start else [_no_shape() for _ in stacks0]
        rows: list = []

        def step(i, accs, stacks, shapes):
            k = count - 1 - i if reverse else i
            row = pack_as(elems, [_row(t, k) for t in flat])
            if mode == "map":
                new = flatten(fn(row))
            else:
                new = flatten(
                    fn(pack_as(initializer if initializer is not None else elems, accs), row)
                )
            dtypes = out_dtypes if mode == "map" else [a.dtype for a in accs]
            new = [convert_to_tensor(v, d, graph=graph) for v, d in zip(new, dtypes, strict=True)]
            rows[:] = [v.static_shape for v in new]
            if mode != "fold":
                stacks = [_append(s, v, reverse) for s, v in zip(stacks, new, strict=True)]
                shapes = [_checked_shape(v, prev, i) for v, prev in zip(new, shapes, strict=True)]
            return i + 1, (accs if mode == "map" else new), stacks, shapes

        _, accs, stacks, shapes = while_loop(
            lambda i, accs, stacks, shapes: i < count,
            step,
            [convert_to_tensor(np.int32(start), graph=graph), accs0, stacks0, shapes0],
            shape_invariants=[
                TensorShape(()),
                [TensorShape(a.static_shape) for a in accs0],
                [TensorShape((None,))] * len(stacks0),
                [TensorShape((None,))] * len(shapes0),
            ],
            back_prop=back_prop,
            return_same_structure=True,
        )
        if mode == "fold":
            return pack_as(initializer if initializer is not None else elems, accs)
        stacked = _stacked(mode, stacks, rows, shapes, count, _leading(flat[0]))
        return pack_as(_output_structure(mode, elems, dtype, initializer), stacked)


def _shape_of(t: Tensor) -> Tensor:
    from .array_ops import shape

    return shape(t, out_type=_dt.int32)


def _checked_shape(value: Tensor, prev: Tensor, i: Tensor) -> Tensor:
    """`value`'s run-time shape, the run failing (as TF's TensorArray write) when it is not
    the previous row's: the stacked rows are reshaped by the last one's shape, so rows of
    [2, 3] and [3, 2] must not pass as two [3, 2]."""
    from .array_ops import concat, identity, size, zeros
    from .debug_ops import Assert
    from .math_ops import equal, logical_or
    from .reduce_ops import reduce_all

    if value.static_shape is not None and None not in value.static_shape:
        return prev  # the static shape stacks these rows: no op in the loop
    shape = _shape_of(value)
    # [len a, a, 0 * len b] == [len b, b, 0 * len a] exactly when a == b.
    mine = concat([[size(shape)], shape, zeros([size(prev)], _dt.int32)], 0)
    theirs = concat([[size(prev)], prev, zeros([size(shape)], _dt.int32)], 0)
    same = logical_or(equal(i, 0), reduce_all(equal(mine, theirs)))
    check = Assert(same, ["map_fn/scan: fn's outputs differ in shape between elements"])
    with get_default_graph().control_dependencies([check]):
        return identity(shape)


def _no_shape() -> Tensor:
    from .array_ops import zeros

    return zeros([0], _dt.int32)


def _leading(t: Tensor) -> int:
    """The static length of `t`'s first dimension, -1 when unknown: the stacked outputs
    have that many rows, and TF1 gives them that static shape."""
    shape = t.static_shape
    return -1 if shape is None or shape[0] is None else shape[0]


def _initial(mode, elems, flat, count, initializer, reverse, graph):
    if mode == "map":
        return [], 0
    if initializer is not None:
        return [convert_to_tensor(a, graph=graph) for a in flatten(initializer)], 0
    first = count - 1 if reverse else convert_to_tensor(np.int32(0), graph=graph)
    return [_row(t, first) for t in flat], 1


def _map_dtypes(dtype, flat) -> list:
    if dtype is None:
        return [t.dtype for t in flat]
    return [_dt.as_dtype(d) for d in flatten(dtype)]


def _first_outputs(mode, accs0, out_dtypes, start) -> list:
    """The flat outputs before the loop: empty, or the first accumulator when scan starts
    from the first row."""
    from .array_ops import zeros

    if mode == "fold":
        return []
    if start:
        return [_flat(a) for a in accs0]
    return [zeros([0], d) for d in out_dtypes]


def _stacked(mode, stacks, rows, shapes, count, n) -> list:
    from .array_ops import reshape

    out = []
    for s, row, run_shape in zip(stacks, rows, shapes, strict=True):
        # Named as TF1 names the stacked TensorArray: `map/TensorArrayStack/TensorArrayGatherV3`.
        with get_default_graph().name_scope("TensorArrayStack"):
            if row is not None and None not in row:
                out.append(reshape(s, [n, *row], name="TensorArrayGatherV3"))
                continue
            out.append(_stacked_at_run_time(mode, s, row, run_shape, count, n))
    return out


def _stacked_at_run_time(mode, s, row, run_shape, count, n) -> Tensor:
    """Rows whose shape is known only at run time, reshaped by the last one's (the loop
    checked they agree). With no rows there is no shape to give them: TF's TensorArray
    refuses to stack zero elements of a shape not fully defined, and so does this."""
    from .array_ops import concat, reshape
    from .debug_ops import Assert
    from .math_ops import greater

    some = Assert(greater(count, 0), [f"{mode}: no elements, and fn's output shape is unknown"])
    with get_default_graph().control_dependencies([some]):
        stacked = reshape(s, concat([[n], run_shape], 0), name="TensorArrayGatherV3")
    if row is not None:
        stacked.set_shape([None if n < 0 else n, *row])
    return stacked


def _output_structure(mode, elems, dtype, initializer):
    if mode == "map":
        return elems if dtype is None else dtype
    return initializer if initializer is not None else elems


# -- gradients ------------------------------------------------------------------------------


def _float(t: Tensor) -> bool:
    return t.dtype in _dt.DIFFERENTIABLE


def _is_reached(t: Tensor, reached: Any) -> bool:
    """Whether `t`, an input of a cond or loop, depends on some x of `gradients` (its
    `reached` inputs; None when not known: all)."""
    return reached is None or t in reached


def _reached_in(graph: Graph, body: Body, starts: set[Tensor]) -> set[Tensor]:
    """The tensors of `body` (and `starts`) that depend on `starts` (its arguments or the
    values it captures) through differentiable values: TF1's gradients() reaches an op
    only from a trainable tensor it reads (`_MarkReachedOps`), so a path through an
    integer or a bool (a comparison, a shape) ends there."""
    reached = set(starts)
    for op in sorted(body.ops, key=lambda o: o.index):
        ins = [t for t in op.inputs if t in reached]
        if not ins:
            continue
        outs = _holder_reached(graph, op, frozenset(ins))
        reached.update(t for t in outs if t.dtype in _dt.DIFFERENTIABLE)
    return reached


def _holder_reached(graph: Graph, op: Operation, ins: frozenset) -> list[Tensor]:
    """The outputs of `op` that depend on its inputs `ins`: a nested cond's through its
    branches, a nested loop's through its variables, any other op's all."""
    if op.type == "If":
        out = []
        for branch in (op.attrs["then_branch"], op.attrs["else_branch"]):
            inside = _reached_in(graph, branch, {t for t in branch.captures if t in ins})
            out += [op.outputs[i] for i, t in enumerate(branch.outputs) if t in inside]
        return out
    if op.type == "While":
        return [op.outputs[j] for j in _reached_vars(graph, op, ins)]
    return list(op.outputs)


def _reached_vars(graph: Graph, op: Operation, reached: Any) -> set[int]:
    """The variables of the loop `op` whose values depend on its `reached` inputs (None:
    all): those whose initial value does, and, until nothing changes, those whose next
    value reads a reached variable or captured value (TF1's reach through the loop's
    Merge and NextIteration nodes)."""
    body = op.attrs["body"]
    n = len(body.args)
    if reached is None:
        return set(range(n))
    found = {j for j in range(n) if op.inputs[j] in reached}
    outside = {t for t in body.captures if t in reached}
    while True:
        inside = _reached_in(graph, body, {body.args[j] for j in found} | outside)
        more = {j for j, t in enumerate(body.outputs) if t in inside} - found
        if not more:
            return found
        found |= more


@register_gradient("If")
def _if_grad(
    op: Operation, *grads: Tensor | None, inner: dict | None = None, reached: Any = None
) -> list:
    """The gradient cond: each branch differentiated with its outputs' gradients and, in
    `inner`, those of its own values that ops outside read (a second derivative
    through a cond reaches the forward branch's values that its gradient cond read).

    A capture a branch may look rows of up (`_looked_up`) gets TF1's gradient instead of
    one dense tensor: TF1 captures it into each branch reading it by a Switch, whose
    gradient merges that branch's gradient with zeros for the other branch, a dense side
    made IndexedSlices of every row (`_SwitchGrad`, `ZerosLikeOutsideLoop`, `merge`). So
    per branch reading it the gradient cond returns slices (values, int64 indices),
    `range(rows)` and zeros where the other branch ran, made one `GatherGrad` outside:
    the optimizers then update the rows TF1's sparse update touches, which depend on the
    branch taken; the branches' slices are concatenated (an AddN of GatherGrads), and a
    branch's dense gradient makes the whole dense, as TF's aggregation does.

    `reached` (from `gradients`): the inputs that depend on some x; the branches are
    differentiated with respect to those captures only (None: all)."""
    from ..gradients_impl import gradients
    from .array_ops import zeros_like

    graph = op.graph
    then_b, else_b = op.attrs["then_branch"], op.attrs["else_branch"]
    picked = [i for i, g in enumerate(grads) if g is not None]
    inner = inner or {}
    # Only the captured values the differentiated outputs read: TF1's gradients() gives
    # the others None, and a zeros_like of one would make the forward pass compute it
    # (in a loop, a variable no fetch needs, with its side effects).
    starts = [b.outputs[i] for b in (then_b, else_b) for i in picked] + list(inner)
    read = set(_if_reads(graph, op, starts))
    # A variable `read_value()` reads in a branch is no value the cond reads (`find_captures`)
    # but its gradient is the branches' to give, as through TF1's ref Switch: None where
    # neither branch's differentiated outputs read it.
    by_ref = {t for t in op.inputs[1:] if t.op.type == "VariableV2" and t not in read}
    connected: set[Tensor] = set()
    xs = [
        t
        for t in op.inputs[1:]
        if _float(t) and (t in read or t in by_ref) and _is_reached(t, reached)
    ]
    if not xs:
        return [None] * len(op.inputs)
    sparse = [x for x in xs if _looked_up(graph, x, (then_b, else_b))]
    plain = [x for x in xs if x not in sparse]
    kinds: dict = {}

    def branch(body: Body, side: int) -> Callable:
        def build():
            own = [t for t in inner if _inside(graph, t.op, body)]
            ys = [body.outputs[i] for i in picked] + own
            grad_ys = [grads[i] for i in picked] + [inner[t] for t in own]
            gs = gradients(ys, xs, grad_ys=grad_ys, within=body) if ys else [None] * len(xs)
            by_x = dict(zip(xs, gs, strict=True))
            connected.update(x for x, g in by_x.items() if g is not None)
            dense = [
                by_x[x] if by_x[x] is not None else zeros_like(tf_reads.get(x, x)) for x in plain
            ]
            return dense + [part for x in sparse for part in _switch_grads(x, by_x[x], side, kinds)]

        return build

    with graph.as_default(), _ref_reads.branch_updates_unordered(op) as tf_reads:
        outs = cond(
            op.inputs[0], branch(then_b, 0), branch(else_b, 1), strict=True, name="cond_grad"
        )
        by_input = dict(zip(plain, outs[: len(plain)], strict=True))
        for x in _read_by_both(graph, op, starts, plain):
            # TF1 captures x into each branch by a Switch of its own, and the one of the
            # branch not taken gives zeros: x's gradient is the taken branch's plus +0,
            # which makes a -0 +0 (the same value otherwise, whatever else is summed).
            by_input[x] = by_input[x] + np.zeros((), by_input[x].dtype.as_numpy_dtype)
        rest = iter(outs[len(plain) :])
        for x in sparse:
            by_input[x] = _merged_switch_grads(
                x, [(next(rest), next(rest)) for _ in range(2)], kinds
            )
    return [None] + [
        None if t in by_ref and t not in connected else by_input.get(t) for t in op.inputs[1:]
    ]


_if_grad.takes_reached = True


def _read_by_both(graph: Graph, op: Operation, starts: list, xs: list) -> list[Tensor]:
    """Those of `xs` that both branches of the cond `op` read computing `starts`."""
    then_b, else_b = op.attrs["then_branch"], op.attrs["else_branch"]
    both = set(_captures_read(graph, then_b, _in_branch(graph, then_b, starts)))
    both &= set(_captures_read(graph, else_b, _in_branch(graph, else_b, starts)))
    return [x for x in xs if x in both]


def _looked_up(graph: Graph, x: Tensor, bodies: tuple) -> bool:
    """Whether a branch (or a body in one) gathers rows of `x` along axis 0: only then can
    TF1's gradient of `x` be IndexedSlices."""
    from .array_ops import gathers_along_axis_zero

    element_reads = _ELEMENT_READS.get(graph, ())
    return any(
        c.type == "GatherV2"
        and c.inputs[0] is x
        and gathers_along_axis_zero(c)
        and c.index not in element_reads
        and any(_inside(graph, c, b) for b in bodies)
        for c in x.consumers()
    )


def _switch_grads(x: Tensor, g: Tensor | None, side: int, kinds: dict) -> list:
    """In the branch being built (`side`, 0 then, 1 else): for each branch, the (values,
    int64 indices) its Switch's gradient of `x` merges to here: this branch's gradient as
    slices (every row for a dense one), zeros of every row for the other branch's; the
    kind of this branch's gradient (None, dense, or sparse with its indices' dtype) is
    noted in `kinds`."""
    from .array_ops import indexed_slices, shape, zeros_like
    from .extra_array_ops import range as range_
    from .math_ops import cast

    every_row = cast(range_(0, shape(x, out_type=_dt.int32)[0]), _dt.int64)
    out = []
    for s in (0, 1):
        if s != side:
            out += [zeros_like(x), every_row]
            continue
        slices = None if g is None else indexed_slices(g)
        if slices is None:
            kinds[(x, s)] = None if g is None else "dense"
            out += [zeros_like(x) if g is None else g, every_row]
        else:
            kinds[(x, s)] = slices[1].dtype
            out += [slices[0], cast(slices[1], _dt.int64)]
    return out


def _as_dtype(t: Tensor, dtype: Any) -> Tensor:
    from .math_ops import cast

    return t if t.dtype == dtype else cast(t, dtype)


def _merged_switch_grads(x: Tensor, parts: list, kinds: dict) -> Tensor:
    """The gradient of `x` from its branches' merged Switch gradients: dense where one
    branch's is dense, else their slices concatenated (TF1's aggregation)."""
    from .array_ops import from_indexed_slices, zeros_like
    from .math_ops import add_n

    terms = []
    for s, (values, indices) in enumerate(parts):
        k = kinds.get((x, s))
        if k is None:
            continue
        if isinstance(k, str):  # dense
            terms.append(values)
        else:  # Merge keeps int32 indices only where both its inputs have them
            terms.append(from_indexed_slices(values, _as_dtype(indices, k), x))
    if not terms:
        return zeros_like(x)
    return terms[0] if len(terms) == 1 else add_n(terms)


def _inside(graph: Graph, op: Operation, body: Body) -> bool:
    """Whether `op` is in `body`, or in a body nested in it."""
    inner = graph.body_of(op)
    while inner is not None and inner is not body:
        inner = graph.body_of(inner.op) if inner.op is not None else None
    return inner is body


def _while_grad_infer(shapes, types, attrs):
    body, k, m = attrs["body"], attrs["n_vars"], attrs["n_caps"]
    out = [(t.static_shape, t.dtype) for t in body.outputs]
    # A dense capture's gradient is accumulated in the capture's shape (`_capture_acc`):
    # it knows what the body's per-iteration gradient may not (TF's accumulator has the
    # capture's static shape too). Sliced captures, two outputs each, come last.
    sliced = len(out) - k - m
    for c in range(m - sliced):
        own, cap = out[k + c][0], shapes[1 + k + c]
        if cap is not None and (own is None or len(own) == len(cap)):
            merged = (
                cap
                if own is None
                else tuple(a if a is not None else b for a, b in zip(own, cap, strict=True))
            )
            out[k + c] = (merged, out[k + c][1])
    return out


register_op(
    "WhileGrad",
    arity=(1, 1 << 30),
    infer=_while_grad_infer,
    attrs={"body": ("body", REQUIRED), "n_vars": ("int", 0), "n_caps": ("int", 0)},
    stateful=True,
    side_effects=True,
    needs_state=True,
    unknown_rank_ok=True,
)(_no_kernel)


class _GradPlan:
    """What a WhileGrad computes when some of its outputs are read: the gradient loop's
    variables it carries (`live`), the captures whose gradients it accumulates (`wanted`),
    and the gradient body's tensors it fetches for those."""

    def __init__(self, op: Operation, read: set[int] | None):
        graph = op.graph
        body = op.attrs["body"]
        k, m = op.attrs["n_vars"], op.attrs["n_caps"]
        self.fetches, self.adders = _capture_fetches(graph, body, k, m)
        # A sliced capture's gradient is two outputs (values, indices), the others one.
        firsts, at = [], k
        for _, _, add in self.adders:
            firsts.append(at)
            at += 2 if add is _append_slices else 1
        self.wanted = [
            i
            for i, (first, (_, _, add)) in enumerate(zip(firsts, self.adders, strict=True))
            if read is None or first in read or (add is _append_slices and first + 1 in read)
        ]
        self.cap_fetches = [
            self.fetches[t] for i in self.wanted for t in self._span(self.adders[i])
        ]
        # TF1's gradient loop runs only what the fetches read: the gradients of the
        # variables a read output needs, each iteration.
        self.live = live_loop_vars(
            graph,
            body,
            None if read is None else {j for j in read if j < k},
            k,
            self.cap_fetches,
            [],
        )

    @staticmethod
    def _span(adder: tuple) -> range:
        at, count, _ = adder
        return range(at, at + count)


def _acc_from_shape(cap: Tensor, add: Any) -> bool:
    """Whether a capture's accumulator starts from its static shape (TF1's `b_acc`
    constant), so the gradient reads no value of it; else from its run-time shape."""
    shape = cap.static_shape
    if shape is None:
        return False
    return None not in (shape[1:] if add is _append_slices else shape)


def _while_grad_kernel(
    op: Operation, exports: list[Tensor], compile_body: Callable, read: set[int] | None = None
) -> Callable:
    graph = op.graph
    if exports:
        raise _invalid(f"nothing may read inside {op.name}", op.name)
    body = op.attrs["body"]
    k, m = op.attrs["n_vars"], op.attrs["n_caps"]
    forward = op.inputs[0].op
    if forward.type != "While":
        raise _invalid(f"{op.name} must read a While's iteration count first", op.name)
    fbody = forward.attrs["body"]
    extra = op.inputs[1 + k + m :]
    stacked = [placer(graph, t.op, fbody) is not None for t in extra]
    need = _GradPlan(op, read)
    live, wanted, fetches, adders = need.live, need.wanted, need.fetches, need.adders
    owned = [j for j in live if any(own(graph, body, j) for own in IN_PLACE_LOOP_VARS)]
    plan = compile_body(
        body,
        [*body.args, *body.captures],
        [*(body.outputs[j] for j in live), *need.cap_fetches],
        (),
    )
    caps_t = op.inputs[1 + k : 1 + k + m]
    every = len(live) == k

    def kernel(state, count, *rest):
        gs = list(rest[:k])
        for j in owned:
            gs[j] = np.array(gs[j])  # the body's own copy, which it updates in place
        caps = rest[k : k + m]
        values = rest[k + m :]
        acc = {
            i: _capture_acc(caps_t[i], caps[i], adders[i][2], fetches, adders[i][0]) for i in wanted
        }
        for i in range(int(count) - 1, -1, -1):
            feeds = [v[i] if s else v for v, s in zip(values, stacked, strict=True)]
            outs = plan.call(state, gs + feeds)
            if every:
                gs = outs[:k]
            else:
                for j, v in zip(live, outs, strict=False):
                    gs[j] = v
            at = len(live)
            for c in wanted:
                n_fetched, add = adders[c][1], adders[c][2]
                if add is None:
                    acc[c] = acc[c] + outs[at]
                else:
                    add(acc[c], *outs[at : at + n_fetched])
                at += n_fetched
            if state.late():
                raise deadline_error(op)
        # An output no reader reads stays None (its gradient was not computed).
        outs = [*gs, *(a for c in range(m) for a in _acc_slots(acc.get(c), adders[c][2]))]
        return outs[0] if len(outs) == 1 else outs

    return kernel


def _while_grad_inputs_read(op: Operation, read: set[int] | None, exports: Any) -> list[Tensor]:
    """The inputs of the WhileGrad `op` its kernel reads: the forward loop's count and
    every value the gradient body reads from inside the forward loop (TF1 orders each
    stack push before its loop's counter, so a run of the gradient computes every value
    its gradient loop stacks), and of the rest what the read outputs need: the final
    gradients of the variables they carry, the captures whose accumulators start from a
    run-time shape, and the values from outside the gradient reads for them."""
    forward = op.inputs[0].op
    if forward.type != "While":
        return list(op.inputs)
    graph, body = op.graph, op.attrs["body"]
    fbody = forward.attrs["body"]
    k, m = op.attrs["n_vars"], op.attrs["n_caps"]
    need = _GradPlan(op, read)
    starts = [*(body.outputs[j] for j in need.live), *need.cap_fetches]
    outside = _captures_read(graph, body, starts)
    caps = op.inputs[1 + k : 1 + k + m]
    return [
        op.inputs[0],
        *(op.inputs[1 + j] for j in need.live),
        *(caps[i] for i in need.wanted if not _acc_from_shape(caps[i], need.adders[i][2])),
        *(
            t
            for t in op.inputs[1 + k + m :]
            if t in outside or placer(graph, t.op, fbody) is not None
        ),
    ]


def _capture_fetches(graph: Graph, body: Body, k: int, m: int | None = None) -> tuple[list, list]:
    """What the gradient body's plan returns: the loop variables' gradients, then per
    capture its gradient or, where a hook knows it is sparse, the tensors that add it
    (with (position, count, add) per capture, add None for a whole gradient). The last
    captures may have slices, a (values, indices) pair each (`_while_grad`): the body's
    outputs beyond one per capture say how many."""
    sliced = 0 if m is None else len(body.outputs) - k - m
    m = len(body.outputs) - k if m is None else m
    fetches, adders = list(body.outputs[:k]), []
    for t in body.outputs[k : k + m - sliced]:
        found = next((r for r in (h(graph, body, t) for h in SPARSE_CAPTURE_GRADS) if r), None)
        if found is None:
            adders.append((len(fetches), 1, None))
            fetches.append(t)
        else:
            tensors, add = found
            adders.append((len(fetches), len(tensors), add))
            fetches.extend(tensors)
    for pair in range(sliced):
        adders.append((len(fetches), 2, _append_slices))
        fetches.extend(body.outputs[k + m - sliced + 2 * pair : k + m - sliced + 2 * pair + 2])
    return fetches, adders


def _capture_acc(cap: Tensor, value: Any, add: Any, fetches: list, at: int) -> Any:
    """A capture's accumulator: zeros like it, or for slices TF1's
    `AddBackpropIndexedSlicesAccumulator` start, a zero row at index 0; of its static shape
    when known (`value` is then not read). (`at` counts the gradient body's fetches, which
    a sparse capture before it makes more than its outputs.)"""
    dtype = _dt.np_dtype_of(cap.dtype)
    shape = cap.static_shape if _acc_from_shape(cap, add) else np.shape(value)
    if hasattr(add, "start"):  # a hook's own accumulator
        return add.start(shape, dtype)
    if add is not _append_slices:
        return np.zeros(shape, dtype)
    index_dtype = _dt.np_dtype_of(fetches[at + 1].dtype)
    return ([np.zeros((1, *shape[1:]), dtype)], [np.zeros(1, index_dtype)])


def _append_slices(acc: tuple, values: Any, indices: Any) -> None:
    # Copies: the plan may reuse its output arrays in the next iteration.
    acc[0].append(np.array(values))
    acc[1].append(np.array(indices))


def _acc_slots(acc: Any, add: Any) -> list:
    """A capture's accumulated gradient as the kernel returns it: the array, or the
    slices' values and indices, the iterations' in the order the loop ran backward; Nones
    for a capture whose gradient no reader reads."""
    if acc is None:
        return [None, None] if add is _append_slices else [None]
    if hasattr(add, "finish"):
        return [add.finish(acc)]
    if isinstance(acc, tuple):
        return [np.concatenate(acc[0]), np.concatenate(acc[1])]
    return [acc]


_while_grad_kernel.takes_read = True
_while_grad_kernel.inputs_read = _while_grad_inputs_read
SUBGRAPH_KERNELS["WhileGrad"] = _while_grad_kernel
not_differentiable("CheckExclusive")


@register_gradient("WhileGrad")
def _while_grad_grad(op: Operation, *grads: Tensor | None) -> list:
    # An error, not None: a missing second-order term would be a silently wrong number.
    # TF1's is TypeError (raised by the gradient loop's _ExitGrad), with this message.
    raise error(
        "NO_GRADIENT",
        "Second-order gradient for while loops not supported.",
        node=op.name,
        details={"op": op.type},
        also=(TypeError,),
    )


def _zeros_for_exit(t: Tensor) -> Tensor:
    """The gradient of a loop variable no gradient reaches: zeros of its static shape when
    that is known, so the loop need not compute the variable (TF1's ZerosLikeForExit);
    else zeros like its final value."""
    from .array_ops import zeros, zeros_like

    shape = t.static_shape
    if shape is not None and None not in shape:
        return zeros(list(shape), t.dtype)
    return zeros_like(t)


@register_gradient("While")
def _while_grad(op: Operation, *grads: Tensor | None, reached: Any = None) -> list:
    """The gradient loop: the body's gradient run backwards once per iteration.

    `reached` (from `gradients`): the inputs that depend on some x (None: all). As TF1's
    gradients() differentiates only the ops between xs and ys, the loop is differentiated
    along its variables that depend on those (`_reached_vars`) and with respect to those
    captures only, so the gradient reads no value only the others need."""
    from ..gradients_impl import gradients
    from .array_ops import zeros_like

    graph = op.graph
    fbody = op.attrs["body"]
    n = len(fbody.args)
    # Only the variables a gradient reaches: those given one and those their next values
    # read. The others' gradients are zero throughout, and building them would make the
    # gradient run the forward ops they read (a TensorArray read, once only), as TF1's
    # gradients() builds nothing off the paths from ys to xs.
    on_path = _reached_vars(graph, op, reached)
    given = {j for j in on_path if grads[j] is not None}
    fl = [
        j
        for j in live_loop_vars(graph, fbody, given, n, [], [])
        if j in on_path and _float(fbody.args[j])
    ]
    caps = [t for t in op.inputs[n:] if _float(t) and _is_reached(t, reached)]
    if not fl or op.attrs.get("back_prop", True) is False:
        return [None] * len(op.inputs)
    with graph.as_default(), graph.name_scope("while_grad") as scope:
        finals = [grads[j] if grads[j] is not None else _zeros_for_exit(op.outputs[j]) for j in fl]
        specs = [(fbody.args[j].dtype, fbody.args[j].static_shape) for j in fl]
        # The captures no variable's next value reaches: TF1's gradients() gives them
        # None (no path from the ys), not zeros.
        unreached: set[Tensor] = set()

        sliced: dict = {}

        def build(*gys):
            ys = [fbody.outputs[j] for j in fl]
            xs = [fbody.args[j] for j in fl] + caps
            gs = gradients(ys, xs, grad_ys=list(gys), within=fbody)
            unreached.update(c for c, g in zip(caps, gs[len(fl) :], strict=True) if g is None)
            out = [g if g is not None else zeros_like(gy) for g, gy in zip(gs, gys, strict=False)]
            out += [
                g if g is not None else zeros_like(c)
                for g, c in zip(gs[len(fl) :], caps, strict=True)
            ]
            sliced.update(_loop_slices(graph, fbody, caps, gs[len(fl) :]))
            return out

        bg, result = _trace(graph, build, lambda args: args, specs)
        caps, result = _slices_last(caps, result, len(fl), sliced)
        _outputs_into(graph, bg, result)
        _ref_reads.reread_in_gradient(graph, op, bg)
        captures, controls = _close(graph, [bg])
        wg = graph.create_op(
            "WhileGrad",
            (op.outputs[n], *finals, *caps, *captures),
            {"body": bg, "n_vars": len(fl), "n_caps": len(caps)},
            scope.rstrip("/"),
            exact_name=True,
            control_inputs=controls,
        )
    _bind(wg, [bg])
    out: list = [None] * len(op.inputs)
    for pos, j in enumerate(fl):
        out[j] = wg.outputs[pos]
        # The gradient of a loop variable's initial value has that value's shape, whatever
        # the variable's invariant let it become (TF's gradient knows it too).
        if op.inputs[j].static_shape is not None:
            out[j].set_shape(op.inputs[j].static_shape)
    by_cap = {c: g for c, g in zip(caps, wg.outputs[len(fl) :], strict=False) if c not in unreached}
    _slices_outside(graph, wg, caps, sliced, by_cap)
    for i, t in enumerate(op.inputs[n:]):
        out[n + i] = by_cap.get(t)
    return out


_while_grad.takes_reached = True


def _loop_slices(graph: Graph, fbody: Body, caps: list, gs: list) -> dict:
    """The captures whose gradient in the loop's body TF1 holds as IndexedSlices (a lookup
    of the capture), with those slices' (values, indices) in the gradient body. TF1
    accumulates such a loop invariant's slices over the iterations
    (`AddBackpropIndexedSlicesAccumulator`), so the optimizers update only those rows."""
    from .array_ops import indexed_slices

    out = {}
    for c, g in zip(caps, gs, strict=True):
        if g is None or not _looked_up(graph, c, (fbody,)):
            continue
        parts = indexed_slices(g)
        if parts is not None:
            out[c] = parts[:2]
    return out


def _slices_last(caps: list, result: list, k: int, sliced: dict) -> tuple[list, list]:
    """The captures and the gradient body's outputs with the sliced captures last, their
    (values, indices) in place of their dense gradient (which then is not computed): the
    layout `_capture_fetches` reads."""
    if not sliced:
        return caps, result
    dense = [(c, g) for c, g in zip(caps, result[k:], strict=True) if c not in sliced]
    order = [c for c, _ in dense] + list(sliced)
    tail = [t for c in sliced for t in sliced[c]]
    return order, [*result[:k], *(g for _, g in dense), *tail]


def _slices_outside(graph: Graph, wg: Operation, caps: list, sliced: dict, by_cap: dict):
    """Each sliced capture's gradient: one GatherGrad of the accumulated slices, which
    `indexed_slices` and the optimizers read as TF1's IndexedSlices."""
    from .array_ops import from_indexed_slices

    first = len(wg.outputs) - 2 * len(sliced)
    with graph.as_default():
        for i, c in enumerate(sliced):
            values, indices = wg.outputs[first + 2 * i : first + 2 * i + 2]
            by_cap[c] = from_indexed_slices(values, indices, c)


# -- loading bodies from a document (serialization.py) ------------------------------------------


def body_from_names(graph: Graph, refs: Any, node: str) -> Body:
    """A `Body` over nodes already built, named by a document's body attribute."""
    body = Body()
    for name in refs.nodes:
        op = graph.get_operation_by_name(name)
        if graph.body_of(op) is not None:
            raise _invalid(f"node {name} is listed in two bodies", node, member=name)
        graph.claim(op, body)
    members = set(body.ops)
    for name in refs.args:
        op = graph.get_operation_by_name(name)
        if op not in members or op.type != "Placeholder":
            raise _invalid(f"argument {name} must be a Placeholder among the body's nodes", node)
        body.args.append(op.outputs[0])
    for name, index in refs.outputs:
        op = graph.get_operation_by_name(name)
        if index >= len(op.outputs):
            raise error("UNKNOWN_INPUT", f"{name} has no output {index}", node=node)
        body.outputs.append(op.outputs[index])
    for name in refs.targets:
        op = graph.get_operation_by_name(name)
        if op not in members:
            raise _invalid(f"target {name} must be among the body's nodes", node)
        body.targets.append(op)
    body.captures = find_captures(graph, body)
    return body


# Bodies inside bodies, at most: each level costs the plan compiler a few Python frames.
MAX_NESTING = 50


def attach(op: Operation) -> None:
    """Bind a loaded control-flow op to its bodies and check they fit together (nothing
    to do for other ops)."""
    bodies = [v for v in op.attrs.values() if isinstance(v, Body)]
    if not bodies:
        return
    inner = [v for b in bodies for m in b.ops for v in m.attrs.values() if isinstance(v, Body)]
    depth = 1 + max((b.depth for b in inner), default=0)
    if depth > MAX_NESTING:
        raise _invalid(
            f"control flow is nested {depth} deep, more than {MAX_NESTING}",
            op.name,
            limit=MAX_NESTING,
        )
    for body in bodies:
        body.depth = depth
    _bind(op, bodies)
    check = _CHECKS.get(op.type)
    if check is not None:
        check(op)
    inputs = set(op.inputs[_FIRST_CAPTURE[op.type](op) :])
    for body in bodies:
        if not set(body.captures) <= inputs:
            raise _invalid(
                f"{op.name} must take every tensor its bodies read from outside", op.name
            )


def _check_if(op: Operation) -> None:
    then_b, else_b = op.attrs["then_branch"], op.attrs["else_branch"]
    if then_b.args or else_b.args or len(then_b.outputs) != len(else_b.outputs):
        raise _invalid("cond's branches take no arguments and return as many outputs", op.name)
    if op.inputs[0].dtype != _dt.bool_:
        raise error("DTYPE_MISMATCH", "cond's predicate must be bool", node=op.name)


def _check_while(op: Operation) -> None:
    cond_b, body_b = op.attrs["cond"], op.attrs["body"]
    n = len(body_b.args)
    if len(cond_b.args) != n or len(body_b.outputs) != n or len(op.inputs) < n:
        raise _invalid(
            "a loop's cond and body take, and body returns, every loop variable", op.name
        )
    if len(cond_b.outputs) != 1 or cond_b.outputs[0].dtype != _dt.bool_:
        raise _invalid("a loop's cond returns one bool", op.name)
    for t, a, c, out in zip(op.inputs[:n], body_b.args, cond_b.args, body_b.outputs, strict=True):
        if not (t.dtype == a.dtype == c.dtype == out.dtype):
            raise error("DTYPE_MISMATCH", f"loop variable {t.name} changes dtype", node=op.name)
        if not (_fits(t.static_shape, a.static_shape) and _fits(out.static_shape, a.static_shape)):
            raise error("SHAPE_MISMATCH", f"loop variable {t.name} leaves its shape", node=op.name)


def _check_while_grad(op: Operation) -> None:
    body = op.attrs["body"]
    k, m = op.attrs["n_vars"], op.attrs["n_caps"]
    count = op.inputs[0]
    if count.op.type != "While" or count.value_index != len(count.op.attrs["body"].args):
        raise _invalid("WhileGrad reads a While's iteration count first", op.name)
    # A sliced capture has two outputs (`_capture_fetches`).
    if k < 0 or m < 0 or len(body.args) != k or not k + m <= len(body.outputs) <= k + 2 * m:
        raise _invalid("WhileGrad's body does not match its n_vars and n_caps", op.name)
    if len(op.inputs) < 1 + k + m:
        raise _invalid("WhileGrad's body does not match its n_vars and n_caps", op.name)


_CHECKS = {"If": _check_if, "While": _check_while, "WhileGrad": _check_while_grad}
# Where a control-flow op's captured inputs start (after the predicate, the loop
# variables, or the iteration count, final gradients and forward captures).
_FIRST_CAPTURE = {
    "If": lambda op: 1,
    "While": lambda op: len(op.attrs["body"].args),
    "WhileGrad": lambda op: 1 + op.attrs["n_vars"] + op.attrs["n_caps"],
}


def _may_read(reader: Operation, holder: Operation) -> bool:
    """Whether `reader` may read what `holder` stored from inside its bodies: a cond's
    gradient reads a cond's values, a loop's gradient its own loop's (one per iteration)."""
    if holder.index > reader.index:
        return False
    if reader.type == "If":
        return holder.type == "If"
    return reader.type == "WhileGrad" and holder is reader.inputs[0].op


def check_reads(graph: Graph) -> None:
    """Refuse reads of a body's insides from outside it (except by control-flow ops, the
    gradients reading what their forward op stored, and of what cond branches alone hold:
    TF1's dead tensors, plan.py's `liveness`) and ops reading their own insides."""
    for op in graph.get_operations():
        scope = graph.body_of(op)
        for t in op.inputs[1:] if op.definition.ref_input else op.inputs:
            p = placer(graph, t.op, scope)
            if p is op or (
                p is not None
                and p is not t.op
                and not _may_read(op, p)
                and not in_branches(graph, t.op, p)
            ):
                raise _invalid(f"{op.name} reads {t.name} from inside a body", op.name)
        for c in op.control_inputs:
            p = placer(graph, c, scope)
            if p is op or (p is not None and p is not c and not in_branches(graph, c, p)):
                raise _invalid(f"{op.name} waits for {c.name} inside a body", op.name)


# -- bodies held by ops of other families (tf.data's map, filter and interleave functions) --


def trace_body(graph: Graph, fn: Callable, args: Callable | None, arg_specs) -> tuple[Body, Any]:
    """`fn` traced once into a new body on placeholders of `arg_specs` ((dtype, shape)
    pairs) handed to it through `args(placeholders)`; the body and what `fn` returned."""
    return _trace(graph, fn, args, arg_specs)


def close_body(graph: Graph, body: Body, flat: list) -> tuple[list[Tensor], list[Operation]]:
    """Give `body` the outputs `flat` (values converted inside it) and return its captures
    and the control inputs its op takes over."""
    _outputs_into(graph, body, flat)
    return _close(graph, [body])


def bind_body(op: Operation, body: Body) -> None:
    """Make `op` the op holding `body` (as cond and while_loop do for theirs)."""
    _bind(op, [body])


def register_body_holder(
    op_type: str, first_capture: Callable, check: Callable | None = None
) -> None:
    """Let a document load an op of another family holding bodies: where its captured
    inputs start, and what to check once its bodies are attached."""
    _FIRST_CAPTURE[op_type] = first_capture
    if check is not None:
        _CHECKS[op_type] = check
