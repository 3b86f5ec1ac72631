"""Datasets: named arrays, uploaded once, validated once, read by row range.

`POST /v1/datasets` registers a dataset's files (.npy, .npz, CSV) and answers where
to upload each: one presigned PUT, or presigned parts of an S3 multipart upload for
a large file. `POST /v1/datasets/{id}/complete` then validates them, once: every
array's dtype, its row count (the same for all), the plan's size caps. A ready
dataset keeps each array as a C-order little-endian .npy under
keys.dataset_array, so rows [start, stop) are one byte range of one object
(`read_rows`): the workers that train or score on a dataset stream it with ranged
GETs, never holding more of it than they use.

A .npy already in that layout is used as uploaded (its header is one ranged GET);
anything else (.npz, CSV, Fortran order, big-endian) is read whole and rewritten
inside the completing request, so such files stop at CONVERT_BYTES.
"""

import collections
import contextlib
import csv
import decimal
import io
import json
import math
import operator
import re
import secrets
import time
import tokenize
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

import numpy as np

from graphgate_service import auth, cursors, graphs, keys, plans, problems
from graphgate_service.dataset_store import DatasetStore, NotPending, Replaced
from graphgate_service.logs import logger

MB = 1024 * 1024
# Upload URLs live long enough for a large file over a slow line.
URL_TTL_S = 3600
# A dataset not completed within this is forgotten (its record's TTL; the bucket
# aborts its unfinished multipart uploads after a day).
PENDING_TTL_S = 24 * 3600
# Files above this go up in parts (S3 takes 5 GB in one PUT; parts retry alone).
SINGLE_PUT_BYTES = 64 * MB
PART_BYTES = 16 * MB
MIN_PART_BYTES = 5 * MB  # S3's smallest part but the last
# Our bound on the parts of one file, which bounds the registration's answer (one
# presigned URL per part, about 600 bytes each): larger files get larger parts.
MAX_PARTS = 1000
# Files read whole and rewritten while the completing request waits: bounded so the
# work fits in the request's time; larger data goes up as C-order little-endian .npy.
CONVERT_BYTES = 64 * MB
# CSV costs most: 47 MB of small integers (300,000 rows of 65 columns) took 12 s and
# 1.1 GB to parse (csv module, then numpy per column); the function has 28 s and 2 GB.
CSV_BYTES = 32 * MB
# The longest cell a CSV column of numbers may hold (a float64 written out in full is
# 24 characters): a column's cells become one array as wide as its longest.
MAX_NUMBER_CHARS = 256
# Uploaded files carry this tag until their dataset is ready: the bucket's lifecycle
# expires tagged objects (template.yaml), so a dataset never completed leaves nothing.
PENDING_TAG = "graphgate-state=pending"
# A .npy header is read with one ranged GET of at most this many bytes.
HEADER_BYTES = 64 * 1024
DTYPES = frozenset(
    [
        "bool",
        "int8",
        "int16",
        "int32",
        "int64",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "float16",
        "float32",
        "float64",
    ]
)
CSV_DTYPES = DTYPES - {"bool"}  # "False" is not a number; a bool column is refused
# What numpy's readers raise on hostile bytes: besides ValueError and EOFError, its
# header parser lets its tokenizer's and comparisons' errors through (a fuzz test
# found tokenize.TokenError and TypeError), so any of them means an unreadable file.
UNREADABLE = (ValueError, EOFError, OSError, SyntaxError, TypeError, tokenize.TokenError)
# And zipfile's, for an .npz: a corrupt deflate stream, a method or version it does not
# implement, an encrypted member (all found by the same fuzzing).
UNREADABLE_ZIP = (*UNREADABLE, zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError)
# Arrays of one dataset: each is an S3 object and an entry of the dataset's item,
# which DynamoDB caps at 400 KB.
MAX_ARRAYS = 1024
# What a registration's files may take on that item, leaving room for 1,024 arrays' entries.
MAX_FILES_BYTES = 200 * 1024
ARRAY_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$")
DATASET_ID = re.compile(r"^ds_[0-9a-f]{20}$")


def store() -> DatasetStore:
    return DatasetStore.shared()


# ------------------------------------------------------------------ the interface
def get(tenant: str, dataset_id: str) -> dict[str, Any]:
    """The dataset as stored: id, name, status, rows, arrays {name: {dtype, shape}},
    bytes, created_at, ...; 404 DATASET_NOT_FOUND if the tenant has no such dataset."""
    dataset = store().get(tenant, dataset_id) if DATASET_ID.fullmatch(dataset_id) else None
    if dataset is None:
        raise problems.NotFound(f"No dataset {dataset_id}.", code="DATASET_NOT_FOUND")
    return dataset


def held(dataset: dict[str, Any], shown: int = 20) -> str:
    """The arrays a dataset holds, for a refusal naming one it does not (a CSV's column
    mapped by its header's name rather than the array `columns` made of it)."""
    names = sorted(dataset.get("arrays") or {})
    more = f", … ({len(names)} in all)" if len(names) > shown else ""
    return f"its arrays: {', '.join(names[:shown])}{more}"


