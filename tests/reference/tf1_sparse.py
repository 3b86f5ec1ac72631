"""TF1 SparseTensor cases, run unchanged with `tf` = tensorflow.compat.v1 (this script,
dev-only) and with `tf` = graphgate (tests/unit/engine/test_tf1_sparse.py).

    /work/tfvenv/bin/python tests/reference/tf1_sparse.py \
        > tests/unit/engine/fixtures/tf1_sparse.json

A case is `build(tf, **inputs) -> {output name: tensor}` over placeholders of the stored
arrays (the values of SparseTensors and the dense operands, so gradients with respect to
both are recorded); the recording is tf1_math.py's: values, dtypes, static shapes, op
names and the gradients of a weighted sum of the float outputs. A `refused` case stores
the class of the exception TensorFlow raises while building, a `fails` case the class it
raises at run time (invalid indices).
"""

from __future__ import annotations

import json
import pathlib
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import tf1_math
from tf1_math import _json_safe, raised

CASES: dict = {}
ERRORS: dict = {}
FAILS: dict = {}

_rng = np.random.default_rng(2718)


def case(**arrays):
    def register(build):
        CASES[build.__name__] = (arrays, build)
        return build

    return register


def refused(build):
    ERRORS[build.__name__] = build
    return build


def fails(build):
    FAILS[build.__name__] = build
    return build


def _n(*shape):
    return _rng.normal(size=shape)


# Entries of a 3x4 matrix in row-major order, and the same entries shuffled.
IDX = [[0, 1], [0, 3], [1, 0], [2, 2], [2, 3]]
SHUFFLED = [[2, 2], [0, 3], [1, 0], [2, 3], [0, 1]]
IDX3 = [[0, 0, 1], [0, 1, 0], [0, 1, 2], [1, 0, 0], [1, 1, 1], [1, 1, 2]]


def _sp(tf, values, indices=None, shape=(3, 4)):
    return tf.SparseTensor(IDX if indices is None else indices, values, list(shape))


@case(v=_n(5))
def to_dense(tf, v):
    sp = _sp(tf, v)
    return {
        "dense": tf.sparse.to_dense(sp),
        "default": tf.sparse.to_dense(sp, default_value=0.5),
        "tensor_to_dense": tf.sparse_tensor_to_dense(sp, -1.0),
        "indices": sp.indices,
        "dense_shape": sp.dense_shape,
    }


@case(v=_n(5))
def to_dense_unvalidated_unordered(tf, v):
    return {"dense": tf.sparse.to_dense(_sp(tf, v, SHUFFLED), validate_indices=False)}


@case(v=_n(3), d=_n())
def sparse_to_dense_forms(tf, v, d):
    return {
        "vector": tf.sparse_to_dense([[0, 1], [1, 1], [2, 0]], [3, 2], v, d),
        "scalar_value": tf.sparse_to_dense([[0, 1], [2, 0]], [3, 2], 2.0),
        "first_axis": tf.sparse_to_dense([1, 3], [5], [7, 9]),
    }


@case(v=_n(5), b=_n(4, 2))
def matmul(tf, v, b):
    return {"out": tf.sparse_tensor_dense_matmul(_sp(tf, v), b)}


@case(v=_n(5), b=_n(3, 2), bt=_n(2, 4), bt3=_n(2, 3))
def matmul_adjoints(tf, v, b, bt, bt3):
    sp = _sp(tf, v)
    return {
        "adj_a": tf.sparse_tensor_dense_matmul(sp, b, adjoint_a=True),
        "adj_b": tf.sparse_tensor_dense_matmul(sp, bt, adjoint_b=True),
        "both": tf.sparse_tensor_dense_matmul(sp, bt3, adjoint_a=True, adjoint_b=True),
        "sparse_matmul": tf.sparse.sparse_dense_matmul(sp, tf.transpose(bt)),
    }


@case(v=_n(5).astype(np.float32), b=_n(4, 2).astype(np.float32))
def matmul_float32_unordered(tf, v, b):
    sp = _sp(tf, v, SHUFFLED)
    return {"out": tf.sparse.matmul(sp, b)}


