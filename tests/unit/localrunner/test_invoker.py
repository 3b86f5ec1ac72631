"""Lambda's asynchronous invocation as the runner emulates it (localrunner/invoker.py)."""

import threading

from localrunner.invoker import AsyncInvoker


class _Worker:
    """A worker function whose first invocation holds until released, then hands over
    to a fresh invocation (as jobs.work does past its slice) through `invoker`."""

    def __init__(self):
        self.invoker = None
        self.calls = []
        self.started = threading.Event()
        self.release = threading.Event()

    def invoke(self, payload):
        self.calls.append(payload["run_id"])
        self.started.set()
        assert self.release.wait(timeout=10)
        self.invoker({"run_id": "handed-over"})


def test_a_stopping_invoker_waits_for_the_running_invocation_and_starts_no_other():
    # GIVEN an invocation of the worker in flight
    worker = _Worker()
    invoker = AsyncInvoker(worker, 2)
    worker.invoker = invoker
    invoker({"run_id": "r_1"})
    assert worker.started.wait(timeout=10)
    # WHEN the runner stops while it runs, and it then hands over to a fresh invocation
    stopping = threading.Thread(target=invoker.shutdown, args=(10,))
    stopping.start()
    while not invoker._stopping.is_set():
        threading.Event().wait(0.005)
    assert stopping.is_alive()  # waiting for the invocation in flight
    worker.release.set()
    stopping.join()
    # THEN the handover neither failed the invocation (no retry, no dead letter) nor
    # started one: the next start dispatches the run again (jobs.resume_interrupted)
    assert worker.calls == ["r_1"]
    assert invoker.dead_letters == []
