"""Record what TensorFlow computes for a sixth round of famous TF1 code bases, at tiny
sizes (dev-only).

    PYTHONPATH=/tmp/tf1ex6_site TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python \
        tests/reference/tf1_models6.py > tests/unit/engine/fixtures/tf1_models6.json

(/tmp/tf1ex6_site as tests/reference/tf1_models.py says; `python tf1_models6.py NAME...`
prints only the named programs, for development.)

Re-typed at tiny sizes, each in its code base's own TF1 spellings, code bases the earlier
rounds leave out: WindQAQ's Listen-Attend-Spell (`las_`: pyramidal BLSTMs, hand-written
attention), a Deep Speech 2 (`ds2_`: CTC with its flags, batch norm before the RNN),
MaybeShewill-CV's CRNN (`crnn_`: beam search without merging repeats), matterport's
PyramidROIAlign (`mrcnn_`: FPN levels by tf.round, crop_and_resize and avg_pool, the
mask loss by gather_nd), CenterNet (`centernet_`: the focal loss, max_pool peaks),
balancap's SSD hard negative mining (`ssd_`), shekkizh's FCN (`fcn_`), JiahuiYu's
DeepFill (`deepfill_`: gated convolutions, contextual attention), Deep Image Prior
(`dip_`), the IWAE bound (`iwae_`), Burgess' capacity-annealed beta-VAE (`betavae_`),
openai's evolution strategies (`es_`: SetFromFlat/GetFlat, antithetic noise, centered
ranks), NoisyNet-DQN (`noisynet_`), baselines' HER (`her_`: the TF Normalizer, goal
relabelling, MpiAdam), carlini's L2 attack (`cw_`), PAIR's saliency (`saliency_`),
compare_gan's BigGAN (`biggan_`: conditional batch norm, orthogonal regularization),
DARTS (`darts_`), GraphSAGE (`graphsage_`: the random_shuffle sampler), OpenKE's TransE
and TransH (`openke_`), ESIM (`esim_`), Matching Networks (`matchnet_`), rinuboney's
ladder network (`ladder_`: an ExponentialMovingAverage applied in a cond's branch and
grouped outside it), mouna99's DIEN (`dien_`: AUGRU, the auxiliary loss), tnakae's DAGMM
(`dagmm_`: the GMM energy by Cholesky), mdeff's ChebNet (`chebnet_`: sparse Laplacian
polynomials), microsoft's sparse GGNN (`ggnn_`), baselines' ACER (`acer_`: Retrace, the
trust region on f), taki0112's U-GAT-IT (`ugatit_`: AdaLIN with a constrained rho, CAM),
wbenbihi's stacked hourglass (`hourglass_`: tf.unravel_index), hx173149's C3D (`c3d_`),
paarthneekhara's ByteNet (`bytenet_`: causal atrous_conv2d), LSTNet (`lstnet_`),
hardmaru's HyperLSTM (`hyperlstm_`), DeepAR (`deepar_`: ancestral sampling),
autoaugment's shake-shake and shake-drop (`autoaugment_`) and philferriere's PWC-Net
(`pwcnet_`: contrib.image.dense_image_warp, the cost volume by slices). No data comes from the
internet: inputs are small seeded arrays; initial values are seeded (`tf.set_random_seed`,
numpy's seed where a code base draws with numpy) or explicit. Where a code base's graph
leaves TF's executor an order to choose, the program is arranged, and says how, so that
TF's answer is one.

The prelude is tf1_models3's (`slim`, `contrib`, `R`, `RS`, `LS`, `fix`, `rand`); under
TF, `contrib` is tf1_models5's with TF 1.15's contrib.image warps, from Addons. Each
program stores what it observed in `out[...]`; `tests/unit/engine/test_tf1_models6.py`
runs the same text against graphgate and compares.
"""

from __future__ import annotations

import sys

try:
    from tests.reference import harness, tf1_models5
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness
    import tf1_models5


PRELUDE = tf1_models5.PRELUDE

SPEECH_PROGRAMS = {
    # WindQAQ/listen-attend-and-spell: a BLSTM then pyramidal BLSTMs that halve time by
    # reshaping frame pairs into one, a speller LSTMCell with hand-written dot attention
    # (phi/psi projections under AUTO_REUSE), teacher forcing, masked loss, greedy decode.
    "las_pyramidal_blstm_attend_spell": r"""
tf.set_random_seed(1101)
B, T, F, V, U = 2, 8, 3, 6, 4
x = tf.placeholder(tf.float32, [None, None, F])
x_len = tf.placeholder(tf.int32, [None])
y_in = tf.placeholder(tf.int32, [None, U])
y_out = tf.placeholder(tf.int32, [None, U])
y_len = tf.placeholder(tf.int32, [None])

def blstm(inputs, seq_len, units, name):
  with tf.variable_scope(name):
    fw = tf.nn.rnn_cell.LSTMCell(units)
    bw = tf.nn.rnn_cell.LSTMCell(units)
    (o_fw, o_bw), _ = tf.nn.bidirectional_dynamic_rnn(fw, bw, inputs, sequence_length=seq_len,
                                                      dtype=tf.float32)
    return tf.concat([o_fw, o_bw], -1)

def pblstm(inputs, seq_len, units, name):
  batch = tf.shape(inputs)[0]
  time = tf.shape(inputs)[1]
  depth = inputs.shape[-1].value
  padded = tf.pad(inputs, [[0, 0], [0, tf.mod(time, 2)], [0, 0]])
  merged = tf.reshape(padded, [batch, -1, 2 * depth])
  new_len = tf.cast(tf.ceil(tf.cast(seq_len, tf.float32) / 2.0), tf.int32)
  return blstm(merged, new_len, units, name), new_len

with tf.variable_scope("listener"):
  h = blstm(x, x_len, 4, "blstm_0")
  h, h_len = pblstm(h, x_len, 3, "pblstm_1")
  h, h_len = pblstm(h, h_len, 3, "pblstm_2")

embedding = tf.get_variable("embedding", [V, 4])
cell = tf.nn.rnn_cell.LSTMCell(6, name="speller_cell")
mask = tf.sequence_mask(h_len, tf.shape(h)[1])

def attend(query, listener):
  with tf.variable_scope("attention", reuse=tf.AUTO_REUSE):
    phi = tf.layers.dense(query, 5, activation=tf.nn.relu, name="phi")
    psi = tf.layers.dense(listener, 5, activation=tf.nn.relu, name="psi")
    energy = tf.reduce_sum(tf.expand_dims(phi, 1) * psi, -1)
    energy = tf.where(mask, energy, tf.ones_like(energy) * -1e9)
    alpha = tf.nn.softmax(energy)
    return tf.reduce_sum(tf.expand_dims(alpha, -1) * listener, 1), alpha

def speller(first_inputs, feed_previous):
  state = cell.zero_state(tf.shape(h)[0], tf.float32)
  context = tf.zeros([tf.shape(h)[0], h.shape[-1].value])
  logits, alphas, ids = [], [], []
  prev = first_inputs[:, 0]
  for t in range(U):
    tok = prev if feed_previous else first_inputs[:, t]
    inp = tf.concat([tf.nn.embedding_lookup(embedding, tok), context], -1)
    with tf.variable_scope("speller", reuse=tf.AUTO_REUSE):
      out, state = cell(inp, state)
    context, alpha = attend(out, h)
    with tf.variable_scope("char_dist", reuse=tf.AUTO_REUSE):
      logit = tf.layers.dense(tf.concat([out, context], -1), V, name="mlp")
    logits.append(logit); alphas.append(alpha)
    prev = tf.argmax(logit, -1, output_type=tf.int32)
    ids.append(prev)
  return tf.stack(logits, 1), tf.stack(alphas, 1), tf.stack(ids, 1)

logits, _, _ = speller(y_in, False)
_, alignments, decoded = speller(y_in, True)
weights = tf.sequence_mask(y_len, U, dtype=tf.float32)
xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y_out, logits=logits)
loss = tf.reduce_sum(xent * weights) / tf.reduce_sum(weights)
train = tf.train.AdamOptimizer(0.02).minimize(loss)
rs = np.random.RandomState(11)
feed = {x: rs.normal(size=(B, T, F)).astype(np.float32), x_len: [8, 5],
        y_in: [[0, 2, 3, 4], [0, 5, 1, 1]], y_out: [[2, 3, 4, 1], [5, 1, 1, 1]], y_len: [4, 2]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["h_len"] = L(sess.run(h_len, feed))
out["hist"] = L([sess.run([loss, train], feed)[0] for _ in range(4)])
out["align"], out["decoded"] = LS(sess.run([alignments, decoded], feed))
out["vars"] = [v.op.name for v in tf.trainable_variables()]
""",
    # A TF1 Deep Speech 2 (in the spirit of tensorflow/models research/deep_speech and its
    # TF1 ports): strided conv2d over the spectrogram, batch norm, clipped ReLU, a
    # sequence-wise batch-normed bidirectional GRU, CTC with its flags, greedy decoding and
    # the label error rate by edit_distance.
    "ds2_conv_bn_birnn_ctc_flags": r"""
tf.set_random_seed(1102)
B, T, F, V = 2, 10, 6, 4  # V labels; the blank is the last class
feats = tf.placeholder(tf.float32, [None, T, F, 1])
feat_len = tf.placeholder(tf.int32, [None])
labels = tf.sparse_placeholder(tf.int32)
is_training = tf.placeholder_with_default(True, [])

def clipped_relu(x):
  return tf.minimum(tf.nn.relu(x), 20.0)

net = tf.layers.conv2d(feats, 3, [3, 3], strides=[2, 2], padding="same", use_bias=False,
                       name="cnn_1")
net = tf.layers.batch_normalization(net, momentum=0.997, epsilon=1e-5, training=is_training,
                                    name="cnn_1_bn")
net = clipped_relu(net)
net = tf.reshape(net, [-1, net.shape[1].value, net.shape[2].value * net.shape[3].value])
seq_len = tf.cast(tf.ceil(tf.cast(feat_len, tf.float32) / 2.0), tf.int32)
net = tf.layers.batch_normalization(net, training=is_training, name="rnn_1_bn")
fw, bw = tf.nn.rnn_cell.GRUCell(5), tf.nn.rnn_cell.GRUCell(5)
(o_fw, o_bw), _ = tf.nn.bidirectional_dynamic_rnn(fw, bw, net, sequence_length=seq_len,
                                                  dtype=tf.float32, scope="rnn_1")
net = tf.concat([o_fw, o_bw], -1)
logits = tf.layers.dense(net, V + 1, name="fc")
logits_tm = tf.transpose(logits, [1, 0, 2])
ctc = tf.nn.ctc_loss(labels, logits_tm, seq_len)
loss = tf.reduce_mean(ctc)
no_merge = tf.nn.ctc_loss(labels, logits_tm, seq_len, ctc_merge_repeated=False)
collapsed = tf.nn.ctc_loss(labels, logits_tm, seq_len, preprocess_collapse_repeated=True)
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
with tf.control_dependencies(update_ops):
  train = tf.train.MomentumOptimizer(0.05, 0.9, use_nesterov=True).minimize(loss)
decoded, neg_sum_logits = tf.nn.ctc_greedy_decoder(logits_tm, seq_len)
ler = tf.reduce_mean(tf.edit_distance(tf.cast(decoded[0], tf.int32), labels))
rs = np.random.RandomState(12)
feed = {feats: rs.normal(size=(B, T, F, 1)).astype(np.float32), feat_len: [10, 7],
        labels: tf.SparseTensorValue([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1]],
                                     np.array([1, 1, 2, 3, 0], np.int32), [2, 3])}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["flags"] = LS(sess.run([ctc, no_merge, collapsed], feed))
out["hist"] = L([sess.run([loss, train], feed)[0] for _ in range(4)])
eval_feed = dict(feed); eval_feed[is_training] = False
d, s, e = sess.run([decoded[0], neg_sum_logits, ler], eval_feed)
out["decoded"] = [L(d.indices), L(d.values), L(d.dense_shape)]
out["scores"], out["ler"] = L(s), L(e)
out["moving"] = LS(sess.run([v for v in tf.global_variables() if "moving" in v.name]))
out["vars"] = [v.op.name for v in tf.global_variables()]
""",
    # MaybeShewill-CV's CRNN_Tensorflow: a small VGG-ish CNN whose height pools to one
    # (map_to_sequence by squeeze), stacked bidirectional LSTMs, a reshaped matmul to the
    # classes, time-major CTC, Adadelta, beam search decoding without merging repeats,
    # sparse_tensor_to_dense with -1 and the sequence accuracy by edit_distance.
    "crnn_map_to_sequence_ctc_beam": r"""
tf.set_random_seed(1103)
B, H, W, C = 2, 16, 16, 5
images = tf.placeholder(tf.float32, [B, H, W, 1])
labels = tf.sparse_placeholder(tf.int32)

def conv_stage(x, out_dims, name):
  with tf.variable_scope(name):
    x = tf.layers.conv2d(x, out_dims, 3, padding="same", use_bias=False, name="conv")
    x = tf.nn.relu(x)
    return tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")

with tf.variable_scope("cnn_subnetwork"):
  net = conv_stage(images, 4, "conv1")
  net = conv_stage(net, 6, "conv2")
  net = tf.layers.conv2d(net, 6, 3, padding="same", name="conv3")
  net = tf.nn.max_pool(net, [1, 2, 1, 1], [1, 2, 1, 1], "VALID")
  net = tf.layers.conv2d(net, 8, [2, 1], padding="valid", name="conv4")
sequence = tf.squeeze(net, axis=1)

with tf.variable_scope("LSTMLayers"):
  inputs = sequence
  for i in range(2):
    with tf.variable_scope("stack_%d" % i):
      fw = tf.nn.rnn_cell.LSTMCell(4)
      bw = tf.nn.rnn_cell.LSTMCell(4)
      outs, _ = tf.nn.bidirectional_dynamic_rnn(fw, bw, inputs, dtype=tf.float32)
      inputs = tf.concat(outs, 2)
  batch_s, hidden = tf.shape(inputs)[0], inputs.shape[-1].value
  rnn_reshaped = tf.reshape(inputs, [-1, hidden])
  w = tf.get_variable("w", [hidden, C], initializer=tf.truncated_normal_initializer(stddev=0.1))
  logits = tf.matmul(rnn_reshaped, w)
  logits = tf.reshape(logits, [batch_s, -1, C])
  raw_pred = tf.argmax(tf.nn.softmax(logits), axis=2, name="raw_prediction")
  net_out = tf.transpose(logits, (1, 0, 2), name="transpose_time_major")

seq_len = 4 * np.ones(B, np.int32)
cost = tf.reduce_mean(tf.nn.ctc_loss(labels=labels, inputs=net_out, sequence_length=seq_len,
                                     ignore_longer_outputs_than_inputs=True))
global_step = tf.train.create_global_step()
lr = tf.train.exponential_decay(1.0, global_step, 2, 0.5, staircase=True)
optimizer = tf.train.AdadeltaOptimizer(learning_rate=lr).minimize(loss=cost, global_step=global_step)
decoded, log_prob = tf.nn.ctc_beam_search_decoder(net_out, seq_len, beam_width=3, top_paths=2,
                                                  merge_repeated=False)
dense = tf.sparse_tensor_to_dense(decoded[0], default_value=-1)
seq_dist = tf.reduce_mean(tf.edit_distance(tf.cast(decoded[0], tf.int32), labels))
rs = np.random.RandomState(13)
feed = {images: rs.uniform(size=(B, H, W, 1)).astype(np.float32),
        labels: tf.SparseTensorValue([[0, 0], [0, 1], [1, 0], [1, 1], [1, 2]],
                                     np.array([1, 2, 3, 3, 1], np.int32), [2, 3])}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["hist"] = L([sess.run([cost, optimizer], feed)[0] for _ in range(4)])
out["raw"] = L(sess.run(raw_pred, feed))
out["dense"], out["log_prob"], out["dist"] = LS(sess.run([dense, log_prob, seq_dist], feed))
out["second"] = L(sess.run(tf.sparse_tensor_to_dense(decoded[1], default_value=-1), feed))
out["step"], out["lr"] = LS(sess.run([global_step, lr]))
out["vars"] = [v.op.name for v in tf.global_variables()]
""",
}


