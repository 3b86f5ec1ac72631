"""Record what TensorFlow 1.x computes for the graph-mode examples of TensorFlow's TF1
ragged-tensor guide (tensorflow/docs, site/en/r1/guide/ragged_tensors.ipynb), each cell
made a self-contained graph-mode program that fetches with `Session.run` (dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_ragged.py \
        > tests/unit/engine/fixtures/tf1_ragged.json

`rows(v)` (the shared prefix) turns a fetched RaggedTensorValue or array into lists, bytes
decoded; programs store the class of what the guide says raises.
`tests/unit/engine/test_tf1_ragged.py` runs the same text against graphgate and compares.
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

PREFIX = """
def rows(v):
    v = v.to_list() if hasattr(v, "to_list") else v.tolist() if hasattr(v, "tolist") else v
    if isinstance(v, list):
        return [rows(x) for x in v]
    return v.decode("utf-8") if isinstance(v, bytes) else v
"""

CONSTRUCTING = {
    "constant_and_factories": """
values = [3, 1, 4, 1, 5, 9, 2, 6]
made = {
    "splits": tf.RaggedTensor.from_row_splits(values, row_splits=[0, 4, 4, 7, 8, 8]),
    "lengths": tf.RaggedTensor.from_row_lengths(values, row_lengths=[4, 0, 3, 1, 0]),
    "starts": tf.RaggedTensor.from_row_starts(values, row_starts=[0, 4, 4, 7, 8]),
    "limits": tf.RaggedTensor.from_row_limits(values, row_limits=[4, 4, 7, 8, 8]),
    "rowids": tf.RaggedTensor.from_value_rowids(
        values, value_rowids=[0, 0, 0, 0, 2, 2, 2, 3], nrows=5),
    "rowids_no_nrows": tf.RaggedTensor.from_value_rowids(
        values=[3, 1, 4, 1, 5, 9, 2, 6], value_rowids=[0, 0, 0, 0, 2, 2, 2, 3]),
    "sentences": tf.ragged.constant([["Let's", "build", "some", "ragged", "tensors", "!"],
                                     ["We", "can", "use", "tf.ragged.constant", "."]]),
    "paragraphs": tf.ragged.constant([
        [['I', 'have', 'a', 'cat'], ['His', 'name', 'is', 'Mat']],
        [['Do', 'you', 'want', 'to', 'come', 'visit'], ["I'm", 'free', 'tomorrow']]]),
    "rank3": tf.ragged.constant([[[1, 2], [3]], [[4, 5]]]),
}
with tf.Session() as sess:
    r = sess.run(made)
out["rows"] = {k: rows(v) for k, v in r.items()}
out["types"] = sorted({type(v).__name__ for v in r.values()})
out["static"] = {k: [str(v.shape), v.dtype.name, v.ragged_rank] for k, v in made.items()}
out["splits_dtype"] = made["lengths"].row_splits.dtype.name
""",
    "constant_errors": """
out["types"] = raises(lambda: tf.ragged.constant([["one", "two"], [3, 4]]))
out["depths"] = raises(lambda: tf.ragged.constant(["A", ["B", "C"]]))
""",
    "nested_and_uniform_inner": """
