"""Files read when a graph is built: the one owner of opening a user's file for a graph.

A graph never opens its user's files when it runs (a hosted graph has none of them), so
the APIs that name files — vocabulary files, `CsvDataset`, `TFRecordDataset` and the other
record datasets, `list_files`/`matching_files`, `read_file`, the queue readers fed by
`string_input_producer` — read them here, when the graph is built, and the graph holds
their bytes as constants. Each graph keeps a table of the files read for it (name →
bytes); the ops that take a file name computed when the graph runs (an interleave's
argument, a name dequeued from a filename queue) look it up in that table, so a name that
no constant or pattern of the graph named fails its run as TF's missing file does
(NotFoundError), with a message saying how to name it.

Every byte read counts against `MAX_BYTES_PER_GRAPH`: a graph that would hold more is
refused when it is built (FILES_TOO_LARGE), not after it has swallowed the machine's memory.
"""

from __future__ import annotations

import glob as _glob
import os
import weakref
import zlib
from typing import Any

import numpy as np

from .errors import error

# The bytes of all files one graph may hold. CIFAR-10's five binary batches (147 MB) fit;
# a service graph is bounded again, more tightly, by its `max_constant_bytes`.
MAX_BYTES_PER_GRAPH = 256 << 20

_TABLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class _Table:
    """The files read for one graph, in the order they were first named."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.total = 0
        self.consts: dict[tuple, tuple] = {}
        self.file_consts: dict[str, Any] = {}
        self.named: dict[str, None] = {}
        self.scanned = 0  # the graph's ops (in creation order) register_constants has seen
        self.own: set[int] = set()  # the indices of the table's own constants


def _table(graph: Any) -> _Table:
    table = _TABLES.get(graph)
    if table is None:
        table = _TABLES[graph] = _Table()
    return table


def read(path: str, graph: Any = None) -> bytes:
    """The bytes of the file `path`, read now (FILE_NOT_FOUND if it cannot be read),
    counted against `graph`'s budget when one is given."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES_PER_GRAPH + 1)
    except OSError as exc:
        raise error("FILE_NOT_FOUND", f"{path}; {exc.strerror or 'cannot be read'}") from None
    if graph is not None:
        _count(_table(graph), path, len(data))
    elif len(data) > MAX_BYTES_PER_GRAPH:
        _count(_Table(), path, len(data))
    return data


def _count(table: _Table, path: str, n: int) -> None:
    if table.total + n > MAX_BYTES_PER_GRAPH:
        raise error(
            "FILES_TOO_LARGE",
            f"reading {path} ({n} bytes) when the graph is built would make the files it "
            f"holds {table.total + n} bytes, more than the limit of {MAX_BYTES_PER_GRAPH}",
            details={"file": path, "bytes": table.total + n, "limit": MAX_BYTES_PER_GRAPH},
        )
    table.total += n


def register(graph: Any, names: list[str]) -> None:
    """Name the files `names` for `graph`'s table; they are read when an op that reads
    files is built (`table_tensors`), so the strings of a `string_input_producer` that no
    reader uses are never read. A file that cannot be read then is left out: the op that
    opens it fails its run (NotFoundError), when TF's would."""
    _table(graph).named.update(dict.fromkeys(names))


# Longer strings are no file names (PATH_MAX); the table's own constants are skipped too.
_LONGEST_NAME = 4096


def register_constants(graph: Any) -> None:
    """Name every existing file that a string constant of `graph` names, for an op that
    gets its file name only when the graph runs: `from_tensor_slices(files).flat_map(
    TFRecordDataset)`, `slice_input_producer([paths, labels])` then `read_file` — the
    name then comes out of one of the graph's constants, whichever op computes it."""
    table = _table(graph)
    ops, table.scanned = graph.op_list[table.scanned :], len(graph.op_list)
    for op in ops:
        if op.type != "Const" or op.index in table.own:
            continue
        value = np.asarray(op.attrs.get("value"))
        if value.dtype != object or value.size > 100_000:
            continue
        for item in value.reshape(-1).tolist():
            if isinstance(item, bytes) and 0 < len(item) <= _LONGEST_NAME:
                name = item.decode(errors="replace")
                if os.path.isfile(name):
                    table.named[name] = None


def _read_named(graph: Any, table: _Table) -> None:
    for name in table.named:
        if name not in table.files and os.path.isfile(name):
            table.files[name] = read(name, graph)
    table.named.clear()


