"""Record what TF1 does when `tf.layers.*` layer objects (Keras subclasses in TF 1.15,
tf_keras' legacy layers) are mixed into Keras models (dev-only): Sequential, functional,
subclassed models and wrappers holding them; names, variable and checkpoint names,
weights, configs, summaries, training; and what a Keras layer's `updates` hold in a graph.

    TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python tests/reference/tf1_keras_mix.py \
        > tests/unit/engine/fixtures/tf1_keras_mix.json
"""

from __future__ import annotations

import os

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

PREFIX = """
import os, tempfile
XS = np.arange(12, dtype=np.float32).reshape(4, 3) / 10
def ckpt_keys(sess):
    with tempfile.TemporaryDirectory() as d:
        path = tf.train.Saver().save(sess, os.path.join(d, "ckpt"))
        # The model's keys: TF wraps a tf.train optimizer as `TFOptimizer` (its own
        # `iterations` key), which is no concern of the layers here.
        return sorted(n for n, _ in tf.train.list_variables(path) if "Optimizer" not in n)
def summary_lines(model):
    lines = []
    model.summary(print_fn=lines.append)
    return [l for l in lines if l.strip() and not set(l) <= set("=_ ")]
def message(fn):
    try:
        fn()
    except Exception as e:
        lines = str(e).splitlines()
        return [type(e).__name__, lines[0], lines[-1]]
    return None
"""

# A subclassed Keras model mixing tf.layers objects (a convolution, a custom layer, batch
# normalization) with Keras layers and a Keras block holding a tf.layers Dense; TF's Saver
# writes it with seeded values (`tf_keras_mix_ckpt.py`) and the program restores it.
MIXED_MODEL = """
class Affine(tf.layers.Layer):
    def build(self, shape):
        self.k = self.add_weight("k", [int(shape[-1])])
        self.c = self.add_weight("c", [], trainable=False)
        super(Affine, self).build(shape)
    def call(self, x):
        return x * self.k + self.c
class Block(tf.keras.layers.Layer):
    def __init__(self, **kwargs):
        super(Block, self).__init__(**kwargs)
        self.inner = tf.layers.Dense(3, activation=tf.nn.tanh)
        self.out_layer = tf.keras.layers.Dense(2)
    def call(self, x):
        return self.out_layer(self.inner(x))
class Net(tf.keras.Model):
    def __init__(self):
        super(Net, self).__init__(name="net")
        self.conv = tf.layers.Conv2D(2, 2, padding="same")
        self.bn = tf.layers.BatchNormalization()
        self.flat = tf.layers.Flatten()
        self.affine = Affine()
        self.block = Block()
    def call(self, x):
        h = self.bn(self.conv(x), training=False)
        return self.block(self.affine(self.flat(h)))
x = tf.placeholder(tf.float32, [None, 3, 3, 1], name="x")
net = Net()
y = net(x)
"""

