"""Where the service's presigned URLs send a client: the bucket's own Region's endpoint,
signed with SigV4, on AWS; the endpoint override's host, path-style, elsewhere."""

from urllib.parse import parse_qs, urlsplit

import pytest

from graphgate_service import aws


@pytest.fixture
def s3(monkeypatch):
    def make(region, endpoint=None):
        for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
            monkeypatch.delenv(name, raising=False)
        if endpoint:
            monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
        monkeypatch.setenv("AWS_DEFAULT_REGION", region)
        monkeypatch.setenv("AWS_REGION", region)
        aws.reset()
        return aws.client("s3")

    yield make
    aws.reset()


def _put_url(client):
    url = client.generate_presigned_url(
        "put_object", Params={"Bucket": "tensors-1", "Key": "k", "IfNoneMatch": "*"}
    )
    return urlsplit(url), parse_qs(urlsplit(url).query)


@pytest.mark.parametrize("region", ["eu-west-1", "eu-central-1", "af-south-1"])
def test_a_presigned_url_names_the_buckets_regional_endpoint(s3, region):
    # botocore presigns on the global endpoint (tensors-1.s3.amazonaws.com) unless told
    # otherwise: S3 redirects it (307, which breaks the signature of its Host) until DNS
    # knows a new bucket, and answers 400 for a bucket in a Region launched after
    # March 2019 (af-south-1).
    parts, query = _put_url(s3(region))
    assert parts.netloc == f"tensors-1.s3.{region}.amazonaws.com"
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert f"/{region}/s3/" in query["X-Amz-Credential"][0]
    assert "if-none-match" in query["X-Amz-SignedHeaders"][0]


def test_a_presigned_url_in_us_east_1_is_signed_with_sigv4(s3):
    parts, query = _put_url(s3("us-east-1"))
    assert parts.netloc in ("tensors-1.s3.amazonaws.com", "tensors-1.s3.us-east-1.amazonaws.com")
    assert "if-none-match" in query["X-Amz-SignedHeaders"][0]


def test_an_endpoint_override_keeps_its_host(s3):
    # LocalStack or a moto server at localhost: `tensors-1.localhost` resolves nowhere.
    parts, _ = _put_url(s3("eu-west-1", "http://localhost:4566"))
    assert (parts.netloc, parts.path) == ("localhost:4566", "/tensors-1/k")
