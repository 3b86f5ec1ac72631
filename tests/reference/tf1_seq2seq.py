"""Record what TensorFlow computes for TF 1.15's `tf.contrib.crf` and `tf.contrib.seq2seq`
(dev-only).

    pip download tensorflow-addons==0.23.0 --no-deps -d /tmp/tfa
    pip install --target /tmp/tfa_site --no-deps /tmp/tfa/tensorflow_addons-*.whl "typeguard<3"
    # Addons 0.23 predates Keras 3 and NumPy 2: in /tmp/tfa_site/tensorflow_addons,
    # utils/types.py imports keras.src.engine (make it tf_keras.src.engine) and
    # seq2seq/*.py spell np.Inf (make it np.inf).
    TF_USE_LEGACY_KERAS=1 PYTHONPATH=/tmp/tfa_site /work/tfvenv/bin/python \
        tests/reference/tf1_seq2seq.py > tests/unit/engine/fixtures/tf1_seq2seq.json

TF 2 has no `tf.contrib`. The reference is TensorFlow Addons 0.23 (`tfa.text` crf,
`tfa.seq2seq`), the port of TF 1.15's contrib code to TF 2, run in `tf.compat.v1` graph
mode on TF 2.21 with tf_keras; `tf.nn.raw_rnn` is TensorFlow's own.
`contrib_over_addons()` below spells TF 1.15's API (helpers given to `BasicDecoder`,
`dynamic_decode(decoder)`, `zero_state`, `BeamSearchDecoder`'s constructor arguments)
over Addons' (samplers, `decoder.initialize(...)`). The programs
are TF1 code run unchanged but for the module bound to `tf`; weights are set with
`fix(sess)`, which loads each trainable variable with a value fixed by its shape alone
(TF 1.15, Addons and graphgate name some variables differently), so the programs keep
the shapes of different weights distinct.
"""

from __future__ import annotations

import functools

import numpy as np

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness


PROGRAMS = {
    "crf_scores": """
x = tf.placeholder(tf.float32, [3, 4, 5], name="x")
tags = tf.constant([[0, 1, 4, 2], [3, 3, 0, 1], [2, 0, 0, 0]])
lengths = tf.constant([4, 2, 1])
trans = tf.constant(weights([5, 5], 1))
crf = tf.contrib.crf
vals = [crf.crf_sequence_score(x, tags, lengths, trans),
        crf.crf_unary_score(tags, lengths, x),
        crf.crf_binary_score(tags, lengths, trans),
        crf.crf_log_norm(x, lengths, trans)]
ll, _ = crf.crf_log_likelihood(x, tags, lengths, trans)
out["static"] = [v.shape.as_list() for v in vals + [ll]]
g = tf.gradients(tf.reduce_sum(ll * [1.0, 2.0, 3.0]), [x, trans])
bitmap = tf.constant(np.array([[[1, 1, 0, 0, 1]] * 4, [[0, 1, 1, 1, 1]] * 4,
                               [[1, 0, 1, 0, 1]] * 4], bool))
multi = crf.crf_multitag_sequence_score(x, bitmap, lengths, trans)
with tf.Session() as sess:
    r = sess.run(vals + [ll, g, multi], {x: inputs(3, 4, 5)})
    out["values"] = [np.asarray(v).tolist() for v in r[:5]]
    out["grads"] = [v.tolist() for v in r[5]]
    out["multitag"] = r[6].tolist()
""",
    "crf_single_step_and_int64": """
x = tf.placeholder(tf.float32, [2, 1, 3], name="x")
tags = tf.constant([[2], [0]], tf.int64)
lengths = tf.constant([1, 0], tf.int64)
trans = tf.constant(weights([3, 3], 2))
crf = tf.contrib.crf
ll, _ = crf.crf_log_likelihood(x, tags, lengths, trans)
dtags, best = crf.crf_decode(x, trans, tf.constant([1, 1]))
y = tf.placeholder(tf.float32, [2, 3, 3])
t3 = tf.constant([[2, 1, 0], [0, 0, 1]], tf.int64)
ll3, _ = crf.crf_log_likelihood(y, t3, tf.constant([3, 2], tf.int64), trans)
with tf.Session() as sess:
    r = sess.run([ll, dtags, best, ll3], {x: inputs(2, 1, 3), y: inputs(2, 3, 3)})
    out["values"] = [np.asarray(v).tolist() for v in r]
""",
    "crf_decode": """
x = tf.placeholder(tf.float32, [3, 5, 4], name="x")
lengths = tf.placeholder(tf.int32, [3])
trans = tf.constant(weights([4, 4], 3) * 3.0)
tags, best = tf.contrib.crf.crf_decode(x, trans, lengths)
out["static"] = [tags.shape.as_list(), best.shape.as_list()]
out["dtypes"] = [tags.dtype.name, best.dtype.name]
with tf.Session() as sess:
    t, b = sess.run([tags, best], {x: inputs(3, 5, 4) * 2.0, lengths: [5, 3, 1]})
    out["tags"], out["best"] = t.tolist(), b.tolist()
    t, b = sess.run([tags, best], {x: inputs(3, 5, 4) * 2.0, lengths: [2, 0, 4]})
    out["tags_with_empty"], out["best_with_empty"] = t.tolist(), b.tolist()
v, s = tf.contrib.crf.viterbi_decode(inputs(5, 4) * 2.0, weights([4, 4], 3) * 3.0)
out["viterbi"] = [int(i) for i in v]
out["viterbi_score"] = float(s)
""",
    "crf_tagger_trains": """
tf.set_random_seed(1)
words = tf.constant(inputs(4, 6, 3), name="words")
gold = tf.constant([[0, 1, 2, 2, 1, 0], [1, 1, 0, 2, 0, 0], [2, 0, 1, 1, 2, 1],
                    [0, 0, 0, 1, 0, 0]])
lengths = tf.constant([6, 4, 5, 2])
w = tf.get_variable("w", [3, 3])
logits = tf.einsum("btd,dk->btk", words, w)
with tf.variable_scope("crf"):
    ll, trans = tf.contrib.crf.crf_log_likelihood(logits, gold, lengths)
loss = tf.reduce_mean(-ll)
train = tf.train.GradientDescentOptimizer(0.3).minimize(loss)
out["trans_shape"] = trans.shape.as_list()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    fix(sess)
    losses = []
    for _ in range(6):
        losses.append(float(sess.run([loss, train])[0]))
    out["losses"] = losses
    tags, _ = tf.contrib.crf.crf_decode(logits, trans, lengths)
    out["decoded"] = sess.run(tags).tolist()
""",
    "sequence_loss": """
logits = tf.placeholder(tf.float32, [2, 3, 4], name="logits")
targets = tf.constant([[1, 0, 3], [2, 2, 0]])
weights = tf.constant([[1.0, 0.5, 0.0], [1.0, 1.0, 2.0]])
s2s = tf.contrib.seq2seq
losses = [s2s.sequence_loss(logits, targets, weights),
          s2s.sequence_loss(logits, targets, weights, average_across_timesteps=False),
          s2s.sequence_loss(logits, targets, weights, average_across_batch=False),
          s2s.sequence_loss(logits, targets, weights, average_across_timesteps=False,
                            average_across_batch=False),
          s2s.sequence_loss(logits, targets, weights, average_across_timesteps=False,
                            average_across_batch=False, sum_over_timesteps=True,
                            sum_over_batch=True),
          s2s.sequence_loss(logits, targets, weights, average_across_timesteps=False,
                            average_across_batch=False, sum_over_timesteps=True),
          s2s.sequence_loss(logits, targets, weights, average_across_timesteps=False,
                            average_across_batch=False, sum_over_batch=True)]
out["static"] = [l.shape.as_list() for l in losses]
def squared(labels, logits):
    return tf.reduce_sum((tf.nn.softmax(logits) - tf.one_hot(labels, 4)) ** 2, axis=1)
losses.append(s2s.sequence_loss(logits, targets, weights, softmax_loss_function=squared))
g = tf.gradients(losses[0] + tf.reduce_sum(losses[3]) * 0.5 + losses[-1], logits)
with tf.Session() as sess:
    r = sess.run([losses, g], {logits: inputs(2, 3, 4) * 2.0})
    out["losses"] = [np.asarray(v).tolist() for v in r[0]]
    out["grad"] = r[1][0].tolist()
out["both"] = raises(lambda: s2s.sequence_loss(logits, targets, weights, sum_over_batch=True))
out["rank"] = raises(lambda: s2s.sequence_loss(logits[0], targets, weights))
""",
    "tile_batch_gather_tree_hardmax": """
s2s = tf.contrib.seq2seq
t = tf.placeholder(tf.float32, [2, 3])
tiled = s2s.tile_batch(t, 3)
nested = s2s.tile_batch((t, tf.constant([4, 5])), 2)
step_ids = tf.constant([[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [0, 1, 2]], [[3, 4, 5], [6, 7, 8]],
                        [[2, 3, 9], [1, 1, 1]]])
parent_ids = tf.constant([[[0, 0, 0], [0, 1, 2]], [[0, 1, 1], [2, 0, 1]],
                          [[2, 0, 1], [1, 1, 0]], [[1, 2, 0], [0, 2, 1]]])
trees = s2s.gather_tree(step_ids, parent_ids, tf.constant([4, 3]), 9)
short = s2s.gather_tree(step_ids, parent_ids, tf.constant([2, 0]), 5)
hard = s2s.hardmax(tf.constant([[0.1, 0.7, 0.2], [3.0, -1.0, 3.5]]))
out["static"] = [tiled.shape.as_list(), trees.shape.as_list(), hard.shape.as_list()]
with tf.Session() as sess:
    r = sess.run([tiled, nested, trees, short, hard], {t: inputs(2, 3)})
    out["tiled"] = r[0].tolist()
    out["nested"] = [v.tolist() for v in r[1]]
    out["trees"], out["short"], out["hard"] = r[2].tolist(), r[3].tolist(), r[4].tolist()
""",
    "training_helper_basic_decoder": """
s2s = tf.contrib.seq2seq
x = tf.placeholder(tf.float32, [3, 5, 2], name="x")
lengths = tf.constant([5, 3, 1])
cell = tf.nn.rnn_cell.LSTMCell(4)
helper = s2s.TrainingHelper(x, lengths)
init = cell.zero_state(3, tf.float32)
decoder = s2s.BasicDecoder(cell, helper, init, output_layer=tf.layers.Dense(7))
outputs, state, seq = s2s.dynamic_decode(decoder)
with tf.variable_scope("imputed"):
    cell2 = tf.nn.rnn_cell.GRUCell(3)
    decoder2 = s2s.BasicDecoder(cell2, s2s.TrainingHelper(tf.transpose(x, [1, 0, 2]), lengths,
                                                          time_major=True),
                                cell2.zero_state(3, tf.float32))
    outputs2, state2, seq2 = s2s.dynamic_decode(decoder2, impute_finished=True,
                                                output_time_major=True)
out["static"] = [outputs.rnn_output.shape.as_list(), outputs.sample_id.shape.as_list(),
                 outputs2.rnn_output.shape.as_list(), seq.shape.as_list()]
out["dtypes"] = [outputs.sample_id.dtype.name, seq.dtype.name]
loss = (tf.reduce_sum(outputs.rnn_output ** 2) + tf.reduce_sum(state.h)
        + tf.reduce_sum(outputs2.rnn_output * 3.0) + tf.reduce_sum(state2))
grads = tf.gradients(loss, [x] + tf.trainable_variables())
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    fix(sess)
    r = sess.run([outputs, state, seq, outputs2, state2, seq2, grads], {x: inputs(3, 5, 2)})
    out["grads"] = by_shape([x] + tf.trainable_variables(), r[6])
    out["rnn_output"], out["sample_id"] = r[0].rnn_output.tolist(), r[0].sample_id.tolist()
    out["c"], out["h"], out["lengths"] = r[1].c.tolist(), r[1].h.tolist(), r[2].tolist()
    out["imputed"] = [r[3].rnn_output.tolist(), r[3].sample_id.tolist(), r[4].tolist(),
                      r[5].tolist()]
""",
    "greedy_embedding_decoder": """
s2s = tf.contrib.seq2seq
embedding = tf.get_variable("embedding", [6, 3])
cell = tf.nn.rnn_cell.GRUCell(4)
init = tf.placeholder(tf.float32, [2, 4])
helper = s2s.GreedyEmbeddingHelper(embedding, tf.constant([1, 4]), 0)
decoder = s2s.BasicDecoder(cell, helper, init, output_layer=tf.layers.Dense(6))
outputs, state, seq = s2s.dynamic_decode(decoder, maximum_iterations=6)
with tf.variable_scope("short"):
    helper2 = s2s.GreedyEmbeddingHelper(embedding, tf.constant([2, 3]), 5)
    cell2 = tf.nn.rnn_cell.BasicRNNCell(5)
    outputs2, _, seq2 = s2s.dynamic_decode(
        s2s.BasicDecoder(cell2, helper2, cell2.zero_state(2, tf.float32) + 0.3,
                         output_layer=tf.layers.Dense(6)),
        maximum_iterations=4, impute_finished=True)
out["static"] = [outputs.rnn_output.shape.as_list(), outputs.sample_id.shape.as_list()]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    fix(sess)
    r = sess.run([outputs, state, seq, outputs2, seq2], {init: inputs(2, 4) * 2.0})
    out["rnn_output"], out["sample_id"] = r[0].rnn_output.tolist(), r[0].sample_id.tolist()
    out["state"], out["lengths"] = r[1].tolist(), r[2].tolist()
    out["second"] = [r[3].rnn_output.tolist(), r[3].sample_id.tolist(), r[4].tolist()]
""",
    "bahdanau_attention_decoder": """
s2s = tf.contrib.seq2seq
memory = tf.placeholder(tf.float32, [2, 5, 3], name="memory")
mlen = tf.constant([5, 3])
x = tf.placeholder(tf.float32, [2, 4, 2], name="x")
mech = s2s.BahdanauAttention(6, memory, memory_sequence_length=mlen, normalize=True)
cell = s2s.AttentionWrapper(tf.nn.rnn_cell.LSTMCell(5), mech, attention_layer_size=7,
                            alignment_history=True)
start = tf.nn.rnn_cell.LSTMStateTuple(tf.constant(inputs(2, 5)), tf.constant(inputs(2, 5)) * 0.5)
init = cell.zero_state(2, tf.float32).clone(cell_state=start)
decoder = s2s.BasicDecoder(cell, s2s.TrainingHelper(x, [4, 2]), init,
                           output_layer=tf.layers.Dense(8))
outputs, state, seq = s2s.dynamic_decode(decoder)
history = state.alignment_history.stack()
out["static"] = [outputs.rnn_output.shape.as_list(), state.attention.shape.as_list(),
                 state.alignments.shape.as_list()]
out["sizes"] = [int(cell.output_size)]
loss = tf.reduce_sum(outputs.rnn_output ** 2) + tf.reduce_sum(state.attention)
grads = tf.gradients(loss, [x, memory] + tf.trainable_variables())
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    fix(sess)
    r = sess.run([outputs.rnn_output, state.alignments, state.attention, history, seq, grads],
                 {x: inputs(2, 4, 2), memory: inputs(2, 5, 3) * 1.5})
    out["rnn_output"], out["alignments"], out["attention"] = [v.tolist() for v in r[:3]]
    out["history"], out["lengths"] = r[3].tolist(), r[4].tolist()
    out["grads"] = by_shape([x, memory] + tf.trainable_variables(), r[5])
""",
    "luong_attention_decoder": """
s2s = tf.contrib.seq2seq
memory = tf.placeholder(tf.float32, [2, 4, 3], name="memory")
embedding = tf.get_variable("embedding", [7, 2])
mech = s2s.LuongAttention(5, memory, memory_sequence_length=[2, 4], scale=True)
cell = s2s.AttentionWrapper(tf.nn.rnn_cell.GRUCell(5), mech, output_attention=False)
helper = s2s.GreedyEmbeddingHelper(embedding, tf.constant([0, 0]), 6)
decoder = s2s.BasicDecoder(cell, helper, cell.zero_state(2, tf.float32),
                           output_layer=tf.layers.Dense(7))
outputs, state, seq = s2s.dynamic_decode(decoder, maximum_iterations=5)
out["sizes"] = [cell.output_size]
out["static"] = [outputs.rnn_output.shape.as_list(), state.attention.shape.as_list()]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    fix(sess)
    r = sess.run([outputs, state.alignments, state.attention, seq],
                 {memory: inputs(2, 4, 3) * 2.0})
    out["rnn_output"], out["sample_id"] = r[0].rnn_output.tolist(), r[0].sample_id.tolist()
    out["alignments"], out["attention"], out["lengths"] = [v.tolist() for v in r[1:]]
""",
    "nmt_trains": """
s2s = tf.contrib.seq2seq
src = tf.constant([[1, 3, 4, 2], [2, 5, 0, 0], [4, 4, 3, 0]])
src_len = tf.constant([4, 2, 3])
tgt_in = tf.constant([[0, 3, 5, 1], [0, 2, 2, 0], [0, 4, 1, 0]])
tgt_out = tf.constant([[3, 5, 1, 6], [2, 2, 6, 0], [4, 1, 6, 0]])
tgt_len = tf.constant([4, 3, 3])
emb_src = tf.get_variable("emb_src", [6, 3])
emb_tgt = tf.get_variable("emb_tgt", [7, 2])
with tf.variable_scope("encoder"):
    enc_out, enc_state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(4),
                                           tf.nn.embedding_lookup(emb_src, src),
                                           sequence_length=src_len, dtype=tf.float32)
with tf.variable_scope("decoder"):
    mech = s2s.LuongAttention(5, enc_out, memory_sequence_length=src_len)
    cell = s2s.AttentionWrapper(tf.nn.rnn_cell.LSTMCell(5), mech, attention_layer_size=5)
    helper = s2s.TrainingHelper(tf.nn.embedding_lookup(emb_tgt, tgt_in), tgt_len)
    decoder = s2s.BasicDecoder(cell, helper, cell.zero_state(3, tf.float32),
                               output_layer=tf.layers.Dense(7, use_bias=False))
    outputs, _, _ = s2s.dynamic_decode(decoder)
weights = tf.sequence_mask(tgt_len, 4, dtype=tf.float32)
loss = s2s.sequence_loss(outputs.rnn_output, tgt_out, weights)
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    fix(sess)
    losses = []
    for _ in range(5):
        losses.append(float(sess.run([loss, train])[0]))
    out["losses"] = losses
""",
    "beam_search": """
s2s = tf.contrib.seq2seq
memory = tf.placeholder(tf.float32, [2, 4, 3], name="memory")
mlen = tf.constant([4, 2])
embedding = tf.get_variable("embedding", [6, 2])
beam = 3
with tf.variable_scope("dec"):
    mech = s2s.BahdanauAttention(5, s2s.tile_batch(memory, beam),
                                 memory_sequence_length=s2s.tile_batch(mlen, beam))
    cell = s2s.AttentionWrapper(tf.nn.rnn_cell.GRUCell(4), mech, attention_layer_size=3,
                                alignment_history=True)
    start = s2s.tile_batch(tf.constant(inputs(2, 4)), beam)
    init = cell.zero_state(2 * beam, tf.float32).clone(cell_state=start)
    decoder = s2s.BeamSearchDecoder(cell, embedding, tf.constant([0, 0]), 1, init, beam,
                                    output_layer=tf.layers.Dense(6),
                                    length_penalty_weight=0.6)
    outputs, state, seq = s2s.dynamic_decode(decoder, maximum_iterations=6)
out["static"] = [outputs.predicted_ids.shape.as_list(),
                 outputs.beam_search_decoder_output.scores.shape.as_list(), seq.shape.as_list()]
out["dtypes"] = [outputs.predicted_ids.dtype.name, seq.dtype.name, state.lengths.dtype.name]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    fix(sess)
    r = sess.run([outputs, state.log_probs, state.lengths, state.finished, seq,
                  state.cell_state.alignment_history], {memory: inputs(2, 4, 3) * 3.0})
    out["predicted_ids"] = r[0].predicted_ids.tolist()
    out["scores"] = r[0].beam_search_decoder_output.scores.tolist()
    out["step_ids"] = r[0].beam_search_decoder_output.predicted_ids.tolist()
    out["parent_ids"] = r[0].beam_search_decoder_output.parent_ids.tolist()
    out["log_probs"], out["lengths"], out["finished"], out["seq"] = [
        np.asarray(v).tolist() for v in r[1:5]]
    out["history"] = r[5].tolist()
""",
    "beam_search_coverage_time_major": """
s2s = tf.contrib.seq2seq
memory = tf.placeholder(tf.float32, [2, 3, 4], name="memory")
embedding = tf.get_variable("embedding", [5, 3])
beam = 2
mech = s2s.LuongAttention(4, s2s.tile_batch(memory, beam))
cell = s2s.AttentionWrapper(tf.nn.rnn_cell.BasicRNNCell(4), mech)
decoder = s2s.BeamSearchDecoder(cell, lambda ids: tf.nn.embedding_lookup(embedding, ids),
                                tf.constant([1, 2]), 0, cell.zero_state(4, tf.float32), beam,
                                output_layer=tf.layers.Dense(5),
                                coverage_penalty_weight=0.4)
outputs, state, seq = s2s.dynamic_decode(decoder, output_time_major=True,
                                         maximum_iterations=5)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    fix(sess)
    r = sess.run([outputs, state.log_probs, state.accumulated_attention_probs, seq],
                 {memory: inputs(2, 3, 4) * 2.0})
    out["predicted_ids"] = r[0].predicted_ids.tolist()
    out["scores"] = r[0].beam_search_decoder_output.scores.tolist()
    out["parent_ids"] = r[0].beam_search_decoder_output.parent_ids.tolist()
    out["log_probs"], out["coverage"], out["seq"] = [np.asarray(v).tolist() for v in r[1:]]
""",
    "sample_and_inference_helpers": """
s2s = tf.contrib.seq2seq
tf.set_random_seed(3)
embedding = tf.get_variable("embedding", [6, 3])
cell = tf.nn.rnn_cell.GRUCell(4)
init = tf.constant(inputs(3, 4))
helper = s2s.SampleEmbeddingHelper(embedding, tf.constant([1, 2, 3]), 0,
                                   softmax_temperature=0.5, seed=7)
outputs, _, seq = s2s.dynamic_decode(
    s2s.BasicDecoder(cell, helper, init, output_layer=tf.layers.Dense(6)),
    maximum_iterations=5)
with tf.variable_scope("inference"):
    cell2 = tf.nn.rnn_cell.BasicRNNCell(2)
    helper2 = s2s.InferenceHelper(
        sample_fn=lambda outputs: outputs * 2.0, sample_shape=[2], sample_dtype=tf.float32,
        start_inputs=tf.constant(inputs(3, 2)),
        end_fn=lambda sample_ids: sample_ids[:, 0] > 0.9)
    outputs2, state2, seq2 = s2s.dynamic_decode(
        s2s.BasicDecoder(cell2, helper2, tf.constant(inputs(3, 2)) * 0.5),
        maximum_iterations=4)
out["static"] = [outputs.sample_id.shape.as_list(), outputs2.sample_id.shape.as_list()]
out["dtypes"] = [outputs.sample_id.dtype.name, outputs2.sample_id.dtype.name]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    fix(sess)
    r = sess.run([outputs, seq, outputs2, state2, seq2])
    out["sample_id"], out["lengths"] = r[0].sample_id.tolist(), r[1].tolist()
    out["inference"] = [r[2].rnn_output.tolist(), r[2].sample_id.tolist(), r[3].tolist(),
                        r[4].tolist()]
""",
    "raw_rnn": """
x = tf.placeholder(tf.float32, [4, 3, 2], name="x")  # time-major
lengths = tf.constant([4, 2, 1])
inputs_ta = tf.TensorArray(tf.float32, size=4).unstack(x)
cell = tf.nn.rnn_cell.LSTMCell(3)
def loop_fn(time, cell_output, cell_state, loop_state):
    emit = cell_output
    if cell_output is None:
        next_state = cell.zero_state(3, tf.float32)
    else:
        next_state = cell_state
    finished = time >= lengths
    next_input = tf.cond(tf.reduce_all(finished), lambda: tf.zeros([3, 2]),
                         lambda: inputs_ta.read(time))
    return finished, next_input, next_state, emit, None
outputs_ta, state, loop_state = tf.nn.raw_rnn(cell, loop_fn)
outputs = outputs_ta.stack()
out["loop_state"] = loop_state is None
out["static"] = [outputs.shape.as_list(), state.c.shape.as_list()]
with tf.variable_scope("emits"):
    cell2 = tf.nn.rnn_cell.GRUCell(2)
    def loop_fn2(time, cell_output, cell_state, loop_state):
        if cell_output is None:
            return (tf.constant([False, False, False]), x[0], cell2.zero_state(3, tf.float32),
                    (tf.zeros([2]), tf.zeros([], tf.int32)),
                    tf.TensorArray(tf.float32, size=0, dynamic_size=True))
        emit = (cell_output * 2.0, tf.fill([3], time))
        finished = tf.logical_or(time >= 3, cell_output[:, 0] > 0.45)
        return (finished, x[tf.minimum(time, 3)], cell_state, emit,
                loop_state.write(time - 1, tf.reduce_sum(cell_output)))
    emits_ta, state2, sums_ta = tf.nn.raw_rnn(cell2, loop_fn2)
    emits = (emits_ta[0].stack(), emits_ta[1].stack())
    sums = sums_ta.stack()
loss = tf.reduce_sum(outputs ** 2) + tf.reduce_sum(state.c) + tf.reduce_sum(emits[0] * 3.0)
grads = tf.gradients(loss, [x] + tf.trainable_variables())
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    fix(sess)
    r = sess.run([outputs, state, emits, state2, sums, grads], {x: inputs(4, 3, 2)})
    out["outputs"], out["c"], out["h"] = r[0].tolist(), r[1].c.tolist(), r[1].h.tolist()
    out["emits"] = [r[2][0].tolist(), r[2][1].tolist()]
    out["state2"], out["sums"] = r[3].tolist(), r[4].tolist()
    out["grads"] = by_shape([x] + tf.trainable_variables(), r[5])
""",
    "multi_attention_and_layer_names": """
s2s = tf.contrib.seq2seq
memory = tf.placeholder(tf.float32, [2, 5, 3], name="memory")
x = tf.placeholder(tf.float32, [2, 3, 2], name="x")
mechs = [s2s.LuongAttention(4, memory, memory_sequence_length=[3, 5]),
         s2s.BahdanauAttention(6, memory, memory_sequence_length=[5, 2])]
cell = s2s.AttentionWrapper(tf.nn.rnn_cell.GRUCell(4), mechs, attention_layer_size=[2, 7],
                            alignment_history=True)
out["sizes"] = [int(cell.output_size)]
decoder = s2s.BasicDecoder(cell, s2s.TrainingHelper(x, [3, 2]), cell.zero_state(2, tf.float32))
outputs, state, seq = s2s.dynamic_decode(decoder, impute_finished=True)
histories = [h.stack() for h in state.alignment_history]
loss = tf.reduce_sum(outputs.rnn_output ** 2) + tf.reduce_sum(state.attention)
variables = tf.trainable_variables()
before = len(tf.global_variables())
y = tf.zeros([2, 3])
dense = [tf.layers.Dense(2, name="d"), tf.layers.Dense(2, name="d")]
with tf.variable_scope("s"):
    dense.append(tf.layers.Dense(2, name="d"))
ys = [layer(y) for layer in dense] + [dense[0](y)]
out["dense_names"] = [v.op.name for v in tf.global_variables()[before:]]
grads = tf.gradients(loss, [x, memory] + variables)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    fix(sess)
    r = sess.run([outputs.rnn_output, state.alignments, histories, grads],
                 {x: inputs(2, 3, 2), memory: inputs(2, 5, 3)})
    out["rnn_output"] = r[0].tolist()
    out["alignments"] = [a.tolist() for a in r[1]]
    out["histories"] = [h.tolist() for h in r[2]]
    out["grads"] = by_shape([x, memory] + variables, r[3])
""",
    "scheduled_helpers": """
# Sampling probabilities of 1 and 0 only: in between, which steps sample depends on the
# order TF's executor runs the loop's independent random draws in (parallel iterations).
s2s = tf.contrib.seq2seq
tf.set_random_seed(5)
x = tf.placeholder(tf.float32, [3, 4, 2], name="x")
embedding = tf.get_variable("embedding", [5, 2])
cell = tf.nn.rnn_cell.GRUCell(3)
helper = s2s.ScheduledEmbeddingTrainingHelper(x, [4, 3, 4], embedding, 1.0, seed=11,
                                              scheduling_seed=12)
outputs, state, seq = s2s.dynamic_decode(
    s2s.BasicDecoder(cell, helper, cell.zero_state(3, tf.float32),
                     output_layer=tf.layers.Dense(5)))
with tf.variable_scope("outputs"):
    cell2 = tf.nn.rnn_cell.BasicRNNCell(2)
    helper2 = s2s.ScheduledOutputTrainingHelper(x, [4, 2, 3], 1.0, seed=13)
    outputs2, state2, seq2 = s2s.dynamic_decode(
        s2s.BasicDecoder(cell2, helper2, cell2.zero_state(3, tf.float32)))
with tf.variable_scope("aux"):
    cell3 = tf.nn.rnn_cell.BasicRNNCell(3)
    helper3 = s2s.ScheduledOutputTrainingHelper(
        x, [4, 4, 2], 1.0, seed=14, next_inputs_fn=lambda out: out[:, :2] * 2.0,
        auxiliary_inputs=tf.constant(inputs(3, 4, 1)))
    outputs3, state3, seq3 = s2s.dynamic_decode(
        s2s.BasicDecoder(cell3, helper3, cell3.zero_state(3, tf.float32)))
with tf.variable_scope("never"):
    cell4 = tf.nn.rnn_cell.BasicRNNCell(2)
    helper4 = s2s.ScheduledEmbeddingTrainingHelper(x, [4, 3, 1], embedding, 0.0)
    outputs4, _, _ = s2s.dynamic_decode(
        s2s.BasicDecoder(cell4, helper4, cell4.zero_state(3, tf.float32)))
loss = (tf.reduce_sum(outputs.rnn_output ** 2) + tf.reduce_sum(outputs2.rnn_output)
        + tf.reduce_sum(outputs3.rnn_output * 2.0) + tf.reduce_sum(outputs4.rnn_output))
variables = tf.trainable_variables()
grads = tf.gradients(loss, [x] + variables)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    fix(sess)
    r = sess.run([outputs, seq, outputs2, state2, outputs3, state3, grads, outputs4],
                 {x: inputs(3, 4, 2)})
    out["never"] = [r[7].rnn_output.tolist(), r[7].sample_id.tolist()]
    out["first"] = [r[0].rnn_output.tolist(), r[0].sample_id.tolist(), r[1].tolist()]
    out["second"] = [r[2].rnn_output.tolist(), r[2].sample_id.tolist(), r[3].tolist()]
    out["third"] = [r[4].rnn_output.tolist(), r[4].sample_id.tolist(), r[5].tolist()]
    out["grads"] = by_shape([x] + variables, r[6])
""",
    "monotonic_attention": """
s2s = tf.contrib.seq2seq
p = tf.constant([[0.2, 0.5, 0.9, 0.1], [0.7, 0.3, 0.6, 0.8]])
prev = tf.constant([[0.6, 0.3, 0.1, 0.0], [0.1, 0.2, 0.3, 0.4]])
hard_p = tf.constant([[0.0, 1.0, 1.0, 0.0], [1.0, 0.0, 1.0, 1.0]])
hard_prev = tf.constant([[0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0]])
direct = [s2s.monotonic_attention(p, prev, "recursive"),
          s2s.monotonic_attention(p, prev, "parallel"),
          s2s.monotonic_attention(hard_p, hard_prev, "hard"), s2s.safe_cumprod(p, axis=1)]
memory = tf.placeholder(tf.float32, [2, 5, 3], name="memory")
x = tf.placeholder(tf.float32, [2, 3, 2], name="x")
results = []
for i, (kind, mode) in enumerate([("bahdanau", "parallel"), ("luong", "recursive"),
                                  ("bahdanau", "hard")]):
    with tf.variable_scope("m%d" % i):
        if kind == "bahdanau":
            mech = s2s.BahdanauMonotonicAttention(4, memory, memory_sequence_length=[5, 3],
                                                  normalize=True, score_bias_init=-1.0,
                                                  mode=mode)
            cell = s2s.AttentionWrapper(tf.nn.rnn_cell.GRUCell(3), mech, attention_layer_size=2)
        else:
            mech = s2s.LuongMonotonicAttention(3, memory, memory_sequence_length=[4, 5],
                                               scale=True, mode=mode)
            cell = s2s.AttentionWrapper(tf.nn.rnn_cell.GRUCell(3), mech)
        outputs, state, _ = s2s.dynamic_decode(s2s.BasicDecoder(
            cell, s2s.TrainingHelper(x, [3, 3]), cell.zero_state(2, tf.float32)))
        results.append([outputs.rnn_output, state.alignments])
loss = tf.add_n([tf.reduce_sum(r[0] ** 2) for r in results[:2]])
variables = tf.trainable_variables()
grads = tf.gradients(loss, [x, memory] + variables)
grads = [tf.zeros_like(v) if g is None else g for v, g in zip([x, memory] + variables, grads)]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    fix(sess)
    r = sess.run([direct, results, grads], {x: inputs(2, 3, 2), memory: inputs(2, 5, 3)})
    out["direct"] = [v.tolist() for v in r[0]]
    out["decoders"] = [[v.tolist() for v in pair] for pair in r[1]]
    out["grads"] = by_shape([x, memory] + variables, r[2])
""",
    "nmt_unknown_batch_beam_search_then_train": """
s2s = tf.contrib.seq2seq
src = tf.placeholder(tf.int32, [None, None]); src_len = tf.placeholder(tf.int32, [None])
tgt_in = tf.placeholder(tf.int32, [None, None]); tgt_out = tf.placeholder(tf.int32, [None, None])
tgt_len = tf.placeholder(tf.int32, [None])
emb = tf.get_variable("emb", [7, 3])
batch = tf.shape(src)[0]
with tf.variable_scope("enc"):
    enc, enc_state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(4), tf.nn.embedding_lookup(emb, src),
                                       sequence_length=src_len, dtype=tf.float32)
projection = tf.layers.Dense(7, name="proj")
with tf.variable_scope("dec"):
    mech = s2s.LuongAttention(4, enc, memory_sequence_length=src_len)
    cell = s2s.AttentionWrapper(tf.nn.rnn_cell.LSTMCell(4), mech, attention_layer_size=5)
    init = cell.zero_state(batch, tf.float32).clone(cell_state=enc_state)
    helper = s2s.TrainingHelper(tf.nn.embedding_lookup(emb, tgt_in), tgt_len)
    outputs, _, lengths = s2s.dynamic_decode(
        s2s.BasicDecoder(cell, helper, init, output_layer=projection))
    mask = tf.sequence_mask(tgt_len, tf.shape(tgt_out)[1], dtype=tf.float32)
    loss = s2s.sequence_loss(outputs.rnn_output, tgt_out, mask)
    train = tf.train.AdamOptimizer(0.05).minimize(loss)
with tf.variable_scope("dec", reuse=True):
    beam = 3
    mech = s2s.LuongAttention(4, s2s.tile_batch(enc, beam),
                              memory_sequence_length=s2s.tile_batch(src_len, beam))
    cell = s2s.AttentionWrapper(tf.nn.rnn_cell.LSTMCell(4), mech, attention_layer_size=5)
    init = cell.zero_state(batch * beam, tf.float32).clone(
        cell_state=s2s.tile_batch(enc_state, beam))
    decoder = s2s.BeamSearchDecoder(cell, emb, tf.fill([batch], 1), 2, init, beam,
                                    output_layer=projection, length_penalty_weight=0.4)
    beams, beam_state, beam_lengths = s2s.dynamic_decode(
        decoder, maximum_iterations=tf.reduce_max(src_len) * 2)
out["static"] = [outputs.rnn_output.shape.as_list(), beams.predicted_ids.shape.as_list(),
                 lengths.shape.as_list(), beam_lengths.shape.as_list()]
feed = {src: [[1, 3, 4, 5], [5, 4, 0, 0], [6, 3, 3, 0]], src_len: [4, 2, 3],
        tgt_in: [[1, 5, 4, 3], [1, 4, 5, 0], [1, 3, 3, 6]],
        tgt_out: [[5, 4, 3, 2], [4, 5, 2, 0], [3, 3, 6, 2]], tgt_len: [4, 3, 4]}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    fix(sess)
    # Beam search before training: Addons' Keras layers do not reuse variables by scope
    # as TF 1.15's did, so only while all weights hold fix()'s values do they agree.
    r = sess.run([beams.predicted_ids, beams.beam_search_decoder_output.scores, beam_lengths,
                  lengths], feed)
    out["predicted_ids"], out["scores"], out["beam_lengths"], out["lengths"] = [
        v.tolist() for v in r]
    out["losses"] = [float(sess.run([loss, train], feed)[0]) for _ in range(12)]
""",
    "attention_wrapper_in_dynamic_rnn": """
s2s = tf.contrib.seq2seq
memory = tf.placeholder(tf.float32, [2, 5, 3], name="memory")
x = tf.placeholder(tf.float32, [2, 4, 2], name="x")
mech = s2s.BahdanauAttention(4, memory, memory_sequence_length=[3, 5])
cell = s2s.AttentionWrapper(tf.nn.rnn_cell.GRUCell(3), mech, attention_layer_size=2,
                            alignment_history=True)
outputs, state = tf.nn.dynamic_rnn(cell, x, sequence_length=[4, 2],
                                   initial_state=cell.zero_state(2, tf.float32))
history = state.alignment_history.stack()
loss = tf.reduce_sum(outputs ** 2) + tf.reduce_sum(state.cell_state)
variables = tf.trainable_variables()
grads = tf.gradients(loss, [x, memory] + variables)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    fix(sess)
    r = sess.run([outputs, state.cell_state, state.attention, history, grads],
                 {x: inputs(2, 4, 2), memory: inputs(2, 5, 3)})
    out["outputs"], out["cell_state"], out["attention"], out["history"] = [
        v.tolist() for v in r[:4]]
    out["grads"] = by_shape([x, memory] + variables, r[4])
""",
    "bilstm_crf_tagger_trains": """
words = tf.placeholder(tf.int32, [None, None], name="words")
lengths = tf.placeholder(tf.int32, [None], name="lengths")
tags = tf.placeholder(tf.int32, [None, None], name="tags")
embeddings = tf.get_variable("embeddings", [9, 4])
x = tf.nn.embedding_lookup(embeddings, words)
(fw, bw), _ = tf.nn.bidirectional_dynamic_rnn(
    tf.nn.rnn_cell.LSTMCell(3), tf.nn.rnn_cell.LSTMCell(3), x, sequence_length=lengths,
    dtype=tf.float32)
hidden = tf.concat([fw, bw], axis=-1)
logits = tf.layers.dense(hidden, 5, name="proj")
ll, transitions = tf.contrib.crf.crf_log_likelihood(logits, tags, lengths)
loss = tf.reduce_mean(-ll)
train = tf.train.AdamOptimizer(0.05).minimize(loss)
decoded, best = tf.contrib.crf.crf_decode(logits, transitions, lengths)
feed = {words: [[1, 2, 3, 4, 5], [6, 7, 8, 0, 0], [2, 2, 5, 7, 0]], lengths: [5, 3, 4],
        tags: [[0, 1, 2, 2, 3], [4, 0, 1, 0, 0], [1, 1, 2, 4, 0]]}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    fix(sess)
    out["losses"] = [float(sess.run([loss, train], feed)[0]) for _ in range(10)]
    d, b, t = sess.run([decoded, best, transitions], feed)
    out["decoded"], out["best"], out["transitions"] = d.tolist(), b.tolist(), t.tolist()
    scores = sess.run(logits, feed)
    out["viterbi"] = [[int(i) for i in tf.contrib.crf.viterbi_decode(scores[k, :n], t)[0]]
                      for k, n in enumerate([5, 3, 4])]
""",
    "crf_unknown_shapes": """
crf = tf.contrib.crf
p = tf.placeholder(tf.float32, [None, None, 4])
t = tf.placeholder(tf.int32, [None, None])
n = tf.placeholder(tf.int32, [None])
trans = tf.constant(weights([4, 4], 5))
ll, _ = crf.crf_log_likelihood(p, t, n, trans)
tags, best = crf.crf_decode(p, trans, n)
g = tf.gradients(tf.reduce_sum(ll), p)[0]
with tf.Session() as sess:
    runs = []
    # (Addons' crf fails a one-step run when the time axis is unknown; TF 1.15's did not.)
    for steps, lengths in ((2, [2, 0]), (3, [3, 1])):
        feed = {p: inputs(2, steps, 4), t: [[k % 4 for k in range(steps)], [1] * steps],
                n: lengths}
        runs.append([v.tolist() for v in sess.run([ll, tags, best, g], feed)])
    out["crf"] = runs
""",
}


