"""Record what TF 1.x's tf.keras computes for the generic RNN layer and its cells, the
attention layers, ConvLSTM2D, Conv3DTranspose and the locally connected layers (dev-only).

    TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python tests/reference/tf1_keras_rnn.py \
        > tests/unit/engine/fixtures/tf1_keras_rnn.json

As tests/reference/tf1_keras.py: each program is Keras code run unchanged but for the
module bound to `tf`, storing names, shapes, values, gradients and training histories in
`out[...]`; weights are set explicitly (`set_weights`), so trajectories compare number for
number. `tests/unit/engine/test_tf1_keras_rnn.py` runs the same text against graphgate.
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness


_HELPERS = """
L = tf.keras.layers
K = tf.keras.backend
def weigh(layers, rng):
    for la in layers:
        la.set_weights([np.asarray(rng.randn(*w.shape.as_list()), "float32") * 0.5
                        for w in la.weights])
def grads_of(loss, layers):
    ws = [w for la in layers for w in la.weights]
    return K.get_session().run(tf.gradients(loss, ws), FEEDS)
"""

PROGRAMS = {
    "generic_rnn": """
rng = np.random.RandomState(3)
xs = rng.randn(2, 5, 3).astype("float32")
x = tf.placeholder(tf.float32, [None, 5, 3])
FEEDS = {x: xs}
lstm = L.RNN(L.LSTMCell(4))
stacked = L.RNN([L.SimpleRNNCell(4, activation="relu"), L.GRUCell(2)],
                return_sequences=True, return_state=True)
back = L.RNN(L.GRUCell(3, reset_after=True), go_backwards=True, return_sequences=True)
y1 = lstm(x)
y2, s1, s2 = stacked(x)
y3 = back(x)
layers = (lstm, stacked, back)
out["names"] = [[v.name for v in la.weights] for la in layers]
out["shapes"] = [[v.shape.as_list() for v in la.weights] for la in layers]
out["out_shapes"] = [t.shape.as_list() for t in (y1, y2, s1, s2, y3)]
weigh(layers, rng)
sess = K.get_session()
out["values"] = [v.tolist() for v in sess.run([y1, y2, s1, s2, y3], FEEDS)]
loss = tf.reduce_sum(y1 * y1) + tf.reduce_sum(y2) + tf.reduce_sum(s1 * 0.3) + tf.reduce_sum(y3)
out["grads"] = [g.tolist() for g in grads_of(loss, layers)]
""",
    "rnn_states_and_masks": """
rng = np.random.RandomState(4)
xs = rng.randn(3, 4, 2).astype("float32")
xs[0, 2:] = 0.0
xs[2, 0] = 0.0
x = tf.placeholder(tf.float32, [None, 4, 2])
h0 = tf.placeholder(tf.float32, [None, 3])
c0 = tf.placeholder(tf.float32, [None, 3])
FEEDS = {x: xs, h0: rng.randn(3, 3).astype("float32"), c0: rng.randn(3, 3).astype("float32")}
masked = L.Masking(0.0)(x)
lstm = L.RNN(L.LSTMCell(3), return_sequences=True, return_state=True)
seq, h, c = lstm(masked, initial_state=[h0, c0])
simple = L.RNN(L.SimpleRNNCell(2), return_sequences=True, go_backwards=True)
s = simple(masked)
stack = L.RNN(L.StackedRNNCells([L.LSTMCell(2), L.LSTMCell(3)]), return_state=True)
last, *states = stack(x)
layers = (lstm, simple, stack)
out["names"] = [[v.name for v in la.weights] for la in layers]
out["n_states"] = [len(states), [len(s) for s in states]]
states = tf.nest.flatten(states)
out["state_shapes"] = [t.shape.as_list() for t in states]
weigh(layers, rng)
sess = K.get_session()
out["values"] = [v.tolist() for v in sess.run([seq, h, c, s, last, *states], FEEDS)]
loss = tf.reduce_sum(seq) + tf.reduce_sum(c) + tf.reduce_sum(s * s) + tf.reduce_sum(last)
out["grads"] = [g.tolist() for g in grads_of(loss, layers)]
""",
    "cells_called_alone": """
