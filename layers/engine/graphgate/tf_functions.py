"""TF 2's function libraries inlined into one graph of NodeDefs, for `tf_graph` to map.

A TF 2 SavedModel's graph holds little but calls: its serving signature's outputs come
from a `(Stateful)PartitionedCall` of an `__inference_...` function, which calls others,
and its loops and conds are `While`/`If` nodes holding functions too. graphgate runs
none of TF's functions: each call is replaced by the called function's nodes (named
`<call>/<node>`), the function's arguments read as the call's inputs and the call's
outputs as one `IdentityN` under the call's name (a `NoOp`, its outputs read directly,
when it returns a variable handle, which no graphgate value holds). A functional `If` or
`While` becomes a `Flow`: its branches' (condition's and body's) nodes inlined the same
way, recorded so that `tf_graph` holds them in graphgate's `If`/`While` (a `Case` as Ifs
nested in their else branches). A loop variable that is a variable handle the body passes
on unchanged (how a loop reads a variable) is read outside the loop instead; one that is a
TensorList is graphgate's array value.

A hostile file may nest calls without end or call one function many times over: calls
nest at most `MAX_CALL_DEPTH` deep and inlining stops at `MAX_INLINED_NODES` nodes
(`GRAPH_TOO_LARGE`), checked as it goes, before anything is built — nodes placed, not
only emitted, since a flawed call is a listed problem that emits nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from . import tf_proto
from .errors import GraphgateError, error
from .tf_op_outputs import OUTPUT_ARGS

CALL_OPS = frozenset(("PartitionedCall", "StatefulPartitionedCall"))
IF_OPS = frozenset(("If", "StatelessIf"))
CASE_OPS = frozenset(("Case", "StatelessCase"))
WHILE_OPS = frozenset(("While", "StatelessWhile"))
# What cond_v2 wraps the intermediates a forward If's gradient reads in (extra outputs of
# the If: the taken branch's values, the other branch's none).
OPTIONAL_OPS = frozenset(("OptionalFromValue", "OptionalNone"))
# Nesting of calls (If and While bodies included): TF's own graphs nest a handful deep.
MAX_CALL_DEPTH = 32
# Nodes after inlining: a file of a few kilobytes may call a function calling another
# twice, 30 levels deep; this stops it at a size a serving graph never reaches.
MAX_INLINED_NODES = 100_000
_RESOURCE = 20
_VARIANT = 21


@dataclass
class FlowBody:
    """One branch, condition or loop body: its TF node names (an inner flow by its own
    name, not its nodes), its argument Placeholders, its outputs and the nodes it runs
    for their effects (a function's control outputs)."""

    nodes: list[str] = field(default_factory=list)
    args: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)


@dataclass
class Flow:
    """A functional If (inputs: the predicate) or While (inputs: the loop variables'
    initial values), and its bodies (`then`/`else`, `cond`/`body`)."""

    kind: str
    name: str
    inputs: list[str]
    control: list[str]
    bodies: dict[str, FlowBody]


@dataclass
class Inlined:
    nodes: list[dict[str, Any]]
    flows: list[Flow]  # inner ones first
    problems: list[dict[str, str]]


class _Problem(Exception):
    pass


class Library:
    """A graph's FunctionDefs by name, each decoded when first called: a Keras export's
    library holds ten times the functions its serving graph calls (training, per-layer
    and saving ones), and decoding them all was most of loading one."""

    def __init__(self, functions: list[dict[str, Any] | bytes]):
        self.raw: dict[str, dict[str, Any] | bytes] = {}
        for f in functions:
            head = (
                f if isinstance(f, dict) else tf_proto.decode(f, tf_proto.FUNCTION_NAME, _corrupt)
            )
            self.raw[head.get("signature", {}).get("name", "")] = f
        self.decoded: dict[str, dict[str, Any]] = {}

    def get(self, name: str) -> dict[str, Any] | None:
        found = self.raw.get(name)
        if found is None or isinstance(found, dict):
            return found
        if name not in self.decoded:
            self.decoded[name] = tf_proto.decode(found, tf_proto.FUNCTION_DEF, _corrupt)
        return self.decoded[name]


