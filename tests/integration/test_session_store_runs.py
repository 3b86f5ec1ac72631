"""Reading one run of a session is one read of its item, however many runs the
session has."""

import secrets

from graphgate_service import keys, runs
from graphgate_service.session_store import SessionStore

TENANT, SESSION = "t_runs", "s_runs"


class Counting:
    """The DynamoDB client, naming each call it passes on."""

    def __init__(self, client):
        self.client, self.calls = client, []

    def __getattr__(self, name):
        self.calls.append(name)
        return getattr(self.client, name)


def _store(aws):
    counting = Counting(aws["clients"]["dynamodb"])
    store = SessionStore(aws["ids"]["Table"], aws["ids"]["TensorBucket"], counting, None)
    return store, counting


def _run(run_id, created_ms, n):
    return {"id": run_id, "created_at": created_ms, "status": "succeeded", "steps": n}


def test_one_run_is_one_get_item_among_many(aws):
    # GIVEN a session with 40 runs, their ids made as the service makes them
    store, counting = _store(aws)
    made = []
    for n in range(40):
        created = 1_796_400_000_000 + n
        made.append(_run(runs.new_id(created), created, n))
        store.put_run(TENANT, SESSION, made[-1])
    counting.calls.clear()
    # WHEN one is read, THEN it is that run, read by its key alone
    found = store.run(TENANT, SESSION, made[17]["id"])
    assert {k: found[k] for k in made[17]} == made[17]
    assert counting.calls == ["get_item"]


def test_a_run_made_before_ids_carried_their_time_is_still_found(aws):
    store, _ = _store(aws)
    legacy = _run("r_" + secrets.token_hex(10), 1_700_000_000_000, 3)
    store.put_run(TENANT, SESSION, legacy)
    store.put_run(TENANT, SESSION, _run(runs.new_id(1_796_400_000_000), 1_796_400_000_000, 1))
    found = store.run(TENANT, SESSION, legacy["id"])
    assert {k: found[k] for k in legacy} == legacy
    assert store.run(TENANT, SESSION, "r_" + "0" * 20) is None
    assert store.run(TENANT, SESSION, "not-a-run") is None


def test_a_session_with_only_timed_ids_never_reads_its_runs_for_a_miss(aws):
    # GIVEN a session with runs, every id carrying its creation time
    store, counting = _store(aws)
    for n in range(5):
        created = 1_796_400_000_000 + n
        store.put_run(TENANT, SESSION, _run(runs.new_id(created), created, n))
    counting.calls.clear()
    # WHEN an id of no run is read without the legacy fallback, THEN one GetItem says so
    assert store.run(TENANT, SESSION, runs.new_id(1_796_400_000_002), legacy=False) is None
    assert store.run(TENANT, SESSION, "not-a-run", legacy=False) is None
    assert counting.calls == ["get_item"]


def test_a_run_id_names_its_creation_time():
    run_id = runs.new_id(1_796_400_000_123)
    assert run_id.startswith("r_") and len(run_id) == 22
    assert int(run_id[2:], 16) >= 0  # 20 hex digits, as the random ids before
    assert keys.run_created_ms(run_id) == 1_796_400_000_123
    assert keys.run_created_ms("r_short") is None
    assert keys.run_created_ms("r_" + "z" * 20) is None
    assert len({runs.new_id(1) for _ in range(200)}) == 200
