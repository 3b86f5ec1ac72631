"""Record what TensorFlow computes for the famous TF1 model code bases, at tiny sizes
(dev-only).

    PYTHONPATH=/tmp/tf1ex6_site TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python \
        tests/reference/tf1_models.py > tests/unit/engine/fixtures/tf1_models.json

(/tmp/tf1ex6_site holds `tf-slim` 1.1, `tensorflow-addons` 0.23 and `typeguard<3`
installed with `pip install --target /tmp/tf1ex6_site --no-deps`, Addons patched as
tests/reference/tf1_seq2seq.py says;
`python tf1_models.py NAME...` prints only the named programs, for development.)

Re-typed at tiny sizes, each in its code base's own TF1 spellings: google-research/bert's
`modeling.py`, `optimization.py`, `run_classifier.py` and `run_pretraining.py` (`bert_`;
the model is tf1_codebases' re-typing, shared), openai/gpt-2's `model.py` and `sample.py`
(`gpt2_`), affinelayer/pix2pix-tensorflow's input transform and loss averages (`p2p_`),
lengstrom/fast-style-transfer's transform net and losses and anishathalye/neural-style's
image optimization (`style_`), sherjilozair/char-rnn-tensorflow (`charrnn_`),
davidsandberg/facenet (`facenet_`), hill-a/stable-baselines' A2C and PPO2 policies
(`sb_`), keithito/tacotron's CBHG and attention decoder (`taco_`), allenai/bilm-tf
(`bilm_`), tensorflow/models' official/r1 transformer utilities and beam search
(`official_`), XLNet's relative attention (`xlnet_`) and sonnet v1's modules over
`tf.make_template` (`sonnet_`). No data comes from the internet: inputs are small seeded
arrays; initial values are seeded (`tf.set_random_seed`, numpy's seed for
stable-baselines' `ortho_init`) or explicit.

TensorFlow 2 has no `tf.contrib`: `contrib` is graphgate's `tf.contrib` where `tf` has it,
and here tf1_tutorials2's re-typed `rnn`, `legacy_seq2seq` and `layers` pieces, tf_slim's
`layers`, tf1_seq2seq's TF 1.15 `seq2seq` spelled over Addons and a re-typed `HParams`.
Where TF 1.15, Addons and graphgate name a contrib module's variables differently (the
tacotron attention decoder), the program loads each trainable variable with a value fixed
by its shape (`fix`, tf1_seq2seq's).

Each program stores what it observed in `out[...]`; `tests/unit/engine/test_tf1_models.py`
runs the same text against graphgate and compares.
"""

from __future__ import annotations

import sys

try:
    from tests.reference import harness, tf1_codebases
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness
    import tf1_codebases


PRELUDE = (
    tf1_codebases.PRELUDE
    + r"""
from types import SimpleNamespace
import functools, math, operator
contrib = tf.contrib if hasattr(tf, "contrib") else CONTRIB
def fix(sess):
    for v in tf.trainable_variables():
        shape = v.shape.as_list()
        n = int(np.prod(shape))
        v.load((np.sin(np.arange(n) * 0.7 + sum(shape) + len(shape)) * 0.5).astype(np.float32).reshape(shape), sess)
"""
)

# google-research/bert: tf1_codebases' modeling.py and optimization.py, then what
# run_classifier.py and run_pretraining.py put on top (re-typed).
BERT = (
    tf1_codebases.BERT
    + r"""
CFG32 = dict(vocab_size=24, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
             intermediate_size=64, hidden_act="gelu", hidden_dropout_prob=0.1,
             attention_probs_dropout_prob=0.1, max_position_embeddings=16, type_vocab_size=2,
             initializer_range=0.02)
IDS6 = np.array([[2, 5, 7, 9, 0, 0], [2, 11, 19, 4, 6, 3], [2, 8, 8, 1, 0, 0]], np.int32)
MASK6 = (IDS6 > 0).astype(np.int32)
SEG6 = np.array([[0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 1, 1], [0, 0, 0, 0, 0, 0]], np.int32)
LABELS = np.array([1, 0, 2], np.int32)

def create_model(bert_config, is_training, input_ids, input_mask, segment_ids, labels,
                 num_labels, use_one_hot_embeddings):
  model = BertModel(config=bert_config, is_training=is_training, input_ids=input_ids,
                    input_mask=input_mask, token_type_ids=segment_ids,
                    use_one_hot_embeddings=use_one_hot_embeddings)
  output_layer = model.get_pooled_output()
  hidden_size = output_layer.shape[-1].value
  output_weights = tf.get_variable("output_weights", [num_labels, hidden_size],
                                   initializer=tf.truncated_normal_initializer(stddev=0.02))
  output_bias = tf.get_variable("output_bias", [num_labels], initializer=tf.zeros_initializer())
  with tf.variable_scope("loss"):
    if is_training:
      output_layer = tf.nn.dropout(output_layer, keep_prob=0.9)
    logits = tf.matmul(output_layer, output_weights, transpose_b=True)
    logits = tf.nn.bias_add(logits, output_bias)
    probabilities = tf.nn.softmax(logits, axis=-1)
    log_probs = tf.nn.log_softmax(logits, axis=-1)
    one_hot_labels = tf.one_hot(labels, depth=num_labels, dtype=tf.float32)
    per_example_loss = -tf.reduce_sum(one_hot_labels * log_probs, axis=-1)
    loss = tf.reduce_mean(per_example_loss)
    return (loss, per_example_loss, logits, probabilities)

def gather_indexes(sequence_tensor, positions):
  sequence_shape = get_shape_list(sequence_tensor, expected_rank=3)
  batch_size = sequence_shape[0]
  seq_length = sequence_shape[1]
  width = sequence_shape[2]
  flat_offsets = tf.reshape(tf.range(0, batch_size, dtype=tf.int32) * seq_length, [-1, 1])
  flat_positions = tf.reshape(positions + flat_offsets, [-1])
  flat_sequence_tensor = tf.reshape(sequence_tensor, [batch_size * seq_length, width])
  output_tensor = tf.gather(flat_sequence_tensor, flat_positions)
  return output_tensor

def get_masked_lm_output(bert_config, input_tensor, output_weights, positions, label_ids,
                         label_weights):
  input_tensor = gather_indexes(input_tensor, positions)
  with tf.variable_scope("cls/predictions"):
    with tf.variable_scope("transform"):
      input_tensor = tf.layers.dense(input_tensor, units=bert_config.hidden_size,
          activation=get_activation(bert_config.hidden_act),
          kernel_initializer=create_initializer(bert_config.initializer_range))
      input_tensor = layer_norm(input_tensor)
    output_bias = tf.get_variable("output_bias", shape=[bert_config.vocab_size],
                                  initializer=tf.zeros_initializer())
    logits = tf.matmul(input_tensor, output_weights, transpose_b=True)
    logits = tf.nn.bias_add(logits, output_bias)
    log_probs = tf.nn.log_softmax(logits, axis=-1)
    label_ids = tf.reshape(label_ids, [-1])
    label_weights = tf.reshape(label_weights, [-1])
    one_hot_labels = tf.one_hot(label_ids, depth=bert_config.vocab_size, dtype=tf.float32)
    per_example_loss = -tf.reduce_sum(log_probs * one_hot_labels, axis=[-1])
    numerator = tf.reduce_sum(label_weights * per_example_loss)
    denominator = tf.reduce_sum(label_weights) + 1e-5
    loss = numerator / denominator
  return (loss, per_example_loss, log_probs)

def get_next_sentence_output(bert_config, input_tensor, labels):
  with tf.variable_scope("cls/seq_relationship"):
    output_weights = tf.get_variable("output_weights", shape=[2, bert_config.hidden_size],
        initializer=create_initializer(bert_config.initializer_range))
    output_bias = tf.get_variable("output_bias", shape=[2], initializer=tf.zeros_initializer())
    logits = tf.matmul(input_tensor, output_weights, transpose_b=True)
    logits = tf.nn.bias_add(logits, output_bias)
    log_probs = tf.nn.log_softmax(logits, axis=-1)
    labels = tf.reshape(labels, [-1])
    one_hot_labels = tf.one_hot(labels, depth=2, dtype=tf.float32)
    per_example_loss = -tf.reduce_sum(one_hot_labels * log_probs, axis=-1)
    loss = tf.reduce_mean(per_example_loss)
    return (loss, per_example_loss, log_probs)
"""
)

BERT_PROGRAMS = {
    # run_classifier's model_fn in training mode: dropout on, clip_by_global_norm,
    # AdamWeightDecayOptimizer; 5 steps. create_optimizer's group assigns global_step in the
    # run whose learning rate reads it, and TF orders the two as it likes (here it read the
    # old step in the first run and the new one in the second): a decay over 10**9 steps
    # without warmup keeps the rate 1e-3 in float32 either way, and
    # bert_warmup_polynomial_schedule reads the schedule on its own.
    "bert_classifier_finetune": BERT
    + r"""
tf.set_random_seed(21)
config = BertConfig.from_dict(CFG32)
ids = tf.placeholder(tf.int32, [None, 6], name="input_ids")
mask = tf.placeholder(tf.int32, [None, 6], name="input_mask")
seg = tf.placeholder(tf.int32, [None, 6], name="segment_ids")
labels = tf.placeholder(tf.int32, [None], name="label_ids")
(total_loss, per_example_loss, logits, probabilities) = create_model(
    config, True, ids, mask, seg, labels, 3, False)
train_op, lr = create_optimizer(total_loss, 1e-3, num_train_steps=10**9, num_warmup_steps=0,
                                use_tpu=False)
out["n_global"] = len(tf.global_variables())
out["slots"] = sorted(v.op.name for v in tf.global_variables() if "adam_m" in v.op.name)[:5]
feed = {ids: IDS6, mask: MASK6, seg: SEG6, labels: LABELS}
s = tf.Session(); s.run(tf.global_variables_initializer())
hist = []
for step in range(5):
    l = s.run(total_loss, feed)
    s.run(train_op, feed)
    hist.append([float(l), float(s.run(lr))])
out["hist"] = hist
out["step"] = int(s.run(tf.train.get_global_step()))
R({"probs": probabilities, "per_example": per_example_loss,
   "w": tf.trainable_variables()[-2]}, feed=feed, sess=s)
""",
    # create_optimizer's learning rate: linear warmup, then polynomial decay to zero, read
    # at each global step set by hand.
    "bert_warmup_polynomial_schedule": BERT
    + r"""
w = tf.get_variable("w", [3], initializer=tf.ones_initializer())
loss = tf.reduce_sum(tf.square(w))
train_op, lr = create_optimizer(loss, 5e-3, num_train_steps=8, num_warmup_steps=3,
                                use_tpu=False)
gs = tf.train.get_global_step()
out["gs"] = [gs.op.name, gs.dtype.name]
s = tf.Session(); s.run(tf.global_variables_initializer())
rates = []
for k in range(11):
    s.run(gs.assign(k))
    rates.append(float(s.run(lr)))
out["rates"] = rates
""",
    # The same model evaluated (is_training=False): no dropout, so values are exact.
    "bert_classifier_eval_metrics": BERT
    + r"""
tf.set_random_seed(22)
config = BertConfig.from_dict(CFG32)
(total_loss, per_example_loss, logits, probabilities) = create_model(
    config, False, tf.constant(IDS6), tf.constant(MASK6), tf.constant(SEG6),
    tf.constant(LABELS), 3, True)
predictions = tf.argmax(logits, axis=-1, output_type=tf.int32)
accuracy = tf.metrics.accuracy(labels=tf.constant(LABELS), predictions=predictions,
                               weights=tf.constant([1.0, 1.0, 0.0]))
loss_m = tf.metrics.mean(values=per_example_loss, weights=tf.constant([1.0, 1.0, 0.0]))
s = tf.Session(); s.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
s.run([accuracy[1], loss_m[1]])
R({"logits": logits, "loss": total_loss, "acc": accuracy[0], "mean_loss": loss_m[0],
   "pred": predictions}, sess=s)
out["local"] = sorted(v.op.name for v in tf.local_variables())
""",
    # run_pretraining's heads: masked LM (gather_indexes over flat offsets, the embedding
    # table tied as the output weights) and next sentence, 3 plain Adam steps.
    "bert_pretraining_heads": BERT
    + r"""
tf.set_random_seed(23)
cfg = dict(CFG32, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
config = BertConfig.from_dict(cfg)
model = BertModel(config=config, is_training=True, input_ids=tf.constant(IDS6),
                  input_mask=tf.constant(MASK6), token_type_ids=tf.constant(SEG6))
positions = tf.constant([[1, 3], [2, 5], [1, 0]], tf.int32)
label_ids = tf.constant([[5, 9], [19, 3], [8, 0]], tf.int32)
label_weights = tf.constant([[1.0, 1.0], [1.0, 1.0], [1.0, 0.0]])
(mlm_loss, mlm_per, mlm_logp) = get_masked_lm_output(
    config, model.get_sequence_output(), model.embedding_table, positions, label_ids,
    label_weights)
(ns_loss, ns_per, ns_logp) = get_next_sentence_output(
    config, model.get_pooled_output(), tf.constant([[0], [1], [0]]))
total = mlm_loss + ns_loss
out["names"] = [v.op.name for v in tf.trainable_variables()][-8:]
train = tf.train.AdamOptimizer(1e-2).minimize(total)
s = tf.Session(); s.run(tf.global_variables_initializer())
hist = []
for _ in range(3):
    hist.append([float(x) for x in s.run([mlm_loss, ns_loss])]); s.run(train)
out["hist"] = hist
R({"mlm_per": mlm_per, "ns_logp": ns_logp}, sess=s)
""",
    # The first BERT release's gelu over tf.erf, the one-hot embedding lookup, the mask
    # from create_attention_mask_from_input_mask and get_shape_list of a dynamic batch.
    "bert_erf_gelu_onehot_dynamic": BERT
    + r"""
def gelu(input_tensor):
  cdf = 0.5 * (1.0 + tf.erf(input_tensor / tf.sqrt(2.0)))
  return input_tensor * cdf
tf.set_random_seed(24)
config = BertConfig.from_dict(CFG32)
ids = tf.placeholder(tf.int32, [None, None])
mask = tf.placeholder(tf.int32, [None, None])
model = BertModel(config=config, is_training=False, input_ids=ids, input_mask=mask,
                  use_one_hot_embeddings=True)
am = create_attention_mask_from_input_mask(ids, mask)
out["shapes"] = [model.get_sequence_output().shape.as_list(), am.shape.as_list(),
                 [d if isinstance(d, int) else "t" for d in get_shape_list(ids)]]
s = tf.Session(); s.run(tf.global_variables_initializer())
feed = {ids: IDS6[:, :5], mask: MASK6[:, :5]}
R({"seq": model.get_sequence_output(), "pooled": model.get_pooled_output(), "am": am,
   "act": gelu(tf.constant([-3.0, -0.5, 0.0, 0.7, 2.0]))}, feed=feed, sess=s)
""",
    # A classifier fine-tuned from a pre-trained checkpoint: TF writes the checkpoint,
    # init_from_checkpoint maps bert/ onto the new graph, the head starts fresh.
    "bert_finetune_from_checkpoint": BERT
    + r"""
d = tempfile.mkdtemp()
cfg = dict(CFG32, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
config = BertConfig.from_dict(cfg)
with tf.Graph().as_default():
    tf.set_random_seed(25)
    BertModel(config=config, is_training=False, input_ids=tf.constant(IDS6))
    with tf.Session() as s1:
        s1.run(tf.global_variables_initializer())
        path = tf.train.Saver().save(s1, os.path.join(d, "bert_model.ckpt"))
tf.set_random_seed(26)
(total_loss, per_example_loss, logits, probabilities) = create_model(
    config, True, tf.constant(IDS6), tf.constant(MASK6), tf.constant(SEG6),
    tf.constant(LABELS), 3, False)
tvars = tf.trainable_variables()
(assignment_map, initialized_variable_names) = get_assignment_map_from_checkpoint(tvars, path)
tf.train.init_from_checkpoint(path, assignment_map)
out["fresh"] = [v.name for v in tvars if v.name not in initialized_variable_names]
# (no warmup and a decay too long to move float32: see bert_classifier_finetune)
train_op, lr = create_optimizer(total_loss, 1e-3, num_train_steps=10**9, num_warmup_steps=0,
                                use_tpu=False)
s = tf.Session(); s.run(tf.global_variables_initializer())
out["restored"] = bool(np.allclose(s.run(tvars[0]), tf.train.load_variable(path, tvars[0].op.name)))
hist = []
for _ in range(5):
    hist.append(float(s.run(total_loss))); s.run(train_op)
out["hist"] = hist
R({"probs": probabilities}, sess=s)
""",
}

# openai/gpt-2: src/model.py and src/sample.py, re-typed (HParams is contrib.training's).
GPT2 = r"""
HParams = contrib.training.HParams

def default_hparams():
    return HParams(n_vocab=0, n_ctx=1024, n_embd=768, n_head=12, n_layer=12)

def shape_list(x):
    static = x.shape.as_list()
    dynamic = tf.shape(x)
    return [dynamic[i] if s is None else s for i, s in enumerate(static)]

def softmax(x, axis=-1):
    x = x - tf.reduce_max(x, axis=axis, keepdims=True)
    ex = tf.exp(x)
    return ex / tf.reduce_sum(ex, axis=axis, keepdims=True)

def gelu(x):
    return 0.5*x*(1+tf.tanh(np.sqrt(2/np.pi)*(x+0.044715*tf.pow(x, 3))))

def norm(x, scope, *, axis=-1, epsilon=1e-5):
    with tf.variable_scope(scope):
        n_state = x.shape[-1].value
        g = tf.get_variable('g', [n_state], initializer=tf.constant_initializer(1))
        b = tf.get_variable('b', [n_state], initializer=tf.constant_initializer(0))
        u = tf.reduce_mean(x, axis=axis, keepdims=True)
        s = tf.reduce_mean(tf.square(x-u), axis=axis, keepdims=True)
        x = (x - u) * tf.rsqrt(s + epsilon)
        x = x*g + b
        return x

def split_states(x, n):
    *start, m = shape_list(x)
    return tf.reshape(x, start + [n, m//n])

def merge_states(x):
    *start, a, b = shape_list(x)
    return tf.reshape(x, start + [a*b])

def conv1d(x, scope, nf, *, w_init_stdev=0.02):
    with tf.variable_scope(scope):
        *start, nx = shape_list(x)
        w = tf.get_variable('w', [1, nx, nf], initializer=tf.random_normal_initializer(stddev=w_init_stdev))
        b = tf.get_variable('b', [nf], initializer=tf.constant_initializer(0))
        c = tf.reshape(tf.matmul(tf.reshape(x, [-1, nx]), tf.reshape(w, [-1, nf]))+b, start+[nf])
        return c

def attention_mask(nd, ns, *, dtype):
    i = tf.range(nd)[:,None]
    j = tf.range(ns)
    m = i >= j - ns + nd
    return tf.cast(m, dtype)

def attn(x, scope, n_state, *, past, hparams):
    assert x.shape.ndims == 3
    assert n_state % hparams.n_head == 0
    if past is not None:
        assert past.shape.ndims == 5
    def split_heads(x):
        return tf.transpose(split_states(x, hparams.n_head), [0, 2, 1, 3])
    def merge_heads(x):
        return merge_states(tf.transpose(x, [0, 2, 1, 3]))
    def mask_attn_weights(w):
        _, _, nd, ns = shape_list(w)
        b = attention_mask(nd, ns, dtype=w.dtype)
        b = tf.reshape(b, [1, 1, nd, ns])
        w = w*b - tf.cast(1e10, w.dtype)*(1-b)
        return w
    def multihead_attn(q, k, v):
        w = tf.matmul(q, k, transpose_b=True)
        w = w * tf.rsqrt(tf.cast(v.shape[-1].value, w.dtype))
        w = mask_attn_weights(w)
        w = softmax(w)
        a = tf.matmul(w, v)
        return a
    with tf.variable_scope(scope):
        c = conv1d(x, 'c_attn', n_state*3)
        q, k, v = map(split_heads, tf.split(c, 3, axis=2))
        present = tf.stack([k, v], axis=1)
        if past is not None:
            pk, pv = tf.unstack(past, axis=1)
            k = tf.concat([pk, k], axis=-2)
            v = tf.concat([pv, v], axis=-2)
        a = multihead_attn(q, k, v)
        a = merge_heads(a)
        a = conv1d(a, 'c_proj', n_state)
        return a, present

def mlp(x, scope, n_state, *, hparams):
    with tf.variable_scope(scope):
        nx = x.shape[-1].value
        h = gelu(conv1d(x, 'c_fc', n_state))
        h2 = conv1d(h, 'c_proj', nx)
        return h2

def block(x, scope, *, past, hparams):
    with tf.variable_scope(scope):
        nx = x.shape[-1].value
        a, present = attn(norm(x, 'ln_1'), 'attn', nx, past=past, hparams=hparams)
        x = x + a
        m = mlp(norm(x, 'ln_2'), 'mlp', nx*4, hparams=hparams)
        x = x + m
        return x, present

def past_shape(*, hparams, batch_size=None, sequence=None):
    return [batch_size, hparams.n_layer, 2, hparams.n_head, sequence, hparams.n_embd // hparams.n_head]

def expand_tile(value, size):
    value = tf.convert_to_tensor(value, name='value')
    ndims = value.shape.ndims
    return tf.tile(tf.expand_dims(value, axis=0), [size] + [1]*ndims)

def positions_for(tokens, past_length):
    batch_size = tf.shape(tokens)[0]
    nsteps = tf.shape(tokens)[1]
    return expand_tile(past_length + tf.range(nsteps), batch_size)

def model(hparams, X, past=None, scope='model', reuse=False):
    with tf.variable_scope(scope, reuse=reuse):
        results = {}
        batch, sequence = shape_list(X)
        wpe = tf.get_variable('wpe', [hparams.n_ctx, hparams.n_embd],
                              initializer=tf.random_normal_initializer(stddev=0.01))
        wte = tf.get_variable('wte', [hparams.n_vocab, hparams.n_embd],
                              initializer=tf.random_normal_initializer(stddev=0.02))
        past_length = 0 if past is None else tf.shape(past)[-2]
        h = tf.gather(wte, X) + tf.gather(wpe, positions_for(X, past_length))
        presents = []
        pasts = tf.unstack(past, axis=1) if past is not None else [None] * hparams.n_layer
        assert len(pasts) == hparams.n_layer
        for layer, past in enumerate(pasts):
            h, present = block(h, 'h%d' % layer, past=past, hparams=hparams)
            presents.append(present)
        results['present'] = tf.stack(presents, axis=1)
        h = norm(h, 'ln_f')
        h_flat = tf.reshape(h, [batch*sequence, hparams.n_embd])
        logits = tf.matmul(h_flat, wte, transpose_b=True)
        logits = tf.reshape(logits, [batch, sequence, hparams.n_vocab])
        results['logits'] = logits
        return results

def top_k_logits(logits, k):
    if k == 0:
        return logits
    def _top_k():
        values, _ = tf.nn.top_k(logits, k=k)
        min_values = values[:, -1, tf.newaxis]
        return tf.where(logits < min_values, tf.ones_like(logits, dtype=logits.dtype) * -1e10, logits)
    return tf.cond(tf.equal(k, 0), lambda: logits, lambda: _top_k())

def top_p_logits(logits, p):
    batch, _ = logits.shape.as_list()
    sorted_logits = tf.sort(logits, direction='DESCENDING', axis=-1)
    cumulative_probs = tf.cumsum(tf.nn.softmax(sorted_logits, axis=-1), axis=-1)
    indices = tf.stack([
        tf.range(0, batch),
        tf.maximum(tf.reduce_sum(tf.cast(cumulative_probs <= p, tf.int32), axis=-1) - 1, 0),
    ], axis=-1)
    min_values = tf.gather_nd(sorted_logits, indices)
    return tf.where(logits < min_values, tf.ones_like(logits) * -1e10, logits)

def sample_sequence(*, hparams, length, start_token=None, batch_size=None, context=None,
                    temperature=1, top_k=0, top_p=1):
    if start_token is None:
        assert context is not None, 'Specify exactly one of start_token and context!'
    else:
        assert context is None, 'Specify exactly one of start_token and context!'
        context = tf.fill([batch_size, 1], start_token)
    def step(hparams, tokens, past=None):
        lm_output = model(hparams=hparams, X=tokens, past=past, reuse=tf.AUTO_REUSE)
        logits = lm_output['logits'][:, :, :hparams.n_vocab]
        presents = lm_output['present']
        presents.set_shape(past_shape(hparams=hparams, batch_size=batch_size))
        return {'logits': logits, 'presents': presents}
    with tf.name_scope('sample_sequence'):
        def body(past, prev, output):
            next_outputs = step(hparams, prev, past=past)
            logits = next_outputs['logits'][:, -1, :] / tf.to_float(temperature)
            logits = top_k_logits(logits, k=top_k)
            logits = top_p_logits(logits, p=top_p)
            samples = tf.multinomial(logits, num_samples=1, output_dtype=tf.int32)
            return [
                next_outputs['presents'] if past is None else tf.concat([past, next_outputs['presents']], axis=-2),
                samples,
                tf.concat([output, samples], axis=1)
            ]
        past, prev, output = body(None, context, context)
        def cond(*args):
            return True
        _, _, tokens = tf.while_loop(
            cond=cond, body=body,
            maximum_iterations=length - 1,
            loop_vars=[past, prev, output],
            shape_invariants=[
                tf.TensorShape(past_shape(hparams=hparams, batch_size=batch_size)),
                tf.TensorShape([batch_size, None]),
                tf.TensorShape([batch_size, None]),
            ],
            back_prop=False,
        )
        return tokens

hparams = default_hparams()
hparams.override_from_dict(dict(n_vocab=13, n_ctx=12, n_embd=16, n_head=2, n_layer=2))
CTX = np.array([[3, 7, 1, 12], [5, 5, 0, 9]], np.int32)
"""

