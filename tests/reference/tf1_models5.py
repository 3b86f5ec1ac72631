"""Record what TensorFlow computes for a fifth round of famous TF1 code bases, at tiny
sizes (dev-only).

    PYTHONPATH=/tmp/tf1ex6_site TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python \
        tests/reference/tf1_models5.py > tests/unit/engine/fixtures/tf1_models5.json

(/tmp/tf1ex6_site as tests/reference/tf1_models.py says; `python tf1_models5.py NAME...`
prints only the named programs, for development.)

Re-typed at tiny sizes, each in its code base's own TF1 spellings, code bases the earlier
rounds leave out: the Deep & Cross Network's cross layers over `feature_column.input_layer`
(`dcn_`), Leavingseason's xDeepFM (`xdeepfm_`: the CIN's outer products by a matmul of
split lists and conv1d, embedding_lookup_sparse), microsoft/recommenders' NCF (`ncf_`),
shichence's AutoInt (`autoint_`), an ESMM CTR×CVR model_fn (`esmm_`), GradySimon's
tensorflow-glove (`glove_`, with embedding_lookup's partition strategies), ematvey's
hierarchical attention networks (`han_`), barronalex's DMN+ (`dmn_`: the attention GRU
cell), Rayhane-mamah's Tacotron-2 (`taco2_`: zoneout LSTM, location-sensitive attention,
postnet, regularization filtered by variable name), ericjang's DRAW (`draw_`), batzner's
IndRNN (`indrnn_`), melodyguan's ENAS controller (`enas_`), charlesq34's PointNet
(`pointnet_`: the T-net, tf_util's batch norm whose ExponentialMovingAverage is applied
inside a cond) and WangYueFt's DGCNN (`dgcnn_`), abdulfatir's prototypical networks
(`protonet_`), openai's supervised-reptile (`reptile_`), kobiso's CBAM (`cbam_`), an AdaIN
arbitrary style transfer (`adain_`), openai's MADDPG (`maddpg_`) and baselines' GAIL
adversary (`gail_`), clvrai's Relation Networks (`relnet_`: one g_theta scope re-entered
for every pair), mrharicot's monodepth (`monodepth_`: the 1-D bilinear sampler, SSIM,
left-right consistency), tensorflow/models' attention_ocr (`attocr_`), CuriousAI's mean
teacher (`meanteacher_`: Adam with tensor betas, an EMA custom getter, tf.case) and
tinghuiz's SfMLearner (`sfm_`: projective inverse warping). No data comes from the internet: inputs are small seeded
arrays; initial values are seeded (`tf.set_random_seed`, numpy's seed where a code base
draws with numpy) or explicit. Where a code base's graph leaves TF's executor an order to
choose, the program is arranged, and says how, so that TF's answer is one.

The prelude is tf1_models3's (`slim`, `contrib`, `R`, `RS`, `LS`, `fix`, `rand`). Each
program stores what it observed in `out[...]`; `tests/unit/engine/test_tf1_models5.py`
runs the same text against graphgate and compares.
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

RECSYS_PROGRAMS = {
    # The Deep & Cross Network (DeepCTR's CrossNet layer over an estimator-style
    # feature_column input): x_{l+1} = x_0 x_l^T w_l + b_l + x_l by tensordot and matmul.
    "dcn_cross_network_feature_columns": r"""
tf.set_random_seed(501)
fc = tf.feature_column
age = fc.numeric_column("age", normalizer_fn=lambda x: (x - 35.0) / 15.0)
hours = fc.numeric_column("hours", shape=(2,))
age_b = fc.bucketized_column(age, boundaries=[-1.1, -0.3, 0.7])
job = fc.categorical_column_with_identity("job", num_buckets=5)
cross = fc.crossed_column([age_b, job], hash_bucket_size=7)
columns = [age, hours, fc.indicator_column(age_b), fc.embedding_column(job, 3),
           fc.indicator_column(cross)]
features = {"age": tf.placeholder(tf.float32, [None, 1]),
            "hours": tf.placeholder(tf.float32, [None, 2]),
            "job": tf.placeholder(tf.int64, [None, 1])}
label = tf.placeholder(tf.float32, [None, 1])

def cross_net(inputs, layer_num=2, l2_reg=1e-3):
  dim = inputs.get_shape()[-1].value
  kernels = [tf.get_variable("cross_kernel_%d" % i, [dim, 1],
                             initializer=tf.glorot_normal_initializer(seed=7 + i),
                             regularizer=contrib.layers.l2_regularizer(l2_reg))
             for i in range(layer_num)]
  bias = [tf.get_variable("cross_bias_%d" % i, [dim, 1], initializer=tf.zeros_initializer())
          for i in range(layer_num)]
  x_0 = tf.expand_dims(inputs, axis=2)
  x_l = x_0
  for i in range(layer_num):
    xl_w = tf.tensordot(x_l, kernels[i], axes=(1, 0))
    dot_ = tf.matmul(x_0, xl_w)
    x_l = dot_ + bias[i] + x_l
  return tf.squeeze(x_l, axis=2)

with tf.variable_scope("dcn"):
  x0 = fc.input_layer(features, columns)
  cross_out = cross_net(x0)
  deep = x0
  for i, units in enumerate([8, 4]):
    deep = tf.layers.dense(deep, units, activation=tf.nn.relu, name="deep_%d" % i)
  stack = tf.concat([cross_out, deep], axis=-1)
  logits = tf.layers.dense(stack, 1, use_bias=False, name="out")
pred = tf.sigmoid(logits)
loss = tf.losses.sigmoid_cross_entropy(label, logits) + tf.losses.get_regularization_loss()
train = tf.train.AdamOptimizer(0.05).minimize(loss)
feed = {features["age"]: [[17.0], [22.0], [40.0], [60.0]],
        features["hours"]: [[1.0, 0.5], [0.2, 0.1], [0.9, 0.3], [0.0, 1.5]],
        features["job"]: [[0], [3], [4], [3]], label: [[0.0], [1.0], [1.0], [0.0]]}
sess = tf.Session()
sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
out["x0"] = L(sess.run(x0, feed))
hist = []
for _ in range(4):
  hist.append(sess.run([loss, train], feed)[0])
out["hist"] = L(hist)
out["pred"] = L(sess.run(pred, feed))
out["vars"] = [(v.op.name, v.shape.as_list()) for v in tf.trainable_variables()]
out["reg"] = [t.op.name for t in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)]
""",
    # Leavingseason/xDeepFM: the linear part by sparse_tensor_dense_matmul, field
    # embeddings by embedding_lookup_sparse, the CIN (outer products by matmul of the
    # split lists, conv1d over them, direct and split-half connections) and a DNN.
    "xdeepfm_cin_embedding_lookup_sparse": r"""
tf.set_random_seed(502)
field_num, dim, feature_count = 3, 4, 10
feat_indices = tf.placeholder(tf.int64, [None, 2])
feat_values = tf.placeholder(tf.float32, [None])
feat_shape = tf.placeholder(tf.int64, [None])
dnn_indices = tf.placeholder(tf.int64, [None, 2])
dnn_values = tf.placeholder(tf.int64, [None])
dnn_weights = tf.placeholder(tf.float32, [None])
dnn_shape = tf.placeholder(tf.int64, [None])
labels = tf.placeholder(tf.float32, [None, 1])
layer_params = []

def _build_linear():
  with tf.variable_scope("linear_part") as scope:
    w = tf.get_variable(name="w", shape=[feature_count, 1], dtype=tf.float32,
                        initializer=tf.truncated_normal_initializer(stddev=0.01))
    b = tf.get_variable(name="b", shape=[1], dtype=tf.float32, initializer=tf.zeros_initializer())
    x = tf.SparseTensor(feat_indices, feat_values, feat_shape)
    linear_output = tf.add(tf.sparse_tensor_dense_matmul(x, w), b)
    layer_params.extend([w, b])
    return linear_output

def _build_embedding():
  embedding = tf.get_variable(name="embedding_layer", shape=[feature_count, dim],
                              dtype=tf.float32, initializer=tf.truncated_normal_initializer(stddev=0.1))
  fm_sparse_index = tf.SparseTensor(dnn_indices, dnn_values, dnn_shape)
  fm_sparse_weight = tf.SparseTensor(dnn_indices, dnn_weights, dnn_shape)
  w_fm_nn_input_orgin = tf.nn.embedding_lookup_sparse(embedding, fm_sparse_index, fm_sparse_weight,
                                                      combiner="sum")
  embed_out = tf.reshape(w_fm_nn_input_orgin, [-1, dim * field_num])
  layer_params.append(embedding)
  return embed_out

def _build_extreme_FM(nn_input, res=False, direct=False, bias=True, reduce_D=False, f_dim=2):
  hidden_nn_layers = []
  field_nums = []
  final_len = 0
  nn_input = tf.reshape(nn_input, shape=[-1, int(field_num), dim])
  field_nums.append(int(field_num))
  hidden_nn_layers.append(nn_input)
  final_result = []
  split_tensor0 = tf.split(hidden_nn_layers[0], dim * [1], 2)
  with tf.variable_scope("exfm_part") as scope:
    for idx, layer_size in enumerate([4, 4]):
      split_tensor = tf.split(hidden_nn_layers[-1], dim * [1], 2)
      dot_result_m = tf.matmul(split_tensor0, split_tensor, transpose_b=True)
      dot_result_o = tf.reshape(dot_result_m, shape=[dim, -1, field_nums[0] * field_nums[-1]])
      dot_result = tf.transpose(dot_result_o, perm=[1, 0, 2])
      filters = tf.get_variable(name="f_" + str(idx), shape=[1, field_nums[-1] * field_nums[0], layer_size],
                                dtype=tf.float32)
      curr_out = tf.nn.conv1d(dot_result, filters=filters, stride=1, padding='VALID')
      if bias:
        b = tf.get_variable(name="f_b" + str(idx), shape=[layer_size], dtype=tf.float32,
                            initializer=tf.zeros_initializer())
        curr_out = tf.nn.bias_add(curr_out, b)
        layer_params.append(b)
      curr_out = tf.identity(curr_out)
      curr_out = tf.transpose(curr_out, perm=[0, 2, 1])
      if direct:
        direct_connect = curr_out
        next_hidden = curr_out
        final_len += layer_size
        field_nums.append(int(layer_size))
      else:
        if idx != 1:
          next_hidden, direct_connect = tf.split(curr_out, 2 * [int(layer_size / 2)], 1)
          final_len += int(layer_size / 2)
        else:
          direct_connect = curr_out
          next_hidden = 0
          final_len += layer_size
        field_nums.append(int(layer_size / 2))
      final_result.append(direct_connect)
      hidden_nn_layers.append(next_hidden)
      layer_params.append(filters)
    result = tf.concat(final_result, axis=1)
    result = tf.reduce_sum(result, -1)
    w_nn_output = tf.get_variable(name='w_nn_output', shape=[final_len, 1], dtype=tf.float32)
    b_nn_output = tf.get_variable(name='b_nn_output', shape=[1], dtype=tf.float32,
                                  initializer=tf.zeros_initializer())
    layer_params.extend([w_nn_output, b_nn_output])
    exFM_out = tf.nn.xw_plus_b(result, w_nn_output, b_nn_output)
    return exFM_out

with tf.variable_scope("XDeepFM") as scope:
  with tf.variable_scope("embedding", initializer=tf.truncated_normal_initializer(stddev=0.1)):
    embed_out = _build_embedding()
  logit = _build_linear()
  logit = logit + _build_extreme_FM(embed_out)
  h = tf.layers.dense(embed_out, 6, activation=tf.nn.relu, name="dnn_0")
  logit = logit + tf.layers.dense(h, 1, name="dnn_out")
pred = tf.sigmoid(logit)
data_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=logit, labels=labels))
l2 = tf.zeros([1], dtype=tf.float32)
for param in layer_params:
  l2 = tf.add(l2, tf.multiply(1e-4, tf.nn.l2_loss(param)))
loss = tf.add(data_loss, l2)
train = tf.train.AdamOptimizer(0.02).minimize(loss)
rows = [[1, 4, 8], [0, 5, 9], [2, 4, 7], [3, 6, 8]]
vals = [[1.0, 0.5, 2.0], [1.0, 1.5, 0.3], [1.0, 1.0, 1.0], [1.0, 0.2, 0.7]]
ind, fid, fval, dind, did, dw = [], [], [], [], [], []
for r, (ids, vs) in enumerate(zip(rows, vals)):
  for f, (i, v) in enumerate(zip(ids, vs)):
    ind.append([r, i]); fval.append(v)
    dind.append([r * field_num + f, 0]); did.append(i); dw.append(v)
feed = {feat_indices: ind, feat_values: fval, feat_shape: [4, feature_count],
        dnn_indices: dind, dnn_values: did, dnn_weights: dw, dnn_shape: [4 * field_num, 1],
        labels: [[1.0], [0.0], [1.0], [0.0]]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(4):
  hist.append(sess.run([loss, data_loss, train], feed)[:2])
out["hist"] = LS(hist)
out["pred"] = L(sess.run(pred, feed))
out["embed"] = L(sess.run(embed_out, feed))
out["vars"] = [v.op.name for v in tf.trainable_variables()]
""",
    # microsoft/recommenders' NCF (ncf_singlenode.py): GMF and MLP embeddings by
    # embedding_lookup of a [None, 1] placeholder summed over axis 1, slim's
    # fully_connected tower with xavier(seed), tf.losses.log_loss; its HR/NDCG by top_k.
    "ncf_neumf_log_loss_hit_ratio": r"""
n_users, n_items, n_factors, seed = 5, 7, 4, 42
layer_sizes = [8, 4]
tf.set_random_seed(seed)
user_input = tf.placeholder(tf.int32, shape=[None, 1])
item_input = tf.placeholder(tf.int32, shape=[None, 1])
labels = tf.placeholder(tf.float32, shape=[None, 1])
with tf.variable_scope("embedding", reuse=tf.AUTO_REUSE):
  embedding_gmf_P = tf.Variable(tf.truncated_normal(shape=[n_users, n_factors], mean=0.0, stddev=0.01, seed=seed),
                                name="embedding_gmf_P", dtype=tf.float32)
  embedding_gmf_Q = tf.Variable(tf.truncated_normal(shape=[n_items, n_factors], mean=0.0, stddev=0.01, seed=seed),
                                name="embedding_gmf_Q", dtype=tf.float32)
  embedding_mlp_P = tf.Variable(tf.truncated_normal(shape=[n_users, int(layer_sizes[0] / 2)], mean=0.0, stddev=0.01, seed=seed),
                                name="embedding_mlp_P", dtype=tf.float32)
  embedding_mlp_Q = tf.Variable(tf.truncated_normal(shape=[n_items, int(layer_sizes[0] / 2)], mean=0.0, stddev=0.01, seed=seed),
                                name="embedding_mlp_Q", dtype=tf.float32)
with tf.variable_scope("gmf", reuse=tf.AUTO_REUSE):
  gmf_p = tf.reduce_sum(tf.nn.embedding_lookup(embedding_gmf_P, user_input), 1)
  gmf_q = tf.reduce_sum(tf.nn.embedding_lookup(embedding_gmf_Q, item_input), 1)
  gmf_vector = gmf_p * gmf_q
with tf.variable_scope("mlp", reuse=tf.AUTO_REUSE):
  mlp_p = tf.reduce_sum(tf.nn.embedding_lookup(embedding_mlp_P, user_input), 1)
  mlp_q = tf.reduce_sum(tf.nn.embedding_lookup(embedding_mlp_Q, item_input), 1)
  output = tf.concat([mlp_p, mlp_q], 1)
  for layer_size in layer_sizes[1:]:
    output = slim.fully_connected(output, num_outputs=layer_size, activation_fn=tf.nn.relu,
                                  weights_initializer=contrib.layers.xavier_initializer(seed=seed))
  mlp_vector = output
with tf.variable_scope("ncf", reuse=tf.AUTO_REUSE):
  ncf_vector = tf.concat([gmf_vector, mlp_vector], 1)
  output = slim.fully_connected(ncf_vector, num_outputs=1, activation_fn=None, biases_initializer=None,
                                weights_initializer=contrib.layers.xavier_initializer(seed=seed))
  output = tf.sigmoid(output)
with tf.variable_scope("loss", reuse=tf.AUTO_REUSE):
  loss = tf.losses.log_loss(labels, output)
with tf.variable_scope("optimizer", reuse=tf.AUTO_REUSE):
  optimizer = tf.train.AdamOptimizer(learning_rate=0.05).minimize(loss)
users = np.array([[0], [0], [1], [2], [3], [4], [1], [2]], np.int32)
items = np.array([[1], [3], [2], [6], [0], [5], [4], [1]], np.int32)
ys = np.array([[1], [0], [1], [1], [0], [1], [0], [0]], np.float32)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(5):
  hist.append(sess.run([loss, optimizer], {user_input: users, item_input: items, labels: ys})[0])
out["hist"] = L(hist)
all_items = np.arange(n_items, dtype=np.int32).reshape(-1, 1)
scores = tf.reshape(output, [1, -1])
top_vals, top_idx = tf.nn.top_k(scores, k=3)
hits = tf.nn.in_top_k(scores, [1], 3)
ranks = {}
for u in range(3):
  ranks[u] = sess.run([top_idx, hits, top_vals], {user_input: np.full((n_items, 1), u, np.int32), item_input: all_items})
out["ranks"] = LS([ranks[u] for u in range(3)])
out["vars"] = [v.op.name for v in tf.global_variables()]
""",
    # shichence/AutoInt (model.py): field embeddings scaled by feature values, interacting
    # layers of multi-head self-attention (heads split along axis 0) with a ReLU residual
    # and its own layer normalization over tf.Variable beta/gamma.
    "autoint_multihead_field_attention": r"""
tf.set_random_seed(504)

def normalize(inputs, epsilon=1e-8):
  inputs_shape = inputs.get_shape()
  params_shape = inputs_shape[-1:]
  mean, variance = tf.nn.moments(inputs, [-1], keep_dims=True)
  beta = tf.Variable(tf.zeros(params_shape))
  gamma = tf.Variable(tf.ones(params_shape))
  normalized = (inputs - mean) / ((variance + epsilon) ** (.5))
  outputs = gamma * normalized + beta
  return outputs

def multihead_attention(queries, keys, values, num_units=None, num_heads=1, dropout_keep_prob=1,
                        is_training=True, has_residual=True):
  if num_units is None:
    num_units = queries.get_shape().as_list[-1]
  Q = tf.layers.dense(queries, num_units, activation=tf.nn.relu)
  K = tf.layers.dense(keys, num_units, activation=tf.nn.relu)
  V = tf.layers.dense(values, num_units, activation=tf.nn.relu)
  if has_residual:
    V_res = tf.layers.dense(values, num_units, activation=tf.nn.relu)
  Q_ = tf.concat(tf.split(Q, num_heads, axis=2), axis=0)
  K_ = tf.concat(tf.split(K, num_heads, axis=2), axis=0)
  V_ = tf.concat(tf.split(V, num_heads, axis=2), axis=0)
  weights = tf.matmul(Q_, tf.transpose(K_, [0, 2, 1]))
  weights = weights / (K_.get_shape().as_list()[-1] ** 0.5)
  weights = tf.nn.softmax(weights)
  weights = tf.layers.dropout(weights, rate=1 - dropout_keep_prob, training=tf.convert_to_tensor(is_training))
  outputs = tf.matmul(weights, V_)
  outputs = tf.concat(tf.split(outputs, num_heads, axis=0), axis=2)
  if has_residual:
    outputs += V_res
  outputs = tf.nn.relu(outputs)
  outputs = normalize(outputs)
  return outputs

feature_size, field_size, embedding_size, block_shape, heads = 9, 3, 4, [4, 4], 2
feat_index = tf.placeholder(tf.int32, shape=[None, None], name="feat_index")
feat_value = tf.placeholder(tf.float32, shape=[None, None], name="feat_value")
label = tf.placeholder(tf.float32, shape=[None, 1], name="label")
dropout_keep_prob = tf.placeholder(tf.float32, shape=[None], name="dropout_keep_prob")
train_phase = tf.placeholder(tf.bool, name="train_phase")
weights = {"feature_embeddings": tf.Variable(tf.random_normal([feature_size, embedding_size], 0.0, 0.01),
                                             name="feature_embeddings"),
           "feature_bias": tf.Variable(tf.random_normal([feature_size, 1], 0.0, 1.0), name="feature_bias")}
embeddings = tf.nn.embedding_lookup(weights["feature_embeddings"], feat_index)
fv = tf.reshape(feat_value, shape=[-1, field_size, 1])
embeddings = tf.multiply(embeddings, fv)
embeddings = tf.nn.dropout(embeddings, dropout_keep_prob[1])
y_deep = embeddings
for i in range(len(block_shape)):
  y_deep = multihead_attention(queries=y_deep, keys=y_deep, values=y_deep, num_units=block_shape[i],
                               num_heads=heads, dropout_keep_prob=1.0, is_training=True, has_residual=True)
flat = tf.reshape(y_deep, shape=[-1, block_shape[-1] * field_size])
out_ = tf.add(tf.matmul(flat, tf.Variable(tf.random_normal([block_shape[-1] * field_size, 1], 0.0, 0.1), name="prediction_dense")),
              tf.Variable(tf.constant(0.01), name="prediction_bias"), name='logits')
pred = tf.nn.sigmoid(out_)
loss = tf.losses.log_loss(label, pred)
train = tf.train.AdamOptimizer(learning_rate=0.02, beta1=0.9, beta2=0.999, epsilon=1e-8).minimize(loss)
fi = [[0, 3, 6], [1, 4, 7], [2, 5, 8], [0, 4, 8]]
fvv = [[1.0, 1.0, 0.5], [1.0, 1.0, 2.0], [1.0, 1.0, 1.0], [1.0, 1.0, 0.1]]
feed = {feat_index: fi, feat_value: fvv, label: [[1.0], [0.0], [0.0], [1.0]],
        dropout_keep_prob: [1.0, 1.0, 1.0], train_phase: True}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(4):
  hist.append(sess.run([loss, train], feed)[0])
out["hist"] = L(hist)
out["pred"] = L(sess.run(pred, feed))
out["vars"] = [(v.op.name, v.shape.as_list()) for v in tf.trainable_variables()]
""",
    # ESMM's estimator model_fn (qiaoguan/deep-ctr-prediction): two towers in
    # variable scopes, pCTCVR = pCTR * pCVR, the CTR loss summed and log_loss of the
    # product, tf.metrics.auc over both; the model_fn called directly in TRAIN and EVAL.
    "esmm_ctcvr_model_fn_auc": r"""
tf.set_random_seed(505)

class ModeKeys:  # tf.estimator.ModeKeys' values (TF 2.21 ships no estimator)
  TRAIN, EVAL, PREDICT = "train", "eval", "infer"

def build_deep_layers(net, params):
  for num_hidden_units in params["hidden_units"]:
    net = tf.layers.dense(net, units=num_hidden_units, activation=tf.nn.relu,
                          kernel_initializer=tf.glorot_uniform_initializer())
  logits = tf.layers.dense(net, units=1, activation=None)
  return logits

def esmm_model_fn(features, labels, mode, params):
  net = tf.feature_column.input_layer(features, params["feature_columns"])
  last_ctr_layer = build_deep_layers(net, params)
  with tf.variable_scope("cvr_model"):
    last_cvr_layer = build_deep_layers(net, params)
  ctr_logits = tf.squeeze(last_ctr_layer, axis=1)
  cvr_logits = tf.squeeze(last_cvr_layer, axis=1)
  ctr_preds = tf.sigmoid(ctr_logits)
  cvr_preds = tf.sigmoid(cvr_logits)
  ctcvr_preds = tf.multiply(ctr_preds, cvr_preds)
  if mode == ModeKeys.PREDICT:
    return {"ctcvr": ctcvr_preds}
  y = labels["cvr"]
  cvr_loss = tf.reduce_sum(tf.keras.backend.binary_crossentropy(y, ctcvr_preds))
  y = labels["ctr"]
  ctr_loss = tf.reduce_sum(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=ctr_logits))
  loss = ctr_loss + cvr_loss
  ctr_auc = tf.metrics.auc(labels=labels["ctr"], predictions=ctr_preds)
  ctcvr_auc = tf.metrics.auc(labels=labels["cvr"], predictions=ctcvr_preds)
  metrics = {"ctr_auc": ctr_auc, "ctcvr_auc": ctcvr_auc}
  if mode == ModeKeys.EVAL:
    return loss, metrics
  optimizer = tf.train.AdagradOptimizer(learning_rate=params["learning_rate"])
  train_op = optimizer.minimize(loss, global_step=tf.train.get_global_step())
  return loss, train_op, ctcvr_preds

