"""Record what TensorFlow 1.x computes for the programs of TensorFlow's own TF 1.x guide and
tutorials (tensorflow/docs, site/en/r1/: guide/*.md, guide/*.ipynb, tutorials/**), each code
cell made a self-contained graph-mode program (dev-only).

    TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python tests/reference/tf1_r1guide.py \
        > tests/unit/engine/fixtures/tf1_r1guide.json

Programs are named `<page>_<what>`; where a page downloads a dataset they use small seeded
synthetic data, where it prints they store the printed text (`str` of tensors, operations,
dtypes and shapes), and they store the class of what the page says raises. Each program
runs in a graph of its own, seeded with `tf.set_random_seed` where it draws random numbers;
`tests/unit/engine/test_tf1_r1guide.py` runs the same text against graphgate and compares.
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness


LOW_LEVEL_INTRO = {
    "low_level_intro_constants_and_print": """
a = tf.constant(3.0, dtype=tf.float32)
b = tf.constant(4.0) # also tf.float32 implicitly
total = a + b
out["printed"] = [str(a), str(b), str(total)]
sess = tf.Session()
out["total"] = float(sess.run(total))
r = sess.run({'ab': (a, b), 'total': total})
out["dict"] = [sorted(r), type(r["ab"]).__name__, [float(v) for v in r["ab"]], float(r["total"])]
out["dtype"] = type(sess.run(total)).__name__
""",
    "low_level_intro_random_runs": """
tf.set_random_seed(1)
vec = tf.random_uniform(shape=(3,))
out1 = vec + 1
out2 = vec + 2
sess = tf.Session()
first = sess.run(vec)
second = sess.run(vec)
o1, o2 = sess.run((out1, out2))
out["runs"] = [first.tolist(), second.tolist()]
out["one_run"] = [o1.tolist(), (o2 - o1).tolist()]
""",
    "low_level_intro_feeding": """
x = tf.placeholder(tf.float32)
y = tf.placeholder(tf.float32)
z = x + y
sess = tf.Session()
out["scalar"] = float(sess.run(z, feed_dict={x: 3, y: 4.5}))
out["vector"] = sess.run(z, feed_dict={x: [1, 3], y: [2, 4]}).tolist()
out["printed"] = [str(x), str(z)]
out["unfed"] = raises(lambda: sess.run(z, feed_dict={x: 3}))
""",
    "low_level_intro_datasets": """
tf.set_random_seed(1)
my_data = [
    [0, 1,],
    [2, 3,],
    [4, 5,],
    [6, 7,],
]
slices = tf.data.Dataset.from_tensor_slices(my_data)
next_item = slices.make_one_shot_iterator().get_next()
sess = tf.Session()
items = []
while True:
  try:
    items.append(sess.run(next_item).tolist())
  except tf.errors.OutOfRangeError:
    break
out["items"] = items
out["item"] = [str(next_item.dtype), next_item.shape.as_list()]
r = tf.random_normal([10,3])
dataset = tf.data.Dataset.from_tensor_slices(r)
iterator = dataset.make_initializable_iterator()
next_row = iterator.get_next()
sess.run(iterator.initializer)
rows = []
while True:
  try:
    rows.append(sess.run(next_row).tolist())
  except tf.errors.OutOfRangeError:
    break
out["rows"] = rows
sess.run(iterator.initializer)
out["again"] = sess.run(next_row).tolist()
""",
    "low_level_intro_layers": """
tf.set_random_seed(1)
x = tf.placeholder(tf.float32, shape=[None, 3])
linear_model = tf.layers.Dense(units=1)
y = linear_model(x)
init = tf.global_variables_initializer()
sess = tf.Session()
sess.run(init)
out["y"] = sess.run(y, {x: [[1, 2, 3],[4, 5, 6]]}).tolist()
out["names"] = [v.name for v in tf.global_variables()]
out["y_name"] = y.name
x = tf.placeholder(tf.float32, shape=[None, 3])
y = tf.layers.dense(x, units=1)
init = tf.global_variables_initializer()
sess.run(init)
out["y2"] = sess.run(y, {x: [[1, 2, 3], [4, 5, 6]]}).tolist()
out["names2"] = [v.name for v in tf.trainable_variables()]
out["shape"] = str(y.shape)
""",
    "low_level_intro_feature_columns": """
features = {
    'sales' : [[5], [10], [8], [9]],
    'department': ['sports', 'sports', 'gardening', 'gardening']}
department_column = tf.feature_column.categorical_column_with_vocabulary_list(
        'department', ['sports', 'gardening'])
department_column = tf.feature_column.indicator_column(department_column)
columns = [
    tf.feature_column.numeric_column('sales'),
    department_column
]
inputs = tf.feature_column.input_layer(features, columns)
var_init = tf.global_variables_initializer()
table_init = tf.tables_initializer()
sess = tf.Session()
sess.run((var_init, table_init))
out["inputs"] = sess.run(inputs).tolist()
out["shape"] = inputs.shape.as_list()
""",
    "low_level_intro_training": """
tf.set_random_seed(1)
x = tf.constant([[1], [2], [3], [4]], dtype=tf.float32)
y_true = tf.constant([[0], [-1], [-2], [-3]], dtype=tf.float32)
linear_model = tf.layers.Dense(units=1)
y_pred = linear_model(x)
loss = tf.losses.mean_squared_error(labels=y_true, predictions=y_pred)
optimizer = tf.train.GradientDescentOptimizer(0.01)
train = optimizer.minimize(loss)
init = tf.global_variables_initializer()
sess = tf.Session()
sess.run(init)
out["before"] = sess.run(y_pred).tolist()
losses = []
for i in range(100):
  _, loss_value = sess.run((train, loss))
  losses.append(float(loss_value))
out["losses"] = losses[::9] + [losses[-1]]
out["after"] = sess.run(y_pred).tolist()
out["loss_name"] = [loss.name, str(loss.dtype), loss.shape.as_list()]
out["losses_collection"] = [t.name for t in tf.get_collection(tf.GraphKeys.LOSSES)]
""",
}

TENSORS = {
    "tensors_variables_by_rank": """
mammal = tf.Variable("Elephant", tf.string)
ignition = tf.Variable(451, tf.int16)
floating = tf.Variable(3.14159265359, tf.float64)
mystr = tf.Variable(["Hello"], tf.string)
cool_numbers  = tf.Variable([3.14159, 2.71828], tf.float32)
first_primes = tf.Variable([2, 3, 5, 7, 11], tf.int32)
mymat = tf.Variable([[7],[11]], tf.int16)
myxor = tf.Variable([[False, True],[True, False]], tf.bool)
linear_squares = tf.Variable([[4], [9], [16], [25]], tf.int32)
squarish_squares = tf.Variable([ [4, 9], [16, 25] ], tf.int32)
rank_of_squares = tf.rank(squarish_squares)
mymatC = tf.Variable([[7],[11]], tf.int32)
vs = [mammal, ignition, floating, mystr, cool_numbers, first_primes, mymat, myxor,
      linear_squares, squarish_squares, mymatC]
# tf.Variable's second positional parameter is `trainable`: the dtypes above are ignored.
out["dtypes"] = [v.dtype.base_dtype.name for v in vs]
out["shapes"] = [v.shape.as_list() for v in vs]
out["trainable"] = len(tf.trainable_variables())
my_image = tf.zeros([10, 299, 299, 3])
r = tf.rank(my_image)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["ranks"] = [int(sess.run(rank_of_squares)), int(sess.run(r))]
    out["values"] = [sess.run(v).tolist() if v.dtype.base_dtype != tf.string else
                     [s.decode() for s in np.ravel(sess.run(v))] for v in vs]
    out["rank_static"] = [str(rank_of_squares), str(r)]
""",
    "tensors_complex_variables": """
its_complicated = tf.Variable(12.3 - 4.85j, tf.complex64)
its_very_complicated = tf.Variable([12.3 - 4.85j, 7.5 - 6.23j], tf.complex64)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    a, b = sess.run([its_complicated, its_very_complicated])
out["dtypes"] = [its_complicated.dtype.base_dtype.name, str(a.dtype), str(b.dtype)]
out["values"] = [[a.real, a.imag], [b.real.tolist(), b.imag.tolist()]]
""",
    "tensors_slicing": """
my_vector = tf.constant([1.0, 2.0, 3.0, 4.0])
my_matrix = tf.reshape(tf.range(20.0), [4, 5])
my_scalar = my_vector[2]
my_scalar2 = my_matrix[1, 2]
my_row_vector = my_matrix[2]
my_column_vector = my_matrix[:, 3]
zeros = tf.zeros(my_matrix.shape[1])
with tf.Session() as sess:
    r = sess.run([my_scalar, my_scalar2, my_row_vector, my_column_vector, zeros])
out["values"] = [np.asarray(v).tolist() for v in r]
out["shapes"] = [t.shape.as_list() for t in (my_scalar, my_scalar2, my_row_vector,
                                                my_column_vector, zeros)]
out["names"] = [t.name for t in (my_scalar, my_row_vector, my_column_vector, zeros)]
""",
    "tensors_shape_and_reshape": """
rank_three_tensor = tf.ones([3, 4, 5])
matrix = tf.reshape(rank_three_tensor, [6, 10])
matrixB = tf.reshape(matrix, [3, -1])
matrixAlt = tf.reshape(matrixB, [4, 3, -1])
out["shapes"] = [t.shape.as_list() for t in (matrix, matrixB, matrixAlt)]
out["error"] = raises(lambda: tf.reshape(matrixAlt, [13, 2, -1]))
p = tf.placeholder(tf.float32, [None, 4, 5])
q = tf.reshape(p, [13, 2, -1])
out["fed_error"] = raises(lambda: tf.Session().run(q, {p: np.ones((3, 4, 5))}))
zeros = tf.zeros(tf.shape(p)[1:])
out["dynamic"] = [str(zeros.shape), str(tf.shape(p)), str(p.shape)]
out["shape_fn"] = tf.Session().run(tf.shape(p), {p: np.ones((2, 4, 5))}).tolist()
""",
    "tensors_cast_and_eval": """
float_tensor = tf.cast(tf.constant([1, 2, 3]), dtype=tf.float32)
out["cast"] = [str(float_tensor.dtype), float_tensor.name]
constant = tf.constant([1, 2, 3])
tensor = constant * constant
with tf.Session() as sess:
    out["eval"] = tensor.eval().tolist()
    p = tf.placeholder(tf.float32)
    t = p + 1.0
    out["unfed"] = raises(lambda: t.eval())
    out["fed"] = float(t.eval(feed_dict={p:2.0}))
    out["cast_eval"] = float_tensor.eval().tolist()
out["no_session"] = raises(lambda: tensor.eval())
""",
    "tensors_print": """
t = tf.constant([1.0, 2.0]) * 3
tf.Print(t, [t])
t = tf.Print(t, [t])
result = t + 1
out["printed"] = [str(t), t.op.type]
with tf.Session() as sess:
    out["result"] = sess.run(result).tolist()
""",
}

VARIABLES = {
    "variables_get_variable": """
tf.set_random_seed(1)
my_variable = tf.get_variable("my_variable", [1, 2, 3])
my_int_variable = tf.get_variable("my_int_variable", [1, 2, 3], dtype=tf.int32,
  initializer=tf.zeros_initializer)
