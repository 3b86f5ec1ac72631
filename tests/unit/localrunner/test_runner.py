"""The runner's own process-level settings (localrunner/runner.py)."""

import gc
import weakref

import pytest

from localrunner import runner


class _Node:
    pass


def test_what_start_made_is_collected_once_then_left_out_of_collections():
    # GIVEN garbage in a reference cycle, and an object that lives on
    cycle = _Node()
    cycle.itself = cycle
    gone = weakref.ref(cycle)
    del cycle
    kept = _Node()
    gc.unfreeze()
    try:
        # WHEN the runner has started
        runner._keep_what_start_made()
        # THEN the garbage was collected first, and what lives is frozen out of later
        # collections
        assert gone() is None
        assert gc.get_freeze_count() > 0
        assert not any(o is kept for o in gc.get_objects())
    finally:
        gc.unfreeze()


def test_only_the_runner_s_own_process_freezes_what_start_made(monkeypatch):
    # GIVEN `python -m localrunner`'s entry point, with the runner it starts stood in for
    import sys

    import localrunner.__main__ as entry

    started = []

    class Started(Exception):
        pass

    def stand_in(config):
        started.append(config)
        raise Started

    monkeypatch.setattr(entry, "LocalRunner", stand_in)
    monkeypatch.setattr(sys, "stdout", sys.stdout)  # main wraps it for its log lines
    # WHEN it starts one
    with pytest.raises(Started):
        entry.main(["--port", "0", "--ephemeral"])
    # THEN that runner owns its process (and freezes), where one a test or a benchmark
    # starts in its own process does not
    assert started[0].owns_process is True
    assert runner.RunnerConfig().owns_process is False
    # AND a new key may be refused for the documented 100 ms unless told otherwise
    assert started[0].key_miss_refresh_s == 0.1
    with pytest.raises(Started):
        entry.main(["--port", "0", "--ephemeral", "--key-miss-refresh", "0.01"])
    assert started[1].key_miss_refresh_s == 0.01
