"""Programs trained in graphgate and written as TensorFlow's files (GraphDef, `.meta` beside
a TF-format checkpoint, SavedModel), shared by the reference script that loads them in
TensorFlow (tests/reference/tf_export.py) and the tests that pin what TF computed from
them (tests/unit/engine/test_tf_export.py). Everything is seeded: the same files each run.

Each program takes the `graphgate` module and a directory, writes its files there and
returns what graphgate computed: `feeds` (tensor name to value), `fetches` (tensor names),
`gg` (artifact to fetched values: `meta` after restoring, `meta_step` after one more
training step, `saved_model`, `graph`).
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

_RNG = np.random.RandomState(7)
MLP_X = _RNG.randn(16, 4).astype(np.float32)
MLP_Y = _RNG.randint(0, 3, 16).astype(np.int64)
CNN_X = _RNG.rand(6, 8, 8, 1).astype(np.float32)
CNN_Y = _RNG.randint(0, 3, 6).astype(np.int32)


def plain(value: Any) -> Any:
    """A fetched value as JSON: strings as text, numbers as lists."""
    array = np.asarray(value)
    if array.dtype.kind in "OS":
        return [v.decode("utf-8") for v in array.reshape(-1)]
    return array.tolist()


def feed_dict(graph: Any, feeds: dict[str, Any], string: Any) -> dict[Any, Any]:
    """A program's feeds for `graph` (TF's or graphgate's; `string` its string dtype)."""
    out = {}
    for name, value in feeds.items():
        tensor = graph.get_tensor_by_name(name)
        if tensor.dtype == string:
            value = np.array([v.encode("utf-8") for v in value], dtype=object)
        out[tensor] = value
    return out


def fetch(sess: Any, fetches: list[str], feeds: dict[str, Any], string: Any) -> dict[str, Any]:
    values = sess.run(fetches, feed_dict(sess.graph, feeds, string))
    return {k: plain(v) for k, v in zip(fetches, values, strict=True)}


def _as_lists(values: dict[str, Any]) -> dict[str, Any]:
    return {k: np.asarray(v).tolist() for k, v in values.items()}


def _train_and_write(tf: Any, directory: str, feeds: dict, fetches: list[str], steps: int):
    graph = tf.get_default_graph()
    run_feeds = {graph.get_tensor_by_name(k): v for k, v in feeds.items()}
    train = graph.get_operation_by_name("train")
    out: dict[str, Any] = {}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(steps):
            sess.run(train, run_feeds)
        saver = tf.train.Saver(checkpoint_format="tensorflow")
        saver.save(sess, os.path.join(directory, "ckpt", "model"))
        tf.train.write_graph(graph, directory, "graph.pbtxt")
        first = graph.get_tensor_by_name(fetches[0].split(":")[0] + ":0")
        inputs = {k.split(":")[0]: graph.get_tensor_by_name(k) for k in feeds}
        tf.saved_model.simple_save(
            sess, os.path.join(directory, "saved_model"), inputs, {"out": first}
        )
        values = dict(zip(fetches, sess.run(fetches, run_feeds), strict=True))
        out["meta"] = _as_lists(values)
        out["saved_model"] = _as_lists({fetches[0]: values[fetches[0]]})
        sess.run(train, run_feeds)
        out["meta_step"] = _as_lists(dict(zip(fetches, sess.run(fetches, run_feeds), strict=True)))
    return out


def mlp(tf: Any, directory: str) -> dict[str, Any]:
    """Two dense layers, softmax cross-entropy (sparse labels), Adam with a global step."""
    tf.set_random_seed(3)
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    y = tf.placeholder(tf.int64, [None], name="y")
    h = tf.layers.dense(x, 8, activation=tf.nn.relu)
    logits = tf.layers.dense(h, 3)
    tf.nn.softmax(logits, name="probs")
    loss = tf.losses.sparse_softmax_cross_entropy(y, logits)
    tf.identity(loss, name="loss")
    step = tf.train.get_or_create_global_step()
    tf.train.AdamOptimizer(0.05).minimize(loss, global_step=step, name="train")
    feeds = {"x:0": MLP_X, "y:0": MLP_Y}
    fetches = ["probs:0", "loss:0"]
    gg = _train_and_write(tf, directory, feeds, fetches, steps=3)
    return {"feeds": _as_lists(feeds), "fetches": fetches, "gg": gg}


