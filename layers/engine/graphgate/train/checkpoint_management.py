"""TF1's checkpoint housekeeping around `Saver`: removing a checkpoint, its modification
times, and waiting for new ones (`checkpoints_iterator`, the loop of evaluation jobs)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from typing import Any

from .saver import delete_checkpoint, latest_checkpoint


def remove_checkpoint(
    checkpoint_prefix: str, checkpoint_format_version: Any = None, meta_graph_suffix: str = "meta"
) -> None:
    """Delete the checkpoint `checkpoint_prefix` names: data, index and meta graph."""
    delete_checkpoint(checkpoint_prefix, meta_graph_suffix)


def get_checkpoint_mtimes(checkpoint_prefixes: list[str]) -> list[float]:
    """The modification times (seconds) of the checkpoints that exist, in order; missing
    ones are left out, as TF's."""
    return [
        os.stat(prefix + ".index").st_mtime_ns / 1e9
        for prefix in checkpoint_prefixes
        if os.path.isfile(prefix + ".index")
    ]


def wait_for_new_checkpoint(
    checkpoint_dir: str,
    last_checkpoint: str | None = None,
    seconds_to_sleep: float = 1,
    timeout: float | None = None,
) -> str | None:
    """The directory's latest checkpoint once it differs from `last_checkpoint`; None if
    `timeout` seconds pass first."""
    stop_time = time.time() + timeout if timeout is not None else None
    while True:
        path = latest_checkpoint(checkpoint_dir)
        if path is not None and path != last_checkpoint:
            return path
        if stop_time is not None and time.time() + seconds_to_sleep > stop_time:
            return None
        time.sleep(seconds_to_sleep)


def checkpoints_iterator(
    checkpoint_dir: str,
    min_interval_secs: float = 0,
    timeout: float | None = None,
    timeout_fn: Callable[[], bool] | None = None,
) -> Iterator[str]:
    """Each new checkpoint of `checkpoint_dir` as it appears (at most one per
    `min_interval_secs`); ends after `timeout` seconds without one unless `timeout_fn`
    says to keep waiting."""
    path = None
    while True:
        new_path = wait_for_new_checkpoint(checkpoint_dir, path, timeout=timeout)
        if new_path is None:
            if not timeout_fn or timeout_fn():
                return
            continue
        start = time.time()
        path = new_path
        yield path
        wait = start + min_interval_secs - time.time()
        if wait > 0:
            time.sleep(wait)


__all__ = [
    "checkpoints_iterator",
    "get_checkpoint_mtimes",
    "remove_checkpoint",
    "wait_for_new_checkpoint",
]
