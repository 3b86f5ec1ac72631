"""Checkpoints and step rates of TF1's hooks when a run adds more than 1 to the global
step, as TensorFlow 2.21's `tf.compat.v1` wrote them (`fixtures/tf1_review24.json`,
recorded by `tests/reference/tf1_review24.py`, which holds the programs): the files (which
steps were saved) and every event of the event file in order."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

import graphgate.compat.v1 as tf

ROOT = Path(__file__).parents[3]
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_review24.json").read_text())
sys.path.insert(0, str(ROOT / "tests" / "reference"))
_spec = importlib.util.spec_from_file_location(
    "tf1_review24", ROOT / "tests" / "reference" / "tf1_review24.py"
)
reference = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reference)


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_hooks_save_at_tfs_steps_when_a_run_adds_two(name):
    tf.summary.FileWriterCache.clear()
    ours, theirs = reference.run(tf, name), FIXTURE["programs"][name]
    assert ours["files"] == theirs["files"]
    assert ours["events"] == theirs["events"]


REVIEW23 = json.loads((Path(__file__).parent / "fixtures" / "tf1_review23.json").read_text())
TF_WRITTEN = Path(__file__).parent / "fixtures" / "tf1_review23" / "tf_variable_collections"


def _imported_globals(prefix: str) -> tuple[list[str], list]:
    import numpy as np

    with tf.Graph().as_default():
        tf.train.import_meta_graph(prefix + ".meta")
        names = sorted(v.name for v in tf.global_variables())
        with tf.Session() as sess:
            # A Saver made after the import saves and restores the global variables only.
            tf.train.Saver().restore(sess, prefix)
            values = [np.asarray(sess.run(v)).tolist() for v in tf.global_variables()]
    return names, values


def test_a_meta_graphs_local_variables_are_not_global_once_imported():
    # The import put every variable in `variables`: a local one was global too, and a
    # Saver() made after it looked for it in TF's checkpoint (NotFoundError).
    names, values = _imported_globals(str(TF_WRITTEN / "m"))
    assert names == REVIEW23["exported"]["variable_collections"]["names"]["global"]
    assert len(values) == len(names)


def test_graphgates_own_meta_graph_keeps_its_local_variables_local(tmp_path):
    with tf.Graph().as_default():
        tf.Variable([1.0], name="v")
        tf.Variable([2.0], name="l", collections=[tf.GraphKeys.LOCAL_VARIABLES])
        tf.metrics.mean(tf.constant([1.0, 3.0]))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.train.Saver().save(sess, str(tmp_path / "m"))
    assert _imported_globals(str(tmp_path / "m")) == (["v:0"], [[1.0]])
