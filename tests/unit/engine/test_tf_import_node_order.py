"""A GraphDef's node order is free: every frozen TF graph the import tests pin to TF's
values imports, its nodes shuffled (fixed seeds), to a graph computing the same values and
static shapes as in TF's order (a cond's Merge listed before its branches, a loop's Exit
before its body, a slice before its computed begin). And the cond finder visits only the
branches and the nodes reading them, so a long chain of conds imports in linear time."""

from __future__ import annotations

import base64
import json
import random
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from graphgate import tf_graph

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = (0, 1, 2)


def _recorded(fixture: str, feeds, refused=()) -> list[tuple[str, bytes, list[dict]]]:
    doc = json.loads((FIXTURES / fixture).read_text())
    x = np.asarray(doc["x"], dtype=np.float32)
    return [
        (f"{fixture}:{name}", base64.b64decode(case["graph"]), feeds(x, case))
        for name, case in sorted(doc["graphs"].items())
        if name not in refused
    ]


def _fed(doc: dict) -> np.ndarray:
    return np.asarray(doc["value"], np.float32).reshape(doc["shape"])


def _pb(name: str, feeds: list[dict]) -> tuple[str, bytes, list[dict]]:
    return name, (FIXTURES / "tf_formats" / name).read_bytes(), feeds


def _cases() -> list[tuple[str, bytes, list[dict]]]:
    formats = json.loads((FIXTURES / "tf_formats" / "expected.json").read_text())
    cond_x, while_x = _fed(formats["cond"]["feed"]), _fed(formats["while"]["feed"])
    seq = _fed(formats["rnn_loop"]["feed"])
    return [
        *_recorded(
            "tf_import_nested_loops.json",
            lambda x, case: [{"x:0": x, "n:0": int(n)} for n in case["values"]],
        ),
        *_recorded("tf_import_loop_shapes.json", lambda x, case: [{"x:0": x}]),
        *_recorded(
            "tf_import_computed_slices.json",
            lambda x, case: [
                {"x:0": x, "i:0": int(k)} for k, run in case["runs"].items() if "error" not in run
            ],
            refused={"negative_stride"},  # test_tf_import_computed_slices: refused
        ),
        _pb("cond.pb", [{"x:0": s * cond_x, "training:0": f} for s in (1, -1) for f in (0, 1)]),
        _pb("nested_cond.pb", [{"p:0": p, "x:0": v} for p in (True, False) for v in (-1.5, 2.5)]),
        _pb("while.pb", [{"n:0": n, "x:0": while_x} for n in (0, 2, 9)]),
        _pb("rnn_loop.pb", [{"seq:0": seq}]),
        _pb("nested_while.pb", [{"i:0": i} for i in (10, 12)]),
        _pb("loop_in_cond.pb", [{"i:0": 3, "p:0": p} for p in (True, False)]),
    ]


CASES = _cases()


def _document(data: bytes, seed: int | None) -> dict:
    graph = tf_graph.decode_graph_def(data)
    nodes = list(graph.get("node", []))
    if seed is not None:
        random.Random(seed).shuffle(nodes)
    return tf_graph.to_document(nodes, functions=tf_graph._functions(graph))


def _outputs(document: dict, feeds: list[dict], fetch: str) -> tuple[list, list | None]:
    with gg.Graph().as_default() as graph:
        gg.import_graph_def(document, name="")
        t = graph.get_tensor_by_name(fetch)
        shape = None if t.shape.dims is None else t.shape.as_list()
        with gg.Session() as sess:
            return [sess.run(t, feed) for feed in feeds], shape


@pytest.mark.parametrize("label, data, feeds", CASES, ids=[c[0] for c in CASES])
def test_shuffled_graph_defs_compute_what_tfs_order_computes(label, data, feeds):
    fetch = "y:0" if label.endswith(".pb") else "result:0"
    want, want_shape = _outputs(_document(data, None), feeds, fetch)
    for seed in SEEDS:
        got, shape = _outputs(_document(data, seed), feeds, fetch)
        assert shape == want_shape, seed
        for g, w in zip(got, want, strict=True):
            np.testing.assert_array_equal(g, w, err_msg=f"seed {seed}")


