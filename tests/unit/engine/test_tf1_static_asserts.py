"""`tf.assert_*` fails while building exactly where TF1's does: where
`tensor_util.constant_value` folds its operands (`tests/reference/tf1_static_asserts.py`,
`fixtures/tf1_static_asserts.json`). An assert op no run reaches never fails, so raising
early refuses a program TF runs, and waiting runs one TF refuses."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_static_asserts")


@pytest.mark.parametrize("name", program_names(FIXTURE))
def test_a_check_fails_while_building_where_tensorflows_does(name):
    check = programs.CHECKS[name]
    with gg.Graph().as_default():
        made = []
        built = raised(lambda: made.append(eval(check, {"tf": gg})))
        assert_observed({"built": built}, FIXTURE["programs"][name], name)
        if made and "placeholder" not in check:
            # a check that waited fails when run
            with gg.Session() as sess, pytest.raises(gg.errors.InvalidArgumentError):
                sess.run(made[0])
