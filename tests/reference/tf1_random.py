"""Record TensorFlow's random numbers for seeded TF1 programs (dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_random.py \
        > tests/unit/engine/fixtures/tf1_random.json

(the venv needs `tensorflow-cpu` and `tf-keras` of the same version.)

Two parts. `streams`: what each random kernel draws for given seeds on its first and
second run — the exact bytes for short tensors and a SHA-256 of the bytes for long ones;
the candidate samplers' ids and expected counts as values. `programs`: seeded TF1
programs (graph seed alone, op seeds alone, both; initializers, dropout, tf.layers,
shuffles, categorical draws, gamma samples, nce/sampled softmax losses) whose initial
weights and losses graphgate must reproduce.
"""

from __future__ import annotations

import hashlib
import json

import numpy as np

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness


PROGRAMS = {}
PROGRAMS["mlp_random_normal"] = """
tf.set_random_seed(42)
rng = np.random.RandomState(0)
X = rng.rand(64, 10).astype(np.float32); Y = (X.sum(1, keepdims=True) > 5).astype(np.float32)
x = tf.placeholder(tf.float32, [None, 10]); y = tf.placeholder(tf.float32, [None, 1])
W1 = tf.Variable(tf.random_normal([10, 16], stddev=0.5)); b1 = tf.Variable(tf.random_normal([16]))
W2 = tf.Variable(tf.truncated_normal([16, 1], stddev=0.1)); b2 = tf.Variable(tf.zeros([1]))
h = tf.nn.relu(tf.matmul(x, W1) + b1)
h = tf.nn.dropout(h, keep_prob=0.8)
logits = tf.matmul(h, W2) + b2
loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    out["W1"] = s.run(W1).tolist()
    out["losses"] = [float(s.run([train, loss], {x: X, y: Y})[1]) for _ in range(15)]
"""
PROGRAMS["layers_dense_adam"] = """
tf.set_random_seed(7)
rng = np.random.RandomState(1)
X = rng.randn(32, 5).astype(np.float32); Y = rng.randint(0, 3, 32)
x = tf.placeholder(tf.float32, [None, 5]); y = tf.placeholder(tf.int64, [None])
h = tf.layers.dense(x, 8, activation=tf.nn.tanh)
h = tf.layers.dropout(h, rate=0.3, training=True)
logits = tf.layers.dense(h, 3)
loss = tf.losses.sparse_softmax_cross_entropy(y, logits)
train = tf.train.AdamOptimizer(0.01).minimize(loss)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    out["vars"] = {v.name: s.run(v).tolist() for v in tf.trainable_variables()}
    out["losses"] = [float(s.run([train, loss], {x: X, y: Y})[1]) for _ in range(10)]
"""
PROGRAMS["get_variable_inits"] = """
tf.set_random_seed(3)
a = tf.get_variable("a", [3, 4], initializer=tf.glorot_normal_initializer())
b = tf.get_variable("b", [4, 2], initializer=tf.random_uniform_initializer(-1, 1))
c = tf.get_variable("c", [5], initializer=tf.truncated_normal_initializer(stddev=2.0))
d = tf.get_variable("d", [2, 3])
scaling = tf.variance_scaling_initializer(scale=2.0, mode="fan_in")
e = tf.get_variable("e", [3, 3], initializer=scaling)
f = tf.get_variable("f", [4], initializer=tf.random_normal_initializer(seed=9))
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    for v in (a, b, c, d, e, f):
        out[v.op.name] = s.run(v).tolist()
"""
PROGRAMS["op_seed_only"] = """
a = tf.random_normal([5], seed=1)
b = tf.random_uniform([2, 3], -2, 2, seed=2)
c = tf.random_uniform([4], 0, 100, dtype=tf.int64, seed=3)
d = tf.nn.dropout(tf.ones([10]), keep_prob=0.5, seed=4)
with tf.Session() as s:
    out["first"] = [v.tolist() for v in s.run([a, b, c, d])]
    out["second"] = [v.tolist() for v in s.run([a, b, c, d])]
with tf.Session() as s:
    out["new_session"] = s.run(a).tolist()
"""
PROGRAMS["cnn_seeded"] = """
tf.set_random_seed(123)
rng = np.random.RandomState(2)
X = rng.rand(8, 8, 8, 1).astype(np.float32); Y = np.eye(3)[rng.randint(0, 3, 8)].astype(np.float32)
x = tf.placeholder(tf.float32, [None, 8, 8, 1]); y = tf.placeholder(tf.float32, [None, 3])
W = tf.Variable(tf.truncated_normal([3, 3, 1, 4], stddev=0.1))
b = tf.Variable(tf.constant(0.1, shape=[4]))
h = tf.nn.relu(tf.nn.conv2d(x, W, [1, 1, 1, 1], "SAME") + b)
h = tf.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
flat = tf.reshape(h, [-1, 4 * 4 * 4])
Wf = tf.Variable(tf.truncated_normal([64, 3], stddev=0.1))
bf = tf.Variable(tf.constant(0.1, shape=[3]))
keep = tf.placeholder(tf.float32)
logits = tf.matmul(tf.nn.dropout(flat, keep), Wf) + bf
loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
train = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    out["losses"] = [float(s.run([train, loss], {x: X, y: Y, keep: 0.5})[1]) for _ in range(10)]
"""
PROGRAMS["graph_seed_sessions"] = """
tf.set_random_seed(2024)
a = tf.random_uniform([3])
b = tf.random_normal([2], seed=8)
c = tf.nn.dropout(tf.ones([6]), rate=0.5)
with tf.Session() as s:
    out["s1"] = [s.run(a).tolist(), s.run(a).tolist(), s.run(b).tolist(), s.run(c).tolist()]
with tf.Session() as s:
    out["s2"] = [s.run(a).tolist(), s.run([a, b, c])[2].tolist()]
"""
PROGRAMS["dropout_wrapper_static_rnn"] = """
tf.set_random_seed(11)
base = np.linspace(-1, 1, 8, dtype=np.float32).reshape(2, 4)
xs = [tf.constant(base * (t + 1)) for t in range(3)]
cell = tf.nn.rnn_cell.LSTMCell(5, initializer=tf.constant_initializer(0.1))
plain = tf.nn.rnn_cell.DropoutWrapper(
    cell, input_keep_prob=0.8, output_keep_prob=0.6, state_keep_prob=0.7, seed=3
)
outs, state = tf.nn.static_rnn(plain, xs, dtype=tf.float32, scope="plain")
varia = tf.nn.rnn_cell.DropoutWrapper(
    tf.nn.rnn_cell.GRUCell(5, kernel_initializer=tf.constant_initializer(0.1)),
    input_keep_prob=0.8, output_keep_prob=0.6, state_keep_prob=0.7,
    variational_recurrent=True, input_size=4, dtype=tf.float32, seed=4,
)
vouts, _ = tf.nn.static_rnn(varia, xs, dtype=tf.float32, scope="varia")
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    out["plain"] = [o.tolist() for o in s.run(outs)]
    out["state"] = [t.tolist() for t in s.run(state)]
    out["varia"] = [o.tolist() for o in s.run(vouts)]
"""
PROGRAMS["image_random_ops"] = """
tf.set_random_seed(4)
img = tf.constant(np.arange(10 * 12 * 3).reshape(10, 12, 3).astype(np.float32))
ops = [
    tf.random_crop(img, [4, 5, 3]),
    tf.random_crop(img, [3, 3, 2], seed=9),
    tf.image.random_flip_left_right(img, seed=2),
    tf.image.random_flip_up_down(img),
    tf.image.random_brightness(img, 0.5),
]
with tf.Session() as s:
    out["runs"] = [[v.ravel()[:6].tolist() for v in s.run(ops)] for _ in range(3)]
"""
PROGRAMS["shuffle_and_categorical"] = """
tf.set_random_seed(5)
a = tf.random_shuffle(tf.range(10))
b = tf.multinomial(tf.log([[0.2, 0.3, 0.5]]), 6)
c = tf.random.categorical(tf.log([[0.5, 0.5]]), 4)
d = tf.random_shuffle(tf.reshape(tf.range(12), [4, 3]), seed=3)
with tf.Session() as s:
    out["v"] = [x.tolist() for x in s.run([a, b, c, d])]
    out["again"] = [x.tolist() for x in s.run([a, b, c, d])]
"""
PROGRAMS["word2vec_nce_and_sampled_softmax"] = """
tf.set_random_seed(17)
vocab, dim = 50, 6
rng = np.random.RandomState(3)
centers = rng.randint(0, vocab, 32); contexts = ((centers * 7 + 1) % vocab).reshape(-1, 1)
x = tf.placeholder(tf.int32, [None]); y = tf.placeholder(tf.int64, [None, 1])
emb = tf.Variable(tf.random_uniform([vocab, dim], -1.0, 1.0))
embed = tf.nn.embedding_lookup(emb, x)
w = tf.Variable(tf.truncated_normal([vocab, dim], stddev=0.4)); b = tf.Variable(tf.zeros([vocab]))
nce = tf.reduce_mean(tf.nn.nce_loss(w, b, y, embed, 6, vocab))
ssm = tf.reduce_mean(tf.nn.sampled_softmax_loss(w, b, y, embed, 5, vocab))
counts = [float(c) for c in rng.randint(1, 100, vocab)]
fixed = tf.nn.fixed_unigram_candidate_sampler(
    y, 1, 7, True, vocab, distortion=0.75, unigrams=counts)
train = tf.train.GradientDescentOptimizer(0.3).minimize(nce + ssm)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    feed = {x: centers, y: contexts}
    out["losses"] = [[float(v) for v in s.run([train, nce, ssm], feed)[1:]] for _ in range(8)]
    out["fixed"] = [[v.tolist() for v in s.run(fixed, feed)] for _ in range(2)]
"""
PROGRAMS["random_gamma_api"] = """
tf.set_random_seed(21)
a = tf.random_gamma([3], [0.5, 2.0], beta=[1.0, 4.0])
b = tf.random_gamma([2, 2], 1.0, dtype=tf.float64, seed=6)
c = tf.random.gamma([4], [[3.0], [0.7]], seed=2)
out["shapes"] = [t.shape.as_list() for t in (a, b, c)]
with tf.Session() as s:
    out["runs"] = [[v.tolist() for v in s.run([a, b, c])] for _ in range(2)]
"""
PROGRAMS["random_poisson_api"] = """
tf.set_random_seed(8)
a = tf.random_poisson([1.5, 40.0], [3])
b = tf.random_poisson(tf.constant([[2.0], [12.0]], tf.float64), [2], dtype=tf.int32, seed=4)
c = tf.random.poisson(0.7, [5], seed=1)
out["meta"] = [[t.shape.as_list(), t.dtype.name] for t in (a, b, c)]
with tf.Session() as s:
    out["runs"] = [[v.tolist() for v in s.run([a, b, c])] for _ in range(2)]
"""
PROGRAMS["stateless_random_ops"] = """
a = tf.random.stateless_normal([3, 2], seed=[1, 2])
b = tf.random.stateless_uniform([4], seed=tf.constant([7, 8], tf.int64), minval=-1., maxval=3.)
c = tf.random.stateless_truncated_normal([5], seed=[3, 4], stddev=2.0, dtype=tf.float64)
d = tf.random.stateless_uniform([4], seed=[1, 2], minval=0, maxval=10, dtype=tf.int32)
e = tf.random.stateless_categorical(tf.log([[0.2, 0.8], [0.5, 0.5]]), 5, seed=[5, 6])
f = tf.random.stateless_multinomial(
    tf.log([[0.1, 0.9]]), 3, seed=[-5, 2**40], output_dtype=tf.int32)
g = tf.random.stateless_normal([2, 2], seed=[1, 2], dtype=tf.float16, mean=1.0)
h = tf.random.stateless_uniform([3], seed=[0, 0], dtype=tf.float64)
out["meta"] = [[t.name, t.shape.as_list(), t.dtype.name] for t in (a, b, c, d, e, f, g, h)]
for key, bad in (
    ("seed_shape", lambda: tf.random.stateless_normal([2], seed=[1, 2, 3])),
    ("seed_dtype", lambda: tf.random.stateless_normal([2], seed=tf.constant([1.0, 2.0]))),
    ("int_no_max", lambda: tf.random.stateless_uniform([2], seed=[1, 2], dtype=tf.int32)),
):
    try:
        bad()
        out[key] = None
    except (TypeError, ValueError) as exc:
        out[key] = [c.__name__ for c in (TypeError, ValueError) if isinstance(exc, c)]
with tf.Session() as s:
    out["runs"] = [[v.tolist() for v in s.run([a, b, c, d, e, f, g, h])] for _ in range(2)]
"""
PROGRAMS["stateless_full_range_ints"] = """
made = [tf.random.stateless_uniform([5], seed=[2, 3], minval=None, maxval=None, dtype=dt)
        for dt in (tf.int32, tf.int64, tf.uint32, tf.uint64)]
made.append(tf.random.stateless_uniform([2, 3], seed=[-1, 2**40], minval=None, maxval=None,
                                        dtype=tf.int64))
out["meta"] = [[t.name, t.shape.as_list(), t.dtype.name] for t in made]
for key, bad in (
    ("min_only", lambda: tf.random.stateless_uniform([2], seed=[1, 2], minval=1, maxval=None,
                                                     dtype=tf.int32)),
    ("uint_bounds", lambda: tf.random.stateless_uniform([2], seed=[1, 2], minval=1, maxval=5,
                                                        dtype=tf.uint32)),
):
    try:
        bad()
        out[key] = None
    except (TypeError, ValueError) as exc:
        out[key] = [c.__name__ for c in (TypeError, ValueError) if isinstance(exc, c)]
with tf.Session() as s:
    out["runs"] = [[v.tolist() for v in s.run(made)] for _ in range(2)]
"""
PROGRAMS["learned_unigram_sampler"] = """
true = tf.placeholder(tf.int64, [None, 2])
s1 = tf.nn.learned_unigram_candidate_sampler(true, 2, 4, True, 10, seed=3)
s2 = tf.nn.learned_unigram_candidate_sampler(true, 2, 6, False, 7, seed=4)
out["meta"] = [[t.name, t.shape.as_list(), t.dtype.name] for t in s1 + s2]
feeds = [[[1, 5], [1, 1]], [[0, 6], [2, 1]], [[1, 1], [1, 1]], [[3, 3], [4, 1]]]
with tf.Session() as s:
    out["runs"] = [[v.tolist() for v in s.run(list(s1) + list(s2), {true: f})] for f in feeds]
with tf.Session() as s:
    out["fresh"] = [v.tolist() for v in s.run(list(s1), {true: feeds[3]})]
"""
PROGRAMS["dataset_shuffle"] = """
def read(ds, n):
    it = tf.data.make_one_shot_iterator(ds)
    nx = it.get_next()
    with tf.Session() as s:
        return [int(s.run(nx)) for _ in range(n)]
out["plain"] = read(tf.data.Dataset.range(10).shuffle(4, seed=3), 10)
out["fixed"] = read(
    tf.data.Dataset.range(10).shuffle(4, seed=3, reshuffle_each_iteration=False), 10)
out["big_buffer"] = read(tf.data.Dataset.range(10).shuffle(100, seed=3), 10)
out["epochs"] = read(tf.data.Dataset.range(6).shuffle(4, seed=3).repeat(2), 12)
out["fixed_epochs"] = read(
    tf.data.Dataset.range(6).shuffle(4, seed=3, reshuffle_each_iteration=False).repeat(2), 12)
tf.set_random_seed(11)
a = tf.data.Dataset.range(8).shuffle(5)
b = tf.data.Dataset.range(8).shuffle(3, seed=2).repeat(2).batch(4)
it = tf.data.make_initializable_iterator(a)
it2 = tf.data.make_initializable_iterator(b)
nx, nx2 = it.get_next(), it2.get_next()
with tf.Session() as s:
    for k in range(2):
        s.run([it.initializer, it2.initializer])
        out[f"a{k}"] = [int(s.run(nx)) for _ in range(8)]
        out[f"b{k}"] = [s.run(nx2).tolist() for _ in range(4)]
"""
PROGRAMS["distribution_samples"] = """
tf.set_random_seed(9)
ds = tf.distributions
samples = {
    "normal": ds.Normal(1.0, [2.0, 3.0]).sample(3, seed=1),
    "uniform": ds.Uniform(-1.0, 2.0).sample([2, 2], seed=2),
    "gamma": ds.Gamma([0.5, 3.0], 2.0).sample(3, seed=3),
    "beta": ds.Beta(2.0, [0.5, 1.5]).sample(2, seed=4),
    "dirichlet": ds.Dirichlet([1.0, 2.0, 0.5]).sample(2, seed=5),
    "exponential": ds.Exponential([1.0, 4.0]).sample(2, seed=6),
    "bernoulli": ds.Bernoulli(probs=[0.3, 0.8]).sample(4, seed=7),
    "categorical": ds.Categorical(logits=[0.1, 0.5, -1.0]).sample(5, seed=8),
    "laplace": ds.Laplace(0.0, 1.0).sample(3, seed=9),
    "student_t": ds.StudentT(3.0, 0.0, 1.0).sample(3, seed=10),
    "multinomial": ds.Multinomial(5.0, probs=[0.2, 0.3, 0.5]).sample(2, seed=11),
    "unseeded_normal": ds.Normal(0.0, 1.0).sample(2),
}
with tf.Session() as s:
    out.update({k: v.tolist() for k, v in s.run(samples).items()})
"""
PROGRAMS["compute_accidental_hits"] = """
true = tf.constant([[1, 5], [7, 1], [3, 3], [2, 9]], tf.int64)
sampled = tf.constant([5, 1, 3, 8, 1, 0], tf.int64)
hits = tf.nn.compute_accidental_hits(true, sampled, num_true=2)
out["names"] = [t.name for t in hits]
out["shapes"] = [t.shape.as_list() for t in hits]
for key, bad in (("int32", lambda: tf.constant([[1]])), ("num_true", lambda: true)):
    try:
        tf.nn.compute_accidental_hits(bad(), sampled, 3)
    except (TypeError, ValueError) as exc:
        out[key] = [c.__name__ for c in (TypeError, ValueError) if isinstance(exc, c)]
with tf.Session() as s:
    out["hits"] = [v.tolist() for v in s.run(hits)]
"""

