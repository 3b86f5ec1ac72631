"""Keywords TF 2's `tf.compat.v1` functions accept that a TF1 program may pass, and
`tf.raw_ops` for the ops graphgate has kernels for (both found by scripts/tf_surface.py):
programs run unchanged with `tf` = tensorflow.compat.v1 (this script, dev-only) and with
`tf` = graphgate (tests/unit/engine/test_tf1_keywords_raw_ops.py).

    TF_USE_LEGACY_KERAS=1 PYTHONPATH=layers/engine /work/tfvenv/bin/python \
        tests/reference/tf1_keywords_raw_ops.py \
        > tests/unit/engine/fixtures/tf1_keywords_raw_ops.json

The fixture also keeps TF's signature of every `raw_ops` name graphgate exposes (read from
`graphgate.raw_ops.__all__`, hence the PYTHONPATH), so a wrapper cannot drift from TF's.
"""

from __future__ import annotations

import inspect

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

PROGRAMS = {
    "matmul_keywords": """
a = tf.constant([[1., 2.], [3., 4.]])
m = tf.matmul(a, a, grad_a=True, grad_b=False)
same = tf.matmul(a, a, output_type=tf.float32)
lists = tf.matmul([[1., 2.]], [[3.], [4.]], output_type=tf.float32)
with tf.Session() as sess:
    out["values"] = [v.tolist() for v in sess.run([m, same, lists])]
out["types"] = [m.op.type, same.op.type, same.dtype.name, lists.dtype.name]
def float_to_int():
    with tf.Session() as sess:
        sess.run(tf.matmul(a, a, output_type=tf.int32))
out["float_to_int"] = raises(float_to_int)
""",
    "layout_none": """
z = tf.zeros([2], layout=None)
o = tf.ones([2, 1], tf.int32, layout=None)
f = tf.fill([2], 3., layout=None)
with tf.Session() as sess:
    out["values"] = [v.tolist() for v in sess.run([z, o, f])]
out["names"] = [z.op.name, o.op.name, f.op.name]
""",
    "nd_bad_indices_policy": """
p = tf.constant([[1., 2.], [3., 4.]])
results = []
for policy in ["", "DEFAULT", "ERROR"]:
    results += [tf.gather_nd(p, [[1], [0]], bad_indices_policy=policy),
                tf.scatter_nd([[2], [0]], [5., 6.], [3], bad_indices_policy=policy),
                tf.tensor_scatter_nd_add(tf.zeros([3]), [[1]], [2.], bad_indices_policy=policy),
                tf.tensor_scatter_nd_sub(tf.zeros([3]), [[1]], [2.], bad_indices_policy=policy),
                tf.tensor_scatter_nd_max(tf.zeros([3]), [[1]], [2.], bad_indices_policy=policy),
                tf.tensor_scatter_nd_min(tf.zeros([3]), [[1]], [-2.], bad_indices_policy=policy)]
with tf.Session() as sess:
    out["values"] = [v.tolist() for v in sess.run(results)]
def run(build):
    with tf.Session() as sess:
        sess.run(build())
out["out_of_range"] = raises(
    lambda: run(lambda: tf.gather_nd(p, [[5]], bad_indices_policy="ERROR")))
out["unknown_gather"] = raises(
    lambda: run(lambda: tf.gather_nd(p, [[0]], bad_indices_policy="FOO")))
out["unknown_scatter"] = raises(
    lambda: run(lambda: tf.scatter_nd([[0]], [1.], [2], bad_indices_policy="FOO")))
""",
    "top_k_index_type": """
x = tf.constant([[1., 3., 2.], [4., 0., 5.]])
r64 = tf.nn.top_k(x, k=2, index_type=tf.int64)
r16 = tf.math.top_k(x, 2, index_type=tf.int16)
r32 = tf.nn.top_k(x, k=2, index_type=tf.int32)
with tf.Session() as sess:
    fetched = sess.run([r64.values, r64.indices, r16.indices, r32.indices])
    out["values"] = [v.tolist() for v in fetched]
out["dtypes"] = [r64.indices.dtype.name, r16.indices.dtype.name, r32.indices.dtype.name]
out["float"] = raises(lambda: tf.nn.top_k(x, k=2, index_type=tf.float32))
""",
    "linspace_axis": """
a = tf.linspace(0., 1., 3, axis=-1)
b = tf.lin_space(2., 4., 5, axis=0)
with tf.Session() as sess:
    out["values"] = [v.tolist() for v in sess.run([a, b])]
out["axis_1"] = raises(lambda: tf.linspace(0., 1., 3, axis=1))
out["axis_minus_2"] = raises(lambda: tf.linspace(0., 1., 3, axis=-2))
""",
    "map_fn_output_signature": """
x = tf.constant([1.5, 2.5, -3.5])
ints = tf.map_fn(lambda v: tf.cast(v, tf.int32), x, fn_output_signature=tf.int32)
spec = tf.map_fn(lambda v: tf.cast(v * 2., tf.int64), x,
                 fn_output_signature=tf.TensorSpec([], tf.int64))
pair = tf.map_fn(lambda v: (v, tf.cast(v, tf.int32)), x,
                 fn_output_signature=(tf.float32, tf.TensorSpec([], tf.int32)))
both = tf.map_fn(lambda v: tf.cast(v, tf.int32), x, dtype=tf.int32, fn_output_signature=tf.int32)
with tf.Session() as sess:
    out["values"] = [v.tolist() for v in sess.run([ints, spec, pair[0], pair[1], both])]
out["dtypes"] = [t.dtype.name for t in [ints, spec, pair[0], pair[1], both]]
""",
    "adam_own_namescope": """
with tf.variable_scope("net"):
    v = tf.Variable([1.0], name="w")
loss = tf.reduce_sum(v * v)
with tf.name_scope("outer"):
    step = tf.train.AdamOptimizer(0.1, name="Opt", use_own_namescope_for_non_slot_vars=True
                                  ).minimize(loss)
with tf.name_scope("other"):
    tf.train.AdamOptimizer(0.1, use_own_namescope_for_non_slot_vars=False).minimize(loss)
out["variables"] = [x.name for x in tf.global_variables()]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(step)
    out["after_step"] = sess.run(v).tolist()
""",
    "monitored_training_session_save_graph_def": """
import os, tempfile
written = []
for save in (True, False):
    with tf.Graph().as_default():
        step = tf.train.get_or_create_global_step()
        train = tf.assign_add(step, 1)
        d = tempfile.mkdtemp()
        with tf.train.MonitoredTrainingSession(
                checkpoint_dir=d, save_graph_def=save, save_checkpoint_steps=1,
                save_summaries_steps=None, save_summaries_secs=None,
                log_step_count_steps=None) as sess:
            sess.run(train)
        written.append(sorted(f for f in os.listdir(d) if f.endswith((".pbtxt", ".meta"))))
out["graph_files"] = written
""",
    "sparse_cross_separator": """
a = tf.constant([["a"], ["b"]])
b = tf.constant([["x", "y"], ["z", "w"]])
c = tf.sparse.cross([a, b], separator="--")
d = tf.sparse.cross([a, b])
with tf.Session() as sess:
    sc, sd = sess.run([c, d])
out["separator"] = [sc.indices.tolist(), [v.decode() for v in sc.values], sc.dense_shape.tolist()]
out["default"] = [v.decode() for v in sd.values]
""",
    "build_signature_def_defaults_none": """
x = tf.placeholder(tf.float32, [None, 2], name="x")
info = tf.saved_model.utils.build_tensor_info(x)
sig = tf.saved_model.signature_def_utils.build_signature_def(
    inputs={"x": info}, outputs={"y": info}, method_name="m", defaults=None)
out["signature"] = [sorted(sig.inputs), sorted(sig.outputs), sig.method_name]
""",
    "update_checkpoint_state_timestamps": """
import os, tempfile
d = tempfile.mkdtemp()
tf.train.update_checkpoint_state(d, "m-2", ["m-1"], all_model_checkpoint_timestamps=[1.5e9, 1 / 3],
                                 last_preserved_timestamp=1234.5)
with open(os.path.join(d, "checkpoint")) as f:
    out["file"] = f.read()
state = tf.train.get_checkpoint_state(d)
out["state"] = [list(state.all_model_checkpoint_timestamps), state.last_preserved_timestamp,
                [os.path.basename(p) for p in state.all_model_checkpoint_paths]]
tf.train.update_checkpoint_state(d, "m-3", ["m-3"])
state = tf.train.get_checkpoint_state(d)
out["unset"] = [list(state.all_model_checkpoint_timestamps), state.last_preserved_timestamp]
out["mismatched"] = raises(lambda: tf.train.update_checkpoint_state(
    d, "m-2", ["m-1"], all_model_checkpoint_timestamps=[1.0]))
""",
    "embedding_column_safe_lookup": """
cat = tf.feature_column.categorical_column_with_identity("ids", num_buckets=3)
col = tf.feature_column.embedding_column(
    cat, 2, initializer=tf.constant_initializer([[1., 2.], [3., 4.], [5., 6.]]),
    use_safe_embedding_lookup=True)
ids = tf.SparseTensor([[0, 0], [0, 1], [2, 0]], tf.constant([0, 2, 1], tf.int64), [3, 2])
dense = tf.feature_column.input_layer({"ids": ids}, [col])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["values"] = sess.run(dense).tolist()
out["name"] = col.name
""",
    "raw_ops_plain": """
x = tf.constant([1.5, -2.0, 3.25])
y = tf.constant([2.0, 4.0, -1.5])
i = tf.constant([7, -3, 12])
m = tf.constant([[4., 2.], [2., 3.]])
built = {
    "Add": tf.raw_ops.Add(x=x, y=2.0),
    "Sub": tf.raw_ops.Sub(x=x, y=y),
    "Mul": tf.raw_ops.Mul(x=x, y=y, name="product"),
    "RealDiv": tf.raw_ops.RealDiv(x=x, y=y),
    "FloorDiv": tf.raw_ops.FloorDiv(x=i, y=5),
    "FloorMod": tf.raw_ops.FloorMod(x=i, y=5),
    "TruncateMod": tf.raw_ops.TruncateMod(x=i, y=5),
    "Maximum": tf.raw_ops.Maximum(x=x, y=y),
    "SquaredDifference": tf.raw_ops.SquaredDifference(x=x, y=y),
    "Atan2": tf.raw_ops.Atan2(y=x, x=y),
    "Xlogy": tf.raw_ops.Xlogy(x=x, y=tf.abs(y)),
    "DivNoNan": tf.raw_ops.DivNoNan(x=x, y=tf.constant([0., 2., 0.])),
    "Sqrt": tf.raw_ops.Sqrt(x=tf.abs(x)),
    "Exp": tf.raw_ops.Exp(x=x),
    "Log1p": tf.raw_ops.Log1p(x=tf.abs(x)),
    "Tanh": tf.raw_ops.Tanh(x=x),
    "Sigmoid": tf.raw_ops.Sigmoid(x=x),
    "Relu6": tf.raw_ops.Relu6(features=tf.constant([-1., 3., 8.])),
    "Selu": tf.raw_ops.Selu(features=x),
    "Softplus": tf.raw_ops.Softplus(features=x),
    "Erf": tf.raw_ops.Erf(x=x),
    "Lgamma": tf.raw_ops.Lgamma(x=tf.abs(x)),
    "Round": tf.raw_ops.Round(x=tf.constant([0.5, 1.5, -2.5])),
    "Sign": tf.raw_ops.Sign(x=x),
    "Select": tf.raw_ops.Select(condition=[True, False, True], x=x, y=y),
    "SelectV2": tf.raw_ops.SelectV2(condition=[True, False, True], t=x, e=0.0),
    "Where": tf.raw_ops.Where(condition=[[True, False], [False, True]]),
    "IsNan": tf.raw_ops.IsNan(x=tf.constant([1., float("nan")])),
    "BitwiseAnd": tf.raw_ops.BitwiseAnd(x=i, y=6),
    "LeftShift": tf.raw_ops.LeftShift(x=i, y=2),
    "Cholesky": tf.raw_ops.Cholesky(input=m),
    "MatrixDeterminant": tf.raw_ops.MatrixDeterminant(input=m),
    "MatrixBandPart": tf.raw_ops.MatrixBandPart(input=m, num_lower=0, num_upper=-1),
    "DiagPart": tf.raw_ops.DiagPart(input=m),
    "Cross": tf.raw_ops.Cross(a=[1., 0., 0.], b=[0., 1., 0.]),
    "InvertPermutation": tf.raw_ops.InvertPermutation(x=[2, 0, 1]),
    "Rank": tf.raw_ops.Rank(input=m),
    "BroadcastArgs": tf.raw_ops.BroadcastArgs(s0=[2, 1], s1=[3]),
    "UnravelIndex": tf.raw_ops.UnravelIndex(indices=[5, 7], dims=[3, 4]),
    "L2Loss": tf.raw_ops.L2Loss(t=x),
    "StringStrip": tf.raw_ops.StringStrip(input=["  a b ", "c"]),
    "RegexFullMatch": tf.raw_ops.RegexFullMatch(input=["abc", "xbc"], pattern="a.*"),
    "DecodeBase64": tf.raw_ops.DecodeBase64(input=["aGVsbG8"]),
}
det = tf.raw_ops.LogMatrixDeterminant(input=m)
xent = tf.raw_ops.SparseSoftmaxCrossEntropyWithLogits(
    features=[[1., 2., 3.], [1., 1., 1.]], labels=[2, 0])
out["nodes"] = {k: [t.op.name, t.op.type, t.dtype.name] for k, t in built.items()}
out["literal_inputs"] = [t.op.name for t in built["Add"].op.inputs]
out["fields"] = [list(det._fields), list(xent._fields)]
with tf.Session() as sess:
    values = sess.run(built)
    out["values"] = {k: (v.tolist() if not isinstance(v.tolist(), (bytes, list)) or k not in (
        "StringStrip", "DecodeBase64") else [s.decode() for s in v.tolist()])
        for k, v in values.items()}
    out["multi"] = [v.tolist() for v in sess.run([det.sign, det.log_abs_determinant,
                                                 xent.loss, xent.backprop])]
""",
    "raw_ops_with_attributes": """
x = tf.constant([[1., -2., 3.], [4., 5., -6.]])
xb = tf.constant([[[1., -2., 3.], [4., 5., -6.]]] * 2)
built = {
    "Sum": tf.raw_ops.Sum(input=x, axis=1),
    "Mean": tf.raw_ops.Mean(input=x, axis=[0, 1], keep_dims=True),
    "Max": tf.raw_ops.Max(input=x, axis=0),
    "Min": tf.raw_ops.Min(input=x, axis=-1, keep_dims=True),
    "Prod": tf.raw_ops.Prod(input=x, axis=1),
    "All": tf.raw_ops.All(input=[[True, False], [True, True]], axis=1),
    "Any": tf.raw_ops.Any(input=[[True, False], [False, False]], axis=1),
    "MatMul": tf.raw_ops.MatMul(a=x, b=x, transpose_b=True),
    "ConcatV2": tf.raw_ops.ConcatV2(values=[x, x], axis=0),
    "Reshape": tf.raw_ops.Reshape(tensor=x, shape=[3, 2]),
    "Transpose": tf.raw_ops.Transpose(x=x, perm=[1, 0]),
    "Cast": tf.raw_ops.Cast(x=x, DstT=tf.int32),
    "ExpandDims": tf.raw_ops.ExpandDims(input=x, axis=1),
    "Squeeze": tf.raw_ops.Squeeze(input=tf.zeros([2, 1, 3]), axis=[1]),
    "Pack": tf.raw_ops.Pack(values=[x, x], axis=1),
    "Shape": tf.raw_ops.Shape(input=x, out_type=tf.int64),
    "Size": tf.raw_ops.Size(input=x),
    "Softmax": tf.raw_ops.Softmax(logits=x),
    "LogSoftmax": tf.raw_ops.LogSoftmax(logits=x),
    "LeakyRelu": tf.raw_ops.LeakyRelu(features=x),
    "Fill": tf.raw_ops.Fill(dims=[2, 2], value=7),
    "Tile": tf.raw_ops.Tile(input=x, multiples=[1, 2]),
    "GatherV2": tf.raw_ops.GatherV2(params=x, indices=[2, 0], axis=1),
    "ArgMax": tf.raw_ops.ArgMax(input=x, dimension=1),
    "ArgMin": tf.raw_ops.ArgMin(input=x, dimension=0, output_type=tf.int32),
    "Slice": tf.raw_ops.Slice(input=x, begin=[0, 1], size=[2, 2]),
    "OneHot": tf.raw_ops.OneHot(indices=[0, 2], depth=3, on_value=5., off_value=-1.),
    "Cumsum": tf.raw_ops.Cumsum(x=x, axis=1, exclusive=True, reverse=True),
    "Cumprod": tf.raw_ops.Cumprod(x=x, axis=0),
    "AddN": tf.raw_ops.AddN(inputs=[x, x, x]),
    "ZerosLike": tf.raw_ops.ZerosLike(x=x),
    "OnesLike": tf.raw_ops.OnesLike(x=x),
    "BatchMatMul": tf.raw_ops.BatchMatMul(x=xb, y=xb, adj_y=True),
    "BatchMatMulV2": tf.raw_ops.BatchMatMulV2(x=xb, y=tf.constant([[1.], [0.], [2.]]), adj_x=False),
    "BatchMatMulV3": tf.raw_ops.BatchMatMulV3(x=tf.constant([[[100, -7]]], tf.int8),
                                              y=tf.constant([[200], [255]], tf.uint8),
                                              Tout=tf.int32, adj_x=False, adj_y=False),
}
out["nodes"] = {k: [t.op.name, t.dtype.name] for k, t in built.items()}
with tf.Session() as sess:
    out["values"] = {k: v.tolist() for k, v in sess.run(built).items()}
""",
    "raw_ops_keywords_only": """
x = tf.constant([1., 2.])
out["positional"] = raises(lambda: tf.raw_ops.Add(x, x))
out["positional_written"] = raises(lambda: tf.raw_ops.Sum(x, 0))
out["missing"] = raises(lambda: tf.raw_ops.Add(x=x))
out["unknown"] = raises(lambda: tf.raw_ops.Add(x=x, y=x, z=x))
out["mismatched_types"] = raises(lambda: tf.raw_ops.Add(x=x, y=tf.constant([1, 2])))
""",
    "raw_ops_nn": """
x = tf.constant(np.arange(2 * 5 * 5 * 3, dtype=np.float32).reshape(2, 5, 5, 3) / 10. - 3.)
f = tf.constant(np.linspace(-1., 1., 3 * 3 * 3 * 4, dtype=np.float32).reshape(3, 3, 3, 4))
dw = tf.constant(np.linspace(-1., 1., 2 * 2 * 3 * 2, dtype=np.float32).reshape(2, 2, 3, 2))
v = tf.constant(np.arange(1 * 4 * 4 * 4 * 2, dtype=np.float32).reshape(1, 4, 4, 4, 2) % 7.)
f3 = tf.constant(np.linspace(-1., 1., 2 * 2 * 2 * 2 * 3, dtype=np.float32).reshape(2, 2, 2, 2, 3))
g = tf.constant(np.linspace(-2., 2., 2 * 3 * 3 * 4, dtype=np.float32).reshape(2, 3, 3, 4))
gd = tf.constant(np.linspace(-2., 2., 2 * 4 * 4 * 6, dtype=np.float32).reshape(2, 4, 4, 6))
built = {
    "BiasAdd": tf.raw_ops.BiasAdd(value=x, bias=[1., 2., 3.]),
    "BiasAdd_nchw": tf.raw_ops.BiasAdd(value=x, bias=[1., 2., 3., 4., 5.], data_format="NCHW"),
    "BiasAddGrad": tf.raw_ops.BiasAddGrad(out_backprop=x),
    "Conv2D": tf.raw_ops.Conv2D(input=x, filter=f, strides=[1, 2, 2, 1], padding="SAME"),
    "Conv2D_dilated": tf.raw_ops.Conv2D(input=x, filter=f, strides=[1, 1, 1, 1], padding="VALID",
                                        dilations=[1, 2, 1, 1]),
    "Conv2D_explicit": tf.raw_ops.Conv2D(input=x, filter=f, strides=[1, 1, 2, 1],
                                         padding="EXPLICIT",
                                         explicit_paddings=[0, 0, 1, 0, 2, 1, 0, 0]),
    "Conv2DBackpropInput": tf.raw_ops.Conv2DBackpropInput(
        input_sizes=[2, 5, 5, 3], filter=f, out_backprop=g, strides=[1, 2, 2, 1], padding="SAME"),
    "Conv2DBackpropFilter": tf.raw_ops.Conv2DBackpropFilter(
        input=x, filter_sizes=[3, 3, 3, 4], out_backprop=g, strides=[1, 2, 2, 1], padding="SAME"),
    "DepthwiseConv2dNative": tf.raw_ops.DepthwiseConv2dNative(
        input=x, filter=dw, strides=[1, 1, 1, 1], padding="VALID"),
    "DepthwiseConv2dNativeBackpropInput": tf.raw_ops.DepthwiseConv2dNativeBackpropInput(
        input_sizes=[2, 5, 5, 3], filter=dw, out_backprop=gd, strides=[1, 1, 1, 1],
        padding="VALID"),
    "DepthwiseConv2dNativeBackpropFilter": tf.raw_ops.DepthwiseConv2dNativeBackpropFilter(
        input=x, filter_sizes=[2, 2, 3, 2], out_backprop=gd, strides=[1, 1, 1, 1],
        padding="VALID"),
    "MaxPool": tf.raw_ops.MaxPool(input=x, ksize=[1, 3, 3, 1], strides=[1, 2, 2, 1],
                                  padding="SAME"),
    "MaxPool_explicit": tf.raw_ops.MaxPool(input=x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1],
                                           padding="EXPLICIT",
                                           explicit_paddings=[0, 0, 1, 0, 0, 1, 0, 0]),
    "AvgPool": tf.raw_ops.AvgPool(value=x, ksize=[1, 2, 3, 1], strides=[1, 2, 1, 1],
                                  padding="SAME"),
    "MaxPool3D": tf.raw_ops.MaxPool3D(input=v, ksize=[1, 2, 2, 2, 1], strides=[1, 2, 1, 2, 1],
                                      padding="VALID"),
    "AvgPool3D": tf.raw_ops.AvgPool3D(input=v, ksize=[1, 3, 2, 2, 1], strides=[1, 2, 2, 2, 1],
                                      padding="SAME"),
    "Conv3D": tf.raw_ops.Conv3D(input=v, filter=f3, strides=[1, 1, 2, 1, 1], padding="SAME"),
    "InTopKV2": tf.raw_ops.InTopKV2(predictions=[[1., 3., 2.], [4., 0., 5.]], targets=[2, 0],
                                    k=2),
}
argmax = tf.raw_ops.MaxPoolWithArgmax(input=x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1],
                                      padding="VALID")
argmax_batch = tf.raw_ops.MaxPoolWithArgmax(input=x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1],
                                            padding="SAME", Targmax=tf.int32,
                                            include_batch_in_index=True)
xent = tf.raw_ops.SoftmaxCrossEntropyWithLogits(features=[[1., 2., 3.], [1., 1., 1.]],
                                                labels=[[0., 0., 1.], [.5, .5, 0.]])
top = tf.raw_ops.TopKV2(input=[[1., 3., 2.], [4., 0., 5.]], k=2)
top_unsorted = tf.raw_ops.TopKV2(input=[[1., 3., 2.], [4., 0., 5.]], k=2, sorted=False,
                                 index_type=tf.int64, name="top")
multi = [argmax, argmax_batch, xent, top, top_unsorted]
out["fields"] = [list(m._fields) for m in multi]
out["nodes"] = {k: [t.op.name, t.dtype.name, t.shape.as_list()] for k, t in built.items()}
out["multi_nodes"] = [[[t.dtype.name, t.shape.as_list()] for t in m] for m in multi]
out["multi_names"] = [m[0].op.name for m in multi]
with tf.Session() as sess:
    out["values"] = {k: v.tolist() for k, v in sess.run(built).items()}
    out["multi"] = [[t.tolist() for t in m] for m in sess.run([tuple(m) for m in multi])]
""",
    "raw_ops_nn_attributes": """
x = tf.constant(np.ones([1, 4, 4, 2], np.float32))
f = tf.constant(np.ones([2, 2, 2, 1], np.float32))
v = tf.constant(np.ones([1, 2, 2, 2, 1], np.float32))
f3 = tf.constant(np.ones([1, 1, 1, 1, 1], np.float32))
def run(build):
    with tf.Session() as sess:
        sess.run(build())
conv = lambda **kw: run(lambda: tf.raw_ops.Conv2D(input=x, filter=f, **kw))
pool = lambda op, **kw: run(lambda: getattr(tf.raw_ops, op)(**kw))
out["conv_strides_2"] = raises(lambda: conv(strides=[1, 1], padding="SAME"))
out["conv_strides_int"] = raises(lambda: conv(strides=1, padding="SAME"))
out["conv_padding_foo"] = raises(lambda: conv(strides=[1, 1, 1, 1], padding="FOO"))
out["conv_padding_lower"] = raises(lambda: conv(strides=[1, 1, 1, 1], padding="same"))
out["conv_nchw"] = raises(lambda: conv(strides=[1, 1, 1, 1], padding="SAME", data_format="NCHW"))
out["conv_format_foo"] = raises(lambda: conv(strides=[1, 1, 1, 1], padding="SAME",
                                             data_format="HWNC"))
out["conv_batch_stride"] = raises(lambda: conv(strides=[2, 1, 1, 1], padding="SAME"))
out["conv_depth_stride"] = raises(lambda: conv(strides=[1, 1, 1, 2], padding="SAME"))
out["conv_depth_dilation"] = raises(lambda: conv(strides=[1, 1, 1, 1], padding="SAME",
                                                 dilations=[1, 1, 1, 2]))
out["conv_batch_dilation"] = raises(lambda: conv(strides=[1, 1, 1, 1], padding="SAME",
                                                 dilations=[2, 1, 1, 1]))
out["max_pool_depth_and_space"] = raises(lambda: pool("MaxPool", input=x, ksize=[1, 2, 1, 2],
                                                      strides=[1, 1, 1, 2], padding="VALID"))
out["max_pool3d_depth"] = raises(lambda: pool("MaxPool3D", input=v, ksize=[1, 1, 1, 1, 1],
                                              strides=[1, 1, 1, 1, 2], padding="VALID"))
out["depthwise_depth_stride"] = raises(lambda: pool("DepthwiseConv2dNative", input=x, filter=f,
                                                    strides=[1, 1, 1, 2], padding="VALID"))
out["conv3d_depth_stride"] = raises(lambda: pool("Conv3D", input=v, filter=f3,
                                                 strides=[1, 1, 1, 1, 2], padding="VALID"))
with tf.Session() as sess:
    out["max_pool_depth"] = sess.run(tf.raw_ops.MaxPool(
        input=tf.reshape(tf.range(32.), [1, 4, 4, 2]), ksize=[1, 1, 1, 2],
        strides=[1, 1, 1, 2], padding="VALID")).tolist()
out["conv_dilations_3"] = raises(lambda: conv(strides=[1, 1, 1, 1], padding="SAME",
                                              dilations=[1, 2, 1]))
out["conv_explicit_missing"] = raises(lambda: conv(strides=[1, 1, 1, 1], padding="EXPLICIT"))
out["conv_explicit_with_same"] = raises(lambda: conv(strides=[1, 1, 1, 1], padding="SAME",
                                                     explicit_paddings=[0, 0, 1, 1, 1, 1, 0, 0]))
out["conv_explicit_batch"] = raises(lambda: conv(strides=[1, 1, 1, 1], padding="EXPLICIT",
                                                 explicit_paddings=[1, 0, 1, 1, 1, 1, 0, 0]))
out["max_pool_ksize_3"] = raises(lambda: pool("MaxPool", input=x, ksize=[1, 2, 2],
                                              strides=[1, 1, 1, 1], padding="VALID"))
out["max_pool_nchw"] = raises(lambda: pool("MaxPool", input=x, ksize=[1, 1, 2, 2],
                                           strides=[1, 1, 1, 1], padding="VALID",
                                           data_format="NCHW"))
out["max_pool_foo"] = raises(lambda: pool("MaxPool", input=x, ksize=[1, 2, 2, 1],
                                          strides=[1, 1, 1, 1], padding="FOO"))
out["max_pool_nchw_explicit"] = raises(lambda: pool("MaxPool", input=x, ksize=[1, 1, 2, 2],
                                                    strides=[1, 1, 1, 1], padding="EXPLICIT",
                                                    explicit_paddings=[0, 0, 0, 0, 1, 0, 0, 1],
                                                    data_format="NCHW"))
out["avg_pool_explicit"] = raises(lambda: pool("AvgPool", value=x, ksize=[1, 2, 2, 1],
                                               strides=[1, 1, 1, 1], padding="EXPLICIT"))
out["avg_pool_nchw"] = raises(lambda: pool("AvgPool", value=x, ksize=[1, 1, 2, 2],
                                           strides=[1, 1, 1, 1], padding="VALID",
                                           data_format="NCHW"))
out["max_pool3d_ksize_4"] = raises(lambda: pool("MaxPool3D", input=v, ksize=[1, 1, 1, 1],
                                                strides=[1, 1, 1, 1, 1], padding="VALID"))
out["conv3d_strides_4"] = raises(lambda: pool("Conv3D", input=v, filter=f3, strides=[1, 1, 1, 1],
                                              padding="VALID"))
out["conv3d_format_foo"] = raises(lambda: pool("Conv3D", input=v, filter=f3,
                                              strides=[1, 1, 1, 1, 1], padding="VALID",
                                              data_format="NHWC"))
out["bias_add_format"] = raises(lambda: run(lambda: tf.raw_ops.BiasAdd(
    value=x, bias=[1., 1.], data_format="NDHWC")))
out["bias_add_format_foo"] = raises(lambda: run(lambda: tf.raw_ops.BiasAdd(
    value=x, bias=[1., 1.], data_format="FOO")))
out["depthwise_nchw"] = raises(lambda: pool("DepthwiseConv2dNative", input=x, filter=f,
                                            strides=[1, 1, 1, 1], padding="VALID",
                                            data_format="NCHW"))
out["top_k_negative"] = raises(lambda: run(lambda: tf.raw_ops.TopKV2(input=[1., 2.], k=-1)))
out["top_k_float_index"] = raises(lambda: run(lambda: tf.raw_ops.TopKV2(
    input=[1., 2.], k=1, index_type=tf.float32)))
out["argmax_targmax_float"] = raises(lambda: pool("MaxPoolWithArgmax", input=x,
                                                  ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1],
                                                  padding="VALID", Targmax=tf.float32))
""",
    "raw_ops_array": """
x = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 3, 4) - 7.)
m = tf.constant([[4., 1.], [1., 3.]])
built = {
    "Range": tf.raw_ops.Range(start=1, limit=10, delta=3),
    "Range_float": tf.raw_ops.Range(start=0.5, limit=2., delta=0.5),
    "LinSpace": tf.raw_ops.LinSpace(start=-1., stop=1., num=5),
    "StridedSlice": tf.raw_ops.StridedSlice(input=x, begin=[0, 1, 3], end=[2, 3, 0],
                                            strides=[1, 1, -2], shrink_axis_mask=1,
                                            end_mask=4),
    "StridedSlice_new_axis": tf.raw_ops.StridedSlice(input=x, begin=[0, 0], end=[1, 2],
                                                     strides=[1, 1], new_axis_mask=1,
                                                     ellipsis_mask=0),
    "Pad": tf.raw_ops.Pad(input=m, paddings=[[1, 0], [0, 2]]),
    "PadV2": tf.raw_ops.PadV2(input=m, paddings=[[1, 1], [1, 0]], constant_values=-5.),
    "MirrorPad": tf.raw_ops.MirrorPad(input=m, paddings=[[1, 1], [0, 1]], mode="REFLECT"),
    "MirrorPad_symmetric": tf.raw_ops.MirrorPad(input=m, paddings=[[2, 0], [1, 2]],
                                                mode="SYMMETRIC"),
    "ReverseV2": tf.raw_ops.ReverseV2(tensor=x, axis=[0, 2]),
    "Roll": tf.raw_ops.Roll(input=x, shift=[1, -1], axis=[1, 2]),
    "BroadcastTo": tf.raw_ops.BroadcastTo(input=[1., 2.], shape=[3, 2]),
    "ReverseSequence": tf.raw_ops.ReverseSequence(input=x, seq_lengths=[3, 2], seq_dim=2,
                                                  batch_dim=0),
    "GatherNd": tf.raw_ops.GatherNd(params=x, indices=[[1, 2], [0, 0]]),
    "ScatterNd": tf.raw_ops.ScatterNd(indices=[[1], [3]], updates=[5., 6.], shape=[4]),
    "TensorScatterUpdate": tf.raw_ops.TensorScatterUpdate(tensor=m, indices=[[0, 1]],
                                                          updates=[9.]),
    "TensorScatterAdd": tf.raw_ops.TensorScatterAdd(tensor=m, indices=[[1]], updates=[[1., 2.]]),
    "TensorScatterSub": tf.raw_ops.TensorScatterSub(tensor=m, indices=[[1, 1]], updates=[2.]),
    "TensorScatterMax": tf.raw_ops.TensorScatterMax(tensor=m, indices=[[0, 0]], updates=[7.]),
    "TensorScatterMin": tf.raw_ops.TensorScatterMin(tensor=m, indices=[[0, 0]], updates=[-7.]),
    "Equal": tf.raw_ops.Equal(x=m, y=1.),
    "NotEqual": tf.raw_ops.NotEqual(x=m, y=[1., 3.]),
    "PlaceholderWithDefault": tf.raw_ops.PlaceholderWithDefault(input=m, shape=[None, 2]),
    "DynamicStitch": tf.raw_ops.DynamicStitch(indices=[[0, 2], [1]], data=[[1., 3.], [2.]]),
    "CheckNumerics": tf.raw_ops.CheckNumerics(tensor=m, message="bad"),
    "EnsureShape": tf.raw_ops.EnsureShape(input=m, shape=[2, None]),
    "SegmentSum": tf.raw_ops.SegmentSum(data=[1., 2., 3., 4.], segment_ids=[0, 0, 1, 3]),
    "SegmentMean": tf.raw_ops.SegmentMean(data=[1., 2., 3., 4.], segment_ids=[0, 0, 1, 3]),
    "SegmentMax": tf.raw_ops.SegmentMax(data=[1., 2., 3., 4.], segment_ids=[0, 0, 1, 3]),
    "SegmentMin": tf.raw_ops.SegmentMin(data=[1., 2., 3., 4.], segment_ids=[0, 0, 1, 3]),
    "SegmentProd": tf.raw_ops.SegmentProd(data=[1., 2., 3., 4.], segment_ids=[0, 0, 1, 3]),
    "UnsortedSegmentSum": tf.raw_ops.UnsortedSegmentSum(data=[1., 2., 3.], segment_ids=[2, 0, 2],
                                                        num_segments=4),
    "UnsortedSegmentMax": tf.raw_ops.UnsortedSegmentMax(data=[1., 2., 3.], segment_ids=[2, 0, 2],
                                                        num_segments=3),
    "UnsortedSegmentMin": tf.raw_ops.UnsortedSegmentMin(data=[1., 2., 3.], segment_ids=[2, 0, 2],
                                                        num_segments=3),
    "UnsortedSegmentProd": tf.raw_ops.UnsortedSegmentProd(data=[1., 2., 3.],
                                                          segment_ids=[2, 0, 2], num_segments=3),
    "MatrixInverse": tf.raw_ops.MatrixInverse(input=m),
    "MatrixInverse_adjoint": tf.raw_ops.MatrixInverse(input=[[1., 2.], [0., 1.]], adjoint=True),
    "MatrixTriangularSolve": tf.raw_ops.MatrixTriangularSolve(matrix=[[2., 0.], [1., 4.]],
                                                              rhs=[[2.], [9.]]),
    "MatrixTriangularSolve_upper": tf.raw_ops.MatrixTriangularSolve(
        matrix=[[2., 1.], [0., 4.]], rhs=[[2.], [8.]], lower=False, adjoint=True),
    "CumulativeLogsumexp": tf.raw_ops.CumulativeLogsumexp(x=[0., 1., 2.], axis=0,
                                                          exclusive=True, reverse=True),
    "EuclideanNorm": tf.raw_ops.EuclideanNorm(input=x, axis=[0, 2], keep_dims=True),
}
lists = {
    "Split": tf.raw_ops.Split(axis=2, value=x, num_split=2),
    "SplitV": tf.raw_ops.SplitV(value=x, size_splits=[1, -1], axis=1, num_split=2),
    "Unpack": tf.raw_ops.Unpack(value=x, num=3, axis=1),
    "IdentityN": tf.raw_ops.IdentityN(input=[m, x]),
    "ShapeN": tf.raw_ops.ShapeN(input=[m, x], out_type=tf.int64),
    "DynamicPartition": tf.raw_ops.DynamicPartition(data=[1., 2., 3., 4.], partitions=[1, 0, 1, 1],
                                                    num_partitions=2),
}
multi = {
    "Unique": tf.raw_ops.Unique(x=[4, 1, 4, 2, 1], out_idx=tf.int64),
    "ListDiff": tf.raw_ops.ListDiff(x=[1, 2, 3, 4], y=[2, 4]),
    "Qr": tf.raw_ops.Qr(input=[[3., 1.], [4., 2.], [0., 1.]], full_matrices=True),
}
eig = tf.raw_ops.SelfAdjointEigV2(input=m)
# An eigenvector's sign is the solver's choice (LAPACK's and Eigen's differ): its
# magnitudes and the matrix it rebuilds are what TF's and graphgate's share.
built["SelfAdjointEigV2_e"] = eig.e
built["SelfAdjointEigV2_abs_v"] = tf.abs(eig.v)
built["SelfAdjointEigV2_rebuilt"] = tf.matmul(eig.v * eig.e, eig.v, transpose_b=True)
svd = tf.raw_ops.Svd(input=[[3., 0.], [0., -2.], [0., 0.]])
p = tf.raw_ops.Placeholder(dtype=tf.float32, shape=[None, 2])
fed = p * 2.
out["fields"] = {k: list(v._fields) for k, v in [*multi.items(), ("SelfAdjointEigV2", eig)]}
out["nodes"] = {k: [t.op.name, t.dtype.name, t.shape.as_list()] for k, t in built.items()}
out["list_nodes"] = {k: [[t.op.name, t.dtype.name, t.shape.as_list()] for t in v]
                     for k, v in lists.items()}
out["multi_nodes"] = {k: [[t.dtype.name, t.shape.as_list()] for t in v] for k, v in multi.items()}
out["placeholder"] = [p.op.name, p.shape.as_list()]
with tf.Session() as sess:
    out["values"] = {k: v.tolist() for k, v in sess.run(built).items()}
    out["lists"] = {k: [a.tolist() for a in v] for k, v in sess.run(lists).items()}
    fetched = sess.run({k: tuple(v) for k, v in multi.items()})
    out["multi"] = {k: [a.tolist() for a in v] for k, v in fetched.items()}
    out["svd_s"] = sess.run(svd.s).tolist()
    out["svd_shapes"] = [list(a.shape) for a in sess.run(tuple(svd))]
    out["fed"] = sess.run(fed, {p: [[1., 2.]]}).tolist()
""",
    "raw_ops_array_attributes": """
m = tf.constant([[4., 1.], [1., 3.]])
def run(build):
    with tf.Session() as sess:
        sess.run(build())
out["split_zero"] = raises(lambda: run(lambda: tf.raw_ops.Split(axis=0, value=m, num_split=0)))
out["split_uneven"] = raises(lambda: run(lambda: tf.raw_ops.Split(axis=0, value=m, num_split=3)))
out["split_v_count"] = raises(lambda: run(lambda: tf.raw_ops.SplitV(
    value=m, size_splits=[1, 1], axis=0, num_split=3)))
out["unpack_num"] = raises(lambda: run(lambda: tf.raw_ops.Unpack(value=m, num=3)))
out["mirror_pad_mode"] = raises(lambda: run(lambda: tf.raw_ops.MirrorPad(
    input=m, paddings=[[1, 1], [0, 0]], mode="CONSTANT")))
out["mirror_pad_too_far"] = raises(lambda: run(lambda: tf.raw_ops.MirrorPad(
    input=m, paddings=[[2, 0], [0, 0]], mode="REFLECT")))
out["unique_out_idx"] = raises(lambda: tf.raw_ops.Unique(x=[1, 2], out_idx=tf.float32))
out["list_diff_out_idx"] = raises(lambda: tf.raw_ops.ListDiff(x=[1, 2], y=[1],
                                                              out_idx=tf.int16))
out["shape_n_out_type"] = raises(lambda: tf.raw_ops.ShapeN(input=[m], out_type=tf.float32))
out["partition_zero"] = raises(lambda: tf.raw_ops.DynamicPartition(
    data=[1.], partitions=[0], num_partitions=0))
out["check_numerics"] = raises(lambda: run(lambda: tf.raw_ops.CheckNumerics(
    tensor=m / 0., message="bad")))
out["ensure_shape"] = raises(lambda: run(lambda: tf.raw_ops.EnsureShape(input=m, shape=[3])))
out["gather_nd_policy"] = raises(lambda: run(lambda: tf.raw_ops.GatherNd(
    params=m, indices=[[0]], bad_indices_policy="FOO")))
out["tensor_scatter_update_policy"] = raises(lambda: run(lambda: tf.raw_ops.TensorScatterUpdate(
    tensor=m, indices=[[0]], updates=[[1., 1.]], bad_indices_policy="FOO")))
out["range_zero_delta"] = raises(lambda: run(lambda: tf.raw_ops.Range(start=0, limit=3,
                                                                      delta=0)))
out["segment_unsorted_ids"] = raises(lambda: run(lambda: tf.raw_ops.SegmentSum(
    data=[1., 2.], segment_ids=[1, 0])))
""",
    "depthwise_native_strided_dilated": """
# TF's DepthwiseConv2dNative strides within the dilated image; tf.nn.depthwise_conv2d
# (space to batch) computes another thing, so the native function must not go through it.
# (TF's CPU gradients of it ignore the dilations: graphgate's are held to finite
# differences in test_tf1_keywords_raw_ops.py instead.)
x = tf.constant(np.random.RandomState(0).rand(1, 9, 9, 2).astype(np.float32))
f = tf.constant(np.random.RandomState(1).rand(3, 3, 2, 2).astype(np.float32))
raw = tf.raw_ops.DepthwiseConv2dNative(input=x, filter=f, strides=[1, 2, 2, 1], padding="SAME",
                                       dilations=[1, 2, 2, 1])
public = tf.nn.depthwise_conv2d_native(x, f, [1, 2, 2, 1], "VALID", dilations=[1, 2, 2, 1])
nchw = tf.nn.depthwise_conv2d_native(tf.transpose(x, [0, 3, 1, 2]), f, [1, 1, 2, 2], "SAME",
                                     data_format="NCHW", dilations=[1, 1, 2, 2])
with tf.Session() as sess:
    out["values"] = [v.tolist() for v in sess.run([raw, public, nchw])]
out["names"] = [raw.op.name, public.op.name, nchw.op.name]
""",
    "raw_ops_image": """
img = tf.constant(np.arange(1 * 4 * 4 * 2, dtype=np.float32).reshape(1, 4, 4, 2) % 9)
boxes = tf.constant([[0., 0., 1., 1.], [0.1, 0.2, 0.6, 0.9], [0.5, 0.5, 0.9, 0.9],
                     [0., 0., 0.9, 1.]])
scores = tf.constant([0.9, 0.8, 0.7, 0.85])
built = {
    "ResizeBilinear": tf.raw_ops.ResizeBilinear(images=img, size=[3, 5]),
    "ResizeBilinear_half": tf.raw_ops.ResizeBilinear(images=img, size=[6, 3],
                                                     half_pixel_centers=True),
    "ResizeBilinear_corners": tf.raw_ops.ResizeBilinear(images=img, size=[7, 7],
                                                        align_corners=True),
    "ResizeNearestNeighbor": tf.raw_ops.ResizeNearestNeighbor(images=img, size=[3, 6],
                                                              half_pixel_centers=True),
    "ResizeBicubic": tf.raw_ops.ResizeBicubic(images=img, size=[5, 3], align_corners=True),
    "ResizeArea": tf.raw_ops.ResizeArea(images=img, size=[3, 3]),
    "CropAndResize": tf.raw_ops.CropAndResize(image=img, boxes=boxes[:2], box_ind=[0, 0],
                                              crop_size=[3, 2]),
    "CropAndResize_nearest": tf.raw_ops.CropAndResize(image=img, boxes=boxes[:2],
                                                      box_ind=[0, 0], crop_size=[2, 2],
                                                      method="nearest",
                                                      extrapolation_value=-1.),
    "DepthToSpace": tf.raw_ops.DepthToSpace(input=tf.reshape(img, [1, 2, 2, 8]), block_size=2),
    "SpaceToDepth": tf.raw_ops.SpaceToDepth(input=img, block_size=2),
    "SpaceToBatchND": tf.raw_ops.SpaceToBatchND(input=img, block_shape=[2, 2],
                                                paddings=[[0, 0], [1, 1]]),
    "BatchToSpaceND": tf.raw_ops.BatchToSpaceND(input=tf.reshape(img, [4, 2, 2, 2]),
                                                block_shape=[2, 2], crops=[[0, 1], [1, 0]]),
    "ExtractImagePatches": tf.raw_ops.ExtractImagePatches(images=img, ksizes=[1, 2, 2, 1],
                                                          strides=[1, 2, 1, 1],
                                                          rates=[1, 1, 2, 1], padding="SAME"),
    "NonMaxSuppressionV3": tf.raw_ops.NonMaxSuppressionV3(boxes=boxes, scores=scores,
                                                          max_output_size=3, iou_threshold=0.5,
                                                          score_threshold=0.75),
    "AdjustContrastv2": tf.raw_ops.AdjustContrastv2(images=img, contrast_factor=1.5),
    "RGBToHSV": tf.raw_ops.RGBToHSV(images=tf.reshape(img[..., :1] / 9., [1, 2, 8, 1]) *
                                    [1., 0.5, 0.25]),
}
out["nodes"] = {k: [t.op.name, t.dtype.name, t.shape.as_list()] for k, t in built.items()}
with tf.Session() as sess:
    out["values"] = {k: v.tolist() for k, v in sess.run(built).items()}
""",
    "raw_ops_batch_norm": """
# Fed, not constants: TF's graph optimizer folds a constant inference norm into a node
# of one output, which its fetches of the others then fail on.
x = tf.placeholder(tf.float32, [2, 2, 3, 3])
scale, offset = tf.constant([1., 2., 0.5]), tf.constant([0., -1., 1.])
mean, var = tf.placeholder(tf.float32, [3]), tf.placeholder(tf.float32, [3])
feed = {x: np.arange(2 * 2 * 3 * 3, dtype=np.float32).reshape(2, 2, 3, 3) % 7 - 2.,
        mean: [0.5, 1., -1.], var: [1., 2., 0.5]}
ops = {
    "v3_train": tf.raw_ops.FusedBatchNormV3(x=x, scale=scale, offset=offset, mean=[], variance=[],
                                            epsilon=0.01),
    "v3_infer": tf.raw_ops.FusedBatchNormV3(x=x, scale=scale, offset=offset, mean=mean,
                                            variance=var, is_training=False),
    "v2_train": tf.raw_ops.FusedBatchNormV2(x=x, scale=scale, offset=offset, mean=[], variance=[]),
    "v1_infer": tf.raw_ops.FusedBatchNorm(x=x, scale=scale, offset=offset, mean=mean,
                                          variance=var, is_training=False, epsilon=0.1),
    "v3_avg": tf.raw_ops.FusedBatchNormV3(x=x, scale=scale, offset=offset, mean=mean,
                                          variance=var, exponential_avg_factor=0.25),
    "v3_nchw": tf.raw_ops.FusedBatchNormV3(x=tf.transpose(x, [0, 3, 1, 2]), scale=scale,
                                           offset=offset, mean=[], variance=[],
                                           data_format="NCHW"),
}
out["fields"] = {k: list(v._fields) for k, v in ops.items()}
out["names"] = {k: v.y.op.name for k, v in ops.items()}
# reserve_space_3 (empty) is of unknown shape in TF's graph, [0] in graphgate's.
out["shapes"] = {k: [t.shape.as_list() for t in v[:5]] for k, v in ops.items()}
with tf.Session() as sess:
    got = sess.run({k: tuple(v) for k, v in ops.items()}, feed)
    out["values"] = {k: [a.tolist() for a in v] for k, v in got.items()}
""",
    "raw_ops_state": """
v = tf.Variable([1., 2., 3.], name="v", use_resource=False)
w = tf.Variable([[1., 2.], [3., 4.]], name="w", use_resource=False)
c = tf.Variable(0, name="c", use_resource=False)
steps = [
    tf.raw_ops.Assign(ref=v, value=[4., 5., 6.]),
    tf.raw_ops.AssignAdd(ref=v, value=[1., 1., 1.]),
    tf.raw_ops.AssignSub(ref=v, value=[0.5, 0., 0.5]),
    tf.raw_ops.ApplyGradientDescent(var=v, alpha=0.1, delta=[1., 2., 3.]),
    tf.raw_ops.ScatterUpdate(ref=v, indices=[0], updates=[9.]),
    tf.raw_ops.ScatterAdd(ref=v, indices=[1, 1], updates=[1., 2.]),
    tf.raw_ops.ScatterSub(ref=v, indices=[2], updates=[1.]),
    tf.raw_ops.ScatterMul(ref=v, indices=[0], updates=[2.]),
    tf.raw_ops.ScatterDiv(ref=v, indices=[1], updates=[4.]),
    tf.raw_ops.ScatterMax(ref=v, indices=[2], updates=[100.]),
    tf.raw_ops.ScatterMin(ref=v, indices=[0], updates=[-1.]),
    tf.raw_ops.ScatterNdUpdate(ref=w, indices=[[0, 1]], updates=[7.]),
    tf.raw_ops.ScatterNdAdd(ref=w, indices=[[1]], updates=[[1., 1.]]),
    tf.raw_ops.ScatterNdSub(ref=w, indices=[[1, 0]], updates=[3.]),
    tf.raw_ops.CountUpTo(ref=c, limit=2),
]
initialized = tf.raw_ops.IsVariableInitialized(ref=v)
out["names"] = [t.op.name for t in steps]
out["dtypes"] = [t.dtype.name for t in steps]
with tf.Session() as sess:
    out["before"] = sess.run(initialized).tolist()
    sess.run(tf.global_variables_initializer())
    out["after"] = sess.run(initialized).tolist()
    out["values"] = [sess.run(t).tolist() for t in steps]
    out["final"] = [sess.run(v).tolist(), sess.run(w).tolist(), sess.run(c).tolist()]
    def again():
        sess.run(steps[-1])
        sess.run(steps[-1])
    out["count_past_limit"] = raises(again)
""",
    "raw_ops_strings": """
s = tf.constant(["Hello World", "tf.raw_ops", ""])
built = {
    "StringJoin": tf.raw_ops.StringJoin(inputs=[s, "!"], separator="-"),
    "StringLength": tf.raw_ops.StringLength(input=["héllo", "ab"]),
    "StringLength_chars": tf.raw_ops.StringLength(input=["héllo", "ab"], unit="UTF8_CHAR"),
    "StringLower": tf.raw_ops.StringLower(input=s),
    "StringUpper": tf.raw_ops.StringUpper(input=s),
    "StringToNumber": tf.raw_ops.StringToNumber(string_tensor=["1.5", "-2"]),
    "StringToNumber_int": tf.raw_ops.StringToNumber(string_tensor=["12", "-3"],
                                                    out_type=tf.int64),
    "StringToHashBucketFast": tf.raw_ops.StringToHashBucketFast(input=s, num_buckets=100),
    "StringToHashBucketStrong": tf.raw_ops.StringToHashBucketStrong(input=s, num_buckets=100,
                                                                    key=[1, 2]),
    "StringToHashBucket": tf.raw_ops.StringToHashBucket(string_tensor=s, num_buckets=7),
    "Substr": tf.raw_ops.Substr(input=s[:2], pos=1, len=3),
    "RegexReplace": tf.raw_ops.RegexReplace(input=s, pattern="o", rewrite="0",
                                            replace_global=False),
    "StaticRegexReplace": tf.raw_ops.StaticRegexReplace(input=s, pattern="[a-z]+", rewrite="x"),
    "StaticRegexFullMatch": tf.raw_ops.StaticRegexFullMatch(input=s, pattern=".*o.*"),
    "AsString": tf.raw_ops.AsString(input=[1.5, -2.25], precision=2, width=7, fill="0"),
    "AsString_int": tf.raw_ops.AsString(input=[7, -12], width=4),
    "EncodeBase64": tf.raw_ops.EncodeBase64(input=s, pad=True),
    "DecodeRaw": tf.raw_ops.DecodeRaw(bytes=["abcd", "efgh"], out_type=tf.int16,
                                      little_endian=False),
}
split = tf.raw_ops.StringSplitV2(input=["a,b,,c", "d"], sep=",", maxsplit=2)
out["nodes"] = {k: [t.op.name, t.dtype.name] for k, t in built.items()}
out["fields"] = list(split._fields)
def text(v):
    return [x.decode() if isinstance(x, bytes) else x for x in np.ravel(v).tolist()]
with tf.Session() as sess:
    out["values"] = {k: text(v) for k, v in sess.run(built).items()}
    got = sess.run(tuple(split))
    out["split"] = [got[0].tolist(), text(got[1]), got[2].tolist()]
""",
    "raw_ops_misc": """
m = tf.constant([[1., 2., 3.], [4., 5., 6.], [7., 8., 9.]])
z = tf.complex(tf.constant([3., -1.]), tf.constant([4., 2.]))
built = {
    "MatrixDiagPartV3": tf.raw_ops.MatrixDiagPartV3(input=m, k=[-1, 1], padding_value=-9.,
                                                    align="LEFT_RIGHT"),
    "MatrixDiagV3": tf.raw_ops.MatrixDiagV3(diagonal=[1., 2.], k=1, num_rows=-1, num_cols=4,
                                            padding_value=0.5),
    "Real": tf.raw_ops.Real(input=z),
    "Imag": tf.raw_ops.Imag(input=z),
    "Angle": tf.raw_ops.Angle(input=z),
    "ComplexAbs": tf.raw_ops.ComplexAbs(x=z),
    "Complex": tf.raw_ops.Real(input=tf.raw_ops.Complex(real=[1., 2.], imag=[3., 4.])),
    "LowerBound": tf.raw_ops.LowerBound(sorted_inputs=[[1., 2., 2., 5.]], values=[[2., 6.]]),
    "UpperBound": tf.raw_ops.UpperBound(sorted_inputs=[[1., 2., 2., 5.]], values=[[2., 0.]],
                                        out_type=tf.int64),
    "Einsum": tf.raw_ops.Einsum(inputs=[m, m], equation="ij,jk->ik"),
    "Bitcast": tf.raw_ops.Bitcast(input=[1., -2.], type=tf.int32),
    "HistogramFixedWidth": tf.raw_ops.HistogramFixedWidth(values=[0., 1., 2.5, 9., -3.],
                                                          value_range=[0., 5.], nbins=5),
    "SparseToDense": tf.raw_ops.SparseToDense(sparse_indices=[[0, 1], [2, 0]],
                                              output_shape=[3, 2], sparse_values=[5., 6.],
                                              default_value=-1.),
}
out["nodes"] = {k: [t.op.name, t.dtype.name, t.shape.as_list()] for k, t in built.items()}
with tf.Session() as sess:
    out["values"] = {k: v.tolist() for k, v in sess.run(built).items()}
""",
    "raw_ops_random": """
# The same seeds draw TF's numbers, run after run; (0, 0) draws fresh ones.
built = {
    "RandomUniform": tf.raw_ops.RandomUniform(shape=[2, 3], dtype=tf.float32, seed=7, seed2=3),
    "RandomUniform_f64": tf.raw_ops.RandomUniform(shape=[4], dtype=tf.float64, seed=1, seed2=0),
    "RandomStandardNormal": tf.raw_ops.RandomStandardNormal(shape=tf.constant([3]),
                                                            dtype=tf.float32, seed=5, seed2=9),
    "TruncatedNormal": tf.raw_ops.TruncatedNormal(shape=[5], dtype=tf.float64, seed=0, seed2=4),
    "RandomShuffle": tf.raw_ops.RandomShuffle(value=[1, 2, 3, 4, 5, 6], seed=2, seed2=8),
}
stateless = {
    "StatelessRandomUniform": tf.raw_ops.StatelessRandomUniform(shape=[2, 2], seed=[1, 2]),
    "StatelessRandomNormal": tf.raw_ops.StatelessRandomNormal(shape=[3], seed=[3, 4],
                                                              dtype=tf.float64),
    "StatelessTruncatedNormal": tf.raw_ops.StatelessTruncatedNormal(
        shape=[4], seed=tf.constant([5, 6], tf.int64)),
    "StatelessRandomUniformInt": tf.raw_ops.StatelessRandomUniformInt(
        shape=[5], seed=[7, 8], minval=tf.constant(-3, tf.int64), maxval=tf.constant(9, tf.int64)),
}
built.update(stateless)
fresh = tf.raw_ops.RandomUniform(shape=[3], dtype=tf.float32)
out["nodes"] = {k: [t.op.name, t.dtype.name, t.shape.as_list()] for k, t in built.items()}
with tf.Session() as sess:
    out["first"] = {k: v.tolist() for k, v in sess.run(built).items()}
    out["second"] = {k: v.tolist() for k, v in sess.run(built).items()}
    a, b = sess.run(fresh), sess.run(fresh)
    out["fresh_differs"] = bool((a != b).any())
with tf.Session() as sess:
    out["new_session"] = sess.run(built["RandomUniform"]).tolist()
out["int_dtype"] = raises(lambda: tf.raw_ops.RandomUniform(shape=[2], dtype=tf.int32))
""",
    "raw_ops_codecs": """
# Encoded by each library, decoded by each: PNG round trips exactly; a JPEG of flat 8x8
# blocks decodes to its colours in any conforming decoder.
pixels = tf.constant(np.arange(4 * 5 * 3, dtype=np.uint8).reshape(4, 5, 3) * 4)
blocks = tf.constant(np.repeat(np.repeat(np.array([[[40, 80, 120], [200, 20, 60]]],
                                                  np.uint8), 8, 0), 8, 1))
png = tf.raw_ops.EncodePng(image=pixels, compression=9)
jpeg = tf.raw_ops.EncodeJpeg(image=blocks, quality=100, chroma_downsampling=False)
built = {
    "DecodePng": tf.raw_ops.DecodePng(contents=png, channels=3),
    "DecodePng_gray": tf.raw_ops.DecodePng(contents=tf.raw_ops.EncodePng(image=pixels[..., :1]),
                                           channels=1, dtype=tf.uint16),
    "DecodeImage": tf.raw_ops.DecodeImage(contents=png, channels=3, dtype=tf.float32),
    "ExtractJpegShape": tf.raw_ops.ExtractJpegShape(contents=jpeg, output_type=tf.int64),
    "DecodeJpeg": tf.raw_ops.DecodeJpeg(contents=jpeg, channels=3),
    "EncodeJpeg_gray": tf.raw_ops.ExtractJpegShape(contents=tf.raw_ops.EncodeJpeg(
        image=blocks[..., :1], format="grayscale")),
}
out["nodes"] = {k: [t.op.name, t.dtype.name] for k, t in built.items()}
with tf.Session() as sess:
    got = sess.run(built)
    out["values"] = {k: v.tolist() for k, v in got.items() if k != "DecodeJpeg"}
    out["jpeg_within_2"] = bool(np.abs(got["DecodeJpeg"].astype(int) -
                                       sess.run(blocks).astype(int)).max() <= 2)
out["png_dtype"] = raises(lambda: tf.raw_ops.DecodePng(contents=png, dtype=tf.float32))
out["jpeg_format"] = raises(lambda: tf.raw_ops.EncodeJpeg(image=blocks, format="bgr"))
""",
    "raw_ops_linalg_fft": """
m = tf.constant([[4., 1.], [2., 3.]])
x = tf.constant(np.linspace(-1., 1., 2 * 4 * 6, dtype=np.float32).reshape(2, 4, 6))
built = {
    "MatrixSolve": tf.raw_ops.MatrixSolve(matrix=m, rhs=[[1.], [2.]]),
    "MatrixSolve_adjoint": tf.raw_ops.MatrixSolve(matrix=m, rhs=[[1.], [2.]], adjoint=True),
    "MatrixSetDiagV3": tf.raw_ops.MatrixSetDiagV3(input=tf.zeros([3, 3]),
                                                  diagonal=[[1., 2., 0.], [3., 4., 5.]], k=[0, 1],
                                                  align="LEFT_RIGHT"),
    "RFFT_abs": tf.abs(tf.raw_ops.RFFT(input=x[0, 0], fft_length=[6])),
    "RFFT2D_abs": tf.abs(tf.raw_ops.RFFT2D(input=x, fft_length=[4, 4])),
    "RFFT3D_abs": tf.abs(tf.raw_ops.RFFT3D(input=x, fft_length=[2, 4, 6])),
    "IRFFT": tf.raw_ops.IRFFT(input=tf.complex(x[0, :, :4], x[1, :, :4]), fft_length=[6]),
    "IRFFT2D": tf.raw_ops.IRFFT2D(input=tf.complex(x[0, :, :4], x[1, :, :4]), fft_length=[4, 6]),
    "IRFFT3D": tf.raw_ops.IRFFT3D(input=tf.complex(x[:, :, :4], -x[:, :, :4]),
                                  fft_length=[2, 4, 6]),
    "SparseSegmentSum": tf.raw_ops.SparseSegmentSum(data=m, indices=[0, 1, 1],
                                                    segment_ids=[0, 0, 1]),
    "SparseSegmentMean": tf.raw_ops.SparseSegmentMean(data=m, indices=[0, 1, 1],
                                                      segment_ids=[0, 0, 1]),
    "SparseSegmentSqrtN": tf.raw_ops.SparseSegmentSqrtN(data=m, indices=[0, 1, 1],
                                                        segment_ids=[0, 0, 1]),
    "SparseSegmentSumWithNumSegments": tf.raw_ops.SparseSegmentSumWithNumSegments(
        data=m, indices=[1, 0], segment_ids=[0, 2], num_segments=4),
    "SparseSegmentMeanWithNumSegments": tf.raw_ops.SparseSegmentMeanWithNumSegments(
        data=m, indices=[1, 0], segment_ids=[0, 2], num_segments=3),
    "SparseSegmentSqrtNWithNumSegments": tf.raw_ops.SparseSegmentSqrtNWithNumSegments(
        data=m, indices=[1, 0, 0], segment_ids=[1, 1, 2], num_segments=3),
}
out["nodes"] = {k: [t.op.name, t.dtype.name, t.shape.as_list()] for k, t in built.items()}
with tf.Session() as sess:
    out["values"] = {k: v.tolist() for k, v in sess.run(built).items()}
out["rfft_tcomplex"] = raises(lambda: tf.Session().run(tf.raw_ops.RFFT(
    input=x[0, 0], fft_length=[6], Tcomplex=tf.complex128)))
""",
    "raw_ops_parsing": """
csv = tf.raw_ops.DecodeCSV(records=["1,a,2.5", "3,,"],
                           record_defaults=[tf.constant([0]), tf.constant(["z"]),
                                            tf.constant([-1.])],
                           select_cols=[])
picked = tf.raw_ops.DecodeCSV(records=["1;x;2"], record_defaults=[[0], [0.]], field_delim=";",
                              select_cols=[0, 2])
serialized = tf.io.serialize_tensor(tf.constant([[1.5, 2.]]))
parsed = tf.raw_ops.ParseTensor(serialized=serialized, out_type=tf.float32)
out["names"] = [t.op.name for t in [*csv, *picked, parsed]]
with tf.Session() as sess:
    got = sess.run([*csv, *picked, parsed])
    out["values"] = [[x.decode() if isinstance(x, bytes) else x for x in v.tolist()]
                     if v.ndim else v.tolist() for v in got]
""",
    "raw_ops_more_attributes": """
img = tf.constant(np.ones([1, 4, 4, 2], np.float32))
def run(build):
    with tf.Session() as sess:
        sess.run(build())
out["crop_method"] = raises(lambda: run(lambda: tf.raw_ops.CropAndResize(
    image=img, boxes=[[0., 0., 1., 1.]], box_ind=[0], crop_size=[2, 2], method="bicubic")))
out["depth_block_1"] = raises(lambda: run(lambda: tf.raw_ops.DepthToSpace(input=img,
                                                                          block_size=1)))
out["depth_format"] = raises(lambda: run(lambda: tf.raw_ops.SpaceToDepth(
    input=img, block_size=2, data_format="CHWN")))
out["patches_ksizes"] = raises(lambda: run(lambda: tf.raw_ops.ExtractImagePatches(
    images=img, ksizes=[1, 2, 2], strides=[1, 1, 1, 1], rates=[1, 1, 1, 1], padding="SAME")))
out["patches_padding"] = raises(lambda: run(lambda: tf.raw_ops.ExtractImagePatches(
    images=img, ksizes=[1, 2, 2, 1], strides=[1, 1, 1, 1], rates=[1, 1, 1, 1],
    padding="EXPLICIT")))
out["bn_format"] = raises(lambda: run(lambda: tf.raw_ops.FusedBatchNormV3(
    x=img, scale=[1., 1.], offset=[0., 0.], mean=[], variance=[], data_format="NHCW")))
out["as_string_fill"] = raises(lambda: run(lambda: tf.raw_ops.AsString(input=[1], fill="ab")))
out["length_unit"] = raises(lambda: run(lambda: tf.raw_ops.StringLength(input=["a"],
                                                                        unit="CHAR")))
out["to_number_type"] = raises(lambda: run(lambda: tf.raw_ops.StringToNumber(
    string_tensor=["1"], out_type=tf.int8)))
out["diag_align"] = raises(lambda: run(lambda: tf.raw_ops.MatrixDiagPartV3(
    input=[[1.]], k=0, padding_value=0., align="LEFT")))
out["real_tout"] = raises(lambda: run(lambda: tf.raw_ops.Real(
    input=tf.complex(1., 2.), Tout=tf.float64)))
out["complex_tout"] = raises(lambda: run(lambda: tf.raw_ops.Complex(real=1., imag=2.,
                                                                    Tout=tf.complex128)))
out["einsum_bad"] = raises(lambda: run(lambda: tf.raw_ops.Einsum(inputs=[img], equation="ij->")))
out["bound_type"] = raises(lambda: run(lambda: tf.raw_ops.LowerBound(
    sorted_inputs=[[1.]], values=[[1.]], out_type=tf.float32)))
""",
}


