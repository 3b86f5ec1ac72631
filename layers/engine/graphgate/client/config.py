"""Where the API URL and key come from: arguments, then the environment, then
the config file that `graphgate configure` writes.

    GRAPHGATE_API_URL, GRAPHGATE_API_KEY   the API and the key
    GRAPHGATE_PROFILE                      a profile of the file (default: "default")
    GRAPHGATE_CONFIG                       the file (default:
                                           $XDG_CONFIG_HOME/graphgate/config.toml,
                                           else ~/.config/graphgate/config.toml)

The file is TOML with one table per profile, written with mode 0600 since it
holds a key:

    [default]
    url = "http://127.0.0.1:3000"
    api_key = "..."
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from graphgate.client.errors import ConfigurationError

DEFAULT_PROFILE = "default"


@dataclass(frozen=True)
class Config:
    url: str
    api_key: str
    profile: str = DEFAULT_PROFILE
    scope: str | None = None


def default_path() -> Path:
    if os.environ.get("GRAPHGATE_CONFIG"):
        return Path(os.environ["GRAPHGATE_CONFIG"])
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "graphgate" / "config.toml"


def read_profiles(path: Path | None = None) -> dict[str, dict[str, str]]:
    path = path or default_path()
    if not path.exists():
        return {}
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"{path} is not valid TOML: {exc}") from None
    return {k: v for k, v in document.items() if isinstance(v, dict)}


def resolve(
    url: str | None = None,
    api_key: str | None = None,
    *,
    profile: str | None = None,
    path: Path | None = None,
) -> Config:
    """The configuration in effect: each setting from the first place that has it."""
    profile = profile or os.environ.get("GRAPHGATE_PROFILE") or DEFAULT_PROFILE
    stored = read_profiles(path).get(profile, {})
    url = url or os.environ.get("GRAPHGATE_API_URL") or stored.get("url")
    api_key = api_key or os.environ.get("GRAPHGATE_API_KEY") or stored.get("api_key")
    if not url or not api_key:
        missing = " and ".join(
            name for name, value in (("an API URL", url), ("an API key", api_key)) if not value
        )
        raise ConfigurationError(
            f"graphgate needs {missing}: pass url=/api_key=, set GRAPHGATE_API_URL and "
            f"GRAPHGATE_API_KEY, or run `graphgate configure` (profile {profile!r}, "
            f"file {path or default_path()})"
        )
    return Config(base_url(url), api_key, profile, stored.get("scope"))


def base_url(url: str) -> str:
    """The API's base URL without its trailing slash; one with no http(s) scheme and host
    is refused here, not sent (urllib3 would read `api.example.com` as a path)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigurationError(
            f"{url!r} is not an API URL: it starts with https:// (or http://) and names a "
            "host, such as https://abc123.execute-api.eu-west-1.amazonaws.com/prod"
        )
    return url.rstrip("/")


def save(
    url: str, api_key: str, *, profile: str = DEFAULT_PROFILE, path: Path | None = None
) -> Path:
    """Write (or replace) one profile, keeping the others; the file is private (0600)."""
    path = path or default_path()
    profiles = read_profiles(path)
    profiles[profile] = {**profiles.get(profile, {}), "url": base_url(url), "api_key": api_key}
    lines = []
    for name, values in profiles.items():
        lines.append(f"[{_toml_key(name)}]")
        lines += [f"{_toml_key(k)} = {json.dumps(str(v))}" for k, v in values.items()]
        lines.append("")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines))
        os.chmod(path, 0o600)
    except OSError as exc:
        raise ConfigurationError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def _toml_key(name: str) -> str:
    bare = name.replace("-", "").replace("_", "").isalnum()
    return name if bare else json.dumps(name)
