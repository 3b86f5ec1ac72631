"""Record what TensorFlow computes for TF 1.15's `tf.contrib.crf` and `tf.contrib.seq2seq`
(dev-only).

    TF_USE_LEGACY_KERAS=1 PYTHONPATH=<tensorflow-addons 0.23> /work/tfvenv/bin/python \
        tests/reference/tf1_seq2seq.py > tests/unit/engine/fixtures/tf1_seq2seq.json

TF 2 has no `tf.contrib`. The reference is TensorFlow Addons 0.23 (`tfa.text` crf,
`tfa.seq2seq`), the port of TF 1.15's contrib code to TF 2, run in `tf.compat.v1` graph
mode on TF 2.21 with tf_keras (Addons' own import of `keras.src.engine` pointed at
`tf_keras.src.engine`). `contrib_over_addons()` below spells TF 1.15's API (helpers
given to `BasicDecoder`, `dynamic_decode(decoder)`, `zero_state`, `BeamSearchDecoder`'s
constructor arguments) over Addons' (samplers, `decoder.initialize(...)`). The programs
are TF1 code run unchanged but for the module bound to `tf`; weights are set with
`fix(sess)`, which loads each trainable variable with a value fixed by its shape alone
(TF 1.15, Addons and graphgate name some variables differently), so the programs keep
the shapes of different weights distinct.
"""

from __future__ import annotations

import json
import sys

import numpy as np

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
}


def inputs(*shape):
    """Fixed inputs of `shape`: values in [-1, 1] that differ from element to element."""
    n = int(np.prod(shape))
    return (np.sin(np.arange(1, n + 1) * 1.7) * 0.9).reshape(shape).astype(np.float32)


def weights(shape, k=0):
    n = int(np.prod(shape))
    return (np.cos(np.arange(1, n + 1) * 0.37 + k) * 0.6).reshape(shape).astype(np.float32)


def raises(fn) -> list[str] | None:
    try:
        fn()
    except Exception as exc:  # the class names TF raises, for the test to find in ours
        return [c.__name__ for c in type(exc).__mro__]
    return None


def run(tf, reset, names=None) -> dict:
    """What each program (all, or those `names`) observed, by program name."""
    results = {}
    for name in names or PROGRAMS:
        reset()
        out: dict = {}

        def fix(sess):
            for v in tf.trainable_variables():
                shape = v.shape.as_list()
                v.load(weights(shape, sum(shape) + len(shape)), sess)

        scope = {"tf": tf, "np": np, "out": out, "inputs": inputs, "fix": fix}
        scope["raises"] = raises
        scope["weights"] = weights
        exec(PROGRAMS[name], scope)
        results[name] = out
    return results


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
    return SimpleNamespace(crf=crf)


if __name__ == "__main__":
    import tensorflow.compat.v1 as tf
    import tensorflow_addons as tfa

    tf.disable_v2_behavior()
    tf.contrib = contrib_over_addons(tf, tfa)
    json.dump(run(tf, tf.reset_default_graph), sys.stdout, indent=1, sort_keys=True)
    print()
