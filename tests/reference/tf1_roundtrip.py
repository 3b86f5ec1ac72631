"""TF 2.21 loads what graphgate writes after a round trip (dev-only recorder).

    PYTHONPATH=layers/engine /work/tfvenv/bin/python tests/reference/tf1_roundtrip.py \
        > tests/unit/engine/fixtures/tf1_roundtrip.json

Two graphs, each written as graphgate writes it (`hop` 0), then read back from that
GraphDef and written again (hops 1 and 2): every-axis reductions of tensors of unknown
rank (TF1 writes their axes as a `Range` of the run-time `Rank`, of a SparseTensor's the
`Size` of its dense shape, reduce_join's from the last), and a two-layer Adam regressor
trained 3 steps, as the SavedModel a version downloads. TF imports each GraphDef
(`import_graph_def`) and loads each SavedModel (`saved_model.loader.load`), and runs the
fetches; the fixture keeps each export's SHA-256 and TF's outputs.
tests/unit/engine/test_tf_export_round_trip.py checks graphgate writes those bytes and
computes those outputs.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "layers" / "engine"))

import graphgate as gg  # noqa: E402
import graphgate.compat.v1 as ggtf  # noqa: E402
from graphgate import tf_graph  # noqa: E402
from graphgate.serialization import graph_from_dict  # noqa: E402
from graphgate.tf_export import graph_def_bytes  # noqa: E402

FETCHES = ["total:0", "max_kept:0", "lse:0", "join:0", "spsum:0", "spmax:0"]


def unknown_rank_feeds() -> dict:
    return {
        "x:0": np.arange(6, dtype=np.float32).reshape(2, 3) - 2.5,
        "s:0": np.array([[b"a", b"b"], [b"c", b"d"]], dtype=object),
        "idx:0": np.array([[0, 1], [1, 2]], dtype=np.int64),
        "val:0": np.array([3.0, -4.0], np.float32),
        "shp:0": np.array([2, 3], dtype=np.int64),
    }


def unknown_rank() -> gg.Graph:
    tf = ggtf
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, None, name="x")
        s = tf.placeholder(tf.string, None, name="s")
        tf.identity(tf.reduce_sum(x), name="total")
        tf.identity(tf.reduce_max(x, keepdims=True), name="max_kept")
        tf.identity(tf.reduce_logsumexp(x), name="lse")
        tf.identity(tf.strings.reduce_join(s), name="join")
        idx = tf.placeholder(tf.int64, [None, None], name="idx")
        val = tf.placeholder(tf.float32, [None], name="val")
        shp = tf.placeholder(tf.int64, [None], name="shp")
        sp = tf.SparseTensor(idx, val, shp)
        tf.identity(tf.sparse_reduce_sum(sp), name="spsum")
        tf.identity(tf.sparse.reduce_max(sp), name="spmax")
    return graph


def graph_def_hops(graph: gg.Graph, hops: int = 3) -> list[bytes]:
    """The GraphDef of `graph`, then of each graph read back from the one before."""
    out = [graph_def_bytes(graph)]
    while len(out) < hops:
        out.append(graph_def_bytes(graph_from_dict(tf_graph.graph_document(out[-1]))))
    return out


def regressor() -> tuple[gg.Graph, dict]:
    tf = ggtf
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(1)
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        y = tf.placeholder(tf.float32, [None, 1], name="y")
        h = tf.layers.dense(x, 8, activation=tf.nn.relu)
        out = tf.layers.dense(h, 1, name="out")
        loss = tf.reduce_mean(tf.square(out - y))
        tf.train.AdamOptimizer(0.01).minimize(loss, name="train")
        init = tf.global_variables_initializer()
    session = tf.Session(graph=graph)
    session.run(init)
    rng = np.random.RandomState(0)
    for _ in range(3):
        session.run("train", {x: rng.randn(4, 3), y: rng.randn(4, 1)})
    return graph, session.get_variables()


def saved_model(graph: gg.Graph, variables: dict) -> bytes:
    from graphgate.saved_model import archive
    from graphgate.saved_model.signature_def_utils import predict_signature_def

    session = gg.Session(graph)
    session.set_variables(variables)
    signature = predict_signature_def(
        {"x": graph.get_tensor_by_name("x:0")}, {"out": graph.get_tensor_by_name("out/BiasAdd:0")}
    )
    return archive(session, {"serving_default": signature})


def uploaded(blob: bytes) -> tuple[gg.Graph, dict]:
    from graphgate.saved_model import loader

    with tempfile.TemporaryDirectory() as directory:
        loader.unpacked_archive(io.BytesIO(blob), directory)
        found = loader.servable(directory)
    return graph_from_dict(found["graph"]), found["variables"]


def saved_model_hops(hops: int = 3) -> list[bytes]:
    graph, variables = regressor()
    out = [saved_model(graph, variables)]
    while len(out) < hops:
        out.append(saved_model(*uploaded(out[-1])))
    return out


def regressor_feeds() -> np.ndarray:
    return np.random.RandomState(1).randn(5, 3).astype(np.float32)


def encode(value) -> dict:
    array = np.asarray(value)
    if array.dtype == object or array.dtype.kind == "S":
        return {"dtype": "string", "shape": list(array.shape), "text": [
            v.decode() for v in array.reshape(-1)
        ]}  # fmt: skip
    bits = array.astype(np.float32).reshape(-1).view(np.uint32).tolist()
    return {"dtype": "float32", "shape": list(array.shape), "bits": bits}


def _tf_graph_def(tf, blob: bytes) -> list:
    graph_def = tf.compat.v1.GraphDef.FromString(blob)
    with tf.Graph().as_default() as graph:
        tf.compat.v1.import_graph_def(graph_def, name="")
        with tf.compat.v1.Session(graph=graph) as session:
            return [encode(v) for v in session.run(FETCHES, unknown_rank_feeds())]


def _tf_saved_model(tf, blob: bytes) -> dict:
    from graphgate.saved_model import loader

    with tempfile.TemporaryDirectory() as directory:
        loader.unpacked_archive(io.BytesIO(blob), directory)
        with tf.Graph().as_default() as graph, tf.compat.v1.Session(graph=graph) as session:
            tf.compat.v1.saved_model.loader.load(session, ["serve"], directory)
            out = session.run("out/BiasAdd:0", {"x:0": regressor_feeds()})
            nodes = len(graph.as_graph_def().node)
    return {"out": encode(out), "tf_nodes": nodes}


def main() -> None:
    import tensorflow as tf

    graph_defs = graph_def_hops(unknown_rank())
    models = saved_model_hops()
    fixture = {
        "tensorflow": tf.__version__,
        "unknown_rank": [
            {"sha256": hashlib.sha256(b).hexdigest(), "tf": _tf_graph_def(tf, b)}
            for b in graph_defs
        ],
        "regressor": [
            {"sha256": hashlib.sha256(b).hexdigest(), **_tf_saved_model(tf, b)} for b in models
        ],
    }
    json.dump(fixture, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
