"""TF's fused optimizer updates and nd scatters graphgate's GraphDef importer refused before
apigaps3 (dev-only), each as TF 2.21 writes and runs it:

- `raw`: each raw op (`ApplyProximalGradientDescent`, `ApplyAdagradDA`, `ApplyAdagradV2`,
  `ApplyAdaMax`, `ApplyPowerSign`, `ApplyAddSign` and their `Sparse*` forms, on ref
  variables and as `Resource*` on resource variables; `ScatterNdMin`/`Max` and
  `ResourceScatterNdMin`/`Max`) in a graph of its own, its GraphDef and every variable
  after each of 3 runs;
- `optimizers`: the training MetaGraph and checkpoint of `ProximalGradientDescentOptimizer`
  and `AdagradDAOptimizer` (a dense weight and an embedding: Apply* and SparseApply*
  nodes), and the loss and variables over 3 more steps;
- `unique_v2`, `glimpse`: a `UniqueV2` and an `ExtractGlimpse` node (their axis and size
  constant inputs) and what they computed;
- `bincount`: TF1's `tf.bincount` as TF 2.21 writes it (`DenseBincount`), run.

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf1_apigaps3_imports.py \
        > tests/unit/engine/fixtures/tf1_apigaps3_imports.json
"""

from __future__ import annotations

import base64
import json
import tempfile
from pathlib import Path

import numpy as np

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness


def rand(seed, *shape):
    return np.random.RandomState(seed).uniform(-1, 1, shape).astype(np.float32)


def pos(seed, *shape):
    return np.random.RandomState(seed).uniform(0.1, 1, shape).astype(np.float32)


G = rand(7, 4, 3)  # the dense gradient; the sparse one is rows [3, 0] of it
ROWS = np.array([3, 0], np.int32)
# Per case: the op, its variables (initial values, in argument order), its other inputs
# (the gradient as "grad", a sparse op's indices after it), and whether a sparse form runs.
CASES = {
    "proximal_gd_l1": (
        "ApplyProximalGradientDescent",
        {"var": rand(1, 4, 3)},
        {"alpha": 0.3, "l1": 0.05, "l2": 0.2, "delta": "grad"},
    ),
    "proximal_gd_no_l1": (
        "ApplyProximalGradientDescent",
        {"var": rand(1, 4, 3)},
        {"alpha": 0.3, "l1": 0.0, "l2": 0.2, "delta": "grad"},
    ),
    "adagrad_da_l1": (
        "ApplyAdagradDA",
        {
            "var": rand(2, 4, 3),
            "gradient_accumulator": rand(3, 4, 3) * 0.1,
            "gradient_squared_accumulator": pos(4, 4, 3),
        },
        {"grad": "grad", "lr": 0.4, "l1": 0.02, "l2": 0.1, "global_step": "step"},
    ),
    "adagrad_da_no_l1": (
        "ApplyAdagradDA",
        {
            "var": rand(2, 4, 3),
            "gradient_accumulator": rand(3, 4, 3) * 0.1,
            "gradient_squared_accumulator": pos(4, 4, 3),
        },
        {"grad": "grad", "lr": 0.4, "l1": 0.0, "l2": 0.1, "global_step": "step"},
    ),
    "adagrad_v2": (
        "ApplyAdagradV2",
        {"var": rand(5, 4, 3), "accum": pos(6, 4, 3)},
        {"lr": 0.2, "epsilon": 1e-3, "grad": "grad"},
    ),
    "adamax": (
        "ApplyAdaMax",
        {"var": rand(8, 4, 3), "m": rand(9, 4, 3) * 0.1, "v": pos(10, 4, 3)},
        {
            "beta1_power": 0.81,
            "lr": 0.01,
            "beta1": 0.9,
            "beta2": 0.999,
            "epsilon": 1e-7,
            "grad": "grad",
        },
    ),
    "power_sign": (
        "ApplyPowerSign",
        {"var": rand(11, 4, 3), "m": rand(12, 4, 3)},
        {"lr": 0.1, "logbase": 0.693, "sign_decay": 0.9, "beta": 0.9, "grad": "grad"},
    ),
    "add_sign": (
        "ApplyAddSign",
        {"var": rand(13, 4, 3), "m": rand(14, 4, 3)},
        {"lr": 0.1, "alpha": 1.0, "sign_decay": 0.9, "beta": 0.9, "grad": "grad"},
    ),
}
SPARSE = ("proximal_gd_l1", "proximal_gd_no_l1", "adagrad_da_l1", "adagrad_da_no_l1", "adagrad_v2")


def _inputs(tf, variables, others, sparse, resource):
    args = {k: (v.handle if resource else v._ref()) for k, v in variables.items()}
    for key, value in others.items():
        if value == "grad":
            args["grad" if sparse else key] = G[ROWS] if sparse else G
            if sparse:
                args["indices"] = ROWS
        elif value == "step":
            args[key] = tf.constant(3, tf.int64)
        else:
            args[key] = np.float32(value)
    return args


