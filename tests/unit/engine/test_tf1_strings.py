"""TF1's string tensors and string ops on graphgate, pinned to what TensorFlow computes.

`tests/reference/tf1_strings.py` holds the cases (constants, feeds, variables, data
movement, Add as concatenation, control flow, joins, as_string, to_number, length, substr,
strip/lower/upper, base64, decode_raw, reduce_join, regexes, splits), the build-time
refusals and the run-time failures; it wrote what `tf.compat.v1` computed into
`fixtures/tf1_strings.json`. Here the same code runs with `tf` bound to graphgate.
"""

from __future__ import annotations

import base64
import importlib.util
import io
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from graphgate import serialization

ROOT = Path(__file__).parents[3]
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_strings.json").read_text())
_spec = importlib.util.spec_from_file_location(
    "tf1_strings", ROOT / "tests/reference/tf1_strings.py"
)
cases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cases)


def decode(doc) -> np.ndarray:
    if doc["dtype"] == "string":
        out = np.empty(len(doc["b64"]), object)
        out[:] = [base64.b64decode(v) for v in doc["b64"]]
        return out.reshape(doc["shape"])
    data = [float(v) if isinstance(v, str) else v for v in doc["data"]]
    return np.array(data, dtype=doc["dtype"]).reshape(doc["shape"])


def _run(build):
    g = gg.Graph()
    with g.as_default():
        outs = build(gg)
        feed = outs.pop("feed", {})
        init = gg.group(gg.global_variables_initializer(), gg.tables_initializer())
    sess = gg.Session(graph=g)
    sess.run(init)
    return g, outs, feed, sess.run(outs, feed)


# Where TensorFlow's names differ for reasons outside strings.
NAMES_DIFFER = {
    # Control flow's outputs: named by the control-flow module (cond.py, while_loop).
    ("control_flow", "cond"),
    ("control_flow", "while"),
    ("string_ops_in_control_flow", "cond"),
    ("string_ops_in_control_flow", "while"),
    ("string_ops_in_control_flow", "map_fn"),
    ("entries_and_nul_bytes", "folded"),
    # batch_gather's last op: graphgate's composite ends in a GatherNd, TF's in a Reshape.
    ("comparisons_and_selection", "batch_gather"),
    ("entries_and_nul_bytes", "tensor_array"),
    ("entries_and_nul_bytes", "tensor_array_read"),
    # The reference's variables are resource variables (AssignVariableOp, an initial value
    # under `v/Initializer/`); graphgate's are TF1's reference variables.
    ("variables", "init"),
    ("variables", "v"),
}


# map_fn's static shape is graphgate's for any dtype ([None] where TF knows the length):
# its values are checked.
STATIC_DIFFERS = {("string_ops_in_control_flow", "map_fn")}


def _array(value) -> np.ndarray:
    # A string scalar is fetched as `bytes`, as TF1 fetches it.
    return np.array(value, dtype=object) if isinstance(value, bytes) else np.asarray(value)


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_case_matches_tensorflow(name):
    _, outs, _, values = _run(cases.CASES[name])
    for key, want in FIXTURE["cases"][name].items():
        t, got = outs[key], _array(values[key])
        assert t.dtype.name == want["tf_dtype"], f"{key}: dtype {t.dtype.name}"
        static = None if t.shape.ndims is None else t.shape.as_list()
        if (name, key) not in STATIC_DIFFERS:
            assert static == want["static"], f"{key}: static shape {static}"
        if (name, key) not in NAMES_DIFFER:
            assert t.op.name == want["op"], f"{key}: named {t.op.name}"
        expected = decode(want)
        assert got.shape == expected.shape, f"{key}: shape {got.shape}"
        if want["dtype"] == "string":
            assert got.dtype == object and all(type(v) is bytes for v in got.reshape(-1)), key
        else:
            assert got.dtype == expected.dtype, f"{key}: numpy dtype {got.dtype}"
        np.testing.assert_array_equal(got, expected, err_msg=f"{name}.{key}")