def library_of(functions: Any) -> Library:
    """`functions` as a Library (a list of FunctionDefs, decoded or not, or one already)."""
    return functions if isinstance(functions, Library) else Library(list(functions or []))


def _corrupt() -> Exception:
    return error(
        "INVALID_PROTO",
        "Error parsing message with type 'tensorflow.FunctionDef': Wire format was corrupt",
    )


def needs_inlining(nodes: list[dict[str, Any]]) -> bool:
    calls = CALL_OPS | IF_OPS | CASE_OPS | WHILE_OPS
    return any(n.get("op") in calls for n in nodes)


def inline(nodes: list[dict[str, Any]], functions: Any) -> Inlined:
    """The graph's `nodes` with every call, If, Case and While expanded from `functions`
    (a `Library`, or the library's FunctionDefs, decoded or not); problems listed as
    `tf_graph`'s are.

    Raises
    ------
    GraphgateError
        GRAPH_TOO_LARGE when calls nest deeper than MAX_CALL_DEPTH or the inlined graph
        would pass MAX_INLINED_NODES nodes; INVALID_PROTO for a called function's bytes
        that are no FunctionDef.
    """
    inliner = _Inliner(library_of(functions))
    top: list[str] = []
    for node in nodes:
        inliner.place(node, node.get("name", ""), list(node.get("input", [])), top, ())
    return inliner.finish()


def _too_large(what: str, limit: int) -> Exception:
    return error(
        "GRAPH_TOO_LARGE",
        f"the graph's functions {what}, more than graphgate inlines ({limit})",
        details={"limit": limit},
    )


