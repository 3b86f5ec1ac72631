"""The wire format: lossless round-trips, strict JSON, the published schema."""

from __future__ import annotations

import base64
import io
import json
import re
import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import graphgate as gg
from graphgate import serialization
from graphgate.serialization import FORMAT

SCHEMA = Path(gg.__file__).parent / "schema" / "graph.schema.json"
DTYPES = [np.float16, np.float32, np.float64, np.int32, np.int64, np.bool_]


def strict_json(obj):
    """Serialize and parse as a strict JSON parser would: no NaN/Infinity tokens."""
    text = json.dumps(obj, allow_nan=False)

    def refuse(token):
        raise ValueError(f"non-standard token {token}")

    return json.loads(text, parse_constant=refuse)


@given(data=st.data(), b64=st.booleans())
def test_tensors_round_trip_bit_exact(data, b64):
    dtype = data.draw(st.sampled_from(DTYPES))
    arr = data.draw(
        hnp.arrays(dtype, hnp.array_shapes(min_dims=0, max_dims=3, max_side=4, min_side=0))
    )
    obj = strict_json(gg.encode_tensor(arr, b64=b64))
    assert obj["shape"] == list(arr.shape)
    back = gg.decode_tensor(obj)
    assert back.dtype == arr.dtype and back.shape == arr.shape
    if dtype == np.bool_ or np.dtype(dtype).kind == "i":
        np.testing.assert_array_equal(back, arr)
    else:
        bits = {2: np.uint16, 4: np.uint32, 8: np.uint64}[arr.dtype.itemsize]
        same = back.view(bits) == arr.view(bits)
        # The list form keeps every float bit for bit, NaN as a canonical NaN.
        assert (same | (np.isnan(arr) & np.isnan(back))).all()
        if b64:
            assert same.all()


def test_non_finite_floats_travel_as_strings_and_nan_payloads_in_base64():
    arr = np.array([np.nan, np.inf, -np.inf, -0.0, 1e-45], np.float32)
    obj = gg.encode_tensor(arr)
    assert obj["data"][:4] == ["NaN", "Infinity", "-Infinity", -0.0]
    strict_json(obj)
    payload = np.frombuffer(struct.pack("<I", 0x7FC01234), np.float32)
    obj = gg.encode_tensor(payload, b64=True)
    assert base64.b64decode(obj["b64"]) == struct.pack("<I", 0x7FC01234)
    assert gg.decode_tensor(obj).view(np.uint32)[0] == 0x7FC01234


def test_nested_and_flat_data_are_both_accepted():
    nested = {"datatype": "INT32", "shape": [2, 2], "data": [[1, 2], [3, 4]]}
    flat = {"datatype": "INT32", "shape": [2, 2], "data": [1, 2, 3, 4]}
    np.testing.assert_array_equal(gg.decode_tensor(nested), gg.decode_tensor(flat))
    for bad in (
        {"datatype": "INT32", "shape": [2, 2], "data": [[1, 2, 3], [4]]},
        {"datatype": "INT32", "shape": [3], "data": [[1], [2], [3]]},
        {"datatype": "FP32", "shape": [1], "data": ["1.0"]},
        {"datatype": "BOOL", "shape": [1], "data": [1]},
        {"datatype": "FP32", "shape": [1], "data": [1.0], "b64": ""},
        {"datatype": "FP32", "shape": [2], "b64": "AAAA"},
    ):
        with pytest.raises(gg.GraphgateError) as info:
            gg.decode_tensor(bad)
        assert info.value.code == "INVALID_TENSOR"


NUMERIC = ["FP16", "FP32", "FP64", "INT32", "INT64"]
# In JSON a boolean is not a number and a number is not a boolean, whatever numpy would
# coerce them to: each of these once decoded (true as 1.0) for a numeric datatype.
MIXED = {
    "bool first": ([True, 1.0], [2]),
    "bool last": ([1, False], [2]),
    "ints and a bool": ([0, 1, True], [3]),
    "nested": ([[1.0, 2.0], [True, 4.0]], [2, 2]),
    "only in the inner list": ([[1], [False]], [2, 1]),
    "beside a non-finite token": (["NaN", True], [2]),
}


