"""Adversarial TF 1.x programs (dev-only) combining what the r1guide merge fixed (op seeds
of one-shot iterators and dataset functions, Keras' logits for any cross-entropy,
`tf.Session(graph=g)` as default, tuple feed keys, tf.device labels, str(tensor), py_func
scalars) with what existed: several iterators and random ops, reinitializable and
feedable iterators, Keras models mixing activations and losses, several graphs, nested
feeds and fetches, nested device scopes and device functions.

    TF_USE_LEGACY_KERAS=1 TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python \\
        tests/reference/tf1_review15.py > tests/unit/engine/fixtures/tf1_review15.json

`tests/unit/engine/test_tf1_review15.py` runs the same text against graphgate.
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness


DATA = {
    "seeds_several_iterators": """
tf.set_random_seed(5)
a = tf.random_uniform([2])
ds = tf.data.Dataset.range(4).map(
    lambda v: (tf.cast(v, tf.float32) + tf.random_uniform([]), tf.random_normal([2])))
first = ds.make_one_shot_iterator().get_next()
b = tf.random_normal([2])
second = ds.shuffle(4).make_one_shot_iterator().get_next()
init_it = ds.batch(2).make_initializable_iterator()
third = init_it.get_next()
c = tf.random_uniform([1], seed=7)
with tf.Session() as sess:
    out["a"] = sess.run(a).tolist()
    out["first"] = [[float(u), n.tolist()] for u, n in (sess.run(first) for _ in range(4))]
    out["second"] = [[float(u), n.tolist()] for u, n in (sess.run(second) for _ in range(4))]
    out["b"] = sess.run(b).tolist()
    runs = []
    for _ in range(2):
        sess.run(init_it.initializer)
        runs.append([[u.tolist(), n.tolist()] for u, n in (sess.run(third) for _ in range(2))])
    out["third"] = runs
    out["c"] = sess.run(c).tolist()
""",
    "reinitializable_iterator_random_maps": """
tf.set_random_seed(11)
train = tf.data.Dataset.range(3).map(
    lambda v: tf.cast(v, tf.float32) * tf.random_uniform([], 1, 2) + tf.random_normal([]))
val = tf.data.Dataset.range(2).map(lambda v: tf.cast(v, tf.float32) - tf.random_uniform([]))
it = tf.data.Iterator.from_structure(train.output_types, train.output_shapes)
nxt = it.get_next()
to_train, to_val = it.make_initializer(train), it.make_initializer(val)
with tf.Session() as sess:
    seen = []
    for init, n in ((to_train, 3), (to_val, 2), (to_train, 3)):
        sess.run(init)
        seen.append([float(sess.run(nxt)) for _ in range(n)])
    out["seen"] = seen
    out["end"] = raises(lambda: sess.run(nxt))
""",
    "feedable_iterator_handles": """
tf.set_random_seed(2)
d1 = tf.data.Dataset.range(10).map(lambda v: v * 2).repeat()
d2 = tf.data.Dataset.from_tensor_slices([1.0, 2.0, 3.0]).map(
    lambda v: v + tf.random_uniform([], seed=4)).map(lambda v: tf.cast(v * 100, tf.int64))
handle = tf.placeholder(tf.string, [])
it = tf.data.Iterator.from_string_handle(handle, d1.output_types, d1.output_shapes)
nxt = it.get_next()
i1 = d1.make_one_shot_iterator()
i2 = d2.make_initializable_iterator()
with tf.Session() as sess:
    h1, h2 = sess.run([i1.string_handle(), i2.string_handle()])
    sess.run(i2.initializer)
    out["mixed"] = [int(sess.run(nxt, {handle: h})) for h in (h1, h2, h1, h2, h1)]
""",
}

KERAS = {
    "keras_mixed_activations_losses": """
