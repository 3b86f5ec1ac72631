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
    # allenai/bi-att-flow basic/model.py and my/tensorflow/nn.py: the trilinear similarity by
    # `linear` over [h, u, h * u], exp_mask with VERY_NEGATIVE_NUMBER, softsel, the
    # context-to-query and query-to-context attention (reduce_max over the question), the
    # start/end softmax losses; QANet's span decoding by matrix_band_part of the outer
    # product of the two distributions.
    "bidaf_attention_flow_span_decoding": r"""
VERY_BIG_NUMBER = 1e30
VERY_NEGATIVE_NUMBER = -VERY_BIG_NUMBER

def flatten(tensor, keep):
  fixed_shape = tensor.get_shape().as_list()
  start = len(fixed_shape) - keep
  left = functools.reduce(operator.mul, [fixed_shape[i] or tf.shape(tensor)[i] for i in range(start)])
  out_shape = [left] + [fixed_shape[i] or tf.shape(tensor)[i] for i in range(start, len(fixed_shape))]
  return tf.reshape(tensor, out_shape)

def reconstruct(tensor, ref, keep):
  ref_shape = ref.get_shape().as_list()
  tensor_shape = tensor.get_shape().as_list()
  ref_stop = len(ref_shape) - keep
  tensor_start = len(tensor_shape) - keep
  pre_shape = [ref_shape[i] or tf.shape(ref)[i] for i in range(ref_stop)]
  keep_shape = [tensor_shape[i] or tf.shape(tensor)[i] for i in range(tensor_start, len(tensor_shape))]
  return tf.reshape(tensor, pre_shape + keep_shape)

def exp_mask(val, mask, name=None):
  return tf.add(val, (1 - tf.cast(mask, 'float')) * VERY_NEGATIVE_NUMBER, name=name or "exp_mask")

def _linear(xs, output_size, bias, bias_start=0., scope=None):
  with tf.variable_scope(scope or 'linear_layer'):
    x = tf.concat(xs, -1)
    input_size = x.get_shape()[-1].value
    W = tf.get_variable('W', shape=[input_size, output_size], dtype='float')
    if bias:
      b = tf.get_variable('b', shape=[output_size], dtype='float',
                          initializer=tf.constant_initializer(bias_start))
      return tf.matmul(x, W) + b
    return tf.matmul(x, W)

def linear(args, output_size, bias, bias_start=0.0, scope=None, squeeze=False):
  if not isinstance(args, (list, tuple)):
    args = [args]
  flat_args = [flatten(arg, 1) for arg in args]
  flat_out = _linear(flat_args, output_size, bias, bias_start=bias_start, scope=scope)
  out = reconstruct(flat_out, args[0], 1)
  if squeeze:
    out = tf.squeeze(out, [len(args[0].get_shape().as_list()) - 1])
  return out

def softmax(logits, mask=None, scope=None):
  with tf.name_scope(scope or "Softmax"):
    if mask is not None:
      logits = exp_mask(logits, mask)
    flat_logits = flatten(logits, 1)
    flat_out = tf.nn.softmax(flat_logits)
    return reconstruct(flat_out, logits, 1)

def softsel(target, logits, mask=None, scope=None):
  with tf.name_scope(scope or "Softsel"):
    a = softmax(logits, mask=mask)
    target_rank = len(target.get_shape().as_list())
    return tf.reduce_sum(tf.expand_dims(a, -1) * target, target_rank - 2)

def get_logits(args, size, bias, bias_start=0.0, scope=None, mask=None, func=None):
  with tf.variable_scope(scope or "Get_Logits"):
    if func == 'tri_linear':
      new_arg = args[0] * args[1]
      logits = linear([args[0], args[1], new_arg], 1, bias, bias_start=bias_start,
                      scope='first', squeeze=True)
    if mask is not None:
      logits = exp_mask(logits, mask)
    return logits

def bi_attention(h, u, h_mask=None, u_mask=None, scope=None):
  with tf.variable_scope(scope or "bi_attention"):
    JX = tf.shape(h)[2]
    M = tf.shape(h)[1]
    JQ = tf.shape(u)[1]
    h_aug = tf.tile(tf.expand_dims(h, 3), [1, 1, 1, JQ, 1])
    u_aug = tf.tile(tf.expand_dims(tf.expand_dims(u, 1), 1), [1, M, JX, 1, 1])
    h_mask_aug = tf.tile(tf.expand_dims(h_mask, 3), [1, 1, 1, JQ])
    u_mask_aug = tf.tile(tf.expand_dims(tf.expand_dims(u_mask, 1), 1), [1, M, JX, 1])
    hu_mask = tf.cast(h_mask_aug, tf.bool) & tf.cast(u_mask_aug, tf.bool)
    u_logits = get_logits([h_aug, u_aug], None, True, scope='u_logits', mask=hu_mask, func='tri_linear')
    u_a = softsel(u_aug, u_logits)
    h_a = softsel(h, tf.reduce_max(u_logits, 3))
    h_a = tf.tile(tf.expand_dims(h_a, 2), [1, 1, JX, 1])
    return u_a, h_a, u_logits

tf.set_random_seed(17)
N, M, JX, JQ, d = 2, 1, 5, 3, 4
h = tf.placeholder(tf.float32, [N, M, None, d])
u = tf.placeholder(tf.float32, [N, None, d])
x_mask = tf.placeholder(tf.bool, [N, M, None])
q_mask = tf.placeholder(tf.bool, [N, None])
y = tf.placeholder(tf.bool, [N, M, None])
y2 = tf.placeholder(tf.bool, [N, M, None])
u_a, h_a, u_logits = bi_attention(h, u, h_mask=x_mask, u_mask=q_mask)
p0 = tf.concat([h, u_a, h * u_a, h * h_a], 3)
logits = get_logits([p0, p0], None, True, scope='logits1', mask=x_mask, func='tri_linear')
flat_logits = tf.reshape(logits, [-1, M * JX])
flat_yp = tf.nn.softmax(flat_logits)
logits2 = get_logits([p0, p0 * 0.5], None, True, scope='logits2', mask=x_mask, func='tri_linear')
flat_logits2 = tf.reshape(logits2, [-1, M * JX])
flat_yp2 = tf.nn.softmax(flat_logits2)
ce_loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(
    logits=flat_logits, labels=tf.cast(tf.reshape(y, [-1, M * JX]), 'float')))
ce_loss2 = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(
    logits=flat_logits2, labels=tf.cast(tf.reshape(y2, [-1, M * JX]), 'float')))
loss = ce_loss + ce_loss2
outer = tf.matmul(tf.expand_dims(flat_yp, axis=2), tf.expand_dims(flat_yp2, axis=1))
outer = tf.matrix_band_part(outer, 0, 3)
yp1 = tf.argmax(tf.reduce_max(outer, axis=2), axis=1)
yp2 = tf.argmax(tf.reduce_max(outer, axis=1), axis=1)
train = tf.train.AdadeltaOptimizer(0.5).minimize(loss)
xm = np.array([[[1, 1, 1, 1, 1]], [[1, 1, 1, 0, 0]]], bool)
yy = np.zeros((N, M, JX), bool); yy[0, 0, 1] = yy[1, 0, 0] = True
yy2 = np.zeros((N, M, JX), bool); yy2[0, 0, 3] = yy2[1, 0, 2] = True
feed = {h: rand(1, N, M, JX, d), u: rand(2, N, JQ, d), x_mask: xm,
        q_mask: np.array([[1, 1, 1], [1, 1, 0]], bool), y: yy, y2: yy2}
out["static"] = [str(t.shape) for t in (u_a, h_a, u_logits, flat_logits)]
sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
RS({"u_a": u_a, "probs": [flat_yp, flat_yp2], "span": [yp1, yp2], "loss": loss}, feed, sess)
losses = []
for _ in range(3):
  losses.append(sess.run([loss, train], feed)[0])
out["losses"] = L(losses)
""",
    # NLPLearn/QANet layers.py: the depthwise separable convolutions, highway, the timing
    # signal, the layer norm with its own variables, the masked trilinear attention, the
    # optimization with the warm-up learning rate, clip_by_global_norm and an
    # ExponentialMovingAverage applied after the step.
    "qanet_depthwise_highway_ema": r"""
initializer = lambda: tf.contrib.layers.variance_scaling_initializer(factor=1.0, mode='FAN_AVG', uniform=True, dtype=tf.float32) if hasattr(tf, "contrib") else tf.variance_scaling_initializer(scale=1.0, mode='fan_avg', distribution='uniform')
initializer_relu = lambda: tf.variance_scaling_initializer(scale=2.0, mode='fan_in', distribution='truncated_normal')
regularizer = contrib.layers.l2_regularizer(scale=3e-7)

def layer_norm(x, filters=None, epsilon=1e-6, scope=None, reuse=None):
  if filters is None:
    filters = x.get_shape()[-1]
  with tf.variable_scope(scope, default_name="layer_norm", values=[x], reuse=reuse):
    scale = tf.get_variable("layer_norm_scale", [filters], regularizer=regularizer, initializer=tf.ones_initializer())
    bias = tf.get_variable("layer_norm_bias", [filters], regularizer=regularizer, initializer=tf.zeros_initializer())
    mean = tf.reduce_mean(x, axis=[-1], keep_dims=True)
    variance = tf.reduce_mean(tf.square(x - mean), axis=[-1], keep_dims=True)
    norm_x = (x - mean) * tf.rsqrt(variance + epsilon)
    return norm_x * scale + bias

def highway(x, size=None, activation=None, num_layers=2, scope="highway", dropout=0.0, reuse=None):
  with tf.variable_scope(scope, reuse):
    if size is None:
      size = x.shape.as_list()[-1]
    else:
      x = conv(x, size, name="input_projection", reuse=reuse)
    for i in range(num_layers):
      T = conv(x, size, bias=True, activation=tf.sigmoid, name="gate_%d" % i, reuse=reuse)
      H = conv(x, size, bias=True, activation=activation, name="activation_%d" % i, reuse=reuse)
      H = tf.nn.dropout(H, 1.0 - dropout)
      x = H * T + x * (1.0 - T)
    return x

def conv(inputs, output_size, bias=None, activation=None, kernel_size=1, name="conv", reuse=None):
  with tf.variable_scope(name, reuse=reuse):
    shapes = inputs.shape.as_list()
    if len(shapes) > 4:
      raise NotImplementedError
    elif len(shapes) == 4:
      filter_shape = [1, kernel_size, shapes[-1], output_size]
      bias_shape = [1, 1, 1, output_size]
      strides = [1, 1, 1, 1]
    else:
      filter_shape = [kernel_size, shapes[-1], output_size]
      bias_shape = [1, 1, output_size]
      strides = 1
    conv_func = tf.nn.conv1d if len(shapes) == 3 else tf.nn.conv2d
    kernel_ = tf.get_variable("kernel_", filter_shape, dtype=tf.float32, regularizer=regularizer,
        initializer=initializer_relu() if activation is not None else initializer())
    outputs = conv_func(inputs, kernel_, strides, "VALID")
    if bias:
      outputs += tf.get_variable("bias_", bias_shape, regularizer=regularizer, initializer=tf.zeros_initializer())
    if activation is not None:
      return activation(outputs)
    return outputs

def depthwise_separable_convolution(inputs, kernel_size, num_filters, scope="depthwise_separable_convolution", bias=True, is_training=True, reuse=None):
  with tf.variable_scope(scope, reuse=reuse):
    shapes = inputs.shape.as_list()
    depthwise_filter = tf.get_variable("depthwise_filter", (kernel_size[0], kernel_size[1], shapes[-1], 1), dtype=tf.float32, regularizer=regularizer, initializer=initializer_relu())
    pointwise_filter = tf.get_variable("pointwise_filter", (1, 1, shapes[-1], num_filters), dtype=tf.float32, regularizer=regularizer, initializer=initializer_relu())
    outputs = tf.nn.separable_conv2d(inputs, depthwise_filter, pointwise_filter, strides=(1, 1, 1, 1), padding="SAME")
    if bias:
      b = tf.get_variable("bias", outputs.shape[-1], regularizer=regularizer, initializer=tf.zeros_initializer())
      outputs += b
    outputs = tf.nn.relu(outputs)
    return outputs

def get_timing_signal_1d(length, channels, min_timescale=1.0, max_timescale=1.0e4):
  position = tf.to_float(tf.range(length))
  num_timescales = channels // 2
  log_timescale_increment = (math.log(float(max_timescale) / float(min_timescale)) / (tf.to_float(num_timescales) - 1))
  inv_timescales = min_timescale * tf.exp(tf.to_float(tf.range(num_timescales)) * -log_timescale_increment)
  scaled_time = tf.expand_dims(position, 1) * tf.expand_dims(inv_timescales, 0)
  signal = tf.concat([tf.sin(scaled_time), tf.cos(scaled_time)], axis=1)
  signal = tf.pad(signal, [[0, 0], [0, tf.mod(channels, 2)]])
  signal = tf.reshape(signal, [1, length, channels])
  return signal

def add_timing_signal_1d(x, min_timescale=1.0, max_timescale=1.0e4):
  length = tf.shape(x)[1]
  channels = tf.shape(x)[2]
  signal = get_timing_signal_1d(length, channels, min_timescale, max_timescale)
  return x + signal

def mask_logits(inputs, mask, mask_value=-1e30):
  shapes = inputs.shape.as_list()
  mask = tf.cast(mask, tf.float32)
  return inputs + mask_value * (1 - mask)

def trilinear(args, output_size=1, bias=True, squeeze=False, input_keep_prob=1.0, scope="trilinear"):
  with tf.variable_scope(scope):
    flat_args = [tf.reshape(a, [-1, a.shape[-1]]) for a in args]
    flat_args = [tf.nn.dropout(arg, input_keep_prob) for arg in flat_args]
    flat_out = _linear(flat_args, output_size, bias, scope=scope)
    out = tf.reshape(flat_out, tf.concat([tf.shape(args[0])[:-1], [output_size]], 0))
    if squeeze:
      out = tf.squeeze(out, [len(args[0].get_shape().as_list()) - 1])
    return out

def _linear(args, output_size, bias, bias_initializer=tf.zeros_initializer(), scope=None, kernel_initializer=initializer(), reuse=None):
  with tf.variable_scope(scope, reuse=reuse):
    total_arg_size = sum(a.get_shape()[1].value for a in args)
    weights = tf.get_variable("linear_kernel", [total_arg_size, output_size], dtype=tf.float32, regularizer=regularizer, initializer=kernel_initializer)
    res = tf.matmul(tf.concat(args, 1), weights)
    if not bias:
      return res
    biases = tf.get_variable("linear_bias", [output_size], dtype=tf.float32, regularizer=regularizer, initializer=bias_initializer)
    return tf.nn.bias_add(res, biases)

def optimized_trilinear_for_attention(args, c_maxlen, q_maxlen, input_keep_prob=1.0, scope='efficient_trilinear', bias_initializer=tf.zeros_initializer(), kernel_initializer=initializer()):
  assert len(args) == 2
  arg0_shape = args[0].get_shape().as_list()
  arg_size = arg0_shape[-1]
  dtype = args[0].dtype
  droped_args = [tf.nn.dropout(arg, input_keep_prob) for arg in args]
  with tf.variable_scope(scope):
    weights4arg0 = tf.get_variable("linear_kernel4arg0", [arg_size, 1], dtype=dtype, regularizer=regularizer, initializer=kernel_initializer)
    weights4arg1 = tf.get_variable("linear_kernel4arg1", [arg_size, 1], dtype=dtype, regularizer=regularizer, initializer=kernel_initializer)
    weights4mlu = tf.get_variable("linear_kernel4mul", [1, 1, arg_size], dtype=dtype, regularizer=regularizer, initializer=kernel_initializer)
    biases = tf.get_variable("linear_bias", [1], dtype=dtype, regularizer=regularizer, initializer=bias_initializer)
    subres0 = tf.tile(tf.keras.backend.dot(droped_args[0], weights4arg0), [1, 1, q_maxlen])
    subres1 = tf.tile(tf.transpose(tf.keras.backend.dot(droped_args[1], weights4arg1), perm=(0, 2, 1)), [1, c_maxlen, 1])
    subres2 = tf.keras.backend.batch_dot(droped_args[0] * weights4mlu, tf.transpose(droped_args[1], perm=(0, 2, 1)))
    res = subres0 + subres1 + subres2
    res += biases
    return res

tf.set_random_seed(23)
c_len, q_len, d = 6, 4, 8
c_in = tf.placeholder(tf.float32, [2, c_len, 5])
q_in = tf.placeholder(tf.float32, [2, q_len, 5])
c_mask = tf.placeholder(tf.bool, [2, c_len])
q_mask = tf.placeholder(tf.bool, [2, q_len])
y1 = tf.placeholder(tf.int32, [2])
c = highway(c_in, size=d, scope="highway", reuse=None)
q = highway(q_in, size=d, scope="highway", reuse=True)
with tf.variable_scope("Embedding_Encoder_Layer"):
  c = add_timing_signal_1d(c)
  c = layer_norm(tf.expand_dims(c, 2), scope="layer_norm_0")
  c = tf.squeeze(depthwise_separable_convolution(c, (3, 1), d, scope="depthwise_conv_layers_0"), 2)
  q = add_timing_signal_1d(q)
  q = layer_norm(tf.expand_dims(q, 2), scope="layer_norm_0", reuse=True)
  q = tf.squeeze(depthwise_separable_convolution(q, (3, 1), d, scope="depthwise_conv_layers_0", reuse=True), 2)
with tf.variable_scope("Context_to_Query_Attention_Layer"):
  S = optimized_trilinear_for_attention([c, q], c_len, q_len)
  mask_q = tf.expand_dims(q_mask, 1)
  S_ = tf.nn.softmax(mask_logits(S, mask=mask_q))
  mask_c = tf.expand_dims(c_mask, 2)
  S_T = tf.transpose(tf.nn.softmax(mask_logits(S, mask=mask_c), dim=1), (0, 2, 1))
  c2q = tf.matmul(S_, q)
  q2c = tf.matmul(tf.matmul(S_, S_T), c)
  attention_outputs = tf.concat([c, c2q, c * c2q, c * q2c], axis=-1)
with tf.variable_scope("Output_Layer"):
  start_logits = tf.squeeze(conv(attention_outputs, 1, bias=False, name="start_pointer"), -1)
  logits1 = mask_logits(start_logits, mask=c_mask)
  tri = trilinear([attention_outputs, attention_outputs])
losses = tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits1, labels=tf.one_hot(y1, c_len))
loss = tf.reduce_mean(losses)
def apply_regularization(regularizer, weights_list=None):  # TF 1.15's contrib.layers one
  with tf.name_scope('get_regularization_penalty', values=weights_list) as scope:
    penalties = [regularizer(w) for w in weights_list]
    summed_penalty = tf.add_n(penalties, name=scope)
    tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES, summed_penalty)
    return summed_penalty
if hasattr(tf, "contrib"):
  apply_regularization = tf.contrib.layers.apply_regularization
# QANet regularizes the collection's penalties themselves (an l2 of the l2 losses).
l2_loss = apply_regularization(regularizer, tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES))
loss += l2_loss
global_step = tf.get_variable('global_step', shape=[], dtype=tf.int32, initializer=tf.constant_initializer(0), trainable=False)
var_ema = tf.train.ExponentialMovingAverage(0.999)
lr = tf.minimum(0.01, 0.01 / tf.log(999.) * tf.log(tf.cast(global_step, tf.float32) + 1))
opt = tf.train.AdamOptimizer(learning_rate=lr, beta1=0.8, beta2=0.999, epsilon=1e-7)
grads = opt.compute_gradients(loss)
gradients, variables = zip(*grads)
capped_grads, _ = tf.clip_by_global_norm(gradients, 5.0)
train_op = opt.apply_gradients(zip(capped_grads, variables), global_step=global_step)
with tf.control_dependencies([train_op]):
  train_op = var_ema.apply(tf.trainable_variables())
out["n_reg"] = [t.op.name for t in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)]
out["shadow"] = sorted(var_ema.average_name(v) for v in tf.trainable_variables())[:4]
feed = {c_in: rand(1, 2, c_len, 5), q_in: rand(2, 2, q_len, 5),
        c_mask: [[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0]], q_mask: [[1, 1, 1, 1], [1, 1, 1, 0]], y1: [2, 1]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
RS({"S": S, "c2q": c2q, "tri": tri, "loss": loss, "l2": l2_loss}, feed, sess)
losses = []
for _ in range(3):
  losses.append(sess.run(loss, feed))
  sess.run(train_op, feed)
out["losses"] = L(losses)
v0 = tf.trainable_variables()[0]
R({"ema_v0": var_ema.average(v0), "v0": v0, "step": global_step}, sess=sess)
""",
}

