"""TF Serving's and KServe's request and response shapes, translated without a network."""

import json

import numpy as np
import pytest

from graphgate_service import model_protocols, problems

SPEC = {
    "name": "serving_default",
    "inputs": [{"name": "x", "tensor": "x:0", "datatype": "FP32", "shape": [-1, 2]}],
    "outputs": [{"name": "y", "tensor": "y:0", "datatype": "FP32", "shape": [-1, 1]}],
    "max_batch_size": 8,
}
TWO_INPUTS = {
    **SPEC,
    "inputs": [
        {"name": "a", "tensor": "a:0", "datatype": "FP32", "shape": [-1]},
        {"name": "n", "tensor": "n:0", "datatype": "INT32", "shape": [-1]},
    ],
}


@pytest.mark.parametrize(
    ("segment", "expected"),
    [("digits:predict", ("digits", "predict")), ("3:predict", ("3", "predict"))],
)
def test_a_verb_is_split_off_its_segment(segment, expected):
    assert model_protocols.split_verb(segment, verb_required=True) == expected


def test_segments_without_or_with_unknown_verbs_are_not_routes():
    assert model_protocols.split_verb("digits", verb_required=False) == ("digits", None)
    for segment, required in (("digits", True), ("digits:predict", False), ("d:explain", True)):
        with pytest.raises(problems.NotFound):
            model_protocols.split_verb(segment, verb_required=required)
    for verb in ("classify", "regress"):
        assert model_protocols.split_verb(f"digits:{verb}", verb_required=True)[1] == verb


def test_rows_of_a_single_input_may_be_bare_values():
    inputs, rows = model_protocols.tfserving_request({"instances": [[1, 2], [3, 4]]}, SPEC)
    assert rows and inputs["x"].dtype == np.float32 and inputs["x"].tolist() == [[1, 2], [3, 4]]


def test_rows_of_several_inputs_are_objects_and_become_columns_typed_by_the_signature():
    body = {"instances": [{"a": 1.5, "n": 2}, {"a": -1.0, "n": 7}]}
    inputs, rows = model_protocols.tfserving_request(body, TWO_INPUTS)
    assert rows and inputs["a"].tolist() == [1.5, -1.0] and inputs["n"].dtype == np.int32


def test_columns_may_name_inputs_or_give_one_bare():
    named, rows = model_protocols.tfserving_request({"inputs": {"x": [[1, 2]]}}, SPEC)
    bare, _ = model_protocols.tfserving_request({"inputs": [[1, 2]]}, SPEC)
    assert not rows and named["x"].tolist() == bare["x"].tolist() == [[1, 2]]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"instances": [{"a": 1.5, "n": 2.5}]}, "INPUT_DTYPE_MISMATCH"),  # a fraction for INT32
        ({"instances": [{"a": "one", "n": 2}]}, "INPUT_DTYPE_MISMATCH"),
        ({"instances": [{"a": 1.0, "n": 2}, {"a": 2.0}]}, "INPUT_MISSING"),
    ],
)
def test_bad_tf_serving_values_name_their_input(body, code):
    with pytest.raises(problems.BadRequest) as caught:
        model_protocols.tfserving_request(body, TWO_INPUTS)
    assert caught.value.code == code and caught.value.extra["input"] in ("a", "n")


STRING_SCALAR = {
    **SPEC,
    "inputs": [{"name": "x", "tensor": "x:0", "datatype": "BYTES", "shape": []}],
}


