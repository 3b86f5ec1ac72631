"""Record what TensorFlow computes for a seventh round of famous TF1 code bases, at tiny
sizes (dev-only).

    PYTHONPATH=/tmp/tf1ex12_site TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python \
        tests/reference/tf1_models7.py > tests/unit/engine/fixtures/tf1_models7.json

(/tmp/tf1ex12_site as tests/reference/tf1_models.py says for /tmp/tf1ex6_site, tf_keras
2.21 beside them; `python tf1_models7.py NAME...` prints only the named programs, for
development.)

Re-typed at tiny sizes, each in its code base's own TF1 spellings, code bases the earlier
rounds leave out: bogatyy's cs224d recursive network over a parse tree
(`recnn_`: a while_loop writing a TensorArray it reads in a cond), deepmind/dnc's memory
access module (`dnc_`: usage, allocation by top_k and invert_permutation, temporal
linkage, run by dynamic_rnn over its nested state), google/gumbel_sinkhorn's sorting
network (`sinkhorn_`), a GPflow 1.x regression (`gpflow_`: float64, Cholesky and
triangular solves, softplus-constrained parameters), hexiangnan's neural and attentional
factorization machines (`nfm_`, `afm_`: contrib batch_norm with updates_collections=None
chosen by a cond outside of which both versions are built), carlthome's ConvLSTM cell
(`convlstm_`), hardmaru's World Models MDN-RNN (`worldmodels_`: contrib.rnn's
LayerNormBasicLSTMCell), phreeza's variational RNN (`vrnn_`), a deep knowledge tracing
model (`dkt_`), Hinton's knowledge distillation from a restored teacher (`distill_`:
a Saver over a var_list dict, then fine-tuning), TropComplique's ShuffleNet v2
(`shufflenet_`: channel shuffle, depthwise convolutions, batch norm under arg_scope), a
BPR matrix factorization (`bpr_`) and a fastText classifier over hashed bigrams
(`fasttext_`). No data comes from the internet: inputs are small seeded arrays; initial
values are seeded (`tf.set_random_seed`) or explicit (`fix`).

The prelude is tf1_models6's; under TF, `contrib` is tf1_models6's with TF 1.15's
contrib.rnn.LayerNormBasicLSTMCell, re-typed below. Each program stores what it observed
in `out[...]`; `tests/unit/engine/test_tf1_models7.py` runs the same text against
graphgate and compares.
"""

from __future__ import annotations

import sys

try:
    from tests.reference import harness, tf1_models6
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness
    import tf1_models6


PRELUDE = tf1_models6.PRELUDE

