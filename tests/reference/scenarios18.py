"""What TensorFlow 2.21 (`tf.compat.v1`, graph mode) computed for the journeys of
tests/e2e/test_scenarios18.py (dev-only). Three steps, in order:

    /work/tfvenv/bin/python tests/reference/scenarios18.py tensorflow
    .venv/bin/python tests/reference/scenarios18.py graphgate
    /work/tfvenv/bin/python tests/reference/scenarios18.py tensorflow

The first writes, under tests/e2e/fixtures/scenarios18/:

- `text/1/`: a TF1 text classifier TF writes with `tf.compat.v1.saved_model.Builder`:
  sentences in, `string_split` into words, looked up by `index_table_from_file` with OOV
  buckets, mean-pooled by `embedding_lookup_sparse`, a dense layer, softmax, the label by
  `index_to_string_table_from_file`; its vocabularies named by `assets_collection`, its
  tables filled by a `legacy_init_op` (the pre-`main_op` TF1 idiom).
- `frozen.pb`: a TF1 tutorial's MLP trained by TF and frozen `freeze_graph`-style
  (`convert_variables_to_constants`, `write_graph(as_text=False)`): `Placeholder` in,
  `Const` weights.
- `expected.json`: TF's answers: `text` (the classifier's outputs for SENTENCES), `finetune`
  (a new head trained on top of the frozen graph imported by `import_graph_def`: its losses,
  variables and predictions), `shared` (a small regressor trained and predicted), `nan`
  (a hand-written log loss under `check_numerics` trained with too high a learning rate:
  the step it fails at, TF's message, then from the last 25-step checkpoint before it the
  steps at a lower rate: the losses and the variables).

The second (the project's venv) starts a local runner, uploads `text/1` as model `text`
and downloads its version 1 as graphgate's SavedModel into `gg-text/`; and fine-tunes the
frozen graph's new head on the service as the e2e test does, freezes it into model
`finetuned` and downloads that into `gg-finetuned/`: the files the e2e test downloads
again and holds by their sha256; and writes the GraphDef of `build_string_exports`
(tests/unit/engine/fixtures/tf_string_exports.pb: string splits, `reduce_join`s and
sparse reductions, whose separators and axes TF takes as inputs) for
tests/unit/engine/test_tf_export.py. The third run also loads both in TensorFlow and records
its answers (`text.round_trip`, `finetune.round_trip`, `string_exports`) and the files'
sha256.
Each run of the first also writes tests/unit/engine/fixtures/tf_sparse_empty_axes.pb, TF's
sparse reductions given `axis=[]`, and TF's answers (`sparse_empty_axes`).

The graph builders take the `tf` module (TensorFlow's compat.v1 or graphgate's) so the
test and this script build the same program.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "e2e" / "fixtures" / "scenarios18"

# -- 1. a text classifier TF exported with its vocabularies ----------------------------

VOCAB = ["the", "a", "movie", "plot", "was", "great", "fun", "dull", "boring", "and", "not"]
LABELS = ["negative", "neutral", "positive"]
OOV_BUCKETS = 3
SENTENCES = [
    "the movie was great",
    "a dull and boring plot",
    "zebra quantum",  # both out of vocabulary: OOV buckets only
    "great great fun",
    "not  great",  # two spaces: `string_split` skips the empty token
    "the plot was Dull",  # case matters: "Dull" is out of vocabulary
]


def text_weights() -> dict[str, np.ndarray]:
    rng = np.random.RandomState(1801)
    return {
        "embeddings": (rng.randn(len(VOCAB) + OOV_BUCKETS, 4) * 0.8).astype(np.float32),
        "w": (rng.randn(4, len(LABELS))).astype(np.float32),
        "b": np.array([0.1, 0.0, -0.1], np.float32),
    }


def build_text(tf, lookup, vocab_path: str, labels_path: str) -> dict:
    weights = text_weights()
    sentences = tf.placeholder(tf.string, [None], name="sentences")
    words = tf.string_split(sentences)
    table = lookup.index_table_from_file(vocab_path, num_oov_buckets=OOV_BUCKETS)
    ids = table.lookup(words)
    embeddings = tf.get_variable("embeddings", initializer=weights["embeddings"])
    pooled = tf.nn.embedding_lookup_sparse(embeddings, ids, None, combiner="mean")
    w = tf.get_variable("w", initializer=weights["w"])
    b = tf.get_variable("b", initializer=weights["b"])
    probabilities = tf.nn.softmax(tf.matmul(pooled, w) + b, name="probabilities")
    names = lookup.index_to_string_table_from_file(labels_path, default_value="UNK")
    label = names.lookup(tf.argmax(probabilities, 1), name="label")
    token_ids = tf.sparse.to_dense(ids, default_value=-1, name="token_ids")
    return {
        "sentences": sentences,
        "probabilities": probabilities,
        "label": label,
        "token_ids": token_ids,
    }


def write_text_export(tf, export_dir: Path) -> None:
    from tensorflow.python.ops import lookup_ops

    with tempfile.TemporaryDirectory() as workdir:
        vocab = Path(workdir, "vocab.txt")
        vocab.write_text("\n".join(VOCAB) + "\n")
        labels = Path(workdir, "labels.txt")
        labels.write_text("\n".join(LABELS) + "\n")
        with tf.Graph().as_default():
            t = build_text(tf, lookup_ops, str(vocab), str(labels))
            signature = tf.saved_model.signature_def_utils.predict_signature_def(
                {"sentences": t["sentences"]},
                {k: t[k] for k in ("probabilities", "label", "token_ids")},
            )
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                builder = tf.saved_model.Builder(str(export_dir))
                builder.add_meta_graph_and_variables(
                    sess,
                    [tf.saved_model.tag_constants.SERVING],
                    {"serving_default": signature},
                    assets_collection=tf.get_collection(tf.GraphKeys.ASSET_FILEPATHS),
                    legacy_init_op=tf.group(tf.tables_initializer(), name="legacy_init_op"),
                )
                builder.save()


def text_answers(tf, export_dir: Path) -> dict:
    with tf.Graph().as_default(), tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], str(export_dir))
        signature = meta.signature_def["serving_default"]
        names = sorted(signature.outputs)
        values = sess.run(
            [signature.outputs[n].name for n in names],
            {signature.inputs["sentences"].name: np.array(SENTENCES, object)},
        )
    return {n: as_json(v) for n, v in zip(names, values, strict=True)}


def as_json(value):
    """A fetched value as the fixture holds it: strings decoded, nested as the value."""
    if isinstance(value, bytes):
        return value.decode()
    value = np.asarray(value)
    if value.dtype == object or value.dtype.kind == "S":
        return [as_json(v) for v in value] if value.ndim else as_json(value.item())
    return value.tolist()


def files_sha256(directory: Path) -> dict[str, str]:
    return {
        path.relative_to(directory).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


# -- 2. a frozen tutorial MLP, fine-tuned under a new head ------------------------------

BASE_STEPS, FT_STEPS, FT_RATE = 40, 30, 0.2


def finetune_data() -> dict[str, np.ndarray]:
    rng = np.random.RandomState(1802)
    x = rng.randn(60, 4).astype(np.float32)
    base = (x[:, 0] > 0).astype(np.int64) + (x[:, 1] + x[:, 2] > 0.5).astype(np.int64)
    new = (x[:, 3] - x[:, 0] > 0).astype(np.int64)  # the new task: two classes
    return {"x": x, "base_y": base, "y": new, "test": x[:7]}


def write_frozen(tf, path: Path) -> None:
    """The tutorial: an MLP trained, then frozen to constants for its `logits`."""
    data = finetune_data()
    rng = np.random.RandomState(1803)
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 4], name="input")
        y = tf.placeholder(tf.int64, [None], name="labels")
        w1 = tf.Variable((rng.randn(4, 8) * 0.5).astype(np.float32), name="w1")
        b1 = tf.Variable(np.zeros(8, np.float32), name="b1")
        w2 = tf.Variable((rng.randn(8, 6) * 0.5).astype(np.float32), name="w2")
        b2 = tf.Variable(np.zeros(6, np.float32), name="b2")
        w3 = tf.Variable((rng.randn(6, 3) * 0.5).astype(np.float32), name="w3")
        hidden1 = tf.nn.relu(tf.matmul(x, w1) + b1, name="hidden1")
        hidden2 = tf.nn.relu(tf.matmul(hidden1, w2) + b2, name="hidden2")
        logits = tf.matmul(hidden2, w3, name="logits")
        loss = tf.losses.sparse_softmax_cross_entropy(y, logits)
        train = tf.train.GradientDescentOptimizer(0.3).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(BASE_STEPS):
                sess.run(train, {x: data["x"], y: data["base_y"]})
            frozen = tf.graph_util.convert_variables_to_constants(
                sess, sess.graph.as_graph_def(), ["logits"]
            )
    tf.io.write_graph(frozen, str(path.parent), path.name, as_text=False)


def build_finetune(tf, graph_def) -> dict:
    """The user's program: the frozen graph imported under a new placeholder, its second
    hidden layer's activations under a new head: the only variables, the only ones trained."""
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    y = tf.placeholder(tf.int64, [None], name="y")
    (features,) = tf.import_graph_def(
        graph_def, input_map={"input:0": x}, return_elements=["hidden2:0"], name="base"
    )
    rng = np.random.RandomState(1804)
    w = tf.get_variable("head/w", initializer=(rng.randn(6, 2) * 0.3).astype(np.float32))
    b = tf.get_variable("head/b", initializer=np.zeros(2, np.float32))
    logits = tf.matmul(features, w) + b
    probs = tf.nn.softmax(logits, name="probs")
    loss = tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits), name="loss"
    )
    train = tf.train.MomentumOptimizer(FT_RATE, 0.9).minimize(loss, name="train")
    return {"x": x, "y": y, "probs": probs, "loss": loss, "train": train, "w": w, "b": b}


