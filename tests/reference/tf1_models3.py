"""Record what TensorFlow computes for a third round of famous TF1 code bases, at tiny
sizes (dev-only).

    PYTHONPATH=/tmp/tf1ex6_site TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python \
        tests/reference/tf1_models3.py > tests/unit/engine/fixtures/tf1_models3.json

(/tmp/tf1ex6_site as tests/reference/tf1_models.py says; `python tf1_models3.py NAME...`
prints only the named programs, for development.)

Re-typed at tiny sizes, each in its code base's own TF1 spellings, code bases the earlier
rounds leave out: google-research/albert (`albert_`: factorized embeddings, one shared
layer under `AUTO_REUSE`, einsum projections, the LAMB optimizer), google-research/electra
(`electra_`: Gumbel sampling of the generator, replaced-token detection), abisee's
pointer-generator (`pgen_`: coverage attention, the extended-vocabulary distribution by
`scatter_nd`), allenai's bi-att-flow and NLPLearn's QANet (`bidaf_`, `qanet_`), PetarV2's
GAT (`gat_`: dense and sparse attention heads), ChenglongChen's DeepFM and
zhougr1993's Deep Interest Network (`deepfm_`, `din_`), google/dopamine (`dopamine_`:
C51's projection, IQN's quantile Huber loss), deepmind/scalable_agent's V-trace
(`impala_`), openai/spinningup (`spinup_`: SAC, TD3, TRPO's Hessian-vector products),
tkarras' progressive GAN and NVlabs' StyleGAN2 (`pggan_`, `stylegan_`: equalized learning
rates, minibatch stddev, WGAN-GP, modulated convolutions, the path length penalty, which
differentiate gradients), taki0112's SAGAN and DenseNet/SENet/ResNeXt (`sagan_`,
`taki_`), openai/improved-gan (`improvedgan_`), tensorflow/tpu's EfficientNet and
RetinaNet (`effnet_`, `retina_`), a ShuffleNet (`shufflenet_`), argman's EAST (`east_`),
auroua's InsightFace ArcFace loss (`arcface_`), deepmind/neural-processes (`np_`),
deepmind/learning-to-learn (`l2l_`), deepmind/graph_nets (`graphnets_`) and carpedm20's
PixelCNN (`pixelcnn_`). No data comes from the internet: inputs are small seeded arrays;
initial values are seeded (`tf.set_random_seed`) or explicit. Where a code base's graph
leaves TF's executor an order to choose, the program is arranged, and says how, so that
TF's answer is one. progressive GAN and StyleGAN run NCHW convolutions on GPUs; TF's CPU
kernels refuse NCHW, so the programs spell them NHWC.

The prelude is tf1_models2's (`slim`, `contrib`, `R`, `fix`, `rand`) and `RS`, which
stores a fetched structure (lists, dicts) as `R` stores one tensor. Each program stores
what it observed in `out[...]`; `tests/unit/engine/test_tf1_models3.py` runs the same text
against graphgate and compares.
"""

from __future__ import annotations

import sys

try:
    from tests.reference import harness, tf1_models, tf1_models2
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness
    import tf1_models
    import tf1_models2


PRELUDE = (
    tf1_models2.PRELUDE
    + r"""
def LS(v):
    if isinstance(v, (list, tuple)):
        return [LS(x) for x in v]
    if isinstance(v, dict):
        return {k: LS(x) for k, x in sorted(v.items())}
    return L(v)
def RS(d, feed=None, sess=None):
    for k, v in (sess or tf.Session()).run(d, feed).items():
        out[k] = LS(v)
"""
)

