"""Edge cases review23 found graphgate getting wrong, against what TF 2.21 (tf.compat.v1)
did with the same TF1 text (tests/reference/tf1_review23.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from graphgate import tf_proto
from tests.reference.tf1_checkpoint import run
from tests.reference.tf1_review23 import (
    CHECKPOINT_PROGRAMS,
    FETCHES,
    STITCH_IDS,
    partitioned_lookup,
    write_variable_collections,
)
from tests.unit.engine.test_tf1_checkpoint import gg_graph
from tests.unit.engine.test_tf1_saver import same

FIXTURES = Path(__file__).parent / "fixtures"
REFERENCE = json.loads((FIXTURES / "tf1_review23.json").read_text())


@pytest.mark.parametrize("program", sorted(CHECKPOINT_PROGRAMS))
def test_checkpoint_program_does_what_tf_does(program):
    observed = run(gg, gg.reset_default_graph, gg_graph, [program], CHECKPOINT_PROGRAMS)
    same(observed[program], REFERENCE["checkpoint"][program], program)


VARIABLE_COLLECTIONS = REFERENCE["exported"]["variable_collections"]


def _meta_collections(prefix: str) -> dict[str, list[str]]:
    def corrupt() -> Exception:
        return AssertionError("not a MetaGraphDef")

    meta = tf_proto.decode(Path(prefix + ".meta").read_bytes(), tf_proto.META_GRAPH, corrupt)
    out = {}
    for key, collection in meta.get("collection_def", {}).items():
        if "bytes_list" in collection:
            values = collection["bytes_list"].get("value", [])
            defs = [tf_proto.decode(v, tf_proto.VARIABLE_DEF, corrupt) for v in values]
            out[key] = sorted(d["variable_name"] for d in defs)
    return out


def _gg_read(prefix: str) -> dict:
    with gg.Graph().as_default():
        saver = gg.train.import_meta_graph(prefix + ".meta")
        local = sorted(v.name for v in gg.local_variables())
        model = sorted(v.name for v in gg.model_variables())
        trainable = sorted(v.name for v in gg.trainable_variables())
        step = gg.train.get_global_step()
        with gg.Session() as sess:
            saver.restore(sess, prefix)
            sess.run(gg.local_variables_initializer())
            values = [np.asarray(sess.run(name)).tolist() for name in FETCHES]
    names = {"local": local, "model": model, "trainable": trainable}
    return {"names": names, "is_variable": hasattr(step, "initializer"), "values": values}


def _want() -> dict:
    names = {k: v for k, v in VARIABLE_COLLECTIONS["names"].items() if k != "global"}
    return {**VARIABLE_COLLECTIONS, "names": names}


def test_variable_collections_are_variable_defs_tf_reads_as_variables(tmp_path):
    # Written as node names, TF imported `local_variables` as tensors: its
    # `local_variables_initializer()` failed (AttributeError), the step no Variable.
    prefix = str(tmp_path / "m")
    with gg.Graph().as_default():
        write_variable_collections(gg, prefix, checkpoint_format="tensorflow")
    names = VARIABLE_COLLECTIONS["names"]
    written = _meta_collections(prefix)
    assert written["local_variables"] == names["local"]
    assert written["model_variables"] == names["model"]
    assert written["global_step"] == ["global_step:0"]
    assert VARIABLE_COLLECTIONS["is_variable"] is True
    assert _gg_read(prefix) == _want()


def test_tf_written_local_variables_are_local_here():
    # graphgate dropped the VariableDef collections but TF's two: the local variable was
    # not initialized by `local_variables_initializer()` (FailedPrecondition on reading).
    prefix = str(FIXTURES / "tf1_review23" / "tf_variable_collections" / "m")
    assert _gg_read(prefix) == _want()


def test_a_partitioned_lookup_is_written_as_tfs_dynamic_stitch(tmp_path):
    # DynamicStitch's `indices` and `data` lists share TF's `N`: graphgate's writer took one
    # list argument per op and refused the GraphDef of any partitioned embedding lookup.
    with gg.Graph().as_default():
        partitioned_lookup(gg)
        with gg.Session() as sess:
            sess.run(gg.global_variables_initializer())
            sess.run("fill")
            direct = sess.run("look:0", {"ids:0": STITCH_IDS}).tolist()
            frozen = gg.graph_util.convert_variables_to_constants(
                sess, gg.get_default_graph().as_graph_def(), ["look"]
            )
        gg.train.write_graph(frozen, str(tmp_path), "look.pb", as_text=False)
    graph_def = gg.GraphDef.FromString((tmp_path / "look.pb").read_bytes())
    with gg.Graph().as_default(), gg.Session() as sess:
        gg.import_graph_def(graph_def, name="")
        read_back = sess.run("look:0", {"ids:0": STITCH_IDS}).tolist()
    want = REFERENCE["tf_partitioned_lookup"]
    assert REFERENCE["exported"]["partitioned_lookup"] == want  # TF ran graphgate's file
    assert direct == want and read_back == want