GPT2_PROGRAMS = {
    # A forward pass: logits and the presents every layer hands to the next step.
    "gpt2_model_forward": GPT2
    + r"""
tf.set_random_seed(31)
X = tf.placeholder(tf.int32, [None, None])
res = model(hparams=hparams, X=X)
out["names"] = [v.name for v in tf.trainable_variables()][:8]
out["n_vars"] = len(tf.trainable_variables())
out["present_shape"] = res['present'].shape.as_list()
s = tf.Session(); s.run(tf.global_variables_initializer())
R({"logits": res['logits'], "present": res['present']}, feed={X: CTX}, sess=s)
out["hparams"] = sorted(hparams.values().items())
""",
    # Decoding one token at a time with `past` gives the full pass's last logits.
    "gpt2_past_matches_full_pass": GPT2
    + r"""
tf.set_random_seed(32)
full = model(hparams=hparams, X=tf.constant(CTX))
first = model(hparams=hparams, X=tf.constant(CTX[:, :3]), reuse=True)
nxt = model(hparams=hparams, X=tf.constant(CTX[:, 3:]), past=first['present'], reuse=True)
s = tf.Session(); s.run(tf.global_variables_initializer())
f, n = s.run([full['logits'], nxt['logits']])
out["same"] = bool(np.allclose(f[:, 3], n[:, 0], atol=1e-5))
R({"next": nxt['logits'], "present": nxt['present']}, sess=s)
""",
    # sample.py's while_loop with top_k=1: greedy, the same tokens whatever the sampler
    # draws. (Its top_p_logits compares [batch, vocab] logits with [batch] minima: it runs
    # for a batch of one only, as gpt2_top_p_filter records.)
    "gpt2_sample_greedy_top1": GPT2
    + r"""
tf.set_random_seed(33)
tokens = sample_sequence(hparams=hparams, length=6, context=tf.constant(CTX[:1]), batch_size=1,
                         temperature=0.7, top_k=1)
out["shape"] = tokens.shape.as_list()
s = tf.Session(); s.run(tf.global_variables_initializer())
out["tokens"] = s.run(tokens).tolist()
out["names"] = sorted({v.op.name.split('/')[0] for v in tf.global_variables()})
""",
    # Seeded sampling with top_k=4 from a start token: TF's multinomial draws, run after
    # run. sample.py as first released had no nucleus filter; the later one's at its
    # default p=1 keeps or drops the least likely token as a float32 cumsum of softmax ends
    # at or one ulp above 1 (TF's exp is Eigen's, docs/engine.md), so it is left out here.
    "gpt2_sample_seeded_topk": GPT2
    + r"""
first_release_top_p_logits = lambda logits, p: logits
top_p_logits, later_top_p_logits = first_release_top_p_logits, top_p_logits
tf.set_random_seed(34)
tokens = sample_sequence(hparams=hparams, length=5, start_token=2, batch_size=1,
                         temperature=1.0, top_k=4)
top_p_logits = later_top_p_logits
nucleus = sample_sequence(hparams=hparams, length=4, context=tf.constant(CTX[1:]),
                          batch_size=1, temperature=0.8, top_p=0.6)
s = tf.Session(); s.run(tf.global_variables_initializer())
out["tokens"] = [s.run(tokens).tolist() for _ in range(5)]
out["nucleus"] = [s.run(nucleus).tolist() for _ in range(5)]
""",
    # The nucleus filter (top_p) of the later sample.py, for one row at a time.
    "gpt2_top_p_filter": GPT2
    + r"""
logits = tf.constant([[2.0, 1.0, 0.5, -1.0, 3.0, 0.0]])
s = tf.Session()
for p in (1.0, 0.9, 0.5, 0.1):
    out["p%s" % p] = s.run(top_p_logits(logits, p)).tolist()
out["k2"] = s.run(top_k_logits(tf.constant([[2.0, 1.0, 0.5], [0.0, 4.0, 4.0]]), 2)).tolist()
out["batch_of_two"] = raises(lambda: top_p_logits(tf.zeros([2, 6]), 0.9))
out["batch_of_six"] = s.run(top_p_logits(tf.reshape(tf.range(36.0), [6, 6]) % 7.0, 0.5)).tolist()
""",
}

# affinelayer/pix2pix-tensorflow: load_examples' transform and the summaries' convert
# (tf1_codebases has its model and training step).
P2P_PROGRAMS = {
    "p2p_transform_and_convert": r"""
CROP_SIZE = 8
class A: pass
a = A(); a.flip = True; a.scale_size = 10
seed = 7
tf.set_random_seed(35)
def preprocess(image):
    with tf.name_scope("preprocess"):
        return image * 2 - 1
def deprocess(image):
    with tf.name_scope("deprocess"):
        return (image + 1) / 2
def transform(image):
    r = image
    if a.flip:
        r = tf.image.random_flip_left_right(r, seed=seed)
    r = tf.image.resize_images(r, [a.scale_size, a.scale_size], method=tf.image.ResizeMethod.AREA)
    offset = tf.cast(tf.floor(tf.random_uniform([2], 0, a.scale_size - CROP_SIZE + 1, seed=seed)), dtype=tf.int32)
    if a.scale_size > CROP_SIZE:
        r = tf.image.crop_to_bounding_box(r, offset[0], offset[1], CROP_SIZE, CROP_SIZE)
    elif a.scale_size < CROP_SIZE:
        raise Exception("scale size cannot be less than crop size")
    return r
raw = np.random.RandomState(35).uniform(0, 1, (6, 12, 3)).astype(np.float32)
raw_input = tf.image.convert_image_dtype(tf.constant((raw * 255).astype(np.uint8)), dtype=tf.float32)
raw_input.set_shape([None, None, 3])
width = tf.shape(raw_input)[1]
a_images = preprocess(raw_input[:, :width//2, :])
b_images = preprocess(raw_input[:, width//2:, :])
with tf.name_scope("input_images"):
    input_images = transform(a_images)
with tf.name_scope("target_images"):
    target_images = transform(b_images)
def convert(image):
    return tf.image.convert_image_dtype(image, dtype=tf.uint8, saturate=True)
converted = convert(deprocess(tf.expand_dims(input_images, 0)))
pngs = tf.map_fn(tf.image.encode_png, converted, dtype=tf.string, name="input_pngs")
back = tf.image.decode_png(pngs[0])
out["shapes"] = [input_images.shape.as_list(), converted.shape.as_list(), pngs.shape.as_list()]
s = tf.Session()
R({"inp": input_images, "tgt": target_images, "u8": converted, "back": back}, sess=s)
R({"inp2": input_images, "tgt2": target_images}, sess=s)
""",
}

# lengstrom/fast-style-transfer (src/transform.py, src/vgg.py, src/optimize.py) and
# anishathalye/neural-style (stylize.py), re-typed over a VGG of seeded constants.
STYLE = r"""
WEIGHTS_INIT_STDEV = .1
_RS = np.random.RandomState(40)
VGG_LAYERS = ('conv1_1', 'relu1_1', 'conv1_2', 'relu1_2', 'pool1',
              'conv2_1', 'relu2_1', 'conv2_2', 'relu2_2', 'pool2', 'conv3_1', 'relu3_1')
_DEPTH = {'1': 4, '2': 6, '3': 8}
VGG_WEIGHTS = {}
_c = 3
for _name in VGG_LAYERS:
    if _name.startswith('conv'):
        _d = _DEPTH[_name[4]]
        VGG_WEIGHTS[_name] = (_RS.normal(0, 0.2, (3, 3, _c, _d)).astype(np.float32),
                              _RS.normal(0, 0.1, (_d,)).astype(np.float32))
        _c = _d
MEAN_PIXEL = np.array([123.68, 116.779, 103.939])

def vgg_net(input_image, pooling='max'):
    net = {}
    current = input_image
    for i, name in enumerate(VGG_LAYERS):
        kind = name[:4]
        if kind == 'conv':
            kernels, bias = VGG_WEIGHTS[name]
            current = _vgg_conv_layer(current, kernels, bias)
        elif kind == 'relu':
            current = tf.nn.relu(current)
        elif kind == 'pool':
            current = _vgg_pool_layer(current, pooling)
        net[name] = current
    assert len(net) == len(VGG_LAYERS)
    return net

def _vgg_conv_layer(input, weights, bias):
    conv = tf.nn.conv2d(input, tf.constant(weights), strides=(1, 1, 1, 1), padding='SAME')
    return tf.nn.bias_add(conv, bias)

def _vgg_pool_layer(input, pooling='max'):
    if pooling == 'avg':
        return tf.nn.avg_pool(input, ksize=(1, 2, 2, 1), strides=(1, 2, 2, 1), padding='SAME')
    return tf.nn.max_pool(input, ksize=(1, 2, 2, 1), strides=(1, 2, 2, 1), padding='SAME')

def vgg_preprocess(image):
    return image - MEAN_PIXEL

def transform_net(image):
    conv1 = _conv_layer(image, 4, 9, 1)
    conv2 = _conv_layer(conv1, 6, 3, 2)
    conv3 = _conv_layer(conv2, 8, 3, 2)
    resid1 = _residual_block(conv3, 3)
    resid2 = _residual_block(resid1, 3)
    conv_t1 = _conv_tranpose_layer(resid2, 6, 3, 2)
    conv_t2 = _conv_tranpose_layer(conv_t1, 4, 3, 2)
    conv_t3 = _conv_layer(conv_t2, 3, 9, 1, relu=False)
    preds = tf.nn.tanh(conv_t3) * 150 + 255./2
    return preds

def _conv_layer(net, num_filters, filter_size, strides, relu=True):
    weights_init = _conv_init_vars(net, num_filters, filter_size)
    strides_shape = [1, strides, strides, 1]
    net = tf.nn.conv2d(net, weights_init, strides_shape, padding='SAME')
    net = _instance_norm(net)
    if relu:
        net = tf.nn.relu(net)
    return net

def _conv_tranpose_layer(net, num_filters, filter_size, strides):
    weights_init = _conv_init_vars(net, num_filters, filter_size, transpose=True)
    batch_size, rows, cols, in_channels = [i.value for i in net.get_shape()]
    new_rows, new_cols = int(rows * strides), int(cols * strides)
    new_shape = [batch_size, new_rows, new_cols, num_filters]
    tf_shape = tf.stack(new_shape)
    strides_shape = [1,strides,strides,1]
    net = tf.nn.conv2d_transpose(net, weights_init, tf_shape, strides_shape, padding='SAME')
    net = _instance_norm(net)
    return tf.nn.relu(net)

def _residual_block(net, filter_size=3):
    tmp = _conv_layer(net, 8, filter_size, 1)
    return net + _conv_layer(tmp, 8, filter_size, 1, relu=False)

def _instance_norm(net, train=True):
    batch, rows, cols, channels = [i.value for i in net.get_shape()]
    var_shape = [channels]
    mu, sigma_sq = tf.nn.moments(net, [1,2], keep_dims=True)
    shift = tf.Variable(tf.zeros(var_shape))
    scale = tf.Variable(tf.ones(var_shape))
    epsilon = 1e-3
    normalized = (net-mu)/(sigma_sq + epsilon)**(.5)
    return scale * normalized + shift

def _conv_init_vars(net, out_channels, filter_size, transpose=False):
    _, rows, cols, in_channels = [i.value for i in net.get_shape()]
    if not transpose:
        weights_shape = [filter_size, filter_size, in_channels, out_channels]
    else:
        weights_shape = [filter_size, filter_size, out_channels, in_channels]
    weights_init = tf.Variable(tf.truncated_normal(weights_shape, stddev=WEIGHTS_INIT_STDEV, seed=1), dtype=tf.float32)
    return weights_init

def _tensor_size(tensor):
    from operator import mul
    return functools.reduce(mul, (d.value for d in tensor.get_shape()[1:]), 1)

STYLE_LAYERS = ('relu1_1', 'relu2_1', 'relu3_1')
CONTENT_LAYER = 'relu2_2'
"""

STYLE_PROGRAMS = {
    # optimize.py: style Grams precomputed in numpy from their own session, content
    # features through the same VGG, the transform net trained 3 Adam steps.
    "style_fast_transfer_train": STYLE
    + r"""
tf.set_random_seed(41)
rs = np.random.RandomState(41)
style_target = rs.uniform(0, 255, (8, 8, 3)).astype(np.float32)
content = rs.uniform(0, 255, (2, 8, 8, 3)).astype(np.float32)
content_weight, style_weight, tv_weight, batch_size = 7.5e0, 1e2, 2e2, 2
style_features = {}
batch_shape = (batch_size, 8, 8, 3)
style_shape = (1,) + style_target.shape
with tf.Graph().as_default(), tf.Session() as sess:
    style_image = tf.placeholder(tf.float32, shape=style_shape, name='style_image')
    style_image_pre = vgg_preprocess(style_image)
    net = vgg_net(style_image_pre)
    style_pre = np.array([style_target])
    for layer in STYLE_LAYERS:
        features = net[layer].eval(feed_dict={style_image: style_pre})
        features = np.reshape(features, (-1, features.shape[3]))
        gram = np.matmul(features.T, features) / features.size
        style_features[layer] = gram
X_content = tf.placeholder(tf.float32, shape=batch_shape, name="X_content")
X_pre = vgg_preprocess(X_content)
content_features = {}
content_net = vgg_net(X_pre)
content_features[CONTENT_LAYER] = content_net[CONTENT_LAYER]
preds = transform_net(X_content/255.0)
preds_pre = vgg_preprocess(preds)
net = vgg_net(preds_pre)
content_size = _tensor_size(content_features[CONTENT_LAYER])*batch_size
assert _tensor_size(content_features[CONTENT_LAYER]) == _tensor_size(net[CONTENT_LAYER])
content_loss = content_weight * (2 * tf.nn.l2_loss(net[CONTENT_LAYER] - content_features[CONTENT_LAYER]) / content_size)
style_losses = []
for style_layer in STYLE_LAYERS:
    layer = net[style_layer]
    bs, height, width, filters = map(lambda i:i.value,layer.get_shape())
    size = height * width * filters
    feats = tf.reshape(layer, (bs, height * width, filters))
    feats_T = tf.transpose(feats, perm=[0,2,1])
    grams = tf.matmul(feats_T, feats) / size
    style_gram = style_features[style_layer]
    style_losses.append(2 * tf.nn.l2_loss(grams - style_gram)/style_gram.size)
style_loss = style_weight * functools.reduce(tf.add, style_losses) / batch_size
tv_y_size = _tensor_size(preds[:,1:,:,:])
tv_x_size = _tensor_size(preds[:,:,1:,:])
y_tv = tf.nn.l2_loss(preds[:,1:,:,:] - preds[:,:batch_shape[1]-1,:,:])
x_tv = tf.nn.l2_loss(preds[:,:,1:,:] - preds[:,:,:batch_shape[2]-1,:])
tv_loss = tv_weight*2*(x_tv/tv_x_size + y_tv/tv_y_size)/batch_size
loss = content_loss + style_loss + tv_loss
train_step = tf.train.AdamOptimizer(1e-2).minimize(loss)
out["n_vars"] = len(tf.trainable_variables())
out["var_names"] = [v.op.name for v in tf.trainable_variables()][:6]
s = tf.Session(); s.run(tf.global_variables_initializer())
hist = []
for _ in range(3):
    hist.append([float(x) for x in s.run([content_loss, style_loss, tv_loss], {X_content: content})])
    s.run(train_step, {X_content: content})
out["hist"] = hist
out["style_grams"] = {k: L(v) for k, v in sorted(style_features.items())}
R({"preds": preds}, feed={X_content: content}, sess=s)
""",
    # neural-style's stylize(): the image is the variable, average pooling, layer weights
    # by an exponent, style blend weights, Adam on the image.
    "style_neural_style_optimize_image": STYLE
    + r"""
tf.set_random_seed(42)
rs = np.random.RandomState(42)
content = rs.uniform(0, 255, (8, 8, 3)).astype(np.float32)
styles = [rs.uniform(0, 255, (8, 8, 3)).astype(np.float32), rs.uniform(0, 255, (4, 4, 3)).astype(np.float32)]
style_blend_weights = [0.7, 0.3]
content_weight, content_weight_blend, style_weight, tv_weight = 5e0, 1.0, 5e2, 1e2
style_layer_weight_exp = 1.5
pooling = 'avg'
CONTENT_LAYERS = ('relu1_2', 'relu2_2')
shape = (1,) + content.shape
style_shapes = [(1,) + style.shape for style in styles]
content_features = {}
style_features = [{} for _ in styles]
layer_weight = 1.0
style_layers_weights = {}
for style_layer in STYLE_LAYERS:
    style_layers_weights[style_layer] = layer_weight
    layer_weight *= style_layer_weight_exp
layer_weights_sum = 0
for style_layer in STYLE_LAYERS:
    layer_weights_sum += style_layers_weights[style_layer]
for style_layer in STYLE_LAYERS:
    style_layers_weights[style_layer] /= layer_weights_sum
g = tf.Graph()
with g.as_default(), tf.Session() as sess:
    image = tf.placeholder('float', shape=shape)
    net = vgg_net(image, pooling)
    content_pre = np.array([vgg_preprocess(content)])
    for layer in CONTENT_LAYERS:
        content_features[layer] = net[layer].eval(feed_dict={image: content_pre})
for i in range(len(styles)):
    g = tf.Graph()
    with g.as_default(), tf.Session() as sess:
        image = tf.placeholder('float', shape=style_shapes[i])
        net = vgg_net(image, pooling)
        style_pre = np.array([vgg_preprocess(styles[i])])
        for layer in STYLE_LAYERS:
            features = net[layer].eval(feed_dict={image: style_pre})
            features = np.reshape(features, (-1, features.shape[3]))
            gram = np.matmul(features.T, features) / features.size
            style_features[i][layer] = gram
initial = tf.random_normal(shape) * 0.256
image = tf.Variable(initial)
net = vgg_net(image, pooling)
content_layers_weights = {}
content_layers_weights['relu1_2'] = content_weight_blend
content_layers_weights['relu2_2'] = 1.0 - content_weight_blend
content_loss = 0
content_losses = []
for content_layer in CONTENT_LAYERS:
    content_losses.append(content_layers_weights[content_layer] * content_weight * (2 * tf.nn.l2_loss(
            net[content_layer] - content_features[content_layer]) /
            content_features[content_layer].size))
content_loss += functools.reduce(tf.add, content_losses)
style_loss = 0
for i in range(len(styles)):
    style_losses = []
    for style_layer in STYLE_LAYERS:
        layer = net[style_layer]
        _, height, width, number = map(lambda i: i.value, layer.get_shape())
        size = height * width * number
        feats = tf.reshape(layer, (-1, number))
        gram = tf.matmul(tf.transpose(feats), feats) / size
        style_gram = style_features[i][style_layer]
        style_losses.append(style_layers_weights[style_layer] * 2 * tf.nn.l2_loss(gram - style_gram) / style_gram.size)
    style_loss += style_weight * style_blend_weights[i] * functools.reduce(tf.add, style_losses)
tv_y_size = _tensor_size(image[:,1:,:,:])
tv_x_size = _tensor_size(image[:,:,1:,:])
tv_loss = tv_weight * 2 * (
        (tf.nn.l2_loss(image[:,1:,:,:] - image[:,:shape[1]-1,:,:]) / tv_y_size) +
        (tf.nn.l2_loss(image[:,:,1:,:] - image[:,:,:shape[2]-1,:]) / tv_x_size))
loss = content_loss + style_loss + tv_loss
train_step = tf.train.AdamOptimizer(1e1, 0.9, 0.999, 1e-08).minimize(loss)
s = tf.Session(); s.run(tf.global_variables_initializer())
hist = []
for _ in range(4):
    train_step.run(session=s)
    hist.append([float(x) for x in s.run([content_loss, style_loss, tv_loss, loss])])
out["hist"] = hist
R({"image": image}, sess=s)
""",
}

