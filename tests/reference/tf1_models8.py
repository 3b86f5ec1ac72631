"""Record what TensorFlow computes for an eighth round of famous TF1 code bases, at tiny
sizes (dev-only).

    PYTHONPATH=/tmp/tf1ex12_site TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python \
        tests/reference/tf1_models8.py > tests/unit/engine/fixtures/tf1_models8.json

(/tmp/tf1ex12_site as tests/reference/tf1_models.py says for /tmp/tf1ex6_site, tf_keras
2.21 beside them; `python tf1_models8.py NAME...` prints only the named programs, for
development.)

Re-typed at tiny sizes, each in its code base's own TF1 spellings, code bases the earlier
rounds leave out: charlesq34/pointnet (`pointnet_`: T-Net, a batch norm whose moving
averages are an ExponentialMovingAverage of tensors applied inside a tf.cond, a bn decay
that is a tensor), WangYueFt/dgcnn's EdgeConv (`dgcnn_`: knn by top_k, contrib batch_norm
with a tensor decay) trained under MonitoredTrainingSession with hooks and evaluated
from the checkpoint's ExponentialMovingAverage shadows, a FaceNet-style embedding under
contrib.losses.metric_learning (`metric_`), Songweiping/GRU4Rec_TensorFlow (`gru4rec_`:
session-parallel mini-batches, a MultiRNNCell of one cell object, TOP1 and BPR), a DSSM
(`dssm_`: sparse placeholders, negatives by rotation), tensor2tensor's universal
transformer ACT (`ut_`: a while_loop of halting probabilities, variables made inside it),
CyberZHG's RAdamOptimizer (`radam_`: a tf.train.Optimizer subclass with non-slot
variables and warmup), GPS's feature points beside contrib.layers.spatial_softmax, the
Group Norm paper's code beside contrib.layers.group_norm, maxout and batch renorm
(`gps_`), a stacked BiLSTM tagger over contrib.rnn.stack_bidirectional_dynamic_rnn
(`sbirnn_`), tensor2tensor's contrib.opt.LazyAdamOptimizer beside contrib.opt's decoupled
weight decay optimizers (`t2t_`), an MMoE multi-task model fed by tf.data and scored by
tf.metrics.auc (`mmoe_`) and Deep Embedded Clustering from a restored encoder (`dec_`).
No data comes from the internet: inputs are small seeded arrays; initial
values are seeded (`tf.set_random_seed`) or explicit (`fix`).

The prelude is tf1_models7's; under TF, `contrib` is tf1_models7's with TF 1.15's
contrib.losses.metric_learning, contrib.rnn.stack_bidirectional_(dynamic_)rnn and
contrib.opt's LazyAdam and weight decay optimizers, re-typed below (tf_slim keeps group_norm, maxout and spatial_softmax). Each program stores what it
observed in `out[...]`; `tests/unit/engine/test_tf1_models8.py` runs the same text
against graphgate and compares.
"""

from __future__ import annotations

import sys

try:
    from tests.reference import harness, tf1_models7
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness
    import tf1_models7


PRELUDE = tf1_models7.PRELUDE

