"""Record what TensorFlow 1.x's queues and queue-based input pipelines give (dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_queues.py \
        > tests/unit/engine/fixtures/tf1_queues.json

Each program is TF1 code run unchanged but for the module bound to `tf`; it stores what it
observed in `out[...]`: values, static shapes, dtypes, default names and exception classes.
No shuffled orders (TF's depend on its threads): only that they are permutations.
`tests/unit/engine/test_tf1_queues.py` runs the same text against graphgate.
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness


PROGRAMS = {
    "string_input_producer": """
files = ["a.csv", "b.csv", "c.csv"]
q = tf.train.string_input_producer(files, num_epochs=2, shuffle=False)
name = q.dequeue()
tf.set_random_seed(4)
q2 = tf.train.string_input_producer(tf.constant(files), shuffle=True, seed=7, capacity=8)
n2 = q2.dequeue()
out["names"] = [q.name, name.name, name.dtype.name, q2.name]
with tf.Session() as s:
    s.run(tf.local_variables_initializer())
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(s, coord)
    got = []
    try:
        while True:
            got.append(s.run(name))
    except tf.errors.OutOfRangeError:
        out["end"] = "OutOfRange"
    out["seq"] = [g.decode() for g in got]
    out["shuffled"] = [s.run(n2).decode() for _ in range(6)]
    coord.request_stop(); coord.join(threads)
out["empty"] = raises(lambda: tf.train.string_input_producer([]))
""",
    "threading_and_queues_guide": """
q = tf.FIFOQueue(3, "float")
init = q.enqueue_many(([0., 0., 0.],))
x = q.dequeue()
y = x + 1
q_inc = q.enqueue([y])
out["names"] = [q.name, init.name, x.name, q_inc.name, q.queue_ref.op.type, init.type,
                x.op.type, q_inc.type]
out["x"] = [x.dtype.name, x.shape.dims is None]
with tf.Session() as sess:
    init.run()
    q_inc.run()
    q_inc.run()
    q_inc.run()
    out["size"] = int(sess.run(q.size()))
    out["values"] = [float(sess.run(x)) for _ in range(3)]
    out["size_after"] = int(sess.run(q.size()))
with tf.Session() as sess:
    out["new_session_size"] = int(sess.run(q.size()))
""",
    "ops_names_and_static_shapes": """
q = tf.FIFOQueue(10, [tf.int32, tf.float32], shapes=[[], [2]])
enq = q.enqueue((1, [1.0, 2.0]))
many = q.enqueue_many(([2, 3, 4], [[3.0, 4.0], [5.0, 6.0], [7.0, 8.0]]))
a, b = q.dequeue()
ma, mb = q.dequeue_many(2)
ua, ub = q.dequeue_up_to(2)
size, closed, close = q.size(), q.is_closed(), q.close()
ops = [enq, many, a.op, ma.op, ua.op, size.op, closed.op, close]
out["types"] = [o.type for o in ops]
out["names"] = [o.name for o in ops] + [q.name]
out["shapes"] = [t.shape.as_list() for t in (a, b, ma, mb, size, closed)]
out["upto_shapes"] = [ua.shape.as_list(), ub.shape.as_list()]
out["dtypes"] = [t.dtype.name for t in (a, b, ma, ua, size, closed)] + [d.name for d in q.dtypes]
out["q_shapes"] = [s.as_list() for s in q.shapes]
with tf.Session() as sess:
    sess.run(enq)
    sess.run(many)
    out["one"] = [v.tolist() for v in sess.run([a, b])]
    out["many"] = [v.tolist() for v in sess.run([ma, mb])]
    out["size"] = int(sess.run(size))
    sess.run(close)
    out["closed"] = bool(sess.run(closed))
    out["upto"] = [v.tolist() for v in sess.run([ua, ub])]
    out["after_close_dequeue"] = raises(lambda: sess.run(a))
    out["after_close_enqueue"] = raises(lambda: sess.run(enq))
