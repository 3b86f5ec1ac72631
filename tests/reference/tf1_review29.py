"""TF1 programs reviewing this round's engine merges (dev-only): fractional pooling of an
input of unknown rank, conds under control dependencies inside and around while_loops,
and `tf.gradients` through ops TF registers no gradient for, by integer and float paths.
Run unchanged with `tf` = graphgate by tests/unit/engine/test_tf1_review29.py.

    /work/tfvenv/bin/python tests/reference/tf1_review29.py \
        > tests/unit/engine/fixtures/tf1_review29.json
"""

from __future__ import annotations

import numpy as np  # noqa: F401 - the programs' `np`, which the engine test binds from here

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

PROGRAMS = {
    # TF's shape function makes an input of unknown rank rank 4; its kernel checks the fed
    # value's (graphgate refused the graph, UNKNOWN_RANK).
    "fractional_pools_of_unknown_rank": """
x = tf.placeholder(tf.float32, None)
y, r, c = tf.nn.fractional_max_pool(
    x, [1.0, 1.44, 1.73, 1.0], pseudo_random=True, overlapping=True, deterministic=True,
    seed=7, seed2=3)
z, zr, zc = tf.nn.fractional_avg_pool(
    x, [1.0, 1.5, 1.5, 1.0], overlapping=True, deterministic=True, seed=5, seed2=1)
g = tf.gradients(tf.reduce_sum(y * y), x)[0]
out["static"] = [t.shape.as_list() for t in (y, z, g)]
fed = np.random.RandomState(0).uniform(size=(2, 7, 9, 3)).astype(np.float32)
with tf.Session() as sess:
    out["values"] = [a.tolist() for a in sess.run([y, r, c, z, zr, zc, g], {x: fed})]
    out["rank_3_fed"] = raises(lambda: sess.run(y, {x: fed[0]}))
""",
    # An update made outside a cond that a branch names in control_dependencies: TF runs
    # it whichever branch is taken, once a step, inside a loop and around one.
    "cond_control_dependencies_in_and_around_loops": """
v = tf.Variable(0.0)
w = tf.Variable(0.0)
p = tf.placeholder(tf.bool, [])
def body(i, acc):
    inc = tf.assign_add(v, 1.0)
    def yes():
        with tf.control_dependencies([inc]):
            return acc + tf.identity(v)
    def no():
        return acc - 1.0
    return i + 1, tf.cond(i < 2, yes, no)
# One iteration at a time: else the updates of later ones may run before a read.
loop = tf.while_loop(lambda i, a: i < 4, body, [0, 0.0], parallel_iterations=1)[1]
up = tf.assign_add(w, 10.0)
def outer_yes():
    with tf.control_dependencies([up]):
        return tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a + w), [0, 0.0])[1]
# (A read of w in the other branch would race the update, in TF.)
outer = tf.cond(p, outer_yes, lambda: tf.constant(-1.0))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["loop"] = sess.run(loop)
    out["v_after"] = sess.run(v)
    out["outer_true"] = sess.run(outer, {p: True})
    out["outer_false"] = sess.run(outer, {p: False})
    out["w_after"] = sess.run(w)
""",
    # TF's gradient walk follows float tensors only: an op with no gradient is asked (and
    # raises LookupError) only where a float path from the xs reaches one of its inputs.
    "no_gradient_ops_by_integer_and_float_paths": """
x = tf.constant([1.0, 2.0, 2.0, 3.0])
def grad(y, xs=None):
    return raises(lambda: tf.gradients(y, xs or [x])) or [
        None if g is None else "tensor" for g in tf.gradients(y, xs or [x])]
u, idx = tf.unique(x)
out["unique_values"] = grad(tf.reduce_sum(u))
out["unique_idx"] = grad(tf.reduce_sum(tf.cast(idx, tf.float32)))
out["unique_of_int"] = grad(tf.reduce_sum(tf.cast(tf.unique(tf.cast(x, tf.int32))[0], tf.float32)))
d, di = tf.setdiff1d(x, tf.constant([2.0]))
out["setdiff_values"] = grad(tf.reduce_sum(d))
out["setdiff_of_int"] = grad(tf.reduce_sum(tf.cast(
    tf.setdiff1d(tf.cast(x, tf.int32), tf.constant([2]))[0], tf.float32)))
out["bitcast_float"] = grad(tf.reduce_sum(tf.cast(tf.bitcast(x, tf.int32), tf.float32)))
out["bitcast_of_int"] = grad(tf.reduce_sum(tf.cast(
    tf.bitcast(tf.cast(x, tf.int32), tf.float32), tf.float32)))
lam = x * 1.0
out["poisson_rate"] = grad(tf.reduce_sum(tf.random.poisson(lam, [2], seed=1)))
out["fft_real"] = grad(tf.reduce_sum(tf.abs(tf.signal.rfft(x))))
out["quantize"] = grad(tf.reduce_sum(
    tf.quantization.fake_quant_with_min_max_args(x, min=0.0, max=3.0)))
img = tf.reshape(x, [1, 2, 2, 1])
out["rgb_to_hsv_free"] = grad(tf.reduce_sum(tf.image.resize_nearest_neighbor(img, [4, 4])))
out["non_max_suppression_scores"] = grad(tf.reduce_sum(tf.cast(tf.image.non_max_suppression(
    tf.constant([[0.0, 0.0, 1.0, 1.0], [0.0, 0.0, 1.0, 1.0], [0, 0, 2, 2], [3, 3, 4, 4]]),
    x, 3), tf.float32)))
out["argmax"] = grad(tf.reduce_sum(tf.cast(tf.argmax(x), tf.float32)))
""",
    # Combined NMS with tensor limits inside a while_loop, and tile of unknown rank in a
    # gradient: static shapes and values as TF's.
    "combined_nms_in_a_loop_and_tile_of_unknown_rank": """
boxes = tf.constant(np.random.RandomState(2).uniform(size=(2, 6, 1, 4)).astype(np.float32))
scores = tf.constant(np.random.RandomState(3).uniform(size=(2, 6, 3)).astype(np.float32))
def body(i, acc):
    per_class = tf.cast(i + 1, tf.int32)
    nmsed = tf.image.combined_non_max_suppression(
        boxes, scores, per_class, 4, iou_threshold=tf.constant(0.5), score_threshold=0.1)
    return i + 1, acc + tf.reduce_sum(nmsed[1]) + tf.cast(tf.reduce_sum(nmsed[3]), tf.float32)
loop = tf.while_loop(lambda i, a: i < 3, body, [0, 0.0])[1]
n = tf.image.combined_non_max_suppression(
    boxes, scores, tf.placeholder_with_default(2, []), tf.placeholder_with_default(5, []),
    pad_per_class=True, clip_boxes=False)
out["nms_static"] = [t.shape.as_list() for t in n]
x = tf.placeholder(tf.float32, None)
m = tf.placeholder(tf.int32, None)
t = tf.tile(x, m)
g = tf.gradients(tf.reduce_sum(t * t), x)[0]
out["tile_static"] = [None if t.shape.ndims is None else t.shape.as_list(),
                      None if g.shape.ndims is None else g.shape.as_list()]
x2 = tf.placeholder(tf.float32, [None, 3])
g2 = tf.gradients(tf.reduce_sum(tf.tile(x2, m) ** 2), x2)[0]
out["tile_grad_static"] = g2.shape.as_list()
fed = np.arange(6, dtype=np.float32).reshape(2, 3)
with tf.Session() as sess:
    out["loop"] = sess.run(loop)
    out["nms"] = [a.tolist() for a in sess.run(n)]
    out["tile"] = [a.tolist() for a in sess.run([t, g, g2], {x: fed, m: [2, 3], x2: fed})]
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS)
