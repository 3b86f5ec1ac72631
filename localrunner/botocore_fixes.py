"""Where botocore spends the functions' CPU on DynamoDB's attribute values in the local
runner, done directly, to the same result. Installed by the embedded AWS only.

botocore validates, serializes and parses every AttributeValue of every item a
function writes or reads through the generic shape walk: a structure of ten members,
each looked up, type-checked and dispatched, recursively (a GetItem's answer of one
item is a hundred calls; a Query page of twenty items, thousands). That was a tenth
of the runner's CPU under the load test's mix (py-spy, benchmarks/runner_load.py).
An AttributeValue that is plain (a dict with members of the types botocore accepts,
as the service builds them and as DynamoDB answers) is checked, written and read
directly, to what botocore's walk gives: no validation error, the same JSON, the same
dicts; anything else takes botocore's own path. So a function still sends and receives
the bytes it would over HTTP, and botocore's errors for malformed values are its own.
"""

import base64
import functools
from typing import Any

# DynamoDB's AttributeValue, member by member (botocore's model, in its order).
_MEMBERS = ("S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL")
# Members held as they are, and the one type each may hold to be.
_SCALARS = {"S": str, "N": str, "NULL": bool, "BOOL": bool}


class _Unusual(Exception):
    """A value the direct path does not handle: botocore's own path takes it."""


def install() -> None:
    """Patch botocore's JSON validator, serializer and parser (idempotent)."""
    _install_direct_validation()
    _install_direct_serialization()
    _install_direct_parsing()


_recognized: dict[int, tuple[Any, bool]] = {}


def _is_attribute_value(shape: Any) -> bool:
    """Whether `shape` is DynamoDB's AttributeValue structure as this module knows it."""
    known = _recognized.get(id(shape))
    if known is None or known[0] is not shape:
        members = getattr(shape, "members", None) or {}
        found = (
            shape.name == "AttributeValue"
            and shape.type_name == "structure"
            and not shape.is_document_type
            and not getattr(shape, "is_tagged_union", False)
            and tuple(members) == _MEMBERS
            and not shape.metadata.get("required")
            and all(_unconstrained(m) for m in members.values())
        )
        known = _recognized[id(shape)] = (shape, found)  # the shape kept: its id stays its own
    return known[1]


def _unconstrained(member: Any) -> bool:
    """Whether botocore checks nothing of `member` (or of its list members and map keys)
    beyond its type: no minimum length, no special serialization."""
    parts = [member, getattr(member, "member", None), getattr(member, "key", None)]
    return all(
        part is None or ("min" not in part.metadata and not part.serialization) for part in parts
    )


def _valid(value: Any) -> None:
    """Return if botocore's validator finds nothing wrong with `value` as an
    AttributeValue (strings, sets, maps and lists have no length rules there), or raise
    _Unusual for anything it would look at more closely."""
    if type(value) is not dict:
        raise _Unusual
    for name, member in value.items():
        kind = type(member)
        if kind is _SCALARS.get(name):
            continue
        if name == "B" and kind in (bytes, str):
            continue
        if name in ("SS", "NS") and kind is list and all(type(m) is str for m in member):
            continue
        if name == "BS" and kind is list and all(type(m) in (bytes, str) for m in member):
            continue
        if name == "M" and kind is dict:
            for key, nested in member.items():
                if type(key) is not str:
                    raise _Unusual
                _valid(nested)
            continue
        if name == "L" and kind is list:
            for nested in member:
                _valid(nested)
            continue
        raise _Unusual


def _install_direct_validation() -> None:
    from botocore.validate import ParamValidator

    original = ParamValidator._validate_structure
    if getattr(original, "graphgate_direct", False):
        return

    @functools.wraps(original)
    def validate_structure(self: Any, params: Any, shape: Any, errors: Any, name: str) -> Any:
        if _is_attribute_value(shape):
            try:
                return _valid(params)
            except _Unusual:
                pass
        return original(self, params, shape, errors, name)

    validate_structure.graphgate_direct = True  # type: ignore[attr-defined]
    ParamValidator._validate_structure = validate_structure


def _base64(value: bytes | str) -> str:
    if type(value) is str:
        value = value.encode("utf-8")
    return base64.b64encode(value).strip().decode("utf-8")


