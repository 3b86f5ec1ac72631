"""Datasets from the client side: numpy arrays and files as the service registers
them (POST /v1/datasets), and their upload to the presigned URLs it answers.

Arrays are sent as C-order little-endian .npy, the layout the service keeps, so it
validates them from their headers alone. Files are read a part at a time, so a
multi-gigabyte .npy is never held in memory whole.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphgate.client import errors

FORMATS = {".npy": "npy", ".npz": "npz", ".csv": "csv"}


def unsupported_file(path: str | os.PathLike[str]) -> str:
    """Why a file cannot be uploaded as it is, and what to send instead: a TFRecord or
    Parquet file is data a dataset holds only once read into arrays."""
    return (
        f"{path}: a dataset file is .npy, .npz or .csv; read other data (TFRecord files "
        "with graphgate.compat.v1's tf.data.TFRecordDataset, say) into arrays and upload "
        "those (docs/datasets.md#other-formats)"
    )


@dataclass
class Source:
    """One file of a dataset: what registers it, and its bytes [start, stop)."""

    spec: dict[str, Any]
    read: Callable[[int, int], bytes]


def sources(
    data: Mapping[str, Any] | str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    columns: Mapping[str, str | list[str]] | None = None,
    dtype: str | None = None,
) -> list[Source]:
    """The files of a dataset: one .npy per array of a mapping {name: array}, or the
    given paths (.npy: one array named by the file's stem; .npz: its members; .csv:
    its columns, or the arrays `columns` names, converted to `dtype` if given)."""
    if isinstance(data, Mapping):
        return [_array_source(name, value) for name, value in data.items()]
    paths = [data] if isinstance(data, str | os.PathLike) else list(data)
    if not paths:
        raise errors.ClientError("a dataset needs at least one array or file")
    return [_file_source(Path(p), columns, dtype) for p in paths]


def _array_source(name: str, value: Any) -> Source:
    import numpy as np

    if not isinstance(name, str):
        # A placeholder as the key, as run_batch's feed_arrays take one: a dataset's
        # arrays are named, and a run's map says which placeholder each feeds.
        raise errors.ClientError(
            f"a dataset's arrays are named by strings, not {type(name).__name__} "
            f"({name!r}): give {{name: array}}, and map each name to its placeholder "
            "(train's feed_map)"
        )
    array = np.asarray(value)
    array = np.ascontiguousarray(array, dtype=array.dtype.newbyteorder("<"))
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    body = buffer.getvalue()
    spec = {"format": "npy", "name": name, "bytes": len(body)}
    return Source(spec, lambda start, stop: body[start:stop])


def _file_source(path: Path, columns: Mapping[str, Any] | None, dtype: str | None) -> Source:
    file_format = FORMATS.get(path.suffix.lower())
    if file_format is None:
        raise errors.ClientError(unsupported_file(path))
    spec: dict[str, Any] = {"format": file_format, "bytes": path.stat().st_size}
    if file_format == "npy":
        spec["name"] = path.stem
    if file_format == "csv":
        if columns:
            spec["columns"] = dict(columns)
        if dtype:
            spec["dtype"] = dtype

    def read(start: int, stop: int) -> bytes:
        with path.open("rb") as handle:
            handle.seek(start)
            return handle.read(stop - start)

    return Source(spec, read)


def put(transport: Any, target: dict[str, Any], source: Source) -> None:
    """Upload `source` as `target` says: one PUT, or one PUT per part. The presigned URL
    is the credential: no key or token goes to the storage host."""
    size = source.spec["bytes"]
    if "url" in target:
        # The URL writes its key once (If-None-Match: *): a 412 is a file already there,
        # this PUT's own first attempt whose answer was lost; completion checks it.
        headers = target.get("headers") or {}
        _put(transport, target["url"], source.read(0, size), headers, done_if=412)
        return
    part = target["part_bytes"]
    for entry in target["parts"]:
        start = (entry["part_number"] - 1) * part
        _put(transport, entry["url"], source.read(start, min(start + part, size)), {})


def _put(
    transport: Any, url: str, body: bytes, headers: dict[str, str], done_if: int | None = None
) -> None:
    response = transport.request(
        "PUT",
        url,
        body=body,
        headers=headers,
        idempotency_key=False,
        retry_safe=True,  # the same bytes to the same key (or part)
    )
    if not response.ok and response.status != done_if:
        raise errors.from_problem(response.status, None, response.headers)
