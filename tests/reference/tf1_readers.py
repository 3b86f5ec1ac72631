"""Record what TensorFlow 1.x's file readers give for TF1 graph-mode programs (dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_readers.py \
        > tests/unit/engine/fixtures/tf1_readers.json

As tests/reference/tf1_data.py: each program is TF1 code run unchanged but for the module
bound to `tf`, storing what it observed in `out[...]`; `FIX` is the folder of input files
TF wrote (tests/reference/tf1_readers_files.py) and `TMP` a scratch folder for corrupted
copies. `tests/unit/engine/test_tf1_readers.py` runs the same text against graphgate.
"""

from __future__ import annotations

import os
import tempfile

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness


FIX = (
    os.path.abspath(
        os.path.join(os.path.dirname(__file__), "..", "unit", "engine", "fixtures", "readers")
    )
    + os.sep
)

_DRAIN = """
import os, shutil
def shapes(ds):
    return values(tf.nest.map_structure(
        lambda s: s.as_list() if s.dims is not None else None,
        tf.data.get_output_shapes(ds)))
D = tf.data.Dataset
def values(v):
    if isinstance(v, dict):
        return {k: values(v[k]) for k in sorted(v)}
    if isinstance(v, (tuple, list)):
        return [values(x) for x in v]
    if isinstance(v, bytes):
        return v.replace(FIX.encode(), b"FIX/").hex()
    v = np.asarray(v)
    if v.dtype.kind in "SO":
        return np.vectorize(values, otypes=[object])(v).tolist() if v.size else []
    return v.tolist()
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
def drain_until_error(ds, limit=60):
    n = tf.data.make_one_shot_iterator(ds).get_next()
    got = []
    with tf.Session() as sess:
        for _ in range(limit):
            try:
                got.append(values(sess.run(n)))
            except tf.errors.OutOfRangeError:
                return got, None
            except Exception as exc:
                return got, type(exc).__name__
    return got, "limit"
def path(name):
    return os.path.join(FIX, name)
def run_queue(fetch, limit=60, init=None):
    got = []
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess=sess, coord=coord)
        try:
            for _ in range(limit):
                got.append(values(sess.run(fetch)))
        except tf.errors.OutOfRangeError:
            got.append("end")
        finally:
            coord.request_stop()
            coord.join(threads)
    return got
FEATURES = {
    "label": tf.FixedLenFeature([], tf.int64),
    "x": tf.FixedLenFeature([3], tf.float32),
    "name": tf.FixedLenFeature([], tf.string),
}
"""