# A float where an int attribute belongs is TypeError in TF, INVALID_ATTR (ValueError) here.
CLASS_DIFFERS = {"as_string_of_a_float_list_attr": "ValueError"}


@pytest.mark.parametrize("name", sorted(cases.ERRORS))
def test_refused_at_build_time_as_tensorflow(name):
    want = CLASS_DIFFERS.get(name, FIXTURE["errors"][name])
    with gg.Graph().as_default(), pytest.raises(gg.GraphgateError) as info:
        cases.ERRORS[name](gg)
    assert want in [c.__name__ for c in type(info.value).__mro__], (name, info.value)


@pytest.mark.parametrize("name", sorted(cases.FAILS))
def test_fails_at_run_time_as_tensorflow(name):
    want = FIXTURE["fails"][name]
    g = gg.Graph()
    with g.as_default():
        out = cases.FAILS[name](gg)
    with pytest.raises(gg.GraphgateError) as info:
        gg.Session(g).run(out)
    assert want in [c.__name__ for c in type(info.value).__mro__], (name, info.value)


def test_the_string_dtype_is_tensorflows():
    want = FIXTURE["dtype"]
    assert gg.string.as_numpy_dtype.__name__ == want["as_numpy_dtype"]
    assert gg.string.as_datatype_enum == want["enum"]
    assert gg.string.size == want["size"]
    for key, value in {"object": object, "np_object": np.object_, "enum": 7}.items():
        assert gg.as_dtype(value).name == want["names"][key]
    assert gg.as_dtype("string") is gg.string


def test_hello_tensorflow_prints_bytes_as_tf1():
    with gg.Graph().as_default():
        hello = gg.constant("Hello, TensorFlow!")
        assert gg.Session().run(hello) == b"Hello, TensorFlow!"


# -- graphgate's own: limits, feeds, folding ------------------------------------------------


def _limited_run(build, feed_value, limit=10**6):
    g = gg.Graph()
    with g.as_default():
        s = gg.placeholder(gg.string, [], name="s")
        out = build(s)
    sess = gg.Session(g, limits=gg.Limits(max_tensor_elements=limit))
    return sess.run(out, {s: feed_value})


GROWING = {
    "add_doubling_in_a_loop": lambda s: gg.while_loop(
        lambda i, x: i < 40, lambda i, x: (i + 1, x + x), [0, s]
    )[1],
    "reduce_join_of_a_tiled_string": lambda s: gg.reduce_join(gg.tile(gg.reshape(s, [1]), [10**5])),
    "string_join_broadcast": lambda s: gg.string_join([gg.tile(gg.reshape(s, [1]), [10**5]), s]),
    "regex_rewrite_at_every_position": lambda s: gg.regex_replace(s, "", "0123456789"),
    "as_string_width": lambda s: gg.as_string(gg.strings.length(s), width=2 * 10**6),
    # Round 17: a precision, or 1e308's 309 digits in fixed notation, wrote unchecked
    "as_string_precision": lambda s: gg.as_string(
        gg.cast(gg.strings.length(s), gg.float32), precision=2 * 10**6
    ),
    "as_string_digits_of_a_large_float": lambda s: gg.as_string(
        gg.fill([10**4], gg.cast(gg.strings.length(s), gg.float64) * 1e300)
    ),
    "base64_of_a_tiled_string": lambda s: gg.io.encode_base64(gg.tile(gg.reshape(s, [1]), [10**4])),
}


@pytest.mark.parametrize("name", sorted(GROWING))
def test_a_string_growing_past_the_limits_is_refused_before_it_is_made(name):
    # A string's bytes count against max_tensor_elements: a string doubled in a loop or
    # joined across a tiled tensor stops at the limit instead of exhausting memory.
    with pytest.raises(gg.GraphgateError) as info:
        _limited_run(GROWING[name], "a" * 200_000)
    assert info.value.code == "TENSOR_TOO_LARGE"


def test_strings_within_the_limits_run():
    out = _limited_run(lambda s: gg.regex_replace(s + s, "a", "bb"), "aba")
    assert out == b"bbbbbbbbbb"


