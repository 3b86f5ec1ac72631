"""The web console (issue 20) in a real headless browser against the local runner:
Debian's chromium driven by Playwright's Python package. `make test` installs
both (`make browser`, requirements-dev.txt) and vendors Swagger UI
(`make console-assets`).

Every browser test watches the whole conversation: no URL the page requests,
no console line and no server log line may carry the API key or a token, the
page may log no error, and localStorage stays empty. Screenshots of each page
land in build/console-screenshots/.
"""

import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from graphgate import serialization
from graphgate.client import RemoteSession
from localrunner.client import request
from tests.e2e.test_sessions import logistic_regression, store
from tests.support import REPO_ROOT, Client

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

CHROMIUM = "/usr/bin/chromium"
# Without these, chromium on a machine with no network waits on refused
# connections (updates, sync, QUIC probes) and can hang at start.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = REPO_ROOT / "build" / "console-screenshots"
AXE = REPO_ROOT / "functions" / "console" / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# Waits are for conditions; this bounds each one on a busy 2-core machine.
WAIT_MS = 30_000
XSS_NAME = '<img src=x onerror="document.title=`pwned`"><script>document.title="pwned"</script>'


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make browser` installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Playwright gives every launch a fresh temporary --user-data-dir.
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Watched:
    """A browser page and everything it did that a secret must not appear in."""

    page: object
    urls: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    secrets: set[str] = field(default_factory=set)
    # Chromium logs every 4xx answer to fetch as a console error; a test that
    # provokes one on purpose says which status it expects.
    expected_statuses: set[int] = field(default_factory=set)
    # ... and one that cuts the connection on purpose says so.
    expect_network_errors: bool = False

    def remember_tokens(self) -> None:
        stored = self.page.evaluate("sessionStorage.getItem('graphgate.console')")
        if stored:
            state = json.loads(stored)
            self.secrets |= {state["access"], state["refresh"], state["key"]} - {None}

    def shot(self, name: str, full_page: bool = True, accessible: bool = True) -> None:
        """Save a screenshot and audit the page's accessibility (ours, not Swagger UI's)."""
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)
        if accessible:
            audit(self.page)

    def check_clean(self, server_log: Path) -> None:
        expected = {
            f"Failed to load resource: the server responded with a status of {status} "
            for status in self.expected_statuses
        }
        if self.expect_network_errors:
            expected.add("Failed to load resource: net::ERR_FAILED")
        errors = [
            text
            for kind, text in self.console
            if kind in ("error", "pageerror") and not any(text.startswith(e) for e in expected)
        ]
        assert errors == [], errors
        assert self.dialogs == []
        assert self.page.evaluate("localStorage.length") == 0
        logged = server_log.read_text(encoding="utf-8") if server_log.exists() else ""
        for secret in self.secrets:
            assert not any(secret in url for url in self.urls), "a credential in a URL"
            assert not any(secret in text for _, text in self.console), "a credential logged"
            assert secret not in logged, "a credential in the server's log"


@pytest.fixture
def tenant(runner):
    return runner.create_tenant("console-e2e", plan="pro")["api_key"]


@pytest.fixture
def watched(browser, runner, tenant) -> Iterator[Watched]:
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    seen = Watched(page, secrets={tenant})
    page.on("request", lambda r: seen.urls.append(r.url))
    page.on("console", lambda m: seen.console.append((m.type, m.text)))
    page.on("pageerror", lambda e: seen.console.append(("pageerror", str(e))))

    def dialog(d):
        seen.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    yield seen
    seen.check_clean(Path(runner.workdir) / "runner.log")
    context.close()


def audit(page) -> None:
    """axe-core's WCAG 2 A and AA rules find nothing on the page as it is now."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make console-assets` installs it")
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        """() => axe.run(document, {runOnly: ["wcag2a", "wcag2aa", "wcag21aa"]}).then(
            r => r.violations.map(v => [v.id, v.nodes.slice(0, 3).map(n => n.target.join(" "))]))"""
    )
    assert violations == [], violations


def sign_in(seen: Watched, url: str, key: str, shot: str | None = None) -> None:
    page = seen.page
    page.goto(f"{url}/console")
    page.wait_for_selector("#sign-in:not([hidden])")
    if shot:
        seen.shot(shot)
    page.fill("#api-key", key)
    page.click("#sign-in-form button")
    page.wait_for_selector("#graphs, .empty")
    assert page.locator("#page-title").count() == 1  # one page, rendered once
    seen.remember_tokens()


def stored(page) -> dict:
    return json.loads(page.evaluate("sessionStorage.getItem('graphgate.console')"))


def until(condition, timeout_s: float = WAIT_MS / 1000) -> None:
    # Not page.wait_for_function: it evaluates a string, which the console's CSP
    # rightly refuses.
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.1)


def points(page, metric: str) -> int:
    return int(page.get_attribute(f'svg.plot[data-metric="{metric}"]', "data-points") or 0)


def tutorial_graph():
    graph = gg.Graph()
    with graph.as_default():
        a = gg.placeholder(gg.float32, [], name="a")
        b = gg.constant(5.0, name="b")
        with gg.name_scope("math"):
            gg.divide(gg.multiply(a, b), gg.add(a, b), name="res")
    return graph


