"""Write files as TensorFlow writes them, for graphgate to read (dev-only).

    /work/tfvenv/bin/python tests/reference/tf_formats.py tests/unit/engine/fixtures/tf_formats

Writes, into the directory given: V2 checkpoints (`ckpt/`, `parted/`), frozen GraphDefs
(`mlp.pb`, `cnn.pb`, `rnn.pb`), SavedModels (`saved_v1/` with VariableV2,
`saved_resource/` with resource variables) and `expected.json`: every variable's value
and each graph's outputs for fixed inputs, as TensorFlow computes them.
"""

from __future__ import annotations

import json
import os
import shutil
import sys

import numpy as np
import tensorflow as tf2
import tensorflow.compat.v1 as tf

# Two CPUs, so that a sharded Saver writes two data files (one per device).
_cpu = tf2.config.list_physical_devices("CPU")[0]
tf2.config.set_logical_device_configuration(_cpu, [tf2.config.LogicalDeviceConfiguration()] * 2)
tf.disable_v2_behavior()
OUT = sys.argv[1]
expected: dict = {}


def listed(a: np.ndarray) -> dict:
    if a.dtype == object:
        return {"dtype": "string", "shape": list(a.shape), "value": [v.hex() for v in a.ravel()]}
    return {"dtype": a.dtype.name, "shape": list(a.shape), "value": a.ravel().tolist()}


def fresh(path: str) -> str:
    full = os.path.join(OUT, path)
    shutil.rmtree(full, ignore_errors=True)
    return full


def checkpoint() -> None:
    d = fresh("ckpt")
    rng = np.random.RandomState(0)
    with tf.Graph().as_default():
        with tf.variable_scope("dense"):
            tf.Variable(rng.randn(2, 3).astype(np.float32), name="kernel")
            tf.Variable(rng.randn(3).astype(np.float32), name="bias")
        tf.Variable(rng.randn(2, 2), name="f64")
        tf.Variable(np.array([1, -2, 3, 2**31 - 1], np.int32), name="i32")
        tf.Variable(np.array([[-(2**62), 7]], np.int64), name="i64")
        tf.Variable(np.array([True, False, True]), name="flags")
        tf.Variable(np.array([b"hello", b"", b"\xff\x00x" * 50], object), name="words")
        tf.Variable(np.array([0.5, -2.0, 65504.0], np.float16), name="half")
        tf.Variable(np.arange(5, dtype=np.uint8), name="u8")
        tf.Variable(np.zeros((0, 3), np.float32), name="empty")
        tf.Variable(np.float32(3.25), name="scalar")
        tf.Variable(rng.randn(40, 50).astype(np.float32), name="big")
        step = tf.train.get_or_create_global_step()
        saver = tf.train.Saver(max_to_keep=3)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for i in (1, 2):
                sess.run(tf.assign(step, 10 * i))
                saver.save(sess, d + "/model.ckpt", global_step=step, write_meta_graph=i == 2)
            reader = tf.train.NewCheckpointReader(d + "/model.ckpt-20")
            keys = sorted(reader.get_variable_to_shape_map())
            expected["ckpt"] = {k: listed(reader.get_tensor(k)) for k in keys}
            dtypes = reader.get_variable_to_dtype_map()
            expected["ckpt_dtypes"] = {k: v.name for k, v in dtypes.items()}
    # A relative state file, as save_relative_paths writes.
    with open(d + "/checkpoint", "w") as f:
        f.write(
            'model_checkpoint_path: "model.ckpt-20"\n'
            'all_model_checkpoint_paths: "model.ckpt-10"\n'
            'all_model_checkpoint_paths: "model.ckpt-20"\n'
        )


def bfloat16() -> None:
    """A checkpoint holding a dtype graphgate lacks, beside one it has."""
    d = fresh("bf16")
    with tf.Graph().as_default():
        tf.Variable(tf.constant([1.5, -2.0], tf.bfloat16), name="half_brain")
        tf.Variable([3.0], name="plain")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.train.Saver(save_relative_paths=True).save(
                sess, d + "/model.ckpt", write_meta_graph=False
            )