def readable(tenant: str, dataset_id: str, names: list[str], pointer: str) -> dict[str, Any]:
    """The dataset, if a run may read `names` from it: 404 DATASET_NOT_FOUND, 409
    DATASET_NOT_READY, or 400 VALIDATION_FAILED naming (at `pointer`/<name>) each
    array it does not hold. What every consumer of a dataset checks first."""
    dataset = get(tenant, dataset_id)
    if dataset["status"] != "ready":
        raise problems.Conflict(
            f"Dataset {dataset_id} is {dataset['status']}, not ready.",
            code="DATASET_NOT_READY",
            extra={"dataset_status": dataset["status"]},
        )
    unknown = sorted(set(names) - set(dataset["arrays"]))
    if unknown:
        raise problems.BadRequest(
            f"Dataset {dataset_id} has no array {', '.join(unknown)} ({held(dataset)}).",
            code="VALIDATION_FAILED",
            errors=[
                {"pointer": f"{pointer}/{name}", "code": "UNKNOWN", "message": name}
                for name in unknown
            ],
        )
    return dataset


def read_rows(
    tenant: str, dataset: dict[str, Any], start: int, stop: int, names: list[str] | None = None
) -> dict[str, np.ndarray]:
    """Rows [start, stop) of the named arrays (all if None), one ranged GET each; the
    arrays are read-only views of the downloaded bytes."""
    if dataset["status"] != "ready":
        raise ValueError(f"dataset {dataset['id']} is {dataset['status']}, not ready")
    if not 0 <= start <= stop <= dataset["rows"]:
        raise ValueError(f"rows [{start}, {stop}) are not within 0..{dataset['rows']}")
    chosen = list(dataset["arrays"]) if names is None else names
    reader = store()
    out = {}
    for name in chosen:
        info = dataset["arrays"][name]
        dtype = np.dtype(info["dtype"]).newbyteorder("<")
        row_shape = tuple(info["shape"][1:])
        row_bytes = dtype.itemsize * math.prod(row_shape)
        if stop == start or row_bytes == 0:
            out[name] = np.zeros((stop - start, *row_shape), dtype)
            continue
        first = info["offset"] + start * row_bytes
        try:
            body = reader.read_range(
                keys.dataset_array(tenant, dataset["id"], name),
                first,
                first + (stop - start) * row_bytes - 1,
                if_match=info.get("etag"),  # datasets completed before ETags were kept: none
            )
        except Replaced:
            # Its presigned PUT URL outlives completion: bytes sent to it since were never
            # validated, and read by the recorded layout they were a wrong answer.
            raise problems.Unprocessable(
                f"Array {name} of dataset {dataset['id']} was replaced after it was validated "
                "(an upload URL used again); register the data as a new dataset.",
                code="DATASET_INVALID",
            ) from None
        out[name] = np.frombuffer(body, dtype).reshape((stop - start, *row_shape))
    return out


# ------------------------------------------------------------------ the resource
def create(who: auth.Principal, request: dict[str, Any]) -> dict[str, Any]:
    """Register a dataset's files; the answer says where to upload each."""
    tenant, plan = who.tenant_id, plans.get(who.plan or "free")
    files = [_file_spec(i, f) for i, f in enumerate(request["files"])]
    _check_names(files)
    _check_spec_size(files)
    plans.require_within(plan, "dataset_bytes", used=0, adding=sum(f["bytes"] for f in files))
    created = int(time.time() * 1000)
    dataset_id = f"ds_{created:011x}{secrets.token_hex(5)[:9]}"
    files_at = store()
    for index, spec in enumerate(files):
        if spec.get("part_bytes"):
            key = _file_key(tenant, dataset_id, index, spec)
            spec["upload_id"] = files_at.start_upload(key, PENDING_TAG)
    dataset = {
        "id": dataset_id,
        "name": request["name"],
        "status": "pending",
        "created_at": created,
        "files": files,
        "rows": 0,
        "bytes": 0,
        "arrays": {},
        "expires_at": int(time.time()) + PENDING_TTL_S,
    }
    store().create(tenant, dataset)
    _within_cap_after(tenant, plan, dataset)
    uploads = [_target(files_at, tenant, dataset_id, i, f) for i, f in enumerate(files)]
    return {**view(dataset), "uploads": uploads, "uploads_expire_in": URL_TTL_S}


def _within_cap_after(tenant: str, plan: plans.Plan, dataset: dict[str, Any]) -> None:
    """The datasets cap, counted once registered: a count before the write cannot stop
    registrations that race past the cap together (13 held on a cap of 10, over HTTP),
    one after can. Each that finds the cap passed steps back, so at worst two racers
    both do, and never do both stay (as session starts do)."""
    held = store().count(tenant, plan.datasets + 1)
    if held > plan.datasets:
        store().delete(tenant, dataset)
        logger.info("dataset registration lost a race for the cap", extra={"id": dataset["id"]})
        plans.require_within(plan, "datasets", used=held - 1)