fc = tf.feature_column
cols = [fc.numeric_column("price"),
        fc.embedding_column(fc.categorical_column_with_vocabulary_list("cat", ["a", "b", "c"]), 2)]
feats = {"price": tf.placeholder(tf.float32, [None, 1]), "cat": tf.placeholder(tf.string, [None, 1])}
labs = {"ctr": tf.placeholder(tf.float32, [None]), "cvr": tf.placeholder(tf.float32, [None])}
params = {"hidden_units": [6, 3], "learning_rate": 0.2, "feature_columns": cols}
step = tf.train.get_or_create_global_step()
with tf.variable_scope("esmm"):
  loss, train_op, ctcvr = esmm_model_fn(feats, labs, ModeKeys.TRAIN, params)
with tf.variable_scope("esmm", reuse=True):
  eval_loss, metrics = esmm_model_fn(feats, labs, ModeKeys.EVAL, params)
feed = {feats["price"]: [[1.0], [0.5], [2.0], [0.1], [1.2]],
        feats["cat"]: [[b"a"], [b"c"], [b"b"], [b"z"], [b"a"]],
        labs["ctr"]: [1.0, 0.0, 1.0, 0.0, 1.0], labs["cvr"]: [1.0, 0.0, 0.0, 0.0, 1.0]}
sess = tf.Session()
sess.run([tf.global_variables_initializer(), tf.local_variables_initializer(), tf.tables_initializer()])
hist = []
for _ in range(4):
  hist.append(sess.run([loss, train_op], feed)[0])
out["hist"] = L(hist)
out["ctcvr"] = L(sess.run(ctcvr, feed))
sess.run([m[1] for m in metrics.values()], feed)
out["auc"] = LS(sess.run({k: m[0] for k, m in metrics.items()}))
out["step"] = L(sess.run(step))
out["vars"] = [v.op.name for v in tf.global_variables()]
out["locals"] = [v.op.name for v in tf.local_variables()]
""",
    # GradySimon/tensorflow-glove: co-occurrences counted in Python, focal and context
    # embeddings drawn by random_uniform(1.0, -1.0), lookups of a one-element list, the
    # weighting min(1, (X/x_max)^alpha), Adagrad over repeated rows; then the combined
    # embeddings split in two shards read by embedding_lookup's partition strategies.
    "glove_cooccurrence_adagrad_partitions": r"""
tf.set_random_seed(506)
corpus = [["the", "cat", "sat", "on", "the", "mat"], ["the", "dog", "sat", "on", "the", "cat"],
          ["a", "cat", "and", "a", "dog"]]
words = sorted({w for s in corpus for w in s})
word_to_id = {w: i for i, w in enumerate(words)}
from collections import Counter, defaultdict
cooccurrence_counts = defaultdict(float)
for region in corpus:
  for l_context, word, r_context in [(region[max(0, i - 2):i], region[i], region[i + 1:i + 3]) for i in range(len(region))]:
    for i, context_word in enumerate(l_context[::-1]):
      cooccurrence_counts[(word_to_id[word], word_to_id[context_word])] += 1 / (i + 1)
    for i, context_word in enumerate(r_context):
      cooccurrence_counts[(word_to_id[word], word_to_id[context_word])] += 1 / (i + 1)
cooc = sorted(cooccurrence_counts.items())
vocab_size, embedding_size, batch_size = len(words), 4, 8
cooccurrence_cap, scaling_factor, learning_rate = 3.0, 0.75, 0.1
count_max = tf.constant([cooccurrence_cap], dtype=tf.float32, name='max_cooccurrence_count')
scaling = tf.constant([scaling_factor], dtype=tf.float32, name="scaling_factor")
focal_input = tf.placeholder(tf.int32, shape=[batch_size], name="focal_words")
context_input = tf.placeholder(tf.int32, shape=[batch_size], name="context_words")
cooccurrence_count = tf.placeholder(tf.float32, shape=[batch_size], name="cooccurrence_count")
focal_embeddings = tf.Variable(tf.random_uniform([vocab_size, embedding_size], 1.0, -1.0), name="focal_embeddings")
context_embeddings = tf.Variable(tf.random_uniform([vocab_size, embedding_size], 1.0, -1.0), name="context_embeddings")
focal_biases = tf.Variable(tf.random_uniform([vocab_size], 1.0, -1.0), name='focal_biases')
context_biases = tf.Variable(tf.random_uniform([vocab_size], 1.0, -1.0), name="context_biases")
focal_embedding = tf.nn.embedding_lookup([focal_embeddings], focal_input)
context_embedding = tf.nn.embedding_lookup([context_embeddings], context_input)
focal_bias = tf.nn.embedding_lookup([focal_biases], focal_input)
context_bias = tf.nn.embedding_lookup([context_biases], context_input)
weighting_factor = tf.minimum(1.0, tf.pow(tf.div(cooccurrence_count, count_max), scaling))
embedding_product = tf.reduce_sum(tf.multiply(focal_embedding, context_embedding), 1)
log_cooccurrences = tf.log(tf.to_float(cooccurrence_count))
distance_expr = tf.square(tf.add_n([embedding_product, focal_bias, context_bias, tf.negative(log_cooccurrences)]))
single_losses = tf.multiply(weighting_factor, distance_expr)
total_loss = tf.reduce_sum(single_losses)
tf.summary.scalar("GloVe_loss", total_loss)
optimizer = tf.train.AdagradOptimizer(learning_rate).minimize(total_loss)
summary = tf.summary.merge_all()
combined_embeddings = tf.add(focal_embeddings, context_embeddings, name="combined_embeddings")
rng = np.random.RandomState(6)
hist = []
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for epoch in range(3):
  order = rng.permutation(len(cooc))
  for start in range(0, len(cooc) - batch_size + 1, batch_size):
    batch = [cooc[j] for j in order[start:start + batch_size]]
    feed = {focal_input: [b[0][0] for b in batch], context_input: [b[0][1] for b in batch],
            cooccurrence_count: [b[1] for b in batch]}
    hist.append(sess.run([total_loss, optimizer, summary], feed)[0])
out["hist"] = L(hist)
emb = sess.run(combined_embeddings)
out["embeddings"] = L(emb)
shards = [tf.constant(emb[:4]), tf.constant(emb[4:])]
ids = tf.constant([0, 4, 5, 7, 3, 6])
out["div"] = L(sess.run(tf.nn.embedding_lookup(shards, ids, partition_strategy="div")))
mod_shards = [tf.constant(emb[0::2]), tf.constant(emb[1::2])]
out["mod"] = L(sess.run(tf.nn.embedding_lookup(mod_shards, ids, partition_strategy="mod")))
out["mod_default"] = L(sess.run(tf.nn.embedding_lookup(mod_shards, ids)))
out["div_oob"] = raises(lambda: sess.run(tf.nn.embedding_lookup(shards, [9], partition_strategy="div")))
""",
}

SEQ_PROGRAMS = {
    # ematvey/hierarchical-attention-networks: documents reshaped to sentences by
    # tf.unstack(tf.shape(inputs)), bidirectional_dynamic_rnn over each level with
    # sequence lengths (a zero-length padding sentence among them), the task-specific
    # attention by contrib.layers.fully_connected, clip_by_global_norm over
    # tf.gradients, Adam with a global step.
    "han_word_sentence_attention": r"""
tf.set_random_seed(507)
layers = contrib.layers

def bidirectional_rnn(cell_fw, cell_bw, inputs_embedded, input_lengths, scope=None):
  with tf.variable_scope(scope or "birnn") as scope:
    ((fw_outputs, bw_outputs), (fw_state, bw_state)) = (
        tf.nn.bidirectional_dynamic_rnn(cell_fw=cell_fw, cell_bw=cell_bw, inputs=inputs_embedded,
                                        sequence_length=input_lengths, dtype=tf.float32,
                                        swap_memory=True, scope=scope))
    outputs = tf.concat((fw_outputs, bw_outputs), 2)
    state = tf.concat((fw_state, bw_state), 1, name='bidirectional_concat')
    return outputs, state

def task_specific_attention(inputs, output_size, initializer=layers.xavier_initializer(),
                            activation_fn=tf.tanh, scope=None):
  assert len(inputs.get_shape()) == 3 and inputs.get_shape()[-1].value is not None
  with tf.variable_scope(scope or 'attention') as scope:
    attention_context_vector = tf.get_variable(name='attention_context_vector', shape=[output_size],
                                               initializer=initializer, dtype=tf.float32)
    input_projection = layers.fully_connected(inputs, output_size, activation_fn=activation_fn, scope=scope)
    vector_attn = tf.reduce_sum(tf.multiply(input_projection, attention_context_vector), axis=2, keep_dims=True)
    attention_weights = tf.nn.softmax(vector_attn, dim=1)
    weighted_projection = tf.multiply(input_projection, attention_weights)
    outputs = tf.reduce_sum(weighted_projection, axis=1)
    return outputs

vocab_size, embedding_size, classes = 12, 5, 3
word_output_size = sentence_output_size = 6
inputs = tf.placeholder(shape=(None, None, None), dtype=tf.int32, name='inputs')
word_lengths = tf.placeholder(shape=(None, None), dtype=tf.int32, name='word_lengths')
sentence_lengths = tf.placeholder(shape=(None,), dtype=tf.int32, name='sentence_lengths')
labels = tf.placeholder(shape=(None,), dtype=tf.int32, name='labels')
is_training = tf.placeholder(dtype=tf.bool, name='is_training')
global_step = tf.Variable(0, name='global_step', trainable=False)
(document_size, sentence_size, word_size) = tf.unstack(tf.shape(inputs))
with tf.variable_scope('embedding'):
  embedding_matrix = tf.get_variable(name="embedding_matrix", shape=[vocab_size, embedding_size],
                                     initializer=layers.xavier_initializer(), dtype=tf.float32)
  inputs_embedded = tf.nn.embedding_lookup(embedding_matrix, inputs)
with tf.variable_scope('word') as scope:
  word_level_inputs = tf.reshape(inputs_embedded, [document_size * sentence_size, word_size, embedding_size])
  word_level_lengths = tf.reshape(word_lengths, [document_size * sentence_size])
  word_encoder_output, _ = bidirectional_rnn(tf.nn.rnn_cell.GRUCell(3), tf.nn.rnn_cell.GRUCell(3),
                                             word_level_inputs, word_level_lengths, scope=scope)
  with tf.variable_scope('attention') as scope:
    word_level_output = task_specific_attention(word_encoder_output, word_output_size, scope=scope)
  with tf.variable_scope('dropout'):
    word_level_output = layers.dropout(word_level_output, keep_prob=1.0, is_training=is_training)
with tf.variable_scope('sentence') as scope:
  sentence_inputs = tf.reshape(word_level_output, [document_size, sentence_size, word_output_size])
  sentence_encoder_output, _ = bidirectional_rnn(tf.nn.rnn_cell.GRUCell(3), tf.nn.rnn_cell.GRUCell(3),
                                                 sentence_inputs, sentence_lengths, scope=scope)
  with tf.variable_scope('attention') as scope:
    sentence_level_output = task_specific_attention(sentence_encoder_output, sentence_output_size, scope=scope)
with tf.variable_scope('classifier'):
  logits = layers.fully_connected(sentence_level_output, classes, activation_fn=None)
  prediction = tf.argmax(logits, axis=-1)
with tf.variable_scope('train'):
  cross_entropy = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
  loss = tf.reduce_mean(cross_entropy)
  tf.summary.scalar('loss', loss)
  accuracy = tf.reduce_mean(tf.cast(tf.nn.in_top_k(logits, labels, 1), tf.float32))
  tvars = tf.trainable_variables()
  grads, global_norm = tf.clip_by_global_norm(tf.gradients(loss, tvars), 5.0)
  tf.summary.scalar('global_grad_norm', global_norm)
  opt = tf.train.AdamOptimizer(0.05)
  train_op = opt.apply_gradients(zip(grads, tvars), name='train_op', global_step=global_step)
docs = np.array([[[1, 4, 5, 0], [2, 7, 0, 0], [0, 0, 0, 0]],
                 [[3, 3, 8, 9], [10, 11, 2, 0], [6, 1, 0, 0]]], np.int32)
feed = {inputs: docs, word_lengths: [[3, 2, 0], [4, 3, 2]], sentence_lengths: [2, 3],
        labels: [2, 0], is_training: True}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(4):
  hist.append(sess.run([loss, global_norm, accuracy, train_op], feed)[:3])
out["hist"] = LS(hist)
out["logits"] = L(sess.run(logits, {**feed, is_training: False}))
out["step"] = L(sess.run(global_step))
out["vars"] = [v.op.name for v in tvars]
""",
    # barronalex/Dynamic-Memory-Networks-in-TensorFlow (dmn_plus.py): positional
    # encoding of sentences, the input fusion bi-GRU, the AttentionGRUCell (an RNNCell
    # subclass with its own __call__ and _linear), episodes over unstacked facts with
    # reuse by hop, ReLU memory updates, l2 over non-bias variables, clip_by_norm.
    "dmn_plus_attention_gru_episodes": r"""
tf.set_random_seed(508)

def _linear(args, output_size, bias, bias_start=0.0):
  total = sum(a.get_shape()[1].value for a in args)
  w = tf.get_variable("weights", [total, output_size])
  res = tf.matmul(tf.concat(args, 1), w)
  if not bias:
    return res
  b = tf.get_variable("biases", [output_size], initializer=tf.constant_initializer(bias_start))
  return tf.nn.bias_add(res, b)

class AttentionGRUCell(tf.nn.rnn_cell.RNNCell):
  def __init__(self, num_units, input_size=None, activation=tf.tanh):
    self._num_units = num_units
    self._activation = activation

  @property
  def state_size(self):
    return self._num_units

  @property
  def output_size(self):
    return self._num_units

  def __call__(self, inputs, state, scope=None):
    with tf.variable_scope(scope or type(self).__name__):
      with tf.variable_scope("Gates"):
        if inputs.get_shape()[-1] != self._num_units + 1:
          raise ValueError("Input should be passed as word input concatenated with 1D attention on end axis")
        inputs, g = tf.split(inputs, num_or_size_splits=[self._num_units, 1], axis=1)
        r = _linear([inputs, state], self._num_units, True, 1.0)
        r = tf.sigmoid(r)
      with tf.variable_scope("Candidate"):
        c = self._activation(_linear([inputs, r * state], self._num_units, True))
      new_h = g * c + (1 - g) * state
    return new_h, new_h

def _position_encoding(sentence_size, embedding_size):
  encoding = np.ones((embedding_size, sentence_size), dtype=np.float32)
  ls = sentence_size + 1
  le = embedding_size + 1
  for i in range(1, le):
    for j in range(1, ls):
      encoding[i - 1, j - 1] = (i - (le - 1) / 2) * (j - (ls - 1) / 2)
  encoding = 1 + 4 * encoding / embedding_size / sentence_size
  return np.transpose(encoding)

class Config(object):
  embed_size = hidden_size = 4
  vocab_size = 10
  num_hops = 2
  l2 = 0.001
  max_grad_norm = 1.0

class DMN_PLUS(object):
  def __init__(self, config, max_sentences=3, max_sen_len=4, max_q_len=3):
    self.config = config
    self.max_sentences, self.max_sen_len, self.max_q_len = max_sentences, max_sen_len, max_q_len
    self.encoding = _position_encoding(max_sen_len, config.embed_size)
    self.question_placeholder = tf.placeholder(tf.int32, shape=(None, max_q_len))
    self.input_placeholder = tf.placeholder(tf.int32, shape=(None, max_sentences, max_sen_len))
    self.question_len_placeholder = tf.placeholder(tf.int32, shape=(None,))
    self.input_len_placeholder = tf.placeholder(tf.int32, shape=(None,))
    self.answer_placeholder = tf.placeholder(tf.int64, shape=(None,))
    self.dropout_placeholder = tf.placeholder(tf.float32)
    self.embeddings = tf.Variable(np.sin(np.arange(40).reshape(10, 4)).astype(np.float32) * 0.5, name="Embedding")
    self.attentions = []
    self.output = self.inference()
    self.calculate_loss = self.add_loss_op(self.output)
    self.train_step = self.add_training_op(self.calculate_loss)

  def get_question_representation(self):
    questions = tf.nn.embedding_lookup(self.embeddings, self.question_placeholder)
    gru_cell = tf.nn.rnn_cell.GRUCell(self.config.hidden_size)
    _, q_vec = tf.nn.dynamic_rnn(gru_cell, questions, dtype=np.float32, sequence_length=self.question_len_placeholder)
    return q_vec

  def get_input_representation(self):
    inputs = tf.nn.embedding_lookup(self.embeddings, self.input_placeholder)
    inputs = tf.reduce_sum(inputs * self.encoding, 2)
    forward_gru_cell = tf.nn.rnn_cell.GRUCell(self.config.hidden_size)
    backward_gru_cell = tf.nn.rnn_cell.GRUCell(self.config.hidden_size)
    outputs, _ = tf.nn.bidirectional_dynamic_rnn(forward_gru_cell, backward_gru_cell, inputs, dtype=np.float32,
                                                 sequence_length=self.input_len_placeholder)
    fact_vecs = tf.reduce_sum(tf.stack(outputs), axis=0)
    fact_vecs = tf.nn.dropout(fact_vecs, self.dropout_placeholder)
    return fact_vecs

  def get_attention(self, q_vec, prev_memory, fact_vec, reuse):
    with tf.variable_scope("attention", reuse=reuse):
      features = [fact_vec * q_vec, fact_vec * prev_memory, tf.abs(fact_vec - q_vec), tf.abs(fact_vec - prev_memory)]
      feature_vec = tf.concat(features, 1)
      attention = contrib.layers.fully_connected(feature_vec, self.config.embed_size, activation_fn=tf.nn.tanh,
                                                 reuse=reuse, scope="fc1")
      attention = contrib.layers.fully_connected(attention, 1, activation_fn=None, reuse=reuse, scope="fc2")
    return attention

  def generate_episode(self, memory, q_vec, fact_vecs, hop_index):
    attentions = [tf.squeeze(self.get_attention(q_vec, memory, fv, bool(hop_index) or bool(i)), axis=1)
                  for i, fv in enumerate(tf.unstack(fact_vecs, axis=1))]
    attentions = tf.transpose(tf.stack(attentions))
    self.attentions.append(attentions)
    attentions = tf.nn.softmax(attentions)
    attentions = tf.expand_dims(attentions, axis=-1)
    reuse = True if hop_index > 0 else False
    gru_inputs = tf.concat([fact_vecs, attentions], 2)
    with tf.variable_scope('attention_gru', reuse=reuse):
      _, episode = tf.nn.dynamic_rnn(AttentionGRUCell(self.config.hidden_size), gru_inputs, dtype=np.float32,
                                     sequence_length=self.input_len_placeholder)
    return episode

  def add_answer_module(self, rnn_output, q_vec):
    rnn_output = tf.nn.dropout(rnn_output, self.dropout_placeholder)
    return tf.layers.dense(tf.concat([rnn_output, q_vec], 1), self.config.vocab_size, activation=None)

  def inference(self):
    with tf.variable_scope("question", initializer=contrib.layers.xavier_initializer()):
      q_vec = self.get_question_representation()
    with tf.variable_scope("input", initializer=contrib.layers.xavier_initializer()):
      fact_vecs = self.get_input_representation()
    with tf.variable_scope("memory", initializer=contrib.layers.xavier_initializer()):
      prev_memory = q_vec
      for i in range(self.config.num_hops):
        episode = self.generate_episode(prev_memory, q_vec, fact_vecs, i)
        with tf.variable_scope("hop_%d" % i):
          prev_memory = tf.layers.dense(tf.concat([prev_memory, episode, q_vec], 1), self.config.hidden_size,
                                        activation=tf.nn.relu)
      output = prev_memory
    with tf.variable_scope("answer", initializer=contrib.layers.xavier_initializer()):
      output = self.add_answer_module(output, q_vec)
    return output

  def add_loss_op(self, output):
    loss = tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits(logits=output, labels=self.answer_placeholder))
    for v in tf.trainable_variables():
      if not 'bias' in v.name.lower():
        loss += self.config.l2 * tf.nn.l2_loss(v)
    tf.summary.scalar('loss', loss)
    return loss

  def add_training_op(self, loss):
    opt = tf.train.AdamOptimizer(learning_rate=0.01)
    gvs = opt.compute_gradients(loss)
    gvs = [(tf.clip_by_norm(grad, self.config.max_grad_norm), var) for grad, var in gvs]
    return opt.apply_gradients(gvs)

model = DMN_PLUS(Config())
feed = {model.question_placeholder: [[1, 2, 0], [3, 4, 5]], model.question_len_placeholder: [2, 3],
        model.input_placeholder: [[[1, 5, 6, 0], [2, 7, 0, 0], [0, 0, 0, 0]], [[3, 8, 9, 1], [4, 4, 2, 0], [5, 6, 7, 8]]],
        model.input_len_placeholder: [2, 3], model.answer_placeholder: [6, 9], model.dropout_placeholder: 1.0}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(4):
  hist.append(sess.run([model.calculate_loss, model.train_step], feed)[0])