rng = np.random.RandomState(5)
x = tf.placeholder(tf.float32, [None, 3])
h = tf.placeholder(tf.float32, [None, 2])
c = tf.placeholder(tf.float32, [None, 2])
FEEDS = {x: rng.randn(4, 3).astype("float32"), h: rng.randn(4, 2).astype("float32"),
         c: rng.randn(4, 2).astype("float32")}
lstm, gru, simple = L.LSTMCell(2), L.GRUCell(2), L.SimpleRNNCell(2)
o1, (h1, c1) = lstm(x, [h, c])
o2, (h2,) = gru(x, [h])
o3, (h3,) = simple(x, [h])
cells = (lstm, gru, simple)
out["names"] = [[v.name for v in la.weights] for la in cells]
out["sizes"] = [lstm.state_size, gru.state_size, simple.state_size, lstm.units]
weigh(cells, rng)
out["values"] = [v.tolist() for v in K.get_session().run([o1, h1, c1, o2, h2, o3], FEEDS)]
""",
    "rnn_model_training": """
rng = np.random.RandomState(6)
xs = rng.randn(8, 5, 3).astype("float32")
ys = (xs.sum(axis=(1, 2)) > 0).astype("float32")
inp = tf.keras.Input((5, 3))
hidden = L.RNN([L.LSTMCell(4), L.SimpleRNNCell(3)], return_sequences=True)(inp)
hidden = L.RNN(L.GRUCell(2))(hidden)
model = tf.keras.Model(inp, L.Dense(1, activation="sigmoid")(hidden))
model.set_weights([np.asarray(rng.randn(*w.shape.as_list()), "float32") * 0.5
                   for w in model.weights])
model.compile(tf.keras.optimizers.SGD(0.5), "binary_crossentropy", metrics=["accuracy"])
hist = model.fit(xs, ys, batch_size=4, epochs=3, shuffle=False, verbose=0)
out["history"] = hist.history
out["weights"] = [w.tolist() for w in model.get_weights()]
out["names"] = [w.name for w in model.weights]
""",
    "attention": """
rng = np.random.RandomState(7)
q_ids = tf.placeholder(tf.int32, [None, 3])
v_ids = tf.placeholder(tf.int32, [None, 4])
FEEDS = {q_ids: np.array([[1, 2, 0], [3, 1, 2]]), v_ids: np.array([[2, 3, 1, 0], [1, 0, 0, 0]])}
emb = L.Embedding(5, 4, mask_zero=True)
qe, ve = emb(q_ids), emb(v_ids)
dot = L.Attention()
scaled = L.Attention(use_scale=True, causal=True)
add = L.AdditiveAttention()
plain_add = L.AdditiveAttention(use_scale=False)
a1 = dot([qe, ve])
a2 = scaled([qe, qe])
a3 = add([qe, ve, ve * 0.5])
a4 = plain_add([qe, ve])
layers = (emb, dot, scaled, add, plain_add)
out["names"] = [[v.name for v in la.weights] for la in layers]
out["shapes"] = [t.shape.as_list() for t in (a1, a2, a3, a4)]
weigh(layers, rng)
sess = K.get_session()
out["values"] = [v.tolist() for v in sess.run([a1, a2, a3, a4], FEEDS)]
pooled = L.GlobalAveragePooling1D()(a3)
out["pooled"] = sess.run(pooled, FEEDS).tolist()
loss = tf.reduce_sum(a1 * a1) + tf.reduce_sum(a2) + tf.reduce_sum(a3 * 2.0) + tf.reduce_sum(a4)
out["grads"] = [g.tolist() for g in grads_of(loss, layers[1:])]
out["errors"] = [raises(lambda: dot(qe)), raises(lambda: dot([qe]))]
""",
    "attention_model_training": """