@pytest.mark.parametrize("datatype", NUMERIC)
@pytest.mark.parametrize("case", sorted(MIXED))
def test_a_boolean_among_numbers_is_refused(datatype, case):
    data, shape = MIXED[case]
    if datatype[:3] == "INT" and "NaN" in json.dumps(data):
        data = [0, True]
    with pytest.raises(gg.GraphgateError) as info:
        gg.decode_tensor({"datatype": datatype, "shape": shape, "data": data})
    assert info.value.code == "INVALID_TENSOR"
    assert "numbers" in str(info.value) or "unexpected value" in str(info.value)


@pytest.mark.parametrize(
    "data", [[1, 0], [True, 1], [1.0, False], [[True], [0]], [True, "NaN"]], ids=repr
)
def test_a_number_among_booleans_is_refused(data):
    shape = [2, 1] if isinstance(data[0], list) else [2]
    with pytest.raises(gg.GraphgateError) as info:
        gg.decode_tensor({"datatype": "BOOL", "shape": shape, "data": data})
    assert info.value.code == "INVALID_TENSOR"


@pytest.mark.parametrize("datatype", NUMERIC)
def test_all_numbers_still_decode_for_every_numeric_datatype(datatype):
    got = gg.decode_tensor({"datatype": datatype, "shape": [2, 2], "data": [[1, 0], [2, 3]]})
    np.testing.assert_array_equal(got, [[1, 0], [2, 3]])


# JSON integers past float64's 2**53 that numpy reads through float64 (an integral float
# beside them, or int64's and uint64's ranges mixed) or as Python objects (past 64 bits):
# each was a neighbour of the integer sent, or a refusal of one in range.
EXACT = {
    "beside an integral float": ("INT64", [2**53 + 1, 1.0], [2**53 + 1, 1]),
    "int64's extremes, nested": ("INT64", [[2**63 - 1], [-(2**63)]], [[2**63 - 1], [-(2**63)]]),
    "uint64's top beside a float": ("UINT64", [2**64 - 1, 1.0], [2**64 - 1, 1]),
    "uint64's top beside zero": ("UINT64", [2**64 - 1, 0], [2**64 - 1, 0]),
    "uint64's top, nested": ("UINT64", [[2**64 - 1], [7.0]], [[2**64 - 1], [7]]),
    "a bare scalar": ("INT64", 2**53 + 1, 2**53 + 1),
}


@pytest.mark.parametrize("case", sorted(EXACT))
def test_integers_past_2_to_the_53_decode_exactly(case):
    datatype, data, want = EXACT[case]
    shape = list(np.shape(want))
    got = gg.decode_tensor({"datatype": datatype, "shape": shape, "data": data})
    assert got.dtype == gg.dtypes.FROM_OIP[datatype] and got.tolist() == want


@pytest.mark.parametrize(
    ("datatype", "data"),
    [
        ("INT64", [2**63, 1.0]),  # one past the top, read through float64
        ("INT64", [2**64, 0]),  # past 64 bits: a Python object to numpy
        ("UINT64", [2**64 - 1, -1]),
        ("INT64", [2**1024, 1]),  # past float64 itself
        ("INT64", [2**63 - 1, 0.5]),
    ],
    ids=repr,
)
def test_integers_out_of_range_or_beside_a_fraction_are_refused_not_rounded(datatype, data):
    with pytest.raises(gg.GraphgateError) as info:
        gg.decode_tensor({"datatype": datatype, "shape": [2], "data": data})
    assert info.value.code == "VALUE_NOT_REPRESENTABLE"


