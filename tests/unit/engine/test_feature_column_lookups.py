"""How a linear model reads its categorical weights: by id, as TF's
`safe_embedding_lookup_sparse`, so the gradient is IndexedSlices in TF's form (the
numbers pinned to TF 2.21 here come from tests/reference/tf1_feature_column_grads.py)."""

from __future__ import annotations

import pytest

import graphgate as gg
from graphgate import tf_export, tf_graph

fc = gg.feature_column


def _bucketized(shape=(1,)):
    return fc.bucketized_column(fc.numeric_column("x", shape=shape), [0.0, 1.0, 2.0])


def _weights_gradient(column, x):
    cols_to_vars: dict = {}
    logits = fc.linear_model({"x": gg.constant(x)}, [column], cols_to_vars=cols_to_vars)
    return gg.gradients(gg.reduce_sum(logits), cols_to_vars[column][0])[0]


def test_a_bucketized_columns_weights_get_the_buckets_present_as_int32_slices():
    with gg.Graph().as_default():
        grad = _weights_gradient(_bucketized(), [[2.5], [0.5], [2.7], [-1.0]])
        assert isinstance(grad, gg.IndexedSlices)
        assert grad.indices.dtype == gg.int32  # TF's Bucketize makes int32 ids
        with gg.Session() as sess:
            sess.run(gg.global_variables_initializer())
            got = sess.run(grad)
        assert got.indices.tolist() == [0, 1, 3]  # in order of bucket, bucket 2 absent
        assert got.values.ravel().tolist() == [1.0, 1.0, 2.0]
        assert got.dense_shape.tolist() == [4, 1]


def test_momentum_leaves_a_bucket_the_batch_lacks_alone():
    # Dense, the second step moved bucket 0 by its momentum although no value fell there.
    with gg.Graph().as_default():
        x = gg.placeholder(gg.float32, [None, 1])
        logits = fc.linear_model({"x": x}, [_bucketized()])
        step = gg.train.MomentumOptimizer(0.1, 0.9).minimize(gg.reduce_sum(logits))
        weights = [v for v in gg.global_variables() if v.op.name.endswith("bucketized/weights")]
        with gg.Session() as sess:
            sess.run(gg.global_variables_initializer())
            sess.run(step, {x: [[-1.0], [2.5]]})
            sess.run(step, {x: [[1.5]]})
            assert sess.run(weights[0]).ravel().tolist() == pytest.approx([-0.1, 0, -0.1, -0.1])


@pytest.mark.parametrize(
    ("combiner", "expected"), [("sum", 8.0), ("mean", 4.0), ("sqrtn", 8 / 2**0.5)]
)
def test_a_multi_valued_bucketized_column_combines_its_rows_as_tfs(combiner, expected):
    # x = [0.5, 3.0] falls in buckets 1 and 4 + 3 (weights 1 and 7); TF divides their sum
    # by 2 (mean) or by its root (sqrtn), where a matmul summed them for any combiner.
    with gg.Graph().as_default():
        column = _bucketized((2,))
        cols_to_vars: dict = {}
        logits = fc.linear_model(
            {"x": gg.constant([[0.5, 3.0]])},
            [column],
            sparse_combiner=combiner,
            cols_to_vars=cols_to_vars,
        )
        assign = cols_to_vars[column][0].assign(gg.reshape(gg.range(8.0), [8, 1]))
        with gg.Session() as sess:
            sess.run(gg.global_variables_initializer())
            sess.run(assign)
            assert sess.run(logits).item() == pytest.approx(expected)


def test_rows_come_in_order_of_id_unweighted_and_of_appearance_weighted():
    # TF reads an unweighted column with a sparse segment sum (its gradient sorted by id)
    # and gathers a weighted one's rows (in the order the ids come).
    ids = fc.categorical_column_with_identity("i", 6)
    with gg.Graph().as_default():
        features = {"i": gg.constant([[3], [1], [3], [0]], gg.int64), "w": gg.constant([[1.0]] * 4)}
        cols_to_vars: dict = {}
        weighted = fc.weighted_categorical_column(ids, "w")
        logits = fc.linear_model(features, [ids, weighted], cols_to_vars=cols_to_vars)
        grads = [
            gg.gradients(gg.reduce_sum(logits), cols_to_vars[c][0])[0] for c in (ids, weighted)
        ]
        with gg.Session() as sess:
            sess.run(gg.global_variables_initializer())
            plain, by_weight = sess.run(grads)
        assert plain.indices.tolist() == [0, 1, 3]
        assert plain.values.ravel().tolist() == [1.0, 1.0, 2.0]
        assert by_weight.indices.tolist() == [3, 1, 0]


def test_cols_to_vars_holds_an_embedding_columns_table_after_its_weights():
    with gg.Graph().as_default():
        column = fc.embedding_column(_bucketized(), 2)
        cols_to_vars: dict = {}
        fc.linear_model({"x": gg.constant([[0.5]])}, [column], cols_to_vars=cols_to_vars)
        names = [v.op.name for v in cols_to_vars[column]]
        assert names == [
            "linear_model/x_bucketized_embedding/weights",
            "linear_model/x_bucketized_embedding/embedding_weights",
        ]


def test_a_linear_model_of_looked_up_columns_writes_a_graphdef_tf_imports():
    # The lookup's ScatterNd took an int32 shape with int64 indices and a bucketized
    # column's weights a cast OnesLike: TF's import refused both.
    with gg.Graph().as_default() as graph:
        features = {
            "x": gg.placeholder(gg.float32, [None, 1]),
            "i": gg.placeholder(gg.int64, [None, 1]),
        }
        ids = fc.categorical_column_with_identity("i", 4)
        fc.linear_model(features, [_bucketized(), ids], sparse_combiner="mean")
        document = tf_graph.graph_document(tf_export.graph_def_bytes(graph))
    assert document["nodes"]
