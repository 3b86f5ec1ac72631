"""The OpenAPI document, loaded once, and request validation from its schemas.

Validation lives in the functions rather than in API Gateway so that a client
gets every failing field with a JSON pointer, not the gateway's one-line
"Invalid request body".
"""

import functools
from importlib import resources
from typing import Any

import yaml
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from graphgate_service.problems import BadRequest
from graphgate_service.redaction import redact_text

SPEC_URI = "urn:graphgate:openapi"
MAX_REPORTED_ERRORS = 20


@functools.cache
def spec() -> dict[str, Any]:
    """The parsed OpenAPI document shipped with this package."""
    text = resources.files("graphgate_service").joinpath("openapi.yaml").read_text("utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)


def allowed_methods(resource: str) -> list[str]:
    """The methods the document defines for `resource` (an OpenAPI path template)."""
    item = spec()["paths"].get(resource) or {}
    methods = ("get", "head", "post", "put", "patch", "delete", "options")
    return [m.upper() for m in methods if m in item]


def public_document() -> dict[str, Any]:
    """The document as readers see it (/docs): without API Gateway's integration
    details, which name the account's functions and mean nothing to a client, and
    without the CORS preflights, which browsers send by themselves."""

    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if not k.startswith("x-amazon-apigateway")}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    document = strip(spec())
    document["paths"] = {
        path: {method: op for method, op in item.items() if method != "options"}
        for path, item in document["paths"].items()
    }
    return document


def _to_json_schema(node: Any) -> Any:
    """OpenAPI 3.0 schemas are JSON Schema draft 7 except for `nullable`."""
    if isinstance(node, dict):
        converted = {k: _to_json_schema(v) for k, v in node.items() if k != "nullable"}
        if node.get("nullable") and "type" in converted:
            converted["type"] = [converted["type"], "null"]
        return converted
    if isinstance(node, list):
        return [_to_json_schema(v) for v in node]
    return node


@functools.cache
def _registry() -> Registry:
    resource = Resource.from_contents(_to_json_schema(spec()), default_specification=DRAFT7)
    return Registry().with_resource(SPEC_URI, resource)


@functools.cache
def validator(schema_name: str) -> Draft7Validator:
    """A validator for `#/components/schemas/<schema_name>`."""
    if schema_name not in spec()["components"]["schemas"]:
        raise KeyError(f"no schema {schema_name!r} in the OpenAPI document")
    ref = {"$ref": f"{SPEC_URI}#/components/schemas/{schema_name}"}
    return Draft7Validator(ref, registry=_registry())


def validate(document: Any, schema_name: str) -> None:
    """Raise BadRequest(VALIDATION_FAILED) listing each failing field."""
    errors = sorted(validator(schema_name).iter_errors(document), key=lambda e: list(e.path))
    if errors:
        raise BadRequest(
            f"request body does not match {schema_name}",
            code="VALIDATION_FAILED",
            errors=[_field_error(e) for e in errors[:MAX_REPORTED_ERRORS]],
        )


def _field_error(error) -> dict[str, str]:
    pointer = "".join(f"/{str(p).replace('~', '~0').replace('/', '~1')}" for p in error.path)
    return {
        "pointer": pointer or "/",
        "code": str(error.validator).upper(),
        # jsonschema quotes the offending value: never echo a credential sent
        # in the wrong field (error bodies end up in clients' logs).
        "message": redact_text(error.message)[:300],
    }
