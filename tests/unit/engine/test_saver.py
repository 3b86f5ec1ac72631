"""Checkpoints, graph definitions and meta graphs, pinned to what TensorFlow 1.x does.

The TF behaviour quoted here was observed with tensorflow-cpu's `tf.compat.v1` (file names,
the `checkpoint` file, which checkpoints `max_to_keep` leaves, the error classes)."""

from __future__ import annotations

import json
import os
import re

import numpy as np
import pytest

import graphgate as gg


def model(graph):
    with graph.as_default():
        w = gg.Variable([1.0, 2.0], name="w")
        b = gg.Variable(3.0, name="b")
    return w, b


def initialized(graph):
    sess = gg.Session(graph)
    with graph.as_default():
        sess.run(gg.global_variables_initializer())
    return sess


def test_save_and_restore_round_trip_with_tf_paths(tmp_path):
    g = gg.Graph()
    w, b = model(g)
    with g.as_default():
        saver = gg.train.Saver()
        step = gg.train.get_or_create_global_step()
    sess = initialized(g)
    sess.run(gg.assign(step, 42))
    # GIVEN values saved at a global step given as a variable
    path = saver.save(sess, str(tmp_path / "model.ckpt"), global_step=step)
    assert path == str(tmp_path / "model.ckpt-42")
    files = sorted(os.listdir(tmp_path))
    assert files[0] == "checkpoint" and files[2:] == ["model.ckpt-42.index", "model.ckpt-42.meta"]
    assert re.fullmatch(r"model\.ckpt-42\.data-[0-9a-f]{8}\.npz", files[1])
    # WHEN they change and the checkpoint is restored THEN they are back, bit for bit
    sess.run([gg.assign(w, [5.0, 6.0]), gg.assign(b, -1.0)])
    saver.restore(sess, gg.train.latest_checkpoint(str(tmp_path)))
    assert sess.run(w).tolist() == [1.0, 2.0] and sess.run(b) == 3.0
    assert sess.run(w).dtype == np.float32
    assert not [f for f in os.listdir(tmp_path) if ".tmp" in f]


def test_max_to_keep_deletes_as_tf_does_and_the_state_file_is_tfs(tmp_path):
    g = gg.Graph()
    model(g)
    with g.as_default():
        saver = gg.train.Saver(max_to_keep=2)
    sess = initialized(g)
    prefix = str(tmp_path / "model.ckpt")
    paths = [saver.save(sess, prefix, global_step=i) for i in range(4)]
    assert paths == [f"{prefix}-{i}" for i in range(4)]
    assert saver.save(sess, prefix, global_step=np.int64(3)) == f"{prefix}-3"
    assert saver.save(sess, prefix) == prefix
    assert saver.save(sess, prefix) == prefix  # over itself: its old data file goes
    # TF leaves model.ckpt-3 and model.ckpt (and their .index/.meta) and this state file
    assert saver.last_checkpoints == [f"{prefix}-3", prefix]
    assert sorted(f for f in os.listdir(tmp_path) if not f.endswith(".npz")) == [
        "checkpoint",
        "model.ckpt-3.index",
        "model.ckpt-3.meta",
        "model.ckpt.index",
        "model.ckpt.meta",
    ]
    assert len([f for f in os.listdir(tmp_path) if f.endswith(".npz")]) == 2
    assert (tmp_path / "checkpoint").read_text() == (
        f'model_checkpoint_path: "{prefix}"\n'
        f'all_model_checkpoint_paths: "{prefix}-3"\n'
        f'all_model_checkpoint_paths: "{prefix}"\n'
    )
    state = gg.train.get_checkpoint_state(str(tmp_path))
    assert state.all_model_checkpoint_paths == [f"{prefix}-3", prefix]
    assert gg.train.latest_checkpoint(str(tmp_path)) == prefix
    assert gg.train.latest_checkpoint(str(tmp_path / "nope")) is None


