"""The runner checks a SigV4-presigned URL as S3 does (moto checks no signature): the
headers it signs, with the values signed, and its expiry."""

from urllib.parse import urlsplit

import boto3
import pytest
from botocore.config import Config

from localrunner import emulator


def _url(expires_s=60, **params):
    s3 = boto3.client(
        "s3",
        region_name="us-east-1",
        endpoint_url="http://127.0.0.1:4566",
        aws_access_key_id="local",
        aws_secret_access_key=emulator.LOCAL_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
    )
    return s3.generate_presigned_url(
        "put_object", ExpiresIn=expires_s, Params={"Bucket": "bucket1", "Key": "a b/c", **params}
    )


def _environ(url, headers):
    parts = urlsplit(url)
    environ = {
        "REQUEST_METHOD": "PUT",
        "RAW_URI": f"{parts.path}?{parts.query}",
        "PATH_INFO": parts.path,
        "QUERY_STRING": parts.query,
        "HTTP_HOST": parts.netloc,
    }
    for name, value in headers.items():
        field = name.upper().replace("-", "_")
        environ[field if field in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{field}"] = value
    return environ


SIGNED = {"ContentLength": 3, "IfNoneMatch": "*", "ContentType": "application/octet-stream"}
SENT = {"Content-Length": "3", "If-None-Match": "*", "Content-Type": "application/octet-stream"}


def test_a_request_the_url_was_signed_for_passes():
    assert emulator._presigned_refused(_environ(_url(**SIGNED), SENT)) is None


@pytest.mark.parametrize(
    "changed",
    [
        {"Content-Length": "4"},  # more bytes than signed
        {"If-None-Match": '"abc"'},  # another condition
        {"Content-Type": "text/plain"},
    ],
)
def test_a_signed_header_with_another_value_is_403(changed):
    status, body, _ = emulator._presigned_refused(_environ(_url(**SIGNED), {**SENT, **changed}))
    assert status == 403 and b"SignatureDoesNotMatch" in body


def test_a_signed_header_left_out_is_403():
    sent = {k: v for k, v in SENT.items() if k != "If-None-Match"}
    status, body, _ = emulator._presigned_refused(_environ(_url(**SIGNED), sent))
    assert status == 403 and b"SignatureDoesNotMatch" in body


def test_an_expired_url_is_403_and_a_tampered_one_too(monkeypatch):
    url = _url(**SIGNED)
    later = emulator.datetime.datetime.now(emulator.datetime.UTC) + emulator.datetime.timedelta(
        seconds=120
    )

    class Later(emulator.datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return later

    monkeypatch.setattr(emulator.datetime, "datetime", Later)
    status, body, _ = emulator._presigned_refused(_environ(url, SENT))
    assert status == 403 and b"expired" in body
    monkeypatch.undo()
    tampered = url.replace("a%20b/c", "a%20b/d")
    assert emulator._presigned_refused(_environ(tampered, SENT))[0] == 403


@pytest.mark.parametrize(
    ("tamper", "status", "code"),
    [
        # the algorithm renamed: S3 checks no other, and refuses the URL
        (
            lambda q: q.replace("X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Algorithm=AWS4"),
            400,
            b"AuthorizationQueryParametersError",
        ),
        # the algorithm left out, the signature kept
        (
            lambda q: q.replace("X-Amz-Algorithm=AWS4-HMAC-SHA256&", ""),
            400,
            b"AuthorizationQueryParametersError",
        ),
    ],
)
def test_a_query_signature_s3_cannot_read_is_refused_as_s3_does(tamper, status, code):
    # Without it, moto took the PUT, unchecked: the dataset's file replaced without the
    # If-None-Match or the size its URL signs.
    base, _, query = _url(**SIGNED).partition("?")
    tampered = f"{base}?{tamper(query)}"
    answer = emulator._presigned_refused(_environ(tampered, SENT))
    assert answer is not None and answer[0] == status and code in answer[1]


def test_a_url_not_presigned_with_sigv4_is_left_to_moto():
    # signed in its Authorization header (moto reads the credential scope), or anonymous
    # (moto refuses it, as a private bucket does: tests/e2e/test_datasets.py)
    assert emulator._presigned_refused(_environ("http://h/bucket1/k?uploadId=1", {})) is None


def test_a_url_without_its_signature_is_malformed():
    url = _url(**SIGNED)
    base, _, query = url.partition("?")
    kept = "&".join(p for p in query.split("&") if not p.startswith("X-Amz-Signature="))
    status, body, _ = emulator._presigned_refused(_environ(f"{base}?{kept}", SENT))
    assert status == 400 and b"AuthorizationQueryParametersError" in body
