"""The TF1 cases and programs of tf_reference/, run with graphgate in place of TensorFlow:
outputs, static shapes, dtypes, gradients and default names must be TensorFlow's (stored
in nn_reference.json by the dev-only make_reference.py)."""

from __future__ import annotations

import json
import pathlib

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_reference import nn_cases, tf_programs

REFERENCE = json.loads(
    (pathlib.Path(__file__).parent / "tf_reference" / "nn_reference.json").read_text()
)


def decode(doc) -> np.ndarray:
    return np.array(doc["data"], dtype=doc["dtype"]).reshape(doc["shape"])


def close(got, want, what):
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape, f"{what}: shape {got.shape}, TensorFlow {want.shape}"
    if want.dtype.kind == "f":
        rtol = 1e-9 if want.dtype == np.float64 else 2e-5
        np.testing.assert_allclose(got, want, rtol=rtol, atol=rtol, err_msg=what)
    else:
        np.testing.assert_array_equal(got, want, err_msg=what)


@pytest.mark.parametrize("name", sorted(nn_cases.CASES))
def test_case_matches_tensorflow(name):
    arrays, build = nn_cases.CASES[name]
    ref = REFERENCE["cases"][name]
    arrays = {k: decode(v) for k, v in ref["inputs"].items()}
    g = gg.Graph()
    with g.as_default():
        ph = {k: gg.placeholder(v.dtype, v.shape, name=k) for k, v in arrays.items()}
        outs = build(gg, **ph)
        loss = nn_cases.scalar(gg, outs)
        xs = [p for p in ph.values() if p.dtype.kind == "f"]
        grads = gg.gradients(loss, xs) if loss is not None and xs else [None] * len(xs)
    sess = gg.Session(g)
    feed = {ph[k]: v for k, v in arrays.items()}
    values = sess.run(outs, feed)
    for key, want in ref["outputs"].items():
        t = outs[key]
        assert t.dtype == np.dtype(want["dtype"]), f"{key}: dtype {t.dtype}"
        assert t.shape.as_list() == want["static"], f"{key}: static shape {t.shape}"
        close(values[key], decode(want), f"{name}.{key}")
    for x, grad in zip(xs, grads, strict=True):
        want = ref["grads"][x.op.name]
        if want is None:
            assert grad is None
            continue
        close(sess.run(grad, feed), decode(want), f"d{name}/d{x.op.name}")


# Default names of the ops this module's API creates, where TensorFlow's name is the
# op's own (composites such as moments or boolean_mask name their last inner node).
NAMED = {
    "conv2d_same_stride2": "y",
    "conv2d_valid": "y",
    "max_pool_same": "y",
    "avg_pool_same": "y",
    "bias_add": "y",
    "l2_loss": "y",
    "conv2d_transpose_same": "y",
    "top_k": "values",
    "l2_normalize": "rows",
    "floordiv_floormod_floats": "percent",
    "floordiv_floormod_ints": "by_three",
    "lrn": "cifar10",
    "xw_plus_b": "y",
}


@pytest.mark.parametrize("name", sorted(NAMED))
def test_default_names_are_tensorflows(name):
    arrays, build = nn_cases.CASES[name]
    with gg.Graph().as_default():
        ph = {
            k: gg.placeholder(np.asarray(v).dtype, np.shape(v), name=k) for k, v in arrays.items()
        }
        out = build(gg, **ph)[NAMED[name]]
    assert out.op.name == REFERENCE["cases"][name]["outputs"][NAMED[name]]["op"]


def _is_text(value) -> bool:
    if isinstance(value, list):
        return bool(value) and isinstance(value[0], str)
    return isinstance(value, str)


@pytest.mark.parametrize("name", sorted(tf_programs.PROGRAMS))
def test_program_matches_tensorflow(name):
    got = tf_programs.PROGRAMS[name](gg)
    want = REFERENCE["programs"][name]
    assert sorted(got) == sorted(want)
    for key in want:
        if _is_text(want[key]):
            assert got[key] == want[key], key
        else:
            w = np.asarray(want[key], np.float64)
            np.testing.assert_allclose(
                np.asarray(got[key], np.float64), w, rtol=2e-5, atol=1e-6, err_msg=f"{name}.{key}"
            )


@pytest.mark.parametrize("name", sorted(nn_cases.CASES))
def test_case_round_trips_the_graph_format(name):
    # Every new op type and attribute, with its gradients, through graph_to_dict and back.
    ref = REFERENCE["cases"][name]
    arrays = {k: decode(v) for k, v in ref["inputs"].items()}
    g = gg.Graph()
    with g.as_default():
        ph = {k: gg.placeholder(v.dtype, v.shape, name=k) for k, v in arrays.items()}
        outs = nn_cases.CASES[name][1](gg, **ph)
        loss = nn_cases.scalar(gg, outs)
        xs = [p for p in ph.values() if p.dtype.kind == "f"]
        grads = [t for t in gg.gradients(loss, xs) if t is not None] if loss is not None else []
    fetches = [t.name for t in [*outs.values(), *grads]]
    document = json.loads(json.dumps(gg.graph_to_dict(g), allow_nan=False))
    jsonschema = pytest.importorskip("jsonschema")
    schema = pathlib.Path(gg.__file__).parent / "schema" / "graph.schema.json"
    jsonschema.validate(document, json.loads(schema.read_text()))
    g2 = gg.graph_from_dict(document)
    assert gg.graph_to_dict(g2) == document
    feed = {f"{k}:0": v for k, v in arrays.items()}
    for a, b in zip(
        gg.Session(g).run(fetches, feed), gg.Session(g2).run(fetches, feed), strict=True
    ):
        np.testing.assert_array_equal(a, b)
