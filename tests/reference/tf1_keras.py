"""Record what TF 1.x's tf.keras (Keras 2 in graph mode) computes (dev-only).

    TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python tests/reference/tf1_keras.py \
        > tests/unit/engine/fixtures/tf1_keras.json

Each program is Keras code run unchanged but for the module bound to `tf`; it stores what
it observed in `out[...]`: names, shapes, summaries, training histories, values and
exception classes. Weights are set explicitly (`set_weights`) because graphgate's random
stream is not TensorFlow's, so training trajectories are comparable number for number.
"""

from __future__ import annotations

import numpy as np

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness


PROGRAMS = {
    "variable_and_op_names": """
x = tf.placeholder(tf.float32, [None, 4], name="x")
d = tf.keras.layers.Dense(3, activation="relu")
y = d(x)
y2 = d(x)
z = tf.keras.layers.Dense(2)(y)
out["outputs"] = [y.name, y2.name, z.name]
with tf.variable_scope("model"):
    w = tf.keras.layers.Dense(2)(x)
out["scoped"] = w.name
out["vars"] = [v.name for v in tf.global_variables()]
out["trainable"] = [v.name for v in d.trainable_weights]
bn = tf.keras.layers.BatchNormalization()
bn(y)
out["bn"] = [v.name for v in bn.weights]
out["bn_trainable"] = [v.name for v in bn.trainable_weights]
out["bn_updates"] = len(bn.updates)
out["update_ops_collection"] = len(tf.get_collection(tf.GraphKeys.UPDATE_OPS))
out["learning_phase"] = [tf.keras.backend.learning_phase().name,
                         tf.keras.backend.learning_phase().dtype.name]
inp = tf.keras.layers.Input((4,))
out["input"] = [inp.name, inp.shape.as_list()]
out["unconnected_output_shape"] = raises(lambda: d.output_shape)
""",
    "layer_shapes": """
L = tf.keras.layers
im = tf.keras.Input((8, 8, 1))
c = L.Conv2D(2, 3, padding="same")
o = c(im)
out["conv"] = [o.name, c.output_shape, [v.name for v in c.weights]]
out["pool"] = [L.MaxPooling2D()(o).name, L.AveragePooling2D(2, 1)(o).shape.as_list()]
out["gap"] = L.GlobalAveragePooling2D()(o).name
out["gmp"] = L.GlobalMaxPooling2D()(o).shape.as_list()
out["flatten"] = [L.Flatten()(o).name, L.Flatten()(o).shape.as_list()]
out["pad"] = L.ZeroPadding2D()(o).shape.as_list()
out["up"] = [L.UpSampling2D()(o).name, L.UpSampling2D((2, 3))(o).shape.as_list()]
out["reshape"] = [L.Reshape((64, 2))(o).name, L.Reshape((64, 2))(o).shape.as_list()]
out["act"] = [L.Activation("relu")(o).name, L.LeakyReLU()(o).name,
              L.Lambda(lambda t: t * 2)(o).name]
t = L.Conv2DTranspose(3, 3, strides=2, padding="same")
out["deconv"] = [t(o).shape.as_list(), [v.shape.as_list() for v in t.weights]]
seq = tf.keras.Input((10, 3))
c1 = L.Conv1D(4, 3)
out["conv1d"] = [c1(seq).shape.as_list(), [v.name for v in c1.weights]]
out["pool1d"] = [L.MaxPooling1D()(seq).shape.as_list(),
                 L.GlobalAveragePooling1D()(seq).shape.as_list()]
a = L.Input((3,))
b = L.Input((3,), name="bb")
out["merge"] = [a.name, b.name, L.Concatenate()([a, b]).name, L.Add()([a, b]).name,
                L.Multiply()([a, b]).name, L.concatenate([a, b]).shape.as_list()]
e = L.Embedding(10, 3)
ids = tf.keras.Input((7,), dtype="int32")
out["embedding"] = [e(ids).shape.as_list(), [v.name for v in e.weights], e.output_shape]
d3 = L.Dense(5)
out["dense3d"] = [d3(seq).shape.as_list(), d3.output_shape, d3.input_shape]
""",
    "summaries": """
L = tf.keras.layers
lines = []
m = tf.keras.Sequential([L.Dense(3, input_shape=(4,), activation="relu"),
                         L.BatchNormalization(), L.Dropout(0.5), L.Dense(1)])
m.summary(print_fn=lines.append)
out["sequential"] = lines
out["seq_weights"] = [v.name for v in m.weights]
out["seq_counts"] = [m.count_params(), len(m.layers), m.input_shape, m.output_shape]
a = L.Input((3,))
b = L.Input((3,), name="bb")
h = L.Dense(4, name="hidden")(L.concatenate([a, b]))
f = tf.keras.Model([a, b], L.Dense(2)(h))
lines = []
f.summary(print_fn=lines.append)
out["functional"] = lines
out["fn_meta"] = [f.name, f.input_shape, f.output_shape, [la.name for la in f.layers]]
out["get_layer"] = f.get_layer("hidden").name
out["get_layer_missing"] = raises(lambda: f.get_layer("nope"))
""",
    "fit_sgd_categorical": """
L = tf.keras.layers
rng = np.random.RandomState(0)
x = rng.randn(10, 3).astype("float32")
y = np.eye(3, dtype="float32")[rng.randint(0, 3, 10)]
m = tf.keras.Sequential([L.Dense(4, activation="relu", input_shape=(3,)),
                         L.Dense(3, activation="softmax")])
m.set_weights([rng.randn(3, 4).astype("float32") * 0.5, np.full(4, 0.1, "float32"),
               rng.randn(4, 3).astype("float32") * 0.5, np.zeros(3, "float32")])
m.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"])
out["metrics_names"] = m.metrics_names
h = m.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
out["history"] = h.history
out["params"] = sorted(h.params)
out["evaluate"] = [float(v) for v in m.evaluate(x, y, verbose=0, batch_size=3)]
out["predict"] = m.predict(x[:3]).tolist()
out["train_on_batch"] = [float(v) for v in m.train_on_batch(x[:5], y[:5])]
out["test_on_batch"] = [float(v) for v in m.test_on_batch(x[:5], y[:5])]
out["weights"] = [w.tolist() for w in m.get_weights()]
""",
    "fit_adam_batchnorm_validation": """
L = tf.keras.layers
rng = np.random.RandomState(1)
x = rng.randn(12, 2).astype("float32")
y = (x[:, :1] > 0).astype("float32")
# No bias before the normalization: its gradient is zero up to rounding, which Adam would
# amplify into steps of +-lr in whichever direction each engine's rounding points.
m = tf.keras.Sequential([L.Dense(3, input_shape=(2,), use_bias=False), L.BatchNormalization(),
                         L.Activation("tanh"), L.Dense(1, activation="sigmoid")])
out["weight_order"] = [v.name for v in m.weights]
m.set_weights([rng.randn(2, 3).astype("float32"), np.ones(3, "float32"), np.zeros(3, "float32"),
               np.zeros(3, "float32"),
               np.ones(3, "float32"), rng.randn(3, 1).astype("float32"), np.zeros(1, "float32")])
m.compile(tf.keras.optimizers.Adam(0.01), "binary_crossentropy", metrics=["acc"])
h = m.fit(x, y, batch_size=5, epochs=3, shuffle=False, verbose=0, validation_split=0.25)
out["history"] = h.history
out["moving"] = [w.tolist() for w in m.layers[1].get_weights()]
out["predict"] = m.predict(x[:4]).ravel().tolist()
""",
    "fit_rmsprop_sparse_functional": """
L = tf.keras.layers
rng = np.random.RandomState(2)
x = rng.randn(9, 4).astype("float32")
y = rng.randint(0, 3, 9)
inp = tf.keras.Input((4,))
hid = L.Dense(5, activation="tanh", kernel_regularizer=tf.keras.regularizers.l2(0.01))(inp)
m = tf.keras.Model(inp, L.Dense(3, activation="softmax")(hid))
m.set_weights([rng.randn(4, 5).astype("float32") * 0.5, np.zeros(5, "float32"),
               rng.randn(5, 3).astype("float32") * 0.5, np.zeros(3, "float32")])
m.compile("rmsprop", "sparse_categorical_crossentropy", metrics=["accuracy"])
out["reg_losses"] = len(m.losses)
h = m.fit(x, y, batch_size=3, epochs=2, shuffle=False, verbose=0, validation_data=(x[:3], y[:3]))
out["history"] = h.history
out["evaluate"] = [float(v) for v in m.evaluate(x, y, verbose=0)]
""",
    "fit_momentum_mse_tf_optimizer": """
L = tf.keras.layers
rng = np.random.RandomState(3)
x = rng.randn(8, 2).astype("float32")
y = (x @ np.array([[1.0], [-2.0]], "float32") + 0.5).ravel()
m = tf.keras.Sequential([L.Dense(1, input_shape=(2,))])
m.set_weights([np.zeros((2, 1), "float32"), np.zeros(1, "float32")])
m.compile(tf.keras.optimizers.SGD(0.1, momentum=0.9, nesterov=True), "mse", metrics=["mae"])
h = m.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
out["history"] = h.history
m2 = tf.keras.Sequential([L.Dense(1, input_shape=(2,))])
m2.set_weights([np.zeros((2, 1), "float32"), np.zeros(1, "float32")])
m2.compile(tf.train.GradientDescentOptimizer(0.1), "mean_squared_error")
h2 = m2.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
out["tf_optimizer"] = h2.history
out["tf_weights"] = [w.tolist() for w in m2.get_weights()]
""",
    "backend": """
K = tf.keras.backend
t = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], "float32")
p = np.array([[0.2, 0.7, 0.1], [0.0, 0.5, 0.5]], "float32")
out["cce"] = K.eval(K.categorical_crossentropy(K.constant(t), K.constant(p))).tolist()
logits = K.categorical_crossentropy(K.constant(t), K.constant(p), from_logits=True)
out["cce_logits"] = K.eval(logits).tolist()
out["scce"] = K.eval(K.sparse_categorical_crossentropy(K.constant([1, 0]), K.constant(p))).tolist()
out["bce"] = K.eval(K.binary_crossentropy(K.constant(t), K.constant(p))).tolist()
out["hard_sigmoid"] = K.eval(K.hard_sigmoid(K.constant([-3.0, -1.0, 0.0, 2.0, 4.0]))).tolist()
v = K.variable(np.array([[1.0, 2.0], [3.0, 4.0]]), name="v")
out["variable"] = [v.name, K.dtype(v), K.int_shape(v), K.ndim(v)]
out["get_value"] = K.get_value(v).tolist()
K.set_value(v, np.array([[5.0, 6.0], [7.0, 8.0]]))
out["set_value"] = K.get_value(v).tolist()
out["reductions"] = [K.eval(K.mean(v)).tolist(), K.eval(K.sum(v, axis=0)).tolist(),
                     K.eval(K.max(v, axis=1, keepdims=True)).tolist(), K.eval(K.std(v)).tolist(),
                     K.eval(K.square(v)).tolist(), K.eval(K.sqrt(K.constant([-1.0, 4.0]))).tolist()]
out["dot"] = K.eval(K.dot(v, K.transpose(v))).tolist()
out["concat"] = K.eval(K.concatenate([v, v], axis=-1)).tolist()
out["clip"] = K.eval(K.clip(v, 6.0, 7.5)).tolist()
out["config"] = [K.floatx(), K.epsilon(), K.image_data_format()]
ph = K.placeholder(shape=(None, 2))
f = K.function([ph], [ph * 2.0, K.sum(ph)])
out["function"] = [r.tolist() for r in f([np.ones((2, 2), "float32")])]
out["placeholder"] = [K.int_shape(ph), K.ndim(ph), K.dtype(ph)]
out["batch_get"] = [a.tolist() for a in K.batch_get_value([v, v * 2.0])]
out["one_hot"] = tf.keras.utils.to_categorical([0, 2, 1], 3).tolist()
out["one_hot_infer"] = tf.keras.utils.to_categorical(np.array([[1], [3]])).tolist()
""",
    "layer_values": """
L = tf.keras.layers
rng = np.random.RandomState(4)
im = rng.randn(2, 4, 4, 2).astype("float32")
ph = tf.placeholder(tf.float32, [None, 4, 4, 2])
c = L.Conv2D(3, 2, strides=1, padding="valid", activation="relu")
y = c(ph)
c.set_weights([rng.randn(2, 2, 2, 3).astype("float32"), np.full(3, 0.1, "float32")])
e = L.Embedding(5, 2)
ids = tf.placeholder(tf.int32, [None, 3])
ey = e(ids)
e.set_weights([np.arange(10, dtype="float32").reshape(5, 2)])
sess = tf.keras.backend.get_session()
outs = sess.run([y, L.MaxPooling2D()(ph), L.GlobalAveragePooling2D()(ph), L.UpSampling2D()(ph),
                 L.LeakyReLU(0.2)(ph), L.ZeroPadding2D(((1, 0), (0, 2)))(ph)], {ph: im})
out["values"] = [o.tolist() for o in outs]
out["embedding"] = sess.run(ey, {ids: [[0, 4, 2]]}).tolist()
d = L.Dense(2, kernel_initializer="ones", bias_initializer=tf.keras.initializers.Constant(0.5))
dy = d(tf.constant([[1.0, 2.0, 3.0]]))
out["initializers"] = tf.keras.backend.get_session().run(dy).tolist()
dr = L.Dropout(0.5)(tf.constant(np.ones((2, 3), "float32")))
out["dropout_inference"] = tf.keras.backend.get_session().run(dr).tolist()
out["set_weights_wrong_count"] = raises(lambda: c.set_weights([np.zeros((2, 2, 2, 3))]))
out["set_weights_wrong_shape"] = raises(
    lambda: c.set_weights([np.zeros((2, 2, 3, 3)), np.zeros(3)])
)
out["unknown_activation"] = raises(lambda: L.Dense(2, activation="nope"))
out["input_without_shape"] = raises(lambda: tf.keras.Input())
out["bad_kwarg"] = raises(lambda: L.Dense(2, nonsense=1))
""",
    "recurrent": """
L = tf.keras.layers
rng = np.random.RandomState(5)
xs = rng.randn(2, 4, 3).astype("float32")
x = tf.placeholder(tf.float32, [None, 4, 3])
lstm = L.LSTM(2, return_sequences=True, return_state=True)
seq, h, c = lstm(x)
gru = L.GRU(2)
g = gru(x)
gru2 = L.GRU(2, reset_after=True, go_backwards=True)
g2 = gru2(x)
rnn = L.SimpleRNN(2, activation="relu")
s = rnn(x)
out["names"] = [[v.name for v in la.weights] for la in (lstm, gru, gru2, rnn)]
out["shapes"] = [[v.shape.as_list() for v in la.weights] for la in (lstm, gru, gru2, rnn)]
out["out_shapes"] = [seq.shape.as_list(), h.shape.as_list(), g.shape.as_list(), s.shape.as_list()]
sess = tf.keras.backend.get_session()
out["forget_bias"] = sess.run(lstm.weights[2]).tolist()
for la in (lstm, gru, gru2, rnn):
    la.set_weights([rng.randn(*w.shape.as_list()).astype("float32") * 0.5 for w in la.weights])
out["values"] = [v.tolist() for v in sess.run([seq, h, c, g, g2, s], {x: xs})]
""",
    "callbacks_and_weights_files": """
import os
import tempfile
L = tf.keras.layers
rng = np.random.RandomState(6)
x = rng.randn(8, 2).astype("float32")
y = (x.sum(axis=1, keepdims=True) > 0).astype("float32")
w0 = [rng.randn(2, 1).astype("float32"), np.zeros(1, "float32")]
m = tf.keras.Sequential([L.Dense(1, activation="sigmoid", input_shape=(2,))])
m.set_weights(w0)
m.compile(tf.keras.optimizers.SGD(0.5), "binary_crossentropy", metrics=["accuracy"])
seen = []
lr_seen = []
sched = tf.keras.callbacks.LearningRateScheduler(lambda epoch: 0.5 / (epoch + 1))
spy = tf.keras.callbacks.LambdaCallback(
    on_epoch_end=lambda epoch, logs: seen.append([epoch, sorted(logs)]),
    on_epoch_begin=lambda epoch, logs: lr_seen.append(
        float(tf.keras.backend.get_value(m.optimizer.lr))))
stop = tf.keras.callbacks.EarlyStopping(monitor="loss", min_delta=0.05, patience=1)
h = m.fit(x, y, batch_size=8, epochs=20, shuffle=False, verbose=0, callbacks=[sched, spy, stop])
out["history"] = h.history
out["seen"] = seen
out["lr"] = lr_seen
out["stopped_epoch"] = stop.stopped_epoch
path = os.path.join(tempfile.mkdtemp(), "ckpt")
m.save_weights(path)
m2 = tf.keras.Sequential([L.Dense(1, activation="sigmoid", input_shape=(2,))])
m2.load_weights(path)
out["reloaded_predictions"] = m2.predict(x[:3]).ravel().tolist()
out["predictions"] = m.predict(x[:3]).ravel().tolist()
""",
    "manual_training_loop": """
L = tf.keras.layers
K = tf.keras.backend
rng = np.random.RandomState(7)
xs = rng.randn(6, 3).astype("float32")
ys = rng.randn(6, 1).astype("float32")
x = tf.placeholder(tf.float32, [None, 3])
y = tf.placeholder(tf.float32, [None, 1])
d1 = L.Dense(4, activation="relu", use_bias=False)
bn = L.BatchNormalization(momentum=0.9)
d2 = L.Dense(1)
pred = d2(bn(d1(x)))
loss = tf.reduce_mean(tf.square(pred - y))
with tf.control_dependencies(bn.updates):
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
sess = tf.Session()
K.set_session(sess)
sess.run(tf.global_variables_initializer())
d1.set_weights([rng.randn(3, 4).astype("float32")])
d2.set_weights([rng.randn(4, 1).astype("float32"), np.zeros(1, "float32")])
losses = []
for _ in range(3):
    losses.append(float(sess.run([loss, train], {x: xs, y: ys, K.learning_phase(): 1})[0]))
out["losses"] = losses
out["moving"] = [w.tolist() for w in sess.run([bn.moving_mean, bn.moving_variance])]
out["inference"] = sess.run(pred, {x: xs[:2]}).ravel().tolist()
out["training"] = sess.run(pred, {x: xs[:2], K.learning_phase(): True}).ravel().tolist()
""",
    "more_layers": """
L = tf.keras.layers
rng = np.random.RandomState(8)
a_val = rng.randn(2, 3, 4).astype("float32")
b_val = rng.randn(2, 3, 4).astype("float32")
a = tf.placeholder(tf.float32, [None, 3, 4])
b = tf.placeholder(tf.float32, [None, 3, 4])
flat = tf.placeholder(tf.float32, [None, 4])
c1 = L.Conv1D(2, 2, strides=1, padding="same", dilation_rate=1)
conv = c1(a)
ct = L.Conv2DTranspose(2, 2, strides=2, padding="valid")
im = tf.placeholder(tf.float32, [None, 2, 2, 3])
deconv = ct(im)
im_val = rng.randn(1, 2, 2, 3).astype("float32")
outs = [L.Permute((2, 1))(a), L.RepeatVector(2)(flat), L.Subtract()([a, b]),
        L.Average()([a, b]), L.Maximum()([a, b]), L.Minimum()([a, b]),
        L.ReLU(max_value=1.0)(a), L.ELU(0.5)(a), L.Softmax()(a),
        L.GlobalMaxPooling1D()(a), L.AveragePooling1D(2, padding="same")(a),
        L.MaxPooling1D(2)(a), conv, deconv,
        tf.keras.activations.get("softplus")(a), tf.keras.activations.selu(a),
        tf.keras.activations.hard_sigmoid(a), tf.keras.activations.softsign(a)]
out["shapes"] = [o.shape.as_list() for o in outs]
sess = tf.keras.backend.get_session()
c1.set_weights([rng.randn(2, 4, 2).astype("float32"), rng.randn(2).astype("float32")])
ct.set_weights([rng.randn(2, 2, 2, 3).astype("float32"), rng.randn(2).astype("float32")])
vals = sess.run(outs, {a: a_val, b: b_val, flat: a_val[:, 0], im: im_val})
out["values"] = [v.tolist() for v in vals]
reg = L.Dense(2, kernel_regularizer=tf.keras.regularizers.l1_l2(0.1, 0.2),
              bias_regularizer="l2", activity_regularizer=tf.keras.regularizers.l1(0.5))
ry = reg(flat)
reg.set_weights([rng.randn(4, 2).astype("float32"), rng.randn(2).astype("float32")])
out["reg_losses"] = [float(v) for v in sess.run(reg.losses, {flat: a_val[:, 0]})]
out["losses"] = [float(v) for v in sess.run([
    tf.reduce_mean(tf.keras.losses.mean_absolute_error(a, b)),
    tf.reduce_mean(tf.keras.losses.hinge(a, b)),
    tf.reduce_mean(tf.keras.losses.logcosh(a, b)),
    tf.reduce_mean(tf.keras.losses.kullback_leibler_divergence(tf.nn.softmax(a), tf.nn.softmax(b))),
    tf.keras.losses.MeanSquaredError()(a, b),
    tf.keras.losses.CategoricalCrossentropy(from_logits=True)(tf.nn.softmax(a), b),
], {a: a_val, b: b_val})]
""",
    "custom_layer_and_freezing": """
L = tf.keras.layers
K = tf.keras.backend


class Scale(L.Layer):
    def __init__(self, units, **kwargs):
        super(Scale, self).__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(name="w", shape=(int(input_shape[-1]), self.units),
                                 initializer="ones", trainable=True)
        self.b = self.add_weight(name="b", shape=(self.units,), initializer="zeros",
                                 trainable=False)
        super(Scale, self).build(input_shape)

    def call(self, inputs):
        return K.dot(inputs, self.w) + self.b

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.units)


inp = tf.keras.Input((3,))
s = Scale(2)
hidden = L.Dense(3, name="frozen")
m = tf.keras.Model(inp, s(hidden(inp)))
hidden.trainable = False
m.compile(tf.keras.optimizers.SGD(0.1), "mse")
out["names"] = [v.name for v in m.weights]
out["trainable"] = [v.name for v in m.trainable_weights]
out["non_trainable"] = [v.name for v in m.non_trainable_weights]
lines = []
m.summary(print_fn=lines.append)
out["summary"] = lines
rng = np.random.RandomState(9)
m.set_weights([rng.randn(3, 3).astype("float32"), np.zeros(3, "float32"),
               np.ones((3, 2), "float32"), np.zeros(2, "float32")])
x = rng.randn(6, 3).astype("float32")
h = m.fit(x, x[:, :2], batch_size=6, epochs=2, shuffle=False, verbose=0)
out["history"] = h.history
out["frozen_after"] = [w.tolist() for w in hidden.get_weights()]
out["scale_after"] = [w.tolist() for w in s.get_weights()]
f = K.function([inp], m.output)
out["function_single"] = np.asarray(f([x[:2]])).tolist()
out["function_type"] = type(f([x[:2]])).__name__
""",
    "wrappers_and_extra_layers": """
L = tf.keras.layers
rng = np.random.RandomState(10)
seq_val = rng.randn(2, 5, 3).astype("float32")
im_val = rng.randn(2, 6, 6, 2).astype("float32")
seq = tf.placeholder(tf.float32, [None, 5, 3])
im = tf.placeholder(tf.float32, [None, 6, 6, 2])
flat = tf.placeholder(tf.float32, [None, 4])
bi = L.Bidirectional(L.LSTM(2, return_sequences=True))
bi_out = bi(seq)
bi2 = L.Bidirectional(L.GRU(2), merge_mode="sum")
bi2_out = bi2(seq)
td = L.TimeDistributed(L.Dense(4, activation="tanh"))
td_out = td(seq)
sep = L.SeparableConv2D(3, 3, depth_multiplier=2, padding="same")
sep_out = sep(im)
dw = L.DepthwiseConv2D(3, depth_multiplier=2)
dw_out = dw(im)
ln = L.LayerNormalization()
ln_out = ln(seq)
pr = L.PReLU(shared_axes=[1])
pr_out = pr(seq)
layers = [bi, bi2, td, sep, dw, ln, pr]
out["names"] = [[v.name for v in la.weights] for la in layers]
out["shapes"] = [[v.shape.as_list() for v in la.weights] for la in layers]
others = [L.Cropping2D(((1, 0), (0, 2)))(im), L.Cropping1D((1, 2))(seq), L.ZeroPadding1D(2)(seq),
          L.UpSampling1D(2)(seq), L.Dot(axes=1)([flat, flat * 2.0]),
          L.Dot(axes=1, normalize=True)([flat, flat + 1.0]), L.Dot(axes=(2, 2))([seq, seq]),
          L.GaussianNoise(0.1)(flat), L.SpatialDropout1D(0.5)(seq), L.SpatialDropout2D(0.5)(im)]
outs = [bi_out, bi2_out, td_out, sep_out, dw_out, ln_out, pr_out] + others
out["out_shapes"] = [o.shape.as_list() for o in outs]
sess = tf.keras.backend.get_session()
for la in layers:
    la.set_weights([rng.randn(*w.shape.as_list()).astype("float32") * 0.5 for w in la.weights])
vals = sess.run(outs, {seq: seq_val, im: im_val, flat: seq_val[:, 0, :2].repeat(2, 1)})
out["values"] = [v.tolist() for v in vals]
seqs = [[1, 2, 3], [4, 5], [6]]
pad = tf.keras.preprocessing.sequence.pad_sequences
out["pad_sequences"] = [pad(seqs).tolist(), pad(seqs, maxlen=2).tolist(),
                        pad(seqs, maxlen=2, padding="post", truncating="post", value=9).tolist(),
                        str(pad(seqs).dtype)]
""",
    "multi_output": """
L = tf.keras.layers
rng = np.random.RandomState(11)
x = rng.randn(8, 3).astype("float32")
y1 = rng.randn(8, 1).astype("float32")
y2 = np.eye(2, dtype="float32")[rng.randint(0, 2, 8)]
inp = tf.keras.Input((3,), name="features")
h = L.Dense(4, activation="relu", name="trunk")(inp)
reg = L.Dense(1, name="value")(h)
cls = L.Dense(2, activation="softmax", name="label")(h)
m = tf.keras.Model(inp, [reg, cls])
m.set_weights([rng.randn(3, 4).astype("float32"), np.zeros(4, "float32"),
               rng.randn(4, 1).astype("float32"), np.zeros(1, "float32"),
               rng.randn(4, 2).astype("float32"), np.zeros(2, "float32")])
m.compile("sgd", ["mse", "categorical_crossentropy"], metrics=["accuracy", "mae"],
          loss_weights=[0.5, 2.0])
out["metrics_names"] = m.metrics_names
h = m.fit({"features": x}, [y1, y2], batch_size=4, epochs=2, shuffle=False, verbose=0)
out["history"] = h.history
out["evaluate"] = [float(v) for v in m.evaluate(x, {"value": y1, "label": y2}, verbose=0)]
p = m.predict(x[:2])
out["predict"] = [type(p).__name__, [a.tolist() for a in p]]
""",
    "errors": """
L = tf.keras.layers
m = tf.keras.Sequential([L.Dense(2, input_shape=(3,))])
out["names_uncompiled"] = [m.metrics_names, tf.keras.Sequential([L.Dense(1)]).metrics_names]
out["fit_uncompiled"] = raises(lambda: m.fit(np.ones((2, 3)), np.ones((2, 2)), verbose=0))
out["unknown_loss"] = raises(lambda: m.compile("sgd", "nope"))
out["unknown_optimizer"] = raises(lambda: m.compile("nope", "mse"))
out["fit_before_compile"] = raises(lambda: m.fit(np.ones((2, 3)), np.ones((2, 2)), verbose=0))
m.compile("sgd", "mse")
out["wrong_feature_count"] = raises(lambda: m.fit(np.ones((2, 4)), np.ones((2, 2)), verbose=0))
out["wrong_sample_count"] = raises(lambda: m.fit(np.ones((2, 3)), np.ones((3, 2)), verbose=0))
out["wrong_rank"] = raises(lambda: m.predict(np.ones((2, 3, 1))))
out["conv_rank"] = raises(lambda: L.Conv2D(2, 3)(tf.keras.Input((5, 5))))
out["concat_shapes"] = raises(
    lambda: L.Concatenate(axis=1)([tf.keras.Input((2, 3)), tf.keras.Input((2, 4))]))
out["merge_one_input"] = raises(lambda: L.Add()([tf.keras.Input((2,))]))
out["bad_padding"] = raises(lambda: L.Conv2D(2, 3, padding="full"))
out["get_layer_index"] = raises(lambda: m.get_layer(index=5))
out["dense_unknown_last"] = raises(
    lambda: L.Dense(2)(tf.placeholder(tf.float32, [None, None])))
""",
    "conv_batchnorm_fit": """
L = tf.keras.layers
rng = np.random.RandomState(12)
x = rng.randn(6, 5, 5, 2).astype("float32")
y = np.eye(3, dtype="float32")[rng.randint(0, 3, 6)]
m = tf.keras.Sequential([L.Conv2D(4, 3, use_bias=False, input_shape=(5, 5, 2)),
                         L.BatchNormalization(momentum=0.8), L.Activation("relu"),
                         L.MaxPooling2D(), L.Flatten(), L.Dense(3, activation="softmax")])
m.set_weights([rng.randn(3, 3, 2, 4).astype("float32") * 0.3, np.ones(4, "float32"),
               np.zeros(4, "float32"), np.zeros(4, "float32"), np.ones(4, "float32"),
               rng.randn(4, 3).astype("float32"), np.zeros(3, "float32")])
m.compile(tf.keras.optimizers.RMSprop(0.01, momentum=0.5), "categorical_crossentropy",
          metrics=["accuracy"])
h = m.fit(x, y, batch_size=3, epochs=2, shuffle=False, verbose=0)
out["history"] = h.history
out["moving"] = [w.tolist() for w in m.layers[1].get_weights()[2:]]
out["predict"] = m.predict(x[:2]).tolist()
""",
    "validation_freq_and_fit_arguments": """
L = tf.keras.layers
rng = np.random.RandomState(13)
x = rng.randn(8, 2).astype("float32")
y = rng.randn(8, 1).astype("float32")
m = tf.keras.Sequential([L.Dense(1, input_shape=(2,))])
m.set_weights([np.ones((2, 1), "float32"), np.zeros(1, "float32")])
m.compile("sgd", "mse")
h = m.fit(x, y, batch_size=4, epochs=4, shuffle=False, verbose=0, validation_data=(x, y),
          validation_freq=2, workers=2, max_queue_size=3)
out["history"] = h.history
out["epoch"] = h.epoch
out["unknown_argument"] = raises(lambda: m.fit(x, y, verbose=0, nonsense=1))
out["evaluate_no_metrics"] = float(m.evaluate(x, y, verbose=0))
""",
    "gradients_through_layers": """
L = tf.keras.layers
rng = np.random.RandomState(14)
xs = rng.randn(2, 4, 3).astype("float32")
x = tf.placeholder(tf.float32, [None, 4, 3])
lstm = L.LSTM(2, return_sequences=True)
gru = L.GRU(2)
bn = L.BatchNormalization()
ln = L.LayerNormalization()
conv = L.Conv1D(2, 2)
y = tf.reduce_sum(lstm(x) ** 2) + tf.reduce_sum(gru(x) ** 2) + tf.reduce_sum(
    ln(conv(x)) * tf.constant([1.0, -2.0])) + tf.reduce_sum(bn(x, training=True) ** 3)
sess = tf.keras.backend.get_session()
for la in (lstm, gru, conv, ln):
    la.set_weights([rng.randn(*w.shape.as_list()).astype("float32") * 0.5 for w in la.weights])
grads = tf.gradients(y, [x] + lstm.weights + gru.weights + conv.weights + ln.weights
                     + bn.trainable_weights)
out["grads"] = [g.tolist() for g in sess.run(grads, {x: xs})]
""",
    "backend_more": """
K = tf.keras.backend
rng = np.random.RandomState(15)
x3 = K.constant(rng.randn(2, 5, 3).astype("float32"))
x4 = K.constant(rng.randn(2, 4, 4, 2).astype("float32"))
k1 = K.constant(rng.randn(2, 3, 4).astype("float32"))
k2 = K.constant(rng.randn(2, 2, 2, 3).astype("float32"))
vals = [K.bias_add(x3, K.constant([1.0, 2.0, 3.0])), K.conv1d(x3, k1, padding="same"),
        K.conv2d(x4, k2, strides=(2, 2)), K.pool2d(x4, (2, 2), (2, 2), pool_mode="avg"),
        K.pool2d(x4, (2, 2), padding="same"), K.temporal_padding(x3, (1, 2)),
        K.spatial_2d_padding(x4, ((0, 1), (2, 0))), K.repeat_elements(x3, 2, axis=1),
        K.repeat_elements(x3, 3, axis=-1), K.reverse(x3, 1), K.arange(2, 9, 3),
        K.resize_images(x4, 2, 3, "channels_last"), K.foldl(lambda a, r: a + r, x3)]
out["shapes"] = [K.int_shape(v) for v in vals]
out["values"] = [K.eval(v).tolist() for v in vals]
# (map_fn's static batch size is a gap of the engine's tf.map_fn: values only.)
out["map_fn"] = K.eval(K.map_fn(lambda r: r * 2.0, x3)).tolist()
probs = K.constant(np.full((2, 6, 4), 0.25, "float32"))
labels = K.constant([[1, 2, 0], [2, 0, 0]])
out["ctc"] = K.eval(K.ctc_batch_cost(labels, probs, K.constant([[6], [5]]),
                                     K.constant([[3], [1]]))).tolist()
""",
    "masking": """
L = tf.keras.layers
rng = np.random.RandomState(16)
ids_val = tf.keras.preprocessing.sequence.pad_sequences([[3, 1, 2], [4, 2], [1], [2, 3, 4, 1]])
ids = tf.placeholder(tf.int32, [None, 4])
emb = L.Embedding(5, 3, mask_zero=True)
e = emb(ids)
lstm = L.LSTM(2, return_sequences=True)
seq = lstm(e)
gru = L.Bidirectional(L.GRU(2))
g = gru(e)
pooled = L.GlobalAveragePooling1D()(L.Dense(2)(e))
x = tf.placeholder(tf.float32, [None, 3, 2])
rnn = L.SimpleRNN(2)
r = rnn(L.Masking(mask_value=-1.0)(x))
x_val = np.array([[[1, 2], [-1, -1], [3, 1]], [[-1, -1], [-1, -1], [2, 2]]], "float32")
sess = tf.keras.backend.get_session()
for la in (emb, lstm, gru, rnn):
    la.set_weights([rng.randn(*w.shape.as_list()).astype("float32") * 0.5 for w in la.weights])
out["values"] = [v.tolist() for v in sess.run([seq, g, r], {ids: ids_val, x: x_val})]
out["pooled_shape"] = pooled.shape.as_list()
out["flatten_after_mask"] = raises(lambda: L.Flatten()(e))
inp = tf.keras.Input((4,))
h = L.LSTM(3)(L.Embedding(5, 2, mask_zero=True)(inp))
m = tf.keras.Model(inp, L.Dense(1, activation="sigmoid")(h))
m.set_weights([rng.randn(*w.shape.as_list()).astype("float32") * 0.5 for w in m.weights])
m.compile("sgd", "binary_crossentropy", metrics=["accuracy"])
hist = m.fit(ids_val, np.array([1, 0, 1, 0]), batch_size=2, epochs=2, shuffle=False, verbose=0)
out["history"] = hist.history
""",
    "recurrent_dropout": """
L = tf.keras.layers
K = tf.keras.backend
rng = np.random.RandomState(17)
xs = rng.randn(3, 4, 2).astype("float32")
x = tf.placeholder(tf.float32, [None, 4, 2])
layers = [L.LSTM(3, dropout=0.3, recurrent_dropout=0.2, return_sequences=True),
          L.GRU(3, dropout=0.3, recurrent_dropout=0.2),
          L.GRU(3, recurrent_dropout=0.4, reset_after=True),
          L.SimpleRNN(3, dropout=0.5),
          L.Bidirectional(L.LSTM(2, recurrent_dropout=0.3))]
outs = [la(x) for la in layers]
sess = K.get_session()
for la in layers:
    la.set_weights([rng.randn(*w.shape.as_list()).astype("float32") * 0.5 for w in la.weights])
out["inference"] = [v.tolist() for v in sess.run(outs, {x: xs})]
trained = sess.run(outs, {x: xs, K.learning_phase(): True})
out["training_differs"] = [bool(np.abs(a - b).max() > 1e-6)
                           for a, b in zip(trained, sess.run(outs, {x: xs}))]
out["config"] = [layers[0].dropout, layers[0].recurrent_dropout]
""",
    "reduce_lr_and_csv": """
import os
import tempfile
L = tf.keras.layers
rng = np.random.RandomState(18)
x = rng.randn(8, 2).astype("float32")
y = rng.randn(8, 1).astype("float32")
m = tf.keras.Sequential([L.Dense(1, input_shape=(2,))])
m.set_weights([np.ones((2, 1), "float32"), np.zeros(1, "float32")])
m.compile(tf.keras.optimizers.SGD(0.3), "mse")
path = os.path.join(tempfile.mkdtemp(), "log.csv")
plateau = tf.keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1,
                                               min_delta=0.5, cooldown=1, min_lr=0.05)
h = m.fit(x, y, batch_size=8, epochs=6, shuffle=False, verbose=0,
          callbacks=[plateau, tf.keras.callbacks.CSVLogger(path)])
out["history"] = h.history
with open(path) as f:
    rows = [line.strip().split(",") for line in f]
out["csv_header"] = rows[0]
out["csv_rows"] = [[v if v == "NA" else float(v) for v in r] for r in rows[1:]]
""",
    "layers_3d": """
L = tf.keras.layers
rng = np.random.RandomState(19)
vol_val = rng.randn(2, 4, 4, 4, 2).astype("float32")
vol = tf.placeholder(tf.float32, [None, 4, 4, 4, 2])
c = L.Conv3D(3, 2, padding="same", activation="relu")
y = c(vol)
outs = [y, L.MaxPooling3D()(vol), L.AveragePooling3D(2, 1)(vol),
        L.GlobalAveragePooling3D()(vol), L.GlobalMaxPooling3D()(vol)]
out["names"] = [[v.name for v in c.weights], [o.name for o in outs[1:3]]]
out["shapes"] = [o.shape.as_list() for o in outs]
c.set_weights([rng.randn(2, 2, 2, 2, 3).astype("float32") * 0.5, np.full(3, 0.1, "float32")])
out["values"] = [v.tolist() for v in tf.keras.backend.get_session().run(outs, {vol: vol_val})]
""",
    "optimizer_decay_adagrad_adadelta": """
L = tf.keras.layers
K = tf.keras.backend
rng = np.random.RandomState(20)
x = rng.randn(8, 3).astype("float32")
y = rng.randn(8, 2).astype("float32")
w0 = [rng.randn(3, 2).astype("float32"), np.zeros(2, "float32")]
results = {}
opts = {
    "sgd_decay": tf.keras.optimizers.SGD(lr=0.1, decay=0.5, momentum=0.9, nesterov=True),
    "adam_decay": tf.keras.optimizers.Adam(0.05, decay=0.1),
    "rmsprop_decay": tf.keras.optimizers.RMSprop(0.01, decay=0.2),
    "adagrad": tf.keras.optimizers.Adagrad(0.1),
    "adagrad_zero": tf.keras.optimizers.Adagrad(0.1, initial_accumulator_value=0.0),
    "adadelta": tf.keras.optimizers.Adadelta(1.0),
    "adagrad_string": "adagrad",
}
for key, opt in opts.items():
    m = tf.keras.Sequential([L.Dense(2, input_shape=(3,))])
    m.set_weights(w0)
    m.compile(opt, "mse")
    h = m.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    results[key] = [h.history["loss"], [w.tolist() for w in m.get_weights()]]
    if key == "sgd_decay":
        results["iterations"] = int(K.get_value(m.optimizer.iterations))
        results["config"] = m.optimizer.get_config()
out["results"] = results
""",
    "sample_and_class_weights": """
L = tf.keras.layers
rng = np.random.RandomState(21)
x = rng.randn(8, 3).astype("float32")
labels = np.array([0, 1, 2, 1, 0, 2, 2, 1])
y = np.eye(3, dtype="float32")[labels]
w0 = [rng.randn(3, 3).astype("float32") * 0.5, np.zeros(3, "float32")]
sw = np.array([1.0, 2.0, 0.5, 0.0, 1.0, 3.0, 1.0, 1.0], "float32")
results = {}
for key, kwargs in (("sample_weight", {"sample_weight": sw}),
                    ("class_weight", {"class_weight": {0: 1.0, 1: 3.0, 2: 0.5}})):
    m = tf.keras.Sequential([L.Dense(3, activation="softmax", input_shape=(3,))])
    m.set_weights(w0)
    m.compile("sgd", "categorical_crossentropy", metrics=["accuracy"])
    h = m.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0, **kwargs)
    results[key] = h.history
results["evaluate"] = [float(v) for v in m.evaluate(x, y, sample_weight=sw, verbose=0)]
results["train_on_batch"] = [float(v) for v in m.train_on_batch(x[:4], y[:4],
                                                              sample_weight=sw[:4])]
m2 = tf.keras.Sequential([L.Dense(3, activation="softmax", input_shape=(3,))])
m2.set_weights(w0)
m2.compile("sgd", "sparse_categorical_crossentropy")
h2 = m2.fit(x, labels, batch_size=8, epochs=2, shuffle=False, verbose=0,
            class_weight={0: 2.0, 1: 1.0, 2: 1.0}, validation_data=(x, labels, sw))
results["sparse_class_weight"] = h2.history
results["missing_class"] = raises(lambda: m2.fit(x, labels, verbose=0, class_weight={0: 1.0}))
results["bad_sample_weight"] = raises(lambda: m2.fit(x, labels, verbose=0,
                                                     sample_weight=np.ones(3)))
out["results"] = results
""",
    "text_preprocessing": """
text = tf.keras.preprocessing.text
docs = ["The cat sat on the mat.", "The dog ate my homework!", "cat, dog; CAT?", "",
        "A\\tnew\\nline and the end"]
t = text.Tokenizer(num_words=6, oov_token="<oov>")
t.fit_on_texts(docs)
out["word_index"] = sorted(t.word_index.items(), key=lambda kv: kv[1])
out["word_counts"] = list(t.word_counts.items())
out["document_count"] = t.document_count
out["sequences"] = t.texts_to_sequences(["the cat ate the unknown mat", "dog dog"])
out["texts"] = t.sequences_to_texts([[2, 3, 7, 1], [4]])
for mode in ("binary", "count", "freq", "tfidf"):
    out["matrix_" + mode] = t.texts_to_matrix(["the cat the", "dog"], mode=mode).tolist()
plain = text.Tokenizer()
plain.fit_on_texts(docs)
out["plain"] = [sorted(plain.word_index.items(), key=lambda kv: kv[1]),
                plain.texts_to_sequences(["the zebra cat"])]
chars = text.Tokenizer(char_level=True)
chars.fit_on_texts(["abca", "Bd"])
out["chars"] = sorted(chars.word_index.items(), key=lambda kv: kv[1])
out["words"] = text.text_to_word_sequence("Hello, World! It's  a test.")
out["hashing_md5"] = text.hashing_trick("the cat the dog", 10, hash_function="md5")
""",
    "generators": """
L = tf.keras.layers
rng = np.random.RandomState(22)
x = rng.randn(10, 3).astype("float32")
y = np.eye(2, dtype="float32")[rng.randint(0, 2, 10)]
w0 = [rng.randn(3, 2).astype("float32"), np.zeros(2, "float32")]


def batches():
    while True:
        for i in (0, 4, 8):
            yield x[i:i + 4], y[i:i + 4]


class Data(tf.keras.utils.Sequence):
    def __init__(self):
        self.epochs = 0

    def __len__(self):
        return 3

    def __getitem__(self, i):
        return x[i * 4:(i + 1) * 4], y[i * 4:(i + 1) * 4]

    def on_epoch_end(self):
        self.epochs += 1


m = tf.keras.Sequential([L.Dense(2, activation="softmax", input_shape=(3,))])
m.set_weights(w0)
m.compile("sgd", "categorical_crossentropy", metrics=["accuracy"])
h = m.fit_generator(batches(), steps_per_epoch=3, epochs=2, verbose=0,
                    validation_data=(x, y))
out["fit_generator"] = h.history
seq = Data()
m2 = tf.keras.Sequential([L.Dense(2, activation="softmax", input_shape=(3,))])
m2.set_weights(w0)
m2.compile("sgd", "categorical_crossentropy", metrics=["accuracy"])
h2 = m2.fit_generator(seq, epochs=2, verbose=0, validation_data=Data(), shuffle=False)
out["sequence"] = [h2.history, seq.epochs]
out["evaluate_generator"] = [float(v) for v in m2.evaluate_generator(Data())]
out["predict_generator"] = m2.predict_generator(Data()).tolist()
out["no_steps"] = raises(lambda: m2.fit_generator(batches(), epochs=1, verbose=0))
""",
    "nested_models": """
L = tf.keras.layers
K = tf.keras.backend
inp = tf.keras.Input((3,))
inner = tf.keras.Model(inp, L.Dense(2)(inp))
out["inner_type"] = [type(inner).__name__, isinstance(inner, tf.keras.Model)]
outer_in = tf.keras.Input((3,))
outer = tf.keras.Model(outer_in, L.Dense(1)(inner(outer_in)))
lines = []
outer.summary(print_fn=lines.append)
seq = tf.keras.Sequential([inner, L.Dense(1)])
seq.summary(print_fn=lines.append)
out["summaries"] = lines
out["weights"] = [[v.name for v in outer.weights], [v.name for v in seq.weights]]
rng = np.random.RandomState(23)
outer.set_weights([rng.randn(*w.shape.as_list()).astype("float32") for w in outer.weights])
f = K.function([outer.input, K.learning_phase()], [outer.output])
x = rng.randn(2, 3).astype("float32")
res = f([x, 0])
out["function"] = [type(res).__name__, len(res), res[0].tolist()]
out["predict_same"] = outer.predict(x).tolist()
""",
    "metric_objects": """
L = tf.keras.layers
rng = np.random.RandomState(24)
x = rng.randn(10, 3).astype("float32")
y = (rng.rand(10, 1) > 0.4).astype("float32")
m = tf.keras.Sequential([L.Dense(1, activation="sigmoid", input_shape=(3,))])
m.set_weights([rng.randn(3, 1).astype("float32"), np.zeros(1, "float32")])
m.compile("sgd", "binary_crossentropy",
          metrics=[tf.keras.metrics.Precision(), tf.keras.metrics.Recall(thresholds=0.6),
                   tf.keras.metrics.BinaryAccuracy(), "mse",
                   tf.keras.metrics.MeanAbsoluteError(name="l1")])
out["names"] = m.metrics_names
h = m.fit(x, y, batch_size=3, epochs=2, shuffle=False, verbose=0, validation_split=0.3)
out["history"] = h.history
out["evaluate"] = [float(v) for v in m.evaluate(x, y, batch_size=4, verbose=0)]
y3 = np.eye(3, dtype="float32")[rng.randint(0, 3, 10)]
m3 = tf.keras.Sequential([L.Dense(3, activation="softmax", input_shape=(3,))])
m3.set_weights([rng.randn(3, 3).astype("float32"), np.zeros(3, "float32")])
m3.compile("adam", "categorical_crossentropy",
           metrics=[tf.keras.metrics.CategoricalAccuracy(),
                    tf.keras.metrics.TopKCategoricalAccuracy(k=2)])
out["cat_names"] = m3.metrics_names
out["cat_history"] = m3.fit(x, y3, batch_size=4, epochs=2, shuffle=False, verbose=0).history
""",
    "gan_freezing": """
L = tf.keras.layers
rng = np.random.RandomState(25)
d_in = tf.keras.Input((2,))
d = tf.keras.Model(d_in, L.Dense(1, activation="sigmoid", name="judge")(d_in), name="disc")
d.compile(tf.keras.optimizers.SGD(0.1), "binary_crossentropy")
z = tf.keras.Input((3,))
g = tf.keras.Sequential([L.Dense(2, input_shape=(3,), name="maker")], name="gen")
d.trainable = False
gan = tf.keras.Model(z, d(g(z)))
gan.compile(tf.keras.optimizers.SGD(0.1), "binary_crossentropy")
out["gan_trainable"] = [v.name for v in gan.trainable_weights]
out["gan_frozen"] = [v.name for v in gan.non_trainable_weights]
out["d_lists"] = [[v.name for v in d.trainable_weights], [v.name for v in d.non_trainable_weights]]
gan.set_weights([rng.randn(*w.shape.as_list()).astype("float32") for w in gan.weights])
zs = rng.randn(6, 3).astype("float32")
xs = rng.randn(6, 2).astype("float32")
before = [w.tolist() for w in d.get_weights()]
out["gan_loss"] = [float(gan.train_on_batch(zs, np.ones((6, 1)))) for _ in range(2)]
out["d_unchanged_by_gan"] = [w.tolist() for w in d.get_weights()] == before
out["d_loss"] = [float(d.train_on_batch(xs, np.zeros((6, 1)))) for _ in range(2)]
out["weights"] = [w.tolist() for w in gan.get_weights()]
""",
    "seeded_initial_weights": """
L = tf.keras.layers
tf.set_random_seed(1)
m = tf.keras.Sequential([L.Conv2D(2, 3, input_shape=(5, 5, 1), activation="relu"),
                         L.Flatten(), L.Dense(4, activation="tanh",
                                              kernel_initializer="he_normal"),
                         L.Dense(2, kernel_initializer=tf.keras.initializers.RandomNormal(seed=3),
                                 activation="softmax")])
out["conv_dense"] = [w.tolist() for w in m.get_weights()]
e = L.Embedding(6, 2)
e(tf.placeholder(tf.int32, [None, 3]))
out["embedding"] = e.get_weights()[0].tolist()
r = L.SimpleRNN(2, kernel_initializer="lecun_uniform")
r(tf.placeholder(tf.float32, [None, 3, 2]))
out["rnn_kernel"] = r.get_weights()[0].tolist()
""",
    "seeded_dropout_training": """
L = tf.keras.layers
tf.set_random_seed(2)
rng = np.random.RandomState(26)
x = rng.randn(12, 4).astype("float32")
y = np.eye(2, dtype="float32")[rng.randint(0, 2, 12)]
m = tf.keras.Sequential([L.Dense(8, activation="relu", input_shape=(4,)), L.Dropout(0.5),
                         L.Dense(2, activation="softmax")])
m.compile("adam", "categorical_crossentropy", metrics=["accuracy"])
h = m.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
out["history"] = h.history
out["weights"] = [w.tolist() for w in m.get_weights()]
""",
    "seeded_recurrent_and_shuffle": """
L = tf.keras.layers
tf.set_random_seed(3)
np.random.seed(4)
lstm = L.LSTM(2)
lstm(tf.placeholder(tf.float32, [None, 3, 2]))
out["lstm"] = [w.tolist() for w in lstm.get_weights()]
rng = np.random.RandomState(27)
x = rng.randn(10, 3).astype("float32")
y = rng.randn(10, 1).astype("float32")
m = tf.keras.Sequential([L.Dense(3, activation="relu", input_shape=(3,)), L.Dense(1)])
m.compile("sgd", "mse")
h = m.fit(x, y, batch_size=3, epochs=3, verbose=0)
out["shuffled_history"] = h.history
""",
    "subclassed_model": """
L = tf.keras.layers


class Net(tf.keras.Model):
    def __init__(self):
        super(Net, self).__init__()
        self.hidden = L.Dense(4, activation="tanh")
        self.out = L.Dense(1)

    def call(self, inputs):
        return self.out(self.hidden(inputs))


net = Net()
net.compile(tf.keras.optimizers.SGD(0.1), "mse")
rng = np.random.RandomState(28)
x = rng.randn(6, 2).astype("float32")
net.fit(x[:1], x[:1, :1], verbose=0, epochs=1)
net.set_weights([rng.randn(*w.shape.as_list()).astype("float32") for w in net.weights])
h = net.fit(x, x[:, :1] * 2.0, batch_size=3, epochs=2, shuffle=False, verbose=0)
lines = []
net.summary(print_fn=lines.append)
out["summary"] = lines
out["names"] = [net.name, [v.name for v in net.weights], [la.name for la in net.layers]]
out["history"] = h.history
out["output_shape"] = raises(lambda: net.output_shape)
""",
    "layer_dtypes": """
L = tf.keras.layers
x = tf.placeholder(tf.float64, [None, 3])
d = L.Dense(2)
y = d(x)
e = L.Embedding(5, 2)
ids = tf.placeholder(tf.int32, [None, 3])
b = L.BatchNormalization()
out["dtypes"] = [d.dtype, d.kernel.dtype.name, y.dtype.name, e.dtype, e(ids).dtype.name,
                 b(x).dtype.name, b.dtype, L.Dense(1, dtype="float64").dtype]
sess = tf.keras.backend.get_session()
out["value"] = sess.run(y, {x: np.ones((1, 3))}).dtype.name
""",
    "more_regularizing_layers": """
L = tf.keras.layers
K = tf.keras.backend
rng = np.random.RandomState(29)
xv = rng.randn(3, 4).astype("float32")
sv = rng.randn(2, 6, 3).astype("float32")
x = tf.placeholder(tf.float32, [None, 4])
seq = tf.placeholder(tf.float32, [None, 6, 3])
act = L.ActivityRegularization(l1=0.1, l2=0.2)
sep = L.SeparableConv1D(2, 3, depth_multiplier=2, padding="same")
outs = [L.GaussianDropout(0.3)(x), L.AlphaDropout(0.2)(x), act(x), L.ThresholdedReLU(0.5)(x),
        sep(seq)]
out["shapes"] = [o.shape.as_list() for o in outs]
out["sep_weights"] = [[v.name, v.shape.as_list()] for v in sep.weights]
sess = K.get_session()
sep.set_weights([rng.randn(*w.shape.as_list()).astype("float32") for w in sep.weights])
out["inference"] = [v.tolist() for v in sess.run(outs, {x: xv, seq: sv})]
out["activity_loss"] = [float(v) for v in sess.run(act.losses, {x: xv})]
trained = sess.run(outs[:2], {x: xv, K.learning_phase(): True})
out["training_differs"] = [bool(np.abs(t - xv).max() > 1e-6) for t in trained]
""",
    "multi_output_dicts": """
L = tf.keras.layers
rng = np.random.RandomState(30)
x = rng.randn(8, 3).astype("float32")
y1 = rng.randn(8, 1).astype("float32")
y2 = np.eye(2, dtype="float32")[rng.randint(0, 2, 8)]
inp = tf.keras.Input((3,))
h = L.Dense(4, activation="relu")(inp)
m = tf.keras.Model(inp, [L.Dense(1, name="value")(h), L.Dense(2, activation="softmax",
                                                               name="label")(h)])
m.set_weights([rng.randn(*w.shape.as_list()).astype("float32") for w in m.weights])
m.compile("sgd", loss={"label": "categorical_crossentropy", "value": "mse"},
          loss_weights={"value": 0.25}, metrics={"label": ["accuracy"]})
out["names"] = m.metrics_names
h = m.fit(x, {"value": y1, "label": y2}, batch_size=4, epochs=2, shuffle=False, verbose=0)
out["history"] = h.history
out["unknown_key"] = raises(lambda: m.compile("sgd", loss={"nope": "mse", "value": "mse",
                                                           "label": "mse"}))
""",
    "metrics_auc": """
L = tf.keras.layers
rng = np.random.RandomState(0)
x = rng.rand(64, 3).astype(np.float32)
y = (x.sum(1) + rng.rand(64) * 0.8 > 1.9).astype(np.float32)
kinds = {"roc": {}, "pr": {"curve": "PR"}, "ten": {"num_thresholds": 10},
         "minoring": {"summation_method": "minoring"},
         "pr_majoring": {"curve": "PR", "summation_method": "majoring"},
         "given": {"thresholds": [0.3, 0.5, 0.7]}}
for key, kw in kinds.items():
    m = tf.keras.Sequential([L.Dense(1, activation="sigmoid", input_shape=(3,))])
    m.set_weights([np.full((3, 1), 0.3, np.float32), np.zeros(1, np.float32)])
    m.compile("sgd", "binary_crossentropy", metrics=[tf.keras.metrics.AUC(**kw)])
    h = m.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0)
    out[key] = [h.history, m.evaluate(x, y, batch_size=32, verbose=0)]
out["names"] = m.metrics_names
out["bad_curve"] = raises(lambda: tf.keras.metrics.AUC(curve="XY"))
out["bad_summation"] = raises(lambda: tf.keras.metrics.AUC(summation_method="mean"))
""",
    "fit_on_datasets": """
L = tf.keras.layers
x = np.arange(36, dtype=np.float32).reshape(12, 3) / 36
y = (np.arange(12) % 2).astype(np.float32)
def model():
    m = tf.keras.Sequential([L.Dense(2, activation="relu", input_shape=(3,)),
                             L.Dense(1, activation="sigmoid")])
    m.set_weights([np.full((3, 2), 0.2, np.float32), np.zeros(2, np.float32),
                   np.full((2, 1), -0.3, np.float32), np.zeros(1, np.float32)])
    m.compile(tf.keras.optimizers.SGD(0.5), "binary_crossentropy", metrics=["acc"])
    return m
pairs = tf.data.Dataset.from_tensor_slices((x, y))
m = model()
h = m.fit(pairs.batch(5), epochs=2, verbose=0)
out["whole_epochs"] = [h.history, [w.tolist() for w in m.get_weights()]]
m = model()
h = m.fit(pairs.repeat().batch(4), steps_per_epoch=2, epochs=3, verbose=0,
          validation_data=pairs.batch(6), validation_steps=1)
out["steps_per_epoch"] = [h.history, [w.tolist() for w in m.get_weights()]]
out["evaluate"] = m.evaluate(pairs.batch(5), verbose=0)
out["evaluate_steps"] = m.evaluate(pairs.repeat().batch(5), steps=2, verbose=0)
out["predict"] = m.predict(tf.data.Dataset.from_tensor_slices(x).batch(5)).tolist()
out["predict_steps"] = m.predict(tf.data.Dataset.from_tensor_slices(x).batch(5), steps=1).tolist()
m = model()
h = m.fit(pairs.shuffle(12, seed=3).batch(4), epochs=2, verbose=0)
out["shuffled"] = [h.history, [w.tolist() for w in m.get_weights()]]
""",
}


