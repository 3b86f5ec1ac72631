"""Record what TF1's layer objects are named and make (dev-only): custom layers on
`tf.layers.Layer` and `tf.keras.layers.Layer`, and the variable, op and checkpoint names
of the common ways TF1 code builds Keras models.

    TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python tests/reference/tf1_layer_names.py \
        > tests/unit/engine/fixtures/tf1_layer_names.json

Variable names are what a checkpoint keys its tensors by, so a program that names one
otherwise cannot restore a TF checkpoint; each program records the names (variables, ops,
placeholders, checkpoint keys, collections) and, where a value shows the layer computes,
a value.
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

PROGRAMS = {
    "tf_layers_custom": """
class Scale(tf.layers.Layer):
    def __init__(self, units, **kwargs):
        super(Scale, self).__init__(**kwargs)
        self.units = units
    def build(self, input_shape):
        self.w = self.add_variable("w", [int(input_shape[-1]), self.units],
                                   initializer=tf.ones_initializer())
        self.b = self.add_weight("b", [self.units], initializer=tf.zeros_initializer(),
                                 trainable=False)
        super(Scale, self).build(input_shape)
    def call(self, inputs):
        self.add_loss(tf.reduce_sum(self.w), inputs=inputs)
        return tf.matmul(inputs, self.w) + self.b
    def compute_output_shape(self, input_shape):
        return tf.TensorShape(input_shape)[:-1].concatenate([self.units])
x = tf.placeholder(tf.float32, [None, 3], name="x")
s = Scale(2)
out["before"] = [s.name, s.built]
y = s(x)
y2 = s(x)
s2 = Scale(2)
y3 = s2(x)
s3 = Scale(4, name="named")
with tf.variable_scope("outer"):
    y4 = s3(x)
    y5 = Scale(1)(x)
out["names"] = [s.name, s2.name, s3.name, y.name, y2.name, y3.name, y4.name, y5.name]
out["scope"] = [s._scope.name if s._scope is not None else None, s3.scope_name]
out["vars"] = [v.name for v in tf.global_variables()]
out["trainable"] = [v.name for v in tf.trainable_variables()]
out["layer_vars"] = [[v.name for v in s.variables], [v.name for v in s.trainable_weights],
                     [v.name for v in s.non_trainable_weights], [v.name for v in s3.weights]]
out["losses"] = [len(s.losses), len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)),
                 len(tf.losses.get_regularization_losses())]
out["built"] = s.built
out["cos"] = s.compute_output_shape(tf.TensorShape([None, 3])).as_list()
out["y_shape"] = y.shape.as_list()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["value"] = sess.run(y, {x: [[1.0, 2.0, 3.0]]}).tolist()
""",
    "tf_layers_custom_errors_frozen": """
class Lin(tf.layers.Layer):
    def build(self, input_shape):
        self.kernel = self.add_weight("kernel", [int(input_shape[-1]), 2])
        self.moving = self.add_weight("moving", [2], trainable=False,
                                      initializer=tf.zeros_initializer())
        super(Lin, self).build(input_shape)
    def call(self, inputs):
        return tf.matmul(inputs, self.kernel) + self.moving
x = tf.placeholder(tf.float32, [None, 3], name="x")
l = Lin()
out["scope_name_unbuilt"] = raises(lambda: l.scope_name)
out["bad_kwarg"] = raises(lambda: Lin(units=3))
frozen = Lin(trainable=False)
y = frozen(x)
out["frozen"] = [[v.name for v in frozen.trainable_weights],
                 [v.name for v in frozen.non_trainable_weights],
                 [v.name for v in tf.trainable_variables()]]
out["cos"] = raises(lambda: frozen.compute_output_shape(tf.TensorShape([None, 3])))
x64 = tf.placeholder(tf.float64, [None, 3], name="x64")
d = Lin()
out["dtype"] = [d(x64).dtype.name, d.dtype, d.kernel.dtype.base_dtype.name]
out["count"] = [frozen.count_params(), len(frozen.weights)]
""",
    "tf_layers_custom_reuse_scope": """