# (op, range_max, num_sampled, unique, seed, seed2, extra attributes): candidate samplers
# drawing for SAMPLER_TRUE; ids must match exactly, expected counts to TF's float32.
SAMPLER_TRUE = [[1, 5], [7, 0], [3, 3], [9, 2]]
_UNIGRAMS = {"unigrams": [5.0, 0.0, 1.0, 3.0, 2.0, 7.0, 9.0, 0.5], "num_reserved_ids": 2}
_SHARDED = {
    "unigrams": [float((i * 7919) % 101) for i in range(111)],
    "num_shards": 3,
    "shard": 1,
    "distortion": 0.5,
}
SAMPLER_STREAMS = (
    [
        (op, r, n, unique, seed, seed2, {})
        for op in ("LogUniformCandidateSampler", "UniformCandidateSampler")
        for r, n in ((10, 10), (10, 4), (1000, 64), (2**20, 3), (2**40 + 7, 5))
        for unique in (True, False)
        for seed, seed2 in ((87654321, 5), (1, 2**31 - 1))
    ]
    + [
        ("FixedUnigramCandidateSampler", 10, n, unique, 87654321, 5, {**_UNIGRAMS, "distortion": d})
        for n in (3, 6)
        for unique in (True, False)
        for d in (1.0, 0.75)
    ]
    + [("FixedUnigramCandidateSampler", 37, 30, u, 3, 4, _SHARDED) for u in (True, False)]
)

