"""Record what TensorFlow 1.x's `tf.data` gives for TF1 graph-mode programs (dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_data.py \
        > tests/unit/engine/fixtures/tf1_data.json

Each program is TF1 code run unchanged but for the module bound to `tf`; it stores what it
observed in `out[...]`: element values and orders (no shuffle orders: graphgate seeds as
TF does but draws its own numbers), static shapes, dtypes, names and exception classes.
`tests/unit/engine/test_tf1_data.py` runs the same text against graphgate.
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness


PROGRAMS = {
    "mnist_style_epochs_end_with_out_of_range": """
rng = np.random.RandomState(0)
images = rng.rand(40, 6).astype(np.float32)
labels = rng.randint(0, 3, size=40).astype(np.int64)
x_ph = tf.placeholder(tf.float32, [None, 6])
y_ph = tf.placeholder(tf.int64, [None])
dataset = tf.data.Dataset.from_tensor_slices((x_ph, y_ph)).batch(16)
iterator = dataset.make_initializable_iterator()
x, y = iterator.get_next()
w = tf.get_variable("w", [6, 3], initializer=tf.zeros_initializer())
b = tf.get_variable("b", [3], initializer=tf.zeros_initializer())
logits = tf.matmul(x, w) + b
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
out["shapes"] = [x.shape.as_list(), y.shape.as_list(), logits.shape.as_list()]
losses, steps = [], []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(3):
        sess.run(iterator.initializer, feed_dict={x_ph: images, y_ph: labels})
        n, total = 0, 0.0
        while True:
            try:
                _, l = sess.run([train, loss])
            except tf.errors.OutOfRangeError:
                break
            n += 1
            total += float(l)
        steps.append(n)
        losses.append(total / n)
    out["w"] = sess.run(w).tolist()
out["steps"] = steps
out["losses"] = losses
""",
    "initializable_iterator_fed_twice": """
data = tf.placeholder(tf.float32, shape=[None, 2], name="data")
scale = tf.placeholder(tf.float32, shape=[], name="scale")
ds = tf.data.Dataset.from_tensor_slices(data).map(lambda r: r * scale).batch(2)
it = ds.make_initializable_iterator()
nxt = it.get_next()
out["names"] = [nxt.name, it.initializer.name, it.initializer.type, nxt.op.type]
out["shape"] = nxt.shape.as_list()
seen = []
with tf.Session() as sess:
    for arr, s in ((np.arange(6, dtype=np.float32).reshape(3, 2), 2.0),
                   (np.ones((4, 2), np.float32), -1.0)):
        sess.run(it.initializer, feed_dict={data: arr, scale: s})
        run = []
        while True:
            try:
                run.append(sess.run(nxt).tolist())
            except tf.errors.OutOfRangeError as e:
                out["end"] = type(e).__name__
                break
        seen.append(run)
    sess.run(it.initializer, feed_dict={data: np.zeros((1, 2), np.float32), scale: 1.0})
    out["restart"] = sess.run(nxt).tolist()
out["seen"] = seen
""",
    "map_batch_repeat_order": """
D = tf.data.Dataset
def drain(ds, limit=100):
    n = tf.data.make_one_shot_iterator(ds).get_next()
    got = []
    with tf.Session() as sess:
        for _ in range(limit):
            try:
                v = sess.run(n)
            except tf.errors.OutOfRangeError:
                break
            got.append(np.asarray(v).tolist() if not isinstance(v, (tuple, dict)) else
                       (list(np.asarray(a).tolist() for a in v) if isinstance(v, tuple) else
                        {k: np.asarray(a).tolist() for k, a in sorted(v.items())}))
    return got