VISION_PROGRAMS = {
    # matterport/Mask_RCNN's PyramidROIAlign: each box's FPN level by log2 of its area
    # against 224 (tf.round halves to even), tf.where/gather_nd per level, crop_and_resize
    # under stop_gradient, the pooled boxes put back in order by a top_k over a sort key;
    # then ROIAlign as crop_and_resize to twice the size and avg_pool, and the mask head's
    # loss on the ground-truth class's mask picked by gather_nd after a transpose.
    "mrcnn_pyramid_roi_align_mask_loss": r"""
tf.set_random_seed(1104)
pool = 2
def log2_graph(x):
  return tf.log(x) / tf.log(2.0)
rs = np.random.RandomState(14)
maps = [tf.Variable(rs.normal(size=(2, s, s, 3)).astype(np.float32), name="P%d" % (i + 2))
        for i, s in enumerate([16, 8, 4, 2])]
boxes = tf.placeholder(tf.float32, [2, 3, 4])
image_shape = tf.constant([448, 448, 3])
y1, x1, y2, x2 = tf.split(boxes, 4, axis=2)
h, w = y2 - y1, x2 - x1
image_area = tf.cast(image_shape[0] * image_shape[1], tf.float32)
roi_level = log2_graph(tf.sqrt(h * w) / (224.0 / tf.sqrt(image_area)))
roi_level = tf.minimum(5, tf.maximum(2, 4 + tf.cast(tf.round(roi_level), tf.int32)))
roi_level = tf.squeeze(roi_level, 2)
pooled, box_to_level = [], []
for i, level in enumerate(range(2, 6)):
  ix = tf.where(tf.equal(roi_level, level))
  level_boxes = tf.gather_nd(boxes, ix)
  box_indices = tf.cast(ix[:, 0], tf.int32)
  box_to_level.append(ix)
  level_boxes = tf.stop_gradient(level_boxes)
  box_indices = tf.stop_gradient(box_indices)
  pooled.append(tf.image.crop_and_resize(maps[i], level_boxes, box_indices, [pool * 2, pool * 2],
                                         method="bilinear"))
pooled = tf.concat(pooled, axis=0)
pooled = tf.nn.avg_pool(pooled, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
box_to_level = tf.concat(box_to_level, axis=0)
box_range = tf.expand_dims(tf.range(tf.shape(box_to_level)[0]), 1)
box_to_level = tf.concat([tf.cast(box_to_level, tf.int32), box_range], axis=1)
sorting_tensor = box_to_level[:, 0] * 100000 + box_to_level[:, 1]
ix = tf.nn.top_k(sorting_tensor, k=tf.shape(box_to_level)[0]).indices[::-1]
ix = tf.gather(box_to_level[:, 2], ix)
pooled = tf.gather(pooled, ix)
shape = tf.concat([tf.shape(boxes)[:2], tf.shape(pooled)[1:]], axis=0)
pooled = tf.reshape(pooled, shape)
x = tf.reshape(pooled, [-1, pool, pool, 3])
x = tf.layers.conv2d_transpose(x, 3, 2, strides=2, activation=tf.nn.relu, name="mrcnn_mask_deconv")
masks = tf.layers.conv2d(x, 4, 1, activation=tf.nn.sigmoid, name="mrcnn_mask")
target_class_ids = tf.constant([1, 3, 0, 2, 2, 1])
target_masks = tf.constant((rs.uniform(size=(6, 4, 4)) > 0.5).astype(np.float32))
positive_ix = tf.where(target_class_ids > 0)[:, 0]
positive_class_ids = tf.cast(tf.gather(target_class_ids, positive_ix), tf.int64)
indices = tf.stack([positive_ix, positive_class_ids], axis=1)
pred_masks = tf.transpose(masks, [0, 3, 1, 2])
y_true = tf.gather(target_masks, positive_ix)
y_pred = tf.gather_nd(pred_masks, indices)
loss = tf.keras.backend.switch(tf.size(y_true) > 0,
                               tf.keras.backend.binary_crossentropy(target=y_true, output=y_pred),
                               tf.constant(0.0))
loss = tf.reduce_mean(loss)
grads = tf.gradients(loss, maps)
train = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
feed = {boxes: [[[0.1, 0.1, 0.6, 0.6], [0.0, 0.0, 0.25, 0.25], [0.2, 0.3, 0.3, 0.4]],
                [[0.0, 0.0, 1.0, 1.0], [0.5, 0.5, 0.6, 0.6], [0.1, 0.2, 0.45, 0.55]]]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["levels"], out["pooled"] = LS(sess.run([roi_level, pooled], feed))
out["grad_sums"] = [L(np.abs(g).sum()) for g in sess.run(grads, feed)]
out["hist"] = L([sess.run([loss, train], feed)[0] for _ in range(3)])
""",
    # CenterNet's TF1 ports: a heatmap head with the -2.19 prior bias, the penalty-reduced
    # focal loss (tf.pow(1 - gt, 4) on negatives, clipped logs, a cond on the positive
    # count), the size regression at the centre indices by batch gather, and decoding by
    # the 3x3 max_pool "NMS" and top_k over the flattened heatmap.
    "centernet_heatmap_focal_loss_decode": r"""
tf.set_random_seed(1105)
B, S, C, K = 2, 8, 2, 3
image = tf.placeholder(tf.float32, [B, S, S, 3])
gt_hm = tf.placeholder(tf.float32, [B, S, S, C])
gt_wh = tf.placeholder(tf.float32, [B, K, 2])
gt_ind = tf.placeholder(tf.int32, [B, K])
gt_mask = tf.placeholder(tf.float32, [B, K])

def gaussian_radius_heatmap(centers):
  hm = np.zeros((S, S, C), np.float32)
  yy, xx = np.mgrid[0:S, 0:S]
  for cy, cx, cls, sigma in centers:
    g = np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * sigma * sigma)).astype(np.float32)
    hm[:, :, cls] = np.maximum(hm[:, :, cls], g)
  return hm

feat = tf.layers.conv2d(image, 8, 3, padding="same", activation=tf.nn.relu, name="backbone")
hm_logits = tf.layers.conv2d(feat, C, 1, bias_initializer=tf.constant_initializer(-2.19),
                             name="hm")
wh = tf.layers.conv2d(feat, 2, 1, name="wh")
pred = tf.sigmoid(hm_logits)

def focal_loss(pred, gt):
  pos_mask = tf.cast(tf.equal(gt, 1.0), tf.float32)
  neg_mask = tf.cast(tf.less(gt, 1.0), tf.float32)
  neg_weights = tf.pow(1.0 - gt, 4)
  pred = tf.clip_by_value(pred, 1e-4, 1.0 - 1e-4)
  pos_loss = tf.log(pred) * tf.pow(1.0 - pred, 2) * pos_mask
  neg_loss = tf.log(1.0 - pred) * tf.pow(pred, 2) * neg_weights * neg_mask
  num_pos = tf.reduce_sum(pos_mask)
  pos_loss, neg_loss = tf.reduce_sum(pos_loss), tf.reduce_sum(neg_loss)
  return tf.cond(tf.greater(num_pos, 0), lambda: -(pos_loss + neg_loss) / num_pos,
                 lambda: -neg_loss)

def reg_l1_loss(y_pred, indices, y_true, mask):
  y_pred = tf.reshape(y_pred, [B, -1, 2])
  y_pred = tf.gather(y_pred, indices, batch_dims=1)
  mask = tf.tile(tf.expand_dims(mask, -1), [1, 1, 2])
  return tf.reduce_sum(tf.abs(y_true * mask - y_pred * mask)) / (tf.reduce_sum(mask) + 1e-4)

hm_loss = focal_loss(pred, gt_hm)
wh_loss = 0.1 * reg_l1_loss(wh, gt_ind, gt_wh, gt_mask)
loss = hm_loss + wh_loss
train = tf.train.AdamOptimizer(0.01).minimize(loss)

def _nms(heat, kernel=3):
  hmax = tf.nn.max_pool(heat, [1, kernel, kernel, 1], [1, 1, 1, 1], "SAME")
  keep = tf.cast(tf.equal(heat, hmax), tf.float32)
  return heat * keep

def decode(hm, wh, k=K):
  hm = _nms(hm)
  scores = tf.reshape(hm, (B, -1))
  topk_scores, topk_inds = tf.nn.top_k(scores, k=k)
  topk_clses = topk_inds % C
  topk_xs = tf.cast(topk_inds // C % S, tf.float32)
  topk_ys = tf.cast(topk_inds // C // S, tf.float32)
  wh = tf.gather(tf.reshape(wh, [B, -1, 2]), topk_inds // C, batch_dims=1)
  boxes = tf.stack([topk_xs - wh[..., 0] / 2, topk_ys - wh[..., 1] / 2,
                    topk_xs + wh[..., 0] / 2, topk_ys + wh[..., 1] / 2], -1)
  return boxes, topk_scores, topk_clses

det = decode(pred, wh)
rs = np.random.RandomState(15)
hms = np.stack([gaussian_radius_heatmap([(2, 3, 0, 1.0), (6, 6, 1, 0.8)]),
                gaussian_radius_heatmap([(4, 1, 1, 1.2)])])
feed = {image: rs.uniform(size=(B, S, S, 3)).astype(np.float32), gt_hm: hms,
        gt_wh: [[[2.0, 3.0], [1.5, 1.0], [0, 0]], [[3.0, 2.0], [0, 0], [0, 0]]],
        gt_ind: [[2 * S + 3, 6 * S + 6, 0], [4 * S + 1, 0, 0]],
        gt_mask: [[1, 1, 0], [1, 0, 0]]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["hist"] = LS([sess.run([hm_loss, wh_loss, train], feed)[:2] for _ in range(4)])
out["det"] = LS(sess.run(det, feed))
out["no_pos"] = L(sess.run(hm_loss, {**feed, gt_hm: hms * 0.5}))
""",
    # balancap/SSD-Tensorflow's ssd_losses: positives by the matching score, negatives
    # mined hard by tf.nn.top_k of minus their background probability (at most three per
    # positive plus the batch size), the threshold the last of them, smooth L1 on the
    # positives' localisations, each loss by tf.losses.add_loss into get_total_loss.
    "ssd_hard_negative_mining_top_k": r"""
tf.set_random_seed(1106)
B, N, C = 2, 12, 3
feat = tf.placeholder(tf.float32, [B, N, 5])
gclasses = tf.placeholder(tf.int64, [B, N])
glocal = tf.placeholder(tf.float32, [B, N, 4])
gscores = tf.placeholder(tf.float32, [B, N])

def abs_smooth(x):
  absx = tf.abs(x)
  minx = tf.minimum(absx, 1)
  return 0.5 * ((absx - 1) * minx + absx)

logits = tf.layers.dense(feat, C, name="conv_cls")
localisations = tf.layers.dense(feat, 4, name="conv_loc")

def ssd_losses(logits, localisations, gclasses, glocalisations, gscores, match_threshold=0.5,
               negative_ratio=3., alpha=1., label_smoothing=0., scope=None):
  with tf.name_scope(scope, "ssd_losses"):
    lshape = logits.get_shape().as_list()
    num_classes = lshape[-1]
    batch_size = lshape[0]
    logits = tf.reshape(logits, [-1, num_classes])
    gclasses = tf.reshape(gclasses, [-1])
    gscores = tf.reshape(gscores, [-1])
    localisations = tf.reshape(localisations, [-1, 4])
    glocalisations = tf.reshape(glocalisations, [-1, 4])
    dtype = logits.dtype
    pmask = gscores > match_threshold
    fpmask = tf.cast(pmask, dtype)
    n_positives = tf.reduce_sum(fpmask)
    no_classes = tf.cast(pmask, tf.int32)
    predictions = slim.softmax(logits)
    nmask = tf.logical_and(tf.logical_not(pmask), gscores > -0.5)
    fnmask = tf.cast(nmask, dtype)
    nvalues = tf.where(nmask, predictions[:, 0], 1. - fnmask)
    nvalues_flat = tf.reshape(nvalues, [-1])
    max_neg_entries = tf.cast(tf.reduce_sum(fnmask), tf.int32)
    n_neg = tf.cast(negative_ratio * n_positives, tf.int32) + batch_size
    n_neg = tf.minimum(n_neg, max_neg_entries)
    val, idxes = tf.nn.top_k(-nvalues_flat, k=n_neg)
    max_hard_pred = -val[-1]
    nmask = tf.logical_and(nmask, nvalues < max_hard_pred)
    fnmask = tf.cast(nmask, dtype)
    with tf.name_scope("cross_entropy_pos"):
      loss = tf.nn.sparse_softmax_cross_entropy_with_logits(logits=logits, labels=gclasses)
      loss = tf.div(tf.reduce_sum(loss * fpmask), batch_size, name="value")
      tf.losses.add_loss(loss)
    with tf.name_scope("cross_entropy_neg"):
      loss = tf.nn.sparse_softmax_cross_entropy_with_logits(logits=logits, labels=no_classes)
      loss = tf.div(tf.reduce_sum(loss * fnmask), batch_size, name="value")
      tf.losses.add_loss(loss)
    with tf.name_scope("localization"):
      weights = tf.expand_dims(alpha * fpmask, axis=-1)
      loss = abs_smooth(localisations - glocalisations)
      loss = tf.div(tf.reduce_sum(loss * weights), batch_size, name="value")
      tf.losses.add_loss(loss)
    return n_neg, max_hard_pred, fnmask

n_neg, max_hard, fnmask = ssd_losses(logits, localisations, gclasses, glocal, gscores)
total = tf.losses.get_total_loss()
train = tf.train.GradientDescentOptimizer(0.1).minimize(total)
rs = np.random.RandomState(16)
scores = rs.uniform(-0.8, 1.0, size=(B, N)).astype(np.float32)
feed = {feat: rs.normal(size=(B, N, 5)).astype(np.float32),
        gclasses: np.where(scores > 0.5, rs.randint(1, C, size=(B, N)), 0),
        glocal: rs.normal(size=(B, N, 4)).astype(np.float32), gscores: scores}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["mined"] = LS(sess.run([n_neg, max_hard, fnmask], feed))
out["losses"] = [t.op.name for t in tf.losses.get_losses()]
out["hist"] = L([sess.run([total, train], feed)[0] for _ in range(3)])
""",
    # shekkizh/FCN.tensorflow: weights as tf.Variables from truncated_normal, dropout by
    # keep_prob, conv2d_transpose_strided with output shapes from tf.shape and tf.stack,
    # the skip fusions by tf.add, argmax(dimension=3) then expand_dims(dim=3), the loss over
    # squeeze(squeeze_dims=[3]) of the annotation, compute/apply_gradients.
    "fcn_conv_transpose_strided_fuse": r"""
tf.set_random_seed(1107)
NUM_OF_CLASSESS = 3
def weight_variable(shape, stddev=0.02, name=None):
  initial = tf.truncated_normal(shape, stddev=stddev)
  if name is None:
    return tf.Variable(initial)
  return tf.get_variable(name, initializer=initial)
def bias_variable(shape, name=None):
  return tf.Variable(tf.constant(0.0, shape=shape), name=name)
def conv2d_basic(x, W, bias):
  return tf.nn.bias_add(tf.nn.conv2d(x, W, strides=[1, 1, 1, 1], padding="SAME"), bias)
def conv2d_transpose_strided(x, W, b, output_shape=None, stride=2):
  if output_shape is None:
    output_shape = x.get_shape().as_list()
    output_shape[1] *= 2
    output_shape[2] *= 2
    output_shape[3] = W.get_shape().as_list()[2]
  conv = tf.nn.conv2d_transpose(x, W, output_shape, strides=[1, stride, stride, 1], padding="SAME")
  return tf.nn.bias_add(conv, b)
def max_pool_2x2(x):
  return tf.nn.max_pool(x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")

def inference(image, keep_prob):
  with tf.variable_scope("inference"):
    net = {}
    current = image
    for i, depth in enumerate([4, 6, 8]):
      W = weight_variable([3, 3, current.get_shape()[3].value, depth], name="conv%d_w" % i)
      b = bias_variable([depth], name="conv%d_b" % i)
      current = max_pool_2x2(tf.nn.relu(conv2d_basic(current, W, b)))
      net["pool%d" % (i + 3)] = current
    W6 = weight_variable([2, 2, 8, 12], name="W6")
    b6 = bias_variable([12], name="b6")
    relu_dropout6 = tf.nn.dropout(tf.nn.relu(conv2d_basic(net["pool5"], W6, b6)), keep_prob=keep_prob)
    W8 = weight_variable([1, 1, 12, NUM_OF_CLASSESS], name="W8")
    b8 = bias_variable([NUM_OF_CLASSESS], name="b8")
    conv8 = conv2d_basic(relu_dropout6, W8, b8)
    deconv_shape1 = net["pool4"].get_shape()
    W_t1 = weight_variable([4, 4, deconv_shape1[3].value, NUM_OF_CLASSESS], name="W_t1")
    b_t1 = bias_variable([deconv_shape1[3].value], name="b_t1")
    conv_t1 = conv2d_transpose_strided(conv8, W_t1, b_t1, output_shape=tf.shape(net["pool4"]))
    fuse_1 = tf.add(conv_t1, net["pool4"], name="fuse_1")
    deconv_shape2 = net["pool3"].get_shape()
    W_t2 = weight_variable([4, 4, deconv_shape2[3].value, deconv_shape1[3].value], name="W_t2")
    b_t2 = bias_variable([deconv_shape2[3].value], name="b_t2")
    conv_t2 = conv2d_transpose_strided(fuse_1, W_t2, b_t2, output_shape=tf.shape(net["pool3"]))
    fuse_2 = tf.add(conv_t2, net["pool3"], name="fuse_2")
    shape = tf.shape(image)
    deconv_shape3 = tf.stack([shape[0], shape[1], shape[2], NUM_OF_CLASSESS])
    W_t3 = weight_variable([4, 4, NUM_OF_CLASSESS, deconv_shape2[3].value], name="W_t3")
    b_t3 = bias_variable([NUM_OF_CLASSESS], name="b_t3")
    conv_t3 = conv2d_transpose_strided(fuse_2, W_t3, b_t3, output_shape=deconv_shape3, stride=2)
    annotation_pred = tf.argmax(conv_t3, dimension=3, name="prediction")
  return tf.expand_dims(annotation_pred, dim=3), conv_t3

keep_probability = tf.placeholder(tf.float32, name="keep_probabilty")
image = tf.placeholder(tf.float32, shape=[None, 16, 16, 3], name="input_image")
annotation = tf.placeholder(tf.int32, shape=[None, 16, 16, 1], name="annotation")
pred_annotation, logits = inference(image, keep_probability)
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
    logits=logits, labels=tf.squeeze(annotation, squeeze_dims=[3]), name="entropy"))
trainable_var = tf.trainable_variables()
optimizer = tf.train.AdamOptimizer(0.01)
grads = optimizer.compute_gradients(loss, var_list=trainable_var)
train_op = optimizer.apply_gradients(grads)
rs = np.random.RandomState(17)
imgs = rs.uniform(size=(2, 16, 16, 3)).astype(np.float32)
ann = (imgs.sum(-1, keepdims=True) > 1.5).astype(np.int32) + (imgs[..., :1] > 0.8)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(4):
  hist.append(sess.run([loss, train_op], {image: imgs, annotation: ann, keep_probability: 0.85})[0])
out["hist"] = L(hist)
pa, lg = sess.run([pred_annotation, logits], {image: imgs, keep_probability: 1.0})
out["pred"], out["logits"] = L(pa[0, ::3, ::3, 0]), L(lg[1, ::4, ::4])
out["names"] = [v.op.name for v in trainable_var] + [pred_annotation.op.name, logits.op.name]
""",
}


VISION2_PROGRAMS = {
    # JiahuiYu/generative_inpainting (DeepFill v2): gated convolutions (gen_conv splits the
    # channels into a feature and a sigmoid gate) and contextual_attention: background
    # patches by extract_image_patches as convolution kernels, normalized, the 3x3 fuse
    # by an eye kernel over two transposes, the masked scaled softmax, offsets by argmax,
    # the reconstruction by conv2d_transpose with the raw patches.
    "deepfill_gated_conv_contextual_attention": r"""
tf.set_random_seed(1108)
def resize(x, scale=2., to_shape=None, align_corners=True, func=tf.image.resize_bilinear):
  xs = tf.cast(tf.shape(x), tf.float32)
  new_xs = [tf.cast(xs[1] * scale, tf.int32), tf.cast(xs[2] * scale, tf.int32)]
  if to_shape is None:
    x = func(x, new_xs, align_corners=align_corners)
  else:
    x = func(x, [to_shape[0], to_shape[1]], align_corners=align_corners)
  return x

def gen_conv(x, cnum, ksize, stride=1, rate=1, name="conv", padding="SAME", activation=tf.nn.elu):
  x = tf.layers.conv2d(x, cnum, ksize, stride, dilation_rate=rate, activation=None,
                       padding=padding, name=name)
  if cnum == 3 or activation is None:
    return x
  x, y = tf.split(x, 2, 3)
  x = activation(x)
  y = tf.nn.sigmoid(y)
  return x * y

def contextual_attention(f, b, mask=None, ksize=3, stride=1, rate=2, fuse_k=3,
                         softmax_scale=10., fuse=True):
  raw_fs = tf.shape(f)
  raw_int_fs = f.get_shape().as_list()
  raw_int_bs = b.get_shape().as_list()
  kernel = 2 * rate
  raw_w = tf.extract_image_patches(b, [1, kernel, kernel, 1], [1, rate * stride, rate * stride, 1],
                                   [1, 1, 1, 1], padding="SAME")
  raw_w = tf.reshape(raw_w, [raw_int_bs[0], -1, kernel, kernel, raw_int_bs[3]])
  raw_w = tf.transpose(raw_w, [0, 2, 3, 4, 1])
  f = resize(f, scale=1. / rate, func=tf.image.resize_nearest_neighbor)
  b = resize(b, to_shape=[int(raw_int_bs[1] / rate), int(raw_int_bs[2] / rate)],
             func=tf.image.resize_nearest_neighbor)
  if mask is not None:
    mask = resize(mask, scale=1. / rate, func=tf.image.resize_nearest_neighbor)
  fs = tf.shape(f)
  int_fs = f.get_shape().as_list()
  f_groups = tf.split(f, int_fs[0], axis=0)
  bs = tf.shape(b)
  int_bs = b.get_shape().as_list()
  w = tf.extract_image_patches(b, [1, ksize, ksize, 1], [1, stride, stride, 1], [1, 1, 1, 1],
                               padding="SAME")
  w = tf.reshape(w, [int_fs[0], -1, ksize, ksize, int_fs[3]])
  w = tf.transpose(w, [0, 2, 3, 4, 1])
  if mask is None:
    mask = tf.zeros([1, bs[1], bs[2], 1])
  m = tf.extract_image_patches(mask, [1, ksize, ksize, 1], [1, stride, stride, 1], [1, 1, 1, 1],
                               padding="SAME")
  m = tf.reshape(m, [1, -1, ksize, ksize, 1])
  m = tf.transpose(m, [0, 2, 3, 4, 1])
  m = m[0]
  mm = tf.cast(tf.equal(tf.reduce_mean(m, axis=[0, 1, 2], keep_dims=True), 0.), tf.float32)
  w_groups = tf.split(w, int_bs[0], axis=0)
  raw_w_groups = tf.split(raw_w, int_bs[0], axis=0)
  y, offsets = [], []
  k = fuse_k
  scale = softmax_scale
  fuse_weight = tf.reshape(tf.eye(k), [k, k, 1, 1])
  for xi, wi, raw_wi in zip(f_groups, w_groups, raw_w_groups):
    wi = wi[0]
    wi_normed = wi / tf.maximum(tf.sqrt(tf.reduce_sum(tf.square(wi), axis=[0, 1, 2])), 1e-4)
    yi = tf.nn.conv2d(xi, wi_normed, strides=[1, 1, 1, 1], padding="SAME")
    if fuse:
      yi = tf.reshape(yi, [1, fs[1] * fs[2], bs[1] * bs[2], 1])
      yi = tf.nn.conv2d(yi, fuse_weight, strides=[1, 1, 1, 1], padding="SAME")
      yi = tf.reshape(yi, [1, fs[1], fs[2], bs[1], bs[2]])
      yi = tf.transpose(yi, [0, 2, 1, 4, 3])
      yi = tf.reshape(yi, [1, fs[1] * fs[2], bs[1] * bs[2], 1])
      yi = tf.nn.conv2d(yi, fuse_weight, strides=[1, 1, 1, 1], padding="SAME")
      yi = tf.reshape(yi, [1, fs[2], fs[1], bs[2], bs[1]])
      yi = tf.transpose(yi, [0, 2, 1, 4, 3])
    yi = tf.reshape(yi, [1, fs[1], fs[2], bs[1] * bs[2]])
    yi *= mm
    yi = tf.nn.softmax(yi * scale, 3)
    yi *= mm
    offset = tf.argmax(yi, axis=3, output_type=tf.int32)
    offset = tf.stack([offset // fs[2], offset % fs[2]], axis=-1)
    wi_center = raw_wi[0]
    yi = tf.nn.conv2d_transpose(yi, wi_center, tf.concat([[1], raw_fs[1:]], axis=0),
                                strides=[1, rate, rate, 1]) / 4.
    y.append(yi)
    offsets.append(offset)
  y = tf.concat(y, axis=0)
  y.set_shape(raw_int_fs)
  offsets = tf.concat(offsets, axis=0)
  offsets.set_shape(int_bs[:3] + [2])
  return y, offsets

rs = np.random.RandomState(18)
img = tf.constant(rs.uniform(-1, 1, size=(2, 8, 8, 3)).astype(np.float32))
hole = np.zeros((1, 8, 8, 1), np.float32); hole[:, 2:6, 3:7] = 1.0
mask = tf.constant(hole)
xin = img * (1. - mask)
with tf.variable_scope("inpaint_net"):
  x = gen_conv(tf.concat([xin, tf.ones_like(xin)[:, :, :, 0:1] * mask], 3), 8, 3, name="conv1")
  x = gen_conv(x, 8, 3, rate=2, name="conv2_atrous")
  x, offsets = contextual_attention(x, x, mask, ksize=3, stride=1, rate=2)
  x = gen_conv(x, 3, 3, name="out")
  x = tf.clip_by_value(x, -1., 1.)
loss = tf.reduce_mean(tf.abs(img - x) * (1. + mask))
train = tf.train.AdamOptimizer(1e-3, beta1=0.5, beta2=0.999).minimize(loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["offsets"] = L(sess.run(offsets))
out["hist"] = L([sess.run([loss, train])[0] for _ in range(3)])
out["x"] = L(sess.run(x)[:, ::2, ::2])
out["vars"] = [v.op.name for v in tf.trainable_variables()]
""",
    # DmitryUlyanov's Deep Image Prior as TF1 ports write it: a fixed noise input
    # perturbed each step by reg_noise_std * random_normal, a skip encoder-decoder (strided
    # conv, batch norm, LeakyReLU, 1x1 skips, bilinear upsampling, concat), the masked MSE
    # of inpainting, PSNR, and the exponential average of outputs kept in numpy.
    "dip_skip_net_noise_inpainting": r"""
tf.set_random_seed(1109)
rs = np.random.RandomState(19)
img_np = rs.uniform(size=(1, 8, 8, 3)).astype(np.float32)
mask_np = (rs.uniform(size=(1, 8, 8, 1)) > 0.3).astype(np.float32)
net_input_saved = tf.constant(rs.uniform(size=(1, 8, 8, 4)).astype(np.float32) * 0.1)
reg_noise_std = 1. / 30.
net_input = net_input_saved + tf.random_normal(tf.shape(net_input_saved)) * reg_noise_std

def conv_bn_act(x, filters, k, stride, name):
  with tf.variable_scope(name):
    x = tf.pad(x, [[0, 0], [k // 2, k // 2], [k // 2, k // 2], [0, 0]], mode="REFLECT")
    x = tf.layers.conv2d(x, filters, k, stride, padding="valid")
    x = tf.layers.batch_normalization(x, training=True)
    return tf.nn.leaky_relu(x, alpha=0.2)

def skip_net(x, down=(6, 6), skip=(2, 2)):
  skips = []
  for i, (d, s) in enumerate(zip(down, skip)):
    skips.append(conv_bn_act(x, s, 1, 1, "skip_%d" % i))
    x = conv_bn_act(x, d, 3, 2, "down_%d" % i)
    x = conv_bn_act(x, d, 3, 1, "down_%d_b" % i)
  for i in reversed(range(len(down))):
    size = tf.shape(x)[1:3] * 2
    x = tf.image.resize_bilinear(x, size)
    x = tf.concat([skips[i], x], -1)
    x = tf.layers.batch_normalization(x, training=True, name="up_bn_%d" % i)
    x = conv_bn_act(x, down[i], 3, 1, "up_%d" % i)
    x = conv_bn_act(x, down[i], 1, 1, "up_%d_b" % i)
  return tf.nn.sigmoid(tf.layers.conv2d(x, 3, 1, name="out"))

out_img = skip_net(net_input)
img = tf.constant(img_np)
mask = tf.constant(mask_np)
loss = tf.losses.mean_squared_error(img * mask, out_img * mask)
psnr = tf.image.psnr(out_img, img, max_val=1.0)
with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
  train = tf.train.AdamOptimizer(0.01).minimize(loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out_avg = None
hist = []
for i in range(5):
  l, p, o, _ = sess.run([loss, psnr, out_img, train])
  out_avg = o if out_avg is None else out_avg * 0.99 + o * 0.01
  hist.append([l, p[0]])
out["hist"] = LS(hist)
out["avg"] = L(out_avg[0, ::3, ::3])
out["n_update_ops"] = len(tf.get_collection(tf.GraphKeys.UPDATE_OPS))
""",
}


