"""docs/api.md's catalogue is exactly the set of `code`s the API answers.

Clients switch on `code` (docs/api.md says it is stable), so a code the catalogue
lacks is one they cannot handle on purpose, and a code it lists that nothing
answers any more is one they handle for nothing. The answered set is found by
reading the source, not by calling routes, so a rarely reached branch counts too:

- string literals given as `code=` to any call, or at a `code` parameter's position
  to a function that takes one (`input_error(name, "INPUT_MISSING", ...)`), or as
  such a parameter's default (`invalid_grant`'s `INVALID_GRANT`);
- `"code": "..."` entries of dict literals (a failed run's or batch's `error`);
  those beside a `"pointer"` are field codes (`errors[].code`), listed apart;
- a problems.py class's default `code`, only where that class is raised without one;
- the gateway responses' templates (the OpenAPI document template.yaml includes,
  and any `GatewayResponses` in template.yaml itself);
- for field codes, the JSON Schema keywords the request schemas validate with
  (openapi.py reports a failed keyword, upper-cased, as the field's code).

Engine codes pass through too (graph_documents.engine_problem) but are the engine's
table, kept in step with docs/engine.md by tests/unit/engine; the catalogue links there.
"""

import ast
import functools
import json
import re
from collections.abc import Iterator
from pathlib import Path

from jsonschema import Draft7Validator

from graphgate_service import openapi, problems
from localrunner.cfn import load_yaml
from tests.support import REPO_ROOT

SOURCES = ("layers/service/graphgate_service", "functions", "localrunner")
PROBLEMS = REPO_ROOT / "layers/service/graphgate_service/problems.py"
CODE = re.compile(r"[A-Z][A-Z0-9_]*\Z")
FIELD_CODES_HEADING = "### Field codes"
# Keywords whose failures jsonschema reports under a nested keyword, or (format)
# not at all: openapi.validator is built without a format checker.
NOT_REPORTED = {"$ref", "allOf", "items", "properties", "patternProperties", "if", "format"}

Found = dict[str, set[str]]  # code -> where ("file.py:line")


def _trees() -> list[tuple[Path, ast.Module]]:
    paths = sorted(p for d in SOURCES for p in (REPO_ROOT / d).rglob("*.py"))
    return [(p, ast.parse(p.read_text("utf-8"), str(p))) for p in paths]


def _codes_in(node: ast.AST) -> set[str]:
    """The code-shaped string literals of an expression (`"A" if x else "B"` gives both)."""
    return {
        n.value
        for n in ast.walk(node)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and CODE.match(n.value)
    }


def _callee(call: ast.Call) -> str | None:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _defaults(function: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, ast.expr]:
    """Each parameter's default expression, by name."""
    positional = [a.arg for a in function.args.posonlyargs + function.args.args]
    given = function.args.defaults
    defaults = dict(zip(positional[len(positional) - len(given) :], given, strict=True))
    keyword_only = zip(function.args.kwonlyargs, function.args.kw_defaults, strict=True)
    return defaults | {a.arg: d for a, d in keyword_only if d is not None}


def _code_parameters(trees: list[tuple[Path, ast.Module]], found: Found) -> dict[str, int]:
    """Functions taking a positional `code` parameter, by name: its index. Records the
    literal defaults of every `code` parameter in `found` as it goes."""
    positions = {}
    for path, tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            default = _defaults(node).get("code")
            for code in _codes_in(default) if default else ():
                found.setdefault(code, set()).add(f"{path.name}:{node.lineno}")
            names = [a.arg for a in node.args.posonlyargs + node.args.args]
            if "code" in names:
                skip = 1 if names[0] in ("self", "cls") else 0
                positions[node.name] = names.index("code") - skip
    return positions