POINT_PROGRAMS = {
    # charlesq34/pointnet: utils/tf_util.py (conv2d, fully_connected, max_pool2d and the
    # batch_norm_template whose moving averages are an ExponentialMovingAverage of the
    # batch moments applied inside tf.cond(is_training)), models/transform_nets.py's input
    # T-Net, models/pointnet_cls.py's model and loss (the feature transform's
    # ||I - A A^T|| regularizer), train.py's decayed learning rate and bn decay, and its
    # momentum optimizer (Adam's normalized step would magnify the rounding noise that is
    # the gradient of a bias under a batch norm). Without dropout: its masks are random.
    "pointnet_tnet_ema_batch_norm_in_cond": r"""
tf.set_random_seed(1301)
BATCH_SIZE, NUM_POINT, NUM_CLASSES = 3, 6, 4
BASE_LEARNING_RATE, DECAY_STEP, DECAY_RATE = 0.01, 6, 0.7
BN_INIT_DECAY, BN_DECAY_DECAY_RATE, BN_DECAY_DECAY_STEP, BN_DECAY_CLIP = 0.5, 0.5, 6, 0.99
OPTIMIZER, MOMENTUM = 'momentum', 0.9

def _variable_on_cpu(name, shape, initializer, use_fp16=False):
  with tf.device('/cpu:0'):
    dtype = tf.float16 if use_fp16 else tf.float32
    var = tf.get_variable(name, shape, initializer=initializer, dtype=dtype)
  return var

def _variable_with_weight_decay(name, shape, stddev, wd, use_xavier=True):
  if use_xavier:
    initializer = contrib.layers.xavier_initializer()
  else:
    initializer = tf.truncated_normal_initializer(stddev=stddev)
  var = _variable_on_cpu(name, shape, initializer)
  if wd is not None:
    weight_decay = tf.multiply(tf.nn.l2_loss(var), wd, name='weight_loss')
    tf.add_to_collection('losses', weight_decay)
  return var

def batch_norm_template(inputs, is_training, scope, moments_dims, bn_decay):
  with tf.variable_scope(scope) as sc:
    num_channels = inputs.get_shape()[-1].value
    beta = tf.Variable(tf.constant(0.0, shape=[num_channels]), name='beta', trainable=True)
    gamma = tf.Variable(tf.constant(1.0, shape=[num_channels]), name='gamma', trainable=True)
    batch_mean, batch_var = tf.nn.moments(inputs, moments_dims, name='moments')
    decay = bn_decay if bn_decay is not None else 0.9
    ema = tf.train.ExponentialMovingAverage(decay=decay)
    ema_apply_op = tf.cond(is_training,
                           lambda: ema.apply([batch_mean, batch_var]),
                           lambda: tf.no_op())
    def mean_var_with_update():
      with tf.control_dependencies([ema_apply_op]):
        return tf.identity(batch_mean), tf.identity(batch_var)
    mean, var = tf.cond(is_training,
                        mean_var_with_update,
                        lambda: (ema.average(batch_mean), ema.average(batch_var)))
    normed = tf.nn.batch_normalization(inputs, mean, var, beta, gamma, 1e-3)
  return normed

def conv2d(inputs, num_output_channels, kernel_size, scope, stride=[1, 1], padding='SAME',
           use_xavier=True, stddev=1e-3, weight_decay=0.0, activation_fn=tf.nn.relu,
           bn=False, bn_decay=None, is_training=None):
  with tf.variable_scope(scope) as sc:
    kernel_h, kernel_w = kernel_size
    num_in_channels = inputs.get_shape()[-1].value
    kernel_shape = [kernel_h, kernel_w, num_in_channels, num_output_channels]
    kernel = _variable_with_weight_decay('weights', shape=kernel_shape, use_xavier=use_xavier,
                                         stddev=stddev, wd=weight_decay)
    stride_h, stride_w = stride
    outputs = tf.nn.conv2d(inputs, kernel, [1, stride_h, stride_w, 1], padding=padding)
    biases = _variable_on_cpu('biases', [num_output_channels], tf.constant_initializer(0.0))
    outputs = tf.nn.bias_add(outputs, biases)
    if bn:
      outputs = batch_norm_template(outputs, is_training, 'bn', [0, 1, 2], bn_decay)
    if activation_fn is not None:
      outputs = activation_fn(outputs)
    return outputs

def fully_connected(inputs, num_outputs, scope, use_xavier=True, stddev=1e-3, weight_decay=0.0,
                    activation_fn=tf.nn.relu, bn=False, bn_decay=None, is_training=None):
  with tf.variable_scope(scope) as sc:
    num_input_units = inputs.get_shape()[-1].value
    weights = _variable_with_weight_decay('weights', shape=[num_input_units, num_outputs],
                                          use_xavier=use_xavier, stddev=stddev, wd=weight_decay)
    outputs = tf.matmul(inputs, weights)
    biases = _variable_on_cpu('biases', [num_outputs], tf.constant_initializer(0.0))
    outputs = tf.nn.bias_add(outputs, biases)
    if bn:
      outputs = batch_norm_template(outputs, is_training, 'bn', [0], bn_decay)
    if activation_fn is not None:
      outputs = activation_fn(outputs)
    return outputs

def max_pool2d(inputs, kernel_size, scope, stride=[2, 2], padding='VALID'):
  with tf.variable_scope(scope) as sc:
    kernel_h, kernel_w = kernel_size
    stride_h, stride_w = stride
    outputs = tf.nn.max_pool(inputs, ksize=[1, kernel_h, kernel_w, 1],
                             strides=[1, stride_h, stride_w, 1], padding=padding, name=sc.name)
    return outputs

def input_transform_net(point_cloud, is_training, bn_decay=None, K=3):
  batch_size = point_cloud.get_shape()[0].value
  num_point = point_cloud.get_shape()[1].value
  input_image = tf.expand_dims(point_cloud, -1)
  net = conv2d(input_image, 8, [1, 3], padding='VALID', stride=[1, 1], bn=True,
               is_training=is_training, scope='tconv1', bn_decay=bn_decay)
  net = conv2d(net, 16, [1, 1], padding='VALID', stride=[1, 1], bn=True,
               is_training=is_training, scope='tconv2', bn_decay=bn_decay)
  net = max_pool2d(net, [num_point, 1], padding='VALID', scope='tmaxpool')
  net = tf.reshape(net, [batch_size, -1])
  net = fully_connected(net, 8, bn=True, is_training=is_training, scope='tfc1', bn_decay=bn_decay)
  with tf.variable_scope('transform_XYZ') as sc:
    assert(K == 3)
    weights = tf.get_variable('weights', [8, 3 * K], initializer=tf.constant_initializer(0.0),
                              dtype=tf.float32)
    biases = tf.get_variable('biases', [3 * K], initializer=tf.constant_initializer(0.0),
                             dtype=tf.float32)
    biases += tf.constant([1, 0, 0, 0, 1, 0, 0, 0, 1], dtype=tf.float32)
    transform = tf.matmul(net, weights)
    transform = tf.nn.bias_add(transform, biases)
  transform = tf.reshape(transform, [batch_size, 3, K])
  return transform

def feature_transform_net(inputs, is_training, bn_decay=None, K=64):
  batch_size = inputs.get_shape()[0].value
  num_point = inputs.get_shape()[1].value
  net = conv2d(inputs, 8, [1, 1], padding='VALID', stride=[1, 1], bn=True,
               is_training=is_training, scope='tconv1', bn_decay=bn_decay)
  net = max_pool2d(net, [num_point, 1], padding='VALID', scope='tmaxpool')
  net = tf.reshape(net, [batch_size, -1])
  with tf.variable_scope('transform_feat') as sc:
    weights = tf.get_variable('weights', [8, K * K], initializer=tf.constant_initializer(0.0),
                              dtype=tf.float32)
    biases = tf.get_variable('biases', [K * K], initializer=tf.constant_initializer(0.0),
                             dtype=tf.float32)
    biases += tf.constant(np.eye(K).flatten(), dtype=tf.float32)
    transform = tf.matmul(net, weights)
    transform = tf.nn.bias_add(transform, biases)
  transform = tf.reshape(transform, [batch_size, K, K])
  return transform

def get_model(point_cloud, is_training, bn_decay=None):
  batch_size = point_cloud.get_shape()[0].value
  num_point = point_cloud.get_shape()[1].value
  end_points = {}
  with tf.variable_scope('transform_net1') as sc:
    transform = input_transform_net(point_cloud, is_training, bn_decay, K=3)
  point_cloud_transformed = tf.matmul(point_cloud, transform)
  input_image = tf.expand_dims(point_cloud_transformed, -1)
  net = conv2d(input_image, 4, [1, 3], padding='VALID', stride=[1, 1], bn=True,
               is_training=is_training, scope='conv1', bn_decay=bn_decay)
  with tf.variable_scope('transform_net2') as sc:
    transform = feature_transform_net(net, is_training, bn_decay, K=4)
  end_points['transform'] = transform
  net_transformed = tf.matmul(tf.squeeze(net, axis=[2]), transform)
  net_transformed = tf.expand_dims(net_transformed, [2])
  net = conv2d(net_transformed, 16, [1, 1], padding='VALID', stride=[1, 1], bn=True,
               is_training=is_training, scope='conv3', bn_decay=bn_decay)
  net = max_pool2d(net, [num_point, 1], padding='VALID', scope='maxpool')
  net = tf.reshape(net, [batch_size, -1])
  net = fully_connected(net, 8, bn=True, is_training=is_training, scope='fc1', bn_decay=bn_decay)
  net = fully_connected(net, NUM_CLASSES, activation_fn=None, scope='fc3')
  return net, end_points

def get_loss(pred, label, end_points, reg_weight=0.001):
  loss = tf.nn.sparse_softmax_cross_entropy_with_logits(logits=pred, labels=label)
  classify_loss = tf.reduce_mean(loss)
  tf.summary.scalar('classify loss', classify_loss)
  transform = end_points['transform']
  K = transform.get_shape()[1].value
  mat_diff = tf.matmul(transform, tf.transpose(transform, perm=[0, 2, 1]))
  mat_diff -= tf.constant(np.eye(K), dtype=tf.float32)
  mat_diff_loss = tf.nn.l2_loss(mat_diff)
  tf.summary.scalar('mat loss', mat_diff_loss)
  return classify_loss + mat_diff_loss * reg_weight

def get_learning_rate(batch):
  learning_rate = tf.train.exponential_decay(BASE_LEARNING_RATE, batch * BATCH_SIZE, DECAY_STEP,
                                             DECAY_RATE, staircase=True)
  learning_rate = tf.maximum(learning_rate, 0.00001)
  return learning_rate

def get_bn_decay(batch):
  bn_momentum = tf.train.exponential_decay(BN_INIT_DECAY, batch * BATCH_SIZE,
                                           BN_DECAY_DECAY_STEP, BN_DECAY_DECAY_RATE,
                                           staircase=True)
  bn_decay = tf.minimum(BN_DECAY_CLIP, 1 - bn_momentum)
  return bn_decay

with tf.Graph().as_default():
  pointclouds_pl = tf.placeholder(tf.float32, shape=(BATCH_SIZE, NUM_POINT, 3))
  labels_pl = tf.placeholder(tf.int32, shape=(BATCH_SIZE))
  is_training_pl = tf.placeholder(tf.bool, shape=())
  batch = tf.Variable(0)
  bn_decay = get_bn_decay(batch)
  tf.summary.scalar('bn_decay', bn_decay)
  pred, end_points = get_model(pointclouds_pl, is_training_pl, bn_decay=bn_decay)
  loss = get_loss(pred, labels_pl, end_points)
  tf.summary.scalar('loss', loss)
  correct = tf.equal(tf.argmax(pred, 1), tf.to_int64(labels_pl))
  accuracy = tf.reduce_sum(tf.cast(correct, tf.float32)) / float(BATCH_SIZE)
  learning_rate = get_learning_rate(batch)
  if OPTIMIZER == 'momentum':
    optimizer = tf.train.MomentumOptimizer(learning_rate, momentum=MOMENTUM)
  elif OPTIMIZER == 'adam':
    optimizer = tf.train.AdamOptimizer(learning_rate)
  train_op = optimizer.minimize(loss, global_step=batch)
  saver = tf.train.Saver()
  sess = tf.Session()
  merged = tf.summary.merge_all()
  init = tf.global_variables_initializer()
  sess.run(init, {is_training_pl: True})
  fix(sess)
  rng = np.random.RandomState(13)
  data = rng.normal(size=(2, BATCH_SIZE, NUM_POINT, 3)).astype(np.float32)
  labels = np.array([[0, 3, 1], [2, 1, 3]], np.int32)
  hist = []
  for step in range(4):
    feed_dict = {pointclouds_pl: data[step % 2], labels_pl: labels[step % 2], is_training_pl: True}
    summary, step_v, _, loss_val, pred_val = sess.run([merged, batch, train_op, loss, pred],
                                                      feed_dict=feed_dict)
    hist.append([int(step_v), float(loss_val)])
  out["hist"] = hist
  out["bn_decay"] = L(sess.run(bn_decay))
  ev = {pointclouds_pl: data[0], labels_pl: labels[0], is_training_pl: False}
  out["eval"] = LS(sess.run([loss, pred, accuracy], ev))
  out["ema_vars"] = sorted(v.op.name for v in tf.global_variables() if 'ExponentialMovingAverage' in v.op.name)
  ema = {v.op.name: v for v in tf.global_variables() if 'ExponentialMovingAverage' in v.op.name}
  out["ema_values"] = {k: L(sess.run(v)) for k, v in sorted(ema.items()) if 'conv1/bn' in k}
  out["transform"] = L(sess.run(end_points['transform'], ev)[0])
""",
    # WangYueFt/dgcnn: utils/tf_util.py's pairwise_distance, knn (top_k of the negated
    # distances), get_edge_feature (a gather over the flattened batch) and batch_norm_template
    # (contrib batch_norm, updates_collections=None, a decay that is a tensor); trained as
    # tensorflow/models' cifar10_train.py trains: MonitoredTrainingSession with
    # StopAtStepHook, NanTensorHook and a _LoggerHook, an ExponentialMovingAverage of the
    # trainable variables after each step; then cifar10_eval.py's evaluation in a new
    # graph, the shadows restored into the model's variables through variables_to_restore.
    "dgcnn_edgeconv_monitored_session_ema_eval": r"""
import tempfile
tf.set_random_seed(1302)
B, N, K_NN, C = 2, 5, 3, 3
train_dir = tempfile.mkdtemp()

def pairwise_distance(point_cloud):
  og_batch_size = point_cloud.get_shape().as_list()[0]
  point_cloud = tf.squeeze(point_cloud)
  if og_batch_size == 1:
    point_cloud = tf.expand_dims(point_cloud, 0)
  point_cloud_transpose = tf.transpose(point_cloud, perm=[0, 2, 1])
  point_cloud_inner = tf.matmul(point_cloud, point_cloud_transpose)
  point_cloud_inner = -2 * point_cloud_inner
  point_cloud_square = tf.reduce_sum(tf.square(point_cloud), axis=-1, keep_dims=True)
  point_cloud_square_tranpose = tf.transpose(point_cloud_square, perm=[0, 2, 1])
  return point_cloud_square + point_cloud_inner + point_cloud_square_tranpose

def knn(adj_matrix, k=20):
  neg_adj = -adj_matrix
  _, nn_idx = tf.nn.top_k(neg_adj, k=k)
  return nn_idx

def get_edge_feature(point_cloud, nn_idx, k=20):
  og_batch_size = point_cloud.get_shape().as_list()[0]
  point_cloud = tf.squeeze(point_cloud)
  if og_batch_size == 1:
    point_cloud = tf.expand_dims(point_cloud, 0)
  point_cloud_central = point_cloud
  point_cloud_shape = point_cloud.get_shape()
  batch_size = point_cloud_shape[0].value
  num_points = point_cloud_shape[1].value
  num_dims = point_cloud_shape[2].value
  idx_ = tf.range(batch_size) * num_points
  idx_ = tf.reshape(idx_, [batch_size, 1, 1])
  point_cloud_flat = tf.reshape(point_cloud, [-1, num_dims])
  point_cloud_neighbors = tf.gather(point_cloud_flat, nn_idx + idx_)
  point_cloud_central = tf.expand_dims(point_cloud_central, axis=-2)
  point_cloud_central = tf.tile(point_cloud_central, [1, 1, k, 1])
  edge_feature = tf.concat([point_cloud_central, point_cloud_neighbors - point_cloud_central], axis=-1)
  return edge_feature

def batch_norm_template(inputs, is_training, scope, moments_dims_unused, bn_decay, data_format='NHWC'):
  bn_decay = bn_decay if bn_decay is not None else 0.9
  return contrib.layers.batch_norm(inputs, center=True, scale=True, is_training=is_training,
                                   decay=bn_decay, updates_collections=None, scope=scope,
                                   data_format=data_format)

def conv2d(inputs, num_output_channels, kernel_size, scope, bn_decay, is_training):
  with tf.variable_scope(scope) as sc:
    num_in_channels = inputs.get_shape()[-1].value
    kernel = tf.get_variable('weights', kernel_size + [num_in_channels, num_output_channels],
                             initializer=contrib.layers.xavier_initializer())
    outputs = tf.nn.conv2d(inputs, kernel, [1, 1, 1, 1], padding='VALID')
    biases = tf.get_variable('biases', [num_output_channels], initializer=tf.constant_initializer(0.0))
    outputs = tf.nn.bias_add(outputs, biases)
    outputs = batch_norm_template(outputs, is_training, 'bn', [0, 1, 2], bn_decay)
    return tf.nn.relu(outputs)

def get_model(point_cloud, is_training, bn_decay=None):
  adj_matrix = pairwise_distance(point_cloud)
  nn_idx = knn(adj_matrix, k=K_NN)
  edge_feature = get_edge_feature(point_cloud, nn_idx=nn_idx, k=K_NN)
  net = conv2d(edge_feature, 6, [1, 1], 'dgcnn1', bn_decay, is_training)
  net = tf.reduce_max(net, axis=-2, keep_dims=True)
  net1 = net
  adj_matrix = pairwise_distance(net)
  nn_idx = knn(adj_matrix, k=K_NN)
  edge_feature = get_edge_feature(net, nn_idx=nn_idx, k=K_NN)
  net = conv2d(edge_feature, 6, [1, 1], 'dgcnn2', bn_decay, is_training)
  net = tf.reduce_max(net, axis=-2, keep_dims=True)
  net = tf.reduce_max(tf.concat([net1, net], axis=-1), axis=1)
  net = tf.reshape(net, [B, -1])
  with tf.variable_scope('fc'):
    w = tf.get_variable('weights', [12, C], initializer=contrib.layers.xavier_initializer())
    b = tf.get_variable('biases', [C], initializer=tf.zeros_initializer())
  return tf.matmul(net, w) + b, nn_idx

rng = np.random.RandomState(1302)
clouds = rng.uniform(-1, 1, size=(B, N, 3)).astype(np.float32)
cloud_labels = np.array([2, 0], np.int32)
MOVING_AVERAGE_DECAY = 0.9
logged = []

with tf.Graph().as_default():
  tf.set_random_seed(1302)
  global_step = tf.train.get_or_create_global_step()
  pc = tf.placeholder(tf.float32, [B, N, 3])
  lbl = tf.placeholder(tf.int32, [B])
  is_training = tf.placeholder(tf.bool, shape=())
  bn_momentum = tf.train.exponential_decay(0.5, global_step * B, 4, 0.5, staircase=True)
  bn_decay = tf.minimum(0.99, 1 - bn_momentum)
  logits, nn_idx = get_model(pc, is_training, bn_decay)
  loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=lbl, logits=logits))
  tf.summary.scalar('loss', loss)
  opt = tf.train.MomentumOptimizer(0.05, 0.9)
  apply_gradient_op = opt.apply_gradients(opt.compute_gradients(loss), global_step=global_step)
  variable_averages = tf.train.ExponentialMovingAverage(MOVING_AVERAGE_DECAY, global_step)
  with tf.control_dependencies([apply_gradient_op]):
    train_op = variable_averages.apply(tf.trainable_variables())

  class _LoggerHook(tf.train.SessionRunHook):
    def begin(self):
      self._step = -1
    def before_run(self, run_context):
      self._step += 1
      return tf.train.SessionRunArgs([loss, nn_idx])
    def after_run(self, run_context, run_values):
      loss_value, idx = run_values.results
      logged.append([self._step, float(loss_value), idx.tolist()])

  with tf.train.MonitoredTrainingSession(
      checkpoint_dir=train_dir,
      hooks=[tf.train.StopAtStepHook(last_step=5), tf.train.NanTensorHook(loss), _LoggerHook(),
             tf.train.FeedFnHook(lambda: {pc: clouds, lbl: cloud_labels, is_training: True})],
      scaffold=tf.train.Scaffold(init_fn=lambda scaffold, sess: fix(sess)),
      save_summaries_steps=None, save_summaries_secs=None, log_step_count_steps=None) as mon_sess:
    while not mon_sess.should_stop():
      mon_sess.run(train_op)
out["logged"] = logged
ckpt = tf.train.latest_checkpoint(train_dir)
out["ckpt"] = ckpt[len(train_dir):]
out["ckpt_vars"] = [n for n, _ in tf.train.list_variables(ckpt)]
reader = tf.train.load_checkpoint(ckpt)
out["shadow_fc"] = L(reader.get_tensor('fc/weights/ExponentialMovingAverage'))
out["moving_mean"] = L(reader.get_tensor('dgcnn1/bn/moving_mean'))

with tf.Graph().as_default():
  pc = tf.placeholder(tf.float32, [B, N, 3])
  logits, _ = get_model(pc, False)
  top_k_op = tf.nn.in_top_k(logits, tf.constant(cloud_labels), 1)
  variable_averages = tf.train.ExponentialMovingAverage(MOVING_AVERAGE_DECAY)
  variables_to_restore = variable_averages.variables_to_restore()
  out["to_restore"] = sorted(variables_to_restore)
  saver = tf.train.Saver(variables_to_restore)
  with tf.Session() as sess:
    saver.restore(sess, tf.train.latest_checkpoint(train_dir))
    out["eval_logits"], out["eval_top1"] = LS(sess.run([logits, top_k_op], {pc: clouds}))
""",
}