@pytest.mark.parametrize(
    ("datatype", "data"),
    [("FP16", [70000]), ("FP16", [65535, 1]), ("FP16", 70000), ("FP32", [2**128])],
    ids=repr,
)
def test_integers_past_a_float_types_range_are_refused_not_made_infinite(datatype, data):
    # [70000] as FP16 was inf (numpy's int64 read, cast unchecked), where 70000.0 and a
    # lone 70000 were refused: the wire refuses what its datatype cannot hold.
    shape = [len(data)] if isinstance(data, list) else []
    with pytest.raises(gg.GraphgateError) as info:
        gg.decode_tensor({"datatype": datatype, "shape": shape, "data": data})
    assert info.value.code == "VALUE_NOT_REPRESENTABLE"


@pytest.mark.parametrize("data", [65510, 65510.0, [65510], [65510.0]], ids=repr)
def test_a_number_that_rounds_to_the_largest_float_is_that_float_alone_or_in_a_list(data):
    # A lone 65510 (a local feed) was refused while [65510] rounded to float16's 65504, as
    # numpy rounds it; float32's 3.4028235e38 likewise.
    got = gg.dtypes.convert(data, np.float16)
    assert got.dtype == np.float16 and float(got.ravel()[0]) == 65504.0
    assert gg.dtypes.convert(3.4028235e38, np.float32) == np.finfo(np.float32).max


def test_a_constant_made_from_an_array_past_a_float_types_range_is_infinite_as_in_tf():
    # TF's make_tensor_proto casts an array with astype: np.array([70000]) as float16 is
    # inf (recorded from TF 2.21's tf.compat.v1), as a Python literal already was.
    graph = gg.Graph()
    with graph.as_default():
        wide = gg.constant(np.array([70000], np.int32), dtype=gg.float16)
        big = gg.constant(np.array([1e39]), dtype=gg.float32)
    with gg.Session(graph=graph) as session:
        assert session.run(wide).tolist() == [np.inf]
        assert session.run(big).tolist() == [np.inf]


@pytest.mark.parametrize("last", [4.0, "NaN"])
def test_nested_data_of_another_shape_is_refused_with_or_without_a_non_finite_token(last):
    # With a token, numpy reads the data as text and it was flattened before the shape
    # check: [[1, 2, 3, "NaN"]] passed as [2, 2], where [[1, 2, 3, 4]] is refused.
    with pytest.raises(gg.GraphgateError) as info:
        gg.decode_tensor({"datatype": "FP32", "shape": [2, 2], "data": [[1, 2, 3, last]]})
    assert info.value.code == "INVALID_TENSOR" and "[1, 4]" in info.value.message


def test_a_feed_of_integers_past_2_to_the_53_is_exact():
    # TF1's feed, np.asarray(value, dtype=int64), is exact; TF 2.21 under numpy 2 reads
    # np.asarray(value).astype(int64), through float64 (9007199254740992 for 2**53 + 1,
    # 0 for uint64's 2**64 - 1 beside 1.0): graphgate keeps TF1's exact reading.
    for value, dtype, first in (
        ([2**53 + 1, 1.0], np.int64, 2**53 + 1),
        ((2**53 + 1, 1.0), np.int64, 2**53 + 1),
        ([np.int64(2**53 + 1), 1.0], np.int64, 2**53 + 1),
        ([[2**64 - 1], [1.0]], np.uint64, 2**64 - 1),
    ):
        got = gg.dtypes.convert(value, dtype)
        assert got.dtype == dtype and got.ravel().tolist() == [first, 1]
    for bad in ([2**63, 1.0], [2**63 - 1, 1.5]):
        with pytest.raises(gg.GraphgateError) as info:
            gg.dtypes.convert(bad, np.int64)
        assert info.value.code == "VALUE_NOT_REPRESENTABLE"


