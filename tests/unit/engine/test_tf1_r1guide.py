"""The programs of TensorFlow's own TF 1.x guide and tutorials (tensorflow/docs,
site/en/r1/), run unchanged on graphgate and observing what TensorFlow observed.

`tests/reference/tf1_r1guide.py` holds the programs, one or more per page (low-level
intro, tensors, variables, graphs, GPU placement, histograms, graph visualization,
checkpoints, saved_model, datasets, feature columns, word2vec, Mandelbrot, PDEs,
recurrent, TFRecords, image loading, Keras in graph mode, ragged, Unicode) and wrote what
`tf.compat.v1` computed into `fixtures/tf1_r1guide.json`; each test runs the same text
with `tf` bound to graphgate, compared as `test_tf1_programs.py` compares.
"""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.test_tf1_programs import _normal
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_r1guide")

# graphgate reads a graph's files when the graph is built (docs/decision_log.md,
# 2026-12-05), so names fed when it runs are not found.
KNOWN_DIFFERENT = {
    "datasets_tfrecord_fed_filenames": "files named only by a feed are not read",
}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": np, "out": out, "raises": raised})
    assert_observed(
        _normal(out), _normal(FIXTURE["programs"][name]), name, rel_tol=2e-6, abs_tol=1e-6
    )
