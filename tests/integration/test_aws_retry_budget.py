"""Throttling must surface within API Gateway's 29 s, not after botocore's
legacy retry schedule (~25 s of sleeping, measured)."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from botocore.exceptions import ClientError

from graphgate_service import aws


class _AlwaysThrottled(BaseHTTPRequestHandler):
    calls = 0

    def do_POST(self):
        type(self).calls += 1
        self.rfile.read(int(self.headers["Content-Length"]))
        body = json.dumps(
            {
                "__type": "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
                "message": "slow down",
            }
        )
        self.send_response(400)
        self.send_header("Content-Type", "application/x-amz-json-1.0")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def throttling_dynamodb(monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _AlwaysThrottled)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{server.server_address[1]}")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "local")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "local")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    aws.reset()
    _AlwaysThrottled.calls = 0
    yield
    server.shutdown()
    aws.reset()


def test_throttled_calls_give_up_after_a_bounded_number_of_attempts(throttling_dynamodb):
    started = time.monotonic()
    with pytest.raises(ClientError) as caught:
        aws.client("dynamodb").get_item(TableName="t", Key={"pk": {"S": "x"}})
    elapsed = time.monotonic() - started
    assert caught.value.response["Error"]["Code"] == "ProvisionedThroughputExceededException"
    assert _AlwaysThrottled.calls == 3
    assert elapsed < 10, f"retries slept {elapsed:.1f}s; the gateway gives up at 29s"