RECSYS_GRAPH_PROGRAMS = {
    # PetarV2/GAT utils/layers.py, models/gat.py and utils/process.py: attention heads of
    # 1x1 conv1d's, leaky_relu logits plus the adjacency's bias matrix, residual heads, the
    # masked softmax cross-entropy and accuracy, and the L2 over weights by name; then
    # sp_attn_head's SparseTensor version (sparse_add, sparse_softmax,
    # sparse_tensor_dense_matmul) over the same graph, which must agree.
    "gat_dense_and_sparse_attention_heads": r"""
conv1d = tf.layers.conv1d

def attn_head(seq, out_sz, bias_mat, activation, in_drop=0.0, coef_drop=0.0, residual=False):
  with tf.name_scope('my_attn'):
    if in_drop != 0.0:
      seq = tf.nn.dropout(seq, 1.0 - in_drop)
    seq_fts = tf.layers.conv1d(seq, out_sz, 1, use_bias=False)
    f_1 = tf.layers.conv1d(seq_fts, 1, 1)
    f_2 = tf.layers.conv1d(seq_fts, 1, 1)
    logits = f_1 + tf.transpose(f_2, [0, 2, 1])
    coefs = tf.nn.softmax(tf.nn.leaky_relu(logits) + bias_mat)
    if coef_drop != 0.0:
      coefs = tf.nn.dropout(coefs, 1.0 - coef_drop)
    if in_drop != 0.0:
      seq_fts = tf.nn.dropout(seq_fts, 1.0 - in_drop)
    vals = tf.matmul(coefs, seq_fts)
    ret = vals + tf.get_variable("bias_%d" % len(tf.get_collection("gat_heads")), [out_sz], initializer=tf.zeros_initializer())
    tf.add_to_collection("gat_heads", ret)
    if residual:
      if seq.shape[-1] != ret.shape[-1]:
        ret = ret + conv1d(seq, ret.shape[-1], 1)
      else:
        ret = ret + seq
    return activation(ret)

def sp_attn_head(seq, out_sz, adj_mat, activation, nb_nodes, in_drop=0.0, coef_drop=0.0, residual=False):
  with tf.name_scope('sp_attn'):
    seq_fts = tf.layers.conv1d(seq, out_sz, 1, use_bias=False)
    f_1 = tf.layers.conv1d(seq_fts, 1, 1)
    f_2 = tf.layers.conv1d(seq_fts, 1, 1)
    f_1 = tf.reshape(f_1, (nb_nodes, 1))
    f_2 = tf.reshape(f_2, (nb_nodes, 1))
    f_1 = adj_mat * f_1
    f_2 = adj_mat * tf.transpose(f_2, [1, 0])
    logits = tf.sparse_add(f_1, f_2)
    lrelu = tf.SparseTensor(indices=logits.indices, values=tf.nn.leaky_relu(logits.values),
                            dense_shape=logits.dense_shape)
    coefs = tf.sparse_softmax(lrelu)
    coefs = tf.sparse_reshape(coefs, [nb_nodes, nb_nodes])
    seq_fts = tf.squeeze(seq_fts)
    vals = tf.sparse_tensor_dense_matmul(coefs, seq_fts)
    vals = tf.expand_dims(vals, axis=0)
    vals.set_shape([1, nb_nodes, out_sz])
    ret = vals + tf.get_variable("sp_bias_%d" % len(tf.get_collection("gat_heads")), [out_sz], initializer=tf.zeros_initializer())
    tf.add_to_collection("gat_heads", ret)
    return activation(ret)

def adj_to_bias(adj, sizes, nhood=1):
  nb_graphs = adj.shape[0]
  mt = np.empty(adj.shape)
  for g in range(nb_graphs):
    mt[g] = np.eye(adj.shape[1])
    for _ in range(nhood):
      mt[g] = np.matmul(mt[g], (adj[g] + np.eye(adj.shape[1])))
    for i in range(sizes[g]):
      for j in range(sizes[g]):
        if mt[g][i][j] > 0.0:
          mt[g][i][j] = 1.0
  return -1e9 * (1.0 - mt)

def masked_softmax_cross_entropy(logits, labels, mask):
  loss = tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=labels)
  mask = tf.cast(mask, dtype=tf.float32)
  mask /= tf.reduce_mean(mask)
  loss *= mask
  return tf.reduce_mean(loss)

def masked_accuracy(logits, labels, mask):
  correct_prediction = tf.equal(tf.argmax(logits, 1), tf.argmax(labels, 1))
  accuracy_all = tf.cast(correct_prediction, tf.float32)
  mask = tf.cast(mask, dtype=tf.float32)
  mask /= tf.reduce_mean(mask)
  accuracy_all *= mask
  return tf.reduce_mean(accuracy_all)

def inference(inputs, nb_classes, nb_nodes, bias_mat, hid_units, n_heads, activation=tf.nn.elu,
              residual=False, head=attn_head):
  attns = []
  for _ in range(n_heads[0]):
    attns.append(head(inputs, bias_mat, hid_units[0], activation))
  h_1 = tf.concat(attns, axis=-1)
  out = []
  for i in range(n_heads[-1]):
    out.append(head(h_1, bias_mat, nb_classes, lambda x: x))
  logits = tf.add_n(out) / n_heads[-1]
  return logits

tf.set_random_seed(29)
nb_nodes, ft_size, nb_classes = 6, 4, 3
adj = np.zeros((1, nb_nodes, nb_nodes))
for a, b in [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (0, 5), (1, 4)]:
  adj[0, a, b] = adj[0, b, a] = 1
biases = adj_to_bias(adj, [nb_nodes]).astype(np.float32)
features = rand(3, 1, nb_nodes, ft_size)
labels = np.eye(nb_classes, dtype=np.float32)[[0, 1, 2, 0, 1, 2]][None]
train_mask = np.array([[1, 1, 0, 1, 0, 0]], bool)
ftr_in = tf.placeholder(dtype=tf.float32, shape=(1, nb_nodes, ft_size))
bias_in = tf.placeholder(dtype=tf.float32, shape=(1, nb_nodes, nb_nodes))
lbl_in = tf.placeholder(dtype=tf.float32, shape=(1, nb_nodes, nb_classes))
msk_in = tf.placeholder(dtype=tf.int32, shape=(1, nb_nodes))
with tf.variable_scope("dense"):
  logits = inference(ftr_in, nb_classes, nb_nodes, bias_in, [4], [2, 1],
                     head=lambda x, b, n, act: attn_head(x, n, b, act, residual=True))
log_resh = tf.reshape(logits, [-1, nb_classes])
lab_resh = tf.reshape(lbl_in, [-1, nb_classes])
msk_resh = tf.reshape(msk_in, [-1])
loss = masked_softmax_cross_entropy(log_resh, lab_resh, msk_resh)
accuracy = masked_accuracy(log_resh, lab_resh, msk_resh)
dense_vars = tf.trainable_variables()
lossL2 = tf.add_n([tf.nn.l2_loss(v) for v in dense_vars if v.name not in ['bias', 'gamma', 'b', 'g', 'beta']]) * 0.0005
opt = tf.train.AdamOptimizer(learning_rate=0.005)
train_op = opt.minimize(loss + lossL2)
idx = np.argwhere(adj[0] + np.eye(nb_nodes) > 0)
sp_adj = tf.SparseTensor(indices=idx.astype(np.int64), values=np.ones(len(idx), np.float32),
                         dense_shape=[nb_nodes, nb_nodes])
with tf.variable_scope("sparse"):
  sp_logits = inference(ftr_in, nb_classes, nb_nodes, sp_adj, [4], [2, 1],
                        head=lambda x, b, n, act: sp_attn_head(x, n, b, act, nb_nodes))
out["vars"] = [v.op.name for v in tf.trainable_variables()]
feed = {ftr_in: features, bias_in: biases[0:1], lbl_in: labels, msk_in: train_mask.astype(np.int32)}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
# fix gives the sparse heads the dense heads' weights (the same shapes)
RS({"logits": logits, "sp_logits": sp_logits, "loss": loss, "acc": accuracy, "l2": lossL2}, feed, sess)
losses = []
for _ in range(3):
  losses.append(sess.run([loss, train_op], feed)[0])
out["losses"] = L(losses)
""",
    # ChenglongChen/tensorflow-DeepFM DeepFM.py: feature embeddings scaled by the feature
    # values, the first-order term, FM's second order 0.5 * ((sum)^2 - sum of squares),
    # the deep layers with batch norm under a train phase (contrib batch_norm through
    # tf.cond), the logloss and L2 on the weights, Adam three steps.
    "deepfm_fm_second_order_batch_norm_cond": r"""
def batch_norm_layer(x, train_phase, scope_bn):
  bn_train = contrib.layers.batch_norm(x, decay=0.995, center=True, scale=True, updates_collections=None,
                                       is_training=True, reuse=None, trainable=True, scope=scope_bn)
  bn_inference = contrib.layers.batch_norm(x, decay=0.995, center=True, scale=True, updates_collections=None,
                                           is_training=False, reuse=True, trainable=True, scope=scope_bn)
  z = tf.cond(train_phase, lambda: bn_train, lambda: bn_inference)
  return z

tf.set_random_seed(2016)
feature_size, field_size, embedding_size = 10, 3, 4
deep_layers = [6, 5]
feat_index = tf.placeholder(tf.int32, shape=[None, None], name="feat_index")
feat_value = tf.placeholder(tf.float32, shape=[None, None], name="feat_value")
label = tf.placeholder(tf.float32, shape=[None, 1], name="label")
dropout_keep_fm = tf.placeholder(tf.float32, shape=[None], name="dropout_keep_fm")
dropout_keep_deep = tf.placeholder(tf.float32, shape=[None], name="dropout_deep_deep")
train_phase = tf.placeholder(tf.bool, name="train_phase")
weights = dict()
weights["feature_embeddings"] = tf.Variable(tf.random_normal([feature_size, embedding_size], 0.0, 0.01), name="feature_embeddings")
weights["feature_bias"] = tf.Variable(tf.random_uniform([feature_size, 1], 0.0, 1.0), name="feature_bias")
input_size = field_size * embedding_size
glorot = np.sqrt(2.0 / (input_size + deep_layers[0]))
rs = np.random.RandomState(2016)
weights["layer_0"] = tf.Variable(rs.normal(loc=0, scale=glorot, size=(input_size, deep_layers[0])), dtype=np.float32)
weights["bias_0"] = tf.Variable(rs.normal(loc=0, scale=glorot, size=(1, deep_layers[0])), dtype=np.float32)
glorot = np.sqrt(2.0 / (deep_layers[0] + deep_layers[1]))
weights["layer_1"] = tf.Variable(rs.normal(loc=0, scale=glorot, size=(deep_layers[0], deep_layers[1])), dtype=np.float32)
weights["bias_1"] = tf.Variable(rs.normal(loc=0, scale=glorot, size=(1, deep_layers[1])), dtype=np.float32)
input_size = field_size + embedding_size + deep_layers[-1]
glorot = np.sqrt(2.0 / (input_size + 1))
weights["concat_projection"] = tf.Variable(rs.normal(loc=0, scale=glorot, size=(input_size, 1)), dtype=np.float32)
weights["concat_bias"] = tf.Variable(tf.constant(0.01), dtype=np.float32)
embeddings = tf.nn.embedding_lookup(weights["feature_embeddings"], feat_index)
feat_value_r = tf.reshape(feat_value, shape=[-1, field_size, 1])
embeddings = tf.multiply(embeddings, feat_value_r)
y_first_order = tf.nn.embedding_lookup(weights["feature_bias"], feat_index)
y_first_order = tf.reduce_sum(tf.multiply(y_first_order, feat_value_r), 2)
y_first_order = tf.nn.dropout(y_first_order, dropout_keep_fm[0])
summed_features_emb = tf.reduce_sum(embeddings, 1)
summed_features_emb_square = tf.square(summed_features_emb)
squared_features_emb = tf.square(embeddings)
squared_sum_features_emb = tf.reduce_sum(squared_features_emb, 1)
y_second_order = 0.5 * tf.subtract(summed_features_emb_square, squared_sum_features_emb)
y_second_order = tf.nn.dropout(y_second_order, dropout_keep_fm[1])
y_deep = tf.reshape(embeddings, shape=[-1, field_size * embedding_size])
y_deep = tf.nn.dropout(y_deep, dropout_keep_deep[0])
for i in range(0, len(deep_layers)):
  y_deep = tf.add(tf.matmul(y_deep, weights["layer_%d" % i]), weights["bias_%d" % i])
  y_deep = batch_norm_layer(y_deep, train_phase=train_phase, scope_bn="bn_%d" % i)
  y_deep = tf.nn.relu(y_deep)
  y_deep = tf.nn.dropout(y_deep, dropout_keep_deep[1 + i])
concat_input = tf.concat([y_first_order, y_second_order, y_deep], axis=1)
out_t = tf.add(tf.matmul(concat_input, weights["concat_projection"]), weights["concat_bias"])
out_t = tf.nn.sigmoid(out_t)
loss = tf.losses.log_loss(label, out_t)
l2_reg = 0.01
loss += contrib.layers.l2_regularizer(l2_reg)(weights["concat_projection"])
for i in range(len(deep_layers)):
  loss += contrib.layers.l2_regularizer(l2_reg)(weights["layer_%d" % i])
optimizer = tf.train.AdamOptimizer(learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8).minimize(loss)
Xi = [[0, 4, 7], [1, 5, 8], [2, 4, 9], [3, 6, 7]]
Xv = [[1.0, 0.5, 1.0], [1.0, -0.2, 1.0], [0.3, 1.0, 1.0], [1.0, 0.8, 0.4]]
y_ = [[1.0], [0.0], [1.0], [0.0]]
feed_train = {feat_index: Xi, feat_value: Xv, label: y_, dropout_keep_fm: [1.0, 1.0],
              dropout_keep_deep: [1.0, 1.0, 1.0], train_phase: True}
feed_eval = dict(feed_train)
feed_eval[train_phase] = False
sess = tf.Session()
sess.run(tf.global_variables_initializer())
RS({"pred": out_t, "second": y_second_order, "loss": loss}, feed_train, sess)
# Every run updates the moving averages (the cond's branches are built outside it), and an
# evaluating run reads them beside that update, in an order TF's executor chooses; after
# Adam steps they hold bias_0, whose gradient through the batch norm is rounding noise
# Adam scales up. So the moving averages are read after runs of the loss alone.
sess.run(loss, feed_train)
RS({"moving": [v for v in tf.global_variables() if "moving" in v.op.name]}, sess=sess)
losses = []
for _ in range(3):
  losses.append(sess.run([loss, optimizer], feed_train)[0])
out["losses"] = L(losses)
""",
    # zhougr1993/DeepInterestNetwork din/model.py: the attention unit over the behaviour
    # sequence (queries tiled, [q, k, q-k, q*k] through sigmoid dense layers), the padded
    # positions masked to -2**32+1 by tf.sequence_mask and tf.where, the scaled softmax;
    # the item embedding concat, Dice's batch normalization (center and scale off, an
    # alpha per unit); the sigmoid loss with SGD, three steps.
    "din_attention_dice": r"""
def attention(queries, keys, keys_length):
  queries_hidden_units = queries.get_shape().as_list()[-1]
  queries = tf.tile(queries, [1, tf.shape(keys)[1]])
  queries = tf.reshape(queries, [-1, tf.shape(keys)[1], queries_hidden_units])
  din_all = tf.concat([queries, keys, queries - keys, queries * keys], axis=-1)
  d_layer_1_all = tf.layers.dense(din_all, 8, activation=tf.nn.sigmoid, name='f1_att', reuse=tf.AUTO_REUSE)
  d_layer_2_all = tf.layers.dense(d_layer_1_all, 4, activation=tf.nn.sigmoid, name='f2_att', reuse=tf.AUTO_REUSE)
  d_layer_3_all = tf.layers.dense(d_layer_2_all, 1, activation=None, name='f3_att', reuse=tf.AUTO_REUSE)
  d_layer_3_all = tf.reshape(d_layer_3_all, [-1, 1, tf.shape(keys)[1]])
  outputs = d_layer_3_all
  key_masks = tf.sequence_mask(keys_length, tf.shape(keys)[1])
  key_masks = tf.expand_dims(key_masks, 1)
  paddings = tf.ones_like(outputs) * (-2 ** 32 + 1)
  outputs = tf.where(key_masks, outputs, paddings)
  outputs = outputs / (keys.get_shape().as_list()[-1] ** 0.5)
  outputs = tf.nn.softmax(outputs)
  outputs = tf.matmul(outputs, keys)
  return outputs

def dice(_x, axis=-1, epsilon=0.000000001, name=''):
  with tf.variable_scope(name, reuse=tf.AUTO_REUSE):
    alphas = tf.get_variable('alpha' + name, _x.get_shape()[-1],
                             initializer=tf.constant_initializer(0.25), dtype=tf.float32)
    input_shape = list(_x.get_shape())
    reduction_axes = list(range(len(input_shape)))
    del reduction_axes[axis]
    broadcast_shape = [1] * len(input_shape)
    broadcast_shape[axis] = input_shape[axis]
  mean = tf.reduce_mean(_x, axis=reduction_axes)
  brodcast_mean = tf.reshape(mean, broadcast_shape)
  std = tf.reduce_mean(tf.square(_x - brodcast_mean) + epsilon, axis=reduction_axes)
  std = tf.sqrt(std)
  brodcast_std = tf.reshape(std, broadcast_shape)
  x_normed = (_x - brodcast_mean) / (brodcast_std + epsilon)
  x_p = tf.sigmoid(x_normed)
  return alphas * (1.0 - x_p) * _x + x_p * _x

tf.set_random_seed(1234)
user_count, item_count, cate_count, H = 5, 9, 4, 8
u = tf.placeholder(tf.int32, [None,])
i = tf.placeholder(tf.int32, [None,])
y = tf.placeholder(tf.float32, [None,])
hist_i = tf.placeholder(tf.int32, [None, None])
sl = tf.placeholder(tf.int32, [None,])
lr = tf.placeholder(tf.float64, [])
cate_list = tf.convert_to_tensor(np.array([0, 1, 2, 3, 0, 1, 2, 3, 0]), dtype=tf.int64)
item_emb_w = tf.get_variable("item_emb_w", [item_count, H // 2])
item_b = tf.get_variable("item_b", [item_count], initializer=tf.constant_initializer(0.0))
cate_emb_w = tf.get_variable("cate_emb_w", [cate_count, H // 2])
ic = tf.gather(cate_list, i)
i_emb = tf.concat(values=[tf.nn.embedding_lookup(item_emb_w, i), tf.nn.embedding_lookup(cate_emb_w, ic)], axis=1)
i_b = tf.gather(item_b, i)
hc = tf.gather(cate_list, hist_i)
h_emb = tf.concat([tf.nn.embedding_lookup(item_emb_w, hist_i), tf.nn.embedding_lookup(cate_emb_w, hc)], axis=2)
hist = attention(i_emb, h_emb, sl)
hist = tf.layers.batch_normalization(inputs=hist)
hist = tf.reshape(hist, [-1, H])
hist = tf.layers.dense(hist, H)
u_emb = hist
din_i = tf.concat([u_emb, i_emb, u_emb * i_emb], axis=-1)
din_i = tf.layers.batch_normalization(inputs=din_i, name='b1')
d_layer_1_i = tf.layers.dense(din_i, 8, activation=None, name='f1')
d_layer_1_i = dice(d_layer_1_i, name='dice_1')
d_layer_2_i = tf.layers.dense(d_layer_1_i, 4, activation=None, name='f2')
d_layer_2_i = dice(d_layer_2_i, name='dice_2')
d_layer_3_i = tf.layers.dense(d_layer_2_i, 1, activation=None, name='f3')
d_layer_3_i = tf.reshape(d_layer_3_i, [-1])
logits = i_b + d_layer_3_i
global_step = tf.Variable(0, trainable=False, name='global_step')
loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=logits, labels=y))
trainable_params = tf.trainable_variables()
opt = tf.train.GradientDescentOptimizer(learning_rate=lr)
gradients = tf.gradients(loss, trainable_params)
clip_gradients, _ = tf.clip_by_global_norm(gradients, 5)
train_op = opt.apply_gradients(zip(clip_gradients, trainable_params), global_step=global_step)
feed = {u: [0, 1, 2], i: [3, 5, 8], y: [1.0, 0.0, 1.0], hist_i: [[1, 2, 4, 0], [6, 0, 0, 0], [7, 3, 2, 1]],
        sl: [3, 1, 4], lr: 1.0}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
out["hist_static"] = str(hist.shape)
RS({"logits": logits, "g": tf.convert_to_tensor(gradients[0])}, feed, sess)
losses = []
for _ in range(3):
  losses.append(sess.run([loss, train_op], feed)[0])
out["losses"] = L(losses)
""",
}