def _problem_classes() -> dict[str, str]:
    """problems.py's classes with their default codes."""
    classes = {}
    for node in ast.parse(PROBLEMS.read_text("utf-8")).body:
        if isinstance(node, ast.ClassDef):
            for statement in node.body:
                if isinstance(statement, ast.Assign) and any(
                    getattr(t, "id", None) == "code" for t in statement.targets
                ):
                    classes[node.name] = statement.value.value
    return classes


def _imported_problem_classes(tree: ast.Module, classes: dict[str, str]) -> set[str]:
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "graphgate_service.problems"
        for alias in node.names
        if alias.name in classes
    }


def _raises_default(call: ast.Call, classes: dict[str, str], imported: set[str]) -> str | None:
    """The problems class whose default code this call answers with, if any."""
    func = call.func
    if isinstance(func, ast.Attribute) and getattr(func.value, "id", None) == "problems":
        name = func.attr
    elif isinstance(func, ast.Name) and func.id in imported:
        name = func.id  # not a homonym like bearer.Unauthorized: imported from problems
    else:
        return None
    if name not in classes or any(k.arg in ("code", None) for k in call.keywords):
        return None  # `**kwargs` may carry a code: not counted as the default
    return name


@functools.cache  # every test reads the same source: parse it once
def _scan_source() -> tuple[Found, Found]:
    """(problem and error codes, field codes) the service, functions and runner answer."""
    trees = _trees()
    answered: Found = {}
    fields: Found = {}
    positions = _code_parameters(trees, answered)
    classes = _problem_classes()
    for path, tree in trees:
        imported = _imported_problem_classes(tree, classes)
        for node in ast.walk(tree):
            where = f"{path.name}:{getattr(node, 'lineno', 0)}"
            codes: set[str] = set()
            if isinstance(node, ast.Call):
                codes |= {c for k in node.keywords if k.arg == "code" for c in _codes_in(k.value)}
                position = positions.get(_callee(node))
                if position is not None and len(node.args) > position:
                    codes |= _codes_in(node.args[position])
                default = _raises_default(node, classes, imported)
                if default:
                    codes.add(classes[default])
            elif isinstance(node, ast.Dict):
                keys = [k.value if isinstance(k, ast.Constant) else None for k in node.keys]
                if "code" in keys:
                    value = _codes_in(node.values[keys.index("code")])
                    for code in value:
                        (fields if "pointer" in keys else answered).setdefault(code, set()).add(
                            where
                        )
            for code in codes:
                answered.setdefault(code, set()).add(where)
    return answered, fields


def _gateway_templates() -> Iterator[tuple[str, str]]:
    """(response type, JSON template) of every gateway response the stack configures."""
    document = openapi.spec()  # api/openapi.yaml, which template.yaml includes
    for kind, response in document.get("x-amazon-apigateway-gateway-responses", {}).items():
        yield kind, response["responseTemplates"]["application/json"]
    template = load_yaml(REPO_ROOT / "template.yaml")
    for name, resource in template["Resources"].items():
        for kind, response in (
            (resource.get("Properties") or {}).get("GatewayResponses", {}).items()
        ):
            yield f"{name}.{kind}", response["ResponseTemplates"]["application/json"]


@functools.cache
def _gateway_codes() -> Found:
    found: Found = {}
    for kind, text in _gateway_templates():
        # `"status":$context.error.statusCode` is bare: any number makes it JSON.
        problem = json.loads(re.sub(r"\$context\.[\w.]+", "0", text))
        found.setdefault(problem["code"], set()).add(f"gateway response {kind}")
    return found


def _schema_keywords() -> set[str]:
    """The JSON Schema keywords the OpenAPI document's schemas use, upper-cased."""
    document = openapi.spec()  # api/openapi.yaml, which template.yaml includes
    used: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("properties", "patternProperties"):
                    for schema in value.values():
                        walk(schema)
                    continue
                if key in Draft7Validator.VALIDATORS and key not in NOT_REPORTED:
                    used.add(key.upper())
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(document["components"]["schemas"])
    return used