class _Inliner:
    def __init__(self, library: Library):
        self.library = library
        self.nodes: list[dict[str, Any]] = []
        self.flows: list[Flow] = []
        self.problems: list[dict[str, str]] = []
        # Reads of a call's outputs that read the function's result directly (followed
        # until none applies), and reads of a While's outputs renumbered once its variable
        # handles are gone (applied once, after).
        self.subst: dict[str, str] = {}
        self.renumber: dict[str, str] = {}
        self.by_name: dict[str, dict[str, Any]] = {}
        self.placed = 0

    # -- one node ---------------------------------------------------------------------------

    def emit(self, node: dict[str, Any], members: list[str]) -> None:
        if len(self.nodes) >= MAX_INLINED_NODES:
            raise _too_large(f"inline to more than {MAX_INLINED_NODES} nodes", MAX_INLINED_NODES)
        self.nodes.append(node)
        self.by_name[node["name"]] = node
        members.append(node["name"])

    def list_attrs(self, ref: str) -> dict[str, Any]:
        """A Placeholder's attributes for the TensorList `ref` holds: graphgate's array of
        the list's element dtype, its shape `[None, *element]` where the op that made it
        (through Identities and writes) states the element's shape as a constant."""
        for _ in range(100):
            node = self.by_name.get(_node_of(ref), {})
            if "element_dtype" in node.get("attr", {}):
                attrs = {"dtype": node["attr"]["element_dtype"]}
                shape_at = {"TensorListReserve": 0, "TensorListFromTensor": 1}.get(node["op"])
                inputs = node.get("input", [])
                if shape_at is not None and shape_at < len(inputs):
                    element = self.by_name.get(_node_of(inputs[shape_at]), {})
                    dims = _constant_ints(element)
                    if dims is not None:
                        sizes = [{"size": -1}] + [{"size": d if d >= 0 else -1} for d in dims]
                        attrs["shape"] = {"shape": {"dim": sizes}}
                return attrs
            if node.get("op") not in ("Identity", "TensorListSetItem") or not node.get("input"):
                break
            ref = node["input"][0]
        raise _Problem("a TensorList loop variable not made by a TensorList op")

    def place(self, node: dict, name: str, inputs: list[str], members: list[str], stack: tuple):
        op = node.get("op", "")
        # Calls that fail emit nothing, and two of them per level of 30 are 2**30 calls.
        self.placed += 1
        if self.placed > MAX_INLINED_NODES:
            raise _too_large(f"inline to more than {MAX_INLINED_NODES} nodes", MAX_INLINED_NODES)
        try:
            if op in CALL_OPS:
                self.call(node, name, inputs, members, stack)
            elif op in IF_OPS:
                self.if_(node, name, inputs, members, stack)
            elif op in CASE_OPS:
                self.case(node, name, inputs, members, stack)
            elif op in WHILE_OPS:
                self.while_(node, name, inputs, members, stack)
            else:
                self.emit({**node, "name": name, "input": inputs}, members)
        except _Problem as exc:
            self.problems.append({"node": name, "op": op, "reason": str(exc)})

    def function(self, node: dict[str, Any], attr: str, stack: tuple) -> dict[str, Any]:
        fname = node.get("attr", {}).get(attr, {}).get("func", {}).get("name", "")
        return self.lookup(fname, stack)

    def lookup(self, fname: str, stack: tuple) -> dict[str, Any]:
        fdef = self.library.get(fname)
        if fdef is None:
            raise _Problem(f"it calls {fname!r}, which the graph's function library lacks")
        if fname in stack:
            raise _Problem(f"{fname!r} calls itself")
        if len(stack) >= MAX_CALL_DEPTH:
            raise _too_large(f"nest calls more than {MAX_CALL_DEPTH} deep", MAX_CALL_DEPTH)
        return fdef

    # -- calls ------------------------------------------------------------------------------

    def call(self, node, name, inputs, members, stack):
        data, ctrl = _split(inputs)
        self.called(self.function(node, "f", stack), name, data, ctrl, members, stack)

    def called(self, fdef, name, data, ctrl, members, stack) -> None:
        """`fdef` inlined under `name`, its results `name`'s outputs."""
        rets, targets = self.body(fdef, name, data, ctrl, members, stack)
        types = [a.get("type", 0) for a in fdef.get("signature", {}).get("output_arg", [])]
        control = ["^" + t for t in targets]
        if _RESOURCE in types or not rets:
            # Its outputs are read as the function's results; the NoOp stands for its end.
            control += ["^" + _node_of(r) for r in rets]
            self.emit({"name": name, "op": "NoOp", "input": control}, members)
            for k, ref in enumerate(rets):
                self.subst[f"{name}:{k}"] = ref
            return
        self.emit({"name": name, "op": "IdentityN", "input": rets + control}, members)

    def body(self, fdef, prefix, args, ctrl, members, stack) -> tuple[list[str], list[str]]:
        """Inline `fdef` under `prefix` reading `args`: its results' refs and the nodes
        of its control outputs."""
        signature = fdef.get("signature", {})
        stack = (*stack, signature.get("name", ""))
        arg_defs = signature.get("input_arg", [])
        if len(arg_defs) != len(args):
            raise _Problem(
                f"it passes {len(args)} inputs to {signature.get('name')!r}, "
                f"which takes {len(arg_defs)}"
            )
        scope = _Scope(prefix, {a.get("name", ""): r for a, r in zip(arg_defs, args, strict=True)})
        scope.nodes = {n.get("name", ""): n for n in fdef.get("node_def", [])}
        for n in fdef.get("node_def", []):
            try:
                inputs = [scope.ref(r) for r in n.get("input", [])]
            except _Problem as exc:
                self.problems.append(
                    {
                        "node": f"{prefix}/{n.get('name', '')}",
                        "op": n.get("op", ""),
                        "reason": str(exc),
                    }
                )
                continue
            if ctrl and not any(not r.startswith("^") for r in n.get("input", [])):
                inputs += ctrl  # what the call waited for, its nodes reading no input wait for
            self.place(n, f"{prefix}/{n.get('name', '')}", inputs, members, stack)
        rets = fdef.get("ret", {})
        outs = []
        for a in signature.get("output_arg", []):
            if a.get("name") not in rets:
                raise _Problem(f"{signature.get('name')!r} does not return {a.get('name')!r}")
            outs.append(scope.ref(rets[a["name"]]))
        for target in fdef.get("control_ret", {}).values():
            if target not in scope.nodes:
                raise _Problem(f"{signature.get('name')!r} runs {target!r}, which it lacks")
        return outs, [f"{prefix}/{t}" for t in fdef.get("control_ret", {}).values()]

    # -- functional control flow -------------------------------------------------------------

    def if_(self, node, name, inputs, members, stack):
        data, ctrl = _split(inputs)
        if not data:
            raise _Problem("an If without a predicate")
        bodies = {
            side: self.branch(self.function(node, attr, stack), f"{name}/{side}", data[1:], stack)
            for side, attr in (("then", "then_branch"), ("else", "else_branch"))
        }
        self.flow_if(name, data[0], ctrl, bodies["then"], bodies["else"], members)

    def flow_if(self, name, pred, ctrl, then, other, members) -> None:
        if len(then.outputs) != len(other.outputs):
            raise _Problem("its branches return different numbers of outputs")
        self.flows.append(Flow("If", name, [pred], ctrl, {"then": then, "else": other}))
        members.append(name)

    def branch(self, fdef, prefix, args, stack) -> FlowBody:
        if _RESOURCE in [a.get("type", 0) for a in fdef.get("signature", {}).get("output_arg", [])]:
            raise _Problem("a branch returning a variable handle")
        part = FlowBody()
        part.outputs, part.targets = self.body(fdef, prefix, args, [], part.nodes, stack)
        return part

    def case(self, node, name, inputs, members, stack):
        """TF's Case (`tf.switch_case`) as Ifs nested in their else branches: branch k
        where the index is k, the last one for any other index, as TF's."""
        data, ctrl = _split(inputs)
        funcs = node.get("attr", {}).get("branches", {}).get("list", {}).get("func", [])
        if not data or not funcs:
            raise _Problem("a Case without a branch index or branches")
        fdefs = [self.lookup(f.get("name", ""), stack) for f in funcs]
        if len(fdefs) == 1:
            self.called(fdefs[0], name, data[1:], ctrl, members, stack)
            return
        self.case_level(name, data[0], data[1:], fdefs, 0, ctrl, members, stack)

    def case_level(self, name, index, args, fdefs, offset, ctrl, members, stack) -> None:
        value = {"dtype": 3, "tensor_shape": {}, "int_val": [offset]}
        self.emit(
            {"name": f"{name}/index", "op": "Const", "attr": {"value": {"tensor": value}}}, members
        )
        self.emit(
            {"name": f"{name}/taken", "op": "Equal", "input": [index, f"{name}/index"]}, members
        )
        then = self.branch(fdefs[0], f"{name}/branch_{offset}", args, stack)
        if len(fdefs) == 2:
            other = self.branch(fdefs[1], f"{name}/branch_{offset + 1}", args, stack)
        else:
            other, inner = FlowBody(), f"{name}/others"
            self.case_level(inner, index, args, fdefs[1:], offset + 1, [], other.nodes, stack)
            other.outputs = [f"{inner}:{i}" for i in range(len(then.outputs))]
        self.flow_if(name, f"{name}/taken", ctrl, then, other, members)

    def while_(self, node, name, inputs, members, stack):
        data, ctrl = _split(inputs)
        cond_def = self.function(node, "cond", stack)
        body_def = self.function(node, "body", stack)
        arg_defs = body_def.get("signature", {}).get("input_arg", [])
        if len(arg_defs) != len(data):
            raise _Problem(f"{len(data)} loop variables for a body of {len(arg_defs)}")
        handles = _passed_handles(body_def, arg_defs)
        kept = [k for k in range(len(data)) if k not in handles]
        shapes = self.invariants(node, arg_defs, kept)
        bodies = {}
        for side, fdef in (("cond", cond_def), ("body", body_def)):
            part = FlowBody()
            args = list(data)
            for k in kept:
                args[k] = f"{name}/{side}_arg_{k}"
                attr = {"dtype": {"type": arg_defs[k].get("type", 0)}}
                if attr["dtype"]["type"] == _VARIANT:  # a TensorList: graphgate's array
                    attr = self.list_attrs(data[k])
                elif k in shapes:  # TF's shape invariant: a body's ops may need its rank
                    attr["shape"] = {"shape": shapes[k]}
                self.emit({"name": args[k], "op": "Placeholder", "attr": attr}, part.nodes)
                part.args.append(args[k])
            results, part.targets = self.body(fdef, f"{name}/{side}", args, [], part.nodes, stack)
            part.outputs = results[:1]
            if side == "body":
                part.outputs = [self.fitted(results[k], shapes.get(k), part.nodes) for k in kept]
            bodies[side] = part
        for j, k in enumerate(kept):
            if j != k:
                self.renumber[f"{name}:{k}"] = f"{name}:{j}"
        for k in handles:
            self.subst[f"{name}:{k}"] = data[k]
        inits = [self.fitted(data[k], shapes.get(k), members, f"{name}/init_{k}") for k in kept]
        self.flows.append(Flow("While", name, inits, ctrl, bodies))
        members.append(name)

    @staticmethod
    def invariants(node: dict, arg_defs: list[dict], kept: list[int]) -> dict[int, dict]:
        """TF's shape invariant of each kept loop variable of known rank (not a list's)."""
        shapes = node.get("attr", {}).get("output_shapes", {}).get("list", {}).get("shape", [])
        return {
            k: shapes[k]
            for k in kept
            if k < len(shapes)
            and not shapes[k].get("unknown_rank")
            and arg_defs[k].get("type", 0) != _VARIANT
        }

    def fitted(self, ref: str, shape: dict | None, members: list[str], name: str = "") -> str:
        """`ref` held to the loop's shape invariant (an EnsureShape): graphgate's loop wants
        its values at least as specific as the invariant, and TF's shape inference may
        know more than graphgate's."""
        if shape is None:
            return ref
        held = self.by_name.get(_node_of(ref), {})
        if held.get("op") == "EnsureShape" and held.get("attr", {}).get("shape") == {
            "shape": shape
        }:
            return ref  # held to it already: graphgate's own loop written back
        name = name or f"{_node_of(ref)}/invariant"
        # The same EnsureShape made before serves again; a node the graph has under that
        # name (graphgate's own `while/init_4` written back, of another value) does not.
        while name in self.by_name:
            if (
                self.by_name[name].get("input") == [ref]
                and self.by_name[name]["op"] == "EnsureShape"
            ):
                return name
            name += "_"
        node = {
            "name": name,
            "op": "EnsureShape",
            "input": [ref],
            "attr": {"shape": {"shape": shape}},
        }
        self.emit(node, members)
        return name

    # -- the end ------------------------------------------------------------------------------

    def finish(self) -> Inlined:
        for node in self.nodes:
            if "input" in node:
                node["input"] = [self.resolve(r) for r in node["input"]]
        for flow in self.flows:
            flow.inputs = [self.resolve(r) for r in flow.inputs]
            flow.control = [self.resolve(r) for r in flow.control]
            for part in flow.bodies.values():
                part.outputs = [self.resolve(r) for r in part.outputs]
        self.drop_unread_optionals()
        return Inlined(self.nodes, self.flows, self.problems)

    def drop_unread_optionals(self) -> None:
        """A forward If's trailing outputs that cond_v2 made for its gradient (an Optional
        from each branch) and nothing reads are left out, with the nodes making them: a
        graph cut to its serving signature (what TF Serving runs) of a net TF trained
        through a cond (batch norm and dropout under a `training` tensor) then imports,
        its If computing what the signature reads. Read, they stay and are refused by
        name: graphgate has no Optional values. Repeated while any goes, as an outer If's
        Optional may hold an inner one's."""
        for _ in range(MAX_CALL_DEPTH + 1):  # one round per level of nesting
            reads = Counter(
                _canonical(r) for n in self.nodes for r in n.get("input", ()) if r[:1] != "^"
            )
            for flow in self.flows:
                reads.update(_canonical(r) for r in flow.inputs)
                for part in flow.bodies.values():
                    reads.update(_canonical(r) for r in part.outputs)
            dropped = set()
            for flow in self.flows:
                if flow.kind == "If":
                    dropped |= self.unread_optionals(flow, reads)
            if not dropped:
                return
            self.nodes = [n for n in self.nodes if n["name"] not in dropped]
            for flow in self.flows:
                for part in flow.bodies.values():
                    part.nodes = [n for n in part.nodes if n not in dropped]

    def unread_optionals(self, flow: Flow, reads: Counter) -> set[str]:
        """`flow`'s trailing outputs nothing reads whose both branches' values are Optionals
        read only there, cut from its branches; the names of those Optional nodes."""
        then, other = flow.bodies["then"], flow.bodies["else"]
        keep, dropped = len(then.outputs), set()
        while keep and not reads[f"{flow.name}:{keep - 1}"]:
            refs = [_canonical(part.outputs[keep - 1]) for part in (then, other)]
            made = [self.by_name.get(_node_of(r), {}) for r in refs]
            if any(
                m.get("op") not in OPTIONAL_OPS or reads[r] != 1
                for m, r in zip(made, refs, strict=True)
            ):
                break  # an Optional some node reads, or a value graphgate computes
            dropped.update(m["name"] for m in made)
            keep -= 1
        then.outputs, other.outputs = then.outputs[:keep], other.outputs[:keep]
        return dropped

    def resolve(self, ref: str) -> str:
        control = ref.startswith("^")
        bare = _canonical(ref.lstrip("^"))
        for _ in range(MAX_CALL_DEPTH * 4):
            found = self.subst.get(bare)
            if found is None:
                break
            bare = _canonical(found)
        bare = self.renumber.get(bare, bare)
        if control:
            return "^" + bare.partition(":")[0]
        return bare.removesuffix(":0")


