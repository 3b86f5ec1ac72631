"""TF1's string tensors and string ops on graphgate, pinned to what TensorFlow computes.

`tests/reference/tf1_strings.py` holds the cases (constants, feeds, variables, data
movement, Add as concatenation, control flow, joins, as_string, to_number, length, substr,
strip/lower/upper, base64, decode_raw, reduce_join, regexes, splits), the build-time
refusals and the run-time failures; it wrote what `tf.compat.v1` computed into
`fixtures/tf1_strings.json`. Here the same code runs with `tf` bound to graphgate.
"""

from __future__ import annotations

import base64
import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg

ROOT = Path(__file__).parents[3]
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_strings.json").read_text())
_spec = importlib.util.spec_from_file_location(
    "tf1_strings", ROOT / "tests/reference/tf1_strings.py"
)
cases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cases)


def decode(doc) -> np.ndarray:
    if doc["dtype"] == "string":
        out = np.empty(len(doc["b64"]), object)
        out[:] = [base64.b64decode(v) for v in doc["b64"]]
        return out.reshape(doc["shape"])
    data = [float(v) if isinstance(v, str) else v for v in doc["data"]]
    return np.array(data, dtype=doc["dtype"]).reshape(doc["shape"])


def _run(build):
    g = gg.Graph()
    with g.as_default():
        outs = build(gg)
        feed = outs.pop("feed", {})
        init = gg.global_variables_initializer()
    sess = gg.Session(graph=g)
    sess.run(init)
    return g, outs, feed, sess.run(outs, feed)


# Where TensorFlow's names differ for reasons outside strings.
NAMES_DIFFER = {
    # Control flow's outputs: named by the control-flow module (cond.py, while_loop).
    ("control_flow", "cond"),
    ("control_flow", "while"),
    # The reference's variables are resource variables (AssignVariableOp, an initial value
    # under `v/Initializer/`); graphgate's are TF1's reference variables.
    ("variables", "init"),
    ("variables", "v"),
}


def _array(value) -> np.ndarray:
    # A string scalar is fetched as `bytes`, as TF1 fetches it.
    return np.array(value, dtype=object) if isinstance(value, bytes) else np.asarray(value)


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_case_matches_tensorflow(name):
    _, outs, _, values = _run(cases.CASES[name])
    for key, want in FIXTURE["cases"][name].items():
        t, got = outs[key], _array(values[key])
        assert t.dtype.name == want["tf_dtype"], f"{key}: dtype {t.dtype.name}"
        static = None if t.shape.ndims is None else t.shape.as_list()
        assert static == want["static"], f"{key}: static shape {static}"
        if (name, key) not in NAMES_DIFFER:
            assert t.op.name == want["op"], f"{key}: named {t.op.name}"
        expected = decode(want)
        assert got.shape == expected.shape, f"{key}: shape {got.shape}"
        if want["dtype"] == "string":
            assert got.dtype == object and all(type(v) is bytes for v in got.reshape(-1)), key
        else:
            assert got.dtype == expected.dtype, f"{key}: numpy dtype {got.dtype}"
        np.testing.assert_array_equal(got, expected, err_msg=f"{name}.{key}")


# A float where an int attribute belongs is TypeError in TF, INVALID_ATTR (ValueError) here.
CLASS_DIFFERS = {"as_string_of_a_float_list_attr": "ValueError"}


@pytest.mark.parametrize("name", sorted(cases.ERRORS))
def test_refused_at_build_time_as_tensorflow(name):
    want = CLASS_DIFFERS.get(name, FIXTURE["errors"][name])
    with gg.Graph().as_default(), pytest.raises(gg.GraphgateError) as info:
        cases.ERRORS[name](gg)
    assert want in [c.__name__ for c in type(info.value).__mro__], (name, info.value)


@pytest.mark.parametrize("name", sorted(cases.FAILS))
def test_fails_at_run_time_as_tensorflow(name):
    want = FIXTURE["fails"][name]
    g = gg.Graph()
    with g.as_default():
        out = cases.FAILS[name](gg)
    with pytest.raises(gg.GraphgateError) as info:
        gg.Session(g).run(out)
    assert want in [c.__name__ for c in type(info.value).__mro__], (name, info.value)


def test_the_string_dtype_is_tensorflows():
    want = FIXTURE["dtype"]
    assert gg.string.as_numpy_dtype.__name__ == want["as_numpy_dtype"]
    assert gg.string.as_datatype_enum == want["enum"]
    assert gg.string.size == want["size"]
    for key, value in {"object": object, "np_object": np.object_, "enum": 7}.items():
        assert gg.as_dtype(value).name == want["names"][key]
    assert gg.as_dtype("string") is gg.string


def test_hello_tensorflow_prints_bytes_as_tf1():
    with gg.Graph().as_default():
        hello = gg.constant("Hello, TensorFlow!")
        assert gg.Session().run(hello) == b"Hello, TensorFlow!"