def test_numbers_written_within_the_limits_run():
    out = _limited_run(
        lambda s: gg.as_string(gg.fill([10], gg.constant(1e300, gg.float64)), precision=50),
        "a",
        10**4,
    )
    assert out.tolist() == [b"%.50f" % 1e300] * 10

    def complex_(s):
        return gg.as_string(gg.complex(gg.fill([3], -2.5e6), gg.fill([3], 7.0)), precision=3)

    out = _limited_run(complex_, "a", 100)
    assert out.tolist() == [b"(-2500000.000,7.000)"] * 3


def test_string_feeds_count_their_bytes_against_the_feed_limit():
    g = gg.Graph()
    with g.as_default():
        s = gg.placeholder(gg.string, [None], name="s")
        out = gg.identity(s)
    sess = gg.Session(g, limits=gg.Limits(max_feed_bytes=1000))
    assert sess.run(out, {s: ["a" * 400]}).tolist() == [b"a" * 400]
    with pytest.raises(gg.GraphgateError) as info:
        sess.run(out, {s: ["a" * 600, "b" * 600]})
    assert info.value.code == "FEED_TOO_LARGE"


@pytest.mark.parametrize(
    "value",
    [[1, 2], np.array([1.0]), [["a"], ["b", "c"]], [None]],
    ids=["ints", "floats", "ragged", "none"],
)
def test_a_string_placeholder_fed_something_else_is_refused(value):
    g = gg.Graph()
    with g.as_default():
        s = gg.placeholder(gg.string, None, name="s")
        out = gg.identity(s)
    with pytest.raises(gg.GraphgateError) as info:
        gg.Session(g).run(out, {s: value})
    assert info.value.code == "FEED_DTYPE_MISMATCH"


def test_equal_string_constants_merge_by_content_and_different_ones_never_do():
    # Constants merge by value; an object array's raw bytes are pointers, so strings are
    # keyed by what they hold: equal strings held by different objects merge, and the
    # key never confuses two different strings.
    g = gg.Graph()
    with g.as_default():
        a = gg.constant([b"x" + b"y"])
        b = gg.constant([b"xy"])
        c = gg.constant(["xz"])
        outs = [a + b, a + c]
    assert [v.tolist() for v in gg.Session(g).run(outs)] == [[b"xyxy"], [b"xyxz"]]


def test_string_variable_assign_and_string_dtype_names():
    g = gg.Graph()
    with g.as_default():
        v = gg.Variable(["a", "b"], name="v")
        up = v.assign(gg.constant(["c", "d"]))
        assert v.dtype.base_dtype == gg.string and v.dtype.name == "string"
        assert gg.as_dtype(gg.string) is gg.string
        assert gg.string != gg.float32
    sess = gg.Session(g)
    sess.run(gg.variables_initializer([v]))
    assert sess.run(up).tolist() == [b"c", b"d"]


def test_variant_and_resource_are_not_strings():
    from graphgate.ops.dataset_ops import resource, variant

    assert variant != gg.string and resource != gg.string and variant != resource
    assert gg.string == np.dtype(object)


def test_tf_print_quotes_string_entries_as_tensorflow(caplog):
    g = gg.Graph()
    with g.as_default():
        op = gg.print(gg.constant([["a", "b"], ["c", "d"]]), "hey", gg.constant("q"))
    with caplog.at_level("INFO", logger="graphgate.tf.print"):
        gg.Session(g).run(op)
    assert [r.getMessage() for r in caplog.records] == ['[["a" "b"]\n ["c" "d"]] hey "q"']


def test_tf_print_writes_tensors_as_tensorflow(caplog):
    # What TF's tf.print wrote for these (to an output_stream file): %g at the fewest
    # digits that read back, no padding, `summarize` entries at each end.
    g = gg.Graph()
    with g.as_default():
        x = gg.constant([1.5, 123456.7, 1e-7, np.nan])
        ops = [
            gg.print(x, gg.range(10)),
            gg.print(gg.constant([1, 22]), gg.constant([["a", "b"]]), summarize=1),
            gg.print(gg.constant([0.1, 1 / 3], gg.float64)),
        ]
    with caplog.at_level("INFO", logger="graphgate.tf.print"):
        for op in ops:
            gg.Session(g).run(op)
    assert [r.getMessage() for r in caplog.records] == [
        "[1.5 123456.703 1e-07 nan] [0 1 2 ... 7 8 9]",
        '[1 22] [["a" "b"]]',
        "[0.1 0.33333333333333331]",
    ]


