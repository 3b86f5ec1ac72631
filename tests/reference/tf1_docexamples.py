"""The examples of TensorFlow's API documentation, as TF1 graph-mode programs
(dev-only; written by tests/reference/tf1_docexamples_extract.py from the docstrings of
every public tf.compat.v1 name graphgate has). Run unchanged with `tf` = graphgate by
tests/unit/engine/test_tf1_docexamples.py.

    /work/tfvenv/bin/python tests/reference/tf1_docexamples.py \
        > tests/unit/engine/fixtures/tf1_docexamples.json
"""

from __future__ import annotations

import numpy as np  # noqa: F401 - the programs' `np`, which the engine test binds from here

try:
    from tests.reference import harness
    from tests.reference.tf1_docexamples_prefix import PREFIX
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness
    from tf1_docexamples_prefix import PREFIX

# fmt: off
PROGRAMS = {
    'AggregationMethod': """

@tf.function
def example():
  x = tf.constant(1.0)
  y = x * 2.0
  z = y + y + y + y
  return tf.gradients(z, [x, y],
    aggregation_method=tf.AggregationMethod.EXPERIMENTAL_ACCUMULATE_N)
out['01 example()'] = show(example())
""",
    'DType': """

out['00 tf.constant(1, dtype=tf.int64)'] = show(tf.constant(1, dtype=tf.int64))
out['01 tf.constant(1.0).dtype'] = show(tf.constant(1.0).dtype)
""",
    'GradientTape': """

x = tf.constant(3.0)
with tf.GradientTape() as g:
  g.watch(x)
  y = x * x
dy_dx = g.gradient(y, x)
out['03 print(dy_dx)'] = show(dy_dx)
x = tf.constant(5.0)
with tf.GradientTape() as g:
  g.watch(x)
  with tf.GradientTape() as gg:
    gg.watch(x)
    y = x * x
  dy_dx = gg.gradient(y, x)  # dy_dx = 2 * x
d2y_dx2 = g.gradient(dy_dx, x)  # d2y_dx2 = 2
out['07 print(dy_dx)'] = show(dy_dx)
out['08 print(d2y_dx2)'] = show(d2y_dx2)
x = tf.constant(3.0)
with tf.GradientTape(persistent=True) as g:
  g.watch(x)
  y = x * x
  z = y * y
dz_dx = g.gradient(z, x)  # (4*x^3 at x = 3)
out['12 print(dz_dx)'] = show(dz_dx)
dy_dx = g.gradient(y, x)
out['14 print(dy_dx)'] = show(dy_dx)
x = tf.Variable(2.0)
w = tf.Variable(5.0)
out['19 print(dy_dx)'] = show(dy_dx)
""",
    'GradientTape (python 0)': """

a = tf.keras.layers.Dense(32)
b = tf.keras.layers.Dense(32)
out['= a'] = show(a)
out['= b'] = show(b)
""",
    'GradientTape.batch_jacobian (python 0)': """

with tf.GradientTape() as g:
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]], dtype=tf.float32)
    g.watch(x)
    y = x * x
batch_jacobian = g.batch_jacobian(y, x)
out['= g'] = show(g)
out['= x'] = show(x)
out['= y'] = show(y)
out['= batch_jacobian'] = show(batch_jacobian)
""",
    'GradientTape.gradient': """

x = tf.ragged.constant([[1.0, 2.0], [3.0]])
with tf.GradientTape() as g:
  g.watch(x)
  y = x * x
out['02 g.gradient(y, x)'] = show(g.gradient(y, x))
""",
    'GradientTape.jacobian (python 0)': """

with tf.GradientTape() as g:
    x = tf.constant([1.0, 2.0])
    g.watch(x)
    y = x * x
jacobian = g.jacobian(y, x)
out['= g'] = show(g)
out['= x'] = show(x)
out['= y'] = show(y)
out['= jacobian'] = show(jacobian)
""",
    'GradientTape.stop_recording': """

x = tf.constant(4.0)
with tf.GradientTape() as tape:
  with tape.stop_recording():
    y = x ** 2
dy_dx = tape.gradient(y, x)
out['03 print(dy_dx)'] = show(dy_dx)
""",
    'Graph (python 0)': """

g = tf.Graph()
with g.as_default():
    c = tf.constant(30.0)
    assert c.graph is g
out['= g'] = show(g)
""",
    'Graph.as_default (python 0)': """

g = tf.Graph()
with g.as_default():
    c = tf.constant(5.0)
    assert c.graph is g
with tf.Graph().as_default() as g:
    c = tf.constant(5.0)
    assert c.graph is g
out['= g'] = show(g)
""",
    'Graph.name_scope (python 0)': """

with tf.Graph().as_default() as g:
    c = tf.constant(5.0, name='c')
    assert c.op.name == 'c'
    c_1 = tf.constant(6.0, name='c')
    assert c_1.op.name == 'c_1'
    with g.name_scope('nested') as scope:
        nested_c = tf.constant(10.0, name='c')
        assert nested_c.op.name == 'nested/c'
        with g.name_scope('inner'):
            nested_inner_c = tf.constant(20.0, name='c')
            assert nested_inner_c.op.name == 'nested/inner/c'
        with g.name_scope('inner'):
            nested_inner_1_c = tf.constant(30.0, name='c')
            assert nested_inner_1_c.op.name == 'nested/inner_1/c'
            with g.name_scope(scope):
                nested_d = tf.constant(40.0, name='d')
                assert nested_d.op.name == 'nested/d'
                with g.name_scope(''):
                    e = tf.constant(50.0, name='e')
                    assert e.op.name == 'e'
out['= g'] = show(g)
out['= scope'] = show(scope)
""",
    'InteractiveSession (python 0)': """

sess = tf.compat.v1.InteractiveSession()
a = tf.constant(5.0)
b = tf.constant(6.0)
c = a * b
out['04 c.eval()'] = show(c.eval())
out['05 sess.close()'] = show(sess.close())
out['= sess'] = show(sess)
out['= a'] = show(a)
out['= b'] = show(b)
out['= c'] = show(c)
""",
    'InteractiveSession (python 1)': """

a = tf.constant(5.0)
b = tf.constant(6.0)
c = a * b
with tf.compat.v1.Session():
    print(c.eval())
out['= a'] = show(a)
out['= b'] = show(b)
out['= c'] = show(c)
""",
    'InteractiveSession.as_default (python 1)': """

sess = tf.compat.v1.Session()
out['04 sess.close()'] = show(sess.close())
out['= sess'] = show(sess)
""",
    'InteractiveSession.run (python 0)': """

a = tf.constant([10, 20])
b = tf.constant([1.0, 2.0])
out['= a'] = show(a)
out['= b'] = show(b)
""",
    'Tensor': """

c = tf.constant([[1.0, 2.0], [3.0, 4.0]])
d = tf.constant([[1.0, 1.0], [0.0, 1.0]])
e = tf.matmul(c, d)
out['03 print(e)'] = show(e)
out['04 type(e)'] = show(type(e))
out['05 print(e)'] = show(e)
""",
    'Tensor (python 0)': """

a = np.array([1, 2, 3])
b = tf.constant(a)
a[0] = 4
out['03 b'] = show(b)
out['= a'] = show(a)
out['= b'] = show(b)
""",
    'Tensor.get_shape': """

a = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
out['01 print(a.shape)'] = show(a.shape)
inputs = tf.keras.Input(shape = [10])
out['03 print(inputs.shape)'] = show(inputs.shape)
@tf.function
def my_matmul(a, b):
  result = a@b
  # the `print` executes during tracing.
  print("Result shape: ", result.shape)
  return result
f = my_matmul.get_concrete_function(
  tf.TensorSpec([None,3]),
  tf.TensorSpec([3,5]))
@tf.function
def my_fun(a):
  a = tf.ensure_shape(a, [5, 5])
  # the `print` executes during tracing.
  print("Result shape: ", a.shape)
  return a
cf = my_fun.get_concrete_function(
  tf.TensorSpec([None, None]))
""",
    'Tensor.set_shape': """

t = tf.constant([[1,2,3]])
t.set_shape([1, 3])
t.set_shape([1,None])
out['03 t.set_shape([1,5])'] = raises(lambda: show(t.set_shape([1, 5])))
t = tf.keras.Input(shape=[None, None, 3])
out['05 print(t.shape)'] = show(t.shape)
t.set_shape([None, 224, 224, None])
out['07 print(t.shape)'] = show(t.shape)
@tf.function
def load_image(filename):
  raw = tf.io.read_file(filename)
  image = tf.image.decode_png(raw, channels=3)
  # the `print` executes during tracing.
  print("Initial shape: ", image.shape)
  image.set_shape([28, 28, 3])
  print("Final shape: ", image.shape)
  return image
cf = load_image.get_concrete_function(
    tf.TensorSpec([], dtype=tf.string))
@tf.function
def my_parse(string_tensor):
  result = tf.io.parse_tensor(string_tensor, out_type=tf.float32)
  # the `print` executes during tracing.
  print("Initial shape: ", result.shape)
  result.set_shape([None, None])
  print("Final shape: ", result.shape)
  return result
concrete_parse = my_parse.get_concrete_function(
    tf.TensorSpec([], dtype=tf.string))
t = tf.ones([5,3], dtype=tf.float32)
serialized = tf.io.serialize_tensor(t)
out['14 print(serialized.dtype)'] = show(serialized.dtype)
out['15 print(serialized.shape)'] = show(serialized.shape)
t2 = concrete_parse(serialized)
out['17 print(t2.shape)'] = show(t2.shape)
t = tf.ones([5,5,5], dtype=tf.float32)
serialized = tf.io.serialize_tensor(t)
t2 = concrete_parse(serialized)
out['21 print(t2.shape)'] = show(t2.shape)
""",
    'Tensor.shape': """

t = tf.constant([1,2,3,4,5])
out['01 t.shape'] = show(t.shape)
""",
    'TensorArray': """

ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True, clear_after_read=False)
ta = ta.write(0, 10)
ta = ta.write(1, 20)
ta = ta.write(2, 30)
out['04 ta.read(0)'] = show(ta.read(0))
out['05 ta.read(1)'] = show(ta.read(1))
out['06 ta.read(2)'] = show(ta.read(2))
out['07 ta.stack()'] = show(ta.stack())
@tf.function
def fibonacci(n):
  ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
  ta = ta.unstack([0., 1.])

  for i in range(2, n):
    ta = ta.write(i, ta.read(i - 1) + ta.read(i - 2))

  return ta.stack()
out['09 fibonacci(7)'] = show(fibonacci(7))
v = tf.Variable(1)
@tf.function
def f(x):
  ta = tf.TensorArray(tf.int32, size=0, dynamic_size=True)
  for i in tf.range(x):
    v.assign_add(i)
    ta = ta.write(i, v)
  return ta.stack()
""",
    'TensorArray.stack': """

ta = tf.TensorArray(tf.int32, size=3)
ta = ta.write(0, tf.constant([1, 2]))
ta = ta.write(1, tf.constant([3, 4]))
ta = ta.write(2, tf.constant([5, 6]))
out['04 ta.stack()'] = show(ta.stack())
""",
    'TensorShape': """

t = tf.constant([[1,2,3],[4,5,6]])
out['01 t.shape'] = show(t.shape)
@tf.function
def get_dynamic_shape(t):
  print("tracing...")
  print(f"static shape is {t.shape}")
  return tf.shape(t)
result = get_dynamic_shape(tf.constant([[1, 1, 1], [0, 0, 0]]))
out['04 result'] = show(result)
cf1 = get_dynamic_shape.get_concrete_function(tf.TensorSpec(
                                              shape=[None, 2]))
out['06 cf1(tf.constant([[1.0, 0], [1, 0], [1, 0]]))'] = show(cf1(tf.constant([[1.0, 0], [1, 0], [1, 0]])))
cf2 = get_dynamic_shape.get_concrete_function(tf.TensorSpec(shape=None))
out['08 cf2(tf.constant([[[[[1.0, 0]]]]]))'] = show(cf2(tf.constant([[[[[1.0, 0]]]]])))
""",
    'TensorSpec': """

t = tf.constant([[1,2,3],[4,5,6]])
out['01 tf.TensorSpec.from_tensor(t)'] = show(tf.TensorSpec.from_tensor(t))
@tf.function(input_signature=[tf.TensorSpec([1, None])])
def constrained_foo(t):
  print("tracing...")
  return t
out['03 constrained_foo(tf.constant([[1.0, 2]]))'] = show(constrained_foo(tf.constant([[1.0, 2]])))
out['04 constrained_foo(tf.constant([[1.0, 2, 3, 4]]))'] = show(constrained_foo(tf.constant([[1.0, 2, 3, 4]])))
out['05 constrained_foo(tf.constant([[1.0, 2], [3, 4]]))'] = raises(lambda: show(constrained_foo(tf.constant([[1.0, 2], [3, 4]]))))
""",
    'TensorSpec.from_spec': """

spec = tf.TensorSpec(shape=[8, 3], dtype=tf.int32, name="OriginalName")
out['01 tf.TensorSpec.from_spec(spec, "NewName")'] = show(tf.TensorSpec.from_spec(spec, 'NewName'))
""",
    'TensorSpec.from_tensor': """

out['00 tf.TensorSpec.from_tensor(tf.constant([1, 2, 3]))'] = show(tf.TensorSpec.from_tensor(tf.constant([1, 2, 3])))
""",
    'Variable (python 2)': """

init_op = tf.compat.v1.global_variables_initializer()
with tf.compat.v1.Session() as sess:
    sess.run(init_op)
out['= init_op'] = show(init_op)
out['= sess'] = show(sess)
""",
    'Variable.eval (python 0)': """

v = tf.Variable([1, 2])
init = tf.compat.v1.global_variables_initializer()
with tf.compat.v1.Session() as sess:
    sess.run(init)
    print(v.eval(sess))
    print(v.eval())
out['= v'] = show(v)
out['= init'] = show(init)
out['= sess'] = show(sess)
""",
    'Variable.load (python 0)': """

v = tf.Variable([1, 2])
init = tf.compat.v1.global_variables_initializer()
with tf.compat.v1.Session() as sess:
    sess.run(init)
    v.load([2, 3], sess)
    print(v.eval(sess))
    v.load([3, 4], sess)
    print(v.eval())
out['= v'] = show(v)
out['= init'] = show(init)
out['= sess'] = show(sess)
""",
    'Variable.scatter_nd_add (python 0)': """

v = tf.Variable([1, 2, 3, 4, 5, 6, 7, 8])
indices = tf.constant([[4], [3], [1], [7]])
updates = tf.constant([9, 10, 11, 12])
out['03 v.scatter_nd_add(indices, updates)'] = show(v.scatter_nd_add(indices, updates))
out['04 v'] = show(v)
out['= v'] = show(v)
out['= indices'] = show(indices)
out['= updates'] = show(updates)
""",
    'Variable.scatter_nd_sub (python 0)': """

v = tf.Variable([1, 2, 3, 4, 5, 6, 7, 8])
indices = tf.constant([[4], [3], [1], [7]])
updates = tf.constant([9, 10, 11, 12])
out['03 v.scatter_nd_sub(indices, updates)'] = show(v.scatter_nd_sub(indices, updates))
out['04 v'] = show(v)
out['= v'] = show(v)
out['= indices'] = show(indices)
out['= updates'] = show(updates)
""",
    'Variable.scatter_nd_update (python 0)': """

v = tf.Variable([1, 2, 3, 4, 5, 6, 7, 8])
indices = tf.constant([[4], [3], [1], [7]])
updates = tf.constant([9, 10, 11, 12])
out['03 v.scatter_nd_update(indices, updates)'] = show(v.scatter_nd_update(indices, updates))
out['04 v'] = show(v)
out['= v'] = show(v)
out['= indices'] = show(indices)
out['= updates'] = show(updates)
""",
    'VariableAggregation': """

strategy = tf.distribute.MirroredStrategy(["GPU:0", "GPU:1"])
with strategy.scope():
  v = tf.Variable(5.0, aggregation=tf.VariableAggregation.MEAN)
@tf.function
def update_fn():
  return v.assign_add(1.0)
out['03 strategy.run(update_fn)'] = show(strategy.run(update_fn))
""",
    'abs': """

x = tf.constant([-2.25, 3.25])
out['01 tf.abs(x)'] = show(tf.abs(x))
x = tf.constant([[-2.25 + 4.75j], [-3.25 + 5.75j]])
out['03 tf.abs(x)'] = show(tf.abs(x))
""",
    'accumulate_n': """

a = tf.constant([[1, 2], [3, 4]])
b = tf.constant([[5, 0], [0, 6]])
out['02 tf.math.accumulate_n([a, b, a])'] = show(tf.math.accumulate_n([a, b, a]))
out['03 tf.math.accumulate_n([a, b, a], shape=[2, 2], tensor_dtype=tf.int32)'] = show(tf.math.accumulate_n([a, b, a], shape=[2, 2], tensor_dtype=tf.int32))
""",
    'acos': """

x = tf.constant([1.0, -0.5, 3.4, 0.2, 0.0, -2], dtype = tf.float32)
out['01 tf.math.acos(x)'] = show(tf.math.acos(x))
""",
    'add': """

x = [1, 2, 3, 4, 5]
y = 1
out['02 tf.add(x, y)'] = show(tf.add(x, y))
x = tf.convert_to_tensor([1, 2, 3, 4, 5])
y = tf.convert_to_tensor(1)
out['05 x + y'] = show(x + y)
x = [1, 2, 3, 4, 5]
y = tf.constant([1, 2, 3, 4, 5])
out['08 tf.add(x, y)'] = show(tf.add(x, y))
x = tf.constant([1, 2], dtype=tf.int8)
y = [2**7 + 1, 2**7 + 2]
out['11 tf.add(x, y)'] = show(tf.add(x, y))
x = np.ones(6).reshape(1, 2, 1, 3)
y = np.ones(6).reshape(2, 1, 3, 1)
out['14 tf.add(x, y).shape.as_list()'] = show(tf.add(x, y).shape.as_list())
x = np.ones([1, 2, 1, 4])
y = np.ones([3, 4])
out['17 tf.add(x, y).shape.as_list()'] = show(tf.add(x, y).shape.as_list())
""",
    'add_n': """

a = tf.constant([[3, 5], [4, 8]])
b = tf.constant([[1, 6], [2, 9]])
out['02 tf.math.add_n([a, b, a])'] = show(tf.math.add_n([a, b, a]))
""",
    'argsort': """

values = [1, 10, 26.9, 2.8, 166.32, 62.3]
sort_order = tf.argsort(values)
out['02 sort_order'] = show(sort_order)
sorted = tf.gather(values, sort_order)
mat = [[30,20,10],
       [20,10,30],
       [10,30,20]]
indices = tf.argsort(mat)
out['07 indices'] = show(indices)
out['08 tf.gather(mat, indices, batch_dims=-1)'] = show(tf.gather(mat, indices, batch_dims=-1))
""",
    'as_dtype': """

out['00 tf.as_dtype(2) # Enum value for float64.'] = show(tf.as_dtype(2))
out["01 tf.as_dtype('float')"] = show(tf.as_dtype('float'))
out['02 tf.as_dtype(np.int32)'] = show(tf.as_dtype(np.int32))
""",
    'as_string': """

out['00 tf.strings.as_string([3, 2])'] = show(tf.strings.as_string([3, 2]))
out['01 tf.strings.as_string([3.1415926, 2.71828], precision=2)'] = show(tf.strings.as_string([3.1415926, 2.71828], precision=2))
""",
    'asin (python 0)': """

x = tf.constant([1.047, 0.785])
y = tf.math.sin(x)
out['02 tf.math.asin(y)'] = show(tf.math.asin(y))
out['= x'] = show(x)
out['= y'] = show(y)
""",
    'atan (python 0)': """

x = tf.constant([1.047, 0.785])
y = tf.math.tan(x)
out['02 tf.math.atan(y)'] = show(tf.math.atan(y))
out['= x'] = show(x)
out['= y'] = show(y)
""",
    'atan2': """

x = [1., 1.]
y = [1., -1.]
out['02 print(tf.math.atan2(y, x) * (180 / np.pi))'] = show(tf.math.atan2(y, x) * (180 / np.pi))
""",
    'autograph.experimental.Feature (python 0)': """

optionals = tf.autograph.experimental.Feature.EQUALITY_OPERATORS
@tf.function(experimental_autograph_options=optionals)
def f(i):
    if i == 0:
        tf.print('i is zero')
out['= optionals'] = show(optionals)
""",
    'autograph.to_graph (python 0)': """

def foo(x):
    if x > 0:
        y = x * x
    else:
        y = -x
    return y
x = tf.constant(1)
out['= x'] = show(x)
""",
    'bitcast': """

a = [1., 2., 3.]
equality_cast = tf.cast(a, tf.complex128)
out['03 print(equality_cast)'] = show(equality_cast)
out['04 tf.bitcast(tf.constant(0xffffffff, dtype=tf.uint32), tf.uint8)'] = show(tf.bitcast(tf.constant(4294967295, dtype=tf.uint32), tf.uint8))
x = [1., 2., 3.]
y = [0., 2., 3.]
equality= tf.equal(x,y)
equality_cast = tf.cast(equality,tf.float32)
equality_bitcast = tf.bitcast(equality_cast,tf.uint8)
out['10 print(equality)'] = show(equality)
out['11 print(equality_cast)'] = show(equality_cast)
out['12 print(equality_bitcast)'] = show(equality_bitcast)
""",
    'boolean_mask (python 0)': """

tensor = [0, 1, 2, 3]
mask = np.array([True, False, True, False])
out['02 tf.boolean_mask(tensor, mask)'] = show(tf.boolean_mask(tensor, mask))
tensor = [[1, 2], [3, 4], [5, 6]]
mask = np.array([True, False, True])
out['05 tf.boolean_mask(tensor, mask)'] = show(tf.boolean_mask(tensor, mask))
out['= tensor'] = show(tensor)
out['= mask'] = show(mask)
""",
    'broadcast_dynamic_shape': """

shape_x = (1, 2, 3)
shape_y = (5, 1, 3)
out['02 tf.broadcast_dynamic_shape(shape_x, shape_y)'] = show(tf.broadcast_dynamic_shape(shape_x, shape_y))
""",
    'broadcast_static_shape': """

shape_x = tf.TensorShape([1, 2, 3])
shape_y = tf.TensorShape([5, 1 ,3])
out['02 tf.broadcast_static_shape(shape_x, shape_y)'] = show(tf.broadcast_static_shape(shape_x, shape_y))
""",
    'broadcast_to': """

x = tf.constant([[1, 2, 3]])   # Shape (1, 3,)
y = tf.broadcast_to(x, [2, 3])
out['02 print(y)'] = show(y)
x = tf.constant([1, 2, 3])   # Shape (3,)
y = tf.broadcast_to(x, [2, 3])
""",
    'case (python 0)': """

f1 = lambda: tf.constant(17)
f2 = lambda: tf.constant(23)
out['= f1'] = show(f1)
out['= f2'] = show(f2)
""",
    'cast': """

x = tf.constant([1.8, 2.2], dtype=tf.float32)
out['01 tf.cast(x, tf.int32)'] = show(tf.cast(x, tf.int32))
x = tf.constant([1.8, 2.2], dtype=tf.float32)
out['03 tf.dtypes.cast(x, tf.int32)'] = show(tf.dtypes.cast(x, tf.int32))
""",
    'ceil': """

out['00 tf.math.ceil([-1.7, -1.5, -0.2, 0.2, 1.5, 1.7, 2.0])'] = show(tf.math.ceil([-1.7, -1.5, -0.2, 0.2, 1.5, 1.7, 2.0]))
""",
    'clip_by_norm': """

some_nums = tf.constant([[1, 2, 3, 4, 5]], dtype=tf.float32)
out['01 tf.clip_by_norm(some_nums, 2.0)'] = show(tf.clip_by_norm(some_nums, 2.0))
""",
    'clip_by_value': """

t = tf.constant([[-10., -1., 0.], [0., 2., 10.]])
t2 = tf.clip_by_value(t, clip_value_min=-1, clip_value_max=1)
out['02 t2'] = show(t2)
t = tf.constant([[-1, 0., 10.], [-1, 0, 10]])
clip_min = [[2],[1]]
t3 = tf.clip_by_value(t, clip_value_min=clip_min, clip_value_max=100)
out['06 t3'] = show(t3)
t = tf.constant([[-1, 0., 10.], [-1, 0, 10]])
clip_min = [[[2, 1]]] # Has a third axis
t = tf.constant([[1, 2], [3, 4]], dtype=tf.int32)
""",
    'complex (python 0)': """

real = tf.constant([2.25, 3.25])
imag = tf.constant([4.75, 5.75])
out['02 tf.complex(real, imag)'] = show(tf.complex(real, imag))
out['= real'] = show(real)
out['= imag'] = show(imag)
""",
    'concat': """

t1 = [[1, 2, 3], [4, 5, 6]]
t2 = [[7, 8, 9], [10, 11, 12]]
out['02 tf.concat([t1, t2], 0)'] = show(tf.concat([t1, t2], 0))
out['03 tf.concat([t1, t2], 1)'] = show(tf.concat([t1, t2], 1))
t1 = [[[1, 2], [2, 3]], [[4, 4], [5, 3]]]
t2 = [[[7, 4], [8, 4]], [[2, 10], [15, 11]]]
out['06 tf.concat([t1, t2], -1)'] = show(tf.concat([t1, t2], -1))
""",
    'cond (python 1)': """

x = tf.constant(2)
y = tf.constant(5)
def f1():
    return tf.multiply(x, 17)
def f2():
    return tf.add(y, 23)
r = tf.cond(tf.less(x, y), f1, f2)
out['= x'] = show(x)
out['= y'] = show(y)
out['= r'] = show(r)
""",
    'config.experimental.list_physical_devices': """

physical_devices = tf.config.list_physical_devices('GPU')
out['01 print("Num GPUs:", len(physical_devices))'] = show(print('Num GPUs:', len(physical_devices)))
""",
    'config.run_functions_eagerly': """

def my_func(a):
 print(f'a: {a}')
 return a + a
a_fn = tf.function(my_func)
out['02 a_fn(tf.constant(1))'] = show(a_fn(tf.constant(1)))
out['03 a_fn(tf.constant(2))'] = show(a_fn(tf.constant(2)))
tf.config.run_functions_eagerly(True)
out['05 a_fn(tf.constant(2))'] = show(a_fn(tf.constant(2)))
tf.config.run_functions_eagerly(False)
""",
    'conj': """

x = tf.constant([-2.25 + 4.75j, 3.25 + 5.75j])
out['01 tf.math.conj(x)'] = show(tf.math.conj(x))
x = tf.constant([-2.25, 3.25])
out['03 tf.math.conj(x)'] = show(tf.math.conj(x))
""",
    'constant_initializer': """

value = [0, 1, 2, 3, 4, 5, 6, 7]
init = tf.compat.v1.constant_initializer(value)
with tf.compat.v1.Session():
  x = tf.compat.v1.get_variable('x', shape=[2, 4], initializer=init)
  x.initializer.run()
  print(x.eval())
with tf.compat.v1.Session():
  y = tf.compat.v1.get_variable('y', shape=[3, 4], initializer=init)
  y.initializer.run()
  print(y.eval())
init_verify = tf.compat.v1.constant_initializer(value, verify_shape=True)
value = [1., 2., 3., 4.]
initializer = tf.compat.v1.constant_initializer(
    value=value, dtype=tf.float32, verify_shape=True)
out['09 tf.Variable(initializer(shape=[2, 2]))'] = raises(lambda: show(tf.Variable(initializer(shape=[2, 2]))))
initializer = tf.compat.v1.constant_initializer(
    value=value, dtype=tf.float32, verify_shape=False)
out['11 tf.Variable(initializer(shape=[2, 2]))'] = show(tf.Variable(initializer(shape=[2, 2])))
value = [1., 2., 3., 4.]
initializer = tf.constant_initializer(value=value)
out['14 tf.Variable(initializer(shape=[2, 2], dtype=tf.float32))'] = show(tf.Variable(initializer(shape=[2, 2], dtype=tf.float32)))
""",
    'constant_initializer (python 0)': """

value = [0, 1, 2, 3, 4, 5, 6, 7]
initializer = tf.compat.v1.constant_initializer(value=value, dtype=tf.float32, verify_shape=False)
variable = tf.Variable(initializer(shape=[2, 4]))
out['= value'] = show(value)
out['= initializer'] = show(initializer)
out['= variable'] = show(variable)
""",
    'constant_initializer (python 1)': """

value = [0, 1, 2, 3, 4, 5, 6, 7]
initializer = tf.constant_initializer(value=value)
out['02 tf.Variable(initializer(shape=[2, 4], dtype=tf.float32))'] = show(tf.Variable(initializer(shape=[2, 4], dtype=tf.float32)))
out['= value'] = show(value)
out['= initializer'] = show(initializer)
""",
    'control_dependencies': """

@tf.function(
  input_signature=[tf.TensorSpec([None, None], tf.float32),
                   tf.TensorSpec([None, None], tf.float32)])
def my_assert_func_1(x, bias):
  # `tf.function` attempts to execute `tf.math.add` in parallel to
  # `assert_equal`. As a result an error can get raised from `tf.math.add`
  # without triggering the assertion error.
  tf.assert_equal(tf.shape(x)[1],
                  tf.shape(bias)[1],
                  message='bad shape')
  return x + bias
out['01 my_assert_func_1(tf.ones((2, 5)), tf.ones((2, 7)))'] = raises(lambda: show(my_assert_func_1(tf.ones((2, 5)), tf.ones((2, 7)))))
@tf.function(
  input_signature=[tf.TensorSpec([None, None], tf.float32),
                   tf.TensorSpec([None, None], tf.float32)])
def my_assert_func_2(x, bias):
  with tf.control_dependencies(
      [tf.assert_equal(tf.shape(x)[1],
                      tf.shape(bias)[1],
                      message='bad shape')]):
    return x + bias
out['03 my_assert_func_2(tf.ones((2, 5)), tf.ones((2, 7)))'] = raises(lambda: show(my_assert_func_2(tf.ones((2, 5)), tf.ones((2, 7)))))
""",
    'convert_to_tensor (python 0)': """

import numpy as np
def my_func(arg):
    arg = tf.convert_to_tensor(arg, dtype=tf.float32)
    return tf.matmul(arg, arg) + arg
value_1 = my_func(tf.constant([[1.0, 2.0], [3.0, 4.0]]))
value_2 = my_func([[1.0, 2.0], [3.0, 4.0]])
value_3 = my_func(np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32))
out['= value_1'] = show(value_1)
out['= value_2'] = show(value_2)
out['= value_3'] = show(value_3)
""",
    'count_nonzero (python 0)': """

x = tf.constant([[0, 1, 0], [1, 1, 0]])
out['01 tf.math.count_nonzero(x)'] = show(tf.math.count_nonzero(x))
out['02 tf.math.count_nonzero(x, 0)'] = show(tf.math.count_nonzero(x, 0))
out['03 tf.math.count_nonzero(x, 1)'] = show(tf.math.count_nonzero(x, 1))
out['04 tf.math.count_nonzero(x, 1, keepdims=True)'] = show(tf.math.count_nonzero(x, 1, keepdims=True))
out['05 tf.math.count_nonzero(x, [0, 1])'] = show(tf.math.count_nonzero(x, [0, 1]))
out['= x'] = show(x)
""",
    'count_nonzero (python 1)': """

x = tf.constant(['', 'a', '  ', 'b', ''])
out['01 tf.math.count_nonzero(x)'] = show(tf.math.count_nonzero(x))
out['= x'] = show(x)
""",
    'cumsum': """

x = tf.constant([2, 4, 6, 8])
out['01 tf.cumsum(x)'] = show(tf.cumsum(x))
y = tf.constant([[2, 4, 6, 8], [1,3,5,7]])
out['03 tf.cumsum(y, axis=0)'] = show(tf.cumsum(y, axis=0))
out['04 tf.cumsum(y, axis=1)'] = show(tf.cumsum(y, axis=1))
x = tf.constant([2, 4, 6, 8])
out['06 tf.cumsum(x, exclusive=True)'] = show(tf.cumsum(x, exclusive=True))
x = tf.constant([2, 4, 6, 8])
out['08 tf.cumsum(x, reverse=True)'] = show(tf.cumsum(x, reverse=True))
x = tf.constant([2, 4, 6, 8])
out['10 tf.cumsum(x, exclusive=True, reverse=True)'] = show(tf.cumsum(x, exclusive=True, reverse=True))
""",
    'custom_gradient': """

@tf.custom_gradient
def bar(x, y):
  def grad(upstream):
    dz_dx = y
    dz_dy = x
    return upstream * dz_dx, upstream * dz_dy
  z = x * y
  return z, grad
x = tf.constant(2.0, dtype=tf.float32)
y = tf.constant(3.0, dtype=tf.float32)
with tf.GradientTape(persistent=True) as tape:
  tape.watch(x)
  tape.watch(y)
  z = bar(x, y)
out['04 z'] = show(z)
out['05 tape.gradient(z, x)'] = show(tape.gradient(z, x))
out['06 tape.gradient(z, y)'] = show(tape.gradient(z, y))
weights = tf.Variable(tf.ones([2]))  # Trainable variable weights
@tf.custom_gradient
def linear_poly(x):
  # Creating polynomial
  poly = weights[1] * x + weights[0]

  def grad_fn(dpoly, variables):
    # dy/dx = weights[1] and we need to left multiply dpoly
    grad_xs = dpoly * weights[1]  # Scalar gradient

    grad_vars = []  # To store gradients of passed variables
    assert variables is not None
    assert len(variables) == 1
    assert variables[0] is weights
    # Manually computing dy/dweights
    dy_dw = dpoly * tf.stack([x ** 1, x ** 0])
    grad_vars.append(
        tf.reduce_sum(tf.reshape(dy_dw, [2, -1]), axis=1)
    )
    return grad_xs, grad_vars
  return poly, grad_fn
x = tf.constant([1., 2., 3.])
with tf.GradientTape(persistent=True) as tape:
  tape.watch(x)
  poly = linear_poly(x)
out['11 poly # poly = x + 1'] = show(poly)
out['12 tape.gradient(poly, x) # conventional scalar gradient dy/dx'] = show(tape.gradient(poly, x))
""",
    'custom_gradient (python 5)': """

x = tf.constant([0.3, 0.5], dtype=tf.float32)
@tf.custom_gradient
def test_func_with_stop_grad(x):

    @tf.function
    def _inner_func():
        return tf.stop_gradient(tf.random.shuffle(x))
    res = _inner_func()

    def grad(upstream):
        return upstream
    return (res, grad)
with tf.GradientTape() as g:
    g.watch(x)
    res = test_func_with_stop_grad(x)
out['03 g.gradient(res, x)'] = show(g.gradient(res, x))
out['= x'] = show(x)
out['= g'] = show(g)
out['= res'] = show(res)
""",
    'data.Dataset.apply': """

dataset = tf.data.Dataset.range(100)
def dataset_fn(ds):
  return ds.filter(lambda x: x < 5)
dataset = dataset.apply(dataset_fn)
out['03 [a.item() for a in _elements(dataset)]'] = show([a.item() for a in _elements(dataset)])
""",
    'data.Dataset.batch': """

dataset = tf.data.Dataset.range(8)
dataset = dataset.batch(3)
out['02 list(_elements(dataset))'] = show(list(_elements(dataset)))
dataset = tf.data.Dataset.range(8)
dataset = dataset.batch(3, drop_remainder=True)
out['05 list(_elements(dataset))'] = show(list(_elements(dataset)))
""",
    'data.Dataset.cache': """

dataset = tf.data.Dataset.range(5)
dataset = dataset.map(lambda x: x**2)
dataset = dataset.cache()
out['03 [a.item() for a in _elements(dataset)]'] = show([a.item() for a in _elements(dataset)])
out['04 [a.item() for a in _elements(dataset)]'] = show([a.item() for a in _elements(dataset)])
""",
    'data.Dataset.cache (python 0)': """

dataset = tf.data.Dataset.range(5)
dataset = dataset.cache('/path/to/file')
dataset = tf.data.Dataset.range(10)
dataset = dataset.cache('/path/to/file')
out['= dataset'] = show(dataset)
""",
    'data.Dataset.concatenate': """

a = tf.data.Dataset.range(1, 4)  # ==> [ 1, 2, 3 ]
b = tf.data.Dataset.range(4, 8)  # ==> [ 4, 5, 6, 7 ]
ds = a.concatenate(b)
out['03 [a.item() for a in _elements(ds)]'] = show([a.item() for a in _elements(ds)])
c = tf.data.Dataset.zip((a, b))
out['05 a.concatenate(c)'] = raises(lambda: show(a.concatenate(c)))
d = tf.data.Dataset.from_tensor_slices(["a", "b", "c"])
out['07 a.concatenate(d)'] = raises(lambda: show(a.concatenate(d)))
""",
    'data.Dataset.filter': """

dataset = tf.data.Dataset.from_tensor_slices([1, 2, 3])
dataset = dataset.filter(lambda x: x < 3)
out['02 [a.item() for a in _elements(dataset)]'] = show([a.item() for a in _elements(dataset)])
def filter_fn(x):
  return tf.math.equal(x, 1)
dataset = dataset.filter(filter_fn)
out['05 [a.item() for a in _elements(dataset)]'] = show([a.item() for a in _elements(dataset)])
""",
    'data.Dataset.flat_map': """

dataset = tf.data.Dataset.from_tensor_slices(
    [[1, 2, 3], [4, 5, 6], [7, 8, 9]])
dataset = dataset.flat_map(tf.data.Dataset.from_tensor_slices)
out['02 [a.item() for a in _elements(dataset)]'] = show([a.item() for a in _elements(dataset)])
""",
    'data.Dataset.from_tensor_slices': """

dataset = tf.data.Dataset.from_tensor_slices([1, 2, 3])
out['01 [a.item() for a in _elements(dataset)]'] = show([a.item() for a in _elements(dataset)])
dataset = tf.data.Dataset.from_tensor_slices([[1, 2], [3, 4]])
out['03 list(_elements(dataset))'] = show(list(_elements(dataset)))
dataset = tf.data.Dataset.from_tensor_slices(([1, 2], [3, 4], [5, 6]))
out['05 [(n0.item(), n1.item(), n2.item()) for n0, n1, n2 in _elements(dataset'] = show([(n0.item(), n1.item(), n2.item()) for n0, n1, n2 in _elements(dataset)])
dataset = tf.data.Dataset.from_tensor_slices({"a": [1, 2], "b": [3, 4]})
out["07 list(_elements(dataset)) == [{'a': 1, 'b': 3}, {'a': 2, 'b': 4}]"] = show(list(_elements(dataset)) == [{'a': 1, 'b': 3}, {'a': 2, 'b': 4}])
features = tf.constant([[1, 3], [2, 1], [3, 3]]) # ==> 3x2 tensor
labels = tf.constant(['A', 'B', 'A']) # ==> 3x1 tensor
dataset = Dataset.from_tensor_slices((features, labels))
features_dataset = Dataset.from_tensor_slices(features)
labels_dataset = Dataset.from_tensor_slices(labels)
dataset = Dataset.zip((features_dataset, labels_dataset))
batched_features = tf.constant([[[1, 3], [2, 3]],
                                [[2, 1], [1, 2]],
                                [[3, 3], [3, 2]]], shape=(3, 2, 2))
batched_labels = tf.constant([['A', 'A'],
                              ['B', 'B'],
                              ['A', 'B']], shape=(3, 2, 1))
dataset = Dataset.from_tensor_slices((batched_features, batched_labels))
for element in _elements(dataset):
    print(element)
""",
    'data.Dataset.from_tensors': """

dataset = tf.data.Dataset.from_tensors([1, 2, 3])
out['01 list(_elements(dataset))'] = show(list(_elements(dataset)))
dataset = tf.data.Dataset.from_tensors(([1, 2, 3], 'A'))
out['03 list(_elements(dataset))'] = show(list(_elements(dataset)))
example = tf.constant([1,2,3])
dataset = tf.data.Dataset.from_tensors(example).repeat(2)
out['06 list(_elements(dataset))'] = show(list(_elements(dataset)))
""",
    'data.Dataset.interleave': """

filenames = ["/var/data/file1.txt", "/var/data/file2.txt",
             "/var/data/file3.txt", "/var/data/file4.txt"]
dataset = tf.data.Dataset.from_tensor_slices(filenames)
def parse_fn(filename):
  return tf.data.Dataset.range(10)
dataset = dataset.interleave(lambda x:
    tf.data.TextLineDataset(x).map(parse_fn, num_parallel_calls=1),
    cycle_length=4, block_length=16)
dataset = Dataset.range(1, 6)  # ==> [ 1, 2, 3, 4, 5 ]
dataset = dataset.interleave(
    lambda x: Dataset.from_tensors(x).repeat(6),
    cycle_length=2, block_length=4)
out['06 [a.item() for a in _elements(dataset)]'] = show([a.item() for a in _elements(dataset)])
filenames = ["/var/data/file1.txt", "/var/data/file2.txt",
             "/var/data/file3.txt", "/var/data/file4.txt"]
dataset = tf.data.Dataset.from_tensor_slices(filenames)
dataset = dataset.interleave(lambda x: tf.data.TFRecordDataset(x),
    cycle_length=4, num_parallel_calls=tf.data.AUTOTUNE,
    deterministic=False)
""",
    'data.Dataset.map': """

dataset = Dataset.range(1, 6)  # ==> [ 1, 2, 3, 4, 5 ]
dataset = dataset.map(lambda x: x + 1)
out['02 [a.item() for a in _elements(dataset)]'] = show([a.item() for a in _elements(dataset)])
dataset = Dataset.range(5)
result = dataset.map(lambda x: x + 1)
elements = [(1, "foo"), (2, "bar"), (3, "baz")]
dataset = tf.data.Dataset.from_generator(
    lambda: elements, (tf.int32, tf.string))
result = dataset.map(lambda x_int, y_str: x_int)
out['08 [a.item() for a in _elements(result)]'] = show([a.item() for a in _elements(result)])
elements =  ([{"a": 1, "b": "foo"},
              {"a": 2, "b": "bar"},
              {"a": 3, "b": "baz"}])
dataset = tf.data.Dataset.from_generator(
    lambda: elements, {"a": tf.int32, "b": tf.string})
result = dataset.map(lambda d: str(d["a"]) + d["b"])
dataset = tf.data.Dataset.range(3)
def g(x):
  return tf.constant(37.0), tf.constant(["Foo", "Bar", "Baz"])
result = dataset.map(g)
out['15 result.element_spec'] = show(result.element_spec)
def h(x):
  return 37.0, ["Foo", "Bar"], np.array([1.0, 2.0], dtype=np.float64)
result = dataset.map(h)
out['18 result.element_spec'] = show(result.element_spec)
def i(x):
  return (37.0, [42, 16]), "foo"
result = dataset.map(i)
out['21 result.element_spec'] = show(result.element_spec)
d = tf.data.Dataset.from_tensor_slices(['hello', 'world'])
def upper_case_fn(t: tf.Tensor):
    return t.decode('utf-8').upper()
d = d.map(lambda x: tf.py_function(func=upper_case_fn,
          inp=[x], Tout=tf.string))
d = tf.data.Dataset.from_tensor_slices(['hello', 'world'])
def upper_case_fn(t: np.ndarray):
  return t.decode('utf-8').upper()
d = d.map(lambda x: tf.numpy_function(func=upper_case_fn,
          inp=[x], Tout=tf.string))
out['29 list(_elements(d))'] = show(list(_elements(d)))
dataset = Dataset.range(1, 6)  # ==> [ 1, 2, 3, 4, 5 ]
dataset = dataset.map(lambda x: x + 1,
    num_parallel_calls=tf.data.AUTOTUNE,
    deterministic=False)
""",
    'data.Dataset.padded_batch': """

A = (tf.data.Dataset
     .range(1, 5, output_type=tf.int32)
     .map(lambda x: tf.fill([x], x)))
B = A.padded_batch(2)
for element in _elements(B):
    print(element)
C = A.padded_batch(2, padded_shapes=5)
for element in _elements(C):
    print(element)
D = A.padded_batch(2, padded_shapes=5, padding_values=-1)
for element in _elements(D):
    print(element)
elements = [([1, 2, 3], [10]),
            ([4, 5], [11, 12])]
dataset = tf.data.Dataset.from_generator(
    lambda: iter(elements), (tf.int32, tf.int32))
dataset = dataset.padded_batch(2,
    padded_shapes=([4], [None]),
    padding_values=(-1, 100))
out['10 list(_elements(dataset))'] = show(list(_elements(dataset)))
E = tf.data.Dataset.zip((A, A)).padded_batch(2, padding_values=-1)
for element in _elements(E):
    print(element)
""",
    'data.Dataset.prefetch': """

dataset = tf.data.Dataset.range(3)
dataset = dataset.prefetch(2)
out['02 [a.item() for a in _elements(dataset)]'] = show([a.item() for a in _elements(dataset)])
""",
    'data.Dataset.range': """

ds = Dataset.range(5)
out['01 [a.item() for a in _elements(ds)]'] = show([a.item() for a in _elements(ds)])
ds = Dataset.range(2, 5)
out['03 [a.item() for a in _elements(ds)]'] = show([a.item() for a in _elements(ds)])
ds = Dataset.range(1, 5, 2)
out['05 [a.item() for a in _elements(ds)]'] = show([a.item() for a in _elements(ds)])
ds = Dataset.range(1, 5, -2)
out['07 [a.item() for a in _elements(ds)]'] = show([a.item() for a in _elements(ds)])
ds = Dataset.range(5, 1)
out['09 [a.item() for a in _elements(ds)]'] = show([a.item() for a in _elements(ds)])
ds = Dataset.range(5, 1, -2)
out['11 [a.item() for a in _elements(ds)]'] = show([a.item() for a in _elements(ds)])
ds = Dataset.range(2, 5, output_type=tf.int32)
out['13 [a.item() for a in _elements(ds)]'] = show([a.item() for a in _elements(ds)])
ds = Dataset.range(1, 5, 2, output_type=tf.float32)
out['15 [a.item() for a in _elements(ds)]'] = show([a.item() for a in _elements(ds)])
""",
    'data.Dataset.repeat': """

dataset = tf.data.Dataset.from_tensor_slices([1, 2, 3])
dataset = dataset.repeat(3)
out['02 [a.item() for a in _elements(dataset)]'] = show([a.item() for a in _elements(dataset)])
""",
    'data.Dataset.scan': """

dataset = tf.data.Dataset.range(10)
initial_state = tf.constant(0, dtype=tf.int64)
scan_func = lambda state, i: (state + i, state + i)
dataset = dataset.scan(initial_state=initial_state, scan_func=scan_func)
out['04 [a.item() for a in _elements(dataset)]'] = show([a.item() for a in _elements(dataset)])
""",
    'data.Dataset.shuffle (python 0)': """

dataset = tf.data.Dataset.range(3)
dataset = dataset.shuffle(3, reshuffle_each_iteration=True)
dataset = dataset.repeat(2)
dataset = tf.data.Dataset.range(3)
dataset = dataset.shuffle(3, reshuffle_each_iteration=False)
dataset = dataset.repeat(2)
out['= dataset'] = show(dataset)
""",
    'data.Dataset.shuffle (python 1)': """

dataset = tf.data.Dataset.range(3)
dataset = dataset.shuffle(3, reshuffle_each_iteration=True)
out['02 list(_elements(dataset))'] = show(list(_elements(dataset)))
out['03 list(_elements(dataset))'] = show(list(_elements(dataset)))
out['= dataset'] = show(dataset)
""",
    'data.Dataset.shuffle (python 2)': """

dataset = tf.data.Dataset.range(3)
dataset = dataset.shuffle(3, reshuffle_each_iteration=False)
out['02 list(_elements(dataset))'] = show(list(_elements(dataset)))
out['03 list(_elements(dataset))'] = show(list(_elements(dataset)))
out['= dataset'] = show(dataset)
""",
    'data.Dataset.shuffle (python 3)': """

dataset = tf.data.Dataset.range(20)
dataset = dataset.shuffle(dataset.cardinality())
out['= dataset'] = show(dataset)
""",
    'data.Dataset.skip': """

dataset = tf.data.Dataset.range(10)
dataset = dataset.skip(7)
out['02 [a.item() for a in _elements(dataset)]'] = show([a.item() for a in _elements(dataset)])
""",
    'data.Dataset.take': """

dataset = tf.data.Dataset.range(10)
dataset = dataset.take(3)
out['02 [a.item() for a in _elements(dataset)]'] = show([a.item() for a in _elements(dataset)])
""",
    'data.Dataset.unbatch': """

elements = [ [1, 2, 3], [1, 2], [1, 2, 3, 4] ]
dataset = tf.data.Dataset.from_generator(lambda: elements, tf.int64)
dataset = dataset.unbatch()
out['03 [a.item() for a in _elements(dataset)]'] = show([a.item() for a in _elements(dataset)])
""",
    'data.Dataset.zip': """

a = tf.data.Dataset.range(1, 4)  # ==> [ 1, 2, 3 ]
b = tf.data.Dataset.range(4, 7)  # ==> [ 4, 5, 6 ]
ds = tf.data.Dataset.zip(a, b)
out['03 [(i.item(), j.item()) for i, j in _elements(ds)]'] = show([(i.item(), j.item()) for i, j in _elements(ds)])
ds = tf.data.Dataset.zip(b, a)
out['05 [(i.item(), j.item()) for i, j in _elements(ds)]'] = show([(i.item(), j.item()) for i, j in _elements(ds)])
c = tf.data.Dataset.range(7, 13).batch(2)  # ==> [ [7, 8],
                                           #       [9, 10],
                                           #       [11, 12] ]
ds = tf.data.Dataset.zip(a, b, c)
for i, j, k in _elements(ds):
    print(i.item(), j.item(), k)
d = tf.data.Dataset.range(13, 15)  # ==> [ 13, 14 ]
ds = tf.data.Dataset.zip(a, d)
out['11 [(i.item(), j.item()) for i, j in _elements(ds)]'] = show([(i.item(), j.item()) for i, j in _elements(ds)])
""",
    'data.DatasetSpec': """

dataset = tf.data.Dataset.range(3)
out['01 tf.data.DatasetSpec.from_value(dataset)'] = show(tf.data.DatasetSpec.from_value(dataset))
""",
    'data.Iterator.from_structure (python 0)': """

dataset_range = Dataset.range(10)
dataset_evens = dataset_range.filter(lambda x: x % 2 == 0)
out['= dataset_range'] = show(dataset_range)
out['= dataset_evens'] = show(dataset_evens)
""",
    'data.Options': """

dataset = tf.data.Dataset.range(42)
options = tf.data.Options()
options.deterministic = False
dataset = dataset.with_options(options)
out['04 print(dataset.options().deterministic)'] = show(dataset.options().deterministic)
""",
    'data.ThreadingOptions (python 0)': """

options = tf.data.Options()
options.threading.private_threadpool_size = 10
out['= options'] = show(options)
""",
    'debugging.assert_shapes': """

n = 10
q = 3
d = 7
x = tf.zeros([n,q])
y = tf.ones([n,d])
param = tf.Variable([1.0, 2.0, 3.0])
scalar = 1.0
tf.debugging.assert_shapes([
 (x, ('N', 'Q')),
 (y, ('N', 'D')),
 (param, ('Q',)),
 (scalar, ()),
])
out["08 tf.debugging.assert_shapes([ (x, ('N', 'D')), (y, ('N', 'D')) ])"] = raises(lambda: show(tf.debugging.assert_shapes([(x, ('N', 'D')), (y, ('N', 'D'))])))
""",
    'debugging.is_non_decreasing': """

x1 = tf.constant([1.0, 1.0, 3.0])
out['01 tf.math.is_non_decreasing(x1)'] = show(tf.math.is_non_decreasing(x1))
x2 = tf.constant([3.0, 1.0, 2.0])
out['03 tf.math.is_non_decreasing(x2)'] = show(tf.math.is_non_decreasing(x2))
""",
    'debugging.is_strictly_increasing': """

x1 = tf.constant([1.0, 2.0, 3.0])
out['01 tf.math.is_strictly_increasing(x1)'] = show(tf.math.is_strictly_increasing(x1))
x2 = tf.constant([3.0, 1.0, 2.0])
out['03 tf.math.is_strictly_increasing(x2)'] = show(tf.math.is_strictly_increasing(x2))
""",
    'diag_part': """

x = [[[[1111,1112],[1121,1122]],
      [[1211,1212],[1221,1222]]],
     [[[2111, 2112], [2121, 2122]],
      [[2211, 2212], [2221, 2222]]]
     ]
out['01 tf.linalg.tensor_diag_part(x)'] = show(tf.linalg.tensor_diag_part(x))
out['02 tf.linalg.diag_part(x).shape'] = show(tf.linalg.diag_part(x).shape)
""",
    'distribute.MirroredStrategy': """

strategy = tf.distribute.MirroredStrategy(["GPU:0", "GPU:1"])
with strategy.scope():
  x = tf.Variable(1.)
out['02 x'] = show(x)
x = []
@tf.function  # Wrap the function with tf.function.
def create_variable():
  if not x:
    x.append(tf.Variable(1.))
  return x[0]
strategy = tf.distribute.MirroredStrategy(["GPU:0", "GPU:1"])
""",
    'distribute.MirroredStrategy (python 0)': """

my_strategy = tf.distribute.MirroredStrategy()
out['= my_strategy'] = show(my_strategy)
""",
    'distribute.ReplicaContext': """

strategy = tf.distribute.MirroredStrategy(['GPU:0', 'GPU:1'])
def func():
  replica_context = tf.distribute.get_replica_context()
  return replica_context.replica_id_in_sync_group
out['02 strategy.run(func)'] = show(strategy.run(func))
""",
    'distributions.Beta (python 0)': """

alpha = [1, 2, 3]
beta = [1, 2, 3]
x = [[0.1, 0.4, 0.5], [0.2, 0.3, 0.5]]
out['= alpha'] = show(alpha)
out['= beta'] = show(beta)
out['= x'] = show(x)
""",
    'distributions.Beta (python 1)': """

alpha = [[1.0], [2]]
beta = [3.0, 4, 5]
x = [0.2, 0.3, 0.5]
out['= alpha'] = show(alpha)
out['= beta'] = show(beta)
out['= x'] = show(x)
""",
    'distributions.Beta (python 2)': """

alpha = tf.constant(1.0)
beta = tf.constant(2.0)
out['= alpha'] = show(alpha)
out['= beta'] = show(beta)
""",
    'distributions.Categorical (python 1)': """

n = 10000.0
out['= n'] = show(n)
""",
    'distributions.Dirichlet (python 1)': """

alpha = [[1.0, 2, 3], [4, 5, 6]]
x = [0.2, 0.3, 0.5]
out['= alpha'] = show(alpha)
out['= x'] = show(x)
""",
    'distributions.Dirichlet (python 2)': """

alpha = tf.constant([1.0, 2.0, 3.0])
out['= alpha'] = show(alpha)
""",
    'distributions.DirichletMultinomial (python 1)': """

alpha = [1.0, 2.0, 3.0]
n = 2.0
out['= alpha'] = show(alpha)
out['= n'] = show(n)
""",
    'distributions.DirichletMultinomial (python 3)': """

alpha = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
n = [3.0, 3.0]
counts = [2.0, 1.0, 0.0]
out['= alpha'] = show(alpha)
out['= n'] = show(n)
out['= counts'] = show(counts)
""",
    'distributions.Distribution (python 1)': """

minval = 3.0
maxval = [[4.0, 6.0], [10.0, 12.0]]
out['= minval'] = show(minval)
out['= maxval'] = show(maxval)
""",
    'distributions.Gamma (python 1)': """

concentration = tf.constant(3.0)
rate = tf.constant(2.0)
out['= concentration'] = show(concentration)
out['= rate'] = show(rate)
""",
    'distributions.Multinomial (python 1)': """

logits = [-50.0, -43, 0]
out['= logits'] = show(logits)
""",
    'distributions.Multinomial (python 2)': """

p = [0.2, 0.3, 0.5]
out['= p'] = show(p)
""",
    'distributions.Multinomial (python 4)': """

p = [[0.1, 0.2, 0.7], [0.3, 0.3, 0.4]]
counts = [[2.0, 1, 1], [3, 1, 1]]
out['= p'] = show(p)
out['= counts'] = show(counts)
""",
    'distributions.StudentT (python 2)': """

df = tf.constant(2.0)
loc = tf.constant(2.0)
scale = tf.constant(11.0)
out['= df'] = show(df)
out['= loc'] = show(loc)
out['= scale'] = show(scale)
""",
    'div_no_nan': """

out['00 tf.constant(3.0) / 0.0'] = show(tf.constant(3.0) / 0.0)
out['01 tf.math.divide_no_nan(3.0, 0.0)'] = show(tf.math.divide_no_nan(3.0, 0.0))
out['02 tf.math.divide_no_nan(np.nan, 0.0)'] = show(tf.math.divide_no_nan(np.nan, 0.0))
""",
    'divide': """

x = tf.constant([16, 12, 11])
y = tf.constant([4, 6, 2])
out['02 tf.divide(x,y)'] = show(tf.divide(x, y))
""",
    'dynamic_partition (python 1)': """

partitions = 1
num_partitions = 2
data = [10, 20]
partitions = [0, 0, 1, 1, 0]
num_partitions = 2
data = [10, 20, 30, 40, 50]
out['= partitions'] = show(partitions)
out['= num_partitions'] = show(num_partitions)
out['= data'] = show(data)
""",
    'dynamic_stitch (python 2)': """

merged = [[1, 2], [11, 12], [21, 22], [31, 32], [41, 42], [51, 52], [61, 62]]
out['= merged'] = show(merged)
""",
    'dynamic_stitch (python 3)': """

x = tf.constant([0.1, -1.0, 5.2, 4.3, -1.0, 7.4])
condition_mask = tf.not_equal(x, tf.constant(-1.0))
partitioned_data = tf.dynamic_partition(x, tf.cast(condition_mask, tf.int32), 2)
partitioned_data[1] = partitioned_data[1] + 1.0
condition_indices = tf.dynamic_partition(tf.range(tf.shape(x)[0]), tf.cast(condition_mask, tf.int32), 2)
x = tf.dynamic_stitch(condition_indices, partitioned_data)
out['= x'] = show(x)
out['= condition_mask'] = show(condition_mask)
out['= partitioned_data'] = show(partitioned_data)
out['= condition_indices'] = show(condition_indices)
""",
    'edit_distance': """

hypothesis = tf.SparseTensor(
  [[0, 0, 0],
   [1, 0, 0]],
  ["a", "b"],
  (2, 1, 1))
truth = tf.SparseTensor(
  [[0, 1, 0],
   [1, 0, 0],
   [1, 0, 1],
   [1, 1, 0]],
   ["a", "b", "c", "a"],
   (2, 2, 2))
out['02 tf.edit_distance(hypothesis, truth, normalize=True)'] = show(tf.edit_distance(hypothesis, truth, normalize=True))
""",
    'einsum': """

m0 = tf.random.normal(shape=[2, 3])
m1 = tf.random.normal(shape=[3, 5])
e = tf.einsum('ij,jk->ik', m0, m1)
out['03 print(e.shape)'] = show(e.shape)
e = tf.einsum('ij,jk', m0, m1)  # output[i,k] = sum_j m0[i,j] * m1[j, k]
out['05 print(e.shape)'] = show(e.shape)
u = tf.random.normal(shape=[5])
v = tf.random.normal(shape=[5])
e = tf.einsum('i,i->', u, v)  # output = sum_i u[i]*v[i]
out['09 print(e.shape)'] = show(e.shape)
u = tf.random.normal(shape=[3])
v = tf.random.normal(shape=[5])
e = tf.einsum('i,j->ij', u, v)  # output[i,j] = u[i]*v[j]
out['13 print(e.shape)'] = show(e.shape)
m = tf.ones(2,3)
e = tf.einsum('ij->ji', m0)  # output[j,i] = m0[i,j]
out['16 print(e.shape)'] = show(e.shape)
m = tf.reshape(tf.range(9), [3,3])
diag = tf.einsum('ii->i', m)
out['19 print(diag.shape)'] = show(diag.shape)
trace = tf.einsum('ii', m)  # output[j,i] = trace(m) = sum_i m[i, i]
out['22 print(trace.shape)'] = show(trace.shape)
s = tf.random.normal(shape=[7,5,3])
t = tf.random.normal(shape=[7,3,2])
e = tf.einsum('bij,bjk->bik', s, t)
out['26 print(e.shape)'] = show(e.shape)
s = tf.random.normal(shape=[11, 7, 5, 3])
t = tf.random.normal(shape=[11, 7, 3, 2])
e =  tf.einsum('...ij,...jk->...ik', s, t)
out['30 print(e.shape)'] = show(e.shape)
s = tf.random.normal(shape=[11, 1, 5, 3])
t = tf.random.normal(shape=[1, 7, 3, 2])
e =  tf.einsum('...ij,...jk->...ik', s, t)
out['34 print(e.shape)'] = show(e.shape)
""",
    'enable_eager_execution (python 0)': """

out['00 tf.compat.v1.enable_eager_execution()'] = show(tf.compat.v1.enable_eager_execution())
""",
    'ensure_shape': """

x = tf.constant([[1, 2, 3],
                 [4, 5, 6]])
x = tf.ensure_shape(x, [2, 3])
x = tf.ensure_shape(x, [None, 3])
x = tf.ensure_shape(x, [2, None])
@tf.function
def f(tensor):
  print("Static-shape before:", tensor.shape)
  tensor = tf.ensure_shape(tensor, [None, 3])
  print("Static-shape after:", tensor.shape)
  return tensor
cf = f.get_concrete_function(tf.TensorSpec([None, None]))
cf(tf.zeros([3, 3])) # Passes
out['08 cf(tf.constant([1, 2, 3])) # fails'] = raises(lambda: show(cf(tf.constant([1, 2, 3]))))
@tf.function
def decode_image(png):
  image = tf.image.decode_png(png, channels=3)
  # the `print` executes during tracing.
  print("Initial shape: ", image.shape)
  image = tf.ensure_shape(image,[28, 28, 3])
  print("Final shape: ", image.shape)
  return image
concrete_decode = decode_image.get_concrete_function(
    tf.TensorSpec([], dtype=tf.string))
image = tf.random.uniform(maxval=255, shape=[28, 28, 3], dtype=tf.int32)
image = tf.cast(image,tf.uint8)
png = tf.image.encode_png(image)
image2 = concrete_decode(png)
out['15 print(image2.shape)'] = show(image2.shape)
image = tf.concat([image,image], axis=0)
out['17 print(image.shape)'] = show(image.shape)
png = tf.image.encode_png(image)
@tf.function
def bad_decode_image(png):
  image = tf.image.decode_png(png, channels=3)
  # the `print` executes during tracing.
  print("Initial shape: ", image.shape)
  # BAD: forgot to use the returned tensor.
  tf.ensure_shape(image,[28, 28, 3])
  print("Final shape: ", image.shape)
  return image
image = bad_decode_image(png)
out['22 print(image.shape)'] = show(image.shape)
""",
    'equal': """

x = tf.constant([2, 4])
y = tf.constant(2)
out['02 tf.math.equal(x, y)'] = show(tf.math.equal(x, y))
x = tf.constant([2, 4])
y = tf.constant([2, 4])
out['05 tf.math.equal(x, y)'] = show(tf.math.equal(x, y))
""",
    'erf': """

out['00 tf.math.erf([[1.0, 2.0, 3.0], [0.0, -1.0, -2.0]])'] = show(tf.math.erf([[1.0, 2.0, 3.0], [0.0, -1.0, -2.0]]))
""",
    'executing_eagerly': """

tf.compat.v1.enable_eager_execution()
out['01 print(tf.executing_eagerly())'] = show(tf.executing_eagerly())
@tf.function
def fn():
  with tf.init_scope():
    print(tf.executing_eagerly())
  print(tf.executing_eagerly())
out['03 fn()'] = show(fn())
tf.config.run_functions_eagerly(True)
@tf.function
def fn():
  with tf.init_scope():
    print(tf.executing_eagerly())
  print(tf.executing_eagerly())
out['06 fn()'] = show(fn())
tf.config.run_functions_eagerly(False)
def data_fn(x):
  print(tf.executing_eagerly())
  return x
dataset = tf.data.Dataset.range(100)
dataset = dataset.map(data_fn)
""",
    'executing_eagerly_outside_functions': """

tf.compat.v1.enable_eager_execution()
@tf.function
def func():
  # A function constructs TensorFlow graphs, it does not execute eagerly,
  # but the outer most context is still eager.
  assert not tf.executing_eagerly()
  return tf.compat.v1.executing_eagerly_outside_functions()
out['02 func()'] = show(func())
""",
    'exp': """

x = tf.constant(2.0)
out['01 tf.math.exp(x)'] = show(tf.math.exp(x))
x = tf.constant([2.0, 8.0])
out['03 tf.math.exp(x)'] = show(tf.math.exp(x))
x = tf.constant(1 + 1j)
out['05 tf.math.exp(x)'] = show(tf.math.exp(x))
""",
    'expand_dims': """

image = tf.zeros([10,10,3])
out['01 tf.expand_dims(image, axis=0).shape.as_list()'] = show(tf.expand_dims(image, axis=0).shape.as_list())
out['02 tf.expand_dims(image, axis=1).shape.as_list()'] = show(tf.expand_dims(image, axis=1).shape.as_list())
out['03 tf.expand_dims(image, -1).shape.as_list()'] = show(tf.expand_dims(image, -1).shape.as_list())
""",
    'fake_quant_with_min_max_vars': """

constant_input = tf.constant([[1.2, -0.3, 0.7], [2.1, 0.5, -1.0]], dtype=tf.float32)
min_val = -0.5
max_val = 0.8
num_bits = 8
narrow_range = False #False:for the quantization range [0; 2^num_bits - 1]
quantized_data = tf.quantization.fake_quant_with_min_max_vars(
  inputs=constant_input, min=min_val, max=max_val, num_bits=num_bits, narrow_range=narrow_range
)
out["06 print('Input:\\\\n', constant_input)"] = show(print('Input:\\n', constant_input))
out["07 print('Output:\\\\n', quantized_data)"] = show(print('Output:\\n', quantized_data))
""",
    'feature_column.numeric_column': """

data = {'a': [15, 9, 17, 19, 21, 18, 25, 30],
   'b': [5.0, 6.4, 10.5, 13.6, 15.7, 19.9, 20.3 , 0.0]}
a = tf.feature_column.numeric_column('a')
b = tf.feature_column.numeric_column('b')
a_buckets = tf.feature_column.bucketized_column(a,
   boundaries=[10, 15, 20, 25, 30])
feature_layer = tf.keras.layers.DenseFeatures([a_buckets, b])
out['05 print(feature_layer(data))'] = show(feature_layer(data))
""",
    'fill': """

out['00 tf.fill([2, 3], 9)'] = show(tf.fill([2, 3], 9))
""",
    'floor': """

x = tf.constant([1.3324, -1.5, 5.555, -2.532, 0.99, float("inf")])
out['01 tf.floor(x)'] = show(tf.floor(x))
""",
    'foldl (python 0)': """

elems = tf.constant([1, 2, 3, 4, 5, 6])
out['= elems'] = show(elems)
out['= sum'] = show(sum)
""",
    'foldr (python 0)': """

elems = [1, 2, 3, 4, 5, 6]
out['= elems'] = show(elems)
out['= sum'] = show(sum)
""",
    'function': """

@tf.function
def f(x, y):
  return x ** 2 + y
x = tf.constant([2, 3])
y = tf.constant([3, -2])
out['03 f(x, y)'] = show(f(x, y))
@tf.function
def f(x):
  if tf.reduce_sum(x) > 0:
    return x * x
  else:
    return -x // 2
@tf.function
def f():
  return x ** 2 + y
x = tf.constant([-2, -3])
y = tf.Variable([3, -2])
out['09 f()'] = show(f())
v = tf.Variable(1)
@tf.function
def f(x):
  for i in tf.range(x):
    v.assign_add(i)
out['13 v'] = show(v)
l = []
@tf.function
def f(x):
  for i in x:
    l.append(i + 1)    # Caution! Will only happen once when tracing
out['17 l'] = show(l)
@tf.function
def f(x):
  ta = tf.TensorArray(dtype=tf.int32, size=0, dynamic_size=True)
  for i in range(len(x)):
    ta = ta.write(i, x[i] + 1)
  return ta.stack()
@tf.function
def f(x):
  return x + 1
out['21 isinstance(f.get_concrete_function(1).graph, tf.Graph)'] = show(isinstance(f.get_concrete_function(1).graph, tf.Graph))
@tf.function
def f(x):
  return tf.abs(x)
f1 = f.get_concrete_function(1)
f2 = f.get_concrete_function(2)  # Slow - compiles new graph
out['25 f1 is f2'] = show(f1 is f2)
f1 = f.get_concrete_function(tf.constant(1))
f2 = f.get_concrete_function(tf.constant(2))  # Fast - reuses f1
out['28 f1 is f2'] = show(f1 is f2)
@tf.function
def f(x):
  return x + 1
vector = tf.constant([1.0, 1.0])
matrix = tf.constant([[3.0]])
out['32 f.get_concrete_function(vector) is f.get_concrete_function(matrix)'] = show(f.get_concrete_function(vector) is f.get_concrete_function(matrix))
@tf.function(
    input_signature=[tf.TensorSpec(shape=None, dtype=tf.float32)])
def f(x):
  return x + 1
vector = tf.constant([1.0, 1.0])
matrix = tf.constant([[3.0]])
out['36 f.get_concrete_function(vector) is f.get_concrete_function(matrix)'] = show(f.get_concrete_function(vector) is f.get_concrete_function(matrix))
class MyModule(tf.Module):
  def __init__(self):
    self.v = None

  @tf.function
  def __call__(self, x):
    if self.v is None:
      self.v = tf.Variable(tf.ones_like(x))
    return self.v * x
state = tf.Variable(1)
@tf.function
def f(x):
  state.assign_add(x)
out['41 state'] = show(state)
state = tf.constant(1)
@tf.function
def f(state, x):
  state += x
  return state
state = f(state, tf.constant(2))  # Pure functional style
out['45 state'] = show(state)
@tf.function
def f(a, b):
  print('this runs at trace time; a is', a, 'and b is', b)
  return b
out['47 f(1, tf.constant(1))'] = show(f(1, tf.constant(1)))
out['48 f(1, tf.constant(2))'] = show(f(1, tf.constant(2)))
out['49 f(2, tf.constant(1))'] = show(f(2, tf.constant(1)))
out['50 f(2, tf.constant(2))'] = show(f(2, tf.constant(2)))
""",
    'gather': """

params = tf.constant(['p0', 'p1', 'p2', 'p3', 'p4', 'p5'])
out['01 params[3]'] = show(params[3])
out['02 tf.gather(params, 3)'] = show(tf.gather(params, 3))
indices = [2, 0, 2, 5]
out['04 tf.gather(params, indices)'] = show(tf.gather(params, indices))
out['05 tf.gather(params, [[2, 0], [2, 5]])'] = show(tf.gather(params, [[2, 0], [2, 5]]))
params = tf.constant([[0, 1.0, 2.0],
                      [10.0, 11.0, 12.0],
                      [20.0, 21.0, 22.0],
                      [30.0, 31.0, 32.0]])
out['07 tf.gather(params, indices=[3, 1])'] = show(tf.gather(params, indices=[3, 1]))
out['08 tf.gather(params, indices=[2, 1], axis=1)'] = show(tf.gather(params, indices=[2, 1], axis=1))
def result_shape(p_shape, i_shape, axis=0):
  return p_shape[:axis] + i_shape + p_shape[axis+1:]
out['10 result_shape([1, 2, 3], [], axis=1)'] = show(result_shape([1, 2, 3], [], axis=1))
out['11 result_shape([1, 2, 3], [7], axis=1)'] = show(result_shape([1, 2, 3], [7], axis=1))
out['12 result_shape([1, 2, 3], [7, 5], axis=1)'] = show(result_shape([1, 2, 3], [7, 5], axis=1))
out['13 params.shape.as_list()'] = show(params.shape.as_list())
indices = tf.constant([[0, 2]])
out['15 tf.gather(params, indices=indices, axis=0).shape.as_list()'] = show(tf.gather(params, indices=indices, axis=0).shape.as_list())
out['16 tf.gather(params, indices=indices, axis=1).shape.as_list()'] = show(tf.gather(params, indices=indices, axis=1).shape.as_list())
params = tf.random.normal(shape=(5, 6, 7, 8))
indices = tf.random.uniform(shape=(10, 11), maxval=7, dtype=tf.int32)
result = tf.gather(params, indices, axis=2)
out['20 result.shape.as_list()'] = show(result.shape.as_list())
a, b = 0, 1
params = tf.constant([
    [0, 0, 1, 0, 2],
    [3, 0, 0, 0, 4],
    [0, 5, 0, 6, 0]])
indices = tf.constant([
    [2, 4],
    [0, 4],
    [1, 3]])
out['25 tf.gather(params, indices, axis=1, batch_dims=1)'] = show(tf.gather(params, indices, axis=1, batch_dims=1))
def manually_batched_gather(params, indices, axis):
  batch_dims=1
  result = []
  for p,i in zip(params, indices):
    r = tf.gather(p, i, axis=axis-batch_dims)
    result.append(r)
  return tf.stack(result)
def batched_result_shape(p_shape, i_shape, axis=0, batch_dims=0):
  return p_shape[:axis] + i_shape[batch_dims:] + p_shape[axis+1:]
out['29 batched_result_shape( p_shape=params.shape.as_list(), i_shape=indices.'] = show(batched_result_shape(p_shape=params.shape.as_list(), i_shape=indices.shape.as_list(), axis=1, batch_dims=1))
out['30 tf.gather(params, indices, axis=1, batch_dims=1).shape.as_list()'] = show(tf.gather(params, indices, axis=1, batch_dims=1).shape.as_list())
""",
    'gather_nd': """

out["00 tf.gather_nd(indices=[[0, 0], [1, 1]], params=[['a', 'b'], ['c', 'd']]"] = show(tf.gather_nd(indices=[[0, 0], [1, 1]], params=[['a', 'b'], ['c', 'd']]))
out["01 tf.gather_nd(indices=[[1], [0]], params=[['a', 'b', 'c'], ['d', 'e', '"] = show(tf.gather_nd(indices=[[1], [0]], params=[['a', 'b', 'c'], ['d', 'e', 'f']]))
out['02 tf.gather_nd( indices = [[0, 1], [1, 0], [2, 4], [3, 2], [4, 1]], para'] = show(tf.gather_nd(indices=[[0, 1], [1, 0], [2, 4], [3, 2], [4, 1]], params=tf.zeros([5, 7, 3])).shape.as_list())
out['03 tf.gather_nd( batch_dims=1, indices = [[1], [0], [4], [2], [1]], param'] = show(tf.gather_nd(batch_dims=1, indices=[[1], [0], [4], [2], [1]], params=tf.zeros([5, 7, 3])).shape.as_list())
params=tf.zeros([5, 7, 3])
indices=tf.zeros([5, 1])
batch_dims = 1
index_depth = indices.shape[-1]
batch_shape = indices.shape[:batch_dims]
assert params.shape[:batch_dims] == batch_shape
outer_shape = indices.shape[batch_dims:-1]
assert index_depth <= params.shape.rank
inner_shape = params.shape[batch_dims + index_depth:]
output_shape = batch_shape + outer_shape + inner_shape
out['14 output_shape.as_list()'] = show(output_shape.as_list())
out["15 tf.gather_nd(indices=[[1]], params=[[['a0', 'b0'], ['c0', 'd0']], [['a"] = show(tf.gather_nd(indices=[[1]], params=[[['a0', 'b0'], ['c0', 'd0']], [['a1', 'b1'], ['c1', 'd1']]]))
out["16 tf.gather_nd(indices=[[0, 1], [1, 0]], params=[[['a0', 'b0'], ['c0', '"] = show(tf.gather_nd(indices=[[0, 1], [1, 0]], params=[[['a0', 'b0'], ['c0', 'd0']], [['a1', 'b1'], ['c1', 'd1']]]))
out["17 tf.gather_nd(indices=[[0, 0, 1], [1, 0, 1]], params=[[['a0', 'b0'], ['"] = show(tf.gather_nd(indices=[[0, 0, 1], [1, 0, 1]], params=[[['a0', 'b0'], ['c0', 'd0']], [['a1', 'b1'], ['c1', 'd1']]]))
out["18 tf.gather_nd(indices=[[[0, 0]], [[0, 1]]], params=[['a', 'b'], ['c', '"] = show(tf.gather_nd(indices=[[[0, 0]], [[0, 1]]], params=[['a', 'b'], ['c', 'd']]))
out["19 tf.gather_nd(indices=[[[1]], [[0]]], params=[['a', 'b'], ['c', 'd']])"] = show(tf.gather_nd(indices=[[[1]], [[0]]], params=[['a', 'b'], ['c', 'd']]))
out["20 tf.gather_nd(indices=[[[1]], [[0]]], params=[[['a0', 'b0'], ['c0', 'd0"] = show(tf.gather_nd(indices=[[[1]], [[0]]], params=[[['a0', 'b0'], ['c0', 'd0']], [['a1', 'b1'], ['c1', 'd1']]]))
out["21 tf.gather_nd(indices=[[[0, 1], [1, 0]], [[0, 0], [1, 1]]], params=[[['"] = show(tf.gather_nd(indices=[[[0, 1], [1, 0]], [[0, 0], [1, 1]]], params=[[['a0', 'b0'], ['c0', 'd0']], [['a1', 'b1'], ['c1', 'd1']]]))
out['22 tf.gather_nd(indices=[[[0, 0, 1], [1, 0, 1]], [[0, 1, 1], [1, 1, 0]]],'] = show(tf.gather_nd(indices=[[[0, 0, 1], [1, 0, 1]], [[0, 1, 1], [1, 1, 0]]], params=[[['a0', 'b0'], ['c0', 'd0']], [['a1', 'b1'], ['c1', 'd1']]]))
out["23 tf.gather_nd(batch_dims=1, indices=[[1], [0]], params=[[['a0', 'b0'], "] = show(tf.gather_nd(batch_dims=1, indices=[[1], [0]], params=[[['a0', 'b0'], ['c0', 'd0']], [['a1', 'b1'], ['c1', 'd1']]]))
out["24 tf.gather_nd(batch_dims=1, indices=[[[1]], [[0]]], params=[[['a0', 'b0"] = show(tf.gather_nd(batch_dims=1, indices=[[[1]], [[0]]], params=[[['a0', 'b0'], ['c0', 'd0']], [['a1', 'b1'], ['c1', 'd1']]]))
out["25 tf.gather_nd(batch_dims=1, indices=[[[1, 0]], [[0, 1]]], params=[[['a0"] = show(tf.gather_nd(batch_dims=1, indices=[[[1, 0]], [[0, 1]]], params=[[['a0', 'b0'], ['c0', 'd0']], [['a1', 'b1'], ['c1', 'd1']]]))
""",
    'get_local_variable (python 0)': """

def foo():
    with tf.variable_scope('foo', reuse=tf.AUTO_REUSE):
        v = tf.get_variable('v', [1])
    return v
v1 = foo()
v2 = foo()
assert v1 == v2
out['= v1'] = show(v1)
out['= v2'] = show(v2)
""",
    'get_static_value': """

a = tf.constant(10)
out['01 print(tf.get_static_value(a))'] = show(tf.get_static_value(a))
b = tf.constant(20)
out['03 print(tf.get_static_value(tf.add(a, b)))'] = show(tf.get_static_value(tf.add(a, b)))
c = tf.Variable(30)
out['05 print(tf.get_static_value(c))'] = show(tf.get_static_value(c))
""",
    'get_static_value (python 0)': """

class Foo:

    def __init__(self):
        self.a = tf.Variable(1)
        self.b = tf.constant(2)

    @tf.function
    def bar(self, partial):
        packed = tf.raw_ops.Pack(values=[self.a, self.b])
        static_val = tf.get_static_value(packed, partial=partial)
        tf.print(static_val)
f = Foo()
out['02 f.bar(partial=True)'] = show(f.bar(partial=True))
out['03 f.bar(partial=False)'] = show(f.bar(partial=False))
out['= f'] = show(f)
""",
    'get_variable (python 0)': """

def foo():
    with tf.variable_scope('foo', reuse=tf.AUTO_REUSE):
        v = tf.get_variable('v', [1])
    return v
v1 = foo()
v2 = foo()
assert v1 == v2
out['= v1'] = show(v1)
out['= v2'] = show(v2)
""",
    'grad_pass_through (python 0)': """

x = tf.Variable(1.0, name='x')
z = tf.Variable(3.0, name='z')
with tf.GradientTape() as tape:
    y = tf.grad_pass_through(x.assign)(z ** 2)
out['= x'] = show(x)
out['= z'] = show(z)
out['= tape'] = show(tape)
out['= y'] = show(y)
""",
    'histogram_fixed_width': """

nbins = 5
value_range = [0.0, 5.0]
new_values = [-1.0, 0.0, 1.5, 2.0, 5.0, 15]
hist = tf.histogram_fixed_width(new_values, value_range, nbins=5)
out['04 hist'] = show(hist)
""",
    'histogram_fixed_width_bins': """

nbins = 5
value_range = [0.0, 5.0]
new_values = [-1.0, 0.0, 1.5, 2.0, 5.0, 15]
indices = tf.histogram_fixed_width_bins(new_values, value_range, nbins=5)
out['04 indices'] = show(indices)
""",
    'identity': """

a = tf.constant([0.78])
a_identity = tf.identity(a)
out['02 a'] = show(a)
out['03 a_identity'] = show(a_identity)
a = tf.Variable(5)
a_identity = tf.identity(a)
out['06 a.assign_add(1)'] = show(a.assign_add(1))
out['07 print(a)'] = show(a)
out['08 print(a_identity)'] = show(a_identity)
with tf.device("/gpu:0"):
  x_on_gpu = tf.constant(1)
with tf.device("/cpu:0"):
  x_on_cpu = tf.identity(x_on_gpu)
out['11 x_on_cpu.device'] = show(x_on_cpu.device)
""",
    'imag (python 0)': """

x = tf.constant([-2.25 + 4.75j, 3.25 + 5.75j])
out['01 tf.math.imag(x)'] = show(tf.math.imag(x))
out['= x'] = show(x)
""",
    'image.adjust_brightness': """

x = [[[1.0, 2.0, 3.0],
      [4.0, 5.0, 6.0]],
    [[7.0, 8.0, 9.0],
      [10.0, 11.0, 12.0]]]
out['01 tf.image.adjust_brightness(x, delta=0.1)'] = show(tf.image.adjust_brightness(x, delta=0.1))
""",
    'image.adjust_contrast': """

x = [[[1.0, 2.0, 3.0],
      [4.0, 5.0, 6.0]],
    [[7.0, 8.0, 9.0],
      [10.0, 11.0, 12.0]]]
out['01 tf.image.adjust_contrast(x, 2.)'] = show(tf.image.adjust_contrast(x, 2.0))
""",
    'image.adjust_gamma': """

x = [[[1.0, 2.0, 3.0],
      [4.0, 5.0, 6.0]],
    [[7.0, 8.0, 9.0],
      [10.0, 11.0, 12.0]]]
out['01 tf.image.adjust_gamma(x, 0.2)'] = show(tf.image.adjust_gamma(x, 0.2))
""",
    'image.adjust_hue': """

x = [[[1.0, 2.0, 3.0],
      [4.0, 5.0, 6.0]],
    [[7.0, 8.0, 9.0],
      [10.0, 11.0, 12.0]]]
out['01 tf.image.adjust_hue(x, 0.2)'] = show(tf.image.adjust_hue(x, 0.2))
image = [[[1, 2, 3], [4, 5, 6]],
         [[7, 8, 9], [10, 11, 12]],
         [[13, 14, 15], [16, 17, 18]]]
image = tf.constant(image)
out['04 tf.image.adjust_hue(image, 0.2)'] = show(tf.image.adjust_hue(image, 0.2))
""",
    'image.adjust_saturation': """

x = [[[1.0, 2.0, 3.0],
      [4.0, 5.0, 6.0]],
    [[7.0, 8.0, 9.0],
      [10.0, 11.0, 12.0]]]
out['01 tf.image.adjust_saturation(x, 0.5)'] = show(tf.image.adjust_saturation(x, 0.5))
""",
    'image.central_crop': """

x = [[[1.0, 2.0, 3.0],
      [4.0, 5.0, 6.0],
      [7.0, 8.0, 9.0],
      [10.0, 11.0, 12.0]],
    [[13.0, 14.0, 15.0],
      [16.0, 17.0, 18.0],
      [19.0, 20.0, 21.0],
      [22.0, 23.0, 24.0]],
    [[25.0, 26.0, 27.0],
      [28.0, 29.0, 30.0],
      [31.0, 32.0, 33.0],
      [34.0, 35.0, 36.0]],
    [[37.0, 38.0, 39.0],
      [40.0, 41.0, 42.0],
      [43.0, 44.0, 45.0],
      [46.0, 47.0, 48.0]]]
out['01 tf.image.central_crop(x, 0.5)'] = show(tf.image.central_crop(x, 0.5))
""",
    'image.convert_image_dtype': """

x = [[[1, 2, 3], [4, 5, 6]],
     [[7, 8, 9], [10, 11, 12]]]
x_int8 = tf.convert_to_tensor(x, dtype=tf.int8)
out['02 tf.image.convert_image_dtype(x_int8, dtype=tf.float16, saturate=False)'] = show(tf.image.convert_image_dtype(x_int8, dtype=tf.float16, saturate=False))
a = [[[1], [2]], [[3], [4]]]
a_int8 = tf.convert_to_tensor(a, dtype=tf.int8)
out['05 tf.image.convert_image_dtype(a_int8, dtype=tf.float32)'] = show(tf.image.convert_image_dtype(a_int8, dtype=tf.float32))
a_int32 = tf.convert_to_tensor(a, dtype=tf.int32)
out['07 tf.image.convert_image_dtype(a_int32, dtype=tf.float32)'] = show(tf.image.convert_image_dtype(a_int32, dtype=tf.float32))
b = [[[0.12], [0.34]], [[0.56], [0.78]]]
b_float32 = tf.convert_to_tensor(b, dtype=tf.float32)
b_int8 = tf.image.convert_image_dtype(b_float32, dtype=tf.int8)
out['11 tf.image.convert_image_dtype(b_int8, dtype=tf.float32)'] = show(tf.image.convert_image_dtype(b_int8, dtype=tf.float32))
c = [[[1], [2]], [[127], [127]]]
c_int8 = tf.convert_to_tensor(c, dtype=tf.int8)
c_int16 = tf.image.convert_image_dtype(c_int8, dtype=tf.int16)
out['15 print(c_int16)'] = show(c_int16)
c_int8_back = tf.image.convert_image_dtype(c_int16, dtype=tf.int8)
out['17 print(c_int8_back)'] = show(c_int8_back)
d = [[[1000], [2000]], [[3000], [4000]]]
d_int16 = tf.convert_to_tensor(d, dtype=tf.int16)
d_uint8 = tf.image.convert_image_dtype(d_int16, dtype=tf.uint8)
d_int16_back = tf.image.convert_image_dtype(d_uint8, dtype=tf.int16)
out['22 print(d_int16_back)'] = show(d_int16_back)
""",
    'image.crop_to_bounding_box': """

image = tf.constant(np.arange(1, 28, dtype=np.float32), shape=[3, 3, 3])
out['01 image[:,:,0] # print the first channel of the 3-D tensor'] = show(image[:, :, 0])
cropped_image = tf.image.crop_to_bounding_box(image, 0, 0, 2, 2)
out['03 cropped_image[:,:,0] # print the first channel of the cropped 3-D tens'] = show(cropped_image[:, :, 0])
""",
    'image.flip_left_right': """

x = [[[1.0, 2.0, 3.0],
      [4.0, 5.0, 6.0]],
    [[7.0, 8.0, 9.0],
      [10.0, 11.0, 12.0]]]
out['01 tf.image.flip_left_right(x)'] = show(tf.image.flip_left_right(x))
""",
    'image.flip_up_down': """

x = [[[1.0, 2.0, 3.0],
      [4.0, 5.0, 6.0]],
    [[7.0, 8.0, 9.0],
      [10.0, 11.0, 12.0]]]
out['01 tf.image.flip_up_down(x)'] = show(tf.image.flip_up_down(x))
""",
    'image.grayscale_to_rgb': """

original = tf.constant([[[1.0], [2.0], [3.0]]])
converted = tf.image.grayscale_to_rgb(original)
out['02 print(converted)'] = show(converted)
""",
    'image.pad_to_bounding_box': """

x = [[[1., 2., 3.],
      [4., 5., 6.]],
      [[7., 8., 9.],
      [10., 11., 12.]]]
padded_image = tf.image.pad_to_bounding_box(x, 1, 1, 4, 4)
out['02 padded_image'] = show(padded_image)
""",
    'image.per_image_standardization': """

image = tf.constant(np.arange(1, 13, dtype=np.int32), shape=[2, 2, 3])
out['01 image # 3-D tensor'] = show(image)
new_image = tf.image.per_image_standardization(image)
out['03 new_image # 3-D tensor with mean ~= 0 and variance ~= 1'] = show(new_image)
""",
    'image.random_brightness': """

x = [[[1.0, 2.0, 3.0],
      [4.0, 5.0, 6.0]],
     [[7.0, 8.0, 9.0],
      [10.0, 11.0, 12.0]]]
out['01 tf.image.random_brightness(x, 0.2)'] = show(tf.image.random_brightness(x, 0.2))
""",
    'image.random_contrast': """

x = [[[1.0, 2.0, 3.0],
      [4.0, 5.0, 6.0]],
    [[7.0, 8.0, 9.0],
      [10.0, 11.0, 12.0]]]
out['01 tf.image.random_contrast(x, 0.2, 0.5)'] = show(tf.image.random_contrast(x, 0.2, 0.5))
""",
    'image.random_crop': """

image = [[1, 2, 3], [4, 5, 6]]
result = tf.image.random_crop(value=image, size=(1, 3))
out['02 result.shape.as_list()'] = show(result.shape.as_list())
""",
    'image.random_hue': """

x = [[[1.0, 2.0, 3.0],
      [4.0, 5.0, 6.0]],
    [[7.0, 8.0, 9.0],
      [10.0, 11.0, 12.0]]]
out['01 tf.image.random_hue(x, 0.2)'] = show(tf.image.random_hue(x, 0.2))
""",
    'image.random_saturation': """

x = [[[1.0, 2.0, 3.0],
      [4.0, 5.0, 6.0]],
    [[7.0, 8.0, 9.0],
      [10.0, 11.0, 12.0]]]
out['01 tf.image.random_saturation(x, 5, 10)'] = show(tf.image.random_saturation(x, 5, 10))
""",
    'image.resize_image_with_crop_or_pad': """

image = np.arange(75).reshape(5, 5, 3)  # create 3-D image input
out['01 image[:,:,0] # print first channel just for demo purposes'] = show(image[:, :, 0])
image = tf.image.resize_with_crop_or_pad(image, 3, 3)  # crop
out['03 image[:,:,0]'] = show(image[:, :, 0])
image = np.arange(1, 28).reshape(3, 3, 3)  # create 3-D image input
out['05 image[:,:,0] # print first channel just for demo purposes'] = show(image[:, :, 0])
image = tf.image.resize_with_crop_or_pad(image, 5, 5)  # pad
out['07 image[:,:,0]'] = show(image[:, :, 0])
""",
    'image.rgb_to_grayscale': """

original = tf.constant([[[1.0, 2.0, 3.0]]])
converted = tf.image.rgb_to_grayscale(original)
out['02 print(converted)'] = show(converted)
""",
    'image.rgb_to_hsv': """

blue_image = tf.stack([
   tf.zeros([5,5]),
   tf.zeros([5,5]),
   tf.ones([5,5])],
   axis=-1)
blue_hsv_image = tf.image.rgb_to_hsv(blue_image)
out['02 blue_hsv_image[0, 0]'] = show(blue_hsv_image[0, 0])
""",
    'image.rgb_to_yiq': """

x = tf.constant([[[1.0, 2.0, 3.0]]])
out['01 tf.image.rgb_to_yiq(x)'] = show(tf.image.rgb_to_yiq(x))
""",
    'image.rot90': """

a=tf.constant([[[1],[2]],
               [[3],[4]]])
a_rot=tf.image.rot90(a)
out['02 print(a_rot[..., 0])'] = show(a_rot[..., 0])
a_rot=tf.image.rot90(a, k=3)
out['04 print(a_rot[..., 0])'] = show(a_rot[..., 0])
a_rot=tf.image.rot90(a, k=-2)
out['06 print(a_rot[..., 0])'] = show(a_rot[..., 0])
""",
    'image.transpose': """

x = [[[1.0, 2.0, 3.0],
      [4.0, 5.0, 6.0]],
    [[7.0, 8.0, 9.0],
      [10.0, 11.0, 12.0]]]
out['01 tf.image.transpose(x)'] = show(tf.image.transpose(x))
image = [[[1, 2], [3, 4]],
        [[5, 6], [7, 8]],
        [[9, 10], [11, 12]]]
image = tf.constant(image)
out['04 tf.image.transpose(image)'] = show(tf.image.transpose(image))
""",
    'image.yuv_to_rgb (python 0)': """

yuv_images = tf.random.uniform(shape=[100, 64, 64, 3], maxval=255)
last_dimension_axis = len(yuv_images.shape) - 1
yuv_tensor_images = tf.truediv(tf.subtract(yuv_images, tf.reduce_min(yuv_images)), tf.subtract(tf.reduce_max(yuv_images), tf.reduce_min(yuv_images)))
y, u, v = tf.split(yuv_tensor_images, 3, axis=last_dimension_axis)
target_uv_min, target_uv_max = (-0.5, 0.5)
u = u * (target_uv_max - target_uv_min) + target_uv_min
v = v * (target_uv_max - target_uv_min) + target_uv_min
preprocessed_yuv_images = tf.concat([y, u, v], axis=last_dimension_axis)
rgb_tensor_images = tf.image.yuv_to_rgb(preprocessed_yuv_images)
out['= yuv_images'] = show(yuv_images)
out['= last_dimension_axis'] = show(last_dimension_axis)
out['= yuv_tensor_images'] = show(yuv_tensor_images)
out['= y'] = show(y)
out['= u'] = show(u)
out['= v'] = show(v)
out['= target_uv_min'] = show(target_uv_min)
out['= target_uv_max'] = show(target_uv_max)
out['= preprocessed_yuv_images'] = show(preprocessed_yuv_images)
out['= rgb_tensor_images'] = show(rgb_tensor_images)
""",
    'init_scope (python 0)': """

out['00 tf.compat.v1.enable_eager_execution()'] = show(tf.compat.v1.enable_eager_execution())
@tf.function
def func():
    assert not tf.executing_eagerly()
    with tf.init_scope():
        assert tf.executing_eagerly()
""",
    'layers.AveragePooling1D (python 0)': """

pooling = tf.compat.v1.layers.AveragePooling1D(pool_size=2, strides=2)
out['= pooling'] = show(pooling)
""",
    'layers.AveragePooling1D (python 1)': """

pooling = tf.keras.layers.AveragePooling1D(pool_size=2, strides=2)
out['= pooling'] = show(pooling)
""",
    'layers.AveragePooling2D (python 0)': """

pooling = tf.compat.v1.layers.AveragePooling2D(pool_size=2, strides=2)
out['= pooling'] = show(pooling)
""",
    'layers.AveragePooling2D (python 1)': """

pooling = tf.keras.layers.AveragePooling2D(pool_size=2, strides=2)
out['= pooling'] = show(pooling)
""",
    'layers.AveragePooling3D (python 0)': """

pooling = tf.compat.v1.layers.AveragePooling3D(pool_size=2, strides=2)
out['= pooling'] = show(pooling)
""",
    'layers.AveragePooling3D (python 1)': """

pooling = tf.keras.layers.AveragePooling3D(pool_size=2, strides=2)
out['= pooling'] = show(pooling)
""",
    'layers.BatchNormalization (python 1)': """

bn = tf.compat.v1.layers.BatchNormalization()
out['= bn'] = show(bn)
""",
    'layers.BatchNormalization (python 2)': """

bn = tf.keras.layers.BatchNormalization()
out['= bn'] = show(bn)
""",
    'layers.Conv1D (python 0)': """

conv = tf.compat.v1.layers.Conv1D(filters=3, kernel_size=3)
out['= conv'] = show(conv)
""",
    'layers.Conv2D (python 0)': """

conv = tf.compat.v1.layers.Conv2D(filters=3, kernel_size=3)
out['= conv'] = show(conv)
""",
    'layers.Conv2DTranspose (python 0)': """

conv = tf.compat.v1.layers.Conv2DTranspose(filters=3, kernel_size=3)
out['= conv'] = show(conv)
""",
    'layers.Conv3D (python 0)': """

conv = tf.compat.v1.layers.Conv3D(filters=3, kernel_size=3)
out['= conv'] = show(conv)
""",
    'layers.Conv3DTranspose (python 0)': """

conv = tf.compat.v1.layers.Conv3DTranspose(filters=3, kernel_size=3)
out['= conv'] = show(conv)
""",
    'layers.Dense (python 0)': """

dense = tf.compat.v1.layers.Dense(units=3)
out['= dense'] = show(dense)
""",
    'layers.Dense (python 1)': """

dense = tf.keras.layers.Dense(units=3)
out['= dense'] = show(dense)
""",
    'layers.Dropout (python 0)': """

dropout = tf.compat.v1.layers.Dropout()
out['= dropout'] = show(dropout)
""",
    'layers.Flatten (python 0)': """

flatten = tf.compat.v1.layers.Flatten()
out['= flatten'] = show(flatten)
""",
    'layers.Flatten (python 1)': """

flatten = tf.keras.layers.Flatten()
out['= flatten'] = show(flatten)
""",
    'layers.MaxPooling1D (python 0)': """

pooling = tf.compat.v1.layers.MaxPooling1D(pool_size=2, strides=2)
out['= pooling'] = show(pooling)
""",
    'layers.MaxPooling1D (python 1)': """

pooling = tf.keras.layers.MaxPooling1D(pool_size=2, strides=2)
out['= pooling'] = show(pooling)
""",
    'layers.MaxPooling2D (python 0)': """

pooling = tf.compat.v1.layers.MaxPooling2D(pool_size=2, strides=2)
out['= pooling'] = show(pooling)
""",
    'layers.MaxPooling2D (python 1)': """

pooling = tf.keras.layers.MaxPooling2D(pool_size=2, strides=2)
out['= pooling'] = show(pooling)
""",
    'layers.MaxPooling3D (python 0)': """

pooling = tf.compat.v1.layers.MaxPooling3D(pool_size=2, strides=2)
out['= pooling'] = show(pooling)
""",
    'layers.MaxPooling3D (python 1)': """

pooling = tf.keras.layers.MaxPooling3D(pool_size=2, strides=2)
out['= pooling'] = show(pooling)
""",
    'layers.SeparableConv1D (python 0)': """

conv = tf.compat.v1.layers.SeparableConv1D(filters=3, kernel_size=3)
out['= conv'] = show(conv)
""",
    'layers.SeparableConv2D (python 0)': """

conv = tf.compat.v1.layers.SeparableConv2D(filters=3, kernel_size=3)
out['= conv'] = show(conv)
""",
    'layers.average_pooling2d (python 1)': """

x = tf.keras.Input((28, 28, 1))
y = tf.keras.layers.AveragePooling2D(pool_size=2, strides=2)(x)
model = tf.keras.Model(x, y)
out['= model'] = show(model)
""",
    'layers.batch_normalization (python 0)': """

update_ops = tf.compat.v1.get_collection(tf.GraphKeys.UPDATE_OPS)
out['= update_ops'] = show(update_ops)
""",
    'layers.batch_normalization (python 2)': """

x = tf.keras.Input(shape=(28, 28, 1))
y = tf.keras.layers.BatchNormalization()(x)
model = tf.keras.Model(x, y)
out['= model'] = show(model)
""",
    'layers.dense (python 1)': """

x = tf.keras.Input((28,))
y = tf.keras.layers.Dense(units=3)(x)
model = tf.keras.Model(x, y)
out['= model'] = show(model)
""",
    'layers.flatten (python 1)': """

x = tf.keras.Input((28, 28, 1))
y = tf.keras.layers.Flatten()(x)
model = tf.keras.Model(x, y)
out['= model'] = show(model)
""",
    'layers.max_pooling2d (python 1)': """

x = tf.keras.Input((28, 28, 1))
y = tf.keras.layers.MaxPooling2D(pool_size=2, strides=2)(x)
model = tf.keras.Model(x, y)
out['= model'] = show(model)
""",
    'lin_space': """

out['00 tf.linspace([0., 5.], [10., 40.], 5, axis=0)'] = show(tf.linspace([0.0, 5.0], [10.0, 40.0], 5, axis=0))
out['01 tf.linspace([0., 5.], [10., 40.], 5, axis=-1)'] = show(tf.linspace([0.0, 5.0], [10.0, 40.0], 5, axis=-1))
""",
    'linalg.adjoint (python 0)': """

x = tf.constant([[1 + 1j, 2 + 2j, 3 + 3j], [4 + 4j, 5 + 5j, 6 + 6j]])
out['01 tf.linalg.adjoint(x)'] = show(tf.linalg.adjoint(x))
out['= x'] = show(x)
""",
    'linalg.l2_normalize': """

x = tf.constant([3.0, 4.0])
out['01 tf.math.l2_normalize(x)'] = show(tf.math.l2_normalize(x))
x = tf.constant([[3.0], [4.0]])
out['03 tf.math.l2_normalize(x, 0)'] = show(tf.math.l2_normalize(x, 0))
x = tf.constant([[3.0], [4.0]])
out['05 tf.math.l2_normalize(x, 1)'] = show(tf.math.l2_normalize(x, 1))
""",
    'linalg.matmul': """

a = tf.constant([1, 2, 3, 4, 5, 6], shape=[2, 3])
out['01 a # 2-D tensor'] = show(a)
b = tf.constant([7, 8, 9, 10, 11, 12], shape=[3, 2])
out['03 b # 2-D tensor'] = show(b)
c = tf.matmul(a, b)
out['05 c # `a` * `b`'] = show(c)
a = tf.constant(np.arange(1, 13, dtype=np.int32), shape=[2, 2, 3])
out['07 a # 3-D tensor'] = show(a)
b = tf.constant(np.arange(13, 25, dtype=np.int32), shape=[2, 3, 2])
out['09 b # 3-D tensor'] = show(b)
c = tf.matmul(a, b)
out['11 c # `a` * `b`'] = show(c)
d = a @ b @ [[10], [11]]
d = tf.matmul(tf.matmul(a, b), [[10], [11]])
""",
    'linalg.matrix_transpose (python 0)': """

x = tf.constant([[1, 2, 3], [4, 5, 6]])
out['01 tf.linalg.matrix_transpose(x)'] = show(tf.linalg.matrix_transpose(x))
x = tf.constant([[1 + 1j, 2 + 2j, 3 + 3j], [4 + 4j, 5 + 5j, 6 + 6j]])
out['03 tf.linalg.matrix_transpose(x, conjugate=True)'] = show(tf.linalg.matrix_transpose(x, conjugate=True))
out['= x'] = show(x)
""",
    'linalg.matvec (python 0)': """

a = tf.constant([1, 2, 3, 4, 5, 6], shape=[2, 3])
b = tf.constant([7, 9, 11], shape=[3])
c = tf.linalg.matvec(a, b)
a = tf.constant(np.arange(1, 13, dtype=np.int32), shape=[2, 2, 3])
b = tf.constant(np.arange(13, 19, dtype=np.int32), shape=[2, 3])
c = tf.linalg.matvec(a, b)
out['= a'] = show(a)
out['= b'] = show(b)
out['= c'] = show(c)
""",
    'linalg.trace (python 0)': """

x = tf.constant([[1, 2], [3, 4]])
out['01 tf.linalg.trace(x)'] = show(tf.linalg.trace(x))
x = tf.constant([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
out['03 tf.linalg.trace(x)'] = show(tf.linalg.trace(x))
x = tf.constant([[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[-1, -2, -3], [-4, -5, -6], [-7, -8, -9]]])
out['05 tf.linalg.trace(x)'] = show(tf.linalg.trace(x))
out['= x'] = show(x)
""",
    'linalg.triangular_solve': """

a = tf.constant([[3,  0,  0,  0],
  [2,  1,  0,  0],
  [1,  0,  1,  0],
  [1,  1,  1,  1]], dtype=tf.float32)
b = tf.constant([[4], [2], [4], [2]], dtype=tf.float32)
x = tf.linalg.triangular_solve(a, b, lower=True)
out['03 x'] = show(x)
out['04 tf.matmul(a, x)'] = show(tf.matmul(a, x))
""",
    'log': """

x = tf.constant([0, 0.5, 1, 5])
out['01 tf.math.log(x)'] = show(tf.math.log(x))
""",
    'log1p': """

x = tf.constant([0, 0.5, 1, 5])
out['01 tf.math.log1p(x)'] = show(tf.math.log1p(x))
""",
    'log_sigmoid': """

x = tf.constant([0.0, 1.0, 50.0, 100.0])
out['01 tf.math.log_sigmoid(x)'] = show(tf.math.log_sigmoid(x))
x = tf.constant([-100.0, -50.0, -1.0, 0.0])
out['03 tf.math.log_sigmoid(x)'] = show(tf.math.log_sigmoid(x))
""",
    'logical_and': """

a = tf.constant([True])
b = tf.constant([False])
out['02 tf.math.logical_and(a, b)'] = show(tf.math.logical_and(a, b))
out['03 a & b'] = show(a & b)
c = tf.constant([True])
x = tf.constant([False, True, True, False])
out['06 tf.math.logical_and(c, x)'] = show(tf.math.logical_and(c, x))
out['07 c & x'] = show(c & x)
y = tf.constant([False, False, True, True])
z = tf.constant([False, True, False, True])
out['10 tf.math.logical_and(y, z)'] = show(tf.math.logical_and(y, z))
out['11 y & z'] = show(y & z)
out['12 tf.logical_and([[True, False]], [[True], [False]])'] = show(tf.logical_and([[True, False]], [[True], [False]]))
""",
    'logical_not': """

out['00 tf.math.logical_not(tf.constant([True, False]))'] = show(tf.math.logical_not(tf.constant([True, False])))
""",
    'logical_or': """

a = tf.constant([True])
b = tf.constant([False])
out['02 tf.math.logical_or(a, b)'] = show(tf.math.logical_or(a, b))
out['03 a | b'] = show(a | b)
c = tf.constant([False])
x = tf.constant([False, True, True, False])
out['06 tf.math.logical_or(c, x)'] = show(tf.math.logical_or(c, x))
out['07 c | x'] = show(c | x)
y = tf.constant([False, False, True, True])
z = tf.constant([False, True, False, True])
out['10 tf.math.logical_or(y, z)'] = show(tf.math.logical_or(y, z))
out['11 y | z'] = show(y | z)
out['12 tf.logical_or([[True, False]], [[True], [False]])'] = show(tf.logical_or([[True, False]], [[True], [False]]))
""",
    'logical_xor': """

a = tf.constant([True])
b = tf.constant([False])
out['02 tf.math.logical_xor(a, b)'] = show(tf.math.logical_xor(a, b))
c = tf.constant([True])
x = tf.constant([False, True, True, False])
out['05 tf.math.logical_xor(c, x)'] = show(tf.math.logical_xor(c, x))
y = tf.constant([False, False, True, True])
z = tf.constant([False, True, False, True])
out['08 tf.math.logical_xor(y, z)'] = show(tf.math.logical_xor(y, z))
""",
    'lookup.StaticHashTable (python 2)': """

out['00 tf.enable_eager_execution()'] = show(tf.enable_eager_execution())
keys_tensor = tf.constant([1, 2])
vals_tensor = tf.constant([3, 4])
input_tensor = tf.constant([1, 5])
table = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(keys_tensor, vals_tensor), -1)
out['= keys_tensor'] = show(keys_tensor)
out['= vals_tensor'] = show(vals_tensor)
out['= input_tensor'] = show(input_tensor)
out['= table'] = show(table)
""",
    'losses.mean_squared_error': """

y_true = [1, 2, 3]
y_pred = [1, 3, 5]
weights = [0, 1, 0.25]
out['03 tf.compat.v1.losses.mean_squared_error(labels=y_true, predictions=y_pr'] = show(tf.compat.v1.losses.mean_squared_error(labels=y_true, predictions=y_pred, weights=weights))
out['04 tf.compat.v1.losses.mean_squared_error(labels=y_true, predictions=y_pr'] = show(tf.compat.v1.losses.mean_squared_error(labels=y_true, predictions=y_pred, weights=weights, reduction=tf.compat.v1.losses.Reduction.SUM_OVER_BATCH_SIZE))
y_true = [[1.0], [2.0], [3.0]]
y_pred = [[1.0], [3.0], [5.0]]
weights = [1, 1, 0.25]
""",
    'losses.softmax_cross_entropy': """

y_true = [[0, 1, 0], [0, 0, 1]]
y_pred = [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]
weights = [0.3, 0.7]
smoothing = 0.2
out['04 tf.compat.v1.losses.softmax_cross_entropy(y_true, y_pred, weights=weig'] = show(tf.compat.v1.losses.softmax_cross_entropy(y_true, y_pred, weights=weights, label_smoothing=smoothing))
cce = tf.keras.losses.CategoricalCrossentropy(from_logits=True,
  label_smoothing=smoothing)
out['06 cce(y_true, y_pred, sample_weight=weights)'] = show(cce(y_true, y_pred, sample_weight=weights))
""",
    'make_template (python 0)': """

def my_op(x, scalar_name):
    var1 = tf.compat.v1.get_variable(scalar_name, shape=[], initializer=tf.compat.v1.constant_initializer(1))
    return x * var1
scale_by_y = tf.compat.v1.make_template('scale_by_y', my_op, scalar_name='y')
out['= scale_by_y'] = show(scale_by_y)
""",
    'manip.reshape': """

t1 = [[1, 2, 3],
      [4, 5, 6]]
out['01 print(tf.shape(t1))'] = show(tf.shape(t1))
t2 = tf.reshape(t1, [6])
out['03 t2'] = show(t2)
out['04 tf.reshape(t2, [3, 2])'] = show(tf.reshape(t2, [3, 2]))
out['05 tf.reshape([1, 2, 3], [2, 2])'] = raises(lambda: show(tf.reshape([1, 2, 3], [2, 2])))
t = [[1, 2, 3],
     [4, 5, 6]]
out['07 tf.reshape(t, [3, 2])'] = show(tf.reshape(t, [3, 2]))
out['08 tf.transpose(t, perm=[1, 0])'] = show(tf.transpose(t, perm=[1, 0]))
t = [[1, 2, 3],
     [4, 5, 6]]
out['10 tf.reshape(t, [-1])'] = show(tf.reshape(t, [-1]))
out['11 tf.reshape(t, [3, -1])'] = show(tf.reshape(t, [3, -1]))
out['12 tf.reshape(t, [-1, 2])'] = show(tf.reshape(t, [-1, 2]))
t = [1, 2, 3, 4, 5, 6, 7, 8, 9]
out['15 print(tf.shape(t))'] = show(tf.shape(t))
out['16 tf.reshape(t, [3, 3])'] = show(tf.reshape(t, [3, 3]))
t = [[[1, 1], [2, 2]],
     [[3, 3], [4, 4]]]
out['18 print(tf.shape(t))'] = show(tf.shape(t))
out['19 tf.reshape(t, [2, 4])'] = show(tf.reshape(t, [2, 4]))
t = [[[1, 1, 1],
      [2, 2, 2]],
     [[3, 3, 3],
      [4, 4, 4]],
     [[5, 5, 5],
      [6, 6, 6]]]
out['21 print(tf.shape(t))'] = show(tf.shape(t))
out['22 tf.reshape(t, [-1])'] = show(tf.reshape(t, [-1]))
out['23 tf.reshape(t, [2, -1])'] = show(tf.reshape(t, [2, -1]))
out['24 tf.reshape(t, [-1, 9])'] = show(tf.reshape(t, [-1, 9]))
out['25 tf.reshape(t, [ 2, -1, 3])'] = show(tf.reshape(t, [2, -1, 3]))
""",
    'manip.scatter_nd (python 0)': """

indices = tf.constant([[4], [3], [1], [7]])
updates = tf.constant([9, 10, 11, 12])
shape = tf.constant([8])
scatter = tf.scatter_nd(indices, updates, shape)
out['04 scatter'] = show(scatter)
out['= indices'] = show(indices)
out['= updates'] = show(updates)
out['= shape'] = show(shape)
out['= scatter'] = show(scatter)
""",
    'manip.scatter_nd (python 1)': """

indices = tf.constant([[1], [3]])
updates = tf.constant([[[5, 5, 5, 5], [6, 6, 6, 6], [7, 7, 7, 7], [8, 8, 8, 8]], [[5, 5, 5, 5], [6, 6, 6, 6], [7, 7, 7, 7], [8, 8, 8, 8]]])
shape = tf.constant([4, 4, 4])
scatter = tf.scatter_nd(indices, updates, shape)
out['04 scatter'] = show(scatter)
out['= indices'] = show(indices)
out['= updates'] = show(updates)
out['= shape'] = show(shape)
out['= scatter'] = show(scatter)
""",
    'manip.tile': """

a = tf.constant([[1,2,3],[4,5,6]], tf.int32)
b = tf.constant([1,2], tf.int32)
out['02 tf.tile(a, b)'] = show(tf.tile(a, b))
c = tf.constant([2,1], tf.int32)
out['04 tf.tile(a, c)'] = show(tf.tile(a, c))
d = tf.constant([2,2], tf.int32)
out['06 tf.tile(a, d)'] = show(tf.tile(a, d))
""",
    'map_fn': """

out['00 tf.map_fn(fn=lambda t: tf.range(t, t + 3), elems=tf.constant([3, 5, 2]'] = show(tf.map_fn(fn=lambda t: tf.range(t, t + 3), elems=tf.constant([3, 5, 2])))
out['01 tf.map_fn(fn=tf.strings.length, # input & output have different dtypes'] = show(tf.map_fn(fn=tf.strings.length, elems=tf.constant(['hello', 'moon']), fn_output_signature=tf.int32))
out['02 tf.map_fn(fn=tf.strings.join, # input & output have different structur'] = show(tf.map_fn(fn=tf.strings.join, elems=[tf.constant(['The', 'A']), tf.constant(['Dog', 'Cat'])], fn_output_signature=tf.string))
rt = tf.ragged.constant([[1, 2, 3], [], [4, 5], [6]])
out['04 tf.map_fn(tf.reduce_sum, rt, fn_output_signature=tf.int32)'] = show(tf.map_fn(tf.reduce_sum, rt, fn_output_signature=tf.int32))
elems = tf.constant([3, 5, 0, 2])
out['06 tf.map_fn(tf.range, elems, fn_output_signature=tf.RaggedTensorSpec(sha'] = show(tf.map_fn(tf.range, elems, fn_output_signature=tf.RaggedTensorSpec(shape=[None], dtype=tf.int32)))
rt = tf.ragged.constant([[1, 2, 3], [], [4, 5], [6]])
out['08 tf.ragged.map_flat_values(lambda x: x + 2, rt)'] = show(tf.ragged.map_flat_values(lambda x: x + 2, rt))
st = tf.sparse.SparseTensor([[0, 0], [2, 0], [2, 1]], [2, 3, 4], [4, 4])
out['10 tf.map_fn(tf.sparse.reduce_sum, st, fn_output_signature=tf.int32)'] = show(tf.map_fn(tf.sparse.reduce_sum, st, fn_output_signature=tf.int32))
out['11 tf.sparse.to_dense( tf.map_fn(tf.sparse.eye, tf.constant([2, 3]), fn_o'] = show(tf.sparse.to_dense(tf.map_fn(tf.sparse.eye, tf.constant([2, 3]), fn_output_signature=tf.SparseTensorSpec(None, tf.float32))))
elems = tf.constant([3, 5, 2])
out['13 tf.range(3) + tf.expand_dims(elems, 1)'] = show(tf.range(3) + tf.expand_dims(elems, 1))
fn=lambda t: tf.range(t, t + 3)
@tf.function
def func(elems):
  return tf.map_fn(fn, elems, parallel_iterations=3)
out['16 func(tf.constant([3, 5, 2]))'] = show(func(tf.constant([3, 5, 2])))
elems = np.array([1, 2, 3, 4, 5, 6])
out['18 tf.map_fn(lambda x: x * x, elems)'] = show(tf.map_fn(lambda x: x * x, elems))
elems = (np.array([1, 2, 3]), np.array([-1, 1, -1]))
out['20 tf.map_fn(lambda x: x[0] * x[1], elems, fn_output_signature=tf.int64)'] = show(tf.map_fn(lambda x: x[0] * x[1], elems, fn_output_signature=tf.int64))
elems = np.array([1, 2, 3])
out['22 tf.map_fn(lambda x: (x, -x), elems, fn_output_signature=(tf.int64, tf.'] = show(tf.map_fn(lambda x: (x, -x), elems, fn_output_signature=(tf.int64, tf.int64)))
""",
    'math.bessel_i0': """

out['00 tf.math.special.bessel_i0([-1.0, -0.5, 0.5, 1.0])'] = show(tf.math.special.bessel_i0([-1.0, -0.5, 0.5, 1.0]))
""",
    'math.bessel_i0e': """

out['00 tf.math.special.bessel_i0e([-1.0, -0.5, 0.5, 1.0])'] = show(tf.math.special.bessel_i0e([-1.0, -0.5, 0.5, 1.0]))
""",
    'math.bessel_i1': """

out['00 tf.math.special.bessel_i1([-1.0, -0.5, 0.5, 1.0])'] = show(tf.math.special.bessel_i1([-1.0, -0.5, 0.5, 1.0]))
""",
    'math.bessel_i1e': """

out['00 tf.math.special.bessel_i1e([-1.0, -0.5, 0.5, 1.0])'] = show(tf.math.special.bessel_i1e([-1.0, -0.5, 0.5, 1.0]))
""",
    'math.maximum': """

x = tf.constant([0., 0., 0., 0.])
y = tf.constant([-2., 0., 2., 5.])
out['02 tf.math.maximum(x, y)'] = show(tf.math.maximum(x, y))
x = tf.constant([-5., 0., 0., 0.])
y = tf.constant([-3.])
out['05 tf.math.maximum(x, y)'] = show(tf.math.maximum(x, y))
""",
    'math.minimum': """

x = tf.constant([0., 0., 0., 0.])
y = tf.constant([-5., -2., 0., 3.])
out['02 tf.math.minimum(x, y)'] = show(tf.math.minimum(x, y))
x = tf.constant([-5., 0., 0., 0.])
y = tf.constant([-3.])
out['05 tf.math.minimum(x, y)'] = show(tf.math.minimum(x, y))
""",
    'math.multiply': """

x = tf.constant(([1, 2, 3, 4]))
out['01 tf.math.multiply(x, x)'] = show(tf.math.multiply(x, x))
out['02 tf.math.multiply(7,6)'] = show(tf.math.multiply(7, 6))
x = tf.ones([1, 2]);
y = tf.ones([2, 1]);
out['05 x * y # Taking advantage of operator overriding'] = show(x * y)
""",
    'math.not_equal': """

x = tf.constant([2, 4])
y = tf.constant(2)
out['02 tf.math.not_equal(x, y)'] = show(tf.math.not_equal(x, y))
x = tf.constant([2, 4])
y = tf.constant([2, 4])
out['05 tf.math.not_equal(x, y)'] = show(tf.math.not_equal(x, y))
""",
    'math.polyval': """

coefficients = [1.0, 2.5, -4.2]
x = 5.0
y = tf.math.polyval(coefficients, x)
out['03 y'] = show(y)
out['04 tf.math.polyval([2, 1, 0], 3) # evaluates 2 * (3**2) + 1 * (3**1) + 0 '] = show(tf.math.polyval([2, 1, 0], 3))
x = tf.constant(3)
theta1 = tf.Variable(2)
theta2 = tf.Variable(1)
theta3 = tf.Variable(0)
out['09 tf.math.polyval([theta1, theta2, theta3], x)'] = show(tf.math.polyval([theta1, theta2, theta3], x))
""",
    'math.pow (python 0)': """

x = tf.constant([[2, 2], [3, 3]])
y = tf.constant([[8, 16], [2, 3]])
out['02 tf.pow(x, y)'] = show(tf.pow(x, y))
out['= x'] = show(x)
out['= y'] = show(y)
""",
    'math.real (python 0)': """

x = tf.constant([-2.25 + 4.75j, 3.25 + 5.75j])
out['01 tf.math.real(x)'] = show(tf.math.real(x))
out['= x'] = show(x)
""",
    'math.reciprocal_no_nan (python 0)': """

x = tf.constant([2.0, 0.5, 0, 1], dtype=tf.float32)
out['01 tf.math.reciprocal_no_nan(x)'] = show(tf.math.reciprocal_no_nan(x))
out['= x'] = show(x)
""",
    'math.reduce_all': """

x = tf.constant([[True,  True], [False, False]])
out['01 tf.math.reduce_all(x)'] = show(tf.math.reduce_all(x))
out['02 tf.math.reduce_all(x, 0)'] = show(tf.math.reduce_all(x, 0))
out['03 tf.math.reduce_all(x, 1)'] = show(tf.math.reduce_all(x, 1))
""",
    'math.reduce_any': """

x = tf.constant([[True,  True], [False, False]])
out['01 tf.reduce_any(x)'] = show(tf.reduce_any(x))
out['02 tf.reduce_any(x, 0)'] = show(tf.reduce_any(x, 0))
out['03 tf.reduce_any(x, 1)'] = show(tf.reduce_any(x, 1))
""",
    'math.reduce_euclidean_norm (python 0)': """

x = tf.constant([[1, 2, 3], [1, 1, 1]])
out['01 tf.math.reduce_euclidean_norm(x)'] = show(tf.math.reduce_euclidean_norm(x))
y = tf.constant([[1, 2, 3], [1, 1, 1]], dtype=tf.float32)
out['03 tf.math.reduce_euclidean_norm(y)'] = show(tf.math.reduce_euclidean_norm(y))
out['04 tf.math.reduce_euclidean_norm(y, 0)'] = show(tf.math.reduce_euclidean_norm(y, 0))
out['05 tf.math.reduce_euclidean_norm(y, 1)'] = show(tf.math.reduce_euclidean_norm(y, 1))
out['06 tf.math.reduce_euclidean_norm(y, 1, keepdims=True)'] = show(tf.math.reduce_euclidean_norm(y, 1, keepdims=True))
out['07 tf.math.reduce_euclidean_norm(y, [0, 1])'] = show(tf.math.reduce_euclidean_norm(y, [0, 1]))
out['= x'] = show(x)
out['= y'] = show(y)
""",
    'math.reduce_logsumexp (python 0)': """

x = tf.constant([[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
out['01 tf.reduce_logsumexp(x)'] = show(tf.reduce_logsumexp(x))
out['02 tf.reduce_logsumexp(x, 0)'] = show(tf.reduce_logsumexp(x, 0))
out['03 tf.reduce_logsumexp(x, 1)'] = show(tf.reduce_logsumexp(x, 1))
out['04 tf.reduce_logsumexp(x, 1, keepdims=True)'] = show(tf.reduce_logsumexp(x, 1, keepdims=True))
out['05 tf.reduce_logsumexp(x, [0, 1])'] = show(tf.reduce_logsumexp(x, [0, 1]))
out['= x'] = show(x)
""",
    'math.reduce_max': """

x = tf.constant([5, 1, 2, 4])
out['01 tf.reduce_max(x)'] = show(tf.reduce_max(x))
x = tf.constant([-5, -1, -2, -4])
out['03 tf.reduce_max(x)'] = show(tf.reduce_max(x))
x = tf.constant([4, float('nan')])
out['05 tf.reduce_max(x)'] = show(tf.reduce_max(x))
x = tf.constant([float('nan'), float('nan')])
out['07 tf.reduce_max(x)'] = show(tf.reduce_max(x))
x = tf.constant([float('-inf'), float('inf')])
out['09 tf.reduce_max(x)'] = show(tf.reduce_max(x))
""",
    'math.reduce_mean': """

x = tf.constant([[1., 1.], [2., 2.]])
out['01 tf.reduce_mean(x)'] = show(tf.reduce_mean(x))
out['02 tf.reduce_mean(x, 0)'] = show(tf.reduce_mean(x, 0))
out['03 tf.reduce_mean(x, 1)'] = show(tf.reduce_mean(x, 1))
x = tf.constant([1, 0, 1, 0])
out['05 tf.reduce_mean(x)'] = show(tf.reduce_mean(x))
y = tf.constant([1., 0., 1., 0.])
out['07 tf.reduce_mean(y)'] = show(tf.reduce_mean(y))
""",
    'math.reduce_min': """

x = tf.constant([5, 1, 2, 4])
out['01 tf.reduce_min(x)'] = show(tf.reduce_min(x))
x = tf.constant([-5, -1, -2, -4])
out['03 tf.reduce_min(x)'] = show(tf.reduce_min(x))
x = tf.constant([4, float('nan')])
out['05 tf.reduce_min(x)'] = show(tf.reduce_min(x))
x = tf.constant([float('nan'), float('nan')])
out['07 tf.reduce_min(x)'] = show(tf.reduce_min(x))
x = tf.constant([float('-inf'), float('inf')])
out['09 tf.reduce_min(x)'] = show(tf.reduce_min(x))
""",
    'math.reduce_prod': """

x = tf.constant([[1., 2.], [3., 4.]])
out['01 tf.math.reduce_prod(x)'] = show(tf.math.reduce_prod(x))
out['02 tf.math.reduce_prod(x, 0)'] = show(tf.math.reduce_prod(x, 0))
out['03 tf.math.reduce_prod(x, 1)'] = show(tf.math.reduce_prod(x, 1))
""",
    'math.reduce_std': """

x = tf.constant([[1., 2.], [3., 4.]])
out['01 tf.math.reduce_std(x)'] = show(tf.math.reduce_std(x))
out['02 tf.math.reduce_std(x, 0)'] = show(tf.math.reduce_std(x, 0))
out['03 tf.math.reduce_std(x, 1)'] = show(tf.math.reduce_std(x, 1))
""",
    'math.reduce_sum': """

x = tf.constant([[1, 1, 1], [1, 1, 1]])
out['01 x'] = show(x)
out['03 tf.reduce_sum(x, 0)'] = show(tf.reduce_sum(x, 0))
out['04 tf.reduce_sum(x, 1)'] = show(tf.reduce_sum(x, 1))
out['05 tf.reduce_sum(x, 1, keepdims=True)'] = show(tf.reduce_sum(x, 1, keepdims=True))
""",
    'math.reduce_variance': """

x = tf.constant([[1., 2.], [3., 4.]])
out['01 tf.math.reduce_variance(x)'] = show(tf.math.reduce_variance(x))
out['02 tf.math.reduce_variance(x, 0)'] = show(tf.math.reduce_variance(x, 0))
out['03 tf.math.reduce_variance(x, 1)'] = show(tf.math.reduce_variance(x, 1))
""",
    'math.round (python 0)': """

x = tf.constant([0.9, 2.5, 2.3, 1.5, -4.5])
out['01 tf.round(x)'] = show(tf.round(x))
out['= x'] = show(x)
""",
    'math.rsqrt': """

x = tf.constant([2., 0., -2.])
out['01 tf.math.rsqrt(x)'] = show(tf.math.rsqrt(x))
""",
    'math.segment_max': """

c = tf.constant([[1,2,3,4], [4, 3, 2, 1], [5,6,7,8]])
out['01 tf.math.segment_max(c, tf.constant([0, 0, 1]))'] = show(tf.math.segment_max(c, tf.constant([0, 0, 1])))
""",
    'math.segment_mean': """

c = tf.constant([[1.0,2,3,4], [4, 3, 2, 1], [5,6,7,8]])
out['01 tf.math.segment_mean(c, tf.constant([0, 0, 1]))'] = show(tf.math.segment_mean(c, tf.constant([0, 0, 1])))
""",
    'math.segment_min': """

c = tf.constant([[1,2,3,4], [4, 3, 2, 1], [5,6,7,8]])
out['01 tf.math.segment_min(c, tf.constant([0, 0, 1]))'] = show(tf.math.segment_min(c, tf.constant([0, 0, 1])))
""",
    'math.segment_prod': """

c = tf.constant([[1,2,3,4], [4, 3, 2, 1], [5,6,7,8]])
out['01 tf.math.segment_prod(c, tf.constant([0, 0, 1]))'] = show(tf.math.segment_prod(c, tf.constant([0, 0, 1])))
""",
    'math.segment_sum': """

c = tf.constant([[1,2,3,4], [4, 3, 2, 1], [5,6,7,8]])
out['01 tf.math.segment_sum(c, tf.constant([0, 0, 1]))'] = show(tf.math.segment_sum(c, tf.constant([0, 0, 1])))
""",
    'math.sigmoid': """

x = tf.constant([0.0, 1.0, 50.0, 100.0])
out['01 tf.math.sigmoid(x)'] = show(tf.math.sigmoid(x))
x = tf.constant([-100.0, -50.0, -1.0, 0.0])
out['03 tf.math.sigmoid(x)'] = show(tf.math.sigmoid(x))
x = tf.constant([-128.0, 0.0, 128.0], dtype=tf.float32)
out['05 tf.sigmoid(x)'] = show(tf.sigmoid(x))
""",
    'math.sign': """

out['00 tf.math.sign([0., 2., -3.])'] = show(tf.math.sign([0.0, 2.0, -3.0]))
out['01 tf.math.sign([1 + 1j, 0 + 0j])'] = show(tf.math.sign([1 + 1j, 0 + 0j]))
""",
    'math.softmax': """

softmax = tf.nn.softmax([-1, 0., 1.])
out['01 softmax'] = show(softmax)
""",
    'math.sqrt': """

x = tf.constant([[4.0], [16.0]])
out['01 tf.sqrt(x)'] = show(tf.sqrt(x))
y = tf.constant([[-4.0], [16.0]])
out['03 tf.sqrt(y)'] = show(tf.sqrt(y))
z = tf.constant([[-1.0], [16.0]], dtype=tf.complex128)
out['05 tf.sqrt(z)'] = show(tf.sqrt(z))
""",
    'math.square': """

out['00 tf.math.square([-2., 0., 3.])'] = show(tf.math.square([-2.0, 0.0, 3.0]))
""",
    'math.subtract': """

x = [1, 2, 3, 4, 5]
y = 1
out['02 tf.subtract(x, y)'] = show(tf.subtract(x, y))
out['03 tf.subtract(y, x)'] = show(tf.subtract(y, x))
x = tf.convert_to_tensor([1, 2, 3, 4, 5])
y = tf.convert_to_tensor(1)
out['06 x - y'] = show(x - y)
x = [1, 2, 3, 4, 5]
y = tf.constant([5, 4, 3, 2, 1])
out['09 tf.subtract(y, x)'] = show(tf.subtract(y, x))
x = tf.constant([1, 2], dtype=tf.int8)
y = [2**8 + 1, 2**8 + 2]
out['12 tf.subtract(x, y)'] = show(tf.subtract(x, y))
x = np.ones(6).reshape(2, 3, 1)
y = np.ones(6).reshape(2, 1, 3)
out['15 tf.subtract(x, y)'] = show(tf.subtract(x, y))
x = np.ones(6).reshape(2, 3, 1)
y = np.ones(6).reshape(1, 6)
out['18 tf.subtract(x, y)'] = show(tf.subtract(x, y))
""",
    'math.tanh': """

x = tf.constant([-float("inf"), -5, -0.5, 1, 1.2, 2, 3, float("inf")])
out['01 tf.math.tanh(x)'] = show(tf.math.tanh(x))
""",
    'math.top_k': """

result = tf.math.top_k([1, 2, 98, 1, 1, 99, 3, 1, 3, 96, 4, 1],
                        k=3)
out['01 result.values'] = show(result.values)
out['02 result.indices'] = show(result.indices)
input = tf.random.normal(shape=(3,4,5,6))
k = 2
values, indices  = tf.math.top_k(input, k=k)
out['06 values.shape.as_list()'] = show(values.shape.as_list())
out['07 values.shape == indices.shape == input.shape[:-1] + [k]'] = show(values.shape == indices.shape == input.shape[:-1] + [k])
gathered_values = tf.gather(input, indices, batch_dims=-1)
result = tf.math.top_k([1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0],
                       k=3)
out['11 result.indices'] = show(result.indices)
result = tf.math.top_k([1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0],
                       k=3, index_type=tf.int16)
out['13 result.indices'] = show(result.indices)
""",
    'math.unsorted_segment_max': """

c = tf.constant([[1,2,3,4], [5,6,7,8], [4,3,2,1]])
out['01 tf.math.unsorted_segment_max(c, tf.constant([0, 1, 0]), num_segments=2'] = show(tf.math.unsorted_segment_max(c, tf.constant([0, 1, 0]), num_segments=2))
""",
    'math.unsorted_segment_min': """

c = tf.constant([[1,2,3,4], [5,6,7,8], [4,3,2,1]])
out['01 tf.math.unsorted_segment_min(c, tf.constant([0, 1, 0]), num_segments=2'] = show(tf.math.unsorted_segment_min(c, tf.constant([0, 1, 0]), num_segments=2))
""",
    'math.unsorted_segment_prod': """

c = tf.constant([[1,2,3,4], [5,6,7,8], [4,3,2,1]])
out['01 tf.math.unsorted_segment_prod(c, tf.constant([0, 1, 0]), num_segments='] = show(tf.math.unsorted_segment_prod(c, tf.constant([0, 1, 0]), num_segments=2))
""",
    'math.unsorted_segment_sum': """

c = [[1,2,3,4], [5,6,7,8], [4,3,2,1]]
out['01 tf.math.unsorted_segment_sum(c, [0, 1, 0], num_segments=2)'] = show(tf.math.unsorted_segment_sum(c, [0, 1, 0], num_segments=2))
""",
    'math.xdivy': """

out['00 tf.math.xdivy(1., 2.)'] = show(tf.math.xdivy(1.0, 2.0))
out['01 tf.math.xdivy(0., 1.)'] = show(tf.math.xdivy(0.0, 1.0))
out['02 tf.math.xdivy(0., 0.)'] = show(tf.math.xdivy(0.0, 0.0))
out['03 tf.math.xdivy(1., 0.)'] = show(tf.math.xdivy(1.0, 0.0))
""",
    'math.xlog1py': """

out['00 tf.math.xlog1py(0., 1.)'] = show(tf.math.xlog1py(0.0, 1.0))
out['01 tf.math.xlog1py(1., 1.)'] = show(tf.math.xlog1py(1.0, 1.0))
out['02 tf.math.xlog1py(2., 2.)'] = show(tf.math.xlog1py(2.0, 2.0))
out['03 tf.math.xlog1py(0., -1.)'] = show(tf.math.xlog1py(0.0, -1.0))
""",
    'meshgrid (python 0)': """

x = [1, 2, 3]
y = [4, 5, 6]
X, Y = tf.meshgrid(x, y)
out['= x'] = show(x)
out['= y'] = show(y)
out['= X'] = show(X)
out['= Y'] = show(Y)
""",
    'metrics.accuracy': """

g = tf.Graph()
with g.as_default():
  logits = [1, 2, 3]
  labels = [0, 2, 3]
  acc, acc_op = tf.compat.v1.metrics.accuracy(logits, labels)
  global_init = tf.compat.v1.global_variables_initializer()
  local_init = tf.compat.v1.local_variables_initializer()
sess = tf.compat.v1.Session(graph=g)
sess.run([global_init, local_init])
show(sess.run([acc, acc_op]))
m = tf.keras.metrics.Accuracy()
m.update_state([1, 2, 3], [0, 2, 3])
""",
    'metrics.mean': """

g = tf.Graph()
with g.as_default():
  values = [1, 2, 3]
  mean, update_op = tf.compat.v1.metrics.mean(values)
  global_init = tf.compat.v1.global_variables_initializer()
  local_init = tf.compat.v1.local_variables_initializer()
sess = tf.compat.v1.Session(graph=g)
sess.run([global_init, local_init])
sess.run(update_op)
out['05 sess.run(mean)'] = show(sess.run(mean))
m = tf.keras.metrics.Mean()
m.update_state([1, 2, 3])
""",
    'multinomial (python 0)': """

samples = tf.random.categorical(tf.math.log([[0.5, 0.5]]), 5)
out['= samples'] = show(samples)
""",
    'nest.assert_same_structure': """

tf.nest.assert_same_structure(1.5, tf.Variable(1, tf.uint32))
tf.nest.assert_same_structure("abc", np.array([1, 2]))
structure1 = (((1, 2), 3), 4, (5, 6))
structure2 = ((("foo1", "foo2"), "foo3"), "foo4", ("foo5", "foo6"))
structure3 = [(("a", "b"), "c"), "d", ["e", "f"]]
tf.nest.assert_same_structure(structure1, structure2)
tf.nest.assert_same_structure(structure1, structure3, check_types=False)
import collections
tf.nest.assert_same_structure(
    collections.namedtuple("bar", "a b")(1, 2),
    collections.namedtuple("foo", "a b")(2, 3),
    check_types=False)
tf.nest.assert_same_structure(
    collections.namedtuple("bar", "a b")(1, 2),
    { "a": 1, "b": 2 },
    check_types=False)
tf.nest.assert_same_structure(
    { "a": 1, "b": 2, "c": 3 },
    { "c": 6, "b": 5, "a": 4 })
ragged_tensor1 = tf.RaggedTensor.from_row_splits(
      values=[3, 1, 4, 1, 5, 9, 2, 6],
      row_splits=[0, 4, 4, 7, 8, 8])
ragged_tensor2 = tf.RaggedTensor.from_row_splits(
      values=[3, 1, 4],
      row_splits=[0, 3])
tf.nest.assert_same_structure(
      ragged_tensor1,
      ragged_tensor2,
      expand_composites=True)
out['14 tf.nest.assert_same_structure([0, 1], np.array([0, 1]))'] = raises(lambda: show(tf.nest.assert_same_structure([0, 1], np.array([0, 1]))))
out["15 tf.nest.assert_same_structure( collections.namedtuple('bar', 'a b')(1,"] = raises(lambda: show(tf.nest.assert_same_structure(collections.namedtuple('bar', 'a b')(1, 2), collections.namedtuple('foo', 'a b')(2, 3))))
""",
    'nest.flatten': """

dict = { "key3": "value3", "key1": "value1", "key2": "value2" }
tuple = ((1.0, 2.0), (3.0, 4.0, 5.0), 6.0)
dict = { "key3": {"c": (1.0, 2.0), "a": (3.0)},
"key1": {"m": "val1", "g": "val2"} }
array = np.array([[1, 2], [3, 4]])
tensor = tf.constant([[1., 2., 3.], [4., 5., 6.], [7., 8., 9.]])
out['09 tf.nest.flatten(tensor)'] = show(tf.nest.flatten(tensor))
tensor = tf.ragged.constant([[3, 1, 4, 1], [], [5, 9, 2]])
tensor = tf.ragged.constant([[3, 1, 4, 1], [], [5, 9, 2]])
out['13 tf.nest.flatten(tensor, expand_composites=True)'] = show(tf.nest.flatten(tensor, expand_composites=True))
""",
    'nest.map_structure': """

a = {"hello": 24, "world": 76}
out['01 tf.nest.map_structure(lambda p: p * 2, a)'] = show(tf.nest.map_structure(lambda p: p * 2, a))
d1 = {"hello": 24, "world": 76}
d2 = {"hello": 36, "world": 14}
out['04 tf.nest.map_structure(lambda p1, p2: p1 + p2, d1, d2)'] = show(tf.nest.map_structure(lambda p1, p2: p1 + p2, d1, d2))
a = [24, 76, "ab"]
out['06 tf.nest.map_structure(lambda p: p * 2, a)'] = show(tf.nest.map_structure(lambda p: p * 2, a))
out['07 tf.nest.map_structure(lambda x, y: x + y, 3, 4)'] = show(tf.nest.map_structure(lambda x, y: x + y, 3, 4))
out['08 tf.nest.map_structure(lambda x: x + 1, ())'] = show(tf.nest.map_structure(lambda x: x + 1, ()))
s1 = (((1, 2), 3), 4, (5, 6))
s1_list = [[[1, 2], 3], 4, [5, 6]]
out['11 tf.nest.map_structure(lambda x, y: None, s1, s1_list)'] = raises(lambda: show(tf.nest.map_structure(lambda x, y: None, s1, s1_list)))
s1 = (((1, 2), 3), 4, (5, 6))
s1_list = [[[1, 2], 3], 4, [5, 6]]
out['14 tf.nest.map_structure(lambda x, y: None, s1, s1_list, check_types=Fals'] = show(tf.nest.map_structure(lambda x, y: None, s1, s1_list, check_types=False))
""",
    'nest.pack_sequence_as': """

structure = { "key3": "", "key1": "", "key2": "" }
flat_sequence = ["value1", "value2", "value3"]
out['02 tf.nest.pack_sequence_as(structure, flat_sequence)'] = show(tf.nest.pack_sequence_as(structure, flat_sequence))
structure = (('a','b'), ('c','d','e'), 'f')
flat_sequence = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
out['05 tf.nest.pack_sequence_as(structure, flat_sequence)'] = show(tf.nest.pack_sequence_as(structure, flat_sequence))
structure = { "key3": {"c": ('alpha', 'beta'), "a": ('gamma')},
              "key1": {"e": "val1", "d": "val2"} }
flat_sequence = ['val2', 'val1', 3.0, 1.0, 2.0]
out['08 tf.nest.pack_sequence_as(structure, flat_sequence)'] = show(tf.nest.pack_sequence_as(structure, flat_sequence))
structure = ['a']
flat_sequence = [np.array([[1, 2], [3, 4]])]
out['11 tf.nest.pack_sequence_as(structure, flat_sequence)'] = show(tf.nest.pack_sequence_as(structure, flat_sequence))
structure = ['a']
flat_sequence = [tf.constant([[1., 2., 3.], [4., 5., 6.]])]
out['14 tf.nest.pack_sequence_as(structure, flat_sequence)'] = show(tf.nest.pack_sequence_as(structure, flat_sequence))
structure = { "foo": tf.ragged.constant([[1, 2], [3]]),
              "bar": tf.constant([[5]]) }
flat_sequence = [ "one", "two" ]
out['17 tf.nest.pack_sequence_as(structure, flat_sequence, expand_composites=F'] = show(tf.nest.pack_sequence_as(structure, flat_sequence, expand_composites=False))
structure = { "foo": tf.ragged.constant([[1., 2.], [3.]]),
              "bar": tf.constant([[5.]]) }
tensors = tf.nest.flatten(structure, expand_composites=True)
out['20 print(tensors)'] = show(tensors)
verified_tensors = [tf.debugging.check_numerics(t, 'invalid tensor: ')
                    if t.dtype==tf.float32 else t
                    for t in tensors]
out['22 tf.nest.pack_sequence_as(structure, verified_tensors, expand_composite'] = show(tf.nest.pack_sequence_as(structure, verified_tensors, expand_composites=True))
""",
    'numpy_function': """

@tf.numpy_function(Tout=tf.float32)
def my_numpy_func(x):
  # x will be a numpy array with the contents of the input to the
  # tf.function
  print(f'executing eagerly, {x=}')
  return np.sinh(x)
out['01 my_numpy_func(1.0)'] = show(my_numpy_func(1.0))
@tf.function(input_signature=[tf.TensorSpec(None, tf.float32)])
def tf_function(input):
  y = tf.numpy_function(my_numpy_func, [input], tf.float32)
  return y
out['03 tf_function(tf.constant(1.0))'] = show(tf_function(tf.constant(1.0)))
def my_func(x):
  # x will be a numpy array with the contents of the input to the
  # tf.function
  print(f'executing eagerly, {x=}')
  return np.sinh(x)
out['05 tf.numpy_function(my_func, [tf.constant(1.0)], tf.float32)'] = show(tf.numpy_function(my_func, [tf.constant(1.0)], tf.float32))
""",
    'one_hot (python 0)': """

indices = [0, 1, 2]
depth = 3
out['02 tf.one_hot(indices, depth)'] = show(tf.one_hot(indices, depth))
indices = [0, 2, -1, 1]
depth = 3
out['05 tf.one_hot(indices, depth, on_value=5.0, off_value=0.0, axis=-1)'] = show(tf.one_hot(indices, depth, on_value=5.0, off_value=0.0, axis=-1))
indices = [[0, 2], [1, -1]]
depth = 3
out['08 tf.one_hot(indices, depth, on_value=1.0, off_value=0.0, axis=-1)'] = show(tf.one_hot(indices, depth, on_value=1.0, off_value=0.0, axis=-1))
indices = tf.ragged.constant([[0, 1], [2]])
depth = 3
out['11 tf.one_hot(indices, depth)'] = show(tf.one_hot(indices, depth))
out['= indices'] = show(indices)
out['= depth'] = show(depth)
""",
    'ones': """

out['00 tf.ones([3, 4], tf.int32)'] = show(tf.ones([3, 4], tf.int32))
""",
    'ones_initializer': """

initializer = tf.compat.v1.keras.initializers.ones()
out['01 initializer((1, 1))'] = show(initializer((1, 1)))
initializer = tf.keras.initializers.ones()
out['03 initializer((1, 1))'] = show(initializer((1, 1)))
""",
    'ones_like (python 0)': """

tensor = tf.constant([[1, 2, 3], [4, 5, 6]])
out['01 tf.ones_like(tensor)'] = show(tf.ones_like(tensor))
out['= tensor'] = show(tensor)
""",
    'pad (python 0)': """

t = tf.constant([[1, 2, 3], [4, 5, 6]])
paddings = tf.constant([[1, 1], [2, 2]])
out["02 tf.pad(t, paddings, 'CONSTANT')"] = show(tf.pad(t, paddings, 'CONSTANT'))
out["03 tf.pad(t, paddings, 'REFLECT')"] = show(tf.pad(t, paddings, 'REFLECT'))
out["04 tf.pad(t, paddings, 'SYMMETRIC')"] = show(tf.pad(t, paddings, 'SYMMETRIC'))
out['= t'] = show(t)
out['= paddings'] = show(paddings)
""",
    'parallel_stack (python 0)': """

x = tf.constant([1, 4])
y = tf.constant([2, 5])
z = tf.constant([3, 6])
out['03 tf.parallel_stack([x, y, z])'] = show(tf.parallel_stack([x, y, z]))
out['= x'] = show(x)
out['= y'] = show(y)
out['= z'] = show(z)
""",
    'print (python 0)': """

tensor = tf.range(10)
out['= tensor'] = show(tensor)
""",
    'print (python 1)': """

tensor = tf.range(10)
out['= tensor'] = show(tensor)
""",
    'print (python 2)': """

tensor_a = tf.range(2)
tensor_b = tensor_a * 2
out['= tensor_a'] = show(tensor_a)
out['= tensor_b'] = show(tensor_b)
""",
    'print (python 4)': """

out['00 tf.compat.v1.disable_v2_behavior()'] = show(tf.compat.v1.disable_v2_behavior())
sess = tf.compat.v1.Session()
out['= sess'] = show(sess)
""",
    'py_func': """

def fn_using_numpy(x):
  x[0] = 0.
  return x
out['01 tf.compat.v1.py_func(fn_using_numpy, inp=[tf.constant([1., 2.])], Tout'] = show(tf.compat.v1.py_func(fn_using_numpy, inp=[tf.constant([1.0, 2.0])], Tout=tf.float32, stateful=False))
out['02 tf.numpy_function(fn_using_numpy, inp=[tf.constant([1., 2.])], Tout=tf'] = show(tf.numpy_function(fn_using_numpy, inp=[tf.constant([1.0, 2.0])], Tout=tf.float32))
""",
    'py_function': """

@tf.py_function(Tout=tf.float32)
def py_log_huber(x, m):
  print('Running with eager execution.')
  if tf.abs(x) <= m:
    return x**2
  else:
    return m**2 * (1 - 2 * tf.math.log(m) + tf.math.log(x**2))
x = tf.constant(1.0)
m = tf.constant(2.0)
out['03 print(py_log_huber(x, m))'] = show(py_log_huber(x, m))
@tf.function
def tf_wrapper(x):
  print('Tracing.')
  m = tf.constant(2.0)
  return py_log_huber(x,m)
out['05 print(tf_wrapper(x))'] = show(tf_wrapper(x))
out['06 print(tf_wrapper(x))'] = show(tf_wrapper(x))
with tf.GradientTape() as t:
  t.watch(x)
  y = tf_wrapper(x)
def log_huber(x, m):
  if tf.abs(x) <= m:
    return x**2
  else:
    return m**2 * (1 - 2 * tf.math.log(m) + tf.math.log(x**2))
x = tf.constant(1.0)
m = tf.constant(2.0)
out['12 tf.py_function(func=log_huber, inp=[x, m], Tout=tf.float32)'] = show(tf.py_function(func=log_huber, inp=[x, m], Tout=tf.float32))
""",
    'random.categorical (python 0)': """

samples = tf.random.categorical(tf.math.log([[0.5, 0.5]]), 5)
out['= samples'] = show(samples)
""",
    'random.gamma (python 0)': """

samples = tf.random.gamma([10], [0.5, 1.5])
samples = tf.random.gamma([7, 5], [0.5, 1.5])
alpha = tf.constant([[1.0], [3.0], [5.0]])
beta = tf.constant([[3.0, 4.0]])
samples = tf.random.gamma([30], alpha=alpha, beta=beta)
loss = tf.reduce_mean(tf.square(samples))
dloss_dalpha, dloss_dbeta = tf.gradients(loss, [alpha, beta])
out['07 alpha.shape == dloss_dalpha.shape'] = show(alpha.shape == dloss_dalpha.shape)
out['08 beta.shape == dloss_dbeta.shape'] = show(beta.shape == dloss_dbeta.shape)
out['= samples'] = show(samples)
out['= alpha'] = show(alpha)
out['= beta'] = show(beta)
out['= loss'] = show(loss)
out['= dloss_dalpha'] = show(dloss_dalpha)
out['= dloss_dbeta'] = show(dloss_dbeta)
""",
    'random.normal': """

tf.set_random_seed(5);
out['01 tf.random.normal([4], 0, 1, tf.float32)'] = show(tf.random.normal([4], 0, 1, tf.float32))
tf.set_random_seed(5);
out['03 tf.random.normal([2,2], 0, 1, tf.float32, seed=1)'] = show(tf.random.normal([2, 2], 0, 1, tf.float32, seed=1))
""",
    'random.poisson (python 0)': """

samples = tf.random.poisson([0.5, 1.5], [10])
samples = tf.random.poisson([12.2, 3.3], [7, 5])
out['= samples'] = show(samples)
""",
    'random.set_random_seed (python 0)': """

a = tf.random.uniform([1])
b = tf.random.normal([1])
out["02 'Session 1'"] = show('Session 1')
with tf.compat.v1.Session() as sess1:
    print(sess1.run(a))
    print(sess1.run(a))
    print(sess1.run(b))
    print(sess1.run(b))
out["04 'Session 2'"] = show('Session 2')
with tf.compat.v1.Session() as sess2:
    print(sess2.run(a))
    print(sess2.run(a))
    print(sess2.run(b))
    print(sess2.run(b))
out['= a'] = show(a)
out['= b'] = show(b)
out['= sess1'] = show(sess1)
out['= sess2'] = show(sess2)
""",
    'random.set_random_seed (python 1)': """

a = tf.random.uniform([1], seed=1)
b = tf.random.normal([1])
out["02 'Session 1'"] = show('Session 1')
with tf.compat.v1.Session() as sess1:
    print(sess1.run(a))
    print(sess1.run(a))
    print(sess1.run(b))
    print(sess1.run(b))
out["04 'Session 2'"] = show('Session 2')
with tf.compat.v1.Session() as sess2:
    print(sess2.run(a))
    print(sess2.run(a))
    print(sess2.run(b))
    print(sess2.run(b))
out['= a'] = show(a)
out['= b'] = show(b)
out['= sess1'] = show(sess1)
out['= sess2'] = show(sess2)
""",
    'random.set_random_seed (python 2)': """

out['00 tf.compat.v1.random.set_random_seed(1234)'] = show(tf.compat.v1.random.set_random_seed(1234))
a = tf.random.uniform([1])
b = tf.random.normal([1])
out["03 'Session 1'"] = show('Session 1')
with tf.compat.v1.Session() as sess1:
    print(sess1.run(a))
    print(sess1.run(a))
    print(sess1.run(b))
    print(sess1.run(b))
out["05 'Session 2'"] = show('Session 2')
with tf.compat.v1.Session() as sess2:
    print(sess2.run(a))
    print(sess2.run(a))
    print(sess2.run(b))
    print(sess2.run(b))
out['= a'] = show(a)
out['= b'] = show(b)
out['= sess1'] = show(sess1)
out['= sess2'] = show(sess2)
""",
    'random.stateless_categorical (python 0)': """

samples = tf.random.stateless_categorical(tf.math.log([[0.5, 0.5]]), 5, seed=[7, 17])
out['= samples'] = show(samples)
""",
    'random.stateless_multinomial (python 0)': """

samples = tf.random.stateless_categorical(tf.math.log([[0.5, 0.5]]), 5, seed=[7, 17])
out['= samples'] = show(samples)
""",
    'random.stateless_uniform (python 0)': """

ints = tf.random.stateless_uniform([10], seed=(2, 3), minval=None, maxval=None, dtype=tf.int32)
out['= ints'] = show(ints)
""",
    'random.truncated_normal': """

out['00 tf.random.truncated_normal(shape=[2])'] = show(tf.random.truncated_normal(shape=[2]))
out['01 tf.random.truncated_normal(shape=[2], mean=3, stddev=1, dtype=tf.float'] = show(tf.random.truncated_normal(shape=[2], mean=3, stddev=1, dtype=tf.float32))
""",
    'random.uniform': """

out['00 tf.random.uniform(shape=[2])'] = show(tf.random.uniform(shape=[2]))
out['01 tf.random.uniform(shape=[], minval=-1., maxval=0.)'] = show(tf.random.uniform(shape=[], minval=-1.0, maxval=0.0))
out['02 tf.random.uniform(shape=[], minval=5, maxval=10, dtype=tf.int64)'] = show(tf.random.uniform(shape=[], minval=5, maxval=10, dtype=tf.int64))
tf.set_random_seed(5)
out['04 tf.random.uniform(shape=[], maxval=3, dtype=tf.int32, seed=10)'] = show(tf.random.uniform(shape=[], maxval=3, dtype=tf.int32, seed=10))
out['05 tf.random.uniform(shape=[], maxval=3, dtype=tf.int32, seed=10)'] = show(tf.random.uniform(shape=[], maxval=3, dtype=tf.int32, seed=10))
tf.set_random_seed(5)
out['07 tf.random.uniform(shape=[], maxval=3, dtype=tf.int32, seed=10)'] = show(tf.random.uniform(shape=[], maxval=3, dtype=tf.int32, seed=10))
out['08 tf.random.uniform(shape=[], maxval=3, dtype=tf.int32, seed=10)'] = show(tf.random.uniform(shape=[], maxval=3, dtype=tf.int32, seed=10))
""",
    'range': """

start = 3
limit = 18
delta = 3
out['03 tf.range(start, limit, delta)'] = show(tf.range(start, limit, delta))
start = 3
limit = 1
delta = -0.5
out['07 tf.range(start, limit, delta)'] = show(tf.range(start, limit, delta))
limit = 5
out['09 tf.range(limit)'] = show(tf.range(limit))
""",
    'rank (python 0)': """

t = tf.constant([[[1, 1, 1], [2, 2, 2]], [[3, 3, 3], [4, 4, 4]]])
out['01 tf.rank(t)'] = show(tf.rank(t))
out['= t'] = show(t)
""",
    'read_file': """

with open("/tmp/file.txt", "w") as f:
  f.write("asdf")
out['01 tf.io.read_file("/tmp/file.txt")'] = show(tf.io.read_file('/tmp/file.txt'))
@tf.function
def load_image(filename):
  raw = tf.io.read_file(filename)
  image = tf.image.decode_png(raw, channels=3)
  # the `print` executes during tracing.
  print("Initial shape: ", image.shape)
  image.set_shape([28, 28, 3])
  print("Final shape: ", image.shape)
  return image
""",
    'reduce_join': """

out["00 tf.strings.reduce_join([['abc', '123'], ['def', '456']])"] = show(tf.strings.reduce_join([['abc', '123'], ['def', '456']]))
out["01 tf.strings.reduce_join([['abc', '123'], ['def', '456']], axis=-1)"] = show(tf.strings.reduce_join([['abc', '123'], ['def', '456']], axis=-1))
out["02 tf.strings.reduce_join([['abc', '123'], ['def', '456']], axis=-1, sepa"] = show(tf.strings.reduce_join([['abc', '123'], ['def', '456']], axis=-1, separator=' '))
""",
    'regex_replace': """

out['00 tf.strings.regex_replace("Text with tags.<br /><b>contains html</b>", '] = show(tf.strings.regex_replace('Text with tags.<br /><b>contains html</b>', '<[^>]+>', ' '))
""",
    'reverse_sequence': """

seq_lengths = [7, 2, 3, 5]
input = [[1, 2, 3, 4, 5, 0, 0, 0], [1, 2, 0, 0, 0, 0, 0, 0],
         [1, 2, 3, 4, 0, 0, 0, 0], [1, 2, 3, 4, 5, 6, 7, 8]]
output = tf.reverse_sequence(input, seq_lengths, seq_axis=1, batch_axis=0)
out['03 output'] = show(output)
""",
    'saved_model.load_v2 (python 1)': """

exported = tf.train.Checkpoint(v=tf.Variable(3.0))
exported.f = tf.function(lambda x: exported.v * x, input_signature=[tf.TensorSpec(shape=None, dtype=tf.float32)])
out['= exported'] = show(exported)
""",
    'saved_model.save': """

class Adder(tf.Module):
  @tf.function(input_signature=[tf.TensorSpec(shape=[], dtype=tf.float32)])
  def add(self, x):
    return x + x
model = Adder()
tf.saved_model.save(model, '/tmp/adder')
class Adder(tf.Module):
  @tf.function
  def add(self, x):
    return x + x
model = Adder()
tf.saved_model.save(
  model, '/tmp/adder',signatures=model.add.get_concrete_function(
    tf.TensorSpec([], tf.float32)))
class Adder(tf.Module):
  @tf.function
  def add(self, x):
    return x + x
model = Adder()
tf.saved_model.save(model, '/tmp/adder')
out['10 restored.add(1.)'] = raises(lambda: show(restored.add(1.0)))
class Adder(tf.keras.Model):
  @tf.function(input_signature=[tf.TensorSpec(shape=[], dtype=tf.string)])
  def concat(self, x):
     return x + x
model = Adder()
tf.saved_model.save(model, '/tmp/adder')
class Adder(tf.keras.Model):
  @tf.function
  def concat(self, x):
     return x + x
model = Adder()
tf.saved_model.save(
  model, '/tmp/adder',
  signatures=model.concat.get_concrete_function(
    tf.TensorSpec(shape=[], dtype=tf.string, name="string_input")))
x = tf.keras.layers.Input((4,), name="x")
y = tf.keras.layers.Dense(5, name="out")(x)
model = tf.keras.Model(x, y)
tf.saved_model.save(model, '/tmp/saved_model/')
""",
    'scan (python 0)': """

elems = np.array([1, 2, 3, 4, 5, 6])
out['= elems'] = show(elems)
out['= sum'] = show(sum)
""",
    'scan (python 1)': """

elems = np.array([1, 2, 3, 4, 5, 6])
initializer = np.array(0)
out['= elems'] = show(elems)
out['= initializer'] = show(initializer)
""",
    'scan (python 2)': """

elems = np.array([1, 0, 0, 0, 0, 0])
initializer = (np.array(0), np.array(1))
out['= elems'] = show(elems)
out['= initializer'] = show(initializer)
""",
    'searchsorted': """

edges = [-1, 3.3, 9.1, 10.0]
values = [0.0, 4.1, 12.0]
out['02 tf.searchsorted(edges, values)'] = show(tf.searchsorted(edges, values))
seq = [0, 3, 9, 10, 10]
values = [0, 4, 10]
out['05 tf.searchsorted(seq, values)'] = show(tf.searchsorted(seq, values))
out["06 tf.searchsorted(seq, values, side='right')"] = show(tf.searchsorted(seq, values, side='right'))
sorted_sequence = [[0., 3., 8., 9., 10.],
                   [1., 2., 3., 4., 5.]]
values = [[9.8, 2.1, 4.3],
          [0.1, 6.6, 4.5, ]]
out['09 tf.searchsorted(sorted_sequence, values)'] = show(tf.searchsorted(sorted_sequence, values))
""",
    'sequence_mask (python 0)': """

out['00 tf.sequence_mask([1, 3, 2], 5)'] = show(tf.sequence_mask([1, 3, 2], 5))
out['01 tf.sequence_mask([[1, 3], [2, 0]])'] = show(tf.sequence_mask([[1, 3], [2, 0]]))
""",
    'shape (python 0)': """

t = tf.constant([[[1, 1, 1], [2, 2, 2]], [[3, 3, 3], [4, 4, 4]]])
out['01 tf.shape(t)'] = show(tf.shape(t))
out['= t'] = show(t)
""",
    'shape_n': """

a = tf.ones([1, 2])
b = tf.ones([2, 3])
c = tf.ones([3, 4])
out['03 tf.shape_n([a, b, c])'] = show(tf.shape_n([a, b, c]))
""",
    'signal.fftshift (python 0)': """

x = tf.signal.fftshift([0.0, 1.0, 2.0, 3.0, 4.0, -5.0, -4.0, -3.0, -2.0, -1.0])
out['01 x'] = show(x)
out['= x'] = show(x)
""",
    'signal.ifftshift (python 0)': """

x = tf.signal.ifftshift([[0.0, 1.0, 2.0], [3.0, 4.0, -4.0], [-3.0, -2.0, -1.0]])
out['01 x'] = show(x)
out['= x'] = show(x)
""",
    'signal.inverse_stft (python 0)': """

frame_length = 400
frame_step = 160
waveform = tf.random.normal(dtype=tf.float32, shape=[1000])
stft = tf.signal.stft(waveform, frame_length, frame_step)
inverse_stft = tf.signal.inverse_stft(stft, frame_length, frame_step, window_fn=tf.signal.inverse_stft_window_fn(frame_step))
out['= frame_length'] = show(frame_length)
out['= frame_step'] = show(frame_step)
out['= waveform'] = show(waveform)
out['= stft'] = show(stft)
out['= inverse_stft'] = show(inverse_stft)
""",
    'signal.inverse_stft (python 1)': """

frame_length = 400
frame_step = 160
window_fn = tf.signal.hamming_window
waveform = tf.random.normal(dtype=tf.float32, shape=[1000])
stft = tf.signal.stft(waveform, frame_length, frame_step, window_fn=window_fn)
inverse_stft = tf.signal.inverse_stft(stft, frame_length, frame_step, window_fn=tf.signal.inverse_stft_window_fn(frame_step, forward_window_fn=window_fn))
out['= frame_length'] = show(frame_length)
out['= frame_step'] = show(frame_step)
out['= window_fn'] = show(window_fn)
out['= waveform'] = show(waveform)
out['= stft'] = show(stft)
out['= inverse_stft'] = show(inverse_stft)
""",
    'size (python 0)': """

t = tf.constant([[[1, 1, 1], [2, 2, 2]], [[3, 3, 3], [4, 4, 4]]])
out['01 tf.size(t)'] = show(tf.size(t))
out['= t'] = show(t)
""",
    'slice (python 0)': """

t = tf.constant([[[1, 1, 1], [2, 2, 2]], [[3, 3, 3], [4, 4, 4]], [[5, 5, 5], [6, 6, 6]]])
out['01 tf.slice(t, [1, 0, 0], [1, 1, 3])'] = show(tf.slice(t, [1, 0, 0], [1, 1, 3]))
out['02 tf.slice(t, [1, 0, 0], [1, 2, 3])'] = show(tf.slice(t, [1, 0, 0], [1, 2, 3]))
out['03 tf.slice(t, [1, 0, 0], [2, 1, 3])'] = show(tf.slice(t, [1, 0, 0], [2, 1, 3]))
out['= t'] = show(t)
""",
    'sort': """

a = [1, 10, 26.9, 2.8, 166.32, 62.3]
out['01 tf.sort(a)'] = show(tf.sort(a))
out["02 tf.sort(a, direction='DESCENDING')"] = show(tf.sort(a, direction='DESCENDING'))
mat = [[3,2,1],
       [2,1,3],
       [1,3,2]]
out['04 tf.sort(mat, axis=-1)'] = show(tf.sort(mat, axis=-1))
out['05 tf.sort(mat, axis=0)'] = show(tf.sort(mat, axis=0))
""",
    'sparse.cross': """

inp_0 = tf.constant([['a'], ['b']])
inp_1 = tf.constant([['c'], ['d']])
output = tf.sparse.cross([inp_0, inp_1], separator='_Y_')
out['03 output.values'] = show(output.values)
""",
    'sparse.expand_dims': """

sp = tf.sparse.SparseTensor(indices=[[3,4,1]], values=[7,],
                            dense_shape=[10,10,3])
out['01 tf.sparse.expand_dims(sp, axis=0).shape.as_list()'] = show(tf.sparse.expand_dims(sp, axis=0).shape.as_list())
out['02 tf.sparse.expand_dims(sp, axis=1).shape.as_list()'] = show(tf.sparse.expand_dims(sp, axis=1).shape.as_list())
out['03 tf.sparse.expand_dims(sp, axis=-1).shape.as_list()'] = show(tf.sparse.expand_dims(sp, axis=-1).shape.as_list())
out['04 sp.shape.as_list()'] = show(sp.shape.as_list())
out['05 tf.sparse.expand_dims(sp).shape.as_list()'] = show(tf.sparse.expand_dims(sp).shape.as_list())
""",
    'sparse.from_dense': """

sp = tf.sparse.from_dense([0, 0, 3, 0, 1])
out['01 sp.shape.as_list()'] = show(sp.shape.as_list())
out['02 sp.values'] = show(sp.values)
out['03 sp.indices'] = show(sp.indices)
""",
    'sparse.maximum': """

sp_zero = tf.sparse.SparseTensor([[0]], [0], [7])
sp_one = tf.sparse.SparseTensor([[1]], [1], [7])
res = tf.sparse.maximum(sp_zero, sp_one)
out['03 res.indices'] = show(res.indices)
out['04 res.values'] = show(res.values)
out['05 res.dense_shape'] = show(res.dense_shape)
""",
    'sparse.minimum': """

sp_zero = tf.sparse.SparseTensor([[0]], [0], [7])
sp_one = tf.sparse.SparseTensor([[1]], [1], [7])
res = tf.sparse.minimum(sp_zero, sp_one)
out['03 res.indices'] = show(res.indices)
out['04 res.values'] = show(res.values)
out['05 res.dense_shape'] = show(res.dense_shape)
""",
    'sparse.reduce_max': """

x = tf.sparse.SparseTensor([[0, 0], [0, 2], [1, 1]], [1, 2, 3], [2, 3])
out['01 tf.sparse.reduce_max(x)'] = show(tf.sparse.reduce_max(x))
out['02 tf.sparse.reduce_max(x, 0)'] = show(tf.sparse.reduce_max(x, 0))
out['03 tf.sparse.reduce_max(x, 1)'] = show(tf.sparse.reduce_max(x, 1))
out['04 tf.sparse.reduce_max(x, 1, keepdims=True)'] = show(tf.sparse.reduce_max(x, 1, keepdims=True))
out['05 tf.sparse.reduce_max(x, [0, 1])'] = show(tf.sparse.reduce_max(x, [0, 1]))
y = tf.sparse.SparseTensor([[0, 0,], [1, 0], [1, 1]], [-7, 4, 3],
[3, 2])
out['07 tf.sparse.reduce_max(y, 1)'] = show(tf.sparse.reduce_max(y, 1))
""",
    'sparse.reduce_sum': """

x = tf.sparse.SparseTensor([[0, 0], [0, 2], [1, 1]], [1, 1, 1], [2, 3])
out['01 tf.sparse.reduce_sum(x)'] = show(tf.sparse.reduce_sum(x))
out['02 tf.sparse.reduce_sum(x, 0)'] = show(tf.sparse.reduce_sum(x, 0))
out['03 tf.sparse.reduce_sum(x, 1) # Can also use -1 as the axis'] = show(tf.sparse.reduce_sum(x, 1))
out['04 tf.sparse.reduce_sum(x, 1, keepdims=True)'] = show(tf.sparse.reduce_sum(x, 1, keepdims=True))
out['05 tf.sparse.reduce_sum(x, [0, 1])'] = show(tf.sparse.reduce_sum(x, [0, 1]))
""",
    'sparse.segment_sum (python 0)': """

c = tf.constant([[1, 2, 3, 4], [-1, -2, -3, -4], [5, 6, 7, 8]])
out['01 tf.sparse.segment_sum(c, tf.constant([0, 1]), tf.constant([0, 0]))'] = show(tf.sparse.segment_sum(c, tf.constant([0, 1]), tf.constant([0, 0])))
out['02 tf.sparse.segment_sum(c, tf.constant([0, 1]), tf.constant([0, 1]))'] = show(tf.sparse.segment_sum(c, tf.constant([0, 1]), tf.constant([0, 1])))
out['03 tf.sparse.segment_sum(c, tf.constant([0, 1]), tf.constant([0, 2]), num'] = show(tf.sparse.segment_sum(c, tf.constant([0, 1]), tf.constant([0, 2]), num_segments=4))
out['04 tf.sparse.segment_sum(c, tf.constant([0, 1, 2]), tf.constant([0, 0, 1]'] = show(tf.sparse.segment_sum(c, tf.constant([0, 1, 2]), tf.constant([0, 0, 1])))
out['05 tf.math.segment_sum(c, tf.constant([0, 0, 1]))'] = show(tf.math.segment_sum(c, tf.constant([0, 0, 1])))
out['= c'] = show(c)
""",
    'sparse.softmax': """

st = tf.sparse.from_dense(
  [[[0., np.e],
    [1., 0.]],

   [[np.e, 0.],
    [np.e, np.e]]])
res = tf.sparse.softmax(st)
out['02 res.indices'] = show(res.indices)
out['03 res.values'] = show(res.values)
out['04 res.dense_shape'] = show(res.dense_shape)
out['05 tf.sparse.to_dense(res)'] = show(tf.sparse.to_dense(res))
""",
    'sparse.to_dense': """

sp_input = tf.sparse.SparseTensor(
  dense_shape=[3, 5],
  values=[7, 8, 9],
  indices =[[0, 1],
            [0, 3],
            [2, 0]])
out['01 tf.sparse.to_dense(sp_input)'] = show(tf.sparse.to_dense(sp_input))
""",
    'sparse.transpose': """

x = tf.SparseTensor(indices=[[0, 1], [0, 3], [2, 3], [3, 1]],
                    values=[1.1, 2.2, 3.3, 4.4],
                    dense_shape=[4, 5])
out["01 print('x =', tf.sparse.to_dense(x))"] = show(print('x =', tf.sparse.to_dense(x)))
x_transpose = tf.sparse.transpose(x)
out["03 print('x_transpose =', tf.sparse.to_dense(x_transpose))"] = show(print('x_transpose =', tf.sparse.to_dense(x_transpose)))
x = tf.SparseTensor(indices=[[0, 0, 1], [0, 0, 3], [1, 2, 3], [1, 3, 1]],
                    values=[1.1, 2.2, 3.3, 4.4],
                    dense_shape=[2, 4, 5])
out["05 print('x =', tf.sparse.to_dense(x))"] = show(print('x =', tf.sparse.to_dense(x)))
x_transpose = tf.sparse.transpose(x, perm=[0, 2, 1])
out["07 print('x_transpose =', tf.sparse.to_dense(x_transpose))"] = show(print('x_transpose =', tf.sparse.to_dense(x_transpose)))
""",
    'split': """

x = tf.Variable(tf.random.uniform([5, 30], -1, 1))
s0, s1, s2 = tf.split(x, num_or_size_splits=3, axis=1)
out['02 tf.shape(s0)'] = show(tf.shape(s0))
split0, split1, split2 = tf.split(x, [4, 15, 11], 1)
out['04 tf.shape(split0)'] = show(tf.shape(split0))
out['05 tf.shape(split1)'] = show(tf.shape(split1))
out['06 tf.shape(split2)'] = show(tf.shape(split2))
""",
    'squeeze': """

t = tf.ones([1, 2, 1, 3, 1, 1])
out['01 print(tf.shape(tf.squeeze(t)))'] = show(tf.shape(tf.squeeze(t)))
t = tf.ones([1, 2, 1, 3, 1, 1])
out['03 print(tf.shape(tf.squeeze(t, [2, 4])))'] = show(tf.shape(tf.squeeze(t, [2, 4])))
""",
    'stack': """

x = tf.constant([1, 4])
y = tf.constant([2, 5])
z = tf.constant([3, 6])
out['03 tf.stack([x, y, z])'] = show(tf.stack([x, y, z]))
out['04 tf.stack([x, y, z], axis=1)'] = show(tf.stack([x, y, z], axis=1))
""",
    'strided_slice (python 0)': """

t = tf.constant([[[1, 1, 1], [2, 2, 2]], [[3, 3, 3], [4, 4, 4]], [[5, 5, 5], [6, 6, 6]]])
out['01 tf.strided_slice(t, [1, 0, 0], [2, 1, 3], [1, 1, 1])'] = show(tf.strided_slice(t, [1, 0, 0], [2, 1, 3], [1, 1, 1]))
out['02 tf.strided_slice(t, [1, 0, 0], [2, 2, 3], [1, 1, 1])'] = show(tf.strided_slice(t, [1, 0, 0], [2, 2, 3], [1, 1, 1]))
out['03 tf.strided_slice(t, [1, -1, 0], [2, -3, 3], [1, -1, 1])'] = show(tf.strided_slice(t, [1, -1, 0], [2, -3, 3], [1, -1, 1]))
out['= t'] = show(t)
""",
    'string_join': """

out["00 tf.strings.join(['abc', 'def'])"] = show(tf.strings.join(['abc', 'def']))
out["01 tf.strings.join([['abc', '123'], ['def', '456'], ['ghi', '789']])"] = show(tf.strings.join([['abc', '123'], ['def', '456'], ['ghi', '789']]))
out["02 tf.strings.join([['abc', '123'], ['def', '456']], separator=' ')"] = show(tf.strings.join([['abc', '123'], ['def', '456']], separator=' '))
""",
    'string_split': """

out["00 print(tf.compat.v1.string_split(['hello world', 'a b c']))"] = show(tf.compat.v1.string_split(['hello world', 'a b c']))
out["01 print(tf.compat.v1.string_split(['hello world', 'a b c'], result_type="] = show(tf.compat.v1.string_split(['hello world', 'a b c'], result_type='RaggedTensor'))
""",
    'string_strip': """

out["00 tf.strings.strip(['\\\\nTensorFlow', ' The python library '])"] = show(tf.strings.strip(['\\nTensorFlow', '     The python library    ']))
""",
    'string_to_hash_bucket_fast': """

out["00 tf.strings.to_hash_bucket_fast(['Hello', 'TensorFlow', '2.x'], 3)"] = show(tf.strings.to_hash_bucket_fast(['Hello', 'TensorFlow', '2.x'], 3))
""",
    'string_to_hash_bucket_strong': """

out["00 tf.strings.to_hash_bucket_strong(['Hello', 'TF'], 3, [1, 2])"] = show(tf.strings.to_hash_bucket_strong(['Hello', 'TF'], 3, [1, 2]))
""",
    'string_to_number': """

strings = ["5.0", "3.0", "7.0"]
out['01 tf.strings.to_number(strings)'] = show(tf.strings.to_number(strings))
""",
    'strings.bytes_split': """

out["00 tf.strings.bytes_split('hello')"] = show(tf.strings.bytes_split('hello'))
out["01 tf.strings.bytes_split(['hello', '123'])"] = show(tf.strings.bytes_split(['hello', '123']))
""",
    'strings.format': """

tensor = tf.range(5)
out['01 tf.strings.format("tensor: {}, suffix", tensor)'] = show(tf.strings.format('tensor: {}, suffix', tensor))
tensor_a = tf.range(2)
tensor_b = tf.range(1, 4, 2)
out['04 tf.strings.format("a: {}, b: {}, suffix", (tensor_a, tensor_b))'] = show(tf.strings.format('a: {}, b: {}, suffix', (tensor_a, tensor_b)))
""",
    'strings.length': """

strings = tf.constant(['Hello','TensorFlow', '🙂'])
out['01 tf.strings.length(strings)'] = show(tf.strings.length(strings))
out["02 tf.strings.length(strings, unit='UTF8_CHAR')"] = show(tf.strings.length(strings, unit='UTF8_CHAR'))
""",
    'strings.lower': """

out['00 tf.strings.lower("CamelCase string and ALL CAPS")'] = show(tf.strings.lower('CamelCase string and ALL CAPS'))
""",
    'strings.ngrams': """

out["00 tf.strings.ngrams(['A', 'B', 'C', 'D'], 2)"] = show(tf.strings.ngrams(['A', 'B', 'C', 'D'], 2))
out["01 tf.strings.ngrams(['TF', 'and', 'keras'], 1)"] = show(tf.strings.ngrams(['TF', 'and', 'keras'], 1))
""",
    'strings.regex_full_match': """

out['00 tf.strings.regex_full_match(["TF lib", "lib TF"], ".*lib$")'] = show(tf.strings.regex_full_match(['TF lib', 'lib TF'], '.*lib$'))
out['01 tf.strings.regex_full_match(["TF lib", "lib TF"], ".*TF$")'] = show(tf.strings.regex_full_match(['TF lib', 'lib TF'], '.*TF$'))
""",
    'strings.split': """

out["00 print(tf.compat.v1.strings.split(['hello world', 'a b c']))"] = show(tf.compat.v1.strings.split(['hello world', 'a b c']))
out["01 print(tf.compat.v1.strings.split(['hello world', 'a b c'], result_type"] = show(tf.compat.v1.strings.split(['hello world', 'a b c'], result_type='RaggedTensor'))
""",
    'strings.substr (python 0)': """

input = [b'Hello', b'World']
position = 1
length = 3
output = [b'ell', b'orl']
out['= input'] = show(input)
out['= position'] = show(position)
out['= length'] = show(length)
out['= output'] = show(output)
""",
    'strings.substr (python 1)': """

input = [[b'ten', b'eleven', b'twelve'], [b'thirteen', b'fourteen', b'fifteen'], [b'sixteen', b'seventeen', b'eighteen']]
position = [[1, 2, 3], [1, 2, 3], [1, 2, 3]]
length = [[2, 3, 4], [4, 3, 2], [5, 5, 5]]
output = [[b'en', b'eve', b'lve'], [b'hirt', b'urt', b'te'], [b'ixtee', b'vente', b'hteen']]
out['= input'] = show(input)
out['= position'] = show(position)
out['= length'] = show(length)
out['= output'] = show(output)
""",
    'strings.unsorted_segment_join': """

inputs = ['this', 'a', 'test', 'is']
segment_ids = [0, 1, 1, 0]
num_segments = 2
separator = ' '
out['04 tf.strings.unsorted_segment_join(inputs, segment_ids, num_segments, se'] = show(tf.strings.unsorted_segment_join(inputs, segment_ids, num_segments, separator))
inputs = [['Y', 'q', 'c'], ['Y', '6', '6'], ['p', 'G', 'a']]
segment_ids = [1, 0, 1]
num_segments = 2
out['08 tf.strings.unsorted_segment_join(inputs, segment_ids, num_segments, se'] = show(tf.strings.unsorted_segment_join(inputs, segment_ids, num_segments, separator=':'))
""",
    'strings.upper': """

out['00 tf.strings.upper("CamelCase string and ALL CAPS")'] = show(tf.strings.upper('CamelCase string and ALL CAPS'))
""",
    'summary.FileWriter (python 0)': """

dist = tf.compat.v1.placeholder(tf.float32, [100])
writer = tf.compat.v1.summary.FileWriter('/tmp/tf1_summary_example')
summaries = tf.compat.v1.summary.merge_all()
sess = tf.compat.v1.Session()
out['= writer'] = show(writer)
out['= summaries'] = show(summaries)
out['= sess'] = show(sess)
""",
    'summary.merge (python 0)': """

dist = tf.compat.v1.placeholder(tf.float32, [100])
writer = tf.compat.v1.summary.FileWriter('/tmp/tf1_summary_example')
summaries = tf.compat.v1.summary.merge_all()
sess = tf.compat.v1.Session()
out['= writer'] = show(writer)
out['= summaries'] = show(summaries)
out['= sess'] = show(sess)
""",
    'summary.merge_all (python 0)': """

dist = tf.compat.v1.placeholder(tf.float32, [100])
writer = tf.compat.v1.summary.FileWriter('/tmp/tf1_summary_example')
summaries = tf.compat.v1.summary.merge_all()
sess = tf.compat.v1.Session()
out['= writer'] = show(writer)
out['= summaries'] = show(summaries)
out['= sess'] = show(sess)
""",
    'switch_case (python 0)': """

branches = {0: lambda: 17, 1: lambda: 31}
out['= branches'] = show(branches)
""",
    'tables_initializer': """

with tf.compat.v1.Session():
  init = tf.compat.v1.lookup.KeyValueTensorInitializer(['a', 'b'], [1, 2])
  table = tf.compat.v1.lookup.StaticHashTable(init, default_value=-1)
  tf.compat.v1.tables_initializer().run()
  result = table.lookup(tf.constant(['a', 'c'])).eval()
out['01 result'] = show(result)
init = tf.lookup.KeyValueTensorInitializer(['a', 'b'], [1, 2])
table = tf.lookup.StaticHashTable(init, default_value=-1)
""",
    'tensor_scatter_add': """

indices = tf.constant([[4], [3], [1], [7]])
updates = tf.constant([9, 10, 11, 12])
tensor = tf.ones([8], dtype=tf.int32)
updated = tf.tensor_scatter_nd_add(tensor, indices, updates)
out['04 updated'] = show(updated)
indices = tf.constant([[0], [2]])
updates = tf.constant([[[5, 5, 5, 5], [6, 6, 6, 6],
                        [7, 7, 7, 7], [8, 8, 8, 8]],
                       [[5, 5, 5, 5], [6, 6, 6, 6],
                        [7, 7, 7, 7], [8, 8, 8, 8]]])
tensor = tf.ones([4, 4, 4],dtype=tf.int32)
updated = tf.tensor_scatter_nd_add(tensor, indices, updates)
out['09 updated'] = show(updated)
""",
    'tensor_scatter_nd_max': """

tensor = [0, 0, 0, 0, 0, 0, 0, 0]
indices = [[1], [4], [5]]
updates = [1, -1, 1]
out['03 tf.tensor_scatter_nd_max(tensor, indices, updates)'] = show(tf.tensor_scatter_nd_max(tensor, indices, updates))
""",
    'tensor_scatter_nd_sub (python 0)': """

indices = tf.constant([[4], [3], [1], [7]])
updates = tf.constant([9, 10, 11, 12])
tensor = tf.ones([8], dtype=tf.int32)
updated = tf.tensor_scatter_nd_sub(tensor, indices, updates)
out['04 updated'] = show(updated)
out['= indices'] = show(indices)
out['= updates'] = show(updates)
out['= tensor'] = show(tensor)
out['= updated'] = show(updated)
""",
    'tensor_scatter_nd_sub (python 1)': """

indices = tf.constant([[0], [2]])
updates = tf.constant([[[5, 5, 5, 5], [6, 6, 6, 6], [7, 7, 7, 7], [8, 8, 8, 8]], [[5, 5, 5, 5], [6, 6, 6, 6], [7, 7, 7, 7], [8, 8, 8, 8]]])
tensor = tf.ones([4, 4, 4], dtype=tf.int32)
updated = tf.tensor_scatter_nd_sub(tensor, indices, updates)
out['04 updated'] = show(updated)
out['= indices'] = show(indices)
out['= updates'] = show(updates)
out['= tensor'] = show(tensor)
out['= updated'] = show(updated)
""",
    'tensor_scatter_nd_update': """

tensor = [0, 0, 0, 0, 0, 0, 0, 0]    # tf.rank(tensor) == 1
indices = [[1], [3], [4], [7]]       # num_updates == 4, index_depth == 1
updates = [9, 10, 11, 12]            # num_updates == 4
out['03 print(tf.tensor_scatter_nd_update(tensor, indices, updates))'] = show(tf.tensor_scatter_nd_update(tensor, indices, updates))
tensor = [[1, 1], [1, 1], [1, 1]]    # tf.rank(tensor) == 2
indices = [[0, 1], [2, 0]]           # num_updates == 2, index_depth == 2
updates = [5, 10]                    # num_updates == 2
out['07 print(tf.tensor_scatter_nd_update(tensor, indices, updates))'] = show(tf.tensor_scatter_nd_update(tensor, indices, updates))
tensor = tf.zeros([6, 3], dtype=tf.int32)
indices = tf.constant([[2], [4]])     # num_updates == 2, index_depth == 1
num_updates, index_depth = indices.shape.as_list()
outer_shape = tensor.shape[:index_depth]
inner_shape = tensor.shape[index_depth:]
updates = tf.constant([[1, 2, 3],
                       [4, 5, 6]])
out['14 tf.tensor_scatter_nd_update(tensor, indices, updates)'] = show(tf.tensor_scatter_nd_update(tensor, indices, updates))
batch_size, time, width, height, channels = 13,11,7,5,3
video_batch = tf.zeros([batch_size, time, width, height, channels])
indices = [[0],[1]]
new_clips = tf.ones([2, time, width, height, channels])
tf.tensor_scatter_nd_update(video_batch, indices, new_clips)
indices = [[0, 0], [1, 0], [2, 0]] # num_updates=3, index_depth=2
new_images = tf.ones([
  # num_updates=3, inner_shape=(width, height, channels)
  3, width, height, channels])
tf.tensor_scatter_nd_update(video_batch, indices, new_images)
tensor = tf.zeros([5,5])
indices = tf.constant([
 [[0,0],
  [1,1],
  [2,2],
  [3,3],
  [4,4]],
 [[0,4],
  [1,3],
  [2,2],
  [3,1],
  [4,0]],
])
out['25 indices.shape.as_list() # batch_shape == [2, 5], index_depth == 2'] = show(indices.shape.as_list())
updates = [
  [1,1,1,1,1],
  [1,1,1,1,1],
]
out['27 tf.tensor_scatter_nd_update(tensor, indices, updates)'] = show(tf.tensor_scatter_nd_update(tensor, indices, updates))
""",
    'to_bfloat16': """

out['00 tf.compat.v1.to_bfloat16(tf.constant(3.14, dtype=tf.float32))'] = show(tf.compat.v1.to_bfloat16(tf.constant(3.14, dtype=tf.float32)))
out['01 tf.cast(tf.constant(3.14, dtype=tf.float32), tf.bfloat16)'] = show(tf.cast(tf.constant(3.14, dtype=tf.float32), tf.bfloat16))
""",
    'to_complex128': """

out['00 tf.compat.v1.to_complex128(tf.constant(1. + 2.j, dtype=tf.complex64))'] = show(tf.compat.v1.to_complex128(tf.constant(1.0 + 2j, dtype=tf.complex64)))
out['01 tf.cast(tf.constant(1. + 2.j, dtype=tf.complex64), tf.complex128)'] = show(tf.cast(tf.constant(1.0 + 2j, dtype=tf.complex64), tf.complex128))
""",
    'to_complex64': """

out['00 tf.compat.v1.to_complex64(tf.constant(1. + 2.j, dtype=tf.complex128))'] = show(tf.compat.v1.to_complex64(tf.constant(1.0 + 2j, dtype=tf.complex128)))
out['01 tf.cast(tf.constant(1. + 2.j, dtype=tf.complex128), tf.complex64)'] = show(tf.cast(tf.constant(1.0 + 2j, dtype=tf.complex128), tf.complex64))
""",
    'to_double': """

out['00 tf.compat.v1.to_double(tf.constant(3.14, dtype=tf.float32))'] = show(tf.compat.v1.to_double(tf.constant(3.14, dtype=tf.float32)))
out['01 tf.cast(tf.constant(3.14, dtype=tf.float32), tf.double)'] = show(tf.cast(tf.constant(3.14, dtype=tf.float32), tf.double))
""",
    'to_float': """

out['00 tf.compat.v1.to_float(tf.constant(3.14, dtype=tf.double))'] = show(tf.compat.v1.to_float(tf.constant(3.14, dtype=tf.double)))
out['01 tf.cast(tf.constant(3.14, dtype=tf.double), tf.float32)'] = show(tf.cast(tf.constant(3.14, dtype=tf.double), tf.float32))
""",
    'to_int32': """

out['00 tf.compat.v1.to_int32(tf.constant(1, dtype=tf.int64))'] = show(tf.compat.v1.to_int32(tf.constant(1, dtype=tf.int64)))
out['01 tf.cast(tf.constant(1, dtype=tf.int64), tf.int32)'] = show(tf.cast(tf.constant(1, dtype=tf.int64), tf.int32))
""",
    'to_int64': """

out['00 tf.compat.v1.to_int64(tf.constant(1, dtype=tf.int32))'] = show(tf.compat.v1.to_int64(tf.constant(1, dtype=tf.int32)))
out['01 tf.cast(tf.constant(1, dtype=tf.int32), tf.int64)'] = show(tf.cast(tf.constant(1, dtype=tf.int32), tf.int64))
""",
    'tpu.replicate (python 0)': """

def computation(x):
    x = x + 1
    return tf.math.reduce_mean(x)
x = tf.convert_to_tensor([1.0, 2.0, 3.0])
y = tf.convert_to_tensor([4.0, 5.0, 6.0])
out['= x'] = show(x)
out['= y'] = show(y)
""",
    'transpose (python 0)': """

x = tf.constant([[1, 2, 3], [4, 5, 6]])
out['01 tf.transpose(x)'] = show(tf.transpose(x))
out['02 tf.transpose(x, perm=[1, 0])'] = show(tf.transpose(x, perm=[1, 0]))
x = tf.constant([[1 + 1j, 2 + 2j, 3 + 3j], [4 + 4j, 5 + 5j, 6 + 6j]])
out['04 tf.transpose(x, conjugate=True)'] = show(tf.transpose(x, conjugate=True))
x = tf.constant([[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]])
out['06 tf.transpose(x, perm=[0, 2, 1])'] = show(tf.transpose(x, perm=[0, 2, 1]))
out['= x'] = show(x)
""",
    'unstack': """

x = tf.reshape(tf.range(12), (3,4))
p, q, r = tf.unstack(x)
out['02 p.shape.as_list()'] = show(p.shape.as_list())
i, j, k, l = tf.unstack(x, axis=1)
out['04 i.shape.as_list()'] = show(i.shape.as_list())
x = tf.stack([i, j, k, l], axis=1)
A, B, C, D = [2, 3, 4, 5]
t = tf.random.normal(shape=[A, B, C, D])
axis = 2
items = tf.unstack(t, axis=axis)
out['10 len(items) == t.shape[axis]'] = show(len(items) == t.shape[axis])
out['11 items[0].shape.as_list() # [A, B, D]'] = show(items[0].shape.as_list())
t = tf.constant([1,2,3])
@tf.function
def bad(t):
  a,b,c = t
  return a
out['16 bad(t)'] = raises(lambda: show(bad(t)))
@tf.function
def good(t):
  a,b,c = tf.unstack(t)
  return a
out['18 print(good(t))'] = show(good(t))
@tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
def bad(t):
  tensors = tf.unstack(t)
  return tensors[0]
out['20 bad(tf.constant([1.0, 2.0, 3.0]))'] = raises(lambda: show(bad(tf.constant([1.0, 2.0, 3.0]))))
""",
    'variable_scope (python 0)': """

out['00 tf.compat.v1.disable_eager_execution()'] = show(tf.compat.v1.disable_eager_execution())
""",
    'variable_scope (python 1)': """

with tf.compat.v1.variable_scope('foo'):
    with tf.compat.v1.variable_scope('bar'):
        v = tf.compat.v1.get_variable('v', [1])
        assert v.name == 'foo/bar/v:0'
out['= v'] = show(v)
""",
    'variable_scope (python 2)': """

with tf.compat.v1.variable_scope('foo') as vs:
    pass
with tf.compat.v1.variable_scope(vs, auxiliary_name_scope=False) as vs1:
    with tf.name_scope(vs1.original_name_scope):
        v = tf.compat.v1.get_variable('v', [1])
        assert v.name == 'foo/v:0'
        c = tf.constant([1], name='c')
        assert c.name == 'foo/c:0'
out['= vs'] = show(vs)
out['= vs1'] = show(vs1)
out['= v'] = show(v)
out['= c'] = show(c)
""",
    'variable_scope (python 3)': """

with tf.compat.v1.variable_scope('foo') as vs:
    with tf.compat.v1.variable_scope(None, default_name='bar'):
        v = tf.compat.v1.get_variable('a', [1])
        assert v.name == 'foo/bar/a:0', v.name
    with tf.compat.v1.variable_scope(None, default_name='bar'):
        v = tf.compat.v1.get_variable('b', [1])
        assert v.name == 'foo/bar_1/b:0'
with tf.compat.v1.variable_scope(vs):
    with tf.compat.v1.variable_scope(None, default_name='bar'):
        v = tf.compat.v1.get_variable('c', [1])
        assert v.name == 'foo/bar/c:0'
out['= vs'] = show(vs)
out['= v'] = show(v)
""",
    'variable_scope (python 4)': """

def foo():
    with tf.compat.v1.variable_scope('foo', reuse=tf.compat.v1.AUTO_REUSE):
        v = tf.compat.v1.get_variable('v', [1])
    return v
v1 = foo()
v2 = foo()
assert v1 == v2
out['= v1'] = show(v1)
out['= v2'] = show(v2)
""",
    'variable_scope (python 5)': """

with tf.compat.v1.variable_scope('foo'):
    v = tf.compat.v1.get_variable('v', [1])
with tf.compat.v1.variable_scope('foo', reuse=True):
    v1 = tf.compat.v1.get_variable('v', [1])
assert v1 == v
out['= v'] = show(v)
out['= v1'] = show(v1)
""",
    'variable_scope (python 6)': """

with tf.compat.v1.variable_scope('foo') as scope:
    v = tf.compat.v1.get_variable('v', [1])
    scope.reuse_variables()
    v1 = tf.compat.v1.get_variable('v', [1])
assert v1 == v
out['= scope'] = show(scope)
out['= v'] = show(v)
out['= v1'] = show(v1)
""",
    'where_v2': """

out['00 tf.where([True, False, False, True])'] = show(tf.where([True, False, False, True]))
out['01 tf.where([[1, 0, 0], [1, 0, 1]])'] = show(tf.where([[1, 0, 0], [1, 0, 1]]))
float_tensor = [[[0.1, 0], [0, 2.2], [3.5, 1e6]],
                [[0,   0], [0,   0], [99,    0]]]
out['03 tf.where(float_tensor)'] = show(tf.where(float_tensor))
sparse = tf.sparse.from_dense(float_tensor)
out['05 sparse.indices'] = show(sparse.indices)
out['06 tf.where([complex(0.0), complex(1.0), 0 + 1j, 1 + 1j])'] = show(tf.where([complex(0.0), complex(1.0), 0 + 1j, 1 + 1j]))
out['07 tf.where([True, False, False, True], [1, 2, 3, 4], [100, 200, 300, 400'] = show(tf.where([True, False, False, True], [1, 2, 3, 4], [100, 200, 300, 400]))
x = tf.constant(0., dtype=tf.float32)
with tf.GradientTape() as tape:
  tape.watch(x)
  y = tf.where(x < 1., 0., 1. / x)
out['16 print(tape.gradient(y, x))'] = show(tape.gradient(y, x))
x = tf.constant(0., dtype=tf.float32)
with tf.GradientTape() as tape:
  tape.watch(x)
  safe_x = tf.where(tf.equal(x, 0.), 1., x)
  y = tf.where(x < 1., 0., 1. / safe_x)
out['19 print(tape.gradient(y, x))'] = show(tape.gradient(y, x))
""",
    'while_loop (python 0)': """

i = tf.constant(0)
c = lambda i: tf.less(i, 10)
b = lambda i: tf.add(i, 1)
r = tf.while_loop(c, b, [i])
out['= i'] = show(i)
out['= c'] = show(c)
out['= b'] = show(b)
out['= r'] = show(r)
""",
    'while_loop (python 1)': """

import collections
Pair = collections.namedtuple('Pair', 'j, k')
ijk_0 = (tf.constant(0), Pair(tf.constant(1), tf.constant(2)))
c = lambda i, p: i < 10
b = lambda i, p: (i + 1, Pair(p.j + p.k, p.j - p.k))
ijk_final = tf.while_loop(c, b, ijk_0)
out['= Pair'] = show(Pair)
out['= ijk_0'] = show(ijk_0)
out['= c'] = show(c)
out['= b'] = show(b)
out['= ijk_final'] = show(ijk_final)
""",
    'while_loop (python 2)': """

i0 = tf.constant(0)
m0 = tf.ones([2, 2])
c = lambda i, m: i < 10
b = lambda i, m: [i + 1, tf.concat([m, m], axis=0)]
out['04 tf.while_loop(c, b, loop_vars=[i0, m0], shape_invariants=[i0.get_shape'] = show(tf.while_loop(c, b, loop_vars=[i0, m0], shape_invariants=[i0.get_shape(), tf.TensorShape([None, 2])]))
out['= i0'] = show(i0)
out['= m0'] = show(m0)
out['= c'] = show(c)
out['= b'] = show(b)
""",
    'zeros': """

out['00 tf.zeros([3, 4], tf.int32)'] = show(tf.zeros([3, 4], tf.int32))
""",
    'zeros_initializer': """

initializer = tf.compat.v1.zeros_initializer(dtype=tf.float32)
out['01 tf.Variable(initializer(shape=[3]))'] = show(tf.Variable(initializer(shape=[3])))
out['02 tf.Variable(initializer(shape=[3, 3]))'] = show(tf.Variable(initializer(shape=[3, 3])))
initializer = tf.compat.v1.zeros_initializer()
out['04 tf.Variable(initializer(shape=[3], dtype=tf.float32))'] = show(tf.Variable(initializer(shape=[3], dtype=tf.float32)))
out['05 tf.Variable(initializer(shape=[3, 3], dtype=tf.float32))'] = show(tf.Variable(initializer(shape=[3, 3], dtype=tf.float32)))
initializer = tf.zeros_initializer()
out['07 tf.Variable(initializer(shape=[3], dtype=tf.float32))'] = show(tf.Variable(initializer(shape=[3], dtype=tf.float32)))
out['08 tf.Variable(initializer(shape=[3, 3], dtype=tf.float32))'] = show(tf.Variable(initializer(shape=[3, 3], dtype=tf.float32)))
""",
    'zeros_initializer (python 0)': """

initializer = tf.compat.v1.zeros_initializer(dtype=tf.float32)
variable = tf.Variable(initializer(shape=[3, 3]))
out['= initializer'] = show(initializer)
out['= variable'] = show(variable)
""",
    'zeros_initializer (python 1)': """

initializer = tf.zeros_initializer()
variable = tf.Variable(initializer(shape=[3, 3], dtype=tf.float32))
out['= initializer'] = show(initializer)
out['= variable'] = show(variable)
""",
    'zeros_like': """

tensor = tf.constant([[1, 2, 3], [4, 5, 6]])
out['01 tf.zeros_like(tensor)'] = show(tf.zeros_like(tensor))
out['02 tf.zeros_like(tensor, dtype=tf.float32)'] = show(tf.zeros_like(tensor, dtype=tf.float32))
""",
}
# fmt: on


if __name__ == "__main__":
    harness.main(PROGRAMS, legacy_keras=True, prefix=PREFIX)
