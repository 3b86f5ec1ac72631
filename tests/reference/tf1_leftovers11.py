"""TF1 behaviours earlier rounds left (dev-only), recorded from TF 2.21: what a cond's
gradient runs when it reads values of a branch that no update's `control_dependencies`
orders (each fetch run three times in one session, v read after each), and what a
cell's `build` computes inside `dynamic_rnn`'s loop (not fetchable), and TF GraphDefs of
GatherV2 with `batch_dims` along a constant axis and of the count ops
(`RaggedCountSparseOutput`; `maxlength` 0 and negative values of the other two). Run
unchanged with `tf` = graphgate by tests/unit/engine/test_tf1_leftovers11.py.

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf1_leftovers11.py \
        > tests/unit/engine/fixtures/tf1_leftovers11.json
"""

from __future__ import annotations

import base64

import numpy as np

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

# v and w are TF1 ref variables, `a` an update of v made outside the cond and named by
# the true branch's `control_dependencies`; each fetch runs three times, v read after each.
COND_RUNS = """
v = tf.Variable(2.0, name="v")
w = tf.Variable(3.0, name="w")
def runs(fetch, feed=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return [[np.asarray(sess.run(fetch, feed)).tolist(), float(sess.run(v))] for _ in range(3)]
p = tf.placeholder(tf.bool, [])
a = tf.assign_add(v, 1.0)
"""

COND = {
    # The false branch's tanh output, which its gradient reads, waits for no update.
    "other_branch_tanh": """
def t():
    with tf.control_dependencies([a]):
        return v * w
y = tf.cond(p, t, lambda: tf.tanh(v * w * 0.1))
out["true"] = runs(tf.gradients(y, [v, w]), {p: True})
out["false"] = runs(tf.gradients(y, [v, w]), {p: False})
out["forward_true"] = runs(y, {p: True})
""",
    "other_branch_exp": """
def t():
    with tf.control_dependencies([a]):
        return v * w
y = tf.cond(p, t, lambda: tf.exp(w * 0.5) * v)
out["true"] = runs(tf.gradients(y, [v, w]), {p: True})
out["false"] = runs(tf.gradients(y, [v, w]), {p: False})
""",
    # The same branch's tanh, made before its dependency block.
    "same_branch_before_the_dependency": """
def t():
    h = tf.tanh(w * 0.1)
    with tf.control_dependencies([a]):
        return h * v
y = tf.cond(p, t, lambda: v * w)
out["true"] = runs(tf.gradients(y, [v, w]), {p: True})
out["false"] = runs(tf.gradients(y, [v, w]), {p: False})
""",
    # A value made under the dependency (the tanh) is read: TF runs the update. (With p
    # false the other branch's read of v races it: no program.)
    "own_value_under_the_dependency": """
def t():
    with tf.control_dependencies([a]):
        return tf.tanh(v * w * 0.05)
y = tf.cond(p, t, lambda: v * w)
out["true"] = runs(tf.gradients(y, [v, w]), {p: True})
""",
    # A cond in the false branch, whose tanh the gradient reads.
    "nested_cond_in_the_other_branch": """
q = tf.placeholder(tf.bool, [])
def t():
    with tf.control_dependencies([a]):
        return v * w
def f():
    return tf.cond(q, lambda: tf.tanh(v * w * 0.1), lambda: w * 2.0)
y = tf.cond(p, t, f)
out["false"] = runs(tf.gradients(y, [v, w]), {p: False, q: True})
out["true"] = runs(tf.gradients(y, [v, w]), {p: True, q: True})
""",
}

PROGRAMS = {f"cond_update_{name}": COND_RUNS + text for name, text in COND.items()}