def record_finetune(tf, frozen: Path) -> dict:
    data = finetune_data()
    graph_def = tf.GraphDef()
    graph_def.ParseFromString(frozen.read_bytes())
    with tf.Graph().as_default():
        t = build_finetune(tf, graph_def)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = [
                float(sess.run([t["loss"], t["train"]], {t["x"]: data["x"], t["y"]: data["y"]})[0])
                for _ in range(FT_STEPS)
            ]
            trainable = [v.op.name for v in tf.trainable_variables()]
            w, b, probs = sess.run([t["w"], t["b"], t["probs"]], {t["x"]: data["test"]})
    return {
        "losses": losses,
        "trainable": trainable,
        "w": w.tolist(),
        "b": b.tolist(),
        "probs": probs.tolist(),
    }


def finetuned_answers(tf, export_dir: Path) -> list:
    """TF's predictions from graphgate's download of the fine-tuned version."""
    with tf.Graph().as_default(), tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], str(export_dir))
        signature = meta.signature_def["serving_default"]
        probs = sess.run(
            signature.outputs["probs"].name,
            {signature.inputs["x"].name: finetune_data()["test"]},
        )
    return probs.tolist()


# -- 3. a regressor shared between two tenants ------------------------------------------

SHARE_STEPS = 12


def shared_data() -> dict[str, np.ndarray]:
    rng = np.random.RandomState(1805)
    x = rng.randn(40, 3).astype(np.float32)
    y = (np.sin(x[:, :1]) + 0.5 * x[:, 1:2] * x[:, 2:3]).astype(np.float32)
    return {"x": x, "y": y, "test": rng.randn(5, 3).astype(np.float32)}


