"""What GET /v1/health reports."""

from typing import Any

from graphgate_service import settings, storage


def report() -> dict[str, Any]:
    """Healthy only if the table answers; storage errors propagate as 503."""
    config = settings.get()
    storage.Store.shared().ping()
    return {
        "status": "ok",
        "stage": config.stage,
        "version": config.version,
        "checks": {"table": "ok"},
    }
