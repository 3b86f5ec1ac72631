"""Record what TF1's Keras does with raw TF ops applied to Keras tensors (dev-only):
functional models over `+`, slicing, `tf.concat`, `tf.reshape`, `tf.nn.*`, `tf.reduce_*`
on Keras tensors, which graph-mode Keras wraps in `TensorFlowOpLayer`s (`tf_op_layer_<op
name>`, TF 1.15's name and tf_keras' in graph mode alike): layer names and classes,
weights, outputs, fit losses, weight files, the model called again, configs.

    TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python tests/reference/tf1_keras_op_layers.py \
        > tests/unit/engine/fixtures/tf1_keras_op_layers.json
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

PREFIX = """
import os, tempfile
L = tf.keras.layers
rng = np.random.RandomState(0)
X = rng.randn(6, 4).astype("float32")
Y = rng.randn(6, 2).astype("float32")
W = [rng.randn(4, 2).astype("float32") * 0.5, np.array([0.1, -0.2], "float32")]
def described(model):
    return {"layers": [[la.name, type(la).__name__] for la in model.layers],
            "trainable": [w.name for w in model.trainable_weights],
            "weights": [w.name for w in model.weights]}
"""

PROGRAMS = {
    "add_slice": """
inp = tf.keras.Input((4,))
d = L.Dense(2)
out_t = d(inp) + inp[:, :2]
out["keras_tensor"] = tf.keras.backend.is_keras_tensor(out_t)
model = tf.keras.Model(inp, out_t)
d.set_weights(W)
out.update(described(model))
out["predict"] = model.predict(X).tolist()
out["output_shape"] = list(model.output_shape)
model.compile("sgd", "mse")
out["losses"] = model.fit(X, Y, batch_size=3, epochs=3, shuffle=False, verbose=0).history["loss"]
lines = []
model.summary(print_fn=lines.append)
out["summary"] = lines
out["after"] = [w.tolist() for w in model.get_weights()]
""",
    "op_chain": """
inp = tf.keras.Input((4,))
h = L.Dense(6, name="hidden")(inp)
c = tf.concat([h, tf.nn.relu(inp)], axis=1)
r = tf.reduce_sum(tf.reshape(c, [-1, 5, 2]), axis=1) * 2.0
o = L.Dense(1, name="head")(tf.nn.tanh(r))
model = tf.keras.Model(inp, o)
model.set_weights([np.linspace(-1, 1, 24, dtype="float32").reshape(4, 6),
                   np.zeros(6, "float32"),
                   np.array([[0.5], [-0.25]], "float32"), np.zeros(1, "float32")])
out.update(described(model))
out["shapes"] = [list(la.output_shape) if not isinstance(la.output_shape, list)
                 else [list(s) for s in la.output_shape] for la in model.layers]
out["predict"] = model.predict(X).tolist()
model.compile(tf.keras.optimizers.Adam(0.01), "mse")
out["losses"] = model.fit(X, Y[:, :1], batch_size=6, epochs=4, verbose=0).history["loss"]
out["evaluate"] = float(model.evaluate(X, Y[:, :1], verbose=0))
""",
    "weights_round_trip": """
inp = tf.keras.Input((4,))
d = L.Dense(2)
model = tf.keras.Model(inp, tf.reduce_mean(d(inp) * 3.0, axis=1, keepdims=True))
model.set_weights(W)
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "w.ckpt")
    model.save_weights(path)
    before = model.predict(X)
    model.set_weights([np.zeros_like(w) for w in W])
    out["zeroed"] = model.predict(X).tolist()
    model.load_weights(path)
    out["restored"] = model.predict(X).tolist()
    out["same"] = bool(np.allclose(before, model.predict(X)))
out.update(described(model))
""",
    "called_again": """
inp = tf.keras.Input((4,))
d = L.Dense(2)
model = tf.keras.Model(inp, tf.nn.sigmoid(d(inp)) - inp[:, 1:3])
model.set_weights(W)
inp2 = tf.keras.Input((4,))
out2 = model(inp2)
outer = tf.keras.Model(inp2, out2)
out["outer"] = described(outer)
out["predict"] = outer.predict(X).tolist()
""",
    "layer_on_raw_op": """
inp = tf.keras.Input((4,))
x = tf.square(inp) - 1.0
d = L.Dense(2)
o = d(x)
out["x_keras"] = tf.keras.backend.is_keras_tensor(x)
model = tf.keras.Model(inp, o)
d.set_weights(W)
out.update(described(model))
out["predict"] = model.predict(X).tolist()
""",
    "inside_a_layer_call": """
class Block(L.Layer):
    def build(self, input_shape):
        self.inner = L.Dense(2)
        super(Block, self).build(input_shape)
    def call(self, x):
        return self.inner(tf.nn.relu(x) * 2.0) + x[:, :2]
inp = tf.keras.Input((4,))
block = Block()
model = tf.keras.Model(inp, block(inp))
block.inner.set_weights(W)
# ops made in a layer's call stay its own: no op layer feeds the inner Dense, which is
# therefore never connected
out["inner_output"] = raises(lambda: block.inner.output)
out.update(described(model))
out["predict"] = model.predict(X).tolist()
""",
    "variable_operand": """
inp = tf.keras.Input((4,))
d = L.Dense(2)
v = tf.Variable([2.0, -1.0], name="scale")
# The op layer takes the variable's value now, as a constant: TF's Keras session does not
# initialize a variable Keras did not make, so the program does.
tf.keras.backend.get_session().run(v.initializer)
model = tf.keras.Model(inp, d(inp) * v)
d.set_weights(W)
out.update(described(model))
out["global"] = [w.name for w in tf.global_variables()]
out["predict"] = model.predict(X).tolist()
model.compile("sgd", "mse")
out["losses"] = model.fit(X, Y, batch_size=6, epochs=2, verbose=0).history["loss"]
out["scale"] = tf.keras.backend.get_value(v).tolist()
""",
    "split_shape_and_backend": """