@pytest.mark.parametrize(
    "text", [b'model_checkpoint_path: "m\xff"\n', b"\xcf\x80\xc0", b'model_checkpoint_path "m"\n']
)
def test_a_damaged_checkpoint_state_file_is_invalid_checkpoint(tmp_path, text):
    # One not in UTF-8 was a bare UnicodeDecodeError, a traceback from `latest_checkpoint`.
    (tmp_path / "checkpoint").write_bytes(text)
    for read in (gg.train.get_checkpoint_state, gg.train.latest_checkpoint):
        with pytest.raises(gg.GraphgateError) as info:
            read(str(tmp_path))
        assert info.value.code == "INVALID_CHECKPOINT"


def test_relative_save_paths_are_recorded_relative_to_the_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.mkdir("ckpts")
    g = gg.Graph()
    model(g)
    with g.as_default():
        saver = gg.train.Saver()
    saver.save(initialized(g), "ckpts/model", global_step=1)
    assert (tmp_path / "ckpts" / "checkpoint").read_text().splitlines()[0] == (
        'model_checkpoint_path: "model-1"'
    )
    assert gg.train.latest_checkpoint("ckpts") == os.path.join("ckpts", "model-1")


def test_keep_checkpoint_every_n_hours_preserves_old_checkpoints(tmp_path):
    g = gg.Graph()
    model(g)
    with g.as_default():
        saver = gg.train.Saver(max_to_keep=1, keep_checkpoint_every_n_hours=1e-9)
    sess = initialized(g)
    for i in range(3):
        saver.save(sess, str(tmp_path / "m"), global_step=i)
    assert saver.last_checkpoints == [str(tmp_path / "m-2")]
    assert all(gg.train.checkpoint_exists(str(tmp_path / f"m-{i}")) for i in range(3))


def test_var_list_as_a_dict_maps_checkpoint_keys_to_other_variables(tmp_path):
    g = gg.Graph()
    w, _ = model(g)
    with g.as_default():
        saver = gg.train.Saver({"weights": w})
    path = saver.save(initialized(g), str(tmp_path / "m"), write_meta_graph=False)
    assert gg.train.list_variables(path) == [("weights", [2])]
    other = gg.Graph()
    with other.as_default():
        v = gg.Variable([0.0, 0.0], name="v")
        restorer = gg.train.Saver({"weights": v})
    sess = gg.Session(other)
    restorer.restore(sess, path)
    assert sess.run(v).tolist() == [1.0, 2.0]
    assert gg.train.load_variable(str(tmp_path), "weights").tolist() == [1.0, 2.0]
    reader = gg.train.NewCheckpointReader(path)
    assert reader.has_tensor("weights") and reader.get_variable_to_shape_map() == {"weights": [2]}


def test_restore_errors_are_tfs_classes_and_assign_nothing(tmp_path):
    g = gg.Graph()
    model(g)
    with g.as_default():
        path = gg.train.Saver().save(initialized(g), str(tmp_path / "m"))
    # A variable the checkpoint lacks: NotFoundError, as TF
    g2 = gg.Graph()
    with g2.as_default():
        w = gg.Variable([7.0, 7.0], name="w")
        c = gg.Variable(3.0, name="c")
        saver = gg.train.Saver([w, c])
    sess = initialized(g2)
    with pytest.raises(gg.NotFoundError) as info:
        saver.restore(sess, path)
    assert info.value.code == "CHECKPOINT_KEY_NOT_FOUND" and info.value.node == "c"
    assert "Key c not found in checkpoint" in info.value.message
    assert sess.run(w).tolist() == [7.0, 7.0]  # w was not restored either
    # A shape that does not fit: InvalidArgumentError, as TF
    g3 = gg.Graph()
    with g3.as_default():
        gg.Variable([1.0, 2.0, 3.0], name="w")
        saver = gg.train.Saver()
    with pytest.raises(gg.InvalidArgumentError) as info:
        saver.restore(gg.Session(g3), path)
    assert info.value.code == "SHAPE_MISMATCH"
    assert "lhs shape= [3] rhs shape= [2]" in str(info.value)
    # A dtype that does not fit
    g4 = gg.Graph()
    with g4.as_default():
        gg.Variable(np.array([1.0, 2.0]), name="w")
        saver = gg.train.Saver()
    with pytest.raises(gg.InvalidArgumentError) as info:
        saver.restore(gg.Session(g4), path)
    assert info.value.code == "DTYPE_MISMATCH"
    # Not a checkpoint, or None: ValueError in TF; a NotFoundError with a code here too
    for bad in (str(tmp_path / "nothere"), None):
        with pytest.raises(ValueError) as info:
            saver.restore(gg.Session(g4), bad)
        assert isinstance(info.value, gg.NotFoundError)
        assert info.value.code == "CHECKPOINT_NOT_FOUND"


