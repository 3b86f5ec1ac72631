"""TF-written training GraphDefs with nodes only TF's own training emits: its gradient of a
batch norm (FusedBatchNormGrad, V2, V3), its fused Adadelta, FTRL and centered RMSProp
updates (ApplyAdadelta, ApplyFtrl, ApplyFtrlV2, ApplyCenteredRMSProp) and the sparse
updates of an embedding (SparseApplyAdagrad, Momentum, RMSProp, CenteredRMSProp, Ftrl,
FtrlV2, Adadelta; Adam's ScatterAdd, or ResourceScatterAdd on resource variables), and what
TensorFlow computes for them (dev-only): the loss, each gradient and, after two optimizer
steps, the variables and the optimizer's slots; and tf.compat.v1's scatters on resource
variables (ResourceScatter*) after three runs
(tests/unit/engine/test_tf_training_graph_imports.py imports and runs them).

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf_training_graph_imports.py \\
        > tests/unit/engine/fixtures/tf_training_graph_imports.json
"""

from __future__ import annotations

import base64
import json
import tempfile
from pathlib import Path

import numpy as np

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script
    import harness

X = (np.arange(3 * 4 * 5 * 2, dtype=np.float32).reshape(3, 4, 5, 2) % 11 - 5) / 3


def _layers_train(tf, x):
    """tf.layers' batch norm in training (FusedBatchNormV3 and its V3 gradient)."""
    c = tf.layers.conv2d(x, 3, 2, padding="same", kernel_initializer=tf.constant_initializer(0.3))
    c = tf.layers.batch_normalization(c, training=True, epsilon=0.01)
    return tf.nn.relu(c) * tf.cos(c)


def _fused_nchw(tf, x):
    scale = tf.Variable([1.0, 2.0], name="scale")
    offset = tf.Variable([0.1, -0.2], name="offset")
    y, _, _ = tf.nn.fused_batch_norm(
        tf.transpose(x, [0, 3, 1, 2]), scale, offset, data_format="NCHW", is_training=True
    )
    return tf.transpose(y, [0, 2, 3, 1]) ** 2


def _fused_inference(tf, x):
    scale = tf.Variable([1.5, 0.5], name="scale")
    offset = tf.Variable([0.0, 1.0], name="offset")
    y, _, _ = tf.nn.fused_batch_norm(
        x, scale, offset, mean=[0.2, -0.1], variance=[2.0, 0.5], epsilon=0.1, is_training=False
    )
    return tf.sin(y)


def _raw_v1_v2(tf, x):
    R = tf.raw_ops
    scale = tf.Variable([0.7, 1.3], name="scale")
    offset = tf.Variable([0.3, 0.0], name="offset")
    a = R.FusedBatchNorm(x=x, scale=scale, offset=offset, mean=[], variance=[], epsilon=0.05)
    b = R.FusedBatchNormV2(x=x * 2.0, scale=scale, offset=offset, mean=[], variance=[])
    return a.y * b.y


def _dense(tf, x):
    """A small dense model whose variables the optimizers below train."""
    h = tf.layers.dense(
        tf.reshape(x, [3, 40]),
        4,
        tf.tanh,
        name="hidden",
        kernel_initializer=tf.constant_initializer(0.05),
    )
    return tf.layers.dense(h, 2, name="out", kernel_initializer=tf.constant_initializer(-0.1))


OPTIMIZERS = {
    "adadelta": lambda tf: tf.train.AdadeltaOptimizer(0.5, rho=0.9, epsilon=1e-6),
    "ftrl": lambda tf: tf.train.FtrlOptimizer(
        0.3, l1_regularization_strength=0.01, l2_regularization_strength=0.02
    ),
    "ftrl_power": lambda tf: tf.train.FtrlOptimizer(
        0.3, learning_rate_power=-0.7, initial_accumulator_value=0.5
    ),
    "ftrl_shrinkage": lambda tf: tf.train.FtrlOptimizer(
        0.2, l1_regularization_strength=0.001, l2_shrinkage_regularization_strength=0.05
    ),
    "rmsprop_centered": lambda tf: tf.train.RMSPropOptimizer(0.05, momentum=0.3, centered=True),
}


