"""TF1 public symbols graphgate lacked that real programs use (make_tensor_proto and
make_ndarray, batch_scatter_update, assert_variables_initialized, sparse_matmul, erfcinv,
signal windows, linalg and nn symbols), run unchanged on graphgate against what
`tf.compat.v1` observed (`tests/reference/tf1_apigaps.py`, `fixtures/tf1_apigaps.json`)."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from graphgate.tensor_util import TensorProto
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_apigaps")

# Sums of float32 products, added in another order than TF's kernels add them.
TOLERANCES = {
    "conv_transpose": (1e-5, 1e-4),
    "with_space_to_batch": (1e-5, 1e-4),
    "convolution_gradient_spellings": (1e-5, 1e-5),
    # TF's Padé terms summed by its own matmul kernels; a float32 element that cancels
    # to near 0 keeps the rounding of the terms near 1.
    "linalg_expm": (1e-5, 1e-6),
}


@pytest.mark.parametrize("name", program_names(FIXTURE))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name, *TOLERANCES.get(name, ()))


class _ForeignProto:
    """A protobuf message of another library: make_ndarray reads it from its bytes."""

    def __init__(self, data: bytes):
        self.data = data

    def SerializeToString(self) -> bytes:
        return self.data


def test_make_ndarray_reads_any_tensor_protos_bytes():
    # GIVEN TF's own bytes for [[1, 2], [3, 4]] as float32 (the fixture's)
    data = bytes(FIXTURE["programs"]["make_tensor_proto_values"]["floats"]["bytes"])
    # WHEN a message that is not graphgate's is read
    got = gg.make_ndarray(_ForeignProto(data))
    # THEN it is the value, and graphgate's own message parses the same bytes back
    np.testing.assert_array_equal(got, np.array([[1, 2], [3, 4]], np.float32))
    assert TensorProto.FromString(data).SerializeToString() == data


def test_make_ndarray_refuses_what_is_no_tensor_proto():
    with pytest.raises(TypeError, match="TensorProto"):
        gg.make_ndarray(gg.constant(1.0))
    with pytest.raises(gg.errors.InvalidArgumentError):
        gg.make_ndarray(_ForeignProto(b"\xff\xff"))


def test_lu_and_wav_ops_travel_as_tensorflows_graph_def(tmp_path):
    # GIVEN a graph of the new ops TF has under the same names
    with gg.Graph().as_default() as graph:
        lu, p = gg.linalg.lu(gg.constant([[1.0, 2.0], [3.0, 4.0]]))
        gg.identity(lu, name="lu_out")
        gg.identity(p, name="p_out")
        wav = gg.audio.encode_wav(gg.constant([[0.5], [0.25]]), 8000)
        gg.identity(gg.audio.decode_wav(wav, desired_channels=2)[0], name="decoded")
        gg.io.write_graph(graph, str(tmp_path), "g.pb", as_text=False)
    # WHEN graphgate reads the GraphDef back
    graph_def = gg.GraphDef()
    graph_def.ParseFromString((tmp_path / "g.pb").read_bytes())
    with gg.Graph().as_default():
        gg.import_graph_def(graph_def, name="")
        with gg.Session() as sess:
            got = sess.run(["lu_out:0", "p_out:0", "decoded:0"])
    # THEN it computes what the graph did (TF reads the same bytes: checked by hand)
    np.testing.assert_allclose(got[0], [[3.0, 4.0], [1 / 3, 2 / 3]], rtol=1e-6)
    assert got[1].tolist() == [1, 0]
    assert got[2].tolist() == [[0.5, 0.5], [0.25, 0.25]]


def test_remove_training_nodes_refuses_to_drop_a_data_input():
    # TF's remove_training_nodes drops a CheckNumerics' consumer's input, leaving a graph
    # that no longer imports (TF 2.21: z = AddV2 of one input); graphgate refuses at once.
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [2], name="x")
        gg.add(gg.debugging.check_numerics(x, "m", name="c"), 1.0, name="z")
    with pytest.raises(gg.errors.InvalidArgumentError, match="drop input c of z"):
        gg.graph_util.remove_training_nodes(graph.as_graph_def())
    kept = gg.graph_util.remove_training_nodes(graph.as_graph_def(), protected_nodes=["c"])
    assert [n.name for n in kept.node] == ["x", "c", "z/y", "z"]


def test_a_mutable_table_is_never_left_out_of_a_checkpoint():
    # TF's Saver saves a MutableHashTable's contents; graphgate's cannot and says so,
    # rather than write a checkpoint that restores an empty table.
    with gg.Graph().as_default():
        gg.Variable(1.0, name="v")
        table = gg.lookup.experimental.MutableHashTable(gg.string, gg.int64, -1)
        with pytest.raises(gg.errors.UnimplementedError, match="mutable table"):
            gg.train.Saver()
        with pytest.raises(gg.errors.UnimplementedError, match="mutable table"):
            gg.train.Saver([table])
        assert list(gg.train.Saver(gg.global_variables()).saveables()) == ["v"]
        unsaved = gg.lookup.experimental.DenseHashTable(gg.int64, gg.int64, -1, 0, -1)
        with pytest.raises(gg.errors.UnimplementedError, match="bucket array"):
            unsaved.export()


def test_mutable_tables_are_session_state_the_service_cannot_keep():
    from graphgate.ops.dataset_ops import iterator_needed, state_not_kept

    with gg.Graph().as_default() as graph:
        table = gg.lookup.experimental.MutableHashTable(gg.string, gg.int64, -1)
        found = table.lookup(["a"])
    op = iterator_needed(graph, [found])
    assert op.type == "MutableHashTableV2"
    assert "mutable table MutableHashTable" in str(state_not_kept(op))