GENERATIVE_PROGRAMS = {
    # The importance weighted autoencoder (Burda et al.) as its TF1 re-implementations
    # write it: k samples by broadcasting eps [k, batch, z], dense layers over rank-3
    # inputs, log weights, the bound by reduce_logsumexp over the samples, and the
    # gradient-equivalent surrogate with softmax weights under stop_gradient.
    "iwae_importance_weighted_bound": r"""
tf.set_random_seed(1110)
B, D, Z, K = 3, 6, 2, 4
x = tf.placeholder(tf.float32, [None, D])
with tf.variable_scope("encoder"):
  h = tf.layers.dense(x, 8, activation=tf.nn.tanh, name="h")
  mu = tf.layers.dense(h, Z, name="mu")
  logvar = tf.layers.dense(h, Z, name="logvar")
eps = tf.random_normal([K, tf.shape(x)[0], Z], seed=3)
z = mu + tf.exp(0.5 * logvar) * eps
log2pi = np.log(2.0 * np.pi).astype(np.float32)
log_q = tf.reduce_sum(-0.5 * (tf.square(eps) + log2pi + logvar), -1)
log_pz = tf.reduce_sum(-0.5 * (tf.square(z) + log2pi), -1)
with tf.variable_scope("decoder"):
  logits = tf.layers.dense(tf.layers.dense(z, 8, activation=tf.nn.tanh, name="h"), D, name="out")
xk = tf.tile(tf.expand_dims(x, 0), [K, 1, 1])
log_px = -tf.reduce_sum(tf.nn.sigmoid_cross_entropy_with_logits(labels=xk, logits=logits), -1)
log_w = log_px + log_pz - log_q
iwae = tf.reduce_mean(tf.reduce_logsumexp(log_w, 0) - tf.log(float(K)))
elbo = tf.reduce_mean(log_w)
w_norm = tf.stop_gradient(tf.nn.softmax(log_w, axis=0))
surrogate = tf.reduce_mean(tf.reduce_sum(w_norm * log_w, 0))
params = tf.trainable_variables()
g_bound = tf.gradients(iwae, params)
g_surr = tf.gradients(surrogate, params)
train = tf.train.AdamOptimizer(0.01, epsilon=1e-4).minimize(-iwae)
data = (np.random.RandomState(20).uniform(size=(B, D)) > 0.5).astype(np.float32)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
gb, gs = sess.run([g_bound, g_surr], {x: data})
out["grad_gap"] = max(float(np.abs(a - b).max()) for a, b in zip(gb, gs)) < 1e-5
out["grad_norms"] = [L(np.linalg.norm(a)) for a in gb]
out["hist"] = LS([sess.run([iwae, elbo, train], {x: data})[:2] for _ in range(4)])
""",
    # Burgess et al.'s beta-VAE with a controlled capacity: C grows with the global step
    # to C_max by tf.minimum, the loss gamma * |KL - C| beside a Bernoulli reconstruction,
    # the KL per latent averaged over the batch (what the authors plot), and Higgins'
    # plain beta-weighted KL for comparison.
    "betavae_capacity_annealing_kl_per_latent": r"""
tf.set_random_seed(1111)
D, Z = 8, 3
x = tf.placeholder(tf.float32, [None, D])
global_step = tf.train.get_or_create_global_step()
with tf.variable_scope("vae"):
  h = tf.layers.dense(x, 6, activation=tf.nn.relu, name="enc")
  z_mean = tf.layers.dense(h, Z, name="z_mean")
  z_log_sigma_sq = tf.layers.dense(h, Z, name="z_log_sigma_sq")
  eps = tf.random_normal(tf.shape(z_mean), 0, 1, dtype=tf.float32)
  z = z_mean + tf.sqrt(tf.exp(z_log_sigma_sq)) * eps
  logits = tf.layers.dense(tf.layers.dense(z, 6, activation=tf.nn.relu, name="dec"), D, name="out")
reconstr_loss = tf.reduce_mean(tf.reduce_sum(
    tf.nn.sigmoid_cross_entropy_with_logits(labels=x, logits=logits), 1))
latent_kl = 0.5 * tf.reduce_mean(tf.square(z_mean) + tf.exp(z_log_sigma_sq) - z_log_sigma_sq - 1, 0)
latent_loss = tf.reduce_sum(latent_kl)
gamma, capacity_limit, capacity_change_duration = 100.0, 5.0, 4
capacity = tf.minimum(capacity_limit,
                      capacity_limit * tf.cast(global_step, tf.float32) / capacity_change_duration)
loss = reconstr_loss + gamma * tf.abs(latent_loss - capacity)
beta_loss = reconstr_loss + 4.0 * latent_loss
train = tf.train.AdamOptimizer(5e-3).minimize(loss, global_step=global_step)
data = (np.random.RandomState(21).uniform(size=(5, D)) > 0.4).astype(np.float32)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(6):
  r, kl, c, _ = sess.run([reconstr_loss, latent_kl, capacity, train], {x: data})
  hist.append([r, c] + list(kl))
out["hist"] = LS(hist)
out["beta"] = L(sess.run(tf.is_finite(beta_loss), {x: data}))
out["step"] = L(sess.run(global_step))
""",
    # openai/evolution-strategies-starter: the policy's variables flattened by GetFlat and
    # set by SetFromFlat (one placeholder sliced and reshaped per variable), normc
    # initializers drawn with numpy, observation normalization by non-trainable ob_mean and
    # ob_std, the shared noise table, antithetic perturbations, centered ranks and the
    # weighted sum of noise as the gradient step.
    "es_antithetic_centered_ranks_flat_params": r"""
np.random.seed(1112)
def normc_initializer(std=1.0):
  def _initializer(shape, dtype=None, partition_info=None):
    out = np.random.randn(*shape).astype(np.float32)
    out *= std / np.sqrt(np.square(out).sum(axis=0, keepdims=True))
    return tf.constant(out)
  return _initializer

def numel(x):
  return int(np.prod(x.get_shape().as_list()))

class SetFromFlat(object):
  def __init__(self, var_list, dtype=tf.float32):
    assigns = []
    shapes = list(map(lambda v: v.get_shape().as_list(), var_list))
    total_size = sum(int(np.prod(shape)) for shape in shapes)
    self.theta = theta = tf.placeholder(dtype, [total_size])
    start = 0
    for (shape, v) in zip(shapes, var_list):
      size = int(np.prod(shape))
      assigns.append(tf.assign(v, tf.reshape(theta[start:start + size], shape)))
      start += size
    self.op = tf.group(*assigns)
  def __call__(self, sess, theta):
    sess.run(self.op, feed_dict={self.theta: theta})

class GetFlat(object):
  def __init__(self, var_list):
    self.op = tf.concat([tf.reshape(v, [numel(v)]) for v in var_list], 0)
  def __call__(self, sess):
    return sess.run(self.op)

class Policy(object):
  def __init__(self, ob_dim, ac_dim):
    with tf.variable_scope("policy") as scope:
      self.ob_mean = tf.get_variable("ob_mean", [ob_dim], tf.float32,
                                     tf.constant_initializer(np.nan), trainable=False)
      self.ob_std = tf.get_variable("ob_std", [ob_dim], tf.float32,
                                    tf.constant_initializer(np.nan), trainable=False)
      self.o = tf.placeholder(tf.float32, [None, ob_dim])
      x = tf.clip_by_value((self.o - self.ob_mean) / self.ob_std, -5.0, 5.0)
      x = tf.nn.tanh(tf.layers.dense(x, 6, kernel_initializer=normc_initializer(1.0), name="h0"))
      self.a = tf.layers.dense(x, ac_dim, kernel_initializer=normc_initializer(0.01), name="out")
      self.scope = scope
    self.trainable_variables = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope.name)
    self.num_params = sum(numel(v) for v in self.trainable_variables)
    self._setfromflat = SetFromFlat(self.trainable_variables)
    self._getflat = GetFlat(self.trainable_variables)
    ph_mean = tf.placeholder(tf.float32, [ob_dim])
    ph_std = tf.placeholder(tf.float32, [ob_dim])
    self._set_ob_stat = lambda sess, m, s: sess.run(
        [self.ob_mean.assign(ph_mean), self.ob_std.assign(ph_std)], {ph_mean: m, ph_std: s})

def compute_ranks(x):
  ranks = np.empty(len(x), dtype=int)
  ranks[x.argsort()] = np.arange(len(x))
  return ranks

def compute_centered_ranks(x):
  y = compute_ranks(x.ravel()).reshape(x.shape).astype(np.float32)
  y /= (x.size - 1)
  y -= .5
  return y

policy = Policy(3, 2)
obs = np.random.RandomState(5).normal(size=(6, 3)).astype(np.float32)
target = np.tanh(obs[:, :2] * 1.5)
noise = np.random.RandomState(123).randn(2000).astype(np.float32)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
policy._set_ob_stat(sess, obs.mean(0), obs.std(0) + 1e-2)
def rollout(theta):
  policy._setfromflat(sess, theta)
  a = sess.run(policy.a, {policy.o: obs})
  return -float(np.square(a - target).sum())
theta = policy._getflat(sess)
sigma, stepsize, n = 0.1, 0.05, 4
rs = np.random.RandomState(7)
hist = []
for it in range(3):
  idx = rs.randint(0, len(noise) - policy.num_params + 1, size=n)
  eps = np.stack([noise[i:i + policy.num_params] for i in idx])
  returns = np.array([[rollout(theta + sigma * e), rollout(theta - sigma * e)] for e in eps])
  ranks = compute_centered_ranks(returns)
  g = np.dot(ranks[:, 0] - ranks[:, 1], eps) / returns.size
  theta = theta + stepsize * g
  hist.append(rollout(theta))
out["num_params"] = policy.num_params
out["hist"] = L(hist)
out["theta"] = L(policy._getflat(sess))
out["ob_stat"] = LS(sess.run([policy.ob_mean, policy.ob_std]))
""",
}


RL_PROGRAMS = {
    # andrewliao11's NoisyNet-DQN noisy_dense: factorised Gaussian noise f(e) =
    # sign(e) * sqrt(|e|) drawn per run by random_normal, mu uniform in +-1/sqrt(p), sigma
    # 0.4/sqrt(p) (0.5 in the paper), under a DQN with a target network copied by assigns
    # and the Huber loss; every sess.run draws fresh noise.
    "noisynet_factorised_noisy_dense_dqn": r"""
tf.set_random_seed(1113)
def noisy_dense(x, size, name, bias=True, activation_fn=tf.identity):
  def f(e_list):
    return tf.multiply(tf.sign(e_list), tf.pow(tf.abs(e_list), 0.5))
  p = x.get_shape().as_list()[1]
  mu_init = tf.random_uniform_initializer(minval=-1 * 1 / np.power(p, 0.5),
                                          maxval=1 * 1 / np.power(p, 0.5))
  sigma_init = tf.constant_initializer(0.4 / np.power(p, 0.5))
  p_noise = tf.random_normal([p, 1])
  q_noise = tf.random_normal([1, size])
  f_p, f_q = f(p_noise), f(q_noise)
  w_epsilon = f_p * f_q
  b_epsilon = tf.squeeze(f_q)
  w_mu = tf.get_variable(name + "/w_mu", [p, size], initializer=mu_init)
  w_sigma = tf.get_variable(name + "/w_sigma", [p, size], initializer=sigma_init)
  w = w_mu + tf.multiply(w_sigma, w_epsilon)
  ret = tf.matmul(x, w)
  if bias:
    b_mu = tf.get_variable(name + "/b_mu", [size], initializer=mu_init)
    b_sigma = tf.get_variable(name + "/b_sigma", [size], initializer=sigma_init)
    b = b_mu + tf.multiply(b_sigma, b_epsilon)
    return activation_fn(ret + b)
  return activation_fn(ret)

def model(obs, num_actions, scope):
  with tf.variable_scope(scope):
    out = tf.layers.dense(obs, 8, activation=tf.nn.relu, name="fc")
    return noisy_dense(out, num_actions, name="noisy_fc")

obs_t = tf.placeholder(tf.float32, [None, 4])
obs_tp1 = tf.placeholder(tf.float32, [None, 4])
act_t = tf.placeholder(tf.int32, [None])
rew_t = tf.placeholder(tf.float32, [None])
done = tf.placeholder(tf.float32, [None])
q_t = model(obs_t, 3, "q_func")
q_tp1 = model(obs_tp1, 3, "target_q_func")
q_vars = tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope="q_func")
target_vars = tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope="target_q_func")
q_selected = tf.reduce_sum(q_t * tf.one_hot(act_t, 3), 1)
target = rew_t + 0.99 * (1.0 - done) * tf.reduce_max(q_tp1, 1)
loss = tf.losses.huber_loss(tf.stop_gradient(target), q_selected)
train = tf.train.AdamOptimizer(1e-2).minimize(loss, var_list=q_vars)
update_target = tf.group(*[vt.assign(v) for v, vt in
                           zip(sorted(q_vars, key=lambda v: v.name),
                               sorted(target_vars, key=lambda v: v.name))])
rs = np.random.RandomState(22)
feed = {obs_t: rs.normal(size=(5, 4)), obs_tp1: rs.normal(size=(5, 4)),
        act_t: rs.randint(0, 3, 5), rew_t: rs.normal(size=5), done: [0, 0, 1, 0, 1]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
sess.run(update_target)
out["q_draws"] = LS([sess.run(q_t, feed) for _ in range(2)])
hist = []
for i in range(4):
  hist.append(sess.run([loss, train], feed)[0])
  if i % 2 == 1:
    sess.run(update_target)
out["hist"] = L(hist)
out["vars"] = [v.op.name for v in q_vars]
""",
    # openai/baselines' HER: the Normalizer keeps sum, sumsq and count in TF variables
    # updated by assign_add from placeholders and recomputes mean and std by assigns;
    # DDPG over observation and goal with tanh-bounded actions, the target clipped to
    # [-1/(1-gamma), 0], the action L2 penalty, flat gradients for MpiAdam, Polyak
    # averaging, and the "future" goal relabelling drawn with numpy.
    "her_normalizer_goal_relabel_ddpg": r"""
tf.set_random_seed(1114)
def reshape_for_broadcasting(source, target):
  dim = len(target.get_shape())
  shape = ([1] * (dim - 1)) + [-1]
  return tf.reshape(tf.cast(source, target.dtype), shape)

class Normalizer:
  def __init__(self, size, eps=1e-2, default_clip_range=np.inf):
    self.size, self.eps, self.default_clip_range = size, eps, default_clip_range
    self.sum_tf = tf.get_variable(initializer=tf.zeros_initializer(), shape=(size,), name="sum",
                                  trainable=False, dtype=tf.float32)
    self.sumsq_tf = tf.get_variable(initializer=tf.zeros_initializer(), shape=(size,),
                                    name="sumsq", trainable=False, dtype=tf.float32)
    self.count_tf = tf.get_variable(initializer=tf.ones_initializer(), shape=(1,), name="count",
                                    trainable=False, dtype=tf.float32)
    self.mean = tf.get_variable(initializer=tf.zeros_initializer(), shape=(size,), name="mean",
                                trainable=False, dtype=tf.float32)
    self.std = tf.get_variable(initializer=tf.ones_initializer(), shape=(size,), name="std",
                               trainable=False, dtype=tf.float32)
    self.count_pl = tf.placeholder(name="count_pl", shape=(1,), dtype=tf.float32)
    self.sum_pl = tf.placeholder(name="sum_pl", shape=(size,), dtype=tf.float32)
    self.sumsq_pl = tf.placeholder(name="sumsq_pl", shape=(size,), dtype=tf.float32)
    self.update_op = tf.group(self.count_tf.assign_add(self.count_pl),
                              self.sum_tf.assign_add(self.sum_pl),
                              self.sumsq_tf.assign_add(self.sumsq_pl))
    self.recompute_op = tf.group(
        tf.assign(self.mean, self.sum_tf / self.count_tf),
        tf.assign(self.std, tf.sqrt(tf.maximum(
            tf.square(self.eps), self.sumsq_tf / self.count_tf - tf.square(self.sum_tf / self.count_tf)))))
  def normalize(self, v, clip_range=None):
    clip_range = clip_range or self.default_clip_range
    mean = reshape_for_broadcasting(self.mean, v)
    std = reshape_for_broadcasting(self.std, v)
    return tf.clip_by_value((v - mean) / std, -clip_range, clip_range)
  def update(self, sess, v):
    v = v.reshape(-1, self.size)
    sess.run(self.update_op, {self.count_pl: [v.shape[0]], self.sum_pl: v.sum(axis=0),
                              self.sumsq_pl: np.square(v).sum(axis=0)})
    sess.run(self.recompute_op)

def nn(input, layers_sizes, reuse=None, name=""):
  for i, size in enumerate(layers_sizes):
    activation = tf.nn.relu if i < len(layers_sizes) - 1 else None
    input = tf.layers.dense(inputs=input, units=size,
                            kernel_initializer=contrib.layers.xavier_initializer(),
                            reuse=reuse, name=name + "_" + str(i))
    if activation:
      input = activation(input)
  return input

dimo, dimg, dimu, max_u, gamma, clip_return = 3, 2, 2, 1.0, 0.98, 1. / (1. - 0.98)
with tf.variable_scope("o_stats"):
  o_stats = Normalizer(dimo, default_clip_range=5.0)
with tf.variable_scope("g_stats"):
  g_stats = Normalizer(dimg, default_clip_range=5.0)
o = tf.placeholder(tf.float32, [None, dimo]); g = tf.placeholder(tf.float32, [None, dimg])
o2 = tf.placeholder(tf.float32, [None, dimo]); u = tf.placeholder(tf.float32, [None, dimu])
r = tf.placeholder(tf.float32, [None, 1])

def actor_critic(o, g, u, name):
  with tf.variable_scope(name):
    input_pi = tf.concat(axis=1, values=[o_stats.normalize(o), g_stats.normalize(g)])
    with tf.variable_scope("pi"):
      pi_tf = max_u * tf.tanh(nn(input_pi, [8, dimu]))
    with tf.variable_scope("Q"):
      input_Q = tf.concat(axis=1, values=[input_pi, pi_tf / max_u])
      Q_pi_tf = nn(input_Q, [8, 1])
      input_Q = tf.concat(axis=1, values=[input_pi, u / max_u])
      Q_tf = nn(input_Q, [8, 1], reuse=True)
  return pi_tf, Q_pi_tf, Q_tf

pi_tf, Q_pi_tf, Q_tf = actor_critic(o, g, u, "main")
_, target_Q_pi_tf, _ = actor_critic(o2, g, u, "target")
target_tf = tf.clip_by_value(r + gamma * target_Q_pi_tf, -clip_return, 0.)
Q_loss_tf = tf.reduce_mean(tf.square(tf.stop_gradient(target_tf) - Q_tf))
pi_loss_tf = -tf.reduce_mean(Q_pi_tf) + 1.0 * tf.reduce_mean(tf.square(pi_tf / max_u))
def get_vars(scope):
  return tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope=scope)
def flatgrad(loss, var_list):
  grads = tf.gradients(loss, var_list)
  return tf.concat(axis=0, values=[tf.reshape(gr, [int(np.prod(v.shape.as_list()))])
                                   for (v, gr) in zip(var_list, grads)])
Q_grad_tf = flatgrad(Q_loss_tf, get_vars("main/Q"))
pi_grad_tf = flatgrad(pi_loss_tf, get_vars("main/pi"))
main_vars = get_vars("main/Q") + get_vars("main/pi")
target_vars = get_vars("target/Q") + get_vars("target/pi")
init_target = tf.group(*[tf.assign(t, m) for t, m in zip(target_vars, main_vars)])
update_target = tf.group(*[tf.assign(t, 0.95 * t + 0.05 * m) for t, m in zip(target_vars, main_vars)])
class MpiAdam(object):
  # baselines' MpiAdam on one worker: numpy Adam over the flat gradient, set by SetFromFlat
  # (applying it in the graph would race the update of one layer against the gradient of
  # the layer below, which reads it: TF's executor picks the order).
  def __init__(self, var_list, beta1=0.9, beta2=0.999, epsilon=1e-08):
    self.var_list, self.beta1, self.beta2, self.epsilon = var_list, beta1, beta2, epsilon
    size = sum(int(np.prod(v.shape.as_list())) for v in var_list)
    self.m, self.v, self.t = np.zeros(size, "float32"), np.zeros(size, "float32"), 0
    self.getflat = tf.concat([tf.reshape(v, [-1]) for v in var_list], 0)
    self.theta = tf.placeholder(tf.float32, [size])
    assigns, start = [], 0
    for v in var_list:
      n = int(np.prod(v.shape.as_list()))
      assigns.append(tf.assign(v, tf.reshape(self.theta[start:start + n], v.shape)))
      start += n
    self.setfromflat = tf.group(*assigns)
  def update(self, sess, localg, stepsize):
    self.t += 1
    a = stepsize * np.sqrt(1 - self.beta2 ** self.t) / (1 - self.beta1 ** self.t)
    self.m = self.beta1 * self.m + (1 - self.beta1) * localg
    self.v = self.beta2 * self.v + (1 - self.beta2) * (localg * localg)
    step = (-a) * self.m / (np.sqrt(self.v) + self.epsilon)
    sess.run(self.setfromflat, {self.theta: sess.run(self.getflat) + step})
# epsilon raised from 1e-8: at this size some gradients are rounding noise, whose sign a
# 1e-8 epsilon turns into whole steps.
Q_adam = MpiAdam(get_vars("main/Q"), epsilon=1e-4)
pi_adam = MpiAdam(get_vars("main/pi"), epsilon=1e-4)
rs = np.random.RandomState(23)
T = 5
ep_o = rs.normal(size=(T + 1, dimo)).astype(np.float32)
ep_ag = ep_o[:, :dimg]
ep_u = rs.uniform(-1, 1, size=(T, dimu)).astype(np.float32)
ep_g = np.tile(rs.normal(size=(1, dimg)), (T, 1)).astype(np.float32)
t_samples = rs.randint(T, size=6)
her_indexes = np.where(rs.uniform(size=6) < 0.8)
future_offset = (rs.uniform(size=6) * (T - t_samples)).astype(int)
future_t = (t_samples + 1 + future_offset)[her_indexes]
goals = ep_g[t_samples].copy()
goals[her_indexes] = ep_ag[future_t]
rewards = -(np.linalg.norm(ep_ag[t_samples + 1] - goals, axis=-1) > 0.5).astype(np.float32)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
sess.run(init_target)
o_stats.update(sess, ep_o); g_stats.update(sess, goals)
batch = {o: ep_o[t_samples], o2: ep_o[t_samples + 1], g: goals, u: ep_u[t_samples],
         r: rewards[:, None]}
hist = []
for _ in range(3):
  ql, pl, qg, pg = sess.run([Q_loss_tf, pi_loss_tf, Q_grad_tf, pi_grad_tf], batch)
  Q_adam.update(sess, qg, 1e-2)
  pi_adam.update(sess, pg, 1e-2)
  sess.run(update_target)
  hist.append([ql, pl, float(np.linalg.norm(qg)), float(np.linalg.norm(pg))])
out["goals"], out["rewards"] = L(goals), L(rewards)
out["stats"] = LS(sess.run([o_stats.mean, o_stats.std, g_stats.mean, g_stats.std, o_stats.count_tf]))
out["hist"] = LS(hist)
out["pi"] = L(sess.run(pi_tf, batch))
""",
}


