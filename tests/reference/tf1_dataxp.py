"""Record what TensorFlow 1.x's `tf.data.experimental` windowing, grouping, scanning and
sampling give for TF1 graph-mode programs (dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_dataxp.py \
        > tests/unit/engine/fixtures/tf1_dataxp.json

As tests/reference/tf1_data.py: each program is TF1 code run unchanged but for the module
bound to `tf`, storing what it observed in `out[...]`; `tests/unit/engine/test_tf1_dataxp.py`
runs the same text against graphgate.
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness


_DRAIN = """
D = tf.data.Dataset
X = tf.data.experimental
def values(v):
    if isinstance(v, dict):
        return {k: values(v[k]) for k in sorted(v)}
    if isinstance(v, (tuple, list)):
        return [values(x) for x in v]
    v = np.asarray(v)
    return v.astype(str).tolist() if v.dtype.kind in "SUO" else v.tolist()
def drain(ds, limit=60):
    n = tf.data.make_one_shot_iterator(ds).get_next()
    got = []
    with tf.Session() as sess:
        for _ in range(limit):
            try:
                got.append(values(sess.run(n)))
            except tf.errors.OutOfRangeError:
                break
    return got
def shapes(ds):
    return values(tf.nest.map_structure(
        lambda s: s.as_list() if s.dims is not None else None,
        tf.data.get_output_shapes(ds)))
"""

PROGRAMS = {
    "group_by_window": """
ds = D.range(10).apply(X.group_by_window(lambda x: x % 3, lambda k, w: w.batch(2), window_size=2))
out["mod3"] = drain(ds)
out["mod3_shape"] = shapes(ds)
ds = D.from_tensor_slices([5, 1, 7, 2, 9, 0]).apply(
    X.group_by_window(lambda x: tf.cast(x % 3, tf.int64), lambda k, w: w.batch(4), window_size=4))
out["leftovers_by_key"] = drain(ds)
pairs = D.from_tensor_slices((np.arange(8), np.arange(8) * 10.0))
ds = pairs.apply(X.group_by_window(
    lambda a, b: a % 2,
    lambda key, w: w.batch(8).map(lambda a, b: (key, tf.reduce_sum(b))),
    window_size_func=lambda key: key + 2))
