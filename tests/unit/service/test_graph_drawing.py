"""The server-side graph drawing (graph_drawing): what a reader of the SVG relies on."""

import itertools
import random
import time
import xml.etree.ElementTree as ET

import pytest

from graphgate_service import graph_drawing, problems
from tests.support import collector_paused

SVG = "{http://www.w3.org/2000/svg}"


def node(name, op="Identity", *inputs):
    return {"name": name, "op": op, "inputs": list(inputs)}


def described(document):
    return [
        {"name": n["name"], "op": n["op"], "outputs": [{"dtype": "FP32", "shape": [2, None]}]}
        for n in document["nodes"]
    ]


def draw(document, expand=None, name="g"):
    text = graph_drawing.to_svg(name, document, lambda: described(document), expand)
    return text, ET.fromstring(text)


def boxes(root):
    return {
        g.get("data-name"): g for g in root.iter(f"{SVG}g") if "node" in g.get("class", "").split()
    }


def edges(root):
    return {
        (p.get("data-from"), p.get("data-to")): p
        for p in root.iter(f"{SVG}path")
        if "edge" in (p.get("class") or "").split()
    }


def rect_of(box):
    shape = box.find(f"{SVG}rect")
    if shape is not None:
        return float(shape.get("x")), float(shape.get("y")), float(shape.get("width"))
    ellipse = box.find(f"{SVG}ellipse")
    cx, rx = float(ellipse.get("cx")), float(ellipse.get("rx"))
    return cx - rx, float(ellipse.get("cy")) - float(ellipse.get("ry")), 2 * rx


TUTORIAL = {
    "format": "graphgate.graph/v1",
    "nodes": [
        node("a", "Placeholder"),
        node("b", "Const"),
        node("w", "VariableV2"),
        node("math/Mul", "Mul", "a", "b"),
        node("math/Add", "Add", "a:0", "b"),
        node("math/res", "RealDiv", "math/Mul", "math/Add", "^w"),
    ],
}


def test_every_node_and_input_is_drawn_flowing_down():
    _, root = draw(TUTORIAL)
    drawn = boxes(root)
    assert set(drawn) == {"a", "b", "w", "math/Mul", "math/Add", "math/res"}
    assert set(edges(root)) == {
        ("a", "math/Mul"),
        ("b", "math/Mul"),
        ("a", "math/Add"),
        ("b", "math/Add"),
        ("math/Mul", "math/res"),
        ("math/Add", "math/res"),
        ("w", "math/res"),
    }
    for source, target in edges(root):
        assert rect_of(drawn[source])[1] < rect_of(drawn[target])[1], (source, target)
    assert edges(root)[("w", "math/res")].get("stroke-dasharray")  # control edge
    assert edges(root)[("w", "math/res")].find(f"{SVG}title").text == "w → math/res: control"
    assert edges(root)[("a", "math/Mul")].find(f"{SVG}title").text == "a → math/Mul: FP32 [2, ?]"
    assert edges(root)[("a", "math/Mul")].get("stroke-dasharray") is None


def test_constants_variables_and_placeholders_are_styled_apart_and_described():
    _, root = draw(TUTORIAL)
    drawn = boxes(root)
    kinds = {name: box.get("class").split()[1] for name, box in drawn.items()}
    assert kinds["a"] == "placeholder" and kinds["b"] == "const" and kinds["w"] == "variable"
    assert kinds["math/Mul"] == "op"
    fills = {k: drawn[n][1].get("fill") for n, k in kinds.items()}
    assert len({fills["placeholder"], fills["const"], fills["variable"], fills["op"]}) == 4
    mul = drawn["math/Mul"]
    assert (mul.get("data-op"), mul.get("data-dtype"), mul.get("data-shape")) == (
        "Mul",
        "FP32",
        "[2, ?]",
    )
    assert "FP32 [2, ?]" in mul.find(f"{SVG}title").text
    assert mul.get("tabindex") == "0" and mul.get("aria-label")


