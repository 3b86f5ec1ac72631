"""Record what TF1's custom getters do (dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_custom_getter.py \
        > tests/unit/engine/fixtures/tf1_custom_getter.json

The idioms TF1 code bases use `variable_scope(custom_getter=...)` and
`get_variable(custom_getter=...)` for: float32 storage for float16 layers (NVIDIA's
mixed-precision training), an evaluation copy of a network that reads exponential moving
averages, getters that rename or re-initialize, nested scopes' getters composed, a getter
given to get_variable replacing the scope's, what a getter is handed; and get_variable's
check of a value initializer against an explicit dtype.
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

PROGRAMS = {}
PROGRAMS["mixed_precision_storage"] = """
def float32_variable_storage_getter(getter, name, shape=None, dtype=None,
                                    initializer=None, regularizer=None,
                                    trainable=True, *args, **kwargs):
    storage_dtype = tf.float32 if trainable else dtype
    variable = getter(name, shape, dtype=storage_dtype, initializer=initializer,
                      regularizer=regularizer, trainable=trainable, *args, **kwargs)
    if trainable and dtype != tf.float32:
        variable = tf.cast(variable, dtype)
    return variable

tf.set_random_seed(1)
x = tf.constant(np.linspace(-1, 1, 12).reshape(3, 4), tf.float16)
with tf.variable_scope("fp32_vars", custom_getter=float32_variable_storage_getter):
    h = tf.layers.dense(x, 5, activation=tf.nn.relu)
    y = tf.layers.dense(h, 2)
loss = tf.reduce_mean(tf.square(tf.cast(y, tf.float32)))
grads = tf.gradients(loss, tf.trainable_variables())
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    out["dtypes"] = [v.dtype.base_dtype.name for v in tf.trainable_variables()]
    out["names"] = [v.op.name for v in tf.trainable_variables()]
    out["y_dtype"] = y.dtype.name
    out["y"] = s.run(y).astype(np.float32).tolist()
    out["grad_dtypes"] = [g.dtype.name for g in grads]
"""
PROGRAMS["ema_eval_copy"] = """
def net(x):
    with tf.variable_scope("net", reuse=tf.AUTO_REUSE):
        w = tf.get_variable("w", [2, 1], initializer=tf.ones_initializer())
        return tf.matmul(x, w)

x = tf.constant([[1.0, 2.0]])
loss = tf.reduce_sum(net(x))
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
ema = tf.train.ExponentialMovingAverage(0.5)
with tf.control_dependencies([train]):
    step = ema.apply(tf.trainable_variables())

def ema_getter(getter, name, *args, **kwargs):
    var = getter(name, *args, **kwargs)
    return ema.average(var)

with tf.variable_scope(tf.get_variable_scope(), reuse=True, custom_getter=ema_getter):
    averaged = net(x)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    for _ in range(3):
        s.run(step)
    out["live"] = s.run(net(x)).tolist()
    out["averaged"] = s.run(averaged).tolist()
    out["averaged_op"] = averaged.op.type
"""
PROGRAMS["nested_getters_compose"] = """
calls = []
def outer(getter, name, *args, **kwargs):
    calls.append("outer:" + name)
    return getter(name, *args, **kwargs) * 2.0
def inner(getter, name, *args, **kwargs):
    calls.append("inner:" + name)
    return getter(name, *args, **kwargs) + 1.0
with tf.variable_scope("a", custom_getter=outer):
    with tf.variable_scope("b", custom_getter=inner):
        v = tf.get_variable("v", [], initializer=tf.constant_initializer(3.0))
    w = tf.get_variable("w", [], initializer=tf.constant_initializer(3.0))
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    out["v"] = float(s.run(v))
    out["w"] = float(s.run(w))
out["calls"] = calls
out["variables"] = [x.op.name for x in tf.global_variables()]
"""
PROGRAMS["get_variable_getter_replaces_the_scopes"] = """
calls = []
def scoped(getter, name, *args, **kwargs):
    calls.append("scope")
    return getter(name, *args, **kwargs)
def given(getter, name, *args, **kwargs):
    calls.append("given")
    return getter(name, *args, **kwargs) * 10.0
