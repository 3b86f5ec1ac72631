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
from tests.unit.engine.tf_reference.compare import build_case, check_case, check_round_trip

REFERENCE = json.loads(
    (pathlib.Path(__file__).parent / "tf_reference" / "nn_reference.json").read_text()
)


@pytest.mark.parametrize("name", sorted(nn_cases.CASES))
def test_case_matches_tensorflow(name):
    ref = REFERENCE["cases"][name]
    check_case(name, ref, build_case(ref, nn_cases.CASES[name][1], nn_cases.scalar))


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
    check_round_trip(build_case(ref, nn_cases.CASES[name][1], nn_cases.scalar), validate=True)