other_variable = tf.get_variable("other_variable", dtype=tf.int32,
  initializer=tf.constant([23, 42]))
my_local = tf.get_variable("my_local", shape=(),
collections=[tf.GraphKeys.LOCAL_VARIABLES])
my_non_trainable = tf.get_variable("my_non_trainable",
                                   shape=(),
                                   trainable=False)
tf.add_to_collection("my_collection_name", my_local)
out["collection"] = [v.name for v in tf.get_collection("my_collection_name")]
out["global"] = [v.name for v in tf.global_variables()]
out["local"] = [v.name for v in tf.local_variables()]
out["trainable"] = [v.name for v in tf.trainable_variables()]
out["dtypes"] = [v.dtype.base_dtype.name for v in (my_variable, my_int_variable, other_variable)]
with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    out["uninitialized"] = [s.decode() for s in session.run(tf.report_uninitialized_variables())]
    session.run(tf.local_variables_initializer())
    out["none_left"] = session.run(tf.report_uninitialized_variables()).tolist()
    out["values"] = [session.run(v).tolist() for v in (my_variable, my_int_variable,
                                                       other_variable, my_non_trainable)]
with tf.Session() as session:
    session.run(my_variable.initializer)
    out["one"] = [s.decode() for s in session.run(tf.report_uninitialized_variables())]
    out["read_uninitialized"] = raises(lambda: session.run(other_variable))
""",
    "variables_devices": """
with tf.device("/device:GPU:1"):
  v = tf.get_variable("v", [1])
cluster_spec = {
    "ps": ["ps0:2222", "ps1:2222"],
    "worker": ["worker0:2222", "worker1:2222", "worker2:2222"]}
with tf.device(tf.train.replica_device_setter(cluster=cluster_spec)):
  w = tf.get_variable("w", shape=[20, 20])
  y = tf.matmul(w, w)
  with tf.device("/gpu:0"):
    z = y + 1.0
  with tf.device("/job:ps/task:1"):
    u = tf.get_variable("u", [2])
with tf.device("/job:worker/task:3"):
  with tf.device("/cpu:0"):
    a = tf.constant(1.0)
  with tf.device(None):
    b = tf.constant(2.0)
out["devices"] = [v.device, w.device, y.device, y.op.device, z.device, u.device, a.device, b.device]
out["bad"] = raises(lambda: tf.device("/foo:1").__enter__())
""",
    "variables_initialization_order": """
v = tf.get_variable("v", shape=(), initializer=tf.zeros_initializer())
w = tf.get_variable("w", initializer=v.initialized_value() + 1)
u = v + 1
out["w"] = [w.shape.as_list(), w.dtype.base_dtype.name]
with tf.Session() as sess:
    sess.run(w.initializer)
    out["w_value"] = float(sess.run(w))
    out["v_uninit"] = raises(lambda: sess.run(u))
    tf.global_variables_initializer().run()
    out["u"] = float(sess.run(u))
""",
    "variables_assign_add": """
v = tf.get_variable("v", shape=(), initializer=tf.zeros_initializer())
assignment = v.assign_add(1)
with tf.control_dependencies([assignment]):
  w = v.read_value()
sess = tf.Session()
with sess.as_default():
    tf.global_variables_initializer().run()
    out["first"] = float(sess.run(assignment))
    assignment.op.run()
    out["eval"] = float(assignment.eval())
    out["w"] = [float(sess.run(w)), float(sess.run(w))]
    out["v"] = float(sess.run(v))
out["names"] = [assignment.name, w.name]
""",
    "variables_sharing": """
tf.set_random_seed(1)
def conv_relu(input, kernel_shape, bias_shape):
    weights = tf.get_variable("weights", kernel_shape,
        initializer=tf.random_normal_initializer())
    biases = tf.get_variable("biases", bias_shape,
        initializer=tf.constant_initializer(0.0))
    conv = tf.nn.conv2d(input, weights,
        strides=[1, 1, 1, 1], padding='SAME')
    return tf.nn.relu(conv + biases)
input1 = tf.random_normal([1,10,10,4])
input2 = tf.random_normal([1,6,6,4])
x = conv_relu(input1, kernel_shape=[3, 3, 4, 4], bias_shape=[4])
out["fails"] = raises(lambda: conv_relu(x, kernel_shape=[3, 3, 4, 4], bias_shape = [4]))
def my_image_filter(input_images):
    with tf.variable_scope("conv1"):
        relu1 = conv_relu(input_images, [3, 3, 4, 4], [4])
    with tf.variable_scope("conv2"):
        return conv_relu(relu1, [3, 3, 4, 4], [4])
with tf.variable_scope("model"):
  output1 = my_image_filter(input1)
with tf.variable_scope("model", reuse=True):
  output2 = my_image_filter(input2)
with tf.variable_scope("other") as scope:
  output3 = my_image_filter(input1)
  scope.reuse_variables()
  output4 = my_image_filter(input2)
with tf.variable_scope("third") as scope:
  output5 = my_image_filter(input1)
with tf.variable_scope(scope, reuse=True):
  output6 = my_image_filter(input2)
out["variables"] = [v.name for v in tf.global_variables()]
out["outputs"] = [t.name for t in (output1, output2, output3, output4, output5, output6)]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    r = sess.run([output1, output2, output4, output6])
out["sums"] = [float(np.sum(a)) for a in r]
out["shapes"] = [list(a.shape) for a in r]
""",
}

GRAPHS = {
    "graphs_naming": """
c_0 = tf.constant(0, name="c")
c_1 = tf.constant(2, name="c")
with tf.name_scope("outer"):
  c_2 = tf.constant(2, name="c")
  with tf.name_scope("inner"):
    c_3 = tf.constant(3, name="c")
  c_4 = tf.constant(4, name="c")
  with tf.name_scope("inner"):
    c_5 = tf.constant(5, name="c")
out["names"] = [c.op.name for c in (c_0, c_1, c_2, c_3, c_4, c_5)]
out["printed"] = [str(c_5), repr(c_3.op.name)]
""",
    "graphs_devices": """
tf.set_random_seed(1)
with tf.device("/job:ps/task:0"):
  weights_1 = tf.Variable(tf.truncated_normal([8, 4]))
  biases_1 = tf.Variable(tf.zeros([4]))
with tf.device("/job:worker"):
  train_batch = tf.ones([2, 8])
  layer_1 = tf.matmul(train_batch, weights_1) + biases_1
with tf.device("/device:CPU:0"):
  img = tf.ones([4, 2])
out["devices"] = [weights_1.device, biases_1.device, layer_1.device, img.device]
# (TF's local session refuses to run ops placed on /job:ps; graphgate runs them: docs)
with tf.device(tf.train.replica_device_setter(ps_tasks=3)):
  w_0 = tf.Variable(tf.ones([2, 2]))
  b_0 = tf.Variable(tf.zeros([2]))
  w_1 = tf.Variable(tf.ones([2, 2]))
  b_1 = tf.Variable(tf.zeros([2]))
  input_data = tf.placeholder(tf.float32)
  layer_0 = tf.matmul(input_data, w_0) + b_0
  layer_1b = tf.matmul(layer_0, w_1) + b_1
out["setter"] = [t.device for t in (w_0, b_0, w_1, b_1, input_data, layer_0, layer_1b)]
""",
    "graphs_session_run": """
tf.set_random_seed(1)
x = tf.constant([[37.0, -23.0], [1.0, 4.0]])
w = tf.Variable(tf.random_uniform([2, 2]))
y = tf.matmul(x, w)
output = tf.nn.softmax(y)
init_op = w.initializer
with tf.Session() as sess:
  sess.run(init_op)
  out["output"] = sess.run(output).tolist()
  y_val, output_val = sess.run([y, output])
  out["y"] = y_val.tolist()
out["init_op"] = [init_op.name, init_op.type]
x = tf.placeholder(tf.float32, shape=[3])
y = tf.square(x)
with tf.Session() as sess:
  out["fed"] = [sess.run(y, {x: [1.0, 2.0, 3.0]}).tolist(),
                sess.run(y, {x: [0.0, 0.0, 5.0]}).tolist()]
  out["unfed"] = raises(lambda: sess.run(y))
  out["wrong_shape"] = raises(lambda: sess.run(y, {x: 37.0}))
""",
    "graphs_adagrad_and_writer": """
import tempfile, os
tf.set_random_seed(1)
x = tf.constant([[37.0, -23.0], [1.0, 4.0]])
w = tf.Variable(tf.random_uniform([2, 2]))
y = tf.matmul(x, w)
loss = tf.reduce_sum(tf.square(y - 1.0))
train_op = tf.train.AdagradOptimizer(0.01).minimize(loss)
d = tempfile.mkdtemp()
with tf.Session() as sess:
  sess.run(tf.global_variables_initializer())
  writer = tf.summary.FileWriter(os.path.join(d, "log"), sess.graph)
  losses = []
  for i in range(50):
    _, l = sess.run([train_op, loss])
    losses.append(float(l))
  writer.close()
  out["w"] = sess.run(w).tolist()
out["losses"] = losses[::7]
out["log_dir"] = os.path.isdir(os.path.join(d, "log"))
out["slots"] = sorted(v.name for v in tf.global_variables())
""",
    "graphs_multiple_graphs": """
g_1 = tf.Graph()
with g_1.as_default():
  c = tf.constant("Node in g_1")
  sess_1 = tf.Session()
g_2 = tf.Graph()
with g_2.as_default():
  d = tf.constant("Node in g_2")
sess_2 = tf.Session(graph=g_2)
out["asserts"] = [c.graph is g_1, sess_1.graph is g_1, d.graph is g_2, sess_2.graph is g_2]
out["values"] = [sess_1.run(c).decode(), sess_2.run(d).decode()]
out["cross"] = raises(lambda: sess_1.run(d))
out["default"] = tf.get_default_graph() is g_1
e = tf.constant(1.0, name="e")
f = tf.add(e, 2.0, name="f")
g = tf.get_default_graph()
out["operations"] = [op.name for op in g.get_operations()]
""",
}

GUIDE_TOOLS = {
    "using_gpu_placement": """
with tf.device('/cpu:0'):
  a = tf.constant([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], shape=[2, 3], name='a')
  b = tf.constant([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], shape=[3, 2], name='b')
c = tf.matmul(a, b)
# (the page logs placements; TF writes that log to stdout, where the fixture goes)
logged = tf.ConfigProto(log_device_placement=True)
out["log"] = logged.log_device_placement
sess = tf.Session(config=tf.ConfigProto())
out["c"] = sess.run(c).tolist()
out["devices"] = [a.device, b.device, c.device]
config = tf.ConfigProto()
config.gpu_options.allow_growth = True
config.gpu_options.per_process_gpu_memory_fraction = 0.4
out["config"] = [config.gpu_options.allow_growth,
                 round(config.gpu_options.per_process_gpu_memory_fraction, 6)]
cs = []
for d in ['/device:GPU:2', '/device:GPU:3']:
  with tf.device(d):
    a = tf.constant([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], shape=[2, 3])
    b = tf.constant([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], shape=[3, 2])
    cs.append(tf.matmul(a, b))
with tf.device('/cpu:0'):
  total = tf.add_n(cs)