def test_the_console_and_docs_are_static_public_and_under_a_strict_csp(runner):
    for path, media in (("/console", "text/html"), ("/docs", "text/html")):
        reply = request("GET", runner.url + path, {})  # no key, no token
        assert reply.status == 200, reply.body[:200]
        assert reply.headers["content-type"].startswith(media)
        policy = reply.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "default-src 'none'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy
        # Nothing inline for the policy to refuse: every script is a file.
        assert not re.search(rb"<script(?![^>]*\bsrc=)", reply.body)
        assert b" style=" not in reply.body
        again = request("GET", runner.url + path, {"If-None-Match": reply.headers["etag"]})
        assert again.status == 304
    script = request("GET", f"{runner.url}/console/console.js", {})
    assert script.headers["content-type"].startswith("text/javascript")
    assert "max-age=0" in script.headers["cache-control"]
    spec = request("GET", f"{runner.url}/console/openapi.json", {}).json()
    assert "/v1/graphs" in spec["paths"] and "x-amazon-apigateway-integration" not in json.dumps(
        spec
    )
    for missing in ("/console/nope.js", "/console/..%2Ftemplate.yaml", "/console/console.py"):
        assert request("GET", runner.url + missing, {}).status == 404, missing


def test_sign_in_list_draw_run_show_errors_and_sign_out(watched, runner, tenant):
    page = watched.page
    client = Client(runner.url, tenant)
    graph_id = store(client, tutorial_graph(), "tutorial")
    revised = tutorial_graph()
    with revised.as_default():
        gg.identity(revised.get_tensor_by_name("math/res:0"), name="extra")
    etag = client.call("GET", f"/v1/graphs/{graph_id}").headers["etag"]
    replaced = client.call(
        "PUT",
        f"/v1/graphs/{graph_id}",
        {"name": "tutorial", "graph": serialization.graph_to_dict(revised)},
        {"If-Match": etag},
    )
    assert replaced.status == 200, replaced.body
    other = gg.Graph()
    with other.as_default():
        gg.identity(gg.constant(1.0, name="c>d"), name="e>f")
    hostile_id = store(client, other, XSS_NAME)

    # GIVEN a signed-in console
    sign_in(watched, runner.url, tenant, shot="sign-in")
    watched.shot("graphs")
    # THEN the listing shows names as text, never as markup
    assert page.inner_text(f"tr[data-id='{hostile_id}'] a.graph-name") == XSS_NAME
    assert page.locator("#graphs img, #graphs script").count() == 0
    # ... and the tag filter takes what it is given as text too (the API refuses it)
    watched.expected_statuses.add(400)
    page.fill("#f-tag", "<b>bold</b>")
    page.click(".filters button")
    page.wait_for_selector(".problem, .empty")
    assert page.locator("main b").count() == 0

    # WHEN a graph with hostile node names is opened, they show as text
    page.goto(f"{runner.url}/console#/graphs/{hostile_id}")
    page.wait_for_selector("svg.graph-drawing g.node")
    assert page.locator('g.node[data-name="e>f"] text').first.text_content() == "e>f"
    assert page.inner_text("#page-title") == XSS_NAME
    assert page.title() != "pwned"

    # WHEN the tutorial graph is opened
    page.goto(f"{runner.url}/console#/graphs/{graph_id}")
    page.wait_for_selector("svg.graph-drawing g.node")
    # THEN the drawing has its nodes and its edges
    names = set(page.eval_on_selector_all("g.node", "els => els.map(e => e.dataset.name)"))
    assert names == {"a", "b", "math/Mul", "math/Add", "math/res", "extra"}
    edges = set(
        page.eval_on_selector_all(
            "path.edge", "els => els.map(e => e.dataset.from + '->' + e.dataset.to)"
        )
    )
    assert edges == {
        "a->math/Mul",
        "b->math/Mul",
        "a->math/Add",
        "b->math/Add",
        "math/Mul->math/res",
        "math/Add->math/res",
        "math/res->extra",
    }
    # ... and an earlier revision draws as it was
    page.click("summary >> text=Revisions (2)")
    page.click('li[data-revision="1"] button.draw-revision')
    page.wait_for_selector("#drawing-title >> text=Drawing of revision 1")
    page.wait_for_selector('g.node[data-name="math/res"]')
    assert page.locator('g.node[data-name="extra"]').count() == 0
    page.click('li[data-revision="2"] button.draw-revision')
    page.wait_for_selector('g.node[data-name="extra"]')
    # ... a node's details by keyboard
    page.focus('g.node[data-name="a"]')
    page.keyboard.press("Enter")
    page.wait_for_selector(".node-details h3")
    assert "FP32" in page.inner_text(".node-details")
    # ... and a scope collapses into one box
    page.uncheck('input[data-scope="math"]')
    page.wait_for_selector('g.node.scope[data-name="math"]')
    assert page.get_attribute('g.node.scope[data-name="math"]', "data-nodes") == "3"
    page.check('input[data-scope="math"]')
    page.wait_for_selector('g.node[data-name="math/res"]')

    # WHEN it runs with a feed, fetching a node picked in the drawing
    page.click('g.node[data-name="math/res"]')
    page.click(".node-details .pick-fetch")
    assert page.eval_on_selector(
        "#run-fetches", "s => [...s.selectedOptions].map(o => o.value)"
    ) == ["math/res"]
    page.fill('textarea[data-feed="a"]', "15")
    page.click("#run-form button[type=submit]")
    # THEN the answer is TensorFlow's tutorial number
    page.wait_for_selector('.output[data-fetch="math/res"] td')
    assert page.inner_text('.output[data-fetch="math/res"] td') == "3.75"
    watched.shot("graph-run")

    # WHEN it runs without the feed, the problem shows and its node is marked
    page.fill('textarea[data-feed="a"]', "")
    page.click("#run-form button[type=submit]")
    page.wait_for_selector(".run-output .problem")
    assert page.get_attribute(".run-output .problem", "data-code") == "MISSING_FEED"
    page.wait_for_selector('g.node.error[data-name="a"]')
    watched.shot("graph-error")
    # ... and a ragged array is refused before anything is sent
    page.fill('textarea[data-feed="a"]', "[[1, 2], [3]]")
    page.click("#run-form button[type=submit]")
    page.wait_for_selector(".run-output .problem >> text=feed a: the array is ragged")

    # ... and in a session, the answer is the same
    page.fill('textarea[data-feed="a"]', "15")
    page.check('input[name="mode"][value="session"]')
    page.click("#run-form button[type=submit]")
    page.wait_for_selector('.output[data-fetch="math/res"] td')
    assert page.inner_text('.output[data-fetch="math/res"] td') == "3.75"

    # WHEN the access token nears its expiry, the page refreshes it with the
    # refresh token, which rotates, as the Python client does
    before = stored(page)
    page.evaluate(
        "() => { const s = JSON.parse(sessionStorage.getItem('graphgate.console'));"
        " s.accessExpiresAt = Date.now();"
        " sessionStorage.setItem('graphgate.console', JSON.stringify(s)); }"
    )
    page.goto(f"{runner.url}/console#/sessions")
    page.wait_for_selector("#sessions")
    after = stored(page)
    assert after["access"] != before["access"] and after["refresh"] != before["refresh"]
    watched.remember_tokens()

    # A phone-width screen: nothing runs off the side
    page.set_viewport_size(PHONE)
    page.goto(f"{runner.url}/console#/graphs")
    page.wait_for_selector("#graphs")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    watched.shot("graphs-phone")
    page.set_viewport_size(DESKTOP)

    # WHEN signing out, nothing of the sign-in is left
    watched.remember_tokens()
    last = stored(page)
    page.click("#sign-out")
    page.wait_for_selector("#sign-in:not([hidden])")
    assert page.evaluate("sessionStorage.length + localStorage.length") == 0
    # ... and the login is revoked, not just forgotten
    reply = request(
        "POST",
        f"{runner.url}/v1/tokens",
        {"x-api-key": tenant, "Content-Type": "application/json"},
        json.dumps({"grant_type": "refresh_token", "refresh_token": last["refresh"]}).encode(),
    )
    assert reply.status == 400 and reply.json()["code"] == "INVALID_GRANT", reply.body


