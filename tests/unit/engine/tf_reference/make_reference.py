"""Dev-only: run the cases with real TensorFlow 1.x and store what it computes.

    pip install --no-deps --target /tmp/tfkeras tf-keras==2.21.0   # tf.layers under TF 2.16+
    TF_USE_LEGACY_KERAS=1 PYTHONPATH=/tmp/tfkeras \
        /work/tfvenv/bin/python tests/unit/engine/tf_reference/make_reference.py

Writes nn_reference.json next to this file (committed; `make test` never imports TF).
"""

from __future__ import annotations

import json
import pathlib
import sys

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[3]))

import tensorflow.compat.v1 as tf  # noqa: E402

from tests.unit.engine.tf_reference import nn_cases, tf_programs  # noqa: E402

tf.disable_eager_execution()
tf.disable_v2_tensorshape()  # TF1 shapes: shape[i] is a Dimension with .value


def encode(a) -> dict:
    a = np.asarray(a)
    return {"dtype": a.dtype.name, "shape": list(a.shape), "data": a.ravel().tolist()}


def run_case(arrays: dict, build) -> dict:
    g = tf.Graph()
    with g.as_default():
        ph = {
            k: tf.placeholder(np.asarray(v).dtype, np.shape(v), name=k) for k, v in arrays.items()
        }
        outs = build(tf, **ph)
        loss = nn_cases.scalar(tf, outs)
        xs = [p for p in ph.values() if nn_cases.is_float(p)]
        grads = tf.gradients(loss, xs) if loss is not None and xs else [None] * len(xs)
        # Sparse gradients (gather, embedding_lookup) as the dense tensors graphgate gives.
        grads = [None if g_ is None else tf.convert_to_tensor(g_) for g_ in grads]
    feed = {ph[k]: v for k, v in arrays.items()}
    with tf.Session(graph=g) as sess:
        values = sess.run(outs, feed)
        gvals = sess.run([g_ for g_ in grads if g_ is not None], feed)
    it = iter(gvals)
    grad_doc = {}
    for x, g_ in zip(xs, grads, strict=True):
        grad_doc[x.op.name] = None if g_ is None else encode(next(it))
    return {
        "inputs": {k: encode(v) for k, v in arrays.items()},
        "outputs": {
            k: {**encode(values[k]), "op": t.op.name, "static": t.shape.as_list()}
            for k, t in outs.items()
        },
        "grads": grad_doc,
    }


def main() -> None:
    doc = {"tensorflow": tf.__version__, "cases": {}, "programs": {}}
    for name, (arrays, build) in nn_cases.CASES.items():
        doc["cases"][name] = run_case(arrays, build)
    for name, program in tf_programs.PROGRAMS.items():
        doc["programs"][name] = program(tf)
    (HERE / "nn_reference.json").write_text(json.dumps(doc, indent=None, sort_keys=True) + "\n")
    print(f"{len(doc['cases'])} cases, {len(doc['programs'])} programs")


if __name__ == "__main__":
    main()