STRUCTURE_PROGRAMS = {
    # bogatyy/cs224d assignment3 rnn_dynamic_graph.py: a recursive network over a parse
    # tree in post-order (tf.TensorArray with infer_shape=False, read back by concat), one while_loop iteration per node, a leaf's embedding or its
    # children's combination chosen by tf.cond, children read back from the TensorArray
    # the loop writes; labels 2 mark nodes without a label (tf.where then tf.gather).
    "recnn_tree_while_loop_tensor_array": r"""
tf.set_random_seed(1201)
V, E, C = 6, 4, 2
is_leaf_placeholder = tf.placeholder(tf.bool, (None), name='is_leaf_placeholder')
left_children_placeholder = tf.placeholder(tf.int32, (None), name='left_children_placeholder')
right_children_placeholder = tf.placeholder(tf.int32, (None), name='right_children_placeholder')
node_word_indices_placeholder = tf.placeholder(tf.int32, (None), name='node_word_indices_placeholder')
labels_placeholder = tf.placeholder(tf.int32, (None), name='labels_placeholder')
with tf.variable_scope('Embeddings'):
  embeddings = tf.get_variable('embeddings', [V, E])
with tf.variable_scope('Composition'):
  W1 = tf.get_variable('W1', [2 * E, E])
  b1 = tf.get_variable('b1', [1, E])
with tf.variable_scope('Projection'):
  U = tf.get_variable('U', [E, C])
  bs = tf.get_variable('bs', [1, C])

def embed_word(word_index):
  with tf.device('/cpu:0'):
    return tf.expand_dims(tf.gather(embeddings, word_index), 0)

def combine_children(left_tensor, right_tensor):
  return tf.nn.relu(tf.matmul(tf.concat([left_tensor, right_tensor], 1), W1) + b1)

tensor_array = tf.TensorArray(tf.float32, size=0, dynamic_size=True, clear_after_read=False,
                              infer_shape=False)

def loop_body(tensor_array, i):
  node_is_leaf = tf.gather(is_leaf_placeholder, i)
  node_word_index = tf.gather(node_word_indices_placeholder, i)
  left_child = tf.gather(left_children_placeholder, i)
  right_child = tf.gather(right_children_placeholder, i)
  node_tensor = tf.cond(node_is_leaf, lambda: embed_word(node_word_index),
                        lambda: combine_children(tensor_array.read(left_child),
                                                 tensor_array.read(right_child)))
  tensor_array = tensor_array.write(i, node_tensor)
  i = tf.add(i, 1)
  return tensor_array, i

loop_cond = lambda tensor_array, i: tf.less(i, tf.squeeze(tf.shape(is_leaf_placeholder)))
tensor_array, _ = tf.while_loop(loop_cond, loop_body, [tensor_array, 0], parallel_iterations=1)
logits = tf.matmul(tensor_array.concat(), U) + bs
root_logits = tf.matmul(tensor_array.read(tensor_array.size() - 1), U) + bs
root_prediction = tf.squeeze(tf.argmax(root_logits, 1))
regularization_loss = 0.02 * (tf.nn.l2_loss(W1) + tf.nn.l2_loss(U))
included_indices = tf.where(tf.less(labels_placeholder, 2))
full_loss = regularization_loss + tf.reduce_sum(
    tf.nn.sparse_softmax_cross_entropy_with_logits(
        logits=tf.gather(logits, included_indices),
        labels=tf.gather(labels_placeholder, included_indices)))
root_loss = tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits(
    logits=root_logits, labels=labels_placeholder[-1:]))
train_op = tf.train.GradientDescentOptimizer(0.1).minimize(full_loss)

# ((w0 w1) (w2 (w3 w4))) and (w5 w1), post-order; -1 where a leaf has no children
trees = [
    dict(leaf=[True, True, False, True, True, True, False, False, False],
         word=[0, 1, -1, 2, 3, 4, -1, -1, -1], left=[-1, -1, 0, -1, -1, -1, 4, 3, 2],
         right=[-1, -1, 1, -1, -1, -1, 5, 6, 7], label=[1, 2, 0, 2, 1, 0, 2, 1, 1]),
    dict(leaf=[True, True, False], word=[5, 1, -1], left=[-1, -1, 0], right=[-1, -1, 1],
         label=[0, 2, 0]),
]

def feed_of(t):
  return {is_leaf_placeholder: t["leaf"], node_word_indices_placeholder: t["word"],
          left_children_placeholder: t["left"], right_children_placeholder: t["right"],
          labels_placeholder: t["label"]}

sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for epoch in range(3):
  for t in trees:
    # root_loss reads U beside the update train_op makes: TF's executor orders the two
    # as it likes, so it is read in a run of its own
    hist.append([sess.run(root_loss, feed_of(t)), sess.run([full_loss, train_op], feed_of(t))[0]])
out["hist"] = L(hist)
out["pred"] = [L(sess.run(root_prediction, feed_of(t))) for t in trees]
out["nodes"] = L(sess.run(tensor_array.concat(), feed_of(trees[0])))
out["W1"] = L(sess.run(W1))
out["emb"] = L(sess.run(embeddings))
""",
    # deepmind/dnc access.py, addressing.py and util.py: the MemoryAccess module (content
    # addressing, the freeness of memory with allocation by a sort, the temporal link
    # matrix) run by dynamic_rnn over its nested AccessState, as access_test.py does; the
    # sonnet Linear layers are tf.layers.dense, snt.BatchApply(tf.nn.softmax) a softmax.
    "dnc_memory_access_allocation_linkage": r"""
import collections
tf.set_random_seed(1202)
_EPSILON = 1e-6
TemporalLinkageState = collections.namedtuple('TemporalLinkageState', ('link', 'precedence_weights'))
AccessState = collections.namedtuple('AccessState', ('memory', 'read_weights', 'write_weights',
                                                     'linkage', 'usage'))

def batch_invert_permutation(permutations):
  with tf.name_scope('batch_invert_permutation', values=[permutations]):
    perm = tf.cast(permutations, tf.float32)
    dim = int(perm.get_shape()[-1])
    size = tf.cast(tf.shape(perm)[0], tf.float32)
    delta = tf.cast(tf.shape(perm)[-1], tf.float32)
    rg = tf.range(0, size * delta, delta, dtype=tf.float32)
    rg = tf.expand_dims(rg, 1)
    rg = tf.tile(rg, [1, dim])
    perm = tf.add(perm, rg)
    flat = tf.reshape(perm, [-1])
    perm = tf.invert_permutation(tf.cast(flat, tf.int32))
    perm = tf.reshape(perm, [-1, dim])
    return tf.subtract(perm, tf.cast(rg, tf.int32))

def batch_gather(values, indices):
  with tf.name_scope('batch_gather', values=[values, indices]):
    idx = tf.expand_dims(indices, -1)
    size = tf.shape(indices)[0]
    rg = tf.range(size, dtype=tf.int32)
    rg = tf.expand_dims(rg, -1)
    rg = tf.tile(rg, [1, int(indices.get_shape()[-1])])
    rg = tf.expand_dims(rg, -1)
    gidx = tf.concat([rg, idx], -1)
    return tf.gather_nd(values, gidx)

def reduce_prod(x, axis, name=None):
  with tf.name_scope(name, 'util_reduce_prod', values=[x]):
    cp = tf.cumprod(x, axis, reverse=True)
    size = tf.shape(cp)[0]
    idx1 = tf.range(tf.cast(size, tf.float32), dtype=tf.float32)
    idx2 = tf.zeros([size], tf.float32)
    indices = tf.stack([idx1, idx2], 1)
    return tf.gather_nd(cp, tf.cast(indices, tf.int32))

def _vector_norms(m):
  squared_norms = tf.reduce_sum(m * m, axis=2, keepdims=True)
  return tf.sqrt(squared_norms + _EPSILON)

def weighted_softmax(activations, strengths, strengths_op):
  transformed_strengths = tf.expand_dims(strengths_op(strengths), -1)
  sharp_activations = activations * transformed_strengths
  return tf.nn.softmax(sharp_activations)

def cosine_weights(memory, keys, strengths):
  dot = tf.matmul(keys, memory, adjoint_b=True)
  memory_norms = _vector_norms(memory)
  key_norms = _vector_norms(keys)
  norm = tf.matmul(key_norms, memory_norms, adjoint_b=True)
  similarity = dot / (norm + _EPSILON)
  return weighted_softmax(similarity, strengths, tf.nn.softplus)

class TemporalLinkage(object):
  def __init__(self, memory_size, num_writes):
    self._memory_size = memory_size
    self._num_writes = num_writes

  def __call__(self, write_weights, prev_state):
    link = self._link(prev_state.link, prev_state.precedence_weights, write_weights)
    precedence_weights = self._precedence_weights(prev_state.precedence_weights, write_weights)
    return TemporalLinkageState(link=link, precedence_weights=precedence_weights)

  def directional_read_weights(self, link, prev_read_weights, forward):
    with tf.name_scope('directional_read_weights'):
      expanded_read_weights = tf.stack([prev_read_weights] * self._num_writes, 1)
      result = tf.matmul(expanded_read_weights, link, adjoint_b=forward)
      return tf.transpose(result, perm=[0, 2, 1, 3])

  def _link(self, prev_link, prev_precedence_weights, write_weights):
    with tf.name_scope('link'):
      batch_size = tf.shape(prev_link)[0]
      write_weights_i = tf.expand_dims(write_weights, 3)
      write_weights_j = tf.expand_dims(write_weights, 2)
      prev_precedence_weights_j = tf.expand_dims(prev_precedence_weights, 2)
      prev_link_scale = 1 - write_weights_i - write_weights_j
      new_link = write_weights_i * prev_precedence_weights_j
      link = prev_link_scale * prev_link + new_link
      return tf.matrix_set_diag(
          link, tf.zeros([batch_size, self._num_writes, self._memory_size], dtype=link.dtype))

  def _precedence_weights(self, prev_precedence_weights, write_weights):
    with tf.name_scope('precedence_weights'):
      write_sum = tf.reduce_sum(write_weights, 2, keep_dims=True)
      return (1 - write_sum) * prev_precedence_weights + write_weights

class Freeness(object):
  def __init__(self, memory_size):
    self._memory_size = memory_size

  def __call__(self, write_weights, free_gate, read_weights, prev_usage):
    write_weights = tf.stop_gradient(write_weights)
    usage = self._usage_after_write(prev_usage, write_weights)
    usage = self._usage_after_read(usage, free_gate, read_weights)
    return usage

  def write_allocation_weights(self, usage, write_gates, num_writes):
    with tf.name_scope('write_allocation_weights'):
      write_gates = tf.expand_dims(write_gates, -1)
      allocation_weights = []
      for i in range(num_writes):
        allocation_weights.append(self._allocation(usage))
        usage += ((1 - usage) * write_gates[:, i, :] * allocation_weights[i])
      return tf.stack(allocation_weights, axis=1)

  def _usage_after_write(self, prev_usage, write_weights):
    with tf.name_scope('usage_after_write'):
      write_weights = 1 - reduce_prod(1 - write_weights, 1)
      return prev_usage + (1 - prev_usage) * write_weights

  def _usage_after_read(self, prev_usage, free_gate, read_weights):
    with tf.name_scope('usage_after_read'):
      free_gate = tf.expand_dims(free_gate, -1)
      free_read_weights = free_gate * read_weights
      phi = reduce_prod(1 - free_read_weights, 1, name='phi')
      return prev_usage * phi

  def _allocation(self, usage):
    with tf.name_scope('allocation'):
      usage = _EPSILON + (1 - _EPSILON) * usage
      nonusage = 1 - usage
      sorted_nonusage, indices = tf.nn.top_k(nonusage, k=self._memory_size, name='sort')
      sorted_usage = 1 - sorted_nonusage
      prod_sorted_usage = tf.cumprod(sorted_usage, axis=1, exclusive=True)
      sorted_allocation = sorted_nonusage * prod_sorted_usage
      inverse_indices = batch_invert_permutation(indices)
      return batch_gather(sorted_allocation, inverse_indices)

def _erase_and_write(memory, address, reset_weights, values):
  with tf.name_scope('erase_memory', values=[memory, address, reset_weights]):
    expand_address = tf.expand_dims(address, 3)
    reset_weights = tf.expand_dims(reset_weights, 2)
    weighted_resets = expand_address * reset_weights
    reset_gate = reduce_prod(1 - weighted_resets, 1)
    memory *= reset_gate
  with tf.name_scope('additive_write', values=[memory, address, values]):
    add_matrix = tf.matmul(address, values, adjoint_a=True)
    memory += add_matrix
  return memory

class MemoryAccess(tf.nn.rnn_cell.RNNCell):
  def __init__(self, memory_size=5, word_size=3, num_reads=2, num_writes=2):
    super(MemoryAccess, self).__init__(name='memory_access')
    self._memory_size, self._word_size = memory_size, word_size
    self._num_reads, self._num_writes = num_reads, num_writes
    self._linkage = TemporalLinkage(memory_size, num_writes)
    self._freeness = Freeness(memory_size)

  @property
  def state_size(self):
    return AccessState(
        memory=tf.TensorShape([self._memory_size, self._word_size]),
        read_weights=tf.TensorShape([self._num_reads, self._memory_size]),
        write_weights=tf.TensorShape([self._num_writes, self._memory_size]),
        linkage=TemporalLinkageState(
            link=tf.TensorShape([self._num_writes, self._memory_size, self._memory_size]),
            precedence_weights=tf.TensorShape([self._num_writes, self._memory_size])),
        usage=tf.TensorShape([self._memory_size]))

  @property
  def output_size(self):
    return tf.TensorShape([self._num_reads, self._word_size])

  def _read_inputs(self, inputs):
    def _linear(first_dim, second_dim, name, activation=None):
      linear = tf.layers.dense(inputs, first_dim * second_dim, name=name)
      if activation is not None:
        linear = activation(linear, name=name + '_activation')
      return tf.reshape(linear, [-1, first_dim, second_dim])
    write_vectors = _linear(self._num_writes, self._word_size, 'write_vectors')
    erase_vectors = _linear(self._num_writes, self._word_size, 'erase_vectors', tf.sigmoid)
    free_gate = tf.sigmoid(tf.layers.dense(inputs, self._num_reads, name='free_gate'))
    allocation_gate = tf.sigmoid(tf.layers.dense(inputs, self._num_writes, name='allocation_gate'))
    write_gate = tf.sigmoid(tf.layers.dense(inputs, self._num_writes, name='write_gate'))
    num_read_modes = 1 + 2 * self._num_writes
    read_mode = tf.nn.softmax(_linear(self._num_reads, num_read_modes, name='read_mode'))
    write_keys = _linear(self._num_writes, self._word_size, 'write_keys')
    write_strengths = tf.layers.dense(inputs, self._num_writes, name='write_strengths')
    read_keys = _linear(self._num_reads, self._word_size, 'read_keys')
    read_strengths = tf.layers.dense(inputs, self._num_reads, name='read_strengths')
    return {'read_content_keys': read_keys, 'read_content_strengths': read_strengths,
            'write_content_keys': write_keys, 'write_content_strengths': write_strengths,
            'write_vectors': write_vectors, 'erase_vectors': erase_vectors,
            'free_gate': free_gate, 'allocation_gate': allocation_gate,
            'write_gate': write_gate, 'read_mode': read_mode}

  def call(self, inputs, prev_state):
    inputs = self._read_inputs(inputs)
    usage = self._freeness(write_weights=prev_state.write_weights, free_gate=inputs['free_gate'],
                           read_weights=prev_state.read_weights, prev_usage=prev_state.usage)
    with tf.name_scope('write_weights'):
      write_content_weights = cosine_weights(prev_state.memory, inputs['write_content_keys'],
                                             inputs['write_content_strengths'])
      write_allocation_weights = self._freeness.write_allocation_weights(
          usage=usage, write_gates=(inputs['allocation_gate'] * inputs['write_gate']),
          num_writes=self._num_writes)
      allocation_gate = tf.expand_dims(inputs['allocation_gate'], -1)
      write_gate = tf.expand_dims(inputs['write_gate'], -1)
      write_weights = write_gate * (allocation_gate * write_allocation_weights +
                                    (1 - allocation_gate) * write_content_weights)
    memory = _erase_and_write(prev_state.memory, address=write_weights,
                              reset_weights=inputs['erase_vectors'], values=inputs['write_vectors'])
    linkage_state = self._linkage(write_weights, prev_state.linkage)
    with tf.name_scope('read_weights'):
      content_weights = cosine_weights(memory, inputs['read_content_keys'],
                                       inputs['read_content_strengths'])
      forward_weights = self._linkage.directional_read_weights(
          linkage_state.link, prev_state.read_weights, forward=True)
      backward_weights = self._linkage.directional_read_weights(
          linkage_state.link, prev_state.read_weights, forward=False)
      backward_mode = inputs['read_mode'][:, :, :self._num_writes]
      forward_mode = inputs['read_mode'][:, :, self._num_writes:2 * self._num_writes]
      content_mode = inputs['read_mode'][:, :, 2 * self._num_writes]
      read_weights = (tf.expand_dims(content_mode, 2) * content_weights +
                      tf.reduce_sum(tf.expand_dims(forward_mode, 3) * forward_weights, 2) +
                      tf.reduce_sum(tf.expand_dims(backward_mode, 3) * backward_weights, 2))
    read_words = tf.matmul(read_weights, memory)
    return (read_words, AccessState(memory=memory, read_weights=read_weights,
                                    write_weights=write_weights, linkage=linkage_state,
                                    usage=usage))

T, B, I = 4, 2, 3
module = MemoryAccess()
inputs = tf.placeholder(tf.float32, [T, B, I])
targets = tf.placeholder(tf.float32, [T, B, 2, 3])
initial_state = module.zero_state(B, tf.float32)
output, final_state = tf.nn.dynamic_rnn(cell=module, inputs=inputs, initial_state=initial_state,
                                        time_major=True)
loss = tf.reduce_mean(tf.square(output - targets))
train = tf.train.RMSPropOptimizer(0.01, momentum=0.9, epsilon=1e-10).minimize(loss)
grads = tf.gradients(loss, [inputs])[0]
alloc_probe = tf.placeholder(tf.float32, [2, 5])
alloc = Freeness(5)._allocation(alloc_probe)
alloc_grad = tf.gradients(tf.reduce_sum(alloc * [[1., 2., 3., 4., 5.]]), alloc_probe)[0]
rs = np.random.RandomState(12)
feed = {inputs: rs.normal(size=(T, B, I)).astype(np.float32),
        targets: rs.uniform(size=(T, B, 2, 3)).astype(np.float32)}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
out["state_size"] = [str(s) for s in tf.nest.flatten(module.state_size)]
out["grad"] = L(sess.run(grads, feed))
out["hist"] = L([sess.run([loss, train], feed)[0] for _ in range(4)])
fs = sess.run(final_state, feed)
out["usage"], out["link"], out["read_w"] = L(fs.usage), L(fs.linkage.link), L(fs.read_weights)
out["alloc"] = LS(sess.run([alloc, alloc_grad],
                           {alloc_probe: [[0.2, 0.9, 0.0, 0.5, 0.2], [1.0, 0.3, 0.3, 0.3, 0.1]]}))
""",
    # google/gumbel_sinkhorn's sinkhorn_ops.py and its sorting model: log-space Sinkhorn
    # normalization, Gumbel noise, soft permutations over tiled samples, the L2 loss of
    # the reordered numbers, then hard permutations by a matching in a py_func
    # (scipy's linear_sum_assignment; brute force over the 4! permutations here), inverted
    # and applied with gather_nd.
    "sinkhorn_gumbel_sorting_matching": r"""
import itertools
tf.set_random_seed(1203)

def sample_gumbel(shape, eps=1e-20):
  u = tf.random_uniform(shape, minval=0, maxval=1, dtype=tf.float32)
  return -tf.log(eps - tf.log(u + eps))

def sinkhorn(log_alpha, n_iters=20):
  n = tf.shape(log_alpha)[1]
  log_alpha = tf.reshape(log_alpha, [-1, n, n])
  for _ in range(n_iters):
    log_alpha -= tf.reshape(tf.reduce_logsumexp(log_alpha, axis=2), [-1, n, 1])
    log_alpha -= tf.reshape(tf.reduce_logsumexp(log_alpha, axis=1), [-1, 1, n])
  return tf.exp(log_alpha)

def gumbel_sinkhorn(log_alpha, temp=1.0, n_samples=1, noise_factor=1.0, n_iters=20,
                    squeeze=True):
  n = tf.shape(log_alpha)[1]
  log_alpha = tf.reshape(log_alpha, [-1, n, n])
  batch_size = tf.shape(log_alpha)[0]
  log_alpha_w_noise = tf.tile(log_alpha, [n_samples, 1, 1])
  if noise_factor == 0:
    noise = 0.0
  else:
    noise = sample_gumbel([n_samples * batch_size, n, n]) * noise_factor
  log_alpha_w_noise += noise
  log_alpha_w_noise /= temp
  sink = sinkhorn(log_alpha_w_noise, n_iters)
  if n_samples > 1 or squeeze is False:
    sink = tf.reshape(sink, [n_samples, batch_size, n, n])
    sink = tf.transpose(sink, [1, 0, 2, 3])
    log_alpha_w_noise = tf.reshape(log_alpha_w_noise, [n_samples, batch_size, n, n])
    log_alpha_w_noise = tf.transpose(log_alpha_w_noise, [1, 0, 2, 3])
  return sink, log_alpha_w_noise

def matching(matrix_batch):
  def hungarian(x):
    if x.ndim == 2:
      x = np.reshape(x, [1, x.shape[0], x.shape[1]])
    sol = np.zeros((x.shape[0], x.shape[1]), dtype=np.int32)
    for i in range(x.shape[0]):
      best = max(itertools.permutations(range(x.shape[1])),
                 key=lambda p: sum(x[i, r, c] for r, c in enumerate(p)))
      sol[i, :] = np.array(best, np.int32)
    return sol
  listperms = tf.py_func(hungarian, [matrix_batch], tf.int32)
  return listperms

def invert_listperm(listperm):
  return tf.argsort(listperm, axis=1)

def permute_batch_split(batch_split, permutations):
  batch_size = tf.shape(batch_split)[0]
  n_objects = tf.shape(batch_split)[1]
  object_size = tf.shape(batch_split)[2]
  perm_batch = tf.reshape(tf.tile(tf.range(batch_size), [n_objects]), [n_objects, batch_size])
  perm_batch = tf.transpose(perm_batch, [1, 0])
  perm_batch = tf.reshape(perm_batch, [-1])
  perm_all = tf.reshape(permutations, [-1])
  indices = tf.stack([perm_batch, perm_all], 1)
  return tf.reshape(tf.gather_nd(batch_split, indices), [batch_size, n_objects, object_size])

n_numbers, n_samples, temperature, noise_factor = 4, 3, 1.0, 1.0
random = tf.placeholder(tf.float32, [None, n_numbers])
ordered = tf.sort(random)
batch_size = tf.shape(random)[0]
with tf.variable_scope('model_params'):
  processed = tf.reshape(random, [-1, 1])
  h = tf.layers.dense(processed, 8, activation=tf.nn.relu, name='fc1')
  log_alpha = tf.layers.dense(h, n_numbers, name='fc2')
  log_alpha = tf.reshape(log_alpha, [-1, n_numbers, n_numbers])
soft_perms_inf, log_alpha_w_noise = gumbel_sinkhorn(log_alpha, temperature, n_samples,
                                                    noise_factor, n_iters=10, squeeze=False)
inv_soft_perms = tf.transpose(soft_perms_inf, [0, 1, 3, 2])
inv_soft_perms_flat = tf.reshape(tf.transpose(inv_soft_perms, [1, 0, 2, 3]),
                                 [n_samples * batch_size, n_numbers, n_numbers])
ordered_tiled = tf.reshape(tf.tile(ordered, [n_samples, 1]), [-1, n_numbers, 1])
random_tiled = tf.reshape(tf.tile(random, [n_samples, 1]), [-1, n_numbers, 1])
l2s_diff = tf.reduce_mean(tf.square(ordered_tiled - tf.matmul(inv_soft_perms_flat, random_tiled)))
train = tf.train.AdamOptimizer(0.05).minimize(l2s_diff)
hard_perms_inf = matching(log_alpha)
inverse_hard = invert_listperm(hard_perms_inf)
sorted_by_model = permute_batch_split(tf.expand_dims(random, -1), inverse_hard)
prop_wrong = tf.reduce_mean(tf.cast(tf.not_equal(tf.squeeze(sorted_by_model, -1), ordered),
                                    tf.float32))
rs = np.random.RandomState(13)
xs = rs.uniform(size=(3, n_numbers)).astype(np.float32)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
sink = sinkhorn(log_alpha, 10)
out["sink_rows_cols"] = LS(sess.run([tf.reduce_sum(sink, 2), tf.reduce_sum(sink, 1)], {random: xs}))
out["hist"] = L([sess.run([l2s_diff, train], {random: xs})[0] for _ in range(6)])
out["hard"] = LS(sess.run([hard_perms_inf, inverse_hard, sorted_by_model, prop_wrong],
                          {random: xs}))
""",
    # A GPflow 1.x GPR model as its parts compute it, in GPflow's float64: kernels over
    # square_dist, positive parameters through softplus (transforms.Log1pe), the
    # likelihood by logdensities.multivariate_normal over a Cholesky factor, predictions
    # by conditionals.base_conditional; trained by Adam and by plain gradients.
    "gpflow_gpr_float64_cholesky_likelihood": r"""
float_type = tf.float64
def log1pe_forward(x):
  return tf.nn.softplus(x) + 1e-6
def log1pe_backward(y):
  return np.log(np.exp(y - 1e-6) - 1.0)

def square_dist(X, X2, lengthscales):
  X = X / lengthscales
  Xs = tf.reduce_sum(tf.square(X), axis=-1)
  X2 = X2 / lengthscales
  X2s = tf.reduce_sum(tf.square(X2), axis=-1)
  dist = -2 * tf.matmul(X, X2, transpose_b=True)
  dist += tf.reshape(Xs, (-1, 1)) + tf.reshape(X2s, (1, -1))
  return dist

class RBF(object):
  def __init__(self, name):
    with tf.variable_scope(name):
      self._ls = tf.get_variable('lengthscales', dtype=float_type,
                                 initializer=log1pe_backward(np.array([0.8, 1.5])))
      self._var = tf.get_variable('variance', dtype=float_type,
                                  initializer=log1pe_backward(np.float64(1.2)))
    self.lengthscales, self.variance = log1pe_forward(self._ls), log1pe_forward(self._var)
  def K(self, X, X2=None):
    if X2 is None:
      X2 = X
    return self.variance * tf.exp(-square_dist(X, X2, self.lengthscales) / 2)
  def Kdiag(self, X):
    return tf.fill(tf.stack([tf.shape(X)[0]]), tf.squeeze(self.variance))

class Matern32(RBF):
  def K(self, X, X2=None):
    if X2 is None:
      X2 = X
    r = tf.sqrt(tf.maximum(square_dist(X, X2, self.lengthscales), 1e-36))
    return self.variance * (1. + np.sqrt(3.) * r) * tf.exp(-np.sqrt(3.) * r)

class Sum(object):
  def __init__(self, kernels):
    self.kernels = kernels
  def K(self, X, X2=None):
    return tf.add_n([k.K(X, X2) for k in self.kernels])
  def Kdiag(self, X):
    return tf.add_n([k.Kdiag(X) for k in self.kernels])

def multivariate_normal(x, mu, L):
  d = x - mu
  alpha = tf.matrix_triangular_solve(L, d, lower=True)
  num_dims = tf.cast(tf.shape(d)[0], L.dtype)
  p = - 0.5 * tf.reduce_sum(tf.square(alpha), 0)
  p -= 0.5 * num_dims * np.log(2 * np.pi)
  p -= tf.reduce_sum(tf.log(tf.matrix_diag_part(L)))
  return p

def base_conditional(Kmn, Kmm, Knn, f, full_cov=False, white=False):
  Lm = tf.cholesky(Kmm)
  A = tf.matrix_triangular_solve(Lm, Kmn, lower=True)
  if full_cov:
    fvar = Knn - tf.matmul(A, A, transpose_a=True)
  else:
    fvar = Knn - tf.reduce_sum(tf.square(A), 0)
    fvar = tf.tile(fvar[None, :], [tf.shape(f)[1], 1])
  if not white:
    A = tf.matrix_triangular_solve(tf.transpose(Lm), A, lower=False)
  fmean = tf.matmul(A, f, transpose_a=True)
  return fmean, tf.transpose(fvar) if not full_cov else fvar

rs = np.random.RandomState(14)
Xd = rs.uniform(-2, 2, size=(7, 2))
Yd = np.sin(Xd[:, :1] * 1.5) + 0.3 * Xd[:, 1:] + 0.05 * rs.normal(size=(7, 1))
X = tf.placeholder(float_type, [None, 2], name='X')
Y = tf.placeholder(float_type, [None, 1], name='Y')
Xnew = tf.placeholder(float_type, [None, 2], name='Xnew')
with tf.variable_scope('GPR'):
  kern = Sum([RBF('kern/rbf'), Matern32('kern/matern32')])
  lik_var_free = tf.get_variable('likelihood/variance', dtype=float_type,
                                 initializer=log1pe_backward(np.float64(0.1)))
  lik_var = log1pe_forward(lik_var_free)
K = kern.K(X) + tf.eye(tf.shape(X)[0], dtype=float_type) * lik_var
Lc = tf.cholesky(K)
likelihood = tf.reduce_sum(multivariate_normal(Y, tf.zeros_like(Y), Lc))
objective = tf.negative(likelihood, name='objective')
train = tf.train.AdamOptimizer(0.05).minimize(objective)
grads = tf.gradients(objective, tf.trainable_variables())
fmean, fvar = base_conditional(kern.K(X, Xnew), K, kern.Kdiag(Xnew), Y)
fmean_full, fvar_full = base_conditional(kern.K(X, Xnew), K, kern.K(Xnew), Y, full_cov=True)
feed = {X: Xd, Y: Yd, Xnew: np.array([[0.0, 0.0], [1.0, -1.0], [2.5, 0.5]])}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["dtypes"] = [t.dtype.name for t in [likelihood, fmean, fvar] + grads]
out["grads0"] = LS(sess.run(grads, feed))
out["hist"] = L([sess.run([objective, train], feed)[0] for _ in range(8)])
out["params"] = LS(sess.run([kern.kernels[0].lengthscales, kern.kernels[1].variance, lik_var]))
out["pred"] = LS(sess.run([fmean, fvar, fmean_full, fvar_full], feed))
""",
}