def _embedded(tf, x):
    """An embedding lookup (its gradient IndexedSlices: the optimizers' SparseApply*) with
    a repeated id, which TF1's optimizers sum before their sparse update."""
    ids = tf.constant([3, 0, 3, 7, 1, 0])
    table = tf.get_variable("table", [8, 5], initializer=tf.constant_initializer(0.2))
    rows = tf.nn.embedding_lookup(table, ids)
    return tf.reduce_sum(rows * tf.reshape(x, [6, 20])[:, :5], 1)


def _embedded_resource(tf, x):
    """The embedding on a resource variable: Adam's sparse update of it is a
    ResourceScatterAdd of its slots' rows, Adagrad's a ResourceSparseApplyAdagrad."""
    tf.get_variable_scope().set_use_resource(True)
    return _embedded(tf, x)


SPARSE_OPTIMIZERS = {
    "adam": lambda tf: tf.train.AdamOptimizer(0.1, beta1=0.8, epsilon=1e-3),
    "adagrad": lambda tf: tf.train.AdagradOptimizer(0.3),
    "momentum": lambda tf: tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True),
    "rmsprop": lambda tf: tf.train.RMSPropOptimizer(0.05, momentum=0.5),
    "ftrl": lambda tf: tf.train.FtrlOptimizer(0.3, l1_regularization_strength=0.01),
    "ftrl_shrinkage": lambda tf: tf.train.FtrlOptimizer(
        0.2, l2_shrinkage_regularization_strength=0.05
    ),
    "adadelta": lambda tf: tf.train.AdadeltaOptimizer(0.5),
    "rmsprop_centered": lambda tf: tf.train.RMSPropOptimizer(0.05, centered=True),
}
OPTIMIZERS.update({f"sparse_{k}": v for k, v in SPARSE_OPTIMIZERS.items()})

CASES = {
    "layers_train": _layers_train,
    "fused_nchw": _fused_nchw,
    "fused_inference": _fused_inference,
    "raw_v1_v2": _raw_v1_v2,
    **{f"optimizer_{name}": _dense for name in OPTIMIZERS if not name.startswith("sparse")},
    **{f"optimizer_sparse_{name}": _embedded for name in SPARSE_OPTIMIZERS},
    **{f"optimizer_sparse_{name}_resource": _embedded_resource for name in ("adam", "adagrad")},
}


TRAINING_OPS = ("BatchNorm", "Apply", "Scatter")


def record(tf) -> dict:
    out = {}
    for name, build in CASES.items():
        with tf.Graph().as_default() as g:
            x = tf.placeholder(tf.float32, X.shape, name="x")
            t = build(tf, x)
            loss = tf.identity(tf.reduce_sum(t * tf.sin(t)), name="loss")
            variables = tf.trainable_variables()
            grads = tf.gradients(loss, [x, *variables])
            for i, grad in enumerate(grads):
                tf.identity(tf.convert_to_tensor(grad), name=f"grad_{i}")
            make = OPTIMIZERS.get(name.removeprefix("optimizer_").removesuffix("_resource"))
            optimizer = make(tf) if make else tf.train.GradientDescentOptimizer(0.001)
            step = optimizer.minimize(loss, name="step")
            tf.group(tf.global_variables_initializer(), name="init")
            types = sorted(
                {n.op for n in g.as_graph_def().node if any(k in n.op for k in TRAINING_OPS)}
            )
            stored = tf.global_variables()
            # A resource variable's name is its handle's; the variable itself runs its value.
            state = [v.name for v in stored]
            with tf.Session() as sess:
                sess.run("init")
                values = sess.run(["loss:0", *[f"grad_{i}:0" for i in range(len(grads))]], {x: X})
                sess.run(step, {x: X})
                sess.run(step, {x: X})
                after = sess.run(stored)
            out[name] = {
                "graph": base64.b64encode(g.as_graph_def().SerializeToString()).decode(),
                "training_ops": types,
                "loss": float(values[0]),
                "gradients": [v.tolist() for v in values[1:]],
                "state": state,
                "after_step": [v.tolist() for v in after],
            }
    return out


def repeated_indices(tf) -> dict:
    """A SparseApplyAdagrad of a repeated index: TF's kernel updates its row twice."""
    with tf.Graph().as_default() as g:
        var = tf.Variable(tf.ones([4, 2]), name="var")
        accum = tf.Variable(tf.fill([4, 2], 0.1), name="accum")
        grad = tf.constant([[1.0, 2.0], [3.0, 4.0], [0.5, 0.5]])
        tf.raw_ops.SparseApplyAdagrad(
            var=var._ref(), accum=accum._ref(), lr=0.1, grad=grad, indices=[2, 2, 0], name="update"
        )
        tf.group(tf.global_variables_initializer(), name="init")
        with tf.Session() as sess:
            sess.run("init")
            sess.run("update")
            after = sess.run([var, accum])
    return {
        "graph": base64.b64encode(g.as_graph_def().SerializeToString()).decode(),
        "after": [v.tolist() for v in after],
    }