@pytest.mark.parametrize(
    ("value", "dtype"),
    [
        (True, np.int64),
        ([True, 2], np.int64),
        ([True, 2**60 + 1], np.int64),
        ([2**60 + 1, True, 1.0], np.int64),  # numpy: floats, 2**60 fed
        ([[True], [2]], np.int32),
        ((True, 2.5), np.float32),
        ([True, 2**70], np.float64),
        ([True, 1j], np.complex64),
    ],
)
def test_a_bool_is_no_number_on_the_wire_and_one_in_a_feed_as_tf_reads_it(graph, value, dtype):
    # The wire's convert refuses a bool as a number, alone or in a list: numpy read
    # [True, 2] as [1, 2] and [2**60 + 1, True, 1.0] as floats, rounding the int.
    with pytest.raises(gg.GraphgateError) as info:
        gg.dtypes.convert(value, dtype)
    assert info.value.code == "FEED_DTYPE_MISMATCH" and "bool" in info.value.message
    # A feed is read as TF's session reads it, np.asarray(value, dtype): True is 1 and the
    # int beside it exact (checked in TF 2.21: [2**60 + 1, True] fed to an int64 placeholder
    # gives [2**60 + 1, 1]; [True, 2] and True into float32 give [1, 2] and 1).
    fed = gg.placeholder(gg.as_dtype(dtype), name="fed")
    got = gg.Session(graph).run(fed, {fed: value})
    assert got.dtype == dtype and got.tolist() == np.asarray(value, dtype).tolist()


def test_a_numpy_bool_array_feeds_a_number_placeholder_as_ones_and_zeros(graph):
    # One-hot labels computed in numpy (`labels[:, None] == np.arange(3)`) fed to a float
    # placeholder, as TF1 tutorials do; TF reads them with np.asarray(v, float32).
    labels = np.array([2, 0])
    onehot = labels[:, None] == np.arange(3)
    y = gg.placeholder(gg.float32, [None, 3], name="y")
    got = gg.Session(graph).run(y * 2, {y: onehot})
    assert got.tolist() == [[0, 0, 2], [2, 0, 0]]
    flag = gg.placeholder(gg.int32, [], name="flag")
    assert gg.Session(graph).run(flag + 1, {flag: np.True_}) == 2


def test_zeros_and_ones_feed_a_bool_placeholder_as_tf_reads_them_and_other_numbers_not(graph):
    # TF reads a bool feed with np.asarray(v, bool): [1, 0] and [1.0, 0.0] are
    # [True, False]. Other numbers (2, 0.5, NaN), which TF would read as True, stay refused.
    p = gg.placeholder(gg.bool, [None], name="p")
    sess = gg.Session(graph)
    for value in ([1, 0], (0, 1), np.array([1.0, 0.0]), [1], 1.0):
        want = np.asarray(value, bool).reshape(-1).tolist()
        fed = [value] if np.ndim(value) == 0 else value
        assert sess.run(p, {p: fed}).tolist() == want
    for value in ([2, 0], [0.5], [float("nan")], [[1, 0], [1]]):
        with pytest.raises(gg.InvalidArgumentError):
            sess.run(p, {p: value})


def test_a_constant_reads_a_bool_among_numbers_as_tf_does(graph):
    # TF's make_tensor_proto: True is 1, the int beside it exact (tf1_python_scalars.json)
    constant = gg.constant([True, 2**60 + 1], gg.int64)
    assert gg.Session(graph).run(constant).tolist() == [1, 2**60 + 1]


def test_a_large_exact_feed_is_checked_on_numpys_reading_not_leaf_by_leaf(monkeypatch):
    # A million Python numbers leaf by leaf took seconds; ints and floats read as float64
    # are checked on that array. Leaves of other types still go one by one, and refuse.
    calls = []
    integral = gg.dtypes._integral
    monkeypatch.setattr(gg.dtypes, "_integral", lambda v: calls.append(v) or integral(v))
    value = [2**53 + 1] + [1.0, 2, -3.0] * 1000
    got = gg.dtypes.convert(value, np.int64)
    assert got[0] == 2**53 + 1 and got[1:4].tolist() == [1, 2, -3] and calls == []
    for bad in ([2**53 + 1, float("inf")], [2**53 + 1, float("nan")], [2**53 + 1, 0.5]):
        with pytest.raises(gg.GraphgateError) as info:
            gg.dtypes.convert(bad, np.int64)
        assert info.value.code == "VALUE_NOT_REPRESENTABLE"
    got = gg.dtypes.convert([2**53 + 1, np.float32(7.0)], np.int64)
    assert got.tolist() == [2**53 + 1, 7] and calls  # a numpy scalar: leaf by leaf