ADVERSARIAL_PROGRAMS = {
    # carlini/nn_robust_attacks' l2_attack.py: the image and target held in variables set
    # by assign ops from placeholders, the perturbation a `modifier` variable in tanh space,
    # f6's max over other logits with tlab * 10000, Adam over the modifier alone with its
    # slots found by diffing global_variables, variables_initializer of only those, and
    # the binary search over the constant in numpy.
    "cw_l2_attack_tanh_space_binary_search": r"""
tf.set_random_seed(1115)
rs = np.random.RandomState(24)
class Model:
  num_channels, image_size, num_labels = 1, 4, 3
  def __init__(self):
    self.w = tf.constant(rs.normal(size=(16, 3)).astype(np.float32))
    self.b = tf.constant([0.1, -0.2, 0.05])
  def predict(self, data):
    return tf.matmul(tf.reshape(data, [-1, 16]), self.w) + self.b

class CarliniL2:
  def __init__(self, sess, model, batch_size=2, confidence=0.0, targeted=True,
               learning_rate=0.1, binary_search_steps=3, max_iterations=8,
               initial_const=0.5, boxmin=-0.5, boxmax=0.5):
    image_size, num_channels, num_labels = model.image_size, model.num_channels, model.num_labels
    self.sess = sess
    self.TARGETED, self.LEARNING_RATE, self.MAX_ITERATIONS = targeted, learning_rate, max_iterations
    self.BINARY_SEARCH_STEPS, self.CONFIDENCE, self.initial_const = binary_search_steps, confidence, initial_const
    self.batch_size = batch_size
    shape = (batch_size, image_size, image_size, num_channels)
    modifier = tf.Variable(np.zeros(shape, dtype=np.float32))
    self.timg = tf.Variable(np.zeros(shape), dtype=tf.float32)
    self.tlab = tf.Variable(np.zeros((batch_size, num_labels)), dtype=tf.float32)
    self.const = tf.Variable(np.zeros(batch_size), dtype=tf.float32)
    self.assign_timg = tf.placeholder(tf.float32, shape)
    self.assign_tlab = tf.placeholder(tf.float32, (batch_size, num_labels))
    self.assign_const = tf.placeholder(tf.float32, [batch_size])
    self.boxmul = (boxmax - boxmin) / 2.
    self.boxplus = (boxmin + boxmax) / 2.
    self.newimg = tf.tanh(modifier + self.timg) * self.boxmul + self.boxplus
    self.output = model.predict(self.newimg)
    self.l2dist = tf.reduce_sum(tf.square(self.newimg - (tf.tanh(self.timg) * self.boxmul + self.boxplus)), [1, 2, 3])
    real = tf.reduce_sum((self.tlab) * self.output, 1)
    other = tf.reduce_max((1 - self.tlab) * self.output - (self.tlab * 10000), 1)
    if self.TARGETED:
      loss1 = tf.maximum(0.0, other - real + self.CONFIDENCE)
    else:
      loss1 = tf.maximum(0.0, real - other + self.CONFIDENCE)
    self.loss2 = tf.reduce_sum(self.l2dist)
    self.loss1 = tf.reduce_sum(self.const * loss1)
    self.loss = self.loss1 + self.loss2
    start_vars = set(x.name for x in tf.global_variables())
    optimizer = tf.train.AdamOptimizer(self.LEARNING_RATE)
    self.train = optimizer.minimize(self.loss, var_list=[modifier])
    end_vars = tf.global_variables()
    new_vars = [x for x in end_vars if x.name not in start_vars]
    self.setup = [self.timg.assign(self.assign_timg), self.tlab.assign(self.assign_tlab),
                  self.const.assign(self.assign_const)]
    self.init = tf.variables_initializer(var_list=[modifier] + new_vars)
    self.new_var_names = [v.op.name for v in new_vars]

  def attack_batch(self, imgs, labs):
    def compare(x, y):
      if not isinstance(x, (float, int, np.int64)):
        x = np.copy(x)
        x[y] -= self.CONFIDENCE
        x = np.argmax(x)
      return x == y if self.TARGETED else x != y
    batch_size = self.batch_size
    imgs = np.arctanh((imgs - self.boxplus) / self.boxmul * 0.999999)
    lower_bound = np.zeros(batch_size)
    CONST = np.ones(batch_size) * self.initial_const
    upper_bound = np.ones(batch_size) * 1e10
    o_bestl2 = [1e10] * batch_size
    o_bestscore = [-1] * batch_size
    o_bestattack = [np.zeros(imgs[0].shape)] * batch_size
    consts = []
    for outer_step in range(self.BINARY_SEARCH_STEPS):
      self.sess.run(self.init)
      batch, batchlab = imgs[:batch_size], labs[:batch_size]
      bestl2 = [1e10] * batch_size
      bestscore = [-1] * batch_size
      self.sess.run(self.setup, {self.assign_timg: batch, self.assign_tlab: batchlab,
                                 self.assign_const: CONST})
      for iteration in range(self.MAX_ITERATIONS):
        _, l, l2s, scores, nimg = self.sess.run([self.train, self.loss, self.l2dist,
                                                 self.output, self.newimg])
        for e, (l2, sc, ii) in enumerate(zip(l2s, scores, nimg)):
          if l2 < bestl2[e] and compare(sc, np.argmax(batchlab[e])):
            bestl2[e] = l2
            bestscore[e] = np.argmax(sc)
          if l2 < o_bestl2[e] and compare(sc, np.argmax(batchlab[e])):
            o_bestl2[e] = l2
            o_bestscore[e] = np.argmax(sc)
            o_bestattack[e] = ii
      for e in range(batch_size):
        if compare(bestscore[e], np.argmax(batchlab[e])) and bestscore[e] != -1:
          upper_bound[e] = min(upper_bound[e], CONST[e])
          if upper_bound[e] < 1e9:
            CONST[e] = (lower_bound[e] + upper_bound[e]) / 2
        else:
          lower_bound[e] = max(lower_bound[e], CONST[e])
          if upper_bound[e] < 1e9:
            CONST[e] = (lower_bound[e] + upper_bound[e]) / 2
          else:
            CONST[e] *= 10
      consts.append(list(CONST))
    return np.array(o_bestattack), o_bestl2, o_bestscore, consts

sess = tf.Session()
model = Model()
attack = CarliniL2(sess, model)
imgs = rs.uniform(-0.4, 0.4, size=(2, 4, 4, 1)).astype(np.float32)
targets = np.eye(3, dtype=np.float32)[[2, 0]]
adv, l2, score, consts = attack.attack_batch(imgs, targets)
out["l2"], out["score"], out["consts"] = L(l2), L(score), L(consts)
out["adv"] = L(adv[:, ::2, ::2, 0])
out["new_vars"] = attack.new_var_names
""",
    # PAIR-code/saliency over a TF1 graph: vanilla gradients of one logit by tf.gradients,
    # IntegratedGradients as the mean of gradients along a straight path from a baseline
    # times the difference, SmoothGrad's noisy average (numpy noise), and the 2-D
    # visualization by the sum of absolute values clipped at the 99th percentile.
    "saliency_integrated_gradients_smoothgrad": r"""
tf.set_random_seed(1116)
images = tf.placeholder(tf.float32, [None, 6, 6, 2])
net = tf.layers.conv2d(images, 4, 3, activation=tf.nn.softplus, name="conv")
net = tf.reduce_mean(net, axis=[1, 2])
logits = tf.layers.dense(net, 3, name="logits")
neuron_selector = tf.placeholder(tf.int32)
y = logits[0][neuron_selector]
prediction = tf.argmax(logits, 1)

class GradientSaliency(object):
  def __init__(self, graph, session, y, x):
    self.graph, self.session, self.x = graph, session, x
    self.gradients_node = tf.gradients(y, x)[0]
  def GetMask(self, x_value, feed_dict={}):
    feed_dict[self.x] = [x_value]
    return self.session.run(self.gradients_node, feed_dict=feed_dict)[0]
  def GetSmoothedMask(self, x_value, feed_dict={}, stdev_spread=.15, nsamples=5, magnitude=True):
    stdev = stdev_spread * (np.max(x_value) - np.min(x_value))
    total_gradients = np.zeros_like(x_value)
    noise_rs = np.random.RandomState(0)
    for i in range(nsamples):
      noise = noise_rs.normal(0, stdev, x_value.shape)
      x_plus_noise = x_value + noise
      grad = self.GetMask(x_plus_noise, feed_dict)
      total_gradients += (grad * grad) if magnitude else grad
    return total_gradients / nsamples

class IntegratedGradients(GradientSaliency):
  def GetMask(self, x_value, feed_dict={}, x_baseline=None, x_steps=8):
    if x_baseline is None:
      x_baseline = np.zeros_like(x_value)
    x_diff = x_value - x_baseline
    total_gradients = np.zeros_like(x_value)
    for alpha in np.linspace(0, 1, x_steps):
      x_step = x_baseline + alpha * x_diff
      total_gradients += super(IntegratedGradients, self).GetMask(x_step, feed_dict)
    return total_gradients * x_diff / x_steps

def VisualizeImageGrayscale(image_3d, percentile=99):
  image_2d = np.sum(np.abs(image_3d), axis=2)
  vmax = np.percentile(image_2d, percentile)
  vmin = np.min(image_2d)
  return np.clip((image_2d - vmin) / (vmax - vmin), 0, 1)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
img = np.random.RandomState(25).uniform(size=(6, 6, 2)).astype(np.float32)
cls = int(sess.run(prediction, {images: [img]})[0])
g = tf.get_default_graph()
grad = GradientSaliency(g, sess, y, images)
ig = IntegratedGradients(g, sess, y, images)
vanilla = grad.GetMask(img, {neuron_selector: cls})
smooth = grad.GetSmoothedMask(img, {neuron_selector: cls})
integrated = ig.GetMask(img, {neuron_selector: cls})
total = float(integrated.sum())
logit_gap = sess.run(y, {images: [img], neuron_selector: cls}) - sess.run(y, {images: [np.zeros_like(img)], neuron_selector: cls})
out["cls"] = cls
out["vanilla"] = L(VisualizeImageGrayscale(vanilla))
out["smooth"] = L(VisualizeImageGrayscale(smooth)[::2, ::2])
out["integrated"] = L(integrated[::2, ::2, 0])
out["completeness"] = [total, float(logit_gap)]
""",
}


GAN_PROGRAMS = {
    # google/compare_gan's BigGAN pieces: the hierarchical latent split across blocks with
    # a shared class embedding (a linear layer without bias), conditional batch norm
    # (batch norm without centre or scale, then gamma and beta from the condition),
    # nearest-neighbour upsampling in the residual blocks, orthogonal regularization of
    # the kernels, the hinge loss with D and G steps.
    "biggan_conditional_bn_ortho_reg_hinge": r"""
tf.set_random_seed(1117)
B, ZD, NC = 4, 6, 3
def linear(x, units, scope, use_bias=True):
  with tf.variable_scope(scope):
    w = tf.get_variable("kernel", [x.shape[-1].value, units],
                        initializer=tf.glorot_uniform_initializer())
    y = tf.matmul(x, w)
    if use_bias:
      y += tf.get_variable("bias", [units], initializer=tf.zeros_initializer())
    return y
def conv2d(x, filters, k, scope):
  with tf.variable_scope(scope):
    w = tf.get_variable("kernel", [k, k, x.shape[-1].value, filters],
                        initializer=tf.glorot_uniform_initializer())
    return tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME") + tf.get_variable(
        "bias", [filters], initializer=tf.zeros_initializer())
def batch_norm(x, is_training, center=True, scale=True, name="batch_norm"):
  return contrib.layers.batch_norm(x, decay=0.9, epsilon=1e-5, center=center, scale=scale,
                                   updates_collections=None, is_training=is_training, scope=name)
def conditional_batch_norm(inputs, y, is_training, name="batch_norm"):
  with tf.variable_scope(name):
    outputs = batch_norm(inputs, is_training, center=False, scale=False, name="bn")
    num_channels = inputs.shape[-1].value
    with tf.variable_scope("condition", values=[inputs, y]):
      gamma = linear(y, num_channels, scope="gamma", use_bias=False)
      gamma = tf.reshape(gamma, [-1, 1, 1, num_channels])
      beta = linear(y, num_channels, scope="beta", use_bias=False)
      beta = tf.reshape(beta, [-1, 1, 1, num_channels])
      outputs = (1.0 + gamma) * outputs + beta
  return outputs
def upsample(x):
  h, w = x.shape[1].value, x.shape[2].value
  return tf.image.resize_nearest_neighbor(x, [2 * h, 2 * w])
def gen_block(x, z_y, out_ch, is_training, name):
  with tf.variable_scope(name):
    h = tf.nn.relu(conditional_batch_norm(x, z_y, is_training, name="bn1"))
    h = conv2d(upsample(h), out_ch, 3, "conv1")
    h = tf.nn.relu(conditional_batch_norm(h, z_y, is_training, name="bn2"))
    h = conv2d(h, out_ch, 3, "conv2")
    return h + conv2d(upsample(x), out_ch, 1, "conv_shortcut")
def generator(z, y, is_training):
  with tf.variable_scope("generator", reuse=tf.AUTO_REUSE):
    z_args = tf.split(z, [2, 2, 2], axis=1)
    z0, z_per_block = z_args[0], z_args[1:]
    y = linear(y, 4, scope="embed_y", use_bias=False)
    net = tf.reshape(linear(z0, 2 * 2 * 4, scope="fc_noise"), [-1, 2, 2, 4])
    for i, zb in enumerate(z_per_block):
      net = gen_block(net, tf.concat([zb, y], axis=1), 4, is_training, "B%d" % (i + 1))
    net = tf.nn.relu(batch_norm(net, is_training, name="final_norm"))
    return tf.nn.tanh(conv2d(net, 3, 3, "final_conv"))
def discriminator(x, y):
  with tf.variable_scope("discriminator", reuse=tf.AUTO_REUSE):
    h = tf.nn.relu(conv2d(x, 4, 3, "conv1"))
    h = tf.nn.avg_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    h = tf.reduce_sum(tf.nn.relu(h), axis=[1, 2])
    out = linear(h, 1, scope="final_fc")
    y_embed = linear(y, 4, scope="embedding_fc", use_bias=False)
    return out + tf.reduce_sum(y_embed * h, axis=1, keepdims=True)
def ortho_reg(var_list, scale=1e-4):
  losses = []
  for v in var_list:
    if "kernel" not in v.name or v.shape.ndims < 2:
      continue
    w = tf.reshape(v, [-1, v.shape[-1].value])
    identity = tf.eye(w.shape[1].value)
    wt_w = tf.matmul(a=w, b=w, transpose_a=True)
    losses.append(tf.reduce_sum(tf.square(wt_w * (1 - identity))))
  return scale * tf.add_n(losses)

z = tf.placeholder(tf.float32, [B, ZD]); yl = tf.placeholder(tf.int32, [B])
real = tf.placeholder(tf.float32, [B, 8, 8, 3])
y = tf.one_hot(yl, NC)
fake = generator(z, y, is_training=True)
d_real, d_fake = discriminator(real, y), discriminator(fake, y)
d_loss = tf.reduce_mean(tf.nn.relu(1.0 - d_real)) + tf.reduce_mean(tf.nn.relu(1.0 + d_fake))
g_vars = [v for v in tf.trainable_variables() if "generator" in v.name]
d_vars = [v for v in tf.trainable_variables() if "discriminator" in v.name]
g_loss = -tf.reduce_mean(d_fake) + ortho_reg(g_vars)
d_step = tf.train.AdamOptimizer(2e-3, beta1=0.0, beta2=0.999).minimize(d_loss, var_list=d_vars)
g_step = tf.train.AdamOptimizer(5e-4, beta1=0.0, beta2=0.999).minimize(g_loss, var_list=g_vars)
rs = np.random.RandomState(26)
def truncated(n, rs, trunc=1.0):
  v = rs.normal(size=n)
  bad = np.abs(v) > trunc
  while bad.any():
    v[bad] = rs.normal(size=bad.sum())
    bad = np.abs(v) > trunc
  return v.astype(np.float32)
feed = {z: truncated(B * ZD, rs).reshape(B, ZD), yl: [0, 1, 2, 1],
        real: rs.uniform(-1, 1, size=(B, 8, 8, 3)).astype(np.float32)}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(3):
  dl, _ = sess.run([d_loss, d_step], feed)
  gl, _ = sess.run([g_loss, g_step], feed)
  hist.append([dl, gl])
out["hist"] = LS(hist)
out["ortho"] = L(sess.run(ortho_reg(g_vars)))
out["fake"] = L(sess.run(fake, feed)[:, ::3, ::3, 0])
out["g_vars"] = [v.op.name for v in g_vars]
out["moving"] = len([v for v in tf.global_variables() if "moving" in v.name])
""",
}

NAS_PROGRAMS = {
    # DARTS as its TF1 re-implementations write it: architecture weights alpha kept in
    # their own collection, each edge a mixed op (separable and dilated convolutions,
    # pooling, skip, zero) weighted by softmax(alpha), alternate first-order steps (Adam on
    # alpha over the validation batch, momentum on the weights over the training batch,
    # each var_list filtered), then the genotype by argmax with "none" excluded.
    "darts_mixed_op_first_order_bilevel": r"""
tf.set_random_seed(1118)
PRIMITIVES = ["none", "max_pool_3x3", "skip_connect", "sep_conv_3x3", "dil_conv_3x3"]
C = 4
def sep_conv(x, name, rate=1):
  with tf.variable_scope(name):
    x = tf.nn.relu(x)
    dw = tf.get_variable("depthwise", [3, 3, C, 1])
    pw = tf.get_variable("pointwise", [1, 1, C, C])
    x = tf.nn.separable_conv2d(x, dw, pw, [1, 1, 1, 1], "SAME", rate=[rate, rate])
    return contrib.layers.batch_norm(x, scale=False, center=False, is_training=True,
                                     updates_collections=None)
OPS = {
  "none": lambda x, name: tf.zeros_like(x),
  "max_pool_3x3": lambda x, name: tf.nn.max_pool(x, [1, 3, 3, 1], [1, 1, 1, 1], "SAME"),
  "skip_connect": lambda x, name: tf.identity(x),
  "sep_conv_3x3": lambda x, name: sep_conv(x, name),
  "dil_conv_3x3": lambda x, name: sep_conv(x, name, rate=2),
}
def mixed_op(x, weight, name):
  with tf.variable_scope(name):
    outs = [OPS[p](x, p) * weight[i] for i, p in enumerate(PRIMITIVES)]
    return tf.add_n(outs)
def cell(s0, s1, weights, steps=2):
  states, offset = [s0, s1], 0
  for i in range(steps):
    s = tf.add_n([mixed_op(h, weights[offset + j], "edge_%d_%d" % (i, j)) for j, h in enumerate(states)])
    offset += len(states)
    states.append(s)
  return tf.concat(states[-steps:], axis=-1)
k = sum(2 + i for i in range(2))
with tf.variable_scope("arch"):
  alphas = tf.get_variable("alphas_normal", [k, len(PRIMITIVES)],
                           initializer=tf.random_normal_initializer(stddev=1e-3),
                           collections=[tf.GraphKeys.GLOBAL_VARIABLES, "arch_params"])
x = tf.placeholder(tf.float32, [None, 6, 6, 3]); labels = tf.placeholder(tf.int32, [None])
with tf.variable_scope("model"):
  stem = tf.layers.conv2d(x, C, 3, padding="same", use_bias=False, name="stem")
  h = cell(stem, stem, tf.nn.softmax(alphas, axis=-1))
  logits = tf.layers.dense(tf.reduce_mean(h, [1, 2]), 3, name="classifier")
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
arch_vars = tf.get_collection("arch_params")
w_vars = [v for v in tf.trainable_variables() if v not in arch_vars]
w_loss = loss + 3e-4 * tf.add_n([tf.nn.l2_loss(v) for v in w_vars])
a_loss = loss + 1e-3 * tf.add_n([tf.nn.l2_loss(v) for v in arch_vars])
a_step = tf.train.AdamOptimizer(3e-2, beta1=0.5, beta2=0.999).minimize(a_loss, var_list=arch_vars)
w_opt = tf.train.MomentumOptimizer(0.05, 0.9)
gvs = w_opt.compute_gradients(w_loss, var_list=w_vars)
clipped, _ = tf.clip_by_global_norm([g for g, _ in gvs], 5.0)
w_step = w_opt.apply_gradients(zip(clipped, [v for _, v in gvs]))
rs = np.random.RandomState(27)
train_feed = {x: rs.normal(size=(4, 6, 6, 3)), labels: [0, 1, 2, 1]}
valid_feed = {x: rs.normal(size=(4, 6, 6, 3)), labels: [2, 1, 0, 0]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(3):
  al, _ = sess.run([a_loss, a_step], valid_feed)
  wl, _ = sess.run([w_loss, w_step], train_feed)
  hist.append([al, wl])
out["hist"] = LS(hist)
alpha = sess.run(tf.nn.softmax(alphas, axis=-1))
out["alpha"] = L(alpha)
out["genotype"] = [PRIMITIVES[1 + int(np.argmax(row[1:]))] for row in alpha]
out["arch_trainable"] = [v.op.name for v in tf.trainable_variables() if "arch" in v.op.name]
out["n_w_vars"] = len(w_vars)
""",
}


GRAPH_PROGRAMS = {
    # williamleif/GraphSAGE: the adjacency as a non-trainable variable, the uniform
    # neighbour sampler (embedding_lookup of rows, random_shuffle of the transpose, slice),
    # samples reshaped per hop, mean and max-pooling aggregators with glorot tf.Variables,
    # l2_normalize of the outputs, a multi-label sigmoid loss plus weight decay, and
    # gradients clipped by value with None kept.
    "graphsage_uniform_sampler_mean_pool_aggregators": r"""
tf.set_random_seed(1119)
N, F, MAXD = 7, 3, 4
rs = np.random.RandomState(28)
features_np = rs.normal(size=(N + 1, F)).astype(np.float32)
features_np[-1] = 0
adj_np = np.array([[1, 2, 3, 7], [0, 2, 4, 5], [0, 1, 6, 3], [0, 2, 5, 6], [1, 5, 6, 0],
                   [1, 3, 4, 6], [2, 3, 4, 5], [7, 7, 7, 7]], np.int32)  # the last: the padding node
labels_np = (rs.uniform(size=(N, 2)) > 0.5).astype(np.float32)

def glorot(shape, name=None):
  init_range = np.sqrt(6.0 / (shape[0] + shape[1]))
  initial = tf.random_uniform(shape, minval=-init_range, maxval=init_range, dtype=tf.float32)
  return tf.Variable(initial, name=name)

class UniformNeighborSampler(object):
  def __init__(self, adj_info):
    self.adj_info = adj_info
  def __call__(self, inputs):
    ids, num_samples = inputs
    adj_lists = tf.nn.embedding_lookup(self.adj_info, ids)
    adj_lists = tf.transpose(tf.random_shuffle(tf.transpose(adj_lists)))
    adj_lists = tf.slice(adj_lists, [0, 0], [-1, num_samples])
    return adj_lists

class MeanAggregator(object):
  def __init__(self, input_dim, output_dim, act=tf.nn.relu, name=""):
    with tf.variable_scope(name + "_vars"):
      self.neigh_weights = glorot([input_dim, output_dim], name="neigh_weights")
      self.self_weights = glorot([input_dim, output_dim], name="self_weights")
    self.act = act
  def __call__(self, inputs):
    self_vecs, neigh_vecs = inputs
    neigh_means = tf.reduce_mean(neigh_vecs, axis=1)
    from_neighs = tf.matmul(neigh_means, self.neigh_weights)
    from_self = tf.matmul(self_vecs, self.self_weights)
    return self.act(tf.concat([from_self, from_neighs], axis=1))

class MaxPoolingAggregator(object):
  def __init__(self, input_dim, output_dim, act=tf.nn.relu, name="", hidden_dim=5):
    self.hidden_dim, self.act = hidden_dim, act
    with tf.variable_scope(name + "_vars"):
      self.mlp = glorot([input_dim, hidden_dim], name="mlp_weights")
      self.neigh_weights = glorot([hidden_dim, output_dim], name="neigh_weights")
      self.self_weights = glorot([input_dim, output_dim], name="self_weights")
  def __call__(self, inputs):
    self_vecs, neigh_vecs = inputs
    dims = tf.shape(neigh_vecs)
    batch_size, num_neighbors = dims[0], dims[1]
    h_reshaped = tf.reshape(neigh_vecs, (batch_size * num_neighbors, neigh_vecs.shape[-1].value))
    h_reshaped = tf.nn.relu(tf.matmul(h_reshaped, self.mlp))
    neigh_h = tf.reshape(h_reshaped, (batch_size, num_neighbors, self.hidden_dim))
    neigh_h = tf.reduce_max(neigh_h, axis=1)
    from_neighs = tf.matmul(neigh_h, self.neigh_weights)
    from_self = tf.matmul(self_vecs, self.self_weights)
    return self.act(tf.concat([from_self, from_neighs], axis=1))

adj_info = tf.Variable(tf.constant(adj_np), trainable=False, name="adj_info")
features = tf.Variable(tf.constant(features_np), trainable=False, name="feature_lookup")
batch = tf.placeholder(tf.int32, [None], name="batch1")
labels = tf.placeholder(tf.float32, [None, 2])
batch_size = tf.shape(batch)[0]
sampler = UniformNeighborSampler(adj_info)
layer_num_samples = [3, 2]
samples, support_sizes, support_size = [batch], [1], 1
for k in range(len(layer_num_samples)):
  t = len(layer_num_samples) - k - 1
  support_size *= layer_num_samples[t]
  node = sampler((samples[k], layer_num_samples[t]))
  samples.append(tf.reshape(node, [support_size * batch_size, ]))
  support_sizes.append(support_size)

def aggregate(samples, dims, num_samples, support_sizes, kind, name):
  hidden = [tf.nn.embedding_lookup(features, node_samples) for node_samples in samples]
  aggregators = []
  for layer in range(len(num_samples)):
    dim_mult = 2 if layer != 0 else 1
    act = (lambda x: x) if layer == len(num_samples) - 1 else tf.nn.relu
    aggregators.append(kind(dim_mult * dims[layer], dims[layer + 1], act=act, name="%s_%d" % (name, layer)))
  for layer, aggregator in enumerate(aggregators):
    next_hidden = []
    for hop in range(len(num_samples) - layer):
      dim_mult = 2 if layer != 0 else 1
      neigh_dims = [batch_size * support_sizes[hop], num_samples[len(num_samples) - hop - 1],
                    dim_mult * dims[layer]]
      h = aggregator((hidden[hop], tf.reshape(hidden[hop + 1], neigh_dims)))
      next_hidden.append(h)
    hidden = next_hidden
  return hidden[0], aggregators

outputs = []
for kind, name in [(MeanAggregator, "mean"), (MaxPoolingAggregator, "pool")]:
  out1, aggs = aggregate(samples, [F, 4, 4], layer_num_samples, support_sizes, kind, name)
  outputs.append(tf.nn.l2_normalize(out1, 1))
outputs1 = tf.concat(outputs, 1)
node_preds = tf.layers.dense(outputs1, 2, name="node_pred")
loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=node_preds, labels=labels))
loss += 5e-4 * tf.add_n([tf.nn.l2_loss(v) for v in tf.trainable_variables() if "weights" in v.name])
optimizer = tf.train.AdamOptimizer(learning_rate=0.01)
grads_and_vars = optimizer.compute_gradients(loss)
clipped = [(tf.clip_by_value(grad, -5.0, 5.0) if grad is not None else None, var)
           for grad, var in grads_and_vars]
opt_op = optimizer.apply_gradients(clipped)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
feed = {batch: [0, 3, 5], labels: labels_np[[0, 3, 5]]}
out["samples"] = LS(sess.run(samples, feed))
out["samples_again"] = LS(sess.run(samples[1:], feed))
out["hist"] = L([sess.run([loss, opt_op], feed)[0] for _ in range(3)])
out["vars"] = [v.op.name for v in tf.trainable_variables()]
""",
    # thunlp/OpenKE's TF1 TransE and TransH: xavier-initialized entity and relation
    # embeddings, positive and negative triples by embedding_lookup, l2_normalize of the
    # looked-up rows, TransH's hyperplane projection, the L1 distance, the margin loss
    # summed, SGD; then link prediction ranking every tail.
    "openke_transe_transh_margin_ranking": r"""
tf.set_random_seed(1120)
ent_total, rel_total, hidden, margin = 6, 2, 4, 1.0
pos_h = tf.placeholder(tf.int32, [None]); pos_t = tf.placeholder(tf.int32, [None])
pos_r = tf.placeholder(tf.int32, [None]); neg_h = tf.placeholder(tf.int32, [None])
neg_t = tf.placeholder(tf.int32, [None]); neg_r = tf.placeholder(tf.int32, [None])
xavier = contrib.layers.xavier_initializer(uniform=False)

def transfer(e, n):
  return e - tf.reduce_sum(e * n, 1, keep_dims=True) * n

def model(name, use_h):
  with tf.variable_scope(name):
    ent_embeddings = tf.get_variable(name="ent_embeddings", shape=[ent_total, hidden], initializer=xavier)
    rel_embeddings = tf.get_variable(name="rel_embeddings", shape=[rel_total, hidden], initializer=xavier)
    lk = lambda table, ids: tf.nn.l2_normalize(tf.nn.embedding_lookup(table, ids), 1)
    ph, pt, pr = lk(ent_embeddings, pos_h), lk(ent_embeddings, pos_t), lk(rel_embeddings, pos_r)
    nh, nt, nr = lk(ent_embeddings, neg_h), lk(ent_embeddings, neg_t), lk(rel_embeddings, neg_r)
    if use_h:
      normal_vectors = tf.get_variable(name="normal_vectors", shape=[rel_total, hidden], initializer=xavier)
      pn = tf.nn.embedding_lookup(normal_vectors, pos_r)
      nn_ = tf.nn.embedding_lookup(normal_vectors, neg_r)
      ph, pt, nh, nt = transfer(ph, pn), transfer(pt, pn), transfer(nh, nn_), transfer(nt, nn_)
    pos = tf.reduce_sum(abs(ph + pr - pt), 1, keep_dims=True)
    neg = tf.reduce_sum(abs(nh + nr - nt), 1, keep_dims=True)
    loss = tf.reduce_sum(tf.maximum(pos - neg + margin, 0))
    scores = tf.reduce_sum(abs(lk(ent_embeddings, pos_h[:1]) + lk(rel_embeddings, pos_r[:1])
                               - tf.nn.l2_normalize(ent_embeddings, 1)), 1)
    return loss, scores

transe_loss, transe_scores = model("TransE", False)
transh_loss, transh_scores = model("TransH", True)
train = tf.train.GradientDescentOptimizer(0.05).minimize(transe_loss + transh_loss)
triples = np.array([[0, 1, 0], [1, 2, 0], [2, 3, 1], [3, 4, 1], [4, 5, 0]])
rs = np.random.RandomState(29)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(4):
  corrupt = rs.randint(0, ent_total, size=len(triples))
  feed = {pos_h: triples[:, 0], pos_t: triples[:, 1], pos_r: triples[:, 2],
          neg_h: triples[:, 0], neg_t: corrupt, neg_r: triples[:, 2]}
  hist.append(sess.run([transe_loss, transh_loss, train], feed)[:2])
out["hist"] = LS(hist)
se, sh = sess.run([transe_scores, transh_scores], feed)
out["scores"] = LS([se, sh])
out["ranks"] = [L(np.argsort(se)), L(np.argsort(sh))]
""",
}