def sharded() -> None:
    """Saver(sharded=True) over variables on two devices: two data shards."""
    d = fresh("sharded")
    os.makedirs(d)
    with tf.Graph().as_default():
        with tf.device("/cpu:0"):
            tf.Variable(np.arange(6, dtype=np.float32), name="a")
        with tf.device("/cpu:1"):
            tf.Variable(np.array([b"x", b"yz"]), name="b")
            tf.Variable(np.arange(4, dtype=np.int64).reshape(2, 2), name="c")
        config = tf.ConfigProto(device_count={"CPU": 2})
        with tf.Session(config=config) as sess:
            sess.run(tf.global_variables_initializer())
            saver = tf.train.Saver(sharded=True, save_relative_paths=True)
            saver.save(sess, d + "/model.ckpt", write_meta_graph=False)


def partitioned() -> None:
    d = fresh("parted")
    with tf.Graph().as_default():
        p = tf.get_variable(
            "p",
            [6, 2],
            initializer=tf.random_normal_initializer(seed=5),
            partitioner=tf.fixed_size_partitioner(3),
        )
        tf.Variable([1.0], name="plain")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.train.Saver().save(sess, d + "/model.ckpt")
            expected["parted"] = listed(sess.run(tf.convert_to_tensor(p)))
            reader = tf.train.NewCheckpointReader(d + "/model.ckpt")
            expected["parted_map"] = reader.get_variable_to_shape_map()


def freeze(name: str, build, feeds: dict) -> None:
    with tf.Graph().as_default() as g:
        out = build()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            frozen = tf.graph_util.convert_variables_to_constants(
                sess, g.as_graph_def(), [out.op.name]
            )
    with tf.Graph().as_default():
        tf.import_graph_def(frozen, name="")
        with tf.Session() as sess:
            result = sess.run(out.name, {k: v for k, v in feeds.items()})
    with open(os.path.join(OUT, name + ".pb"), "wb") as f:
        f.write(frozen.SerializeToString())
    expected[name] = {
        "feeds": {k: listed(v) for k, v in feeds.items()},
        "fetch": out.name,
        "value": listed(result),
        "ops": sorted({n.op for n in frozen.node}),
    }


def dense(x, units, name, activation=None):
    w = tf.get_variable(name + "/kernel", [x.shape[-1], units])
    b = tf.get_variable(name + "/bias", [units], initializer=tf.random_normal_initializer())
    y = tf.nn.bias_add(tf.matmul(x, w), b)
    return activation(y) if activation else y


def conv(x, filters, size, name, strides=1, padding="SAME"):
    k = tf.get_variable(name + "/kernel", [size, size, x.shape[-1], filters])
    return tf.nn.conv2d(x, k, [1, strides, strides, 1], padding)


def mlp():
    tf.set_random_seed(1)
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    h = dense(x, 8, "d1", tf.nn.relu)
    h = dense(h, 8, "d2", tf.tanh)
    logits = dense(h, 3, "d3")
    return tf.nn.softmax(logits, name="probs")


def cnn():
    tf.set_random_seed(2)
    x = tf.placeholder(tf.float32, [None, 8, 8, 2], name="images")
    h = conv(x, 4, 3, "c1")
    normal = tf.random_normal_initializer()
    scale = tf.get_variable("bn/gamma", [4], initializer=tf.random_uniform_initializer(0.5, 2))
    offset = tf.get_variable("bn/beta", [4], initializer=normal)
    mean = tf.get_variable("bn/mean", [4], initializer=normal)
    var = tf.get_variable("bn/var", [4], initializer=tf.random_uniform_initializer(0.5, 2))
    h, _, _ = tf.nn.fused_batch_norm(h, scale, offset, mean, var, is_training=False)
    h = tf.nn.relu6(h)
    h = tf.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
    h = tf.nn.elu(conv(h, 6, 3, "c2", strides=2, padding="VALID"))
    h = tf.nn.avg_pool(h, [1, 1, 1, 1], [1, 1, 1, 1], "VALID")
    h = tf.reshape(h, [-1, 6])
    h = tf.nn.batch_normalization(h, tf.constant(0.1), tf.constant(2.0), None, None, 1e-3)
    h = dense(h, 5, "d")
    h = tf.concat([h, tf.nn.sigmoid(h)], axis=1)
    m = tf.reduce_mean(h, axis=1, keepdims=True)
    return tf.identity(h - m, name="out")


