"""Object-based checkpoints (`tf.train.Checkpoint`, `CheckpointManager`) in TF1 graph
mode: TF1 programs run unchanged but for `tf` being graphgate, against what
tf.compat.v1 observed (tests/reference/tf1_checkpoint.py), files byte for byte; TF's own
files restored here, and graphgate's restored by TF 2 eager (recorded)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from graphgate import tf_proto
from graphgate.train.object_checkpoint import read_object_graph
from tests.reference.tf1_checkpoint import PROGRAMS, run
from tests.unit.engine.test_tf1_saver import same

FIXTURES = Path(__file__).parent / "fixtures"
REFERENCE = json.loads((FIXTURES / "tf1_checkpoint.json").read_text())


def gg_graph(tf, prefix):
    nodes = read_object_graph(tf.train.load_checkpoint(prefix))
    return [
        [
            [[c.get("local_name", ""), c.get("node_id", 0)] for c in n.get("children", [])],
            [a.get("checkpoint_key", "") for a in n.get("attributes", [])],
            [
                [
                    s.get("original_variable_node_id", 0),
                    s.get("slot_name", ""),
                    s.get("slot_variable_node_id", 0),
                ]
                for s in n.get("slot_variables", [])
            ],
        ]
        for n in nodes
    ]


@pytest.mark.parametrize("program", sorted(PROGRAMS))
def test_program_does_what_tf_does(program):
    observed = run(gg, gg.reset_default_graph, gg_graph, [program])
    same(observed[program], REFERENCE[program], program)


def test_tf_written_checkpoints_restore(tmp_path):
    """TF's own files (an optimizer's slots, a Keras model) restore, all consumed."""
    gg.reset_default_graph()
    v = gg.Variable([0.0, 0.0], name="v")
    w = gg.Variable(0, name="w")
    gs = gg.train.get_or_create_global_step()
    opt = gg.train.AdamOptimizer(0.1)
    opt.minimize(gg.reduce_sum(v * v), global_step=gs)
    ck = gg.train.Checkpoint(
        v=v, opt=opt, step=gs, inner=gg.train.Checkpoint(a=w), items=[v], table={"x": w}
    )
    prefix = str(FIXTURES / "tf1_checkpoint" / "tf_optimizer" / "ck-1")
    status = ck.restore(prefix)
    with gg.Session() as sess:
        status.initialize_or_restore(sess)
        status.assert_consumed()
        assert sess.run(opt.get_slot(v, "m")).tolist() == REFERENCE["nested_and_optimizer"]["m"]
        assert [int(sess.run(w)), int(sess.run(gs))] == [3, 1]
        # A new save continues TF's numbering and writes TF's object graph again.
        path = ck.save(str(tmp_path / "ck"), session=sess)
    assert path.endswith("ck-2")
    assert read_object_graph(gg.train.load_checkpoint(path)) == read_object_graph(
        gg.train.load_checkpoint(prefix)
    )


def test_graphgate_files_restore_in_tf2_eager(tmp_path):
    """The files graphgate writes are the ones TF 2 eager restored (recorded by the
    reference script from tests/unit/engine/fixtures/tf1_checkpoint/gg_*): written again
    now, byte for byte."""
    recorded = REFERENCE["eager_restores_graphgate"]
    assert recorded["gg_variables"] == [[1.0, 2.0], 3]
    assert recorded["gg_keras"] == [[10.0]]
    for name in ("gg_variables", "gg_keras"):
        fresh = write_gg_fixture(name, tmp_path / name)
        kept = FIXTURES / "tf1_checkpoint" / name
        for f in kept.iterdir():
            assert (fresh / f.name).read_bytes() == f.read_bytes(), f"{name}/{f.name}"


def write_gg_fixture(name: str, directory: Path) -> Path:
    """What the gg_* fixtures hold, written by graphgate."""
    gg.reset_default_graph()
    directory.mkdir(parents=True, exist_ok=True)
    with gg.Session() as sess:
        if name == "gg_variables":
            v = gg.Variable([1.0, 2.0], name="v")
            w = gg.Variable(3, name="w")
            ck = gg.train.Checkpoint(v=v, w=w)
            sess.run(gg.global_variables_initializer())
            ck.save(str(directory / "ck"), session=sess)
            ck.save(str(directory / "ck"), session=sess)
        else:
            k = gg.keras
            m = k.Sequential(
                [
                    k.layers.Dense(3, input_shape=(2,), kernel_initializer="ones"),
                    k.layers.Dropout(0.1),
                    k.layers.Dense(1, kernel_initializer="ones", bias_initializer="ones"),
                ]
            )
            sess.run(gg.global_variables_initializer())
            gg.train.Checkpoint(model=m).save(str(directory / "ck"), session=sess)
    return directory


def test_corrupt_object_graph_is_data_loss(tmp_path):
    gg.reset_default_graph()
    v = gg.Variable([1.0], name="v")
    from graphgate.train.tensor_bundle import write_bundle

    write_bundle(
        str(tmp_path / "bad"),
        {"_CHECKPOINTABLE_OBJECT_GRAPH": np.array(b"\x0a\x05\x0a\x03\x08\x09", dtype=object)},
    )
    with pytest.raises(gg.errors.DataLossError):
        gg.train.Checkpoint(v=v).restore(str(tmp_path / "bad"))
    assert tf_proto.TRACKABLE_OBJECT_GRAPH[1][0] == "nodes"


def test_keras_optimizer_is_refused_clearly():
    gg.reset_default_graph()
    with pytest.raises(NotImplementedError):
        gg.train.Checkpoint(opt=gg.keras.optimizers.Adam())


if __name__ == "__main__":  # write the gg_* fixtures the reference script restores in TF
    for fixture in ("gg_variables", "gg_keras"):
        target = FIXTURES / "tf1_checkpoint" / fixture
        shutil.rmtree(target, ignore_errors=True)
        write_gg_fixture(fixture, target)


def test_out_of_range_node_ids_are_data_loss(tmp_path):
    from graphgate.train.tensor_bundle import write_bundle

    gg.reset_default_graph()
    v = gg.Variable(1.0, name="v")
    # One node whose child names node 7 of a graph of one.
    node = b"\x0a\x05\x08\x07\x12\x01v"
    graph = b"\x0a" + bytes([len(node)]) + node
    write_bundle(
        str(tmp_path / "bad"), {"_CHECKPOINTABLE_OBJECT_GRAPH": np.array(graph, dtype=object)}
    )
    with pytest.raises(gg.errors.DataLossError):
        gg.train.Checkpoint(v=v).restore(str(tmp_path / "bad"))


def test_keras_optimizer_state_is_refused_not_dropped():
    """tf_keras' weights of a model compiled with a Keras optimizer hold its state, which
    TF trains on from; graphgate loads the weights for inference, and refuses to compile
    (or to load into a compiled model) rather than train on without it."""
    prefix = str(FIXTURES / "tf1_checkpoint" / "tf_keras_adam" / "w")
    gg.reset_default_graph()
    gg.keras.backend.clear_session()
    m = gg.keras.Sequential([gg.keras.layers.Dense(1, input_shape=(2,))])
    m.load_weights(prefix)
    kernel = gg.train.load_variable(
        prefix, "layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE"
    )
    assert np.array_equal(m.get_weights()[0], kernel)
    with pytest.raises(NotImplementedError):
        m.compile("adam", "mse")
    gg.keras.backend.clear_session()
    m = gg.keras.Sequential([gg.keras.layers.Dense(1, input_shape=(2,))])
    m.compile("adam", "mse")
    with pytest.raises(NotImplementedError):
        m.load_weights(prefix)