class _Scope:
    """A function body's names as the graph's: its arguments are the call's inputs, its
    nodes `<prefix>/<node>`, `node:arg:index` the flat output it stands for."""

    def __init__(self, prefix: str, args: dict[str, str]):
        self.prefix = prefix
        self.args = args
        self.nodes: dict[str, dict[str, Any]] = {}

    def ref(self, ref: str) -> str:
        if ref.startswith("^"):
            name = ref[1:]
            if name in self.args:
                return "^" + _node_of(self.args[name])
            if name not in self.nodes:
                raise _Problem(f"it waits for {name!r}, which its function lacks")
            return f"^{self.prefix}/{name}"
        parts = ref.split(":")
        if len(parts) == 1 and ref in self.args:
            return self.args[ref]
        if len(parts) != 3 or parts[0] not in self.nodes or not parts[2].isdigit():
            raise _Problem(f"it reads {ref!r}, which is neither an argument nor a node's output")
        index = output_index(self.nodes[parts[0]], parts[1], int(parts[2]))
        return f"{self.prefix}/{parts[0]}:{index}"


def restored_variables(call: dict[str, Any], functions: Any) -> dict[str, str]:
    """What running a TF 2 SavedModel's restore op (`saver_def.restore_op_name`, a call of
    `__inference__traced_restore_...`) restores: each checkpoint key (the object graph's,
    `.../.ATTRIBUTES/VARIABLE_VALUE`) to the variable node it is assigned to, read from
    the function's RestoreV2 and AssignVariableOps. Empty when the op is no such call."""
    fname = call.get("attr", {}).get("f", {}).get("func", {}).get("name", "")
    fdef = library_of(functions).get(fname)
    if call.get("op") not in CALL_OPS or fdef is None:
        return {}
    data, _ = _split(call.get("input", []))
    arg_defs = fdef.get("signature", {}).get("input_arg", [])
    args = {a.get("name", ""): _node_of(r) for a, r in zip(arg_defs, data, strict=False)}
    nodes = {n.get("name", ""): n for n in fdef.get("node_def", [])}
    out = {}
    for node in fdef.get("node_def", []):
        if node.get("op") != "AssignVariableOp" or len(node.get("input", [])) < 2:
            continue
        handle, value = node["input"][:2]
        source = _restored(nodes, value)
        if handle in args and source is not None:
            out[source] = args[handle]
    return out


