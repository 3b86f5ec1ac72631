"""HTTP details routes share: query parameters, headers, content negotiation,
conditional requests, pagination links and JSON responses."""

import base64
import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent

from graphgate_service import problems
from graphgate_service.redaction import redact_text


def respond(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    """A JSON response."""
    text = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
    return Response(status, "application/json", text, headers or {})


# Fields whose value is a comma-separated list: several lines of one are one list, in
# order (RFC 9110 §5.3). The event's `headers` holds only the last line, so
# `If-None-Match: <current>` then `If-None-Match: "x"` let a write through that the
# first line forbids.
LIST_FIELDS = frozenset({"accept", "if-match", "if-none-match", "prefer"})


def header(app: APIGatewayRestResolver, name: str) -> str | None:
    """A request header's value: the last line's, or for a list field every line's."""
    return event_header(app.current_event, name)


def event_header(event: APIGatewayProxyEvent, name: str) -> str | None:
    """`header` of an event the resolver has not taken up yet (the entry point's)."""
    if name.lower() in LIST_FIELDS:
        lines = [
            value
            for field, values in (event.multi_value_headers or {}).items()
            if field.lower() == name.lower()
            for value in values or ()
        ]
        if len(lines) > 1:
            return ", ".join(lines)
    return (event.headers or {}).get(name)


def raw_body(app: APIGatewayRestResolver) -> bytes | str | None:
    """The body as sent: bytes when the gateway base64-encoded it (binary or not UTF-8)."""
    event = app.current_event
    if event.is_base64_encoded and event.body is not None:
        return base64.b64decode(event.body)
    return event.body


def prefers_async(app: APIGatewayRestResolver) -> bool:
    """RFC 7240: `Prefer: respond-async` asks for 202 and a status resource."""
    preferences = (header(app, "Prefer") or "").lower().split(",")
    return "respond-async" in (p.split(";", 1)[0].strip() for p in preferences)


def media_type(app: APIGatewayRestResolver) -> str:
    return (header(app, "Content-Type") or "").split(";", 1)[0].strip().lower()


def is_digits(text: str) -> bool:
    """ASCII digits only: str.isdigit() also takes '³' and '٣', which int() refuses or
    reads (a 500 the soak's fuzzing found with `?limit=³`)."""
    return text.isascii() and text.isdigit()


class Query:
    """Query string parameters, validated with field-level errors. A parameter of one
    value given twice with different values is refused (CONFLICT), as a JSON body's key
    given twice is: the gateway hands over the last, so `?force=false&force=true`
    force-deleted a graph's sessions on a choice the request made both ways."""

    def __init__(self, app: APIGatewayRestResolver):
        self._values = app.current_event.query_string_parameters or {}
        self._lists = app.current_event.multi_value_query_string_parameters or {}

    def get(self, name: str) -> str | None:
        if len(set(self._lists.get(name) or ())) > 1:
            raise _bad_parameter(name, "given more than once, with different values", "CONFLICT")
        return self._values.get(name)

    def filter(self, name: str) -> str | None:
        """A listing filter that must match something (a tag, a hash): absent is None, an
        empty one is refused, as an empty cursor is; `?tag=` with the tag left blank
        listed every graph, to a script about to act on those of one tag."""
        raw = self.get(name)
        if raw == "":
            raise _bad_parameter(name, "is empty; leave it out to filter nothing", "MINLENGTH")
        return raw

    def listed(self, name: str) -> list[str]:
        """Every value of a parameter given repeatedly or comma-separated (`a=x&a=y,z`)."""
        values = self._lists.get(name) or ([self._values[name]] if name in self._values else [])
        return [part for value in values for part in value.split(",") if part]

    def integer(self, name: str) -> int | None:
        raw = self.get(name)
        if raw is None:
            return None
        if not is_digits(raw.removeprefix("-")) or len(raw) > 12:
            raise _bad_parameter(name, f"{shown(raw)} is not an integer")
        return int(raw)

    def choice(self, name: str, allowed: tuple[str, ...]) -> str | None:
        """The parameter if it is one of `allowed` (None if absent), else a 400."""
        raw = self.get(name)
        if raw is None or raw in allowed:
            return raw
        message = f"{shown(raw)} is not one of {', '.join(allowed)}"
        raise _bad_parameter(name, message, field_code="ENUM")

    def boolean(self, name: str) -> bool:
        raw = self.get(name)
        if raw in (None, "false"):
            return False
        if raw == "true":
            return True
        raise _bad_parameter(name, f"{shown(raw)} is not true or false")


def path_integer(name: str, raw: str) -> int:
    if not is_digits(raw) or len(raw) > 9:
        raise _bad_parameter(name, f"{shown(raw)} is not a positive integer")
    return int(raw)


def shown(raw: str) -> str:
    """A value the client sent, quoted back in an error: credentials masked before it is
    cut to 40 characters (cut first, a key is no longer shaped like one)."""
    return repr(redact_text(raw)[:40])


def _bad_parameter(name: str, message: str, field_code: str = "TYPE") -> problems.ApiError:
    return problems.BadRequest(
        f"Invalid parameter {name}.",
        code="VALIDATION_FAILED",
        errors=[{"pointer": f"?{name}", "code": field_code, "message": message}],
    )


def negotiate(app: APIGatewayRestResolver, offered: tuple[str, ...]) -> str:
    """The offered media type the Accept header prefers; 406 if it accepts none."""
    return preferred(header(app, "Accept"), offered)


def preferred(accept: str | None, offered: tuple[str, ...], refused: str = "") -> str:
    """The offered media type `accept` (an Accept header) prefers; 406 if it accepts none,
    its detail led by `refused` where the caller has more to say.

    RFC 9110 §12.5.1: a type's quality is the one of the most specific range that
    matches it, so `application/json;q=0, */*` refuses JSON (it was served, as `*/*`
    matched it too); parameter names are case-insensitive (`Q=0`)."""
    if not accept:
        return offered[0]
    ranges = []
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                quality = _quality(value.strip())
        media = media.lower()
        # A bare `*` is no media range, but means `*/*` (Java's default Accept sends it).
        ranges.append(("*/*" if media == "*" else media, quality))
    # The highest quality wins; of equal ones, the type the client named over one a
    # wildcard reached ("application/onnx, */*" is ONNX), then the order offered.
    best, best_rank = None, (0.0, 0)
    for candidate in offered:
        matching = [(_specificity(m), q) for m, q in ranges if _matches(m, candidate)]
        if not matching:
            continue
        specificity = max(s for s, _ in matching)
        quality = max(q for s, q in matching if s == specificity)
        if quality > 0 and (quality, specificity) > best_rank:
            best, best_rank = candidate, (quality, specificity)
    if best is None:
        raise problems.NotAcceptable(
            f"{refused}This resource is available as {', '.join(offered)}.",
            code="NOT_ACCEPTABLE",
        )
    return best


_QVALUE = re.compile(r"[01]?(\.[0-9]*)?")


def _quality(value: str) -> float:
    """A weight (RFC 9110 §12.4.2), read as leniently as clients write it: `.2` (Java's
    HttpURLConnection sends `*; q=.2, */*; q=.2` by default) and `0.5000` are their
    numbers; one that is no number in [0, 1] (`nan`, `2`, `-1`) accepts nothing."""
    if not _QVALUE.fullmatch(value) or value in ("", "."):
        return 0.0
    quality = float(value)
    return quality if quality <= 1 else 0.0


def _specificity(media_range: str) -> int:
    return 0 if media_range == "*/*" else 1 if media_range.endswith("/*") else 2


def _matches(media_range: str, media: str) -> bool:
    if media_range in ("*/*", media):
        return True
    return media_range.endswith("/*") and media.startswith(media_range[:-1])


def if_match_holds(if_match: str, etag: str, *, representation: bool = False) -> bool:
    """RFC 9110 §13.1.1: `*`, or a list naming `etag`, compared strongly (a weak tag never
    matches). A tag sent without its quotes is read as if quoted, as clients have sent it.
    A write compares with the resource (`representation` False), which any of its
    representations' tags names: a client that read the NPZ or the SVG may write back
    with the tag it was given. A read compares with exactly one representation's tag."""
    current = etag.strip('"')
    for tag in (t.strip() for t in if_match.split(",")):
        if tag == "*" or (not tag.startswith("W/") and _names(tag, current, representation)):
            return True
    return False


def holds_for_any_version(if_match: str | None) -> bool:
    """Whether If-Match (absent, or `*` among its members) holds whatever version the
    target is at. A write on such a condition that loses its commit to another writer is
    done again on the new state, as a serial order would: a 412 is for a client that
    named the version it read, not for one that asked only that the target exist."""
    return not if_match or "*" in listed_tags(if_match)


def listed_tags(value: str | None) -> list[str]:
    """The members of an If-Match or If-None-Match field (tags, or `*`), blanks dropped."""
    return [tag.strip() for tag in (value or "").split(",") if tag.strip()]


def if_none_match_holds(if_none_match: str, etag: str, *, representation: bool = False) -> bool:
    """RFC 9110 §13.1.2: false for `*` or a list naming `etag`, compared weakly; what names
    `etag` as in `if_match_holds`."""
    current = etag.strip('"')
    for tag in (t.strip() for t in if_none_match.split(",")):
        if tag == "*" or _names(tag.removeprefix("W/"), current, representation):
            return False
    return True


def _names(tag: str, current: str, representation: bool) -> bool:
    # representation_etag's tags are the resource's followed by ".subtype" of a media
    # type the service answers with: no other tag (`"7.x"`) names version 7.
    opaque = tag.strip('"')
    return opaque == current or (
        not representation
        and opaque.startswith(current)
        and opaque[len(current) :] in _REPRESENTATION_SUFFIXES
    )


# The media types besides JSON that resources are answered in (graphs' drawings, ONNX and
# TF's GraphDef, sessions' NPZ variables, SavedModel archives), each with its own tags.
REPRESENTATIONS = (
    "text/vnd.graphviz",
    "image/svg+xml",
    "application/onnx",
    "application/x-protobuf",
    "application/x-npz",
    "application/zip",
)
_REPRESENTATION_SUFFIXES = frozenset("." + m.rsplit("/", 1)[-1] for m in REPRESENTATIONS)


def representation_etag(etag: str, media: str) -> str:
    """The ETag of a resource's `media` representation. RFC 9110 §8.8.3: a strong ETag
    names one representation, so a client holding the JSON's must not be told its copy
    is the current SVG (a 304). The JSON keeps the resource's own tag, which is the one
    writes compare with If-Match; every other media type gets its own."""
    if media == "application/json":
        return etag
    if media not in REPRESENTATIONS:  # a write names it only if listed there
        raise ValueError(f"{media} is not in rest.REPRESENTATIONS")
    opaque, subtype = etag.strip('"'), media.rsplit("/", 1)[-1]
    return f'"{opaque}.{subtype}"'


def conditional_read(app: APIGatewayRestResolver, etag: str, code: str) -> Response | None:
    """RFC 9110 §13.2.2 for a GET of a resource whose ETag is `etag`: 412 (`code`) when
    If-Match fails, a 304 when If-None-Match does; None to answer in full."""
    if_match = header(app, "If-Match")
    if if_match and not if_match_holds(if_match, etag, representation=True):
        raise problems.PreconditionFailed(
            "If-Match does not name the resource as it is.", code=code, extra={"current_etag": etag}
        )
    return Response(304, headers={"ETag": etag}) if not_modified(app, etag) else None


def conditional_read_untagged(app: APIGatewayRestResolver) -> Response | None:
    """RFC 9110 §13.1 for a GET of an existing representation that has no ETag: no tag
    If-Match lists can name it (412), and `If-None-Match: *` names it (304); tags in
    If-None-Match cannot, so it answers in full. Call it once the resource is found: a
    missing one is its 404 whatever the preconditions (§13.2.1)."""
    if_match = (header(app, "If-Match") or "").strip()
    if if_match and "*" not in listed_tags(if_match):  # `,,,` fails, as if_match_holds says
        raise problems.PreconditionFailed(
            "This representation has no ETag for If-Match to name.", code="PRECONDITION_FAILED"
        )
    return Response(304) if "*" in listed_tags(header(app, "If-None-Match")) else None


def not_modified(app: APIGatewayRestResolver, etag: str) -> bool:
    """True if If-None-Match names the current ETag (or is `*`)."""
    candidates = header(app, "If-None-Match")
    return bool(candidates) and not if_none_match_holds(candidates, etag, representation=True)


# A listing's page in the domain (cursors.page): items from the page size and cursor the
# client gave (None when it gave none), and the next page's cursor.
Page = Callable[[int | None, str | None], tuple[list[Any], str | None]]


def listing(app: APIGatewayRestResolver, page: Page) -> Response:
    """200 with the page of a listing that the query's `limit` and `cursor` ask for,
    linking the next page when there is one."""
    query = Query(app)
    items, cursor = page(query.integer("limit"), query.get("cursor"))
    return respond(
        200, {"items": items, "next_cursor": cursor}, next_link(app, cursor) if cursor else {}
    )


def next_link(app: APIGatewayRestResolver, cursor: str) -> dict[str, str]:
    """A `Link: <...>; rel="next"` header for the same query with the next cursor."""
    params = dict(app.current_event.query_string_parameters or {})
    params["cursor"] = cursor
    return {"Link": f'<{app.current_event.path}?{urlencode(params)}>; rel="next"'}