import numpy as np
K = tf.keras
x = np.linspace(-1, 1, 24, dtype=np.float32).reshape(8, 3)
y_cat = np.eye(3, dtype=np.float32)[[0, 1, 2, 0, 1, 2, 0, 1]]
y_sparse = np.array([0, 1, 2, 0, 1, 2, 0, 1], np.int32)
y_bin = np.array([[1], [0], [1], [1], [0], [0], [1], [0]], np.float32)
k3 = tf.constant_initializer(np.cos(np.arange(9)).reshape(3, 3))
k1 = tf.constant_initializer(np.sin(np.arange(3)).reshape(3, 1))
def custom(yt, yp):
    return K.losses.categorical_crossentropy(yt, yp) * 2.0
L = K.layers
def dense(n, k, **kw):
    return L.Dense(n, kernel_initializer=k, input_shape=(3,), **kw)
cce = K.losses.CategoricalCrossentropy
models = {
    "seq_activation_layer_cat": (
        K.Sequential([dense(3, k3), L.Activation("softmax")]), "categorical_crossentropy", y_cat),
    "seq_sigmoid_cat": (K.Sequential([dense(3, k3, activation="sigmoid")]), cce(), y_cat),
    "seq_linear_logits": (K.Sequential([dense(3, k3)]), cce(from_logits=True), y_cat),
    "seq_softmax_custom": (K.Sequential([dense(3, k3, activation="softmax")]), custom, y_cat),
    "seq_activation_sigmoid_bce_fn": (
        K.Sequential([dense(1, k1), L.Activation(tf.nn.sigmoid)]),
        K.losses.binary_crossentropy,
        y_bin,
    ),
}
inp = K.Input((3,))
models["fn_softmax_sparse"] = (
    K.Model(inp, L.Dense(3, activation="softmax", kernel_initializer=k3)(inp)),
    "sparse_categorical_crossentropy",
    y_sparse,
)
inp2 = K.Input((3,))
models["fn_sigmoid_binary"] = (
    K.Model(inp2, L.Activation("sigmoid")(L.Dense(1, kernel_initializer=k1)(inp2))),
    K.losses.BinaryCrossentropy(),
    y_bin,
)
for name in sorted(models):
    model, loss, target = models[name]
    model.compile(optimizer=K.optimizers.SGD(0.5), loss=loss)
    hist = model.fit(x, target, epochs=3, batch_size=4, shuffle=False, verbose=0)
    out[name] = {
        "loss": [float(v) for v in hist.history["loss"]],
        "kernel": model.get_weights()[0].tolist(),
        "eval": float(model.evaluate(x, target, verbose=0)),
    }
""",
}

SESSIONS = {
    "sessions_on_several_graphs": """
g1, g2 = tf.Graph(), tf.Graph()
with g1.as_default():
    a = tf.constant(2.0, name="a")
with g2.as_default():
    b = tf.constant(5.0, name="b")
with tf.Session(graph=g1) as s1:
    inside1 = tf.get_default_graph() is g1
    c = a * 3.0
    with tf.Session(graph=g2) as s2:
        inside2 = tf.get_default_graph() is g2
        d = b + 1.0
        out["d"] = float(s2.run(d))
    back = tf.get_default_graph() is g1
    out["c"] = float(s1.run(c))
    out["cross"] = raises(lambda: s1.run(b))
out["flags"] = [inside1, inside2, back, c.graph is g1, d.graph is g2]
out["printed"] = [str(a), str(c), str(d)]
""",
    "nested_feeds_and_fetches": """
import collections
import numpy as np
Pair = collections.namedtuple("Pair", "h c")
h = tf.placeholder(tf.float32, [2], name="h")
cc = tf.placeholder(tf.float32, [2], name="c")
state = Pair(h, cc)
lstm = tf.nn.rnn_cell.LSTMStateTuple(
    tf.placeholder(tf.float32, [1]), tf.placeholder(tf.float32, [1]))
