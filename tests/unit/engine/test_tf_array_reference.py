"""array_cases.py run with graphgate in place of TensorFlow: outputs, static shapes, dtypes,
default names, gradients and exception classes must be TensorFlow's (array_reference.json,
written by the dev-only make_array_reference.py)."""

from __future__ import annotations

import json
import pathlib

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.test_tf_reference import close, decode
from tests.unit.engine.tf_reference import array_cases, nn_cases

REFERENCE = json.loads(
    (pathlib.Path(__file__).parent / "tf_reference" / "array_reference.json").read_text()
)

# graphgate raises classes that subclass TF's: where TF's class is named on the left, the
# engine's class must be (or subclass) the one on the right.
_TF_CLASSES = {
    "InvalidArgumentError": gg.errors.InvalidArgumentError,
    "ValueError": ValueError,
    "TypeError": TypeError,
    "FailedPreconditionError": gg.errors.FailedPreconditionError,
    "NotImplementedError": NotImplementedError,
    "UnknownError": gg.errors.UnknownError,
}


def _same(got, want, path):
    if isinstance(want, dict):
        assert isinstance(got, dict) and sorted(got) == sorted(want), (path, got)
        for k in want:
            _same(got[k], want[k], f"{path}.{k}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), (path, got, want)
        for i, (a, b) in enumerate(zip(got, want, strict=True)):
            _same(a, b, f"{path}[{i}]")
    elif isinstance(want, float):
        assert isinstance(got, float | int), (path, got, want)
        np.testing.assert_allclose(got, want, rtol=2e-6, atol=1e-7, err_msg=path)
    else:
        assert got == want, (path, got, want)


@pytest.mark.parametrize("name", sorted(array_cases.PROGRAMS))
def test_program_matches_tensorflow(name, monkeypatch):
    seen = {}
    real = array_cases.raises

    def raises(fn):
        # Record the engine's exception object; compare it to TF's class name below.
        try:
            fn()
        except Exception as exc:
            key = f"<{len(seen)}>"
            seen[key] = exc
            return key
        return "none"

    monkeypatch.setattr(array_cases, "raises", raises)
    got = array_cases.PROGRAMS[name](gg)
    monkeypatch.setattr(array_cases, "raises", real)
    want = REFERENCE["programs"][name]
    _compare_with_raised(got, want, name, seen)


def _compare_with_raised(got, want, path, seen):
    if isinstance(got, str) and got.startswith("<") and got in seen:
        exc = seen[got]
        assert want in _TF_CLASSES, (path, want, exc)
        assert isinstance(exc, _TF_CLASSES[want]), (path, want, type(exc).__mro__, exc)
        return
    if isinstance(want, dict):
        assert isinstance(got, dict) and sorted(got) == sorted(want), (path, got)
        for k in want:
            _compare_with_raised(got[k], want[k], f"{path}.{k}", seen)
    elif isinstance(want, list) and isinstance(got, list) and len(got) == len(want):
        for i, (a, b) in enumerate(zip(got, want, strict=True)):
            _compare_with_raised(a, b, f"{path}[{i}]", seen)
    else:
        _same(got, want, path)


@pytest.mark.parametrize("name", sorted(array_cases.CASES))
def test_case_matches_tensorflow(name):
    ref = REFERENCE["cases"][name]
    arrays = {k: decode(v) for k, v in ref["inputs"].items()}
    g = gg.Graph()
    with g.as_default():
        ph = {k: gg.placeholder(v.dtype, v.shape, name=k) for k, v in arrays.items()}
        outs = array_cases.CASES[name][1](gg, **ph)
        loss = nn_cases.scalar(gg, outs)
        xs = [p for p in ph.values() if p.dtype.kind == "f"]
        grads = gg.gradients(loss, xs) if loss is not None and xs else [None] * len(xs)
    sess = gg.Session(g)
    feed = {ph[k]: v for k, v in arrays.items()}
    values = sess.run(outs, feed)
    for key, want in ref["outputs"].items():
        t = outs[key]
        assert t.op.name == want["op"], f"{key}: named {t.op.name}"
        assert t.dtype == np.dtype(want["dtype"]), f"{key}: dtype {t.dtype}"
        assert t.shape.as_list() == want["static"], f"{key}: static shape {t.shape}"
        close(values[key], decode(want), f"{name}.{key}")
    for x, grad in zip(xs, grads, strict=True):
        want = ref["grads"][x.op.name]
        if want is None:
            assert grad is None
            continue
        close(sess.run(grad, feed), decode(want), f"d{name}/d{x.op.name}")


@pytest.mark.parametrize("name", sorted(array_cases.CASES))
def test_case_round_trips_the_graph_format(name):
    ref = REFERENCE["cases"][name]
    arrays = {k: decode(v) for k, v in ref["inputs"].items()}
    g = gg.Graph()
    with g.as_default():
        ph = {k: gg.placeholder(v.dtype, v.shape, name=k) for k, v in arrays.items()}
        outs = array_cases.CASES[name][1](gg, **ph)
        loss = nn_cases.scalar(gg, outs)
        xs = [p for p in ph.values() if p.dtype.kind == "f"]
        grads = [t for t in gg.gradients(loss, xs) if t is not None] if loss is not None else []
    fetches = [t.name for t in [*outs.values(), *grads]]
    document = json.loads(json.dumps(gg.graph_to_dict(g), allow_nan=False))
    g2 = gg.graph_from_dict(document)
    assert gg.graph_to_dict(g2) == document
    feed = {f"{k}:0": v for k, v in arrays.items()}
    for a, b in zip(
        gg.Session(g).run(fetches, feed), gg.Session(g2).run(fetches, feed), strict=True
    ):
        np.testing.assert_array_equal(a, b)