def cnn(tf: Any, directory: str) -> dict[str, Any]:
    """Conv2D, max pooling, a reshape, a dense layer, softmax cross-entropy of one-hot
    labels, momentum."""
    tf.set_random_seed(5)
    x = tf.placeholder(tf.float32, [None, 8, 8, 1], name="x")
    y = tf.placeholder(tf.int32, [None], name="y")
    c = tf.layers.conv2d(x, 4, 3, padding="same", activation=tf.nn.relu)
    p = tf.layers.max_pooling2d(c, 2, 2)
    f = tf.reshape(p, [-1, 4 * 4 * 4])
    logits = tf.layers.dense(f, 3)
    tf.nn.softmax(logits, name="probs")
    xent = tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.one_hot(y, 3), logits=logits)
    loss = tf.reduce_mean(xent, name="loss")
    tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss, name="train")
    feeds = {"x:0": CNN_X, "y:0": CNN_Y}
    fetches = ["probs:0", "loss:0"]
    gg = _train_and_write(tf, directory, feeds, fetches, steps=2)
    return {"feeds": _as_lists(feeds), "fetches": fetches, "gg": gg}


def frozen(tf: Any, directory: str) -> dict[str, Any]:
    """The MLP trained, frozen by `convert_variables_to_constants`, written binary."""
    mlp_dir = os.path.join(directory, "mlp")
    os.makedirs(mlp_dir)
    mlp(tf, mlp_dir)
    graph = tf.get_default_graph()
    feeds = {"x:0": MLP_X}
    with tf.Session() as sess:
        tf.train.Saver().restore(sess, os.path.join(mlp_dir, "ckpt", "model"))
        frozen_def = tf.graph_util.convert_variables_to_constants(
            sess, graph.as_graph_def(), ["probs"]
        )
        probs = sess.run("probs:0", {graph.get_tensor_by_name("x:0"): MLP_X})
    tf.train.write_graph(frozen_def, directory, "frozen.pb", as_text=False)
    gg = {"graph": _as_lists({"probs:0": probs})}
    return {"feeds": _as_lists(feeds), "fetches": ["probs:0"], "gg": gg}


STRINGS_IN = np.array([b"banana", b"kiwi", b"", "caf\u00e9".encode()], dtype=object)


def strings(tf: Any, directory: str) -> dict[str, Any]:
    """String ops over a fed batch: join, length, regex replace, substr, to_number."""
    s = tf.placeholder(tf.string, [None], name="s")
    tf.strings.join([s, tf.constant("!")], separator="-", name="joined")
    tf.strings.length(s, name="len")
    tf.strings.regex_replace(s, "a", "o", name="replaced")
    tf.strings.substr(s, 0, 2, name="head")
    tf.strings.to_number(tf.constant(["1.5", "-2", "1e3"]), name="number")
    fetches = ["joined:0", "len:0", "replaced:0", "head:0", "number:0"]
    graph = tf.get_default_graph()
    with tf.Session() as sess:
        values = sess.run(fetches, {s: STRINGS_IN})
    tf.train.write_graph(graph, directory, "strings.pb", as_text=False)
    got = {k: plain(v) for k, v in zip(fetches, values, strict=True)}
    feeds = {"s:0": [v.decode("utf-8") for v in STRINGS_IN]}
    return {"feeds": feeds, "fetches": fetches, "gg": {"graph": got}}