def inputs(*shape):
    """Fixed inputs of `shape`: values in [-1, 1] that differ from element to element."""
    n = int(np.prod(shape))
    return (np.sin(np.arange(1, n + 1) * 1.7) * 0.9).reshape(shape).astype(np.float32)


def weights(shape, k=0):
    n = int(np.prod(shape))
    return (np.cos(np.arange(1, n + 1) * 0.37 + k) * 0.6).reshape(shape).astype(np.float32)


def _dense(g) -> np.ndarray:
    """A gradient's value; TF gives an embedding's as IndexedSlices."""
    if hasattr(g, "indices") and hasattr(g, "dense_shape"):
        out = np.zeros(g.dense_shape, g.values.dtype)
        np.add.at(out, g.indices, g.values)
        return out
    return np.asarray(g)


def by_shape(variables, grads) -> dict:
    """The variables' shapes and gradients in an order both engines share: by shape, then
    by the gradient's sum (the engines make variables in different orders and names)."""
    pairs = [(v.shape.as_list(), _dense(g)) for v, g in zip(variables, grads, strict=True)]
    pairs.sort(key=lambda p: (p[0], float(p[1].sum())))
    return {"shapes": [str(shape) for shape, _ in pairs], "grads": [g.tolist() for _, g in pairs]}


