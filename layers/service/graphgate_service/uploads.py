"""Tensors too large for a synchronous request or response travel through S3.

A client asks for an upload (POST /v1/uploads), PUTs a .npy file to the
presigned URL, and names it in a run's feeds as {"upload_id": ...} (or PUTs an ONNX
model and names it in POST /v1/graphs?upload_id=...). Outputs too
large for the response are written to S3 and returned as a short-lived
download URL. Everything sits under the tenant's prefix; uploads expire with
the bucket's lifecycle rule for uploads/ (one day).
"""

import json
import secrets
from collections.abc import Callable
from typing import Any

from graphgate_service import auth, keys, plans, problems, settings, storage

URL_TTL_S = 900
# Above this many encoded bytes, outputs are returned as a download URL, not in the
# HTTP response (runs.RUN_RECORD_OUTPUT_BYTES bounds what a run's record keeps).
RESPONSE_OUTPUT_BYTES = 4 * 1024 * 1024
# A body over this, as Lambda counts it (settings.payload_bytes), leaves too little of
# the response limit for headers: its large fields travel as download URLs instead.
INLINE_RESPONSE_BYTES = settings.MAX_RESPONSE_BYTES - 16 * 1024


class UploadStore(storage.Store):
    """Objects a client PUTs, or GETs, through short-lived presigned URLs."""

    def upload_url(self, key: str, size: int) -> str:
        """A presigned PUT that writes `key` once (If-None-Match: *, signed): an async run
        reads its uploads again at every invocation, and once it was accepted (its feeds
        checked against the graph) other bytes sent to the URL were what it trained on.
        Its Content-Length is signed too, so storage keeps no more than was declared
        (unsigned, a URL took up to S3's 5 GB, kept the day uploads live)."""
        return self.s3.generate_presigned_url(
            "put_object",
            ExpiresIn=URL_TTL_S,
            Params={
                "Bucket": self.bucket,
                "Key": key,
                "ContentType": "application/octet-stream",
                "ContentLength": size,
                "IfNoneMatch": "*",
            },
        )

    def download_url(self, key: str, body: bytes, media: str = "application/json") -> str:
        """Store `body` (of type `media`) at `key`, and a presigned GET of it."""
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=body, ContentType=media)
        return self.s3.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": key}, ExpiresIn=URL_TTL_S
        )

    def size(self, key: str) -> int | None:
        """The object's size; None if there is none."""
        try:
            return self.s3.head_object(Bucket=self.bucket, Key=key)["ContentLength"]
        except self.s3.exceptions.ClientError as exc:
            if exc.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
                return None
            raise

    def read_at_most(self, key: str, limit: int) -> tuple[bytes, int]:
        """Up to `limit` + 1 bytes of the object (one ranged GET) and its whole size."""
        try:
            answer = self.s3.get_object(Bucket=self.bucket, Key=key, Range=f"bytes=0-{limit}")
        except self.s3.exceptions.ClientError as exc:
            if exc.response["Error"]["Code"] == "InvalidRange":  # S3's answer for 0 bytes
                return b"", 0
            raise
        total = int(answer.get("ContentRange", "").rpartition("/")[2] or answer["ContentLength"])
        return answer["Body"].read(), total


def fits_response(answer: Any) -> bool:
    """Whether `answer` can be a synchronous response body as it is."""
    text = json.dumps(answer, separators=(",", ":"), ensure_ascii=False)
    return settings.payload_bytes(text) <= INLINE_RESPONSE_BYTES


def offload_fields(
    answer: dict[str, Any], fields: tuple[str, ...], key_of: Callable[[str], str]
) -> dict[str, Any]:
    """`answer` with each of `fields` replaced by `<field>_url`, a short-lived download of
    its JSON (written to `key_of(field)`), and `<field>_expires_in` (as `outputs_url`)."""
    shown = {k: v for k, v in answer.items() if k not in fields}
    for field in fields:
        body = json.dumps(answer[field], separators=(",", ":"), ensure_ascii=False).encode()
        shown[f"{field}_url"] = UploadStore.shared().download_url(key_of(field), body)
        shown[f"{field}_expires_in"] = URL_TTL_S
    return shown


def download(tenant: str, filename: str, body: bytes, media: str) -> str:
    """A short-lived (URL_TTL_S) presigned download of `body`, a file answered as
    `filename` that is too large for a response."""
    key = keys.download(tenant, filename, secrets.token_hex(8))
    return UploadStore.shared().download_url(key, body, media)


def _key(tenant: str, upload_id: str) -> str:
    return keys.upload(tenant, upload_id)


