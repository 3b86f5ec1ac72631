"""TF1 behaviours earlier rounds left (dev-only), recorded from TF 2.21: `tf.fill` of a
scalar `dims` (refused: TF's Fill takes a vector; `zeros` and `ones` reshape a scalar to
one), dilated pooling and `with_space_to_batch` over spatial sizes known only when run
(TF computes the paddings then), batch renormalization through tf_keras' layer object
(TF1's Keras, `legacy_keras`) and tf.layers', and contrib's npairs_loss_multilabel (TF
1.15's, re-typed), the SparseTensorsMap raw ops and TF's GraphDef of them
(`fixtures/sparse_map.pb`, which this script writes), and TF's GraphDef of conds whose
branch ops wait on a sibling cond's branch op (`fixtures/sibling_conds.pb`). Run unchanged
with `tf` = graphgate by tests/unit/engine/test_tf1_leftovers15.py:

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf1_leftovers15.py \\
        > tests/unit/engine/fixtures/tf1_leftovers15.json
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

# Shared by the program sparse_tensors_map_raw_ops and by TF's GraphDef of it
# (`fixtures/sparse_map.pb`).
SPARSE_MAP = """
def sparse_map_graph():
    R = tf.raw_ops
    i = tf.placeholder(tf.int64, [None, 2], name="i")
    v = tf.placeholder(tf.float32, [None], name="v")
    s = tf.placeholder(tf.int64, [2], name="s")
    hh = tf.placeholder(tf.int64, [None], name="hh")
    parts = dict(sparse_indices=i, sparse_values=v, sparse_shape=s)
    R.AddSparseToTensorsMap(**parts, shared_name="m", name="add")
    R.AddManySparseToTensorsMap(**parts, shared_name="m", name="add_many")
    R.AddSparseToTensorsMap(**parts, name="add_unshared")
    for name, dtype, shared in (
        ("take", tf.float32, "m"), ("take_int", tf.int32, "m"),
        ("take_by_name", tf.float32, "add_unshared"), ("take_unshared", tf.float32, ""),
    ):
        R.TakeManySparseFromTensorsMap(
            sparse_handles=hh, dtype=dtype, shared_name=shared, name=name)

def sparse_map_answers(sess):
    def tensor_of(n):
        return n if ":" in n else n + ":0"

    def run(names, feed):
        got = []
        feed = {tensor_of(k): v for k, v in feed.items()}
        failed = raises(lambda: got.extend(sess.run([tensor_of(n) for n in names], feed)))
        return failed or [np.asarray(g).tolist() for g in got]

    def take(name, handles):
        return run([name + suffix for suffix in ("", ":1", ":2")], {"hh": handles})

    feed = {"i": [[0, 1], [2, 0], [2, 3]], "v": [1.0, 2.0, 3.0], "s": [4, 5]}
    one = {"i": [[1, 1]], "v": [7.0], "s": [2, 3]}
    nothing = {"i": np.zeros((0, 2), np.int64), "v": np.zeros(0, np.float32), "s": [5, 1]}
    ans = {}
    a, b = run(["add"], feed)[0], run(["add"], one)[0]
    many = run(["add_many"], feed)[0]
    ans["handles"] = [a, b, many]
    ans["take"] = take("take", [a, b])
    ans["take_again"] = take("take", [a])
    ans["take_many"] = take("take", many)
    ans["take_int"] = take("take_int", [run(["add"], feed)[0]])
    n = run(["add_unshared"], feed)[0]
    ans["take_unshared"] = take("take_unshared", [n])
    ans["take_by_name"] = take("take_by_name", [n])
    ans["take_none"] = take("take", [])
    ans["unsorted"] = run(["add_many"], {"i": [[2, 0], [0, 1]], "v": [1.0, 2.0], "s": [4, 5]})
    ans["out_of_bounds"] = run(["add_many"], {"i": [[5, 0]], "v": [1.0], "s": [4, 5]})
    ans["largest_dims"] = take("take", [run(["add"], nothing)[0], run(["add"], one)[0]])
    return ans

