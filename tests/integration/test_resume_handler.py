"""Async runs whose worker invocation was lost — the local runner's queue lives in its
memory — are dispatched again when the runner starts (the worker's resume_interrupted),
and resume from their last checkpoint."""

from tests.integration import test_sessions_handler as _sessions
from tests.integration.test_sessions_handler import start_async, values

module_aws = _sessions.module_aws
api = _sessions.api
invoked = _sessions.invoked
counter = _sessions.counter


def test_a_lost_async_run_is_dispatched_again_and_finishes_once(api, counter, invoked, monkeypatch):
    # GIVEN an async run that ran one chunk, then lost its next invocation (a restart)
    monkeypatch.setenv("WORKER_SLICE_S", "0.001")
    run = start_async(api, counter["id"], invoked)
    assert api.work(invoked.pop())["status"] == "running"
    invoked.clear()  # the continuation was queued in the stopped runner's memory
    assert values(api, counter["id"]) == (2, {"v": [25.0, 50.0]})
    # WHEN the runner starts again
    assert api.work({"action": "resume_interrupted"}) == {"resumed": 1}
    # THEN the run is dispatched once more and resumes from its checkpoint
    assert [p["run_id"] for p in invoked] == [run["id"]]
    monkeypatch.setenv("WORKER_SLICE_S", "60")
    assert api.work(invoked.pop())["status"] == "succeeded"
    shown = api.call("get-session-run", session=counter["id"], run=run["id"]).json()
    assert (shown["status"], shown["completed_steps"]) == ("succeeded", 60)
    assert values(api, counter["id"])[1] == {"v": [60.0, 120.0]}  # each step applied once
    # AND nothing is left to resume
    assert api.work({"action": "resume_interrupted"}) == {"resumed": 0}