def test_a_lone_b64_object_is_the_one_inputs_binary_value_in_columns_as_in_rows():
    # TF Serving's FillTensorMapFromInputsMap: "inputs" may be a list or a base64 object
    # when the model has one input; read as a named object, it was "no input b64".
    columns, rows = model_protocols.tfserving_request({"inputs": {"b64": "/wA="}}, STRING_SCALAR)
    assert not rows and columns["x"].shape == () and columns["x"].item() == b"\xff\x00"
    batch, _ = model_protocols.tfserving_request({"instances": [{"b64": "/wA="}]}, {
        **STRING_SCALAR, "inputs": [{**STRING_SCALAR["inputs"][0], "shape": [-1]}]
    })  # fmt: skip
    assert batch["x"].tolist() == [b"\xff\x00"]
    # An object that is no base64 value (a number under "b64", a second member) names inputs.
    for body in ({"inputs": {"b64": 5}}, {"inputs": {"b64": "/wA=", "x": "a"}}):
        named, _ = model_protocols.tfserving_request(body, STRING_SCALAR)
        assert "b64" in named


def test_rows_past_the_batch_size_are_refused_before_any_value_is_decoded(monkeypatch):
    from graphgate import serialization

    decoded = []
    real = serialization.decode_tensor
    monkeypatch.setattr(
        serialization, "decode_tensor", lambda *a, **k: decoded.append(1) or real(*a, **k)
    )
    with pytest.raises(problems.BadRequest) as caught:
        model_protocols.tfserving_request({"instances": [[1, 2]] * 9}, SPEC)  # 8 at most
    assert caught.value.code == "INPUT_TOO_MANY_ROWS" and not decoded
    inputs, _ = model_protocols.tfserving_request({"instances": [[1, 2]] * 8}, SPEC)
    assert inputs["x"].shape == (8, 2) and decoded == [1]
    # In columns too (the column's list is its rows): they were decoded, and a bad value
    # among nine rows was what the answer spoke of.
    for body in ({"inputs": {"x": [[1, "a"]] * 9}}, {"inputs": [[1, "a"]] * 9}):
        with pytest.raises(problems.BadRequest) as caught:
            model_protocols.tfserving_request(body, SPEC)
        assert caught.value.code == "INPUT_TOO_MANY_ROWS" and decoded == [1]
    columns, _ = model_protocols.tfserving_request({"inputs": {"x": [[1, 2]] * 8}}, SPEC)
    assert columns["x"].shape == (8, 2) and decoded == [1, 1]


def test_instances_must_hold_a_row():
    # TF Serving: "No values in 'instances' array"; as a batch of no rows it was run.
    with pytest.raises(problems.BadRequest) as caught:
        model_protocols.tfserving_request({"instances": []}, SPEC)
    assert caught.value.code == "VALIDATION_FAILED" and "No values" in caught.value.detail


@pytest.mark.parametrize(
    ("instances", "spec", "index"),
    [
        ([[1, 2], {"x": [3, 4]}], SPEC, 1),  # bare, then an object
        ([{"x": [1, 2]}, [3, 4]], SPEC, 1),  # an object, then bare
        ([{"x": [1, 2]}, {"b64": "AAAA"}], SPEC, 1),  # a base64 value is no named row
        ([{"a": 1.0, "n": 2}, [1.0, 2]], TWO_INPUTS, 1),
        ([[1.0, 2]], TWO_INPUTS, 0),  # several inputs need named rows
    ],
    ids=["bare then named", "named then bare", "named then b64", "two inputs", "two bare"],
)
def test_rows_must_be_alike_as_the_first_one_says(instances, spec, index):
    # json_tensor.cc's rule: the first row decides named or bare, every row must follow.
    with pytest.raises(problems.BadRequest) as caught:
        model_protocols.tfserving_request({"instances": instances}, spec)
    assert caught.value.code == "VALIDATION_FAILED"
    assert f"Instance {index} of 'instances'" in caught.value.detail


def test_a_body_needs_exactly_one_of_instances_and_inputs_and_the_known_signature():
    for body in ({}, {"instances": [], "inputs": {}}, [1, 2]):
        with pytest.raises(problems.BadRequest):
            model_protocols.tfserving_request(body, SPEC)
    with pytest.raises(problems.BadRequest) as caught:
        model_protocols.tfserving_request({"signature_name": "x", "instances": [[1, 2]]}, SPEC)
    assert caught.value.code == "SIGNATURE_NOT_FOUND"


