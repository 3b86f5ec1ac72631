"""Strict JSON request bodies, parsed in exactly one place.

Python's json module accepts things that are not JSON or that no client should
send: NaN and Infinity, numbers that overflow to infinity (`1e400`, and integers
past a double's range: a 10**400 `timeout_ms` was a 500), duplicate keys (the
last silently wins), unbounded nesting and lone UTF-16 surrogates that cannot
be stored or re-encoded. Each is a 400 here, never a 500 later.
"""

import json
import math
import re
from typing import Any

from graphgate_service.problems import BadRequest

MAX_DEPTH = 64
# The digits of the largest integer a double holds (about 1.8 x 10^308).
_DOUBLE_DIGITS = 309


def _invalid(detail: str) -> BadRequest:
    return BadRequest(detail, code="INVALID_JSON")


def _reject_constant(token: str) -> Any:
    raise _invalid(f"{token} is not valid JSON")


def _non_finite(token: str) -> float:
    return float(token)


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _invalid(f"number {text[:40]} overflows a double")
    return value


def _finite_int(text: str) -> int:
    # More digits than a double's largest integer has (309) always overflow it; past 4,300
    # Python's int() refuses the text itself, in words naming sys.set_int_max_str_digits.
    if len(text) - text.startswith("-") > _DOUBLE_DIGITS:
        raise _invalid(f"number {text[:40]} overflows a double")
    value = int(text)
    try:
        float(value)
    except OverflowError:
        raise _invalid(f"number {text[:40]} overflows a double") from None
    return value


# An integer past a double's range has at least 309 digits. Only a body holding such a run
# of digits (in a number, or inside a string, where it costs the check and nothing more)
# reads each integer through _finite_int; json's own int reader is three times as fast.
_LONG_DIGITS = re.compile(f"[0-9]{{{_DOUBLE_DIGITS}}}")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        duplicate = next(k for k, _ in pairs if k in seen or seen.add(k))
        raise _invalid(f"duplicate object key {duplicate!r}")
    return result


def _check_strings_and_depth(document: Any) -> None:
    """Walk containers iteratively: bounded depth, every string valid UTF-8."""
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            _check_string(value)
        elif isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                raise _invalid(f"JSON nested deeper than {MAX_DEPTH} levels")
            items = value.items() if isinstance(value, dict) else ((None, v) for v in value)
            for key, item in items:
                if key is not None:
                    _check_string(key)
                if isinstance(item, str | dict | list):
                    stack.append((item, depth + 1))


def _check_string(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise _invalid("string contains a lone surrogate") from None


def loads(raw: str | bytes | None, non_finite: bool = False) -> Any:
    """Parse a request body strictly; raises BadRequest(code=INVALID_JSON).

    `non_finite` admits the NaN, Infinity and -Infinity tokens, which TF Serving's REST
    API takes (its "JSON conformance" section) and its clients send."""
    if raw is None or raw == "" or raw == b"":
        raise _invalid("request body is empty; a JSON document is required")
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _invalid(f"body is not UTF-8 (byte {exc.start})") from None
    try:
        document = json.loads(
            raw,
            parse_constant=_non_finite if non_finite else _reject_constant,
            parse_float=_finite_float,
            parse_int=_finite_int if _LONG_DIGITS.search(raw) else None,
            object_pairs_hook=_unique_keys,
        )
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise _invalid(f"malformed JSON at {where}: {exc.msg}") from None
    except RecursionError:
        raise _invalid(f"JSON nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:  # anything else json's readers refuse
        raise _invalid(f"malformed JSON: {str(exc)[:120]}") from None
    _check_strings_and_depth(document)
    return document
