"""Models downloaded as TensorFlow SavedModels (`Accept: application/zip`), shared by the
reference script (tests/reference/tf_saved_model_download.py, which loads the archives in
TF 2.21), the engine's test and the service's (handlers and the local runner).

Each program is a graph trained in a session (fixed initial values, fixed batches), or a
saved model TensorFlow wrote; `archive` writes it as the service does: the stored document
read back (`graph_from_dict`), every variable's value, the signature by sorted alias."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
UPLOADED = FIXTURES / "tf2_saved" / "mlp"  # written by TF 2 (tf.saved_model.save)
UPLOADED_ROWS = np.array([[0.5, -1.0, 2.0, 0.25], [1.5, 0.0, -0.5, 3.0]], np.float32)


def _rows(shape: tuple[int, ...], seed: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=shape).astype(np.float32)


def mlp(gg: Any) -> dict[str, Any]:
    """A 4-8-3 softmax classifier, trained three steps of gradient descent."""
    x = gg.placeholder(gg.float32, [None, 4], name="x")
    labels = gg.placeholder(gg.int32, [None], name="labels")
    w1 = gg.Variable(_rows((4, 8), 1) * 0.5, name="w1")
    b1 = gg.Variable(np.zeros(8, np.float32), name="b1")
    w2 = gg.Variable(_rows((8, 3), 2) * 0.5, name="w2")
    b2 = gg.Variable(np.full(3, 0.1, np.float32), name="b2")
    hidden = gg.nn.relu(gg.matmul(x, w1) + b1, name="hidden")
    logits = gg.add(gg.matmul(hidden, w2), b2, name="logits")
    gg.nn.softmax(logits, name="probs")
    loss = gg.reduce_mean(
        gg.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits), name="loss"
    )
    gg.train.GradientDescentOptimizer(0.5).minimize(loss, name="train")
    return {
        "train": "train",
        "steps": 3,
        "train_feeds": {
            "x:0": _rows((6, 4), 3),
            "labels:0": np.array([0, 1, 2, 0, 1, 2], np.int32),
        },
        "inputs": {"features": "x:0"},
        "outputs": {"probabilities": "probs:0", "logits": "logits:0"},
        "predict": {"features": _rows((2, 4), 4)},
    }


def conv(gg: Any) -> dict[str, Any]:
    """A 5x5x1 image, one 3x3 convolution of 2 filters, ReLU, 2x2 max pooling and a dense
    layer of 2, trained two steps of momentum."""
    images = gg.placeholder(gg.float32, [None, 5, 5, 1], name="images")
    target = gg.placeholder(gg.float32, [None, 2], name="target")
    kernel = gg.Variable(_rows((3, 3, 1, 2), 5) * 0.3, name="conv/kernel")
    bias = gg.Variable(np.array([0.05, -0.05], np.float32), name="conv/bias")
    dense = gg.Variable(_rows((8, 2), 6) * 0.3, name="dense/kernel")
    conv = gg.nn.relu(gg.nn.conv2d(images, kernel, [1, 1, 1, 1], "SAME") + bias, name="relu")
    pooled = gg.nn.max_pool(conv, [1, 2, 2, 1], [1, 2, 2, 1], "VALID", name="pool")
    flat = gg.reshape(pooled, [-1, 8], name="flat")
    scores = gg.matmul(flat, dense, name="scores")
    loss = gg.reduce_mean(gg.square(scores - target), name="loss")
    gg.train.MomentumOptimizer(0.1, 0.9).minimize(loss, name="train")
    return {
        "train": "train",
        "steps": 2,
        "train_feeds": {"images:0": _rows((4, 5, 5, 1), 7), "target:0": _rows((4, 2), 8)},
        "inputs": {"images": "images:0"},
        "outputs": {"scores": "scores:0"},
        "predict": {"images": _rows((3, 5, 5, 1), 9)},
    }


PROGRAMS = {"mlp": mlp, "conv": conv}


def lengths(gg: Any) -> dict[str, Any]:
    """No variables, a string input and two outputs: TF's loaders refused the archive
    while it held a `save/` subgraph of no variables (a SaveV2 with no dtypes)."""
    text = gg.placeholder(gg.string, [None], name="text")
    count = gg.strings.length(text, name="count")
    gg.multiply(count, 2, name="doubled")
    return {
        "inputs": {"text": "text:0"},
        "outputs": {"count": "count:0", "doubled": "doubled:0"},
        "predict": {"text": np.array([b"ab", b"xyz", b""], object)},
    }


def untrained(build: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """(spec, stored document) of a program with no variables (`lengths`)."""
    import graphgate as gg
    from graphgate.serialization import graph_to_dict

    with gg.Graph().as_default() as built:
        spec = build(gg)
    return spec, graph_to_dict(built)


def trained(name: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, np.ndarray]]:
    """(spec, stored document, variables after training) of a program, trained as a
    session of the service trains it: fresh initial values, then `steps` runs."""
    import graphgate as gg
    from graphgate.serialization import graph_from_dict, graph_to_dict

    with gg.Graph().as_default() as built:
        spec = PROGRAMS[name](gg)
    document = graph_to_dict(built)
    graph = graph_from_dict(document)
    session = gg.Session(graph)
    session.run([], targets=_initializers(graph))
    for _ in range(spec["steps"]):
        session.run([], spec["train_feeds"], targets=[spec["train"]])
    return spec, document, dict(session.get_variables())


def uploaded() -> tuple[dict[str, Any], dict[str, Any], dict[str, np.ndarray]]:
    """(servable, stored document, variables) of the TF-written saved model, as the client
    uploads it (`create_model_version_from_saved_model`) and a version holds it."""
    import graphgate as gg
    from graphgate.saved_model.loader import servable
    from graphgate.serialization import graph_from_dict

    model = servable(UPLOADED, "serving_default", ("serve",))
    document = model["graph"]  # the document the client uploads
    graph = graph_from_dict(document)
    session = gg.Session(graph)
    session.run([], targets=_initializers(graph))
    return model, document, {**dict(session.get_variables()), **model["variables"]}


def archive(
    document: dict[str, Any],
    variables: dict[str, np.ndarray],
    inputs: dict[str, str],
    outputs: dict[str, str],
    key: str = "serving_default",
    method: str = "tensorflow/serving/predict",
) -> bytes:
    """The SavedModel archive of a stored document and values, written as the service
    writes it (graphgate_service.tf_saved_models)."""
    import graphgate as gg
    from graphgate.saved_model import archive as saved_model_archive
    from graphgate.saved_model.signature_def_utils import build_signature_def
    from graphgate.saved_model.utils import build_tensor_info
    from graphgate.serialization import graph_from_dict

    graph = graph_from_dict(document)

    def infos(tensors: dict[str, str]) -> dict[str, Any]:
        return {k: build_tensor_info(graph.get_tensor_by_name(tensors[k])) for k in sorted(tensors)}

    session = gg.Session(graph)
    session.set_variables(variables)
    signature = build_signature_def(infos(inputs), infos(outputs), method)
    return saved_model_archive(session, {key: signature})


def _initializers(graph: Any) -> list[str]:
    return [
        op.attrs["initializer"]
        for op in graph.get_operations()
        if op.type == "VariableV2" and op.attrs.get("initializer")
    ]