def control_flow(tf: Any, directory: str) -> dict[str, Any]:
    """Two conds (one takes each branch, one reads a variable) and a while_loop capturing
    a placeholder: a SavedModel, and the graph frozen (TF's functional If and While)."""
    x = tf.placeholder(tf.float32, [], name="x")
    y = tf.placeholder(tf.float32, [], name="y")
    n = tf.placeholder(tf.int32, [], name="n")
    w = tf.Variable(3.0, name="w")
    tf.identity(tf.cond(x > 0, lambda: x * 2 + y * w, lambda: x - 1), name="c")
    tf.identity(tf.cond(x < 0, lambda: tf.sqrt(y), lambda: -y), name="d")
    _, r = tf.while_loop(lambda i, v: i < n, lambda i, v: (i + 1, v * y + 1.0), [0, x])
    tf.identity(r, name="l")
    feeds = {"x:0": 1.5, "y:0": 2.0, "n:0": 4}
    fetches = ["c:0", "d:0", "l:0"]
    graph = tf.get_default_graph()
    run_feeds = {graph.get_tensor_by_name(k): v for k, v in feeds.items()}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        values = dict(zip(fetches, sess.run(fetches, run_feeds), strict=True))
        inputs = {"x": x, "y": y, "n": n}
        out = graph.get_tensor_by_name("c:0")
        tf.saved_model.simple_save(
            sess, os.path.join(directory, "saved_model"), inputs, {"out": out}
        )
        frozen_def = tf.graph_util.convert_variables_to_constants(
            sess, graph.as_graph_def(), ["c", "d", "l"]
        )
    tf.train.write_graph(frozen_def, directory, "control_flow.pb", as_text=False)
    gg = {"graph": _as_lists(values), "saved_model": _as_lists({"c:0": values["c:0"]})}
    return {"feeds": _as_lists(feeds), "fetches": fetches, "gg": gg}


def nested_control_flow(tf: Any, directory: str) -> dict[str, Any]:
    """Control flow nested in bodies (an inner If or While inside a function, capturing
    the outer body's tensors): an RNN-like loop whose step is a cond reading a variable
    and a placeholder, a double loop whose inner bound is the outer counter, a loop in
    a cond's branch and a cond in a cond. A SavedModel, and the graph frozen."""
    x = tf.placeholder(tf.float32, [3], name="x")
    n = tf.placeholder(tf.int32, [], name="n")
    w = tf.Variable([0.5, -1.0, 2.0], name="w")

    def step(i, h):
        nxt = tf.cond(tf.reduce_sum(h) > 1.0, lambda: tf.tanh(h * w + x), lambda: h * 0.5 + x * w)
        return i + 1, nxt

    tf.identity(tf.while_loop(lambda i, h: i < n, step, [0, x])[1], name="rnn")

    def outer(i, acc):
        inner = tf.while_loop(
            lambda j, a: j < i, lambda j, a: (j + 1, a + tf.cast(j, tf.float32) * x), [0, acc]
        )
        return i + 1, inner[1]

    tf.identity(tf.while_loop(lambda i, a: i < n, outer, [0, tf.zeros([3])])[1], name="double")
    s = tf.reduce_sum(x)

    def looped():
        return tf.while_loop(lambda i, v: i < n, lambda i, v: (i + 1, v * w), [0, x])[1]

    tf.identity(tf.cond(s > 0, looped, lambda: -x), name="in_cond")
    tf.identity(
        tf.cond(s > 0, lambda: tf.cond(s > 5, lambda: x * 3, lambda: -x), lambda: x + 7),
        name="cond_cond",
    )
    feeds = {"x:0": np.array([0.3, -0.2, 0.4], np.float32), "n:0": 4}
    fetches = ["rnn:0", "double:0", "in_cond:0", "cond_cond:0"]
    graph = tf.get_default_graph()
    run_feeds = {graph.get_tensor_by_name(k): v for k, v in feeds.items()}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        values = dict(zip(fetches, sess.run(fetches, run_feeds), strict=True))
        inputs = {"x": x, "n": n}
        out = graph.get_tensor_by_name("rnn:0")
        tf.saved_model.simple_save(
            sess, os.path.join(directory, "saved_model"), inputs, {"out": out}
        )
        frozen_def = tf.graph_util.convert_variables_to_constants(
            sess, graph.as_graph_def(), ["rnn", "double", "in_cond", "cond_cond"]
        )
    tf.train.write_graph(frozen_def, directory, "nested_control_flow.pb", as_text=False)
    gg = {"graph": _as_lists(values), "saved_model": _as_lists({"rnn:0": values["rnn:0"]})}
    return {"feeds": _as_lists(feeds), "fetches": fetches, "gg": gg}


