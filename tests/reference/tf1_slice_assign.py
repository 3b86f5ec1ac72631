"""Sliced assignment of TF1 variables (`v[...].assign(x)`, `tf.assign(v[...], x)`) under
`tf.compat.v1` in graph mode (dev-only):

    /work/tfvenv/bin/python tests/reference/tf1_slice_assign.py \
        > tests/unit/engine/fixtures/tf1_slice_assign.json

Each program builds on a float32 variable `v` = arange(12).reshape(3, 4) (a ref variable,
TF1's default), runs its fetch after the initializer with its feed, and records the
fetched value, the variable afterwards and the assignment's op name, or the stage
("build" or "run") and class of what TF raised. Every strided-slice mask, broadcasts of
the value, run-time bounds, dtypes, shape mismatches, gradients, control dependencies.
tests/unit/engine/test_tf1_slice_assign.py replays them.
"""

from __future__ import annotations

import json
import sys

import numpy as np

PROGRAMS = {}


def program(fn):
    PROGRAMS[fn.__name__] = fn
    return fn


@program
def method_row(tf, v):
    return v[0].assign([1.0, 2.0, 3.0, 4.0]), None


@program
def function_form(tf, v):  # the review's refusal
    return tf.assign(v[0, 1:], [7.0, 8.0, 9.0]), None


@program
def function_form_named(tf, v):
    return tf.assign(v[0, 1:], [7.0, 8.0, 9.0], name="foo", validate_shape=False), None


@program
def method_named(tf, v):
    return v[1, :2].assign([1.0, 2.0], name="bar"), None


@program
def scalar_broadcast(tf, v):
    return v[0, 1:].assign(5.0), None


@program
def row_broadcast_strided(tf, v):
    return v[::2].assign([[1.0, 2.0, 3.0, 4.0]]), None


@program
def column_broadcast(tf, v):
    return v[:, 1:3].assign(np.full((3, 1), 7.0, np.float32)), None


@program
def leading_ones_dropped(tf, v):
    return v[0].assign(np.ones((1, 1, 4), np.float32)), None


@program
def into_scalar_from_one(tf, v):
    return v[0, 0].assign(np.ones((1, 1), np.float32)), None


@program
def bad_broadcast(tf, v):
    return v[::2].assign([[1.0, 2.0, 3.0]]), None


@program
def bad_length(tf, v):
    return v[0].assign([1.0, 2.0]), None


@program
def bad_run_time_shape(tf, v):
    return v[:, 1:3].assign(tf.placeholder_with_default(np.ones((3, 5), np.float32), None)), None


@program
def int_array_to_float(tf, v):
    return v[0].assign(np.array([1, 2, 3, 4], np.int32)), None


@program
def float64_tensor_refused(tf, v):
    return v[0].assign(tf.constant([1.0, 2, 3, 4], tf.float64)), None


@program
def ellipsis_newaxis(tf, v):
    return v[..., tf.newaxis, 1].assign([[1.0], [2.0], [3.0]]), None


@program
def newaxis_first(tf, v):
    return v[tf.newaxis, 1].assign([1.0, 2.0, 3.0, 4.0]), None


@program
def negative_strides(tf, v):
    return v[1::-1, ::-2].assign([[1.0, 2.0], [3.0, 4.0]]), None


@program
def reversed_shrink(tf, v):
    return v[-1:0:-1, 2].assign([1.0, 2.0]), None


@program
def empty_slice(tf, v):
    return v[1:1].assign(tf.zeros([0, 4])), None


@program
def whole_ellipsis(tf, v):
    return v[...].assign(np.ones((1, 4), np.float32)), None


@program
def constant_bound(tf, v):
    return v[tf.constant(1) :].assign(tf.zeros([2, 4])), None


@program
def run_time_bounds(tf, v):
    p = tf.placeholder(tf.int32, [], name="p")
    return v[p : p + 2, p].assign([5.0, 6.0]), {p: 1}


@program
def run_time_step(tf, v):
    p = tf.placeholder(tf.int32, [], name="p")
    return tf.assign(v[p, ::p], 9.0), {p: 2}


@program
def run_time_zero_step(tf, v):
    p = tf.placeholder(tf.int32, [], name="p")
    return tf.assign(v[p, ::p], 9.0), {p: 0}


@program
def run_time_index_out_of_range(tf, v):
    p = tf.placeholder(tf.int32, [], name="p")
    return v[p].assign(1.0), {p: 5}


@program
def static_index_out_of_range(tf, v):
    return v[5].assign(1.0), None


@program
def control_dependency_read(tf, v):
    a = v[1, :2].assign([10.0, 20.0])
    with tf.control_dependencies([a]):
        return tf.reduce_sum(v.read_value()), None


@program
def chained_assignments(tf, v):
    a = v[1].assign(tf.ones([4]))
    with tf.control_dependencies([a]):
        b = v[:, 1:3].assign([[1.0, 2.0]] * 3, name="cols")
    with tf.control_dependencies([b]):
        c = v[0, 0].assign(5.0)
    return c, None


@program
def gradient_refused(tf, v):
    return tf.gradients(tf.reduce_sum(v[0].assign(v[1] * 2)), v)[0], None


@program
def stop_gradient_of_assign(tf, v):
    return tf.stop_gradient(v[2].assign([1.0, 2.0, 3.0, 4.0])), None


@program
def assign_add_refused(tf, v):
    return tf.assign_add(v[0], [1.0, 2.0, 3.0, 4.0]), None


@program
def slice_of_assign_result_refused(tf, v):
    return v[0].assign([1.0, 2.0, 3.0, 4.0])[1:].assign(0.0), None


@program
def slice_of_expression_refused(tf, v):
    return (v[0] * 2).assign(1.0), None


def observe(tf, name: str, classes=lambda exc: type(exc).__name__) -> dict:
    """What running PROGRAMS[name] gives under `tf` (TensorFlow or graphgate); `classes`
    names what an error answers to."""
    graph = tf.Graph()
    with graph.as_default():
        v = tf.Variable(np.arange(12, dtype=np.float32).reshape(3, 4), name="v")
        try:
            out, feed = PROGRAMS[name](tf, v)
        except Exception as exc:
            return {"stage": "build", "raised": classes(exc)}
        with tf.Session() as sess:
            sess.run(v.initializer)
            try:
                value = sess.run(out, feed)
            except Exception as exc:
                return {"stage": "run", "raised": classes(exc)}
            return {
                "name": out.op.name,
                "value": np.asarray(value).tolist(),
                "variable": sess.run(v).tolist(),
            }


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    tf.disable_resource_variables()
    programs = {name: observe(tf, name) for name in PROGRAMS}
    json.dump({"tf": tf.__version__, "programs": programs}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