out["hist"] = L(hist)
# fc2's bias shifts every fact's score alike: its gradient is zero but for rounding, which
# Adam's normalized step magnifies; the softmax the episode reads does not see it.
out["attentions"] = LS(sess.run([tf.nn.softmax(a) for a in model.attentions], feed))
out["pred"] = L(sess.run(tf.argmax(model.output, 1), feed))
out["vars"] = [v.op.name for v in tf.trainable_variables()]
""",
}

SEQ2_PROGRAMS = {
    # Rayhane-mamah/Tacotron-2: the ZoneoutLSTMCell wrapping LSTMCell (eval-mode zoneout
    # mixing), location-sensitive attention written out (conv1d of cumulative alignments,
    # a masked energy), a prenet, frame and stop-token projections unrolled by hand, the
    # postnet of conv1d + batch norm, L2 over variables filtered by name, the decayed
    # learning rate clamped, clip_by_global_norm under UPDATE_OPS.
    "taco2_location_sensitive_zoneout_postnet": r"""
tf.set_random_seed(509)

class ZoneoutLSTMCell(tf.nn.rnn_cell.RNNCell):
  def __init__(self, num_units, is_training, zoneout_factor_cell=0., zoneout_factor_output=0.,
               state_is_tuple=True, name=None):
    self._cell = tf.nn.rnn_cell.LSTMCell(num_units, state_is_tuple=state_is_tuple, name=name)
    self._zoneout_cell = zoneout_factor_cell
    self._zoneout_outputs = zoneout_factor_output
    self.is_training = is_training
    self.state_is_tuple = state_is_tuple

  @property
  def state_size(self):
    return self._cell.state_size

  @property
  def output_size(self):
    return self._cell.output_size

  def __call__(self, inputs, state, scope=None):
    output, new_state = self._cell(inputs, state, scope)
    (prev_c, prev_h) = state
    (new_c, new_h) = new_state
    drop_c = tf.nn.dropout
    drop_h = tf.nn.dropout
    if self.is_training:
      c = (1 - self._zoneout_cell) * drop_c(new_c - prev_c, (1 - self._zoneout_cell)) + prev_c
      h = (1 - self._zoneout_outputs) * drop_h(new_h - prev_h, (1 - self._zoneout_outputs)) + prev_h
    else:
      c = (1 - self._zoneout_cell) * new_c + self._zoneout_cell * prev_c
      h = (1 - self._zoneout_outputs) * new_h + self._zoneout_outputs * prev_h
    new_state = tf.nn.rnn_cell.LSTMStateTuple(c, h)
    return output, new_state

def _location_sensitive_score(W_query, W_fil, W_keys):
  dtype = W_query.dtype
  num_units = W_keys.shape[-1].value or tf.shape(W_keys)[-1]
  v_a = tf.get_variable('attention_variable_projection', shape=[num_units], dtype=dtype,
                        initializer=contrib.layers.xavier_initializer())
  b_a = tf.get_variable('attention_bias', shape=[num_units], dtype=dtype, initializer=tf.zeros_initializer())
  return tf.reduce_sum(v_a * tf.tanh(W_keys + W_query + W_fil + b_a), [2])

class LocationSensitiveAttention(object):
  def __init__(self, num_units, memory, memory_sequence_length, filters=4, kernel_size=3, cumulate_weights=True):
    with tf.variable_scope("memory_layer"):
      self.keys = tf.layers.dense(memory, num_units, use_bias=False, name="memory_layer")
    self.memory = memory
    self.mask = tf.sequence_mask(memory_sequence_length, tf.shape(memory)[1])
    self.query_layer = tf.layers.Dense(num_units, use_bias=False, name="query_layer")
    self.location_convolution = tf.layers.Conv1D(filters=filters, kernel_size=kernel_size, padding='same',
                                                 use_bias=True, bias_initializer=tf.zeros_initializer(),
                                                 name='location_features_convolution')
    self.location_layer = tf.layers.Dense(units=num_units, use_bias=False, dtype=tf.float32,
                                          name='location_features_layer')
    self._cumulate = cumulate_weights

  def __call__(self, query, state):
    previous_alignments = state
    with tf.variable_scope(None, "Location_Sensitive_Attention", [query]):
      processed_query = self.query_layer(query) if self.query_layer else query
      processed_query = tf.expand_dims(processed_query, 1)
      expanded_alignments = tf.expand_dims(previous_alignments, axis=2)
      f = self.location_convolution(expanded_alignments)
      processed_location_features = self.location_layer(f)
      energy = _location_sensitive_score(processed_query, processed_location_features, self.keys)
    energy = tf.where(self.mask, energy, tf.fill(tf.shape(energy), -np.inf))
    alignments = tf.nn.softmax(energy)
    next_state = alignments + previous_alignments if self._cumulate else alignments
    return alignments, next_state

def prenet(x, is_training, layers_sizes=(6, 6), drop_rate=0.5, scope='prenet'):
  with tf.variable_scope(scope):
    for i, size in enumerate(layers_sizes):
      dense = tf.layers.dense(x, units=size, activation=tf.nn.relu, name='dense_{}'.format(i + 1))
      x = tf.layers.dropout(dense, rate=drop_rate, training=True, name='dropout_{}'.format(i + 1))
  return x

def conv1d(inputs, kernel_size, channels, activation, is_training, drop_rate, scope):
  with tf.variable_scope(scope):
    conv1d_output = tf.layers.conv1d(inputs, filters=channels, kernel_size=kernel_size, activation=None, padding='same')
    batched = tf.layers.batch_normalization(conv1d_output, training=is_training)
    activated = activation(batched)
    return tf.layers.dropout(activated, rate=drop_rate, training=is_training, name='dropout_{}'.format(scope))

batch, T_in, T_out, num_mels, enc_dim = 2, 5, 3, 4, 6
enc = tf.placeholder(tf.float32, [None, None, enc_dim])
enc_len = tf.placeholder(tf.int32, [None])
mel_targets = tf.placeholder(tf.float32, [None, T_out, num_mels])
stop_targets = tf.placeholder(tf.float32, [None, T_out])
is_training = True
with tf.variable_scope("inference"):
  with tf.variable_scope("decoder"):
    attention = LocationSensitiveAttention(5, enc, enc_len)
    cell = tf.nn.rnn_cell.MultiRNNCell([ZoneoutLSTMCell(6, False, zoneout_factor_cell=0.1, zoneout_factor_output=0.1,
                                                        name='decoder_LSTM_{}'.format(i + 1)) for i in range(2)],
                                       state_is_tuple=True)
    state = cell.zero_state(tf.shape(enc)[0], tf.float32)
    alignments_state = tf.one_hot(tf.zeros([tf.shape(enc)[0]], tf.int32), tf.shape(enc)[1])
    context = tf.zeros([tf.shape(enc)[0], enc_dim])
    prev_frame = tf.zeros([tf.shape(enc)[0], num_mels])
    frames, stops, alignments_hist = [], [], []
    for t in range(T_out):
      with tf.variable_scope("decoder_step", reuse=t > 0):
        prenet_out = prenet(prev_frame, is_training)
        lstm_input = tf.concat([prenet_out, context], axis=-1)
        lstm_output, state = cell(lstm_input, state)
        alignments, alignments_state = attention(lstm_output, alignments_state)
        context = tf.reduce_sum(tf.expand_dims(alignments, 2) * enc, 1)
        projections_input = tf.concat([lstm_output, context], axis=-1)
        cell_outputs = tf.layers.dense(projections_input, num_mels, name="linear_transform_projection")
        stop_tokens = tf.squeeze(tf.layers.dense(projections_input, 1, name="stop_token_projection"), axis=1)
      frames.append(cell_outputs)
      stops.append(stop_tokens)
      alignments_hist.append(alignments)
      prev_frame = mel_targets[:, t, :]
    decoder_output = tf.stack(frames, axis=1)
    stop_token_prediction = tf.stack(stops, axis=1)
  with tf.variable_scope("postnet_convolutions"):
    x = decoder_output
    for i in range(2):
      x = conv1d(x, 3, 5, tf.nn.tanh, is_training, 0.0, 'conv_layer_{}_'.format(i + 1) + 'postnet_convolutions')
    x = conv1d(x, 3, num_mels, lambda y: y, is_training, 0.0, 'conv_layer_{}_'.format(3) + 'postnet_convolutions')
  residual_projection = tf.layers.dense(x, num_mels, name='postnet_projection')
  mel_outputs = decoder_output + residual_projection
before = tf.losses.mean_squared_error(mel_targets, decoder_output)
after = tf.losses.mean_squared_error(mel_targets, mel_outputs)
stop_token_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=stop_targets, logits=stop_token_prediction))
all_vars = tf.trainable_variables()
regularization = tf.add_n([tf.nn.l2_loss(v) for v in all_vars
                           if not ('bias' in v.name or 'Bias' in v.name or '_projection' in v.name
                                   or 'inputs_embedding' in v.name or 'RNN' in v.name or 'LSTM' in v.name)]) * 1e-3
loss = before + after + stop_token_loss + regularization
global_step = tf.Variable(0, name='global_step', trainable=False)
with tf.variable_scope('optimizer'):
  lr = tf.train.exponential_decay(0.02, global_step - 1, 2, 0.5, name='lr_exponential_decay')
  learning_rate = tf.minimum(tf.maximum(lr, 0.005), 0.02)
  optimizer = tf.train.AdamOptimizer(learning_rate, 0.9, 0.999, 1e-6)
  gradients, variables = zip(*optimizer.compute_gradients(loss))
  clipped_gradients, _ = tf.clip_by_global_norm(gradients, 1.)
  with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
    optimize = optimizer.apply_gradients(zip(clipped_gradients, variables), global_step=global_step)