def complete(who: auth.Principal, dataset_id: str) -> dict[str, Any]:
    """Validate the uploaded files, once, and make the dataset ready; a file that is
    refused fails the dataset (422) and frees what was uploaded."""
    tenant, plan = who.tenant_id, plans.get(who.plan or "free")
    dataset = get(tenant, dataset_id)
    if dataset["status"] != "pending":
        return _settled(dataset)
    try:
        sizes = [_finish_upload(tenant, dataset, i, f) for i, f in enumerate(dataset["files"])]
    except NotPending:
        return _overtaken(tenant, dataset_id)
    try:
        plans.require_within(plan, "dataset_bytes", used=0, adding=sum(sizes))
        _room_left(tenant)
        with _files_not_deleted(tenant, dataset["id"]):
            arrays = _read_files(tenant, dataset, sizes)
            stored = sum(a["bytes"] for a in arrays.values())  # more than sent, if packed
            plans.require_within(plan, "dataset_bytes", used=0, adding=stored)
            _keep_uploads(tenant, dataset, arrays)
        ready = {k: v for k, v in dataset.items() if k != "expires_at"}
        ready |= {
            "status": "ready",
            "arrays": arrays,
            "rows": next(iter(arrays.values()))["shape"][0],
            "bytes": stored,
            "ready_at": int(time.time() * 1000),
        }
        # The transaction's guard passes a tenant that has never stored anything.
        fits = ready["bytes"] <= plan.stored_bytes
        if not (fits and store().ready(tenant, ready, plan.stored_bytes)):
            raise problems.Unprocessable(
                f"The {plan.name} plan stores up to {plan.stored_bytes} bytes in all; "
                f"this dataset's {ready['bytes']} do not fit.",
                code="PLAN_LIMIT_EXCEEDED",
                extra={"cap": "stored_bytes", "limit": plan.stored_bytes, "plan": plan.name},
            )
    except NotPending:
        return _overtaken(tenant, dataset_id)
    except problems.ApiError as error:
        if error.status < 500 and not _fail(tenant, dataset, error):
            # Another writer settled the dataset first: answer as after it, which frees
            # what this completion wrote after a delete (the failure's 422 left it).
            return _overtaken(tenant, dataset_id)
        raise  # the files' fault, now the dataset's; a storage hiccup leaves it pending
    _drop_sources(tenant, ready)
    return view(ready)


def _room_left(tenant: str) -> None:
    """422 (stored_bytes) before the files are read and converted, if the tenant's stored
    bytes are used up: the dataset could only be refused after that work."""
    from graphgate_service import graphs

    graphs.require_room(tenant, graphs=0)


def _overtaken(tenant: str, dataset_id: str) -> dict[str, Any]:
    """The answer of a completion another writer got to first: that completion's dataset,
    or the 404 of a delete's. After a delete or a failure, what this completion assembled
    or rewrote may have landed after the dataset's files were freed: freed again (the id
    is never reused, a failed dataset holds no arrays), or it stays in the bucket, counted
    against no one."""
    try:
        dataset = get(tenant, dataset_id)
    except problems.NotFound:
        store().free(tenant, dataset_id)
        raise
    if dataset["status"] == "failed":
        store().free(tenant, dataset_id)
    return _settled(dataset)


def page(tenant: str, limit: int | None, cursor: str | None) -> tuple[list[Any], str | None]:
    items, next_cursor = cursors.page(
        tenant, "datasets", limit, cursor, lambda n, start: store().page(tenant, n, start)
    )
    return [view(i) for i in items], next_cursor


# A delete and a completion of one dataset racing: how often the delete reads it again.
DELETE_ATTEMPTS = 3


def delete(tenant: str, dataset_id: str) -> None:
    # The delete is conditioned on the status it read: a completion that made the dataset
    # ready meanwhile added its bytes to the tenant's, which the delete must give back.
    for _ in range(DELETE_ATTEMPTS):
        if store().delete(tenant, get(tenant, dataset_id)):  # get: 404 once it is gone
            return
    raise problems.ServiceUnavailable(
        f"Dataset {dataset_id} kept changing during the delete; retry.", code="WRITE_CONFLICT"
    )