def run(tf, reset, names=None) -> dict:
    """What each program (all, or those `names`) observed, by program name."""

    def scope(out: dict) -> dict:
        def fix(sess):
            for v in tf.trainable_variables():
                shape = v.shape.as_list()
                v.load(weights(shape, sum(shape) + len(shape)), sess)

        raises = functools.partial(harness.raised_classes, with_object=True)
        return {
            "tf": tf,
            "np": np,
            "out": out,
            "inputs": inputs,
            "fix": fix,
            "raises": raises,
            "weights": weights,
            "by_shape": by_shape,
        }

    return harness.run_each(PROGRAMS, reset, scope, names)


def contrib_over_addons(tf, tfa):
    """TF 1.15's `tf.contrib.crf` and `tf.contrib.seq2seq` spelled over Addons'."""
    from types import SimpleNamespace

    crf = SimpleNamespace(
        **{
            n: getattr(tfa.text, n)
            for n in (
                "crf_log_likelihood",
                "crf_sequence_score",
                "crf_log_norm",
                "crf_unary_score",
                "crf_binary_score",
                "crf_decode",
                "crf_multitag_sequence_score",
                "viterbi_decode",
            )
        }
    )
    return SimpleNamespace(crf=crf, seq2seq=_seq2seq_over_addons(tf, tfa))