@case(v=_n(5))
def reduce_sum(tf, v):
    sp = _sp(tf, v)
    return {
        "all": tf.sparse_reduce_sum(sp),
        "axis0": tf.sparse_reduce_sum(sp, axis=0),
        "axis1_keep": tf.sparse_reduce_sum(sp, axis=1, keepdims=True),
        "last": tf.sparse.reduce_sum(sp, -1),
        "all_keep": tf.sparse.reduce_sum(sp, keepdims=True),
    }


@case(v=_n(6))
def reduce_sum_rank3(tf, v):
    sp = _sp(tf, v, IDX3, (2, 2, 3))
    return {
        "axes02": tf.sparse_reduce_sum(sp, axis=[0, 2]),
        "axis1": tf.sparse_reduce_sum(sp, axis=1),
    }


@case(v=np.array([3, -1, 4, 1, -5], np.int32), f=_n(5))
def reduce_max(tf, v, f):
    # TensorFlow registers no gradient for SparseReduceMax (tf.gradients raises).
    sp = _sp(tf, v)
    fmax = tf.sparse_reduce_max(_sp(tf, tf.stop_gradient(f)), axis=1)
    return {
        "all": tf.sparse_reduce_max(sp),
        "axis1": tf.sparse_reduce_max(sp, axis=1),
        "axis0_keep": tf.sparse.reduce_max(sp, 0, keepdims=True),
        "float_axis1": tf.cast(fmax, tf.int64),
        # A row no entry reaches is 0; a row of negatives keeps its (negative) maximum.
        "empty_rows": tf.sparse_reduce_max(tf.SparseTensor([[0, 1], [2, 0]], -v[:2], [4, 2]), 1),
    }


@case(v=_n(5), d=_n(3, 4))
def add_dense(tf, v, d):
    sp = _sp(tf, v)
    return {"sd": tf.sparse_add(sp, d), "ds": tf.sparse.add(d, sp)}


@case(v=_n(5), w=_n(4))
def add_sparse(tf, v, w):
    a = _sp(tf, v)
    b = _sp(tf, w, [[0, 0], [0, 3], [2, 1], [2, 3]])
    s = tf.sparse.add(a, b)
    return {
        "indices": s.indices,
        "values": s.values,
        "dense_shape": s.dense_shape,
        "dense": tf.sparse.to_dense(s),
    }


@case(v=_n(5))
def reorder(tf, v):
    s = tf.sparse.reorder(_sp(tf, v, SHUFFLED))
    return {"indices": s.indices, "values": s.values, "square": s.values * s.values}


@case(v=_n(5))
def reshape(tf, v):
    sp = _sp(tf, v)
    a = tf.sparse.reshape(sp, [2, -1])
    b = tf.sparse_reshape(sp, [12])
    return {
        "indices": a.indices,
        "dense_shape": a.dense_shape,
        "dense": tf.sparse.to_dense(a),
        "flat": tf.sparse.to_dense(b),
    }


@case(v=_n(5))
def transpose(tf, v):
    t = tf.sparse.transpose(_sp(tf, v))
    return {"indices": t.indices, "values": t.values, "dense": tf.sparse.to_dense(t)}


@case(v=_n(6))
def transpose_perm(tf, v):
    t = tf.sparse.transpose(_sp(tf, v, IDX3, (2, 2, 3)), [2, 0, 1])
    return {"indices": t.indices, "values": t.values}


@case(v=_n(5))
def retain(tf, v):
    r = tf.sparse.retain(_sp(tf, v), [True, False, True, True, False])
    return {"indices": r.indices, "values": r.values, "dense": tf.sparse.to_dense(r)}


@case(v=_n(5), w=_n(4))
def concat(tf, v, w):
    a = _sp(tf, v)
    b = _sp(tf, w, [[0, 0], [1, 1], [2, 0], [2, 1]], (3, 2))
    c = tf.sparse_concat(1, [a, b])
    d = tf.sparse.concat(0, [a, a])
    return {
        "indices": c.indices,
        "values": c.values,
        "dense_shape": c.dense_shape,
        "rows": tf.sparse.to_dense(d),
    }


@case(v=_n(5))
def softmax(tf, v):
    s = tf.sparse.softmax(_sp(tf, v))
    return {"values": s.values, "dense": tf.sparse.to_dense(s)}


