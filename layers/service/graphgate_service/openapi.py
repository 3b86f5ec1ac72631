"""The OpenAPI document, loaded once, and request validation from its schemas.

Validation lives in the functions rather than in API Gateway so that a client
gets every failing field with a JSON pointer, not the gateway's one-line
"Invalid request body".
"""

import functools
import itertools
import re
from importlib import resources
from typing import Any

import yaml
from jsonschema import Draft7Validator, ValidationError, validators
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from graphgate_service.problems import BadRequest
from graphgate_service.redaction import redact_text

SPEC_URI = "urn:graphgate:openapi"
MAX_REPORTED_ERRORS = 20
# Validation stops after this many errors: a 6 MB body of 10,000 wrong feed batches
# yielded one error (with its oneOf context) per batch, ~47 s on a busy machine for an
# answer that reports 20 of them.
MAX_COLLECTED_ERRORS = 100
# Containers longer than this are shown by their head and length in error messages.
REPR_ITEMS = 8


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


# The prediction protocols' routes answer as TF Serving and KServe do, which ignore
# conditional headers.
PROTOCOL_TAGS = frozenset({"kserve", "tfserving"})
CONDITIONAL_HEADERS = frozenset({"if-match", "if-none-match"})


@functools.cache
def has_no_validator(resource: str, method: str) -> bool:
    """Whether `method resource` is one of graphgate's own operations whose target has no
    ETag to meet If-Match or If-None-Match: it documents neither header (RFC 9110 §13.1
    then says how each evaluates). False for a prediction protocol's or an unknown one."""
    item = spec()["paths"].get(resource) or {}
    operation = item.get(method.lower())
    if not operation or PROTOCOL_TAGS & set(operation.get("tags") or ()):
        return False
    parameters = [*item.get("parameters", ()), *operation.get("parameters", ())]
    for parameter in map(_parameter, parameters):
        if parameter.get("in") == "header" and parameter["name"].lower() in CONDITIONAL_HEADERS:
            return False
    return True


@functools.cache
def query_parameters(resource: str, method: str) -> frozenset[str] | None:
    """The query parameters `method resource` documents, for graphgate's own operations;
    None for a prediction protocol's (their servers ignore a query), the console's pages (a
    browser's link may carry anything) or an operation the document lacks."""
    item = spec()["paths"].get(resource) or {}
    operation = item.get(method.lower())
    if not operation or (PROTOCOL_TAGS | {"console"}) & set(operation.get("tags") or ()):
        return None
    return frozenset(
        parameter["name"]
        for parameter in map(
            _parameter, [*item.get("parameters", ()), *operation.get("parameters", ())]
        )
        if parameter.get("in") == "query"
    )