class Lin(tf.layers.Layer):
    def build(self, input_shape):
        self.kernel = self.add_weight("kernel", [int(input_shape[-1]), 2],
                                      regularizer=lambda w: tf.reduce_sum(w * w))
        self.built = True
    def call(self, inputs, training=None):
        upd = tf.assign_add(self.kernel, tf.zeros_like(self.kernel))
        self.add_update(upd)
        return tf.matmul(inputs, self.kernel)
x = tf.placeholder(tf.float32, [None, 3], name="x")
with tf.variable_scope("net"):
    a = Lin()(x)
with tf.variable_scope("net", reuse=True):
    l2 = Lin()
    b = l2(x)
l3 = Lin(name="lin", _reuse=None)
c = l3(x, training=True)
out["names"] = [a.name, b.name, c.name, l2.name, l3.name]
out["vars"] = [v.name for v in tf.global_variables()]
out["reg"] = [t.name for t in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)]
out["losses"] = [len(l2.losses), len(l3.losses)]
out["updates"] = [len(l2.updates), len(l3.updates), len(tf.get_collection(tf.GraphKeys.UPDATE_OPS))]
out["update_names"] = [u.name for u in tf.get_collection(tf.GraphKeys.UPDATE_OPS)]
""",
    "tf_layers_builtin_names": """
x = tf.placeholder(tf.float32, [None, 4], name="x")
d = tf.layers.Dense(3)
out["before"] = d.name
y = d(x)
y2 = d(x)
d2 = tf.layers.Dense(3, name="dd")
z = d2(x)
c = tf.layers.Dropout(0.5)
w = c(x)
out["names"] = [d.name, d2.name, c.name, y.name, y2.name, z.name, w.name, d.scope_name]
k = tf.keras.layers.Dense(2)
out["keras_after"] = [k.name, k(x).name]
out["vars"] = [v.name for v in tf.global_variables()]
""",
    "keras_custom_layer": """
class Lin(tf.keras.layers.Layer):
    def __init__(self, units=2, **kwargs):
        super(Lin, self).__init__(**kwargs)
        self.units = units
    def build(self, input_shape):
        self.kernel = self.add_weight("kernel", shape=[int(input_shape[-1]), self.units],
                                      initializer="ones", regularizer=tf.keras.regularizers.l2(0.1))
        self.count = self.add_weight("count", shape=[], initializer="zeros", trainable=False)
        super(Lin, self).build(input_shape)
    def call(self, inputs):
        self.add_loss(tf.reduce_mean(inputs))
        self.add_update(tf.assign_add(self.count, 1.0))
        return tf.matmul(inputs, self.kernel)
x = tf.placeholder(tf.float32, [None, 3], name="x")
l = Lin()
y = l(x)
y2 = l(x)
with tf.variable_scope("outer"):
    l2 = Lin(name="custom")
    z = l2(x)
out["names"] = [l.name, l2.name, y.name, y2.name, z.name]
out["vars"] = [v.name for v in tf.global_variables()]
out["trainable"] = [v.name for v in l.trainable_weights]
out["losses"] = [len(l.losses), len(l2.losses)]
out["updates"] = len(l.updates)
out["coll"] = [len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)),
               len(tf.get_collection(tf.GraphKeys.UPDATE_OPS))]
""",
    "keras_custom_layer_surface": """