def raw_case(tf, name, sparse, resource) -> dict:
    op, initial, others = CASES[name]
    op = ("Sparse" if sparse else "") + op
    op = ("Resource" if resource else "") + op
    with tf.Graph().as_default() as g:
        variables = {k: tf.Variable(v, name=k, use_resource=resource) for k, v in initial.items()}
        getattr(tf.raw_ops, op)(**_inputs(tf, variables, others, sparse, resource), name="update")
        tf.group(tf.global_variables_initializer(), name="init")
        after = []
        with tf.Session() as sess:
            sess.run("init")
            for _ in range(3):
                sess.run("update")
                after.append({k: sess.run(v).tolist() for k, v in variables.items()})
        graph = base64.b64encode(g.as_graph_def().SerializeToString()).decode()
    return {"op": op, "graph": graph, "after": after}


def scatter_nd_case(tf, kind, resource) -> dict:
    """ScatterNdMin/Max of a repeated index, NaN and signed zeros, run three times."""
    op = ("Resource" if resource else "") + f"ScatterNd{kind}"
    initial = np.array(
        [[0.5, -1.0, np.nan], [2.0, 0.0, -0.0], [1.0, 3.0, -2.0], [0.0, 0.5, 4.0]], np.float32
    )
    indices = np.array([[2, 1], [0, 0], [2, 1], [1, 1], [1, 2], [0, 2], [3, 0]], np.int32)
    updates = np.array([1.5, np.nan, 4.0, -0.0, 0.0, 7.0, -0.0], np.float32)
    with tf.Graph().as_default() as g:
        v = tf.Variable(initial, name="v", use_resource=resource)
        ints = tf.Variable(np.arange(12, dtype=np.int32).reshape(4, 3), name="w")
        ref = v.handle if resource else v._ref()
        getattr(tf.raw_ops, op)(ref=ref, indices=indices, updates=updates, name="update")
        int_ref = ints._ref()
        getattr(tf.raw_ops, f"ScatterNd{kind}")(
            ref=int_ref,
            indices=indices[:, :1],
            updates=np.arange(21, dtype=np.int32).reshape(7, 3) - 5,
            name="update_ints",
        )
        tf.group(tf.global_variables_initializer(), name="init")
        after = []
        with tf.Session() as sess:
            sess.run("init")
            for _ in range(3):
                sess.run(["update", "update_ints"])
                after.append([repr(x) for x in sess.run(v).ravel().tolist()])
            ints_after = sess.run(ints).tolist()
        graph = base64.b64encode(g.as_graph_def().SerializeToString()).decode()
    return {"op": op, "graph": graph, "after": after, "ints_after": ints_after}


def unique_v2_graph(tf) -> dict:
    """TF's UniqueV2 (its axis a constant input, int64) of a fed matrix, and its outputs."""
    x_value = np.array([[1.0, 2.0, 1.0], [0.0, 5.0, 0.0]], np.float32)
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        tf.raw_ops.UniqueV2(x=x, axis=tf.constant([-1], tf.int64), out_idx=tf.int64, name="u")
        with tf.Session() as sess:
            y, idx = sess.run(["u:0", "u:1"], {x: x_value})
        graph = base64.b64encode(g.as_graph_def().SerializeToString()).decode()
    return {"graph": graph, "x": x_value.tolist(), "y": y.tolist(), "idx": idx.tolist()}


def glimpse_graph(tf) -> dict:
    """TF's ExtractGlimpse (its size a constant input; zero noise) of fed images."""
    images = np.arange(1, 1 + 2 * 5 * 6, dtype=np.float32).reshape(2, 5, 6, 1)
    offsets = np.array([[0.5, -0.4], [-1.0, 0.9]], np.float32)
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [None, 5, 6, 1], name="x")
        o = tf.placeholder(tf.float32, [None, 2], name="o")
        tf.raw_ops.ExtractGlimpse(
            input=x, size=[3, 4], offsets=o, uniform_noise=False, noise="zero", name="g"
        )
        with tf.Session() as sess:
            glimpse = sess.run("g:0", {x: images, o: offsets})
        graph = base64.b64encode(g.as_graph_def().SerializeToString()).decode()
    return {
        "graph": graph,
        "x": images.tolist(),
        "offsets": offsets.tolist(),
        "glimpse": glimpse.tolist(),
    }


