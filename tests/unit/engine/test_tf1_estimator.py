"""TF1 programs that train, evaluate, predict and export with `tf.estimator` (and its
feature columns and premade estimators), run unchanged but for `tf` being graphgate,
against what TensorFlow 1.x's estimator observed (tests/reference/tf1_estimator.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from tests.reference.tf1_estimator import PROGRAMS, run

REFERENCE = json.loads((Path(__file__).parent / "fixtures" / "tf1_estimator.json").read_text())


def same(ours, theirs, where: str) -> None:
    if (
        isinstance(theirs, list)
        and theirs
        and all(isinstance(c, str) for c in theirs)
        and (theirs[-1] == "BaseException")
    ):
        # An exception: TF's class must be among ours (graphgate's also carry a code).
        assert ours is not None and theirs[0] in ours, f"{where}: raised {ours}, TF {theirs[0]}"
    elif isinstance(theirs, dict):
        assert isinstance(ours, dict) and set(ours) == set(theirs), f"{where}: {ours}"
        for k in theirs:
            same(ours[k], theirs[k], f"{where}.{k}")
    elif isinstance(theirs, list):
        assert isinstance(ours, list) and len(ours) == len(theirs), f"{where}: {ours}"
        for i, (o, t) in enumerate(zip(ours, theirs, strict=True)):
            same(o, t, f"{where}[{i}]")
    elif isinstance(theirs, float):
        # float32 training: TF's kernels and numpy's may round the last bit differently.
        assert np.isclose(ours, theirs, rtol=2e-5, atol=1e-7), f"{where}: {ours} != {theirs}"
    else:
        assert ours == theirs, f"{where}: {ours!r} != {theirs!r}"


@pytest.mark.parametrize("program", sorted(PROGRAMS))
def test_program_does_what_tf_does(program):
    observed = run(gg, gg.reset_default_graph, [program])
    same(observed[program], REFERENCE[program], program)


@pytest.mark.parametrize("hash_key", [-1, 1 << 64])
def test_both_crosses_refuse_a_hash_key_outside_64_unsigned_bits(hash_key):
    from graphgate.ops.string_ops import fingerprint_cross

    with gg.Graph().as_default():
        words = gg.constant([["x"]])
        for cross in (
            lambda: gg.sparse.cross_hashed([words, words], hash_key=hash_key),
            lambda: fingerprint_cross([words, words], 0, hash_key),
        ):
            with pytest.raises(gg.GraphgateError) as info:
                cross()
            assert info.value.code == "INVALID_ATTR"
