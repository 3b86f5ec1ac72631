"""Static files served by the product itself (the console, the API docs): read once
per cold start, answered with a strict Content-Security-Policy and revalidated
by a content ETag.

Only files found under the site's root at cold start are served, by exact
name, so a request path can never reach outside it.
"""

import functools
import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response

from graphgate_service import problems, rest

# No inline script or style, no other origin: the page talks to its own API
# only. `data:` images are Swagger UI's icons; `blob:` is a downloaded .npz.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)
# Cacheable, yet never stale after a deploy: every use revalidates by ETag,
# which costs a 304 and no body.
CACHE_CONTROL = "public, max-age=0, must-revalidate"
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
}


@dataclass(frozen=True)
class Asset:
    body: str
    media_type: str
    etag: str


def asset(body: str, media_type: str) -> Asset:
    return Asset(body, media_type, '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"')


def _read(path: Path) -> Asset:
    return asset(path.read_text("utf-8"), MEDIA_TYPES[path.suffix])


class Site:
    """The files of one directory (not its subdirectories), plus generated ones.

    Names are listed at cold start; each file is read, and each generated one
    made, on its first request, so the function's init stays within its budget."""

    def __init__(self, root: Path, generated: dict[str, Callable[[], Asset]] | None = None):
        self._makers: dict[str, Callable[[], Asset]] = {
            path.name: functools.partial(_read, path)
            for path in sorted(root.iterdir())
            if path.is_file() and path.suffix in MEDIA_TYPES
        }
        self._makers.update(generated or {})
        self._made: dict[str, Asset] = {}
        self._lock = threading.Lock()

    @property
    def names(self) -> set[str]:
        return set(self._makers)

    def get(self, name: str, pages: bool = True) -> Asset:
        maker = self._makers.get(name)
        # A page is served at its own route only: a copy one level down (at
        # /console/index.html) would resolve its relative links one level too deep
        # and come up blank.
        if maker is None or (not pages and name.endswith(".html")):
            # The name is not echoed: a path is no place for a secret, but one may be put there.
            raise problems.NotFound("No such file here.", code="ROUTE_NOT_FOUND")
        with self._lock:
            if name not in self._made:
                self._made[name] = maker()
            return self._made[name]

    def respond(self, app: APIGatewayRestResolver, name: str, pages: bool = True) -> Response:
        """200 with the file, or 304 when the browser's copy is current."""
        found = self.get(name, pages)
        headers = {
            "ETag": found.etag,
            "Cache-Control": CACHE_CONTROL,
            "Content-Security-Policy": CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "X-Frame-Options": "DENY",
        }
        # If-Match too, as on every resource with an ETag (RFC 9110 §13.2.2): it was
        # ignored, so a tag naming another version of the file was answered 200.
        if rest.conditional_read(app, found.etag, "PRECONDITION_FAILED") is not None:
            return Response(304, headers=headers)
        return Response(200, found.media_type, found.body, headers)
