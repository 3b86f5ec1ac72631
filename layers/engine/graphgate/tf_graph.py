"""TensorFlow's GraphDefs as graphgate graph documents (and its MetaGraphDefs and
SavedModels as graphgate meta graph documents).

graphgate registers its ops under TF's type names, so most NodeDefs carry over as they
are: the same op, inputs (`x`, `x:1`, `^ctrl`) and attributes, converted by the kind of
the graphgate attribute of the same name. Where graphgate differs, one table below says
how (`LOWERINGS`): an input TF takes as a tensor that graphgate takes as an attribute
(a reduction's axes, a reshape's shape, a slice's bounds) is read from the constant it
is, an attribute is renamed, or one TF op becomes a few graphgate ops (inference batch
norm). TF1's dataflow control flow is rebuilt as graphgate's ops holding bodies: a
cond's Switch/Merge as an If, a while_loop frame as a While (found by reachability from
the Switches and Merges), and TensorArrays' handle and flow as graphgate's array values.
Anything else — an op graphgate lacks, an attribute it would not honour, a tensor where a
constant is needed, a dtype it lacks — is a problem, and every problem of the graph is
listed in one TF_GRAPH_UNSUPPORTED error before anything is built.

The document made is then checked and imported as any graphgate document is, so
`import_graph_def`'s `input_map` and `return_elements`, the limits and the serving bridge
need nothing of their own. Adding a TF op: if graphgate has it under TF's name with TF's
attribute names, nothing; else a `RENAMED` entry, or a `LOWERINGS` function returning the
document nodes (the last named as TF's node), and a case in the fixture graphs
(tests/reference/tf_formats.py) pinning its numbers.
"""

from __future__ import annotations

import heapq
import json
import math
import re
from collections import Counter, deque
from collections.abc import Callable
from typing import Any

import numpy as np

from . import dtypes as _dt
from . import ref_reads as _ref_reads
from . import serialization, tf_functions, tf_node_checks, tf_proto
from .errors import GraphgateError, error
from .graph import Graph
from .limits import DEFAULT_LIMITS
from .ops import control_flow_ops as _cf
from .ops import registry as _registry
from .tf_op_defs import OP_DEFS

# Attributes that only restate what graphgate infers (dtypes of inputs and outputs,
# counts of inputs) or that change nothing on one CPU (devices, locking, kernels' hints).
_IGNORED = frozenset(
    (
        "T",
        "Tidx",
        "Tshape",
        "Tpaddings",
        "Tmultiples",
        "Tindices",
        "Tparams",
        "Taxis",
        "Tperm",
        "Tlen",
        "TI",
        "Index",
        "N",
        "U",
        "SrcT",
        "Truncate",
        "dtype",
        "container",
        "shared_name",
        "allowed_devices",
        "debug_name",
        "use_locking",
        "validate_shape",
        "use_cudnn_on_gpu",
        "grad_a",
        "grad_b",
        "Tdim",
        "index_type",
        "incompatible_shape_error",
        "bad_indices_policy",
        "Tk",
        "T_threshold",
        "Tsegmentids",
        "Tseed",
        "Tnumsegments",
        "Tshift",
        # DecodeCSV's output types, which its record defaults' dtypes restate.
        "OUT_TYPE",
        "Tlabels",
        "Tin",
        "Tout",
        # The FFTs' part and complex dtypes, which graphgate infers from the input's.
        "Treal",
        "Tcomplex",
        # TF 2's hints that a BatchMatMulV2 computes a gradient (as MatMul's grad_a/_b).
        "grad_x",
        "grad_y",
        # Index and shape dtypes TF 2.21 names (SpaceToBatchND, MatrixBandPart,
        # MaxPool3DGrad's input, ConcatOffset), which graphgate infers from the inputs'.
        "Tblock_shape",
        "Tcrops",
        "Tindex",
        "TInput",
        "shape_type",
    )
)


class Unsupported(Exception):
    """One reason a node cannot be mapped; `node` names the one at fault where it is not
    the node being lowered (a loop's frame, a cond's Merge)."""

    def __init__(self, reason: str, node: str = ""):
        super().__init__(reason)
        self.node = node


def _corrupt() -> GraphgateError:
    return error(
        "INVALID_PROTO",
        "Error parsing message with type 'tensorflow.GraphDef': Wire format was corrupt",
    )


_UTF8_BOM = b"\xef\xbb\xbf"
_JSON_SPACE = b" \t\n\r"  # RFC 8259's whitespace: Python's lstrip() strips \x0b, \x0c too
# Bytes JSON never holds raw (not even inside strings), and a protocol buffer's tags and
# short lengths are full of.
_NOT_JSON_TEXT = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def is_binary(data: bytes | str) -> bool:
    """Whether `data` is a protocol buffer (or its text format) rather than a JSON
    document (an object or an array, after a UTF-8 BOM and whitespace)."""
    if isinstance(data, str):
        return False
    data = bytes(data)
    body = data.removeprefix(_UTF8_BOM)
    text = body.lstrip(_JSON_SPACE)
    if not text.startswith((b"{", b"[")):
        return True
    if len(text) == len(body):
        return False
    # A binary GraphDef opens with its first node's tag, `\n`, then its length: `{` for
    # a node of 123 bytes. Only the bytes after tell that apart from JSON.
    return _NOT_JSON_TEXT.search(body) is not None


def decode_graph_def(data: bytes) -> dict[str, Any]:
    return tf_proto.decode(data, tf_proto.GRAPH, _corrupt)


def graph_document(data: bytes) -> dict[str, Any]:
    """The graphgate document of a GraphDef (what `GraphDef.FromString` reads), binary or
    in protobuf's text format (`write_graph`'s default)."""
    graph = tf_proto.parse(data, tf_proto.GRAPH, _corrupt)
    tf_node_checks.check_versions(graph.get("versions", {}))
    return to_document(graph.get("node", []), functions=_functions(graph))


def _functions(graph: dict[str, Any]) -> tf_functions.Library:
    return tf_functions.Library(graph.get("library", {}).get("function", []))