def build_shared(tf) -> dict:
    rng = np.random.RandomState(1806)
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    hidden = tf.layers.dense(
        x, 6, tf.nn.tanh, kernel_initializer=tf.constant_initializer(rng.randn(3, 6) * 0.5)
    )
    out = tf.layers.dense(
        hidden, 1, kernel_initializer=tf.constant_initializer(rng.randn(6, 1) * 0.5)
    )
    prediction = tf.identity(out, name="prediction")
    loss = tf.losses.mean_squared_error(y, prediction)
    train = tf.train.AdamOptimizer(0.05).minimize(loss, name="train")
    return {"x": x, "y": y, "prediction": prediction, "loss": loss, "train": train}


def record_shared(tf) -> dict:
    data = shared_data()
    with tf.Graph().as_default():
        t = build_shared(tf)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            feed = {t["x"]: data["x"], t["y"]: data["y"]}
            losses = [float(sess.run([t["loss"], t["train"]], feed)[0]) for _ in range(SHARE_STEPS)]
            prediction = sess.run(t["prediction"], {t["x"]: data["test"]})
    return {"losses": losses, "prediction": prediction.tolist()}


# -- 4. a log loss that meets NaN, restored from its last checkpoint ---------------------

HIGH_RATE, LOW_RATE, NAN_STEPS, LOW_STEPS, CHECKPOINT_EVERY = 2.0, 0.1, 200, 100, 25


def nan_data() -> dict[str, np.ndarray]:
    rng = np.random.RandomState(1807)
    x = rng.randn(64, 2).astype(np.float32)
    y = (x[:, 0] - 0.5 * x[:, 1] > 0).astype(np.float32)[:, None]
    return {"x": x, "y": y}