rng = np.random.RandomState(8)
q = tf.keras.Input((3, 4))
v = tf.keras.Input((5, 4))
att = L.AdditiveAttention()([q, v])
dots = L.Attention(use_scale=True)([q, att])
model = tf.keras.Model([q, v], L.Dense(1)(L.Flatten()(dots)))
model.set_weights([np.asarray(rng.randn(*w.shape.as_list()), "float32") * 0.5
                   for w in model.weights])
model.compile(tf.keras.optimizers.SGD(0.05), "mse")
qs, vs = rng.randn(6, 3, 4).astype("float32"), rng.randn(6, 5, 4).astype("float32")
hist = model.fit([qs, vs], rng.randn(6, 1).astype("float32"), batch_size=3, epochs=3,
                 shuffle=False, verbose=0)
out["history"] = hist.history
out["weights"] = [w.tolist() for w in model.get_weights()]
""",
    "conv_and_local_layers": """
rng = np.random.RandomState(9)
x3 = tf.placeholder(tf.float32, [None, 2, 3, 3, 2])
x1 = tf.placeholder(tf.float32, [None, 6, 2])
x2 = tf.placeholder(tf.float32, [None, 5, 4, 2])
xt = tf.placeholder(tf.float32, [None, 3, 5, 5, 2])
FEEDS = {x3: rng.randn(2, 2, 3, 3, 2).astype("float32"),
         x1: rng.randn(2, 6, 2).astype("float32"),
         x2: rng.randn(2, 5, 4, 2).astype("float32"),
         xt: rng.randn(2, 3, 5, 5, 2).astype("float32")}
deconv_same = L.Conv3DTranspose(3, 2, strides=2, padding="same")
deconv_valid = L.Conv3DTranspose(2, (3, 2, 2), strides=(1, 2, 1), activation="relu")
local1 = L.LocallyConnected1D(3, 3, strides=2, activation="tanh")
local2 = L.LocallyConnected2D(2, (2, 3), strides=(2, 1))
convlstm = L.ConvLSTM2D(2, (3, 3), padding="same", return_sequences=True)
convlstm_valid = L.ConvLSTM2D(3, (2, 2), strides=(2, 2), go_backwards=True)
ys = [deconv_same(x3), deconv_valid(x3), local1(x1), local2(x2), convlstm(xt),
      convlstm_valid(xt)]
layers = (deconv_same, deconv_valid, local1, local2, convlstm, convlstm_valid)
out["names"] = [[v.name for v in la.weights] for la in layers]
out["shapes"] = [[v.shape.as_list() for v in la.weights] for la in layers]
out["out_shapes"] = [t.shape.as_list() for t in ys]
weigh(layers, rng)
sess = K.get_session()
out["values"] = [v.tolist() for v in sess.run(ys, FEEDS)]
loss = tf.add_n([tf.reduce_sum(y * y) * 0.1 for y in ys])
out["grads"] = [g.tolist() for g in grads_of(loss, layers)]
""",
    "custom_cell": """
class MinimalRNNCell(L.Layer):
    def __init__(self, units, **kwargs):
        self.units = units
        self.state_size = units
        super(MinimalRNNCell, self).__init__(**kwargs)

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units),
                                      initializer="uniform", name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, self.units),
                                                initializer="uniform",
                                                name="recurrent_kernel")
        self.built = True

    def call(self, inputs, states):
        prev_output = states[0]
        h = K.dot(inputs, self.kernel)
        output = h + K.dot(prev_output, self.recurrent_kernel)
        return output, [output]

rng = np.random.RandomState(10)
x = tf.placeholder(tf.float32, [None, 4, 3])
FEEDS = {x: rng.randn(2, 4, 3).astype("float32")}
layer = L.RNN(MinimalRNNCell(2), return_sequences=True)
y = layer(x)
stacked = L.RNN([MinimalRNNCell(3), MinimalRNNCell(2)], return_state=True)
z, s1, s2 = stacked(x)
layers = (layer, stacked)
out["names"] = [[v.name for v in la.weights] for la in layers]
weigh(layers, rng)
out["values"] = [v.tolist() for v in K.get_session().run([y, z, s1, s2], FEEDS)]
out["grads"] = [g.tolist() for g in grads_of(tf.reduce_sum(y * y) + tf.reduce_sum(z), layers)]
""",
    "bidirectional_rnn": """
