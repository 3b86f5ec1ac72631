"""What TensorFlow 2.21 computed for the journeys of tests/e2e/test_scenarios19.py
(dev-only). Two steps, in order:

    .venv/bin/python tests/reference/scenarios19.py graphgate
    /work/tfvenv/bin/python tests/reference/scenarios19.py tensorflow

The first (the project's venv, which has scikit-learn and skl2onnx) writes, under
tests/e2e/fixtures/scenarios19/:

- `forest.onnx`: a scikit-learn pipeline (a standard scaler, a random forest of 8 trees)
  fitted to the iris flowers and exported by skl2onnx, and `gg-forest/`: the SavedModel
  a local runner's `models export` downloads of it (imported, a session on it frozen into
  model `forest`, as the e2e journey does: what was `TF_EXPORT_UNSUPPORTED` before
  take_along_axis was written as TF's batched GatherV2);
- `knn.onnx`: scikit-learn's 3-nearest-neighbours classifier of the flowers (its ONNX
  `Scan` over the training rows carries a state whose rank graphgate cannot know), and
  `knn.pb`: the TensorFlow GraphDef graphgate writes of that model imported (what
  `GET /v1/graphs/{id}` with `Accept: application/x-protobuf` answered `500` for);
- `sklearn.json`: scikit-learn's own predictions.

The second loads `gg-forest/` with TF's `tf.saved_model.load` and `knn.pb` with
`import_graph_def` (its variables' `Assign`s run), runs both over the flowers, and records
their answers and the files' sha256 in `expected.json`.
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


def forest(x: np.ndarray, y: np.ndarray):
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    trees = RandomForestClassifier(8, max_depth=4, random_state=0)
    return make_pipeline(StandardScaler(), trees).fit(x, y)


def files_sha256(directory: Path) -> dict[str, str]:
    return {
        path.relative_to(directory).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def graphgate_files() -> None:
    from sklearn.neighbors import KNeighborsClassifier

    import graphgate as gg
    from graphgate.tf_export import graph_def_bytes

    x, y = iris()
    knn, pipeline = KNeighborsClassifier(3).fit(x, y), forest(x, y)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "forest.onnx").write_bytes(export(pipeline, x).SerializeToString())
    (OUT / "knn.onnx").write_bytes(export(knn, x).SerializeToString())
    graph, _ = gg.import_onnx(str(OUT / "knn.onnx"))
    (OUT / "knn.pb").write_bytes(graph_def_bytes(graph))
    answers = {"knn": knn.predict(x).tolist(), "forest": pipeline.predict(x).tolist()}
    (OUT / "sklearn.json").write_text(json.dumps(answers) + "\n")
    forest_saved_model()


def forest_saved_model() -> None:
    """The forest as the e2e journey serves it, downloaded by `models export`."""
    import shutil
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from graphgate.client import Client
    from localrunner.process import RunnerProcess

    with tempfile.TemporaryDirectory() as workdir:
        runner = RunnerProcess(Path(workdir), {}, persist=False).start()
        try:
            key = runner.create_tenant("scenarios19-reference", plan="pro")["api_key"]
            with Client(runner.url, key) as client:
                stored = client.import_onnx((OUT / "forest.onnx").read_bytes(), "forest")
                session = client.create_session(stored["id"])["id"]
                outputs = {"label": "label", "probabilities": "probabilities"}
                client.create_model_version("forest", session, {"X": "X"}, outputs)
                shutil.rmtree(OUT / "gg-forest", ignore_errors=True)
                client.export_saved_model("forest", OUT / "gg-forest", version=1)
        finally:
            runner.stop()


def tensorflow_answers() -> None:
    import tensorflow as tf

    x, _ = iris_rows()
    blob = (OUT / "knn.pb").read_bytes()
    graph_def = tf.compat.v1.GraphDef()
    graph_def.ParseFromString(blob)
    with tf.Graph().as_default() as graph:
        tf.compat.v1.import_graph_def(graph_def, name="")
        with tf.compat.v1.Session() as sess:
            sess.run([op for op in graph.get_operations() if op.type == "Assign"])
            labels, probabilities = sess.run(["label:0", "probabilities:0"], {"X:0": x})
    served = tf.saved_model.load(str(OUT / "gg-forest")).signatures["serving_default"]
    answered = {k: v.numpy() for k, v in served(X=tf.constant(x)).items()}
    expected = {
        "knn": {
            "pb_sha256": hashlib.sha256(blob).hexdigest(),
            "labels": labels.tolist(),
            "probabilities": probabilities.tolist(),
        },
        "forest": {
            "sha256": files_sha256(OUT / "gg-forest"),
            "labels": answered["label"].tolist(),
            "probabilities": answered["probabilities"].tolist(),
        },
        "sklearn": json.loads((OUT / "sklearn.json").read_text()),
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