def test_another_tenants_sign_in_sees_none_of_the_first(watched, runner, tenant):
    page = watched.page
    store(Client(runner.url, tenant), tutorial_graph(), "first-tenants-graph")
    sign_in(watched, runner.url, tenant)
    assert "first-tenants-graph" in page.inner_text("main")
    page.wait_for_selector("#who >> text=pro plan")  # the key's plan and today's quota
    page.click("#sign-out")
    page.wait_for_selector("#sign-in:not([hidden])")
    second = runner.create_tenant("console-e2e-2", plan="pro")["api_key"]
    watched.secrets.add(second)
    sign_in(watched, runner.url, second)
    assert "first-tenants-graph" not in page.inner_text("main")


def test_a_throttled_read_is_retried_after_the_delay_the_api_names(watched, runner):
    # The e2e free plan allows 2 requests/s, burst 4: a graph's page makes four.
    key = runner.create_tenant("console-free", plan="free")["api_key"]
    watched.secrets.add(key)
    watched.expected_statuses.add(429)
    graph_id = store(Client(runner.url, key), tutorial_graph(), "throttled")
    page = watched.page
    throttled = []
    page.on("response", lambda r: throttled.append(r.url) if r.status == 429 else None)
    sign_in(watched, runner.url, key)
    # Until the plan throttles (at once, unless the machine is slower than the
    # bucket refills), every page still shows with no problem.
    for _ in range(10):
        page.goto(f"{runner.url}/console#/graphs/{graph_id}")
        page.wait_for_selector("svg.graph-drawing g.node")
        page.goto(f"{runner.url}/console#/graphs")
        page.wait_for_selector("#graphs")
        assert page.locator(".problem").count() == 0
        if throttled:
            break
    assert throttled, "the plan never throttled: the test proves nothing"


