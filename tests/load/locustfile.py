"""Mixed read/write traffic against a local runner, for tests/e2e/test_load.py
(issue 9.5). Not collected by pytest; run by locust in a subprocess:

    locust -f tests/load/locustfile.py --headless --host http://127.0.0.1:PORT

Each simulated user is one tenant's client (GRAPHGATE_LOAD_TENANTS, a JSON
list of {"api_key", "token"}) working on graphs it created itself, so it knows
what each must hold afterwards. It runs them one-shot (the answer must be
a*b/(a+b) of the `a` it last wrote) and increments the variable of its own
session of a counter graph (events/post-graphs-counter.json), counting the
increments that succeeded. On stop it writes {"graphs": {id: last ETag},
"sessions": {id: increments}} to GRAPHGATE_LOAD_OUT/<pid>-<n>.json for the
test to compare with the store.
"""

import copy
import itertools
import json
import os
import random
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
from locust import HttpUser, between, events, task
from locust.exception import StopUser

TENANTS = json.loads(os.environ.get("GRAPHGATE_LOAD_TENANTS", "[]"))
OUT = Path(os.environ.get("GRAPHGATE_LOAD_OUT", "."))
MAX_TASKS = int(os.environ.get("GRAPHGATE_LOAD_MAX_TASKS", "2000"))
EVENTS = Path(__file__).parents[2] / "events"
GRAPH = json.loads(json.loads((EVENTS / "post-graphs.json").read_text())["body"])
COUNTER = json.loads(json.loads((EVENTS / "post-graphs-counter.json").read_text())["body"])
ONES = {"datatype": "FP32", "shape": [2], "data": [1.0, 1.0]}
_numbers = itertools.count()


@events.test_start.add_listener
def _loopback_only(environment, **_):
    # Load goes to this machine's runner and nowhere else.
    if urlsplit(environment.host or "").hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"refusing to send load to {environment.host}: loopback only")


def answered(reply, status: int) -> bool:
    """Whether the reply has `status`; if not, locust counts it as a failure."""
    if reply.status_code == status:
        return True
    reply.failure(f"{reply.status_code} {reply.text[:200]}")
    return False


