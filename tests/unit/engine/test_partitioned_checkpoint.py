"""Partitioned variables in checkpoints, as TF 1.x's Saver lays them out: the whole
variable under its name, each slice an extent of it. Pinned by a checkpoint TF wrote
(fixtures/tf_formats/parted_layout, tests/reference/tf_partitioned_checkpoint.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from graphgate.partitioned import SaveSliceInfo
from graphgate.train.saver import write_checkpoint

FIXTURE = Path(__file__).parent / "fixtures" / "tf_formats" / "parted_layout"
EXPECTED = json.loads((FIXTURE / "expected.json").read_text())
TF_PREFIX = str(FIXTURE / "model.ckpt")
P = np.arange(15, dtype=np.float32).reshape(5, 3)
R = np.arange(8, dtype=np.int32).reshape(2, 4)
PARTITIONINGS = {
    "two_rows": lambda: gg.fixed_size_partitioner(2),
    "three_columns": lambda: gg.fixed_size_partitioner(3, axis=1),
    "whole": lambda: None,
}


def sliced(whole):
    """An initializer giving each slice its part of `whole`, as the reference's."""

    def init(shape, dtype=None, partition_info=None):
        at = partition_info.var_offset
        return gg.constant(whole[tuple(slice(o, o + n) for o, n in zip(at, shape, strict=True))])

    return init


def build():
    """The reference's variables: p in 3 row slices, q whole, scope/r in 2 column slices."""
    p = gg.get_variable(
        "p", [5, 3], initializer=sliced(P), partitioner=gg.fixed_size_partitioner(3)
    )
    q = gg.Variable([1.5, -2.0], name="q")
    with gg.variable_scope("scope"):
        r = gg.get_variable(
            "r",
            [2, 4],
            gg.int32,
            initializer=sliced(R),
            partitioner=gg.fixed_size_partitioner(2, 1),
        )
    return p, q, r


def saved(tmp_path, checkpoint_format="graphgate", var_list=None) -> str:
    with gg.Graph().as_default():
        p, q, r = build()
        sess = gg.Session()
        sess.run(gg.global_variables_initializer())
        saver = gg.train.Saver(var_list and var_list(p, q, r), checkpoint_format=checkpoint_format)
        return saver.save(sess, str(tmp_path / "model.ckpt"), write_meta_graph=False)


def restored_p(prefix: str, partitioner) -> list:
    with gg.Graph().as_default():
        v = gg.get_variable("p", [5, 3], partitioner=partitioner)
        sess = gg.Session()
        gg.train.Saver([v]).restore(sess, prefix)
        return sess.run(gg.convert_to_tensor(v)).tolist()


def test_slices_carry_tf_slice_specs():
    with gg.Graph().as_default():
        p, _, r = build()
        assert {v.op.name: v._get_save_slice_info().spec for v in [*p, *r]} == EXPECTED["specs"]


def test_tf_format_is_byte_for_byte_what_tf_writes(tmp_path):
    prefix = saved(tmp_path, "tensorflow")
    for suffix in (".index", ".data-00000-of-00001"):
        assert Path(prefix + suffix).read_bytes() == Path(TF_PREFIX + suffix).read_bytes()


def test_graphgate_format_stores_each_variable_whole_under_its_name(tmp_path):
    reader = gg.train.load_checkpoint(saved(tmp_path))
    assert reader.get_variable_to_shape_map() == EXPECTED["shape_map"]
    np.testing.assert_array_equal(reader.get_tensor("p"), P)
    np.testing.assert_array_equal(reader.get_tensor("scope/r"), R)


@pytest.mark.parametrize("fmt", ["tf_written", "graphgate", "tensorflow"])
@pytest.mark.parametrize("partitioning", sorted(PARTITIONINGS))
def test_a_checkpoint_restores_under_another_partitioning_as_in_tf(tmp_path, fmt, partitioning):
    prefix = TF_PREFIX if fmt == "tf_written" else saved(tmp_path, fmt)
    got = restored_p(prefix, PARTITIONINGS[partitioning]())
    assert got == EXPECTED["restored_p"][partitioning]


def initialized_p(prefix: str, partitioner, assignment_map: dict) -> list:
    with gg.Graph().as_default():
        v = gg.get_variable("p", [5, 3], partitioner=partitioner)
        gg.train.init_from_checkpoint(prefix, assignment_map or {"p": v})
        sess = gg.Session()
        sess.run(gg.global_variables_initializer())
        return sess.run(gg.convert_to_tensor(v)).tolist()


@pytest.mark.parametrize("fmt", ["tf_written", "graphgate", "tensorflow"])
@pytest.mark.parametrize("partitioning", sorted(PARTITIONINGS))
@pytest.mark.parametrize(
    "assignment_map", [{"p": "p"}, {"/": "/"}, None], ids=["name", "scope", "object"]
)
def test_init_from_checkpoint_loads_each_slice_its_extent_as_in_tf(
    tmp_path, fmt, partitioning, assignment_map
):
    # TF's init_from_checkpoint gives a partitioned variable's slices their parts of the
    # stored whole, whatever the partitioning (checked in tf.compat.v1 for both maps)
    prefix = TF_PREFIX if fmt == "tf_written" else saved(tmp_path, fmt)
    got = initialized_p(prefix, PARTITIONINGS[partitioning](), assignment_map)
    assert got == EXPECTED["restored_p"][partitioning]