# sherjilozair/char-rnn-tensorflow: model.py, train.py's state feeds, sample.py.
CHARRNN = r"""
rnn = contrib.rnn
legacy_seq2seq = contrib.legacy_seq2seq

class Model():
    def __init__(self, args, training=True):
        self.args = args
        if not training:
            args.batch_size = 1
            args.seq_length = 1
        if args.model == 'rnn':
            cell_fn = rnn.BasicRNNCell
        elif args.model == 'gru':
            cell_fn = rnn.GRUCell
        elif args.model == 'lstm':
            cell_fn = rnn.BasicLSTMCell
        else:
            raise Exception("model type not supported: {}".format(args.model))
        cells = []
        for _ in range(args.num_layers):
            cell = cell_fn(args.rnn_size)
            if training and (args.output_keep_prob < 1.0 or args.input_keep_prob < 1.0):
                cell = rnn.DropoutWrapper(cell, input_keep_prob=args.input_keep_prob,
                                          output_keep_prob=args.output_keep_prob)
            cells.append(cell)
        self.cell = cell = rnn.MultiRNNCell(cells, state_is_tuple=True)
        self.input_data = tf.placeholder(tf.int32, [args.batch_size, args.seq_length])
        self.targets = tf.placeholder(tf.int32, [args.batch_size, args.seq_length])
        self.initial_state = cell.zero_state(args.batch_size, tf.float32)
        with tf.variable_scope('rnnlm'):
            softmax_w = tf.get_variable("softmax_w", [args.rnn_size, args.vocab_size])
            softmax_b = tf.get_variable("softmax_b", [args.vocab_size])
        embedding = tf.get_variable("embedding", [args.vocab_size, args.rnn_size])
        inputs = tf.nn.embedding_lookup(embedding, self.input_data)
        if training and args.output_keep_prob:
            inputs = tf.nn.dropout(inputs, args.output_keep_prob)
        inputs = tf.split(inputs, args.seq_length, 1)
        inputs = [tf.squeeze(input_, [1]) for input_ in inputs]
        def loop(prev, _):
            prev = tf.matmul(prev, softmax_w) + softmax_b
            prev_symbol = tf.stop_gradient(tf.argmax(prev, 1))
            return tf.nn.embedding_lookup(embedding, prev_symbol)
        outputs, last_state = legacy_seq2seq.rnn_decoder(inputs, self.initial_state, cell,
                                                         loop_function=loop if not training else None,
                                                         scope='rnnlm')
        output = tf.reshape(tf.concat(outputs, 1), [-1, args.rnn_size])
        self.logits = tf.matmul(output, softmax_w) + softmax_b
        self.probs = tf.nn.softmax(self.logits)
        loss = legacy_seq2seq.sequence_loss_by_example(
                [self.logits],
                [tf.reshape(self.targets, [-1])],
                [tf.ones([args.batch_size * args.seq_length])])
        with tf.name_scope('cost'):
            self.cost = tf.reduce_sum(loss) / args.batch_size / args.seq_length
        self.final_state = last_state
        self.lr = tf.Variable(0.0, trainable=False)
        tvars = tf.trainable_variables()
        grads, _ = tf.clip_by_global_norm(tf.gradients(self.cost, tvars), args.grad_clip)
        with tf.name_scope('optimizer'):
            optimizer = tf.train.AdamOptimizer(self.lr)
        self.train_op = optimizer.apply_gradients(zip(grads, tvars))

    def sample(self, sess, chars, vocab, num=200, prime='The ', sampling_type=1):
        state = sess.run(self.cell.zero_state(1, tf.float32))
        for char in prime[:-1]:
            x = np.zeros((1, 1))
            x[0, 0] = vocab[char]
            feed = {self.input_data: x, self.initial_state: state}
            [state] = sess.run([self.final_state], feed)
        def weighted_pick(weights):
            t = np.cumsum(weights)
            s = np.sum(weights)
            # int() of the one-element array the original takes: NumPy 2 wants a scalar.
            return(int(np.searchsorted(t, np.random.rand(1)*s)[0]))
        ret = prime
        char = prime[-1]
        for n in range(num):
            x = np.zeros((1, 1))
            x[0, 0] = vocab[char]
            feed = {self.input_data: x, self.initial_state: state}
            [probs, state] = sess.run([self.probs, self.final_state], feed)
            p = probs[0]
            if sampling_type == 0:
                sample = np.argmax(p)
            elif sampling_type == 2:
                if char == ' ':
                    sample = weighted_pick(p)
                else:
                    sample = np.argmax(p)
            else:
                sample = weighted_pick(p)
            pred = chars[sample]
            ret += pred
            char = pred
        return ret

TEXT = "the cat sat on the mat and the hat sat on the cat "
chars = tuple(sorted(set(TEXT)))
vocab = dict(zip(chars, range(len(chars))))
tensor = np.array(list(map(vocab.get, TEXT)))
def batches(batch_size, seq_length):
    n = len(tensor) // (batch_size * seq_length)
    xdata = tensor[:n * batch_size * seq_length]
    ydata = np.copy(xdata)
    ydata[:-1] = xdata[1:]
    ydata[-1] = xdata[0]
    xb = np.split(xdata.reshape(batch_size, -1), n, 1)
    yb = np.split(ydata.reshape(batch_size, -1), n, 1)
    return list(zip(xb, yb))
"""

CHARRNN_PROGRAMS = {
    # train.py: the learning rate assigned each epoch, the state carried between batches
    # by feeding each layer's (c, h); then a checkpoint.
    "charrnn_train_and_sample": CHARRNN
    + r"""
import tempfile, os
args = SimpleNamespace(model='lstm', rnn_size=8, num_layers=2, seq_length=5, batch_size=2,
                       vocab_size=len(chars), grad_clip=5., learning_rate=0.02, decay_rate=0.97,
                       output_keep_prob=1.0, input_keep_prob=1.0, num_epochs=3)
tf.set_random_seed(51)
model = Model(args)
out["tvars"] = [(v.op.name, v.shape.as_list()) for v in tf.trainable_variables()]
d = tempfile.mkdtemp()
hist = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver = tf.train.Saver(tf.global_variables())
    for e in range(args.num_epochs):
        sess.run(tf.assign(model.lr, args.learning_rate * (args.decay_rate ** e)))
        state = sess.run(model.initial_state)
        for x, y in batches(args.batch_size, args.seq_length):
            feed = {model.input_data: x, model.targets: y}
            for i, (c, h) in enumerate(model.initial_state):
                feed[c] = state[i].c
                feed[h] = state[i].h
            train_loss, state, _ = sess.run([model.cost, model.final_state, model.train_op], feed)
            hist.append(float(train_loss))
    path = saver.save(sess, os.path.join(d, 'model.ckpt'), global_step=7)
out["hist"] = hist
out["ckpt"] = os.path.basename(tf.train.latest_checkpoint(d))
g = tf.Graph()
with g.as_default():
    sample_model = Model(args, training=False)
    with tf.Session() as sess:
        tf.global_variables_initializer().run()
        saver = tf.train.Saver(tf.global_variables())
        ckpt = tf.train.get_checkpoint_state(d)
        saver.restore(sess, ckpt.model_checkpoint_path)
        np.random.seed(5)
        out["greedy"] = sample_model.sample(sess, chars, vocab, 12, 'the ', 0)
        out["picked"] = sample_model.sample(sess, chars, vocab, 12, 'the ', 1)
        out["spaces"] = sample_model.sample(sess, chars, vocab, 12, 'a ', 2)
        out["probs"] = L(sess.run(sample_model.probs, {sample_model.input_data: [[3]]}))
""",
    # The GRU model with dropout wrappers: keep probabilities below one draw masks.
    "charrnn_gru_dropout_loss": CHARRNN
    + r"""
args = SimpleNamespace(model='gru', rnn_size=6, num_layers=2, seq_length=4, batch_size=3,
                       vocab_size=len(chars), grad_clip=1., learning_rate=0.05,
                       output_keep_prob=0.8, input_keep_prob=0.9)
tf.set_random_seed(52)
model = Model(args)
s = tf.Session(); s.run(tf.global_variables_initializer())
s.run(tf.assign(model.lr, args.learning_rate))
x, y = batches(args.batch_size, args.seq_length)[0]
hist = []
for _ in range(3):
    hist.append(float(s.run([model.cost, model.train_op], {model.input_data: x, model.targets: y})[0]))
out["hist"] = hist
out["state_shapes"] = [t.shape.as_list() for t in model.final_state]
""",
}

# davidsandberg/facenet: src/facenet.py (triplet and center loss, train()) and a tiny
# inception_resnet_v1 (src/models) under its slim arg_scope.
FACENET = r"""
def triplet_loss(anchor, positive, negative, alpha):
    with tf.variable_scope('triplet_loss'):
        pos_dist = tf.reduce_sum(tf.square(tf.subtract(anchor, positive)), 1)
        neg_dist = tf.reduce_sum(tf.square(tf.subtract(anchor, negative)), 1)
        basic_loss = tf.add(tf.subtract(pos_dist,neg_dist), alpha)
        loss = tf.reduce_mean(tf.maximum(basic_loss, 0.0), 0)
    return loss

def center_loss(features, label, alfa, nrof_classes):
    nrof_features = features.get_shape()[1]
    centers = tf.get_variable('centers', [nrof_classes, nrof_features], dtype=tf.float32,
        initializer=tf.constant_initializer(0), trainable=False)
    label = tf.reshape(label, [-1])
    centers_batch = tf.gather(centers, label)
    diff = (1 - alfa) * (centers_batch - features)
    centers = tf.scatter_sub(centers, label, diff)
    with tf.control_dependencies([centers]):
        loss = tf.reduce_mean(tf.square(features - centers_batch))
    return loss, centers

def _add_loss_summaries(total_loss):
    loss_averages = tf.train.ExponentialMovingAverage(0.9, name='avg')
    losses = tf.get_collection('losses')
    loss_averages_op = loss_averages.apply(losses + [total_loss])
    for l in losses + [total_loss]:
        tf.summary.scalar(l.op.name +' (raw)', l)
        tf.summary.scalar(l.op.name, loss_averages.average(l))
    return loss_averages_op

def train(total_loss, global_step, optimizer, learning_rate, moving_average_decay, update_gradient_vars, log_histograms=True):
    loss_averages_op = _add_loss_summaries(total_loss)
    with tf.control_dependencies([loss_averages_op]):
        if optimizer=='ADAGRAD':
            opt = tf.train.AdagradOptimizer(learning_rate)
        elif optimizer=='ADADELTA':
            opt = tf.train.AdadeltaOptimizer(learning_rate, rho=0.9, epsilon=1e-6)
        elif optimizer=='ADAM':
            opt = tf.train.AdamOptimizer(learning_rate, beta1=0.9, beta2=0.999, epsilon=0.1)
        elif optimizer=='RMSPROP':
            opt = tf.train.RMSPropOptimizer(learning_rate, decay=0.9, momentum=0.9, epsilon=1.0)
        elif optimizer=='MOM':
            opt = tf.train.MomentumOptimizer(learning_rate, 0.9, use_nesterov=True)
        else:
            raise ValueError('Invalid optimization algorithm')
        grads = opt.compute_gradients(total_loss, update_gradient_vars)
    apply_gradient_op = opt.apply_gradients(grads, global_step=global_step)
    if log_histograms:
        for var in tf.trainable_variables():
            tf.summary.histogram(var.op.name, var)
    if log_histograms:
        for grad, var in grads:
            if grad is not None:
                tf.summary.histogram(var.op.name + '/gradients', grad)
    variable_averages = tf.train.ExponentialMovingAverage(moving_average_decay, global_step)
    variables_averages_op = variable_averages.apply(tf.trainable_variables())
    with tf.control_dependencies([apply_gradient_op, variables_averages_op]):
        train_op = tf.no_op(name='train')
    return train_op

def block35(net, scale=1.0, activation_fn=tf.nn.relu, scope=None, reuse=None):
    with tf.variable_scope(scope, 'Block35', [net], reuse=reuse):
        with tf.variable_scope('Branch_0'):
            tower_conv = slim.conv2d(net, 4, 1, scope='Conv2d_1x1')
        with tf.variable_scope('Branch_1'):
            tower_conv1_0 = slim.conv2d(net, 4, 1, scope='Conv2d_0a_1x1')
            tower_conv1_1 = slim.conv2d(tower_conv1_0, 4, 3, scope='Conv2d_0b_3x3')
        with tf.variable_scope('Branch_2'):
            tower_conv2_0 = slim.conv2d(net, 4, 1, scope='Conv2d_0a_1x1')
            tower_conv2_1 = slim.conv2d(tower_conv2_0, 4, 3, scope='Conv2d_0b_3x3')
            tower_conv2_2 = slim.conv2d(tower_conv2_1, 4, 3, scope='Conv2d_0c_3x3')
        mixed = tf.concat([tower_conv, tower_conv1_1, tower_conv2_2], 3)
        up = slim.conv2d(mixed, net.get_shape()[3], 1, normalizer_fn=None,
                         activation_fn=None, scope='Conv2d_1x1')
        net += scale * up
        if activation_fn:
            net = activation_fn(net)
    return net

def reduction_a(net, k, l, m, n):
    with tf.variable_scope('Branch_0'):
        tower_conv = slim.conv2d(net, n, 3, stride=2, padding='VALID', scope='Conv2d_1a_3x3')
    with tf.variable_scope('Branch_1'):
        tower_conv1_0 = slim.conv2d(net, k, 1, scope='Conv2d_0a_1x1')
        tower_conv1_1 = slim.conv2d(tower_conv1_0, l, 3, scope='Conv2d_0b_3x3')
        tower_conv1_2 = slim.conv2d(tower_conv1_1, m, 3, stride=2, padding='VALID', scope='Conv2d_1a_3x3')
    with tf.variable_scope('Branch_2'):
        tower_pool = slim.max_pool2d(net, 3, stride=2, padding='VALID', scope='MaxPool_1a_3x3')
    net = tf.concat([tower_conv, tower_conv1_2, tower_pool], 3)
    return net

def inception_resnet_v1(inputs, is_training=True, dropout_keep_prob=0.8, bottleneck_layer_size=128,
                        reuse=None, scope='InceptionResnetV1'):
    end_points = {}
    with tf.variable_scope(scope, 'InceptionResnetV1', [inputs], reuse=reuse):
        with slim.arg_scope([slim.batch_norm, slim.dropout], is_training=is_training):
            with slim.arg_scope([slim.conv2d, slim.max_pool2d, slim.avg_pool2d], stride=1, padding='SAME'):
                net = slim.conv2d(inputs, 8, 3, stride=2, padding='VALID', scope='Conv2d_1a_3x3')
                end_points['Conv2d_1a_3x3'] = net
                net = slim.repeat(net, 2, block35, scale=0.17)
                end_points['Mixed_5a'] = net
                with tf.variable_scope('Mixed_6a'):
                    net = reduction_a(net, 4, 4, 6, 6)
                end_points['Mixed_6a'] = net
                with tf.variable_scope('Logits'):
                    end_points['PrePool'] = net
                    net = slim.avg_pool2d(net, net.get_shape()[1:3], padding='VALID', scope='AvgPool_1a_8x8')
                    net = slim.flatten(net)
                    net = slim.dropout(net, dropout_keep_prob, is_training=is_training, scope='Dropout')
                    end_points['PreLogitsFlatten'] = net
                net = slim.fully_connected(net, bottleneck_layer_size, activation_fn=None,
                                           scope='Bottleneck', reuse=False)
    return net, end_points

def inference(images, keep_probability, phase_train=True, bottleneck_layer_size=128, weight_decay=0.0, reuse=None):
    batch_norm_params = {
        'decay': 0.995,
        'epsilon': 0.001,
        'updates_collections': None,
        'variables_collections': [ tf.GraphKeys.TRAINABLE_VARIABLES ],
    }
    with slim.arg_scope([slim.conv2d, slim.fully_connected],
                        weights_initializer=slim.initializers.xavier_initializer(),
                        weights_regularizer=slim.l2_regularizer(weight_decay),
                        normalizer_fn=slim.batch_norm,
                        normalizer_params=batch_norm_params):
        return inception_resnet_v1(images, is_training=phase_train,
              dropout_keep_prob=keep_probability, bottleneck_layer_size=bottleneck_layer_size,
              reuse=reuse)
"""

FACENET_PROGRAMS = {
    # train_tripletloss.py: embeddings l2-normalized, split into triplets; batch norm
    # updates in place (updates_collections None) with its statistics in TRAINABLE_VARIABLES;
    # phase_train a bool placeholder; facenet.train's loss and variable averages; ADAGRAD.
    "facenet_triplet_train": FACENET
    + r"""
tf.set_random_seed(61)
rs = np.random.RandomState(61)
images = rs.uniform(-1, 1, (6, 13, 13, 3)).astype(np.float32)
image_batch = tf.placeholder(tf.float32, [None, 13, 13, 3], name='image_batch')
phase_train_placeholder = tf.placeholder(tf.bool, name='phase_train')
learning_rate_placeholder = tf.placeholder(tf.float32, name='learning_rate')
global_step = tf.Variable(0, trainable=False)
prelogits, end_points = inference(image_batch, 0.8, phase_train=phase_train_placeholder,
                                  bottleneck_layer_size=5, weight_decay=1e-3)
embeddings = tf.nn.l2_normalize(prelogits, 1, 1e-10, name='embeddings')
anchor, positive, negative = tf.unstack(tf.reshape(embeddings, [-1,3,5]), 3, 1)
tl = triplet_loss(anchor, positive, negative, 0.2)
learning_rate = tf.train.exponential_decay(learning_rate_placeholder, global_step,
    2, 0.5, staircase=True)
regularization_losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
total_loss = tf.add_n([tl] + regularization_losses, name='total_loss')
train_op = train(total_loss, global_step, 'ADAGRAD', learning_rate, 0.9999, tf.global_variables())
summary_op = tf.summary.merge_all()
out["end_points"] = sorted(end_points)
out["n_trainable"] = len(tf.trainable_variables())
out["moving_in_trainable"] = sorted(v.op.name for v in tf.trainable_variables() if 'moving' in v.op.name)[:3]
out["n_reg"] = len(regularization_losses)
out["emb_shape"] = embeddings.shape.as_list()
s = tf.Session(); s.run(tf.global_variables_initializer())
hist = []
for _ in range(3):
    feed = {image_batch: images, phase_train_placeholder: True, learning_rate_placeholder: 0.1}
    l, _ = s.run([total_loss, train_op], feed)
    hist.append(float(l))
out["hist"] = hist
out["eval"] = L(s.run(embeddings, {image_batch: images, phase_train_placeholder: False}))
summ = tf.Summary.FromString(s.run(summary_op, {image_batch: images, phase_train_placeholder: False,
                                                learning_rate_placeholder: 0.1}))
out["summary_tags"] = sorted(v.tag for v in summ.value)
R({"gs": global_step, "lr": learning_rate}, feed={learning_rate_placeholder: 0.1}, sess=s)
""",
    # The same train() with each optimizer facenet offers, over a linear embedding with
    # center loss added to the 'losses' collection.
    "facenet_optimizers_center_loss": FACENET
    + r"""
rs = np.random.RandomState(62)
X = rs.normal(size=(8, 4)).astype(np.float32)
Y = np.array([0, 1, 2, 0, 1, 2, 0, 1], np.int64)
res = {}
for name in ['ADAGRAD', 'ADADELTA', 'ADAM', 'RMSPROP', 'MOM']:
    with tf.Graph().as_default():
        tf.set_random_seed(62)
        global_step = tf.Variable(0, trainable=False, name='global_step')
        w = tf.get_variable('w', [4, 3], initializer=tf.random_normal_initializer(stddev=0.5))
        prelogits = tf.matmul(tf.constant(X), w)
        logits = slim.fully_connected(prelogits, 3, activation_fn=None, scope='Logits')
        prelogits_center_loss, centers = center_loss(prelogits, tf.constant(Y), 0.95, 3)
        tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES, prelogits_center_loss * 0.5)
        cross_entropy = tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=tf.constant(Y), logits=logits, name='cross_entropy_per_example')
        cross_entropy_mean = tf.reduce_mean(cross_entropy, name='cross_entropy')
        tf.add_to_collection('losses', cross_entropy_mean)
        regularization_losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
        total_loss = tf.add_n([cross_entropy_mean] + regularization_losses, name='total_loss')
        train_op = train(total_loss, global_step, name, 0.1, 0.99, tf.global_variables(),
                         log_histograms=False)
        s = tf.Session(); s.run(tf.global_variables_initializer())
        hist = [float(s.run([total_loss, train_op])[0]) for _ in range(3)]
        # train()'s variable averages read the weights their update writes in the same run:
        # TF orders the two as it likes, so the averages are not stored.
        cvar = [v for v in tf.global_variables() if v.op.name == 'centers'][0]
        res[name] = [hist, L(s.run(w)), L(s.run(cvar))]
out["res"] = res
""",
}

# hill-a/stable-baselines: common/tf_layers.py, common/distributions.py, common/policies.py
# and the losses of a2c/a2c.py and ppo2/ppo2.py, re-typed.
SB = r"""
def ortho_init(scale=1.0):
    def _ortho_init(shape, *_, **_kwargs):
        shape = tuple(shape)
        if len(shape) == 2:
            flat_shape = shape
        elif len(shape) == 4:
            flat_shape = (np.prod(shape[:-1]), shape[-1])
        else:
            raise NotImplementedError
        gaussian_noise = np.random.normal(0.0, 1.0, flat_shape)
        u, _, v = np.linalg.svd(gaussian_noise, full_matrices=False)
        weights = u if u.shape == flat_shape else v
        weights = weights.reshape(shape)
        return (scale * weights[:shape[0], :shape[1]]).astype(np.float32)
    return _ortho_init

def conv(input_tensor, scope, *, n_filters, filter_size, stride, pad='VALID', init_scale=1.0,
         data_format='NHWC', one_dim_bias=False):
    if isinstance(filter_size, list) or isinstance(filter_size, tuple):
        assert len(filter_size) == 2
        filter_height = filter_size[0]
        filter_width = filter_size[1]
    else:
        filter_height = filter_size
        filter_width = filter_size
    if data_format == 'NHWC':
        channel_ax = 3
        strides = [1, stride, stride, 1]
        bshape = [1, 1, 1, n_filters]
    elif data_format == 'NCHW':
        channel_ax = 1
        strides = [1, 1, stride, stride]
        bshape = [1, n_filters, 1, 1]
    else:
        raise NotImplementedError
    bias_var_shape = [n_filters] if one_dim_bias else [1, n_filters, 1, 1]
    n_input = input_tensor.get_shape()[channel_ax].value
    wshape = [filter_height, filter_width, n_input, n_filters]
    with tf.variable_scope(scope):
        weight = tf.get_variable("w", wshape, initializer=ortho_init(init_scale))
        bias = tf.get_variable("b", bias_var_shape, initializer=tf.constant_initializer(0.0))
        if not one_dim_bias and data_format == 'NHWC':
            bias = tf.reshape(bias, bshape)
        return bias + tf.nn.conv2d(input_tensor, weight, strides=strides, padding=pad, data_format=data_format)

def linear(input_tensor, scope, n_hidden, *, init_scale=1.0, init_bias=0.0):
    with tf.variable_scope(scope):
        n_input = input_tensor.get_shape()[1].value
        weight = tf.get_variable("w", [n_input, n_hidden], initializer=ortho_init(init_scale))
        bias = tf.get_variable("b", [n_hidden], initializer=tf.constant_initializer(init_bias))
        return tf.matmul(input_tensor, weight) + bias

def conv_to_fc(input_tensor):
    n_hidden = np.prod([v.value for v in input_tensor.get_shape()[1:]])
    input_tensor = tf.reshape(input_tensor, [-1, n_hidden])
    return input_tensor

def small_cnn(scaled_images, **kwargs):
    activ = tf.nn.relu
    layer_1 = activ(conv(scaled_images, 'c1', n_filters=4, filter_size=4, stride=2, init_scale=np.sqrt(2), **kwargs))
    layer_2 = activ(conv(layer_1, 'c2', n_filters=6, filter_size=3, stride=1, init_scale=np.sqrt(2), **kwargs))
    layer_2 = conv_to_fc(layer_2)
    return activ(linear(layer_2, 'fc1', n_hidden=16, init_scale=np.sqrt(2)))

class CategoricalProbabilityDistribution(object):
    def __init__(self, logits):
        self.logits = logits
    def flatparam(self):
        return self.logits
    def mode(self):
        return tf.argmax(self.logits, axis=-1)
    def neglogp(self, x):
        one_hot_actions = tf.one_hot(x, self.logits.get_shape().as_list()[-1])
        return tf.nn.softmax_cross_entropy_with_logits_v2(
            logits=self.logits,
            labels=tf.stop_gradient(one_hot_actions))
    def kl(self, other):
        a_0 = self.logits - tf.reduce_max(self.logits, axis=-1, keepdims=True)
        a_1 = other.logits - tf.reduce_max(other.logits, axis=-1, keepdims=True)
        exp_a_0 = tf.exp(a_0)
        exp_a_1 = tf.exp(a_1)
        z_0 = tf.reduce_sum(exp_a_0, axis=-1, keepdims=True)
        z_1 = tf.reduce_sum(exp_a_1, axis=-1, keepdims=True)
        p_0 = exp_a_0 / z_0
        return tf.reduce_sum(p_0 * (a_0 - tf.log(z_0) - a_1 + tf.log(z_1)), axis=-1)
    def entropy(self):
        a_0 = self.logits - tf.reduce_max(self.logits, axis=-1, keepdims=True)
        exp_a_0 = tf.exp(a_0)
        z_0 = tf.reduce_sum(exp_a_0, axis=-1, keepdims=True)
        p_0 = exp_a_0 / z_0
        return tf.reduce_sum(p_0 * (tf.log(z_0) - a_0), axis=-1)
    def sample(self):
        uniform = tf.random_uniform(tf.shape(self.logits), dtype=self.logits.dtype)
        return tf.argmax(self.logits - tf.log(-tf.log(uniform)), axis=-1)

class DiagGaussianProbabilityDistribution(object):
    def __init__(self, flat):
        self.flat = flat
        mean, logstd = tf.split(axis=len(flat.shape) - 1, num_or_size_splits=2, value=flat)
        self.mean = mean
        self.logstd = logstd
        self.std = tf.exp(logstd)
    def mode(self):
        return self.mean
    def neglogp(self, x):
        return 0.5 * tf.reduce_sum(tf.square((x - self.mean) / self.std), axis=-1) \
               + 0.5 * np.log(2.0 * np.pi) * tf.cast(tf.shape(x)[-1], tf.float32) \
               + tf.reduce_sum(self.logstd, axis=-1)
    def entropy(self):
        return tf.reduce_sum(self.logstd + .5 * np.log(2.0 * np.pi * np.e), axis=-1)
    def sample(self):
        return self.mean + self.std * tf.random_normal(tf.shape(self.mean), dtype=self.mean.dtype)

def diag_gaussian_from_latent(pi_latent_vector, vf_latent_vector, size, init_scale=1.0, init_bias=0.0):
    mean = linear(pi_latent_vector, 'pi', size, init_scale=init_scale, init_bias=init_bias)
    logstd = tf.get_variable(name='pi/logstd', shape=[1, size], initializer=tf.zeros_initializer())
    pdparam = tf.concat([mean, mean * 0.0 + logstd], axis=1)
    q_values = linear(vf_latent_vector, 'q', size, init_scale=init_scale, init_bias=init_bias)
    return DiagGaussianProbabilityDistribution(pdparam), mean, q_values

def mlp_extractor(flat_observations, net_arch, act_fun):
    latent = flat_observations
    policy_only_layers = []
    value_only_layers = []
    for idx, layer in enumerate(net_arch):
        if isinstance(layer, int):
            layer_size = layer
            latent = act_fun(linear(latent, "shared_fc{}".format(idx), layer_size, init_scale=np.sqrt(2)))
        else:
            assert isinstance(layer, dict), "Error: the net_arch list can only contain ints and dicts"
            if 'pi' in layer:
                policy_only_layers = layer['pi']
            if 'vf' in layer:
                value_only_layers = layer['vf']
            break
    latent_policy = latent
    latent_value = latent
    for idx, (pi_layer_size, vf_layer_size) in enumerate(itertools.zip_longest(policy_only_layers, value_only_layers)):
        if pi_layer_size is not None:
            latent_policy = act_fun(linear(latent_policy, "pi_fc{}".format(idx), pi_layer_size, init_scale=np.sqrt(2)))
        if vf_layer_size is not None:
            latent_value = act_fun(linear(latent_value, "vf_fc{}".format(idx), vf_layer_size, init_scale=np.sqrt(2)))
    return latent_policy, latent_value

def outer_scope_getter(scope, new_scope=""):
    def _getter(getter, name, *args, **kwargs):
        name = name.replace(scope + "/", new_scope, 1)
        val = getter(name, *args, **kwargs)
        return val
    return _getter

def mse(pred, target):
    return tf.reduce_mean(tf.square(pred - target))

import itertools
"""

