"""Secrets Manager values, fetched once per cold start and refreshed every few
minutes so a rotated secret is picked up without a redeploy."""

import threading
import time

from graphgate_service import aws

REFRESH_S = 300.0
_cache: dict[str, tuple[float, str]] = {}
_lock = threading.Lock()


def value(secret_id: str) -> str:
    """The current SecretString of `secret_id` (an ARN or name). Never log it."""
    now = time.monotonic()
    with _lock:
        cached = _cache.get(secret_id)
        if cached and now - cached[0] < REFRESH_S:
            return cached[1]
    secret = aws.client("secretsmanager").get_secret_value(SecretId=secret_id)["SecretString"]
    with _lock:
        _cache[secret_id] = (now, secret)
    return secret


def forget() -> None:
    """Drop cached values (tests, and after a rotation)."""
    with _lock:
        _cache.clear()
