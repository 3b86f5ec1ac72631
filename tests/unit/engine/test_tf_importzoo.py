"""Real models' graphs as TensorFlow 2.21 writes them in graph mode, after two training
steps: a frozen GraphDef (and an `optimize_for_inference` one), a `simple_save` SavedModel,
and the training `.meta` + checkpoint that `import_meta_graph` + `restore` continues
training from. graphgate imports each and computes TF's numbers
(tests/reference/tf_importzoo.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg

FIXTURES = Path(os.environ.get("IMPORTZOO", Path(__file__).parent / "fixtures" / "importzoo"))
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())
# Training graphs graphgate refuses, by the ops it names. TF's gradient of a while_loop
# (dynamic_rnn) is a documented refusal; lstm's stands for the other dynamic_rnn models
# (no .meta recorded for them). A `simple_save` of the training session holds the same
# graph, so it is refused alike.
STACKS = {"StackV2", "StackPushV2", "StackPopV2"}
REFUSED = {"lstm": STACKS}
# The formats recorded per model (SavedModels for a few: each holds its training graph,
# as the .meta does).
SAVED = sorted(n for n in EXPECTED if "saved" in EXPECTED[n] and n not in REFUSED)
TRAINED = sorted(n for n in EXPECTED if "meta" in EXPECTED[n] and n not in REFUSED)
# Variables whose gradient is exactly zero in exact arithmetic (a key's bias under softmax,
# a conv bias before a training-mode batch norm): both TF and graphgate compute rounding
# noise there, which Adam's normalised step turns into moves of up to its learning rate.
ZERO_GRADIENT = {
    "bert": {"layer_0/attention/key/bias", "layer_1/attention/key/bias"},
    "transformer": {"self_attn/key/bias"},
    "dcgan": {
        "discriminator/conv2d_1/bias",
        "generator/dense/bias",
        "generator/conv2d_transpose/bias",
    },
}


def value_of(doc: dict) -> np.ndarray:
    return np.asarray(doc["value"], doc["dtype"]).reshape(doc["shape"])


def assert_close(got: dict, want: dict) -> None:
    # float32's last bits: TF's tanh, exp, rsqrt and matmuls are Eigen's / oneDNN's.
    for key, doc in want.items():
        expected = value_of(doc)
        actual = np.asarray(got[key])
        assert actual.dtype == expected.dtype and actual.shape == expected.shape, key
        np.testing.assert_allclose(actual, expected, rtol=2e-5, atol=2e-6, err_msg=key)


def run_graph_def(name: str, file: str) -> dict:
    case = EXPECTED[name]
    graph_def = gg.GraphDef.FromString((FIXTURES / name / file).read_bytes())
    with gg.Graph().as_default():
        gg.import_graph_def(graph_def, name="")
        feeds = {k: value_of(case["feeds"][k]) for k in case["inputs"]}
        with gg.Session() as sess:
            return sess.run(case["outputs"], feeds)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_frozen_model_computes_what_tf_computed(name):
    assert_close(run_graph_def(name, "frozen.pb"), EXPECTED[name]["frozen"])


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if "optimized" in EXPECTED[n]))
def test_an_optimized_for_inference_model_computes_what_tf_computed(name):
    assert_close(run_graph_def(name, "optimized.pb"), EXPECTED[name]["optimized"])


@pytest.mark.parametrize("name", SAVED)
def test_a_simple_saved_model_serves_what_tf_served(name):
    case = EXPECTED[name]
    with gg.Graph().as_default(), gg.Session() as sess:
        meta = gg.saved_model.loader.load(sess, ["serve"], str(FIXTURES / name / "saved"))
        sig = meta.signature_def["serving_default"]
        got = sess.run(
            {k: v.name for k, v in sig.outputs.items()},
            {sig.inputs[k].name: value_of(case["feeds"][k + ":0"]) for k in sig.inputs},
        )
    assert_close(got, case["saved"])


@pytest.mark.parametrize("name", TRAINED)
def test_a_training_meta_graph_continues_training_as_tf(name):
    case = EXPECTED[name]
    feeds = {k: value_of(v) for k, v in case["feeds"].items()}
    with gg.Graph().as_default():
        saver = gg.train.import_meta_graph(str(FIXTURES / name / "model.meta"))
        with gg.Session() as sess:
            saver.restore(sess, str(FIXTURES / name / "model"))
            losses = [float(sess.run(["total_loss:0", "train"], feeds)[0]) for _ in range(3)]
            values = sess.run({v.op.name: v for v in gg.trainable_variables()})
    np.testing.assert_allclose(losses, case["meta"]["losses"], rtol=1e-4)
    assert sorted(values) == sorted(case["meta"]["variables"])
    for key, doc in case["meta"]["variables"].items():
        atol = 3e-2 if key in ZERO_GRADIENT.get(name, ()) else 1e-5
        np.testing.assert_allclose(values[key], value_of(doc), rtol=1e-4, atol=atol, err_msg=key)


@pytest.mark.parametrize("name", sorted(REFUSED))
@pytest.mark.parametrize("load", ["meta", "saved"])
def test_a_training_graph_graphgate_cannot_run_is_refused_naming_its_ops(name, load):
    with gg.Graph().as_default(), pytest.raises(ValueError) as info:
        if load == "meta":
            gg.train.import_meta_graph(str(FIXTURES / name / "model.meta"))
        else:
            gg.saved_model.loader.load(gg.Session(), ["serve"], str(FIXTURES / name / "saved"))
    assert info.value.code == "TF_GRAPH_UNSUPPORTED"
    problems = info.value.details["problems"]
    assert {p["op"] for p in problems} == REFUSED[name]
    if REFUSED[name] == STACKS:
        assert "convert_variables_to_constants" in problems[0]["reason"]


def test_tfs_batch_norm_gradient_nodes_compute_tfs_gradients():
    # GIVEN TF's FusedBatchNormGradV3 nodes (training and inference mode) in a GraphDef
    doc = json.loads((FIXTURES / "bn_grad.json").read_text())
    graph_def = gg.GraphDef.FromString((FIXTURES / "bn_grad.pb").read_bytes())
    with gg.Graph().as_default():
        gg.import_graph_def(graph_def, name="")
        with gg.Session() as sess:
            got = sess.run(doc["fetches"], {"x:0": value_of(doc["x"])})
    # THEN graphgate computes TF's gradients of x, scale and offset
    assert_close(got, doc["values"])


def test_broadcast_to_a_shape_computed_at_run_time_keeps_its_rank():
    # TF's gradient of reduce_mean broadcasts to Shape(x): the rank is known while building,
    # as TF's shape function knows it (a Conv2DBackpropInput after it needs the rank).
    with gg.Graph().as_default():
        x = gg.placeholder(gg.float32, [None, 4, 4, 6])
        y = gg.broadcast_to(gg.ones([1, 1, 1, 6]), gg.shape(x))
        assert y.shape.rank == 4
        with gg.Session() as sess:
            out = sess.run(y, {x: np.zeros([2, 4, 4, 6], np.float32)})
        assert out.shape == (2, 4, 4, 6)
        with pytest.raises(ValueError) as info:
            gg.broadcast_to(gg.ones([2, 3, 4]), gg.shape(gg.placeholder(gg.float32, [None, 3])))
        assert info.value.code == "SHAPE_MISMATCH"


OPTIMIZERS = json.loads((FIXTURES / "optimizers" / "expected.json").read_text())


@pytest.mark.parametrize("name", sorted(set(OPTIMIZERS) - {"feeds"}))
def test_tfs_fused_ftrl_and_proximal_adagrad_nodes_train_as_tf(name):
    # GIVEN TF's training .meta of a weight and an embedding under Ftrl or ProximalAdagrad
    # (Apply* and SparseApply* nodes; l1, l2, a power other than -0.5)
    want = OPTIMIZERS[name]
    feeds = {k: value_of(v) for k, v in OPTIMIZERS["feeds"].items()}
    with gg.Graph().as_default():
        saver = gg.train.import_meta_graph(str(FIXTURES / "optimizers" / f"{name}.meta"))
        with gg.Session() as sess:
            saver.restore(sess, str(FIXTURES / "optimizers" / name))
            losses = [float(sess.run(["total_loss:0", "train"], feeds)[0]) for _ in range(3)]
            values = sess.run({v.op.name: v for v in gg.global_variables()})
    # THEN three steps move the loss, the variables and the slots as TF's kernels
    np.testing.assert_allclose(losses, want["losses"], rtol=1e-5)
    assert sorted(values) == sorted(want["variables"])
    for key, doc in want["variables"].items():
        np.testing.assert_allclose(values[key], value_of(doc), rtol=1e-5, atol=1e-6, err_msg=key)


def test_run_time_ftrl_power_and_proximal_l1_take_the_kernels_branches():
    # GIVEN raw ApplyFtrl and ApplyProximalAdagrad whose lr_power and l1 are fed tensors
    fed = json.loads((FIXTURES / "optimizers" / "fed.json").read_text())
    graph_def = gg.GraphDef.FromString((FIXTURES / "optimizers" / "fed.pb").read_bytes())
    with gg.Graph().as_default():
        gg.import_graph_def(graph_def, name="")
        with gg.Session() as sess:
            sess.run("init")
            # WHEN each runs with each of its kernel's branches (-0.5 and -0.7; l1 0.05, 0)
            for (op, feed), want in zip(fed["runs"], fed["after"], strict=True):
                sess.run(op, feed)
                got = {name: sess.run(f"{name}:0") for name in want}
                # THEN every variable and slot is TF's after each run
                for name, doc in want.items():
                    np.testing.assert_allclose(
                        got[name], value_of(doc), rtol=1e-6, atol=1e-7, err_msg=f"{op} {name}"
                    )
