"""The console function in-process, driven by events/ fixtures: static files
with no credential, under a strict CSP, revalidated by ETag."""

import copy
import importlib
import json
import sys

import pytest

from graphgate_service import static_site
from tests.support import REPO_ROOT, ProxyReply, load_event

CONSOLE = REPO_ROOT / "functions" / "console"


@pytest.fixture
def console(aws):
    sys.path.insert(0, str(CONSOLE))
    try:
        yield importlib.import_module("console")
    finally:
        sys.path.remove(str(CONSOLE))


def get(module, path, headers=None):
    event = copy.deepcopy(load_event("get-console-asset"))
    event["path"] = path
    asset = path.removeprefix("/console/") if path.startswith("/console/") else None
    event["resource"] = "/console/{asset}" if asset else path
    event["requestContext"]["resourcePath"] = event["resource"]
    event["pathParameters"] = {"asset": asset} if asset else None
    event["headers"].update(headers or {})
    event["multiValueHeaders"] = {k: [v] for k, v in event["headers"].items()}
    return ProxyReply(module.lambda_handler(event, None))


@pytest.mark.parametrize(
    "path, media",
    [
        ("/console", "text/html; charset=utf-8"),
        ("/docs", "text/html; charset=utf-8"),
        ("/console/console.js", "text/javascript; charset=utf-8"),
        ("/console/console.css", "text/css; charset=utf-8"),
        ("/console/openapi.json", "application/json"),
    ],
)
def test_files_are_served_without_credentials_under_the_policy(console, path, media):
    reply = get(console, path)
    assert reply.status == 200, reply.text
    assert reply.headers["content-type"] == media
    assert reply.headers["content-security-policy"] == static_site.CONTENT_SECURITY_POLICY
    assert reply.headers["x-content-type-options"] == "nosniff"
    assert reply.headers["cache-control"] == static_site.CACHE_CONTROL
    assert reply.headers["x-request-id"] == "console-asset-1"
    again = get(console, path, {"If-None-Match": reply.headers["etag"]})
    assert again.status == 304 and not again.text
    assert again.headers["cache-control"] == static_site.CACHE_CONTROL
    # If-Match is read too (it was ignored: a tag of another version answered 200).
    stale = get(console, path, {"If-Match": '"another-version"'})
    assert stale.status == 412 and stale.json()["code"] == "PRECONDITION_FAILED"
    assert get(console, path, {"If-Match": reply.headers["etag"]}).status == 200


def test_the_policy_allows_this_origin_only_and_nothing_inline():
    directives = dict(d.split(" ", 1) for d in static_site.CONTENT_SECURITY_POLICY.split("; "))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == directives["style-src"] == "'self'"
    assert directives["connect-src"] == "'self'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in static_site.CONTENT_SECURITY_POLICY


# index.html and docs.html are pages, served at /console and /docs only: one level
# down their relative links resolve to nothing and the page comes up blank.
@pytest.mark.parametrize(
    "name", ["nope.js", "console.py", "Makefile", "..", "package.json", "index.html", "docs.html"]
)
def test_only_the_sites_own_files_are_served(console, name):
    reply = get(console, f"/console/{name}")
    assert reply.status == 404
    assert reply.json()["code"] == "ROUTE_NOT_FOUND"


def test_the_documents_readers_see_no_integration_details(console):
    spec = get(console, "/console/openapi.json").json()
    text = json.dumps(spec)
    assert "x-amazon-apigateway" not in text and "Fn::Sub" not in text
    assert spec["paths"]["/v1/graphs"]["get"]["operationId"] == "listGraphs"
    assert all("options" not in item for item in spec["paths"].values())


def test_a_changed_file_gets_a_new_etag(tmp_path):
    (tmp_path / "a.js").write_text("1", "utf-8")
    first = static_site.Site(tmp_path).get("a.js").etag
    (tmp_path / "a.js").write_text("2", "utf-8")
    assert static_site.Site(tmp_path).get("a.js").etag != first
    (tmp_path / "secret.txt").write_text("x", "utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.js").write_text("x", "utf-8")
    assert static_site.Site(tmp_path).names == {"a.js"}