def test_init_from_checkpoint_refuses_a_whole_of_another_shape(tmp_path):
    with gg.Graph().as_default():
        gg.get_variable("p", [4, 3], partitioner=gg.fixed_size_partitioner(2))
        with pytest.raises(gg.errors.InvalidArgumentError) as caught:
            gg.train.init_from_checkpoint(saved(tmp_path), {"p": "p"})
    assert caught.value.code == "SHAPE_MISMATCH"


def test_a_dict_key_names_the_whole_and_a_list_of_slices_groups_under_it(tmp_path):
    reader = gg.train.load_checkpoint(saved(tmp_path, var_list=lambda p, q, r: {"w": p}))
    assert reader.get_variable_to_shape_map() == {"w": [5, 3]}
    # the slices listed one by one (as global_variables lists them) group as TF's do
    reader = gg.train.load_checkpoint(saved(tmp_path, var_list=lambda p, q, r: [*r, q]))
    assert reader.get_variable_to_shape_map() == {"scope/r": [2, 4], "q": [2]}


def test_a_whole_of_another_shape_is_invalid_argument_nothing_assigned(tmp_path):
    # TF: InvalidArgumentError from RestoreV2 for [6, 3] or [5, 2] against p's [5, 3]
    for shape in ([6, 3], [5, 2]):
        with gg.Graph().as_default():
            v = gg.get_variable("p", shape, partitioner=gg.fixed_size_partitioner(2))
            sess = gg.Session()
            sess.run(gg.global_variables_initializer())
            before = sess.run(gg.convert_to_tensor(v))
            with pytest.raises(gg.errors.InvalidArgumentError) as info:
                gg.train.Saver([v]).restore(sess, TF_PREFIX)
            assert info.value.code == "SHAPE_MISMATCH"
            np.testing.assert_array_equal(sess.run(gg.convert_to_tensor(v)), before)


def test_some_slices_only_need_tf_format_and_restore_what_they_cover(tmp_path):
    first = lambda p, q, r: [next(iter(p))]  # noqa: E731
    with pytest.raises(gg.errors.InvalidArgumentError) as info:
        saved(tmp_path, var_list=first)
    assert info.value.code == "INVALID_SAVER" and "checkpoint_format" in str(info.value)
    prefix = saved(tmp_path, "tensorflow", var_list=first)
    reader = gg.train.load_checkpoint(prefix)
    np.testing.assert_array_equal(reader.get_slice("p", [0, 1], [2, 2]), P[:2, 1:])
    with pytest.raises(gg.GraphgateError) as info:
        reader.get_slice("p", [1, 0], [2, 3])  # row 2 was not saved
    assert info.value.code == "INVALID_CHECKPOINT"
    with gg.Graph().as_default():  # a slice it covers restores
        v = gg.get_variable("p", [5, 3], partitioner=gg.fixed_size_partitioner(3))
        sess = gg.Session()
        gg.train.Saver([next(iter(v))]).restore(sess, prefix)
        np.testing.assert_array_equal(sess.run(next(iter(v))), P[:2])


def test_slices_and_a_variable_under_one_name_are_refused():
    with gg.Graph().as_default():
        p, _, _ = build()
        other = gg.Variable([1.0], name="x")
        with pytest.raises(gg.errors.InvalidArgumentError) as info:
            gg.train.Saver({"p": [next(iter(p)), other]})
        assert info.value.code == "INVALID_SAVER" and "must all be slices" in str(info.value)
        # a slice claiming to be part of "x", itself a variable of the list
        gg.Variable([2.0], name="y")._set_save_slice_info(SaveSliceInfo("x", [2], [0], [1]))
        with pytest.raises(gg.errors.InvalidArgumentError) as info:
            gg.train.Saver()
        assert "Mixing slices and non-slices" in str(info.value)


def test_a_checkpoint_of_slices_under_their_own_names_still_restores(tmp_path):
    # graphgate wrote `<key>/part_<i>` before it kept TF's layout
    prefix = str(tmp_path / "old")
    write_checkpoint(prefix, {"p/part_0": P[:3], "p/part_1": P[3:]})
    assert restored_p(prefix, gg.fixed_size_partitioner(2)) == P.tolist()


def test_the_meta_graph_saver_restores_the_slices(tmp_path):
    with gg.Graph().as_default():
        build()
        sess = gg.Session()
        sess.run(gg.global_variables_initializer())
        path = gg.train.Saver().save(sess, str(tmp_path / "model.ckpt"))
    with gg.Graph().as_default() as g:
        saver = gg.train.import_meta_graph(path + ".meta")
        sess = gg.Session()
        saver.restore(sess, path)
        parts = [g.get_tensor_by_name(f"p/part_{i}:0") for i in range(3)]
        np.testing.assert_array_equal(np.concatenate(sess.run(parts)), P)