inp = tf.keras.Input((6,))
a, b = tf.split(inp, 2, axis=1)
h = tf.reshape(a * b, [tf.shape(inp)[0], 3, 1])
model = tf.keras.Model(inp, [tf.reduce_max(h, axis=[1, 2]), tf.keras.backend.mean(b, axis=1)])
X6 = np.arange(12, dtype="float32").reshape(2, 6)
out.update(described(model))
out["predict"] = [p.tolist() for p in model.predict(X6)]
inp2 = tf.keras.Input((6,))
out["called"] = [p.tolist() for p in tf.keras.Model(inp2, model(inp2)).predict(X6)]
clone = tf.keras.Model.from_config(model.get_config())
out["clone"] = described(clone)
out["clone_predict"] = [p.tolist() for p in clone.predict(X6)]
""",
    "config_round_trip": """
inp = tf.keras.Input((4,))
d = L.Dense(2, name="dense")
model = tf.keras.Model(inp, tf.concat([d(inp), inp[:, :1] * 2.0], axis=-1))
model.set_weights(W)
config = model.get_config()
out["op_configs"] = [[la["class_name"], la["config"]["name"], sorted(la["config"])]
                     for la in config["layers"]]
clone = tf.keras.Model.from_config(config)
clone.set_weights(W)
out["clone"] = described(clone)
out["clone_predict"] = clone.predict(X).tolist()
again = tf.keras.models.model_from_json(model.to_json())
again.set_weights(W)
out["json_predict"] = again.predict(X).tolist()
""",
    "shared_multi": """
a = tf.keras.Input((4,)); b = tf.keras.Input((4,))
d = L.Dense(2)
x = d(a) * 2.0; y = d(b) - a[:, :2]
m = tf.keras.Model([a, b], [x + y, tf.reduce_sum(y, axis=1, keepdims=True)])
d.set_weights(W)
out.update(described(m))
out["predict"] = [p.tolist() for p in m.predict([X, X[::-1]])]
m.compile("sgd", ["mse", "mse"])
fit = m.fit([X, X[::-1]], [Y, Y[:, :1]], batch_size=3, epochs=2, shuffle=False, verbose=0,
            validation_split=0.5)
out["losses"] = fit.history
""",
    "nested": """
# a model's op layers called again make their ops in its scope (inner/tf_op_layer_add/add),
# so the outer raw ops are named as TF names them
i = tf.keras.Input((4,))
d = L.Dense(2)
inner = tf.keras.Model(i, tf.nn.relu(d(i)) + 1.0, name="inner")
d.set_weights(W)
o = tf.keras.Input((4,))
h = inner(o * 2.0)
outer = tf.keras.Model(o, tf.reduce_mean(h, axis=1) + inner(o)[:, 0])
out.update(described(outer))
out["predict"] = outer.predict(X).tolist()
""",
    "top_k_unstack": """
i = tf.keras.Input((4,))
vals, idx = tf.nn.top_k(i, k=2)
u = tf.unstack(vals, axis=1)
m = tf.keras.Model(i, [u[0] - u[1], tf.cast(idx, tf.float32)])
out.update(described(m))
out["predict"] = [p.tolist() for p in m.predict(X)]
out["shapes"] = [str(la.output_shape) for la in m.layers]
""",
    "placeholder_operand": """
# a placeholder is evaluated as a constant when the op is wrapped: it has no value
i = tf.keras.Input((4,))
p = tf.compat.v1.placeholder(tf.float32, [4])
out["raises"] = raises(lambda: tf.keras.Model(i, i * p))
""",
    "save_h5": """
i = tf.keras.Input((4,))
d = L.Dense(2)
m = tf.keras.Model(i, tf.concat([d(i), tf.square(i[:, :1])], axis=1) * 0.5)
d.set_weights(W)
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "m.h5")
    m.save(path)
    m2 = tf.keras.models.load_model(path)
    out.update(described(m2))
    out["predict"] = m2.predict(X).tolist()
""",
    "clone": """
i = tf.keras.Input((4,))
d = L.Dense(2)
m = tf.keras.Model(i, d(i) + i[:, 2:])
d.set_weights(W)
c = tf.keras.models.clone_model(m)
c.set_weights(W)
out.update(described(c))
out["predict"] = c.predict(X).tolist()
""",
    "called_twice": """
i = tf.keras.Input((4,))
d = L.Dense(2)
m = tf.keras.Model(i, d(i) * i[:, :2])
d.set_weights(W)
a = tf.keras.Input((4,)); b = tf.keras.Input((4,))
o = tf.keras.Model([a, b], m(a) + m(b))
out.update(described(o))
out["predict"] = o.predict([X, X * 2]).tolist()
""",
    "sequential_lambda": """
scaled = L.Lambda(lambda x: x * 2.0 + tf.reduce_sum(x, axis=1, keepdims=True))
m = tf.keras.Sequential([L.Dense(2, input_shape=(4,)), scaled])
m.layers[0].set_weights(W)
out.update(described(m))
out["predict"] = m.predict(X).tolist()
""",
    "variable_then_assign": """
# the model's outputs are the ops themselves: predict reads the variable as it is now
i = tf.keras.Input((4,))
v = tf.Variable([2.0, -1.0, 1.0, 0.5], name="scale")
tf.keras.backend.get_session().run(v.initializer)
m = tf.keras.Model(i, i * v)
tf.keras.backend.get_session().run(v.assign([1.0, 1.0, 1.0, 1.0]))
out["predict"] = m.predict(X).tolist()
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS, legacy_keras=True, prefix=PREFIX)