# (without a GPU TF runs these only with soft placement)
sess = tf.Session(config=tf.ConfigProto(allow_soft_placement=True))
out["sum"] = sess.run(total).tolist()
out["placed"] = [t.device for t in cs] + [total.device]
""",
    "tensorboard_histograms": """
import tempfile, os
tf.set_random_seed(1)
d = tempfile.mkdtemp()
k = tf.placeholder(tf.float32)
mean_moving_normal = tf.random_normal(shape=[1000], mean=(5*k), stddev=1)
tf.summary.histogram("normal/moving_mean", mean_moving_normal)
variance_shrinking_normal = tf.random_normal(shape=[1000], mean=0, stddev=1-(k))
tf.summary.histogram("normal/shrinking_variance", variance_shrinking_normal)
normal_combined = tf.concat([mean_moving_normal, variance_shrinking_normal], 0)
tf.summary.histogram("normal/bimodal", normal_combined)
summaries = tf.summary.merge_all()
out["collection"] = [t.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)]
sess = tf.Session()
writer = tf.summary.FileWriter(os.path.join(d, "histogram_example"))
N = 4
for step in range(N):
  k_val = step/float(N)
  summ = sess.run(summaries, feed_dict={k: k_val})
  writer.add_summary(summ, global_step=step)
writer.close()
files = os.listdir(os.path.join(d, "histogram_example"))
events = list(tf.train.summary_iterator(os.path.join(d, "histogram_example", files[0])))
out["events"] = [[e.step, [v.tag for v in e.summary.value],
                  [round(v.histo.num) for v in e.summary.value]]
                 for e in events if e.summary.value]
last = [e for e in events if e.summary.value][-1].summary.value[0].histo
out["histo"] = [round(last.min, 4), round(last.max, 4), round(last.sum, 3)]
""",
    "graph_viz_names_and_run_metadata": """
import tempfile, os
tf.set_random_seed(1)
with tf.name_scope('hidden') as scope:
  a = tf.constant(5, name='alpha')
  W = tf.Variable(tf.random_uniform([1, 2], -1.0, 1.0), name='weights')
  b = tf.Variable(tf.zeros([1]), name='biases')
out["names"] = [scope, a.name, W.name, b.name, W.initializer.name]
x = tf.placeholder(tf.float32, [None, 1], name="x")
y = tf.matmul(x, W) + b
loss = tf.reduce_mean(tf.square(y))
tf.summary.scalar("loss", loss)
merged = tf.summary.merge_all()
train_step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
d = tempfile.mkdtemp()
with tf.Session() as sess:
  train_writer = tf.summary.FileWriter(os.path.join(d, "train"), sess.graph)
  sess.run(tf.global_variables_initializer())
  run_options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
  run_metadata = tf.RunMetadata()
  summary, _ = sess.run([merged, train_step], feed_dict={x: [[1.0], [2.0]]},
                        options=run_options, run_metadata=run_metadata)
  train_writer.add_run_metadata(run_metadata, 'step%03d' % 0)
  train_writer.add_summary(summary, 0)
  train_writer.close()
  out["traced"] = len(run_metadata.step_stats.dev_stats) > 0
  out["w"] = sess.run(W).tolist()
""",
}

CHECKPOINTS = {
    "checkpoints_save_restore": """
import tempfile, os
d = tempfile.mkdtemp()
v1 = tf.get_variable("v1", shape=[3], initializer = tf.zeros_initializer)
v2 = tf.get_variable("v2", shape=[5], initializer = tf.zeros_initializer)
inc_v1 = v1.assign(v1+1)
dec_v2 = v2.assign(v2-1)
init_op = tf.global_variables_initializer()
saver = tf.train.Saver()
with tf.Session() as sess:
  sess.run(init_op)
  inc_v1.op.run()
  dec_v2.op.run()
  save_path = saver.save(sess, os.path.join(d, "model.ckpt"))
out["save_path"] = os.path.basename(save_path)
# (the data files' names are graphgate's own, docs/engine.md)
out["files"] = sorted(f for f in os.listdir(d) if ".data-" not in f)
out["listed"] = [[n, s] for n, s in tf.train.list_variables(save_path)]
reader = tf.train.NewCheckpointReader(save_path)
out["reader"] = [reader.get_tensor("v1").tolist(), reader.get_tensor("v2").tolist()]
out["shape_map"] = sorted(reader.get_variable_to_shape_map().items())
# (the page resets the default graph between its parts; each part has a graph here)
with tf.Graph().as_default():
  v1 = tf.get_variable("v1", shape=[3])
  v2 = tf.get_variable("v2", shape=[5])
  saver = tf.train.Saver()
  with tf.Session() as sess:
    saver.restore(sess, os.path.join(d, "model.ckpt"))
    out["restored"] = ["v1 : %s" % v1.eval(), "v2 : %s" % v2.eval()]
with tf.Graph().as_default():
  v1 = tf.get_variable("v1", [3], initializer = tf.zeros_initializer)
  v2 = tf.get_variable("v2", [5], initializer = tf.zeros_initializer)
  saver = tf.train.Saver({"v2": v2})
  with tf.Session() as sess:
    v1.initializer.run()
    saver.restore(sess, os.path.join(d, "model.ckpt"))
    out["partial"] = ["v1 : %s" % v1.eval(), "v2 : %s" % v2.eval()]
out["latest"] = os.path.basename(tf.train.latest_checkpoint(d))
with tf.Graph().as_default():
  v3 = tf.get_variable("v3", [3])
  saver = tf.train.Saver()
  with tf.Session() as sess:
    out["missing"] = raises(lambda: saver.restore(sess, os.path.join(d, "model.ckpt")))
""",
}

SAVED_MODEL = {
    "saved_model_simple_save": """
import tempfile, os
export_dir = os.path.join(tempfile.mkdtemp(), "export")
with tf.Session(graph=tf.Graph()) as session:
  x = tf.placeholder(tf.float32, [None], name="x")
  y = tf.placeholder(tf.float32, [None], name="y")
  k = tf.Variable(2.0, name="k")
  z = tf.add(x * k, y, name="z")
  session.run(tf.global_variables_initializer())
  tf.saved_model.simple_save(session, export_dir, inputs={"x": x, "y": y}, outputs={"z": z})
out["files"] = sorted(os.listdir(export_dir))
with tf.Session(graph=tf.Graph()) as sess:
  meta = tf.saved_model.loader.load(sess, [tf.saved_model.tag_constants.SERVING], export_dir)
  sig = meta.signature_def[tf.saved_model.signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY]
  out["signature"] = [sig.method_name, sorted(sig.inputs), sorted(sig.outputs),
                      sig.inputs["x"].name, sig.outputs["z"].name]
  out["z"] = sess.run(sig.outputs["z"].name, {sig.inputs["x"].name: [1.0, 2.0],
                                              sig.inputs["y"].name: [10.0, 20.0]}).tolist()
out["maybe"] = tf.saved_model.loader.maybe_saved_model_directory(export_dir)
""",
    "saved_model_builder_two_meta_graphs": """
import tempfile, os
from_tags = tf.saved_model.tag_constants
export_dir = os.path.join(tempfile.mkdtemp(), "export")
builder = tf.saved_model.builder.SavedModelBuilder(export_dir)
with tf.Session(graph=tf.Graph()) as sess:
  x = tf.placeholder(tf.float32, [None, 2], name="x")
  w = tf.Variable([[1.0], [2.0]], name="w")
  pred = tf.matmul(x, w, name="pred")
  sess.run(tf.global_variables_initializer())
  sess.run(w.assign([[3.0], [4.0]]))
  sig = tf.saved_model.signature_def_utils.predict_signature_def({"x": x}, {"pred": pred})
  builder.add_meta_graph_and_variables(sess, [from_tags.TRAINING],
                                       signature_def_map={"foo": sig},
                                       strip_default_attrs=True)
with tf.Session(graph=tf.Graph()) as sess:
  x = tf.placeholder(tf.float32, [None, 2], name="x")
  w = tf.Variable([[0.0], [0.0]], name="w")
  pred = tf.identity(tf.matmul(x, w) * 10.0, name="pred")
  builder.add_meta_graph([from_tags.SERVING], strip_default_attrs=True)
saved = builder.save()
out["path"] = [type(saved).__name__, os.path.basename(saved.decode())]
for tag in (from_tags.TRAINING, from_tags.SERVING):
  with tf.Session(graph=tf.Graph()) as sess:
    meta = tf.saved_model.loader.load(sess, [tag], export_dir)
    out[tag] = [sorted(meta.signature_def), sess.run("pred:0", {"x:0": [[1.0, 1.0]]}).tolist()]
with tf.Session(graph=tf.Graph()) as sess:
  out["unknown_tag"] = raises(lambda: tf.saved_model.loader.load(sess, ["gpu"], export_dir))
""",
}

DATASETS = {
    "datasets_structure": """
tf.set_random_seed(1)
dataset1 = tf.data.Dataset.from_tensor_slices(tf.random_uniform([4, 10]))
dataset2 = tf.data.Dataset.from_tensor_slices(
   (tf.random_uniform([4]),
    tf.random_uniform([4, 100], maxval=100, dtype=tf.int32)))
dataset3 = tf.data.Dataset.zip((dataset1, dataset2))
dataset = tf.data.Dataset.from_tensor_slices(
   {"a": tf.random_uniform([4]),
    "b": tf.random_uniform([4, 100], maxval=100, dtype=tf.int32)})
out["printed"] = [str(d.output_types) + " " + str(d.output_shapes)
                  for d in (dataset1, dataset2, dataset3, dataset)]
out["classes"] = [dataset1.output_classes.__name__, dataset.output_classes["a"].__name__] + [
    [c.__name__ for c in dataset3.output_classes[1]]]
it = dataset3.make_initializable_iterator()
next1, (next2, next3) = it.get_next()
with tf.Session() as sess:
    sess.run(it.initializer)
    a, b, c = sess.run([next1, next2, next3])
out["zip"] = [a.shape[0], float(b), int(c.sum())]
out["names"] = [next1.name, next2.name, next3.name]
""",
    "datasets_one_shot_and_initializable": """
sess = tf.Session()
dataset = tf.data.Dataset.range(100)
iterator = dataset.make_one_shot_iterator()
next_element = iterator.get_next()
ok = True
for i in range(100):
  value = sess.run(next_element)
  ok = ok and i == value
out["one_shot"] = [ok, str(next_element.dtype), str(type(value).__name__)]
out["exhausted"] = raises(lambda: sess.run(next_element))
max_value = tf.placeholder(tf.int64, shape=[])
dataset = tf.data.Dataset.range(max_value)
iterator = dataset.make_initializable_iterator()
next_element = iterator.get_next()
sess.run(iterator.initializer, feed_dict={max_value: 10})
out["ten"] = [int(sess.run(next_element)) for i in range(10)]
sess.run(iterator.initializer, feed_dict={max_value: 100})
out["hundred"] = sum(int(sess.run(next_element)) for i in range(100))
out["not_initialized"] = raises(lambda: tf.Session().run(next_element))
dataset = tf.data.Dataset.range(5)
iterator = dataset.make_initializable_iterator()
next_element = iterator.get_next()
result = tf.add(next_element, next_element)
sess.run(iterator.initializer)
seen = []
try:
  while True:
    seen.append(int(sess.run(result)))