@pytest.mark.parametrize(
    "pattern",
    [
        "a(?i)b",
        "(?x)a",
        "(?i)é",
        "a*+",
        "[[:^alpha:]]",
        "[[:letter:]]",
        r"(a)\1",
        r"\pL",
        r"[\Qa\E]",
        "(?=a)",
        r"[\S]",
    ],
)
def test_a_pattern_python_would_read_differently_is_refused(pattern):
    with gg.Graph().as_default(), pytest.raises(gg.GraphgateError) as info:
        gg.strings.regex_replace(gg.constant("a"), pattern, "b")
    assert info.value.code == "INVALID_ATTR"


def test_case_insensitive_regexes_on_text_that_is_not_ascii_fail_rather_than_guess():
    # RE2 folds case by Unicode's tables ("k" matches the Kelvin sign), Python's re in
    # ASCII mode by ASCII's: graphgate runs (?i) on ASCII text only.
    g = gg.Graph()
    with g.as_default():
        s = gg.placeholder(gg.string, [None])
        out = gg.strings.regex_replace(s, "(?i)k", "_")
    sess = gg.Session(g)
    assert sess.run(out, {s: ["Kk"]}).tolist() == [b"__"]
    with pytest.raises(gg.GraphgateError) as info:
        sess.run(out, {s: ["\u212a"]})
    assert info.value.code == "COMPUTE_ERROR"


def test_a_replacement_in_strings_that_are_not_utf8_fails_rather_than_guess():
    g = gg.Graph()
    with g.as_default():
        out = gg.strings.regex_replace(gg.constant(b"a\xffb"), "b", "c")
    with pytest.raises(gg.GraphgateError) as info:
        gg.Session(g).run(out)
    assert info.value.code == "COMPUTE_ERROR"


def test_a_string_that_is_not_utf8_never_matches_in_full():
    # RE2 (UTF-8 mode) matches valid UTF-8 only: TF 2.21 answers False for each of these.
    g = gg.Graph()
    with g.as_default():
        x = gg.constant([b"\xff", b"a\xffb", b"\xe2\x82", b"ab"])
        outs = [gg.strings.regex_full_match(x, p) for p in (".*", "(?s).*", "[^a]*", "a.*")]
    got = gg.Session(g).run(outs)
    assert [v.tolist() for v in got] == [
        [False, False, False, True],
        [False, False, False, True],
        [False, False, False, False],
        [False, False, False, True],
    ]


# -- the wire format ------------------------------------------------------------------------


def _json_round_trip(g, outs, feed, b64_over=None):
    document = json.loads(json.dumps(gg.graph_to_dict(g, b64_over=b64_over), allow_nan=False))
    g2 = gg.graph_from_dict(document)
    assert gg.graph_to_dict(g2, b64_over=b64_over) == document
    names = {k: t.name for k, t in outs.items() if isinstance(t, gg.Tensor)}
    fed = {f"{t.op.name}:0": v for t, v in feed.items()}
    sess = gg.Session(g2)
    # A document keeps no collections: the tables' initializers are run by type.
    sess.run([op for op in g2.get_operations() if op.type == "LookupTableImportV2"])
    return document, sess.run(names, fed)


@pytest.mark.parametrize("name", sorted(set(cases.CASES) - {"variables"}))
@pytest.mark.parametrize("b64_over", [None, 0])
def test_case_round_trips_the_graph_format(name, b64_over):
    if name in ("as_string", "strings_format") and b64_over is None:
        pytest.skip("number lists write every NaN as the canonical NaN: -nan prints as nan")
    g, outs, feed, values = _run(cases.CASES[name])
    document, again = _json_round_trip(g, outs, feed, b64_over)
    jsonschema = pytest.importorskip("jsonschema")
    schema = Path(gg.__file__).parent / "schema" / "graph.schema.json"
    jsonschema.validate(document, json.loads(schema.read_text()))
    for key, value in again.items():
        np.testing.assert_array_equal(_array(value), _array(values[key]), err_msg=key)


