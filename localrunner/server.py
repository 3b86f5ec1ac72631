"""The HTTP front door on 127.0.0.1: bytes in, Gateway.handle, bytes out."""

import queue
import re
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from graphgate_service.logs import logger
from localrunner.gateway import MAX_REQUEST_BYTES, Gateway, Reply, Request

# Python's default listen backlog is 5: at 5, 20 concurrent clients saw
# connection resets and a 1 s p99.9 (measured). The kernel caps it at somaxconn.
LISTEN_BACKLOG = 1024


# Connection threads kept waiting for the next connection once theirs closes; past
# this many idle, a thread ends instead.
IDLE_CONNECTION_THREADS = 64


class Server(ThreadingHTTPServer):
    """A thread per connection, as ThreadingHTTPServer, but threads are kept and reused:
    starting one per connection (a client without keep-alive opens one per request) was
    a tenth of the runner's CPU for such a client, with a GIL handoff each."""

    request_queue_size = LISTEN_BACKLOG
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], gateway: Gateway):
        self.gateway = gateway
        self._idle: list[queue.SimpleQueue[tuple[Any, Any]]] = []
        self._idle_lock = threading.Lock()
        # Requests being answered, and whether the runner is stopping (drain).
        self._answering = 0
        self._stopping = False
        self._drained = False  # the drain ended: the final snapshot may be under way
        self._requests = threading.Condition()
        super().__init__(address, _Handler)

    def begin_request(self) -> bool:
        """Count a request in; False once the runner is stopping (it is not answered)."""
        with self._requests:
            if self._stopping:
                return False
            self._answering += 1
            return True

    def end_request(self) -> None:
        with self._requests:
            self._answering -= 1
            self._requests.notify_all()

    def drain(self, timeout_s: float) -> bool:
        """Answer no more requests, kept-alive connections' included, and wait for those
        being answered: what the runner's final snapshot holds is then all any client was
        told. (`shutdown` stops accepting connections only: a pooled connection was still
        answered after the snapshot, a run's success the restart then undid.)"""
        with self._requests:
            self._stopping = True
            done = self._requests.wait_for(lambda: self._answering == 0, timeout_s)
            self._drained = True
            return done

    def may_answer(self) -> bool:
        """Whether a request the gateway has handled may be answered: not once the drain
        ended, as a request it gave up waiting for did its writes after the snapshot may
        have begun; unanswered, its client sends it again to the next start."""
        with self._requests:
            return not self._drained

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._idle_lock:
            waiting = self._idle.pop() if self._idle else None
        if waiting is None:
            waiting = queue.SimpleQueue()
            threading.Thread(target=self._serve_connections, args=(waiting,), daemon=True).start()
        waiting.put((request, client_address))

    def _serve_connections(self, connections: "queue.SimpleQueue[tuple[Any, Any]]") -> None:
        while True:
            request, client_address = connections.get()
            # What ThreadingMixIn.process_request_thread does with each connection.
            try:
                self.finish_request(request, client_address)
            except Exception:
                self.handle_error(request, client_address)
            finally:
                self.shutdown_request(request)
            with self._idle_lock:
                if len(self._idle) >= IDLE_CONNECTION_THREADS:
                    return
                self._idle.append(connections)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


_ABSOLUTE_FORM = re.compile(r"https?://", re.IGNORECASE)