def gather_tree_kernel(step_ids, parent_ids, max_sequence_lengths, end_token):
    """TF's C++ `GatherTree` kernel (contrib/seq2seq/kernels/beam_search_ops.cc) in numpy:
    Addons' compiled kernel, built for TF 2.15, returns only end tokens on TF 2.21."""
    max_time, batch_size, beam_width = parent_ids.shape
    beams = np.full(parent_ids.shape, end_token, np.int32)
    for batch in range(batch_size):
        length = min(max_time, int(max_sequence_lengths[batch]))
        for beam in range(beam_width if length > 0 else 0):
            beams[length - 1, batch, beam] = step_ids[length - 1, batch, beam]
            parent = parent_ids[length - 1, batch, beam]
            for level in range(length - 2, -1, -1):
                beams[level, batch, beam] = step_ids[level, batch, parent]
                parent = parent_ids[level, batch, parent]
            finished = False
            for time in range(length):
                if finished:
                    beams[time, batch, beam] = end_token
                elif beams[time, batch, beam] == end_token:
                    finished = True
    return beams


def _helpers_over_addons(s2s) -> dict:
    """TF 1.15's helpers as Addons' samplers with the arguments `initialize` takes."""

    class TrainingHelper:
        def __init__(self, inputs, sequence_length, time_major=False):
            self.sampler = s2s.TrainingSampler(time_major=time_major)
            self.first = inputs
            self.kwargs = {"sequence_length": sequence_length}

    class GreedyEmbeddingHelper:
        def __init__(self, embedding, start_tokens, end_token):
            self.sampler = s2s.GreedyEmbeddingSampler()
            self.first = embedding
            self.kwargs = {"start_tokens": start_tokens, "end_token": end_token}

    class SampleEmbeddingHelper(GreedyEmbeddingHelper):
        def __init__(self, embedding, start_tokens, end_token, softmax_temperature=None, seed=None):
            super().__init__(embedding, start_tokens, end_token)
            self.sampler = s2s.SampleEmbeddingSampler(
                softmax_temperature=softmax_temperature, seed=seed
            )

    class InferenceHelper:
        def __init__(
            self, sample_fn, sample_shape, sample_dtype, start_inputs, end_fn, next_inputs_fn=None
        ):
            self.sampler = s2s.InferenceSampler(
                sample_fn, sample_shape, sample_dtype, end_fn, next_inputs_fn
            )
            self.first = start_inputs
            self.kwargs = {}

    class ScheduledEmbeddingTrainingHelper(TrainingHelper):
        def __init__(
            self,
            inputs,
            sequence_length,
            embedding,
            sampling_probability,
            time_major=False,
            seed=None,
            scheduling_seed=None,
        ):
            super().__init__(inputs, sequence_length, time_major)
            self.sampler = s2s.ScheduledEmbeddingTrainingSampler(
                sampling_probability,
                time_major=time_major,
                seed=seed,
                scheduling_seed=scheduling_seed,
            )
            self.kwargs["embedding"] = embedding

    class ScheduledOutputTrainingHelper(TrainingHelper):
        def __init__(
            self,
            inputs,
            sequence_length,
            sampling_probability,
            time_major=False,
            seed=None,
            next_inputs_fn=None,
            auxiliary_inputs=None,
        ):
            super().__init__(inputs, sequence_length, time_major)
            self.sampler = s2s.ScheduledOutputTrainingSampler(
                sampling_probability,
                time_major=time_major,
                seed=seed,
                next_inputs_fn=next_inputs_fn,
            )
            self.kwargs["auxiliary_inputs"] = auxiliary_inputs

    return {
        "TrainingHelper": TrainingHelper,
        "GreedyEmbeddingHelper": GreedyEmbeddingHelper,
        "SampleEmbeddingHelper": SampleEmbeddingHelper,
        "InferenceHelper": InferenceHelper,
        "ScheduledEmbeddingTrainingHelper": ScheduledEmbeddingTrainingHelper,
        "ScheduledOutputTrainingHelper": ScheduledOutputTrainingHelper,
    }


