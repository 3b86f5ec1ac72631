"""tf.data with SparseTensor elements, run unchanged with `tf` = tensorflow.compat.v1 in
graph mode (this script, dev-only) and with `tf` = graphgate
(tests/unit/engine/test_tf1_data_sparse.py).

    /work/tfvenv/bin/python tests/reference/tf1_data_sparse.py \
        > tests/unit/engine/fixtures/tf1_data_sparse.json

A case builds a dataset; the record is its element spec (types, static shapes, classes),
what `get_next()` is while building, and every element a one-shot iterator gives (each
SparseTensor as the SparseTensorValue a session returns), or the class of the exception
TensorFlow raises building or running it.
"""

from __future__ import annotations

import json
import sys

import numpy as np

CASES: dict = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def _nest(x, fn):
    if isinstance(x, dict):
        return {k: _nest(v, fn) for k, v in sorted(x.items())}
    if isinstance(x, tuple) and not hasattr(x, "_fields"):
        return [_nest(v, fn) for v in x]
    return fn(x)


def _value(v):
    if hasattr(v, "_fields"):
        return {f: _value(getattr(v, f)) for f in v._fields}
    a = np.asarray(v)
    return {"dtype": a.dtype.name, "shape": list(a.shape), "data": a.reshape(-1).tolist()}


def _shape(s):
    return None if s.dims is None else s.as_list()


def _kind(tf, x):
    if isinstance(x, tf.SparseTensor):
        return {
            "class": "SparseTensor",
            "shape": _shape(x.shape),
            "indices": _shape(x.indices.shape),
            "values": _shape(x.values.shape),
            "dense_shape": _shape(x.dense_shape.shape),
        }
    return {"class": "Tensor", "shape": _shape(x.shape)}


def record(tf, ds, limit=6) -> dict:
    out = {
        "types": _nest(tf.data.get_output_types(ds), lambda t: t.name),
        "shapes": _nest(tf.data.get_output_shapes(ds), _shape),
        "classes": _nest(tf.data.get_output_classes(ds), lambda c: c.__name__),
    }
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    out["next"] = _nest(nxt, lambda x: _kind(tf, x))
    elements = []
    with tf.Session() as sess:
        for _ in range(limit):
            try:
                elements.append(_nest(sess.run(nxt), _value))
            except tf.errors.OutOfRangeError:
                elements.append("end")
                break
            except tf.errors.OpError as exc:
                elements.append(type(exc).__name__)
                break
    out["elements"] = elements
    return out


def _sp(tf):
    return tf.SparseTensor([[0, 1], [0, 3], [2, 0]], [1.0, 2.0, 3.0], [3, 4])


def _examples(tf):
    def ex(vals):
        feature = tf.train.Feature(int64_list=tf.train.Int64List(value=vals))
        features = tf.train.Features(feature={"v": feature})
        return tf.train.Example(features=features).SerializeToString()

    return [ex([1, 2]), ex([]), ex([5])]


@case
def slices(tf):
    return record(tf, tf.data.Dataset.from_tensor_slices(_sp(tf)))


@case
def slices_of_a_value(tf):
    value = tf.SparseTensorValue([[0, 0], [1, 1]], np.array([4, 5], np.int32), [2, 2])
    return record(tf, tf.data.Dataset.from_tensor_slices(value))


@case
def slices_with_a_dense_component(tf):
    ds = tf.data.Dataset.from_tensor_slices((_sp(tf), tf.constant([7, 8, 9])))
    return record(tf, ds)


@case
def slices_unordered(tf):
    sp = tf.SparseTensor([[2, 0], [0, 1], [0, 3]], [3.0, 1.0, 2.0], [3, 4])
    return record(tf, tf.data.Dataset.from_tensor_slices(sp))


@case
def slices_of_rank_one(tf):
    sp = tf.SparseTensor([[1]], [1.0], [3])
    return record(tf, tf.data.Dataset.from_tensor_slices(sp))


@case
def from_tensors(tf):
    return record(tf, tf.data.Dataset.from_tensors(_sp(tf)).repeat(2))


@case
def batch(tf):
    return record(tf, tf.data.Dataset.from_tensor_slices(_sp(tf)).batch(2))


@case
def batch_drop_remainder(tf):
    return record(tf, tf.data.Dataset.from_tensor_slices(_sp(tf)).batch(2, drop_remainder=True))


@case
def batch_then_unbatch(tf):
    return record(tf, tf.data.Dataset.from_tensor_slices(_sp(tf)).batch(2).unbatch())


@case
def batch_of_rank_three(tf):
    sp = tf.SparseTensor([[0, 0, 1], [1, 1, 0], [2, 0, 2]], [1, 2, 3], [3, 2, 3])
    return record(tf, tf.data.Dataset.from_tensor_slices(sp).batch(2))


@case
def map_to_dense(tf):
    ds = tf.data.Dataset.from_tensor_slices(_sp(tf)).map(lambda s: tf.sparse.to_dense(s))
    return record(tf, ds)


@case
def map_from_dense(tf):
    ds = tf.data.Dataset.from_tensor_slices(tf.constant([[0, 1.0], [2.0, 0]]))
    return record(tf, ds.map(lambda x: tf.sparse.from_dense(x)))