def test_a_feed_of_ints_past_64_bits_into_floats_is_read_as_tf_reads_it():
    # numpy holds [2**70, 1.0] as objects: refused as "values of type object", where TF's
    # feed makes floats of it. Past float64 it does not fit; strings stay refused.
    got = gg.dtypes.convert([[2**70], [1.0]], np.float32)
    assert got.dtype == np.float32 and got.tolist() == [[2.0**70], [1.0]]
    for bad, code in (([2**1024, 1.0], "VALUE_NOT_REPRESENTABLE"), ([2**70, "1"], None)):
        with pytest.raises(gg.GraphgateError) as info:
            gg.dtypes.convert(bad, np.float64)
        assert code is None or info.value.code == code


def test_a_graph_constant_holding_a_boolean_among_numbers_is_refused_on_load():
    value = {"datatype": "FP64", "shape": [2], "data": [True, 1.0]}
    doc = {"format": FORMAT, "nodes": [{"name": "c", "op": "Const", "attrs": {"value": value}}]}
    with pytest.raises(gg.GraphgateError) as info:
        gg.graph_from_dict(doc)
    assert info.value.code == "INVALID_TENSOR" and info.value.node == "c"


def _sample_graph():
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [None, 3], name="x")
        w = gg.Variable(gg.random_normal([3, 2], seed=1), name="w")
        c = gg.constant([np.nan, np.inf, -0.0], gg.float32)
        y = gg.matmul(x + c, w)[:, ::-1, None, ...]
        parts = gg.split(x, [1, -1], axis=1)
        z = gg.concat([parts[1], parts[0]], 1)
        q = gg.pad(gg.one_hot(gg.argmax(z, 1), 4), [[0, 1], [2, 0]])
        loss = gg.reduce_mean(gg.softmax_cross_entropy_with_logits(labels=z, logits=z * 2))
        up = w.assign_add(gg.ones([3, 2]))
        gg.global_variables_initializer()
    return g, [y, z, q, loss, up]


def test_graphs_round_trip_and_run_the_same():
    g, fetches = _sample_graph()
    document = strict_json(gg.graph_to_dict(g))
    assert document["format"] == FORMAT
    g2 = gg.graph_from_dict(document)
    assert gg.graph_to_dict(g2) == document
    s1, s2 = gg.Session(g), gg.Session(g2)
    s1.run("init")
    s2.run("init")
    feed = {"x": np.arange(6, dtype=np.float32).reshape(2, 3)}
    names = [t.name for t in fetches]
    for a, b in zip(s1.run(names, feed), s2.run(names, feed), strict=True):
        np.testing.assert_array_equal(a, b)
    assert [v.name for v in gg.global_variables(g2)] == ["w:0"]
    assert gg.global_variables(g2)[0].initializer.name == "w/Assign"


def test_documents_validate_against_the_published_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    g, _ = _sample_graph()
    jsonschema.validate(strict_json(gg.graph_to_dict(g)), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"format": FORMAT, "nodes": [{"name": "a:0", "op": "NoOp"}]}, schema)


def test_examples_in_the_wire_format_guide_load():
    guide = (Path(__file__).parents[3] / "docs" / "wire-format.md").read_text()
    blocks = [b.split("```", 1)[0] for b in guide.split("```json\n")[1:]]
    graphs = [json.loads(b) for b in blocks if '"format"' in b]
    assert graphs
    for document in graphs:
        gg.graph_from_dict(document)


# One value of every JSON type (and a few near misses): whatever a document puts in a
# node's fields or attributes, loading it succeeds or raises a GraphgateError.
_ANY_JSON = [None, True, 1, -1, 1.5, "x", "FP32", "NaN", 10**20, [], [1], ["a"], [None], {}]
_ANY_JSON += [[True], [[1]], {"a": 1}]


