"""A TF1 GraphDef that reads a ref variable after an update of it computes TF's numbers:
TF's `w/read` aliases the variable's buffer, so an op ordered after an update (a control
dependency, or an ancestor's) sees the new value; graphgate's import reads the variable
again after those updates (tests/reference/tf_import_ref_reads.py recorded TF's)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg

DOCUMENT = json.loads((Path(__file__).parent / "fixtures" / "tf_import_ref_reads.json").read_text())
FIXTURE = DOCUMENT["programs"]


def _imported(program: dict) -> gg.Graph:
    graph = gg.Graph()
    with graph.as_default():
        gg.import_graph_def(gg.GraphDef.FromString(base64.b64decode(program["graph"])), name="")
    return graph


@pytest.mark.parametrize("name", sorted(FIXTURE))
def test_three_runs_of_an_imported_graph_read_what_tf_read(name):
    program = FIXTURE[name]
    graph = _imported(program)
    with gg.Session(graph=graph) as sess:
        sess.run(program["init"])
        for expected in program["runs"]:
            got = sess.run(program["fetches"])
            got += sess.run(program["reads"]) if program["reads"] else []
            for value, want in zip(got, expected, strict=True):
                if want is None:
                    assert value is None
                else:
                    np.testing.assert_allclose(np.ravel(value), want, rtol=1e-6, atol=1e-7)


def test_a_read_no_update_precedes_keeps_the_graphs_own_node():
    graph = _imported(FIXTURE["read_after_update"])
    assert [i.name for i in graph.get_operation_by_name("plain").inputs] == ["w/read:0"]
    with gg.Session(graph=graph) as sess:
        sess.run(FIXTURE["read_after_update"]["init"])
        assert sess.run("plain:0") == 0.0 and sess.run("y:0") == 2.0


def test_a_variable_seeded_from_another_initializes_in_one_run():
    # ema_after_sgd's shadow starts at `w.initialized_value()`, TF1's cond on
    # IsVariableInitialized: imported, the If read `w` for its captures before choosing a
    # branch, and the global initializer failed with UNINITIALIZED_VARIABLE.
    program = FIXTURE["ema_after_sgd"]
    with gg.Session(graph=_imported(program)) as sess:
        sess.run(program["init"])
        np.testing.assert_array_equal(
            sess.run("w/ExponentialMovingAverage:0").ravel(), [0.5, -0.25]
        )


@pytest.mark.parametrize(
    "name",
    [
        "ema_after_sgd",
        "ema_num_updates_many",
        "target_copy_after_sgd",
        "ref_and_resource_ema",
        "resource_ema_after_adam",
        "loops_v1_after_update",
        "loops_v2_after_update",
    ],
)
def test_an_imported_graph_written_back_computes_the_same(name, tmp_path):
    # The importer's ReadVariableOp and InitializedValue nodes go back as TF1's Identity
    # and initialized_value() cond (InitializedValue was refused: TF_EXPORT_UNSUPPORTED);
    # review30 ran these written graphs in TF 2.21 and got the fixture's numbers. A v2
    # loop written back kept its stale `while/init_4` EnsureShape, which the import took
    # for the While's input again (3 where TF gives 14).
    program = FIXTURE[name]
    path = gg.train.write_graph(_imported(program), str(tmp_path), "g.pb", as_text=False)
    written = Path(path).read_bytes()
    assert b"InitializedValue" not in written
    # Reads of ref variables go back as TF1's Identity (resource variables keep theirs).
    assert b"ReadVariableOp" not in written or "resource" in name
    graph_def = gg.GraphDef.FromString(written)
    graph = gg.Graph()
    with graph.as_default():
        gg.import_graph_def(graph_def, name="")
    with gg.Session(graph=graph) as sess:
        sess.run(program["init"])
        for expected in program["runs"]:
            got = sess.run(program["fetches"]) + sess.run(program["reads"])
            for value, want in zip(got, expected, strict=True):
                if want is not None:
                    np.testing.assert_allclose(np.ravel(value), want, rtol=1e-6, atol=1e-7)


def test_a_loop_reading_a_variable_it_updates_is_refused():
    # TF's reads of w/read in the body race the other iterations' updates
    # (parallel_iterations): 9 then 21 over two runs. graphgate's body would read the
    # value at the loop's entry (3, 12): refused rather than answered.
    data = base64.b64decode(DOCUMENT["refused"]["loop_v1_reading_its_update"])
    with gg.Graph().as_default(), pytest.raises(gg.errors.GraphgateError) as caught:
        gg.import_graph_def(gg.GraphDef.FromString(data), name="")
    assert caught.value.code == "TF_GRAPH_UNSUPPORTED"
    assert "updating a variable and reading it" in caught.value.message
