"""TF1 programs earlier rounds left answered otherwise by graphgate, run unchanged on
graphgate against what `tf.compat.v1` observed (`tests/reference/tf1_leftovers15.py`,
`fixtures/tf1_leftovers15.json`): `tf.fill` of a scalar dims (answered before, refused by
TF) and `zeros`/`ones` of a scalar tensor (refused before, run by TF); dilated pooling and
`with_space_to_batch` over spatial sizes known only when run (UNIMPLEMENTED before);
tf_keras' BatchNormalization with renorm (UNIMPLEMENTED before); contrib's
npairs_loss_multilabel (missing before)."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_leftovers15")


@pytest.mark.parametrize("name", program_names(FIXTURE))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        scope = {"tf": gg, "np": np, "out": out, "raises": raised}
        # graphgate's own contrib function where TF's re-typed one ran
        scope["contrib_npairs_multilabel"] = _contrib_npairs_multilabel
        exec(programs.PROGRAMS[name], scope)
    # float32 convolutions and pools summed in another order than TF's: a few ulps
    assert_observed(out, FIXTURE["programs"][name], name, rel_tol=1e-5, abs_tol=1e-5)


def _contrib_npairs_multilabel(tf):
    return tf.contrib.losses.metric_learning.npairs_loss_multilabel