with tf.variable_scope("s", custom_getter=scoped):
    v = tf.get_variable("v", [], initializer=tf.constant_initializer(1.5), custom_getter=given)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    out["v"] = float(s.run(v))
out["calls"] = calls
"""
PROGRAMS["what_a_getter_is_handed"] = """
seen = {}
def spy(getter, name, shape=None, dtype=None, initializer=None, regularizer=None,
        reuse=None, trainable=None, collections=None, **kwargs):
    seen.update(name=name, shape=list(shape) if shape is not None else None,
                dtype=dtype.name if dtype is not None else None,
                zeros=isinstance(initializer, tf.zeros_initializer),
                regularizer=regularizer is not None, reuse=str(reuse), trainable=trainable,
                constraint_given="constraint" in kwargs,
                keys=sorted(kwargs))
    return getter(name, shape=shape, dtype=dtype, initializer=initializer,
                  regularizer=regularizer, reuse=reuse, trainable=trainable,
                  collections=collections, **kwargs)
with tf.variable_scope("outer", initializer=tf.zeros_initializer(),
                       regularizer=tf.nn.l2_loss, custom_getter=spy):
    v = tf.get_variable("v", [2, 3])
out["seen"] = seen
out["losses"] = len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES))
"""
PROGRAMS["renaming_getter_and_no_constraint_parameter"] = """
def renaming(getter, name, shape, *args, **kwargs):
    return getter(name + "_renamed", shape, *args, **kwargs)
def narrow(getter, name, shape, dtype, initializer, regularizer, reuse, trainable,
           collections, caching_device, partitioner, validate_shape, use_resource,
           synchronization, aggregation):
    return getter(name, shape, dtype, initializer, regularizer, reuse, trainable,
                  collections, caching_device, partitioner, validate_shape, use_resource,
                  synchronization=synchronization, aggregation=aggregation)
with tf.variable_scope("r", custom_getter=renaming):
    a = tf.get_variable("a", [1])
with tf.variable_scope("n", custom_getter=narrow):
    b = tf.get_variable("b", [1], constraint=lambda t: t)
out["names"] = [v.op.name for v in tf.global_variables()]
out["b_is_variable"] = isinstance(b, tf.Variable)
"""
PROGRAMS["value_initializer_against_dtype"] = """
def attempt(**kwargs):
    with tf.Graph().as_default():
        try:
            tf.get_variable("v", **kwargs)
        except ValueError:
            return "ValueError"
out["int_list_float32"] = attempt(initializer=[1, 2], dtype=tf.float32)
out["f64_array_float32"] = attempt(initializer=np.array([1.0, 2.0]), dtype=tf.float32)
out["int_tensor_float32"] = attempt(initializer=tf.constant([1, 2]), dtype=tf.float32)
out["zero_int64"] = attempt(initializer=0, dtype=tf.int64)
out["float_list_float32"] = attempt(initializer=[1.0, 2.0], dtype=tf.float32)
with tf.variable_scope("half", dtype=tf.float16):
    v = tf.get_variable("v", initializer=[1.0, 2.0])
    w = tf.get_variable("w", [2])
out["dtypes"] = [v.dtype.base_dtype.name, w.dtype.base_dtype.name]
"""
PROGRAMS["template_getter"] = """
def scaled(getter, name, *args, **kwargs):
    return getter(name, *args, **kwargs) * 3.0
def layer(x):
    w = tf.get_variable("w", [], initializer=tf.constant_initializer(2.0))
    return x * w
t = tf.make_template("layer", layer, custom_getter_=scaled)
a, b = t(1.0), t(10.0)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    out["values"] = [float(v) for v in s.run([a, b])]
out["variables"] = [v.op.name for v in tf.global_variables()]
"""
PROGRAMS["not_callable"] = """
with tf.variable_scope("x", custom_getter=3):
    try:
        tf.get_variable("y", [1])
    except ValueError:
        out["in_scope"] = "ValueError"
try:
    tf.get_variable("z", [1], custom_getter="no")
except ValueError:
    out["given"] = "ValueError"
"""

if __name__ == "__main__":
    harness.main(PROGRAMS, legacy_keras=True)
