"""The requests real HTTP clients send, with their own header sets, served by the local
runner's front door (its stricter header parsing must refuse only malformed framing):
curl, urllib3 (what requests sends through), http.client with a latin-1 header value,
and the headers a browser's fetch sends."""

import http.client
import json
import subprocess
from urllib.parse import urlsplit

import pytest
import urllib3

BROWSER_HEADERS = {
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36",
    "Accept": "application/json, text/plain, */*",
    "Accept-Language": "en-GB,en;q=0.9,de;q=0.8",
    "Accept-Encoding": "gzip, deflate, br, zstd",
    "Cache-Control": "no-cache",
    "Pragma": "no-cache",
    "sec-ch-ua": '"Not_A Brand";v="8", "Chromium";v="120", "Google Chrome";v="120"',
    "sec-ch-ua-mobile": "?0",
    "sec-ch-ua-platform": '"Linux"',
    "Sec-Fetch-Dest": "empty",
    "Sec-Fetch-Mode": "cors",
    "Sec-Fetch-Site": "same-origin",
    "Origin": "http://127.0.0.1",
    "Referer": "http://127.0.0.1/console/",
    "Cookie": "a=1; theme=dark; long=" + "x" * 2000,
    "DNT": "1",
}


def test_curl_is_served(api):
    out = subprocess.run(
        [
            "curl",
            "-s",
            "-w",
            "\n%{http_code}",
            "-H",
            f"x-api-key: {api.key}",
            f"{api.url}/v1/health",
        ],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout
    body, status = out.rsplit("\n", 1)
    assert status == "200", out
    assert json.loads(body)


@pytest.mark.parametrize("headers", [{}, BROWSER_HEADERS], ids=["plain", "browser"])
def test_urllib3_is_served(api, headers):
    http = urllib3.PoolManager()
    headers = {**headers, "x-api-key": api.key}
    r = http.request("GET", f"{api.url}/v1/health", headers=headers)
    assert r.status == 200, r.data
    r = http.request("POST", f"{api.url}/v1/sessions", headers=headers, json={})
    # Reached the function, which asks for a token (the front door's refusal is a 400).
    assert (r.status, r.json()["code"]) == (401, "INVALID_TOKEN"), r.data


def test_a_latin1_header_value_is_served(api):
    parts = urlsplit(api.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.putrequest("GET", "/v1/health")
    conn.putheader("x-api-key", api.key)
    conn.putheader("X-Note", "caf\xe9".encode("latin-1"))
    conn.putheader("X-Empty", "")
    conn.endheaders()
    r = conn.getresponse()
    assert r.status == 200, r.read()