BYTES_TENSORS = {
    "text": (["a", "é"], {"datatype": "BYTES", "shape": [2], "data": ["a", "é"]}),
    "binary": (
        [[b"\xff\x00"], [b""]],
        {"datatype": "BYTES", "shape": [2, 1], "data": [{"b64": "/wA="}, ""]},
    ),
    "scalar": (b"x", {"datatype": "BYTES", "shape": [], "data": ["x"]}),
}


@pytest.mark.parametrize("name", sorted(BYTES_TENSORS))
def test_a_string_tensor_is_bytes_on_the_wire(name):
    # UTF-8 entries as text, others as {"b64": ...} (TF Serving's REST convention); the
    # tensor-wide b64 is Triton's raw BYTES layout (4-byte little-endian length, bytes).
    value, wire = BYTES_TENSORS[name]
    array = gg.constant(value).op.attrs["value"]
    assert gg.encode_tensor(array) == wire
    np.testing.assert_array_equal(gg.decode_tensor(wire), array)
    packed = gg.encode_tensor(array, b64=True)
    raw = base64.b64decode(packed["b64"])
    assert raw == b"".join(len(v).to_bytes(4, "little") + v for v in array.reshape(-1))
    np.testing.assert_array_equal(gg.decode_tensor(packed), array)


@pytest.mark.parametrize(
    "wire",
    [
        {"datatype": "BYTES", "shape": [2], "data": ["a", 1]},
        {"datatype": "BYTES", "shape": [2], "data": ["a"]},
        {"datatype": "BYTES", "shape": [1], "data": [{"b64": "a", "x": 1}]},
        {"datatype": "BYTES", "shape": [1], "data": [{"b64": "***"}]},
        {"datatype": "BYTES", "shape": [1], "b64": "AAAA"},
        {"datatype": "BYTES", "shape": [10**12], "b64": "AAAAAA=="},
        {"datatype": "BYTES", "shape": [1], "b64": base64.b64encode(b"\x01\0\0\0ab").decode()},
        {"datatype": "INT32", "shape": [1], "data": ["a"]},
    ],
)
def test_a_malformed_bytes_tensor_is_refused_with_a_code(wire):
    with pytest.raises(gg.GraphgateError) as info:
        gg.decode_tensor(wire)
    assert info.value.code == "INVALID_TENSOR"


def test_a_string_variable_is_saved_and_restored(tmp_path):
    g = gg.Graph()
    with g.as_default():
        v = gg.Variable(["a", b"\xff"], name="v")
        up = v.assign(["q", b"\x00r"])
        saver = gg.train.Saver()
    sess = gg.Session(g)
    sess.run(gg.variables_initializer([v]))
    sess.run(up)
    path = saver.save(sess, str(tmp_path / "m"))
    again = gg.Session(g)
    saver.restore(again, path)
    assert again.run(v).tolist() == [b"q", b"\x00r"]


def test_string_constants_count_their_bytes_against_the_constant_limit():
    g = gg.Graph()
    with g.as_default():
        gg.constant(["a" * 600, "b" * 600])
    document = gg.graph_to_dict(g)
    with pytest.raises(gg.GraphgateError) as info:
        gg.graph_from_dict(document, limits=gg.Limits(max_constant_bytes=1000))
    assert info.value.code == "CONSTANTS_TOO_LARGE"


def test_onnx_export_refuses_every_node_computing_on_strings_by_name():
    # ONNX's STRING feeds and constants are written (test_export_fuzzed.py moves strings
    # through Reshape, Concat...); opset 17's Equal takes no strings.
    pytest.importorskip("onnx")
    g = gg.Graph()
    with g.as_default():
        p = gg.placeholder(gg.string, [None], name="p")
        gg.equal(p, gg.constant(["a"], name="c"), name="e")
    with pytest.raises(gg.GraphgateError) as info:
        gg.export_onnx(g, ["e:0"], ["p:0"])
    assert info.value.code == "ONNX_UNSUPPORTED"
    assert [p["node"] for p in info.value.details["problems"]] == ["e"]


