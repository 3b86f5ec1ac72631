"""What the differential fuzzers with static shapes and gists share (tf1_fuzznn,
tf1_fuzzshape): building a program's graph from a table of op builders, observing what
`tf` (TensorFlow or graphgate) gives for it, drawing every family from a generator seeded
by its name, and recording the fixture. Bit patterns are tf1_fuzzdiff's `encode`.

A program is {"op", "attrs", "inputs" (encoded), "feed", ...}; optional keys: "grad" (the
indices of the inputs to differentiate the first output by, a fixed positive upstream
gradient flowing in), "unknown" ([input, dim] pairs fed as None), "gist" (words TF's
message holds, for an invalid configuration).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import fuzzseed
import tf1_fuzzdiff as fuzz

encode, decode = fuzz.encode, fuzz.decode


def upstream(tf, y):
    """A fixed, uneven, positive upstream gradient for `y`: 0.25, 0.5, ..., 1.25 again."""
    ramp = tf.cast(tf.range(tf.size(y)) % 5 + 1, y.dtype) * tf.constant(0.25, y.dtype)
    return tf.reshape(ramp, tf.shape(y))


def build(tf, program: dict, ops: dict) -> tuple[list, dict]:
    """The program's graph in the default graph of `tf` (`ops[op](tf, xs, attrs)` builds
    it): its outputs and the feed dict. A gradient program appends d(y)/d(each input named
    in "grad"), `upstream` flowing in."""
    xs, feed = [], {}
    unknown = {tuple(u) for u in program.get("unknown", [])}
    for i, spec in enumerate(program["inputs"]):
        value = decode(spec)
        dtype = getattr(tf, spec["dtype"])
        if program["feed"]:
            shape = [None if (i, d) in unknown else n for d, n in enumerate(value.shape)]
            x = tf.placeholder(dtype, shape)
            feed[x] = value
        else:
            x = tf.constant(value, dtype)
        xs.append(x)
    ys = ops[program["op"]](tf, xs, program["attrs"])
    ys = list(ys) if isinstance(ys, list | tuple) else [ys]
    wrt = program.get("grad")
    if wrt:
        y = ys[0]
        grads = tf.gradients(y, [xs[i] for i in wrt], grad_ys=upstream(tf, y))
        # A gather's gradient is IndexedSlices: compared dense.
        ys += [None if g is None else tf.convert_to_tensor(g) for g in grads]
    return ys, feed


def static(y):
    """A tensor's static shape as a list (None: unknown rank)."""
    dims = y.shape.dims if hasattr(y.shape, "dims") else None
    if dims is None:
        return None
    return [d if d is None or isinstance(d, int) else d.value for d in dims]


def says(message: str, gist: list) -> bool:
    """Whether `message` holds each word of `gist` (one of its "|" spellings)."""
    text = message.lower()
    return all(any(w.lower() in text for w in word.split("|")) for word in gist)


def message(exc: Exception, program: dict) -> str:
    """The first line of what `exc` says (an OpError's own message, not its traceback),
    for the programs with a gist (the others' wording is not compared, and TF's varies
    between runs where two kernels might answer)."""
    if not program.get("gist"):
        return ""
    lines = (getattr(exc, "message", None) or str(exc)).strip().split("\n")
    text = lines[0]
    for i, line in enumerate(lines[:-1]):
        if line.startswith("Node: "):  # TF 2's run-time errors: the kernel's words follow
            text = lines[i + 1]
    # Without the node's attributes, which TF lists in no fixed order.
    return text.split(" used by {{node")[0].split(" for '{{node")[0][:300]


def observe(tf, program: dict, ops: dict, classes=lambda e: type(e).__name__, config=None) -> dict:
    """What `tf` gives for `program`: {"static": [...], "outputs": [...]} or
    {"error": [stage, class, message]} (`classes(exc)` names what was raised); `config`
    is the session's."""
    with tf.Graph().as_default():
        try:
            ys, feed = build(tf, program, ops)
        except Exception as exc:  # the class is what is recorded
            return {"error": ["build", classes(exc), message(exc, program)]}
        shapes = [None if y is None else static(y) for y in ys]
        fetch = [y for y in ys if y is not None]  # a gradient may be None
        try:
            with tf.Session(config=config) as sess:
                got = sess.run(fetch, feed)
        except Exception as exc:
            return {"error": ["run", classes(exc), message(exc, program)]}
    values = iter(got)
    return {"static": shapes, "outputs": [None if y is None else encode(next(values)) for y in ys]}


def programs(families: dict, prefix: str = "") -> dict:
    """Every family's programs, each drawn from a generator seeded by `prefix` + the
    family's name."""
    out = {}
    for family, draw_family in families.items():
        rng = np.random.default_rng(fuzzseed.seed(f"{prefix}{family}"))
        with np.errstate(all="ignore"):
            for i, program in enumerate(draw_family(rng)):
                out[f"{family}.{i}"] = program
    return out


def record(drawn: dict, observe_one, as_written: bool = False) -> None:
    """Run each drawn program under TF 1's graph mode (`observe_one(tf, program)`), check
    each gist against TF's message, and write the fixture to stdout. With `as_written`,
    `observe_one(tf, program, config)` also runs the graph without grappler's rewrites
    (constant folding makes a division by a constant a product with its reciprocal, the
    arithmetic optimizer a Square of a Sub a SquaredDifference): recorded as
    "tf_as_written" where it gives another answer, which graphgate (running the graph as
    written: decision log, 2026-12-06) may match instead."""
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    plain = tf.ConfigProto()
    plain.graph_options.rewrite_options.disable_meta_optimizer = True
    recorded = {}
    for name, program in drawn.items():
        seen = observe_one(tf, program)
        gist = program.get("gist")
        if gist is not None:
            assert "error" in seen and says(seen["error"][2], gist), (name, seen)
        recorded[name] = {**program, "tf": seen}
        if as_written and (written := observe_one(tf, program, config=plain)) != seen:
            recorded[name]["tf_as_written"] = written
    json.dump(
        {"tensorflow": tf.__version__, "programs": recorded}, sys.stdout, separators=(",", ":")
    )
    sys.stdout.write("\n")