@pytest.mark.parametrize("name", [None, 7, True, [], {}])
def test_a_signature_name_given_is_a_string_null_included(name):
    # TF Serving's FillSignature: a signature_name present and no string is refused; a
    # null was read as absent (the default signature answered) before round 20
    body = {"signature_name": name, "instances": [[1, 2]]}
    with pytest.raises(problems.BadRequest) as caught:
        model_protocols.tfserving_request(body, SPEC)
    assert caught.value.code == "VALIDATION_FAILED"
    assert caught.value.detail == "'signature_name' key must be a string value."


def test_answers_repeat_the_request_format():
    one = {"y": np.array([[1.0], [2.0]], np.float32)}
    two = {**one, "z": np.array([3, 4], np.int64)}
    assert model_protocols.tfserving_response(one, rows=True) == {"predictions": [[1.0], [2.0]]}
    assert model_protocols.tfserving_response(two, rows=True) == {
        "predictions": [{"y": [1.0], "z": 3}, {"y": [2.0], "z": 4}]
    }
    assert model_protocols.tfserving_response(one, rows=False) == {"outputs": [[1.0], [2.0]]}
    assert model_protocols.tfserving_response(two, rows=False)["outputs"]["z"] == [3, 4]


def test_a_scalar_string_output_is_written_whole_in_columns():
    # The engine gives a scalar string as bytes (as TF's session does): numpy read it as
    # a fixed-width S array, which JSON could not write (a 500) and which drops NULs.
    outputs = {"y": b"a\x00", "y_bytes": b"a\x00", "z": np.bytes_(b"\xff")}
    assert model_protocols.tfserving_response(outputs, rows=False) == {
        "outputs": {"y": "a\x00", "y_bytes": {"b64": "YQA="}, "z": {"b64": "/w=="}}
    }


def test_tf_serving_errors_take_its_shape_and_kserve_problems_gain_an_error_member():
    problem = json.dumps({"type": "about:blank", "status": 404, "code": "X", "detail": "No model"})

    def handler(event, context):
        return {
            "statusCode": 404,
            "body": problem,
            "multiValueHeaders": {"Content-Type": ["application/problem+json"]},
        }

    wrapped = model_protocols.protocol_errors(handler)
    tf = wrapped({"path": "/tfserving/v1/models/m"}, None)
    assert json.loads(tf["body"]) == {"error": "No model", "code": "X"}
    assert tf["multiValueHeaders"]["Content-Type"] == ["application/json"]
    kserve_reply = wrapped({"path": "/v2/models/m"}, None)
    kserve = json.loads(kserve_reply["body"])
    assert kserve["code"] == "X" and kserve["error"] == "No model"
    assert kserve_reply["multiValueHeaders"]["Content-Type"] == ["application/json"]
    own = wrapped({"path": "/v1/models/m"}, None)
    assert own["body"] == problem
    # OIP's server metadata route is a KServe route too (its 406 was problem+json).
    server = wrapped({"path": "/v2"}, None)
    assert json.loads(server["body"])["error"] == "No model"
    assert server["multiValueHeaders"]["Content-Type"] == ["application/json"]
    assert wrapped({"path": "/v2x"}, None)["body"] == problem


def test_kserve_inputs_past_the_batch_size_or_unlike_the_signature_are_refused_undecoded(
    monkeypatch,
):
    # The row limit was checked on the decoded value: 9 rows of base64 were decoded first,
    # and one whose base64 was broken said so rather than that it had too many rows.
    from graphgate import serialization

    decoded = []
    real = serialization.decode_tensor
    monkeypatch.setattr(
        serialization, "decode_tensor", lambda *a, **k: decoded.append(1) or real(*a, **k)
    )
    rows = {"name": "x", "datatype": "FP32", "shape": [9, 2], "b64": "!!"}
    for tensor, code in (
        (rows, "INPUT_TOO_MANY_ROWS"),
        ({**rows, "shape": [1, 3]}, "INPUT_SHAPE_MISMATCH"),
        ({**rows, "shape": [1, 2], "datatype": "INT32"}, "INPUT_DTYPE_MISMATCH"),
        ({**rows, "name": "z"}, "INPUT_UNKNOWN"),
    ):
        with pytest.raises(problems.BadRequest) as caught:
            model_protocols.kserve_request({"inputs": [tensor]}, SPEC)
        assert caught.value.code == code and not decoded
    data = {"name": "x", "datatype": "FP32", "shape": [8, 2], "data": [1.0] * 16}
    inputs, _ = model_protocols.kserve_request({"inputs": [data]}, SPEC)
    assert inputs["x"].shape == (8, 2) and decoded == [1]


