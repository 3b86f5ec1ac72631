"""Differential fuzzing of array manipulation, indexing and linear algebra against
TensorFlow: the small TF1 graphs `tests/reference/tf1_fuzzshape.py` draws with fixed seeds,
run on graphgate and compared with what `tf.compat.v1` computed
(`fixtures/tf1_fuzzshape.json`), one test per family: static shapes at construction
exactly, then dtypes, shapes and values; invalid configurations raise TF's class, at TF's
stage or earlier (and, where the program has a gist, a message holding it).

Values, by the program's `tol`:
- "exact" (slices, pads, tiles, reshapes, gathers, scatters of small integers, diagonals,
  masks, set ops, counts, histograms): bit for bit, any NaN for a NaN. Indexing moves
  bits; nothing in it may round.
- "linear" (matmul, einsum, tensordot, cross, trace, and the gradients of movement ops,
  which add the upstream gradient where elements were repeated): TF's kernels (Eigen,
  oneDNN) sum in their own blocked order, so neither side is exact; each answer lies
  within n·eps·Σ|terms| of the true sum in the worst case, about √n·eps·Σ|terms| in
  practice. Σ|terms| is what the same program computes on |inputs| (the upstream
  gradient is positive); both must lie within LINEAR_EPS·eps·Σ|terms| of each other.
  Integers exactly.
- "linalg" (inverses, determinants, solves, Cholesky, QR, SVD, eigendecompositions,
  norms, of matrices drawn well-conditioned: M + (n+1)·I, or B·Bᴴ + (n+1)·I): LAPACK's and
  Eigen's algorithms differ (pivoting, blocking, Householder or Jacobi), so the bound is
  backward-stable arithmetic's: within LINALG_EPS·eps of the output's largest magnitude.
  A decomposition's signs or phases are LAPACK's choice: the program's "defined" says
  what is compared, and both answers are brought to that form first.
"""

from __future__ import annotations

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

FIXTURE, fuzz = reference("tf1_fuzzshape")
PROGRAMS = FIXTURE["programs"]
FAMILIES = sorted({name.split(".")[0] for name in PROGRAMS})

# Multiples of the dtype's eps (see the module docstring).
LINEAR_EPS = 4
LINALG_EPS = 64

# Programs graphgate still answers differently (name: why): each is expected to differ,
# so that the test fails once it agrees.
_GATHER_ND_GRAD = (
    "the gradient of gather_nd with indices of rank 1: TF's ScatterNd of it fails when "
    "run (its updates lack the indices' outer dims); graphgate answers the gradient"
)
KNOWN: dict[str, str] = {
    "gathers.68": _GATHER_ND_GRAD,
    **dict.fromkeys(
        ("matmuls.14", "matmuls.50"),
        "an int16 matmul: TF computes it in int16, graphgate refuses it when built rather "
        "than answer in a widened dtype (docs/engine.md: the small integers)",
    ),
    **dict.fromkeys(
        [f"broadcasts.{i}" for i in (0, 24, 36, 48, 60, 106, 116)],
        "a broadcast past TF's kernels (a cwise op's inputs over more than 5 axes once TF's "
        "BCast merges neighbouring axes, or a where_v2 of more than 8 axes): TF's "
        "UnimplementedError, graphgate broadcasts (docs/engine.md)",
    ),
    "invalid.77": "Cholesky of a matrix that is not positive definite: TF 2's CPU kernel "
    "answers NaN in the lower triangle, as graphgate does, and leaves the upper one "
    "uninitialized memory, where graphgate writes zeros (test_tf1_leftovers7.py)",
}


def _observe(program: dict) -> dict:
    with np.errstate(all="ignore"):
        return fuzz.observe(gg, program, error_classes)


def _magnitudes(program: dict) -> list:
    """Σ|terms| of each output of a multilinear program: it run on |inputs|."""
    absolute = dict(program)
    absolute["inputs"] = []
    for spec in program["inputs"]:
        x = fuzz.decode(spec)
        absolute["inputs"].append(
            fuzz.encode(np.abs(x).astype(x.dtype) if x.dtype.kind in "fc" else x)
        )
    seen = _observe(absolute)
    if "error" in seen:
        return [None] * len(program["tf"]["outputs"])
    return [None if o is None else fuzz.decode(o) for o in seen["outputs"]]


