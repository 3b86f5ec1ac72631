"""make demo: start the local API, show it doing its job, stop it cleanly.

Grows with the product: each feature adds its part of the tour here.
"""

import contextlib
import json
import sys
import tempfile
from pathlib import Path

from localrunner.client import request
from localrunner.process import RunnerProcess


def show(title: str, reply) -> None:
    body = reply.body.decode()
    with contextlib.suppress(ValueError):
        body = json.dumps(json.loads(body), indent=2)
    print(
        f"\n== {title}\n   HTTP {reply.status}  X-Request-ID: {reply.headers.get('x-request-id')}"
    )
    if "retry-after" in reply.headers:
        print(f"   Retry-After: {reply.headers['retry-after']}")
    print("   " + body.replace("\n", "\n   "))


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="graphgate-demo-") as workdir:
        log = open(Path(workdir) / "runner.log", "w", encoding="utf-8")  # noqa: SIM115
        parameters = {"FreeBurstLimit": "3", "FreeRateLimit": "1"}
        with RunnerProcess(Path(workdir), parameters, log=log) as runner:
            print(
                f"local graphgate API up on {runner.url} (embedded AWS at "
                f"{runner.state['aws_endpoint']}, no Docker, no AWS account)"
            )
            tenant = runner.create_tenant("demo", plan="free")
            print(
                f"created tenant {tenant['tenant_id']} on the free plan "
                f"(burst 3, 1 request/s) with key {tenant['api_key'][:10]}..."
            )

            show("GET /v1/health without an API key", request("GET", f"{runner.url}/v1/health"))
            headers = {"x-api-key": tenant["api_key"], "X-Request-ID": "demo-1"}
            health = request("GET", f"{runner.url}/v1/health", headers)
            show("GET /v1/health with the key", health)
            replies = [request("GET", f"{runner.url}/v1/health", headers) for _ in range(4)]
            show(
                "a burst beyond the plan",
                next(r for r in replies if r.status == 429)
                if any(r.status == 429 for r in replies)
                else replies[-1],
            )
        log.close()
        print("\nlocal API stopped cleanly.")
    return 0 if health.status == 200 else 1


if __name__ == "__main__":
    sys.exit(main())