RECSYS_PROGRAMS = {
    # hexiangnan/neural_factorization_machine NeuralFM.py: the bi-interaction pooling,
    # contrib batch_norm with updates_collections=None built twice (is_training True, then
    # reused False) and chosen by a tf.cond outside of which both are built (so TF's
    # Switch runs the training copy, and its moving-average updates, in every run: its
    # eval runs move the statistics too), dropout from a fed keep-probability vector,
    # numpy-initialized float64 arrays given dtype=np.float32, Adagrad.
    "nfm_bi_interaction_bn_cond_outside": r"""
np.random.seed(1204)
tf.set_random_seed(1204)
features_M, hidden_factor, layers, lamda_bilinear = 9, 4, [5], 0.01
train_features = tf.placeholder(tf.int32, shape=[None, None])
train_labels = tf.placeholder(tf.float32, shape=[None, 1])
dropout_keep = tf.placeholder(tf.float32, shape=[None])
train_phase = tf.placeholder(tf.bool)

def batch_norm_layer(x, train_phase, scope_bn):
  bn_train = contrib_layers.batch_norm(x, decay=0.9, center=True, scale=True,
                                       updates_collections=None, is_training=True, reuse=None,
                                       trainable=True, scope=scope_bn)
  bn_inference = contrib_layers.batch_norm(x, decay=0.9, center=True, scale=True,
                                           updates_collections=None, is_training=False,
                                           reuse=True, trainable=True, scope=scope_bn)
  z = tf.cond(train_phase, lambda: bn_train, lambda: bn_inference)
  return z

weights = dict()
weights['feature_embeddings'] = tf.Variable(
    tf.random_normal([features_M, hidden_factor], 0.0, 0.5), name='feature_embeddings')
weights['feature_bias'] = tf.Variable(tf.random_uniform([features_M, 1], 0.0, 0.0),
                                      name='feature_bias')
weights['bias'] = tf.Variable(tf.constant(0.0), name='bias')
glorot = np.sqrt(2.0 / (hidden_factor + layers[0]))
weights['layer_0'] = tf.Variable(np.random.normal(loc=0, scale=glorot, size=(hidden_factor, layers[0])), dtype=np.float32)
weights['bias_0'] = tf.Variable(np.random.normal(loc=0, scale=glorot, size=(1, layers[0])), dtype=np.float32)
glorot = np.sqrt(2.0 / (layers[-1] + 1))
weights['prediction'] = tf.Variable(np.random.normal(loc=0, scale=glorot, size=(layers[-1], 1)), dtype=np.float32)

nonzero_embeddings = tf.nn.embedding_lookup(weights['feature_embeddings'], train_features)
summed_features_emb = tf.reduce_sum(nonzero_embeddings, 1)
summed_features_emb_square = tf.square(summed_features_emb)
squared_features_emb = tf.square(nonzero_embeddings)
squared_sum_features_emb = tf.reduce_sum(squared_features_emb, 1)
FM = 0.5 * tf.subtract(summed_features_emb_square, squared_sum_features_emb)
FM = batch_norm_layer(FM, train_phase=train_phase, scope_bn='bn_fm')
FM = tf.nn.dropout(FM, dropout_keep[-1])
for i in range(0, len(layers)):
  FM = tf.add(tf.matmul(FM, weights['layer_%d' % i]), weights['bias_%d' % i])
  FM = batch_norm_layer(FM, train_phase=train_phase, scope_bn='bn_%d' % i)
  FM = tf.nn.relu(FM)
  FM = tf.nn.dropout(FM, dropout_keep[i])
FM = tf.matmul(FM, weights['prediction'])
Bilinear = tf.reduce_sum(FM, 1, keep_dims=True)
Feature_bias = tf.reduce_sum(tf.nn.embedding_lookup(weights['feature_bias'], train_features), 1)
Bias = weights['bias'] * tf.ones_like(train_labels)
out_ = tf.add_n([Bilinear, Feature_bias, Bias])
loss = tf.nn.l2_loss(tf.subtract(train_labels, out_)) + contrib_layers.l2_regularizer(
    lamda_bilinear)(weights['feature_embeddings'])
# Adagrad's default accumulator (the code base's is 1e-8): bias_0 feeds a batch norm, so its
# gradient is rounding noise, which a 1e-8 accumulator scales by 10^4 into its value and
# bn_0's moving mean.
optimizer = tf.train.AdagradOptimizer(learning_rate=0.05, initial_accumulator_value=0.1).minimize(loss)

X = [[0, 3, 6], [1, 4, 7], [2, 5, 8], [0, 4, 8], [1, 3, 6], [2, 4, 7]]
Y = [[1.0], [-1.0], [1.0], [-1.0], [1.0], [-1.0]]
sess = tf.Session()
sess.run(tf.global_variables_initializer())
moving = [v for v in tf.global_variables() if 'moving' in v.name]
hist = []
for epoch in range(3):
  for b in range(0, 6, 3):
    feed = {train_features: X[b:b + 3], train_labels: Y[b:b + 3], dropout_keep: [0.8, 0.6],
            train_phase: True}
    hist.append(sess.run((loss, optimizer), feed_dict=feed)[0])
out["hist"] = L(hist)
out["moving_after_train"] = LS(sess.run(moving))
# An eval run updates the moving statistics too (TF's Switch runs the training copy); its
# predictions are not recorded: the inference copy reads the statistics while the training
# copy updates them, in an order TF's executor chooses.
eval_feed = {train_features: X, train_labels: Y, dropout_keep: [1.0, 1.0], train_phase: False}
sess.run(out_, feed_dict=eval_feed)
out["moving_after_eval"] = LS(sess.run(moving))
out["eval_feature_bias"] = L(sess.run(Feature_bias, feed_dict=eval_feed))
out["vars"] = [v.op.name for v in tf.global_variables()]
""",
    # hexiangnan/attentional_factorization_machine AFM.py: pairwise products by a Python
    # double loop, stacked and transposed, the attention network over them (its softmax
    # over an axis of size 1, as written), dropout, the attention_W regularizer.
    "afm_pairwise_attention_softmax_axis_one": r"""
np.random.seed(1205)
tf.set_random_seed(1205)
features_M, valid_dimension, hidden_factor = 8, 3, [3, 4]
train_features = tf.placeholder(tf.int32, shape=[None, None], name="train_features_afm")
train_labels = tf.placeholder(tf.float32, shape=[None, 1], name="train_labels_afm")
dropout_keep = tf.placeholder(tf.float32, shape=[None], name="dropout_keep_afm")
weights = dict()
weights['feature_embeddings'] = tf.Variable(
    tf.random_normal([features_M, hidden_factor[1]], 0.0, 0.5), name='feature_embeddings')
weights['feature_bias'] = tf.Variable(tf.random_normal([features_M, 1], 0.0, 0.1), name='feature_bias')
weights['bias'] = tf.Variable(tf.constant(0.0), name='bias')
glorot = np.sqrt(2.0 / (hidden_factor[0] + hidden_factor[1]))
weights['attention_W'] = tf.Variable(np.random.normal(loc=0, scale=glorot, size=(hidden_factor[1], hidden_factor[0])), dtype=np.float32, name="attention_W")
weights['attention_b'] = tf.Variable(np.random.normal(loc=0, scale=glorot, size=(1, hidden_factor[0])), dtype=np.float32, name="attention_b")
weights['attention_p'] = tf.Variable(np.ones((hidden_factor[0])), dtype=np.float32, name="attention_p")
weights['prediction'] = tf.Variable(np.ones((hidden_factor[1], 1), dtype=np.float32))

nonzero_embeddings = tf.nn.embedding_lookup(weights['feature_embeddings'], train_features)
element_wise_product_list = []
count = 0
for i in range(0, valid_dimension):
  for j in range(i + 1, valid_dimension):
    element_wise_product_list.append(tf.multiply(nonzero_embeddings[:, i, :], nonzero_embeddings[:, j, :]))
    count += 1
element_wise_product = tf.stack(element_wise_product_list)
element_wise_product = tf.transpose(element_wise_product, perm=[1, 0, 2], name="element_wise_product")
interactions = tf.reduce_sum(element_wise_product, 2, name="interactions")
num_interactions = int(valid_dimension * (valid_dimension - 1) / 2)
attention_mul = tf.reshape(tf.matmul(tf.reshape(element_wise_product, shape=[-1, hidden_factor[1]]),
                                     weights['attention_W']), shape=[-1, num_interactions, hidden_factor[0]])
attention_relu = tf.reduce_sum(tf.multiply(weights['attention_p'], tf.nn.relu(attention_mul + weights['attention_b'])), 2, keep_dims=True)
attention_out = tf.nn.softmax(attention_relu)
attention_out = tf.nn.dropout(attention_out, dropout_keep[0])
AFM = tf.reduce_sum(tf.multiply(attention_out, element_wise_product), 1, name="afm")
AFM_FM = tf.reduce_sum(element_wise_product, 1, name="afm_fm")
AFM_FM = AFM_FM / num_interactions
AFM = tf.nn.dropout(AFM, dropout_keep[1])
prediction = tf.matmul(AFM, weights['prediction'])
Bilinear = tf.reduce_sum(prediction, 1, keep_dims=True)
Feature_bias = tf.reduce_sum(tf.nn.embedding_lookup(weights['feature_bias'], train_features), 1)
Bias = weights['bias'] * tf.ones_like(train_labels)
out_ = tf.add_n([Bilinear, Feature_bias, Bias], name="out_afm")
loss = tf.nn.l2_loss(tf.subtract(train_labels, out_)) + contrib_layers.l2_regularizer(0.5)(weights['attention_W'])
optimizer = tf.train.AdamOptimizer(learning_rate=0.05, beta1=0.9, beta2=0.999, epsilon=1e-8).minimize(loss)
X = [[0, 3, 6], [1, 4, 7], [2, 5, 6], [0, 4, 7]]
Y = [[1.0], [-1.0], [1.0], [-1.0]]
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["attention"] = L(sess.run(attention_out, {train_features: X, dropout_keep: [1.0, 1.0]}))
out["hist"] = L([sess.run((loss, optimizer), {train_features: X, train_labels: Y,
                                              dropout_keep: [0.7, 0.8]})[0] for _ in range(5)])
out["fm"] = LS(sess.run([AFM_FM, interactions, out_], {train_features: X, train_labels: Y,
                                                       dropout_keep: [1.0, 1.0]}))
""",
    # chsong513's DeepKnowledgeTracing TF model: one-hot inputs by sparse_to_dense, stacked
    # LSTMCells (its output dropout off: see the program), the old concat of dynamic_rnn's one output tensor,
    # the predictions picked from the flattened logits by tf.gather of target ids,
    # sigmoid cross-entropy, clip_by_global_norm and a learning rate set by tf.assign.
    "dkt_one_hot_sparse_to_dense_gather_targets": r"""
tf.set_random_seed(1206)
batch_size, num_steps, num_skills, size, num_layer = 2, 4, 3, 6, 2
# Without dropout: TF's executor draws the masks of dynamic_rnn's parallel iterations in
# an order of its own (docs/engine.md), so the program keeps the DropoutWrapper switched off.
is_training, keep_prob = True, 1.0
input_size = num_skills * 2
_input_data = tf.placeholder(tf.int32, [batch_size, num_steps])
target_id = tf.placeholder(tf.int32, [None])
target_correctness = tf.placeholder(tf.float32, [None])
_lr = tf.Variable(0.0, trainable=False)
final_hidden_size = size
hidden_layers = []
for i in range(num_layer):
  final_hidden_size = size // (i + 1)
  hidden1 = tf.nn.rnn_cell.LSTMCell(final_hidden_size, state_is_tuple=True)
  if is_training and keep_prob < 1:
    hidden1 = tf.nn.rnn_cell.DropoutWrapper(hidden1, output_keep_prob=keep_prob)
  hidden_layers.append(hidden1)
cell = tf.nn.rnn_cell.MultiRNNCell(hidden_layers, state_is_tuple=True)
input_data = tf.reshape(_input_data, [-1])
with tf.device("/cpu:0"):
  labels = tf.expand_dims(input_data, 1)
  indices = tf.expand_dims(tf.range(0, batch_size * num_steps, 1), 1)
  concated = tf.concat([indices, labels], 1)
  inputs = tf.sparse_to_dense(concated, tf.stack([batch_size * num_steps, input_size]), 1.0, 0.0)
  inputs.set_shape([batch_size * num_steps, input_size])
x = tf.reshape(inputs, [-1, num_steps, input_size])
outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
output = tf.reshape(tf.concat(outputs, 1), [-1, final_hidden_size])
sigmoid_w = tf.get_variable("sigmoid_w", [final_hidden_size, num_skills])
sigmoid_b = tf.get_variable("sigmoid_b", [num_skills])
logits = tf.matmul(output, sigmoid_w) + sigmoid_b
logits = tf.reshape(logits, [-1])
selected_logits = tf.gather(logits, target_id)
pred_values = tf.sigmoid(selected_logits)
loss = tf.reduce_sum(tf.nn.sigmoid_cross_entropy_with_logits(logits=selected_logits, labels=target_correctness))
tvars = tf.trainable_variables()
grads, norm = tf.clip_by_global_norm(tf.gradients(loss, tvars), 0.05)
train_op = tf.train.AdamOptimizer(_lr).apply_gradients(zip(grads, tvars))
# skill s answered right is s + num_skills; the target of step t is step t+1's skill
problems = [[0, 1, 1, 2], [2, 2, 0, 1]]
correct = [[1, 0, 1, 1], [0, 1, 1, 0]]
data = [[p + num_skills * c for p, c in zip(ps, cs)] for ps, cs in zip(problems, correct)]
tid, tc = [], []
for b in range(batch_size):
  for t in range(num_steps - 1):
    tid.append(b * num_steps * num_skills + t * num_skills + problems[b][t + 1])
    tc.append(correct[b][t + 1])
feed = {_input_data: data, target_id: tid, target_correctness: tc}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for epoch in range(4):
  sess.run(tf.assign(_lr, 0.1 * 0.5 ** epoch))
  hist.append(sess.run([loss, norm, train_op], feed)[:2])
out["hist"] = L(hist)
out["one_hot"] = L(sess.run(inputs, feed))
out["pred"] = L(sess.run(pred_values, feed))
out["state"] = LS(sess.run(state, feed))
""",
    # A BPR matrix factorization in TF1 (the widely copied bpr_mf: embedding lookups of a
    # user and two items, an AUC by to_float, an add_n of L2 terms, log(sigmoid(x))),
    # with sampled (user, positive, negative) triples that repeat items in one batch.
    "bpr_mf_triples_repeated_items": r"""
import random as _random
tf.set_random_seed(1207)
user_count, item_count, hidden_dim = 4, 6, 3

def bpr_mf(user_count, item_count, hidden_dim):
  u = tf.placeholder(tf.int32, [None])
  i = tf.placeholder(tf.int32, [None])
  j = tf.placeholder(tf.int32, [None])
  with tf.device("/cpu:0"):
    user_emb_w = tf.get_variable("user_emb_w", [user_count + 1, hidden_dim],
                                 initializer=tf.random_normal_initializer(0, 0.1))
    item_emb_w = tf.get_variable("item_emb_w", [item_count + 1, hidden_dim],
                                 initializer=tf.random_normal_initializer(0, 0.1))
    item_b = tf.get_variable("item_b", [item_count + 1, 1], initializer=tf.constant_initializer(0.0))
    u_emb = tf.nn.embedding_lookup(user_emb_w, u)
    i_emb = tf.nn.embedding_lookup(item_emb_w, i)
    i_b = tf.nn.embedding_lookup(item_b, i)
    j_emb = tf.nn.embedding_lookup(item_emb_w, j)
    j_b = tf.nn.embedding_lookup(item_b, j)
  x = i_b - j_b + tf.reduce_sum(tf.multiply(u_emb, (i_emb - j_emb)), 1, keep_dims=True)
  mf_auc = tf.reduce_mean(tf.to_float(x > 0))
  l2_norm = tf.add_n([tf.reduce_sum(tf.multiply(u_emb, u_emb)),
                      tf.reduce_sum(tf.multiply(i_emb, i_emb)),
                      tf.reduce_sum(tf.multiply(j_emb, j_emb))])
  regulation_rate = 0.0001
  bprloss = regulation_rate * l2_norm - tf.reduce_mean(tf.log(tf.sigmoid(x)))
  train_op = tf.train.GradientDescentOptimizer(0.5).minimize(bprloss)
  return u, i, j, mf_auc, bprloss, train_op

user_ratings = {1: {1, 2, 3}, 2: {2, 4}, 3: {1, 5, 6}, 4: {3, 6}}
user_ratings_test = {1: 4, 2: 1, 3: 2, 4: 5}
rng = _random.Random(7)

def generate_train_batch(user_ratings, user_ratings_test, item_count, batch_size=6):
  t = []
  for b in range(batch_size):
    u = rng.sample(sorted(user_ratings.keys()), 1)[0]
    i = rng.sample(sorted(user_ratings[u]), 1)[0]
    while i == user_ratings_test[u]:
      i = rng.sample(sorted(user_ratings[u]), 1)[0]
    j = rng.randint(1, item_count)
    while j in user_ratings[u]:
      j = rng.randint(1, item_count)
    t.append([u, i, j])
  return np.asarray(t)

u, i, j, mf_auc, bprloss, train_op = bpr_mf(user_count, item_count, hidden_dim)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for epoch in range(4):
  batch_bprloss = 0
  for k in range(3):
    uij = generate_train_batch(user_ratings, user_ratings_test, item_count)
    _bprloss, _train_op = sess.run([bprloss, train_op], feed_dict={u: uij[:, 0], i: uij[:, 1], j: uij[:, 2]})
    batch_bprloss += _bprloss
  hist.append(batch_bprloss / 3)
out["hist"] = L(hist)
test = np.array([[1, 4, 5], [2, 1, 3], [3, 2, 4], [4, 5, 1], [1, 4, 6]])
out["test"] = LS(sess.run([mf_auc, bprloss], {u: test[:, 0], i: test[:, 1], j: test[:, 2]}))
out["item_b"] = L(sess.run(tf.get_default_graph().get_tensor_by_name("item_b:0")))
""",
    # apcode/tensorflow_fasttext classifier.py's model_fn called by hand in graph mode:
    # words looked up in a vocabulary table with OOV buckets, bigrams hashed by
    # string_to_hash_bucket, the two mean embeddings concatenated, contrib
    # fully_connected, Adam over a global step and tf.metrics.accuracy.
    "fasttext_hashed_bigrams_vocab_oov": r"""
tf.set_random_seed(1208)
vocab = ["the", "movie", "was", "great", "bad"]
num_oov_vocab_buckets, num_ngram_buckets, embedding_dimension = 2, 5, 3
label_names = ["neg", "pos"]

def ngrams(words):
  return ["%s %s" % (a, b) for a, b in zip(words, words[1:])] or ["<none>"]

sentences = [("the movie was great", "pos"), ("the movie was bad", "neg"),
             ("great great movie", "pos"), ("bad plot", "neg")]
T = max(len(s.split()) for s, _ in sentences)
def pad(words, n):
  return words + ["</s>"] * (n - len(words))
text = tf.placeholder(tf.string, [None, T])
ngram_text = tf.placeholder(tf.string, [None, T - 1])
labels = tf.placeholder(tf.string, [None])
text_lookup_table = contrib.lookup.index_table_from_tensor(vocab, num_oov_buckets=num_oov_vocab_buckets)
text_ids = text_lookup_table.lookup(text)
text_embedding_w = tf.Variable(tf.random_uniform([len(vocab) + num_oov_vocab_buckets, embedding_dimension], -0.1, 0.1))
text_embedding = tf.reduce_mean(tf.nn.embedding_lookup(text_embedding_w, text_ids), axis=-2)
ngram_hash = tf.string_to_hash_bucket(ngram_text, num_ngram_buckets)
ngram_embedding_w = tf.Variable(tf.random_uniform([num_ngram_buckets, 2], -0.1, 0.1))
ngram_embedding = tf.reduce_mean(tf.nn.embedding_lookup(ngram_embedding_w, ngram_hash), axis=-2)
input_layer = tf.concat([text_embedding, ngram_embedding], -1)
logits = contrib_layers.fully_connected(inputs=input_layer, num_outputs=len(label_names), activation_fn=None)
predictions = tf.argmax(logits, axis=-1)
probs = tf.nn.softmax(logits)
label_lookup_table = contrib.lookup.index_table_from_tensor(label_names)
label_ids = label_lookup_table.lookup(labels)
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=label_ids, logits=logits))
global_step = tf.train.get_or_create_global_step()
train_op = tf.train.AdamOptimizer(0.1).minimize(loss, global_step=global_step)
accuracy = tf.metrics.accuracy(label_ids, predictions)
feed = {text: [pad(s.split(), T) for s, _ in sentences],
        ngram_text: [pad(ngrams(s.split()), T - 1) for s, _ in sentences],
        labels: [l for _, l in sentences]}
sess = tf.Session()
sess.run([tf.global_variables_initializer(), tf.local_variables_initializer(), tf.tables_initializer()])
out["ids"] = LS(sess.run([text_ids, ngram_hash, label_ids], feed))
out["hist"] = L([sess.run([loss, train_op], feed)[0] for _ in range(5)])
sess.run(accuracy[1], feed)
out["acc"] = LS(sess.run([accuracy[0], probs, global_step], feed))
""",
}