def dropout_cond(tf: Any, directory: str) -> dict[str, Any]:
    """Keras' pattern: dropout in a cond on a training flag, trained through it, so the
    cond's gradient reads values its forward branch computed (extra outputs of its If)."""
    tf.set_random_seed(13)
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    training = tf.placeholder_with_default(True, [], name="training")
    h = tf.layers.dense(x, 4, activation=tf.nn.tanh)
    kept = tf.cond(training, lambda: tf.nn.dropout(h, rate=0.25, seed=7) * tf.exp(h), lambda: h)
    out = tf.identity(tf.layers.dense(kept, 1), name="out")
    loss = tf.reduce_mean(tf.square(out - 0.5), name="loss")
    tf.train.GradientDescentOptimizer(0.2).minimize(loss, name="train")
    feeds = {"x:0": _RNG.rand(5, 3).astype(np.float32)}
    fetches = ["out:0", "loss:0"]
    _train_and_write(tf, directory, feeds, fetches, steps=2)
    # Each fetch draws a mask: the training session's draws are past the first ones, so
    # only a fresh session of the written files (TF's, graphgate's reading) compares.
    return {"feeds": _as_lists(feeds), "fetches": fetches, "gg": {}}


def slices(tf: Any, directory: str) -> dict[str, Any]:
    """Static slices (ints, steps, ellipsis, newaxis, negative bounds), a range, dropout."""
    x = tf.placeholder(tf.float32, [None, 3, 4], name="x")
    outs = [x[0], x[:, 1], x[..., ::2], x[:, None, -1, 1:3], x[-1:, :, ::-1]]
    outs.append(tf.cast(tf.range(0, 5, 2), tf.float32) * x[0, 0, 0])
    outs.append(tf.nn.dropout(x, rate=0.5, seed=3))  # TF's own uniforms, seeded
    fetches = [tf.identity(o, name=f"s{i}").name for i, o in enumerate(outs)]
    feeds = {"x:0": np.arange(24, dtype=np.float32).reshape(2, 3, 4)}
    with tf.Session() as sess:
        values = sess.run(fetches, {x: feeds["x:0"]})
    tf.train.write_graph(tf.get_default_graph(), directory, "slices.pb", as_text=False)
    gg = {"graph": _as_lists(dict(zip(fetches, values, strict=True)))}
    return {"feeds": _as_lists(feeds), "fetches": fetches, "gg": gg}


def embedding(tf: Any, directory: str) -> dict[str, Any]:
    """An embedding lookup (a gather, whose gradient is graphgate's GatherGrad) with a
    repeated id, a dense layer, mean squared error, plain gradient descent."""
    tf.set_random_seed(11)
    ids = tf.placeholder(tf.int32, [None, 3], name="ids")
    target = tf.placeholder(tf.float32, [None, 1], name="target")
    table = tf.get_variable("table", [6, 4])
    vectors = tf.reduce_mean(tf.gather(table, ids), axis=1)
    out = tf.identity(tf.layers.dense(vectors, 1), name="out")
    loss = tf.reduce_mean(tf.square(out - target), name="loss")
    tf.train.GradientDescentOptimizer(0.5).minimize(loss, name="train")
    feeds = {"ids:0": [[0, 1, 1], [5, 2, 0], [3, 3, 3]], "target:0": [[1.0], [-1.0], [0.5]]}
    fetches = ["out:0", "loss:0"]
    gg = _train_and_write(tf, directory, feeds, fetches, steps=2)
    return {"feeds": _as_lists(feeds), "fetches": fetches, "gg": gg}


PROGRAMS = {
    "mlp": mlp,
    "embedding": embedding,
    "cnn": cnn,
    "frozen": frozen,
    "strings": strings,
    "control_flow": control_flow,
    "nested_control_flow": nested_control_flow,
    "dropout_cond": dropout_cond,
    "slices": slices,
}