feed = {enc: rand(1, batch, T_in, enc_dim), enc_len: [5, 3], mel_targets: rand(2, batch, T_out, num_mels),
        stop_targets: [[0, 0, 1], [0, 1, 1]]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(3):
  hist.append(sess.run([loss, regularization, learning_rate, optimize], feed)[:3])
out["hist"] = LS(hist)
out["alignments"] = LS(sess.run(alignments_hist, feed))
out["regularized"] = [v.op.name for v in all_vars if not ('bias' in v.name or 'Bias' in v.name or '_projection' in v.name
                      or 'inputs_embedding' in v.name or 'RNN' in v.name or 'LSTM' in v.name)]
out["vars"] = [v.op.name for v in all_vars]
""",
    # ericjang/draw: read and write attention by Gaussian filterbanks, LSTM encoder and
    # decoder called step by step under variable scopes with DO_SHARE, the
    # reparameterized latent with a fixed draw, binary cross-entropy and the KL terms,
    # Adam(beta1=0.5) with clip_by_norm per gradient.
    "draw_filterbank_read_write_attention": r"""
tf.set_random_seed(510)
A, B = 6, 6
img_size = B * A
enc_size = dec_size = 8
read_n = write_n = 3
read_size = 2 * read_n * read_n
write_size = write_n * write_n
z_size, T, batch_size = 3, 3, 2
learning_rate, eps = 1e-2, 1e-8
DO_SHARE = None
x = tf.placeholder(tf.float32, shape=(batch_size, img_size))
e = tf.random_normal((batch_size, z_size), mean=0, stddev=1)
lstm_enc = tf.nn.rnn_cell.LSTMCell(enc_size, state_is_tuple=True)
lstm_dec = tf.nn.rnn_cell.LSTMCell(dec_size, state_is_tuple=True)

def linear(x, output_dim):
  w = tf.get_variable("w", [x.get_shape()[1], output_dim])
  b = tf.get_variable("b", [output_dim], initializer=tf.constant_initializer(0.0))
  return tf.matmul(x, w) + b

def filterbank(gx, gy, sigma2, delta, N):
  grid_i = tf.reshape(tf.cast(tf.range(N), tf.float32), [1, -1])
  mu_x = gx + (grid_i - N / 2 - 0.5) * delta
  mu_y = gy + (grid_i - N / 2 - 0.5) * delta
  a = tf.reshape(tf.cast(tf.range(A), tf.float32), [1, 1, -1])
  b = tf.reshape(tf.cast(tf.range(B), tf.float32), [1, 1, -1])
  mu_x = tf.reshape(mu_x, [-1, N, 1])
  mu_y = tf.reshape(mu_y, [-1, N, 1])
  sigma2 = tf.reshape(sigma2, [-1, 1, 1])
  Fx = tf.exp(-tf.square(a - mu_x) / (2 * sigma2))
  Fy = tf.exp(-tf.square(b - mu_y) / (2 * sigma2))
  Fx = Fx / tf.maximum(tf.reduce_sum(Fx, 2, keep_dims=True), eps)
  Fy = Fy / tf.maximum(tf.reduce_sum(Fy, 2, keep_dims=True), eps)
  return Fx, Fy

def attn_window(scope, h_dec, N):
  with tf.variable_scope(scope, reuse=DO_SHARE):
    params = linear(h_dec, 5)
  gx_, gy_, log_sigma2, log_delta, log_gamma = tf.split(params, 5, 1)
  gx = (A + 1) / 2 * (gx_ + 1)
  gy = (B + 1) / 2 * (gy_ + 1)
  sigma2 = tf.exp(log_sigma2)
  delta = (max(A, B) - 1) / (N - 1) * tf.exp(log_delta)
  return filterbank(gx, gy, sigma2, delta, N) + (tf.exp(log_gamma),)

def read_attn(x, x_hat, h_dec_prev):
  Fx, Fy, gamma = attn_window("read", h_dec_prev, read_n)
  def filter_img(img, Fx, Fy, gamma, N):
    Fxt = tf.transpose(Fx, perm=[0, 2, 1])
    img = tf.reshape(img, [-1, B, A])
    glimpse = tf.matmul(Fy, tf.matmul(img, Fxt))
    glimpse = tf.reshape(glimpse, [-1, N * N])
    return glimpse * tf.reshape(gamma, [-1, 1])
  x = filter_img(x, Fx, Fy, gamma, read_n)
  x_hat = filter_img(x_hat, Fx, Fy, gamma, read_n)
  return tf.concat([x, x_hat], 1)

def encode(state, input):
  with tf.variable_scope("encoder", reuse=DO_SHARE):
    return lstm_enc(input, state)

def sampleQ(h_enc):
  with tf.variable_scope("mu", reuse=DO_SHARE):
    mu = linear(h_enc, z_size)
  with tf.variable_scope("sigma", reuse=DO_SHARE):
    logsigma = linear(h_enc, z_size)
    sigma = tf.exp(logsigma)
  return (mu + sigma * e, mu, logsigma, sigma)

def decode(state, input):
  with tf.variable_scope("decoder", reuse=DO_SHARE):
    return lstm_dec(input, state)

def write_attn(h_dec):
  with tf.variable_scope("writeW", reuse=DO_SHARE):
    w = linear(h_dec, write_size)
  N = write_n
  w = tf.reshape(w, [batch_size, N, N])
  Fx, Fy, gamma = attn_window("write", h_dec, write_n)
  Fyt = tf.transpose(Fy, perm=[0, 2, 1])
  wr = tf.matmul(Fyt, tf.matmul(w, Fx))
  wr = tf.reshape(wr, [batch_size, B * A])
  return wr * tf.reshape(1.0 / gamma, [-1, 1])

cs = [0] * T
mus, logsigmas, sigmas = [0] * T, [0] * T, [0] * T
h_dec_prev = tf.zeros((batch_size, dec_size))
enc_state = lstm_enc.zero_state(batch_size, tf.float32)
dec_state = lstm_dec.zero_state(batch_size, tf.float32)
for t in range(T):
  c_prev = tf.zeros((batch_size, img_size)) if t == 0 else cs[t - 1]
  x_hat = x - tf.sigmoid(c_prev)
  r = read_attn(x, x_hat, h_dec_prev)
  h_enc, enc_state = encode(enc_state, tf.concat([r, h_dec_prev], 1))
  z, mus[t], logsigmas[t], sigmas[t] = sampleQ(h_enc)
  h_dec, dec_state = decode(dec_state, z)
  cs[t] = c_prev + write_attn(h_dec)
  h_dec_prev = h_dec
  DO_SHARE = True

def binary_crossentropy(t, o):
  return -(t * tf.log(o + eps) + (1.0 - t) * tf.log(1.0 - o + eps))

x_recons = tf.nn.sigmoid(cs[-1])
Lx = tf.reduce_sum(binary_crossentropy(x, x_recons), 1)
Lx = tf.reduce_mean(Lx)
kl_terms = [0] * T
for t in range(T):
  mu2 = tf.square(mus[t])
  sigma2 = tf.square(sigmas[t])
  logsigma = logsigmas[t]
  kl_terms[t] = 0.5 * tf.reduce_sum(mu2 + sigma2 - 2 * logsigma, 1) - .5
KL = tf.add_n(kl_terms)
Lz = tf.reduce_mean(KL)
cost = Lx + Lz
optimizer = tf.train.AdamOptimizer(learning_rate, beta1=0.5)
grads = optimizer.compute_gradients(cost)
for i, (g, v) in enumerate(grads):
  if g is not None:
    grads[i] = (tf.clip_by_norm(g, 5), v)
train_op = optimizer.apply_gradients(grads)
data = (np.abs(rand(3, batch_size, img_size)) > 0.7).astype(np.float32)
sess = tf.InteractiveSession()
tf.global_variables_initializer().run()
hist = []
for i in range(4):
  results = sess.run([Lx, Lz, train_op], {x: data})
  hist.append(results[:2])
out["hist"] = LS(hist)
canvases = sess.run(cs, {x: data})
out["canvas"] = L(np.array(canvases)[:, 0, :8])
out["vars"] = [v.op.name for v in tf.global_variables()]
sess.close()
""",
    # batzner/indrnn: the IndRNNCell (an RNNCell subclass that builds by add_variable,
    # clips its recurrent weights to |u| <= 2^(1/T) inside build), two layers in
    # MultiRNNCell over dynamic_rnn on the adding problem, a float global step made with
    # the zeros_initializer class, a staircase decay.
    "indrnn_adding_problem_recurrent_clip": r"""
tf.set_random_seed(511)

class IndRNNCell(tf.nn.rnn_cell.RNNCell):
  def __init__(self, num_units, recurrent_min_abs=0, recurrent_max_abs=None, recurrent_kernel_initializer=None,
               input_kernel_initializer=None, activation=None, reuse=None, name=None):
    super(IndRNNCell, self).__init__(_reuse=reuse, name=name)
    self._num_units = num_units
    self._recurrent_min_abs = recurrent_min_abs
    self._recurrent_max_abs = recurrent_max_abs
    self._recurrent_initializer = recurrent_kernel_initializer
    self._input_initializer = input_kernel_initializer
    self._activation = activation or tf.nn.relu

  @property
  def state_size(self):
    return self._num_units

  @property
  def output_size(self):
    return self._num_units

  def build(self, inputs_shape):
    if inputs_shape[1].value is None:
      raise ValueError("Expected inputs.shape[-1] to be known, saw shape: %s" % inputs_shape)
    input_depth = inputs_shape[1].value
    if self._input_initializer is None:
      self._input_initializer = tf.random_normal_initializer(mean=0.0, stddev=0.001)
    self._input_kernel = self.add_variable("input_kernel", shape=[input_depth, self._num_units],
                                           initializer=self._input_initializer)
    if self._recurrent_initializer is None:
      self._recurrent_initializer = tf.constant_initializer(1.)
    self._recurrent_kernel = self.add_variable("recurrent_kernel", shape=[self._num_units],
                                               initializer=self._recurrent_initializer)
    if self._recurrent_min_abs:
      abs_kernel = tf.abs(self._recurrent_kernel)
      min_abs_kernel = tf.maximum(abs_kernel, self._recurrent_min_abs)
      self._recurrent_kernel = tf.multiply(tf.sign(self._recurrent_kernel), min_abs_kernel)
    if self._recurrent_max_abs:
      self._recurrent_kernel = tf.clip_by_value(self._recurrent_kernel, -self._recurrent_max_abs,
                                                self._recurrent_max_abs)
    self._bias = self.add_variable("bias", shape=[self._num_units], initializer=tf.zeros_initializer(dtype=self.dtype))
    self.built = True

  def call(self, inputs, state):
    gate_inputs = tf.matmul(inputs, self._input_kernel)
    recurrent_update = tf.multiply(state, self._recurrent_kernel)
    gate_inputs = tf.add(gate_inputs, recurrent_update)
    gate_inputs = tf.nn.bias_add(gate_inputs, self._bias)
    output = self._activation(gate_inputs)
    return output, output

TIME_STEPS, NUM_UNITS, BATCH_SIZE = 6, 5, 4
RECURRENT_MAX = pow(2, 1 / TIME_STEPS)

def get_batch(rng):
  add_values = rng.rand(BATCH_SIZE, TIME_STEPS)
  add_indices = np.zeros_like(add_values)
  half = int(TIME_STEPS / 2)
  for i in range(BATCH_SIZE):
    first_half = rng.randint(half)
    second_half = rng.randint(half, TIME_STEPS)
    add_indices[i, [first_half, second_half]] = 1
  inputs = np.dstack((add_values, add_indices))
  targets = np.sum(np.multiply(add_values, add_indices), axis=1)
  return inputs, targets

inputs_ph = tf.placeholder(tf.float32, shape=(None, TIME_STEPS, 2))
targets_ph = tf.placeholder(tf.float32, shape=None)
first_input_init = tf.random_uniform_initializer(-RECURRENT_MAX, RECURRENT_MAX)
first_layer = IndRNNCell(NUM_UNITS, recurrent_max_abs=RECURRENT_MAX, recurrent_kernel_initializer=first_input_init)
second_layer = IndRNNCell(NUM_UNITS, recurrent_max_abs=RECURRENT_MAX, recurrent_min_abs=0.5)
cell = tf.nn.rnn_cell.MultiRNNCell([first_layer, second_layer])
output, state = tf.nn.dynamic_rnn(cell, inputs_ph, dtype=tf.float32)
last = output[:, -1, :]
weight = tf.get_variable("softmax_weight", shape=[NUM_UNITS, 1])
bias = tf.get_variable("softmax_bias", shape=[1], initializer=tf.constant_initializer(0.1))
prediction = tf.squeeze(tf.matmul(last, weight) + bias)
loss_op = tf.losses.mean_squared_error(tf.squeeze(targets_ph), prediction)
global_step = tf.get_variable("global_step", shape=[], trainable=False, initializer=tf.zeros_initializer)
learning_rate = tf.train.exponential_decay(0.02, global_step, 2, 0.1, staircase=True)
optimizer = tf.train.AdamOptimizer(learning_rate)
optimize = optimizer.minimize(loss_op, global_step=global_step)
rng = np.random.RandomState(11)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(4):
  inp, tgt = get_batch(rng)
  hist.append(sess.run([loss_op, learning_rate, optimize], {inputs_ph: inp, targets_ph: tgt})[:2])
out["hist"] = LS(hist)
out["kernels"] = LS(sess.run([v for v in tf.trainable_variables() if "recurrent_kernel" in v.name]))
out["step"] = L(sess.run(global_step))
out["vars"] = [(v.op.name, v.dtype.name) for v in tf.global_variables()]
""",
    # melodyguan/enas (general_controller.py): the controller's hand-written stacked
    # LSTM under a scope-wide random_uniform initializer, branch and skip decisions drawn
    # by tf.multinomial, log-probs, entropies and the skip KL penalty, the baseline moved
    # by assign_sub before the REINFORCE loss reads it, get_train_ops' global norm over a
    # sparse gradient and a staircase decay of max(step - start, 0).
    "enas_controller_multinomial_reinforce": r"""
tf.set_random_seed(512)

def lstm(x, prev_c, prev_h, w):
  ifog = tf.matmul(tf.concat([x, prev_h], axis=1), w)
  i, f, o, g = tf.split(ifog, 4, axis=1)
  i = tf.sigmoid(i)
  f = tf.sigmoid(f)
  o = tf.sigmoid(o)
  g = tf.tanh(g)
  next_c = i * g + f * prev_c
  next_h = o * tf.tanh(next_c)
  return next_c, next_h

def stack_lstm(x, prev_c, prev_h, w):
  next_c, next_h = [], []
  for layer_id, (_c, _h, _w) in enumerate(zip(prev_c, prev_h, w)):
    inputs = x if layer_id == 0 else next_h[-1]
    curr_c, curr_h = lstm(inputs, _c, _h, _w)
    next_c.append(curr_c)
    next_h.append(curr_h)
  return next_c, next_h

class GeneralController(object):
  def __init__(self, num_branches=4, num_layers=4, lstm_size=6, lstm_num_layers=2, tanh_constant=1.5,
               temperature=None, skip_target=0.4, skip_weight=0.8, entropy_weight=1e-4, bl_dec=0.9,
               lr_init=0.05, name="controller"):
    self.num_branches, self.num_layers = num_branches, num_layers
    self.lstm_size, self.lstm_num_layers = lstm_size, lstm_num_layers
    self.tanh_constant, self.temperature = tanh_constant, temperature
    self.skip_target, self.skip_weight = skip_target, skip_weight
    self.entropy_weight, self.bl_dec, self.lr_init, self.name = entropy_weight, bl_dec, lr_init, name
    self._create_params()
    self._build_sampler()

  def _create_params(self):
    initializer = tf.random_uniform_initializer(minval=-0.1, maxval=0.1)
    with tf.variable_scope(self.name, initializer=initializer):
      with tf.variable_scope("lstm"):
        self.w_lstm = []
        for layer_id in range(self.lstm_num_layers):
          with tf.variable_scope("layer_{}".format(layer_id)):
            w = tf.get_variable("w", [2 * self.lstm_size, 4 * self.lstm_size])
            self.w_lstm.append(w)
      self.g_emb = tf.get_variable("g_emb", [1, self.lstm_size])
      with tf.variable_scope("emb"):
        self.w_emb = tf.get_variable("w", [self.num_branches, self.lstm_size])
      with tf.variable_scope("softmax"):
        self.w_soft = tf.get_variable("w", [self.lstm_size, self.num_branches])
      with tf.variable_scope("attention"):
        self.w_attn_1 = tf.get_variable("w_1", [self.lstm_size, self.lstm_size])
        self.w_attn_2 = tf.get_variable("w_2", [self.lstm_size, self.lstm_size])
        self.v_attn = tf.get_variable("v", [self.lstm_size, 1])

  def _build_sampler(self):
    anchors, anchors_w_1, arc_seq = [], [], []
    entropys, log_probs, skip_count, skip_penaltys = [], [], [], []
    prev_c = [tf.zeros([1, self.lstm_size], tf.float32) for _ in range(self.lstm_num_layers)]
    prev_h = [tf.zeros([1, self.lstm_size], tf.float32) for _ in range(self.lstm_num_layers)]
    inputs = self.g_emb
    skip_targets = tf.constant([1.0 - self.skip_target, self.skip_target], dtype=tf.float32)
    for layer_id in range(self.num_layers):
      next_c, next_h = stack_lstm(inputs, prev_c, prev_h, self.w_lstm)
      prev_c, prev_h = next_c, next_h
      logit = tf.matmul(next_h[-1], self.w_soft)
      if self.temperature is not None:
        logit /= self.temperature
      if self.tanh_constant is not None:
        logit = self.tanh_constant * tf.tanh(logit)
      branch_id = tf.multinomial(logit, 1)
      branch_id = tf.to_int32(branch_id)
      branch_id = tf.reshape(branch_id, [1])
      arc_seq.append(branch_id)
      log_prob = tf.nn.sparse_softmax_cross_entropy_with_logits(logits=logit, labels=branch_id)
      log_probs.append(log_prob)
      entropy = tf.stop_gradient(log_prob * tf.exp(-log_prob))
      entropys.append(entropy)
      inputs = tf.nn.embedding_lookup(self.w_emb, branch_id)
      next_c, next_h = stack_lstm(inputs, prev_c, prev_h, self.w_lstm)
      prev_c, prev_h = next_c, next_h
      if layer_id > 0:
        query = tf.concat(anchors_w_1, axis=0)
        query = tf.tanh(query + tf.matmul(next_h[-1], self.w_attn_2))
        query = tf.matmul(query, self.v_attn)
        logit = tf.concat([-query, query], axis=1)
        if self.temperature is not None:
          logit /= self.temperature
        if self.tanh_constant is not None:
          logit = self.tanh_constant * tf.tanh(logit)
        skip = tf.multinomial(logit, 1)
        skip = tf.to_int32(skip)
        skip = tf.reshape(skip, [layer_id])
        arc_seq.append(skip)
        skip_prob = tf.sigmoid(logit)
        kl = skip_prob * tf.log(skip_prob / skip_targets)
        kl = tf.reduce_sum(kl)
        skip_penaltys.append(kl)
        log_prob = tf.nn.sparse_softmax_cross_entropy_with_logits(logits=logit, labels=skip)
        log_probs.append(tf.reduce_sum(log_prob, keep_dims=True))
        entropy = tf.stop_gradient(tf.reduce_sum(log_prob * tf.exp(-log_prob), keep_dims=True))
        entropys.append(entropy)
        skip = tf.to_float(skip)
        skip = tf.reshape(skip, [1, layer_id])
        skip_count.append(tf.reduce_sum(skip))
        inputs = tf.matmul(skip, tf.concat(anchors, axis=0))
        inputs /= (1.0 + tf.reduce_sum(skip))
      else:
        inputs = self.g_emb
      anchors.append(next_h[-1])
      anchors_w_1.append(tf.matmul(next_h[-1], self.w_attn_1))
    arc_seq = tf.concat(arc_seq, axis=0)
    self.sample_arc = tf.reshape(arc_seq, [-1])
    entropys = tf.stack(entropys)
    self.sample_entropy = tf.reduce_sum(entropys)
    log_probs = tf.stack(log_probs)
    self.sample_log_probs = tf.reduce_sum(log_probs)
    skip_count = tf.stack(skip_count)
    self.skip_count = tf.reduce_sum(skip_count)
    skip_penaltys = tf.stack(skip_penaltys)
    self.skip_penaltys = tf.reduce_mean(skip_penaltys)

  def build_trainer(self, valid_acc):
    self.valid_acc = valid_acc
    self.reward = self.valid_acc
    if self.entropy_weight is not None:
      self.reward += self.entropy_weight * self.sample_entropy
    self.sample_log_probs = tf.reduce_sum(self.sample_log_probs)
    self.baseline = tf.Variable(0.0, dtype=tf.float32, trainable=False)
    baseline_update = tf.assign_sub(self.baseline, (1 - self.bl_dec) * (self.baseline - self.reward))
    with tf.control_dependencies([baseline_update]):
      self.reward = tf.identity(self.reward)
    self.loss = self.sample_log_probs * (self.reward - self.baseline)
    if self.skip_weight is not None:
      self.loss += self.skip_weight * self.skip_penaltys
    self.train_step = tf.Variable(0, dtype=tf.int32, trainable=False, name="train_step")
    tf_variables = [var for var in tf.trainable_variables() if var.name.startswith(self.name)]
    grads = tf.gradients(self.loss, tf_variables)
    self.grad_norm = tf.global_norm(grads)
    self.grad_norms = {}
    for v, g in zip(tf_variables, grads):
      if v is None or g is None:
        continue
      if isinstance(g, tf.IndexedSlices):
        self.grad_norms[v.name] = tf.sqrt(tf.reduce_sum(g.values ** 2))
      else:
        self.grad_norms[v.name] = tf.sqrt(tf.reduce_sum(g ** 2))
    self.lr = tf.train.exponential_decay(self.lr_init, tf.maximum(self.train_step - 1, 0), 2, 0.5, staircase=True)
    opt = tf.train.AdamOptimizer(self.lr, beta1=0.0, epsilon=1e-3, use_locking=True)
    self.train_op = opt.apply_gradients(zip(grads, tf_variables), global_step=self.train_step)

controller = GeneralController()
valid_acc = tf.placeholder(tf.float32, [])
controller.build_trainer(valid_acc)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for acc in [0.3, 0.5, 0.4, 0.6]:
  got = sess.run([controller.loss, controller.sample_arc, controller.sample_entropy, controller.skip_count,
                  controller.skip_penaltys, controller.grad_norm, controller.grad_norms, controller.lr,
                  controller.train_op], {valid_acc: acc})
  hist.append(got[:8])
  hist[-1].append(sess.run(controller.baseline))
out["hist"] = LS(hist)
out["sampled"] = LS([sess.run(controller.sample_arc) for _ in range(3)])
out["vars"] = [v.op.name for v in tf.global_variables()]
""",
}

# charlesq34/pointnet's utils/tf_util.py, which WangYueFt's dgcnn copies (re-typed).
TF_UTIL = r"""
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
    ema_apply_op = tf.cond(is_training, lambda: ema.apply([batch_mean, batch_var]), lambda: tf.no_op())
    def mean_var_with_update():
      with tf.control_dependencies([ema_apply_op]):
        return tf.identity(batch_mean), tf.identity(batch_var)
    mean, var = tf.cond(is_training, mean_var_with_update,
                        lambda: (ema.average(batch_mean), ema.average(batch_var)))
    normed = tf.nn.batch_normalization(inputs, mean, var, beta, gamma, 1e-3)
  return normed

def conv2d(inputs, num_output_channels, kernel_size, scope, stride=[1, 1], padding='SAME', use_xavier=True,
           stddev=1e-3, weight_decay=0.0, activation_fn=tf.nn.relu, bn=False, bn_decay=None, is_training=None):
  with tf.variable_scope(scope) as sc:
    kernel_h, kernel_w = kernel_size
    num_in_channels = inputs.get_shape()[-1].value
    kernel_shape = [kernel_h, kernel_w, num_in_channels, num_output_channels]
    kernel = _variable_with_weight_decay('weights', shape=kernel_shape, use_xavier=use_xavier, stddev=stddev,
                                         wd=weight_decay)
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
    weights = _variable_with_weight_decay('weights', shape=[num_input_units, num_outputs], use_xavier=use_xavier,
                                          stddev=stddev, wd=weight_decay)
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
    outputs = tf.nn.max_pool(inputs, ksize=[1, kernel_h, kernel_w, 1], strides=[1, stride_h, stride_w, 1],
                             padding=padding, name=sc.name)
    return outputs

def dropout(inputs, is_training, scope, keep_prob=0.5, noise_shape=None):
  with tf.variable_scope(scope) as sc:
    outputs = tf.cond(is_training, lambda: tf.nn.dropout(inputs, keep_prob, noise_shape), lambda: inputs)
    return outputs
"""

POINT_PROGRAMS = {
    # charlesq34/pointnet (models/pointnet_cls.py, transform_nets.py): the input T-net
    # whose last layer starts at zeros plus the identity's flattened biases, point
    # features by [1, 3] then [1, 1] convolutions, a max pool over the points, the
    # feature transform's orthogonality loss; tf_util's batch norm applies its
    # ExponentialMovingAverage (decay a tensor) inside a cond on an is_training
    # placeholder; the staircase batch-norm momentum; a dropout only while training.
    "pointnet_tnet_cond_ema_batch_norm": TF_UTIL
    + r"""
tf.set_random_seed(513)
BATCH_SIZE, NUM_POINT = 4, 8

def get_bn_decay(batch):
  bn_momentum = tf.train.exponential_decay(0.5, batch * BATCH_SIZE, 4, 0.5, staircase=True)
  bn_decay = tf.minimum(0.99, 1 - bn_momentum)
  return bn_decay

def input_transform_net(point_cloud, is_training, bn_decay=None, K=3):
  batch_size = point_cloud.get_shape()[0].value
  num_point = point_cloud.get_shape()[1].value
  input_image = tf.expand_dims(point_cloud, -1)
  net = conv2d(input_image, 4, [1, 3], padding='VALID', stride=[1, 1], bn=True, is_training=is_training,
               scope='tconv1', bn_decay=bn_decay)
  net = conv2d(net, 8, [1, 1], padding='VALID', stride=[1, 1], bn=True, is_training=is_training,
               scope='tconv2', bn_decay=bn_decay)
  net = max_pool2d(net, [num_point, 1], padding='VALID', scope='tmaxpool')
  net = tf.reshape(net, [batch_size, -1])
  net = fully_connected(net, 6, bn=True, is_training=is_training, scope='tfc1', bn_decay=bn_decay)
  with tf.variable_scope('transform_XYZ') as sc:
    assert(K == 3)
    weights = tf.get_variable('weights', [6, 3 * K], initializer=tf.constant_initializer(0.0), dtype=tf.float32)
    biases = tf.get_variable('biases', [3 * K], initializer=tf.constant_initializer(0.0), dtype=tf.float32)
    biases += tf.constant([1, 0, 0, 0, 1, 0, 0, 0, 1], dtype=tf.float32)
    transform = tf.matmul(net, weights)
    transform = tf.nn.bias_add(transform, biases)
  transform = tf.reshape(transform, [batch_size, 3, K])
  return transform

def feature_transform_net(inputs, is_training, bn_decay=None, K=4):
  batch_size = inputs.get_shape()[0].value
  num_point = inputs.get_shape()[1].value
  net = conv2d(inputs, 8, [1, 1], padding='VALID', stride=[1, 1], bn=True, is_training=is_training,
               scope='tconv1', bn_decay=bn_decay)
  net = max_pool2d(net, [num_point, 1], padding='VALID', scope='tmaxpool')
  net = tf.reshape(net, [batch_size, -1])
  net = fully_connected(net, 6, bn=True, is_training=is_training, scope='tfc1', bn_decay=bn_decay)
  with tf.variable_scope('transform_feat') as sc:
    weights = tf.get_variable('weights', [6, K * K], initializer=tf.constant_initializer(0.0), dtype=tf.float32)
    biases = tf.get_variable('biases', [K * K], initializer=tf.constant_initializer(0.0), dtype=tf.float32)
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
  net = conv2d(input_image, 4, [1, 3], padding='VALID', stride=[1, 1], bn=True, is_training=is_training,
               scope='conv1', bn_decay=bn_decay)
  with tf.variable_scope('transform_net2') as sc:
    transform = feature_transform_net(net, is_training, bn_decay, K=4)
  end_points['transform'] = transform
  net_transformed = tf.matmul(tf.squeeze(net, axis=[2]), transform)
  net_transformed = tf.expand_dims(net_transformed, [2])
  net = conv2d(net_transformed, 8, [1, 1], padding='VALID', stride=[1, 1], bn=True, is_training=is_training,
               scope='conv2', bn_decay=bn_decay)
  net = max_pool2d(net, [num_point, 1], padding='VALID', scope='maxpool')
  net = tf.reshape(net, [batch_size, -1])
  net = fully_connected(net, 6, bn=True, is_training=is_training, scope='fc1', bn_decay=bn_decay)
  net = dropout(net, keep_prob=0.7, is_training=is_training, scope='dp1')
  net = fully_connected(net, 3, activation_fn=None, scope='fc3')
  return net, end_points

def get_loss(pred, label, end_points, reg_weight=0.001):
  loss = tf.nn.sparse_softmax_cross_entropy_with_logits(logits=pred, labels=label)
  classify_loss = tf.reduce_mean(loss)
  transform = end_points['transform']
  K = transform.get_shape()[1].value
  mat_diff = tf.matmul(transform, tf.transpose(transform, perm=[0, 2, 1]))
  mat_diff -= tf.constant(np.eye(K), dtype=tf.float32)
  mat_diff_loss = tf.nn.l2_loss(mat_diff)
  return classify_loss + mat_diff_loss * reg_weight

pointclouds_pl = tf.placeholder(tf.float32, shape=(BATCH_SIZE, NUM_POINT, 3))
labels_pl = tf.placeholder(tf.int32, shape=(BATCH_SIZE))
is_training_pl = tf.placeholder(tf.bool, shape=())
batch = tf.Variable(0)
bn_decay = get_bn_decay(batch)
pred, end_points = get_model(pointclouds_pl, is_training_pl, bn_decay=bn_decay)
loss = get_loss(pred, labels_pl, end_points)
correct = tf.equal(tf.argmax(pred, 1), tf.to_int64(labels_pl))
accuracy = tf.reduce_sum(tf.cast(correct, tf.float32)) / float(BATCH_SIZE)
learning_rate = tf.train.exponential_decay(0.01, batch * BATCH_SIZE, 4, 0.7, staircase=True)
learning_rate = tf.maximum(learning_rate, 0.00001)
# train.py's --optimizer momentum: the conv biases before batch norm have gradients that
# are zero but for rounding, which Adam's normalized steps would blow up to lr-sized moves;
# the eval branch's moving averages see the biases, so they would carry that noise.
optimizer = tf.train.MomentumOptimizer(learning_rate, momentum=0.9)
train_op = optimizer.minimize(loss, global_step=batch)
clouds = rand(4, 3, BATCH_SIZE, NUM_POINT, 3)
labels = [[0, 2, 1, 1], [1, 1, 0, 2], [2, 0, 0, 1]]
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for i in range(3):
  hist.append(sess.run([loss, bn_decay, accuracy, train_op],
                       {pointclouds_pl: clouds[i], labels_pl: labels[i], is_training_pl: True})[:3])
out["hist"] = LS(hist)
out["eval"] = LS(sess.run([loss, pred], {pointclouds_pl: clouds[0], labels_pl: labels[0], is_training_pl: False}))
averages = [v for v in tf.global_variables() if "ExponentialMovingAverage" in v.op.name]
out["averages"] = [v.op.name for v in averages]
out["average_values"] = LS(sess.run(averages[:4]))
out["losses"] = [t.op.name for t in tf.get_collection('losses')]
out["trainable"] = [v.op.name for v in tf.trainable_variables()]
""",
    # WangYueFt/dgcnn (tensorflow/models/dgcnn.py over tf_util's pairwise_distance, knn
    # by top_k of the negated distances, get_edge_feature by gather on flattened
    # points): two EdgeConv layers (the second's graph recomputed from features), a
    # max over neighbours and points, label smoothing in softmax_cross_entropy.
    "dgcnn_knn_edge_conv_label_smoothing": TF_UTIL
    + r"""
tf.set_random_seed(514)

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

def get_model(point_cloud, is_training, bn_decay=None, k=3):
  batch_size = point_cloud.get_shape()[0].value
  end_points = {}
  adj_matrix = pairwise_distance(point_cloud)
  nn_idx = knn(adj_matrix, k=k)
  end_points["nn_idx"] = nn_idx
  edge_feature = get_edge_feature(point_cloud, nn_idx=nn_idx, k=k)
  net = conv2d(edge_feature, 6, [1, 1], padding='VALID', stride=[1, 1], bn=True, is_training=is_training,
               scope='dgcnn1', bn_decay=bn_decay)
  net = tf.reduce_max(net, axis=-2, keep_dims=True)
  net1 = net
  adj_matrix = pairwise_distance(net)
  nn_idx = knn(adj_matrix, k=k)
  edge_feature = get_edge_feature(net, nn_idx=nn_idx, k=k)
  net = conv2d(edge_feature, 6, [1, 1], padding='VALID', stride=[1, 1], bn=True, is_training=is_training,
               scope='dgcnn2', bn_decay=bn_decay)
  net = tf.reduce_max(net, axis=-2, keep_dims=True)
  net2 = net
  net = conv2d(tf.concat([net1, net2], axis=-1), 8, [1, 1], padding='VALID', stride=[1, 1], bn=True,
               is_training=is_training, scope='agg', bn_decay=bn_decay)
  net = tf.reduce_max(net, axis=1, keep_dims=True)
  net = tf.reshape(net, [batch_size, -1])
  net = fully_connected(net, 6, bn=True, is_training=is_training, scope='fc1', bn_decay=bn_decay)
  net = fully_connected(net, 4, activation_fn=None, scope='fc3')
  return net, end_points

def get_loss(pred, label, end_points):
  labels = tf.one_hot(indices=label, depth=4)
  loss = tf.losses.softmax_cross_entropy(onehot_labels=labels, logits=pred, label_smoothing=0.2)
  classify_loss = tf.reduce_mean(loss)
  return classify_loss

pts = tf.placeholder(tf.float32, shape=(4, 7, 3))
lab = tf.placeholder(tf.int32, shape=(4,))
is_training_pl = tf.placeholder(tf.bool, shape=())
pred, end_points = get_model(pts, is_training_pl, bn_decay=0.9)
loss = get_loss(pred, lab, end_points)
train_op = tf.train.MomentumOptimizer(0.01, momentum=0.9).minimize(loss)  # as pointnet's
clouds = rand(5, 4, 7, 3)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
out["nn_idx"] = L(sess.run(end_points["nn_idx"], {pts: clouds}))
hist = []
for _ in range(3):
  hist.append(sess.run([loss, train_op], {pts: clouds, lab: [1, 3, 0, 2], is_training_pl: True})[0])
out["hist"] = L(hist)
out["eval_pred"] = L(sess.run(pred, {pts: clouds, is_training_pl: False}))
""",
}

META_PROGRAMS = {
    # abdulfatir/prototypical-networks-tensorflow: episodes shaped by placeholders of
    # unknown class and shot counts, the encoder's conv blocks with contrib batch_norm
    # (updates_collections=None) reused for the queries, prototypes by reduce_mean,
    # euclidean distances by tile, one_hot of a run-time depth.
    "protonet_episodes_runtime_depth": r"""
tf.set_random_seed(515)

def conv_block(inputs, out_channels, name='conv'):
  with tf.variable_scope(name):
    conv = tf.layers.conv2d(inputs, out_channels, kernel_size=3, padding='SAME')
    conv = contrib.layers.batch_norm(conv, updates_collections=None, decay=0.99, scale=True, center=True)
    conv = tf.nn.relu(conv)
    conv = contrib.layers.max_pool2d(conv, 2)
    return conv

def encoder(x, h_dim, z_dim, reuse=False):
  with tf.variable_scope('encoder', reuse=reuse):
    net = conv_block(x, h_dim, name='conv_1')
    net = conv_block(net, z_dim, name='conv_2')
    net = contrib.layers.flatten(net)
    return net

def euclidean_distance(a, b):
  N, D = tf.shape(a)[0], tf.shape(a)[1]
  M = tf.shape(b)[0]
  a = tf.tile(tf.expand_dims(a, axis=1), (1, M, 1))
  b = tf.tile(tf.expand_dims(b, axis=0), (N, 1, 1))
  return tf.reduce_mean(tf.square(a - b), axis=2)

im_width, im_height, channels, h_dim, z_dim = 8, 8, 1, 4, 4
x = tf.placeholder(tf.float32, [None, None, im_height, im_width, channels])
q = tf.placeholder(tf.float32, [None, None, im_height, im_width, channels])
x_shape = tf.shape(x)
q_shape = tf.shape(q)
num_classes, num_support = x_shape[0], x_shape[1]
num_queries = q_shape[1]
y = tf.placeholder(tf.int64, [None, None])
y_one_hot = tf.one_hot(y, depth=num_classes)
emb_x = encoder(tf.reshape(x, [num_classes * num_support, im_height, im_width, channels]), h_dim, z_dim)
emb_dim = tf.shape(emb_x)[-1]
emb_x = tf.reduce_mean(tf.reshape(emb_x, [num_classes, num_support, emb_dim]), axis=1)
emb_q = encoder(tf.reshape(q, [num_classes * num_queries, im_height, im_width, channels]), h_dim, z_dim, reuse=True)
dists = euclidean_distance(emb_q, emb_x)
log_p_y = tf.reshape(tf.nn.log_softmax(-dists), [num_classes, num_queries, -1])
ce_loss = -tf.reduce_mean(tf.reshape(tf.reduce_sum(tf.multiply(y_one_hot, log_p_y), axis=-1), [-1]))
acc = tf.reduce_mean(tf.to_float(tf.equal(tf.argmax(log_p_y, axis=-1), y)))
train_op = tf.train.AdamOptimizer().minimize(ce_loss)
out["shapes"] = [str(t.shape) for t in (y_one_hot, emb_x, dists, log_p_y)]
sess = tf.InteractiveSession()
init_op = tf.global_variables_initializer()
sess.run(init_op)
rng = np.random.RandomState(15)
base = rng.rand(5, im_height, im_width, channels).astype(np.float32)
hist = []
for ep in range(4):
  n_way, n_shot, n_query = (3, 2, 2) if ep % 2 == 0 else (2, 3, 1)
  classes = rng.permutation(5)[:n_way]
  support = np.stack([[base[c] + 0.1 * rng.randn(im_height, im_width, channels) for _ in range(n_shot)] for c in classes])
  query = np.stack([[base[c] + 0.1 * rng.randn(im_height, im_width, channels) for _ in range(n_query)] for c in classes])
  labels = np.tile(np.arange(n_way)[:, np.newaxis], (1, n_query)).astype(np.uint8)
  _, ls, ac = sess.run([train_op, ce_loss, acc], feed_dict={x: support, q: query, y: labels})
  hist.append([ls, ac])
out["hist"] = LS(hist)
# Not the moving statistics: the support and the query passes update them in place
# (updates_collections=None) with no order between the two, which TF's executor chooses.
out["vars"] = [v.op.name for v in tf.global_variables()]
sess.close()
""",
    # openai/supervised-reptile: VariableState's placeholders and assign group to export
    # and import variables, a model whose minimize takes a per-example loss vector (Adam
    # with beta1=0), inner loops of sess.run, the meta step interpolating the weights;
    # evaluation on the full state (Adam's slots and powers included) restored after.
    "reptile_variable_state_interpolation": r"""
tf.set_random_seed(516)
from functools import partial

class VariableState:
  def __init__(self, session, variables):
    self._session = session
    self._variables = variables
    self._placeholders = [tf.placeholder(v.dtype.base_dtype, shape=v.get_shape()) for v in variables]
    assigns = [tf.assign(v, p) for v, p in zip(self._variables, self._placeholders)]
    self._assign_op = tf.group(*assigns)

  def export_variables(self):
    return self._session.run(self._variables)

  def import_variables(self, values):
    self._session.run(self._assign_op, feed_dict=dict(zip(self._placeholders, values)))

def interpolate_vars(old_vars, new_vars, epsilon):
  return add_vars(old_vars, scale_vars(subtract_vars(new_vars, old_vars), epsilon))

def average_vars(var_seqs):
  res = []
  for variables in zip(*var_seqs):
    res.append(np.mean(variables, axis=0))
  return res

def subtract_vars(var_seq_1, var_seq_2):
  return [v1 - v2 for v1, v2 in zip(var_seq_1, var_seq_2)]

def add_vars(var_seq_1, var_seq_2):
  return [v1 + v2 for v1, v2 in zip(var_seq_1, var_seq_2)]

def scale_vars(var_seq, scale):
  return [v * scale for v in var_seq]

DEFAULT_OPTIMIZER = partial(tf.train.AdamOptimizer, beta1=0)

class OmniglotModel:
  def __init__(self, num_classes, optimizer=DEFAULT_OPTIMIZER, **optim_kwargs):
    self.input_ph = tf.placeholder(tf.float32, shape=(None, 8, 8))
    out_ = tf.reshape(self.input_ph, (-1, 8, 8, 1))
    for _ in range(2):
      out_ = tf.layers.conv2d(out_, 4, 3, strides=2, padding='same')
      out_ = tf.layers.batch_normalization(out_, training=True)
      out_ = tf.nn.relu(out_)
    out_ = tf.reshape(out_, (-1, int(np.prod(out_.get_shape()[1:]))))
    self.logits = tf.layers.dense(out_, num_classes)
    self.label_ph = tf.placeholder(tf.int32, shape=(None,))
    self.loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=self.label_ph, logits=self.logits)
    self.predictions = tf.argmax(self.logits, axis=-1)
    self.minimize_op = optimizer(**optim_kwargs).minimize(self.loss)