SB_PROGRAMS = {
    # A2C with a CNN policy: uint8 observations scaled, ortho_init weights from numpy's
    # seeded draws, the categorical distribution, RMSProp with clipped gradients.
    "sb_a2c_cnn_policy_train": SB
    + r"""
np.random.seed(71)
tf.set_random_seed(71)
n_batch, n_act = 6, 4
obs_ph = tf.placeholder(shape=(None, 10, 10, 2), dtype=tf.uint8, name="Ob")
processed_obs = tf.cast(obs_ph, tf.float32) / 255.
with tf.variable_scope("model", reuse=False):
    extracted = small_cnn(processed_obs)
    value_fn = linear(extracted, 'vf', 1)
    pi_logits = linear(extracted, 'pi', n_act, init_scale=0.01)
    pd = CategoricalProbabilityDistribution(pi_logits)
value_flat = value_fn[:, 0]
action = pd.sample()
deterministic_action = pd.mode()
action_ph = tf.placeholder(tf.int32, [None], name="action_ph")
advs_ph = tf.placeholder(tf.float32, [None], name="advs_ph")
rewards_ph = tf.placeholder(tf.float32, [None], name="rewards_ph")
learning_rate_ph = tf.placeholder(tf.float32, [], name="learning_rate_ph")
neglogpac = pd.neglogp(action_ph)
entropy = tf.reduce_mean(pd.entropy())
pg_loss = tf.reduce_mean(advs_ph * neglogpac)
vf_loss = mse(tf.squeeze(value_fn), rewards_ph)
loss = pg_loss - entropy * 0.01 + vf_loss * 0.25
with tf.variable_scope("model"):
    params = tf.trainable_variables()
grads = tf.gradients(loss, params)
grads, _ = tf.clip_by_global_norm(grads, 0.5)
grads = list(zip(grads, params))
trainer = tf.train.RMSPropOptimizer(learning_rate=learning_rate_ph, decay=0.99, epsilon=1e-5)
apply_backprop = trainer.apply_gradients(grads)
rs = np.random.RandomState(71)
obs = rs.randint(0, 256, (n_batch, 10, 10, 2)).astype(np.uint8)
acts = rs.randint(0, n_act, n_batch)
rews = rs.normal(size=n_batch).astype(np.float32)
s = tf.Session(); s.run(tf.global_variables_initializer())
out["names"] = [p.op.name for p in params]
hist = []
for step in range(4):
    values = s.run(value_flat, {obs_ph: obs})
    advs = rews - values
    td_map = {obs_ph: obs, action_ph: acts, advs_ph: advs, rewards_ph: rews, learning_rate_ph: 7e-3}
    policy_loss, value_loss, policy_entropy, _ = s.run([pg_loss, vf_loss, entropy, apply_backprop], td_map)
    hist.append([float(policy_loss), float(value_loss), float(policy_entropy)])
out["hist"] = hist
out["actions"] = s.run(action, {obs_ph: obs}).tolist()
out["actions2"] = s.run(action, {obs_ph: obs}).tolist()
R({"mode": deterministic_action, "logits": pi_logits}, feed={obs_ph: obs}, sess=s)
""",
    # PPO2 with an MLP policy: the act model and the train model share weights through
    # outer_scope_getter, a diagonal Gaussian over actions, clipped value loss, approxkl,
    # clipfrac, Adam with epsilon 1e-5.
    "sb_ppo2_mlp_gaussian_train": SB
    + r"""
np.random.seed(72)
tf.set_random_seed(72)
ob_dim, ac_dim = 3, 2
def build_policy(n_batch, reuse):
    obs_ph = tf.placeholder(tf.float32, (n_batch, ob_dim), name="input/Ob")
    with tf.variable_scope("model", reuse=reuse):
        pi_latent, vf_latent = mlp_extractor(tf.layers.flatten(obs_ph),
                                             [8, dict(vf=[8], pi=[6])], tf.tanh)
        value_fn = linear(vf_latent, 'vf', 1)
        pd, policy, q_value = diag_gaussian_from_latent(pi_latent, vf_latent, ac_dim, init_scale=0.01)
    return obs_ph, value_fn[:, 0], pd
with tf.variable_scope("train_model", reuse=False, custom_getter=outer_scope_getter("train_model")):
    act_obs, act_value, act_pd = build_policy(None, False)
with tf.variable_scope("train_model", reuse=True, custom_getter=outer_scope_getter("train_model")):
    train_obs, train_value, train_pd = build_policy(6, True)
action_ph = tf.placeholder(tf.float32, [None, ac_dim], name="action_ph")
advs_ph = tf.placeholder(tf.float32, [None], name="advs_ph")
rewards_ph = tf.placeholder(tf.float32, [None], name="rewards_ph")
old_neglog_pac_ph = tf.placeholder(tf.float32, [None], name="old_neglog_pac_ph")
old_vpred_ph = tf.placeholder(tf.float32, [None], name="old_vpred_ph")
learning_rate_ph = tf.placeholder(tf.float32, [], name="learning_rate_ph")
clip_range_ph = tf.placeholder(tf.float32, [], name="clip_range_ph")
neglogpac = train_pd.neglogp(action_ph)
entropy = tf.reduce_mean(train_pd.entropy())
vpred = train_value
vpredclipped = old_vpred_ph + tf.clip_by_value(train_value - old_vpred_ph, - clip_range_ph, clip_range_ph)
vf_losses1 = tf.square(vpred - rewards_ph)
vf_losses2 = tf.square(vpredclipped - rewards_ph)
vf_loss = .5 * tf.reduce_mean(tf.maximum(vf_losses1, vf_losses2))
ratio = tf.exp(old_neglog_pac_ph - neglogpac)
pg_losses = -advs_ph * ratio
pg_losses2 = -advs_ph * tf.clip_by_value(ratio, 1.0 - clip_range_ph, 1.0 + clip_range_ph)
pg_loss = tf.reduce_mean(tf.maximum(pg_losses, pg_losses2))
approxkl = .5 * tf.reduce_mean(tf.square(neglogpac - old_neglog_pac_ph))
clipfrac = tf.reduce_mean(tf.cast(tf.greater(tf.abs(ratio - 1.0), clip_range_ph), tf.float32))
loss = pg_loss - entropy * 0.01 + vf_loss * 0.5
with tf.variable_scope('model'):
    params = tf.trainable_variables()
grads = tf.gradients(loss, params)
grads, _grad_norm = tf.clip_by_global_norm(grads, 0.5)
grads = list(zip(grads, params))
trainer = tf.train.AdamOptimizer(learning_rate=learning_rate_ph, epsilon=1e-5)
_train = trainer.apply_gradients(grads)
out["names"] = [p.op.name for p in params]
rs = np.random.RandomState(72)
obs = rs.normal(size=(6, ob_dim)).astype(np.float32)
s = tf.Session(); s.run(tf.global_variables_initializer())
actions, values, neglogps = s.run([act_pd.sample(), act_value, act_pd.neglogp(act_pd.mode())], {act_obs: obs})
out["neglogp_mode"] = L(neglogps)
acts = rs.normal(size=(6, ac_dim)).astype(np.float32)
old_nlp = s.run(act_pd.neglogp(action_ph), {act_obs: obs, action_ph: acts})
rets = values + rs.normal(size=6).astype(np.float32)
advs = rets - values
advs = (advs - advs.mean()) / (advs.std() + 1e-8)
hist = []
for epoch in range(4):
    td_map = {train_obs: obs, action_ph: acts, advs_ph: advs, rewards_ph: rets,
              learning_rate_ph: 3e-2, clip_range_ph: 0.2, old_neglog_pac_ph: old_nlp,
              old_vpred_ph: values}
    hist.append([float(x) for x in s.run([pg_loss, vf_loss, entropy, approxkl, clipfrac, _grad_norm], td_map)])
    s.run(_train, td_map)
out["hist"] = hist
out["sampled"] = L(actions)
R({"logstd": [v for v in params if 'logstd' in v.op.name][0]}, sess=s)
""",
}

# keithito/tacotron: models/modules.py (prenet, CBHG, highway) and models/rnn_wrappers.py
# with tacotron.py's attention decoder, re-typed.
TACO = r"""
GRUCell = tf.nn.rnn_cell.GRUCell
RNNCell = tf.nn.rnn_cell.RNNCell

def prenet(inputs, is_training, layer_sizes, scope=None):
    x = inputs
    drop_rate = 0.5 if is_training else 0.0
    with tf.variable_scope(scope or 'prenet'):
        for i, size in enumerate(layer_sizes):
            dense = tf.layers.dense(x, units=size, activation=tf.nn.relu, name='dense_%d' % (i+1))
            x = tf.layers.dropout(dense, rate=drop_rate, training=is_training, name='dropout_%d' % (i+1))
    return x

def encoder_cbhg(inputs, input_lengths, is_training, depth):
    input_channels = inputs.get_shape()[2]
    return cbhg(inputs, input_lengths, is_training, scope='encoder_cbhg', K=4,
                projections=[6, input_channels], depth=depth)

def cbhg(inputs, input_lengths, is_training, scope, K, projections, depth):
    with tf.variable_scope(scope):
        with tf.variable_scope('conv_bank'):
            conv_outputs = tf.concat(
                [conv1d(inputs, k, 4, tf.nn.relu, is_training, 'conv1d_%d' % k) for k in range(1, K+1)],
                axis=-1)
        maxpool_output = tf.layers.max_pooling1d(conv_outputs, pool_size=2, strides=1, padding='same')
        proj1_output = conv1d(maxpool_output, 3, projections[0], tf.nn.relu, is_training, 'proj_1')
        proj2_output = conv1d(proj1_output, 3, projections[1], None, is_training, 'proj_2')
        highway_input = proj2_output + inputs
        half_depth = depth // 2
        assert half_depth*2 == depth, 'encoder and postnet depths must be even.'
        if highway_input.shape[2] != half_depth:
            highway_input = tf.layers.dense(highway_input, half_depth)
        for i in range(2):
            highway_input = highwaynet(highway_input, 'highway_%d' % (i+1), half_depth)
        rnn_input = highway_input
        outputs, states = tf.nn.bidirectional_dynamic_rnn(
            GRUCell(half_depth), GRUCell(half_depth), rnn_input,
            sequence_length=input_lengths, dtype=tf.float32)
        return tf.concat(outputs, axis=2)

def highwaynet(inputs, scope, depth):
    with tf.variable_scope(scope):
        H = tf.layers.dense(inputs, units=depth, activation=tf.nn.relu, name='H')
        T = tf.layers.dense(inputs, units=depth, activation=tf.nn.sigmoid, name='T',
                            bias_initializer=tf.constant_initializer(-1.0))
        return H * T + inputs * (1.0 - T)

def conv1d(inputs, kernel_size, channels, activation, is_training, scope):
    with tf.variable_scope(scope):
        conv1d_output = tf.layers.conv1d(inputs, filters=channels, kernel_size=kernel_size,
                                         activation=activation, padding='same')
        return tf.layers.batch_normalization(conv1d_output, training=is_training)

class ConcatOutputAndAttentionWrapper(RNNCell):
    def __init__(self, cell):
        super(ConcatOutputAndAttentionWrapper, self).__init__()
        self._cell = cell
    @property
    def state_size(self):
        return self._cell.state_size
    @property
    def output_size(self):
        return self._cell.output_size + self._cell.state_size.attention
    def call(self, inputs, state):
        output, res_state = self._cell(inputs, state)
        return tf.concat([output, res_state.attention], axis=-1), res_state
    def zero_state(self, batch_size, dtype):
        return self._cell.zero_state(batch_size, dtype)
"""

TACO_PROGRAMS = {
    # The encoder: embedding, prenet (no dropout at inference), CBHG with its conv bank,
    # projections whose filters are a Dimension, highways and a bidirectional GRU over
    # padded lengths; then one training step of the batch norms' statistics.
    "taco_encoder_cbhg": TACO
    + r"""
tf.set_random_seed(81)
inputs = tf.placeholder(tf.int32, [None, None], 'inputs')
input_lengths = tf.placeholder(tf.int32, [None], 'input_lengths')
embedding_table = tf.get_variable('embedding', [12, 6], dtype=tf.float32,
                                  initializer=tf.truncated_normal_initializer(stddev=0.5))
embedded_inputs = tf.nn.embedding_lookup(embedding_table, inputs)
prenet_outputs = prenet(embedded_inputs, False, [8, 6])
encoder_outputs = encoder_cbhg(prenet_outputs, input_lengths, False, 8)
out["shape"] = encoder_outputs.shape.as_list()
out["n_vars"] = len(tf.global_variables())
out["names"] = sorted(v.op.name for v in tf.trainable_variables())[:10]
feed = {inputs: [[3, 5, 7, 2, 0], [1, 11, 4, 0, 0]], input_lengths: [4, 3]}
s = tf.Session(); s.run(tf.global_variables_initializer())
R({"enc": encoder_outputs}, feed=feed, sess=s)
""",
    # The same CBHG in training mode: batch_normalization's UPDATE_OPS run with an Adam step.
    "taco_cbhg_train_update_ops": TACO
    + r"""
tf.set_random_seed(82)
rs = np.random.RandomState(82)
mel = tf.constant(rs.normal(size=(2, 6, 5)).astype(np.float32))
target = tf.constant(rs.normal(size=(2, 6, 8)).astype(np.float32))
post = cbhg(mel, None, True, 'post_cbhg', K=3, projections=[6, 5], depth=8)
loss = tf.reduce_mean(tf.abs(post - target))
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
with tf.control_dependencies(update_ops):
    opt = tf.train.AdamOptimizer(0.01, 0.9, 0.999)
    gradients, variables = zip(*opt.compute_gradients(loss))
    clipped_gradients, _ = tf.clip_by_global_norm(gradients, 1.0)
    global_step = tf.Variable(0, name='global_step', trainable=False)
    optimize = opt.apply_gradients(zip(clipped_gradients, variables), global_step=global_step)
out["n_update"] = len(update_ops)
s = tf.Session(); s.run(tf.global_variables_initializer())
hist = [float(s.run([loss, optimize])[0]) for _ in range(3)]
out["hist"] = hist
mm = [v for v in tf.global_variables() if 'moving_mean' in v.op.name]
R({"mm0": mm[0], "mm_last": mm[-1]}, sess=s)
""",
    # tacotron.py's whole decoder: the prenet inside the AttentionWrapper
    # (DecoderPrenetWrapper), the custom Helper subclasses (TacoTrainingHelper feeding
    # every r-th target frame, TacoTestHelper feeding back the last frame) under
    # contrib.seq2seq.BasicDecoder and dynamic_decode, the post-net CBHG and the linear
    # output; the L1 losses trained 2 steps, then inference.
    "taco_dynamic_decode_helpers": TACO
    + r"""
seq2seq = contrib.seq2seq
rnn = contrib.rnn
Helper = seq2seq.Helper
def _go_frames(batch_size, output_dim):
    return tf.tile([[0.0]], [batch_size, output_dim])
class TacoTrainingHelper(Helper):
    def __init__(self, inputs, targets, output_dim, r):
        with tf.name_scope('TacoTrainingHelper'):
            self._batch_size = tf.shape(inputs)[0]
            self._output_dim = output_dim
            self._targets = targets[:, r-1::r, :]
            num_steps = tf.shape(self._targets)[1]
            self._lengths = tf.tile([num_steps], [self._batch_size])
    @property
    def batch_size(self):
        return self._batch_size
    @property
    def sample_ids_shape(self):
        return tf.TensorShape([])
    @property
    def sample_ids_dtype(self):
        return np.int32
    def initialize(self, name=None):
        return (tf.tile([False], [self._batch_size]), _go_frames(self._batch_size, self._output_dim))
    def sample(self, time, outputs, state, name=None):
        return tf.tile([0], [self._batch_size])
    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        with tf.name_scope(name or 'TacoTrainingHelper'):
            finished = (time + 1 >= self._lengths)
            next_inputs = self._targets[:, time, :]
            return (finished, next_inputs, state)
class TacoTestHelper(Helper):
    def __init__(self, batch_size, output_dim, r):
        with tf.name_scope('TacoTestHelper'):
            self._batch_size = batch_size
            self._output_dim = output_dim
            self._end_token = tf.tile([0.0], [output_dim * r])
    @property
    def batch_size(self):
        return self._batch_size
    @property
    def sample_ids_shape(self):
        return tf.TensorShape([])
    @property
    def sample_ids_dtype(self):
        return np.int32
    def initialize(self, name=None):
        return (tf.tile([False], [self._batch_size]), _go_frames(self._batch_size, self._output_dim))
    def sample(self, time, outputs, state, name=None):
        return tf.tile([0], [self._batch_size])
    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        with tf.name_scope('TacoTestHelper'):
            finished = tf.reduce_all(tf.equal(outputs, self._end_token), axis=1)
            next_inputs = outputs[:, -self._output_dim:]
            return (finished, next_inputs, state)
class DecoderPrenetWrapper(RNNCell):
    def __init__(self, cell, is_training, layer_sizes):
        super(DecoderPrenetWrapper, self).__init__()
        self._cell = cell
        self._is_training = is_training
        self._layer_sizes = layer_sizes
    @property
    def state_size(self):
        return self._cell.state_size
    @property
    def output_size(self):
        return self._cell.output_size
    def call(self, inputs, state):
        prenet_out = prenet(inputs, self._is_training, self._layer_sizes, scope='decoder_prenet')
        return self._cell(prenet_out, state)
    def zero_state(self, batch_size, dtype):
        return self._cell.zero_state(batch_size, dtype)
num_mels, num_freq, r = 3, 5, 2
rs = np.random.RandomState(85)
encoder_np = rs.normal(size=(2, 5, 6)).astype(np.float32)
mel_np = rs.normal(size=(2, 6, num_mels)).astype(np.float32)
linear_np = rs.normal(size=(2, 6, num_freq)).astype(np.float32)
def build(is_training, mel_targets=None, max_iters=4, prenet_training=None):
    encoder_outputs = tf.constant(encoder_np)
    batch_size = 2
    attention_cell = seq2seq.AttentionWrapper(
        DecoderPrenetWrapper(GRUCell(6), is_training if prenet_training is None else prenet_training, [8, 6]),
        seq2seq.BahdanauAttention(6, encoder_outputs),
        alignment_history=True,
        output_attention=False)
    concat_cell = ConcatOutputAndAttentionWrapper(attention_cell)
    decoder_cell = rnn.MultiRNNCell([
        rnn.OutputProjectionWrapper(concat_cell, 6),
        rnn.ResidualWrapper(GRUCell(6)),
        rnn.ResidualWrapper(GRUCell(6)),
    ], state_is_tuple=True)
    output_cell = rnn.OutputProjectionWrapper(decoder_cell, num_mels * r)
    decoder_init_state = output_cell.zero_state(batch_size=batch_size, dtype=tf.float32)
    if is_training:
        helper = TacoTrainingHelper(encoder_outputs, mel_targets, num_mels, r)
    else:
        helper = TacoTestHelper(batch_size, num_mels, r)
    (decoder_outputs, _), final_decoder_state, _ = seq2seq.dynamic_decode(
        seq2seq.BasicDecoder(output_cell, helper, decoder_init_state),
        maximum_iterations=max_iters)
    mel_outputs = tf.reshape(decoder_outputs, [batch_size, -1, num_mels])
    post_outputs = cbhg(mel_outputs, None, is_training, 'post_cbhg', K=3, projections=[6, num_mels], depth=8)
    linear_outputs = tf.layers.dense(post_outputs, num_freq)
    alignments = tf.transpose(final_decoder_state[0].alignment_history.stack(), [1, 2, 0])
    return mel_outputs, linear_outputs, alignments
with tf.variable_scope('model') as scope:
    mel_targets = tf.constant(mel_np)
    mel_outputs, linear_outputs, alignments = build(False, mel_targets)
    mel_loss = tf.reduce_mean(tf.abs(mel_targets - mel_outputs[:, :6]))
s = tf.Session(); s.run(tf.global_variables_initializer())
fix(s)
out["var_shapes"] = sorted(v.shape.as_list() for v in tf.trainable_variables())
out["shapes"] = [mel_outputs.shape.as_list(), alignments.shape.as_list()]
R({"mel": mel_outputs, "linear": linear_outputs, "align": alignments, "loss": mel_loss}, sess=s)
# Training in a graph of its own, its weights the same by shape (fix): Addons' cells do
# not share variables through variable_scope's reuse. The prenet's dropout is left out:
# TF draws each op's seed from a count of the random ops and initializers made before it,
# which Addons' cells make in another order than TF 1.15's contrib.
with tf.Graph().as_default():
    tf.set_random_seed(85)
    with tf.variable_scope('model'):
        mel_targets = tf.constant(mel_np)
        t_mel, t_linear, t_align = build(True, mel_targets, prenet_training=False)
        loss = tf.reduce_mean(tf.abs(mel_targets - t_mel)) + tf.reduce_mean(tf.abs(tf.constant(linear_np) - t_linear))
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    with tf.control_dependencies(update_ops):
        train = tf.train.AdamOptimizer(0.01).minimize(loss)
    s2 = tf.Session(); s2.run(tf.global_variables_initializer())
    fix(s2)
    hist = []
    for _ in range(2):
        hist.append(float(s2.run(loss))); s2.run(train)
    out["t_hist"] = hist
    R({"t_mel_shape": tf.shape(t_mel), "t_align": t_align}, sess=s2)
""",
    # tacotron.py's decoder: Bahdanau attention over the encoder outputs in an
    # AttentionWrapper (alignment history, no output attention), ConcatOutputAndAttention,
    # residual GRUs and an output projection, run by dynamic_rnn over teacher-forced frames
    # (the TacoTrainingHelper's inputs: a go frame, then every r-th target frame).
    "taco_attention_decoder": TACO
    + r"""
seq2seq = contrib.seq2seq
rnn = contrib.rnn
rs = np.random.RandomState(83)
encoder_outputs = tf.constant(rs.normal(size=(2, 5, 6)).astype(np.float32))
input_lengths = tf.constant([5, 3])
mel_targets = tf.constant(rs.normal(size=(2, 6, 3)).astype(np.float32))
r = 2
targets = mel_targets[:, r-1::r, :]
go = tf.tile([[0.0]], [2, 3])
dec_inputs = tf.concat([tf.expand_dims(go, 1), targets[:, :-1, :]], axis=1)
attention_cell = seq2seq.AttentionWrapper(
    GRUCell(6),
    seq2seq.BahdanauAttention(6, encoder_outputs, memory_sequence_length=input_lengths),
    alignment_history=True,
    output_attention=False)
concat_cell = ConcatOutputAndAttentionWrapper(attention_cell)
decoder_cell = rnn.MultiRNNCell([
    rnn.OutputProjectionWrapper(concat_cell, 6),
    rnn.ResidualWrapper(GRUCell(6)),
], state_is_tuple=True)
output_cell = rnn.OutputProjectionWrapper(decoder_cell, 3 * r)
decoder_init_state = output_cell.zero_state(batch_size=2, dtype=tf.float32)
decoder_outputs, final_decoder_state = tf.nn.dynamic_rnn(
    output_cell, dec_inputs, initial_state=decoder_init_state)
mel_outputs = tf.reshape(decoder_outputs, [2, -1, 3])
alignments = tf.transpose(final_decoder_state[0].alignment_history.stack(), [1, 2, 0])
loss = tf.reduce_mean(tf.abs(mel_targets - mel_outputs))
out["shapes"] = [mel_outputs.shape.as_list(), alignments.shape.as_list()]
out["var_shapes"] = sorted(v.shape.as_list() for v in tf.trainable_variables())
s = tf.Session(); s.run(tf.global_variables_initializer())
fix(s)
R({"mel": mel_outputs, "align": alignments, "loss": loss}, sess=s)
""",
}