def test_saving_needs_initialized_variables_and_makes_missing_directories(tmp_path):
    g = gg.Graph()
    model(g)
    with g.as_default():
        saver = gg.train.Saver()
    with pytest.raises(gg.FailedPreconditionError) as info:
        saver.save(gg.Session(g), str(tmp_path / "m"))
    assert info.value.code == "UNINITIALIZED_VARIABLE"
    path = saver.save(initialized(g), str(tmp_path / "missing" / "m"))
    assert gg.train.latest_checkpoint(str(tmp_path / "missing")) == path


def test_saver_arguments_are_checked():
    with gg.Graph().as_default(), pytest.raises(ValueError) as info:  # TF's class
        gg.train.Saver()
    assert info.value.code == "INVALID_SAVER" and isinstance(info.value, gg.InvalidArgumentError)
    g = gg.Graph()
    w, _ = model(g)
    with g.as_default():
        with pytest.raises(gg.InvalidArgumentError):
            gg.train.Saver([w, w])
        with pytest.raises(gg.InvalidArgumentError):
            gg.train.Saver([w + 1.0])
        assert gg.train.Saver(allow_empty=True, var_list=[]).save(None, "unused") is None


def test_a_corrupt_checkpoint_is_reported_not_half_restored(tmp_path):
    g = gg.Graph()
    w, _ = model(g)
    with g.as_default():
        saver = gg.train.Saver()
    sess = initialized(g)
    path = saver.save(sess, str(tmp_path / "m"))
    index = json.loads((tmp_path / "m.index").read_text())
    assert index["format"] == "graphgate.checkpoint/v1" and index["data"].startswith("m.data-")
    data = tmp_path / index["data"]
    sess.run(gg.assign(w, [9.0, 9.0]))
    # A data file replaced by another valid archive of the same shapes is caught too
    np.savez(data, t0=np.float32([5.0, 5.0]), t1=np.float32(5.0))
    for damaged in (data.read_bytes(), b"not an archive", None):
        if damaged is None:
            data.unlink()
        else:
            data.write_bytes(damaged)
        with pytest.raises(gg.InvalidArgumentError) as info:
            saver.restore(sess, path)
        assert info.value.code == "INVALID_CHECKPOINT"
        assert sess.run(w).tolist() == [9.0, 9.0]


# -- graph definitions and meta graphs -----------------------------------------------------


def small_graph():
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        w = gg.Variable([[1.0], [2.0]], name="w")
        y = gg.matmul(x, w, name="y")
        gg.reduce_sum(y, name="loss")
    return g


def test_as_graph_def_reads_as_tfs_and_round_trips_as_bytes():
    gd = small_graph().as_graph_def()
    names = [n.name for n in gd.node]
    assert names[0] == "x" and "y" in names and gd.node[names.index("y")].input == ["x", "w"]
    again = gg.GraphDef.FromString(gd.SerializeToString())
    assert again == gd
    assert gg.graph_to_dict(gg.graph_from_dict(again)) == gd


