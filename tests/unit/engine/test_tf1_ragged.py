"""The graph-mode examples of TensorFlow's TF1 ragged-tensor guide
(site/en/r1/guide/ragged_tensors.ipynb), run unchanged on graphgate and observing what
TensorFlow observed (`tests/reference/tf1_ragged.py`, `fixtures/tf1_ragged.json`)."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.test_tf1_programs import _normal
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_ragged")

KNOWN_DIFFERENT = {
    "static_shapes_tf_folds": "TF folds a gathered row's length, and from_tensor's "
    "uniform row length (TF2's), into the static shape; graphgate leaves them unknown",
}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(
            programs.PREFIX + programs.PROGRAMS[name],
            {"tf": gg, "np": np, "out": out, "raises": raised},
        )
    assert_observed(
        _normal(out), _normal(FIXTURE["programs"][name]), name, rel_tol=2e-6, abs_tol=1e-6
    )


def _ragged():
    return gg.ragged.constant([[3, 1, 4, 1], [], [5, 9, 2]])


@pytest.mark.parametrize(
    "build",
    [
        lambda rt: gg.transpose(rt),
        lambda rt: gg.nn.relu(rt),
        lambda rt: gg.reduce_sum(rt, axis=1, keepdims=True),
        lambda rt: gg.stack([rt, rt], axis=1),
        lambda rt: gg.reduce_sum(gg.ragged.constant([[[1], [2, 3]]]), axis=1),
        lambda rt: rt[:, ::2],
        lambda rt: rt[..., 0],
    ],
    ids=["transpose", "relu", "keepdims", "stack_axis1", "rank2_ragged_axis", "step", "ellipsis"],
)
def test_what_has_no_ragged_version_is_refused_by_name(build):
    # GIVEN a ragged tensor WHEN an op without a ragged version takes it THEN it is
    # refused (UnimplementedError), never densified into another answer.
    with gg.Graph().as_default(), pytest.raises(gg.errors.UnimplementedError):
        build(_ragged())


def test_a_ragged_placeholder_takes_only_a_ragged_value_of_its_rank():
    with gg.Graph().as_default():
        rt = gg.ragged.placeholder(gg.int32, ragged_rank=1, value_shape=[])
        with gg.Session() as sess:
            with pytest.raises(gg.errors.InvalidArgumentError):
                sess.run(rt, {rt: [[1, 2], [3]]})
            nested = gg.ragged.RaggedTensorValue(
                gg.ragged.RaggedTensorValue(np.array([1]), np.array([0, 1])), np.array([0, 1])
            )
            with pytest.raises(gg.errors.InvalidArgumentError):
                sess.run(rt, {rt: nested})


def test_a_ragged_graph_is_stored_and_run_as_dense_ops():
    # A RaggedTensor adds only ordinary ops, so a stored graph document runs it: its
    # parts are fetched by name from the reloaded graph.
    import json

    from graphgate.serialization import graph_from_dict, graph_to_dict

    g = gg.Graph()
    with g.as_default():
        rt = gg.reduce_mean(gg.concat([_ragged(), [[5, 3]]], axis=0) * 2, axis=1)
    g2 = graph_from_dict(json.loads(json.dumps(graph_to_dict(g))))
    with gg.Session(graph=g2) as sess:
        got = sess.run(rt.name)
    np.testing.assert_allclose(got, [4.5, np.nan, 32 / 3, 8.0])