out["map_batch_repeat"] = drain(D.range(7).map(lambda x: x * x).batch(3).repeat(2))
out["repeat_batch"] = drain(D.range(7).repeat(2).batch(3))
out["batch_drop"] = drain(D.range(7).batch(3, drop_remainder=True))
out["repeat_count"] = drain(D.range(3).repeat(3))
out["range3"] = drain(D.range(2, 11, 3))
out["range_neg"] = drain(D.range(5, 0, -2))
out["filter_take_skip"] = drain(D.range(20).filter(lambda x: tf.equal(x % 3, 0)).skip(1).take(4))
out["take_all"] = drain(D.range(4).take(-1))
out["skip_all"] = drain(D.range(4).skip(-1))
out["concatenate"] = drain(D.range(3).concatenate(D.range(10, 12)))
out["zip"] = drain(D.zip((D.range(3), D.range(10, 20).map(lambda x: tf.cast(x, tf.float32) / 2))))
out["enumerate"] = drain(D.from_tensor_slices([5, 6, 7]).enumerate(start=3))
out["unbatch"] = drain(D.range(5).batch(2).unbatch())
out["unbatch_fn"] = drain(D.range(5).batch(2).apply(tf.data.experimental.unbatch()))
out["flat_map"] = drain(D.range(4).flat_map(lambda x: D.range(x)))
out["interleave"] = drain(D.range(1, 5).interleave(
    lambda x: D.from_tensors(x).repeat(x), cycle_length=2, block_length=1))
out["interleave_block"] = drain(D.range(10).interleave(
    lambda x: D.from_tensors(x).repeat(3), cycle_length=2, block_length=2))
out["dict"] = drain(
    D.from_tensor_slices({"a": [1, 2, 3], "b": [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]})
    .map(lambda d: {"s": tf.reduce_sum(d["b"]), "a": d["a"] + 1}))
out["tuple_args"] = drain(D.from_tensor_slices(([1, 2], [10, 20])).map(lambda a, b: a * b))
out["list_result"] = drain(D.range(2).map(lambda x: [x, x + 1]))
out["prefetch_cache"] = drain(D.range(3).map(lambda x: x + 1).cache().repeat(2).prefetch(1))
out["from_tensors"] = drain(D.from_tensors(([1, 2], 3.5)))
out["repeat_empty"] = drain(D.range(0).repeat())
""",
    "padded_batch_shapes_and_values": """
D = tf.data.Dataset
ds = D.range(1, 6).map(lambda x: tf.range(x))
pb = ds.padded_batch(2, padded_shapes=[None])
pb_fixed = ds.padded_batch(2, padded_shapes=[6], padding_values=tf.constant(-1, tf.int64))
pb_drop = ds.padded_batch(2, padded_shapes=tf.TensorShape([None]), drop_remainder=True)
pair = D.range(1, 4).map(lambda x: (tf.range(x), tf.cast(tf.range(x * 2), tf.float32)))
pb_pair = pair.padded_batch(
    2, padded_shapes=([None], [6]), padding_values=(tf.constant(9, tf.int64), 0.5))
out["shapes"] = [pb.output_shapes.as_list(), pb_fixed.output_shapes.as_list(),
                 pb_drop.output_shapes.as_list(), [s.as_list() for s in pb_pair.output_shapes]]
vals = {}
with tf.Session() as sess:
    for key, d in (("free", pb), ("fixed", pb_fixed), ("drop", pb_drop), ("pair", pb_pair)):
        n = tf.data.make_one_shot_iterator(d).get_next()
        got = []
        while True:
            try:
                v = sess.run(n)
            except tf.errors.OutOfRangeError:
                break
            got.append([a.tolist() for a in v] if isinstance(v, tuple) else v.tolist())
        vals[key] = got
out["values"] = vals
too_small = ds.padded_batch(2, padded_shapes=[2])
n = tf.data.make_one_shot_iterator(too_small).get_next()
with tf.Session() as sess:
    out["first_ok"] = sess.run(n).tolist()
    out["too_small"] = raises(lambda: sess.run(n))
""",
    "static_specs_and_names": """
D = tf.data.Dataset
ds = D.from_tensor_slices(
    ({"a": np.arange(6.0).reshape(3, 2), "b": [1, 2, 3]}, [True, False, True]))