@case(v=_n(6))
def softmax_rank3(tf, v):
    return {"values": tf.sparse.softmax(_sp(tf, v, IDX3, (2, 2, 3))).values}


@case(x=_n(5, 3))
def segment_reductions(tf, x):
    idx, seg = [0, 2, 2, 4, 1], [0, 0, 1, 3, 3]
    return {
        "sum": tf.sparse_segment_sum(x, idx, seg),
        "mean": tf.sparse_segment_mean(x, idx, seg),
        "sqrt_n": tf.sparse_segment_sqrt_n(x, idx, seg),
        "ns_sum": tf.sparse.segment_sum(x, [1, 1], [0, 1]),
        "num_sum": tf.sparse_segment_sum(x, idx, seg, num_segments=6),
        "num_mean": tf.sparse.segment_mean(x, idx, seg, num_segments=5),
        "num_sqrt_n": tf.sparse_segment_sqrt_n(x, idx, seg, num_segments=tf.constant(4)),
    }


@case(params=_n(6, 3), w=np.abs(_n(5)) + 0.5)
def embedding_lookup_sparse(tf, params, w):
    ids = tf.SparseTensor(IDX, tf.constant([1, 3, 1, 5, 0], tf.int64), [3, 4])
    weights = tf.SparseTensor(IDX, w, [3, 4])
    out = {}
    for combiner in ("sum", "mean", "sqrtn"):
        out[combiner] = tf.nn.embedding_lookup_sparse(params, ids, None, combiner=combiner)
        out[f"w_{combiner}"] = tf.nn.embedding_lookup_sparse(
            params, ids, weights, combiner=combiner
        )
    out["default"] = tf.nn.embedding_lookup_sparse(params, ids, None)
    return out


@case(x=np.array([[0.0, 1.5, 0.0], [-2.0, 0.0, 3.0]]))
def from_dense(tf, x):
    s = tf.sparse.from_dense(x)
    return {
        "indices": s.indices,
        "values": s.values,
        "dense_shape": s.dense_shape,
        "back": tf.sparse.to_dense(s),
    }


@case(v=_n(5))
def slice(tf, v):
    sl = tf.sparse.slice(_sp(tf, v), [0, 1], [2, 3])
    edge = tf.sparse.slice(_sp(tf, v), [1, 2], [5, 5])
    return {
        "indices": sl.indices,
        "values": sl.values,
        "dense_shape": sl.dense_shape,
        "edge": tf.sparse.to_dense(edge),
    }


@case(v=np.array([3, 1, 4, 1, 5], np.int32))
def split(tf, v):
    # TensorFlow registers no gradient for SparseSplit (tf.gradients raises): int values.
    parts = tf.sparse.split(sp_input=_sp(tf, v), num_split=3, axis=1)
    rows = tf.sparse_split(sp_input=_sp(tf, v), num_split=2, axis=0)
    out = {f"p{i}": tf.sparse.to_dense(p) for i, p in enumerate(parts)}
    out["rows1_indices"] = rows[1].indices
    out["rows1_shape"] = rows[1].dense_shape
    return out


@case(v=_n(2), d=_n())
def fill_empty_rows(tf, v, d):
    sp = tf.SparseTensor([[0, 1], [2, 3]], v, [4, 4])
    filled, empty = tf.sparse.fill_empty_rows(sp, d)
    unordered, _ = tf.sparse_fill_empty_rows(tf.SparseTensor([[2, 3], [0, 1]], v, [3, 4]), 0.0)
    return {
        "indices": filled.indices,
        "values": filled.values,
        "empty": empty,
        "unordered_indices": unordered.indices,
        "unordered_values": unordered.values,
    }


@case(params=_n(6, 3), w=np.array([1.0, -0.5, 2.0, 0.0, 1.5]))
def safe_embedding_lookup_sparse(tf, params, w):
    rows = [[0, 0], [0, 1], [2, 0], [2, 1], [3, 0]]
    ids = tf.SparseTensor(rows, tf.constant([1, 3, -1, 5, 2], tf.int64), [5, 4])
    weights = tf.SparseTensor(rows, w, [5, 4])
    return {
        "mean": tf.nn.safe_embedding_lookup_sparse(params, ids),
        "w_mean": tf.nn.safe_embedding_lookup_sparse(params, ids, weights),
        "w_sum": tf.nn.safe_embedding_lookup_sparse(params, ids, weights, combiner="sum"),
        "default_id": tf.nn.safe_embedding_lookup_sparse(
            [params], ids, None, combiner="sqrtn", default_id=4
        ),
    }