def test_any_json_in_any_attribute_or_field_is_loaded_or_refused_with_a_code():
    from graphgate.ops.registry import REGISTRY

    value = {"datatype": "FP32", "shape": [3], "data": [1, 2, 3]}
    const = {"name": "c", "op": "Const", "attrs": {"value": value}}
    cases = [
        {"name": "n", "op": op, "inputs": ["c", "c"], "attrs": {attr: v}}
        for op in sorted(REGISTRY)
        for attr in REGISTRY[op].attrs
        for v in _ANY_JSON
    ]
    cases += [
        {"name": "n", "op": "Identity", "inputs": ["c"], field: v}
        for field in ("name", "op", "inputs", "control_inputs", "attrs")
        for v in _ANY_JSON
    ]
    escaped = []
    for node in cases:
        try:
            gg.graph_from_dict({"format": FORMAT, "nodes": [const, node]})
        except gg.GraphgateError:
            pass
        except Exception as exc:  # the point: nothing else may escape
            escaped.append((node, type(exc).__name__))
    assert escaped == []


def test_a_loaded_variable_is_a_variable_bound_like_a_built_one():
    # GIVEN a trainable and a frozen variable, serialized
    with gg.Graph().as_default() as g:
        w = gg.Variable([[1.0, 2.0]], name="w")
        gg.Variable(3, trainable=False, name="n")
    doc = gg.graph_to_dict(g)
    # WHEN the document is loaded, and imported into another graph under a prefix
    loaded = gg.graph_from_dict(doc)
    with gg.Graph().as_default() as other:
        gg.import_graph_def(doc, name="p")
    # THEN each is a Variable with its initializer, initial value, trainability and the
    # collections of the original, and an import leaves collections alone (as TF's)
    lw, ln = (loaded.get_tensor_by_name(n) for n in ("w:0", "n:0"))
    assert isinstance(lw, gg.Variable) and isinstance(ln, gg.Variable)
    assert lw.static_shape == w.static_shape == (1, 2) and lw.dtype == gg.float32
    assert lw.initializer.name == "w/Assign" and lw.initializer.inputs[0] is lw
    assert lw.initial_value is lw.initializer.inputs[1]
    assert (lw.trainable, ln.trainable) == (True, False)
    assert gg.global_variables(loaded) == [lw, ln]
    assert gg.trainable_variables(loaded) == [lw]
    assert isinstance(other.get_tensor_by_name("p/w:0"), gg.Variable)
    assert other.get_collection(gg.GraphKeys.GLOBAL_VARIABLES) == []
    with gg.Session(loaded) as sess:
        sess.run(gg.variables_initializer([lw, ln]))
        np.testing.assert_array_equal(sess.run(lw), [[1.0, 2.0]])


def test_attribute_kinds_have_one_table_that_codecs_and_docs_follow():
    from graphgate import serialization
    from graphgate.ops.registry import ATTR_KINDS, REGISTRY

    assert set(serialization._ENCODERS) == set(serialization._DECODERS) == set(ATTR_KINDS)
    assert {kind for d in REGISTRY.values() for kind, _ in d.attrs.values()} <= set(ATTR_KINDS)
    guide = (Path(__file__).parents[3] / "docs" / "wire-format.md").read_text()
    assert dict(re.findall(r"^\| `([a-z]+)` \| (.+) \|$", guide, re.M)) == ATTR_KINDS


@pytest.mark.parametrize("kind", ["dtype", "int", "float", "bool", "str", "shape", "pads"])
def test_a_wrong_attribute_value_is_refused_by_its_kind(kind):
    # One op per kind, and a value no decoder of that kind accepts.
    node = {
        "dtype": ("Placeholder", "dtype", "FP99"),
        "int": ("Softmax", "axis", 1.5),
        "float": ("LeakyRelu", "alpha", "fast"),
        "bool": ("Sum", "keepdims", 1),
        "str": ("BiasAdd", "data_format", 3),
        "shape": ("Placeholder", "shape", [2, -1]),
        "pads": ("Pad", "paddings", [[1, 2, 3]]),
    }[kind]
    op, attr, value = node
    attrs = {"dtype": "FP32", attr: value} if op == "Placeholder" else {attr: value}
    doc = {"format": FORMAT, "nodes": [{"name": "n", "op": op, "attrs": attrs}]}
    with pytest.raises(gg.InvalidArgumentError) as info:
        gg.graph_from_dict(doc)
    assert info.value.code == "INVALID_ATTR"
    assert info.value.args[0].startswith(f"attribute {attr!r} of {op} must be ")


