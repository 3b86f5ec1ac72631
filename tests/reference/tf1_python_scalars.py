"""A tensor meeting a Python number (or list, or numpy scalar) in a binary operator or
math function, as TF 1.x converts it: `convert_to_tensor(value, dtype=the tensor's)`,
which refuses (TypeError, "Expected int32, but got 2.0 of type 'float'") a Python value
of another kind and casts a numpy one (dev-only; the test runs the same table with
`tf` = graphgate, tests/unit/engine/test_python_scalars.py).

    /work/tfvenv/bin/python tests/reference/tf1_python_scalars.py \
        > tests/unit/engine/fixtures/tf1_python_scalars.json

Each case is (operation, tensor dtype, literal, side): the tensor is `[3, 5]` of the
dtype (`[True, False]` for bool, `[b"x", b"y"]` for string) and the literal is on the
`right` (`op(t, v)`) or the `left` (`op(v, t)`). Stored: the class name of what building
raises, or the result's dtype and value (or `run:<class>` when running it fails).
`constants` records `tf.constant(literal, dtype)` the same way, per dtype and literal:
out of a dtype's range, TF wraps a Python int (two's complement) and overflows a Python
float to inf.
"""

from __future__ import annotations

import sys

import numpy as np

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script
    import harness

OPERATORS = {
    "+": lambda x, y: x + y,
    "-": lambda x, y: x - y,
    "*": lambda x, y: x * y,
    "/": lambda x, y: x / y,
    "//": lambda x, y: x // y,
    "%": lambda x, y: x % y,
    "**": lambda x, y: x**y,
    "<": lambda x, y: x < y,
    ">=": lambda x, y: x >= y,
    "&": lambda x, y: x & y,
    "|": lambda x, y: x | y,
    "^": lambda x, y: x ^ y,
}
FUNCTIONS = [
    "add",
    "subtract",
    "multiply",
    "divide",
    "truediv",
    "div",
    "floordiv",
    "floormod",
    "mod",
    "pow",
    "maximum",
    "minimum",
    "squared_difference",
    "equal",
    "not_equal",
    "less",
    "less_equal",
    "greater",
    "greater_equal",
    "atan2",
    "realdiv",
    "truncatediv",
    "truncatemod",
    "logical_and",
    "logical_or",
    "logical_xor",
    "math.xdivy",
    "math.xlogy",
    "math.divide_no_nan",
    "math.multiply_no_nan",
    "math.add_n",
]
DTYPES = ["int32", "int64", "uint8", "int8", "float16", "float32", "float64", "complex64"]
DTYPES += ["bool", "string"]
LITERALS = [
    "2",
    "-1",
    "2.0",
    "2.5",
    "True",
    "(1+2j)",
    "2**40",
    # Out of a dtype's range: TF wraps ints (two's complement) and overflows floats to inf.
    "256",
    "-129",
    "2**31",
    "2**63",
    "1e40",
    "[2**40, -1]",
    "'a'",
    "[1, 2]",
    "[1, 2.5]",
    # A bool among numbers is 1 (numpy's reading), exactly beside an int past 2**53.
    "[True, 2]",
    "[True, 2**60 + 1]",
    "np.float32(2.5)",
    "np.float64(2.0)",
    "np.int64(3)",
    "np.int32(-3)",
    "np.bool_(True)",
]


def operation(tf, name):
    if name in OPERATORS:
        return OPERATORS[name]
    fn = tf
    for part in name.split("."):
        fn = getattr(fn, part)
    if name == "math.add_n":
        return lambda x, y: fn([x, y])
    return fn


def tensor(tf, dtype):
    if dtype == "bool":
        return tf.constant([True, False])
    if dtype == "string":
        return tf.constant([b"x", b"y"])
    return tf.constant([3, 5], getattr(tf, dtype))


def class_name(exc: Exception) -> str:
    return type(exc).__name__


def outcome(tf, sess, fn, t, value, side, named=class_name):
    try:
        out = fn(t, value) if side == "right" else fn(value, t)
    except Exception as exc:  # the class is what is recorded
        return named(exc)
    try:
        got = np.asarray(sess.run(out))
    except Exception as exc:
        return "run:" + type(exc).__name__
    if got.dtype == object:
        values = [v.decode("latin-1") for v in got.ravel()]
    elif got.dtype.kind == "c":
        values = [[float(v.real), float(v.imag)] for v in got.ravel()]
    else:
        values = [v.item() for v in got.ravel()]
    return [out.dtype.name, values]


def table(tf, named=class_name) -> dict:
    """{"<op> <dtype> <literal> <side>": outcome}, one graph per dtype; `named(exc)`
    records an exception."""
    results = {}
    for dtype in DTYPES:
        with tf.Graph().as_default(), tf.Session() as sess:
            t = tensor(tf, dtype)
            for name in [*OPERATORS, *FUNCTIONS]:
                fn = operation(tf, name)
                for literal in LITERALS:
                    value = eval(literal, {"np": np})
                    for side in ("right", "left"):
                        results[f"{name} {dtype} {literal} {side}"] = outcome(
                            tf, sess, fn, t, value, side, named
                        )
    return results


def constants(tf, named=class_name) -> dict:
    """{"<dtype> <literal>": outcome} of `tf.constant(literal, dtype)` (numbers and bools)."""
    results = {}
    for dtype in DTYPES[:-1]:
        with tf.Graph().as_default(), tf.Session() as sess:
            t = tensor(tf, dtype)
            for literal in LITERALS:
                value = eval(literal, {"np": np})
                results[f"{dtype} {literal}"] = outcome(
                    tf, sess, lambda x, v: tf.constant(v, x.dtype), t, value, "right", named
                )
    return results


if __name__ == "__main__":
    tf = harness.import_tf1()
    document = {"tensorflow": tf.__version__, "cases": table(tf), "constants": constants(tf)}
    harness.dump(document, sort_keys=True)
    sys.stdout.flush()