except tf.errors.OutOfRangeError:
  seen.append("End of dataset")
out["result"] = seen
""",
    "datasets_reinitializable": """
tf.set_random_seed(1)
training_dataset = tf.data.Dataset.range(100).map(
    lambda x: x + tf.random_uniform([], -10, 10, tf.int64))
validation_dataset = tf.data.Dataset.range(50)
iterator = tf.data.Iterator.from_structure(training_dataset.output_types,
                                           training_dataset.output_shapes)
next_element = iterator.get_next()
training_init_op = iterator.make_initializer(training_dataset)
validation_init_op = iterator.make_initializer(validation_dataset)
sess = tf.Session()
record = []
for _ in range(2):
  sess.run(training_init_op)
  t = [int(sess.run(next_element)) for _ in range(100)]
  sess.run(validation_init_op)
  v = [int(sess.run(next_element)) for _ in range(50)]
  record.append([all(-10 <= a - i < 10 for i, a in enumerate(t)), v == list(range(50))])
out["epochs"] = record
out["first"] = t[:10]
out["types"] = [str(training_dataset.output_types), str(training_dataset.output_shapes)]
""",
    "datasets_feedable": """
tf.set_random_seed(1)
training_dataset = tf.data.Dataset.range(100).map(lambda x: x * 2).repeat()
validation_dataset = tf.data.Dataset.range(50)
handle = tf.placeholder(tf.string, shape=[])
iterator = tf.data.Iterator.from_string_handle(
    handle, training_dataset.output_types, training_dataset.output_shapes)
next_element = iterator.get_next()
training_iterator = training_dataset.make_one_shot_iterator()
validation_iterator = validation_dataset.make_initializable_iterator()
sess = tf.Session()
training_handle = sess.run(training_iterator.string_handle())
validation_handle = sess.run(validation_iterator.string_handle())
out["handle_type"] = type(training_handle).__name__
seen = []
for _ in range(2):
  train = [sess.run(next_element, feed_dict={handle: training_handle}) for _ in range(120)]
  seen.append([int(v) for v in train[-3:]])
  sess.run(validation_iterator.initializer)
  valid = [sess.run(next_element, feed_dict={handle: validation_handle}) for _ in range(50)]
  seen.append([int(v) for v in valid[-3:]])
out["seen"] = seen
""",
    "datasets_numpy_and_placeholders": """
rng = np.random.RandomState(0)
features = rng.rand(6, 3).astype(np.float32)
labels = rng.randint(0, 2, 6)
dataset = tf.data.Dataset.from_tensor_slices((features, labels))
out["types"] = [str(dataset.output_types), str(dataset.output_shapes)]
features_placeholder = tf.placeholder(features.dtype, features.shape)
labels_placeholder = tf.placeholder(labels.dtype, labels.shape)
dataset = tf.data.Dataset.from_tensor_slices((features_placeholder, labels_placeholder))
dataset = dataset.batch(4)
iterator = dataset.make_initializable_iterator()
x, y = iterator.get_next()
sess = tf.Session()
sess.run(iterator.initializer, feed_dict={features_placeholder: features,
                                          labels_placeholder: labels})
a, b = sess.run([x, y])
c, d = sess.run([x, y])
out["batches"] = [a.tolist(), b.tolist(), c.shape[0], d.tolist(), str(b.dtype)]
out["shapes"] = [str(x.shape), str(y.shape)]
""",
    "datasets_text_lines": """
import tempfile, os
d = tempfile.mkdtemp()
filenames = [os.path.join(d, "file1.txt"), os.path.join(d, "file2.txt")]
with open(filenames[0], "w") as f:
    f.write("header\\nline one\\n# comment\\nline two\\n")
with open(filenames[1], "w") as f:
    f.write("h2\\n#skip\\nthird\\n\\nlast")
dataset = tf.data.TextLineDataset(filenames)
lines = []
nxt = dataset.make_one_shot_iterator().get_next()
sess = tf.Session()
try:
    while True:
        lines.append(sess.run(nxt).decode())
except tf.errors.OutOfRangeError:
    pass
out["all"] = lines
dataset = tf.data.Dataset.from_tensor_slices(filenames)
dataset = dataset.flat_map(
    lambda filename: (
        tf.data.TextLineDataset(filename)
        .skip(1)
        .filter(lambda line: tf.not_equal(tf.substr(line, 0, 1), "#"))))
nxt = dataset.make_one_shot_iterator().get_next()
lines = []
try:
    while True:
        lines.append(sess.run(nxt).decode())
except tf.errors.OutOfRangeError:
    pass
out["filtered"] = lines
""",
    "datasets_tfrecord_parse": """
import tempfile, os
d = tempfile.mkdtemp()
filenames = [os.path.join(d, "file1.tfrecord"), os.path.join(d, "file2.tfrecord")]
for k, name in enumerate(filenames):
    with tf.python_io.TFRecordWriter(name) as w:
        for i in range(3):
            feats = {"label": tf.train.Feature(int64_list=tf.train.Int64List(value=[10 * k + i]))}
            if i != 1:
                image = tf.train.BytesList(value=[b"img%d" % i])
                feats["image"] = tf.train.Feature(bytes_list=image)
            w.write(tf.train.Example(features=tf.train.Features(feature=feats)).SerializeToString())
def _parse_function(example_proto):
  features = {"image": tf.FixedLenFeature((), tf.string, default_value=""),
              "label": tf.FixedLenFeature((), tf.int64, default_value=0)}
  parsed_features = tf.parse_single_example(example_proto, features)
  return parsed_features["image"], parsed_features["label"]
dataset = tf.data.TFRecordDataset(filenames)
dataset = dataset.map(_parse_function)
dataset = dataset.repeat(2)
dataset = dataset.batch(4)
iterator = dataset.make_initializable_iterator()
image, label = iterator.get_next()
out["shapes"] = [str(image.shape), str(label.shape), str(dataset.output_types)]
sess = tf.Session()
batches = []
for _ in range(2):
    sess.run(iterator.initializer)
    while True:
        try:
            i, l = sess.run([image, label])
            batches.append([[s.decode() for s in i], l.tolist()])
        except tf.errors.OutOfRangeError:
            break
out["batches"] = batches
""",
    "datasets_tfrecord_fed_filenames": """
import tempfile, os
d = tempfile.mkdtemp()
training_filenames = [os.path.join(d, "file1.tfrecord"), os.path.join(d, "file2.tfrecord")]
validation_filenames = [os.path.join(d, "validation1.tfrecord")]
for k, name in enumerate(training_filenames + validation_filenames):
    with tf.python_io.TFRecordWriter(name) as w:
        for i in range(2):
            w.write(b"record %d of file %d" % (i, k))
filenames = tf.placeholder(tf.string, shape=[None])
dataset = tf.data.TFRecordDataset(filenames)
dataset = dataset.map(lambda r: tf.strings.length(r))
dataset = dataset.repeat()
dataset = dataset.batch(3)
iterator = dataset.make_initializable_iterator()
nxt = iterator.get_next()
sess = tf.Session()
sess.run(iterator.initializer, feed_dict={filenames: training_filenames})
out["training"] = [sess.run(nxt).tolist() for _ in range(2)]
sess.run(iterator.initializer, feed_dict={filenames: validation_filenames})
out["validation"] = sess.run(nxt).tolist()
""",
    "datasets_batching": """
sess = tf.Session()
inc_dataset = tf.data.Dataset.range(100)
dec_dataset = tf.data.Dataset.range(0, -100, -1)
dataset = tf.data.Dataset.zip((inc_dataset, dec_dataset))
batched_dataset = dataset.batch(4)
iterator = batched_dataset.make_one_shot_iterator()
next_element = iterator.get_next()
out["batches"] = [[a.tolist() for a in sess.run(next_element)] for _ in range(3)]
out["shapes"] = str(batched_dataset.output_shapes)
dataset = tf.data.Dataset.range(100)
dataset = dataset.map(lambda x: tf.fill([tf.cast(x, tf.int32)], x))
dataset = dataset.padded_batch(4, padded_shapes=(None,))
iterator = dataset.make_one_shot_iterator()
next_element = iterator.get_next()
out["padded"] = [sess.run(next_element).tolist() for _ in range(2)]
out["padded_shape"] = str(next_element.shape)
d = tf.data.Dataset.range(10).repeat(3).batch(4)
n = d.make_one_shot_iterator().get_next()
sizes = []
try:
    while True:
        sizes.append(len(sess.run(n)))
except tf.errors.OutOfRangeError:
    pass
out["repeat_batch"] = sizes
""",
    "datasets_epochs_and_monitored_session": """
tf.set_random_seed(1)
rng = np.random.RandomState(0)
xs = rng.rand(10, 2).astype(np.float32)
ys = (xs.sum(1, keepdims=True) > 1).astype(np.float32)
dataset = tf.data.Dataset.from_tensor_slices((xs, ys))
dataset = dataset.batch(4)
iterator = dataset.make_initializable_iterator()
next_element = iterator.get_next()
sess = tf.Session()
counts = []
for _ in range(3):
  sess.run(iterator.initializer)
  n = 0
  while True:
    try:
      sess.run(next_element)
      n += 1
    except tf.errors.OutOfRangeError:
      break
  counts.append(n)
out["epochs"] = counts
num_epochs = 3
dataset = tf.data.Dataset.from_tensor_slices((xs, ys)).batch(4).repeat(num_epochs)
next_example, next_label = dataset.make_one_shot_iterator().get_next()
logits = tf.layers.dense(next_example, 1)
loss = tf.losses.sigmoid_cross_entropy(next_label, logits)
global_step = tf.train.get_or_create_global_step()
training_op = tf.train.AdagradOptimizer(0.5).minimize(loss, global_step=global_step)
steps = 0
losses = []
with tf.train.MonitoredTrainingSession() as sess:
  while not sess.should_stop():
    _, l = sess.run([training_op, loss])
    losses.append(float(l))
    steps += 1
out["steps"] = steps
out["losses"] = losses
""",
    "datasets_image_map": """
tf.set_random_seed(1)
imgs = [tf.cast(tf.random_uniform([6, 5, 3], 0, 255, tf.int32), tf.uint8) for _ in range(2)]
encoded = [tf.image.encode_png(i) for i in imgs]
with tf.Session() as sess:
    pngs, raw = sess.run([encoded, imgs])
def _parse_function(image_string, label):
  image_decoded = tf.image.decode_png(image_string)
  image_resized = tf.image.resize_images(image_decoded, [4, 4])
  return image_resized, label
dataset = tf.data.Dataset.from_tensor_slices((tf.constant(pngs), tf.constant([0, 37])))
dataset = dataset.map(_parse_function)
image, label = dataset.make_one_shot_iterator().get_next()
out["types"] = [str(dataset.output_types), str(dataset.output_shapes)]
with tf.Session() as sess:
    a, l = sess.run([image, label])
out["first"] = [a.dtype.name, list(a.shape), np.round(a, 3).ravel().tolist()[:24], int(l)]
""",
    "datasets_py_func": """
def _read_py_function(filename, label):
  image_decoded = np.full((3, 2), len(filename), np.uint8)
  return image_decoded, label
