"""Record what TensorFlow computes for a fourth round of famous TF1 code bases, at tiny
sizes (dev-only).

    PYTHONPATH=/tmp/tf1ex6_site TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python \
        tests/reference/tf1_models4.py > tests/unit/engine/fixtures/tf1_models4.json

(/tmp/tf1ex6_site as tests/reference/tf1_models.py says; `python tf1_models4.py NAME...`
prints only the named programs, for development.)

Re-typed at tiny sizes, each in its code base's own TF1 spellings, code bases the earlier
rounds leave out: tensor2tensor's common_layers, common_attention and expert_utils
(`t2t_`: multihead attention under padding and lower-triangle biases with
layer_prepostprocess, the noisy top-k gated mixture of experts and its SparseDispatcher,
the universal transformer's adaptive computation time over a while_loop), openai's
finetune-transformer-lm (`gpt1_`: two towers averaged, opt.py's hand-written Adam over
variables initialized from variables), a BERT-style AdamWeightDecayOptimizer written as a
`tf.train.Optimizer` subclass (`bertopt_`: `_create_slots`, `_prepare`, `_apply_dense`,
`_apply_sparse`, a None gradient in the clipped list), XLNet's two-stream attention over
its permutation masks (`xlnet2_`), magenta's MelodyRNN events graph (`magenta_`),
LantaoYu's SeqGAN generator (`seqgan_`: while_loops over TensorArrays, multinomial
sampling), tensorflow/models' official/r1 ResNet run loop (`resnet_`: fused batch norm,
loss scaling, weight decay filtered by name, piecewise_constant), minigo's dual net
(`minigo_`), slim's NASNet pieces (`nasnet_`: drop path, factorized reduction, cosine
decay, moving averages), the video prediction CDNA model (`cdna_`: depthwise convolution
over the batch, scheduled sampling by dynamic_stitch), tensorflow_compression's GDN
(`tfc_`: gradient_override_map and custom_gradient bounds), lucid's Fourier-space image
parameterization (`lucid_`), the object detection API's batched multiclass NMS over
map_fn (`objdet_`), openai/weightnorm's data-dependent initialization (`wn_`),
google-research's SimCLR, UDA and MixMatch (`simclr_`, `uda_`, `mixmatch_`), takerum's
VAT (`vat_`), cleverhans' FGM and PGD (`cleverhans_`), the domain separation networks'
losses (`dsn_`), global_objectives' precision-at-recall loss (`globalobj_`), DeepMind's
trfl (`trfl_`) and openai's universe-starter-agent with pathak22's curiosity module
(`a3c_`). No data comes from the internet: inputs are small seeded arrays; initial
values are seeded (`tf.set_random_seed`, numpy's seed where a code base draws with
numpy) or explicit. Where a code base's graph leaves TF's executor an order to choose,
the program is arranged, and says how, so that TF's answer is one. Gradients registered
by name carry a `Tf1ex9` prefix: TF's registry is per process and TF names an op
`LowerBound` (searchsorted) already.

The prelude is tf1_models3's (`slim`, `contrib`, `R`, `RS`, `fix`, `rand`). Each program
stores what it observed in `out[...]`; `tests/unit/engine/test_tf1_models4.py` runs the
same text against graphgate and compares.
"""

from __future__ import annotations

import sys

try:
    from tests.reference import harness, tf1_models, tf1_models3
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness
    import tf1_models
    import tf1_models3


PRELUDE = tf1_models3.PRELUDE

# tensor2tensor's layers/common_layers.py and common_attention.py (re-typed).
T2T_LAYERS = r"""
def shape_list(x):
  x = tf.convert_to_tensor(x)
  if x.get_shape().dims is None:
    return tf.shape(x)
  static = x.get_shape().as_list()
  shape = tf.shape(x)
  ret = []
  for i, dim in enumerate(static):
    if dim is None:
      dim = shape[i]
    ret.append(dim)
  return ret

def cast_like(x, y):
  x = tf.convert_to_tensor(x)
  y = tf.convert_to_tensor(y)
  if x.dtype.base_dtype == y.dtype.base_dtype:
    return x
  return tf.cast(x, y.dtype)

def ones_matrix_band_part(rows, cols, num_lower, num_upper, out_shape=None):
  if all([isinstance(el, int) for el in [rows, cols, num_lower, num_upper]]):
    if num_lower < 0:
      num_lower = rows - 1
    if num_upper < 0:
      num_upper = cols - 1
    lower_mask = np.tri(cols, rows, num_lower).T
    upper_mask = np.tri(rows, cols, num_upper)
    band = np.ones((rows, cols)) * lower_mask * upper_mask
    if out_shape:
      band = band.reshape(out_shape)
    band = tf.constant(band, tf.float32)
  else:
    band = tf.matrix_band_part(tf.ones([rows, cols]), tf.cast(num_lower, tf.int64),
                               tf.cast(num_upper, tf.int64))
    if out_shape:
      band = tf.reshape(band, out_shape)
  return band

def attention_bias_lower_triangle(length):
  band = ones_matrix_band_part(length, length, -1, 0, out_shape=[1, 1, length, length])
  return -1e9 * (1.0 - band)

def embedding_to_padding(emb):
  emb_sum = tf.reduce_sum(tf.abs(emb), axis=-1)
  return tf.to_float(tf.equal(emb_sum, 0.0))

def attention_bias_ignore_padding(memory_padding):
  ret = memory_padding * -1e9
  return tf.expand_dims(tf.expand_dims(ret, axis=1), axis=1)

def split_last_dimension(x, n):
  x_shape = shape_list(x)
  m = x_shape[-1]
  if isinstance(m, int) and isinstance(n, int):
    assert m % n == 0
  return tf.reshape(x, x_shape[:-1] + [n, m // n])

def combine_last_two_dimensions(x):
  x_shape = shape_list(x)
  a, b = x_shape[-2:]
  return tf.reshape(x, x_shape[:-2] + [a * b])

def split_heads(x, num_heads):
  return tf.transpose(split_last_dimension(x, num_heads), [0, 2, 1, 3])

def combine_heads(x):
  return combine_last_two_dimensions(tf.transpose(x, [0, 2, 1, 3]))

def dot_product_attention(q, k, v, bias, dropout_rate=0.0, name=None):
  with tf.variable_scope(name, default_name="dot_product_attention", values=[q, k, v]):
    logits = tf.matmul(q, k, transpose_b=True)
    if bias is not None:
      bias = cast_like(bias, logits)
      logits += bias
    weights = tf.nn.softmax(logits, name="attention_weights")
    if dropout_rate:
      weights = tf.nn.dropout(weights, 1.0 - dropout_rate)
    return tf.matmul(weights, v), weights

def compute_qkv(query_antecedent, memory_antecedent, total_key_depth, total_value_depth):
  if memory_antecedent is None:
    memory_antecedent = query_antecedent
  q = tf.layers.dense(query_antecedent, total_key_depth, use_bias=False, name="q")
  k = tf.layers.dense(memory_antecedent, total_key_depth, use_bias=False, name="k")
  v = tf.layers.dense(memory_antecedent, total_value_depth, use_bias=False, name="v")
  return q, k, v

ATTENTION_WEIGHTS = {}

def multihead_attention(query_antecedent, memory_antecedent, bias, total_key_depth,
                        total_value_depth, output_depth, num_heads, dropout_rate=0.0,
                        name="multihead_attention"):
  with tf.variable_scope(name, default_name="multihead_attention",
                         values=[query_antecedent, memory_antecedent]) as scope:
    q, k, v = compute_qkv(query_antecedent, memory_antecedent, total_key_depth, total_value_depth)
    q = split_heads(q, num_heads)
    k = split_heads(k, num_heads)
    v = split_heads(v, num_heads)
    key_depth_per_head = total_key_depth // num_heads
    q *= key_depth_per_head**-0.5
    x, w = dot_product_attention(q, k, v, bias, dropout_rate)
    ATTENTION_WEIGHTS[scope.name] = w
    x = combine_heads(x)
    x.set_shape(x.shape.as_list()[:-1] + [total_value_depth])
    x = tf.layers.dense(x, output_depth, use_bias=False, name="output_transform")
    return x

def layer_norm_vars(filters):
  scale = tf.get_variable("layer_norm_scale", [filters], initializer=tf.ones_initializer())
  bias = tf.get_variable("layer_norm_bias", [filters], initializer=tf.zeros_initializer())
  return scale, bias

def layer_norm_compute(x, epsilon, scale, bias):
  epsilon, scale, bias = [cast_like(t, x) for t in [epsilon, scale, bias]]
  mean = tf.reduce_mean(x, axis=[-1], keepdims=True)
  variance = tf.reduce_mean(tf.squared_difference(x, mean), axis=[-1], keepdims=True)
  norm_x = (x - mean) * tf.rsqrt(variance + epsilon)
  return norm_x * scale + bias

def layer_norm(x, filters=None, epsilon=1e-6, name=None, reuse=None):
  if filters is None:
    filters = shape_list(x)[-1]
  with tf.variable_scope(name, default_name="layer_norm", values=[x], reuse=reuse):
    scale, bias = layer_norm_vars(filters)
    return layer_norm_compute(x, epsilon, scale, bias)

def layer_prepostprocess(previous_value, x, sequence, dropout_rate, name=None):
  with tf.variable_scope(name, default_name="layer_prepostprocess"):
    if sequence == "none":
      return x
    for c in sequence:
      if c == "a":
        x += previous_value
      elif c == "n":
        x = layer_norm(x)
      else:
        assert c == "d", ("Unknown sequence step %s" % c)
        if dropout_rate:
          x = tf.nn.dropout(x, 1.0 - dropout_rate)
    return x

def layer_preprocess(layer_input, hparams):
  return layer_prepostprocess(None, layer_input, sequence=hparams.layer_preprocess_sequence,
                              dropout_rate=hparams.layer_prepostprocess_dropout,
                              name="layer_prepostprocess")

def layer_postprocess(layer_input, layer_output, hparams):
  return layer_prepostprocess(layer_input, layer_output,
                              sequence=hparams.layer_postprocess_sequence,
                              dropout_rate=hparams.layer_prepostprocess_dropout,
                              name="layer_postprocess")

def dense_relu_dense(inputs, filter_size, output_size, dropout=0.0, name=None):
  h = tf.layers.dense(inputs, filter_size, use_bias=True, activation=tf.nn.relu, name="conv1")
  if dropout != 0.0:
    h = tf.nn.dropout(h, 1.0 - dropout)
  o = tf.layers.dense(h, output_size, activation=None, use_bias=True, name="conv2")
  return o

def get_timing_signal_1d(length, channels, min_timescale=1.0, max_timescale=1.0e4,
                         start_index=0):
  position = tf.to_float(tf.range(length) + start_index)
  num_timescales = channels // 2
  log_timescale_increment = (math.log(float(max_timescale) / float(min_timescale)) /
                             tf.maximum(tf.to_float(num_timescales) - 1, 1))
  inv_timescales = min_timescale * tf.exp(
      tf.to_float(tf.range(num_timescales)) * -log_timescale_increment)
  scaled_time = tf.expand_dims(position, 1) * tf.expand_dims(inv_timescales, 0)
  signal = tf.concat([tf.sin(scaled_time), tf.cos(scaled_time)], axis=1)
  signal = tf.pad(signal, [[0, 0], [0, tf.mod(channels, 2)]])
  signal = tf.reshape(signal, [1, length, channels])
  return signal

def add_timing_signal_1d(x, min_timescale=1.0, max_timescale=1.0e4, start_index=0):
  length = shape_list(x)[1]
  channels = shape_list(x)[2]
  signal = get_timing_signal_1d(length, channels, min_timescale, max_timescale, start_index)
  return x + cast_like(signal, x)
"""

T2T_PROGRAMS = {
    # transformer.py's encoder and decoder stacks over common_attention: padding biases
    # from all-zero embeddings, the decoder's lower-triangle bias, "n" before and "da"
    # after every sublayer, t2t's default Adam (beta2 0.98, epsilon 1e-9).
    "t2t_multihead_attention_bias_prepostprocess": T2T_LAYERS
    + r"""
hparams = SimpleNamespace(hidden_size=8, num_heads=2, filter_size=12,
                          layer_preprocess_sequence="n", layer_postprocess_sequence="da",
                          layer_prepostprocess_dropout=0.0, num_hidden_layers=1)

def transformer_encoder(encoder_input, encoder_self_attention_bias, hparams, name="encoder"):
  x = encoder_input
  with tf.variable_scope(name):
    for layer in range(hparams.num_hidden_layers):
      with tf.variable_scope("layer_%d" % layer):
        with tf.variable_scope("self_attention"):
          y = multihead_attention(layer_preprocess(x, hparams), None, encoder_self_attention_bias,
                                  hparams.hidden_size, hparams.hidden_size, hparams.hidden_size,
                                  hparams.num_heads)
          x = layer_postprocess(x, y, hparams)
        with tf.variable_scope("ffn"):
          y = dense_relu_dense(layer_preprocess(x, hparams), hparams.filter_size, hparams.hidden_size)
          x = layer_postprocess(x, y, hparams)
    return layer_preprocess(x, hparams)

def transformer_decoder(decoder_input, encoder_output, decoder_self_attention_bias,
                        encoder_decoder_attention_bias, hparams, name="decoder"):
  x = decoder_input
  with tf.variable_scope(name):
    for layer in range(hparams.num_hidden_layers):
      with tf.variable_scope("layer_%d" % layer):
        with tf.variable_scope("self_attention"):
          y = multihead_attention(layer_preprocess(x, hparams), None, decoder_self_attention_bias,
                                  hparams.hidden_size, hparams.hidden_size, hparams.hidden_size,
                                  hparams.num_heads)
          x = layer_postprocess(x, y, hparams)
        with tf.variable_scope("encdec_attention"):
          y = multihead_attention(layer_preprocess(x, hparams), encoder_output,
                                  encoder_decoder_attention_bias, hparams.hidden_size,
                                  hparams.hidden_size, hparams.hidden_size, hparams.num_heads)
          x = layer_postprocess(x, y, hparams)
        with tf.variable_scope("ffn"):
          y = dense_relu_dense(layer_preprocess(x, hparams), hparams.filter_size, hparams.hidden_size)
          x = layer_postprocess(x, y, hparams)
    return layer_preprocess(x, hparams)

tf.set_random_seed(91)
vocab = 11
inputs = tf.placeholder(tf.int32, [None, None], name="inputs")
targets = tf.placeholder(tf.int32, [None, None], name="targets")
with tf.variable_scope("symbol_modality_11_8"):
  emb_var = tf.get_variable("weights_0", [vocab, hparams.hidden_size],
                            initializer=tf.random_normal_initializer(0.0, hparams.hidden_size**-0.5))
def embed(ids):
  ret = tf.gather(emb_var, ids)
  ret *= tf.expand_dims(tf.to_float(tf.not_equal(ids, 0)), -1)  # t2t zeroes padding
  return ret * hparams.hidden_size**0.5

encoder_input = embed(inputs)
encoder_padding = embedding_to_padding(encoder_input)
ignore_padding = attention_bias_ignore_padding(encoder_padding)
encoder_input = add_timing_signal_1d(encoder_input)
decoder_input = embed(targets)
decoder_input = tf.pad(decoder_input, [[0, 0], [1, 0], [0, 0]])[:, :-1, :]  # shift_right_3d
decoder_self_attention_bias = attention_bias_lower_triangle(shape_list(targets)[1])
decoder_input = add_timing_signal_1d(decoder_input)
with tf.variable_scope("body"):
  encoder_output = transformer_encoder(encoder_input, ignore_padding, hparams)
  decoder_output = transformer_decoder(decoder_input, encoder_output, decoder_self_attention_bias,
                                       ignore_padding, hparams)
logits = tf.tensordot(decoder_output, emb_var, [[2], [1]])
weights = tf.to_float(tf.not_equal(targets, 0))
xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=targets, logits=logits)
loss = tf.reduce_sum(xent * weights) / tf.reduce_sum(weights)
train = tf.train.AdamOptimizer(0.02, beta1=0.9, beta2=0.98, epsilon=1e-9).minimize(loss)
feed = {inputs: [[3, 5, 7, 0, 0], [2, 4, 6, 8, 9]], targets: [[4, 6, 8, 1], [3, 5, 1, 0]]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["bias"] = L(sess.run(ignore_padding, feed))
out["tri"] = L(sess.run(decoder_self_attention_bias, feed))
weights_names = sorted(ATTENTION_WEIGHTS)
out["attention"] = LS(sess.run([ATTENTION_WEIGHTS[n] for n in weights_names], feed))
out["attention_scopes"] = weights_names
hist = []
for _ in range(4):
  hist.append(sess.run([loss, train], feed)[0])
out["hist"] = L(hist)
out["vars"] = [v.op.name for v in tf.trainable_variables()]
out["static"] = [str(logits.shape), str(encoder_output.shape)]
""",
    # expert_utils.py: noisy_top_k_gating (noise drawn by tf.random_normal under the graph
    # seed), cv_squared load balancing, _rowwise_unsorted_segment_sum, the SparseDispatcher
    # (where/unstack/gather, split by part sizes an expert may get none of, combine by
    # unsorted_segment_sum) and local_moe around them.
    "t2t_moe_noisy_top_k_sparse_dispatcher": r"""
def cv_squared(x):
  epsilon = 1e-10
  float_size = tf.to_float(tf.size(x)) + epsilon
  mean = tf.reduce_sum(x) / float_size
  variance = tf.reduce_sum(tf.squared_difference(x, mean)) / float_size
  return variance / (tf.square(mean) + epsilon)

def _gates_to_load(gates):
  return tf.reduce_sum(tf.to_float(gates > 0), 0)

def _my_top_k(x, k):
  if k > 10:
    return tf.nn.top_k(x, k)
  values = []
  indices = []
  depth = tf.shape(x)[1]
  for i in range(k):
    values.append(tf.reduce_max(x, 1))
    argmax = tf.argmax(x, 1)
    indices.append(argmax)
    if i + 1 < k:
      x += tf.one_hot(argmax, depth, -1e9)
  return tf.stack(values, axis=1), tf.to_int32(tf.stack(indices, axis=1))

def _rowwise_unsorted_segment_sum(values, indices, n):
  batch, k = tf.unstack(tf.shape(indices), num=2)
  indices_flat = tf.reshape(indices, [-1]) + tf.div(tf.range(batch * k), k) * n
  ret_flat = tf.unsorted_segment_sum(tf.reshape(values, [-1]), indices_flat, batch * n)
  return tf.reshape(ret_flat, [batch, n])

def _normal_distribution_cdf(x, stddev):
  return 0.5 * (1.0 + tf.erf(x / (math.sqrt(2) * stddev + 1e-20)))

def _prob_in_top_k(clean_values, noisy_values, noise_stddev, noisy_top_values, k):
  batch = tf.shape(clean_values)[0]
  m = tf.shape(noisy_top_values)[1]
  top_values_flat = tf.reshape(noisy_top_values, [-1])
  threshold_positions_if_in = tf.range(batch) * m + k
  threshold_if_in = tf.expand_dims(tf.gather(top_values_flat, threshold_positions_if_in), 1)
  is_in = tf.greater(noisy_values, threshold_if_in)
  if noise_stddev is None:
    return tf.to_float(is_in)
  threshold_positions_if_out = threshold_positions_if_in - 1
  threshold_if_out = tf.expand_dims(tf.gather(top_values_flat, threshold_positions_if_out), 1)
  prob_if_in = _normal_distribution_cdf(clean_values - threshold_if_in, noise_stddev)
  prob_if_out = _normal_distribution_cdf(clean_values - threshold_if_out, noise_stddev)
  prob = tf.where(is_in, prob_if_in, prob_if_out)
  return prob

def noisy_top_k_gating(x, num_experts, train, k=2, initializer=tf.zeros_initializer(),
                       noisy_gating=True, noise_epsilon=1e-2, name=None):
  with tf.variable_scope(name, default_name="noisy_top_k_gating"):
    input_size = x.get_shape().as_list()[-1]
    w_gate = tf.get_variable("w_gate", [input_size, num_experts], tf.float32, initializer)
    if noisy_gating:
      w_noise = tf.get_variable("w_noise", [input_size, num_experts], tf.float32, initializer)
    clean_logits = tf.matmul(x, w_gate)
    if noisy_gating:
      raw_noise_stddev = tf.matmul(x, w_noise)
      noise_stddev = ((tf.nn.softplus(raw_noise_stddev) + noise_epsilon) * (tf.to_float(train)))
      noisy_logits = clean_logits + (tf.random_normal(tf.shape(clean_logits)) * noise_stddev)
      logits = noisy_logits
    else:
      logits = clean_logits
    top_logits, top_indices = _my_top_k(logits, min(k + 1, num_experts))
    top_k_logits = tf.slice(top_logits, [0, 0], [-1, k])
    top_k_indices = tf.slice(top_indices, [0, 0], [-1, k])
    top_k_gates = tf.nn.softmax(top_k_logits)
    gates = _rowwise_unsorted_segment_sum(top_k_gates, top_k_indices, num_experts)
    if noisy_gating and k < num_experts:
      load = tf.reduce_sum(_prob_in_top_k(clean_logits, noisy_logits, noise_stddev, top_logits, k), 0)
    else:
      load = _gates_to_load(gates)
    return gates, load

class SparseDispatcher(object):
  def __init__(self, num_experts, gates):
    self._gates = gates
    self._num_experts = num_experts
    where = tf.to_int32(tf.where(tf.transpose(gates) > 0))
    self._expert_index, self._batch_index = tf.unstack(where, num=2, axis=1)
    self._part_sizes_tensor = tf.reduce_sum(tf.to_int32(gates > 0), [0])
    self._nonzero_gates = tf.gather(tf.reshape(self._gates, [-1]),
                                    self._batch_index * num_experts + self._expert_index)

  def dispatch(self, inp):
    inp = tf.gather(inp, self._batch_index)
    return tf.split(inp, self._part_sizes_tensor, 0, num=self._num_experts)

  def combine(self, expert_out, multiply_by_gates=True):
    stitched = tf.concat(expert_out, 0)
    if multiply_by_gates:
      stitched *= tf.expand_dims(self._nonzero_gates, 1)
    combined = tf.unsorted_segment_sum(stitched, self._batch_index, tf.shape(self._gates)[0])
    return combined

  def expert_to_gates(self):
    return tf.split(self._nonzero_gates, self._part_sizes_tensor, 0, num=self._num_experts)

  @property
  def part_sizes(self):
    return self._part_sizes_tensor

def local_moe(x, train, expert_fn, num_experts, k=1, loss_coef=1e-2, name=None):
  with tf.variable_scope(name, default_name="local_moe"):
    gates, load = noisy_top_k_gating(x, num_experts, train, k,
                                     initializer=tf.random_normal_initializer(stddev=0.7),
                                     noisy_gating=True, noise_epsilon=1e-2)
    importance = tf.reduce_sum(gates, 0)
    loss = loss_coef * (cv_squared(importance) + cv_squared(load))
    dispatcher = SparseDispatcher(num_experts, gates)
    expert_inputs = dispatcher.dispatch(x)
    expert_outputs = []
    for i in range(num_experts):
      with tf.variable_scope("expert_%d" % i):
        expert_outputs.append(expert_fn(expert_inputs[i]))
    y = dispatcher.combine(expert_outputs)
    return y, loss, gates, dispatcher

def expert_fn(x):
  h = tf.layers.dense(x, 6, activation=tf.nn.relu, name="conv1")
  return tf.layers.dense(h, 4, name="conv2")

tf.set_random_seed(92)
x = tf.placeholder(tf.float32, [None, 4])
target = tf.placeholder(tf.float32, [None, 4])
train_flag = True
y, moe_loss, gates, dispatcher = local_moe(x, train_flag, expert_fn, num_experts=4, k=2)
loss = tf.reduce_mean(tf.square(y - target)) + moe_loss
train = tf.train.AdamOptimizer(0.05).minimize(loss)
feed = {x: rand(1, 6, 4), target: rand(2, 6, 4)}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(3):
  hist.append(sess.run([loss, moe_loss, dispatcher.part_sizes, train], feed)[:3])
out["hist"] = LS(hist)
out["gates_eval"] = L(sess.run(tf.reduce_sum(gates, 1), feed))
# One example: two experts get none.
out["one"] = LS(sess.run([dispatcher.part_sizes, y], {x: rand(3, 1, 4)}))
out["vars"] = [v.op.name for v in tf.trainable_variables()]
out["static"] = [str(y.shape), [str(t.shape) for t in dispatcher.dispatch(x)]]
""",
    # universal_transformer_util.universal_transformer_act: halting probabilities,
    # remainders and update counts carried through tf.while_loop(maximum_iterations=...),
    # the pondering unit's variables created inside the loop body, trained through it.
    "t2t_universal_transformer_act_while_loop": T2T_LAYERS
    + r"""
hparams = SimpleNamespace(hidden_size=6, num_heads=2, filter_size=8, act_max_steps=4,
                          act_epsilon=0.01, act_halting_bias_init=0.5, act_loss_weight=0.01,
                          layer_preprocess_sequence="n", layer_postprocess_sequence="da",
                          layer_prepostprocess_dropout=0.0)

def step_preprocess(x, step, hparams):
  x = add_timing_signal_1d(x)
  channels = shape_list(x)[-1]
  signal = get_timing_signal_1d(hparams.act_max_steps + 1, channels)
  step_signal = tf.expand_dims(tf.gather(signal[0], step), 0)
  return x + tf.expand_dims(step_signal, 0)

def universal_transformer_act(x, hparams, ffn_unit, attention_unit):
  state = x
  act_max_steps = hparams.act_max_steps
  threshold = 1.0 - hparams.act_epsilon
  update_shape = tf.shape(state)[slice(0, 2)]
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
    transformed_state = ffn_unit(attention_unit(state))
    new_state = ((transformed_state * update_weights) + (previous_state * (1 - update_weights)))
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
  return new_state, (n_updates, remainder)

def attention_unit(x):
  with tf.variable_scope("self_attention"):
    y = multihead_attention(layer_preprocess(x, hparams), None, None, hparams.hidden_size,
                            hparams.hidden_size, hparams.hidden_size, hparams.num_heads)
    return layer_postprocess(x, y, hparams)

def ffn_unit(x):
  with tf.variable_scope("ffn"):
    y = dense_relu_dense(layer_preprocess(x, hparams), hparams.filter_size, hparams.hidden_size)
    return layer_postprocess(x, y, hparams)

tf.set_random_seed(93)
x = tf.placeholder(tf.float32, [None, 3, hparams.hidden_size])
target = tf.placeholder(tf.float32, [None, 3, hparams.hidden_size])
with tf.variable_scope("universal_transformer"):
  output, (ponder_times, remainders) = universal_transformer_act(x, hparams, ffn_unit, attention_unit)
  output = layer_preprocess(output, hparams)
ponder_loss = hparams.act_loss_weight * tf.reduce_mean(ponder_times + remainders)
loss = tf.reduce_mean(tf.square(output - target)) + ponder_loss
train = tf.train.AdamOptimizer(0.05).minimize(loss)
feed = {x: rand(4, 2, 3, hparams.hidden_size), target: rand(5, 2, 3, hparams.hidden_size)}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(3):
  hist.append(sess.run([loss, ponder_times, remainders, train], feed)[:3])
out["hist"] = LS(hist)
out["vars"] = [v.op.name for v in tf.trainable_variables()]
out["static"] = [str(output.shape), str(ponder_times.shape)]
""",
}