RL_PROGRAMS = {
    # google/dopamine agents/rainbow/rainbow_agent.py: project_distribution (the target
    # support clipped and each atom spread over its neighbours), the C51 loss
    # softmax_cross_entropy_with_logits against the stopped target distribution, Adam with
    # dopamine's epsilon, two steps; target network synced through assign ops.
    "dopamine_c51_project_distribution": r"""
def project_distribution(supports, weights, target_support, validate_args=False):
  target_support_deltas = target_support[1:] - target_support[:-1]
  delta_z = target_support_deltas[0]
  batch_size = tf.shape(supports)[0]
  num_dims = tf.shape(target_support)[0]
  clipped_support = tf.clip_by_value(supports, target_support[0], target_support[-1])[:, None, :]
  tiled_support = tf.tile([clipped_support], [1, 1, num_dims, 1])
  reshaped_target_support = tf.tile(target_support[:, None], [batch_size, 1])
  reshaped_target_support = tf.reshape(reshaped_target_support, [batch_size, num_dims, 1])
  numerator = tf.abs(tiled_support - reshaped_target_support)
  quotient = 1 - (numerator / delta_z)
  clipped_quotient = tf.clip_by_value(quotient, 0, 1)
  weights = weights[:, None, :]
  inner_prod = clipped_quotient * weights
  projection = tf.reduce_sum(inner_prod, 3)
  projection = tf.reshape(projection, [batch_size, num_dims])
  return projection

def network(state, num_actions, num_atoms, support, name):
  with tf.variable_scope(name, reuse=tf.AUTO_REUSE):
    net = tf.cast(state, tf.float32)
    net = contrib.layers.flatten(net)
    net = contrib.layers.fully_connected(net, 16, weights_initializer=tf.glorot_uniform_initializer(seed=1))
    net = contrib.layers.fully_connected(net, num_actions * num_atoms, activation_fn=None,
                                         weights_initializer=tf.glorot_uniform_initializer(seed=2))
    logits = tf.reshape(net, [-1, num_actions, num_atoms])
    probabilities = contrib.layers.softmax(logits)
    q_values = tf.reduce_sum(support * probabilities, axis=2)
    return q_values, logits, probabilities

num_actions, num_atoms, vmax, gamma, update_horizon = 3, 7, 3.0, 0.9, 1
support = tf.linspace(-vmax, vmax, num_atoms)
state_ph = tf.placeholder(tf.float32, [None, 4])
next_ph = tf.placeholder(tf.float32, [None, 4])
actions_ph = tf.placeholder(tf.int32, [None])
rewards_ph = tf.placeholder(tf.float32, [None])
terminals_ph = tf.placeholder(tf.float32, [None])
q, logits, probs = network(state_ph, num_actions, num_atoms, support, "Online")
tq, tlogits, tprobs = network(next_ph, num_actions, num_atoms, support, "Target")
batch_size = tf.shape(rewards_ph)[0]
tiled_support = tf.tile(support, [batch_size])
tiled_support = tf.reshape(tiled_support, [batch_size, num_atoms])
is_terminal_multiplier = 1. - tf.cast(terminals_ph, tf.float32)
gamma_with_terminal = (gamma ** update_horizon) * is_terminal_multiplier
gamma_with_terminal = gamma_with_terminal[:, None]
target_support = rewards_ph[:, None] + gamma_with_terminal * tiled_support
next_qt_argmax = tf.argmax(tq, axis=1)[:, None]
batch_indices = tf.range(tf.to_int64(batch_size))[:, None]
batch_indexed_next_qt_argmax = tf.concat([batch_indices, next_qt_argmax], axis=1)
next_probabilities = tf.gather_nd(tprobs, batch_indexed_next_qt_argmax)
target_distribution = tf.stop_gradient(project_distribution(target_support, next_probabilities, support))
indices = tf.range(tf.shape(logits)[0])[:, None]
reshaped_actions = tf.concat([indices, actions_ph[:, None]], 1)
chosen_action_logits = tf.gather_nd(logits, reshaped_actions)
loss = tf.nn.softmax_cross_entropy_with_logits(labels=target_distribution, logits=chosen_action_logits)
optimizer = tf.train.AdamOptimizer(learning_rate=0.00025, epsilon=0.0003125)
train_op = optimizer.minimize(tf.reduce_mean(loss))
sync_qt_ops = []
trainables_online = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="Online")
trainables_target = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="Target")
for (w_online, w_target) in zip(trainables_online, trainables_target):
  sync_qt_ops.append(w_target.assign(w_online, use_locking=True))
feed = {state_ph: rand(1, 5, 4), next_ph: rand(2, 5, 4), actions_ph: [0, 2, 1, 1, 0],
        rewards_ph: [1.0, -0.5, 0.0, 2.5, -4.0], terminals_ph: [0, 0, 1, 0, 0]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
sess.run(sync_qt_ops)
ws = np.array([[0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25]], np.float32)
proj = project_distribution(tf.constant([[0.1, 0.6, 1.2, 2.0], [-2.5, -1.0, 0.5, 9.0]]), tf.constant(ws),
                            tf.constant([-1.0, 0.0, 1.0, 2.0]))
RS({"proj": proj, "target": target_distribution, "loss": loss, "q": q}, feed, sess)
for _ in range(2):
  sess.run(train_op, feed)
RS({"after": loss, "q_after": q}, feed, sess)
""",
    # google/dopamine agents/implicit_quantile: the quantile embedding cos(pi * i * tau) of
    # seeded uniform taus, the Hadamard product with the state embedding, the target
    # quantile values, the quantile Huber loss with kappa (tf.where over |u| <= kappa would
    # be TF 2's; dopamine's casts the comparison), the loss divided by kappa.
    "dopamine_iqn_quantile_huber_loss": r"""
def quantile_network(state, num_actions, num_quantiles, name, seed):
  with tf.variable_scope(name, reuse=tf.AUTO_REUSE):
    weights_initializer = contrib.layers.variance_scaling_initializer(factor=1.0 / np.sqrt(3.0), mode='FAN_IN', uniform=True)
    state_net = contrib.layers.fully_connected(state, 8, weights_initializer=weights_initializer)
    state_net_size = state_net.get_shape().as_list()[-1]
    state_net_tiled = tf.tile(state_net, [num_quantiles, 1])
    batch_size = state_net.get_shape().as_list()[0]
    quantiles_shape = [num_quantiles * batch_size, 1]
    quantiles = tf.random_uniform(quantiles_shape, minval=0, maxval=1, dtype=tf.float32, seed=seed)
    quantile_net = tf.tile(quantiles, [1, 6])
    pi = tf.constant(math.pi)
    quantile_net = tf.cast(tf.range(1, 6 + 1, 1), tf.float32) * pi * quantile_net
    quantile_net = tf.cos(quantile_net)
    quantile_net = contrib.layers.fully_connected(quantile_net, state_net_size, weights_initializer=weights_initializer)
    net = tf.multiply(state_net_tiled, quantile_net)
    net = contrib.layers.fully_connected(net, 8, weights_initializer=weights_initializer)
    quantile_values = contrib.layers.fully_connected(net, num_actions, activation_fn=None,
                                                     weights_initializer=weights_initializer)
    return quantile_values, quantiles

tf.set_random_seed(77)
num_actions, N, N_prime, K, kappa, gamma, batch_size = 2, 4, 5, 3, 1.0, 0.99, 3
states = tf.constant(rand(1, batch_size, 4))
next_states = tf.constant(rand(2, batch_size, 4))
actions = tf.constant([1, 0, 1])
rewards = tf.constant([1.0, 0.0, -1.0])
terminals = tf.constant([0.0, 1.0, 0.0])
replay_net_quantile_values, replay_quantiles = quantile_network(states, num_actions, N, "Online", 5)
replay_net_target_quantile_values, _ = quantile_network(next_states, num_actions, N_prime, "Target", 6)
outputs_action, _ = quantile_network(next_states, num_actions, K, "Target", 7)
target_q_values = tf.squeeze(tf.reduce_mean(tf.reshape(outputs_action, [K, batch_size, num_actions]), axis=0))
replay_next_qt_argmax = tf.argmax(target_q_values, axis=1)
rewards_t = rewards[:, None]
rewards_t = tf.tile(rewards_t, [N_prime, 1])
is_terminal_multiplier = 1. - tf.to_float(terminals)
gamma_with_terminal = gamma * is_terminal_multiplier
gamma_with_terminal = tf.tile(gamma_with_terminal[:, None], [N_prime, 1])
replay_next_qt_argmax_t = tf.tile(replay_next_qt_argmax[:, None], [N_prime, 1])
batch_indices = tf.cast(tf.range(N_prime * batch_size)[:, None], tf.int64)
batch_indexed_target_values = tf.concat([batch_indices, replay_next_qt_argmax_t], axis=1)
target_quantile_values = tf.gather_nd(replay_net_target_quantile_values, batch_indexed_target_values)[:, None]
target_quantile_values = rewards_t + gamma_with_terminal * target_quantile_values
target_quantile_values = tf.stop_gradient(target_quantile_values)
target_quantile_values = tf.reshape(target_quantile_values, [N_prime, batch_size, 1])
target_quantile_values = tf.transpose(target_quantile_values, [1, 0, 2])
indices = tf.range(N * batch_size)[:, None]
reshaped_actions = tf.tile(actions[:, None], [N, 1])
reshaped_actions = tf.concat([indices, reshaped_actions], axis=1)
chosen_action_quantile_values = tf.gather_nd(replay_net_quantile_values, reshaped_actions)
chosen_action_quantile_values = tf.reshape(chosen_action_quantile_values, [N, batch_size, 1])
chosen_action_quantile_values = tf.transpose(chosen_action_quantile_values, [1, 0, 2])
bellman_errors = target_quantile_values[:, :, None, :] - chosen_action_quantile_values[:, None, :, :]
huber_loss_case_one = tf.to_float(tf.abs(bellman_errors) <= kappa) * 0.5 * bellman_errors ** 2
huber_loss_case_two = tf.to_float(tf.abs(bellman_errors) > kappa) * kappa * (tf.abs(bellman_errors) - 0.5 * kappa)
huber_loss = huber_loss_case_one + huber_loss_case_two
replay_quantiles_r = tf.reshape(replay_quantiles, [N, batch_size, 1])
replay_quantiles_r = tf.transpose(replay_quantiles_r, [1, 0, 2])
replay_quantiles_r = tf.to_float(tf.tile(replay_quantiles_r[:, None, :, :], [1, N_prime, 1, 1]))
quantile_huber_loss = (tf.abs(replay_quantiles_r - tf.stop_gradient(tf.to_float(bellman_errors < 0))) * huber_loss) / kappa
loss = tf.reduce_sum(quantile_huber_loss, axis=2)
loss = tf.reduce_mean(loss, axis=1)
train_op = tf.train.AdamOptimizer(learning_rate=0.01, epsilon=0.0003125).minimize(tf.reduce_mean(loss))
sess = tf.Session()
sess.run(tf.global_variables_initializer())
RS({"taus": replay_quantiles, "argmax": replay_next_qt_argmax, "loss": loss,
    "huber": huber_loss}, sess=sess)
losses = []
for _ in range(3):
  losses.append(sess.run([tf.reduce_mean(loss), train_op])[0])
out["losses"] = L(losses)
""",
    # deepmind/scalable_agent vtrace.py: log-rhos from the behaviour and target policies'
    # logits (-sparse_softmax_cross_entropy_with_logits), clipped importance weights, the
    # backward tf.scan (reverse, back_prop=False) over the temporal differences,
    # the policy-gradient advantages; experiment.py's losses and their gradients.
    "impala_vtrace_from_logits": r"""
import collections
VTraceReturns = collections.namedtuple('VTraceReturns', 'vs pg_advantages')

def log_probs_from_logits_and_actions(policy_logits, actions):
  policy_logits = tf.convert_to_tensor(policy_logits, dtype=tf.float32)
  actions = tf.convert_to_tensor(actions, dtype=tf.int32)
  policy_logits.shape.assert_has_rank(3)
  actions.shape.assert_has_rank(2)
  return -tf.nn.sparse_softmax_cross_entropy_with_logits(logits=policy_logits, labels=actions)

def from_importance_weights(log_rhos, discounts, rewards, values, bootstrap_value,
                            clip_rho_threshold=1.0, clip_pg_rho_threshold=1.0, name='vtrace_from_importance_weights'):
  log_rhos = tf.convert_to_tensor(log_rhos, dtype=tf.float32)
  discounts = tf.convert_to_tensor(discounts, dtype=tf.float32)
  rewards = tf.convert_to_tensor(rewards, dtype=tf.float32)
  values = tf.convert_to_tensor(values, dtype=tf.float32)
  bootstrap_value = tf.convert_to_tensor(bootstrap_value, dtype=tf.float32)
  if clip_rho_threshold is not None:
    clip_rho_threshold = tf.convert_to_tensor(clip_rho_threshold, dtype=tf.float32)
  if clip_pg_rho_threshold is not None:
    clip_pg_rho_threshold = tf.convert_to_tensor(clip_pg_rho_threshold, dtype=tf.float32)
  rho_rank = log_rhos.shape.ndims
  values.shape.assert_has_rank(rho_rank)
  bootstrap_value.shape.assert_has_rank(rho_rank - 1)
  discounts.shape.assert_has_rank(rho_rank)
  rewards.shape.assert_has_rank(rho_rank)
  with tf.name_scope(name, values=[log_rhos, discounts, rewards, values, bootstrap_value]):
    rhos = tf.exp(log_rhos)
    if clip_rho_threshold is not None:
      clipped_rhos = tf.minimum(clip_rho_threshold, rhos, name='clipped_rhos')
    else:
      clipped_rhos = rhos
    cs = tf.minimum(1.0, rhos, name='cs')
    values_t_plus_1 = tf.concat([values[1:], tf.expand_dims(bootstrap_value, 0)], axis=0)
    deltas = clipped_rhos * (rewards + discounts * values_t_plus_1 - values)
    sequences = (discounts, cs, deltas)
    def scanfunc(acc, sequence_item):
      discount_t, c_t, delta_t = sequence_item
      return delta_t + discount_t * c_t * acc
    initial_values = tf.zeros_like(bootstrap_value)
    vs_minus_v_xs = tf.scan(fn=scanfunc, elems=sequences, initializer=initial_values,
                            parallel_iterations=1, back_prop=False, reverse=True, name='scan')
    vs = tf.add(vs_minus_v_xs, values, name='vs')
    vs_t_plus_1 = tf.concat([vs[1:], tf.expand_dims(bootstrap_value, 0)], axis=0)
    if clip_pg_rho_threshold is not None:
      clipped_pg_rhos = tf.minimum(clip_pg_rho_threshold, rhos, name='clipped_pg_rhos')
    else:
      clipped_pg_rhos = rhos
    pg_advantages = (clipped_pg_rhos * (rewards + discounts * vs_t_plus_1 - values))
    return VTraceReturns(vs=tf.stop_gradient(vs), pg_advantages=tf.stop_gradient(pg_advantages))

def compute_baseline_loss(advantages):
  return .5 * tf.reduce_sum(tf.square(advantages))

def compute_entropy_loss(logits):
  policy = tf.nn.softmax(logits)
  log_policy = tf.nn.log_softmax(logits)
  entropy_per_timestep = tf.reduce_sum(-policy * log_policy, axis=-1)
  return -tf.reduce_sum(entropy_per_timestep)

def compute_policy_gradient_loss(logits, actions, advantages):
  cross_entropy = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=actions, logits=logits)
  advantages = tf.stop_gradient(advantages)
  policy_gradient_loss_per_timestep = cross_entropy * advantages
  return tf.reduce_sum(policy_gradient_loss_per_timestep)

T, B, A = 5, 2, 3
behaviour_policy_logits = tf.constant(rand(1, T, B, A))
# Resource variables: with ref variables TF's executor may read one after its RMSProp update
# in the same run (three runs gave three losses after two steps).
target_logits = tf.Variable(rand(2, T, B, A), use_resource=True)
actions = tf.constant(np.random.RandomState(3).randint(0, A, (T, B)).astype(np.int32))
baseline = tf.Variable(rand(4, T, B), use_resource=True)
bootstrap_value = tf.constant(rand(5, B))
rewards = tf.clip_by_value(tf.constant(rand(6, T, B, scale=2.0)), -1, 1)
done = tf.constant(np.array([[0, 0], [0, 1], [0, 0], [1, 0], [0, 0]], bool))
discounts = tf.to_float(~done) * 0.99
target_action_log_probs = log_probs_from_logits_and_actions(target_logits, actions)
behaviour_action_log_probs = log_probs_from_logits_and_actions(behaviour_policy_logits, actions)
log_rhos = target_action_log_probs - behaviour_action_log_probs
vtrace_returns = from_importance_weights(log_rhos=log_rhos, discounts=discounts, rewards=rewards,
                                         values=baseline, bootstrap_value=bootstrap_value)
total_loss = compute_policy_gradient_loss(target_logits, actions, vtrace_returns.pg_advantages)
total_loss += 0.5 * compute_baseline_loss(vtrace_returns.vs - baseline)
total_loss += 0.00025 * compute_entropy_loss(target_logits)
optimizer = tf.train.RMSPropOptimizer(0.05, 0.99, 0.0, 0.1)
train_op = optimizer.minimize(total_loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
RS({"vs": vtrace_returns.vs, "adv": vtrace_returns.pg_advantages, "loss": total_loss,
    "g": tf.gradients(total_loss, [target_logits, baseline])}, sess=sess)
for _ in range(2):
  sess.run(train_op)
R({"after": total_loss}, sess=sess)
""",
}

