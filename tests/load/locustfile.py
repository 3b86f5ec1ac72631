"""Mixed read/write traffic against a local runner, for tests/e2e/test_load.py
(issue 9.5). Not collected by pytest; run by locust in a subprocess:

    locust -f tests/load/locustfile.py --headless --host http://127.0.0.1:PORT

Each simulated user is one tenant's client (GRAPHGATE_LOAD_TENANTS, a JSON
list of {"api_key", "token"}) working on graphs it created itself, so it knows
what each must hold afterwards: on stop it writes {graph id: last ETag} to
GRAPHGATE_LOAD_OUT/<pid>-<n>.json for the test to compare with the store.
Runs (issue 7) join as another task here.
"""

import copy
import itertools
import json
import os
import random
from pathlib import Path
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task
from locust.exception import StopUser

TENANTS = json.loads(os.environ.get("GRAPHGATE_LOAD_TENANTS", "[]"))
OUT = Path(os.environ.get("GRAPHGATE_LOAD_OUT", "."))
MAX_TASKS = int(os.environ.get("GRAPHGATE_LOAD_MAX_TASKS", "2000"))
GRAPH = json.loads(
    json.loads((Path(__file__).parents[2] / "events" / "post-graphs.json").read_text())["body"]
)
_numbers = itertools.count()


@events.test_start.add_listener
def _loopback_only(environment, **_):
    # Load goes to this machine's runner and nowhere else.
    if urlsplit(environment.host or "").hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"refusing to send load to {environment.host}: loopback only")


class Tenant(HttpUser):
    wait_time = between(0, 0.02)

    def on_start(self):
        self.number = next(_numbers)
        tenant = TENANTS[self.number % len(TENANTS)]
        self.headers = {
            "x-api-key": tenant["api_key"],
            "Authorization": f"Bearer {tenant['token']}",
        }
        self.graphs: dict[str, str] = {}
        self.tasks_done = 0
        self.create()

    def on_stop(self):
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / f"{os.getpid()}-{self.number}.json").write_text(json.dumps(self.graphs))

    def _count(self):
        self.tasks_done += 1
        if self.tasks_done > MAX_TASKS:
            raise StopUser()

    def _body(self, name):
        body = copy.deepcopy(GRAPH)
        body["graph"]["nodes"][0]["attrs"]["value"]["data"] = [random.uniform(-1e3, 1e3)]
        return {**body, "name": name}

    @task(2)
    def create(self):
        self._count()
        with self.client.post(
            "/v1/graphs",
            json=self._body("load"),
            headers=self.headers,
            name="POST /v1/graphs",
            catch_response=True,
        ) as reply:
            if reply.status_code != 201:
                reply.failure(f"{reply.status_code} {reply.text[:200]}")
                return
            self.graphs[reply.json()["id"]] = reply.headers["ETag"]

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
        if not self.graphs:
            return
        graph_id = random.choice(list(self.graphs))
        with self.client.put(
            f"/v1/graphs/{graph_id}",
            json=self._body("replaced"),
            name="PUT /v1/graphs/{id}",
            headers={**self.headers, "If-Match": self.graphs[graph_id]},
            catch_response=True,
        ) as reply:
            if reply.status_code != 200:
                reply.failure(f"{reply.status_code} {reply.text[:200]}")
                return
            self.graphs[graph_id] = reply.headers["ETag"]

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
            if reply.status_code != 200:
                reply.failure(f"{reply.status_code} {reply.text[:200]}")
                return
            self.graphs[graph_id] = reply.headers["ETag"]

    @task(1)
    def health(self):
        self._count()
        self.client.get("/v1/health", headers={"x-api-key": self.headers["x-api-key"]})
