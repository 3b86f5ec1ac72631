"""Review 45's findings, run unchanged on graphgate against what `tf.compat.v1` observed
(`tests/reference/review45.py`, `fixtures/review45.json`): a complex sparse_dense_matmul's
gradients (its values' missed TF's conjugates, another number in every adjoint case; b's
under adjoint_b was not conjugated), a gamma sample's gradient by a float16 alpha
(answered, TF's RandomGammaGrad refuses it), stateless_poisson of infinite rates
(refused, TF answers them as random_poisson's), scatters into a variable of a dtype
their op definitions leave out (answered), a metric's weights of unknown rank (refused
where TF matches their rank to the values' when run), conv2d of a filter of unknown
rank (INVALID_ATTR "'NoneType' object is not subscriptable"), matmul's sparsity hints on
a batch of another dtype than float32 (answered, TF's MatMul refuses it),
contrib.layers.batch_norm's renorm (its clipping and renorm_decay were dropped: other
numbers) and tf.layers' renorm with fused=True (refused, TF1's layer runs it unfused)."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("review45")


@pytest.mark.parametrize("name", program_names(FIXTURE))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name, 1e-5, 1e-6)


@pytest.mark.parametrize(
    "options",
    [{"updates_collections": None}, {"zero_debias_moving_mean": True}],
    ids=["updates_collections", "zero_debias_moving_mean"],
)
def test_contrib_batch_norm_refuses_renorm_outside_the_core_layer(options):
    # TF 1.15's contrib batch_norm renormalizes only through the core layer; these send it
    # to its own function, which raises this ValueError (contrib/layers/.../layers.py).
    with gg.Graph().as_default():
        x = gg.placeholder(gg.float32, [None, 3])
        with pytest.raises(ValueError, match="renorm is not supported with batch_weights"):
            gg.contrib.layers.batch_norm(x, is_training=True, renorm=True, **options)