types = tf.data.get_output_types(ds)
shapes = tf.data.get_output_shapes(ds)
classes = tf.data.get_output_classes(ds)
out["types"] = [types[0]["a"].name, types[0]["b"].name, types[1].name]
out["shapes"] = [shapes[0]["a"].as_list(), shapes[0]["b"].as_list(), shapes[1].as_list()]
out["classes"] = [classes[0]["a"].__name__, classes[1].__name__]
bt = ds.batch(2)
out["batch_shapes"] = [bt.output_shapes[0]["a"].as_list(), bt.output_shapes[1].as_list()]
bd = ds.batch(2, drop_remainder=True)
out["drop_shapes"] = [bd.output_shapes[0]["a"].as_list(), bd.output_shapes[1].as_list()]
(d, flag) = tf.data.make_one_shot_iterator(bt).get_next()
out["next_names"] = [d["a"].name, d["b"].name, flag.name]
out["next_shapes"] = [d["a"].shape.as_list(), flag.shape.as_list()]
out["dtypes"] = [
    D.from_tensor_slices([1.0, 2.0]).output_types.name,
    D.from_tensor_slices(np.array([1.0, 2.0])).output_types.name,
    D.from_tensor_slices([1, 2]).output_types.name,
    D.range(3).output_types.name,
    D.range(3).map(lambda x: 1.5).output_types.name,
    D.range(3).map(lambda x: tf.cast(x, tf.float32)).output_types.name,
]
out["scalar_shapes"] = [D.range(3).output_shapes.as_list(),
                        D.from_tensors([[1, 2]]).output_shapes.as_list()]
ph = tf.placeholder(tf.float32, [None, None, 3])
out["ph_shape"] = D.from_tensor_slices(ph).batch(4).output_shapes.as_list()
out["map_shape"] = D.from_tensor_slices(ph).map(lambda t: t[0]).output_shapes.as_list()
out["unbatch_shape"] = D.range(10).batch(3).unbatch().output_shapes.as_list()
it = tf.data.Iterator.from_structure(tf.int64, tf.TensorShape([]))
out["fs_types"] = it.output_types.name
out["fs_next"] = it.get_next().name
""",
    "reinitializable_iterator_switches_datasets": """
D = tf.data.Dataset
train = D.range(100).map(lambda x: x * 2)
val = D.range(10).map(lambda x: -x)
it = tf.data.Iterator.from_structure(train.output_types, train.output_shapes)
nxt = it.get_next()
init_train = it.make_initializer(train)
init_val = it.make_initializer(val)
out["init_names"] = [init_train.name, init_val.name]
with tf.Session() as sess:
    sess.run(init_train)
    a = [int(sess.run(nxt)) for _ in range(3)]
    sess.run(init_val)
    b = [int(sess.run(nxt)) for _ in range(3)]
    sess.run(init_train)
    c = [int(sess.run(nxt)) for _ in range(2)]
out["order"] = [a, b, c]
out["wrong_type"] = raises(lambda: it.make_initializer(D.from_tensors(1.0)))
out["wrong_structure"] = raises(lambda: it.make_initializer(D.zip((D.range(2), D.range(2)))))
""",
    "get_next_advances_once_per_run": """
D = tf.data.Dataset
it = D.range(10).make_initializable_iterator()
n = it.get_next()
m = it.get_next()
double = n * 2
with tf.Session() as sess:
    out["uninitialized"] = raises(lambda: sess.run(n))
    sess.run(it.initializer)
    out["same_run"] = [int(v) for v in sess.run([n, n, double])]
    out["dict"] = {k: int(v) for k, v in sess.run({"a": n, "b": double}).items()}
    out["two_ops"] = sorted(int(v) for v in sess.run([n, m]))  # TF runs them in any order
    out["after"] = int(sess.run(n))
    with tf.Session() as other:
        other.run(it.initializer)
        out["other_session"] = int(other.run(n))
    out["first_session_goes_on"] = int(sess.run(n))
one = tf.data.make_one_shot_iterator(D.range(3)).get_next()
with tf.Session() as s1:
    out["one_shot"] = [int(s1.run(one)), int(s1.run(one))]
with tf.Session() as s2:
    out["one_shot_new_session"] = int(s2.run(one))
""",
    "build_time_errors": """
D = tf.data.Dataset
ph = tf.placeholder(tf.float32, [None])
out["one_shot_placeholder"] = raises(lambda: D.from_tensor_slices(ph).make_one_shot_iterator())
v = tf.Variable(1.0)
out["one_shot_variable"] = raises(
    lambda: D.range(3).map(lambda i: tf.cast(i, tf.float32) + v).make_one_shot_iterator())
