"""A graph drawn as a layered SVG, data flowing top to bottom, in pure Python (no
graphviz binary in Lambda). The console shows this drawing, and any tool can
fetch it with `Accept: image/svg+xml`.

A pipeline of small passes over the graph document's top-level nodes:
`_units` folds each collapsed name scope into one box (as TensorBoard does),
`_edges` maps inputs onto those boxes, `_acyclic` reverses the edges that close
a cycle, `_layers` ranks the boxes, `_chains` routes long edges through
one dummy point per layer they cross, `_order` untangles each layer by
barycenters, `_place` gives coordinates and `_svg` writes the markup: every
name is escaped, and the page that embeds the drawing adds behaviour through
the `data-` attributes only.
"""

import itertools
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from graphgate_service import problems

# Graphs this small are drawn with every scope open unless `expand` says otherwise.
OPEN_BY_DEFAULT_NODES = 100
# More boxes than this would not fit a synchronous answer (about 1 KB each) nor
# help a reader: the caller is asked to open fewer scopes.
MAX_BOXES = 3000
# An edge crossing more rows than this is drawn straight rather than routed
# through a point per row: one constant read by every layer of a 2,000-layer
# network would otherwise add two million points.
MAX_ROUTED_SPAN = 8
ORDER_SWEEPS = 6
BOX_HEIGHT = 40.0
LAYER_GAP = 46.0
BOX_GAP = 18.0
CHAR_WIDTH = 6.6
MIN_BOX_WIDTH = 64.0
MAX_LABEL_CHARS = 28
MARGIN = 20.0
# Presentation attributes, not a <style> element, so that a page with a strict
# Content-Security-Policy can embed the drawing; its CSS classes still win.
KIND_COLOURS = {
    "op": ("#ffffff", "#4b5563"),
    "const": ("#f3f4f6", "#9ca3af"),
    "variable": ("#fef3c7", "#b45309"),
    "placeholder": ("#dbeafe", "#1d4ed8"),
    "scope": ("#e0e7ff", "#4338ca"),
}


@dataclass
class Unit:
    """One box: a node, or a collapsed scope standing for the nodes inside it."""

    key: str
    kind: str  # op | const | variable | placeholder | scope
    op: str = ""
    outputs: list[dict[str, Any]] = field(default_factory=list)
    members: int = 1
    dummy: bool = False
    x: float = 0.0
    y: float = 0.0

    @property
    def label(self) -> str:
        text = self.key.rsplit("/", 1)[-1] if self.kind != "scope" else self.key + "/"
        if len(text) > MAX_LABEL_CHARS:
            text = text[: MAX_LABEL_CHARS - 1] + "…"
        return text

    @property
    def caption(self) -> str:
        return f"{self.members} nodes" if self.kind == "scope" else self.op

    @property
    def width(self) -> float:
        if self.dummy:
            return 0.0
        chars = max(len(self.label), len(self.caption))
        return max(MIN_BOX_WIDTH, chars * CHAR_WIDTH + 20)


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    control: bool
    reversed: bool = False


def to_svg(
    name: str,
    document: dict[str, Any],
    described: Callable[[], list[dict[str, Any]]],
    expand: str | None = None,
) -> str:
    """The drawing of `document`, whose nodes `described()` gives op types and outputs.

    `described` is called only for a drawing that will be made: describing builds the
    graph in the engine (0.7 s for 20,000 nodes), and the boxes are counted without it.
    `expand`: comma-separated scopes drawn open, `*` for all, empty for none,
    None for the default (open up to OPEN_BY_DEFAULT_NODES nodes)."""
    nodes = [n for n in document.get("nodes", []) if isinstance(n, dict) and "name" in n]
    scopes = _scopes(n["name"] for n in nodes)
    opened = _opened(expand, scopes, len(nodes))
    units, unit_of = _units(nodes, scopes, opened)
    if len(units) > MAX_BOXES:
        # With no scope open there is nothing left to close: saying "open fewer" there
        # sent the reader of a 20,000-node flat graph looking for a control that does not exist.
        shrink = (
            "open fewer name scopes (expand)"
            if opened
            else "every name scope is closed already, so read the graph as JSON instead"
        )
        raise problems.Unprocessable(
            f"The drawing would have {len(units)} boxes, more than {MAX_BOXES}; {shrink}.",
            code="DRAWING_TOO_LARGE",
        )
    outputs = {d["name"]: d.get("outputs") or [] for d in described()}
    for unit in units.values():
        if unit.kind != "scope":
            unit.outputs = outputs.get(unit.key, [])
    edges = _acyclic(list(units), _edges(nodes, unit_of))
    layer = _layers(list(units), edges)
    rows, paths = _chains(units, edges, layer)
    _order(rows, paths)
    _place(rows, paths)
    return _svg(name, units, rows, edges, paths, opened)