def _restored(nodes: dict[str, dict[str, Any]], ref: str) -> str | None:
    """The checkpoint key of the RestoreV2 output `ref` reads (through Identities)."""
    for _ in range(100):
        name, _, rest = ref.partition(":")
        node = nodes.get(name, {})
        if node.get("op") == "Identity" and node.get("input"):
            ref = node["input"][0]
            continue
        if node.get("op") != "RestoreV2" or len(node.get("input", [])) < 2:
            return None
        names = nodes.get(node["input"][1].partition(":")[0], {})
        tensor = names.get("attr", {}).get("value", {}).get("tensor", {})
        keys = tensor.get("string_val", [])
        index = int(rest.rpartition(":")[2] or 0)
        if names.get("op") != "Const" or index >= len(keys):
            return None
        return keys[index].decode("utf-8", "replace")
    return None


def output_index(node: dict[str, Any], arg: str, index: int) -> int:
    """The flat output of `node` that its output argument `arg`'s `index`-th is."""
    specs = OUTPUT_ARGS.get(node.get("op", ""))
    if specs is None:
        return index  # one output argument: its outputs are the node's
    flat = 0
    for spec in specs:
        name, count = _arg_count(node, spec)
        if name == arg:
            if index >= count:
                raise _Problem(f"it reads output {index} of {arg!r}, which has {count}")
            return flat + index
        flat += count
    raise _Problem(f"{node.get('op')} has no output {arg!r}")