# openai/finetune-transformer-lm: train.py's model and mgpu_train, opt.py's adam.
GPT1_PROGRAMS = {
    "gpt1_finetune_two_towers_hand_adam": r"""
from functools import partial
n_vocab, n_special, n_ctx, n_embd, n_head, n_layer = 10, 3, 6, 8, 2, 1
clf_token = n_vocab + 2
embd_pdrop = resid_pdrop = attn_pdrop = clf_pdrop = 0.1
afn = 'gelu'
lm_coef = 0.5
n_gpu = 2

def shape_list(x):
    ps = x.get_shape().as_list()
    ts = tf.shape(x)
    return [ts[i] if ps[i] is None else ps[i] for i in range(len(ps))]

def gelu(x):
    return 0.5*x*(1+tf.tanh(math.sqrt(2/math.pi)*(x+0.044715*tf.pow(x, 3))))

def swish(x):
    return x*tf.nn.sigmoid(x)

act_fns = {'relu': tf.nn.relu, 'swish': swish, 'gelu': gelu}

def warmup_linear(x, warmup=0.002):
    s = tf.cast(x <= warmup, tf.float32)
    return s*(x/warmup) + (1-s)*(1-x)

def adam(params, grads, lr, schedule, t_total, b1=0.9, b2=0.999, e=1e-8, l2=0,
         vector_l2=False, max_grad_norm=-1, **kwargs):
    t = tf.Variable(0, dtype=tf.float32, trainable=False)
    tt = t+1
    updates = [t.assign(tt)]
    if max_grad_norm > 0:
        grads, _ = tf.clip_by_global_norm(grads, max_grad_norm)
    for p, g in zip(params, grads):
        if p is None or g is None:
            print("can't train", p.name, g)
        else:
            if isinstance(g, tf.IndexedSlices):
                g = tf.convert_to_tensor(g)
            m = tf.Variable(p*0, dtype=tf.float32, trainable=False)
            v = tf.Variable(p*0, dtype=tf.float32, trainable=False)
            lrt = lr*tf.sqrt(1-b2**tt)/(1-b1**tt)
            # opt.py reads t itself here, beside t.assign(tt): TF's executor orders the
            # two as it likes, so the program reads tt - 1, the value before the update.
            lrt *= schedule((tt - 1)/t_total)
            mt = b1*m + (1-b1)*g
            vt = b2*v + (1-b2)*g*g
            if (len(p.get_shape()) > 1 or vector_l2) and l2 > 0:
                pt = p - lrt * (mt / (tf.sqrt(vt) + e) + l2*p)
            else:
                pt = p - lrt * (mt / (tf.sqrt(vt) + e))
            updates.extend([m.assign(mt), v.assign(vt), p.assign(pt)])
    return tf.group(*updates)

def _norm(x, g=None, b=None, e=1e-5, axis=[1]):
    u = tf.reduce_mean(x, axis=axis, keep_dims=True)
    s = tf.reduce_mean(tf.square(x-u), axis=axis, keep_dims=True)
    x = (x - u) * tf.rsqrt(s + e)
    if g is not None and b is not None:
        x = x*g + b
    return x

def norm(x, scope, axis=[-1]):
    with tf.variable_scope(scope):
        n_state = shape_list(x)[-1]
        g = tf.get_variable("g", [n_state], initializer=tf.constant_initializer(1))
        b = tf.get_variable("b", [n_state], initializer=tf.constant_initializer(0))
        return _norm(x, g, b, axis=axis)

def dropout(x, pdrop, train):
    if train and pdrop > 0:
        x = tf.nn.dropout(x, 1-pdrop)
    return x

def mask_attn_weights(w):
    n = shape_list(w)[-1]
    b = tf.matrix_band_part(tf.ones([n, n]), -1, 0)
    b = tf.reshape(b, [1, 1, n, n])
    w = w*b + -1e9*(1-b)
    return w

def _attn(q, k, v, train=False, scale=False):
    w = tf.matmul(q, k)
    if scale:
        n_state = shape_list(v)[-1]
        w = w*tf.rsqrt(tf.cast(n_state, tf.float32))
    w = mask_attn_weights(w)
    w = tf.nn.softmax(w)
    w = dropout(w, attn_pdrop, train)
    a = tf.matmul(w, v)
    return a

def split_states(x, n):
    x_shape = shape_list(x)
    m = x_shape[-1]
    new_x_shape = x_shape[:-1]+[n, m//n]
    return tf.reshape(x, new_x_shape)

def merge_states(x):
    x_shape = shape_list(x)
    new_x_shape = x_shape[:-2]+[np.prod(x_shape[-2:])]
    return tf.reshape(x, new_x_shape)

def split_heads(x, n, k=False):
    if k:
        return tf.transpose(split_states(x, n), [0, 2, 3, 1])
    else:
        return tf.transpose(split_states(x, n), [0, 2, 1, 3])

def merge_heads(x):
    return merge_states(tf.transpose(x, [0, 2, 1, 3]))

def conv1d(x, scope, nf, rf, w_init=tf.random_normal_initializer(stddev=0.02),
           b_init=tf.constant_initializer(0), pad='VALID', train=False):
    with tf.variable_scope(scope):
        nx = shape_list(x)[-1]
        w = tf.get_variable("w", [rf, nx, nf], initializer=w_init)
        b = tf.get_variable("b", [nf], initializer=b_init)
        if rf == 1:
            c = tf.reshape(tf.matmul(tf.reshape(x, [-1, nx]), tf.reshape(w, [-1, nf]))+b,
                           shape_list(x)[:-1]+[nf])
        else:
            c = tf.nn.conv1d(x, w, stride=1, padding=pad)+b
        return c

def attn(x, scope, n_state, n_head, train=False, scale=False):
    assert n_state % n_head == 0
    with tf.variable_scope(scope):
        c = conv1d(x, 'c_attn', n_state*3, 1, train=train)
        q, k, v = tf.split(c, 3, 2)
        q = split_heads(q, n_head)
        k = split_heads(k, n_head, k=True)
        v = split_heads(v, n_head)
        a = _attn(q, k, v, train=train, scale=scale)
        a = merge_heads(a)
        a = conv1d(a, 'c_proj', n_state, 1, train=train)
        a = dropout(a, resid_pdrop, train)
        return a

def mlp(x, scope, n_state, train=False):
    with tf.variable_scope(scope):
        nx = shape_list(x)[-1]
        act = act_fns[afn]
        h = act(conv1d(x, 'c_fc', n_state, 1, train=train))
        h2 = conv1d(h, 'c_proj', nx, 1, train=train)
        h2 = dropout(h2, resid_pdrop, train)
        return h2

def block(x, scope, train=False, scale=False):
    with tf.variable_scope(scope):
        nx = shape_list(x)[-1]
        a = attn(x, 'attn', nx, n_head, train=train, scale=scale)
        n = norm(x+a, 'ln_1')
        m = mlp(n, 'mlp', nx*4, train=train)
        h = norm(n+m, 'ln_2')
        return h

def embed(X, we):
    we = tf.identity(we)  # utils.convert_gradient_to_tensor: a dense gradient
    e = tf.gather(we, X)
    h = tf.reduce_sum(e, 2)
    return h

def clf(x, ny, w_init=tf.random_normal_initializer(stddev=0.02), b_init=tf.constant_initializer(0), train=False):
    with tf.variable_scope('clf'):
        nx = shape_list(x)[-1]
        w = tf.get_variable("w", [nx, ny], initializer=w_init)
        b = tf.get_variable("b", [ny], initializer=b_init)
        return tf.matmul(x, w)+b

def model(X, M, Y, train=False, reuse=False):
    with tf.variable_scope('model', reuse=reuse):
        we = tf.get_variable("we", [n_vocab+n_special+n_ctx, n_embd],
                             initializer=tf.random_normal_initializer(stddev=0.02))
        we = dropout(we, embd_pdrop, train)
        X = tf.reshape(X, [-1, n_ctx, 2])
        M = tf.reshape(M, [-1, n_ctx])
        h = embed(X, we)
        for layer in range(n_layer):
            h = block(h, 'h%d' % layer, train=train, scale=True)
        lm_h = tf.reshape(h[:, :-1], [-1, n_embd])
        lm_logits = tf.matmul(lm_h, we, transpose_b=True)
        lm_losses = tf.nn.sparse_softmax_cross_entropy_with_logits(logits=lm_logits,
                                                                   labels=tf.reshape(X[:, 1:, 0], [-1]))
        lm_losses = tf.reshape(lm_losses, [shape_list(X)[0], shape_list(X)[1]-1])
        lm_losses = tf.reduce_sum(lm_losses*M[:, 1:], 1)/tf.reduce_sum(M[:, 1:], 1)
        clf_h = tf.reshape(h, [-1, n_embd])
        pool_idx = tf.cast(tf.argmax(tf.cast(tf.equal(X[:, :, 0], clf_token), tf.float32), 1), tf.int32)
        clf_h = tf.gather(clf_h, tf.range(shape_list(X)[0], dtype=tf.int32)*n_ctx+pool_idx)
        clf_h = tf.reshape(clf_h, [-1, 2, n_embd])
        if train and clf_pdrop > 0:
            shape = shape_list(clf_h)
            shape[1] = 1
            clf_h = tf.nn.dropout(clf_h, 1-clf_pdrop, shape)
        clf_h = tf.reshape(clf_h, [-1, n_embd])
        clf_logits = clf(clf_h, 1, train=train)
        clf_logits = tf.reshape(clf_logits, [-1, 2])
        clf_losses = tf.nn.sparse_softmax_cross_entropy_with_logits(logits=clf_logits, labels=Y)
        return clf_logits, clf_losses, lm_losses

def find_trainable_variables(key):
    return tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, ".*{}".format(key))

def average_grads(tower_grads):
    def average_dense(grad_and_vars):
        if len(grad_and_vars) == 1:
            return grad_and_vars[0][0]
        grad = grad_and_vars[0][0]
        for g, _ in grad_and_vars[1:]:
            grad += g
        return grad / len(grad_and_vars)
    def average_sparse(grad_and_vars):
        if len(grad_and_vars) == 1:
            return grad_and_vars[0][0]
        indices = []
        values = []
        for g, _ in grad_and_vars:
            indices += [g.indices]
            values += [g.values]
        indices = tf.concat(indices, 0)
        values = tf.concat(values, 0)
        return tf.IndexedSlices(values, indices, grad_and_vars[0][0].dense_shape)
    average_grads = []
    for grad_and_vars in zip(*tower_grads):
        if grad_and_vars[0][0] is None:
            grad = None
        elif isinstance(grad_and_vars[0][0], tf.IndexedSlices):
            grad = average_sparse(grad_and_vars)
        else:
            grad = average_dense(grad_and_vars)
        v = grad_and_vars[0][1]
        average_grads.append((grad, v))
    return average_grads

def mgpu_train(*xs):
    gpu_ops = []
    gpu_grads = []
    xs = (tf.split(x, n_gpu, 0) for x in xs)
    for i, xs in enumerate(zip(*xs)):
        do_reuse = True if i > 0 else None
        with tf.device("/cpu:0"), tf.variable_scope(tf.get_variable_scope(), reuse=do_reuse):
            clf_logits, clf_losses, lm_losses = model(*xs, train=True, reuse=do_reuse)
            train_loss = tf.reduce_mean(clf_losses) + lm_coef*tf.reduce_mean(lm_losses)
            params = find_trainable_variables("model")
            grads = tf.gradients(train_loss, params)
            grads = list(zip(grads, params))
            gpu_grads.append(grads)
            gpu_ops.append([clf_logits, clf_losses, lm_losses])
    ops = [tf.concat(op, 0) for op in zip(*gpu_ops)]
    grads = average_grads(gpu_grads)
    grads = [g for g, p in grads]
    train = adam(params, grads, 6.25e-3, partial(warmup_linear, warmup=0.2), 10,
                 l2=0.01, max_grad_norm=1, vector_l2=False, b1=0.9, b2=0.999, e=1e-8)
    return [train]+ops

def transform(x1s, x2s):
    n = len(x1s)
    xmb = np.zeros((n, 2, n_ctx, 2), dtype=np.int32)
    mmb = np.zeros((n, 2, n_ctx), dtype=np.float32)
    start, delimiter = n_vocab, n_vocab + 1
    for i, (x1, x2) in enumerate(zip(x1s, x2s)):
        for j, x in enumerate([[start] + x1 + [delimiter] + x2 + [clf_token],
                               [start] + x2 + [delimiter] + x1 + [clf_token]]):
            xmb[i, j, :len(x), 0] = x
            mmb[i, j, :len(x)] = 1
    xmb[:, :, :, 1] = np.arange(n_vocab + n_special, n_vocab + n_special + n_ctx)
    return xmb, mmb

tf.set_random_seed(94)
X_train = tf.placeholder(tf.int32, [4, 2, n_ctx, 2])
M_train = tf.placeholder(tf.float32, [4, 2, n_ctx])
Y_train = tf.placeholder(tf.int32, [4])
train, logits, clf_losses, lm_losses = mgpu_train(X_train, M_train, Y_train)
X = tf.placeholder(tf.int32, [None, 2, n_ctx, 2])
M = tf.placeholder(tf.float32, [None, 2, n_ctx])
Y = tf.placeholder(tf.int32, [None])
eval_logits, eval_clf_losses, eval_lm_losses = model(X, M, Y, train=False, reuse=True)
xmb, mmb = transform([[1, 2], [3], [4, 5], [6]], [[7], [8, 9], [2], [3, 1]])
feed = {X_train: xmb, M_train: mmb, Y_train: [0, 1, 1, 0]}
eval_feed = {X: xmb, M: mmb, Y: [0, 1, 1, 0]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(3):
  # the dropout masks are TF's own draws under the graph seed
  hist.append(sess.run([clf_losses, lm_losses, train], feed)[:2])
out["hist"] = LS(hist)
# clf's bias adds to both choices alike: its gradient is rounding noise, which Adam scales
# to the learning rate, so the program reads the choices' probabilities, not the logits.
out["eval"] = LS(sess.run([tf.nn.softmax(eval_logits), eval_lm_losses], eval_feed))
out["vars"] = [v.op.name for v in tf.global_variables()]
out["static"] = [str(logits.shape), str(eval_logits.shape)]
""",
}