def _scopes(names: Any) -> set[str]:
    found: set[str] = set()
    for full in names:
        parts = full.split("/")
        found.update("/".join(parts[:i]) for i in range(1, len(parts)))
    return found


def _opened(expand: str | None, scopes: set[str], node_count: int) -> set[str]:
    if expand is None:
        return set(scopes) if node_count <= OPEN_BY_DEFAULT_NODES else set()
    if expand.strip() == "*":
        return set(scopes)
    opened: set[str] = set()
    for scope in filter(None, (s.strip().strip("/") for s in expand.split(","))):
        parts = scope.split("/")
        # A scope opens with its enclosing scopes, or it could not be seen.
        opened.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
    return opened & scopes


def _kind(op: str) -> str:
    if op == "Const":
        return "const"
    if op == "Placeholder" or op == "PlaceholderWithDefault":
        return "placeholder"
    if op.startswith("Variable") or op == "VarHandleOp":
        return "variable"
    return "op"


def _units(
    nodes: list[dict[str, Any]], scopes: set[str], opened: set[str]
) -> tuple[dict[str, Unit], dict[str, str]]:
    """The boxes (without their outputs), and which box each node name is drawn in."""
    units: dict[str, Unit] = {}
    unit_of: dict[str, str] = {}
    for node in nodes:
        name = node["name"]
        parts = name.split("/")
        # The outermost collapsed scope holding the node; a node named like a
        # scope ("dense" beside "dense/kernel") folds into it too.
        folded = next(
            (
                prefix
                for prefix in ("/".join(parts[:i]) for i in range(1, len(parts) + 1))
                if prefix in scopes and prefix not in opened
            ),
            None,
        )
        if folded is None:
            op = str(node.get("op", ""))
            units[name] = Unit(name, _kind(op), op)
            unit_of[name] = name
            continue
        key = "scope:" + folded
        if key in units:
            units[key].members += 1
        else:
            units[key] = Unit(folded, "scope")
        unit_of[name] = key
    return units, unit_of


def _edges(nodes: list[dict[str, Any]], unit_of: dict[str, str]) -> list[Edge]:
    found: dict[tuple[str, str], bool] = {}
    for node in nodes:
        target = unit_of[node["name"]]
        for ref in node.get("inputs") or []:
            if not isinstance(ref, str):
                continue
            control = ref.startswith("^")
            source = unit_of.get(ref.lstrip("^").rsplit(":", 1)[0])
            if source is None or source == target:
                continue
            # A data edge wins over a control edge between the same boxes.
            found[(source, target)] = found.get((source, target), True) and control
    return [Edge(s, t, c) for (s, t), c in found.items()]


def _acyclic(keys: list[str], edges: list[Edge]) -> list[Edge]:
    """Edges with those closing a cycle (loops, or scopes folded together) reversed."""
    successors: dict[str, list[Edge]] = defaultdict(list)
    for edge in edges:
        successors[edge.source].append(edge)
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    backward: set[Edge] = set()
    for root in keys:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(successors[root]))]
        while stack:
            key, pending = stack[-1]
            edge = next(pending, None)
            if edge is None:
                state[key] = 2
                stack.pop()
            elif state.get(edge.target) == 1:
                backward.add(edge)
            elif edge.target not in state:
                state[edge.target] = 1
                stack.append((edge.target, iter(successors[edge.target])))
    return [
        Edge(e.target, e.source, e.control, reversed=True) if e in backward else e for e in edges
    ]


def _layers(keys: list[str], edges: list[Edge]) -> dict[str, int]:
    """Rows: every box as late as its readers allow, so constants and variables sit
    just above the ops that read them; boxes nothing reads (outputs) just below their
    last input. A box that reads only inputs and is read by none (a variable's
    initializer) is laid out last, so it cannot pin its variable to the top."""
    predecessors: dict[str, list[str]] = defaultdict(list)
    successors: dict[str, list[str]] = defaultdict(list)
    for edge in edges:
        predecessors[edge.target].append(edge.source)
        successors[edge.source].append(edge.target)
    order, layer = _topological(keys, predecessors, successors)
    sinks = {k for k in keys if not successors[k]}
    detached = {
        k for k in sinks if predecessors[k] and not any(predecessors[p] for p in predecessors[k])
    }
    main = {k: [t for t in successors[k] if t not in detached] for k in keys}
    for key in reversed(order):
        later = [layer[t] for t in main[key] if t not in sinks]
        if later:
            layer[key] = min(later) - 1
    for group, readers in ((sinks - detached, main), (detached, successors)):
        for key in order:
            if key in group:
                layer[key] = max((layer[p] + 1 for p in predecessors[key]), default=0)
        for key in keys:
            # What only these sinks read sits just above the first of them.
            if readers[key] and all(t in group for t in readers[key]):
                layer[key] = min(layer[t] for t in readers[key]) - 1
    return layer


