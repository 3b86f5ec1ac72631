"""The test harness's client renews its token as a real client does: a soak outlives one."""

import json

from localrunner import client as local_client


def test_a_token_is_renewed_a_minute_before_it_expires_and_not_before(monkeypatch):
    # GIVEN a token service that grants 15-minute tokens, numbered
    granted = []

    def request(method, url, headers=None, body=None, timeout=30.0):
        assert (method, url.endswith("/v1/tokens")) == ("POST", True)
        granted.append(f"t{len(granted)}")
        grant = {"access_token": granted[-1], "expires_in": 900}
        return local_client.HttpReply(200, {}, json.dumps(grant).encode())

    clock = [1000.0]
    monkeypatch.setattr(local_client, "request", request)
    monkeypatch.setattr(local_client.time, "monotonic", lambda: clock[0])
    client = local_client.Client("http://127.0.0.1:1", "key")
    # WHEN requests are made 14 minutes in, then 15 minutes in
    clock[0] += 839
    early = client.headers()["Authorization"]
    clock[0] += 2
    late = client.headers()["Authorization"]
    # THEN the first still carries the first token, the second a new one
    assert (early, late, granted) == ("Bearer t0", "Bearer t1", ["t0", "t1"])