def test_boxes_of_one_row_never_overlap():
    wide = {"nodes": [node(f"n{i}", "Const") for i in range(30)] + [node("sum", "AddN")]}
    wide["nodes"][-1]["inputs"] = [f"n{i}" for i in range(30)]
    _, root = draw(wide)
    rows = {}
    for box in boxes(root).values():
        x, y, width = rect_of(box)
        rows.setdefault(y, []).append((x, x + width))
    for spans in rows.values():
        spans.sort()
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert start >= end


def test_scopes_collapse_into_one_box_and_open_on_request():
    _, root = draw(TUTORIAL, expand="")
    drawn = boxes(root)
    assert set(drawn) == {"a", "b", "w", "math"}
    assert drawn["math"].get("data-kind") == "scope" and drawn["math"].get("data-nodes") == "3"
    assert set(edges(root)) == {("a", "math"), ("b", "math"), ("w", "math")}
    assert root.get("data-expanded") == ""
    _, opened = draw(TUTORIAL, expand="math")
    assert "math/res" in boxes(opened) and opened.get("data-expanded") == "math"


def test_a_scope_opens_with_its_enclosing_scopes_and_a_node_named_like_a_scope_folds_in():
    document = {
        "nodes": [
            node("x", "Placeholder"),
            node("dense", "Identity", "x"),
            node("dense/kernel", "VariableV2"),
            node("dense/inner/MatMul", "MatMul", "dense", "dense/kernel"),
            node("out", "Identity", "dense/inner/MatMul"),
        ]
    }
    _, root = draw(document, expand="")
    assert set(boxes(root)) == {"x", "dense", "out"}
    assert boxes(root)["dense"].get("data-nodes") == "3"  # dense itself, kernel, inner/MatMul
    _, root = draw(document, expand="dense/inner")
    assert set(boxes(root)) == {"x", "dense", "dense/kernel", "dense/inner/MatMul", "out"}
    assert root.get("data-expanded") == "dense,dense/inner"
    _, root = draw(document, expand="*")
    assert len(boxes(root)) == 5


def test_small_graphs_open_and_large_ones_start_collapsed():
    def chain(n):
        return {
            "nodes": [
                node(f"s{i}/op", "Identity", *([f"s{i - 1}/op"] if i else [])) for i in range(n)
            ]
        }

    _, small = draw(chain(graph_drawing.OPEN_BY_DEFAULT_NODES))
    assert len(boxes(small)) == graph_drawing.OPEN_BY_DEFAULT_NODES
    assert all(b.get("data-kind") == "node" for b in boxes(small).values())
    _, large = draw(chain(graph_drawing.OPEN_BY_DEFAULT_NODES + 1))
    assert all(b.get("data-kind") == "scope" for b in boxes(large).values())


def test_a_cycle_is_drawn_with_every_edge():
    loop = {
        "nodes": [
            node("init", "Const"),
            node("merge", "Merge", "init", "next"),
            node("body", "Add", "merge"),
            node("next", "NextIteration", "body"),
            node("exit", "Exit", "body"),
        ]
    }
    _, root = draw(loop)
    assert set(edges(root)) == {
        ("init", "merge"),
        ("next", "merge"),
        ("merge", "body"),
        ("body", "next"),
        ("body", "exit"),
    }


@pytest.mark.parametrize(
    "hostile",
    ['<script>alert("x")</script>', "a&b>c", 'quote" onload="alert(1)', "line\nbreak"],
)
def test_names_are_escaped_so_the_drawing_stays_inert(hostile):
    document = {"nodes": [node("x>y", "Const"), node("z", hostile, "x>y")]}
    text, root = draw(document, name=hostile)
    assert root.find(f"{SVG}title").text == hostile
    assert boxes(root)["z"].get("data-op") == hostile
    assert boxes(root)["x>y"].find(f"{SVG}text").text == "x>y"
    assert not [e for e in root.iter() if e.tag in (f"{SVG}script", f"{SVG}style")]
    assert not [e for e in root.iter() if any(a.startswith("on") or a == "style" for a in e.attrib)]
    assert "<script" not in text