class Tenant(HttpUser):
    wait_time = between(0, 0.02)

    def on_start(self):
        self.number = next(_numbers)
        tenant = TENANTS[self.number % len(TENANTS)]
        self.headers = {
            "x-api-key": tenant["api_key"],
            "Authorization": f"Bearer {tenant['token']}",
        }
        self.graphs: dict[str, str] = {}  # id -> last ETag
        self.values: dict[str, float] = {}  # id -> the `a` last written
        self.sessions: dict[str, int] = {}  # id -> increments that succeeded
        self.tasks_done = 0
        self.create()
        self.start_session()

    def on_stop(self):
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / f"{os.getpid()}-{self.number}.json").write_text(
            json.dumps({"graphs": self.graphs, "sessions": self.sessions})
        )

    def _count(self):
        self.tasks_done += 1
        if self.tasks_done > MAX_TASKS:
            raise StopUser()

    def _body(self, name):
        body = copy.deepcopy(GRAPH)
        body["graph"]["nodes"][0]["attrs"]["value"]["data"] = [random.uniform(-1e3, 1e3)]
        return {**body, "name": name}

    def _wrote(self, graph_id, etag, body):
        self.graphs[graph_id] = etag
        self.values[graph_id] = body["graph"]["nodes"][0]["attrs"]["value"]["data"][0]

    def start_session(self):
        """This user's counter graph (never replaced) and its session."""
        with self.client.post(
            "/v1/graphs",
            json={**COUNTER, "name": "counter"},
            headers=self.headers,
            name="POST /v1/graphs",
            catch_response=True,
        ) as reply:
            if not answered(reply, 201):
                raise StopUser()
            self.graphs[reply.json()["id"]] = reply.headers["ETag"]
            graph_id = reply.json()["id"]
        with self.client.post(
            "/v1/sessions",
            json={"graph_id": graph_id},
            headers=self.headers,
            name="POST /v1/sessions",
            catch_response=True,
        ) as reply:
            if not answered(reply, 201):
                raise StopUser()
            self.sessions[reply.json()["id"]] = 0

    @task(2)
    def create(self):
        self._count()
        body = self._body("load")
        with self.client.post(
            "/v1/graphs",
            json=body,
            headers=self.headers,
            name="POST /v1/graphs",
            catch_response=True,
        ) as reply:
            if not answered(reply, 201):
                return
            self._wrote(reply.json()["id"], reply.headers["ETag"], body)

    @task(6)
    def read(self):
        self._count()
        if not self.graphs:
            return
        graph_id = random.choice(list(self.graphs))
        self.client.get(f"/v1/graphs/{graph_id}", headers=self.headers, name="GET /v1/graphs/{id}")

    @task(3)
    def list_graphs(self):
        self._count()
        self.client.get("/v1/graphs?limit=20", headers=self.headers, name="GET /v1/graphs")

    @task(2)
    def replace(self):
        self._count()
        if not self.values:
            return
        graph_id = random.choice(list(self.values))
        body = self._body("replaced")
        with self.client.put(
            f"/v1/graphs/{graph_id}",
            json=body,
            name="PUT /v1/graphs/{id}",
            headers={**self.headers, "If-Match": self.graphs[graph_id]},
            catch_response=True,
        ) as reply:
            if not answered(reply, 200):
                return
            self._wrote(graph_id, reply.headers["ETag"], body)

    @task(1)
    def patch(self):
        self._count()
        if not self.graphs:
            return
        graph_id = random.choice(list(self.graphs))
        with self.client.patch(
            f"/v1/graphs/{graph_id}",
            data=json.dumps({"tags": ["load"]}),
            name="PATCH /v1/graphs/{id}",
            catch_response=True,
            headers={
                **self.headers,
                "If-Match": self.graphs[graph_id],
                "Content-Type": "application/merge-patch+json",
            },
        ) as reply:
            if not answered(reply, 200):
                return
            self.graphs[graph_id] = reply.headers["ETag"]

    @task(3)
    def run_graph(self):
        """A one-shot run: the answer is a*b/(a+b) of the `a` this user last wrote."""
        self._count()
        if not self.values:
            return
        graph_id = random.choice(list(self.values))
        a, b = np.float32(self.values[graph_id]), np.float32(5)
        with np.errstate(divide="ignore", invalid="ignore"):
            expected = a * b / (a + b)
        with self.client.post(
            f"/v1/graphs/{graph_id}/runs",
            json={"fetches": "res"},
            headers=self.headers,
            name="POST /v1/graphs/{id}/runs",
            catch_response=True,
        ) as reply:
            if not answered(reply, 200):
                return
            got = np.float32(float(reply.json()["outputs"]["data"][0]))  # "NaN" parses too
            if not (got == expected or (np.isnan(got) and np.isnan(expected))):
                reply.failure(f"{graph_id} computed {got}, expected {expected} from a = {a}")

    @task(3)
    def run_session(self):
        """Increment this user's session variable; fetching the update gives its new value."""
        self._count()
        session_id, count = next(iter(self.sessions.items()))
        with self.client.post(
            f"/v1/sessions/{session_id}/runs",
            json={"fetches": "add_x", "feeds": {"x": ONES}},
            headers=self.headers,
            name="POST /v1/sessions/{id}/runs",
            catch_response=True,
        ) as reply:
            if not answered(reply, 200):
                return
            self.sessions[session_id] = count + 1
            if reply.json()["outputs"]["data"] != [count + 1.0] * 2:
                reply.failure(f"{session_id} holds {reply.json()['outputs']}, expected {count + 1}")

    @task(1)
    def health(self):
        self._count()
        self.client.get("/v1/health", headers={"x-api-key": self.headers["x-api-key"]})