@pytest.mark.parametrize(
    "tensor",
    [
        {"datatype": "FP32", "shape": [1] * 70, "data": [1.0]},
        {"datatype": "FP32", "shape": [1] * 65, "b64": "AACAPw=="},
        {"datatype": "FP32", "shape": [0] * 70, "data": []},
        {"datatype": "BYTES", "shape": [1] * 70, "data": ["a"]},
    ],
)
def test_a_shape_of_more_dimensions_than_an_array_holds_is_refused_with_a_code(tensor):
    # numpy holds at most 64 dimensions; a deeper shape was a bare ValueError (HTTP 500).
    with pytest.raises(gg.GraphgateError) as caught:
        gg.serialization.decode_tensor(tensor)
    assert caught.value.code == "INVALID_TENSOR"
    assert "64" in caught.value.message


def test_a_shape_of_64_dimensions_still_decodes():
    value = gg.serialization.decode_tensor({"datatype": "FP32", "shape": [1] * 64, "data": [2.0]})
    assert value.shape == (1,) * 64 and value.item() == 2.0


@pytest.mark.parametrize("shape", [[2**63, 0], [2**64, 0], [0, 2**40, 2**40], [0, 2**61, 4]])
def test_an_empty_shape_no_array_can_have_is_refused_with_a_code(shape):
    # Its product is 0, within every element limit, but numpy sizes an array by its
    # non-zero dimensions: the reshape's bare ValueError was a 500 on every feed route.
    with pytest.raises(gg.GraphgateError) as caught:
        gg.serialization.decode_tensor({"datatype": "FP32", "shape": shape, "data": []})
    assert caught.value.code == "INVALID_TENSOR"
    assert caught.value.details["problem"] == "shape"


def test_an_empty_shape_an_array_can_have_still_decodes():
    value = gg.serialization.decode_tensor({"datatype": "FP32", "shape": [0, 2**40], "data": []})
    assert value.shape == (0, 2**40)


def _npy(header: str, data: bytes = b"") -> bytes:
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode() + data


@pytest.mark.parametrize(
    "blob",
    [
        _npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1099511627776, 2), }", bytes(8)),
        _npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", bytes(8)),
        _npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", b"\x80\x04N."),
        _npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,"),
        _npy("__import__('os')"),
        b"PK\x03\x04 an npz is not an npy",
        b"",
    ],
    ids=["claims-8-tib", "cut", "objects", "unclosed", "code", "zip", "empty"],
)
def test_npy_loads_refuses_a_bad_file_with_value_error_before_allocating(blob):
    with pytest.raises(ValueError):
        gg.serialization.npy_loads(blob)


def test_npy_loads_reads_what_numpy_saves():
    buffer = io.BytesIO()
    np.save(buffer, np.arange(6, dtype=">i4").reshape(2, 3))
    np.testing.assert_array_equal(
        gg.serialization.npy_loads(buffer.getvalue()), [[0, 1, 2], [3, 4, 5]]
    )