# allenai/bilm-tf: bilm/model.py's character CNN, highway and projection and the
# LSTM stack, bilm/elmo.py's weight_layers, re-typed.
BILM = r"""
DTYPE = 'float32'
def build_char_embeddings(ids_placeholder, options):
    projection_dim = options['lstm']['projection_dim']
    cnn_options = options['char_cnn']
    filters = cnn_options['filters']
    n_filters = sum(f[1] for f in filters)
    max_chars = cnn_options['max_characters_per_token']
    char_embed_dim = cnn_options['embedding']['dim']
    n_chars = cnn_options['n_characters']
    if cnn_options['activation'] == 'tanh':
        activation = tf.nn.tanh
    elif cnn_options['activation'] == 'relu':
        activation = tf.nn.relu
    with tf.device("/cpu:0"):
        embedding_weights = tf.get_variable("char_embed", [n_chars, char_embed_dim],
            dtype=DTYPE, initializer=tf.random_uniform_initializer(-1.0, 1.0))
        char_embedding = tf.nn.embedding_lookup(embedding_weights, ids_placeholder)
    def make_convolutions(inp):
        with tf.variable_scope('CNN') as scope:
            convolutions = []
            for i, (width, num) in enumerate(filters):
                if cnn_options['activation'] == 'relu':
                    w_init = tf.random_uniform_initializer(minval=-0.05, maxval=0.05)
                elif cnn_options['activation'] == 'tanh':
                    w_init = tf.random_normal_initializer(mean=0.0, stddev=np.sqrt(1.0 / (width * char_embed_dim)))
                w = tf.get_variable("W_cnn_%s" % i, [1, width, char_embed_dim, num],
                                    initializer=w_init, dtype=DTYPE)
                b = tf.get_variable("b_cnn_%s" % i, [num], dtype=DTYPE,
                                    initializer=tf.constant_initializer(0.0))
                conv = tf.nn.conv2d(inp, w, strides=[1, 1, 1, 1], padding="VALID") + b
                conv = tf.nn.max_pool(conv, [1, 1, max_chars-width+1, 1], [1, 1, 1, 1], 'VALID')
                conv = activation(conv)
                conv = tf.squeeze(conv, squeeze_dims=[2])
                convolutions.append(conv)
        return tf.concat(convolutions, 2)
    embedding = make_convolutions(char_embedding)
    n_highway = cnn_options.get('n_highway')
    use_highway = n_highway is not None and n_highway > 0
    use_proj = n_filters != projection_dim
    if use_highway or use_proj:
        batch_size_n_tokens = tf.shape(embedding)[0:2]
        embedding = tf.reshape(embedding, [-1, n_filters])
    if use_proj:
        assert n_filters > projection_dim
        with tf.variable_scope('CNN_proj') as scope:
            W_proj_cnn = tf.get_variable("W_proj", [n_filters, projection_dim],
                initializer=tf.random_normal_initializer(mean=0.0, stddev=np.sqrt(1.0 / n_filters)),
                dtype=DTYPE)
            b_proj_cnn = tf.get_variable("b_proj", [projection_dim],
                initializer=tf.constant_initializer(0.0), dtype=DTYPE)
    def high(x, ww_carry, bb_carry, ww_tr, bb_tr):
        carry_gate = tf.nn.sigmoid(tf.matmul(x, ww_carry) + bb_carry)
        transform_gate = tf.nn.relu(tf.matmul(x, ww_tr) + bb_tr)
        return carry_gate * transform_gate + (1.0 - carry_gate) * x
    if use_highway:
        highway_dim = n_filters
        for i in range(n_highway):
            with tf.variable_scope('CNN_high_%s' % i) as scope:
                W_carry = tf.get_variable('W_carry', [highway_dim, highway_dim],
                    initializer=tf.random_normal_initializer(mean=0.0, stddev=np.sqrt(1.0 / highway_dim)), dtype=DTYPE)
                b_carry = tf.get_variable('b_carry', [highway_dim],
                    initializer=tf.constant_initializer(-2.0), dtype=DTYPE)
                W_transform = tf.get_variable('W_transform', [highway_dim, highway_dim],
                    initializer=tf.random_normal_initializer(mean=0.0, stddev=np.sqrt(1.0 / highway_dim)), dtype=DTYPE)
                b_transform = tf.get_variable('b_transform', [highway_dim],
                    initializer=tf.constant_initializer(0.0), dtype=DTYPE)
            embedding = high(embedding, W_carry, b_carry, W_transform, b_transform)
    if use_proj:
        embedding = tf.matmul(embedding, W_proj_cnn) + b_proj_cnn
    if use_highway or use_proj:
        shp = tf.concat([batch_size_n_tokens, [projection_dim]], axis=0)
        embedding = tf.reshape(embedding, shp)
    return embedding

def build_lstms(embedding, mask, options):
    lstm_dim = options['lstm']['dim']
    projection_dim = options['lstm']['projection_dim']
    n_lstm_layers = options['lstm'].get('n_layers', 1)
    cell_clip = options['lstm'].get('cell_clip')
    proj_clip = options['lstm'].get('proj_clip')
    use_skip_connections = options['lstm'].get('use_skip_connections')
    sequence_lengths = tf.reduce_sum(tf.cast(mask, tf.int32), axis=1)
    layers = [embedding]
    lstm_outputs = []
    for direction in ['forward', 'backward']:
        if direction == 'forward':
            layer_input = embedding
        else:
            layer_input = tf.reverse_sequence(embedding, sequence_lengths, seq_axis=1, batch_axis=0)
        lstm_cells = []
        for i in range(n_lstm_layers):
            lstm_cell = tf.nn.rnn_cell.LSTMCell(lstm_dim, num_proj=projection_dim,
                                                cell_clip=cell_clip, proj_clip=proj_clip)
            if use_skip_connections:
                if i == 0:
                    pass
                else:
                    lstm_cell = tf.nn.rnn_cell.ResidualWrapper(lstm_cell)
            lstm_cells.append(lstm_cell)
        if n_lstm_layers > 1:
            lstm_cell = tf.nn.rnn_cell.MultiRNNCell(lstm_cells)
        else:
            lstm_cell = lstm_cells[0]
        with tf.control_dependencies([layer_input]):
            with tf.variable_scope('RNN_%s' % (0 if direction == 'forward' else 1)):
                _lstm_output, final_state = tf.nn.dynamic_rnn(
                    lstm_cell, layer_input, sequence_length=sequence_lengths, dtype=DTYPE)
        lstm_output_flat = tf.reshape(_lstm_output, [-1, projection_dim])
        lstm_outputs.append(tf.reshape(lstm_output_flat, tf.shape(layer_input)))
    fwd, bwd = lstm_outputs
    bwd = tf.reverse_sequence(bwd, sequence_lengths, seq_axis=1, batch_axis=0)
    token = tf.concat([embedding, embedding], axis=-1)
    top = tf.concat([fwd, bwd], axis=-1)
    lm_embeddings = tf.concat([tf.expand_dims(t, axis=1) for t in [token, top]], axis=1)
    return lm_embeddings

def weight_layers(name, bilm_ops, l2_coef=None, use_top_only=False, do_layer_norm=False):
    def _l2_regularizer(weights):
        if l2_coef is not None:
            return l2_coef * tf.reduce_sum(tf.square(weights))
        else:
            return 0.0
    lm_embeddings = bilm_ops['lm_embeddings']
    mask = bilm_ops['mask']
    n_lm_layers = int(lm_embeddings.get_shape()[1])
    lm_dim = int(lm_embeddings.get_shape()[3])
    with tf.control_dependencies([lm_embeddings, mask]):
        mask_float = tf.cast(mask, 'float32')
        broadcast_mask = tf.expand_dims(mask_float, axis=-1)
        def _do_ln(x):
            x_masked = x * broadcast_mask
            N = tf.reduce_sum(mask_float) * lm_dim
            mean = tf.reduce_sum(x_masked) / N
            variance = tf.reduce_sum(((x_masked - mean) * broadcast_mask)**2) / N
            return tf.nn.batch_normalization(x, mean, variance, None, None, 1E-12)
        if use_top_only:
            layers = tf.split(lm_embeddings, n_lm_layers, axis=1)
            sum_pieces = tf.squeeze(layers[-1], squeeze_dims=1)
            reg = 0.0
        else:
            W = tf.get_variable('{}_ELMo_W'.format(name), shape=(n_lm_layers, ),
                initializer=tf.zeros_initializer, regularizer=_l2_regularizer, trainable=True)
            normed_weights = tf.split(tf.nn.softmax(W + 1.0 / n_lm_layers), n_lm_layers)
            layers = tf.split(lm_embeddings, n_lm_layers, axis=1)
            pieces = []
            for w, t in zip(normed_weights, layers):
                if do_layer_norm:
                    pieces.append(w * _do_ln(tf.squeeze(t, squeeze_dims=1)))
                else:
                    pieces.append(w * tf.squeeze(t, squeeze_dims=1))
            sum_pieces = tf.add_n(pieces)
            reg = [r for r in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
                   if r.name.find('{}_ELMo_W/'.format(name)) >= 0]
            if len(reg) != 1:
                raise ValueError
        gamma = tf.get_variable('{}_ELMo_gamma'.format(name), shape=(1, ),
            initializer=tf.ones_initializer, regularizer=None, trainable=True)
        weighted_lm_layers = sum_pieces * gamma
        ret = {'weighted_op': weighted_lm_layers, 'regularization_op': reg}
    return ret

OPTIONS = {'char_cnn': {'activation': 'relu', 'embedding': {'dim': 4},
                        'filters': [[1, 4], [2, 6], [3, 6]], 'max_characters_per_token': 6,
                        'n_characters': 20, 'n_highway': 2},
           'lstm': {'dim': 8, 'projection_dim': 5, 'n_layers': 2, 'cell_clip': 3,
                    'proj_clip': 3, 'use_skip_connections': True}}
CHAR_IDS = np.array([[[1, 5, 7, 2, 0, 0], [1, 9, 2, 0, 0, 0], [1, 3, 3, 8, 2, 0]],
                     [[1, 4, 2, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]]], np.int32)
"""

BILM_PROGRAMS = {
    # The token embedding alone: the character convolutions max-pooled over the word,
    # two highways and the projection, for a batch of unknown size and length.
    "bilm_char_cnn_highway": BILM
    + r"""
tf.set_random_seed(91)
ids = tf.placeholder('int32', shape=(None, None, 6))
with tf.variable_scope('bilm'):
    embedding = build_char_embeddings(ids, OPTIONS)
out["shape"] = embedding.shape.as_list()
out["names"] = [v.op.name for v in tf.global_variables()]
s = tf.Session(); s.run(tf.global_variables_initializer())
R({"emb": embedding}, feed={ids: CHAR_IDS}, sess=s)
""",
    # The biLM over it (clipped projected LSTMs with a residual second layer, the backward
    # direction by reverse_sequence) and elmo.py's weight_layers with layer norm, trained.
    "bilm_elmo_weight_layers": BILM
    + r"""
tf.set_random_seed(92)
ids = tf.placeholder('int32', shape=(None, None, 6))
mask = tf.reduce_any(ids > 0, axis=2)
with tf.variable_scope('bilm'):
    embedding = build_char_embeddings(ids, OPTIONS)
    lm_embeddings = build_lstms(embedding, mask, OPTIONS)
ops = {'lm_embeddings': lm_embeddings, 'mask': mask}
elmo = weight_layers('input', ops, l2_coef=0.001, do_layer_norm=True)
top = weight_layers('top', ops, use_top_only=True)
target = tf.constant(np.random.RandomState(92).normal(size=(2, 3, 10)).astype(np.float32))
loss = tf.reduce_sum(tf.square(elmo['weighted_op'] - target) * tf.expand_dims(tf.cast(mask, tf.float32), -1)) + tf.add_n(elmo['regularization_op'])
elmo_vars = [v for v in tf.trainable_variables() if 'ELMo' in v.op.name]
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss, var_list=elmo_vars)
out["elmo_vars"] = [v.op.name for v in elmo_vars]
s = tf.Session(); s.run(tf.global_variables_initializer())
feed = {ids: CHAR_IDS}
hist = [float(s.run([loss, train], feed)[0]) for _ in range(3)]
out["hist"] = hist
R({"lm": lm_embeddings, "elmo": elmo['weighted_op'], "top": top['weighted_op'],
   "w": elmo_vars[0]}, feed=feed, sess=s)
""",
}

# tensorflow/models official/r1 transformer: utils/model_utils.py and beam_search.py.
OFFICIAL = r"""
nest = tf.nest
_NEG_INF = -1e9

def get_position_encoding(length, hidden_size, min_timescale=1.0, max_timescale=1.0e4):
    position = tf.to_float(tf.range(length))
    num_timescales = hidden_size // 2
    log_timescale_increment = (
        math.log(float(max_timescale) / float(min_timescale)) /
        (tf.to_float(num_timescales) - 1))
    inv_timescales = min_timescale * tf.exp(
        tf.to_float(tf.range(num_timescales)) * -log_timescale_increment)
    scaled_time = tf.expand_dims(position, 1) * tf.expand_dims(inv_timescales, 0)
    signal = tf.concat([tf.sin(scaled_time), tf.cos(scaled_time)], axis=1)
    return signal

def get_decoder_self_attention_bias(length):
    with tf.name_scope("decoder_self_attention_bias"):
        valid_locs = tf.matrix_band_part(tf.ones([length, length]), -1, 0)
        valid_locs = tf.reshape(valid_locs, [1, 1, length, length])
        decoder_bias = _NEG_INF * (1.0 - valid_locs)
    return decoder_bias

def get_padding(x, padding_value=0):
    with tf.name_scope("padding"):
        return tf.to_float(tf.equal(x, padding_value))

def get_padding_bias(x):
    with tf.name_scope("attention_bias"):
        padding = get_padding(x)
        attention_bias = padding * _NEG_INF
        attention_bias = tf.expand_dims(tf.expand_dims(attention_bias, axis=1), axis=1)
    return attention_bias

INF = 1. * 1e7

class _StateKeys(object):
    CUR_INDEX = "CUR_INDEX"
    ALIVE_SEQ = "ALIVE_SEQ"
    ALIVE_LOG_PROBS = "ALIVE_LOG_PROBS"
    ALIVE_CACHE = "ALIVE_CACHE"
    FINISHED_SEQ = "FINISHED_SEQ"
    FINISHED_SCORES = "FINISHED_SCORES"
    FINISHED_FLAGS = "FINISHED_FLAGS"

class SequenceBeamSearch(object):
    def __init__(self, symbols_to_logits_fn, vocab_size, batch_size, beam_size, alpha,
                 max_decode_length, eos_id):
        self.symbols_to_logits_fn = symbols_to_logits_fn
        self.vocab_size = vocab_size
        self.batch_size = batch_size
        self.beam_size = beam_size
        self.alpha = alpha
        self.max_decode_length = max_decode_length
        self.eos_id = eos_id

    def search(self, initial_ids, initial_cache):
        state, state_shapes = self._create_initial_state(initial_ids, initial_cache)
        finished_state = tf.while_loop(
            self._continue_search, self._search_step, loop_vars=[state],
            shape_invariants=[state_shapes], parallel_iterations=1, back_prop=False)
        finished_state = finished_state[0]
        alive_seq = finished_state[_StateKeys.ALIVE_SEQ]
        alive_log_probs = finished_state[_StateKeys.ALIVE_LOG_PROBS]
        finished_seq = finished_state[_StateKeys.FINISHED_SEQ]
        finished_scores = finished_state[_StateKeys.FINISHED_SCORES]
        finished_flags = finished_state[_StateKeys.FINISHED_FLAGS]
        finished_seq = tf.where(tf.reduce_any(finished_flags, 1), finished_seq, alive_seq)
        finished_scores = tf.where(tf.reduce_any(finished_flags, 1), finished_scores, alive_log_probs)
        return finished_seq, finished_scores

    def _create_initial_state(self, initial_ids, initial_cache):
        cur_index = tf.constant(0)
        alive_seq = _expand_to_beam_size(initial_ids, self.beam_size)
        alive_seq = tf.expand_dims(alive_seq, axis=2)
        initial_log_probs = tf.constant([[0.] + [-float("inf")] * (self.beam_size - 1)])
        alive_log_probs = tf.tile(initial_log_probs, [self.batch_size, 1])
        alive_cache = nest.map_structure(
            lambda t: _expand_to_beam_size(t, self.beam_size), initial_cache)
        finished_seq = tf.zeros(tf.shape(alive_seq), tf.int32)
        finished_scores = tf.ones([self.batch_size, self.beam_size]) * -INF
        finished_flags = tf.zeros([self.batch_size, self.beam_size], tf.bool)
        state = {
            _StateKeys.CUR_INDEX: cur_index,
            _StateKeys.ALIVE_SEQ: alive_seq,
            _StateKeys.ALIVE_LOG_PROBS: alive_log_probs,
            _StateKeys.ALIVE_CACHE: alive_cache,
            _StateKeys.FINISHED_SEQ: finished_seq,
            _StateKeys.FINISHED_SCORES: finished_scores,
            _StateKeys.FINISHED_FLAGS: finished_flags
        }
        state_shape_invariants = {
            _StateKeys.CUR_INDEX: tf.TensorShape([]),
            _StateKeys.ALIVE_SEQ: tf.TensorShape([None, self.beam_size, None]),
            _StateKeys.ALIVE_LOG_PROBS: tf.TensorShape([None, self.beam_size]),
            _StateKeys.ALIVE_CACHE: nest.map_structure(_get_shape_keep_last_dim, alive_cache),
            _StateKeys.FINISHED_SEQ: tf.TensorShape([None, self.beam_size, None]),
            _StateKeys.FINISHED_SCORES: tf.TensorShape([None, self.beam_size]),
            _StateKeys.FINISHED_FLAGS: tf.TensorShape([None, self.beam_size])
        }
        return state, state_shape_invariants

    def _continue_search(self, state):
        i = state[_StateKeys.CUR_INDEX]
        alive_log_probs = state[_StateKeys.ALIVE_LOG_PROBS]
        finished_scores = state[_StateKeys.FINISHED_SCORES]
        finished_flags = state[_StateKeys.FINISHED_FLAGS]
        not_at_max_decode_length = tf.less(i, self.max_decode_length)
        max_length_norm = _length_normalization(self.alpha, self.max_decode_length)
        best_alive_scores = alive_log_probs[:, 0] / max_length_norm
        finished_scores *= tf.to_float(finished_flags)
        lowest_finished_scores = tf.reduce_min(finished_scores, axis=1)
        finished_batches = tf.reduce_any(finished_flags, 1)
        lowest_finished_scores += (1. - tf.to_float(finished_batches)) * -INF
        worst_finished_score_better_than_best_alive_score = tf.reduce_all(
            tf.greater(lowest_finished_scores, best_alive_scores))
        return tf.logical_and(
            not_at_max_decode_length,
            tf.logical_not(worst_finished_score_better_than_best_alive_score))

    def _search_step(self, state):
        new_seq, new_log_probs, new_cache = self._grow_alive_seq(state)
        alive_state = self._get_new_alive_state(new_seq, new_log_probs, new_cache)
        finished_state = self._get_new_finished_state(state, new_seq, new_log_probs)
        new_state = {_StateKeys.CUR_INDEX: state[_StateKeys.CUR_INDEX] + 1}
        new_state.update(alive_state)
        new_state.update(finished_state)
        return [new_state]

    def _grow_alive_seq(self, state):
        i = state[_StateKeys.CUR_INDEX]
        alive_seq = state[_StateKeys.ALIVE_SEQ]
        alive_log_probs = state[_StateKeys.ALIVE_LOG_PROBS]
        alive_cache = state[_StateKeys.ALIVE_CACHE]
        beams_to_keep = 2 * self.beam_size
        flat_ids = _flatten_beam_dim(alive_seq)
        flat_cache = nest.map_structure(_flatten_beam_dim, alive_cache)
        flat_logits, flat_cache = self.symbols_to_logits_fn(flat_ids, i, flat_cache)
        logits = _unflatten_beam_dim(flat_logits, self.batch_size, self.beam_size)
        new_cache = nest.map_structure(
            lambda t: _unflatten_beam_dim(t, self.batch_size, self.beam_size), flat_cache)
        candidate_log_probs = _log_prob_from_logits(logits)
        log_probs = candidate_log_probs + tf.expand_dims(alive_log_probs, axis=2)
        flat_log_probs = tf.reshape(log_probs, [-1, self.beam_size * self.vocab_size])
        topk_log_probs, topk_indices = tf.nn.top_k(flat_log_probs, k=beams_to_keep)
        topk_beam_indices = topk_indices // self.vocab_size
        topk_seq, new_cache = _gather_beams(
            [alive_seq, new_cache], topk_beam_indices, self.batch_size, beams_to_keep)
        topk_ids = topk_indices % self.vocab_size
        topk_ids = tf.expand_dims(topk_ids, axis=2)
        topk_seq = tf.concat([topk_seq, topk_ids], axis=2)
        return topk_seq, topk_log_probs, new_cache

    def _get_new_alive_state(self, new_seq, new_log_probs, new_cache):
        new_finished_flags = tf.equal(new_seq[:, :, -1], self.eos_id)
        new_log_probs += tf.to_float(new_finished_flags) * -INF
        top_alive_seq, top_alive_log_probs, top_alive_cache = _gather_topk_beams(
            [new_seq, new_log_probs, new_cache], new_log_probs, self.batch_size, self.beam_size)
        return {
            _StateKeys.ALIVE_SEQ: top_alive_seq,
            _StateKeys.ALIVE_LOG_PROBS: top_alive_log_probs,
            _StateKeys.ALIVE_CACHE: top_alive_cache
        }

    def _get_new_finished_state(self, state, new_seq, new_log_probs):
        i = state[_StateKeys.CUR_INDEX]
        finished_seq = state[_StateKeys.FINISHED_SEQ]
        finished_scores = state[_StateKeys.FINISHED_SCORES]
        finished_flags = state[_StateKeys.FINISHED_FLAGS]
        finished_seq = tf.concat(
            [finished_seq, tf.zeros([self.batch_size, self.beam_size, 1], tf.int32)], axis=2)
        length_norm = _length_normalization(self.alpha, i + 1)
        new_scores = new_log_probs / length_norm
        new_finished_flags = tf.equal(new_seq[:, :, -1], self.eos_id)
        new_scores += (1. - tf.to_float(new_finished_flags)) * -INF
        finished_seq = tf.concat([finished_seq, new_seq], axis=1)
        finished_scores = tf.concat([finished_scores, new_scores], axis=1)
        finished_flags = tf.concat([finished_flags, new_finished_flags], axis=1)
        top_finished_seq, top_finished_scores, top_finished_flags = (
            _gather_topk_beams([finished_seq, finished_scores, finished_flags],
                               finished_scores, self.batch_size, self.beam_size))
        return {
            _StateKeys.FINISHED_SEQ: top_finished_seq,
            _StateKeys.FINISHED_SCORES: top_finished_scores,
            _StateKeys.FINISHED_FLAGS: top_finished_flags
        }

def sequence_beam_search(symbols_to_logits_fn, initial_ids, initial_cache, vocab_size,
                         beam_size, alpha, max_decode_length, eos_id):
    batch_size = tf.shape(initial_ids)[0]
    sbs = SequenceBeamSearch(symbols_to_logits_fn, vocab_size, batch_size, beam_size, alpha,
                             max_decode_length, eos_id)
    return sbs.search(initial_ids, initial_cache)

def _log_prob_from_logits(logits):
    return logits - tf.reduce_logsumexp(logits, axis=2, keep_dims=True)

def _length_normalization(alpha, length):
    return tf.pow(((5. + tf.to_float(length)) / 6.), alpha)

def _expand_to_beam_size(tensor, beam_size):
    tensor = tf.expand_dims(tensor, axis=1)
    tile_dims = [1] * tensor.shape.ndims
    tile_dims[1] = beam_size
    return tf.tile(tensor, tile_dims)

def _shape_list(tensor):
    shape = tensor.get_shape().as_list()
    dynamic_shape = tf.shape(tensor)
    for i in range(len(shape)):
        if shape[i] is None:
            shape[i] = dynamic_shape[i]
    return shape

def _get_shape_keep_last_dim(tensor):
    shape_list = _shape_list(tensor)
    for i in range(len(shape_list) - 1):
        shape_list[i] = None
    if isinstance(shape_list[-1], tf.Tensor):
        shape_list[-1] = None
    return tf.TensorShape(shape_list)

def _flatten_beam_dim(tensor):
    shape = _shape_list(tensor)
    shape[0] *= shape[1]
    shape.pop(1)
    return tf.reshape(tensor, shape)

def _unflatten_beam_dim(tensor, batch_size, beam_size):
    shape = _shape_list(tensor)
    new_shape = [batch_size, beam_size] + shape[1:]
    return tf.reshape(tensor, new_shape)

def _gather_beams(nested, beam_indices, batch_size, new_beam_size):
    batch_pos = tf.range(batch_size * new_beam_size) // new_beam_size
    batch_pos = tf.reshape(batch_pos, [batch_size, new_beam_size])
    coordinates = tf.stack([batch_pos, beam_indices], axis=2)
    return nest.map_structure(lambda state: tf.gather_nd(state, coordinates), nested)

def _gather_topk_beams(nested, score_or_log_prob, batch_size, beam_size):
    _, topk_indexes = tf.nn.top_k(score_or_log_prob, k=beam_size)
    return _gather_beams(nested, topk_indexes, batch_size, beam_size)
"""

