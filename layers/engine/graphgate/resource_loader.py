"""TF's `tf.resource_loader`: files that ship beside a program's own module, found from
the calling module's directory, as TF's functions find them."""

from __future__ import annotations

import inspect
import os
import sys


def _caller_directory(depth: int) -> str:
    return os.path.dirname(inspect.getfile(sys._getframe(depth + 1)))


def get_data_files_path() -> str:
    """The directory of the module that calls this."""
    return _caller_directory(1)


def get_path_to_datafile(path: str) -> str:
    """`path` under the directory of the module that calls this."""
    return os.path.join(_caller_directory(1), path)


def readahead_file_path(path: str, readahead: str = "128M") -> str:
    """`path` itself: TF's readahead applies to its own network file systems."""
    return path


__all__ = ["get_data_files_path", "get_path_to_datafile", "readahead_file_path"]
