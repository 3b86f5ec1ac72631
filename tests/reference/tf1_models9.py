"""Record what TensorFlow computes for a ninth round of famous TF1 code bases, at tiny
sizes (dev-only).

    PYTHONPATH=/tmp/tf1ex12_site TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python \
        tests/reference/tf1_models9.py > tests/unit/engine/fixtures/tf1_models9.json

(/tmp/tf1ex12_site as tests/reference/tf1_models8.py says; `python tf1_models9.py NAME...`
prints only the named programs, for development.)

Re-typed at tiny sizes, each in its code base's own TF1 spellings, code bases the earlier
rounds leave out: omoindrot's VGG fine-tuning gist (`finetune_`: tf.contrib.data, an
iterator from_structure, contrib.framework's get_variables_to_restore(exclude=...) and
assign_from_checkpoint_fn), the TF 1.0 cifar10 tutorial's train loop (`cifar10_`:
contrib.framework's get_or_create_global_step, a queue of slices batched by tf.train.batch
under MonitoredTrainingSession with a logger hook), HKUST-KnowComp's R-Net (`rnet_`: GRUs
by reverse_sequence, gated dot attention, a pointer net, band_part span decoding,
Adadelta, an ExponentialMovingAverage applied before the loss and assigned for
evaluation), yunjey's show-attend-and-tell (`sat_`: contrib batch_norm with
updates_collections=None, soft attention with a selector, the doubly stochastic
regularizer, a greedy sampler sharing the weights), tensorflow/models' skip_thoughts
(`skipthoughts_`: a layer-normalized GRU cell, an int8 mask, slim.learning.create_train_op
with clip_gradient_norm), tensorflow/models' learning_to_remember_rare_events (`rare_`:
the key-value memory updated by scatter_update in a cond), the image retraining example
(`retrain_`: a frozen feature graph imported by import_graph_def, placeholder_with_default
bottlenecks, the retrained graph frozen and labelled again), taki0112's StarGAN
(`stargan_`: instance norm, domain labels tiled into the image, WGAN-GP), tolstikhin's WAE
(`wae_`: the IMQ-kernel MMD, contrib batch_norm over a fed is_training), MichelDeudon's
encode-attend-navigate TSP solver (`tsp_`: a pointer decoder sampling by
tf.distributions.Categorical, REINFORCE with a critic) and tensorflow/nmt (`nmt_`: a
time-major encoder, scaled Luong attention, training, a checkpoint, beam search in a
graph of its own). No data comes from the internet: inputs are small seeded arrays;
initial values are seeded (`tf.set_random_seed`) or explicit (`fix`).

The prelude is tf1_models8's; under TF, `contrib` is tf1_models8's with TF 1.15's
contrib.framework and contrib.data (tf_slim's and tf.data's) and a dynamic_decode that
takes tensorflow/nmt's `swap_memory` and `scope`. Each program stores what it observed in
`out[...]`; `tests/unit/engine/test_tf1_models9.py` runs the same text against graphgate
and compares.
"""

from __future__ import annotations

import sys

try:
    from tests.reference import harness, tf1_models8
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness
    import tf1_models8


PRELUDE = tf1_models8.PRELUDE

