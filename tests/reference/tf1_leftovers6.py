"""TF1 behaviours earlier rounds left (dev-only): what a gradient of a value made under an
update's `control_dependencies` runs and reads when fetched alone (each fetched three times
in one session, the variable read after each), and what converting an unknown Dimension
raises. Run unchanged with `tf` = graphgate by
tests/unit/engine/test_tf1_leftovers6.py; what graphgate answers otherwise is a strict
xfail there, its reason in docs/decision_log.md.

    /work/tfvenv/bin/python tests/reference/tf1_leftovers6.py \
        > tests/unit/engine/fixtures/tf1_leftovers6.json
"""

from __future__ import annotations

import numpy as np  # noqa: F401 - the programs' `np`, which the engine test binds from here

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

# v and w are TF1 ref variables; each fetch runs three times, and v is read after each run,
# so `[gradient, v]` three times says whether the assign ran and what the gradient read.
RUNS = """
v = tf.Variable(2.0, name="v")
w = tf.Variable(3.0, name="w")
def runs(fetch, feed=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return [[float(sess.run(fetch, feed)), float(sess.run(v))] for _ in range(3)]
"""

GRADIENTS = {
    # TF's seed of a static shape is a constant and Mul's gradient reads `v/read`, which
    # nothing orders after the assign: the assign does not run, the gradient is 2.
    "static_shape": """
with tf.control_dependencies([tf.assign_add(v, 1.0)]):
    y = v * w
out["dw"] = runs(tf.gradients(y, w)[0])
out["dv"] = runs(tf.gradients(y, v)[0])
""",
    # A seed of unknown shape is ones(shape(y)): it follows y, so the assign runs first.
    "unknown_shape": """
x = tf.placeholder(tf.float32)
with tf.control_dependencies([tf.assign_add(v, 1.0)]):
    y = v * w * x
out["dw"] = runs(tf.gradients(y, w)[0], {x: 1.0})
""",
    "unknown_shape_given_seed": """
x = tf.placeholder(tf.float32)
with tf.control_dependencies([tf.assign_add(v, 1.0)]):
    y = v * w * x
out["dw"] = runs(tf.gradients(y, w, grad_ys=tf.constant(1.0))[0], {x: 1.0})
""",
    "static_shape_given_seed": """
with tf.control_dependencies([tf.assign_add(v, 1.0)]):
    y = v * w
out["dw"] = runs(tf.gradients(y, w, grad_ys=tf.constant(2.0))[0])
out["dw_fed_seed"] = runs(tf.gradients(y, w, grad_ys=tf.placeholder_with_default(2.0, []))[0])
""",
    "stop_gradient_made_under_the_update": """
with tf.control_dependencies([tf.assign_add(v, 1.0)]):
    y = tf.stop_gradient(v) * w
out["dw"] = runs(tf.gradients(y, w)[0])
""",
    "stop_gradient_made_before_the_update": """
s = tf.stop_gradient(v)
with tf.control_dependencies([tf.assign_add(v, 1.0)]):
    y = s * w
out["dw"] = runs(tf.gradients(y, w)[0])
""",
    "identity_under_the_update": """
with tf.control_dependencies([tf.assign_add(v, 1.0)]):
    i = tf.identity(v)
out["dw_outside"] = runs(tf.gradients(i * w, w)[0])
with tf.control_dependencies([tf.assign_add(v, 1.0)]):
    y = tf.identity(v) * w
out["dw_inside"] = runs(tf.gradients(y, w)[0])
""",
    # Gradients that follow the update by data: they run it and read v after it.
    "gradient_reading_the_forward_output": """
with tf.control_dependencies([tf.assign_add(v, 1.0)]):
    y = tf.square(v * w)
out["dw"] = runs(tf.gradients(y, w)[0])
""",
    "constant_made_under_the_update": """
with tf.control_dependencies([tf.assign_add(v, 1.0)]):
    y = tf.reduce_sum(v * w * tf.ones([3]))
out["dw"] = runs(tf.gradients(y, w)[0])
""",
    # The update read by data rather than by control: `a * v` reads v after `a`.
    "update_read_by_data": """
a = tf.assign_add(v, 1.0)
y = a * w * v
out["dw"] = runs(tf.gradients(y, w)[0])
""",
    "placed_read_reshaped": """
with tf.control_dependencies([tf.assign_add(v, 1.0)]):
    y = tf.reshape(v, [1]) * w
out["dw"] = runs(tf.reduce_sum(tf.gradients(y, w)[0]))
""",
}

PROGRAMS = {f"gradient_under_an_update_{name}": RUNS + text for name, text in GRADIENTS.items()}
# An unknown Dimension converted to a tensor is TF's ValueError (tf.constant's TypeError).
# TF's Graph.as_graph_element: "a" is the operation, "a:0" the tensor; what it raises for
# a name or an object of the kind it was told not to allow, and for names it cannot read.
PROGRAMS["as_graph_element"] = """
a = tf.constant(3.0, name="a")
g = tf.get_default_graph()
def kind(*args):
    got = raises(lambda: g.as_graph_element(*args))
    return got or type(g.as_graph_element(*args)).__name__.replace("Symbolic", "")
for key, args in {
    "op_name": ("a",), "tensor_name": ("a:0",), "op_name_tensors_only": ("a", True, False),
    "op_name_ops_only": ("a", False, True), "tensor_name_tensors_only": ("a:0", True, False),
    "tensor_name_ops_only": ("a:0", False, True), "missing_output": ("a:1",),
    "missing_op": ("b",), "missing_op_tensors_only": ("b", True, False),
    "bad_index": ("a:x",), "two_colons": ("a:0:1",), "tensor": (a,), "operation": (a.op,),
    "tensor_ops_only": (a, False, True), "operation_tensors_only": (a.op, True, False),
    "int": (3,), "empty": ("",),
}.items():
    out[key] = kind(*args)
out["names"] = [g.as_graph_element("a").name, g.as_graph_element("a:0").name]
v = tf.Variable(1.0, name="v")
out["variable"] = g.as_graph_element(v).name
"""
PROGRAMS["unknown_dimension_conversions"] = """
x = tf.placeholder(tf.float32, [None, 3])
d = x.shape[0]
out["range"] = raises(lambda: tf.range(d))
out["range_limit"] = raises(lambda: tf.range(0, d))
out["range_delta"] = raises(lambda: tf.range(1, 5, d))
out["convert"] = raises(lambda: tf.convert_to_tensor(d))
out["constant"] = raises(lambda: tf.constant(d))
out["known"] = x.shape[1].value
with tf.Session() as sess:
    out["range_known"] = sess.run(tf.range(x.shape[1])).tolist()
"""


if __name__ == "__main__":
    harness.main(PROGRAMS)
