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
shichence's AutoInt (`autoint_`), the ESMM CTR×CVR estimator model_fn (`esmm_`),
GradySimon's tensorflow-glove (`glove_`), ematvey's hierarchical attention networks
(`han_`), barronalex's DMN+ (`dmn_`: the attention GRU cell), Rayhane-mamah's Tacotron-2
(`taco2_`: zoneout LSTM, location-sensitive attention, postnet, regularization filtered
by variable name), ericjang's DRAW (`draw_`), charlesq34's PointNet (`pointnet_`: the
T-net, tf_util's batch norm whose ExponentialMovingAverage is applied inside a cond)
and WangYueFt's DGCNN (`dgcnn_`), abdulfatir's prototypical networks (`protonet_`),
openai's supervised-reptile (`reptile_`), clvrai's Relation Networks (`relnet_`),
batzner's IndRNN (`indrnn_`), mrharicot's monodepth (`monodepth_`), openai's MADDPG
(`maddpg_`) and baselines' GAIL adversary (`gail_`), melodyguan's ENAS controller
(`enas_`), tensorflow/models' attention_ocr (`attocr_`), kobiso's CBAM (`cbam_`), an
AdaIN arbitrary style transfer (`adain_`), CuriousAI's mean teacher (`meanteacher_`) and
tinghuiz's SfMLearner (`sfm_`). No data comes from the internet: inputs are small seeded
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

PROGRAMS = {
    **RECSYS_PROGRAMS,
    **SEQ_PROGRAMS,
}


def contrib_for_tf2(tf):
    """tf1_models' contrib, with the lookup module attention_ocr's charset mapper reads
    (TF 1.15's contrib.lookup functions live on in lookup_ops)."""
    from types import SimpleNamespace

    from tensorflow.python.ops import lookup_ops

    contrib = tf1_models.contrib_for_tf2(tf)
    return SimpleNamespace(**dict(vars(contrib), lookup=lookup_ops))


def main(names: list[str]) -> None:
    tf = harness.import_tf1(legacy_keras=True)
    chosen = {n: PROGRAMS[n] for n in names} if names else PROGRAMS
    results = harness.run_programs(tf, chosen, PRELUDE, CONTRIB=contrib_for_tf2(tf))
    harness.dump({"tensorflow": tf.__version__, "programs": results})


if __name__ == "__main__":
    main(sys.argv[1:])
