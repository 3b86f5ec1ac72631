"""`skip` by a negative count (tests/reference/tf1_data_skip_negative.py recorded TF
2.21): TF's SkipDataset gives an empty iterator without reading its input, so skipping the
whole of an endless dataset ends at once. A fresh `tf1_fuzzdata` seed (h-soak8,
`pipelines.150`: `repeat(-1).skip(-1)`) found graphgate reading the endless input for
ever."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import graphgate as gg

FIXTURE = json.loads(
    (Path(__file__).parent / "fixtures" / "tf1_data_skip_negative.json").read_text()
)
CASES = FIXTURE["cases"]
SHAPES = {
    "finite": lambda d, c: d.skip(c),
    "endless": lambda d, c: d.repeat().skip(c).take(7),
    "endless_untaken": lambda d, c: d.repeat().skip(c),
    "endless_map": lambda d, c: d.repeat().map(lambda x: x * 2).skip(c).take(7),
    "endless_filter": lambda d, c: d.repeat().filter(lambda x: x > 0).skip(c).take(7),
    "endless_shuffled": lambda d, c: d.repeat().shuffle(2, seed=1).skip(c).take(7),
    "repeated_skip": lambda d, c: d.skip(c).repeat(2),
}
# A run that reads an endless input fails within this, rather than hanging the test.
BUDGET = gg.RunOptions(timeout_in_ms=5_000)


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_skip_gives_tfs_elements_and_cardinality(name):
    shape, _, count = name.rpartition("_")
    with gg.Graph().as_default():
        ds = SHAPES[shape](gg.data.Dataset.range(3), int(count))
        cardinality = gg.data.experimental.cardinality(ds)
        nxt = gg.data.make_one_shot_iterator(ds).get_next()
        got: list[int] = []
        with gg.Session() as sess:
            n = int(sess.run(cardinality))
            try:
                while len(got) < 12:
                    got.append(int(sess.run(nxt, options=BUDGET)))
            except gg.errors.OutOfRangeError:
                pass
    assert {"cardinality": n, "value": got} == {k: CASES[name][k] for k in ("cardinality", "value")}