NLP_PROGRAMS = {
    # google-research/albert modeling.py: embedding_lookup into embedding_size, then
    # embedding_hidden_mapping_in; dense_layer_3d/2d as einsums; every layer the one
    # "group_0/inner_group_0" under variable_scope(..., reuse=tf.AUTO_REUSE); the pooler and
    # run_pretraining's sentence-order head.
    "albert_factorized_embeddings_shared_layers": r"""
import math as _m

def create_initializer(initializer_range=0.02):
  return tf.truncated_normal_initializer(stddev=initializer_range)

def gelu(x):
  cdf = 0.5 * (1.0 + tf.tanh((np.sqrt(2 / np.pi) * (x + 0.044715 * tf.pow(x, 3)))))
  return x * cdf

def layer_norm(input_tensor, name=None):
  return contrib.layers.layer_norm(inputs=input_tensor, begin_norm_axis=-1,
                                   begin_params_axis=-1, scope=name)

def get_shape_list(tensor):
  shape = tensor.shape.as_list()
  non_static = [i for i, d in enumerate(shape) if d is None]
  if not non_static:
    return shape
  dyn = tf.shape(tensor)
  for i in non_static:
    shape[i] = dyn[i]
  return shape

def embedding_lookup(input_ids, vocab_size, embedding_size=128, initializer_range=0.02,
                     word_embedding_name="word_embeddings"):
  if input_ids.shape.ndims == 2:
    input_ids = tf.expand_dims(input_ids, axis=[-1])
  embedding_table = tf.get_variable(name=word_embedding_name, shape=[vocab_size, embedding_size],
                                    initializer=create_initializer(initializer_range))
  output = tf.nn.embedding_lookup(embedding_table, input_ids)
  input_shape = get_shape_list(input_ids)
  output = tf.reshape(output, input_shape[0:-1] + [input_shape[-1] * embedding_size])
  return (output, embedding_table)

def embedding_postprocessor(input_tensor, token_type_ids, token_type_vocab_size=2,
                            max_position_embeddings=16, initializer_range=0.02):
  input_shape = get_shape_list(input_tensor)
  batch_size, seq_length, width = input_shape
  output = input_tensor
  token_type_table = tf.get_variable(name="token_type_embeddings",
      shape=[token_type_vocab_size, width], initializer=create_initializer(initializer_range))
  flat_token_type_ids = tf.reshape(token_type_ids, [-1])
  one_hot_ids = tf.one_hot(flat_token_type_ids, depth=token_type_vocab_size)
  token_type_embeddings = tf.matmul(one_hot_ids, token_type_table)
  output += tf.reshape(token_type_embeddings, [batch_size, seq_length, width])
  full_position_embeddings = tf.get_variable(name="position_embeddings",
      shape=[max_position_embeddings, width], initializer=create_initializer(initializer_range))
  position_embeddings = tf.slice(full_position_embeddings, [0, 0], [seq_length, -1])
  output += tf.expand_dims(position_embeddings, 0)
  return layer_norm(output, name="LayerNorm")

def dense_layer_3d(input_tensor, num_attention_heads, head_size, initializer, activation, name=None):
  hidden_size = num_attention_heads * head_size
  with tf.variable_scope(name):
    w = tf.get_variable(name="kernel", shape=[hidden_size, hidden_size], initializer=initializer)
    w = tf.reshape(w, [hidden_size, num_attention_heads, head_size])
    b = tf.get_variable(name="bias", shape=[num_attention_heads * head_size],
                        initializer=tf.zeros_initializer)
    b = tf.reshape(b, [num_attention_heads, head_size])
    ret = tf.einsum("BFH,HND->BFND", input_tensor, w)
    ret += b
  return activation(ret) if activation is not None else ret

def dense_layer_3d_proj(input_tensor, hidden_size, head_size, initializer, activation, name=None):
  input_shape = get_shape_list(input_tensor)
  num_attention_heads = input_shape[2]
  with tf.variable_scope(name):
    w = tf.get_variable(name="kernel", shape=[num_attention_heads * head_size, hidden_size],
                        initializer=initializer)
    w = tf.reshape(w, [num_attention_heads, head_size, hidden_size])
    b = tf.get_variable(name="bias", shape=[hidden_size], initializer=tf.zeros_initializer)
    ret = tf.einsum("BFND,NDH->BFH", input_tensor, w)
    ret += b
  return activation(ret) if activation is not None else ret

def dense_layer_2d(input_tensor, output_size, initializer, activation, num_attention_heads=1,
                   name=None):
  del num_attention_heads
  last_dim = get_shape_list(input_tensor)[-1]
  with tf.variable_scope(name):
    w = tf.get_variable(name="kernel", shape=[last_dim, output_size], initializer=initializer)
    b = tf.get_variable(name="bias", shape=[output_size], initializer=tf.zeros_initializer)
    ret = tf.einsum("BFH,HO->BFO", input_tensor, w)
    ret += b
  return activation(ret) if activation is not None else ret

def dot_product_attention(q, k, v, bias):
  logits = tf.matmul(q, k, transpose_b=True)
  logits = tf.multiply(logits, 1.0 / _m.sqrt(float(get_shape_list(q)[-1])))
  if bias is not None:
    from_shape = get_shape_list(q)
    broadcast_ones = tf.ones([from_shape[0], 1, from_shape[2], 1], tf.float32)
    bias = tf.matmul(broadcast_ones, tf.cast(bias, tf.float32), transpose_b=True)
    adder = (1.0 - bias) * -10000.0
    logits += adder
  attention_probs = tf.nn.softmax(logits, name="attention_probs")
  return tf.matmul(attention_probs, v)

def attention_layer(from_tensor, to_tensor, attention_mask, num_attention_heads, size_per_head):
  q = dense_layer_3d(from_tensor, num_attention_heads, size_per_head, create_initializer(), None, "query")
  k = dense_layer_3d(to_tensor, num_attention_heads, size_per_head, create_initializer(), None, "key")
  v = dense_layer_3d(to_tensor, num_attention_heads, size_per_head, create_initializer(), None, "value")
  q = tf.transpose(q, [0, 2, 1, 3])
  k = tf.transpose(k, [0, 2, 1, 3])
  v = tf.transpose(v, [0, 2, 1, 3])
  if attention_mask is not None:
    attention_mask = tf.reshape(attention_mask, [-1, 1, get_shape_list(attention_mask)[1], 1])
  new_embeddings = dot_product_attention(q, k, v, attention_mask)
  return tf.transpose(new_embeddings, [0, 2, 1, 3])

def attention_ffn_block(layer_input, hidden_size, attention_mask, num_attention_heads,
                        intermediate_size, intermediate_act_fn):
  with tf.variable_scope("attention_1"):
    with tf.variable_scope("self"):
      attention_output = attention_layer(layer_input, layer_input, attention_mask,
                                         num_attention_heads, hidden_size // num_attention_heads)
    with tf.variable_scope("output"):
      attention_output = dense_layer_3d_proj(attention_output, hidden_size,
          hidden_size // num_attention_heads, create_initializer(), None, name="dense")
  attention_output = layer_norm(attention_output + layer_input)
  with tf.variable_scope("ffn_1"):
    with tf.variable_scope("intermediate"):
      intermediate_output = dense_layer_2d(attention_output, intermediate_size,
                                           create_initializer(), intermediate_act_fn, name="dense")
      with tf.variable_scope("output"):
        ffn_output = dense_layer_2d(intermediate_output, hidden_size, create_initializer(),
                                    None, name="dense")
    ffn_output = layer_norm(ffn_output + attention_output)
  return ffn_output

def transformer_model(input_tensor, attention_mask, hidden_size, num_hidden_layers,
                      num_hidden_groups, num_attention_heads, intermediate_size, inner_group_num=1):
  input_width = get_shape_list(input_tensor)[2]
  all_layer_outputs = []
  if input_width != hidden_size:
    prev_output = dense_layer_2d(input_tensor, hidden_size, create_initializer(), None,
                                 name="embedding_hidden_mapping_in")
  else:
    prev_output = input_tensor
  with tf.variable_scope("transformer", reuse=tf.AUTO_REUSE):
    for layer_idx in range(num_hidden_layers):
      group_idx = int(layer_idx / num_hidden_layers * num_hidden_groups)
      with tf.variable_scope("group_%d" % group_idx):
        with tf.name_scope("layer_%d" % layer_idx):
          layer_output = prev_output
          for inner_group_idx in range(inner_group_num):
            with tf.variable_scope("inner_group_%d" % inner_group_idx):
              layer_output = attention_ffn_block(layer_output, hidden_size, attention_mask,
                  num_attention_heads, intermediate_size, gelu)
              prev_output = layer_output
              all_layer_outputs.append(layer_output)
  return all_layer_outputs

tf.set_random_seed(41)
ids_np = np.array([[2, 5, 7, 9, 0, 0], [2, 11, 19, 4, 6, 3]], np.int32)
input_ids = tf.placeholder(tf.int32, [None, 6])
input_mask = tf.cast(input_ids > 0, tf.int32)
token_type_ids = tf.constant([[0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 1, 1]], tf.int32)
with tf.variable_scope("bert"):
  with tf.variable_scope("embeddings"):
    (word_out, embedding_table) = embedding_lookup(input_ids, 24, 8)
    emb = embedding_postprocessor(word_out, token_type_ids)
  with tf.variable_scope("encoder"):
    layers = transformer_model(emb, input_mask, hidden_size=16, num_hidden_layers=3,
                               num_hidden_groups=1, num_attention_heads=2, intermediate_size=32)
  sequence_output = layers[-1]
  with tf.variable_scope("pooler"):
    first_token_tensor = tf.squeeze(sequence_output[:, 0:1, :], axis=1)
    pooled = tf.layers.dense(first_token_tensor, 16, activation=tf.tanh,
                             kernel_initializer=create_initializer())
with tf.variable_scope("cls/seq_relationship"):
  output_weights = tf.get_variable("output_weights", shape=[2, 16], initializer=create_initializer())
  output_bias = tf.get_variable("output_bias", shape=[2], initializer=tf.zeros_initializer())
  logits = tf.nn.bias_add(tf.matmul(pooled, output_weights, transpose_b=True), output_bias)
  log_probs = tf.nn.log_softmax(logits, axis=-1)
  one_hot_labels = tf.one_hot([1, 0], depth=2, dtype=tf.float32)
  sop_loss = tf.reduce_mean(-tf.reduce_sum(one_hot_labels * log_probs, axis=-1))
out["variables"] = [(v.op.name, v.shape.as_list()) for v in tf.trainable_variables()]
out["einsum_shape"] = layers[0].shape.as_list()
grads = tf.gradients(sop_loss, [embedding_table, tf.trainable_variables()[5]])
sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
R({"seq": sequence_output, "layer0": layers[0][1], "pooled": pooled, "sop_loss": sop_loss,
   "g_table": tf.convert_to_tensor(grads[0]), "g_shared": grads[1]}, feed={input_ids: ids_np}, sess=sess)
""",
    # google-research/albert lamb_optimizer.py (its AdamWeightDecay with the trust ratio
    # ||w|| / ||update|| where both are positive), over a tiny regression; LayerNorm and bias
    # excluded from weight decay by re.search, as run_pretraining passes them.
    "albert_lamb_optimizer_trust_ratio": r"""
import re
import six

class LAMBOptimizer(tf.train.Optimizer):
  def __init__(self, learning_rate, weight_decay_rate=0.0, beta_1=0.9, beta_2=0.999,
               epsilon=1e-6, exclude_from_weight_decay=None, exclude_from_layer_adaptation=None,
               name="LAMBOptimizer"):
    super(LAMBOptimizer, self).__init__(False, name)
    self.learning_rate = learning_rate
    self.weight_decay_rate = weight_decay_rate
    self.beta_1 = beta_1
    self.beta_2 = beta_2
    self.epsilon = epsilon
    self.exclude_from_weight_decay = exclude_from_weight_decay
    if exclude_from_layer_adaptation:
      self.exclude_from_layer_adaptation = exclude_from_layer_adaptation
    else:
      self.exclude_from_layer_adaptation = exclude_from_weight_decay

  def apply_gradients(self, grads_and_vars, global_step=None, name=None):
    assignments = []
    for (grad, param) in grads_and_vars:
      if grad is None or param is None:
        continue
      param_name = self._get_variable_name(param.name)
      m = tf.get_variable(name=six.ensure_str(param_name) + "/adam_m", shape=param.shape.as_list(),
                          dtype=tf.float32, trainable=False, initializer=tf.zeros_initializer())
      v = tf.get_variable(name=six.ensure_str(param_name) + "/adam_v", shape=param.shape.as_list(),
                          dtype=tf.float32, trainable=False, initializer=tf.zeros_initializer())
      next_m = (tf.multiply(self.beta_1, m) + tf.multiply(1.0 - self.beta_1, grad))
      next_v = (tf.multiply(self.beta_2, v) + tf.multiply(1.0 - self.beta_2, tf.square(grad)))
      update = next_m / (tf.sqrt(next_v) + self.epsilon)
      if self._do_use_weight_decay(param_name):
        update += self.weight_decay_rate * param
      ratio = 1.0
      if self._do_layer_adaptation(param_name):
        w_norm = tf.norm(param, ord=2)
        g_norm = tf.norm(update, ord=2)
        ratio = tf.where(tf.greater(w_norm, 0),
                         tf.where(tf.greater(g_norm, 0), (w_norm / g_norm), 1.0), 1.0)
      update_with_lr = ratio * self.learning_rate * update
      next_param = param - update_with_lr
      assignments.extend([param.assign(next_param), m.assign(next_m), v.assign(next_v)])
    return tf.group(*assignments, name=name)

  def _do_use_weight_decay(self, param_name):
    if not self.weight_decay_rate:
      return False
    if self.exclude_from_weight_decay:
      for r in self.exclude_from_weight_decay:
        if re.search(r, param_name) is not None:
          return False
    return True

  def _do_layer_adaptation(self, param_name):
    if self.exclude_from_layer_adaptation:
      for r in self.exclude_from_layer_adaptation:
        if re.search(r, param_name) is not None:
          return False
    return True

  def _get_variable_name(self, param_name):
    m = re.match("^(.*):\\d+$", six.ensure_str(param_name))
    if m is not None:
      param_name = m.group(1)
    return param_name

tf.set_random_seed(7)
x = tf.constant(rand(1, 8, 5))
y = tf.constant(rand(2, 8, 1))
with tf.variable_scope("model"):
  h = tf.layers.dense(x, 6, activation=tf.nn.relu, name="dense")
  h = contrib.layers.layer_norm(h, scope="LayerNorm")
  pred = tf.layers.dense(h, 1, name="out")
loss = tf.reduce_mean(tf.square(pred - y))
global_step = tf.train.get_or_create_global_step()
learning_rate = tf.train.polynomial_decay(tf.constant(0.05), global_step, 10, end_learning_rate=0.0,
                                          power=1.0, cycle=False)
optimizer = LAMBOptimizer(learning_rate=learning_rate, weight_decay_rate=0.01,
                          exclude_from_weight_decay=["LayerNorm", "layer_norm", "bias"])
tvars = tf.trainable_variables()
grads = tf.gradients(loss, tvars)
(grads, _) = tf.clip_by_global_norm(grads, clip_norm=1.0)
train_op = optimizer.apply_gradients(list(zip(grads, tvars)), global_step=global_step)
new_global_step = global_step + 1
# optimization.py groups the step's assign beside the update that reads the step (through
# the learning rate): TF's executor may run either first, so here the step follows it.
with tf.control_dependencies([train_op]):
  train_op = global_step.assign(new_global_step)
out["slots"] = sorted(v.op.name for v in tf.global_variables() if "adam" in v.op.name)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
losses = []
for _ in range(4):
  losses.append(sess.run(loss))
  sess.run(train_op)
out["losses"] = L(losses)
R({"final": loss, "kernel": tvars[0], "ln_gamma": tvars[2], "step": global_step}, sess=sess)
""",
    # google-research/electra pretrain_helpers.py and run_pretraining.py: the generator's
    # logits sampled by argmax over Gumbel noise (seeded uniform), scatter_update of the
    # sampled ids into the masked positions, the discriminator's sigmoid loss weighted by
    # the input mask, and the summed objective's gradients.
    "electra_gumbel_sampling_replaced_token_detection": r"""
def gather_positions(sequence, positions):
  shape = sequence.shape.as_list()
  if len(shape) == 2:
    sequence = tf.expand_dims(sequence, -1)
  batch_size, seq_length, depth = sequence.shape.as_list()
  position_shift = tf.expand_dims(seq_length * tf.range(batch_size), -1)
  flat_positions = tf.reshape(positions + position_shift, [-1])
  flat_sequence = tf.reshape(sequence, [batch_size * seq_length, depth])
  gathered = tf.gather(flat_sequence, flat_positions)
  if len(shape) == 2:
    return tf.reshape(gathered, [batch_size, -1])
  return tf.reshape(gathered, [batch_size, -1, depth])

def scatter_update(sequence, updates, positions):
  shape = sequence.shape.as_list()
  depth_dimension = (len(shape) == 3)
  if depth_dimension:
    B, L, D = shape
  else:
    B, L = shape
    D = 1
    sequence = tf.expand_dims(sequence, -1)
  N = positions.shape.as_list()[1]
  shift = tf.expand_dims(L * tf.range(B), -1)
  flat_positions = tf.reshape(positions + shift, [-1, 1])
  flat_updates = tf.reshape(updates, [-1, D])
  updates = tf.scatter_nd(flat_positions, flat_updates, [B * L, D])
  updates = tf.reshape(updates, [B, L, D])
  flat_updates_mask = tf.ones([B * N], tf.int32)
  updates_mask = tf.scatter_nd(flat_positions, flat_updates_mask, [B * L])
  updates_mask = tf.reshape(updates_mask, [B, L])
  not_first_token = tf.concat([tf.zeros((B, 1), tf.int32), tf.ones((B, L - 1), tf.int32)], -1)
  updates_mask *= not_first_token
  updates_mask_3d = tf.expand_dims(updates_mask, -1)
  if sequence.dtype == tf.float32:
    updates_mask_3d = tf.cast(updates_mask_3d, tf.float32)
    updates /= tf.maximum(1.0, updates_mask_3d)
  else:
    updates //= tf.maximum(1, updates_mask_3d)
  updated_sequence = (((1 - updates_mask_3d) * sequence) + (updates_mask_3d * updates))
  if not depth_dimension:
    updated_sequence = tf.squeeze(updated_sequence, -1)
  return updated_sequence, updates_mask

def sample_from_softmax(logits, disallow=None):
  if disallow is not None:
    logits -= 1000.0 * disallow
  uniform_noise = tf.random.uniform(tf.shape(logits), minval=0, maxval=1, seed=3)
  gumbel_noise = -tf.log(-tf.log(uniform_noise + 1e-9) + 1e-9)
  return tf.one_hot(tf.argmax(tf.nn.softmax(logits + gumbel_noise), -1, output_type=tf.int32),
                    logits.shape[-1])

tf.set_random_seed(5)
V, B, T, N, H = 12, 2, 6, 2, 8
input_ids = tf.constant([[1, 4, 5, 6, 7, 2], [1, 8, 9, 3, 0, 0]], tf.int32)
input_mask = tf.constant([[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0]], tf.int32)
masked_lm_positions = tf.constant([[2, 4], [1, 3]], tf.int32)
masked_lm_ids = gather_positions(input_ids, masked_lm_positions)
masked_input, _ = scatter_update(input_ids, tf.fill([B, N], 3), masked_lm_positions)
embeddings = tf.get_variable("embeddings", [V, H])
with tf.variable_scope("generator"):
  gen_h = tf.layers.dense(tf.nn.embedding_lookup(embeddings, masked_input), H, activation=tf.tanh)
  relevant = gather_positions(gen_h, masked_lm_positions)
  logits = tf.matmul(relevant, embeddings, transpose_b=True)
  logits = tf.nn.bias_add(logits, tf.get_variable("output_bias", [V], initializer=tf.zeros_initializer()))
  oh_labels = tf.one_hot(masked_lm_ids, depth=V, dtype=tf.float32)
  log_probs = tf.nn.log_softmax(logits)
  mlm_loss = tf.reduce_mean(-tf.reduce_sum(log_probs * oh_labels, axis=-1))
  sampled_tokens = tf.stop_gradient(sample_from_softmax(logits / 1.0))
sampled_tokids = tf.argmax(sampled_tokens, -1, output_type=tf.int32)
updated_input_ids, masked = scatter_update(input_ids, sampled_tokids, masked_lm_positions)
labels = masked * (1 - tf.cast(tf.equal(updated_input_ids, input_ids), tf.int32))
with tf.variable_scope("discriminator"):
  disc_h = tf.layers.dense(tf.nn.embedding_lookup(embeddings, updated_input_ids), H, activation=tf.tanh)
  disc_logits = tf.squeeze(tf.layers.dense(disc_h, 1), -1)
  weights = tf.cast(input_mask, tf.float32)
  labelsf = tf.cast(labels, tf.float32)
  losses = tf.nn.sigmoid_cross_entropy_with_logits(logits=disc_logits, labels=labelsf) * weights
  per_example_loss = (tf.reduce_sum(losses, axis=-1) / (1e-6 + tf.reduce_sum(weights, axis=-1)))
  disc_loss = tf.reduce_sum(losses) / (1e-6 + tf.reduce_sum(weights))
  probs = tf.nn.sigmoid(disc_logits)
  preds = tf.cast(tf.round((tf.sign(disc_logits) + 1) / 2), tf.int32)
total_loss = 1.0 * mlm_loss + 50.0 * disc_loss
g = tf.gradients(total_loss, embeddings)[0]
sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
RS({"masked_input": masked_input, "masked_lm_ids": masked_lm_ids,
   "all": [sampled_tokids, updated_input_ids, labels, disc_loss, per_example_loss, preds, probs,
           total_loss, g]}, sess=sess)
""",
    # abisee/pointer-generator attention_decoder.py and model.py: coverage features by a 1x1
    # conv2d, the masked attention renormalized, p_gen, the final distribution over the
    # extended vocabulary by scatter_nd, the coverage loss, Adagrad with
    # initial_accumulator_value and clip_by_global_norm, two steps.
    "pgen_coverage_attention_final_dist": r"""
def linear(args, output_size, bias, bias_start=0.0, scope=None):
  if not isinstance(args, (list, tuple)):
    args = [args]
  total_arg_size = sum(a.get_shape().as_list()[1] for a in args)
  with tf.variable_scope(scope or "Linear"):
    matrix = tf.get_variable("Matrix", [total_arg_size, output_size])
    res = tf.matmul(args[0], matrix) if len(args) == 1 else tf.matmul(tf.concat(axis=1, values=args), matrix)
    if not bias:
      return res
    bias_term = tf.get_variable("Bias", [output_size], initializer=tf.constant_initializer(bias_start))
  return res + bias_term

def attention_decoder(decoder_inputs, initial_state, encoder_states, enc_padding_mask, cell,
                      initial_state_attention=False, use_coverage=False, prev_coverage=None):
  with tf.variable_scope("attention_decoder") as scope:
    batch_size = encoder_states.get_shape()[0].value
    attn_size = encoder_states.get_shape()[2].value
    encoder_states = tf.expand_dims(encoder_states, axis=2)
    attention_vec_size = attn_size
    W_h = tf.get_variable("W_h", [1, 1, attn_size, attention_vec_size])
    encoder_features = tf.nn.conv2d(encoder_states, W_h, [1, 1, 1, 1], "SAME")
    v = tf.get_variable("v", [attention_vec_size])
    if use_coverage:
      with tf.variable_scope("coverage"):
        w_c = tf.get_variable("w_c", [1, 1, 1, attention_vec_size])
    if prev_coverage is not None:
      prev_coverage = tf.expand_dims(tf.expand_dims(prev_coverage, 2), 3)

    def attention(decoder_state, coverage=None):
      with tf.variable_scope("Attention"):
        decoder_features = linear(decoder_state, attention_vec_size, True)
        decoder_features = tf.expand_dims(tf.expand_dims(decoder_features, 1), 1)

        def masked_attention(e):
          attn_dist = tf.nn.softmax(e)
          attn_dist *= enc_padding_mask
          masked_sums = tf.reduce_sum(attn_dist, axis=1)
          return attn_dist / tf.reshape(masked_sums, [-1, 1])

        if use_coverage and coverage is not None:
          coverage_features = tf.nn.conv2d(coverage, w_c, [1, 1, 1, 1], "SAME")
          e = tf.reduce_sum(v * tf.tanh(encoder_features + decoder_features + coverage_features), [2, 3])
          attn_dist = masked_attention(e)
          coverage += tf.reshape(attn_dist, [batch_size, -1, 1, 1])
        else:
          e = tf.reduce_sum(v * tf.tanh(encoder_features + decoder_features), [2, 3])
          attn_dist = masked_attention(e)
          if use_coverage:
            coverage = tf.expand_dims(tf.expand_dims(attn_dist, 2), 2)
        context_vector = tf.reduce_sum(tf.reshape(attn_dist, [batch_size, -1, 1, 1]) * encoder_states, [1, 2])
        context_vector = tf.reshape(context_vector, [-1, attn_size])
      return context_vector, attn_dist, coverage

    outputs, attn_dists, p_gens = [], [], []
    state = initial_state
    coverage = prev_coverage
    context_vector = tf.zeros([batch_size, attn_size])
    context_vector.set_shape([None, attn_size])
    if initial_state_attention:
      context_vector, _, coverage = attention(initial_state, coverage)
    for i, inp in enumerate(decoder_inputs):
      if i > 0:
        tf.get_variable_scope().reuse_variables()
      input_size = inp.get_shape().with_rank(2)[1]
      x = linear([inp] + [context_vector], input_size, True)
      cell_output, state = cell(x, state)
      if i == 0 and initial_state_attention:
        with tf.variable_scope(tf.get_variable_scope(), reuse=True):
          context_vector, attn_dist, _ = attention(state, coverage)
      else:
        context_vector, attn_dist, coverage = attention(state, coverage)
      attn_dists.append(attn_dist)
      with tf.variable_scope('calculate_pgen'):
        p_gen = linear([context_vector, state.c, state.h, x], 1, True)
        p_gen = tf.sigmoid(p_gen)
        p_gens.append(p_gen)
      with tf.variable_scope("AttnOutputProjection"):
        output = linear([cell_output] + [context_vector], cell.output_size, True)
      outputs.append(output)
    if coverage is not None:
      coverage = tf.reshape(coverage, [batch_size, -1])
    return outputs, state, attn_dists, p_gens, coverage

def _mask_and_avg(values, padding_mask):
  dec_lens = tf.reduce_sum(padding_mask, axis=1)
  values_per_step = [v * padding_mask[:, dec_step] for dec_step, v in enumerate(values)]
  values_per_ex = sum(values_per_step) / dec_lens
  return tf.reduce_mean(values_per_ex)

def _coverage_loss(attn_dists, padding_mask):
  coverage = tf.zeros_like(attn_dists[0])
  covlosses = []
  for a in attn_dists:
    covloss = tf.reduce_sum(tf.minimum(a, coverage), [1])
    covlosses.append(covloss)
    coverage += a
  return _mask_and_avg(covlosses, padding_mask)

tf.set_random_seed(11)
batch_size, enc_len, dec_len, vsize, emb_dim, hidden_dim, max_oovs = 2, 5, 3, 9, 4, 6, 2
enc_batch = tf.placeholder(tf.int32, [batch_size, None], name='enc_batch')
enc_lens = tf.placeholder(tf.int32, [batch_size], name='enc_lens')
enc_padding_mask = tf.placeholder(tf.float32, [batch_size, None], name='enc_padding_mask')
enc_batch_extend_vocab = tf.placeholder(tf.int32, [batch_size, None], name='enc_batch_extend_vocab')
dec_batch = tf.placeholder(tf.int32, [batch_size, dec_len], name='dec_batch')
target_batch = tf.placeholder(tf.int32, [batch_size, dec_len], name='target_batch')
dec_padding_mask = tf.placeholder(tf.float32, [batch_size, dec_len], name='dec_padding_mask')
with tf.variable_scope('seq2seq'):
  rand_unif_init = tf.random_uniform_initializer(-0.02, 0.02, seed=123)
  trunc_norm_init = tf.truncated_normal_initializer(stddev=1e-4 * 1000)
  with tf.variable_scope('embedding'):
    embedding = tf.get_variable('embedding', [vsize, emb_dim], dtype=tf.float32, initializer=trunc_norm_init)
    emb_enc_inputs = tf.nn.embedding_lookup(embedding, enc_batch)
    emb_dec_inputs = [tf.nn.embedding_lookup(embedding, x) for x in tf.unstack(dec_batch, axis=1)]
  with tf.variable_scope('encoder'):
    cell_fw = tf.nn.rnn_cell.LSTMCell(hidden_dim, initializer=rand_unif_init, state_is_tuple=True)
    cell_bw = tf.nn.rnn_cell.LSTMCell(hidden_dim, initializer=rand_unif_init, state_is_tuple=True)
    (encoder_outputs, (fw_st, bw_st)) = tf.nn.bidirectional_dynamic_rnn(
        cell_fw, cell_bw, emb_enc_inputs, dtype=tf.float32, sequence_length=enc_lens,
        swap_memory=True)
    encoder_outputs = tf.concat(axis=2, values=encoder_outputs)
  with tf.variable_scope('reduce_final_st'):
    w_reduce_c = tf.get_variable('w_reduce_c', [hidden_dim * 2, hidden_dim], dtype=tf.float32, initializer=trunc_norm_init)
    w_reduce_h = tf.get_variable('w_reduce_h', [hidden_dim * 2, hidden_dim], dtype=tf.float32, initializer=trunc_norm_init)
    bias_reduce_c = tf.get_variable('bias_reduce_c', [hidden_dim], dtype=tf.float32, initializer=trunc_norm_init)
    bias_reduce_h = tf.get_variable('bias_reduce_h', [hidden_dim], dtype=tf.float32, initializer=trunc_norm_init)
    old_c = tf.concat(axis=1, values=[fw_st.c, bw_st.c])
    old_h = tf.concat(axis=1, values=[fw_st.h, bw_st.h])
    new_c = tf.nn.relu(tf.matmul(old_c, w_reduce_c) + bias_reduce_c)
    new_h = tf.nn.relu(tf.matmul(old_h, w_reduce_h) + bias_reduce_h)
    dec_in_state = tf.nn.rnn_cell.LSTMStateTuple(new_c, new_h)
  with tf.variable_scope('decoder'):
    cell = tf.nn.rnn_cell.LSTMCell(hidden_dim, state_is_tuple=True, initializer=rand_unif_init)
    decoder_outputs, dec_out_state, attn_dists, p_gens, coverage = attention_decoder(
        emb_dec_inputs, dec_in_state, encoder_outputs, enc_padding_mask, cell,
        initial_state_attention=False, use_coverage=True, prev_coverage=None)
  with tf.variable_scope('output_projection'):
    w = tf.get_variable('w', [hidden_dim, vsize], dtype=tf.float32, initializer=trunc_norm_init)
    v = tf.get_variable('v', [vsize], dtype=tf.float32, initializer=trunc_norm_init)
    vocab_dists = [tf.nn.softmax(tf.nn.xw_plus_b(output, w, v)) for output in decoder_outputs]
  with tf.variable_scope('final_distribution'):
    vocab_dists = [p_gen * dist for (p_gen, dist) in zip(p_gens, vocab_dists)]
    attn_dists_w = [(1 - p_gen) * dist for (p_gen, dist) in zip(p_gens, attn_dists)]
    extended_vsize = vsize + max_oovs
    extra_zeros = tf.zeros((batch_size, max_oovs))
    vocab_dists_extended = [tf.concat(axis=1, values=[dist, extra_zeros]) for dist in vocab_dists]
    batch_nums = tf.range(0, limit=batch_size)
    batch_nums = tf.expand_dims(batch_nums, 1)
    attn_len = tf.shape(enc_batch_extend_vocab)[1]
    batch_nums = tf.tile(batch_nums, [1, attn_len])
    indices = tf.stack((batch_nums, enc_batch_extend_vocab), axis=2)
    shape = [batch_size, extended_vsize]
    attn_dists_projected = [tf.scatter_nd(indices, copy_dist, shape) for copy_dist in attn_dists_w]
    final_dists = [vocab_dist + copy_dist for (vocab_dist, copy_dist) in zip(vocab_dists_extended, attn_dists_projected)]
  with tf.variable_scope('loss'):
    loss_per_step = []
    batch_nums = tf.range(0, limit=batch_size)
    for dec_step, dist in enumerate(final_dists):
      targets = target_batch[:, dec_step]
      indices = tf.stack((batch_nums, targets), axis=1)
      gold_probs = tf.gather_nd(dist, indices)
      losses = -tf.log(gold_probs)
      loss_per_step.append(losses)
    _loss = _mask_and_avg(loss_per_step, dec_padding_mask)
    _coverage_loss_t = _coverage_loss(attn_dists, dec_padding_mask)
    _total_loss = _loss + 1.0 * _coverage_loss_t
tvars = tf.trainable_variables()
gradients = tf.gradients(_total_loss, tvars, aggregation_method=tf.AggregationMethod.EXPERIMENTAL_TREE)
grads, global_norm = tf.clip_by_global_norm(gradients, 2.0)
optimizer = tf.train.AdagradOptimizer(0.15, initial_accumulator_value=0.1)
train_op = optimizer.apply_gradients(zip(grads, tvars))
feed = {enc_batch: [[3, 4, 5, 1, 7], [2, 6, 8, 0, 0]], enc_lens: [5, 3],
        enc_padding_mask: [[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]],
        enc_batch_extend_vocab: [[3, 9, 5, 1, 10], [2, 6, 9, 0, 0]],
        dec_batch: [[2, 3, 9 % vsize], [2, 6, 1]], target_batch: [[3, 9, 10], [6, 9, 0]],
        dec_padding_mask: [[1, 1, 1], [1, 1, 0]]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
RS({"final": final_dists, "p_gens": p_gens, "coverage": coverage, "loss": _loss,
    "cov_loss": _coverage_loss_t, "norm": global_norm}, feed, sess)
sess.run(train_op, feed)
sess.run(train_op, feed)
R({"after": _total_loss, "emb": embedding}, feed=feed, sess=sess)
""",
}

PROGRAMS = {
    **NLP_PROGRAMS,
}


def main(names: list[str]) -> None:
    tf = harness.import_tf1(legacy_keras=True)
    chosen = {n: PROGRAMS[n] for n in names} if names else PROGRAMS
    results = harness.run_programs(tf, chosen, PRELUDE, CONTRIB=tf1_models.contrib_for_tf2(tf))
    harness.dump({"tensorflow": tf.__version__, "programs": results})


if __name__ == "__main__":
    main(sys.argv[1:])
