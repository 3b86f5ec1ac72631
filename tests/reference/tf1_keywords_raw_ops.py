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
}


def raw_ops_signatures(tf_raw_ops) -> dict:
    """TF's signature of each `raw_ops` name graphgate exposes."""
    from graphgate import raw_ops

    return {n: str(inspect.signature(getattr(tf_raw_ops, n))) for n in raw_ops.__all__}


def graph_defs(tf) -> dict:
    """GraphDefs (base64) whose nodes carry the TF 2 attributes graphgate computes only at
    their default: TopKV2's `index_type`, Cast's `Truncate`; and the same at the default."""
    import base64

    made = {}
    for label, index_type, truncate in (("default", tf.int32, False), ("other", tf.int64, True)):
        with tf.Graph().as_default() as g:
            x = tf.placeholder(tf.float32, [3], name="x")
            tf.nn.top_k(x, 2, index_type=index_type, name="top")
            tf.raw_ops.Cast(x=x, DstT=tf.float16, Truncate=truncate, name="half")
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