# An IndRNN-like cell (batzner/indrnn) whose `build` clips its recurrent weights: TF
# builds it inside dynamic_rnn's loop, so the clipped kernel is a tensor of the loop body
# that no run may fetch (InaccessibleTensorError, a ValueError); the variables, the
# outputs and the gradients are fetched as usual.
PROGRAMS["dynamic_rnn_cell_built_in_the_loop"] = """
def value_error(fn):
    try:
        fn()
    except ValueError:
        return "ValueError"
    return None
class Cell(tf.nn.rnn_cell.RNNCell):
    def __init__(self, n):
        super().__init__()
        self._n = n
    @property
    def state_size(self):
        return self._n
    @property
    def output_size(self):
        return self._n
    def build(self, shape):
        depth = tf.compat.dimension_value(shape[1])
        self.k = self.add_variable("k", [depth, self._n], initializer=tf.constant_initializer(0.25))
        self.u = self.add_variable("u", [self._n], initializer=tf.constant_initializer(0.3))
        self.clipped = tf.clip_by_value(tf.abs(self.u) * 3.0, -1.0, 1.2)
        self.built = True
    def call(self, x, h):
        y = tf.nn.relu(tf.matmul(x, self.k) + h * self.clipped)
        return y, y
x = tf.placeholder(tf.float32, [2, 3, 4])
cell = Cell(5)
y, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
g = tf.gradients(tf.reduce_sum(y * y), [cell.k, cell.u])
feed = {x: np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 10.0}
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["y"] = sess.run(y, feed).tolist()
    out["g"] = [a.tolist() for a in sess.run(g, feed)]
    out["u"] = sess.run(cell.u).tolist()
    out["fetch"] = value_error(lambda: sess.run(cell.clipped, feed))
    out["fetch_op"] = value_error(lambda: sess.run(cell.clipped.op, feed))
    out["fetch_name"] = value_error(lambda: sess.run(cell.clipped.name, feed))
"""

# Arguments of the wrong kind: where (building or running) TF fails and the class it
# raises, or the value where it runs. Each case built in a graph of its own.
ERRORS = """
def stage(build):
    with tf.Graph().as_default():
        failed = raises(build)
    if failed:
        return ["build", failed]
    with tf.Graph().as_default():
        t = build()
        with tf.Session() as sess:
            failed = raises(lambda: sess.run(t))
            return ["run", failed] if failed else ["ran", np.asarray(sess.run(t)).tolist()]
x = np.arange(6, dtype=np.float32).reshape(2, 3)
def ctc(seq):
    labels = tf.SparseTensor([[0, 0], [0, 1]], tf.constant([1, 2], tf.int32), [1, 2])
    logits = tf.constant(np.zeros((4, 1, 4), np.float32))
    return tf.nn.ctc_loss(labels, logits, seq)
def i64(v):
    return tf.constant(v, tf.int64)
cases = {
    "tensordot_axis_out_of_range": lambda: tf.tensordot(x, x.T, axes=[[5], [0]]),
    "tensordot_b_axis_out_of_range": lambda: tf.tensordot(x, x.T, axes=[[1], [4]]),
    "tensordot_axes_of_two_lengths": lambda: tf.tensordot(x, x.T, axes=[[1, 0], [0]]),
    "tensordot_axes_past_the_rank": lambda: tf.tensordot(x, x.T, axes=3),
    "tensordot_negative_axes": lambda: tf.tensordot(x, x.T, axes=-1),
    "tensordot_dims_differ": lambda: tf.tensordot(x, x, axes=[[1], [0]]),
    "random_normal_float_shape": lambda: tf.random_normal([2.0, 3.0]),
    "random_uniform_float_shape": lambda: tf.random_uniform([2.5]),
    "random_uniform_float_tensor_shape": lambda: tf.random_uniform(tf.constant([2.0, 3.0])),
    "truncated_normal_float_shape": lambda: tf.truncated_normal([2.0]),
    "random_gamma_float_shape": lambda: tf.random_gamma([2.0], 1.0),
    "stateless_normal_float_seed": lambda: tf.random.stateless_normal([2], seed=[1.0, 2.0]),
    "stateless_normal_float64_seed": lambda: tf.random.stateless_normal([2], np.array([1.0, 2.0])),
    "stateless_uniform_float_seed": lambda: tf.random.stateless_uniform(
        [2], seed=tf.constant([1.0, 2.0])
    ),
    "stateless_categorical_float_seed": lambda: tf.random.stateless_categorical(
        [[0.0, 1.0]], 3, seed=[1.5, 2.0]
    ),
    "stateless_truncated_float_seed": lambda: tf.random.stateless_truncated_normal(
        [2], seed=[1.0, 2.0]
    ),
    "stateless_normal_int_seed": lambda: tf.random.stateless_normal([2], seed=[1, 2]),
    "strided_slice_int32_begin_int64_end": lambda: tf.strided_slice(
        x, tf.constant([0, 0]), i64([2, 2]), tf.constant([1, 1])
    ),
    "strided_slice_list_begin_int64_end": lambda: tf.strided_slice(x, [0, 0], i64([2, 2]), [1, 1]),
    "strided_slice_int64_then_lists": lambda: tf.strided_slice(x, i64([0, 0]), [2, 2], [1, 1]),
    "strided_slice_int64_strides_after_int32": lambda: tf.strided_slice(
        x, [0, 1], [2, 3], i64([1, 1])
    ),
    "strided_slice_all_int64": lambda: tf.strided_slice(x, i64([0, 0]), i64([2, 2]), i64([1, 1])),
    "ctc_loss_length_past_the_steps": lambda: ctc([5]),
    "ctc_loss_fed_length_past_the_steps": lambda: ctc(
        tf.placeholder_with_default(tf.constant([5]), [1])
    ),
    "ctc_loss_length_of_the_steps": lambda: ctc([4]),
}
for key, build in cases.items():
    out[key] = stage(build)
"""
PROGRAMS["argument_kinds"] = ERRORS