def _resize_function(image_decoded, label):
  image_decoded.set_shape([None, None])
  image_resized = tf.image.resize_images(image_decoded[..., None], [4, 4])
  return image_resized, label
filenames = ["/var/data/image1.jpg", "/var/data/img2.jpg"]
labels = [0, 37]
dataset = tf.data.Dataset.from_tensor_slices((filenames, labels))
dataset = dataset.map(
    lambda filename, label: tuple(tf.py_func(
        _read_py_function, [filename, label], [tf.uint8, label.dtype])))
out["after_py_func"] = str(dataset.output_shapes)
dataset = dataset.map(_resize_function)
out["after_resize"] = [str(dataset.output_types), str(dataset.output_shapes)]
image, label = dataset.make_one_shot_iterator().get_next()
with tf.Session() as sess:
    r = [sess.run([image, label]) for _ in range(2)]
out["values"] = [[float(a.mean()), list(a.shape), int(l)] for a, l in r]
""",
}

FEATURE_COLUMNS = {
    "feature_columns_numeric_and_buckets": """
numeric_feature_column = tf.feature_column.numeric_column(key="SepalLength")
numeric64 = tf.feature_column.numeric_column(key="SepalLength", dtype=tf.float64)
vector_feature_column = tf.feature_column.numeric_column(key="Bowling", shape=10)
matrix_feature_column = tf.feature_column.numeric_column(key="MyMatrix", shape=[10,5])
out["columns"] = [[c.name, c.shape, c.dtype.name] for c in
                  (numeric_feature_column, numeric64, vector_feature_column, matrix_feature_column)]
year = tf.feature_column.numeric_column("Year")
bucketized_feature_column = tf.feature_column.bucketized_column(
    source_column = year,
    boundaries = [1960, 1980, 2000])
features = {"Year": [[1950.0], [1960.0], [1979.0], [1999.5], [2000.0], [2010.0]],
            "Bowling": np.arange(60.0).reshape(6, 10),
            "SepalLength": [[1.0], [2.0], [3.0], [4.0], [5.0], [6.0]]}
net = tf.feature_column.input_layer(features, [bucketized_feature_column, numeric_feature_column,
                                               vector_feature_column])
with tf.Session() as sess:
    v = sess.run(net)
out["net"] = [list(v.shape), v[:, :5].tolist(), float(v.sum())]
out["bucket_name"] = [bucketized_feature_column.name, str(net.dtype)]
""",
    "feature_columns_categorical": """
import tempfile, os
identity_feature_column = tf.feature_column.categorical_column_with_identity(
    key='my_feature_b',
    num_buckets=4)
vocabulary_feature_column = tf.feature_column.categorical_column_with_vocabulary_list(
        key="product",
        vocabulary_list=["kitchenware", "electronics", "sports"])
path = os.path.join(tempfile.mkdtemp(), "product_class.txt")
with open(path, "w") as f:
    f.write("kitchenware\\nelectronics\\nsports\\n")
file_column = tf.feature_column.categorical_column_with_vocabulary_file(
        key="product",
        vocabulary_file=path,
        vocabulary_size=3)
hashed_feature_column = tf.feature_column.categorical_column_with_hash_bucket(
        key = "some_feature",
        hash_bucket_size = 100)
features = {'my_feature_a': [7, 9, 5, 2], 'my_feature_b': [3, 1, 2, 2],
            'product': ['sports', 'kitchenware', 'toys', 'electronics'],
            'some_feature': ['a', 'b', 'kitchen', 'a']}
cols = [tf.feature_column.indicator_column(c) for c in
        (identity_feature_column, vocabulary_feature_column, hashed_feature_column)]
net = tf.feature_column.input_layer(features, cols)
from_file = tf.feature_column.input_layer(
    features, [tf.feature_column.indicator_column(file_column)])
with tf.Session() as sess:
    sess.run(tf.tables_initializer())
    v, f = sess.run([net, from_file])
out["net"] = [list(v.shape), v[:, :7].tolist(), np.argwhere(v[:, 7:] > 0).tolist()]
out["from_file"] = f.tolist()
out["names"] = [c.name for c in cols]
both = cols + [tf.feature_column.indicator_column(file_column)]
out["duplicate"] = raises(lambda: tf.feature_column.input_layer(features, both))
""",
    "feature_columns_crossed_and_embedding": """
tf.set_random_seed(1)
latitude = np.array([[33.6, 33.8], [33.7, 33.9]])
longitude = np.array([[-84.5, -84.3], [-84.4, -84.2]])
features = {'latitude': latitude.flatten(), 'longitude': longitude.flatten()}
latitude_bucket_fc = tf.feature_column.bucketized_column(
    tf.feature_column.numeric_column('latitude'), [33.65, 33.75, 33.85])
longitude_bucket_fc = tf.feature_column.bucketized_column(
    tf.feature_column.numeric_column('longitude'), [-84.45, -84.35, -84.25])
crossed_lat_lon_fc = tf.feature_column.crossed_column(
    [latitude_bucket_fc, longitude_bucket_fc], 5000)
fc = [latitude_bucket_fc, longitude_bucket_fc,
      tf.feature_column.indicator_column(crossed_lat_lon_fc)]
net = tf.feature_column.input_layer(features, fc)
categorical_column = tf.feature_column.categorical_column_with_vocabulary_list(
    "word", ["a", "b", "c", "d"])
number_of_categories = 81
embedding_dimensions = int(number_of_categories**0.25)
embedding_column = tf.feature_column.embedding_column(
    categorical_column=categorical_column,
    dimension=embedding_dimensions)
emb = tf.feature_column.input_layer(
    {"word": [["a", "b"], ["d", ""], ["c", "c"]]}, [embedding_column])
with tf.Session() as sess:
    sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
    v, e = sess.run([net, emb])
out["net"] = [list(v.shape), v[:, :8].tolist(), np.argwhere(v[:, 8:] > 0).tolist()]
out["emb"] = [list(e.shape), e.tolist()]
out["variables"] = [x.name for x in tf.global_variables()]
out["crossed"] = crossed_lat_lon_fc.name
""",
}

TUTORIALS = {
    "word2vec_nce_training": """
import math
tf.set_random_seed(1)
vocabulary_size, embedding_size, batch_size, num_sampled = 50, 8, 16, 6
embeddings = tf.Variable(
    tf.random_uniform([vocabulary_size, embedding_size], -1.0, 1.0))
nce_weights = tf.Variable(
  tf.truncated_normal([vocabulary_size, embedding_size],
                      stddev=1.0 / math.sqrt(embedding_size)))
nce_biases = tf.Variable(tf.zeros([vocabulary_size]))
train_inputs = tf.placeholder(tf.int32, shape=[batch_size])
train_labels = tf.placeholder(tf.int32, shape=[batch_size, 1])
embed = tf.nn.embedding_lookup(embeddings, train_inputs)
loss = tf.reduce_mean(
  tf.nn.nce_loss(weights=nce_weights,
                 biases=nce_biases,
                 labels=train_labels,
                 inputs=embed,
                 num_sampled=num_sampled,
                 num_classes=vocabulary_size))
optimizer = tf.train.GradientDescentOptimizer(learning_rate=1.0).minimize(loss)
norm = tf.sqrt(tf.reduce_sum(tf.square(embeddings), 1, keepdims=True))
normalized_embeddings = embeddings / norm
valid_dataset = tf.constant([1, 2, 3], dtype=tf.int32)
valid_embeddings = tf.nn.embedding_lookup(normalized_embeddings, valid_dataset)
similarity = tf.matmul(valid_embeddings, normalized_embeddings, transpose_b=True)
rng = np.random.RandomState(0)
losses = []
with tf.Session() as session:
  tf.global_variables_initializer().run()
  for step in range(20):
    inputs = rng.randint(0, vocabulary_size, batch_size)
    labels = ((inputs + 1) % vocabulary_size).reshape(batch_size, 1)
    feed_dict = {train_inputs: inputs, train_labels: labels}
    _, cur_loss = session.run([optimizer, loss], feed_dict=feed_dict)
    losses.append(float(cur_loss))
  sim = similarity.eval()
out["losses"] = losses[::4] + [losses[-1]]
out["similarity"] = [list(sim.shape), np.round(sim[:, :6], 5).tolist()]
""",
    "mandelbrot": """
sess = tf.InteractiveSession()
Y, X = np.mgrid[-1.3:1.3:0.1, -2:1:0.1]
Z = X+1j*Y
xs = tf.constant(Z.astype(np.complex64))
zs = tf.Variable(xs)
ns = tf.Variable(tf.zeros_like(xs, tf.float32))
tf.global_variables_initializer().run()
zs_ = zs*zs + xs
not_diverged = tf.abs(zs_) < 4
step = tf.group(
  zs.assign(zs_),
  ns.assign_add(tf.cast(not_diverged, tf.float32))
  )
for i in range(200): step.run()
n = ns.eval()
sess.close()
out["shape"] = list(n.shape)
out["ns"] = n.astype(int).tolist()
out["dtypes"] = [xs.dtype.name, zs.dtype.base_dtype.name, not_diverged.dtype.name]
""",
    "pdes_wave": """
sess = tf.InteractiveSession()
def make_kernel(a):
  a = np.asarray(a)
  a = a.reshape(list(a.shape) + [1,1])
  return tf.constant(a, dtype=1)
def simple_conv(x, k):
  x = tf.expand_dims(tf.expand_dims(x, 0), -1)
  y = tf.nn.depthwise_conv2d(x, k, [1, 1, 1, 1], padding='SAME')
  return y[0, :, :, 0]
def laplace(x):
  laplace_k = make_kernel([[0.5, 1.0, 0.5],
                           [1.0, -6., 1.0],
                           [0.5, 1.0, 0.5]])
  return simple_conv(x, laplace_k)
N = 24
rng = np.random.RandomState(0)
u_init = np.zeros([N, N], dtype=np.float32)
ut_init = np.zeros([N, N], dtype=np.float32)
for n in range(8):
  a,b = rng.randint(0, N, 2)
  u_init[a,b] = rng.uniform()
eps = tf.placeholder(tf.float32, shape=())
damping = tf.placeholder(tf.float32, shape=())
U  = tf.Variable(u_init)
Ut = tf.Variable(ut_init)
U_ = U + eps * Ut
Ut_ = Ut + eps * (laplace(U) - damping * Ut)
# The page's group races: TF may run U's assign before laplace(U) reads U (its result
# varies run to run); after both updates are computed it is what the page means.
with tf.control_dependencies([U_, Ut_]):
  step = tf.group(
    U.assign(U_),
    Ut.assign(Ut_))
tf.global_variables_initializer().run()
for i in range(100):
  step.run({eps: 0.03, damping: 0.04})
u = U.eval()
sess.close()
out["u"] = [float(u.sum()), float(np.abs(u).max()), u[::6, ::6].tolist()]
out["kernel"] = make_kernel([[1.0]]).dtype.name
""",
    "recurrent_lstm_unrolled": """