def replayed(tenant: str, request: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    """An idempotent replay of `create`'s answer with its upload URLs signed afresh, while
    the dataset is pending (api.REPLAY_REFRESHERS): the first ones lasted URL_TTL_S. A
    dataset completed, failed or deleted since keeps the first answer (its files can no
    longer be written)."""
    del request  # the registered files are the dataset's own
    dataset = store().get(tenant, answer["id"])
    if dataset is None or dataset["status"] != "pending":
        return answer
    files_at = store()
    uploads = [
        _target(files_at, tenant, dataset["id"], i, f) for i, f in enumerate(dataset["files"])
    ]
    return {**answer, "uploads": uploads, "uploads_expire_in": URL_TTL_S}


def view(dataset: dict[str, Any]) -> dict[str, Any]:
    """The dataset as clients see it (no storage details)."""
    shown = {
        k: dataset[k]
        for k in ("id", "name", "status", "rows", "bytes", "created_at", "ready_at", "error")
        if k in dataset
    }
    # Kept as epoch milliseconds; answered in ISO 8601, as every other resource's times.
    for moment in ("created_at", "ready_at"):
        if moment in shown:
            shown[moment] = graphs.iso(int(shown[moment]))
    shown["arrays"] = {
        name: {"dtype": a["dtype"], "shape": a["shape"]} for name, a in dataset["arrays"].items()
    }
    shown["files"] = [
        {k: f[k] for k in ("format", "name", "bytes") if k in f} for f in dataset["files"]
    ]
    return shown


# ------------------------------------------------------------------ registration
def _file_spec(index: int, spec: dict[str, Any]) -> dict[str, Any]:
    """A file as registered: checked, with its part size if it goes up in parts."""
    spec = dict(spec)
    if spec["format"] == "npy" and "name" not in spec:
        raise _invalid_request(index, "name", "a .npy file needs the name of its array")
    if spec["format"] != "csv" and ("columns" in spec or "dtype" in spec):
        raise _invalid_request(index, "columns", "columns and dtype apply to CSV files only")
    if spec.get("dtype") is not None and spec["dtype"] not in CSV_DTYPES:
        raise _invalid_request(index, "dtype", f"one of {', '.join(sorted(CSV_DTYPES))}")
    size = spec["bytes"]
    if spec.pop("multipart", False) or size > SINGLE_PUT_BYTES or "part_bytes" in spec:
        part = max(spec.get("part_bytes") or PART_BYTES, MIN_PART_BYTES, -(-size // MAX_PARTS))
        spec["part_bytes"] = part
    return spec


def _check_names(files: list[dict[str, Any]]) -> None:
    named = [f["name"] for f in files if "name" in f] + [
        name for f in files for name in f.get("columns", {})
    ]
    for name in named:
        if not ARRAY_NAME.fullmatch(name):
            raise problems.BadRequest(
                _invalid_name(name).detail,
                code="VALIDATION_FAILED",
                errors=[{"pointer": "/files", "code": "PATTERN", "message": name[:80]}],
            )
    repeated = sorted({n for n in named if named.count(n) > 1})
    if repeated:
        raise problems.BadRequest(
            f"Array names must be unique: {', '.join(repeated)} repeat.",
            code="VALIDATION_FAILED",
            errors=[{"pointer": "/files", "code": "UNIQUE", "message": ", ".join(repeated)}],
        )


def _check_spec_size(files: list[dict[str, Any]]) -> None:
    """The files are kept on the dataset's item beside its arrays: a CSV's `columns` may
    name 256 arrays of 4,096 columns of any length, which overflowed the item (a 500)."""
    size = len(json.dumps(files))
    if size > MAX_FILES_BYTES:
        message = f"the files take {size:,} bytes; a dataset keeps at most {MAX_FILES_BYTES:,}"
        raise problems.BadRequest(
            f"The registration is too large: {message}.",
            code="VALIDATION_FAILED",
            errors=[{"pointer": "/files", "code": "INVALID", "message": message}],
        )


def _file_key(tenant: str, dataset_id: str, index: int, spec: dict[str, Any]) -> str:
    if spec["format"] == "npy":  # uploaded where it will stay, if it needs no rewriting
        return keys.dataset_array(tenant, dataset_id, spec["name"])
    return keys.dataset_source(tenant, dataset_id, index, spec["format"])


def _target(
    files_at: DatasetStore, tenant: str, dataset_id: str, index: int, spec: dict[str, Any]
) -> dict[str, Any]:
    key = _file_key(tenant, dataset_id, index, spec)
    if "upload_id" not in spec:
        return {
            "file": index,
            "method": "PUT",
            "url": files_at.upload_url(key, PENDING_TAG, spec["bytes"], URL_TTL_S),
            "headers": {
                "Content-Type": "application/octet-stream",
                "x-amz-tagging": PENDING_TAG,
                "If-None-Match": "*",  # signed: the URL writes the key once (upload_url)
            },
        }
    size, part = spec["bytes"], spec["part_bytes"]
    count = -(-size // part)
    parts = [
        {
            "part_number": number,
            # Each part's size is signed: the file stores no more than it was registered as.
            "url": files_at.part_url(
                key, spec["upload_id"], number, min(part, size - (number - 1) * part), URL_TTL_S
            ),
        }
        for number in range(1, count + 1)
    ]
    return {"file": index, "method": "PUT", "part_bytes": spec["part_bytes"], "parts": parts}


# ------------------------------------------------------------------ validation
def _finish_upload(tenant: str, dataset: dict[str, Any], index: int, spec: dict[str, Any]) -> int:
    """The uploaded file's size, its parts assembled first if it came in parts; 409
    DATASET_NOT_UPLOADED if it has not arrived, 422 DATASET_INVALID if it is not the
    size registered (the dataset stays pending for both). Outside the completion's
    failure handling: neither is the file's fault for good."""
    reader = store()
    key = _file_key(tenant, dataset["id"], index, spec)
    if "upload_id" in spec:
        # Checked before assembling: once assembled, the parts cannot be sent again.
        held = reader.held_part_bytes(key, spec["upload_id"])
        if held and held != spec["bytes"]:
            raise _wrong_size(dataset, index, spec, held)
        _assemble(reader, key, spec["upload_id"])
    size = reader.object_size(key)
    if size is None:
        _still_pending(tenant, dataset["id"])
        raise problems.Conflict(
            f"File {index} of dataset {dataset['id']} has not been uploaded; upload it, "
            "then complete the dataset again.",
            code="DATASET_NOT_UPLOADED",
            extra={"file": index},
        )
    if size != spec["bytes"]:
        if "upload_id" not in spec:
            # Its URL writes the key only while it is empty: the file is sent again there.
            reader.delete_object(key)
        raise _wrong_size(dataset, index, spec, size)
    return size


def _wrong_size(
    dataset: dict[str, Any], index: int, spec: dict[str, Any], size: int
) -> problems.ApiError:
    """A short upload can read as a valid file with fewer rows (a CSV cut at a line's
    end, a number cut short), so a file of another size than registered is refused,
    leaving the dataset pending for the whole file to be sent again."""
    return problems.Unprocessable(
        f"File {index} of dataset {dataset['id']} was registered as {spec['bytes']} bytes "
        f"but {size} arrived; upload the whole file again, then complete the dataset again.",
        code="DATASET_INVALID",
        extra={"file": index, "expected_bytes": spec["bytes"], "received_bytes": size},
    )


def _assemble(reader: DatasetStore, key: str, upload_id: str) -> None:
    refused = reader.assemble(key, upload_id)
    if refused:
        raise _invalid(f"The uploaded parts could not be assembled ({refused}).")


def _still_pending(tenant: str, dataset_id: str) -> None:
    """A file missing is not the uploader's doing when a delete took the dataset
    meanwhile (404) or a concurrent completion settled it and dropped its .npz or CSV
    source (NotPending either way: `_overtaken` answers)."""
    try:
        pending = get(tenant, dataset_id)["status"] == "pending"
    except problems.NotFound:
        pending = False
    if not pending:
        raise NotPending


@contextlib.contextmanager
def _files_not_deleted(tenant: str, dataset_id: str) -> Iterator[None]:
    """A file gone while a completion reads or untags it: a delete took the dataset
    meanwhile (404), or a concurrent completion settled it and dropped its .npz or CSV
    source (NotPending: that completion's answer), not a storage failure (500)."""
    from botocore.exceptions import ClientError

    try:
        yield
    except ClientError as exc:
        if exc.response["Error"]["Code"] in ("NoSuchKey", "404", "NotFound"):
            _still_pending(tenant, dataset_id)
        raise


def _read_files(
    tenant: str, dataset: dict[str, Any], sizes: list[int]
) -> dict[str, dict[str, Any]]:
    """Every array of the dataset, checked and in the canonical layout."""
    readers = {"npy": _read_npy, "npz": _read_npz, "csv": _read_csv}
    arrays: dict[str, dict[str, Any]] = {}
    for index, (spec, size) in enumerate(zip(dataset["files"], sizes, strict=True)):
        key = _file_key(tenant, dataset["id"], index, spec)
        for name, info in readers[spec["format"]](tenant, dataset["id"], key, spec, size).items():
            if name in arrays:
                raise _invalid(f"Two files hold an array named {name}.")
            arrays[name] = info
    if not arrays:
        raise _invalid("The files hold no arrays.")
    _check_count(len(arrays))
    rows = {name: a["shape"][0] for name, a in arrays.items()}
    if len(set(rows.values())) > 1:
        raise problems.Unprocessable(
            "Every array of a dataset needs the same number of rows (its first dimension).",
            code="DATASET_ROWS_MISMATCH",
            extra={"rows": rows},
        )
    if not next(iter(rows.values())):
        raise _invalid("The dataset has no rows.")
    return arrays


def _read_npy(
    tenant: str, dataset_id: str, key: str, spec: dict[str, Any], size: int
) -> dict[str, dict[str, Any]]:
    name = spec["name"]
    head, etag = store().read_range_tagged(key, 0, min(size, HEADER_BYTES) - 1)
    shape, fortran, dtype, offset = _npy_header(head, name)
    if offset + dtype.itemsize * math.prod(shape) != size:
        raise _invalid(f"{name}: the file's size does not match its header (truncated?).")
    canonical = dtype == dtype.newbyteorder("<") and (not fortran or len(shape) < 2)
    if canonical:
        # Used where it was uploaded: rows are read If-Match the object validated here.
        return {name: _info(name, dtype, shape, offset, size, etag)}
    if size > CONVERT_BYTES:
        raise _invalid(
            f"{name}: a .npy over {CONVERT_BYTES} bytes must be C-order little-endian "
            "(numpy.save of numpy.ascontiguousarray(a, a.dtype.newbyteorder('<')))."
        )
    return {name: _write_array(tenant, dataset_id, name, _load_npy(store().read(key), name))}


def _read_npz(
    tenant: str, dataset_id: str, key: str, spec: dict[str, Any], size: int
) -> dict[str, dict[str, Any]]:
    _convertible(size, "an .npz file")
    try:
        archive = np.load(io.BytesIO(store().read(key)), allow_pickle=False)
    except UNREADABLE_ZIP:
        raise _invalid("The file is not a readable .npz archive.") from None
    if not isinstance(archive, np.lib.npyio.NpzFile):
        raise _invalid("The .npz file is a single array, not an archive.")
    # Members are compressed: their size unpacked is what memory and storage pay.
    unpacked = sum(member.file_size for member in archive.zip.infolist())
    if unpacked > CONVERT_BYTES:
        archive.close()
        raise _invalid(
            f"The .npz archive unpacks to {unpacked} bytes; up to {CONVERT_BYTES} are read "
            "while the dataset completes. Upload larger arrays as .npy files."
        )
    try:
        with archive:
            # By the members' own names: numpy's `archive["x.npy"]` is member `x.npy`
            # (array `x`) before `x.npy.npy`, so array `x.npy` was stored with x's values.
            members = archive.zip.infolist()
            names = [info.filename.removesuffix(".npy") for info in members]
            _check_count(len(names))
            twice = sorted(n for n, count in collections.Counter(names).items() if count > 1)
            if twice:  # `x` and `x.npy`, or one member name twice
                raise _invalid(f"The .npz archive holds two arrays named {twice[0][:80]!r}.")
            for info, name in zip(members, names, strict=True):
                if not ARRAY_NAME.fullmatch(name):
                    raise _invalid_name(name)
                _check_member(archive, info, name)
            return {
                name: _write_array(tenant, dataset_id, name, archive[info.filename])
                for info, name in zip(members, names, strict=True)
            }
    except (*UNREADABLE_ZIP, KeyError):
        raise _invalid(
            "The .npz archive holds an unreadable array (pickles are refused)."
        ) from None


def _check_member(archive: Any, info: zipfile.ZipInfo, name: str) -> None:
    """Refuse a member whose header claims more than the member holds: numpy allocates
    what the header says before it reads (a 1 TB claim in a 200-byte member is a
    MemoryError, an allocatable one a large allocation for nothing)."""
    with archive.zip.open(info) as member:
        head = member.read(HEADER_BYTES)
    shape, _, dtype, offset = _npy_header(head, name)
    if offset + dtype.itemsize * math.prod(shape) != info.file_size:
        raise _invalid(f"{name}: the member's size does not match its header.")


def _read_csv(
    tenant: str, dataset_id: str, key: str, spec: dict[str, Any], size: int
) -> dict[str, dict[str, Any]]:
    _convertible(size, "a CSV file", CSV_BYTES)
    try:
        text = store().read(key).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _invalid("The CSV file is not UTF-8 text.") from None
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(reader, [])]
        if not header:
            raise _invalid("The CSV file needs a header line and at least one row.")
        twice = sorted(h for h, n in collections.Counter(header).items() if n > 1)
        if twice:
            raise _invalid(f"The CSV header names column {', '.join(twice)} more than once.")
        groups = spec.get("columns") or {h: h for h in header}
        wanted = _csv_columns(header, groups)
        picked, lines = _csv_cells(reader, len(header), wanted)
    except csv.Error as error:  # a NUL, a stray newline in a field, a field over 128 kB
        raise _invalid(f"The CSV file cannot be read: {error}.") from None
    del reader, text
    lines_array = np.asarray(lines, np.int64)
    parsed: dict[str, np.ndarray] = {}
    arrays = {}
    for name, columns in groups.items():
        values = []
        for c in [columns] if isinstance(columns, str) else columns:
            if c not in parsed:
                # The column's cells are freed as each is parsed: only the columns the
                # arrays take, each as wide as its own longest cell, are held as text.
                cells = _csv_text(picked.pop(c), c, lines_array)
                parsed[c] = _csv_column(cells, c, spec.get("dtype"), lines_array)
            values.append(parsed[c])
        # An array of one column (named by a string) has shape [rows]; of a list of
        # columns, [rows, len(list)].
        array = values[0] if isinstance(columns, str) else np.stack(values, axis=1)
        arrays[name] = _write_array(tenant, dataset_id, name, array)
    return arrays


def _csv_columns(header: list[str], groups: dict[str, Any]) -> dict[str, int]:
    """The header's columns the arrays are made of, by name, with their positions."""
    _check_count(len(groups))
    wanted = {}
    for name, columns in groups.items():
        if not ARRAY_NAME.fullmatch(name):
            raise _invalid_name(name)
        picked = [columns] if isinstance(columns, str) else columns
        missing = [c for c in picked if c not in header]
        if missing:
            raise _invalid(f"The CSV header has no column {', '.join(missing)}.")
        wanted.update({c: header.index(c) for c in picked})
    return wanted


def _csv_cells(
    reader: Any, fields: int, wanted: dict[str, int]
) -> tuple[dict[str, tuple[str, ...]], list[int]]:
    """The cells of the wanted columns, and the line each row starts on.

    Only the wanted columns are kept: a free-text column beside them costs nothing
    (building one array of every cell made each as wide as the longest cell of the
    file: one 1,000-character note took a 2 MB file of 200,000 rows to 2.4 GB)."""
    take = operator.itemgetter(*wanted.values(), 0)  # a tuple even for one column
    rows: list[tuple[str, ...]] = []
    lines: list[int] = []
    blank = None  # a blank line is refused unless only blank lines follow it
    start = reader.line_num + 1
    for row in reader:
        if not row:
            blank = blank or start
        elif blank is not None or len(row) != fields:
            line, count = (blank, 0) if blank is not None else (start, len(row))
            raise _invalid(f"CSV line {line} has {count} fields; the header has {fields}.")
        else:
            lines.append(start)
            rows.append(take(row))
        start = reader.line_num + 1
    if not lines:
        raise _invalid("The CSV file needs a header line and at least one row.")
    return dict(zip(wanted, zip(*rows, strict=True), strict=False)), lines


def _csv_text(cells: tuple[str, ...], column: str, lines: np.ndarray) -> np.ndarray:
    """A column's cells as one numpy string array, refusing first a cell too long for
    any number: the array is as wide as its longest cell, times its rows."""
    if max(map(len, cells)) > MAX_NUMBER_CHARS:
        cells = tuple(c.strip() for c in cells)  # as _csv_column reads them
        long = next((i for i, c in enumerate(cells) if len(c) > MAX_NUMBER_CHARS), None)
        if long is not None:
            where = _Lines(np.asarray(cells, dtype=object), lines)
            raise _invalid(
                f"CSV column {column} holds a value of {len(cells[long]):,} characters, "
                f"longer than any number it reads ({MAX_NUMBER_CHARS}){where.at(long)}."
            )
    return np.array(cells, dtype=str)


class _Lines:
    """Where a column's cell is in its file, for a refusal to name."""

    def __init__(self, cells: np.ndarray, lines: np.ndarray | None):
        self.cells, self.lines = cells, lines

    def at(self, index: int) -> str:
        # Line 1 is the header: without `lines`, row i of the column is line i + 2.
        line = int(self.lines[index]) if self.lines is not None else index + 2
        return f": {str(self.cells[index])[:40]!r} on line {line:,}"


def _csv_column(
    cells: np.ndarray, column: str, dtype: str | None, lines: np.ndarray | None = None
) -> np.ndarray:
    """A column's values: int64 if every cell is an integer, else float64; then as
    `dtype` if one was asked for, refused if that would change a value (floats may
    round, as feeding a float32 placeholder does, but never overflow). `lines` is each
    cell's line in the file (by default the row's index + 2: one line a row)."""
    stripped = np.char.strip(cells)
    where = _Lines(stripped, lines)
    _plain_numbers(stripped, column, where)
    target = np.dtype(dtype) if dtype else None
    parsed, past_int64 = None, False
    # uint64 first when asked for: its upper half is past int64, and as float64 it rounds.
    # Floats asked for are read as floats: an integer read keeps no sign of `-0`.
    candidates = ("uint64",) * (dtype == "uint64") + ("int64", "float64")
    for candidate in ("float64",) if target is not None and target.kind == "f" else candidates:
        try:
            parsed = stripped.astype(candidate)
            break
        except OverflowError:
            past_int64 = True
        except ValueError:
            continue
    if parsed is None:
        raise _invalid(
            f"CSV column {column} holds a value that is not a number{_first_bad(stripped, where)}."
        )
    if parsed.dtype.kind == "f":
        _no_overflow(parsed, stripped, column, where)
    if past_int64 and parsed.dtype.kind == "f" and (target is None or target.kind in "iu"):
        # Integers read as float64 round past 2**53: only where floats were asked for.
        raise _invalid(
            f"CSV column {column} holds an integer outside int64; "
            'ask for "dtype": "float64" to read it as a float.'
        )
    if target is None:
        return parsed
    with np.errstate(all="ignore"):
        converted = parsed.astype(target)
        if target.kind == "f" and parsed.dtype.kind == "f" and target.itemsize < 8:
            converted = _rounded_once(converted, parsed, stripped)
        back = converted.astype(parsed.dtype)
    exact = (
        np.array_equal(back, parsed)
        if target.kind in "iu"
        else bool(np.array_equal(np.isfinite(converted), np.isfinite(parsed)))
    )
    if not exact:
        changed = (
            back != parsed if target.kind in "iu" else np.isfinite(converted) != np.isfinite(parsed)
        )
        raise _invalid(
            f"CSV column {column} holds a value that is not a {dtype}"
            f"{where.at(int(np.argmax(changed)))}."
        )
    return converted


def _rounded_once(converted: np.ndarray, parsed: np.ndarray, cells: np.ndarray) -> np.ndarray:
    """`converted` (a float32 or float16 of float64's `parsed`) rounded from the text once,
    as TF's decode_csv parses a float32 straight from it. float64 reads some texts as
    exactly half way between two of the narrower floats, which a second rounding settles
    to even whichever side the text was on (float64's 1 + 2**-24, half way from 1.0 to
    float32's next, is written 1.0000000596046448, above it: TF reads 1.0000001, the
    cast gave 1.0). Only those halves are looked at again, by the text's exact value."""
    finfo = np.finfo(converted.dtype)
    # A half way has one significant bit more than the narrower float: float64's bits
    # below that one are zero, which nearly every value that is not exact fails.
    below = np.uint64((1 << (52 - finfo.nmant - 1)) - 1)
    maybe = np.flatnonzero((parsed.view(np.uint64) & below) == 0)
    maybe = maybe[(converted[maybe].astype(np.float64) != parsed[maybe])]
    for index in maybe[np.isfinite(parsed[maybe])]:
        size = abs(float(parsed[index]))
        # The narrower floats below and above it (above the largest: the overflow)
        low = min(converted.dtype.type(size), finfo.max)
        low = np.nextafter(low, low.dtype.type(0)) if float(low) > size else low
        up = np.nextafter(low, low.dtype.type(np.inf))
        step = float(up) - float(low) if np.isfinite(up) else float(low - np.nextafter(low, 0))
        half = float(low) + step / 2
        if size != half:
            continue
        try:  # copy_abs: abs() would round to the context's 28 digits
            text = decimal.Decimal(str(cells[index])).copy_abs()
        except decimal.InvalidOperation:
            continue
        if text != decimal.Decimal(half):
            chosen = float(low) + step if text > decimal.Decimal(half) else float(low)
            converted[index] = math.copysign(chosen, parsed[index])
    return converted


def _plain_numbers(cells: np.ndarray, column: str, where: _Lines) -> None:
    """Refuse what Python's int() and float() read but no CSV reader takes for a number
    (TF's decode_csv, numpy's loadtxt, pandas): digit-group underscores (`1_000`) and
    digits of other scripts (`١٢`, full-width `１２`), read as 1000 and 12."""
    odd = np.char.find(cells, "_") >= 0
    try:
        np.char.encode(cells, "ascii")
    except UnicodeEncodeError:
        odd |= np.array([not c.isascii() for c in cells.tolist()], bool)
    if odd.any():
        raise _invalid(
            f"CSV column {column} holds a value that is not a number"
            f"{where.at(int(np.argmax(odd)))}."
        )


def _no_overflow(parsed: np.ndarray, cells: np.ndarray, column: str, where: _Lines) -> None:
    """Refuse a number written finite that float64 reads as infinite (`1e400`): the
    conversion's check below compares finiteness, and an overflow already in the parse
    passed it, so `1e400` stored inf under any float dtype. `inf` spelled out stays."""
    infinite = np.isinf(parsed)
    if not infinite.any():
        return
    spelled = np.isin(np.char.lstrip(np.char.lower(cells), "+-"), ("inf", "infinity"))
    overflowed = infinite & ~spelled
    if overflowed.any():
        raise _invalid(
            f"CSV column {column} holds a number past float64's range"
            f"{where.at(int(np.argmax(overflowed)))}."
        )


def _first_bad(cells: np.ndarray, where: _Lines) -> str:
    """Where the first cell that is no number is (the error path only: a loop in Python),
    so that one bad row of a million is found without a search."""
    for index, cell in enumerate(cells.tolist()):
        try:
            float(cell)
        except ValueError:
            return where.at(index)
    return ""


def _npy_header(head: bytes, name: str) -> tuple[tuple[int, ...], bool, np.dtype, int]:
    stream = io.BytesIO(head)
    try:
        version = np.lib.format.read_magic(stream)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(stream)
        elif version == (2, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(stream)
        else:
            raise ValueError(f"npy version {version}")
    except UNREADABLE:
        raise _invalid(f"{name}: not a readable .npy file.") from None
    _check_array(name, dtype, shape)
    return shape, fortran, dtype, stream.tell()


def _load_npy(body: bytes, name: str) -> np.ndarray:
    try:
        return np.load(io.BytesIO(body), allow_pickle=False)
    except UNREADABLE:
        raise _invalid(f"{name}: not a readable .npy file.") from None


def _write_array(tenant: str, dataset_id: str, name: str, array: np.ndarray) -> dict[str, Any]:
    """Store `array` in the canonical layout; its record (dtype, shape, offset, bytes)."""
    _check_array(name, array.dtype, array.shape)
    array = np.ascontiguousarray(array, dtype=array.dtype.newbyteorder("<"))
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, allow_pickle=False)
    body = buffer.getvalue()
    etag = store().put_object(keys.dataset_array(tenant, dataset_id, name), body)
    return _info(name, array.dtype, array.shape, len(body) - array.nbytes, len(body), etag)


def _check_array(name: str, dtype: np.dtype, shape: tuple[int, ...]) -> None:
    if dtype.names is not None or dtype.subdtype is not None or dtype.name not in DTYPES:
        raise problems.Unprocessable(
            f"{name}: dtype {dtype} is not one a dataset holds ({', '.join(sorted(DTYPES))}).",
            code="DATASET_DTYPE_UNSUPPORTED",
            extra={"array": name, "dtype": str(dtype)},
        )
    if not shape:
        raise _invalid(f"{name}: a scalar has no rows; an array needs a first dimension.")
    from graphgate.serialization import MAX_RANK  # the engine only when a file is read

    if len(shape) > MAX_RANK:
        raise _invalid(f"{name}: {len(shape)} dimensions; an array has at most {MAX_RANK}.")


def _info(
    name: str, dtype: np.dtype, shape: tuple[int, ...], offset: int, size: int, etag: str
) -> dict[str, Any]:
    return {
        "dtype": dtype.name,
        "shape": list(shape),
        "offset": offset,
        "bytes": size,
        "etag": etag,
    }


def _check_count(count: int) -> None:
    if count > MAX_ARRAYS:
        raise _invalid(f"{count} arrays; a dataset holds up to {MAX_ARRAYS}.")


def _convertible(size: int, what: str, limit: int = CONVERT_BYTES) -> None:
    if size > limit:
        raise _invalid(
            f"{what} is read whole while the dataset completes, up to {limit} bytes; "
            "upload larger data as C-order little-endian .npy files."
        )


# ------------------------------------------------------------------ endings
def _fail(tenant: str, dataset: dict[str, Any], error: problems.ApiError) -> bool:
    """Fail the pending dataset with `error` and free its objects; False if another
    writer settled it first (completed, failed or deleted it)."""
    failed = {k: v for k, v in dataset.items() if k != "expires_at"}
    # Kept on the dataset's item, as the answer quotes it: a CSV header naming 3,000
    # long columns twice made a 6 MB detail, which the item refused (a 500, left pending).
    detail = problems.quoted(error.detail)
    failed |= {"status": "failed", "error": {"code": error.code, "detail": detail}}
    try:
        store().fail(tenant, failed)
    except NotPending:
        return False
    store().free(tenant, dataset["id"])
    return True


def _settled(dataset: dict[str, Any]) -> dict[str, Any]:
    """Completing again: the ready dataset, or the failure it ended with."""
    if dataset["status"] == "ready":
        return view(dataset)
    error = dataset.get("error") or {"code": "DATASET_INVALID", "detail": "Validation failed."}
    raise problems.Unprocessable(error["detail"], code=error["code"])


def _keep_uploads(tenant: str, dataset: dict[str, Any], arrays: dict[str, Any]) -> None:
    """Untag the uploaded .npy files the dataset keeps as they are, before it is ready:
    a ready dataset's object must never be one the lifecycle rule expires."""
    for spec in dataset["files"]:
        if spec["format"] == "npy" and spec["name"] in arrays:
            store().untag(keys.dataset_array(tenant, dataset["id"], spec["name"]))


def _drop_sources(tenant: str, dataset: dict[str, Any]) -> None:
    for index, spec in enumerate(dataset["files"]):
        if spec["format"] != "npy":
            store().delete_object(_file_key(tenant, dataset["id"], index, spec))


def _invalid(detail: str) -> problems.ApiError:
    return problems.Unprocessable(detail, code="DATASET_INVALID")


def _invalid_name(name: str) -> problems.ApiError:
    return _invalid(
        f"Array name {name[:80]!r} is not 1-64 characters of letters, digits, _ . - "
        "starting with a letter or _."
    )


def _invalid_request(index: int, field: str, message: str) -> problems.ApiError:
    return problems.BadRequest(
        f"File {index}: {message}.",
        code="VALIDATION_FAILED",
        errors=[{"pointer": f"/files/{index}/{field}", "code": "INVALID", "message": message}],
    )
