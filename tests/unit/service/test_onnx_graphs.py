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


def test_a_scikit_learn_pipeline_converted_by_the_service_gives_onnxruntimes_outputs():
    # The document the service stores, loaded back as a session would, against onnxruntime.
    pytest.importorskip("sklearn")
    pytest.importorskip("skl2onnx")
    import warnings

    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    import graphgate as gg
    from tests.unit.engine.onnx.test_import import _digits, _skl_model, ort_run

    x, y = _digits()
    x, y = x[:300], y[:300]  # the conversion is under test, not the fit: keep it short
    clf = make_pipeline(StandardScaler(), LogisticRegression(max_iter=100))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf.fit(x, y)
    model = _skl_model(clf, x)
    document, source, _ = onnx_graphs.convert(model.SerializeToString(), constants=False)
    assert source["producer"] == "skl2onnx" and source["outputs"] == ["label", "probabilities"]
    graph = gg.graph_from_dict(document)
    with gg.Session(graph) as sess:
        sess.run(gg.global_variables_initializer(graph))
        label, prob = sess.run(["label:0", "probabilities:0"], {"X:0": x})
    want_label, want_prob = ort_run(model, {"X": x})
    np.testing.assert_array_equal(label, want_label)
    np.testing.assert_allclose(prob, want_prob, rtol=1e-5, atol=1e-7)


def test_weights_are_stored_base64_and_load_back_bit_for_bit():
    import numpy as np
    from onnx import TensorProto, helper, numpy_helper

    import graphgate as gg

    w = np.random.default_rng(5).standard_normal((40, 30)).astype(np.float32)
    w[0, 0] = np.nan
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["y"])],
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 40])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 30])],
        [numpy_helper.from_array(w, "w")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    document, _, _ = onnx_graphs.convert(model.SerializeToString(), constants=True)
    (const,) = [n for n in document["nodes"] if n["op"] == "Const" and n["name"] == "w"]
    assert "b64" in const["attrs"]["value"] and "data" not in const["attrs"]["value"]
    loaded = gg.graph_from_dict(document)
    stored = loaded.get_operation_by_name("w").attrs["value"]
    np.testing.assert_array_equal(stored.view(np.uint32), w.view(np.uint32))  # NaN too


def _one_node(node, inputs, inits, opset):
    from onnx import TensorProto, helper, numpy_helper

    graph = helper.make_graph(
        [node],
        "g",
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, s) for n, s in inputs],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        [numpy_helper.from_array(v, n) for n, v in inits],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    return model.SerializeToString()


def _models_the_reference_cannot_compute():
    import numpy as np
    from onnx import helper

    i64, f32 = np.int64, np.float32
    mel = [("b", i64(8)), ("l", i64(16)), ("r", i64(16000)), ("lo", f32(0)), ("hi", f32(18000))]
    return [
        # numpy's irfft of 0 points (a one-sided inverse DFT of one point): a ValueError
        _one_node(
            helper.make_node("DFT", ["x"], ["y"], inverse=1, onesided=1, axis=1),
            [("x", [2, 1, 2])],
            [],
            17,
        ),
        # a negative AffineGrid size: numpy's ValueError in the reference
        _one_node(
            helper.make_node("AffineGrid", ["x", "s"], ["y"]),
            [("x", [1, 2, 3])],
            [("s", np.array([1, 1, -2, 3], i64))],
            20,
        ),
        # a mel bank past sample_rate / 2: the reference's IndexError
        _one_node(helper.make_node("MelWeightMatrix", [n for n, _ in mel], ["y"]), [], mel, 17),
    ]


@pytest.mark.parametrize("k", range(3))
def test_a_node_onnxs_reference_cannot_compute_is_a_4xx_not_a_500(k):
    blob = _models_the_reference_cannot_compute()[k]
    with pytest.raises(problems.ApiError) as exc:
        onnx_graphs.convert(blob, constants=False)
    assert 400 <= exc.value.status < 500, (exc.value.status, exc.value.code)