SEQ_PROGRAMS = {
    # A BERT-style AdamWeightDecayOptimizer as forks of optimization.py write it: a
    # tf.train.Optimizer subclass with _prepare, _create_slots, _apply_dense and
    # _apply_sparse (scatter_add after a dense decay), weight decay skipped by name;
    # create_optimizer's polynomial warmup schedule and clip_by_global_norm over a list
    # holding None (a pooler the masked-LM loss does not reach).
    "bertopt_adamw_subclass_apply_dense_sparse": r"""
import re

class AdamWeightDecayOptimizer(tf.train.Optimizer):
  def __init__(self, learning_rate, weight_decay_rate=0.0, beta_1=0.9, beta_2=0.999,
               epsilon=1e-6, exclude_from_weight_decay=None, name="AdamWeightDecayOptimizer"):
    super(AdamWeightDecayOptimizer, self).__init__(False, name)
    self.learning_rate = learning_rate
    self.weight_decay_rate = weight_decay_rate
    self.beta_1 = beta_1
    self.beta_2 = beta_2
    self.epsilon = epsilon
    self.exclude_from_weight_decay = exclude_from_weight_decay

  def _prepare(self):
    self.learning_rate_t = tf.convert_to_tensor(self.learning_rate, name="learning_rate")
    self.weight_decay_rate_t = tf.convert_to_tensor(self.weight_decay_rate, name="weight_decay_rate")
    self.beta_1_t = tf.convert_to_tensor(self.beta_1, name="beta_1")
    self.beta_2_t = tf.convert_to_tensor(self.beta_2, name="beta_2")
    self.epsilon_t = tf.convert_to_tensor(self.epsilon, name="epsilon")

  def _create_slots(self, var_list):
    for v in var_list:
      self._zeros_slot(v, "m", self._name)
      self._zeros_slot(v, "v", self._name)

  def _apply_dense(self, grad, var):
    learning_rate_t = tf.cast(self.learning_rate_t, var.dtype.base_dtype)
    beta_1_t = tf.cast(self.beta_1_t, var.dtype.base_dtype)
    beta_2_t = tf.cast(self.beta_2_t, var.dtype.base_dtype)
    epsilon_t = tf.cast(self.epsilon_t, var.dtype.base_dtype)
    weight_decay_rate_t = tf.cast(self.weight_decay_rate_t, var.dtype.base_dtype)
    m = self.get_slot(var, "m")
    v = self.get_slot(var, "v")
    next_m = (tf.multiply(beta_1_t, m) + tf.multiply(1.0 - beta_1_t, grad))
    next_v = (tf.multiply(beta_2_t, v) + tf.multiply(1.0 - beta_2_t, tf.square(grad)))
    update = next_m / (tf.sqrt(next_v) + epsilon_t)
    if self._do_use_weight_decay(var.name):
      update += weight_decay_rate_t * var
    update_with_lr = learning_rate_t * update
    next_param = var - update_with_lr
    return tf.group(*[var.assign(next_param), m.assign(next_m), v.assign(next_v)])

  def _resource_apply_dense(self, grad, var):
    return self._apply_dense(grad, var)

  def _apply_sparse_shared(self, grad, var, indices, scatter_add):
    learning_rate_t = tf.cast(self.learning_rate_t, var.dtype.base_dtype)
    beta_1_t = tf.cast(self.beta_1_t, var.dtype.base_dtype)
    beta_2_t = tf.cast(self.beta_2_t, var.dtype.base_dtype)
    epsilon_t = tf.cast(self.epsilon_t, var.dtype.base_dtype)
    weight_decay_rate_t = tf.cast(self.weight_decay_rate_t, var.dtype.base_dtype)
    m = self.get_slot(var, "m")
    v = self.get_slot(var, "v")
    m_t = tf.assign(m, m * beta_1_t, use_locking=self._use_locking)
    m_scaled_g_values = grad * (1 - beta_1_t)
    with tf.control_dependencies([m_t]):
      m_t = scatter_add(m, indices, m_scaled_g_values)
    v_scaled_g_values = (grad * grad) * (1 - beta_2_t)
    v_t = tf.assign(v, v * beta_2_t, use_locking=self._use_locking)
    with tf.control_dependencies([v_t]):
      v_t = scatter_add(v, indices, v_scaled_g_values)
    update = m_t / (tf.sqrt(v_t) + epsilon_t)
    if self._do_use_weight_decay(var.name):
      update += weight_decay_rate_t * var
    update_with_lr = learning_rate_t * update
    var_update = tf.assign_sub(var, update_with_lr, use_locking=self._use_locking)
    return tf.group(*[var_update, m_t, v_t])

  def _apply_sparse(self, grad, var):
    return self._apply_sparse_shared(
        grad.values, var, grad.indices,
        lambda x, i, v: tf.scatter_add(x, i, v, use_locking=self._use_locking))

  def _do_use_weight_decay(self, param_name):
    if not self.weight_decay_rate:
      return False
    if self.exclude_from_weight_decay:
      for r in self.exclude_from_weight_decay:
        if re.search(r, param_name) is not None:
          return False
    return True

def create_optimizer(loss, init_lr, num_train_steps, num_warmup_steps):
  global_step = tf.train.get_or_create_global_step()
  learning_rate = tf.constant(value=init_lr, shape=[], dtype=tf.float32)
  learning_rate = tf.train.polynomial_decay(learning_rate, global_step, num_train_steps,
                                            end_learning_rate=0.0, power=1.0, cycle=False)
  if num_warmup_steps:
    global_steps_int = tf.cast(global_step, tf.int32)
    warmup_steps_int = tf.constant(num_warmup_steps, dtype=tf.int32)
    global_steps_float = tf.cast(global_steps_int, tf.float32)
    warmup_steps_float = tf.cast(warmup_steps_int, tf.float32)
    warmup_percent_done = global_steps_float / warmup_steps_float
    warmup_learning_rate = init_lr * warmup_percent_done
    is_warmup = tf.cast(global_steps_int < warmup_steps_int, tf.float32)
    learning_rate = ((1.0 - is_warmup) * learning_rate + is_warmup * warmup_learning_rate)
  optimizer = AdamWeightDecayOptimizer(learning_rate=learning_rate, weight_decay_rate=0.01,
      beta_1=0.9, beta_2=0.999, epsilon=1e-6,
      exclude_from_weight_decay=["LayerNorm", "layer_norm", "bias"])
  tvars = tf.trainable_variables()
  grads = tf.gradients(loss, tvars)
  (grads, _) = tf.clip_by_global_norm(grads, clip_norm=1.0)
  train_op = optimizer.apply_gradients(zip(grads, tvars), global_step=global_step)
  return train_op, learning_rate, grads

tf.set_random_seed(95)
ids = tf.placeholder(tf.int32, [None, 4])
labels = tf.placeholder(tf.int32, [None, 4])
with tf.variable_scope("bert"):
  table = tf.get_variable("word_embeddings", [9, 6],
                          initializer=tf.truncated_normal_initializer(stddev=0.5))
  h = tf.nn.embedding_lookup(table, ids)
  h = contrib.layers.layer_norm(h, begin_norm_axis=-1, begin_params_axis=-1, scope="LayerNorm")
  h = tf.layers.dense(h, 6, activation=tf.tanh, name="transform")
  with tf.variable_scope("pooler"):
    pooled = tf.layers.dense(h[:, 0], 6, activation=tf.tanh, name="dense")
logits = tf.matmul(h, table, transpose_b=True)
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
train_op, lr, grads = create_optimizer(loss, 0.05, num_train_steps=8, num_warmup_steps=2)
feed = {ids: [[1, 2, 2, 5], [3, 1, 7, 0]], labels: [[2, 3, 1, 4], [8, 2, 0, 1]]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(4):
  hist.append(sess.run([loss, lr], feed))
  sess.run(train_op, feed)
out["hist"] = LS(hist)
out["none_grads"] = [g is None for g in grads]
out["sparse_grads"] = [isinstance(g, tf.IndexedSlices) for g in grads]
out["table"] = L(sess.run(table))
out["vars"] = [v.op.name for v in tf.global_variables()]
""",
    # xlnet data_utils._local_perm (tf.random_shuffle under the graph seed) and
    # modeling.py's two-stream relative attention: the content stream sees itself, the
    # query stream starts from mask_emb and reads through target_mapping einsums.
    "xlnet2_two_stream_perm_mask": r"""
SEP_ID, CLS_ID = 3, 4

def _local_perm(inputs, targets, is_masked, perm_size, seq_len):
  index = tf.range(seq_len, dtype=tf.int64)
  index = tf.transpose(tf.reshape(index, [-1, perm_size]))
  index = tf.random_shuffle(index)
  index = tf.reshape(tf.transpose(index), [-1])
  non_func_tokens = tf.logical_not(tf.logical_or(tf.equal(inputs, SEP_ID), tf.equal(inputs, CLS_ID)))
  non_mask_tokens = tf.logical_and(tf.logical_not(is_masked), non_func_tokens)
  masked_or_func_tokens = tf.logical_not(non_mask_tokens)
  smallest_index = -tf.ones([seq_len], dtype=tf.int64)
  rev_index = tf.where(non_mask_tokens, smallest_index, index)
  target_tokens = tf.logical_and(masked_or_func_tokens, non_func_tokens)
  target_mask = tf.cast(target_tokens, tf.float32)
  self_rev_index = tf.where(target_tokens, rev_index, rev_index + 1)
  perm_mask = tf.logical_and(self_rev_index[:, None] <= rev_index[None, :], masked_or_func_tokens)
  perm_mask = tf.cast(perm_mask, tf.float32)
  new_targets = tf.concat([inputs[0: 1], targets[: -1]], axis=0)
  inputs_k = inputs
  inputs_q = target_mask
  return perm_mask, new_targets, target_mask, inputs_k, inputs_q

def rel_shift(x, klen=-1):
  x_size = tf.shape(x)
  x = tf.reshape(x, [x_size[1], x_size[0], x_size[2], x_size[3]])
  x = tf.slice(x, [1, 0, 0, 0], [-1, -1, -1, -1])
  x = tf.reshape(x, [x_size[0], x_size[1] - 1, x_size[2], x_size[3]])
  x = tf.slice(x, [0, 0, 0, 0], [-1, klen, -1, -1])
  return x

def positional_embedding(pos_seq, inv_freq, bsz=None):
  sinusoid_inp = tf.einsum('i,d->id', pos_seq, inv_freq)
  pos_emb = tf.concat([tf.sin(sinusoid_inp), tf.cos(sinusoid_inp)], -1)
  pos_emb = pos_emb[:, None, :]
  if bsz is not None:
    pos_emb = tf.tile(pos_emb, [1, bsz, 1])
  return pos_emb

def relative_positional_encoding(qlen, klen, d_model, bsz=None):
  freq_seq = tf.range(0, d_model, 2.0)
  inv_freq = 1 / (10000 ** (freq_seq / d_model))
  beg, end = klen, -qlen
  fwd_pos_seq = tf.range(beg, end, -1.0)
  return positional_embedding(fwd_pos_seq, inv_freq, bsz)

def head_projection(h, d_model, n_head, d_head, kernel_initializer, name):
  proj_weight = tf.get_variable('{}/kernel'.format(name), [d_model, n_head, d_head],
                                dtype=h.dtype, initializer=kernel_initializer)
  return tf.einsum('ibh,hnd->ibnd', h, proj_weight)

def post_attention(h, attn_vec, d_model, n_head, d_head, kernel_initializer):
  proj_o = tf.get_variable('o/kernel', [d_model, n_head, d_head], dtype=h.dtype,
                           initializer=kernel_initializer)
  attn_out = tf.einsum('ibnd,hnd->ibh', attn_vec, proj_o)
  return contrib.layers.layer_norm(attn_out + h, begin_norm_axis=-1, scope='LayerNorm')

def rel_attn_core(q_head, k_head_h, v_head_h, k_head_r, r_w_bias, r_r_bias, attn_mask, scale):
  ac = tf.einsum('ibnd,jbnd->ijbn', q_head + r_w_bias, k_head_h)
  bd = tf.einsum('ibnd,jbnd->ijbn', q_head + r_r_bias, k_head_r)
  bd = rel_shift(bd, klen=tf.shape(ac)[1])
  attn_score = (ac + bd) * scale
  if attn_mask is not None:
    attn_score = attn_score - 1e30 * attn_mask
  attn_prob = tf.nn.softmax(attn_score, 1)
  return tf.einsum('ijbn,jbnd->ibnd', attn_prob, v_head_h)

def two_stream_rel_attn(h, g, r, r_w_bias, r_r_bias, attn_mask_h, attn_mask_g,
                        target_mapping, d_model, n_head, d_head, kernel_initializer,
                        scope='rel_attn'):
  scale = 1 / (d_head ** 0.5)
  with tf.variable_scope(scope, reuse=False):
    k_head_h = head_projection(h, d_model, n_head, d_head, kernel_initializer, 'k')
    v_head_h = head_projection(h, d_model, n_head, d_head, kernel_initializer, 'v')
    k_head_r = head_projection(r, d_model, n_head, d_head, kernel_initializer, 'r')
    q_head_h = head_projection(h, d_model, n_head, d_head, kernel_initializer, 'q')
    attn_vec_h = rel_attn_core(q_head_h, k_head_h, v_head_h, k_head_r, r_w_bias, r_r_bias,
                               attn_mask_h, scale)
    output_h = post_attention(h, attn_vec_h, d_model, n_head, d_head, kernel_initializer)
  with tf.variable_scope(scope, reuse=True):
    q_head_g = head_projection(g, d_model, n_head, d_head, kernel_initializer, 'q')
    q_head_g = tf.einsum('mbnd,mlb->lbnd', q_head_g, target_mapping)
    attn_vec_g = rel_attn_core(q_head_g, k_head_h, v_head_h, k_head_r, r_w_bias, r_r_bias,
                               attn_mask_g, scale)
    attn_vec_g = tf.einsum('lbnd,mlb->mbnd', attn_vec_g, target_mapping)
    output_g = post_attention(g, attn_vec_g, d_model, n_head, d_head, kernel_initializer)
  return output_h, output_g

tf.set_random_seed(96)
seq_len, perm_size, bsz, n_token, d_model, n_head, d_head = 6, 3, 2, 8, 6, 2, 3
num_predict = 2
inputs_np = np.array([[5, 6, 7, 3, 1, 2], [2, 0, 5, 3, 6, 4]], np.int64)
masked_np = np.array([[0, 1, 1, 0, 0, 0], [0, 0, 0, 0, 1, 1]], bool)
perms = []
for b in range(bsz):
  inp = tf.constant(inputs_np[b])
  perms.append(_local_perm(inp, inp, tf.constant(masked_np[b]), perm_size, seq_len))
perm_mask = tf.stack([p[0] for p in perms], axis=-1)          # [qlen, klen, bsz]
target = tf.stack([p[1] for p in perms], axis=-1)
inp_k = tf.stack([p[3] for p in perms], axis=-1)
positions = tf.constant([[1, 4], [2, 5]], tf.int32)
target_mapping = tf.transpose(tf.one_hot(positions, seq_len, dtype=tf.float32), [1, 2, 0])
tgt_ids = tf.transpose(tf.gather(tf.constant(inputs_np.astype(np.int32)), positions, batch_dims=1))

initializer = tf.initializers.random_normal(stddev=0.3, seed=7)
with tf.variable_scope('model'):
  with tf.variable_scope('transformer'):
    attn_mask = tf.cast(perm_mask[:, :, :, None] > 0, tf.float32)
    non_tgt_mask = -tf.eye(seq_len, dtype=tf.float32)
    non_tgt_mask = tf.cast((attn_mask + non_tgt_mask[:, :, None, None]) > 0, dtype=tf.float32)
    lookup_table = tf.get_variable('word_embedding/lookup_table', [n_token, d_model],
                                   initializer=initializer)
    word_emb_k = tf.nn.embedding_lookup(lookup_table, inp_k)
    with tf.variable_scope('mask_emb'):
      mask_emb = tf.get_variable('mask_emb', [1, 1, d_model], dtype=tf.float32, initializer=initializer)
    word_emb_q = tf.tile(mask_emb, [tf.shape(target_mapping)[0], bsz, 1])
    pos_emb = relative_positional_encoding(seq_len, seq_len, d_model, bsz=bsz)
    r_w_bias = tf.get_variable('r_w_bias', [n_head, d_head], initializer=initializer)
    r_r_bias = tf.get_variable('r_r_bias', [n_head, d_head], initializer=initializer)
    with tf.variable_scope('layer_0'):
      output_h, output_g = two_stream_rel_attn(word_emb_k, word_emb_q, pos_emb, r_w_bias, r_r_bias,
          non_tgt_mask, attn_mask, target_mapping, d_model, n_head, d_head, initializer)
  with tf.variable_scope('lm_loss'):
    softmax_b = tf.get_variable('bias', [n_token], initializer=tf.zeros_initializer())
    logits = tf.einsum('ibd,nd->ibn', output_g, lookup_table) + softmax_b
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tgt_ids, logits=logits))
train = tf.train.AdamOptimizer(0.05).minimize(loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
pm, nt = sess.run([perm_mask, non_tgt_mask])
out["perm_mask"] = L(pm)
out["non_tgt_mask"] = L(nt[:, :, :, 0])
out["targets"] = L(sess.run(target))
hist = []
for _ in range(3):
  hist.append(sess.run([loss, train])[0])
out["hist"] = L(hist)
out["vars"] = [v.op.name for v in tf.trainable_variables()]
""",
    # magenta/models/shared/events_rnn_graph.py: make_rnn_cell's MultiRNNCell of dropout-
    # wrapped BasicLSTMCells, dynamic_rnn over padded melodies with sequence_length,
    # flatten_maybe_padded_sequences' cond between a reshape and a gather_nd, contrib's
    # linear, slim's create_train_op clipping the gradient norm; then the generate graph
    # feeding the LSTM state back step by step at a temperature.
    "magenta_melody_rnn_events_graph": r"""
def make_rnn_cell(rnn_layer_sizes, dropout_keep_prob=1.0, base_cell=contrib.rnn.BasicLSTMCell):
  cells = []
  for i in range(len(rnn_layer_sizes)):
    cell = base_cell(rnn_layer_sizes[i])
    cell = contrib.rnn.DropoutWrapper(cell, output_keep_prob=dropout_keep_prob)
    cells.append(cell)
  return contrib.rnn.MultiRNNCell(cells)

def flatten_maybe_padded_sequences(maybe_padded_sequences, lengths=None):
  def flatten_unpadded_sequences():
    return tf.reshape(maybe_padded_sequences, [-1] + maybe_padded_sequences.shape.as_list()[2:])
  if lengths is None:
    return flatten_unpadded_sequences()
  def flatten_padded_sequences():
    indices = tf.where(tf.sequence_mask(lengths))
    return tf.gather_nd(maybe_padded_sequences, indices)
  return tf.cond(tf.equal(tf.reduce_min(lengths), tf.shape(maybe_padded_sequences)[1]),
                 flatten_unpadded_sequences, flatten_padded_sequences)

hparams = SimpleNamespace(batch_size=3, rnn_layer_sizes=[6, 5], dropout_keep_prob=0.75,
                          clip_norm=3, learning_rate=0.05)
input_size, num_classes, no_event_label = 5, 5, 0

def build_graph(mode):
  graph = tf.Graph()
  with graph.as_default():
    tf.set_random_seed(97)
    inputs = tf.placeholder(tf.float32, [hparams.batch_size, None, input_size])
    labels = tf.placeholder(tf.int64, [hparams.batch_size, None])
    lengths = tf.placeholder(tf.int32, [hparams.batch_size])
    cell = make_rnn_cell(hparams.rnn_layer_sizes,
                         dropout_keep_prob=1.0 if mode == 'generate' else hparams.dropout_keep_prob)
    initial_state = cell.zero_state(hparams.batch_size, tf.float32)
    # magenta's loop runs 32 iterations in parallel, whose dropout masks (drawn from no
    # earlier step) TF's executor draws in an order of its own: here one at a time.
    outputs, final_state = tf.nn.dynamic_rnn(cell, inputs, sequence_length=lengths,
                                             initial_state=initial_state, swap_memory=True,
                                             parallel_iterations=1)
    outputs_flat = flatten_maybe_padded_sequences(outputs, lengths)
    logits_flat = contrib.layers.linear(outputs_flat, num_classes)
    g = SimpleNamespace(graph=graph, inputs=inputs, labels=labels, lengths=lengths,
                        initial_state=initial_state, final_state=final_state)
    if mode == 'train':
      labels_flat = flatten_maybe_padded_sequences(labels, lengths)
      softmax_cross_entropy = tf.nn.sparse_softmax_cross_entropy_with_logits(
          labels=labels_flat, logits=logits_flat)
      predictions_flat = tf.argmax(logits_flat, axis=1)
      correct_predictions = tf.to_float(tf.equal(labels_flat, predictions_flat))
      event_positions = tf.to_float(tf.not_equal(labels_flat, no_event_label))
      no_event_positions = tf.to_float(tf.equal(labels_flat, no_event_label))
      g.loss = tf.reduce_mean(softmax_cross_entropy)
      g.perplexity = tf.exp(g.loss)
      g.accuracy = tf.reduce_mean(correct_predictions)
      g.event_accuracy = (tf.reduce_sum(correct_predictions * event_positions) /
                          tf.reduce_sum(event_positions))
      g.no_event_accuracy = (tf.reduce_sum(correct_predictions * no_event_positions) /
                             tf.reduce_sum(no_event_positions))
      optimizer = tf.train.AdamOptimizer(learning_rate=hparams.learning_rate)
      g.train_op = slim.learning.create_train_op(g.loss, optimizer,
                                                 clip_gradient_norm=hparams.clip_norm)
      tf.add_to_collection('train_op', g.train_op)
    else:
      g.temperature = tf.placeholder(tf.float32, [])
      softmax_flat = tf.nn.softmax(tf.div(logits_flat, tf.fill([num_classes], g.temperature)))
      g.softmax = tf.reshape(softmax_flat, [hparams.batch_size, -1, num_classes])
  return g

melodies = [[1, 2, 0, 3, 4, 2], [2, 2, 1], [4, 0, 3, 3]]
lens = np.array([len(m) - 1 for m in melodies], np.int32)
T = int(lens.max())
x = np.zeros((3, T, input_size), np.float32)
y = np.zeros((3, T), np.int64)
for b, m in enumerate(melodies):
  for t in range(len(m) - 1):
    x[b, t, m[t]] = 1.0
    y[b, t] = m[t + 1]
g = build_graph('train')
with g.graph.as_default():
  sess = tf.Session()
  sess.run(tf.global_variables_initializer())
  feed = {g.inputs: x, g.labels: y, g.lengths: lens}
  hist = []
  for _ in range(4):
    hist.append(sess.run([g.loss, g.accuracy, g.event_accuracy, g.no_event_accuracy,
                          g.train_op], feed)[:4])
  out["hist"] = LS(hist)
  out["full_length"] = L(sess.run(g.loss, {g.inputs: x[:, :2], g.labels: y[:, :2],
                                           g.lengths: [2, 2, 2]}))
  out["vars"] = [v.op.name for v in tf.global_variables()]

gen = build_graph('generate')
with gen.graph.as_default():
  sess = tf.Session()
  fix(sess)
  state = sess.run(gen.initial_state)
  step_in = np.zeros((3, 1, input_size), np.float32)
  step_in[:, 0, 1] = 1.0
  probs = []
  for _ in range(3):
    p, state = sess.run([gen.softmax, gen.final_state],
                        {gen.inputs: step_in, gen.lengths: [1, 1, 1], gen.initial_state: state,
                         gen.temperature: 0.5})
    probs.append(p[:, 0])
    step_in = np.eye(input_size, dtype=np.float32)[p[:, 0].argmax(-1)][:, None]
  out["generate"] = LS(probs)
  out["state_c"] = L(state[1].c)
""",
}

SEQGAN_PROGRAMS = {
    # LantaoYu/SeqGAN generator.py: the hand-written LSTM unit, sampling by tf.multinomial
    # inside a while_loop writing TensorArrays, teacher-forced pretraining reading an
    # unstacked TensorArray, gradients clipped by global norm (the embedding's sparse),
    # the policy-gradient loss weighted by fed rewards.
    "seqgan_generator_tensorarray_while_loop": r"""
from tensorflow.python.ops import tensor_array_ops, control_flow_ops
""".replace(
        "from tensorflow.python.ops import tensor_array_ops, control_flow_ops\n",
        "tensor_array_ops = SimpleNamespace(TensorArray=tf.TensorArray)\n"
        "control_flow_ops = SimpleNamespace(while_loop=tf.while_loop)\n",
    )
    + r"""
class Generator(object):
    def __init__(self, num_emb, batch_size, emb_dim, hidden_dim, sequence_length, start_token,
                 learning_rate=0.01, reward_gamma=0.95):
        self.num_emb = num_emb
        self.batch_size = batch_size
        self.emb_dim = emb_dim
        self.hidden_dim = hidden_dim
        self.sequence_length = sequence_length
        self.start_token = tf.constant([start_token] * self.batch_size, dtype=tf.int32)
        self.learning_rate = tf.Variable(float(learning_rate), trainable=False)
        self.reward_gamma = reward_gamma
        self.g_params = []
        self.d_params = []
        self.temperature = 1.0
        self.grad_clip = 5.0
        self.expected_reward = tf.Variable(tf.zeros([self.sequence_length]))
        with tf.variable_scope('generator'):
            self.g_embeddings = tf.Variable(self.init_matrix([self.num_emb, self.emb_dim]))
            self.g_params.append(self.g_embeddings)
            self.g_recurrent_unit = self.create_recurrent_unit(self.g_params)
            self.g_output_unit = self.create_output_unit(self.g_params)
        self.x = tf.placeholder(tf.int32, shape=[self.batch_size, self.sequence_length])
        self.rewards = tf.placeholder(tf.float32, shape=[self.batch_size, self.sequence_length])
        with tf.device("/cpu:0"):
            self.processed_x = tf.transpose(tf.nn.embedding_lookup(self.g_embeddings, self.x), perm=[1, 0, 2])
        self.h0 = tf.zeros([self.batch_size, self.hidden_dim])
        self.h0 = tf.stack([self.h0, self.h0])
        gen_o = tensor_array_ops.TensorArray(dtype=tf.float32, size=self.sequence_length,
                                             dynamic_size=False, infer_shape=True)
        gen_x = tensor_array_ops.TensorArray(dtype=tf.int32, size=self.sequence_length,
                                             dynamic_size=False, infer_shape=True)
        def _g_recurrence(i, x_t, h_tm1, gen_o, gen_x):
            h_t = self.g_recurrent_unit(x_t, h_tm1)
            o_t = self.g_output_unit(h_t)
            log_prob = tf.log(tf.nn.softmax(o_t))
            next_token = tf.cast(tf.reshape(tf.multinomial(log_prob, 1), [self.batch_size]), tf.int32)
            x_tp1 = tf.nn.embedding_lookup(self.g_embeddings, next_token)
            gen_o = gen_o.write(i, tf.reduce_sum(tf.multiply(tf.one_hot(next_token, self.num_emb, 1.0, 0.0),
                                                             tf.nn.softmax(o_t)), 1))
            gen_x = gen_x.write(i, next_token)
            return i + 1, x_tp1, h_t, gen_o, gen_x
        _, _, _, self.gen_o, self.gen_x = control_flow_ops.while_loop(
            cond=lambda i, _1, _2, _3, _4: i < self.sequence_length,
            body=_g_recurrence,
            loop_vars=(tf.constant(0, dtype=tf.int32),
                       tf.nn.embedding_lookup(self.g_embeddings, self.start_token), self.h0, gen_o, gen_x))
        self.gen_x = self.gen_x.stack()
        self.gen_x = tf.transpose(self.gen_x, perm=[1, 0])
        g_predictions = tensor_array_ops.TensorArray(dtype=tf.float32, size=self.sequence_length,
                                                     dynamic_size=False, infer_shape=True)
        ta_emb_x = tensor_array_ops.TensorArray(dtype=tf.float32, size=self.sequence_length)
        ta_emb_x = ta_emb_x.unstack(self.processed_x)
        def _pretrain_recurrence(i, x_t, h_tm1, g_predictions):
            h_t = self.g_recurrent_unit(x_t, h_tm1)
            o_t = self.g_output_unit(h_t)
            g_predictions = g_predictions.write(i, tf.nn.softmax(o_t))
            x_tp1 = ta_emb_x.read(i)
            return i + 1, x_tp1, h_t, g_predictions
        _, _, _, self.g_predictions = control_flow_ops.while_loop(
            cond=lambda i, _1, _2, _3: i < self.sequence_length,
            body=_pretrain_recurrence,
            loop_vars=(tf.constant(0, dtype=tf.int32),
                       tf.nn.embedding_lookup(self.g_embeddings, self.start_token), self.h0, g_predictions))
        self.g_predictions = tf.transpose(self.g_predictions.stack(), perm=[1, 0, 2])
        self.pretrain_loss = -tf.reduce_sum(
            tf.one_hot(tf.to_int32(tf.reshape(self.x, [-1])), self.num_emb, 1.0, 0.0) * tf.log(
                tf.clip_by_value(tf.reshape(self.g_predictions, [-1, self.num_emb]), 1e-20, 1.0))
        ) / (self.sequence_length * self.batch_size)
        pretrain_opt = self.g_optimizer(self.learning_rate)
        self.pretrain_grad, _ = tf.clip_by_global_norm(tf.gradients(self.pretrain_loss, self.g_params), self.grad_clip)
        self.pretrain_updates = pretrain_opt.apply_gradients(zip(self.pretrain_grad, self.g_params))
        self.g_loss = -tf.reduce_sum(
            tf.reduce_sum(
                tf.one_hot(tf.to_int32(tf.reshape(self.x, [-1])), self.num_emb, 1.0, 0.0) * tf.log(
                    tf.clip_by_value(tf.reshape(self.g_predictions, [-1, self.num_emb]), 1e-20, 1.0)
                ), 1) * tf.reshape(self.rewards, [-1]))
        g_opt = self.g_optimizer(self.learning_rate)
        self.g_grad, _ = tf.clip_by_global_norm(tf.gradients(self.g_loss, self.g_params), self.grad_clip)
        self.g_updates = g_opt.apply_gradients(zip(self.g_grad, self.g_params))

    def generate(self, sess):
        outputs = sess.run(self.gen_x)
        return outputs

    def pretrain_step(self, sess, x):
        outputs = sess.run([self.pretrain_updates, self.pretrain_loss], feed_dict={self.x: x})
        return outputs

    def init_matrix(self, shape):
        return tf.random_normal(shape, stddev=0.1)

    def create_recurrent_unit(self, params):
        self.Wi = tf.Variable(self.init_matrix([self.emb_dim, self.hidden_dim]))
        self.Ui = tf.Variable(self.init_matrix([self.hidden_dim, self.hidden_dim]))
        self.bi = tf.Variable(self.init_matrix([self.hidden_dim]))
        self.Wf = tf.Variable(self.init_matrix([self.emb_dim, self.hidden_dim]))
        self.Uf = tf.Variable(self.init_matrix([self.hidden_dim, self.hidden_dim]))
        self.bf = tf.Variable(self.init_matrix([self.hidden_dim]))
        self.Wog = tf.Variable(self.init_matrix([self.emb_dim, self.hidden_dim]))
        self.Uog = tf.Variable(self.init_matrix([self.hidden_dim, self.hidden_dim]))
        self.bog = tf.Variable(self.init_matrix([self.hidden_dim]))
        self.Wc = tf.Variable(self.init_matrix([self.emb_dim, self.hidden_dim]))
        self.Uc = tf.Variable(self.init_matrix([self.hidden_dim, self.hidden_dim]))
        self.bc = tf.Variable(self.init_matrix([self.hidden_dim]))
        params.extend([self.Wi, self.Ui, self.bi, self.Wf, self.Uf, self.bf,
                       self.Wog, self.Uog, self.bog, self.Wc, self.Uc, self.bc])
        def unit(x, hidden_memory_tm1):
            previous_hidden_state, c_prev = tf.unstack(hidden_memory_tm1)
            i = tf.sigmoid(tf.matmul(x, self.Wi) + tf.matmul(previous_hidden_state, self.Ui) + self.bi)
            f = tf.sigmoid(tf.matmul(x, self.Wf) + tf.matmul(previous_hidden_state, self.Uf) + self.bf)
            o = tf.sigmoid(tf.matmul(x, self.Wog) + tf.matmul(previous_hidden_state, self.Uog) + self.bog)
            c_ = tf.nn.tanh(tf.matmul(x, self.Wc) + tf.matmul(previous_hidden_state, self.Uc) + self.bc)
            c = f * c_prev + i * c_
            current_hidden_state = o * tf.nn.tanh(c)
            return tf.stack([current_hidden_state, c])
        return unit

    def create_output_unit(self, params):
        self.Wo = tf.Variable(self.init_matrix([self.hidden_dim, self.num_emb]))
        self.bo = tf.Variable(self.init_matrix([self.num_emb]))
        params.extend([self.Wo, self.bo])
        def unit(hidden_memory_tuple):
            hidden_state, c_prev = tf.unstack(hidden_memory_tuple)
            logits = tf.matmul(hidden_state, self.Wo) + self.bo
            return logits
        return unit

    def g_optimizer(self, *args, **kwargs):
        return tf.train.AdamOptimizer(*args, **kwargs)

tf.set_random_seed(98)
generator = Generator(num_emb=7, batch_size=3, emb_dim=4, hidden_dim=5, sequence_length=5,
                      start_token=0, learning_rate=0.05)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["samples"] = [L(generator.generate(sess)) for _ in range(2)]
data = np.array([[1, 2, 3, 4, 5], [2, 3, 4, 5, 6], [1, 3, 5, 1, 3]], np.int32)
out["pretrain"] = L([generator.pretrain_step(sess, data)[1] for _ in range(3)])
rewards = np.linspace(-1, 1, 15).reshape(3, 5).astype(np.float32)
feed = {generator.x: data, generator.rewards: rewards}
out["g_loss"] = L([sess.run([generator.g_loss, generator.g_updates], feed)[0] for _ in range(2)])
out["gen_o_sum"] = L(sess.run(tf.reduce_sum(generator.gen_o.stack())) > 0)
out["sparse_grad"] = isinstance(generator.pretrain_grad[0], tf.IndexedSlices)
out["vars"] = [v.op.name for v in tf.global_variables()]
""",
}