sparse_map_graph()
"""

PROGRAMS = {
    # Fill refuses a scalar dims however it is given; zeros and ones read it as [n].
    "fill_of_a_scalar_dims": """
p = tf.placeholder(tf.int32, [])
for name, dims in (
    ("int", 3), ("np_int64", np.int64(3)), ("np_0d", np.array(3)),
    ("tensor", tf.constant(3)), ("placeholder", p),
):
    out["fill_" + name] = raises(lambda: tf.fill(dims, 1.0))
    for fn in (tf.zeros, tf.ones):
        t = fn(dims)
        out[fn.__name__ + "_" + name + "_shape"] = t.shape.as_list()
        with tf.Session() as sess:
            out[fn.__name__ + "_" + name] = sess.run(t, {p: 3}).tolist()
with tf.Session() as sess:
    out["fill_vector"] = sess.run(tf.fill(np.array([2]), 7)).tolist()
    out["fill_empty"] = sess.run(tf.fill([], 7)).tolist()
""",
    # tf.nn.pool dilated over a placeholder of unknown height and width: values and the
    # gradient of a sum of squares (MAX and AVG, 2-D and 1-D).
    "dilated_pool_of_unknown_spatial_sizes": """
x = tf.placeholder(tf.float32, [2, None, None, 3])
xv = (np.arange(2 * 9 * 10 * 3, dtype=np.float32).reshape(2, 9, 10, 3) * 7) % 11 - 5
for kind in ("MAX", "AVG"):
    for rate in ([2, 2], [2, 3], [1, 2]):
        y = tf.nn.pool(x, [2, 3], kind, padding="VALID", dilation_rate=rate)
        g = tf.gradients(tf.reduce_sum(y * y), x)[0]
        key = kind + "_" + "x".join(map(str, rate))
        out[key + "_shape"] = y.shape.as_list()
        with tf.Session() as sess:
            a, b = sess.run([y, g], {x: xv})
        out[key] = a.tolist()
        out[key + "_grad"] = b.tolist()
    out[kind + "_same"] = raises(
        lambda: tf.nn.pool(x, [2, 2], kind, padding="SAME", dilation_rate=[2, 2]))
s = tf.placeholder(tf.float32, [1, None, 2])
y = tf.nn.pool(s, [3], "MAX", padding="VALID", dilation_rate=[3])
with tf.Session() as sess:
    out["MAX_1d"] = sess.run(y, {s: xv[:1, :, 0, :2]}).tolist()
""",
    # with_space_to_batch of a convolution, SAME and VALID, and a dilated strided
    # depthwise convolution (TF's with_space_to_batch too), over unknown sizes; the
    # paddings of sizes fed.
    "with_space_to_batch_of_unknown_spatial_sizes": """
rng = np.random.RandomState(0)
x = tf.placeholder(tf.float32, [1, None, None, 2])
xv = rng.randn(1, 9, 8, 2).astype(np.float32)
w = tf.constant(rng.randn(3, 3, 2, 2).astype(np.float32))
ones = tf.ones([3, 3, 2, 1])
for pad in ("SAME", "VALID"):
    y = tf.nn.with_space_to_batch(
        x, [2, 2], pad, lambda t, n, p: tf.nn.conv2d(t, ones, [1, 1, 1, 1], p), [3, 3])
    d = tf.nn.depthwise_conv2d(x, w, [1, 2, 2, 1], pad, rate=[2, 2])
    g = tf.gradients(tf.reduce_sum(d * d), x)[0]
    with tf.Session() as sess:
        a, b, c = sess.run([y, d, g], {x: xv})
    out["conv_" + pad] = a.tolist()
    out["depthwise_" + pad] = b.tolist()
    out["depthwise_grad_" + pad] = c.tolist()