def rnn():
    # static_rnn's unrolled LSTM, written out (TF 2.21's tf.nn.rnn_cell needs Keras 2).
    tf.set_random_seed(3)
    x = tf.placeholder(tf.float32, [2, 5, 3], name="seq")
    kernel = tf.get_variable("lstm/kernel", [3 + 4, 16])
    bias = tf.get_variable("lstm/bias", [16], initializer=tf.random_normal_initializer())
    c = h = tf.zeros([2, 4])
    outputs = []
    for t, step in enumerate(tf.unstack(x, axis=1)):
        with tf.name_scope(f"step{t}"):
            gates = tf.nn.bias_add(tf.matmul(tf.concat([step, h], 1), kernel), bias)
            i, j, f, o = tf.split(gates, 4, axis=1)
            c = c * tf.sigmoid(f + 1.0) + tf.sigmoid(i) * tf.tanh(j)
            h = tf.tanh(c) * tf.sigmoid(o)
            outputs.append(h)
    seq = tf.stack(outputs, axis=1)
    return tf.add(seq[:, -1, :], tf.reduce_sum(seq, axis=[1, 2])[:, None], name="last")


def unsupported() -> None:
    """A graph graphgate must refuse, naming every node it cannot map."""
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [None, 4], name="x")
        b = tf.raw_ops.ApproximateEqual(x=x, y=tf.zeros_like(x), tolerance=0.5, name="near")
        n = tf.raw_ops.Bincount(arr=tf.cast(x, tf.int32), size=5, weights=x, name="counts")
        h = tf.histogram_fixed_width(x, [-1.0, 1.0], nbins=3, name="hist")
        y = tf.nn.fused_batch_norm(
            tf.reshape(x, [-1, 1, 2, 2]), tf.ones([2]), tf.zeros([2]), is_training=True, name="bn"
        )[0]
        tf.identity(
            tf.cast(b, tf.float32) + tf.reduce_sum(y) + tf.cast(h[0], tf.float32) + n[0],
            name="out",
        )
        with open(os.path.join(OUT, "unsupported.pb"), "wb") as f:
            f.write(g.as_graph_def().SerializeToString())