def raw_ops_signatures(tf_raw_ops) -> dict:
    """TF's signature of each `raw_ops` name graphgate exposes."""
    from graphgate import raw_ops

    return {n: str(inspect.signature(getattr(tf_raw_ops, n))) for n in raw_ops.__all__}


def graph_defs(tf) -> dict:
    """GraphDefs (base64) whose nodes carry the TF 2 attributes graphgate computes only at
    their default: TopKV2's `index_type`, Cast's `Truncate`, Equal's
    `incompatible_shape_error`, GatherNd's `bad_indices_policy` (IGNORE); and the same at
    the default (ERROR computes as the default does), with a CumulativeLogsumexp."""
    import base64

    made = {}
    for label, index_type, truncate, policy in (
        ("default", tf.int32, False, "ERROR"),
        ("other", tf.int64, True, "IGNORE"),
    ):
        with tf.Graph().as_default() as g:
            x = tf.placeholder(tf.float32, [3], name="x")
            tf.nn.top_k(x, 2, index_type=index_type, name="top")
            tf.raw_ops.Cast(x=x, DstT=tf.float16, Truncate=truncate, name="half")
            tf.raw_ops.Equal(x=x, y=x, incompatible_shape_error=not truncate, name="same")
            tf.raw_ops.GatherNd(params=x, indices=[[2]], bad_indices_policy=policy, name="pick")
            tf.raw_ops.CumulativeLogsumexp(x=x, axis=0, exclusive=True, reverse=True, name="lse")
        made[label] = base64.b64encode(g.as_graph_def().SerializeToString()).decode()
    return made


def main() -> None:
    tf = harness.import_tf1(legacy_keras=True)
    harness.dump(
        {
            "tensorflow": tf.__version__,
            "programs": harness.run_programs(tf, PROGRAMS),
            "raw_ops_signatures": raw_ops_signatures(tf.raw_ops),
            "graph_defs": graph_defs(tf),
        }
    )


if __name__ == "__main__":
    main()