def _content_length(values: list[str]) -> int:
    """The body's length from every Content-Length given (RFC 9112 §6.3: copies of one
    value are that value; anything else, a list that disagrees included, is -1)."""
    given = {v.strip() for value in values for v in value.split(",")}
    if not given:
        return 0
    if len(given) > 1 or not all(v.isascii() and v.isdigit() for v in given):
        return -1
    # A length of more digits than the limit has is over it, so int() never reads one: past
    # 4,300 digits it refuses the text itself with a ValueError.
    digits = given.pop().lstrip("0")
    if len(digits) > len(str(MAX_REQUEST_BYTES)):
        return MAX_REQUEST_BYTES + 1
    return int(digits or "0")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as clients of API Gateway expect
    # TCP_NODELAY. A reply leaves in two writes (headers, then body); with Nagle on, the
    # body waits for the client to ACK the headers, and a client on a kept-alive
    # connection delays that ACK by up to 40 ms (Linux's delayed ACK). Every request on
    # a pooled connection paid it: ~50 ms of the ~52 ms health check, measured.
    disable_nagle_algorithm = True
    server: Server

    def _malformed(self) -> tuple[int, str] | None:
        """(status, reason) if the request line and headers do not frame a request."""
        if self.request_version == "HTTP/0.9":
            # A bare "GET /path" line: http.server serves it without headers or a status
            # line; the gateway's edge speaks HTTP/1.x only.
            return 400, "HTTP/0.9 requests are not supported."
        if self.headers.defects or self.headers.get_payload() or self._invalid_value():
            # RFC 9112 §5: a line that is no `name: value` (a space before the colon, no
            # colon) ended the headers for the parser, so every header after it, a
            # Content-Length too, was dropped without a word and the body read as the next
            # request; §5.2: a folded line may be refused; RFC 9110 §5.5: a value holding
            # NUL must be (it reached the functions, in a key or an Idempotency-Key).
            return 400, "A header line is malformed."
        if self.headers.get_all("Transfer-Encoding"):
            # Any coding, not only "chunked": a body we did not read would be left on the
            # connection and read as the next request.
            return 411, "A request body needs a Content-Length."
        if _content_length(self.headers.get_all("Content-Length") or []) < 0:
            return 400, "Content-Length is not a byte count."
        if self.request_version == "HTTP/1.1" and len(self.headers.get_all("Host") or []) != 1:
            return 400, "An HTTP/1.1 request needs exactly one Host header."
        return None

    def _invalid_value(self) -> bool:
        return any(c in value for value in self.headers.values() for c in "\r\n\0")

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        # http.server reduces a target starting `//` to one `/` (gh-87389, against a file
        # server's open redirects). The gateway routes the request line's own target, so an
        # empty segment meets no route wherever it stands: `//v1/usage` as `/v1//usage`.
        words = self.requestline.split()
        if len(words) >= 2:
            self.path = words[1]
        return True

    def handle_expect_100(self) -> bool:
        """RFC 9110 §10.1.1: a request that will be refused is refused before the client is
        told to send its body (it was told `100 Continue`, then refused unread)."""
        malformed = self._malformed()
        if malformed:
            self.send_error(*malformed)
            return False
        if _content_length(self.headers.get_all("Content-Length") or []) > MAX_REQUEST_BYTES:
            self._send(self.server.gateway.refuse_oversized(), close=True)
            return False
        return super().handle_expect_100()

    def _serve(self) -> None:
        if not self.server.begin_request():
            # Stopping: the connection closes unanswered, as on a restart, so a client
            # sends the request again (a write with its Idempotency-Key) to the next one.
            self.close_connection = True
            return
        try:
            self._answer()
        finally:
            self.server.end_request()

    def _answer(self) -> None:
        malformed = self._malformed()
        if malformed:
            self.send_error(*malformed)
            return
        length = _content_length(self.headers.get_all("Content-Length") or [])
        if length > MAX_REQUEST_BYTES:
            # Refuse without reading; the unread body makes the connection unusable.
            self._send(self.server.gateway.refuse_oversized(), close=True)
            return
        body = self.rfile.read(length) if length else b""
        if len(body) < length:
            # RFC 9112 §8: the connection ended before the Content-Length it announced; an
            # incomplete message is never served (its first bytes may parse: a graph cut
            # where its JSON still closes, a raw tensor cut at a row's end).
            self.send_error(400, "The request body ended before its Content-Length.")
            return
        # RFC 9110 §5.5: whitespace around a field value is not part of it.
        headers = [(name, value.strip(" \t")) for name, value in self.headers.items()]
        target = self.path
        if _ABSOLUTE_FORM.match(target):
            # RFC 9112 §3.2.2: a server MUST accept `GET http://host/path`, and its
            # authority replaces Host. It was routed as a path: 404 ROUTE_NOT_FOUND.
            parts = urlsplit(target)
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            headers = [(n, parts.netloc if n.lower() == "host" else v) for n, v in headers]
        request = Request(self.command, target, headers, body, self.client_address[0])
        reply = self.server.gateway.handle(request)
        if not self.server.may_answer():
            self.close_connection = True
            return
        self._send(reply)

    def __getattr__(self, name: str) -> Any:
        # http.server answers a method it has no `do_<METHOD>` for with its own 501 page;
        # API Gateway routes any method, and one no route takes gets the gateway's answer.
        if name.startswith("do_"):
            return self._serve
        raise AttributeError(name)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own refusals (a malformed request line, an overlong header) as the
        gateway's problem+json rather than its HTML page: every error is problem+json."""
        if self.request_version not in ("HTTP/1.0", "HTTP/1.1"):
            # Unparsed or unsupported (HTTP/0.9 has no status line): answer in ours.
            self.request_version = self.protocol_version
        response_type = "DEFAULT_5XX" if code >= 500 else "DEFAULT_4XX"
        context = {"requestId": str(uuid.uuid4())}
        self._send(
            self.server.gateway.gateway_response(
                response_type, context, status=code, message=message or ""
            ),
            close=True,
        )

    def _send(self, reply: Reply, close: bool = False) -> None:
        self.send_response_only(reply.status)
        names = {name.lower() for name, _ in reply.headers}
        for name, value in reply.headers:
            if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(name, value)
        if "content-type" not in names and reply.body:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply.body)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the gateway writes a structured access log line instead

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except (TimeoutError, ConnectionResetError, BrokenPipeError):
            self.close_connection = True
        except Exception:
            logger.exception("local runner failed to serve a request")
            self.close_connection = True