SEQUENCE_PROGRAMS = {
    # carlthome/tensorflow-convlstm-cell: a ConvLSTMCell over tf.nn.convolution with
    # peepholes and contrib layer_norm of each gate, its state an LSTMStateTuple of
    # TensorShapes, run by dynamic_rnn over [batch, time, h, w, c]; a next-frame loss.
    "convlstm_peephole_layer_norm_next_frame": r"""
tf.set_random_seed(1209)
class ConvLSTMCell(tf.nn.rnn_cell.RNNCell):
  def __init__(self, shape, filters, kernel, forget_bias=1.0, activation=tf.tanh,
               normalize=True, peephole=True, data_format='channels_last', reuse=None):
    super(ConvLSTMCell, self).__init__(_reuse=reuse)
    self._kernel = kernel
    self._filters = filters
    self._forget_bias = forget_bias
    self._activation = activation
    self._normalize = normalize
    self._peephole = peephole
    if data_format == 'channels_last':
      self._size = tf.TensorShape(shape + [self._filters])
      self._feature_axis = self._size.ndims
      self._data_format = None
    elif data_format == 'channels_first':
      self._size = tf.TensorShape([self._filters] + shape)
      self._feature_axis = 0
      self._data_format = 'NC'
    else:
      raise ValueError('Unknown data_format')

  @property
  def state_size(self):
    return tf.nn.rnn_cell.LSTMStateTuple(self._size, self._size)

  @property
  def output_size(self):
    return self._size

  def call(self, x, state):
    c, h = state
    x = tf.concat([x, h], axis=self._feature_axis)
    n = x.shape[-1].value
    m = 4 * self._filters if self._filters > 1 else 4
    W = tf.get_variable('kernel', self._kernel + [n, m])
    y = tf.nn.convolution(x, W, 'SAME', data_format=self._data_format)
    if not self._normalize:
      y += tf.get_variable('bias', [m], initializer=tf.zeros_initializer())
    j, i, f, o = tf.split(y, 4, axis=self._feature_axis)
    if self._peephole:
      i += tf.get_variable('W_ci', c.shape[1:]) * c
      f += tf.get_variable('W_cf', c.shape[1:]) * c
    if self._normalize:
      j = contrib_layers.layer_norm(j)
      i = contrib_layers.layer_norm(i)
      f = contrib_layers.layer_norm(f)
    f = tf.sigmoid(f + self._forget_bias)
    i = tf.sigmoid(i)
    c = c * f + i * self._activation(j)
    if self._peephole:
      o += tf.get_variable('W_co', c.shape[1:]) * c
    if self._normalize:
      o = contrib_layers.layer_norm(o)
      c = contrib_layers.layer_norm(c)
    o = tf.sigmoid(o)
    h = o * self._activation(c)
    state = tf.nn.rnn_cell.LSTMStateTuple(c, h)
    return h, state

batch_size, timesteps, shape, kernel, channels, filters = 2, 3, [4, 4], [3, 3], 1, 2
inputs = tf.placeholder(tf.float32, [batch_size, timesteps] + shape + [channels])
cell = ConvLSTMCell(shape, filters, kernel)
outputs, state = tf.nn.dynamic_rnn(cell, inputs, dtype=inputs.dtype)
plain = ConvLSTMCell(shape, filters, kernel, normalize=False, peephole=False)
outputs2, _ = tf.nn.dynamic_rnn(plain, inputs, dtype=inputs.dtype, scope='plain')
pred = tf.layers.conv2d(tf.reshape(outputs, [-1] + shape + [filters]), channels, 1, name='to_frame')
frames = tf.reshape(inputs, [-1] + shape + [channels])
loss = tf.losses.mean_squared_error(frames[1:], pred[:-1]) + 0.1 * tf.reduce_mean(tf.square(outputs2))
train = tf.train.AdamOptimizer(0.01).minimize(loss)
rs = np.random.RandomState(15)
feed = {inputs: rs.uniform(size=[batch_size, timesteps] + shape + [channels]).astype(np.float32)}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
out["shapes"] = [str(outputs.shape), str(state.c.shape), str(outputs2.shape)]
out["vars"] = [v.op.name for v in tf.trainable_variables()]
out["hist"] = L([sess.run([loss, train], feed)[0] for _ in range(4)])
out["state"] = LS(sess.run(state, feed))
""",
    # hardmaru/WorldModelsExperiments rnn.py: the MDN-RNN on contrib.rnn's
    # LayerNormBasicLSTMCell, dynamic_rnn with swap_memory under a
    # scope "RNN" that also holds the output weights, xw_plus_b, the mixture coefficients
    # by split and logsumexp, per-gradient clip_by_value, a learning-rate Variable fed
    # directly in the feed_dict, a global step.
    "worldmodels_mdnrnn_layer_norm_lstm": r"""
from collections import namedtuple
tf.set_random_seed(1210)
# Recurrent dropout off: TF's executor draws the masks of dynamic_rnn's parallel iterations
# in an order of its own, which varies from run to run (docs/engine.md).
HyperParams = namedtuple('HyperParams', ['num_steps', 'max_seq_len', 'input_seq_width',
    'output_seq_width', 'rnn_size', 'batch_size', 'grad_clip', 'num_mixture', 'learning_rate',
    'decay_rate', 'min_learning_rate', 'use_layer_norm', 'use_recurrent_dropout',
    'recurrent_dropout_prob', 'use_input_dropout', 'input_dropout_prob', 'use_output_dropout',
    'output_dropout_prob', 'is_training'])
hps = HyperParams(num_steps=4, max_seq_len=5, input_seq_width=3, output_seq_width=2,
                  rnn_size=6, batch_size=2, grad_clip=1.0, num_mixture=3, learning_rate=0.01,
                  decay_rate=0.9, min_learning_rate=0.001, use_layer_norm=1,
                  use_recurrent_dropout=0, recurrent_dropout_prob=0.90, use_input_dropout=0,
                  input_dropout_prob=0.90, use_output_dropout=0, output_dropout_prob=0.90,
                  is_training=1)

class MDNRNN():
  def __init__(self, hps):
    self.hps = hps
    self._build_model(hps)
    self.init = tf.global_variables_initializer()

  def _build_model(self, hps):
    self.num_mixture = hps.num_mixture
    KMIX = self.num_mixture
    INWIDTH = hps.input_seq_width
    OUTWIDTH = hps.output_seq_width
    LENGTH = self.hps.max_seq_len
    if hps.is_training:
      self.global_step = tf.Variable(0, name='global_step', trainable=False)
    cell_fn = contrib.rnn.LayerNormBasicLSTMCell
    use_recurrent_dropout = False if self.hps.use_recurrent_dropout == 0 else True
    use_input_dropout = False if self.hps.use_input_dropout == 0 else True
    use_output_dropout = False if self.hps.use_output_dropout == 0 else True
    use_layer_norm = False if self.hps.use_layer_norm == 0 else True
    if use_recurrent_dropout:
      cell = cell_fn(hps.rnn_size, layer_norm=use_layer_norm, dropout_keep_prob=self.hps.recurrent_dropout_prob)
    else:
      cell = cell_fn(hps.rnn_size, layer_norm=use_layer_norm)
    if use_input_dropout:
      cell = tf.nn.rnn_cell.DropoutWrapper(cell, input_keep_prob=self.hps.input_dropout_prob)
    if use_output_dropout:
      cell = tf.nn.rnn_cell.DropoutWrapper(cell, output_keep_prob=self.hps.output_dropout_prob)
    self.cell = cell
    self.sequence_lengths = LENGTH
    self.input_x = tf.placeholder(dtype=tf.float32, shape=[self.hps.batch_size, self.hps.max_seq_len, INWIDTH])
    self.output_x = tf.placeholder(dtype=tf.float32, shape=[self.hps.batch_size, self.hps.max_seq_len, OUTWIDTH])
    actual_input_x = self.input_x
    self.initial_state = cell.zero_state(batch_size=hps.batch_size, dtype=tf.float32)
    NOUT = OUTWIDTH * KMIX * 3
    with tf.variable_scope('RNN'):
      output_w = tf.get_variable("output_w", [self.hps.rnn_size, NOUT])
      output_b = tf.get_variable("output_b", [NOUT])
    output, last_state = tf.nn.dynamic_rnn(cell, actual_input_x, initial_state=self.initial_state,
                                           time_major=False, swap_memory=True, dtype=tf.float32, scope="RNN")
    output = tf.reshape(output, [-1, hps.rnn_size])
    output = tf.nn.xw_plus_b(output, output_w, output_b)
    output = tf.reshape(output, [-1, KMIX * 3])
    self.final_state = last_state
    logSqrtTwoPI = np.log(np.sqrt(2.0 * np.pi))
    def tf_lognormal(y, mean, logstd):
      return -0.5 * ((y - mean) / tf.exp(logstd)) ** 2 - logstd - logSqrtTwoPI
    def get_lossfunc(logmix, mean, logstd, y):
      v = logmix + tf_lognormal(y, mean, logstd)
      v = tf.reduce_logsumexp(v, 1, keepdims=True)
      return -tf.reduce_mean(v)
    def get_mdn_coef(output):
      logmix, mean, logstd = tf.split(output, 3, 1)
      logmix = logmix - tf.reduce_logsumexp(logmix, 1, keepdims=True)
      return logmix, mean, logstd
    out_logmix, out_mean, out_logstd = get_mdn_coef(output)
    self.out_logmix = out_logmix
    self.out_mean = out_mean
    self.out_logstd = out_logstd
    flat_target_data = tf.reshape(self.output_x, [-1, 1])
    lossfunc = get_lossfunc(out_logmix, out_mean, out_logstd, flat_target_data)
    self.cost = tf.reduce_mean(lossfunc)
    if self.hps.is_training == 1:
      self.lr = tf.Variable(self.hps.learning_rate, trainable=False)
      optimizer = tf.train.AdamOptimizer(self.lr)
      gvs = optimizer.compute_gradients(self.cost)
      capped_gvs = [(tf.clip_by_value(grad, -self.hps.grad_clip, self.hps.grad_clip), var) for grad, var in gvs]
      self.train_op = optimizer.apply_gradients(capped_gvs, global_step=self.global_step, name='train_step')

model = MDNRNN(hps)
sess = tf.Session()
sess.run(model.init)
fix(sess)
rs = np.random.RandomState(16)
raw = rs.normal(size=(hps.batch_size, hps.max_seq_len + 1, hps.input_seq_width)).astype(np.float32)
hist = []
for local_step in range(hps.num_steps):
  step = sess.run(model.global_step)
  curr_learning_rate = (hps.learning_rate - hps.min_learning_rate) * (hps.decay_rate) ** step + hps.min_learning_rate
  feed = {model.input_x: raw[:, :-1, :], model.output_x: raw[:, 1:, :2], model.lr: curr_learning_rate}
  (train_cost, state, train_step, _) = sess.run([model.cost, model.final_state, model.global_step, model.train_op], feed)
  hist.append([train_cost, train_step])
out["hist"] = L(hist)
out["lr"] = L(sess.run(model.lr))
out["vars"] = sorted(v.op.name for v in tf.global_variables() if "Adam" not in v.op.name)
no_drop = {model.input_x: raw[:, :-1, :], model.output_x: raw[:, 1:, :2]}
out["coef"] = LS(sess.run([model.out_logmix[:3], model.out_logstd[:3]], no_drop)[0])
""",
    # phreeza/tensorflow-vrnn model_vrnn.py: a VartiationalRNNCell whose __call__ builds
    # prior, encoder, decoder and an LSTMCell under its own scopes (its state unpacked as
    # `h, c` from the LSTM's (c, h), as written), a reparameterized z drawn with
    # tf.random_normal, static_rnn over split inputs, the outputs regrouped by name, the
    # Gaussian likelihood and Gauss-Gauss KL, Adam on a learning-rate Variable set by
    # assign.
    "vrnn_phreeza_cell_static_rnn_kl": r"""
tf.set_random_seed(1211)
def linear(input_, output_size, scope=None, stddev=0.02, bias_start=0.0, with_w=False):
  shape = input_.get_shape().as_list()
  with tf.variable_scope(scope or "Linear"):
    matrix = tf.get_variable("Matrix", [shape[1], output_size], tf.float32,
                             tf.random_normal_initializer(stddev=stddev))
    bias = tf.get_variable("bias", [output_size], initializer=tf.constant_initializer(bias_start))
    if with_w:
      return tf.matmul(input_, matrix) + bias, matrix, bias
    else:
      return tf.matmul(input_, matrix) + bias

class VartiationalRNNCell(tf.nn.rnn_cell.RNNCell):
  def __init__(self, x_dim, h_dim, z_dim=100):
    super(VartiationalRNNCell, self).__init__()
    self.n_h = h_dim
    self.n_x = x_dim
    self.n_z = z_dim
    self.n_x_1 = x_dim
    self.n_z_1 = z_dim
    self.n_enc_hidden = z_dim
    self.n_dec_hidden = x_dim
    self.n_prior_hidden = z_dim
    self.lstm = tf.nn.rnn_cell.LSTMCell(self.n_h, state_is_tuple=True)

  @property
  def state_size(self):
    return (self.n_h, self.n_h)

  @property
  def output_size(self):
    return self.n_h

  def __call__(self, x, state, scope=None):
    with tf.variable_scope(scope or type(self).__name__):
      h, c = state
      with tf.variable_scope("Prior"):
        with tf.variable_scope("hidden"):
          prior_hidden = tf.nn.relu(linear(h, self.n_prior_hidden))
        with tf.variable_scope("mu"):
          prior_mu = linear(prior_hidden, self.n_z)
        with tf.variable_scope("sigma"):
          prior_sigma = tf.nn.softplus(linear(prior_hidden, self.n_z))
      with tf.variable_scope("phi_x"):
        x_1 = tf.nn.relu(linear(x, self.n_x_1))
      with tf.variable_scope("Encoder"):
        with tf.variable_scope("hidden"):
          enc_hidden = tf.nn.relu(linear(tf.concat(axis=1, values=(x_1, h)), self.n_enc_hidden))
        with tf.variable_scope("mu"):
          enc_mu = linear(enc_hidden, self.n_z)
        with tf.variable_scope("sigma"):
          enc_sigma = tf.nn.softplus(linear(enc_hidden, self.n_z))
      eps = tf.random_normal((x.get_shape().as_list()[0], self.n_z), 0.0, 1.0, dtype=tf.float32)
      z = tf.add(enc_mu, tf.multiply(enc_sigma, eps))
      with tf.variable_scope("phi_z"):
        z_1 = tf.nn.relu(linear(z, self.n_z_1))
      with tf.variable_scope("Decoder"):
        with tf.variable_scope("hidden"):
          dec_hidden = tf.nn.relu(linear(tf.concat(axis=1, values=(z_1, h)), self.n_dec_hidden))
        with tf.variable_scope("mu"):
          dec_mu = linear(dec_hidden, self.n_x)
        with tf.variable_scope("sigma"):
          dec_sigma = tf.nn.softplus(linear(dec_hidden, self.n_x))
        with tf.variable_scope("rho"):
          dec_rho = tf.nn.sigmoid(linear(dec_hidden, self.n_x))
      output, state2 = self.lstm(tf.concat(axis=1, values=(x_1, z_1)), state)
    return (enc_mu, enc_sigma, dec_mu, dec_sigma, dec_rho, prior_mu, prior_sigma), state2

class Args(object):
  batch_size, seq_length, chunk_samples, rnn_size, latent_size, grad_clip = 2, 3, 2, 5, 3, 10.0
args = Args()

def tf_normal(y, mu, s, rho):
  with tf.variable_scope('normal'):
    ss = tf.maximum(1e-10, tf.square(s))
    norm = tf.subtract(y[:, :args.chunk_samples], mu)
    z = tf.div(tf.square(norm), ss)
    denom_log = tf.log(2 * np.pi * ss, name='denom_log')
    result = tf.reduce_sum(z + denom_log, 1) / 2
  return result

def tf_kl_gaussgauss(mu_1, sigma_1, mu_2, sigma_2):
  with tf.variable_scope("kl_gaussgauss"):
    return tf.reduce_sum(0.5 * (
        2 * tf.log(tf.maximum(1e-9, sigma_2), name='log_sigma_2')
        - 2 * tf.log(tf.maximum(1e-9, sigma_1), name='log_sigma_1')
        + (tf.square(sigma_1) + tf.square(mu_1 - mu_2)) / tf.maximum(1e-9, (tf.square(sigma_2))) - 1
    ), 1)

def get_lossfunc(enc_mu, enc_sigma, dec_mu, dec_sigma, dec_rho, prior_mu, prior_sigma, y):
  likelihood_loss = tf_normal(y, dec_mu, dec_sigma, dec_rho)
  kl_loss = tf_kl_gaussgauss(enc_mu, enc_sigma, prior_mu, prior_sigma)
  return tf.reduce_mean(likelihood_loss + kl_loss)

cell = VartiationalRNNCell(args.chunk_samples, args.rnn_size, args.latent_size)
input_data = tf.placeholder(dtype=tf.float32, shape=[args.batch_size, args.seq_length, 2 * args.chunk_samples], name='input_data')
target_data = tf.placeholder(dtype=tf.float32, shape=[args.batch_size, args.seq_length, 2 * args.chunk_samples], name='target_data')
initial_state_c, initial_state_h = cell.zero_state(batch_size=args.batch_size, dtype=tf.float32)
with tf.variable_scope("inputs"):
  inputs = tf.transpose(input_data, [1, 0, 2])
  inputs = tf.reshape(inputs, [-1, 2 * args.chunk_samples])
  inputs = tf.split(axis=0, num_or_size_splits=args.seq_length, value=inputs)
flat_target_data = tf.reshape(target_data, [-1, 2 * args.chunk_samples])
flat_input_data = tf.reshape(tf.transpose(tf.stack(inputs), [1, 0, 2]), [args.batch_size * args.seq_length, -1])
outputs, last_state = tf.nn.static_rnn(cell, inputs, initial_state=(initial_state_c, initial_state_h))
outputs_reshape = []
names = ["enc_mu", "enc_sigma", "dec_mu", "dec_sigma", "dec_rho", "prior_mu", "prior_sigma"]
for n, name in enumerate(names):
  with tf.variable_scope(name):
    x = tf.stack([o[n] for o in outputs])
    x = tf.transpose(x, [1, 0, 2])
    x = tf.reshape(x, [args.batch_size * args.seq_length, -1])
    outputs_reshape.append(x)
enc_mu, enc_sigma, dec_mu, dec_sigma, dec_rho, prior_mu, prior_sigma = outputs_reshape
final_state_c, final_state_h = last_state
lossfunc = get_lossfunc(enc_mu, enc_sigma, dec_mu, dec_sigma, dec_rho, prior_mu, prior_sigma, flat_target_data)
with tf.variable_scope('cost'):
  cost = lossfunc
tf.summary.scalar('cost', cost)
tf.summary.scalar('mu', tf.reduce_mean(dec_mu))
tf.summary.scalar('sigma', tf.reduce_mean(dec_sigma))
lr = tf.Variable(0.0, trainable=False)
tvars = tf.trainable_variables()
# Clipped by their global norm, as the code base's commented-out lines did: without it each
# variable's update waits only for its own gradient, and TF's executor may update a weight
# before a gradient that reads it (ref variables) has run, differently from run to run.
grads, _ = tf.clip_by_global_norm(tf.gradients(cost, tvars), args.grad_clip)
optimizer = tf.train.AdamOptimizer(lr)
train_op = optimizer.apply_gradients(zip(grads, tvars))
summaries = tf.summary.merge_all()
rs = np.random.RandomState(17)
x = rs.normal(size=(args.batch_size, args.seq_length + 1, 2 * args.chunk_samples)).astype(np.float32)
feed = {input_data: x[:, :-1], target_data: x[:, 1:]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for e in range(3):
  sess.run(tf.assign(lr, 0.01 * (0.95 ** e)))
  train_loss, _, cr, summary, sigma, mu, input, target = sess.run(
      [cost, train_op, final_state_c, summaries, dec_sigma, dec_mu, flat_input_data,
       flat_target_data], feed)
  hist.append([train_loss, float(np.mean(sigma)), float(np.mean(mu))])
out["hist"] = L(hist)
out["vars"] = [v.op.name for v in tvars]
out["state"] = LS(sess.run([final_state_c, final_state_h], feed))
out["n_summaries"] = len(tf.get_collection(tf.GraphKeys.SUMMARIES))
""",
}