out["slices_mismatch"] = raises(lambda: D.from_tensor_slices((np.zeros(3), np.zeros(4))))
out["slices_scalar"] = raises(lambda: D.from_tensor_slices(np.float32(1)))
out["concat_types"] = raises(lambda: D.range(3).concatenate(D.from_tensors(1.0)))
out["filter_not_bool"] = raises(lambda: D.range(3).filter(lambda x: x))
out["unbatch_scalar"] = raises(lambda: D.range(3).unbatch())
out["no_initializer"] = raises(lambda: tf.data.Iterator.from_structure(tf.int64).initializer)
out["fractional_batch"] = raises(lambda: D.range(3).batch(2.5))
out["int32_tensor_stop"] = raises(lambda: D.range(tf.constant(5)))
out["int64_tensor_stop"] = raises(lambda: D.range(tf.constant(5, tf.int64)))
out["padding_below_shape"] = raises(
    lambda: D.from_tensors(np.zeros((2, 4))).padded_batch(2, padded_shapes=[2, 3]))
out["float_padding"] = raises(
    lambda: D.range(3).map(lambda x: tf.range(x)).padded_batch(2, [None], padding_values=0.5))
""",
    "feedable_iterator_string_handle": """
D = tf.data.Dataset
training_dataset = D.range(100).map(lambda x: x + 1).repeat()
validation_dataset = D.range(50)
handle = tf.placeholder(tf.string, shape=[])
iterator = tf.data.Iterator.from_string_handle(
    handle, training_dataset.output_types, training_dataset.output_shapes)
next_element = iterator.get_next()
training_iterator = training_dataset.make_one_shot_iterator()
validation_iterator = validation_dataset.make_initializable_iterator()
out["handle_dtype"] = training_iterator.string_handle().dtype.name
out["next_shape"] = next_element.shape.as_list()
with tf.Session() as sess:
    training_handle = sess.run(training_iterator.string_handle())
    validation_handle = sess.run(validation_iterator.string_handle())
    out["handle_type"] = type(training_handle).__name__
    t = [int(sess.run(next_element, feed_dict={handle: training_handle})) for _ in range(3)]
    sess.run(validation_iterator.initializer)
    v = [int(sess.run(next_element, feed_dict={handle: validation_handle})) for _ in range(2)]
    t2 = int(sess.run(next_element, feed_dict={handle: training_handle}))
    out["order"] = [t, v, t2]
    out["direct"] = int(sess.run(validation_iterator.get_next()))
""",
    "nested_structures_and_counts": """
D = tf.data.Dataset
a = D.range(4)
b = D.from_tensor_slices({"u": np.arange(8.0).reshape(4, 2), "v": [1, 2, 3, 4]})
c = D.range(10, 14, output_type=tf.int32)
z = D.zip((a, (b, c)))
out["z_types"] = [z.output_types[0].name, z.output_types[1][0]["u"].name,
                  z.output_types[1][1].name]
m = z.map(lambda i, bc: (bc[0]["u"] * tf.cast(i, tf.float64), bc[1] + bc[0]["v"]))
out["m_shapes"] = [s.as_list() for s in m.output_shapes]
pb = b.padded_batch(3, padded_shapes={"u": [3], "v": []})
out["pb_shapes"] = {k: v.as_list() for k, v in pb.output_shapes.items()}
n_take = tf.placeholder(tf.int64, [])
taken = m.repeat().take(n_take).batch(3)
it = taken.make_initializable_iterator()
nxt = it.get_next(name="next_pair")
out["names"] = [t.name for t in nxt]
e = D.range(3).enumerate()
out["enumerate"] = [tf.data.get_output_types(e)[0].name, tf.data.get_output_shapes(e)[1].as_list()]
with tf.Session() as sess:
    sess.run(it.initializer, {n_take: 7})
    got = []
    while True:
        try:
            u, w = sess.run(nxt)
        except tf.errors.OutOfRangeError:
            break
        got.append([u.tolist(), w.tolist()])
    out["taken"] = got
    out["again"] = raises(lambda: sess.run(nxt))
    nb = tf.data.make_one_shot_iterator(pb).get_next()
    first = sess.run(nb)
    out["pb_first"] = {k: v.tolist() for k, v in first.items()}
""",
    "from_generator_local": """
D = tf.data.Dataset
def gen():
    for i in range(3):
        yield i, [float(i)] * (i + 1)
