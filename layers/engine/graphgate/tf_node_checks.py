"""TF's own checks of a GraphDef on import (TF 2.21's `import_graph_def`), made before
graphgate reads it, so that a GraphDef TF refuses is refused, never computed: the
graph's versions; each node's input syntax; and, for an op whose OpDef graphgate holds
(`tf_op_defs`), its attributes (of the kind the OpDef says, a dtype TF knows) and its
inputs (as many as the signature takes, each of the dtype it declares).

graphgate otherwise infers what a node's dtype attributes restate (`tf_graph`'s
`_IGNORED`), which would compute a node whose `T` contradicts its inputs.
"""

from __future__ import annotations

from typing import Any

from .errors import GraphgateError, error
from .tf_op_defs import OP_DEFS

# The consumer version TF 2.21 reads GraphDefs as (TF_GRAPH_DEF_VERSION), which
# graphgate's importer stands for: a GraphDef asking for a later one, or disallowing
# this one, is refused as TF refuses it.
GRAPH_DEF_VERSION = 2474

# An OpDef attribute's kind: the AttrValue field holding it.
_FIELD = {
    "type": "type",
    "int": "i",
    "bool": "b",
    "string": "s",
    "float": "f",
    "shape": "shape",
    "tensor": "tensor",
    "func": "func",
}
_FIELD_NAMES = {"i": "an int", "b": "a bool", "s": "a string", "f": "a float"}
_FIELD_NAMES |= {"type": "a type", "shape": "a shape", "tensor": "a tensor"}
_FIELD_NAMES |= {"func": "a function", "list": "a list"}

# DataType enums TF 2.21 defines (DT_FLOAT 1 ... DT_UINT2 32; a _REF type adds 100).
_DTYPES = range(1, 33)


def invalid(problems: list[dict[str, str]]) -> GraphgateError:
    n = len(problems)
    listing = "; ".join(f"{p['node']} ({p['op']}): {p['reason']}" for p in problems[:20])
    more = f"; and {n - 20} more" if n > 20 else ""
    return error(
        "TF_GRAPH_INVALID",
        f"the GraphDef has {n} node{'s' if n != 1 else ''} TensorFlow refuses to import: "
        f"{listing}{more}",
        node=problems[0]["node"],
        details={"problems": problems},
    )


def check_versions(versions: dict[str, Any]) -> None:
    """TF_GRAPH_INVALID for a GraphDef whose `versions` TF 2.21 refuses."""
    min_consumer = versions.get("min_consumer", 0)
    if min_consumer > GRAPH_DEF_VERSION:
        raise error(
            "TF_GRAPH_INVALID",
            f"GraphDef min consumer version {min_consumer} above current version "
            f"{GRAPH_DEF_VERSION} for TensorFlow 2.21",
            details={"problems": []},
        )
    if GRAPH_DEF_VERSION in versions.get("bad_consumers", []):
        raise error(
            "TF_GRAPH_INVALID",
            f"GraphDef disallows consumer version {GRAPH_DEF_VERSION}",
            details={"problems": []},
        )


def problems(nodes: list[dict[str, Any]]) -> list[dict[str, str]]:
    """What TF's import refuses in each node (decoded NodeDefs), one problem a node."""
    by_name = {n.get("name", ""): n for n in nodes}
    out = []
    for node in nodes:
        reason = _inputs_problem(node) or _op_def_problem(node, by_name)
        if reason:
            out.append({"node": node.get("name", ""), "op": node.get("op", ""), "reason": reason})
    return out


def known_attrs(node: dict[str, Any]) -> dict[str, Any]:
    """The node without attributes its op's OpDef lacks (other than TF's private `_...`
    ones): TF's import drops them, and so they change nothing."""
    op_def = OP_DEFS.get(node.get("op", ""))
    attrs = node.get("attr", {})
    if op_def is None or all(k.startswith("_") or k in op_def[2] for k in attrs):
        return node
    return {**node, "attr": {k: v for k, v in attrs.items() if k.startswith("_") or k in op_def[2]}}


