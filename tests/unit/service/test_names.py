"""Display names (graphs', datasets'): one rule, stated in the OpenAPI document and
enforced by the request validation with JSON Schema's own regex semantics."""

import pytest

from graphgate_service import names, openapi
from graphgate_service.problems import BadRequest


def display_name_schemas():
    schemas = openapi.spec()["components"]["schemas"]
    return {
        "GraphName": schemas["GraphName"],
        "CreateDatasetRequest/name": schemas["CreateDatasetRequest"]["properties"]["name"],
    }


@pytest.mark.parametrize("where", list(display_name_schemas()))
def test_every_display_name_in_the_document_has_the_one_rule(where):
    schema = display_name_schemas()[where]
    assert schema["pattern"] == names.DISPLAY_NAME
    assert "control characters" in schema["description"]


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        ("^[a-z]+$", "prod", True),
        ("^[a-z]+$", "prod\n", False),  # Python's `$` alone matches before a final newline
        ("^[$a]+$", "$a", True),  # in a class, `$` is itself
        (r"^a\$$", "a$", True),  # escaped, too
        ("^a$|^b$", "b\n", False),
        ("^a", "abc\n", True),  # no `$`: a prefix is enough, as JSON Schema says
    ],
)
def test_patterns_are_read_as_json_schema_reads_them(pattern, text, matches):
    assert bool(openapi.ecma_pattern(pattern).search(text)) is matches


def test_the_validator_refuses_a_name_python_regex_alone_would_take():
    graph = {"format": "x", "nodes": []}
    with pytest.raises(BadRequest) as refused:
        openapi.validate({"name": "g\n", "graph": graph}, "CreateGraphRequest")
    assert [e["pointer"] for e in refused.value.errors] == ["/name"]
    openapi.validate({"name": "g", "graph": graph}, "CreateGraphRequest")


@pytest.mark.parametrize(
    ("text", "fitted"),
    [
        ("plain", "plain"),
        ("  padded\t", "padded"),
        ("a\x00\x01b", "a b"),
        ("\u202eexe.png", "exe.png"),
        ("\n\u2028 ", "default"),
        ("abc  def", "abc  def"),
        ("x" * 10 + " y", "x" * 10),
    ],
)
def test_a_foreign_name_is_fitted_to_the_rule(text, fitted):
    made = names.fitted(text, 10, "default")
    assert made == fitted
    assert openapi.ecma_pattern(names.DISPLAY_NAME).search(made)


def description_schemas():
    spec = openapi.spec()
    schemas = spec["components"]["schemas"]
    onnx = spec["components"]["parameters"]["OnnxDescription"]["schema"]
    return {
        "GraphDescription": schemas["GraphDescription"],
        "CreateGraphRequest/description": schemas["CreateGraphRequest"]["properties"][
            "description"
        ],
        "GraphMetadataPatch/description": schemas["GraphMetadataPatch"]["properties"][
            "description"
        ],
        "OnnxDescription": onnx,
        "CreateModelVersionRequest/description": schemas["CreateModelVersionRequest"]["properties"][
            "description"
        ],
    }


@pytest.mark.parametrize("where", list(description_schemas()))
def test_every_description_in_the_document_has_the_one_rule_and_a_bound(where):
    schema = description_schemas()[where]
    if "$ref" in schema:
        schema = openapi.spec()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    assert schema["pattern"] == names.DESCRIPTION and schema["maxLength"] <= 2000
    assert "control characters" in schema["description"]


@pytest.mark.parametrize(
    ("text", "taken"),
    [
        ("A model.\n\n- trained on moons\n\tindented", True),
        ("  spaces at the ends, and a newline at the end\n", True),
        ("مدل — 日本 👩\u200d🔬", True),
        ("", True),
        ("nul\x00", False),
        ("bell\x07", False),
        ("crlf\r\n", False),
        ("escape\x1b[31mred", False),
        ("c1\x85", False),
        ("\u202eexe.png", False),
        ("sep\u2028", False),
    ],
)
def test_a_description_is_prose_tab_and_newline_its_only_controls(text, taken):
    graph = {"format": "x", "nodes": []}
    request = {"name": "g", "graph": graph, "description": text}
    if taken:
        openapi.validate(request, "CreateGraphRequest")
        return
    with pytest.raises(BadRequest) as refused:
        openapi.validate(request, "CreateGraphRequest")
    assert [e["pointer"] for e in refused.value.errors] == ["/description"]