def test_import_graph_def_prefixes_maps_inputs_and_returns_elements():
    gd = small_graph().as_graph_def()
    g = gg.Graph()
    with g.as_default():
        z = gg.placeholder(gg.float32, [None, 2], name="z")
        y, loss = gg.import_graph_def(
            gd, input_map={"x:0": z * 2.0}, return_elements=["y:0", "loss"]
        )
        (y2,) = gg.import_graph_def(gd, input_map={"x": z}, return_elements=["y:0"])
        assert gg.import_graph_def(gd, name="") is None
    assert y.name == "import/y:0" and isinstance(loss, gg.Operation) and loss.name == "import/loss"
    assert y2.name == "import_1/y:0" and g.get_tensor_by_name("x:0").op.type == "Placeholder"
    # As in TF, imported variables join no collection; their initializers are there to run
    assert gg.global_variables(g) == []
    sess = gg.Session(g)
    sess.run([g.get_tensor_by_name(f"{p}w:0").initializer for p in ("import/", "import_1/", "")])
    assert sess.run([y, y2], {z: [[1.0, 1.0]]}) == [[[6.0]], [[3.0]]]


def test_import_graph_def_errors_leave_the_graph_as_it_was():
    gd = small_graph().as_graph_def()
    g = gg.Graph()
    with g.as_default():
        gg.constant(1.0, name="x")
        before = g.version
        with pytest.raises(ValueError) as info:  # TF's class
            gg.import_graph_def(gd, input_map={"nope:0": gg.constant(0.0)})
        assert info.value.code == "UNKNOWN_INPUT"
        with pytest.raises(ValueError) as info:
            gg.import_graph_def(gd, return_elements=["nope:0"])
        assert info.value.code == "UNKNOWN_FETCH" and isinstance(info.value, gg.NotFoundError)
        with pytest.raises(gg.InvalidArgumentError) as info:
            gg.import_graph_def(gd, name="")
        assert info.value.code == "DUPLICATE_NAME" and info.value.node == "x"
    assert g.version == before + 1  # only the input_map's constant


def test_meta_graph_brings_back_graph_collections_and_saver(tmp_path):
    g = small_graph()
    with g.as_default():
        x, w = g.get_tensor_by_name("x:0"), g.get_tensor_by_name("w:0")
        loss = g.get_tensor_by_name("loss:0")
        # minimize lists its op in TRAIN_OP itself, as TF1's does
        train = gg.train.GradientDescentOptimizer(0.1).minimize(loss)
        g.add_to_collection("hparams", 0.1)
        saver = gg.train.Saver()
    sess = initialized(g)
    sess.run(train, {x: [[1.0, 1.0]]})
    path = saver.save(sess, str(tmp_path / "m"), global_step=1)
    trained = sess.run(w)
    # WHEN a fresh program imports the meta graph and restores the latest checkpoint
    fresh = gg.Graph()
    with fresh.as_default():
        restorer = gg.train.import_meta_graph(path + ".meta")
        (train_op,) = gg.get_default_graph().get_collection("train_op")
    sess = gg.Session(fresh)
    restorer.restore(sess, gg.train.latest_checkpoint(str(tmp_path)))
    # THEN it has the graph, the collections and the values, and trains on
    assert fresh.get_collection("hparams") == [0.1]
    assert np.array_equal(sess.run("w:0"), trained)
    sess.run(train_op, {"x:0": [[1.0, 1.0]]})
    assert np.allclose(sess.run("w:0"), trained - 0.1)
    scoped = gg.Graph()
    with scoped.as_default():
        gg.train.import_meta_graph(path + ".meta", import_scope="copy")
    assert scoped.get_tensor_by_name("copy/w:0").op.type == "VariableV2"


def test_a_frozen_graph_has_constants_for_variables_and_computes_the_same():
    g = small_graph()
    with g.as_default():
        loss = g.get_tensor_by_name("loss:0")
        x = g.get_tensor_by_name("x:0")
        train = gg.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = initialized(g)
    sess.run(train, {x: [[1.0, 2.0]]})
    expected = sess.run("y:0", {x: [[3.0, -1.0]]})
    # WHEN the graph is frozen for its output y
    frozen = gg.graph_util.convert_variables_to_constants(sess, g.as_graph_def(), ["y"])
    # THEN only what y needs is left, the variable a constant, and it computes the same
    assert {n.name: n.op for n in frozen.node} == {"x": "Placeholder", "w": "Const", "y": "MatMul"}
    fresh = gg.Graph()
    with fresh.as_default():
        (y,) = gg.import_graph_def(frozen, return_elements=["y:0"], name="")
    assert np.array_equal(gg.Session(fresh).run(y, {"x:0": [[3.0, -1.0]]}), expected)
    with pytest.raises(gg.InvalidArgumentError) as info:
        gg.graph_util.convert_variables_to_constants(sess, g.as_graph_def(), [train.name])
    assert info.value.code == "NOT_FREEZABLE"
    kept = gg.graph_util.convert_variables_to_constants(
        sess, g.as_graph_def(), ["y"], variable_names_blacklist=["w"]
    )
    assert {n.name: n.op for n in kept.node}["w"] == "VariableV2"
    assert len(gg.graph_from_dict(kept).get_operations()) == 3