tf.set_random_seed(1)
time_steps, batch_size, num_features, lstm_size, vocab = 3, 2, 4, 5, 6
words_in_dataset = tf.placeholder(tf.float32, [time_steps, batch_size, num_features])
lstm = tf.nn.rnn_cell.BasicLSTMCell(lstm_size)
state = lstm.zero_state(batch_size, dtype=tf.float32)
softmax_w = tf.Variable(tf.random_normal([lstm_size, vocab]))
softmax_b = tf.Variable(tf.zeros([vocab]))
target_words = tf.constant([[1, 2], [3, 4], [5, 0]])
probabilities = []
loss = 0.0
for t in range(time_steps):
    current_batch_of_words = words_in_dataset[t]
    output, state = lstm(current_batch_of_words, state)
    logits = tf.matmul(output, softmax_w) + softmax_b
    probabilities.append(tf.nn.softmax(logits))
    loss += tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=target_words[t], logits=logits))
out["variables"] = [v.name for v in tf.trainable_variables()]
rng = np.random.RandomState(0)
data = rng.randn(time_steps, batch_size, num_features).astype(np.float32)
with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    l, p, s = session.run([loss, probabilities[-1], state], {words_in_dataset: data})
out["loss"] = float(l)
out["p"] = p.tolist()
out["state"] = [type(s).__name__, s.c.tolist(), s.h.tolist()]
""",
    "recurrent_stacked_truncated_backprop": """
tf.set_random_seed(1)
batch_size, num_steps, lstm_size, number_of_layers, vocab = 2, 3, 4, 2, 7
words = tf.placeholder(tf.int32, [batch_size, num_steps])
embedding_matrix = tf.get_variable("embedding", [vocab, lstm_size])
word_embeddings = tf.nn.embedding_lookup(embedding_matrix, words)
def lstm_cell():
  return tf.nn.rnn_cell.BasicLSTMCell(lstm_size)
stacked_lstm = tf.nn.rnn_cell.MultiRNNCell(
    [lstm_cell() for _ in range(number_of_layers)])
initial_state = state = stacked_lstm.zero_state(batch_size, tf.float32)
outputs = []
for i in range(num_steps):
    output, state = stacked_lstm(word_embeddings[:, i], state)
    outputs.append(output)
final_state = state
loss = tf.reduce_sum(tf.square(tf.stack(outputs)))
out["variables"] = [v.name for v in tf.trainable_variables()]
rng = np.random.RandomState(0)
batches = [rng.randint(0, vocab, (batch_size, num_steps)) for _ in range(3)]
with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    numpy_state = session.run(initial_state)
    total_loss = 0.0
    for current_batch_of_words in batches:
        numpy_state, current_loss = session.run([final_state, loss],
            feed_dict={initial_state: numpy_state, words: current_batch_of_words})
        total_loss += current_loss
out["total_loss"] = float(total_loss)
out["state"] = [type(numpy_state).__name__, len(numpy_state), numpy_state[1].h.tolist()]
""",
    "tf_records_features": """
def _bytes_feature(value):
  return tf.train.Feature(bytes_list=tf.train.BytesList(value=[value]))
def _float_feature(value):
  return tf.train.Feature(float_list=tf.train.FloatList(value=[value]))
def _int64_feature(value):
  return tf.train.Feature(int64_list=tf.train.Int64List(value=[value]))
out["printed"] = [str(_bytes_feature(b'test_string')),
                  str(_bytes_feature(u'test_bytes'.encode('utf-8'))),
                  str(_float_feature(np.exp(1))), str(_int64_feature(1))]
# protobuf 4+ takes no bool for an int64 field (the page's protobuf 3 did)
out["bool"] = raises(lambda: _int64_feature(True))
feature = _float_feature(np.exp(1))
out["serialized"] = list(feature.SerializeToString())
def serialize_example(feature0, feature1, feature2, feature3):
  feature = {
      'feature0': _int64_feature(feature0),
      'feature1': _int64_feature(feature1),
      'feature2': _bytes_feature(feature2),
      'feature3': _float_feature(feature3),
  }
  example_proto = tf.train.Example(features=tf.train.Features(feature=feature))
  return example_proto.SerializeToString()
serialized_example = serialize_example(0, 4, b'goat', 0.9876)
# (the order protobuf writes a map's entries in is its hash table's: the length is pinned)
out["example"] = len(serialized_example)
example_proto = tf.train.Example.FromString(serialized_example)
out["parsed"] = [example_proto.features.feature['feature2'].bytes_list.value[0].decode(),
                 list(example_proto.features.feature['feature3'].float_list.value),
                 sorted(dict(example_proto.features.feature))]
""",
    "tf_records_files": """
import tempfile, os
rng = np.random.RandomState(0)
n_observations = 20
feature0 = rng.choice([False, True], n_observations)
feature1 = rng.randint(0, 5, n_observations)
strings = np.array([b'cat', b'dog', b'chicken', b'horse', b'goat'])
feature2 = strings[feature1]
feature3 = rng.randn(n_observations)
def _bytes_feature(value):
  return tf.train.Feature(bytes_list=tf.train.BytesList(value=[value]))
def _float_feature(value):
  return tf.train.Feature(float_list=tf.train.FloatList(value=[value]))
def _int64_feature(value):
  return tf.train.Feature(int64_list=tf.train.Int64List(value=[value]))
def serialize_example(feature0, feature1, feature2, feature3):
  feature = {
      'feature0': _int64_feature(feature0),
      'feature1': _int64_feature(feature1),
      'feature2': _bytes_feature(feature2),
      'feature3': _float_feature(feature3),
  }
  example_proto = tf.train.Example(features=tf.train.Features(feature=feature))
  return example_proto.SerializeToString()
features_dataset = tf.data.Dataset.from_tensor_slices((feature0, feature1, feature2, feature3))
out["dataset"] = [str(features_dataset.output_types), str(features_dataset.output_shapes)]
filename = os.path.join(tempfile.mkdtemp(), 'test.tfrecord')
with tf.python_io.TFRecordWriter(filename) as writer:
  for i in range(n_observations):
    example = serialize_example(int(feature0[i]), feature1[i], feature2[i], feature3[i])
    writer.write(example)
record_iterator = tf.python_io.tf_record_iterator(path=filename)
for string_record in record_iterator:
  example = tf.train.Example()
  example.ParseFromString(string_record)
  break
out["first"] = [str(example.features.feature['feature3']),
                list(example.features.feature['feature3'].float_list.value)]
raw_dataset = tf.data.TFRecordDataset([filename])
feature_description = {
    'feature0': tf.FixedLenFeature([], tf.int64, default_value=0),
    'feature1': tf.FixedLenFeature([], tf.int64, default_value=0),
    'feature2': tf.FixedLenFeature([], tf.string, default_value=''),
    'feature3': tf.FixedLenFeature([], tf.float32, default_value=0.0),
}
def _parse_function(example_proto):
  return tf.parse_single_example(example_proto, feature_description)
parsed_dataset = raw_dataset.map(_parse_function)
out["parsed_types"] = str(parsed_dataset.output_types)
nxt = parsed_dataset.take(3).make_one_shot_iterator().get_next()
rec = []
with tf.Session() as sess:
    for _ in range(3):
        r = sess.run(nxt)
        rec.append([int(r['feature0']), int(r['feature1']), r['feature2'].decode(),
                    float(r['feature3'])])
out["records"] = rec
""",
    "load_data_images": """
import tempfile, os
tf.set_random_seed(1)
d = tempfile.mkdtemp()
paths = []
# (the page downloads its photos; these are written from Python as a download would be)
with tf.Session() as sess:
    for i in range(3):
        img = tf.cast(tf.random_uniform([8 + i, 6, 3], 0, 255, tf.int32), tf.uint8)
        p = os.path.join(d, "img%d.png" % i)
        with open(p, "wb") as f:
            f.write(sess.run(tf.image.encode_png(img)))
        paths.append(p)
def preprocess_image(image):
  image = tf.image.decode_png(image, channels=3)
  image = tf.image.resize_images(image, [4, 4])
  image /= 255.0
  return image
def load_and_preprocess_image(path):
  image = tf.read_file(path)
  return preprocess_image(image)
path_ds = tf.data.Dataset.from_tensor_slices(paths)
image_ds = path_ds.map(load_and_preprocess_image)
label_ds = tf.data.Dataset.from_tensor_slices(tf.cast([0, 1, 0], tf.int64))
image_label_ds = tf.data.Dataset.zip((image_ds, label_ds))
out["types"] = [str(image_label_ds.output_types), str(image_label_ds.output_shapes)]
ds = image_label_ds.repeat().batch(2)
img, lab = ds.make_one_shot_iterator().get_next()
with tf.Session() as sess:
    a, b = sess.run([img, lab])
    c, e = sess.run([img, lab])
out["batch"] = [list(a.shape), float(a.min()) >= 0.0, float(a.max()) <= 1.0,
                np.round(a[0, 0], 5).tolist(), b.tolist(), e.tolist()]
out["shapes"] = [str(img.shape), str(lab.shape)]
""",
}

KERAS = {
    "keras_sequential_fit_evaluate_predict": """
tf.set_random_seed(1)
np.random.seed(0)
layers = tf.keras.layers
def random_one_hot_labels(shape):
  n, n_class = shape
  classes = np.random.randint(0, n_class, n)
  labels = np.zeros((n, n_class))
  labels[np.arange(n), classes] = 1
  return labels
model = tf.keras.Sequential([
layers.Dense(16, activation='relu', input_shape=(8,)),
layers.Dense(16, activation='relu'),
layers.Dense(4, activation='softmax')])
model.compile(optimizer=tf.train.AdamOptimizer(0.001),
              loss='categorical_crossentropy',
              metrics=['accuracy'])
data = np.random.random((64, 8))
labels = random_one_hot_labels((64, 4))
val_data = np.random.random((16, 8))
val_labels = random_one_hot_labels((16, 4))
h = model.fit(data, labels, epochs=3, batch_size=16, shuffle=False, verbose=0,
              validation_data=(val_data, val_labels))
out["history"] = {k: [round(float(x), 5) for x in v] for k, v in sorted(h.history.items())}
evaluated = model.evaluate(data, labels, batch_size=32, verbose=0)
out["evaluate"] = [round(float(x), 5) for x in evaluated]
result = model.predict(data, batch_size=32)
out["predict"] = [list(result.shape), np.round(result[:2], 5).tolist()]
out["metrics_names"] = model.metrics_names
""",
    "keras_dataset_fit": """
tf.set_random_seed(1)
rng = np.random.RandomState(0)
layers = tf.keras.layers
data = rng.random_sample((40, 6)).astype(np.float32)
labels = np.eye(3)[rng.randint(0, 3, 40)].astype(np.float32)
model = tf.keras.Sequential([layers.Dense(8, activation='relu', input_shape=(6,)),
                             layers.Dense(3, activation='softmax')])
model.compile(optimizer=tf.train.RMSPropOptimizer(0.01),
              loss=tf.keras.losses.categorical_crossentropy,
              metrics=[tf.keras.metrics.categorical_accuracy])
dataset = tf.data.Dataset.from_tensor_slices((data, labels))
dataset = dataset.batch(8).repeat()
val_dataset = tf.data.Dataset.from_tensor_slices((data[:16], labels[:16])).batch(8).repeat()
h = model.fit(dataset, epochs=2, steps_per_epoch=5, validation_data=val_dataset,
              validation_steps=2, verbose=0)
out["history"] = {k: [round(float(x), 5) for x in v] for k, v in sorted(h.history.items())}
out["evaluate"] = [round(float(x), 5) for x in model.evaluate(dataset, steps=5, verbose=0)]
""",
    "keras_functional_subclassed_custom_layer": """
