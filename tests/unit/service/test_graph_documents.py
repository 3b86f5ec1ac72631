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
