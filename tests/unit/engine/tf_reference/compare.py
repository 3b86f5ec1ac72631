"""What the TF-reference tests share: decoding TensorFlow's stored arrays, comparing
graphgate's against them, and building, checking and round-tripping a reference case.

A case is `(graph, outputs, float inputs, gradients, feed)`: placeholders named after the
reference's inputs, the case's outputs, and the gradients of `scalar(outputs)` to each
float input (None where TensorFlow's is None too)."""

from __future__ import annotations

import json
import pathlib

import numpy as np
import pytest

import graphgate as gg


def decode(doc) -> np.ndarray:
    # Non-finite floats are stored as strings ("nan", "inf") to keep the JSON strict.
    data = [float(v) if isinstance(v, str) else v for v in doc["data"]]
    return np.array(data, dtype=doc["dtype"]).reshape(doc["shape"])


def close(got, want, what):
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape, f"{what}: shape {got.shape}, TensorFlow {want.shape}"
    if want.dtype.kind == "f":
        rtol = 1e-9 if want.dtype == np.float64 else 2e-5
        np.testing.assert_allclose(got, want, rtol=rtol, atol=rtol, err_msg=what)
    else:
        np.testing.assert_array_equal(got, want, err_msg=what)


def build_case(ref, build, scalar):
    """The case of `build(gg, **placeholders)` fed with `ref`'s inputs."""
    arrays = {k: decode(v) for k, v in ref["inputs"].items()}
    g = gg.Graph()
    with g.as_default():
        ph = {k: gg.placeholder(v.dtype, v.shape, name=k) for k, v in arrays.items()}
        outs = build(gg, **ph)
        loss = scalar(gg, outs)
        xs = [p for p in ph.values() if p.dtype.kind == "f"]
        grads = gg.gradients(loss, xs) if loss is not None and xs else [None] * len(xs)
        # The references store a gradient TF leaves as IndexedSlices made dense.
        grads = [gg.convert_to_tensor(t) if isinstance(t, gg.IndexedSlices) else t for t in grads]
    feed = {ph[k]: v for k, v in arrays.items()}
    return g, outs, xs, grads, feed


def check_case(name, ref, case, op_names=False):
    """Outputs (dtype, static shape, values, and default names if `op_names`) and
    gradients as TensorFlow's in `ref`."""
    g, outs, xs, grads, feed = case
    sess = gg.Session(g)
    values = sess.run(outs, feed)
    for key, want in ref["outputs"].items():
        t = outs[key]
        if op_names:
            assert t.op.name == want["op"], f"{key}: named {t.op.name}"
        assert t.dtype == np.dtype(want["dtype"]), f"{key}: dtype {t.dtype}"
        assert t.shape.as_list() == want["static"], f"{key}: static shape {t.shape}"
        close(values[key], decode(want), f"{name}.{key}")
    for x, grad in zip(xs, grads, strict=True):
        want = ref["grads"][x.op.name]
        if want is None:
            assert grad is None, f"d{name}/d{x.op.name}: TensorFlow has no gradient"
            continue
        close(sess.run(grad, feed), decode(want), f"d{name}/d{x.op.name}")


def check_round_trip(case, validate=False):
    """The case's graph, with its gradients, through graph_to_dict and back (checked
    against the published schema if `validate`) runs to the same values."""
    g, outs, _, grads, feed = case
    fetches = [t.name for t in [*outs.values(), *(t for t in grads if t is not None)]]
    document = json.loads(json.dumps(gg.graph_to_dict(g), allow_nan=False))
    if validate:
        jsonschema = pytest.importorskip("jsonschema")
        schema = pathlib.Path(gg.__file__).parent / "schema" / "graph.schema.json"
        jsonschema.validate(document, json.loads(schema.read_text()))
    g2 = gg.graph_from_dict(document)
    assert gg.graph_to_dict(g2) == document
    feed = {f"{t.op.name}:0": v for t, v in feed.items()}
    for a, b in zip(
        gg.Session(g).run(fetches, feed), gg.Session(g2).run(fetches, feed), strict=True
    ):
        np.testing.assert_array_equal(a, b)