class Gate(tf.keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_variable("w", shape=(int(input_shape[-1]),), initializer="ones")
        self.g = self.add_weight(name="g", shape=(), trainable=False,
                                 initializer=tf.keras.initializers.Constant(2.0))
        self.built = True
    def call(self, inputs, training=None):
        self.add_loss(lambda: tf.reduce_sum(self.w))
        return inputs * self.w * self.g
    def compute_output_shape(self, input_shape):
        return input_shape
x = tf.placeholder(tf.float32, [None, 3], name="x")
g = Gate(name="gate")
y = g(x)
out["names"] = [y.name, [v.name for v in g.weights], [v.name for v in g.trainable_weights]]
out["losses"] = len(g.losses)
out["cos"] = g.compute_output_shape(tf.TensorShape([None, 3])).as_list()
inp = tf.keras.Input((3,))
m = tf.keras.Model(inp, Gate()(tf.keras.layers.Dense(3)(inp)))
out["model"] = [[v.name for v in m.weights], m.output_shape, len(m.losses)]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["value"] = sess.run(y, {x: [[1.0, 2.0, 3.0]]}).tolist()
    out["loss_values"] = [float(v) for v in sess.run(g.losses + m.losses)]
""",
    "sequential_unbuilt": """
m = tf.keras.Sequential([tf.keras.layers.Dense(3), tf.keras.layers.Dense(1)])
x = tf.placeholder(tf.float32, [None, 4], name="x")
y = m(x)
out["y"] = y.name
out["vars"] = [v.name for v in tf.global_variables()]
ops = tf.get_default_graph().get_operations()
out["placeholders"] = [op.name for op in ops if op.type == "Placeholder"]
out["matmuls"] = [op.name for op in ops if op.type == "MatMul"]
import tempfile, os
with tempfile.TemporaryDirectory() as d, tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    path = tf.train.Saver().save(sess, os.path.join(d, "ckpt"))
    out["ckpt"] = [n for n, _ in tf.train.list_variables(path)]
out["trainable_coll"] = [v.name for v in tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES)]
y2 = m(x)
out["y2"] = y2.name
out["vars2"] = [v.name for v in tf.global_variables()]
""",
    "sequential_input_shape": """
m = tf.keras.Sequential([tf.keras.layers.Dense(3, input_shape=(4,)), tf.keras.layers.Dense(1)])
x = tf.placeholder(tf.float32, [None, 4], name="x")
y = m(x)
out["y"] = [m.output.name, y.name]
out["vars"] = [v.name for v in tf.global_variables()]
ops = tf.get_default_graph().get_operations()
out["placeholders"] = [op.name for op in ops if op.type == "Placeholder"]
""",
    "functional": """
inp = tf.keras.Input((4,))
h = tf.keras.layers.Dense(3, name="h")(inp)
o = tf.keras.layers.Dense(1)(h)
m = tf.keras.Model(inp, o)
x = tf.placeholder(tf.float32, [None, 4], name="x")
y = m(x)
out["y"] = y.name
m2 = tf.keras.Model(inp, o, name="other")
out["names"] = [m.name, m2.name]
out["vars"] = [v.name for v in tf.global_variables()]
""",
    "subclassed": """
class Net(tf.keras.Model):
    def __init__(self):
        super(Net, self).__init__()
        self.d1 = tf.keras.layers.Dense(3)
        self.d2 = tf.keras.layers.Dense(1)
    def call(self, x):
        return self.d2(self.d1(x))
x = tf.placeholder(tf.float32, [None, 4], name="x")
n = Net()
y = n(x)
n2 = Net()
with tf.variable_scope("s"):
    z = n2(x)
out["y"] = [y.name, z.name, n.name, n2.name]
out["vars"] = [v.name for v in tf.global_variables()]
""",
    "layers_on_placeholders": """
x = tf.placeholder(tf.float32, [None, 4], name="x")
h = tf.keras.layers.Dense(3)(x)
h = tf.layers.dense(h, 2)
h = tf.layers.Dense(2)(h)
with tf.variable_scope("blk"):
    h = tf.keras.layers.Dense(2)(h)
    h = tf.layers.dense(h, 2)
    h = tf.layers.Dense(2, name="dd")(h)
out["y"] = h.name
out["vars"] = [v.name for v in tf.global_variables()]
""",
    "models_in_scope_two_models": """
def make():
    return tf.keras.Sequential([tf.keras.layers.Dense(2, input_shape=(4,)),
                                tf.keras.layers.Dense(1)])