# (dtype, shape, alphas): RandomGamma with seeds 87654321, 5 — every alpha branch (1,
# below 1, above 1), each output on its own counters.
GAMMA_ALPHAS = [0.1, 0.5, 1.0, 1.7, 3.0, 100.0]
GAMMA_STREAMS = [
    (dtype, shape, alphas)
    for dtype in ("float16", "float32", "float64")
    for shape, alphas in (([4, 3], GAMMA_ALPHAS), ([500], [0.3, 1.0, 2.0]), ([2], [[1e-3, 7.5]]))
]

# (rate dtype, output dtype, shape, rates): RandomPoissonV2 with seeds 87654321, 5 — both
# of TF's algorithms (Knuth below rate 10, Hormann's rejection above), computed in double.
POISSON_RATES = [0.0, 0.3, 2.5, 9.99, 10.0, 13.7, 250.0, 1e5]
POISSON_STREAMS = [
    ("float32", "float32", [5, 3], POISSON_RATES),
    ("float64", "float64", [5, 3], POISSON_RATES),
    ("float16", "float16", [5, 3], POISSON_RATES[:-1]),
    ("float32", "int64", [5, 3], POISSON_RATES),
    ("float64", "int32", [400], [0.5, 4.0, 30.0]),
]

# (op, dtype, shape, seed, seed2): seeds as a kernel's attributes.
STREAMS = [
    (op, dtype, shape, 87654321, 5)
    for op in ("RandomStandardNormal", "RandomUniform", "TruncatedNormal")
    for dtype in ("float16", "float32", "float64")
    for shape in ([7], [3, 67] if dtype == "float64" else [3, 1001])
] + [
    ("RandomUniform", "float32", [2, 3], 0, 2**31 - 1),
    ("TruncatedNormal", "float32", [5], 123456789012, 2**40 + 3),
    ("RandomStandardNormal", "float32", [0], 1, 1),
]
INT_STREAMS = [
    (dtype, lo, hi, shape)
    for dtype, wide in (("int32", 2**31), ("int64", 2**63))
    for lo, hi in ((0, 10), (-5, 7), (-wide, wide - 1))
    for shape in ([7], [1003])
]