def _topological(
    keys: list[str], predecessors: dict[str, list[str]], successors: dict[str, list[str]]
) -> tuple[list[str], dict[str, int]]:
    """A topological order, and each box's longest path from the inputs."""
    indegree = {k: len(predecessors[k]) for k in keys}
    ready = [k for k in keys if indegree[k] == 0]
    order: list[str] = []
    layer: dict[str, int] = {}
    while ready:
        key = ready.pop()
        order.append(key)
        layer[key] = max((layer[p] + 1 for p in predecessors[key]), default=0)
        for target in successors[key]:
            indegree[target] -= 1
            if indegree[target] == 0:
                ready.append(target)
    return order, layer


def _chains(
    units: dict[str, Unit], edges: list[Edge], layer: dict[str, int]
) -> tuple[list[list[Unit]], dict[Edge, list[Unit]]]:
    """Rows of boxes by layer, and each edge's path: a dummy point in every row it crosses."""
    depth = max(layer.values(), default=-1) + 1
    rows: list[list[Unit]] = [[] for _ in range(depth)]
    for key, unit in units.items():
        rows[layer[key]].append(unit)
    paths: dict[Edge, list[Unit]] = {}
    for number, edge in enumerate(edges):
        path = [units[edge.source]]
        crossed = range(layer[edge.source] + 1, layer[edge.target])
        for row in crossed if len(crossed) <= MAX_ROUTED_SPAN else ():
            dummy = Unit(f"\0{number}:{row}", "op", dummy=True)
            rows[row].append(dummy)
            path.append(dummy)
        path.append(units[edge.target])
        paths[edge] = path
    return rows, paths


def _order(rows: list[list[Unit]], paths: dict[Edge, list[Unit]]) -> None:
    """Barycenter sweeps, down then up: each box moves toward its neighbours' mean position."""
    above: dict[int, list[Unit]] = defaultdict(list)
    below: dict[int, list[Unit]] = defaultdict(list)
    for path in paths.values():
        for upper, lower in itertools.pairwise(path):
            below[id(upper)].append(lower)
            above[id(lower)].append(upper)
    position = {id(u): i for row in rows for i, u in enumerate(row)}
    for sweep in range(ORDER_SWEEPS):
        downward = sweep % 2 == 0
        sequence = rows[1:] if downward else rows[-2::-1]
        neighbours = above if downward else below
        for row in sequence:

            def barycenter(unit: Unit, nbrs=neighbours) -> float:
                linked = nbrs[id(unit)]
                if not linked:
                    return position[id(unit)]
                return sum(position[id(n)] for n in linked) / len(linked)

            row.sort(key=barycenter)
            for i, unit in enumerate(row):
                position[id(unit)] = i


def _place(rows: list[list[Unit]], paths: dict[Edge, list[Unit]]) -> None:
    """x by neighbours' mean, kept in order and apart; y by row."""
    linked: dict[int, list[Unit]] = defaultdict(list)
    for path in paths.values():
        for upper, lower in itertools.pairwise(path):
            linked[id(upper)].append(lower)
            linked[id(lower)].append(upper)
    for number, row in enumerate(rows):
        x = 0.0
        for unit in row:
            unit.x = x + unit.width / 2
            unit.y = number * (BOX_HEIGHT + LAYER_GAP)
            x += unit.width + BOX_GAP
    for sweep in range(4):
        for row in rows if sweep % 2 == 0 else rows[::-1]:
            wanted = [
                sum(n.x for n in linked[id(u)]) / len(linked[id(u)]) if linked[id(u)] else u.x
                for u in row
            ]
            for i, unit in enumerate(row):
                unit.x = wanted[i]
                if i:
                    before = row[i - 1]
                    unit.x = max(unit.x, before.x + (before.width + unit.width) / 2 + BOX_GAP)
    left = min((u.x - u.width / 2 for row in rows for u in row), default=0.0)
    for row in rows:
        for unit in row:
            unit.x += MARGIN - left
            unit.y += MARGIN


def _attr(value: Any) -> str:
    return escape(str(value), {'"': "&quot;", "\n": "&#10;"})


def _shape_text(shape: Any) -> str:
    if shape is None:
        return "unknown"
    return "[" + ", ".join("?" if d is None else str(d) for d in shape) + "]"