out["user_const_after"] = tf.constant(1).name  # literal n's do not take "Const"
q2 = tf.FIFOQueue(5, tf.int64, name="named_q")
out["named"] = [q2.name, q2.dequeue().name, q2.size().name]
with tf.name_scope("scope"):
    q3 = tf.FIFOQueue(5, tf.int64)
    out["scoped"] = [q3.name, q3.dequeue().name, q3.enqueue(1).name]
""",
    "queue_runner_create_threads_guide": """
example = tf.constant([1.0, 2.0])
queue = tf.RandomShuffleQueue(capacity=20, min_after_dequeue=5, dtypes=[tf.float32],
                              shapes=[[2]], seed=1)
enqueue_op = queue.enqueue(example)
inputs = queue.dequeue_many(4)
train_op = tf.reduce_sum(inputs)
qr = tf.train.QueueRunner(queue, [enqueue_op] * 4)
out["qr"] = [qr.name, len(qr.enqueue_ops), qr.close_op.name, qr.cancel_op.name]
vals = []
with tf.Session() as sess:
    coord = tf.train.Coordinator()
    enqueue_threads = qr.create_threads(sess, coord=coord, start=True)
    out["threads"] = len(enqueue_threads)
    out["again"] = len(qr.create_threads(sess, coord=coord, start=True))
    for step in range(5):
        if coord.should_stop():
            break
        vals.append(float(sess.run(train_op)))
    coord.request_stop()
    coord.join(enqueue_threads)
out["vals"] = vals
""",
    "names_give_dicts": """
q = tf.FIFOQueue(4, [tf.int32, tf.float32], shapes=[[], []], names=["i", "f"])
enq = q.enqueue({"i": 1, "f": 2.5})
d = q.dequeue()
out["keys"] = sorted(d)
out["names"] = q.names
out["list_enqueue"] = raises(lambda: q.enqueue([1, 2.0]))
out["bad_keys"] = raises(lambda: q.enqueue({"i": 1, "g": 2.0}))
p = tf.FIFOQueue(4, tf.int32)
out["dict_without_names"] = raises(lambda: p.enqueue({"i": 1}))
with tf.Session() as sess:
    sess.run(enq)
    v = sess.run(d)
    out["value"] = [int(v["i"]), float(v["f"])]
""",
    "build_time_errors": """
out["partial_fifo"] = raises(lambda: tf.FIFOQueue(3, tf.float32, shapes=[[None]]))
out["padding_needs_list"] = raises(lambda: tf.PaddingFIFOQueue(3, tf.float32, shapes=None))
out["names_length"] = raises(lambda: tf.FIFOQueue(3, [tf.float32], names=["a", "b"]))
q = tf.FIFOQueue(3, tf.float32, shapes=[[2]])
out["enqueue_shape"] = raises(lambda: q.enqueue([[1.0, 2.0, 3.0]]))
out["enqueue_many_shape"] = raises(lambda: q.enqueue_many([[1.0, 2.0]]))
out["enqueue_dtype"] = raises(lambda: q.enqueue(tf.constant([1, 2])))
out["single_shape"] = [s.as_list() for s in tf.FIFOQueue(3, tf.float32, shapes=[2]).shapes]
""",
    "run_time_errors": """
q = tf.FIFOQueue(3, tf.float32)
enq = q.enqueue_many([[1.0, 2.0]])
dm = q.dequeue_many(2)
x = q.dequeue()
with tf.Session() as sess:
    sess.run(enq)
    out["shapeless_many"] = raises(lambda: sess.run(dm))
    sess.run(x)
    sess.run(q.close())
    out["closed_short_dequeue"] = raises(lambda: sess.run(x))
    out["closed_enqueue"] = raises(lambda: sess.run(enq))
s = tf.FIFOQueue(3, tf.float32, shapes=[[2]])
fed = tf.placeholder(tf.float32, [None])
e2 = s.enqueue([fed])
with tf.Session() as sess:
    out["run_shape_mismatch"] = raises(lambda: sess.run(e2, {fed: [1.0, 2.0, 3.0]}))