# -- lookup tables: graphgate's own -----------------------------------------------------------


def test_a_tables_contents_belong_to_its_session():
    g = gg.Graph()
    with g.as_default():
        init = gg.lookup.KeyValueTensorInitializer(["a", "b"], gg.constant([1, 2], gg.int64))
        found = gg.lookup.StaticHashTable(init, -1).lookup(gg.constant(["b", "c"]))
        init_all = gg.tables_initializer()
    first, second = gg.Session(g), gg.Session(g)
    first.run(init_all)
    assert first.run(found).tolist() == [2, -1]
    with pytest.raises(gg.errors.FailedPreconditionError) as info:
        second.run(found)
    assert info.value.code == "TABLE_NOT_INITIALIZED"
    first.run(init_all)  # importing the same contents again is allowed, as TF's
    assert first.run(found).tolist() == [2, -1]


def test_a_host_fills_only_the_tables_whose_vocabulary_needs_no_feed():
    from graphgate.ops import lookup_ops

    g = gg.Graph()
    with g.as_default():
        fixed = gg.contrib.lookup.index_table_from_tensor(["x", "y"])
        fed = gg.contrib.lookup.index_table_from_tensor(gg.placeholder(gg.string, [2]))
    assert lookup_ops.table_initializers(g) == [fixed.initializer]
    assert fed.initializer not in lookup_ops.table_initializers(g)


def test_npz_archives_carry_strings_without_pickle():
    empty = np.array(b"", dtype=object)
    arrays = {"s": np.array([[b"a", b"\xff\x00"]], object), "x": np.arange(3), "e": empty}
    back = serialization.npz_loads(serialization.npz_dumps(arrays))
    assert back["s"].tolist() == [[b"a", b"\xff\x00"]] and back["s"].dtype == object
    assert back["e"].shape == () and back["e"][()] == b""
    np.testing.assert_array_equal(back["x"], np.arange(3))
    with np.load(io.BytesIO(serialization.npz_dumps(arrays)), allow_pickle=False) as raw:
        assert sorted(raw.files) == ["e:BYTES", "s:BYTES", "x"]
    cut = {"s:BYTES": np.frombuffer(np.array([2, 1], "<i8").tobytes(), np.uint8)}
    buffer = io.BytesIO()
    np.savez(buffer, **cut)
    with pytest.raises(ValueError):
        serialization.npz_loads(buffer.getvalue())


def test_tf1_contrib_lookup_spellings():
    # TF1's contrib names the vocabulary `mapping` and has the one-call helpers.
    lk = gg.contrib.lookup
    g = gg.Graph()
    with g.as_default():
        ids = lk.string_to_index(gg.constant(["b", "z"]), mapping=gg.constant(["a", "b"]))
        words = lk.index_to_string(gg.constant([1, 7], gg.int64), mapping=["a", "b"])
        table = lk.index_table_from_tensor(
            mapping=["x"], hasher_spec=lk.FastHashSpec, num_oov_buckets=1
        )
        oov = table.lookup(gg.constant(["x", "q"]))
        init = gg.initialize_all_tables()
    sess = gg.Session(g)
    sess.run(init)
    assert [v.tolist() for v in sess.run([ids, words, oov])] == [[1, -1], [b"b", b"UNK"], [0, 1]]


def test_a_queue_of_strings_keeps_their_nul_bytes():
    g = gg.Graph()
    with g.as_default():
        q = gg.FIFOQueue(4, [gg.string], shapes=[[]])
        put = q.enqueue_many([["a", b"b\x00"]])
        one, both = q.dequeue(), q.dequeue_many(2)
    sess = gg.Session(g)
    sess.run(put)
    assert [sess.run(one), sess.run(one)] == [b"a", b"b\x00"]
    sess.run(put)
    assert sess.run(both).tolist() == [b"a", b"b\x00"]