SPINUP_PROGRAMS = {
    # openai/spinningup algos/tf1/sac/core.py and sac.py: the squashed Gaussian policy
    # (LOG_STD clipped by tanh's rescaling, the tanh correction 2 * (log 2 - u - softplus(-2u))),
    # twin Q functions with the policy's action reused by variable_scope reuse, the entropy
    # term, the policy step before the value step by control_dependencies, polyak averaging
    # grouped after the value step; three steps on seeded transitions.
    "spinup_sac_squashed_gaussian_polyak": r"""
EPS = 1e-8
LOG_STD_MAX = 2
LOG_STD_MIN = -20

def placeholder(dim=None):
  return tf.placeholder(dtype=tf.float32, shape=(None, dim) if dim else (None,))

def mlp(x, hidden_sizes=(32,), activation=tf.tanh, output_activation=None):
  for h in hidden_sizes[:-1]:
    x = tf.layers.dense(x, units=h, activation=activation)
  return tf.layers.dense(x, units=hidden_sizes[-1], activation=output_activation)

def get_vars(scope):
  return [x for x in tf.global_variables() if scope in x.name]

def gaussian_likelihood(x, mu, log_std):
  pre_sum = -0.5 * (((x - mu) / (tf.exp(log_std) + EPS)) ** 2 + 2 * log_std + np.log(2 * np.pi))
  return tf.reduce_sum(pre_sum, axis=1)

def mlp_gaussian_policy(x, a, hidden_sizes, activation, output_activation):
  act_dim = a.shape.as_list()[-1]
  net = mlp(x, list(hidden_sizes), activation, activation)
  mu = tf.layers.dense(net, act_dim, activation=output_activation)
  log_std = tf.layers.dense(net, act_dim, activation=None)
  log_std = tf.clip_by_value(log_std, LOG_STD_MIN, LOG_STD_MAX)
  std = tf.exp(log_std)
  pi = mu + tf.random_normal(tf.shape(mu), seed=13) * std
  logp_pi = gaussian_likelihood(pi, mu, log_std)
  return mu, pi, logp_pi

def apply_squashing_func(mu, pi, logp_pi):
  logp_pi -= tf.reduce_sum(2 * (np.log(2) - pi - tf.nn.softplus(-2 * pi)), axis=1)
  mu = tf.tanh(mu)
  pi = tf.tanh(pi)
  return mu, pi, logp_pi

def mlp_actor_critic(x, a, hidden_sizes=(8, 8), activation=tf.nn.relu, output_activation=None,
                     policy=mlp_gaussian_policy, action_space=None):
  with tf.variable_scope('pi'):
    mu, pi, logp_pi = policy(x, a, hidden_sizes, activation, output_activation)
    mu, pi, logp_pi = apply_squashing_func(mu, pi, logp_pi)
  action_scale = 2.0
  mu *= action_scale
  pi *= action_scale
  vf_mlp = lambda x: tf.squeeze(mlp(x, list(hidden_sizes) + [1], activation, None), axis=1)
  with tf.variable_scope('q1'):
    q1 = vf_mlp(tf.concat([x, a], axis=-1))
  with tf.variable_scope('q2'):
    q2 = vf_mlp(tf.concat([x, a], axis=-1))
  return mu, pi, logp_pi, q1, q2

tf.set_random_seed(0)
obs_dim, act_dim, gamma, polyak, lr, alpha = 3, 2, 0.99, 0.995, 1e-2, 0.2
x_ph, a_ph, x2_ph, r_ph, d_ph = placeholder(obs_dim), placeholder(act_dim), placeholder(obs_dim), placeholder(None), placeholder(None)
with tf.variable_scope('main'):
  mu, pi, logp_pi, q1, q2 = mlp_actor_critic(x_ph, a_ph)
with tf.variable_scope('main', reuse=True):
  _, _, _, q1_pi, q2_pi = mlp_actor_critic(x_ph, pi)
  _, pi_next, logp_pi_next, _, _ = mlp_actor_critic(x2_ph, a_ph)
with tf.variable_scope('target'):
  _, _, _, q1_targ, q2_targ = mlp_actor_critic(x2_ph, pi_next)
min_q_pi = tf.minimum(q1_pi, q2_pi)
min_q_targ = tf.minimum(q1_targ, q2_targ)
q_backup = tf.stop_gradient(r_ph + gamma * (1 - d_ph) * (min_q_targ - alpha * logp_pi_next))
pi_loss = tf.reduce_mean(alpha * logp_pi - min_q_pi)
q1_loss = 0.5 * tf.reduce_mean((q_backup - q1) ** 2)
q2_loss = 0.5 * tf.reduce_mean((q_backup - q2) ** 2)
value_loss = q1_loss + q2_loss
pi_optimizer = tf.train.AdamOptimizer(learning_rate=lr)
train_pi_op = pi_optimizer.minimize(pi_loss, var_list=get_vars('main/pi'))
value_optimizer = tf.train.AdamOptimizer(learning_rate=lr)
value_params = get_vars('main/q')
with tf.control_dependencies([train_pi_op]):
  train_value_op = value_optimizer.minimize(value_loss, var_list=value_params)
with tf.control_dependencies([train_value_op]):
  target_update = tf.group([tf.assign(v_targ, polyak * v_targ + (1 - polyak) * v_main)
                            for v_main, v_targ in zip(get_vars('main'), get_vars('target'))])
target_init = tf.group([tf.assign(v_targ, v_main) for v_main, v_targ in zip(get_vars('main'), get_vars('target'))])
out["vars"] = [v.op.name for v in get_vars('main')][:6]
rs = np.random.RandomState(1)
feed = {x_ph: rs.normal(size=(4, obs_dim)), x2_ph: rs.normal(size=(4, obs_dim)),
        a_ph: rs.uniform(-2, 2, (4, act_dim)), r_ph: rs.normal(size=4), d_ph: [0, 0, 1, 0]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
sess.run(target_init)
# pi's noise is drawn again by every run that reads it: each step's losses are read with
# the step (the ops the step runs draw once). The value target reads main/pi, which the
# step's policy update writes, in an order TF's executor chooses: it is computed first (a
# run of its own) and fed.
step_ops = [pi_loss, q1_loss, q2_loss, q1, q2, logp_pi, train_pi_op, train_value_op, target_update]
hist = []
for _ in range(3):
  backup = sess.run(q_backup, feed)
  hist.append([backup] + sess.run(step_ops, {**feed, q_backup: backup})[:6])
out["hist"] = LS(hist)
R({"targ_w": get_vars('target')[0], "mu": mu}, feed=feed, sess=sess)
""",
    # openai/spinningup algos/tf1/td3: target policy smoothing (clipped Gaussian noise on
    # the target action, clipped again to the action limit), clipped double-Q, the delayed
    # policy update, polyak averaging; four steps with the policy every second.
    "spinup_td3_target_smoothing_delayed_policy": r"""
def mlp(x, hidden_sizes=(32,), activation=tf.tanh, output_activation=None):
  for h in hidden_sizes[:-1]:
    x = tf.layers.dense(x, units=h, activation=activation)
  return tf.layers.dense(x, units=hidden_sizes[-1], activation=output_activation)

def get_vars(scope):
  return [x for x in tf.global_variables() if scope in x.name]

def mlp_actor_critic(x, a, hidden_sizes=(8, 8), activation=tf.nn.relu, output_activation=tf.tanh, act_limit=1.0):
  act_dim = a.shape.as_list()[-1]
  with tf.variable_scope('pi'):
    pi = act_limit * mlp(x, list(hidden_sizes) + [act_dim], activation, output_activation)
  with tf.variable_scope('q1'):
    q1 = tf.squeeze(mlp(tf.concat([x, a], axis=-1), list(hidden_sizes) + [1], activation, None), axis=1)
  with tf.variable_scope('q2'):
    q2 = tf.squeeze(mlp(tf.concat([x, a], axis=-1), list(hidden_sizes) + [1], activation, None), axis=1)
  with tf.variable_scope('q1', reuse=True):
    q1_pi = tf.squeeze(mlp(tf.concat([x, pi], axis=-1), list(hidden_sizes) + [1], activation, None), axis=1)
  return pi, q1, q2, q1_pi

tf.set_random_seed(3)
obs_dim, act_dim, act_limit = 3, 2, 1.0
gamma, polyak, target_noise, noise_clip = 0.99, 0.995, 0.2, 0.5
x_ph = tf.placeholder(tf.float32, (None, obs_dim))
a_ph = tf.placeholder(tf.float32, (None, act_dim))
x2_ph = tf.placeholder(tf.float32, (None, obs_dim))
r_ph = tf.placeholder(tf.float32, (None,))
d_ph = tf.placeholder(tf.float32, (None,))
with tf.variable_scope('main'):
  pi, q1, q2, q1_pi = mlp_actor_critic(x_ph, a_ph)
with tf.variable_scope('target'):
  pi_targ, _, _, _ = mlp_actor_critic(x2_ph, a_ph)
with tf.variable_scope('target', reuse=True):
  epsilon = tf.random_normal(tf.shape(pi_targ), stddev=target_noise, seed=4)
  epsilon = tf.clip_by_value(epsilon, -noise_clip, noise_clip)
  a2 = pi_targ + epsilon
  a2 = tf.clip_by_value(a2, -act_limit, act_limit)
  _, q1_targ, q2_targ, _ = mlp_actor_critic(x2_ph, a2)
min_q_targ = tf.minimum(q1_targ, q2_targ)
backup = tf.stop_gradient(r_ph + gamma * (1 - d_ph) * min_q_targ)
pi_loss = -tf.reduce_mean(q1_pi)
q1_loss = tf.reduce_mean((q1 - backup) ** 2)
q2_loss = tf.reduce_mean((q2 - backup) ** 2)
q_loss = q1_loss + q2_loss
pi_optimizer = tf.train.AdamOptimizer(learning_rate=1e-2)
q_optimizer = tf.train.AdamOptimizer(learning_rate=1e-2)
train_pi_op = pi_optimizer.minimize(pi_loss, var_list=get_vars('main/pi'))
train_q_op = q_optimizer.minimize(q_loss, var_list=get_vars('main/q'))
target_update = tf.group([tf.assign(v_targ, polyak * v_targ + (1 - polyak) * v_main)
                          for v_main, v_targ in zip(get_vars('main'), get_vars('target'))])
target_init = tf.group([tf.assign(v_targ, v_main) for v_main, v_targ in zip(get_vars('main'), get_vars('target'))])
rs = np.random.RandomState(5)
feed = {x_ph: rs.normal(size=(5, obs_dim)), x2_ph: rs.normal(size=(5, obs_dim)),
        a_ph: rs.uniform(-1, 1, (5, act_dim)), r_ph: rs.normal(size=5), d_ph: [0, 1, 0, 0, 0]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
sess.run(target_init)
hist = []
for j in range(4):
  outs = sess.run([q_loss, q1, q2, a2, train_q_op], feed)
  hist.append(outs[:4])
  if j % 2 == 0:
    # the policy step and then the targets, as td3.py runs them (two runs)
    hist.append(sess.run([pi_loss, train_pi_op], feed)[0])
    sess.run(target_update)
out["hist"] = LS(hist)
R({"pi": pi, "targ_w": get_vars('target')[2]}, feed=feed, sess=sess)
""",
    # openai/spinningup algos/tf1/trpo: the diagonal Gaussian's KL, flat_grad and the
    # Hessian-vector product (the gradient of <grad KL, x>: gradients of gradients),
    # set_flat_params_from over tf.split and assign, conjugate gradient and the backtracking
    # line search in numpy feeding placeholders; GAE advantages computed in numpy.
    "spinup_trpo_hvp_conjugate_gradient_line_search": r"""
EPS = 1e-8

def keys_as_sorted_list(d):
  return sorted(list(d.keys()))

def flat_concat(xs):
  return tf.concat([tf.reshape(x, (-1,)) for x in xs], axis=0)

def flat_grad(f, params):
  return flat_concat(tf.gradients(xs=params, ys=f))

def hessian_vector_product(f, params):
  g = flat_grad(f, params)
  x = tf.placeholder(tf.float32, shape=g.shape)
  return x, flat_grad(tf.reduce_sum(g * x), params)

def assign_params_from_flat(x, params):
  flat_size = lambda p: int(np.prod(p.shape.as_list()))
  splits = tf.split(x, [flat_size(p) for p in params])
  new_params = [tf.reshape(p_new, p.shape) for p, p_new in zip(params, splits)]
  return tf.group([tf.assign(p, p_new) for p, p_new in zip(params, new_params)])

def gaussian_likelihood(x, mu, log_std):
  pre_sum = -0.5 * (((x - mu) / (tf.exp(log_std) + EPS)) ** 2 + 2 * log_std + np.log(2 * np.pi))
  return tf.reduce_sum(pre_sum, axis=1)

def diagonal_gaussian_kl(mu0, log_std0, mu1, log_std1):
  var0, var1 = tf.exp(2 * log_std0), tf.exp(2 * log_std1)
  pre_sum = 0.5 * (((mu1 - mu0) ** 2 + var0) / (var1 + EPS) - 1) + log_std1 - log_std0
  all_kls = tf.reduce_sum(pre_sum, axis=1)
  return tf.reduce_mean(all_kls)

def discount_cumsum(x, discount):
  out_ = np.zeros_like(x)
  run = 0.0
  for t in reversed(range(len(x))):
    run = x[t] + discount * run
    out_[t] = run
  return out_

tf.set_random_seed(9)
obs_dim, act_dim, delta, damping, cg_iters, backtrack_iters, backtrack_coeff = 3, 2, 0.01, 0.1, 5, 10, 0.8
x_ph = tf.placeholder(tf.float32, (None, obs_dim))
a_ph = tf.placeholder(tf.float32, (None, act_dim))
adv_ph = tf.placeholder(tf.float32, (None,))
logp_old_ph = tf.placeholder(tf.float32, (None,))
old_mu_ph = tf.placeholder(tf.float32, (None, act_dim))
old_log_std_ph = tf.placeholder(tf.float32, (None, act_dim))
with tf.variable_scope('pi'):
  h = tf.layers.dense(x_ph, 8, activation=tf.tanh)
  mu = tf.layers.dense(h, act_dim)
  log_std = tf.get_variable(name='log_std', initializer=-0.5 * np.ones(act_dim, dtype=np.float32))
  logp = gaussian_likelihood(a_ph, mu, log_std)
d_kl = diagonal_gaussian_kl(mu, log_std, old_mu_ph, old_log_std_ph)
ratio = tf.exp(logp - logp_old_ph)
pi_loss = -tf.reduce_mean(ratio * adv_ph)
pi_params = [v for v in tf.trainable_variables() if 'pi' in v.name]
gradient = flat_grad(pi_loss, pi_params)
v_ph, hvp = hessian_vector_product(d_kl, pi_params)
if damping > 0:
  hvp += damping * v_ph
get_pi_params = flat_concat(pi_params)
set_pi_params = assign_params_from_flat(v_ph, pi_params)
rs = np.random.RandomState(2)
obs = rs.normal(size=(6, obs_dim)).astype(np.float32)
act = rs.normal(size=(6, act_dim)).astype(np.float32)
rew = rs.normal(size=6).astype(np.float32)
vals = rs.normal(size=7).astype(np.float32) * 0.1
deltas = rew + 0.99 * vals[1:] - vals[:-1]
adv = discount_cumsum(deltas, 0.99 * 0.97)
adv = (adv - adv.mean()) / adv.std()
sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
old_mu, old_ls, logp_old = sess.run([mu, log_std, logp], {x_ph: obs, a_ph: act})
inputs = {x_ph: obs, a_ph: act, adv_ph: adv, logp_old_ph: logp_old,
          old_mu_ph: old_mu, old_log_std_ph: np.tile(old_ls, (6, 1))}
# hvp at the old policy: its KL is 0, its Hessian (the Fisher matrix) is not
Hx = lambda x: sess.run(hvp, feed_dict={**inputs, v_ph: x})
g, pi_l_old = sess.run([gradient, pi_loss], feed_dict=inputs)

def cg(Ax, b):
  x = np.zeros_like(b)
  r = b.copy()
  p = r.copy()
  r_dot_old = np.dot(r, r)
  for _ in range(cg_iters):
    z = Ax(p)
    alpha = r_dot_old / (np.dot(p, z) + EPS)
    x += alpha * p
    r -= alpha * z
    r_dot_new = np.dot(r, r)
    p = r + (r_dot_new / r_dot_old) * p
    r_dot_old = r_dot_new
  return x

x = cg(Hx, g)
alpha = np.sqrt(2 * delta / (np.dot(x, Hx(x)) + EPS))
old_params = sess.run(get_pi_params)

def set_and_eval(step):
  sess.run(set_pi_params, feed_dict={v_ph: old_params - alpha * x * step})
  return sess.run([d_kl, pi_loss], feed_dict=inputs)

trace = []
for j in range(backtrack_iters):
  kl, pi_l_new = set_and_eval(step=backtrack_coeff ** j)
  trace.append([float(kl), float(pi_l_new)])
  if kl <= delta and pi_l_new <= pi_l_old:
    break
out["g"] = L(g)
out["Hg"] = L(Hx(g))
out["cg_x"] = L(x)
out["alpha"] = float(alpha)
out["trace"] = trace
out["hvp_shape"] = str(hvp.shape)
""",
}

