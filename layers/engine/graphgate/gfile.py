"""TensorFlow's `tf.gfile` (and `tf.io.gfile`) over the local file system, for the TF1
idioms that write and read graphs and checkpoints with it:

    with tf.gfile.GFile("frozen.pb", "wb") as f:
        f.write(frozen_graph_def.SerializeToString())
"""

from __future__ import annotations

import glob as _glob
import os
import shutil
from typing import IO, Any


def GFile(name: str, mode: str = "r") -> IO[Any]:
    """An open file, as TF's `GFile` (text or binary by `mode`)."""
    return open(name, mode)


FastGFile = GFile
Open = GFile


def Exists(filename: str) -> bool:
    return os.path.exists(filename)


def IsDirectory(dirname: str) -> bool:
    return os.path.isdir(dirname)


def ListDirectory(dirname: str) -> list[str]:
    return sorted(os.listdir(dirname))


def Glob(filename: str) -> list[str]:
    return sorted(_glob.glob(filename))


def MakeDirs(dirname: str) -> None:
    os.makedirs(dirname, exist_ok=True)


def MkDir(dirname: str) -> None:
    os.mkdir(dirname)


def Remove(filename: str) -> None:
    os.remove(filename)


def DeleteRecursively(dirname: str) -> None:
    shutil.rmtree(dirname)


def Rename(oldname: str, newname: str, overwrite: bool = False) -> None:
    if not overwrite and os.path.exists(newname):
        raise FileExistsError(newname)
    os.replace(oldname, newname)


def Copy(oldpath: str, newpath: str, overwrite: bool = False) -> None:
    if not overwrite and os.path.exists(newpath):
        raise FileExistsError(newpath)
    shutil.copyfile(oldpath, newpath)


def Walk(top: str, in_order: bool = True):
    """(directory, subdirectory names, file names) for `top` and below, parents first if
    `in_order`; nothing for a missing `top`, as TF's."""
    yield from os.walk(top, topdown=in_order)


class FileStatistics:
    """`Stat`'s answer: `length` in bytes, `mtime_nsec`, `is_directory`."""

    def __init__(self, length: int, mtime_nsec: int, is_directory: bool):
        self.length, self.mtime_nsec, self.is_directory = length, mtime_nsec, is_directory


def Stat(filename: str) -> FileStatistics:
    """The size, modification time and kind of `filename` (NotFoundError if missing)."""
    from .errors import error

    try:
        st = os.stat(filename)
    except FileNotFoundError:
        raise error("FILE_NOT_FOUND", f"{filename}; No such file or directory") from None
    return FileStatistics(st.st_size, st.st_mtime_ns, os.path.isdir(filename))


# tf.io.gfile's lower-case spellings, with its parameter names (TF 1.15's `tf.io.gfile` is
# the v2 module: `exists(path)`, `copy(src, dst)`), which programs pass by keyword.
def exists(path: str) -> bool:
    return Exists(path)


def isdir(path: str) -> bool:
    return IsDirectory(path)


def listdir(path: str) -> list[str]:
    return ListDirectory(path)


def glob(pattern: str) -> list[str]:
    return Glob(pattern)


def makedirs(path: str) -> None:
    MakeDirs(path)


def mkdir(path: str) -> None:
    MkDir(path)


def remove(path: str) -> None:
    Remove(path)


def rmtree(path: str) -> None:
    DeleteRecursively(path)


def rename(src: str, dst: str, overwrite: bool = False) -> None:
    Rename(src, dst, overwrite)


def copy(src: str, dst: str, overwrite: bool = False) -> None:
    Copy(src, dst, overwrite)


def walk(top: str, topdown: bool = True, onerror: Any = None):
    """`Walk` with os.walk's `topdown`; `onerror` is called with the OSError of a directory
    that cannot be listed (a missing `top` yields nothing, as TF's)."""
    yield from os.walk(top, topdown=topdown, onerror=onerror)


def stat(path: str) -> FileStatistics:
    return Stat(path)


def join(path: str, *paths: str) -> str:
    """`tf.io.gfile.join`, for local paths."""
    return os.path.join(path, *paths)