TRANSFER_PROGRAMS = {
    # DushyantaDhyani/kdtf: a teacher trained, saved by tf.train.Saver and restored from
    # get_checkpoint_state in a new graph; a student whose soft loss is a tf.cond with a
    # Python 0.0 branch, scaled by the temperature squared, trained on the teacher's
    # softened predictions (the teacher's logits divided by a fed temperature).
    "distill_teacher_checkpoint_soft_targets": r"""
import os, tempfile, shutil
num_input, num_classes = 6, 3

class BigModel:
  def __init__(self, model_type, checkpoint_dir):
    self.model_type = model_type
    self.checkpoint_path = os.path.join(checkpoint_dir, model_type)
    self.X = tf.placeholder(tf.float32, [None, num_input], name="%s_%s" % (model_type, "xinput"))
    self.Y = tf.placeholder(tf.float32, [None, num_classes], name="%s_%s" % (model_type, "yinput"))
    self.keep_prob = tf.placeholder(tf.float32, name="%s_%s" % (model_type, "dropoutprob"))
    self.softmax_temperature = tf.placeholder(tf.float32, name="%s_%s" % (model_type, "softmaxtemperature"))
    self.weights = {
        'h1': tf.Variable(tf.random_normal([num_input, 8]), name="%s_%s" % (model_type, "h1")),
        'out': tf.Variable(tf.random_normal([8, num_classes]), name="%s_%s" % (model_type, "out"))}
    self.biases = {
        'b1': tf.Variable(tf.random_normal([8]), name="%s_%s" % (model_type, "b1")),
        'out': tf.Variable(tf.random_normal([num_classes]), name="%s_%s" % (model_type, "bout"))}
    self.build_model()
    self.saver = tf.train.Saver()

  def build_model(self):
    with tf.name_scope("%sfc1" % (self.model_type)):
      fc1 = tf.nn.relu(tf.add(tf.matmul(self.X, self.weights['h1']), self.biases['b1']))
      fc1 = tf.nn.dropout(fc1, self.keep_prob)
      logits = tf.add(tf.matmul(fc1, self.weights['out']), self.biases['out']) / self.softmax_temperature
    with tf.name_scope("%sprediction" % (self.model_type)):
      self.prediction = tf.nn.softmax(logits)
      correct_pred = tf.equal(tf.argmax(self.prediction, 1), tf.argmax(self.Y, 1))
      self.accuracy = tf.reduce_mean(tf.cast(correct_pred, tf.float32))
    with tf.name_scope("%soptimization" % (self.model_type)):
      self.loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=self.Y))
      self.optimizer = tf.train.AdamOptimizer(learning_rate=0.05)
      self.train_op = self.optimizer.minimize(self.loss_op)

  def train(self, sess, X, Y, steps):
    sess.run(tf.global_variables_initializer())
    losses = []
    for step in range(steps):
      losses.append(sess.run([self.loss_op, self.train_op], feed_dict={
          self.X: X, self.Y: Y, self.keep_prob: 0.8, self.softmax_temperature: 1.0})[0])
    self.saver.save(sess, self.checkpoint_path, global_step=steps)
    return losses

  def load_model_from_file(self, sess, load_path):
    ckpt = tf.train.get_checkpoint_state(load_path)
    if ckpt and ckpt.model_checkpoint_path:
      self.saver.restore(sess, ckpt.model_checkpoint_path)
    return os.path.basename(ckpt.model_checkpoint_path)

  def predict(self, sess, data_X, temperature=1.0):
    return sess.run(self.prediction, feed_dict={self.X: data_X, self.keep_prob: 1.0,
                                                self.softmax_temperature: temperature})

class SmallModel:
  def __init__(self, model_type):
    self.model_type = model_type
    self.X = tf.placeholder(tf.float32, [None, num_input], name="%s_%s" % (model_type, "xinput"))
    self.Y = tf.placeholder(tf.float32, [None, num_classes], name="%s_%s" % (model_type, "yinput"))
    self.flag = tf.placeholder(tf.bool, None, name="%s_%s" % (model_type, "flag"))
    self.soft_Y = tf.placeholder(tf.float32, [None, num_classes], name="%s_%s" % (model_type, "softy"))
    self.softmax_temperature = tf.placeholder(tf.float32, name="%s_%s" % (model_type, "softmaxtemperature"))
    with tf.variable_scope(model_type):
      self.w1 = tf.get_variable("w1", [num_input, 4], initializer=tf.glorot_uniform_initializer())
      self.wout = tf.get_variable("wout", [4, num_classes], initializer=tf.glorot_uniform_initializer())
    layer_1 = tf.nn.relu(tf.matmul(self.X, self.w1))
    logits = tf.matmul(layer_1, self.wout)
    with tf.name_scope("%sprediction" % (model_type)):
      self.prediction = tf.nn.softmax(logits)
    with tf.name_scope("%soptimization" % (model_type)):
      self.loss_op_standard = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=self.Y))
      self.total_loss = self.loss_op_standard
      self.loss_op_soft = tf.cond(self.flag, true_fn=lambda: tf.reduce_mean(
          tf.nn.softmax_cross_entropy_with_logits(logits=logits / self.softmax_temperature, labels=self.soft_Y)),
          false_fn=lambda: 0.0)
      self.total_loss += tf.square(self.softmax_temperature) * self.loss_op_soft
      optimizer = tf.train.AdamOptimizer(learning_rate=0.05)
      self.train_op = optimizer.minimize(self.total_loss)

rs = np.random.RandomState(18)
X = rs.normal(size=(8, num_input)).astype(np.float32)
Y = np.eye(num_classes, dtype=np.float32)[rs.randint(0, num_classes, size=8)]
checkpoint_dir = tempfile.mkdtemp()
try:
  with tf.Graph().as_default():
    tf.set_random_seed(1212)
    teacher = BigModel("teacher", checkpoint_dir)
    with tf.Session() as sess:
      out["teacher_hist"] = L(teacher.train(sess, X, Y, 4))
      out["teacher_pred"] = L(teacher.predict(sess, X, 2.0))
  with tf.Graph().as_default():
    tf.set_random_seed(1213)
    teacher = BigModel("teacher", checkpoint_dir)
    student = SmallModel("student")
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    out["restored"] = teacher.load_model_from_file(sess, checkpoint_dir)
    temperature = 2.0
    soft_targets = teacher.predict(sess, X, temperature)
    out["soft_targets"] = L(soft_targets)
    hist = []
    for step in range(5):
      flag = step % 2 == 0
      hist.append(sess.run([student.total_loss, student.loss_op_soft, student.train_op], feed_dict={
          student.X: X, student.Y: Y, student.soft_Y: soft_targets, student.flag: flag,
          student.softmax_temperature: temperature})[:2])
    out["student_hist"] = L(hist)
    out["student_pred"] = L(sess.run(student.prediction, {student.X: X}))
finally:
  shutil.rmtree(checkpoint_dir)
""",
    # TropComplique/shufflenet-v2-tensorflow architecture.py at tiny widths: channel
    # shuffle by stack, transpose and reshape of dynamic dims, depthwise_conv under a
    # slim add_arg_scope with tf.layers batch_normalization (fused) as normalizer, slim
    # max_pool2d, train ops under UPDATE_OPS, piecewise_constant momentum, eval mode.
    "shufflenet_v2_channel_shuffle_arg_scope": r"""
tf.set_random_seed(1214)
BATCH_NORM_MOMENTUM = 0.997
BATCH_NORM_EPSILON = 1e-3

@slim.add_arg_scope
def depthwise_conv(x, kernel=3, stride=1, padding='SAME', activation_fn=None, normalizer_fn=None,
                   weights_initializer=contrib_layers.xavier_initializer(), data_format='NHWC',
                   scope='depthwise_conv'):
  with tf.variable_scope(scope):
    assert data_format == 'NHWC'
    in_channels = x.shape[3].value
    W = tf.get_variable('depthwise_weights', [kernel, kernel, in_channels, 1], dtype=tf.float32,
                        initializer=weights_initializer)
    x = tf.nn.depthwise_conv2d(x, W, [1, stride, stride, 1], padding, data_format='NHWC')
    x = normalizer_fn(x) if normalizer_fn is not None else x
    x = activation_fn(x) if activation_fn is not None else x
    return x

def concat_shuffle_split(x, y):
  with tf.name_scope('concat_shuffle_split'):
    shape = tf.shape(x)
    batch_size = shape[0]
    height, width = shape[1], shape[2]
    depth = x.shape[3].value
    z = tf.stack([x, y], axis=3)
    z = tf.transpose(z, [0, 1, 2, 4, 3])
    z = tf.reshape(z, [batch_size, height, width, 2 * depth])
    x, y = tf.split(z, num_or_size_splits=2, axis=3)
    return x, y

def basic_unit(x):
  in_channels = x.shape[3].value
  x = slim.conv2d(x, in_channels, (1, 1), stride=1, scope='conv1x1_before')
  x = depthwise_conv(x, kernel=3, stride=1, activation_fn=None, scope='depthwise')
  x = slim.conv2d(x, in_channels, (1, 1), stride=1, scope='conv1x1_after')
  return x

def basic_unit_with_downsampling(x, out_channels=None):
  in_channels = x.shape[3].value
  out_channels = 2 * in_channels if out_channels is None else out_channels
  y = slim.conv2d(x, in_channels, (1, 1), stride=1, scope='conv1x1_before')
  y = depthwise_conv(y, kernel=3, stride=2, activation_fn=None, scope='depthwise')
  y = slim.conv2d(y, out_channels // 2, (1, 1), stride=1, scope='conv1x1_after')
  with tf.variable_scope('second_branch'):
    x = depthwise_conv(x, kernel=3, stride=2, activation_fn=None, scope='depthwise')
    x = slim.conv2d(x, out_channels // 2, (1, 1), stride=1, scope='conv1x1_after')
    return x, y

def block(x, num_units, out_channels=None, scope='stage'):
  with tf.variable_scope(scope):
    with tf.variable_scope('unit_1'):
      x, y = basic_unit_with_downsampling(x, out_channels)
    for j in range(2, num_units + 1):
      with tf.variable_scope('unit_%d' % j):
        x, y = concat_shuffle_split(x, y)
        x = basic_unit(x)
    x = tf.concat([x, y], axis=3)
  return x

def shufflenet(images, is_training, num_classes=3, initial_depth=4):
  def batch_norm(x):
    x = tf.layers.batch_normalization(x, axis=3, center=True, scale=True, training=is_training,
                                      momentum=BATCH_NORM_MOMENTUM, epsilon=BATCH_NORM_EPSILON,
                                      fused=True, name='batch_norm')
    return x
  with tf.name_scope('standardize_input'):
    x = (2.0 * images) - 1.0
  with tf.variable_scope('ShuffleNetV2'):
    params = {'padding': 'SAME', 'activation_fn': tf.nn.relu, 'normalizer_fn': batch_norm,
              'data_format': 'NHWC', 'weights_initializer': contrib_layers.xavier_initializer()}
    with slim.arg_scope([slim.conv2d, depthwise_conv], **params):
      x = slim.conv2d(x, 4, (3, 3), stride=2, scope='Conv1')
      x = slim.max_pool2d(x, (3, 3), stride=2, padding='SAME', scope='MaxPool')
      x = block(x, num_units=2, out_channels=initial_depth, scope='Stage2')
      x = block(x, num_units=2, scope='Stage3')
      x = slim.conv2d(x, 12, (1, 1), stride=1, scope='Conv5')
  x = tf.reduce_mean(x, axis=[1, 2])
  logits = slim.fully_connected(x, num_classes, activation_fn=None, scope='classifier',
                                weights_initializer=contrib_layers.xavier_initializer())
  return logits

images = tf.placeholder(tf.float32, [None, 16, 16, 3])
labels = tf.placeholder(tf.int32, [None])
is_training = tf.placeholder(tf.bool, [])
logits = shufflenet(images, is_training)
tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
regularization_loss = tf.add_n([1e-4 * tf.nn.l2_loss(v) for v in tf.trainable_variables() if 'weights' in v.name])
tf.losses.add_loss(regularization_loss)
total_loss = tf.losses.get_total_loss(add_regularization_losses=False)
global_step = tf.train.get_or_create_global_step()
learning_rate = tf.train.piecewise_constant(global_step, [2, 4], [0.1, 0.05, 0.01])
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
with tf.control_dependencies(update_ops), tf.variable_scope('optimizer'):
  optimizer = tf.train.MomentumOptimizer(learning_rate, momentum=0.9, use_nesterov=True)
  grads_and_vars = optimizer.compute_gradients(total_loss)
  train_op = optimizer.apply_gradients(grads_and_vars, global_step)
rs = np.random.RandomState(19)
feed = {images: rs.uniform(size=(4, 16, 16, 3)).astype(np.float32), labels: [0, 1, 2, 1],
        is_training: True}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
fix(sess)
out["n_update_ops"] = len(update_ops)
out["hist"] = L([sess.run([total_loss, learning_rate, train_op], feed)[:2] for _ in range(5)])
feed[is_training] = False
out["eval_logits"] = L(sess.run(logits, feed))
out["moving"] = L(sess.run([v for v in tf.global_variables() if 'moving_variance' in v.name][0]))
""",
}

