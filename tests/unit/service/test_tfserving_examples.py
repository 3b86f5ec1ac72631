"""TF Serving's classify/regress JSON: Examples built by its rules, signatures checked
and answers shaped as its server writes them, without a network."""

import base64

import numpy as np
import pytest

import graphgate as gg
from graphgate_service import problems, tfserving_examples

CLASSIFY_SPEC = {
    "name": "serving_default",
    "method_name": "tensorflow/serving/classify",
    "inputs": [{"name": "inputs", "tensor": "e:0", "datatype": "BYTES", "shape": [-1]}],
    "outputs": [
        {"name": "classes", "tensor": "c:0", "datatype": "BYTES", "shape": [-1, 2]},
        {"name": "scores", "tensor": "s:0", "datatype": "FP32", "shape": [-1, 2]},
    ],
    "max_batch_size": 8,
}
REGRESS_SPEC = {
    **CLASSIFY_SPEC,
    "method_name": "tensorflow/serving/regress",
    "outputs": [{"name": "outputs", "tensor": "o:0", "datatype": "FP32", "shape": [-1, 1]}],
}


MB = 2**20


def _parsed(body):
    serialized = tfserving_examples.serialized_examples(body, MB)
    return [gg.train.Example.FromString(s) for s in serialized]


def test_json_values_become_the_feature_kinds_tf_serving_makes():
    blob = base64.b64encode(b"\x00\xff").decode()
    body = {
        "context": {"lang": "en", "n": 3},
        "examples": [
            {"x": [1.0, 2.5], "ids": [4, -1], "b": True, "raw": {"b64": blob}, "n": 7},
            {"x": 1e3, "e": []},
        ],
    }
    first, second = _parsed(body)
    f = first.features.feature
    assert list(f["x"].float_list.value) == [1.0, 2.5]
    assert list(f["ids"].int64_list.value) == [4, -1]  # no fraction: int64, as rapidjson
    assert list(f["b"].int64_list.value) == [1]
    assert list(f["raw"].bytes_list.value) == [b"\x00\xff"]
    # context merged into every example; the example's own feature wins
    assert list(f["lang"].bytes_list.value) == [b"en"] and list(f["n"].int64_list.value) == [7]
    g = second.features.feature
    assert list(g["x"].float_list.value) == [1000.0] and list(g["n"].int64_list.value) == [3]
    assert "e" in g and g["e"].WhichOneof("kind") is None  # [] is a feature with no list


@pytest.mark.parametrize(
    ("body", "message", "code"),
    [
        ({}, "key 'examples' is expected and was not found", "VALIDATION_FAILED"),
        ({"examples": {}}, "'examples' value to be an list/array", "VALIDATION_FAILED"),
        ({"examples": []}, "'examples' value is an empty array", "VALIDATION_FAILED"),
        ({"examples": [[1]]}, "Example must be JSON object but got JSON Array", "INVALID_EXAMPLE"),
        ({"examples": [{"a": [1, 2.5]}]}, "feature: a expecting type: int64", "INVALID_EXAMPLE"),
        ({"examples": [{"a": ["s", 1]}]}, "feature: a expecting type: bytes", "INVALID_EXAMPLE"),
        ({"examples": [{"a": None}]}, "unexpected JSON type: Null", "INVALID_EXAMPLE"),
        ({"examples": [{"a": [[1]]}]}, "unexpected JSON type: Array", "INVALID_EXAMPLE"),
        ({"examples": [{"a": {"x": 1}}]}, "unexpected JSON type: Object", "INVALID_EXAMPLE"),
        ({"examples": [{"a": 2**63}]}, "uint64 element. Only int64", "INVALID_EXAMPLE"),
        ({"examples": [{"a": 1e39}]}, "to float without loss of precision", "INVALID_EXAMPLE"),
        ({"examples": [{"a": 10**400}]}, "to float without loss of precision", "INVALID_EXAMPLE"),
        ({"examples": [{"a": {"b64": "!!"}}]}, "Unable to base64 decode", "INVALID_EXAMPLE"),
        ({"context": 1, "examples": [{}]}, "but got JSON Number", "INVALID_EXAMPLE"),
    ],
)
def test_bad_examples_are_refused_in_tf_servings_words(body, message, code):
    with pytest.raises(problems.BadRequest) as caught:
        tfserving_examples.serialized_examples(body, MB)
    assert message in caught.value.detail and caught.value.code == code


def _merged_as_messages(body):
    """What serialized_examples made before: each example a message, the context merged."""
    context = tfserving_examples._features(body["context"]) if "context" in body else {}
    out = []
    for example in body["examples"]:
        message = gg.train.Example()
        into = message.features.feature
        for name, (kind, values) in {**context, **tfserving_examples._features(example)}.items():
            feature = into[name]
            if kind is not None:
                getattr(feature, f"{kind}_list").value.extend(values)
        out.append(message.SerializeToString())
    return out