EMBEDDING_PROGRAMS = {
    # A FaceNet-style embedding (davidsandberg/facenet's l2-normalized bottleneck) trained
    # with tf.contrib.losses.metric_learning.triplet_semihard_loss, as the TF 1.x metric
    # learning examples wrote it; its lifted-structure, N-pairs and contrastive losses and
    # pairwise_distance beside it, each with its gradient.
    "metric_triplet_semihard_lifted_npairs": r"""
tf.set_random_seed(1303)
ml = contrib.losses.metric_learning
images = tf.placeholder(tf.float32, [None, 5], name='images')
labels = tf.placeholder(tf.int32, [None], name='labels')
with tf.variable_scope('embedding'):
  net = tf.layers.dense(images, 6, activation=tf.nn.relu, name='fc1')
  prelogits = tf.layers.dense(net, 4, name='bottleneck')
  embeddings = tf.nn.l2_normalize(prelogits, 1, 1e-10, name='embeddings')
triplet = ml.triplet_semihard_loss(labels=labels, embeddings=embeddings, margin=0.3)
lifted = ml.lifted_struct_loss(labels, embeddings, margin=0.5)
half = tf.shape(embeddings)[0] // 2
anchor, positive = embeddings[:half], embeddings[half:]
npairs = ml.npairs_loss(labels[:half], anchor, positive, reg_lambda=0.01)
pair_labels = tf.cast(tf.equal(labels[:half], labels[half:]), tf.float32)
contrastive = ml.contrastive_loss(pair_labels, anchor, positive, margin=0.8)
dist = ml.pairwise_distance(embeddings)
dist_sq = ml.pairwise_distance(embeddings, squared=True)
total_loss = tf.add_n([triplet] + tf.losses.get_regularization_losses(), name='total_loss')
global_step = tf.Variable(0, trainable=False)
train_op = tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True).minimize(total_loss, global_step=global_step)
grads = {k: tf.gradients(v, prelogits)[0] for k, v in
         [("g_triplet", triplet), ("g_lifted", lifted), ("g_npairs", npairs), ("g_contrastive", contrastive)]}
rng = np.random.RandomState(1303)
x = rng.normal(size=(8, 5)).astype(np.float32)
y = np.array([0, 1, 2, 3, 0, 1, 2, 0], np.int32)
feed = {images: x, labels: y}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
# the seeded initial values: fix's make the embeddings nearly coincide
RS({"triplet": triplet, "lifted": lifted, "npairs": npairs, "contrastive": contrastive,
    "dist": dist, "dist_sq": dist_sq}, feed, sess)
RS(grads, feed, sess)
hist = []
for _ in range(4):
  hist.append(sess.run([triplet, train_op], feed)[0])
out["hist"] = L(hist)
out["embeddings"] = L(sess.run(embeddings, feed))
out["names"] = [triplet.op.name, lifted.op.name, contrastive.op.name]
""",
    # Songweiping/GRU4Rec_TensorFlow model.py and main.py: a MultiRNNCell of one GRUCell
    # object (its layers share the weights, as TF 1.x let them), state placeholders fed
    # back between session-parallel mini-batches (zeroed where a session ends), the other
    # items of the mini-batch as negatives, TOP1 and BPR losses, clip_by_norm on each
    # gradient, a staircase-decayed learning rate. The dropout wrapper keeps everything.
    "gru4rec_session_parallel_top1_bpr": r"""
tf.set_random_seed(1304)
class Args(object):
  is_training = True
  layers = 2
  rnn_size = 4
  n_items = 7
  batch_size = 3
  dropout_p_hidden = 1.0
  learning_rate = 0.01
  decay = 0.96
  decay_steps = 2
  sigma = 0
  init_as_normal = False
  grad_cap = 0.5
  hidden_act = 'tanh'

class GRU4Rec:
  def __init__(self, args, loss):
    for k in ['is_training', 'layers', 'rnn_size', 'n_items', 'batch_size', 'dropout_p_hidden',
              'learning_rate', 'decay', 'decay_steps', 'sigma', 'init_as_normal', 'grad_cap',
              'hidden_act']:
      setattr(self, k, getattr(args, k))
    self.hidden_act = tf.tanh if self.hidden_act == 'tanh' else tf.nn.relu
    self.final_activation = self.linear
    self.loss_function = self.top1 if loss == 'top1' else self.bpr
    self.build_model()

  def linear(self, X):
    return X

  def bpr(self, yhat):
    yhatT = tf.transpose(yhat)
    return tf.reduce_mean(-tf.log(tf.nn.sigmoid(tf.diag_part(yhat) - yhatT)))

  def top1(self, yhat):
    yhatT = tf.transpose(yhat)
    term1 = tf.reduce_mean(tf.nn.sigmoid(-tf.diag_part(yhat) + yhatT) + tf.nn.sigmoid(yhatT ** 2), axis=0)
    term2 = tf.nn.sigmoid(tf.diag_part(yhat) ** 2) / self.batch_size
    return tf.reduce_mean(term1 - term2)

  def build_model(self):
    self.X = tf.placeholder(tf.int32, [self.batch_size], name='input')
    self.Y = tf.placeholder(tf.int32, [self.batch_size], name='output')
    self.state = [tf.placeholder(tf.float32, [self.batch_size, self.rnn_size], name='rnn_state')
                  for _ in range(self.layers)]
    self.global_step = tf.Variable(0, name='global_step', trainable=False)
    with tf.variable_scope('gru_layer'):
      sigma = self.sigma if self.sigma != 0 else np.sqrt(6.0 / (self.n_items + self.rnn_size))
      if self.init_as_normal:
        initializer = tf.random_normal_initializer(mean=0, stddev=sigma)
      else:
        initializer = tf.random_uniform_initializer(minval=-sigma, maxval=sigma)
      embedding = tf.get_variable('embedding', [self.n_items, self.rnn_size], initializer=initializer)
      softmax_W = tf.get_variable('softmax_w', [self.n_items, self.rnn_size], initializer=initializer)
      softmax_b = tf.get_variable('softmax_b', [self.n_items], initializer=tf.constant_initializer(0.0))
      cell = tf.nn.rnn_cell.GRUCell(self.rnn_size, activation=self.hidden_act)
      drop_cell = tf.nn.rnn_cell.DropoutWrapper(cell, output_keep_prob=self.dropout_p_hidden)
      stacked_cell = tf.nn.rnn_cell.MultiRNNCell([drop_cell] * self.layers)
      inputs = tf.nn.embedding_lookup(embedding, self.X)
      output, state = stacked_cell(inputs, tuple(self.state))
      self.final_state = state
    sampled_W = tf.nn.embedding_lookup(softmax_W, self.Y)
    sampled_b = tf.nn.embedding_lookup(softmax_b, self.Y)
    logits = tf.matmul(output, sampled_W, transpose_b=True) + sampled_b
    self.yhat = self.final_activation(logits)
    self.cost = self.loss_function(self.yhat)
    self.lr = tf.maximum(1e-5, tf.train.exponential_decay(self.learning_rate, self.global_step,
                                                          self.decay_steps, self.decay, staircase=True))
    optimizer = tf.train.AdamOptimizer(self.lr)
    tvars = tf.trainable_variables()
    gvs = optimizer.compute_gradients(self.cost, tvars)
    if self.grad_cap > 0:
      capped_gvs = [(tf.clip_by_norm(grad, self.grad_cap), var) for grad, var in gvs]
    else:
      capped_gvs = gvs
    self.train_op = optimizer.apply_gradients(capped_gvs, global_step=self.global_step)

# sessions (item sequences) consumed three at a time, as main.py's fit loop does
sessions = [[0, 3, 4, 1], [2, 5, 6], [1, 1, 3, 2, 4], [6, 0, 2], [4, 3]]
for loss_name in ['top1', 'bpr']:
  with tf.Graph().as_default():
    model = GRU4Rec(Args(), loss_name)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    fix(sess)
    state = [np.zeros([3, 4], dtype=np.float32) for _ in range(2)]
    iters = np.arange(3)
    maxiter = iters.max()
    start = [0, 0, 0]
    hist = []
    for _ in range(6):
      in_idx = [sessions[s][start[j]] for j, s in enumerate(iters)]
      out_idx = [sessions[s][start[j] + 1] for j, s in enumerate(iters)]
      fetches = [model.cost, model.final_state, model.global_step, model.lr, model.train_op]
      feed_dict = {model.X: in_idx, model.Y: out_idx}
      for j in range(2):
        feed_dict[model.state[j]] = state[j]
      cost, state, step, lr, _ = sess.run(fetches, feed_dict)
      state = list(state)
      hist.append([float(cost), int(step), float(lr)])
      start = [st + 1 for st in start]
      mask = [j for j, s in enumerate(iters) if start[j] + 1 >= len(sessions[s])]
      for j in mask:
        maxiter = (maxiter + 1) % len(sessions)
        iters[j] = maxiter
        start[j] = 0
        for i in range(2):
          state[i][j] = 0
    out[loss_name] = hist
    out[loss_name + "_state"] = L(state)
    out[loss_name + "_vars"] = [v.op.name for v in tf.trainable_variables()]
    out[loss_name + "_emb"] = L(sess.run(tf.trainable_variables()[0]))
""",
    # A DSSM as the TF 1.x implementations of Huang et al. 2013 wrote it: letter-trigram
    # counts fed as tf.SparseTensorValue to sparse placeholders, shared dense layers by
    # sparse_tensor_dense_matmul, NEG negatives made by rotating the document batch with
    # tf.slice and tf.concat, a smoothed cosine softmax, variable_summaries histograms.
    "dssm_sparse_trigrams_rotated_negatives": r"""
import random
random.seed(1305)
tf.set_random_seed(1305)
TRIGRAM_D, L1_N, L2_N, NEG, BS = 12, 6, 4, 2, 4

def variable_summaries(var, name):
  with tf.name_scope('summaries'):
    mean = tf.reduce_mean(var)
    tf.summary.scalar('mean/' + name, mean)
    with tf.name_scope('stddev'):
      stddev = tf.sqrt(tf.reduce_sum(tf.square(var - mean)))
    tf.summary.scalar('sttdev/' + name, stddev)
    tf.summary.scalar('max/' + name, tf.reduce_max(var))
    tf.summary.scalar('min/' + name, tf.reduce_min(var))
    tf.summary.histogram(name, var)

with tf.name_scope('input'):
  query_batch = tf.sparse_placeholder(tf.float32, shape=[None, TRIGRAM_D], name='QueryBatch')
  doc_batch = tf.sparse_placeholder(tf.float32, shape=[None, TRIGRAM_D], name='DocBatch')

with tf.name_scope('L1'):
  l1_par_range = np.sqrt(6.0 / (TRIGRAM_D + L1_N))
  weight1 = tf.Variable(tf.random_uniform([TRIGRAM_D, L1_N], -l1_par_range, l1_par_range))
  bias1 = tf.Variable(tf.random_uniform([L1_N], -l1_par_range, l1_par_range))
  variable_summaries(weight1, 'L1_weights')
  variable_summaries(bias1, 'L1_biases')
  query_l1 = tf.sparse_tensor_dense_matmul(query_batch, weight1) + bias1
  doc_l1 = tf.sparse_tensor_dense_matmul(doc_batch, weight1) + bias1
  query_l1_out = tf.nn.relu(query_l1)
  doc_l1_out = tf.nn.relu(doc_l1)

with tf.name_scope('L2'):
  l2_par_range = np.sqrt(6.0 / (L1_N + L2_N))
  weight2 = tf.Variable(tf.random_uniform([L1_N, L2_N], -l2_par_range, l2_par_range))
  bias2 = tf.Variable(tf.random_uniform([L2_N], -l2_par_range, l2_par_range))
  variable_summaries(weight2, 'L2_weights')
  variable_summaries(bias2, 'L2_biases')
  query_l2 = tf.matmul(query_l1_out, weight2) + bias2
  doc_l2 = tf.matmul(doc_l1_out, weight2) + bias2
  query_y = tf.nn.relu(query_l2)
  doc_y = tf.nn.relu(doc_l2)

with tf.name_scope('FD_rotate'):
  temp = tf.tile(doc_y, [1, 1])
  for i in range(NEG):
    rand = int((random.random() + i) * BS / NEG)
    doc_y = tf.concat([doc_y,
                       tf.slice(temp, [rand, 0], [BS - rand, -1]),
                       tf.slice(temp, [0, 0], [rand, -1])], 0)

with tf.name_scope('Cosine_Similarity'):
  query_norm = tf.tile(tf.sqrt(tf.reduce_sum(tf.square(query_y), 1, True)), [NEG + 1, 1])
  doc_norm = tf.sqrt(tf.reduce_sum(tf.square(doc_y), 1, True))
  prod = tf.reduce_sum(tf.multiply(tf.tile(query_y, [NEG + 1, 1]), doc_y), 1, True)
  norm_prod = tf.multiply(query_norm, doc_norm)
  cos_sim_raw = tf.truediv(prod, norm_prod)
  cos_sim = tf.transpose(tf.reshape(tf.transpose(cos_sim_raw), [NEG + 1, BS])) * 20

with tf.name_scope('Loss'):
  prob = tf.nn.softmax((cos_sim))
  hit_prob = tf.slice(prob, [0, 0], [-1, 1])
  loss = -tf.reduce_sum(tf.log(hit_prob)) / BS
  tf.summary.scalar('loss', loss)

with tf.name_scope('Training'):
  train_step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)

merged = tf.summary.merge_all()

def pull_batch(seed):
  r = np.random.RandomState(seed)
  def one():
    dense = (r.uniform(size=(BS, TRIGRAM_D)) < 0.3) * r.randint(1, 3, size=(BS, TRIGRAM_D))
    dense[np.arange(BS), np.arange(BS)] = 1
    idx = np.argwhere(dense)
    return tf.SparseTensorValue(idx, dense[dense != 0].astype(np.float32), [BS, TRIGRAM_D])
  return one(), one()

sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
hist = []
for step in range(4):
  q, d = pull_batch(step % 2)
  _, l, summary = sess.run([train_step, loss, merged], feed_dict={query_batch: q, doc_batch: d})
  hist.append(l)
out["hist"] = L(hist)
q, d = pull_batch(0)
out["cos_sim"] = L(sess.run(cos_sim, {query_batch: q, doc_batch: d}))
out["weight1"] = L(sess.run(weight1))
out["summary_tags"] = sorted(t.op.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES))
""",
}