def test_a_2000_node_graph_draws_quickly_collapsed_and_in_seconds_open():
    layers = [
        node(f"layer{i}/{part}", "Identity", *([f"layer{i - 1}/out"] if i else []))
        for i in range(400)
        for part in ("w", "b", "mul", "add", "out")
    ]
    document = {"nodes": layers}
    assert len(layers) == 2000
    with collector_paused():
        started = time.process_time()
        _, collapsed = draw(document)
        collapsed_s = time.process_time() - started
        started = time.process_time()
        _, opened = draw(document, expand="*")
        opened_s = time.process_time() - started
    assert len(boxes(collapsed)) == 400 and collapsed_s < 2.0
    assert len(boxes(opened)) == 2000 and opened_s < 10.0


def test_a_drawing_too_large_to_read_is_refused_and_says_how_to_shrink_it():
    flat = {"nodes": [node(f"n{i}", "Const") for i in range(graph_drawing.MAX_BOXES + 1)]}
    with pytest.raises(problems.Unprocessable) as refused:
        draw(flat)
    assert refused.value.code == "DRAWING_TOO_LARGE"
    assert "closed already" in refused.value.detail  # nothing to close: no "open fewer"
    # ... counted before the graph is described: describing a large graph costs seconds
    described_calls = []
    with pytest.raises(problems.Unprocessable):
        graph_drawing.to_svg("g", flat, lambda: described_calls.append(1) or [], None)
    assert described_calls == []
    scoped = {"nodes": [node(f"s{i % 10}/n{i}", "Const") for i in range(5000)]}
    _, root = draw(scoped)  # collapsed by default: ten boxes
    assert len(boxes(root)) == 10
    with pytest.raises(problems.Unprocessable) as refused:
        draw(scoped, expand="*")
    assert "open fewer name scopes (expand)" in refused.value.detail


def test_an_edge_over_many_rows_is_drawn_straight_not_through_a_point_per_row():
    chain = [node("lr", "Const")] + [
        node(f"l{i}", "Mul", *([f"l{i - 1}"] if i else []), "lr") for i in range(1000)
    ]
    text, root = draw({"nodes": chain})
    assert len(edges(root)) == 1999
    longest = edges(root)[("lr", "l999")].get("d")
    assert longest.count("L") == 1  # two points: no detour through 998 rows
    assert len(text) < 2_000_000


def test_a_variable_sits_beside_the_op_that_reads_it_with_its_initializer():
    chain = [node("x", "Placeholder")] + [
        node(f"h{i}", "Relu", "x" if i == 0 else f"h{i - 1}") for i in range(6)
    ]
    init = [
        node("ones", "Const"),
        node("w", "VariableV2"),
        node("w/Assign", "Assign", "w", "ones"),
        node("y", "MatMul", "h5", "w"),
    ]
    _, root = draw({"nodes": chain + init}, expand="*")
    row = {name: rect_of(box)[1] for name, box in boxes(root).items()}
    assert row["w"] == row["h5"] < row["y"]  # just above its reader, not at the top
    assert row["w/Assign"] == row["y"]  # the initializer right below the variable
    assert row["ones"] == row["w"]
    assert row["x"] < row["h0"] < row["h5"]


def test_every_edge_of_any_graph_points_down_a_row_or_more():
    rng = random.Random(20)
    for _ in range(300):
        count = rng.randint(1, 40)
        edges = [
            graph_drawing.Edge(f"n{a}", f"n{b}", rng.random() < 0.1)
            for b in range(count)
            for a in rng.sample(range(count), min(count, rng.randint(0, 3)))
            if a != b
        ]
        edges = list({(e.source, e.target): e for e in edges}.values())
        keys = [f"n{i}" for i in range(count)]
        acyclic = graph_drawing._acyclic(keys, edges)
        layer = graph_drawing._layers(keys, acyclic)
        assert set(layer) == set(keys) and min(layer.values()) >= 0
        assert all(layer[e.source] < layer[e.target] for e in acyclic)
