"""AWS clients: created lazily (so moto intercepts them and modules import
freely) and configured once, with a retry budget that fits inside API Gateway's
29-second limit."""

import functools

import boto3
from botocore.config import Config

# The default `legacy` retry mode slept ~25 s under DynamoDB throttling before
# giving up (measured). `standard` with 3 attempts backs off at most a few
# seconds, after which the error surfaces as a 503 with Retry-After.
CLIENT_CONFIG = Config(
    retries={"mode": "standard", "total_max_attempts": 3},
    connect_timeout=2,
    read_timeout=5,
    tcp_keepalive=True,
)


@functools.cache
def client(service: str):
    """A shared boto3 client; AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_<SERVICE>) redirects it."""
    return boto3.session.Session().client(service, config=CLIENT_CONFIG)


def reset() -> None:
    """Forget cached clients (tests switch endpoints and credentials)."""
    client.cache_clear()