TRAINING_PROGRAMS = {
    # tensor2tensor models/research/universal_transformer_util.py: universal_transformer_act
    # (the "basic" ACT: halting probabilities, remainders and n_updates carried through a
    # tf.while_loop with maximum_iterations, the pondering dense layer and the recurrent
    # transition's variables made inside the loop), add_step_timing_signal, and the act
    # loss universal_transformer.py adds to the training loss.
    "ut_act_halting_while_loop_ponder_loss": r"""
tf.set_random_seed(1306)
class HParams(object):
  act_type = "basic"
  act_max_steps = 4
  act_epsilon = 0.01
  act_halting_bias_init = 1.0
  num_inrecurrence_layers = 1
  hidden_size = 4
  act_loss_weight = 0.01
hparams = HParams()

def get_timing_signal_1d(length, channels, min_timescale=1.0, max_timescale=1.0e4, start_index=0):
  position = tf.to_float(tf.range(length) + start_index)
  num_timescales = channels // 2
  log_timescale_increment = (
      np.log(float(max_timescale) / float(min_timescale)) / tf.maximum(tf.to_float(num_timescales) - 1, 1))
  inv_timescales = min_timescale * tf.exp(tf.to_float(tf.range(num_timescales)) * -log_timescale_increment)
  scaled_time = tf.expand_dims(position, 1) * tf.expand_dims(inv_timescales, 0)
  signal = tf.concat([tf.sin(scaled_time), tf.cos(scaled_time)], axis=1)
  signal = tf.pad(signal, [[0, 0], [0, tf.mod(channels, 2)]])
  signal = tf.reshape(signal, [1, length, channels])
  return signal

def add_step_timing_signal(x, step, hparams):
  num_steps = hparams.act_max_steps
  channels = x.get_shape().as_list()[-1]
  signal = get_timing_signal_1d(num_steps, channels)
  signal = tf.slice(signal, [0, step, 0], [1, 1, channels])
  return x + signal

def step_preprocess(x, step, hparams):
  return add_step_timing_signal(x, step, hparams)

def attention_unit(x):
  with tf.variable_scope("self_attention"):
    q = tf.layers.dense(x, hparams.hidden_size, use_bias=False, name="q")
    k = tf.layers.dense(x, hparams.hidden_size, use_bias=False, name="k")
    w = tf.nn.softmax(tf.matmul(q, k, transpose_b=True) / 2.0)
    return x + tf.matmul(w, x)

def ffn_unit(x):
  with tf.variable_scope("ffn"):
    h = tf.layers.dense(x, 6, activation=tf.nn.relu, name="conv1")
    return x + tf.layers.dense(h, hparams.hidden_size, name="conv2")

def universal_transformer_act(x, hparams, ffn_unit, attention_unit):
  state = x
  act_max_steps = hparams.act_max_steps
  threshold = 1.0 - hparams.act_epsilon
  state_shape_static = state.get_shape()
  state_slice = slice(0, 2)
  update_shape = tf.shape(state)[state_slice]
  halting_probability = tf.zeros(update_shape, name="halting_probability")
  remainders = tf.zeros(update_shape, name="remainder")
  n_updates = tf.zeros(update_shape, name="n_updates")
  previous_state = tf.zeros_like(state, name="previous_state")
  step = tf.constant(0, dtype=tf.int32)

  def ut_function(state, step, halting_probability, remainders, n_updates, previous_state):
    state = step_preprocess(state, step, hparams)
    with tf.variable_scope("sigmoid_activation_for_pondering"):
      p = tf.layers.dense(state, 1, activation=tf.nn.sigmoid, use_bias=True,
                          bias_initializer=tf.constant_initializer(hparams.act_halting_bias_init))
      p = tf.squeeze(p, axis=-1)
    still_running = tf.cast(tf.less(halting_probability, 1.0), tf.float32)
    new_halted = tf.cast(tf.greater(halting_probability + p * still_running, threshold),
                         tf.float32) * still_running
    still_running = tf.cast(tf.less_equal(halting_probability + p * still_running, threshold),
                            tf.float32) * still_running
    halting_probability += p * still_running
    remainders += new_halted * (1 - halting_probability)
    halting_probability += new_halted * remainders
    n_updates += still_running + new_halted
    update_weights = tf.expand_dims(p * still_running + new_halted * remainders, -1)
    transformed_state = state
    for i in range(hparams.num_inrecurrence_layers):
      with tf.variable_scope("rec_layer_%d" % i):
        transformed_state = ffn_unit(attention_unit(transformed_state))
    new_state = ((transformed_state * update_weights) + (previous_state * (1 - update_weights)))
    transformed_state.set_shape(state_shape_static)
    for x in [halting_probability, remainders, n_updates]:
      x.set_shape(state_shape_static[state_slice])
    new_state.set_shape(state_shape_static)
    step += 1
    return (transformed_state, step, halting_probability, remainders, n_updates, new_state)

  def should_continue(u0, u1, halting_probability, u2, n_updates, u3):
    del u0, u1, u2, u3
    return tf.reduce_any(tf.logical_and(tf.less(halting_probability, threshold),
                                        tf.less(n_updates, act_max_steps)))

  (_, _, _, remainder, n_updates, new_state) = tf.while_loop(
      should_continue, ut_function,
      (state, step, halting_probability, remainders, n_updates, previous_state),
      maximum_iterations=act_max_steps + 1)
  ponder_times = n_updates
  remainders = remainder
  return new_state, (ponder_times, remainders)

inputs = tf.placeholder(tf.float32, [None, 3, 4])
targets = tf.placeholder(tf.float32, [None, 3, 4])
with tf.variable_scope("universal_transformer"):
  x = tf.layers.dense(inputs, 4, name="input_proj")
  output, (ponder_times, remainders) = universal_transformer_act(x, hparams, ffn_unit, attention_unit)
  pred = tf.layers.dense(output, 4, name="out_proj")
act_loss = hparams.act_loss_weight * tf.reduce_mean(ponder_times + remainders)
loss = tf.losses.mean_squared_error(targets, pred) + act_loss
train_op = tf.train.AdamOptimizer(0.05).minimize(loss)
rng = np.random.RandomState(1306)
feed = {inputs: rng.normal(size=(2, 3, 4)).astype(np.float32),
        targets: rng.normal(size=(2, 3, 4)).astype(np.float32)}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
out["vars"] = [v.op.name for v in tf.trainable_variables()]
RS({"ponder": ponder_times, "remainders": remainders, "act_loss": act_loss}, feed, sess)
hist = []
for _ in range(4):
  hist.append(sess.run([loss, act_loss, train_op], feed)[:2])
out["hist"] = L(hist)
RS({"ponder_after": ponder_times, "pred_after": pred}, feed, sess)
""",
    # CyberZHG/keras-radam's keras_radam/training.py: RAdamOptimizer subclassing
    # tf.train.Optimizer — step and beta powers as non-slot variables read in init_scope,
    # m and v zero slots, the rectification chosen by tf.where once sma_t reaches 5, the
    # warmup-then-decay learning rate of total_steps and warmup_proportion, weight decay,
    # and _finish's grouped updates — on a small classifier, beside tf.train.AdamOptimizer.
    "radam_optimizer_subclass_non_slot_warmup": r"""
tf.set_random_seed(1307)
class RAdamOptimizer(tf.train.Optimizer):
  def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-7, weight_decay=0.,
               amsgrad=False, total_steps=0, warmup_proportion=0.1, min_lr=0., use_locking=False,
               name="RAdam"):
    super(RAdamOptimizer, self).__init__(use_locking, name)
    self._lr = learning_rate
    self._beta1 = beta1
    self._beta2 = beta2
    self._epsilon = epsilon
    self._weight_decay = weight_decay
    self._amsgrad = amsgrad
    self._total_steps = float(total_steps)
    self._warmup_proportion = warmup_proportion
    self._min_lr = min_lr
    self._initial_weight_decay = weight_decay
    self._initial_total_steps = total_steps
    self._lr_t = None
    self._step_t = None
    self._beta1_t = None
    self._beta2_t = None
    self._epsilon_t = None
    self._weight_decay_t = None
    self._total_steps_t = None
    self._warmup_proportion_t = None
    self._min_lr_t = None

  def _get_beta_accumulators(self):
    with tf.init_scope():
      if tf.executing_eagerly():
        graph = None
      else:
        graph = tf.get_default_graph()
      return (self._get_non_slot_variable("step", graph=graph),
              self._get_non_slot_variable("beta1_power", graph=graph),
              self._get_non_slot_variable("beta2_power", graph=graph))

  def _create_slots(self, var_list):
    first_var = min(var_list, key=lambda x: x.name)
    self._create_non_slot_variable(initial_value=1.0, name="step", colocate_with=first_var)
    self._create_non_slot_variable(initial_value=self._beta1, name="beta1_power", colocate_with=first_var)
    self._create_non_slot_variable(initial_value=self._beta2, name="beta2_power", colocate_with=first_var)
    for v in var_list:
      self._zeros_slot(v, "m", self._name)
      self._zeros_slot(v, "v", self._name)
      if self._amsgrad:
        self._zeros_slot(v, "vhat", self._name)

  def _prepare(self):
    lr = self._call_if_callable(self._lr)
    beta1 = self._call_if_callable(self._beta1)
    beta2 = self._call_if_callable(self._beta2)
    epsilon = self._call_if_callable(self._epsilon)
    weight_decay = self._call_if_callable(self._weight_decay)
    total_steps = self._call_if_callable(self._total_steps)
    warmup_proportion = self._call_if_callable(self._warmup_proportion)
    min_lr = self._call_if_callable(self._min_lr)
    self._lr_t = tf.convert_to_tensor(lr, name="learning_rate")
    self._beta1_t = tf.convert_to_tensor(beta1, name="beta1")
    self._beta2_t = tf.convert_to_tensor(beta2, name="beta2")
    self._epsilon_t = tf.convert_to_tensor(epsilon, name="epsilon")
    self._weight_decay_t = tf.convert_to_tensor(weight_decay, name="weight_decay")
    self._total_steps_t = tf.convert_to_tensor(total_steps, name="total_steps")
    self._warmup_proportion_t = tf.convert_to_tensor(warmup_proportion, name="warmup_proportion")
    self._min_lr_t = tf.convert_to_tensor(min_lr, name="min_lr")

  def _apply_dense(self, grad, var):
    return self._resource_apply_dense(grad, var)

  def _resource_apply_dense(self, grad, var):
    step, beta1_power, beta2_power = self._get_beta_accumulators()
    beta1_power = tf.cast(beta1_power, var.dtype.base_dtype)
    beta2_power = tf.cast(beta2_power, var.dtype.base_dtype)
    lr_t = tf.cast(self._lr_t, var.dtype.base_dtype)
    if self._initial_total_steps > 0:
      total_steps = tf.cast(self._total_steps_t, var.dtype.base_dtype)
      warmup_proportion = tf.cast(self._warmup_proportion_t, var.dtype.base_dtype)
      min_lr = tf.cast(self._min_lr_t, var.dtype.base_dtype)
      warmup_steps = total_steps * warmup_proportion
      decay_steps = tf.maximum(total_steps - warmup_steps, 1)
      decay_rate = (min_lr - lr_t) / decay_steps
      lr_t = tf.where(step <= warmup_steps, lr_t * (step / warmup_steps),
                      lr_t + decay_rate * tf.minimum(step - warmup_steps, decay_steps))
    beta1_t = tf.cast(self._beta1_t, var.dtype.base_dtype)
    beta2_t = tf.cast(self._beta2_t, var.dtype.base_dtype)
    epsilon_t = tf.cast(self._epsilon_t, var.dtype.base_dtype)
    sma_inf = 2.0 / (1.0 - beta2_t) - 1.0
    sma_t = sma_inf - 2.0 * step * beta2_power / (1.0 - beta2_power)
    m = self.get_slot(var, "m")
    m_t = tf.assign(m, beta1_t * m + (1.0 - beta1_t) * grad, use_locking=self._use_locking)
    m_corr_t = m_t / (1.0 - beta1_power)
    v = self.get_slot(var, "v")
    v_t = tf.assign(v, beta2_t * v + (1.0 - beta2_t) * tf.square(grad), use_locking=self._use_locking)
    if self._amsgrad:
      vhat = self.get_slot(var, 'vhat')
      vhat_t = tf.assign(vhat, tf.maximum(vhat, v_t), use_locking=self._use_locking)
      v_corr_t = tf.sqrt(vhat_t / (1.0 - beta2_power))
    else:
      vhat_t = None
      v_corr_t = tf.sqrt(v_t / (1.0 - beta2_power))
    r_t = tf.sqrt((sma_t - 4.0) / (sma_inf - 4.0) * (sma_t - 2.0) / (sma_inf - 2.0) * sma_inf / sma_t)
    var_t = tf.where(sma_t >= 5.0, r_t * m_corr_t / (v_corr_t + epsilon_t), m_corr_t)
    if self._initial_weight_decay > 0.0:
      var_t += tf.cast(self._weight_decay_t, var.dtype.base_dtype) * var
    var_update = tf.assign_sub(var, lr_t * var_t, use_locking=self._use_locking)
    updates = [var_update, m_t, v_t]
    if self._amsgrad:
      updates.append(vhat_t)
    return tf.group(*updates)

  def _finish(self, update_ops, name_scope):
    with tf.control_dependencies(update_ops):
      step, beta1_power, beta2_power = self._get_beta_accumulators()
      with tf.colocate_with(beta1_power):
        update_step = step.assign(step + 1.0, use_locking=self._use_locking)
        update_beta1 = beta1_power.assign(beta1_power * self._beta1_t, use_locking=self._use_locking)
        update_beta2 = beta2_power.assign(beta2_power * self._beta2_t, use_locking=self._use_locking)
    return tf.group(*update_ops + [update_step, update_beta1, update_beta2], name=name_scope)

rng = np.random.RandomState(1307)
xs = rng.normal(size=(6, 3)).astype(np.float32)
ys = np.array([0, 1, 2, 1, 0, 2], np.int32)
for tag, make in [("radam", lambda: RAdamOptimizer(0.05, beta2=0.9)),
                  ("radam_warm", lambda: RAdamOptimizer(0.05, beta2=0.9, weight_decay=0.01,
                                                        total_steps=8, warmup_proportion=0.25,
                                                        min_lr=0.001)),
                  ("radam_ams", lambda: RAdamOptimizer(0.05, beta2=0.9, amsgrad=True)),
                  ("adam", lambda: tf.train.AdamOptimizer(0.05, beta2=0.9))]:
  with tf.Graph().as_default():
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.placeholder(tf.int32, [None])
    h = tf.layers.dense(x, 5, activation=tf.nn.tanh, name="h")
    logits = tf.layers.dense(h, 3, name="logits")
    loss = tf.losses.sparse_softmax_cross_entropy(y, logits)
    opt = make()
    train_op = opt.minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    fix(sess)
    hist = [sess.run([loss, train_op], {x: xs, y: ys})[0] for _ in range(8)]
    out[tag] = L(hist)
    out[tag + "_vars"] = sorted(v.op.name for v in tf.global_variables())
    out[tag + "_kernel"] = L(sess.run(tf.trainable_variables()[0]))
    if tag != "adam":
      out[tag + "_powers"] = L(sess.run(list(opt._get_beta_accumulators())))
""",
    # cbfinn/gps's tf_model_example.py feature points (a softmax over each feature map's
    # pixels, expected image coordinates) beside tf.contrib.layers.spatial_softmax; the
    # Group Normalization paper's TensorFlow code (Wu & He 2018, figure 3) beside
    # tf.contrib.layers.group_norm; tf.contrib.layers.maxout; tf.layers.batch_normalization
    # with batch renorm (clipping and renorm momentum); trained a few steps.
    "gps_feature_points_group_norm_maxout_renorm": r"""
tf.set_random_seed(1308)
image = tf.placeholder(tf.float32, [None, 6, 6, 2])
target = tf.placeholder(tf.float32, [None, 3])
training = tf.placeholder_with_default(True, [])

def GroupNorm(x, gamma, beta, G, eps=1e-5):
  # x: input features with shape [N,C,H,W]
  # gamma, beta: scale and offset, with shape [1,C,1,1]
  # G: number of groups for GN
  N, C, H, W = x.shape
  x = tf.reshape(x, [N, G, C // G, H, W])
  mean, var = tf.nn.moments(x, [2, 3, 4], keep_dims=True)
  x = (x - mean) / tf.sqrt(var + eps)
  x = tf.reshape(x, [N, C, H, W])
  return x * gamma + beta

conv_layer_1 = tf.layers.conv2d(image, 4, 3, padding='same', activation=tf.nn.relu, name='conv1')
gn_gamma = tf.get_variable('gn_gamma', [1, 4, 1, 1], initializer=tf.ones_initializer())
gn_beta = tf.get_variable('gn_beta', [1, 4, 1, 1], initializer=tf.zeros_initializer())
nchw = tf.transpose(conv_layer_1, [0, 3, 1, 2])
nchw.set_shape([2, 4, 6, 6])
paper_gn = tf.transpose(GroupNorm(nchw, gn_gamma, gn_beta, G=2), [0, 2, 3, 1])
contrib_gn = contrib.layers.group_norm(conv_layer_1, groups=2, scope='group_norm')
conv_layer_2 = tf.layers.conv2d(paper_gn + contrib_gn, 3, 3, padding='same', name='conv2')

_, num_rows, num_cols, num_fp = conv_layer_2.get_shape()
num_rows, num_cols, num_fp = [int(x) for x in [num_rows, num_cols, num_fp]]
x_map = np.empty([num_rows, num_cols], np.float32)
y_map = np.empty([num_rows, num_cols], np.float32)
for i in range(num_rows):
  for j in range(num_cols):
    x_map[i, j] = (i - num_rows / 2.0) / num_rows
    y_map[i, j] = (j - num_cols / 2.0) / num_cols
x_map = tf.convert_to_tensor(x_map)
y_map = tf.convert_to_tensor(y_map)
x_map = tf.reshape(x_map, [num_rows * num_cols])
y_map = tf.reshape(y_map, [num_rows * num_cols])
features = tf.reshape(tf.transpose(conv_layer_2, [0, 3, 1, 2]), [-1, num_rows * num_cols])
softmax = tf.nn.softmax(features)
fp_x = tf.reduce_sum(tf.multiply(x_map, softmax), [1], keep_dims=True)
fp_y = tf.reduce_sum(tf.multiply(y_map, softmax), [1], keep_dims=True)
fp = tf.reshape(tf.concat(axis=1, values=[fp_x, fp_y]), [-1, num_fp * 2])
contrib_fp = contrib.layers.spatial_softmax(conv_layer_2, name='spatial_softmax')

net = tf.concat([fp, contrib_fp], 1)
net = tf.layers.dense(net, 8, name='fc1')
net = contrib.layers.maxout(net, num_units=4)
net = tf.layers.batch_normalization(net, training=training, renorm=True, renorm_momentum=0.8,
                                    renorm_clipping={'rmax': 1.5, 'rmin': 0.7, 'dmax': 0.3},
                                    momentum=0.9, name='bn_renorm')
action = tf.layers.dense(net, 3, name='action')
loss = tf.losses.mean_squared_error(target, action)
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
# Momentum, not GPS's Adam: the biases of conv2 (under a softmax over each map's pixels)
# and fc1 (under a batch norm) get gradients that are zero but for rounding, which Adam's
# normalized step magnifies.
with tf.control_dependencies(update_ops):
  train_op = tf.train.MomentumOptimizer(0.05, 0.9).minimize(loss)
rng = np.random.RandomState(1308)
feed = {image: rng.normal(size=(2, 6, 6, 2)).astype(np.float32),
        target: rng.normal(size=(2, 3)).astype(np.float32)}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
[v for v in tf.global_variables() if v.op.name == 'spatial_softmax/temperature'][0].load(1.5, sess)
RS({"paper_gn": paper_gn, "contrib_gn": contrib_gn, "fp": fp, "contrib_fp": contrib_fp,
    "maxout": net}, feed, sess)
out["vars"] = sorted((v.op.name, v.shape.as_list()) for v in tf.global_variables())
out["updates"] = len(update_ops)
hist = [sess.run([loss, train_op], feed)[0] for _ in range(4)]
out["hist"] = L(hist)
moving = [v for v in tf.global_variables() if 'bn_renorm/' in v.op.name]
out["bn_state"] = {v.op.name: L(sess.run(v)) for v in moving}
feed[training] = False
RS({"inference": action}, feed, sess)
""",
    # A stacked bidirectional LSTM tagger as the TF 1.x NER and speech repositories build
    # it: tf.contrib.rnn.stack_bidirectional_dynamic_rnn over LSTMCells with sequence
    # lengths, a masked softmax loss, gradient clipping by global norm, Adam; the static
    # tf.contrib.rnn.stack_bidirectional_rnn beside it.
    "sbirnn_stacked_bidirectional_tagger": r"""
tf.set_random_seed(1309)
V, E, H, T, NT = 7, 3, 4, 5, 3
word_ids = tf.placeholder(tf.int32, shape=[None, None], name="word_ids")
sequence_lengths = tf.placeholder(tf.int32, shape=[None], name="sequence_lengths")
labels = tf.placeholder(tf.int32, shape=[None, None], name="labels")
with tf.variable_scope("words"):
  _word_embeddings = tf.get_variable(name="_word_embeddings", dtype=tf.float32, shape=[V, E])
  word_embeddings = tf.nn.embedding_lookup(_word_embeddings, word_ids, name="word_embeddings")
cells_fw = [tf.nn.rnn_cell.LSTMCell(H) for _ in range(2)]
cells_bw = [tf.nn.rnn_cell.LSTMCell(H) for _ in range(2)]
output, states_fw, states_bw = contrib.rnn.stack_bidirectional_dynamic_rnn(
    cells_fw, cells_bw, word_embeddings, sequence_length=sequence_lengths, dtype=tf.float32)
with tf.variable_scope("proj"):
  W = tf.get_variable("W", dtype=tf.float32, shape=[2 * H, NT])
  b = tf.get_variable("b", shape=[NT], dtype=tf.float32, initializer=tf.zeros_initializer())
  nsteps = tf.shape(output)[1]
  flat = tf.reshape(output, [-1, 2 * H])
  pred = tf.matmul(flat, W) + b
  logits = tf.reshape(pred, [-1, nsteps, NT])
labels_pred = tf.cast(tf.argmax(logits, axis=-1), tf.int32)
losses = tf.nn.sparse_softmax_cross_entropy_with_logits(logits=logits, labels=labels)
mask = tf.sequence_mask(sequence_lengths)
losses = tf.boolean_mask(losses, mask)
loss = tf.reduce_mean(losses)
optimizer = tf.train.AdamOptimizer(0.05)
grads, vs = zip(*optimizer.compute_gradients(loss))
grads, gnorm = tf.clip_by_global_norm(grads, 1.0)
train_op = optimizer.apply_gradients(zip(grads, vs))
with tf.variable_scope("static"):
  static_inputs = tf.unstack(word_embeddings[:, :T], num=T, axis=1)
  s_out, s_fw, s_bw = contrib.rnn.stack_bidirectional_rnn(
      [tf.nn.rnn_cell.GRUCell(2)], [tf.nn.rnn_cell.GRUCell(2)], static_inputs,
      dtype=tf.float32, sequence_length=sequence_lengths)
rng = np.random.RandomState(1309)
feed = {word_ids: rng.randint(0, V, size=(3, T)), sequence_lengths: [5, 2, 4],
        labels: rng.randint(0, NT, size=(3, T))}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
out["vars"] = [(v.op.name, v.shape.as_list()) for v in tf.trainable_variables()]
out["structure"] = [len(states_fw), len(states_bw), type(states_fw[0]).__name__, len(s_out),
                    s_out[0].shape.as_list()]
RS({"output": output, "states_fw_h": [s.h for s in states_fw], "s_out": s_out, "s_bw": s_bw},
   feed, sess)
hist = []
for _ in range(4):
  hist.append(sess.run([loss, gnorm, train_op], feed)[:2])
out["hist"] = L(hist)
out["labels_pred"] = L(sess.run(labels_pred, feed))
""",
    # tensor2tensor's utils/optimize.py picks tf.contrib.opt.LazyAdamOptimizer for models
    # whose embeddings get sparse gradients; the decoupled weight decay paper's
    # tf.contrib.opt.AdamWOptimizer (a decay_var_list leaving the biases alone) and
    # extend_with_decoupled_weight_decay(tf.train.MomentumOptimizer) beside it: a bag of
    # embeddings classifier whose batches repeat ids and leave rows unread.
    "t2t_lazy_adam_adamw_sparse_embeddings": r"""
tf.set_random_seed(1310)
V, E, C = 9, 3, 2
batches = [([[1, 2, 2, 0], [3, 1, 1, 1]], [0, 1]), ([[4, 4, 2, 5], [0, 6, 6, 2]], [1, 0])]

def build():
  ids = tf.placeholder(tf.int32, [None, 4])
  y = tf.placeholder(tf.int32, [None])
  emb = tf.get_variable("emb", [V, E], initializer=tf.random_uniform_initializer(-0.5, 0.5))
  pooled = tf.reduce_mean(tf.nn.embedding_lookup(emb, ids), 1)
  logits = tf.layers.dense(pooled, C, name="out")
  loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
  return ids, y, emb, loss

MomentumW = contrib.opt.extend_with_decoupled_weight_decay(tf.train.MomentumOptimizer)
makers = [
    ("lazy_adam", lambda: contrib.opt.LazyAdamOptimizer(0.1, beta1=0.9, beta2=0.98, epsilon=1e-9), False),
    ("adamw", lambda: contrib.opt.AdamWOptimizer(0.01, learning_rate=0.1), True),
    ("momentumw", lambda: contrib.opt.MomentumWOptimizer(0.02, learning_rate=0.1, momentum=0.9), False),
    ("momentumw_ext", lambda: MomentumW(weight_decay=0.02, learning_rate=0.1, momentum=0.9, use_nesterov=True), True),
]
for tag, make, only_kernels in makers:
  with tf.Graph().as_default():
    tf.set_random_seed(1310)
    ids, y, emb, loss = build()
    opt = make()
    global_step = tf.train.get_or_create_global_step()
    if tag == "lazy_adam":
      train_op = opt.minimize(loss, global_step=global_step)
    else:
      # The decay reads and writes each variable with no input from the gradients, so
      # TF's executor may run it before the forward pass reads that variable, or after:
      # the update waits for the gradients here, which fixes the order.
      gvs = opt.compute_gradients(loss)
      waits = [g.values if isinstance(g, tf.IndexedSlices) else g for g, _ in gvs]
      decay_vars = [v for v in tf.trainable_variables() if "bias" not in v.op.name]
      with tf.control_dependencies(waits):
        train_op = opt.apply_gradients(gvs, global_step=global_step,
                                       decay_var_list=decay_vars if only_kernels else None)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    emb0 = sess.run(emb)
    hist = []
    for step in range(4):
      b_ids, b_y = batches[step % 2]
      hist.append(sess.run([loss, train_op], {ids: b_ids, y: b_y})[0])
    out[tag] = L(hist)
    out[tag + "_emb"] = L(sess.run(emb))
    out[tag + "_unread_rows_kept"] = bool((sess.run(emb)[7:] == emb0[7:]).all())
    out[tag + "_vars"] = sorted(v.op.name for v in tf.global_variables())
    out[tag + "_bias"] = L(sess.run(tf.trainable_variables()[-1]))
""",
    # drawbridge/keras-mmoe's MMoE layer (experts by tensordot over a [in, units, experts]
    # kernel, a softmax gate per task), written over tf.get_variable as TF1 multi-task
    # recommenders ported it, two towers and their sigmoid losses, fed by a tf.data
    # pipeline (from_tensor_slices, batch, repeat, an initializable iterator) and scored
    # by tf.metrics.auc per task (local variables, update ops).
    "mmoe_experts_gates_tfdata_auc": r"""
tf.set_random_seed(1311)
rng = np.random.RandomState(1311)
features = rng.normal(size=(12, 5)).astype(np.float32)
income = (features[:, 0] + 0.5 * features[:, 1] > 0).astype(np.float32)
married = (features[:, 2] - features[:, 3] > 0.2).astype(np.float32)

def mmoe_layer(inputs, units, num_experts, num_tasks):
  input_dim = inputs.get_shape().as_list()[-1]
  expert_kernels = tf.get_variable('expert_kernel', [input_dim, units, num_experts],
                                   initializer=tf.glorot_uniform_initializer())
  expert_bias = tf.get_variable('expert_bias', [units, num_experts], initializer=tf.zeros_initializer())
  gate_kernels = [tf.get_variable('gate_kernel_task_%d' % i, [input_dim, num_experts],
                                  initializer=tf.glorot_uniform_initializer())
                  for i in range(num_tasks)]
  gate_bias = [tf.get_variable('gate_bias_task_%d' % i, [num_experts], initializer=tf.zeros_initializer())
               for i in range(num_tasks)]
  expert_outputs = tf.tensordot(inputs, expert_kernels, axes=1)
  expert_outputs = tf.nn.relu(tf.add(expert_outputs, expert_bias))
  final_outputs = []
  for gate_kernel, bias in zip(gate_kernels, gate_bias):
    gate_output = tf.nn.softmax(tf.nn.bias_add(tf.matmul(inputs, gate_kernel), bias))
    expanded_gate_output = tf.expand_dims(gate_output, axis=1)
    weighted_expert_output = expert_outputs * tf.tile(expanded_gate_output, [1, units, 1])
    final_outputs.append(tf.reduce_sum(weighted_expert_output, axis=2))
  return final_outputs, gate_output

dataset = tf.data.Dataset.from_tensor_slices((features, {"income": income, "marital": married}))
dataset = dataset.batch(4).repeat()
iterator = dataset.make_initializable_iterator()
x, labels = iterator.get_next()
with tf.variable_scope('mmoe'):
  towers_in, last_gate = mmoe_layer(x, units=4, num_experts=3, num_tasks=2)
losses, probs, aucs, auc_updates = [], {}, {}, []
for name, tower_in in zip(["income", "marital"], towers_in):
  with tf.variable_scope(name + '_tower'):
    h = tf.layers.dense(tower_in, 4, activation=tf.nn.relu, name='hidden')
    logits = tf.squeeze(tf.layers.dense(h, 1, name='output'), -1)
  losses.append(tf.losses.sigmoid_cross_entropy(labels[name], logits))
  probs[name] = tf.sigmoid(logits)
  aucs[name], update = tf.metrics.auc(labels[name], probs[name], name=name + '_auc')
  auc_updates.append(update)
loss = tf.add_n(losses)
train_op = tf.train.AdamOptimizer(0.05).minimize(loss)
sess = tf.Session()
sess.run([tf.global_variables_initializer(), tf.local_variables_initializer(), iterator.initializer])
hist = []
for _ in range(6):
  hist.append(sess.run([loss, train_op, auc_updates])[0])
out["hist"] = L(hist)
out["auc"] = {k: float(v) for k, v in sorted(sess.run(aucs).items())}
out["locals"] = sorted(v.op.name for v in tf.local_variables())
out["gate"] = L(sess.run(last_gate))
out["vars"] = [(v.op.name, v.shape.as_list()) for v in tf.trainable_variables()]
""",
    # A Deep Embedded Clustering run (Xie et al. 2016) as TF1 ports of XifengGuo/DEC-keras
    # wrote it: an autoencoder pretrained, its encoder saved by a Saver over that scope's
    # variables and restored into the clustering graph, cluster centers loaded from the
    # embedded points, the Student's t soft assignment q, the target distribution p
    # recomputed in numpy every few steps and fed, KL(p || q) minimized.
    "dec_student_t_target_distribution_restore": r"""
import os, tempfile
D, K, ALPHA = 4, 3, 1.0
rng = np.random.RandomState(1312)
centers_true = np.array([[2, 0, 0, 1], [-2, 1, 0, 0], [0, -2, 2, 0]], np.float32)
data = (centers_true[np.arange(15) % 3] + 0.4 * rng.normal(size=(15, D))).astype(np.float32)
ckpt_dir = tempfile.mkdtemp()

def encoder(x):
  with tf.variable_scope('encoder'):
    h = tf.layers.dense(x, 6, activation=tf.nn.relu, name='encoder_0')
    return tf.layers.dense(h, 2, name='encoder_1')

with tf.Graph().as_default():
  tf.set_random_seed(1312)
  x = tf.placeholder(tf.float32, [None, D])
  z = encoder(x)
  with tf.variable_scope('decoder'):
    h = tf.layers.dense(z, 6, activation=tf.nn.relu, name='decoder_1')
    x_rec = tf.layers.dense(h, D, name='decoder_0')
  ae_loss = tf.losses.mean_squared_error(x, x_rec)
  pretrain = tf.train.AdamOptimizer(0.02).minimize(ae_loss)
  saver = tf.train.Saver(tf.trainable_variables(scope='encoder'))
  sess = tf.Session()
  sess.run(tf.global_variables_initializer())
  out["pretrain"] = L([sess.run([ae_loss, pretrain], {x: data})[0] for _ in range(5)])
  path = saver.save(sess, os.path.join(ckpt_dir, 'ae_weights'), global_step=5)
  out["saved"] = os.path.basename(path)

def target_distribution(q):
  weight = q ** 2 / q.sum(0)
  return (weight.T / weight.sum(1)).T

with tf.Graph().as_default():
  x = tf.placeholder(tf.float32, [None, D])
  z = encoder(x)
  mu = tf.get_variable('clustering/clusters', [K, 2], initializer=tf.zeros_initializer())
  q = 1.0 / (1.0 + (tf.reduce_sum(tf.square(tf.expand_dims(z, axis=1) - mu), axis=2) / ALPHA))
  q **= (ALPHA + 1.0) / 2.0
  q = tf.transpose(tf.transpose(q) / tf.reduce_sum(q, axis=1))
  p = tf.placeholder(tf.float32, [None, K])
  kl = tf.reduce_mean(tf.reduce_sum(p * tf.log(p / q), axis=1))
  train = tf.train.MomentumOptimizer(0.05, 0.9).minimize(kl)
  sess = tf.Session()
  sess.run(tf.global_variables_initializer())
  restorer = tf.train.Saver(tf.trainable_variables(scope='encoder'))
  restorer.restore(sess, tf.train.latest_checkpoint(ckpt_dir))
  z_all = sess.run(z, {x: data})
  mu.load(z_all[:K], sess)
  out["centers0"] = L(z_all[:K])
  hist, assignments = [], []
  for ite in range(6):
    if ite % 3 == 0:
      q_all = sess.run(q, {x: data})
      p_all = target_distribution(q_all)
      assignments.append(q_all.argmax(1).tolist())
    hist.append(sess.run([kl, train], {x: data, p: p_all})[0])
  out["hist"] = L(hist)
  out["assignments"] = assignments
  out["centers"] = L(sess.run(mu))
""",
}

