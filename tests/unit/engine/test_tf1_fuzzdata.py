"""Differential fuzzing of TF1's `tf.data` against TensorFlow: the random pipelines
`tests/reference/tf1_fuzzdata.py` draws with fixed seeds, run on graphgate and compared
with what `tf.compat.v1` gave (`fixtures/tf1_fuzzdata.json`), one test per family.

Everything is compared exactly: the element structure's dtypes and static shapes, the
cardinality, and every element of every pass (dtype, shape and bits of each leaf) in TF's
order (seeded shuffles, re-initialized and repeated, and seeded samples draw TF's Philox
numbers), ending where TF's OutOfRangeError does. An invalid pipeline raises TF's class at
TF's stage or earlier, with a message holding the program's gist.
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

FIXTURE, fuzz = reference("tf1_fuzzdata")
PROGRAMS = FIXTURE["programs"]
FAMILIES = sorted({name.split(".")[0] for name in PROGRAMS})


# Programs graphgate still answers differently (name: why): each is expected to differ,
# so that the test fails once it agrees.
KNOWN: dict[str, str] = {
    "variable.17": "bucket_by_sequence_length(pad_to_bucket_boundary=True) of a sequence as "
    "long as the last boundary: TF 2.21 fails the run with InternalError ('Graph execution "
    "error', its assertion failing inside a dataset function), graphgate with "
    "InvalidArgumentError, an assertion's class outside one (kept: InternalError would say "
    "graphgate broke)",
}


def difference(name: str):
    """How graphgate's answer to program `name` differs from TF's, or None."""
    program = PROGRAMS[name]
    theirs = program["tf"]
    with np.errstate(all="ignore"):
        ours = fuzz.observe(gg, program, error_classes)
    if "error" in theirs:
        return error_difference(ours, theirs["error"], program.get("gist"), fuzz.says)
    if "error" in ours:
        return ("raised", ours["error"], ours["after"])
    for key in ("types", "shapes", "cardinality"):
        if ours[key] != theirs[key]:
            return (key, ours[key], theirs[key])
    for i, (a, b) in enumerate(zip(ours["passes"], theirs["passes"], strict=True)):
        if a["ended"] != b["ended"] or len(a["elements"]) != len(b["elements"]):
            return ("pass", i, "length", len(a["elements"]), len(b["elements"]))
        for j, (x, y) in enumerate(zip(a["elements"], b["elements"], strict=True)):
            if x != y:
                return ("pass", i, "element", j, x, y)
    return None


@pytest.mark.parametrize("family", FAMILIES)
def test_family_reads_what_tensorflow_does(family):
    names = [n for n in PROGRAMS if n.split(".")[0] == family and n not in KNOWN]
    wrong = {n: d for n in names if (d := difference(n)) is not None}
    assert not wrong, wrong


@pytest.mark.parametrize("name", known_params(KNOWN))
def test_known_difference(name):
    assert difference(name) is None


def test_the_fixture_holds_the_programs_the_recorder_draws():
    assert_fixture_holds(fuzz.programs(), PROGRAMS)


def test_the_sweep_reaches_what_it_means_to():
    ops = {s["op"] for p in PROGRAMS.values() for s in p["stages"]}
    assert ops >= {"map", "filter", "flat_map", "interleave", "batch", "padded_batch"}
    assert ops >= {"unbatch", "shuffle", "repeat", "take", "skip", "prefetch", "cache"}
    assert ops >= {"enumerate", "scan", "window", "group_by_window"}
    iterators = {p["iterator"] for p in PROGRAMS.values()}
    assert iterators == {"one_shot", "initializable", "structure", "handle"}
    refused = [n for n, p in PROGRAMS.items() if "error" in p["tf"]]
    assert len(refused) >= 40
    shuffled = [p for p in PROGRAMS.values() if any(s["op"] == "shuffle" for s in p["stages"])]
    read = [p for p in shuffled if "error" not in p["tf"] and p["tf"]["passes"][0]["elements"]]
    assert len(read) > 50


def test_a_shuffle_buffer_of_unknown_size_buffers_every_element_in_tensorflows_order():
    # tf.data.UNKNOWN_CARDINALITY (-2) as buffer_size; TF 2.21 gives this order, the same
    # as a buffer of 100's.
    with gg.Graph().as_default():
        ds = gg.data.Dataset.range(8).shuffle(-2, seed=5, reshuffle_each_iteration=False)
        nxt = gg.data.make_one_shot_iterator(ds).get_next()
        with gg.Session() as sess:
            assert [int(sess.run(nxt)) for _ in range(8)] == [7, 5, 2, 0, 4, 6, 3, 1]
