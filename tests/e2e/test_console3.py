"""The web console when the state changes under the page, and with hostile content at
scale (console3): a run whose session ends in another tab while it is watched, names of
1,000 characters and with bidi controls, a graph of 20,000 nodes. Chromium, as in
test_console.py, whose fixtures watch every test for leaked credentials, console errors
and localStorage use."""

import re

import pytest

import graphgate as gg
from graphgate import serialization
from tests.e2e import test_console as console
from tests.e2e.test_console import sign_in
from tests.e2e.test_sessions import logistic_regression, store
from tests.support import Client

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

browser = console.browser
tenant = console.tenant
watched = console.watched


def test_a_run_whose_session_ends_in_another_tab_stops_saying_running(watched, runner, tenant):
    client = Client(runner.url, tenant)
    graph, train, feeds = logistic_regression()
    graph_id = store(client, graph, "ended-meanwhile")
    session = client.call("POST", "/v1/sessions", {"graph_id": graph_id}).json()["id"]
    started = client.call(
        "POST",
        f"/v1/sessions/{session}/runs",
        {"fetches": {"loss": "loss"}, "targets": [train], "feeds": feeds, "steps": 100_000},
        headers={"Prefer": "respond-async"},
    )
    assert started.status == 202, started.body
    run_id = started.json()["id"]
    page = watched.page
    sign_in(watched, runner.url, tenant)
    page.goto(f"{runner.url}/console#/sessions/{session}/runs/{run_id}")
    page.wait_for_selector('#run-status[data-status="running"]')
    # WHEN the session is ended elsewhere (another tab, the CLI)
    watched.expected_statuses.add(404)
    assert client.call("DELETE", f"/v1/sessions/{session}").status == 204
    # THEN the page says the run is gone, rather than "running" above a problem
    page.wait_for_selector('#run-status[data-status="gone"]')
    assert page.inner_text("#run-status").startswith("This run no longer exists")
    assert "Last seen: running" in page.inner_text("#run-status")
    assert page.is_disabled("#cancel-run")
    # ... and the API's problem is shown, once
    assert page.locator('.problem[role="alert"]').count() == 1
    console.audit(page)


def test_the_longest_name_and_description_wrap_within_the_screen(watched, runner, tenant):
    client = Client(runner.url, tenant)
    # GIVEN the longest name and description the API takes, with no space to break at
    # (names cannot hold bidi controls: the API refuses them, names.py)
    name, description = "n" * 200, "d" * 2000
    created = client.call(
        "POST",
        "/v1/graphs",
        {
            "name": name,
            "description": description,
            "graph": serialization.graph_to_dict(console.tutorial_graph()),
        },
    )
    assert created.status == 201, created.body
    graph_id = created.json()["id"]
    page = watched.page
    sign_in(watched, runner.url, tenant)
    for viewport in (console.DESKTOP, console.PHONE):
        page.set_viewport_size(viewport)
        page.goto(f"{runner.url}/console#/graphs")
        page.wait_for_selector(f'tr[data-id="{graph_id}"] a.graph-name')
        # THEN the name is all there, and the page is no wider than the screen
        assert page.inner_text(f'tr[data-id="{graph_id}"] a.graph-name') == name
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), viewport
        page.goto(f"{runner.url}/console#/graphs/{graph_id}")
        page.wait_for_selector("svg.graph-drawing g.node")
        assert page.inner_text("#page-title") == name
        assert page.inner_text("p.description") == description
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), viewport
    watched.shot("graph-longest-name")


def test_a_graph_revised_many_times_draws_before_its_revisions_are_listed(watched, runner, tenant):
    # GIVEN a graph whose revisions listing is slow to come, as 10,000 revisions are
    # (100 listing pages): the runner is asked for 1 a page, and each page is held
    client = Client(runner.url, tenant)
    graph_id = store(client, console.tutorial_graph(), "revised")
    for value in (2.0, 3.0):
        current = client.call("GET", f"/v1/graphs/{graph_id}")
        graph = console.tutorial_graph()
        with graph.as_default():
            gg.constant(value, name="extra")
        body = {"name": "revised", "graph": serialization.graph_to_dict(graph)}
        revised = client.call(
            "PUT", f"/v1/graphs/{graph_id}", body, {"If-Match": current.headers["etag"]}
        )
        assert revised.status == 200, revised.body
    held = []
    page = watched.page
    page.route(
        re.compile(r".*/v1/graphs/g_[0-9a-f]+/revisions\?.*$"), lambda route: held.append(route)
    )
    sign_in(watched, runner.url, tenant)
    page.goto(f"{runner.url}/console#/graphs/{graph_id}")
    # THEN the drawing and the run form are there while the listing is still coming
    page.wait_for_selector('g.node[data-name="math/res"]')
    page.wait_for_selector("#run-form")
    assert len(held) == 1
    assert page.inner_text("details.revisions summary") == "Revisions (…)"
    # ... and the revisions fill in, a listing page at a time, as each page comes
    for served in range(3):
        while len(held) <= served:  # playwright hands over a route while the page is waited on
            page.wait_for_timeout(50)
        held[served].continue_(url=held[served].request.url.replace("limit=100", "limit=1"))
    page.wait_for_selector("summary >> text=Revisions (3)")
    shown = page.eval_on_selector_all(
        "li[data-revision]", "els => els.map(e => e.dataset.revision)"
    )
    assert shown == ["1", "2", "3"]
    page.click("summary >> text=Revisions (3)")
    page.click('li[data-revision="1"] button.draw-revision')
    page.wait_for_selector("h2 >> text=Drawing of revision 1")