PROGRAMS = {
    **POINT_PROGRAMS,
    **EMBEDDING_PROGRAMS,
    **TRAINING_PROGRAMS,
}


def contrib_for_tf2(tf):
    """tf1_models7's contrib, with TF 1.15's contrib.losses.metric_learning and
    contrib.rnn's stack_bidirectional_(dynamic_)rnn, re-typed below."""
    from types import SimpleNamespace

    contrib = tf1_models7.contrib_for_tf2(tf)
    rnn = SimpleNamespace(**dict(vars(contrib.rnn), **_stack_bidirectional(tf)))
    losses = SimpleNamespace(metric_learning=_metric_learning(tf))
    return SimpleNamespace(**dict(vars(contrib), rnn=rnn, losses=losses, opt=_contrib_opt(tf)))


def _contrib_opt(tf):
    """TF 1.15's contrib/opt/python/training/lazy_adam_optimizer.py and
    weight_decay_optimizers.py (DecoupledWeightDecayExtension, AdamWOptimizer,
    MomentumWOptimizer, extend_with_decoupled_weight_decay), re-typed over tf.compat.v1
    (the resource-variable updates left out: the programs' variables are TF1's)."""
    from types import SimpleNamespace

    return SimpleNamespace(LazyAdamOptimizer=_lazy_adam(tf), **_weight_decay_optimizers(tf))