class Reptile:
  def __init__(self, session, variables=None):
    self.session = session
    self._model_state = VariableState(self.session, variables or tf.trainable_variables())
    self._full_state = VariableState(self.session, tf.global_variables())

  def train_step(self, dataset, input_ph, label_ph, minimize_op, inner_iters, meta_step_size, meta_batch_size, rng):
    old_vars = self._model_state.export_variables()
    new_vars = []
    for _ in range(meta_batch_size):
      mini = [dataset[i] for i in rng.permutation(len(dataset))[:6]]
      for it in range(inner_iters):
        batch = mini[it * 3:(it + 1) * 3]
        inputs, labels = zip(*batch)
        self.session.run(minimize_op, feed_dict={input_ph: inputs, label_ph: labels})
      new_vars.append(self._model_state.export_variables())
      self._model_state.import_variables(old_vars)
    new_vars = average_vars(new_vars)
    self._model_state.import_variables(interpolate_vars(old_vars, new_vars, meta_step_size))

  def evaluate(self, train_set, test_set, input_ph, label_ph, minimize_op, predictions):
    old_vars = self._full_state.export_variables()
    inputs, labels = zip(*train_set)
    self.session.run(minimize_op, feed_dict={input_ph: inputs, label_ph: labels})
    test_preds = self.session.run(predictions, feed_dict={input_ph: [s[0] for s in test_set]})
    num_correct = sum([pred == sample[1] for pred, sample in zip(test_preds, test_set)])
    self._full_state.import_variables(old_vars)
    return int(num_correct), test_preds

model = OmniglotModel(3, learning_rate=0.01)
sess = tf.Session()
reptile = Reptile(sess)
sess.run(tf.global_variables_initializer())
rng = np.random.RandomState(16)
protos = rng.rand(3, 8, 8).astype(np.float32)
dataset = [(protos[c] + 0.2 * rng.randn(8, 8).astype(np.float32), c) for c in range(3) for _ in range(4)]
for _ in range(3):
  reptile.train_step(dataset, model.input_ph, model.label_ph, model.minimize_op, 2, 0.5, 2, rng)
before = sess.run(tf.trainable_variables()[0])
correct, preds = reptile.evaluate(dataset[:6], dataset[6:], model.input_ph, model.label_ph, model.minimize_op,
                                  model.predictions)
out["correct"] = correct
out["preds"] = L(preds)
out["restored"] = bool(np.array_equal(before, sess.run(tf.trainable_variables()[0])))
# (not the conv biases under batch norm: their gradients are rounding, which Adam magnifies)
out["weights"] = LS(sess.run([v for v in tf.trainable_variables() if "bias" not in v.op.name]))
out["full_state"] = [v.op.name for v in tf.global_variables()]
""",
}

VISION5_PROGRAMS = {
    # kobiso/CBAM-tensorflow (attention_module.py): SE and CBAM blocks whose channel
    # attention shares its MLP between the average and max pools by dense(name=...,
    # reuse=True), units a Dimension floor-divided, shape asserts against tuples; the
    # spatial attention's 7x7 conv over mean and max across channels.
    "cbam_channel_spatial_attention_shared_mlp": r"""
tf.set_random_seed(517)

def se_block(residual, name, ratio=8):
  kernel_initializer = contrib.layers.variance_scaling_initializer()
  bias_initializer = tf.constant_initializer(value=0.0)
  with tf.variable_scope(name):
    channel = residual.get_shape()[-1]
    squeeze = tf.reduce_mean(residual, axis=[1, 2], keepdims=True)
    assert squeeze.get_shape()[1:] == (1, 1, channel)
    excitation = tf.layers.dense(inputs=squeeze, units=channel // ratio, activation=tf.nn.relu,
                                 kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                                 name='bottleneck_fc')
    assert excitation.get_shape()[1:] == (1, 1, channel // ratio)
    excitation = tf.layers.dense(inputs=excitation, units=channel, activation=tf.nn.sigmoid,
                                 kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                                 name='recover_fc')
    scale = residual * excitation
  return scale

def cbam_block(input_feature, name, ratio=8):
  with tf.variable_scope(name):
    attention_feature = channel_attention(input_feature, 'ch_at', ratio)
    attention_feature = spatial_attention(attention_feature, 'sp_at')
  return attention_feature

def channel_attention(input_feature, name, ratio=8):
  kernel_initializer = contrib.layers.variance_scaling_initializer()
  bias_initializer = tf.constant_initializer(value=0.0)
  with tf.variable_scope(name):
    channel = input_feature.get_shape()[-1]
    avg_pool = tf.reduce_mean(input_feature, axis=[1, 2], keepdims=True)
    assert avg_pool.get_shape()[1:] == (1, 1, channel)
    avg_pool = tf.layers.dense(inputs=avg_pool, units=channel // ratio, activation=tf.nn.relu,
                               kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                               name='mlp_0', reuse=None)
    avg_pool = tf.layers.dense(inputs=avg_pool, units=channel, kernel_initializer=kernel_initializer,
                               bias_initializer=bias_initializer, name='mlp_1', reuse=None)
    max_pool = tf.reduce_max(input_feature, axis=[1, 2], keepdims=True)
    max_pool = tf.layers.dense(inputs=max_pool, units=channel // ratio, activation=tf.nn.relu, name='mlp_0', reuse=True)
    max_pool = tf.layers.dense(inputs=max_pool, units=channel, name='mlp_1', reuse=True)
    scale = tf.sigmoid(avg_pool + max_pool, 'sigmoid')
  return input_feature * scale

def spatial_attention(input_feature, name):
  kernel_size = 7
  kernel_initializer = contrib.layers.variance_scaling_initializer()
  with tf.variable_scope(name):
    avg_pool = tf.reduce_mean(input_feature, axis=[3], keepdims=True)
    max_pool = tf.reduce_max(input_feature, axis=[3], keepdims=True)
    concat = tf.concat([avg_pool, max_pool], 3)
    concat = tf.layers.conv2d(concat, filters=1, kernel_size=[kernel_size, kernel_size], strides=[1, 1],
                              padding="same", activation=None, kernel_initializer=kernel_initializer,
                              use_bias=False, name='conv')
    concat = tf.sigmoid(concat, 'sigmoid')
  return input_feature * concat

x = tf.placeholder(tf.float32, [None, 6, 6, 3])
labels = tf.placeholder(tf.int64, [None])
is_training = tf.placeholder(tf.bool)
net = tf.layers.conv2d(x, 16, 3, padding="same", name="conv0")
net = tf.layers.batch_normalization(net, training=is_training, name="bn0")
net = tf.nn.relu(net)
net = cbam_block(net, "cbam_1", ratio=4)
net = se_block(net, "se_1", ratio=8)
logits = tf.layers.dense(tf.reduce_mean(net, [1, 2]), 3, name="logits")
loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
with tf.control_dependencies(update_ops):
  train = tf.train.MomentumOptimizer(0.05, 0.9, use_nesterov=True).minimize(loss)
imgs = rand(17, 4, 6, 6, 3)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(3):
  hist.append(sess.run([loss, train], {x: imgs, labels: [0, 1, 2, 1], is_training: True})[0])
out["hist"] = L(hist)
out["eval"] = L(sess.run(logits, {x: imgs, is_training: False}))
out["vars"] = [(v.op.name, v.shape.as_list()) for v in tf.trainable_variables()]
""",
    # An AdaIN arbitrary style transfer (elleryqueenhomels/arbitrary_style_transfer):
    # VGG-style encoder of constants after the RGB->BGR reverse and mean, AdaIN by
    # tf.nn.moments(keep_dims=True), a decoder with reflect padding and nearest-neighbour
    # upsampling to a run-time size, the content and moment-matching style losses, Adam
    # under inverse_time_decay.
    "adain_moments_reflect_decoder": r"""
tf.set_random_seed(518)
EPSILON = 1e-5

def AdaIN(content, style, epsilon=EPSILON):
  meanC, varC = tf.nn.moments(content, [1, 2], keep_dims=True)
  meanS, varS = tf.nn.moments(style, [1, 2], keep_dims=True)
  sigmaC = tf.sqrt(tf.add(varC, epsilon))
  sigmaS = tf.sqrt(tf.add(varS, epsilon))
  return (content - meanC) * sigmaS / sigmaC + meanS

ENCODER_WEIGHTS = [(rand(30 + i, 3, 3, c_in, c_out, scale=0.3), rand(40 + i, c_out, scale=0.1))
                   for i, (c_in, c_out) in enumerate([(3, 4), (4, 6), (6, 6)])]

def preprocess(image, mode='BGR'):
  if mode == 'BGR':
    return tf.reverse(image, axis=[-1]) - np.array([103.939, 116.779, 123.68]) / 255.0
  return image - np.array([123.68, 116.779, 103.939]) / 255.0

def deprocess(image, mode='BGR'):
  if mode == 'BGR':
    return tf.reverse(image + np.array([103.939, 116.779, 123.68]) / 255.0, axis=[-1])

def conv_layer(x, kernel, bias, use_relu=True):
  x_padded = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]], mode='REFLECT')
  out = tf.nn.conv2d(x_padded, kernel, strides=[1, 1, 1, 1], padding='VALID')
  out = tf.nn.bias_add(out, bias)
  if use_relu:
    out = tf.nn.relu(out)
  return out

def encode(image):
  layers = {}
  x = image
  names = ['relu1_1', 'relu2_1', 'relu3_1']
  for i, (w, b) in enumerate(ENCODER_WEIGHTS):
    x = conv_layer(x, tf.constant(w), tf.constant(b))
    layers[names[i]] = x
    if i == 0:
      x = tf.nn.max_pool(x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')
  return x, layers

def upsample(x, scale=2):
  height = tf.shape(x)[1] * scale
  width = tf.shape(x)[2] * scale
  return tf.image.resize_images(x, [height, width], method=tf.image.ResizeMethod.NEAREST_NEIGHBOR)

class Decoder(object):
  def __init__(self):
    self.weight_vars = []
    with tf.variable_scope('decoder'):
      for i, (c_in, c_out) in enumerate([(6, 4), (4, 4), (4, 3)]):
        self.weight_vars.append(self._create_variables(c_in, c_out, 3, scope='conv%d' % i))

  def _create_variables(self, input_filters, output_filters, kernel_size, scope):
    with tf.variable_scope(scope):
      shape = [kernel_size, kernel_size, input_filters, output_filters]
      kernel = tf.Variable(tf.truncated_normal(shape, stddev=0.3), name='kernel')
      bias = tf.Variable(tf.zeros([output_filters]), name='bias')
      return (kernel, bias)

  def decode(self, image):
    out = image
    for i, (kernel, bias) in enumerate(self.weight_vars):
      out = conv_layer(out, kernel, bias, use_relu=i != len(self.weight_vars) - 1)
      if i == 0:
        out = upsample(out)
    return out

content = tf.placeholder(tf.float32, shape=(None, None, None, 3), name='content')
style = tf.placeholder(tf.float32, shape=(None, None, None, 3), name='style')
enc_c, enc_c_layers = encode(preprocess(content))
enc_s, enc_s_layers = encode(preprocess(style))
target_features = AdaIN(enc_c, enc_s)
decoder = Decoder()
generated_img = deprocess(decoder.decode(target_features))
generated_img = tf.reverse(generated_img, axis=[-1])
generated_img = preprocess(generated_img)
enc_gen, enc_gen_layers = encode(generated_img)
content_loss = tf.reduce_sum(tf.reduce_mean(tf.square(enc_gen - target_features), axis=[1, 2]))
style_layer_loss = []
for layer in ['relu1_1', 'relu2_1', 'relu3_1']:
  enc_style_feat = enc_s_layers[layer]
  enc_gen_feat = enc_gen_layers[layer]
  meanS, varS = tf.nn.moments(enc_style_feat, [1, 2])
  meanG, varG = tf.nn.moments(enc_gen_feat, [1, 2])
  sigmaS = tf.sqrt(varS + EPSILON)
  sigmaG = tf.sqrt(varG + EPSILON)
  l2_mean = tf.reduce_sum(tf.square(meanG - meanS))
  l2_sigma = tf.reduce_sum(tf.square(sigmaG - sigmaS))
  style_layer_loss.append(l2_mean + l2_sigma)
style_loss = tf.reduce_sum(style_layer_loss)
loss = content_loss + 2.0 * style_loss
global_step = tf.Variable(0, trainable=False)
learning_rate = tf.train.inverse_time_decay(1e-2, global_step, 2, 5e-1)
train_op = tf.train.AdamOptimizer(learning_rate).minimize(loss, global_step=global_step)
c_img = np.abs(rand(19, 2, 8, 8, 3)) % 1.0
s_img = np.abs(rand(20, 2, 8, 8, 3)) % 1.0
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(3):
  hist.append(sess.run([content_loss, style_loss, learning_rate, train_op], {content: c_img, style: s_img})[:3])
out["hist"] = LS(hist)
gen = sess.run(generated_img, {content: c_img[:1], style: s_img[1:]})
out["gen_shape"] = list(gen.shape)
out["gen"] = L(gen[0, :2, :3])
""",
}

RL5_PROGRAMS = {
    # openai/maddpg (maddpg.py, common/tf_util.py, distributions.py): per-agent trainers
    # in variable scopes, q_train before p_train (which reuses q_func), SoftCategorical
    # Gumbel samples by random_uniform(tf.shape(logits)), U.function's outputs plus an
    # update group, minimize_and_clip's clip_by_norm, make_update_exp's polyak over vars
    # sorted by name, scope_vars by absolute scope names.
    "maddpg_gumbel_centralized_critics_polyak": r"""
tf.set_random_seed(519)
layers = contrib.layers

class _Function(object):
  def __init__(self, inputs, outputs, updates, givens=None):
    self.inputs = inputs
    updates = updates or []
    self.update_group = tf.group(*updates)
    self.outputs_update = list(outputs) + [self.update_group]
    self.givens = {} if givens is None else givens

  def __call__(self, *args):
    feed_dict = {}
    for inpt, value in zip(self.inputs, args):
      feed_dict[inpt] = value
    results = tf.get_default_session().run(self.outputs_update, feed_dict=feed_dict)[:-1]
    return results

def function(inputs, outputs, updates=None, givens=None):
  if isinstance(outputs, list):
    return _Function(inputs, outputs, updates, givens=givens)
  f = _Function(inputs, [outputs], updates, givens=givens)
  return lambda *args, **kwargs: f(*args, **kwargs)[0]

def scope_vars(scope, trainable_only=False):
  return tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES if trainable_only else tf.GraphKeys.GLOBAL_VARIABLES,
                           scope=scope if isinstance(scope, str) else scope.name)

def scope_name():
  return tf.get_variable_scope().name

def absolute_scope_name(relative_scope_name):
  return scope_name() + "/" + relative_scope_name

def minimize_and_clip(optimizer, objective, var_list, clip_val=10):
  if clip_val is None:
    return optimizer.minimize(objective, var_list=var_list)
  gradients = optimizer.compute_gradients(objective, var_list=var_list)
  for i, (grad, var) in enumerate(gradients):
    if grad is not None:
      gradients[i] = (tf.clip_by_norm(grad, clip_val), var)
  return optimizer.apply_gradients(gradients)

class SoftCategoricalPd(object):
  def __init__(self, logits):
    self.logits = logits

  def flatparam(self):
    return self.logits

  def sample(self):
    u = tf.random_uniform(tf.shape(self.logits))
    return tf.nn.softmax(self.logits - tf.log(-tf.log(u)), axis=-1)

def mlp_model(input, num_outputs, scope, reuse=False, num_units=8):
  with tf.variable_scope(scope, reuse=reuse):
    out_ = input
    out_ = layers.fully_connected(out_, num_outputs=num_units, activation_fn=tf.nn.relu)
    out_ = layers.fully_connected(out_, num_outputs=num_units, activation_fn=tf.nn.relu)
    out_ = layers.fully_connected(out_, num_outputs=num_outputs, activation_fn=None)
    return out_

def make_update_exp(vals, target_vals):
  polyak = 1.0 - 1e-2
  expression = []
  for var, var_target in zip(sorted(vals, key=lambda v: v.name), sorted(target_vals, key=lambda v: v.name)):
    expression.append(var_target.assign(polyak * var_target + (1.0 - polyak) * var))
  expression = tf.group(*expression)
  return function([], [], updates=[expression])

