"""TF 2 keywords of `tf.compat.v1` functions a TF1 program may pass, and `tf.raw_ops` for
the ops graphgate has kernels for: programs run unchanged on graphgate observing what
TensorFlow observed (`tests/reference/tf1_keywords_raw_ops.py` holds them and wrote
`fixtures/tf1_keywords_raw_ops.json`), the values TF computes and graphgate does not
refused by name, and each raw op's signature held to TF's.
"""

from __future__ import annotations

import base64
import importlib.util
import inspect
import json
import sys
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.test_tf1_programs import _normal
from tests.unit.engine.tf_observed import assert_observed, raised

ROOT = Path(__file__).parents[3]
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_keywords_raw_ops.json").read_text())


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


programs = _load("tf1_keywords_raw_ops", ROOT / "tests/reference/tf1_keywords_raw_ops.py")


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": np, "out": out, "raises": raised})
    assert_observed(_normal(out), _normal(FIXTURE["programs"][name]), name)


def test_every_raw_op_has_tfs_signature():
    # A wrapper whose keywords differ from TF's is a TypeError in a program, or an
    # argument silently bound to the wrong input. TF's signatures read as positional (its
    # decorator refuses positional arguments when called); graphgate's say keyword-only.
    ours = {
        n: str(inspect.signature(getattr(gg.raw_ops, n))).replace("(*, ", "(")
        for n in gg.raw_ops.__all__
    }
    assert ours == FIXTURE["raw_ops_signatures"]


def test_raw_ops_reach_through_compat_v1():
    import graphgate.compat.v1 as tf

    assert tf.raw_ops.Add is gg.raw_ops.Add


@pytest.mark.parametrize(
    "build",
    [
        lambda: gg.zeros([2], layout="sharded"),
        lambda: gg.ones([2], layout="sharded"),
        lambda: gg.fill([2], 1.0, layout="sharded"),
        lambda: gg.gather_nd([[1.0]], [[0]], bad_indices_policy="IGNORE"),
        lambda: gg.scatter_nd([[0]], [1.0], [2], bad_indices_policy="IGNORE"),
        lambda: gg.tensor_scatter_nd_add(gg.zeros([2]), [[0]], [1.0], bad_indices_policy="IGNORE"),
        lambda: gg.feature_column.embedding_column(
            gg.feature_column.categorical_column_with_identity("i", 3),
            2,
            use_safe_embedding_lookup=False,
        ),
        lambda: gg.saved_model.signature_def_utils.build_signature_def(defaults={"x": 1.0}),
        lambda: gg.raw_ops.Cast(x=gg.constant([1.0]), DstT=gg.float16, Truncate=True),
    ],
    ids=[
        "zeros_layout",
        "ones_layout",
        "fill_layout",
        "gather_nd_ignore",
        "scatter_nd_ignore",
        "tensor_scatter_ignore",
        "unsafe_embedding_lookup",
        "signature_defaults",
        "cast_truncate",
    ],
)
def test_what_tf_computes_and_graphgate_does_not_is_refused_by_name(build):
    # TF computes these (a DTensor layout, skipped bad indices, an unsafe lookup's own
    # pruning, defaults in a signature, truncating float casts): never a different answer.
    with gg.Graph().as_default(), pytest.raises(gg.UnimplementedError):
        build()


def test_matmul_output_type_of_int8_is_refused_as_tf_finds_no_kernel():
    with gg.Graph().as_default():
        a = gg.constant([[1.0]], gg.float64)
        with pytest.raises(gg.InvalidArgumentError, match="output_type=float32"):
            gg.matmul(a, a, output_type=gg.float32)


def test_a_tf_graph_with_a_non_default_index_type_or_truncate_is_refused():
    # The GraphDef importer ignores these attributes; it computes int32 indices and
    # rounds to nearest, so only TF's defaults may be ignored.
    good = gg.GraphDef.FromString(base64.b64decode(FIXTURE["graph_defs"]["default"]))
    with gg.Graph().as_default():
        gg.import_graph_def(good, name="")
        graph = gg.get_default_graph()
        top, half = graph.get_tensor_by_name("top:1"), graph.get_tensor_by_name("half:0")
        with gg.Session() as sess:
            got = sess.run([top, half], {"x:0": [1.0, 3.0, 2.0]})
    assert [got[0].tolist(), got[0].dtype.name, got[1].dtype.name] == [[1, 2], "int32", "float16"]
    with pytest.raises(ValueError) as info:
        gg.GraphDef.FromString(base64.b64decode(FIXTURE["graph_defs"]["other"]))
    assert info.value.code == "TF_GRAPH_UNSUPPORTED"
    assert "'index_type'" in str(info.value) and "'Truncate'" in str(info.value)