def _phases(x: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        ph = x / np.abs(x)
    return np.where(np.isfinite(ph) & (np.abs(x) > 0), ph, 1)


def _column_phases(theirs: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The phase of each column of `x` at the row where TF's column is largest (1 for
    columns of no row: an empty matrix's)."""
    if theirs.shape[-2] == 0:
        return np.ones((*x.shape[:-2], 1, x.shape[-1]), x.dtype)
    rows = np.argmax(np.abs(theirs), axis=-2)[..., None, :]
    return _phases(np.take_along_axis(x, rows, axis=-2))


def _canonical(program: dict, outputs: list, theirs: list) -> list:
    """`outputs` with the phases a decomposition leaves free fixed (program["defined"])."""
    op = program["op"]
    if op == "qr":
        (q, r), rest = outputs[:2], outputs[2:]
        k = min(r.shape[-2], r.shape[-1])
        ph = _phases(np.diagonal(r, axis1=-2, axis2=-1))[..., :k]
        q = q[..., :k] * ph[..., None, :]
        r = r[..., :k, :] * np.conj(ph)[..., :, None]
        return [q, r, *rest]
    if op == "svd":
        (s, u, v), rest = outputs[:3], outputs[3:]
        k = s.shape[-1]
        u, v = u[..., :k], v[..., :k]
        ph = np.conj(_column_phases(theirs[1][..., :k], u))
        return [s, u * ph, v * ph, *rest]
    if op == "eigh":
        (e, v), rest = outputs[:2], outputs[2:]
        return [e, v * np.conj(_column_phases(theirs[1], v)), *rest]
    return outputs


def _bound(tol: str, theirs: np.ndarray, magnitude) -> np.ndarray | float:
    eps = float(np.finfo(theirs.dtype).eps)
    if tol == "linear":
        return LINEAR_EPS * eps * np.abs(magnitude).astype(np.float64)
    finite = np.abs(theirs[np.isfinite(theirs)])
    return LINALG_EPS * eps * (float(finite.max()) if finite.size else 0.0)


def _values_wrong(a: np.ndarray, b: np.ndarray, tol: str, magnitude) -> list:
    if b.dtype.kind not in "fc":
        same = a == b
    elif tol == "exact" or (magnitude is None and tol == "linear"):
        parts = b.dtype.itemsize // (2 if b.dtype.kind == "c" else 1)
        va, vb = (v.reshape(-1).view(f"u{parts}") for v in (a, b))
        fa, fb = (v.reshape(-1).view(f"f{parts}") for v in (a, b))
        same = (va == vb) | (np.isnan(fa) & np.isnan(fb))
        same = same.reshape(b.size, 2 if b.dtype.kind == "c" else 1).all(-1)
    else:
        with np.errstate(invalid="ignore"):
            close = np.abs(a.astype(np.complex128) - b) <= _bound(tol, b, magnitude)
        same = close | (a == b) | (np.isnan(a) & np.isnan(b))
    same = np.asarray(same).reshape(-1)
    return [(int(i), complex(a.flat[i]), complex(b.flat[i])) for i in np.flatnonzero(~same)][:4]


def difference(name: str):
    """How graphgate's answer to program `name` differs from TF's, or None: graphgate
    runs the graph as written, so where grappler's rewrites change TF's answer (the
    recorder's "tf_as_written") either answer is TF's."""
    program = PROGRAMS[name]
    ours = _observe(program)
    wrong = _difference(program, ours, program["tf"])
    as_written = program.get("tf_as_written")
    if wrong is not None and as_written and _difference(program, ours, as_written) is None:
        return None
    return wrong


def _difference(program: dict, ours: dict, theirs: dict):
    if "error" in theirs:
        return error_difference(ours, theirs["error"], program.get("gist"), fuzz.says)
    if "error" in ours:
        return ("raised", ours["error"])
    if ours["static"] != theirs["static"]:
        return ("static shapes", ours["static"], theirs["static"])
    if len(ours["outputs"]) != len(theirs["outputs"]):
        return ("outputs", len(ours["outputs"]), len(theirs["outputs"]))
    for i, (a, b) in enumerate(zip(ours["outputs"], theirs["outputs"], strict=True)):
        for key in ("dtype", "shape"):
            if (a or {}).get(key) != (b or {}).get(key):
                return (i, key, (a or {}).get(key), (b or {}).get(key))
    tol = program["tol"]
    mine = [None if o is None else fuzz.decode(o) for o in ours["outputs"]]
    tf_ = [None if o is None else fuzz.decode(o) for o in theirs["outputs"]]
    if program.get("defined"):
        mine, tf_ = _canonical(program, mine, tf_), _canonical(program, tf_, tf_)
    magnitudes = _magnitudes(program) if tol == "linear" else [None] * len(mine)
    for i, (a, b, m) in enumerate(zip(mine, tf_, magnitudes, strict=True)):
        if (a is None) != (b is None):
            return (i, "gradient", a, b)
        wrong = None if a is None else _values_wrong(a, b, tol, m)
        if wrong:
            return (i, "values", wrong)
    return None


@pytest.mark.parametrize("family", FAMILIES)
def test_family_computes_what_tensorflow_does(family):
    names = [n for n in PROGRAMS if n.split(".")[0] == family and n not in KNOWN]
    wrong = {n: d for n in names if (d := difference(n)) is not None}
    assert not wrong, wrong


@pytest.mark.parametrize("name", known_params(KNOWN))
def test_known_difference(name):
    assert difference(name) is None


def test_the_fixture_holds_the_programs_the_recorder_draws():
    assert_fixture_holds(fuzz.programs(), PROGRAMS)


def test_a_complex_einsum_gradient_conjugates_the_other_operands_as_tensorflow():
    # The fuzzer differentiates real operands only; TF 2.21 gives these (its MatMul's too).
    with gg.Graph().as_default():
        a = gg.constant([[1 + 2j, 3 - 1j]])
        b = gg.constant([[2 - 1j], [1 + 1j]])
        y = gg.einsum("ij,jk->ik", a, b)
        ga, gb = gg.Session().run(gg.gradients(y, [a, b], grad_ys=gg.constant([[1 + 0.5j]])))
    np.testing.assert_array_equal(ga, [[1.5 + 2j, 1.5 - 0.5j]])
    np.testing.assert_array_equal(gb, [[2 - 1.5j], [2.5 + 2.5j]])


def _runs(program: dict, n: int) -> list:
    """The program's fetched values over `n` runs of one session."""
    with gg.Graph().as_default():
        ys, feed = fuzz.build(gg, program)
        fetch = [y for y in ys if y is not None]
        with gg.Session() as sess, np.errstate(all="ignore"):
            return [sess.run(fetch, feed) for _ in range(n)]


@pytest.mark.parametrize("op", ["broadcast_binary", "broadcast_chain", "where", "broadcast_to"])
def test_a_broadcast_answers_the_same_on_every_run_of_a_session(op):
    # A session's first run is interpreted, later ones run built steps, then generated and
    # fused code (docs/engine.md): each of the broadcasts and integers families' programs
    # TF ran gives the first run's bits on the next two (the first is the one compared
    # with TF's above).
    names = [
        n
        for n, p in PROGRAMS.items()
        if n.startswith(("broadcasts.", "integers.")) and p["op"] == op and "error" not in p["tf"]
    ]
    assert len(names) >= 10
    wrong = {}
    for name in names:
        first, *later = _runs(PROGRAMS[name], 3)
        for run, values in enumerate(later, 2):
            for i, (a, b) in enumerate(zip(values, first, strict=True)):
                a, b = np.asarray(a), np.asarray(b)
                same = a.shape == b.shape and a.dtype == b.dtype
                if same and a.dtype.kind in "fc":
                    same = bool(np.all((a == b) | (np.isnan(a) & np.isnan(b))))
                elif same:
                    same = bool(np.array_equal(a, b))
                if not same:
                    wrong[name] = (run, i)
    assert not wrong, wrong