tf.set_random_seed(1)
rng = np.random.RandomState(0)
layers = tf.keras.layers
data = rng.random_sample((32, 5))
labels = np.eye(3)[rng.randint(0, 3, 32)]
inputs = tf.keras.Input(shape=(5,))
x = layers.Dense(8, activation='relu')(inputs)
predictions = layers.Dense(3, activation='softmax')(x)
model = tf.keras.Model(inputs=inputs, outputs=predictions)
model.compile(optimizer=tf.train.RMSPropOptimizer(0.001),
              loss='categorical_crossentropy', metrics=['accuracy'])
h = model.fit(data, labels, batch_size=8, epochs=2, shuffle=False, verbose=0)
out["functional"] = [round(float(x), 5) for x in h.history["loss"]]
out["inputs"] = [str(inputs.dtype), inputs.shape.as_list()]
class MyModel(tf.keras.Model):
  def __init__(self, num_classes=10):
    super(MyModel, self).__init__(name='my_model')
    self.num_classes = num_classes
    self.dense_1 = layers.Dense(8, activation='relu')
    self.dense_2 = layers.Dense(num_classes, activation='sigmoid')
  def call(self, inputs):
    x = self.dense_1(inputs)
    return self.dense_2(x)
model = MyModel(num_classes=3)
model.compile(optimizer=tf.train.RMSPropOptimizer(0.001),
              loss='categorical_crossentropy', metrics=['accuracy'])
h = model.fit(data, labels, batch_size=8, epochs=2, shuffle=False, verbose=0)
out["subclassed"] = [round(float(x), 5) for x in h.history["loss"]]
class MyLayer(layers.Layer):
  def __init__(self, output_dim, **kwargs):
    self.output_dim = output_dim
    super(MyLayer, self).__init__(**kwargs)
  def build(self, input_shape):
    shape = tf.TensorShape((input_shape[1], self.output_dim))
    self.kernel = self.add_weight(name='kernel', shape=shape, initializer='uniform',
                                  trainable=True)
    super(MyLayer, self).build(input_shape)
  def call(self, inputs):
    return tf.matmul(inputs, self.kernel)
  def get_config(self):
    base_config = super(MyLayer, self).get_config()
    base_config['output_dim'] = self.output_dim
    return base_config
model = tf.keras.Sequential([MyLayer(3), layers.Activation('softmax')])
model.compile(optimizer=tf.train.RMSPropOptimizer(0.001),
              loss='categorical_crossentropy', metrics=['accuracy'])
h = model.fit(data, labels, batch_size=8, epochs=2, shuffle=False, verbose=0)
out["custom_layer"] = [round(float(x), 5) for x in h.history["loss"]]
out["custom_weights"] = [w.name for w in model.weights]
""",
    "keras_save_weights_and_json": """
import tempfile, os, json
tf.set_random_seed(1)
layers = tf.keras.layers
d = tempfile.mkdtemp()
model = tf.keras.Sequential([
layers.Dense(6, activation='relu', input_shape=(4,)),
layers.Dense(3, activation='softmax')])
model.compile(optimizer=tf.train.AdamOptimizer(0.001),
              loss='categorical_crossentropy', metrics=['accuracy'])
x = np.arange(8.0).reshape(2, 4) / 8
before = model.predict(x)
model.save_weights(os.path.join(d, 'weights', 'my_model'))
fresh = tf.keras.Sequential([
layers.Dense(6, activation='relu', input_shape=(4,)),
layers.Dense(3, activation='softmax')])
fresh.load_weights(os.path.join(d, 'weights', 'my_model'))
out["restored"] = np.allclose(fresh.predict(x), before)
out["files"] = sorted(f for f in os.listdir(os.path.join(d, 'weights')) if ".data-" not in f)
out["latest"] = os.path.basename(tf.train.latest_checkpoint(os.path.join(d, 'weights')))
json_string = model.to_json()
config = json.loads(json_string)
out["json"] = [config["class_name"], [l["class_name"] for l in config["config"]["layers"]]]
fresh_model = tf.keras.models.model_from_json(json_string)
out["from_json"] = [l.__class__.__name__ for l in fresh_model.layers]
out["predict"] = np.round(before, 5).tolist()
""",
    "keras_basic_classification": """
tf.set_random_seed(1)
rng = np.random.RandomState(0)
keras = tf.keras
train_images = rng.randint(0, 256, (60, 7, 7)) / 255.0
train_labels = ((train_images.mean(axis=(1, 2)) > 0.5).astype(np.int64)
                + 2 * (train_images[:, 0, 0] > 0.5))
test_images, test_labels = train_images[:20], train_labels[:20]
model = keras.Sequential([
    keras.layers.Flatten(input_shape=(7, 7)),
    keras.layers.Dense(16, activation=tf.nn.relu),
    keras.layers.Dense(4, activation=tf.nn.softmax)
])
model.compile(optimizer='adam',
              loss='sparse_categorical_crossentropy',
              metrics=['accuracy'])
h = model.fit(train_images, train_labels, epochs=3, shuffle=False, verbose=0)
test_loss, test_acc = model.evaluate(test_images,  test_labels, verbose=0)
predictions = model.predict(test_images)
out["history"] = {k: [round(float(x), 5) for x in v] for k, v in sorted(h.history.items())}
out["test"] = [round(float(test_loss), 5), round(float(test_acc), 5)]
out["predictions"] = [int(np.argmax(predictions[0])), np.round(predictions[0], 5).tolist()]
""",
    "keras_basic_regression": """
tf.set_random_seed(1)
rng = np.random.RandomState(0)
keras = tf.keras
layers = keras.layers
x = rng.randn(50, 4)
y = x @ np.array([1.0, -2.0, 0.5, 3.0]) + 0.1 * rng.randn(50)
def build_model():
  model = keras.Sequential([
    layers.Dense(8, activation=tf.nn.relu, input_shape=[4]),
    layers.Dense(8, activation=tf.nn.relu),
    layers.Dense(1)
  ])
  optimizer = tf.keras.optimizers.RMSprop(0.001)
  model.compile(loss='mean_squared_error',
                optimizer=optimizer,
                metrics=['mean_absolute_error', 'mean_squared_error'])
  return model
model = build_model()
example_result = model.predict(x[:3])
early_stop = keras.callbacks.EarlyStopping(monitor='val_loss', patience=10)
h = model.fit(x, y, epochs=4, validation_split=0.2, verbose=0, shuffle=False,
              callbacks=[early_stop])
out["history"] = {k: [round(float(v), 5) for v in vals] for k, vals in sorted(h.history.items())}
out["example"] = np.round(example_result, 5).tolist()
out["params"] = model.count_params()
""",
}

KERAS_TUTORIALS = {
    "keras_save_and_restore_checkpoints": """
import tempfile, os, io, contextlib
tf.set_random_seed(1)
keras = tf.keras
rng = np.random.RandomState(0)
train_images = rng.rand(40, 12)
train_labels = rng.randint(0, 3, 40)
test_images, test_labels = train_images[:10], train_labels[:10]
def create_model():
  model = tf.keras.models.Sequential([
    keras.layers.Dense(8, activation=tf.keras.activations.relu, input_shape=(12,)),
    keras.layers.Dropout(0.2),
    keras.layers.Dense(3, activation=tf.keras.activations.softmax)
  ])
  model.compile(optimizer=tf.keras.optimizers.Adam(),
                loss=tf.keras.losses.sparse_categorical_crossentropy,
                metrics=['accuracy'])
  return model
model = create_model()
lines = []
model.summary(print_fn=lines.append)
out["summary"] = [l for l in lines if "Total" in l or "Trainable" in l or "dense" in l]
d = tempfile.mkdtemp()
checkpoint_path = os.path.join(d, "training_1/cp.ckpt")
checkpoint_dir = os.path.dirname(checkpoint_path)
cp_callback = tf.keras.callbacks.ModelCheckpoint(checkpoint_path,
                                                 save_weights_only=True,
                                                 verbose=0)
model = create_model()
h = model.fit(train_images, train_labels, epochs=3, shuffle=False, verbose=0,
              validation_data=(test_images, test_labels), callbacks=[cp_callback])
out["history"] = {k: [round(float(x), 5) for x in v] for k, v in sorted(h.history.items())}
out["latest"] = os.path.basename(tf.train.latest_checkpoint(checkpoint_dir))
model = create_model()
untrained = model.evaluate(test_images, test_labels, verbose=0)
model.load_weights(checkpoint_path)
restored = model.evaluate(test_images, test_labels, verbose=0)
out["evaluate"] = [round(float(x), 5) for x in untrained + restored]
checkpoint_path = os.path.join(d, "training_2/cp-{epoch:04d}.ckpt")
checkpoint_dir = os.path.dirname(checkpoint_path)
cp_callback = tf.keras.callbacks.ModelCheckpoint(
    checkpoint_path, verbose=0, save_weights_only=True, period=2)
model = create_model()
model.save_weights(checkpoint_path.format(epoch=0))
model.fit(train_images, train_labels, epochs=5, callbacks=[cp_callback], shuffle=False,
          validation_data=(test_images, test_labels), verbose=0)
out["epochs_saved"] = sorted(f for f in os.listdir(checkpoint_dir) if f.endswith(".index"))
latest = tf.train.latest_checkpoint(checkpoint_dir)
out["latest2"] = os.path.basename(latest)
model = create_model()
model.load_weights(latest)
out["restored2"] = [round(float(x), 5) for x in model.evaluate(test_images, test_labels,
                                                                 verbose=0)]
""",
    "keras_overfit_regularization_dropout": """
tf.set_random_seed(1)
keras = tf.keras
rng = np.random.RandomState(0)
NUM_WORDS = 50
def multi_hot_sequences(sequences, dimension):
    results = np.zeros((len(sequences), dimension))
    for i, word_indices in enumerate(sequences):
        results[i, word_indices] = 1.0
    return results
seqs = [rng.randint(0, NUM_WORDS, rng.randint(1, 10)) for _ in range(64)]
train_data = multi_hot_sequences(seqs, dimension=NUM_WORDS)
train_labels = (train_data[:, :10].sum(1) > 1).astype(np.float32)
test_data, test_labels = train_data[:16], train_labels[:16]
l2_model = keras.models.Sequential([
    keras.layers.Dense(8, kernel_regularizer=keras.regularizers.l2(0.001),
                       activation=tf.nn.relu, input_shape=(NUM_WORDS,)),
    keras.layers.Dense(8, kernel_regularizer=keras.regularizers.l2(0.001),
                       activation=tf.nn.relu),
    keras.layers.Dense(1, activation=tf.nn.sigmoid)
])
l2_model.compile(optimizer='adam', loss='binary_crossentropy',
                 metrics=['accuracy', 'binary_crossentropy'])
h = l2_model.fit(train_data, train_labels, epochs=3, batch_size=16, shuffle=False,
                 validation_data=(test_data, test_labels), verbose=0)