# A fit with the TensorBoard callback writing into `logdir` (bound by the caller); its
# event file's scalars are what `tensorboard_scalars` reads back.
TENSORBOARD = """
L = tf.keras.layers
x = np.arange(24, dtype=np.float32).reshape(8, 3) / 24
y = (np.arange(8) % 2).astype(np.float32)
m = tf.keras.Sequential([L.Dense(1, activation="sigmoid", input_shape=(3,))])
m.set_weights([np.full((3, 1), 0.2, np.float32), np.zeros(1, np.float32)])
m.compile("sgd", "binary_crossentropy", metrics=["acc"])
m.fit(x, y, batch_size=3, epochs=2, verbose=0, shuffle=False, validation_data=(x, y),
      callbacks=[tf.keras.callbacks.TensorBoard(logdir + "/epochs")])
m.fit(x, y, batch_size=3, epochs=2, verbose=0, shuffle=False,
      callbacks=[tf.keras.callbacks.TensorBoard(logdir + "/batches", update_freq="batch")])
m.fit(x, y, batch_size=3, epochs=1, verbose=0, shuffle=False,
      callbacks=[tf.keras.callbacks.TensorBoard(logdir + "/samples", update_freq=5)])
"""


def tensorboard_scalars(tf, logdir: str) -> dict:
    """[step, tag, value] of each scalar TF's callback wrote, per log directory."""
    import glob
    import os

    with tf.Graph().as_default():
        exec(TENSORBOARD, {"tf": tf, "np": np, "logdir": logdir})
    out = {}
    for sub in ("epochs", "batches", "samples"):
        (path,) = glob.glob(os.path.join(logdir, sub, "events.out.tfevents.*"))
        out[sub] = [
            [e.step, v.tag, v.simple_value]
            for e in tf.train.summary_iterator(path)
            for v in e.summary.value
            if v.HasField("simple_value")
        ]
    return out


def main() -> None:
    tf = harness.import_tf1(legacy_keras=True)  # TF1's tf.keras is tf_keras
    import tempfile

    out = harness.run_programs(tf, PROGRAMS)
    with tempfile.TemporaryDirectory() as logdir:
        scalars = tensorboard_scalars(tf, logdir)
    harness.dump({"tensorflow": tf.__version__, "programs": out, "tensorboard": scalars})


if __name__ == "__main__":
    main()