ds = D.from_generator(gen, (tf.int64, tf.float32), (tf.TensorShape([]), tf.TensorShape([None])))
out["types"] = [t.name for t in ds.output_types]
out["shapes"] = [s.as_list() for s in ds.output_shapes]
untyped = D.from_generator(gen, (tf.int64, tf.float32))
out["unknown"] = [s.dims is None for s in untyped.output_shapes]
n = ds.padded_batch(2, ([], [None])).make_one_shot_iterator().get_next()
n2 = D.from_generator(lambda: iter([1.5, 2.5]), tf.int64).make_one_shot_iterator().get_next()
n3 = D.from_generator(lambda: iter([[1, 2], [1, 2, 3]]), tf.int32,
                      tf.TensorShape([2])).make_one_shot_iterator().get_next()
def bad():
    yield 1
    raise RuntimeError("boom")
n4 = D.from_generator(bad, tf.int32).make_one_shot_iterator().get_next()
n6 = D.from_generator(lambda k: iter(range(int(k))), tf.int64,
                      args=(tf.constant(3),)).repeat(2).make_one_shot_iterator().get_next()
with tf.Session() as sess:
    out["batches"] = [[a.tolist() for a in sess.run(n)] for _ in range(2)]
    out["fraction"] = raises(lambda: sess.run(n2))
    out["shape_ok"] = sess.run(n3).tolist()
    out["shape_bad"] = raises(lambda: sess.run(n3))
    out["first"] = int(sess.run(n4))
    out["raised"] = raises(lambda: sess.run(n4))
    out["args_repeat"] = [int(sess.run(n6)) for _ in range(6)]
""",
    "experimental_helpers": """
D = tf.data.Dataset
X = tf.data.experimental
def drain(ds, k):
    n = tf.data.make_one_shot_iterator(ds).get_next()
    with tf.Session() as sess:
        return [np.asarray(sess.run(n)).tolist() for _ in range(k)]
mb = D.range(7).apply(X.map_and_batch(lambda x: x * 2, 3))
out["map_and_batch"] = drain(mb, 3)
out["map_and_batch_shape"] = mb.output_shapes.as_list()
mbd = D.range(7).apply(X.map_and_batch(lambda x: x * 2, 3, drop_remainder=True))
out["map_and_batch_drop_shape"] = mbd.output_shapes.as_list()
pi = D.range(1, 5).apply(X.parallel_interleave(
    lambda x: D.from_tensors(x).repeat(x), cycle_length=2, block_length=1))
out["parallel_interleave"] = drain(pi, 10)
out["counter"] = drain(X.Counter(5, 3), 4)
out["counter_type"] = X.Counter().output_types.name
sr = D.range(4).apply(X.shuffle_and_repeat(4, count=2, seed=1))
got = drain(sr, 8)
out["shuffle_and_repeat"] = [sorted(got[:4]), sorted(got[4:])]
out["autotune"] = X.AUTOTUNE
""",
    "shuffle_is_seeded_like_tf": """
D = tf.data.Dataset
def orders(make, count=20):
    with tf.Graph().as_default():
        tf.set_random_seed(7)
        ds = make()
        it = ds.make_initializable_iterator()
        n = it.get_next()
        runs = []
        for _ in range(2):
            with tf.Session() as sess:
                sess.run(it.initializer)
                first = [int(sess.run(n)) for _ in range(count)]
                sess.run(it.initializer)
                again = [int(sess.run(n)) for _ in range(count)]
            runs.append((first, again))
        return runs
runs = orders(lambda: D.range(10).shuffle(10).repeat(2))
(first, again), (other, _) = runs
out["permutation"] = [sorted(first[:10]) == list(range(10)), sorted(first[10:]) == list(range(10))]
out["reinit_same"] = first == again
out["session_same"] = first == other
out["epochs_differ"] = first[:10] != first[10:]
runs = orders(lambda: D.range(10).shuffle(10, seed=3, reshuffle_each_iteration=False).repeat(2))
first = runs[0][0]
out["no_reshuffle_epochs_same"] = first[:10] == first[10:]
runs = orders(lambda: D.range(6).shuffle(2, seed=1), 6)
out["small_buffer_permutation"] = sorted(runs[0][0][:6]) == list(range(6))
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS)