out["size_by_key"] = drain(ds)
ds = D.from_tensor_slices({"a": np.arange(5), "b": np.arange(5) * 2}).apply(
    X.group_by_window(lambda e: e["a"] // 2, lambda k, w: w.batch(3), window_size=3))
out["dicts"] = drain(ds)
out["errors"] = [
    raises(lambda: D.range(3).apply(X.group_by_window(lambda x: x, lambda k, w: w))),
    raises(lambda: D.range(3).apply(
        X.group_by_window(lambda x: x, lambda k, w: w, 2, lambda k: k))),
    raises(lambda: D.range(3).apply(
        X.group_by_window(lambda x: tf.cast(x, tf.int32), lambda k, w: w, 2))),
    raises(lambda: D.range(3).apply(X.group_by_window(lambda x: x, lambda k, w: k, 2))),
]
zero = D.range(3).apply(X.group_by_window(lambda x: x, lambda k, w: w, window_size=0))
out["zero_window"] = raises(lambda: drain(zero))
""",
    "bucket_by_sequence_length": """
lengths = [3, 1, 5, 2, 7, 4, 1, 6, 2, 8]
def gen_ds():
    rows = [np.arange(1, n + 1, dtype=np.int64) for n in lengths]
    flat = np.concatenate(rows)
    starts = np.cumsum([0] + lengths[:-1])
    idx = D.from_tensor_slices((np.array(starts, np.int64), np.array(lengths, np.int64)))
    return idx.map(lambda s, n: tf.constant(flat)[s:s + n])
ds = gen_ds().apply(X.bucket_by_sequence_length(
    lambda x: tf.shape(x)[0], [3, 6], [2, 2, 3]))
out["plain"] = drain(ds)
out["plain_shape"] = shapes(ds)
ds = gen_ds().apply(X.bucket_by_sequence_length(
    lambda x: tf.shape(x)[0], [3, 6, 9], [2, 2, 3, 1], pad_to_bucket_boundary=True,
    padding_values=tf.constant(-1, tf.int64)))
out["to_boundary"] = drain(ds)
ds = gen_ds().apply(X.bucket_by_sequence_length(
    lambda x: tf.shape(x)[0], [4], [3, 2], padded_shapes=[10], drop_remainder=True))
out["fixed_shape_drop"] = drain(ds)
out["fixed_shape_drop_shape"] = shapes(ds)
same = D.from_tensor_slices(np.arange(12).reshape(6, 2)).apply(
    X.bucket_by_sequence_length(lambda x: tf.shape(x)[0], [2], [4, 4], no_padding=True))
out["no_padding"] = drain(same)
tagged = gen_ds().map(lambda x: {"tokens": x, "n": tf.size(x)})
ds = tagged.apply(X.bucket_by_sequence_length(lambda e: e["n"], [4], [2, 3]))
out["dict_elements"] = drain(ds)
out["bad_sizes"] = raises(
    lambda: gen_ds().apply(X.bucket_by_sequence_length(lambda x: tf.size(x), [3], [2])))
over = gen_ds().apply(X.bucket_by_sequence_length(
    lambda x: tf.shape(x)[0], [3], [2, 2], pad_to_bucket_boundary=True))
# TF 1.15 raises InvalidArgumentError from the failed assertion, TF 2's runtime wraps it.
out["over_boundary_fails"] = raises(lambda: drain(over)) is not None
""",
    "window": """
out["shift2"] = drain(D.range(7).window(3, shift=2).flat_map(lambda w: w.batch(3)))
out["drop"] = drain(D.range(7).window(3, 2, drop_remainder=True).flat_map(lambda w: w.batch(3)))
out["stride"] = drain(D.range(10).window(3, 4, 2).flat_map(lambda w: w.batch(3)))
out["long_shift"] = drain(D.range(10).window(2, 5).flat_map(lambda w: w.batch(2)))
out["default_shift"] = drain(D.range(5).window(2).flat_map(lambda w: w.batch(5)))
pairs = D.from_tensor_slices((np.arange(5), np.arange(5) * 1.5))
zipped = pairs.window(2, 1, drop_remainder=True).flat_map(
    lambda a, b: D.zip((a.batch(2), b.batch(2))))
out["tuples"] = drain(zipped)
out["tuples_shape"] = shapes(zipped)
windows = pairs.window(2)
out["window_spec"] = [
    [type(s).__name__, s.element_spec.dtype.name, s.element_spec.shape.as_list()]
    for s in tf.data.get_output_types(windows)
]
drop_shape = D.range(9).window(4, 1, drop_remainder=True).flat_map(lambda w: w.batch(4, True))
out["batched_shape"] = shapes(drop_shape)
out["sum_of_windows"] = drain(D.range(6).window(3, 1).flat_map(
    lambda w: w.batch(3).map(tf.reduce_sum)))
bad = D.range(3).window(0).flat_map(lambda w: w.batch(2))
out["zero_size"] = raises(lambda: drain(bad))
""",
    "scan": """
out["running_sum"] = drain(D.range(6).apply(X.scan(tf.constant(0, tf.int64),
                                                  lambda s, x: (s + x, s * 10))))
def fib(state, _):
    a, b = state
    return (b, a + b), a
out["fibonacci"] = drain(D.range(8).apply(X.scan((0, 1), fib)))
def pairs(state, xy):
    x, y = xy
    return state + y, {"x": x, "total": state + y}
ds = D.from_tensor_slices((np.arange(4), np.arange(4) * 0.5)).apply(
    X.scan(tf.constant(0.0, tf.float64), pairs))
out["dict_output"] = drain(ds)
grow = D.range(4).apply(X.scan(tf.zeros([0], tf.int64),
                               lambda s, x: (tf.concat([s, [x]], 0), tf.reduce_sum(s))))
out["growing_state"] = drain(grow)
out["method"] = drain(D.range(4).scan(tf.constant(1, tf.int64), lambda s, x: (s * 2, s + x)))
out["errors"] = [
    raises(lambda: D.range(3).apply(X.scan(tf.constant(0, tf.int32), lambda s, x: (x, x)))),
    raises(lambda: D.range(3).apply(X.scan(tf.constant(0, tf.int64), lambda s, x: x))),
]
""",
    "choose_and_sample": """
letters = [D.from_tensors("a").repeat(), D.from_tensors("b").repeat(), D.from_tensors("c")]
choice = D.from_tensor_slices(tf.constant([0, 1, 2, 2, 1, 0], tf.int64))
out["choose"] = drain(X.choose_from_datasets(letters, choice))
out["choose_cycle"] = drain(X.choose_from_datasets(
    [D.range(0, 3), D.range(10, 12)], D.range(2).repeat(6)))
bad = X.choose_from_datasets([D.range(3)], D.from_tensors(tf.constant(2, tf.int64)))
out["out_of_range"] = raises(lambda: drain(bad))
out["choice_type"] = raises(lambda: X.choose_from_datasets([D.range(3)], D.range(3).map(
    lambda x: tf.cast(x, tf.int32))))
two = [D.range(0, 100), D.range(100, 200)]
out["weighted"] = drain(X.sample_from_datasets(two, weights=[0.3, 0.7], seed=3), 20)
out["uniform"] = drain(X.sample_from_datasets(two, seed=11), 20)
out["three"] = drain(X.sample_from_datasets(
    [D.range(0, 4), D.range(10, 14), D.range(20, 24)], weights=[0.5, 0.2, 0.3], seed=5), 20)
out["zero_weight"] = drain(X.sample_from_datasets(
    [D.range(0, 4), D.range(10, 14)], weights=[0.0, 1.0], seed=1))
out["f64_weights"] = drain(X.sample_from_datasets(
    two, weights=tf.constant([0.9, 0.1], tf.float64), seed=2), 10)
tf.set_random_seed(42)
out["graph_seed"] = drain(X.sample_from_datasets(two), 12)
out["random"] = drain(X.RandomDataset(seed=3), 5)
varying = D.from_tensor_slices(np.array([[0.9, 0.1], [0.1, 0.9], [0.5, 0.5]] * 4, np.float32))
out["weights_dataset"] = drain(X.sample_from_datasets(two, weights=varying, seed=6), 20)
out["weights_errors"] = [
    raises(lambda: X.sample_from_datasets(two, weights=[1.0])),
    raises(lambda: X.sample_from_datasets(two, weights=[1, 2])),
]
""",
    "sparse_elements": """
sp = tf.SparseTensor([[0, 0], [1, 1], [2, 0], [3, 0], [3, 1]], [1.0, 2.0, 3.0, 4.0, 5.0], [4, 2])
ds = D.from_tensor_slices((sp, np.arange(4)))
def sparse_drain(ds, k=10):
    n = tf.data.make_one_shot_iterator(ds).get_next()
    got = []
    with tf.Session() as sess:
        for _ in range(k):
            try:
                s, i = sess.run(n)
            except tf.errors.OutOfRangeError:
                break
            got.append([s.indices.tolist(), s.values.tolist(), s.dense_shape.tolist(), i.tolist()])
    return got
grouped = ds.apply(X.group_by_window(lambda s, i: i % 2, lambda k, w: w.batch(2), window_size=2))
out["grouped"] = sparse_drain(grouped)
windows = ds.window(3, 1).flat_map(lambda a, b: D.zip((a.batch(3), b.batch(3))))
out["windows"] = sparse_drain(windows)
scanned = ds.apply(X.scan(tf.constant(0, tf.int64), lambda st, e: (st + e[1], (e[0], st))))
out["scan"] = sparse_drain(scanned)
""",
    "rejection_resample": """
rng = np.random.RandomState(3)
labels = rng.choice(3, size=300, p=[0.7, 0.2, 0.1]).astype(np.int32)
data = D.from_tensor_slices((labels, np.arange(300)))
def class_of(label, index):
    return label
estimated = data.apply(X.rejection_resample(class_of, [1 / 3, 1 / 3, 1 / 3], seed=5))
out["estimated"] = drain(estimated, 40)
out["estimated_shapes"] = shapes(estimated)
given = data.apply(X.rejection_resample(class_of, [0.2, 0.3, 0.5], [0.7, 0.2, 0.1], seed=8))
out["given"] = drain(given, 40)
same = data.apply(X.rejection_resample(class_of, [0.5, 0.5, 0.0], [0.5, 0.5, 0.0], seed=2))
out["static_original"] = drain(same, 5)
single = D.from_tensor_slices(labels).apply(X.rejection_resample(
    lambda c: c, tf.constant([0.1, 0.1, 0.8]), seed=4))
out["single_component"] = drain(single, 30)
""",
    "csv_dataset": r"""
import os, tempfile
folder = tempfile.mkdtemp()
def write(name, data):
    path = os.path.join(folder, name)
    with open(path, "wb") as handle:
        handle.write(data)
    return path
text = "id,name,score\n1,QSmith, JQ,2.5\r\n2,Qsay QQhiQQQ,\n3,x y,1e3\n"
plain = write("plain.csv", text.replace("Q", chr(34)).encode())
ds = X.CsvDataset(plain, [tf.int32, tf.constant("?"), tf.constant(-1.0)], header=True)
out["records"] = drain(ds)
out["types"] = [t.name for t in tf.data.get_output_types(ds)]
out["shapes"] = shapes(ds)
out["select"] = drain(X.CsvDataset(plain, [tf.int64, tf.constant(-2.0, tf.float64)], header=True,
                                   select_cols=[0, 2], na_value=""))
out["exclude"] = raises(lambda: X.CsvDataset(plain, [tf.string, tf.string], exclude_cols=[0]))
na = write("na.csv", b"1,NA,3\n2,,4\n7,8,NA")
out["na"] = drain(X.CsvDataset(na, [tf.int32, tf.constant(-5), tf.constant(0)], na_value="NA"))
out["required"] = raises(
    lambda: drain(X.CsvDataset(na, [tf.int32, tf.int32, tf.int32], na_value="NA")))
semi = write("semi.csv", b"a;1\rb;2\r")
out["delim"] = drain(X.CsvDataset([semi, semi], [tf.string, tf.int64], field_delim=";"))
bad = write("bad.csv", b"1,2\n3,x\n")
out["bad_int"] = [drain(X.CsvDataset(bad, [tf.int32, tf.int32]), 1),
                  raises(lambda: drain(X.CsvDataset(bad, [tf.int32, tf.int32])))]
short = write("short.csv", b"1,2\n3\n")
out["short_record"] = raises(lambda: drain(X.CsvDataset(short, [tf.int32, tf.int32])))
quoted = write("quoted.csv", b'1,"two\nlines"\n2,"x"y\n')
got = drain(X.CsvDataset(quoted, [tf.int32, tf.string]), 1)
out["multiline"] = got
out["stray_quote"] = raises(lambda: drain(X.CsvDataset(quoted, [tf.int32, tf.string])))
""",
    "make_csv_dataset": r"""
import os, tempfile
folder = tempfile.mkdtemp()
def write(name, text):
    path = os.path.join(folder, name)
    with open(path, "w") as handle:
        handle.write(text)
    return path
write("b.csv", "age,city,income,label\n40,Rome,1.5,1\n,Oslo,2.25,0\n33,,3e9,1\n")
write("a.csv", "age,city,income,label\n21,Paris,0.5,0\n58,Lima,,1\n")
pattern = os.path.join(folder, "*.csv")
ds = X.make_csv_dataset(pattern, batch_size=2, label_name="label", num_epochs=1,
                        shuffle=False)
out["batches"] = drain(ds)
types = tf.data.get_output_types(ds)
out["types"] = [{k: v.name for k, v in sorted(types[0].items())}, types[1].name]
out["shapes"] = shapes(ds)
ds = X.make_csv_dataset(pattern, batch_size=3, select_columns=["city", "age"],
                        num_epochs=2, shuffle=False)
out["selected"] = drain(ds)
ds = X.make_csv_dataset(pattern, batch_size=4, shuffle=False,
                        column_defaults=[tf.constant(-1, tf.int64), "", 0.0, 0], label_name="city")
out["forever"] = drain(ds, 3)
out["forever_shapes"] = shapes(ds)
write("c.txt", "1;2\n3;4\n5;6\n")
ds = X.make_csv_dataset(os.path.join(folder, "c.txt"), batch_size=2, header=False,
                        column_names=["x", "y"], field_delim=";", num_epochs=1,
                        shuffle=False)
out["no_header"] = drain(ds)
shuffled = X.make_csv_dataset(pattern, batch_size=2, label_name="label", shuffle_seed=3)
out["shuffled"] = drain(shuffled, 5)
out["errors"] = [
    raises(lambda: X.make_csv_dataset(os.path.join(folder, "*.none"), 2)),
    raises(lambda: X.make_csv_dataset(pattern, 2, label_name="nope")),
    raises(lambda: X.make_csv_dataset(pattern, 2, select_columns=["age", "age"])),
    raises(lambda: X.make_csv_dataset(os.path.join(folder, "c.txt"), 2, header=False)),
]
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS, prefix=_DRAIN)