def _lazy_adam(tf):
    """TF 1.15's LazyAdamOptimizer (lazy_adam_optimizer.py)."""

    class LazyAdamOptimizer(tf.train.AdamOptimizer):
        def _apply_sparse(self, grad, var):
            beta1_power, beta2_power = self._get_beta_accumulators()
            beta1_power = tf.cast(beta1_power, var.dtype.base_dtype)
            beta2_power = tf.cast(beta2_power, var.dtype.base_dtype)
            lr_t = tf.cast(self._lr_t, var.dtype.base_dtype)
            beta1_t = tf.cast(self._beta1_t, var.dtype.base_dtype)
            beta2_t = tf.cast(self._beta2_t, var.dtype.base_dtype)
            epsilon_t = tf.cast(self._epsilon_t, var.dtype.base_dtype)
            lr = lr_t * tf.sqrt(1 - beta2_power) / (1 - beta1_power)
            m = self.get_slot(var, "m")
            m_t = tf.scatter_update(
                m,
                grad.indices,
                beta1_t * tf.gather(m, grad.indices) + (1 - beta1_t) * grad.values,
                use_locking=self._use_locking,
            )
            v = self.get_slot(var, "v")
            v_t = tf.scatter_update(
                v,
                grad.indices,
                beta2_t * tf.gather(v, grad.indices) + (1 - beta2_t) * tf.square(grad.values),
                use_locking=self._use_locking,
            )
            m_t_slice = tf.gather(m_t, grad.indices)
            v_t_slice = tf.gather(v_t, grad.indices)
            denominator_slice = tf.sqrt(v_t_slice) + epsilon_t
            var_update = tf.scatter_sub(
                var, grad.indices, lr * m_t_slice / denominator_slice, use_locking=self._use_locking
            )
            return tf.group(var_update, m_t, v_t)

    return LazyAdamOptimizer


