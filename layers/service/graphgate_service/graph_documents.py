"""Graph documents (the engine's `graphgate.graph/v1` and `v2` formats) as the API sees
them: validated by the engine, hashed for deduplication, described for
clients, drawn as DOT or as SVG. Graphs are built here only to be checked and described;
the graphs that run are built, and cached, by runtime."""

import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from graphgate_service import problems, settings

# The engine imposes no limits of its own; these are the service's, so a stored
# graph always leaves room to run within a Lambda's memory.
MAX_NODES = 50_000
MAX_TENSOR_ELEMENTS = 100_000_000
MAX_CONSTANT_BYTES = 256 * 2**20
MAX_FEED_BYTES = 256 * 2**20
# A run may hold at once (the engine's `max_run_bytes`) its function's memory less this:
# the Python runtime and the service's modules (100-150 MiB), a kernel's working memory
# beside the values counted (numpy's temporaries: one as large as a float32 tensor at the
# element limit is 381 MiB), and the answer's encoding (at most 6 MB of payload). 1.25
# GiB of a 2,048 MB function: round 17's fills of 400 MB each stop at the fourth.
RUN_BYTES_MARGIN = 768 * 2**20


# Describing builds the graph in the engine (0.7 s of CPU for 20,000 nodes here), and a
# stored revision never changes, so a warm container describes each at most once. The
# cache is bounded by the nodes it describes (about 600 bytes each), not by entries.
DESCRIBED_CACHE_NODES = 100_000


@dataclass(frozen=True)
class Described:
    """A validated graph: what a client needs to call it."""

    node_count: int
    signature: dict[str, Any]


def canonical(doc: Any) -> bytes:
    """The document's canonical JSON bytes: equal graphs, equal bytes."""
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def content_hash(doc: Any) -> str:
    return "sha256:" + hashlib.sha256(canonical(doc)).hexdigest()


def engine_limits(
    max_feed_bytes: int = MAX_FEED_BYTES, max_loop_iterations: int | None = None
) -> Any:
    """The engine `Limits` every graph the service loads or runs is held to (a run's
    loop cap is the runtime's, passed in)."""
    from graphgate import Limits

    return Limits(
        max_nodes=MAX_NODES,
        max_tensor_elements=MAX_TENSOR_ELEMENTS,
        max_constant_bytes=MAX_CONSTANT_BYTES,
        max_feed_bytes=max_feed_bytes,
        max_loop_iterations=max_loop_iterations,
        max_run_bytes=run_bytes_budget(),
    )


def run_bytes_budget() -> int:
    """The bytes one run may hold at once in the function serving this invocation: its
    configured memory less RUN_BYTES_MARGIN (a quarter of it, for a function too small
    for the margin)."""
    memory = settings.function_memory_mb() * 2**20
    return max(memory - RUN_BYTES_MARGIN, memory // 4)


def describe(doc: Any) -> Described:
    """Validate `doc` with the engine; 400 with the node and reason of each problem."""
    from graphgate import GraphgateError, dtypes, serialization

    try:
        graph = serialization.graph_from_dict(doc, limits=engine_limits())
    except GraphgateError as exc:
        raise engine_problem(exc, pointer="/graph", code="GRAPH_INVALID") from None
    nodes, placeholders, variables = [], [], []
    for op in graph.get_operations():
        if graph.body_of(op) is not None:
            continue  # inside a cond or loop: not fed, fetched or stored by clients
        outputs = [
            {
                "dtype": dtypes.TO_OIP.get(t.dtype, str(t.dtype)),
                "shape": t.shape.as_list() if t.shape.rank is not None else None,
            }
            for t in op.outputs
        ]
        nodes.append({"name": op.name, "op": op.type, "outputs": outputs})
        if op.type == "Placeholder":
            placeholders.append({"name": op.name, **outputs[0]})
        elif op.type.startswith("Variable"):
            variables.append(
                {"name": op.name, **outputs[0], "trainable": bool(op.attrs.get("trainable", True))}
            )
    return Described(
        len(nodes), {"placeholders": placeholders, "variables": variables, "nodes": nodes}
    )


_described: "OrderedDict[tuple[str, str, int], Described]" = OrderedDict()
_described_lock = threading.Lock()


def describe_stored(tenant: str, graph_id: str, revision: int, doc: Any) -> Described:
    """`describe(doc)` of a stored revision, described at most once per process."""
    key = (tenant, graph_id, revision)
    with _described_lock:
        if (found := _described.get(key)) is not None:
            _described.move_to_end(key)
            return found
    described = describe(doc)
    with _described_lock:
        _described[key] = described
        while sum(d.node_count for d in _described.values()) > DESCRIBED_CACHE_NODES:
            if len(_described) == 1:
                break  # one graph larger than the budget is still described once
            _described.popitem(last=False)
    return described


def engine_problem(
    exc: Any, pointer: str | None = None, code: str | None = None
) -> problems.ApiError:
    """The API error for an engine error: its code, node and message, never a traceback.

    The engine's category picks the status: a request the engine cannot run
    is a 400, a limit a 422, a deadline a 504; `code` overrides the engine's
    own (graph validation reports every problem under GRAPH_INVALID)."""
    detail = {"code": exc.code, "message": exc.message}
    if exc.node:
        detail["node"] = exc.node
    if pointer:
        detail["pointer"] = pointer
    kind = {
        "RESOURCE_EXHAUSTED": problems.Unprocessable,
        "DEADLINE_EXCEEDED": problems.DeadlineExceeded,
        "FAILED_PRECONDITION": problems.Conflict,
        "INTERNAL": problems.ApiError,
    }.get(exc.category, problems.BadRequest)
    # The engine's category (TF's error class), not the one the status implies: a 400
    # may be OUT_OF_RANGE, a 409 FAILED_PRECONDITION.
    category = {"category": exc.category}
    if kind is problems.BadRequest and code:
        return kind(exc.message, code=code, errors=[detail], extra=category)
    return kind(exc.message, code=exc.code, errors=[detail], extra=category)


def to_dot(name: str, doc: dict[str, Any]) -> str:
    """A Graphviz rendering: one box per node, one edge per input."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")

    def quote(text: str) -> str:
        return f'"{escape(text)}"'

    lines = [f"digraph {quote(name)} {{", "  rankdir=LR;", "  node [shape=box];"]
    for node in doc.get("nodes", []):
        shape = {"Placeholder": "ellipse", "Const": "plaintext"}.get(node["op"], "box")
        if node["op"].startswith("Variable"):
            shape = "cylinder"
        lines.append(
            # \\n in a DOT label is a line break: name above, op type below.
            f'  {quote(node["name"])} [label="{escape(node["name"])}\\n{escape(node["op"])}"'
            f", shape={shape}];"
        )
        for ref in node.get("inputs", []):
            source = ref.lstrip("^").rsplit(":", 1)[0]
            style = " [style=dashed]" if ref.startswith("^") else ""
            lines.append(f"  {quote(source)} -> {quote(node['name'])}{style};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_svg(meta: dict[str, Any], doc: dict[str, Any], expand: str | None, tenant: str) -> str:
    """The layered drawing (graph_drawing) of a stored revision (`meta`), with each node's
    dtype and shape from the engine."""
    from graphgate_service import graph_drawing

    def described() -> list[dict[str, Any]]:
        return describe_stored(tenant, meta["id"], meta["revision"], doc).signature["nodes"]

    return graph_drawing.to_svg(meta["name"], doc, described, expand)