@case(v=_n(5), d=_n(3, 4), r=_n(4), c=_n(3, 1))
def cwise(tf, v, d, r, c):
    sp = _sp(tf, v)
    return {
        "mul": (sp * d).values,
        "div_row": (sp / (r * r + 1.0)).values,
        "mul_col": (sp * c).values,
        # TensorFlow's gradient fails for a scalar operand: a constant SparseTensor here.
        "mul_scalar": tf.sparse.to_dense(_sp(tf, [1.0, 2.0, 3.0, 4.0, 5.0]) * 2.0),
    }


@case(v=_n(5), w=_n(4))
def add_threshold(tf, v, w):
    a = _sp(tf, v)
    b = _sp(tf, -v[:4] + 0.01 * w, IDX[:4])
    s = tf.sparse.add(a, b, threshold=0.05)
    return {"indices": s.indices, "values": s.values}


@case(v=_n(5), b=_n(4, 2))
def in_cond(tf, v, b):
    sp = _sp(tf, v)
    out = tf.cond(
        tf.reduce_sum(b) > -100.0,
        lambda: tf.sparse_tensor_dense_matmul(sp, b),
        lambda: tf.zeros([3, 2], tf.float64),
    )
    # TF2's cond captures the dense shape as a placeholder, losing the static rows that
    # TF1's cond keeps: compare values only.
    return {"out": tf.reshape(out, [3, 2])}


@case(v=_n(5), b=_n(4, 2))
def in_while_loop(tf, v, b):
    sp = _sp(tf, v, shape=(4, 4))

    def body(i, acc):
        return i + 1, tf.sparse_tensor_dense_matmul(sp, acc) * 0.5 + acc

    _, out = tf.while_loop(lambda i, a: i < 3, body, [tf.constant(0), b])
    return {"out": out}


@case(v=_n(5), w=_n(4))
def sparse_through_control_flow(tf, v, w):
    a = _sp(tf, v)
    b = _sp(tf, w, [[0, 0], [0, 3], [2, 1], [2, 3]])
    picked = tf.cond(tf.reduce_sum(w) < 100.0, lambda: b, lambda: a)

    def body(i, sp):
        return i + 1, tf.SparseTensor(sp.indices, sp.values * 1.5, sp.dense_shape)

    _, looped = tf.while_loop(lambda i, sp: i < 2, body, [tf.constant(0), a])
    return {
        "picked": tf.reshape(tf.sparse.to_dense(picked), [3, 4]),
        "looped": tf.reshape(tf.sparse.to_dense(looped), [3, 4]),
    }


@case(v=_n(6))
def expand_dims(tf, v):
    sp = _sp(tf, v, IDX3, (2, 2, 3))
    a = tf.sparse.expand_dims(sp, 1)
    b = tf.sparse.expand_dims(sp)
    return {
        "indices": a.indices,
        "dense_shape": a.dense_shape,
        "last": tf.reshape(tf.sparse.to_dense(b), [2, 2, 3, 1]),
    }


@case(v=np.array([3, -1, 4, 1, 5, -9], np.int32))
def reduce_sparse(tf, v):
    # TensorFlow registers no gradient for these: int values.
    sp = _sp(tf, v, IDX3, (2, 2, 3))
    s = tf.sparse.reduce_sum_sparse(sp, axis=1)
    m = tf.sparse.reduce_max_sparse(sp, axis=[0, 2], keepdims=True)
    # TensorFlow infers no static shapes for these (graphgate's are known): flattened.
    parts = {
        "sum_indices": s.indices,
        "sum_values": s.values,
        "sum_shape": s.dense_shape,
        "max_indices": m.indices,
        "max_values": m.values,
        "max_shape": m.dense_shape,
    }
    return {k: tf.reshape(t, [-1]) for k, t in parts.items()}