def zoo():
    """Ops frozen graphs commonly hold, each once."""
    tf.set_random_seed(4)
    x = tf.placeholder(tf.float32, [None, 6, 6, 3], name="zoo_in")
    batch = tf.shape(x)[0]
    h = tf.nn.depthwise_conv2d(x, tf.get_variable("dw", [3, 3, 3, 2]), [1, 1, 1, 1], "SAME")
    h = tf.nn.conv2d(
        h, tf.get_variable("dil", [3, 3, 6, 4]), [1, 1, 1, 1], "SAME", dilations=[1, 2, 2, 1]
    )
    h = tf.nn.leaky_relu(h, alpha=0.1)
    h = tf.pad(h, [[0, 0], [1, 1], [1, 1], [0, 0]], mode="REFLECT")
    h = tf.pad(h, [[0, 0], [0, 1], [0, 1], [0, 0]], constant_values=0.5)
    h = tf.transpose(h, [0, 3, 1, 2])
    flat = tf.reshape(h, tf.stack([batch, -1]))
    a, b = tf.split(flat, 2, axis=1)
    c, d, e = tf.split(flat, [100, 100, 124], axis=1)
    m = tf.matmul(a[:, None, :8], tf.reshape(b[:, :16], [-1, 8, 2]))  # BatchMatMulV2
    s = tf.squeeze(m, axis=1) + tf.reduce_max(c, axis=1, keepdims=True)
    s = s * tf.reduce_min(d, axis=-1, keepdims=True) - tf.reduce_prod(tf.sign(e[:, :3]), 1)[:, None]
    g = tf.gather(
        tf.constant(np.arange(12.0, dtype=np.float32).reshape(4, 3)),
        tf.cast(tf.argmax(s, axis=1), tf.int32) + 1,
    )
    w = tf.where(s > 0.0, s, tf.nn.softplus(s))
    z = tf.concat([w, g[:, :2], tf.nn.l2_normalize(w, axis=1)], axis=1)
    z = tf.clip_by_value(tf.exp(-tf.abs(z)), 0.05, 0.95) + tf.log(tf.square(z) + 1.0)
    z = tf.nn.log_softmax(tf.expand_dims(z, -1)[:, :, 0] * tf.sqrt(2.0)) + tf.floor(z)
    z = tf.tile(z, [1, 2]) + tf.one_hot(tf.argmin(z, axis=1), 12)
    z = tf.maximum(z, -3.0) + tf.minimum(z, 1.0) + tf.cast(tf.equal(z, z), tf.float32)
    return tf.identity(z + tf.reduce_mean(tf.slice(z, [0, 1], [-1, 3])), name="zoo_out")


OPTIMIZERS = {
    "train": lambda: tf.train.GradientDescentOptimizer(0.05),
    "train_adam": lambda: tf.train.AdamOptimizer(0.01),
    "train_momentum": lambda: tf.train.MomentumOptimizer(0.05, 0.9, use_nesterov=True),
    "train_adagrad": lambda: tf.train.AdagradOptimizer(0.1),
    # Resource variables: VarHandleOp, ResourceApply*, AssignAddVariableOp.
    "train_resource_adam": lambda: tf.train.AdamOptimizer(0.01),
    "train_resource_rmsprop": lambda: tf.train.RMSPropOptimizer(0.01, momentum=0.5),
}


def training(path: str) -> None:
    """A training graph TF built (gradients, an optimizer), its checkpoint and .meta, and
    what three steps of it compute after `import_meta_graph` and `restore`."""
    d = fresh(path)
    rng = np.random.RandomState(5)
    with tf.Graph().as_default():
        if "resource" in path:
            tf.enable_resource_variables()
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        t = tf.placeholder(tf.float32, [None, 2], name="t")
        h = tf.nn.relu(
            tf.matmul(x, tf.Variable(rng.randn(3, 4).astype(np.float32), name="w1"))
            + tf.Variable(rng.randn(4).astype(np.float32), name="b1")
        )
        y = tf.add(
            tf.matmul(h, tf.Variable(rng.randn(4, 2).astype(np.float32), name="w2")),
            tf.Variable(rng.randn(2).astype(np.float32), name="b2"),
            name="y",
        )
        loss = tf.reduce_mean(tf.square(y - t), name="loss")
        step = tf.train.get_or_create_global_step()
        OPTIMIZERS[path]().minimize(loss, global_step=step, name="train")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            saver = tf.train.Saver(save_relative_paths=True)
            saver.save(sess, d + "/model.ckpt", global_step=0)
            if path == "train":
                saver.export_meta_graph(d + "/text.meta", as_text=True)
    tf.disable_resource_variables()
    feeds = {"x:0": rng.randn(5, 3).astype(np.float32), "t:0": rng.randn(5, 2).astype(np.float32)}
    with tf.Graph().as_default():
        saver = tf.train.import_meta_graph(d + "/model.ckpt-0.meta")
        with tf.Session() as sess:
            saver.restore(sess, d + "/model.ckpt-0")
            losses = [float(sess.run(["loss:0", "train"], feeds)[0]) for _ in range(3)]
            # By variable (a resource variable's "w1:0" is its handle, not its value).
            variables = {v.op.name + ":0": v for v in tf.global_variables()}
            names = ["w1:0", "b1:0", "w2:0", "b2:0", "global_step:0"]
            after = dict(zip(names, sess.run([variables[n] for n in names]), strict=True))
    expected[path] = {
        "feeds": {k: listed(v) for k, v in feeds.items()},
        "losses": losses,
        "after": {k: listed(np.asarray(v)) for k, v in after.items()},
    }