PROGRAMS = {
    # omoindrot's tensorflow_finetune.py gist (TF 1.2): a VGG restored from a checkpoint
    # but for its new fc8, tf.contrib.data datasets through one reinitializable iterator,
    # fc8 trained alone, then the whole net; check_accuracy runs until OutOfRangeError.
    # The "pretrained" checkpoint is written first from a net with 7 classes; the
    # dropout's keep_prob is 1 (its masks are random).
    "finetune_contrib_data_assign_from_checkpoint": r"""
import os, tempfile
tf.set_random_seed(1401)
VGG_MEAN = [123.68, 116.78, 103.94]
model_dir = tempfile.mkdtemp()
model_path = os.path.join(model_dir, 'vgg_16.ckpt')

def vgg_16(inputs, num_classes=1000, is_training=True, dropout_keep_prob=0.5,
           spatial_squeeze=True, scope='vgg_16'):
  with tf.variable_scope(scope, 'vgg_16', [inputs]) as sc:
    end_points_collection = sc.original_name_scope + '_end_points'
    with slim.arg_scope([slim.conv2d, slim.fully_connected, slim.max_pool2d],
                        outputs_collections=end_points_collection):
      net = slim.repeat(inputs, 2, slim.conv2d, 4, [3, 3], scope='conv1')
      net = slim.max_pool2d(net, [2, 2], scope='pool1')
      net = slim.conv2d(net, 6, [2, 2], padding='VALID', scope='fc6')
      net = slim.dropout(net, dropout_keep_prob, is_training=is_training, scope='dropout6')
      net = slim.conv2d(net, 6, [1, 1], scope='fc7')
      net = slim.conv2d(net, num_classes, [1, 1], activation_fn=None, normalizer_fn=None,
                        scope='fc8')
      end_points = slim.utils.convert_collection_to_dict(end_points_collection)
      if spatial_squeeze:
        net = tf.squeeze(net, [1, 2], name='fc8/squeezed')
        end_points[sc.name + '/fc8'] = net
      return net, end_points

def vgg_arg_scope(weight_decay=0.0005):
  with slim.arg_scope([slim.conv2d, slim.fully_connected], activation_fn=tf.nn.relu,
                      weights_regularizer=slim.l2_regularizer(weight_decay),
                      biases_initializer=tf.zeros_initializer()):
    with slim.arg_scope([slim.conv2d], padding='SAME') as arg_sc:
      return arg_sc

with tf.Graph().as_default():
  with slim.arg_scope(vgg_arg_scope()):
    vgg_16(tf.zeros([1, 4, 4, 3]), num_classes=7, is_training=False)
  with tf.Session() as pre:
    pre.run(tf.global_variables_initializer())
    fix(pre)
    tf.train.Saver().save(pre, model_path)

rs = np.random.RandomState(14)
train_images = (rs.uniform(0, 255, size=(6, 5, 5, 3))).astype(np.float32)
train_labels = np.array([0, 1, 2, 3, 4, 1], np.int32)
val_images = (rs.uniform(0, 255, size=(3, 5, 5, 3))).astype(np.float32)
val_labels = np.array([1, 2, 0], np.int32)
num_classes = 5
graph = tf.Graph()
with graph.as_default():
  def _parse_function(image, label):
    image = tf.image.resize_images(image, [6, 6])
    return image, label
  def training_preprocess(image, label):
    crop_image = tf.image.resize_image_with_crop_or_pad(image, 4, 4)
    means = tf.reshape(tf.constant(VGG_MEAN), [1, 1, 3])
    centered_image = crop_image - means
    return centered_image, label
  val_preprocess = training_preprocess
  train_dataset = contrib.data.Dataset.from_tensor_slices((train_images, train_labels))
  train_dataset = train_dataset.map(_parse_function)
  train_dataset = train_dataset.map(training_preprocess)
  batched_train_dataset = train_dataset.batch(4)
  val_dataset = contrib.data.Dataset.from_tensor_slices((val_images, val_labels))
  val_dataset = val_dataset.map(_parse_function)
  val_dataset = val_dataset.map(val_preprocess)
  batched_val_dataset = val_dataset.batch(4)
  iterator = contrib.data.Iterator.from_structure(batched_train_dataset.output_types,
                                                  batched_train_dataset.output_shapes)
  images, labels = iterator.get_next()
  train_init_op = iterator.make_initializer(batched_train_dataset)
  val_init_op = iterator.make_initializer(batched_val_dataset)
  is_training = tf.placeholder(tf.bool)
  with slim.arg_scope(vgg_arg_scope(weight_decay=0.0005)):
    logits, _ = vgg_16(images, num_classes=num_classes, is_training=is_training,
                       dropout_keep_prob=1.0)
  variables_to_restore = contrib.framework.get_variables_to_restore(exclude=['vgg_16/fc8'])
  init_fn = contrib.framework.assign_from_checkpoint_fn(model_path, variables_to_restore)
  fc8_variables = contrib.framework.get_variables('vgg_16/fc8')
  fc8_init = tf.variables_initializer(fc8_variables)
  tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
  loss = tf.losses.get_total_loss()
  fc8_optimizer = tf.train.GradientDescentOptimizer(0.01)
  fc8_train_op = fc8_optimizer.minimize(loss, var_list=fc8_variables)
  full_optimizer = tf.train.GradientDescentOptimizer(0.001)
  full_train_op = full_optimizer.minimize(loss)
  prediction = tf.to_int32(tf.argmax(logits, 1))
  correct_prediction = tf.equal(prediction, labels)
  accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
  tf.get_default_graph().finalize()

def check_accuracy(sess, correct_prediction, is_training, dataset_init_op):
  sess.run(dataset_init_op)
  num_correct, num_samples = 0, 0
  while True:
    try:
      correct_pred = sess.run(correct_prediction, {is_training: False})
      num_correct += correct_pred.sum()
      num_samples += correct_pred.shape[0]
    except tf.errors.OutOfRangeError:
      break
  return float(num_correct) / num_samples

out["restored"] = [v.op.name for v in variables_to_restore]
out["fc8"] = [v.op.name for v in fc8_variables]
hist = []
with tf.Session(graph=graph) as sess:
  init_fn(sess)
  sess.run(fc8_init)
  # fc8's initial values are seeded draws, which TF and graphgate make with different op
  # seeds: they are fixed here as the restored ones were by `fix`
  for v in fc8_variables:
    shape = v.shape.as_list()
    v.load((np.cos(np.arange(int(np.prod(shape)))) * 0.4).astype(np.float32).reshape(shape), sess)
  out["fc7_restored"] = L(sess.run(graph.get_tensor_by_name('vgg_16/fc7/weights:0'))[0, 0, :2])
  for epoch in range(2):
    sess.run(train_init_op)
    while True:
      try:
        hist.append(sess.run([loss, fc8_train_op], {is_training: True})[0])
      except tf.errors.OutOfRangeError:
        break
  for epoch in range(2):
    sess.run(train_init_op)
    while True:
      try:
        hist.append(sess.run([loss, full_train_op], {is_training: True})[0])
      except tf.errors.OutOfRangeError:
        break
  out["train_acc"] = check_accuracy(sess, correct_prediction, is_training, train_init_op)
  out["val_acc"] = check_accuracy(sess, correct_prediction, is_training, val_init_op)
  sess.run(val_init_op)
  out["val_logits"] = L(sess.run(logits, {is_training: False}))
  out["conv1"] = L(sess.run(graph.get_tensor_by_name('vgg_16/conv1/conv1_2/weights:0'))[1, 1, 0])
out["hist"] = L(hist)
""",
    # tensorflow/models tutorials/image/cifar10 as of TF 1.0-1.2: cifar10.train's loss
    # averages and variable averages, cifar10_train.train's get_or_create_global_step from
    # contrib.framework and its _LoggerHook under MonitoredTrainingSession, the images
    # from a slice_input_producer batched by tf.train.batch (queue runners the session
    # starts). Checkpoints and summaries go to a temporary train_dir.
    "cifar10_contrib_global_step_logger_hook": r"""
import re, tempfile, time
tf.set_random_seed(1402)
TOWER_NAME = 'tower'
NUM_CLASSES = 3
MOVING_AVERAGE_DECAY = 0.9999
NUM_EPOCHS_PER_DECAY = 2.0
LEARNING_RATE_DECAY_FACTOR = 0.1
INITIAL_LEARNING_RATE = 0.1
NUM_EXAMPLES_PER_EPOCH_FOR_TRAIN = 8
batch_size = 4
train_dir = tempfile.mkdtemp()

def _activation_summary(x):
  tensor_name = re.sub('%s_[0-9]*/' % TOWER_NAME, '', x.op.name)
  tf.summary.histogram(tensor_name + '/activations', x)
  tf.summary.scalar(tensor_name + '/sparsity', tf.nn.zero_fraction(x))

def _variable_on_cpu(name, shape, initializer):
  with tf.device('/cpu:0'):
    var = tf.get_variable(name, shape, initializer=initializer, dtype=tf.float32)
  return var

def _variable_with_weight_decay(name, shape, stddev, wd):
  var = _variable_on_cpu(name, shape, tf.truncated_normal_initializer(stddev=stddev, dtype=tf.float32))
  if wd is not None:
    weight_decay = tf.multiply(tf.nn.l2_loss(var), wd, name='weight_loss')
    tf.add_to_collection('losses', weight_decay)
  return var

def inputs_from(images_np, labels_np):
  image, label = tf.train.slice_input_producer([images_np, labels_np], shuffle=False)
  image = tf.image.per_image_standardization(image)
  images, label_batch = tf.train.batch([image, label], batch_size=batch_size, num_threads=1,
                                       capacity=16)
  tf.summary.image('images', images)
  return images, tf.reshape(label_batch, [batch_size])

def inference(images):
  with tf.variable_scope('conv1') as scope:
    kernel = _variable_with_weight_decay('weights', shape=[3, 3, 3, 4], stddev=5e-2, wd=0.0)
    conv = tf.nn.conv2d(images, kernel, [1, 1, 1, 1], padding='SAME')
    biases = _variable_on_cpu('biases', [4], tf.constant_initializer(0.0))
    pre_activation = tf.nn.bias_add(conv, biases)
    conv1 = tf.nn.relu(pre_activation, name=scope.name)
    _activation_summary(conv1)
  pool1 = tf.nn.max_pool(conv1, ksize=[1, 3, 3, 1], strides=[1, 2, 2, 1], padding='SAME', name='pool1')
  norm1 = tf.nn.lrn(pool1, 4, bias=1.0, alpha=0.001 / 9.0, beta=0.75, name='norm1')
  with tf.variable_scope('local3') as scope:
    reshape = tf.reshape(norm1, [batch_size, -1])
    dim = reshape.get_shape()[1].value
    weights = _variable_with_weight_decay('weights', shape=[dim, 6], stddev=0.04, wd=0.004)
    biases = _variable_on_cpu('biases', [6], tf.constant_initializer(0.1))
    local3 = tf.nn.relu(tf.matmul(reshape, weights) + biases, name=scope.name)
    _activation_summary(local3)
  with tf.variable_scope('softmax_linear') as scope:
    weights = _variable_with_weight_decay('weights', [6, NUM_CLASSES], stddev=1/6.0, wd=0.0)
    biases = _variable_on_cpu('biases', [NUM_CLASSES], tf.constant_initializer(0.0))
    softmax_linear = tf.add(tf.matmul(local3, weights), biases, name=scope.name)
    _activation_summary(softmax_linear)
  return softmax_linear

def loss_fn(logits, labels):
  labels = tf.cast(labels, tf.int64)
  cross_entropy = tf.nn.sparse_softmax_cross_entropy_with_logits(
      labels=labels, logits=logits, name='cross_entropy_per_example')
  cross_entropy_mean = tf.reduce_mean(cross_entropy, name='cross_entropy')
  tf.add_to_collection('losses', cross_entropy_mean)
  return tf.add_n(tf.get_collection('losses'), name='total_loss')

def _add_loss_summaries(total_loss):
  loss_averages = tf.train.ExponentialMovingAverage(0.9, name='avg')
  losses = tf.get_collection('losses')
  loss_averages_op = loss_averages.apply(losses + [total_loss])
  for l in losses + [total_loss]:
    tf.summary.scalar(l.op.name + ' (raw)', l)
    tf.summary.scalar(l.op.name, loss_averages.average(l))
  return loss_averages_op

def train(total_loss, global_step):
  num_batches_per_epoch = NUM_EXAMPLES_PER_EPOCH_FOR_TRAIN / batch_size
  decay_steps = int(num_batches_per_epoch * NUM_EPOCHS_PER_DECAY)
  lr = tf.train.exponential_decay(INITIAL_LEARNING_RATE, global_step, decay_steps,
                                  LEARNING_RATE_DECAY_FACTOR, staircase=True)
  tf.summary.scalar('learning_rate', lr)
  loss_averages_op = _add_loss_summaries(total_loss)
  with tf.control_dependencies([loss_averages_op]):
    opt = tf.train.GradientDescentOptimizer(lr)
    grads = opt.compute_gradients(total_loss)
  apply_gradient_op = opt.apply_gradients(grads, global_step=global_step)
  for var in tf.trainable_variables():
    tf.summary.histogram(var.op.name, var)
  for grad, var in grads:
    if grad is not None:
      tf.summary.histogram(var.op.name + '/gradients', grad)
  variable_averages = tf.train.ExponentialMovingAverage(MOVING_AVERAGE_DECAY, global_step)
  variables_averages_op = variable_averages.apply(tf.trainable_variables())
  with tf.control_dependencies([apply_gradient_op, variables_averages_op]):
    train_op = tf.no_op(name='train')
  return train_op

rs = np.random.RandomState(1402)
images_np = rs.uniform(0, 1, size=(8, 6, 6, 3)).astype(np.float32)
labels_np = np.array([0, 1, 2, 1, 0, 2, 2, 1], np.int32)
logged = []
with tf.Graph().as_default():
  global_step = contrib.framework.get_or_create_global_step()
  images, labels = inputs_from(images_np, labels_np)
  logits = inference(images)
  loss = loss_fn(logits, labels)
  train_op = train(loss, global_step)

  # The seeded initial values are loaded fixed (`fix`) once the session is made, and the
  # variables' averages start from them (their initializers read the variables); a hook
  # of the program's own, made before the session finalizes the graph.
  shadows = [v for v in tf.global_variables() if v.op.name.endswith('/ExponentialMovingAverage')]
  shadows_init = tf.variables_initializer(shadows)

  class _FixHook(tf.train.SessionRunHook):
    def after_create_session(self, session, coord):
      fix(session)
      session.run(shadows_init)

  class _LoggerHook(tf.train.SessionRunHook):
    def begin(self):
      self._step = -1
      self._start_time = time.time()
    def before_run(self, run_context):
      self._step += 1
      return tf.train.SessionRunArgs(loss)
    def after_run(self, run_context, run_values):
      loss_value = run_values.results
      logged.append([self._step, float(loss_value)])

  with tf.train.MonitoredTrainingSession(
      checkpoint_dir=train_dir,
      hooks=[_FixHook(), tf.train.StopAtStepHook(last_step=6), tf.train.NanTensorHook(loss),
             _LoggerHook()],
      config=tf.ConfigProto(log_device_placement=False)) as mon_sess:
    while not mon_sess.should_stop():
      mon_sess.run(train_op)
  out["global_step_name"] = global_step.op.name
  out["n_summaries"] = len(tf.get_collection(tf.GraphKeys.SUMMARIES))
out["logged"] = L(logged)
ckpt = tf.train.get_checkpoint_state(train_dir)
reader = tf.train.NewCheckpointReader(ckpt.model_checkpoint_path)
out["ckpt_step"] = L(reader.get_tensor('global_step'))
out["ckpt_local3_avg"] = L(reader.get_tensor('local3/weights/ExponentialMovingAverage')[:3, 0])
out["ckpt_total_loss_avg"] = L(reader.get_tensor('total_loss/avg'))
out["ckpt_biases"] = L(reader.get_tensor('softmax_linear/biases'))
""",
    # HKUST-KnowComp/R-Net func.py and model.py: the native_gru (a GRU per direction,
    # the backward one over tf.reverse_sequence), the gated dot_attention for question
    # matching and self matching, summ over the question for the pointer's initial
    # state, ptr_net, the span decoded from band_part(outer, 0, 15), Adadelta over
    # clipped gradients, and the ExponentialMovingAverage whose apply the loss waits for,
    # assigned to the variables for evaluation. Dropout keeps everything (keep_prob 1:
    # its masks are random); char embeddings are left out.
    "rnet_gated_attention_pointer_ema": r"""
tf.set_random_seed(1403)
INF = 1e30
class native_gru:
  def __init__(self, num_layers, num_units, batch_size, input_size, keep_prob=1.0,
               is_train=None, scope="native_gru"):
    self.num_layers = num_layers
    self.grus = []
    self.inits = []
    self.dropout_mask = []
    self.scope = scope
    for layer in range(num_layers):
      input_size_ = input_size if layer == 0 else 2 * num_units
      gru_fw = contrib.rnn.GRUCell(num_units)
      gru_bw = contrib.rnn.GRUCell(num_units)
      init_fw = tf.tile(tf.Variable(tf.zeros([1, num_units])), [batch_size, 1])
      init_bw = tf.tile(tf.Variable(tf.zeros([1, num_units])), [batch_size, 1])
      mask_fw = dropout(tf.ones([batch_size, 1, input_size_], dtype=tf.float32),
                        keep_prob=keep_prob, is_train=is_train)
      mask_bw = dropout(tf.ones([batch_size, 1, input_size_], dtype=tf.float32),
                        keep_prob=keep_prob, is_train=is_train)
      self.grus.append((gru_fw, gru_bw, ))
      self.inits.append((init_fw, init_bw, ))
      self.dropout_mask.append((mask_fw, mask_bw, ))

  def __call__(self, inputs, seq_len, keep_prob=1.0, is_train=None, concat_layers=True):
    outputs = [inputs]
    with tf.variable_scope(self.scope):
      for layer in range(self.num_layers):
        gru_fw, gru_bw = self.grus[layer]
        init_fw, init_bw = self.inits[layer]
        mask_fw, mask_bw = self.dropout_mask[layer]
        with tf.variable_scope("fw_{}".format(layer)):
          out_fw, _ = tf.nn.dynamic_rnn(gru_fw, outputs[-1] * mask_fw, seq_len,
                                        initial_state=init_fw, dtype=tf.float32)
        with tf.variable_scope("bw_{}".format(layer)):
          inputs_bw = tf.reverse_sequence(outputs[-1] * mask_bw, seq_lengths=seq_len,
                                          seq_dim=1, batch_dim=0)
          out_bw, _ = tf.nn.dynamic_rnn(gru_bw, inputs_bw, seq_len, initial_state=init_bw,
                                        dtype=tf.float32)
          out_bw = tf.reverse_sequence(out_bw, seq_lengths=seq_len, seq_dim=1, batch_dim=0)
        outputs.append(tf.concat([out_fw, out_bw], axis=2))
    if concat_layers:
      res = tf.concat(outputs[1:], axis=2)
    else:
      res = outputs[-1]
    return res

class ptr_net:
  def __init__(self, batch, hidden, keep_prob=1.0, is_train=None, scope="ptr_net"):
    self.gru = contrib.rnn.GRUCell(hidden)
    self.batch = batch
    self.scope = scope
    self.keep_prob = keep_prob
    self.is_train = is_train
    self.dropout_mask = dropout(tf.ones([batch, hidden], dtype=tf.float32),
                                keep_prob=keep_prob, is_train=is_train)

  def __call__(self, init, match, d, mask):
    with tf.variable_scope(self.scope):
      d_match = dropout(match, keep_prob=self.keep_prob, is_train=self.is_train)
      inp, logits1 = pointer(d_match, init * self.dropout_mask, d, mask)
      d_inp = dropout(inp, keep_prob=self.keep_prob, is_train=self.is_train)
      _, state = self.gru(d_inp, init)
      tf.get_variable_scope().reuse_variables()
      _, logits2 = pointer(d_match, state * self.dropout_mask, d, mask)
      return logits1, logits2

def dropout(args, keep_prob, is_train, mode="recurrent"):
  if keep_prob < 1.0:
    noise_shape = None
    scale = 1.0
    shape = tf.shape(args)
    if mode == "embedding":
      noise_shape = [shape[0], 1]
      scale = keep_prob
    if mode == "recurrent" and len(args.get_shape().as_list()) == 3:
      noise_shape = [shape[0], 1, shape[-1]]
    args = tf.cond(is_train, lambda: tf.nn.dropout(args, keep_prob, noise_shape=noise_shape) * scale,
                   lambda: args)
  return args

def softmax_mask(val, mask):
  return -INF * (1 - tf.cast(mask, tf.float32)) + val

def pointer(inputs, state, hidden, mask, scope="pointer"):
  with tf.variable_scope(scope):
    u = tf.concat([tf.tile(tf.expand_dims(state, axis=1), [1, tf.shape(inputs)[1], 1]), inputs], axis=2)
    s0 = tf.nn.tanh(dense(u, hidden, use_bias=False, scope="s0"))
    s = dense(s0, 1, use_bias=False, scope="s")
    s1 = softmax_mask(tf.squeeze(s, [2]), mask)
    a = tf.expand_dims(tf.nn.softmax(s1), axis=2)
    res = tf.reduce_sum(a * inputs, axis=1)
    return res, s1

def summ(memory, hidden, mask, keep_prob=1.0, is_train=None, scope="summ"):
  with tf.variable_scope(scope):
    d_memory = dropout(memory, keep_prob=keep_prob, is_train=is_train)
    s0 = tf.nn.tanh(dense(d_memory, hidden, scope="s0"))
    s = dense(s0, 1, use_bias=False, scope="s")
    s1 = softmax_mask(tf.squeeze(s, [2]), mask)
    a = tf.expand_dims(tf.nn.softmax(s1), axis=2)
    res = tf.reduce_sum(a * memory, axis=1)
    return res

def dot_attention(inputs, memory, mask, hidden, keep_prob=1.0, is_train=None, scope="dot_attention"):
  with tf.variable_scope(scope):
    d_inputs = dropout(inputs, keep_prob=keep_prob, is_train=is_train)
    d_memory = dropout(memory, keep_prob=keep_prob, is_train=is_train)
    JX = tf.shape(inputs)[1]
    with tf.variable_scope("attention"):
      inputs_ = tf.nn.relu(dense(d_inputs, hidden, use_bias=False, scope="inputs"))
      memory_ = tf.nn.relu(dense(d_memory, hidden, use_bias=False, scope="memory"))
      outputs = tf.matmul(inputs_, tf.transpose(memory_, [0, 2, 1])) / (hidden ** 0.5)
      mask = tf.tile(tf.expand_dims(mask, axis=1), [1, JX, 1])
      logits = tf.nn.softmax(softmax_mask(outputs, mask))
      outputs = tf.matmul(logits, memory)
      res = tf.concat([inputs, outputs], axis=2)
    with tf.variable_scope("gate"):
      dim = res.get_shape().as_list()[-1]
      d_res = dropout(res, keep_prob=keep_prob, is_train=is_train)
      gate = tf.nn.sigmoid(dense(d_res, dim, use_bias=False))
      return res * gate

def dense(inputs, hidden, use_bias=True, scope="dense"):
  with tf.variable_scope(scope):
    shape = tf.shape(inputs)
    dim = inputs.get_shape().as_list()[-1]
    out_shape = [shape[idx] for idx in range(len(inputs.get_shape().as_list()) - 1)] + [hidden]
    flat_inputs = tf.reshape(inputs, [-1, dim])
    W = tf.get_variable("W", [dim, hidden])
    res = tf.matmul(flat_inputs, W)
    if use_bias:
      b = tf.get_variable("b", [hidden], initializer=tf.constant_initializer(0.))
      res = tf.nn.bias_add(res, b)
    res = tf.reshape(res, out_shape)
    return res

class Config: pass
config = Config()
config.batch_size, config.hidden, config.keep_prob, config.ptr_keep_prob = 2, 3, 1.0, 1.0
config.para_limit, config.ques_limit, config.ans_limit = 7, 4, 3
config.init_lr, config.grad_clip, config.decay = 0.5, 5.0, 0.9999 ** 1000

class Model(object):
  def __init__(self, config, batch, word_mat=None, trainable=True, opt=True):
    self.config = config
    self.global_step = tf.get_variable('global_step', shape=[], dtype=tf.int32,
                                       initializer=tf.constant_initializer(0), trainable=False)
    self.c, self.q, self.y1, self.y2 = batch.get_next()
    self.is_train = tf.get_variable("is_train", shape=[], dtype=tf.bool, trainable=False)
    self.word_mat = tf.get_variable("word_mat", initializer=tf.constant(word_mat, dtype=tf.float32),
                                    trainable=False)
    self.c_mask = tf.cast(self.c, tf.bool)
    self.q_mask = tf.cast(self.q, tf.bool)
    self.c_len = tf.reduce_sum(tf.cast(self.c_mask, tf.int32), axis=1)
    self.q_len = tf.reduce_sum(tf.cast(self.q_mask, tf.int32), axis=1)
    if opt:
      N = config.batch_size
      self.c_maxlen = tf.reduce_max(self.c_len)
      self.q_maxlen = tf.reduce_max(self.q_len)
      self.c = tf.slice(self.c, [0, 0], [N, self.c_maxlen])
      self.q = tf.slice(self.q, [0, 0], [N, self.q_maxlen])
      self.c_mask = tf.slice(self.c_mask, [0, 0], [N, self.c_maxlen])
      self.q_mask = tf.slice(self.q_mask, [0, 0], [N, self.q_maxlen])
      self.y1 = tf.slice(self.y1, [0, 0], [N, self.c_maxlen])
      self.y2 = tf.slice(self.y2, [0, 0], [N, self.c_maxlen])
    self.ready()
    if trainable:
      self.lr = tf.get_variable("lr", shape=[], dtype=tf.float32, trainable=False)
      self.opt = tf.train.AdadeltaOptimizer(learning_rate=self.lr, epsilon=1e-6)
      grads = self.opt.compute_gradients(self.loss)
      gradients, variables = zip(*grads)
      capped_grads, _ = tf.clip_by_global_norm(gradients, config.grad_clip)
      self.train_op = self.opt.apply_gradients(zip(capped_grads, variables),
                                               global_step=self.global_step)

  def ready(self):
    config = self.config
    N, PL, QL, d = config.batch_size, self.c_maxlen, self.q_maxlen, config.hidden
    gru = native_gru
    with tf.variable_scope("emb"):
      with tf.name_scope("word"):
        c_emb = tf.nn.embedding_lookup(self.word_mat, self.c)
        q_emb = tf.nn.embedding_lookup(self.word_mat, self.q)
    with tf.variable_scope("encoding"):
      rnn = gru(num_layers=2, num_units=d, batch_size=N, input_size=c_emb.get_shape().as_list()[-1],
                keep_prob=config.keep_prob, is_train=self.is_train)
      c = rnn(c_emb, seq_len=self.c_len)
      q = rnn(q_emb, seq_len=self.q_len)
    with tf.variable_scope("attention"):
      qc_att = dot_attention(c, q, mask=self.q_mask, hidden=d, keep_prob=config.keep_prob,
                             is_train=self.is_train)
      rnn = gru(num_layers=1, num_units=d, batch_size=N, input_size=qc_att.get_shape().as_list()[-1],
                keep_prob=config.keep_prob, is_train=self.is_train)
      att = rnn(qc_att, seq_len=self.c_len)
    with tf.variable_scope("match"):
      self_att = dot_attention(att, att, mask=self.c_mask, hidden=d, keep_prob=config.keep_prob,
                               is_train=self.is_train)
      rnn = gru(num_layers=1, num_units=d, batch_size=N, input_size=self_att.get_shape().as_list()[-1],
                keep_prob=config.keep_prob, is_train=self.is_train)
      match = rnn(self_att, seq_len=self.c_len)
    with tf.variable_scope("pointer"):
      init = summ(q[:, :, -2 * d:], d, mask=self.q_mask, keep_prob=config.ptr_keep_prob,
                  is_train=self.is_train)
      pointer = ptr_net(batch=N, hidden=init.get_shape().as_list()[-1],
                        keep_prob=config.ptr_keep_prob, is_train=self.is_train)
      logits1, logits2 = pointer(init, match, d, self.c_mask)
    with tf.variable_scope("predict"):
      outer = tf.matmul(tf.expand_dims(tf.nn.softmax(logits1), axis=2),
                        tf.expand_dims(tf.nn.softmax(logits2), axis=1))
      outer = tf.matrix_band_part(outer, 0, config.ans_limit)
      self.yp1 = tf.argmax(tf.reduce_max(outer, axis=2), axis=1)
      self.yp2 = tf.argmax(tf.reduce_max(outer, axis=1), axis=1)
      losses = tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits1, labels=tf.stop_gradient(self.y1))
      losses2 = tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits2, labels=tf.stop_gradient(self.y2))
      self.loss = tf.reduce_mean(losses + losses2)
    if config.decay < 1.0:
      self.var_ema = tf.train.ExponentialMovingAverage(config.decay)
      ema_op = self.var_ema.apply(tf.trainable_variables())
      with tf.control_dependencies([ema_op]):
        self.loss = tf.identity(self.loss)
        self.assign_vars = []
        for var in tf.global_variables():
          v = self.var_ema.average(var)
          if v:
            self.assign_vars.append(tf.assign(var, v))

rs = np.random.RandomState(1403)
word_mat = rs.normal(size=(9, 4)).astype(np.float32)
word_mat[0] = 0
c_ids = np.array([[3, 4, 5, 2, 6, 0, 0], [7, 1, 8, 3, 0, 0, 0]], np.int32)
q_ids = np.array([[4, 2, 0, 0], [8, 3, 1, 0]], np.int32)
y1 = np.zeros((2, 7), np.float32); y1[0, 1] = 1; y1[1, 2] = 1
y2 = np.zeros((2, 7), np.float32); y2[0, 3] = 1; y2[1, 2] = 1
# the records R-Net's iterator yields (without characters and ids), fed instead
class Batch(object):
  def __init__(self, config):
    self.placeholders = (
        tf.placeholder(tf.int32, [config.batch_size, config.para_limit]),
        tf.placeholder(tf.int32, [config.batch_size, config.ques_limit]),
        tf.placeholder(tf.float32, [config.batch_size, config.para_limit]),
        tf.placeholder(tf.float32, [config.batch_size, config.para_limit]))
  def get_next(self):
    return self.placeholders
batch = Batch(config)
model = Model(config, batch, word_mat)
feed = dict(zip(batch.placeholders, (c_ids, q_ids, y1, y2)))
sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
# the shadows start from the fixed weights: their initializers read each variable's value
sess.run(tf.variables_initializer([model.var_ema.average(v) for v in tf.trainable_variables()]))
sess.run(tf.assign(model.is_train, tf.constant(True, dtype=tf.bool)))
sess.run(tf.assign(model.lr, tf.constant(config.init_lr, dtype=tf.float32)))
hist = []
# R-Net runs [loss, train_op] together; the EMA's reads (which the loss waits for) and
# Adadelta's writes are then in an order TF's executor chooses, so they run apart here.
for _ in range(4):
  hist.append(sess.run(model.loss, feed))
  sess.run(model.train_op, feed)
out["hist"] = L(hist)
out["step"] = L(sess.run(model.global_step))
sess.run(tf.assign(model.is_train, tf.constant(False, dtype=tf.bool)))
out["raw_spans"] = L(sess.run([model.yp1, model.yp2], feed))
sess.run(model.assign_vars)
out["n_assign"] = len(model.assign_vars)
out["ema_spans"] = L(sess.run([model.yp1, model.yp2], feed))
out["ema_loss"] = L(sess.run(model.loss, feed))
out["ptr_W"] = L(sess.run(tf.trainable_variables()[-1]))
out["vars"] = [v.op.name for v in tf.trainable_variables()]
""",
    # yunjey/show-attend-and-tell core/model.py and solver.py: features batch-normalized
    # by contrib.layers.batch_norm (updates_collections=None), the initial LSTM state from
    # the mean feature, soft attention with the selector's beta gate, prev2out and
    # ctx2out, the doubly stochastic regularizer, the loss's gradients by tf.gradients
    # applied by Adam with summaries of each, and build_sampler's greedy captions under
    # the reused scope. dropout=False (its masks are random).
    "sat_soft_attention_selector_sampler": r"""
tf.set_random_seed(1404)
class CaptionGenerator(object):
  def __init__(self, word_to_idx, dim_feature=[196, 512], dim_embed=512, dim_hidden=1024,
               n_time_step=16, prev2out=True, ctx2out=True, alpha_c=0.0, selector=True,
               dropout=True):
    self.word_to_idx = word_to_idx
    self.idx_to_word = {i: w for w, i in word_to_idx.items()}
    self.prev2out = prev2out
    self.ctx2out = ctx2out
    self.alpha_c = alpha_c
    self.selector = selector
    self.dropout = dropout
    self.V = len(word_to_idx)
    self.L = dim_feature[0]
    self.D = dim_feature[1]
    self.M = dim_embed
    self.H = dim_hidden
    self.T = n_time_step
    self._start = word_to_idx['<START>']
    self._null = word_to_idx['<NULL>']
    self.weight_initializer = contrib.layers.xavier_initializer()
    self.const_initializer = tf.constant_initializer(0.0)
    self.emb_initializer = tf.random_uniform_initializer(minval=-1.0, maxval=1.0)
    self.features = tf.placeholder(tf.float32, [None, self.L, self.D])
    self.captions = tf.placeholder(tf.int32, [None, self.T + 1])

  def _get_initial_lstm(self, features):
    with tf.variable_scope('initial_lstm'):
      features_mean = tf.reduce_mean(features, 1)
      w_h = tf.get_variable('w_h', [self.D, self.H], initializer=self.weight_initializer)
      b_h = tf.get_variable('b_h', [self.H], initializer=self.const_initializer)
      h = tf.nn.tanh(tf.matmul(features_mean, w_h) + b_h)
      w_c = tf.get_variable('w_c', [self.D, self.H], initializer=self.weight_initializer)
      b_c = tf.get_variable('b_c', [self.H], initializer=self.const_initializer)
      c = tf.nn.tanh(tf.matmul(features_mean, w_c) + b_c)
      return c, h

  def _word_embedding(self, inputs, reuse=False):
    with tf.variable_scope('word_embedding', reuse=reuse):
      w = tf.get_variable('w', [self.V, self.M], initializer=self.emb_initializer)
      x = tf.nn.embedding_lookup(w, inputs, name='word_vector')
      return x

  def _project_features(self, features):
    with tf.variable_scope('project_features'):
      w = tf.get_variable('w', [self.D, self.D], initializer=self.weight_initializer)
      features_flat = tf.reshape(features, [-1, self.D])
      features_proj = tf.matmul(features_flat, w)
      features_proj = tf.reshape(features_proj, [-1, self.L, self.D])
      return features_proj

  def _attention_layer(self, features, features_proj, h, reuse=False):
    with tf.variable_scope('attention_layer', reuse=reuse):
      w = tf.get_variable('w', [self.H, self.D], initializer=self.weight_initializer)
      b = tf.get_variable('b', [self.D], initializer=self.const_initializer)
      w_att = tf.get_variable('w_att', [self.D, 1], initializer=self.weight_initializer)
      h_att = tf.nn.relu(features_proj + tf.expand_dims(tf.matmul(h, w), 1) + b)
      out_att = tf.reshape(tf.matmul(tf.reshape(h_att, [-1, self.D]), w_att), [-1, self.L])
      alpha = tf.nn.softmax(out_att)
      context = tf.reduce_sum(features * tf.expand_dims(alpha, 2), 1, name='context')
      return context, alpha

  def _selector(self, context, h, reuse=False):
    with tf.variable_scope('selector', reuse=reuse):
      w = tf.get_variable('w', [self.H, 1], initializer=self.weight_initializer)
      b = tf.get_variable('b', [1], initializer=self.const_initializer)
      beta = tf.nn.sigmoid(tf.matmul(h, w) + b, 'beta')
      context = tf.multiply(beta, context, name='selected_context')
      return context, beta

  def _decode_lstm(self, x, h, context, dropout=False, reuse=False):
    with tf.variable_scope('logits', reuse=reuse):
      w_h = tf.get_variable('w_h', [self.H, self.M], initializer=self.weight_initializer)
      b_h = tf.get_variable('b_h', [self.M], initializer=self.const_initializer)
      w_out = tf.get_variable('w_out', [self.M, self.V], initializer=self.weight_initializer)
      b_out = tf.get_variable('b_out', [self.V], initializer=self.const_initializer)
      if dropout:
        h = tf.nn.dropout(h, 0.5)
      h_logits = tf.matmul(h, w_h) + b_h
      if self.ctx2out:
        w_ctx2out = tf.get_variable('w_ctx2out', [self.D, self.M], initializer=self.weight_initializer)
        h_logits += tf.matmul(context, w_ctx2out)
      if self.prev2out:
        h_logits += x
      h_logits = tf.nn.tanh(h_logits)
      if dropout:
        h_logits = tf.nn.dropout(h_logits, 0.5)
      out_logits = tf.matmul(h_logits, w_out) + b_out
      return out_logits

  def _batch_norm(self, x, mode='train', name=None):
    return contrib.layers.batch_norm(inputs=x, decay=0.95, center=True, scale=True,
                                     is_training=(mode == 'train'), updates_collections=None,
                                     scope=(name + 'batch_norm'))

  def build_model(self):
    features = self.features
    captions = self.captions
    batch_size = tf.shape(features)[0]
    captions_in = captions[:, :self.T]
    captions_out = captions[:, 1:]
    mask = tf.to_float(tf.not_equal(captions_out, self._null))
    features = self._batch_norm(features, mode='train', name='conv_features')
    c, h = self._get_initial_lstm(features=features)
    x = self._word_embedding(inputs=captions_in)
    features_proj = self._project_features(features=features)
    loss = 0.0
    alpha_list = []
    lstm_cell = contrib.rnn.BasicLSTMCell(num_units=self.H)
    for t in range(self.T):
      context, alpha = self._attention_layer(features, features_proj, h, reuse=(t != 0))
      alpha_list.append(alpha)
      if self.selector:
        context, beta = self._selector(context, h, reuse=(t != 0))
      with tf.variable_scope('lstm', reuse=(t != 0)):
        _, (c, h) = lstm_cell(inputs=tf.concat([x[:, t, :], context], 1), state=[c, h])
      logits = self._decode_lstm(x[:, t, :], h, context, dropout=self.dropout, reuse=(t != 0))
      loss += tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits(
          labels=captions_out[:, t], logits=logits) * mask[:, t])
    if self.alpha_c > 0:
      alphas = tf.transpose(tf.stack(alpha_list), (1, 0, 2))
      alphas_all = tf.reduce_sum(alphas, 1)
      alpha_reg = self.alpha_c * tf.reduce_sum((16. / 196 - alphas_all) ** 2)
      loss += alpha_reg
    return loss / tf.to_float(batch_size)

  def build_sampler(self, max_len=20):
    features = self.features
    features = self._batch_norm(features, mode='test', name='conv_features')
    c, h = self._get_initial_lstm(features=features)
    features_proj = self._project_features(features=features)
    sampled_word_list = []
    alpha_list = []
    beta_list = []
    lstm_cell = contrib.rnn.BasicLSTMCell(num_units=self.H)
    for t in range(max_len):
      if t == 0:
        x = self._word_embedding(inputs=tf.fill([tf.shape(features)[0]], self._start))
      else:
        x = self._word_embedding(inputs=sampled_word, reuse=True)
      context, alpha = self._attention_layer(features, features_proj, h, reuse=(t != 0))
      alpha_list.append(alpha)
      if self.selector:
        context, beta = self._selector(context, h, reuse=(t != 0))
        beta_list.append(beta)
      with tf.variable_scope('lstm', reuse=(t != 0)):
        _, (c, h) = lstm_cell(inputs=tf.concat([x, context], 1), state=[c, h])
      logits = self._decode_lstm(x, h, context, reuse=(t != 0))
      sampled_word = tf.argmax(logits, 1)
      sampled_word_list.append(sampled_word)
    alphas = tf.transpose(tf.stack(alpha_list), (1, 0, 2))
    betas = tf.transpose(tf.squeeze(beta_list), (1, 0))
    sampled_captions = tf.transpose(tf.stack(sampled_word_list), (1, 0))
    return alphas, betas, sampled_captions

word_to_idx = {'<NULL>': 0, '<START>': 1, '<END>': 2, 'a': 3, 'dog': 4, 'runs': 5, 'cat': 6}
model = CaptionGenerator(word_to_idx, dim_feature=[5, 4], dim_embed=3, dim_hidden=6,
                         n_time_step=4, prev2out=True, ctx2out=True, alpha_c=1.0,
                         selector=True, dropout=False)
with tf.variable_scope(tf.get_variable_scope()):
  loss = model.build_model()
  tf.get_variable_scope().reuse_variables()
  alphas, betas, generated_captions = model.build_sampler(max_len=5)
with tf.variable_scope(tf.get_variable_scope(), reuse=False):
  optimizer = tf.train.AdamOptimizer(learning_rate=0.01)
  # solver.py applies tf.gradients' results ungated: TF's executor may then update a
  # weight before another gradient reads it (two runs of TF differ), so they are gated
  # by tf.tuple here
  grads = tf.tuple(tf.gradients(loss, tf.trainable_variables()))
  grads_and_vars = list(zip(grads, tf.trainable_variables()))
  train_op = optimizer.apply_gradients(grads_and_vars=grads_and_vars)
tf.summary.scalar('batch_loss', loss)
for var in tf.trainable_variables():
  tf.summary.histogram(var.op.name, var)
for grad, var in grads_and_vars:
  tf.summary.histogram(var.op.name + '/gradient', grad)
summary_op = tf.summary.merge_all()
rs = np.random.RandomState(1404)
features = rs.normal(size=(3, 5, 4)).astype(np.float32)
captions = np.array([[1, 3, 4, 5, 2], [1, 3, 6, 2, 0], [1, 6, 5, 2, 0]], np.int32)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
hist = []
for _ in range(4):
  feed = {model.features: features, model.captions: captions}
  _, l = sess.run([train_op, loss], feed)
  hist.append(l)
summary = tf.Summary.FromString(sess.run(summary_op, feed))
out["hist"] = L(hist)
out["summary_tags"] = sorted(v.tag for v in summary.value)
out["bn_moving_mean"] = L(sess.run(tf.get_default_graph().get_tensor_by_name(
    'conv_featuresbatch_norm/moving_mean:0')))
a, b, g = sess.run([alphas, betas, generated_captions], {model.features: features})
out["alphas"], out["betas"], out["captions"] = L(a), L(b), L(g)
out["vars"] = [v.op.name for v in tf.trainable_variables()]
""",
    # tensorflow/models research/skip_thoughts: ops/gru_cell.py's LayerNormGRUCell (an
    # RNNCell subclass whose gates are layer-normalized by contrib.layers.layer_norm),
    # ops/initializers.py's random_orthonormal_initializer (an SVD of a normal draw),
    # skip_thoughts_model.py's unidirectional encoder over an int8 mask and its two
    # decoders (previous and next sentence) sharing the word embedding and the logits
    # layer, losses added by tf.losses.add_loss, and train.py's
    # slim.learning.create_train_op with clip_gradient_norm over a decayed Adam. The
    # weights are loaded by `fix` after the initializers run.
    "skipthoughts_layer_norm_gru_create_train_op": r"""
tf.set_random_seed(1405)
def _layer_norm(input_tensor, scope):
  return contrib.layers.layer_norm(inputs=input_tensor, center=True, scale=True,
                                   activation_fn=None, reuse=None, scope=scope)

class LayerNormGRUCell(contrib.rnn.RNNCell):
  def __init__(self, num_units, w_initializer, u_initializer, b_initializer,
               activation=tf.nn.tanh):
    self._num_units = num_units
    self._w_initializer = w_initializer
    self._u_initializer = u_initializer
    self._b_initializer = b_initializer
    self._activation = activation

  @property
  def state_size(self):
    return self._num_units

  @property
  def output_size(self):
    return self._num_units

  def _w_h_initializer(self):
    def _initializer(shape, dtype=tf.float32, partition_info=None):
      num_gates = shape[1] // self._num_units
      assert num_gates * self._num_units == shape[1]
      initializer_list = []
      for _ in range(num_gates):
        initializer_list.append(self._u_initializer([shape[0], self._num_units], dtype=dtype))
      return tf.concat(initializer_list, 1)
    return _initializer

  def __call__(self, inputs, state, scope=None):
    input_dim = inputs.get_shape().as_list()[1]
    with tf.variable_scope(scope or "gru_cell"):
      with tf.variable_scope("gates"):
        w_h = tf.get_variable("w_h", [self._num_units, 2 * self._num_units],
                              initializer=self._w_h_initializer())
        w_x = tf.get_variable("w_x", [input_dim, 2 * self._num_units],
                              initializer=self._w_initializer)
        z_and_r = (_layer_norm(tf.matmul(state, w_h), scope="layer_norm/w_h") +
                   _layer_norm(tf.matmul(inputs, w_x), scope="layer_norm/w_x"))
        z, r = tf.split(tf.sigmoid(z_and_r), 2, 1)
      with tf.variable_scope("candidate"):
        w = tf.get_variable("w", [input_dim, self._num_units], initializer=self._w_initializer)
        u = tf.get_variable("u", [self._num_units, self._num_units], initializer=self._u_initializer)
        h_hat = (r * _layer_norm(tf.matmul(state, u), scope="layer_norm/u") +
                 _layer_norm(tf.matmul(inputs, w), scope="layer_norm/w"))
      new_h = (1 - z) * state + z * self._activation(h_hat)
    return new_h, new_h

def random_orthonormal_initializer(shape, dtype=tf.float32, partition_info=None):
  if len(shape) != 2 or shape[0] != shape[1]:
    raise ValueError("Expecting square shape, got %s" % shape)
  _, u, _ = tf.svd(tf.random_normal(shape, dtype=dtype), full_matrices=True)
  return u

class Config: pass
config = Config()
config.vocab_size, config.word_embedding_dim, config.encoder_dim = 9, 4, 5
config.uniform_init_scale = 0.1
config.learning_rate, config.learning_rate_decay_factor = 0.008, 0.5
config.learning_rate_decay_steps, config.clip_gradient_norm = 2, 5.0

class SkipThoughtsModel(object):
  def __init__(self, config, mode="train"):
    self.config = config
    self.mode = mode
    self.uniform_initializer = tf.random_uniform_initializer(
        minval=-self.config.uniform_init_scale, maxval=self.config.uniform_init_scale)
    self.encode_ids = tf.placeholder(tf.int64, (None, None), name="encode_ids")
    self.encode_mask = tf.placeholder(tf.int8, (None, None), name="encode_mask")
    self.decode_pre_ids = tf.placeholder(tf.int64, (None, None), name="decode_pre_ids")
    self.decode_pre_mask = tf.placeholder(tf.int8, (None, None), name="decode_pre_mask")
    self.decode_post_ids = tf.placeholder(tf.int64, (None, None), name="decode_post_ids")
    self.decode_post_mask = tf.placeholder(tf.int8, (None, None), name="decode_post_mask")
    self.target_cross_entropy_losses = []
    self.target_cross_entropy_loss_weights = []

  def build_word_embeddings(self):
    word_emb = tf.get_variable(name="word_embedding",
                               shape=[self.config.vocab_size, self.config.word_embedding_dim],
                               initializer=self.uniform_initializer)
    self.encode_emb = tf.nn.embedding_lookup(word_emb, self.encode_ids)
    self.decode_pre_emb = tf.nn.embedding_lookup(word_emb, self.decode_pre_ids)
    self.decode_post_emb = tf.nn.embedding_lookup(word_emb, self.decode_post_ids)

  def _initialize_gru_cell(self, num_units):
    return LayerNormGRUCell(num_units, w_initializer=self.uniform_initializer,
                            u_initializer=random_orthonormal_initializer,
                            b_initializer=tf.constant_initializer(0.0))

  def build_encoder(self):
    with tf.variable_scope("encoder") as scope:
      length = tf.to_int32(tf.reduce_sum(self.encode_mask, 1), name="length")
      cell = self._initialize_gru_cell(self.config.encoder_dim)
      _, state = tf.nn.dynamic_rnn(cell=cell, inputs=self.encode_emb, sequence_length=length,
                                   dtype=tf.float32, scope=scope)
      thought_vectors = tf.identity(state, name="thought_vectors")
    self.thought_vectors = thought_vectors

  def _build_decoder(self, name, embeddings, targets, mask, initial_state, reuse_logits):
    cell = self._initialize_gru_cell(self.config.encoder_dim)
    with tf.variable_scope(name) as scope:
      decoder_input = tf.pad(embeddings[:, :-1, :], [[0, 0], [1, 0], [0, 0]], name="input")
      length = tf.reduce_sum(mask, 1, name="length")
      decoder_output, _ = tf.nn.dynamic_rnn(cell=cell, inputs=decoder_input,
                                            sequence_length=length, initial_state=initial_state,
                                            scope=scope)
    decoder_output = tf.reshape(decoder_output, [-1, self.config.encoder_dim])
    targets = tf.reshape(targets, [-1])
    weights = tf.to_float(tf.reshape(mask, [-1]))
    with tf.variable_scope("logits", reuse=reuse_logits) as scope:
      logits = contrib.layers.fully_connected(inputs=decoder_output,
                                              num_outputs=self.config.vocab_size,
                                              activation_fn=None,
                                              weights_initializer=self.uniform_initializer,
                                              scope=scope)
    losses = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets, logits=logits)
    batch_loss = tf.reduce_sum(losses * weights)
    tf.losses.add_loss(batch_loss)
    tf.summary.scalar("losses/" + name, batch_loss)
    self.target_cross_entropy_losses.append(losses)
    self.target_cross_entropy_loss_weights.append(weights)

  def build_decoders(self):
    self._build_decoder("decoder_pre", self.decode_pre_emb, self.decode_pre_ids,
                        self.decode_pre_mask, self.thought_vectors, False)
    self._build_decoder("decoder_post", self.decode_post_emb, self.decode_post_ids,
                        self.decode_post_mask, self.thought_vectors, True)

  def build_loss(self):
    total_loss = tf.losses.get_total_loss()
    tf.summary.scalar("losses/total", total_loss)
    self.total_loss = total_loss

  def build_global_step(self):
    self.global_step = tf.Variable(initial_value=0, name="global_step", trainable=False,
        collections=[tf.GraphKeys.GLOBAL_STEP, tf.GraphKeys.GLOBAL_VARIABLES])

  def build(self):
    self.build_word_embeddings()
    self.build_encoder()
    self.build_decoders()
    self.build_loss()
    self.build_global_step()

def _setup_learning_rate(config, global_step):
  learning_rate = tf.constant(config.learning_rate)
  if config.learning_rate_decay_factor > 0:
    learning_rate = tf.train.exponential_decay(
        learning_rate=float(config.learning_rate), global_step=global_step,
        decay_steps=config.learning_rate_decay_steps,
        decay_rate=config.learning_rate_decay_factor, staircase=False)
  return learning_rate

model = SkipThoughtsModel(config, mode="train")
model.build()
learning_rate = _setup_learning_rate(config, model.global_step)
optimizer = tf.train.AdamOptimizer(learning_rate)
train_tensor = slim.learning.create_train_op(total_loss=model.total_loss, optimizer=optimizer,
                                             global_step=model.global_step,
                                             clip_gradient_norm=config.clip_gradient_norm)
feed = {
    model.encode_ids: [[3, 4, 5, 1, 0], [6, 2, 1, 0, 0]],
    model.encode_mask: [[1, 1, 1, 1, 0], [1, 1, 1, 0, 0]],
    model.decode_pre_ids: [[7, 8, 1, 0], [2, 3, 4, 1]],
    model.decode_pre_mask: [[1, 1, 1, 0], [1, 1, 1, 1]],
    model.decode_post_ids: [[5, 6, 7, 1], [8, 1, 0, 0]],
    model.decode_post_mask: [[1, 1, 1, 1], [1, 1, 0, 0]],
}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
u = sess.run(tf.get_default_graph().get_tensor_by_name("encoder/gru_cell/candidate/u:0"))
out["u_orthonormal"] = bool(np.allclose(u.T.dot(u), np.eye(5), atol=1e-5))
fix(sess)
out["thought"] = L(sess.run(model.thought_vectors, feed))
out["hist"] = L([sess.run(train_tensor, feed) for _ in range(4)])
out["step"] = L(sess.run(model.global_step))
out["xent"] = L(sess.run(model.target_cross_entropy_losses, feed))
out["vars"] = [(v.op.name, v.shape.as_list()) for v in tf.trainable_variables()]
out["losses"] = [t.op.name for t in tf.losses.get_losses()]
""",
    # tensorflow/models research/learning_to_remember_rare_events memory.py: the
    # key-value memory (keys, values, ages, the most recent slot of each label) queried by
    # top_k over a projected, normalized query, the teacher's triplet loss, and the
    # updates by scatter_update made in a tf.cond (the oldest slots, by ages with uniform
    # noise, where the lookup was wrong; the fetched keys moved toward the query where it
    # was right). An episode trains a small embedder and the query projection by Adam.
    "rare_memory_scatter_update_teacher_loss": r"""
tf.set_random_seed(1406)
class Memory(object):
  def __init__(self, key_dim, memory_size, vocab_size, choose_k=256, alpha=0.1,
               correct_in_top=1, age_noise=8.0, var_cache_device='', nn_device=''):
    self.key_dim = key_dim
    self.memory_size = memory_size
    self.vocab_size = vocab_size
    self.choose_k = min(choose_k, memory_size)
    self.alpha = alpha
    self.correct_in_top = correct_in_top
    self.age_noise = age_noise
    self.var_cache_device = var_cache_device
    self.nn_device = nn_device
    caching_device = var_cache_device if var_cache_device else None
    self.update_memory = tf.constant(True)
    self.mem_keys = tf.get_variable('memkeys', [self.memory_size, self.key_dim], trainable=False,
                                    initializer=tf.random_uniform_initializer(-0.0, 0.0),
                                    caching_device=caching_device)
    self.mem_vals = tf.get_variable('memvals', [self.memory_size], dtype=tf.int32, trainable=False,
                                    initializer=tf.constant_initializer(0, tf.int32),
                                    caching_device=caching_device)
    self.mem_age = tf.get_variable('memage', [self.memory_size], dtype=tf.float32, trainable=False,
                                   initializer=tf.constant_initializer(0.0),
                                   caching_device=caching_device)
    self.recent_idx = tf.get_variable('recent_idx', [self.vocab_size], dtype=tf.int32,
                                      trainable=False, initializer=tf.constant_initializer(0, tf.int32))
    self.query_proj = tf.get_variable('memory_query_proj', [self.key_dim, self.key_dim],
                                      dtype=tf.float32,
                                      initializer=tf.truncated_normal_initializer(0, 0.01),
                                      caching_device=caching_device)

  def get(self):
    return self.mem_keys, self.mem_vals, self.mem_age, self.recent_idx

  def clear(self):
    return tf.variables_initializer([self.mem_keys, self.mem_vals, self.mem_age, self.recent_idx])

  def get_hint_pool_idxs(self, normalized_query):
    with tf.device(self.nn_device):
      similarities = tf.matmul(tf.stop_gradient(normalized_query), self.mem_keys,
                               transpose_b=True, name='nn_mmul')
    _, hint_pool_idxs = tf.nn.top_k(tf.stop_gradient(similarities), k=self.choose_k, name='nn_topk')
    return hint_pool_idxs

  def make_update_op(self, upd_idxs, upd_keys, upd_vals, batch_size, use_recent_idx,
                     intended_output):
    mem_age_incr = self.mem_age.assign_add(tf.ones([self.memory_size], dtype=tf.float32))
    with tf.control_dependencies([mem_age_incr]):
      mem_age_upd = tf.scatter_update(self.mem_age, upd_idxs, tf.zeros([batch_size], dtype=tf.float32))
    mem_key_upd = tf.scatter_update(self.mem_keys, upd_idxs, upd_keys)
    mem_val_upd = tf.scatter_update(self.mem_vals, upd_idxs, upd_vals)
    if use_recent_idx:
      recent_idx_upd = tf.scatter_update(self.recent_idx, intended_output, upd_idxs)
    else:
      recent_idx_upd = tf.group()
    return tf.group(mem_age_upd, mem_key_upd, mem_val_upd, recent_idx_upd)

  def query(self, query_vec, intended_output, use_recent_idx=True):
    batch_size = tf.shape(query_vec)[0]
    output_given = intended_output is not None
    query_vec = tf.matmul(query_vec, self.query_proj)
    normalized_query = tf.nn.l2_normalize(query_vec, dim=1)
    hint_pool_idxs = self.get_hint_pool_idxs(normalized_query)
    if output_given and use_recent_idx:
      most_recent_hint_idx = tf.gather(self.recent_idx, intended_output)
      hint_pool_idxs = tf.concat(axis=1, values=[hint_pool_idxs, tf.expand_dims(most_recent_hint_idx, 1)])
    choose_k = tf.shape(hint_pool_idxs)[1]
    with tf.device(self.var_cache_device):
      my_mem_keys = tf.stop_gradient(tf.gather(self.mem_keys, hint_pool_idxs, name='my_mem_keys_gather'))
      similarities = tf.matmul(tf.expand_dims(normalized_query, 1), my_mem_keys, adjoint_b=True,
                               name='batch_mmul')
      hint_pool_sims = tf.squeeze(similarities, [1], name='hint_pool_sims')
      hint_pool_mem_vals = tf.gather(self.mem_vals, hint_pool_idxs, name='hint_pool_mem_vals')
    softmax_temp = max(1.0, np.log(0.2 * self.choose_k) / self.alpha)
    mask = tf.nn.softmax(hint_pool_sims[:, :choose_k - 1] * softmax_temp)
    nearest_neighbor = tf.to_int32(tf.argmax(hint_pool_sims[:, :choose_k - 1], 1))
    no_teacher_idxs = tf.gather(tf.reshape(hint_pool_idxs, [-1]),
                                nearest_neighbor + choose_k * tf.range(batch_size))
    with tf.device(self.var_cache_device):
      result = tf.gather(self.mem_vals, tf.reshape(no_teacher_idxs, [-1]))
    if not output_given:
      teacher_loss = None
      return result, mask, teacher_loss
    teacher_hints = tf.to_float(tf.abs(tf.expand_dims(intended_output, 1) - hint_pool_mem_vals))
    teacher_hints = 1.0 - tf.minimum(1.0, teacher_hints)
    teacher_vals, teacher_hint_idxs = tf.nn.top_k(hint_pool_sims * teacher_hints, k=1)
    neg_teacher_vals, _ = tf.nn.top_k(hint_pool_sims * (1 - teacher_hints), k=1)
    teacher_idxs = tf.gather(tf.reshape(hint_pool_idxs, [-1]),
                             teacher_hint_idxs[:, 0] + choose_k * tf.range(batch_size))
    teacher_vals *= (1 - tf.to_float(tf.equal(0.0, tf.reduce_sum(teacher_hints, 1))))
    sliced_hints = tf.slice(teacher_hints, [0, 0], [-1, self.correct_in_top])
    incorrect_memory_lookup = tf.equal(0.0, tf.reduce_sum(sliced_hints, 1))
    teacher_loss = (tf.nn.relu(neg_teacher_vals - teacher_vals + self.alpha) - self.alpha)
    update_keys = normalized_query
    update_vals = intended_output
    fetched_idxs = teacher_idxs
    with tf.device(self.var_cache_device):
      fetched_keys = tf.gather(self.mem_keys, fetched_idxs, name='fetched_keys')
      fetched_vals = tf.gather(self.mem_vals, fetched_idxs, name='fetched_values')
    fetched_keys_upd = update_keys + fetched_keys
    fetched_keys_upd = tf.nn.l2_normalize(fetched_keys_upd, dim=1)
    mem_age_with_noise = self.mem_age + tf.random_uniform([self.memory_size], - self.age_noise,
                                                          self.age_noise)
    _, oldest_idxs = tf.nn.top_k(mem_age_with_noise, k=batch_size, sorted=False)
    with tf.control_dependencies([result]):
      upd_idxs = tf.where(incorrect_memory_lookup, oldest_idxs, fetched_idxs)
      upd_keys = tf.where(incorrect_memory_lookup, update_keys, fetched_keys_upd)
      upd_vals = tf.where(incorrect_memory_lookup, update_vals, fetched_vals)
    def make_update_op():
      return self.make_update_op(upd_idxs, upd_keys, upd_vals, batch_size, use_recent_idx,
                                 intended_output)
    update_op = tf.cond(self.update_memory, make_update_op, tf.no_op)
    with tf.control_dependencies([update_op]):
      result = tf.identity(result)
      mask = tf.identity(mask)
      teacher_loss = tf.identity(teacher_loss)
    return result, mask, tf.reduce_mean(teacher_loss)

x = tf.placeholder(tf.float32, [None, 3])
y = tf.placeholder(tf.int32, [None])
with tf.variable_scope('embedder'):
  h = tf.layers.dense(x, 4, activation=tf.nn.relu, name='h')
  query_vec = tf.layers.dense(h, 4, name='q')
memory = Memory(key_dim=4, memory_size=6, vocab_size=3, choose_k=3, alpha=0.1, age_noise=0.5)
result, mask, teacher_loss = memory.query(query_vec, y)
train_op = tf.train.AdamOptimizer(0.01).minimize(teacher_loss)
rs = np.random.RandomState(1406)
centers = rs.normal(size=(3, 3)).astype(np.float32)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
hist = []
for step in range(6):
  labels = np.array([step % 3, (step + 1) % 3], np.int32)
  xs = centers[labels] + 0.1 * rs.normal(size=(2, 3)).astype(np.float32)
  r, l, _ = sess.run([result, teacher_loss, train_op], {x: xs, y: labels})
  hist.append([L(r), L(l)])
out["hist"] = hist
keys, vals, age, recent = sess.run(memory.get())
out["vals"], out["age"], out["recent"] = L(vals), L(age), L(recent)
out["keys"] = L(keys)
sess.run(memory.clear())
out["cleared"] = L(sess.run(memory.mem_vals))
""",
    # tensorflow/examples/image_retraining/retrain.py (TF 1.4-1.8): create_model_graph
    # imports a frozen feature graph by import_graph_def with return_elements,
    # add_jpeg_decoding's resize (over decode_png here), bottlenecks run image by image,
    # add_final_retrain_ops over a placeholder_with_default with variable_summaries,
    # add_evaluation_step, the merged summaries, save_graph_to_file's
    # convert_variables_to_constants, and label_image reading the frozen result back. The
    # "pretrained" graph is a small convolution frozen first, as the Inception graph was.
    "retrain_import_graph_def_bottlenecks_freeze": r"""
tf.set_random_seed(1407)
final_tensor_name = 'final_result'
learning_rate = 0.05
with tf.Graph().as_default() as pre:
  resized = tf.placeholder(tf.float32, [None, 6, 6, 3], name='Mul')
  k = tf.Variable(tf.constant(np.sin(np.arange(54)).reshape(3, 3, 3, 2).astype(np.float32)), name='k')
  feat = tf.nn.relu(tf.nn.conv2d(resized, k, [1, 2, 2, 1], 'SAME'))
  pool = tf.reshape(tf.nn.avg_pool(feat, [1, 3, 3, 1], [1, 3, 3, 1], 'VALID'), [-1, 2], name='pool_3/_reshape')
  with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    model_graph_def = tf.graph_util.convert_variables_to_constants(s, pre.as_graph_def(), ['pool_3/_reshape'])
model_info = {'bottleneck_tensor_name': 'pool_3/_reshape:0', 'bottleneck_tensor_size': 2,
              'input_width': 6, 'input_height': 6, 'input_depth': 3,
              'resized_input_tensor_name': 'Mul:0', 'input_mean': 128, 'input_std': 128}

def create_model_graph(model_info):
  with tf.Graph().as_default() as graph:
    graph_def = tf.GraphDef()
    graph_def.ParseFromString(model_graph_def.SerializeToString())
    bottleneck_tensor, resized_input_tensor = (tf.import_graph_def(
        graph_def, name='', return_elements=[model_info['bottleneck_tensor_name'],
                                             model_info['resized_input_tensor_name']]))
  return graph, bottleneck_tensor, resized_input_tensor

def add_jpeg_decoding(input_width, input_height, input_depth, input_mean, input_std):
  jpeg_data = tf.placeholder(tf.string, name='DecodeJPGInput')
  decoded_image = tf.image.decode_png(jpeg_data, channels=input_depth)
  decoded_image_as_float = tf.cast(decoded_image, dtype=tf.float32)
  decoded_image_4d = tf.expand_dims(decoded_image_as_float, 0)
  resize_shape = tf.stack([input_height, input_width])
  resize_shape_as_int = tf.cast(resize_shape, dtype=tf.int32)
  resized_image = tf.image.resize_bilinear(decoded_image_4d, resize_shape_as_int)
  offset_image = tf.subtract(resized_image, input_mean)
  mul_image = tf.multiply(offset_image, 1.0 / input_std)
  return jpeg_data, mul_image

def variable_summaries(var):
  with tf.name_scope('summaries'):
    mean = tf.reduce_mean(var)
    tf.summary.scalar('mean', mean)
    with tf.name_scope('stddev'):
      stddev = tf.sqrt(tf.reduce_mean(tf.square(var - mean)))
    tf.summary.scalar('stddev', stddev)
    tf.summary.scalar('max', tf.reduce_max(var))
    tf.summary.scalar('min', tf.reduce_min(var))
    tf.summary.histogram('histogram', var)

def add_final_training_ops(class_count, final_tensor_name, bottleneck_tensor, bottleneck_tensor_size):
  with tf.name_scope('input'):
    bottleneck_input = tf.placeholder_with_default(
        bottleneck_tensor, shape=[None, bottleneck_tensor_size], name='BottleneckInputPlaceholder')
    ground_truth_input = tf.placeholder(tf.int64, [None], name='GroundTruthInput')
  layer_name = 'final_training_ops'
  with tf.name_scope(layer_name):
    with tf.name_scope('weights'):
      initial_value = tf.truncated_normal([bottleneck_tensor_size, class_count], stddev=0.001)
      layer_weights = tf.Variable(initial_value, name='final_weights')
      variable_summaries(layer_weights)
    with tf.name_scope('biases'):
      layer_biases = tf.Variable(tf.zeros([class_count]), name='final_biases')
      variable_summaries(layer_biases)
    with tf.name_scope('Wx_plus_b'):
      logits = tf.matmul(bottleneck_input, layer_weights) + layer_biases
      tf.summary.histogram('pre_activations', logits)
  final_tensor = tf.nn.softmax(logits, name=final_tensor_name)
  tf.summary.histogram('activations', final_tensor)
  with tf.name_scope('cross_entropy'):
    cross_entropy_mean = tf.losses.sparse_softmax_cross_entropy(labels=ground_truth_input, logits=logits)
  tf.summary.scalar('cross_entropy', cross_entropy_mean)
  with tf.name_scope('train'):
    optimizer = tf.train.GradientDescentOptimizer(learning_rate)
    train_step = optimizer.minimize(cross_entropy_mean)
  return (train_step, cross_entropy_mean, bottleneck_input, ground_truth_input, final_tensor)

def add_evaluation_step(result_tensor, ground_truth_tensor):
  with tf.name_scope('accuracy'):
    with tf.name_scope('correct_prediction'):
      prediction = tf.argmax(result_tensor, 1)
      correct_prediction = tf.equal(prediction, ground_truth_tensor)
    with tf.name_scope('accuracy'):
      evaluation_step = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
  tf.summary.scalar('accuracy', evaluation_step)
  return evaluation_step, prediction

def run_bottleneck_on_image(sess, image_data, image_data_tensor, decoded_image_tensor,
                            resized_input_tensor, bottleneck_tensor):
  resized_input_values = sess.run(decoded_image_tensor, {image_data_tensor: image_data})
  bottleneck_values = sess.run(bottleneck_tensor, {resized_input_tensor: resized_input_values})
  bottleneck_values = np.squeeze(bottleneck_values)
  return bottleneck_values

rs = np.random.RandomState(1407)
pixels = rs.randint(0, 256, size=(5, 4, 5, 3)).astype(np.uint8)
with tf.Graph().as_default(), tf.Session() as enc:
  image_bytes = [enc.run(tf.image.encode_png(p)) for p in pixels]
labels = np.array([0, 1, 2, 1, 0], np.int64)

graph, bottleneck_tensor, resized_image_tensor = create_model_graph(model_info)
with tf.Session(graph=graph) as sess:
  jpeg_data_tensor, decoded_image_tensor = add_jpeg_decoding(
      model_info['input_width'], model_info['input_height'], model_info['input_depth'],
      model_info['input_mean'], model_info['input_std'])
  bottlenecks = [run_bottleneck_on_image(sess, b, jpeg_data_tensor, decoded_image_tensor,
                                         resized_image_tensor, bottleneck_tensor)
                 for b in image_bytes]
  out["bottlenecks"] = L(bottlenecks)
  (train_step, cross_entropy, bottleneck_input, ground_truth_input,
   final_tensor) = add_final_training_ops(3, final_tensor_name, bottleneck_tensor,
                                          model_info['bottleneck_tensor_size'])
  evaluation_step, prediction = add_evaluation_step(final_tensor, ground_truth_input)
  merged = tf.summary.merge_all()
  init = tf.global_variables_initializer()
  sess.run(init)
  sess.run(tf.assign(graph.get_tensor_by_name('final_training_ops/weights/final_weights:0'),
                     [[0.3, -0.2, 0.1], [-0.1, 0.4, -0.3]]))
  hist = []
  for i in range(5):
    train_summary, _ = sess.run([merged, train_step],
                                feed_dict={bottleneck_input: bottlenecks, ground_truth_input: labels})
    train_accuracy, cross_entropy_value = sess.run(
        [evaluation_step, cross_entropy],
        feed_dict={bottleneck_input: bottlenecks, ground_truth_input: labels})
    hist.append([train_accuracy, cross_entropy_value])
  out["hist"] = L(hist)
  summary = tf.Summary.FromString(train_summary)
  out["scalars"] = sorted([v.tag, round(v.simple_value, 5)] for v in summary.value
                          if v.WhichOneof('value') == 'simple_value')
  out["histograms"] = sorted(v.tag for v in summary.value if v.HasField('histo'))
  out["pred_through_image"] = L(sess.run(prediction, {resized_image_tensor:
      sess.run(decoded_image_tensor, {jpeg_data_tensor: image_bytes[2]})}))
  output_graph_def = tf.graph_util.convert_variables_to_constants(
      sess, graph.as_graph_def(), [final_tensor_name])
# (the node types are graphgate's own, Add for TF 2's AddV2: what is asked is the freezing)
ops_ = set(n.op for n in output_graph_def.node)
out["frozen"] = [bool(ops_ & {'VariableV2', 'VarHandleOp', 'Assign'}), 'Const' in ops_,
                 sorted(n.name for n in output_graph_def.node if n.op.startswith('Placeholder'))]
with tf.Graph().as_default() as label_graph:
  tf.import_graph_def(output_graph_def, name='')
  input_operation = label_graph.get_operation_by_name('Mul')
  output_operation = label_graph.get_operation_by_name(final_tensor_name)
  with tf.Session(graph=label_graph) as sess:
    resized = np.stack([np.asarray(p, np.float32)[:, :4] for p in pixels[:2]])
    resized = np.pad(resized, [[0, 0], [1, 1], [1, 1], [0, 0]], 'edge')
    results = sess.run(output_operation.outputs[0], {input_operation.outputs[0]: (resized - 128) / 128})
out["label_image"] = L(results)
""",
    # tolstikhin/wae wae.py and models.py: the deterministic encoder and decoder of
    # fully connected layers with contrib batch_norm (updates_collections=None) switched
    # by a fed is_training, the MMD penalty with the inverse multiquadratics kernel summed
    # over scales, the l2sq reconstruction cost, the encoder's and decoder's variables
    # trained together, the prior's samples fed (numpy draws, as wae.py's sample_pz). WAE's
    # "sgd" optimizer: Adam's normalized step would magnify the rounding noise that is the
    # gradient of a bias under a batch norm.
    "wae_imq_mmd_batch_norm_is_training": r"""
tf.set_random_seed(1408)
opts = {'zdim': 2, 'pz': 'normal', 'pz_scale': 1., 'mmd_kernel': 'IMQ', 'lambda': 10.,
        'batch_norm': True, 'batch_norm_eps': 1e-5, 'batch_norm_decay': 0.9, 'lr': 0.05,
        'adam_beta1': 0.5, 'optimizer': 'sgd', 'e_num_filters': 6, 'g_num_filters': 6, 'cost': 'l2sq'}

def batch_norm(opts, _input, is_train, reuse, scope, scale=True):
  return contrib.layers.batch_norm(_input, center=True, scale=scale,
                                   epsilon=opts['batch_norm_eps'], decay=opts['batch_norm_decay'],
                                   is_training=is_train, reuse=reuse, updates_collections=None,
                                   scope=scope, fused=False)

def linear(opts, input_, output_dim, scope=None, init='normal', reuse=None):
  stddev = 0.0099999
  bias_start = 0.0
  shape = input_.get_shape().as_list()
  assert len(shape) > 0
  in_shape = shape[1]
  if len(shape) > 2:
    input_ = tf.reshape(input_, [-1, np.prod(shape[1:])])
    in_shape = np.prod(shape[1:])
  with tf.variable_scope(scope or "lin", reuse=reuse):
    if init == 'normal':
      matrix = tf.get_variable("W", [in_shape, output_dim], tf.float32,
                               tf.random_normal_initializer(stddev=stddev))
    else:
      matrix = tf.get_variable("W", [in_shape, output_dim], tf.float32,
                               tf.constant_initializer(np.identity(in_shape)))
    bias = tf.get_variable("b", [output_dim], initializer=tf.constant_initializer(bias_start))
  return tf.matmul(input_, matrix) + bias

def encoder(opts, inputs, reuse=False, is_training=False):
  with tf.variable_scope("encoder", reuse=reuse):
    num_units = opts['e_num_filters']
    layer_x = inputs
    for i in range(2):
      layer_x = linear(opts, layer_x, num_units, scope='h%d_lin' % i)
      if opts['batch_norm']:
        layer_x = batch_norm(opts, layer_x, is_training, reuse, scope='h%d_bn' % i)
      layer_x = tf.nn.relu(layer_x)
    res = linear(opts, layer_x, opts['zdim'], scope='hfinal_lin')
  return res

def decoder(opts, noise, reuse=False, is_training=True):
  with tf.variable_scope("generator", reuse=reuse):
    num_units = opts['g_num_filters']
    layer_x = noise
    for i in range(2):
      layer_x = linear(opts, layer_x, num_units, scope='h%d_lin' % i)
      layer_x = tf.nn.relu(layer_x)
      if opts['batch_norm']:
        layer_x = batch_norm(opts, layer_x, is_training, reuse, scope='h%d_bn' % i)
    out_ = linear(opts, layer_x, 3 * 2 * 1, scope='hfinal_lin')
    out_ = tf.reshape(out_, [-1, 3, 2, 1])
    return tf.nn.sigmoid(out_), out_

class WAE(object):
  def __init__(self, opts):
    self.opts = opts
    self.sample_points = tf.placeholder(tf.float32, [None, 3, 2, 1], name='real_points_ph')
    self.sample_noise = tf.placeholder(tf.float32, [None, opts['zdim']], name='noise_ph')
    self.is_training = tf.placeholder(tf.bool, name='is_training_ph')
    self.lr_decay = tf.placeholder(tf.float32, name='rate_decay_ph')
    self.enc_mean = encoder(opts, inputs=self.sample_points, is_training=self.is_training)
    self.encoded = self.enc_mean
    self.reconstructed, self.reconstructed_logits = decoder(opts, noise=self.encoded,
                                                            is_training=self.is_training)
    self.decoded, self.decoded_logits = decoder(opts, reuse=True, noise=self.sample_noise,
                                                is_training=self.is_training)
    self.loss_reconstruct = self.reconstruction_loss(self.opts, self.sample_points, self.reconstructed)
    self.penalty = self.mmd_penalty(self.encoded, self.sample_noise)
    self.wae_objective = self.loss_reconstruct + self.opts['lambda'] * self.penalty
    self.add_optimizers()

  def mmd_penalty(self, sample_qz, sample_pz):
    opts = self.opts
    sigma2_p = opts['pz_scale'] ** 2
    kernel = opts['mmd_kernel']
    n = tf.shape(sample_qz)[0]
    n = tf.cast(n, tf.int32)
    nf = tf.cast(n, tf.float32)
    half_size = (n * n - n) / 2
    norms_pz = tf.reduce_sum(tf.square(sample_pz), axis=1, keep_dims=True)
    dotprods_pz = tf.matmul(sample_pz, sample_pz, transpose_b=True)
    distances_pz = norms_pz + tf.transpose(norms_pz) - 2. * dotprods_pz
    norms_qz = tf.reduce_sum(tf.square(sample_qz), axis=1, keep_dims=True)
    dotprods_qz = tf.matmul(sample_qz, sample_qz, transpose_b=True)
    distances_qz = norms_qz + tf.transpose(norms_qz) - 2. * dotprods_qz
    dotprods = tf.matmul(sample_qz, sample_pz, transpose_b=True)
    distances = norms_qz + tf.transpose(norms_pz) - 2. * dotprods
    if opts['pz'] == 'normal':
      Cbase = 2. * opts['zdim'] * sigma2_p
    stat = 0.
    for scale in [.1, .2, .5, 1., 2., 5., 10.]:
      C = Cbase * scale
      res1 = C / (C + distances_qz)
      res1 += C / (C + distances_pz)
      res1 = tf.multiply(res1, 1. - tf.eye(n))
      res1 = tf.reduce_sum(res1) / (nf * nf - nf)
      res2 = C / (C + distances)
      res2 = tf.reduce_sum(res2) * 2. / (nf * nf)
      stat += res1 - res2
    self.half_size = half_size
    return stat

  def reconstruction_loss(self, opts, real, reconstr):
    loss = tf.reduce_sum(tf.square(real - reconstr), axis=[1, 2, 3])
    loss = 0.05 * tf.reduce_mean(loss)
    return loss

  def optimizer(self, lr, decay=1.):
    opts = self.opts
    lr *= decay
    if opts["optimizer"] == "sgd":
      return tf.train.GradientDescentOptimizer(lr)
    elif opts["optimizer"] == "adam":
      return tf.train.AdamOptimizer(lr, beta1=opts['adam_beta1'])

  def add_optimizers(self):
    opts = self.opts
    lr = opts['lr']
    encoder_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='encoder')
    decoder_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='generator')
    ae_vars = encoder_vars + decoder_vars
    opt = self.optimizer(lr, self.lr_decay)
    self.ae_opt = opt.minimize(loss=self.wae_objective, var_list=encoder_vars + decoder_vars)

wae = WAE(opts)
rs = np.random.RandomState(1408)
data = rs.uniform(size=(5, 3, 2, 1)).astype(np.float32)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
hist = []
for it in range(5):
  batch_noise = (opts['pz_scale'] * rs.randn(5, opts['zdim'])).astype(np.float32)
  feed = {wae.sample_points: data, wae.sample_noise: batch_noise, wae.lr_decay: 1.0 if it < 3 else 0.5,
          wae.is_training: True}
  _, loss, loss_rec, loss_match = sess.run([wae.ae_opt, wae.wae_objective, wae.loss_reconstruct,
                                            wae.penalty], feed_dict=feed)
  hist.append([loss, loss_rec, loss_match])
out["hist"] = L(hist)
out["half_size"] = [L(sess.run(wae.half_size, feed)), wae.half_size.dtype.name]
out["test_rec"] = L(sess.run(wae.reconstructed, {wae.sample_points: data[:2], wae.is_training: False}))
out["moving_mean"] = L(sess.run(tf.get_default_graph().get_tensor_by_name(
    'generator/h1_bn/moving_mean:0')))
out["decoded"] = L(sess.run(wae.decoded, {wae.sample_noise: [[0.5, -1.0]], wae.is_training: False}))
""",
    # taki0112/StarGAN-Tensorflow StarGAN.py and ops.py: the generator (the domain label
    # reshaped, tiled over the image and concatenated, instance-normalized convolutions,
    # residual blocks, deconvolution back up), the discriminator's two heads (the patch
    # logit and the domain classifier whose kernel spans the last feature map), WGAN-GP
    # over interpolates drawn by random_uniform, the classification and reconstruction
    # losses, Adam on placeholders for the decayed learning rate, a generator step every
    # n_critic discriminator steps.
    "stargan_instance_norm_label_tiling_wgan_gp": r"""
tf.set_random_seed(1409)
weight_init = contrib.layers.xavier_initializer()
weight_regularizer = None

def conv(x, channels, kernel=4, stride=2, pad=0, pad_type='zero', use_bias=True, scope='conv_0'):
  with tf.variable_scope(scope):
    if pad_type == 'zero':
      x = tf.pad(x, [[0, 0], [pad, pad], [pad, pad], [0, 0]])
    if pad_type == 'reflect':
      x = tf.pad(x, [[0, 0], [pad, pad], [pad, pad], [0, 0]], mode='REFLECT')
    x = tf.layers.conv2d(inputs=x, filters=channels, kernel_size=kernel,
                         kernel_initializer=weight_init, kernel_regularizer=weight_regularizer,
                         strides=stride, use_bias=use_bias)
    return x

def deconv(x, channels, kernel=4, stride=2, use_bias=True, scope='deconv_0'):
  with tf.variable_scope(scope):
    x = tf.layers.conv2d_transpose(inputs=x, filters=channels, kernel_size=kernel,
                                   kernel_initializer=weight_init,
                                   kernel_regularizer=weight_regularizer, strides=stride,
                                   padding='SAME', use_bias=use_bias)
    return x

def flatten(x):
  return tf.layers.flatten(x)

def resblock(x_init, channels, use_bias=True, scope='resblock'):
  with tf.variable_scope(scope):
    with tf.variable_scope('res1'):
      x = conv(x_init, channels, kernel=3, stride=1, pad=1, use_bias=use_bias)
      x = instance_norm(x)
      x = relu(x)
    with tf.variable_scope('res2'):
      x = conv(x, channels, kernel=3, stride=1, pad=1, use_bias=use_bias)
      x = instance_norm(x)
    return x + x_init

def lrelu(x, alpha=0.01):
  return tf.nn.leaky_relu(x, alpha)

def relu(x):
  return tf.nn.relu(x)

def tanh(x):
  return tf.tanh(x)

def instance_norm(x, scope='instance_norm'):
  return contrib.layers.instance_norm(x, epsilon=1e-05, center=True, scale=True, scope=scope)

def L1_loss(x, y):
  return tf.reduce_mean(tf.abs(x - y))

def discriminator_loss(loss_func, real, fake):
  real_loss = 0
  fake_loss = 0
  if loss_func.__contains__('wgan'):
    real_loss = -tf.reduce_mean(real)
    fake_loss = tf.reduce_mean(fake)
  loss = real_loss + fake_loss
  return loss

def generator_loss(loss_func, fake):
  fake_loss = 0
  if loss_func.__contains__('wgan'):
    fake_loss = -tf.reduce_mean(fake)
  loss = fake_loss
  return loss

def classification_loss(logit, label):
  loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=label, logits=logit))
  return loss

class StarGAN(object):
  def __init__(self):
    self.batch_size, self.img_size, self.img_ch, self.c_dim = 2, 8, 3, 2
    self.ch, self.n_res, self.n_dis, self.n_critic = 4, 1, 2, 2
    self.gan_type, self.ld = 'wgan-gp', 10.0
    self.adv_weight, self.rec_weight, self.cls_weight = 1, 10, 10
    self.init_lr, self.decay_epoch, self.epoch = 0.001, 1, 2

  def generator(self, x_init, c, reuse=False, scope="generator"):
    channel = self.ch
    c = tf.cast(tf.reshape(c, shape=[-1, 1, 1, c.shape[-1]]), tf.float32)
    c = tf.tile(c, [1, x_init.shape[1], x_init.shape[2], 1])
    x = tf.concat([x_init, c], axis=-1)
    with tf.variable_scope(scope, reuse=reuse):
      x = conv(x, channel, kernel=7, stride=1, pad=3, use_bias=False, scope='conv')
      x = instance_norm(x, scope='ins_norm')
      x = relu(x)
      for i in range(2):
        x = conv(x, channel * 2, kernel=4, stride=2, pad=1, use_bias=False, scope='conv_' + str(i))
        x = instance_norm(x, scope='down_ins_norm_' + str(i))
        x = relu(x)
        channel = channel * 2
      for i in range(self.n_res):
        x = resblock(x, channel, use_bias=False, scope='resblock_' + str(i))
      for i in range(2):
        x = deconv(x, channel // 2, kernel=4, stride=2, use_bias=False, scope='deconv_' + str(i))
        x = instance_norm(x, scope='up_ins_norm' + str(i))
        x = relu(x)
        channel = channel // 2
      x = conv(x, channels=3, kernel=7, stride=1, pad=3, use_bias=False, scope='G_logit')
      x = tanh(x)
      return x

  def discriminator(self, x_init, reuse=False, scope="discriminator"):
    with tf.variable_scope(scope, reuse=reuse):
      channel = self.ch
      x = conv(x_init, channel, kernel=4, stride=2, pad=1, use_bias=True, scope='conv_0')
      x = lrelu(x, 0.01)
      for i in range(1, self.n_dis):
        x = conv(x, channel * 2, kernel=4, stride=2, pad=1, use_bias=True, scope='conv_' + str(i))
        x = lrelu(x, 0.01)
        channel = channel * 2
      c_kernel = int(self.img_size / np.power(2, self.n_dis))
      logit = conv(x, channels=1, kernel=3, stride=1, pad=1, use_bias=False, scope='D_logit')
      c = conv(x, channels=self.c_dim, kernel=c_kernel, stride=1, use_bias=False, scope='D_label')
      c = tf.reshape(c, shape=[-1, self.c_dim])
      return logit, c

  def gradient_penalty(self, real, fake, scope="discriminator"):
    alpha = tf.random_uniform(shape=[self.batch_size, 1, 1, 1], minval=0., maxval=1.)
    interpolated = alpha * real + (1. - alpha) * fake
    logit, _ = self.discriminator(interpolated, reuse=True, scope=scope)
    GP = 0
    grad = tf.gradients(logit, interpolated)[0]
    grad_norm = tf.norm(flatten(grad), axis=1)
    if self.gan_type == 'wgan-lp':
      GP = self.ld * tf.reduce_mean(tf.square(tf.maximum(0.0, grad_norm - 1.)))
    elif self.gan_type == 'wgan-gp' or self.gan_type == 'dragan':
      GP = self.ld * tf.reduce_mean(tf.square(grad_norm - 1.))
    return GP

  def build_model(self):
    self.lr = tf.placeholder(tf.float32, name='learning_rate')
    self.x_real = tf.placeholder(tf.float32, [self.batch_size, self.img_size, self.img_size, self.img_ch])
    self.label_org = tf.placeholder(tf.float32, [self.batch_size, self.c_dim])
    self.label_trg = tf.placeholder(tf.float32, [self.batch_size, self.c_dim])
    x_fake = self.generator(self.x_real, self.label_trg)
    x_recon = self.generator(x_fake, self.label_org, reuse=True)
    real_logit, real_cls = self.discriminator(self.x_real)
    fake_logit, fake_cls = self.discriminator(x_fake, reuse=True)
    if self.gan_type.__contains__('wgan') or self.gan_type == 'dragan':
      GP = self.gradient_penalty(real=self.x_real, fake=x_fake)
    else:
      GP = 0
    g_adv_loss = generator_loss(loss_func=self.gan_type, fake=fake_logit)
    g_cls_loss = classification_loss(logit=fake_cls, label=self.label_trg)
    g_rec_loss = L1_loss(self.x_real, x_recon)
    d_adv_loss = discriminator_loss(loss_func=self.gan_type, real=real_logit, fake=fake_logit) + GP
    d_cls_loss = classification_loss(logit=real_cls, label=self.label_org)
    self.d_loss = self.adv_weight * d_adv_loss + self.cls_weight * d_cls_loss
    self.g_loss = self.adv_weight * g_adv_loss + self.cls_weight * g_cls_loss + self.rec_weight * g_rec_loss
    t_vars = tf.trainable_variables()
    G_vars = [var for var in t_vars if 'generator' in var.name]
    D_vars = [var for var in t_vars if 'discriminator' in var.name]
    self.g_optimizer = tf.train.AdamOptimizer(self.lr, beta1=0.5, beta2=0.999).minimize(self.g_loss, var_list=G_vars)
    self.d_optimizer = tf.train.AdamOptimizer(self.lr, beta1=0.5, beta2=0.999).minimize(self.d_loss, var_list=D_vars)
    self.x_fake = x_fake
    self.GP = GP
    self.g_sum = tf.summary.merge([tf.summary.scalar('g_loss', self.g_loss)])
    self.d_sum = tf.summary.merge([tf.summary.scalar('d_loss', self.d_loss)])

gan = StarGAN()
gan.build_model()
rs = np.random.RandomState(1409)
images = rs.uniform(-1, 1, size=(4, 8, 8, 3)).astype(np.float32)
labels = np.array([[1, 0], [0, 1], [1, 1], [0, 0]], np.float32)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
hist = []
counter = 0
for epoch in range(gan.epoch):
  lr = gan.init_lr if epoch < gan.decay_epoch else gan.init_lr * (gan.epoch - epoch) / (gan.epoch - gan.decay_epoch)
  for idx in range(2):
    x = images[2 * idx:2 * idx + 2]
    org = labels[2 * idx:2 * idx + 2]
    trg = org[:, ::-1].copy()
    feed = {gan.lr: lr, gan.x_real: x, gan.label_org: org, gan.label_trg: trg}
    # the penalty's interpolates are drawn anew in each run: it is fetched with the step
    d_loss, gp, _ = sess.run([gan.d_loss, gan.GP, gan.d_optimizer], feed_dict=feed)
    g_loss = None
    if (counter - 1) % gan.n_critic == 0:
      g_loss, _ = sess.run([gan.g_loss, gan.g_optimizer], feed_dict=feed)
    hist.append([float(d_loss), float(gp), None if g_loss is None else float(g_loss)])
    counter += 1
out["hist"] = hist
out["fake"] = L(sess.run(gan.x_fake, feed)[0, :3, :3, 0])
out["vars"] = [(v.op.name, v.shape.as_list()) for v in tf.trainable_variables()]
""",
    # MichelDeudon/encode-attend-navigate (2018) actor.py and utils: cities embedded by
    # conv1d with batch normalization, a multi-head self-attention encoder, the pointer
    # decoder that samples each city by tf.distributions.Categorical and masks visited
    # ones by one_hot, the tour length by gather_nd over the permutations, the critic's
    # glimpse, REINFORCE against the critic's baseline with per-gradient clip_by_norm,
    # natural_exp_decay learning rates and the batch norms' UPDATE_OPS.
    "tsp_pointer_categorical_reinforce_critic": r"""
tf.set_random_seed(1410)
distr = tf.distributions

def embed_seq(input_seq, from_, to_, is_training, BN=True, initializer=contrib.layers.xavier_initializer()):
  with tf.variable_scope("embedding"):
    W_embed = tf.get_variable("weights", [1, from_, to_], initializer=initializer)
    embedded_input = tf.nn.conv1d(input_seq, W_embed, 1, "VALID", name="embedded_input")
    if BN:
      embedded_input = tf.layers.batch_normalization(embedded_input, axis=2, training=is_training,
                                                     name='layer_norm', reuse=None)
    return embedded_input

def multihead_attention(inputs, num_units=None, num_heads=16, dropout_rate=0.1, is_training=True):
  with tf.variable_scope("multihead_attention", reuse=None):
    Q = tf.layers.dense(inputs, num_units, activation=tf.nn.relu)
    K = tf.layers.dense(inputs, num_units, activation=tf.nn.relu)
    V = tf.layers.dense(inputs, num_units, activation=tf.nn.relu)
    Q_ = tf.concat(tf.split(Q, num_heads, axis=2), axis=0)
    K_ = tf.concat(tf.split(K, num_heads, axis=2), axis=0)
    V_ = tf.concat(tf.split(V, num_heads, axis=2), axis=0)
    outputs = tf.matmul(Q_, tf.transpose(K_, [0, 2, 1]))
    outputs = outputs / (K_.get_shape().as_list()[-1] ** 0.5)
    outputs = tf.nn.softmax(outputs)
    outputs = tf.layers.dropout(outputs, rate=dropout_rate, training=tf.convert_to_tensor(is_training))
    outputs = tf.matmul(outputs, V_)
    outputs = tf.concat(tf.split(outputs, num_heads, axis=0), axis=2)
    outputs += inputs
    outputs = tf.layers.batch_normalization(outputs, axis=2, training=is_training, name='ln', reuse=None)
  return outputs

def feedforward(inputs, num_units=[2048, 512], is_training=True):
  with tf.variable_scope("ffn", reuse=None):
    params = {"inputs": inputs, "filters": num_units[0], "kernel_size": 1,
              "activation": tf.nn.relu, "use_bias": True}
    outputs = tf.layers.conv1d(**params)
    params = {"inputs": outputs, "filters": num_units[1], "kernel_size": 1,
              "activation": None, "use_bias": True}
    outputs = tf.layers.conv1d(**params)
    outputs += inputs
    outputs = tf.layers.batch_normalization(outputs, axis=2, training=is_training, name='ln', reuse=None)
  return outputs

def encode_seq(input_seq, input_dim, num_stacks, num_heads, num_neurons, is_training, dropout_rate=0.):
  with tf.variable_scope("stack"):
    for i in range(num_stacks):
      with tf.variable_scope("block_{}".format(i)):
        input_seq = multihead_attention(input_seq, num_units=input_dim, num_heads=num_heads,
                                        dropout_rate=dropout_rate, is_training=is_training)
        input_seq = feedforward(input_seq, num_units=[num_neurons, input_dim], is_training=is_training)
    return input_seq

def pointer(encoded_ref, query, mask, W_ref, W_q, v, C=10., temperature=1.0):
  encoded_query = tf.expand_dims(tf.matmul(query, W_q), 1)
  scores = tf.reduce_sum(v * tf.tanh(encoded_ref + encoded_query), [-1])
  scores = C * tf.tanh(scores / temperature)
  masked_scores = tf.clip_by_value(scores - 100000000. * mask, -100000000., 100000000.)
  return masked_scores

def full_glimpse(ref, from_, to_, initializer=contrib.layers.xavier_initializer()):
  with tf.variable_scope("glimpse"):
    W_ref_g = tf.get_variable("W_ref_g", [1, from_, to_], initializer=initializer)
    W_q_g = tf.get_variable("W_q_g", [from_, to_], initializer=initializer)
    v_g = tf.get_variable("v_g", [to_], initializer=initializer)
    encoded_ref_g = tf.nn.conv1d(ref, W_ref_g, 1, "VALID", name="encoded_ref_g")
    scores_g = tf.reduce_sum(v_g * tf.tanh(encoded_ref_g), [-1], name="scores_g")
    attention_g = tf.nn.softmax(scores_g, name="attention_g")
    glimpse = tf.multiply(ref, tf.expand_dims(attention_g, 2))
    glimpse = tf.reduce_sum(glimpse, 1)
    return glimpse

class Config: pass
config = Config()
config.batch_size, config.max_length, config.dimension = 2, 5, 2
config.input_embed, config.num_heads, config.num_stacks, config.hidden_dim = 4, 2, 1, 6
config.num_units, config.query_dim, config.num_neurons_critic = 4, 3, 4
config.init_B, config.C, config.temperature = 7., 10., 1.0
config.lr1_start, config.lr1_decay_rate, config.lr1_decay_step = 0.01, 0.96, 5
config.training_mode = True

class Actor(object):
  def __init__(self, config):
    self.config = config
    self.batch_size = config.batch_size
    self.max_length = config.max_length
    self.dimension = config.dimension
    self.input_embed = config.input_embed
    self.num_heads = config.num_heads
    self.num_stacks = config.num_stacks
    self.num_neurons = config.hidden_dim
    self.initializer = contrib.layers.xavier_initializer()
    self.num_units = config.num_units
    self.query_dim = config.query_dim
    self.num_neurons_critic = config.num_neurons_critic
    self.init_B = config.init_B
    self.is_training = config.training_mode
    self.global_step = tf.Variable(0, trainable=False, name="global_step")
    self.lr1_start = config.lr1_start
    self.lr1_decay_rate = config.lr1_decay_rate
    self.lr1_decay_step = config.lr1_decay_step
    self.global_step2 = tf.Variable(0, trainable=False, name="global_step2")
    self.lr2_start = config.lr1_start
    self.lr2_decay_rate = config.lr1_decay_rate
    self.lr2_decay_step = config.lr1_decay_step
    self.input_ = tf.placeholder(tf.float32, [self.batch_size, self.max_length, self.dimension],
                                 name="input_coordinates")
    with tf.variable_scope("actor"):
      self.encode_decode()
    with tf.variable_scope("critic"):
      self.build_critic()
    with tf.variable_scope("environment"):
      self.build_reward()
    with tf.variable_scope("optimizer"):
      self.build_optim()
    self.merged = tf.summary.merge_all()

  def encode_decode(self):
    actor_embedding = embed_seq(input_seq=self.input_, from_=self.dimension, to_=self.input_embed,
                                is_training=self.is_training, BN=True, initializer=self.initializer)
    actor_encoding = encode_seq(input_seq=actor_embedding, input_dim=self.input_embed,
                                num_stacks=self.num_stacks, num_heads=self.num_heads,
                                num_neurons=self.num_neurons, is_training=self.is_training)
    if self.is_training == False:
      actor_encoding = tf.tile(actor_encoding, [self.batch_size, 1, 1])
    idx_list, log_probs, entropies = [], [], []
    mask = tf.zeros((self.batch_size, self.max_length))
    n_hidden = actor_encoding.get_shape().as_list()[2]
    W_ref = tf.get_variable("W_ref", [1, n_hidden, self.num_units], initializer=self.initializer)
    W_q = tf.get_variable("W_q", [self.query_dim, self.num_units], initializer=self.initializer)
    v = tf.get_variable("v", [self.num_units], initializer=self.initializer)
    encoded_ref = tf.nn.conv1d(actor_encoding, W_ref, 1, "VALID")
    query1 = tf.zeros((self.batch_size, n_hidden))
    query2 = tf.zeros((self.batch_size, n_hidden))
    query3 = tf.zeros((self.batch_size, n_hidden))
    W_1 = tf.get_variable("W_1", [n_hidden, self.query_dim], initializer=self.initializer)
    W_2 = tf.get_variable("W_2", [n_hidden, self.query_dim], initializer=self.initializer)
    W_3 = tf.get_variable("W_3", [n_hidden, self.query_dim], initializer=self.initializer)
    for step in range(self.max_length):
      query = tf.nn.relu(tf.matmul(query1, W_1) + tf.matmul(query2, W_2) + tf.matmul(query3, W_3))
      logits = pointer(encoded_ref=encoded_ref, query=query, mask=mask, W_ref=W_ref, W_q=W_q, v=v,
                       C=config.C, temperature=config.temperature)
      prob = distr.Categorical(logits)
      idx = prob.sample()
      idx_list.append(idx)
      log_probs.append(prob.log_prob(idx))
      entropies.append(prob.entropy())
      mask = mask + tf.one_hot(idx, self.max_length)
      idx_ = tf.stack([tf.range(self.batch_size, dtype=tf.int32), idx], 1)
      query3 = query2
      query2 = query1
      query1 = tf.gather_nd(actor_encoding, idx_)
    idx_list.append(idx_list[0])
    self.tour = tf.stack(idx_list, axis=1)
    self.log_prob = tf.add_n(log_probs)
    self.entropies = tf.add_n(entropies)
    tf.summary.scalar('log_prob_mean', tf.reduce_mean(self.log_prob))
    tf.summary.scalar('entropies_mean', tf.reduce_mean(self.entropies))

  def build_reward(self):
    self.permutations = tf.stack([tf.tile(tf.expand_dims(tf.range(self.batch_size, dtype=tf.int32), 1),
                                          [1, self.max_length + 1]), self.tour], 2)
    if self.is_training == True:
      self.ordered_input_ = tf.gather_nd(self.input_, self.permutations)
    else:
      self.ordered_input_ = tf.gather_nd(tf.tile(self.input_, [self.batch_size, 1, 1]), self.permutations)
    self.ordered_input_ = tf.transpose(self.ordered_input_, [2, 1, 0])
    ordered_x_ = self.ordered_input_[0]
    ordered_y_ = self.ordered_input_[1]
    delta_x2 = tf.transpose(tf.square(ordered_x_[1:] - ordered_x_[:-1]), [1, 0])
    delta_y2 = tf.transpose(tf.square(ordered_y_[1:] - ordered_y_[:-1]), [1, 0])
    inter_city_distances = tf.sqrt(delta_x2 + delta_y2)
    self.distances = tf.reduce_sum(inter_city_distances, axis=1)
    self.reward = tf.cast(self.distances, tf.float32)
    tf.summary.scalar('reward_mean', tf.reduce_mean(self.reward))

  def build_critic(self):
    critic_embedding = embed_seq(input_seq=self.input_, from_=self.dimension, to_=self.input_embed,
                                 is_training=self.is_training, BN=True, initializer=self.initializer)
    critic_encoding = encode_seq(input_seq=critic_embedding, input_dim=self.input_embed,
                                 num_stacks=self.num_stacks, num_heads=self.num_heads,
                                 num_neurons=self.num_neurons, is_training=self.is_training)
    frame = full_glimpse(ref=critic_encoding, from_=self.input_embed, to_=self.num_units,
                         initializer=contrib.layers.xavier_initializer())
    with tf.variable_scope("ffn"):
      h0 = tf.layers.dense(frame, self.num_neurons_critic, activation=tf.nn.relu,
                           kernel_initializer=self.initializer)
      w1 = tf.get_variable("w1", [self.num_neurons_critic, 1], initializer=self.initializer)
      b1 = tf.Variable(self.init_B, name="b1")
      self.predictions = tf.squeeze(tf.matmul(h0, w1) + b1)
      tf.summary.scalar('predictions_mean', tf.reduce_mean(self.predictions))

  def build_optim(self):
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    with tf.control_dependencies(update_ops):
      with tf.name_scope('reinforce'):
        lr1 = tf.train.natural_exp_decay(learning_rate=self.lr1_start, global_step=self.global_step,
                                         decay_steps=self.lr1_decay_step,
                                         decay_rate=self.lr1_decay_rate, staircase=False,
                                         name="learning_rate1")
        tf.summary.scalar('lr', lr1)
        opt1 = tf.train.AdamOptimizer(learning_rate=lr1)
        self.loss = tf.reduce_mean(tf.stop_gradient(self.reward - self.predictions) * self.log_prob, axis=0)
        gvs1 = opt1.compute_gradients(self.loss)
        capped_gvs1 = [(tf.clip_by_norm(grad, 1.), var) for grad, var in gvs1 if grad is not None]
        self.trn_op1 = opt1.apply_gradients(grads_and_vars=capped_gvs1, global_step=self.global_step)
      with tf.name_scope('state_value'):
        lr2 = tf.train.natural_exp_decay(learning_rate=self.lr2_start, global_step=self.global_step2,
                                         decay_steps=self.lr2_decay_step,
                                         decay_rate=self.lr2_decay_rate, staircase=False,
                                         name="learning_rate1")
        opt2 = tf.train.AdamOptimizer(learning_rate=lr2)
        loss2 = tf.losses.mean_squared_error(self.reward, self.predictions)
        gvs2 = opt2.compute_gradients(loss2)
        capped_gvs2 = [(tf.clip_by_norm(grad, 1.), var) for grad, var in gvs2 if grad is not None]
        self.trn_op2 = opt2.apply_gradients(grads_and_vars=capped_gvs2, global_step=self.global_step2)
    self.loss2 = loss2

actor = Actor(config)
rs = np.random.RandomState(1410)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
hist = []
for i in range(4):
  input_batch = rs.uniform(size=(2, 5, 2)).astype(np.float32)
  feed = {actor.input_: input_batch}
  tour, reward, predictions, loss, loss2, ent, _, _ = sess.run(
      [actor.tour, actor.reward, actor.predictions, actor.loss, actor.loss2, actor.entropies,
       actor.trn_op1, actor.trn_op2], feed_dict=feed)
  hist.append([L(tour), L(reward), L(predictions), L(loss), L(loss2), L(ent)])
out["hist"] = hist
out["steps"] = L(sess.run([actor.global_step, actor.global_step2]))
out["moving_mean"] = L(sess.run(tf.get_default_graph().get_tensor_by_name(
    'actor/embedding/layer_norm/moving_mean:0')))
out["n_update_ops"] = len(tf.get_collection(tf.GraphKeys.UPDATE_OPS))
out["summaries"] = sorted(v.tag for v in tf.Summary.FromString(sess.run(actor.merged, feed)).value)
""",
    # tensorflow/nmt (2017-2018): iterator_utils' get_iterator and get_infer_iterator
    # (string_split, vocabulary tables, sos/eos, padded_batch), model.py and
    # attention_model.py with a time-major bidirectional encoder, a two-layer decoder
    # under scaled Luong attention whose zero state is cloned with the encoder's state,
    # TrainingHelper, BasicDecoder and dynamic_decode(swap_memory, scope), the masked
    # loss, gradients by tf.gradients clipped by global norm, the t2t warmup; the train
    # model's checkpoint restored into an infer model built in a graph of its own that
    # decodes by BeamSearchDecoder with a length penalty, ids turned back into words.
    # Luong's `attention_g` (the only scalar weight) is set to 1 after `fix`.
    "nmt_luong_attention_train_checkpoint_beam_infer": r"""
import collections, os, tempfile
tf.set_random_seed(1411)
out_dir = tempfile.mkdtemp()
src_vocab = ['<unk>', '<s>', '</s>', 'a', 'b', 'c', 'd']
tgt_vocab = ['<unk>', '<s>', '</s>', 'x', 'y', 'z', 'w', 'v']
train_src = ['a b c', 'b d', 'c c a d', 'd a']
train_tgt = ['x y z', 'y w', 'z z x w', 'w x v']
infer_src = ['a b c', 'd a q']
class HParams(object): pass
hparams = HParams()
for k, v in dict(num_units=4, num_layers=2, num_encoder_layers=2, num_decoder_layers=2,
                 forget_bias=1.0, dropout=0.0, unit_type='lstm', time_major=True,
                 beam_width=3, length_penalty_weight=1.0, sos='<s>', eos='</s>',
                 learning_rate=1.0, warmup_steps=3, warmup_scheme='t2t', max_gradient_norm=5.0,
                 batch_size=2, infer_batch_size=2, src_max_len=5, tgt_max_len=5,
                 tgt_max_len_infer=None, decoding_length_factor=2.0, random_seed=None,
                 attention='scaled_luong', output_attention=True, pass_hidden_state=True,
                 src_vocab_size=len(src_vocab), tgt_vocab_size=len(tgt_vocab),
                 num_keep_ckpts=2).items():
  setattr(hparams, k, v)

BatchedInput = collections.namedtuple("BatchedInput", ("initializer", "source", "target_input",
    "target_output", "source_sequence_length", "target_sequence_length"))

def get_infer_iterator(src_dataset, src_vocab_table, batch_size, eos, src_max_len=None):
  src_eos_id = tf.cast(src_vocab_table.lookup(tf.constant(eos)), tf.int32)
  src_dataset = src_dataset.map(lambda src: tf.string_split([src]).values)
  if src_max_len:
    src_dataset = src_dataset.map(lambda src: src[:src_max_len])
  src_dataset = src_dataset.map(lambda src: tf.cast(src_vocab_table.lookup(src), tf.int32))
  src_dataset = src_dataset.map(lambda src: (src, tf.size(src)))
  def batching_func(x):
    return x.padded_batch(batch_size, padded_shapes=(tf.TensorShape([None]), tf.TensorShape([])),
                          padding_values=(src_eos_id, 0))
  batched_dataset = batching_func(src_dataset)
  batched_iter = batched_dataset.make_initializable_iterator()
  (src_ids, src_seq_len) = batched_iter.get_next()
  return BatchedInput(initializer=batched_iter.initializer, source=src_ids, target_input=None,
                      target_output=None, source_sequence_length=src_seq_len,
                      target_sequence_length=None)

def get_iterator(src_dataset, tgt_dataset, src_vocab_table, tgt_vocab_table, batch_size, sos, eos,
                 src_max_len=None, tgt_max_len=None):
  src_eos_id = tf.cast(src_vocab_table.lookup(tf.constant(eos)), tf.int32)
  tgt_sos_id = tf.cast(tgt_vocab_table.lookup(tf.constant(sos)), tf.int32)
  tgt_eos_id = tf.cast(tgt_vocab_table.lookup(tf.constant(eos)), tf.int32)
  src_tgt_dataset = tf.data.Dataset.zip((src_dataset, tgt_dataset))
  src_tgt_dataset = src_tgt_dataset.map(
      lambda src, tgt: (tf.string_split([src]).values, tf.string_split([tgt]).values))
  src_tgt_dataset = src_tgt_dataset.filter(
      lambda src, tgt: tf.logical_and(tf.size(src) > 0, tf.size(tgt) > 0))
  if src_max_len:
    src_tgt_dataset = src_tgt_dataset.map(lambda src, tgt: (src[:src_max_len], tgt))
  if tgt_max_len:
    src_tgt_dataset = src_tgt_dataset.map(lambda src, tgt: (src, tgt[:tgt_max_len]))
  src_tgt_dataset = src_tgt_dataset.map(
      lambda src, tgt: (tf.cast(src_vocab_table.lookup(src), tf.int32),
                        tf.cast(tgt_vocab_table.lookup(tgt), tf.int32)))
  src_tgt_dataset = src_tgt_dataset.map(
      lambda src, tgt: (src, tf.concat(([tgt_sos_id], tgt), 0), tf.concat((tgt, [tgt_eos_id]), 0)))
  src_tgt_dataset = src_tgt_dataset.map(
      lambda src, tgt_in, tgt_out: (src, tgt_in, tgt_out, tf.size(src), tf.size(tgt_in)))
  def batching_func(x):
    return x.padded_batch(batch_size,
        padded_shapes=(tf.TensorShape([None]), tf.TensorShape([None]), tf.TensorShape([None]),
                       tf.TensorShape([]), tf.TensorShape([])),
        padding_values=(src_eos_id, tgt_eos_id, tgt_eos_id, 0, 0))
  batched_dataset = batching_func(src_tgt_dataset)
  batched_iter = batched_dataset.make_initializable_iterator()
  (src_ids, tgt_input_ids, tgt_output_ids, src_seq_len, tgt_seq_len) = batched_iter.get_next()
  return BatchedInput(initializer=batched_iter.initializer, source=src_ids,
                      target_input=tgt_input_ids, target_output=tgt_output_ids,
                      source_sequence_length=src_seq_len, target_sequence_length=tgt_seq_len)

def _single_cell(unit_type, num_units, forget_bias, dropout, mode, residual_connection=False):
  dropout = dropout if mode == 'train' else 0.0
  single_cell = contrib.rnn.BasicLSTMCell(num_units, forget_bias=forget_bias)
  if dropout > 0.0:
    single_cell = contrib.rnn.DropoutWrapper(cell=single_cell, input_keep_prob=(1.0 - dropout))
  if residual_connection:
    single_cell = contrib.rnn.ResidualWrapper(single_cell)
  return single_cell

def create_rnn_cell(unit_type, num_units, num_layers, num_residual_layers, forget_bias, dropout, mode):
  cell_list = [_single_cell(unit_type, num_units, forget_bias, dropout, mode,
                            residual_connection=(i >= num_layers - num_residual_layers))
               for i in range(num_layers)]
  if len(cell_list) == 1:
    return cell_list[0]
  return contrib.rnn.MultiRNNCell(cell_list)

class AttentionModel(object):
  def __init__(self, hparams, mode, iterator, source_vocab_table, target_vocab_table,
               reverse_target_vocab_table=None, scope=None):
    self.iterator = iterator
    self.mode = mode
    self.src_vocab_table = source_vocab_table
    self.tgt_vocab_table = target_vocab_table
    self.time_major = hparams.time_major
    self.dtype = tf.float32
    self.batch_size = tf.size(self.iterator.source_sequence_length)
    initializer = tf.random_uniform_initializer(-0.1, 0.1, seed=hparams.random_seed)
    tf.get_variable_scope().set_initializer(initializer)
    with tf.variable_scope("embeddings", dtype=self.dtype):
      with tf.variable_scope("encoder"):
        self.embedding_encoder = tf.get_variable("embedding_encoder", [hparams.src_vocab_size, hparams.num_units], self.dtype)
      with tf.variable_scope("decoder"):
        self.embedding_decoder = tf.get_variable("embedding_decoder", [hparams.tgt_vocab_size, hparams.num_units], self.dtype)
    with tf.variable_scope(scope or "build_network"):
      with tf.variable_scope("decoder/output_projection"):
        self.output_layer = tf.layers.Dense(hparams.tgt_vocab_size, use_bias=False, name="output_projection")
    res = self.build_graph(hparams, scope=scope)
    if self.mode == 'train':
      self.train_loss = res[1]
      self.word_count = tf.reduce_sum(self.iterator.source_sequence_length) + tf.reduce_sum(
          self.iterator.target_sequence_length)
    elif self.mode == 'infer':
      self.infer_logits, _, self.final_context_state, self.sample_id = res
      self.sample_words = reverse_target_vocab_table.lookup(tf.to_int64(self.sample_id))
    self.global_step = tf.Variable(0, trainable=False)
    params = tf.trainable_variables()
    if self.mode == 'train':
      self.learning_rate = tf.constant(hparams.learning_rate)
      self.learning_rate = self._get_learning_rate_warmup(hparams)
      opt = tf.train.GradientDescentOptimizer(self.learning_rate)
      gradients = tf.gradients(self.train_loss, params, colocate_gradients_with_ops=True)
      clipped_grads, grad_norm = tf.clip_by_global_norm(gradients, hparams.max_gradient_norm)
      self.grad_norm = grad_norm
      self.update = opt.apply_gradients(zip(clipped_grads, params), global_step=self.global_step)
    self.saver = tf.train.Saver(tf.global_variables(), max_to_keep=hparams.num_keep_ckpts)

  def _get_learning_rate_warmup(self, hparams):
    warmup_steps = hparams.warmup_steps
    warmup_factor = tf.exp(tf.log(0.01) / warmup_steps)
    inv_decay = warmup_factor**(tf.to_float(warmup_steps - self.global_step))
    return tf.cond(self.global_step < hparams.warmup_steps,
                   lambda: inv_decay * self.learning_rate, lambda: self.learning_rate,
                   name="learning_rate_warump_cond")

  def build_graph(self, hparams, scope=None):
    with tf.variable_scope(scope or "dynamic_seq2seq", dtype=self.dtype):
      encoder_outputs, encoder_state = self._build_encoder(hparams)
      logits, sample_id, final_context_state = self._build_decoder(encoder_outputs, encoder_state, hparams)
      if self.mode != 'infer':
        loss = self._compute_loss(logits)
      else:
        loss = None
      return logits, loss, final_context_state, sample_id

  def _build_encoder(self, hparams):
    num_layers = hparams.num_encoder_layers
    source = self.iterator.source
    if self.time_major:
      source = tf.transpose(source)
    with tf.variable_scope("encoder") as scope:
      encoder_emb_inp = tf.nn.embedding_lookup(self.embedding_encoder, source)
      num_bi_layers = int(num_layers / 2)
      fw_cell = create_rnn_cell(hparams.unit_type, hparams.num_units, num_bi_layers, 0,
                                hparams.forget_bias, hparams.dropout, self.mode)
      bw_cell = create_rnn_cell(hparams.unit_type, hparams.num_units, num_bi_layers, 0,
                                hparams.forget_bias, hparams.dropout, self.mode)
      bi_outputs, bi_state = tf.nn.bidirectional_dynamic_rnn(
          fw_cell, bw_cell, encoder_emb_inp, dtype=scope.dtype,
          sequence_length=self.iterator.source_sequence_length, time_major=self.time_major,
          swap_memory=True)
      encoder_outputs, bi_encoder_state = tf.concat(bi_outputs, -1), bi_state
      encoder_state = bi_encoder_state
    return encoder_outputs, encoder_state

  def _build_decoder_cell(self, hparams, encoder_outputs, encoder_state, source_sequence_length):
    num_units = hparams.num_units
    beam_width = hparams.beam_width
    dtype = tf.float32
    if self.time_major:
      memory = tf.transpose(encoder_outputs, [1, 0, 2])
    else:
      memory = encoder_outputs
    if self.mode == 'infer' and beam_width > 0:
      memory = contrib.seq2seq.tile_batch(memory, multiplier=beam_width)
      source_sequence_length = contrib.seq2seq.tile_batch(source_sequence_length, multiplier=beam_width)
      encoder_state = contrib.seq2seq.tile_batch(encoder_state, multiplier=beam_width)
      batch_size = self.batch_size * beam_width
    else:
      batch_size = self.batch_size
    attention_mechanism = contrib.seq2seq.LuongAttention(num_units, memory,
        memory_sequence_length=source_sequence_length, scale=True)
    cell = create_rnn_cell(hparams.unit_type, num_units, hparams.num_decoder_layers, 0,
                           hparams.forget_bias, hparams.dropout, self.mode)
    alignment_history = (self.mode == 'infer' and beam_width == 0)
    cell = contrib.seq2seq.AttentionWrapper(cell, attention_mechanism, attention_layer_size=num_units,
        alignment_history=alignment_history, output_attention=hparams.output_attention,
        name="attention")
    if hparams.pass_hidden_state:
      decoder_initial_state = cell.zero_state(batch_size, dtype).clone(cell_state=encoder_state)
    else:
      decoder_initial_state = cell.zero_state(batch_size, dtype)
    return cell, decoder_initial_state

  def _build_decoder(self, encoder_outputs, encoder_state, hparams):
    tgt_sos_id = tf.cast(self.tgt_vocab_table.lookup(tf.constant(hparams.sos)), tf.int32)
    tgt_eos_id = tf.cast(self.tgt_vocab_table.lookup(tf.constant(hparams.eos)), tf.int32)
    iterator = self.iterator
    max_encoder_length = tf.reduce_max(iterator.source_sequence_length)
    maximum_iterations = tf.to_int32(tf.round(tf.to_float(max_encoder_length) * hparams.decoding_length_factor))
    with tf.variable_scope("decoder") as decoder_scope:
      cell, decoder_initial_state = self._build_decoder_cell(
          hparams, encoder_outputs, encoder_state, iterator.source_sequence_length)
      if self.mode != 'infer':
        target_input = iterator.target_input
        if self.time_major:
          target_input = tf.transpose(target_input)
        decoder_emb_inp = tf.nn.embedding_lookup(self.embedding_decoder, target_input)
        helper = contrib.seq2seq.TrainingHelper(decoder_emb_inp, iterator.target_sequence_length,
                                                time_major=self.time_major)
        my_decoder = contrib.seq2seq.BasicDecoder(cell, helper, decoder_initial_state)
        outputs, final_context_state, _ = contrib.seq2seq.dynamic_decode(
            my_decoder, output_time_major=self.time_major, swap_memory=True, scope=decoder_scope)
        sample_id = outputs.sample_id
        logits = self.output_layer(outputs.rnn_output)
      else:
        start_tokens = tf.fill([self.batch_size], tgt_sos_id)
        end_token = tgt_eos_id
        my_decoder = contrib.seq2seq.BeamSearchDecoder(
            cell=cell, embedding=self.embedding_decoder, start_tokens=start_tokens,
            end_token=end_token, initial_state=decoder_initial_state,
            beam_width=hparams.beam_width, output_layer=self.output_layer,
            length_penalty_weight=hparams.length_penalty_weight)
        outputs, final_context_state, _ = contrib.seq2seq.dynamic_decode(
            my_decoder, maximum_iterations=maximum_iterations,
            output_time_major=self.time_major, swap_memory=True, scope=decoder_scope)
        logits = tf.no_op()
        sample_id = outputs.predicted_ids
    return logits, sample_id, final_context_state

  def _compute_loss(self, logits):
    target_output = self.iterator.target_output
    if self.time_major:
      target_output = tf.transpose(target_output)
    max_time = target_output.shape[0].value or tf.shape(target_output)[0]
    crossent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=target_output, logits=logits)
    target_weights = tf.sequence_mask(self.iterator.target_sequence_length, max_time, dtype=logits.dtype)
    if self.time_major:
      target_weights = tf.transpose(target_weights)
    loss = tf.reduce_sum(crossent * target_weights) / tf.to_float(self.batch_size)
    return loss

train_graph = tf.Graph()
with train_graph.as_default():
  src_vocab_table = contrib.lookup.index_table_from_tensor(tf.constant(src_vocab), default_value=0)
  tgt_vocab_table = contrib.lookup.index_table_from_tensor(tf.constant(tgt_vocab), default_value=0)
  src_dataset = tf.data.Dataset.from_tensor_slices(tf.constant(train_src))
  tgt_dataset = tf.data.Dataset.from_tensor_slices(tf.constant(train_tgt))
  iterator = get_iterator(src_dataset, tgt_dataset, src_vocab_table, tgt_vocab_table,
                          batch_size=hparams.batch_size, sos=hparams.sos, eos=hparams.eos,
                          src_max_len=hparams.src_max_len, tgt_max_len=hparams.tgt_max_len)
  train_model = AttentionModel(hparams, 'train', iterator, src_vocab_table, tgt_vocab_table)
train_sess = tf.Session(graph=train_graph)
with train_graph.as_default():
  train_sess.run(tf.global_variables_initializer())
  train_sess.run(tf.tables_initializer())
  fix(train_sess)
  for v in tf.trainable_variables():
    if v.shape.ndims == 0:
      v.load(1.0, train_sess)
train_sess.run(train_model.iterator.initializer)
hist = []
for step in range(7):
  try:
    # nmt fetches the global step beside the update that increments it, which TF's
    # executor orders as it likes: here it is read in a run of its own
    _, loss, lr, norm = train_sess.run([train_model.update, train_model.train_loss,
                                        train_model.learning_rate, train_model.grad_norm])
    hist.append([loss, train_sess.run(train_model.global_step), lr, norm])
  except tf.errors.OutOfRangeError:
    hist.append("epoch")
    train_sess.run(train_model.iterator.initializer)
out["hist"] = LS(hist)
ckpt_path = train_model.saver.save(train_sess, os.path.join(out_dir, "translate.ckpt"),
                                   global_step=train_model.global_step)
out["ckpt"] = os.path.basename(ckpt_path)
out["train_shapes"] = sorted(v.shape.as_list() for v in train_graph.get_collection('trainable_variables'))

infer_graph = tf.Graph()
with infer_graph.as_default():
  src_vocab_table = contrib.lookup.index_table_from_tensor(tf.constant(src_vocab), default_value=0)
  tgt_vocab_table = contrib.lookup.index_table_from_tensor(tf.constant(tgt_vocab), default_value=0)
  reverse_tgt_vocab_table = contrib.lookup.index_to_string_table_from_tensor(
      tf.constant(tgt_vocab), default_value='<unk>')
  src_placeholder = tf.placeholder(shape=[None], dtype=tf.string)
  batch_size_placeholder = tf.placeholder(shape=[], dtype=tf.int64)
  src_dataset = tf.data.Dataset.from_tensor_slices(src_placeholder)
  iterator = get_infer_iterator(src_dataset, src_vocab_table, batch_size=batch_size_placeholder,
                                eos=hparams.eos, src_max_len=None)
  infer_model = AttentionModel(hparams, 'infer', iterator, src_vocab_table, tgt_vocab_table,
                               reverse_target_vocab_table=reverse_tgt_vocab_table)
infer_sess = tf.Session(graph=infer_graph)
with infer_graph.as_default():
  latest = tf.train.latest_checkpoint(out_dir)
  infer_model.saver.restore(infer_sess, latest)
  infer_sess.run(tf.tables_initializer())
  infer_sess.run(infer_model.iterator.initializer,
                 feed_dict={src_placeholder: infer_src, batch_size_placeholder: 2})
  sample_words, sample_id, final_state = infer_sess.run(
      [infer_model.sample_words, infer_model.sample_id, infer_model.final_context_state])
  sample_words = sample_words.transpose()
out["restored_step"] = L(infer_sess.run(infer_model.global_step))
out["beams"] = L(sample_words.astype(str))
out["sample_id_shape"] = list(sample_id.shape)
out["final_log_probs"] = L(final_state.log_probs)
out["final_lengths"] = L(final_state.lengths)
""",
}