@case(x=_n(4, 2))
def sparse_mask(tf, x):
    slices = tf.IndexedSlices(x, tf.constant([5, 7, 9, 11]), tf.constant([12, 2]))
    masked = tf.sparse_mask(slices, [7, 11])
    return {"values": masked.values, "indices": masked.indices}


@case(v=np.array([1, -2, 3], np.int32), w=np.array([1, -1, 4], np.int32))
def maximum_minimum(tf, v, w):
    # TensorFlow's gradients for these raise NotImplementedError: int values.
    a = tf.SparseTensor([[0, 1], [1, 0], [2, 2]], v, [3, 4])
    b = tf.SparseTensor([[0, 1], [1, 1], [2, 2]], w, [3, 4])
    mx, mn = tf.sparse.maximum(a, b), tf.sparse.minimum(a, b)
    return {"indices": mx.indices, "max": mx.values, "min": mn.values}


@case(v=_n(2))
def eye_and_indicator(tf, v):
    e = tf.sparse.eye(3, 4)
    e2 = tf.sparse.eye(2, dtype=tf.float64)
    ids = tf.SparseTensor([[0, 0], [0, 1], [2, 0]], tf.constant([3, 1, 0], tf.int64), [3, 2])
    return {
        "indices": e.indices,
        "values": e.values,
        "dense_shape": e.dense_shape,
        "square": tf.sparse.to_dense(e2) * v,
        "indicator": tf.sparse.to_indicator(ids, 5),
    }


@case(v=_n(1))
def edit_distance(tf, v):
    hyp = tf.SparseTensor(
        [[0, 0, 0], [1, 0, 0], [1, 0, 1], [2, 0, 0]], tf.constant([1, 2, 3, 4], tf.int64), [3, 1, 2]
    )
    truth = tf.SparseTensor(
        [[0, 0, 0], [0, 0, 1], [1, 0, 0], [3, 0, 0]], tf.constant([1, 9, 2, 8], tf.int64), [4, 1, 2]
    )
    h2 = tf.SparseTensor([[0, 0], [0, 1], [1, 0], [1, 2]], [1, 2, 3, 5], [2, 3])
    t2 = tf.SparseTensor([[0, 0], [0, 2], [1, 1], [1, 2]], [1, 3, 3, 4], [2, 3])
    return {
        "normalized": tf.edit_distance(hyp, truth),
        "raw": tf.edit_distance(hyp, truth, normalize=False),
        "positions_ignored": tf.edit_distance(h2, t2),
        "scaled": tf.edit_distance(h2, t2) * tf.cast(v, tf.float32),
    }


@case(v=np.array([3, -1, 4, 1, 5], np.int32))
def cast(tf, v):
    sp = _sp(tf, v)
    as_float = tf.to_float(sp)
    as_double = tf.cast(sp, tf.float64)
    return {
        "abs": tf.abs(sp).values,
        "negative": tf.negative(sp).values,
        "sign": tf.sign(sp).values,
        "square": tf.sparse.to_dense(tf.square(sp)),
        "float": as_float.values,
        "double": tf.sparse.to_dense(as_double),
        "same_indices": as_double.indices,
    }


@case(x=_n(6, 2, 5).astype(np.float32))
def ctc_loss(tf, x):
    labels = tf.SparseTensor([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1]], [1, 1, 3, 2, 0], [2, 3])
    loss = tf.nn.ctc_loss(labels, x, [6, 5])
    major = tf.nn.ctc_loss(labels, tf.transpose(x, [1, 0, 2]), [6, 5], time_major=False)
    return {"loss": loss, "batch_major": major}


@case(x=np.round(_n(6, 3, 4), 1).astype(np.float32))
def ctc_greedy_decoder(tf, x):
    # Steps 0-1 of sequence 0 repeat class 2 (merged) and step 2 of sequence 2 is a blank.
    x = x + tf.constant(np.eye(4, dtype=np.float32)[[2, 2, 3, 1, 1, 0]][:, None] * 5)
    (decoded,), logp = tf.nn.ctc_greedy_decoder(x, [6, 4, 3])
    (unmerged,), _ = tf.nn.ctc_greedy_decoder(x, [6, 4, 3], merge_repeated=False)
    return {
        "indices": decoded.indices,
        "values": decoded.values,
        "dense_shape": decoded.dense_shape,
        "log_probability": tf.stop_gradient(logp),
        "unmerged": unmerged.values,
    }