def _arg_count(node: dict[str, Any], spec: str) -> tuple[str, int]:
    attrs = node.get("attr", {})
    if "*" in spec:
        name, _, attr = spec.partition("*")
        return name, attrs.get(attr, {}).get("i", 0)
    if "+" in spec:
        name, _, attr = spec.partition("+")
        return name, len(attrs.get(attr, {}).get("list", {}).get("type", []))
    return spec, 1


def _passed_handles(body_def: dict[str, Any], arg_defs: list[dict[str, Any]]) -> set[int]:
    """The loop variables that are variable handles, which the body must pass on as they
    are (how TF 2's loops read variables)."""
    handles = {k for k, a in enumerate(arg_defs) if a.get("type", 0) == _RESOURCE}
    rets = body_def.get("ret", {})
    outs = body_def.get("signature", {}).get("output_arg", [])
    for k in handles:
        if len(outs) <= k or rets.get(outs[k].get("name")) != arg_defs[k].get("name"):
            raise _Problem("a loop variable holding a variable handle its body replaces")
    return handles


def _constant_ints(node: dict[str, Any]) -> list[int] | None:
    """The values of a Const node of a 1-d int tensor, None for anything else."""
    if node.get("op") != "Const":
        return None
    tensor = node.get("attr", {}).get("value", {}).get("tensor", {})
    if tensor.get("dtype") not in (3, 9):
        return None
    try:
        value = tf_proto.tensor_value(tensor, _corrupt)
    except GraphgateError:
        return None
    return [int(v) for v in value.tolist()] if value.ndim == 1 else None


def _split(inputs: list[str]) -> tuple[list[str], list[str]]:
    return [r for r in inputs if not r.startswith("^")], [r for r in inputs if r.startswith("^")]


def _node_of(ref: str) -> str:
    return ref.lstrip("^").partition(":")[0]


def _canonical(ref: str) -> str:
    return ref if ":" in ref else ref + ":0"