def create(who: auth.Principal, request: dict[str, Any]) -> dict[str, Any]:
    """A presigned PUT of an upload of `request["bytes"]` (CreateUploadRequest); 422
    PLAN_LIMIT_EXCEEDED (`upload_bytes`) past what the plan can use of one: a free tenant's
    feeds stop at 16 MB and its models at 64 MB, and a 256 MiB upload sat a day in storage."""
    plan = plans.get(who.plan or "free")
    plans.require_within(plan, "upload_bytes", used=0, adding=request["bytes"])
    tenant = who.tenant_id
    upload_id = "u_" + secrets.token_hex(12)
    return {
        "upload_id": upload_id,
        "method": "PUT",
        "url": UploadStore.shared().upload_url(_key(tenant, upload_id), request["bytes"]),
        "expires_in": URL_TTL_S,
        "headers": {"Content-Type": "application/octet-stream", "If-None-Match": "*"},
        "format": "npy",
        "max_bytes": plan.upload_bytes,
    }


def replayed(tenant: str, request: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    """An idempotent replay of `create`'s answer: the same upload, its URL signed afresh
    for the size the request declared (the first one's lasted URL_TTL_S; api.REPLAY_
    REFRESHERS). The URL still writes the upload once: one already sent is kept."""
    url = UploadStore.shared().upload_url(_key(tenant, answer["upload_id"]), request["bytes"])
    return {**answer, "url": url, "expires_in": URL_TTL_S}


def load(tenant: str, upload_id: str, max_bytes: int) -> Any:
    """The array uploaded as `upload_id`; 400/422 for a missing, oversized or bad file."""

    def too_large(size: int) -> problems.ApiError:
        return problems.Unprocessable(
            f"Upload {upload_id} is {size} bytes; the plan allows {max_bytes} per run.",
            code="FEED_TOO_LARGE",
            extra={"cap": "run_bytes", "limit": max_bytes},
        )

    from graphgate import serialization

    body = _read(tenant, upload_id, max_bytes, too_large)
    try:
        return serialization.npy_loads(body)
    except (ValueError, OSError, EOFError):
        raise problems.BadRequest(
            f"Upload {upload_id} is not a readable .npy file.", code="INVALID_UPLOAD"
        ) from None


def read(tenant: str, upload_id: str, max_bytes: int) -> bytes:
    """The bytes uploaded as `upload_id` (an ONNX model); 413 over `max_bytes`, unread."""

    def too_large(size: int) -> problems.ApiError:
        return problems.PayloadTooLarge(
            f"Upload {upload_id} is {size} bytes; at most {max_bytes} are read.",
            code="REQUEST_TOO_LARGE",
            extra={"limit": max_bytes},
        )

    return _read(tenant, upload_id, max_bytes, too_large)


def _read(
    tenant: str, upload_id: str, max_bytes: int, too_large: Callable[[int], problems.ApiError]
) -> bytes:
    """An upload's bytes, its size checked before they are read. Its URL is valid for
    URL_TTL_S and may be sent another file between the size's HEAD and the GET, so the
    GET reads no more than `max_bytes` + 1 either: a 5 GB PUT in between was read whole
    (a Lambda out of memory), past the limit checked a moment before."""
    if not (upload_id.startswith("u_") and upload_id[2:].isalnum() and len(upload_id) < 64):
        raise _unknown(upload_id)
    uploaded = UploadStore.shared()
    size = uploaded.size(_key(tenant, upload_id))
    if size is None:
        raise _unknown(upload_id)
    if size > max_bytes:
        raise too_large(size)
    try:
        body, size = uploaded.read_at_most(_key(tenant, upload_id), max_bytes)
    except uploaded.s3.exceptions.NoSuchKey:
        raise _unknown(upload_id) from None
    if size > max_bytes:
        raise too_large(size)
    return body


def maybe_offload(tenant: str, name: str, answer: dict[str, Any]) -> dict[str, Any]:
    """Move `answer['outputs']` to S3 behind a download URL if it is too large to return."""
    encoded = json.dumps(answer["outputs"], separators=(",", ":")).encode()
    if len(encoded) <= RESPONSE_OUTPUT_BYTES and fits_response(answer):
        return answer
    key = keys.output(tenant, name, secrets.token_hex(8))
    return {
        **{k: v for k, v in answer.items() if k != "outputs"},
        "outputs_url": UploadStore.shared().download_url(key, encoded),
        "outputs_expires_in": URL_TTL_S,
    }


def _unknown(upload_id: str) -> problems.ApiError:
    return problems.BadRequest(
        f"No upload {upload_id} (uploads expire after a day).", code="UNKNOWN_UPLOAD"
    )