s = h * 2.0 + cc
t = lstm.c - lstm.h
with tf.Session() as sess:
    r = sess.run({"s": s, "both": (s, [t, {"t": t}]), "pair": state},
                 {state: Pair(np.float32([1, 2]), np.float32([3, 4])),
                  lstm: (np.float32([1]), np.float32([5]))})
    out["s"] = r["s"].tolist()
    out["both"] = [r["both"][0].tolist(), float(r["both"][1][0][0]), float(r["both"][1][1]["t"][0])]
    out["pair"] = [type(r["pair"]).__name__, r["pair"].h.tolist(), r["pair"].c.tolist()]
    out["short"] = raises(lambda: sess.run(s, {state: (np.float32([1, 2]),)}))
""",
    "devices_nested_and_functions": """
def on_cpu_unless_matmul(op):
    return "/device:GPU:0" if op.type == "MatMul" else "/cpu:0"
with tf.device("/job:worker/task:1"):
    a = tf.constant([[1.0]], name="a")
    with tf.device("/device:GPU:1"):
        b = tf.matmul(a, a, name="b")
        with tf.device(None):
            n = tf.identity(a, name="n")
        with tf.device(on_cpu_unless_matmul):
            c = tf.matmul(b, a, name="c")
            d = tf.add(c, 1.0, name="d")
            with tf.device("/replica:2"):
                e = tf.identity(d, name="e")
    with tf.device(tf.DeviceSpec(device_type="CPU", device_index=3)):
        f = tf.identity(a, name="f")
out["devices"] = [t.op.device for t in (a, b, n, c, d, e, f)]
out["printed"] = [str(b), str(f)]
""",
    "py_func_scalars_and_strings": """
import numpy as np
def kinds(a, b, c, d):
    return np.array(" ".join(type(v).__name__ for v in (a, b, c, d)).encode())
args = [tf.constant(1.5), tf.constant(b"x"), tf.constant([1, 2]), tf.constant(3, tf.int64)]
r = tf.py_func(kinds, args, tf.string)
with tf.Session() as sess:
    out["kinds"] = sess.run(r).decode()
""",
    "py_func_string_results": """
import numpy as np
cases = {
    "bytes_0d": lambda: np.array(b"ab"),
    "bytes_1d": lambda: np.array([b"ab", b"c"]),
    "str_0d": lambda: np.array("h\u00e9"),
    "str_1d": lambda: np.array(["a", "b\u00e9"]),
    "str": lambda: "x\u00e9",
    "bytes": lambda: b"yz",
}
with tf.Session() as sess:
    for k in sorted(cases):
        try:
            v = sess.run(tf.py_func(cases[k], [], tf.string))
            out[k] = [np.ndim(v), [x.decode("utf-8") for x in np.ravel(v).tolist()]]
        except tf.errors.OpError as exc:
            out[k] = type(exc).__name__
""",
    "device_spec": """
d = tf.DeviceSpec(device_type="cpu", device_index=3)
e = tf.DeviceSpec.from_string("/job:ps/task:2/device:gpu:1")
out["parts"] = [d.to_string(), d.device_type, d.job, d.device_index,
                e.to_string(), e.job, e.task, e.device_type, e.device_index, e.replica]
out["merged"] = [d.make_merged_spec(e).to_string(), e.make_merged_spec(d).to_string()]
out["replace"] = [e.replace(job="w").to_string(), d == tf.DeviceSpec.from_string("/device:CPU:3")]
out["more"] = [tf.DeviceSpec(job="a", task=1).to_string(),
               tf.DeviceSpec(device_type="GPU").to_string(),
               tf.DeviceSpec.from_string("/cpu:*").to_string()]
out["bad"] = raises(lambda: tf.DeviceSpec.from_string("/foo:1"))
d.parse_from_string("/job:x")
out["parsed"] = d.to_string()
d.merge_from(e)
out["merged_from"] = d.to_string()
with tf.device(tf.DeviceSpec(job="ps", device_type="GPU")):
    with tf.device(e.replace(task=7)):
        f = tf.constant(1.0, name="f")
out["scoped"] = f.device
""",
}

PROGRAMS = {**DATA, **KERAS, **SESSIONS}


if __name__ == "__main__":
    harness.main(PROGRAMS, legacy_keras=True)
