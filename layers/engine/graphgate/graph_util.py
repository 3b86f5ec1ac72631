"""Graph rewriting for serving: TensorFlow 1.x's `tf.graph_util`.

`convert_variables_to_constants` freezes a graph: it keeps only the nodes the named
outputs need and replaces each variable among them by a `Const` of the same name holding
the variable's value in a session. The result is a graph document that needs no session
state, so it can be stored, shipped and served as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .errors import error
from .graph import Graph
from .meta_graph import GraphDef, import_graph_def  # noqa: F401 - TF1's graph_util name
from .ops import registry as _registry
from .serialization import body_node_names, encode_tensor, graph_to_dict

_VARIABLE_OPS = frozenset(("VariableV2",))


def extract_sub_graph(graph_def: dict[str, Any], dest_nodes: Iterable[str]) -> GraphDef:
    """The document with only the nodes `dest_nodes` need (inputs, control inputs and the
    nodes of their loops' and conds' bodies, transitively), in their original order, as
    TF1's `extract_sub_graph`; a `GraphDef` (a dict that reads as TF's: `.node`,
    `SerializeToString()`).

    Raises
    ------
    InvalidArgumentError
        INVALID_FETCH if `dest_nodes` is a string rather than a list of names.
    NotFoundError
        UNKNOWN_FETCH naming a destination that is not a node of the graph (a tensor
        name such as ``y:0`` is not a node name, as in TensorFlow).
    """
    if isinstance(dest_nodes, str):
        raise error(
            "INVALID_FETCH",
            f"dest_nodes must be an iterable of strings, but got type {type(dest_nodes)}.",
        )
    dest_nodes = list(dest_nodes)
    nodes = graph_def.get("nodes", [])
    by_name = {node["name"]: node for node in nodes}
    for name in dest_nodes:
        if name not in by_name:
            raise error("UNKNOWN_FETCH", f"{name} is not in graph", node=str(name))
    needed: set[str] = set()
    todo = list(dest_nodes)
    while todo:
        name = todo.pop()
        if name in needed:
            continue
        needed.add(name)
        node = by_name[name]
        todo.extend(_node_name(ref) for ref in node.get("inputs", []))
        todo.extend(node.get("control_inputs", []))
        todo.extend(body_node_names(node))
    kept = [node for node in nodes if node["name"] in needed]
    return GraphDef({**graph_def, "nodes": kept})


def convert_variables_to_constants(
    sess: Any,
    input_graph_def: Graph | dict[str, Any],
    output_node_names: Iterable[str],
    variable_names_whitelist: Iterable[str] | None = None,
    variable_names_blacklist: Iterable[str] | None = None,
) -> GraphDef:
    """Freeze a graph: its variables replaced by constants holding their values in `sess`.

    As TensorFlow 1.x's `tf.graph_util.convert_variables_to_constants`: only the nodes
    the outputs need are kept, in their original order; every kept variable (narrowed
    by the whitelist and blacklist) becomes a `Const` of the same name with the value
    it has in `sess`; a `ReadVariableOp` of a frozen variable becomes an `Identity`.
    Every other node is copied unchanged.

    Parameters
    ----------
    sess:
        The `gg.Session` holding the variables' values.
    input_graph_def:
        A `gg.Graph` or its `graphgate.graph/v1` document (the engine's GraphDef).
    output_node_names:
        Names of the output operations (``"y"``, not ``"y:0"``).
    variable_names_whitelist, variable_names_blacklist:
        Freeze only these variables / none of these.

    Returns
    -------
    GraphDef
        The frozen `graphgate.graph/v1` document (a dict), readable as TF's `GraphDef`
        (`.node`, `SerializeToString()`), as the freeze-write-load idiom needs.

    Raises
    ------
    NotFoundError
        UNKNOWN_FETCH for an output that is not a node of the graph.
    FailedPreconditionError
        UNINITIALIZED_VARIABLE for a variable to freeze that has no value in `sess`.
    InvalidArgumentError
        NOT_FREEZABLE when an output needs an op that updates a variable being frozen
        (an `Assign`, an optimizer's update): TensorFlow would return a graph that no
        longer imports; graphgate says so at once.
    """
    document = (
        graph_to_dict(input_graph_def) if isinstance(input_graph_def, Graph) else input_graph_def
    )
    inference = extract_sub_graph(document, output_node_names)
    allowed = set(variable_names_whitelist) if variable_names_whitelist is not None else None
    denied = set(variable_names_blacklist or ())
    frozen = {
        node["name"]
        for node in inference["nodes"]
        if node["op"] in _VARIABLE_OPS
        and (allowed is None or node["name"] in allowed)
        and node["name"] not in denied
    }
    values = _values(sess, frozen)
    kept = {node["name"] for node in inference["nodes"]}
    nodes = [_converted(node, frozen, values, kept) for node in inference["nodes"]]
    return GraphDef({**inference, "nodes": nodes})


def _values(sess: Any, names: set[str]) -> dict[str, Any]:
    current = sess.get_variables()
    for name in sorted(names):
        if name not in current:
            raise error(
                "UNINITIALIZED_VARIABLE",
                f"Attempting to use uninitialized value {name}",
                node=name,
            )
    return {name: current[name] for name in names}


def _converted(
    node: dict[str, Any], frozen: set[str], values: dict[str, Any], kept: set[str]
) -> dict[str, Any]:
    name, op = node["name"], node["op"]
    if name in frozen:
        return {
            "name": name,
            "op": "Const",
            "attrs": {"value": encode_tensor(values[name], b64=True)},
        }
    inputs = node.get("inputs", [])
    definition = _registry.known(op)
    if (
        definition is not None
        and definition.ref_input
        and inputs
        and _node_name(inputs[0]) in frozen
    ):
        if op != "ReadVariableOp":
            raise error(
                "NOT_FREEZABLE",
                f"{name} ({op}) updates variable {_node_name(inputs[0])}, which is being "
                "frozen; freeze the outputs of inference, not of training",
                node=name,
                details={"op": op, "variable": _node_name(inputs[0])},
            )
        converted = {"name": name, "op": "Identity", "inputs": inputs}
        if node.get("control_inputs"):
            converted["control_inputs"] = node["control_inputs"]
        return converted
    attrs = node.get("attrs") or {}
    initializer = attrs.get("initializer")
    if op in _VARIABLE_OPS and initializer is not None and initializer not in kept:
        # A variable left unfrozen keeps its initializer only if the initializer was
        # kept too; otherwise the document would name a node it no longer has.
        attrs = {k: v for k, v in attrs.items() if k != "initializer"}
        return {**node, "attrs": attrs}
    return node


def _node_name(ref: str) -> str:
    name, sep, index = ref.rpartition(":")
    return name if sep and index.isdigit() else ref


def remove_training_nodes(
    input_graph: dict[str, Any], protected_nodes: Iterable[str] | None = None
) -> GraphDef:
    """TF1's `tf.graph_util.remove_training_nodes`: the document without its
    `CheckNumerics` nodes and with its `Identity` nodes spliced out (each consumer reads
    the Identity's input instead), except `protected_nodes` and the Identities that have
    control inputs or are one. Nodes keep their order.

    Raises
    ------
    InvalidArgumentError
        NOT_FREEZABLE where a node reads a CheckNumerics' output: TF drops that input and
        returns a graph that no longer imports; graphgate says so at once.
    """
    protected = set(protected_nodes or ())
    nodes = input_graph.get("nodes", [])
    removed = {
        n["name"] for n in nodes if n["op"] == "CheckNumerics" and n["name"] not in protected
    }
    kept = [n for n in nodes if n["name"] not in removed]
    for node in kept:
        lost = [ref for ref in node.get("inputs", []) if ref in removed]
        if lost:
            raise error(
                "NOT_FREEZABLE",
                f"remove_training_nodes would drop input {lost[0]} of {node['name']} (TF "
                "leaves it out and the graph no longer imports): protect it or remove the "
                "check_numerics yourself",
                node=node["name"],
            )
    kept = [_without_control(node, removed) for node in kept]
    control = {c for node in kept for c in node.get("control_inputs", [])}
    with_control = {node["name"] for node in kept if node.get("control_inputs")}
    spliced = {
        node["name"]: node["inputs"][0]
        for node in kept
        if node["op"] == "Identity"
        and node["name"] not in protected | with_control | control
        and node.get("inputs")
    }
    out = [_spliced(node, spliced) for node in kept if node["name"] not in spliced]
    return GraphDef({**input_graph, "nodes": out})


def _without_control(node: dict[str, Any], removed: set[str]) -> dict[str, Any]:
    controls = [c for c in node.get("control_inputs", []) if c not in removed]
    if controls == node.get("control_inputs", []):
        return node
    changed = {**node, "control_inputs": controls}
    if not controls:
        del changed["control_inputs"]
    return changed


def _spliced(node: dict[str, Any], spliced: dict[str, str]) -> dict[str, Any]:
    def source(ref: str) -> str:
        while ref in spliced:
            ref = spliced[ref]
        return ref

    if not any(ref in spliced for ref in node.get("inputs", [])):
        return node
    return {**node, "inputs": [source(ref) for ref in node["inputs"]]}


def tensor_shape_from_node_def_name(graph: Graph, input_name: str) -> Any:
    """TF1's `tf.graph_util.tensor_shape_from_node_def_name`: the static shape of the
    tensor `input_name` names (its output 0 where no `:n` is given)."""
    name = input_name if ":" in input_name else input_name + ":0"
    return graph.get_tensor_by_name(name).get_shape()