out["l2"] = {k: [round(float(x), 5) for x in v] for k, v in sorted(h.history.items())}
out["l2_losses"] = len(l2_model.losses)
dpt_model = keras.models.Sequential([
    keras.layers.Dense(8, activation=tf.nn.relu, input_shape=(NUM_WORDS,)),
    keras.layers.Dropout(0.5),
    keras.layers.Dense(8, activation=tf.nn.relu),
    keras.layers.Dropout(0.5),
    keras.layers.Dense(1, activation=tf.nn.sigmoid)
])
dpt_model.compile(optimizer='adam', loss='binary_crossentropy',
                  metrics=['accuracy', 'binary_crossentropy'])
before = dpt_model.predict(test_data[:4])
h = dpt_model.fit(train_data, train_labels, epochs=2, batch_size=16, shuffle=False,
                  verbose=0)
out["dropout_predict"] = np.round(before, 5).ravel().tolist()
out["dropout_keys"] = sorted(h.history)
""",
    "keras_text_classification": """
tf.set_random_seed(1)
keras = tf.keras
rng = np.random.RandomState(0)
vocab_size = 30
reviews = [list(rng.randint(1, vocab_size, rng.randint(3, 12))) for _ in range(48)]
labels = np.array([int(sum(r) % 2) for r in reviews])
word_index = {"<PAD>": 0, "<START>": 1, "<UNK>": 2, "<UNUSED>": 3}
train_data = keras.preprocessing.sequence.pad_sequences(reviews,
                                                        value=word_index["<PAD>"],
                                                        padding='post',
                                                        maxlen=10)
out["padded"] = train_data[:3].tolist()
model = keras.Sequential()
model.add(keras.layers.Embedding(vocab_size, 4))
model.add(keras.layers.GlobalAveragePooling1D())
model.add(keras.layers.Dense(4, activation=tf.nn.relu))
model.add(keras.layers.Dense(1, activation=tf.nn.sigmoid))
printed = []
out["unbuilt_summary"] = raises(lambda: model.summary(print_fn=printed.append))
model.compile(optimizer='adam',
              loss='binary_crossentropy',
              metrics=['acc'])
x_val, partial_x_train = train_data[:16], train_data[16:]
y_val, partial_y_train = labels[:16], labels[16:]
history = model.fit(partial_x_train, partial_y_train, epochs=3, batch_size=8,
                    validation_data=(x_val, y_val), verbose=0, shuffle=False)
out["history"] = {k: [round(float(x), 5) for x in v]
                  for k, v in sorted(history.history.items())}
results = model.evaluate(x_val, y_val, verbose=0)
out["results"] = [round(float(x), 5) for x in results]
out["weights"] = [w.name for w in model.weights]
""",
    "keras_text_generation": """
import tempfile, os, functools
tf.set_random_seed(1)
text = "first citizen: before we proceed any further, hear me speak. " * 3
vocab = sorted(set(text))
char2idx = {u:i for i, u in enumerate(vocab)}
idx2char = np.array(vocab)
text_as_int = np.array([char2idx[c] for c in text])
seq_length = 10
char_dataset = tf.data.Dataset.from_tensor_slices(text_as_int)
sequences = char_dataset.batch(seq_length+1, drop_remainder=True)
def split_input_target(chunk):
    input_text = chunk[:-1]
    target_text = chunk[1:]
    return input_text, target_text
dataset = sequences.map(split_input_target)
BATCH_SIZE = 4
dataset = dataset.batch(BATCH_SIZE, drop_remainder=True)
out["dataset"] = [str(dataset.output_types), str(dataset.output_shapes)]
vocab_size, embedding_dim, rnn_units = len(vocab), 6, 8
rnn = functools.partial(tf.keras.layers.GRU, recurrent_activation='sigmoid')
# (the page's GRU is stateful: that part is keras_stateful_gru)
def build_model(vocab_size, embedding_dim, rnn_units, batch_size, stateful=False):
  model = tf.keras.Sequential([
    tf.keras.layers.Embedding(vocab_size, embedding_dim,
                              batch_input_shape=[batch_size, None]),
    rnn(rnn_units,
        return_sequences=True,
        recurrent_initializer='glorot_uniform',
        stateful=stateful),
    tf.keras.layers.Dense(vocab_size)
  ])
  return model
model = build_model(vocab_size, embedding_dim, rnn_units, BATCH_SIZE)
def loss(labels, logits):
  return tf.keras.losses.sparse_categorical_crossentropy(labels, logits, from_logits=True)
model.compile(optimizer=tf.train.AdamOptimizer(), loss=loss)
checkpoint_dir = tempfile.mkdtemp()
checkpoint_prefix = os.path.join(checkpoint_dir, "ckpt_{epoch}")
checkpoint_callback = tf.keras.callbacks.ModelCheckpoint(filepath=checkpoint_prefix,
                                                         save_weights_only=True)
history = model.fit(dataset.repeat(), epochs=2, steps_per_epoch=3,
                    callbacks=[checkpoint_callback], verbose=0)
out["loss"] = [round(float(x), 5) for x in history.history["loss"]]
out["latest"] = os.path.basename(tf.train.latest_checkpoint(checkpoint_dir))
model = build_model(vocab_size, embedding_dim, rnn_units, batch_size=1)
model.load_weights(tf.train.latest_checkpoint(checkpoint_dir))
model.build(tf.TensorShape([1, None]))
x = np.array([[char2idx[c] for c in "first"]])
p1 = model.predict(x)
out["predict"] = np.round(p1[0, -1, :4], 5).tolist()
""",
    "keras_stateful_rnn_layers": """
tf.set_random_seed(1)
x = np.array([[1, 2, 3], [4, 5, 6]])
y = np.zeros((2, 3, 7))
for cls in (tf.keras.layers.GRU, tf.keras.layers.LSTM, tf.keras.layers.SimpleRNN):
    model = tf.keras.Sequential([
        tf.keras.layers.Embedding(7, 3, batch_input_shape=[2, None]),
        cls(4, return_sequences=True, stateful=True),
        tf.keras.layers.Dense(7)])
    p1 = model.predict(x)
    p2 = model.predict(x)
    model.reset_states()
    p3 = model.predict(x)
    model.compile("sgd", "mse")
    e = [model.evaluate(x, y, verbose=0) for _ in range(2)]
    model.reset_states()
    h = model.fit(x, y, epochs=2, verbose=0, shuffle=False).history["loss"]
    out[cls.__name__] = [np.round(p1[0, -1, :3], 5).tolist(), bool(np.allclose(p1, p2)),
                         bool(np.allclose(p1, p3, atol=1e-6)), [round(v, 7) for v in e],
                         [round(v, 7) for v in h], len(model.weights)]
out["no_batch"] = raises(lambda: tf.keras.Sequential(
    [tf.keras.layers.GRU(2, stateful=True, input_shape=(None, 3))]))
out["not_stateful"] = raises(lambda: tf.keras.layers.GRU(2).reset_states())
""",
    "keras_stateful_gru": """
tf.set_random_seed(1)
model = tf.keras.Sequential([
    tf.keras.layers.Embedding(7, 3, batch_input_shape=[1, None]),
    tf.keras.layers.GRU(4, return_sequences=True, recurrent_activation='sigmoid',
                        recurrent_initializer='glorot_uniform', stateful=True),
    tf.keras.layers.Dense(7)
])
x = np.array([[1, 2, 3]])
model.reset_states()
p1 = model.predict(x)
p2 = model.predict(x)
model.reset_states()
p3 = model.predict(x)
out["stateful"] = [np.round(p1[0, -1, :4], 5).tolist(), bool(np.allclose(p1, p2)),
                   bool(np.allclose(p1, p3, atol=1e-6))]
out["weights"] = [w.name for w in model.weights]
""",
}

RAGGED = {
    "ragged_constant_ops": """
digits = tf.ragged.constant([[3, 1, 4, 1], [], [5, 9, 2], [6], []])
with tf.Session() as sess:
    r = sess.run({"add": tf.add(digits, 3), "mean": tf.reduce_mean(digits, axis=1),
                  "concat": tf.concat([digits, [[5, 3]]], axis=0), "slice": digits[:, :2]})
out["add"] = r["add"].to_list()
out["mean"] = r["mean"].tolist()
out["concat"] = r["concat"].to_list()
out["slice"] = r["slice"].to_list()
""",
    "ragged_from_row_splits": """
rt = tf.RaggedTensor.from_row_splits(values=[3, 1, 4, 1, 5, 9, 2, 6], row_splits=[0, 4, 4, 7, 8])
with tf.Session() as sess:
    v = sess.run(rt)
out["rows"] = v.to_list()
out["shape"] = str(rt.shape)
""",
}

UNICODE = {
    "unicode_strings": """
text_utf8 = tf.constant(u"语言处理")
text_chars = tf.constant([ord(char) for char in u"语言处理"])
thanks = u'Thanks 😊'.encode('UTF-8')
with tf.Session() as sess:
    r = sess.run({
        "decode": tf.strings.unicode_decode(text_utf8, input_encoding='UTF-8'),
        "encode": tf.strings.unicode_encode(text_chars, output_encoding='UTF-8'),
        "transcode": tf.strings.unicode_transcode(text_utf8, input_encoding='UTF8',
                                                  output_encoding='UTF-16-BE'),
        "encode_batch": tf.strings.unicode_encode([[99, 97, 116], [100, 111, 103], [99, 111, 119]],
                                                  output_encoding='UTF-8'),
        "num_bytes": tf.strings.length(thanks),
        "num_chars": tf.strings.length(thanks, unit='UTF8_CHAR'),
        "substr": tf.strings.substr(thanks, pos=7, len=1),
        "substr_char": tf.strings.substr(thanks, pos=7, len=1, unit='UTF8_CHAR'),
        "split": tf.strings.unicode_split(thanks, 'UTF-8'),
    })
out["decode"] = r["decode"].tolist()
out["encode"] = r["encode"].decode("utf-8")
out["transcode"] = list(r["transcode"])
out["encode_batch"] = [s.decode() for s in r["encode_batch"]]
out["lengths"] = [int(r["num_bytes"]), int(r["num_chars"])]
out["substr"] = [list(r["substr"]), r["substr_char"].decode("utf-8")]
out["split"] = [s.decode("utf-8") for s in r["split"]]
out["static"] = [str(tf.constant([u"You're", u"welcome!"]).shape), str(text_utf8)]
""",
    "unicode_script": """
uscript = tf.strings.unicode_script([33464, 1041])  # ['芸', 'Б']
with tf.Session() as sess:
    out["script"] = sess.run(uscript).tolist()
""",
    "unicode_decode_with_offsets": """
codepoints, offsets = tf.strings.unicode_decode_with_offsets(u"🎈🎉🎊", 'UTF-8')
with tf.Session() as sess:
    c, o = sess.run([codepoints, offsets])
out["pairs"] = ["At byte offset {}: codepoint {}".format(offset, codepoint)
                for (codepoint, offset) in zip(c, o)]
""",
}

PROGRAMS = {
    **LOW_LEVEL_INTRO,
    **TENSORS,
    **VARIABLES,
    **GRAPHS,
    **GUIDE_TOOLS,
    **CHECKPOINTS,
    **SAVED_MODEL,
    **DATASETS,
    **FEATURE_COLUMNS,
    **TUTORIALS,
    **KERAS,
    **KERAS_TUTORIALS,
    **RAGGED,
    **UNICODE,
}


if __name__ == "__main__":
    harness.main(PROGRAMS, legacy_keras=True)
