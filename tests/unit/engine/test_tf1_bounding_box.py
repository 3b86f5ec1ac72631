"""`tf.image.sample_distorted_bounding_box` programs run unchanged on graphgate and sample
TensorFlow's crops: seeded ops run after run, the stateless op, the whole-image fallback and
the errors (`tests/reference/tf1_bounding_box.py`, fixture `tf1_bounding_box.json`). The
rest checks the documented properties over many seeds, which hold for any draw.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from tests.support import collector_paused
from tests.unit.engine.tf_observed import assert_observed, raised

ROOT = Path(__file__).parents[3]
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_bounding_box.json").read_text())
_spec = importlib.util.spec_from_file_location(
    "tf1_bounding_box", ROOT / "tests" / "reference" / "tf1_bounding_box.py"
)
programs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(programs)


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_bounding_box_program_samples_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        env = {
            "tf": gg,
            "np": np,
            "out": out,
            "raises": raised,
            "stateless_box": gg.image.stateless_sample_distorted_bounding_box,
        }
        exec(programs.PROGRAMS[name], env)
    assert_observed(out, FIXTURE["programs"][name], name, 1e-7, 1e-9)


def test_sampled_crops_keep_the_documented_constraints():
    # GIVEN 60 seeds, one object box, coverage 0.4, aspect [0.6, 1.6], area [0.2, 0.8]
    size, box = (90, 70, 3), [0.2, 0.1, 0.6, 0.5]
    graph = gg.Graph()
    with graph.as_default():
        ops = [
            gg.image.sample_distorted_bounding_box(
                gg.constant(size),
                gg.constant([[box]], gg.float32),
                seed=s,
                seed2=1,
                min_object_covered=0.4,
                aspect_ratio_range=[0.6, 1.6],
                area_range=[0.2, 0.8],
            )
            for s in range(1, 61)
        ]
    with gg.Session(graph=graph) as sess:
        results = sess.run(ops)
    # THEN each crop is inside the image, within the area range, near the aspect range,
    # and covers 40% of the object (or is the whole-image fallback)
    obj = (int(box[1] * 70), int(box[0] * 90), int(box[3] * 70), int(box[2] * 90))
    obj_area = (obj[2] - obj[0]) * (obj[3] - obj[1])
    for begin, extent, _ in results:
        (y, x, _), (h, w, _) = begin, extent
        assert y >= 0 and y + h <= 90 and x >= 0 and x + w <= 70
        if (h, w) == (90, 70):
            continue
        assert 0.2 * 90 * 70 <= h * w <= 0.8 * 90 * 70
        assert 0.6 - 1 / h <= w / h <= 1.6 + 1 / h
        ix = max(0, min(x + w, obj[2]) - max(x, obj[0]))
        iy = max(0, min(y + h, obj[3]) - max(y, obj[1]))
        assert ix * iy >= 0.4 * obj_area


def test_bad_ranges_are_refused_when_built():
    with gg.Graph().as_default(), pytest.raises(gg.GraphgateError) as info:
        gg.image.sample_distorted_bounding_box([10, 10, 3], [[[0, 0, 1, 1]]], area_range=[0, 2])
    assert info.value.code == "INVALID_ATTR"


@pytest.mark.parametrize("stateless", [False, True])
def test_attempts_that_never_satisfy_stop_at_the_run_deadline(stateless):
    # GIVEN a crop no attempt can satisfy (more than all of a box covered) and a huge
    # max_attempts: at ~30 us an attempt, ten million of them take minutes
    from graphgate.limits import Limits

    g = gg.Graph()
    with g.as_default():
        kwargs = dict(min_object_covered=1.5, max_attempts=10_000_000)
        size, boxes = gg.constant([100, 100, 3]), gg.constant([[[0.4, 0.4, 0.5, 0.5]]])
        if stateless:
            begin, _, _ = gg.image.stateless_sample_distorted_bounding_box(
                size, boxes, seed=[1, 2], **kwargs
            )
        else:
            begin, _, _ = gg.image.sample_distorted_bounding_box(size, boxes, seed=1, **kwargs)
        sess = gg.Session(limits=Limits(run_timeout=0.2))
        # WHEN it runs, THEN the run's deadline stops the attempts
        with pytest.raises(gg.GraphgateError) as info:
            sess.run(begin)
    assert info.value.code == "DEADLINE_EXCEEDED"


def test_many_boxes_neither_slow_each_attempt_nor_overshoot_the_deadline():
    # GIVEN 20,000 boxes no crop satisfies: each attempt tests them all (a Python loop
    # over them took ~7 ms an attempt, read the clock every 256 attempts: 75 s past a
    # 0.2 s deadline with 200,000)
    import time

    from graphgate.limits import Limits

    g = gg.Graph()
    with g.as_default():
        boxes = np.tile(np.array([[[0.4, 0.4, 0.5, 0.5]]], np.float32), (1, 20_000, 1))
        begin, _, _ = gg.image.sample_distorted_bounding_box(
            gg.constant([100, 100, 3]), boxes, min_object_covered=1.5, max_attempts=10**6, seed=1
        )
        sess = gg.Session(limits=Limits(run_timeout=0.2))
        # WHEN it runs, THEN the deadline stops it within an attempt or so
        with collector_paused():
            started = time.process_time()
            with pytest.raises(gg.GraphgateError) as info:
                sess.run(begin)
            took = time.process_time() - started
    assert info.value.code == "DEADLINE_EXCEEDED"
    assert took < 1.0


def _covers_as_tf_loops(crop, covered, rects) -> bool:
    """TF's SatisfiesOverlapConstraints, box by box, in float32."""
    f32 = np.float32

    def area(r):
        return f32((r[2] - r[0]) * (r[3] - r[1]))

    if area(crop) < 1:
        return False
    for box in rects:
        if area(box) < 1:
            continue
        lo_x, lo_y = max(crop[0], box[0]), max(crop[1], box[1])
        hi_x, hi_y = min(crop[2], box[2]), min(crop[3], box[3])
        inter = (0, 0, 0, 0) if lo_x > hi_x or lo_y > hi_y else (lo_x, lo_y, hi_x, hi_y)
        if f32(area(inter) / area(box)) >= covered:
            return True
    return False


def test_boxes_tested_as_arrays_agree_with_tfs_box_by_box_loop():
    from graphgate.ops import bounding_box_ops

    rng = np.random.default_rng(0)
    for _ in range(2000):
        width, height = int(rng.integers(1, 50)), int(rng.integers(1, 50))
        boxes = rng.random((1, int(rng.integers(1, 4)), 4)).astype(np.float32)
        if rng.random() < 0.3:  # edges on pixel boundaries
            boxes = (np.round(boxes * 4) / 4).astype(np.float32)
        _, _, rects = bounding_box_ops._boxes(np.array([height, width, 3]), boxes, False)
        f32 = np.float32
        scalar = [
            (
                int(b[1] * f32(width)),
                int(b[0] * f32(height)),
                int(b[3] * f32(width)),
                int(b[2] * f32(height)),
            )
            for b in boxes.reshape(-1, 4)
        ]
        assert [tuple(r) for r in rects.tolist()] == scalar
        x0, y0 = int(rng.integers(0, width)), int(rng.integers(0, height))
        crop = (x0, y0, int(rng.integers(x0, width + 1)), int(rng.integers(y0, height + 1)))
        covered = f32(rng.choice([0.0, 0.1, 0.5, 0.9, 1.0, rng.random()]))
        got = bounding_box_ops._covers(crop, covered, rects)
        assert got == _covers_as_tf_loops(crop, covered, scalar)
