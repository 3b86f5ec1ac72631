"""Record TensorFlow 1.x's default names for graphgate's name fixture (dev-only).

Run with a TensorFlow install (not a graphgate dependency):
    /work/tfvenv/bin/python tests/reference/tf1_names.py > tests/unit/engine/fixtures/tf1_names.json

Each case is a Python expression evaluated in a fresh graph holding the placeholders below;
the fixture keeps the names of what it returns, and the name a user's `constant` created
right after it gets (which shows whether the call left a hidden top-level `Const`).
"""

from __future__ import annotations

import json
import sys

SETUP = """
x = tf.placeholder(tf.float32, [2, 3], name="x")
y = tf.placeholder(tf.float32, [2, 3], name="y")
m = tf.placeholder(tf.float32, [3, 4], name="m")
i = tf.placeholder(tf.int32, [2], name="i")
b = tf.placeholder(tf.bool, [2, 3], name="b")
v = tf.Variable(tf.ones([2, 3]), name="v")
"""

CASES = [
    # operators
    "x + y",
    "x - y",
    "x * y",
    "x / y",
    "-x",
    "abs(x)",
    "x ** 2.0",
    "x @ m",
    "x + 1.0",
    "1.0 + x",
    "2.0 * x",
    "1.0 - x",
    "1.0 / x",
    "x < y",
    "x <= y",
    "x > y",
    "x >= y",
    "b & b",
    "b | b",
    "~b",
    "x[0]",
    "x[:, 1:]",
    # binary functions
    "tf.add(x, y)",
    "tf.subtract(x, y)",
    "tf.multiply(x, y)",
    "tf.divide(x, y)",
    "tf.truediv(x, y)",
    "tf.maximum(x, y)",
    "tf.minimum(x, y)",
    "tf.pow(x, y)",
    "tf.equal(x, y)",
    "tf.not_equal(x, y)",
    "tf.less(x, y)",
    "tf.less_equal(x, y)",
    "tf.greater(x, y)",
    "tf.greater_equal(x, y)",
    "tf.logical_and(b, b)",
    "tf.logical_or(b, b)",
    "tf.logical_not(b)",
    "tf.divide(i, i)",
    # unary functions
    "tf.negative(x)",
    "tf.square(x)",
    "tf.sqrt(x)",
    "tf.exp(x)",
    "tf.log(x)",
    "tf.log1p(x)",
    "tf.abs(x)",
    "tf.sign(x)",
    "tf.reciprocal(x)",
    "tf.sigmoid(x)",
    "tf.tanh(x)",
    "tf.floor(x)",
    "tf.nn.relu(x)",
    "tf.nn.sigmoid(x)",
    "tf.nn.tanh(x)",
    "tf.nn.leaky_relu(x)",
    "tf.nn.softmax(x)",
    "tf.nn.log_softmax(x)",
    # n-ary, matmul, casts
    "tf.add_n([x, y])",
    "tf.clip_by_value(x, 0.0, 1.0)",
    "tf.matmul(x, m)",
    "tf.cast(x, tf.int32)",
    "tf.to_float(i)",
    "tf.to_int32(x)",
    "tf.to_int64(x)",
    "tf.to_double(x)",
    # reductions
    "tf.reduce_sum(x)",
    "tf.reduce_sum(x, 1)",
    "tf.reduce_sum(x, axis=[0, 1])",
    "tf.reduce_mean(x)",
    "tf.reduce_mean(x, 0)",
    "tf.reduce_max(x, 1)",
    "tf.reduce_min(x)",
    "tf.reduce_prod(x, 1)",
    "tf.reduce_logsumexp(x, 1)",
    "tf.argmax(x, 1)",
    "tf.argmin(x, 0)",
    # sources and shapes
    "tf.constant(1.0)",
    "tf.placeholder(tf.float32)",
    "tf.zeros([2, 3])",
    "tf.ones([2, 3])",
    "tf.zeros_like(x)",
    "tf.ones_like(x)",
    "tf.fill([2, 3], 1.0)",
    "tf.identity(x)",
    "tf.stop_gradient(x)",
    "tf.shape(x)",
    "tf.size(x)",
    "tf.reshape(x, [3, 2])",
    "tf.transpose(x)",
    "tf.expand_dims(x, 0)",
    "tf.squeeze(tf.expand_dims(x, 0))",
    "tf.concat([x, y], 0)",
    "tf.stack([x, y])",
    "tf.split(x, 3, 1)",
    "tf.tile(x, [1, 2])",
    "tf.pad(x, [[1, 1], [0, 0]])",
    "tf.slice(x, [0, 0], [1, 2])",
    "tf.gather(x, [0])",
    "tf.where(b, x, y)",
    "tf.one_hot(i, 3)",
    "tf.random_normal([2])",
    "tf.random_uniform([2])",
    "tf.placeholder_with_default(x, [2, 3])",
    # nn losses
    "tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=x)",
    "tf.nn.sparse_softmax_cross_entropy_with_logits(labels=i, logits=x)",
    "tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=x)",
    "tf.nn.dropout(x, keep_prob=0.5)",
    # variables and state
    "tf.Variable(1.0)",
    "tf.Variable(1.0).initializer",
    "tf.Variable(1.0, name='w').initializer",
    "v.assign(x)",
    "tf.assign(v, x)",
    "tf.assign_add(v, x)",
    "tf.assign_sub(v, x)",
    "v.assign_add(x)",
    "v.read_value()",
    "v.initialized_value()",
    "tf.global_variables_initializer()",
    "tf.variables_initializer([v])",
    "tf.initialize_all_variables()",
    "tf.group(v.initializer)",
    "tf.no_op()",
    "tf.get_variable('w', [2])",
    "tf.get_variable('w', [2]).initializer",
    "tf.is_variable_initialized(v)",
    "tf.report_uninitialized_variables()",
    # gradients
    "tf.gradients(tf.reduce_sum(x * y), [x, y])",
    "tf.gradients(tf.reduce_sum(tf.matmul(x, m)), [x, m])",
    "tf.gradients(tf.reduce_mean(tf.square(v)), v)",
    # training
    "tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(v))",
    "tf.train.get_or_create_global_step()",
    "tf.train.exponential_decay(0.1, tf.train.get_or_create_global_step(), 10, 0.9)",
    "tf.summary.scalar('loss', tf.reduce_sum(x))",
    "tf.summary.histogram('h', x)",
]


def _names(value):
    if isinstance(value, list | tuple):
        return [_names(v) for v in value]
    return getattr(value, "name", repr(value))


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    out = []
    for case in CASES:
        graph = tf.Graph()
        with graph.as_default():
            env = {"tf": tf}
            exec(SETUP, env)
            before = {op.name for op in graph.get_operations()}
            result = eval(case, env)
            created = [op.name for op in graph.get_operations() if op.name not in before]
            after = tf.constant(0.0).op.name
        out.append({"case": case, "result": _names(result), "then": after, "ops": created})
    json.dump({"tensorflow": tf.__version__, "setup": SETUP, "cases": out}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