def to_document(
    nodes: list[dict[str, Any]],
    drop_scope: str | tuple[str, ...] | None = None,
    functions: Any = None,
    drop: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """The graphgate document of TF's NodeDefs (decoded), leaving out those under
    `drop_scope` (savers' scopes, `save/`, `save_1/`, whose ops write files) and those
    named in `drop`, calls of `functions` (a `tf_functions.Library`, or the library's
    FunctionDefs) inlined.

    Raises
    ------
    GraphgateError
        TF_GRAPH_INVALID listing every node TF's own import refuses, and why;
        TF_GRAPH_UNSUPPORTED listing every node that cannot be mapped, and why;
        GRAPH_TOO_LARGE for functions nested or inlined past tf_functions' bounds.
    """
    # proto3 leaves out an empty name or op: the document's checks name what is wrong.
    nodes = [{"name": "", "op": "", **n} for n in nodes if n.get("name", "") not in drop]
    if drop_scope:
        nodes = [n for n in nodes if not n["name"].startswith(drop_scope)]
    invalid = tf_node_checks.problems(nodes)
    if invalid:
        raise tf_node_checks.invalid(invalid)
    nodes = [tf_node_checks.known_attrs(n) for n in nodes]
    # A ref variable's value through a cond (an update in a branch): graphgate's
    # variables are no refs, so the Ref forms are the plain ones.
    nodes = [{**n, "op": _REF_FLOW[n["op"]]} if n["op"] in _REF_FLOW else n for n in nodes]
    flows: list[tf_functions.Flow] = []
    call_problems: list[dict[str, str]] = []
    if tf_functions.needs_inlining(nodes):
        inlined = tf_functions.inline(nodes, functions or [])
        nodes = [{"name": "", "op": "", **n} for n in inlined.nodes]
        flows, call_problems = inlined.flows, inlined.problems
    nodes = flows_as_arrays(nodes)
    stacks = _gradient_loop_stacks(nodes)
    if stacks:
        raise _unsupported(stacks + call_problems)
    ctx = _Context(nodes, flows)
    nodes, problems = lower_loops(nodes, ctx)
    nodes, cond_problems = lower_conds(nodes, ctx)
    problems += cond_problems
    nodes = [n for n in nodes if n["op"] != _LOOP_STUB]
    out: list[dict[str, Any]] = []
    lowered: dict[str, list[str]] = {}
    carried: dict[str, list[str]] = {}
    for node in nodes:
        try:
            made = _lower(node, ctx)
            _placed(made, node.get("device", ""))
            out += made
            lowered[node["name"]] = [m["name"] for m in made]
            carried[node["name"]] = _folded_controls(node, made, ctx)
        except Unsupported as exc:
            problems.append(
                {"node": node.get("name", ""), "op": node.get("op", ""), "reason": str(exc)}
            )
        except GraphgateError as exc:  # a dtype or a value graphgate cannot hold
            problems.append(
                {"node": node.get("name", ""), "op": node.get("op", ""), "reason": exc.message}
            )
        except (IndexError, TypeError, ValueError):  # fewer inputs, or values, than TF's op
            problems.append(
                {
                    "node": node.get("name", ""),
                    "op": node.get("op", ""),
                    "reason": "its inputs or attributes are not those of TF's op",
                }
            )
    problems += call_problems
    ctx.doc_nodes = {n["name"]: n for n in out}
    ctx.lowered = lowered
    out += flow_nodes(ctx, flows)
    try:
        out += control_flow_nodes(ctx, lowered)
    except Unsupported as exc:
        problems.append(_problem_at(ctx, exc))
    _carry_controls(out, carried)
    problems += ctx.dangling(out)
    problems += _loops_reading_their_updates(out)
    if problems:
        raise _unsupported(problems)
    out = _reads_after_updates(_initialized_captures(out))
    bodies = any(n["op"] in ("If", "While") for n in out)
    if ctx.loops:
        shape_loop_args(out)
    return {"format": serialization.FORMAT_V2 if bodies else serialization.FORMAT, "nodes": out}


_REF_FLOW = {
    "RefSwitch": "Switch",
    "RefMerge": "Merge",
    "RefIdentity": "Identity",
    "RefEnter": "Enter",
    "RefExit": "Exit",
    "RefNextIteration": "NextIteration",
}


def _reads_after_updates(out: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """TF1 reads a ref variable through its `w/read` Identity, whose output aliases the
    variable's buffer: an op that runs after an update of `w` (an ancestor of it, by data
    or control) sees the new value, though `w/read` itself ran before (`with
    control_dependencies([w.assign_add(2)]): y = w * 1` gives 2, 4, 6 over three runs).
    graphgate's `w/read` is a value, so such an op reads the variable itself instead, after
    those updates (as `create_op` orders a read under control dependencies): 0, 2, 4
    before. An If or a While captures that read for its bodies (a loop's reads of the
    buffer follow the updates its inputs wait for: TF's v1 loop waits for its first Merge,
    and a v2 loop's EnsureShape of `w/read` is seen through), and reads no update
    precedes are left as they are."""
    by_name = {n["name"]: n for n in out}
    variables = {n["name"] for n in out if n["op"] == "VariableV2"}
    reads = {
        n["name"]: _ref_node(n["inputs"][0])
        for n in out
        if n["op"] == "Identity"
        and len(n.get("inputs", ())) == 1
        and _ref_node(n["inputs"][0]) in variables
    }
    updates: dict[str, list[str]] = {}
    for n in out:
        if _updates_variable(n, variables):
            updates.setdefault(_ref_node(n["inputs"][0]), []).append(n["name"])
    if not any(v in updates for v in reads.values()):
        return out
    sources = [u for v in set(reads.values()) for u in updates.get(v, [])]
    bit = {u: 1 << i for i, u in enumerate(sources)}
    follows = _ref_reads.follows_by_name(
        {
            n["name"]: [_ref_node(r) for r in (*n.get("inputs", ()), *n.get("control_inputs", ()))]
            for n in out
        },
        bit,
    )

    def preceding(node: dict[str, Any], read: str) -> list[str]:
        """The updates of `read`'s variable that run before `node` and after `read`."""
        mine = updates.get(reads[read], [])
        return _ref_reads.waits_for(mine, bit, follows.get(node["name"], 0), follows.get(read, 0))

    added: list[dict[str, Any]] = []
    swaps: dict[str, dict[str, str]] = {}  # node -> {a read: the read after its updates}
    # A body's nodes read what their If or While captures, so it alone decides their reads.
    in_bodies = {b for n in out for b in _body_nodes(n, by_name)}
    for node in out:
        definition = _registry.known(node["op"])
        if definition is None or node["name"] in in_bodies:
            continue
        for i, ref in enumerate(node.get("inputs", [])):
            # An update's input 0 is the variable itself; its values (Assign's `w/read` in
            # a target network's copy after a step) read after earlier updates as any op's.
            if i == 0 and definition.ref_input:
                continue
            read = _through_init(_ref_node(ref), by_name, reads)
            before = preceding(node, read) if read in reads and not ref.startswith("^") else []
            if not before:
                continue
            made = _new_node(
                by_name, f"{node['name']}/_read_{i}", "ReadVariableOp", [reads[read]], before
            )
            added.append(made)
            swaps.setdefault(node["name"], {})[_ref_node(ref)] = made["name"]
            # A body's nodes (a cond's branches, a loop's cond and body, and the bodies
            # nested in them) name what their If or While captures: they read the new one
            # too, a loop's each iteration the value after the updates before it, as TF's
            # aliased `w/read` gives it.
            for owner in _body_nodes(node, by_name):
                swaps.setdefault(owner, {})[read] = made["name"]
    if not added:
        return out
    return added + [_reading(n, swaps[n["name"]]) if n["name"] in swaps else n for n in out]


def _loops_reading_their_updates(out: list[dict[str, Any]]) -> list[dict[str, str]]:
    """A loop that updates a ref variable and reads it too (its `w/read`, or an update's
    output): TF's reads alias the buffer, and its iterations run in parallel
    (`parallel_iterations`), so what a read sees races the other iterations' updates (a
    body `s + w` after `assign_add(w, 1)` gave 9 then 21 in two runs, not 9 and 18).
    graphgate's body would read the value at the loop's entry: refused rather than guessed."""
    by_name = {n["name"]: n for n in out}
    variables = {n["name"] for n in out if n["op"] == "VariableV2"}
    problems = []
    for node in out:
        if "body" not in node.get("attrs", {}):  # a loop's (a cond's branch runs once)
            continue
        body = set(_body_nodes(node, by_name))
        updated = {
            _ref_node(by_name[b]["inputs"][0])
            for b in body
            if b in by_name and _updates_variable(by_name[b], variables)
        }
        if updated and any(_reads(by_name.get(b, {}), updated, by_name) for b in body):
            reason = "a while_loop updating a variable and reading it: TF's reads race its "
            reason += "iterations' updates (parallel_iterations)"
            problems.append({"node": node["name"], "op": node["op"], "reason": reason})
    return problems


def _updates_variable(node: dict[str, Any], variables: set[str]) -> bool:
    """An update of a variable (Assign, AssignAdd, ...; not a ReadVariableOp)."""
    inputs = node.get("inputs", ())
    return _is_update(node) and bool(inputs) and _ref_node(inputs[0]) in variables


def _is_update(node: dict[str, Any]) -> bool:
    op_type = node.get("op", "")
    return _ref_reads.is_update(op_type, _registry.known(op_type))


def _reads(node: dict[str, Any], updated: set[str], by_name: dict[str, Any]) -> bool:
    """Whether `node` takes a value of one of `updated`'s variables (the variable, its
    read, an update's output), an update's input 0 aside."""
    definition = _registry.known(node.get("op", ""))
    skip = 1 if definition is not None and definition.ref_input else 0
    return any(
        _ref_node(r) in updated or _value_of(by_name.get(_ref_node(r), {}), updated)
        for r in node.get("inputs", [])[skip:]
        if not r.startswith("^")
    )


def _value_of(source: dict[str, Any], updated: set[str]) -> bool:
    """Whether `source` gives a value of one of `updated`'s variables: its ref read (an
    Identity of it) or an update's output (a ReadVariableOp, TF2's resource read, is
    ordered by TF's automatic control dependencies)."""
    inputs = source.get("inputs") or [""]
    if _ref_node(inputs[0]) not in updated:
        return False
    return source.get("op") == "Identity" or _is_update(source)


def _through_init(name: str, by_name: dict[str, dict[str, Any]], reads: dict[str, str]) -> str:
    """The read a v2 loop's input `name` passes on: TF's While takes each value through an
    EnsureShape (`while/init_4`), which runs whenever its read does, while the loop (and
    its reads of the buffer) waits for all its inputs, the updates they follow included."""
    node = by_name.get(name, {})
    if node.get("op") == "EnsureShape" and len(node.get("inputs", ())) == 1:
        inner = _ref_node(node["inputs"][0])
        return inner if inner in reads else name
    return name


def _new_node(
    by_name: dict[str, dict[str, Any]], name: str, op: str, inputs: list[str], ctrl: list[str]
) -> dict[str, Any]:
    """A node the importer adds, under `name` or, should the graph hold one, `name_`..."""
    while name in by_name:
        name += "_"
    by_name[name] = _doc_node(name, op, inputs, ctrl, {})
    return by_name[name]


def _reading(node: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """`node` with its data inputs from `names`' keys taken from their values instead."""
    inputs = [
        names.get(_ref_node(r), r) if not r.startswith("^") else r for r in node.get("inputs", [])
    ]
    return {**node, "inputs": inputs}


def _initialized_captures(out: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """TF1's `w.initialized_value()` is a cond on IsVariableInitialized(w) whose true branch
    reads `w` through a Switch, which never reads the untaken side. Lowered as an If, it
    captured `w` and read it before the branch was chosen, so a global initializer met `w`
    uninitialized (every ExponentialMovingAverage, and every slot seeded from a variable).
    Such an If captures InitializedValue(w, w's initial value) instead: `w` once it has a
    value, the untaken side's stand-in before (a resource variable's branch reads it
    through ReadVariableOp, which then reads the stand-in as an Identity)."""
    by_name = {n["name"]: n for n in out}
    initial = {
        _ref_node(n["inputs"][0]): n["inputs"][1]
        for n in out
        if n["op"] == "Assign"
        and len(n.get("inputs", ())) == 2
        and n["name"] == f"{_ref_node(n['inputs'][0])}/Assign"
    }
    swaps: dict[str, dict[str, str]] = {}  # node (an If, or in its bodies) -> {w: stand-in}
    added: list[dict[str, Any]] = []
    for node in out:
        var = _variable_tested(node, by_name)
        if var is None or var not in initial:
            continue
        made = _new_node(
            by_name, f"{node['name']}/_initialized", "InitializedValue", [var, initial[var]], []
        )
        added.append(made)
        stand_in = made["name"]
        for owner in (node["name"], *_body_nodes(node)):
            swaps.setdefault(owner, {})[var] = stand_in
    if not swaps:
        return out
    stand_ins = {n["name"] for n in added}
    return added + [
        _read_of(_reading(n, swaps[n["name"]]), stand_ins) if n["name"] in swaps else n for n in out
    ]


def _read_of(node: dict[str, Any], stand_ins: set[str]) -> dict[str, Any]:
    """A resource variable's `initialized_value()` reads it in its true branch
    (ReadVariableOp of the handle): of a stand-in, a value, that read is an Identity."""
    if node["op"] == "ReadVariableOp" and node.get("inputs", [""])[0] in stand_ins:
        return {**node, "op": "Identity"}
    return node


def _variable_tested(node: dict[str, Any], by_name: dict[str, dict[str, Any]]) -> str | None:
    """The variable an If captures and branches on the initialization of, if any."""
    if node["op"] not in ("If", "StatelessIf") or not node.get("inputs"):
        return None
    pred = by_name.get(_ref_node(node["inputs"][0]), {})
    for _ in range(4):  # TF1's cond reads its predicate through Identity nodes
        if pred.get("op") != "Identity":
            break
        pred = by_name.get(_ref_node(pred["inputs"][0]), {})
    if pred.get("op") != "IsVariableInitialized":
        return None
    var = _ref_node(pred["inputs"][0])
    return var if var in {_ref_node(r) for r in node["inputs"][1:]} else None


def _body_nodes(node: dict[str, Any], by_name: dict[str, Any] | None = None) -> list[str]:
    """The nodes of an If's branches; given `by_name`, of any op's bodies (a While's cond
    and body too) and of the bodies nested in them."""
    if by_name is None:
        branches = [node.get("attrs", {}).get(k, {}) for k in ("then_branch", "else_branch")]
        return [name for branch in branches for name in branch.get("nodes", [])]
    names: list[str] = []
    stack = [node]
    while stack:
        attrs = stack.pop().get("attrs", {})
        inner = [n for v in attrs.values() if isinstance(v, dict) for n in v.get("nodes", ())]
        names += inner
        stack += [by_name[n] for n in inner if n in by_name]
    return names


def _folded_controls(node: dict[str, Any], made: list[dict[str, Any]], ctx: _Context) -> list[str]:
    """The control inputs of the constants `node`'s lowering folded into attributes (and of
    what they were folded from): `with control_dependencies([step]): tf.reduce_sum(w)`
    puts `^step` on the axis constant alone (TF leaves it off an op whose input carries
    it), so folding the axis away lost the order, and the sum read w before the step."""
    kept = {m["name"] for m in made} | {_ref_node(r) for m in made for r in m.get("inputs", ())}
    stack = [_ref_node(r) for r in _split_inputs(node)[0] if _ref_node(r) not in kept]
    seen: set[str] = set()
    controls: list[str] = []
    while stack and len(seen) < 100:  # folding itself follows at most 100 links
        name = stack.pop()
        if name in seen or name not in ctx.by_name:
            continue
        seen.add(name)
        data, ctrl = _split_inputs(ctx.by_name[name])
        controls += ctrl
        stack += [_ref_node(r) for r in data]
    return controls


def _carry_controls(out: list[dict[str, Any]], carried: dict[str, list[str]]) -> None:
    """Each node gets the control inputs its folded constants carried, those the document
    keeps (a cond's pivot lowered into an If is gone, and the If orders its body)."""
    names = {n["name"] for n in out}
    for node in out:
        own = node.get("control_inputs", [])
        more = [c for c in dict.fromkeys(carried.get(node["name"], ())) if c in names]
        more = [c for c in more if c not in own and c != node["name"]]
        if more:
            node["control_inputs"] = [*own, *more]


def _ref_node(ref: str) -> str:
    return ref.lstrip("^").rsplit(":", 1)[0] if ":" in ref else ref.lstrip("^")


# The stacks TF1's gradient of a while_loop keeps the forward loop's values in.
_GRADIENT_STACK_OPS = frozenset({"StackV2", "StackPushV2", "StackPopV2", "StackCloseV2"})


def _keeps_forward_values(node: dict[str, Any]) -> bool:
    """Whether `node` is where TF's gradient of a while_loop keeps the forward loop's
    values: TF1's stacks, or TF 2's TensorList accumulators (`…/accumulator`, which
    while_v2 adds to the forward While's loop variables and its gradient pops)."""
    if node["op"] == "EmptyTensorList":
        return node["name"].endswith("/accumulator")
    return node["op"] in _GRADIENT_STACK_OPS


def _gradient_loop_stacks(nodes: list[dict[str, Any]]) -> list[dict[str, str]]:
    """A problem for each stack (or accumulator) node of a gradient TF built of a
    while_loop (a training graph: the `.meta` of a model trained in TF), the first saying
    what to do instead: the gradient loop (its frame pushing onto and popping from those
    stacks) does not import, and its other nodes would only be listed as unreadable."""
    stacks = [n for n in nodes if _keeps_forward_values(n)]
    if not stacks:
        return []
    first = stacks[0]["name"]
    advice = (
        "TF's gradient of a while_loop (StackV2, StackPushV2 and StackPopV2 nodes in TF1's "
        "control flow, TensorList accumulators in TF 2's: a "
        "training graph, such as the .meta TF saves while training a dynamic_rnn), which "
        "graphgate does not import; import the inference graph instead (frozen in TF with "
        "tf.graph_util.convert_variables_to_constants at its outputs), or build the model "
        "with graphgate, restore TF's checkpoint into it by name (tf.train.Saver().restore, "
        "the optimizer's slots too) and train it there (optimizer.minimize builds "
        "graphgate's own gradient of the loop)"
    )
    return [
        _problem(n, advice if n["name"] == first else f"part of that gradient (see {first})")
        for n in stacks
    ]


def _placed(made: list[dict[str, Any]], device: str | bytes) -> None:
    """The TF node's device on the document nodes it became (checked and made canonical,
    as TF's import does, when the document is built)."""
    if isinstance(device, bytes):
        device = device.decode("utf-8", "replace")
    for m in made if device else ():
        m.setdefault("device", device)


def _unsupported(problems: list[dict[str, str]]) -> GraphgateError:
    n = len(problems)
    listing = "; ".join(f"{p['node']} ({p['op']}): {p['reason']}" for p in problems[:20])
    more = f"; and {n - 20} more" if n > 20 else ""
    return error(
        "TF_GRAPH_UNSUPPORTED",
        f"the GraphDef has {n} node{'s' if n != 1 else ''} graphgate cannot import: "
        f"{listing}{more}",
        node=problems[0]["node"],
        details={"problems": problems},
    )


class _Context:
    """What lowering one node may need of the others: constants' values, and which
    Assign initializes each variable."""

    def __init__(self, nodes: list[dict[str, Any]], flows: list[tf_functions.Flow] = ()):
        self.by_name = {n.get("name", ""): n for n in nodes}
        self.initializers: dict[str, str] = {}
        for n in nodes:
            inputs = n.get("input", [])
            if n.get("op") in ("Assign", "AssignVariableOp") and inputs:
                self.initializers.setdefault(inputs[0], n["name"])
        # A functional If or While reads its inputs and its bodies' outputs too (an
        # inference batch norm's mean returned by a cond's branch for the moving averages).
        readers = [
            {"name": f.name, "op": f.kind, "input": [*f.inputs, *p.outputs]}
            for f in flows
            for p in f.bodies.values()
        ]
        self.consumers: dict[str, list[dict[str, Any]]] = {}
        for n in [*nodes, *readers]:
            for ref in n.get("input", []):
                if not ref.startswith("^"):
                    self.consumers.setdefault(ref.partition(":")[0], []).append(n)
        self.single_output: set[str] = set()
        # Nodes lowered to nothing: their outputs are folded into their consumers.
        self.dropped: set[str] = set()
        self.conds: dict[str, _Cond] = {}
        self.doc_nodes: dict[str, dict[str, Any]] = {}
        self.lowered: dict[str, list[str]] = {}
        self.loops: list[_Loop] = []
        self.loop_of: dict[str, _Loop] = {}  # a loop's condition and body nodes
        self.switches: set[str] = set()
        self.switch_inputs: dict[str, dict[str, Any]] = {}
        self.folded: dict[str, np.ndarray | None] = {}
        self.read_elements = 0
        self._parents: set[str] | None = None
        self.file_table: list[str] | None = None  # the files table's two constants' names

    def constant(self, ref: str, what: str) -> np.ndarray:
        """The value of the tensor `ref`, which must be a constant (through Identities)."""
        value = self.maybe_constant(ref)
        if value is None:
            raise Unsupported(f"its {what} must be a constant, and {ref!r} is not")
        return value

    def maybe_constant(self, ref: str) -> np.ndarray | None:
        """The value of `ref` when constants alone give it, None otherwise. What it gives
        becomes attributes (begin/end/strides, shapes, permutations), each element a
        Python int in the document: bounded per value and per graph, or a few bytes of
        nodes reading one 4 MB constant cost seconds and hundreds of MB each."""
        value = self._constant_value(ref)
        if value is not None:
            self.count_read(value.size, ref)
        return value

    def count_read(self, n: int, ref: str) -> None:
        self.read_elements += n
        if n > MAX_FOLDED_ELEMENTS or self.read_elements > MAX_READ_ELEMENTS:
            raise error(
                "GRAPH_TOO_LARGE",
                f"the graph's nodes read {self.read_elements} constant elements into "
                f"attributes ({n} from {ref!r}), more than graphgate reads "
                f"({MAX_FOLDED_ELEMENTS} a value, {MAX_READ_ELEMENTS} a graph)",
                details={"limit": MAX_READ_ELEMENTS},
            )

    def _constant_value(self, ref: str) -> np.ndarray | None:
        seen = 0
        while seen < 100:
            node = self.by_name.get(ref.partition(":")[0])
            if node is None or ref.startswith("^"):
                return None
            if node.get("op") == "Const":
                if _const_elements(node) > MAX_FOLDED_ELEMENTS:  # refused before decoding
                    self.count_read(_const_elements(node), ref)
                return tf_proto.tensor_value(_attr(node, "value").get("tensor", {}), _bad_tensor)
            if node.get("op") in _FOLDABLE:
                return self.fold(ref)
            if node.get("op") not in ("Identity", "Switch"):  # a Switch passes its data
                return None
            ref = node.get("input", [""])[0]
            seen += 1
        return None

    def fold(self, ref: str) -> np.ndarray | None:
        """The value of `ref` computed from constants alone, None when it is not."""
        if ref not in self.folded:
            self.folded[ref] = None  # a cycle folds to nothing, and so does one past the budget
            if len(self.folded) <= MAX_FOLDS:
                self.folded[ref] = _fold(self, ref)
        return self.folded[ref]

    def free_scope(self, tf_name: str) -> str:
        """`tf_name`, or `tf_name/lowered` (`_1`, ...), under which no node of the graph is
        named: a lowering's own nodes there cannot meet the raw op's literal inputs, which
        TF names under the op (`FusedBatchNormV3/mean`)."""
        if self._parents is None:  # the names some node of the graph is named under
            self._parents = set()
            for name in self.by_name:
                parts = name.split("/")
                self._parents.update("/".join(parts[:i]) for i in range(1, len(parts)))
        scope, k = tf_name, 0
        while scope in self._parents or (scope != tf_name and scope in self.by_name):
            k += 1
            scope = f"{tf_name}/lowered" + (f"_{k - 1}" if k > 1 else "")
        return scope

    def lowered_names(self, tf_name: str) -> list[str]:
        """The document nodes a TF node became (a cond's Merge: its Identity, one name)."""
        return self.lowered.get(tf_name, [tf_name])

    def dangling(self, out: list[dict[str, Any]]) -> list[dict[str, str]]:
        """A problem for each use of an output a node's lowering does not make."""
        problems = []
        for node in out:
            for ref in node.get("inputs", []) + node.get("control_inputs", []):
                name, sep, index = ref.rpartition(":")
                name = name if sep else ref
                if name in self.dropped:
                    why = "which graphgate computes only as part of the gradient sum it feeds"
                elif name in self.single_output and sep and index != "0":
                    why = "an output graphgate does not compute"
                else:
                    continue
                problems.append(
                    {"node": node["name"], "op": node["op"], "reason": f"it uses {ref}, {why}"}
                )
        return problems


# Pure ops whose value, over constants only, is read where a constant is needed: TF 2's
# functions compute a transpose's permutation or a reshape's shape from constants (Keras'
# `Softmax(axis)` and `Dense` on 3-d inputs, `vectorized_map`'s axes; TF1's `reduce_prod`
# gradient, a `ListDiff` of a `Range`), which TF's grappler folds before running.
_FOLDABLE = frozenset(
    (
        "Abs",
        "Add",
        "AddV2",
        "Cast",
        "ConcatV2",
        "Equal",
        "ExpandDims",
        "Fill",
        "FloorDiv",
        "FloorMod",
        "GatherV2",
        "Greater",
        "GreaterEqual",
        "InvertPermutation",
        "Less",
        "LessEqual",
        "ListDiff",
        "LogicalAnd",
        "LogicalNot",
        "LogicalOr",
        "Maximum",
        "Minimum",
        "Mul",
        "Neg",
        "NotEqual",
        "Pack",
        "Prod",
        "Range",
        "Reshape",
        "Select",
        "SelectV2",
        "Squeeze",
        "StridedSlice",
        "Sub",
        "Sum",
        "Tile",
    )
)
# Bounds on folding: the nodes one value is computed from, the elements of any tensor
# computed (a constant Range to a billion is no permutation), and the values folded.
MAX_FOLDED_NODES = 64
MAX_FOLDED_ELEMENTS = 1 << 16
# Values folded per graph (each runs a small graph): Keras' models fold a few dozen; a
# hostile graph of many foldable inputs must not buy many runs.
MAX_FOLDS = 512
# Constant elements read into attributes per graph (`_Context.maybe_constant`): Keras'
# exports read a few thousand.
MAX_READ_ELEMENTS = 1 << 20


def _fold(ctx: _Context, ref: str) -> np.ndarray | None:
    """`ref` computed by graphgate's own kernels from the constants it reads, when it
    reads nothing else (within the bounds above)."""
    from .graph import Graph
    from .limits import Limits
    from .meta_graph import import_graph_def
    from .session import Session

    order: list[dict[str, Any]] = []
    stack, seen = [ref.partition(":")[0]], set()
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        node = ctx.by_name.get(name)
        if node is None or node.get("op") not in _FOLDABLE | {"Const", "Identity"}:
            return None
        if len(seen) > MAX_FOLDED_NODES or _const_elements(node) > MAX_FOLDED_ELEMENTS:
            return None  # a larger constant could not fold, and decoding it costs each fold
        data = [r for r in node.get("input", []) if not r.startswith("^")]
        order.append({**node, "input": data})
        stack += [r.partition(":")[0] for r in data]
    limits = Limits(max_tensor_elements=MAX_FOLDED_ELEMENTS)
    try:
        nodes = [made for node in order for made in _lower(node, ctx)]
        with Graph().as_default() as graph:
            import_graph_def({"format": serialization.FORMAT, "nodes": nodes}, name="")
            value = Session(graph, limits=limits).run(ref if ":" in ref else ref + ":0")
    except (Unsupported, GraphgateError, IndexError, TypeError, ValueError, MemoryError):
        return None
    return np.asarray(value)


def _const_elements(node: dict[str, Any]) -> int:
    """The elements of a Const node's value by its stated shape (0 for other nodes)."""
    if node.get("op") != "Const":
        return 0
    shape = tf_proto.shape_of(_attr(node, "value").get("tensor", {}).get("tensor_shape"))
    return math.prod(d or 0 for d in shape or [])


def _bad_tensor() -> GraphgateError:
    return error("INVALID_PROTO", "a TensorProto's values do not fill its shape")


# -- attributes ---------------------------------------------------------------------------------


def _attr(node: dict[str, Any], name: str) -> dict[str, Any]:
    return node.get("attr", {}).get(name, {})


def _has(node: dict[str, Any], name: str) -> bool:
    return name in node.get("attr", {})


def _text(av: dict[str, Any]) -> str:
    return av.get("s", b"").decode("utf-8", "replace")


def _ints(av: dict[str, Any]) -> list[int]:
    return list(av.get("list", {}).get("i", []))


def _dtype_name(av: dict[str, Any]) -> str:
    return _dt.TO_OIP[tf_proto.dtype_of(av.get("type", 0))]


def _shape(av: dict[str, Any]) -> list[int | None] | None:
    return tf_proto.shape_of(av.get("shape"))


def _tensor(av: dict[str, Any]) -> dict[str, Any]:
    value = tf_proto.tensor_value(av.get("tensor", {}), _bad_tensor)
    return serialization.encode_tensor(value, b64=value.dtype.kind != "O")


# A TF AttrValue as the JSON value of a graphgate attribute of each kind.
_BY_KIND: dict[str, Callable[[dict[str, Any]], Any]] = {
    "ints": _ints,
    "floats": lambda av: list(av.get("list", {}).get("f", [])),
    "int": lambda av: av.get("i", 0),
    "float": lambda av: av.get("f", 0.0),
    "bool": lambda av: av.get("b", False),
    "str": _text,
    "dtype": _dtype_name,
    "shape": _shape,
    "tensor": _tensor,
    "axes": lambda av: _ints(av) if "list" in av else av.get("i", 0),
    "seed": lambda av: av.get("i", 0),
}


def _empty(av: dict[str, Any]) -> bool:
    """Whether an attribute holds its zero value (an empty list, 0, False, ""): TF's
    default for an attribute graphgate lacks means graphgate's behaviour."""
    return not any(v for v in av.values() if not isinstance(v, dict)) and not any(
        any(items) for items in av.get("list", {}).values()
    )


def _converted(node: dict[str, Any], op: str, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The TF attributes of `node` as graphgate `op`'s of the same names; Unsupported for
    one graphgate's op lacks and does not ignore."""
    specs = _op_def(op).attrs
    attrs: dict[str, Any] = {}
    for name, av in node.get("attr", {}).items():
        if name.startswith("_") or name in skip:
            continue
        if "func" in av or av.get("list", {}).get("func"):
            raise Unsupported(f"its attribute {name!r} is a TF function, which is not read")
        spec = specs.get(name)
        if spec is not None and spec[0] in _BY_KIND:
            value = _BY_KIND[spec[0]](av)
            if value is not None:
                attrs[name] = value
        elif name in _AT_DEFAULT and _AT_DEFAULT[name](av):
            raise Unsupported(f"its {name!r} is not TF's default, the one graphgate computes")
        elif name in _IGNORED or name in _TYPED_BY_INPUT.get(op, ()):
            continue
        elif not _empty(av):
            raise Unsupported(f"graphgate's {op} has no attribute {name!r}")
    return attrs


# Type attributes that restate an input's dtype for these ops alone (their row splits'
# dtype): TF's UnicodeDecode makes splits of its Tsplits, so it is not among them.
_TYPED_BY_INPUT: dict[str, tuple[str, ...]] = {
    "StringNGrams": ("Tsplits",),
    "UnicodeEncode": ("Tsplits",),
}


# Ignored attributes graphgate computes only at TF's default value: TopKV2's int64 or
# int16 indices would come out int32, a truncating Cast rounded to nearest.
_AT_DEFAULT: dict[str, Callable[[dict[str, Any]], bool]] = {
    "index_type": lambda av: "type" in av and _dtype_name(av) != "INT32",
    "Truncate": lambda av: bool(av.get("b", False)),
    # False compares shapes that do not broadcast as a scalar False; graphgate refuses them.
    "incompatible_shape_error": lambda av: not av.get("b", True),
    # IGNORE skips bad indices; graphgate fails on them, as TF's "", DEFAULT and ERROR on CPU.
    "bad_indices_policy": lambda av: _text(av) not in ("", "DEFAULT", "ERROR"),
}


# -- nodes ------------------------------------------------------------------------------------


def _op_def(op: str) -> Any:
    """graphgate's op `op`, which a lowering writes: Unsupported if this graphgate lacks it."""
    definition = _registry.known(op)
    if definition is None:
        raise Unsupported(f"graphgate has no op {op}")
    return definition


def _doc_node(name: str, op: str, inputs: list[str], ctrl: list[str], attrs: dict) -> dict:
    node: dict[str, Any] = {"name": name, "op": op}
    if inputs:
        node["inputs"] = inputs
    if ctrl:
        node["control_inputs"] = ctrl
    if attrs:
        node["attrs"] = attrs
    return node


def _split_inputs(node: dict[str, Any]) -> tuple[list[str], list[str]]:
    data, ctrl = [], []
    for ref in node.get("input", []):
        if ref.startswith("^"):
            ctrl.append(ref[1:])
        else:
            data.append(ref.removesuffix(":0"))
    return data, ctrl


def _lower(node: dict[str, Any], ctx: _Context) -> list[dict[str, Any]]:
    op = node.get("op", "")
    lowering = LOWERINGS.get(op)
    data, ctrl = _split_inputs(node)
    if lowering is not None:
        out = lowering(node, data, ctrl, ctx)
    else:
        target = RENAMED.get(op, op)
        if _registry.known(target) is None:
            raise Unsupported("graphgate has no such op")
        out = [_doc_node(node["name"], target, data, ctrl, _converted(node, target))]
    _unclashed(node["name"], out, ctx)
    for made in out:
        low, high = _arity(_op_def(made["op"]).arity)
        if not low <= len(made.get("inputs", [])) <= high:
            raise Unsupported(
                f"graphgate's {made['op']} takes {low}..{high} inputs where TF's has {len(data)}"
            )
    return out


def _unclashed(tf_name: str, out: list[dict[str, Any]], ctx: _Context) -> None:
    """A lowering's own node (`bn/mean`) that meets a node of the graph of that name (TF
    names a raw op's literal inputs so) is refused by name, never DUPLICATE_NAME."""
    for made in out:
        own = made["name"]
        if own.startswith(f"{tf_name}/") and own in ctx.by_name:
            raise Unsupported(f"graphgate's node {own!r} of its lowering meets the graph's")


def _arity(arity: int | tuple[int, int]) -> tuple[int, int]:
    return (arity, arity) if isinstance(arity, int) else arity


def _same_with(
    target: str, extra: Callable[[dict, list[str], _Context], tuple[list[str], dict]]
) -> Callable:
    """A lowering to `target` whose `extra(node, data inputs, ctx)` returns the inputs
    graphgate takes and the attributes it adds (those read from constant inputs)."""

    def lower(node, data, ctrl, ctx):
        if _registry.known(target) is None:
            raise Unsupported("graphgate has no such op")
        inputs, added = extra(node, data, ctx)
        # A None in `added` names a TF attribute read here, which graphgate lacks.
        attrs = _converted(node, target, skip=tuple(added))
        attrs.update({k: v for k, v in added.items() if v is not None})
        return [_doc_node(node["name"], target, inputs, ctrl, attrs)]

    return lower


def _channels_last(op_type: str) -> Callable:
    """A window op of TF's NCHW layout as graphgate's NHWC op between two Transposes (the
    last named as TF's node), its per-dimension attributes reordered, as the public
    functions build NCHW; NHWC nodes carry over as they are."""

    def lower(node, data, ctrl, ctx):
        attrs = _converted(node, op_type)
        name = node["name"]
        if attrs.get("data_format", "NHWC") != "NCHW":
            return [_doc_node(name, op_type, data, ctrl, attrs)]
        for key in ("strides", "ksize", "dilations"):
            if key in attrs:
                n, c, h, w = attrs[key]
                attrs[key] = [n, h, w, c]
        if attrs.get("explicit_paddings"):
            if op_type == "MaxPool":  # TF's CPU kernel: "only supports NHWC"
                raise Unsupported("explicit paddings in NCHW, which TF's CPU MaxPool refuses")
            flat = list(attrs["explicit_paddings"])
            attrs["explicit_paddings"] = flat[0:2] + flat[4:8] + flat[2:4]
        attrs["data_format"] = "NHWC"
        own = ctx.free_scope(name)
        return [
            _doc_node(f"{own}/to_nhwc", "Transpose", data[:1], ctrl, {"perm": [0, 2, 3, 1]}),
            _doc_node(f"{own}/nhwc", op_type, [f"{own}/to_nhwc", *data[1:]], [], attrs),
            _doc_node(name, "Transpose", [f"{own}/nhwc"], [], {"perm": [0, 3, 1, 2]}),
        ]

    return lower


def _sparse_cross(node, data, ctx):
    """TF's type attributes of a cross, which graphgate's kernel reads off its inputs (the
    input lists' types the importer checks against its OpDef): the
    output is int64 ids when hashed, strings otherwise (TF has no other kernel); a hashed
    cross hashes an integer as it is whichever `internal_type` is named, and a cross of
    strings writes integers in decimal either way."""
    hashed = bool(_attr(node, "hashed_output").get("b", False))
    if _attr(node, "out_type").get("type", 9 if hashed else 7) != (9 if hashed else 7):
        raise Unsupported("its out_type is not int64 when hashed, strings otherwise")
    return data, dict.fromkeys(("out_type", "internal_type", "sparse_types", "dense_types"))


def _summary_tag(value: np.ndarray) -> str:
    """A summary's tag, which TF takes as a string input and graphgate as an attribute:
    one tag (TF's ScalarSummary also takes a tensor of tags beside as many values)."""
    if value.size != 1 or value.dtype != object:
        raise Unsupported(f"its tags are {value.size} values, where graphgate takes one tag")
    tag = value.reshape(-1)[0]
    return tag.decode("utf-8", "replace") if isinstance(tag, bytes) else str(tag)


def _ints_of(value: np.ndarray) -> list[int] | int:
    flat = value.reshape(-1).tolist()
    return flat if value.ndim else flat[0]


def _reduction(node, data, ctx):
    return [data[0]], {
        "axis": _ints_of(ctx.constant(data[1], "axis")),
        "keepdims": _attr(node, "keep_dims").get("b", False),
        "keep_dims": None,
    }


def _broadcast_gradient_args(node, data, ctrl, ctx):
    """TF's gradient of a broadcasting op sums over the axes this computes from two shapes;
    graphgate's Sum takes constant axes, so each `Sum(g, args:k)` becomes
    `UnbroadcastLike(g, x_k)` (g summed back to operand k's shape) and this node goes."""
    ctx.dropped.add(node["name"])
    return []


def _operand_of_shape(ctx: _Context, ref: str) -> str | None:
    node = ctx.by_name.get(ref.partition(":")[0])
    if node is None or node.get("op") != "Shape" or not node.get("input"):
        return None
    return node["input"][0]


def _batch_shape_of(ctx: _Context, ref: str) -> str:
    """The full shape a BatchMatMul's gradient sliced its batch dims from
    (`StridedSlice(shape, [0], [-2], [1])`), which it reshapes the sum to; else `ref`."""
    node = ctx.by_name.get(ref.partition(":")[0], {})
    if node.get("op") != "StridedSlice" or len(node.get("input", [])) != 4:
        return ref
    bounds = [ctx.maybe_constant(r) for r in node["input"][1:]]
    # A begin_mask of 1 (TF's `[:-2]`) starts at 0 too.
    masks = [_attr(node, m).get("i", 0) for m in _SLICE_MASKS]
    if any(b is None for b in bounds) or masks[0] not in (0, 1) or any(masks[1:]):
        return ref
    if [b.reshape(-1).tolist() for b in bounds] != [[0], [-2], [1]]:
        return ref
    return node["input"][0]


def _reads_as_unbroadcast(ctx: _Context, node: dict[str, Any], shape: str) -> bool:
    """Whether every reader of a gradient's `Sum` sees what the operand-shaped unbroadcast
    sum gives it: TF's gradient reshaping the sum to the operand's shape (its rank and
    keep_dims then do not matter), and, in a gradient of that gradient, the `Shape` of a
    keep_dims sum that only reshapes an incoming gradient for a `BroadcastTo` (TF's Sum
    gradient): the kept and the operand's shapes differ by leading 1s alone, which neither
    the reshaped values nor their broadcast can tell apart."""
    users = ctx.consumers.get(node["name"], [])
    keep_dims = _attr(node, "keep_dims").get("b", False)
    return bool(users) and all(
        _reshapes_to(u, shape) or (keep_dims and _shape_only_for_broadcast(ctx, u)) for u in users
    )


def _reshapes_to(user: dict[str, Any], shape: str) -> bool:
    return user.get("op") == "Reshape" and user.get("input", ["", ""])[1:2] == [shape]


def _shape_only_for_broadcast(ctx: _Context, user: dict[str, Any]) -> bool:
    if user.get("op") != "Shape":
        return False
    names = {user["name"], f"{user['name']}:0"}
    reshapes = ctx.consumers.get(user["name"], [])
    return bool(reshapes) and all(
        r.get("op") == "Reshape"
        and r.get("input", ["", ""])[1] in names
        and r.get("input", [""])[0].partition(":")[0] != user["name"]
        and all(
            b.get("op") == "BroadcastTo" and b.get("input", [""])[0].partition(":")[0] == r["name"]
            for b in ctx.consumers.get(r["name"], [])
        )
        for r in reshapes
    )


def _sum(node, data, ctrl, ctx):
    producer = ctx.by_name.get(data[1].partition(":")[0]) if len(data) == 2 else None
    if producer is not None and producer.get("op") == "BroadcastGradientArgs":
        index = int(data[1].partition(":")[2] or 0)
        shape = _batch_shape_of(ctx, (producer.get("input") or ["", ""])[index])
        operand, made = _operand_of_shape(ctx, shape), []
        static = ctx.maybe_constant(shape) if operand is None else None
        if static is not None:
            # TF 2 writes a static operand shape as a constant: zeros of it stand for it.
            operand = f"{node['name']}/like"
            zero = np.zeros((), tf_proto.dtype_of(_attr(node, "T").get("type", 1)).as_numpy_dtype)
            made = [
                _scalar(f"{operand}/zero", zero, zero.dtype),
                _doc_node(operand, "Fill", [f"{operand}/zero"], [], {"shape": static.tolist()}),
            ]
        if operand is None or not _reads_as_unbroadcast(ctx, node, shape):
            raise Unsupported("a gradient sum over axes of shapes graphgate cannot trace")
        return [*made, _doc_node(node["name"], "UnbroadcastLike", [data[0], operand], ctrl, {})]
    return _reduce("Sum")(node, data, ctrl, ctx)


def _reduce(op: str) -> Callable:
    """A reduction over constant axes as graphgate's op of TF's name; over axes computed
    at run time (`Range(Rank(x))` of a loop's value) as its ReduceDynamic of that kind."""
    constant_axes = _same_with(op, _reduction)

    def lower(node, data, ctrl, ctx):
        if len(data) != 2 or ctx.maybe_constant(data[1]) is not None:
            return constant_axes(node, data, ctrl, ctx)
        keep = _attr(node, "keep_dims").get("b", False)
        attrs = {"kind": op, "keepdims": keep}
        return [_doc_node(node["name"], "ReduceDynamic", data, ctrl, attrs)]

    return lower


def _concat(node, data, ctx):
    """The axis (the last input) as graphgate's attribute when constant, else kept as the
    last input, which graphgate's op reads when run."""
    value = ctx.maybe_constant(data[-1])
    if value is None:
        return data, {}
    return data[:-1], {"axis": int(value)}


def _shape_input(attr: str) -> Callable:
    """Input 1 as attribute `attr` when constant, else kept as graphgate's second input."""

    def extra(node, data, ctx):
        value = ctx.maybe_constant(data[1])
        if value is None:
            return data, {}
        return [data[0]], {attr: _ints_of(value)}

    return extra


def _const_input(attr: str, what: str, index: int = 1, convert: Callable = _ints_of) -> Callable:
    def extra(node, data, ctx):
        value = ctx.constant(data[index], what)
        return data[:index] + data[index + 1 :], {attr: convert(value)}

    return extra


def _every_axis_input(
    attr: str, what: str, index: int, rank_op: str, reverse: bool = False
) -> Callable:
    """Input `index` as attribute `attr` when constant (`_const_input`); `attr` None (every
    axis) when it is TF1's axes of every axis of an unknown rank, as `_ReductionDims`
    writes them: `Range(0, rank, 1)`, or from the last (`reduce_join`) `Range(rank - 1,
    -1, -1)`, the rank `rank_op` of input 0 (`Rank`; a SparseTensor's: `Size` of its dense
    shape, input 2)."""
    constant = _const_input(attr, what, index, _sparse_axes if index == 3 else _ints_of)

    def extra(node, data, ctx):
        source = data[2] if rank_op == "Size" else data[0]
        if _every_axis(ctx, data[index], _producer(ctx, source, rank_op), reverse):
            return data[:index] + data[index + 1 :], {attr: None}
        return constant(node, data, ctx)

    return extra


def _producer(ctx: _Context, source: str, op_type: str) -> Callable[[str], bool]:
    """Whether a ref is `op_type` of `source` (its first input)."""

    def of_source(ref: str) -> bool:
        node = ctx.by_name.get(ref.partition(":")[0], {})
        inputs = node.get("input") or [""]
        return node.get("op") == op_type and _same_ref(inputs[0], source)

    return of_source


def _same_ref(a: str, b: str) -> bool:
    return a.removesuffix(":0") == b.removesuffix(":0")


def _every_axis(ctx: _Context, ref: str, is_rank: Callable[[str], bool], reverse: bool) -> bool:
    node = ctx.by_name.get(ref.partition(":")[0], {})
    inputs = [r for r in node.get("input") or [] if not r.startswith("^")]
    if node.get("op") != "Range" or len(inputs) != 3:
        return False
    start, limit, _ = inputs
    values = [ctx.maybe_constant(r) for r in inputs]
    if not reverse:
        return _is_int(values[0], 0) and _is_int(values[2], 1) and is_rank(limit)
    sub = ctx.by_name.get(start.partition(":")[0], {})
    operands = sub.get("input") or ["", ""]
    minus_one = sub.get("op") == "Sub" and len(operands) == 2 and is_rank(operands[0])
    one = minus_one and _is_int(ctx.maybe_constant(operands[1]), 1)
    return one and _is_int(values[1], -1) and _is_int(values[2], -1)


def _is_int(value: np.ndarray | None, want: int) -> bool:
    return value is not None and value.shape == () and int(value) == want


def _with_counts(extra: Callable) -> Callable:
    """`extra`, and graphgate's `counts` attribute: TF's *WithCounts form of an op."""

    def counted(node, data, ctx):
        inputs, attrs = extra(node, data, ctx)
        return inputs, {**attrs, "counts": True}

    return counted


def _optional_input(attr: str, index: int, convert: Callable = _ints_of) -> Callable:
    """Input `index` as attribute `attr` when constant, else kept as an input of
    graphgate's op, which takes either."""

    def extra(node, data, ctx):
        value = ctx.maybe_constant(data[index])
        if value is None:
            return data, {}
        return data[:index] + data[index + 1 :], {attr: convert(value)}

    return extra


def _diagonals(value: np.ndarray) -> list[int]:
    """TF's `k` (one diagonal or a [low, high] band) as graphgate's (low, high)."""
    ks = [int(v) for v in np.ravel(value)]
    if len(ks) not in (1, 2):
        raise Unsupported(f"its k {ks} is neither one diagonal nor a band")
    return [ks[0], ks[-1]]


def _padding_value(ctx: _Context, ref: str) -> float:
    value = ctx.constant(ref, "padding value")
    if np.iscomplexobj(value):
        raise Unsupported("its padding value is complex; graphgate's is a real number")
    return float(value)


def _matrix_diag_part_v3(node, data, ctx):
    attrs = {
        "k": _diagonals(ctx.constant(data[1], "k")),
        "padding_value": _padding_value(ctx, data[2]),
    }
    return [data[0]], attrs


def _matrix_diag_v3(node, data, ctx):
    return [data[0]], {
        "k": _diagonals(ctx.constant(data[1], "k")),
        "num_rows": int(ctx.constant(data[2], "num_rows")),
        "num_cols": int(ctx.constant(data[3], "num_cols")),
        "padding_value": _padding_value(ctx, data[4]),
    }


def _roll(node, data, ctx):
    """TF's axis input as graphgate's attribute; its shift too where constant."""
    attrs = {"axis": _list_of(ctx.constant(data[2], "axis"))}
    shift = ctx.maybe_constant(data[1])
    if shift is None:
        return data[:2], attrs
    return [data[0]], {**attrs, "shift": _list_of(shift)}


def _space_batch(attr: str) -> Callable:
    def extra(node, data, ctx):
        block, pairs = ctx.maybe_constant(data[1]), ctx.maybe_constant(data[2])
        if pairs is None or block is None:  # known when run: the op reads its inputs
            return data, {"block_shape": None if block is None else _list_of(block)}
        return [data[0]], {"block_shape": _list_of(block), attr: _pads(pairs)}

    return extra


def _nms(node, data, ctx):
    values = [ctx.maybe_constant(d) for d in data[2:5]]
    if any(v is None for v in values):  # known at run time: the op reads its inputs
        return data, {"max_output_size": 0}
    limit, iou, floor = values
    overlaps = node["op"] == "NonMaxSuppressionWithOverlaps"
    return data[:2], {
        "max_output_size": int(limit),
        "overlap_threshold" if overlaps else "iou_threshold": float(iou),
        "score_threshold": float(floor),
    }


def _nms_with_scores(node, data, ctx):
    """NonMaxSuppressionV5: V3's limits and soft NMS's sigma, read as _nms reads them."""
    values = [ctx.maybe_constant(d) for d in data[2:6]]
    if len(data) != 6 or any(v is None for v in values):
        return data, {"max_output_size": 0}  # the op reads its inputs when run
    limit, iou, floor, sigma = values
    return data[:2], {
        "max_output_size": int(limit),
        "iou_threshold": float(iou),
        "score_threshold": float(floor),
        "soft_nms_sigma": float(sigma),
    }


def _combined_nms(node, data, ctx):
    if len(data) != 6:
        raise Unsupported("CombinedNonMaxSuppression takes boxes, scores and four limits")
    values = [ctx.maybe_constant(d) for d in data[2:6]]
    sizes = {
        k: -1 if v is None else int(v)
        for k, v in zip(("max_output_size_per_class", "max_total_size"), values, strict=False)
    }
    if any(v is None for v in values):  # known at run time: the op reads its inputs
        return data, sizes
    thresholds = {"iou_threshold": float(values[2]), "score_threshold": float(values[3])}
    return data[:2], {**sizes, **thresholds}


def _fill(node, data, ctx):
    dims = ctx.maybe_constant(data[0])
    if dims is None:
        return data, {}
    return [data[1]], {"shape": dims.reshape(-1).tolist()}


def _list_of(value: np.ndarray) -> list[int]:
    return value.reshape(-1).tolist()


def _pads(value: np.ndarray) -> list[list[int]]:
    return value.reshape(-1, 2).tolist()


def _resize_size(node, data, ctx):
    """A resize's size as its attribute when constant; computed at run time
    (resize_image_with_pad's), the op's second input, the attribute then unknown."""
    value = ctx.maybe_constant(data[1])
    if value is None:
        return data, {"size": [None, None]}
    return [data[0]], {"size": _list_of(value)}


def _pad_v2(node, data, ctx):
    value = ctx.constant(data[2], "constant value")
    paddings = ctx.maybe_constant(data[1])
    if value.size != 1:
        raise Unsupported(f"a constant value of shape {list(value.shape)} (TF's is a scalar)")
    if value.dtype != object:
        fill = {"constant_values": float(value)}
        if paddings is None:  # computed at run time: graphgate's second input
            return data[:2], fill
        return [data[0]], {"paddings": _pads(paddings), **fill}
    # A string's fill is graphgate's `constant_text` (a str, written back as UTF-8).
    text = value.item()
    try:
        text = text.decode("utf-8") if isinstance(text, bytes) else str(text)
    except UnicodeDecodeError:
        raise Unsupported("a string fill that is not UTF-8") from None
    if paddings is None:
        raise Unsupported("padding strings with run-time paddings")
    fill = {"constant_values": 0.0, "constant_text": text}
    return [data[0]], {"paddings": _pads(paddings), **fill}


def _split(node, data, ctx):
    return [data[1]], {
        "axis": int(ctx.constant(data[0], "axis")),
        "num_or_size_splits": _attr(node, "num_split").get("i", 1),
        "num_split": None,
    }


def _split_v(node, data, ctx):
    sizes = ctx.constant(data[1], "sizes").reshape(-1).tolist()
    return [data[0]], {
        "axis": int(ctx.constant(data[2], "axis")),
        "num_or_size_splits": sizes,
        "num_split": None,
    }


_SLICE_MASKS = ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask")


def _strided_slice(node, data, ctrl, ctx):
    masks = {m: _attr(node, m).get("i", 0) for m in _SLICE_MASKS}
    values = [ctx.maybe_constant(ref) for ref in data[1:4]]
    attrs = _converted(node, "StridedSlice", skip=_SLICE_MASKS)
    if all(v is not None for v in values):
        begin, end, strides = (v.reshape(-1).tolist() for v in values)
        attrs["index"] = _slice_index(begin, end, strides, masks)
        return [_doc_node(node["name"], "StridedSlice", data[:1], ctrl, attrs)]
    (made, inputs), attrs["index"], attrs["dynamic"] = _run_time_slice(
        node, data, ctx, values, masks
    )
    return [*made, _doc_node(node["name"], "StridedSlice", inputs, ctrl, attrs)]


def _strided_slice_grad(node, data, ctrl, ctx):
    """TF's StridedSliceGrad(shape, begin, end, strides, dy) of a training graph as
    graphgate's, whose second input gives only the shape: zeros of `shape` (TF's kernel
    allocates them too)."""
    masks = {m: _attr(node, m).get("i", 0) for m in _SLICE_MASKS}
    values = [ctx.maybe_constant(ref) for ref in data[1:4]]
    attrs = _converted(node, "StridedSliceGrad", skip=_SLICE_MASKS)
    scope = ctx.free_scope(node["name"])
    zero = np.zeros((), tf_proto.dtype_of(_attr(node, "T").get("type", 1)).as_numpy_dtype)
    made = [
        _doc_node(f"{scope}/zero", "Const", [], [], {"value": serialization.encode_tensor(zero)}),
        _doc_node(f"{scope}/input", "Fill", [data[0], f"{scope}/zero"], [], {}),
    ]
    inputs = [data[4], f"{scope}/input"]
    if all(v is not None for v in values):
        begin, end, strides = (v.reshape(-1).tolist() for v in values)
        attrs["index"] = _slice_index(begin, end, strides, masks)
    else:
        bounds, attrs["index"], attrs["dynamic"] = _run_time_slice(node, data, ctx, values, masks)
        made += bounds[0]
        inputs += bounds[1][1:]
    return [*made, _doc_node(node["name"], "StridedSliceGrad", inputs, ctrl, attrs)]


def _slice_index(begin: list, end: list, strides: list, masks: dict[str, int]) -> list[Any]:
    """TF's begin, end, strides and masks as graphgate's index items; an item of `begin`,
    `end` or `strides` may be None, a bound read at run time."""
    index: list[Any] = []
    for i, (b, e, s) in enumerate(zip(begin, end, strides, strict=True)):
        bit = 1 << i
        if masks["ellipsis_mask"] & bit:
            index.append("...")
        elif masks["new_axis_mask"] & bit:
            index.append("newaxis")
        elif masks["shrink_axis_mask"] & bit:
            if s is not None and s <= 0:  # TF's run-time InvalidArgumentError
                raise Unsupported("a shrunk axis has a stride other than 1")
            index.append(b)
        else:
            start = None if masks["begin_mask"] & bit else b
            stop = None if masks["end_mask"] & bit else e
            index.append({"start": start, "stop": stop, "step": s})
    return index


def _run_time_slice(node, data, ctx, values, masks) -> tuple[tuple[list, list], list, list]:
    """A StridedSlice whose begin, end or strides are computed (`table[i]` in a loop
    body, `x[:, t]`): each element the index reads becomes a scalar bound input of
    graphgate's StridedSlice, sliced from the computed vector. Its made nodes and inputs
    (the sliced tensor, then the bounds), index and bound codes."""
    n = next((v.size for v in values if v is not None), None)
    if n is None:
        raise Unsupported("its begin, end and strides are all computed: their length is unknown")
    shrunk = masks["shrink_axis_mask"] & ~(masks["ellipsis_mask"] | masks["new_axis_mask"])
    if values[2] is None and shrunk & ((1 << n) - 1):
        raise Unsupported("it shrinks an axis by a computed stride, which TF checks is 1")
    scope = ctx.free_scope(node["name"])
    made: list[dict[str, Any]] = []
    inputs, codes, fields = [data[0]], [], []
    for field, (what, ref, value) in enumerate(
        zip(("begin", "end", "strides"), data[1:4], values, strict=True)
    ):
        if value is not None:
            fields.append(value.reshape(-1).tolist())
            continue
        fields.append([None] * n)
        for i in range(n):
            if _bound_read(masks, 1 << i, field):
                name = f"{scope}/{what}_{i}"
                made.append(_doc_node(name, "StridedSlice", [ref], [], {"index": [i]}))
                inputs.append(name)
                codes.append(4 * i + (3 if shrunk & (1 << i) else field))
    index = _slice_index(*fields, masks)
    for code in codes:  # the item a bound fills holds a slice until run time
        if code % 4 == 3:
            index[code // 4] = {"start": None, "stop": None, "step": None}
    return (made, inputs), index, codes


def _bound_read(masks: dict[str, int], bit: int, field: int) -> bool:
    """Whether item `bit`'s `field` (0 begin, 1 end, 2 stride) is read, as TF's kernel
    reads it: not for an ellipsis or a new axis, only the begin of a shrunk axis, and
    not a masked begin or end."""
    if (masks["ellipsis_mask"] | masks["new_axis_mask"]) & bit:
        return False
    if masks["shrink_axis_mask"] & bit:
        return field == 0
    return field == 2 or not masks[("begin_mask", "end_mask")[field]] & bit


def _gather(node, data, ctx):
    batch = _attr(node, "batch_dims").get("i", 0)
    value = ctx.maybe_constant(data[2])
    if value is None:  # kept as the last input, which graphgate's op reads when run
        return data, {"batch_dims": batch or None}  # its kernel takes batch_dims then
    return data[:2], {"axis": int(value), "batch_dims": batch or None}


def _resource_gather(node, data, ctrl, ctx):
    """TF 2's `embedding_lookup` on a resource variable: a read, then a gather of rows."""
    if _attr(node, "batch_dims").get("i", 0):
        raise Unsupported("batch_dims other than 0")
    if len(data) != 2:
        raise Unsupported("ResourceGather takes a variable and indices")
    name = node["name"]
    return [
        _doc_node(f"{name}/read", "ReadVariableOp", data[:1], ctrl, {}),
        _doc_node(name, "GatherV2", [f"{name}/read", data[1]], [], {"axis": 0}),
    ]


def _arg_reduce(node, data, ctx):
    value = ctx.maybe_constant(data[1])
    if value is None:  # kept as the last input, which graphgate's op reads when run
        return data, {}
    return [data[0]], {"axis": int(value)}


def _squeeze(node, data, ctx):
    axes = _ints(_attr(node, "squeeze_dims")) or None
    return data, {"axis": axes, "squeeze_dims": None}


def _cast(node, data, ctx):
    return data, {"dtype": _dtype_name(_attr(node, "DstT")), "DstT": None}


def _clip_by_value(node, data, ctx):
    if _attr(node, "T").get("type") in (22, 23):  # DT_UINT32, DT_UINT64
        # TF writes it (saturate_cast's clamp) and fails every run: no such CPU kernel.
        raise Unsupported("TF has no CPU kernel for a ClipByValue of uint32 or uint64")
    return data, {"kernel_gradient": True}  # the kernel's gradient, not tf.clip_by_value's


def _unmatched_control_flow(node, data, ctrl, ctx):
    raise Unsupported("TF1 control flow other than a tf.cond's (a while_loop's)")


def _variable(node, data, ctrl, ctx):
    """VariableV2, and a resource variable's VarHandleOp, as graphgate's variable; its
    initializer the Assign (AssignVariableOp) to it."""
    attrs = {"dtype": _dtype_name(_attr(node, "dtype")), "shape": _shape(_attr(node, "shape"))}
    if attrs["shape"] is None:
        raise Unsupported("a variable of unknown rank")
    init = ctx.initializers.get(node["name"])
    if init is not None:
        attrs["initializer"] = init
    return [_doc_node(node["name"], "VariableV2", [], ctrl, attrs)]


def _assign(node, data, ctrl, ctx):
    return [_doc_node(node["name"], "Assign", data, ctrl, {})]


# TF 2's stateless random ops (what tf.layers' initializers draw with under TF 2), as the
# V1 stateless op graphgate has: the key and counter StatelessRandomGetKeyCounter makes of a
# seed are exactly what graphgate's stateless kernels make of it (TF's GenerateKey).
_STATELESS_V2 = {
    "StatelessRandomUniformV2": "StatelessRandomUniform",
    "StatelessRandomNormalV2": "StatelessRandomNormal",
    "StatelessTruncatedNormalV2": "StatelessTruncatedNormal",
    "StatelessRandomUniformFullIntV2": "StatelessRandomUniformFullInt",
}


def _key_counter(node, data, ctrl, ctx):
    """Read only through the V2 ops it feeds, which take its seed instead; any other use
    of its key or counter would see the seed, so it is refused."""
    for consumer in ctx.consumers.get(node["name"], []):
        if consumer.get("op") not in (*_STATELESS_V2, "StatelessRandomGammaV3"):
            raise Unsupported(f"its key and counter feed a {consumer.get('op')}")
    ctx.single_output.add(node["name"])
    return [_doc_node(node["name"], "Identity", data, ctrl, {})]


def _stateless_v2(node, data, ctx):
    """(shape, key, counter, alg) as graphgate's (seed) with its shape an attribute."""
    key, counter = data[1], data[2]
    source = ctx.by_name.get(key, {})
    if source.get("op") != "StatelessRandomGetKeyCounter" or counter != f"{key}:1":
        raise Unsupported("its key and counter do not come from one StatelessRandomGetKeyCounter")
    alg = int(ctx.constant(data[3], "algorithm"))
    if alg not in (1, 3):  # Philox, or auto-select, which is Philox on CPU
        raise Unsupported(f"random algorithm {alg}: graphgate draws TF's Philox numbers only")
    seed = _split_inputs(source)[0][0]
    return [seed, *data[4:]], {"shape": _list_of(ctx.constant(data[0], "shape"))}


def _stateless_v1(node, data, ctx):
    """(shape, seed[, minval, maxval]) as graphgate's (seed, ...) with its shape an
    attribute."""
    return data[1:], {"shape": _list_of(ctx.constant(data[0], "shape"))}


def _without(extra: Callable, *names: str) -> Callable:
    """`extra`, the TF attributes `names` read as given by the inputs (the stateless gamma's
    and Poisson's dtypes, which graphgate's ops take from alpha and the attribute)."""

    def read(node, data, ctx):
        inputs, added = extra(node, data, ctx)
        return inputs, {**added, **dict.fromkeys(names)}

    return read


def _slice_sizes(node, data, ctx):
    """A Slice keeps its tensor bounds; a constant size gives its output the static shape
    TF's shape function gives it (the sizes, a -1 unknown), so what is reshaped by it
    (`tf.nn.softmax_cross_entropy_with_logits`' flattening) keeps a known rank."""
    size = ctx.maybe_constant(data[2]) if len(data) == 3 else None
    if size is None or size.ndim != 1:
        return data, {}
    hint = {"static_shape": [n if n >= 0 else None for n in size.tolist()]}
    begin = ctx.maybe_constant(data[1])
    if begin is not None and begin.shape == size.shape and -1 in size.tolist():
        # and with a constant begin, a -1 size is the rest of the input's dim, known once
        # the graph infers the input's shape (an estimator's sparse weighted sums reshape by it)
        hint["static_begin"] = [int(b) for b in begin.tolist()]
    return data, hint


def _scatter_nd_shape(node, data, ctx):
    """A ScatterNd keeps its shape input; a constant one gives its output TF's static
    shape (a gather_nd's gradient, then unstacked by a stack's: Unpack needs the rank)."""
    shape = ctx.maybe_constant(data[2]) if len(data) == 3 else None
    if shape is None or shape.ndim != 1:
        return data, {}
    return data, {"static_shape": [n if n >= 0 else None for n in shape.tolist()]}


def _activation_grad(node, data, ctrl, ctx):
    """TanhGrad and SigmoidGrad (the gradients/ TF builds for tanh and sigmoid) as their
    CPU kernels compute them from the output y: dy * (1 - y * y); dy * y * (1 - y)."""
    y, dy = data
    n = node["name"]
    one = np.ones((), tf_proto.dtype_of(_attr(node, "T").get("type", 1)).as_numpy_dtype)
    constant = _doc_node(f"{n}/one", "Const", [], [], {"value": serialization.encode_tensor(one)})
    if node["op"] == "TanhGrad":
        return [
            constant,
            _doc_node(f"{n}/y_squared", "Mul", [y, y], ctrl, {}),
            _doc_node(f"{n}/one_minus", "Sub", [f"{n}/one", f"{n}/y_squared"], [], {}),
            _doc_node(n, "Mul", [dy, f"{n}/one_minus"], [], {}),
        ]
    return [
        constant,
        _doc_node(f"{n}/dy_y", "Mul", [dy, y], ctrl, {}),
        _doc_node(f"{n}/one_minus", "Sub", [f"{n}/one", y], [], {}),
        _doc_node(n, "Mul", [f"{n}/dy_y", f"{n}/one_minus"], [], {}),
    ]


# The other activations' gradient ops, as TF's CPU kernels (Eigen) compute them from
# the upstream gradient g and the forward op's features f or outputs y, each a few of
# graphgate's ops: (name, op, inputs) with "g", "f"/"y", a constant's value as a float,
# or an earlier node's name.
_ACTIVATION_GRADS: dict[str, tuple[tuple[str, str, tuple], ...]] = {
    # (y < 0) ? g * (y + 1) : g
    "EluGrad": (
        ("neg", "Less", ("y", 0.0)),
        ("y1", "Add", ("y", 1.0)),
        ("scaled", "Mul", ("g", "y1")),
        ("", "SelectV2", ("neg", "scaled", "g")),
    ),
    # (y < 0) ? g * (y + scale * alpha) : g * scale, scale * alpha written as TF's constant
    "SeluGrad": (
        ("neg", "Less", ("y", 0.0)),
        ("y1", "Add", ("y", 1.7580993408473768599402175208123)),
        ("below", "Mul", ("g", "y1")),
        ("above", "Mul", ("g", 1.0507009873554804934193349852946)),
        ("", "SelectV2", ("neg", "below", "above")),
    ),
    # (f > 0) ? g : g * alpha
    "LeakyReluGrad": (
        ("pos", "Greater", ("f", 0.0)),
        ("scaled", "Mul", ("g", "alpha")),
        ("", "SelectV2", ("pos", "g", "scaled")),
    ),
    # g * cast((f > 0) & (f < 6)): a product, so a NaN g stays NaN and a zero keeps g's sign
    "Relu6Grad": (
        ("pos", "Greater", ("f", 0.0)),
        ("low", "Less", ("f", 6.0)),
        ("inside", "LogicalAnd", ("pos", "low")),
        ("mask", "Cast", ("inside",)),
        ("", "Mul", ("g", "mask")),
    ),
    # g / (|f| + 1)^2
    "SoftsignGrad": (
        ("abs", "Abs", ("f",)),
        ("plus", "Add", ("abs", 1.0)),
        ("square", "Square", ("plus",)),
        ("", "RealDiv", ("g", "square")),
    ),
}


def _activation_grads(node, data, ctrl, ctx):
    """An activation's gradient op (`_ACTIVATION_GRADS`) as graphgate's ops."""
    if len(data) != 2:
        raise Unsupported(f"{node['op']} takes a gradient and the forward op's tensor")
    n = node["name"]
    dtype = tf_proto.dtype_of(_attr(node, "T").get("type", 1))
    # TF's alpha is a 32-bit float attr, its default too: float64 gradients see 0.2 as
    # 0.20000000298..., as graphgate's own LeakyReluGrad kernel (nn_ops._leaky_alpha).
    alpha = float(np.float32(_attr(node, "alpha").get("f", 0.2)))
    names = {"g": data[0], "f": data[1], "y": data[1], "alpha": f"{n}/alpha"}
    made = [_scalar(f"{n}/alpha", alpha, dtype)] if node["op"] == "LeakyReluGrad" else []
    for i, (own, op, args) in enumerate(_ACTIVATION_GRADS[node["op"]]):
        inputs = []
        for j, arg in enumerate(args):
            if isinstance(arg, float):
                made.append(_scalar(f"{n}/c{i}_{j}", arg, dtype))
                inputs.append(f"{n}/c{i}_{j}")
            else:
                inputs.append(names.get(arg, f"{n}/{arg}"))
        attrs = {"dtype": _dt.TO_OIP[dtype]} if op == "Cast" else {}
        made.append(_doc_node(f"{n}/{own}" if own else n, op, inputs, ctrl, attrs))
    return made


def _lrn_norm(node, x, ctrl):
    """TF's LRN norm, bias + alpha * (sum of squares over 2r+1 neighbouring channels), as
    `tf.nn.lrn` computes it (nn_ops' ChannelWindowSum), and its attributes."""
    n, r = node["name"], _attr(node, "depth_radius").get("i", 5)
    dtype = tf_proto.dtype_of(_attr(node, "T").get("type", 1))
    bias, alpha = _attr(node, "bias").get("f", 1.0), _attr(node, "alpha").get("f", 1.0)
    made = [
        _scalar(f"{n}/bias", bias, dtype),
        _scalar(f"{n}/alpha", alpha, dtype),
        _doc_node(f"{n}/square", "Square", [x], ctrl, {}),
        _doc_node(f"{n}/sqr_sum", "ChannelWindowSum", [f"{n}/square"], [], {"depth_radius": r}),
        _doc_node(f"{n}/scaled", "Mul", [f"{n}/alpha", f"{n}/sqr_sum"], [], {}),
        _doc_node(f"{n}/norm", "Add", [f"{n}/bias", f"{n}/scaled"], [], {}),
    ]
    return made, dtype, alpha, _attr(node, "beta").get("f", 0.5)


def _lrn(node, data, ctrl, ctx):
    """TF's LRN: x * norm ** -beta, as `tf.nn.lrn` builds it."""
    n = node["name"]
    made, dtype, _, beta = _lrn_norm(node, data[0], ctrl)
    made += [
        _scalar(f"{n}/power", -beta, dtype),
        _doc_node(f"{n}/scale", "Pow", [f"{n}/norm", f"{n}/power"], [], {}),
        _doc_node(n, "Mul", [data[0], f"{n}/scale"], [], {}),
    ]
    return made


def _lrn_grad(node, data, ctrl, ctx):
    """TF's LRNGrad(g, x, y): g * norm ** -beta - 2 alpha beta x * S, S the window sum of
    g * y / norm (each channel's norm reaches its 2r+1 neighbours; the window is
    symmetric), TF's kernel's formula."""
    n = node["name"]
    g, x, y = data
    made, dtype, alpha, beta = _lrn_norm(node, x, ctrl)
    r = _attr(node, "depth_radius").get("i", 5)
    made += [
        _scalar(f"{n}/power", -beta, dtype),
        _scalar(f"{n}/two_alpha_beta", 2.0 * alpha * beta, dtype),
        _doc_node(f"{n}/scale", "Pow", [f"{n}/norm", f"{n}/power"], [], {}),
        _doc_node(f"{n}/direct", "Mul", [g, f"{n}/scale"], [], {}),
        _doc_node(f"{n}/gy", "Mul", [g, y], [], {}),
        _doc_node(f"{n}/gy_norm", "RealDiv", [f"{n}/gy", f"{n}/norm"], [], {}),
        _doc_node(f"{n}/spread", "ChannelWindowSum", [f"{n}/gy_norm"], [], {"depth_radius": r}),
        _doc_node(f"{n}/x_spread", "Mul", [x, f"{n}/spread"], [], {}),
        _doc_node(f"{n}/through", "Mul", [f"{n}/two_alpha_beta", f"{n}/x_spread"], [], {}),
        _doc_node(n, "Sub", [f"{n}/direct", f"{n}/through"], [], {}),
    ]
    return made


def _scalar(name: str, value: float, dtype: Any) -> dict[str, Any]:
    held = np.asarray(value, getattr(dtype, "as_numpy_dtype", dtype))
    return _doc_node(name, "Const", [], [], {"value": serialization.encode_tensor(held)})


def _batch_matmul(node, data, ctrl, ctx):
    """BatchMatMul's `adj_x`/`adj_y` are adjoints: a transpose, of the conjugate when the
    matrices are complex (graphgate's MatMul only transposes; reading an adjoint as the
    transpose gave a complex `matrix_solve_ls` NaN where TF solves it)."""
    if _registry.known("MatMul") is None:
        raise Unsupported("graphgate has no such op")
    adjoint = [_attr(node, key).get("b", False) for key in ("adj_x", "adj_y")]
    if any(adjoint) and not _has(node, "T"):
        # TF refuses a node without its T too; without it an adjoint's meaning is unknown.
        raise Unsupported("an adjoint of matrices whose dtype (T) the node does not say")
    made, inputs = [], list(data[:2])
    if _attr(node, "T").get("type") in (8, 18):  # DT_COMPLEX64, DT_COMPLEX128
        for i, side in enumerate("xy"):
            if adjoint[i]:
                made.append(_doc_node(f"{node['name']}/conj_{side}", "Conj", [data[i]], [], {}))
                inputs[i] = made[-1]["name"]
    attrs = _converted(node, "MatMul", skip=("adj_x", "adj_y"))
    attrs.update({f"transpose_{s}": True for s, adj in zip("ab", adjoint, strict=True) if adj})
    return [*made, _doc_node(node["name"], "MatMul", inputs + list(data[2:]), ctrl, attrs)]


def _one_hot(node, data, ctx):
    on = ctx.constant(data[2], "on_value")
    attrs = {
        "on_value": float(on),
        "off_value": float(ctx.constant(data[3], "off_value")),
        "dtype": _dt.TO_OIP[_dt.as_dtype(on.dtype)],
    }
    depth = ctx.maybe_constant(data[1])
    if depth is None:  # computed: graphgate's OneHot reads it at run time, as TF's
        return [data[0], data[1]], attrs
    return [data[0]], {"depth": int(depth), **attrs}


def _one(name: str, ctx: _Context, like: str, value: float = 1.0) -> dict[str, Any]:
    """A Const 1 (or `value`) named `name`, of the dtype of the variable `like` names."""
    var = ctx.by_name.get(like.partition(":")[0], {})
    enum = _attr(var, "dtype").get("type", 1)
    one = np.full((), value, tf_proto.dtype_of(enum).as_numpy_dtype)
    return _doc_node(name, "Const", [], [], {"value": serialization.encode_tensor(one)})


def _rate_check(n: str, ctx: _Context, var: str, lr: str, strengths: list[str]) -> list:
    """TF's CPU check of ApplyProximalAdagrad (dense and sparse) and SparseApplyFtrl, as
    an Assert named `{n}/rate_check`: the rate above 0, each regularization strength at
    least 0, or the run fails (InvalidArgumentError) rather than step."""
    out = [
        _one(f"{n}/rate_zero", ctx, var, 0.0),
        _doc_node(f"{n}/rate_ok", "Greater", [lr, f"{n}/rate_zero"], [], {}),
    ]
    ok = f"{n}/rate_ok"
    for i, strength in enumerate(strengths):
        out.append(
            _doc_node(f"{n}/strength_{i}", "GreaterEqual", [strength, f"{n}/rate_zero"], [], {})
        )
        out.append(_doc_node(f"{n}/rates_ok_{i}", "LogicalAnd", [ok, f"{n}/strength_{i}"], [], {}))
        ok = f"{n}/rates_ok_{i}"
    message = json.dumps(["lr is not a positive scalar, or a regularization strength is negative"])
    return [*out, _doc_node(f"{n}/rate_check", "Assert", [ok], [], {"template": message})]


def _apply_adam(node, data, ctrl, ctx):
    """TF's ApplyAdam as its CPU kernel computes it, from graphgate's updates:
    lr_t = lr * sqrt(1 - beta2_power) / (1 - beta1_power); m += (g - m) * (1 - beta1);
    v += (g * g - v) * (1 - beta2); var -= m * lr_t / (sqrt(v) + epsilon)."""
    if _attr(node, "use_nesterov").get("b", False):
        raise Unsupported("Nesterov's Adam")
    if len(data) != 10:
        raise Unsupported("ApplyAdam takes 10 inputs")
    var, m, v, b1p, b2p, lr, b1, b2, eps, g = data
    n = node["name"]
    return [
        _one(f"{n}/one", ctx, var),
        _doc_node(f"{n}/one_minus_b2p", "Sub", [f"{n}/one", b2p], ctrl, {}),
        _doc_node(f"{n}/sqrt_b2", "Sqrt", [f"{n}/one_minus_b2p"], [], {}),
        _doc_node(f"{n}/lr_sqrt", "Mul", [lr, f"{n}/sqrt_b2"], [], {}),
        _doc_node(f"{n}/one_minus_b1p", "Sub", [f"{n}/one", b1p], [], {}),
        _doc_node(f"{n}/lr_t", "RealDiv", [f"{n}/lr_sqrt", f"{n}/one_minus_b1p"], [], {}),
        _doc_node(f"{n}/g_minus_m", "Sub", [g, m], [], {}),
        _doc_node(f"{n}/one_minus_b1", "Sub", [f"{n}/one", b1], [], {}),
        _doc_node(f"{n}/m_step", "Mul", [f"{n}/g_minus_m", f"{n}/one_minus_b1"], [], {}),
        _doc_node(f"{n}/m_t", "AssignAdd", [m, f"{n}/m_step"], [], {}),
        _doc_node(f"{n}/g2", "Square", [g], [], {}),
        _doc_node(f"{n}/g2_minus_v", "Sub", [f"{n}/g2", v], [], {}),
        _doc_node(f"{n}/one_minus_b2", "Sub", [f"{n}/one", b2], [], {}),
        _doc_node(f"{n}/v_step", "Mul", [f"{n}/g2_minus_v", f"{n}/one_minus_b2"], [], {}),
        _doc_node(f"{n}/v_t", "AssignAdd", [v, f"{n}/v_step"], [], {}),
        _doc_node(f"{n}/m_lr", "Mul", [f"{n}/m_t", f"{n}/lr_t"], [], {}),
        _doc_node(f"{n}/sqrt_v", "Sqrt", [f"{n}/v_t"], [], {}),
        _doc_node(f"{n}/denominator", "Add", [f"{n}/sqrt_v", eps], [], {}),
        _doc_node(f"{n}/step", "RealDiv", [f"{n}/m_lr", f"{n}/denominator"], [], {}),
        _doc_node(n, "AssignSub", [var, f"{n}/step"], [], {}),
    ]


def _apply_momentum(node, data, ctrl, ctx):
    """TF's ApplyMomentum: accum = accum * momentum + g; var -= accum * lr (Nesterov's:
    var -= g * lr + accum * momentum * lr)."""
    if len(data) != 5:
        raise Unsupported("ApplyMomentum takes 5 inputs")
    var, accum, lr, g, momentum = data
    n = node["name"]
    out = [
        _doc_node(f"{n}/decayed", "Mul", [accum, momentum], ctrl, {}),
        _doc_node(f"{n}/accum_new", "Add", [f"{n}/decayed", g], [], {}),
        _doc_node(f"{n}/accum_t", "Assign", [accum, f"{n}/accum_new"], [], {}),
    ]
    if _attr(node, "use_nesterov").get("b", False):
        out += [
            _doc_node(f"{n}/g_lr", "Mul", [g, lr], [], {}),
            _doc_node(f"{n}/accum_m", "Mul", [f"{n}/accum_t", momentum], [], {}),
            _doc_node(f"{n}/accum_m_lr", "Mul", [f"{n}/accum_m", lr], [], {}),
            _doc_node(f"{n}/step", "Add", [f"{n}/g_lr", f"{n}/accum_m_lr"], [], {}),
        ]
    else:
        out.append(_doc_node(f"{n}/step", "Mul", [f"{n}/accum_t", lr], [], {}))
    return [*out, _doc_node(n, "AssignSub", [var, f"{n}/step"], [], {})]


def _apply_adagrad(node, data, ctrl, ctx):
    """TF's ApplyAdagrad: accum += g * g (when `update_slots`); var -= g * lr * rsqrt(accum)."""
    if len(data) != 4:
        raise Unsupported("ApplyAdagrad takes 4 inputs")
    var, accum, lr, g = data
    n = node["name"]
    out = [_doc_node(f"{n}/g_lr", "Mul", [g, lr], ctrl, {})]
    if _attr(node, "update_slots").get("b", True):
        out += [
            _doc_node(f"{n}/g2", "Square", [g], [], {}),
            _doc_node(f"{n}/accum_t", "AssignAdd", [accum, f"{n}/g2"], [], {}),
        ]
        accum = f"{n}/accum_t"
    return [
        *out,
        _doc_node(f"{n}/rsqrt", "Rsqrt", [accum], [], {}),
        _doc_node(f"{n}/step", "Mul", [f"{n}/g_lr", f"{n}/rsqrt"], [], {}),
        _doc_node(n, "AssignSub", [var, f"{n}/step"], [], {}),
    ]


def _apply_adadelta(node, data, ctrl, ctx):
    """TF's ApplyAdadelta: accum = accum * rho + g² (1 - rho);
    update = sqrt(accum_update + ε) rsqrt(accum + ε) g;
    accum_update = accum_update * rho + update² (1 - rho); var -= update * lr."""
    if len(data) != 7:
        raise Unsupported("ApplyAdadelta takes 7 inputs")
    var, accum, accum_update, lr, rho, eps, g = data
    n = node["name"]
    return [
        _one(f"{n}/one", ctx, var),
        _doc_node(f"{n}/one_minus_rho", "Sub", [f"{n}/one", rho], ctrl, {}),
        _doc_node(f"{n}/g2", "Square", [g], [], {}),
        _doc_node(f"{n}/accum_kept", "Mul", [accum, rho], [], {}),
        _doc_node(f"{n}/accum_taken", "Mul", [f"{n}/g2", f"{n}/one_minus_rho"], [], {}),
        _doc_node(f"{n}/accum_new", "Add", [f"{n}/accum_kept", f"{n}/accum_taken"], [], {}),
        _doc_node(f"{n}/accum_t", "Assign", [accum, f"{n}/accum_new"], [], {}),
        _doc_node(f"{n}/update_eps", "Add", [accum_update, eps], [], {}),
        _doc_node(f"{n}/update_sqrt", "Sqrt", [f"{n}/update_eps"], [], {}),
        _doc_node(f"{n}/accum_eps", "Add", [f"{n}/accum_t", eps], [], {}),
        _doc_node(f"{n}/accum_rsqrt", "Rsqrt", [f"{n}/accum_eps"], [], {}),
        _doc_node(f"{n}/ratio", "Mul", [f"{n}/update_sqrt", f"{n}/accum_rsqrt"], [], {}),
        _doc_node(f"{n}/update", "Mul", [f"{n}/ratio", g], [], {}),
        _doc_node(f"{n}/update2", "Square", [f"{n}/update"], [], {}),
        _doc_node(f"{n}/kept", "Mul", [accum_update, rho], [], {}),
        _doc_node(f"{n}/taken", "Mul", [f"{n}/update2", f"{n}/one_minus_rho"], [], {}),
        _doc_node(f"{n}/update_new", "Add", [f"{n}/kept", f"{n}/taken"], [], {}),
        _doc_node(f"{n}/update_t", "Assign", [accum_update, f"{n}/update_new"], [], {}),
        _doc_node(f"{n}/step", "Mul", [f"{n}/update", lr], [f"{n}/update_t"], {}),
        _doc_node(n, "AssignSub", [var, f"{n}/step"], [], {}),
    ]


def _apply_ftrl(node, data, ctrl, ctx):
    """TF's ApplyFtrl (V2: `l2_shrinkage` adds 2 l2_shrinkage var to the gradient the
    linear term takes): accum' = accum + g²; linear += g' - (accum'^-p - accum^-p) / lr
    var; var = |linear| > l1 ? (l1 sign(linear) - linear) / (accum'^-p / lr + 2 l2) : 0."""
    v2 = node.get("op", "").endswith("FtrlV2")
    if node.get("op", "").endswith("FtrlV2") != (len(data) == 9) or len(data) not in (8, 9):
        raise Unsupported(f"{node.get('op')} takes {9 if v2 else 8} inputs")
    if _attr(node, "multiply_linear_by_lr").get("b", False):
        raise Unsupported("multiply_linear_by_lr")
    var, accum, linear, g, lr, l1, l2 = data[:7]
    power = data[-1]
    n = node["name"]
    out = [
        _doc_node(f"{n}/g2", "Square", [g], ctrl, {}),
        _doc_node(f"{n}/accum_new", "Add", [accum, f"{n}/g2"], [], {}),
        *_ftrl_powers(node, accum, power, ctx),
    ]
    g_linear = g
    if v2:
        shrinkage = data[7]
        out += [
            _doc_node(f"{n}/shrink", "Mul", [shrinkage, var], [], {}),
            _doc_node(f"{n}/shrink2", "Add", [f"{n}/shrink", f"{n}/shrink"], [], {}),
            _doc_node(f"{n}/g_shrunk", "Add", [g, f"{n}/shrink2"], [], {}),
        ]
        g_linear = f"{n}/g_shrunk"
    out += [
        _doc_node(f"{n}/sigma_num", "Sub", [f"{n}/new_power", f"{n}/old_power"], [], {}),
        _doc_node(f"{n}/sigma", "RealDiv", [f"{n}/sigma_num", lr], [], {}),
        _doc_node(f"{n}/sigma_var", "Mul", [f"{n}/sigma", var], [], {}),
        _doc_node(f"{n}/linear_step", "Sub", [g_linear, f"{n}/sigma_var"], [], {}),
        _doc_node(f"{n}/linear_t", "AssignAdd", [linear, f"{n}/linear_step"], [], {}),
        _doc_node(f"{n}/sign", "Sign", [f"{n}/linear_t"], [], {}),
        _doc_node(f"{n}/l1_sign", "Mul", [l1, f"{n}/sign"], [], {}),
        _doc_node(f"{n}/x", "Sub", [f"{n}/l1_sign", f"{n}/linear_t"], [], {}),
        _doc_node(f"{n}/y_power", "RealDiv", [f"{n}/new_power", lr], [], {}),
        _doc_node(f"{n}/l2_twice", "Add", [l2, l2], [], {}),
        _doc_node(f"{n}/y", "Add", [f"{n}/y_power", f"{n}/l2_twice"], [], {}),
        _doc_node(f"{n}/pre_shrink", "RealDiv", [f"{n}/x", f"{n}/y"], [], {}),
        _doc_node(f"{n}/abs_linear", "Abs", [f"{n}/linear_t"], [], {}),
        _doc_node(f"{n}/kept", "Greater", [f"{n}/abs_linear", l1], [], {}),
        _doc_node(f"{n}/zeros", "ZerosLike", [f"{n}/pre_shrink"], [], {}),
        _doc_node(
            f"{n}/var_new", "SelectV2", [f"{n}/kept", f"{n}/pre_shrink", f"{n}/zeros"], [], {}
        ),
        _doc_node(f"{n}/accum_t", "Assign", [accum, f"{n}/accum_new"], [f"{n}/var_new"], {}),
        _doc_node(n, "Assign", [var, f"{n}/var_new"], [f"{n}/accum_t"], {}),
    ]
    return out


def _ftrl_powers(node, accum, power, ctx):
    """`old_power` and `new_power`, accum^-p and accum'^-p, as TF's Ftrl kernels take
    them: sqrt where p is -0.5 (their special case; pow(a, 0.5) can differ from sqrt in
    the last bit), pow otherwise; chosen here for a constant power (as the optimizers
    write it), by a select at run time for a computed one."""
    n = node["name"]
    p = ctx.maybe_constant(power)
    dtype = tf_proto.dtype_of(_attr(node, "T").get("type", 1))
    sqrt = [
        _doc_node(f"{n}/old_sqrt", "Sqrt", [accum], [], {}),
        _doc_node(f"{n}/new_sqrt", "Sqrt", [f"{n}/accum_new"], [], {}),
    ]
    pow_ = [
        _doc_node(f"{n}/neg_power", "Neg", [power], [], {}),
        _doc_node(f"{n}/old_pow", "Pow", [accum, f"{n}/neg_power"], [], {}),
        _doc_node(f"{n}/new_pow", "Pow", [f"{n}/accum_new", f"{n}/neg_power"], [], {}),
    ]
    if p is not None and np.size(p) == 1:
        kind = "sqrt" if np.reshape(p, ()) == np.asarray(-0.5, p.dtype) else "pow"
        nodes = sqrt if kind == "sqrt" else pow_
        return [
            *nodes,
            _doc_node(f"{n}/old_power", "Identity", [f"{n}/old_{kind}"], [], {}),
            _doc_node(f"{n}/new_power", "Identity", [f"{n}/new_{kind}"], [], {}),
        ]
    return [
        *sqrt,
        *pow_,
        _scalar(f"{n}/half", -0.5, dtype),
        _doc_node(f"{n}/is_half", "Equal", [power, f"{n}/half"], [], {}),
        *[
            _doc_node(f"{n}/{t}_power", "SelectV2", [f"{n}/is_half", *sides], [], {})
            for t, sides in (
                ("old", (f"{n}/old_sqrt", f"{n}/old_pow")),
                ("new", (f"{n}/new_sqrt", f"{n}/new_pow")),
            )
        ],
    ]


def _apply_proximal_adagrad(node, data, ctrl, ctx):
    """TF's ApplyProximalAdagrad: accum += g²; lr' = lr rsqrt(accum); prox = var - g lr';
    var = sign(prox) max(|prox| - lr' l1, 0) / (1 + l2 lr') where l1 > 0, else
    prox / (1 + l2 lr') (the kernel's two branches; a select at run time when l1 is
    computed)."""
    if len(data) != 6:
        raise Unsupported("ApplyProximalAdagrad takes 6 inputs")
    var, accum, lr, l1, l2, g = data
    n = node["name"]
    out = [
        *_rate_check(n, ctx, var, lr, [l1, l2]),
        _one(f"{n}/one", ctx, var),
        _doc_node(f"{n}/g2", "Square", [g], [*ctrl, f"{n}/rate_check"], {}),
        _doc_node(f"{n}/accum_t", "AssignAdd", [accum, f"{n}/g2"], [], {}),
        _doc_node(f"{n}/rsqrt", "Rsqrt", [f"{n}/accum_t"], [], {}),
        _doc_node(f"{n}/lr_t", "Mul", [lr, f"{n}/rsqrt"], [], {}),
        _doc_node(f"{n}/g_lr", "Mul", [g, f"{n}/lr_t"], [], {}),
    ]
    return [*out, *_fobos(n, var, f"{n}/lr_t", l1, l2, ctx)]


def _apply_proximal_gradient_descent(node, data, ctrl, ctx):
    """TF's ApplyProximalGradientDescent: prox = var - delta alpha; var = sign(prox)
    max(|prox| - alpha l1, 0) / (1 + l2 alpha) where l1 > 0, else prox / (1 + l2 alpha)."""
    if len(data) != 5:
        raise Unsupported("ApplyProximalGradientDescent takes 5 inputs")
    var, alpha, l1, l2, delta = data
    n = node["name"]
    out = [
        _one(f"{n}/one", ctx, var),
        _doc_node(f"{n}/g_lr", "Mul", [delta, alpha], ctrl, {}),
    ]
    return [*out, *_fobos(n, var, alpha, l1, l2, ctx)]


def _fobos(n: str, var: str, lr: str, l1: str, l2: str, ctx: _Context) -> list[dict]:
    """The proximal (Fobos) step both proximal kernels end with, from `{n}/g_lr` (the
    gradient times the learning rate `lr`) and `{n}/one`: prox = var - g_lr, then the
    shrink where l1 > 0 or the plain quotient, chosen here for a constant l1, by a select
    at run time for a computed one; the last node, named `n`, assigns `var`."""
    out = [
        _doc_node(f"{n}/prox", "Sub", [var, f"{n}/g_lr"], [], {}),
        _doc_node(f"{n}/l2_lr", "Mul", [l2, lr], [], {}),
        _doc_node(f"{n}/denominator", "Add", [f"{n}/one", f"{n}/l2_lr"], [], {}),
        _doc_node(f"{n}/plain", "RealDiv", [f"{n}/prox", f"{n}/denominator"], [], {}),
    ]
    value = ctx.maybe_constant(l1)
    known = value is not None and np.size(value) == 1
    if known and not np.reshape(value, ()) > 0:
        return [*out, _doc_node(n, "Assign", [var, f"{n}/plain"], [], {})]
    out += [
        _doc_node(f"{n}/abs", "Abs", [f"{n}/prox"], [], {}),
        _doc_node(f"{n}/l1_lr", "Mul", [lr, l1], [], {}),
        _doc_node(f"{n}/less", "Sub", [f"{n}/abs", f"{n}/l1_lr"], [], {}),
        _doc_node(f"{n}/zero", "ZerosLike", [f"{n}/less"], [], {}),
        _doc_node(f"{n}/kept", "Maximum", [f"{n}/less", f"{n}/zero"], [], {}),
        _doc_node(f"{n}/sign", "Sign", [f"{n}/prox"], [], {}),
        _doc_node(f"{n}/shrunk", "Mul", [f"{n}/sign", f"{n}/kept"], [], {}),
        _doc_node(f"{n}/shrunk_t", "RealDiv", [f"{n}/shrunk", f"{n}/denominator"], [], {}),
    ]
    if known:
        return [*out, _doc_node(n, "Assign", [var, f"{n}/shrunk_t"], [], {})]
    return [*out, *_l1_select(n, l1, f"{n}/shrunk_t", f"{n}/plain", var)]


def _l1_select(n: str, l1: str, shrunk: str, plain: str, var: str) -> list[dict]:
    """`var` = `shrunk` where the fed l1 is positive, else `plain` (the kernels' branch)."""
    return [
        _doc_node(f"{n}/l1_zero", "ZerosLike", [l1], [], {}),
        _doc_node(f"{n}/l1_positive", "Greater", [l1, f"{n}/l1_zero"], [], {}),
        _doc_node(f"{n}/var_t", "SelectV2", [f"{n}/l1_positive", shrunk, plain], [], {}),
        _doc_node(n, "Assign", [var, f"{n}/var_t"], [], {}),
    ]


def _adagrad_da_accumulate(node, data, ctrl):
    """ApplyAdagradDA's first half, dense and sparse alike: gradient_accumulator += g,
    gradient_squared_accumulator += g², the global step (int64) in the variable's dtype."""
    if len(data) != 8:
        raise Unsupported(f"{node.get('op')} takes 8 inputs besides a sparse one's indices")
    _, ga, gsa, g, lr, _, _, step = data
    n = node["name"]
    return [
        _doc_node(f"{n}/ga_t", "AssignAdd", [ga, g], ctrl, {}),
        _doc_node(f"{n}/g2", "Square", [g], [], {}),
        _doc_node(f"{n}/gsa_t", "AssignAdd", [gsa, f"{n}/g2"], [], {}),
        _doc_node(f"{n}/step", "Cast", [step], [], {"dtype": _dtype_name(_attr(node, "T"))}),
        _doc_node(f"{n}/gs_lr", "Mul", [f"{n}/step", lr], [], {}),
        _doc_node(f"{n}/sqrt", "Sqrt", [f"{n}/gsa_t"], [], {}),
        _doc_node(f"{n}/abs", "Abs", [f"{n}/ga_t"], [], {}),
        _doc_node(f"{n}/sign", "Sign", [f"{n}/ga_t"], [], {}),
    ]


def _apply_adagrad_da(node, data, ctrl, ctx):
    """TF's ApplyAdagradDA: ga += g; gsa += g²; var = -lr sign(ga) max(|ga| - step l1, 0)
    / (l2 step lr + sqrt(gsa)) where l1 > 0, else -lr ga / (l2 step lr + sqrt(gsa))."""
    out = _adagrad_da_accumulate(node, data, ctrl)
    var, lr, l1, l2 = data[0], data[4], data[5], data[6]
    n = node["name"]
    out += [
        _doc_node(f"{n}/l2_gs_lr", "Mul", [l2, f"{n}/gs_lr"], [], {}),
        _doc_node(f"{n}/denominator", "Add", [f"{n}/l2_gs_lr", f"{n}/sqrt"], [], {}),
        _doc_node(f"{n}/lr_ga", "Mul", [lr, f"{n}/ga_t"], [], {}),
        _doc_node(f"{n}/neg_lr_ga", "Neg", [f"{n}/lr_ga"], [], {}),
        _doc_node(f"{n}/plain", "RealDiv", [f"{n}/neg_lr_ga", f"{n}/denominator"], [], {}),
    ]
    shrink = [
        _doc_node(f"{n}/gs_l1", "Mul", [f"{n}/step", l1], [], {}),
        _doc_node(f"{n}/less", "Sub", [f"{n}/abs", f"{n}/gs_l1"], [], {}),
        _doc_node(f"{n}/neg_lr", "Neg", [lr], [], {}),
        _doc_node(f"{n}/lr_sign", "Mul", [f"{n}/neg_lr", f"{n}/sign"], [], {}),
    ]
    return [*out, *_adagrad_da_shrink(n, var, l1, shrink, f"{n}/lr_sign", ctx)]


def _apply_adagrad_da_rows(node, data, ctrl, ctx):
    """TF's SparseApplyAdagradDA on its rows, by its own arrangement of the formula:
    var = -sign(ga) max(|ga| / step - l1, 0) / (l2 + sqrt(gsa) / (step lr)) where l1 > 0,
    else -(ga / step) / (l2 + sqrt(gsa) / (step lr)) (a zero step is NaN, as TF's)."""
    out = _adagrad_da_accumulate(node, data, ctrl)
    var, l1, l2 = data[0], data[5], data[6]
    n = node["name"]
    out += [
        _doc_node(f"{n}/sqrt_gs_lr", "RealDiv", [f"{n}/sqrt", f"{n}/gs_lr"], [], {}),
        _doc_node(f"{n}/denominator", "Add", [l2, f"{n}/sqrt_gs_lr"], [], {}),
        _doc_node(f"{n}/ga_step", "RealDiv", [f"{n}/ga_t", f"{n}/step"], [], {}),
        _doc_node(f"{n}/neg_ga_step", "Neg", [f"{n}/ga_step"], [], {}),
        _doc_node(f"{n}/plain", "RealDiv", [f"{n}/neg_ga_step", f"{n}/denominator"], [], {}),
    ]
    shrink = [
        _doc_node(f"{n}/abs_step", "RealDiv", [f"{n}/abs", f"{n}/step"], [], {}),
        _doc_node(f"{n}/less", "Sub", [f"{n}/abs_step", l1], [], {}),
        _doc_node(f"{n}/lr_sign", "Neg", [f"{n}/sign"], [], {}),
    ]
    return [*out, *_adagrad_da_shrink(n, var, l1, shrink, f"{n}/lr_sign", ctx)]


def _adagrad_da_shrink(n, var, l1, shrink, factor, ctx) -> list[dict]:
    """The l1 branch of AdagradDA (`factor` max(`{n}/less`, 0) / denominator) after the
    nodes `shrink` that make them, or the plain quotient, as `_fobos` chooses."""
    value = ctx.maybe_constant(l1)
    known = value is not None and np.size(value) == 1
    if known and not np.reshape(value, ()) > 0:
        return [_doc_node(n, "Assign", [var, f"{n}/plain"], [], {})]
    out = [
        *shrink,
        _doc_node(f"{n}/zero", "ZerosLike", [f"{n}/less"], [], {}),
        _doc_node(f"{n}/kept", "Maximum", [f"{n}/less", f"{n}/zero"], [], {}),
        _doc_node(f"{n}/shrunk", "Mul", [factor, f"{n}/kept"], [], {}),
        _doc_node(f"{n}/shrunk_t", "RealDiv", [f"{n}/shrunk", f"{n}/denominator"], [], {}),
    ]
    if known:
        return [*out, _doc_node(n, "Assign", [var, f"{n}/shrunk_t"], [], {})]
    return [*out, *_l1_select(n, l1, f"{n}/shrunk_t", f"{n}/plain", var)]


def _apply_adagrad_v2(node, data, ctrl, ctx):
    """TF's ApplyAdagradV2: accum += g² (when `update_slots`); var -= g lr / (sqrt(accum)
    + epsilon)."""
    if len(data) != 5:
        raise Unsupported("ApplyAdagradV2 takes 5 inputs")
    var, accum, lr, eps, g = data
    n = node["name"]
    out = [_doc_node(f"{n}/g_lr", "Mul", [g, lr], ctrl, {})]
    if _attr(node, "update_slots").get("b", True):
        out += [
            _doc_node(f"{n}/g2", "Square", [g], [], {}),
            _doc_node(f"{n}/accum_t", "AssignAdd", [accum, f"{n}/g2"], [], {}),
        ]
        accum = f"{n}/accum_t"
    return [
        *out,
        _doc_node(f"{n}/sqrt", "Sqrt", [accum], [], {}),
        _doc_node(f"{n}/denominator", "Add", [f"{n}/sqrt", eps], [], {}),
        _doc_node(f"{n}/step", "RealDiv", [f"{n}/g_lr", f"{n}/denominator"], [], {}),
        _doc_node(n, "AssignSub", [var, f"{n}/step"], [], {}),
    ]


_GRAD_MESSAGE = b"var and grad do not have the same shape"


def _scalars_of(op_type: str, grad_at: int, count: int) -> list[int]:
    """The inputs of a dense Apply op that TF's kernel requires to be scalars: every one
    but the variable, its slots (refs or resources) and the gradient."""
    args = OP_DEFS[op_type][0] if op_type in OP_DEFS else ()
    grad = grad_at % count
    return [
        i
        for i, arg in enumerate(args[:count])
        if i != grad and not arg.startswith("&") and not arg.endswith(":=20")  # 20: resource
    ]


def _grad_checked(lowering: Any, grad_at: int) -> Any:
    """`lowering` of a dense Apply op run after an Assert that its gradient (input
    `grad_at`) has the variable's shape, and with its learning rate and other settings
    each through an EnsureShape of a scalar, as TF's kernel checks both: the lowered
    arithmetic would broadcast a gradient of shape [1], or a learning rate of the
    variable's shape, over the variable and write the update."""

    def lower(node, data, ctrl, ctx):
        if len(data) < 2:
            return lowering(node, data, ctrl, ctx)
        n = node["name"]
        data = list(data)
        scalars = []
        for i in _scalars_of(node["op"], grad_at, len(data)):
            scalars.append(
                _doc_node(f"{n}/scalar_{i}", "EnsureShape", [data[i]], [], {"shape": []})
            )
            data[i] = f"{n}/scalar_{i}"
        var, g = data[0], data[grad_at]
        checks = [
            _doc_node(f"{n}/var_rank", "Rank", [var], [], {}),
            _doc_node(f"{n}/grad_rank", "Rank", [g], [], {}),
            _doc_node(f"{n}/same_rank", "Equal", [f"{n}/var_rank", f"{n}/grad_rank"], [], {}),
            _doc_node(f"{n}/var_shape", "Shape", [var], [], {}),
            _doc_node(f"{n}/grad_shape", "Shape", [g], [], {}),
            _doc_node(f"{n}/same_dims", "Equal", [f"{n}/var_shape", f"{n}/grad_shape"], [], {}),
            _doc_node(f"{n}/all_dims", "All", [f"{n}/same_dims"], [], {}),
            _doc_node(f"{n}/same_shape", "LogicalAnd", [f"{n}/same_rank", f"{n}/all_dims"], [], {}),
            # The message as the Assert's data, not a `template`, so that the graph can
            # be written back as TF's GraphDef (an optimizer's every update has one).
            _doc_node(
                f"{n}/grad_message",
                "Const",
                [],
                [],
                {"value": serialization.encode_tensor(np.asarray(_GRAD_MESSAGE, object))},
            ),
            _doc_node(
                f"{n}/grad_check", "Assert", [f"{n}/same_shape", f"{n}/grad_message"], ctrl, {}
            ),
        ]
        return [*scalars, *checks, *lowering(node, data, [f"{n}/grad_check"], ctx)]

    return lower


def _apply_ada_max(node, data, ctrl, ctx):
    """TF's ApplyAdaMax: m += (g - m)(1 - beta1); v = max(beta2 v, |g|);
    var -= lr / (1 - beta1_power) (m / (v + epsilon))."""
    if len(data) != 9:
        raise Unsupported("ApplyAdaMax takes 9 inputs")
    var, m, v, b1p, lr, b1, b2, eps, g = data
    n = node["name"]
    return [
        _one(f"{n}/one", ctx, var),
        _doc_node(f"{n}/g_minus_m", "Sub", [g, m], ctrl, {}),
        _doc_node(f"{n}/one_minus_b1", "Sub", [f"{n}/one", b1], [], {}),
        _doc_node(f"{n}/m_step", "Mul", [f"{n}/g_minus_m", f"{n}/one_minus_b1"], [], {}),
        _doc_node(f"{n}/m_t", "AssignAdd", [m, f"{n}/m_step"], [], {}),
        _doc_node(f"{n}/v_decayed", "Mul", [b2, v], [], {}),
        _doc_node(f"{n}/abs_g", "Abs", [g], [], {}),
        _doc_node(f"{n}/v_new", "Maximum", [f"{n}/v_decayed", f"{n}/abs_g"], [], {}),
        _doc_node(f"{n}/v_t", "Assign", [v, f"{n}/v_new"], [], {}),
        _doc_node(f"{n}/one_minus_b1p", "Sub", [f"{n}/one", b1p], [], {}),
        _doc_node(f"{n}/lr_t", "RealDiv", [lr, f"{n}/one_minus_b1p"], [], {}),
        _doc_node(f"{n}/v_eps", "Add", [f"{n}/v_t", eps], [], {}),
        _doc_node(f"{n}/ratio", "RealDiv", [f"{n}/m_t", f"{n}/v_eps"], [], {}),
        _doc_node(f"{n}/step", "Mul", [f"{n}/lr_t", f"{n}/ratio"], [], {}),
        _doc_node(n, "AssignSub", [var, f"{n}/step"], [], {}),
    ]


def _apply_sign(node, data, ctrl, ctx):
    """TF's ApplyPowerSign and ApplyAddSign: m = m beta + g (1 - beta); s = sign(g) sign(m);
    var -= lr exp(logbase sign_decay s) g (PowerSign), lr (alpha + sign_decay s) g
    (AddSign)."""
    power = node.get("op", "").endswith("PowerSign")
    if len(data) != 7:
        raise Unsupported(f"{node.get('op')} takes 7 inputs")
    var, m, lr, base, decay, beta, g = data  # base: PowerSign's logbase, AddSign's alpha
    n = node["name"]
    out = [
        _one(f"{n}/one", ctx, var),
        _doc_node(f"{n}/m_kept", "Mul", [m, beta], ctrl, {}),
        _doc_node(f"{n}/one_minus_beta", "Sub", [f"{n}/one", beta], [], {}),
        _doc_node(f"{n}/g_taken", "Mul", [g, f"{n}/one_minus_beta"], [], {}),
        _doc_node(f"{n}/m_new", "Add", [f"{n}/m_kept", f"{n}/g_taken"], [], {}),
        _doc_node(f"{n}/m_t", "Assign", [m, f"{n}/m_new"], [], {}),
        _doc_node(f"{n}/sign_g", "Sign", [g], [], {}),
        _doc_node(f"{n}/sign_m", "Sign", [f"{n}/m_t"], [], {}),
        _doc_node(f"{n}/sign_gm", "Mul", [f"{n}/sign_g", f"{n}/sign_m"], [], {}),
    ]
    if power:
        out += [
            _doc_node(f"{n}/log_decay", "Mul", [base, decay], [], {}),
            _doc_node(f"{n}/exponent", "Mul", [f"{n}/log_decay", f"{n}/sign_gm"], [], {}),
            _doc_node(f"{n}/scale", "Exp", [f"{n}/exponent"], [], {}),
        ]
    else:
        out += [
            _doc_node(f"{n}/decayed", "Mul", [decay, f"{n}/sign_gm"], [], {}),
            _doc_node(f"{n}/scale", "Add", [base, f"{n}/decayed"], [], {}),
        ]
    return [
        *out,
        _doc_node(f"{n}/lr_scale", "Mul", [lr, f"{n}/scale"], [], {}),
        _doc_node(f"{n}/step", "Mul", [f"{n}/lr_scale", g], [], {}),
        _doc_node(n, "AssignSub", [var, f"{n}/step"], [], {}),
    ]


# Per sparse update: its dense update, how many of its first inputs are variables (the
# variable and its slots), and where its gradient is (its row indices follow it).
_SPARSE_APPLIES = {
    "SparseApplyAdagrad": ("_apply_adagrad", 2, 3),
    "SparseApplyMomentum": ("_apply_momentum", 2, 3),
    "SparseApplyRMSProp": ("_apply_rms_prop", 3, 7),
    "SparseApplyAdadelta": ("_apply_adadelta", 3, 6),
    "SparseApplyFtrl": ("_apply_ftrl", 3, 3),
    "SparseApplyFtrlV2": ("_apply_ftrl", 3, 3),
    "SparseApplyCenteredRMSProp": ("_apply_centered_rms_prop", 4, 8),
    "SparseApplyProximalAdagrad": ("_apply_proximal_adagrad", 2, 5),
    "SparseApplyProximalGradientDescent": ("_apply_proximal_gradient_descent", 1, 4),
    "SparseApplyAdagradDA": ("_apply_adagrad_da_rows", 3, 3),
    "SparseApplyAdagradV2": ("_apply_adagrad_v2", 2, 4),
}
_ROW_ASSIGNS = {"Assign": None, "AssignAdd": "Add", "AssignSub": "Sub"}


def _sparse_apply(node, data, ctrl, ctx):
    """TF's SparseApply* update as its dense update of the gathered rows, each of the
    dense update's assignments to a variable or slot a ScatterUpdate of those rows. TF's
    kernel updates a repeated index's row once per occurrence, in order; TF1's optimizers
    sum a gradient's repeated indices first, so they do not reach it, and here a repeated
    index fails the run (InvalidArgumentError) rather than answer otherwise."""
    op = node.get("op", "").removeprefix("Resource")
    dense_name, count, grad_at = _SPARSE_APPLIES[op]
    if len(data) < grad_at + 2:
        raise Unsupported(f"{op} takes at least {grad_at + 2} inputs")
    indices = data[grad_at + 1]
    dense_data = data[: grad_at + 1] + data[grad_at + 2 :]
    dense = dict(node, op=op.removeprefix("Sparse"))
    n = node["name"]
    variables = dense_data[:count]
    rows = {v: f"{n}/rows_{i}" for i, v in enumerate(variables)}
    message = json.dumps([f"{op}: the indices must not repeat"])
    # TF's SparseApplyFtrl (unlike ApplyFtrl) checks its rate and strengths first.
    ftrl = op.startswith("SparseApplyFtrl")
    checked = _rate_check(n, ctx, data[0], data[5], data[6:8]) if ftrl else []
    out = [
        *checked,
        _doc_node(
            f"{n}/unique", "Unique", [indices], [*ctrl, *(checked and [f"{n}/rate_check"])], {}
        ),
        _doc_node(f"{n}/unique_size", "Size", [f"{n}/unique"], [], {"out_type": "INT32"}),
        _doc_node(f"{n}/indices_size", "Size", [indices], [], {"out_type": "INT32"}),
        _doc_node(f"{n}/distinct", "Equal", [f"{n}/unique_size", f"{n}/indices_size"], [], {}),
        _doc_node(f"{n}/check", "Assert", [f"{n}/distinct"], [], {"template": message}),
        *[
            _doc_node(row, "GatherV2", [v, indices], [f"{n}/check"], {"axis": 0})
            for v, row in rows.items()
        ],
    ]
    slots: list[str] = []
    for d in globals()[dense_name](dense, dense_data, [], ctx):
        inputs = list(d.get("inputs", []))
        if d["op"] in _ROW_ASSIGNS and inputs and inputs[0] in rows:
            var, value = inputs
            combined = f"{n}/scattered_rows" if d["name"] == n else d["name"]
            how = _ROW_ASSIGNS[d["op"]]
            out.append(
                _doc_node(combined, how, [rows[var], value], d.get("control_inputs", []), {})
                if how
                else _doc_node(combined, "Identity", [value], d.get("control_inputs", []), {})
            )
            if d["name"] != n:
                slots.append(f"{d['name']}/scatter")
                out.append(_doc_node(slots[-1], "ScatterUpdate", [var, indices, combined], [], {}))
                continue
            # The update (the node's name, which the train op runs) waits for the slots'.
            out.append(_doc_node(n, "ScatterUpdate", [var, indices, combined], slots, {}))
            continue
        d = dict(d)
        if inputs:
            d["inputs"] = [rows.get(ref, ref) for ref in inputs]
        out.append(d)
    return out


def _apply_rms_prop(node, data, ctrl, ctx):
    """TF's ApplyRMSProp: ms += (g * g - ms) * (1 - rho);
    mom = mom * momentum + g * lr / sqrt(ms + epsilon); var -= mom."""
    if len(data) != 8:
        raise Unsupported("ApplyRMSProp takes 8 inputs")
    var, ms, mom, lr, rho, momentum, eps, g = data
    n = node["name"]
    return [
        _one(f"{n}/one", ctx, var),
        _doc_node(f"{n}/g2", "Square", [g], ctrl, {}),
        _doc_node(f"{n}/g2_minus_ms", "Sub", [f"{n}/g2", ms], [], {}),
        _doc_node(f"{n}/one_minus_rho", "Sub", [f"{n}/one", rho], [], {}),
        _doc_node(f"{n}/ms_step", "Mul", [f"{n}/g2_minus_ms", f"{n}/one_minus_rho"], [], {}),
        _doc_node(f"{n}/ms_t", "AssignAdd", [ms, f"{n}/ms_step"], [], {}),
        _doc_node(f"{n}/mom_decayed", "Mul", [mom, momentum], [], {}),
        _doc_node(f"{n}/g_lr", "Mul", [g, lr], [], {}),
        _doc_node(f"{n}/ms_eps", "Add", [f"{n}/ms_t", eps], [], {}),
        _doc_node(f"{n}/sqrt", "Sqrt", [f"{n}/ms_eps"], [], {}),
        _doc_node(f"{n}/scaled", "RealDiv", [f"{n}/g_lr", f"{n}/sqrt"], [], {}),
        _doc_node(f"{n}/mom_new", "Add", [f"{n}/mom_decayed", f"{n}/scaled"], [], {}),
        _doc_node(f"{n}/mom_t", "Assign", [mom, f"{n}/mom_new"], [], {}),
        _doc_node(n, "AssignSub", [var, f"{n}/mom_t"], [], {}),
    ]


def _apply_centered_rms_prop(node, data, ctrl, ctx):
    """TF's ApplyCenteredRMSProp: ms += (g * g - ms) * (1 - rho); mg += (g - mg) * (1 - rho);
    mom = mom * momentum + g * lr / sqrt(ms - mg * mg + epsilon); var -= mom."""
    if len(data) != 9:
        raise Unsupported("ApplyCenteredRMSProp takes 9 inputs")
    var, mg, ms, mom, lr, rho, momentum, eps, g = data
    n = node["name"]
    return [
        _one(f"{n}/one", ctx, var),
        _doc_node(f"{n}/one_minus_rho", "Sub", [f"{n}/one", rho], ctrl, {}),
        _doc_node(f"{n}/g2", "Square", [g], [], {}),
        _doc_node(f"{n}/g2_minus_ms", "Sub", [f"{n}/g2", ms], [], {}),
        _doc_node(f"{n}/ms_step", "Mul", [f"{n}/g2_minus_ms", f"{n}/one_minus_rho"], [], {}),
        _doc_node(f"{n}/ms_t", "AssignAdd", [ms, f"{n}/ms_step"], [], {}),
        _doc_node(f"{n}/g_minus_mg", "Sub", [g, mg], [], {}),
        _doc_node(f"{n}/mg_step", "Mul", [f"{n}/g_minus_mg", f"{n}/one_minus_rho"], [], {}),
        _doc_node(f"{n}/mg_t", "AssignAdd", [mg, f"{n}/mg_step"], [], {}),
        _doc_node(f"{n}/mg2", "Square", [f"{n}/mg_t"], [], {}),
        _doc_node(f"{n}/centered", "Sub", [f"{n}/ms_t", f"{n}/mg2"], [], {}),
        _doc_node(f"{n}/centered_eps", "Add", [f"{n}/centered", eps], [], {}),
        _doc_node(f"{n}/sqrt", "Sqrt", [f"{n}/centered_eps"], [], {}),
        _doc_node(f"{n}/mom_decayed", "Mul", [mom, momentum], [], {}),
        _doc_node(f"{n}/g_lr", "Mul", [g, lr], [], {}),
        _doc_node(f"{n}/scaled", "RealDiv", [f"{n}/g_lr", f"{n}/sqrt"], [], {}),
        _doc_node(f"{n}/mom_new", "Add", [f"{n}/mom_decayed", f"{n}/scaled"], [], {}),
        _doc_node(f"{n}/mom_t", "Assign", [mom, f"{n}/mom_new"], [], {}),
        _doc_node(n, "AssignSub", [var, f"{n}/mom_t"], [], {}),
    ]


def _const(node, data, ctrl, ctx):
    """A Const as it is; a complex one (a DCT's twiddles, as `mfccs_from_log_mel_spectrograms`
    writes them) as the Complex of two real constants, the forms a graph document holds."""
    tensor = _attr(node, "value").get("tensor", {})
    if tensor.get("dtype") not in (_dt.complex64.as_datatype_enum, _dt.complex128.as_datatype_enum):
        return [_doc_node(node["name"], "Const", data, ctrl, _converted(node, "Const"))]
    if _const_elements(node) > MAX_FOLDED_ELEMENTS:
        ctx.count_read(_const_elements(node), node["name"])
    value = tf_proto.tensor_value(tensor, _bad_tensor)
    name = node["name"]
    parts = {"real": value.real.copy(), "imag": value.imag.copy()}
    return [
        *(
            _doc_node(
                f"{name}/{k}",
                "Const",
                [],
                ctrl,
                {"value": serialization.encode_tensor(v, b64=True)},
            )
            for k, v in parts.items()
        ),
        _doc_node(name, "Complex", [f"{name}/real", f"{name}/imag"], [], {}),
    ]


def _fused_batch_norm(node, data, ctrl, ctx):
    """Inference batch norm as TF's CPU kernel computes it, in the input's dtype:
    (x - mean) * (rsqrt(variance + epsilon) * scale) + offset."""
    if _attr(node, "is_training").get("b", True):
        return _batch_statistics_norm(node, data, ctrl, ctx)
    layout = _text(_attr(node, "data_format")) or "NHWC"
    if layout not in ("NHWC", "NDHWC"):
        raise Unsupported(f"data_format {layout} (graphgate's batch norm is channels-last)")
    if len(data) < 5:
        raise Unsupported("fewer than 5 inputs")
    x, scale, offset, mean, variance = data[:5]
    name = ctx.free_scope(node["name"])
    epsilon = np.float32(_attr(node, "epsilon").get("f", 1e-4))
    # Its other outputs are made whether or not a node reads them (TF's gradient reads
    # them, ZerosLike of each): a run may fetch them, and fetches are not known here.
    eps = serialization.encode_tensor(epsilon)
    before, x, last, after = _statistics_dtype(node, x, f"{name}/y", scope=name)
    nodes = [
        *before,
        _doc_node(f"{name}/centered", "Sub", [x, mean], ctrl, {}),
        _doc_node(f"{name}/epsilon", "Const", [], [], {"value": eps}),
        _doc_node(f"{name}/variance_epsilon", "Add", [variance, f"{name}/epsilon"], [], {}),
        _doc_node(f"{name}/rsqrt", "Rsqrt", [f"{name}/variance_epsilon"], [], {}),
        _doc_node(f"{name}/factor", "Mul", [f"{name}/rsqrt", scale], [], {}),
        _doc_node(f"{name}/scaled", "Mul", [f"{name}/centered", f"{name}/factor"], [], {}),
        _doc_node(last, "Add", [f"{name}/scaled", offset], [], {}),
        *after,
    ]
    # TF's inference kernel passes the given mean and variance through as batch_mean,
    # batch_variance and reserve_space_1 and _2; V3's reserve_space_3 is empty.
    nodes += [
        _doc_node(f"{name}/mean/stopped", "StopGradient", [mean], [], {}),
        _doc_node(f"{name}/variance/stopped", "StopGradient", [variance], [], {}),
    ]
    outputs = [f"{name}/y", *[f"{name}/{k}/stopped" for k in ("mean", "variance")] * 2]
    if node.get("op") == "FusedBatchNormV3":
        empty = serialization.encode_tensor(np.zeros([0], np.float32))
        nodes.append(_doc_node(f"{name}/reserve_space_3", "Const", [], [], {"value": empty}))
        outputs.append(f"{name}/reserve_space_3")
    return [*nodes, _doc_node(node["name"], "IdentityN", outputs, [], {})]


def _statistics_dtype(
    node: dict[str, Any], x: str, result: str | None = None, scope: str | None = None
) -> tuple[list, str, str, list]:
    """A batch norm of half `x` (`T`) over float statistics (`U`: mixed precision) as TF's
    kernel: x cast to U, normalized in U, the result (named `result`, the node's name by
    default) cast back to T, the nodes between under `scope`. The nodes before, the input
    to normalize, the name of the normalized value and the nodes after."""
    name = scope or node["name"]
    result = result or node["name"]
    if not _has(node, "U") or _attr(node, "U").get("type") == _attr(node, "T").get("type", 1):
        return [], x, result, []
    wide, narrow = _dtype_name(_attr(node, "U")), _dtype_name(_attr(node, "T"))
    return (
        [_doc_node(f"{name}/x", "Cast", [x], [], {"dtype": wide})],
        f"{name}/x",
        f"{name}/normalized",
        [_doc_node(result, "Cast", [f"{name}/normalized"], [], {"dtype": narrow})],
    )


# Axes a batch's statistics are taken over, and the shape scale and offset broadcast as.
_STATISTICS_LAYOUTS = {
    "NHWC": ([0, 1, 2], None),
    "NDHWC": ([0, 1, 2, 3], None),
    "NCHW": ([0, 2, 3], [-1, 1, 1]),
    "NCDHW": ([0, 2, 3, 4], [-1, 1, 1, 1]),
}


def _batch_statistics_norm(node, data, ctrl, ctx):
    """Training-mode batch norm as TF's CPU kernel: the batch's mean and biased variance
    per channel, y = (x - mean) * (rsqrt(variance + epsilon) * scale) + offset, and TF's
    other outputs gathered with y by an IdentityN named as the node (`bn:1` is
    batch_mean). Keras' LayerNormalization computes itself so, over a reshaped input."""
    layout = _text(_attr(node, "data_format")) or "NHWC"
    if layout not in _STATISTICS_LAYOUTS:
        raise Unsupported(f"data_format {layout}")
    if len(data) < 3:
        raise Unsupported("fewer than 3 inputs")
    x, scale, offset = data[:3]
    axes, channel_shape = _STATISTICS_LAYOUTS[layout]
    name = ctx.free_scope(node["name"])
    eps = serialization.encode_tensor(np.float32(_attr(node, "epsilon").get("f", 1e-4)))
    out = []
    if channel_shape is not None:  # channels first: [C] broadcast as [C, 1, 1]
        out += [
            _doc_node(f"{name}/scale", "Reshape", [scale], [], {"shape": channel_shape}),
            _doc_node(f"{name}/offset", "Reshape", [offset], [], {"shape": channel_shape}),
        ]
        scale, offset = f"{name}/scale", f"{name}/offset"
    statistics = {"axis": axes, "keepdims": True}
    before, x, last, after = _statistics_dtype(node, x, f"{name}/y", name)
    return [
        *out,
        *before,
        _doc_node(f"{name}/mean", "Mean", [x], ctrl, statistics),
        _doc_node(f"{name}/centered", "Sub", [x, f"{name}/mean"], [], {}),
        _doc_node(f"{name}/squared", "Square", [f"{name}/centered"], [], {}),
        _doc_node(f"{name}/variance", "Mean", [f"{name}/squared"], [], statistics),
        _doc_node(f"{name}/epsilon", "Const", [], [], {"value": eps}),
        _doc_node(
            f"{name}/variance_epsilon", "Add", [f"{name}/variance", f"{name}/epsilon"], [], {}
        ),
        _doc_node(f"{name}/rsqrt", "Rsqrt", [f"{name}/variance_epsilon"], [], {}),
        _doc_node(f"{name}/factor", "Mul", [f"{name}/rsqrt", scale], [], {}),
        _doc_node(f"{name}/scaled", "Mul", [f"{name}/centered", f"{name}/factor"], [], {}),
        _doc_node(last, "Add", [f"{name}/scaled", offset], [], {}),
        *after,
        *_batch_statistics(node, name, x, data),
    ]


def _batch_statistics(node, name, x, data):
    """TF's batch_mean and batch_variance (Bessel-corrected, each moved from the `mean`
    and `variance` inputs by exponential_avg_factor when it is not 1), reserve_space_1
    and _2 (the batch's mean and biased variance) and V3's empty reserve_space_3, which
    pass no gradient back (TF's FusedBatchNormGrad takes y's only); the IdentityN. `name`
    is the scope of the lowering's own nodes."""
    one = serialization.encode_tensor(np.float32(1.0))
    int32 = {"out_type": "INT32"}
    nodes = [
        _doc_node(f"{name}/saved_mean", "Reshape", [f"{name}/mean"], [], {"shape": [-1]}),
        _doc_node(f"{name}/saved_variance", "Reshape", [f"{name}/variance"], [], {"shape": [-1]}),
        _doc_node(f"{name}/x_size", "Size", [x], [], int32),
        _doc_node(f"{name}/mean_size", "Size", [f"{name}/mean"], [], int32),
        _doc_node(f"{name}/x_count", "Cast", [f"{name}/x_size"], [], {"dtype": "FP32"}),
        _doc_node(f"{name}/channels", "Cast", [f"{name}/mean_size"], [], {"dtype": "FP32"}),
        _doc_node(f"{name}/count", "RealDiv", [f"{name}/x_count", f"{name}/channels"], [], {}),
        _doc_node(f"{name}/one", "Const", [], [], {"value": one}),
        _doc_node(f"{name}/count_less_one", "Sub", [f"{name}/count", f"{name}/one"], [], {}),
        _doc_node(f"{name}/bessel", "Maximum", [f"{name}/count_less_one", f"{name}/one"], [], {}),
        _doc_node(
            f"{name}/variance_sum", "Mul", [f"{name}/saved_variance", f"{name}/count"], [], {}
        ),
        _doc_node(
            f"{name}/corrected", "RealDiv", [f"{name}/variance_sum", f"{name}/bessel"], [], {}
        ),
    ]
    moved = [f"{name}/saved_mean", f"{name}/corrected"]
    factor = float(_attr(node, "exponential_avg_factor").get("f", 1.0))
    if factor != 1.0:
        if len(data) < 5:
            raise Unsupported("exponential_avg_factor without mean and variance inputs")
        nodes += _moved_statistics(name, factor, data[3:5], moved)
        moved = [f"{name}/moved_mean", f"{name}/moved_variance"]
    outputs = [f"{name}/y"]
    for ref in [*moved, f"{name}/saved_mean", f"{name}/saved_variance"]:
        outputs.append(f"{ref}/stopped")
        if not any(n["name"] == outputs[-1] for n in nodes):
            nodes.append(_doc_node(outputs[-1], "StopGradient", [ref], [], {}))
    if node.get("op") == "FusedBatchNormV3":  # TF's CPU kernel leaves it empty
        empty = serialization.encode_tensor(np.zeros([0], np.float32))
        nodes.append(_doc_node(f"{name}/reserve_space_3", "Const", [], [], {"value": empty}))
        outputs.append(f"{name}/reserve_space_3")
    return [*nodes, _doc_node(node["name"], "IdentityN", outputs, [], {})]


def _fused_batch_norm_grad(node, data, ctrl, ctx):
    """TF's FusedBatchNormGrad(V2, V3), which TF's gradient of a batch norm emits, as its
    CPU kernel computes it from the saved mean and variance (reserve_space_1 and _2):
    x̂ = (x - mean) rsqrt(variance + ε); offset's gradient Σ dy, scale's Σ dy x̂; x's
    scale rsqrt(variance + ε) (dy - mean(dy) - x̂ mean(dy x̂)) in training, else
    dy scale rsqrt(variance + ε). The two reserve outputs are empty, as TF's."""
    layout = _text(_attr(node, "data_format")) or "NHWC"
    if layout not in _STATISTICS_LAYOUTS:
        raise Unsupported(f"data_format {layout}")
    if _has(node, "U") and _attr(node, "U").get("type") != _attr(node, "T").get("type", 1):
        raise Unsupported("a half input over float statistics (mixed precision)")
    if len(data) < 5:
        raise Unsupported("fewer than 5 inputs")
    dy, x, scale, mean, variance = data[:5]
    axes, channel_shape = _STATISTICS_LAYOUTS[layout]
    name = ctx.free_scope(node["name"])
    eps = serialization.encode_tensor(np.float32(_attr(node, "epsilon").get("f", 1e-4)))
    nodes = []
    if channel_shape is not None:  # channels first: [C] broadcast as [C, 1, 1]
        for kind, ref in (("scale", scale), ("mean", mean), ("variance", variance)):
            nodes.append(
                _doc_node(f"{name}/{kind}", "Reshape", [ref], [], {"shape": channel_shape})
            )
        scale, mean, variance = f"{name}/scale", f"{name}/mean", f"{name}/variance"
    kept, summed = {"axis": axes, "keepdims": True}, {"axis": axes, "keepdims": False}
    nodes += [
        _doc_node(f"{name}/epsilon", "Const", [], [], {"value": eps}),
        _doc_node(f"{name}/variance_epsilon", "Add", [variance, f"{name}/epsilon"], ctrl, {}),
        _doc_node(f"{name}/rsqrt", "Rsqrt", [f"{name}/variance_epsilon"], [], {}),
        _doc_node(f"{name}/centered", "Sub", [x, mean], [], {}),
        _doc_node(f"{name}/normalized", "Mul", [f"{name}/centered", f"{name}/rsqrt"], [], {}),
        _doc_node(f"{name}/dy_normalized", "Mul", [dy, f"{name}/normalized"], [], {}),
        _doc_node(f"{name}/offset_backprop", "Sum", [dy], [], summed),
        _doc_node(f"{name}/scale_backprop", "Sum", [f"{name}/dy_normalized"], [], summed),
        _doc_node(f"{name}/factor", "Mul", [scale, f"{name}/rsqrt"], [], {}),
    ]
    if _attr(node, "is_training").get("b", True):
        nodes += [
            _doc_node(f"{name}/dy_mean", "Mean", [dy], [], kept),
            _doc_node(f"{name}/dy_normalized_mean", "Mean", [f"{name}/dy_normalized"], [], kept),
            _doc_node(
                f"{name}/along",
                "Mul",
                [f"{name}/normalized", f"{name}/dy_normalized_mean"],
                [],
                {},
            ),
            _doc_node(f"{name}/dy_centered", "Sub", [dy, f"{name}/dy_mean"], [], {}),
            _doc_node(f"{name}/dy_across", "Sub", [f"{name}/dy_centered", f"{name}/along"], [], {}),
            _doc_node(f"{name}/x_backprop", "Mul", [f"{name}/dy_across", f"{name}/factor"], [], {}),
        ]
    else:
        nodes.append(_doc_node(f"{name}/x_backprop", "Mul", [dy, f"{name}/factor"], [], {}))
    empty = serialization.encode_tensor(np.zeros([0], np.float32))
    nodes += [
        _doc_node(f"{name}/reserve_space_4", "Const", [], [], {"value": empty}),
        _doc_node(f"{name}/reserve_space_5", "Const", [], [], {"value": empty}),
    ]
    outputs = [f"{name}/{kind}_backprop" for kind in ("x", "scale", "offset")]
    outputs += [f"{name}/reserve_space_4", f"{name}/reserve_space_5"]
    return [*nodes, _doc_node(node["name"], "IdentityN", outputs, [], {})]


def _moved_statistics(name, factor, inputs, batch):
    """(1 - factor) * input + factor * batch, for the mean and for the variance."""
    keep = serialization.encode_tensor(np.float32(1.0 - factor))
    take = serialization.encode_tensor(np.float32(factor))
    nodes = [
        _doc_node(f"{name}/keep", "Const", [], [], {"value": keep}),
        _doc_node(f"{name}/take", "Const", [], [], {"value": take}),
    ]
    for kind, given, new in zip(("mean", "variance"), inputs, batch, strict=True):
        nodes += [
            _doc_node(f"{name}/kept_{kind}", "Mul", [given, f"{name}/keep"], [], {}),
            _doc_node(f"{name}/taken_{kind}", "Mul", [new, f"{name}/take"], [], {}),
            _doc_node(
                f"{name}/moved_{kind}",
                "Add",
                [f"{name}/kept_{kind}", f"{name}/taken_{kind}"],
                [],
                {},
            ),
        ]
    return nodes


# TF op types graphgate knows under another name, with the same inputs and attributes.
def _text_of(value: np.ndarray) -> str:
    return value.reshape(()).item().decode("utf-8", "replace")


def _sparse_axes(value: np.ndarray) -> list[int]:
    """TF's reduction axes of a sparse reduction. No entries reduce nothing, as TF 2.21's
    kernel answers (the op's documentation says every axis; `sparse_reduce_sum(sp)` writes
    every axis out, `axis=[]` writes none: tests/reference/scenarios18.py)."""
    return [int(a) for a in np.asarray(value).reshape(-1).tolist()]


def _parse_example_v2(node, data, ctrl, ctx):
    """TF's ParseExampleV2 carries its spec as typed lists; graphgate's as text (the dtypes
    comma-separated, the shapes as JSON), its dense dtypes read from the defaults."""
    if any(_attr(node, k).get("list", {}).get("type") for k in _RAGGED_TYPES):
        raise Unsupported("ragged features (tf.io.RaggedFeature) are not read")
    sparse = [
        tf_proto.dtype_of(t).name
        for t in _attr(node, "sparse_types").get("list", {}).get("type", [])
    ]
    shapes = [
        tf_proto.shape_of(s) for s in _attr(node, "dense_shapes").get("list", {}).get("shape", [])
    ]
    if any(s is None for s in shapes):
        raise Unsupported("a dense feature of unknown rank")
    attrs = {
        "num_sparse": _attr(node, "num_sparse").get("i", 0),
        "sparse_types": ",".join(sparse),
        "dense_shapes": json.dumps(shapes),
    }
    return [_doc_node(node["name"], "ParseExampleV2", data, ctrl, attrs)]


def _parse_example_v1(node, data, ctrl, ctx):
    """TF 1.x's ParseExample: one scalar key input per feature, where V2 (and graphgate)
    take a vector of keys; the keys are packed into constants beside the node."""
    n_sparse = _attr(node, "Nsparse").get("i", 0)
    n_dense = _attr(node, "Ndense").get("i", 0)
    keys = data[2 : 2 + n_sparse + n_dense]
    packed = []
    for what, refs in (
        ("sparse_keys", keys[:n_sparse]),
        ("dense_keys", keys[n_sparse:]),
        ("ragged_keys", []),
    ):
        value = np.empty(len(refs), object)
        value[:] = [ctx.constant(r, what).reshape(()).item() for r in refs]
        packed.append(
            _doc_node(
                f"{node['name']}/{what}_packed",
                "Const",
                [],
                [],
                {"value": serialization.encode_tensor(value)},
            )
        )
    renamed = {**node, "attr": {**node.get("attr", {}), "num_sparse": _attr(node, "Nsparse")}}
    (parse,) = _parse_example_v2(
        renamed,
        [*data[:2], *(p["name"] for p in packed), *data[2 + n_sparse + n_dense :]],
        ctrl,
        ctx,
    )
    return [*packed, parse]


_RAGGED_TYPES = ("ragged_value_types", "ragged_split_types")


RENAMED = {
    "AddV2": "Add",
    "VarIsInitializedOp": "IsVariableInitialized",
    "Div": "RealDiv",
    "Snapshot": "Identity",
    "ResourceApplyGradientDescent": "ApplyGradientDescent",
    "AssignAddVariableOp": "AssignAdd",
    "AssignSubVariableOp": "AssignSub",
    # A resource variable's row updates (sparse Adam's ResourceScatterAdd, scatter_* on a
    # resource variable) as their ref twins, which graphgate's variables stand for alike:
    # a repeated index's updates add up (multiply, ...) in order, as TF's kernels do theirs.
    **{
        f"ResourceScatter{kind}": f"Scatter{kind}"
        for kind in (
            *("Add", "Sub", "Mul", "Div", "Min", "Max", "Update"),
            *("NdAdd", "NdSub", "NdUpdate", "NdMin", "NdMax"),
        )
    },
    # Undefined for repeated indices in TF (its threads race); DynamicStitch's last wins,
    # one of those answers. TF's gradient of dynamic_partition writes it, indices distinct.
    "ParallelDynamicStitch": "DynamicStitch",
}

# How each TF op that does not carry over unchanged becomes graphgate's.
# The graph's files table, made by the first vocabulary-file initializer: empty here, it
# is filled by what reads the graph with its files (a saved model's assets:
# saved_model/assets.py); a TF graph naming nodes so has `asset_files_1`, ...
FILE_TABLE_SCOPE = "asset_files"


def _text_file_table(node, data, ctrl, ctx):
    """TF's InitializeTableFromTextFileV2 reading its file from the graph's files table
    (graphgate's op takes the table's two constants beside TF's two inputs)."""
    made = []
    if ctx.file_table is None:
        scope, k = FILE_TABLE_SCOPE, 0
        while any(n == scope or n.startswith(scope + "/") for n in ctx.by_name):
            k += 1
            scope = f"{FILE_TABLE_SCOPE}_{k}"
        ctx.file_table = [f"{scope}/names", f"{scope}/contents"]
        empty = serialization.encode_tensor(np.array([], dtype=object))
        made = [_doc_node(n, "Const", [], [], {"value": empty}) for n in ctx.file_table]
    attrs = _converted(node, "InitializeTableFromTextFileV2")
    inputs = [*data, *ctx.file_table]
    return [*made, _doc_node(node["name"], "InitializeTableFromTextFileV2", inputs, ctrl, attrs)]


LOWERINGS: dict[str, Callable] = {
    "InitializeTableFromTextFileV2": _text_file_table,
    "LRN": _lrn,
    "LRNGrad": _lrn_grad,
    **{op: _reduce(op) for op in ("Mean", "Max", "Min", "Prod", "All", "Any")},
    "EuclideanNorm": _same_with("EuclideanNorm", _reduction),
    "Sum": _sum,
    "ClipByValue": _same_with("ClipByValue", _clip_by_value),
    "BroadcastGradientArgs": _broadcast_gradient_args,
    "ConcatV2": _same_with("ConcatV2", _concat),
    "Reshape": _same_with("Reshape", _shape_input("shape")),
    "Tile": _same_with("Tile", _shape_input("multiples")),
    "Fill": _same_with("Fill", _fill),
    "Transpose": _same_with("Transpose", _optional_input("perm", 1)),
    "ExpandDims": _same_with("ExpandDims", _optional_input("axis", 1, convert=int)),
    "SparseCross": _same_with("SparseCross", _sparse_cross),
    # The summaries an estimator's graph holds (tf_export writes them back so)
    **{
        op: _same_with(op, _const_input("tag", "tag", index=0, convert=_summary_tag))
        for op in ("ScalarSummary", "HistogramSummary")
    },
    # graphgate's pads take paddings computed at run time too (Slice's gradient pads by
    # its begin, resize_image_with_pad by the image's size) as their second input.
    "Pad": _same_with("Pad", _optional_input("paddings", 1, convert=_pads)),
    "MirrorPad": _same_with("MirrorPad", _optional_input("paddings", 1, convert=_pads)),
    "PadV2": (_same_with("Pad", _pad_v2)),
    "Split": (_same_with("Split", _split)),
    "SplitV": (_same_with("Split", _split_v)),
    "StridedSlice": _strided_slice,
    "StridedSliceGrad": _strided_slice_grad,
    "GatherV2": (_same_with("GatherV2", _gather)),
    "ResourceGather": _resource_gather,
    "ReverseV2": _same_with("ReverseV2", _optional_input("axis", 1, convert=_list_of)),
    # graphgate's Unique gives the counts too when asked (`unique_with_counts` builds so)
    "UniqueWithCounts": _same_with("Unique", lambda node, data, ctx: (data, {"counts": True})),
    "UniqueV2": _same_with("UniqueV2", _const_input("axis", "axis")),
    "UniqueWithCountsV2": _same_with("UniqueV2", _with_counts(_const_input("axis", "axis"))),
    "TopKV2": _same_with("TopKV2", _optional_input("k", 1, convert=int)),
    "InTopKV2": _same_with("InTopKV2", _optional_input("k", 2, convert=int)),
    "Cumsum": _same_with("Cumsum", _optional_input("axis", 1, convert=int)),
    "Cumprod": _same_with("Cumprod", _optional_input("axis", 1, convert=int)),
    "MatrixDiagPartV3": _same_with("MatrixDiagPartV3", _matrix_diag_part_v3),
    "MatrixDiagV3": _same_with("MatrixDiagV3", _matrix_diag_v3),
    "Roll": _same_with("Roll", _roll),
    **{op: _channels_last(op) for op in ("Conv2D", "DepthwiseConv2dNative", "MaxPool", "AvgPool")},
    "MatrixSetDiagV3": _same_with(
        "MatrixSetDiagV3", _const_input("k", "k", index=2, convert=_diagonals)
    ),
    "CumulativeLogsumexp": _same_with(
        "CumulativeLogsumexp", _const_input("axis", "axis", convert=int)
    ),
    **{
        op: _same_with(op, _optional_input("shape", 0, convert=_list_of))
        for op in ("RandomUniform", "RandomStandardNormal", "TruncatedNormal")
    },
    **{
        op: _same_with(op, _resize_size)
        for op in ("ResizeBilinear", "ResizeNearestNeighbor", "ResizeBicubic", "ResizeArea")
    },
    "CropAndResize": _same_with("CropAndResize", _const_input("crop_size", "crop size", 3)),
    **{
        op: _same_with(op, _const_input("size", "glimpse size"))
        for op in ("ExtractGlimpse", "ExtractGlimpseV2")
    },
    "SpaceToBatchND": _same_with("SpaceToBatchND", _space_batch("paddings")),
    "BatchToSpaceND": _same_with("BatchToSpaceND", _space_batch("crops")),
    "NonMaxSuppressionV3": _same_with("NonMaxSuppressionV3", _nms),
    "NonMaxSuppressionWithOverlaps": _same_with("NonMaxSuppressionWithOverlaps", _nms),
    "NonMaxSuppressionV5": _same_with("NonMaxSuppressionV5", _nms_with_scores),
    "CombinedNonMaxSuppression": _same_with("CombinedNonMaxSuppression", _combined_nms),
    "ArgMax": _same_with("ArgMax", _arg_reduce),
    "ArgMin": _same_with("ArgMin", _arg_reduce),
    "Squeeze": (_same_with("Squeeze", _squeeze)),
    "Cast": (_same_with("Cast", _cast)),
    "BatchMatMul": _batch_matmul,
    "BatchMatMulV2": _batch_matmul,
    "OneHot": _same_with("OneHot", _one_hot),
    # TF's fused optimizer updates, on ref variables or (Resource*) on resource variables,
    # which graphgate's variables stand for alike.
    **{
        prefix + op: lowering
        for prefix in ("", "Resource")
        for op, lowering in (
            # (the index of each one's gradient: TF's kernel refuses one of another shape
            # than the variable's, which the lowerings' arithmetic would broadcast)
            ("ApplyAdam", _grad_checked(_apply_adam, -1)),
            ("ApplyMomentum", _grad_checked(_apply_momentum, 3)),
            ("ApplyAdagrad", _grad_checked(_apply_adagrad, -1)),
            ("ApplyRMSProp", _grad_checked(_apply_rms_prop, -1)),
            ("ApplyAdadelta", _grad_checked(_apply_adadelta, -1)),
            ("ApplyFtrl", _grad_checked(_apply_ftrl, 3)),
            ("ApplyFtrlV2", _grad_checked(_apply_ftrl, 3)),
            ("ApplyCenteredRMSProp", _grad_checked(_apply_centered_rms_prop, -1)),
            ("ApplyProximalAdagrad", _grad_checked(_apply_proximal_adagrad, -1)),
            (
                "ApplyProximalGradientDescent",
                _grad_checked(_apply_proximal_gradient_descent, -1),
            ),
            ("ApplyAdagradDA", _grad_checked(_apply_adagrad_da, 3)),
            ("ApplyAdagradV2", _grad_checked(_apply_adagrad_v2, -1)),
            ("ApplyAdaMax", _grad_checked(_apply_ada_max, -1)),
            ("ApplyPowerSign", _grad_checked(_apply_sign, -1)),
            ("ApplyAddSign", _grad_checked(_apply_sign, -1)),
            *((sparse, _sparse_apply) for sparse in _SPARSE_APPLIES),
        )
    },
    "Switch": _unmatched_control_flow,
    "Merge": _unmatched_control_flow,
    "VariableV2": _variable,
    "VarHandleOp": _variable,
    "AssignVariableOp": _assign,
    "StatelessRandomGetKeyCounter": _key_counter,
    **{v2: _same_with(v1, _stateless_v2) for v2, v1 in _STATELESS_V2.items()},
    **{
        v1: _same_with(v1, _stateless_v1)
        for v1 in (*_STATELESS_V2.values(), "StatelessRandomUniformInt")
    },
    "StatelessRandomPoisson": _same_with(
        "StatelessRandomPoisson", _without(_stateless_v1, "Rtype")
    ),
    "StatelessRandomGammaV2": _same_with(
        "StatelessRandomGammaV2", _without(_stateless_v1, "dtype")
    ),
    "StatelessRandomBinomial": _same_with(
        "StatelessRandomBinomial", _without(_stateless_v1, "T", "S")
    ),
    # TF 2.21's tf.random.stateless_gamma: V2's draws from the key and counter of a seed.
    "StatelessRandomGammaV3": _same_with(
        "StatelessRandomGammaV2", _without(_stateless_v2, "dtype", "shape_dtype")
    ),
    "TanhGrad": _activation_grad,
    **dict.fromkeys(_ACTIVATION_GRADS, _activation_grads),
    "Slice": _same_with("Slice", _slice_sizes),
    "ScatterNd": _same_with("ScatterNd", _scatter_nd_shape),
    "SigmoidGrad": _activation_grad,
    "FusedBatchNorm": _fused_batch_norm,
    "FusedBatchNormV2": _fused_batch_norm,
    "FusedBatchNormV3": _fused_batch_norm,
    "FusedBatchNormGrad": _fused_batch_norm_grad,
    "FusedBatchNormGradV2": _fused_batch_norm_grad,
    "FusedBatchNormGradV3": _fused_batch_norm_grad,
    "ParseExampleV2": _parse_example_v2,
    "ParseExample": _parse_example_v1,
    **{
        op: _same_with(op, _every_axis_input("axes", "reduction axes", 3, "Size"))
        for op in (
            "SparseReduceSum",
            "SparseReduceMax",
            "SparseReduceSumSparse",
            "SparseReduceMaxSparse",
        )
    },
    # String ops whose TF form takes as a tensor what graphgate's takes as an attribute.
    "ReduceJoin": _same_with(
        "ReduceJoin", _every_axis_input("axis", "reduction indices", 1, "Rank", reverse=True)
    ),
    "StringSplit": _same_with("StringSplit", _const_input("delimiter", "delimiter", 1, _text_of)),
    "StringSplitV2": _same_with("StringSplitV2", _const_input("sep", "separator", 1, _text_of)),
    "UnsortedSegmentJoin": _same_with(
        "UnsortedSegmentJoin", _const_input("num_segments", "num_segments", 2)
    ),
    "Const": _const,
    # tf.signal's real FFTs take fft_length as a (constant) input, graphgate as attribute.
    **{
        op: _same_with(op, _const_input("fft_length", "fft_length", convert=_list_of))
        for op in ("RFFT", "IRFFT", "RFFT2D", "IRFFT2D", "RFFT3D", "IRFFT3D")
    },
}


# -- saved models ---------------------------------------------------------------------------------


def _corrupt_saved_model() -> GraphgateError:
    return error(
        "INVALID_PROTO",
        "Error parsing message with type 'tensorflow.SavedModel': Wire format was corrupt",
    )


def saved_model_meta_graphs(data: bytes, cut_to: str | None = None) -> list[dict[str, Any]]:
    """The meta graphs of TF's `saved_model.pb` (or `.pbtxt`), each as a graphgate meta graph
    document: its graph (the saver's own ops left out: graphgate restores the variables
    itself), its tags, its signatures, and a saver listing every variable under its name
    (the checkpoint key TF's Saver gives it).

    With `cut_to` (a signature key), each graph keeps only what that signature's tensors
    are computed from, as TF Serving runs nothing else (no training op, no initializer):
    an empty graph in a meta graph without that signature; `""` cuts every graph away,
    for reading the signatures alone."""
    saved = tf_proto.parse(data, tf_proto.SAVED_MODEL, _corrupt_saved_model)
    metas = saved.get("meta_graphs", [])
    if cut_to is None:
        return [_meta_graph(meta) for meta in metas]
    # The saver's keys are read from the whole graph: its RestoreV2 names each variable's
    # checkpoint key (a partitioned variable's `part_0` is stored under its full name)
    return [_meta_graph(_cut_to_signature(meta, cut_to), keys_from=meta) for meta in metas]


def _cut_to_signature(meta: dict[str, Any], key: str) -> dict[str, Any]:
    graph = meta.get("graph_def", {})
    nodes = {n.get("name", ""): n for n in graph.get("node", [])}
    signature = meta.get("signature_def", {}).get(key) or {}
    todo = [
        info.get("name", "").partition(":")[0]
        for part in ("inputs", "outputs")
        for info in signature.get(part, {}).values()
    ]
    if todo:
        # The tables' initializers too, which TF Serving runs when it loads the model (an
        # estimator's vocabulary column is a table the signature only looks up)
        tables = meta.get("collection_def", {}).get("table_initializer", {})
        todo += [n.partition(":")[0] for n in tables.get("node_list", {}).get("value", [])]
    kept: set[str] = set()
    while todo:
        name = todo.pop()
        if name in kept or name not in nodes:
            continue
        kept.add(name)
        todo += [ref.lstrip("^").partition(":")[0] for ref in nodes[name].get("input", [])]
    cut = [n for name, n in nodes.items() if name in kept]
    return {**meta, "graph_def": {**graph, "node": cut}}


def meta_graph_document(data: bytes) -> dict[str, Any]:
    """The graphgate meta graph document of a MetaGraphDef (a `.meta` file), binary or in
    protobuf's text format (`export_meta_graph(as_text=True)`), as TF reads either."""
    meta = tf_proto.parse(data, tf_proto.META_GRAPH, _corrupt_meta_graph)
    return _meta_graph(meta)


def _corrupt_meta_graph() -> GraphgateError:
    return error(
        "INVALID_PROTO",
        "Error parsing message with type 'tensorflow.MetaGraphDef': Wire format was corrupt",
    )


_SAVER_OPS = frozenset(("SaveV2", "RestoreV2", "MergeV2Checkpoints", "SaveSlices", "RestoreSlice"))


def _restored_keys(
    nodes: list[dict[str, Any]], by_name: dict[str, dict[str, Any]], scope: str
) -> dict[str, Any] | None:
    """Checkpoint key to variable name of what a TF1 saver's scope restores: each Assign
    (or AssignVariableOp) of a RestoreV2 output under `scope/`, named by the RestoreV2's
    `tensor_names` constant; the slices of a partitioned variable, restored under one key
    with their `shape_and_slices` specs, as [[name, spec], ...]. None where the scope is
    not so simple (then every variable is restored by its name)."""
    if not scope:
        return None
    out: dict[str, Any] = {}
    for node in nodes:
        name, inputs = node.get("name", ""), node.get("input", [])
        if not name.startswith(scope + "/") or node.get("op") not in ("Assign", "AssignVariableOp"):
            continue
        if len(inputs) < 2:
            return None
        source, _, index = inputs[1].partition(":")
        while by_name.get(source, {}).get("op") == "Identity":
            source, _, index = by_name[source].get("input", [""])[0].partition(":")
        restore = by_name.get(source, {})
        names = _string_list(by_name, restore.get("input", []), 1)
        specs = _string_list(by_name, restore.get("input", []), 2)
        if restore.get("op") != "RestoreV2" or names is None or specs is None:
            return None
        i = int(index or 0)
        if i >= len(names) or i >= len(specs):
            return None
        variable = inputs[0].lstrip("^").partition(":")[0]
        if isinstance(out.get(names[i]), str) or (names[i] in out and not specs[i]):
            return None  # a key restored whole and in slices: no Saver of TF's writes that
        if specs[i]:  # one slice: every slice of the key is restored from its part
            out.setdefault(names[i], []).append([variable + ":0", specs[i]])
        else:
            out[names[i]] = variable
    return out or None


def _kept_keys(whole: dict[str, Any], scope: str, kept: set[str]) -> dict[str, Any] | None:
    """`_restored_keys` of the whole graph's saver, for the variables a cut graph kept."""
    nodes = whole.get("graph_def", {}).get("node", [])
    restored = _restored_keys(nodes, {n.get("name", ""): n for n in nodes}, scope)
    if restored is None:
        return None
    out: dict[str, Any] = {}
    for key, names in restored.items():
        if isinstance(names, str):
            if names in kept:
                out[key] = names
            continue
        parts = [p for p in names if p[0].partition(":")[0] in kept]
        if parts:
            out[key] = parts
    return out


def _string_list(by_name: dict[str, Any], inputs: list[str], at: int) -> list[str] | None:
    if len(inputs) <= at:
        return None
    node = by_name.get(inputs[at].partition(":")[0], {})
    if node.get("op") != "Const":
        return None
    values = node.get("attr", {}).get("value", {}).get("tensor", {}).get("string_val")
    try:
        return [bytes(v).decode("utf-8") for v in values or []]
    except UnicodeDecodeError:
        return None


def _meta_graph(meta: dict[str, Any], keys_from: dict[str, Any] | None = None) -> dict[str, Any]:
    """`keys_from`: the uncut meta graph whose saver names the checkpoint keys of the
    variables `meta`, a graph cut to a signature, kept."""
    graph = meta.get("graph_def", {})
    tf_node_checks.check_versions(graph.get("versions", {}))
    saver = meta.get("saver_def", {})
    restore_op = saver.get("restore_op_name", "")
    nodes = graph.get("node", [])
    by_name = {n.get("name", ""): n for n in nodes}
    restore = by_name.get(restore_op, {})
    tf2_saver = restore.get("op") in tf_functions.CALL_OPS
    if tf2_saver:
        # TF 2's saver is two calls (save, restore) of functions reading a filename
        # Placeholder; graphgate restores the variables itself, by the keys it assigns.
        library = _functions(graph)
        keys = tf_functions.restored_variables(restore, library)
        drop = {restore_op, saver.get("save_tensor_name", "").partition(":")[0]}
        drop.add(saver.get("filename_tensor_name", "").partition(":")[0])
        doc = to_document(nodes, None, library, frozenset(drop))
        var_list = {key: name + ":0" for key, name in keys.items()}
    else:
        # The saver_def's own scope, and any other Saver the script made (simple_save adds
        # `save_1/` beside the script's `save/`): graphgate restores the variables itself.
        scopes = {restore_op.rpartition("/")[0]} | {
            n.get("name", "").rpartition("/")[0] for n in nodes if n.get("op") in _SAVER_OPS
        }
        dropped = tuple(sorted(f"{s}/" for s in scopes if s)) or None
        doc = to_document(nodes, dropped, _functions(graph))
        kept = [v["name"] for v in doc["nodes"] if v["op"] == "VariableV2"]
        if keys_from is None:
            restored = _restored_keys(nodes, by_name, restore_op.rpartition("/")[0])
        else:
            restored = _kept_keys(keys_from, restore_op.rpartition("/")[0], set(kept))
        var_list = {name: name + ":0" for name in kept}
        if restored is not None:
            # What the saver restores, by its keys: a variable it leaves out (a local one
            # a main_op initializes) is not looked for in the checkpoint, as in TF.
            var_list = {
                key: name + ":0" if isinstance(name, str) else name
                for key, name in restored.items()
            }
    trainable = _trainable(meta.get("collection_def", {}))
    for node in doc["nodes"]:
        if node["op"] == "VariableV2" and trainable is not None and node["name"] not in trainable:
            node["attrs"]["trainable"] = False
    return {
        "format": "graphgate.meta_graph/v1",
        "graph_def": doc,
        "collections": _node_lists(meta.get("collection_def", {}), doc),
        # TF 2's restore names every variable it restores: none is none (an asset's path
        # variable, which the main op assigns, is not in the checkpoint).
        "saver_def": {"var_list": var_list} if var_list or tf2_saver else None,
        "signature_def": {
            key: _signature(sig) for key, sig in meta.get("signature_def", {}).items()
        },
        "meta_info_def": {"tags": list(meta.get("meta_info_def", {}).get("tags", []))},
        "asset_file_def": _asset_files(meta, doc),
    }


_ASSET_TYPE = "type.googleapis.com/tensorflow.AssetFileDef"


def _asset_files(meta: dict[str, Any], doc: dict[str, Any]) -> list[dict[str, str]]:
    """The meta graph's assets, `{"filename", "tensor_name"}` each, of tensors the document
    kept: its `asset_file_def` (TF 2's builder), else TF1's `saved_model_assets`
    collection of AssetFileDefs packed in Anys, as TF's loader reads them."""
    found = meta.get("asset_file_def") or []
    if not found:
        packed = meta.get("collection_def", {}).get("saved_model_assets", {})
        for item in packed.get("any_list", {}).get("value", []):
            if item.get("type_url") == _ASSET_TYPE:
                found.append(
                    tf_proto.parse(item.get("value", b""), tf_proto.ASSET_FILE_DEF, _corrupt)
                )
    kept = {n["name"] for n in doc["nodes"]}
    out = []
    for asset in found:
        name = asset.get("tensor_info", {}).get("name", "")
        if name.partition(":")[0] in kept:
            out.append({"filename": asset.get("filename", ""), "tensor_name": name})
    return out


def _node_lists(collections: dict[str, Any], doc: dict[str, Any]) -> dict[str, list]:
    """TF's collections of tensor and operation names (`train_op`, `losses`,
    `saved_model_main_op`, `legacy_init_op`, ...), of what the document kept. Collections
    of serialized protos (variables, contexts) are TF's own: graphgate rebuilds its
    variable collections from the variables."""
    kept = {n["name"] for n in doc["nodes"]}
    out = {}
    for key, collection in collections.items():
        names = collection.get("node_list", {}).get("value")
        if key in tf_proto.VARIABLE_DEF_COLLECTIONS and key != "trainable_variables":
            # local_variables, global_step...: without them TF's local variables are
            # left out of `local_variables_initializer()`; `variables` tells a local
            # variable that is also global (meta_graph's import reads it).
            names = _variable_names(collection)
        if names is None:
            continue
        items = [
            {"tensor": name} if ":" in name else {"operation": name}
            for name in names
            if name.partition(":")[0] in kept
        ]
        if items:
            out[key] = items
    return out


def _variable_names(collection: dict[str, Any]) -> list[str] | None:
    """The variables (`name:0`) a collection of VariableDefs lists, None if it is not one."""
    items = collection.get("bytes_list")
    if items is None:
        return None
    return [
        tf_proto.decode(raw, tf_proto.VARIABLE_DEF, _corrupt_meta_graph).get("variable_name", "")
        for raw in items.get("value", [])
    ]


def _trainable(collections: dict[str, Any]) -> set[str] | None:
    """The variables TF's `trainable_variables` collection lists (VariableDefs), None
    without one."""
    names = _variable_names(collections.get("trainable_variables", {}))
    return None if names is None else {n.removesuffix(":0") for n in names}


def _signature(sig: dict[str, Any]) -> dict[str, Any]:
    return {
        "method_name": sig.get("method_name", ""),
        "inputs": {k: _tensor_info(v) for k, v in sig.get("inputs", {}).items()},
        "outputs": {k: _tensor_info(v) for k, v in sig.get("outputs", {}).items()},
    }


def _tensor_info(info: dict[str, Any]) -> dict[str, Any]:
    shape = tf_proto.shape_of(info.get("tensor_shape"))
    try:
        dtype = tf_proto.dtype_of(info.get("dtype", 0)).name
    except GraphgateError:
        dtype = None
    return {
        "name": info.get("name", ""),
        "dtype": dtype,
        "shape": None if shape is None else [-1 if d is None else d for d in shape],
    }


# -- TF1 control flow: tf.cond's Switch and Merge as graphgate's If ------------------------------


class _Cond:
    """One TF1 cond: its predicate, its Switch nodes, the nodes of each branch and the
    Merges that join them (in their order in the graph)."""

    def __init__(self, pred: str):
        self.pred = pred
        self.switches: set[str] = set()
        self.sides: dict[str, bool] = {}  # branch node -> True (then) / False (else)
        self.merges: list[dict[str, Any]] = []


def _switch_side(ref: str, switches: set[str]) -> tuple[str, bool] | None:
    """(switch, side) when `ref` is an output of one of `switches` (`:1` the true side)."""
    name, sep, index = ref.lstrip("^").rpartition(":")
    name = name if sep else ref.lstrip("^")
    if name not in switches:
        return None
    return name, sep != "" and index == "1"


def find_conds(nodes: list[dict[str, Any]]) -> dict[str, _Cond]:
    """TF1 conds by predicate-id node: every Switch joined to its cond (a data Switch names
    `<scope>pred_id`, the pivot `Switch(pred, pred)` lives in `<scope>`), each branch the
    nodes reached from one side of its Switches (data or control) short of a Merge."""
    by_name = {n["name"]: n for n in nodes}
    conds: dict[str, _Cond] = {}
    for n in nodes:
        # A control input (the cond's under a control_dependencies: rot90's assert) is
        # no operand; its pred_id waits for it too, and so the If does.
        operands = [ref for ref in n.get("input", []) if not ref.startswith("^")]
        if n["op"] != "Switch" or len(operands) != 2:
            continue
        data, pred = operands
        key = pred if data != pred else n["name"].rpartition("/")[0] + "/pred_id"
        if key not in by_name:
            continue
        conds.setdefault(key, _Cond(key)).switches.add(n["name"])
    if conds:
        flow = _Flow(nodes)
        for cond in conds.values():
            _grow_branches(cond, flow)
    return conds


class _Flow:
    """The nodes' readers, and a rank for each node that is higher than its inputs' (a
    topological order, Kahn's): GraphDef node order is free, so a cond's Merge may be
    listed before its branches. Nodes on a cycle (a damaged graph: loops are stubs here)
    rank after all others, in their listed order."""

    def __init__(self, nodes: list[dict[str, Any]]):
        self.by_name = {n["name"]: n for n in nodes}
        self.readers: dict[str, list[str]] = {}
        waiting: dict[str, int] = {}
        for n in nodes:
            inputs = {ref.lstrip("^").partition(":")[0] for ref in n.get("input", [])}
            inputs &= self.by_name.keys()
            waiting[n["name"]] = len(inputs)
            for name in inputs:
                self.readers.setdefault(name, []).append(n["name"])
        ready = [name for name, k in waiting.items() if k == 0]
        self.rank: dict[str, int] = {}
        while ready:
            name = ready.pop()
            self.rank[name] = len(self.rank)
            for reader in self.readers.get(name, ()):
                waiting[reader] -= 1
                if waiting[reader] == 0:
                    ready.append(reader)
        for n in nodes:
            self.rank.setdefault(n["name"], len(self.rank))


def _grow_branches(cond: _Cond, flow: _Flow) -> None:
    """Each node reached from one side of the cond's Switches (through data or control
    inputs), conds nested in a branch included; the cond's own Merges, which read both
    sides, end the branches. Nodes are taken by rank, so a node's inputs in a branch are
    placed before it, and only the branches and the nodes reading them are visited."""
    heap = [(flow.rank[r], r) for s in cond.switches for r in flow.readers.get(s, ())]
    heapq.heapify(heap)
    seen: set[str] = set()
    while heap:
        _, name = heapq.heappop(heap)
        if name in seen or name in cond.switches:
            continue
        seen.add(name)
        n = flow.by_name[name]
        refs = n.get("input", [])
        sides = {_ref_side(cond, ref.lstrip("^")) for ref in refs} - {None}
        if n["op"] == "Merge" and sides == {False, True}:
            cond.merges.append(n)
            continue
        data = [ref for ref in refs if not ref.startswith("^")]
        if n["op"] == "Merge" and any(_ref_side(cond, ref) is None for ref in data):
            # Another cond's Merge reading a value from outside this cond (its other
            # branch) is live with that value: TF1 kills only the inputs in this branch.
            continue
        if sides:
            # A node in both branches (None) is refused when the cond is lowered.
            cond.sides[name] = sides.pop() if len(sides) == 1 else None
            for r in flow.readers.get(name, ()):
                heapq.heappush(heap, (flow.rank[r], r))
    cond.merges.sort(key=lambda m: m["name"])


def _ref_side(cond: _Cond, ref: str) -> bool | None:
    hit = _switch_side(ref, cond.switches)
    if hit is not None:
        return hit[1]
    return cond.sides.get(ref.partition(":")[0])


def _rewired(node: dict[str, Any], switches: set[str], by_name: dict[str, dict]) -> dict:
    """A node reading its inputs past the Switches (those of conds around conds too): the
    switched tensor itself."""
    inputs = []
    for ref in node.get("input", []):
        control = ref.startswith("^")
        ref = ref.lstrip("^")
        hit, passed = _switch_side(ref, switches), []
        while hit is not None:
            if hit[0] in passed:  # a Switch of the value it switches: no value to find
                raise _switch_cycle(passed[passed.index(hit[0]) :])
            passed.append(hit[0])
            ref = by_name[hit[0]]["input"][0]
            hit = _switch_side(ref, switches)
        inputs.append("^" + ref.partition(":")[0] if control else ref)
    return {**node, "input": inputs}


def _switch_cycle(cycle: list[str]) -> GraphgateError:
    return error(
        "GRAPH_CYCLE",
        "the graph has a cycle: " + " -> ".join(cycle + cycle[:1]),
        node=cycle[0],
        details={"cycle": cycle},
    )


def lower_conds(nodes: list[dict[str, Any]], ctx: _Context) -> tuple[list, list]:
    """The nodes to lower (Switches dropped, branch nodes rewired, the conds' Merges left
    out: `cond_nodes` stands for them) and the problems found."""
    conds = find_conds(nodes)
    if not conds:
        return nodes, []
    by_name = {n["name"]: n for n in nodes}
    switches = {s for c in conds.values() for s in c.switches}
    merges = {m["name"] for c in conds.values() for m in c.merges}
    member = {name for c in conds.values() for name in c.sides}
    both = {name for c in conds.values() for name, side in c.sides.items() if side is None}
    problems, out = [], []
    for n in nodes:
        if n["name"] in switches or n["name"] in merges:
            continue
        if n["name"] in both:
            problems.append(_problem(n, "it reads both branches of a cond"))
        elif n["name"] not in member and any(
            _switch_side(r, switches) is not None for r in n.get("input", [])
        ):
            problems.append(_problem(n, "it reads a Switch outside a cond's branches"))
        out.append(_rewired(n, switches, by_name))
    ctx.conds = conds
    ctx.switches = switches
    ctx.switch_inputs = {name: by_name[name] for name in switches}
    ctx.single_output |= merges  # a Merge's value_index is not computed
    return out, problems


def _problem(node: dict[str, Any], reason: str) -> dict[str, str]:
    return {"node": node["name"], "op": node["op"], "reason": reason}


def _problem_at(ctx: _Context, exc: Unsupported) -> dict[str, str]:
    """The problem of a frame or cond that could not be read, at the node it names."""
    name = exc.node.partition(":")[0]
    return _problem(ctx.by_name.get(name, {"name": name, "op": ""}), str(exc))


def control_flow_nodes(ctx: _Context, lowered: dict[str, list[str]]) -> list[dict[str, Any]]:
    """The Whiles and Ifs standing for TF1's while_loops and conds, each made after those
    it holds: a loop's condition and body hold the conds and loops of its frame, a cond's
    branch the conds and loops reached from its side of the Switches."""
    order = _CondOrder(ctx)
    todo: list[Any] = [c for c in order.conds if c.merges] + list(ctx.loops)
    holds = _holdings(ctx, todo)
    made: set[int] = set()
    out: list[dict[str, Any]] = []
    while todo:
        ready = [x for x in todo if holds[id(x)] <= made]
        if not ready:  # only a damaged GraphDef's control flow holds itself
            raise Unsupported("conds and while_loops that hold one another", _anchor(todo[0]))
        for x in ready:
            out += _loop_node(ctx, x, lowered) if isinstance(x, _Loop) else order.node(x, lowered)
            made.add(id(x))
        todo = [x for x in todo if id(x) not in made]
    return out


def _holdings(ctx: _Context, todo: list) -> dict[int, set[int]]:
    """The conds and loops (of `todo`) inside each loop or cond of `todo`, by id: a loop
    holds its child loops and the conds whose predicate is in its frame, a cond those
    whose predicate (a loop: its While) is in a branch."""
    holds: dict[int, set[int]] = {id(x): set() for x in todo}
    anchors: dict[str, list[Any]] = {}
    for y in todo:
        if isinstance(y, _Loop):
            if y.parent is not None and id(y.parent) in holds:
                holds[id(y.parent)].add(id(y))
            anchors.setdefault(f"{y.scope}/While", []).append(y)
        else:
            loop = ctx.loop_of.get(y.pred)
            if loop is not None and id(loop) in holds:
                holds[id(loop)].add(id(y))
            anchors.setdefault(y.pred, []).append(y)
    for x in todo:
        if not isinstance(x, _Loop):
            holds[id(x)] |= {id(y) for name in x.sides for y in anchors.get(name, ()) if y is not x}
    return holds


def _anchor(x: Any) -> str:
    if isinstance(x, _Loop):
        return next((v["enter"] for v in x.vars), "")
    return x.merges[0]["name"] if x.merges else x.pred


class _CondOrder:
    """The conds deepest first, the deepest holding each branch node, and their If names."""

    def __init__(self, ctx: _Context):
        self.ctx = ctx
        every = list(ctx.conds.values())
        # Deepest first: a cond's depth is how many conds' branches hold its predicate.
        holders = Counter(name for o in every for name in o.sides)
        depth = {id(c): holders[c.pred] - (c.pred in c.sides) for c in every}
        self.conds = sorted(every, key=lambda c: (-depth[id(c)], len(c.sides)))
        self.innermost: dict[str, _Cond] = {}
        for cond in reversed(self.conds):  # outermost first, each node kept by the deepest
            for tf_name in cond.sides:
                self.innermost[tf_name] = cond
        self.names = {id(c): _if_name(c) for c in self.conds}
        self.by_pred: dict[str, list[_Cond]] = {}
        for cond in self.conds:
            self.by_pred.setdefault(cond.pred, []).append(cond)
        self.merges = {m["name"] for c in self.conds for m in c.merges}
        self.order = {id(c): i for i, c in enumerate(self.conds)}

    def node(self, cond: _Cond, lowered: dict[str, list[str]]) -> list[dict[str, Any]]:
        """An If over the cond's branches' lowered nodes, and for each of its Merges an
        Identity of the If's output under the Merge's name. An inner cond's If and Merges,
        and a loop's While and Exits, are in the branch, not their own nodes."""
        ctx, names = self.ctx, self.names
        loop = ctx.loop_of.get(cond.pred)
        bodies: dict[bool, list[str]] = {True: [], False: []}
        for tf_name, side in cond.sides.items():
            # A loop's own nodes are in its While, which the branch holds.
            mine = ctx.loop_of.get(tf_name) is loop
            if self.innermost[tf_name] is cond and side is not None and mine:
                bodies[side] += lowered.get(tf_name, [tf_name] if tf_name in self.merges else [])
        inners = [c for name in cond.sides for c in self.by_pred.get(name, ())]
        for inner in sorted(inners, key=lambda c: self.order[id(c)]):
            side = cond.sides.get(inner.pred)
            if inner is not cond and side is not None and self.innermost[inner.pred] is cond:
                if names[id(inner)] not in ctx.doc_nodes:
                    raise Unsupported(
                        f"the cond of {inner.pred} is not whole inside its branch",
                        inner.merges[0]["name"] if inner.merges else inner.pred,
                    )
                bodies[side].append(names[id(inner)])
        outputs: dict[bool, list[str]] = {True: [], False: []}
        for merge in cond.merges:
            for ref in merge["input"]:
                side = _ref_side(cond, ref)
                if side is None or ref.startswith("^"):
                    # TF's Merges read one value from each branch and no control input
                    raise Unsupported(f"its input {ref} is no value of a branch", merge["name"])
                outputs[side].append(_body_output(cond, ref, ctx))
        made = [
            _doc_node(
                names[id(cond)],
                "If",
                [cond.pred, *_captures(ctx, cond, bodies, outputs)],
                _outer_controls(ctx, cond, bodies),
                {
                    "then_branch": _body(bodies[True], outputs[True]),
                    "else_branch": _body(bodies[False], outputs[False]),
                },
            )
        ]
        made += [
            _doc_node(merge["name"], "Identity", [f"{names[id(cond)]}:{i}"], [], {})
            for i, merge in enumerate(cond.merges)
        ]
        for node in made:
            ctx.doc_nodes[node["name"]] = node
        return made


def _if_name(cond: _Cond) -> str:
    scope = cond.pred.rpartition("/")[0]
    return f"{scope}/If" if scope else "If"


def _body_output(cond: _Cond, ref: str, ctx: _Context) -> str:
    """A branch's output; one returning a switched tensor unchanged returns the tensor
    itself (read past every Switch), which the If captures."""
    return _rewired({"input": [ref]}, ctx.switches, ctx.switch_inputs)["input"][0].removesuffix(
        ":0"
    )


def _body(nodes: list[str], outputs: list[str]) -> dict[str, Any]:
    return {"nodes": nodes, "args": [], "outputs": outputs}


def _captures(ctx: _Context, cond: _Cond, bodies: dict, outputs: dict) -> list[str]:
    """The tensors from outside the cond (all its levels) that its branches read."""
    inside = set(bodies[True]) | set(bodies[False])
    inside |= {name for tf_name in cond.sides for name in ctx.lowered_names(tf_name)}
    seen: dict[str, None] = {}
    for name in bodies[True] + bodies[False]:
        for ref in ctx.doc_nodes.get(name, {}).get("inputs", []):
            if ref.partition(":")[0] not in inside:
                seen[ref] = None
    for ref in outputs[True] + outputs[False]:  # a branch returning an outer tensor
        if ref.partition(":")[0] not in inside:
            seen[ref] = None
    return list(seen)


def _outer_controls(ctx: _Context, cond: _Cond, bodies: dict) -> list[str]:
    """The ops from outside the cond that its branches' nodes wait for: the If waits for
    them, as TF runs an op outside a cond whichever branch is taken (a `control_dependencies`
    on an update made outside the cond, which its branch names)."""
    inside = set(bodies[True]) | set(bodies[False])
    inside |= {name for tf_name in cond.sides for name in ctx.lowered_names(tf_name)}
    seen: dict[str, None] = {}
    for name in bodies[True] + bodies[False]:
        for ref in ctx.doc_nodes.get(name, {}).get("control_inputs", []):
            if ref not in inside:
                seen[ref] = None
    return list(seen)


# -- TF1 control flow: while_loop's frames as graphgate's While ----------------------------------


class _Loop:
    """One TF1 while_loop frame: per loop variable its Enter, Merge, Switch, NextIteration
    and Exit; the frame's invariants (constant Enters); its LoopCond; the nodes of its
    condition and of its body (of its own frame: a loop nested in it has its own); the
    loop around it and the loops in it, each on the side (cond or body) holding it."""

    def __init__(self, frame: str):
        self.frame = frame
        self.scope = frame.rpartition("/")[0] or frame
        self.vars: list[dict[str, str]] = []
        self.invariants: dict[str, str] = {}
        self.loop_cond = ""
        self.cond: list[str] = []
        self.body: list[str] = []
        self.parent: _Loop | None = None
        self.children: list[tuple[_Loop, str]] = []
        # What the condition and the body reach, inner frames included (`_wire_loop`).
        self.reach: dict[str, set[str]] = {"cond": set(), "body": set()}
        # Its Merges and Switches (`:1`) as the arguments standing for them, and its
        # invariants as the tensors from outside every loop they enter (`lower_loops`).
        self.args: dict[str, str] = {}
        self.resolved: dict[str, str] = {}

    @property
    def depth(self) -> int:
        depth, outer = 0, self.parent
        while outer is not None:  # no cycle: `_check_nesting`
            depth, outer = depth + 1, outer.parent
        return depth


def node_frames(nodes: list[dict[str, Any]]) -> tuple[dict[str, str], dict[str, str]]:
    """Each node's while_loop frame ("" outside every loop) and each frame's parent, as TF's
    executor assigns them (`BuildControlFlowInfo`): an Enter starts its `frame_name`
    inside the frame of what it reads, what reads an Exit is in the parent of the Exit's
    frame, any other node is in the frame of what it reads (data or control)."""
    readers: dict[str, list[dict[str, Any]]] = {}
    for n in nodes:
        for ref in n.get("input", []):
            readers.setdefault(ref.lstrip("^").partition(":")[0], []).append(n)
    frame_of = {n["name"]: "" for n in nodes if not n.get("input")}
    parent: dict[str, str] = {}
    queue = deque(n for n in nodes if not n.get("input"))
    while queue:
        n = queue.popleft()
        here = frame_of[n["name"]]
        if n["op"] == "Exit":
            here = parent.get(here, "")
        for r in readers.get(n["name"], []):
            if r["name"] in frame_of:
                continue
            if r["op"] == "Enter":
                frame = _frame_name(r)
                parent.setdefault(frame, here)
                frame_of[r["name"]] = frame
            else:
                frame_of[r["name"]] = here
            queue.append(r)
    return frame_of, parent


def _frame_name(enter: dict[str, Any]) -> str:
    return _attr(enter, "frame_name").get("s", b"").decode("utf-8", "replace")


def find_loops(nodes: list[dict[str, Any]]) -> list[_Loop]:
    """TF1 while_loops by frame (Enter's `frame_name`), loops nested in loops joined to the
    loop around them; Unsupported for a frame whose nodes are not one loop's (a cond
    inside, a variable without its Merge, Switch or Exit)."""
    frames: dict[str, _Loop] = {}
    for n in nodes:
        if n["op"] == "Enter":
            loop = frames.setdefault(_frame_name(n), _Loop(_frame_name(n)))
            if _attr(n, "is_constant").get("b", False):
                loop.invariants[n["name"]] = n.get("input", [""])[0]
            else:
                loop.vars.append({"enter": n["name"], "init": n.get("input", [""])[0]})
    frame_of, parents = node_frames(nodes)
    for loop in frames.values():
        loop.parent = frames.get(parents.get(loop.frame, ""))
    readers = _Readers(nodes)
    for loop in frames.values():
        _check_nesting(loop)
        _wire_loop(loop, readers, frame_of)
    for loop in frames.values():
        if loop.parent is not None:
            loop.parent.children.append((loop, _side_in(loop, loop.parent)))
    # Outer loops first: an inner loop's invariants are resolved through the outer's.
    return sorted(frames.values(), key=lambda loop: loop.depth)


def _check_nesting(loop: _Loop) -> None:
    """Refuse frames whose Enters make a loop its own ancestor (only a damaged GraphDef's)."""
    seen = {id(loop)}
    outer = loop.parent
    while outer is not None:
        if id(outer) in seen:
            raise Unsupported(
                f"the while_loop frame {loop.frame!r} is nested in itself",
                next((v["enter"] for v in loop.vars), next(iter(loop.invariants), "")),
            )
        seen.add(id(outer))
        outer = outer.parent


def _side_in(loop: _Loop, parent: _Loop) -> str:
    """Whether `loop` is part of its parent's condition or body: the side reaching its
    Exits (or, for a loop nothing reads, its Enters)."""
    mine = [v["exit"] for v in loop.vars if v["exit"]] or [v["enter"] for v in loop.vars]
    return "cond" if any(name in parent.reach["cond"] for name in mine) else "body"


class _Readers:
    """A GraphDef's nodes indexed once for the loop finder, which asks of every loop who
    reads what: each node's readers by the input it gives (`name` for its first output,
    `name:i` for another), and by name whatever they read of it (control inputs too)."""

    def __init__(self, nodes: list[dict[str, Any]]):
        self.by_name = {n["name"]: n for n in nodes}
        self.position = {n["name"]: i for i, n in enumerate(nodes)}
        self.by_input: dict[str, list[dict[str, Any]]] = {}
        self.of_node: dict[str, list[dict[str, Any]]] = {}
        for n in nodes:
            for ref in n.get("input", []):
                self.by_input.setdefault(ref.removesuffix(":0"), []).append(n)
                self.of_node.setdefault(ref.lstrip("^").partition(":")[0], []).append(n)

    def reached(self, sources: set[str], stops: set[str]) -> list[str]:
        """The nodes reading `sources` (a node's first output by its name, another output
        as `name:i`) or what they reach, short of `stops`, in graph order: one walk over
        the edges, whatever the order the GraphDef lists its nodes in."""
        found: set[str] = set()
        queue: deque[dict[str, Any]] = deque()
        for ref in sources:
            name, _, index = ref.partition(":")
            first = index in ("", "0")
            queue.extend(self.by_input.get(name if first else ref, []))
            if first:  # a control input reads a node's first output here
                queue.extend(r for r in self.of_node.get(name, []) if "^" + name in r["input"])
        while queue:
            n = queue.popleft()
            if n["name"] in found or n["name"] in stops:
                continue
            found.add(n["name"])
            queue.extend(self.of_node.get(n["name"], []))
        return sorted(found, key=self.position.__getitem__)


def _wire_loop(loop: _Loop, readers: _Readers, frame_of: dict[str, str]) -> None:
    by_input, by_name = readers.by_input, readers.by_name
    for var in loop.vars:
        merges = [m for m in by_input.get(var["enter"], []) if m["op"] == "Merge"]
        if len(merges) != 1:
            raise Unsupported(f"the loop variable of {var['enter']} has no one Merge", var["enter"])
        merge = merges[0]
        var["merge"] = merge["name"]
        var["next"] = next((r for r in merge.get("input", []) if r != var["enter"]), "")
        following = by_name.get(var["next"].partition(":")[0], {})
        if following.get("op") != "NextIteration" or not following.get("input"):
            raise Unsupported(
                f"the loop variable of {var['enter']} has no NextIteration", var["enter"]
            )
        var["next_input"] = following["input"][0]
        # The loop's Switch, on its LoopCond (a cond in the condition switches it too).
        switches = [
            s
            for s in by_input.get(merge["name"], [])
            if s["op"] == "Switch"
            and by_name.get((s.get("input") or [""])[-1].partition(":")[0], {}).get("op")
            == "LoopCond"
        ]
        if len(switches) != 1:
            raise Unsupported(
                f"the loop variable of {var['enter']} has no one Switch", var["enter"]
            )
        var["switch"] = switches[0]["name"]
        loop_cond = switches[0]["input"][1]
        if loop.loop_cond and loop_cond != loop.loop_cond:
            # TF names each loop's frame after its own scope; one name over two loops is
            # a hand-made or merged GraphDef, whose loops graphgate cannot tell apart.
            raise Unsupported(
                f"two while_loops share the frame name {loop.frame!r} (their LoopConds "
                f"{loop.loop_cond} and {loop_cond}): each loop needs a frame of its own",
                var["enter"],
            )
        loop.loop_cond = loop_cond
        exits = [e for e in by_input.get(var["switch"], []) if e["op"] == "Exit"]
        var["exit"] = exits[0]["name"] if exits else ""
    merges = {v["merge"] for v in loop.vars}
    switches = {v["switch"] for v in loop.vars}
    stops = {loop.loop_cond} | switches | {v["next"] for v in loop.vars}
    cond = readers.reached(merges, stops)
    body_from = {v["switch"] + ":1" for v in loop.vars}
    body = readers.reached(body_from, stops | {v["exit"] for v in loop.vars})
    loop.reach = {"cond": set(cond), "body": set(body)}
    # A loop nested in this one is its own frame: its nodes go into its own While.
    loop.cond = [name for name in cond if frame_of.get(name, "") == loop.frame]
    loop.body = [name for name in body if frame_of.get(name, "") == loop.frame]
    if set(loop.cond) & set(loop.body):
        raise Unsupported(
            "a node of both a while_loop's condition and its body",
            next((v["enter"] for v in loop.vars), ""),
        )


def lower_loops(nodes: list[dict[str, Any]], ctx: _Context) -> tuple[list, list]:
    """The nodes to lower with each while_loop's frame nodes taken out (its Enters,
    Merges, Switches, LoopCond, NextIterations and Exits), its condition and body reading
    argument Placeholders instead, and the problems found."""
    if not any(n["op"] == "Enter" for n in nodes):
        return nodes, []
    try:
        loops = find_loops(nodes)
    except Unsupported as exc:
        return nodes, [_problem_at(ctx, exc)]
    frame: set[str] = set()
    rename: dict[str, dict[str, str]] = {}
    args: list[dict[str, Any]] = []
    for loop in loops:  # outer loops first (`find_loops`)
        frame |= set(loop.invariants) | {loop.loop_cond}
        for k, var in enumerate(loop.vars):
            frame |= {var["enter"], var["merge"], var["switch"], var["next"].partition(":")[0]}
            frame |= {var["exit"]} - {""}
            # A flow's loop variable is graphgate's array, of the array's dtype.
            dtype = _flow_dtype(ctx, var["init"]) or _attr(ctx.by_name[var["enter"]], "T")
            for side, source in (("cond", var["merge"]), ("body", var["switch"] + ":1")):
                arg = f"{loop.scope}/{side}_arg_{k}"
                args.append({"name": arg, "op": "Placeholder", "attr": {"dtype": dtype}})
                loop.args[source] = arg
            var["args"] = (f"{loop.scope}/cond_arg_{k}", f"{loop.scope}/body_arg_{k}")
        loop.resolved = {
            name: _outer_ref(ref, loop.parent) for name, ref in loop.invariants.items()
        }
        for name in loop.cond + loop.body:
            rename[name] = {**loop.args, **loop.resolved}
    ctx.loops = loops
    stubs = _loop_stubs(loops)
    placed: set[str] = set()
    out = []
    for n in nodes:
        if n["name"] in frame:
            # Where its first Exit was: before what reads them, as conds are found in order.
            made = stubs.get(n["name"], [])
            if made and made[0]["name"] not in placed:
                placed.add(made[0]["name"])
                out += made
            continue
        if n["name"] in rename:
            mapping = rename[n["name"]]
            # A control input on the frame's Merge or Switch only puts a constant into the
            # frame: an argument has nothing to wait for, and is no op to run.
            inputs = [
                _renamed(r, mapping)
                for r in n.get("input", [])
                if not (r.startswith("^") and _renamed(r, mapping) != r)
            ]
            n = {**n, "input": inputs}
        out.append(n)
    ctx.loop_of = {name: loop for loop in loops for name in loop.cond + loop.body}
    for loop in loops:  # a loop's While and Exits are in the frame around it
        for name in [f"{loop.scope}/While"] + [v["exit"] for v in loop.vars if v["exit"]]:
            if loop.parent is not None:
                ctx.loop_of[name] = loop.parent
    # A loop nothing reads (no Exit) has its stub last.
    unread = {made[0]["name"]: made for made in stubs.values() if made[0]["name"] not in placed}
    return args + out + [s for made in unread.values() for s in made], []


# Stands for a loop's While and its Exits' Identities while conds are found: a loop in a
# cond's branch is reached from the cond's Switches through it, and its readers, the
# cond's Merge among them, through its Exits. `_loop_node` makes the real nodes.
_LOOP_STUB = "_LoopStub"


def _loop_stubs(loops: list[_Loop]) -> dict[str, list[dict[str, Any]]]:
    """The stub nodes of each loop, by each of its Exits (the While's own name for a loop
    without one)."""
    stubs: dict[str, list[dict[str, Any]]] = {}
    for loop in loops:
        name = f"{loop.scope}/While"
        inputs = [v["init"] for v in loop.vars] + list(loop.invariants.values())
        made = [{"name": name, "op": _LOOP_STUB, "input": inputs}]
        made += [
            {"name": v["exit"], "op": _LOOP_STUB, "input": [f"{name}:{k}"]}
            for k, v in enumerate(loop.vars)
            if v["exit"]
        ]
        for key in [v["exit"] for v in loop.vars if v["exit"]] or [name]:
            stubs[key] = made
    return stubs


def _outer_ref(ref: str, loop: _Loop | None) -> str:
    """A tensor of `loop`'s frame (or outside every loop, None) as the lowered graph reads
    it: an argument for the frame's Merge or Switch, and through its invariants (which
    enter what an outer frame holds) the tensor of the frame holding it."""
    while loop is not None:
        name = ref.lstrip("^").removesuffix(":0")
        if name not in loop.invariants:
            return _renamed(ref, loop.args)
        ref, loop = loop.invariants[name], loop.parent
    return ref


def _renamed(ref: str, mapping: dict[str, str]) -> str:
    control = ref.startswith("^")
    bare = ref.lstrip("^")
    name = bare.removesuffix(":0")
    target = mapping.get(bare, mapping.get(name))
    if target is None:
        return ref
    return "^" + target.partition(":")[0] if control else target


def _loop_node(ctx: _Context, loop: _Loop, lowered: dict[str, list[str]]) -> list[dict]:
    """A While over the loop's condition's and body's lowered nodes (with the Ifs and
    Merges of the conds of its frame, and the Whiles and Exits of the loops nested in it,
    where no such cond holds them), and for each Exit an Identity of the While's output
    under the Exit's name."""
    cond_nodes, body_nodes = _loop_sides(ctx, loop, lowered)
    cond_args = [v["args"][0] for v in loop.vars]
    body_args = [v["args"][1] for v in loop.vars]
    inside = set(cond_nodes) | set(body_nodes)
    loop_cond = ctx.by_name.get(loop.loop_cond, {})
    cond_out, *body_outs = _past_switches(
        ctx,
        [
            _renamed_out(loop_cond.get("input", [""])[0], loop, 0),
            *(_renamed_out(v["next_input"], loop, 1) for v in loop.vars),
        ],
    )
    captures: dict[str, None] = {}
    for name in cond_nodes + body_nodes:
        for ref in ctx.doc_nodes.get(name, {}).get("inputs", []):
            if ref.partition(":")[0] not in inside:
                captures[ref] = None
    for ref in [cond_out, *body_outs]:
        if ref.partition(":")[0] not in inside:
            captures[ref] = None
    name = f"{loop.scope}/While"
    # A loop in a cond's branch reads the values the cond switches as they are.
    inits = _past_switches(ctx, [_outer_ref(v["init"], loop.parent) for v in loop.vars])
    made = [
        _doc_node(
            name,
            "While",
            inits + list(captures),
            [],
            {
                "cond": {"nodes": cond_nodes, "args": cond_args, "outputs": [cond_out]},
                "body": {"nodes": body_nodes, "args": body_args, "outputs": body_outs},
            },
        )
    ]
    made += [
        _doc_node(var["exit"], "Identity", [f"{name}:{k}"], [], {})
        for k, var in enumerate(loop.vars)
        if var["exit"]
    ]
    for node in made:  # the loop or cond around this one holds them
        ctx.doc_nodes[node["name"]] = node
        lowered[node["name"]] = [node["name"]]
    return made


def _loop_sides(ctx: _Context, loop: _Loop, lowered: dict) -> tuple[list[str], list[str]]:
    """The document nodes of the loop's condition and of its body, arguments first."""
    sides: dict[str, list[str]] = {
        "cond": [v["args"][0] for v in loop.vars],
        "body": [v["args"][1] for v in loop.vars],
    }
    conds = [c for c in ctx.conds.values() if ctx.loop_of.get(c.pred) is loop]
    in_conds = {name for c in conds for name in [*c.sides, *(m["name"] for m in c.merges)]}
    for side, names in (("cond", loop.cond), ("body", loop.body)):
        sides[side] += [m for t in names if t not in in_conds for m in lowered.get(t, [])]
    for c in conds:  # a cond of the frame, in no other cond of it: its If and Merges
        if c.merges and not any(c.pred in o.sides for o in conds if o is not c):
            side = "cond" if c.pred in loop.reach["cond"] else "body"
            sides[side] += [_if_name(c)] + [m["name"] for m in c.merges]
    for child, side in loop.children:
        if f"{child.scope}/While" not in in_conds:  # else a branch of a cond holds it
            sides[side] += [f"{child.scope}/While"] + [v["exit"] for v in child.vars if v["exit"]]
    return sides["cond"], sides["body"]


def _past_switches(ctx: _Context, refs: list[str]) -> list[str]:
    rewired = _rewired({"input": refs}, ctx.switches, ctx.switch_inputs)["input"]
    return [ref.removesuffix(":0") for ref in rewired]


class _Relaxed(Exception):
    """A loop variable's shape was relaxed: build again from the start."""


def shape_loop_args(out: list[dict[str, Any]]) -> None:
    """Give each While's argument Placeholders (in the document nodes `out`) the shapes
    `loop_arg_shapes` finds; left as they are if it finds none."""
    doc = {"format": serialization.FORMAT_V2, "nodes": out}
    parsed, _, n_ctrl = serialization.parse_document(doc, DEFAULT_LIMITS)
    shapes = loop_arg_shapes(parsed, n_ctrl, DEFAULT_LIMITS)
    for node in out:
        shape = shapes.get(node["name"]) if shapes else None
        if shape is not None:
            node["attrs"] = {**node.get("attrs", {}), "shape": list(shape)}


def with_loop_arg_shapes(
    parsed: dict[str, tuple], n_ctrl: dict[str, int], limits: Any, mapped: dict
) -> dict[str, tuple]:
    """`parsed` with its While arguments shaped again for the initial values an import's
    `input_map` (`mapped`, by document (node, index)) gives them: a mapped tensor may be
    less specific than the document's. Of unknown rank if no shapes are found."""
    shapes = loop_arg_shapes(parsed, n_ctrl, limits, mapped)
    out = dict(parsed)
    for name, (_, _, _, attrs) in parsed.items():
        for key in ("cond", "body") if parsed[name][0] == "While" else ():
            for arg in attrs[key].args:
                op_type, refs, crefs, arg_attrs = out[arg]
                shape = shapes.get(arg) if shapes is not None else None
                out[arg] = (op_type, refs, crefs, {**arg_attrs, "shape": shape})
    return out


def loop_arg_shapes(
    parsed: dict[str, tuple], n_ctrl: dict[str, int], limits: Any, mapped: dict | None = None
) -> dict[str, tuple | None] | None:
    """The shapes TF's shape inference gives each While's loop variables (its Merges), by
    argument Placeholder: the initial value's where the body's output fits it, else the two
    merged (a dim that differs unknown, a rank that differs unknown), to a fixed point. A
    TF GraphDef keeps no shape invariants; without these a loop's outputs had unknown rank
    and ops after the loop refused them. Each round relaxes some shape, a dim or the rank,
    so a variable of rank up to 8 settles within 9 rounds; past the bound, or for a
    document that does not build (whose import says why), None."""
    whiles = {
        name: list(zip(attrs["cond"].args, attrs["body"].args, strict=False))
        for name, (op_type, _, _, attrs) in parsed.items()
        if op_type == "While"
    }
    relaxed: dict[str, tuple | None] = {}
    for _ in range(1 + 9 * sum(len(pairs) for pairs in whiles.values())):
        try:
            return _built_arg_shapes(parsed, n_ctrl, limits, whiles, relaxed, mapped or {})
        except _Relaxed:
            continue
        except GraphgateError:
            return None
    return None


def _built_arg_shapes(
    parsed: dict[str, tuple],
    n_ctrl: dict[str, int],
    limits: Any,
    whiles: dict[str, list],
    relaxed: dict[str, tuple | None],
    mapped: dict,
) -> dict[str, tuple | None]:
    """Build the document in a scratch graph (under `s/`), each loop argument after its
    initial value and shaped as it (or as `relaxed`, by body argument); raises _Relaxed
    after relaxing a variable whose body output does not fit its argument. The arguments'
    shapes."""
    graph = Graph()
    inputs = {
        key: graph.create_op(
            "Placeholder", (), {"dtype": t.dtype, "shape": t.static_shape}, f"mapped_{k}"
        ).outputs[0]
        for k, (key, t) in enumerate(mapped.items())
    }

    def tensor(ref: tuple[str, int], reader: str) -> Any:
        mapped_input = inputs.get(ref)
        if mapped_input is not None:
            return mapped_input
        return serialization.output_of(graph, "s/", ref[0], ref[1], reader)

    parsed = dict(parsed)
    init_of: dict[str, tuple[str, tuple[str, int]]] = {}
    for name, pairs in whiles.items():
        for k, (cond_arg, body_arg) in enumerate(pairs):
            init = parsed[name][1][k]
            for arg in (cond_arg, body_arg):
                init_of[arg] = (body_arg, init)
                op_type, refs, crefs, attrs = parsed[arg]
                # Ordered after the initial value, not wired to it: crefs past n_ctrl.
                parsed[arg] = (op_type, refs, [*crefs, init[0]], attrs)
    shapes: dict[str, tuple | None] = {}

    def before(graph: Graph, name: str, entry: tuple) -> tuple:
        if name in init_of:
            var, init = init_of[name]
            shapes[name] = relaxed.get(var, tensor(init, name).static_shape)
            return (*entry[:3], {**entry[3], "shape": shapes[name]})
        if name in whiles:
            outputs = [tensor(ref, name).static_shape for ref in entry[3]["body"].outputs]
            _relax(outputs, whiles[name], shapes, relaxed)
        return entry

    order = serialization.topological_order(parsed)
    serialization.build_nodes(
        graph, parsed, order, n_ctrl, limits, "s/", inputs, collect=False, before=before
    )
    return shapes


def _relax(outputs: list, pairs: list, shapes: dict, relaxed: dict) -> None:
    changed = False
    for (_, body_arg), got in zip(pairs, outputs, strict=False):
        have = shapes[body_arg]
        if not _cf._fits(got, have):
            relaxed[body_arg] = _cf._merge_shapes(have, got)
            changed = True
    if changed:
        raise _Relaxed


def _renamed_out(ref: str, loop: _Loop, side: int) -> str:
    """An output of the condition or the body, read past the frame's Merges and Switches
    as its nodes are."""
    mapping = {}
    for v in loop.vars:
        mapping[v["merge"] if side == 0 else v["switch"] + ":1"] = v["args"][side]
    mapping.update(loop.resolved)
    return _renamed(ref, mapping).removesuffix(":0")


# -- TF 2 control flow: functional If and While as graphgate's -----------------------------------


def flow_nodes(ctx: _Context, flows: list[tf_functions.Flow]) -> list[dict[str, Any]]:
    """For each functional If or While (inner ones first) graphgate's op of the same name
    over its bodies' lowered nodes, taking every tensor from outside them it reads."""
    out = []
    for flow in flows:
        bodies = {side: _flow_body(ctx, part) for side, part in flow.bodies.items()}
        inside = {name for body in bodies.values() for name in body["nodes"]}
        captures: dict[str, None] = {}
        for body in bodies.values():
            for name in body["nodes"]:
                # A variable read inside is taken too: frozen, the read is of a constant.
                refs = ctx.doc_nodes.get(name, {}).get("inputs", [])
                captures |= dict.fromkeys(r for r in refs if r.partition(":")[0] not in inside)
            captures |= dict.fromkeys(
                r for r in body["outputs"] if r.partition(":")[0] not in inside
            )
        ctrl = [c.lstrip("^") for c in flow.control]
        if flow.kind == "If":
            attrs = {"then_branch": bodies["then"], "else_branch": bodies["else"]}
        else:
            attrs = {"cond": bodies["cond"], "body": bodies["body"]}
        node = _doc_node(flow.name, flow.kind, [*flow.inputs, *captures], ctrl, attrs)
        ctx.doc_nodes[flow.name] = node
        out.append(node)
    return out


def _flow_body(ctx: _Context, part: tf_functions.FlowBody) -> dict[str, Any]:
    body: dict[str, Any] = {
        "nodes": [m for t in part.nodes for m in ctx.lowered.get(t, [t])],
        "args": part.args,
        "outputs": [r.removesuffix(":0") for r in part.outputs],
    }
    if part.targets:
        body["targets"] = [ctx.lowered_names(t)[-1] for t in part.targets if ctx.lowered_names(t)]
    return body


# -- TensorArrays: TF's handle and flow, graphgate's array value -----------------------------------

# TF's TensorArray ops read and write through a handle and thread a scalar `flow`;
# graphgate's flow *is* the array (ops/tensor_array_ops.py). So the handle input goes, the
# flow input is the array, and a TensorArrayV3's flow output (:1) is its array (:0).
_TA_OPS = {
    "TensorArrayV3",
    "TensorArrayWriteV3",
    "TensorArrayScatterV3",
    "TensorArrayReadV3",
    "TensorArrayGatherV3",
    "TensorArraySizeV3",
}


def _ta_creator(ctx: _Context, ref: str) -> dict[str, Any]:
    """The TensorArrayV3 a handle (through Enters, Identities and Switches) comes from."""
    for _ in range(100):
        node = ctx.by_name.get(ref.lstrip("^").partition(":")[0], {})
        if node.get("op") == "TensorArrayV3":
            return node
        if node.get("op") not in ("Enter", "Identity", "Switch") or not node.get("input"):
            break
        ref = node["input"][0]
    raise Unsupported("its TensorArray handle does not come from a TensorArrayV3")


def _element_shape(node) -> list[int | None] | None:
    """A TensorArray node's element_shape; left out (a stripped default), unknown rank,
    not a scalar."""
    if not _has(node, "element_shape"):
        return None
    return tf_proto.shape_of(_attr(node, "element_shape").get("shape"))


def _tensor_array(node, data, ctrl, ctx):
    element = _element_shape(node)
    attrs = {"dtype": _dtype_name(_attr(node, "dtype"))}
    if element is not None:
        attrs["shape"] = [None, *element]
    return [_doc_node(node["name"], "TensorArrayV3", data[:1], ctrl, attrs)]


def flows_as_arrays(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every read of a TensorArrayV3's flow (`ta:1`) as a read of its array (`ta`)."""
    arrays = {n["name"] for n in nodes if n["op"] == "TensorArrayV3"}
    if not arrays:
        return nodes
    flows = {f"{a}:1": a for a in arrays}
    return [
        {**n, "input": [flows.get(r, r) for r in n.get("input", [])]} if "input" in n else n
        for n in nodes
    ]


def _flow_dtype(ctx: _Context, ref: str) -> dict[str, Any] | None:
    """The dtype attribute of the array a flow stands for, None for no flow."""
    node = ctx.by_name.get(ref.partition(":")[0], {})
    if node.get("op") not in _TA_OPS:
        return None
    creator = node if node["op"] == "TensorArrayV3" else _ta_creator(ctx, node["input"][0])
    return _attr(creator, "dtype")


def _ta_write(many: bool) -> Callable:
    def lower(node, data, ctrl, ctx):
        if len(data) != 4:
            raise Unsupported("a TensorArray write takes a handle, an index, a value and a flow")
        creator = _ta_creator(ctx, data[0])
        # Each element is written once per run, as in TF (a TensorList may be set again).
        attrs: dict[str, Any] = {"array": creator["name"], **({"many": True} if many else {})}
        if _attr(creator, "dynamic_size").get("b", False):
            attrs["dynamic_size"] = True
        flow = _flow(data[3])
        return [
            _doc_node(node["name"], "TensorArrayWriteV3", [flow, data[1], data[2]], ctrl, attrs)
        ]

    return lower


def _ta_read(many: bool) -> Callable:
    def lower(node, data, ctrl, ctx):
        if len(data) != 3:
            raise Unsupported("a TensorArray read takes a handle, an index and a flow")
        creator = _ta_creator(ctx, data[0])
        attrs: dict[str, Any] = {"many": True} if many else {}
        if _attr(creator, "clear_after_read").get("b", True):
            attrs["clears"] = creator["name"]  # a second read in one run fails, as in TF
        element = _element_shape(node)
        if element is not None and many:
            attrs["element_shape"] = element
        return [
            _doc_node(node["name"], "TensorArrayReadV3", [_flow(data[2]), data[1]], ctrl, attrs)
        ]

    return lower


def _ta_size(node, data, ctrl, ctx):
    if len(data) != 2:
        raise Unsupported("a TensorArray size takes a handle and a flow")
    _ta_creator(ctx, data[0])
    return [_doc_node(node["name"], "TensorArraySizeV3", [_flow(data[1])], ctrl, {})]


def _flow(ref: str) -> str:
    """A flow tensor, which is graphgate's array (`flows_as_arrays` renamed a
    TensorArrayV3's)."""
    return ref


# TF 2's TensorLists (its loops' lists, Keras' RNNs) are a variant tensor each op returns
# anew: graphgate's array value, `[size, *element]`, already. A list made of a tensor, or
# stacked into one, is that tensor.


def _tensor_list_reserve(node, data, ctrl, ctx):
    if len(data) != 2:
        raise Unsupported("TensorListReserve takes an element shape and a size")
    attrs = {"dtype": _dtype_name(_attr(node, "element_dtype"))}
    element = ctx.maybe_constant(data[0])
    if element is not None and element.ndim == 1:
        attrs["shape"] = [None, *(d if d >= 0 else None for d in element.tolist())]
    return [_doc_node(node["name"], "TensorArrayV3", data[1:], ctrl, attrs)]


def _tensor_list_item(write: bool) -> Callable:
    def lower(node, data, ctrl, ctx):
        if len(data) != 3:
            raise Unsupported("a TensorList item takes a list, an index and an item (shape)")
        if write:
            attrs = (
                {"dynamic_size": True}
                if _attr(node, "resize_if_index_out_of_bounds").get("b")
                else {}
            )
            return [_doc_node(node["name"], "TensorArrayWriteV3", data, ctrl, attrs)]
        attrs = {}
        element = ctx.maybe_constant(data[2])
        if element is not None and element.ndim == 1:
            attrs["element_shape"] = [d if d >= 0 else None for d in element.tolist()]
        return [_doc_node(node["name"], "TensorArrayReadV3", data[:2], ctrl, attrs)]

    return lower


def _tensor_list_as_tensor(node, data, ctrl, ctx):
    if len(data) != 2:
        raise Unsupported(f"{node['op']} takes a tensor and an element shape")
    element = ctx.maybe_constant(data[1])
    if node["op"] != "TensorListStack":
        return [_doc_node(node["name"], "Identity", data[:1], ctrl, {})]
    rows = None
    if element is not None and element.ndim == 1:
        rows = [d if d >= 0 else None for d in element.tolist()]
    # TF's stack fails a list of another length than its num_elements (a TF1
    # TensorArray(size=1) unstacking two rows, in a v2 graph); -1 takes any.
    count = _attr(node, "num_elements").get("i", -1)
    count = None if count < 0 else count
    if rows is not None and None not in rows:
        # A loop's list comes out of the loop as a value of unknown shape; TF knows its
        # elements' and graphgate's ops after may need the rank.
        shape = [count, *rows]
        return [_doc_node(node["name"], "EnsureShape", data[:1], ctrl, {"shape": shape})]
    # Every element gathered, so that a list of none fails as TF's stack fails (an
    # element shape not fully defined), never a guessed empty shape.
    name, rows_of = node["name"], f"{node['name']}/range"
    attrs = {"many": True, "stack": True, "tensor_list": True}
    if rows is not None:
        attrs["element_shape"] = rows
    # The length is checked where the elements' rank is known (an EnsureShape needs it).
    checked = count is not None and rows is not None
    made = [
        _doc_node(rows_of, "TensorArrayIndices", data[:1], [], {}),
        _doc_node(
            f"{name}/stacked" if checked else name,
            "TensorArrayReadV3",
            [data[0], rows_of],
            ctrl,
            attrs,
        ),
    ]
    if checked:
        shape = [count, *rows]
        made.append(_doc_node(name, "EnsureShape", [f"{name}/stacked"], [], {"shape": shape}))
    return made


def _tensor_list_length(node, data, ctrl, ctx):
    return [_doc_node(node["name"], "TensorArraySizeV3", data[:1], ctrl, {})]


LOWERINGS |= {
    "TensorListReserve": _tensor_list_reserve,
    "TensorListSetItem": _tensor_list_item(write=True),
    "TensorListGetItem": _tensor_list_item(write=False),
    "TensorListFromTensor": _tensor_list_as_tensor,
    "TensorListStack": _tensor_list_as_tensor,
    "TensorListLength": _tensor_list_length,
}

LOWERINGS |= {
    "TensorArrayV3": _tensor_array,
    "TensorArrayWriteV3": _ta_write(many=False),
    "TensorArrayScatterV3": _ta_write(many=True),
    "TensorArrayReadV3": _ta_read(many=False),
    "TensorArrayGatherV3": _ta_read(many=True),
    "TensorArraySizeV3": _ta_size,
}