def _graph(g) -> str:
    return base64.b64encode(g.as_graph_def().SerializeToString()).decode()


def run_all(tf, g, names, feeds) -> dict:
    """Each name's value as [dtype, list], or the class of the OpError its run raised."""
    out = {}
    with tf.Session(graph=g) as sess:
        for name in names:
            try:
                v = sess.run(f"{name}:0", feeds)
                out[name] = [str(v.dtype), v.tolist()]
            except tf.errors.OpError as exc:
                out[name] = type(exc).__name__
    return out


def gather_batch_dims(tf) -> dict:
    """GatherV2 with batch_dims along a constant axis (TF's GraphDef of `tf.gather`), the
    values, a negative batch_dims, and TF's gradient."""
    with tf.Graph().as_default() as g:
        p = tf.placeholder(tf.float32, [2, 3, 4], name="p")
        y = tf.gather(p, [[0, 2, 2], [1, 0, 1]], axis=1, batch_dims=1, name="y")
        tf.gather(p, [[[0, 1], [2, 2]], [[1, 1], [0, 2]]], axis=2, batch_dims=1, name="y2")
        tf.gather(
            p, [[[0, 1], [3, 2], [1, 1]], [[2, 2], [0, 0], [3, 1]]], axis=2, batch_dims=2, name="y3"
        )
        tf.gather(p, [[0, 2, 2], [1, 0, 1]], axis=-2, batch_dims=-1, name="y4")
        tf.identity(tf.gradients(tf.reduce_sum(y * y), p)[0], name="g")
        feeds = {p: np.arange(24, dtype=np.float32).reshape(2, 3, 4)}
        names = ["y", "y2", "y3", "y4", "g"]
        shapes = {n: g.get_tensor_by_name(f"{n}:0").shape.as_list() for n in names}
        return {
            "graph": _graph(g),
            "feeds": {t.op.name: v.tolist() for t, v in feeds.items()},
            "names": names,
            "shapes": shapes,
            "out": run_all(tf, g, names, feeds),
        }