NLP_PROGRAMS = {
    # lukecq1231/ESIM's TF1 ports: one BiLSTM encoder over premise and hypothesis under
    # AUTO_REUSE, soft alignment by matmul with masked softmaxes both ways, the enhanced
    # [a; a~; a-a~; a*a~], a ReLU projection, a composition BiLSTM, masked average and
    # max pooling, a tanh MLP, Adam over clip_by_global_norm.
    "esim_soft_alignment_enhancement_pooling": r"""
tf.set_random_seed(1121)
V, E, H, LA, LB = 10, 4, 3, 5, 4
premise = tf.placeholder(tf.int32, [None, LA]); hypothesis = tf.placeholder(tf.int32, [None, LB])
len_a = tf.placeholder(tf.int32, [None]); len_b = tf.placeholder(tf.int32, [None])
y = tf.placeholder(tf.int32, [None])
embeddings = tf.get_variable("embeddings", [V, E])

def bilstm(x, seq_len, scope):
  with tf.variable_scope(scope, reuse=tf.AUTO_REUSE):
    fw = tf.nn.rnn_cell.LSTMCell(H, name="fw")
    bw = tf.nn.rnn_cell.LSTMCell(H, name="bw")
    outs, _ = tf.nn.bidirectional_dynamic_rnn(fw, bw, x, sequence_length=seq_len, dtype=tf.float32)
    return tf.concat(outs, axis=2)

def masked_softmax(scores, mask):
  scores = scores - tf.reduce_max(scores, axis=-1, keepdims=True)
  exp = tf.exp(scores) * mask
  return exp / (tf.reduce_sum(exp, axis=-1, keepdims=True) + 1e-13)

a_mask = tf.sequence_mask(len_a, LA, dtype=tf.float32)
b_mask = tf.sequence_mask(len_b, LB, dtype=tf.float32)
a_bar = bilstm(tf.nn.embedding_lookup(embeddings, premise), len_a, "encoding")
b_bar = bilstm(tf.nn.embedding_lookup(embeddings, hypothesis), len_b, "encoding")
e = tf.matmul(a_bar, b_bar, transpose_b=True)
a_tilde = tf.matmul(masked_softmax(e, tf.expand_dims(b_mask, 1)), b_bar)
b_tilde = tf.matmul(masked_softmax(tf.transpose(e, [0, 2, 1]), tf.expand_dims(a_mask, 1)), a_bar)
m_a = tf.concat([a_bar, a_tilde, a_bar - a_tilde, a_bar * a_tilde], axis=-1)
m_b = tf.concat([b_bar, b_tilde, b_bar - b_tilde, b_bar * b_tilde], axis=-1)
with tf.variable_scope("projection", reuse=tf.AUTO_REUSE):
  m_a = tf.layers.dense(m_a, H, activation=tf.nn.relu, name="proj")
  m_b = tf.layers.dense(m_b, H, activation=tf.nn.relu, name="proj")
v_a, v_b = bilstm(m_a, len_a, "composition"), bilstm(m_b, len_b, "composition")
def pool(v, mask):
  avg = tf.reduce_sum(v * tf.expand_dims(mask, -1), 1) / tf.reduce_sum(mask, 1, keepdims=True)
  mx = tf.reduce_max(v + tf.expand_dims((1. - mask) * -1e7, -1), 1)
  return avg, mx
v = tf.concat(list(pool(v_a, a_mask)) + list(pool(v_b, b_mask)), axis=-1)
hid = tf.layers.dense(v, H, activation=tf.nn.tanh, name="mlp")
logits = tf.layers.dense(hid, 3, name="out")
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
opt = tf.train.AdamOptimizer(0.02)
grads, tvars = zip(*opt.compute_gradients(loss))
grads, gnorm = tf.clip_by_global_norm(grads, 10.0)
train = opt.apply_gradients(zip(grads, tvars))
rs = np.random.RandomState(30)
feed = {premise: rs.randint(1, V, (3, LA)), hypothesis: rs.randint(1, V, (3, LB)),
        len_a: [5, 3, 2], len_b: [4, 4, 1], y: [0, 2, 1]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["hist"] = LS([sess.run([loss, gnorm, train], feed)[:2] for _ in range(4)])
out["attn"] = L(sess.run(masked_softmax(e, tf.expand_dims(b_mask, 1)), feed)[2])
out["pred"] = L(sess.run(tf.argmax(logits, 1), feed))
out["vars"] = [v.op.name for v in tf.trainable_variables()]
""",
    # AntreasAntoniou's MatchingNetworks: a shared conv embedding g over the support set
    # and target (reuse by a flag), full context embeddings by a static bidirectional LSTM
    # added to g, the DistanceNetwork's cosine similarities (rsqrt of clip_by_value to
    # float("inf")), the attentional classifier over one-hot support labels, the log loss
    # and accuracy.
    "matchnet_fce_cosine_attention": r"""
tf.set_random_seed(1122)
ways, shots, size = 3, 1, 6
support_set_images = tf.placeholder(tf.float32, [2, ways * shots, size, size, 1])
support_set_labels = tf.placeholder(tf.int32, [2, ways * shots])
target_image = tf.placeholder(tf.float32, [2, size, size, 1])
target_label = tf.placeholder(tf.int32, [2])

class Classifier:
  def __init__(self, name):
    self.reuse, self.name = False, name
  def __call__(self, image_input, training=False, keep_prob=1.0):
    with tf.variable_scope(self.name, reuse=self.reuse):
      x = tf.layers.conv2d(image_input, 4, [3, 3], strides=(1, 1), padding="SAME", name="conv1")
      x = contrib.layers.batch_norm(x, updates_collections=None, decay=0.99, scale=True,
                                    center=True, is_training=training)
      x = tf.nn.max_pool(tf.nn.leaky_relu(x), [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
      x = tf.layers.flatten(x)
    self.reuse = True
    self.variables = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope=self.name)
    return x

class BidirectionalLSTM:
  def __init__(self, layer_sizes, batch_size):
    self.reuse, self.batch_size, self.layer_sizes = False, batch_size, layer_sizes
  def __call__(self, inputs, name, training=False):
    with tf.name_scope("bid-lstm" + name), tf.variable_scope("bid-lstm", reuse=self.reuse):
      fw = tf.nn.rnn_cell.LSTMCell(num_units=self.layer_sizes[0], activation=tf.nn.tanh)
      bw = tf.nn.rnn_cell.LSTMCell(num_units=self.layer_sizes[0], activation=tf.nn.tanh)
      outputs, output_state_fw, output_state_bw = tf.nn.static_bidirectional_rnn(
          fw, bw, inputs, dtype=tf.float32)
    self.reuse = True
    return outputs, output_state_fw, output_state_bw

class DistanceNetwork:
  def __call__(self, support_set, input_image, name, training=False):
    with tf.name_scope("distance-module" + name):
      eps = 1e-10
      similarities = []
      for support_image in tf.unstack(support_set, axis=0):
        sum_support = tf.reduce_sum(tf.square(support_image), 1, keep_dims=True)
        support_magnitude = tf.rsqrt(tf.clip_by_value(sum_support, eps, float("inf")))
        dot_product = tf.matmul(tf.expand_dims(input_image, 1), tf.expand_dims(support_image, 2))
        dot_product = tf.squeeze(dot_product, [1, ])
        cosine_similarity = dot_product * support_magnitude
        similarities.append(cosine_similarity)
    similarities = tf.concat(axis=1, values=similarities)
    return similarities

class AttentionalClassify:
  def __call__(self, similarities, support_set_y, name, training=False):
    with tf.name_scope("attentional-classification" + name):
      softmax_similarities = tf.nn.softmax(similarities)
      preds = tf.squeeze(tf.matmul(tf.expand_dims(softmax_similarities, 1), support_set_y))
    return preds

g = Classifier("g")
lstm = BidirectionalLSTM([4], 2)
support_set_labels_one_hot = tf.one_hot(support_set_labels, ways)
encoded_images = []
for image in tf.unstack(support_set_images, axis=1):
  encoded_images.append(g(image, training=True))
encoded_images.append(g(target_image, training=True))
outputs, _, _ = lstm(encoded_images, name="lstm", training=True)
outputs = [o + e for o, e in zip(outputs, [tf.concat([e, e], 1)[:, :8] for e in encoded_images])]
outputs = tf.stack(outputs)
similarities = DistanceNetwork()(support_set=outputs[:-1], input_image=outputs[-1], name="distance_calculation")
preds = AttentionalClassify()(similarities, support_set_y=support_set_labels_one_hot, name="classify")
correct_prediction = tf.equal(tf.argmax(preds, 1), tf.cast(target_label, tf.int64))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
targets = tf.one_hot(target_label, ways)
crossentropy_loss = tf.reduce_mean(-tf.reduce_sum(targets * tf.log(preds), reduction_indices=[1]))
c_opt = tf.train.AdamOptimizer(beta1=0.9, learning_rate=0.01)
train = c_opt.minimize(crossentropy_loss, var_list=g.variables + tf.get_collection(
    tf.GraphKeys.TRAINABLE_VARIABLES, scope="bid-lstm"))
rs = np.random.RandomState(31)
feed = {support_set_images: rs.uniform(size=(2, ways, size, size, 1)),
        support_set_labels: [[0, 1, 2], [2, 0, 1]], target_image: rs.uniform(size=(2, size, size, 1)),
        target_label: [1, 2]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["hist"] = LS([sess.run([crossentropy_loss, accuracy, train], feed)[:2] for _ in range(4)])
out["sims"] = L(sess.run(similarities, feed))
out["vars"] = [v.op.name for v in tf.trainable_variables()]
""",
}


SEMI_PROGRAMS = {
    # rinuboney/ladder: weights as tf.Variables scaled by 1/sqrt(fan-in), the corrupted and
    # clean encoders sharing them, batch statistics split labelled/unlabelled by tf.slice,
    # running statistics assigned and averaged by an ExponentialMovingAverage applied
    # inside the clean encoder's training branch of a tf.cond (and grouped outside it),
    # the g_gauss combinator's
    # ten per-unit parameters, layer-weighted denoising costs, and the training step
    # grouped with the averages' updates under its control dependency.
    "ladder_gauss_combinator_ewma_in_cond": r"""
tf.set_random_seed(1123)
import math
layer_sizes = [6, 5, 4, 3]
L_ = len(layer_sizes) - 1
num_labeled, batch_size = 2, 3
inputs = tf.placeholder(tf.float32, shape=(None, layer_sizes[0]))
outputs = tf.placeholder(tf.float32)
training = tf.placeholder(tf.bool)
def bi(inits, size, name):
  return tf.Variable(inits * tf.ones([size]), name=name)
def wi(shape, name):
  return tf.Variable(tf.random_normal(shape, name=name)) / math.sqrt(shape[0])
shapes = list(zip(layer_sizes[:-1], layer_sizes[1:]))
weights = {"W": [wi(s, "W") for s in shapes],
           "V": [wi(s[::-1], "V") for s in shapes],
           "beta": [bi(0.0, layer_sizes[l + 1], "beta") for l in range(L_)],
           "gamma": [bi(1.0, layer_sizes[l + 1], "beta") for l in range(L_)]}
noise_std = 0.3
denoising_cost = [10.0, 1.0, 0.1, 0.1]
join = lambda l, u: tf.concat([l, u], 0)
labeled = lambda x: tf.slice(x, [0, 0], [num_labeled, -1]) if x is not None else x
unlabeled = lambda x: tf.slice(x, [num_labeled, 0], [-1, -1]) if x is not None else x
split_lu = lambda x: (labeled(x), unlabeled(x))
ewma = tf.train.ExponentialMovingAverage(decay=0.99)
bn_assigns = []
running_mean = [tf.Variable(tf.constant(0.0, shape=[l]), trainable=False) for l in layer_sizes[1:]]
running_var = [tf.Variable(tf.constant(1.0, shape=[l]), trainable=False) for l in layer_sizes[1:]]
def batch_normalization(batch, mean=None, var=None):
  if mean is None or var is None:
    mean, var = tf.nn.moments(batch, axes=[0])
  return (batch - mean) / tf.sqrt(var + tf.constant(1e-10))
def update_batch_normalization(batch, l):
  mean, var = tf.nn.moments(batch, axes=[0])
  assign_mean = running_mean[l - 1].assign(mean)
  assign_var = running_var[l - 1].assign(var)
  with tf.control_dependencies([assign_mean, assign_var]):
    # (arranged: the original applies the average beside the assigns, which TF's executor
    # then orders as it likes)
    bn_assigns.append(ewma.apply([running_mean[l - 1], running_var[l - 1]]))
    return (batch - mean) / tf.sqrt(var + 1e-10)
def encoder(inputs, noise_std):
  h = inputs + tf.random_normal(tf.shape(inputs)) * noise_std
  d = {"labeled": {"z": {}, "m": {}, "v": {}, "h": {}},
       "unlabeled": {"z": {}, "m": {}, "v": {}, "h": {}}}
  d["labeled"]["z"][0], d["unlabeled"]["z"][0] = split_lu(h)
  for l in range(1, L_ + 1):
    d["labeled"]["h"][l - 1], d["unlabeled"]["h"][l - 1] = split_lu(h)
    z_pre = tf.matmul(h, weights["W"][l - 1])
    z_pre_l, z_pre_u = split_lu(z_pre)
    m, v = tf.nn.moments(z_pre_u, axes=[0])
    def training_batch_norm():
      if noise_std > 0:
        z = join(batch_normalization(z_pre_l), batch_normalization(z_pre_u, m, v))
        z += tf.random_normal(tf.shape(z_pre)) * noise_std
      else:
        z = join(batch_normalization(z_pre_l), update_batch_normalization(z_pre_u, l))
      return z
    def eval_batch_norm():
      mean = ewma.average(running_mean[l - 1])
      var = ewma.average(running_var[l - 1])
      z = batch_normalization(z_pre, mean, var)
      return z
    z = tf.cond(training, training_batch_norm, eval_batch_norm)
    if l == L_:
      h = tf.nn.softmax(weights["gamma"][l - 1] * (z + weights["beta"][l - 1]))
    else:
      h = tf.nn.relu(z + weights["beta"][l - 1])
    d["labeled"]["z"][l], d["unlabeled"]["z"][l] = split_lu(z)
    d["unlabeled"]["m"][l], d["unlabeled"]["v"][l] = m, v
  d["labeled"]["h"][l], d["unlabeled"]["h"][l] = split_lu(h)
  return h, d
y_c, corr = encoder(inputs, noise_std)
y, clean = encoder(inputs, 0.0)
def g_gauss(z_c, u, size):
  wi = lambda inits, name: tf.Variable(inits * tf.ones([size]), name=name)
  a1, a2, a3, a4, a5 = wi(0., "a1"), wi(1., "a2"), wi(0., "a3"), wi(0., "a4"), wi(0., "a5")
  a6, a7, a8, a9, a10 = wi(0., "a6"), wi(1., "a7"), wi(0., "a8"), wi(0., "a9"), wi(0., "a10")
  mu = a1 * tf.sigmoid(a2 * u + a3) + a4 * u + a5
  v = a6 * tf.sigmoid(a7 * u + a8) + a9 * u + a10
  return (z_c - mu) * v + mu
z_est, d_cost = {}, []
for l in range(L_, -1, -1):
  z, z_c = clean["unlabeled"]["z"][l], corr["unlabeled"]["z"][l]
  m, v = clean["unlabeled"]["m"].get(l, 0), clean["unlabeled"]["v"].get(l, 1 - 1e-10)
  if l == L_:
    u = unlabeled(y_c)
  else:
    u = tf.matmul(z_est[l + 1], weights["V"][l])
  u = batch_normalization(u)
  z_est[l] = g_gauss(z_c, u, layer_sizes[l])
  z_est_bn = (z_est[l] - m) / v
  d_cost.append((tf.reduce_mean(tf.reduce_sum(tf.square(z_est_bn - z), 1)) / layer_sizes[l]) * denoising_cost[l])
u_cost = tf.add_n(d_cost)
y_N = labeled(y_c)
cost = -tf.reduce_mean(tf.reduce_sum(outputs * tf.log(y_N), 1))
loss = cost + u_cost
pred_cost = -tf.reduce_mean(tf.reduce_sum(outputs * tf.log(y), 1))
correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(outputs, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, "float")) * tf.constant(100.0)
learning_rate = tf.Variable(0.02, trainable=False)
train_step = tf.train.AdamOptimizer(learning_rate).minimize(loss)
bn_updates = tf.group(*bn_assigns)
with tf.control_dependencies([train_step]):
  train_step = tf.group(bn_updates)
rs = np.random.RandomState(32)
xs = rs.normal(size=(num_labeled + batch_size, 6)).astype(np.float32)
ys = np.eye(3, dtype=np.float32)[[0, 2]]
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(4):
  hist.append(sess.run([cost, u_cost, train_step], {inputs: xs, outputs: ys, training: True})[:2])
out["hist"] = LS(hist)
out["eval"] = LS(sess.run([accuracy, pred_cost], {inputs: xs[:2], outputs: ys, training: False}))
out["averages"] = LS(sess.run([ewma.average(v) for v in running_mean + running_var]))
out["n_vars"] = [len(tf.trainable_variables()), len(tf.global_variables())]
""",
}