sizes = tf.placeholder(tf.int32, [2])
paddings, crops = tf.required_space_to_batch_paddings(sizes, [2, 3], [[1, 0], [2, 2]])
with tf.Session() as sess:
    for n in ([5, 7], [4, 2], [1, 1]):
        got = sess.run([paddings, crops], {sizes: n})
        out["paddings_%d_%d" % tuple(n)] = [v.tolist() for v in got]
""",
    # Batch renormalization through tf_keras' layer object (refused before) and
    # tf.layers' one: the variables, three training steps with their updates, then the
    # inference output and every variable; the Keras layer's config.
    "batch_renormalization_layer_objects": """
rng = np.random.RandomState(3)
batches = [(rng.randn(6, 3) * [1.0, 3.0, 0.2] + [0.5, -2.0, 4.0]).astype(np.float32)
           for _ in range(4)]
clip = {"rmax": 1.5, "rmin": 0.7, "dmax": 0.3}
for kind, make in (
    ("keras", lambda: tf.keras.layers.BatchNormalization(
        momentum=0.8, renorm=True, renorm_clipping=clip, renorm_momentum=0.9)),
    ("layers", lambda: tf.layers.BatchNormalization(
        momentum=0.8, renorm=True, renorm_clipping=clip, renorm_momentum=0.9)),
    ("keras_unclipped", lambda: tf.keras.layers.BatchNormalization(renorm=True)),
    # TF1's layers take fused=True with renorm, and normalize unfused
    ("keras_fused", lambda: tf.keras.layers.BatchNormalization(renorm=True, fused=True)),
    ("layers_fused", lambda: tf.layers.BatchNormalization(renorm=True, fused=True)),
):
  with tf.Graph().as_default():
    x = tf.placeholder(tf.float32, [None, 3])
    layer = make()
    y = layer(x, training=True)
    y_eval = layer(x, training=False)
    out[kind + "_variables"] = [v.name for v in layer.variables]
    out[kind + "_updates"] = len(layer.updates)
    if kind.startswith("keras"):
        config = layer.get_config()
        out[kind + "_config"] = {k: config.get(k) for k in (
            "momentum", "renorm", "renorm_clipping", "renorm_momentum")}
        out[kind + "_config_keys"] = sorted(config)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(3):
            got = sess.run([y] + list(layer.updates), {x: batches[step]})
            out["%s_train_%d" % (kind, step)] = got[0].tolist()
        out[kind + "_eval"] = sess.run(y_eval, {x: batches[3]}).tolist()
        out[kind + "_values"] = [v.tolist() for v in sess.run(layer.variables)]
x = tf.placeholder(tf.float32, [None, 3])
y = tf.layers.batch_normalization(x, training=True, renorm=True, fused=True)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["functional_fused"] = sess.run(y, {x: batches[0]}).tolist()
out["bad_key"] = raises(
    lambda: tf.keras.layers.BatchNormalization(renorm=True, renorm_clipping={"r": 1.0}))
out["bad_key_functional"] = raises(
    lambda: tf.layers.batch_normalization(x, renorm=True, renorm_clipping={"r": 1.0}))
""",
    # contrib.losses.metric_learning.npairs_loss_multilabel (missing before): TF 1.15's
    # definition re-typed over tf.compat.v1 (`npairs_loss_multilabel` below, bound in the
    # program as `contrib_npairs_multilabel`; graphgate's own is its contrib's).
    "npairs_loss_multilabel": """
rng = np.random.RandomState(5)
anchor = tf.constant(rng.randn(5, 4).astype(np.float32))
positive = tf.constant(rng.randn(5, 4).astype(np.float32))
label_sets = [[0, 2], [1], [2, 3, 5], [0], [1, 4, 5]]
sparse_labels = [
    tf.SparseTensor([[0, k] for k in labels], tf.ones([len(labels)], tf.int64), [1, 6])
    for labels in label_sets
]
fn = contrib_npairs_multilabel(tf)
for reg in (0.002, 0.5):
    loss = fn(sparse_labels, anchor, positive, reg_lambda=reg)
    grads = tf.gradients(loss, [anchor, positive])
    with tf.Session() as sess:
        value, (ga, gp) = sess.run([loss, grads])
    out["loss_%g" % reg] = float(value)
    out["grad_anchor_%g" % reg] = ga.tolist()
    out["grad_positive_%g" % reg] = gp.tolist()
