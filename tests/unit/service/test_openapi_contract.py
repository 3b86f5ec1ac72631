"""The OpenAPI document is what API Gateway imports and clients read: check
what would silently break either."""

import re

import pytest

from graphgate_service import openapi, scopes
from graphgate_service.problems import BadRequest
from localrunner.cfn import load_yaml
from tests.support import REPO_ROOT

METHODS = ("get", "put", "post", "delete", "patch")


@pytest.fixture(scope="module")
def spec():
    return openapi.spec()


def operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in (*METHODS, "options"):
                yield path, method, operation


def test_the_document_is_openapi_3_0_because_api_gateway_imports_nothing_newer(spec):
    assert re.fullmatch(r"3\.0\.\d+", spec["openapi"])


def test_the_layer_ships_the_same_document_as_the_repository(spec):
    assert spec == load_yaml(REPO_ROOT / "api" / "openapi.yaml")


def test_every_operation_integrates_with_a_function_of_the_template(spec):
    functions = {
        name
        for name, r in load_yaml(REPO_ROOT / "template.yaml")["Resources"].items()
        if r["Type"] == "AWS::Serverless::Function"
    }
    for path, method, operation in operations(spec):
        uri = operation["x-amazon-apigateway-integration"]["uri"]["Fn::Sub"]
        target = re.search(r"\$\{(\w+)\.Arn\}", uri).group(1)
        assert target in functions, f"{method} {path} -> {target}"
        assert operation["x-amazon-apigateway-integration"]["type"] == "aws_proxy"


def test_every_operation_declares_each_parameter_of_its_path(spec):
    # OpenAPI 3.0.3 (Path Item Object): each template expression of a path MUST be a path
    # parameter of the path item or of each of its operations. The 29 preflights of
    # templated paths declared none: the document was invalid, and schemathesis' CLI
    # refused every one of those operations (round 14).
    shared = spec["components"]["parameters"]
    for path, method, operation in operations(spec):
        declared = {
            p["name"]
            for p in (
                shared[p["$ref"].rsplit("/", 1)[-1]] if "$ref" in p else p
                for p in [
                    *spec["paths"][path].get("parameters", []),
                    *operation.get("parameters", []),
                ]
            )
            if p["in"] == "path"
        }
        assert declared == set(re.findall(r"{(\w+)}", path)), f"{method} {path}"


def test_a_label_path_parameter_is_as_the_models_routes_take_it(spec):
    # Round 14: the pattern took a label of digits only, which the description and the
    # routes refuse (a number names a version): schemathesis sent `0` as valid, got 400.
    pattern = openapi.ecma_pattern(
        spec["components"]["parameters"]["ModelLabel"]["schema"]["pattern"]
    )
    assert [bool(pattern.search(v)) for v in ("stable", "v2", "2b", "0", "12", "")] == [
        *(True, True, True),
        *(False, False, False),
    ]


def test_every_path_answers_cors_preflight_without_a_key(spec):
    for path, item in spec["paths"].items():
        assert "options" in item, path
        assert item["options"]["security"] == [], path


def test_every_keyed_operation_documents_the_edge_errors(spec):
    assert spec["security"] and all("api_key" in r for r in spec["security"])
    for path, method, operation in operations(spec):
        if method == "options" or operation.get("operationId") in scopes.PUBLIC:
            continue  # the console's static pages: tests/unit/service/test_scopes_contract.py
        requirements = operation.get("security", spec["security"])
        assert requirements and all("api_key" in r for r in requirements), (
            f"{method} {path} must not opt out of API keys"
        )
        assert {"400", "403", "429", "500"} <= set(operation["responses"]), f"{method} {path}"
        assert operation.get("operationId"), f"{method} {path}"


def test_request_validation_reports_every_failing_field_with_a_pointer():
    with pytest.raises(BadRequest) as caught:
        openapi.validate({"status": "ok", "stage": 3, "checks": {"table": "down"}}, "Health")
    error = caught.value
    assert error.code == "VALIDATION_FAILED"
    pointers = {e["pointer"] for e in error.errors}
    assert {"/stage", "/checks/table", "/"} <= pointers  # "/" = missing `version`


def test_valid_documents_pass_validation():
    openapi.validate({"status": "ok", "stage": "s", "version": "1", "checks": {}}, "Health")


def test_operations_taking_an_idempotency_key_document_its_409_and_422(spec):
    for path, method, operation in operations(spec):
        refs = [p.get("$ref", "") for p in operation.get("parameters", [])]
        if any(r.endswith("/IdempotencyKey") for r in refs):
            assert {"409", "422"} <= set(operation["responses"]), f"{method} {path}"


def test_operations_answering_in_a_media_type_document_the_406_of_other_accepts(spec):
    # The service answers 406 for an Accept header none of these types satisfies.
    for path, method, operation in operations(spec):
        offered = openapi.response_media_types(path, method)
        if method != "options" and offered and "*/*" not in offered:
            assert "406" in operation["responses"], f"{method} {path}"


def test_writes_whose_target_has_no_etag_document_the_412_of_a_precondition(spec):
    # api._no_validator_to_match answers If-Match listing tags, or If-None-Match: *, there.
    writes = [(p, m, o) for p, m, o in operations(spec) if m in ("post", "put", "patch", "delete")]
    unconditional = [(p, m) for p, m, _ in writes if openapi.has_no_validator(p, m)]
    assert ("/v1/graphs", "post") in unconditional
    assert ("/v1/sessions/{sessionId}", "delete") in unconditional
    assert ("/v1/graphs/{graphId}", "put") not in unconditional  # it has an ETag
    assert ("/v2/models/{model}/infer", "post") not in unconditional  # KServe ignores them
    for path, method, operation in writes:
        if (path, method) in unconditional:
            assert "412" in operation["responses"], f"{method} {path}"


def test_every_201_names_what_it_created_in_location(spec):
    for path, method, operation in operations(spec):
        created = operation["responses"].get("201")
        if created is not None:
            assert "Location" in created.get("headers", {}), f"{method} {path}"


def test_every_request_example_is_a_valid_request(spec):
    # Examples are what a reader copies first, and the fuzzer sends them as-is.
    checked = 0
    for _, _, operation in operations(spec):
        media = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
        if "example" in media:
            openapi.validate(media["example"], media["schema"]["$ref"].rsplit("/", 1)[-1])
            checked += 1
    assert checked >= 7