RECSYS_PROGRAMS = {
    # mouna99/dien: the interest extractor GRU, its auxiliary loss over clicked and
    # non-clicked next items (a BN'd sigmoid net), din_fcn_attention with -2**32+1
    # paddings under tf.where, and the AUGRU (VecAttGRUCell: the update gate scaled by
    # 1 - attention) run by dynamic_rnn with the score carried in the inputs; PReLU by
    # get_variable, the CTR head's softmax + 1e-8 log loss.
    "dien_augru_auxiliary_loss_attention": r"""
tf.set_random_seed(1124)
B, T, E, H = 3, 4, 4, 4
hist_ids = tf.placeholder(tf.int32, [None, T]); noclk_ids = tf.placeholder(tf.int32, [None, T])
target_id = tf.placeholder(tf.int32, [None]); seq_len = tf.placeholder(tf.int32, [None])
target_ph = tf.placeholder(tf.float32, [None, 2])
item_emb = tf.get_variable("mid_embedding_var", [10, E])
item_his = tf.nn.embedding_lookup(item_emb, hist_ids)
noclk_his = tf.nn.embedding_lookup(item_emb, noclk_ids)
item_eb = tf.nn.embedding_lookup(item_emb, target_id)
mask = tf.sequence_mask(seq_len, T, dtype=tf.float32)

def prelu(_x, scope=""):
  with tf.variable_scope(name_or_scope=scope, default_name="prelu"):
    _alpha = tf.get_variable("prelu_" + scope, shape=_x.get_shape()[-1],
                             dtype=_x.dtype, initializer=tf.constant_initializer(0.1))
    return tf.maximum(0.0, _x) + _alpha * tf.minimum(0.0, _x)

class VecAttGRUCell(tf.nn.rnn_cell.RNNCell):
  def __init__(self, num_units):
    super(VecAttGRUCell, self).__init__()
    self._num_units = num_units
  @property
  def state_size(self):
    return self._num_units
  @property
  def output_size(self):
    return self._num_units
  def __call__(self, inputs, state, scope=None):
    inputs, att_score = inputs[:, :-1], inputs[:, -1:]
    with tf.variable_scope(scope or "vec_att_gru_cell", reuse=tf.AUTO_REUSE):
      with tf.variable_scope("gates"):
        w = tf.get_variable("kernel", [inputs.shape[-1].value + self._num_units, 2 * self._num_units])
        b = tf.get_variable("bias", [2 * self._num_units], initializer=tf.constant_initializer(1.0))
        value = tf.sigmoid(tf.matmul(tf.concat([inputs, state], 1), w) + b)
      r, u = tf.split(value=value, num_or_size_splits=2, axis=1)
      r_state = r * state
      with tf.variable_scope("candidate"):
        w = tf.get_variable("kernel", [inputs.shape[-1].value + self._num_units, self._num_units])
        b = tf.get_variable("bias", [self._num_units], initializer=tf.zeros_initializer())
        c = tf.tanh(tf.matmul(tf.concat([inputs, r_state], 1), w) + b)
      u = (1.0 - att_score) * u
      new_h = u * state + (1 - u) * c
    return new_h, new_h

def auxiliary_net(in_, stag="auxiliary_net"):
  bn1 = tf.layers.batch_normalization(inputs=in_, name="bn1" + stag, reuse=tf.AUTO_REUSE)
  dnn1 = tf.nn.sigmoid(tf.layers.dense(bn1, 6, name="f1" + stag, reuse=tf.AUTO_REUSE))
  dnn3 = tf.layers.dense(dnn1, 2, name="f3" + stag, reuse=tf.AUTO_REUSE)
  return tf.nn.softmax(dnn3) + 0.00000001

def auxiliary_loss(h_states, click_seq, noclick_seq, mask):
  mask = tf.cast(mask, tf.float32)
  click_input_ = tf.concat([h_states, click_seq], -1)
  noclick_input_ = tf.concat([h_states, noclick_seq], -1)
  click_prop_ = auxiliary_net(click_input_)[:, :, 0]
  noclick_prop_ = auxiliary_net(noclick_input_)[:, :, 0]
  click_loss_ = -tf.reshape(tf.log(click_prop_), [-1, tf.shape(click_seq)[1]]) * mask
  noclick_loss_ = -tf.reshape(tf.log(1.0 - noclick_prop_), [-1, tf.shape(noclick_seq)[1]]) * mask
  return tf.reduce_mean(click_loss_ + noclick_loss_)

def din_fcn_attention(query, facts, mask):
  mask = tf.equal(mask, tf.ones_like(mask))
  facts_size = facts.get_shape().as_list()[-1]
  query = tf.layers.dense(query, facts_size, activation=None, name="f1_trans")
  query = prelu(query, scope="prelu_att")
  queries = tf.tile(query, [1, tf.shape(facts)[1]])
  queries = tf.reshape(queries, tf.shape(facts))
  din_all = tf.concat([queries, facts, queries - facts, queries * facts], axis=-1)
  d_layer_1_all = tf.layers.dense(din_all, 8, activation=tf.nn.sigmoid, name="f1_att")
  d_layer_3_all = tf.layers.dense(d_layer_1_all, 1, activation=None, name="f3_att")
  scores = tf.reshape(d_layer_3_all, [-1, 1, tf.shape(facts)[1]])
  key_masks = tf.expand_dims(mask, 1)
  paddings = tf.ones_like(scores) * (-2 ** 32 + 1)
  scores = tf.where(key_masks, scores, paddings)
  scores = tf.nn.softmax(scores)
  return tf.reshape(scores, [-1, tf.shape(facts)[1]])

with tf.name_scope("rnn_1"):
  rnn_outputs, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(H), inputs=item_his,
                                     sequence_length=seq_len, dtype=tf.float32, scope="gru1")
aux_loss = auxiliary_loss(rnn_outputs[:, :-1, :], item_his[:, 1:, :], noclk_his[:, 1:, :], mask[:, 1:])
with tf.name_scope("Attention_layer_1"):
  alphas = din_fcn_attention(item_eb, rnn_outputs, mask)
with tf.name_scope("rnn_2"):
  rnn_in = tf.concat([rnn_outputs, tf.expand_dims(alphas, -1)], -1)
  _, final_state2 = tf.nn.dynamic_rnn(VecAttGRUCell(H), inputs=rnn_in, sequence_length=seq_len,
                                      dtype=tf.float32, scope="gru2")
inp = tf.concat([item_eb, tf.reduce_sum(item_his * tf.expand_dims(mask, -1), 1), final_state2], 1)
bn1 = tf.layers.batch_normalization(inputs=inp, name="bn1")
dnn1 = prelu(tf.layers.dense(bn1, 8, activation=None, name="f1"), "prelu1")
y_hat = tf.nn.softmax(tf.layers.dense(dnn1, 2, activation=None, name="f3")) + 0.00000001
ctr_loss = -tf.reduce_mean(tf.log(y_hat) * target_ph)
loss = ctr_loss + aux_loss
optimizer = tf.train.AdamOptimizer(learning_rate=0.01).minimize(loss)
rs = np.random.RandomState(33)
feed = {hist_ids: rs.randint(0, 10, (B, T)), noclk_ids: rs.randint(0, 10, (B, T)),
        target_id: [1, 4, 7], seq_len: [4, 2, 3], target_ph: [[0, 1], [1, 0], [0, 1]]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["alphas"] = L(sess.run(alphas, feed))
out["hist"] = LS([sess.run([ctr_loss, aux_loss, optimizer], feed)[:2] for _ in range(4)])
out["vars"] = [v.op.name for v in tf.global_variables() if "Adam" not in v.op.name]
""",
}


ANOMALY_PROGRAMS = {
    # tnakae/DAGMM: a compression network's reconstruction features (relative Euclidean
    # distance, cosine similarity), an estimation network's softmax memberships, the GMM's
    # phi, mu and sigma by einsum, the energy through cholesky and
    # matrix_triangular_solve with log det from the diagonal and a logsumexp, the
    # diagonal penalty, and the energy of new points against fixed parameters.
    "dagmm_gmm_energy_cholesky": r"""
tf.set_random_seed(1125)
D, Z, K = 5, 1, 3
x = tf.placeholder(tf.float32, [None, D])
with tf.variable_scope("CompNet"):
  z_c = tf.layers.dense(tf.layers.dense(x, 4, activation=tf.nn.tanh, name="enc0"), Z, name="enc1")
  x_dash = tf.layers.dense(tf.layers.dense(z_c, 4, activation=tf.nn.tanh, name="dec0"), D, name="dec1")
def euclid_norm(x):
  return tf.sqrt(tf.reduce_sum(tf.square(x), axis=1))
norm_x = euclid_norm(x)
norm_x_dash = euclid_norm(x_dash)
dist_x = euclid_norm(x - x_dash)
dot_x = tf.reduce_sum(x * x_dash, axis=1)
min_val = 1e-3
loss_E = dist_x / (norm_x + min_val)
loss_C = 0.5 * (1.0 - dot_x / (norm_x * norm_x_dash + min_val))
z = tf.concat([z_c, loss_E[:, None], loss_C[:, None]], axis=1)
with tf.variable_scope("EstNet"):
  gamma = tf.layers.dense(tf.layers.dense(z, 6, activation=tf.nn.tanh, name="h"), K,
                          activation=tf.nn.softmax, name="gamma")
with tf.variable_scope("GMM"):
  gamma_sum = tf.reduce_sum(gamma, axis=0)
  phi = tf.reduce_mean(gamma, axis=0)
  mu = tf.einsum("ik,il->kl", gamma, z) / gamma_sum[:, None]
  z_centered = tf.sqrt(gamma[:, :, None]) * (z[:, None, :] - mu[None, :, :])
  sigma = tf.einsum("ikl,ikm->klm", z_centered, z_centered) / gamma_sum[:, None, None]
  n_features = z.shape[1]
  min_vals = tf.diag(tf.ones(n_features, dtype=tf.float32)) * 1e-6
  L_chol = tf.cholesky(sigma + min_vals[None, :, :])
def energy(z):
  with tf.variable_scope("GMM_energy"):
    z_centered = z[:, None, :] - mu[None, :, :]
    v = tf.matrix_triangular_solve(L_chol, tf.transpose(z_centered, [1, 2, 0]))
    log_det_sigma = 2.0 * tf.reduce_sum(tf.log(tf.matrix_diag_part(L_chol)), axis=1)
    d = z.get_shape().as_list()[1]
    logits = tf.log(phi[:, None]) - 0.5 * (tf.reduce_sum(tf.square(v), axis=1)
                                           + d * tf.log(2.0 * np.pi) + log_det_sigma[:, None])
    return -tf.reduce_logsumexp(logits, axis=0)
def cov_diag_loss():
  with tf.name_scope("GMM_diag_loss"):
    diag_loss = tf.reduce_sum(tf.divide(1, tf.matrix_diag_part(sigma)))
  return diag_loss
energy_train = energy(z)
loss = (tf.reduce_mean(tf.reduce_sum(tf.square(x - x_dash), axis=1)) + 0.1 * tf.reduce_mean(energy_train)
        + 0.005 * cov_diag_loss())
minimizer = tf.train.AdamOptimizer(0.005).minimize(loss)
rs = np.random.RandomState(34)
data = np.concatenate([rs.normal(size=(8, D)), rs.normal(3.0, 0.5, size=(4, D))]).astype(np.float32)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["hist"] = L([sess.run([loss, minimizer], {x: data})[0] for _ in range(4)])
out["phi"], out["sigma_diag"] = LS(sess.run([phi, tf.matrix_diag_part(sigma)], {x: data}))
# Energies near 0 (of a value, not a cancellation) differ in float32 rounding through the
# ill-conditioned covariance's Cholesky factor: compared against their own scale.
e = sess.run(energy_train, {x: data})
out["energy"] = L(e / np.abs(e).max())
""",
}

GRAPH2_PROGRAMS = {
    # mdeff/cnn_graph's ChebNet: the rescaled Laplacian as a tf.SparseTensor (reordered),
    # Chebyshev polynomials by sparse_tensor_dense_matmul over the transposed, reshaped
    # signal, the filter as one matmul over the stacked orders, graph max pooling by
    # max_pool on an expanded dimension, a softmax head with L2 on the weights.
    "chebnet_sparse_laplacian_polynomials": r"""
tf.set_random_seed(1126)
M, Fin, Fout, K = 8, 2, 3, 3
rs = np.random.RandomState(35)
A = (rs.uniform(size=(M, M)) > 0.6).astype(np.float32)
A = np.triu(A, 1); A = A + A.T
d = A.sum(0); d[d == 0] = 1
Lap = np.eye(M, dtype=np.float32) - A / np.sqrt(d)[:, None] / np.sqrt(d)[None, :]
lmax = float(np.linalg.eigvalsh(Lap).max())
Lr = (2.0 / lmax * Lap - np.eye(M)).astype(np.float32)
rows, cols = np.nonzero(Lr)
order = np.argsort(cols * M + rows)
indices = np.column_stack((rows[order], cols[order])).astype(np.int64)
Lt = tf.SparseTensor(indices, Lr[rows[order], cols[order]], Lr.shape)
Lt = tf.sparse_reorder(Lt)
x_in = tf.placeholder(tf.float32, [None, M, Fin])
labels = tf.placeholder(tf.int32, [None])
def _weight_variable(shape, regularization=True):
  initial = tf.truncated_normal_initializer(0, 0.1)
  var = tf.get_variable("weights", shape, tf.float32, initializer=initial)
  if regularization:
    tf.add_to_collection("regularizers", tf.nn.l2_loss(var))
  return var
def _bias_variable(shape):
  return tf.get_variable("bias", shape, tf.float32, initializer=tf.constant_initializer(0.1))
def chebyshev5(x, L, Fout, K):
  N, M, Fin = x.get_shape()
  N, M, Fin = tf.shape(x)[0], int(M), int(Fin)
  x0 = tf.transpose(x, perm=[1, 2, 0])
  x0 = tf.reshape(x0, [M, Fin * N])
  x = tf.expand_dims(x0, 0)
  def concat(x, x_):
    x_ = tf.expand_dims(x_, 0)
    return tf.concat([x, x_], axis=0)
  if K > 1:
    x1 = tf.sparse_tensor_dense_matmul(L, x0)
    x = concat(x, x1)
  for k in range(2, K):
    x2 = 2 * tf.sparse_tensor_dense_matmul(L, x1) - x0
    x = concat(x, x2)
    x0, x1 = x1, x2
  x = tf.reshape(x, [K, M, Fin, N])
  x = tf.transpose(x, perm=[3, 1, 2, 0])
  x = tf.reshape(x, [N * M, Fin * K])
  W = _weight_variable([Fin * K, Fout], regularization=False)
  x = tf.matmul(x, W)
  return tf.reshape(x, [N, M, Fout])
def mpool1(x, p):
  if p > 1:
    x = tf.expand_dims(x, 3)
    x = tf.nn.max_pool(x, ksize=[1, p, 1, 1], strides=[1, p, 1, 1], padding="SAME")
    return tf.squeeze(x, [3])
  return x
with tf.variable_scope("conv1"):
  with tf.name_scope("filter"):
    h = chebyshev5(x_in, Lt, Fout, K)
  with tf.name_scope("bias_relu"):
    h = tf.nn.relu(h + _bias_variable([1, 1, Fout]))
  with tf.name_scope("pooling"):
    h = mpool1(h, 2)
h = tf.reshape(h, [-1, (M // 2) * Fout])
with tf.variable_scope("logits"):
  W = _weight_variable([(M // 2) * Fout, 2])
  logits = tf.matmul(h, W) + _bias_variable([2])
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
loss += 5e-4 * tf.add_n(tf.get_collection("regularizers"))
global_step = tf.Variable(0, name="global_step", trainable=False)
lr = tf.train.exponential_decay(0.1, global_step, 2, 0.95, staircase=True)
train = tf.train.MomentumOptimizer(lr, 0.9).minimize(loss, global_step=global_step)
feed = {x_in: rs.normal(size=(3, M, Fin)).astype(np.float32), labels: [0, 1, 1]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["dense_L"] = L(sess.run(tf.sparse_tensor_to_dense(Lt))[:3])
out["hist"] = L([sess.run([loss, train], feed)[0] for _ in range(4)])
out["logits"] = L(sess.run(logits, feed))
""",
    # microsoft/gated-graph-neural-network-samples' sparse GGNN: per-edge-type messages
    # by gather and matmul, summed into targets by unsorted_segment_sum, normalized by
    # incoming counts, a GRUCell over node states shared across propagation steps, the
    # gated graph-level regression (sigmoid gate times output, summed per graph by
    # unsorted_segment_sum over graph ids).
    "ggnn_sparse_messages_segment_sums_gated_readout": r"""
tf.set_random_seed(1127)
H, n_edge_types, n_steps = 4, 2, 3
initial_node_rep = tf.placeholder(tf.float32, [None, 3])
adjacency_lists = [tf.placeholder(tf.int32, [None, 2]) for _ in range(n_edge_types)]
num_incoming = tf.placeholder(tf.float32, [None, n_edge_types])
graph_nodes_list = tf.placeholder(tf.int32, [None])
num_graphs = tf.placeholder(tf.int32, [])
target_values = tf.placeholder(tf.float32, [None])
h0 = tf.pad(initial_node_rep, [[0, 0], [0, H - 3]])
with tf.variable_scope("gnn_layer"):
  edge_weights = tf.get_variable("edge_weights", [n_edge_types * H, H],
                                 initializer=tf.glorot_uniform_initializer())
  edge_weights = tf.reshape(edge_weights, [n_edge_types, H, H])
  edge_biases = tf.get_variable("edge_biases", [n_edge_types, H], initializer=tf.zeros_initializer())
  cell = tf.nn.rnn_cell.GRUCell(H, name="state_update")
node_states = h0
num_nodes = tf.shape(h0, out_type=tf.int32)[0]
for step in range(n_steps):
  with tf.variable_scope("timestep_%i" % step):
    message_targets, message_edge_types, messages = [], [], []
    for edge_type_idx, adjacency_list in enumerate(adjacency_lists):
      edge_sources = adjacency_list[:, 0]
      edge_targets = adjacency_list[:, 1]
      edge_source_states = tf.nn.embedding_lookup(params=node_states, ids=edge_sources)
      all_messages_for_edge_type = tf.matmul(edge_source_states, edge_weights[edge_type_idx]) + edge_biases[edge_type_idx]
      messages.append(all_messages_for_edge_type)
      message_targets.append(edge_targets)
      message_edge_types.append(tf.ones_like(edge_targets, dtype=tf.int32) * edge_type_idx)
    messages = tf.concat(messages, axis=0)
    message_targets = tf.concat(message_targets, axis=0)
    message_edge_types = tf.concat(message_edge_types, axis=0)
    per_message_num_incoming = tf.gather_nd(num_incoming, tf.stack([message_targets, message_edge_types], axis=1))
    messages = messages / tf.expand_dims(tf.maximum(per_message_num_incoming, 1.0), -1)
    incoming_messages = tf.unsorted_segment_sum(data=messages, segment_ids=message_targets,
                                                num_segments=num_nodes)
    node_states = cell(incoming_messages, node_states)[1]
with tf.variable_scope("regression_gate"):
  gate_input = tf.concat([node_states, h0], axis=-1)
  gated = tf.nn.sigmoid(tf.layers.dense(gate_input, 1, name="gate"))[:, 0]
with tf.variable_scope("regression"):
  out_val = tf.layers.dense(node_states, 1, name="out")[:, 0]
graph_repr = tf.unsorted_segment_sum(data=gated * out_val, segment_ids=graph_nodes_list,
                                     num_segments=num_graphs)
loss = 0.5 * tf.reduce_mean(tf.square(graph_repr - target_values))
train = tf.train.AdamOptimizer(0.01).minimize(loss)
rs = np.random.RandomState(36)
e0 = np.array([[0, 1], [1, 2], [3, 4], [4, 3], [2, 0]], np.int32)
e1 = np.array([[1, 0], [2, 1], [4, 4]], np.int32)
inc = np.zeros((5, 2), np.float32)
for t_, (a, b) in enumerate(e0): inc[b, 0] += 1
for a, b in e1: inc[b, 1] += 1
feed = {initial_node_rep: rs.normal(size=(5, 3)), adjacency_lists[0]: e0, adjacency_lists[1]: e1,
        num_incoming: inc, graph_nodes_list: [0, 0, 0, 1, 1], num_graphs: 2, target_values: [1.0, -0.5]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["hist"] = L([sess.run([loss, train], feed)[0] for _ in range(4)])
out["graph_repr"] = L(sess.run(graph_repr, feed))
out["vars"] = [v.op.name for v in tf.trainable_variables()]
""",
}


RL2_PROGRAMS = {
    # openai/baselines' ACER: get_by_index by a flattened gather, q_retrace computed
    # backwards through a python loop over steps with truncated importance weights, the
    # truncated policy gradient plus the bias correction over all actions, the value loss,
    # and the trust region step solved on the policy's output f (k = -rho/f style:
    # adj = max(0, (k.g - delta) / ||k||^2)), gradients taken by tf.gradients of f.
    "acer_retrace_bias_correction_trust_region": r"""
tf.set_random_seed(1128)
nenvs, nsteps, nact = 2, 3, 3
nbatch = nenvs * nsteps
eps = 1e-6
c, delta = 10.0, 1.0
obs = tf.placeholder(tf.float32, [nenvs * (nsteps + 1), 4])
A = tf.placeholder(tf.int32, [nbatch]); R = tf.placeholder(tf.float32, [nbatch])
D = tf.placeholder(tf.float32, [nbatch]); MU = tf.placeholder(tf.float32, [nbatch, nact])
def get_by_index(x, idx):
  assert len(x.get_shape()) == 2
  assert len(idx.get_shape()) == 1
  idx_flattened = tf.range(0, x.shape[0]) * x.shape[1] + idx
  y = tf.gather(tf.reshape(x, [-1]), idx_flattened)
  return y
def strip(var, nenvs, nsteps, flat=False):
  vars = batch_to_seq(var, nenvs, nsteps + 1, flat)
  return seq_to_batch(vars[:-1], flat)
def batch_to_seq(h, nbatch, nsteps, flat=False):
  if flat:
    h = tf.reshape(h, [nbatch, nsteps])
  else:
    h = tf.reshape(h, [nbatch, nsteps, -1])
  return [tf.squeeze(v, [1]) for v in tf.split(axis=1, num_or_size_splits=nsteps, value=h)]
def seq_to_batch(h, flat=False):
  shape = h[0].get_shape().as_list()
  if not flat:
    assert len(shape) > 1
    nh = h[0].get_shape()[-1].value
    return tf.reshape(tf.concat(axis=1, values=h), [-1, nh])
  else:
    return tf.reshape(tf.stack(values=h, axis=1), [-1])
def q_retrace(R, D, q_i, v, rho_i, nenvs, nsteps, gamma):
  rho_bar = batch_to_seq(tf.minimum(1.0, rho_i), nenvs, nsteps, True)
  rs = batch_to_seq(R, nenvs, nsteps, True)
  ds = batch_to_seq(D, nenvs, nsteps, True)
  q_is = batch_to_seq(q_i, nenvs, nsteps, True)
  vs = batch_to_seq(v, nenvs, nsteps + 1, True)
  v_final = vs[-1]
  qret = v_final
  qrets = []
  for i in range(nsteps - 1, -1, -1):
    qret = rs[i] + gamma * qret * (1.0 - ds[i])
    qrets.append(qret)
    if (i > 0):
      qret = (rho_bar[i] * (qret - q_is[i])) + vs[i]
  qrets = qrets[::-1]
  qret = seq_to_batch(qrets, flat=True)
  return qret
with tf.variable_scope("model"):
  h = tf.layers.dense(obs, 8, activation=tf.nn.relu, name="fc")
  pi_logits = tf.layers.dense(h, nact, name="pi")
  q_all = tf.layers.dense(h, nact, name="q")
train_model_pi = tf.nn.softmax(pi_logits)
f = strip(train_model_pi, nenvs, nsteps)
q = strip(q_all, nenvs, nsteps)
v = tf.reduce_sum(train_model_pi * q_all, axis=-1)
f_pol = f
f_i = get_by_index(f, A)
q_i = get_by_index(q, A)
rho = f_pol / (MU + eps)
rho_i = get_by_index(rho, A)
qret = q_retrace(R, D, q_i, v, rho_i, nenvs, nsteps, 0.99)
entropy = tf.reduce_mean(-tf.reduce_sum(f * tf.log(f + eps), axis=-1))
v = strip(v, nenvs, nsteps, True)
adv = qret - v
logf = tf.log(f_i + eps)
gain_f = logf * tf.stop_gradient(adv * tf.minimum(c, rho_i))
loss_f = -tf.reduce_mean(gain_f)
adv_bc = (q - tf.reshape(v, [nbatch, 1]))
logf_bc = tf.log(f_pol + eps)
gain_bc = tf.reduce_sum(logf_bc * tf.stop_gradient(adv_bc * tf.nn.relu(1.0 - (c / (rho + eps))) * f), axis=1)
loss_bc = -tf.reduce_mean(gain_bc)
loss_policy = loss_f + loss_bc
loss_q = tf.reduce_mean(tf.square(tf.stop_gradient(qret) - q_i) * 0.5)
params = tf.trainable_variables()
g = tf.gradients(-(loss_policy - 0.01 * entropy) * nsteps * nenvs, f)
k = -f_pol / (f + eps)
k_dot_g = tf.reduce_sum(k * g[0], axis=-1)
adj = tf.maximum(0.0, (tf.reduce_sum(k * g[0], axis=-1) - delta) / (tf.reduce_sum(tf.square(k), axis=-1) + eps))
g = g[0] - tf.reshape(adj, [nenvs * nsteps, 1]) * k
grads_f = -g / (nenvs * nsteps)
grads_policy = tf.gradients(f, params, grads_f)
grads_q = tf.gradients(loss_q * 0.5, params)
def gradient_add(g1, g2, param):
  assert (not (g1 is None and g2 is None)), param.name
  if g1 is None:
    return g2
  elif g2 is None:
    return g1
  else:
    return g1 + g2
grads = [gradient_add(g1, g2, param) for (g1, g2, param) in zip(grads_policy, grads_q, params)]
grads, norm_grads = tf.clip_by_global_norm(grads, 10.0)
trainer = tf.train.RMSPropOptimizer(learning_rate=7e-3, decay=0.99, epsilon=1e-5)
_train = trainer.apply_gradients(list(zip(grads, params)))
rs = np.random.RandomState(37)
mu = rs.uniform(0.1, 1, size=(nbatch, nact)); mu /= mu.sum(1, keepdims=True)
feed = {obs: rs.normal(size=(nenvs * (nsteps + 1), 4)), A: rs.randint(0, nact, nbatch),
        R: rs.normal(size=nbatch), D: [0, 0, 1, 0, 0, 0], MU: mu}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["qret"] = L(sess.run(qret, feed))
hist = []
for _ in range(3):
  hist.append(sess.run([loss_policy, loss_q, entropy, norm_grads, tf.reduce_mean(adj), _train], feed)[:5])
out["hist"] = LS(hist)
""",
}

