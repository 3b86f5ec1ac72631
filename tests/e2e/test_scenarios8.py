"""Journeys a user made from README.md and docs/ alone, round 8: a reader who runs every
```python block of docs/ exactly as the page prints it (the names the page leaves to the
reader made beforehand, its placeholders filled), against the local runner where the
block talks to the service, and holds each to what its comments say it gives, and who
runs each of docs/examples/ as its docstring says; a script author who asks every CLI
command for its help and meets every exit code client.md lists; an ONNX model served by
KServe and TF Serving and scored in shards, as onnxruntime scores it
(`tests/reference/scenarios8_onnx.py`); a Keras notebook killed mid-run, attached to,
resumed and served; a team on one free tenant at its scopes, rate and quota, then
upgraded. Each test pins a place where the product answered otherwise than the docs
promised, or one the docs promise and a change could break."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

import graphgate as gg
from tests.e2e import docblocks
from tests.support import REPO_ROOT, clear_of_utc_midnight, seconds_to_utc_midnight

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]


@dataclass
class Reader:
    """Where a reader runs a block: a directory of their own, the runner's URL and a key
    in the environment (client.md's configuration), and what the page left to them."""

    url: str
    key: str
    cwd: Path
    stack: contextlib.ExitStack
    made: dict[str, Any] = field(default_factory=dict)  # models made once per tenant

    def api(self) -> Any:
        from graphgate.client import Client

        return self.stack.enter_context(Client(self.url, self.key))

    def graph(self) -> gg.Graph:
        """A fresh default graph for a block that builds into the default one."""
        return self.stack.enter_context(gg.Graph().as_default())


@pytest.fixture(scope="module")
def key(runner):
    return runner.create_tenant("scenarios8-docs", plan="pro")["api_key"]


@pytest.fixture(scope="module")
def made() -> dict[str, Any]:
    return {}


@pytest.fixture
def reader(runner, key, made, tmp_path, monkeypatch) -> Iterator[Reader]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GRAPHGATE_API_URL", runner.url)
    monkeypatch.setenv("GRAPHGATE_API_KEY", key)
    monkeypatch.setenv("GRAPHGATE_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.delenv("GRAPHGATE_PROFILE", raising=False)
    with contextlib.ExitStack() as stack:
        yield Reader(runner.url, key, tmp_path, stack, made)


RNG = np.random.default_rng(8)


# -- what pages leave to the reader -------------------------------------------------------


def _regression() -> dict[str, Any]:
    """client.md's first block's graph and data, which its later blocks go on with."""
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        y = gg.placeholder(gg.float32, [None, 1], name="y")
        w = gg.Variable(gg.zeros([2, 1]), name="w")
        b = gg.Variable(0.0, name="b")
        loss = gg.reduce_mean(gg.square(gg.matmul(x, w) + b - y), name="loss")
        train = gg.train.GradientDescentOptimizer(0.1).minimize(loss)
    points = np.random.default_rng(0).normal(size=(100, 2)).astype(np.float32)
    targets = (points @ [[2.0], [-1.0]] + 0.5).astype(np.float32)
    return {
        "gg": gg,
        "np": np,
        "graph": graph,
        "x": x,
        "y": y,
        "w": w,
        "b": b,
        "loss": loss,
        "train": train,
        "points": points,
        "targets": targets,
    }


WEIGHTS = RNG.normal(size=(4, 3)).astype(np.float32)


def _classifier() -> dict[str, Any]:
    """A digits-like classifier: `x` (4 pixels) to `probs` over 3 classes and `label`."""
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [None, 4], name="x")
        w = gg.Variable(WEIGHTS, name="w")
        logits = gg.matmul(x, w, name="logits")
        probs = gg.nn.softmax(logits, name="probs")
        label = gg.argmax(probs, 1, name="label")
        gg.reduce_mean(gg.square(logits), name="loss")
    return {"gg": gg, "np": np, "graph": graph, "x": x, "probs": probs, "label": label}


def _softmax(rows: np.ndarray) -> np.ndarray:
    logits = rows @ WEIGHTS
    e = np.exp(logits - logits.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)


def _digits(reader: Reader) -> str:
    """Model `digits`, label `stable`: `images` in, `probabilities` out; its session's id."""
    if "digits" not in reader.made:
        api = reader.api()
        stored = api.upload_graph(_classifier()["graph"], "digits")
        session = api.create_session(stored["id"])
        api.create_model_version(
            "digits", session["id"], {"images": "x:0"}, {"probabilities": "probs:0"}
        )
        api.set_label("digits", "stable", 1)
        reader.made["digits"] = session["id"]
    return reader.made["digits"]


def _estimator_export(
    reader: Reader, name: str, estimator: Any, columns: list, data: dict, labels: np.ndarray
) -> str:
    fc = gg.feature_column
    with gg.Graph().as_default():
        est = estimator(columns, model_dir=str(reader.cwd / name / "model"))
        est.train(gg.estimator.inputs.numpy_input_fn(data, labels, shuffle=False), steps=5)
        receiver = gg.estimator.export.build_parsing_serving_input_receiver_fn(
            fc.make_parse_example_spec(columns)
        )
        path = est.export_saved_model(str(reader.cwd / name / "export"), receiver)
    return path if isinstance(path, str) else path.decode()


def _census_and_prices(reader: Reader) -> None:
    """models.md's `census` (classify) and `prices` (regress) models."""
    if "census" in reader.made:
        return
    fc = gg.feature_column
    census = [
        fc.numeric_column("age", dtype=gg.int64),  # `"age": 39` is an int64 feature
        fc.categorical_column_with_vocabulary_list("occupation", ["tech", "arts"]),
        fc.categorical_column_with_vocabulary_list("country", ["nz", "fr"]),
    ]
    people = {
        "age": np.array([[39], [50]], np.int64),
        "occupation": np.array([["tech"], ["arts"]]),
        "country": np.array([["nz"], ["fr"]]),
    }
    census_dir = _estimator_export(
        reader,
        "census",
        gg.estimator.LinearClassifier,
        census,
        people,
        np.array([[0], [1]], np.int64),
    )
    prices = [fc.numeric_column("x", shape=(2,))]
    prices_dir = _estimator_export(
        reader,
        "prices",
        gg.estimator.LinearRegressor,
        prices,
        {"x": np.array([[1.0, 2.0], [0.5, -1.0]], np.float32)},
        np.array([[1.7], [0.2]], np.float32),
    )
    api = reader.api()
    api.create_model_version_from_saved_model("census", census_dir)
    api.create_model_version_from_saved_model("prices", prices_dir)
    reader.made["census"] = True


# -- the blocks -----------------------------------------------------------------------------
# Each block, by its page and first line: what the page left to the reader (names, and
# the placeholders it prints for the reader to fill), and what its comments say it gives.


@dataclass
class Given:
    names: dict[str, Any]
    fill: dict[str, str] = field(default_factory=dict)


Check = Callable[[docblocks.Ran], None]
# (page, how the block's first line starts) -> what it needs, what it gives
CASES: dict[tuple[str, str], tuple[Callable[[Reader], Given], Check]] = {}


def case(page: str, first_line: str) -> Callable:
    def register(setup: Callable[[Reader], Given]) -> Callable:
        CASES[(page, first_line)] = (setup, getattr(setup, "check", lambda ran: None))
        return setup

    return register


def cases_of(block: docblocks.Block) -> list[tuple[str, str]]:
    page, first = block.key
    return [key for key in CASES if key[0] == page and first.startswith(key[1])]


def checked_by(check: Check) -> Callable:
    def attach(setup: Callable) -> Callable:
        setup.check = check
        return setup

    return attach


def _remote_regression(reader: Reader) -> dict[str, Any]:
    names = _regression()
    names["sess"] = reader.stack.enter_context(gg.RemoteSession(graph=names["graph"]))
    return names


# client.md


def _trained_to_the_line(ran: docblocks.Ran) -> None:
    # 100 steps of gradient descent on exact linear targets: w is [[2], [-1]]
    printed = [float(n) for n in re.findall(r"-?\d+\.\d*(?:e-?\d+)?", ran.stdout)]
    assert printed[0] < 1e-3 and printed[1:] == pytest.approx([2.0, -1.0], abs=1e-4), ran.stdout


@case("client.md", "import numpy as np")
@checked_by(_trained_to_the_line)
def _client_remote_session(reader: Reader) -> Given:
    return Given({})


def _served(ran: docblocks.Ran) -> None:
    values, batch = ran.values, ran.namespace["batch"]
    predicted = values['model.predict({"images": batch})["probabilities"]']
    np.testing.assert_allclose(predicted, _softmax(batch), rtol=1e-5)
    assert values["model.last_version"] == 1
    (pairs,) = next(v for k, v in values.items() if k.startswith("census.classify"))
    assert [label for label, _ in pairs] == ["0", "1"]  # "each example's (label, score) pairs"
    assert sum(score for _, score in pairs) == pytest.approx(1.0, abs=1e-6)
    (value,) = next(v for k, v in values.items() if k.startswith("prices.regress"))
    assert isinstance(value, float)  # "one value per example"


@case("client.md", 'model = gg.serving.Client("digits"')
@checked_by(_served)
def _client_serving(reader: Reader) -> Given:
    _digits(reader)
    _census_and_prices(reader)
    return Given({"gg": gg, "batch": RNG.normal(size=(5, 4)).astype(np.float32)})


def _ran_async(ran: docblocks.Ran) -> None:
    history = ran.values["handle.history(loss)"]
    assert history[-1][0] == 5000 and history[1][0] - history[0][0] == 25  # every 25 steps
    assert ran.namespace["final_loss"] == pytest.approx(history[-1][1])
    assert ran.values["handle.cancel()"] is False  # "False if it had already finished"
    assert "succeeded 5000" in ran.stdout


@case("client.md", "handle = sess.run(")
@checked_by(_ran_async)
def _client_async(reader: Reader) -> Given:
    names = _remote_regression(reader)
    names["feed_dict"] = {names["x"]: names["points"], names["y"]: names["targets"]}
    return Given(names)


def _trained_on_a_dataset(ran: docblocks.Ran) -> None:
    assert ran.namespace["dataset"]["status"] == "ready"
    assert ran.namespace["final_loss"] < 0.5  # ten epochs from w = 0 (loss 5.6)


@case("client.md", "with gg.RemoteSession(graph=graph) as sess:")
@checked_by(_trained_on_a_dataset)
def _client_dataset(reader: Reader) -> Given:
    names = _regression()
    names["features"], names["labels"] = names["points"][:64], names["targets"][:64]
    return Given(names)


def _scored(ran: docblocks.Ran) -> None:
    pixels = ran.namespace["pixels"]
    np.testing.assert_allclose(ran.namespace["out"]["probs"], _softmax(pixels), rtol=1e-5)
    assert ran.values['handle.progress()["shards"]']["total"] == 1  # 300 rows, 62,500 a shard
    assert ran.values["handle.cancel()"] is False


@case("client.md", "handle = sess.run_batch(")
@checked_by(_scored)
def _client_batch(reader: Reader) -> Given:
    names = _classifier()
    names["sess"] = reader.stack.enter_context(gg.RemoteSession(graph=names["graph"]))
    names["pixels"] = RNG.normal(size=(300, 4)).astype(np.float32)
    return Given(names)


def _every_route_as_a_call(ran: docblocks.Ran) -> None:
    assert ran.namespace["stored"]["content_hash"].startswith("sha256:")  # found or created
    assert ran.namespace["session"]["id"].startswith("s_")
    assert "'period': 'DAY'" in ran.stdout.strip().splitlines()[-1], ran.stdout  # the quota


@case("client.md", "from graphgate.client import Client")
@checked_by(_every_route_as_a_call)
def _client_routes(reader: Reader) -> Given:
    return Given(_regression())


# batches.md


def _scored_two_outputs(ran: docblocks.Ran) -> None:
    pixels, out = ran.namespace["pixels"], ran.namespace["out"]
    np.testing.assert_allclose(out["probs"], _softmax(pixels), rtol=1e-5)
    np.testing.assert_array_equal(out["label"], _softmax(pixels).argmax(1))
    assert ran.values["handle.cancel()"] is False  # "False once it has ended"


@case("batches.md", "with gg.RemoteSession(url")
@checked_by(_scored_two_outputs)
def _batches_client(reader: Reader) -> Given:
    names = _classifier()
    names.update(url=reader.url, key=reader.key)
    names["pixels"] = RNG.normal(size=(300, 4)).astype(np.float32)
    return Given(names)


# datasets.md


def _records_uploaded(ran: docblocks.Ran) -> None:
    # the comment prints the rows and the labels' array: the file's 150 records, int64
    assert ran.stdout.strip() == "150 {'dtype': 'int64', 'shape': [150]}", ran.stdout
    assert ran.namespace["dataset"]["arrays"]["x"] == {"dtype": "float32", "shape": [150, 4]}


@case("datasets.md", "import graphgate.compat.v1 as tf")
@checked_by(_records_uploaded)
def _datasets_tfrecords(reader: Reader) -> Given:
    # the TFRecord file TF wrote for test_scenarios21.py's data scientist
    shutil.copy(REPO_ROOT / "tests/e2e/fixtures/scenarios21/train.tfrecord", "train.tfrecord")
    return Given({})


# models.md


def _a_saved_model(reader: Reader, export_dir: str) -> None:
    """A graphgate `simple_save` of the classifier, as engine.md writes one."""
    names = _classifier()
    with gg.Session(names["graph"]) as sess:
        sess.run(gg.global_variables_initializer(names["graph"]))
        gg.saved_model.simple_save(
            sess,
            export_dir,
            inputs={"images": names["x"]},
            outputs={"probabilities": names["probs"]},
        )


def _versioned(ran: docblocks.Ran) -> None:
    (version,) = [v for k, v in ran.values.items() if k.startswith("client.create_model_version")]
    assert version["version"] >= 2  # the next version of `digits`
    assert [i["name"] for i in version["signature"]["inputs"]] == ["images"]


@case("models.md", "client.create_model_version_from_saved_model(")
@checked_by(_versioned)
def _models_saved_model(reader: Reader) -> Given:
    _digits(reader)  # the model exists; this is its next version
    _a_saved_model(reader, "export/3")
    return Given({"client": reader.api()})


def _exported(ran: docblocks.Ran) -> None:
    assert ran.values['client.export_saved_model("digits", "export/3", version=3)'] == 3
    for export in ("export/3", "export/1"):
        assert Path(export, "saved_model.pb").is_file()
        assert Path(export, "variables", "variables.index").is_file()


@case("models.md", "client.export_saved_model(")
@checked_by(_exported)
def _models_export(reader: Reader) -> Given:
    session_id = _digits(reader)
    api = reader.api()
    while api.get_model("digits")["latest_version"] < 3:
        api.create_model_version(
            "digits", session_id, {"images": "x:0"}, {"probabilities": "probs:0"}
        )
    return Given({"client": api}, {"s_…": session_id})


def _exported_from_h5(ran: docblocks.Ran) -> None:
    assert Path("export/1/saved_model.pb").is_file()


@case("models.md", "import graphgate as tf")
@checked_by(_exported_from_h5)
def _models_h5(reader: Reader) -> Given:
    with gg.Graph().as_default():
        keras = gg.keras
        model = keras.Sequential([keras.layers.Dense(3, activation="softmax", input_shape=(4,))])
        model.save("model.h5")
    reader.graph()
    return Given({})


def _predicted_and_attached(ran: docblocks.Ran) -> None:
    batch = ran.namespace["batch"]
    np.testing.assert_allclose(ran.namespace["probabilities"], _softmax(batch), rtol=1e-5)
    assert ran.values["model.last_version"] in (1, 2)
    (loss,) = [v for k, v in ran.values.items() if k.startswith("sess.run")]
    assert loss == pytest.approx(np.mean(np.square(batch @ WEIGHTS)), rel=1e-5)


@case("models.md", "import graphgate as gg")
@checked_by(_predicted_and_attached)
def _models_python(reader: Reader) -> Given:
    session_id = _digits(reader)
    return Given({"batch": RNG.normal(size=(5, 4)).astype(np.float32)}, {"s_…": session_id})


def _three_protocols(ran: docblocks.Ran) -> None:
    batch = ran.namespace["batch"]
    np.testing.assert_allclose(ran.namespace["probabilities"], _softmax(batch), rtol=1e-5)
    np.testing.assert_allclose(ran.namespace["predictions"], _softmax(batch), rtol=1e-5)


@case("models.md", "import numpy as np, requests")
@checked_by(_three_protocols)
def _models_protocol_clients(reader: Reader) -> Given:
    _digits(reader)
    batch = RNG.normal(size=(5, 4)).astype(np.float32)
    return Given(dict(API=reader.url, KEY=reader.key, batch=batch))  # the page's shell names


# onnx.md


def _onnx_mlp(path: str, input_name: str = "input") -> None:
    """A torch-exported-looking MLP: `input` -> /fc1/Relu_output_0 -> `logits` -> `probs`."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(1)
    weights = {
        "w1": rng.normal(size=(4, 8)).astype(np.float32),
        "b1": np.zeros(8, np.float32),
        "w2": rng.normal(size=(8, 3)).astype(np.float32),
        "b2": np.zeros(3, np.float32),
    }
    nodes = [
        helper.make_node(
            "MatMul", [input_name, "w1"], ["/fc1/MatMul_output_0"], name="/fc1/MatMul"
        ),
        helper.make_node(
            "Add", ["/fc1/MatMul_output_0", "b1"], ["/fc1/Add_output_0"], name="/fc1/Add"
        ),
        helper.make_node("Relu", ["/fc1/Add_output_0"], ["/fc1/Relu_output_0"], name="/fc1/Relu"),
        helper.make_node(
            "MatMul", ["/fc1/Relu_output_0", "w2"], ["/fc2/MatMul_output_0"], name="/fc2/MatMul"
        ),
        helper.make_node("Add", ["/fc2/MatMul_output_0", "b2"], ["logits"], name="/fc2/Add"),
        helper.make_node("Softmax", ["logits"], ["probs"], name="/Softmax", axis=1),
    ]
    graph = helper.make_graph(
        nodes,
        "mlp",
        [helper.make_tensor_value_info(input_name, TensorProto.FLOAT, ["batch", 4])],
        [
            helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 3]),
            helper.make_tensor_value_info("probs", TensorProto.FLOAT, ["batch", 3]),
        ],
        [numpy_helper.from_array(value, name) for name, value in weights.items()],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.save(model, path)


def _imported(ran: docblocks.Ran) -> None:
    probs, hidden = ran.namespace["probs"], ran.namespace["hidden"]
    assert probs.shape == (6, 3) and np.allclose(probs.sum(1), 1.0, atol=1e-6)
    assert hidden.shape == (6, 8) and (hidden >= 0).all()  # a ReLU's output


@case("onnx.md", "import numpy as np")
@checked_by(_imported)
def _onnx_import(reader: Reader) -> Given:
    _onnx_mlp("model.onnx")
    return Given({"x": RNG.normal(size=(6, 4)).astype(np.float32)})


def _fine_tuned(ran: docblocks.Ran) -> None:
    graph, _ = gg.import_onnx("tuned.onnx")
    x, y = ran.namespace["x"], ran.namespace["y"]
    with gg.Session(graph) as sess:
        sess.run(gg.global_variables_initializer(graph))
        accuracy = (sess.run("probs:0", {"input": x}).argmax(1) == y).mean()
    assert accuracy >= 0.9  # 100 steps on a separable problem


@case("onnx.md", 'graph, values = gg.import_onnx("classifier.onnx")')
@checked_by(_fine_tuned)
def _onnx_fine_tune(reader: Reader) -> Given:
    _onnx_mlp("classifier.onnx")
    x = RNG.normal(size=(64, 4)).astype(np.float32)
    return Given({"gg": gg, "x": x, "y": (x[:, 0] > 0).astype(np.int64)})


def _exported(ran: docblocks.Ran) -> None:
    graph, _ = gg.import_onnx("model.onnx")
    rows = RNG.normal(size=(3, 4)).astype(np.float32)
    with gg.Session(graph) as sess:
        sess.run(gg.global_variables_initializer(graph))
        np.testing.assert_allclose(sess.run("probs:0", {"x": rows}), _softmax(rows), rtol=1e-5)


@case("onnx.md", "model = gg.export_onnx(")
@checked_by(_exported)
def _onnx_export(reader: Reader) -> Given:
    names = _classifier()
    sess = reader.stack.enter_context(gg.Session(names["graph"]))
    sess.run(gg.global_variables_initializer(names["graph"]))
    return Given({**names, "sess": sess})


# engine.md


def _tutorial() -> dict[str, Any]:
    with gg.Graph().as_default() as graph:
        a = gg.constant(15.0, name="a")
        b = gg.constant(5.0, name="b")
        res = gg.divide(gg.multiply(a, b), gg.add(a, b))
    return {"gg": gg, "graph": graph, "fetches": res}


@case("engine.md", "import graphgate as gg")
@checked_by(lambda ran: _equal(ran.stdout, "3.75\n"))
def _engine_tutorial(reader: Reader) -> Given:
    return Given({})


def _equal(got: Any, expected: Any) -> None:
    assert got == expected


@case("engine.md", "sess = gg.Session(")
@checked_by(lambda ran: _equal(list(ran.values.values()), [3.75]))
def _engine_session(reader: Reader) -> Given:
    return Given(_tutorial())


@case("engine.md", "v = gg.Variable(1.0)")
@checked_by(
    lambda ran: _equal(ran.values["sess.run([v * 1.0, v, inc, after])"], [1.0, 11.0, 11.0, 11.0])
)
def _engine_read_in_a_run(reader: Reader) -> Given:
    reader.graph()
    return Given({"gg": gg, "sess": reader.stack.enter_context(gg.Session())})


def _control_flow_ran(ran: docblocks.Ran) -> None:
    names = ran.namespace
    with gg.Session() as sess:
        sess.run(gg.global_variables_initializer())
        assert sess.run(names["y"], {names["x"]: 3.0}) == 6.0
        assert sess.run(names["y"], {names["x"]: -1.0}) == 1.0  # the assign ran: v 0 -> 1
        assert sess.run(names["r"], {names["x"]: 12.0}) == 2.0
        assert sess.run(names["i"]) == 5
        m = np.arange(6, dtype=np.float32).reshape(2, 3)
        np.testing.assert_array_equal(sess.run(names["squares"]), m * m)
        np.testing.assert_array_equal(sess.run(names["total"]), m.sum(0))


@case("engine.md", "y = gg.cond(")
@checked_by(_control_flow_ran)
def _engine_control_flow(reader: Reader) -> Given:
    reader.graph()
    return Given(
        {
            "gg": gg,
            "x": gg.placeholder(gg.float32, [], name="x"),
            "v": gg.Variable(0.0),
            "n": gg.constant(5),
            "m": gg.constant(np.arange(6, dtype=np.float32).reshape(2, 3)),
        }
    )


def _rnn_built(ran: docblocks.Ran) -> None:
    assert ran.namespace["outputs"].shape.as_list() == [None, 5, 64]
    assert ran.namespace["acc_update"] is not None


@case("engine.md", "cell = gg.nn.rnn_cell.LSTMCell(")
@checked_by(_rnn_built)
def _engine_rnn(reader: Reader) -> Given:
    reader.graph()
    return Given(
        {
            "gg": gg,
            "x": gg.placeholder(gg.float32, [None, 5, 3]),
            "lengths": gg.placeholder(gg.int32, [None]),
            "labels": gg.placeholder(gg.int64, [None]),
            "logits": gg.placeholder(gg.float32, [None, 4]),
        }
    )


def _decoded(ran: docblocks.Ran) -> None:
    names = ran.namespace
    with gg.Session() as sess:
        sess.run(gg.global_variables_initializer())
        loss, likelihood = sess.run([names["loss"], names["log_likelihood"]])
    assert np.isfinite(loss) and loss > 0 and np.all(likelihood < 0)


@case("engine.md", "s2s = gg.contrib.seq2seq")
@checked_by(_decoded)
def _engine_seq2seq(reader: Reader) -> Given:
    reader.graph()
    rng = np.random.default_rng(2)

    def const(*shape: int) -> gg.Tensor:
        return gg.constant(rng.normal(size=shape).astype(np.float32))

    return Given(
        {
            "gg": gg,
            "batch": 2,
            "encoder_outputs": const(2, 7, 64),
            "src_len": gg.constant([7, 4]),
            "tgt_len": gg.constant([6, 6]),
            "encoder_state": gg.nn.rnn_cell.LSTMStateTuple(const(2, 64), const(2, 64)),
            "tgt_emb": const(2, 6, 16),
            "vocab": 11,
            "tgt_out": gg.constant(rng.integers(0, 11, size=(2, 6)).astype(np.int32)),
            "weights": gg.ones([2, 6]),
            "scores": const(2, 6, 5),
            "tags": gg.constant(rng.integers(0, 5, size=(2, 6)).astype(np.int32)),
        }
    )


def _bags_of_words(ran: docblocks.Ran) -> None:
    first, second = ran.values.values()
    table = ran.namespace["table_value"]
    np.testing.assert_allclose(first, [table[[1, 2]].mean(0), table[[7]].mean(0)], rtol=1e-6)
    np.testing.assert_array_equal(first, second)  # "the same"


@case("engine.md", "ids = gg.sparse_placeholder(")
@checked_by(_bags_of_words)
def _engine_sparse(reader: Reader) -> Given:
    reader.graph()
    table = RNG.normal(size=(10, 4)).astype(np.float32)
    return Given(
        {
            "gg": gg,
            "table": gg.constant(table),
            "table_value": table,
            "sess": reader.stack.enter_context(gg.Session()),
            "indices": np.array([[0, 0], [0, 1], [1, 0]], np.int64),
            "values": np.array([1, 2, 7], np.int64),
            "dense_shape": np.array([2, 50], np.int64),
        }
    )


@case("engine.md", "saver = gg.train.import_meta_graph(")
@checked_by(lambda ran: _equal(ran.namespace["train_op"].type, "NoOp"))
def _engine_meta_graph(reader: Reader) -> Given:
    names = _regression()
    with names["graph"].as_default():
        step = gg.train.get_or_create_global_step()
        train = gg.train.GradientDescentOptimizer(0.1).minimize(names["loss"], global_step=step)
        gg.add_to_collection("train_op", train)
        saver = gg.train.Saver()
        with gg.Session() as sess:
            sess.run(gg.global_variables_initializer())
            saver.save(sess, "dir/model.ckpt", global_step=100)
    reader.graph()
    return Given({"gg": gg})


def _saved_and_loaded(ran: docblocks.Ran) -> None:
    assert ran.values["builder.save()"] == b"export/2/saved_model.pb"  # as TF: the dir as given
    sig, rows = ran.namespace["sig"], ran.namespace["rows"]
    assert set(sig.inputs) == {"x"} and set(sig.outputs) == {"y"}
    with gg.Session(graph=gg.Graph()) as sess:
        gg.saved_model.loader.load(sess, ["serve"], "export/1")
        np.testing.assert_allclose(
            sess.run(sig.outputs["y"].name, {sig.inputs["x"].name: rows}), _softmax(rows), rtol=1e-5
        )


@case("engine.md", "tf.saved_model.simple_save(")
@checked_by(_saved_and_loaded)
def _engine_saved_model(reader: Reader) -> Given:
    import graphgate.compat.v1 as tf

    names = _classifier()
    reader.stack.enter_context(names["graph"].as_default())
    sess = reader.stack.enter_context(gg.Session(names["graph"]))
    sess.run(gg.global_variables_initializer(names["graph"]))
    rows = RNG.normal(size=(3, 4)).astype(np.float32)
    return Given({"tf": tf, "sess": sess, "x": names["x"], "y": names["probs"], "rows": rows})


@case("engine.md", "step = tf.train.get_or_create_global_step()")
@checked_by(lambda ran: _equal(Path("ckpt/model.ckpt-1000.index").is_file(), True))
def _engine_monitored(reader: Reader) -> Given:
    import graphgate.compat.v1 as tf

    reader.graph()
    x = tf.placeholder(tf.float32, [None, 2])
    loss = tf.reduce_mean(tf.square(tf.layers.dense(x, 1) - 1.0))
    return Given({"tf": tf, "x": x, "loss": loss, "batch": np.ones((4, 2), np.float32)})


def _served_by_name(ran: docblocks.Ran) -> None:
    names = ran.namespace
    assert names["result"][0] > 0  # the loss
    assert not np.array_equal(names["stored_values"]["w"], np.zeros((2, 1)))  # a step ran


@case("engine.md", "from graphgate import graph_from_dict")
@checked_by(_served_by_name)
def _engine_for_the_service(reader: Reader) -> Given:
    names = _regression()
    return Given(
        {
            "document": gg.graph_to_dict(names["graph"]),
            "limits": gg.Limits(),
            "stored_values": {"w": np.zeros((2, 1), np.float32), "b": np.float32(0.0)},
            "fetches_by_name": ["loss"],
            "feed_dict_by_name": {"x": names["points"], "y": names["targets"]},
            "target_names": [names["train"].name],
        }
    )


def _fitted(ran: docblocks.Ran) -> None:
    # "{'loss': [...], 'acc': [...], 'val_loss': [...], 'val_acc': [...]}"
    history = ran.values["history.history"]
    assert sorted(history) == ["acc", "loss", "val_acc", "val_loss"]
    assert all(len(values) == 5 for values in history.values())


@case("engine.md", "import graphgate as tf")
@checked_by(_fitted)
def _engine_keras(reader: Reader) -> Given:
    reader.graph()
    x_train = RNG.normal(size=(40, 4)).astype(np.float32)
    y_train = np.eye(3, dtype=np.float32)[RNG.integers(0, 3, size=40)]
    return Given(
        {
            "batch": RNG.normal(size=(8, 4)).astype(np.float32),
            "x_train": x_train,
            "y_train": y_train,
        }
    )


# -- the journeys ---------------------------------------------------------------------------


def test_every_python_block_in_the_docs_is_one_case_here_and_every_case_a_block():
    matched = [cases_of(block) for block in docblocks.blocks()]
    assert all(len(keys) == 1 for keys in matched), matched
    assert sorted(key for (key,) in matched) == sorted(CASES)


@pytest.mark.parametrize(
    "block", docblocks.blocks(), ids=lambda block: f"{block.page}:{block.line}"
)
def test_a_python_block_of_the_docs_runs_as_written_and_gives_what_it_says(reader, block):
    (key,) = cases_of(block)
    setup, check = CASES[key]
    given = setup(reader)
    ran = docblocks.run(block, dict(given.names), given.fill)
    check(ran)


@pytest.mark.parametrize(
    "script", sorted((REPO_ROOT / "docs" / "examples").glob("*.py")), ids=lambda path: path.name
)
def test_each_example_runs_as_its_docstring_says(script):
    # GIVEN the command line its docstring prints, run from the repository's root
    lines = script.read_text().splitlines()
    (command,) = [line.strip() for line in lines if line.strip().startswith(".venv/")]
    assert command == f".venv/bin/python docs/examples/{script.name}"
    done = subprocess.run(
        [sys.executable, str(script.relative_to(REPO_ROOT))],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"},
    )
    # THEN it ends well and prints what it learned
    assert done.returncode == 0 and not done.stderr, done.stderr
    assert done.stdout.strip(), "printed nothing"


# -- the command line, every command and every exit code -------------------------------------


def _cli(*argv: str) -> tuple[int, str, str]:
    """`graphgate ARGV` in this process: its exit code, stdout and stderr."""
    from graphgate import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(list(argv), stdout=out)
        except SystemExit as exit_:  # argparse: --help, or arguments it refuses
            code = exit_.code
    return code, out.getvalue(), err.getvalue()


def _commands() -> Iterator[tuple[list[str], bool]]:
    """Every command path of the parser, and whether it is a group of commands."""
    import argparse

    from graphgate import cli

    def walk(parser: argparse.ArgumentParser, path: list[str]) -> Iterator:
        groups = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if path:
            yield path, bool(groups)
        for group in groups:
            for name, sub in group.choices.items():
                yield from walk(sub, [*path, name])

    yield from walk(cli._parser(), [])


def test_every_command_helps_on_stdout_and_every_group_alone_names_its_commands():
    commands = list(_commands())
    assert len(commands) > 40  # nine groups and their commands, aliases included
    for path, is_group in commands:
        # WHEN a user asks any command for its help
        code, out, err = _cli(*path, "--help")
        # THEN it is on stdout, exit 0, naming the command it helps with
        assert code == 0 and not err, (path, err)
        shown = [p for p in path if p not in ("list", "delete")]  # aliases show `ls`, `rm`
        assert out.startswith("usage: graphgate " + " ".join(shown)), (path, out[:200])
        if not is_group:
            continue
        # AND a group typed alone is a usage error listing the group's own commands
        code, out, err = _cli(*path)
        members = {p[-1] for p, _ in commands if p[:-1] == path}
        assert code == 2 and not out and err.startswith(f"usage: graphgate {path[0]} "), err
        assert members <= set(re.findall(r"[\w-]+", err.split("commands:", 1)[1])), err


@pytest.fixture
def shell(runner, tmp_path, monkeypatch):
    """A user's shell: the runner configured in the environment, a directory of theirs."""
    key = runner.create_tenant("scenarios8-cli", plan="pro")["api_key"]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GRAPHGATE_API_URL", runner.url)
    monkeypatch.setenv("GRAPHGATE_API_KEY", key)
    monkeypatch.setenv("GRAPHGATE_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.delenv("GRAPHGATE_PROFILE", raising=False)
    return SimpleNamespace(url=runner.url, key=key, dir=tmp_path)


def _session(shell: SimpleNamespace) -> tuple[str, str]:
    """A stored graph (`y = x * v`, a `bump` op) and a session on it."""
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [None], name="x")
        v = gg.Variable(1.0, name="v")
        gg.multiply(x, v, name="y")
        gg.assign_add(v, 1.0, name="bump")
    Path("g.json").write_text(json.dumps(gg.graph_to_dict(graph)))
    code, out, err = _cli("graphs", "create", "g.json", "--name", "g", "-o", "json")
    assert code == 0, err
    graph_id = json.loads(out)["id"]
    code, out, err = _cli("sessions", "create", graph_id, "-o", "json")
    assert code == 0, err
    return graph_id, json.loads(out)["id"]


def test_each_exit_code_client_md_lists_is_what_a_script_gets(shell):
    from graphgate import cli

    graph_id, session_id = _session(shell)
    # 0: success
    assert _cli("run", graph_id, "y", "--feed", "x=[1, 2]")[0] == cli.OK
    # 2: bad arguments or input file, no configuration
    unwritable = [
        ("sessions", "vars", session_id, "--npz", "no/such/dir/v.npz"),
        ("sessions", "vars", session_id, "--npz", "."),
        ("run", graph_id, "y", "--feed", "x=[1]", "--trace", "no/such/dir/t.json"),
        ("graphs", "export", graph_id, "no/such/dir/m.onnx"),
        ("batches", "watch", "b_x", "--out", "no/such/dir/o.npz"),
    ]
    for argv in unwritable:  # refused before any request: nothing done is lost
        code, _, err = _cli(*argv)
        assert code == cli.USAGE and ("no directory" in err or "is a directory" in err), argv
    for argv in [("graphs", "ls", "--limit", "0"), ("--read-timeout", "-5", "usage"),
                 ("runs", "watch", session_id, "r_x", "--interval", "nan"),
                 ("run", graph_id, "y", "--timeout", "0")]:  # fmt: skip
        code, _, err = _cli(*argv)
        assert code == cli.USAGE and "must be a number above 0" in err, (argv, err)
    code, _, err = _cli("run", "-", "y", "--feed", "x=[1]")  # client.md: `run - … --session S`
    assert code == cli.USAGE and "give --session" in err  # was GRAPH_NOT_FOUND "-", exit 4
    code, _, err = _cli("batches", "submit", "--graph", f"{graph_id}@latest", "--dataset", "ds_x",
                        "--input", "x=x", "--fetch", "y=y")  # fmt: skip
    assert code == cli.USAGE and "GRAPH@REVISION (a number)" in err  # was a traceback, exit 1
    Path("empty.json").write_text("")  # `> empty.json` of a command that failed
    code, _, err = _cli("graphs", "create", "empty.json", "--name", "e")
    assert code == cli.USAGE and "empty.json is empty" in err
    code, _, err = _cli("configure", "--no-verify", "--url", "api.example.com", "--api-key", "k")
    assert code == cli.USAGE and "'api.example.com' is not an API URL" in err
    assert not (shell.dir / "config.toml").exists()
    # 3: authentication; 4: not found; 5: refused as sent
    assert _cli("usage", "--api-key", "gg_wrong")[0] == cli.AUTH
    assert _cli("runs", "get", session_id, "r_0123456789abcdef0123")[0] == cli.NOT_FOUND
    assert _cli("run", graph_id, "y", "--feed", "x=[1]", "--steps", "0")[0] == cli.REJECTED
    # 8: the run did not complete
    code, _, err = _cli("run", graph_id, "y", "--feed", "x=[1]", "--timeout", "0.000001")
    assert code == cli.RUN_FAILED and "DEADLINE_EXCEEDED (504)" in err
    # 7: unreachable, after retries
    code, _, err = _cli("usage", "--url", "http://127.0.0.1:9")
    assert code == cli.UNAVAILABLE and "cannot reach the API" in err


def test_a_500_and_a_quota_reach_scripts_as_exit_1_and_6(shell):
    from graphgate import cli
    from tests.e2e.faultproxy import Fault, FaultProxy

    with FaultProxy(shell.url) as proxy:
        # GIVEN answers the runner gives only when something is wrong: a bug, a quota spent
        usage = lambda method, path: path.startswith("/v1/usage")  # noqa: E731
        proxy.inject(Fault(usage, "respond", 500, "INTERNAL_ERROR"))
        code, _, err = _cli("usage", "--url", proxy.url)
        assert code == cli.UNEXPECTED and "INTERNAL_ERROR (500)" in err and "[request " in err
        quota = {"Retry-After": "40000"}
        proxy.inject(Fault(usage, "respond", 429, "QUOTA_EXCEEDED", headers=quota))
        code, _, err = _cli("usage", "--url", proxy.url)
        # THEN the quota is exit 6 at once (its Retry-After is past 60 s), saying how long
        assert code == cli.THROTTLED and "[retry after 40000 s]" in err
        assert len(proxy.seen("GET", "/v1/usage")) == 2  # one each: neither was retried


# -- an ONNX model served three ways and scored in many shards, as onnxruntime scores it ----

ONNX = REPO_ROOT / "tests" / "e2e" / "fixtures" / "scenarios8"


def _as_onnxruntime(probs: Any, label: Any, rows: slice) -> None:
    """Answers equal to onnxruntime's, recorded by tests/reference/scenarios8_onnx.py."""
    expected = np.load(ONNX / "expected.npz")
    # float32 through another order of sums: the last bits may differ, a class may not
    np.testing.assert_allclose(np.asarray(probs, np.float32), expected["probs"][rows],
                               rtol=1e-5, atol=1e-7)  # fmt: skip
    np.testing.assert_array_equal(np.asarray(label, np.int64), expected["label"][rows])


def test_an_onnx_model_is_served_by_kserve_and_tf_serving_and_scored_in_shards_as_ort_does(
    shell,
):
    import requests

    rows = np.load(ONNX / "expected.npz")["features"]
    # GIVEN onnx.md's check and import, from the command line
    assert _cli("onnx", "check", str(ONNX / "classifier.onnx"))[0] == 0
    code, out, err = _cli("graphs", "import", str(ONNX / "classifier.onnx"), "-o", "json")
    assert code == 0, err
    graph = json.loads(out)
    assert graph["name"] == "classifier" and graph["source"]["producer"] == "scenarios8"
    code, out, err = _cli("sessions", "create", graph["id"], "-o", "json")
    assert code == 0, err
    session_id = json.loads(out)["id"]
    # WHEN it is frozen and labelled as models.md's loop does
    code, _, err = _cli(
        "models", "create", "classifier", "--session", session_id,
        "--input", "features=features", "--fetch", "probs=probs", "--fetch", "label=label",
    )  # fmt: skip
    assert code == 0, err
    assert _cli("models", "label", "classifier", "stable", "1")[0] == 0

    # THEN KServe v2 through the Python client answers as onnxruntime
    model = gg.serving.Client("classifier", label="stable")
    answer = model.predict({"features": rows[:7]})
    _as_onnxruntime(answer["probs"], answer["label"], slice(0, 7))
    # AND TF Serving's row format, one object an instance (two outputs)
    token = requests.post(
        f"{shell.url}/v1/tokens", json={}, headers={"x-api-key": shell.key}, timeout=30
    ).json()["access_token"]
    auth = {"x-api-key": shell.key, "Authorization": f"Bearer {token}"}
    url = f"{shell.url}/tfserving/v1/models/classifier/labels/stable:predict"
    predictions = requests.post(
        url, json={"instances": rows[7:20].tolist()}, headers=auth, timeout=60
    ).json()["predictions"]
    _as_onnxruntime([p["probs"] for p in predictions], [p["label"] for p in predictions],
                    slice(7, 20))  # fmt: skip
    # AND its columnar format, and a raw KServe request with curl's JSON
    outputs = requests.post(
        url, json={"inputs": {"features": rows[20:25].tolist()}}, headers=auth, timeout=60
    ).json()["outputs"]
    _as_onnxruntime(outputs["probs"], outputs["label"], slice(20, 25))
    infer = {"inputs": [{"name": "features", "shape": [3, 8], "datatype": "FP32",
                         "data": rows[25:28].ravel().tolist()}]}  # fmt: skip
    kserve = requests.post(
        f"{shell.url}/v2/models/classifier/infer", json=infer, headers=auth, timeout=60
    ).json()["outputs"]
    by_name = {o["name"]: np.reshape(o["data"], o["shape"]) for o in kserve}
    _as_onnxruntime(by_name["probs"], by_name["label"], slice(25, 28))

    # AND the whole dataset, scored by the label in 16 shards (the last one short)
    np.save("features.npy", rows)
    code, out, err = _cli("datasets", "upload", "features.npy", "--name", "rows", "-o", "json")
    assert code == 0, err
    dataset = json.loads(out)
    code, out, err = _cli(
        "batches", "submit", "--model", "classifier@stable", "--dataset", dataset["id"],
        "--input", "features=features", "--fetch", "probs=probs", "--fetch", "label=label",
        "--rows-per-shard", "64", "--watch", "--out", "scored.npz", "-o", "json",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["shards"] == {"total": 16, "done": 16, "failed": 0}
    scored = np.load("scored.npz")
    _as_onnxruntime(scored["probs"], scored["label"], slice(0, len(rows)))


# -- a Keras notebook that dies mid-run, attached to again and resumed, then served -------

KERAS_NOTEBOOK = """
import json, os, signal, sys, time
import numpy as np
import graphgate.compat.v1 as tf

with tf.Graph().as_default() as graph:
    tf.set_random_seed(8)
    x = tf.placeholder(tf.float32, [None, 4], name="features")
    y = tf.placeholder(tf.int64, [None], name="labels")
    model = tf.keras.Sequential([
        tf.keras.layers.Dense(16, activation="relu", input_shape=(4,)),
        tf.keras.layers.Dense(3),
    ])
    logits = model(x)
    tf.nn.softmax(logits, name="probs")
    loss = tf.losses.sparse_softmax_cross_entropy(y, logits)
    train = tf.train.AdamOptimizer(0.01).minimize(loss, name="train")
rng = np.random.default_rng(80)
rows = rng.normal(size=(64, 4)).astype(np.float32)
labels = (rows[:, 0] > 0).astype(np.int64) + (rows[:, 1] > 1).astype(np.int64)
sess = tf.RemoteSession(graph=graph)
job = sess.run([loss, train], {x: rows, y: labels}, steps=100_000, wait=False)
print(json.dumps({"session": sess.session_id, "run": job.id, "loss": loss.name}), flush=True)
while job.progress()["completed_steps"] < 100:
    time.sleep(0.05)
os.kill(os.getpid(), signal.SIGKILL)  # the kernel dies: nothing is closed
"""


def _keras_notebook_graph() -> tuple[Any, Any, Any, Any, np.ndarray, np.ndarray]:
    """The notebook's own graph and data, built here the same way, to replay locally."""
    namespace: dict[str, Any] = {}
    head = KERAS_NOTEBOOK.split("sess = tf.RemoteSession")[0]
    exec(head, namespace)
    n = namespace
    return n["graph"], n["loss"], n["train"], n["model"], n["rows"], n["labels"]


def test_a_keras_notebook_killed_mid_run_is_attached_to_resumed_and_served(shell):
    graph, loss, train, _, rows, labels = _keras_notebook_graph()
    feeds = {"features:0": rows, "labels:0": labels}
    # GIVEN a notebook that starts a long async Keras training run and then dies
    done = subprocess.run(
        [sys.executable, "-c", KERAS_NOTEBOOK], capture_output=True, text=True, timeout=120,
        env={**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"},
    )  # fmt: skip
    assert done.returncode == -9, done.stderr
    started = json.loads(done.stdout.splitlines()[0])
    # WHEN the user attaches to its session from a new process (client.md: no graph=,
    # the revision is downloaded and rebuilt) and interrupts the run they find there
    with gg.RemoteSession(session_id=started["session"]) as sess:
        (run,) = sess.client.session_runs(started["session"])
        assert run["id"] == started["run"] and run["status"] in ("queued", "running")
        sess.client.cancel_run(started["session"], run["id"])
        deadline = time.monotonic() + 60
        while (run := sess.client.get_run(started["session"], run["id"]))["status"] != "cancelled":
            assert time.monotonic() < deadline and run["status"] == "running", run
            time.sleep(0.05)
        stopped_at = run["completed_steps"]
        assert stopped_at >= 100 and stopped_at % 25 == 0  # at a checkpoint
        # AND resumes from that checkpoint to a round number of steps, by the names the
        # notebook's graph gave its tensors
        total = (stopped_at // 500 + 1) * 500
        rest = sess.run([started["loss"], "train"], feeds, steps=total - stopped_at, wait=False)
        last_loss, _ = rest.result(timeout=300)
        # client.md: cancel_run is None once the run has ended
        assert sess.client.cancel_run(started["session"], started["run"]) is None
        # AND serves it
        frozen = sess.client.create_model_version(
            "keras-notebook", started["session"], {"features": "features:0"},
            {"probs": "probs:0"},
        )  # fmt: skip
        assert frozen["version"] == 1
        answer = gg.serving.Client("keras-notebook", version=1).predict({"features": rows})

    # THEN the interrupted, resumed training is the uninterrupted one, bit for bit
    with gg.Session(graph=graph) as local:
        local.run(gg.global_variables_initializer(graph))
        for _ in range(total):
            want_loss, _ = local.run([loss, train], feeds)
        want_probs = local.run("probs:0", {"features:0": rows})
    assert last_loss == want_loss
    np.testing.assert_array_equal(answer["probs"], want_probs)


# -- a team on one free tenant: scoped users, a rotated key, the rate, the quota, an upgrade --

TEAM_PLAN = {"FreeRateLimit": "2", "FreeBurstLimit": "3", "FreeDailyQuota": "24",
             "WorkerSliceSeconds": "0.01"}  # fmt: skip


def test_a_team_meets_its_scopes_rate_and_daily_quota_and_the_upgrade_lifts_them(tmp_path):
    from graphgate.client import Client as ApiClient
    from graphgate.client import errors
    from localrunner.process import RunnerProcess

    with RunnerProcess(tmp_path / "runner", TEAM_PLAN, persist=False) as runner:
        clear_of_utc_midnight(180)  # the quota below is one day's: the journey is ~20-60 s
        # GIVEN a free tenant: an engineer who trains and serves, an analyst whose token
        # only predicts (auth.md's scopes), and a teammate on the key rotated in for them
        acme = runner.create_tenant("acme", plan="free")
        retries: list[Any] = []
        engineer = ApiClient(runner.url, acme["api_key"], on_retry=retries.append)
        names = _classifier()
        stored = engineer.upload_graph(names["graph"], "digits")
        session = engineer.create_session(stored["id"])
        engineer.create_model_version(
            "digits", session["id"], {"images": "x:0"}, {"probabilities": "probs:0"}
        )
        analyst_retries: list[Any] = []
        analyst = ApiClient(
            runner.url, acme["api_key"], scope="models:predict usage:read",
            on_retry=analyst_retries.append,
        )  # fmt: skip
        rows = RNG.normal(size=(2, 4)).astype(np.float32)
        model = gg.serving.Client("digits", version=1, client=analyst)
        np.testing.assert_allclose(model.predict({"images": rows})["probabilities"],
                                   _softmax(rows), rtol=1e-5)  # fmt: skip
        with pytest.raises(errors.PermissionDeniedError) as refused:
            analyst.create_session(stored["id"])
        assert refused.value.code == "INSUFFICIENT_SCOPE"
        rotated = runner.admin(
            "rotate-key", "--key-id", acme["api_key_id"], "--grace-seconds", "600"
        )
        teammate = ApiClient(runner.url, rotated["api_key"])
        assert teammate.get_graph(stored["id"])["name"] == "digits"  # one tenant, two keys

        # WHEN the engineer's key goes past its rate: the client waits as Retry-After says
        for _ in range(6):
            engineer.usage()
        assert [event.status for event in retries][:1] == [429]
        assert all(event.delay > 0 for event in retries)
        # AND past its daily quota: QUOTA_EXCEEDED is raised at once, until midnight UTC
        with pytest.raises(errors.QuotaExceededError) as spent:
            for _ in range(TEAM_QUOTA):
                engineer.usage()
        assert spent.value.retry_after == pytest.approx(seconds_to_utc_midnight(), abs=5)
        # THEN the quota is the key's (auth.md: "the calling key used today"): the
        # teammate's key still works, and says how much of its own it used
        assert teammate.usage()["quota"]["used"] < TEAM_QUOTA
        # WHEN the operator upgrades the tenant (auth.md, For operators)
        runner.admin("set-plan", "--tenant", acme["tenant_id"], "--plan", "pro")
        time.sleep(2.2)  # the gateway's key cache (local-runner.md)
        # THEN a new login is on the new plan at once (a token in use: within 30 s, the
        # authorizer's cached answer), today's use starting again from 0, for every key
        retries.clear()
        for client in (engineer, teammate):
            client.close()
        engineer = ApiClient(runner.url, acme["api_key"], on_retry=retries.append)
        usage = engineer.usage()
        assert usage["plan"] == "pro" and usage["quota"]["used"] <= 2, usage
        teammate = ApiClient(runner.url, rotated["api_key"], on_retry=retries.append)
        assert teammate.usage()["plan"] == "pro"
        # AND the analyst's token, in use all along, predicts past the free rate untouched
        analyst_retries.clear()
        for _ in range(8):
            model.predict({"images": rows})
        assert retries == analyst_retries == []
        for client in (engineer, analyst, teammate):
            client.close()


TEAM_QUOTA = int(TEAM_PLAN["FreeDailyQuota"])