@pytest.mark.parametrize(
    "meta",
    [
        [],
        {"format": "graphgate.meta_graph/v1"},
        {"format": "other", "graph_def": {}, "collections": {}},
        {"format": "graphgate.meta_graph/v1", "graph_def": {"nodes": 3}, "collections": {}},
        {
            "format": "graphgate.meta_graph/v1",
            "graph_def": {"format": "graphgate.graph/v1", "nodes": []},
            "collections": {"c": [{"tensor": 3}, {"value": [1]}, 5]},
            "saver_def": {"var_list": {"w": 7}, "max_to_keep": "x"},
        },
    ],
)
def test_a_malformed_meta_graph_is_a_clear_error_or_ignored_never_a_crash(meta):
    with gg.Graph().as_default():
        try:
            assert gg.train.import_meta_graph(meta) is None
        except gg.GraphgateError as exc:
            assert exc.code in ("UNSUPPORTED_FORMAT", "INVALID_DOCUMENT")


@pytest.mark.parametrize(
    "index",
    [
        "not json",
        "[]",
        '{"format": "graphgate.checkpoint/v1"}',
        '{"format": "graphgate.checkpoint/v1", "tensors": {"w": {"entry": "t0"}}}',
        '{"format": "graphgate.checkpoint/v1", "tensors": {"w": {"entry": "t0", '
        '"dtype": ["FP32"], "shape": [2]}}}',
        '{"format": "graphgate.checkpoint/v1", "data": "../m.npz", "sha256": "0", "tensors": '
        '{"w": {"entry": "t9", "dtype": "FP32", "shape": [2]}}}',
    ],
)
def test_a_damaged_index_is_invalid_checkpoint(tmp_path, index):
    g = gg.Graph()
    model(g)
    with g.as_default():
        saver = gg.train.Saver()
    path = saver.save(initialized(g), str(tmp_path / "m"))
    (tmp_path / "m.index").write_text(index)
    with pytest.raises(gg.GraphgateError) as info:
        saver.restore(gg.Session(g), path)
    assert info.value.code == "INVALID_CHECKPOINT"


def test_a_save_that_fails_midway_leaves_the_previous_checkpoint_whole(tmp_path, monkeypatch):
    from graphgate import meta_graph

    g = gg.Graph()
    w, _ = model(g)
    with g.as_default():
        saver = gg.train.Saver()
    sess = initialized(g)
    first = saver.save(sess, str(tmp_path / "m"))
    sess.run(gg.assign(w, [8.0, 9.0]))
    # GIVEN the disk fails while the index of the second save is being written
    real = meta_graph.os.replace

    def failing(src, dst):
        if dst.endswith(".index"):
            raise OSError("disk full")
        return real(src, dst)

    monkeypatch.setattr(meta_graph.os, "replace", failing)
    with pytest.raises(OSError):
        saver.save(sess, str(tmp_path / "m"))
    monkeypatch.undo()
    # THEN no temporary file is left, and the first checkpoint restores as it was saved
    assert not [f for f in os.listdir(tmp_path) if f.endswith(".tmp")]
    assert gg.train.latest_checkpoint(str(tmp_path)) == first
    sess.run(gg.assign(w, [0.0, 0.0]))
    saver.restore(sess, first)
    assert sess.run(w).tolist() == [1.0, 2.0]