def test_an_async_training_run_plots_live_and_is_cancelled(watched, runner, tenant):
    page = watched.page
    client = Client(runner.url, tenant)
    graph, train, feeds = logistic_regression()
    graph_id = store(client, graph, "logreg")
    session = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()["id"]
    sign_in(watched, runner.url, tenant)

    page.goto(f"{runner.url}/console#/sessions/{session}")
    page.wait_for_selector("#variables")
    watched.shot("session")
    page.select_option("#async-fetches", ["loss", "accuracy"])
    page.select_option("#async-targets", train)
    x = np.asarray(feeds["x"]["data"], np.float32).reshape(feeds["x"]["shape"])
    page.fill('textarea[data-feed="x"]', json.dumps(x.tolist()))
    page.fill('textarea[data-feed="y"]', json.dumps(feeds["y"]["data"]))
    # Enough steps that the run is still going while the plot is watched.
    page.fill("#async-steps", "100000")
    page.click("#async-form button[type=submit]")
    page.wait_for_selector("#run-status")

    # THEN the plot gains points while the run goes on
    page.wait_for_selector('svg.plot[data-metric="loss"]')
    first = points(page, "loss")
    until(lambda: points(page, "loss") > first)
    assert page.locator('svg.plot[data-metric="accuracy"]').count() == 1
    assert page.get_attribute("#run-status", "data-status") == "running"
    watched.shot("run-live")

    # WHEN it is cancelled, it ends cancelled
    page.click("#cancel-run")
    page.wait_for_selector('#run-status[data-status="cancelled"]')
    watched.shot("run-cancelled")

    # The session's page lists its runs, a page at a time, and the trained variables
    for _ in range(20):
        reply = client.call(
            "POST", f"/v1/sessions/{session}/runs", {"fetches": "loss", "feeds": feeds}
        )
        assert reply.status == 200, reply.body
    page.goto(f"{runner.url}/console#/sessions/{session}")
    page.wait_for_selector("#runs")
    assert page.locator("table.listing tr[data-id^='r_']").count() == 20
    page.click(".more-runs")
    page.wait_for_selector("td.status.cancelled")
    assert page.locator("table.listing tr[data-id^='r_']").count() == 21
    assert page.locator("#variables tbody tr").count() == 2
    with page.expect_download() as download:
        page.click("#download-npz")
    saved = Path(download.value.path())
    with np.load(saved) as archive:
        assert set(archive.files) == {"w", "b"}

    # WHEN the session is ended (two clicks: its variables go with it)
    page.click("#end-session")
    assert page.inner_text("#end-session").startswith("End it")
    page.click("#end-session")
    page.wait_for_selector("#page-title >> text=Sessions")
    assert page.locator(f'tr[data-id="{session}"]').count() == 0
    assert client.call("GET", f"/v1/sessions/{session}").status == 404


def test_a_session_run_too_long_to_answer_at_once_is_watched_as_an_async_run(
    watched, runner, tenant
):
    graph = gg.Graph()
    with graph.as_default():
        m = gg.Variable(gg.ones([500, 500]), name="m")
        gg.reduce_sum(gg.matmul(m, m), name="total")
    graph_id = store(Client(runner.url, tenant), graph, "slow")
    page = watched.page
    sign_in(watched, runner.url, tenant)
    page.goto(f"{runner.url}/console#/graphs/{graph_id}")
    page.wait_for_selector("svg.graph-drawing g.node")
    page.select_option("#run-fetches", "total")
    page.check('input[name="mode"][value="session"]')
    page.fill("#run-steps", "100000")  # timed on one step, far past the synchronous budget
    page.click("#run-form button[type=submit]")
    page.wait_for_selector("#run-status")  # the API answered 202: the page follows the run
    page.click("#cancel-run")
    page.wait_for_selector('#run-status[data-status="cancelled"]')


def test_a_2000_node_graph_opens_collapsed_and_pans_and_zooms(watched, runner, tenant):
    page = watched.page
    graph = gg.Graph()
    with graph.as_default():
        h = gg.placeholder(gg.float32, [None, 4], name="x")
        for i in range(334):  # 6 nodes a layer: 2,005 nodes
            with gg.name_scope(f"layer{i}"):
                w = gg.Variable(gg.ones([4, 4]), name="w")
                h = gg.nn.relu(gg.matmul(h, w))
    graph_id = store(Client(runner.url, tenant), graph, "deep")
    sign_in(watched, runner.url, tenant)
    page.goto(f"{runner.url}/console#/graphs/{graph_id}")
    page.wait_for_selector("svg.graph-drawing g.node.scope")
    assert page.locator("svg.graph-drawing g.node").count() == 335  # x + one box per scope
    before = page.get_attribute("svg.graph-drawing", "viewBox")
    page.click('button[aria-label="Zoom in"]')
    page.focus(".viewport")
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("svg.graph-drawing", "viewBox") != before
    page.click('g.node.scope[data-name="layer7"]')  # opens it
    page.wait_for_selector('g.node[data-name="layer7/MatMul"]')
    # A node deep inside a collapsed scope is found by name: its scope opens
    page.fill("#find-node", "layer300/w")
    page.press("#find-node", "Enter")
    page.wait_for_selector('g.node.selected[data-name="layer300/w"]')
    assert page.inner_text(".node-details h3") == "layer300/w"
    assert "layer300" in page.get_attribute("svg.graph-drawing", "data-expanded").split(",")
    watched.shot("graph-large")

    # WHEN it is deleted (two clicks), it is gone
    page.click("#delete-graph")
    page.click("#delete-graph")
    page.wait_for_selector("#page-title >> text=Graphs")
    assert page.locator(f'tr[data-id="{graph_id}"]').count() == 0


def test_docs_try_it_out_uses_the_signed_in_key(watched, runner, tenant):
    page = watched.page
    sign_in(watched, runner.url, tenant)
    page.click("nav >> text=API docs")
    page.wait_for_selector("#operations-usage-getUsage")
    page.click("#operations-usage-getUsage .opblock-summary-control")
    page.click("#operations-usage-getUsage .try-out__btn")
    page.click("#operations-usage-getUsage .execute")
    page.wait_for_selector("#operations-usage-getUsage .live-responses-table .response-col_status")
    status = page.inner_text(
        "#operations-usage-getUsage .live-responses-table tbody .response-col_status"
    )
    assert status.strip().startswith("200"), status
    shown = page.inner_text("#operations-usage-getUsage")
    assert not any(secret in shown for secret in watched.secrets)
    watched.shot("docs", full_page=False, accessible=False)