def saved_text() -> None:
    """A SavedModelBuilder export in protobuf's text format (`saved_model.pbtxt`)."""
    d = fresh("saved_text")
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        w = tf.Variable([[1.5], [-2.0]], name="w")
        y = tf.tanh(tf.matmul(x, w) + tf.constant(0.25), name="y")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            builder = tf.saved_model.builder.SavedModelBuilder(d)
            signature = tf.saved_model.predict_signature_def({"x": x}, {"y": y})
            builder.add_meta_graph_and_variables(sess, ["serve"], {"serving_default": signature})
            builder.save(as_text=True)
            feed = np.array([[0.5, 0.25], [-1.0, 2.0]], np.float32)
            expected["saved_text"] = {
                "feeds": {"x": listed(feed)},
                "value": listed(sess.run(y, {x: feed})),
            }


def zoo2():
    """More ops frozen graphs hold: upsampling, transposed convolution, moments, top-k,
    masks and dynamic shapes."""
    tf.set_random_seed(6)
    x = tf.placeholder(tf.float32, [None, 4, 4, 2], name="zoo2_in")
    up = tf.image.resize_bilinear(x, [8, 8])
    near = tf.image.resize_nearest_neighbor(x, [6, 6])
    k = tf.get_variable("deconv", [3, 3, 3, 2])
    de = tf.nn.conv2d_transpose(x, k, tf.stack([tf.shape(x)[0], 8, 8, 3]), [1, 2, 2, 1], "SAME")
    mean, var = tf.nn.moments(up, axes=[1, 2])
    s2d = tf.nn.space_to_depth(up, 2)
    d2s = tf.nn.depth_to_space(s2d, 2)
    flat = tf.reshape(tf.concat([d2s, tf.reverse(de, [2])[..., :2]], -1), [tf.shape(x)[0], -1])
    values, idx = tf.nn.top_k(flat, 5)
    mask = tf.reduce_sum(tf.boolean_mask(flat, flat[:, 0] > -10.0), axis=1)
    out = tf.concat(
        [
            values,
            tf.cast(idx, tf.float32) / 100.0,
            mean,
            var,
            tf.expand_dims(mask, 1),
            tf.reduce_mean(near, axis=[1, 2]),
            tf.cumsum(values, axis=1),
            tf.expand_dims(tf.cast(tf.size(flat), tf.float32), 0) + tf.zeros_like(values[:, :1]),
            tf.fill(tf.stack([tf.shape(x)[0], 2]), 0.5) * tf.nn.l2_loss(x),
        ],
        axis=1,
    )
    return tf.identity(out, name="zoo2_out")


def random():
    """Seeded random ops (dropout, normal, truncated normal): TF's numbers from the seeds
    the graph records."""
    tf.set_random_seed(7)
    x = tf.placeholder(tf.float32, [4, 5], name="rand_in")
    noise = tf.random.normal([4, 5]) + tf.random.truncated_normal([4, 5], seed=3)
    return tf.identity(tf.nn.dropout(x, rate=0.4) + noise, name="rand_out")