VISION_PROGRAMS = {
    # tensorflow/models official/r1/resnet: resnet_model.py's fixed padding, fused batch
    # norm, v2 bottleneck blocks and custom dtype getter; resnet_run_loop.py's
    # learning_rate_with_decay (piecewise_constant), weight decay over the trainable
    # variables whose names lack 'batch_normalization', loss scaling, the minimize op
    # grouped with UPDATE_OPS, accuracy and in_top_k metrics.
    "resnet_official_r1_run_loop_fused_bn_loss_scale": r"""
_BATCH_NORM_DECAY = 0.997
_BATCH_NORM_EPSILON = 1e-5
DEFAULT_DTYPE = tf.float32
CASTABLE_TYPES = (tf.float16,)

def batch_norm(inputs, training, data_format):
  return tf.layers.batch_normalization(
      inputs=inputs, axis=1 if data_format == 'channels_first' else 3,
      momentum=_BATCH_NORM_DECAY, epsilon=_BATCH_NORM_EPSILON, center=True,
      scale=True, training=training, fused=True)

def fixed_padding(inputs, kernel_size, data_format):
  pad_total = kernel_size - 1
  pad_beg = pad_total // 2
  pad_end = pad_total - pad_beg
  if data_format == 'channels_first':
    return tf.pad(tensor=inputs, paddings=[[0, 0], [0, 0], [pad_beg, pad_end], [pad_beg, pad_end]])
  return tf.pad(tensor=inputs, paddings=[[0, 0], [pad_beg, pad_end], [pad_beg, pad_end], [0, 0]])

def conv2d_fixed_padding(inputs, filters, kernel_size, strides, data_format):
  if strides > 1:
    inputs = fixed_padding(inputs, kernel_size, data_format)
  return tf.layers.conv2d(
      inputs=inputs, filters=filters, kernel_size=kernel_size, strides=strides,
      padding=('SAME' if strides == 1 else 'VALID'), use_bias=False,
      kernel_initializer=tf.variance_scaling_initializer(), data_format=data_format)

def _bottleneck_block_v2(inputs, filters, training, projection_shortcut, strides, data_format):
  shortcut = inputs
  inputs = batch_norm(inputs, training, data_format)
  inputs = tf.nn.relu(inputs)
  if projection_shortcut is not None:
    shortcut = projection_shortcut(inputs)
  inputs = conv2d_fixed_padding(inputs=inputs, filters=filters, kernel_size=1, strides=1,
                                data_format=data_format)
  inputs = batch_norm(inputs, training, data_format)
  inputs = tf.nn.relu(inputs)
  inputs = conv2d_fixed_padding(inputs=inputs, filters=filters, kernel_size=3, strides=strides,
                                data_format=data_format)
  inputs = batch_norm(inputs, training, data_format)
  inputs = tf.nn.relu(inputs)
  inputs = conv2d_fixed_padding(inputs=inputs, filters=4 * filters, kernel_size=1, strides=1,
                                data_format=data_format)
  return inputs + shortcut

def block_layer(inputs, filters, bottleneck, block_fn, blocks, strides, training, name, data_format):
  filters_out = filters * 4 if bottleneck else filters
  def projection_shortcut(inputs):
    return conv2d_fixed_padding(inputs=inputs, filters=filters_out, kernel_size=1,
                                strides=strides, data_format=data_format)
  inputs = block_fn(inputs, filters, training, projection_shortcut, strides, data_format)
  for _ in range(1, blocks):
    inputs = block_fn(inputs, filters, training, None, 1, data_format)
  return tf.identity(inputs, name)

class Model(object):
  def __init__(self, num_classes, num_filters, kernel_size, conv_stride, first_pool_size,
               first_pool_stride, block_sizes, block_strides, data_format='channels_last',
               dtype=DEFAULT_DTYPE):
    self.num_classes = num_classes
    self.num_filters = num_filters
    self.kernel_size = kernel_size
    self.conv_stride = conv_stride
    self.first_pool_size = first_pool_size
    self.first_pool_stride = first_pool_stride
    self.block_sizes = block_sizes
    self.block_strides = block_strides
    self.data_format = data_format
    self.dtype = dtype
    self.block_fn = _bottleneck_block_v2
    self.pre_activation = True

  def _custom_dtype_getter(self, getter, name, shape=None, dtype=DEFAULT_DTYPE, *args, **kwargs):
    if dtype in CASTABLE_TYPES:
      var = getter(name, shape, tf.float32, *args, **kwargs)
      return tf.cast(var, dtype=dtype, name=name + '_cast')
    return getter(name, shape, dtype, *args, **kwargs)

  def _model_variable_scope(self):
    return tf.variable_scope('resnet_model', custom_getter=self._custom_dtype_getter)

  def __call__(self, inputs, training):
    with self._model_variable_scope():
      inputs = conv2d_fixed_padding(inputs=inputs, filters=self.num_filters,
                                    kernel_size=self.kernel_size, strides=self.conv_stride,
                                    data_format=self.data_format)
      inputs = tf.identity(inputs, 'initial_conv')
      if self.first_pool_size:
        inputs = tf.layers.max_pooling2d(inputs=inputs, pool_size=self.first_pool_size,
                                         strides=self.first_pool_stride, padding='SAME',
                                         data_format=self.data_format)
        inputs = tf.identity(inputs, 'initial_max_pool')
      for i, num_blocks in enumerate(self.block_sizes):
        num_filters = self.num_filters * (2**i)
        inputs = block_layer(inputs=inputs, filters=num_filters, bottleneck=True,
                             block_fn=self.block_fn, blocks=num_blocks,
                             strides=self.block_strides[i], training=training,
                             name='block_layer{}'.format(i + 1), data_format=self.data_format)
      if self.pre_activation:
        inputs = batch_norm(inputs, training, self.data_format)
        inputs = tf.nn.relu(inputs)
      axes = [2, 3] if self.data_format == 'channels_first' else [1, 2]
      inputs = tf.reduce_mean(input_tensor=inputs, axis=axes, keepdims=True)
      inputs = tf.identity(inputs, 'final_reduce_mean')
      inputs = tf.squeeze(inputs, axes)
      inputs = tf.layers.dense(inputs=inputs, units=self.num_classes)
      inputs = tf.identity(inputs, 'final_dense')
      return inputs

def learning_rate_with_decay(batch_size, batch_denom, num_images, boundary_epochs, decay_rates,
                             base_lr=0.1, warmup=False):
  initial_learning_rate = base_lr * batch_size / batch_denom
  batches_per_epoch = num_images / batch_size
  boundaries = [int(batches_per_epoch * epoch) for epoch in boundary_epochs]
  vals = [initial_learning_rate * decay for decay in decay_rates]
  def learning_rate_fn(global_step):
    lr = tf.train.piecewise_constant(global_step, boundaries, vals)
    if warmup:
      warmup_steps = int(batches_per_epoch * 5)
      warmup_lr = (initial_learning_rate * tf.cast(global_step, tf.float32) /
                   tf.cast(warmup_steps, tf.float32))
      return tf.cond(pred=global_step < warmup_steps, true_fn=lambda: warmup_lr, false_fn=lambda: lr)
    return lr
  return learning_rate_fn

def resnet_model_fn(features, labels, model, weight_decay, learning_rate_fn, momentum, loss_scale):
  logits = model(features, True)
  logits = tf.cast(logits, tf.float32)
  predictions = {'classes': tf.argmax(input=logits, axis=1),
                 'probabilities': tf.nn.softmax(logits, name='softmax_tensor')}
  cross_entropy = tf.losses.sparse_softmax_cross_entropy(logits=logits, labels=labels)
  tf.identity(cross_entropy, name='cross_entropy')
  def exclude_batch_norm(name):
    return 'batch_normalization' not in name
  loss_filter_fn = exclude_batch_norm
  l2_loss = weight_decay * tf.add_n(
      [tf.nn.l2_loss(tf.cast(v, tf.float32)) for v in tf.trainable_variables()
       if loss_filter_fn(v.name)])
  loss = cross_entropy + l2_loss
  global_step = tf.train.get_or_create_global_step()
  learning_rate = learning_rate_fn(global_step)
  tf.identity(learning_rate, name='learning_rate')
  optimizer = tf.train.MomentumOptimizer(learning_rate=learning_rate, momentum=momentum)
  if loss_scale != 1:
    scaled_grad_vars = optimizer.compute_gradients(loss * loss_scale)
    unscaled_grad_vars = [(grad / loss_scale, var) for grad, var in scaled_grad_vars]
    minimize_op = optimizer.apply_gradients(unscaled_grad_vars, global_step)
  else:
    grad_vars = optimizer.compute_gradients(loss)
    minimize_op = optimizer.apply_gradients(grad_vars, global_step)
  update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
  train_op = tf.group(minimize_op, update_ops)
  accuracy = tf.metrics.accuracy(labels, predictions['classes'])
  accuracy_top_5 = tf.metrics.mean(tf.nn.in_top_k(predictions=logits, targets=labels, k=5,
                                                  name='top_5_op'))
  return SimpleNamespace(loss=loss, train_op=train_op, accuracy=accuracy,
                         accuracy_top_5=accuracy_top_5, predictions=predictions)

tf.set_random_seed(99)
features = tf.placeholder(tf.float32, [None, 8, 8, 3])
labels = tf.placeholder(tf.int32, [None])
model = Model(num_classes=6, num_filters=4, kernel_size=3, conv_stride=2, first_pool_size=None,
              first_pool_stride=None, block_sizes=[1, 1], block_strides=[1, 2])
lr_fn = learning_rate_with_decay(batch_size=4, batch_denom=4, num_images=8, boundary_epochs=[1, 2],
                                 decay_rates=[1, 0.1, 0.01], base_lr=0.2)
spec = resnet_model_fn(features, labels, model, weight_decay=1e-4, learning_rate_fn=lr_fn,
                       momentum=0.9, loss_scale=128)
g = tf.get_default_graph()
feed = {features: rand(1, 4, 8, 8, 3), labels: [0, 3, 5, 1]}
sess = tf.Session()
sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
hist = []
for _ in range(5):
  hist.append(sess.run([g.get_tensor_by_name('cross_entropy:0'),
                        g.get_tensor_by_name('learning_rate:0'), spec.loss], feed))
  sess.run(spec.train_op, feed)
out["hist"] = LS(hist)
sess.run([spec.accuracy[1], spec.accuracy_top_5[1]], feed)
out["metrics"] = LS(sess.run([spec.accuracy[0], spec.accuracy_top_5[0]]))
mv = [v for v in tf.global_variables() if v.op.name.endswith('batch_normalization/moving_mean')][0]
out["moving_mean"] = L(sess.run(mv))
out["global_step"] = L(sess.run(tf.train.get_global_step()))
out["vars"] = [v.op.name for v in tf.global_variables()]
out["identities"] = [n for n in ['initial_conv', 'resnet_model/initial_conv', 'resnet_model/block_layer1',
                                 'resnet_model/final_dense', 'cross_entropy', 'learning_rate']
                     if n in [op.name for op in g.get_operations()]]
""",
    # tensorflow/minigo dual_net.py: model_inference_fn's fused batch norm partials, the
    # squeeze-excitation residual tower, policy and value heads; model_fn's combined cost
    # with l2 over names lacking 'bias' and 'beta', piecewise_constant over the global step,
    # minimize under control_dependencies(UPDATE_OPS), the boolean_mask of a one-hot float.
    "minigo_dual_net_se_tower_piecewise": r"""
import functools
N = 5
params = dict(conv_width=6, policy_conv_width=2, value_conv_width=1, fc_width=8,
              trunk_layers=2, l2_strength=1e-4, value_cost_weight=1.0, sgd_momentum=0.9,
              lr_boundaries=[2, 4], lr_rates=[0.1, 0.05, 0.01])
FLAGS = SimpleNamespace(use_swish=False, use_SE=True, use_SE_bias=False, SE_ratio=2)

def model_inference_fn(features, training, params):
  mg_batchn = functools.partial(tf.layers.batch_normalization, axis=-1, momentum=.95,
                                epsilon=1e-5, center=True, scale=True, fused=True,
                                training=training)
  mg_conv2d = functools.partial(tf.layers.conv2d, filters=params['conv_width'], kernel_size=3,
                                padding="same", data_format="channels_last", use_bias=False)
  mg_global_avgpool2d = functools.partial(tf.layers.average_pooling2d, pool_size=N, strides=1,
                                          padding="valid", data_format="channels_last")
  def mg_activation(inputs):
    if FLAGS.use_swish:
      return tf.nn.swish(inputs)
    return tf.nn.relu(inputs)
  def residual_inner(inputs):
    conv_layer1 = mg_batchn(mg_conv2d(inputs))
    initial_output = mg_activation(conv_layer1)
    conv_layer2 = mg_batchn(mg_conv2d(initial_output))
    return conv_layer2
  def mg_res_layer(inputs):
    residual = residual_inner(inputs)
    return mg_activation(inputs + residual)
  def mg_squeeze_excitation_layer(inputs):
    channels = params['conv_width']
    ratio = FLAGS.SE_ratio
    assert channels % ratio == 0
    residual = residual_inner(inputs)
    pool = mg_global_avgpool2d(residual)
    fc1 = tf.layers.dense(pool, units=channels // ratio)
    squeeze = mg_activation(fc1)
    if FLAGS.use_SE_bias:
      fc2 = tf.layers.dense(squeeze, units=2*channels)
      gamma, bias = tf.split(fc2, 2, axis=3)
    else:
      gamma = tf.layers.dense(squeeze, units=channels)
      bias = 0
    sig = tf.nn.sigmoid(gamma)
    scale = tf.reshape(sig, [-1, 1, 1, channels])
    excitation = tf.multiply(scale, residual) + bias
    return mg_activation(inputs + excitation)
  initial_block = mg_activation(mg_batchn(mg_conv2d(features, filters=params['conv_width'])))
  shared_output = initial_block
  for _ in range(params['trunk_layers']):
    if FLAGS.use_SE or FLAGS.use_SE_bias:
      shared_output = mg_squeeze_excitation_layer(shared_output)
    else:
      shared_output = mg_res_layer(shared_output)
  policy_conv = mg_conv2d(shared_output, filters=params['policy_conv_width'], kernel_size=1)
  policy_conv = mg_activation(mg_batchn(policy_conv, center=False, scale=False))
  logits = tf.layers.dense(tf.reshape(policy_conv, [-1, params['policy_conv_width'] * N * N]), N * N + 1)
  policy_output = tf.nn.softmax(logits, name='policy_output')
  value_conv = mg_conv2d(shared_output, filters=params['value_conv_width'], kernel_size=1)
  value_conv = mg_activation(mg_batchn(value_conv, center=False, scale=False))
  value_fc_hidden = mg_activation(tf.layers.dense(
      tf.reshape(value_conv, [-1, params['value_conv_width'] * N * N]), params['fc_width']))
  value_output = tf.nn.tanh(tf.reshape(tf.layers.dense(value_fc_hidden, 1), [-1]), name='value_output')
  return policy_output, value_output, logits

tf.set_random_seed(100)
features = tf.placeholder(tf.float32, [None, N, N, 3], name='pos_tensor')
labels = {'pi_tensor': tf.placeholder(tf.float32, [None, N * N + 1]),
          'value_tensor': tf.placeholder(tf.float32, [None])}
policy_output, value_output, logits = model_inference_fn(features, True, params)
policy_cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(
    logits=logits, labels=tf.stop_gradient(labels['pi_tensor'])))
value_cost = params['value_cost_weight'] * tf.reduce_mean(tf.square(value_output - labels['value_tensor']))
reg_vars = [v for v in tf.trainable_variables() if 'bias' not in v.name and 'beta' not in v.name]
l2_cost = params['l2_strength'] * tf.add_n([tf.nn.l2_loss(v) for v in reg_vars])
combined_cost = policy_cost + value_cost + l2_cost
global_step = tf.train.get_or_create_global_step()
learning_rate = tf.train.piecewise_constant(global_step, params['lr_boundaries'], params['lr_rates'])
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
optimizer = tf.train.MomentumOptimizer(learning_rate, params['sgd_momentum'])
with tf.control_dependencies(update_ops):
  train_op = optimizer.minimize(combined_cost, global_step=global_step)
policy_entropy = -tf.reduce_mean(tf.reduce_sum(policy_output * tf.log(policy_output), axis=1))
policy_target_top_1 = tf.argmax(labels['pi_tensor'], axis=1)
policy_output_in_top1 = tf.to_float(tf.nn.in_top_k(policy_output, policy_target_top_1, k=1))
policy_top_1_confidence = tf.reduce_max(policy_output, axis=1)
policy_target_top_1_confidence = tf.boolean_mask(
    policy_output, tf.one_hot(policy_target_top_1, tf.shape(policy_output)[1]))
pi = np.abs(rand(2, 3, N * N + 1)); pi /= pi.sum(1, keepdims=True)
feed = {features: rand(1, 3, N, N, 3), labels['pi_tensor']: pi, labels['value_tensor']: [1., -1., 1.]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(5):
  hist.append(sess.run([policy_cost, value_cost, l2_cost, learning_rate], feed))
  sess.run(train_op, feed)
out["hist"] = LS(hist)
out["after"] = LS(sess.run([policy_entropy, policy_output_in_top1, policy_top_1_confidence,
                            policy_target_top_1_confidence], feed))
out["reg_vars"] = [v.op.name for v in reg_vars]
out["update_ops"] = len(update_ops)
""",
}

VISION2_PROGRAMS = {
    # slim's nets/nasnet/nasnet_utils.py: factorized_reduction's shifted second path,
    # stacked separable convolutions, drop_path (a floor of keep_prob + random_uniform)
    # scaled by the cell's depth and the global step; nasnet's label-smoothed loss, RMSProp
    # over a cosine decay; train_image_classifier's moving averages and
    # variables_to_restore. (slim groups the averages with the update, which reads the
    # variables TF's executor may write first: the program runs the averages afterwards.)
    "nasnet_drop_path_factorized_reduction_cosine": r"""
def drop_path(net, keep_prob, is_training=True):
  if is_training:
    batch_size = tf.shape(net)[0]
    noise_shape = [batch_size, 1, 1, 1]
    random_tensor = keep_prob
    random_tensor += tf.random_uniform(noise_shape, dtype=tf.float32)
    binary_tensor = tf.cast(tf.floor(random_tensor), net.dtype)
    keep_prob_inv = tf.cast(1.0 / keep_prob, net.dtype)
    net = net * keep_prob_inv * binary_tensor
  return net

def factorized_reduction(net, output_filters, stride):
  if stride == 1:
    net = slim.conv2d(net, output_filters, 1, scope='path_conv')
    net = slim.batch_norm(net, scope='path_bn')
    return net
  stride_spec = [1, stride, stride, 1]
  path1 = tf.nn.avg_pool(net, [1, 1, 1, 1], stride_spec, 'VALID')
  path1 = slim.conv2d(path1, int(output_filters / 2), 1, scope='path1_conv')
  pad_arr = [[0, 0], [0, 1], [0, 1], [0, 0]]
  path2 = tf.pad(net, pad_arr)[:, 1:, 1:, :]
  path2 = tf.nn.avg_pool(path2, [1, 1, 1, 1], stride_spec, 'VALID')
  final_filter_size = int(output_filters / 2) + int(output_filters % 2)
  path2 = slim.conv2d(path2, final_filter_size, 1, scope='path2_conv')
  final_path = tf.concat(values=[path1, path2], axis=3)
  final_path = slim.batch_norm(final_path, scope='final_path_bn')
  return final_path

def _operation_to_info(operation):
  splitted = operation.split('_')
  num_layers = int(splitted[-1])
  kernel_size = int(splitted[1].split('x')[0])
  return num_layers, kernel_size

def _stacked_separable_conv(net, stride, operation, filter_size, use_bounded_activation=False):
  num_layers, kernel_size = _operation_to_info(operation)
  activation_fn = tf.nn.relu6 if use_bounded_activation else tf.nn.relu
  for layer_num in range(num_layers - 1):
    net = activation_fn(net)
    net = slim.separable_conv2d(net, filter_size, kernel_size, depth_multiplier=1,
                                scope='separable_{0}x{0}_{1}'.format(kernel_size, layer_num + 1),
                                stride=stride)
    net = slim.batch_norm(net, scope='bn_sep_{0}x{0}_{1}'.format(kernel_size, layer_num + 1))
    stride = 1
  net = activation_fn(net)
  net = slim.separable_conv2d(net, filter_size, kernel_size, depth_multiplier=1,
                              scope='separable_{0}x{0}_{1}'.format(kernel_size, num_layers),
                              stride=stride)
  net = slim.batch_norm(net, scope='bn_sep_{0}x{0}_{1}'.format(kernel_size, num_layers))
  return net

def _apply_drop_path(net, drop_path_keep_prob, cell_num, num_cells, total_training_steps):
  layer_ratio = (cell_num + 1) / float(num_cells)
  drop_path_keep_prob = 1 - layer_ratio * (1 - drop_path_keep_prob)
  current_step = tf.cast(tf.train.get_or_create_global_step(), tf.float32)
  drop_path_burn_in_steps = total_training_steps
  current_ratio = current_step / drop_path_burn_in_steps
  current_ratio = tf.minimum(1.0, current_ratio)
  drop_path_keep_prob = (1 - current_ratio * (1 - drop_path_keep_prob))
  return drop_path(net, drop_path_keep_prob)

def cell(net, prev, filter_size, cell_num, num_cells, scope):
  with tf.variable_scope(scope):
    with tf.variable_scope('beginning'):
      prev = factorized_reduction(prev, filter_size, stride=2)
      net = tf.nn.relu(net)
      net = slim.conv2d(net, filter_size, 1, scope='1x1')
      net = slim.batch_norm(net, scope='beginning_bn')
    with tf.variable_scope('comb_iter_0'):
      with tf.variable_scope('left'):
        h0 = _stacked_separable_conv(net, 1, 'separable_3x3_2', filter_size)
        h0 = _apply_drop_path(h0, 0.6, cell_num, num_cells, total_training_steps=4)
      with tf.variable_scope('right'):
        h1 = prev
      h = h0 + h1
    return tf.concat([h, net], axis=3)

tf.set_random_seed(101)
images = tf.placeholder(tf.float32, [None, 8, 8, 3])
labels = tf.placeholder(tf.int32, [None])
batch_norm_params = {'decay': 0.9997, 'epsilon': 0.001, 'scale': True, 'fused': True,
                     'is_training': True}
with slim.arg_scope([slim.conv2d, slim.separable_conv2d],
                    weights_initializer=slim.variance_scaling_initializer(mode='FAN_OUT'),
                    activation_fn=None, biases_initializer=None):
  with slim.arg_scope([slim.batch_norm], **batch_norm_params):
    with tf.variable_scope('cell_stem_0'):
      stem = slim.conv2d(images, 4, 3, stride=2, scope='conv0')
      stem = slim.batch_norm(stem, scope='conv0_bn')
    net = cell(stem, images, 4, cell_num=0, num_cells=2, scope='cell_0')
    net = tf.reduce_mean(net, [1, 2])
    logits = slim.fully_connected(net, 5, activation_fn=None, scope='final_layer/FC')
onehot = tf.one_hot(labels, 5)
loss = tf.losses.softmax_cross_entropy(onehot, logits, label_smoothing=0.1, weights=1.0)
total_loss = tf.losses.get_total_loss()
global_step = tf.train.get_or_create_global_step()
learning_rate = tf.train.cosine_decay(0.1, global_step, 4)
optimizer = tf.train.RMSPropOptimizer(learning_rate, decay=0.9, momentum=0.9, epsilon=1.0)
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
with tf.control_dependencies(update_ops):
  train_op = optimizer.minimize(total_loss, global_step=global_step)
variable_averages = tf.train.ExponentialMovingAverage(0.9, global_step)
averages_op = variable_averages.apply(slim.get_model_variables())
feed = {images: rand(2, 3, 8, 8, 3), labels: [1, 4, 0]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(4):
  hist.append(sess.run([total_loss, learning_rate, train_op], feed)[:2])
  sess.run(averages_op)
out["hist"] = LS(hist)
restore = variable_averages.variables_to_restore()
out["restore_keys"] = sorted(restore)[:8]
out["restore_count"] = len(restore)
w = [v for v in slim.get_model_variables() if v.op.name.endswith('final_layer/FC/weights')][0]
out["ema_fc"] = L(sess.run(variable_averages.average(w)))
out["model_vars"] = [v.op.name for v in slim.get_model_variables()]
""",
    # tensorflow/models research/video_prediction prediction_model.py: CDNA kernels from a
    # fully connected layer, normalized and applied by depthwise_conv2d with the batch as
    # channels; scheduled_sample's random_shuffle and dynamic_stitch mixing ground truth
    # and generated frames; the conv LSTM under slim.arg_scope(reuse=...) and layer norm.
    "cdna_depthwise_batch_scheduled_sampling": r"""
RELU_SHIFT = 1e-12
DNA_KERN_SIZE = 3

@slim.add_arg_scope
def basic_conv_lstm_cell(inputs, state, num_channels, filter_size=3, forget_bias=1.0,
                         scope=None, reuse=None):
  spatial_size = inputs.get_shape()[1:3]
  if state is None:
    state = tf.zeros([int(inputs.get_shape()[0])] + spatial_size.as_list() + [2 * num_channels])
  with tf.variable_scope(scope, 'BasicConvLstmCell', [inputs, state], reuse=reuse):
    inputs.get_shape().assert_has_rank(4)
    state.get_shape().assert_has_rank(4)
    c, h = tf.split(axis=3, num_or_size_splits=2, value=state)
    inputs_h = tf.concat(axis=3, values=[inputs, h])
    i_j_f_o = slim.layers.conv2d(inputs_h, 4 * num_channels, [filter_size, filter_size],
                                 stride=1, activation_fn=None, scope='Gates')
    i, j, f, o = tf.split(axis=3, num_or_size_splits=4, value=i_j_f_o)
    new_c = c * tf.sigmoid(f + forget_bias) + tf.sigmoid(i) * tf.tanh(j)
    new_h = tf.tanh(new_c) * tf.sigmoid(o)
    return new_h, tf.concat(axis=3, values=[new_c, new_h])

def cdna_transformation(prev_image, cdna_input, num_masks, color_channels):
  batch_size = int(cdna_input.get_shape()[0])
  height = int(prev_image.get_shape()[1])
  width = int(prev_image.get_shape()[2])
  cdna_kerns = slim.layers.fully_connected(cdna_input, DNA_KERN_SIZE * DNA_KERN_SIZE * num_masks,
                                           scope='cdna_params', activation_fn=None)
  cdna_kerns = tf.reshape(cdna_kerns, [batch_size, DNA_KERN_SIZE, DNA_KERN_SIZE, 1, num_masks])
  cdna_kerns = tf.nn.relu(cdna_kerns - RELU_SHIFT) + RELU_SHIFT
  norm_factor = tf.reduce_sum(cdna_kerns, [1, 2, 3], keep_dims=True)
  cdna_kerns /= norm_factor
  cdna_kerns = tf.transpose(cdna_kerns, [1, 2, 0, 4, 3])
  cdna_kerns = tf.reshape(cdna_kerns, [DNA_KERN_SIZE, DNA_KERN_SIZE, batch_size, num_masks])
  prev_image = tf.transpose(prev_image, [3, 1, 2, 0])
  transformed = tf.nn.depthwise_conv2d(prev_image, cdna_kerns, [1, 1, 1, 1], 'SAME')
  transformed = tf.reshape(transformed, [color_channels, height, width, batch_size, num_masks])
  transformed = tf.transpose(transformed, [3, 1, 2, 0, 4])
  transformed = tf.unstack(transformed, axis=-1)
  return transformed

def scheduled_sample(ground_truth_x, generated_x, batch_size, num_ground_truth):
  idx = tf.random_shuffle(tf.range(int(batch_size)))
  ground_truth_idx = tf.gather(idx, tf.range(num_ground_truth))
  generated_idx = tf.gather(idx, tf.range(num_ground_truth, int(batch_size)))
  ground_truth_examps = tf.gather(ground_truth_x, ground_truth_idx)
  generated_examps = tf.gather(generated_x, generated_idx)
  return tf.dynamic_stitch([ground_truth_idx, generated_idx],
                           [ground_truth_examps, generated_examps])

def construct_model(images, iter_num, k=2.0, num_masks=2, context_frames=1):
  batch_size, img_height, img_width, color_channels = images[0].get_shape()[0:4]
  lstm_func = basic_conv_lstm_cell
  num_ground_truth = tf.to_int32(
      tf.round(tf.to_float(batch_size) * (k / (k + tf.exp(iter_num / k)))))
  lstm_state1 = None
  gen_images = []
  for image in images[:-1]:
    reuse = bool(gen_images)
    done_warm_start = len(gen_images) > context_frames - 1
    with slim.arg_scope([lstm_func, slim.layers.conv2d, slim.layers.fully_connected,
                         contrib.layers.layer_norm, slim.layers.conv2d_transpose], reuse=reuse):
      if done_warm_start:
        prev_image = scheduled_sample(image, gen_images[-1], batch_size, num_ground_truth)
      else:
        prev_image = image
      enc0 = slim.layers.conv2d(prev_image, 4, [3, 3], stride=2, scope='scale1_conv1',
                                normalizer_fn=contrib.layers.layer_norm,
                                normalizer_params={'scope': 'layer_norm1'})
      hidden1, lstm_state1 = lstm_func(enc0, lstm_state1, 3, scope='state1')
      hidden1 = contrib.layers.layer_norm(hidden1, scope='layer_norm2')
      enc6 = slim.layers.conv2d_transpose(hidden1, 3, 3, stride=2, scope='convt1',
                                          normalizer_fn=contrib.layers.layer_norm,
                                          normalizer_params={'scope': 'layer_norm9'})
      cdna_input = tf.reshape(hidden1, [int(batch_size), -1])
      transformed = cdna_transformation(prev_image, cdna_input, num_masks, int(color_channels))
      masks = slim.layers.conv2d_transpose(enc6, num_masks + 1, 1, stride=1, scope='convt7',
                                           activation_fn=None)
      masks = tf.reshape(tf.nn.softmax(tf.reshape(masks, [-1, num_masks + 1])),
                         [int(batch_size), int(img_height), int(img_width), num_masks + 1])
      mask_list = tf.split(axis=3, num_or_size_splits=num_masks + 1, value=masks)
      output = mask_list[0] * prev_image
      for layer, mask in zip(transformed, mask_list[1:]):
        output += layer * mask
      gen_images.append(output)
  return gen_images, num_ground_truth

def peak_signal_to_noise_ratio(true, pred):
  return 10.0 * tf.log(1.0 / mean_squared_error(true, pred)) / tf.log(10.0)

def mean_squared_error(true, pred):
  return tf.reduce_sum(tf.square(true - pred)) / tf.to_float(tf.size(pred))

tf.set_random_seed(102)
frames = tf.placeholder(tf.float32, [4, 3, 6, 6, 2])
iter_num = tf.placeholder(tf.float32, [])
images = tf.split(axis=1, num_or_size_splits=3, value=frames)
images = [tf.squeeze(img, axis=1) for img in images]
with tf.variable_scope('model'):
  gen_images, num_ground_truth = construct_model(images, iter_num)
loss, psnr_all = 0.0, 0.0
for i, x, gx in zip(range(len(gen_images)), images[1:], gen_images):
  recon_cost = mean_squared_error(x, gx)
  psnr_all += peak_signal_to_noise_ratio(x, gx)
  loss += recon_cost
loss = loss / np.float32(len(images) - 1)
train_op = tf.train.AdamOptimizer(0.01).minimize(loss)
data = np.abs(rand(3, 4, 3, 6, 6, 2)) / 2
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for step in range(3):
  hist.append(sess.run([loss, psnr_all, num_ground_truth, train_op],
                       {frames: data, iter_num: float(step)})[:3])
out["hist"] = LS(hist)
out["vars"] = [v.op.name for v in tf.trainable_variables()]
""",
}

