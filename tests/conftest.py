"""Fixtures shared by every test layer: sample events and a moto-backed AWS
provisioned from template.yaml itself, so tests and cloud share one schema."""

import os

import pytest
from hypothesis import settings

from tests.support import REPO_ROOT

settings.register_profile("ci", max_examples=60, deadline=None)
settings.register_profile("soak", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch):
    """moto for every AWS call, with the template's resources provisioned."""
    from moto import mock_aws

    from graphgate_service import aws as service_aws
    from graphgate_service import settings as service_settings
    from localrunner import emulator
    from localrunner.cfn import Template

    for name, value in emulator.LOCAL_CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    with mock_aws():
        template = Template.load(REPO_ROOT / "template.yaml", {"Stage": "test"})
        clients = emulator.clients(None)
        ids = emulator.provision(template, clients)
        monkeypatch.setenv("STAGE", "test")
        monkeypatch.setenv("TABLE_NAME", ids["Table"])
        monkeypatch.setenv("BUCKET_NAME", ids["TensorBucket"])
        service_settings.get.cache_clear()
        service_aws.reset()
        yield {"clients": clients, "ids": ids, "template": template}
        service_settings.get.cache_clear()
        service_aws.reset()