def _weight_decay_optimizers(tf):
    """TF 1.15's weight_decay_optimizers.py."""

    class DecoupledWeightDecayExtension:
        def __init__(self, weight_decay, **kwargs):
            self._decay_var_list = None
            self._weight_decay = weight_decay
            self._weight_decay_tensor = None
            super().__init__(**kwargs)

        def minimize(
            self,
            loss,
            global_step=None,
            var_list=None,
            gate_gradients=tf.train.Optimizer.GATE_OP,
            aggregation_method=None,
            colocate_gradients_with_ops=False,
            name=None,
            grad_loss=None,
            decay_var_list=None,
        ):
            self._decay_var_list = set(decay_var_list) if decay_var_list else False
            return super().minimize(
                loss,
                global_step=global_step,
                var_list=var_list,
                gate_gradients=gate_gradients,
                aggregation_method=aggregation_method,
                colocate_gradients_with_ops=colocate_gradients_with_ops,
                name=name,
                grad_loss=grad_loss,
            )

        def apply_gradients(self, grads_and_vars, global_step=None, name=None, decay_var_list=None):
            self._decay_var_list = set(decay_var_list) if decay_var_list else False
            return super().apply_gradients(grads_and_vars, global_step=global_step, name=name)

        def _prepare(self):
            weight_decay = self._weight_decay
            if callable(weight_decay):
                weight_decay = weight_decay()
            self._weight_decay_tensor = tf.convert_to_tensor(weight_decay, name="weight_decay")
            super()._prepare()

        def _decay_weights_op(self, var):
            if not self._decay_var_list or var in self._decay_var_list:
                return var.assign_sub(self._weight_decay * var, self._use_locking)
            return tf.no_op()

        def _decay_weights_sparse_op(self, var, indices, scatter_add):
            if not self._decay_var_list or var in self._decay_var_list:
                update = -self._weight_decay * tf.gather(var, indices)
                return scatter_add(var, indices, update, self._use_locking)
            return tf.no_op()

        def _apply_dense(self, grad, var):
            with tf.control_dependencies([self._decay_weights_op(var)]):
                return super()._apply_dense(grad, var)

        def _apply_sparse(self, grad, var):
            decay_op = self._decay_weights_sparse_op(var, grad.indices, tf.scatter_add)
            with tf.control_dependencies([decay_op]):
                return super()._apply_sparse(grad, var)

    return _decayed_optimizers(tf, DecoupledWeightDecayExtension)


def _decayed_optimizers(tf, DecoupledWeightDecayExtension):
    """weight_decay_optimizers.py's optimizers over its extension."""

    def extend_with_decoupled_weight_decay(base_optimizer):
        class OptimizerWithDecoupledWeightDecay(DecoupledWeightDecayExtension, base_optimizer):
            def __init__(self, weight_decay, *args, **kwargs):
                super().__init__(weight_decay, *args, **kwargs)

        return OptimizerWithDecoupledWeightDecay

    class MomentumWOptimizer(DecoupledWeightDecayExtension, tf.train.MomentumOptimizer):
        def __init__(
            self,
            weight_decay,
            learning_rate,
            momentum,
            use_locking=False,
            name="MomentumW",
            use_nesterov=False,
        ):
            super().__init__(
                weight_decay,
                learning_rate=learning_rate,
                momentum=momentum,
                use_locking=use_locking,
                name=name,
                use_nesterov=use_nesterov,
            )

    class AdamWOptimizer(DecoupledWeightDecayExtension, tf.train.AdamOptimizer):
        def __init__(
            self,
            weight_decay,
            learning_rate=0.001,
            beta1=0.9,
            beta2=0.999,
            epsilon=1e-8,
            use_locking=False,
            name="AdamW",
        ):
            super().__init__(
                weight_decay,
                learning_rate=learning_rate,
                beta1=beta1,
                beta2=beta2,
                epsilon=epsilon,
                use_locking=use_locking,
                name=name,
            )

    return {
        "DecoupledWeightDecayExtension": DecoupledWeightDecayExtension,
        "extend_with_decoupled_weight_decay": extend_with_decoupled_weight_decay,
        "MomentumWOptimizer": MomentumWOptimizer,
        "AdamWOptimizer": AdamWOptimizer,
    }


