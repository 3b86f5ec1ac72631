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


# float32 convolutions sum in another order than TF's kernels: the last bits differ.
_FLOAT32_SUMS = {
    "raw_ops_nn",
    "raw_ops_array",
    "depthwise_native_strided_dilated",
    "raw_ops_image",
    "raw_ops_batch_norm",
    "raw_ops_misc",
    "raw_ops_linalg_fft",
}


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": np, "out": out, "raises": raised})
    tolerances = (1e-5, 1e-5) if name in _FLOAT32_SUMS else (1e-6, 1e-12)
    assert_observed(_normal(out), _normal(FIXTURE["programs"][name]), name, *tolerances)


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
        lambda: gg.raw_ops.Equal(x=[1.0], y=[1.0, 2.0], incompatible_shape_error=False),
        lambda: gg.raw_ops.Conv2DBackpropInput(
            input_sizes=[1, 2, 2, 1],
            filter=gg.ones([1, 1, 1, 1]),
            out_backprop=gg.ones([1, 1, 2, 2]),
            strides=[1, 1, 1, 1],
            padding="VALID",
            data_format="NCHW",
        ),
        lambda: gg.raw_ops.Svd(input=gg.ones([2, 2]), compute_uv=False),
        lambda: gg.raw_ops.SelfAdjointEigV2(input=gg.ones([2, 2]), compute_v=False),
        lambda: gg.raw_ops.FusedBatchNormV3(
            x=gg.ones([1, 2, 2, 2, 1]),
            scale=[1.0],
            offset=[0.0],
            mean=[],
            variance=[],
            data_format="NDHWC",
        ),
        lambda: gg.raw_ops.DepthToSpace(
            input=gg.ones([1, 4, 1, 1]), block_size=2, data_format="NCHW"
        ),
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
        "equal_incompatible_shapes",
        "conv2d_backprop_input_nchw",
        "svd_without_uv",
        "eig_without_v",
        "fused_batch_norm_ndhwc",
        "depth_to_space_nchw",
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
        rest = [graph.get_tensor_by_name(f"{n}:0") for n in ("same", "pick", "lse")]
        with gg.Session() as sess:
            got = sess.run([top, half, *rest], {"x:0": [1.0, 3.0, 2.0]})
    assert [got[0].tolist(), got[0].dtype.name, got[1].dtype.name] == [[1, 2], "int32", "float16"]
    assert got[2].tolist() == [True] * 3 and got[3].tolist() == [2.0]
    np.testing.assert_allclose(got[4], [np.logaddexp(3.0, 2.0), 2.0, -np.inf], rtol=1e-6)
    with pytest.raises(ValueError) as info:
        gg.GraphDef.FromString(base64.b64decode(FIXTURE["graph_defs"]["other"]))
    assert info.value.code == "TF_GRAPH_UNSUPPORTED"
    for attribute in ("index_type", "Truncate", "incompatible_shape_error", "bad_indices_policy"):
        assert f"'{attribute}'" in str(info.value)


def test_strided_dilated_depthwise_gradients_are_the_finite_differences():
    # TF's CPU gradients of a DepthwiseConv2dNative both strided and dilated ignore the
    # dilations (its values are held to TF's by the fixture): graphgate's gradients, of
    # the op its public function now builds as the raw op does, are held to the function.
    rng = np.random.RandomState(0)
    xv, fv = rng.rand(1, 7, 7, 2), rng.rand(3, 3, 2, 2)
    with gg.Graph().as_default():
        x, f = gg.placeholder(gg.float64, xv.shape), gg.placeholder(gg.float64, fv.shape)
        y = gg.raw_ops.DepthwiseConv2dNative(
            input=x, filter=f, strides=[1, 2, 2, 1], padding="SAME", dilations=[1, 2, 2, 1]
        )
        loss = gg.reduce_sum(y * y)
        grads = gg.gradients(loss, [x, f])
        with gg.Session() as sess:
            gx, gf = sess.run(grads, {x: xv, f: fv})
            for value, grad, which in ((xv, gx, "x"), (fv, gf, "f")):
                for index in [(0,) * value.ndim, tuple(d // 2 for d in value.shape)]:
                    step = np.zeros_like(value)
                    step[index] = 1e-6
                    feeds = {x: xv, f: fv}
                    feeds[x if which == "x" else f] = value + step
                    up = sess.run(loss, feeds)
                    feeds[x if which == "x" else f] = value - step
                    down = sess.run(loss, feeds)
                    assert grad[index] == pytest.approx((up - down) / 2e-6, rel=1e-6), which