""",
    "queue_ops_in_cond_and_while_loop": """
q = tf.FIFOQueue(10, tf.float32, shapes=[[]])
init = q.enqueue_many([[1.0, 2.0, 3.0, 4.0]])
p = tf.placeholder(tf.bool, [])
c = tf.cond(p, lambda: q.dequeue(), lambda: tf.constant(-1.0))
def body(i, acc):
    return i + 1, acc + q.dequeue()
_, total = tf.while_loop(lambda i, a: i < 2, body, [0, 0.0])
with tf.Session() as sess:
    sess.run(init)
    out["values"] = [float(sess.run(c, {p: True})), float(sess.run(c, {p: False})),
                     float(sess.run(total)), int(sess.run(q.size()))]
""",
    "padding_fifo_queue": """
q = tf.PaddingFIFOQueue(5, [tf.int32, tf.float32], shapes=[[None], []])
fed = tf.placeholder(tf.int32, [None])
enq = q.enqueue([fed, 1.5])
ma, mb = q.dequeue_many(3)
out["name"] = q.name
out["shapes"] = [ma.shape.as_list(), mb.shape.as_list()]
out["type"] = q.queue_ref.op.type
with tf.Session() as sess:
    for row in ([1], [1, 2, 3], [4, 5]):
        sess.run(enq, {fed: row})
    a, b = sess.run([ma, mb])
    out["values"] = [a.tolist(), b.tolist()]
""",
    "priority_queue": """
q = tf.PriorityQueue(10, [tf.float32], shapes=[[2]])
enq = q.enqueue_many(([5, 1, 3], [[5.0, 5.0], [1.0, 1.0], [3.0, 3.0]]))
one = q.enqueue((2, [2.0, 2.0]))
p, v = q.dequeue()
mp, mv = q.dequeue_many(2)
out["names"] = [q.name, q.queue_ref.op.type, p.name, one.name]
out["dtypes"] = [d.name for d in q.dtypes]
out["shapes"] = [s.as_list() for s in q.shapes] + [mp.shape.as_list(), mv.shape.as_list()]
with tf.Session() as sess:
    sess.run(enq)
    sess.run(one)
    out["first"] = [int(x) if np.ndim(x) == 0 else x.tolist() for x in sess.run([p, v])]
    out["next"] = [x.tolist() for x in sess.run([mp, mv])]
    out["size"] = int(sess.run(q.size()))
""",
    "random_shuffle_queue": """
q = tf.RandomShuffleQueue(10, 2, tf.int32, shapes=[[]], seed=7)
enq = q.enqueue_many([list(range(8))])
d = q.dequeue()
dm = q.dequeue_many(3)
out["names"] = [q.name, q.queue_ref.op.type, d.name, dm.name, dm.shape.as_list()]
with tf.Session() as sess:
    sess.run(enq)
    got = [int(sess.run(d)) for _ in range(3)] + [int(v) for v in sess.run(dm)]
    out["size"] = int(sess.run(q.size()))
    sess.run(q.close())
    got += [int(v) for v in sess.run(q.dequeue_many(2))]
    out["permutation"] = sorted(got) == list(range(8))
    out["drained"] = raises(lambda: sess.run(d))
""",
    "slice_input_producer_batch_epochs": """
images = np.arange(10, dtype=np.float32).reshape(5, 2)
labels = np.arange(5, dtype=np.int32)
image, label = tf.train.slice_input_producer([images, labels], num_epochs=2, shuffle=False)
image_batch, label_batch = tf.train.batch([image, label], batch_size=3,
                                          allow_smaller_final_batch=True)
out["shapes"] = [image.shape.as_list(), label.shape.as_list(), image_batch.shape.as_list(),
                 label_batch.shape.as_list()]