OFFICIAL_PROGRAMS = {
    # model_utils: the timing signal, the padding bias of a padded batch, the decoder's
    # causal bias; names as the name scopes make them.
    "official_model_utils": OFFICIAL
    + r"""
x = tf.constant([[3, 5, 0, 0], [7, 1, 2, 0]])
pe = get_position_encoding(5, 6)
pb = get_padding_bias(x)
db = get_decoder_self_attention_bias(3)
out["names"] = [pb.name, db.name, get_padding(x).name]
s = tf.Session()
R({"pe": pe, "pb": pb, "db": db}, sess=s)
length = tf.placeholder(tf.int32, [])
R({"pe_dyn": get_position_encoding(length, 4, max_timescale=100.0)}, feed={length: 3}, sess=s)
""",
    # transformer.py's decode: beam search over a toy decoder whose cache grows a step
    # at a time (shape invariants that keep only the last dimension), eos ends beams.
    "official_beam_search_decode": OFFICIAL
    + r"""
rs = np.random.RandomState(101)
vocab_size, hidden = 7, 4
table = tf.constant(rs.normal(size=(vocab_size, hidden)).astype(np.float32))
proj = tf.constant(rs.normal(size=(hidden, vocab_size)).astype(np.float32) * 1.5)
enc = tf.constant(rs.normal(size=(2, hidden)).astype(np.float32))
timing_signal = get_position_encoding(6, hidden)
def symbols_to_logits_fn(ids, i, cache):
    decoder_input = tf.gather(table, ids[:, -1:])
    decoder_input += timing_signal[i:i + 1]
    cache["k"] = tf.concat([cache["k"], decoder_input], axis=1)
    h = tf.reduce_mean(cache["k"], axis=1) + cache["encoder_outputs"]
    logits = tf.matmul(tf.tanh(h), proj)
    return logits, cache
batch_size = tf.shape(enc)[0]
initial_ids = tf.zeros([batch_size], dtype=tf.int32)
cache = {"k": tf.zeros([batch_size, 0, hidden]), "encoder_outputs": enc}
decoded_ids, scores = sequence_beam_search(
    symbols_to_logits_fn=symbols_to_logits_fn, initial_ids=initial_ids, initial_cache=cache,
    vocab_size=vocab_size, beam_size=3, alpha=0.6, max_decode_length=5, eos_id=1)
top_decoded_ids = decoded_ids[:, 0, 1:]
top_scores = scores[:, 0]
s = tf.Session()
ids, sc = s.run([decoded_ids, scores])
out["ids"] = ids.tolist()
out["scores"] = L(sc)
out["top"] = s.run(top_decoded_ids).tolist()
out["shapes"] = [decoded_ids.shape.as_list(), scores.shape.as_list()]
""",
}

# zihangdai/xlnet: modeling.py's relative positional encoding, rel_shift and
# rel_multihead_attn with memory and segments, re-typed.
XLNET = r"""
def rel_shift(x, klen=-1):
    x_size = tf.shape(x)
    x = tf.reshape(x, [x_size[1], x_size[0], x_size[2], x_size[3]])
    x = tf.slice(x, [1, 0, 0, 0], [-1, -1, -1, -1])
    x = tf.reshape(x, [x_size[0], x_size[1] - 1, x_size[2], x_size[3]])
    x = tf.slice(x, [0, 0, 0, 0], [-1, klen, -1, -1])
    return x

def _create_mask(qlen, mlen, dtype=tf.float32, same_length=False):
    attn_mask = tf.ones([qlen, qlen], dtype=dtype)
    mask_u = tf.matrix_band_part(attn_mask, 0, -1)
    mask_dia = tf.matrix_band_part(attn_mask, 0, 0)
    attn_mask_pad = tf.zeros([qlen, mlen], dtype=dtype)
    ret = tf.concat([attn_mask_pad, mask_u - mask_dia], 1)
    if same_length:
        mask_l = tf.matrix_band_part(attn_mask, -1, 0)
        ret = tf.concat([ret[:, :qlen] + mask_l - mask_dia, ret[:, qlen:]], 1)
    return ret

def _cache_mem(curr_out, prev_mem, mem_len, reuse_len=None):
    if mem_len is None or mem_len == 0:
        return None
    else:
        if reuse_len is not None and reuse_len > 0:
            curr_out = curr_out[:reuse_len]
        if prev_mem is None:
            new_mem = curr_out[-mem_len:]
        else:
            new_mem = tf.concat([prev_mem, curr_out], 0)[-mem_len:]
    return tf.stop_gradient(new_mem)

def positional_embedding(pos_seq, inv_freq, bsz=None):
    sinusoid_inp = tf.einsum('i,d->id', pos_seq, inv_freq)
    pos_emb = tf.concat([tf.sin(sinusoid_inp), tf.cos(sinusoid_inp)], -1)
    pos_emb = pos_emb[:, None, :]
    if bsz is not None:
        pos_emb = tf.tile(pos_emb, [1, bsz, 1])
    return pos_emb

def relative_positional_encoding(qlen, klen, d_model, clamp_len, attn_type, bi_data,
                                 bsz=None, dtype=None):
    freq_seq = tf.range(0, d_model, 2.0)
    if dtype is not None and dtype != tf.float32:
        freq_seq = tf.cast(freq_seq, dtype=dtype)
    inv_freq = 1 / (10000 ** (freq_seq / d_model))
    if attn_type == 'bi':
        beg, end = klen, -qlen
    elif attn_type == 'uni':
        beg, end = klen, -1
    else:
        raise ValueError('Unknown `attn_type` {}.'.format(attn_type))
    if bi_data:
        fwd_pos_seq = tf.range(beg, end, -1.0)
        bwd_pos_seq = tf.range(-beg, -end, 1.0)
        if clamp_len > 0:
            fwd_pos_seq = tf.clip_by_value(fwd_pos_seq, -clamp_len, clamp_len)
            bwd_pos_seq = tf.clip_by_value(bwd_pos_seq, -clamp_len, clamp_len)
        fwd_pos_emb = positional_embedding(fwd_pos_seq, inv_freq, bsz // 2)
        bwd_pos_emb = positional_embedding(bwd_pos_seq, inv_freq, bsz // 2)
        pos_emb = tf.concat([fwd_pos_emb, bwd_pos_emb], axis=1)
    else:
        fwd_pos_seq = tf.range(beg, end, -1.0)
        if clamp_len > 0:
            fwd_pos_seq = tf.clip_by_value(fwd_pos_seq, -clamp_len, clamp_len)
        pos_emb = positional_embedding(fwd_pos_seq, inv_freq, bsz)
    return pos_emb

def rel_attn_core(q_head, k_head_h, v_head_h, k_head_r, seg_embed, seg_mat, r_w_bias,
                  r_r_bias, r_s_bias, attn_mask, dropatt, is_training, scale):
    ac = tf.einsum('ibnd,jbnd->ijbn', q_head + r_w_bias, k_head_h)
    bd = tf.einsum('ibnd,jbnd->ijbn', q_head + r_r_bias, k_head_r)
    bd = rel_shift(bd, klen=tf.shape(ac)[1])
    if seg_mat is None:
        ef = 0
    else:
        ef = tf.einsum('ibnd,snd->ibns', q_head + r_s_bias, seg_embed)
        ef = tf.einsum('ijbs,ibns->ijbn', seg_mat, ef)
    attn_score = (ac + bd + ef) * scale
    if attn_mask is not None:
        attn_score = attn_score - 1e30 * attn_mask
    attn_prob = tf.nn.softmax(attn_score, 1)
    attn_prob = tf.layers.dropout(attn_prob, dropatt, training=is_training)
    attn_vec = tf.einsum('ijbn,jbnd->ibnd', attn_prob, v_head_h)
    return attn_vec

def head_projection(h, d_model, n_head, d_head, kernel_initializer, name):
    proj_weight = tf.get_variable('{}/kernel'.format(name), [d_model, n_head, d_head],
                                  dtype=h.dtype, initializer=kernel_initializer)
    head = tf.einsum('ibh,hnd->ibnd', h, proj_weight)
    return head

def post_attention(h, attn_vec, d_model, n_head, d_head, dropout, is_training,
                   kernel_initializer, residual=True):
    proj_o = tf.get_variable('o/kernel', [d_model, n_head, d_head],
                             dtype=h.dtype, initializer=kernel_initializer)
    attn_out = tf.einsum('ibnd,hnd->ibh', attn_vec, proj_o)
    attn_out = tf.layers.dropout(attn_out, dropout, training=is_training)
    if residual:
        output = contrib_layers.layer_norm(attn_out + h, begin_norm_axis=-1, scope='LayerNorm')
    else:
        output = contrib_layers.layer_norm(attn_out, begin_norm_axis=-1, scope='LayerNorm')
    return output

def rel_multihead_attn(h, r, r_w_bias, r_r_bias, seg_mat, r_s_bias, seg_embed, attn_mask,
                       mems, d_model, n_head, d_head, dropout, dropatt, is_training,
                       kernel_initializer, scope='rel_attn', reuse=None):
    scale = 1 / (d_head ** 0.5)
    with tf.variable_scope(scope, reuse=reuse):
        if mems is not None and mems.shape.ndims > 1:
            cat = tf.concat([mems, h], 0)
        else:
            cat = h
        q_head_h = head_projection(h, d_model, n_head, d_head, kernel_initializer, 'q')
        k_head_h = head_projection(cat, d_model, n_head, d_head, kernel_initializer, 'k')
        v_head_h = head_projection(cat, d_model, n_head, d_head, kernel_initializer, 'v')
        k_head_r = head_projection(r, d_model, n_head, d_head, kernel_initializer, 'r')
        attn_vec = rel_attn_core(q_head_h, k_head_h, v_head_h, k_head_r, seg_embed, seg_mat,
                                 r_w_bias, r_r_bias, r_s_bias, attn_mask, dropatt, is_training, scale)
        output = post_attention(h, attn_vec, d_model, n_head, d_head, dropout, is_training,
                                kernel_initializer)
    return output

def positionwise_ffn(inp, d_model, d_inner, dropout, kernel_initializer, activation_type='relu',
                     scope='ff', is_training=True, reuse=None):
    activation = tf.nn.relu
    output = inp
    with tf.variable_scope(scope, reuse=reuse):
        output = tf.layers.dense(output, d_inner, activation=activation,
                                 kernel_initializer=kernel_initializer, name='layer_1')
        output = tf.layers.dropout(output, dropout, training=is_training, name='drop_1')
        output = tf.layers.dense(output, d_model, kernel_initializer=kernel_initializer,
                                 name='layer_2')
        output = tf.layers.dropout(output, dropout, training=is_training, name='drop_2')
        output = contrib_layers.layer_norm(output + inp, begin_norm_axis=-1, scope='LayerNorm')
    return output
"""

XLNET_PROGRAMS = {
    # transformer_xl()'s layer loop over two segments: memories cached (stop_gradient) and
    # concatenated, the causal mask with memory, bi-directional relative encodings, the
    # segment matrix one-hot, and the relative shift; gradients to the embeddings.
    "xlnet_rel_attn_with_memory": XLNET
    + r"""
tf.set_random_seed(111)
rs = np.random.RandomState(111)
qlen, mlen, bsz, d_model, n_head, d_head, n_layer = 4, 3, 2, 8, 2, 4, 2
initializer = tf.initializers.random_normal(stddev=0.02, seed=None)
inp_k = tf.constant(rs.randint(0, 10, (qlen, bsz)).astype(np.int32))
seg_id = tf.constant(rs.randint(0, 2, (qlen, bsz)).astype(np.int32))
mems = [tf.constant(rs.normal(size=(mlen, bsz, d_model)).astype(np.float32)) for _ in range(n_layer)]
with tf.variable_scope('transformer'):
    lookup_table = tf.get_variable('word_embedding/lookup_table', [10, d_model],
                                   initializer=initializer)
    word_emb_k = tf.nn.embedding_lookup(lookup_table, inp_k)
    r_w_bias = tf.get_variable('r_w_bias', [n_layer, n_head, d_head], initializer=initializer)
    r_r_bias = tf.get_variable('r_r_bias', [n_layer, n_head, d_head], initializer=initializer)
    r_s_bias = tf.get_variable('r_s_bias', [n_layer, n_head, d_head], initializer=initializer)
    seg_embed = tf.get_variable('seg_embed', [n_layer, 2, n_head, d_head], initializer=initializer)
    attn_mask = _create_mask(qlen, mlen, tf.float32, same_length=False)
    attn_mask = attn_mask[:, :, None, None]
    mem_pad = tf.zeros([mlen, bsz], dtype=tf.int32)
    cat_ids = tf.concat([mem_pad, seg_id], 0)
    seg_mat = tf.cast(tf.logical_not(tf.equal(seg_id[:, None], cat_ids[None, :])), tf.int32)
    seg_mat = tf.one_hot(seg_mat, 2, dtype=tf.float32)
    pos_emb = relative_positional_encoding(qlen, qlen + mlen, d_model, -1, 'bi', bi_data=False,
                                           bsz=bsz, dtype=tf.float32)
    new_mems = []
    output_h = word_emb_k
    for i in range(n_layer):
        new_mems.append(_cache_mem(output_h, mems[i], mlen, None))
        with tf.variable_scope('layer_{}'.format(i)):
            output_h = rel_multihead_attn(
                h=output_h, r=pos_emb, r_w_bias=r_w_bias[i], r_r_bias=r_r_bias[i],
                seg_mat=seg_mat, r_s_bias=r_s_bias[i], seg_embed=seg_embed[i],
                attn_mask=attn_mask, mems=mems[i], d_model=d_model, n_head=n_head,
                d_head=d_head, dropout=0.0, dropatt=0.0, is_training=False,
                kernel_initializer=initializer)
            output_h = positionwise_ffn(inp=output_h, d_model=d_model, d_inner=16, dropout=0.0,
                                        kernel_initializer=initializer, is_training=False)
# (a sum of squares after LayerNorm is constant: weigh the outputs instead)
loss = tf.reduce_sum(output_h * tf.constant(rs.normal(size=(qlen, bsz, d_model)).astype(np.float32)))
g = tf.gradients(loss, [lookup_table, r_w_bias, seg_embed])
out["names"] = [v.op.name for v in tf.trainable_variables()][:12]
out["shapes"] = [output_h.shape.as_list(), pos_emb.shape.as_list(), seg_mat.shape.as_list()]
s = tf.Session(); s.run(tf.global_variables_initializer())
R({"out": output_h, "mem1": new_mems[1], "mask": attn_mask,
   "g_table": tf.convert_to_tensor(g[0]), "g_rw": g[1],
   "g_seg": g[2]}, sess=s)
x = np.arange(2 * 3 * 1 * 1, dtype=np.float32).reshape(2, 3, 1, 1)
R({"shift": rel_shift(tf.constant(x), klen=2)}, sess=s)
R({"same_len": _create_mask(3, 2, same_length=True)}, sess=s)
""",
}

# deepmind/sonnet v1: AbstractModule over tf.make_template, Linear, Sequential,
# BatchApply; re-typed at its core.
SONNET_PROGRAMS = {
    "sonnet_modules_over_templates": r"""
class AbstractModule(object):
    def __init__(self, name=None):
        if name is None:
            name = type(self).__name__.lower()
        self._template = tf.make_template(name, self._build_wrapper, create_scope_now_=True)
        self._original_name = name
        self._unique_name = self._template.variable_scope.name.split("/")[-1]
        self._connected_subgraphs = []
    def _build_wrapper(self, *args, **kwargs):
        return self._build(*args, **kwargs)
    def __call__(self, *args, **kwargs):
        out = self._template(*args, **kwargs)
        self._connected_subgraphs.append(out)
        return out
    @property
    def variable_scope(self):
        return self._template.variable_scope
    @property
    def scope_name(self):
        return self._template.variable_scope.name
    @property
    def module_name(self):
        return self._unique_name
    @property
    def is_connected(self):
        return bool(self._connected_subgraphs)
    def get_variables(self, collection=tf.GraphKeys.TRAINABLE_VARIABLES):
        return tuple(tf.get_collection(collection, scope=self.scope_name + "/"))

class Linear(AbstractModule):
    def __init__(self, output_size, use_bias=True, initializers=None, name="linear"):
        super(Linear, self).__init__(name=name)
        self._output_size = output_size
        self._use_bias = use_bias
        self._initializers = initializers or {}
    def _build(self, inputs):
        input_shape = tuple(inputs.get_shape().as_list())
        if len(input_shape) != 2:
            raise ValueError("Rank of shape must be 2 not: {}.".format(len(input_shape)))
        self._input_shape = input_shape
        dtype = inputs.dtype
        stddev = 1 / math.sqrt(self._input_shape[1])
        self._w = tf.get_variable("w", shape=(self._input_shape[1], self._output_size), dtype=dtype,
            initializer=self._initializers.get("w", tf.truncated_normal_initializer(stddev=stddev)))
        outputs = tf.matmul(inputs, self._w)
        if self._use_bias:
            self._b = tf.get_variable("b", shape=(self._output_size,), dtype=dtype,
                initializer=self._initializers.get("b", tf.zeros_initializer()))
            outputs += self._b
        return outputs

class Sequential(AbstractModule):
    def __init__(self, layers, name="sequential"):
        super(Sequential, self).__init__(name=name)
        self._layers = tuple(layers)
    def _build(self, *args):
        net = args
        for layer in self._layers:
            if isinstance(net, tuple):
                net = layer(*net)
            else:
                net = layer(net)
        return net

class BatchApply(AbstractModule):
    def __init__(self, module_or_op, n_dims=2, name="batch_apply"):
        super(BatchApply, self).__init__(name=name)
        self._module = module_or_op
        self._n_dims = n_dims
    def _build(self, inputs):
        shape = inputs.get_shape().as_list()
        merged = tf.reshape(inputs, [-1] + shape[self._n_dims:])
        outputs = self._module(merged)
        return tf.reshape(outputs, shape[:self._n_dims] + outputs.get_shape().as_list()[1:])

tf.set_random_seed(121)
mlp = Sequential([Linear(5, name="linear_0"), tf.nn.relu, Linear(3, name="linear_1")], name="mlp")
x = tf.constant(np.random.RandomState(121).normal(size=(2, 4)).astype(np.float32))
y1 = mlp(x)
y2 = mlp(x * 2.0)
other = Linear(3)
other2 = Linear(3)
z = other(y1) + other2(y2)
seq = BatchApply(Linear(2, name="per_step"))
w = seq(tf.reshape(tf.tile(x, [3, 1]), [3, 2, 4]))
out["names"] = [v.op.name for v in tf.global_variables()]
out["scopes"] = [mlp.scope_name, other.module_name, other2.module_name, seq.scope_name]
out["mlp_vars"] = [v.op.name for v in mlp.get_variables()]
out["connected"] = [mlp.is_connected, Linear(1, name="unused").is_connected]
out["w_shape"] = w.shape.as_list()
out["rank_error"] = raises(lambda: Linear(2, name="bad")(tf.zeros([2, 3, 4])))
s = tf.Session(); s.run(tf.global_variables_initializer())
R({"y1": y1, "y2": y2, "z": z, "w": w}, sess=s)
""",
}