PROGRAMS = {
    "tfrecord_dataset": """
ds = tf.data.TFRecordDataset(path("train-0.tfrecord"))
out["plain"] = drain(ds)
out["types"] = [tf.data.get_output_types(ds).name]
out["shapes"] = [tf.data.get_output_shapes(ds).as_list()]
out["gzip"] = drain(tf.data.TFRecordDataset([path("train-0.tfrecord.gz")], compression_type="GZIP"))
out["zlib"] = drain(tf.data.TFRecordDataset(tf.constant(path("train-0.tfrecord.zz")), "ZLIB", 64))
files = [path("train-%d.tfrecord" % i) for i in range(3)]
out["files"] = drain(tf.data.TFRecordDataset(files).map(
    lambda r: tf.parse_single_example(r, FEATURES)))
out["parallel2"] = drain(tf.data.TFRecordDataset(files, num_parallel_reads=2).map(
    lambda r: tf.parse_single_example(r, FEATURES)["x"][0]))
out["parallel3"] = drain(tf.data.TFRecordDataset(files * 2, num_parallel_reads=3).map(
    lambda r: tf.parse_single_example(r, FEATURES)["x"][0]))
out["raw"] = drain(tf.data.TFRecordDataset(path("raw.tfrecord"), buffer_size=1))
out["parsed_batch"] = drain(tf.data.TFRecordDataset(files).map(
    lambda r: tf.parse_single_example(r, FEATURES)).batch(4))
""",
    "tfrecord_errors": """
data = open(path("train-1.tfrecord"), "rb").read()
bad = os.path.join(TMP, "bad.tfrecord")
with open(bad, "wb") as f:
    f.write(data[:-10] + bytes([data[-10] ^ 1]) + data[-9:])
out["corrupt_data"] = drain_until_error(tf.data.TFRecordDataset(bad))
bad_len = os.path.join(TMP, "bad_len.tfrecord")
with open(bad_len, "wb") as f:
    f.write(data[:2] + bytes([data[2] ^ 4]) + data[3:])
out["corrupt_length"] = drain_until_error(tf.data.TFRecordDataset(bad_len))
cut = os.path.join(TMP, "cut.tfrecord")
with open(cut, "wb") as f:
    f.write(data[:-3])
out["truncated"] = drain_until_error(tf.data.TFRecordDataset(cut))
tail = os.path.join(TMP, "tail.tfrecord")
with open(tail, "wb") as f:
    f.write(data + data[:7])
out["short_tail"] = drain_until_error(tf.data.TFRecordDataset(tail).map(
    lambda r: tf.parse_single_example(r, FEATURES)["label"]))
def iterate(name):
    got = []
    try:
        for r in tf.python_io.tf_record_iterator(name):
            got.append(len(r))
    except Exception as exc:
        got.append(type(exc).__name__)
    return got
out["iterator_short_tail"] = iterate(tail)
out["iterator_truncated"] = iterate(cut)
out["iterator_corrupt"] = iterate(bad)
out["missing"] = drain_until_error(tf.data.TFRecordDataset(os.path.join(TMP, "none.tfrecord")))
out["gzip_as_plain"] = drain_until_error(tf.data.TFRecordDataset(path("train-0.tfrecord.gz")))
out["bad_compression"] = raises(lambda: drain(tf.data.TFRecordDataset(path("raw.tfrecord"), "BZ2")))
""",
    "text_line_dataset": """
out["lines"] = drain(tf.data.TextLineDataset(path("lines.csv")))
out["types"] = [tf.data.get_output_types(tf.data.TextLineDataset(path("lines.csv"))).name]
out["gzip"] = drain(tf.data.TextLineDataset(path("lines.csv.gz"), compression_type="GZIP"))
out["two_files"] = drain(tf.data.TextLineDataset([path("lines2.txt"), path("lines.csv")]))
body = tf.data.TextLineDataset(path("lines.csv")).skip(1).filter(
    lambda line: tf.strings.length(line) > 0)
out["rows"] = drain(body.map(lambda line: tf.decode_csv(line, [[0], [""]])))
cr = os.path.join(TMP, "cr.txt")
with open(cr, "wb") as f:
    f.write(b"a\\rb\\r\\nx\\r\\r\\ny\\r")
out["carriage_returns"] = drain(tf.data.TextLineDataset(cr))
out["parallel"] = drain(tf.data.TextLineDataset(
    [path("lines2.txt"), path("lines.csv")], num_parallel_reads=2))
""",
    "fixed_length_dataset": """
ds = tf.data.FixedLengthRecordDataset(
    [path("data_batch_1.bin"), path("data_batch_2.bin")], record_bytes=1 + 48)
def cifar(record):
    raw = tf.decode_raw(record, tf.uint8)
    label = tf.cast(tf.strided_slice(raw, [0], [1]), tf.int32)
    image = tf.reshape(tf.strided_slice(raw, [1], [49]), [3, 4, 4])
    return tf.cast(tf.transpose(image, [1, 2, 0]), tf.float32) / 255.0, label
out["cifar"] = drain(ds.map(cifar).batch(3))
out["framed"] = drain(tf.data.FixedLengthRecordDataset(
    path("framed.bin"), 4, header_bytes=3, footer_bytes=2))
import gzip, zlib
with open(path("framed.bin"), "rb") as f:
    framed = f.read()
with open(os.path.join(TMP, "framed.bin.gz"), "wb") as f:
    f.write(gzip.compress(framed))
with open(os.path.join(TMP, "framed.bin.zz"), "wb") as f:
    f.write(zlib.compress(framed))
out["framed_gzip"] = drain(tf.data.FixedLengthRecordDataset(
    os.path.join(TMP, "framed.bin.gz"), 4, 3, 2, compression_type="GZIP"))
out["framed_zlib"] = drain(tf.data.FixedLengthRecordDataset(
    os.path.join(TMP, "framed.bin.zz"), 4, 3, 2, compression_type="ZLIB"))
out["framed_uneven"] = drain_until_error(tf.data.FixedLengthRecordDataset(
    path("framed.bin"), 3, header_bytes=3, footer_bytes=2))
out["framed_short"] = drain_until_error(tf.data.FixedLengthRecordDataset(
    path("framed.bin"), 4, header_bytes=20, footer_bytes=8))
""",
    "list_files": """
pattern = os.path.join(FIX, "train-*.tfrecord")
base = lambda v: [os.path.basename(bytes.fromhex(x).decode()) for x in v]
out["sorted"] = base(drain(D.list_files(pattern, shuffle=False)))
out["shuffled"] = base(drain(D.list_files(pattern, shuffle=True, seed=5)))
out["shuffled_repeat"] = base(drain(D.list_files(pattern, shuffle=True, seed=11).repeat(3)))
out["two_patterns"] = base(drain(D.list_files(
    [pattern, os.path.join(FIX, "lines*")], shuffle=False)))
files = D.list_files(pattern, shuffle=False)
out["interleaved"] = drain(files.interleave(tf.data.TFRecordDataset, cycle_length=2).map(
    lambda r: tf.parse_single_example(r, FEATURES)["label"]))
out["of_dataset"] = drain(tf.data.TFRecordDataset(files, num_parallel_reads=2).map(
    lambda r: tf.parse_single_example(r, FEATURES)["label"]))
out["lines_of_dataset"] = drain(tf.data.TextLineDataset(
    D.list_files(os.path.join(FIX, "lines*.txt"), shuffle=False)))
out["flat"] = drain(files.flat_map(tf.data.TFRecordDataset).map(
    lambda r: tf.parse_single_example(r, FEATURES)["name"]))
out["no_match"] = drain_until_error(D.list_files(os.path.join(FIX, "*.none")))
with tf.Session() as sess:
    out["matching_files"] = [os.path.basename(n.decode()) for n in sess.run(
        tf.io.matching_files(os.path.join(FIX, "data_batch_*.bin")))]
    once = tf.train.match_filenames_once(os.path.join(FIX, "lines*"))
    io_once = tf.io.match_filenames_once(os.path.join(FIX, "framed*"), name="framed")
    out["once_name"] = [once.op.name, io_once.op.name]
    sess.run(tf.local_variables_initializer())
    out["once"] = [os.path.basename(n.decode()) for n in sess.run(once)]
    out["matching_files_list"] = [os.path.basename(n.decode()) for n in sess.run(
        tf.matching_files([os.path.join(FIX, "lines*"), os.path.join(FIX, "framed.*")]))]
""",
    "read_file": """
with tf.Session() as sess:
    out["read"] = values(sess.run(tf.read_file(path("framed.bin"))))
    out["io_read"] = values(sess.run(tf.io.read_file(path("lines2.txt"))))
    out["missing"] = raises(lambda: sess.run(tf.read_file(os.path.join(TMP, "none"))))
""",
    "queue_readers_0": """
files = [path("train-0.tfrecord"), path("train-1.tfrecord")]
q = tf.train.string_input_producer(files, num_epochs=2, shuffle=False)
key, value = tf.TFRecordReader().read(q)
out["tfrecord"] = run_queue([key, value])
""",
    "queue_readers_1": """
q = tf.train.string_input_producer([path("lines.csv"), path("lines2.txt")], num_epochs=1,
                                   shuffle=False)
reader = tf.TextLineReader(skip_header_lines=1)
key, value = reader.read(q)
with tf.control_dependencies([value]):
    produced = reader.num_records_produced()
out["text"] = run_queue([key, value, produced])
cr = os.path.join(TMP, "cr.txt")
with open(cr, "wb") as f:
    f.write(b"a\\rb\\r\\nx\\r\\r\\ny\\r")
q = tf.train.string_input_producer([cr], num_epochs=1, shuffle=False)
out["carriage_returns"] = run_queue(tf.TextLineReader().read(q)[1])
""",
    "queue_readers_2": """
q = tf.train.string_input_producer(
    [path("data_batch_1.bin"), path("data_batch_2.bin")], num_epochs=1, shuffle=False)
reader = tf.FixedLengthRecordReader(record_bytes=49)
keys, vals = reader.read_up_to(q, 3)
out["fixed_up_to"] = run_queue([keys, vals])
""",
    "queue_readers_3": """
q = tf.train.string_input_producer([path("framed.bin")], num_epochs=1, shuffle=False)
key, value = tf.FixedLengthRecordReader(4, header_bytes=3, footer_bytes=2).read(q)
out["framed"] = run_queue([key, value])
""",
    "queue_readers_4": """
q = tf.train.string_input_producer([path("lines2.txt"), path("framed.bin")], num_epochs=1,
                                   shuffle=False)
key, value = tf.WholeFileReader().read(q)
out["whole"] = run_queue([key, value])
""",
    "queue_readers_5": """
q = tf.train.string_input_producer([path("lines2.txt"), path("lines.csv")], shuffle=True,
                                   seed=4, num_epochs=3)
key, value = tf.TextLineReader().read(q)
out["shuffled_epochs"] = run_queue(key)
""",
    "queue_readers_6": """
q = tf.train.string_input_producer([path("raw.tfrecord")], num_epochs=1, shuffle=False)
reader = tf.TFRecordReader()
key, value = reader.read(q)
reset = reader.reset()
with tf.control_dependencies([key]):
    produced = reader.num_records_produced()
    done = reader.num_work_units_completed()
out["produced"] = run_queue([key, produced, done], limit=5)
""",
    "match_once_pipeline": """
names = tf.train.match_filenames_once(os.path.join(FIX, "train-*.tfrecord"))
q = tf.train.string_input_producer(names, num_epochs=1, shuffle=False)
_, serialized = tf.TFRecordReader().read(q)
label = tf.parse_single_example(serialized, FEATURES)["label"]
out["labels"] = run_queue(label)
""",
    "queue_readers_gzip_missing": """
q = tf.train.string_input_producer([path("train-0.tfrecord.gz")], num_epochs=1, shuffle=False)
options = tf.io.TFRecordOptions(tf.io.TFRecordCompressionType.GZIP)
key, value = tf.TFRecordReader(options=options).read(q)
out["gzip"] = run_queue([key, value])
missing = tf.train.string_input_producer([os.path.join(TMP, "gone.bin")], shuffle=False)
_, whole = tf.WholeFileReader().read(missing)
with tf.Session() as sess:
    threads = tf.train.start_queue_runners(sess=sess)
    out["missing"] = raises(lambda: sess.run(whole))
""",
    "names_from_constants": """
files = [path("train-%d.tfrecord" % i) for i in range(3)]
ds = D.from_tensor_slices(files).flat_map(tf.data.TFRecordDataset)
out["flat_map_of_slices"] = drain(ds.map(lambda r: tf.parse_single_example(r, FEATURES)["label"]))
image_paths = [path("lines2.txt"), path("framed.bin")]
filename, label = tf.train.slice_input_producer([image_paths, [0, 1]], shuffle=False,
                                                num_epochs=1)
out["slice_read_file"] = run_queue([tf.read_file(filename), label])
""",
    "batched_features": """
X = tf.data.experimental
pattern = os.path.join(FIX, "train-*.tfrecord")
spec = {"label": tf.FixedLenFeature([], tf.int64), "x": tf.VarLenFeature(tf.float32),
        "name": tf.FixedLenFeature([], tf.string)}
def sparse_values(batch):
    feats, label = batch
    return [label, feats["name"], feats["x"].values, feats["x"].indices]
ds = X.make_batched_features_dataset(pattern, 4, spec, label_key="label", num_epochs=1,
                                     shuffle=False)
out["plain"] = drain(ds.map(lambda f, l: (l, f["name"], f["x"].values, f["x"].indices)))
ds = X.make_batched_features_dataset(pattern, 3, spec, num_epochs=2, shuffle=True,
                                     shuffle_seed=7, shuffle_buffer_size=5, reader_num_threads=2)
out["shuffled"] = drain(ds.map(lambda f: f["label"] * 100 + tf.cast(f["x"].values[0], tf.int64)))
ds = X.make_batched_features_dataset(pattern, 4, {"label": tf.FixedLenFeature([], tf.int64)},
                                     shuffle=False)
out["forever"] = [shapes(ds), drain(ds.map(lambda f: f["label"]), 4)]
out["bad_label"] = raises(lambda: X.make_batched_features_dataset(pattern, 2, spec, label_key="y"))
out["reader_class"] = raises(
    lambda: X.make_batched_features_dataset(pattern, 2, spec, reader=tf.TFRecordReader))
ds = tf.data.TFRecordDataset(path("train-0.tfrecord")).batch(2).apply(
    X.parse_example_dataset({"label": tf.FixedLenFeature([], tf.int64)}))
out["parse_example_dataset"] = drain(ds)
""",
    "queue_readers_7": """
q = tf.train.string_input_producer([path("raw.tfrecord"), path("lines2.txt")], num_epochs=1,
                                   shuffle=False)
reader = tf.TFRecordReader()
key, value = reader.read(q)
reset = reader.reset()
produced = reader.num_records_produced()
with tf.Session() as sess:
    sess.run(tf.local_variables_initializer())
    threads = tf.train.start_queue_runners(sess=sess)
    out["first"] = values(sess.run(key))
    sess.run(reset)
    out["after_reset"] = values(sess.run(produced))
    out["next_file"] = raises(lambda: sess.run(key))
""",
    "cifar_queue_pipeline": """
files = [path("data_batch_%d.bin" % i) for i in (1, 2)]
q = tf.train.string_input_producer(files, num_epochs=1, shuffle=False)
reader = tf.FixedLengthRecordReader(record_bytes=1 + 48)
key, value = reader.read(q)
raw = tf.decode_raw(value, tf.uint8)
label = tf.cast(tf.strided_slice(raw, [0], [1]), tf.int32)
label.set_shape([1])
depth_major = tf.reshape(tf.strided_slice(raw, [1], [49]), [3, 4, 4])
image = tf.cast(tf.transpose(depth_major, [1, 2, 0]), tf.float32) / 255.0
images, labels = tf.train.batch([image, label], batch_size=3, allow_smaller_final_batch=True)
out["batches"] = run_queue([images, labels])
""",
    "cifar10_input_eval": """
# cifar10_input.py's inputs(eval_data=True), on 4x4 images cropped to 3x3.
filenames = [path("data_batch_%d.bin" % i) for i in (1, 2)]
for f in filenames:
    if not tf.gfile.Exists(f):
        raise ValueError("Failed to find file: " + f)
q = tf.train.string_input_producer(filenames, shuffle=False, num_epochs=1)
key, value = tf.FixedLengthRecordReader(record_bytes=1 + 48).read(q)
record_bytes = tf.decode_raw(value, tf.uint8)
label = tf.cast(tf.strided_slice(record_bytes, [0], [1]), tf.int32)
depth_major = tf.reshape(tf.strided_slice(record_bytes, [1], [49]), [3, 4, 4])
reshaped = tf.cast(tf.transpose(depth_major, [1, 2, 0]), tf.float32)
resized = tf.image.resize_image_with_crop_or_pad(reshaped, 3, 3)
float_image = tf.image.per_image_standardization(resized)
float_image.set_shape([3, 3, 3])
label.set_shape([1])
images, labels = tf.train.batch([float_image, label], batch_size=3, capacity=20,
                                allow_smaller_final_batch=True)
out["batches"] = run_queue([images, tf.reshape(labels, [-1])])
""",
    "cifar_queue_shuffled": """
files = [path("data_batch_%d.bin" % i) for i in (1, 2)]
q = tf.train.string_input_producer(files, num_epochs=2)
key, value = tf.FixedLengthRecordReader(record_bytes=1 + 48).read(q)
raw = tf.decode_raw(value, tf.uint8)
label = tf.cast(tf.strided_slice(raw, [0], [1]), tf.int32)
label.set_shape([1])
total = tf.reduce_sum(tf.cast(tf.strided_slice(raw, [1], [49]), tf.int32))
labels, totals = tf.train.shuffle_batch([label, total], batch_size=2, capacity=10,
                                        min_after_dequeue=4, allow_smaller_final_batch=True)
got = run_queue([labels, totals])
out["batch_count"] = len(got)
out["rows"] = sorted([l[0], t] for b in got[:-1] for l, t in zip(b[0], b[1]))
""",
    "tfrecord_pipeline_0": """
files = [path("train-%d.tfrecord" % i) for i in range(3)]
q = tf.train.string_input_producer(files, num_epochs=1, shuffle=False)
_, serialized = tf.TFRecordReader().read(q)
features = tf.parse_single_example(serialized, FEATURES)
batch = tf.train.batch([features["x"], features["label"]], batch_size=4,
                       allow_smaller_final_batch=True)
out["batched"] = run_queue(batch)
""",
    "tfrecord_pipeline_1": """
files = [path("train-%d.tfrecord" % i) for i in range(3)]
q = tf.train.string_input_producer(files, num_epochs=2, shuffle=True, seed=3)
_, serialized = tf.TFRecordReader().read(q)
features = tf.parse_single_example(serialized, FEATURES)
x, label = tf.train.shuffle_batch([features["x"], features["label"]], batch_size=4,
                                  capacity=30, min_after_dequeue=10, seed=1,
                                  allow_smaller_final_batch=True)
got = run_queue([x, label])
out["shuffle_batch_count"] = len(got)
out["shuffle_batch_rows"] = sorted(
    [[round(v, 6) for v in row] + [l] for b in got[:-1] for row, l in zip(b[0], b[1])])
""",
}


def main() -> None:
    tf = harness.import_tf1()
    with tempfile.TemporaryDirectory() as tmp:
        out = harness.run_programs(tf, PROGRAMS, _DRAIN, FIX=FIX, TMP=tmp)
    harness.dump({"tensorflow": tf.__version__, "programs": out})


if __name__ == "__main__":
    main()