GAN_PROGRAMS = {
    # tkarras/progressive_growing_of_gans networks.py and loss.py (NHWC): get_weight with
    # the runtime He scale (use_wscale), pixel norm, the minibatch stddev layer over groups,
    # upscale2d by reshape and tile, downscale2d by avg_pool, the fade-in lerp by lod;
    # WGAN-GP's penalty on the interpolates with the epsilon drift, whose minimization
    # differentiates the gradient norm; Adam(beta1=0, beta2=0.99), two steps each.
    "pggan_wgan_gp_minibatch_stddev_pixelnorm": r"""
def lerp(a, b, t): return a + (b - a) * t
def lerp_clip(a, b, t): return a + (b - a) * tf.clip_by_value(t, 0.0, 1.0)

def get_weight(shape, gain=np.sqrt(2), use_wscale=False, fan_in=None):
  if fan_in is None: fan_in = np.prod(shape[:-1])
  std = gain / np.sqrt(fan_in)
  if use_wscale:
    wscale = tf.constant(np.float32(std), name='wscale')
    return tf.get_variable('weight', shape=shape, initializer=tf.initializers.random_normal()) * wscale
  else:
    return tf.get_variable('weight', shape=shape, initializer=tf.initializers.random_normal(0, std))

def dense(x, fmaps, gain=np.sqrt(2), use_wscale=False):
  if len(x.shape) > 2:
    x = tf.reshape(x, [-1, np.prod([d.value for d in x.shape[1:]])])
  w = get_weight([x.shape[1].value, fmaps], gain=gain, use_wscale=use_wscale)
  w = tf.cast(w, x.dtype)
  return tf.matmul(x, w)

def conv2d(x, fmaps, kernel, gain=np.sqrt(2), use_wscale=False):
  w = get_weight([kernel, kernel, x.shape[3].value, fmaps], gain=gain, use_wscale=use_wscale)
  w = tf.cast(w, x.dtype)
  return tf.nn.conv2d(x, w, strides=[1, 1, 1, 1], padding='SAME')

def apply_bias(x):
  b = tf.get_variable('bias', shape=[x.shape[-1]], initializer=tf.initializers.zeros())
  b = tf.cast(b, x.dtype)
  if len(x.shape) == 2:
    return x + b
  return x + tf.reshape(b, [1, 1, 1, -1])

def leaky_relu(x, alpha=0.2):
  with tf.name_scope('LeakyRelu'):
    alpha = tf.constant(alpha, dtype=x.dtype, name='alpha')
    return tf.maximum(x * alpha, x)

def upscale2d(x, factor=2):
  with tf.variable_scope('Upscale2D'):
    s = x.shape
    x = tf.reshape(x, [-1, s[1], 1, s[2], 1, s[3]])
    x = tf.tile(x, [1, 1, factor, 1, factor, 1])
    x = tf.reshape(x, [-1, s[1] * factor, s[2] * factor, s[3]])
    return x

def downscale2d(x, factor=2):
  with tf.variable_scope('Downscale2D'):
    ksize = [1, factor, factor, 1]
    return tf.nn.avg_pool(x, ksize=ksize, strides=ksize, padding='VALID')

def pixel_norm(x, epsilon=1e-8):
  with tf.variable_scope('PixelNorm'):
    # axis=1 in NCHW, for the latents and the feature maps alike
    return x * tf.rsqrt(tf.reduce_mean(tf.square(x), axis=-1, keepdims=True) + epsilon)

def minibatch_stddev_layer(x, group_size=2):
  with tf.variable_scope('MinibatchStddev'):
    group_size = tf.minimum(group_size, tf.shape(x)[0])
    s = x.shape
    y = tf.reshape(x, [group_size, -1, s[1], s[2], s[3]])
    y = tf.cast(y, tf.float32)
    y -= tf.reduce_mean(y, axis=0, keepdims=True)
    y = tf.reduce_mean(tf.square(y), axis=0)
    y = tf.sqrt(y + 1e-8)
    y = tf.reduce_mean(y, axis=[1, 2, 3], keepdims=True)
    y = tf.cast(y, x.dtype)
    y = tf.tile(y, [group_size, s[1], s[2], 1])
    return tf.concat([x, y], axis=3)

# Resource variables: D_train's second-order gradients read D's weights, and with ref
# variables TF's executor reads some after their Adam update in the same run (TF's G loss
# after a D step moves by 3e-3 with ref variables; graphgate's reads are snapshots).
def G(latents, lod_in, reuse=False):
  with tf.variable_scope('G', reuse=reuse, use_resource=True):
    act = leaky_relu
    PN = lambda x: pixel_norm(x)
    x = PN(latents)
    with tf.variable_scope('4x4'):
      with tf.variable_scope('Dense'):
        x = dense(x, fmaps=8 * 16, gain=np.sqrt(2) / 4, use_wscale=True)
        x = tf.reshape(x, [-1, 4, 4, 8])
        x = PN(act(apply_bias(x)))
      with tf.variable_scope('Conv'):
        x4 = PN(act(apply_bias(conv2d(x, fmaps=8, kernel=3, use_wscale=True))))
    with tf.variable_scope('8x8'):
      x = upscale2d(x4)
      with tf.variable_scope('Conv0'):
        x = PN(act(apply_bias(conv2d(x, fmaps=8, kernel=3, use_wscale=True))))
      with tf.variable_scope('Conv1'):
        x8 = PN(act(apply_bias(conv2d(x, fmaps=8, kernel=3, use_wscale=True))))
    def torgb(x, res):
      with tf.variable_scope('ToRGB_lod%d' % res):
        return apply_bias(conv2d(x, fmaps=3, kernel=1, gain=1, use_wscale=True))
    img = upscale2d(torgb(x4, 1))
    img = lerp_clip(torgb(x8, 0), img, lod_in)
    return img

def D(images, lod_in, reuse=False):
  with tf.variable_scope('D', reuse=reuse, use_resource=True):
    act = leaky_relu
    def fromrgb(x, res):
      with tf.variable_scope('FromRGB_lod%d' % res):
        return act(apply_bias(conv2d(x, fmaps=8, kernel=1, use_wscale=True)))
    x = fromrgb(images, 0)
    with tf.variable_scope('8x8'):
      with tf.variable_scope('Conv0'):
        x = act(apply_bias(conv2d(x, fmaps=8, kernel=3, use_wscale=True)))
      x = downscale2d(x)
    y = fromrgb(downscale2d(images), 1)
    x = lerp_clip(x, y, lod_in)
    with tf.variable_scope('4x4'):
      x = minibatch_stddev_layer(x, 2)
      with tf.variable_scope('Conv'):
        x = act(apply_bias(conv2d(x, fmaps=8, kernel=3, use_wscale=True)))
      with tf.variable_scope('Dense0'):
        x = act(apply_bias(dense(x, fmaps=8, use_wscale=True)))
      with tf.variable_scope('Dense1'):
        x = apply_bias(dense(x, fmaps=1, gain=1, use_wscale=True))
    return x

tf.set_random_seed(1000)
minibatch_size = 4
lod_in = tf.placeholder(tf.float32, [])
latents = tf.placeholder(tf.float32, [minibatch_size, 16])
reals = tf.placeholder(tf.float32, [minibatch_size, 8, 8, 3])
fake_images_out = G(latents, lod_in)
real_scores_out = D(reals, lod_in)
fake_scores_out = D(fake_images_out, lod_in, reuse=True)
G_loss = -tf.reduce_mean(fake_scores_out)
wgan_lambda, wgan_epsilon, wgan_target = 10.0, 0.001, 1.0
D_loss = fake_scores_out - real_scores_out
with tf.name_scope('GradientPenalty'):
  mixing_factors = tf.random_uniform([minibatch_size, 1, 1, 1], 0.0, 1.0, dtype=fake_images_out.dtype, seed=21)
  mixed_images_out = lerp(tf.cast(reals, fake_images_out.dtype), fake_images_out, mixing_factors)
  mixed_scores_out = D(mixed_images_out, lod_in, reuse=True)
  mixed_loss = tf.reduce_sum(mixed_scores_out)
  mixed_grads = tf.gradients(mixed_loss, [mixed_images_out])[0]
  mixed_norms = tf.sqrt(tf.reduce_sum(tf.square(mixed_grads), axis=[1, 2, 3]))
  gradient_penalty = tf.square(mixed_norms - wgan_target)
D_loss += gradient_penalty * (wgan_lambda / (wgan_target ** 2))
with tf.name_scope('EpsilonPenalty'):
  epsilon_penalty = tf.square(real_scores_out)
D_loss += epsilon_penalty * wgan_epsilon
D_loss = tf.reduce_mean(D_loss)
G_vars = tf.trainable_variables('G')
D_vars = tf.trainable_variables('D')
D_opt = tf.train.AdamOptimizer(learning_rate=0.01, beta1=0.0, beta2=0.99, epsilon=1e-8)
G_opt = tf.train.AdamOptimizer(learning_rate=0.01, beta1=0.0, beta2=0.99, epsilon=1e-8)
D_train = D_opt.minimize(D_loss, var_list=D_vars)
G_train = G_opt.minimize(G_loss, var_list=G_vars)
feed = {lod_in: 0.25, latents: rand(1, minibatch_size, 16), reals: np.tanh(rand(2, minibatch_size, 8, 8, 3))}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
# D's scores of the fakes feed D_loss but no gradient: a run of D_train may read D's
# last weights for them after Adam's update, so the losses are read in runs of their own
# (each draws its own mixing factors, as each step does).
RS({"fake": fake_images_out, "real_scores": real_scores_out}, feed, sess)
hist = []
for _ in range(2):
  hist.append(sess.run([D_loss, gradient_penalty], feed))
  sess.run(D_train, feed)
  hist.append(sess.run(G_loss, feed))
  sess.run(G_train, feed)
out["hist"] = LS(hist)
R({"g_w": G_vars[1], "d_w": D_vars[-2]}, sess=sess)
""",
}