def p_train(obs_ph_n, act_dims, p_index, optimizer, grad_norm_clipping=0.5, scope="trainer", reuse=None):
  with tf.variable_scope(scope, reuse=reuse):
    act_ph_n = [tf.placeholder(tf.float32, [None, d], name="action" + str(i)) for i, d in enumerate(act_dims)]
    p_input = obs_ph_n[p_index]
    p = mlp_model(p_input, act_dims[p_index], scope="p_func")
    p_func_vars = scope_vars(absolute_scope_name("p_func"))
    act_pd = SoftCategoricalPd(p)
    act_sample = act_pd.sample()
    p_reg = tf.reduce_mean(tf.square(act_pd.flatparam()))
    act_input_n = act_ph_n + []
    act_input_n[p_index] = act_pd.sample()
    q_input = tf.concat(obs_ph_n + act_input_n, 1)
    q = mlp_model(q_input, 1, scope="q_func", reuse=True)[:, 0]
    pg_loss = -tf.reduce_mean(q)
    loss = pg_loss + p_reg * 1e-3
    optimize_expr = minimize_and_clip(optimizer, loss, p_func_vars, grad_norm_clipping)
    train = function(inputs=obs_ph_n + act_ph_n, outputs=loss, updates=[optimize_expr])
    act = function(inputs=[obs_ph_n[p_index]], outputs=act_sample)
    target_p = mlp_model(p_input, act_dims[p_index], scope="target_p_func")
    target_p_func_vars = scope_vars(absolute_scope_name("target_p_func"))
    update_target_p = make_update_exp(p_func_vars, target_p_func_vars)
    target_act_sample = SoftCategoricalPd(target_p).sample()
    target_act = function(inputs=[obs_ph_n[p_index]], outputs=target_act_sample)
    return act, train, update_target_p, {'target_act': target_act, 'p_vars': p_func_vars}

def q_train(obs_ph_n, act_dims, q_index, optimizer, grad_norm_clipping=0.5, scope="trainer", reuse=None):
  with tf.variable_scope(scope, reuse=reuse):
    act_ph_n = [tf.placeholder(tf.float32, [None, d], name="action" + str(i)) for i, d in enumerate(act_dims)]
    target_ph = tf.placeholder(tf.float32, [None], name="target")
    q_input = tf.concat(obs_ph_n + act_ph_n, 1)
    q = mlp_model(q_input, 1, scope="q_func")[:, 0]
    q_func_vars = scope_vars(absolute_scope_name("q_func"))
    q_loss = tf.reduce_mean(tf.square(q - target_ph))
    loss = q_loss
    optimize_expr = minimize_and_clip(optimizer, loss, q_func_vars, grad_norm_clipping)
    train = function(inputs=obs_ph_n + act_ph_n + [target_ph], outputs=loss, updates=[optimize_expr])
    target_q = mlp_model(q_input, 1, scope="target_q_func")[:, 0]
    target_q_func_vars = scope_vars(absolute_scope_name("target_q_func"))
    update_target_q = make_update_exp(q_func_vars, target_q_func_vars)
    target_q_values = function(obs_ph_n + act_ph_n, target_q)
    return train, update_target_q, {'target_q_values': target_q_values, 'q_vars': q_func_vars}

n, obs_dims, act_dims = 2, [3, 4], [2, 3]
obs_ph_n = [tf.placeholder(tf.float32, [None, d], name="observation" + str(i)) for i, d in enumerate(obs_dims)]
trainers = []
for i in range(n):
  q_tr, q_up, q_debug = q_train(obs_ph_n, act_dims, i, tf.train.AdamOptimizer(learning_rate=0.01), scope="agent_%d" % i)
  act, p_tr, p_up, p_debug = p_train(obs_ph_n, act_dims, i, tf.train.AdamOptimizer(learning_rate=0.01), scope="agent_%d" % i)
  trainers.append((q_tr, q_up, q_debug, act, p_tr, p_up, p_debug))
sess = tf.Session()
rng = np.random.RandomState(19)
hist = []
with sess.as_default():
  sess.run(tf.global_variables_initializer())
  obs = [rng.randn(4, d).astype(np.float32) for d in obs_dims]
  obs_next = [rng.randn(4, d).astype(np.float32) for d in obs_dims]
  rew = rng.randn(4).astype(np.float32)
  for step in range(2):
    acts = [trainers[i][3](obs[i]) for i in range(n)]
    for i in range(n):
      q_tr, q_up, q_debug, act, p_tr, p_up, p_debug = trainers[i]
      target_act_next_n = [trainers[j][6]['target_act'](obs_next[j]) for j in range(n)]
      target_q_next = q_debug['target_q_values'](*(obs_next + target_act_next_n))
      target_q = rew + 0.95 * target_q_next
      q_loss = q_tr(*(obs + acts + [target_q]))
      p_loss = p_tr(*(obs + acts))
      p_up()
      q_up()
      hist.append([q_loss, p_loss, target_q])
  out["acts"] = LS(acts)
  out["hist"] = LS(hist)
  out["targets"] = LS(sess.run(trainers[0][6]['p_vars'][:2]))
  out["vars"] = [v.op.name for v in tf.trainable_variables()]
""",
    # openai/baselines' GAIL adversary (gail/adversary.py): a TransitionClassifier built
    # twice (reuse_variables for the expert), RunningMeanStd's float64 sums updated by
    # U.function assign_adds, the logit Bernoulli entropy, U.flatgrad with zeros for
    # missing gradients, MpiAdam's numpy step applied by SetFromFlat and GetFlat.
    "gail_transition_classifier_flatgrad_mpiadam": r"""
tf.set_random_seed(520)

def numel(x):
  return int(np.prod(x.get_shape().as_list()))

def flatgrad(loss, var_list, clip_norm=None):
  grads = tf.gradients(loss, var_list)
  return tf.concat(axis=0, values=[tf.reshape(grad if grad is not None else tf.zeros_like(v), [numel(v)])
                                   for (v, grad) in zip(var_list, grads)])

class SetFromFlat(object):
  def __init__(self, var_list, dtype=tf.float32):
    shapes = list(map(lambda v: v.get_shape().as_list(), var_list))
    total_size = np.sum([int(np.prod(shape)) for shape in shapes])
    self.theta = theta = tf.placeholder(dtype, [total_size])
    start = 0
    assigns = []
    for (shape, v) in zip(shapes, var_list):
      size = int(np.prod(shape))
      assigns.append(tf.assign(v, tf.reshape(theta[start:start + size], shape)))
      start += size
    self.op = tf.group(*assigns)

  def __call__(self, theta):
    tf.get_default_session().run(self.op, feed_dict={self.theta: theta})

class GetFlat(object):
  def __init__(self, var_list):
    self.op = tf.concat(axis=0, values=[tf.reshape(v, [numel(v)]) for v in var_list])

  def __call__(self):
    return tf.get_default_session().run(self.op)

class MpiAdam(object):
  def __init__(self, var_list, beta1=0.9, beta2=0.999, epsilon=1e-08):
    self.var_list = var_list
    self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon
    size = sum(numel(v) for v in var_list)
    self.m = np.zeros(size, 'float32')
    self.v = np.zeros(size, 'float32')
    self.t = 0
    self.setfromflat = SetFromFlat(var_list)
    self.getflat = GetFlat(var_list)

  def update(self, localg, stepsize):
    globalg = np.copy(localg)
    self.t += 1
    a = stepsize * np.sqrt(1 - self.beta2 ** self.t) / (1 - self.beta1 ** self.t)
    self.m = self.beta1 * self.m + (1 - self.beta1) * globalg
    self.v = self.beta2 * self.v + (1 - self.beta2) * (globalg * globalg)
    step = (- a) * self.m / (np.sqrt(self.v) + self.epsilon)
    self.setfromflat(self.getflat() + step)

class RunningMeanStd(object):
  def __init__(self, epsilon=1e-2, shape=()):
    self._sum = tf.get_variable(dtype=tf.float64, shape=shape, initializer=tf.constant_initializer(0.0),
                                name="runningsum", trainable=False)
    self._sumsq = tf.get_variable(dtype=tf.float64, shape=shape, initializer=tf.constant_initializer(epsilon),
                                  name="runningsumsq", trainable=False)
    self._count = tf.get_variable(dtype=tf.float64, shape=(), initializer=tf.constant_initializer(epsilon),
                                  name="count", trainable=False)
    self.shape = shape
    self.mean = tf.to_float(self._sum / self._count)
    self.std = tf.sqrt(tf.maximum(tf.to_float(self._sumsq / self._count) - tf.square(self.mean), 1e-2))
    newsum = tf.placeholder(shape=self.shape, dtype=tf.float64, name='sum')
    newsumsq = tf.placeholder(shape=self.shape, dtype=tf.float64, name='var')
    newcount = tf.placeholder(shape=[], dtype=tf.float64, name='count')
    self.incfiltparams = (tf.group(tf.assign_add(self._sum, newsum), tf.assign_add(self._sumsq, newsumsq),
                                   tf.assign_add(self._count, newcount)), newsum, newsumsq, newcount)

  def update(self, x):
    x = x.astype('float64')
    n = int(np.prod(self.shape))
    totalvec = np.concatenate([x.sum(axis=0).ravel(), np.square(x).sum(axis=0).ravel(),
                               np.array([len(x)], dtype='float64')])
    op, s_, q_, c_ = self.incfiltparams
    tf.get_default_session().run(op, {s_: totalvec[0:n].reshape(self.shape), q_: totalvec[n:2 * n].reshape(self.shape),
                                      c_: totalvec[2 * n]})

def logsigmoid(a):
  return -tf.nn.softplus(-a)

def logit_bernoulli_entropy(logits):
  ent = (1. - tf.nn.sigmoid(logits)) * logits - logsigmoid(logits)
  return ent

class TransitionClassifier(object):
  def __init__(self, ob_shape, ac_shape, hidden_size, entcoeff=0.001, scope="adversary"):
    self.scope = scope
    self.observation_shape = ob_shape
    self.actions_shape = ac_shape
    self.hidden_size = hidden_size
    self.generator_obs_ph = tf.placeholder(tf.float32, (None,) + self.observation_shape, name="observations_ph")
    self.generator_acs_ph = tf.placeholder(tf.float32, (None,) + self.actions_shape, name="actions_ph")
    self.expert_obs_ph = tf.placeholder(tf.float32, (None,) + self.observation_shape, name="expert_observations_ph")
    self.expert_acs_ph = tf.placeholder(tf.float32, (None,) + self.actions_shape, name="expert_actions_ph")
    generator_logits = self.build_graph(self.generator_obs_ph, self.generator_acs_ph, reuse=False)
    expert_logits = self.build_graph(self.expert_obs_ph, self.expert_acs_ph, reuse=True)
    generator_acc = tf.reduce_mean(tf.to_float(tf.nn.sigmoid(generator_logits) < 0.5))
    expert_acc = tf.reduce_mean(tf.to_float(tf.nn.sigmoid(expert_logits) > 0.5))
    generator_loss = tf.nn.sigmoid_cross_entropy_with_logits(logits=generator_logits, labels=tf.zeros_like(generator_logits))
    generator_loss = tf.reduce_mean(generator_loss)
    expert_loss = tf.nn.sigmoid_cross_entropy_with_logits(logits=expert_logits, labels=tf.ones_like(expert_logits))
    expert_loss = tf.reduce_mean(expert_loss)
    logits = tf.concat([generator_logits, expert_logits], 0)
    entropy = tf.reduce_mean(logit_bernoulli_entropy(logits))
    entropy_loss = -entcoeff * entropy
    self.losses = [generator_loss, expert_loss, entropy, entropy_loss, generator_acc, expert_acc]
    self.total_loss = generator_loss + expert_loss + entropy_loss
    self.reward_op = -tf.log(1 - tf.nn.sigmoid(generator_logits) + 1e-8)
    var_list = self.get_trainable_variables()
    self.lossandgrad = self.losses + [flatgrad(self.total_loss, var_list)]

  def build_graph(self, obs_ph, acs_ph, reuse=False):
    with tf.variable_scope(self.scope):
      if reuse:
        tf.get_variable_scope().reuse_variables()
      with tf.variable_scope("obfilter"):
        self.obs_rms = RunningMeanStd(shape=self.observation_shape)
      obs = (obs_ph - self.obs_rms.mean) / self.obs_rms.std
      _input = tf.concat([obs, acs_ph], axis=1)
      p_h1 = contrib.layers.fully_connected(_input, self.hidden_size, activation_fn=tf.nn.tanh)
      p_h2 = contrib.layers.fully_connected(p_h1, self.hidden_size, activation_fn=tf.nn.tanh)
      logits = contrib.layers.fully_connected(p_h2, 1, activation_fn=tf.identity)
    return logits

  def get_trainable_variables(self):
    return tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, self.scope)

  def get_reward(self, obs, acs):
    sess = tf.get_default_session()
    if len(obs.shape) == 1:
      obs = np.expand_dims(obs, 0)
    if len(acs.shape) == 1:
      acs = np.expand_dims(acs, 0)
    return sess.run(self.reward_op, {self.generator_obs_ph: obs, self.generator_acs_ph: acs})

reward_giver = TransitionClassifier((3,), (2,), 6)
d_adam = MpiAdam(reward_giver.get_trainable_variables())
rng = np.random.RandomState(20)
sess = tf.Session()
hist = []
with sess.as_default():
  sess.run(tf.global_variables_initializer())
  for it in range(3):
    ob_batch, ac_batch = rng.randn(5, 3), rng.randn(5, 2)
    ob_expert, ac_expert = rng.randn(5, 3) + 1.0, rng.randn(5, 2) * 0.5
    reward_giver.obs_rms.update(np.concatenate((ob_batch, ob_expert), 0))
    got = sess.run(reward_giver.lossandgrad, {reward_giver.generator_obs_ph: ob_batch,
                                              reward_giver.generator_acs_ph: ac_batch,
                                              reward_giver.expert_obs_ph: ob_expert,
                                              reward_giver.expert_acs_ph: ac_expert})
    *newlosses, g = got
    d_adam.update(g, 1e-2)
    hist.append(newlosses + [float(np.linalg.norm(g))])
  out["hist"] = LS(hist)
  out["reward"] = L(reward_giver.get_reward(ob_batch[0], ac_batch[0]))
  out["rms"] = LS(sess.run([reward_giver.obs_rms.mean, reward_giver.obs_rms.std]))
  out["vars"] = [(v.op.name, v.dtype.name) for v in tf.global_variables()]
""",
}

VISION6_PROGRAMS = {
    # clvrai/Relation-Network-Tensorflow (model_rn.py, ops.py): conv features whose
    # d*d cells become objects tagged with coordinates, g_theta over every pair of
    # objects and the question under one variable scope reused (slim.fully_connected
    # without scope names, so re-entering the scope must name them as the first time),
    # f_phi with slim.dropout, contrib batch norm with updates_collections=None.
    "relnet_pairwise_g_theta_reused_scope": r"""
tf.set_random_seed(521)
batch_size, img_size, c_dim, q_dim, a_dim = 2, 8, 3, 4, 3
conv_info = [4, 4]
img = tf.placeholder(name='img', dtype=tf.float32, shape=[batch_size, img_size, img_size, c_dim])
q = tf.placeholder(name='q', dtype=tf.float32, shape=[batch_size, q_dim])
a = tf.placeholder(name='a', dtype=tf.float32, shape=[batch_size, a_dim])
is_training = tf.placeholder_with_default(bool(True), [], name='is_training')

def lrelu(x, leak=0.2, name="lrelu"):
  with tf.variable_scope(name):
    f1 = 0.5 * (1 + leak)
    f2 = 0.5 * (1 - leak)
    return f1 * x + f2 * abs(x)

def conv2d(input, output_shape, is_train, k_h=5, k_w=5, s=2, stddev=0.02, name="conv2d"):
  with tf.variable_scope(name):
    w = tf.get_variable('w', [k_h, k_w, input.get_shape()[-1], output_shape],
                        initializer=tf.truncated_normal_initializer(stddev=stddev))
    conv = tf.nn.conv2d(input, w, strides=[1, s, s, 1], padding='SAME')
    biases = tf.get_variable('biases', [output_shape], initializer=tf.constant_initializer(0.0))
    conv = lrelu(tf.reshape(tf.nn.bias_add(conv, biases), conv.get_shape()))
    bn = contrib.layers.batch_norm(conv, center=True, scale=True, decay=0.9, is_training=is_train,
                                   updates_collections=None)
  return bn

def fc(input, output_shape, activation_fn=tf.nn.relu, name="fc"):
  output = slim.fully_connected(input, int(output_shape), activation_fn=activation_fn)
  return output

def concat_coor(o, i, d):
  coor = tf.tile(tf.expand_dims([float(int(i / d)) / d, (i % d) / d], axis=0), [batch_size, 1])
  o = tf.concat([o, tf.to_float(coor)], axis=1)
  return o

def g_theta(o_i, o_j, q, scope='g_theta', reuse=True):
  with tf.variable_scope(scope, reuse=reuse) as scope:
    g_1 = fc(tf.concat([o_i, o_j, q], axis=1), 8, name='g_1')
    g_2 = fc(g_1, 8, name='g_2')
    g_3 = fc(g_2, 8, name='g_3')
    return g_3

def CONV(img, q, scope='CONV'):
  with tf.variable_scope(scope) as scope:
    conv_1 = conv2d(img, conv_info[0], is_training, s=3, name='conv_1')
    conv_2 = conv2d(conv_1, conv_info[1], is_training, s=2, name='conv_2')
    d = conv_2.get_shape().as_list()[1]
    all_g = []
    for i in range(d * d):
      o_i = conv_2[:, int(i / d), int(i % d), :]
      o_i = concat_coor(o_i, i, d)
      for j in range(d * d):
        o_j = conv_2[:, int(j / d), int(j % d), :]
        o_j = concat_coor(o_j, j, d)
        if i == 0 and j == 0:
          g_i_j = g_theta(o_i, o_j, q, reuse=False)
        else:
          g_i_j = g_theta(o_i, o_j, q, reuse=True)
        all_g.append(g_i_j)
    all_g = tf.stack(all_g, axis=0)
    all_g = tf.reduce_mean(all_g, axis=0, name='all_g')
    return all_g

def f_phi(g, scope='f_phi'):
  with tf.variable_scope(scope) as scope:
    fc_1 = fc(g, 8, name='fc_1')
    fc_2 = fc(fc_1, 8, name='fc_2')
    fc_2 = slim.dropout(fc_2, keep_prob=0.5, is_training=is_training, scope='fc_3/')
    fc_3 = fc(fc_2, a_dim, activation_fn=None, name='fc_3')
    return fc_3

