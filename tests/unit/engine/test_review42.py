"""Review 42's findings, run unchanged on graphgate against what `tf.compat.v1` observed
(`tests/reference/review42.py`, `fixtures/review42.json`): ngrams' bytes pads and
separators (a 500 or a refusal before) and padding_width checks, sparse.bincount per row
of no columns and of a RaggedTensor (refused before), a Householder operator's
determinant and trace (its matrix's before: 1 for a zero axis where TF says -1), and the
ops TF's no-op elimination drops between a shuffle and its fused repeat (a prefetch was
dropped, a take(-1) kept)."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("review42")


@pytest.mark.parametrize("name", program_names(FIXTURE))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name, 0.0, 0.0)


def _asserting_graph() -> gg.Graph:
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.int32, [], name="x")
        checks = [
            gg.Assert(x > 0, ["x must be positive", x, "and more"], summarize=5),
            gg.debugging.assert_less(x, 10, message="small"),
        ]
        with gg.control_dependencies(checks):
            gg.identity(x * 2, name="y")
    return graph


def test_an_assert_is_written_as_tfs_its_message_strings_among_its_data():
    # review42: a graph holding tf.Assert or an assert_* was TF_EXPORT_UNSUPPORTED as a
    # whole ("attribute template ... has no TF equivalent"); TF 2.21 imports the GraphDef
    # written now, runs it and fails the run where graphgate does
    from graphgate import tf_graph
    from graphgate.serialization import graph_from_dict
    from graphgate.tf_export import graph_def, graph_def_bytes

    written = graph_def(_asserting_graph())
    nodes = {n["name"]: n for n in written["node"]}
    node = nodes["Assert/Assert"]
    assert node["op"] == "Assert" and len(node["input"]) == 4
    message = nodes[node["input"][1]]
    assert message["op"] == "Const" and message["attr"]["dtype"] == {"type": 7}  # DT_STRING
    assert "template" not in node["attr"]
    # read back, it runs as before and fails as before; a second hop writes the first
    first = graph_def_bytes(_asserting_graph())
    document = tf_graph.graph_document(first)
    graph = graph_from_dict(document)
    with gg.Session(graph=graph) as session:
        x, y = graph.get_tensor_by_name("x:0"), graph.get_tensor_by_name("y:0")
        assert session.run(y, {x: 3}) == 6
        for bad in (-1, 12):
            with pytest.raises(gg.errors.InvalidArgumentError):
                session.run(y, {x: bad})
    assert graph_def_bytes(graph) == first


@pytest.mark.parametrize("template", ["[null, null]", "[1]", "not json", '{"a": null}'])
def test_a_documents_assert_template_no_kernel_reads_is_not_written(template):
    # what a hosted document's Assert may hold: refused by name, never a 500 of the export
    from graphgate.serialization import graph_from_dict
    from graphgate.tf_export import graph_def_bytes

    def const(name, datatype, data):
        value = {"datatype": datatype, "shape": [], "data": [data]}
        return {"name": name, "op": "Const", "attrs": {"value": value}}

    doc = {"format": "graphgate.graph/v1", "nodes": [
        const("c", "BOOL", True), const("x", "FP32", 1.0),
        {"name": "a", "op": "Assert", "inputs": ["c", "x"], "attrs": {"template": template}},
    ]}  # fmt: skip
    with pytest.raises(gg.GraphgateError) as info:
        graph_def_bytes(graph_from_dict(doc))
    assert info.value.code == "TF_EXPORT_UNSUPPORTED"