@pytest.mark.parametrize(
    "body",
    [
        {"examples": [{}]},
        {"examples": [{}, {"e": []}], "context": {}},
        {"context": {"lang": "en", "n": 3}, "examples": [{"n": 7, "x": [1.5, 2.0]}, {"b": True}]},
        {"context": {"a": [1.0] * 40, "z": {"b64": "AP8="}}, "examples": [{"a": "s"}, {}]},
    ],
)
def test_examples_joined_from_their_entries_are_the_merged_messages_bytes(body):
    assert list(tfserving_examples.serialized_examples(body, MB)) == _merged_as_messages(body)


def test_examples_merged_with_their_context_stop_at_the_run_bytes_before_the_rest_are_made():
    # A 72 kB body (1,000 examples, a context of 10,000 floats) merged 40 MB of examples,
    # as messages for 25 s: the function ran out of time (502). The bytes are bounded.
    body = {"context": {f"f{i}": [1.5] * 50 for i in range(200)}, "examples": [{}] * 1000}
    with pytest.raises(problems.Unprocessable) as caught:
        tfserving_examples.serialized_examples(body, MB)
    assert caught.value.code == "FEED_TOO_LARGE" and caught.value.extra["limit"] == MB
    assert "at example 24" in caught.value.detail  # 43,494 bytes an example


def test_the_default_signature_is_serving_default_and_must_be_of_the_verbs_method():
    assert tfserving_examples.check_signature(CLASSIFY_SPEC, "classify", None) == "inputs"
    with pytest.raises(problems.BadRequest) as caught:
        tfserving_examples.check_signature(CLASSIFY_SPEC, "classify", "classification")
    assert caught.value.code == "SIGNATURE_NOT_FOUND"
    assert caught.value.detail == "No signature was found with the name: classification"
    with pytest.raises(problems.BadRequest) as caught:
        tfserving_examples.check_signature(CLASSIFY_SPEC, "regress", None)
    assert caught.value.code == "SIGNATURE_METHOD_MISMATCH"
    assert caught.value.detail == (
        "Expected regression signature method_name to be tensorflow/serving/regress. "
        "Was: tensorflow/serving/classify"
    )
    predict = {k: v for k, v in REGRESS_SPEC.items() if k != "method_name"}  # stored before
    with pytest.raises(problems.BadRequest) as caught:
        tfserving_examples.check_signature(predict, "regress", "serving_default")
    assert caught.value.detail.endswith("Was: tensorflow/serving/predict")


def test_classify_answers_label_score_pairs_as_float32_text():
    classes = np.array([[b"a", b"b"], [b"a", b"b"]], object)
    scores = np.array([[0.2, 0.8], [0.7, 0.3]], np.float32)
    both = {"classes": classes, "scores": scores}
    assert tfserving_examples.classify_response(both, 2) == {
        "results": [[["a", 0.2], ["b", 0.8]], [["a", 0.7], ["b", 0.3]]]
    }
    # without `classes` TF Serving's labels are empty; without `scores` its scores are 0
    only_scores = tfserving_examples.classify_response({"scores": scores}, 2)
    assert only_scores["results"][0] == [["", 0.2], ["", 0.8]]
    only_classes = tfserving_examples.classify_response({"classes": classes}, 2)
    assert only_classes["results"][1] == [["a", 0.0], ["b", 0.0]]
    with pytest.raises(problems.BadRequest):
        tfserving_examples.classify_response({"scores": scores[:, :1], "classes": classes}, 2)


def test_regress_answers_one_value_per_example():
    values = np.array([[1.5], [0.1]], np.float32)
    assert tfserving_examples.regress_response({"outputs": values}, 2) == {"results": [1.5, 0.1]}
    with pytest.raises(problems.BadRequest) as caught:
        tfserving_examples.regress_response({"outputs": np.zeros((2, 2), np.float32)}, 2)
    assert "[batch_size] or [batch_size, 1] but got [2, 2]" in caught.value.detail
    assert tfserving_examples.wanted_outputs(REGRESS_SPEC, "regress") == ["outputs"]
    assert tfserving_examples.wanted_outputs(CLASSIFY_SPEC, "classify") == ["classes", "scores"]


def test_float32_values_are_written_in_tf_servings_text_and_stay_the_same_float32():
    # GIVEN float32s across the whole range, subnormals and non-finite values included
    rng = np.random.default_rng(7)
    spread = rng.normal(size=4000) * 10.0 ** rng.integers(-45, 39, 4000)
    with np.errstate(over="ignore"):
        values = np.concatenate([spread, [0.2, 23.025850296, 1e-45, -0.0, np.inf, np.nan]])
    values = values.astype(np.float32)

    # WHEN made the doubles JSON writes
    written = tfserving_examples.float32_values(values)

    # THEN each reads back as the same float32, bit for bit (NaN as NaN)
    same = written.astype(np.float32).view(np.uint32) == values.view(np.uint32)
    assert (same | np.isnan(values)).all()
    # and in WriteDecimal's text: six digits where they do, else nine
    texts = [repr(float(v)) for v in written[-6:-2]]
    assert texts == ["0.2", "23.0258503", "1.4013e-45", "-0.0"]