def _node_svg(unit: Unit) -> str:
    fill, stroke = KIND_COLOURS[unit.kind]
    w, h = unit.width, BOX_HEIGHT
    left, top = unit.x - w / 2, unit.y
    first = unit.outputs[0] if unit.outputs else {}
    if unit.kind == "scope":
        title = f"{unit.key}/ — name scope of {unit.members} nodes (open it to see them)"
        data = f'data-kind="scope" data-nodes="{unit.members}"'
    else:
        described = "; ".join(
            f"{o.get('dtype', '?')} {_shape_text(o.get('shape'))}" for o in unit.outputs
        )
        title = f"{unit.key}\nop: {unit.op}" + (f"\noutputs: {described}" if described else "")
        data = (
            f'data-kind="node" data-op="{_attr(unit.op)}" '
            f'data-dtype="{_attr(first.get("dtype", ""))}" '
            f'data-shape="{_attr(_shape_text(first.get("shape")) if unit.outputs else "")}"'
        )
    if unit.kind == "placeholder":
        outline = (
            f'<ellipse cx="{unit.x:.1f}" cy="{top + h / 2:.1f}" rx="{w / 2:.1f}" ry="{h / 2:.1f}" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>'
        )
    else:
        radius = 10 if unit.kind in ("scope", "variable") else 3
        outline = (
            f'<rect x="{left:.1f}" y="{top:.1f}" width="{w:.1f}" height="{h:.1f}" rx="{radius}" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>'
        )
    return (
        f'<g class="node {unit.kind}" data-name="{_attr(unit.key)}" {data} tabindex="0" '
        f'role="button" aria-label="{_attr(unit.key + ", " + (unit.caption or unit.kind))}">'
        f"<title>{_attr(title)}</title>{outline}"
        f'<text x="{unit.x:.1f}" y="{top + 16:.1f}" text-anchor="middle" font-size="12" '
        f'font-family="sans-serif" fill="#111827">{_attr(unit.label)}</text>'
        f'<text x="{unit.x:.1f}" y="{top + 31:.1f}" text-anchor="middle" font-size="10" '
        f'font-family="sans-serif" fill="#4b5563">{_attr(unit.caption)}</text></g>'
    )


def _edge_svg(edge: Edge, path: list[Unit]) -> str:
    # Drawn from the box that produces to the one that consumes, bottom edge to top edge.
    points = path[::-1] if edge.reversed else path
    start, end = points[0], points[-1]
    downward = end.y >= start.y
    coords = [(start.x, start.y + (BOX_HEIGHT if downward else 0))]
    coords += [(u.x, u.y + BOX_HEIGHT / 2) for u in points[1:-1]]
    coords.append((end.x, end.y + (0 if downward else BOX_HEIGHT)))
    # SVG path data: move to the first point (a path's first moveto is absolute even
    # when written "m"), then a line to each next one.
    d = " ".join(f"{'L' if i else 'm'}{x:.1f} {y:.1f}" for i, (x, y) in enumerate(coords))
    source, target = (edge.target, edge.source) if edge.reversed else (edge.source, edge.target)
    producer = points[0]
    dash = ' stroke-dasharray="4 3"' if edge.control else ""
    # As TensorBoard labels its edges: what flows along it, on hover.
    flows = (
        "control"
        if edge.control
        else "; ".join(
            f"{o.get('dtype', '?')} {_shape_text(o.get('shape'))}" for o in producer.outputs
        )
    )
    title = f"{producer.key} → {end.key}" + (f": {flows}" if flows else "")
    return (
        f'<path class="edge{" control" if edge.control else ""}" '
        f'data-from="{_attr(source.removeprefix("scope:"))}" '
        f'data-to="{_attr(target.removeprefix("scope:"))}" d="{d}" fill="none" '
        f'stroke="#6b7280" stroke-width="1.2"{dash} marker-end="url(#gg-arrow)">'
        f"<title>{_attr(title)}</title></path>"
    )


def _svg(
    name: str,
    units: dict[str, Unit],
    rows: list[list[Unit]],
    edges: list[Edge],
    paths: dict[Edge, list[Unit]],
    opened: set[str],
) -> str:
    boxes = [u for row in rows for u in row if not u.dummy]
    width = max((u.x + u.width / 2 for u in boxes), default=0.0) + MARGIN
    height = len(rows) * (BOX_HEIGHT + LAYER_GAP) - LAYER_GAP + 2 * MARGIN
    width, height = math.ceil(max(width, 2 * MARGIN)), math.ceil(max(height, 2 * MARGIN))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="graph-drawing" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="group" '
        f'aria-label="{_attr("Graph " + name)}" data-expanded="{_attr(",".join(sorted(opened)))}" '
        f'data-units="{len(units)}">',
        f"<title>{_attr(name)}</title>",
        '<defs><marker id="gg-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" '
        'fill="#6b7280"/></marker></defs>',
        '<g class="edges">',
        *(_edge_svg(edge, paths[edge]) for edge in edges),
        '</g><g class="nodes">',
        *(_node_svg(unit) for unit in boxes),
        "</g></svg>",
    ]
    return "".join(parts)