x = tf.placeholder(tf.float32, [None, 4], name="x")
with tf.variable_scope("actor"):
    a = make()
    ya = a(x)
with tf.variable_scope("critic"):
    c = make()
    yc = c(x)
out["y"] = [ya.name, yc.name, a.name, c.name]
out["vars"] = [v.name for v in tf.global_variables()]
out["coll"] = [v.name for v in tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="critic")]
""",
    "keras_in_name_and_reuse_scopes": """
x = tf.placeholder(tf.float32, [None, 4], name="x")
with tf.name_scope("ns"):
    a = tf.keras.layers.Dense(2)(x)
with tf.variable_scope("vs", reuse=tf.AUTO_REUSE):
    b = tf.keras.layers.Dense(2)(x)
with tf.variable_scope("vs", reuse=tf.AUTO_REUSE):
    c = tf.keras.layers.Dense(2)(x)
out["y"] = [a.name, b.name, c.name]
out["vars"] = [v.name for v in tf.global_variables()]
""",
    "functional_called_twice_nested": """
inp = tf.keras.Input((4,))
inner = tf.keras.Sequential([tf.keras.layers.Dense(3, input_shape=(4,)),
                             tf.keras.layers.BatchNormalization()])
o = tf.keras.layers.Dense(1)(inner(inp))
m = tf.keras.Model(inp, o)
x = tf.placeholder(tf.float32, [None, 4], name="x")
y1 = m(x)
y2 = m(x)
out["y"] = [o.name, y1.name, y2.name]
out["vars"] = [v.name for v in tf.global_variables()]
out["updates"] = len(m.updates)
""",
    "sequential_unbuilt_bn_lstm": """
m = tf.keras.Sequential([tf.keras.layers.LSTM(3), tf.keras.layers.BatchNormalization(),
                         tf.keras.layers.Dense(1)])
x = tf.placeholder(tf.float32, [None, 5, 2], name="x")
y = m(x)
out["y"] = y.name
out["vars"] = [v.name for v in tf.global_variables()]
out["trainable"] = [v.name for v in tf.trainable_variables()]
out["updates"] = len(m.updates)
""",
    "subclassed_layer_list": """
class Net(tf.keras.Model):
    def __init__(self):
        super(Net, self).__init__(name="net")
        self.blocks = [tf.keras.layers.Dense(3), tf.keras.layers.Dense(2)]
        self.head = tf.keras.layers.Dense(1, name="head")
    def call(self, x):
        for b in self.blocks:
            x = b(x)
        return self.head(x)
x = tf.placeholder(tf.float32, [None, 4], name="x")
n = Net()
y = n(x)
out["y"] = y.name
out["vars"] = [v.name for v in tf.global_variables()]
out["weights"] = [v.name for v in n.weights]
class Net2(tf.keras.Model):
    def __init__(self):
        super(Net2, self).__init__()
        self.parts = {"a": tf.keras.layers.Dense(2, kernel_initializer="ones"),
                      "b": tf.keras.layers.Dense(1, kernel_initializer="ones")}
    def call(self, x):
        return self.parts["b"](self.parts["a"](x))
n2 = Net2()
n2.compile("sgd", "mse")
xs = np.arange(12, dtype=np.float32).reshape(4, 3) / 10
n2.fit(xs, xs[:, :1], epochs=2, batch_size=2, verbose=0, shuffle=False)
out["trained"] = [len(n2.trainable_weights), [w.tolist() for w in n2.get_weights()]]
""",
    "tf_layers_batch_norm_collections": """
x = tf.placeholder(tf.float32, [None, 4], name="x")
h = tf.layers.batch_normalization(x, training=True)
bn = tf.layers.BatchNormalization()
h2 = bn(x, training=True)
out["y"] = [h.name, h2.name, bn.name]
out["vars"] = [v.name for v in tf.global_variables()]
out["update_ops"] = [u.name for u in tf.get_collection(tf.GraphKeys.UPDATE_OPS)]
out["bn_updates"] = len(bn.updates)
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS, legacy_keras=True)