# A second round over the same code bases: their data paths, a second head each, and
# stable-baselines' DQN.
MORE_PROGRAMS = {
    # run_classifier's file_based_input_fn_builder: examples written by TFRecordWriter as
    # create_int_feature makes them, read back by a TFRecordDataset, parse_single_example
    # (int64 cast to int32, as TPUs want) and contrib.data.map_and_batch; eval has no
    # shuffle, so the batches are the file's order.
    "bert_tfrecord_input_fn": BERT
    + r"""
d = tempfile.mkdtemp()
input_file = os.path.join(d, "train.tf_record")
writer = tf.python_io.TFRecordWriter(input_file)
def create_int_feature(values):
    f = tf.train.Feature(int64_list=tf.train.Int64List(value=list(values)))
    return f
for i in range(5):
    features = collections.OrderedDict()
    features["input_ids"] = create_int_feature(IDS6[i % 3])
    features["input_mask"] = create_int_feature(MASK6[i % 3])
    features["segment_ids"] = create_int_feature(SEG6[i % 3])
    features["label_ids"] = create_int_feature([int(LABELS[i % 3])])
    features["is_real_example"] = create_int_feature([int(i != 4)])
    tf_example = tf.train.Example(features=tf.train.Features(feature=features))
    writer.write(tf_example.SerializeToString())
writer.close()
seq_length = 6
name_to_features = {
    "input_ids": tf.FixedLenFeature([seq_length], tf.int64),
    "input_mask": tf.FixedLenFeature([seq_length], tf.int64),
    "segment_ids": tf.FixedLenFeature([seq_length], tf.int64),
    "label_ids": tf.FixedLenFeature([], tf.int64),
    "is_real_example": tf.FixedLenFeature([], tf.int64),
}
def _decode_record(record, name_to_features):
    example = tf.parse_single_example(record, name_to_features)
    for name in list(example.keys()):
        t = example[name]
        if t.dtype == tf.int64:
            t = tf.to_int32(t)
        example[name] = t
    return example
def input_fn(params, is_training, drop_remainder):
    batch_size = params["batch_size"]
    d = tf.data.TFRecordDataset(input_file)
    if is_training:
        d = d.repeat()
    d = d.apply(
        contrib.data.map_and_batch(
            lambda record: _decode_record(record, name_to_features),
            batch_size=batch_size,
            drop_remainder=drop_remainder))
    return d
ds = input_fn({"batch_size": 2}, False, False)
out["shapes"] = {k: v.as_list() for k, v in sorted(tf.data.get_output_shapes(ds).items())}
feats = tf.data.make_one_shot_iterator(ds).get_next()
dropped = input_fn({"batch_size": 2}, True, True)
out["dropped_shapes"] = {k: v.as_list() for k, v in sorted(tf.data.get_output_shapes(dropped).items())}
tf.set_random_seed(27)
config = BertConfig.from_dict(dict(CFG32, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0))
(total_loss, per_example_loss, logits, probabilities) = create_model(
    config, False, feats["input_ids"], feats["input_mask"], feats["segment_ids"],
    feats["label_ids"], 3, False)
s = tf.Session(); s.run(tf.global_variables_initializer())
batches = []
try:
    while True:
        f, l = s.run([feats, per_example_loss])
        batches.append([f["input_ids"].tolist(), f["label_ids"].tolist(), f["is_real_example"].tolist(), L(l)])
except tf.errors.OutOfRangeError:
    out["end"] = "OutOfRangeError"
out["batches"] = batches
""",
    # run_squad's create_model: start and end logits from one dense layer over the
    # sequence, unstacked from a transpose; its loss over one-hot positions, 3 Adam steps.
    "bert_squad_head_train": BERT
    + r"""
tf.set_random_seed(28)
config = BertConfig.from_dict(dict(CFG32, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0))
model = BertModel(config=config, is_training=True, input_ids=tf.constant(IDS6),
                  input_mask=tf.constant(MASK6), token_type_ids=tf.constant(SEG6))
final_hidden = model.get_sequence_output()
final_hidden_shape = get_shape_list(final_hidden, expected_rank=3)
batch_size = final_hidden_shape[0]
seq_length = final_hidden_shape[1]
hidden_size = final_hidden_shape[2]
output_weights = tf.get_variable("cls/squad/output_weights", [2, hidden_size],
                                 initializer=tf.truncated_normal_initializer(stddev=0.02))
output_bias = tf.get_variable("cls/squad/output_bias", [2], initializer=tf.zeros_initializer())
final_hidden_matrix = tf.reshape(final_hidden, [batch_size * seq_length, hidden_size])
logits = tf.matmul(final_hidden_matrix, output_weights, transpose_b=True)
logits = tf.nn.bias_add(logits, output_bias)
logits = tf.reshape(logits, [batch_size, seq_length, 2])
logits = tf.transpose(logits, [2, 0, 1])
unstacked_logits = tf.unstack(logits, axis=0)
(start_logits, end_logits) = (unstacked_logits[0], unstacked_logits[1])
def compute_loss(logits, positions):
    one_hot_positions = tf.one_hot(positions, depth=seq_length, dtype=tf.float32)
    log_probs = tf.nn.log_softmax(logits, axis=-1)
    loss = -tf.reduce_mean(tf.reduce_sum(one_hot_positions * log_probs, axis=-1))
    return loss
start_positions = tf.constant([1, 2, 0])
end_positions = tf.constant([3, 4, 0])
start_loss = compute_loss(start_logits, start_positions)
end_loss = compute_loss(end_logits, end_positions)
total_loss = (start_loss + end_loss) / 2.0
train = tf.train.AdamOptimizer(1e-3).minimize(total_loss)
s = tf.Session(); s.run(tf.global_variables_initializer())
hist = []
for _ in range(3):
    hist.append(float(s.run(total_loss))); s.run(train)
out["hist"] = hist
R({"start": start_logits, "end": end_logits}, sess=s)
""",
    # GPT-2 fine-tuned as nshepperd's train.py does: next-token cross entropy over the
    # logits of a context, Adam over the model's variables only.
    "gpt2_finetune_adam": GPT2
    + r"""
tf.set_random_seed(36)
context = tf.placeholder(tf.int32, [2, None])
output = model(hparams=hparams, X=context)
loss = tf.reduce_mean(
    tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=context[:, 1:], logits=output['logits'][:, :-1]))
all_vars = [v for v in tf.trainable_variables() if 'model' in v.name]
train_vars = [v for v in all_vars if '/h' in v.name]
opt = tf.train.AdamOptimizer(learning_rate=1e-2)
# (gated: the ungated gradients race their own updates in TF, whose matmul gradients read
# the weights through aliases of the variables; gpt2_finetune_adam read other losses run to run)
opt_grads = tf.gradients(loss, train_vars, gate_gradients=True)
opt_grads = list(zip(opt_grads, train_vars))
opt_apply = opt.apply_gradients(opt_grads)
summary_loss = tf.summary.scalar('loss', loss)
out["n_train"] = len(train_vars)
s = tf.Session(); s.run(tf.global_variables_initializer())
hist = []
for _ in range(4):
    (_, v_loss, v_summary) = s.run((opt_apply, loss, summary_loss), feed_dict={context: np.concatenate([CTX, CTX], 1)})
    hist.append(float(v_loss))
out["hist"] = hist
out["summary"] = [(v.tag, round(v.simple_value, 4)) for v in tf.Summary.FromString(v_summary).value]
R({"wte": [v for v in all_vars if 'wte' in v.name][0]}, sess=s)
""",
    # official/r1 transformer's EmbeddingSharedWeights (gather times sqrt(hidden), padding
    # zeroed; the linear output by the transposed table), metrics.padded_cross_entropy_loss
    # with label smoothing over logits and labels padded to one length, and
    # get_learning_rate's warmup then rsqrt decay, trained with Adam.
    "official_padded_xent_schedule": OFFICIAL
    + r"""
class EmbeddingSharedWeights(tf.layers.Layer):
    def __init__(self, vocab_size, hidden_size, method="gather"):
        super(EmbeddingSharedWeights, self).__init__()
        self.vocab_size = vocab_size
        self.hidden_size = hidden_size
        self.method = method
    def build(self, _):
        with tf.variable_scope("embedding_and_softmax", reuse=tf.AUTO_REUSE):
            self.shared_weights = tf.get_variable(
                "weights", [self.vocab_size, self.hidden_size],
                initializer=tf.random_normal_initializer(0., self.hidden_size ** -0.5))
        self.built = True
    def call(self, x):
        with tf.name_scope("embedding"):
            mask = tf.to_float(tf.not_equal(x, 0))
            embeddings = tf.gather(self.shared_weights, x)
            embeddings *= tf.expand_dims(mask, -1)
            embeddings *= self.hidden_size ** 0.5
            return embeddings
    def linear(self, x):
        with tf.name_scope("presoftmax_linear"):
            batch_size = tf.shape(x)[0]
            length = tf.shape(x)[1]
            x = tf.reshape(x, [-1, self.hidden_size])
            logits = tf.matmul(x, self.shared_weights, transpose_b=True)
            return tf.reshape(logits, [batch_size, length, self.vocab_size])
def _pad_tensors_to_same_length(x, y):
    with tf.name_scope("pad_to_same_length"):
        x_length = tf.shape(x)[1]
        y_length = tf.shape(y)[1]
        max_length = tf.maximum(x_length, y_length)
        x = tf.pad(x, [[0, 0], [0, max_length - x_length], [0, 0]])
        y = tf.pad(y, [[0, 0], [0, max_length - y_length]])
        return x, y
def padded_cross_entropy_loss(logits, labels, smoothing, vocab_size):
    with tf.name_scope("loss", values=[logits, labels]):
        logits, labels = _pad_tensors_to_same_length(logits, labels)
        with tf.name_scope("smoothing_cross_entropy", values=[logits, labels]):
            confidence = 1.0 - smoothing
            low_confidence = (1.0 - confidence) / tf.to_float(vocab_size - 1)
            soft_targets = tf.one_hot(
                tf.cast(labels, tf.int32), depth=vocab_size, on_value=confidence,
                off_value=low_confidence)
            xentropy = tf.nn.softmax_cross_entropy_with_logits_v2(
                logits=logits, labels=soft_targets)
            normalizing_constant = -(
                confidence * tf.log(confidence) + tf.to_float(vocab_size - 1) *
                low_confidence * tf.log(low_confidence + 1e-20))
            xentropy -= normalizing_constant
        weights = tf.to_float(tf.not_equal(labels, 0))
        return xentropy * weights, weights
def get_learning_rate(learning_rate, hidden_size, learning_rate_warmup_steps):
    with tf.name_scope("learning_rate"):
        warmup_steps = tf.to_float(learning_rate_warmup_steps)
        step = tf.to_float(tf.train.get_or_create_global_step())
        learning_rate *= (hidden_size ** -0.5)
        learning_rate *= tf.minimum(1.0, step / warmup_steps)
        learning_rate *= tf.rsqrt(tf.maximum(step, warmup_steps))
        tf.identity(learning_rate, "learning_rate")
        return learning_rate
tf.set_random_seed(102)
emb = EmbeddingSharedWeights(9, 8)
inputs = tf.constant([[3, 5, 7, 0], [2, 8, 0, 0]])
targets = tf.constant([[5, 7, 1, 0, 0], [8, 1, 0, 0, 0]])
h = emb(inputs) + get_position_encoding(4, 8)
logits = emb.linear(tf.tanh(h))
xentropy, weights = padded_cross_entropy_loss(logits, targets, 0.1, 9)
loss = tf.reduce_sum(xentropy) / tf.reduce_sum(weights)
lr = get_learning_rate(2.0, 8, 3)
opt = tf.train.AdamOptimizer(lr, beta1=0.9, beta2=0.997, epsilon=1e-9)
global_step = tf.train.get_global_step()
train_op = opt.minimize(loss, global_step=global_step)
out["names"] = [lr.name, xentropy.name, weights.name, emb.shared_weights.name]
s = tf.Session(); s.run(tf.global_variables_initializer())
hist = []
for _ in range(4):
    l, r = s.run([loss, lr])
    s.run(train_op)
    hist.append([float(l), float(r)])
out["hist"] = hist
R({"xent": xentropy, "w": weights}, sess=s)
""",
    # stable-baselines' deepq: build_act's epsilon-greedy (random_uniform against eps,
    # random actions from random_uniform ints, the eps variable updated through a cond),
    # build_train's double-Q target with the target network, Huber loss weighted by
    # importance weights and the target update as a group of assigns.
    "sb_deepq_act_and_train": SB
    + r"""
np.random.seed(73)
tf.set_random_seed(73)
n_act, ob_dim = 3, 4
def huber_loss(tensor, delta=1.0):
    return tf.where(tf.abs(tensor) < delta, tf.square(tensor) * 0.5, delta * (tf.abs(tensor) - 0.5 * delta))
def q_func(obs, scope, reuse=False):
    with tf.variable_scope(scope, reuse=reuse):
        h = tf.nn.relu(linear(obs, "fc0", 16, init_scale=np.sqrt(2)))
        return linear(h, "q", n_act)
obs_ph = tf.placeholder(tf.float32, [None, ob_dim], name="obs")
stochastic_ph = tf.placeholder(tf.bool, (), name="stochastic")
update_eps_ph = tf.placeholder(tf.float32, (), name="update_eps")
with tf.variable_scope("deepq"):
    eps = tf.get_variable("eps", (), initializer=tf.constant_initializer(0))
    q_values = q_func(obs_ph, "model")
    deterministic_actions = tf.argmax(q_values, axis=1)
    batch_size = tf.shape(obs_ph)[0]
    random_actions = tf.random_uniform(tf.stack([batch_size]), minval=0, maxval=n_act, dtype=tf.int64)
    chose_random = tf.random_uniform(tf.stack([batch_size]), minval=0, maxval=1, dtype=tf.float32) < eps
    stochastic_actions = tf.where(chose_random, random_actions, deterministic_actions)
    output_actions = tf.cond(stochastic_ph, lambda: stochastic_actions, lambda: deterministic_actions)
    update_eps_expr = eps.assign(tf.cond(update_eps_ph >= 0, lambda: update_eps_ph, lambda: eps))
    act_t_ph = tf.placeholder(tf.int32, [None], name="action")
    rew_t_ph = tf.placeholder(tf.float32, [None], name="reward")
    obs_tp1_ph = tf.placeholder(tf.float32, [None, ob_dim], name="obs_tp1")
    done_mask_ph = tf.placeholder(tf.float32, [None], name="done")
    importance_weights_ph = tf.placeholder(tf.float32, [None], name="weight")
    q_tp1 = q_func(obs_tp1_ph, "target_q_func")
    q_tp1_online = q_func(obs_tp1_ph, "model", reuse=True)
    q_func_vars = tf.trainable_variables("deepq/model")
    target_q_func_vars = tf.trainable_variables("deepq/target_q_func")
    q_t_selected = tf.reduce_sum(q_values * tf.one_hot(act_t_ph, n_act), axis=1)
    q_tp1_best_using_online_net = tf.argmax(q_tp1_online, axis=1)
    q_tp1_best = tf.reduce_sum(q_tp1 * tf.one_hot(q_tp1_best_using_online_net, n_act), axis=1)
    q_tp1_best_masked = (1.0 - done_mask_ph) * q_tp1_best
    q_t_selected_target = rew_t_ph + 0.99 * q_tp1_best_masked
    td_error = q_t_selected - tf.stop_gradient(q_t_selected_target)
    errors = huber_loss(td_error)
    weighted_error = tf.reduce_mean(importance_weights_ph * errors)
    optimizer = tf.train.AdamOptimizer(learning_rate=5e-3)
    gradients = optimizer.compute_gradients(weighted_error, var_list=q_func_vars)
    for i, (grad, var) in enumerate(gradients):
        if grad is not None:
            gradients[i] = (tf.clip_by_norm(grad, 10.0), var)
    optimize_expr = optimizer.apply_gradients(gradients)
    update_target_expr = []
    for var, var_target in zip(sorted(q_func_vars, key=lambda v: v.name),
                               sorted(target_q_func_vars, key=lambda v: v.name)):
        update_target_expr.append(var_target.assign(var))
    update_target_expr = tf.group(*update_target_expr)
out["vars"] = [v.op.name for v in q_func_vars + target_q_func_vars]
rs = np.random.RandomState(73)
obs = rs.normal(size=(5, ob_dim)).astype(np.float32)
s = tf.Session(); s.run(tf.global_variables_initializer())
s.run(update_target_expr)
acts = []
for e in (1.0, 0.5, -1.0, 0.0):
    acts.append(s.run(output_actions, {obs_ph: obs, stochastic_ph: True, update_eps_ph: e}).tolist())
    s.run(update_eps_expr, {update_eps_ph: e})
out["acts"] = acts
out["eps"] = float(s.run(eps))
out["greedy"] = s.run(output_actions, {obs_ph: obs, stochastic_ph: False}).tolist()
hist = []
for step in range(4):
    feed = {obs_ph: obs, act_t_ph: rs.randint(0, n_act, 5), rew_t_ph: rs.normal(size=5),
            obs_tp1_ph: rs.normal(size=(5, ob_dim)), done_mask_ph: (rs.rand(5) < 0.3).astype(np.float32),
            importance_weights_ph: rs.uniform(0.5, 1.0, 5)}
    td, _ = s.run([td_error, optimize_expr], feed)
    hist.append(L(td))
    if step == 1:
        s.run(update_target_expr)
out["hist"] = hist
R({"q": q_values}, feed={obs_ph: obs}, sess=s)
""",
    # pix2pix's load_examples: a string_input_producer over PNG files (in order: not
    # training), WholeFileReader, decode_png, an assert on the channel count under
    # control_dependencies, set_shape, and tf.train.batch, run by queue runners.
    "p2p_load_examples_queue": r"""
import os, tempfile
d = tempfile.mkdtemp()
rs = np.random.RandomState(37)
with tf.Graph().as_default(), tf.Session() as s0:
    for i in range(3):
        img = tf.constant(rs.randint(0, 256, (4, 8, 3)).astype(np.uint8))
        with open(os.path.join(d, "%d.png" % i), "wb") as f:
            f.write(s0.run(tf.image.encode_png(img)))
input_paths = sorted(os.path.join(d, n) for n in os.listdir(d))
with tf.name_scope("load_images"):
    path_queue = tf.train.string_input_producer(input_paths, shuffle=False)
    reader = tf.WholeFileReader()
    paths, contents = reader.read(path_queue)
    raw_input = tf.image.decode_png(contents)
    raw_input = tf.image.convert_image_dtype(raw_input, dtype=tf.float32)
    assertion = tf.assert_equal(tf.shape(raw_input)[2], 3, message="image does not have 3 channels")
    with tf.control_dependencies([assertion]):
        raw_input = tf.identity(raw_input)
    raw_input.set_shape([None, None, 3])
    width = tf.shape(raw_input)[1]
    a_images = raw_input[:,:width//2,:] * 2 - 1
    b_images = raw_input[:,width//2:,:] * 2 - 1
inputs, targets = [a_images, b_images]
inputs.set_shape([4, 4, 3]); targets.set_shape([4, 4, 3])
paths_batch, inputs_batch, targets_batch = tf.train.batch([paths, inputs, targets], batch_size=2)
out["shapes"] = [inputs_batch.shape.as_list(), paths_batch.shape.as_list()]
out["queue_runners"] = len(tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS))
with tf.Session() as sess:
    sess.run(tf.local_variables_initializer())
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    got = []
    for _ in range(2):
        p, i, t = sess.run([paths_batch, inputs_batch, targets_batch])
        got.append([[os.path.basename(x.decode()) for x in p], L(i), L(t)])
    coord.request_stop()
    coord.join(threads)
out["got"] = got
""",
}