def table_tensors(graph: Any) -> tuple:
    """The names and bytes of the files read for `graph` so far, as two string vectors,
    made outside any body so every reader of the graph shares them. Each file's bytes are
    one constant of the graph however many tables stack it, so a document holds a file
    once."""
    from . import dtypes as _dt
    from .ops.array_ops import constant, stack
    from .ops.misc_ops import init_scope

    table = _table(graph)
    _read_named(graph, table)
    key = tuple(table.files)
    if key not in table.consts:
        with graph.as_default(), init_scope(), graph.name_scope("files_read_at_build"):
            for n in key:
                if n not in table.file_consts:
                    table.file_consts[n] = constant(table.files[n], _dt.string, name="file")
                    table.own.add(table.file_consts[n].op.index)
            names = np.array([n.encode() for n in key], dtype=object).reshape(len(key))
            contents = (
                stack([table.file_consts[n] for n in key], name="contents")
                if key
                else constant(np.array([], dtype=object), _dt.string, name="contents")
            )
            table.consts[key] = (constant(names, _dt.string, name="names"), contents)
            table.own.update(t.op.index for t in table.consts[key])
    return table.consts[key]


def constant_names(value: Any) -> list[str] | None:
    """The Python file names `value` names (a name, names, or a string constant), or
    None when they are computed only when the graph runs."""
    from .graph import Tensor

    if isinstance(value, Tensor):
        if value.op.type != "Const":
            return None
        value = value.op.attrs["value"]
    names = np.asarray(value, dtype=object).reshape(-1).tolist()
    return [n.decode() if isinstance(n, bytes) else str(n) for n in names]


def matching(patterns: Any) -> list[str]:
    """The files matching the glob patterns, sorted over all of them, as TF's
    MatchingFiles lists them."""
    names = constant_names(patterns)
    if names is None:
        raise error(
            "UNIMPLEMENTED",
            "graphgate lists files when the graph is built: pass the pattern (or a "
            "constant of it), not a tensor computed when the graph runs",
        )
    # Directories too, as TF lists them (reading one then fails its run).
    return sorted({m for p in names for m in _glob.glob(p)})


def lookup(names: Any, contents: Any, name: Any) -> bytes:
    """At run time: the bytes of the file `name` from a graph's table constants."""
    key = name if isinstance(name, bytes) else str(name).encode()
    names = np.asarray(names, dtype=object).reshape(-1)
    contents = np.asarray(contents, dtype=object).reshape(-1)
    if names.size != contents.size:
        # Only a hand-made document can get here: the table's two constants are built together.
        raise error("COMPUTE_ERROR", f"a table of {names.size} files holds {contents.size}")
    found = np.flatnonzero(names == key)
    if found.size and isinstance(contents[found[0]], bytes):
        return contents[found[0]]
    text = key.decode(errors="replace")
    raise error(
        "FILE_NOT_FOUND",
        f"{text}; No such file or directory (graphgate reads files when the graph is built: "
        "a file exists for it only if a constant or pattern named it then, e.g. the names "
        "given to string_input_producer, list_files or the dataset)",
    )


def compression(value: Any, lenient: bool = False) -> str:
    """ "" / "ZLIB" / "GZIP" from a compression_type. TF's TFRecord readers log and read
    an unknown type as uncompressed (`lenient`); its other readers refuse it."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode()
    if value in ("", "ZLIB", "GZIP"):
        return value
    if lenient:
        return ""
    raise error(
        "INVALID_ATTR", f'Received unknown `compression_type` {value}. Expected: GZIP, ZLIB or "".'
    )


def decompress(
    data: bytes, kind: str, name: str, code: str = "CORRUPT_RECORD", limit: int | None = None
) -> bytes:
    """`data` inflated as `kind` ("" leaves it); bytes that are not such data fail with
    `code`. With a `limit` (a run's `max_tensor_elements`, which bounds strings' bytes), a
    file that would inflate past it stops there: a small compressed file held by a graph
    must not become gigabytes when a hosted run opens it."""
    if kind not in ("GZIP", "ZLIB"):
        return data
    wbits = 16 + zlib.MAX_WBITS if kind == "GZIP" else zlib.MAX_WBITS
    out: list[bytes] = []
    total = 0
    try:
        while data:
            stream = zlib.decompressobj(wbits)
            chunk = stream.decompress(data, 0 if limit is None else limit + 1 - total)
            total += len(chunk)
            out.append(chunk)
            if limit is not None and (total > limit or stream.unconsumed_tail):
                raise error(
                    "TENSOR_TOO_LARGE",
                    f"{name} inflates to more than the run's limit of {limit} bytes",
                    details={"file": name, "limit": limit},
                )
            if not stream.eof:
                raise zlib.error("the compressed data ends early")
            # gzip files may be several members one after another (TF reads them all).
            data = stream.unused_data if kind == "GZIP" else b""
    except zlib.error as exc:
        raise error(code, f"{name} is not {kind} data: {exc}") from None
    return b"".join(out)


__all__ = [
    "MAX_BYTES_PER_GRAPH",
    "compression",
    "constant_names",
    "decompress",
    "lookup",
    "matching",
    "read",
    "register",
    "register_constants",
    "table_tensors",
]