@case
def map_values(tf):
    ds = tf.data.Dataset.from_tensor_slices(_sp(tf))
    ds = ds.map(lambda s: tf.SparseTensor(s.indices, s.values * 2, s.dense_shape))
    return record(tf, ds)


@case
def map_to_a_constant_value(tf):
    ds = tf.data.Dataset.range(2)
    return record(tf, ds.map(lambda x: (x, tf.SparseTensorValue([[0]], [1.5], [3]))))


@case
def map_of_a_batch(tf):
    ds = tf.data.Dataset.from_tensor_slices(_sp(tf)).batch(2)
    return record(tf, ds.map(lambda s: (tf.sparse.reduce_sum(s, axis=1), s)))


@case
def filter_sparse(tf):
    ds = tf.data.Dataset.from_tensor_slices(_sp(tf)).filter(lambda s: tf.size(s.values) > 0)
    return record(tf, ds)


@case
def zip_and_concatenate(tf):
    ds = tf.data.Dataset.zip(
        (tf.data.Dataset.from_tensor_slices(_sp(tf)), tf.data.Dataset.range(3))
    )
    return record(tf, ds.concatenate(ds).skip(2))


@case
def parse_var_len_feature(tf):
    ds = tf.data.Dataset.from_tensor_slices(_examples(tf))
    ds = ds.map(lambda s: tf.parse_single_example(s, {"v": tf.VarLenFeature(tf.int64)}))
    return record(tf, ds)


@case
def parse_var_len_feature_then_batch(tf):
    ds = tf.data.Dataset.from_tensor_slices(_examples(tf))
    ds = ds.map(lambda s: tf.parse_single_example(s, {"v": tf.VarLenFeature(tf.int64)}))
    return record(tf, ds.batch(3))


@case
def batch_then_parse_var_len_feature(tf):
    ds = tf.data.Dataset.from_tensor_slices(_examples(tf)).batch(2)
    return record(tf, ds.map(lambda s: tf.parse_example(s, {"v": tf.VarLenFeature(tf.int64)})))


@case
def shuffle_repeat_take(tf):
    tf.set_random_seed(7)
    ds = tf.data.Dataset.from_tensor_slices(_sp(tf)).shuffle(3, seed=11).repeat(2).take(5)
    return record(tf, ds.cache())


def _rows(tf):
    return tf.data.Dataset.from_tensor_slices(tf.constant([[1, 0, 3], [4, 0, 0], [0, 0, 2]]))


@case
def dense_to_sparse_batch(tf):
    return record(tf, _rows(tf).apply(tf.data.experimental.dense_to_sparse_batch(2, [4])))


@case
def dense_to_sparse_batch_of_unknown_rows(tf):
    batched = tf.data.experimental.dense_to_sparse_batch(2, [None])
    return record(tf, _rows(tf).apply(batched))


@case
def dense_to_sparse_batch_too_small(tf):
    return record(tf, _rows(tf).apply(tf.data.experimental.dense_to_sparse_batch(2, [2])))


@case
def padded_batch_refused(tf):
    try:
        tf.data.Dataset.from_tensor_slices(_sp(tf)).padded_batch(2, padded_shapes=[4])
    except Exception as exc:  # the class is what is pinned
        return {"raised": type(exc).__name__}
    return {"raised": None}


@case
def initializable_iterator(tf):
    it = tf.data.make_initializable_iterator(tf.data.Dataset.from_tensor_slices(_sp(tf)))
    nxt = it.get_next()
    with tf.Session() as sess:
        sess.run(it.initializer)
        first = _value(sess.run(nxt))
        sess.run(it.initializer)
        again = _value(sess.run(nxt))
    return {"next": _kind(tf, nxt), "first": first, "restarted": again == first}


def _drain(tf, fetches, limit=4) -> list:
    """What a queue-fed batch gives run after run, with the queue runners started."""
    out = []
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        for _ in range(limit):
            try:
                out.append(_nest(sess.run(fetches), _value))
            except tf.errors.OutOfRangeError:
                out.append("end")
                break
        coord.request_stop()
        coord.join(threads)
    return out


@case
def queue_batch_of_var_len_features(tf):
    """tf.train.batch of parse_single_example's SparseTensors (TF's SparseTensorsMap)."""
    names = tf.train.string_input_producer(
        tf.constant(_examples(tf) + _examples(tf)[:1]), num_epochs=1, shuffle=False
    )
    record_ = names.dequeue()
    parsed = tf.parse_single_example(record_, {"v": tf.VarLenFeature(tf.int64)})
    batch = tf.train.batch(
        {"v": parsed["v"], "n": tf.size(parsed["v"].values)},
        batch_size=3,
        allow_smaller_final_batch=True,
    )
    return {"next": _nest(batch, lambda x: _kind(tf, x)), "batches": _drain(tf, batch)}


@case
def queue_batch_enqueue_many(tf):
    batch = tf.train.batch([_sp(tf)], batch_size=2, enqueue_many=True)
    return {"next": _kind(tf, batch), "batches": _drain(tf, batch, 1)}


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    tf.disable_v2_tensorshape()
    cases = {}
    for name, fn in CASES.items():
        with tf.Graph().as_default():
            cases[name] = fn(tf)
    doc = {"tensorflow": tf.__version__, "cases": cases}
    json.dump(doc, sys.stdout, indent=1, sort_keys=True, allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
