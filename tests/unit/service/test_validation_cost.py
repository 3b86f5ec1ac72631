"""Validating a request body costs what its answer needs: a body that is wrong in
10,000 places is refused after the first errors (a soak found one taking 47 s to answer
400, past the function's timeout), and a wrong value of a million numbers is quoted by
its head and length, not in full."""

import copy

import jsonschema
import pytest

from graphgate_service import openapi
from graphgate_service.problems import BadRequest


@pytest.fixture
def made(monkeypatch):
    """Counts the ValidationErrors jsonschema builds (each formats its message)."""
    count = [0]
    original = jsonschema.exceptions.ValidationError.__init__

    def counting(self, *args, **kwargs):
        count[0] += 1
        original(self, *args, **kwargs)

    monkeypatch.setattr(jsonschema.exceptions.ValidationError, "__init__", counting)
    return count


def test_validation_stops_after_the_errors_it_can_report(made):
    body = {"fetches": ["y"], "feed_batches": [{"x": [1.0, 2.0]} for _ in range(10_000)]}
    with pytest.raises(BadRequest) as caught:
        openapi.validate(body, "RunRequest")
    assert len(caught.value.errors) == openapi.MAX_REPORTED_ERRORS
    assert caught.value.errors[0]["pointer"] == "/feed_batches/0/x"
    # Each wrong batch makes one error and its oneOf context (one per branch): ~3 a
    # batch, so 30,000 had validation gone on.
    assert made[0] <= 4 * openapi.MAX_COLLECTED_ERRORS


@pytest.mark.parametrize(
    "body",
    [
        {"fetches": ["y"], "targets": [1, [0.5] * 1_000_000]},
        {"fetches": ["y"], "feeds": {"x": [[0.5] * 1000] * 1000}},
        {"fetches": ["y"], "feeds": {"x": {"datatype": "FP32", "data": [0.5] * 1_000_000}}},
    ],
)
def test_a_huge_wrong_value_is_quoted_by_its_head_and_length(body):
    before = copy.deepcopy(body)
    with pytest.raises(BadRequest) as caught:
        openapi.validate(body, "RunRequest")
    message = caught.value.errors[-1]["message"]
    assert "items)" in message and len(message) <= 300
    assert body == before  # the request itself is not touched
    assert all(type(v) is type(before[k]) for k, v in body.items())


def test_small_bodies_are_answered_as_before():
    body = {"fetches": ["y"], "feeds": {"x": {"datatype": "FP32", "shape": [3], "data": [1, 2, 3]}}}
    openapi.validate(body, "RunRequest")
    with pytest.raises(BadRequest) as caught:
        openapi.validate({"fetches": "y", "steps": 0, "nope": 1}, "RunRequest")
    errors = [(e["pointer"], e["code"]) for e in caught.value.errors]
    assert errors == [("/", "ADDITIONALPROPERTIES"), ("/steps", "MINIMUM")]
    assert "'nope' was unexpected" in caught.value.errors[0]["message"]


def test_a_graphs_nodes_are_checked_without_a_validator_apiece(monkeypatch):
    """A graph's `nodes` (each `{type: object}`) took one validator (jsonschema's descend
    and evolve) per node: 9.7 s for 80,000 nodes on a busy machine, before the engine
    refused the graph for its node count. Only a node of the wrong type is descended into,
    and is reported as before."""
    descended = [0]
    original = openapi._Validator.descend

    def counting(self, *args, **kwargs):
        descended[0] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(openapi._Validator, "descend", counting)
    nodes = [{"name": f"n{i}", "op": "NoOp"} for i in range(10_000)]
    body = {"name": "g", "graph": {"format": "graphgate.graph/v2", "nodes": nodes}}
    openapi.validate(body, "CreateGraphRequest")
    assert descended[0] < 10
    nodes[7], nodes[9_000] = 3, "n"
    with pytest.raises(BadRequest) as caught:
        openapi.validate(body, "CreateGraphRequest")
    assert [(e["pointer"], e["code"]) for e in caught.value.errors] == [
        ("/graph/nodes/7", "TYPE"),
        ("/graph/nodes/9000", "TYPE"),
    ]