out["names"] = [image_batch.name, label_batch.name, image.name]
out["runners"] = [qr.name for qr in tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)]
out["local"] = [v.op.name for v in tf.local_variables()]
out["summaries"] = [s.op.name for s in tf.get_collection(tf.GraphKeys.SUMMARIES)]
batches = []
with tf.Session() as sess:
    sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    try:
        while not coord.should_stop():
            xb, yb = sess.run([image_batch, label_batch])
            batches.append([xb.tolist(), yb.tolist()])
    except tf.errors.OutOfRangeError:
        out["ended"] = "OutOfRangeError"
    finally:
        coord.request_stop()
    coord.join(threads)
out["batches"] = batches
""",
    "training_loop_over_a_queue_pipeline": """
rng = np.random.RandomState(0)
xs = rng.rand(10, 3).astype(np.float32)
ys = (xs @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.3).astype(np.float32)
x, y = tf.train.slice_input_producer([xs, ys], num_epochs=3, shuffle=False)
bx, by = tf.train.batch([x, y], batch_size=4, allow_smaller_final_batch=True)
w = tf.get_variable("w", [3, 1], initializer=tf.zeros_initializer())
b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
loss = tf.reduce_mean(tf.square(tf.matmul(bx, w) + b - by))
step = tf.train.get_or_create_global_step()
train = tf.train.GradientDescentOptimizer(0.5).minimize(loss, global_step=step)
losses = []
with tf.Session() as sess:
    sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    try:
        while not coord.should_stop():
            losses.append(float(sess.run([train, loss])[1]))
    except tf.errors.OutOfRangeError:
        out["done"] = int(sess.run(step))
    finally:
        coord.request_stop()
    coord.join(threads)
    out["w"] = sess.run(w).ravel().tolist()
out["losses"] = losses
""",
    "batch_forms": """
x = tf.constant([1.0, 2.0, 3.0, 4.0])
one = tf.train.batch([x], batch_size=2, enqueue_many=True)
out["single_is_tensor"] = not isinstance(one, (list, tuple))
out["single_shape"] = one.shape.as_list()
d = tf.train.batch({"b": tf.constant(1), "a": tf.constant([2.0, 3.0])}, batch_size=4)
out["dict"] = {k: v.shape.as_list() for k, v in d.items()}
r = tf.train.range_input_producer(4, num_epochs=1, shuffle=False)
out["range"] = [r.name, r.dtypes[0].name, [s.as_list() for s in r.shapes]]
e = tf.train.limit_epochs(tf.constant([7, 8]), num_epochs=2)
out["limit_epochs"] = e.name
with tf.Session() as sess:
    sess.run(tf.local_variables_initializer())
    tf.train.start_queue_runners(sess)
    out["one"] = sess.run(one).tolist()
    out["dict_values"] = {k: v.tolist() for k, v in sess.run(d).items()}
    out["range_values"] = [int(sess.run(r.dequeue())) for _ in range(4)]
    out["epochs"] = [sess.run(e).tolist(), sess.run(e).tolist()]
    out["epochs_end"] = raises(lambda: sess.run(e))
""",
    "maybe_batch_keeps_what_keep_input_says": """
rows = tf.constant(np.arange(8, dtype=np.int64))
kept_rows = tf.train.maybe_batch([rows], rows % 2 > 0, batch_size=4, enqueue_many=True)
(value,) = tf.train.slice_input_producer([np.arange(6, dtype=np.int64)], num_epochs=1,
                                        shuffle=False)
kept = tf.train.maybe_batch([value], value < 3, batch_size=3)
fixed = tf.train.maybe_batch([tf.constant(5)], False, batch_size=1, name="never")
shuffled = tf.train.maybe_shuffle_batch([rows], 4, 10, 0, rows >= 4, seed=1,
                                        enqueue_many=True)
out["shapes"] = [kept_rows.shape.as_list(), kept.shape.as_list(), shuffled.shape.as_list()]
out["names"] = [kept_rows.name, kept.name, fixed.name, shuffled.name]
out["vector_without_many"] = raises(
    lambda: tf.train.maybe_batch([value], tf.constant([True]), batch_size=2))