# -- refused at build time ---------------------------------------------------------------------


@refused
def matmul_dtypes_differ(tf):
    sp = tf.SparseTensor([[0, 0]], [1.0], [2, 2])
    tf.sparse_tensor_dense_matmul(sp, tf.constant([[1.0, 2.0]], tf.float64))


@refused
def matmul_of_a_rank3_sparse(tf):
    sp = tf.SparseTensor([[0, 0, 0]], [1.0], [2, 2, 2])
    tf.sparse_tensor_dense_matmul(sp, tf.ones([2, 2]))


@refused
def add_of_two_dense(tf):
    tf.sparse.add(tf.ones([2]), tf.ones([2]))


@refused
def split_without_keywords(tf):
    tf.sparse.split(tf.SparseTensor([[0, 0]], [1.0], [2, 2]), 2, 1)


@refused
def fill_empty_rows_dtype_mismatch(tf):
    tf.sparse.fill_empty_rows(tf.SparseTensor([[0, 0]], [1.0], [2, 2]), tf.constant(1))


@refused
def segment_mean_of_ints(tf):
    tf.sparse_segment_mean(tf.constant([[1, 2], [3, 4]]), [0, 1], [0, 0])


@refused
def float_indices(tf):
    tf.SparseTensor([[0.5, 1.0]], [1.0], [2, 2])


@refused
def values_not_a_vector(tf):
    tf.SparseTensor([[0, 1]], [[1.0]], [2, 2])


@refused
def indices_not_a_matrix(tf):
    tf.SparseTensor([0, 1], [1.0], [2, 2])


@refused
def softmax_of_ints(tf):
    tf.sparse.softmax(tf.SparseTensor([[0, 0]], [1], [2, 2]))


# -- refused at run time -----------------------------------------------------------------------


@fails
def to_dense_index_out_of_range(tf):
    return tf.sparse.to_dense(tf.SparseTensor([[0, 0], [3, 1]], [1.0, 2.0], [3, 4]))


@fails
def to_dense_unordered(tf):
    return tf.sparse.to_dense(tf.SparseTensor([[1, 0], [0, 1]], [1.0, 2.0], [3, 4]))


@fails
def to_dense_repeated(tf):
    return tf.sparse.to_dense(tf.SparseTensor([[1, 0], [1, 0]], [1.0, 2.0], [3, 4]))


@fails
def matmul_index_out_of_range(tf):
    sp = tf.SparseTensor([[0, 0], [1, 5]], [1.0, 2.0], [2, 4])
    return tf.sparse_tensor_dense_matmul(sp, tf.ones([4, 2]))


@fails
def reduce_sum_index_out_of_range(tf):
    return tf.sparse_reduce_sum(tf.SparseTensor([[0, 9]], [1.0], [2, 3]))


@fails
def sparse_to_dense_out_of_range(tf):
    return tf.sparse_to_dense([[0, 1], [5, 0]], [3, 2], 1.0)


@fails
def segment_index_out_of_range(tf):
    return tf.sparse_segment_sum(tf.ones([3, 2]), [0, 3], [0, 0])


@fails
def sparse_dense_add_index_out_of_range(tf):
    return tf.sparse.add(tf.SparseTensor([[4, 0]], [1.0], [3, 4]), tf.ones([3, 4]))


@fails
def matmul_unordered_is_fine_but_out_of_range_is_not(tf):
    sp = tf.SparseTensor([[1, 0], [0, 9]], [1.0, 2.0], [2, 4])
    return tf.sparse.matmul(sp, tf.ones([4, 1]))


@fails
def slice_index_out_of_range(tf):
    return tf.sparse.slice(tf.SparseTensor([[0, 5]], [1.0], [2, 4]), [0, 0], [2, 2]).values


@fails
def split_more_parts_than_rows(tf):
    sp = tf.SparseTensor([[0, 0]], [1.0], [2, 2])
    return tf.sparse.split(sp_input=sp, num_split=3, axis=0)[0].values


