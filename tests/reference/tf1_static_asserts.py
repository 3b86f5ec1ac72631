"""Record which `tf.assert_*` checks TF1 fails while building (dev-only): those whose
operands `tensor_util.constant_value` folds (constants, the shape, size and rank of static
shapes, Fill, Pack and Unpack along axis 0, Split but not SplitV ...); the rest wait for
the run. An assert op no run reaches never fails, so raising early is a difference.

    /work/tfvenv/bin/python tests/reference/tf1_static_asserts.py \
        > tests/unit/engine/fixtures/tf1_static_asserts.json
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

# Each check fails once run: `built` is what building it raised (None: it waits for the run).
CHECKS = {
    "pack_axis0": "tf.assert_equal(tf.stack([[1, 2], [3, 4]]), [[1, 2], [3, 5]])",
    "pack_axis1": "tf.assert_equal(tf.stack([[1, 2], [3, 4]], axis=1), [[1, 2], [3, 4]])",
    "unpack_axis0": "tf.assert_equal(tf.unstack(tf.constant([[1, 2], [3, 4]]))[0], [1, 3])",
    "unpack_axis1": "tf.assert_equal(tf.unstack(tf.constant([[1, 2], [3, 4]]), axis=1)[0], [1, 2])",
    "shape_slice": "tf.assert_equal(tf.shape(tf.zeros([2, 3]))[0], 3)",
    "shape_full": "tf.assert_equal(tf.shape(tf.zeros([2, 3])), [2, 4])",
    "size_partial": "tf.assert_equal(tf.size(tf.placeholder(tf.float32, [None, 3])), 4)",
    "rank_partial": "tf.assert_equal(tf.rank(tf.placeholder(tf.float32, [None, 3])), 4)",
    "arithmetic": "tf.assert_positive(tf.constant(1) - 2)",
    "cast": "tf.assert_positive(tf.cast(tf.constant(-1.5), tf.int32))",
    "fill": "tf.assert_less(tf.fill([2], 3), 2)",
    "fill_of_shape": "tf.assert_less(tf.fill(tf.shape(tf.zeros([2])), 3), 2)",
    "range": "tf.assert_less(tf.range(5), 4)",
    "concat": "tf.assert_less(tf.concat([[1], [7]], 0), 4)",
    "equal": "tf.assert_equal(tf.equal(1, 2), True)",
    "identity": "tf.debugging.assert_non_negative(tf.identity(tf.constant(-1)))",
    "stop_gradient": "tf.debugging.assert_greater(tf.stop_gradient(tf.constant(1.0)), 2.0)",
    "split": "tf.assert_equal(tf.split(tf.constant([1, 2, 3, 4]), 2)[1], [3, 5])",
    "split_sizes": "tf.assert_equal(tf.split(tf.constant([1, 2, 3, 4]), [1, 3])[0], [2])",
    "zeros": "tf.assert_equal(tf.zeros([2]), 1.0)",
    "ones_like": "tf.assert_equal(tf.ones_like(tf.zeros([2])), 2.0)",
    "zeros_like_partial": "tf.assert_equal(tf.zeros_like(tf.placeholder(tf.float32, [None])), 1.0)",
    "reshape": "tf.assert_equal(tf.reshape(tf.constant([1, 2]), [2, 1]), 3)",
    "expand_dims": "tf.assert_equal(tf.expand_dims(tf.constant(1), 0), 3)",
}
PROGRAMS = {name: f'out["built"] = raises(lambda: {check})\n' for name, check in CHECKS.items()}


if __name__ == "__main__":
    harness.main(PROGRAMS)