GAN2_PROGRAMS = {
    # taki0112/UGATIT: AdaLIN (instance and layer moments mixed by rho, a get_variable with
    # a clip_by_value constraint the optimizer applies after each step), the CAM attention
    # (global average and max pooled logits from one shared dense kernel, the feature
    # map weighted by that kernel), gamma and beta from an MLP, reflection padding, LSGAN
    # losses with the CAM terms.
    "ugatit_adalin_cam_rho_constraint": r"""
tf.set_random_seed(1129)
def adaptive_instance_layer_norm(x, gamma, beta, smoothing=True, scope="instance_layer_norm"):
  with tf.variable_scope(scope):
    ch = x.shape[-1]
    eps = 1e-5
    ins_mean, ins_sigma = tf.nn.moments(x, axes=[1, 2], keep_dims=True)
    x_ins = (x - ins_mean) / (tf.sqrt(ins_sigma + eps))
    ln_mean, ln_sigma = tf.nn.moments(x, axes=[1, 2, 3], keep_dims=True)
    x_ln = (x - ln_mean) / (tf.sqrt(ln_sigma + eps))
    rho = tf.get_variable("rho", [ch], initializer=tf.constant_initializer(1.0),
                          constraint=lambda x: tf.clip_by_value(x, clip_value_min=0.0, clip_value_max=1.0))
    if smoothing:
      rho = tf.clip_by_value(rho - tf.constant(0.1), 0.0, 1.0)
    x_hat = rho * x_ins + (1 - rho) * x_ln
    x_hat = x_hat * gamma + beta
    return x_hat
def conv(x, channels, kernel=3, stride=1, pad=1, pad_type="reflect", scope="conv"):
  with tf.variable_scope(scope):
    x = tf.pad(x, [[0, 0], [pad, pad], [pad, pad], [0, 0]], mode="REFLECT")
    return tf.layers.conv2d(x, channels, kernel, stride, kernel_initializer=tf.random_normal_initializer(0.0, 0.02))
def fully_connected_with_w(x, use_bias=True, sn=False, reuse=False, scope="linear"):
  with tf.variable_scope(scope, reuse=reuse):
    x = tf.layers.flatten(x)
    bias = 0.0
    shape = x.get_shape().as_list()
    channels = shape[-1]
    w = tf.get_variable("kernel", [channels, 1], tf.float32, initializer=tf.random_normal_initializer(0.0, 0.02))
    if use_bias:
      bias = tf.get_variable("bias", [1], initializer=tf.constant_initializer(0.0))
      x = tf.matmul(x, w) + bias
    else:
      x = tf.matmul(x, w)
    if use_bias:
      weights = tf.gather(tf.transpose(tf.nn.bias_add(w, bias)), 0)
    else:
      weights = tf.gather(tf.transpose(w), 0)
    return x, weights
def global_avg_pooling(x):
  return tf.reduce_mean(x, axis=[1, 2])
def global_max_pooling(x):
  return tf.reduce_max(x, axis=[1, 2])
def generator(x_init, reuse=False, scope="generator"):
  channel = 4
  with tf.variable_scope(scope, reuse=reuse):
    x = tf.nn.relu(conv(x_init, channel, kernel=3, stride=1, pad=1, scope="conv"))
    cam_x = global_avg_pooling(x)
    cam_gap_logit, cam_x_weight = fully_connected_with_w(cam_x, scope="CAM_logit")
    x_gap = tf.multiply(x, cam_x_weight)
    cam_x = global_max_pooling(x)
    cam_gmp_logit, cam_x_weight = fully_connected_with_w(cam_x, reuse=True, scope="CAM_logit")
    x_gmp = tf.multiply(x, cam_x_weight)
    cam_logit = tf.concat([cam_gap_logit, cam_gmp_logit], axis=-1)
    x = tf.concat([x_gap, x_gmp], axis=-1)
    x = tf.nn.leaky_relu(tf.layers.conv2d(x, channel, 1, name="conv_1x1"), 0.2)
    heatmap = tf.squeeze(tf.reduce_sum(x, axis=-1))
    mlp = tf.layers.flatten(x)
    mlp = tf.nn.relu(tf.layers.dense(mlp, channel, name="linear_0"))
    gamma = tf.reshape(tf.layers.dense(mlp, channel, name="gamma"), [-1, 1, 1, channel])
    beta = tf.reshape(tf.layers.dense(mlp, channel, name="beta"), [-1, 1, 1, channel])
    x = adaptive_instance_layer_norm(conv(x, channel, scope="resblock_adalin"), gamma, beta, smoothing=True)
    x = tf.tanh(conv(x, 3, kernel=3, stride=1, pad=1, scope="G_logit"))
    return x, cam_logit, heatmap
def discriminator(x, reuse=False, scope="discriminator"):
  with tf.variable_scope(scope, reuse=reuse):
    x = tf.nn.leaky_relu(conv(x, 4, kernel=4, stride=2, pad=1, scope="conv_0"), 0.2)
    x_gap = global_avg_pooling(x)
    cam_gap_logit, w = fully_connected_with_w(x_gap, scope="CAM_logit")
    x = tf.multiply(x, w)
    return conv(x, 1, kernel=3, stride=1, pad=1, scope="D_logit"), cam_gap_logit
def L1_loss(x, y):
  return tf.reduce_mean(tf.abs(x - y))
def cam_loss(source, non_source):
  identity_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.ones_like(source), logits=source))
  non_identity_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.zeros_like(non_source), logits=non_source))
  return identity_loss + non_identity_loss
domain_A = tf.placeholder(tf.float32, [2, 8, 8, 3]); domain_B = tf.placeholder(tf.float32, [2, 8, 8, 3])
x_ab, cam_ab, _ = generator(domain_A, scope="generator_B")
x_aa, cam_aa, heat = generator(domain_A, reuse=True, scope="generator_B")
real_B_logit, real_B_cam = discriminator(domain_B, scope="discriminator_B")
fake_B_logit, fake_B_cam = discriminator(x_ab, reuse=True, scope="discriminator_B")
G_ad_loss = tf.reduce_mean(tf.squared_difference(fake_B_logit, 1.0)) + tf.reduce_mean(tf.squared_difference(fake_B_cam, 1.0))
D_ad_loss = (tf.reduce_mean(tf.squared_difference(real_B_logit, 1.0)) + tf.reduce_mean(tf.square(fake_B_logit))
             + tf.reduce_mean(tf.squared_difference(real_B_cam, 1.0)) + tf.reduce_mean(tf.square(fake_B_cam)))
identity_loss = L1_loss(x_aa, domain_A)
cam_g = cam_loss(source=cam_ab, non_source=cam_aa)
Generator_loss = G_ad_loss + 10 * identity_loss + 1000 * cam_g
t_vars = tf.trainable_variables()
G_vars = [var for var in t_vars if "generator" in var.name]
D_vars = [var for var in t_vars if "discriminator" in var.name]
G_optim = tf.train.AdamOptimizer(0.05, beta1=0.5, beta2=0.999).minimize(Generator_loss, var_list=G_vars)
D_optim = tf.train.AdamOptimizer(0.01, beta1=0.5, beta2=0.999).minimize(D_ad_loss, var_list=D_vars)
rho_var = [v for v in G_vars if "rho" in v.name][0]
rs = np.random.RandomState(38)
feed = {domain_A: rs.uniform(-1, 1, (2, 8, 8, 3)), domain_B: rs.uniform(-1, 1, (2, 8, 8, 3))}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(3):
  gl, _ = sess.run([Generator_loss, G_optim], feed)
  dl, _ = sess.run([D_ad_loss, D_optim], feed)
  hist.append([gl, dl] + list(sess.run(rho_var)))
out["hist"] = LS(hist)
out["heat"] = L(sess.run(heat, feed)[0, ::2, ::2])
out["vars"] = [v.op.name for v in G_vars]
""",
}

POSE_PROGRAMS = {
    # wbenbihi/hourglasstensorflow: a tiny stacked hourglass (residual units, max pool
    # down, nearest-neighbour up, intermediate supervision with the stacks' outputs
    # stacked on axis 1), the weighted sigmoid loss, and joint coordinates from each
    # heatmap by argmax of the flattened map and tf.unravel_index.
    "hourglass_stacked_supervision_unravel_index": r"""
tf.set_random_seed(1130)
nStack, nFeat, outDim, S = 2, 4, 3, 8
img = tf.placeholder(tf.float32, [None, S, S, 3])
gtMaps = tf.placeholder(tf.float32, [None, nStack, S, S, outDim])
weights = tf.placeholder(tf.float32, [None, outDim])
def _conv_bn_relu(inputs, filters, kernel_size=1, strides=1, pad="VALID", name="conv_bn_relu"):
  with tf.name_scope(name):
    kernel = tf.Variable(contrib.layers.xavier_initializer(uniform=False)([kernel_size, kernel_size, inputs.get_shape().as_list()[3], filters]), name="weights")
    conv = tf.nn.conv2d(inputs, kernel, [1, strides, strides, 1], padding="VALID", data_format="NHWC")
    norm = contrib.layers.batch_norm(conv, 0.9, epsilon=1e-5, activation_fn=tf.nn.relu, is_training=True)
    return norm
def _residual(inputs, numOut, name="residual_block"):
  with tf.name_scope(name):
    with tf.name_scope("conv_block"):
      conv = _conv_bn_relu(inputs, numOut, 1)
    with tf.name_scope("skip"):
      skip = inputs if inputs.get_shape().as_list()[3] == numOut else _conv_bn_relu(inputs, numOut, 1)
    return tf.add_n([conv, skip], name="res_block")
def _hourglass(inputs, n, numOut, name="hourglass"):
  with tf.name_scope(name):
    up_1 = _residual(inputs, numOut, name="up_1")
    low_ = contrib.layers.max_pool2d(inputs, [2, 2], [2, 2], padding="VALID")
    low_1 = _residual(low_, numOut, name="low_1")
    if n > 0:
      low_2 = _hourglass(low_1, n - 1, numOut, name="low_2")
    else:
      low_2 = _residual(low_1, numOut, name="low_2")
    low_3 = _residual(low_2, numOut, name="low_3")
    up_2 = tf.image.resize_nearest_neighbor(low_3, tf.shape(low_3)[1:3] * 2, name="upsampling")
    return tf.add_n([up_2, up_1], name="out_hg")
with tf.name_scope("model"):
  r3 = _conv_bn_relu(img, nFeat, name="pre")
  out_ = [None] * nStack
  sum_ = [None] * nStack
  with tf.name_scope("stacks"):
    sum_[0] = r3
    for i in range(nStack):
      with tf.name_scope("stage_%d" % i):
        hg = _hourglass(sum_[i], 1, nFeat, "hourglass")
        ll = _conv_bn_relu(hg, nFeat, 1, 1, "VALID", name="conv")
        out_[i] = tf.layers.conv2d(ll, outDim, 1, name="out_%d" % i)
        if i < nStack - 1:
          out_a = tf.layers.conv2d(out_[i], nFeat, 1, name="out_a_%d" % i)
          sum_[i + 1] = tf.add_n([out_a, sum_[i], ll], name="merge")
output = tf.stack(out_, axis=1, name="final_output")
def bce(output, gtMaps, weights):
  bce_loss = tf.nn.sigmoid_cross_entropy_with_logits(logits=output, labels=gtMaps)
  e1 = tf.expand_dims(weights, axis=1, name="expdim01")
  e2 = tf.expand_dims(e1, axis=1, name="expdim02")
  e3 = tf.expand_dims(e2, axis=1, name="expdim03")
  return tf.multiply(e3, bce_loss, name="lossW")
loss = tf.reduce_mean(bce(output, gtMaps, weights), name="reduced_loss")
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
with tf.control_dependencies(update_ops):
  train_rmsprop = tf.train.RMSPropOptimizer(learning_rate=0.01).minimize(loss)
last = output[:, -1]
flat = tf.reshape(tf.transpose(last, [0, 3, 1, 2]), [-1, S * S])
idx = tf.argmax(flat, axis=1)
joints = tf.transpose(tf.unravel_index(idx, [S, S]))
rs = np.random.RandomState(39)
maps = np.zeros((2, nStack, S, S, outDim), np.float32)
for b in range(2):
  for j in range(outDim):
    yy, xx = rs.randint(0, S, 2)
    maps[b, :, yy, xx, j] = 1.0
feed = {img: rs.uniform(size=(2, S, S, 3)), gtMaps: maps, weights: [[1, 1, 0], [1, 0.5, 1]]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["hist"] = L([sess.run([loss, train_rmsprop], feed)[0] for _ in range(4)])
out["joints"] = L(sess.run(joints, feed))
out["n_update_ops"] = len(update_ops)
out["moving"] = L(sess.run([v for v in tf.global_variables() if "moving_mean" in v.name][0]))
""",
}


VIDEO_PROGRAMS = {
    # hx173149/C3D-tensorflow: weights by _variable_with_weight_decay (the decay added to
    # a "weightdecay_losses" collection), conv3d + bias_add + relu, max_pool3d with a
    # temporal stride of one first, dropout, the towers' loss as cross entropy plus
    # tf.add_n of the collection, two optimizers over the weights and the biases.
    "c3d_conv3d_max_pool3d_weight_decay_collection": r"""
tf.set_random_seed(1131)
NUM_CLASSES, T, S = 3, 4, 8
def _variable_with_weight_decay(name, shape, wd):
  var = tf.get_variable(name, shape, initializer=contrib.layers.xavier_initializer())
  if wd is not None:
    weight_decay = tf.nn.l2_loss(var) * wd
    tf.add_to_collection("weightdecay_losses", weight_decay)
  return var
def conv3d(name, l_input, w, b):
  return tf.nn.bias_add(tf.nn.conv3d(l_input, w, strides=[1, 1, 1, 1, 1], padding="SAME"), b)
def max_pool(name, l_input, k):
  return tf.nn.max_pool3d(l_input, ksize=[1, k, 2, 2, 1], strides=[1, k, 2, 2, 1], padding="SAME", name=name)
def inference_c3d(_X, _dropout, batch_size, _weights, _biases):
  conv1 = tf.nn.relu(conv3d("conv1", _X, _weights["wc1"], _biases["bc1"]), "relu1")
  pool1 = max_pool("pool1", conv1, k=1)
  conv2 = tf.nn.relu(conv3d("conv2", pool1, _weights["wc2"], _biases["bc2"]), "relu2")
  pool2 = max_pool("pool2", conv2, k=2)
  pool2 = tf.transpose(pool2, perm=[0, 1, 4, 2, 3])
  dense1 = tf.reshape(pool2, [batch_size, _weights["wd1"].get_shape().as_list()[0]])
  dense1 = tf.matmul(dense1, _weights["wd1"]) + _biases["bd1"]
  dense1 = tf.nn.relu(dense1, name="fc1")
  dense1 = tf.nn.dropout(dense1, _dropout)
  return tf.matmul(dense1, _weights["out"]) + _biases["out"]
images_placeholder = tf.placeholder(tf.float32, shape=(2, T, S, S, 3))
labels_placeholder = tf.placeholder(tf.int64, shape=(2,))
with tf.variable_scope("var_name") as var_scope:
  weights = {
    "wc1": _variable_with_weight_decay("wc1", [3, 3, 3, 3, 4], 0.0005),
    "wc2": _variable_with_weight_decay("wc2", [3, 3, 3, 4, 6], 0.0005),
    "wd1": _variable_with_weight_decay("wd1", [2 * 2 * 2 * 6, 8], 0.0005),
    "out": _variable_with_weight_decay("wout", [8, NUM_CLASSES], 0.0005)}
  biases = {
    "bc1": _variable_with_weight_decay("bc1", [4], 0.000),
    "bc2": _variable_with_weight_decay("bc2", [6], 0.000),
    "bd1": _variable_with_weight_decay("bd1", [8], 0.000),
    "out": _variable_with_weight_decay("bout", [NUM_CLASSES], 0.000)}
logit = inference_c3d(images_placeholder, 0.5, 2, weights, biases)
cross_entropy_mean = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
    labels=labels_placeholder, logits=logit))
weight_decay_loss = tf.get_collection("weightdecay_losses")
total_loss = cross_entropy_mean + tf.add_n(weight_decay_loss)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logit, 1), labels_placeholder), tf.float32))
opt_stable = tf.train.AdamOptimizer(1e-3)
opt_finetuning = tf.train.AdamOptimizer(1e-2)
varlist1 = list(weights.values())
varlist2 = list(biases.values())
grads1 = opt_stable.compute_gradients(total_loss, varlist1)
grads2 = opt_finetuning.compute_gradients(total_loss, varlist2)
apply_gradient_op1 = opt_stable.apply_gradients(grads1)
apply_gradient_op2 = opt_finetuning.apply_gradients(grads2)
train_op = tf.group(apply_gradient_op1, apply_gradient_op2)
rs = np.random.RandomState(40)
feed = {images_placeholder: rs.uniform(size=(2, T, S, S, 3)), labels_placeholder: [0, 2]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["hist"] = LS([sess.run([total_loss, accuracy, train_op], feed)[:2] for _ in range(3)])
out["n_decay"] = len(weight_decay_loss)
out["vars"] = [v.op.name for v in tf.global_variables()]
""",
}

SEQ_PROGRAMS = {
    # paarthneekhara/byteNet-tensorflow: the decoder's dilated causal conv1d written as
    # atrous_conv2d over an expanded height of one, the left padding by the dilation,
    # layer norm by moments over the last axis, residual blocks with 1x1 reductions, the
    # loss by sparse softmax over the target shifted by one and greedy decoding.
    "bytenet_atrous_conv2d_causal_residual": r"""
tf.set_random_seed(1132)
V, C, T = 6, 4, 6
source = tf.placeholder(tf.int32, [None, T])
w_target_embedding = tf.get_variable("w_target_embedding", [V, C],
                                     initializer=tf.truncated_normal_initializer(stddev=0.02))
def layer_normalization(x, name, epsilon=1e-8, trainable=True):
  with tf.variable_scope(name):
    shape = x.get_shape()
    beta = tf.get_variable("beta", [int(shape[-1])], initializer=tf.constant_initializer(0), trainable=trainable)
    gamma = tf.get_variable("gamma", [int(shape[-1])], initializer=tf.constant_initializer(1), trainable=trainable)
    mean, variance = tf.nn.moments(x, [2], keep_dims=True)
    x = (x - mean) / tf.sqrt(variance + epsilon)
    return gamma * x + beta
def conv1d(input_, output_channels, filter_width=1, stride=1, stddev=0.02, name="conv1d"):
  with tf.variable_scope(name):
    input_shape = input_.get_shape()
    input_channels = input_shape[-1]
    filter_ = tf.get_variable("w", [filter_width, input_channels, output_channels],
                              initializer=tf.truncated_normal_initializer(stddev=stddev))
    conv = tf.nn.conv1d(input_, filter_, stride=stride, padding="SAME")
    biases = tf.get_variable("biases", [output_channels], initializer=tf.constant_initializer(0.0))
    return tf.reshape(tf.nn.bias_add(conv, biases), tf.shape(conv))
def dilated_conv1d(input_, output_channels, dilation, filter_width=1, causal=False, name="dilated_conv"):
  with tf.variable_scope(name):
    w = tf.get_variable("w", [1, filter_width, input_.get_shape()[-1], output_channels],
                        initializer=tf.truncated_normal_initializer(stddev=0.02))
    b = tf.get_variable("b", [output_channels], initializer=tf.constant_initializer(0.0))
    if causal:
      padding = [[0, 0], [(filter_width - 1) * dilation, 0], [0, 0]]
      padded = tf.pad(input_, padding)
      input_expanded = tf.expand_dims(padded, dim=1)
      out = tf.nn.atrous_conv2d(input_expanded, w, rate=dilation, padding="VALID") + b
    else:
      input_expanded = tf.expand_dims(input_, dim=1)
      out = tf.nn.atrous_conv2d(input_expanded, w, rate=dilation, padding="SAME") + b
    return tf.squeeze(out, [1])
def decode_layer(input_, dilation, layer_no):
  relu1 = tf.nn.relu(layer_normalization(input_, name="dec_ln_%d_1" % layer_no))
  conv1 = conv1d(relu1, C // 2, name="dec_conv1d_1_layer_%d" % layer_no)
  relu2 = tf.nn.relu(layer_normalization(conv1, name="dec_ln_%d_2" % layer_no))
  dilated_conv = dilated_conv1d(relu2, C // 2, dilation, 3, causal=True,
                                name="dec_dilated_conv_layer_%d" % layer_no)
  relu3 = tf.nn.relu(layer_normalization(dilated_conv, name="dec_ln_%d_3" % layer_no))
  conv2 = conv1d(relu3, C, name="dec_conv1d_2_layer_%d" % layer_no)
  return input_ + conv2
def decoder(input_):
  curr_input = input_
  for layer_no, dilation in enumerate([1, 2, 4]):
    curr_input = decode_layer(curr_input, dilation, layer_no)
  return curr_input
target_sentence = source
target_1 = target_sentence[:, 0:-1]
target_2 = target_sentence[:, 1:]
target_embedding = tf.nn.embedding_lookup(w_target_embedding, target_1)
decoder_output = decoder(target_embedding)
logits = conv1d(tf.nn.relu(decoder_output), V, name="logits")
loss = tf.nn.sparse_softmax_cross_entropy_with_logits(logits=logits, labels=target_2, name="decoder_cross_entropy_loss")
loss = tf.reduce_mean(loss)
optim = tf.train.AdamOptimizer(0.01, beta1=0.5).minimize(loss)
arg_max = tf.argmax(logits, 2)
rs = np.random.RandomState(41)
batch = rs.randint(1, V, size=(2, T))
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["hist"] = L([sess.run([loss, optim], {source: batch})[0] for _ in range(4)])
gen = np.zeros((1, T), np.int32); gen[0, 0] = batch[0, 0]
for i in range(T - 1):
  probs = sess.run(arg_max, {source: gen})
  gen[0, i + 1] = probs[0, i]
out["generated"] = L(gen)
out["causal"] = L(sess.run(logits, {source: gen})[0, :2] - sess.run(logits, {source: np.concatenate([gen[:, :2], np.ones((1, T - 2), np.int32)], 1)})[0, :2])
""",
    # LSTNet in TF1 (fbadine's layout, the paper's pieces): a conv over the window by
    # conv2d on an expanded channel, a GRU's last state, the skip GRU over reshaped and
    # transposed periods with a run-time batch, the highway autoregression by reshape,
    # L1 loss, Adam with clip_by_global_norm, RSE and CORR in numpy.
    "lstnet_skip_gru_highway_autoregression": r"""
tf.set_random_seed(1133)
window, m, hidC, hidR, hidS, Ck, skip, hw = 8, 3, 4, 4, 2, 2, 2, 3
pt = (window - Ck + 1) // skip
X = tf.placeholder(tf.float32, [None, window, m]); Y = tf.placeholder(tf.float32, [None, m])
batch_size = tf.shape(X)[0]
c = tf.layers.conv2d(tf.expand_dims(X, -1), hidC, [Ck, m], activation=tf.nn.relu, name="conv")
c = tf.squeeze(c, 2)
c = tf.nn.dropout(c, keep_prob=1.0)
with tf.variable_scope("gru_r"):
  _, r = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(hidR), c, dtype=tf.float32)
s = c[:, -pt * skip:, :]
s = tf.reshape(s, [batch_size, pt, skip, hidC])
s = tf.transpose(s, [0, 2, 1, 3])
s = tf.reshape(s, [batch_size * skip, pt, hidC])
with tf.variable_scope("gru_s"):
  _, s = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(hidS), s, dtype=tf.float32)
s = tf.reshape(s, [batch_size, skip * hidS])
res = tf.layers.dense(tf.concat([r, s], 1), m, name="linear1")
z = X[:, -hw:, :]
z = tf.transpose(z, [0, 2, 1])
z = tf.reshape(z, [-1, hw])
z = tf.layers.dense(z, 1, name="highway")
z = tf.reshape(z, [-1, m])
output = res + z
loss = tf.losses.absolute_difference(Y, output)
opt = tf.train.AdamOptimizer(0.01)
grads, variables = zip(*opt.compute_gradients(loss))
grads, _ = tf.clip_by_global_norm(grads, 10.0)
train = opt.apply_gradients(zip(grads, variables))
rs = np.random.RandomState(42)
series = np.sin(np.arange(40)[:, None] * np.array([0.3, 0.5, 0.7])) + 0.1 * rs.normal(size=(40, 3))
xs = np.stack([series[i:i + window] for i in range(6)]).astype(np.float32)
ys = np.stack([series[i + window] for i in range(6)]).astype(np.float32)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["hist"] = L([sess.run([loss, train], {X: xs, Y: ys})[0] for _ in range(5)])
pred = sess.run(output, {X: xs})
rse = np.sqrt(np.square(pred - ys).sum()) / np.sqrt(np.square(ys - ys.mean()).sum())
sp, sy = pred.std(0), ys.std(0)
corr = (((pred - pred.mean(0)) * (ys - ys.mean(0))).mean(0) / (sp * sy)).mean()
out["metrics"] = L([rse, corr])
""",
}


