"""A small HTTP proxy in front of the local runner that can misbehave on cue.

Used by the client tests to produce what the runner cannot on demand: a 503
with Retry-After, a 429 for a quota, and a response lost after the runner did
the work (the request is forwarded, the answer read, then the client's
connection is closed without a byte). Everything else passes through
unchanged, keep-alive included, and every exchange is recorded.
"""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length"}


@dataclass
class Fault:
    """What to do to the next `times` requests that `match` (method, path)."""

    match: Callable[[str, str], bool]
    action: str  # "respond" (synthetic answer) or "drop" (forward, then lose the answer)
    status: int = 503
    code: str = "DEPENDENCY_UNAVAILABLE"
    headers: dict[str, str] = field(default_factory=dict)
    times: int = 1


@dataclass
class Exchange:
    method: str
    path: str
    request_headers: dict[str, str]
    status: int | None = None  # what the upstream answered (None: not forwarded)
    response_headers: dict[str, str] = field(default_factory=dict)
    fault: str | None = None


class FaultProxy:
    def __init__(self, upstream: str):
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname, parts.port)
        self.faults: list[Fault] = []
        self.exchanges: list[Exchange] = []
        self.connections = 0
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def inject(self, fault: Fault) -> None:
        with self._lock:
            self.faults.append(fault)

    def seen(self, method: str, path_prefix: str) -> list[Exchange]:
        return [e for e in self.exchanges if e.method == method and e.path.startswith(path_prefix)]

    def _take(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.times > 0 and fault.match(method, path):
                    fault.times -= 1
                    return fault
        return None

    def start(self) -> FaultProxy:
        proxy = self

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def get_request(self):
                accepted = super().get_request()
                with proxy._lock:
                    proxy.connections += 1
                return accepted

        self._server = Server(("127.0.0.1", 0), _handler(self))
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _handler(proxy: FaultProxy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            exchange = Exchange(
                self.command, self.path, {k.lower(): v for k, v in self.headers.items()}
            )
            with proxy._lock:
                proxy.exchanges.append(exchange)
            fault = proxy._take(self.command, self.path)
            if fault is not None and fault.action == "respond":
                exchange.fault = "respond"
                problem = {
                    "type": "about:blank",
                    "title": "Injected",
                    "status": fault.status,
                    "code": fault.code,
                    "detail": "injected by the test proxy",
                    "request_id": "proxy-injected",
                }
                data = json.dumps(problem).encode()
                self.send_response(fault.status)
                self.send_header("Content-Type", "application/problem+json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in fault.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)
                return
            upstream = http.client.HTTPConnection(*proxy.upstream, timeout=60)
            try:
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                upstream.request(self.command, self.path, body=body, headers=headers)
                reply = upstream.getresponse()
                data = reply.read()
            finally:
                upstream.close()
            exchange.status = reply.status
            exchange.response_headers = {k.lower(): v for k, v in reply.getheaders()}
            if fault is not None and fault.action == "drop":
                exchange.fault = "drop"
                self.close_connection = True  # the work is done; the answer is lost
                return
            self.send_response(reply.status)
            for name, value in reply.getheaders():
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _serve

    return Handler