@pytest.mark.parametrize(
    ("tensor", "code"),
    [
        ({"datatype": "FP32", "shape": [1, 2], "b64": "!!!!"}, "INPUT_MALFORMED"),
        ({"datatype": "BYTES", "shape": [1], "b64": "AAAA"}, "INPUT_MALFORMED"),
        ({"datatype": "FP32", "shape": [1, 2], "b64": "AAAA"}, "INPUT_SHAPE_MISMATCH"),
        ({"datatype": "BOOL", "shape": [2], "b64": "AgI="}, "INPUT_DTYPE_MISMATCH"),
        ({"datatype": "FP32", "shape": [1, 2], "data": [1, True]}, "INPUT_DTYPE_MISMATCH"),
        ({"datatype": "FP32", "shape": [2], "data": [[1], [2, 3]]}, "INPUT_SHAPE_MISMATCH"),
        ({"datatype": "INT32", "shape": [1], "data": [2**40]}, "INPUT_DTYPE_MISMATCH"),
    ],
)
def test_an_input_the_decoder_refuses_is_coded_by_its_problem_not_its_messages_words(tensor, code):
    # Codes were read from words of the engine's message: invalid base64 and BOOL bytes
    # of 2 were INPUT_SHAPE_MISMATCH. The decoder now says which problem it found.
    spec = {**SPEC, "inputs": [{**SPEC["inputs"][0], "datatype": tensor["datatype"]}]}
    spec["inputs"][0]["shape"] = None  # any shape: only the decoder refuses
    with pytest.raises(problems.BadRequest) as caught:
        model_protocols.kserve_request({"inputs": [{"name": "x", **tensor}]}, spec)
    assert caught.value.code == code, caught.value.detail


def test_an_input_content_type_that_changes_what_the_data_mean_is_refused_not_ignored():
    # MLServer's "base64" content type: each string is the base64 of the bytes. Ignored,
    # the base64 text itself was fed; "np" and "str" say what graphgate reads anyway.
    def tensor(content_type):
        parameters = {"content_type": content_type}
        return {
            "name": "x",
            "datatype": "BYTES",
            "shape": [1],
            "data": ["/w=="],
            "parameters": parameters,
        }

    strings = {**SPEC, "inputs": [{**STRING_SCALAR["inputs"][0], "shape": [-1]}]}
    for benign in ("np", "str"):
        inputs, _ = model_protocols.kserve_request({"inputs": [tensor(benign)]}, strings)
        assert inputs["x"].tolist() == [b"/w=="]
    for changing in ("base64", "pil_image", 5):
        with pytest.raises(problems.BadRequest) as caught:
            model_protocols.kserve_request({"inputs": [tensor(changing)]}, strings)
        assert caught.value.code == "INPUT_DTYPE_MISMATCH" and caught.value.extra["input"] == "x"


def test_an_oip_answer_returns_the_id_given_even_an_empty_one():
    # OIP: "if specified this identifier must be returned"; "" was dropped as falsy.
    outputs = {"y": np.array([1.0], np.float32)}
    for request_id in ("", "req-1"):
        answer, _ = model_protocols.kserve_response("m", 2, request_id, outputs)
        assert answer["id"] == request_id
    assert "id" not in model_protocols.kserve_response("m", 2, None, outputs)[0]