def build_nan(tf) -> dict:
    """A TF1 tutorial's hand-written cross entropy: once a separable set's logit saturates
    the float32 sigmoid to exactly 1, `(1 - y) * log(1 - p)` is 0 × -inf: NaN."""
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    rate = tf.placeholder(tf.float32, [], name="rate")
    w = tf.Variable(tf.zeros([2, 1]), name="w")
    b = tf.Variable(0.0, name="b")
    p = tf.sigmoid(tf.matmul(x, w) + b)
    cross_entropy = -tf.reduce_mean(y * tf.log(p) + (1 - y) * tf.log(1 - p))
    loss = tf.check_numerics(cross_entropy, "cross entropy", name="loss")
    train = tf.train.GradientDescentOptimizer(rate).minimize(loss, name="train")
    return {"x": x, "y": y, "rate": rate, "w": w, "b": b, "loss": loss, "train": train}


def record_nan(tf) -> dict:
    data = nan_data()
    with tf.Graph().as_default():
        t = build_nan(tf)
        feed = {t["x"]: data["x"], t["y"]: data["y"]}
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            high, failed_at, message, kept = [], None, None, None
            for step in range(NAN_STEPS):
                if step % CHECKPOINT_EVERY == 0:
                    kept = sess.run([t["w"], t["b"]])
                try:
                    fed = {**feed, t["rate"]: HIGH_RATE}
                    high.append(float(sess.run([t["loss"], t["train"]], fed)[0]))
                except tf.errors.InvalidArgumentError as exc:
                    failed_at, message = step, exc.message
                    break
            assert failed_at is not None and failed_at > CHECKPOINT_EVERY, failed_at
            # the last checkpoint's variables (the service's async run keeps them)
            sess.run([t["w"].assign(kept[0]), t["b"].assign(kept[1])])
            low = [
                float(sess.run([t["loss"], t["train"]], {**feed, t["rate"]: LOW_RATE})[0])
                for _ in range(LOW_STEPS)
            ]
            w, b = sess.run([t["w"], t["b"]])
    message = next(line for line in message.split("\n") if "Tensor had" in line)
    return {
        "high": high,
        "failed_at": failed_at,
        "message": message,
        "kept": [kept[0].tolist(), float(kept[1])],
        "low": low,
        "w": w.tolist(),
        "b": float(b),
    }


# -- the string ops a text model's download writes ----------------------------------------

STRINGS_PB = (
    Path(__file__).resolve().parents[1] / "unit" / "engine" / "fixtures" / "tf_string_exports.pb"
)
STRINGS_FEED = ["a b,c", "d-e f", "g", "h-i-j"]
STRINGS_FETCHES = ["v1_values", "v1_indices", "v2_values", "join_0", "join_10", "join_all",
                   "lengths", "longest", "column_sums"]  # fmt: skip


def build_string_exports(tf) -> None:
    """The ops whose separators and axes graphgate holds as attributes and TF as inputs."""
    x = tf.placeholder(tf.string, [None], name="x")
    words = tf.string_split(x, delimiter=" ,")
    tf.identity(words.values, name="v1_values")
    tf.identity(words.indices, name="v1_indices")
    tf.identity(tf.strings.split(x, sep="-").values, name="v2_values")
    grid = tf.reshape(x, [2, -1])
    tf.identity(tf.reduce_join(grid, axis=0, separator="+"), name="join_0")
    tf.identity(tf.reduce_join(grid, axis=[1, 0], separator="|"), name="join_10")
    tf.identity(tf.strings.reduce_join(grid, keepdims=True), name="join_all")
    lengths = tf.SparseTensor(words.indices, tf.strings.length(words.values), words.dense_shape)
    tf.identity(tf.sparse_reduce_sum(lengths, axis=1), name="lengths")
    tf.identity(tf.sparse_reduce_max(lengths), name="longest")
    tf.identity(tf.sparse_reduce_sum_sparse(lengths, axis=0).values, name="column_sums")


def record_string_exports(tf) -> dict:
    """TF's answers from the GraphDef graphgate wrote of `build_string_exports`."""
    graph_def = tf.GraphDef()
    graph_def.ParseFromString(STRINGS_PB.read_bytes())
    with tf.Graph().as_default():
        tf.import_graph_def(graph_def, name="")
        with tf.Session() as sess:
            values = sess.run([f"{n}:0" for n in STRINGS_FETCHES], {"x:0": STRINGS_FEED})
    return {
        "sha256": hashlib.sha256(STRINGS_PB.read_bytes()).hexdigest(),
        "values": {n: as_json(v) for n, v in zip(STRINGS_FETCHES, values, strict=True)},
    }


EMPTY_AXES_PB = STRINGS_PB.parent / "tf_sparse_empty_axes.pb"