def _catalogue() -> tuple[set[str], set[str]]:
    """(codes, field codes) of docs/api.md's Errors section: the `code` column of each table."""
    text = (REPO_ROOT / "docs/api.md").read_text("utf-8")
    section = text.split("\n## Errors\n", 1)[1].split("\n## ", 1)[0]
    problems_part, _, fields_part = section.partition(f"\n{FIELD_CODES_HEADING}")
    return _code_column(problems_part), _code_column(fields_part)


def _code_column(text: str) -> set[str]:
    codes, column = set(), None
    for line in text.splitlines():
        if not line.startswith("|"):
            column = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if column is None:
            column = cells.index("`code`") if "`code`" in cells else -1
        elif column >= 0 and not set(cells[column]) <= set("-: "):
            codes |= set(re.findall(r"`([A-Z][A-Z0-9_]*)`", cells[column]))
    return codes


def _listing(found: Found, codes: set[str]) -> str:
    return ", ".join(f"{c} ({', '.join(sorted(found.get(c, ()))[:2])})" for c in sorted(codes))


def test_every_answered_code_is_in_the_catalogue():
    answered = _scan_source()[0] | _gateway_codes()
    documented, _ = _catalogue()
    missing = set(answered) - documented
    assert not missing, f"add to docs/api.md's error catalogue: {_listing(answered, missing)}"


def test_every_catalogued_code_is_still_answered():
    answered, _ = _scan_source()
    documented, _ = _catalogue()
    stale = documented - set(answered) - set(_gateway_codes())
    assert not stale, f"docs/api.md catalogues codes nothing answers: {sorted(stale)}"


def test_every_field_code_is_documented_and_answered():
    _, fields = _scan_source()
    answered = set(fields) | _schema_keywords()
    _, documented = _catalogue()
    assert not answered - documented, (
        f"add to docs/api.md's field codes: {sorted(answered - documented)}"
    )
    assert not documented - answered, (
        f"docs/api.md lists field codes nothing answers: {sorted(documented - answered)}"
    )


def test_the_scan_sees_each_kind_of_source():
    # Guards the scan itself: one code reached by each route into `answered`.
    answered, fields = _scan_source()
    assert {"GRAPH_NOT_FOUND", "INPUT_MISSING", "INVALID_GRANT", "WORKER_LOST"} <= set(answered)
    assert "INTERNAL" in answered  # problems.ApiError raised without a code (api.py)
    assert "BAD_REQUEST" not in answered  # every BadRequest names its code
    assert {"GATEWAY_ERROR", "INVALID_TOKEN"} <= set(_gateway_codes())
    assert {"PATTERN", "UNIQUE"} <= set(fields) and "REQUIRED" in _schema_keywords()


def test_the_catalogue_links_the_engine_codes_it_does_not_copy():
    section = (REPO_ROOT / "docs/api.md").read_text("utf-8").split("\n## Errors\n", 1)[1]
    assert "engine.md#errors" in section.split("\n## ", 1)[0]


def test_every_problem_is_titled_with_rfc_9110s_phrase_on_any_python():
    # Round 14: `title` was Python's phrase, which 3.13 (Lambda) took from RFC 9110 and 3.11
    # (the local runner) did not, and the gateway's 413 said "Payload Too Large": one
    # problem, three titles. RFC 9457 §4.2.1 asks for the status's phrase, RFC 9110's.
    assert (problems.title(413), problems.title(422)) == (
        "Content Too Large",
        "Unprocessable Content",
    )
    assert json.loads(problems.body(422, "GRAPH_TOO_LARGE", "x", None))["title"] == (
        "Unprocessable Content"
    )
    for kind, text in _gateway_templates():
        problem = json.loads(re.sub(r"\$context\.[\w.]+", "0", text))
        if problem["status"]:  # a fixed status, not the gateway's own
            assert problem["title"] == problems.title(problem["status"]), kind
