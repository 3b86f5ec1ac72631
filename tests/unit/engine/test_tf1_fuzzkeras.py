"""Differential fuzzing of graph-mode Keras against tf_keras: the random models, compile
options and training runs `tests/reference/tf1_fuzzkeras.py` draws with fixed seeds, run
on graphgate and compared with what TF1's Keras observed (`fixtures/tf1_fuzzkeras.json`),
one test per family.

Exactly: output shapes, the weights' names and shapes, metrics names, History keys and
epochs, the dtypes and shapes of predictions and weights. Invalid configurations raise
TF's class at TF's stage or earlier (building, predicting, compiling, fitting, ...).

Floats (float32 throughout) within a bound relative to the largest magnitude of the
quantity TF gave (all of a prediction, all of one weight, one loss or metric value):
- before training (`predict_before`): FORWARD_EPS·eps; a forward pass is a few short sums
  of products and transcendentals per element, and TF's kernels sum in their own order.
- after training (History, `evaluate`, `*_on_batch`, `predict_after`, `weights_after`):
  TRAINED·(1 + that magnitude) absolute: each of a few dozen steps carries the forward
  pass's roundings into the weights, and Adam-like optimizers divide by the root of tiny
  second moments, which multiplies a rounding's relative size.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import (
    assert_fixture_holds,
    error_classes,
    error_difference,
    known_params,
    reference,
)

FIXTURE, fuzz = reference("tf1_fuzzkeras")
PROGRAMS = FIXTURE["programs"]
FAMILIES = sorted({name.split(".")[0] for name in PROGRAMS})
STAGES = [stage for stage, _ in fuzz.STAGES]

# The recorded programs differ from TF by at most 31 eps of the largest prediction before
# training (a Conv1D stack) and 6.2e-6·(1 + magnitude) after it (a Conv3D model's evaluate
# after two epochs): about 2x and 5x under these.
FORWARD_EPS = 64
TRAINED = 3e-5
_EPS = float(np.finfo(np.float32).eps)

# Programs graphgate answers differently because TF disagrees with itself (name: why):
# each is expected to differ, so that the test fails once it agrees.
_COSINE_PROXIMITY = (
    "the loss named 'cosine_proximity': TF 1.15's Keras takes it, tf_keras 2.21 refuses the "
    "name (ValueError at compile); graphgate keeps TF1's name (its value is tf_keras' "
    "cosine_similarity loss, which the programs naming CosineSimilarity pin)"
)
KNOWN: dict[str, str] = {
    **dict.fromkeys(
        ("train.3", "train.42", "train.65", "train.76", "train.78", "train.81"),
        _COSINE_PROXIMITY,
    ),
    "rnn.1": "a masked Bidirectional GRU with unroll=True: TF's unrolled loop zeros the "
    "backward layer's masked steps by the mask before reversal (the wrong steps), its "
    "symbolic loop (unroll=False) and graphgate zero the masked ones",
    "invalid.21": "UpSampling2D(interpolation='cubic'): TF 1.15 raises ValueError, tf_keras "
    "2.21 NotImplementedError; graphgate keeps TF1's class",
}

_EXACT = ("output_shape", "weights", "metrics_names", "epochs")


def _bound(key: str, theirs: np.ndarray) -> float:
    finite = np.abs(theirs[np.isfinite(theirs)]).astype(np.float64)
    largest = float(finite.max()) if finite.size else 0.0
    if key == "predict_before":
        return FORWARD_EPS * _EPS * largest
    return TRAINED * (1.0 + largest)


def _values_differ(key: str, ours: np.ndarray, theirs: np.ndarray):
    if ours.dtype.kind != "f":
        return None if np.array_equal(ours, theirs) else (ours.tolist(), theirs.tolist())
    a, b = ours.astype(np.float64), theirs.astype(np.float64)
    with np.errstate(invalid="ignore"):
        same = (a == b) | (np.isnan(a) & np.isnan(b)) | (np.abs(a - b) <= _bound(key, theirs))
    wrong = np.flatnonzero(~same)
    return [(int(i), a.flat[i], b.flat[i]) for i in wrong[:4]] if wrong.size else None


def _difference(key: str, ours, theirs):
    """How one observed quantity differs from TF's, or None."""
    if key in _EXACT:
        return None if ours == theirs else (ours, theirs)
    if key == "history":
        if ours.keys() != theirs.keys():
            return ("keys", sorted(ours), sorted(theirs))
        for k in theirs:
            wrong = _values_differ(key, np.array(ours[k]), np.array(theirs[k]))
            if wrong:
                return (k, wrong)
        return None
    if isinstance(theirs, dict):  # an encoded array
        for part in ("dtype", "shape"):
            if ours[part] != theirs[part]:
                return (part, ours[part], theirs[part])
        return _values_differ(key, fuzz.decode(ours), fuzz.decode(theirs))
    if isinstance(theirs, list) and theirs and isinstance(theirs[0], dict):
        if len(ours) != len(theirs):
            return ("count", len(ours), len(theirs))
        for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            if wrong := _difference(key, a, b):
                return (i, wrong)
        return None
    if len(ours) != len(theirs):
        return ("count", len(ours), len(theirs))
    return _values_differ(key, np.array(ours, np.float64), np.array(theirs, np.float64))


def difference(name: str):
    """How graphgate's observation of program `name` differs from TF's, or None."""
    program = PROGRAMS[name]
    theirs = program["tf"]
    with np.errstate(all="ignore"):
        ours = fuzz.observe(gg, program, error_classes)
    if "error" in theirs:
        if wrong := error_difference(ours, theirs["error"], stages=STAGES):
            return wrong
    elif "error" in ours:
        return ("raised", ours["error"])
    for key in theirs:
        if key != "error" and key in ours and (wrong := _difference(key, ours[key], theirs[key])):
            return (key, wrong)
        if key != "error" and key not in ours and "error" not in ours:
            return ("missing", key)
    return None


@pytest.mark.parametrize("family", FAMILIES)
def test_family_observes_what_tensorflow_did(family):
    names = [n for n in PROGRAMS if n.split(".")[0] == family and n not in KNOWN]
    wrong = {n: d for n in names if (d := difference(n)) is not None}
    assert not wrong, wrong


@pytest.mark.parametrize("name", known_params(KNOWN))
def test_known_difference(name):
    assert difference(name) is None


def test_the_fixture_holds_the_programs_the_recorder_draws():
    assert_fixture_holds(fuzz.programs(), PROGRAMS)


def test_the_bounds_are_those_stated():
    assert math.isclose(_bound("predict_before", np.array([2.0, -1.0])), 128 * _EPS)
    assert math.isclose(_bound("history", np.array([-2.0, np.nan])), 3 * TRAINED)