def resource_scatters(tf) -> dict:
    """Each scatter of tf.compat.v1 on a resource variable (ResourceScatterAdd, Sub, Mul,
    Div, Min, Max, Update, NdAdd, NdSub, NdUpdate), a repeated index among each one's, run
    three times."""
    with tf.Graph().as_default() as g:
        kinds = ("add", "sub", "mul", "div", "min", "max", "update")
        variables = [
            tf.get_variable(
                kind,
                initializer=np.arange(1, 13, dtype=np.float32).reshape(4, 3) / 4,
                use_resource=True,
            )
            for kind in kinds
        ]
        updates = tf.constant([[1.5, -2.0, 0.5], [3.0, 0.25, -1.0], [2.0, 2.0, 4.0]])
        indices = tf.constant([2, 0, 2])
        scatters = [
            getattr(tf.compat.v1, f"scatter_{kind}")(v, indices, updates)
            for kind, v in zip(kinds, variables, strict=True)
        ]
        # scatter_nd_* (ResourceScatterNdAdd, Sub, Update): element [2, 1] twice
        nd_kinds = ("nd_add", "nd_sub", "nd_update")
        nd_variables = [
            tf.get_variable(kind, initializer=np.full([4, 3], 0.5, np.float32), use_resource=True)
            for kind in nd_kinds
        ]
        nd_indices = tf.constant([[2, 1], [0, 0], [2, 1]])
        scatters += [
            getattr(tf.compat.v1, f"scatter_{kind}")(v, nd_indices, [1.5, -2.0, 4.0])
            for kind, v in zip(nd_kinds, nd_variables, strict=True)
        ]
        variables += nd_variables
        tf.group(*scatters, name="step")
        tf.group(tf.global_variables_initializer(), name="init")
        types = sorted({n.op for n in g.as_graph_def().node if "Scatter" in n.op})
        with tf.Session() as sess:
            sess.run("init")
            for _ in range(3):
                sess.run("step")
            after = sess.run(variables)
    return {
        "graph": base64.b64encode(g.as_graph_def().SerializeToString()).decode(),
        "training_ops": types,
        "state": [v.name for v in variables],
        "after_step": [v.tolist() for v in after],
    }


def checkpointed_adam(tf) -> dict:
    """Sparse Adam on resource variables as a MetaGraph and the checkpoint its Saver wrote
    after one step; the loss and variables after two more steps."""
    with tf.Graph().as_default(), tempfile.TemporaryDirectory() as d:
        x = tf.placeholder(tf.float32, X.shape, name="x")
        t = _embedded_resource(tf, x)
        loss = tf.identity(tf.reduce_sum(t * tf.sin(t)), name="loss")
        SPARSE_OPTIMIZERS["adam"](tf).minimize(loss, name="step")
        tf.group(tf.global_variables_initializer(), name="init")
        saver = tf.train.Saver()
        stored = tf.global_variables()
        with tf.Session() as sess:
            sess.run("init")
            sess.run("step", {x: X})
            saver.save(sess, d + "/model.ckpt")
            for _ in range(2):
                sess.run("step", {x: X})
            value, after = sess.run([loss, stored], {x: X})
        # Not the `checkpoint` state file: it names the temporary directory.
        files = {
            p.name: base64.b64encode(p.read_bytes()).decode()
            for p in sorted(Path(d).glob("model.ckpt*"))
        }
    return {
        "files": files,
        "loss": float(value),
        "state": [v.name for v in stored],
        "after_step": [v.tolist() for v in after],
    }


def main() -> None:
    tf = harness.import_tf1(legacy_keras=True)
    document = {"tensorflow": tf.__version__, "graphs": record(tf)}
    document["repeated_indices"] = repeated_indices(tf)
    document["resource_scatters"] = resource_scatters(tf)
    document["checkpointed_adam"] = checkpointed_adam(tf)
    print(json.dumps(document, indent=1))


if __name__ == "__main__":
    main()