# (splits, values, weights, attributes) of RaggedCountSparseOutput, values int32.
RAGGED_COUNTS = [
    ([0, 3, 3, 7], [1, 3, 3, 0, 7, 1, 1], [], {}),
    ([0, 3, 3, 7], [1, 3, 3, 0, 7, 1, 1], [1.0, 2, 3, 4, 5, 6, 7], {"minlength": 10}),
    ([0, 3, 3, 7], [1, 3, 3, 0, 7, 1, 1], [], {"maxlength": 3, "binary_output": True}),
    ([0, 1, 1], [5], [], {"minlength": 2}),
    ([0, 2], [1, 2], [], {"maxlength": 0}),
    ([0, 2], [1, 2], [], {"minlength": 5, "maxlength": 2}),
    ([0, 0, 0], [], [], {}),
    ([0, 3, 2], [1, 2], [], {}),
    ([0, 5, 1, 7], [4, 4, 1, 1, 0, 2, 2], [], {}),
    ([0, 2, 4], [1, 2, 3], [], {}),
    ([1, 2], [1, 2], [], {}),
    ([0], [], [], {}),
    ([0, 2], [1, -2], [], {}),
    ([0, 3, 3, 7], [1, 3, 3, 0, 7, 1, 1], [1.0, 2], {}),
]


def ragged_counts(tf) -> dict:
    """RaggedCountSparseOutput (a ragged `tf.sparse.bincount` in TF 2) and the other two
    count ops' maxlength 0 and negative values, as raw ops in one graph."""
    with tf.Graph().as_default() as g:
        names = []
        for i, (splits, values, weights, attrs) in enumerate(RAGGED_COUNTS):
            made = tf.raw_ops.RaggedCountSparseOutput(
                splits=tf.constant(splits, tf.int64),
                values=tf.constant(values, tf.int32),
                weights=tf.constant(weights, tf.float32),
                binary_output=attrs.get("binary_output", False),
                minlength=attrs.get("minlength", -1),
                maxlength=attrs.get("maxlength", -1),
            )
            for part, t in zip(("indices", "values", "dense_shape"), made, strict=True):
                names.append(f"ragged{i}_{part}")
                tf.identity(t, name=names[-1])
        empty = tf.constant([], tf.float32)
        for key, values, maxlength in (("zero", [[1, 2]], 0), ("negative", [[1, -2]], -1)):
            dense = tf.raw_ops.DenseCountSparseOutput(
                values=tf.constant(values, tf.int64),
                weights=empty,
                binary_output=False,
                maxlength=maxlength,
            )
            sparse = tf.raw_ops.SparseCountSparseOutput(
                indices=tf.constant([[0, 0], [0, 1]], tf.int64),
                values=tf.constant(values[0], tf.int64),
                dense_shape=tf.constant([1, 2], tf.int64),
                weights=empty,
                binary_output=False,
                maxlength=maxlength,
            )
            for kind, made in (("dense", dense), ("sparse", sparse)):
                for part, t in zip(("indices", "values", "dense_shape"), made, strict=True):
                    names.append(f"{kind}_{key}_{part}")
                    tf.identity(t, name=names[-1])
        return {"graph": _graph(g), "feeds": {}, "names": names, "out": run_all(tf, g, names, {})}


def bare_vocabulary(tf) -> dict:
    """A GraphDef whose table reads a vocabulary file (no SavedModel around it, so no
    asset): the class of TF's run of its initializer where the file is not."""
    from tensorflow.python.ops import lookup_ops

    with tf.Graph().as_default() as g:
        words = tf.placeholder(tf.string, [None], name="words")
        table = lookup_ops.index_table_from_file("/no/such/dir/vocab.txt")
        tf.identity(table.lookup(words), name="ids")
        init = tf.tables_initializer(name="init")
        with tf.Session() as sess:
            raised = harness.raises(lambda: sess.run(init))
        return {"graph": _graph(g), "init": raised}


