"""Fixtures shared by every test layer: sample events and a moto-backed AWS
provisioned from template.yaml itself, so tests and cloud share one schema."""

import os

import pytest
from hypothesis import settings

from tests.support import moto_aws

# `make test` replays: every property and fuzz test draws the same cases each run, so
# a red run is reproduced by running it again. Fresh randomness is `make soak`'s job.
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True)
settings.register_profile("soak", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch):
    """moto for every AWS call, with the template's resources provisioned."""
    with moto_aws(monkeypatch) as provisioned:
        yield provisioned
