"""What TensorFlow 2.21 computed for the journeys of tests/e2e/test_scenarios19.py
(dev-only). Two steps, in order:

    .venv/bin/python tests/reference/scenarios19.py graphgate
    /work/tfvenv/bin/python tests/reference/scenarios19.py tensorflow

The first (the project's venv, which has scikit-learn and skl2onnx) writes, under
tests/e2e/fixtures/scenarios19/, `knn.onnx`: scikit-learn's 3-nearest-neighbours
classifier of the iris flowers exported by skl2onnx (`zipmap` off; its ONNX `Scan` over
the training rows carries a state whose rank graphgate cannot know), and `knn.pb`: the
TensorFlow GraphDef graphgate writes of that model imported (what `GET /v1/graphs/{id}`
with `Accept: application/x-protobuf` answered `500` for). The second loads `knn.pb` in
TensorFlow, runs its variables' `Assign`s and the model over the iris rows, and records
its labels and probabilities, the file's sha256 and scikit-learn's own predictions in
`expected.json`.
"""

from __future__ import annotations

import hashlib
import json
import sys
import warnings
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "e2e" / "fixtures" / "scenarios19"


def iris() -> tuple[np.ndarray, np.ndarray]:
    """The 150 iris flowers (scikit-learn's bundled copy): float32 features, int labels."""
    from sklearn.datasets import load_iris

    x, y = load_iris(return_X_y=True)
    return x.astype(np.float32), y


def export(estimator, x: np.ndarray):
    """skl2onnx's export as onnx.md asks for it: classifiers without ZipMap."""
    from skl2onnx import to_onnx
    from sklearn.base import is_classifier

    options = {id(estimator): {"zipmap": False}} if is_classifier(estimator) else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return to_onnx(estimator, x[:1], options=options, target_opset={"": 17, "ai.onnx.ml": 3})


def graphgate_files() -> None:
    from sklearn.neighbors import KNeighborsClassifier

    import graphgate as gg
    from graphgate.tf_export import graph_def_bytes

    x, y = iris()
    knn = KNeighborsClassifier(3).fit(x, y)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "knn.onnx").write_bytes(export(knn, x).SerializeToString())
    graph, _ = gg.import_onnx(str(OUT / "knn.onnx"))
    (OUT / "knn.pb").write_bytes(graph_def_bytes(graph))
    np.save(OUT / "sklearn_labels.npy", knn.predict(x))


def tensorflow_answers() -> None:
    import tensorflow as tf

    blob = (OUT / "knn.pb").read_bytes()
    graph_def = tf.compat.v1.GraphDef()
    graph_def.ParseFromString(blob)
    x, _ = iris_rows()
    with tf.Graph().as_default() as graph:
        tf.compat.v1.import_graph_def(graph_def, name="")
        with tf.compat.v1.Session() as sess:
            sess.run([op for op in graph.get_operations() if op.type == "Assign"])
            labels, probabilities = sess.run(["label:0", "probabilities:0"], {"X:0": x})
    expected = {
        "knn": {
            "pb_sha256": hashlib.sha256(blob).hexdigest(),
            "labels": labels.tolist(),
            "probabilities": probabilities.tolist(),
            "sklearn_labels": np.load(OUT / "sklearn_labels.npy").tolist(),
        }
    }
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")


def iris_rows() -> tuple[np.ndarray, None]:
    """The iris features without scikit-learn (TF's venv has none): read from the model,
    whose Scan holds the training rows, which are the rows the journeys score."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(OUT / "knn.onnx"))
    rows = [numpy_helper.to_array(t) for t in model.graph.initializer if t.dims[:2] == [150, 4]]
    return rows[0].astype(np.float32), None


if __name__ == "__main__":
    {"graphgate": graphgate_files, "tensorflow": tensorflow_answers}[sys.argv[1]]()