with tf.Session() as sess:
    sess.run(tf.local_variables_initializer())
    tf.train.start_queue_runners(sess)
    out["kept_rows"] = sess.run(kept_rows).tolist()
    out["kept"] = sess.run(kept).tolist()
    out["shuffled_kept"] = all(v >= 4 for v in sess.run(shuffled).tolist())
""",
    "shuffle_batch_is_a_permutation": """
data = np.arange(12, dtype=np.int64)
(value,) = tf.train.slice_input_producer([data], num_epochs=1, shuffle=True, seed=3)
batch = tf.train.shuffle_batch([value], batch_size=4, capacity=20, min_after_dequeue=5,
                               seed=4, allow_smaller_final_batch=True)
out["shape"] = batch.shape.as_list()
out["name"] = batch.name
out["summaries"] = [s.op.name for s in tf.get_collection(tf.GraphKeys.SUMMARIES)]
got = []
with tf.Session() as sess:
    sess.run(tf.local_variables_initializer())
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess, coord)
    try:
        while True:
            got += sess.run(batch).tolist()
    except tf.errors.OutOfRangeError:
        pass
    coord.request_stop()
    coord.join(threads)
out["permutation"] = sorted(got) == list(range(12))
""",
    "batch_join_and_dynamic_pad": """
padded = tf.train.batch([tf.constant([1, 2, 3])], batch_size=2, dynamic_pad=True,
                        shapes=[[None]])
a = tf.train.limit_epochs(tf.constant([1, 2]), 1)
b = tf.train.limit_epochs(tf.constant([3, 4, 5]), 1)
joined = tf.train.batch_join([[a], [b]], batch_size=5, enqueue_many=True)
out["padded_shape"] = padded.shape.as_list()
out["joined_shape"] = joined.shape.as_list()
with tf.Session() as sess:
    sess.run(tf.local_variables_initializer())
    tf.train.start_queue_runners(sess)
    out["padded"] = sess.run(padded).tolist()
    out["joined"] = sorted(sess.run(joined).tolist())  # each list once, in TF's any order
    out["joined_end"] = raises(lambda: sess.run(joined))
""",
    "monitored_session_runs_queue_runners": """
data = np.arange(6, dtype=np.float32)
(value,) = tf.train.slice_input_producer([data], num_epochs=1, shuffle=False)
batch = tf.train.batch([value], batch_size=2)
seen = []
with tf.train.MonitoredSession() as sess:
    while not sess.should_stop():
        seen.append(sess.run(batch).tolist())
out["seen"] = seen
""",
    "meta_graph_keeps_queue_runners": """
(value,) = tf.train.slice_input_producer([np.arange(5, dtype=np.int64)], num_epochs=1,
                                        shuffle=False)
tf.train.batch([value * 10], batch_size=2, allow_smaller_final_batch=True)
meta = tf.train.export_meta_graph()
with tf.Graph().as_default():
    tf.train.import_meta_graph(meta, import_scope="copy")
    runners = tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)
    out["runners"] = [qr.name for qr in runners]
    out["ops"] = [[op.name for op in qr.enqueue_ops] for qr in runners]
    batch = tf.get_default_graph().get_tensor_by_name("copy/batch:0")
    got = []
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        try:
            while True:
                got.append(sess.run(batch).tolist())
        except tf.errors.OutOfRangeError:
            pass
        coord.request_stop()
        coord.join(threads)
    out["batches"] = got
""",
    "supervisor_starts_queue_runners": """
data = np.arange(6, dtype=np.float32)
(value,) = tf.train.slice_input_producer([data], num_epochs=1, shuffle=False)
batch = tf.train.batch([value], batch_size=3)
sv = tf.train.Supervisor(logdir=None)
with sv.managed_session() as sess:
    out["batches"] = [sess.run(batch).tolist(), sess.run(batch).tolist()]
    out["end"] = raises(lambda: sess.run(batch))
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS)