g = CONV(img, q, scope='CONV')
logits = f_phi(g, scope='f_phi')
all_preds = tf.nn.softmax(logits)
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=a))
correct_prediction = tf.equal(tf.argmax(logits, 1), tf.argmax(a, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
global_step = tf.train.get_or_create_global_step(graph=None)
learning_rate = tf.train.exponential_decay(2.5e-3, global_step=global_step, decay_steps=2, decay_rate=0.5,
                                           staircase=True, name='decaying_learning_rate')
check_op = tf.no_op()
optimizer = contrib.layers.optimize_loss(loss=loss, global_step=global_step, learning_rate=learning_rate,
                                         optimizer=tf.train.AdamOptimizer, clip_gradients=20.0, name='optimizer_loss')
feed = {img: np.abs(rand(21, batch_size, img_size, img_size, c_dim)), q: rand(22, batch_size, q_dim),
        a: [[0, 1, 0], [1, 0, 0]]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
hist = []
for _ in range(3):
  hist.append(sess.run([loss, accuracy, learning_rate, optimizer], feed)[:3])
out["hist"] = LS(hist)
out["eval"] = L(sess.run(all_preds, {**feed, is_training: False}))
out["vars"] = [v.op.name for v in tf.trainable_variables()]
""",
    # mrharicot/monodepth: bilinear_sampler_1d_h (a meshgrid of run-time linspaces, the
    # border-padded image gathered at floor and floor+1 of the shifted x), scale pyramids
    # by resize_area, SSIM by slim.avg_pool2d, edge-aware disparity smoothness,
    # left-right consistency; an encoder-decoder of padded VALID convs and
    # nearest-neighbour upsampling under slim's arg_scope.
    "monodepth_bilinear_sampler_ssim_lr_consistency": r"""
tf.set_random_seed(522)

def bilinear_sampler_1d_h(input_images, x_offset, wrap_mode='border', name='bilinear_sampler', **kwargs):
  def _repeat(x, n_repeats):
    with tf.variable_scope('_repeat'):
      rep = tf.tile(tf.expand_dims(x, 1), [1, n_repeats])
      return tf.reshape(rep, [-1])

  def _interpolate(im, x, y):
    with tf.variable_scope('_interpolate'):
      _edge_size = 0
      if _wrap_mode == 'border':
        _edge_size = 1
        im = tf.pad(im, [[0, 0], [1, 1], [1, 1], [0, 0]], mode='CONSTANT')
        x = x + _edge_size
        y = y + _edge_size
      elif _wrap_mode == 'edge':
        _edge_size = 0
      else:
        return None
      x = tf.clip_by_value(x, 0.0, _width_f - 1 + 2 * _edge_size)
      x0_f = tf.floor(x)
      y0_f = tf.floor(y)
      x1_f = x0_f + 1
      x0 = tf.cast(x0_f, tf.int32)
      y0 = tf.cast(y0_f, tf.int32)
      x1 = tf.cast(tf.minimum(x1_f, _width_f - 1 + 2 * _edge_size), tf.int32)
      dim2 = (_width + 2 * _edge_size)
      dim1 = (_width + 2 * _edge_size) * (_height + 2 * _edge_size)
      base = _repeat(tf.range(_num_batch) * dim1, _height * _width)
      base_y0 = base + y0 * dim2
      idx_l = base_y0 + x0
      idx_r = base_y0 + x1
      im_flat = tf.reshape(im, tf.stack([-1, _num_channels]))
      pix_l = tf.gather(im_flat, idx_l)
      pix_r = tf.gather(im_flat, idx_r)
      weight_l = tf.expand_dims(x1_f - x, 1)
      weight_r = tf.expand_dims(x - x0_f, 1)
      return weight_l * pix_l + weight_r * pix_r

  def _transform(input_images, x_offset):
    with tf.variable_scope('transform'):
      x_t, y_t = tf.meshgrid(tf.linspace(0.0, _width_f - 1.0, _width), tf.linspace(0.0, _height_f - 1.0, _height))
      x_t_flat = tf.reshape(x_t, (1, -1))
      y_t_flat = tf.reshape(y_t, (1, -1))
      x_t_flat = tf.tile(x_t_flat, tf.stack([_num_batch, 1]))
      y_t_flat = tf.tile(y_t_flat, tf.stack([_num_batch, 1]))
      x_t_flat = tf.reshape(x_t_flat, [-1])
      y_t_flat = tf.reshape(y_t_flat, [-1])
      x_t_flat = x_t_flat + tf.reshape(x_offset, [-1]) * _width_f
      input_transformed = _interpolate(input_images, x_t_flat, y_t_flat)
      output = tf.reshape(input_transformed, tf.stack([_num_batch, _height, _width, _num_channels]))
      return output

  with tf.variable_scope(name):
    _num_batch = tf.shape(input_images)[0]
    _height = tf.shape(input_images)[1]
    _width = tf.shape(input_images)[2]
    _num_channels = tf.shape(input_images)[3]
    _height_f = tf.cast(_height, tf.float32)
    _width_f = tf.cast(_width, tf.float32)
    _wrap_mode = wrap_mode
    output = _transform(input_images, x_offset)
    return output

class MonodepthModel(object):
  def __init__(self, left, right, num_scales=2, alpha_image_loss=0.85, disp_gradient_loss_weight=0.1,
               lr_loss_weight=1.0):
    self.left, self.right = left, right
    self.num_scales = num_scales
    self.alpha_image_loss = alpha_image_loss
    self.disp_gradient_loss_weight = disp_gradient_loss_weight
    self.lr_loss_weight = lr_loss_weight
    self.build_model()
    self.build_outputs()
    self.build_losses()

  def gradient_x(self, img):
    return img[:, :, :-1, :] - img[:, :, 1:, :]

  def gradient_y(self, img):
    return img[:, :-1, :, :] - img[:, 1:, :, :]

  def upsample_nn(self, x, ratio):
    s = tf.shape(x)
    h = s[1]
    w = s[2]
    return tf.image.resize_nearest_neighbor(x, [h * ratio, w * ratio])

  def scale_pyramid(self, img, num_scales):
    scaled_imgs = [img]
    s = tf.shape(img)
    h = s[1]
    w = s[2]
    for i in range(num_scales - 1):
      ratio = 2 ** (i + 1)
      nh = h // ratio
      nw = w // ratio
      scaled_imgs.append(tf.image.resize_area(img, [nh, nw]))
    return scaled_imgs

  def generate_image_left(self, img, disp):
    return bilinear_sampler_1d_h(img, -disp)

  def generate_image_right(self, img, disp):
    return bilinear_sampler_1d_h(img, disp)

  def SSIM(self, x, y):
    C1 = 0.01 ** 2
    C2 = 0.03 ** 2
    mu_x = slim.avg_pool2d(x, 3, 1, 'VALID')
    mu_y = slim.avg_pool2d(y, 3, 1, 'VALID')
    sigma_x = slim.avg_pool2d(x ** 2, 3, 1, 'VALID') - mu_x ** 2
    sigma_y = slim.avg_pool2d(y ** 2, 3, 1, 'VALID') - mu_y ** 2
    sigma_xy = slim.avg_pool2d(x * y, 3, 1, 'VALID') - mu_x * mu_y
    SSIM_n = (2 * mu_x * mu_y + C1) * (2 * sigma_xy + C2)
    SSIM_d = (mu_x ** 2 + mu_y ** 2 + C1) * (sigma_x + sigma_y + C2)
    SSIM = SSIM_n / SSIM_d
    return tf.clip_by_value((1 - SSIM) / 2, 0, 1)

  def get_disparity_smoothness(self, disp, pyramid):
    disp_gradients_x = [self.gradient_x(d) for d in disp]
    disp_gradients_y = [self.gradient_y(d) for d in disp]
    image_gradients_x = [self.gradient_x(img) for img in pyramid]
    image_gradients_y = [self.gradient_y(img) for img in pyramid]
    weights_x = [tf.exp(-tf.reduce_mean(tf.abs(g), 3, keep_dims=True)) for g in image_gradients_x]
    weights_y = [tf.exp(-tf.reduce_mean(tf.abs(g), 3, keep_dims=True)) for g in image_gradients_y]
    smoothness_x = [disp_gradients_x[i] * weights_x[i] for i in range(self.num_scales)]
    smoothness_y = [disp_gradients_y[i] * weights_y[i] for i in range(self.num_scales)]
    return smoothness_x + smoothness_y

  def get_disp(self, x):
    disp = 0.3 * self.conv(x, 2, 3, 1, tf.nn.sigmoid)
    return disp

  def conv(self, x, num_out_layers, kernel_size, stride, activation_fn=tf.nn.elu):
    p = np.floor((kernel_size - 1) / 2).astype(np.int32)
    p_x = tf.pad(x, [[0, 0], [p, p], [p, p], [0, 0]])
    return slim.conv2d(p_x, num_out_layers, kernel_size, stride, 'VALID', activation_fn=activation_fn)

  def upconv(self, x, num_out_layers, kernel_size, scale):
    upsample = self.upsample_nn(x, scale)
    return self.conv(upsample, num_out_layers, kernel_size, 1)

  def build_model(self):
    with slim.arg_scope([slim.conv2d, slim.conv2d_transpose], activation_fn=tf.nn.elu):
      with tf.variable_scope('model', reuse=None):
        self.left_pyramid = self.scale_pyramid(self.left, self.num_scales)
        self.right_pyramid = self.scale_pyramid(self.right, self.num_scales)
        with tf.variable_scope('encoder'):
          conv1 = self.conv(self.left, 4, 3, 2)
          conv2 = self.conv(conv1, 6, 3, 2)
        with tf.variable_scope('decoder'):
          upconv2 = self.upconv(conv2, 4, 3, 2)
          concat2 = tf.concat([upconv2, conv1], 3)
          iconv2 = self.conv(concat2, 4, 3, 1)
          self.disp2 = self.get_disp(iconv2)
          udisp2 = self.upsample_nn(self.disp2, 2)
          upconv1 = self.upconv(iconv2, 4, 3, 2)
          concat1 = tf.concat([upconv1, udisp2], 3)
          iconv1 = self.conv(concat1, 4, 3, 1)
          self.disp1 = self.get_disp(iconv1)

  def build_outputs(self):
    self.disp_est = [self.disp1, self.disp2]
    self.disp_left_est = [tf.expand_dims(d[:, :, :, 0], 3) for d in self.disp_est]
    self.disp_right_est = [tf.expand_dims(d[:, :, :, 1], 3) for d in self.disp_est]
    self.left_est = [self.generate_image_left(self.right_pyramid[i], self.disp_left_est[i]) for i in range(self.num_scales)]
    self.right_est = [self.generate_image_right(self.left_pyramid[i], self.disp_right_est[i]) for i in range(self.num_scales)]
    self.right_to_left_disp = [self.generate_image_left(self.disp_right_est[i], self.disp_left_est[i]) for i in range(self.num_scales)]
    self.left_to_right_disp = [self.generate_image_right(self.disp_left_est[i], self.disp_right_est[i]) for i in range(self.num_scales)]
    self.disp_left_smoothness = self.get_disparity_smoothness(self.disp_left_est, self.left_pyramid)
    self.disp_right_smoothness = self.get_disparity_smoothness(self.disp_right_est, self.right_pyramid)

  def build_losses(self):
    with tf.variable_scope('losses', reuse=None):
      self.l1_left = [tf.abs(self.left_est[i] - self.left_pyramid[i]) for i in range(self.num_scales)]
      self.l1_reconstruction_loss_left = [tf.reduce_mean(l) for l in self.l1_left]
      self.l1_right = [tf.abs(self.right_est[i] - self.right_pyramid[i]) for i in range(self.num_scales)]
      self.l1_reconstruction_loss_right = [tf.reduce_mean(l) for l in self.l1_right]
      self.ssim_left = [self.SSIM(self.left_est[i], self.left_pyramid[i]) for i in range(self.num_scales)]
      self.ssim_loss_left = [tf.reduce_mean(s) for s in self.ssim_left]
      self.ssim_right = [self.SSIM(self.right_est[i], self.right_pyramid[i]) for i in range(self.num_scales)]
      self.ssim_loss_right = [tf.reduce_mean(s) for s in self.ssim_right]
      self.image_loss_right = [self.alpha_image_loss * self.ssim_loss_right[i] + (1 - self.alpha_image_loss) * self.l1_reconstruction_loss_right[i] for i in range(self.num_scales)]
      self.image_loss_left = [self.alpha_image_loss * self.ssim_loss_left[i] + (1 - self.alpha_image_loss) * self.l1_reconstruction_loss_left[i] for i in range(self.num_scales)]
      self.image_loss = tf.add_n(self.image_loss_left + self.image_loss_right)
      self.disp_left_loss = [tf.reduce_mean(tf.abs(self.disp_left_smoothness[i])) / 2 ** i for i in range(self.num_scales)]
      self.disp_right_loss = [tf.reduce_mean(tf.abs(self.disp_right_smoothness[i])) / 2 ** i for i in range(self.num_scales)]
      self.disp_gradient_loss = tf.add_n(self.disp_left_loss + self.disp_right_loss)
      self.lr_left_loss = [tf.reduce_mean(tf.abs(self.right_to_left_disp[i] - self.disp_left_est[i])) for i in range(self.num_scales)]
      self.lr_right_loss = [tf.reduce_mean(tf.abs(self.left_to_right_disp[i] - self.disp_right_est[i])) for i in range(self.num_scales)]
      self.lr_loss = tf.add_n(self.lr_left_loss + self.lr_right_loss)
      self.total_loss = self.image_loss + self.disp_gradient_loss_weight * self.disp_gradient_loss + self.lr_loss_weight * self.lr_loss

left = tf.placeholder(tf.float32, [None, 8, 12, 3])
right = tf.placeholder(tf.float32, [None, 8, 12, 3])
model = MonodepthModel(left, right)
global_step = tf.Variable(0, trainable=False)
opt_step = tf.train.AdamOptimizer(1e-3)
train_op = opt_step.minimize(model.total_loss, global_step=global_step)
base = np.abs(rand(23, 2, 8, 14, 3)) % 1.0
feed = {left: base[:, :, 2:, :], right: base[:, :, :12, :]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
offset = tf.constant(np.linspace(-0.3, 0.4, 2 * 8 * 12).reshape(2, 8, 12, 1).astype(np.float32))
out["sampled"] = L(sess.run(bilinear_sampler_1d_h(tf.constant(base[:, :, :12, :]), offset))[0, :2, :5])
hist = []
for _ in range(3):
  hist.append(sess.run([model.total_loss, model.image_loss, model.disp_gradient_loss, model.lr_loss, train_op], feed)[:4])
out["hist"] = LS(hist)
out["pyramid"] = L(sess.run(model.left_pyramid[1], feed)[0, :, :, 0])
out["disp"] = L(sess.run(model.disp1, feed)[0, :3, :4, 0])
out["vars"] = [v.op.name for v in tf.trainable_variables()]
""",
}

OCR_PROGRAMS = {
    # tensorflow/models research/attention_ocr (model.py, sequence_layers.py): views
    # pooled, coordinates one-hot encoded by meshgrid and appended, the NetSlice
    # sequence layer over legacy_seq2seq.rnn_decoder with a loop_function and None
    # inputs, an LSTMCell with cell_clip and an orthogonal initializer, softmax weights by
    # slim.model_variable with an l2 regularizer, char predictions by boolean_mask, the
    # label-smoothed sequence_loss, the charset mapper's lookup table and reduce_join.
    "attocr_coordinates_netslice_sequence_loss": r"""
tf.set_random_seed(523)
batch_size, seq_length, num_char_classes, num_lstm_units = 2, 3, 5, 6
charset = {0: "a", 1: "b", 2: "c", 3: "d", 4: " "}

def logits_to_log_prob(logits):
  with tf.variable_scope('log_probabilities'):
    reduction_indices = len(logits.shape.as_list()) - 1
    max_logits = tf.reduce_max(logits, axis=reduction_indices, keep_dims=True)
    safe_logits = tf.subtract(logits, max_logits)
    sum_exp = tf.reduce_sum(tf.exp(safe_logits), axis=reduction_indices, keep_dims=True)
    log_probs = tf.subtract(safe_logits, tf.log(sum_exp))
  return log_probs

def orthogonal_initializer(shape, dtype=tf.float32, *args, **kwargs):
  del args, kwargs
  flat_shape = (shape[0], np.prod(shape[1:]))
  w = np.random.RandomState(23).randn(*flat_shape)
  u, _, v = np.linalg.svd(w, full_matrices=False)
  w = u if u.shape == flat_shape else v
  return tf.constant(w.reshape(shape), dtype=dtype)

def encode_coordinates_fn(net):
  batch_size, h, w, _ = net.shape.as_list()
  x, y = tf.meshgrid(tf.range(w), tf.range(h))
  w_loc = slim.one_hot_encoding(x, num_classes=w)
  h_loc = slim.one_hot_encoding(y, num_classes=h)
  loc = tf.concat([h_loc, w_loc], 2)
  loc = tf.tile(tf.expand_dims(loc, 0), [batch_size, 1, 1, 1])
  return tf.concat([net, loc], 3)

def pool_views_fn(nets):
  with tf.variable_scope('pool_views_fn/STCK'):
    net = tf.concat(nets, 1)
    batch_size = net.get_shape().dims[0].value
    feature_size = net.get_shape().dims[3].value
    return tf.reshape(net, [batch_size, -1, feature_size])

class NetSlice(object):
  def __init__(self, net, regularizer):
    self._net = net
    self._zero_label = tf.zeros([batch_size, num_char_classes])
    self._char_logits = {}
    self._softmax_w = slim.model_variable('softmax_w', [num_lstm_units, num_char_classes],
                                          initializer=orthogonal_initializer, regularizer=regularizer)
    self._softmax_b = slim.model_variable('softmax_b', [num_char_classes], initializer=tf.zeros_initializer(),
                                          regularizer=regularizer)

  def get_image_feature(self, char_index):
    batch_size, features_num, _ = [d.value for d in self._net.get_shape()]
    slice_len = int(features_num / seq_length)
    net_slice = self._net[:, char_index:char_index + slice_len, :]
    feature = tf.reshape(net_slice, [batch_size, -1])
    return feature

  def get_input(self, prev, i):
    return self.get_image_feature(i)

  def char_logit(self, inputs, char_index):
    if char_index not in self._char_logits:
      self._char_logits[char_index] = tf.nn.xw_plus_b(inputs, self._softmax_w, self._softmax_b)
    return self._char_logits[char_index]

  def create_logits(self):
    with tf.variable_scope('LSTM'):
      first_label = self.get_input(prev=None, i=0)
      decoder_inputs = [first_label] + [None] * (seq_length - 1)
      lstm_cell = tf.nn.rnn_cell.LSTMCell(num_lstm_units, use_peepholes=False, cell_clip=10.0,
                                          state_is_tuple=True, initializer=orthogonal_initializer)
      lstm_outputs, _ = contrib.legacy_seq2seq.rnn_decoder(
          decoder_inputs=decoder_inputs, initial_state=lstm_cell.zero_state(batch_size, tf.float32),
          loop_function=self.get_input, cell=lstm_cell)
    with tf.variable_scope('logits'):
      logits_list = [tf.expand_dims(self.char_logit(logit, i), dim=1) for i, logit in enumerate(lstm_outputs)]
    return tf.concat(logits_list, 1)

def char_predictions(chars_logit):
  log_prob = logits_to_log_prob(chars_logit)
  ids = tf.to_int32(tf.argmax(log_prob, axis=2), name='predicted_chars')
  mask = tf.cast(slim.one_hot_encoding(ids, num_char_classes), tf.bool)
  all_scores = tf.nn.softmax(chars_logit)
  selected_scores = tf.boolean_mask(all_scores, mask, name='char_scores')
  scores = tf.reshape(selected_scores, shape=(-1, seq_length))
  return ids, log_prob, scores

def label_smoothing_regularization(chars_labels, weight=0.1):
  one_hot_labels = tf.one_hot(chars_labels, depth=num_char_classes, axis=-1)
  pos_weight = 1.0 - weight
  neg_weight = weight / num_char_classes
  return one_hot_labels * pos_weight + neg_weight

def sequence_loss_fn(chars_logits, chars_labels, label_smoothing=0.1):
  with tf.variable_scope('sequence_loss_fn/SLF'):
    smoothed_one_hot_labels = label_smoothing_regularization(chars_labels, label_smoothing)
    labels_list = tf.unstack(smoothed_one_hot_labels, axis=1)
    batch_size, seq_length, _ = chars_logits.shape.as_list()
    reject_char = tf.constant(num_char_classes - 1, shape=(batch_size, seq_length), dtype=tf.int64)
    known_char = tf.not_equal(chars_labels, reject_char)
    weights = tf.to_float(known_char)
    logits_list = tf.unstack(chars_logits, axis=1)
    weights_list = tf.unstack(weights, axis=1)
    def loss_fn(labels, logits):
      return tf.nn.softmax_cross_entropy_with_logits(logits=logits, labels=labels)
    loss = contrib.legacy_seq2seq.sequence_loss(logits_list, labels_list, weights_list,
                                                softmax_loss_function=loss_fn, average_across_timesteps=False)
    tf.losses.add_loss(loss)
    return loss

images = tf.placeholder(tf.float32, [batch_size, 6, 6, 3])
labels = tf.placeholder(tf.int64, [batch_size, seq_length])
with tf.variable_scope("AttentionOcr_v1"):
  views = tf.split(value=images, num_or_size_splits=2, axis=2)
  nets = [slim.conv2d(v, 4, [3, 3], scope="conv_tower_fn/INCE", reuse=(i > 0)) for i, v in enumerate(views)]
  nets = [encode_coordinates_fn(net) for net in nets]
  net = pool_views_fn(nets)
  layer = NetSlice(net, slim.l2_regularizer(0.01))
  chars_logit = layer.create_logits()
  predicted_chars, chars_log_prob, predicted_scores = char_predictions(chars_logit)
seq_loss = sequence_loss_fn(chars_logit, labels)
total_loss = tf.losses.get_total_loss()
train_op = tf.train.MomentumOptimizer(0.1, 0.9).minimize(total_loss)
mapping_strings = tf.constant([charset[i] for i in range(num_char_classes)])
table = contrib.lookup.index_to_string_table_from_tensor(mapping=mapping_strings, default_value="?")
text = tf.reduce_join(table.lookup(tf.to_int64(predicted_chars)), axis=1)
feed = {images: np.abs(rand(24, batch_size, 6, 6, 3)), labels: [[0, 2, 4], [3, 1, 1]]}
sess = tf.Session()
sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
hist = []
for _ in range(4):
  hist.append(sess.run([seq_loss, total_loss, train_op], feed)[:2])
out["hist"] = LS(hist)
ids, scores, txt = sess.run([predicted_chars, predicted_scores, text], feed)
out["ids"] = L(ids)
out["scores"] = L(scores)
out["text"] = [t.decode() for t in txt]
out["losses"] = [t.op.name for t in tf.get_collection(tf.GraphKeys.LOSSES)]
out["model_vars"] = [v.op.name for v in tf.model_variables()]
""",
}

SEMI5_PROGRAMS = {
    # CuriousAI/mean-teacher (tensorflow/mean_teacher/model.py): sigmoid ramp-up and
    # ramp-down by tf.cond on the global step, Adam whose learning rate, beta1 and beta2
    # are tensors of the step (so its beta powers start from tensors), a tower built three
    # times (two students by name_variable_scope with reuse, the teacher through a custom
    # getter returning ExponentialMovingAverage averages of a tensor decay), costs with
    # unlabeled -1 examples masked by tf.where, the consistency cost chosen by tf.case.
    # Arranged: the teacher's EMA update runs after the train step (mean-teacher puts it in
    # UPDATE_OPS, where TF orders it against the teacher's reads as it likes).
    "meanteacher_rampups_ema_getter_tensor_betas": r"""
tf.set_random_seed(524)
from contextlib import contextmanager

def sigmoid_rampup(global_step, rampup_length):
  global_step = tf.to_float(global_step)
  rampup_length = tf.to_float(rampup_length)
  def ramp():
    phase = 1.0 - tf.maximum(0.0, global_step) / rampup_length
    return tf.exp(-5.0 * phase * phase)
  result = tf.cond(global_step < rampup_length, ramp, lambda: tf.constant(1.0))
  return tf.identity(result, name="sigmoid_rampup")

def sigmoid_rampdown(global_step, rampdown_length, training_length):
  global_step = tf.to_float(global_step)
  rampdown_length = tf.to_float(rampdown_length)
  training_length = tf.to_float(training_length)
  def ramp():
    phase = 1.0 - tf.maximum(0.0, training_length - global_step) / rampdown_length
    return tf.exp(-12.5 * phase * phase)
  result = tf.cond(global_step >= training_length - rampdown_length, ramp, lambda: tf.constant(1.0))
  return tf.identity(result, name="sigmoid_rampdown")

def step_rampup(global_step, rampup_length):
  global_step = tf.to_float(global_step)
  rampup_length = tf.to_float(rampup_length)
  def ramp():
    return 0.0
  result = tf.cond(global_step < rampup_length, lambda: tf.constant(0.0), lambda: tf.constant(1.0))
  return tf.identity(result, name="step_rampup")

@contextmanager
def name_variable_scope(name_scope_name, var_scope_or_var_scope_name, *var_scope_args, **var_scope_kwargs):
  with tf.name_scope(name_scope_name) as name_scope:
    with tf.variable_scope(var_scope_or_var_scope_name, *var_scope_args, **var_scope_kwargs) as var_scope:
      yield name_scope, var_scope

@contextmanager
def ema_variable_scope(name_scope_name, var_scope, decay=0.999):
  with tf.name_scope(name_scope_name + "/ema_variables"):
    original_trainable_vars = {tensor.op.name: tensor for tensor in
                               tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope=var_scope.name)}
    ema = tf.train.ExponentialMovingAverage(decay)
    update_op = ema.apply(original_trainable_vars.values())
  def use_ema_variables(getter, name, *_, **__):
    assert name in original_trainable_vars, "Unknown variable {}.".format(name)
    return ema.average(original_trainable_vars[name])
  with name_variable_scope(name_scope_name, var_scope, custom_getter=use_ema_variables):
    yield update_op

def tower(inputs, is_training, dropout_probability, input_noise):
  noisy = inputs + tf.random_normal(tf.shape(inputs)) * input_noise
  net = tf.layers.dense(noisy, 8, activation=tf.nn.relu, name="fc1")
  net = tf.layers.dropout(net, rate=dropout_probability, training=is_training)
  class_logits = tf.layers.dense(net, 3, name="fc_class")
  cons_logits = tf.layers.dense(net, 3, name="fc_cons")
  return class_logits, cons_logits

def errors(logits, labels, name=None):
  with tf.name_scope(name, "errors") as scope:
    applicable = tf.not_equal(labels, -1)
    labels = tf.boolean_mask(labels, applicable)
    logits = tf.boolean_mask(logits, applicable)
    predictions = tf.argmax(logits, -1)
    labels = tf.cast(labels, tf.int64)
    per_sample = tf.to_float(tf.not_equal(predictions, labels))
    mean = tf.reduce_mean(per_sample, name=scope)
    return mean, per_sample

def classification_costs(logits, labels, name=None):
  with tf.name_scope(name, "classification_costs") as scope:
    applicable = tf.not_equal(labels, -1)
    labels = tf.where(applicable, labels, tf.zeros_like(labels))
    per_sample = tf.nn.sparse_softmax_cross_entropy_with_logits(logits=logits, labels=labels)
    per_sample = tf.where(applicable, per_sample, tf.zeros_like(per_sample))
    labeled_sum = tf.reduce_sum(per_sample)
    total_count = tf.to_float(tf.shape(per_sample)[0])
    mean = tf.div(labeled_sum, total_count, name=scope)
    return mean, per_sample

def consistency_costs(logits1, logits2, cons_coefficient, mask, consistency_trust, name=None):
  with tf.name_scope(name, "consistency_costs") as scope:
    num_classes = 3
    assert_op = tf.Assert(tf.equal(num_classes, 3), [num_classes])
    with tf.control_dependencies([assert_op]):
      softmax1 = tf.nn.softmax(logits1)
      softmax2 = tf.nn.softmax(logits2)
      kl_cost_multiplier = 2 * (1 - 1 / num_classes) / num_classes ** 2 / consistency_trust ** 2
      def pure_mse():
        costs = tf.reduce_mean((softmax1 - softmax2) ** 2, -1)
        return costs
      def pure_kl():
        cross_entropy = tf.nn.softmax_cross_entropy_with_logits(logits=logits1, labels=softmax2)
        entropy = tf.nn.softmax_cross_entropy_with_logits(logits=logits2, labels=softmax2)
        costs = cross_entropy - entropy
        costs = costs * kl_cost_multiplier
        return costs
      def mixture_kl():
        with tf.control_dependencies([tf.assert_greater(consistency_trust, 0.0), tf.assert_less(consistency_trust, 1.0)]):
          uniform = tf.constant(1 / num_classes, shape=[num_classes])
          mixed_softmax1 = consistency_trust * softmax1 + (1 - consistency_trust) * uniform
          mixed_softmax2 = consistency_trust * softmax2 + (1 - consistency_trust) * uniform
          costs = tf.reduce_sum(mixed_softmax2 * tf.log(mixed_softmax2 / mixed_softmax1), axis=1)
          costs = costs * kl_cost_multiplier
          return costs
      costs = tf.case([(tf.equal(consistency_trust, 0.), pure_mse), (tf.equal(consistency_trust, 1.), pure_kl)],
                      default=mixture_kl)
      costs = costs * tf.to_float(mask) * cons_coefficient
      mean_cost = tf.reduce_mean(costs, name=scope)
      return mean_cost, costs

hyper = dict(rampup_length=3, rampdown_length=2, training_length=6, max_learning_rate=0.01,
             adam_beta_1_before_rampdown=0.9, adam_beta_1_after_rampdown=0.5, adam_beta_2_during_rampup=0.99,
             adam_beta_2_after_rampup=0.999, ema_decay_during_rampup=0.9, ema_decay_after_rampup=0.99,
             max_consistency_cost=10.0)
images = tf.placeholder(tf.float32, [None, 4], name="images")
labels = tf.placeholder(tf.int32, [None], name="labels")
training = tf.placeholder_with_default(False, (), name="training")
consistency_trust = tf.placeholder_with_default(0.0, (), name="consistency_trust")
global_step = tf.Variable(0, trainable=False, name='global_step')
tf.add_to_collection("init_in_init", global_step)
with tf.name_scope("ramps"):
  sigmoid_rampup_value = sigmoid_rampup(global_step, hyper['rampup_length'])
  sigmoid_rampdown_value = sigmoid_rampdown(global_step, hyper['rampdown_length'], hyper['training_length'])
  learning_rate = tf.multiply(sigmoid_rampup_value * sigmoid_rampdown_value, hyper['max_learning_rate'],
                              name='learning_rate')
  adam_beta_1 = tf.add(sigmoid_rampdown_value * hyper['adam_beta_1_before_rampdown'],
                       (1 - sigmoid_rampdown_value) * hyper['adam_beta_1_after_rampdown'], name='adam_beta_1')
  cons_coefficient = tf.multiply(sigmoid_rampup_value, hyper['max_consistency_cost'], name='consistency_coefficient')
  step_rampup_value = step_rampup(global_step, hyper['rampup_length'])
  adam_beta_2 = tf.add((1 - step_rampup_value) * hyper['adam_beta_2_during_rampup'],
                       step_rampup_value * hyper['adam_beta_2_after_rampup'], name='adam_beta_2')
  ema_decay = tf.add((1 - step_rampup_value) * hyper['ema_decay_during_rampup'],
                     step_rampup_value * hyper['ema_decay_after_rampup'], name='ema_decay')
with tf.variable_scope("initialization") as var_scope:
  _ = tower(images, training, 0.0, 0.1)
with name_variable_scope("primary", var_scope, reuse=True):
  class_logits_1, cons_logits_1 = tower(images, training, 0.5, 0.1)
with name_variable_scope("secondary", var_scope, reuse=True):
  class_logits_2, cons_logits_2 = tower(images, training, 0.5, 0.1)
with ema_variable_scope("ema", var_scope, decay=ema_decay) as ema_update:
  class_logits_ema, cons_logits_ema = tower(images, training, 0.5, 0.1)
  class_logits_ema, cons_logits_ema = tf.stop_gradient(class_logits_ema), tf.stop_gradient(cons_logits_ema)
with tf.name_scope("objectives"):
  mean_error_1, errors_1 = errors(class_logits_1, labels)
  mean_class_cost_1, class_costs_1 = classification_costs(class_logits_1, labels)
  labeled_consistency = tf.ones_like(labels)
  mean_cons_cost_mt, cons_costs_mt = consistency_costs(cons_logits_1, class_logits_ema, cons_coefficient,
                                                       labeled_consistency, consistency_trust)
  cost_to_be_minimized = mean_class_cost_1 + mean_cons_cost_mt
with tf.name_scope("train_step"):
  update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
  with tf.control_dependencies(update_ops):
    train_step_op = tf.train.AdamOptimizer(learning_rate=learning_rate, beta1=adam_beta_1, beta2=adam_beta_2,
                                           epsilon=1e-8).minimize(cost_to_be_minimized, global_step)
sess = tf.Session()
sess.run(tf.variables_initializer(tf.get_collection("init_in_init")))
sess.run(tf.global_variables_initializer())
rng = np.random.RandomState(24)
xs = rng.randn(6, 4).astype(np.float32)
ys = np.array([0, 1, -1, 2, -1, 1], np.int32)
hist = []
for step in range(5):
  feed = {images: xs, labels: ys, training: True, consistency_trust: [0.0, 1.0, 0.5][step % 3]}
  got = sess.run([cost_to_be_minimized, mean_class_cost_1, mean_cons_cost_mt, mean_error_1, learning_rate,
                  adam_beta_1, adam_beta_2, ema_decay, train_step_op], feed)
  hist.append(got[:8])
  sess.run(ema_update)
out["hist"] = LS(hist)
out["ema_logits"] = L(sess.run(class_logits_ema, {images: xs}))
out["vars"] = [v.op.name for v in tf.global_variables()]
""",
}

SFM_PROGRAMS = {
    # tinghuiz/SfMLearner (utils.py, SfMLearner.py): euler2mat and pose_vec2mat, pixel2cam
    # and cam2pixel through a meshgrid of homogeneous coordinates, the bilinear sampler's
    # four gathered neighbours with clipped coordinates, projective_inverse_warp with
    # intrinsics, the photometric loss masked by the explainability softmax, its
    # cross-entropy against a [0, 1] reference, the second-order smoothness loss.
    "sfm_projective_inverse_warp_explainability": r"""
tf.set_random_seed(525)

def euler2mat(z, y, x):
  B = tf.shape(z)[0]
  N = 1
  z = tf.clip_by_value(z, -np.pi, np.pi)
  y = tf.clip_by_value(y, -np.pi, np.pi)
  x = tf.clip_by_value(x, -np.pi, np.pi)
  z = tf.expand_dims(tf.expand_dims(z, -1), -1)
  y = tf.expand_dims(tf.expand_dims(y, -1), -1)
  x = tf.expand_dims(tf.expand_dims(x, -1), -1)
  zeros = tf.zeros([B, N, 1, 1])
  ones = tf.ones([B, N, 1, 1])
  cosz = tf.cos(z)
  sinz = tf.sin(z)
  rotz_1 = tf.concat([cosz, -sinz, zeros], axis=3)
  rotz_2 = tf.concat([sinz, cosz, zeros], axis=3)
  rotz_3 = tf.concat([zeros, zeros, ones], axis=3)
  zmat = tf.concat([rotz_1, rotz_2, rotz_3], axis=2)
  cosy = tf.cos(y)
  siny = tf.sin(y)
  roty_1 = tf.concat([cosy, zeros, siny], axis=3)
  roty_2 = tf.concat([zeros, ones, zeros], axis=3)
  roty_3 = tf.concat([-siny, zeros, cosy], axis=3)
  ymat = tf.concat([roty_1, roty_2, roty_3], axis=2)
  cosx = tf.cos(x)
  sinx = tf.sin(x)
  rotx_1 = tf.concat([ones, zeros, zeros], axis=3)
  rotx_2 = tf.concat([zeros, cosx, -sinx], axis=3)
  rotx_3 = tf.concat([zeros, sinx, cosx], axis=3)
  xmat = tf.concat([rotx_1, rotx_2, rotx_3], axis=2)
  rotMat = tf.matmul(tf.matmul(xmat, ymat), zmat)
  return rotMat

def pose_vec2mat(vec):
  batch_size, _ = vec.get_shape().as_list()
  translation = tf.slice(vec, [0, 0], [-1, 3])
  translation = tf.expand_dims(translation, -1)
  rx = tf.slice(vec, [0, 3], [-1, 1])
  ry = tf.slice(vec, [0, 4], [-1, 1])
  rz = tf.slice(vec, [0, 5], [-1, 1])
  rot_mat = euler2mat(rz, ry, rx)
  rot_mat = tf.squeeze(rot_mat, axis=[1])
  filler = tf.constant([0.0, 0.0, 0.0, 1.0], shape=[1, 1, 4])
  filler = tf.tile(filler, [batch_size, 1, 1])
  transform_mat = tf.concat([rot_mat, translation], axis=2)
  transform_mat = tf.concat([transform_mat, filler], axis=1)
  return transform_mat

def pixel2cam(depth, pixel_coords, intrinsics, is_homogeneous=True):
  batch, height, width = depth.get_shape().as_list()
  depth = tf.reshape(depth, [batch, 1, -1])
  pixel_coords = tf.reshape(pixel_coords, [batch, 3, -1])
  cam_coords = tf.matmul(tf.matrix_inverse(intrinsics), pixel_coords) * depth
  if is_homogeneous:
    ones = tf.ones([batch, 1, height * width])
    cam_coords = tf.concat([cam_coords, ones], axis=1)
  cam_coords = tf.reshape(cam_coords, [batch, -1, height, width])
  return cam_coords

def cam2pixel(cam_coords, proj):
  batch, _, height, width = cam_coords.get_shape().as_list()
  cam_coords = tf.reshape(cam_coords, [batch, 4, -1])
  unnormalized_pixel_coords = tf.matmul(proj, cam_coords)
  x_u = tf.slice(unnormalized_pixel_coords, [0, 0, 0], [-1, 1, -1])
  y_u = tf.slice(unnormalized_pixel_coords, [0, 1, 0], [-1, 1, -1])
  z_u = tf.slice(unnormalized_pixel_coords, [0, 2, 0], [-1, 1, -1])
  x_n = x_u / (z_u + 1e-10)
  y_n = y_u / (z_u + 1e-10)
  pixel_coords = tf.concat([x_n, y_n], axis=1)
  pixel_coords = tf.reshape(pixel_coords, [batch, 2, height, width])
  return tf.transpose(pixel_coords, perm=[0, 2, 3, 1])

def meshgrid(batch, height, width, is_homogeneous=True):
  x_t = tf.matmul(tf.ones(shape=tf.stack([height, 1])),
                  tf.transpose(tf.expand_dims(tf.linspace(-1.0, 1.0, width), 1), [1, 0]))
  y_t = tf.matmul(tf.expand_dims(tf.linspace(-1.0, 1.0, height), 1), tf.ones(shape=tf.stack([1, width])))
  x_t = (x_t + 1.0) * 0.5 * tf.cast(width - 1, tf.float32)
  y_t = (y_t + 1.0) * 0.5 * tf.cast(height - 1, tf.float32)
  if is_homogeneous:
    ones = tf.ones_like(x_t)
    coords = tf.stack([x_t, y_t, ones], axis=0)
  else:
    coords = tf.stack([x_t, y_t], axis=0)
  coords = tf.tile(tf.expand_dims(coords, 0), [batch, 1, 1, 1])
  return coords

def bilinear_sampler(imgs, coords):
  def _repeat(x, n_repeats):
    rep = tf.transpose(tf.expand_dims(tf.ones(shape=tf.stack([n_repeats])), 1), [1, 0])
    rep = tf.cast(rep, 'float32')
    x = tf.matmul(tf.reshape(x, (-1, 1)), rep)
    return tf.reshape(x, [-1])
  with tf.name_scope('image_sampling'):
    coords_x, coords_y = tf.split(coords, [1, 1], axis=3)
    inp_size = imgs.get_shape()
    coord_size = coords.get_shape()
    out_size = coords.get_shape().as_list()
    out_size[3] = imgs.get_shape().as_list()[3]
    coords_x = tf.cast(coords_x, 'float32')
    coords_y = tf.cast(coords_y, 'float32')
    x0 = tf.floor(coords_x)
    x1 = x0 + 1
    y0 = tf.floor(coords_y)
    y1 = y0 + 1
    y_max = tf.cast(tf.shape(imgs)[1] - 1, 'float32')
    x_max = tf.cast(tf.shape(imgs)[2] - 1, 'float32')
    zero = tf.zeros([1], dtype='float32')
    x0_safe = tf.clip_by_value(x0, zero, x_max)
    y0_safe = tf.clip_by_value(y0, zero, y_max)
    x1_safe = tf.clip_by_value(x1, zero, x_max)
    y1_safe = tf.clip_by_value(y1, zero, y_max)
    wt_x0 = x1_safe - coords_x
    wt_x1 = coords_x - x0_safe
    wt_y0 = y1_safe - coords_y
    wt_y1 = coords_y - y0_safe
    dim2 = tf.cast(inp_size[2], 'float32')
    dim1 = tf.cast(inp_size[2] * inp_size[1], 'float32')
    base = tf.reshape(_repeat(tf.cast(tf.range(coord_size[0]), 'float32') * dim1, coord_size[1] * coord_size[2]),
                      [out_size[0], out_size[1], out_size[2], 1])
    base_y0 = base + y0_safe * dim2
    base_y1 = base + y1_safe * dim2
    idx00 = tf.reshape(x0_safe + base_y0, [-1])
    idx01 = x0_safe + base_y1
    idx10 = x1_safe + base_y0
    idx11 = x1_safe + base_y1
    imgs_flat = tf.reshape(imgs, tf.stack([-1, inp_size[3]]))
    imgs_flat = tf.cast(imgs_flat, 'float32')
    im00 = tf.reshape(tf.gather(imgs_flat, tf.cast(idx00, 'int32')), out_size)
    im01 = tf.reshape(tf.gather(imgs_flat, tf.cast(idx01, 'int32')), out_size)
    im10 = tf.reshape(tf.gather(imgs_flat, tf.cast(idx10, 'int32')), out_size)
    im11 = tf.reshape(tf.gather(imgs_flat, tf.cast(idx11, 'int32')), out_size)
    w00 = wt_x0 * wt_y0
    w01 = wt_x0 * wt_y1
    w10 = wt_x1 * wt_y0
    w11 = wt_x1 * wt_y1
    output = tf.add_n([w00 * im00, w01 * im01, w10 * im10, w11 * im11])
    return output

def projective_inverse_warp(img, depth, pose, intrinsics):
  batch, height, width, _ = img.get_shape().as_list()
  pose = pose_vec2mat(pose)
  pixel_coords = meshgrid(batch, height, width)
  cam_coords = pixel2cam(depth, pixel_coords, intrinsics)
  filler = tf.constant([0.0, 0.0, 0.0, 1.0], shape=[1, 1, 4])
  filler = tf.tile(filler, [batch, 1, 1])
  intrinsics = tf.concat([intrinsics, tf.zeros([batch, 3, 1])], axis=2)
  intrinsics = tf.concat([intrinsics, filler], axis=1)
  proj_tgt_cam_to_src_pixel = tf.matmul(intrinsics, pose)
  src_pixel_coords = cam2pixel(cam_coords, proj_tgt_cam_to_src_pixel)
  output_img = bilinear_sampler(img, src_pixel_coords)
  return output_img

def compute_exp_reg_loss(pred, ref):
  l = tf.nn.softmax_cross_entropy_with_logits(labels=tf.reshape(ref, [-1, 2]), logits=tf.reshape(pred, [-1, 2]))
  return tf.reduce_mean(l)

def gradient(pred):
  D_dy = pred[:, 1:, :, :] - pred[:, :-1, :, :]
  D_dx = pred[:, :, 1:, :] - pred[:, :, :-1, :]
  return D_dx, D_dy

def compute_smooth_loss(pred_disp):
  dx, dy = gradient(pred_disp)
  dx2, dxdy = gradient(dx)
  dydx, dy2 = gradient(dy)
  return tf.reduce_mean(tf.abs(dx2)) + tf.reduce_mean(tf.abs(dxdy)) + tf.reduce_mean(tf.abs(dydx)) + tf.reduce_mean(tf.abs(dy2))

B, H, W = 2, 6, 8
tgt_image = tf.placeholder(tf.float32, [B, H, W, 3])
src_image = tf.placeholder(tf.float32, [B, H, W, 3])
intrinsics = tf.constant(np.tile(np.array([[[4.0, 0, 3.5], [0, 4.0, 2.5], [0, 0, 1]]], np.float32), [B, 1, 1]))
with tf.variable_scope("depth_net"):
  h = slim.conv2d(tgt_image, 4, [3, 3], activation_fn=tf.nn.relu, scope="cnv1")
  pred_disp = slim.conv2d(h, 1, [3, 3], activation_fn=tf.sigmoid, scope="disp") * 10.0 + 0.01
  pred_depth = 1.0 / pred_disp
with tf.variable_scope("pose_exp_net"):
  inputs = tf.concat([tgt_image, src_image], axis=3)
  c = slim.conv2d(inputs, 4, [3, 3], stride=2, activation_fn=tf.nn.relu, scope="cnv1")
  pose_pred = slim.conv2d(c, 6, [1, 1], activation_fn=None, scope="pred")
  pose_avg = tf.reduce_mean(pose_pred, [1, 2])
  pose_final = 0.01 * tf.reshape(pose_avg, [-1, 6])
  exp_up = tf.image.resize_nearest_neighbor(c, [H, W])
  exp_mask = slim.conv2d(exp_up, 2, [3, 3], activation_fn=None, scope="mask")
curr_proj_image = projective_inverse_warp(src_image, tf.squeeze(pred_depth, axis=3), pose_final, intrinsics)
curr_proj_error = tf.abs(curr_proj_image - tgt_image)
ref_exp_mask = tf.constant(np.tile(np.array([0, 1], np.float32), (B, H, W, 1)))
exp_loss = 0.2 * compute_exp_reg_loss(exp_mask, ref_exp_mask)
curr_exp = tf.nn.softmax(exp_mask)
pixel_loss = tf.reduce_mean(curr_proj_error * tf.expand_dims(curr_exp[:, :, :, 1], -1))
smooth_loss = 0.5 * compute_smooth_loss(pred_disp)
total_loss = pixel_loss + smooth_loss + exp_loss
global_step = tf.Variable(0, name='global_step', trainable=False)
incr_global_step = tf.assign(global_step, global_step + 1)
optim = tf.train.AdamOptimizer(2e-3, 0.9)
train_op = slim.learning.create_train_op(total_loss, optim)
imgs = np.abs(rand(25, 2, B, H, W, 3)) % 1.0
feed = {tgt_image: imgs[0], src_image: imgs[1]}
sess = tf.Session()
sess.run(tf.global_variables_initializer())
pose_probe = tf.constant([[0.1, -0.2, 0.05, 0.02, -0.03, 0.01], [0.0, 0.1, -0.1, 0.3, 0.1, -0.2]], tf.float32)
out["pose_mat"] = L(sess.run(pose_vec2mat(pose_probe)))
depth_probe = tf.constant(1.0 + np.abs(rand(26, B, H, W)))
out["warped"] = L(sess.run(projective_inverse_warp(tf.constant(imgs[1]), depth_probe, pose_probe, intrinsics))[0, 2:4, 2:6])
hist = []
for _ in range(3):
  hist.append(sess.run([total_loss, pixel_loss, smooth_loss, exp_loss, train_op, incr_global_step], feed)[:4])
out["hist"] = LS(hist)
out["step"] = L(sess.run(global_step))
""",
}

PROGRAMS = {
    **SFM_PROGRAMS,
    **SEMI5_PROGRAMS,
    **OCR_PROGRAMS,
    **VISION6_PROGRAMS,
    **RL5_PROGRAMS,
    **META_PROGRAMS,
    **VISION5_PROGRAMS,
    **POINT_PROGRAMS,
    **SEQ2_PROGRAMS,
    **RECSYS_PROGRAMS,
    **SEQ_PROGRAMS,
}


def contrib_for_tf2(tf):
    """tf1_models' contrib, with the lookup module attention_ocr's charset mapper reads
    (TF 1.15's contrib.lookup functions live on in lookup_ops) and legacy_seq2seq's
    sequence_loss (TF 1.15's, re-typed over the re-typed sequence_loss_by_example)."""
    from types import SimpleNamespace

    from tensorflow.python.ops import lookup_ops

    contrib = tf1_models.contrib_for_tf2(tf)
    by_example = contrib.legacy_seq2seq.sequence_loss_by_example

    def sequence_loss(
        logits,
        targets,
        weights,
        average_across_timesteps=True,
        average_across_batch=True,
        softmax_loss_function=None,
        name=None,
    ):
        with tf.name_scope(name, "sequence_loss", logits + targets + weights):
            cost = tf.reduce_sum(
                by_example(
                    logits,
                    targets,
                    weights,
                    average_across_timesteps=average_across_timesteps,
                    softmax_loss_function=softmax_loss_function,
                )
            )
            if average_across_batch:
                batch_size = tf.shape(targets[0])[0]
                return cost / tf.cast(batch_size, cost.dtype)
            return cost

    def index_to_string_table_from_tensor(mapping, default_value="UNK", name=None):
        # TF 1.15's contrib.lookup spelled the vocabulary `mapping`
        return lookup_ops.index_to_string_table_from_tensor(mapping, default_value, name)

    legacy = SimpleNamespace(**dict(vars(contrib.legacy_seq2seq), sequence_loss=sequence_loss))
    lookup = SimpleNamespace(index_to_string_table_from_tensor=index_to_string_table_from_tensor)
    return SimpleNamespace(**dict(vars(contrib), lookup=lookup, legacy_seq2seq=legacy))


def main(names: list[str]) -> None:
    tf = harness.import_tf1(legacy_keras=True)
    chosen = {n: PROGRAMS[n] for n in names} if names else PROGRAMS
    results = harness.run_programs(tf, chosen, PRELUDE, CONTRIB=contrib_for_tf2(tf))
    harness.dump({"tensorflow": tf.__version__, "programs": results})


if __name__ == "__main__":
    main(sys.argv[1:])