VISION_PROGRAMS = {
    # NVlabs/stylegan2 training/networks_stylegan2.py (NHWC): the mapping network with lrmul
    # (the runtime scale on weights and biases), the truncation trick's lerp toward
    # dlatent_avg, modulated_conv2d_layer (style modulation, demodulation by rsqrt), the
    # noise inputs with their strengths, and loss.py's path length penalty, the gradient of
    # the images' product with noise by the dlatents, minimized: gradients of gradients.
    "stylegan_mapping_modconv_path_length": r"""
def get_weight(shape, gain=1, use_wscale=True, lrmul=1, weight_var='weight'):
  fan_in = np.prod(shape[:-1])
  he_std = gain / np.sqrt(fan_in)
  if use_wscale:
    init_std = 1.0 / lrmul
    runtime_coef = he_std * lrmul
  else:
    init_std = he_std / lrmul
    runtime_coef = lrmul
  w = tf.get_variable(weight_var, shape=shape, initializer=tf.initializers.random_normal(0, init_std))
  return w * runtime_coef

def dense_layer(x, fmaps, gain=1, use_wscale=True, lrmul=1, weight_var='weight'):
  if len(x.shape) > 2:
    x = tf.reshape(x, [-1, np.prod([d.value for d in x.shape[1:]])])
  w = get_weight([x.shape[1].value, fmaps], gain=gain, use_wscale=use_wscale, lrmul=lrmul, weight_var=weight_var)
  w = tf.cast(w, x.dtype)
  return tf.matmul(x, w)

def apply_bias_act(x, act='linear', alpha=None, gain=None, lrmul=1, bias_var='bias'):
  b = tf.get_variable(bias_var, shape=[x.shape[-1]], initializer=tf.initializers.zeros()) * lrmul
  x = x + b
  if act == 'lrelu':
    return tf.nn.leaky_relu(x, 0.2) * np.sqrt(2)
  return x

def modulated_conv2d_layer(x, y, fmaps, kernel, demodulate=True, fused_modconv=True, weight_var='weight', mod_weight_var='mod_weight', mod_bias_var='mod_bias'):
  w = get_weight([kernel, kernel, x.shape[3].value, fmaps], weight_var=weight_var)
  ww = w[np.newaxis]
  s = dense_layer(y, fmaps=x.shape[3].value, weight_var=mod_weight_var)
  s = apply_bias_act(s, bias_var=mod_bias_var) + 1
  ww *= tf.cast(s[:, np.newaxis, np.newaxis, :, np.newaxis], w.dtype)
  if demodulate:
    d = tf.rsqrt(tf.reduce_sum(tf.square(ww), axis=[1, 2, 3]) + 1e-8)
    ww *= d[:, np.newaxis, np.newaxis, np.newaxis, :]
  if fused_modconv:
    # NHWC: the batch goes to the channels, one grouped convolution as a depthwise-free
    # loop over the batch (TF's CPU kernels have no grouped conv2d)
    outs = [tf.nn.conv2d(x[i:i + 1], ww[i], strides=[1, 1, 1, 1], padding='SAME') for i in range(x.shape[0].value)]
    return tf.concat(outs, 0)
  x *= tf.cast(s[:, np.newaxis, np.newaxis, :], x.dtype)
  x = tf.nn.conv2d(x, tf.cast(w, x.dtype), strides=[1, 1, 1, 1], padding='SAME')
  if demodulate:
    x *= tf.cast(d[:, np.newaxis, np.newaxis, :], x.dtype)
  return x

def G_mapping(latents_in, dlatent_size=8, mapping_layers=3, mapping_lrmul=0.01, truncation_psi=None, dlatent_avg=None):
  x = latents_in
  with tf.variable_scope('Normalize'):
    x *= tf.rsqrt(tf.reduce_mean(tf.square(x), axis=1, keepdims=True) + 1e-8)
  for layer_idx in range(mapping_layers):
    with tf.variable_scope('Dense%d' % layer_idx):
      x = apply_bias_act(dense_layer(x, fmaps=dlatent_size, lrmul=mapping_lrmul), act='lrelu', lrmul=mapping_lrmul)
  x = tf.tile(x[:, np.newaxis], [1, 2, 1])
  if truncation_psi is not None:
    with tf.variable_scope('Truncation'):
      layer_idx = np.arange(2)[np.newaxis, :, np.newaxis]
      layer_psi = np.ones(layer_idx.shape, dtype=np.float32)
      layer_psi = tf.where(layer_idx < 1, layer_psi * truncation_psi, layer_psi)
      x = dlatent_avg + (x - dlatent_avg) * layer_psi
  return tf.identity(x, name='dlatents_out')

def G_synthesis(dlatents_in, fused_modconv, seed):
  with tf.variable_scope('4x4'):
    const = tf.get_variable('const', shape=[1, 4, 4, 8], initializer=tf.initializers.random_normal())
    x = tf.tile(tf.cast(const, tf.float32), [tf.shape(dlatents_in)[0], 1, 1, 1])
    x.set_shape([dlatents_in.shape[0].value, 4, 4, 8])
    with tf.variable_scope('Conv'):
      x = modulated_conv2d_layer(x, dlatents_in[:, 0], fmaps=8, kernel=3, fused_modconv=fused_modconv)
      noise = tf.random_normal([tf.shape(x)[0], x.shape[1], x.shape[2], 1], seed=seed)
      noise_strength = tf.get_variable('noise_strength', shape=[], initializer=tf.initializers.constant(0.1))
      x += noise * noise_strength
      x = apply_bias_act(x, act='lrelu')
    with tf.variable_scope('ToRGB'):
      y = modulated_conv2d_layer(x, dlatents_in[:, 1], fmaps=3, kernel=1, demodulate=False, fused_modconv=fused_modconv)
      y = apply_bias_act(y)
  return y

tf.set_random_seed(4)
latents = tf.placeholder(tf.float32, [3, 6])
with tf.variable_scope('G_mapping'):
  dlatent_avg = tf.get_variable('dlatent_avg', shape=[8], initializer=tf.initializers.zeros(), trainable=False)
  dlatents = G_mapping(latents)
with tf.variable_scope('G_mapping', reuse=True):
  dlatents_trunc = G_mapping(latents, truncation_psi=0.7, dlatent_avg=dlatent_avg)
with tf.variable_scope('G_synthesis'):
  images = G_synthesis(dlatents, True, 8)
with tf.variable_scope('G_synthesis', reuse=True):
  images_unfused = G_synthesis(dlatents, False, 8)
update_avg = tf.assign(dlatent_avg, tf.reduce_mean(dlatents[:, 0], axis=0) * 0.005 + dlatent_avg * 0.995)
pl_noise = tf.random_normal(tf.shape(images), seed=9) / np.sqrt(np.prod(images.shape[1:3].as_list()))
pl_grads = tf.gradients(tf.reduce_sum(images * pl_noise), [dlatents])[0]
pl_lengths = tf.sqrt(tf.reduce_mean(tf.reduce_sum(tf.square(pl_grads), axis=2), axis=1))
pl_mean_var = tf.Variable(name='pl_mean', trainable=False, initial_value=0.0, dtype=tf.float32)
pl_mean = pl_mean_var + 0.01 * (tf.reduce_mean(pl_lengths) - pl_mean_var)
pl_update = tf.assign(pl_mean_var, pl_mean)
with tf.control_dependencies([pl_update]):
  pl_penalty = tf.square(pl_lengths - pl_mean)
reg = tf.reduce_mean(pl_penalty) * 2.0
train = tf.train.AdamOptimizer(0.01, beta1=0.0, beta2=0.99, epsilon=1e-8).minimize(reg, var_list=tf.trainable_variables())
feed = {latents: rand(1, 3, 6)}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
sess.run(update_avg, feed)
# the synthesis noise is drawn by each run; the fused and unfused layers draw the same
RS({"dlatents": dlatents, "trunc": dlatents_trunc, "images": [images, images_unfused]}, feed, sess)
hist = []
for _ in range(3):
  hist.append(sess.run([reg, pl_lengths, train], feed)[:2])
out["hist"] = LS(hist)
R({"pl_mean": pl_mean_var}, sess=sess)
""",
    # taki0112's Self-Attention-GAN-Tensorflow ops.py and SAGAN.py: spectral-normed convs
    # (one power iteration, u kept in a variable updated under control_dependencies), the
    # attention block (hw_flatten, f/g/h 1x1 convs, max-pooled keys in google_attention),
    # gamma; the hinge losses, TTUR Adam (beta1=0, beta2=0.9), two D and G steps.
    "sagan_self_attention_spectral_norm_hinge": r"""
weight_init = tf.initializers.random_normal(mean=0.0, stddev=0.02)

def spectral_norm(w, iteration=1):
  w_shape = w.shape.as_list()
  w = tf.reshape(w, [-1, w_shape[-1]])
  u = tf.get_variable("u", [1, w_shape[-1]], initializer=tf.random_normal_initializer(), trainable=False)
  u_hat = u
  v_hat = None
  for i in range(iteration):
    v_ = tf.matmul(u_hat, tf.transpose(w))
    v_hat = tf.nn.l2_normalize(v_)
    u_ = tf.matmul(v_hat, w)
    u_hat = tf.nn.l2_normalize(u_)
  u_hat = tf.stop_gradient(u_hat)
  v_hat = tf.stop_gradient(v_hat)
  sigma = tf.matmul(tf.matmul(v_hat, w), tf.transpose(u_hat))
  with tf.control_dependencies([u.assign(u_hat)]):
    w_norm = w / sigma
    w_norm = tf.reshape(w_norm, w_shape)
  return w_norm

def conv(x, channels, kernel=4, stride=2, pad=0, sn=False, use_bias=True, scope='conv_0'):
  with tf.variable_scope(scope):
    if pad > 0:
      x = tf.pad(x, [[0, 0], [pad, pad], [pad, pad], [0, 0]])
    if sn:
      w = tf.get_variable("kernel", shape=[kernel, kernel, x.get_shape()[-1], channels], initializer=weight_init)
      x = tf.nn.conv2d(input=x, filter=spectral_norm(w), strides=[1, stride, stride, 1], padding='VALID')
      if use_bias:
        bias = tf.get_variable("bias", [channels], initializer=tf.constant_initializer(0.0))
        x = tf.nn.bias_add(x, bias)
    else:
      x = tf.layers.conv2d(inputs=x, filters=channels, kernel_size=kernel, kernel_initializer=weight_init,
                           strides=stride, use_bias=use_bias)
    return x

def hw_flatten(x):
  return tf.reshape(x, shape=[x.shape[0], -1, x.shape[-1]])

def max_pooling(x):
  return tf.layers.max_pooling2d(x, pool_size=2, strides=2, padding='SAME')

def google_attention(x, channels, scope='attention'):
  with tf.variable_scope(scope):
    batch_size, height, width, num_channels = x.get_shape().as_list()
    f = conv(x, channels // 8, kernel=1, stride=1, sn=True, scope='f_conv')
    f = max_pooling(f)
    g = conv(x, channels // 8, kernel=1, stride=1, sn=True, scope='g_conv')
    h = conv(x, channels // 2, kernel=1, stride=1, sn=True, scope='h_conv')
    h = max_pooling(h)
    s = tf.matmul(hw_flatten(g), hw_flatten(f), transpose_b=True)
    beta = tf.nn.softmax(s)
    o = tf.matmul(beta, hw_flatten(h))
    gamma = tf.get_variable("gamma", [1], initializer=tf.constant_initializer(0.5))
    o = tf.reshape(o, shape=[batch_size, height, width, num_channels // 2])
    o = conv(o, channels, kernel=1, stride=1, sn=True, scope='attn_conv')
    x = gamma * o + x
  return x

def lrelu(x, alpha=0.2):
  return tf.nn.leaky_relu(x, alpha)

def discriminator(x, reuse=False):
  with tf.variable_scope("discriminator", reuse=reuse):
    x = conv(x, 16, kernel=3, stride=1, pad=1, sn=True, scope='conv')
    x = lrelu(x, 0.2)
    x = google_attention(x, 16, scope="attention")
    x = conv(x, 16, kernel=4, stride=2, pad=1, sn=True, scope='conv_1')
    x = lrelu(x, 0.2)
    x = conv(x, 1, kernel=4, stride=1, sn=True, scope='D_logit')
    return x

def generator(z, reuse=False):
  with tf.variable_scope("generator", reuse=reuse):
    x = tf.layers.dense(z, 4 * 4 * 16)
    x = tf.reshape(x, [-1, 4, 4, 16])
    x = tf.nn.relu(x)
    x = tf.image.resize_nearest_neighbor(x, [8, 8])
    x = conv(x, 16, kernel=3, stride=1, pad=1, sn=True, scope='up_conv')
    x = tf.nn.relu(x)
    x = google_attention(x, 16, scope="attention")
    x = conv(x, 3, kernel=3, stride=1, pad=1, sn=True, scope='G_logit')
    return tf.tanh(x)

def discriminator_loss(real, fake):
  real_loss = tf.reduce_mean(tf.nn.relu(1.0 - real))
  fake_loss = tf.reduce_mean(tf.nn.relu(1.0 + fake))
  return real_loss + fake_loss

def generator_loss(fake):
  return -tf.reduce_mean(fake)

tf.set_random_seed(31)
batch_size = 2
inputs = tf.placeholder(tf.float32, [batch_size, 8, 8, 3])
z = tf.placeholder(tf.float32, [batch_size, 1, 1, 6])
real_logits = discriminator(inputs)
fake_images = generator(tf.reshape(z, [batch_size, 6]))
fake_logits = discriminator(fake_images, reuse=True)
d_loss = discriminator_loss(real=real_logits, fake=fake_logits)
g_loss = generator_loss(fake=fake_logits)
t_vars = tf.trainable_variables()
d_vars = [var for var in t_vars if 'discriminator' in var.name]
g_vars = [var for var in t_vars if 'generator' in var.name]
d_optim = tf.train.AdamOptimizer(0.004, beta1=0.0, beta2=0.9).minimize(d_loss, var_list=d_vars)
g_optim = tf.train.AdamOptimizer(0.001, beta1=0.0, beta2=0.9).minimize(g_loss, var_list=g_vars)
us = sorted([v for v in tf.global_variables() if v.op.name.endswith("/u")], key=lambda v: v.op.name)
out["us"] = [v.op.name for v in us]
feed = {inputs: np.tanh(rand(1, batch_size, 8, 8, 3)), z: rand(2, batch_size, 1, 1, 6)}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
# each run's power iteration writes u, which the same run's reads of u (two per D and
# G, for real and fake inputs) may see before or after: the losses are read in runs of
# their own where no u is read twice, the fetched u after each step.
hist = []
for _ in range(2):
  hist.append(sess.run(g_loss, feed))
  sess.run(d_optim, feed)
  sess.run(g_optim, feed)
out["hist"] = LS(hist)
R({"g_fake": fake_images}, feed=feed, sess=sess)
""",
    # tensorflow/tpu models/official/efficientnet efficientnet_model.py: round_filters,
    # MBConvBlock (expand conv, tf.layers batch norm with momentum 0.99 and epsilon 1e-3,
    # a DepthwiseConv2D, squeeze-and-excitation by reduce_mean keepdims, swish), the
    # drop_connect of utils.py with a seeded uniform; UPDATE_OPS before a momentum step.
    "effnet_mbconv_se_swish_drop_connect": r"""
def round_filters(filters, width_coefficient=1.1, depth_divisor=8, min_depth=None):
  orig_f = filters
  multiplier = width_coefficient
  divisor = depth_divisor
  min_depth = min_depth
  if not multiplier:
    return filters
  filters *= multiplier
  min_depth = min_depth or divisor
  new_filters = max(min_depth, int(filters + divisor / 2) // divisor * divisor)
  if new_filters < 0.9 * filters:
    new_filters += divisor
  return int(new_filters)

def drop_connect(inputs, is_training, survival_prob):
  if not is_training:
    return inputs
  batch_size = tf.shape(inputs)[0]
  random_tensor = survival_prob
  random_tensor += tf.random_uniform([batch_size, 1, 1, 1], dtype=inputs.dtype, seed=6)
  binary_tensor = tf.floor(random_tensor)
  output = tf.div(inputs, survival_prob) * binary_tensor
  return output

class MBConvBlock(object):
  def __init__(self, input_filters, output_filters, expand_ratio, kernel_size, strides, se_ratio, id_skip=True):
    self._input_filters, self._output_filters = input_filters, output_filters
    self._expand_ratio, self._kernel_size, self._strides = expand_ratio, kernel_size, strides
    self._se_ratio, self._id_skip = se_ratio, id_skip
    self._batch_norm_momentum, self._batch_norm_epsilon = 0.99, 1e-3
    self._relu_fn = tf.nn.swish
    self._build()

  def _build(self):
    filters = self._input_filters * self._expand_ratio
    kernel_size = self._kernel_size
    init = tf.variance_scaling_initializer(scale=2.0, mode='fan_out', distribution='untruncated_normal', seed=3)
    self._expand_conv = tf.layers.Conv2D(filters, kernel_size=[1, 1], strides=[1, 1], kernel_initializer=init, padding='same', use_bias=False)
    self._bn0 = tf.layers.BatchNormalization(axis=-1, momentum=self._batch_norm_momentum, epsilon=self._batch_norm_epsilon)
    self._depthwise_conv = tf.keras.layers.DepthwiseConv2D(kernel_size=[kernel_size, kernel_size], strides=self._strides,
        depthwise_initializer=init, padding='same', use_bias=False)
    self._bn1 = tf.layers.BatchNormalization(axis=-1, momentum=self._batch_norm_momentum, epsilon=self._batch_norm_epsilon)
    num_reduced_filters = max(1, int(self._input_filters * self._se_ratio))
    self._se_reduce = tf.layers.Conv2D(num_reduced_filters, kernel_size=[1, 1], strides=[1, 1], kernel_initializer=init, padding='same', use_bias=True)
    self._se_expand = tf.layers.Conv2D(filters, kernel_size=[1, 1], strides=[1, 1], kernel_initializer=init, padding='same', use_bias=True)
    self._project_conv = tf.layers.Conv2D(self._output_filters, kernel_size=[1, 1], strides=[1, 1], kernel_initializer=init, padding='same', use_bias=False)
    self._bn2 = tf.layers.BatchNormalization(axis=-1, momentum=self._batch_norm_momentum, epsilon=self._batch_norm_epsilon)

  def _call_se(self, input_tensor):
    se_tensor = tf.reduce_mean(input_tensor, [1, 2], keepdims=True)
    se_tensor = self._se_expand(self._relu_fn(self._se_reduce(se_tensor)))
    return tf.sigmoid(se_tensor) * input_tensor

  def call(self, inputs, training=True, survival_prob=None):
    x = self._relu_fn(self._bn0(self._expand_conv(inputs), training=training))
    x = self._relu_fn(self._bn1(self._depthwise_conv(x), training=training))
    x = self._call_se(x)
    self.endpoints = {'expansion_output': x}
    x = self._bn2(self._project_conv(x), training=training)
    x = tf.identity(x)
    if self._id_skip and all(s == 1 for s in self._strides) and self._input_filters == self._output_filters:
      if survival_prob:
        x = drop_connect(x, training, survival_prob)
      x = tf.add(x, inputs)
    return x

tf.set_random_seed(12)
out["round"] = [round_filters(f) for f in (32, 16, 24, 40, 80, 112, 192, 320, 1280)]
images = tf.placeholder(tf.float32, [4, 6, 6, 8])
labels = tf.placeholder(tf.int32, [4])
with tf.variable_scope("blocks_0"):
  b0 = MBConvBlock(8, 8, 3, 3, [1, 1], 0.25)
  y = b0.call(images, training=True, survival_prob=0.8)
with tf.variable_scope("blocks_1"):
  b1 = MBConvBlock(8, 12, 2, 5, [2, 2], 0.25)
  y = b1.call(y, training=True)
logits = tf.layers.dense(tf.reduce_mean(y, [1, 2]), 3)
loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
out["n_update_ops"] = len(update_ops)
with tf.control_dependencies(update_ops):
  train_op = tf.train.MomentumOptimizer(0.05, 0.9).minimize(loss)
feed = {images: rand(1, 4, 6, 6, 8), labels: [0, 2, 1, 2]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
# the drop-connect mask is drawn by each run: the loss is read with its step
hist = []
for _ in range(3):
  hist.append(sess.run([loss, train_op], feed)[0])
out["hist"] = LS(hist)
R({"moving_mean": [v for v in tf.global_variables() if "moving_mean" in v.op.name][2],
   "se_bias": [v for v in tf.trainable_variables() if "conv2d_1/bias" in v.op.name][0]}, sess=sess)
""",
    # tensorflow/tpu models/official/retinanet: the anchors of anchors.py (levels, scales,
    # aspect ratios) in numpy, retinanet_model.py's focal loss (the log1p(exp(-x))
    # modulator), the box Huber loss summed over positives, the normalizer of positives,
    # and the decoding of box outputs with the anchors and top-k scores.
    "retina_focal_loss_anchors_decode": r"""
def _generate_anchor_configs(min_level, max_level, num_scales, aspect_ratios):
  anchor_configs = {}
  for level in range(min_level, max_level + 1):
    anchor_configs[level] = []
    for scale_octave in range(num_scales):
      for aspect in aspect_ratios:
        anchor_configs[level].append((2 ** level, scale_octave / float(num_scales), aspect))
  return anchor_configs

def _generate_anchor_boxes(image_size, anchor_scale, anchor_configs):
  boxes_all = []
  for _, configs in anchor_configs.items():
    boxes_level = []
    for config in configs:
      stride, octave_scale, aspect = config
      if image_size % stride != 0:
        raise ValueError('input size must be divided by the stride.')
      base_anchor_size = anchor_scale * stride * 2 ** octave_scale
      anchor_size_x_2 = base_anchor_size * aspect[0] / 2.0
      anchor_size_y_2 = base_anchor_size * aspect[1] / 2.0
      x = np.arange(stride / 2, image_size, stride)
      y = np.arange(stride / 2, image_size, stride)
      xv, yv = np.meshgrid(x, y)
      xv = xv.reshape(-1)
      yv = yv.reshape(-1)
      boxes = np.vstack((yv - anchor_size_y_2, xv - anchor_size_x_2, yv + anchor_size_y_2, xv + anchor_size_x_2))
      boxes = np.swapaxes(boxes, 0, 1)
      boxes_level.append(np.expand_dims(boxes, axis=1))
    boxes_level = np.concatenate(boxes_level, axis=1)
    boxes_all.append(boxes_level.reshape([-1, 4]))
  return np.vstack(boxes_all)

def focal_loss(logits, targets, alpha, gamma, normalizer):
  with tf.name_scope('focal_loss'):
    positive_label_mask = tf.equal(targets, 1.0)
    cross_entropy = tf.nn.sigmoid_cross_entropy_with_logits(labels=targets, logits=logits)
    neg_logits = -1.0 * logits
    modulator = tf.exp(gamma * targets * neg_logits - gamma * tf.log1p(tf.exp(neg_logits)))
    loss = modulator * cross_entropy
    weighted_loss = tf.where(positive_label_mask, alpha * loss, (1.0 - alpha) * loss)
    weighted_loss /= normalizer
  return weighted_loss

def _box_loss(box_outputs, box_targets, num_positives, delta=0.1):
  normalizer = num_positives * 4.0
  mask = tf.not_equal(box_targets, 0.0)
  box_loss = tf.losses.huber_loss(box_targets, box_outputs, weights=mask, delta=delta,
                                  reduction=tf.losses.Reduction.SUM)
  box_loss /= normalizer
  return box_loss

def decode_box_outputs(rel_codes, anchors):
  anchors = tf.unstack(anchors)
  ycenter_a = (anchors[0] + anchors[2]) / 2
  xcenter_a = (anchors[1] + anchors[3]) / 2
  ha = anchors[2] - anchors[0]
  wa = anchors[3] - anchors[1]
  ty, tx, th, tw = tf.unstack(rel_codes)
  w = tf.exp(tw) * wa
  h = tf.exp(th) * ha
  ycenter = ty * ha + ycenter_a
  xcenter = tx * wa + xcenter_a
  ymin = ycenter - h / 2.
  xmin = xcenter - w / 2.
  ymax = ycenter + h / 2.
  xmax = xcenter + w / 2.
  return tf.transpose(tf.stack([ymin, xmin, ymax, xmax]))

configs = _generate_anchor_configs(3, 4, 2, [(1.0, 1.0), (1.4, 0.7)])
anchors = _generate_anchor_boxes(32, 4.0, configs).astype(np.float32)
out["anchors"] = [list(anchors.shape), L(anchors[::17])]
n, num_classes = anchors.shape[0], 3
rs = np.random.RandomState(8)
cls_targets_np = rs.randint(-2, num_classes, n)
cls_targets = tf.constant(cls_targets_np)
box_targets_np = (rs.normal(size=(n, 4)) * 0.2 * (cls_targets_np[:, None] >= 0)).astype(np.float32)
cls_outputs = tf.Variable(rs.normal(size=(n, num_classes)).astype(np.float32))
box_outputs = tf.Variable(rs.normal(size=(n, 4)).astype(np.float32) * 0.2)
num_positives = tf.reduce_sum(tf.to_float(cls_targets >= 0)) + 1.0
cls_targets_one_hot = tf.one_hot(cls_targets, num_classes)
cls_loss = focal_loss(cls_outputs, cls_targets_one_hot, 0.25, 1.5, num_positives)
ignore_loss = tf.to_float(tf.expand_dims(tf.not_equal(cls_targets, -2), -1))
cls_loss = tf.reduce_sum(cls_loss * ignore_loss)
box_loss = _box_loss(box_outputs, tf.constant(box_targets_np), num_positives)
total_loss = cls_loss + 50.0 * box_loss
train_op = tf.train.MomentumOptimizer(0.08, 0.9).minimize(total_loss)
scores = tf.reduce_max(tf.sigmoid(cls_outputs), axis=1)
top_scores, top_idx = tf.nn.top_k(scores, k=5)
boxes = decode_box_outputs(tf.transpose(tf.gather(box_outputs, top_idx)), tf.transpose(tf.gather(tf.constant(anchors), top_idx)))
sess = tf.Session()
sess.run(tf.global_variables_initializer())
RS({"cls_loss": cls_loss, "box_loss": box_loss, "top": [top_scores, top_idx], "boxes": boxes}, sess=sess)
hist = []
for _ in range(3):
  sess.run(train_op)
  hist.append(sess.run(total_loss))
out["hist"] = LS(hist)
""",
    # argman/EAST model.py: unpool by resize_bilinear to twice tf.shape, the mean image
    # subtraction over tf.split, the merge branch with slim convs and batch norm, the dice
    # loss on the score map and the IoU and angle losses on the geometry map through tf.split.
    "east_dice_iou_angle_losses": r"""
def unpool(inputs):
  return tf.image.resize_bilinear(inputs, size=[tf.shape(inputs)[1] * 2, tf.shape(inputs)[2] * 2])

def mean_image_subtraction(images, means=[123.68, 116.78, 103.94]):
  num_channels = images.get_shape().as_list()[-1]
  if len(means) != num_channels:
    raise ValueError('len(means) must match the number of channels')
  channels = tf.split(axis=3, num_or_size_splits=num_channels, value=images)
  for i in range(num_channels):
    channels[i] -= means[i]
  return tf.concat(axis=3, values=channels)

def model(images, weight_decay=1e-5, is_training=True):
  images = mean_image_subtraction(images)
  batch_norm_params = {'decay': 0.997, 'epsilon': 1e-5, 'scale': True, 'is_training': is_training}
  with slim.arg_scope([slim.conv2d], activation_fn=tf.nn.relu, normalizer_fn=slim.batch_norm,
                      normalizer_params=batch_norm_params, weights_regularizer=slim.l2_regularizer(weight_decay)):
    c1 = slim.conv2d(images / 128.0, 8, 3, stride=2, scope='c1')
    c2 = slim.conv2d(c1, 8, 3, stride=2, scope='c2')
    f = [c2, c1]
    g = [None, None]
    h = [None, None]
    num_outputs = [8, 4]
    for i in range(2):
      if i == 0:
        h[i] = f[i]
      else:
        c1_1 = slim.conv2d(tf.concat([g[i - 1], f[i]], axis=-1), num_outputs[i], 1)
        h[i] = slim.conv2d(c1_1, num_outputs[i], 3)
      if i <= 0:
        g[i] = unpool(h[i])
      else:
        g[i] = slim.conv2d(h[i], num_outputs[i], 3)
    F_score = slim.conv2d(g[1], 1, 1, activation_fn=tf.nn.sigmoid, normalizer_fn=None)
    geo_map = slim.conv2d(g[1], 4, 1, activation_fn=tf.nn.sigmoid, normalizer_fn=None) * 32.0
    angle_map = (slim.conv2d(g[1], 1, 1, activation_fn=tf.nn.sigmoid, normalizer_fn=None) - 0.5) * np.pi / 2
    F_geometry = tf.concat([geo_map, angle_map], axis=-1)
  return F_score, F_geometry

def dice_coefficient(y_true_cls, y_pred_cls, training_mask):
  eps = 1e-5
  intersection = tf.reduce_sum(y_true_cls * y_pred_cls * training_mask)
  union = tf.reduce_sum(y_true_cls * training_mask) + tf.reduce_sum(y_pred_cls * training_mask) + eps
  loss = 1. - (2 * intersection / union)
  return loss

def loss(y_true_cls, y_pred_cls, y_true_geo, y_pred_geo, training_mask):
  classification_loss = dice_coefficient(y_true_cls, y_pred_cls, training_mask)
  classification_loss *= 0.01
  d1_gt, d2_gt, d3_gt, d4_gt, theta_gt = tf.split(value=y_true_geo, num_or_size_splits=5, axis=3)
  d1_pred, d2_pred, d3_pred, d4_pred, theta_pred = tf.split(value=y_pred_geo, num_or_size_splits=5, axis=3)
  area_gt = (d1_gt + d3_gt) * (d2_gt + d4_gt)
  area_pred = (d1_pred + d3_pred) * (d2_pred + d4_pred)
  w_union = tf.minimum(d2_gt, d2_pred) + tf.minimum(d4_gt, d4_pred)
  h_union = tf.minimum(d1_gt, d1_pred) + tf.minimum(d3_gt, d3_pred)
  area_intersect = w_union * h_union
  area_union = area_gt + area_pred - area_intersect
  L_AABB = -tf.log((area_intersect + 1.0) / (area_union + 1.0))
  L_theta = 1 - tf.cos(theta_pred - theta_gt)
  L_g = L_AABB + 20 * L_theta
  return tf.reduce_mean(L_g * y_true_cls * training_mask) + classification_loss

# (seed 15 drew weights where one 1x1 conv weight's gradient is 3e-7, all cancellation:
# TF's and graphgate's roundings differ by a tenth there, which Adam's first step scales
# to the same +-lr, 5% apart, and a near-constant channel's batch norm carries on.)
tf.set_random_seed(16)
input_images = tf.placeholder(tf.float32, shape=[None, None, None, 3], name='input_images')
input_score_maps = tf.placeholder(tf.float32, shape=[None, None, None, 1], name='input_score_maps')
input_geo_maps = tf.placeholder(tf.float32, shape=[None, None, None, 5], name='input_geo_maps')
input_training_masks = tf.placeholder(tf.float32, shape=[None, None, None, 1], name='input_training_masks')
f_score, f_geometry = model(input_images, is_training=True)
model_loss = loss(input_score_maps, f_score, input_geo_maps, f_geometry, input_training_masks)
total_loss = tf.add_n([model_loss] + tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES))
global_step = tf.get_variable('global_step', [], initializer=tf.constant_initializer(0), trainable=False)
opt = tf.train.AdamOptimizer(0.01)
grads = opt.compute_gradients(total_loss)
apply_gradient_op = opt.apply_gradients(grads, global_step=global_step)
variable_averages = tf.train.ExponentialMovingAverage(0.997, global_step)
variables_averages_op = variable_averages.apply(tf.trainable_variables())
batch_norm_updates_op = tf.group(*tf.get_collection(tf.GraphKeys.UPDATE_OPS))
with tf.control_dependencies([variables_averages_op, apply_gradient_op, batch_norm_updates_op]):
  train_op = tf.no_op(name='train_op')
rs = np.random.RandomState(4)
score = (rs.uniform(size=(2, 8, 8, 1)) > 0.5).astype(np.float32)
geo = np.concatenate([rs.uniform(1, 20, (2, 8, 8, 4)), rs.uniform(-0.7, 0.7, (2, 8, 8, 1))], -1).astype(np.float32)
feed = {input_images: rs.uniform(0, 255, (2, 16, 16, 3)).astype(np.float32), input_score_maps: score,
        input_geo_maps: geo, input_training_masks: np.ones((2, 8, 8, 1), np.float32)}
out["static"] = [str(f_score.shape), str(f_geometry.shape)]
sess = tf.Session()
sess.run(tf.global_variables_initializer())
RS({"model_loss": model_loss, "score": f_score[0, :2, :3]}, feed, sess)
hist = []
for _ in range(2):
  sess.run(train_op, feed)
  hist.append(sess.run(model_loss, feed))
out["hist"] = LS(hist)
""",
    # auroua/InsightFace_TF losses/face_losses.py arcface_loss: normalized embeddings and
    # weights, cos(theta + m) by the angle-sum formula, the fallback cos(theta) - mm where
    # theta + m passes pi (tf.where on cos_t - th), the one-hot mask mixing; softmax
    # cross-entropy of the scaled logits and two momentum steps.
    "arcface_additive_angular_margin": r"""
def arcface_loss(embedding, labels, out_num, w_init=None, s=64., m=0.5):
  cos_m = math.cos(m)
  sin_m = math.sin(m)
  mm = sin_m * m
  threshold = math.cos(math.pi - m)
  with tf.variable_scope('arcface_loss'):
    embedding_norm = tf.norm(embedding, axis=1, keep_dims=True)
    embedding = tf.div(embedding, embedding_norm, name='norm_embedding')
    weights = tf.get_variable(name='embedding_weights', shape=(embedding.get_shape().as_list()[-1], out_num),
                              initializer=w_init, dtype=tf.float32)
    weights_norm = tf.norm(weights, axis=0, keep_dims=True)
    weights = tf.div(weights, weights_norm, name='norm_weights')
    cos_t = tf.matmul(embedding, weights, name='cos_t')
    cos_t2 = tf.square(cos_t, name='cos_2')
    sin_t2 = tf.subtract(1., cos_t2, name='sin_2')
    sin_t = tf.sqrt(sin_t2, name='sin_t')
    cos_mt = s * tf.subtract(tf.multiply(cos_t, cos_m), tf.multiply(sin_t, sin_m), name='cos_mt')
    cond_v = cos_t - threshold
    cond = tf.cast(tf.nn.relu(cond_v, name='if_else'), dtype=tf.bool)
    keep_val = s * (cos_t - mm)
    cos_mt_temp = tf.where(cond, cos_mt, keep_val)
    mask = tf.one_hot(labels, depth=out_num, name='one_hot_mask')
    inv_mask = tf.subtract(1., mask, name='inverse_mask')
    s_cos_t = tf.multiply(s, cos_t, name='scalar_cos_t')
    output = tf.add(tf.multiply(s_cos_t, inv_mask), tf.multiply(cos_mt_temp, mask), name='arcface_loss_output')
  return output

tf.set_random_seed(44)
emb_in = tf.Variable(rand(1, 5, 6))
labels = tf.constant([0, 3, 1, 3, 2])
logit = arcface_loss(emb_in, labels, 4, w_init=tf.glorot_uniform_initializer(seed=2), s=16., m=0.5)
inference_loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(logits=logit, labels=labels))
train = tf.train.MomentumOptimizer(0.1, 0.9).minimize(inference_loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
# one embedding pointed away from its class: theta + m passes pi there
w = sess.run(tf.trainable_variables()[1])
e = sess.run(emb_in)
e[4] = -w[:, 2] * 3.0
emb_in.load(e, sess)
RS({"logit": logit, "loss": inference_loss, "g": tf.gradients(inference_loss, emb_in)[0]}, sess=sess)
hist = []
for _ in range(2):
  sess.run(train)
  hist.append(sess.run(inference_loss))
out["hist"] = LS(hist)
""",
}