def _inputs_problem(node: dict[str, Any]) -> str | None:
    control = False
    for ref in node.get("input", []):
        if ref.startswith("^"):
            control = True
            if ":" in ref:
                return f"its control input {ref!r} names a tensor, not an op"
        elif control:
            return "its control inputs come before its data inputs"
    return None


def _op_def_problem(node: dict[str, Any], by_name: dict[str, dict]) -> str | None:
    op_def = OP_DEFS.get(node.get("op", ""))
    if op_def is None:
        return None
    ins, _, attr_defs = op_def
    attrs = node.get("attr", {})
    for name, kind in attr_defs.items():
        # An attribute TF requires and the node lacks is not refused: graphgate infers
        # the dtypes and counts it would restate (decision log, 2026-12-06).
        reason = name in attrs and _attr_problem(name, kind.rstrip("?"), attrs[name])
        if reason:
            return reason
    expected = _arg_types(ins, attrs)
    data = [ref for ref in node.get("input", []) if not ref.startswith("^")]
    if expected is None:
        return None
    if len(expected) != len(data):
        return f"TF's {node['op']} takes {len(expected)} inputs where it has {len(data)}"
    for i, (ref, want) in enumerate(zip(data, expected, strict=True)):
        got = _output_type(ref, by_name)
        if want is not None and got is not None and want % 100 != got % 100:
            return f"its input {i} ({ref}) has dtype {got % 100} where TF's op takes {want % 100}"
    return None


def _attr_problem(name: str, kind: str, av: dict[str, Any]) -> str | None:
    """Why an AttrValue is not of the OpDef's kind (None: it is, or holds nothing: proto3
    writes no zero value, so an empty one is any kind's)."""
    fields = [f for f in av if f in _FIELD_NAMES]
    want = "list" if kind.startswith("list(") else _FIELD.get(kind)
    if not fields or want is None:
        return None
    if fields[0] != want:
        return f"its attribute {name!r} is {_FIELD_NAMES[fields[0]]} where TF's op takes {kind}"
    types = av["list"].get("type", []) if want == "list" else [av["type"]] if want == "type" else []
    for t in types:
        # A _REF type is an output's (a ref variable's), never an attribute's: TF refuses
        # one (`DT_FLOAT_REF` as an Identity's T or a Placeholder's dtype).
        if t - 100 in _DTYPES:
            return f"its attribute {name!r} holds a reference type ({t}), which TF refuses"
        if t not in _DTYPES:
            return f"its attribute {name!r} holds {t}, no DataType TF knows"
    return None


def _arg_types(args: tuple[str, ...], attrs: dict[str, Any]) -> list[int | None] | None:
    """The dtype enum of each tensor the args stand for (None: one not known), or None
    where their count is not known."""
    out: list[int | None] = []
    for arg in args:
        spec = arg.lstrip("&").partition(":")
        name, typed = spec[0], spec[2]
        if "+" in name:  # a type list: its attribute's types
            types = attrs.get(name.partition("+")[2], {}).get("list", {}).get("type")
            if types is None:
                return None
            out += list(types)
            continue
        one = int(typed[1:]) if typed.startswith("=") else attrs.get(typed, {}).get("type")
        if "*" in name:  # N of one type
            n = attrs.get(name.partition("*")[2], {}).get("i")
            if n is None:
                return None
            out += [one] * n
        else:
            out.append(one)
    return out


def _output_type(ref: str, by_name: dict[str, dict]) -> int | None:
    name, _, index = ref.partition(":")
    node = by_name.get(name)
    op_def = OP_DEFS.get(node.get("op", "")) if node else None
    if op_def is None or not (index or "0").isdigit():
        return None
    types = _arg_types(op_def[1], node.get("attr", {}))
    at = int(index or 0)
    return types[at] if types is not None and at < len(types) else None