VISION3_PROGRAMS = {
    # tensorflow/compression (1.x): math_ops' bounds as gradient_override_map over
    # tf.maximum and the registered "identity if towards" gradients, the
    # NonnegativeParameterizer's reparameterized variables, the GDN layer (a tf.layers
    # Layer whose build adds them); the later spelling of the bound as tf.custom_gradient
    # keeps the rate's likelihoods off zero. Trained on distortion plus rate, with
    # uniform noise in place of rounding.
    "tfc_gdn_lower_bound_gradient_override": r"""
@tf.RegisterGradient("Tf1ex9IdentityFirstOfTwoInputs")
def _identity_first_of_two_inputs_grad(op, grad):
  del op
  return [grad, None]

@tf.RegisterGradient("Tf1ex9LowerBound")
def _lower_bound_grad(op, grad):
  inputs, bound = op.inputs
  pass_through_if = tf.logical_or(inputs >= bound, grad < 0)
  return [tf.cast(pass_through_if, grad.dtype) * grad, None]

def lower_bound(inputs, bound, gradient="identity_if_towards", name=None):
  try:
    gradient = {"identity_if_towards": "Tf1ex9LowerBound",
                "identity": "Tf1ex9IdentityFirstOfTwoInputs", "disconnected": None}[gradient]
  except KeyError:
    raise ValueError("Invalid value for `gradient`: '{}'.".format(gradient))
  with tf.name_scope(name, "LowerBound", [inputs, bound]) as scope:
    inputs = tf.convert_to_tensor(inputs, name="inputs")
    bound = tf.convert_to_tensor(bound, name="bound", dtype=inputs.dtype)
    if gradient:
      with tf.get_default_graph().gradient_override_map({"Maximum": gradient}):
        return tf.maximum(inputs, bound, name=scope)
    return tf.maximum(inputs, bound, name=scope)

@tf.custom_gradient
def likelihood_lower_bound(inputs):
  bound = 1e-9
  def grad(dy):
    pass_through_if = tf.logical_or(inputs >= bound, dy < 0)
    return tf.cast(pass_through_if, dy.dtype) * dy
  return tf.maximum(inputs, bound), grad

class NonnegativeParameterizer(object):
  def __init__(self, minimum=0, reparam_offset=2 ** -18):
    self.minimum = float(minimum)
    self.reparam_offset = float(reparam_offset)

  def __call__(self, getter, name, shape, dtype, initializer, regularizer=None):
    pedestal = tf.constant(self.reparam_offset ** 2, dtype=dtype)
    bound = tf.constant((self.minimum + self.reparam_offset ** 2) ** .5, dtype=dtype)
    reparam_name = "reparam_" + name

    def reparam_initializer(shape, dtype=None, partition_info=None):
      init = tf.convert_to_tensor(initializer(shape, dtype=dtype, partition_info=partition_info))
      init = tf.sqrt(tf.maximum(init + pedestal, pedestal))
      return init

    def reparam(var):
      var = lower_bound(var, bound)
      var = tf.square(var) - pedestal
      return var

    var = getter(name=reparam_name, shape=shape, dtype=dtype, initializer=reparam_initializer)
    return reparam(var)

class GDN(tf.layers.Layer):
  def __init__(self, inverse=False, rectify=False, gamma_init=.1, data_format="channels_last",
               beta_parameterizer=NonnegativeParameterizer(minimum=1e-6),
               gamma_parameterizer=NonnegativeParameterizer(), activity_regularizer=None,
               trainable=True, name=None, **kwargs):
    super(GDN, self).__init__(trainable=trainable, name=name,
                              activity_regularizer=activity_regularizer, **kwargs)
    self.inverse = bool(inverse)
    self.rectify = bool(rectify)
    self._gamma_init = float(gamma_init)
    self.data_format = data_format
    self._beta_parameterizer = beta_parameterizer
    self._gamma_parameterizer = gamma_parameterizer
    self.input_spec = tf.layers.InputSpec(min_ndim=2)

  def _channel_axis(self):
    return {"channels_first": 1, "channels_last": -1}[self.data_format]

  def build(self, input_shape):
    channel_axis = self._channel_axis()
    input_shape = tf.TensorShape(input_shape)
    num_channels = input_shape[channel_axis].value
    self.input_spec = tf.layers.InputSpec(ndim=input_shape.ndims, axes={channel_axis: num_channels})
    self.beta = self._beta_parameterizer(name="beta", shape=[num_channels], dtype=self.dtype,
                                         getter=self.add_variable,
                                         initializer=tf.initializers.ones())
    self.gamma = self._gamma_parameterizer(name="gamma", shape=[num_channels, num_channels],
                                           dtype=self.dtype, getter=self.add_variable,
                                           initializer=tf.initializers.identity(gain=self._gamma_init))
    self.built = True

  def call(self, inputs):
    inputs = tf.convert_to_tensor(inputs, dtype=self.dtype)
    ndim = self.input_spec.ndim
    if self.rectify:
      inputs = tf.nn.relu(inputs)
    if ndim == 2:
      norm_pool = tf.matmul(tf.square(inputs), self.gamma)
      norm_pool = tf.nn.bias_add(norm_pool, self.beta)
    elif self.data_format == "channels_last" and ndim <= 5:
      shape = self.gamma.shape.as_list()
      gamma = tf.reshape(self.gamma, (ndim - 2) * [1] + shape)
      norm_pool = tf.nn.convolution(tf.square(inputs), gamma, "VALID")
      norm_pool = tf.nn.bias_add(norm_pool, self.beta)
    if self.inverse:
      norm_pool = tf.sqrt(norm_pool)
    else:
      norm_pool = tf.rsqrt(norm_pool)
    outputs = inputs * norm_pool
    outputs.set_shape(inputs.shape)
    return outputs

def analysis_transform(tensor, num_filters):
  with tf.variable_scope("analysis"):
    with tf.variable_scope("layer_0"):
      tensor = tf.layers.conv2d(tensor, num_filters, 3, strides=2, padding="same", use_bias=True)
      tensor = GDN(name="gdn_0")(tensor)
    with tf.variable_scope("layer_1"):
      tensor = tf.layers.conv2d(tensor, num_filters, 3, strides=2, padding="same", use_bias=False)
  return tensor

def synthesis_transform(tensor, num_filters):
  with tf.variable_scope("synthesis"):
    with tf.variable_scope("layer_0"):
      tensor = tf.layers.conv2d_transpose(tensor, num_filters, 3, strides=2, padding="same")
      tensor = GDN(name="igdn_0", inverse=True)(tensor)
    with tf.variable_scope("layer_1"):
      tensor = tf.layers.conv2d_transpose(tensor, 3, 3, strides=2, padding="same")
  return tensor

tf.set_random_seed(103)
x = tf.placeholder(tf.float32, [None, 8, 8, 3])
y = analysis_transform(x, 4)
y_tilde = y + tf.random_uniform(tf.shape(y), -.5, .5)
x_tilde = synthesis_transform(y_tilde, 4)
with tf.variable_scope("entropy_bottleneck"):
  log_scale = tf.get_variable("log_scale", [4], initializer=tf.zeros_initializer())
  scale = tf.exp(log_scale)
  likelihoods = tf.sigmoid((y_tilde + .5) / scale) - tf.sigmoid((y_tilde - .5) / scale)
  likelihoods = likelihood_lower_bound(likelihoods)
num_pixels = 2 * 8 * 8
train_bpp = tf.reduce_sum(tf.log(likelihoods)) / (-np.log(2) * num_pixels)
train_mse = tf.reduce_mean(tf.squared_difference(x, x_tilde)) * (255 ** 2)
train_loss = 0.01 * train_mse + train_bpp
train = tf.train.AdamOptimizer(1e-2).minimize(train_loss)
probe = tf.constant([[-1.0, 0.5, 3.0]])
bounded = lower_bound(probe, 1.0)
bounded_id = lower_bound(probe, 1.0, gradient="identity")
probe_grads = tf.gradients([bounded * -1.0, bounded_id * 2.0], probe)
probe_grad_up = tf.gradients(bounded, probe)
feed = {x: np.abs(rand(4, 2, 8, 8, 3))}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(3):
  hist.append(sess.run([train_loss, train_bpp, train_mse, train], feed)[:3])
out["hist"] = LS(hist)
out["probe"] = LS(sess.run([bounded, probe_grads, probe_grad_up]))
gdn_vars = [v for v in tf.global_variables() if "gdn" in v.op.name]
out["gdn_vars"] = [v.op.name for v in gdn_vars]
out["gdn_reparam"] = LS(sess.run(gdn_vars))
""",
    # tensorflow/lucid optvis/param: fft_image's spectrum variable, complex scaling and
    # tf.spectral.irfft2d, the color decorrelation of to_valid_rgb, transform's constant
    # pad and random_crop jitter; an objective maximizing one channel of a tiny fixed
    # network, optimized by Adam.
    "lucid_fft_image_decorrelated_channel_objective": r"""
np.random.seed(104)
color_correlation_svd_sqrt = np.asarray([[0.26, 0.09, 0.02], [0.27, 0.00, -0.05],
                                         [0.27, -0.09, 0.03]]).astype("float32")
max_norm_svd_sqrt = np.max(np.linalg.norm(color_correlation_svd_sqrt, axis=0))

def rfft2d_freqs(h, w):
  fy = np.fft.fftfreq(h)[:, None]
  if w % 2 == 1:
    fx = np.fft.fftfreq(w)[: w // 2 + 2]
  else:
    fx = np.fft.fftfreq(w)[: w // 2 + 1]
  return np.sqrt(fx * fx + fy * fy)

def fft_image(shape, sd=None, decay_power=1):
  sd = sd or 0.01
  batch, h, w, ch = shape
  freqs = rfft2d_freqs(h, w)
  init_val_size = (2, ch) + freqs.shape
  images = []
  for _ in range(batch):
    init_val = np.random.normal(size=init_val_size, scale=sd).astype(np.float32)
    spectrum_real_imag_t = tf.Variable(init_val)
    spectrum_t = tf.complex(spectrum_real_imag_t[0], spectrum_real_imag_t[1])
    scale = 1.0 / np.maximum(freqs, 1.0 / max(w, h)) ** decay_power
    scale *= np.sqrt(w * h)
    scaled_spectrum_t = scale * spectrum_t
    image_t = tf.transpose(tf.spectral.irfft2d(scaled_spectrum_t), (1, 2, 0))
    image_t = image_t[:h, :w, :ch]
    images.append(image_t)
  batched_image_t = tf.stack(images) / 4.0
  return batched_image_t

def _linear_decorelate_color(t):
  t_flat = tf.reshape(t, [-1, 3])
  color_correlation_normalized = color_correlation_svd_sqrt / max_norm_svd_sqrt
  t_flat = tf.matmul(t_flat, color_correlation_normalized.T)
  t = tf.reshape(t_flat, tf.shape(t))
  return t

def to_valid_rgb(t, decorrelate=False, sigmoid=True):
  if decorrelate:
    t = _linear_decorelate_color(t)
  if sigmoid:
    return tf.nn.sigmoid(t)
  return tf.clip_by_value(2 * t - 1, -1, 1) / 2 + 0.5

def image(w, h=None, batch=None, sd=None, decorrelate=True, fft=True, alpha=False):
  h = h or w
  batch = batch or 1
  shape = [batch, h, w, 3]
  t = fft_image(shape, sd=sd)
  rgb = to_valid_rgb(t[..., :3], decorrelate=decorrelate, sigmoid=True)
  return rgb

def pad(w, mode="REFLECT", constant_value=0.5):
  def inner(t_image):
    if constant_value == "uniform":
      constant_value_ = tf.random_uniform([], 0, 1)
    else:
      constant_value_ = constant_value
    return tf.pad(t_image, [(0, 0), (w, w), (w, w), (0, 0)], mode=mode,
                  constant_values=constant_value_)
  return inner

def jitter(d, seed=None):
  def inner(t_image):
    t_image = tf.convert_to_tensor(t_image, preferred_dtype=tf.float32)
    t_shp = tf.shape(t_image)
    crop_shape = tf.concat([t_shp[:-3], t_shp[-3:-1] - d, t_shp[-1:]], 0)
    crop = tf.random_crop(t_image, crop_shape, seed=seed)
    shp = t_image.get_shape().as_list()
    mid_shp_changed = [shp[-3] - d if shp[-3] is not None else None,
                       shp[-2] - d if shp[-3] is not None else None]
    crop.set_shape(shp[:-3] + mid_shp_changed + shp[-1:])
    return crop
  return inner

def compose(transforms):
  def inner(x):
    for transform in transforms:
      x = transform(x)
    return x
  return inner

tf.set_random_seed(104)
t_image = image(7, batch=1)
transformed = compose([pad(2, mode="constant", constant_value=.5), jitter(2)])(t_image)
kernel = tf.constant(rand(5, 3, 3, 3, 4, scale=0.5))
layer = tf.nn.relu(tf.nn.conv2d(transformed - 0.5, kernel, [1, 1, 1, 1], "SAME"))
objective = tf.reduce_mean(layer[..., 2])
loss = -objective
train = tf.train.AdamOptimizer(0.05).minimize(loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["first"] = L(sess.run(t_image)[0, :2, :2])
hist = []
for _ in range(4):
  hist.append(sess.run([objective, train])[0])
out["hist"] = L(hist)
out["final"] = L(sess.run(t_image)[0, 3])
out["static"] = [str(t_image.shape), str(transformed.shape)]
""",
}

VISION4_PROGRAMS = {
    # tensorflow/models research/object_detection: core/post_processing's
    # multiclass_non_max_suppression (per-class score filter and non_max_suppression,
    # sort by score, clip to the window, a total cap) and batch_multiclass_non_max_suppression
    # over shape_utils.static_or_dynamic_map_fn, which falls back to tf.map_fn with a
    # dtype list when the batch is unknown; box_list_ops.pad_or_clip_box_list.
    "objdet_batch_multiclass_nms_map_fn": r"""
class BoxList(object):
  def __init__(self, boxes):
    self.data = {'boxes': boxes}
  def num_boxes(self):
    return tf.shape(self.data['boxes'])[0]
  def get(self):
    return self.data['boxes']
  def add_field(self, field, field_data):
    self.data[field] = field_data
  def get_field(self, field):
    return self.data[field]
  def has_field(self, field):
    return field in self.data
  def get_extra_fields(self):
    return [k for k in self.data.keys() if k != 'boxes']

def gather(boxlist, indices):
  subboxlist = BoxList(tf.gather(boxlist.get(), indices))
  for field in boxlist.get_extra_fields():
    subboxlist.add_field(field, tf.gather(boxlist.get_field(field), indices))
  return subboxlist

def concatenate(boxlists):
  concatenated = BoxList(tf.concat([boxlist.get() for boxlist in boxlists], 0))
  for field in boxlists[0].get_extra_fields():
    concatenated.add_field(field, tf.concat([boxlist.get_field(field) for boxlist in boxlists], 0))
  return concatenated

def sort_by_field(boxlist, field):
  field_to_sort = boxlist.get_field(field)
  num_boxes = tf.size(field_to_sort)
  _, sorted_indices = tf.nn.top_k(field_to_sort, num_boxes, sorted=True)
  return gather(boxlist, sorted_indices)

def clip_to_window(boxlist, window, filter_nonoverlapping=True):
  y_min, x_min, y_max, x_max = tf.split(value=boxlist.get(), num_or_size_splits=4, axis=1)
  win_y_min, win_x_min, win_y_max, win_x_max = tf.unstack(window)
  y_min_clipped = tf.maximum(tf.minimum(y_min, win_y_max), win_y_min)
  y_max_clipped = tf.maximum(tf.minimum(y_max, win_y_max), win_y_min)
  x_min_clipped = tf.maximum(tf.minimum(x_min, win_x_max), win_x_min)
  x_max_clipped = tf.maximum(tf.minimum(x_max, win_x_max), win_x_min)
  clipped = BoxList(tf.concat([y_min_clipped, x_min_clipped, y_max_clipped, x_max_clipped], 1))
  for field in boxlist.get_extra_fields():
    clipped.add_field(field, boxlist.get_field(field))
  if filter_nonoverlapping:
    areas = tf.squeeze((y_max_clipped - y_min_clipped) * (x_max_clipped - x_min_clipped), [1])
    nonzero_area_indices = tf.cast(tf.reshape(tf.where(tf.greater(areas, 0.0)), [-1]), tf.int32)
    clipped = gather(clipped, nonzero_area_indices)
  return clipped

def pad_or_clip_tensor(t, length):
  t_rank = len(t.get_shape())
  t_shape = tf.shape(t)
  pad_len = tf.maximum(length - t_shape[0], 0)
  paddings = tf.stack([tf.stack([0, pad_len])] + [tf.zeros([2], tf.int32)] * (t_rank - 1))
  padded = tf.pad(t, paddings)
  begin = tf.zeros([t_rank], tf.int32)
  size = tf.concat([[length], -tf.ones([t_rank - 1], tf.int32)], 0)
  processed_t = tf.slice(padded, begin, size)
  processed_t.set_shape([length] + t.get_shape().as_list()[1:])
  return processed_t

def pad_or_clip_box_list(boxlist, num_boxes):
  subboxlist = BoxList(pad_or_clip_tensor(boxlist.get(), num_boxes))
  for field in boxlist.get_extra_fields():
    subboxlist.add_field(field, pad_or_clip_tensor(boxlist.get_field(field), num_boxes))
  return subboxlist

def multiclass_non_max_suppression(boxes, scores, score_thresh, iou_thresh, max_size_per_class,
                                   max_total_size=0, clip_window=None):
  with tf.name_scope('MultiClassNonMaxSuppression'):
    num_classes = scores.get_shape()[1]
    selected_boxes_list = []
    per_class_boxes_list = tf.unstack(boxes, axis=1)
    boxes_ids = range(num_classes) if len(per_class_boxes_list) > 1 else [0] * num_classes
    for class_idx, boxes_idx in zip(range(num_classes), boxes_ids):
      per_class_boxes = per_class_boxes_list[boxes_idx]
      boxlist_and_class_scores = BoxList(per_class_boxes)
      class_scores = tf.reshape(tf.slice(scores, [0, class_idx], tf.stack([-1, 1])), [-1])
      boxlist_and_class_scores.add_field('scores', class_scores)
      max_selection_size = tf.minimum(max_size_per_class, boxlist_and_class_scores.num_boxes())
      selected_indices = tf.image.non_max_suppression(
          boxlist_and_class_scores.get(), boxlist_and_class_scores.get_field('scores'),
          max_selection_size, iou_threshold=iou_thresh, score_threshold=score_thresh)
      nms_result = gather(boxlist_and_class_scores, selected_indices)
      nms_result.add_field('classes', (tf.zeros_like(nms_result.get_field('scores')) + class_idx))
      selected_boxes_list.append(nms_result)
    selected_boxes = concatenate(selected_boxes_list)
    sorted_boxes = sort_by_field(selected_boxes, 'scores')
    if clip_window is not None:
      sorted_boxes = clip_to_window(sorted_boxes, clip_window)
    num_valid_nms_boxes = sorted_boxes.num_boxes()
    if max_total_size:
      max_total_size = tf.minimum(max_total_size, sorted_boxes.num_boxes())
      sorted_boxes = gather(sorted_boxes, tf.range(max_total_size))
      num_valid_nms_boxes = tf.where(max_total_size > num_valid_nms_boxes,
                                     num_valid_nms_boxes, max_total_size)
    return sorted_boxes, num_valid_nms_boxes

def static_or_dynamic_map_fn(fn, elems, dtype=None, parallel_iterations=32, back_prop=True):
  if isinstance(elems, list):
    for elem in elems:
      if not isinstance(elem, tf.Tensor):
        raise ValueError('`elems` must be a Tensor or list of Tensors.')
    elem_shapes = [elem.shape.as_list() for elem in elems]
    for elem_shape in elem_shapes:
      if (not elem_shape or not elem_shape[0] or elem_shape[0] != elem_shapes[0][0]):
        return tf.map_fn(fn, elems, dtype, parallel_iterations, back_prop)
    arg_tuples = zip(*[tf.unstack(elem) for elem in elems])
    outputs = [fn(arg_tuple) for arg_tuple in arg_tuples]
  else:
    if not isinstance(elems, tf.Tensor):
      raise ValueError('`elems` must be a Tensor or list of Tensors.')
    elems_shape = elems.shape.as_list()
    if not elems_shape or not elems_shape[0]:
      return tf.map_fn(fn, elems, dtype, parallel_iterations, back_prop)
    outputs = [fn(arg) for arg in tf.unstack(elems)]
  if all([isinstance(output, tf.Tensor) for output in outputs]):
    return tf.stack(outputs)
  if all([isinstance(output, list) for output in outputs]):
    if all([all([isinstance(entry, tf.Tensor) for entry in output_list]) for output_list in outputs]):
      return [tf.stack(output_tuple) for output_tuple in zip(*outputs)]
  raise ValueError('`fn` should return a Tensor or a list of Tensors.')

def batch_multiclass_non_max_suppression(boxes, scores, score_thresh, iou_thresh,
                                         max_size_per_class, max_total_size=0, clip_window=None,
                                         num_valid_boxes=None, parallel_iterations=32):
  q = boxes.shape[2].value
  num_classes = scores.shape[2].value
  with tf.name_scope('BatchMultiClassNonMaxSuppression'):
    boxes_shape = boxes.shape
    batch_size = boxes_shape[0].value
    num_anchors = boxes_shape[1].value
    if batch_size is None:
      batch_size = tf.shape(boxes)[0]
    if num_anchors is None:
      num_anchors = tf.shape(boxes)[1]
    if num_valid_boxes is None:
      num_valid_boxes = tf.ones([batch_size], dtype=tf.int32) * num_anchors
    if clip_window is None:
      clip_window = tf.stack([tf.reduce_min(boxes[:, :, :, 0]), tf.reduce_min(boxes[:, :, :, 1]),
                              tf.reduce_max(boxes[:, :, :, 2]), tf.reduce_max(boxes[:, :, :, 3])])
    if clip_window.shape.ndims == 1:
      clip_window = tf.tile(tf.expand_dims(clip_window, 0), [batch_size, 1])

    def _single_image_nms_fn(args):
      per_image_boxes = args[0]
      per_image_scores = args[1]
      per_image_clip_window = args[2]
      per_image_num_valid_boxes = args[-1]
      per_image_boxes = tf.reshape(
          tf.slice(per_image_boxes, 3 * [0], tf.stack([per_image_num_valid_boxes, -1, -1])), [-1, q, 4])
      per_image_scores = tf.reshape(
          tf.slice(per_image_scores, [0, 0], tf.stack([per_image_num_valid_boxes, -1])), [-1, num_classes])
      nmsed_boxlist, num_valid_nms_boxes = multiclass_non_max_suppression(
          per_image_boxes, per_image_scores, score_thresh, iou_thresh, max_size_per_class,
          max_total_size, clip_window=per_image_clip_window)
      padded_boxlist = pad_or_clip_box_list(nmsed_boxlist, max_total_size)
      num_detections = num_valid_nms_boxes
      nmsed_boxes = padded_boxlist.get()
      nmsed_scores = padded_boxlist.get_field('scores')
      nmsed_classes = padded_boxlist.get_field('classes')
      return [nmsed_boxes, nmsed_scores, nmsed_classes, num_detections]

    batch_outputs = static_or_dynamic_map_fn(
        _single_image_nms_fn, elems=[boxes, scores, clip_window, num_valid_boxes],
        dtype=[tf.float32, tf.float32, tf.float32, tf.int32],
        parallel_iterations=parallel_iterations)
    batch_nmsed_boxes, batch_nmsed_scores, batch_nmsed_classes, batch_num_detections = batch_outputs
    return (batch_nmsed_boxes, batch_nmsed_scores, batch_nmsed_classes, batch_num_detections)

rs = np.random.RandomState(105)
yx = rs.uniform(0, 0.7, size=(2, 6, 1, 2)).astype(np.float32)
hw = rs.uniform(0.1, 0.4, size=(2, 6, 1, 2)).astype(np.float32)
boxes_np = np.concatenate([yx, yx + hw], -1)
boxes_np[0, 1] = boxes_np[0, 0] + 0.01
scores_np = rs.uniform(size=(2, 6, 3)).astype(np.float32)
boxes = tf.placeholder(tf.float32, [None, 6, 1, 4])
scores = tf.placeholder(tf.float32, [None, 6, 3])
num_valid = tf.placeholder(tf.int32, [None])
outputs = batch_multiclass_non_max_suppression(
    boxes, scores, score_thresh=0.3, iou_thresh=0.5, max_size_per_class=3, max_total_size=5,
    clip_window=tf.constant([0.0, 0.0, 0.8, 0.8]), num_valid_boxes=num_valid)
static = batch_multiclass_non_max_suppression(
    tf.constant(boxes_np), tf.constant(scores_np), score_thresh=0.3, iou_thresh=0.5,
    max_size_per_class=3, max_total_size=4)
sess = tf.Session()
out["dynamic"] = LS(sess.run(list(outputs), {boxes: boxes_np, scores: scores_np, num_valid: [6, 4]}))
out["static"] = LS(sess.run(list(static)))
out["shapes"] = [str(t.shape) for t in outputs] + [str(t.shape) for t in static]
""",
    # openai/weightnorm tensorflow/nn.py: dense and conv2d with init=True compute V's
    # normalized output on a data batch and initialize g and b from its moments (variables
    # initialized from a fed placeholder and from V.initialized_value()); the model a
    # tf.make_template called with a fresh counters dict; Adam on the weight-normed net,
    # then the moving averages read back through ema.average in the test-time model.
    # (weightnorm groups the averages with Adam's update: the program runs them after.)
    "wn_weightnorm_data_dependent_init_template": r"""
from tf_slim import add_arg_scope as _add
""".replace(
        "from tf_slim import add_arg_scope as _add\n",
        "add_arg_scope = slim.add_arg_scope\narg_scope = slim.arg_scope\n",
    )
    + r"""
def get_name(layer_name, counters):
  if not layer_name in counters:
    counters[layer_name] = 0
  name = layer_name + '_' + str(counters[layer_name])
  counters[layer_name] += 1
  return name

def get_var_maybe_avg(var_name, ema, **kwargs):
  v = tf.get_variable(var_name, **kwargs)
  if ema is not None:
    v = ema.average(v)
  return v

def get_vars_maybe_avg(var_names, ema, **kwargs):
  vars = []
  for vn in var_names:
    vars.append(get_var_maybe_avg(vn, ema, **kwargs))
  return vars

@add_arg_scope
def dense(x, num_units, nonlinearity=None, init_scale=1., counters={}, init=False, ema=None, **kwargs):
  name = get_name('dense', counters)
  with tf.variable_scope(name):
    if init:
      V = tf.get_variable('V', [int(x.get_shape()[1]), num_units], tf.float32,
                          tf.random_normal_initializer(0, 0.05), trainable=True)
      V_norm = tf.nn.l2_normalize(V.initialized_value(), [0])
      x_init = tf.matmul(x, V_norm)
      m_init, v_init = tf.nn.moments(x_init, [0])
      scale_init = init_scale/tf.sqrt(v_init + 1e-10)
      g = tf.get_variable('g', dtype=tf.float32, initializer=scale_init, trainable=True)
      b = tf.get_variable('b', dtype=tf.float32, initializer=-m_init*scale_init, trainable=True)
      x_init = tf.reshape(scale_init, [1, num_units])*(x_init-tf.reshape(m_init, [1, num_units]))
      if nonlinearity is not None:
        x_init = nonlinearity(x_init)
      return x_init
    else:
      V, g, b = get_vars_maybe_avg(['V', 'g', 'b'], ema)
      tf.assert_variables_initialized([V, g, b])
      x = tf.matmul(x, V)
      scaler = g/tf.sqrt(tf.reduce_sum(tf.square(V), [0]))
      x = tf.reshape(scaler, [1, num_units])*x + tf.reshape(b, [1, num_units])
      if nonlinearity is not None:
        x = nonlinearity(x)
      return x

@add_arg_scope
def conv2d(x, num_filters, filter_size=[3, 3], stride=[1, 1], pad='SAME', nonlinearity=None,
           init_scale=1., counters={}, init=False, ema=None, **kwargs):
  name = get_name('conv2d', counters)
  with tf.variable_scope(name):
    if init:
      V = tf.get_variable('V', filter_size+[int(x.get_shape()[-1]), num_filters], tf.float32,
                          tf.random_normal_initializer(0, 0.05), trainable=True)
      V_norm = tf.nn.l2_normalize(V.initialized_value(), [0, 1, 2])
      x_init = tf.nn.conv2d(x, V_norm, [1]+stride+[1], pad)
      m_init, v_init = tf.nn.moments(x_init, [0, 1, 2])
      scale_init = init_scale/tf.sqrt(v_init + 1e-8)
      g = tf.get_variable('g', dtype=tf.float32, initializer=scale_init, trainable=True)
      b = tf.get_variable('b', dtype=tf.float32, initializer=-m_init*scale_init, trainable=True)
      x_init = tf.reshape(scale_init, [1, 1, 1, num_filters])*(x_init-tf.reshape(m_init, [1, 1, 1, num_filters]))
      if nonlinearity is not None:
        x_init = nonlinearity(x_init)
      return x_init
    else:
      V, g, b = get_vars_maybe_avg(['V', 'g', 'b'], ema)
      tf.assert_variables_initialized([V, g, b])
      W = tf.reshape(g, [1, 1, 1, num_filters])*tf.nn.l2_normalize(V, [0, 1, 2])
      x = tf.nn.bias_add(tf.nn.conv2d(x, W, [1]+stride+[1], pad), b)
      if nonlinearity is not None:
        x = nonlinearity(x)
      return x

def model_spec(x, init=False, ema=None):
  counters = {}
  with arg_scope([conv2d, dense], counters=counters, init=init, ema=ema):
    x = conv2d(x, 4, nonlinearity=tf.nn.elu)
    x = conv2d(x, 4, stride=[2, 2], nonlinearity=tf.nn.elu)
    x = tf.reshape(x, [-1, 3 * 3 * 4])
    return dense(x, 3)

tf.set_random_seed(106)
model = tf.make_template('model', model_spec)
x_init = tf.placeholder(tf.float32, [6, 6, 6, 2])
x = tf.placeholder(tf.float32, [None, 6, 6, 2])
y = tf.placeholder(tf.int32, [None])
init_pass = model(x_init, init=True)
all_params = tf.trainable_variables()
ema = tf.train.ExponentialMovingAverage(decay=0.9)
maintain_averages_op = tf.group(ema.apply(all_params))
logits = model(x, ema=None)
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
optimizer = tf.train.AdamOptimizer(0.01).minimize(loss)
test_logits = model(x, ema=ema)
data = rand(1, 6, 6, 6, 2)
sess = tf.Session()
sess.run(tf.global_variables_initializer(), {x_init: data})
init_out = sess.run(init_pass, {x_init: data})
out["init_moments"] = L([init_out.mean(0), init_out.std(0)])
out["g_init"] = L(sess.run([v for v in all_params if v.op.name == 'model/dense_0/g'][0]))
feed = {x: data[:4], y: [0, 1, 2, 1]}
hist = []
for _ in range(3):
  hist.append(sess.run([loss, optimizer], feed)[0])
  sess.run(maintain_averages_op)
out["hist"] = L(hist)
out["test_logits"] = L(sess.run(test_logits, {x: data[4:]}))
out["params"] = [v.op.name for v in all_params]
""",
}