def _written(value: Any) -> dict[str, Any]:
    """`value` as botocore's JSON serializer writes an AttributeValue, or raise _Unusual."""
    if type(value) is not dict:
        raise _Unusual
    written: dict[str, Any] = {}
    for name, member in value.items():  # the caller's order, as botocore writes them
        kind = type(member)
        if kind is _SCALARS.get(name):
            written[name] = member
        elif name == "B" and kind in (bytes, str):
            written[name] = _base64(member)
        elif name in ("SS", "NS") and kind is list and all(type(m) is str for m in member):
            written[name] = list(member)
        elif name == "BS" and kind is list and all(type(m) in (bytes, str) for m in member):
            written[name] = [_base64(m) for m in member]
        elif name == "M" and kind is dict:
            written[name] = {key: _written(nested) for key, nested in member.items()}
        elif name == "L" and kind is list:
            written[name] = [_written(nested) for nested in member]
        else:
            raise _Unusual
    return written


def _install_direct_serialization() -> None:
    from botocore.serialize import JSONSerializer

    original_structure = JSONSerializer._serialize_type_structure
    original_map = JSONSerializer._serialize_type_map
    if getattr(original_structure, "graphgate_direct", False):
        return

    @functools.wraps(original_structure)
    def serialize_structure(self: Any, serialized: Any, value: Any, shape: Any, key: Any) -> None:
        if key is not None and self.MAP_TYPE is dict and _is_attribute_value(shape):
            try:
                serialized[key] = _written(value)
                return
            except _Unusual:
                pass
        original_structure(self, serialized, value, shape, key)

    @functools.wraps(original_map)
    def serialize_map(self: Any, serialized: Any, value: Any, shape: Any, key: Any) -> None:
        # An item (a map of attribute values) at once, not a member at a time.
        if type(value) is dict and self.MAP_TYPE is dict and _is_attribute_value(shape.value):
            try:
                serialized[key] = {name: _written(member) for name, member in value.items()}
                return
            except _Unusual:
                pass
        original_map(self, serialized, value, shape, key)

    serialize_structure.graphgate_direct = True  # type: ignore[attr-defined]
    JSONSerializer._serialize_type_structure = serialize_structure
    JSONSerializer._serialize_type_map = serialize_map


def _read(value: Any) -> Any:
    """An AttributeValue as botocore's JSON parser reads it (members in the model's
    order, absent and null members left out, blobs decoded), or raise _Unusual."""
    if value is None:
        return None  # as botocore answers a null structure
    if type(value) is not dict or not value.keys() <= _KNOWN:
        raise _Unusual
    read: dict[str, Any] = {}
    for name in _MEMBERS:
        raw = value.get(name)
        if raw is None:
            continue
        kind = type(raw)
        if kind is _SCALARS.get(name):
            read[name] = raw
        elif name == "B" and kind is str:
            read[name] = base64.b64decode(raw)
        elif name in ("SS", "NS") and kind is list and all(type(m) is str for m in raw):
            read[name] = list(raw)
        elif name == "BS" and kind is list and all(type(m) is str for m in raw):
            read[name] = [base64.b64decode(m) for m in raw]
        elif name == "M" and kind is dict:
            read[name] = {key: _read(nested) for key, nested in raw.items()}
        elif name == "L" and kind is list:
            read[name] = [_read(nested) for nested in raw]
        else:
            raise _Unusual
    return read


_KNOWN = frozenset(_MEMBERS)


def _install_direct_parsing() -> None:
    from botocore.parsers import BaseJSONParser, ResponseParser

    original_structure = BaseJSONParser._handle_structure
    original_map = BaseJSONParser._handle_map
    if getattr(original_structure, "graphgate_direct", False):
        return
    default_blobs = ResponseParser._default_blob_parser

    def direct(parser: Any, shape: Any) -> bool:
        blobs = getattr(parser._blob_parser, "__func__", None)
        return blobs is default_blobs and _is_attribute_value(shape)

    @functools.wraps(original_structure)
    def handle_structure(self: Any, shape: Any, value: Any) -> Any:
        if direct(self, shape):
            try:
                return _read(value)
            except (_Unusual, ValueError):  # binascii.Error is a ValueError
                pass
        return original_structure(self, shape, value)

    @functools.wraps(original_map)
    def handle_map(self: Any, shape: Any, value: Any) -> Any:
        if type(value) is dict and shape.key.type_name == "string" and direct(self, shape.value):
            try:
                return {key: _read(nested) for key, nested in value.items()}
            except (_Unusual, ValueError):
                pass
        return original_map(self, shape, value)

    handle_structure.graphgate_direct = True  # type: ignore[attr-defined]
    BaseJSONParser._handle_structure = handle_structure
    BaseJSONParser._handle_map = handle_map