def contrib_for_tf2(tf):
    """tf1_models8's contrib, with TF 1.15's contrib.framework (tf_slim keeps its global
    step, variable getters and assign_from_checkpoint_fn), contrib.data (TF 1.2-1.3's
    home of tf.data), contrib.lookup's index_to_string_table_from_tensor (which lives on
    in lookup_ops), contrib.rnn's RNNCell (tf.nn.rnn_cell's), a contrib.seq2seq
    dynamic_decode that takes TF 1.15's `parallel_iterations`, `swap_memory` and `scope`
    (Addons runs the loop as TF 1.15 did; the scope the programs pass is the one they are
    in) and a BeamSearchDecoder whose cell's variables are named as BasicDecoder's."""
    from types import SimpleNamespace

    import tf_slim
    from tensorflow.python.ops import lookup_ops

    contrib = tf1_models8.contrib_for_tf2(tf)
    framework = SimpleNamespace(
        **{
            name: getattr(tf_slim, name)
            for name in (
                "get_or_create_global_step",
                "get_global_step",
                "get_variables",
                "get_variables_to_restore",
                "assign_from_checkpoint_fn",
                "arg_scope",
                "add_arg_scope",
                "model_variable",
            )
        }
    )
    data = SimpleNamespace(
        Dataset=tf.data.Dataset,
        Iterator=tf.data.Iterator,
        map_and_batch=tf.data.experimental.map_and_batch,
    )
    lookup = SimpleNamespace(
        **dict(
            vars(contrib.lookup),
            index_to_string_table_from_tensor=lookup_ops.index_to_string_table_from_tensor,
        )
    )
    decode = contrib.seq2seq.dynamic_decode

    def dynamic_decode(
        decoder,
        output_time_major=False,
        impute_finished=False,
        maximum_iterations=None,
        parallel_iterations=32,
        swap_memory=False,
        scope=None,
    ):
        return decode(decoder, output_time_major, impute_finished, maximum_iterations)

    beam_search_decoder = contrib.seq2seq.BeamSearchDecoder

    def BeamSearchDecoder(cell, *args, **kwargs):
        made = beam_search_decoder(_TF1Cell(cell), *args, **kwargs)
        step = made.decoder.step

        def step_in_the_loops_scope(time, inputs, state, training=None, name=None):
            # Addons' beam search steps in a name scope of its own, which the cell's
            # variables would carry; TF 1.15's (and Addons' BasicDecoder) step in the loop's.
            here = tf.compat.v1.get_default_graph().get_name_scope()
            return step(time, inputs, state, training=training, name=here + "/")

        made.decoder.step = step_in_the_loops_scope
        return made

    seq2seq = SimpleNamespace(
        **dict(
            vars(contrib.seq2seq),
            dynamic_decode=dynamic_decode,
            BeamSearchDecoder=BeamSearchDecoder,
        )
    )
    rnn = SimpleNamespace(**dict(vars(contrib.rnn), RNNCell=tf.nn.rnn_cell.RNNCell))
    return SimpleNamespace(
        **dict(
            vars(contrib),
            framework=framework,
            data=data,
            lookup=lookup,
            seq2seq=seq2seq,
            rnn=rnn,
        )
    )


def _TF1Cell(cell):
    """`cell` as the Keras layer Addons' BeamSearchDecoder steps, called without Keras'
    `training` argument, which TF1 cells (the MultiRNNCell under tensorflow/nmt's
    AttentionWrapper) do not take (tf1_models' BasicDecoder wraps its cells alike)."""
    import tf_keras

    class TF1Cell(tf_keras.layers.Layer):
        def __init__(self, cell):
            super().__init__()
            self._cell = cell
            self.output_size = cell.output_size
            self.state_size = cell.state_size

        def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
            return self._cell.zero_state(batch_size, dtype)

        def call(self, inputs, state, training=None):
            return self._cell(inputs, state)

    return TF1Cell(cell)


def main(names: list[str]) -> None:
    tf = harness.import_tf1(legacy_keras=True)
    chosen = {n: PROGRAMS[n] for n in names} if names else PROGRAMS
    results = harness.run_programs(tf, chosen, PRELUDE, CONTRIB=contrib_for_tf2(tf))
    harness.dump({"tensorflow": tf.__version__, "programs": results})


if __name__ == "__main__":
    main(sys.argv[1:])