SEMI_PROGRAMS = {
    # google-research/simclr (TF1): objective.add_contrastive_loss (l2-normalized halves,
    # LARGE_NUM masks, tf.losses.softmax_cross_entropy), lars_optimizer.LARSOptimizer (a
    # tf.train.Optimizer overriding apply_gradients: momentum variables by get_variable,
    # trust ratios, weight decay and adaptation skipped by name), model_util's warmup then
    # cosine_decay learning rate. (The schedule reads the global step LARS assigns in the
    # same group, in an order TF leaves open: the program feeds the step it reads.)
    "simclr_contrastive_loss_lars_cosine_warmup": r"""
import re
LARGE_NUM = 1e9
EETA_DEFAULT = 0.001

def add_contrastive_loss(hidden, hidden_norm=True, temperature=1.0, weights=1.0):
  if hidden_norm:
    hidden = tf.math.l2_normalize(hidden, -1)
  hidden1, hidden2 = tf.split(hidden, 2, 0)
  batch_size = tf.shape(hidden1)[0]
  hidden1_large = hidden1
  hidden2_large = hidden2
  labels = tf.one_hot(tf.range(batch_size), batch_size * 2)
  masks = tf.one_hot(tf.range(batch_size), batch_size)
  logits_aa = tf.matmul(hidden1, hidden1_large, transpose_b=True) / temperature
  logits_aa = logits_aa - masks * LARGE_NUM
  logits_bb = tf.matmul(hidden2, hidden2_large, transpose_b=True) / temperature
  logits_bb = logits_bb - masks * LARGE_NUM
  logits_ab = tf.matmul(hidden1, hidden2_large, transpose_b=True) / temperature
  logits_ba = tf.matmul(hidden2, hidden1_large, transpose_b=True) / temperature
  loss_a = tf.losses.softmax_cross_entropy(labels, tf.concat([logits_ab, logits_aa], 1), weights=weights)
  loss_b = tf.losses.softmax_cross_entropy(labels, tf.concat([logits_ba, logits_bb], 1), weights=weights)
  loss = loss_a + loss_b
  return loss, logits_ab, labels

class LARSOptimizer(tf.train.Optimizer):
  def __init__(self, learning_rate, momentum=0.9, use_nesterov=False, weight_decay=0.0,
               exclude_from_weight_decay=None, exclude_from_layer_adaptation=None,
               classic_momentum=True, eeta=EETA_DEFAULT, name="LARSOptimizer"):
    super(LARSOptimizer, self).__init__(False, name)
    self.learning_rate = learning_rate
    self.momentum = momentum
    self.weight_decay = weight_decay
    self.use_nesterov = use_nesterov
    self.classic_momentum = classic_momentum
    self.eeta = eeta
    self.exclude_from_weight_decay = exclude_from_weight_decay
    if exclude_from_layer_adaptation:
      self.exclude_from_layer_adaptation = exclude_from_layer_adaptation
    else:
      self.exclude_from_layer_adaptation = exclude_from_weight_decay

  def apply_gradients(self, grads_and_vars, global_step=None, name=None):
    if global_step is None:
      global_step = tf.train.get_or_create_global_step()
    new_global_step = global_step + 1
    assignments = []
    for (grad, param) in grads_and_vars:
      if grad is None or param is None:
        continue
      param_name = param.op.name
      v = tf.get_variable(name=param_name + "/Momentum", shape=param.shape.as_list(),
                          dtype=tf.float32, trainable=False, initializer=tf.zeros_initializer())
      if self._use_weight_decay(param_name):
        grad += self.weight_decay * param
      if self.classic_momentum:
        trust_ratio = 1.0
        if self._do_layer_adaptation(param_name):
          w_norm = tf.norm(param, ord=2)
          g_norm = tf.norm(grad, ord=2)
          trust_ratio = tf.where(tf.greater(w_norm, 0), tf.where(
              tf.greater(g_norm, 0), (self.eeta * w_norm / g_norm), 1.0), 1.0)
        scaled_lr = self.learning_rate * trust_ratio
        next_v = tf.multiply(self.momentum, v) + scaled_lr * grad
        if self.use_nesterov:
          update = tf.multiply(self.momentum, next_v) + scaled_lr * grad
        else:
          update = next_v
        next_param = param - update
      else:
        next_v = tf.multiply(self.momentum, v) + grad
        if self.use_nesterov:
          update = tf.multiply(self.momentum, next_v) + grad
        else:
          update = next_v
        trust_ratio = 1.0
        if self._do_layer_adaptation(param_name):
          w_norm = tf.norm(param, ord=2)
          v_norm = tf.norm(update, ord=2)
          trust_ratio = tf.where(tf.greater(w_norm, 0), tf.where(
              tf.greater(v_norm, 0), (self.eeta * w_norm / v_norm), 1.0), 1.0)
        scaled_lr = trust_ratio * self.learning_rate
        next_param = param - scaled_lr * update
      assignments.extend([param.assign(next_param), v.assign(next_v),
                          global_step.assign(new_global_step)])
    return tf.group(*assignments, name=name)

  def _use_weight_decay(self, param_name):
    if not self.weight_decay:
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

def learning_rate_schedule(base_learning_rate, num_examples, global_step, train_batch_size=4,
                           warmup_epochs=1, train_epochs=3):
  warmup_steps = int(round(warmup_epochs * num_examples // train_batch_size))
  scaled_lr = base_learning_rate * train_batch_size / 256.
  learning_rate = (tf.to_float(global_step) / int(warmup_steps) * scaled_lr
                   if warmup_steps else scaled_lr)
  total_steps = train_epochs * num_examples // train_batch_size + 1
  learning_rate = tf.where(global_step < warmup_steps, learning_rate,
                           tf.train.cosine_decay(scaled_lr, global_step - warmup_steps,
                                                 total_steps - warmup_steps))
  return learning_rate

tf.set_random_seed(107)
views = tf.placeholder(tf.float32, [None, 5])
step = tf.placeholder(tf.int64, [])
with tf.variable_scope('base_model'):
  h = tf.layers.dense(views, 6, activation=tf.nn.relu, name='dense_0')
with tf.variable_scope('head_contrastive'):
  z = tf.layers.dense(h, 6, activation=tf.nn.relu, name='nl_0')
  z = tf.layers.dense(z, 4, use_bias=False, name='nl_1')
loss, logits_con, labels_con = add_contrastive_loss(z, hidden_norm=True, temperature=0.5)
weight_decay = 1e-4
l2 = weight_decay * tf.add_n([tf.nn.l2_loss(v) for v in tf.trainable_variables()
                              if 'batch_normalization' not in v.name])
total = loss + l2
learning_rate = learning_rate_schedule(300., 8, step)
optimizer = LARSOptimizer(learning_rate, momentum=0.9, weight_decay=weight_decay,
                          exclude_from_weight_decay=['batch_normalization', 'bias'])
global_step = tf.train.get_or_create_global_step()
train_op = optimizer.minimize(total, global_step=global_step)
contrast_acc = tf.reduce_mean(tf.to_float(tf.equal(tf.argmax(labels_con, 1), tf.argmax(logits_con, 1))))
x1 = rand(3, 4, 5)
feed = {views: np.concatenate([x1, x1 + rand(4, 4, 5, scale=0.1)], 0)}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(5):
  feed[step] = sess.run(global_step)
  hist.append(sess.run([total, contrast_acc, learning_rate], feed))
  sess.run(train_op, feed)
out["hist"] = LS(hist)
out["global_step"] = L(sess.run(global_step))
out["vars"] = [v.op.name for v in tf.global_variables()]
""",
    # google-research/uda: training signal annealing (get_tsa_threshold's three schedules
    # masking confident supervised examples), the sharpened, confidence-masked KL
    # consistency between original and augmented unlabeled logits (kl_for_log_probs),
    # momentum with weight decay over the global step.
    "uda_tsa_kl_consistency": r"""
def get_tsa_threshold(schedule, global_step, num_train_steps, start, end):
  step_ratio = tf.to_float(global_step) / tf.to_float(num_train_steps)
  if schedule == "linear_schedule":
    coeff = step_ratio
  elif schedule == "exp_schedule":
    scale = 5
    coeff = tf.exp((step_ratio - 1) * scale)
  elif schedule == "log_schedule":
    scale = 5
    coeff = 1 - tf.exp((-step_ratio) * scale)
  return coeff * (end - start) + start

def kl_for_log_probs(log_p, log_q):
  p = tf.exp(log_p)
  neg_ent = tf.reduce_sum(p * log_p, axis=-1)
  neg_cross_ent = tf.reduce_sum(p * log_q, axis=-1)
  kl = neg_ent - neg_cross_ent
  return kl

FLAGS = SimpleNamespace(tsa="log_schedule", uda_softmax_temp=0.4, uda_confidence_thresh=0.3,
                        unsup_coeff=1.0, train_steps=6, weight_decay_rate=5e-4)
num_classes = 4
tf.set_random_seed(108)
sup_x = tf.placeholder(tf.float32, [None, 5])
sup_labels = tf.placeholder(tf.int32, [None])
ori_x = tf.placeholder(tf.float32, [None, 5])
aug_x = tf.placeholder(tf.float32, [None, 5])
sup_batch_size = tf.shape(sup_x)[0]
unsup_batch_size = tf.shape(ori_x)[0]
all_x = tf.concat([sup_x, ori_x, aug_x], 0)
with tf.variable_scope("model"):
  h = tf.layers.dense(all_x, 8, activation=tf.nn.relu)
  logits = tf.layers.dense(h, num_classes)
global_step = tf.train.get_or_create_global_step()
sup_logits = logits[:sup_batch_size]
sup_loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=sup_labels, logits=sup_logits)
tsa_start = 1. / num_classes
eff_train_prob_threshold = get_tsa_threshold(FLAGS.tsa, global_step, FLAGS.train_steps, tsa_start, end=1)
one_hot_labels = tf.one_hot(sup_labels, depth=num_classes, dtype=tf.float32)
sup_probs = tf.nn.softmax(sup_logits, axis=-1)
correct_label_probs = tf.reduce_sum(one_hot_labels * sup_probs, axis=-1)
larger_than_threshold = tf.greater(correct_label_probs, eff_train_prob_threshold)
loss_mask = 1 - tf.cast(larger_than_threshold, tf.float32)
loss_mask = tf.stop_gradient(loss_mask)
sup_loss = sup_loss * loss_mask
avg_sup_loss = (tf.reduce_sum(sup_loss) / tf.maximum(tf.reduce_sum(loss_mask), 1))
ori_logits = logits[sup_batch_size: sup_batch_size + unsup_batch_size]
aug_logits = logits[sup_batch_size + unsup_batch_size:]
ori_logits_tgt = ori_logits / FLAGS.uda_softmax_temp
ori_probs = tf.nn.softmax(ori_logits, axis=-1)
aug_log_probs = tf.nn.log_softmax(aug_logits, axis=-1)
largest_prob = tf.reduce_max(ori_probs, axis=-1)
unsup_loss_mask = tf.cast(tf.greater(largest_prob, FLAGS.uda_confidence_thresh), tf.float32)
unsup_loss_mask = tf.stop_gradient(unsup_loss_mask)
per_example_kl_loss = kl_for_log_probs(tf.stop_gradient(tf.nn.log_softmax(ori_logits_tgt)),
                                       aug_log_probs) * unsup_loss_mask
unsup_loss = tf.reduce_mean(per_example_kl_loss)
total_loss = avg_sup_loss + FLAGS.unsup_coeff * unsup_loss
total_loss += FLAGS.weight_decay_rate * tf.add_n([tf.nn.l2_loss(v) for v in tf.trainable_variables()
                                                  if 'kernel' in v.name])
learning_rate = tf.train.cosine_decay(0.3, global_step, FLAGS.train_steps)
train_op = tf.train.MomentumOptimizer(learning_rate, 0.9, use_nesterov=True).minimize(
    total_loss, global_step=global_step)
thresholds = [get_tsa_threshold(s, global_step, FLAGS.train_steps, tsa_start, 1)
              for s in ["linear_schedule", "exp_schedule", "log_schedule"]]
ox = rand(2, 5, 5)
feed = {sup_x: rand(1, 4, 5), sup_labels: [0, 1, 2, 3], ori_x: ox, aug_x: ox + rand(3, 5, 5, scale=0.3)}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(5):
  hist.append(sess.run([avg_sup_loss, unsup_loss, loss_mask, unsup_loss_mask, thresholds], feed))
  sess.run(train_op, feed)
out["hist"] = LS(hist)
""",
}