rt = tf.RaggedTensor.from_row_splits(
    values=tf.RaggedTensor.from_row_splits(
        values=[10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
        row_splits=[0, 3, 3, 5, 9, 10]),
    row_splits=[0, 1, 1, 5])
rt2 = tf.RaggedTensor.from_nested_row_splits(
    flat_values=[10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
    nested_row_splits=([0, 1, 1, 5], [0, 3, 3, 5, 9, 10]))
inner = tf.RaggedTensor.from_row_splits(
    values=[[1, 3], [0, 0], [1, 3], [5, 3], [3, 3], [1, 2]],
    row_splits=[0, 3, 4, 6])
with tf.Session() as sess:
    a, b, c = sess.run([rt, rt2, inner])
    parts = sess.run([rt.flat_values, rt.nested_row_splits, inner.values])
out["rows"] = [rows(a), rows(b), rows(c)]
out["parts"] = rows(list(parts[:1]) + [list(parts[1]), parts[2]])
out["static"] = [[str(t.shape), t.ragged_rank] for t in (rt, rt2, inner)]
out["value"] = [rows(a.flat_values), [rows(s) for s in a.nested_row_splits], a.ragged_rank,
                rows(a.values.row_splits)]
""",
    "row_partitions": """
rt = tf.ragged.constant([[3, 1, 4, 1], [], [5, 9, 2], [6], []])
with tf.Session() as sess:
    r = sess.run({"values": rt.values, "row_splits": rt.row_splits,
                  "row_lengths": rt.row_lengths(), "row_starts": rt.row_starts(),
                  "row_limits": rt.row_limits(), "value_rowids": rt.value_rowids(),
                  "nrows": rt.nrows(), "bounding": rt.bounding_shape(),
                  "to_ids": tf.ragged.row_splits_to_segment_ids([0, 4, 4, 7, 8, 8]),
                  "to_splits": tf.ragged.segment_ids_to_row_splits([0, 0, 0, 0, 2, 2, 2, 3]),
                  "to_splits_n": tf.ragged.segment_ids_to_row_splits([0, 0, 2], num_segments=5)})
out["parts"] = {k: rows(v) for k, v in r.items()}
out["dtypes"] = {k: v.dtype.name for k, v in r.items()}
""",
    "to_list_in_graph_mode": """
rt = tf.ragged.constant([[1, 2], [3, 4, 5], [6], [], [7]])
out["raised"] = raises(lambda: rt.to_list())
""",
}

OPERATIONS = {
    "overview_ops": """
digits = tf.ragged.constant([[3, 1, 4, 1], [], [5, 9, 2], [6], []])
words = tf.ragged.constant([["So", "long"], ["thanks", "for", "all", "the", "fish"]])
fetches = {"add": tf.add(digits, 3), "mean": tf.reduce_mean(digits, axis=1),
           "concat": tf.concat([digits, [[5, 3]]], axis=0),
           "substr": tf.strings.substr(words, 0, 2),
           "first": digits[0], "first_two": digits[:, :2], "last_two": digits[:, -2:],
           "plus": digits + 3,
           "plus_ragged": digits + tf.ragged.constant([[1, 2, 3, 4], [], [5, 6, 7], [8], []]),
           "mapped": tf.ragged.map_flat_values(lambda x: x * 2 + 1, digits),
           "tile": tf.tile(digits, [1, 2]), "tile_rows": tf.tile(digits, [2, 3]),
           "tile_inner": tf.tile(tf.ragged.constant([[[1, 2]], [], [[3, 4], [5, 6]]],
                                                    ragged_rank=1), [2, 1, 2])}
with tf.Session() as sess:
    r = sess.run(fetches)
out["rows"] = {k: rows(v) for k, v in r.items()}
out["mean_dtype"] = r["mean"].dtype.name
""",
    "operators": """
x = tf.ragged.constant([[1, 2], [3], [4, 5, 6]])
y = tf.ragged.constant([[1, 1], [2], [3, 3, 3]])
f = tf.ragged.constant([[1.5, -2.0], [3.25]])
b = tf.ragged.constant([[True, False], [True]])
fetches = {"sum": x + y, "diff": x - y, "prod": x * y, "div": x / y, "floordiv": x // 2,
           "mod": x % 3, "pow": x ** 2, "neg": -x, "abs": abs(f), "lt": x < y, "ge": x >= 3,
           "and": b & tf.ragged.constant([[True, True], [False]]), "invert": ~b,
           "rsub": 10 - x, "rmul": 2 * x, "maximum": tf.maximum(x, y),
           "exp": tf.math.exp(f), "sqrt": tf.sqrt(tf.abs(f)), "equal": tf.equal(x, y)}
with tf.Session() as sess:
    r = sess.run(fetches)
out["rows"] = {k: rows(v) for k, v in r.items()}
""",
    "broadcasting": """
x1 = tf.ragged.constant([[1, 2], [3]])
x2 = tf.ragged.constant([[10, 87, 12], [19, 53], [12, 32]])
x3 = tf.ragged.constant([[[1, 2], [3, 4], [5, 6]], [[7, 8]]], ragged_rank=1)
x4 = tf.ragged.constant([[[[1], [2]], [], [[3]], [[4]]], [[[5], [6]], [[7]]]], ragged_rank=2)
fetches = {"scalar": x1 + 3, "column": x2 + [[1000], [2000], [3000]],
           "inner": x3 + tf.constant([[10]]), "inner_vector": x4 + tf.constant([10, 20, 30])}
with tf.Session() as sess:
    r = sess.run(fetches)
out["rows"] = {k: rows(v) for k, v in r.items()}
out["static"] = {k: str(v.shape) for k, v in fetches.items()}
""",
    "broadcasting_errors": """
def run(a, b):
    with tf.Session() as sess:
        return sess.run(a + b)
x = tf.ragged.constant([[1, 2], [3, 4, 5, 6], [7]])
y = tf.constant([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]])
out["dense"] = raises(lambda: run(x, y))
x = tf.ragged.constant([[1, 2, 3], [4], [5, 6]])
y = tf.ragged.constant([[10, 20], [30, 40], [50]])
out["ragged"] = raises(lambda: run(x, y))
x = tf.ragged.constant([[[1, 2], [3, 4], [5, 6]], [[7, 8], [9, 10]]])
y = tf.ragged.constant([[[1, 2, 0], [3, 4, 0], [5, 6, 0]], [[7, 8, 0], [9, 10, 0]]])
out["inner"] = raises(lambda: run(x, y))
""",
    "reductions": """
rt = tf.ragged.constant([[3, 1, 4, 1], [], [5, 9, 2], [6], []])
f = tf.ragged.constant([[1.0, 2.0], [], [4.0, -3.0, 0.5]])
b = tf.ragged.constant([[True, False], [], [True, True]])
fetches = {"sum": tf.reduce_sum(rt, axis=1), "mean": tf.reduce_mean(f, axis=1),
           "max": tf.reduce_max(rt, axis=1), "min": tf.reduce_min(f, axis=1),
           "prod": tf.reduce_prod(rt, axis=1), "any": tf.reduce_any(b, axis=1),
           "all": tf.reduce_all(b, axis=1), "sum0": tf.reduce_sum(rt, axis=0),
           "max0": tf.reduce_max(f, axis=0), "mean0": tf.reduce_mean(rt, axis=0),
           "sum_all": tf.reduce_sum(rt), "mean_all": tf.reduce_mean(f),
           "neg_axis": tf.reduce_sum(rt, axis=-1),
           "tensor_axis": tf.reduce_max(rt, axis=tf.constant(1))}
with tf.Session() as sess:
    r = sess.run(fetches)
out["rows"] = {k: rows(v) for k, v in r.items()}
out["dtypes"] = {k: v.dtype.name for k, v in r.items()}
""",
    "concat_and_stack": """
ragged_x = tf.ragged.constant([["John"], ["a", "big", "dog"], ["my", "cat"]])
ragged_y = tf.ragged.constant([["fell", "asleep"], ["barked"], ["is", "fuzzy"]])
a = tf.ragged.constant([[1, 2], [3]])
c = tf.ragged.constant([[4], [5, 6, 7]])
fetches = {"axis1": tf.concat([ragged_x, ragged_y], axis=1),
           "axis0": tf.concat([ragged_x, ragged_y], axis=0),
           "dense1": tf.concat([tf.fill([ragged_x.nrows(), 1], '#'), ragged_x], axis=1),
           "stack0": tf.stack([a, c], axis=0),
           "sparse": tf.sparse.to_dense(tf.sparse.concat(
               sp_inputs=[ragged_x.to_sparse(), ragged_y.to_sparse()], axis=1), '')}
with tf.Session() as sess:
    r = sess.run(fetches)
out["rows"] = {k: rows(v) for k, v in r.items()}
out["static"] = {k: str(v.shape) for k, v in fetches.items() if k != "sparse"}
""",
    "gather_rows": """
rt = tf.ragged.constant([[1, 2], [3, 4, 5], [6], [], [7]])
nested = tf.ragged.constant([[[1, 2, 3], [4]], [[5], [], [6]], [[7]], [[8, 9], [10]]])
with tf.Session() as sess:
    r = sess.run({"rows": tf.gather(rt, [4, 0, 1, 0]), "nested": tf.gather(nested, [3, 1])})
out["rows"] = {k: rows(v) for k, v in r.items()}
""",
}

INDEXING = {
    "indexing_2d": """
queries = tf.ragged.constant(
    [['Who', 'is', 'George', 'Washington'],
     ['What', 'is', 'the', 'weather', 'tomorrow'],
     ['Goodnight']])
fetches = {"row": queries[1], "word": queries[1, 2], "rest": queries[1:],
           "first3": queries[:, :3], "last2": queries[:, -2:], "neg_row": queries[-1],
           "step": queries[::2]}
with tf.Session() as sess:
    r = sess.run(fetches)
out["rows"] = {k: rows(v) for k, v in r.items()}
out["static"] = {k: str(v.shape) for k, v in fetches.items()}
out["ragged_index"] = raises(lambda: queries[:, 1])
""",
    "indexing_3d": """
rt = tf.ragged.constant([[[1, 2, 3], [4]],
                         [[5], [], [6]],
                         [[7]],
                         [[8, 9], [10]]])
fetches = {"row": rt[1], "item": rt[3, 0], "middle": rt[:, 1:3], "last": rt[:, -1:]}
with tf.Session() as sess:
    r = sess.run(fetches)
out["rows"] = {k: rows(v) for k, v in r.items()}
out["static"] = {k: str(v.shape) for k, v in fetches.items() if k != "item"}
""",
}

CONVERSION = {
    "conversions": """
ragged_sentences = tf.ragged.constant([
    ['Hi'], ['Welcome', 'to', 'the', 'fair'], ['Have', 'fun']])
x = [[1, 3, -1, -1], [2, -1, -1, -1], [4, 5, 8, 9]]
st = tf.SparseTensor(indices=[[0, 0], [2, 0], [2, 1]], values=['a', 'b', 'c'],
                     dense_shape=[3, 3])
nested = tf.ragged.constant([[[1, 2, 3], [4]], [[5], [], [6]]])
inner = tf.ragged.constant([[[1, 2], [3, 4]], [[5, 6]]], ragged_rank=1)
sparse = ragged_sentences.to_sparse()
fetches = {"dense": ragged_sentences.to_tensor(default_value=''),
           "dense_zero": tf.ragged.constant([[1, 2], [], [3]]).to_tensor(),
           "dense_nested": nested.to_tensor(default_value=-1),
           "dense_inner": inner.to_tensor(),
           "from_tensor": tf.RaggedTensor.from_tensor(x, padding=-1),
           "from_tensor_all": tf.RaggedTensor.from_tensor(x),
           "from_tensor_lengths": tf.RaggedTensor.from_tensor(x, lengths=[2, 0, 3]),
           "from_sparse": tf.RaggedTensor.from_sparse(st)}
with tf.Session() as sess:
    r = sess.run(fetches)
    s = sess.run(sparse)
out["rows"] = {k: rows(v) for k, v in r.items()}
out["sparse"] = [type(s).__name__, rows(s.indices), rows(s.values), rows(s.dense_shape)]
out["static"] = {k: str(v.shape) for k, v in fetches.items() if k != "from_tensor_all"}
""",
    "session_values": """
with tf.Session() as session:
    rt = tf.ragged.constant([[1, 2], [3, 4, 5], [6], [], [7]])
    rt_value = session.run(rt)
out["value"] = [type(rt_value).__name__, rt_value.to_list(), rows(rt_value.values),
                rows(rt_value.row_splits), rt_value.ragged_rank, list(rt_value.shape),
                rt_value.dtype.name if hasattr(rt_value.dtype, "name") else str(rt_value.dtype)]
""",
    "placeholder_feed": """
rt = tf.ragged.placeholder(tf.int32, ragged_rank=1, value_shape=[])
doubled = rt * 2
total = tf.reduce_sum(rt, axis=1)
fed = tf.ragged.RaggedTensorValue(np.array([1, 2, 3, 4], np.int32),
                                  np.array([0, 3, 3, 4], np.int64))
with tf.Session() as sess:
    d, t = sess.run([doubled, total], feed_dict={rt: fed})
out["rows"] = [d.to_list(), t.tolist()]
out["static"] = [str(rt.shape), rt.ragged_rank]
""",
    "map_flat_values_and_range": """
queries = tf.ragged.constant([['Who', 'is', 'Dan', 'Smith'], ['Pause'],
                              ['Will', 'it', 'rain', 'later', 'today']])
buckets = tf.strings.to_hash_bucket_fast(queries, 1024)
table = tf.reshape(tf.range(4096, dtype=tf.float32), [1024, 4])
embedded = tf.ragged.map_flat_values(tf.nn.embedding_lookup, table, buckets)
marker = tf.fill([queries.nrows(), 1], '#')
padded = tf.concat([marker, queries, marker], axis=1)
bigrams = tf.string_join([padded[:, :-1], padded[:, 1:]], separator='+')
with tf.Session() as sess:
    r = sess.run({"buckets": buckets, "embedded": embedded, "padded": padded,
                  "bigrams": bigrams, "avg": tf.reduce_mean(embedded, axis=1),
                  "range": tf.ragged.range([3, 5, 2]),
                  "range2": tf.ragged.range([0, 5, 8], [3, 3, 12]),
                  "range_delta": tf.ragged.range(0, [5, 7], 2)})
out["rows"] = {k: rows(v) for k, v in r.items()}
out["static"] = str(embedded.shape)
""",
}

NAMESPACE = {
    "namespace_extras": """
rt = tf.ragged.constant([[3, 1, 4, 1], [], [5, 9, 2], [6]])
keep = tf.ragged.constant([[True, False, True, True], [], [False, False, True], [True]])
fetches = {"mask_values": tf.ragged.boolean_mask(rt, keep),
           "mask_rows": tf.ragged.boolean_mask(rt, [True, False, True, False]),
           "mask_dense": tf.ragged.boolean_mask([[1, 2, 3], [4, 5, 6]],
                                                [[True, False, True], [False, False, False]]),
           "stack": tf.ragged.stack([rt, tf.ragged.constant([[7]])])}
with tf.Session() as sess:
    r = sess.run(fetches)
out["rows"] = {k: rows(v) for k, v in r.items()}
v = tf.ragged.constant_value([[1, 2], [], [3]])
w = tf.ragged.constant_value([[[1.5]], [[2.0, 3.0], []]], dtype=tf.float64)
out["constant_value"] = [type(v).__name__, v.to_list(), v.row_splits.dtype.name,
                         v.flat_values.dtype.name, w.to_list(), w.ragged_rank,
                         w.flat_values.dtype.name]
out["constant_value_depths"] = raises(lambda: tf.ragged.constant_value([1, [2]]))
""",
}

ERRORS = {
    "errors_when_run": """
values = tf.placeholder(tf.int32, [None])
splits = tf.placeholder(tf.int64, [None])
rt = tf.RaggedTensor.from_row_splits(values, splits)
other = tf.RaggedTensor.from_row_splits(values, tf.placeholder_with_default(
    tf.constant([0, 1, 3], tf.int64), [None]))
def run(t, v, s):
    with tf.Session() as sess:
        return rows(sess.run(t, {values: v, splits: s}))
out["good"] = run(rt, [1, 2, 3], [0, 2, 3])
out["not_zero"] = raises(lambda: run(rt, [1, 2, 3], [1, 2, 3]))
out["decreasing"] = raises(lambda: run(rt, [1, 2, 3], [0, 3, 2, 3]))
out["not_nvals"] = raises(lambda: run(rt, [1, 2, 3], [0, 2]))
out["same_splits"] = run(rt + other, [1, 2, 3], [0, 1, 3])
out["other_splits"] = raises(lambda: run(rt + other, [1, 2, 3], [0, 2, 3]))
out["other_nrows"] = raises(lambda: run(rt + other, [1, 2, 3], [0, 3]))
""",
    "errors_when_built": """
def run(make):
    with tf.Session() as sess:
        return sess.run(make())
out["constant_splits"] = raises(
    lambda: run(lambda: tf.RaggedTensor.from_row_splits([1, 2, 3], row_splits=[0, 5, 3])))
out["lengths_sum"] = raises(
    lambda: run(lambda: tf.RaggedTensor.from_row_lengths([1, 2, 3], row_lengths=[1, 1])))
out["unsorted_rowids"] = raises(
    lambda: run(lambda: tf.RaggedTensor.from_value_rowids([1, 2, 3], [1, 0, 1])))
out["float_splits"] = raises(lambda: tf.RaggedTensor.from_row_splits([1, 2], [0.0, 2.0]))
rt = tf.ragged.constant([[1, 2], [3]])
out["bool"] = raises(lambda: bool(rt))
out["private"] = raises(lambda: tf.RaggedTensor(rt.values, rt.row_splits))
""",
}

EMPTY = {
    "empty_rows_and_tensors": """
no_rows = tf.RaggedTensor.from_row_splits(tf.zeros([0], tf.int32), [0])
empty_rows = tf.ragged.constant([[], []])
fetches = {"empty_rows": empty_rows, "no_rows": no_rows, "dense": empty_rows.to_tensor(),
           "no_rows_sum": tf.reduce_sum(no_rows, axis=1),
           "empty_sum": tf.reduce_sum(empty_rows, axis=1),
           "ids": tf.ragged.row_splits_to_segment_ids([0]),
           "ids2": tf.ragged.row_splits_to_segment_ids([0, 0, 0]),
           "slice": tf.ragged.constant([[], [1]])[:, 1:],
           "search": tf.searchsorted(tf.zeros([2, 0]), tf.ones([2, 3]), side="right")}
with tf.Session() as sess:
    r = sess.run(fetches)
out["rows"] = {k: rows(v) for k, v in r.items()}
out["shapes"] = [list(r["dense"].shape), list(r["search"].shape), str(empty_rows.shape),
                 empty_rows.dtype.name]
""",
}

# Static shapes TF knows by folding constants or from TF2's uniform_row_length.
STATIC = {
    "static_shapes_tf_folds": """
rt = tf.ragged.constant([[[1, 2, 3], [4]], [[5], [], [6]], [[7]], [[8, 9], [10]]])
x = [[1, 3, -1, -1], [2, -1, -1, -1], [4, 5, 8, 9]]
out["static"] = [str(rt[3, 0].shape), str(tf.RaggedTensor.from_tensor(x).shape),
                 str(tf.strings.bytes_split([["ab", "c"], ["", "def"]]).shape)]
""",
}

# The string splits' RaggedTensor results and one_hot's ragged dispatch (TF's docstrings).
STRINGS = {
    "string_splits_to_ragged": """
made = {
    "split": tf.strings.split(["hello world", "a b c", ""], result_type="RaggedTensor"),
    "split_sep": tf.strings.split(["a,b,,c", "d"], sep=",", maxsplit=2,
                                  result_type="RaggedTensor"),
    "string_split": tf.string_split(["hello world", "a  b c"], result_type="RaggedTensor"),
    "string_split_chars": tf.string_split(["abc", "de"], delimiter="",
                                          result_type="RaggedTensor"),
    "bytes_vector": tf.strings.bytes_split(["hello", "", "123"]),
    "bytes_matrix": tf.strings.bytes_split([["ab", "c"], ["", "def"]]),
    "bytes_ragged": tf.strings.bytes_split(tf.ragged.constant([["ab"], [], ["c", "de"]])),
}
with tf.Session() as sess:
    r = sess.run(made)
    scalar = sess.run(tf.strings.bytes_split("hey"))
out["rows"] = {k: rows(v) for k, v in r.items()}
out["scalar"] = rows(scalar)
# bytes_matrix's static shape is from_tensor's uniform row length: static_shapes_tf_folds
out["static"] = {k: [str(v.shape), v.dtype.name, v.ragged_rank] for k, v in made.items()
                 if k != "bytes_matrix"}
out["bad_type"] = raises(lambda: tf.strings.split(["a b"], result_type="Ragged"))
""",
    "one_hot_of_ragged": """
rt = tf.ragged.constant([[0, 1], [2], []])
made = {
    "default": tf.one_hot(rt, 3),
    "on_off": tf.one_hot(rt, 3, on_value=5.0, off_value=-1.0, axis=-1),
    "axis2": tf.one_hot(rt, 3, axis=2, dtype=tf.int32),
    "nested": tf.one_hot(tf.ragged.constant([[[0], [1, 2]], [[2]]]), 3),
    "inner": tf.one_hot(tf.ragged.constant([[[0, 1], [2, 0]], []], ragged_rank=1), 3, axis=2),
}
with tf.Session() as sess:
    r = sess.run(made)
out["rows"] = {k: rows(v) for k, v in r.items()}
out["static"] = {k: [str(v.shape), v.dtype.name, v.ragged_rank] for k, v in made.items()}
out["axis0"] = raises(lambda: tf.one_hot(rt, 3, axis=0))
out["axis1"] = raises(lambda: tf.one_hot(rt, 3, axis=1))
""",
}

PROGRAMS = {
    **CONSTRUCTING,
    **OPERATIONS,
    **INDEXING,
    **CONVERSION,
    **NAMESPACE,
    **ERRORS,
    **EMPTY,
    **STATIC,
    **STRINGS,
}


if __name__ == "__main__":
    harness.main(PROGRAMS, prefix=PREFIX)