def _seq2seq_over_addons(tf, tfa):
    from types import SimpleNamespace

    s2s = tfa.seq2seq

    def gather_tree(step_ids, parent_ids, max_sequence_lengths, end_token):
        args = [
            tf.convert_to_tensor(a, tf.int32)
            for a in (step_ids, parent_ids, max_sequence_lengths, end_token)
        ]
        out = tf.numpy_function(gather_tree_kernel, args, tf.int32)
        out.set_shape(args[1].shape)
        return out

    s2s.beam_search_decoder.gather_tree = gather_tree

    class BasicDecoder:
        def __init__(self, cell, helper, initial_state, output_layer=None):
            self.decoder = s2s.BasicDecoder(cell, helper.sampler, output_layer=output_layer)
            self.first = helper.first
            self.kwargs = dict(helper.kwargs, initial_state=initial_state)

    class BeamSearchDecoder:
        def __init__(
            self,
            cell,
            embedding,
            start_tokens,
            end_token,
            initial_state,
            beam_width,
            output_layer=None,
            length_penalty_weight=0.0,
            coverage_penalty_weight=0.0,
            reorder_tensor_arrays=True,
        ):
            fn = embedding if callable(embedding) else None
            self.decoder = s2s.BeamSearchDecoder(
                cell,
                beam_width,
                embedding_fn=fn,
                output_layer=output_layer,
                length_penalty_weight=length_penalty_weight,
                coverage_penalty_weight=coverage_penalty_weight,
                reorder_tensor_arrays=reorder_tensor_arrays,
            )
            self.first = None if callable(embedding) else embedding
            self.kwargs = {
                "start_tokens": start_tokens,
                "end_token": end_token,
                "initial_state": initial_state,
            }

    def dynamic_decode(
        decoder, output_time_major=False, impute_finished=False, maximum_iterations=None
    ):
        return s2s.dynamic_decode(
            decoder.decoder,
            output_time_major=output_time_major,
            impute_finished=impute_finished,
            maximum_iterations=maximum_iterations,
            decoder_init_input=decoder.first,
            decoder_init_kwargs=decoder.kwargs,
        )

    class AttentionWrapper(s2s.AttentionWrapper):
        def zero_state(self, batch_size, dtype):
            return self.get_initial_state(batch_size=batch_size, dtype=dtype)

    def BahdanauAttention(num_units, memory, memory_sequence_length=None, normalize=False):
        return s2s.BahdanauAttention(num_units, memory, memory_sequence_length, normalize)

    def BahdanauMonotonicAttention(
        num_units,
        memory,
        memory_sequence_length=None,
        normalize=False,
        score_bias_init=0.0,
        mode="parallel",
    ):
        return s2s.BahdanauMonotonicAttention(
            num_units,
            memory,
            memory_sequence_length,
            normalize,
            score_bias_init=score_bias_init,
            mode=mode,
        )

    def LuongMonotonicAttention(
        num_units,
        memory,
        memory_sequence_length=None,
        scale=False,
        score_bias_init=0.0,
        mode="parallel",
    ):
        return s2s.LuongMonotonicAttention(
            num_units,
            memory,
            memory_sequence_length,
            scale,
            score_bias_init=score_bias_init,
            mode=mode,
        )

    def LuongAttention(num_units, memory, memory_sequence_length=None, scale=False):
        return s2s.LuongAttention(num_units, memory, memory_sequence_length, scale)

    return SimpleNamespace(
        **_helpers_over_addons(s2s),
        sequence_loss=s2s.sequence_loss,
        tile_batch=s2s.tile_batch,
        hardmax=s2s.hardmax,
        gather_tree=gather_tree,
        BasicDecoder=BasicDecoder,
        BeamSearchDecoder=BeamSearchDecoder,
        dynamic_decode=dynamic_decode,
        AttentionWrapper=AttentionWrapper,
        BahdanauAttention=BahdanauAttention,
        LuongAttention=LuongAttention,
        BahdanauMonotonicAttention=BahdanauMonotonicAttention,
        LuongMonotonicAttention=LuongMonotonicAttention,
        monotonic_attention=s2s.monotonic_attention,
        safe_cumprod=s2s.safe_cumprod,
    )


if __name__ == "__main__":
    import tensorflow.compat.v1 as tf
    import tensorflow_addons as tfa

    tf.disable_v2_behavior()
    tf.contrib = contrib_over_addons(tf, tfa)
    harness.dump(run(tf, tf.reset_default_graph), sort_keys=True)