def bincount_graph(tf) -> dict:
    """TF1's `tf.bincount` as TF 2.21 writes it (DenseBincount, its size computed from the
    input) with bounds, weights, `binary_output` and int64 counts, run on three inputs."""
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.int32, [None], name="x")
        w = tf.placeholder(tf.float32, [None], name="w")
        tf.identity(tf.bincount(x), name="plain")
        tf.identity(tf.bincount(x, minlength=9, maxlength=12), name="bounded")
        tf.identity(tf.bincount(x, maxlength=3), name="short")
        tf.identity(tf.math.bincount(x, weights=w), name="weighted")
        tf.identity(tf.bincount(x, weights=w, dtype=tf.float32, maxlength=4), name="cut")
        tf.identity(
            tf.raw_ops.DenseBincount(input=x, size=5, weights=w, binary_output=True),
            name="binary",
        )
        empty = tf.constant([], tf.int64)
        tf.identity(tf.raw_ops.DenseBincount(input=x, size=5, weights=empty), name="int64")
        rows = tf.reshape(x, [1, -1])
        tf.identity(tf.raw_ops.DenseBincount(input=rows, size=5, weights=empty), name="rows")
        names = ["plain", "bounded", "short", "weighted", "cut", "binary", "int64"]
        runs = []
        with tf.Session() as sess:
            for xv, wv in [
                ([1, 3, 1, 0, 7, 3, 3], [0.5, 1.25, 2.0, -1.0, 3.0, 0.1, 0.2]),
                ([], []),
                ([5], [2.5]),
            ]:
                got = sess.run([f"{n}:0" for n in names], {x: xv, w: wv})
                out = {n: [str(v.dtype), v.tolist()] for n, v in zip(names, got, strict=True)}
                runs.append({"x": xv, "w": wv, "out": out})
            per_row = sess.run("rows:0", {x: [1, 3, 1]}).tolist()
            try:
                sess.run("plain:0", {x: [1, -1]})
                negative = None
            except tf.errors.OpError as exc:
                negative = type(exc).__name__
        graph = base64.b64encode(g.as_graph_def().SerializeToString()).decode()
    return {"graph": graph, "runs": runs, "negative": negative, "rows": per_row}


OPTIMIZERS = {
    "proximal_gd": lambda tf: tf.train.ProximalGradientDescentOptimizer(
        0.3, l1_regularization_strength=0.05, l2_regularization_strength=0.2
    ),
    "adagrad_da": lambda tf: tf.train.AdagradDAOptimizer(
        0.4,
        tf.train.get_or_create_global_step(),
        l1_regularization_strength=0.02,
        l2_regularization_strength=0.1,
    ),
}


def optimizer_case(tf, name) -> dict:
    feeds = {"ids:0": np.array([1, 3, 1, 0], np.int32), "t:0": rand(42, 4, 2)}
    with tempfile.TemporaryDirectory() as d:
        with tf.Graph().as_default():
            ids = tf.placeholder(tf.int32, [None], name="ids")
            t = tf.placeholder(tf.float32, [None, 2], name="t")
            emb = tf.Variable(rand(43, 5, 3), name="emb")
            w = tf.Variable(rand(44, 3, 2), name="w")
            y = tf.matmul(tf.nn.embedding_lookup(emb, ids), w)
            loss = tf.reduce_mean(tf.square(y - t), name="total_loss")
            opt = OPTIMIZERS[name](tf)
            step = tf.train.get_global_step()
            opt.minimize(loss, global_step=step, name="train")
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                sess.run("train", feeds)  # a step, so the checkpoint's slots are not zeros
                tf.train.Saver().save(sess, f"{d}/model")
                types = sorted(
                    {o.type for o in tf.get_default_graph().get_operations() if "Apply" in o.type}
                )
                losses = [float(sess.run(["total_loss:0", "train"], feeds)[0]) for _ in range(3)]
                values = sess.run({v.op.name: v for v in tf.global_variables()})
        files = {
            p.name: base64.b64encode(p.read_bytes()).decode()
            for p in sorted(Path(d).glob("model*"))
        }
    return {
        "feeds": {k: v.tolist() for k, v in feeds.items()},
        "types": types,
        "files": files,
        "losses": losses,
        "variables": {k: np.asarray(v).tolist() for k, v in values.items()},
    }


def main() -> None:
    tf = harness.import_tf1()
    raw = {}
    for name in CASES:
        for resource in (False, True):
            for sparse in (False, True) if name in SPARSE else (False,):
                case = raw_case(tf, name, sparse, resource)
                raw[f"{name}/{case['op']}"] = dict(case, case=name)
    scatters = {
        f"{kind}/{resource}": scatter_nd_case(tf, kind, resource)
        for kind in ("Min", "Max")
        for resource in (False, True)
    }
    optimizers = {name: optimizer_case(tf, name) for name in OPTIMIZERS}
    doc = {"tensorflow": tf.__version__, "raw": raw, "scatter_nd": scatters}
    doc["optimizers"] = optimizers
    doc["unique_v2"] = unique_v2_graph(tf)
    doc["glimpse"] = glimpse_graph(tf)
    doc["bincount"] = bincount_graph(tf)
    print(json.dumps(doc, indent=1))


if __name__ == "__main__":
    main()