PROGRAMS = {
    **STRUCTURE_PROGRAMS,
    **RECSYS_PROGRAMS,
    **SEQUENCE_PROGRAMS,
    **TRANSFER_PROGRAMS,
}


def contrib_for_tf2(tf):
    """tf1_models6's contrib, with TF 1.15's contrib.rnn.LayerNormBasicLSTMCell (re-typed
    below) and contrib.lookup's index_table_from_tensor (which lives on in lookup_ops)."""
    from types import SimpleNamespace

    from tensorflow.python.ops import lookup_ops

    contrib = tf1_models6.contrib_for_tf2(tf)
    rnn = SimpleNamespace(
        **dict(vars(contrib.rnn), LayerNormBasicLSTMCell=_layer_norm_basic_lstm_cell(tf, contrib))
    )
    lookup = SimpleNamespace(
        **dict(vars(contrib.lookup), index_table_from_tensor=lookup_ops.index_table_from_tensor)
    )
    return SimpleNamespace(**dict(vars(contrib), rnn=rnn, lookup=lookup))


def _layer_norm_basic_lstm_cell(tf, contrib):
    """TF 1.15's contrib/rnn/python/ops/rnn_cell.py LayerNormBasicLSTMCell, re-typed over
    tf.compat.v1 and tf_slim's layer_norm (TF 1.15's contrib.layers.layer_norm)."""

    class LayerNormBasicLSTMCell(tf.nn.rnn_cell.RNNCell):
        def __init__(
            self,
            num_units,
            forget_bias=1.0,
            input_size=None,
            activation=tf.tanh,
            layer_norm=True,
            norm_gain=1.0,
            norm_shift=0.0,
            dropout_keep_prob=1.0,
            dropout_prob_seed=None,
            reuse=None,
        ):
            super().__init__(_reuse=reuse)
            self._num_units = num_units
            self._activation = activation
            self._forget_bias = forget_bias
            self._keep_prob = dropout_keep_prob
            self._seed = dropout_prob_seed
            self._layer_norm = layer_norm
            self._norm_gain = norm_gain
            self._norm_shift = norm_shift
            self._reuse = reuse

        @property
        def state_size(self):
            return tf.nn.rnn_cell.LSTMStateTuple(self._num_units, self._num_units)

        @property
        def output_size(self):
            return self._num_units

        def _norm(self, inp, scope, dtype=tf.float32):
            shape = inp.get_shape()[-1:]
            gamma_init = tf.constant_initializer(self._norm_gain)
            beta_init = tf.constant_initializer(self._norm_shift)
            with tf.variable_scope(scope):
                tf.get_variable("gamma", shape=shape, initializer=gamma_init, dtype=dtype)
                tf.get_variable("beta", shape=shape, initializer=beta_init, dtype=dtype)
            return contrib.layers.layer_norm(inp, reuse=True, scope=scope)

        def _linear(self, args):
            out_size = 4 * self._num_units
            proj_size = args.get_shape()[-1]
            dtype = args.dtype
            weights = tf.get_variable("kernel", [proj_size, out_size], dtype=dtype)
            out = tf.matmul(args, weights)
            if not self._layer_norm:
                bias = tf.get_variable("bias", [out_size], dtype=dtype)
                out = tf.nn.bias_add(out, bias)
            return out

        def call(self, inputs, state):
            c, h = state
            args = tf.concat([inputs, h], 1)
            concat = self._linear(args)
            dtype = args.dtype
            i, j, f, o = tf.split(value=concat, num_or_size_splits=4, axis=1)
            if self._layer_norm:
                i = self._norm(i, "input", dtype=dtype)
                j = self._norm(j, "transform", dtype=dtype)
                f = self._norm(f, "forget", dtype=dtype)
                o = self._norm(o, "output", dtype=dtype)
            g = self._activation(j)
            if (not isinstance(self._keep_prob, float)) or self._keep_prob < 1:
                g = tf.nn.dropout(g, self._keep_prob, seed=self._seed)
            new_c = c * tf.sigmoid(f + self._forget_bias) + tf.sigmoid(i) * g
            if self._layer_norm:
                new_c = self._norm(new_c, "state", dtype=dtype)
            new_h = self._activation(new_c) * tf.sigmoid(o)
            return new_h, tf.nn.rnn_cell.LSTMStateTuple(new_c, new_h)

    return LayerNormBasicLSTMCell


def main(names: list[str]) -> None:
    tf = harness.import_tf1(legacy_keras=True)
    chosen = {n: PROGRAMS[n] for n in names} if names else PROGRAMS
    results = harness.run_programs(tf, chosen, PRELUDE, CONTRIB=contrib_for_tf2(tf))
    harness.dump({"tensorflow": tf.__version__, "programs": results})


if __name__ == "__main__":
    main(sys.argv[1:])
