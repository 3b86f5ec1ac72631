"""tf.train.Example and tf.io.parse_example on graphgate, pinned to TensorFlow.

`tests/reference/tf1_example.py` describes Examples (negative and extreme int64s, NaN and
infinite floats, arbitrary bytes, empty lists, a Feature with no list, big lists, unicode
keys), malformed bytes and parse cases (dense with defaults and shapes, sparse, sequence,
mixed presence in a batch, the run-time errors); it wrote protobuf's bytes and
TensorFlow's outputs and messages into `fixtures/tf1_example.json`. Here the same code runs
with `tf` bound to graphgate.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import graphgate as gg
from graphgate.errors import DecodeError

ROOT = Path(__file__).parents[3]
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_example.json").read_text())
_spec = importlib.util.spec_from_file_location(
    "tf1_example", ROOT / "tests/reference/tf1_example.py"
)
cases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cases)


@pytest.mark.parametrize("name", sorted(cases.EXAMPLES))
def test_serialization_is_protobufs(name):
    want = base64.b64decode(FIXTURE["serialized"][name])
    ex = cases.example(gg, cases.EXAMPLES[name])
    assert ex.SerializeToString() == want
    back = gg.train.Example.FromString(want)
    if name != "nan_inf":  # NaN != NaN, in the values compared
        assert back == ex
    assert back.SerializeToString() == want


@pytest.mark.parametrize("name", sorted(cases.BAD))
def test_malformed_bytes_raise_what_protobuf_raises(name):
    ref = FIXTURE["decode"][name]
    if ref is None:  # a known field number with another wire type: an unknown field
        assert gg.train.Example.FromString(cases.BAD[name]) == gg.train.Example()
        return
    with pytest.raises(DecodeError) as info:
        gg.train.Example.FromString(cases.BAD[name])
    assert info.value.message == ref["message"]
    assert info.value.code == "INVALID_PROTO"


def _same(got: dict, want: dict, key: str) -> None:
    assert got["dtype"] == want["dtype"], key
    assert got["shape"] == want["shape"], key
    assert got["static"] == want["static"], key
    if want["nan"] is not None:
        assert got["nan"] == want["nan"], key
    assert got["value"] == want["value"], key


@pytest.mark.parametrize("name", sorted(FIXTURE["parse"]))
def test_parse_matches_tensorflow(name):
    want = FIXTURE["parse"][name]
    names, desc = cases.PARSES[name.removesuffix("@single")]
    got = cases.run_parse(gg, names, desc, single=name.endswith("@single"))
    if "error" in want:
        assert got.get("error") == want["error"], got
        if want["message"].startswith("Could not parse example input"):
            assert got["message"].startswith(want["message"])
        else:
            assert got["message"] == want["message"]
        return
    assert sorted(got["outputs"]) == sorted(want["outputs"])
    for key, out in want["outputs"].items():
        _same(got["outputs"][key], out, key)


def test_the_op_and_its_inputs_carry_tensorflows_names():
    s = gg.placeholder(gg.string, [None])
    gg.io.parse_example(
        s, {"a": gg.io.FixedLenFeature([3], gg.int64), "z": gg.FixedLenFeature([], gg.float32, 7.0)}
    )
    assert [op.name for op in s.graph.get_operations()] == [
        "Placeholder",
        "ParseExample/ParseExampleV2/names",
        "ParseExample/ParseExampleV2/sparse_keys",
        "ParseExample/ParseExampleV2/dense_keys",
        "ParseExample/ParseExampleV2/ragged_keys",
        "ParseExample/Const",
        "ParseExample/Reshape",
        "ParseExample/ParseExampleV2",
    ]


def _serving_graph():
    s = gg.placeholder(gg.string, [None], name="examples")
    out = gg.parse_example(
        s,
        {
            "x": gg.io.FixedLenFeature([2], gg.float32),
            "ids": gg.io.VarLenFeature(gg.int64),
            "tag": gg.io.FixedLenFeature([], gg.string, default_value=b"none"),
        },
    )
    return s, out


def _examples():
    a = cases.example(gg, {"x": ["float", [1.0, 2.0]], "ids": ["int64", [4, -5]]})
    b = cases.example(gg, {"x": ["float", [3.0, -1.5]], "tag": ["bytes", [b"t"]]})
    return [a.SerializeToString(), b.SerializeToString()]


def test_parse_example_survives_the_document_round_trip():
    # GIVEN a parsing graph written as the service stores it
    s, out = _serving_graph()
    doc = json.loads(json.dumps(gg.graph_to_dict(s.graph)))
    # WHEN it is read back and run
    g2 = gg.graph_from_dict(doc)
    fetch = [
        out["x"].name,
        out["ids"].indices.name,
        out["ids"].values.name,
        out["ids"].dense_shape.name,
        out["tag"].name,
    ]
    with gg.Session(graph=g2) as sess:
        x, ind, val, shape, tag = sess.run(fetch, {"examples:0": _examples()})
    # THEN it parses as the original graph does
    np.testing.assert_array_equal(x, [[1.0, 2.0], [3.0, -1.5]])
    np.testing.assert_array_equal(ind, [[0, 0], [0, 1]])
    np.testing.assert_array_equal(val, [4, -5])
    np.testing.assert_array_equal(shape, [2, 2])
    assert tag.tolist() == [b"none", b"t"]


def test_parse_single_example_in_a_dataset_map():
    records = _examples()
    spec = {
        "x": gg.io.FixedLenFeature([2], gg.float32),
        "tag": gg.io.FixedLenFeature([], gg.string, b"-"),
    }
    ds = gg.data.Dataset.from_tensor_slices(records).map(lambda r: gg.parse_single_example(r, spec))
    nxt = ds.make_one_shot_iterator().get_next()
    with gg.Session() as sess:
        first, second = sess.run(nxt), sess.run(nxt)
    np.testing.assert_array_equal(first["x"], [1.0, 2.0])
    assert first["tag"] == b"-" and second["tag"] == b"t"


def test_a_run_time_failure_is_invalid_argument_with_a_code():
    s = gg.placeholder(gg.string, [None])
    out = gg.parse_example(s, {"a": gg.io.FixedLenFeature([1], gg.int64)}, example_names=["first"])
    with gg.Session() as sess, pytest.raises(gg.errors.InvalidArgumentError) as info:
        sess.run(out, {s: [b""]})
    assert info.value.code == "INVALID_EXAMPLE"
    assert "Name: first, Feature: a (data type: int64)" in info.value.message


def test_build_time_refusals():
    s = gg.placeholder(gg.string, [None])
    with pytest.raises(TypeError):
        gg.parse_example(s, {"a": gg.io.FixedLenFeature([], gg.int32)})
    with pytest.raises(ValueError):
        gg.parse_example(s, {"a": gg.io.FixedLenSequenceFeature([], gg.int64)})
    with pytest.raises(ValueError):
        gg.parse_example(s, {"a": gg.io.FixedLenFeature([2], gg.int64, default_value=[1, 2, 3])})
    with pytest.raises(ValueError):
        gg.parse_example(s, {})


def test_message_api_as_protobufs():
    ex = gg.train.Example()
    assert not ex.HasField("features")
    feature = ex.features.feature["a"]
    assert ex.HasField("features") and "a" in ex.features.feature
    feature.int64_list.value.extend([1, 2])
    assert feature.WhichOneof("kind") == "int64_list"
    feature.float_list.value.append(0.1)
    assert feature.WhichOneof("kind") == "float_list"
    assert feature.float_list.value[0] == float(np.float32(0.1))
    copy = gg.train.Example()
    copy.CopyFrom(ex)
    assert copy == ex and copy.SerializeToString() == ex.SerializeToString()
    with pytest.raises(TypeError):
        gg.train.Int64List(value=[1.5])
    with pytest.raises(ValueError):
        gg.train.Int64List(value=[2**63])
    with pytest.raises(ValueError):
        ex.features.feature["b"] = gg.train.Feature()
    with pytest.raises(ValueError):
        gg.train.Example(feature={})
    parsed = gg.train.Example()
    assert parsed.ParseFromString(ex.SerializeToString()) == len(ex.SerializeToString())
    assert parsed == ex


def test_sequence_example_round_trips():
    seq = gg.train.SequenceExample()
    seq.context.feature["len"].int64_list.value.append(2)
    frames = seq.feature_lists.feature_list["frames"].feature
    frames.add(float_list={"value": [1.0]})
    frames.add().bytes_list.value.append(b"x")
    data = seq.SerializeToString()
    back = gg.train.SequenceExample.FromString(data)
    assert back == seq and back.SerializeToString() == data
    assert back.feature_lists.feature_list["frames"].feature[1].bytes_list.value == [b"x"]


_floats = st.floats(width=32, allow_nan=False)
_feature = st.one_of(
    st.tuples(st.just("int64"), st.lists(st.integers(-(2**63), 2**63 - 1), max_size=8)),
    st.tuples(st.just("float"), st.lists(_floats, max_size=8)),
    st.tuples(st.just("bytes"), st.lists(st.binary(max_size=12), max_size=5)),
    st.tuples(st.just("none"), st.just([])),
)


@settings(derandomize=True, max_examples=150, deadline=None)
@given(st.dictionaries(st.text(max_size=6), _feature, max_size=5))
def test_codec_round_trip(desc):
    ex = cases.example(gg, desc)
    data = ex.SerializeToString()
    back = gg.train.Example.FromString(data)
    assert back == ex
    assert back.SerializeToString() == data
    for key, (kind, values) in desc.items():
        feature = back.features.feature[key]
        assert feature.WhichOneof("kind") == (None if kind == "none" else f"{kind}_list")
        if kind != "none":
            assert list(getattr(feature, f"{kind}_list").value) == values


def test_nan_survives_the_codec():
    data = gg.train.FloatList(value=[math.nan]).SerializeToString()
    assert math.isnan(gg.train.FloatList.FromString(data).value[0])


def test_make_parse_example_spec_is_tensorflows():
    spec = gg.feature_column.make_parse_example_spec(cases.columns(gg))
    assert cases.spec_record(spec) == FIXTURE["parse_example_spec"]


def test_make_parse_example_spec_refuses_two_specs_for_one_key():
    fc = gg.feature_column
    with pytest.raises(ValueError, match="different parse_spec for key a"):
        fc.make_parse_example_spec(
            [fc.numeric_column("a"), fc.categorical_column_with_identity("a", 3)]
        )


def test_an_estimator_exported_for_examples_serves_serialized_examples(tmp_path):
    # GIVEN a regressor trained on numeric and categorical columns
    fc = gg.feature_column
    columns = [fc.numeric_column("x", shape=(2,)), fc.categorical_column_with_identity("slot", 3)]
    x = np.array([[1.0, 2.0], [0.5, -1.0], [2.0, 0.0]], np.float32)
    slot = np.array([[0], [2], [1]], np.int64)
    y = np.array([[1.0], [0.0], [2.0]], np.float32)
    est = gg.estimator.LinearRegressor(columns, model_dir=str(tmp_path / "m"))
    fn = gg.estimator.inputs.numpy_input_fn({"x": x, "slot": slot}, y, shuffle=False, num_epochs=20)
    est.train(fn)
    predict_fn = gg.estimator.inputs.numpy_input_fn({"x": x, "slot": slot}, shuffle=False)
    expected = [p["predictions"] for p in est.predict(predict_fn)]
    # WHEN it is exported with the parsing receiver and the saved model is fed Examples
    spec = fc.make_parse_example_spec(columns)
    receiver = gg.estimator.export.build_parsing_serving_input_receiver_fn(spec)
    path = est.export_saved_model(str(tmp_path / "e"), receiver)
    records = [
        cases.example(
            gg, {"x": ["float", x[i].tolist()], "slot": ["int64", slot[i].tolist()]}
        ).SerializeToString()
        for i in range(3)
    ]
    with gg.Graph().as_default() as g, gg.Session(graph=g) as sess:
        meta = gg.saved_model.loader.load(sess, ["serve"], path)
        sig = meta.signature_def["regression"]
        got = sess.run(sig.outputs["outputs"].name, {sig.inputs["inputs"].name: records})
    # THEN the served predictions are the estimator's own
    np.testing.assert_allclose(got.reshape(-1), np.reshape(expected, -1), rtol=1e-6)


@pytest.mark.parametrize(
    ("n_classes", "vocabulary", "labels", "names"),
    [
        (2, None, [[1], [0], [1]], [b"0", b"1"]),
        (3, ["a", "b", "c"], [["c"], ["a"], ["b"]], [b"a", b"b", b"c"]),
    ],
)
def test_a_classifiers_classification_signature_names_its_classes(
    tmp_path, n_classes, vocabulary, labels, names
):
    # TF's heads export `classes` (linear/head/Tile:0, the names tiled over the batch) beside
    # `scores`, which TF Serving's classify pairs into [label, score].
    fc = gg.feature_column
    columns = [fc.numeric_column("x", shape=(2,))]
    x = np.array([[1.0, 2.0], [0.5, -1.0], [2.0, 0.0]], np.float32)
    extra = {"label_vocabulary": vocabulary} if vocabulary else {}
    est = gg.estimator.LinearClassifier(
        columns, n_classes=n_classes, model_dir=str(tmp_path / "m"), **extra
    )
    y = np.array(labels) if vocabulary else np.array(labels, np.int64)
    est.train(gg.estimator.inputs.numpy_input_fn({"x": x}, y, shuffle=False), steps=3)
    receiver = gg.estimator.export.build_parsing_serving_input_receiver_fn(
        fc.make_parse_example_spec(columns)
    )
    path = est.export_saved_model(str(tmp_path / "e"), receiver)
    records = [cases.example(gg, {"x": ["float", row.tolist()]}).SerializeToString() for row in x]
    with gg.Graph().as_default() as g, gg.Session(graph=g) as sess:
        meta = gg.saved_model.loader.load(sess, ["serve"], path)
        sig = meta.signature_def["serving_default"]
        assert sig.method_name == "tensorflow/serving/classify"
        assert sig.outputs["classes"].name == "linear/head/Tile:0"  # TF 1.15's name
        classes = sess.run(sig.outputs["classes"].name, {sig.inputs["inputs"].name: records})
    assert classes.tolist() == [names] * 3


@settings(derandomize=True, max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(cases.PIECES), max_size=6))
def test_parse_examples_fast_reader_agrees_with_the_message_decoder(pieces):
    # ParseExample reads bytes without message objects; it must read what FromString does
    # (concatenated messages merge, as protobuf's parser merges them: pinned below).
    from graphgate.example_proto import decode_features

    data = b"".join(pieces)
    ex = gg.train.Example.FromString(data)
    want = {}
    for key, feature in ex.features.feature.items():
        kind = feature.WhichOneof("kind")
        values = [] if kind is None else list(getattr(feature, kind).value)
        want[key.encode()] = (None if kind is None else kind.removesuffix("_list"), values)
    assert decode_features(data) == want


@pytest.mark.parametrize("name", sorted(FIXTURE["merged"]))
def test_concatenated_messages_merge_as_protobufs(name):
    data = b"".join(cases.PIECES[int(i)] for i in name.split("+"))
    want = base64.b64decode(FIXTURE["merged"][name])
    assert gg.train.Example.FromString(data).SerializeToString() == want


def test_a_dense_output_past_the_tensor_limit_is_refused_before_it_is_made():
    # GIVEN a dense feature of 1000 values per Example and a limit of 10**4 elements
    s = gg.placeholder(gg.string, [None])
    big = gg.parse_example(s, {"a": gg.io.FixedLenFeature([1000], gg.float32, [0.0] * 1000)})["a"]
    sess = gg.Session(s.graph, limits=gg.Limits(max_tensor_elements=10**4))
    # WHEN a batch of 5 fits and a batch of 50 would not
    assert sess.run(big, {s: [b""] * 5}).shape == (5, 1000)
    with pytest.raises(gg.errors.ResourceExhaustedError) as info:
        sess.run(big, {s: [b""] * 50})
    # THEN the second is refused by the limit, before its output is allocated
    assert info.value.code == "TENSOR_TOO_LARGE"


@pytest.mark.parametrize("name", sorted(FIXTURE["text"]))
def test_str_is_protobufs_text_format(name):
    if name == "sequence_example":
        msg = gg.train.SequenceExample()
        msg.context.feature["len"].int64_list.value.append(2)
        msg.feature_lists.feature_list["f"].feature.add().float_list.value.append(0.5)
    else:
        msg = cases.example(gg, cases.EXAMPLES[name])
    assert str(msg) == FIXTURE["text"][name]


@pytest.mark.parametrize("name", sorted(cases.SEQUENCES))
def test_sequence_example_serialization_is_protobufs(name):
    want = base64.b64decode(FIXTURE["sequence_serialized"][name])
    seq = cases.sequence_example(gg, cases.SEQUENCES[name])
    assert seq.SerializeToString() == want
    assert gg.train.SequenceExample.FromString(want).SerializeToString() == want


@pytest.mark.parametrize("name", sorted(FIXTURE["sequence_parse"]))
def test_parse_single_sequence_example_matches_tensorflow(name):
    want = FIXTURE["sequence_parse"][name]
    got = cases.run_sequence_parse(gg, *cases.SEQ_PARSES[name])
    if "error" in want:
        assert got.get("error") == want["error"], got
        assert got["message"] == want["message"]
        return
    assert sorted(got["outputs"]) == sorted(want["outputs"])
    for key, out in want["outputs"].items():
        _same(got["outputs"][key], out, key)


def test_parse_single_sequence_example_survives_the_document_round_trip():
    s = gg.placeholder(gg.string, [], name="record")
    ctx, seq = gg.io.parse_single_sequence_example(
        s,
        context_features={"len": gg.io.FixedLenFeature([], gg.int64)},
        sequence_features={
            "tok": gg.io.VarLenFeature(gg.int64),
            "frame": gg.io.FixedLenSequenceFeature([2], gg.float32),
        },
    )
    assert (
        seq["frame"].op.name
        == "ParseSingleSequenceExample/ParseSequenceExample/ParseSequenceExampleV2"
    )
    g2 = gg.graph_from_dict(json.loads(json.dumps(gg.graph_to_dict(s.graph))))
    data = cases.sequence_example(gg, cases.SEQUENCES["plain"]).SerializeToString()
    fetch = [ctx["len"].name, seq["frame"].name, seq["tok"].values.name]
    with gg.Session(graph=g2) as sess:
        length, frame, tok = sess.run(fetch, {"record:0": data})
    assert length == 3
    np.testing.assert_array_equal(frame, [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    np.testing.assert_array_equal(tok, [1, 2, 3])


# Where graphgate's message differs: protobuf names its C++ class, or says nothing useful.
API_MESSAGE_DIFFERS = {"copy_wrong", "key_int", "float_2d"}


@pytest.mark.parametrize("name", sorted(FIXTURE["api"]))
def test_message_api_edges_are_protobufs(name):
    want = FIXTURE["api"][name]
    got = cases.api_record(gg)[name]
    assert got[0] == want[0], got
    if name not in API_MESSAGE_DIFFERS:
        assert got[1] == want[1]