PROGRAMS = {
    "restore_tf_checkpoint_by_name": MIXED_MODEL
    + """
xs = np.linspace(-1.0, 1.0, 18, dtype=np.float32).reshape(2, 3, 3, 1)
out["weights"] = [v.name for v in net.weights]
with tf.Session() as sess:
    tf.train.Saver().restore(sess, ckpt)
    out["y"] = sess.run(y, {x: xs}).tolist()
    out["keys"] = sorted(name for name, _ in tf.train.list_variables(ckpt))
""",
    "sequential_refuses_tf_layers": """
out["list"] = message(lambda: tf.keras.Sequential(
    [tf.layers.Dense(4, input_shape=(3,)), tf.keras.layers.Dense(2)]))
m = tf.keras.Sequential([tf.keras.layers.Dense(3, input_shape=(4,))])
out["add"] = message(lambda: m.add(tf.layers.Dropout(0.5)))
out["layers_after"] = [l.name for l in m.layers]
""",
    "tf_layers_are_keras_layers": """
out["isinstance"] = [isinstance(tf.layers.Dense(1), tf.keras.layers.Layer),
                     isinstance(tf.layers.Conv2D(1, 1), tf.keras.layers.Conv2D)]
""",
    "functional_refuses_tf_layers": """
inp = tf.keras.Input((3,))
h = tf.layers.Dense(4, kernel_initializer=tf.ones_initializer())(inp)
o = tf.keras.layers.Dense(1, kernel_initializer="ones")(h)
out["names"] = [h.name, o.name, h.shape.as_list()]
out["vars"] = [v.name for v in tf.global_variables()]
out["model"] = message(lambda: tf.keras.Model(inp, o))
out["model_kw"] = message(lambda: tf.keras.Model(inputs=inp, outputs=h))
""",
    "subclassed_with_tf_layers": """
class Net(tf.keras.Model):
    def __init__(self):
        super(Net, self).__init__()
        self.conv = tf.layers.Conv2D(2, 3, kernel_initializer=tf.ones_initializer())
        self.flat = tf.layers.Flatten()
        self.head = tf.keras.layers.Dense(1, kernel_initializer="ones")
    def call(self, x):
        return self.head(self.flat(self.conv(x)))
n = Net()
x = tf.placeholder(tf.float32, [None, 4, 4, 1], name="x")
y = n(x)
out["y"] = y.name
out["layers"] = [l.name for l in n.layers]
out["weights"] = [v.name for v in n.weights]
out["trainable"] = [v.name for v in n.trainable_weights]
out["vars"] = [v.name for v in tf.global_variables()]
out["summary"] = summary_lines(n)
n.compile(tf.train.GradientDescentOptimizer(0.01), "mse")
xs = np.arange(32, dtype=np.float32).reshape(2, 4, 4, 1) / 32
n.fit(xs, np.ones((2, 1), np.float32), epochs=1, batch_size=2, verbose=0)
out["trained"] = [np.round(w, 5).tolist() for w in n.get_weights()]
sess = tf.keras.backend.get_session()
out["ckpt"] = ckpt_keys(sess)
reloaded = []
for ext in ["w.h5", "w"]:
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, ext)
        n.save_weights(p)
        n.set_weights([np.zeros_like(w) for w in n.get_weights()])
        n.load_weights(p)
        reloaded.append([np.round(w, 5).tolist() for w in n.get_weights()] == out["trained"])
out["reloaded"] = reloaded
out["predict"] = np.round(n.predict(xs), 4).tolist()
""",
    "subclassed_tf_layers_bn_custom": """
class Scale(tf.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight("w", [int(input_shape[-1])], initializer=tf.ones_initializer())
        self.frozen = self.add_weight("frozen", [], initializer=tf.ones_initializer(),
                                      trainable=False)
        super(Scale, self).build(input_shape)
    def call(self, inputs):
        return inputs * self.w * self.frozen
class Net(tf.keras.Model):
    def __init__(self):
        super(Net, self).__init__(name="net")
        self.scale = Scale()
        self.bn = tf.layers.BatchNormalization(momentum=0.5)
        self.out_layer = tf.keras.layers.Dense(1, kernel_initializer="ones")
    def call(self, x, training=None):
        return self.out_layer(self.bn(self.scale(x), training=True))
n = Net()
x = tf.placeholder(tf.float32, [None, 3], name="x")
y = n(x)
out["y"] = y.name
out["layers"] = [l.name for l in n.layers]
out["weights"] = [v.name for v in n.weights]
out["trainable"] = [v.name for v in n.trainable_weights]
out["non_trainable"] = [v.name for v in n.non_trainable_weights]
# Inside a Keras model tf_keras makes resource variables, whose assignment is an
# `AssignSubVariableOp` below TF 1.15's `AssignMovingAvg`: the names are recorded without it.
def update_name(u):
    return u.name.replace("/AssignSubVariableOp", "")
out["updates"] = [[type(u).__name__, update_name(u)] for u in n.updates]
out["layer_updates"] = [update_name(u) for u in n.bn.updates]
out["update_ops"] = [update_name(u) for u in tf.get_collection(tf.GraphKeys.UPDATE_OPS)]
out["count"] = n.count_params()
out["summary"] = summary_lines(n)
n.compile(tf.train.GradientDescentOptimizer(0.1), "mse")
n.fit(XS, XS[:, :1], epochs=2, batch_size=2, verbose=0, shuffle=False)
out["trained"] = [np.round(w, 5).tolist() for w in n.get_weights()]
""",
    "keras_layer_holding_layers": """
class Block(tf.keras.layers.Layer):
    def __init__(self, **kwargs):
        super(Block, self).__init__(**kwargs)
        self.a = tf.layers.Dense(3, kernel_initializer=tf.ones_initializer())
        self.parts = [tf.keras.layers.Dense(2, kernel_initializer="ones",
                                            kernel_regularizer=tf.keras.regularizers.l2(0.1)),
                      tf.keras.layers.BatchNormalization()]
    def build(self, input_shape):
        self.scale = self.add_weight("scale", shape=[], initializer="ones")
        super(Block, self).build(input_shape)
    def call(self, x, training=None):
        return self.parts[1](self.parts[0](self.a(x)), training=training) * self.scale
x = tf.placeholder(tf.float32, [None, 3], name="x")
blk = Block()
y = blk(x)
out["y"] = y.name
out["weights"] = [v.name for v in blk.weights]
out["trainable"] = [v.name for v in blk.trainable_weights]
out["non_trainable"] = [v.name for v in blk.non_trainable_weights]
out["counts"] = [blk.count_params(), len(blk.losses), len(blk.updates)]
blk.trainable = False
out["frozen"] = [[v.name for v in blk.trainable_weights],
                 [v.name for v in blk.non_trainable_weights], len(blk.updates),
                 [blk.a.trainable, blk.parts[0].trainable, blk.parts[1].trainable]]
blk.trainable = True
inp = tf.keras.Input((3,))
m = tf.keras.Model(inp, Block(name="blk")(inp))
out["model"] = [[l.name for l in m.layers], [v.name for v in m.weights], len(m.losses),
                len(m.updates)]
out["summary"] = summary_lines(m)
m.compile(tf.train.GradientDescentOptimizer(0.05), "mse")
m.fit(XS, XS[:, :2], epochs=2, batch_size=2, verbose=0, shuffle=False)
out["trained"] = [np.round(w, 5).tolist() for w in m.get_weights()]
""",
    "subclassed_freezes_tf_layer": """
class Net(tf.keras.Model):
    def __init__(self):
        super(Net, self).__init__()
        self.base = tf.layers.Dense(3, kernel_initializer=tf.ones_initializer())
        self.bn = tf.layers.BatchNormalization()
        self.head = tf.keras.layers.Dense(1, kernel_initializer="ones")
    def call(self, x):
        return self.head(self.bn(self.base(x), training=True))
n = Net()
n.base.trainable = False
n.bn.trainable = False
y = n(tf.placeholder(tf.float32, [None, 3], name="x"))
out["layer"] = [[v.name for v in n.base.trainable_weights],
                [v.name for v in n.base.non_trainable_weights], len(n.bn.updates)]
out["model"] = [[v.name for v in n.trainable_weights], [v.name for v in n.non_trainable_weights],
                len(n.updates)]
n.compile(tf.train.GradientDescentOptimizer(0.1), "mse")
n.fit(XS, XS[:, :1], epochs=2, batch_size=2, verbose=0, shuffle=False)
out["trained"] = [np.round(w, 5).tolist() for w in n.get_weights()]
""",
    "frozen_tf_layers_update_ops": """
x = tf.placeholder(tf.float32, [None, 3], name="x")
bn = tf.layers.BatchNormalization(trainable=False)
bn(x, training=True)
bn2 = tf.layers.BatchNormalization()
bn2.trainable = False
bn2(x, training=True)
h = tf.layers.batch_normalization(x, training=True, trainable=False)
bn3 = tf.layers.BatchNormalization()
bn3(x, training=True)
out["updates"] = [len(bn.updates), len(bn2.updates), len(bn3.updates)]
out["update_ops"] = [u.name for u in tf.get_collection(tf.GraphKeys.UPDATE_OPS)]
out["trainable"] = [v.name for v in tf.trainable_variables()]
out["weights"] = [[v.name for v in bn2.trainable_weights], [v.name for v in bn2.weights]]
""",
    "time_distributed_tf_layer": """
td = tf.keras.layers.TimeDistributed(tf.layers.Dense(3, kernel_initializer=tf.ones_initializer()))
x = tf.placeholder(tf.float32, [None, 2, 4], name="x")
y = td(x)
out["y"] = [y.name, y.shape.as_list(), td.name, td.layer.name]
out["weights"] = [v.name for v in td.weights]
out["vars"] = [v.name for v in tf.global_variables()]
inp = tf.keras.Input((2, 4))
m = tf.keras.Model(inp, tf.keras.layers.TimeDistributed(tf.layers.Dense(1))(inp))
out["model_weights"] = [v.name for v in m.weights]
out["config"] = td.get_config()
t2 = tf.keras.layers.TimeDistributed.from_config(td.get_config())
out["rebuilt"] = [type(t2.layer).__name__, t2.layer.name, isinstance(t2.layer, tf.layers.Layer),
                  t2(x).name, [v.name for v in t2.weights]]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["value"] = sess.run(y, {x: np.ones((1, 2, 4), np.float32)}).tolist()
""",
    "tf_layer_config": """
d = tf.layers.Dense(3, activation=tf.nn.relu, name="dd")
out["config"] = d.get_config()
d2 = tf.layers.Dense.from_config(d.get_config())
out["from_config"] = [type(d2).__name__, d2.name, d2.get_config() == d.get_config()]
c = tf.layers.Conv2D(4, 3, strides=2, padding="same")
out["conv_config"] = c.get_config()
bn = tf.layers.BatchNormalization(momentum=0.9, gamma_regularizer=tf.keras.regularizers.l2(0.1))
out["bn_config"] = bn.get_config()
others = [tf.layers.Conv1D(2, 3, dilation_rate=2), tf.layers.Conv3D(2, (1, 2, 3)),
          tf.layers.Conv2DTranspose(2, 3, strides=(2, 1)), tf.layers.Conv3DTranspose(2, 3),
          tf.layers.MaxPooling1D(2, 2), tf.layers.MaxPooling2D(2, 1, padding="same"),
          tf.layers.MaxPooling3D(2, 2), tf.layers.AveragePooling1D(3, 1),
          tf.layers.AveragePooling2D((2, 3), 2), tf.layers.AveragePooling3D(2, 2),
          tf.layers.Flatten(), tf.layers.Dropout(0.25, seed=3)]
out["others"] = [o.get_config() for o in others]
out["others_again"] = [type(o).from_config(o.get_config()).get_config() == o.get_config()
                       for o in others]
d3 = tf.layers.Dense.from_config(tf.layers.Dense(
    2, kernel_initializer=tf.ones_initializer(), bias_initializer=tf.constant_initializer(0.5),
    kernel_regularizer=tf.keras.regularizers.l2(0.1), activation="relu").get_config())
x = tf.placeholder(tf.float32, [None, 3], name="x")
y = d3(x)
out["rebuilt"] = [y.name, [v.name for v in d3.weights], len(d3.losses)]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["rebuilt_value"] = sess.run([y] + d3.losses, {x: [[1.0, 2.0, -0.5]]})
    out["rebuilt_value"] = [v.tolist() for v in out["rebuilt_value"]]
""",
    "keras_bn_updates_graph": """
x = tf.placeholder(tf.float32, [None, 3], name="x")
bn = tf.keras.layers.BatchNormalization()
y = bn(x, training=True)
# tf_keras' variables are resource variables (AssignSubVariableOp), TF 1.15's Keras' not:
# a Keras layer's update ops are recorded by class, a tf.layers layer's by name.
out["updates"] = [type(u).__name__ for u in bn.updates]
out["coll"] = [type(u).__name__ for u in tf.get_collection(tf.GraphKeys.UPDATE_OPS)]
bn2 = tf.keras.layers.BatchNormalization()
y2 = bn2(x)
out["updates_phase"] = [type(u).__name__ for u in bn2.updates]
tbn = tf.layers.BatchNormalization()
y3 = tbn(x, training=True)
out["tf_layers_updates"] = [[type(u).__name__, u.name] for u in tbn.updates]
out["coll_after"] = [[type(u).__name__, u.name] for u in tf.get_collection(tf.GraphKeys.UPDATE_OPS)]
inp = tf.keras.Input((3,))
m = tf.keras.Model(inp, tf.keras.layers.BatchNormalization()(inp))
out["model_updates"] = [type(u).__name__ for u in m.updates]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(bn.updates, {x: [[1.0, 2.0, 3.0], [3.0, 2.0, 0.0]]})
    out["moved"] = np.round(sess.run(bn.moving_mean), 6).tolist()
class Count(tf.keras.layers.Layer):
    def build(self, input_shape):
        self.c = self.add_weight("c", shape=[], initializer="zeros", trainable=False)
        self.d = self.add_weight("d", shape=[], initializer="zeros", trainable=False)
    def call(self, inputs):
        self.add_update(tf.assign_add(self.c, 1.0))
        self.add_update([tf.assign_add(self.d, 2.0).op, lambda: tf.assign_add(self.d, 3.0)])
        return inputs
cnt = Count()
cnt(x)
out["custom_updates"] = [type(u).__name__ for u in cnt.updates]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(cnt.updates)
    out["custom_moved"] = sess.run([cnt.c, cnt.d])
""",
}

CKPT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "../unit/engine/fixtures/tf_keras_mix_ckpt/model.ckpt",
)


if __name__ == "__main__":
    harness.main(PROGRAMS, legacy_keras=True, prefix=PREFIX, ckpt=CKPT)
