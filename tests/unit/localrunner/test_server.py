"""The runner's HTTP front door (localrunner/server.py): a thread per connection, reused."""

import http.client
import threading
import time

from localrunner.gateway import Reply
from localrunner.server import Server


class _Recording:
    """A gateway that answers 200 and records the thread and connection of each request."""

    def __init__(self, meet: threading.Barrier | None = None):
        self.threads: list[threading.Thread] = []
        self.meet = meet

    def handle(self, request):
        self.threads.append(threading.current_thread())
        if self.meet is not None and request.target == "/meet":
            self.meet.wait(timeout=5)
        return Reply(200, [("Content-Type", "text/plain")], b"ok")


def _serve(gateway):
    server = Server(("127.0.0.1", 0), gateway)
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    return server


def _get(port, path="/", connection=None):
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        if own:
            connection.close()


def _until_idle(server, timeout=10.0):
    """Wait until a connection's thread is back among the idle ones. It gets there only
    after the client has closed, which on a busy machine can be after the next
    connection arrived: counting threads without waiting measured the scheduler."""
    give_up = time.monotonic() + timeout
    while not server._idle and time.monotonic() < give_up:
        time.sleep(0.005)
    assert server._idle, "no connection thread became idle"


def test_connections_one_after_another_are_served_by_kept_threads():
    gateway = _Recording()
    server = _serve(gateway)
    answers = []
    try:
        for _ in range(10):
            answers.append(_get(server.server_address[1]))
            _until_idle(server)
    finally:
        server.shutdown()
        server.server_close()
    assert answers == [(200, b"ok")] * 10
    # Each connection found the previous one's thread idle and was served by it.
    assert len({id(t) for t in gateway.threads}) == 1
    assert threading.current_thread() not in gateway.threads


def test_open_connections_each_have_a_thread_and_keep_it_for_their_requests():
    # GIVEN three kept-alive connections whose first requests wait for each other
    gateway = _Recording(threading.Barrier(3))
    server = _serve(gateway)
    port = server.server_address[1]
    connections = [http.client.HTTPConnection("127.0.0.1", port, timeout=10) for _ in range(3)]
    answers = []
    try:
        # WHEN each sends a request that only returns once all three are being served,
        # then a second request on the same connection
        callers = [
            threading.Thread(target=lambda c=c: answers.append(_get(port, "/meet", c)))
            for c in connections
        ]
        for caller in callers:
            caller.start()
        for caller in callers:
            caller.join()
        firsts = list(gateway.threads)
        seconds = [_get(port, "/", c) for c in connections]
    finally:
        for connection in connections:
            connection.close()
        server.shutdown()
        server.server_close()
    # THEN all were served, three threads at once, each connection's second request on
    # one of them
    assert answers == [(200, b"ok")] * 3 and seconds == [(200, b"ok")] * 3
    assert len({id(t) for t in firsts}) == 3
    assert {id(t) for t in gateway.threads[3:]} <= {id(t) for t in firsts}


def test_a_draining_server_waits_for_the_answer_in_hand_and_answers_nothing_after():
    # GIVEN a kept-alive connection answered once, and a request in hand on another
    gateway = _Recording(threading.Barrier(2))
    server = _serve(gateway)
    port = server.server_address[1]
    kept = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    answers = []
    try:
        assert _get(port, "/", kept) == (200, b"ok")
        in_hand = threading.Thread(target=lambda: answers.append(_get(port, "/meet")))
        in_hand.start()
        while len(gateway.threads) < 2:  # the /meet request reached the gateway
            time.sleep(0.005)
        # WHEN the runner stops: the server drains before the final snapshot
        drained = []
        drainer = threading.Thread(target=lambda: drained.append(server.drain(10)))
        drainer.start()
        while not server._stopping:
            time.sleep(0.005)
        # THEN the drain waits for the request in hand, which is answered
        assert drainer.is_alive()
        gateway.meet.wait(timeout=5)
        in_hand.join()
        drainer.join()
        assert answers == [(200, b"ok")] and drained == [True]
        # AND the kept-alive connection's next request is closed unanswered: an answer
        # now would tell a client what the snapshot, taken next, does not hold
        try:
            refused = _get(port, "/", kept)
        except (http.client.RemoteDisconnected, ConnectionError) as dropped:
            refused = type(dropped).__name__
        assert refused in ("RemoteDisconnected", "ConnectionResetError"), refused
        assert len(gateway.threads) == 2
    finally:
        kept.close()
        server.shutdown()
        server.server_close()


def test_a_request_the_drain_gave_up_on_is_not_answered_after_it():
    # GIVEN a request in hand when the runner stops, slower than the drain's bound
    gateway = _Recording(threading.Barrier(2))
    server = _serve(gateway)
    port = server.server_address[1]
    answers = []

    def send():
        try:
            answers.append(_get(port, "/meet"))
        except (http.client.RemoteDisconnected, ConnectionError) as dropped:
            answers.append(type(dropped).__name__)

    in_hand = threading.Thread(target=send)
    try:
        in_hand.start()
        while not gateway.threads:
            time.sleep(0.005)
        # WHEN the drain gives up on it (the final snapshot is taken next)
        assert server.drain(0.05) is False
        gateway.meet.wait(timeout=5)
        in_hand.join()
        # THEN its answer is not sent: what it did may be past the snapshot, and its
        # client, unanswered, sends it again (with its Idempotency-Key) to the next start
        assert answers == ["RemoteDisconnected"] or answers == ["ConnectionResetError"], answers
    finally:
        server.shutdown()
        server.server_close()