def _parameter(parameter: dict[str, Any]) -> dict[str, Any]:
    """A parameter of the document, its `$ref` followed."""
    if "$ref" in parameter:
        return spec()["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
    return parameter


@functools.cache
def response_media_types(resource: str, method: str) -> tuple[str, ...]:
    """The media types the document says `method resource` answers with when it
    succeeds (its 2xx and 3xx responses), in the order written; () if none."""
    operation = (spec()["paths"].get(resource) or {}).get(method.lower()) or {}
    found: list[str] = []
    for status, response in (operation.get("responses") or {}).items():
        if str(status)[0] not in "23":
            continue
        if "$ref" in response:
            response = spec()["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
        found += [media for media in response.get("content") or {} if media not in found]
    return tuple(found)


def request_media_types(resource: str, method: str) -> tuple[str, ...]:
    """The media types the document says `method resource` takes as its body; () if none."""
    operation = (spec()["paths"].get(resource) or {}).get(method.lower()) or {}
    return tuple((operation.get("requestBody") or {}).get("content") or {})


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


def _is_integer(_checker: Any, value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@functools.cache
def ecma_pattern(pattern: str) -> re.Pattern[str]:
    """`pattern` as JSON Schema reads it (ECMA-262): `$` outside a character class is the
    end of the string, where Python's also matches before a final newline, so
    `^[a-z]+$` took "prod\\n" as a tag and a dataset's array name."""
    out, in_class, escaped = [], False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            char = r"\Z"
        out.append(char)
    return re.compile("".join(out))


def _pattern(validator: Any, pattern: str, instance: Any, _schema: Any) -> Any:
    if validator.is_type(instance, "string") and not ecma_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_ITEMS = Draft7Validator.VALIDATORS["items"]
# The Python types of the JSON Schema types an item is checked as without descending into it.
_PLAIN_TYPES = {"object": dict, "string": str, "array": list}


def _items(validator: Any, items: Any, instance: Any, schema: Any) -> Any:
    """jsonschema's `items`, descending only into the items that fail a schema that is a bare
    `{type: ...}`: a graph's nodes (`{type: object}` each) were checked one validator apiece,
    9.7 s for 80,000 of them before the engine refused the graph for its node count."""
    plain = isinstance(items, dict) and items.keys() == {"type"} and isinstance(items["type"], str)
    wanted = _PLAIN_TYPES.get(items["type"]) if plain else None
    if wanted is None or not validator.is_type(instance, "array"):
        yield from _ITEMS(validator, items, instance, schema)
        return
    for index, item in enumerate(instance):
        if not isinstance(item, wanted):
            yield from validator.descend(item, items, path=index)


# JSON Schema counts 1.0 as an integer, but the code behind an integer field takes a
# Python int: a run's `"steps": 1.0` reached range() and answered 500. A number written
# with a fraction or an exponent is a TYPE error in an integer field, like "1" is.
_Validator = validators.extend(
    Draft7Validator,
    validators={"pattern": _pattern, "items": _items},
    type_checker=Draft7Validator.TYPE_CHECKER.redefine("integer", _is_integer),
)


@functools.cache
def validator(schema_name: str) -> Draft7Validator:
    """A validator for `#/components/schemas/<schema_name>`."""
    if schema_name not in spec()["components"]["schemas"]:
        raise KeyError(f"no schema {schema_name!r} in the OpenAPI document")
    ref = {"$ref": f"{SPEC_URI}#/components/schemas/{schema_name}"}
    return _Validator(ref, registry=_registry())


def validate(document: Any, schema_name: str) -> None:
    """Raise BadRequest(VALIDATION_FAILED) listing each failing field (the first
    MAX_COLLECTED_ERRORS found, in document order, of which MAX_REPORTED_ERRORS go out)."""
    found = validator(schema_name).iter_errors(_short_reprs(document))
    errors = sorted(itertools.islice(found, MAX_COLLECTED_ERRORS), key=lambda e: list(e.path))
    if errors:
        reported = [_field_error(e) for e in errors[:MAX_REPORTED_ERRORS]]
        raise BadRequest(
            _detail(schema_name, reported[0], len(errors)),
            code="VALIDATION_FAILED",
            errors=reported,
        )


def _detail(schema_name: str, first: dict[str, str], found: int) -> str:
    """The first failing field in the one line clients show (the CLI prints the detail
    alone): "does not match CreateGraphRequest" told nobody what to change."""
    more = f" (and {found - 1} more in errors)" if found > 1 else ""
    return (
        f"request body does not match {schema_name}: {first['pointer']}: {first['message']}{more}"
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


def _brief(value: Any) -> str:
    """repr(value), with containers cut to their first REPR_ITEMS items and length."""
    if isinstance(value, list):
        head = ", ".join(_brief(v) for v in value[:REPR_ITEMS])
        return f"[{head}, ... ({len(value)} items)]" if len(value) > REPR_ITEMS else f"[{head}]"
    if isinstance(value, dict):
        items = itertools.islice(value.items(), REPR_ITEMS)
        head = ", ".join(f"{k!r}: {_brief(v)}" for k, v in items)
        more = f", ... ({len(value)} keys)" if len(value) > REPR_ITEMS else ""
        return f"{{{head}{more}}}"
    return repr(value)


class _ShortList(list):
    """jsonschema's messages quote the offending value: a wrong 1M-element feed quoted in
    full cost a second a message. These containers quote their head and length."""

    __repr__ = _brief


class _ShortDict(dict):
    __repr__ = _brief


_CONTAINERS = frozenset((list, dict))
# Keys whose values the schema never looks into (a tensor's data): left as they are, so a
# valid request's payload is not walked; messages about their parents still cut them.
_OPAQUE = frozenset(("data", "b64"))


def _short_reprs(node: Any) -> Any:
    """`node` for validation only: the same values in containers with short reprs (the
    request itself is not touched). A list of numbers is scanned at C speed."""
    if type(node) is list:
        if not _CONTAINERS.isdisjoint(set(map(type, node))):
            node = [_short_reprs(v) for v in node]
        return _ShortList(node)
    if type(node) is dict:
        return _ShortDict({k: v if k in _OPAQUE else _short_reprs(v) for k, v in node.items()})
    return node