def conds() -> None:
    """Frozen TF1 conds (Switch/Merge): two outputs, a dropout only when training, a cond
    reading another's result; TF's outputs for both predicates. And a nested cond, which
    graphgate refuses."""
    with tf.Graph().as_default() as g:
        tf.disable_control_flow_v2()
        tf.set_random_seed(3)
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        training = tf.placeholder_with_default(False, [], name="training")
        w = tf.Variable(np.arange(9, dtype=np.float32).reshape(3, 3), name="w")
        a, b = tf.cond(
            training,
            lambda: (tf.matmul(x, w) * 2.0, tf.reduce_sum(x)),
            lambda: (tf.nn.relu(x - 1.0), tf.constant(-1.0)),
        )
        h = tf.cond(training, lambda: tf.nn.dropout(a, rate=0.5), lambda: a * 1.0)
        big = tf.cond(tf.reduce_max(h) > 2.0, lambda: h / 2.0, lambda: tf.square(h + b))
        # A branch returning its input unchanged: the Merge reads the Switch itself.
        same = tf.cond(training, lambda: big * 0.5, lambda: big)
        y = tf.identity(same + b, name="y")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            frozen = tf.graph_util.convert_variables_to_constants(sess, g.as_graph_def(), ["y"])
            feed = np.arange(6, dtype=np.float32).reshape(2, 3) - 2
            cases = {}
            for flag in (False, True):
                for sign in (1.0, -1.0):
                    cases[f"{flag}/{sign}"] = listed(sess.run(y, {x: sign * feed, training: flag}))
        with open(os.path.join(OUT, "cond.pb"), "wb") as f:
            f.write(frozen.SerializeToString())
        expected["cond"] = {"feed": listed(feed), "values": cases}
    with tf.Graph().as_default() as g:
        p = tf.placeholder(tf.bool, [], name="p")
        x = tf.placeholder(tf.float32, [], name="x")
        inner = tf.cond(p, lambda: tf.cond(x > 0, lambda: x * 2.0, lambda: -x), lambda: x + 1.0)
        tf.identity(inner, name="y")
        with open(os.path.join(OUT, "nested_cond.pb"), "wb") as f:
            f.write(g.as_graph_def().SerializeToString())
        with tf.Session() as sess:
            expected["nested_cond"] = {
                f"{flag}/{v}": float(sess.run("y:0", {p: flag, x: v}))
                for flag in (False, True)
                for v in (-1.5, 2.5)
            }
    loops()