# tensorflow/models official/r1/transformer: the model's layers (attention_layer.py,
# ffn_layer.py, transformer.py's LayerNormalization, PrePostProcessingWrapper, stacks and
# the cached decoding through beam search), re-typed at a tiny size.
OFFICIAL_MODEL = r"""
class Attention(tf.layers.Layer):
    def __init__(self, hidden_size, num_heads, attention_dropout, train):
        if hidden_size % num_heads != 0:
            raise ValueError("Hidden size must be evenly divisible by the number of heads.")
        super(Attention, self).__init__()
        self.hidden_size = hidden_size
        self.num_heads = num_heads
        self.attention_dropout = attention_dropout
        self.train = train
        self.q_dense_layer = tf.layers.Dense(hidden_size, use_bias=False, name="q")
        self.k_dense_layer = tf.layers.Dense(hidden_size, use_bias=False, name="k")
        self.v_dense_layer = tf.layers.Dense(hidden_size, use_bias=False, name="v")
        self.output_dense_layer = tf.layers.Dense(hidden_size, use_bias=False, name="output_transform")
    def split_heads(self, x):
        with tf.name_scope("split_heads"):
            batch_size = tf.shape(x)[0]
            length = tf.shape(x)[1]
            depth = (self.hidden_size // self.num_heads)
            x = tf.reshape(x, [batch_size, length, self.num_heads, depth])
            return tf.transpose(x, [0, 2, 1, 3])
    def combine_heads(self, x):
        with tf.name_scope("combine_heads"):
            batch_size = tf.shape(x)[0]
            length = tf.shape(x)[2]
            x = tf.transpose(x, [0, 2, 1, 3])
            return tf.reshape(x, [batch_size, length, self.hidden_size])
    def call(self, x, y, bias, cache=None):
        q = self.q_dense_layer(x)
        k = self.k_dense_layer(y)
        v = self.v_dense_layer(y)
        if cache is not None:
            k = tf.concat([cache["k"], k], axis=1)
            v = tf.concat([cache["v"], v], axis=1)
            cache["k"] = k
            cache["v"] = v
        q = self.split_heads(q)
        k = self.split_heads(k)
        v = self.split_heads(v)
        depth = (self.hidden_size // self.num_heads)
        q *= depth ** -0.5
        logits = tf.matmul(q, k, transpose_b=True)
        logits += bias
        weights = tf.nn.softmax(logits, name="attention_weights")
        if self.train:
            weights = tf.nn.dropout(weights, 1.0 - self.attention_dropout)
        attention_output = tf.matmul(weights, v)
        attention_output = self.combine_heads(attention_output)
        attention_output = self.output_dense_layer(attention_output)
        return attention_output

class SelfAttention(Attention):
    def call(self, x, bias, cache=None):
        return super(SelfAttention, self).call(x, x, bias, cache)

class FeedFowardNetwork(tf.layers.Layer):
    def __init__(self, hidden_size, filter_size, relu_dropout, train, allow_pad):
        super(FeedFowardNetwork, self).__init__()
        self.hidden_size = hidden_size
        self.filter_size = filter_size
        self.relu_dropout = relu_dropout
        self.train = train
        self.allow_pad = allow_pad
        self.filter_dense_layer = tf.layers.Dense(filter_size, use_bias=True, activation=tf.nn.relu, name="filter_layer")
        self.output_dense_layer = tf.layers.Dense(hidden_size, use_bias=True, name="output_layer")
    def call(self, x, padding=None):
        padding = None if not self.allow_pad else padding
        batch_size = tf.shape(x)[0]
        length = tf.shape(x)[1]
        if padding is not None:
            with tf.name_scope("remove_padding"):
                pad_mask = tf.reshape(padding, [-1])
                nonpad_ids = tf.to_int32(tf.where(pad_mask < 1e-9))
                x = tf.reshape(x, [-1, self.hidden_size])
                x = tf.gather_nd(x, indices=nonpad_ids)
                x.set_shape([None, self.hidden_size])
                x = tf.expand_dims(x, axis=0)
        output = self.filter_dense_layer(x)
        if self.train:
            output = tf.nn.dropout(output, 1.0 - self.relu_dropout)
        output = self.output_dense_layer(output)
        if padding is not None:
            with tf.name_scope("re_add_padding"):
                output = tf.squeeze(output, axis=0)
                output = tf.scatter_nd(indices=nonpad_ids, updates=output,
                                       shape=[batch_size * length, self.hidden_size])
                output = tf.reshape(output, [batch_size, length, self.hidden_size])
        return output

class LayerNormalization(tf.layers.Layer):
    def __init__(self, hidden_size):
        super(LayerNormalization, self).__init__()
        self.hidden_size = hidden_size
    def build(self, _):
        self.scale = tf.get_variable("layer_norm_scale", [self.hidden_size], initializer=tf.ones_initializer())
        self.bias = tf.get_variable("layer_norm_bias", [self.hidden_size], initializer=tf.zeros_initializer())
        self.built = True
    def call(self, x, epsilon=1e-6):
        mean = tf.reduce_mean(x, axis=[-1], keepdims=True)
        variance = tf.reduce_mean(tf.square(x - mean), axis=[-1], keepdims=True)
        norm_x = (x - mean) * tf.rsqrt(variance + epsilon)
        return norm_x * self.scale + self.bias

class PrePostProcessingWrapper(object):
    def __init__(self, layer, params, train):
        self.layer = layer
        self.postprocess_dropout = params["layer_postprocess_dropout"]
        self.train = train
        self.layer_norm = LayerNormalization(params["hidden_size"])
    def __call__(self, x, *args, **kwargs):
        y = self.layer_norm(x)
        y = self.layer(y, *args, **kwargs)
        if self.train:
            y = tf.nn.dropout(y, 1 - self.postprocess_dropout)
        return x + y

class EncoderStack(tf.layers.Layer):
    def __init__(self, params, train):
        super(EncoderStack, self).__init__()
        self.layers = []
        for _ in range(params["num_hidden_layers"]):
            self_attention_layer = SelfAttention(params["hidden_size"], params["num_heads"], params["attention_dropout"], train)
            feed_forward_network = FeedFowardNetwork(params["hidden_size"], params["filter_size"], params["relu_dropout"], train, params["allow_ffn_pad"])
            self.layers.append([PrePostProcessingWrapper(self_attention_layer, params, train),
                                PrePostProcessingWrapper(feed_forward_network, params, train)])
        self.output_normalization = LayerNormalization(params["hidden_size"])
    def call(self, encoder_inputs, attention_bias, inputs_padding):
        for n, layer in enumerate(self.layers):
            self_attention_layer = layer[0]
            feed_forward_network = layer[1]
            with tf.variable_scope("layer_%d" % n):
                with tf.variable_scope("self_attention"):
                    encoder_inputs = self_attention_layer(encoder_inputs, attention_bias)
                with tf.variable_scope("ffn"):
                    encoder_inputs = feed_forward_network(encoder_inputs, inputs_padding)
        return self.output_normalization(encoder_inputs)

class DecoderStack(tf.layers.Layer):
    def __init__(self, params, train):
        super(DecoderStack, self).__init__()
        self.layers = []
        for _ in range(params["num_hidden_layers"]):
            self_attention_layer = SelfAttention(params["hidden_size"], params["num_heads"], params["attention_dropout"], train)
            enc_dec_attention_layer = Attention(params["hidden_size"], params["num_heads"], params["attention_dropout"], train)
            feed_forward_network = FeedFowardNetwork(params["hidden_size"], params["filter_size"], params["relu_dropout"], train, params["allow_ffn_pad"])
            self.layers.append([PrePostProcessingWrapper(self_attention_layer, params, train),
                                PrePostProcessingWrapper(enc_dec_attention_layer, params, train),
                                PrePostProcessingWrapper(feed_forward_network, params, train)])
        self.output_normalization = LayerNormalization(params["hidden_size"])
    def call(self, decoder_inputs, encoder_outputs, decoder_self_attention_bias, attention_bias, cache=None):
        for n, layer in enumerate(self.layers):
            self_attention_layer = layer[0]
            enc_dec_attention_layer = layer[1]
            feed_forward_network = layer[2]
            layer_name = "layer_%d" % n
            layer_cache = cache[layer_name] if cache is not None else None
            with tf.variable_scope(layer_name):
                with tf.variable_scope("self_attention"):
                    decoder_inputs = self_attention_layer(decoder_inputs, decoder_self_attention_bias, cache=layer_cache)
                with tf.variable_scope("encdec_attention"):
                    decoder_inputs = enc_dec_attention_layer(decoder_inputs, encoder_outputs, attention_bias)
                with tf.variable_scope("ffn"):
                    decoder_inputs = feed_forward_network(decoder_inputs)
        return self.output_normalization(decoder_inputs)

class Transformer(object):
    def __init__(self, params, train):
        self.train = train
        self.params = params
        self.embedding_softmax_layer = EmbeddingSharedWeights(params["vocab_size"], params["hidden_size"])
        self.encoder_stack = EncoderStack(params, train)
        self.decoder_stack = DecoderStack(params, train)
    def __call__(self, inputs, targets=None):
        initializer = tf.variance_scaling_initializer(self.params["initializer_gain"], mode="fan_avg", distribution="uniform")
        with tf.variable_scope("Transformer", initializer=initializer):
            attention_bias = get_padding_bias(inputs)
            encoder_outputs = self.encode(inputs, attention_bias)
            if targets is None:
                return self.predict(encoder_outputs, attention_bias)
            else:
                logits = self.decode(targets, encoder_outputs, attention_bias)
                return logits
    def encode(self, inputs, attention_bias):
        with tf.name_scope("encode"):
            embedded_inputs = self.embedding_softmax_layer(inputs)
            inputs_padding = get_padding(inputs)
            with tf.name_scope("add_pos_encoding"):
                length = tf.shape(embedded_inputs)[1]
                pos_encoding = get_position_encoding(length, self.params["hidden_size"])
                encoder_inputs = embedded_inputs + pos_encoding
            if self.train:
                encoder_inputs = tf.nn.dropout(encoder_inputs, 1 - self.params["layer_postprocess_dropout"])
            return self.encoder_stack(encoder_inputs, attention_bias, inputs_padding)
    def decode(self, targets, encoder_outputs, attention_bias):
        with tf.name_scope("decode"):
            decoder_inputs = self.embedding_softmax_layer(targets)
            with tf.name_scope("shift_targets"):
                decoder_inputs = tf.pad(decoder_inputs, [[0, 0], [1, 0], [0, 0]])[:, :-1, :]
            with tf.name_scope("add_pos_encoding"):
                length = tf.shape(decoder_inputs)[1]
                decoder_inputs += get_position_encoding(length, self.params["hidden_size"])
            if self.train:
                decoder_inputs = tf.nn.dropout(decoder_inputs, 1 - self.params["layer_postprocess_dropout"])
            decoder_self_attention_bias = get_decoder_self_attention_bias(length)
            outputs = self.decoder_stack(decoder_inputs, encoder_outputs, decoder_self_attention_bias, attention_bias)
            logits = self.embedding_softmax_layer.linear(outputs)
            return logits
    def _get_symbols_to_logits_fn(self, max_decode_length):
        timing_signal = get_position_encoding(max_decode_length + 1, self.params["hidden_size"])
        decoder_self_attention_bias = get_decoder_self_attention_bias(max_decode_length)
        def symbols_to_logits_fn(ids, i, cache):
            decoder_input = ids[:, -1:]
            decoder_input = self.embedding_softmax_layer(decoder_input)
            decoder_input += timing_signal[i:i + 1]
            self_attention_bias = decoder_self_attention_bias[:, :, i:i + 1, :i + 1]
            decoder_outputs = self.decoder_stack(decoder_input, cache.get("encoder_outputs"), self_attention_bias,
                                                 cache.get("encoder_decoder_attention_bias"), cache)
            logits = self.embedding_softmax_layer.linear(decoder_outputs)
            logits = tf.squeeze(logits, axis=[1])
            return logits, cache
        return symbols_to_logits_fn
    def predict(self, encoder_outputs, encoder_decoder_attention_bias):
        batch_size = tf.shape(encoder_outputs)[0]
        input_length = tf.shape(encoder_outputs)[1]
        max_decode_length = input_length + self.params["extra_decode_length"]
        symbols_to_logits_fn = self._get_symbols_to_logits_fn(max_decode_length)
        initial_ids = tf.zeros([batch_size], dtype=tf.int32)
        cache = {
            "layer_%d" % layer: {
                "k": tf.zeros([batch_size, 0, self.params["hidden_size"]]),
                "v": tf.zeros([batch_size, 0, self.params["hidden_size"]]),
            } for layer in range(self.params["num_hidden_layers"])}
        cache["encoder_outputs"] = encoder_outputs
        cache["encoder_decoder_attention_bias"] = encoder_decoder_attention_bias
        decoded_ids, scores = sequence_beam_search(
            symbols_to_logits_fn=symbols_to_logits_fn, initial_ids=initial_ids, initial_cache=cache,
            vocab_size=self.params["vocab_size"], beam_size=self.params["beam_size"],
            alpha=self.params["alpha"], max_decode_length=max_decode_length, eos_id=1)
        top_decoded_ids = decoded_ids[:, 0, 1:]
        top_scores = scores[:, 0]
        return {"outputs": top_decoded_ids, "scores": top_scores}

class EmbeddingSharedWeights(tf.layers.Layer):
    def __init__(self, vocab_size, hidden_size):
        super(EmbeddingSharedWeights, self).__init__()
        self.vocab_size = vocab_size
        self.hidden_size = hidden_size
    def build(self, _):
        with tf.variable_scope("embedding_and_softmax", reuse=tf.AUTO_REUSE):
            self.shared_weights = tf.get_variable(
                "weights", [self.vocab_size, self.hidden_size],
                initializer=tf.random_normal_initializer(0., self.hidden_size ** -0.5))
        self.built = True
    def call(self, x):
        with tf.name_scope("embedding"):
            mask = tf.to_float(tf.not_equal(x, 0))
            embeddings = tf.gather(self.shared_weights, x)
            embeddings *= tf.expand_dims(mask, -1)
            embeddings *= self.hidden_size ** 0.5
            return embeddings
    def linear(self, x):
        with tf.name_scope("presoftmax_linear"):
            batch_size = tf.shape(x)[0]
            length = tf.shape(x)[1]
            x = tf.reshape(x, [-1, self.hidden_size])
            logits = tf.matmul(x, self.shared_weights, transpose_b=True)
            return tf.reshape(logits, [batch_size, length, self.vocab_size])

PARAMS = dict(vocab_size=11, hidden_size=8, num_heads=2, filter_size=12, num_hidden_layers=2,
              attention_dropout=0.0, relu_dropout=0.0, layer_postprocess_dropout=0.0,
              allow_ffn_pad=True, initializer_gain=1.0, extra_decode_length=3, beam_size=3,
              alpha=0.6)
SRC = np.array([[4, 7, 3, 1, 0], [5, 9, 2, 8, 1]], np.int32)
TGT = np.array([[6, 2, 1, 0], [3, 3, 10, 1]], np.int32)
"""

OFFICIAL_MODEL_PROGRAMS = {
    # The model trained 3 steps (tf.layers.Layer subclasses holding Dense layers, the FFN's
    # padding removed by gather_nd and restored by scatter_nd, shared embeddings), then the
    # same variables decoding by beam search with the self-attention cache.
    "official_transformer_train_and_decode": OFFICIAL
    + OFFICIAL_MODEL
    + r"""
tf.set_random_seed(103)
inputs = tf.placeholder(tf.int32, [None, None], name="inputs")
targets = tf.placeholder(tf.int32, [None, None], name="targets")
with tf.variable_scope("model"):
    model = Transformer(PARAMS, train=True)
    logits = model(inputs, targets)
    labels = targets
    xentropy = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    weights = tf.to_float(tf.not_equal(labels, 0))
    loss = tf.reduce_sum(xentropy * weights) / tf.reduce_sum(weights)
    train_op = tf.train.AdamOptimizer(5e-2, beta1=0.9, beta2=0.997, epsilon=1e-9).minimize(loss)
with tf.variable_scope("model", reuse=True):
    predictions = Transformer(PARAMS, train=False)(inputs)
out["vars"] = sorted(v.op.name for v in tf.trainable_variables())
out["pred_shapes"] = [predictions["outputs"].shape.as_list(), predictions["scores"].shape.as_list()]
s = tf.Session(); s.run(tf.global_variables_initializer())
feed = {inputs: SRC, targets: TGT}
hist = []
for _ in range(3):
    hist.append(float(s.run(loss, feed))); s.run(train_op, feed)
out["hist"] = hist
R({"logits": logits}, feed=feed, sess=s)
p = s.run(predictions, {inputs: SRC})
out["decoded"] = p["outputs"].tolist()
out["scores"] = L(p["scores"])
""",
}

# Two more data paths: facenet's create_input_pipeline (a FIFOQueue of file names, labels
# and control flags, batch_join) and tacotron's Griffin-Lim in TensorFlow (audio.py).
PIPELINE_PROGRAMS = {
    "facenet_input_pipeline": r"""
import os, tempfile
RANDOM_ROTATE = 1
RANDOM_CROP = 2
RANDOM_FLIP = 4
FIXED_STANDARDIZATION = 8
FLIP = 16
def get_control_flag(control, field):
    return tf.equal(tf.mod(tf.floor_div(control, field), 2), 1)
def create_input_pipeline(input_queue, image_size, nrof_preprocess_threads, batch_size_placeholder):
    images_and_labels_list = []
    for _ in range(nrof_preprocess_threads):
        filenames, label, control = input_queue.dequeue()
        images = []
        for filename in tf.unstack(filenames):
            file_contents = tf.read_file(filename)
            image = tf.image.decode_image(file_contents, 3)
            image = tf.cond(get_control_flag(control[0], RANDOM_CROP),
                            lambda:tf.random_crop(image, image_size + (3,)),
                            lambda:tf.image.resize_image_with_crop_or_pad(image, image_size[0], image_size[1]))
            image = tf.cond(get_control_flag(control[0], RANDOM_FLIP),
                            lambda:tf.image.random_flip_left_right(image),
                            lambda:tf.identity(image))
            image = tf.cond(get_control_flag(control[0], FIXED_STANDARDIZATION),
                            lambda:(tf.cast(image, tf.float32) - 127.5)/128.0,
                            lambda:tf.image.per_image_standardization(image))
            image = tf.cond(get_control_flag(control[0], FLIP),
                            lambda:tf.image.flip_left_right(image),
                            lambda:tf.identity(image))
            image.set_shape(image_size + (3,))
            images.append(image)
        images_and_labels_list.append([images, label])
    image_batch, label_batch = tf.train.batch_join(
        images_and_labels_list, batch_size=batch_size_placeholder,
        shapes=[image_size + (3,), ()], enqueue_many=True,
        capacity=4 * nrof_preprocess_threads * 100,
        allow_smaller_final_batch=True)
    return image_batch, label_batch
d = tempfile.mkdtemp()
rs = np.random.RandomState(63)
paths = []
with tf.Graph().as_default(), tf.Session() as s0:
    for i in range(5):
        img = tf.constant(rs.randint(0, 256, (7, 7, 3)).astype(np.uint8))
        paths.append(os.path.join(d, "face_%d.png" % i))
        with open(paths[-1], "wb") as f:
            f.write(s0.run(tf.image.encode_png(img)))
tf.set_random_seed(63)
image_size = (5, 5)
labels_placeholder = tf.placeholder(tf.int32, shape=(None,1), name='labels')
image_paths_placeholder = tf.placeholder(tf.string, shape=(None,1), name='image_paths')
control_placeholder = tf.placeholder(tf.int32, shape=(None,1), name='control')
batch_size_placeholder = tf.placeholder(tf.int32, name='batch_size')
input_queue = tf.FIFOQueue(capacity=100, dtypes=[tf.string, tf.int32, tf.int32],
                           shapes=[(1,), (1,), (1,)], shared_name=None, name=None)
enqueue_op = input_queue.enqueue_many([image_paths_placeholder, labels_placeholder, control_placeholder], name='enqueue_op')
image_batch, label_batch = create_input_pipeline(input_queue, image_size, 1, batch_size_placeholder)
image_batch = tf.identity(image_batch, 'image_batch')
label_batch = tf.identity(label_batch, 'label_batch')
out["shapes"] = [image_batch.shape.as_list(), label_batch.shape.as_list()]
controls = [FIXED_STANDARDIZATION, FLIP, 0, RANDOM_CROP | FIXED_STANDARDIZATION, FLIP | FIXED_STANDARDIZATION]
with tf.Session() as sess:
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(coord=coord, sess=sess)
    sess.run(enqueue_op, {image_paths_placeholder: np.expand_dims(np.array(paths), 1),
                          labels_placeholder: np.arange(5).reshape(-1, 1),
                          control_placeholder: np.array(controls).reshape(-1, 1)})
    got = []
    for bs in (2, 3):
        imgs, labs = sess.run([image_batch, label_batch], {batch_size_placeholder: bs})
        got.append([labs.tolist(), L(imgs)])
    # (facenet never joins; closing the input queue lets batch_join's runner finish)
    sess.run(input_queue.close())
    coord.request_stop()
    coord.join(threads, stop_grace_period_secs=5)
out["got"] = got
""",
    "taco_griffin_lim_tensorflow": r"""
class HP: pass
hparams = HP()
hparams.num_freq = 17; hparams.sample_rate = 800; hparams.frame_length_ms = 40; hparams.frame_shift_ms = 10
hparams.min_level_db = -100; hparams.ref_level_db = 20; hparams.power = 1.5; hparams.griffin_lim_iters = 4
def _stft_parameters():
    n_fft = (hparams.num_freq - 1) * 2
    hop_length = int(hparams.frame_shift_ms / 1000 * hparams.sample_rate)
    win_length = int(hparams.frame_length_ms / 1000 * hparams.sample_rate)
    return n_fft, hop_length, win_length
def _istft_tensorflow(stfts):
    n_fft, hop_length, win_length = _stft_parameters()
    return contrib.signal.inverse_stft(stfts, win_length, hop_length, n_fft)
def _stft_tensorflow(signals):
    n_fft, hop_length, win_length = _stft_parameters()
    return contrib.signal.stft(signals, win_length, hop_length, n_fft, pad_end=False)
def _denormalize_tensorflow(S):
    return (tf.clip_by_value(S, 0, 1) * -hparams.min_level_db) + hparams.min_level_db
def _db_to_amp_tensorflow(x):
    return tf.pow(tf.ones(tf.shape(x)) * 10.0, x * 0.05)
def _griffin_lim_tensorflow(S):
    with tf.variable_scope('griffinlim'):
        S = tf.expand_dims(S, 0)
        S_complex = tf.identity(tf.cast(S, dtype=tf.complex64))
        y = _istft_tensorflow(S_complex)
        for i in range(hparams.griffin_lim_iters):
            est = _stft_tensorflow(y)
            angles = est / tf.cast(tf.maximum(1e-8, tf.abs(est)), tf.complex64)
            y = _istft_tensorflow(S_complex * angles)
        return tf.squeeze(y, 0)
def inv_spectrogram_tensorflow(spectrogram):
    S = _db_to_amp_tensorflow(_denormalize_tensorflow(spectrogram) + hparams.ref_level_db)
    return _griffin_lim_tensorflow(tf.pow(S, hparams.power))
spec = tf.placeholder(tf.float32, [None, hparams.num_freq])
wav = inv_spectrogram_tensorflow(spec)
out["shape"] = wav.shape.as_list()
rs = np.random.RandomState(84)
s = tf.Session()
R({"wav": wav}, feed={spec: rs.uniform(0.2, 0.9, (9, hparams.num_freq)).astype(np.float32)}, sess=s)
""",
}

PROGRAMS = {
    **BERT_PROGRAMS,
    **GPT2_PROGRAMS,
    **P2P_PROGRAMS,
    **STYLE_PROGRAMS,
    **CHARRNN_PROGRAMS,
    **FACENET_PROGRAMS,
    **SB_PROGRAMS,
    **TACO_PROGRAMS,
    **BILM_PROGRAMS,
    **OFFICIAL_PROGRAMS,
    **XLNET_PROGRAMS,
    **SONNET_PROGRAMS,
    **MORE_PROGRAMS,
    **OFFICIAL_MODEL_PROGRAMS,
    **PIPELINE_PROGRAMS,
}


def contrib_for_tf2(tf):
    """TF 1.15's contrib pieces the programs call, over TF 2.21 (see the docstring)."""
    from types import SimpleNamespace

    import numpy as np
    import tensorflow_addons as tfa
    import tf_slim

    try:
        from tests.reference import tf1_seq2seq, tf1_tutorials2
    except ModuleNotFoundError:
        import tf1_seq2seq
        import tf1_tutorials2

    shim = {"tf": tf, "np": np}
    exec(tf1_tutorials2.PRELUDE, shim)
    cells = shim["contrib"].rnn
    rnn = SimpleNamespace(
        **vars(cells),
        OutputProjectionWrapper=_output_projection_wrapper(tf),
        ResidualWrapper=tf.nn.rnn_cell.ResidualWrapper,
    )
    return SimpleNamespace(
        rnn=rnn,
        legacy_seq2seq=shim["contrib"].legacy_seq2seq,
        layers=tf_slim,
        seq2seq=_seq2seq(tf, tfa, tf1_seq2seq.contrib_over_addons(tf, tfa).seq2seq),
        data=SimpleNamespace(map_and_batch=tf.data.experimental.map_and_batch),
        signal=tf.signal,
        training=SimpleNamespace(HParams=HParams),
    )


def _seq2seq(tf, tfa, s2s):
    """tf1_seq2seq's contrib.seq2seq with the Helper base, and a BasicDecoder that calls
    TF1 cells (tacotron's own RNNCell subclasses) without Keras' `training` argument."""
    from types import SimpleNamespace

    import tf_keras

    class TF1Cell(tf_keras.layers.Layer):  # Addons type-checks for a Keras layer
        def __init__(self, cell):
            super().__init__()
            self._cell = cell
            self.output_size = cell.output_size
            self.state_size = cell.state_size

        def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
            return self._cell.zero_state(batch_size, dtype)

        def call(self, inputs, state, training=None):
            return self._cell(inputs, state)

    def BasicDecoder(cell, helper, initial_state, output_layer=None):
        return s2s.BasicDecoder(TF1Cell(cell), helper, initial_state, output_layer)

    return SimpleNamespace(
        **dict(vars(s2s), BasicDecoder=BasicDecoder, Helper=_helper_over_addons(tfa))
    )


def _helper_over_addons(tfa):
    """TF 1.15's contrib.seq2seq.Helper, the base tacotron's helpers subclass, over an
    Addons Sampler that asks the helper (the interfaces match but for `initialize`'s
    inputs, which a TF1 helper holds itself)."""

    class Helper:
        first, kwargs = None, {}

        @property
        def sampler(self):
            helper = self

            class Sampler(tfa.seq2seq.Sampler):
                batch_size = property(lambda self: helper.batch_size)
                sample_ids_shape = property(lambda self: helper.sample_ids_shape)
                sample_ids_dtype = property(lambda self: helper.sample_ids_dtype)

                def initialize(self, inputs, **kwargs):
                    return helper.initialize()

                def sample(self, time, outputs, state):
                    return helper.sample(time, outputs, state)

                def next_inputs(self, time, outputs, state, sample_ids):
                    return helper.next_inputs(time, outputs, state, sample_ids)

            return Sampler()

    return Helper


def _output_projection_wrapper(tf):
    """TF 1.15's contrib.rnn.OutputProjectionWrapper (core_rnn_cell.py), re-typed: a dense
    projection named `kernel`/`bias` in the cell's scope after the wrapped cell."""

    class OutputProjectionWrapper(tf.nn.rnn_cell.RNNCell):
        def __init__(self, cell, output_size, activation=None, reuse=None):
            super().__init__(_reuse=reuse)
            self._cell = cell
            self._output_size = output_size
            self._activation = activation
            self._linear = None

        @property
        def state_size(self):
            return self._cell.state_size

        @property
        def output_size(self):
            return self._output_size

        def zero_state(self, batch_size, dtype):
            return self._cell.zero_state(batch_size, dtype)

        def call(self, inputs, state):
            output, res_state = self._cell(inputs, state)
            width = output.shape[-1]
            kernel = tf.get_variable("kernel", [width, self._output_size])
            bias = tf.get_variable("bias", [self._output_size], initializer=tf.zeros_initializer())
            projected = tf.matmul(output, kernel) + bias
            if self._activation:
                projected = self._activation(projected)
            return projected, res_state

    return OutputProjectionWrapper


class HParams:
    """TF 1.15's contrib.training.HParams, the part GPT-2 uses (attributes, values(),
    override_from_dict), re-typed."""

    def __init__(self, **kwargs):
        self._hparam_types = {}
        for name, value in kwargs.items():
            self.add_hparam(name, value)

    def add_hparam(self, name, value):
        if getattr(self, name, None) is not None:
            raise ValueError(f"Hyperparameter name is reserved: {name}")
        self._hparam_types[name] = type(value)
        setattr(self, name, value)

    def set_hparam(self, name, value):
        if name not in self._hparam_types:
            raise KeyError(name)
        setattr(self, name, value)

    def override_from_dict(self, values_dict):
        for name, value in values_dict.items():
            self.set_hparam(name, value)
        return self

    def values(self):
        return {n: getattr(self, n) for n in self._hparam_types}


def main(names: list[str]) -> None:
    tf = harness.import_tf1(legacy_keras=True)
    chosen = {n: PROGRAMS[n] for n in names} if names else PROGRAMS
    results = harness.run_programs(tf, chosen, PRELUDE, CONTRIB=contrib_for_tf2(tf))
    harness.dump({"tensorflow": tf.__version__, "programs": results})


if __name__ == "__main__":
    main(sys.argv[1:])