DEEPMIND_PROGRAMS = {
    # deepmind/neural-processes: the CNP's deterministic encoder (batch-applied dense layers
    # over reshapes, the mean over context points), the decoder's mu and the bounded sigma
    # (0.1 + 0.9 softplus), the log-likelihood as the MultivariateNormalDiag's (a sum of
    # Normal log_probs here: TF 2 has no contrib.distributions); the ANP's latent path's KL
    # between Normals by tf.distributions.kl_divergence; Adam, three steps.
    "np_cnp_anp_latent_kl": r"""
Normal = tf.distributions.Normal

def batch_mlp(input, output_sizes, variable_scope):
  batch_size, _, filter_size = input.shape.as_list()
  output = tf.reshape(input, (-1, filter_size))
  output.set_shape((None, filter_size))
  with tf.variable_scope(variable_scope, reuse=tf.AUTO_REUSE):
    for i, size in enumerate(output_sizes[:-1]):
      output = tf.nn.relu(tf.layers.dense(output, size, name="layer_{}".format(i)))
    output = tf.layers.dense(output, output_sizes[-1], name="layer_{}".format(i + 1))
  output = tf.reshape(output, (batch_size, -1, output_sizes[-1]))
  return output

class DeterministicEncoder(object):
  def __init__(self, output_sizes):
    self._output_sizes = output_sizes
  def __call__(self, context_x, context_y, num_context_points):
    encoder_input = tf.concat([context_x, context_y], axis=-1)
    hidden = batch_mlp(encoder_input, self._output_sizes, "deterministic_encoder")
    return tf.reduce_mean(hidden, axis=1)

class LatentEncoder(object):
  def __init__(self, output_sizes, num_latents):
    self._output_sizes = output_sizes
    self._num_latents = num_latents
  def __call__(self, x, y):
    encoder_input = tf.concat([x, y], axis=-1)
    hidden = batch_mlp(encoder_input, self._output_sizes, "latent_encoder")
    hidden = tf.reduce_mean(hidden, axis=1)
    with tf.variable_scope("latent_encoder", reuse=tf.AUTO_REUSE):
      hidden = tf.nn.relu(tf.layers.dense(hidden, (self._output_sizes[-1] + self._num_latents) // 2, name="penultimate_layer"))
      mu = tf.layers.dense(hidden, self._num_latents, name="mean_layer")
      log_sigma = tf.layers.dense(hidden, self._num_latents, name="std_layer")
    sigma = 0.1 + 0.9 * tf.sigmoid(log_sigma)
    return Normal(loc=mu, scale=sigma)

class DeterministicDecoder(object):
  def __init__(self, output_sizes):
    self._output_sizes = output_sizes
  def __call__(self, representation, target_x, num_total_points):
    representation = tf.tile(tf.expand_dims(representation, axis=1), [1, num_total_points, 1])
    input = tf.concat((representation, target_x), axis=-1)
    batch_size, _, filter_size = input.shape.as_list()
    hidden = tf.reshape(input, (batch_size * num_total_points, -1))
    hidden.set_shape((None, filter_size))
    with tf.variable_scope("decoder", reuse=tf.AUTO_REUSE):
      for i, size in enumerate(self._output_sizes[:-1]):
        hidden = tf.nn.relu(tf.layers.dense(hidden, size, name="Decoder_layer_{}".format(i)))
      hidden = tf.layers.dense(hidden, self._output_sizes[-1], name="Decoder_layer_{}".format(i + 1))
    hidden = tf.reshape(hidden, (batch_size, num_total_points, -1))
    mu, log_sigma = tf.split(hidden, 2, axis=-1)
    sigma = 0.1 + 0.9 * tf.nn.softplus(log_sigma)
    dist = Normal(loc=mu, scale=sigma)
    return dist, mu, sigma

tf.set_random_seed(10)
B, Nc, Nt = 2, 4, 6
context_x = tf.placeholder(tf.float32, [B, None, 1])
context_y = tf.placeholder(tf.float32, [B, None, 1])
target_x = tf.placeholder(tf.float32, [B, Nt, 1])
target_y = tf.placeholder(tf.float32, [B, Nt, 1])
num_total_points = tf.shape(target_x)[1]
encoder = DeterministicEncoder([8, 8])
decoder = DeterministicDecoder([8, 2])
representation = encoder(context_x, context_y, Nc)
dist, mu, sigma = decoder(representation, target_x, Nt)
log_p = tf.reduce_sum(dist.log_prob(target_y), -1)
loss = -tf.reduce_mean(log_p)
latent_encoder = LatentEncoder([8, 8], 3)
prior = latent_encoder(context_x, context_y)
posterior = latent_encoder(target_x, target_y)
kl = tf.reduce_sum(tf.distributions.kl_divergence(posterior, prior), axis=-1, keepdims=True)
z = prior.sample(seed=3)
anp_loss = loss + tf.reduce_mean(kl) / tf.cast(num_total_points, tf.float32)
train_step = tf.train.AdamOptimizer(1e-2).minimize(anp_loss)
xs = np.linspace(-2, 2, Nt, dtype=np.float32)[None, :, None].repeat(B, 0)
ys = np.sin(3 * xs) + 0.1 * rand(1, B, Nt, 1)
feed = {context_x: xs[:, ::2][:, :Nc], context_y: ys[:, ::2][:, :Nc], target_x: xs, target_y: ys}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
RS({"mu": mu, "sigma": sigma, "loss": loss, "kl": kl, "z_shape": tf.shape(z)}, feed, sess)
hist = []
for _ in range(3):
  hist.append(sess.run([anp_loss, train_step], feed)[0])
out["hist"] = LS(hist)
""",
    # deepmind/learning-to-learn meta.py and networks.py: the coordinatewise LSTM optimizer
    # (LogAndSign preprocessing with k=5), unrolled over a quadratic optimizee with the
    # optimizee's gradients stopped (second_derivatives=False) or not, the meta-loss summed
    # over the unroll, Adam on the optimizer's weights; two meta steps each way.
    "l2l_coordinatewise_lstm_unrolled_meta_loss": r"""
def log_and_sign(gradients, k=5):
  eps = np.finfo(gradients.dtype.as_numpy_dtype).eps
  ndims = gradients.get_shape().ndims
  log = tf.log(tf.abs(gradients) + eps)
  clamped_log = tf.clip_by_value(log / k, -1.0, 1.0)
  sign = tf.clip_by_value(gradients * np.exp(k), -1.0, 1.0)
  return tf.concat([clamped_log, sign], ndims - 1)

def quadratic(batch_size=2, num_dims=3, seed=0):
  rs = np.random.RandomState(seed)
  w_np = rs.normal(size=(batch_size, num_dims, num_dims)).astype(np.float32)
  y_np = rs.normal(size=(batch_size, num_dims)).astype(np.float32)
  def build(x):
    w = tf.constant(w_np)
    y = tf.constant(y_np)
    product = tf.squeeze(tf.matmul(w, tf.expand_dims(x, -1)))
    return tf.reduce_mean(tf.reduce_sum((product - y) ** 2, 1))
  return build

def make_meta(second_derivatives, scope):
  with tf.variable_scope(scope):
    x0 = tf.get_variable("x", [2, 3], initializer=tf.constant_initializer(0.5), trainable=False)
    cell = tf.nn.rnn_cell.LSTMCell(4, name="coordinatewise_lstm")
    out_w = tf.get_variable("out_w", [4, 1], initializer=tf.constant_initializer(0.1))
    problem = quadratic()
    def update(x, state):
      loss = problem(x)
      g = tf.gradients(loss, x)[0]
      if not second_derivatives:
        g = tf.stop_gradient(g)
      inp = log_and_sign(tf.reshape(g, [-1, 1]))
      output, state = cell(inp, state)
      delta = tf.reshape(tf.matmul(output, out_w) * 0.1, x.shape)
      return x + delta, state, loss
    x = x0
    state = cell.zero_state(6, tf.float32)
    fx_array = []
    for _ in range(4):
      x, state, loss = update(x, state)
      fx_array.append(loss)
    fx_final = problem(x)
    loss = tf.reduce_sum(tf.stack(fx_array)) + fx_final
    opt_vars = [v for v in tf.trainable_variables() if v.op.name.startswith(scope)]
    step = tf.train.AdamOptimizer(0.05).minimize(loss, var_list=opt_vars)
    return loss, step, fx_final, opt_vars

sess = None
results = {}
for second in (False, True):
  loss, step, fx_final, opt_vars = make_meta(second, "second" if second else "first")
  if sess is None:
    sess = tf.Session()
  sess.run(tf.variables_initializer([v for v in tf.global_variables() if v.op.name.startswith("second" if second else "first")]))
  vs = [v for v in opt_vars if "kernel" in v.op.name]
  for v in vs:
    shape = v.shape.as_list()
    v.load((np.cos(np.arange(np.prod(shape)) * 0.37) * 0.4).astype(np.float32).reshape(shape), sess)
  hist = []
  for _ in range(2):
    hist.append(sess.run([loss, fx_final, step])[:2])
  results["second" if second else "first"] = hist
  results["g_" + ("second" if second else "first")] = sess.run(tf.gradients(loss, vs)[0])
out["results"] = LS(results)
""",
    # deepmind/graph_nets modules.GraphNetwork in TF1 spellings: edges gather their senders'
    # and receivers' nodes and their graph's globals (the graph index repeated by each
    # graph's edge count), edge, node and global MLPs, unsorted_segment_sum aggregations by
    # receiver and by graph, two message-passing steps with shared weights, trained.
    "graphnets_graph_network_segment_sums": r"""
def repeat(tensor, repeats):
  # utils_tf.repeat: each row of tensor repeated by repeats, over a cumulative sum
  cumsum = tf.cumsum(repeats)
  range_ = tf.range(cumsum[-1])
  indicator_matrix = tf.cast(tf.expand_dims(range_, 1) >= cumsum, tf.int32)
  indices = tf.reduce_sum(indicator_matrix, reduction_indices=1)
  return tf.gather(tensor, indices)

def mlp(x, sizes, name):
  with tf.variable_scope(name, reuse=tf.AUTO_REUSE):
    for i, size in enumerate(sizes):
      x = tf.layers.dense(x, size, activation=tf.nn.relu if i < len(sizes) - 1 else None, name="linear_%d" % i)
    return x

def graph_network(nodes, edges, globals_, senders, receivers, n_node, n_edge, name="graph_network"):
  num_graphs = tf.shape(n_node)[0]
  with tf.variable_scope(name, reuse=tf.AUTO_REUSE):
    edge_globals = repeat(globals_, n_edge)
    edges = mlp(tf.concat([edges, tf.gather(nodes, receivers), tf.gather(nodes, senders), edge_globals], -1), [6, 4], "edge_block")
    num_nodes = tf.reduce_sum(n_node)
    received = tf.unsorted_segment_sum(edges, receivers, num_nodes)
    node_globals = repeat(globals_, n_node)
    nodes = mlp(tf.concat([received, nodes, node_globals], -1), [6, 4], "node_block")
    graph_index_e = repeat(tf.range(num_graphs), n_edge)
    graph_index_n = repeat(tf.range(num_graphs), n_node)
    agg_e = tf.unsorted_segment_sum(edges, graph_index_e, num_graphs)
    agg_n = tf.unsorted_segment_sum(nodes, graph_index_n, num_graphs)
    globals_ = mlp(tf.concat([agg_e, agg_n, globals_], -1), [6, 4], "global_block")
  return nodes, edges, globals_

tf.set_random_seed(8)
nodes_ph = tf.placeholder(tf.float32, [None, 4])
edges_ph = tf.placeholder(tf.float32, [None, 4])
globals_ph = tf.placeholder(tf.float32, [None, 4])
senders_ph = tf.placeholder(tf.int32, [None])
receivers_ph = tf.placeholder(tf.int32, [None])
n_node_ph = tf.placeholder(tf.int32, [None])
n_edge_ph = tf.placeholder(tf.int32, [None])
target_ph = tf.placeholder(tf.float32, [None, 4])
n, e, g = nodes_ph, edges_ph, globals_ph
outputs = []
for _ in range(2):
  n, e, g = graph_network(n, e, g, senders_ph, receivers_ph, n_node_ph, n_edge_ph)
  outputs.append(n)
loss = sum(tf.losses.mean_squared_error(target_ph, o) for o in outputs) / 2
step = tf.train.AdamOptimizer(1e-2).minimize(loss)
out["vars"] = [v.op.name for v in tf.trainable_variables()]
feed = {nodes_ph: rand(1, 7, 4), edges_ph: rand(2, 9, 4), globals_ph: rand(3, 2, 4),
        senders_ph: [0, 1, 2, 2, 3, 4, 5, 6, 6], receivers_ph: [1, 2, 0, 3, 2, 5, 6, 4, 5],
        n_node_ph: [4, 3], n_edge_ph: [5, 4], target_ph: rand(4, 7, 4)}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
RS({"nodes": n, "globals": g, "loss": loss}, feed, sess)
hist = []
for _ in range(3):
  hist.append(sess.run([loss, step], feed)[0])
out["hist"] = LS(hist)
""",
}

