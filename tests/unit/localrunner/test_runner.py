"""The runner's own process-level settings (localrunner/runner.py)."""

import gc
import weakref

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