out["loss_name"] = loss.op.name
out["dense_labels"] = raises(lambda: fn([tf.ones([1, 6])], anchor[:1], positive[:1]))
""",
    # The SparseTensorsMap raw ops (tf.train.batch's way of queueing SparseTensors): the
    # handles, TF's numbering (AddMany: the rows holding entries first), take and join,
    # each handle taken once, the dtype stored, a map named by the adding op's name.
    "sparse_tensors_map_raw_ops": SPARSE_MAP
    + """
with tf.Session() as sess:
    out.update(sparse_map_answers(sess))
""",
}

# TF1 conds whose branch ops wait on a sibling cond's branch update, built by TF and read
# back from its GraphDef (`fixtures/sibling_conds.pb`): cond e's value waits on it, d's
# does not, f nests such a cond in a third, z and z2 wait on e's op and on its value.
SIBLING_CONDS = """
def sibling_conds_graph():
    v = tf.Variable(0.0, name="v")
    w = tf.Variable(0.0, name="w")
    p1 = tf.placeholder(tf.bool, [], name="p1")
    p2 = tf.placeholder(tf.bool, [], name="p2")
    p3 = tf.placeholder(tf.bool, [], name="p3")
    box = {}
    def taken():
        box["u"] = tf.assign_add(v, 1.0)
        return tf.constant(1.0)
    tf.cond(p1, taken, lambda: tf.constant(2.0), name="c")
    def waits():
        with tf.control_dependencies([box["u"]]):
            tf.assign_add(w, 10.0)
        return tf.constant(5.0)
    def waits_value():
        with tf.control_dependencies([box["u"]]):
            up = tf.assign_add(w, 100.0)
        with tf.control_dependencies([up]):
            return tf.identity(tf.constant(6.0))
    tf.cond(p2, waits, lambda: tf.constant(-1.0), name="d")
    e = tf.cond(p2, waits_value, lambda: tf.constant(-2.0), name="e")
    def outer():
        return tf.cond(p2, waits, waits_value) + 100.0
    tf.identity(tf.cond(p3, outer, lambda: tf.constant(-3.0)), name="f")
    with tf.control_dependencies([e.op]):
        tf.identity(tf.constant(3.0), name="z")
    with tf.control_dependencies([e]):
        tf.identity(tf.constant(4.0), name="z2")
    tf.global_variables_initializer()

def sibling_conds_answers(sess):
    ans = {}
    init = sess.graph.get_operation_by_name("init")
    for a in (True, False):
        for b in (True, False):
            for c in (True, False):
                for fetch in ("d", "e", "f", "z", "z2", "d e", "e f"):
                    sess.run(init)
                    got = []
                    names = [n + ("/Merge:0" if n in "de" else ":0") for n in fetch.split()]
                    feed = {"p1:0": a, "p2:0": b, "p3:0": c}
                    failed = raises(lambda: got.extend(sess.run(names, feed)))
                    after = [float(x) for x in sess.run(["v:0", "w:0"])]
                    key = "%s_%s_%s_%s" % (fetch.replace(" ", "_"), a, b, c)
                    ans[key] = [failed or [float(x) for x in got], after]
    return ans