def test_sign_out_revokes_the_login_even_after_the_access_token_expired(watched, runner, tenant):
    page = watched.page
    issued = []  # every refresh token the page is given

    def record(route):
        answer = route.fetch()
        if answer.ok:
            issued.append(answer.json()["refresh_token"])
        route.fulfill(response=answer)

    page.route(lambda url: url.endswith("/v1/tokens"), record)
    sign_in(watched, runner.url, tenant)
    # GIVEN a tab left idle past its access token's 15 minutes: the token the
    # page holds has expired, and the API refuses it
    page.evaluate(
        "() => { const s = JSON.parse(sessionStorage.getItem('graphgate.console'));"
        " s.access = 'expired' + s.access.slice(7); s.accessExpiresAt = Date.now() - 1000;"
        " sessionStorage.setItem('graphgate.console', JSON.stringify(s)); }"
    )
    # WHEN the user signs out
    page.click("#sign-out")
    page.wait_for_selector("#sign-in:not([hidden])")
    watched.secrets |= set(issued)
    # THEN the login is revoked all the same: no refresh token it was given still works
    assert len(issued) >= 2, issued  # the sign-in's, and the renewal's before revoking
    for refresh in issued:
        reply = request(
            "POST",
            f"{runner.url}/v1/tokens",
            {"x-api-key": tenant, "Content-Type": "application/json"},
            json.dumps({"grant_type": "refresh_token", "refresh_token": refresh}).encode(),
        )
        assert reply.status == 400, reply.body
    assert page.evaluate("sessionStorage.length") == 0


def test_outputs_of_every_rank_bytes_non_finite_and_a_large_variable_show_sanely(
    watched, runner, tenant
):
    graph = gg.Graph()
    with graph.as_default():
        gg.constant(3.5, name="r0")
        gg.constant(np.arange(24, dtype=np.float32).reshape(2, 3, 4), name="r3")
        gg.constant(np.arange(48, dtype=np.float32).reshape(2, 2, 3, 4), name="r4")
        gg.constant(np.array([np.nan, np.inf, -np.inf, 1.0], np.float32), name="odd")
        gg.constant(np.array([b"<b>x</b>", b"\xff'\n", b"ab" * 5000], dtype=object), name="strs")
        gg.constant(np.zeros((0, 3), np.float32), name="empty")
        gg.constant(np.zeros((100, 100), np.float32), name="big")
        gg.Variable(np.arange(160_000, dtype=np.float32).reshape(400, 400), name="large")
    client = Client(runner.url, tenant)
    graph_id = store(client, graph, "shapes")
    page = watched.page
    sign_in(watched, runner.url, tenant)
    page.goto(f"{runner.url}/console#/graphs/{graph_id}")
    page.wait_for_selector("svg.graph-drawing g.node")
    page.select_option("#run-fetches", ["r0", "r3", "r4", "odd", "strs", "empty", "big"])
    page.click("#run-form button[type=submit]")
    page.wait_for_selector('.output[data-fetch="big"]')

    def cells(name):
        return page.eval_on_selector_all(
            f'.output[data-fetch="{name}"] td', "els => els.map(e => e.textContent)"
        )

    assert cells("r0") == ["3.5"]
    assert cells("odd") == ["NaN", "Infinity", "-Infinity", "1"]
    # THEN bytes that are not UTF-8 show escaped, as Python shows them; markup as text
    strs = cells("strs")
    assert strs[:2] == ["<b>x</b>", "b'\\xff\\'\\n'"]
    # ... and a 10,000-character string its start and its length
    assert strs[2] == "ab" * 150 + "… (10000 characters)"
    assert page.locator(".outputs b").count() == 0
    # ... a rank-3 and a rank-4 tensor keep their structure: each row says where it sits
    rows = page.eval_on_selector_all(
        '.output[data-fetch="r4"] th[scope=row]', "els => els.map(e => e.textContent)"
    )
    assert rows[0] == "[0, 0, 0, :]" and rows[-1] == "[1, 1, 2, :]" and len(rows) == 12
    assert cells("r3")[-4:] == ["20", "21", "22", "23"]
    assert "no values" in page.inner_text('.output[data-fetch="empty"]')
    assert page.inner_text('.output[data-fetch="big"] .hint') == "first 2000 of 10000 values"
    watched.shot("graph-run-tensors")
    # ... and outputs past the answer's limit are linked, not dropped (the answer
    # test_sessions.py gets for outputs past it, without making megabytes here)
    stored_outputs = {
        "steps": 1,
        "compute_ms": 1.0,
        "outputs_url": f"{runner.url}/outputs/run.json?Signature=x",
        "outputs_expires_in": 900,
    }
    page.route(
        re.compile(r".*/v1/graphs/g_[0-9a-f]+/runs$"),
        lambda route: route.fulfill(status=200, json=stored_outputs),
    )
    page.click("#run-form button[type=submit]")
    page.wait_for_selector(".outputs-url a")
    assert page.get_attribute(".outputs-url a", "href").startswith("http")
    assert "too large to show here" in page.inner_text(".outputs-url")

    # WHEN a session holding a 160,000-value variable is opened
    session = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()["id"]
    page.goto(f"{runner.url}/console#/sessions/{session}")
    page.wait_for_selector("#variables")
    # THEN its statistics show (not "Maximum call stack size exceeded")
    stats = page.eval_on_selector_all(
        "#variables tbody tr td", "els => els.map(e => e.textContent)"
    )
    assert stats == ["large", "FP32", "[400, 400]", "0", "160000", "80000", "46188"], stats
    assert page.locator(".problem").count() == 0


