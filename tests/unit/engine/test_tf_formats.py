"""Files TensorFlow wrote, read by graphgate: V2 checkpoints, frozen GraphDefs, SavedModels.

The files under fixtures/tf_formats and the values in its expected.json were written by
TensorFlow 2.21's `tf.compat.v1` (tests/reference/tf_formats.py); graphgate must read
the same values and compute the same outputs.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from graphgate import tf_graph
from tests.hardening import scaled

FIXTURES = Path(__file__).parent / "fixtures" / "tf_formats"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())


def value_of(doc: dict) -> np.ndarray:
    if doc["dtype"] == "string":
        out = np.empty(len(doc["value"]), object)
        out[:] = [bytes.fromhex(v) for v in doc["value"]]
        return out.reshape(doc["shape"])
    return np.asarray(doc["value"], doc["dtype"]).reshape(doc["shape"])


def assert_same(got: np.ndarray, want: np.ndarray) -> None:
    assert got.dtype == want.dtype and got.shape == want.shape
    assert got.tolist() == want.tolist()


@pytest.fixture
def ckpt(tmp_path) -> Path:
    target = tmp_path / "ckpt"
    shutil.copytree(FIXTURES / "ckpt", target)
    return target


# -- V2 checkpoints ------------------------------------------------------------------------


def test_a_tf_checkpoint_reads_every_value_as_tf_does():
    reader = gg.train.NewCheckpointReader(str(FIXTURES / "ckpt" / "model.ckpt-20"))
    expected = EXPECTED["ckpt"]
    assert reader.get_variable_to_shape_map() == {k: v["shape"] for k, v in expected.items()}
    assert {k: v.name for k, v in reader.get_variable_to_dtype_map().items()} == EXPECTED[
        "ckpt_dtypes"
    ]
    for key, doc in expected.items():
        assert reader.has_tensor(key)
        assert_same(reader.get_tensor(key), value_of(doc))
    assert not reader.has_tensor("nope")
    with pytest.raises(gg.errors.NotFoundError) as info:
        reader.get_tensor("nope")
    assert info.value.code == "CHECKPOINT_KEY_NOT_FOUND"


def test_latest_checkpoint_list_and_load_variable_read_tfs_state_file():
    d = str(FIXTURES / "ckpt")
    assert gg.train.latest_checkpoint(d) == os.path.join(d, "model.ckpt-20")
    state = gg.train.get_checkpoint_state(d)
    assert state.all_model_checkpoint_paths == [
        os.path.join(d, "model.ckpt-10"),
        os.path.join(d, "model.ckpt-20"),
    ]
    listed = gg.train.list_variables(d)
    assert [k for k, _ in listed] == sorted(EXPECTED["ckpt"])
    assert dict(listed)["dense/kernel"] == [2, 3]
    assert gg.train.load_variable(d, "global_step") == 20
    older = gg.train.load_checkpoint(os.path.join(d, "model.ckpt-10"))
    assert older.get_tensor("global_step") == 10


def test_saver_restores_a_tf_checkpoint_into_graphgate_variables():
    g = gg.Graph()
    with g.as_default():
        with gg.variable_scope("dense"):
            kernel = gg.Variable(np.zeros((2, 3), np.float32), name="kernel")
            bias = gg.Variable(np.zeros(3, np.float32), name="bias")
        words = gg.Variable(np.array([b"", b"", b""], object), name="words")
        other = gg.Variable(np.zeros((2, 2)), name="mine")
        sess = gg.Session()
        sess.run(gg.global_variables_initializer())
        # GIVEN TF's checkpoint keys for some variables, another key for one more
        gg.train.Saver([kernel, bias, words]).restore(sess, str(FIXTURES / "ckpt/model.ckpt-20"))
        gg.train.Saver({"f64": other}).restore(sess, str(FIXTURES / "ckpt/model.ckpt-20"))
        got = sess.run([kernel, bias, words, other])
    for value, key in zip(got, ["dense/kernel", "dense/bias", "words", "f64"], strict=True):
        assert_same(np.asarray(value), value_of(EXPECTED["ckpt"][key]))


def test_restoring_a_tf_checkpoint_checks_shapes_and_dtypes():
    g = gg.Graph()
    with g.as_default():
        wrong_shape = gg.Variable(np.zeros((3, 2), np.float32), name="kernel")
        wrong_dtype = gg.Variable(np.zeros(4, np.float32), name="i32")
        sess = gg.Session()
        sess.run(gg.global_variables_initializer())
        prefix = str(FIXTURES / "ckpt/model.ckpt-20")
        with pytest.raises(gg.errors.InvalidArgumentError) as info:
            gg.train.Saver({"dense/kernel": wrong_shape}).restore(sess, prefix)
        assert info.value.code == "SHAPE_MISMATCH"
        with pytest.raises(gg.errors.InvalidArgumentError) as info:
            gg.train.Saver([wrong_dtype]).restore(sess, prefix)
        assert info.value.code == "DTYPE_MISMATCH"


def test_init_from_checkpoint_reads_a_tf_checkpoint():
    g = gg.Graph()
    with g.as_default():
        with gg.variable_scope("layer"):
            k = gg.get_variable("kernel", [2, 3])
        gg.train.init_from_checkpoint(str(FIXTURES / "ckpt"), {"dense/": "layer/"})
        sess = gg.Session()
        sess.run(gg.global_variables_initializer())
        assert_same(sess.run(k), value_of(EXPECTED["ckpt"]["dense/kernel"]))


def test_a_partitioned_variable_reads_whole_from_its_slices():
    reader = gg.train.load_checkpoint(str(FIXTURES / "parted"))
    assert reader.get_variable_to_shape_map() == EXPECTED["parted_map"]
    assert_same(reader.get_tensor("p"), value_of(EXPECTED["parted"]))


def _partitioned(prefix: str, dims: list[int], pieces: list[tuple[list, np.ndarray]]) -> None:
    """A checkpoint whose index lists tensor `p` of shape `dims` as `pieces` (bounds as
    (start, length) per dim, and each slice's value), written as TF's BundleWriter does."""
    from graphgate import protowire
    from graphgate.train import tensor_bundle as tb

    index, data = tb.bundle_files({f"s{i}": v for i, (_, v) in enumerate(pieces)})
    table = dict(tb.read_table(index, AssertionError))

    def message(number: int, fields: list[tuple[int, int]], out: bytearray) -> None:
        body = bytearray()
        for field, v in fields:
            protowire.write_varint(field << 3, body)
            protowire.write_varint(v, body)
        protowire.write_length_delimited(number, body, out)

    entry, shape = bytearray(b"\x08\x01"), bytearray()
    for d in dims:
        message(2, [(1, d)], shape)
    protowire.write_length_delimited(2, shape, entry)
    for bounds, _ in pieces:
        extents = bytearray()
        for start, length in bounds:
            message(1, [(1, start), (2, length)], extents)
        protowire.write_length_delimited(7, extents, entry)
    entries = [(b"", table[b""]), (b"p", bytes(entry))]
    entries += [(tb.slice_key("p", b), table[f"s{i}".encode()]) for i, (b, _) in enumerate(pieces)]
    Path(prefix + ".index").write_bytes(tb._table(sorted(entries)))
    Path(tb.shard_path(prefix, 0, 1)).write_bytes(data)


def test_a_partitioned_entry_claiming_a_huge_shape_is_refused_before_allocating(tmp_path):
    # GIVEN an index whose partitioned tensor claims 4 TiB, with one 1x1 slice
    prefix = str(tmp_path / "ckpt")
    _partitioned(prefix, [1 << 20, 1 << 20], [([(0, 1), (0, 1)], np.ones((1, 1), np.float32))])
    reader = gg.train.load_checkpoint(prefix)
    # WHEN it is read, THEN the slices' shortfall is named, no MemoryError escapes
    with pytest.raises(gg.GraphgateError) as info:
        reader.get_tensor("p")
    assert info.value.code == "UNIMPLEMENTED" and "do not cover it" in str(info.value)


def test_overlapping_slices_adding_up_to_the_size_are_data_loss_not_zeros(tmp_path):
    # GIVEN a [3] tensor listed as slices [0, 2) and [1, 2): three values, one gap
    prefix = str(tmp_path / "ckpt")
    one, two = np.array([1.0, 2.0], np.float32), np.array([5.0], np.float32)
    _partitioned(prefix, [3], [([(0, 2)], one), ([(1, 1)], two)])
    with pytest.raises(gg.GraphgateError) as info:
        gg.train.load_checkpoint(prefix).get_tensor("p")
    assert info.value.code == "CHECKPOINT_DATA_LOSS" and "overlap" in str(info.value)
    # and slices that tile it still read whole
    _partitioned(prefix, [3], [([(0, 2)], one), ([(2, 1)], two)])
    assert gg.train.load_checkpoint(prefix).get_tensor("p").tolist() == [1.0, 2.0, 5.0]


# TF 2.21's classes (tests/reference/tf1_fuzzckpt.py): a cut data file reads short
# (OutOfRangeError), a missing one is not found, the rest is data loss.
DAMAGE_CODES = {
    "data_byte": "CHECKPOINT_DATA_LOSS",
    "data_short": "CHECKPOINT_DATA_TRUNCATED",
    "data_missing": "CHECKPOINT_DATA_MISSING",
    "index_byte": "CHECKPOINT_DATA_LOSS",
    "index_short": "CHECKPOINT_DATA_LOSS",
}


@pytest.mark.parametrize("damage", sorted(DAMAGE_CODES))
def test_a_damaged_tf_checkpoint_is_an_error_never_a_wrong_value(ckpt, damage):
    prefix = str(ckpt / "model.ckpt-20")
    data, index = Path(prefix + ".data-00000-of-00001"), Path(prefix + ".index")
    if damage == "data_byte":
        raw = bytearray(data.read_bytes())
        raw[8001] ^= 1  # inside dense/bias, at offset 8000
        data.write_bytes(bytes(raw))
    elif damage == "data_short":
        data.write_bytes(data.read_bytes()[:100])
    elif damage == "data_missing":
        data.unlink()
    elif damage == "index_byte":
        raw = bytearray(index.read_bytes())
        raw[20] ^= 0x10
        index.write_bytes(bytes(raw))
    else:
        index.write_bytes(index.read_bytes()[-60:])
    with pytest.raises(gg.GraphgateError) as info:
        reader = gg.train.NewCheckpointReader(prefix)
        reader.get_tensor("dense/bias")
    assert info.value.code == DAMAGE_CODES[damage]
    assert prefix in str(info.value)


# -- frozen GraphDefs ------------------------------------------------------------------------


def run_frozen(name: str, graph_def: gg.GraphDef, prefix: str = "") -> np.ndarray:
    case = EXPECTED[name]
    g = gg.Graph()
    with g.as_default():
        gg.import_graph_def(graph_def, name=prefix)
        sess = gg.Session()
        feeds = {
            (prefix + "/" if prefix else "") + k: value_of(v) for k, v in case["feeds"].items()
        }
        return sess.run((prefix + "/" if prefix else "") + case["fetch"], feeds)


@pytest.mark.parametrize("name", ["mlp", "cnn", "rnn", "zoo", "zoo2", "random"])
def test_a_frozen_tf_graph_computes_what_tf_computed(name):
    # GIVEN a frozen GraphDef TF wrote (convert_variables_to_constants) and TF's outputs
    data = (FIXTURES / f"{name}.pb").read_bytes()
    graph_def = gg.GraphDef.FromString(data)
    # THEN it reads as TF's GraphDef and computes TF's numbers (to float32's last bits:
    # TF's tanh, exp and rsqrt are Eigen's approximations)
    assert {n.name for n in graph_def.node} >= {EXPECTED[name]["fetch"][:-2]}
    got = run_frozen(name, graph_def)
    want = value_of(EXPECTED[name]["value"])
    assert got.dtype == want.dtype and got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)


def test_tf1s_select_picks_rows_by_a_vector_and_routes_its_gradient():
    # TF1 graphs hold `tf.where(c, x, y)` as Select, whose vector condition picks rows
    g = gg.Graph()
    with g.as_default():
        c = gg.placeholder(gg.bool, [None])
        x = gg.placeholder(gg.float64, [None, 2])
        y = gg.placeholder(gg.float64, [None, 2])
        out = g.create_op("Select", (c, x, y), None, "Select").outputs[0]
        w = np.array([[1.0, 2.0], [3.0, 4.0]])
        gx, gy = gg.gradients(gg.reduce_sum(out * w), [x, y])
        sess = gg.Session()
        feeds = {c: [True, False], x: np.ones((2, 2)), y: np.zeros((2, 2))}
        got, dx, dy = sess.run([out, gx, gy], feeds)
        assert got.tolist() == [[1.0, 1.0], [0.0, 0.0]]
        assert dx.tolist() == [[1.0, 2.0], [0.0, 0.0]] and dy.tolist() == [[0.0, 0.0], [3.0, 4.0]]
        same = sess.run(out, {c: [True, False], x: [[1.0, 2.0]] * 2, y: [[5.0, 6.0]] * 2})
        assert same.tolist() == [[1.0, 2.0], [5.0, 6.0]]
        with pytest.raises(gg.errors.InvalidArgumentError) as info:
            sess.run(out, {c: [True, False, True], x: np.ones((2, 2)), y: np.zeros((2, 2))})
        assert info.value.code == "SHAPE_MISMATCH"


def test_parse_from_string_gfile_and_import_prefix_read_a_binary_graph_def(tmp_path):
    path = str(FIXTURES / "mlp.pb")
    graph_def = gg.GraphDef()
    with gg.gfile.GFile(path, "rb") as f:
        graph_def.ParseFromString(f.read())
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [None, 4], name="mine")
        (probs,) = gg.import_graph_def(graph_def, input_map={"x:0": x}, return_elements=["probs:0"])
        assert probs.name == "import/probs:0"
        feed = value_of(EXPECTED["mlp"]["feeds"]["x:0"])
        got = gg.Session().run(probs, {x: feed})
    np.testing.assert_allclose(got, value_of(EXPECTED["mlp"]["value"]), rtol=1e-6, atol=1e-6)
    # graphgate's own JSON GraphDef is still read the same way
    again = gg.GraphDef.FromString(g.as_graph_def().SerializeToString())
    assert {n.name for n in again.node} >= {"import/probs", "mine"}


def test_an_unsupported_tf_graph_lists_every_problem_at_once():
    with pytest.raises(ValueError) as info:
        gg.GraphDef.FromString((FIXTURES / "unsupported.pb").read_bytes())
    err = info.value
    assert err.code == "TF_GRAPH_UNSUPPORTED"
    # Training-mode batch norm's normalized output is computed (Keras' layer norm is
    # one); only its batch statistics, which this graph does not read, are not.
    problems = {(p["node"], p["op"]) for p in err.details["problems"]}
    assert problems == {("near", "ApproximateEqual"), ("counts", "Bincount")}


@pytest.mark.parametrize("cut", [1, 100, None])
def test_a_cut_graph_def_is_a_decode_error(cut):
    data = (FIXTURES / "mlp.pb").read_bytes()
    with pytest.raises(gg.errors.DecodeError) as info:
        gg.GraphDef.FromString(data[:-cut] if cut else b"\n\xff\xff\xff")
    assert info.value.code == "INVALID_PROTO"


# TF 2.21 wrote this GraphDef (one Const of 1.0 named 78 `c`s, versions cleared): its
# first node is 123 bytes long, so it opens with b"\n{", a newline and a brace.
BRACE_GRAPH_DEF = bytes.fromhex(
    "0a7b0a4e" + "63" * 78 + "1205436f6e73742a150a0576616c7565120c420a080112002a040000803f"
    "2a0b0a05647479706512023001"
)


def _parse_each_way(data: bytes) -> list:
    parsed = gg.GraphDef()
    parsed.ParseFromString(data)
    return [gg.GraphDef.FromString(data), parsed]


def test_a_binary_graph_def_opening_with_a_newline_and_a_brace_is_not_read_as_json():
    for graph_def in _parse_each_way(BRACE_GRAPH_DEF):
        with gg.Graph().as_default():
            (c,) = gg.import_graph_def(graph_def, return_elements=["c" * 78 + ":0"], name="")
            assert gg.Session().run(c) == np.float32(1.0)


@pytest.mark.parametrize("prefix", [b"\n  ", b"\r\n\t", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n"])
def test_a_json_graph_document_after_whitespace_or_a_bom_reads_as_json(prefix, tmp_path):
    g = gg.Graph()
    with g.as_default():
        gg.constant(2.5, name="c")
    data = prefix + g.as_graph_def().SerializeToString()
    for graph_def in _parse_each_way(data):
        with gg.Graph().as_default():
            (c,) = gg.import_graph_def(graph_def, return_elements=["c:0"], name="")
            assert gg.Session().run(c) == np.float32(2.5)
    # and a meta graph file the same way
    path = tmp_path / "m.meta"
    gg.train.export_meta_graph(str(path), graph=g)
    path.write_bytes(prefix + path.read_bytes())
    with gg.Graph().as_default() as h:
        gg.train.import_meta_graph(str(path))
        assert gg.Session().run(h.get_tensor_by_name("c:0")) == np.float32(2.5)


@pytest.mark.parametrize("data", [b"[1, 2]", b" \n[]", b"\xef\xbb\xbf[{}]"])
def test_a_json_array_is_an_invalid_document_not_a_corrupt_protocol_buffer(data, tmp_path):
    parsed = gg.GraphDef()
    for parse in (gg.GraphDef.FromString, parsed.ParseFromString):
        with pytest.raises(gg.errors.InvalidArgumentError) as info:
            parse(data)
        assert info.value.code == "INVALID_DOCUMENT"
    path = tmp_path / "m.meta"
    path.write_bytes(data)
    with pytest.raises(gg.errors.InvalidArgumentError) as info, gg.Graph().as_default():
        gg.train.import_meta_graph(str(path))
    assert info.value.code == "UNSUPPORTED_FORMAT"  # JSON, but not a meta graph document


# -- SavedModels -------------------------------------------------------------------------------


def test_a_saved_model_in_text_format_loads_as_tf_loads_it():
    case = EXPECTED["saved_text"]
    g = gg.Graph()
    with g.as_default():
        sess = gg.Session()
        meta = gg.saved_model.loader.load(sess, ["serve"], str(FIXTURES / "saved_text"))
        sig = meta.signature_def["serving_default"]
        got = sess.run(sig.outputs["y"].name, {sig.inputs["x"].name: value_of(case["feeds"]["x"])})
    np.testing.assert_allclose(got, value_of(case["value"]), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("export", ["saved_v1", "saved_resource"])
def test_loader_loads_a_saved_model_tensorflow_wrote(export):
    # GIVEN simple_save's export, with VariableV2 or with resource variables
    case = EXPECTED[export]
    assert case["var_op"] == {"saved_v1": "VariableV2", "saved_resource": "VarHandleOp"}[export]
    g = gg.Graph()
    with g.as_default():
        sess = gg.Session()
        # WHEN loaded as TF1 code loads it
        meta = gg.saved_model.loader.load(
            sess, [gg.saved_model.tag_constants.SERVING], str(FIXTURES / export)
        )
        sig = meta.signature_def["serving_default"]
        # THEN its signature, variables and outputs are TF's
        assert sig.method_name == "tensorflow/serving/predict"
        assert (sig.inputs["x"].name, sig.inputs["x"].dtype_name) == ("x:0", "float32")
        assert sig.outputs["y"].tensor_shape.as_list() == [-1, 2]
        assert sorted(v.op.name for v in gg.global_variables()) == ["b", "w"]
        assert not any(op.name.startswith("save/") for op in g.get_operations())
        got = sess.run(sig.outputs["y"].name, {sig.inputs["x"].name: value_of(case["feeds"]["x"])})
    np.testing.assert_allclose(got, value_of(case["value"]), rtol=1e-6, atol=1e-7)
    shown = gg.saved_model.loader.describe(FIXTURES / export)["meta_graphs"]
    assert [m["tags"] for m in shown] == [["serve"]]
    assert shown[0]["signatures"]["serving_default"]["inputs"]["x"]["shape"] == [-1, 3]
    served = gg.saved_model.loader.servable(FIXTURES / export)
    assert served["inputs"] == {"x": "x:0"} and sorted(served["variables"]) == ["b", "w"]
    with pytest.raises(RuntimeError) as info:
        gg.saved_model.loader.load(gg.Session(gg.Graph()), ["train"], str(FIXTURES / export))
    assert info.value.code == "SAVED_MODEL_TAGS_NOT_FOUND"


def test_import_meta_graph_reads_tfs_meta_file_and_its_saver_restores():
    d = FIXTURES / "ckpt"
    g = gg.Graph()
    with g.as_default():
        # GIVEN the .meta TF wrote beside its checkpoint
        saver = gg.train.import_meta_graph(str(d / "model.ckpt-20.meta"))
        sess = gg.Session()
        saver.restore(sess, gg.train.latest_checkpoint(str(d)))
        # THEN its variables are back, TF's saver ops left out, TF's trainable set kept
        assert sorted(v.op.name for v in gg.global_variables()) == sorted(EXPECTED["ckpt"])
        assert "global_step" not in {v.op.name for v in gg.trainable_variables()}
        assert not any(op.name.startswith("save/") for op in g.get_operations())
        assert sess.run(gg.train.get_global_step()) == 20
        assert_same(sess.run("dense/kernel:0"), value_of(EXPECTED["ckpt"]["dense/kernel"]))


# -- writing TF's format ---------------------------------------------------------------------------


def test_tf_format_checkpoints_are_byte_for_byte_what_tf_writes(tmp_path):
    # GIVEN the values TF saved in the fixture, in graphgate variables
    reader = gg.train.NewCheckpointReader(str(FIXTURES / "ckpt" / "model.ckpt-20"))
    g = gg.Graph()
    with g.as_default():
        variables = {
            key: gg.Variable(reader.get_tensor(key), name=key.replace("/", "_"))
            for key in reader.get_variable_to_shape_map()
        }
        sess = gg.Session()
        sess.run(gg.global_variables_initializer())
        saver = gg.train.Saver(variables, checkpoint_format="tensorflow", max_to_keep=1)
        # WHEN saved in TF's format under TF's keys
        prefix = saver.save(sess, str(tmp_path / "model.ckpt"), global_step=20)
        saver.save(sess, str(tmp_path / "model.ckpt"), global_step=21, write_meta_graph=False)
    # THEN the index and data are TF's own bytes, and max_to_keep removed the older files
    tf_prefix = FIXTURES / "ckpt" / "model.ckpt-20"
    newer = tmp_path / "model.ckpt-21"
    for suffix in (".index", ".data-00000-of-00001"):
        assert Path(f"{newer}{suffix}").read_bytes() == Path(f"{tf_prefix}{suffix}").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "checkpoint",
        "model.ckpt-21.data-00000-of-00001",
        "model.ckpt-21.index",
    ]
    assert prefix.endswith("model.ckpt-20")
    assert gg.train.latest_checkpoint(str(tmp_path)).endswith("model.ckpt-21")
    with pytest.raises(ValueError) as info:
        gg.train.Saver(variables, checkpoint_format="tf")
    assert info.value.code == "INVALID_SAVER"


# -- damaged files: an error with a code, never a crash ---------------------------------------


def _mutations(data: bytes, seed: int, count: int):
    rng = random.Random(seed)
    for _ in range(count):
        b = bytearray(data)
        for _ in range(rng.randint(1, 3)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        yield bytes(b)


def test_damaged_tf_indexes_are_graphgate_errors_or_read_whole(tmp_path):
    shutil.copy(FIXTURES / "ckpt/model.ckpt-20.data-00000-of-00001", tmp_path)
    index = (FIXTURES / "ckpt/model.ckpt-20.index").read_bytes()
    prefix = str(tmp_path / "model.ckpt-20")
    for damaged in _mutations(index, 1, scaled(150, 5000)):
        Path(prefix + ".index").write_bytes(damaged)
        try:
            reader = gg.train.NewCheckpointReader(prefix)
            values = {k: reader.get_tensor(k) for k in reader.get_variable_to_shape_map()}
        except gg.GraphgateError:
            continue
        # A flip the checksums cannot see is in a key or a field TF ignores: what reads,
        # reads TF's values.
        for key, value in values.items():
            if key in EXPECTED["ckpt"]:
                assert_same(value, value_of(EXPECTED["ckpt"][key]))


@pytest.mark.parametrize(
    "name",
    [
        "mlp.pb",
        "cnn.pb",
        "cond.pb",
        "nested_cond.pb",
        "while.pb",
        "nested_while.pb",
        "rnn_loop.pb",
        "saved_v1/saved_model.pb",
        "saved_text/saved_model.pbtxt",
        # TF 2's: function libraries, functional If/While, restore functions
        "../tf2_saved/loop/saved_model.pb",
        "../tf2_saved/cnn/saved_model.pb",
    ],
)
def test_damaged_graph_defs_are_graphgate_errors_never_crashes(name):
    from graphgate import tf_graph

    data = (FIXTURES / name).read_bytes()
    for damaged in _mutations(data, 2, scaled(100, 3000)):
        try:
            if "saved_model" in name:
                docs = [m["graph_def"] for m in tf_graph.saved_model_meta_graphs(damaged)]
            else:
                docs = [gg.GraphDef.FromString(damaged)]
            for doc in docs:
                with gg.Graph().as_default():
                    gg.import_graph_def(doc, name="")
        except gg.GraphgateError:
            pass


def test_text_protos_damaged_token_by_token_are_graphgate_errors_never_crashes():
    # Byte flips rarely make text that parses as another kind of value; tokens do.
    from graphgate import tf_graph

    data = (FIXTURES / "saved_text/saved_model.pbtxt").read_bytes()
    tokens = [b"{", b"}", b"<", b">", b":", b"[", b"]", b",", b'"', b"\\x", b"-", b"1.5"]
    tokens += [b"nan", b"#", b"\n", b"99999999999999999999", b"'", b"key", b"dim { size: -5 }"]
    tokens += [b" { } ", b": 5 ", b" 1.5 "]  # values of another kind than the field's
    rng = random.Random(2)  # its first 300 hold two that crashed the reader before
    for _ in range(scaled(300, 5000)):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            k = rng.randrange(len(damaged))
            if rng.random() < 0.4:
                del damaged[k : k + rng.randint(1, 20)]
            else:
                damaged[k:k] = rng.choice(tokens)
        try:
            for meta in tf_graph.saved_model_meta_graphs(bytes(damaged)):
                with gg.Graph().as_default():
                    gg.import_graph_def(meta["graph_def"], name="")
        except gg.GraphgateError:
            pass


@pytest.mark.parametrize(
    ("name", "meta"),
    [
        ("train", "model.ckpt-0.meta"),
        ("train", "text.meta"),
        ("train_adam", "model.ckpt-0.meta"),
        ("train_momentum", "model.ckpt-0.meta"),
        ("train_adagrad", "model.ckpt-0.meta"),
        ("train_resource_adam", "model.ckpt-0.meta"),
        ("train_resource_rmsprop", "model.ckpt-0.meta"),
    ],
)
def test_a_tf_training_graph_imports_restores_and_trains_as_tf_does(name, meta):
    # GIVEN the .meta of a graph TF built with an optimizer's minimize (GradientDescent,
    # Adam, Nesterov momentum), whose gradients sum over axes TF computes
    # (BroadcastGradientArgs); binary, or in protobuf's text format (as_text=True)
    case = EXPECTED[name]
    d = str(FIXTURES / name)
    g = gg.Graph()
    with g.as_default():
        saver = gg.train.import_meta_graph(f"{d}/{meta}")
        sess = gg.Session()
        saver.restore(sess, gg.train.latest_checkpoint(d))
        feeds = {k: value_of(v) for k, v in case["feeds"].items()}
        assert [op.name for op in gg.get_collection("train_op")] == ["train"]
        # WHEN its train op runs three times
        losses = [sess.run(["loss:0", "train"], feeds)[0] for _ in range(3)]
        after = sess.run(list(case["after"]))
    # THEN the losses and the variables are TF's
    np.testing.assert_allclose(losses, case["losses"], rtol=1e-6)
    for got, want in zip(after, case["after"].values(), strict=True):
        np.testing.assert_allclose(got, value_of(want), rtol=1e-6, atol=1e-7)


def test_a_dtype_graphgate_lacks_is_listed_and_refused_by_name_not_misread():
    reader = gg.train.load_checkpoint(str(FIXTURES / "bf16"))
    assert reader.get_variable_to_shape_map() == {"half_brain": [2], "plain": [1]}
    assert reader.get_variable_to_dtype_map()["half_brain"] is None
    assert reader.get_tensor("plain").tolist() == [3.0]
    with pytest.raises(TypeError) as info:
        reader.get_tensor("half_brain")
    assert info.value.code == "UNSUPPORTED_DTYPE" and "DT_BFLOAT16" in str(info.value)
    g = gg.Graph()
    with g.as_default():
        v = gg.Variable([0.0, 0.0], name="half_brain")
        sess = gg.Session()
        sess.run(v.initializer)
        with pytest.raises(gg.errors.InvalidArgumentError) as info:
            gg.train.Saver([v]).restore(sess, str(FIXTURES / "bf16" / "model.ckpt"))
        assert info.value.code == "DTYPE_MISMATCH" and "DT_BFLOAT16" in str(info.value)


def test_nodes_with_other_inputs_than_tfs_op_are_listed_problems():
    from graphgate import tf_graph

    nodes = [
        {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": 1}}},
        {"name": "mean", "op": "Mean", "input": ["x"]},
        {"name": "slice", "op": "StridedSlice", "input": ["x", "x", "x"]},
        {
            "name": "if",
            "op": "If",
            "input": ["x"],
            "attr": {"then_branch": {"func": {"name": "f"}}},
        },
        {"name": "call", "op": "StatefulPartitionedCall", "input": ["x"]},
    ]
    with pytest.raises(ValueError) as info:
        tf_graph.to_document(nodes)
    # Fewer inputs than TF's signature: TF's own import refuses those first.
    assert info.value.code == "TF_GRAPH_INVALID"
    assert [p["node"] for p in info.value.details["problems"]] == ["mean", "slice"]
    with pytest.raises(ValueError) as info:
        tf_graph.to_document([nodes[0], *nodes[3:]])
    problems = info.value.details["problems"]
    assert [p["node"] for p in problems] == ["if", "call"]
    assert "'f', which the graph's function library lacks" in problems[0]["reason"]
    assert "function library lacks" in problems[1]["reason"]


@pytest.mark.parametrize("dims", [[1 << 20, 1 << 20], [1 << 62, 1 << 62]])
def test_a_constant_repeating_one_value_past_2_gb_is_refused_before_it_is_allocated(dims):
    # GIVEN a Const of one float repeated over 4 TiB (or past what numpy can index): a few
    # bytes of GraphDef, as TF writes `tf.constant(1.0, shape=dims)`
    from graphgate import tf_graph

    tensor = {"dtype": 1, "tensor_shape": {"dim": [{"size": d} for d in dims]}}
    node = {"name": "c", "op": "Const", "attr": {"dtype": {"type": 1}}}
    node["attr"]["value"] = {"tensor": {**tensor, "float_val": [1.0]}}
    # WHEN it is read, THEN the problem names its size rather than a MemoryError escaping
    with pytest.raises(gg.GraphgateError) as info:
        tf_graph.to_document([node])
    (problem,) = info.value.details["problems"]
    assert (
        "repeats its 1 values" in problem["reason"] and "more than graphgate" in problem["reason"]
    )


def test_a_constant_repeating_one_value_within_2_gb_is_still_expanded():
    from graphgate import tf_graph, tf_proto

    tensor = {"dtype": 9, "tensor_shape": {"dim": [{"size": 3}, {"size": 2}]}, "int64_val": [7]}
    assert tf_proto.tensor_value(tensor, AssertionError).tolist() == [[7, 7]] * 3
    node = {"name": "c", "op": "Const", "attr": {"dtype": {"type": 9}, "value": {"tensor": tensor}}}
    assert tf_graph.to_document([node])["nodes"][0]["op"] == "Const"


def test_protobuf_text_format_reads_as_protobuf_reads_it():
    from graphgate import tf_graph, tf_proto

    text = r"""
    # a comment
    node { name: "c" op: "Const"
      attr { key: "value" value { tensor { dtype: DT_FLOAT tensor_shape { dim { size: 3 } }
        float_val: [1.5, -inf, nan] } } }
      attr { key: "dtype" value < type: DT_FLOAT > }
    }
    node { name: 's' op: "Const" unknown_field { deep { deeper: 1 } } device: "/cpu:0"
      attr { key: "value" value { tensor { dtype: DT_STRING tensor_shape { }
        string_val: "a\000\377" "\x41\"b" } } } }
    versions { producer: 27 }
    """
    graph = tf_proto.parse_text(text.encode(), tf_proto.GRAPH, tf_graph._corrupt)
    c, s = graph["node"]
    value = tf_proto.tensor_value(c["attr"]["value"]["tensor"], tf_graph._corrupt)
    assert value.dtype == np.float32 and value[0] == 1.5 and value[1] == -np.inf
    assert np.isnan(value[2]) and c["attr"]["dtype"] == {"type": 1}
    assert s["attr"]["value"]["tensor"]["string_val"] == [b'a\x00\xffA"b']
    assert s["device"] == "/cpu:0"
    for broken in ['node { name: "x"', "node { name: [1, 2", 'node { name: "\\xZZ" }', "node {{"]:
        with pytest.raises(gg.errors.DecodeError):
            tf_proto.parse_text(broken.encode(), tf_proto.GRAPH, tf_graph._corrupt)


@pytest.mark.parametrize(
    "graph",
    [
        "node: 5",  # a message given a number
        'node { name: "a" op: "Const" attr: 1.5 }',  # a map given a number
        'node { name { x: 1 } op: "NoOp" }',  # a string given a message
        'node { name: "a" op: "NoOp" input { } }',  # a list of strings given a message
    ],
)
def test_a_text_proto_giving_a_field_a_value_of_another_kind_is_a_decode_error(graph):
    # protobuf's text parser refuses these ("Expected \"{\"", "Expected string"); read on,
    # they crashed the reader (TypeError) or put a dict where a name goes
    from graphgate import tf_graph

    saved_model = f"saved_model_schema_version: 1 meta_graphs {{ graph_def {{ {graph} }} }}"
    with pytest.raises(gg.errors.DecodeError):
        tf_graph.saved_model_meta_graphs(saved_model.encode())


def test_a_sharded_tf_checkpoint_reads_each_tensor_from_its_shard(tmp_path):
    # GIVEN Saver(sharded=True) over variables on two devices: two data files
    reader = gg.train.load_checkpoint(str(FIXTURES / "sharded"))
    assert reader.get_tensor("a").tolist() == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    assert reader.get_tensor("b").tolist() == [b"x", b"yz"]
    assert reader.get_tensor("c").dtype == np.int64
    # WHEN the second shard is gone THEN its tensors are not found (TF's NotFoundError)
    # and the first's read
    shutil.copytree(FIXTURES / "sharded", tmp_path / "s")
    (tmp_path / "s" / "model.ckpt.data-00001-of-00002").unlink()
    reader = gg.train.NewCheckpointReader(str(tmp_path / "s" / "model.ckpt"))
    assert reader.get_tensor("a").tolist() == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    with pytest.raises(gg.errors.NotFoundError) as info:
        reader.get_tensor("c")
    assert info.value.code == "CHECKPOINT_DATA_MISSING"


def test_a_tf2_function_frozen_by_convert_variables_to_constants_v2_computes_tfs_outputs():
    # GIVEN a tf.function of TF 2 (GELU's Erfc, a layer norm) frozen into a GraphDef
    case = json.loads((FIXTURES / "tf2_function.json").read_text())
    graph_def = gg.GraphDef.FromString((FIXTURES / "tf2_function.pb").read_bytes())
    g = gg.Graph()
    with g.as_default():
        gg.import_graph_def(graph_def, name="")
        got = gg.Session().run(case["output"], {case["input"]: np.float32(case["feed"])})
    np.testing.assert_allclose(got, np.float32(case["value"]), rtol=1e-6, atol=1e-6)


# -- TF1 control flow ---------------------------------------------------------------------------


def test_frozen_tf1_conds_run_only_their_taken_branch_as_tf_does():
    # GIVEN a frozen graph of TF1 conds (Switch/Merge): two outputs, a dropout only when
    # training, a cond over another's result
    case = EXPECTED["cond"]
    graph_def = gg.GraphDef.FromString((FIXTURES / "cond.pb").read_bytes())
    assert {n.op for n in graph_def.node} >= {"If"}
    assert not {n.op for n in graph_def.node} & {"Switch", "Merge"}
    g = gg.Graph()
    with g.as_default():
        gg.import_graph_def(graph_def, name="")
        sess = gg.Session()
        feed = value_of(case["feed"])
        # WHEN run with each predicate, in TF's order (a dropout's draws advance only in
        # the runs that take its branch) THEN each output is TF's
        for flag in (False, True):
            for sign in (1.0, -1.0):
                got = sess.run("y:0", {"x:0": sign * feed, "training:0": flag})
                want = value_of(case["values"][f"{flag}/{sign}"])
                np.testing.assert_allclose(got, want, rtol=1e-6, err_msg=f"{flag}/{sign}")


def test_a_cond_nested_in_a_cond_branch_computes_tfs_values():
    graph_def = gg.GraphDef.FromString((FIXTURES / "nested_cond.pb").read_bytes())
    g = gg.Graph()
    with g.as_default():
        gg.import_graph_def(graph_def, name="")
        sess = gg.Session()
        for key, want in EXPECTED["nested_cond"].items():
            flag, value = key.split("/")
            assert sess.run("y:0", {"p:0": flag == "True", "x:0": float(value)}) == want, key


def test_a_frozen_tf1_while_loop_runs_as_graphgates_while():
    # GIVEN a frozen while_loop: two loop variables, an invariant, maximum_iterations
    case = EXPECTED["while"]
    graph_def = gg.GraphDef.FromString((FIXTURES / "while.pb").read_bytes())
    assert not {n.op for n in graph_def.node} & {"Enter", "Exit", "Merge", "NextIteration"}
    g = gg.Graph()
    with g.as_default():
        gg.import_graph_def(graph_def, name="")
        sess = gg.Session()
        # WHEN run for no, a few and more than the maximum iterations THEN TF's values
        for n, want in case["values"].items():
            got = sess.run("y:0", {"n:0": int(n), "x:0": value_of(case["feed"])})
            np.testing.assert_allclose(got, value_of(want), rtol=1e-6, err_msg=n)


def test_a_frozen_rnn_loop_over_tensor_arrays_computes_tfs_outputs():
    # GIVEN dynamic_rnn's loop: inputs unstacked into a TensorArray, each step read from it
    # and written to another, stacked after the loop (handles and flows, TF's way)
    case = EXPECTED["rnn_loop"]
    graph_def = gg.GraphDef.FromString((FIXTURES / "rnn_loop.pb").read_bytes())
    g = gg.Graph()
    with g.as_default():
        gg.import_graph_def(graph_def, name="")
        got = gg.Session().run("y:0", {"seq:0": value_of(case["feed"])})
        # and under limits, which check shapes from the values fed: an array of no element
        # yet (its unknown batch dim 0 at run time) takes the first write's shape
        limited = gg.Session(limits=gg.Limits(max_tensor_elements=1 << 20))
        again = limited.run("y:0", {"seq:0": value_of(case["feed"])})
    np.testing.assert_allclose(got, value_of(case["value"]), rtol=1e-6, atol=1e-6)
    assert again.tolist() == got.tolist()


def test_a_while_loop_in_a_loop_or_a_cond_imports_and_computes_tfs_values():
    # GIVEN TF1's frames nested (an inner counter in an outer one) and a loop in a branch
    nested = gg.Graph()
    with nested.as_default():
        gg.import_graph_def(
            gg.GraphDef.FromString((FIXTURES / "nested_while.pb").read_bytes()), name=""
        )
        # THEN the outer loop, run from 12 or 10, stops at once (k < 10 is false)
        assert [gg.Session().run("y:0", {"i:0": i}) for i in (12, 10)] == [12, 10]
    in_cond = gg.Graph()
    with in_cond.as_default():
        gg.import_graph_def(
            gg.GraphDef.FromString((FIXTURES / "loop_in_cond.pb").read_bytes()), name=""
        )
        # THEN the true branch counts 3 up to 10, the false one passes 3 through
        got = [gg.Session().run("y:0", {"i:0": 3, "p:0": p}) for p in (True, False)]
    assert got == [10, 3]


def test_every_problem_of_a_loop_graphgate_cannot_read_names_its_node():
    # A nested loop's frame and the cond inside it were listed with node "" (a TF1 user's
    # error line then read "cannot import:  (Enter): ...", naming nothing to look at).
    # GIVEN the nested loop with its inner NextIteration gone
    graph_def = tf_graph.decode_graph_def((FIXTURES / "nested_while.pb").read_bytes())
    nodes = [n for n in graph_def["node"] if n["name"] != "while/while/NextIteration"]
    with pytest.raises(ValueError) as info:
        tf_graph.to_document(nodes)
    problems = info.value.details["problems"]
    assert problems and all(problem["node"] for problem in problems), problems
    ops = {n["name"]: n["op"] for n in nodes}
    assert all(ops.get(problem["node"]) == problem["op"] for problem in problems), problems
    assert any("no NextIteration" in problem["reason"] for problem in problems), problems


def test_tf2s_checkpoint_state_file_with_timestamps_names_the_latest(tmp_path):
    # GIVEN the state file TF 2's CheckpointManager writes (timestamps beside the paths)
    for f in (FIXTURES / "ckpt").glob("model.ckpt-*"):
        shutil.copy(f, tmp_path)
    (tmp_path / "checkpoint").write_text(
        'model_checkpoint_path: "model.ckpt-20"\n'
        'all_model_checkpoint_paths: "model.ckpt-10"\n'
        'all_model_checkpoint_paths: "model.ckpt-20"\n'
        "all_model_checkpoint_timestamps: 1764950000.5\n"
        "all_model_checkpoint_timestamps: 1764950100.25\n"
        "last_preserved_timestamp: 1764949000.0\n"
    )
    assert gg.train.latest_checkpoint(str(tmp_path)) == str(tmp_path / "model.ckpt-20")
    assert gg.train.load_variable(str(tmp_path), "global_step") == 20


SECOND_ORDER = Path(__file__).parents[2] / "e2e" / "fixtures" / "scenarios14"


def test_a_frozen_gradient_of_a_gradient_tf_wrote_computes_tfs_hessian_vector_product():
    # GIVEN the frozen GraphDef of a TF1 regression with J v and H v, gradients of
    # gradients: TF's second gradient reads the `Shape` of the first's broadcast-undoing
    # `Sum` (to reshape for a `BroadcastTo`), and a product's gradient transposes by a
    # permutation TF computes with a `ListDiff`: the lowering once refused both
    from tests.reference import scenarios14 as journey

    want = json.loads((SECOND_ORDER / "expected.json").read_text())["grads"]
    graph = gg.Graph()
    with graph.as_default():
        pb = (SECOND_ORDER / "grads.pb").read_bytes()
        gg.import_graph_def(gg.GraphDef.FromString(pb), name="")
        # WHEN it runs
        with gg.Session() as sess:
            feeds = {f"{k}:0": v for k, v in journey.grad_feeds().items()}
            got = sess.run([f"{n}:0" for n in journey.GRAD_FETCHES], feeds)
    # THEN every derivative is TF's
    for name, value in zip(journey.GRAD_FETCHES, got, strict=True):
        np.testing.assert_allclose(value, want[name], rtol=1e-5, atol=1e-6, err_msg=name)


def test_a_gradient_sums_shape_read_for_anything_but_a_broadcast_is_still_refused():
    # GIVEN the same GraphDef with the first gradient's Sum's shape also read by an
    # Identity: the operand's shape would answer there, not the kept-dims sum's
    graph = tf_graph.decode_graph_def((SECOND_ORDER / "grads.pb").read_bytes())
    (shape,) = [n for n in graph["node"] if n["name"].endswith("sub_grad/Reshape_grad/Shape")]
    summed = shape["input"][0]
    assert summed.endswith("sub_grad/Sum")
    probe = {"name": "probe", "op": "Identity", "input": [shape["name"]], "attr": {}}
    # WHEN it is read THEN that sum is named as one graphgate cannot trace
    with pytest.raises(ValueError) as info:
        tf_graph.to_document([*graph["node"], probe])
    assert info.value.code == "TF_GRAPH_UNSUPPORTED"
    assert summed in str(info.value)