SEMI2_PROGRAMS = {
    # google-research/mixmatch libml: guess_label's sharpened average over augmentations,
    # MixUp with tf.distributions.Beta draws (the larger of mix and 1 - mix) against a
    # random_shuffle of everything, layers.interleave's batch swapping around the
    # classifier (under variable_scope(reuse=AUTO_REUSE, custom_getter=...)), the post ops
    # under control_dependencies([train_op]), the EMA read back through utils.getter_ema.
    # (mixmatch builds the weight decay assigns and the average before Adam's update and
    # groups them under control_dependencies([train_op]), which orders only the group:
    # each reads and writes what the update writes, in an order TF leaves open. The
    # program builds them under that dependency, the decay before the average.)
    "mixmatch_interleave_mixup_ema_getter": r"""
import functools

def interleave_offsets(batch, nu):
  groups = [batch // (nu + 1)] * (nu + 1)
  for x in range(batch - sum(groups)):
    groups[-x - 1] += 1
  offsets = [0]
  for g in groups:
    offsets.append(offsets[-1] + g)
  assert offsets[-1] == batch
  return offsets

def interleave(xy, batch):
  nu = len(xy) - 1
  offsets = interleave_offsets(batch, nu)
  xy = [[v[offsets[p]:offsets[p + 1]] for p in range(nu + 1)] for v in xy]
  for i in range(1, nu + 1):
    xy[0][i], xy[i][i] = xy[i][i], xy[0][i]
  return [tf.concat(v, axis=0) for v in xy]

def getter_ema(ema, getter, name, *args, **kwargs):
  var = getter(name, *args, **kwargs)
  ema_var = ema.average(var)
  return ema_var if ema_var else var

def model_vars(scope=None):
  return tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope=scope)

nclass = 3

def classifier(x, training, getter=None, **kwargs):
  with tf.variable_scope('classify', reuse=tf.AUTO_REUSE, custom_getter=getter):
    # no bias before batch norm: its gradient is rounding noise, which Adam scales to lr
    y = tf.layers.conv2d(x, 4, 3, padding='same', use_bias=False)
    y = tf.layers.batch_normalization(y, momentum=0.999, training=training)
    y = tf.nn.leaky_relu(y, alpha=0.1)
    y = tf.reduce_mean(y, [1, 2])
    return tf.layers.dense(y, nclass)

def guess_label(y, classifier, T, **kwargs):
  logits_y = [classifier(yi, training=True) for yi in y]
  logits_y = tf.concat(logits_y, 0)
  p_model_y = tf.reshape(tf.nn.softmax(logits_y), [len(y), -1, nclass])
  p_model_y = tf.reduce_mean(p_model_y, axis=0)
  p_target = tf.pow(p_model_y, 1. / T)
  p_target /= tf.reduce_sum(p_target, axis=1, keep_dims=True)
  return SimpleNamespace(p_target=p_target, p_model=p_model_y)

def augment_mix(xl, ll, beta):
  x, l = tf.concat(xl, 0), tf.concat(ll, 0)
  mix = tf.distributions.Beta(beta, beta).sample([tf.shape(x)[0], 1, 1, 1])
  mix = tf.maximum(mix, 1 - mix)
  index = tf.random_shuffle(tf.range(tf.shape(x)[0]))
  xs = tf.gather(x, index)
  ls = tf.gather(l, index)
  xmix = x * mix + xs * (1 - mix)
  lmix = l * mix[:, :, 0, 0] + ls * (1 - mix[:, :, 0, 0])
  return tf.split(xmix, len(xl)), tf.split(lmix, len(ll))

tf.set_random_seed(109)
hwc = [4, 4, 3]
batch, nu, lr, wd, beta, w_match = 3, 2, 0.02, 0.02, 0.5, 10.0
x_in = tf.placeholder(tf.float32, [None] + hwc, 'x')
y_in = tf.placeholder(tf.float32, [None, nu] + hwc, 'y')
l_in = tf.placeholder(tf.int32, [None], 'labels')
step = tf.train.get_or_create_global_step()
wd *= lr
w_match *= tf.clip_by_value(tf.cast(step, tf.float32) / 4, 0, 1)
y = tf.reshape(tf.transpose(y_in, [1, 0, 2, 3, 4]), [-1] + hwc)
guess = guess_label(tf.split(y, nu), classifier, T=0.5)
ly = tf.stop_gradient(guess.p_target)
lx = tf.one_hot(l_in, nclass)
xy, labels_xy = augment_mix([x_in] + tf.split(y, nu), [lx] + [ly] * nu, beta)
x, y = xy[0], xy[1:]
labels_x, labels_y = labels_xy[0], tf.concat(labels_xy[1:], 0)
batches = interleave([x] + y, batch)
skip_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
logits = [classifier(batches[0], training=True)]
post_ops = [v for v in tf.get_collection(tf.GraphKeys.UPDATE_OPS) if v not in skip_ops]
for batchi in batches[1:]:
  logits.append(classifier(batchi, training=True))
logits = interleave(logits, batch)
logits_x = logits[0]
logits_y = tf.concat(logits[1:], 0)
loss_xe = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels_x, logits=logits_x))
loss_l2u = tf.reduce_mean(tf.square(labels_y - tf.nn.softmax(logits_y)))
ema = tf.train.ExponentialMovingAverage(decay=0.9)
ema_getter = functools.partial(getter_ema, ema)
train_op = tf.train.AdamOptimizer(lr).minimize(loss_xe + w_match * loss_l2u,
                                               colocate_gradients_with_ops=True, global_step=step)
with tf.control_dependencies([train_op]):
  decay_ops = [tf.assign(v, v * (1 - wd)) for v in model_vars('classify') if 'kernel' in v.name]
  with tf.control_dependencies(decay_ops):
    ema_op = ema.apply(model_vars())
  post_ops.extend(decay_ops + [ema_op])
  train_op = tf.group(*post_ops)
classify_raw = tf.nn.softmax(classifier(x_in, training=False))
classify_op = tf.nn.softmax(classifier(x_in, getter=ema_getter, training=False))
feed = {x_in: rand(1, 3, 4, 4, 3), y_in: rand(2, 3, nu, 4, 4, 3), l_in: [0, 2, 1]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(3):
  hist.append(sess.run([loss_xe, loss_l2u, guess.p_target, train_op], feed)[:3])
out["hist"] = LS(hist)
out["classify"] = LS(sess.run([classify_raw, classify_op], {x_in: rand(4, 2, 4, 4, 3)}))
out["interleave_offsets"] = interleave_offsets(7, 2)
out["post_ops"] = len(post_ops)
out["vars"] = [v.op.name for v in tf.global_variables()]
""",
    # takerum/vat_tf: vat.py's power iteration (tf.gradients with aggregation_method=2
    # on a random_normal direction, stop_gradient), get_normalized_vector, layers.py's
    # logsoftmax KL and entropy, the hand-written batch norm whose statistics updates are
    # control dependencies of the first forward pass only.
    "vat_power_iteration_perturbation": r"""
# vat_tf's xi is 1e-6: logits moved that little differ in float32's last bits, so the
# power iteration's direction is rounding noise, TF's own; a larger xi makes it a number.
FLAGS = SimpleNamespace(xi=0.5, epsilon=8.0, num_power_iterations=1)
bn_stats_decay_factor = 0.9

def logsoftmax(x):
  xdev = x - tf.reduce_max(x, 1, keep_dims=True)
  lsm = xdev - tf.log(tf.reduce_sum(tf.exp(xdev), 1, keep_dims=True))
  return lsm

def kl_divergence_with_logit(q_logit, p_logit):
  q = tf.nn.softmax(q_logit)
  qlogq = tf.reduce_mean(tf.reduce_sum(q * logsoftmax(q_logit), 1))
  qlogp = tf.reduce_mean(tf.reduce_sum(q * logsoftmax(p_logit), 1))
  return qlogq - qlogp

def entropy_y_x(logit):
  p = tf.nn.softmax(logit)
  return -tf.reduce_mean(tf.reduce_sum(p * logsoftmax(logit), 1))

def ce_loss(logit, y):
  return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logit, labels=y))

def fc(x, dim, seed=None, name='fc', use_bias=True):
  num_units = dim
  with tf.variable_scope(name):
    x_shape = x.get_shape()
    dim_in = x_shape[1]
    W = tf.get_variable(name='W', shape=[dim_in, num_units],
                        initializer=tf.random_normal_initializer(stddev=0.5, seed=seed))
    if not use_bias:
      return tf.matmul(x, W)
    b = tf.get_variable(name='b', shape=[num_units], initializer=tf.constant_initializer(0.0))
    return tf.nn.xw_plus_b(x, W, b)

def bn(x, dim, is_training=True, update_batch_stats=True, collections=None, name="bn"):
  params_shape = (dim,)
  n = tf.to_float(tf.reduce_prod(tf.shape(x)[:-1]))
  axis = list(range(int(tf.shape(x).get_shape().as_list()[0]) - 1))
  mean = tf.reduce_mean(x, axis)
  var = tf.reduce_mean(tf.pow(x - mean, 2.0), axis)
  avg_mean = tf.get_variable(name=name + "_mean", shape=params_shape,
                             initializer=tf.constant_initializer(0.0), collections=collections,
                             trainable=False)
  avg_var = tf.get_variable(name=name + "_var", shape=params_shape,
                            initializer=tf.constant_initializer(1.0), collections=collections,
                            trainable=False)
  gamma = tf.get_variable(name=name + "_gamma", shape=params_shape,
                          initializer=tf.constant_initializer(1.0), collections=collections)
  beta = tf.get_variable(name=name + "_beta", shape=params_shape,
                         initializer=tf.constant_initializer(0.0), collections=collections)
  if is_training:
    avg_mean_assign_op = tf.no_op()
    avg_var_assign_op = tf.no_op()
    if update_batch_stats:
      avg_mean_assign_op = tf.assign(avg_mean, bn_stats_decay_factor * avg_mean
                                     + (1 - bn_stats_decay_factor) * mean)
      avg_var_assign_op = tf.assign(avg_var, bn_stats_decay_factor * avg_var
                                    + (n / (n - 1)) * (1 - bn_stats_decay_factor) * var)
    with tf.control_dependencies([avg_mean_assign_op, avg_var_assign_op]):
      z = (x - mean) / tf.sqrt(1e-6 + var)
  else:
    z = (x - avg_mean) / tf.sqrt(1e-6 + avg_var)
  return gamma * z + beta

def logit(x, is_training=True, update_batch_stats=True, stochastic=True, seed=1234):
  # vat_tf's fc adds a bias the batch norm removes: its gradient is rounding noise, which
  # Adam scales to the learning rate (and the moving mean keeps): here the layer has none.
  h = fc(x, 8, seed=seed, name='fc1', use_bias=False)
  h = tf.nn.relu(bn(h, 8, is_training=is_training, update_batch_stats=update_batch_stats, name='b1'))
  return fc(h, 3, seed=seed + 1, name='fc2')

def forward(x, is_training=True, update_batch_stats=False, seed=1234):
  return logit(x, is_training=is_training, update_batch_stats=update_batch_stats,
               stochastic=is_training, seed=seed)

def get_normalized_vector(d):
  d /= (1e-12 + tf.reduce_max(tf.abs(d), list(range(1, len(d.get_shape()))), keep_dims=True))
  d /= tf.sqrt(1e-6 + tf.reduce_sum(tf.pow(d, 2.0), list(range(1, len(d.get_shape()))), keep_dims=True))
  return d

def generate_virtual_adversarial_perturbation(x, logit, is_training=True):
  d = tf.random_normal(shape=tf.shape(x))
  for _ in range(FLAGS.num_power_iterations):
    d = FLAGS.xi * get_normalized_vector(d)
    logit_p = logit
    logit_m = forward(x + d, update_batch_stats=False, is_training=is_training)
    dist = kl_divergence_with_logit(logit_p, logit_m)
    grad = tf.gradients(dist, [d], aggregation_method=2)[0]
    d = tf.stop_gradient(grad)
  return FLAGS.epsilon * get_normalized_vector(d)

def virtual_adversarial_loss(x, logit, is_training=True, name="vat_loss"):
  r_vadv = generate_virtual_adversarial_perturbation(x, logit, is_training=is_training)
  logit = tf.stop_gradient(logit)
  logit_p = logit
  logit_m = forward(x + r_vadv, update_batch_stats=False, is_training=is_training)
  loss = kl_divergence_with_logit(logit_p, logit_m)
  return tf.identity(loss, name=name), r_vadv

tf.set_random_seed(110)
x = tf.placeholder(tf.float32, [None, 4])
y = tf.placeholder(tf.float32, [None, 3])
ul_x = tf.placeholder(tf.float32, [None, 4])
with tf.variable_scope("MLP", reuse=tf.AUTO_REUSE):
  logit_l = forward(x, update_batch_stats=True)
  nll_loss = ce_loss(logit_l, y)
  ul_logit = forward(ul_x, is_training=True, update_batch_stats=False)
  vat_loss, r_vadv = virtual_adversarial_loss(ul_x, ul_logit)
  ent = entropy_y_x(ul_logit)
  loss = nll_loss + vat_loss
  eval_logit = forward(x, is_training=False, update_batch_stats=False)
opt = tf.train.AdamOptimizer(learning_rate=0.01, beta1=0.9)
train_op = opt.minimize(loss)
feed = {x: rand(1, 4, 4), y: np.eye(3, dtype=np.float32)[[0, 1, 2, 0]], ul_x: rand(2, 5, 4)}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(3):
  hist.append(sess.run([nll_loss, vat_loss, ent, train_op], feed)[:3])
out["hist"] = LS(hist)
out["r_norm"] = L(sess.run(tf.norm(r_vadv, axis=1), feed))
out["eval"] = L(sess.run(eval_logit, feed))
out["vars"] = [v.op.name for v in tf.global_variables()]
""",
    # cleverhans (v3): attacks_tf.fgm's labels from the model's own predictions, the
    # optimize_linear steps for ord inf, 1 and 2, clip_eta, ProjectedGradientDescent's
    # random start and tf.while_loop(maximum_iterations=...) whose body takes
    # tf.gradients of the model; adversarial training on the mixed loss.
    "cleverhans_fgm_pgd_while_loop": r"""
def optimize_linear(grad, eps, ord=np.inf):
  red_ind = list(range(1, len(grad.get_shape())))
  avoid_zero_div = 1e-12
  if ord == np.inf:
    optimal_perturbation = tf.sign(grad)
    optimal_perturbation = tf.stop_gradient(optimal_perturbation)
  elif ord == 1:
    abs_grad = tf.abs(grad)
    sign = tf.sign(grad)
    max_abs_grad = tf.reduce_max(abs_grad, red_ind, keepdims=True)
    tied_for_max = tf.to_float(tf.equal(abs_grad, max_abs_grad))
    num_ties = tf.reduce_sum(tied_for_max, red_ind, keepdims=True)
    optimal_perturbation = sign * tied_for_max / num_ties
  elif ord == 2:
    square = tf.maximum(avoid_zero_div, tf.reduce_sum(tf.square(grad), reduction_indices=red_ind,
                                                      keepdims=True))
    optimal_perturbation = grad / tf.sqrt(square)
  else:
    raise NotImplementedError("Only L-inf, L1 and L2 norms are currently implemented.")
  scaled_perturbation = tf.multiply(eps, optimal_perturbation)
  return scaled_perturbation

def fgm(x, logits, y=None, eps=0.3, ord=np.inf, clip_min=None, clip_max=None, targeted=False,
        sanity_checks=True):
  asserts = []
  if clip_min is not None:
    asserts.append(tf.assert_greater_equal(x, tf.cast(clip_min, x.dtype)))
  if clip_max is not None:
    asserts.append(tf.assert_less_equal(x, tf.cast(clip_max, x.dtype)))
  if y is None:
    preds_max = tf.reduce_max(logits, 1, keepdims=True)
    y = tf.to_float(tf.equal(logits, preds_max))
    y = tf.stop_gradient(y)
  y = y / tf.reduce_sum(y, 1, keepdims=True)
  loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits)
  if targeted:
    loss = -loss
  grad, = tf.gradients(loss, x)
  optimal_perturbation = optimize_linear(grad, eps, ord)
  adv_x = x + optimal_perturbation
  if (clip_min is not None) or (clip_max is not None):
    adv_x = tf.clip_by_value(adv_x, clip_min, clip_max)
  if sanity_checks:
    with tf.control_dependencies(asserts):
      adv_x = tf.identity(adv_x)
  return adv_x

def clip_eta(eta, ord, eps):
  if ord not in [np.inf, 1, 2]:
    raise ValueError('ord must be np.inf, 1, or 2.')
  reduc_ind = list(range(1, len(eta.get_shape())))
  avoid_zero_div = 1e-12
  if ord == np.inf:
    eta = tf.clip_by_value(eta, -eps, eps)
  else:
    if ord == 1:
      raise NotImplementedError("")
    elif ord == 2:
      norm = tf.sqrt(tf.maximum(avoid_zero_div, tf.reduce_sum(tf.square(eta), reduc_ind, keepdims=True)))
    factor = tf.minimum(1., tf.div(eps, norm))
    eta = eta * factor
  return eta

class ModelBasicMLP(object):
  def __init__(self, scope, nb_classes):
    self.scope = scope
    self.nb_classes = nb_classes
  def get_logits(self, x):
    with tf.variable_scope(self.scope, reuse=tf.AUTO_REUSE):
      h = tf.layers.dense(x, 8, activation=tf.nn.relu,
                          kernel_initializer=tf.initializers.variance_scaling(2.0, seed=3))
      return tf.layers.dense(h, self.nb_classes,
                             kernel_initializer=tf.initializers.variance_scaling(1.0, seed=4))
  def get_probs(self, x):
    return tf.nn.softmax(self.get_logits(x))

def pgd_generate(model, x, eps=0.3, eps_iter=0.1, nb_iter=3, ord=np.inf, clip_min=0., clip_max=1.,
                 rand_init=True):
  if rand_init:
    eta = tf.random_uniform(tf.shape(x), tf.cast(-eps, x.dtype), tf.cast(eps, x.dtype), dtype=x.dtype)
  else:
    eta = tf.zeros(tf.shape(x))
  eta = clip_eta(eta, ord, eps)
  adv_x = x + eta
  adv_x = tf.clip_by_value(adv_x, clip_min, clip_max)
  model_preds = model.get_probs(x)
  preds_max = tf.reduce_max(model_preds, 1, keepdims=True)
  y = tf.to_float(tf.equal(model_preds, preds_max))
  y = tf.stop_gradient(y)
  def cond(i, _):
    return tf.less(i, nb_iter)
  def body(i, adv_x):
    adv_x = fgm(adv_x, model.get_logits(adv_x), y=y, eps=eps_iter, ord=ord, clip_min=clip_min,
                clip_max=clip_max)
    eta = adv_x - x
    eta = clip_eta(eta, ord, eps)
    adv_x = x + eta
    adv_x = tf.clip_by_value(adv_x, clip_min, clip_max)
    return i + 1, adv_x
  _, adv_x = tf.while_loop(cond, body, (tf.zeros([]), adv_x), back_prop=True,
                           maximum_iterations=nb_iter)
  return adv_x

tf.set_random_seed(111)
model = ModelBasicMLP('model1', 3)
x = tf.placeholder(tf.float32, [None, 5])
y = tf.placeholder(tf.float32, [None, 3])
logits = model.get_logits(x)
adv = {o: fgm(x, logits, eps=0.2, ord=o, clip_min=0., clip_max=1.) for o in (np.inf, 1, 2)}
adv_pgd = pgd_generate(model, x)
adv_pgd_l2 = pgd_generate(model, x, eps=0.5, eps_iter=0.3, ord=2, rand_init=False)
def loss_fn(logits):
  return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
adv_loss = loss_fn(model.get_logits(tf.stop_gradient(adv_pgd)))
loss = 0.5 * loss_fn(logits) + 0.5 * adv_loss
train_op = tf.train.AdamOptimizer(0.01).minimize(loss)
data = np.abs(rand(5, 4, 5)) / 3
feed = {x: data, y: np.eye(3, dtype=np.float32)[[0, 1, 2, 0]]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["fgm"] = LS(sess.run([adv[np.inf], adv[1], adv[2]], feed))
out["pgd_l2"] = L(sess.run(adv_pgd_l2, feed))
hist = []
for _ in range(3):
  hist.append(sess.run([loss, adv_loss, train_op], feed)[:2])
out["hist"] = LS(hist)
out["pgd_linf"] = L(np.abs(sess.run(adv_pgd, feed) - data).max() <= 0.3 + 1e-6)
out["raises"] = raises(lambda: sess.run(adv[np.inf], {x: data + 1.0, y: feed[y]}))
""",
}

LOSS_PROGRAMS = {
    # tensorflow/models research/domain_adaptation: the domain separation networks' losses
    # (maximum_mean_discrepancy over a sum of Gaussian kernels, difference_loss,
    # tf.where(cost > 0, cost, 0), tf.Assert under control dependencies, tf.losses.add_loss)
    # and the DANN loss over a gradient-reversal identity (gradient_override_map over a
    # registered gradient, as pumpikano's flip_gradient spells it).
    "dsn_mmd_difference_dann_losses": r"""
from functools import partial

class FlipGradientBuilder(object):
  def __init__(self):
    self.num_calls = 0
  def __call__(self, x, l=1.0):
    grad_name = "Tf1ex9FlipGradient%d" % self.num_calls
    @tf.RegisterGradient(grad_name)
    def _flip_gradients(op, grad):
      return [tf.negative(grad) * l]
    g = tf.get_default_graph()
    with g.gradient_override_map({"Identity": grad_name}):
      y = tf.identity(x)
    self.num_calls += 1
    return y
flip_gradient = FlipGradientBuilder()

def compute_pairwise_distances(x, y):
  if not len(x.get_shape()) == len(y.get_shape()) == 2:
    raise ValueError('Both inputs should be matrices.')
  if x.get_shape().as_list()[1] != y.get_shape().as_list()[1]:
    raise ValueError('The number of features should be the same.')
  norm = lambda x: tf.reduce_sum(tf.square(x), 1)
  return tf.transpose(norm(tf.expand_dims(x, 2) - tf.transpose(y)))

def gaussian_kernel_matrix(x, y, sigmas):
  beta = 1. / (2. * (tf.expand_dims(sigmas, 1)))
  dist = compute_pairwise_distances(x, y)
  s = tf.matmul(beta, tf.reshape(dist, (1, -1)))
  return tf.reshape(tf.reduce_sum(tf.exp(-s), 0), tf.shape(dist))

def maximum_mean_discrepancy(x, y, kernel=gaussian_kernel_matrix):
  with tf.name_scope('MaximumMeanDiscrepancy'):
    cost = tf.reduce_mean(kernel(x, x))
    cost += tf.reduce_mean(kernel(y, y))
    cost -= 2 * tf.reduce_mean(kernel(x, y))
    cost = tf.where(cost > 0, cost, 0, name='value')
  return cost

def mmd_loss(source_samples, target_samples, weight, scope=None):
  sigmas = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 5, 10, 15, 20, 25, 30, 35, 100, 1e3, 1e4, 1e5, 1e6]
  gaussian_kernel = partial(gaussian_kernel_matrix, sigmas=tf.constant(sigmas))
  loss_value = maximum_mean_discrepancy(source_samples, target_samples, kernel=gaussian_kernel)
  loss_value = tf.maximum(1e-4, loss_value) * weight
  assert_op = tf.Assert(tf.is_finite(loss_value), [loss_value])
  with tf.control_dependencies([assert_op]):
    tag = 'MMD Loss'
    if scope:
      tag = scope + tag
    tf.summary.scalar(tag, loss_value)
    tf.losses.add_loss(loss_value)
  return loss_value

def difference_loss(private_samples, shared_samples, weight=1.0, name=''):
  private_samples -= tf.reduce_mean(private_samples, 0)
  shared_samples -= tf.reduce_mean(shared_samples, 0)
  private_samples = tf.nn.l2_normalize(private_samples, 1)
  shared_samples = tf.nn.l2_normalize(shared_samples, 1)
  correlation_matrix = tf.matmul(private_samples, shared_samples, transpose_a=True)
  cost = tf.reduce_mean(tf.square(correlation_matrix)) * weight
  cost = tf.where(cost > 0, cost, 0, name='value')
  tf.summary.scalar('losses/Difference Loss {}'.format(name), cost)
  assert_op = tf.Assert(tf.is_finite(cost), [cost])
  with tf.control_dependencies([assert_op]):
    tf.losses.add_loss(cost)
  return cost

def dann_loss(source_samples, target_samples, weight, scope=None):
  with tf.variable_scope('dann'):
    batch_size = tf.shape(source_samples)[0]
    samples = tf.concat(axis=0, values=[source_samples, target_samples])
    samples = slim.flatten(samples)
    domain_selection_mask = tf.concat(axis=0, values=[tf.zeros((batch_size, 1)), tf.ones((batch_size, 1))])
    grl = flip_gradient(samples)
    grl = tf.reshape(grl, (-1, samples.get_shape().as_list()[1]))
    grl = slim.fully_connected(grl, 6, scope='fc1')
    logits = slim.fully_connected(grl, 1, activation_fn=None, scope='fc2')
    domain_predictions = tf.sigmoid(logits)
  loss = tf.losses.log_loss(domain_selection_mask, domain_predictions, weights=weight)
  domain_accuracy = tf.reduce_mean(tf.to_float(tf.equal(tf.round(domain_predictions), domain_selection_mask)))
  return loss, domain_accuracy

def encoder(x, scope, reuse=None):
  with tf.variable_scope(scope, reuse=reuse):
    return slim.fully_connected(x, 4, activation_fn=tf.nn.relu, scope='fc')

tf.set_random_seed(112)
source = tf.placeholder(tf.float32, [None, 5])
target = tf.placeholder(tf.float32, [None, 5])
labels = tf.placeholder(tf.int32, [None])
shared_s = encoder(source, 'shared_encoder')
shared_t = encoder(target, 'shared_encoder', reuse=True)
private_s = encoder(source, 'source_private')
private_t = encoder(target, 'target_private')
logits = slim.fully_connected(shared_s, 3, activation_fn=None, scope='classifier')
tf.losses.sparse_softmax_cross_entropy(labels, logits)
with tf.variable_scope('decoder'):
  recon_s = slim.fully_connected(shared_s + private_s, 5, activation_fn=None, scope='fc')
  recon_t = slim.fully_connected(shared_t + private_t, 5, activation_fn=None, scope='fc', reuse=True)
tf.losses.mean_squared_error(source, recon_s, weights=0.1)
tf.losses.mean_squared_error(target, recon_t, weights=0.1)
mmd = mmd_loss(shared_s, shared_t, weight=1.0)
diff_s = difference_loss(private_s, shared_s, weight=0.5, name='Source')
diff_t = difference_loss(private_t, shared_t, weight=0.5, name='Target')
dann, domain_accuracy = dann_loss(shared_s, shared_t, weight=0.3)
total_loss = tf.losses.get_total_loss()
grl_grad = tf.gradients(dann, [shared_s])[0]
train_op = slim.learning.create_train_op(total_loss, tf.train.MomentumOptimizer(0.05, 0.9))
feed = {source: rand(1, 4, 5), target: rand(2, 4, 5) + 0.5, labels: [0, 1, 2, 1]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(3):
  hist.append(sess.run([total_loss, mmd, diff_s, diff_t, dann, domain_accuracy], feed))
  sess.run(train_op, feed)
out["hist"] = LS(hist)
out["grl_grad"] = L(sess.run(grl_grad, feed))
out["losses"] = [t.op.name for t in tf.losses.get_losses()]
""",
    # tensorflow/models research/global_objectives: loss_layers.precision_at_recall_loss
    # with its dual variable (a model_variable made under a scope whose partitioner is
    # unset and restored, its gradient reversed by a stop_gradient sum), util's
    # build_label_priors (assign_add counts read by the same run), the weighted sigmoid and
    # hinge surrogates, the true-positive and false-positive bounds.
    "globalobj_precision_at_recall_dual": r"""
def convert_and_cast(value, name, dtype):
  return tf.cast(tf.convert_to_tensor(value, name=name), dtype=dtype)

def prepare_loss_args(labels, logits, positive_weights, negative_weights):
  logits = tf.convert_to_tensor(logits, name='logits')
  labels = convert_and_cast(labels, 'labels', logits.dtype)
  if len(labels.get_shape()) == 2 and len(logits.get_shape()) == 3:
    labels = tf.expand_dims(labels, [2])
  positive_weights = convert_and_cast(positive_weights, 'positive_weights', logits.dtype)
  negative_weights = convert_and_cast(negative_weights, 'negative_weights', logits.dtype)
  return labels, logits, positive_weights, negative_weights

def weighted_sigmoid_cross_entropy_with_logits(labels, logits, positive_weights=1.0,
                                               negative_weights=1.0, name=None):
  with tf.name_scope(name, 'weighted_logistic_loss',
                     [logits, labels, positive_weights, negative_weights]) as name:
    labels, logits, positive_weights, negative_weights = prepare_loss_args(
        labels, logits, positive_weights, negative_weights)
    softplus_term = tf.add(tf.maximum(-logits, 0.0), tf.log(1.0 + tf.exp(-tf.abs(logits))))
    weight_dependent_factor = (negative_weights + (positive_weights - negative_weights) * labels)
    return (negative_weights * (logits - labels * logits) + weight_dependent_factor * softplus_term)

def weighted_hinge_loss(labels, logits, positive_weights=1.0, negative_weights=1.0, name=None):
  with tf.name_scope(name, 'weighted_hinge_loss',
                     [logits, labels, positive_weights, negative_weights]) as name:
    labels, logits, positive_weights, negative_weights = prepare_loss_args(
        labels, logits, positive_weights, negative_weights)
    positives_term = positive_weights * labels * tf.maximum(1.0 - logits, 0)
    negatives_term = (negative_weights * (1.0 - labels) * tf.maximum(1.0 + logits, 0))
    return positives_term + negatives_term

def weighted_surrogate_loss(labels, logits, surrogate_type='xent', positive_weights=1.0,
                            negative_weights=1.0, name=None):
  with tf.name_scope(name, 'weighted_loss', [logits, labels, surrogate_type, positive_weights,
                                             negative_weights]) as name:
    if surrogate_type == 'xent':
      return weighted_sigmoid_cross_entropy_with_logits(
          logits=logits, labels=labels, positive_weights=positive_weights,
          negative_weights=negative_weights, name=name)
    elif surrogate_type == 'hinge':
      return weighted_hinge_loss(logits=logits, labels=labels, positive_weights=positive_weights,
                                 negative_weights=negative_weights, name=name)
    raise ValueError('surrogate_type %s not supported.' % surrogate_type)

def get_num_labels(labels_or_logits):
  if labels_or_logits.get_shape().ndims <= 1:
    return 1
  return labels_or_logits.get_shape()[1].value

def build_label_priors(labels, weights=None, positive_pseudocount=1.0, negative_pseudocount=1.0,
                       variables_collections=None):
  dtype = labels.dtype.base_dtype
  num_labels = get_num_labels(labels)
  if weights is None:
    weights = tf.ones_like(labels)
  partitioner = tf.get_variable_scope().partitioner
  try:
    tf.get_variable_scope().set_partitioner(None)
    weighted_label_counts = contrib.framework.model_variable(
        name='weighted_label_counts', shape=[num_labels], dtype=dtype,
        initializer=tf.constant_initializer([positive_pseudocount] * num_labels, dtype=dtype),
        collections=variables_collections, trainable=False)
    weighted_label_counts_update = weighted_label_counts.assign_add(tf.reduce_sum(weights * labels, 0))
    weight_sum = contrib.framework.model_variable(
        name='weight_sum', shape=[num_labels], dtype=dtype,
        initializer=tf.constant_initializer([positive_pseudocount + negative_pseudocount] * num_labels,
                                            dtype=dtype),
        collections=variables_collections, trainable=False)
    weight_sum_update = weight_sum.assign_add(tf.reduce_sum(weights, 0))
  finally:
    tf.get_variable_scope().set_partitioner(partitioner)
  label_priors = tf.div(weighted_label_counts_update, weight_sum_update)
  return label_priors

def _create_dual_variable(name, shape, dtype, initializer, collections, trainable, dual_rate_factor):
  partitioner = tf.get_variable_scope().partitioner
  try:
    tf.get_variable_scope().set_partitioner(None)
    dual_variable = contrib.framework.model_variable(
        name=name, shape=shape, dtype=dtype, initializer=initializer, collections=collections,
        trainable=trainable)
  finally:
    tf.get_variable_scope().set_partitioner(partitioner)
  dual_value = tf.abs(dual_variable)
  if trainable:
    dual_value = (tf.stop_gradient((1.0 + dual_rate_factor) * dual_value)
                  - dual_rate_factor * dual_value)
  return dual_value, dual_variable

def _prepare_labels_logits_weights(labels, logits, weights):
  logits = tf.convert_to_tensor(logits)
  labels = tf.cast(labels, logits.dtype.base_dtype)
  weights = convert_and_cast(weights, 'weights', logits.dtype.base_dtype)
  original_shape = labels.get_shape().as_list()
  if labels.get_shape().ndims > 0:
    original_shape[0] = -1
  if labels.get_shape().ndims <= 1:
    labels = tf.reshape(labels, [-1, 1])
    logits = tf.reshape(logits, [-1, 1])
  if weights.get_shape().ndims == 1:
    weights = tf.reshape(weights, [-1, 1])
  if weights.get_shape().ndims == 0:
    weights *= tf.ones_like(logits)
  return labels, logits, weights, original_shape

def true_positives_lower_bound(labels, logits, weights, surrogate_type):
  maybe_log2 = tf.log(2.0) if surrogate_type == 'xent' else 1.0
  maybe_log2 = tf.cast(maybe_log2, logits.dtype.base_dtype)
  loss_on_positives = weighted_surrogate_loss(labels, logits, surrogate_type, negative_weights=0.0) / maybe_log2
  return tf.reduce_sum(weights * (labels - loss_on_positives), 0)

def false_positives_upper_bound(labels, logits, weights, surrogate_type):
  maybe_log2 = tf.log(2.0) if surrogate_type == 'xent' else 1.0
  maybe_log2 = tf.cast(maybe_log2, logits.dtype.base_dtype)
  loss_on_negatives = weighted_surrogate_loss(labels, logits, surrogate_type, positive_weights=0.0) / maybe_log2
  return tf.reduce_sum(weights * loss_on_negatives, 0)

def precision_at_recall_loss(labels, logits, target_recall, weights=1.0, dual_rate_factor=0.1,
                             label_priors=None, surrogate_type='xent',
                             lambdas_initializer=tf.constant_initializer(1.0), reuse=None,
                             variables_collections=None, trainable=True, scope=None):
  with tf.variable_scope(scope, 'precision_at_recall', [logits, labels, label_priors], reuse=reuse):
    labels, logits, weights, original_shape = _prepare_labels_logits_weights(labels, logits, weights)
    num_labels = get_num_labels(logits)
    target_recall = convert_and_cast(target_recall, 'target_recall', logits.dtype)
    dual_rate_factor = convert_and_cast(dual_rate_factor, 'dual_rate_factor', logits.dtype)
    lambdas, lambdas_variable = _create_dual_variable(
        'lambdas', shape=[num_labels], dtype=logits.dtype, initializer=lambdas_initializer,
        collections=variables_collections, trainable=trainable, dual_rate_factor=dual_rate_factor)
    if label_priors is None:
      label_priors = build_label_priors(labels, weights, variables_collections=variables_collections)
    weighted_loss = weights * weighted_surrogate_loss(labels, logits, surrogate_type,
                                                      positive_weights=lambdas, negative_weights=1.0)
    lambda_term = lambdas * label_priors * (target_recall - 1.0)
    loss = tf.reshape(weighted_loss + lambda_term, original_shape)
    other_outputs = {
        'lambdas': lambdas_variable, 'label_priors': label_priors,
        'true_positives_lower_bound': true_positives_lower_bound(labels, logits, weights, surrogate_type),
        'false_positives_upper_bound': false_positives_upper_bound(labels, logits, weights, surrogate_type)}
    return loss, other_outputs

tf.set_random_seed(113)
x = tf.placeholder(tf.float32, [None, 3])
labels = tf.placeholder(tf.float32, [None, 2])
with tf.variable_scope('model', partitioner=tf.fixed_size_partitioner(1)):
  logits = tf.layers.dense(x, 2)
  loss, other = precision_at_recall_loss(labels, logits, target_recall=[0.7, 0.5],
                                         surrogate_type='xent')
  hinge_loss, _ = precision_at_recall_loss(labels, logits, target_recall=0.6,
                                           surrogate_type='hinge', scope='hinge')
total = tf.reduce_mean(loss) + tf.reduce_mean(hinge_loss)
train = tf.train.GradientDescentOptimizer(0.5).minimize(total)
feed = {x: rand(1, 6, 3), labels: [[1, 0], [0, 1], [1, 1], [0, 0], [1, 0], [0, 1]]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(3):
  hist.append(sess.run([total, other['lambdas'], train], feed)[:2])
out["hist"] = LS(hist)
out["other"] = LS(sess.run({k: v for k, v in other.items() if k != 'lambdas'}, feed))
out["model_vars"] = [v.op.name for v in tf.model_variables()]
out["trainable"] = [v.op.name for v in tf.trainable_variables()]
""",
}

