"""A repeat right after a shuffle (tests/reference/tf1_data_shuffle_repeat.py recorded
TF 2.21): TF's default tf.data optimizations fuse them into a ShuffleAndRepeatDataset,
which refuses a count of 0 or below -1 where a plain repeat answers nothing or repeats for
ever. A fresh `tf1_fuzzdata` seed (h-soak5, `pipelines.116`, `.212`) found graphgate
answering an empty dataset."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg

FIXTURE = json.loads(
    (Path(__file__).parent / "fixtures" / "tf1_data_shuffle_repeat.json").read_text()
)
CASES = FIXTURE["cases"]
SHAPES = {
    "shuffle_repeat": lambda d, c: d.shuffle(2, seed=7).repeat(c),
    "shuffle_fixed_repeat": lambda d, c: d.shuffle(
        2, seed=7, reshuffle_each_iteration=False
    ).repeat(c),
    "shuffle_map_repeat": lambda d, c: d.shuffle(2, seed=7).map(lambda x: x * 2).repeat(c),
    "plain_repeat": lambda d, c: d.repeat(c),
    "experimental": lambda d, c: d.apply(gg.data.experimental.shuffle_and_repeat(2, c, seed=7)),
}


def _elements(name: str) -> list[int]:
    shape, _, count = name.rpartition("_")
    with gg.Graph().as_default():
        ds = SHAPES[shape](
            gg.data.Dataset.from_tensor_slices(np.arange(4, dtype=np.int64)), int(count)
        )
        nxt = gg.data.make_one_shot_iterator(ds).get_next()
        got: list[int] = []
        with gg.Session() as sess:
            try:
                while len(got) < 12:
                    got.append(int(sess.run(nxt)))
            except gg.errors.OutOfRangeError:
                pass
        return got


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if "value" in c))
def test_a_repeat_tf_runs_yields_tfs_elements(name):
    assert _elements(name) == CASES[name]["value"]


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if "error" in c))
def test_a_shuffles_repeat_of_count_0_or_below_minus_1_fails_as_tf_fails(name):
    assert CASES[name]["error"] == "InvalidArgumentError" and CASES[name]["after"] == []
    with pytest.raises(gg.errors.InvalidArgumentError, match="count must be greater than zero"):
        _elements(name)