def test_a_raw_binary_request_reads_its_shape_from_the_one_input_or_is_refused():
    raw = model_protocols.RawInput(np.arange(6, dtype="<f4").tobytes())
    request = model_protocols.raw_request(raw, SPEC)
    assert request["inputs"][0]["shape"] == [3, 2]
    assert request["parameters"] == {"binary_data_output": True}
    fixed = {**SPEC, "inputs": [{**SPEC["inputs"][0], "shape": [3, 2]}]}
    assert model_protocols.raw_request(raw, fixed)["inputs"][0]["shape"] == [3, 2]
    strings = {**SPEC, "inputs": [{**SPEC["inputs"][0], "datatype": "BYTES", "shape": [1]}]}
    two_unknown = {**SPEC, "inputs": [{**SPEC["inputs"][0], "shape": [-1, -1]}]}
    for spec, body in (
        (TWO_INPUTS, raw),
        (strings, raw),
        (two_unknown, raw),
        ({**SPEC, "inputs": [{**SPEC["inputs"][0], "shape": [2, 2]}]}, raw),  # 6 values, not 4
        (SPEC, model_protocols.RawInput(raw[:12])),  # a row and a half
    ):
        with pytest.raises(problems.BadRequest) as caught:
            model_protocols.raw_request(body, spec)
        assert caught.value.code == "VALIDATION_FAILED"


def test_outputs_no_answer_can_carry_are_refused_before_they_are_encoded():
    from tests.support import peak_allocation

    # Probe 19: a prediction's outputs were encoded whole (about 70 bytes an element) and
    # only then found past the 6 MB answer: a 1e8-element output held 8 GB for a 422
    wide = np.zeros(4_000_000, np.float32)  # at least 8 MB of JSON ("0," each)
    with peak_allocation() as held:
        for answer in (
            lambda: model_protocols.kserve_response("m", 1, None, {"y": wide}),
            lambda: model_protocols.tfserving_response({"y": wide}, rows=False),
            lambda: model_protocols.kserve_response(
                "m", 1, None, {"y": wide[:1_300_000]}, frozenset({"y"})
            ),
        ):
            with pytest.raises(problems.ApiError) as info:
                answer()
            assert info.value.code == "RESPONSE_TOO_LARGE"
    assert held.bytes < 1_000_000
    # AND what can fit is still encoded (1,000,000 zeros as JSON: 4 MB; 1,000,000 as binary)
    answer, _ = model_protocols.kserve_response("m", 1, None, {"y": wide[:1_000_000]})
    assert answer["outputs"][0]["shape"] == [1_000_000]
    _, tail = model_protocols.kserve_response(
        "m", 1, None, {"y": wide[:1_000_000]}, frozenset({"y"})
    )
    assert len(tail) == 4_000_000


@pytest.mark.parametrize("flag", ["true", "false", 1, 0, None, [True]])
@pytest.mark.parametrize("where", ["request", "output"])
def test_a_binary_data_flag_that_is_no_boolean_is_refused_as_triton_refuses_it(flag, where):
    # Triton: "attempt to access JSON non-boolean as boolean"; before round 20 "true" was
    # read as false and the output answered as JSON data
    x = {"name": "x", "datatype": "FP32", "shape": [1, 2], "data": [1.0, 2.0]}
    body = {"inputs": [x]}
    if where == "request":
        body["parameters"] = {"binary_data_output": flag}
    else:
        body["outputs"] = [{"name": "y", "parameters": {"binary_data": flag}}]
    with pytest.raises(problems.BadRequest) as caught:
        model_protocols.kserve_request(body, SPEC)
    assert caught.value.code == "VALIDATION_FAILED"
    assert "non-boolean as boolean" in caught.value.detail
    for good in (True, False):
        body = {"inputs": [x], "parameters": {"binary_data_output": good}}
        body["outputs"] = [{"name": "y", "parameters": {"binary_data": good}}]
        assert model_protocols.kserve_request(body, SPEC)[1] == ["y"]