def record_empty_axes(tf) -> dict:
    """TF's GraphDef of sparse reductions given `axis=[]` (an empty `reduction_axes`
    constant), and what TF's kernels answer: no axis reduced, though the op's documentation
    says an empty list reduces every axis."""
    with tf.Graph().as_default() as graph:
        sp = tf.SparseTensor([[0, 0], [1, 2]], [3.0, 5.0], [2, 3])
        tf.identity(tf.sparse_reduce_sum(sp, axis=[]), name="sum_none")
        tf.identity(tf.sparse_reduce_max(sp, axis=[]), name="max_none")
        tf.identity(tf.sparse_reduce_sum_sparse(sp, axis=[]).values, name="sparse_sum_none")
        tf.identity(tf.sparse_reduce_sum(sp), name="sum_all")
        tf.io.write_graph(graph, str(EMPTY_AXES_PB.parent), EMPTY_AXES_PB.name, as_text=False)
        names = ["sum_none", "max_none", "sparse_sum_none", "sum_all"]
        with tf.Session() as sess:
            values = sess.run([f"{n}:0" for n in names])
    return {n: np.asarray(v).tolist() for n, v in zip(names, values, strict=True)}


# -- steps --------------------------------------------------------------------------------


def tensorflow_step() -> None:
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # TF1's tf.layers
    import tensorflow as tf2

    tf = tf2.compat.v1
    tf.disable_eager_execution()
    OUT.mkdir(parents=True, exist_ok=True)
    export = OUT / "text" / "1"
    if not export.exists():
        write_text_export(tf, export)
    frozen = OUT / "frozen.pb"
    if not frozen.exists():
        write_frozen(tf, frozen)
    text = {"tf": text_answers(tf, export)}
    ours = OUT / "gg-text"
    if ours.exists():
        text["round_trip"] = text_answers(tf, ours)
        text["gg_sha256"] = files_sha256(ours)
    finetune = record_finetune(tf, frozen)
    ours = OUT / "gg-finetuned"
    if ours.exists():
        finetune["round_trip"] = finetuned_answers(tf, ours)
        finetune["gg_sha256"] = files_sha256(ours)
    expected = {
        "tensorflow": tf2.__version__,
        "text": text,
        "finetune": finetune,
        "shared": record_shared(tf),
        "nan": record_nan(tf),
    }
    expected["sparse_empty_axes"] = record_empty_axes(tf)
    if STRINGS_PB.exists():
        expected["string_exports"] = record_string_exports(tf)
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    print(json.dumps(expected)[:3000], file=sys.stderr)


def graphgate_step() -> None:
    """graphgate's download of the uploaded export, as the e2e test asks for it."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    import graphgate.compat.v1 as tf
    from graphgate.client import Client
    from localrunner.process import RunnerProcess

    with tf.Graph().as_default() as graph:
        build_string_exports(tf)
    tf.io.write_graph(graph, str(STRINGS_PB.parent), STRINGS_PB.name, as_text=False)
    with tempfile.TemporaryDirectory() as workdir:
        runner = RunnerProcess(Path(workdir), {}, persist=False).start()
        try:
            key = runner.create_tenant("scenarios18-reference", plan="pro")["api_key"]
            with Client(runner.url, key) as client:
                client.create_model_version_from_saved_model("text", OUT / "text" / "1")
                shutil.rmtree(OUT / "gg-text", ignore_errors=True)
                client.export_saved_model("text", OUT / "gg-text", version=1)
                finetuned_on_the_service(runner.url, key)
                shutil.rmtree(OUT / "gg-finetuned", ignore_errors=True)
                client.export_saved_model("finetuned", OUT / "gg-finetuned", version=1)
        finally:
            runner.stop()


def finetuned_on_the_service(url: str, key: str) -> None:
    """The e2e journey's fine-tuning, frozen into model `finetuned` (its version 1)."""
    import graphgate as gg
    import graphgate.compat.v1 as tf

    data = finetune_data()
    graph_def = tf.GraphDef.FromString((OUT / "frozen.pb").read_bytes())
    with tf.Graph().as_default() as graph:
        t = build_finetune(tf, graph_def)
        init = tf.global_variables_initializer()
    with gg.RemoteSession(url, api_key=key, graph=graph) as sess:
        sess.run(init)
        for _ in range(FT_STEPS):
            sess.run(t["train"], {t["x"]: data["x"], t["y"]: data["y"]})
        sess.client.create_model_version(
            "finetuned", sess.session_id, inputs={"x": "x:0"}, outputs={"probs": "probs:0"}
        )


if __name__ == "__main__":
    {"tensorflow": tensorflow_step, "graphgate": graphgate_step}[sys.argv[1]]()