"""

SIBLING_CONDS_PB = Path(__file__).resolve().parents[1] / "unit/engine/fixtures/sibling_conds.pb"


def tf_sibling_conds_graph_def(tf) -> dict:
    """TF's GraphDef of `SIBLING_CONDS`, written to `SIBLING_CONDS_PB`, and TF's answers
    from those bytes read back."""
    scope = {"tf": tf, "np": np, "raises": harness.raises}
    with tf.Graph().as_default() as graph:
        exec(SIBLING_CONDS + "\nsibling_conds_graph()\n", scope)
    data = graph.as_graph_def().SerializeToString()
    SIBLING_CONDS_PB.write_bytes(data)
    with tf.Graph().as_default() as again:
        tf.import_graph_def(tf.GraphDef.FromString(data), name="")
        with tf.Session(graph=again) as sess:
            return scope["sibling_conds_answers"](sess)


SPARSE_MAP_PB = Path(__file__).resolve().parents[1] / "unit/engine/fixtures/sparse_map.pb"


def tf_sparse_map_graph_def(tf) -> dict:
    """TF's GraphDef of the SparseTensorsMap program, written to `SPARSE_MAP_PB`, and TF's
    answers from those bytes read back (what graphgate must answer from them)."""
    scope = {"tf": tf, "np": np, "raises": harness.raises}
    with tf.Graph().as_default() as graph:
        exec(SPARSE_MAP, scope)
    data = graph.as_graph_def().SerializeToString()
    SPARSE_MAP_PB.write_bytes(data)
    graph_def = tf.GraphDef.FromString(data)
    with tf.Graph().as_default() as again:
        tf.import_graph_def(graph_def, name="")
        with tf.Session(graph=again) as sess:
            return harness.plain(scope["sparse_map_answers"](sess))


def npairs_loss_multilabel(tf):
    """TF 1.15's contrib/losses/python/metric_learning/metric_loss_ops.py
    npairs_loss_multilabel (with `_build_multilabel_adjacency`), re-typed over
    tf.compat.v1; graphgate's test binds its own contrib function instead."""

    def adjacency(sparse_labels):
        num_pairs = len(sparse_labels)
        matrix = tf.zeros([num_pairs, num_pairs])
        for i in range(num_pairs):
            for j in range(num_pairs):
                dot = tf.cast(
                    tf.sparse_reduce_sum(tf.sparse_minimum(sparse_labels[i], sparse_labels[j])),
                    tf.float32,
                )
                dot = tf.expand_dims(tf.expand_dims(dot, 0), 1)
                matrix += tf.pad(dot, [[i, num_pairs - i - 1], [j, num_pairs - j - 1]])
        return matrix

    def loss(sparse_labels, embeddings_anchor, embeddings_positive, reg_lambda=0.002):
        if False in [isinstance(lab, tf.SparseTensor) for lab in sparse_labels]:
            raise TypeError("sparse_labels must be a list of SparseTensors")
        with tf.name_scope("NpairsLossMultiLabel"):
            reg_anchor = tf.reduce_mean(tf.reduce_sum(tf.square(embeddings_anchor), 1))
            reg_positive = tf.reduce_mean(tf.reduce_sum(tf.square(embeddings_positive), 1))
            l2loss = tf.multiply(0.25 * reg_lambda, reg_anchor + reg_positive, name="l2loss")
            similarity = tf.matmul(embeddings_anchor, embeddings_positive, transpose_b=True)
            remapped = tf.cast(adjacency(sparse_labels), tf.float32)
            remapped /= tf.reduce_sum(remapped, 1, keepdims=True)
            xent = tf.nn.softmax_cross_entropy_with_logits(logits=similarity, labels=remapped)
            xent = tf.reduce_mean(xent, name="xentropy")
            return l2loss + xent

    return loss


if __name__ == "__main__":
    tf = harness.import_tf1(legacy_keras=True)
    names = {"contrib_npairs_multilabel": npairs_loss_multilabel}
    doc = {"tensorflow": tf.__version__, "programs": harness.run_programs(tf, PROGRAMS, **names)}
    doc["tf_sparse_map_graph_def"] = tf_sparse_map_graph_def(tf)
    doc["tf_sibling_conds_graph_def"] = tf_sibling_conds_graph_def(tf)
    harness.dump(doc)