def test_filters_keep_their_characters_and_failures_say_what_happened(watched, runner, tenant):
    page = watched.page
    client = Client(runner.url, tenant)
    graph_id = store(client, tutorial_graph(), "a+b&c=d")
    sign_in(watched, runner.url, tenant)
    # WHEN the listing is filtered by a name with "+", "&" and "="
    page.fill("#f-name", "a+b&c=")
    page.click(".filters button")
    page.wait_for_selector(f'tr[data-id="{graph_id}"]')
    assert page.input_value("#f-name") == "a+b&c="
    # ... it survives a reload (a deep link)
    page.reload()
    page.wait_for_selector(f'tr[data-id="{graph_id}"]')
    assert page.input_value("#f-name") == "a+b&c="

    listing = re.compile(r".*/v1/graphs\?.*")
    # WHEN the API is slow, the header says the page is waiting for it
    held = []
    page.route(listing, lambda route: held.append(route))
    page.goto(f"{runner.url}/console#/graphs?tag=slow")
    page.wait_for_selector("#busy:not([hidden])")
    assert page.get_attribute("#view", "aria-busy") == "true"
    # ... and stops saying so once the answer comes
    held[0].continue_()
    page.wait_for_selector("#busy", state="hidden")
    page.unroute(listing)

    # WHEN the API answers 503 with a wait too long to retry in the page
    watched.expected_statuses.add(503)

    def unavailable(route):
        route.fulfill(
            status=503,
            headers={"Retry-After": "30", "Content-Type": "application/problem+json"},
            body=json.dumps(
                {"title": "Service Unavailable", "status": 503, "code": "SERVICE_UNAVAILABLE"}
            ),
        )

    page.route(listing, unavailable)
    page.goto(f"{runner.url}/console#/graphs?tag=x")
    # THEN the problem shows, with the wait the API names
    page.wait_for_selector('.problem[data-code="SERVICE_UNAVAILABLE"]')
    assert "wait 30 s" in page.inner_text(".problem")
    page.unroute(listing)

    # WHEN the network is down, the page says so in words, after trying again
    watched.expect_network_errors = True
    page.route(listing, lambda route: route.abort())
    page.goto(f"{runner.url}/console#/graphs?tag=y")
    page.wait_for_selector(".problem >> text=Could not reach the API")
    page.unroute(listing)
    page.goto(f"{runner.url}/console#/graphs")
    page.wait_for_selector(f'tr[data-id="{graph_id}"]')


def test_a_run_page_keeps_watching_through_a_dropped_connection(watched, runner, tenant):
    client = Client(runner.url, tenant)
    graph, train, feeds = logistic_regression()
    session = client.call("POST", "/v1/sessions", {"graph_id": store(client, graph, "lr")})
    session_id = session.json()["id"]
    started = client.call(
        "POST",
        f"/v1/sessions/{session_id}/runs",
        {"fetches": {"loss": "loss"}, "targets": [train], "feeds": feeds, "steps": 100000},
        {"Prefer": "respond-async"},
    )
    assert started.status == 202, started.body
    page = watched.page
    sign_in(watched, runner.url, tenant)
    page.goto(f"{runner.url}/console#/sessions/{session_id}/runs/{started.json()['id']}")
    page.wait_for_selector('svg.plot[data-metric="loss"]')
    # WHEN the connection drops for longer than a read's own retries
    watched.expect_network_errors = True
    polls = re.compile(r".*/runs/r_[A-Za-z0-9_]+$")
    page.route(polls, lambda route: route.abort())
    # THEN the page says so and keeps trying
    page.wait_for_selector(".run-trouble >> text=Could not reach the API")
    watched.shot("run-unreachable")
    page.unroute(polls)
    # ... and once the API answers again, the plot moves on and the notice goes
    first = points(page, "loss")
    until(lambda: points(page, "loss") > first, timeout_s=60)
    assert page.locator(".run-trouble .problem").count() == 0
    # ... and every label of its plot lies inside it (a long step count once ran off)
    outside = page.eval_on_selector_all(
        "svg.plot text",
        """els => els.filter(e => { const b = e.getBBox(), v = e.ownerSVGElement.viewBox.baseVal;
            return b.x < v.x || b.x + b.width > v.x + v.width; }).map(e => e.textContent)""",
    )
    assert outside == []
    page.click("#cancel-run")
    page.wait_for_selector('#run-status[data-status="cancelled"]')


def test_keyboard_only_a_followed_link_leaves_the_focus_on_the_new_pages_title(
    watched, runner, tenant
):
    graph_id = store(Client(runner.url, tenant), tutorial_graph(), "by-keyboard")
    page = watched.page
    page.goto(f"{runner.url}/console")
    page.wait_for_selector("#sign-in:not([hidden])")
    # The key field has the focus: type, Enter
    page.keyboard.type(tenant)
    page.keyboard.press("Enter")
    page.wait_for_selector("#graphs")
    watched.remember_tokens()

    def focused() -> str:
        return page.evaluate("document.activeElement.id || document.activeElement.textContent")

    for _ in range(20):  # Tab to the graph's link and follow it
        page.keyboard.press("Tab")
        if focused() == "by-keyboard":
            break
    page.keyboard.press("Enter")
    page.wait_for_selector("svg.graph-drawing g.node")
    # THEN the focus is on the new page's title, not lost to the top of the document
    until(lambda: focused() == "page-title")
    assert page.inner_text("#page-title") == "by-keyboard"
    page.keyboard.press("Tab")
    assert focused() == "delete-graph"  # the page's first control comes next
    # ... and Back lands on the listing's title the same way
    page.go_back()
    page.wait_for_selector(f'tr[data-id="{graph_id}"]')
    until(lambda: focused() == "page-title")
    # A run that does not exist offers no Cancel
    watched.expected_statuses.add(404)
    page.goto(f"{runner.url}/console#/sessions/s_0/runs/r_0")
    page.wait_for_selector('.problem[data-code="SESSION_NOT_FOUND"]')
    assert page.is_disabled("#cancel-run")