@pytest.mark.parametrize(
    ("tensor", "problem"),
    [
        ([1], "form"),
        ({"datatype": "FP32", "shape": [1], "data": [1], "extra": 1}, "form"),
        ({"datatype": "FP32", "shape": [1]}, "form"),
        ({"datatype": "FP32", "shape": [-1], "data": [1]}, "shape"),
        ({"datatype": "FP32", "shape": [1] * 65, "data": [1]}, "shape"),
        ({"datatype": "FP32", "shape": [2], "data": [1]}, "shape"),
        ({"datatype": "FP32", "shape": [2, 2], "data": [[1, 2], [3]]}, "shape"),
        ({"datatype": "FP32", "shape": [2, 2], "data": [[1, 2, 3, 4]]}, "shape"),
        ({"datatype": "FP32", "shape": [2], "b64": "AAAA"}, "shape"),
        ({"datatype": "BYTES", "shape": [2], "data": ["a"]}, "shape"),
        ({"datatype": "FP32", "shape": [1], "b64": "!!!!"}, "encoding"),
        ({"datatype": "FP32", "shape": [1], "b64": 5}, "encoding"),
        ({"datatype": "BYTES", "shape": [1], "b64": "AAAA"}, "encoding"),
        ({"datatype": "BOOL", "shape": [1], "b64": "Ag=="}, "value"),
        ({"datatype": "FP32", "shape": [2], "data": [1, True]}, "value"),
        ({"datatype": "FP32", "shape": [2], "data": [1, "x"]}, "value"),
        ({"datatype": "FP32", "shape": [2], "data": [1, None]}, "value"),
        ({"datatype": "BYTES", "shape": [1], "data": [1]}, "value"),
    ],
)
def test_an_invalid_tensor_names_its_problem(tensor, problem):
    # A caller answering each kind its own way (a prediction's INPUT_* codes) matched
    # words of the message; the error now says which it is.
    with pytest.raises(gg.GraphgateError) as info:
        gg.decode_tensor(tensor)
    assert info.value.code == "INVALID_TENSOR"
    assert info.value.details["problem"] == problem in serialization.TENSOR_PROBLEMS


@pytest.mark.parametrize("name", ["file", "allow_pickle", "args", "kwds", "x"])
def test_an_npz_member_may_have_any_name_savez_takes_as_a_keyword(name):
    # numpy.savez(file, *args, allow_pickle=True, **kwds): `file` was a TypeError, and
    # `allow_pickle` was taken for the flag and left out of the archive, without a word.
    arrays = {name: np.arange(3.0), "other": np.array([b"a", b"bc"], object)}
    loaded = serialization.npz_loads(serialization.npz_dumps(arrays))
    assert sorted(loaded) == sorted(arrays)
    np.testing.assert_array_equal(loaded[name], arrays[name])
    assert list(loaded["other"]) == [b"a", b"bc"]


def test_savez_writes_what_numpy_savez_writes(tmp_path):
    arrays = {"x": np.arange(6.0).reshape(2, 3), "y": np.zeros(4, np.int8)}
    expected = io.BytesIO()
    np.savez(expected, **arrays)
    written = io.BytesIO()
    serialization.savez(written, arrays)
    ours, numpys = (zipfile.ZipFile(b) for b in (written, expected))
    assert [(i.filename, i.compress_type) for i in ours.infolist()] == [
        (i.filename, i.compress_type) for i in numpys.infolist()
    ]
    assert all(ours.read(n) == numpys.read(n) for n in numpys.namelist())
    serialization.savez(tmp_path / "out", {"file": np.ones(2)})  # a path gets .npz, as numpy's
    assert np.load(tmp_path / "out.npz")["file"].tolist() == [1.0, 1.0]


def test_an_npz_is_read_by_its_members_own_names():
    # numpy's archive["x.npy"] is member x.npy (array x) before x.npy.npy (array x.npy):
    # variables x and x.npy, both TF names, each read x's value.
    arrays = {"x": np.array([1.0]), "x.npy": np.array([2.0]), "x.npy.npy": np.array([3.0])}
    loaded = serialization.npz_loads(serialization.npz_dumps(arrays))
    assert {name: value.tolist() for name, value in loaded.items()} == {
        "x": [1.0],
        "x.npy": [2.0],
        "x.npy.npy": [3.0],
    }


@pytest.mark.filterwarnings("ignore:Duplicate name")  # zipfile writes it all the same
@pytest.mark.parametrize("members", [["x", "x.npy"], ["x.npy", "x.npy"]])
def test_an_npz_naming_one_array_twice_is_refused_not_read_as_either(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member in members:
            with archive.open(member, "w") as out:
                np.lib.format.write_array(out, np.zeros(3, np.uint8))
    with pytest.raises(ValueError, match="two members"):
        serialization.npz_loads(buffer.getvalue())
