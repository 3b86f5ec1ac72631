import pytest

from graphgate_service import graph_documents, problems


def test_dot_escapes_names_so_a_graph_cannot_break_out_of_its_quotes():
    dot = graph_documents.to_dot(
        'evil" -> "x',
        {
            "nodes": [
                {"name": 'a"b', "op": "Const"},
                {"name": "c", "op": "Mul", "inputs": ['a"b:0', '^a"b']},
            ]
        },
    )
    assert dot.startswith('digraph "evil\\" -> \\"x" {')
    assert '"a\\"b" -> "c";' in dot
    assert '"a\\"b" -> "c" [style=dashed];' in dot  # a control dependency


def test_equal_documents_hash_equal_whatever_the_key_order():
    one = {"format": "graphgate.graph/v1", "nodes": [{"name": "a", "op": "Const"}]}
    two = {"nodes": [{"op": "Const", "name": "a"}], "format": "graphgate.graph/v1"}
    assert graph_documents.content_hash(one) == graph_documents.content_hash(two)
    assert graph_documents.content_hash(one) != graph_documents.content_hash({**one, "nodes": []})


def test_describe_reports_placeholders_variables_and_every_node():
    doc = {
        "format": "graphgate.graph/v1",
        "nodes": [
            {"name": "x", "op": "Placeholder", "attrs": {"dtype": "FP32", "shape": [None, 3]}},
            {
                "name": "two",
                "op": "Const",
                "attrs": {"value": {"datatype": "FP32", "shape": [], "data": [2.0]}},
            },
            {"name": "y", "op": "Mul", "inputs": ["x", "two"]},
        ],
    }
    described = graph_documents.describe(doc)
    assert described.node_count == 3
    assert described.signature["placeholders"] == [
        {"name": "x", "dtype": "FP32", "shape": [None, 3]}
    ]
    outputs = {n["name"]: n["outputs"] for n in described.signature["nodes"]}
    assert outputs["y"] == [{"dtype": "FP32", "shape": [None, 3]}]


def test_engine_errors_become_400_with_node_and_code():
    doc = {
        "format": "graphgate.graph/v1",
        "nodes": [{"name": "y", "op": "Mul", "inputs": ["y", "y"]}],
    }
    with pytest.raises(problems.BadRequest) as caught:
        graph_documents.describe(doc)
    assert caught.value.code == "GRAPH_INVALID"
    assert caught.value.errors[0]["node"] == "y"


def test_graphs_over_the_node_limit_are_422_not_400(monkeypatch):
    monkeypatch.setattr(graph_documents, "MAX_NODES", 2)
    doc = {
        "format": "graphgate.graph/v1",
        "nodes": [
            {
                "name": f"c{i}",
                "op": "Const",
                "attrs": {"value": {"datatype": "FP32", "shape": [], "data": [1.0]}},
            }
            for i in range(3)
        ],
    }
    with pytest.raises(problems.Unprocessable) as caught:
        graph_documents.describe(doc)
    assert caught.value.code == "GRAPH_TOO_LARGE"


def test_the_service_keeps_its_own_limits_though_the_engine_has_none():
    # GIVEN a placeholder of 10^10 elements: the engine alone would accept it
    doc = {
        "format": "graphgate.graph/v1",
        "nodes": [
            {"name": "x", "op": "Placeholder", "attrs": {"dtype": "FP32", "shape": [10**5, 10**5]}}
        ],
    }
    # WHEN the service validates it THEN its own tensor limit refuses it, as a 422
    with pytest.raises(problems.Unprocessable) as caught:
        graph_documents.describe(doc)
    assert caught.value.code == "TENSOR_TOO_LARGE"
    limits = graph_documents.engine_limits()
    assert (limits.max_nodes, limits.max_tensor_elements) == (50_000, 100_000_000)
    assert limits.max_constant_bytes == limits.max_feed_bytes == 256 * 2**20


def _chain(n):
    nodes = [{"name": "x", "op": "Placeholder", "attrs": {"dtype": "FP32", "shape": [2]}}]
    nodes += [
        {"name": f"n{i}", "op": "Neg", "inputs": ["x" if i == 0 else f"n{i - 1}"]} for i in range(n)
    ]
    return {"format": "graphgate.graph/v1", "nodes": nodes}


def test_a_stored_revision_is_described_once_and_the_cache_keeps_to_its_node_budget(
    monkeypatch,
):
    built = []
    real = graph_documents.describe
    monkeypatch.setattr(graph_documents, "describe", lambda doc: built.append(1) or real(doc))
    monkeypatch.setattr(graph_documents, "_described", type(graph_documents._described)())
    monkeypatch.setattr(graph_documents, "DESCRIBED_CACHE_NODES", 25)
    doc = _chain(9)  # 10 nodes
    first = graph_documents.describe_stored("t1", "g_a", 1, doc)
    assert graph_documents.describe_stored("t1", "g_a", 1, doc) is first
    assert first.node_count == 10 and len(built) == 1
    # the tenant, the graph and the revision are each part of the key
    for key in (("t2", "g_a", 1), ("t1", "g_b", 1), ("t1", "g_a", 2)):
        assert graph_documents.describe_stored(*key, doc) == first
    assert len(built) == 4
    # 40 nodes described, 25 allowed: the least recently used went first
    assert list(graph_documents._described) == [("t1", "g_b", 1), ("t1", "g_a", 2)]
    # one graph larger than the whole budget is still described only once
    big = _chain(29)
    graph_documents.describe_stored("t1", "g_big", 1, big)
    graph_documents.describe_stored("t1", "g_big", 1, big)
    assert len(built) == 5 and list(graph_documents._described) == [("t1", "g_big", 1)]