def loops() -> None:
    """Frozen TF1 while_loops (Enter/Merge/Switch/NextIteration/Exit): two loop variables,
    an invariant, maximum_iterations; TF's results. And a loop nested in a loop, which
    graphgate refuses."""
    with tf.Graph().as_default() as g:
        n = tf.placeholder(tf.int32, [], name="n")
        x = tf.placeholder(tf.float32, [3], name="x")
        w = tf.Variable([0.5, -1.0, 2.0], name="w")
        k, acc = tf.while_loop(
            lambda k, acc: k < n,
            lambda k, acc: [k + 1, acc * 0.9 + tf.tanh(x * w) + tf.cast(k, tf.float32)],
            [tf.constant(0), tf.zeros([3])],
            maximum_iterations=20,
        )
        tf.identity(acc + tf.cast(k, tf.float32), name="y")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            frozen = tf.graph_util.convert_variables_to_constants(sess, g.as_graph_def(), ["y"])
            feed = np.array([0.25, -1.5, 3.0], np.float32)
            expected["while"] = {
                "feed": listed(feed),
                "values": {str(v): listed(sess.run("y:0", {n: v, x: feed})) for v in (0, 3, 50)},
            }
        with open(os.path.join(OUT, "while.pb"), "wb") as f:
            f.write(frozen.SerializeToString())
    with tf.Graph().as_default() as g:
        # dynamic_rnn's loop, written out (TF 2.21's tf.nn.rnn_cell needs Keras 2): the
        # inputs unstacked into a TensorArray, each step read from it and written to another,
        # which is stacked after the loop.
        x = tf.placeholder(tf.float32, [2, 5, 3], name="seq")
        w = tf.Variable(np.random.RandomState(8).randn(7, 4).astype(np.float32), name="w")
        steps = tf.TensorArray(tf.float32, size=5).unstack(tf.transpose(x, [1, 0, 2]))
        outputs = tf.TensorArray(tf.float32, size=5)

        def body(t, h, outs):
            h = tf.tanh(tf.matmul(tf.concat([steps.read(t), h], 1), w))
            return t + 1, h, outs.write(t, h)

        _, h, outs = tf.while_loop(lambda t, h, o: t < 5, body, [0, tf.zeros([2, 4]), outputs])
        size = tf.cast(outs.size(), tf.float32)
        tf.identity(tf.reduce_sum(outs.stack(), 0) + h * size, name="y")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            frozen = tf.graph_util.convert_variables_to_constants(sess, g.as_graph_def(), ["y"])
            feed = np.random.RandomState(9).randn(2, 5, 3).astype(np.float32)
            expected["rnn_loop"] = {
                "feed": listed(feed),
                "value": listed(sess.run("y:0", {x: feed})),
            }
        with open(os.path.join(OUT, "rnn_loop.pb"), "wb") as f:
            f.write(frozen.SerializeToString())
    with tf.Graph().as_default() as g:
        i = tf.placeholder(tf.int32, [], name="i")
        inner = lambda k: tf.while_loop(lambda j: j < 3, lambda j: j + 1, [k])  # noqa: E731
        tf.identity(tf.while_loop(lambda k: k < 10, inner, [i]), name="y")
        with open(os.path.join(OUT, "nested_while.pb"), "wb") as f:
            f.write(g.as_graph_def().SerializeToString())
    with tf.Graph().as_default() as g:
        p = tf.placeholder(tf.bool, [], name="p")
        i = tf.placeholder(tf.int32, [], name="i")
        looped = tf.cond(
            p, lambda: tf.while_loop(lambda k: k < 10, lambda k: k + 1, [i]), lambda: i
        )
        tf.identity(looped, name="y")
        with open(os.path.join(OUT, "loop_in_cond.pb"), "wb") as f:
            f.write(g.as_graph_def().SerializeToString())


def saved(path: str, resource: bool) -> None:
    d = fresh(path)
    rng = np.random.RandomState(4)
    with tf.Graph().as_default():
        if resource:
            tf.enable_resource_variables()
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        w = tf.get_variable("w", initializer=rng.randn(3, 2).astype(np.float32))
        b = tf.get_variable("b", initializer=rng.randn(2).astype(np.float32))
        y = tf.nn.sigmoid(tf.matmul(x, w) + b, name="y")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            tf.saved_model.simple_save(sess, d, {"x": x}, {"y": y})
            feed = rng.randn(2, 3).astype(np.float32)
            expected[path] = {
                "feeds": {"x": listed(feed)},
                "value": listed(sess.run(y, {x: feed})),
                "var_op": w.op.type,
            }
        if resource:
            tf.disable_resource_variables()


checkpoint()
bfloat16()
sharded()
partitioned()
rng = np.random.RandomState(7)
freeze("mlp", mlp, {"x:0": rng.randn(3, 4).astype(np.float32)})
freeze("cnn", cnn, {"images:0": rng.randn(2, 8, 8, 2).astype(np.float32)})
freeze("rnn", rnn, {"seq:0": rng.randn(2, 5, 3).astype(np.float32)})
freeze("zoo", zoo, {"zoo_in:0": rng.randn(2, 6, 6, 3).astype(np.float32)})
freeze("random", random, {"rand_in:0": rng.randn(4, 5).astype(np.float32)})
freeze("zoo2", zoo2, {"zoo2_in:0": rng.randn(3, 4, 4, 2).astype(np.float32)})
unsupported()
conds()
for name in OPTIMIZERS:
    training(name)
saved_text()
saved("saved_v1", False)
saved("saved_resource", True)
with open(os.path.join(OUT, "expected.json"), "w") as f:
    json.dump(expected, f, indent=1, sort_keys=True)
    f.write("\n")