def test_a_conds_merge_listed_before_its_branches_is_its_merge_not_a_branch_node():
    # GIVEN the nested conds' GraphDef listing the true branches, then the Merges, then the
    # rest: a Merge comes when one of its inputs is placed in a branch and the other not yet
    graph = tf_graph.decode_graph_def((FIXTURES / "tf_formats" / "nested_cond.pb").read_bytes())
    then = {
        name
        for c in tf_graph.find_conds(graph["node"]).values()
        for name, side in c.sides.items()
        if side
    }
    nodes = sorted(
        graph["node"], key=lambda n: 0 if n["name"] in then else 1 if n["op"] == "Merge" else 2
    )
    # WHEN the conds are found THEN each Merge joins its own cond and ends its branches
    # (the inner cond's Merge is in a branch of the outer cond)
    conds = tf_graph.find_conds(nodes)
    merges = {m["name"] for c in conds.values() for m in c.merges}
    assert merges == {n["name"] for n in nodes if n["op"] == "Merge"}
    for cond in conds.values():
        assert not {m["name"] for m in cond.merges} & set(cond.sides)


def _chain_of_conds(n: int) -> list[dict]:
    """n TF1 conds one after another, each reading the last's Merge: 5 nodes a cond."""
    nodes = [
        {"name": "p", "op": "Placeholder", "attr": {"dtype": {"type": 10}}},
        {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": 1}}},
    ]
    last = "x"
    for k in range(n):
        c = f"c{k}"
        nodes += [
            {"name": f"{c}/pred_id", "op": "Identity", "input": ["p"]},
            {"name": f"{c}/Switch", "op": "Switch", "input": [last, f"{c}/pred_id"]},
            {"name": f"{c}/t", "op": "Neg", "input": [f"{c}/Switch:1"]},
            {"name": f"{c}/f", "op": "Square", "input": [f"{c}/Switch"]},
            {"name": f"{c}/Merge", "op": "Merge", "input": [f"{c}/f", f"{c}/t"]},
        ]
        last = f"{c}/Merge"
    return nodes


class _Counted(dict):
    """A NodeDef counting the reads of its inputs."""

    reads = 0

    def get(self, key, default=None):
        _Counted.reads += key == "input"
        return super().get(key, default)

    def __getitem__(self, key):
        _Counted.reads += key == "input"
        return super().__getitem__(key)


def test_finding_conds_reads_each_node_a_bounded_number_of_times_however_long_the_chain():
    # GIVEN chains of 400 and 4,000 conds (each cond's Switch reaches every later node)
    reads = {}
    for n in (400, 4000):
        nodes = [_Counted(node) for node in _chain_of_conds(n)]
        _Counted.reads = 0
        # WHEN the conds are found
        conds = tf_graph.find_conds(nodes)
        assert len(conds) == n and all(len(c.sides) == 2 for c in conds.values())
        reads[n] = _Counted.reads / len(nodes)
    # THEN the inputs of a node are read as often in the long chain as in the short one
    assert reads[4000] <= reads[400] * 1.01


def _loop_with_long_body(n: int) -> list[dict]:
    """A TF1 while_loop `a += 1` while `a < lim`, its body a chain of n Negs (n even)
    before the add, the nodes listed last first (each Neg before the one it reads)."""
    f = {"T": {"type": 1}}

    def enter(name, of, constant=False):
        attr = {**f, "frame_name": {"s": b"w"}, "is_constant": {"b": constant}}
        return {"name": name, "op": "Enter", "input": [of], "attr": attr}

    nodes = [
        *(
            {"name": p, "op": "Placeholder", "attr": {"dtype": {"type": 1}}}
            for p in ["x", "lim", "one"]
        ),
        enter("w/Enter", "x"),
        enter("w/Enter_1", "lim", constant=True),
        enter("w/Enter_2", "one", constant=True),
        {"name": "w/Merge", "op": "Merge", "input": ["w/Enter", "w/NextIteration"], "attr": f},
        {"name": "w/Less", "op": "Less", "input": ["w/Merge", "w/Enter_1"], "attr": f},
        {"name": "w/LoopCond", "op": "LoopCond", "input": ["w/Less"]},
        {"name": "w/Switch", "op": "Switch", "input": ["w/Merge", "w/LoopCond"], "attr": f},
        {"name": "w/Identity", "op": "Identity", "input": ["w/Switch:1"], "attr": f},
    ]
    last = "w/Identity"
    for k in range(n):
        nodes.append({"name": f"w/neg{k}", "op": "Neg", "input": [last], "attr": f})
        last = f"w/neg{k}"
    nodes += [
        {"name": "w/add", "op": "AddV2", "input": [last, "w/Enter_2"], "attr": f},
        {"name": "w/NextIteration", "op": "NextIteration", "input": ["w/add"], "attr": f},
        {"name": "w/Exit", "op": "Exit", "input": ["w/Switch"], "attr": f},
        {"name": "y", "op": "Identity", "input": ["w/Exit"], "attr": f},
    ]
    return nodes[::-1]


def test_finding_a_loop_reads_each_node_a_bounded_number_of_times_whatever_the_order():
    # GIVEN loops whose bodies are chains of 200 and 2,000 nodes, listed last first
    reads = {}
    for n in (200, 2000):
        nodes = [_Counted(node) for node in _loop_with_long_body(n)]
        _Counted.reads = 0
        # WHEN the loop is found
        (loop,) = tf_graph.find_loops(nodes)
        assert len(loop.body) == n + 2  # the Identity, the Negs, the add
        reads[n] = _Counted.reads / len(nodes)
    # THEN the inputs of a node are read as often in the long body as in the short one
    # (each pass of a fixed point found one more node of a chain listed backwards)
    assert reads[2000] <= reads[200] * 1.01


def test_a_loop_listed_last_first_computes_its_value():
    document = tf_graph.to_document(_loop_with_long_body(2000))
    got, _ = _outputs(document, [{"x:0": 0.5, "lim:0": 10.0, "one:0": 1.0}], "y:0")
    assert got == [10.5]


def _prefixed(nodes: list[dict], prefix: str) -> list[dict]:
    """The nodes renamed `prefix + name`, their inputs too (frame names left as they are)."""
    return [
        {
            **n,
            "name": prefix + n["name"],
            "input": [
                "^" + prefix + r[1:] if r.startswith("^") else prefix + r
                for r in n.get("input", [])
            ],
        }
        for n in nodes
    ]


def test_two_loops_sharing_one_frame_name_are_refused_naming_the_frame():
    # GIVEN two loops whose Enters both name the frame "w" (TF gives each its own)
    nodes = _loop_with_long_body(2) + _prefixed(_loop_with_long_body(2), "second_")
    # WHEN the GraphDef is read THEN the refusal says so first, not "no such op LoopCond"
    with pytest.raises(gg.errors.InvalidArgumentError) as caught:
        tf_graph.to_document(nodes)
    message = str(caught.value)
    assert "two while_loops share the frame name 'w'" in message
    assert message.index("share the frame name") < message.index("has no such op")


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "rewire",
    [
        {"cond/MatMul/Switch": "cond/MatMul/Switch:1"},  # a Switch switching itself
        {"cond/MatMul/Switch": "cond/sub/Switch", "cond/sub/Switch": "cond/MatMul/Switch:1"},
    ],
)
def test_switches_that_switch_each_other_are_a_cycle_not_a_hang(rewire):
    # GIVEN TF's frozen conds with a Switch whose switched value is a Switch of the cycle
    nodes = tf_graph.decode_graph_def((FIXTURES / "tf_formats" / "cond.pb").read_bytes())["node"]
    for node in nodes:
        if node["name"] in rewire:
            node["input"][0] = rewire[node["name"]]
    # WHEN it is imported THEN it is refused naming the cycle (it looped forever, looking
    # for the value past the Switches)
    with pytest.raises(gg.errors.GraphgateError) as refused:
        tf_graph.to_document(nodes)
    assert refused.value.code == "GRAPH_CYCLE"
    assert set(refused.value.details["cycle"]) == set(rewire)


