"""What the export fuzzer (tests/reference/gg_fuzzexport.py, whose fixture holds TF 2.21's
numbers for these graphs too) found the GraphDef writer refusing that TF holds, one test
each: the NodeDefs TF's own functions build, and graphgate reads the bytes back to the
numbers it computes itself."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from graphgate import tf_graph
from graphgate.serialization import graph_from_dict
from graphgate.tf_export import graph_def, graph_def_bytes

X = np.arange(-3, 9, dtype=np.float32).reshape(3, 4) / 4


def _written(build, shape=(3, 4), dtype=gg.float32, value=X):
    """(the GraphDef's nodes by name, graphgate's output, its output read back)."""
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(dtype, shape, name="x")
        gg.identity(build(x), name="out")
    want = gg.Session(graph).run("out:0", {"x:0": value})
    nodes = {n["name"]: n for n in graph_def(graph)["node"]}
    back = graph_from_dict(tf_graph.graph_document(graph_def_bytes(graph)))
    return nodes, want, gg.Session(back).run("out:0", {"x:0": value})


@pytest.mark.parametrize("mode", ["REFLECT", "SYMMETRIC"])
def test_a_mirror_pad_is_tfs_mirror_pad_with_its_paddings_as_a_const(mode):
    nodes, want, back = _written(lambda x: gg.pad(x, [[1, 2], [0, 1]], mode=mode))

    assert nodes["MirrorPad"]["op"] == "MirrorPad"
    assert nodes["MirrorPad"]["attr"]["mode"] == {"s": mode.encode()}
    np.testing.assert_array_equal(back, want)


def test_a_pad_with_a_value_is_tfs_pad_v2():
    nodes, want, back = _written(lambda x: gg.pad(x, [[1, 0], [0, 2]], constant_values=2.5))

    assert nodes["PadV2"]["op"] == "PadV2"
    np.testing.assert_array_equal(back, want)


def test_a_stored_string_pad_is_written():
    # A stored document holds constant_text "" for every Pad: it was refused as "only
    # constant padding of numbers". (graphgate's reader takes no string PadV2; the
    # fuzzer's fixture holds TF's strings from it.)
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.string, [2], name="x")
        gg.identity(gg.pad(x, [[1, 1]], constant_values="z"), name="out")
    from graphgate.serialization import graph_to_dict

    stored = graph_from_dict(graph_to_dict(graph))
    nodes = {n["name"]: n for n in graph_def(stored)["node"]}
    assert nodes["PadV2"]["op"] == "PadV2"
    assert nodes[nodes["PadV2"]["input"][2]]["attr"]["dtype"] == {"type": 7}  # DT_STRING


def test_a_transpose_without_perm_reverses_the_axes():
    nodes, want, back = _written(gg.transpose)

    assert nodes["transpose"]["op"] == "Transpose"
    np.testing.assert_array_equal(back, want)


def test_a_transpose_of_unknown_rank_without_perm_is_tfs_perm_of_its_rank():
    # TF's `transpose(a)`: (rank - 1) - range(rank), computed when run (graphgate's reader
    # wants a constant perm; the fuzzer's fixture holds TF's numbers from it).
    graph = gg.Graph()
    with graph.as_default():
        gg.transpose(gg.placeholder(gg.float32, None, name="x"))
    ops = [n["op"] for n in graph_def(graph)["node"]]

    assert ops.count("Rank") == 1 and ops.count("Range") == 1 and ops[-1] == "Transpose"


@pytest.mark.parametrize("fn", [gg.nn.softmax, gg.nn.log_softmax])
def test_a_softmax_off_the_last_axis_is_written_between_transposes(fn):
    nodes, want, back = _written(lambda x: fn(x, axis=0))

    assert [n["op"] for n in nodes.values()].count("Transpose") == 2
    np.testing.assert_allclose(back, want, rtol=1e-6)


@pytest.mark.parametrize("dtype", [gg.uint16, gg.uint32, gg.uint64])
def test_an_unsigned_add_is_tfs_add_v2(dtype):
    # TF's Add takes no uint16/32/64: the written Add failed import_graph_def.
    value = np.array([[1, 2, 3, 4]] * 3, dtype.as_numpy_dtype)
    nodes, want, back = _written(lambda x: x + x, dtype=dtype, value=value)

    assert nodes["add"]["op"] == "AddV2"
    np.testing.assert_array_equal(back, want)


@pytest.mark.parametrize(
    ("dtype", "bounds"),
    [(gg.float32, lambda x: (x[:1], x[1:2])), (gg.uint32, lambda x: (1, 3))],
)
def test_a_clip_tfs_kernel_cannot_run_is_minimum_then_maximum(dtype, bounds):
    # TF's ClipByValue takes bounds of the input's shape or scalars, and no uint32: a
    # broadcast bound failed TF's run (tf.clip_by_value builds Minimum, Maximum).
    value = np.arange(12).reshape(3, 4).astype(dtype.as_numpy_dtype)
    nodes, want, back = _written(
        lambda x: gg.clip_by_value(x, *bounds(x)), dtype=dtype, value=value
    )

    assert nodes["clip_by_value"]["op"] == "Maximum"
    assert nodes[nodes["clip_by_value"]["input"][0]]["op"] == "Minimum"
    np.testing.assert_array_equal(back, want)


def test_a_clip_tfs_kernel_runs_stays_one_clip_by_value():
    nodes, want, back = _written(lambda x: gg.clip_by_value(x, -0.5, 0.5))

    assert nodes["clip_by_value"]["op"] == "ClipByValue"
    np.testing.assert_array_equal(back, want)


# TF 2.21's tf.nn.dropout(x, rate=0.5, seed=7) of these rows (its first row; TF's own program
# and the GraphDef written from graphgate's agree bit for bit, noise_shape [1, 8] too).
DROPPED = np.array([[np.nan, np.inf, -np.inf, -1.0, 2.0, np.nan, -3.0, 4.0]] * 4, np.float32)
TF_DROPPED_ROW = [0.0, np.inf, 0.0, 0.0, 4.0, np.nan, 0.0, 8.0]


@pytest.mark.parametrize("noise_shape", [None, [1, 8]])
def test_a_dropout_drops_nan_infinities_and_negatives_to_zero_as_tf(noise_shape):
    # Wrong numbers: the GraphDef computed x * mask, so a dropped NaN or infinity was NaN and
    # a dropped negative -0.0 where TF's dropout (its where_v2) and graphgate give +0.0; and
    # a noise_shape was refused.
    def build(x):
        return gg.nn.dropout(x, rate=0.5, seed=7, noise_shape=noise_shape)

    nodes, want, back = _written(build, shape=(4, 8), value=DROPPED)

    assert "SelectV2" in {n["op"] for n in nodes.values()}
    np.testing.assert_array_equal(want[0], np.array(TF_DROPPED_ROW, np.float32))
    assert not np.signbit(want[want == 0]).any()
    np.testing.assert_array_equal(back.view(np.uint32), want.view(np.uint32))