RL_PROGRAMS = {
    # deepmind/trfl: indexing_ops.batched_index, value_ops' double_qlearning and qlambda,
    # sequence_ops' multistep_forward_view and scan_discounted_sum (tf.scan in reverse,
    # reverse_sequence under sequence_lengths), td_lambda, the discrete policy gradient and
    # entropy losses, target_update_ops' update_target_variables and
    # periodic_target_update (a tf.cond between a group of assigns and tf.no_op).
    "trfl_double_q_qlambda_td_lambda_scan": r"""
import collections
LossOutput = collections.namedtuple("loss_output", ["loss", "extra"])
DoubleQExtra = collections.namedtuple("double_qlearning_extra", ["target", "td_error", "best_action"])
QExtra = collections.namedtuple("qlearning_extra", ["target", "td_error"])
TDExtra = collections.namedtuple("td_extra", ["temporal_differences", "discounted_returns"])

def batched_index(values, indices, keepdims=None):
  with tf.name_scope("batch_indexing", values=[values, indices]):
    values = tf.convert_to_tensor(values, name="values")
    indices = tf.convert_to_tensor(indices, name="indices")
    one_hot_indices = tf.one_hot(indices, tf.shape(values)[-1], dtype=values.dtype)
    return tf.reduce_sum(values * one_hot_indices, axis=-1, keepdims=keepdims)

def double_qlearning(q_tm1, a_tm1, r_t, pcont_t, q_t_value, q_t_selector, name="DoubleQLearning"):
  with tf.name_scope(name, values=[q_tm1, a_tm1, r_t, pcont_t, q_t_value, q_t_selector]):
    best_action = tf.argmax(q_t_selector, 1, output_type=tf.int32)
    double_q_bootstrapped = batched_index(q_t_value, best_action)
    target = tf.stop_gradient(r_t + pcont_t * double_q_bootstrapped)
    qa_tm1 = batched_index(q_tm1, a_tm1)
    td_error = target - qa_tm1
    loss = 0.5 * tf.square(td_error)
    return LossOutput(loss, DoubleQExtra(target, td_error, best_action))

def _reverse_seq(sequence, sequence_lengths=None):
  if sequence_lengths is None:
    return tf.reverse(sequence, [0])
  return tf.reverse_sequence(sequence, sequence_lengths, seq_axis=0, batch_axis=1)

def scan_discounted_sum(sequence, decay, initial_value, reverse=False, sequence_lengths=None,
                        back_prop=True, name="scan_discounted_sum"):
  with tf.name_scope(name, values=[sequence, decay, initial_value]):
    if sequence_lengths is not None:
      with tf.control_dependencies([tf.assert_equal(tf.shape(sequence)[0], tf.shape(decay)[0])]):
        mask = tf.sequence_mask(sequence_lengths, maxlen=tf.shape(sequence)[0], dtype=sequence.dtype)
        mask = tf.transpose(mask)
      to_add = sequence.shape.ndims - mask.shape.ndims
      mask = tf.reshape(mask, tf.concat((tf.shape(mask), tf.ones([to_add], tf.int32)), 0))
      sequence *= mask
      decay *= mask
    sequences = [sequence, decay]
    if reverse:
      sequences = [_reverse_seq(s, sequence_lengths) for s in sequences]
    summed = tf.scan(lambda a, x: x[0] + x[1] * a, sequences,
                     initializer=tf.convert_to_tensor(initial_value), parallel_iterations=1,
                     back_prop=back_prop)
    if reverse:
      summed = _reverse_seq(summed, sequence_lengths)
    return summed

def multistep_forward_view(rewards, pcontinues, state_values, lambda_, back_prop=True,
                           sequence_lengths=None, name="multistep_forward_view_op"):
  with tf.name_scope(name, values=[rewards, pcontinues, state_values, lambda_]):
    rewards = tf.convert_to_tensor(rewards)
    pcontinues = tf.convert_to_tensor(pcontinues)
    state_values = tf.convert_to_tensor(state_values)
    lambda_ = tf.convert_to_tensor(lambda_, dtype=rewards.dtype)
    discount = pcontinues * lambda_
    sequence = rewards + pcontinues * state_values * (1 - lambda_)
    return scan_discounted_sum(sequence, discount, state_values[-1], reverse=True,
                               sequence_lengths=sequence_lengths, back_prop=back_prop)

def qlambda(q_tm1, a_tm1, r_t, pcont_t, q_t, lambda_, name="GeneralizedQLambda"):
  with tf.name_scope(name, values=[q_tm1, a_tm1, r_t, pcont_t, q_t, lambda_]):
    state_values = tf.reduce_max(q_t, axis=2)
    target = multistep_forward_view(r_t, pcont_t, state_values, lambda_, back_prop=False)
    target = tf.stop_gradient(target)
    qa_tm1 = batched_index(q_tm1, a_tm1)
    td_error = target - qa_tm1
    loss = 0.5 * tf.square(td_error)
    return LossOutput(loss, QExtra(target, td_error))

def td_lambda(state_values, rewards, pcontinues, bootstrap_value, lambda_=1, name="BaselineLoss"):
  with tf.name_scope(name, values=[state_values, rewards, pcontinues, bootstrap_value]):
    if isinstance(lambda_, tf.Tensor) or lambda_ != 1:
      bootstrapped_v = tf.concat([state_values[1:], tf.expand_dims(bootstrap_value, 0)], axis=0)
      returns = multistep_forward_view(rewards, pcontinues, bootstrapped_v, lambda_, back_prop=False)
    else:
      returns = scan_discounted_sum(rewards, pcontinues, bootstrap_value, reverse=True, back_prop=False)
    returns = tf.stop_gradient(returns)
    temporal_differences = returns - state_values
    loss = 0.5 * tf.reduce_sum(tf.square(temporal_differences), axis=0)
    return LossOutput(loss, TDExtra(temporal_differences, returns))

def discrete_policy_entropy_loss(policy_logits, name="discrete_policy_entropy_loss"):
  with tf.name_scope(name, values=[policy_logits]):
    entropy = tf.add_n([tf.reduce_sum(-tf.nn.softmax(p) * tf.nn.log_softmax(p), axis=-1)
                        for p in [policy_logits]])
    return LossOutput(-entropy, entropy)

def discrete_policy_gradient(policy_logits, actions, action_values, name="discrete_policy_gradient"):
  with tf.name_scope(name, values=[policy_logits, actions, action_values]):
    cross_entropy = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=actions, logits=policy_logits)
    action_values = tf.stop_gradient(action_values)
    return tf.multiply(cross_entropy, action_values)

def update_target_variables(target_variables, source_variables, tau=1.0, use_locking=False,
                            name="update_target_variables"):
  def update_op(target_variable, source_variable, tau):
    if tau == 1.0:
      return target_variable.assign(source_variable, use_locking)
    return target_variable.assign(tau * source_variable + (1.0 - tau) * target_variable, use_locking)
  with tf.name_scope(name, values=target_variables + source_variables):
    update_ops = [update_op(target_var, source_var, tau)
                  for target_var, source_var in zip(target_variables, source_variables)]
    return tf.group(name="update_all_variables", *update_ops)

def periodic_target_update(target_variables, source_variables, update_period, tau=1.0,
                           use_locking=False, name="periodic_target_update"):
  with tf.name_scope(name, values=target_variables + source_variables):
    def update_op():
      return update_target_variables(target_variables, source_variables, tau, use_locking)
    # a resource variable: its read under the control dependency follows the increment
    step = tf.get_variable("update_step", [], dtype=tf.int64, trainable=False,
                           initializer=tf.zeros_initializer(), use_resource=True)
    step_increment = tf.assign_add(step, 1)
    with tf.control_dependencies([step_increment]):
      is_update_step = tf.equal(step.read_value() % update_period, 0)
      return tf.cond(is_update_step, update_op, tf.no_op)

def q_net(obs, scope):
  with tf.variable_scope(scope, reuse=tf.AUTO_REUSE):
    h = tf.layers.dense(obs, 6, activation=tf.nn.relu, name="h")
    return tf.layers.dense(h, 3, name="q")

tf.set_random_seed(114)
T, B = 4, 3
obs = tf.placeholder(tf.float32, [T + 1, B, 5])
actions = tf.placeholder(tf.int32, [T, B])
rewards = tf.placeholder(tf.float32, [T, B])
pcontinues = tf.placeholder(tf.float32, [T, B])
lengths = tf.placeholder(tf.int32, [B])
q_all = q_net(obs, "online")
q_target_all = q_net(obs, "target")
q_tm1, q_t_selector, q_t_value = q_all[:-1], q_all[1:], q_target_all[1:]
flat = lambda t: tf.reshape(t, [T * B] + t.shape.as_list()[2:])
dq = double_qlearning(flat(q_tm1), flat(actions), flat(rewards), flat(pcontinues),
                      flat(q_t_value), flat(q_t_selector))
ql = qlambda(q_tm1, actions, rewards, pcontinues, q_t_value, 0.8)
masked_returns = multistep_forward_view(rewards, pcontinues, tf.reduce_max(q_t_value, axis=2), 0.5,
                                        sequence_lengths=lengths)
with tf.variable_scope("policy"):
  hidden = tf.layers.dense(obs, 6, activation=tf.nn.tanh)
  policy_logits = tf.layers.dense(hidden[:-1], 3)
  baseline = tf.squeeze(tf.layers.dense(hidden, 1), -1)
td = td_lambda(baseline[:-1], rewards, pcontinues, baseline[-1], lambda_=0.9)
td1 = td_lambda(baseline[:-1], rewards, pcontinues, baseline[-1])
pg = discrete_policy_gradient(policy_logits, actions, td.extra.temporal_differences)
ent = discrete_policy_entropy_loss(policy_logits)
a2c_loss = tf.reduce_sum(pg) + 0.5 * tf.reduce_sum(td.loss) + 0.01 * tf.reduce_sum(ent.loss)
q_loss = tf.reduce_mean(dq.loss) + tf.reduce_mean(ql.loss)
online_vars = tf.trainable_variables("online")
target_vars = tf.trainable_variables("target")
q_train = tf.train.RMSPropOptimizer(0.01).minimize(q_loss, var_list=online_vars)
pi_train = tf.train.AdamOptimizer(0.01).minimize(a2c_loss, var_list=tf.trainable_variables("policy"))
target_update = periodic_target_update(target_vars, online_vars, update_period=2, tau=0.5)
feed = {obs: rand(1, T + 1, B, 5), actions: [[0, 1, 2], [2, 2, 1], [1, 0, 0], [0, 2, 1]],
        rewards: rand(2, T, B), pcontinues: [[0.9, 0.9, 0.9], [0.9, 0.0, 0.9], [0.9, 0.9, 0.9], [0.9, 0.9, 0.0]],
        lengths: [4, 2, 3]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["dq"] = LS(sess.run([dq.extra.target, dq.extra.best_action], feed))
out["returns"] = LS(sess.run([ql.extra.target, masked_returns, td.extra.discounted_returns,
                              td1.extra.discounted_returns], feed))
hist = []
for _ in range(4):
  hist.append(sess.run([q_loss, a2c_loss, tf.reduce_mean(ent.extra)], feed))
  sess.run([q_train, pi_train], feed)
  sess.run(target_update)
  hist.append(L(sess.run(target_vars[-1])))
out["hist"] = LS(hist)
""",
    # openai/universe-starter-agent's A3C (model.LSTMPolicy: elu convolutions, a
    # BasicLSTMCell over dynamic_rnn with the step count as sequence_length and the state
    # fed through placeholders, normalized_columns_initializer drawn by numpy,
    # categorical_sample by tf.multinomial) with pathak22/noreward-rl's
    # StateActionPredictor (inverse and forward models over a shared head); a3c.py's
    # losses, gradients scaled, concatenated and clipped by global norm, the global step
    # advanced by the batch size.
    "a3c_universe_lstm_policy_icm": r"""
np.random.seed(115)

def normalized_columns_initializer(std=1.0):
  def _initializer(shape, dtype=None, partition_info=None):
    out = np.random.randn(*shape).astype(np.float32)
    out *= std / np.sqrt(np.square(out).sum(axis=0, keepdims=True))
    return tf.constant(out)
  return _initializer

def flatten(x):
  return tf.reshape(x, [-1, np.prod(x.get_shape().as_list()[1:])])

def conv2d(x, num_filters, name, filter_size=(3, 3), stride=(1, 1), pad="SAME", dtype=tf.float32,
           collections=None):
  with tf.variable_scope(name):
    stride_shape = [1, stride[0], stride[1], 1]
    filter_shape = [filter_size[0], filter_size[1], int(x.get_shape()[3]), num_filters]
    fan_in = np.prod(filter_shape[:3])
    fan_out = np.prod(filter_shape[:2]) * num_filters
    w_bound = np.sqrt(6. / (fan_in + fan_out))
    w = tf.get_variable("W", filter_shape, dtype, tf.random_uniform_initializer(-w_bound, w_bound),
                        collections=collections)
    b = tf.get_variable("b", [1, 1, 1, num_filters], initializer=tf.constant_initializer(0.0),
                        collections=collections)
    return tf.nn.conv2d(x, w, stride_shape, pad) + b

def linear(x, size, name, initializer=None, bias_init=0):
  w = tf.get_variable(name + "/w", [x.get_shape()[1], size], initializer=initializer)
  b = tf.get_variable(name + "/b", [size], initializer=tf.constant_initializer(bias_init))
  return tf.matmul(x, w) + b

def categorical_sample(logits, d):
  value = tf.squeeze(tf.multinomial(logits - tf.reduce_max(logits, [1], keep_dims=True), 1), [1])
  return tf.one_hot(value, d)

def universeHead(x, nConvs=3):
  for i in range(nConvs):
    x = tf.nn.elu(conv2d(x, 4, "l{}".format(i + 1), [3, 3], [2, 2]))
  return flatten(x)

def cosineLoss(A, B, name):
  dotprod = tf.reduce_sum(tf.multiply(tf.nn.l2_normalize(A, 1), tf.nn.l2_normalize(B, 1)), 1)
  return 1 - tf.reduce_mean(dotprod, name=name)

class LSTMPolicy(object):
  def __init__(self, ob_space, ac_space, size=8):
    self.x = x = tf.placeholder(tf.float32, [None] + list(ob_space))
    x = universeHead(x)
    x = tf.expand_dims(x, [0])
    lstm = contrib.rnn.BasicLSTMCell(size, state_is_tuple=True)
    self.state_size = lstm.state_size
    step_size = tf.shape(self.x)[:1]
    c_init = np.zeros((1, lstm.state_size.c), np.float32)
    h_init = np.zeros((1, lstm.state_size.h), np.float32)
    self.state_init = [c_init, h_init]
    c_in = tf.placeholder(tf.float32, [1, lstm.state_size.c])
    h_in = tf.placeholder(tf.float32, [1, lstm.state_size.h])
    self.state_in = [c_in, h_in]
    state_in = contrib.rnn.LSTMStateTuple(c_in, h_in)
    lstm_outputs, lstm_state = tf.nn.dynamic_rnn(lstm, x, initial_state=state_in,
                                                 sequence_length=step_size, time_major=False)
    lstm_c, lstm_h = lstm_state
    x = tf.reshape(lstm_outputs, [-1, size])
    self.logits = linear(x, ac_space, "action", normalized_columns_initializer(0.01))
    self.vf = tf.reshape(linear(x, 1, "value", normalized_columns_initializer(1.0)), [-1])
    self.state_out = [lstm_c[:1, :], lstm_h[:1, :]]
    self.sample = categorical_sample(self.logits, ac_space)[0, :]
    self.var_list = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, tf.get_variable_scope().name)

  def act(self, ob, c, h):
    sess = tf.get_default_session()
    return sess.run([self.sample, self.vf] + self.state_out,
                    {self.x: [ob], self.state_in[0]: c, self.state_in[1]: h})

class StateActionPredictor(object):
  def __init__(self, ob_space, ac_space):
    input_shape = [None] + list(ob_space)
    self.s1 = phi1 = tf.placeholder(tf.float32, input_shape)
    self.s2 = phi2 = tf.placeholder(tf.float32, input_shape)
    self.asample = asample = tf.placeholder(tf.float32, [None, ac_space])
    size = 8
    phi1 = universeHead(phi1)
    with tf.variable_scope(tf.get_variable_scope(), reuse=True):
      phi2 = universeHead(phi2)
    g = tf.concat([phi1, phi2], 1)
    g = tf.nn.relu(linear(g, size, "g1", normalized_columns_initializer(0.01)))
    aindex = tf.argmax(asample, axis=1)
    logits = linear(g, ac_space, "glast", normalized_columns_initializer(0.01))
    self.invloss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
        logits=logits, labels=aindex), name="invloss")
    self.ainvprobs = tf.nn.softmax(logits, dim=-1)
    f = tf.concat([phi1, asample], 1)
    f = tf.nn.relu(linear(f, size, "f1", normalized_columns_initializer(0.01)))
    f = linear(f, phi1.get_shape()[1].value, "flast", normalized_columns_initializer(0.01))
    self.forwardloss = 0.5 * tf.reduce_mean(tf.square(tf.subtract(f, phi2)), name='forwardloss')
    self.forwardloss = self.forwardloss * 288.0
    self.cosloss = cosineLoss(f, phi2, 'cosloss')
    self.var_list = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, tf.get_variable_scope().name)

  def pred_bonus(self, s1, s2, asample):
    sess = tf.get_default_session()
    error = sess.run(self.forwardloss, {self.s1: [s1], self.s2: [s2], self.asample: [asample]})
    return error * 0.01

def discount(x, gamma):
  out_ = np.zeros_like(x)
  running = 0.0
  for t in reversed(range(len(x))):
    running = x[t] + gamma * running
    out_[t] = running
  return out_

tf.set_random_seed(115)
ob_space, ac_space = (8, 8, 1), 3
with tf.variable_scope("global"):
  network = LSTMPolicy(ob_space, ac_space)
  with tf.variable_scope("predictor"):
    ap_network = StateActionPredictor(ob_space, ac_space)
  global_step = tf.get_variable("global_step", [], tf.int32, initializer=tf.constant_initializer(0, dtype=tf.int32),
                                trainable=False)
pi, predictor = network, ap_network
ac = tf.placeholder(tf.float32, [None, ac_space], name="ac")
adv = tf.placeholder(tf.float32, [None], name="adv")
r = tf.placeholder(tf.float32, [None], name="r")
log_prob_tf = tf.nn.log_softmax(pi.logits)
prob_tf = tf.nn.softmax(pi.logits)
pi_loss = - tf.reduce_sum(tf.reduce_sum(log_prob_tf * ac, [1]) * adv)
vf_loss = 0.5 * tf.reduce_sum(tf.square(pi.vf - r))
entropy = - tf.reduce_sum(prob_tf * log_prob_tf)
bs = tf.to_float(tf.shape(pi.x)[0])
loss = pi_loss + 0.5 * vf_loss - entropy * 0.01
predloss = 10.0 * (0.2 * predictor.forwardloss + 0.8 * predictor.invloss)
grads = tf.gradients(loss * 20.0, pi.var_list)
predgrads = tf.gradients(predloss * 20.0, predictor.var_list)
var_list = pi.var_list + predictor.var_list
grads = grads + predgrads
grads, _ = tf.clip_by_global_norm(grads, 40.0)
grads_and_vars = list(zip(grads, var_list))
inc_step = global_step.assign_add(tf.shape(pi.x)[0])
opt = tf.train.AdamOptimizer(1e-3)
train_op = tf.group(opt.apply_gradients(grads_and_vars), inc_step)
frames = np.abs(rand(2, 5, 8, 8, 1))
sess = tf.Session()
with sess.as_default():
  sess.run(tf.global_variables_initializer())
  c, h = pi.state_init
  actions, values, bonuses = [], [], []
  for t in range(4):
    a, v, c, h = pi.act(frames[t], c, h)
    bonuses.append(predictor.pred_bonus(frames[t], frames[t + 1], a))
    actions.append(a)
    values.append(v[0])
  rewards = np.array([0.0, 1.0, 0.0, 0.5], np.float32) + np.array(bonuses, np.float32)
  vpred = np.asarray(values + [0.0], np.float32)
  batch_r = discount(np.concatenate([rewards, [0.0]]).astype(np.float32), 0.99)[:-1]
  delta_t = rewards + 0.99 * vpred[1:] - vpred[:-1]
  batch_adv = discount(delta_t, 0.99 * 1.0)
  feed = {pi.x: frames[:4], ac: np.asarray(actions), adv: batch_adv, r: batch_r,
          pi.state_in[0]: pi.state_init[0], pi.state_in[1]: pi.state_init[1],
          predictor.s1: frames[:4], predictor.s2: frames[1:5], predictor.asample: np.asarray(actions)}
  hist = []
  for _ in range(3):
    hist.append(sess.run([loss, predictor.forwardloss, predictor.invloss, predictor.cosloss], feed))
    sess.run(train_op, feed)
  out["actions"] = L(np.asarray(actions))
  out["bonuses"] = L(bonuses)
  out["hist"] = LS(hist)
  out["global_step"] = L(sess.run(global_step))
  out["vars"] = [v.op.name for v in var_list]
""",
}

PROGRAMS = {
    **T2T_PROGRAMS,
    **GPT1_PROGRAMS,
    **SEQ_PROGRAMS,
    **SEQGAN_PROGRAMS,
    **VISION_PROGRAMS,
    **VISION2_PROGRAMS,
    **VISION3_PROGRAMS,
    **VISION4_PROGRAMS,
    **SEMI_PROGRAMS,
    **SEMI2_PROGRAMS,
    **LOSS_PROGRAMS,
    **RL_PROGRAMS,
}


def contrib_for_tf2(tf):
    """tf1_models' contrib, with contrib.framework's model_variable (tf_slim's, as
    contrib's was)."""
    from types import SimpleNamespace

    import tf_slim

    contrib = tf1_models.contrib_for_tf2(tf)
    framework = SimpleNamespace(model_variable=tf_slim.model_variable)
    return SimpleNamespace(**dict(vars(contrib), framework=framework))


def main(names: list[str]) -> None:
    tf = harness.import_tf1(legacy_keras=True)
    chosen = {n: PROGRAMS[n] for n in names} if names else PROGRAMS
    results = harness.run_programs(tf, chosen, PRELUDE, CONTRIB=contrib_for_tf2(tf))
    harness.dump({"tensorflow": tf.__version__, "programs": results})


if __name__ == "__main__":
    main(sys.argv[1:])
