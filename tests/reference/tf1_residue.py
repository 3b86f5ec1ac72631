"""What the tenth gap hunt's programs still found different from TensorFlow, each pinned:
TF1 programs run unchanged with `tf` = tensorflow.compat.v1 (this script, dev-only) and
with `tf` = graphgate (tests/unit/engine/test_tf1_residue.py).

    TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python tests/reference/tf1_residue.py \
        > tests/unit/engine/fixtures/tf1_residue.json
"""

from __future__ import annotations

import json
import sys

import numpy as np

PROGRAMS = {
    "fused_batch_norm_second_derivative": """
# Double backprop through a fused batch norm: TF differentiates FusedBatchNormGrad exactly,
# through both batch statistics (tf.nn.moments holds the mean constant in the variance, so
# the unfused spelling has a different second derivative, which is pinned too).
rng = np.random.RandomState(5)
img = tf.constant(rng.randn(2, 3, 3, 2).astype(np.float32))
w = tf.constant(rng.randn(2, 3, 3, 2).astype(np.float32))
def second(f):
    g1 = tf.gradients(tf.reduce_sum(tf.sin(f(img)) * w), img)[0]
    return [g1, tf.gradients(tf.reduce_sum(tf.sin(g1)), img)[0]]
scale, offset = tf.constant([1.0, 2.0]), tf.constant([0.0, 0.5])
r = {
    "fused": second(lambda v: tf.nn.fused_batch_norm(v, scale, offset, is_training=True)[0]),
    "layers_fused": second(lambda v: tf.layers.batch_normalization(v, training=True, name="a")),
    "layers_unfused": second(
        lambda v: tf.layers.batch_normalization(v, training=True, fused=False, name="b")),
    "layers_inference": second(lambda v: tf.layers.batch_normalization(v, name="c")),
}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for k, v in r.items():
        out[k] = [np.asarray(t, np.float64).ravel().tolist() for t in sess.run(v)]
""",
    "ctc_beam_search_decoder": """
# TF's prefix beam search on random logits (log-softmaxed per step by the decoder), with
# short sequences, narrow beams, unmerged repeats and several paths.
rng = np.random.RandomState(7)
for case in range(10):
    T, B, C = rng.randint(1, 9), rng.randint(1, 4), rng.randint(2, 6)
    width = rng.randint(1, 6)
    top = rng.randint(1, width + 1)
    logits = (rng.randn(T, B, C) * rng.choice([0.5, 2.0, 4.0])).astype(np.float32)
    lengths = rng.randint(1, T + 1, size=B).astype(np.int32)
    merge = bool(rng.randint(2))
    decoded, logp = tf.nn.ctc_beam_search_decoder(
        logits, lengths, beam_width=int(width), top_paths=int(top), merge_repeated=merge)
    with tf.Session() as sess:
        found = sess.run([[(d.indices, d.values, d.dense_shape) for d in decoded], logp])
        out[f"case{case}"] = [[[x.tolist() for x in d] for d in found[0]], found[1].tolist()]
x = np.log(np.full((3, 1, 3), 1 / 3, np.float32))
decoded, logp = tf.nn.ctc_beam_search_decoder(x, [3], beam_width=4, top_paths=2)
out["names"] = [decoded[1].values.name, logp.name, logp.shape.as_list()]
def run(width, top, lengths):
    with tf.Session() as sess:
        d, lp = tf.nn.ctc_beam_search_decoder(x, lengths, beam_width=width, top_paths=top)
        sess.run(lp)
out["fewer_leaves"] = raises(lambda: run(4, 3, [0]))
out["top_paths_zero"] = raises(lambda: run(4, 0, [3]))
""",
    "dense_refuses_integer_inputs": """
# tf.layers.dense refuses a non-float input while building (TypeError).
out["dense_int"] = raises(lambda: tf.layers.dense(tf.ones([2, 3], tf.int32), 2))
out["dense_f16"] = tf.layers.dense(tf.ones([2, 3], tf.float16), 2).dtype.name
""",
    "broadcast_gradient_names": """
# The gradients of broadcasting binary ops are fetched by name in TF1 code
# (gradients/add_grad/Reshape:0): TF sums each input's gradient back to its shape and
# reshapes it, once per input whose shape the gradient's need not match.
x = tf.placeholder(tf.float32, [None, 3], name="x")
b = tf.Variable(tf.zeros([3]), name="b")
c = tf.constant(np.ones((2, 3), np.float32))
r = tf.reduce_sum(x + b) + tf.reduce_sum((c - tf.constant([1.0, 2.0, 3.0])) * b)
g = tf.gradients(r, [x, b])
out["names"] = [t.name for t in g]
out["reshapes"] = sorted(o.name for o in tf.get_default_graph().get_operations()
                        if o.name.startswith(("gradients/add_grad/", "gradients/mul_grad/"))
                        and o.name.endswith(("Reshape", "Reshape_1")))
y = tf.placeholder(tf.float32, [None, 3])
out["both"] = [t.name for t in tf.gradients(tf.reduce_mean(x - y), [x, y])]
""",
    "image_resize_second_derivatives": """
# TF has no gradient for the nearest, bicubic and crop_and_resize backprops (LookupError
# when a second derivative passes through them); the bilinear one's is None, so its
# Hessian drops the term through the incoming gradient, and both frameworks agree on it.
rng = np.random.RandomState(5)
img = tf.constant(rng.randn(1, 3, 3, 2).astype(np.float32))
def second(f):
    def build():
        g1 = tf.gradients(tf.reduce_sum(tf.square(f(img * img))), img)[0]
        return tf.gradients(tf.reduce_sum(tf.sin(g1)), img)[0]
    return build
out["nearest"] = raises(second(lambda v: tf.image.resize_nearest_neighbor(v, [5, 5])))
out["bicubic"] = raises(second(lambda v: tf.image.resize_bicubic(v, [5, 5])))
out["crop_and_resize"] = raises(
    second(lambda v: tf.image.crop_and_resize(v, [[0.0, 0.0, 1.0, 1.0]], [0], [2, 2])))
bilinear = second(lambda v: tf.image.resize_bilinear(v, [5, 5]))()
with tf.Session() as sess:
    out["bilinear"] = sess.run(bilinear).ravel().tolist()
""",
    "top_k_unsorted_order": """
# top_k(sorted=False) leaves the k largest in the layout of TF's heap; programs that index
# its result see that order (ties by lower index, NaN rows as TF compares them). Sorted,
# a row with NaN is in the order sort_heap gives that heap.
rng = np.random.RandomState(0)
with tf.Session() as sess:
    out["small"] = sess.run(tf.nn.top_k(tf.constant([1.0, 5.0, 3.0, 4.0]), 2, sorted=False))
    out["small"] = [v.tolist() for v in out["small"]]
    for case in range(12):
        n = rng.randint(3, 30)
        k = rng.randint(2, n)
        x = rng.randint(0, 5, size=(2, n)).astype(np.float32) if case % 3 == 0 else rng.randn(2, n)
        if case % 4 == 1:
            x[1, rng.randint(n)] = np.nan
        out[f"case{case}"] = sess.run(tf.nn.top_k(x, k, sorted=False).indices).tolist()
        if case % 4 == 1:  # sorted from the heap, where NaN makes the comparison no order
            out[f"sorted{case}"] = sess.run(tf.nn.top_k(x, k).indices).tolist()
    out["wide"] = sess.run(tf.nn.top_k(rng.randn(2, 500), 20, sorted=False).indices).tolist()
    out["k1_and_all"] = [sess.run(tf.nn.top_k([3.0, 1.0, 3.0], k, sorted=False).indices).tolist()
                         for k in (1, 3)]
""",
    "control_inputs_and_node_def": """
# TF adds no control input on an op that is already a data input, and every op has a
# node_def (name, op, input with '^' control inputs).
g = tf.get_default_graph()
a = tf.constant([1.0, 2.0], name="a")
c = tf.constant(3.0, name="c")
with g.control_dependencies([a.op, c.op]):
    b = tf.identity(a, name="b")
out["deps"] = [op.name for op in b.op.control_inputs]
out["node_def"] = [b.op.node_def.name, b.op.node_def.op, list(b.op.node_def.input)]
out["const_node_def"] = [a.op.node_def.name, a.op.node_def.op, list(a.op.node_def.input)]
# A variable read by an op whose control dependency is also its input still sees the update.
v = tf.Variable(1.0, name="v")
inc = tf.assign_add(v, 1.0)
with g.control_dependencies([inc.op]):
    y = inc + v
out["update_deps"] = [op.name for op in y.op.control_inputs]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["after_update"] = [float(sess.run(y)), float(sess.run(y))]
""",
    "float16_unary_bits": """
# TF's half exp, log, sin, cos and erfc compute in float32 and round to half once; where
# that float32 result is a half tie the bits differ from a correctly rounded half (exp of
# 0.0073 is 1.008 in TF); expm1, log1p and cosh are Eigen's float32 formulas. The inputs
# where they differ, and 300 other halves.
ties = [2839, 6453, 7683, 8057, 9804, 10240, 10340, 11441, 23728, 36631, 42367,
        43008, 43532, 44209, 47438, 56496]
bits = np.array(ties + np.random.RandomState(3).randint(0, 0x7BFF, 300).tolist(), np.uint16)
x = tf.constant(bits.view(np.float16))
pos = tf.abs(x)
with tf.Session() as sess:
    for name, y in (("exp", tf.exp(x)), ("log", tf.log(pos)), ("sin", tf.sin(x)),
                    ("cos", tf.cos(x)), ("erfc", tf.math.erfc(x)), ("expm1", tf.expm1(x)),
                    ("log1p", tf.log1p(pos)), ("cosh", tf.cosh(x))):
        out[name] = sess.run(y).view(np.uint16).tolist()
""",
}


def raises(fn):
    try:
        fn()
    except Exception as exc:
        return type(exc).__name__
    return None


def run(tf, program: str) -> dict:
    out: dict = {}
    graph = tf.Graph()
    with graph.as_default():
        exec(program, {"tf": tf, "np": np, "out": out, "raises": raises})
    return out


def main() -> None:
    import os

    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # tf.layers lives in tf_keras now
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    out = {name: run(tf, text) for name, text in PROGRAMS.items()}
    json.dump({"tensorflow": tf.__version__, "programs": out}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
