"""Fake quantization (`tf.quantization.fake_quant_*`) held to what TensorFlow computes:
tests/reference/tf1_fake_quant.py runs the same graphs under TF and recorded its bits."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

import graphgate as gg
from tests.reference.tf1_fake_quant import record

FIXTURE = Path(__file__).parent / "fixtures" / "tf1_fake_quant.json"


def test_outputs_gradients_and_refusals_are_tensorflows():
    expected = json.loads(FIXTURE.read_text())
    del expected["tensorflow"]
    # Floats are compared by repr: the same bits, NaN included.
    assert record(gg) == expected


def test_a_stored_graph_quantizes_as_the_one_built():
    x = np.linspace(-7, 7, 29, dtype=np.float32)
    with gg.Graph().as_default() as graph:
        inputs = gg.placeholder(gg.float32, [None], name="x")
        lo, hi = gg.constant(-2.5), gg.constant(3.0)
        y = gg.quantization.fake_quant_with_min_max_vars(inputs, lo, hi, num_bits=4)
        (g,) = gg.gradients(gg.reduce_sum(y * y), [lo])
        with gg.Session() as sess:
            built = sess.run([y, g], {inputs: x})
    copy = gg.graph_from_dict(json.loads(json.dumps(gg.graph_to_dict(graph))))
    with gg.Session(graph=copy) as sess:
        stored = sess.run([y.name, g.name], {"x:0": x})
    for a, b in zip(built, stored, strict=True):
        np.testing.assert_array_equal(a, b)
    assert np.unique(built[0]).size <= 16  # a 4-bit grid