@pytest.mark.parametrize("extra", ["^cond/sub/y", "^cond_1/mul"])
def test_a_merge_with_a_control_input_is_a_listed_problem_not_a_crash(extra):
    # GIVEN TF's frozen conds with a control input added to a Merge (TF makes none)
    nodes = tf_graph.decode_graph_def((FIXTURES / "tf_formats" / "cond.pb").read_bytes())["node"]
    next(n for n in nodes if n["name"] == "cond_1/Merge")["input"].append(extra)
    # WHEN it is imported THEN the Merge is named among the problems (it was a KeyError)
    with pytest.raises(gg.errors.GraphgateError) as refused:
        tf_graph.to_document(nodes)
    assert refused.value.code == "TF_GRAPH_UNSUPPORTED"
    assert refused.value.node == "cond_1/Merge"


def test_a_loop_started_from_an_output_its_input_lacks_is_unknown_input():
    # GIVEN TF's loop in a cond whose loop variable starts from `i:1` (`i` has one output)
    doc = tf_graph.decode_graph_def((FIXTURES / "tf_formats" / "loop_in_cond.pb").read_bytes())
    next(n for n in doc["node"] if n["name"] == "cond/while/Switch")["input"][0] = "i:1"
    # WHEN it is imported THEN the missing output is named (it was an IndexError)
    with pytest.raises(gg.errors.GraphgateError) as refused, gg.Graph().as_default():
        gg.import_graph_def(tf_graph.to_document(doc["node"]), name="")
    assert refused.value.code == "UNKNOWN_INPUT"
    assert refused.value.details == {"input": "i:1"}
