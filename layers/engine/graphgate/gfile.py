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


# tf.io.gfile's lower-case spellings.
exists, isdir, listdir, glob, makedirs, mkdir = (
    Exists,
    IsDirectory,
    ListDirectory,
    Glob,
    MakeDirs,
    MkDir,
)
remove, rmtree, rename, copy = Remove, DeleteRecursively, Rename, Copy