def test_models_show_their_labels_canaries_and_versions_as_text(watched, runner, tenant):
    client = Client(runner.url, tenant)
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        gg.matmul(x, gg.Variable([[1.0], [2.0]], name="w"), name="y")
    graph_id = store(client, graph, "linear")
    session = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()["id"]
    page = watched.page
    sign_in(watched, runner.url, tenant)
    page.click("nav >> text=Models")
    page.wait_for_selector("#page-title >> text=Models")
    page.wait_for_selector(".empty")  # no model yet: says so
    for _ in range(2):
        created = client.call(
            "POST",
            "/v1/models",
            {
                "name": "linear",
                "session_id": session,
                "inputs": {"x": "x"},
                "outputs": {"y": "y"},
                "description": XSS_NAME,
            },
        )
        assert created.status == 201, created.body
    target = {"version": 1, "canary": {"version": 2, "weight": 0.1}}
    assert client.call("PUT", "/v1/models/linear/labels/stable", target).status == 200
    # WHEN the listing is shown again and the model opened
    page.reload()
    page.click('#models a.model-name >> text="linear"')
    page.wait_for_selector("#versions")
    # THEN its label says where it routes, canary included
    assert page.inner_text('#labels tr[data-label="stable"] td:nth-child(2)') == (
        "version 1 · version 2 takes 10 % of requests"
    )
    # ... each version its signature, its source graph and its description, as text
    assert page.locator("#versions tbody tr").count() == 2
    row = '#versions tr[data-version="1"]'
    assert page.inner_text(f"{row} td:nth-child(2)") == "x FP32 [?, 2]"
    assert page.inner_text(f"{row} td.description") == XSS_NAME
    assert page.locator("#versions img, #versions script").count() == 0
    assert page.title() != "pwned"
    watched.shot("model")
    page.click(f"{row} a")
    page.wait_for_selector("svg.graph-drawing g.node")
    assert page.inner_text("#page-title") == "linear"


def test_datasets_and_a_batch_over_one_show_their_state_and_hostile_names_as_text(
    watched, runner, tenant
):
    client = Client(runner.url, tenant)
    # GIVEN a dataset whose name and CSV header hold markup: refused at completion,
    # with a detail that echoes the column's name
    csv = f'"{XSS_NAME.replace(chr(34), chr(39))}",y\n1,2\n'.encode()
    registered = client.call(
        "POST",
        "/v1/datasets",
        {"name": XSS_NAME, "files": [{"format": "csv", "name": "t", "bytes": len(csv)}]},
    )
    assert registered.status == 201, registered.body
    upload = registered.json()["uploads"][0]
    assert request("PUT", upload["url"], upload["headers"], csv).status == 200
    hostile = registered.json()["id"]
    assert client.call("POST", f"/v1/datasets/{hostile}/complete").status == 422
    # ... and a batch of a graph over 300 rows, in 3 shards
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        gg.reduce_sum(x, axis=1, name="total")
    rows = np.arange(600, dtype=np.float32).reshape(300, 2)
    with RemoteSession(runner.url, api_key=tenant, graph=graph) as session:
        batch = session.run_batch("total:0", {"x": rows}, rows_per_shard=100)
        batch.result(timeout=60, interval=0.05)
    page = watched.page
    sign_in(watched, runner.url, tenant)

    # WHEN the datasets are listed and the refused one opened
    page.click("nav >> text=Datasets")
    page.wait_for_selector(f'#datasets tr[data-id="{hostile}"]')
    assert page.inner_text(f'tr[data-id="{hostile}"] a.dataset-name') == XSS_NAME
    page.click(f'tr[data-id="{hostile}"] a.dataset-name')
    page.wait_for_selector('.problem[data-code="DATASET_INVALID"]')
    # THEN its name and the refusal show as text
    assert page.inner_text("#page-title") == XSS_NAME
    assert "<img src=x" in page.inner_text(".problem")
    assert page.locator("main img, main script").count() == 0
    assert page.title() != "pwned"
    watched.shot("dataset-refused")
    # ... and it is deleted with two clicks
    page.click("#delete-dataset")
    page.click("#delete-dataset")
    page.wait_for_selector("#page-title >> text=Datasets")
    assert page.locator(f'tr[data-id="{hostile}"]').count() == 0

    # WHEN the batch is opened from the batches listing
    page.click("nav >> text=Batches")
    page.click(f'#batches tr[data-id="{batch.id}"] a')
    page.wait_for_selector('#batch-status[data-status="succeeded"]')
    # THEN its progress is complete and its 3 output shards are linked in row order
    assert page.inner_text("#batch-status").startswith("succeeded · 300 of 300 rows · 3 of 3")
    assert page.eval_on_selector_all("#batch-outputs li", "els => els.length") == 3
    assert "rows 0 to 99" in page.inner_text("#batch-outputs li:first-child")
    assert page.is_disabled("#cancel-batch")
    assert page.inner_text(".meta").endswith("fetches 0 = total:0")  # the client's alias
    watched.shot("batch")
    # ... and its dataset (the client made one of the feed) shows the array it was given
    page.click(".meta a[href^='#/datasets/']")
    page.wait_for_selector("#arrays")
    assert page.eval_on_selector_all("#arrays td", "els => els.map(e => e.textContent)") == [
        "input0",
        "float32",
        "[300, 2]",
    ]


