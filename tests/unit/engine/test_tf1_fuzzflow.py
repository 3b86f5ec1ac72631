"""Differential fuzzing of TF1 control flow against TensorFlow: the random compositions of
while_loop, TensorArray, cond / case / switch_case, map_fn / scan / folds, the dynamic
RNNs and control dependencies that `tests/reference/tf1_fuzzflow.py` draws with fixed
seeds, and its hand-written invalid programs, run on graphgate and compared with what
`tf.compat.v1` computed (`fixtures/tf1_fuzzflow.json`), one test per family.

Static shapes at construction exactly; then every fetch, and the variables a second run
reads, bit for bit where the program's arithmetic is exact (elementwise ops on values
mostly on a grid of quarters, short sums), within a few units in the last place where it
is not (the RNNs' matmuls and transcendentals). An invalid program raises TF's class, at
TF's stage or earlier.
"""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import error_classes, output_difference, reference

FIXTURE, fuzz = reference("tf1_fuzzflow")
PROGRAMS = FIXTURE["programs"]
FAMILIES = sorted({name.split(".")[0] for name in PROGRAMS})

# Programs graphgate still answers differently (name: why), each a strict xfail, so that
# the test fails once it agrees.
_SIGNED_ZERO = (
    "TF is inconsistent with itself: relu(-0.0) (and maximum(-0.0, 0.0)) is -0.0 in the "
    "elements Eigen computes one by one (arrays under 8 floats, the tail past a multiple "
    "of 8) and +0.0 in its vectorized packets; graphgate gives +0.0 everywhere"
)
KNOWN: dict[str, str] = {
    "case.23": _SIGNED_ZERO,
    "map.23": "a -0.0 gradient of map_fn's elems: TF reads a row from a TensorArray "
    "whose gradient array stores the -0.0; graphgate reads it by a gather whose dense "
    "gradient the loop adds to zeros (+0.0). A TensorArray read's gradient keeps it",
    "map.38": "the gradient of a fold over zero rows: TF cannot stack its empty gradient "
    "TensorArray of unknown element shape (UnimplementedError); graphgate knows the rows' "
    "shape from elems and answers",
}
# Programs graphgate computes as TF does but whose static shapes differ (name: why): their
# values are compared with the others', their static shapes in a strict xfail.
KNOWN_STATIC: dict[str, str] = {
    "tensor_array.52": "a gather at a constant index list from an infer_shape=False "
    "array: TF's static shape has the indices' count, graphgate's first dimension is unknown",
    **dict.fromkeys(
        ("map.13", "map.45"),
        "map_fn of a tuple with dtype given: TF's first output has an unknown static shape, "
        "graphgate knows it",
    ),
}

# Units in the last place by float width, for the programs that are not exact.
ULPS = {32: 4, 64: 4}


def _observe(program: dict) -> dict:
    with np.errstate(all="ignore"):
        return fuzz.observe(gg, program, error_classes)


# TF classes no TF1 program names, by the public class they derive from.
_PUBLIC = {"InaccessibleTensorError": "ValueError"}


def _error_difference(ours: dict, theirs: list):
    stage, cls = theirs
    cls = _PUBLIC.get(cls, cls)
    if "error" not in ours:
        return ("no error", theirs)
    if cls not in ours["error"][1] or (stage == "build" and ours["error"][0] != "build"):
        return ("error", ours["error"], theirs)
    return None


def difference(name: str, static: bool = True):
    """How graphgate's answer to program `name` differs from TF's, or None (its static
    shapes compared only with `static`)."""
    program = PROGRAMS[name]
    theirs = program["tf"]
    ours = _observe(program)
    if "error" in theirs:
        return _error_difference(ours, theirs["error"])
    if "error" in ours:
        return ("raised", ours["error"])
    if static and ours["static"] != theirs["static"]:
        return ("static shapes", ours["static"], theirs["static"])
    allowed = None if program["exact"] else ULPS
    for key in ("outputs", "after"):
        if len(ours[key]) != len(theirs[key]):
            return (key, len(ours[key]), len(theirs[key]))
        for i, (a, b) in enumerate(zip(ours[key], theirs[key], strict=True)):
            wrong = output_difference(a, b, allowed)
            if wrong:
                return (key, i, *wrong)
    return None


@pytest.mark.parametrize("family", FAMILIES)
def test_family_computes_what_tensorflow_does(family):
    names = [n for n in PROGRAMS if n.split(".")[0] == family and n not in KNOWN]
    wrong = {n: d for n in names if (d := difference(n, n not in KNOWN_STATIC)) is not None}
    assert not wrong, wrong


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=r))
        for n, r in {**KNOWN, **KNOWN_STATIC}.items()
    ],
)
def test_known_difference(name):
    assert difference(name) is None


def test_a_loop_nest_builds_in_work_linear_in_its_depth():
    # Each level of fuzz.nested_loops adds one while_loop and one cond, and the gradient
    # one of each: the ops made (bodies included) grow by the same count per level.
    def ops(depth: int) -> int:
        program = fuzz._program(fuzz.nested_loops(depth), [np.ones(2, np.float32)])
        with gg.Graph().as_default() as graph:
            exec(program["code"], {"tf": gg, "np": np, "X": fuzz.decode_all(program)})
            return len(graph.op_list)

    counts = [ops(d) for d in (1, 2, 3, 8)]
    step = counts[1] - counts[0]
    assert counts[2] - counts[1] == step
    assert counts[3] == counts[0] + 7 * step


def test_the_fixture_holds_the_programs_the_recorder_draws():
    drawn = fuzz.programs()
    assert drawn.keys() == PROGRAMS.keys()
    for name, program in drawn.items():
        assert {k: PROGRAMS[name][k] for k in program} == program, name


def test_a_tensor_array_read_in_a_loop_passes_a_negative_zero_gradient_back():
    # TF writes each read's gradient into a gradient TensorArray, whose first write of a
    # row stores it: a -0.0 stays -0.0 (map.23's TF answer, read through a TensorArray
    # there); rows no iteration read are +0.0.
    with gg.Graph().as_default():
        x = gg.placeholder(gg.float32, [2, 1])
        z = gg.constant([[3.0], [2.0], [5.0]])
        ta = gg.TensorArray(gg.float32, 3).unstack(z)

        def body(k, s):
            return k + 1, s + ta.read(k) * x[k]

        y = gg.while_loop(lambda k, s: k < 2, body, [0, gg.zeros([1])])[1]
        (gz,) = gg.gradients(gg.reduce_sum(y), [z])
        with gg.Session() as sess:
            got = sess.run(gz, {x: [[-0.0], [1.0]]})
    assert got.tolist() == [[0.0], [1.0], [0.0]]
    assert np.signbit(got).ravel().tolist() == [True, False, False]
