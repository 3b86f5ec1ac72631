"""A problem's `category` follows its `code`, from one table (problems.CODE_CATEGORIES).

It used to follow the HTTP status, so a `422 DATASET_INVALID` (a file the service cannot
read) said RESOURCE_EXHAUSTED and a `412 ETAG_MISMATCH` FAILED_PRECONDITION. The table is
the one owner; docs/api.md's catalogue shows it and the gateway's templates carry it.
"""

import json
import re

import pytest

from graphgate import errors as engine_errors
from graphgate_service import graph_documents, problems
from tests.support import REPO_ROOT
from tests.unit.service.test_error_codes_documented import (
    _catalogue,
    _gateway_templates,
    _scan_source,
)

# google.rpc's canonical codes, as TF's error classes name them (their `category`).
CANONICAL = {engine_errors.exception_type_from_error_code(n).category for n in range(1, 17)}


def _catalogue_categories() -> dict[str, str]:
    """code -> the category column of docs/api.md's Errors tables ("—" where none)."""
    text = (REPO_ROOT / "docs/api.md").read_text("utf-8")
    section = text.split("\n## Errors\n", 1)[1].split("\n## ", 1)[0]
    found, columns = {}, None
    for line in section.partition("\n### Field codes")[0].splitlines():
        if not line.startswith("|"):
            columns = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if columns is None:
            columns = cells
            continue
        if set(cells[0]) <= set("-: "):
            continue
        row = dict(zip(columns, cells, strict=True))
        for code in re.findall(r"`([A-Z][A-Z0-9_]*)`", row["`code`"]):
            found[code] = row["category"].strip("`")
    return found


def test_every_code_in_the_table_has_a_canonical_category():
    assert set(problems.CODE_CATEGORIES.values()) <= CANONICAL


def test_a_code_both_the_service_and_the_engine_answer_has_one_category():
    shared = set(problems.CODE_CATEGORIES) & set(engine_errors.CODES)
    assert shared  # INVALID_DOCUMENT, DEADLINE_EXCEEDED, ...: the check checks something
    assert {c: problems.CODE_CATEGORIES[c] for c in shared} == {
        c: engine_errors.CODES[c] for c in shared
    }


def test_the_catalogue_shows_each_codes_category_from_the_table():
    shown = _catalogue_categories()
    assert set(shown) == _catalogue()[0]
    problem_codes = {code for code, category in shown.items() if category != "—"}
    assert {c: shown[c] for c in problem_codes} == problems.CODE_CATEGORIES


def test_every_answered_problem_code_has_a_category():
    # Codes only a failed run's or batch's `error` carries have no problem, so no category.
    not_problems = {code for code, category in _catalogue_categories().items() if category == "—"}
    answered = set(_scan_source()[0]) - not_problems - set(engine_errors.CODES)
    assert answered <= set(problems.CODE_CATEGORIES), answered - set(problems.CODE_CATEGORIES)


def test_every_gateway_response_carries_its_codes_category():
    for kind, template in _gateway_templates():
        problem = json.loads(re.sub(r"\$context\.[\w.]+", "0", template))
        assert problem.get("category") == problems.CODE_CATEGORIES[problem["code"]], kind


@pytest.mark.parametrize(
    ("error", "category"),
    [
        (problems.Unprocessable("unreadable", code="DATASET_INVALID"), "INVALID_ARGUMENT"),
        (problems.Unprocessable("too big", code="FEED_TOO_LARGE"), "RESOURCE_EXHAUSTED"),
        (problems.PreconditionFailed("stale", code="ETAG_MISMATCH"), "ABORTED"),
        (problems.Conflict("in use", code="GRAPH_IN_USE"), "FAILED_PRECONDITION"),
        (problems.Conflict("busy", code="SESSION_BUSY"), "ABORTED"),
        (problems.BadRequest("gone", code="UNKNOWN_UPLOAD"), "NOT_FOUND"),
    ],
)
def test_a_problems_category_is_its_codes_not_its_statuses(error, category):
    _, text, _ = problems.from_error(error, "r-1")
    assert json.loads(text)["category"] == category


def test_an_engine_error_keeps_the_engines_own_category():
    # END_OF_SEQUENCE is a 400 (as a client's bad request) but TF's OutOfRangeError.
    error = graph_documents.engine_problem(engine_errors.error("END_OF_SEQUENCE", "done"))
    _, text, _ = problems.from_error(error, "r-1")
    assert (json.loads(text)["code"], json.loads(text)["category"]) == (
        "END_OF_SEQUENCE",
        "OUT_OF_RANGE",
    )