MORE_VISION_PROGRAMS = {
    # carpedm20/pixel-rnn-tensorflow ops.py's conv2d with masks 'a' and 'b' (the centre
    # pixel and everything after it zeroed in the weights), the PixelCNN's stack of masked
    # 3x1 and 1x1 convs, sigmoid cross-entropy on binarized images, RMSProp with gradients
    # clipped by value; then generation pixel by pixel feeding the samples back.
    "pixelcnn_masked_conv_type_a_b_sampling": r"""
def get_shape(layer):
  return layer.get_shape().as_list()

def conv2d(inputs, num_outputs, kernel_shape, mask_type, strides=[1, 1], padding="SAME", activation_fn=None,
           weights_initializer=contrib.layers.xavier_initializer(), weights_regularizer=None,
           biases_initializer=tf.zeros_initializer(), biases_regularizer=None, scope="conv2d"):
  with tf.variable_scope(scope):
    mask_type = mask_type.lower()
    batch_size, height, width, channel = inputs.get_shape().as_list()
    kernel_h, kernel_w = kernel_shape
    stride_h, stride_w = strides
    assert kernel_h % 2 == 1 and kernel_w % 2 == 1
    center_h = kernel_h // 2
    center_w = kernel_w // 2
    weights_shape = [kernel_h, kernel_w, channel, num_outputs]
    weights = tf.get_variable("weights", weights_shape, tf.float32, weights_initializer, weights_regularizer)
    if mask_type is not None:
      mask = np.ones((kernel_h, kernel_w, channel, num_outputs), dtype=np.float32)
      mask[center_h, center_w + 1:, :, :] = 0.
      mask[center_h + 1:, :, :, :] = 0.
      if mask_type == 'a':
        mask[center_h, center_w, :, :] = 0.
      weights *= tf.constant(mask, dtype=tf.float32)
      tf.add_to_collection('conv2d_weights_%s' % mask_type, weights)
    outputs = tf.nn.conv2d(inputs, weights, [1, stride_h, stride_w, 1], padding=padding, name='outputs')
    if biases_initializer != None:
      biases = tf.get_variable("biases", [num_outputs, ], tf.float32, biases_initializer, biases_regularizer)
      outputs = tf.nn.bias_add(outputs, biases, name='outputs_plus_b')
    if activation_fn:
      outputs = activation_fn(outputs, name='outputs_with_fn')
    return outputs

tf.set_random_seed(123)
height, width, channel = 4, 4, 1
inputs = tf.placeholder(tf.float32, [None, height, width, channel])
l = {}
l['conv_inputs'] = conv2d(inputs, 8, [7, 7], "A", scope="conv_inputs")
l_hid = l['conv_inputs']
for idx in range(2):
  scope = 'CONV%d' % idx
  l[scope] = l_hid = conv2d(l_hid, 8, [3, 1], "B", scope=scope, activation_fn=tf.nn.relu)
for idx in range(2):
  scope = 'CONV_OUT%d' % idx
  l[scope] = l_hid = tf.nn.relu(conv2d(l_hid, 8, [1, 1], "B", scope=scope))
l['conv2d_out_logits'] = conv2d(l_hid, 1, [1, 1], "B", scope='conv2d_out_logits')
l['output'] = tf.nn.sigmoid(l['conv2d_out_logits'])
loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=l['conv2d_out_logits'], labels=inputs, name='loss'))
optimizer = tf.train.RMSPropOptimizer(1e-2)
grads_and_vars = optimizer.compute_gradients(loss)
new_grads_and_vars = [(tf.clip_by_value(gv[0], -1, 1), gv[1]) for gv in grads_and_vars]
optim = optimizer.apply_gradients(new_grads_and_vars)
images = (rand(1, 3, height, width, channel) > 0.3).astype(np.float32)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
out["mask_a"] = L(sess.run(tf.get_collection('conv2d_weights_a')[0])[:, :, 0, 0] != 0)
hist = []
for _ in range(3):
  hist.append(sess.run([loss, optim], {inputs: images})[0])
out["hist"] = LS(hist)
samples = np.zeros((2, height, width, 1), dtype='float32')
probs = []
for i in range(height):
  for j in range(width):
    next_sample = sess.run(l['output'], {inputs: samples})
    probs.append(next_sample[:, i, j, 0])
    samples[:, i, j, 0] = (next_sample[:, i, j, 0] > 0.5).astype(np.float32)
out["samples"] = L(samples[..., 0])
out["probs"] = LS(probs)
""",
    # openai/improved-gan (the TF imagenet code's ideas in TF1 spellings): minibatch
    # discrimination (the T tensor, L1 distances between rows, exp(-) summed), feature
    # matching for the generator, the semi-supervised discriminator loss over the class
    # logits' logsumexp (labelled, unlabelled and generated terms with softplus).
    "improvedgan_minibatch_discrimination_semi_supervised": r"""
def minibatch(input_, num_kernels=5, kernel_dim=3, name="minibatch"):
  with tf.variable_scope(name):
    x = tf.layers.dense(input_, num_kernels * kernel_dim, use_bias=False, name="T")
    activation = tf.reshape(x, (-1, num_kernels, kernel_dim))
    diffs = tf.expand_dims(activation, 3) - tf.expand_dims(tf.transpose(activation, [1, 2, 0]), 0)
    abs_diffs = tf.reduce_sum(tf.abs(diffs), 2)
    minibatch_features = tf.reduce_sum(tf.exp(-abs_diffs), 2)
    return tf.concat([input_, minibatch_features], 1)

def discriminator(x, reuse=False):
  with tf.variable_scope("discriminator", reuse=reuse):
    h = tf.nn.leaky_relu(tf.layers.dense(x, 8, name="h0"), 0.2)
    features = h
    h = minibatch(h)
    logits = tf.layers.dense(h, 3, name="class_logits")
    return logits, features

def generator(z):
  with tf.variable_scope("generator"):
    h = tf.nn.softplus(tf.layers.dense(z, 8, name="g0"))
    return tf.layers.dense(h, 4, name="g1")

tf.set_random_seed(55)
x_lab = tf.placeholder(tf.float32, [None, 4])
labels = tf.placeholder(tf.int32, [None])
x_unl = tf.placeholder(tf.float32, [None, 4])
z = tf.placeholder(tf.float32, [None, 2])
gen = generator(z)
output_before_softmax_lab, _ = discriminator(x_lab)
output_before_softmax_unl, feat_unl = discriminator(x_unl, reuse=True)
output_before_softmax_gen, feat_gen = discriminator(gen, reuse=True)
l_lab = tf.gather_nd(output_before_softmax_lab, tf.stack([tf.range(tf.shape(labels)[0]), labels], 1))
l_unl = tf.reduce_logsumexp(output_before_softmax_unl, axis=1)
l_gen = tf.reduce_logsumexp(output_before_softmax_gen, axis=1)
loss_lab = -tf.reduce_mean(l_lab) + tf.reduce_mean(tf.reduce_logsumexp(output_before_softmax_lab, axis=1))
loss_unl = -0.5 * tf.reduce_mean(l_unl) + 0.5 * tf.reduce_mean(tf.nn.softplus(l_unl)) + 0.5 * tf.reduce_mean(tf.nn.softplus(l_gen))
train_err = tf.reduce_mean(tf.to_float(tf.not_equal(tf.argmax(output_before_softmax_lab, 1, output_type=tf.int32), labels)))
m1 = tf.reduce_mean(feat_unl, 0)
m2 = tf.reduce_mean(feat_gen, 0)
loss_gen = tf.reduce_mean(tf.square(m1 - m2))
d_vars = tf.trainable_variables("discriminator")
g_vars = tf.trainable_variables("generator")
d_step = tf.train.AdamOptimizer(0.003, beta1=0.5).minimize(loss_lab + 1.0 * loss_unl, var_list=d_vars)
g_step = tf.train.AdamOptimizer(0.003, beta1=0.5).minimize(loss_gen, var_list=g_vars)
feed = {x_lab: rand(1, 4, 4), labels: [0, 1, 2, 1], x_unl: rand(2, 5, 4), z: rand(3, 5, 2)}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
RS({"mb": tf.get_default_graph().get_tensor_by_name("discriminator/minibatch/concat:0"),
    "losses": [loss_lab, loss_unl, loss_gen, train_err]}, feed, sess)
hist = []
for _ in range(3):
  hist.append(sess.run([loss_lab, loss_unl, loss_gen], feed))
  sess.run(d_step, feed)
  sess.run(g_step, feed)
out["hist"] = LS(hist)
""",
    # taki0112's DenseNet, SENet and ResNeXt Tensorflow repositories: the DenseNet-BC
    # bottleneck and transition layers (batch norm by tf.contrib.layers.batch_norm under
    # tf.cond of a training flag, concat), the squeeze-excitation layer (global average pooling
    # by tf.layers.average_pooling2d, the excitation's sigmoid reshaped [-1, 1, 1, c]), and
    # ResNeXt's split layer (transform branches concatenated), with MomentumOptimizer and
    # use_nesterov, UPDATE_OPS in the train op.
    "taki_densenet_senet_resnext_blocks": r"""
def conv_layer(input, filter, kernel, stride=1, layer_name="conv"):
  with tf.name_scope(layer_name):
    return tf.layers.conv2d(inputs=input, use_bias=False, filters=filter, kernel_size=kernel, strides=stride, padding='SAME')

def Batch_Normalization(x, training, scope):
  with slim.arg_scope([contrib.layers.batch_norm], scope=scope, updates_collections=None, decay=0.9, center=True, scale=True, zero_debias_moving_mean=True):
    return tf.cond(training, lambda: contrib.layers.batch_norm(inputs=x, is_training=True, reuse=None),
                   lambda: contrib.layers.batch_norm(inputs=x, is_training=False, reuse=True))

def Global_Average_Pooling(x):
  return tf.layers.average_pooling2d(x, pool_size=x.shape[1:3], strides=1)

def bottleneck_layer(x, scope, training, filters=4):
  with tf.name_scope(scope):
    x = Batch_Normalization(x, training=training, scope=scope + '_batch1')
    x = tf.nn.relu(x)
    x = conv_layer(x, filter=4 * filters, kernel=[1, 1], layer_name=scope + '_conv1')
    x = Batch_Normalization(x, training=training, scope=scope + '_batch2')
    x = tf.nn.relu(x)
    x = conv_layer(x, filter=filters, kernel=[3, 3], layer_name=scope + '_conv2')
    return x

def transition_layer(x, scope, training, filters=4):
  with tf.name_scope(scope):
    x = Batch_Normalization(x, training=training, scope=scope + '_batch1')
    x = tf.nn.relu(x)
    x = conv_layer(x, filter=filters, kernel=[1, 1], layer_name=scope + '_conv1')
    x = tf.layers.average_pooling2d(inputs=x, pool_size=[2, 2], strides=2, padding='VALID')
    return x

def dense_block(input_x, nb_layers, layer_name, training):
  with tf.name_scope(layer_name):
    layers_concat = list()
    layers_concat.append(input_x)
    x = bottleneck_layer(input_x, scope=layer_name + '_bottleN_' + str(0), training=training)
    layers_concat.append(x)
    for i in range(nb_layers - 1):
      x = tf.concat(layers_concat, axis=3)
      x = bottleneck_layer(x, scope=layer_name + '_bottleN_' + str(i + 1), training=training)
      layers_concat.append(x)
    x = tf.concat(layers_concat, axis=3)
    return x

def squeeze_excitation_layer(input_x, out_dim, ratio, layer_name):
  with tf.name_scope(layer_name):
    squeeze = Global_Average_Pooling(input_x)
    excitation = tf.layers.dense(inputs=squeeze, use_bias=True, units=out_dim / ratio, name=layer_name + '_fully_connected1')
    excitation = tf.nn.relu(excitation)
    excitation = tf.layers.dense(inputs=excitation, use_bias=True, units=out_dim, name=layer_name + '_fully_connected2')
    excitation = tf.nn.sigmoid(excitation)
    excitation = tf.reshape(excitation, [-1, 1, 1, out_dim])
    return input_x * excitation

def split_layer(input_x, stride, layer_name, training, cardinality=2):
  with tf.name_scope(layer_name):
    layers_split = list()
    for i in range(cardinality):
      with tf.name_scope(layer_name + '_splitN_' + str(i)):
        x = conv_layer(input_x, filter=4, kernel=[1, 1], stride=stride, layer_name=layer_name + '_conv1_' + str(i))
        x = tf.nn.relu(Batch_Normalization(x, training=training, scope=layer_name + '_batch1_' + str(i)))
        x = conv_layer(x, filter=4, kernel=[3, 3], stride=1, layer_name=layer_name + '_conv2_' + str(i))
        x = tf.nn.relu(Batch_Normalization(x, training=training, scope=layer_name + '_batch2_' + str(i)))
        layers_split.append(x)
    return tf.concat(layers_split, axis=3)

tf.set_random_seed(66)
x = tf.placeholder(tf.float32, shape=[None, 8, 8, 3])
label = tf.placeholder(tf.float32, shape=[None, 3])
training_flag = tf.placeholder(tf.bool)
learning_rate = tf.placeholder(tf.float32, name='learning_rate')
h = conv_layer(x, filter=8, kernel=[3, 3], stride=1, layer_name='conv0')
h = dense_block(input_x=h, nb_layers=2, layer_name='dense_1', training=training_flag)
h = transition_layer(h, scope='trans_1', training=training_flag)
h = squeeze_excitation_layer(h, out_dim=4, ratio=2, layer_name='squeeze_layer_1')
h = split_layer(h, stride=1, layer_name='split_layer_1', training=training_flag)
h = Global_Average_Pooling(h)
h = tf.layers.flatten(h)
logits = tf.layers.dense(h, 3, name='linear')
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=label, logits=logits))
l2_loss = tf.add_n([tf.nn.l2_loss(var) for var in tf.trainable_variables()])
optimizer = tf.train.MomentumOptimizer(learning_rate=learning_rate, momentum=0.9, use_nesterov=True)
train = optimizer.minimize(cost + l2_loss * 5e-4)
correct_prediction = tf.equal(tf.argmax(logits, 1), tf.argmax(label, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
feed = {x: rand(1, 4, 8, 8, 3), label: np.eye(3, dtype=np.float32)[[0, 1, 2, 1]], training_flag: True, learning_rate: 0.1}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
# Every run updates the moving averages (both cond branches are built outside the cond)
# beside the inference branch's read of them, so only training runs are read.
hist = []
for _ in range(3):
  hist.append(sess.run([cost, accuracy, train], feed)[:2])
out["hist"] = LS(hist)
out["static"] = [str(h.shape), str(logits.shape)]
""",
}

PROGRAMS = {
    **NLP_PROGRAMS,
    **RECSYS_GRAPH_PROGRAMS,
    **RL_PROGRAMS,
    **SPINUP_PROGRAMS,
    **GAN_PROGRAMS,
    **VISION_PROGRAMS,
    **DEEPMIND_PROGRAMS,
    **MORE_VISION_PROGRAMS,
}


def main(names: list[str]) -> None:
    tf = harness.import_tf1(legacy_keras=True)
    chosen = {n: PROGRAMS[n] for n in names} if names else PROGRAMS
    results = harness.run_programs(tf, chosen, PRELUDE, CONTRIB=tf1_models.contrib_for_tf2(tf))
    harness.dump({"tensorflow": tf.__version__, "programs": results})


if __name__ == "__main__":
    main(sys.argv[1:])
