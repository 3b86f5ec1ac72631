"""Races, repeated (issue 9.3): writers sharing one ETag, and an idempotent
request retried while its first attempt still runs. Every round must end in
exactly the outcomes docs/graphs.md promises, with no update lost and none
applied twice."""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.hardening import Tenant, graph_request, report, retry_transient, scaled

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

ROUNDS = scaled(8, 200)
WRITERS = 6
TALLY: Counter[str] = Counter()


@pytest.fixture(scope="module")
def tenant(runner, request):
    yield Tenant.create(runner, "races")
    report(
        request,
        f"races: {TALLY['rounds']} rounds, {TALLY['requests']} racing requests, "
        f"{TALLY['lost']} lost updates, {TALLY['doubled']} doubled writes",
    )


def race(calls):
    """Run the calls at the same instant; their replies in call order."""
    barrier = threading.Barrier(len(calls))

    def go(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        replies = list(pool.map(go, calls))
    TALLY["rounds"] += 1
    TALLY["requests"] += len(calls)
    return replies


def test_same_etag_puts_have_exactly_one_winner_and_it_is_what_is_stored(tenant):
    graph_id = tenant.new_graph("contested")
    for round_ in range(ROUNDS):
        current = tenant.client.call("GET", f"/v1/graphs/{graph_id}")
        etag, revision = current.headers["etag"], current.json()["revision"]
        replies = race(
            [
                lambda i=i, round_=round_, etag=etag: tenant.client.call(
                    "PUT",
                    f"/v1/graphs/{graph_id}",
                    graph_request(f"w{i}", float(round_ * 100 + i)),
                    {"If-Match": etag},
                )
                for i in range(WRITERS)
            ]
        )
        statuses = sorted(r.status for r in replies)
        assert statuses == [200] + [412] * (WRITERS - 1), [r.body[:200] for r in replies]
        winner = next(i for i, r in enumerate(replies) if r.status == 200)
        after = tenant.client.call("GET", f"/v1/graphs/{graph_id}").json()
        TALLY["lost"] += after["name"] != f"w{winner}"
        assert after["revision"] == revision + 1
        assert after["etag"] == replies[winner].headers["etag"]
        assert after["name"] == f"w{winner}"
        assert after["graph"]["nodes"][0]["attrs"]["value"]["data"] == [round_ * 100.0 + winner]
    # every revision once, oldest first, read over HTTP three to a page
    revisions, path = [], f"/v1/graphs/{graph_id}/revisions?limit=3"
    while path:
        reply = tenant.client.call("GET", path)
        assert reply.status == 200, reply.body[:200]
        revisions += reply.json()["items"]
        link = reply.headers.get("link")
        path = link[1 : link.index(">")] if link else None
    assert [r["revision"] for r in revisions] == list(range(1, ROUNDS + 2))


def test_same_etag_patches_have_exactly_one_winner(tenant):
    graph_id = tenant.new_graph("patched")
    for _ in range(ROUNDS):
        etag = tenant.client.call("GET", f"/v1/graphs/{graph_id}").headers["etag"]
        replies = race(
            [
                lambda i=i, etag=etag: tenant.client.call(
                    "PATCH",
                    f"/v1/graphs/{graph_id}",
                    {"name": f"p{i}"},
                    {"Content-Type": "application/merge-patch+json", "If-Match": etag},
                )
                for i in range(WRITERS)
            ]
        )
        assert sorted(r.status for r in replies) == [200] + [412] * (WRITERS - 1)
        winner = next(i for i, r in enumerate(replies) if r.status == 200)
        assert tenant.client.call("GET", f"/v1/graphs/{graph_id}").json()["name"] == f"p{winner}"


def graph_count(tenant: Tenant) -> int:
    count, cursor = 0, None
    while True:
        page = tenant.client.call(
            "GET", "/v1/graphs?limit=100" + (f"&cursor={cursor}" if cursor else "")
        ).json()
        count += len(page["items"])
        cursor = page["next_cursor"]
        if not cursor:
            return count


def test_idempotent_post_retries_racing_the_first_attempt_create_one_graph(tenant):
    for round_ in range(ROUNDS):
        before = graph_count(tenant)
        key = f"race-post-{round_}"
        body = graph_request(f"once-{round_}")

        def post(key=key, body=body):
            return tenant.client.call("POST", "/v1/graphs", body, {"Idempotency-Key": key})

        replies = race([post] * WRITERS)
        # Each attempt either did the work, replayed it, or was told to wait.
        for reply in replies:
            assert reply.status in (201, 409), reply.body
            if reply.status == 409:
                assert reply.json()["code"] in ("IDEMPOTENCY_IN_PROGRESS", "IDEMPOTENCY_RETRY")
                assert int(reply.headers["retry-after"]) >= 1
        fresh = [r for r in replies if r.status == 201 and "idempotent-replayed" not in r.headers]
        assert len(fresh) == 1, [r.status for r in replies]
        # Waiting out the 409s, every caller ends with the same graph.
        finals = [r if r.status == 201 else retry_transient(post) for r in replies]
        assert {r.status for r in finals} == {201}
        assert len({r.json()["id"] for r in finals}) == 1
        created = graph_count(tenant) - before
        TALLY["doubled"] += created - 1
        assert created == 1


def test_idempotent_put_retries_racing_the_first_attempt_add_one_revision(tenant):
    graph_id = tenant.new_graph("idempotent-put")
    for round_ in range(ROUNDS):
        current = tenant.client.call("GET", f"/v1/graphs/{graph_id}")
        etag, revision = current.headers["etag"], current.json()["revision"]

        def put(round_=round_, etag=etag):
            return tenant.client.call(
                "PUT",
                f"/v1/graphs/{graph_id}",
                graph_request("retried", float(round_)),
                {"If-Match": etag, "Idempotency-Key": f"race-put-{graph_id}-{round_}"},
            )

        replies = race([put] * WRITERS)
        finals = [r if r.status != 409 else retry_transient(put) for r in replies]
        # A retried PUT is the first PUT's answer, never a 412 of its own.
        assert {r.status for r in finals} == {200}, [r.body[:200] for r in finals]
        assert len({r.headers["etag"] for r in finals}) == 1
        assert tenant.client.call("GET", f"/v1/graphs/{graph_id}").json()["revision"] == (
            revision + 1
        )


def session_counter(tenant: Tenant) -> tuple[str, float, int]:
    """A session on a counter graph: its path, the counter and the version now."""
    path = f"/v1/sessions/{tenant.new_session()}"
    current = tenant.client.call("GET", f"{path}/variables").json()
    return path, current["variables"]["counter"]["data"][0], current["version"]


def read_counter(tenant: Tenant, path: str) -> tuple[float, int]:
    current = tenant.client.call("GET", f"{path}/variables").json()
    return current["variables"]["counter"]["data"][0], current["version"]


def increment_by(amount: float) -> dict:
    return {
        "fetches": "increment",
        "feeds": {"by": {"datatype": "FP32", "shape": [], "data": [amount]}},
    }


def test_concurrent_runs_on_one_session_serialize_and_lose_nothing(tenant):
    # Writer i adds 2**i, so the counter says exactly which runs were applied.
    path, counter, version = session_counter(tenant)
    for _ in range(ROUNDS):
        replies = race(
            [
                lambda i=i: tenant.client.call("POST", f"{path}/runs", increment_by(2.0**i))
                for i in range(WRITERS)
            ]
        )
        won = []
        for i, reply in enumerate(replies):
            if reply.status == 200:
                won.append((reply.json()["version"], reply.json()["outputs"]["data"][0], i))
            else:  # the documented answer to a run that lost its race too often
                assert reply.status == 409, reply.body
                assert reply.json()["code"] == "SESSION_BUSY"
                assert "retry-after" in reply.headers
        assert won, "no run of the round was applied"
        # The winners form one serial history: each saw the state of the one before.
        for run_version, after, i in sorted(won):
            assert run_version == version + 1
            assert after == counter + 2.0**i
            counter, version = after, run_version
        stored, stored_version = read_counter(tenant, path)
        TALLY["lost"] += stored != counter
        assert (stored, stored_version) == (counter, version)


def test_idempotent_run_retries_racing_the_first_attempt_apply_once(tenant):
    path, counter, version = session_counter(tenant)
    for round_ in range(ROUNDS):

        def run(key=f"race-run-{path}-{round_}"):
            return tenant.client.call(
                "POST", f"{path}/runs", increment_by(1.0), {"Idempotency-Key": key}
            )

        replies = race([run] * WRITERS)
        finals = [r if r.status != 409 else retry_transient(run) for r in replies]
        assert {r.status for r in finals} == {200}, [r.body[:200] for r in finals]
        # Every caller holds the one run's answer: one version, one value.
        assert {(r.json()["version"], r.json()["outputs"]["data"][0]) for r in finals} == {
            (version + 1, counter + 1)
        }
        stored, version = read_counter(tenant, path)
        TALLY["doubled"] += int(stored - counter - 1)
        assert stored == counter + 1
        counter = stored


def test_same_version_variable_assignments_have_exactly_one_winner(tenant):
    path, _, _ = session_counter(tenant)

    def assign(value: float, etag: str):
        tensor = {"datatype": "FP32", "shape": [], "data": [value]}
        return tenant.client.call(
            "PUT", f"{path}/variables", {"variables": {"counter": tensor}}, {"If-Match": etag}
        )

    for round_ in range(ROUNDS):
        etag = tenant.client.call("GET", f"{path}/variables").headers["etag"]
        replies = race(
            [lambda v=round_ * 10.0 + i, etag=etag: assign(v, etag) for i in range(WRITERS)]
        )
        assert sorted(r.status for r in replies) == [200] + [412] * (WRITERS - 1)
        winner = next(i for i, r in enumerate(replies) if r.status == 200)
        stored, _ = read_counter(tenant, path)
        TALLY["lost"] += stored != round_ * 10.0 + winner
        assert stored == round_ * 10.0 + winner
