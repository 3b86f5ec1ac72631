"""Model versions and sessions downloaded as TensorFlow SavedModels (`Accept:
application/zip`), in-process against moto with the events/ fixtures. That TF 2.21 loads
these archives and predicts what graphgate serves is held by
tests/unit/engine/test_saved_model_export.py (fixture recorded with TensorFlow)."""

import io
import zipfile

import pytest

from graphgate_service import settings, uploads
from tests.integration.test_models_handler import (  # noqa: F401
    MODEL,
    api,
    freeze,
    module_aws,
    session,
    train,
)

ZIP = "application/zip"
SAVED_MODEL_FILES = [
    "saved_model.pb",
    "variables/",
    "variables/variables.data-00000-of-00001",
    "variables/variables.index",
]


def download_version(api, headers=None, version=1):  # noqa: F811
    path = f"/v1/models/{MODEL}/versions/{version}"
    return api.call(
        "get-model-version-zip", path=path, params={"version": str(version)}, headers=headers
    )


def download_session(api, session_id, query=None, headers=None):  # noqa: F811
    return api.call(
        "get-session-zip",
        path=f"/v1/sessions/{session_id}",
        params={"sessionId": session_id},
        headers=headers,
        query=query,
    )


def test_a_version_downloads_as_a_saved_model_directory(api, session):  # noqa: F811
    train(api, session)
    freeze(api, session)

    reply = download_version(api)

    assert reply.status == 200, reply.text
    assert reply.headers["content-type"] == ZIP
    assert reply.headers["content-disposition"] == f'attachment; filename="{MODEL}-1.zip"'
    assert reply.headers["etag"] == '"1.zip"'
    names = zipfile.ZipFile(io.BytesIO(reply.content)).namelist()
    assert sorted(names) == SAVED_MODEL_FILES