def test_a_drawings_revision_and_open_scopes_survive_reload_back_and_a_shared_link(
    watched, runner, tenant
):
    client = Client(runner.url, tenant)
    graph_id = store(client, tutorial_graph(), "kept")
    etag = client.call("GET", f"/v1/graphs/{graph_id}").headers["etag"]
    revised = tutorial_graph()
    with revised.as_default():
        gg.identity(revised.get_tensor_by_name("math/res:0"), name="extra")
    body = {"name": "kept", "graph": serialization.graph_to_dict(revised)}
    assert client.call("PUT", f"/v1/graphs/{graph_id}", body, {"If-Match": etag}).status == 200
    page = watched.page
    sign_in(watched, runner.url, tenant)
    page.goto(f"{runner.url}/console#/graphs/{graph_id}")
    page.wait_for_selector('g.node[data-name="math/res"]')
    # WHEN revision 1 is drawn with its scope collapsed
    page.click("summary >> text=Revisions (2)")
    page.click('li[data-revision="1"] button.draw-revision')
    page.wait_for_selector("#drawing-title >> text=Drawing of revision 1")
    page.uncheck('input[data-scope="math"]')
    page.wait_for_selector('g.node.scope[data-name="math"]')
    # THEN a reload draws the same
    page.reload()
    page.wait_for_selector('g.node.scope[data-name="math"]')
    assert page.inner_text("#drawing-title") == "Drawing of revision 1"
    assert page.locator('g.node[data-name="extra"]').count() == 0
    # ... and so does Back after leaving; the address says what is drawn, to share
    shared = page.url
    page.goto(f"{runner.url}/console#/graphs")
    page.wait_for_selector("#graphs")
    page.go_back()
    page.wait_for_selector('g.node.scope[data-name="math"]')
    assert page.inner_text("#drawing-title") == "Drawing of revision 1"
    assert "revision=1" in shared and "expand=" in shared
    # WHEN a redraw is refused as too large (as the API refuses 3,001 boxes or more;
    # making that many here would cost the suite seconds of axe-core for nothing)
    too_large = {
        "type": "about:blank",
        "title": "Unprocessable Content",
        "status": 422,
        "code": "DRAWING_TOO_LARGE",
        "detail": "The drawing would have 3007 boxes, more than 3000; open fewer name scopes.",
    }
    watched.expected_statuses.add(422)
    opening = re.compile(r".*/v1/graphs/g_[0-9a-f]+/revisions/1\?expand=math$")
    page.route(
        opening,
        lambda route: route.fulfill(
            status=422, content_type="application/problem+json", json=too_large
        ),
    )
    page.check('input[data-scope="math"]')
    # THEN the refusal shows, and the drawing, its scope list and the address stay
    page.wait_for_selector('.drawing-notice .problem[data-code="DRAWING_TOO_LARGE"]')
    watched.shot("graph-too-large")
    assert page.locator('g.node.scope[data-name="math"]').count() == 1
    assert not page.is_checked('input[data-scope="math"]')
    assert page.url == shared
    page.unroute(opening)
    # ... and a redraw that passes clears the notice
    page.check('input[data-scope="math"]')
    page.wait_for_selector('g.node[data-name="math/res"]')
    assert page.locator(".drawing-notice .problem").count() == 0

    # A drawing that arrives after the user has moved on leaves the address alone
    held = []

    def hold_drawings(route):
        if "svg" in route.request.headers.get("accept", ""):
            held.append(route)
        else:
            route.continue_()

    page.route(re.compile(r".*/v1/graphs/g_[0-9a-f]+(/revisions/\d+)?(\?.*)?$"), hold_drawings)
    page.goto(f"{runner.url}/console#/graphs/{graph_id}")
    page.wait_for_selector("#drawing-title")
    page.click("nav >> text=Sessions")
    page.wait_for_selector("#page-title >> text=Sessions")
    while not held:
        page.wait_for_timeout(100)
    held[0].continue_()
    page.wait_for_timeout(500)
    assert page.evaluate("location.hash") == "#/sessions"


def test_a_graphs_page_lists_every_revision_across_the_listings_pages(watched, runner, tenant):
    # GIVEN a graph of three revisions, and the listing answering one revision a page
    # (the console asks for 100; the route asks the runner for 1, so cursors are real)
    client = Client(runner.url, tenant)
    graph_id = store(client, tutorial_graph(), "paged")
    for value in (2.0, 3.0):
        current = client.call("GET", f"/v1/graphs/{graph_id}")
        revised = tutorial_graph()
        with revised.as_default():
            gg.constant(value, name="extra")
        body = {"name": "paged", "graph": serialization.graph_to_dict(revised)}
        headers = {"If-Match": current.headers["etag"]}
        assert client.call("PUT", f"/v1/graphs/{graph_id}", body, headers).status == 200
    listings = []

    def one_a_page(route):
        listings.append(route.request.url)
        route.continue_(url=route.request.url.replace("limit=100", "limit=1"))

    page = watched.page
    page.route(re.compile(r".*/v1/graphs/g_[0-9a-f]+/revisions\?.*$"), one_a_page)
    sign_in(watched, runner.url, tenant)
    # WHEN the graph's page opens
    page.goto(f"{runner.url}/console#/graphs/{graph_id}")
    page.wait_for_selector('g.node[data-name="math/res"]')
    # THEN it followed the cursors to the end and lists the three revisions
    page.click("summary >> text=Revisions (3)")
    shown = page.eval_on_selector_all(
        "li[data-revision]", "els => els.map(e => e.dataset.revision)"
    )
    assert shown == ["1", "2", "3"]
    assert len(listings) == 3 and "cursor=" in listings[-1]
