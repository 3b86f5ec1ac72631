"""Converting ONNX bytes on the server: whatever the bytes, a graph document or a 4xx
problem, never an unexpected exception (which the API would answer with a 500)."""

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("onnx")

from graphgate_service import graph_documents, onnx_graphs, problems
from tests.hardening import scaled
from tests.support import load_event

MODEL = base64.b64decode(load_event("post-graphs-onnx")["body"])


def convert_or_problem(blob: bytes) -> None:
    try:
        document, source, _ = onnx_graphs.convert(blob, constants=False)
    except problems.ApiError as exc:
        assert 400 <= exc.status < 500, (exc.status, exc.code, exc.detail)
        return
    graph_documents.describe(document)  # what the service stores it must load back
    assert source["format"] == "onnx"


@settings(derandomize=True, max_examples=scaled(60, 2000), deadline=None)
@given(
    edits=st.lists(
        st.tuples(st.integers(0, len(MODEL) - 1), st.integers(0, 255)), min_size=1, max_size=4
    ),
    cut=st.integers(1, len(MODEL)),
)
def test_a_corrupted_model_converts_or_is_a_4xx(edits, cut):
    blob = bytearray(MODEL[:cut])
    for at, byte in edits:
        if at < len(blob):
            blob[at] = byte
    convert_or_problem(bytes(blob))


def test_the_events_model_converts():
    document, source, name = onnx_graphs.convert(MODEL, constants=True)
    assert name == "tiny_classifier" and source["opset"] == 17
    assert not graph_documents.describe(document).signature["variables"]
