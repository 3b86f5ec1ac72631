"""The web console when the state changes under the page, and with hostile content at
scale (console3): a run whose session ends in another tab while it is watched, names of
1,000 characters and with bidi controls, a graph of 20,000 nodes. Chromium, as in
test_console.py, whose fixtures watch every test for leaked credentials, console errors
and localStorage use."""

import pytest

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