RNN2_PROGRAMS = {
    # hardmaru's supercell.py HyperLSTMCell: a small hyper LSTM (itself an LSTMCell) reads
    # the input and the main state; its output, projected per gate by hyper_norm's
    # z-embeddings, scales the main LSTM's input and hidden contributions (layer-normed
    # by moments), all in one cell's variable scope, unrolled by dynamic_rnn.
    "hyperlstm_supercell_hyper_scaling": r"""
tf.set_random_seed(1134)
def orthogonal(shape):
  flat_shape = (shape[0], np.prod(shape[1:]))
  a = np.random.RandomState(1).normal(0.0, 1.0, flat_shape)
  u, _, v = np.linalg.svd(a, full_matrices=False)
  q = u if u.shape == flat_shape else v
  return q.reshape(shape)
def lstm_ortho_initializer(scale=1.0):
  def _initializer(shape, dtype=tf.float32, partition_info=None):
    size_x, size_h = shape[0], shape[1] // 4
    t = np.zeros(shape)
    for i in range(4):
      t[:, i * size_h:(i + 1) * size_h] = orthogonal([size_x, size_h]) * scale
    return tf.constant(t, dtype)
  return _initializer
def layer_norm(x, num_units, scope="layer_norm", reuse=False, gamma_start=1.0, epsilon=1e-3, use_bias=True):
  axes = [1]
  mean = tf.reduce_mean(x, axes, keep_dims=True)
  x_shifted = x - mean
  var = tf.reduce_mean(tf.square(x_shifted), axes, keep_dims=True)
  inv_std = tf.rsqrt(var + epsilon)
  with tf.variable_scope(scope):
    if reuse:
      tf.get_variable_scope().reuse_variables()
    gamma = tf.get_variable("ln_gamma", [num_units], initializer=tf.constant_initializer(gamma_start))
    if use_bias:
      beta = tf.get_variable("ln_beta", [num_units], initializer=tf.constant_initializer(0.0))
  output = gamma * (x_shifted) * inv_std
  if use_bias:
    output = output + beta
  return output
def super_linear(x, output_size, scope=None, reuse=False, init_w="ortho", weight_start=0.0,
                 use_bias=True, bias_start=0.0, input_size=None):
  shape = x.get_shape().as_list()
  with tf.variable_scope(scope or "linear"):
    if reuse:
      tf.get_variable_scope().reuse_variables()
    w_init = tf.constant_initializer(weight_start) if init_w == "constant" else None
    x_size = input_size or shape[1]
    w = tf.get_variable("super_linear_w", [x_size, output_size], tf.float32, initializer=w_init)
    if use_bias:
      b = tf.get_variable("super_linear_b", [output_size], tf.float32, initializer=tf.constant_initializer(bias_start))
      return tf.matmul(x, w) + b
    return tf.matmul(x, w)
def hyper_norm(layer, num_units, hyper_output, embedding_size, use_bias=True, scope="hyper"):
  init_gamma = 0.10
  with tf.variable_scope(scope):
    zw = super_linear(hyper_output, embedding_size, init_w="constant", weight_start=0.00,
                      use_bias=True, bias_start=1.0, scope="zw")
    alpha = super_linear(zw, num_units, init_w="constant", weight_start=init_gamma / embedding_size,
                         use_bias=False, scope="alpha")
    result = tf.multiply(alpha, layer)
  return result
class HyperLSTMCell(tf.nn.rnn_cell.RNNCell):
  def __init__(self, num_units, forget_bias=1.0, hyper_num_units=3, hyper_embedding_size=2):
    self.num_units, self.forget_bias = num_units, forget_bias
    self.hyper_num_units, self.hyper_embedding_size = hyper_num_units, hyper_embedding_size
    self.total_num_units = self.num_units + self.hyper_num_units
    self.hyper_cell = tf.nn.rnn_cell.LSTMCell(hyper_num_units, initializer=None)
  @property
  def input_size(self):
    return self._input_size
  @property
  def output_size(self):
    return self.num_units
  @property
  def state_size(self):
    return 2 * self.total_num_units
  def hyper_norm(self, layer, scope="hyper", use_bias=True):
    return hyper_norm(layer, self.num_units, self.hyper_output, self.hyper_embedding_size,
                      use_bias=use_bias, scope=scope)
  def __call__(self, x, state, timestep=0, scope=None):
    with tf.variable_scope(scope or type(self).__name__):
      total_c, total_h = tf.split(state, 2, 1)
      c = total_c[:, 0:self.num_units]
      h = total_h[:, 0:self.num_units]
      hyper_state = tf.nn.rnn_cell.LSTMStateTuple(total_c[:, self.num_units:], total_h[:, self.num_units:])
      x_size = x.get_shape().as_list()[1]
      self._input_size = x_size
      w_init = lstm_ortho_initializer(1.0)
      W_xh = tf.get_variable("W_xh", [x_size, 4 * self.num_units], initializer=w_init)
      W_hh = tf.get_variable("W_hh", [self.num_units, 4 * self.num_units], initializer=w_init)
      bias = tf.get_variable("bias", [4 * self.num_units], initializer=tf.constant_initializer(0.0))
      hyper_input = tf.concat([x, h], 1)
      hyper_output, hyper_new_state = self.hyper_cell(hyper_input, hyper_state)
      self.hyper_output = hyper_output
      self.hyper_state = hyper_new_state
      xh = tf.matmul(x, W_xh)
      hh = tf.matmul(h, W_hh)
      ix, jx, fx, ox = tf.split(xh, 4, 1)
      ix = self.hyper_norm(ix, "hyper_ix", use_bias=False)
      jx = self.hyper_norm(jx, "hyper_jx", use_bias=False)
      fx = self.hyper_norm(fx, "hyper_fx", use_bias=False)
      ox = self.hyper_norm(ox, "hyper_ox", use_bias=False)
      ih, jh, fh, oh = tf.split(hh, 4, 1)
      ih = self.hyper_norm(ih, "hyper_ih", use_bias=True)
      jh = self.hyper_norm(jh, "hyper_jh", use_bias=True)
      fh = self.hyper_norm(fh, "hyper_fh", use_bias=True)
      oh = self.hyper_norm(oh, "hyper_oh", use_bias=True)
      ib, jb, fb, ob = tf.split(bias, 4, 0)
      i, j, f, o = ix + ih + ib, jx + jh + jb, fx + fh + fb, ox + oh + ob
      i = layer_norm(i, self.num_units, "ln_i")
      j = layer_norm(j, self.num_units, "ln_j")
      f = layer_norm(f, self.num_units, "ln_f")
      o = layer_norm(o, self.num_units, "ln_o")
      new_c = c * tf.sigmoid(f + self.forget_bias) + tf.sigmoid(i) * tf.tanh(j)
      new_h = tf.tanh(layer_norm(new_c, self.num_units, "ln_c")) * tf.sigmoid(o)
      hyper_c, hyper_h = hyper_new_state
      new_total_c = tf.concat([new_c, hyper_c], 1)
      new_total_h = tf.concat([new_h, hyper_h], 1)
      new_total_state = tf.concat([new_total_c, new_total_h], 1)
    return new_h, new_total_state
x = tf.placeholder(tf.float32, [2, 5, 3]); y = tf.placeholder(tf.float32, [2, 5, 4])
cell = HyperLSTMCell(4)
outputs, last = tf.nn.dynamic_rnn(cell, x, initial_state=cell.zero_state(2, tf.float32), scope="RNN")
loss = tf.reduce_mean(tf.square(outputs - y))
train = tf.train.AdamOptimizer(0.02).minimize(loss)
rs = np.random.RandomState(43)
feed = {x: rs.normal(size=(2, 5, 3)), y: rs.uniform(-0.5, 0.5, size=(2, 5, 4))}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["hist"] = L([sess.run([loss, train], feed)[0] for _ in range(4)])
out["last"] = L(sess.run(last, feed))
out["vars"] = [v.op.name for v in tf.trainable_variables()]
""",
    # Amazon's DeepAR as TF1 ports write it: an LSTM over lagged targets and covariates,
    # the Gaussian head (mu and softplus sigma), the negative log likelihood, and
    # ancestral sampling: a seeded random_normal per step fed back through a static
    # unroll of the cell whose variables are reused, sample paths tiled over the batch.
    "deepar_gaussian_likelihood_ancestral_sampling": r"""
tf.set_random_seed(1135)
T_ctx, T_pred, S = 5, 3, 4
z = tf.placeholder(tf.float32, [None, T_ctx]); cov = tf.placeholder(tf.float32, [None, T_ctx + T_pred, 1])
cell = tf.nn.rnn_cell.LSTMCell(5, name="deepar_lstm")
def step(prev_z, covariate, state):
  inp = tf.concat([tf.expand_dims(prev_z, -1), covariate], -1)
  with tf.variable_scope("deepar", reuse=tf.AUTO_REUSE):
    h, state = cell(inp, state)
    mu = tf.layers.dense(h, 1, name="mu")[:, 0]
    sigma = tf.nn.softplus(tf.layers.dense(h, 1, name="sigma")[:, 0]) + 1e-6
  return mu, sigma, state
batch = tf.shape(z)[0]
state = cell.zero_state(batch, tf.float32)
prev = tf.zeros([batch])
nll = []
for t in range(T_ctx):
  mu, sigma, state = step(prev, cov[:, t], state)
  nll.append(tf.log(sigma) + 0.5 * tf.log(2 * np.pi) + 0.5 * tf.square((z[:, t] - mu) / sigma))
  prev = z[:, t]
loss = tf.reduce_mean(tf.add_n(nll))
train = tf.train.AdamOptimizer(0.02).minimize(loss)
tile = lambda x: tf.reshape(tf.tile(tf.expand_dims(x, 1), [1, S] + [1] * (x.shape.ndims - 1)), tf.concat([[-1], tf.shape(x)[1:]], 0))
s_state = tf.nn.rnn_cell.LSTMStateTuple(tile(state.c), tile(state.h))
s_prev = tile(prev)
samples = []
for t in range(T_pred):
  mu, sigma, s_state = step(s_prev, tile(cov[:, T_ctx + t]), s_state)
  s_prev = mu + sigma * tf.random_normal(tf.shape(mu), seed=t)
  samples.append(s_prev)
paths = tf.reshape(tf.stack(samples, 1), [batch, S, T_pred])
rs = np.random.RandomState(44)
series = (np.sin(np.arange(T_ctx + T_pred) * 0.8)[None, :] + rs.normal(0, 0.1, (3, T_ctx + T_pred))).astype(np.float32)
feed = {z: series[:, :T_ctx], cov: (np.arange(T_ctx + T_pred) / 8.0)[None, :, None].repeat(3, 0)}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["hist"] = L([sess.run([loss, train], feed)[0] for _ in range(4)])
p1, p2 = sess.run(paths, feed), sess.run(paths, feed)
out["paths"] = L(p1[:, :2])
out["mean_path"] = L(p2.mean(1))
out["vars"] = [v.op.name for v in tf.trainable_variables()]
""",
}

REG_PROGRAMS = {
    # tensorflow/models research/autoaugment's shake_shake and shake_drop: forward mixing
    # by one seeded random_uniform, backward by another through the stop_gradient trick,
    # batch-shaped alphas, shake-drop's bernoulli by floor(prob + uniform); at eval the
    # expectations. The gradients are what these regularizers change.
    "autoaugment_shake_shake_shake_drop": r"""
tf.set_random_seed(1136)
x = tf.placeholder(tf.float32, [4, 4, 4, 2]); is_training = tf.placeholder(tf.bool, [])
def _shake_shake_branch(x, output_filters, stride, rand_forward, rand_backward, is_training, name):
  with tf.variable_scope(name):
    x = tf.nn.relu(x)
    x = tf.layers.conv2d(x, output_filters, 3, strides=stride, padding="same", use_bias=False, name="conv1")
    x = tf.layers.batch_normalization(x, training=True, name="bn1")
    x = tf.nn.relu(x)
    x = tf.layers.conv2d(x, output_filters, 3, padding="same", use_bias=False, name="conv2")
    x = tf.layers.batch_normalization(x, training=True, name="bn2")
    x = tf.cond(is_training, lambda: x * rand_backward + tf.stop_gradient(x * rand_forward - x * rand_backward),
                lambda: x * 0.5)
    return x
def _shake_shake_block(x, output_filters, stride, is_training):
  batch_size = tf.shape(x)[0]
  rand_forward = [tf.random_uniform([batch_size, 1, 1, 1], minval=0, maxval=1, dtype=tf.float32) for _ in range(2)]
  rand_backward = [tf.random_uniform([batch_size, 1, 1, 1], minval=0, maxval=1, dtype=tf.float32) for _ in range(2)]
  total_forward = tf.add_n(rand_forward)
  total_backward = tf.add_n(rand_backward)
  rand_forward = [samp / total_forward for samp in rand_forward]
  rand_backward = [samp / total_backward for samp in rand_backward]
  branches = []
  for branch, (r_forward, r_backward) in enumerate(zip(rand_forward, rand_backward)):
    b = _shake_shake_branch(x, output_filters, stride, r_forward, r_backward, is_training, "branch_%d" % branch)
    branches.append(b)
  res = tf.add_n(branches)
  return x + res
def shake_drop(x, prob, is_training, alpha_range=(-1, 1), beta_range=(0, 1)):
  def train_fn():
    batch_size = tf.shape(x)[0]
    bern = tf.floor(prob + tf.random_uniform([batch_size, 1, 1, 1]))
    alpha = tf.random_uniform([batch_size, 1, 1, 1], minval=alpha_range[0], maxval=alpha_range[1])
    beta = tf.random_uniform([batch_size, 1, 1, 1], minval=beta_range[0], maxval=beta_range[1])
    rand_forward = bern + (1 - bern) * alpha
    rand_backward = bern + (1 - bern) * beta
    return x * rand_backward + tf.stop_gradient(x * rand_forward - x * rand_backward)
  def eval_fn():
    expected_alpha = (alpha_range[1] + alpha_range[0]) / 2
    return (prob + expected_alpha - prob * expected_alpha) * x
  return tf.cond(is_training, train_fn, eval_fn)
with tf.variable_scope("shake"):
  h = _shake_shake_block(x, 2, 1, is_training)
  h = h + shake_drop(tf.layers.conv2d(h, 2, 1, name="drop_conv"), 0.5, is_training)
loss = tf.reduce_mean(tf.square(h - 0.3))
grads = tf.gradients(loss, tf.trainable_variables())
with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
  train = tf.train.MomentumOptimizer(0.05, 0.9, use_nesterov=True).minimize(loss)
rs = np.random.RandomState(45)
xs = rs.normal(size=(4, 4, 4, 2)).astype(np.float32)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["grad_norms"] = [L(np.linalg.norm(g)) for g in sess.run(grads, {x: xs, is_training: True})]
out["hist"] = L([sess.run([loss, train], {x: xs, is_training: True})[0] for _ in range(3)])
out["eval"] = L(sess.run(loss, {x: xs, is_training: False}))
""",
}


FLOW_PROGRAMS = {
    # philferriere/tfoptflow's PWC-Net: a two-level feature pyramid (strided convs, leaky
    # ReLU 0.1), the second image's features warped by contrib.image.dense_image_warp
    # with the upsampled flow, the cost volume by tf.pad and one tf.slice per
    # displacement, densely connected flow estimators, conv2d_transpose upsampling, and
    # the multi-scale EPE loss by tf.norm over the flow axis.
    "pwcnet_warp_cost_volume_multiscale_epe": r"""
tf.set_random_seed(1137)
B, S = 2, 16
x1 = tf.placeholder(tf.float32, [B, S, S, 3]); x2 = tf.placeholder(tf.float32, [B, S, S, 3])
flow_gt = tf.placeholder(tf.float32, [B, S, S, 2])
init = tf.keras.initializers.he_normal(seed=7)
def extract_features(x_tnsr, name="featpyr"):
  c1, c2 = [], []
  with tf.variable_scope(name, reuse=tf.AUTO_REUSE):
    for pyr, x, reuse, name_ in zip([c1, c2], [x_tnsr[0], x_tnsr[1]], [None, True], ["c1", "c2"]):
      for lvl, chans in enumerate([4, 6], 1):
        x = tf.layers.conv2d(x, chans, 3, 2, "same", kernel_initializer=init, name="conv%da" % lvl, reuse=reuse)
        x = tf.nn.leaky_relu(x, alpha=0.1)
        x = tf.layers.conv2d(x, chans, 3, 1, "same", kernel_initializer=init, name="conv%db" % lvl, reuse=reuse)
        x = tf.nn.leaky_relu(x, alpha=0.1, name=str(name_) + str(lvl))
        pyr.append(x)
  return c1, c2
def cost_volume(c1, warp, search_range, name):
  padded_lvl = tf.pad(warp, [[0, 0], [search_range, search_range], [search_range, search_range], [0, 0]])
  _, h, w, _ = tf.unstack(tf.shape(c1))
  max_offset = search_range * 2 + 1
  cost_vol = []
  for y in range(0, max_offset):
    for x in range(0, max_offset):
      slice = tf.slice(padded_lvl, [0, y, x, 0], [-1, h, w, -1])
      cost = tf.reduce_mean(c1 * slice, axis=3, keepdims=True)
      cost_vol.append(cost)
  cost_vol = tf.concat(cost_vol, axis=3)
  return tf.nn.leaky_relu(cost_vol, alpha=0.1, name=name)
def predict_flow(corr, c1, up_flow, up_feat, lvl):
  op_name = "flow%d" % lvl
  with tf.variable_scope("predict_flow"):
    if c1 is None and up_flow is None and up_feat is None:
      x = corr
    else:
      x = tf.concat([corr, c1, up_flow, up_feat], axis=3)
    conv = tf.layers.conv2d(x, 8, 3, 1, "same", kernel_initializer=init, name="conv%d_0" % lvl)
    act = tf.nn.leaky_relu(conv, alpha=0.1)
    x = tf.concat([act, x], axis=3)
    conv = tf.layers.conv2d(x, 6, 3, 1, "same", kernel_initializer=init, name="conv%d_1" % lvl)
    act = tf.nn.leaky_relu(conv, alpha=0.1)
    upfeat = tf.concat([act, x], axis=3, name="upfeat%d" % lvl)
    flow = tf.layers.conv2d(upfeat, 2, 3, 1, "same", name=op_name)
    return upfeat, flow
def deconv(x, lvl, name):
  return tf.layers.conv2d_transpose(x, 2, 4, 2, "same", name="%s%d" % (name, lvl))
c1, c2 = extract_features([x1, x2])
flow_pyr = []
up_flow, up_feat = None, None
for lvl in [2, 1]:
  if lvl == 2:
    corr = cost_volume(c1[lvl - 1], c2[lvl - 1], 1, "corr%d" % lvl)
    upfeat, flow = predict_flow(corr, None, None, None, lvl)
  else:
    scaler = 20. / 2 ** lvl
    warp = contrib.image.dense_image_warp(c2[lvl - 1], up_flow * scaler)
    corr = cost_volume(c1[lvl - 1], warp, 1, "corr%d" % lvl)
    upfeat, flow = predict_flow(corr, c1[lvl - 1], up_flow, up_feat, lvl)
  flow_pyr.append(flow)
  if lvl != 1:
    up_flow = deconv(flow, lvl, "up_flow")
    up_feat = deconv(upfeat, lvl, "up_feat")
def pwcnet_loss(y, y_hat_pyr):
  _, gt_height, _, _ = tf.unstack(tf.shape(y))
  total_loss = 0.
  for y_hat, alpha in zip(y_hat_pyr, [0.08, 0.02][::-1]):
    _, lvl_height, lvl_width, _ = tf.unstack(tf.shape(y_hat))
    scaled_flow_gt = tf.image.resize_bilinear(y, (lvl_height, lvl_width))
    scaled_flow_gt /= tf.cast(gt_height / lvl_height, dtype=tf.float32)
    norms = tf.norm(scaled_flow_gt - y_hat, ord=2, axis=3)
    total_loss += alpha * tf.reduce_mean(tf.reduce_sum(norms, axis=(1, 2)))
  return total_loss
loss = pwcnet_loss(flow_gt, flow_pyr)
train = tf.train.AdamOptimizer(1e-3).minimize(loss)
rs = np.random.RandomState(46)
im1 = rs.uniform(size=(B, S, S, 3)).astype(np.float32)
im2 = np.roll(im1, 1, axis=2) + 0.05 * rs.normal(size=im1.shape).astype(np.float32)
gt = np.zeros((B, S, S, 2), np.float32); gt[..., 1] = 1.0
feed = {x1: im1, x2: im2, flow_gt: gt}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["hist"] = L([sess.run([loss, train], feed)[0] for _ in range(3)])
out["flow"] = L(sess.run(flow_pyr[-1], feed)[0, ::3, ::3])
w_img = contrib.image.dense_image_warp(x1, flow_gt * 1.5 - 0.25)
w_grad = tf.gradients(tf.reduce_sum(tf.square(w_img)), [x1, flow_gt])
out["warp"] = L(sess.run(w_img, feed)[1, ::5, ::5])
out["warp_grads"] = [L(np.abs(g).sum()) for g in sess.run(w_grad, feed)]
out["interp"] = L(sess.run(contrib.image.interpolate_bilinear(
    x1[:, :4, :4], tf.constant([[[0.5, 1.25], [-1.0, 2.0], [3.5, 9.0]]] * 2), indexing="xy"), feed))
""",
}


PROGRAMS = {
    **SPEECH_PROGRAMS,
    **VISION_PROGRAMS,
    **VISION2_PROGRAMS,
    **GENERATIVE_PROGRAMS,
    **RL_PROGRAMS,
    **ADVERSARIAL_PROGRAMS,
    **GAN_PROGRAMS,
    **NAS_PROGRAMS,
    **GRAPH_PROGRAMS,
    **NLP_PROGRAMS,
    **SEMI_PROGRAMS,
    **RECSYS_PROGRAMS,
    **ANOMALY_PROGRAMS,
    **GRAPH2_PROGRAMS,
    **RL2_PROGRAMS,
    **GAN2_PROGRAMS,
    **POSE_PROGRAMS,
    **VIDEO_PROGRAMS,
    **SEQ_PROGRAMS,
    **RNN2_PROGRAMS,
    **REG_PROGRAMS,
    **FLOW_PROGRAMS,
}


def contrib_for_tf2(tf):
    """tf1_models5's contrib, with TF 1.15's contrib.image warps, which live on in Addons."""
    from types import SimpleNamespace

    import tensorflow_addons as tfa

    contrib = tf1_models5.contrib_for_tf2(tf)
    image = SimpleNamespace(
        dense_image_warp=tfa.image.dense_image_warp,
        interpolate_bilinear=tfa.image.interpolate_bilinear,
    )
    return SimpleNamespace(**dict(vars(contrib), image=image))


def main(names: list[str]) -> None:
    tf = harness.import_tf1(legacy_keras=True)
    chosen = {n: PROGRAMS[n] for n in names} if names else PROGRAMS
    results = harness.run_programs(tf, chosen, PRELUDE, CONTRIB=contrib_for_tf2(tf))
    harness.dump({"tensorflow": tf.__version__, "programs": results})


if __name__ == "__main__":
    main(sys.argv[1:])
