"""Frozen TF1 graphs whose operands graphgate once wanted constant, computed at run time:
paddings (fed, or a shape's arithmetic as Slice's gradient writes them) of Pad, PadV2 and
MirrorPad in both modes, reduction axes (fed, or `Range(Rank(x))`), resize sizes (fed,
or resize_image_with_pad's); their GraphDefs
and what TF computed and inferred for them.

    /work/tfvenv/bin/python tests/reference/tf_import_run_time_operands.py

writes tests/unit/engine/fixtures/tf_import_run_time_operands.json, which
tests/unit/engine/test_tf_import_run_time_operands.py reads without TensorFlow.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_eager_execution()
OUT = Path(__file__).resolve().parents[1] / "unit/engine/fixtures/tf_import_run_time_operands.json"
X = np.arange(1, 13, dtype=np.float32).reshape(3, 4)
FEEDS = {
    "small": [[1, 0], [0, 2]],
    "zero": [[0, 0], [0, 0]],
    "edge": [[2, 1], [3, 0]],  # as wide as REFLECT allows on the first axis (3 - 1)
    "too_wide": [[4, 0], [0, 0]],  # past what either mirror mode takes: TF refuses
    "negative": [[-1, 0], [0, 0]],  # TF refuses negative paddings
}
BUILDS = {
    "pad": lambda x, p: tf.pad(x, p),
    "pad_v2": lambda x, p: tf.pad(x, p, constant_values=-1.5),
    "reflect": lambda x, p: tf.pad(x, p, mode="REFLECT"),
    "symmetric": lambda x, p: tf.pad(x, p, mode="SYMMETRIC"),
    # paddings a shape's arithmetic gives (what Slice's gradient writes)
    "computed": lambda x, p: tf.pad(x, tf.stack([tf.shape(x)[::-1] - 2, [0, 1]], axis=1)),
}
# Reductions over axes fed as `p` (its first row: [1, 0], [0, 0], [2, 1], [4, 0], [-1, 0]).
REDUCTIONS = {
    f"{name}{'_keep' if keep else ''}": (lambda x, p, f=f, keep=keep: f(x, p[0], keepdims=keep))
    for name, f in (
        ("sum", tf.reduce_sum),
        ("mean", tf.reduce_mean),
        ("max", tf.reduce_max),
        ("min", tf.reduce_min),
        ("prod", tf.reduce_prod),
    )
    for keep in (False, True)
}
REDUCTIONS["any"] = lambda x, p: tf.reduce_any(x > 6, p[0])
REDUCTIONS["all_keep"] = lambda x, p: tf.reduce_all(x > 6, p[0], keepdims=True)
REDUCTIONS["sum_range_rank"] = lambda x, p: tf.reduce_sum(x, tf.range(tf.rank(x)))
# Resizes to a size fed as `p`'s first row + 2 (a zero or negative size in `resize_raw`).
RESIZES = {
    f"resize_{name}": (lambda x, p, f=f: f(tf.reshape(x, [1, -1, 4, 1]), p[0] + 2))
    for name, f in (
        ("bilinear", tf.image.resize_bilinear),
        ("nearest", tf.image.resize_nearest_neighbor),
        ("bicubic", tf.image.resize_bicubic),
        ("area", tf.image.resize_area),
    )
}
RESIZES["resize_raw"] = lambda x, p: tf.image.resize_bilinear(tf.reshape(x, [1, -1, 4, 1]), p[0])
RESIZES["resize_image_with_pad"] = lambda x, p: tf.image.resize_image_with_pad(
    tf.reshape(x, [-1, 4, 1]), p[0, 0] + 4, p[1, 1] + 3
)


def _imported_shape(graph_def) -> list | None:
    """The result's static shape as TF infers it importing the GraphDef (what Python's
    set_shape added while building is not in the file)."""
    with tf.Graph().as_default() as again:
        tf.import_graph_def(graph_def, name="")
        shape = again.get_tensor_by_name("result:0").shape
    return shape.as_list() if shape.dims is not None else None


def record(name: str, build) -> dict:
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [None, 4], name="x")
        p = tf.placeholder(tf.int32, [2, 2], name="p")
        result = tf.identity(tf.cast(build(x, p), tf.float32), name="result")
        entry = {
            "graph": base64.b64encode(graph.as_graph_def().SerializeToString()).decode(),
            "shape": _imported_shape(graph.as_graph_def()),
            "runs": {},
        }
        with tf.Session() as sess:
            for k, pads in FEEDS.items():
                try:
                    entry["runs"][k] = {"value": sess.run(result, {x: X, p: pads}).tolist()}
                except tf.errors.OpError as exc:
                    entry["runs"][k] = {"error": type(exc).__name__}
    return entry


def main() -> None:
    graphs = {
        name: record(name, build) for name, build in {**BUILDS, **REDUCTIONS, **RESIZES}.items()
    }
    OUT.write_text(json.dumps({"x": X.tolist(), "feeds": FEEDS, "graphs": graphs}, indent=1))
    print({n: {k: "error" in r for k, r in g["runs"].items()} for n, g in graphs.items()})


if __name__ == "__main__":
    main()