# A model of two vocabulary-file feature columns (strings with OOV buckets, integers with
# a default), saved by `simple_save`; the files are removed after the export, so a loaded
# model reads its assets. `legacy_init_op` given for TF's own export (TF writes no main
# op), none for graphgate's (whose export writes one).
COLUMNS = """
def columns_model(tf, directory, export_dir, legacy_init_op):
    words_file = os.path.join(directory, "words.txt")
    ids_file = os.path.join(directory, "ids.txt")
    with open(words_file, "w") as f:
        f.write("cat\\ndog\\nmat\\n")
    with open(ids_file, "w") as f:
        f.write("3\\n7\\n")
    fc = tf.feature_column
    with tf.Graph().as_default():
        words = tf.placeholder(tf.string, [None, 1], name="words")
        nums = tf.placeholder(tf.int64, [None, 1], name="nums")
        w = fc.categorical_column_with_vocabulary_file("w", words_file, num_oov_buckets=2)
        n = fc.categorical_column_with_vocabulary_file("n", ids_file, dtype=tf.int64)
        columns = [fc.indicator_column(w), fc.indicator_column(n)]
        net = fc.input_layer({"w": words, "n": nums}, columns)
        y = tf.identity(tf.reduce_sum(net * [[1.0, 2, 3, 4, 5, 10, 20]], 1), name="y")
        init = tf.tables_initializer() if legacy_init_op else None
        with tf.Session() as sess:
            sess.run(tf.tables_initializer())
            local = sess.run(y, {words: COLUMN_WORDS, nums: COLUMN_IDS}).tolist()
            tf.saved_model.simple_save(
                sess, export_dir, {"words": words, "nums": nums}, {"y": y}, legacy_init_op=init
            )
    os.remove(words_file)
    os.remove(ids_file)
    return local
"""
COLUMN_WORDS = [["cat"], ["zebra"], ["mat"], [""], ["dog"], ["sat"]]
COLUMN_IDS = [[7], [3], [5], [-1], [3], [7]]


def column_answers(tf, export_dir: str) -> dict:
    """What TF's loader answers for a saved columns model, and the assets it names."""
    with tf.Graph().as_default(), tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], export_dir)
        sig = meta.signature_def["serving_default"]
        feed = {sig.inputs["words"].name: COLUMN_WORDS, sig.inputs["nums"].name: COLUMN_IDS}
        y = sess.run(sig.outputs["y"].name, feed).tolist()
        assets = sorted(a.filename for a in meta.asset_file_def)
    return {"y": y, "assets": assets}


def feature_column_exports(tf) -> dict:
    """TF's answers loading graphgate's export of the columns model and its own."""
    import os
    import sys
    import tempfile
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "layers" / "engine"))
    import graphgate.compat.v1 as gg

    names = {"os": os, "COLUMN_WORDS": COLUMN_WORDS, "COLUMN_IDS": COLUMN_IDS}
    exec(COLUMNS, names)
    out = {}
    with tempfile.TemporaryDirectory() as scratch:
        for key, module, given in (("graphgate", gg, False), ("tf", tf, True)):
            files = os.path.join(scratch, f"{key}_files")
            os.mkdir(files)
            export_dir = os.path.join(scratch, key)
            local = names["columns_model"](module, files, export_dir, given)
            out[key] = {"local": local, **column_answers(tf, export_dir)}
    return out


if __name__ == "__main__":
    tf = harness.import_tf1(legacy_keras=True)
    doc = {"tensorflow": tf.__version__, "programs": harness.run_programs(tf, PROGRAMS, "")}
    doc["imports"] = {
        "gather_batch_dims": gather_batch_dims(tf),
        "ragged_counts": ragged_counts(tf),
        "bare_vocabulary": bare_vocabulary(tf),
    }
    doc["feature_column_exports"] = feature_column_exports(tf)
    harness.dump(doc)
