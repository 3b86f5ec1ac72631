"""The web console reviewed as a demanding user (console2): keyboard paths through a
page, a delete refused because the graph changed meanwhile, scopes whose names differ
only in punctuation, and listings paged past their first page. Chromium, as in
test_console.py, whose fixtures watch every test for leaked credentials, console
errors and localStorage use."""

import json

import pytest

import graphgate as gg
from tests.e2e import test_console as console
from tests.e2e.test_console import sign_in, tutorial_graph, until
from tests.e2e.test_sessions import store
from tests.support import Client, request

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

# test_console.py's fixtures: the browser, and a page watched for leaks and errors
browser = console.browser
tenant = console.tenant
watched = console.watched


def row_ids(page, listing: str) -> list[str]:
    return page.eval_on_selector_all(f"#{listing} tbody tr", "rows => rows.map(r => r.dataset.id)")


def focused(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.className")


def test_the_skip_link_moves_the_focus_without_leaving_the_page(watched, runner, tenant):
    graph_id = store(Client(runner.url, tenant), tutorial_graph(), "skipped")
    page = watched.page
    sign_in(watched, runner.url, tenant)
    page.goto(f"{runner.url}/console#/graphs/{graph_id}")
    page.wait_for_selector("svg.graph-drawing g.node")
    address = page.url
    # WHEN the skip link is followed by keyboard
    page.focus("a.skip")
    page.keyboard.press("Enter")
    # THEN the focus is on the content, and the page is still the graph's
    until(lambda: focused(page) == "main")
    assert page.url == address
    assert page.inner_text("#page-title") == "skipped"  # it used to fall back to #/graphs


def test_the_drawings_boxes_can_be_skipped_by_keyboard(watched, runner, tenant):
    graph = gg.Graph()
    with graph.as_default():
        h = gg.placeholder(gg.float32, [None, 2], name="x")
        for i in range(40):  # 40 scope boxes, and 40 boxes in the scope list
            with gg.name_scope(f"layer{i}"):
                h = gg.nn.relu(h + 1.0)
    graph_id = store(Client(runner.url, tenant), graph, "tabs")
    page = watched.page
    sign_in(watched, runner.url, tenant)
    page.goto(f"{runner.url}/console#/graphs/{graph_id}")
    page.wait_for_selector("svg.graph-drawing g.node.scope")
    page.focus("#find-node")
    for _ in range(3):  # the finder's button, then the link past the drawing
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.className") == "skip-drawing":
            break
    assert page.inner_text(".skip-drawing") == "Skip past the drawing"  # shown when focused
    page.keyboard.press("Enter")
    # THEN the run form's first control has the focus, not the first of 80 boxes
    until(lambda: focused(page) == "run-fetches")
    watched.shot("graph-skip-drawing")


def test_a_delete_refused_because_the_graph_changed_offers_it_as_it_is_now(watched, runner, tenant):
    client = Client(runner.url, tenant)
    graph_id = store(client, tutorial_graph(), "changing")
    page = watched.page
    sign_in(watched, runner.url, tenant)
    page.goto(f"{runner.url}/console#/graphs/{graph_id}")
    page.wait_for_selector("svg.graph-drawing g.node")
    # GIVEN the graph changes after the page read it
    patched = client.call(
        "PATCH",
        f"/v1/graphs/{graph_id}",
        {"description": "changed meanwhile"},
        headers={"Content-Type": "application/merge-patch+json"},
    )
    assert patched.status == 200, patched.body
    # WHEN it is deleted from the page (two clicks)
    watched.expected_statuses.add(412)
    page.click("#delete-graph")
    page.click("#delete-graph")
    # THEN the API's refusal shows once, and the button that could only repeat it is off
    page.wait_for_selector('.actions .problem[data-code="ETAG_MISMATCH"]')
    assert page.is_disabled("#delete-graph")
    assert page.locator(".actions .problem").count() == 1
    watched.shot("graph-delete-stale")
    # ... and the graph as it is now is one click away, and deletes
    page.click("#reload-graph")
    page.wait_for_selector("p.description >> text=changed meanwhile")
    page.click("#delete-graph")
    page.click("#delete-graph")
    page.wait_for_selector("#page-title >> text=Graphs")
    assert client.call("GET", f"/v1/graphs/{graph_id}").status == 404


def test_scopes_named_alike_but_for_punctuation_each_tick_their_own_box(watched, runner, tenant):
    graph = gg.Graph()
    with graph.as_default():
        with gg.name_scope("a.b"):
            x = gg.constant(1.0, name="c")
        with gg.name_scope("a_b"):
            y = gg.constant(2.0, name="c")
        gg.add(x, y, name="sum")
    graph_id = store(Client(runner.url, tenant), graph, "punctuation")
    page = watched.page
    sign_in(watched, runner.url, tenant)
    page.goto(f"{runner.url}/console#/graphs/{graph_id}")
    page.wait_for_selector('g.node[data-name="a_b/c"]')  # small: drawn open
    ids = page.eval_on_selector_all(".scope-list input", "els => els.map(e => e.id)")
    assert len(ids) == len(set(ids)) == 2
    # WHEN the label of a_b is clicked
    page.click('.scope-list label >> text="a_b/"')
    # THEN a_b closes (it used to be a.b, whose box had the same id)
    page.wait_for_selector('g.node.scope[data-name="a_b"]')
    assert page.locator('g.node[data-name="a.b/c"]').count() == 1
    assert not page.is_checked('.scope-list input[data-scope="a_b"]')
    assert page.is_checked('.scope-list input[data-scope="a.b"]')


def test_listings_page_past_their_first_page_and_back(watched, runner, tenant):
    client = Client(runner.url, tenant)
    graph_id = store(client, tutorial_graph(), "g-first")
    for i in range(20):
        store(client, tutorial_graph(), f"g-{i:02d}")
    for _ in range(21):
        assert client.call("POST", "/v1/sessions", {"graph_id": graph_id}).status == 201
    page = watched.page
    sign_in(watched, runner.url, tenant)
    for listing in ("graphs", "sessions"):
        page.goto(f"{runner.url}/console#/{listing}")
        page.wait_for_selector(f"#{listing} tbody tr")
        first = row_ids(page, listing)
        assert len(first) == 20
        page.click("a[rel=next]")
        page.wait_for_selector("a >> text=First page")
        second = row_ids(page, listing)
        # THEN the 21st is there, and nothing of the first page again
        assert len(second) == 1 and not set(second) & set(first), listing
        assert page.locator("a[rel=next]").count() == 0
        page.click("a >> text=First page")
        page.wait_for_selector("a[rel=next]")
        assert row_ids(page, listing) == first


def test_the_docs_page_says_when_it_cannot_load_the_api_document(watched, runner, tenant):
    page = watched.page
    sign_in(watched, runner.url, tenant)
    # GIVEN the network fails the API document's request
    watched.expect_network_errors = True
    page.route("**/console/openapi.json", lambda route: route.abort())
    page.goto(f"{runner.url}/docs")
    # THEN the page says so in words, with no unhandled rejection (watched checks)
    page.wait_for_selector('#docs-note[role="alert"] >> text=Could not load the API document')
    assert page.locator("#swagger *").count() == 0


def test_int64_values_past_2_53_and_negative_zero_show_exactly(watched, runner, tenant):
    graph = gg.Graph()
    with graph.as_default():
        gg.constant([2**53 + 1, -(2**63), 2**63 - 1, 7], dtype=gg.int64, name="big")
        gg.constant([-0.0, 0.0, 0.1, 1 / 3, 3.4028235e38, 1e-45], dtype=gg.float32, name="zeros")
        gg.constant([0.1, 1 / 3], dtype=gg.float64, name="doubles")
        n = gg.placeholder(gg.int64, [], name="n")
        gg.identity(n, name="echo")
    graph_id = store(Client(runner.url, tenant), graph, "int64")
    page = watched.page
    sign_in(watched, runner.url, tenant)
    page.goto(f"{runner.url}/console#/graphs/{graph_id}")
    page.wait_for_selector("svg.graph-drawing g.node")
    page.select_option("#run-fetches", ["big", "echo", "zeros", "doubles"])
    page.fill('textarea[data-feed="n"]', "9007199254740993")
    page.click("#run-form button[type=submit]")
    page.wait_for_selector(".outputs")
    # THEN every integer is the one the API sent (it used to show float64's neighbours:
    # 9007199254740992, -9223372036854776000, 9223372036854776000), and the one fed
    # reaches the API as typed
    cells = '.output[data-fetch="{}"] td'
    assert page.eval_on_selector_all(cells.format("big"), "tds => tds.map(t => t.textContent)") == [
        "9007199254740993",
        "-9223372036854775808",
        "9223372036854775807",
        "7",
    ]
    assert page.inner_text(cells.format("echo")) == "9007199254740993"
    assert page.get_attribute(cells.format("echo"), "class") == "num"
    # ... a negative zero keeps its sign (String(-0) is "0"), and a float32 shows as numpy
    # prints it (it came as 0.10000000149011612, the float64 that holds it), a float64 whole
    texts = page.eval_on_selector_all(cells.format("zeros"), "tds => tds.map(t => t.textContent)")
    assert texts == ["-0", "0", "0.1", "0.33333334", "3.4028235e+38", "1e-45"]
    texts = page.eval_on_selector_all(cells.format("doubles"), "tds => tds.map(t => t.textContent)")
    assert texts == ["0.1", "0.3333333333333333"]


def problem(status: int, code: str, detail: str) -> str:
    return json.dumps({"type": "about:blank", "status": status, "code": code, "detail": detail})


@pytest.mark.parametrize(
    ("view", "status", "code", "headers"),
    [
        ("#/sessions", 403, "INSUFFICIENT_SCOPE", {}),
        ("#/models", 500, "INTERNAL", {}),
        ("#/datasets", 404, "NOT_FOUND", {}),
        ("#/batches", 429, "RATE_LIMITED", {"Retry-After": "60"}),
    ],
)
def test_every_listing_shows_the_problem_an_api_error_names(
    watched, runner, tenant, view, status, code, headers
):
    page = watched.page
    sign_in(watched, runner.url, tenant)
    watched.expected_statuses.add(status)
    listing = view.removeprefix("#/")
    body = problem(status, code, f"{listing}: <b>markup</b> as text")
    page.route(
        f"**/v1/{listing}?*",
        lambda route: route.fulfill(
            status=status,
            headers={"Content-Type": "application/problem+json", **headers},
            body=body,
        ),
    )
    page.goto(f"{runner.url}/console{view}")
    # THEN the problem shows, in words, its markup as text (watched: no page error)
    shown = page.wait_for_selector(f'.problem[data-code="{code}"]')
    assert f"{listing}: <b>markup</b> as text" in shown.inner_text()
    assert page.locator(".problem b").count() == 0
    if headers:
        assert "wait 60 s" in shown.inner_text()


def test_older_runs_that_could_not_be_read_can_be_asked_for_again(watched, runner, tenant):
    client = Client(runner.url, tenant)
    graph_id = store(client, tutorial_graph(), "many-runs")
    session = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()["id"]
    feeds = {"a": {"datatype": "FP32", "shape": [], "data": [3.0]}}
    for _ in range(21):
        run = client.call(
            "POST", f"/v1/sessions/{session}/runs", {"fetches": "math/res", "feeds": feeds}
        )
        assert run.status == 200, run.body
    page = watched.page
    sign_in(watched, runner.url, tenant)
    page.goto(f"{runner.url}/console#/sessions/{session}")
    page.wait_for_selector("#runs")
    # GIVEN the next page of runs fails once
    watched.expected_statuses.add(503)
    failures = []

    def once(route):
        if failures:
            route.continue_()
            return
        failures.append(route.request.url)
        route.fulfill(
            status=503,
            headers={"Content-Type": "application/problem+json", "Retry-After": "60"},
            body=problem(503, "SERVICE_UNAVAILABLE", "try later"),
        )

    page.route("**/runs?*cursor=*", once)
    page.click(".more-runs")
    # THEN the problem shows and the button stays, to ask again; asked, the run comes
    page.wait_for_selector('.problem[data-code="SERVICE_UNAVAILABLE"]')
    page.click(".more-runs")
    until(lambda: page.locator("tr[data-id^='r_']").count() == 21)
    assert page.locator(".more-runs").count() == 0
    assert page.locator('.problem[data-code="SERVICE_UNAVAILABLE"]').count() == 0


def test_a_key_disabled_mid_session_signs_out_cleanly(watched, runner):
    created = runner.create_tenant("console2-disabled", plan="pro")
    key = created["api_key"]
    watched.secrets.add(key)
    graph_id = store(Client(runner.url, key), tutorial_graph(), "soon-locked")
    page = watched.page
    sign_in(watched, runner.url, key)
    page.goto(f"{runner.url}/console#/graphs/{graph_id}")
    page.wait_for_selector("svg.graph-drawing g.node")
    # WHEN the operator disables the key, and the page calls the API next
    runner.admin("disable-key", "--key-id", created["api_key_id"])
    # (the local gateway, like API Gateway's, takes a moment to see it)
    until(lambda: request("GET", f"{runner.url}/v1/health", {"x-api-key": key}).status == 403)
    watched.expected_statuses.add(403)
    page.click("nav >> text=Sessions")
    # THEN the sign-in form comes back, saying why, and nothing of the tenant is kept
    page.wait_for_selector("#sign-in:not([hidden])")
    assert page.inner_text("#sign-in-error") == "Your key was refused; sign in again."
    assert page.evaluate("sessionStorage.length") == 0
    assert page.inner_text("#view") == ""