def _stack_bidirectional(tf):
    """TF 1.15's contrib/rnn/python/ops/rnn.py stack_bidirectional_rnn and
    stack_bidirectional_dynamic_rnn, re-typed over tf.compat.v1 (argument checks left out)."""

    def stack_bidirectional_rnn(
        cells_fw,
        cells_bw,
        inputs,
        initial_states_fw=None,
        initial_states_bw=None,
        dtype=None,
        sequence_length=None,
        scope=None,
    ):
        states_fw, states_bw = [], []
        prev_layer = inputs
        with tf.variable_scope(scope or "stack_bidirectional_rnn"):
            for i, (cell_fw, cell_bw) in enumerate(zip(cells_fw, cells_bw, strict=True)):
                initial_state_fw = initial_states_fw[i] if initial_states_fw else None
                initial_state_bw = initial_states_bw[i] if initial_states_bw else None
                with tf.variable_scope(f"cell_{i}") as cell_scope:
                    prev_layer, state_fw, state_bw = tf.nn.static_bidirectional_rnn(
                        cell_fw,
                        cell_bw,
                        prev_layer,
                        initial_state_fw=initial_state_fw,
                        initial_state_bw=initial_state_bw,
                        sequence_length=sequence_length,
                        dtype=dtype,
                        scope=cell_scope,
                    )
                states_fw.append(state_fw)
                states_bw.append(state_bw)
        return prev_layer, tuple(states_fw), tuple(states_bw)

    def stack_bidirectional_dynamic_rnn(
        cells_fw,
        cells_bw,
        inputs,
        initial_states_fw=None,
        initial_states_bw=None,
        dtype=None,
        sequence_length=None,
        parallel_iterations=None,
        time_major=False,
        scope=None,
        swap_memory=False,
    ):
        states_fw, states_bw = [], []
        prev_layer = inputs
        with tf.variable_scope(scope or "stack_bidirectional_rnn"):
            for i, (cell_fw, cell_bw) in enumerate(zip(cells_fw, cells_bw, strict=True)):
                initial_state_fw = initial_states_fw[i] if initial_states_fw else None
                initial_state_bw = initial_states_bw[i] if initial_states_bw else None
                with tf.variable_scope(f"cell_{i}"):
                    outputs, (state_fw, state_bw) = tf.nn.bidirectional_dynamic_rnn(
                        cell_fw,
                        cell_bw,
                        prev_layer,
                        initial_state_fw=initial_state_fw,
                        initial_state_bw=initial_state_bw,
                        sequence_length=sequence_length,
                        parallel_iterations=parallel_iterations,
                        dtype=dtype,
                        swap_memory=swap_memory,
                        time_major=time_major,
                    )
                    prev_layer = tf.concat(outputs, 2)
                states_fw.append(state_fw)
                states_bw.append(state_bw)
        return prev_layer, tuple(states_fw), tuple(states_bw)

    return {
        "stack_bidirectional_rnn": stack_bidirectional_rnn,
        "stack_bidirectional_dynamic_rnn": stack_bidirectional_dynamic_rnn,
    }


def _metric_learning(tf):
    """TF 1.15's contrib/losses/python/metric_learning/metric_loss_ops.py: pairwise_distance,
    contrastive_loss, masked_maximum/minimum, triplet_semihard_loss, npairs_loss and
    lifted_struct_loss, re-typed over tf.compat.v1."""
    from types import SimpleNamespace

    def pairwise_distance(feature, squared=False):
        pairwise_distances_squared = tf.add(
            tf.reduce_sum(tf.square(feature), axis=[1], keepdims=True),
            tf.reduce_sum(tf.square(tf.transpose(feature)), axis=[0], keepdims=True),
        ) - 2.0 * tf.matmul(feature, tf.transpose(feature))
        pairwise_distances_squared = tf.maximum(pairwise_distances_squared, 0.0)
        error_mask = tf.less_equal(pairwise_distances_squared, 0.0)
        if squared:
            pairwise_distances = pairwise_distances_squared
        else:
            pairwise_distances = tf.sqrt(
                pairwise_distances_squared + tf.cast(error_mask, tf.float32) * 1e-16
            )
        pairwise_distances = tf.multiply(
            pairwise_distances, tf.cast(tf.logical_not(error_mask), tf.float32)
        )
        num_data = tf.shape(feature)[0]
        mask_offdiagonals = tf.ones_like(pairwise_distances) - tf.diag(tf.ones([num_data]))
        return tf.multiply(pairwise_distances, mask_offdiagonals)

    def contrastive_loss(labels, embeddings_anchor, embeddings_positive, margin=1.0):
        distances = tf.sqrt(tf.reduce_sum(tf.square(embeddings_anchor - embeddings_positive), 1))
        labels = tf.cast(labels, tf.float32)
        return tf.reduce_mean(
            labels * tf.square(distances)
            + (1.0 - labels) * tf.square(tf.maximum(margin - distances, 0.0)),
            name="contrastive_loss",
        )

    def masked_maximum(data, mask, dim=1):
        axis_minimums = tf.reduce_min(data, dim, keepdims=True)
        return (
            tf.reduce_max(tf.multiply(data - axis_minimums, mask), dim, keepdims=True)
            + axis_minimums
        )

    def masked_minimum(data, mask, dim=1):
        axis_maximums = tf.reduce_max(data, dim, keepdims=True)
        return (
            tf.reduce_min(tf.multiply(data - axis_maximums, mask), dim, keepdims=True)
            + axis_maximums
        )

    def triplet_semihard_loss(labels, embeddings, margin=1.0):
        lshape = tf.shape(labels)
        labels = tf.reshape(labels, [lshape[0], 1])
        pdist_matrix = pairwise_distance(embeddings, squared=True)
        adjacency = tf.equal(labels, tf.transpose(labels))
        adjacency_not = tf.logical_not(adjacency)
        batch_size = tf.size(labels)
        pdist_matrix_tile = tf.tile(pdist_matrix, [batch_size, 1])
        mask = tf.logical_and(
            tf.tile(adjacency_not, [batch_size, 1]),
            tf.greater(pdist_matrix_tile, tf.reshape(tf.transpose(pdist_matrix), [-1, 1])),
        )
        mask_final = tf.reshape(
            tf.greater(tf.reduce_sum(tf.cast(mask, dtype=tf.float32), 1, keepdims=True), 0.0),
            [batch_size, batch_size],
        )
        mask_final = tf.transpose(mask_final)
        adjacency_not = tf.cast(adjacency_not, dtype=tf.float32)
        mask = tf.cast(mask, dtype=tf.float32)
        negatives_outside = tf.reshape(
            masked_minimum(pdist_matrix_tile, mask), [batch_size, batch_size]
        )
        negatives_outside = tf.transpose(negatives_outside)
        negatives_inside = tf.tile(masked_maximum(pdist_matrix, adjacency_not), [1, batch_size])
        semi_hard_negatives = tf.where(mask_final, negatives_outside, negatives_inside)
        loss_mat = tf.add(margin, pdist_matrix - semi_hard_negatives)
        mask_positives = tf.cast(adjacency, dtype=tf.float32) - tf.diag(tf.ones([batch_size]))
        num_positives = tf.reduce_sum(mask_positives)
        return tf.truediv(
            tf.reduce_sum(tf.maximum(tf.multiply(loss_mat, mask_positives), 0.0)),
            num_positives,
            name="triplet_semihard_loss",
        )

    def npairs_loss(
        labels, embeddings_anchor, embeddings_positive, reg_lambda=0.002, print_losses=False
    ):
        reg_anchor = tf.reduce_mean(tf.reduce_sum(tf.square(embeddings_anchor), 1))
        reg_positive = tf.reduce_mean(tf.reduce_sum(tf.square(embeddings_positive), 1))
        l2loss = tf.multiply(0.25 * reg_lambda, reg_anchor + reg_positive, name="l2loss")
        similarity_matrix = tf.matmul(
            embeddings_anchor, embeddings_positive, transpose_a=False, transpose_b=True
        )
        lshape = tf.shape(labels)
        labels = tf.reshape(labels, [lshape[0], 1])
        labels_remapped = tf.cast(tf.equal(labels, tf.transpose(labels)), tf.float32)
        labels_remapped /= tf.reduce_sum(labels_remapped, 1, keepdims=True)
        xent_loss = tf.nn.softmax_cross_entropy_with_logits(
            logits=similarity_matrix, labels=labels_remapped
        )
        xent_loss = tf.reduce_mean(xent_loss, name="xentropy")
        return l2loss + xent_loss

    def lifted_struct_loss(labels, embeddings, margin=1.0):
        lshape = tf.shape(labels)
        labels = tf.reshape(labels, [lshape[0], 1])
        pairwise_distances = pairwise_distance(embeddings)
        adjacency = tf.equal(labels, tf.transpose(labels))
        adjacency_not = tf.logical_not(adjacency)
        batch_size = tf.size(labels)
        diff = margin - pairwise_distances
        mask = tf.cast(adjacency_not, dtype=tf.float32)
        row_minimums = tf.reduce_min(diff, 1, keepdims=True)
        row_negative_maximums = (
            tf.reduce_max(tf.multiply(diff - row_minimums, mask), 1, keepdims=True) + row_minimums
        )
        max_elements = tf.maximum(row_negative_maximums, tf.transpose(row_negative_maximums))
        diff_tiled = tf.tile(diff, [batch_size, 1])
        mask_tiled = tf.tile(mask, [batch_size, 1])
        max_elements_vect = tf.reshape(tf.transpose(max_elements), [-1, 1])
        loss_exp_left = tf.reshape(
            tf.reduce_sum(
                tf.multiply(tf.exp(diff_tiled - max_elements_vect), mask_tiled), 1, keepdims=True
            ),
            [batch_size, batch_size],
        )
        loss_mat = max_elements + tf.log(loss_exp_left + tf.transpose(loss_exp_left))
        loss_mat += pairwise_distances
        mask_positives = tf.cast(adjacency, dtype=tf.float32) - tf.diag(tf.ones([batch_size]))
        num_positives = tf.reduce_sum(mask_positives) / 2.0
        return tf.truediv(
            0.25 * tf.reduce_sum(tf.square(tf.maximum(tf.multiply(loss_mat, mask_positives), 0.0))),
            num_positives,
            name="liftedstruct_loss",
        )

    return SimpleNamespace(
        pairwise_distance=pairwise_distance,
        contrastive_loss=contrastive_loss,
        triplet_semihard_loss=triplet_semihard_loss,
        npairs_loss=npairs_loss,
        lifted_struct_loss=lifted_struct_loss,
    )


def main(names: list[str]) -> None:
    tf = harness.import_tf1(legacy_keras=True)
    chosen = {n: PROGRAMS[n] for n in names} if names else PROGRAMS
    results = harness.run_programs(tf, chosen, PRELUDE, CONTRIB=contrib_for_tf2(tf))
    harness.dump({"tensorflow": tf.__version__, "programs": results})


if __name__ == "__main__":
    main(sys.argv[1:])
