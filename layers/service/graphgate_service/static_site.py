"""Static files served by the product itself (the console, the API docs): read once
per cold start, answered with a strict Content-Security-Policy and revalidated
by a content ETag.

Only files found under the site's root at cold start are served, by exact
name, so a request path can never reach outside it.
"""

import hashlib
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


class Site:
    """The files of one directory (not its subdirectories), plus generated ones."""

    def __init__(self, root: Path, generated: dict[str, Asset] | None = None):
        self.assets = {
            path.name: asset(path.read_text("utf-8"), MEDIA_TYPES[path.suffix])
            for path in sorted(root.iterdir())
            if path.is_file() and path.suffix in MEDIA_TYPES
        }
        self.assets.update(generated or {})

    def get(self, name: str) -> Asset:
        found = self.assets.get(name)
        if found is None:
            # The name is not echoed: a path is no place for a secret, but one may be put there.
            raise problems.NotFound("No such file here.", code="ROUTE_NOT_FOUND")
        return found

    def respond(self, app: APIGatewayRestResolver, name: str) -> Response:
        """200 with the file, or 304 when the browser's copy is current."""
        found = self.get(name)
        headers = {
            "ETag": found.etag,
            "Cache-Control": CACHE_CONTROL,
            "Content-Security-Policy": CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "X-Frame-Options": "DENY",
        }
        if rest.not_modified(app, found.etag):
            return Response(304, headers=headers)
        return Response(200, found.media_type, found.body, headers)