@fails
def segment_ids_unsorted(tf):
    return tf.sparse_segment_sum(tf.ones([3, 2]), [0, 1, 2], [1, 0, 1])


@fails
def segment_ids_past_num_segments(tf):
    return tf.sparse_segment_sum(tf.ones([3, 2]), [0, 1], [0, 3], num_segments=2)


@fails
def ctc_label_longer_than_its_sequence(tf):
    labels = tf.SparseTensor([[0, 0], [0, 1], [0, 2]], [1, 2, 1], [1, 3])
    return tf.nn.ctc_loss(labels, tf.zeros([4, 1, 5]), [2])


# Last of the cases, so the stored arrays of the cases above keep their random draws.
@case(v=_n(2))
def packed_components(tf, v):
    n = tf.shape(v)[0]  # int32: TF casts it to int64 as it packs the list
    sp = tf.SparseTensor([[0], [n]], [v[1], 2.0], [n + 1])
    known = tf.SparseTensor([[1]], [v[0]], [tf.constant(3, tf.int64)])
    return {
        "dense": tf.sparse.to_dense(sp),
        "indices": sp.indices,
        "values": sp.values,
        "dense_shape": sp.dense_shape,
        "known": tf.sparse.to_dense(known),
        "known_shape": known.dense_shape,
    }


def failed(tf, build) -> str:
    g = tf.Graph()
    with g.as_default():
        out = build(tf)
    with tf.Session(graph=g) as sess:
        try:
            sess.run(out)
        except Exception as e:
            return type(e).__name__
    return "nothing"


# -- sparse placeholders -----------------------------------------------------------------------


def placeholders(tf) -> dict:
    """Names and static shapes of sparse_placeholder's parts; a fed run."""
    g = tf.Graph()
    out: dict = {}
    with g.as_default():
        x = tf.sparse_placeholder(tf.float32, name="x")
        y = tf.sparse_placeholder(tf.float32, shape=[3, 4], name="y")
        for key, sp in (("x", x), ("y", y)):
            out[key] = {
                "names": [t.name for t in (sp.indices, sp.values, sp.dense_shape)],
                "statics": [t.shape.as_list() for t in (sp.indices, sp.values, sp.dense_shape)],
                "shape": None if sp.shape.ndims is None else sp.shape.as_list(),
            }
        dense = tf.sparse.to_dense(x)
        total = tf.sparse_reduce_sum(y, axis=1)
    with tf.Session(graph=g) as sess:
        value = tf.SparseTensorValue([[0, 1], [1, 0]], [2.0, 3.0], [2, 3])
        out["fed_value"] = sess.run(dense, {x: value}).tolist()
        out["fed_tuple"] = sess.run(total, {y: ([[0, 1], [2, 3]], [2.0, 3.0], [3, 4])}).tolist()
        back = sess.run(x, {x: value})
        out["fetched"] = {
            "type": type(back).__name__,
            "fields": list(back._fields),
            "dtypes": [np.asarray(a).dtype.name for a in back],
        }
    return out


def run_case(tf, arrays: dict, build) -> dict:
    """tf1_math's recording, with gradients TensorFlow leaves as IndexedSlices (gathers of
    embeddings) made dense, as graphgate's are."""
    gradients = tf.gradients

    def dense_gradients(ys, xs, *args, **kwargs):
        out = gradients(ys, xs, *args, **kwargs)
        return [g if g is None else tf.convert_to_tensor(g) for g in out]

    tf.gradients = dense_gradients
    try:
        return tf1_math.run_case(tf, arrays, build)
    finally:
        tf.gradients = gradients


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    tf.disable_v2_tensorshape()
    doc = {
        "tensorflow": tf.__version__,
        "cases": {n: run_case(tf, a, b) for n, (a, b) in CASES.items()},
        "errors": {n: raised(tf, b) for n, b in ERRORS.items()},
        "fails": {n: failed(tf, b) for n, b in FAILS.items()},
        "placeholders": placeholders(tf),
        "namespace": sorted(n for n in dir(tf.sparse) if not n.startswith("_")),
    }
    json.dump(_json_safe(doc), sys.stdout, indent=None, sort_keys=True, allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