rng = np.random.RandomState(13)
x = tf.placeholder(tf.float32, [None, 5, 3])
FEEDS = {x: rng.randn(2, 5, 3).astype("float32")}
b1 = L.Bidirectional(L.RNN(L.LSTMCell(4), return_sequences=True))
b2 = L.Bidirectional(L.RNN([L.GRUCell(2), L.SimpleRNNCell(3)]), merge_mode="sum")
b3 = L.Bidirectional(L.RNN(L.GRUCell(2, reset_after=True), return_state=True))
y1, y2, (y3, *s3) = b1(x), b2(x), b3(x)
layers = (b1, b2, b3)
out["names"] = [[v.name for v in la.weights] for la in layers]
out["shapes"] = [t.shape.as_list() for t in (y1, y2, y3, *s3)]
weigh(layers, rng)
out["values"] = [v.tolist() for v in K.get_session().run([y1, y2, y3, *s3], FEEDS)]
loss = tf.reduce_sum(y1 * y1) + tf.reduce_sum(y2) + tf.reduce_sum(y3) + tf.reduce_sum(s3[0] * s3[1])
out["grads"] = [g.tolist() for g in grads_of(loss, layers)]
""",
    "conv_and_local_training": """
rng = np.random.RandomState(14)
seq = tf.keras.Input((3, 4, 4, 2))
h = L.ConvLSTM2D(2, (3, 3), padding="same", return_sequences=True)(seq)
h = L.Conv3DTranspose(1, (1, 2, 2), strides=(1, 2, 2))(h)
video = tf.keras.Model(seq, L.Dense(1)(L.Flatten()(h)))
img = tf.keras.Input((6, 5, 2))
g = L.LocallyConnected2D(2, (2, 2), activation="tanh")(img)
g = L.Reshape((5 * 4, 2))(g)
g = L.LocallyConnected1D(1, 3, strides=2)(g)
local = tf.keras.Model(img, L.Dense(1, activation="sigmoid")(L.Flatten()(g)))
for model, x, y, loss in (
        (video, rng.randn(6, 3, 4, 4, 2), rng.randn(6, 1), "mse"),
        (local, rng.randn(6, 6, 5, 2), (rng.rand(6, 1) > 0.5) * 1.0, "binary_crossentropy")):
    model.set_weights([np.asarray(rng.randn(*w.shape.as_list()), "float32") * 0.2
                       for w in model.weights])
    model.compile(tf.keras.optimizers.SGD(0.01), loss)
    hist = model.fit(x.astype("float32"), y.astype("float32"), batch_size=3, epochs=3,
                     shuffle=False, verbose=0)
    out.setdefault("history", []).append(hist.history)
    out.setdefault("weights", []).append([w.tolist() for w in model.get_weights()])
""",
    "cudnn_on_cpu": """
x = tf.placeholder(tf.float32, [None, 5, 3])
def run(layer):
    y = layer(x)
    sess = K.get_session()
    return sess.run(y, {x: np.zeros((2, 5, 3), np.float32)})
out["lstm"] = raises(lambda: run(tf.compat.v1.keras.layers.CuDNNLSTM(4)))
out["gru"] = raises(lambda: run(tf.compat.v1.keras.layers.CuDNNGRU(4)))
""",
}


def main() -> None:
    tf = harness.import_tf1(legacy_keras=True)  # TF1's tf.keras is tf_keras
    out = harness.run_programs(tf, PROGRAMS, _HELPERS, before=tf.keras.backend.clear_session)
    harness.dump({"tensorflow": tf.__version__, "programs": out})


if __name__ == "__main__":
    main()