def _digest(value: np.ndarray) -> str:
    if value.size < 10:
        return value.tobytes().hex()
    return hashlib.sha256(value.tobytes()).hexdigest()


def _record(tf, tensor) -> dict:
    with tf.Session() as sess:
        runs = [sess.run(tensor), sess.run(tensor)]
    return {"bytes": [_digest(run) for run in runs]}


def streams(tf) -> dict:
    out = {}
    for op, dtype, shape, seed, seed2 in STREAMS:
        tf.reset_default_graph()
        t = getattr(tf.raw_ops, op)(shape=shape, dtype=dtype, seed=seed, seed2=seed2)
        out[f"{op}/{dtype}/{shape}/{seed}/{seed2}"] = _record(tf, t)
    for dtype, lo, hi, shape in INT_STREAMS:
        tf.reset_default_graph()
        lo_t, hi_t = tf.constant(lo, dtype), tf.constant(hi, dtype)
        t = tf.raw_ops.RandomUniformInt(shape=shape, minval=lo_t, maxval=hi_t, seed=9, seed2=2)
        out[f"RandomUniformInt/{dtype}/{shape}/{lo}/{hi}"] = _record(tf, t)
    for dtype, shape, alphas in GAMMA_STREAMS:
        tf.reset_default_graph()
        alpha = tf.constant(np.array(alphas, dtype))
        t = tf.raw_ops.RandomGamma(shape=shape, alpha=alpha, seed=87654321, seed2=5)
        out[f"RandomGamma/{dtype}/{shape}/{json.dumps(alphas)}"] = _record(tf, t)
    for rate_dtype, dtype, shape, rates in POISSON_STREAMS:
        tf.reset_default_graph()
        rate = tf.constant(np.array(rates, rate_dtype))
        t = tf.raw_ops.RandomPoissonV2(
            shape=shape, rate=rate, seed=87654321, seed2=5, dtype=dtype
        )  # fmt: skip
        out[f"RandomPoissonV2/{rate_dtype}/{shape}/{dtype}/{json.dumps(rates)}"] = _record(tf, t)
    for op, r, n, unique, seed, seed2, extra in SAMPLER_STREAMS:
        tf.reset_default_graph()
        t = getattr(tf.raw_ops, op)(
            true_classes=np.array(SAMPLER_TRUE, np.int64), num_true=2, num_sampled=n,
            unique=unique, range_max=r, seed=seed, seed2=seed2, **extra,
        )  # fmt: skip
        with tf.Session() as sess:
            runs = [sess.run(t), sess.run(t)]
        out[sampler_key(op, r, n, unique, seed, seed2, extra)] = {
            "sampler": [[v.tolist() for v in run] for run in runs]
        }
    return out


def sampler_key(op, r, n, unique, seed, seed2, extra) -> str:
    return f"{op}/{r}/{n}/{unique}/{seed}/{seed2}/{json.dumps(extra, sort_keys=True)}"


run = harness.run  # the engine test runs a program as this script does


def main() -> None:
    tf = harness.import_tf1(legacy_keras=True)  # tf.layers lives in tf_keras now
    out = {"tensorflow": tf.__version__, "streams": streams(tf)}  # the streams first, as ever
    harness.dump({**out, "programs": harness.run_programs(tf, PROGRAMS)})


if __name__ == "__main__":
    main()
