"""Differential fuzzing of TF1's `tf.data` pipelines against TensorFlow (dev-only): random
pipelines drawn with fixed seeds over the sources (from_tensor_slices, from_tensors, range,
zip, concatenate, sample/choose_from_datasets) and the transformations (map with
num_parallel_calls, filter, flat_map, interleave, batch, padded_batch,
bucket_by_sequence_length over sequences of varying length, unbatch, shuffle with a seed,
repeat, take, skip, shard, prefetch, cache, enumerate, scan, window + flat_map,
group_by_window), read through every TF1 iterator (one-shot, initializable with feeds and
re-initialization, from_structure + make_initializer, from_string_handle), and invalid
pipelines, run under `tf.compat.v1` in graph mode:

    /work/tfvenv/bin/python tests/reference/tf1_fuzzdata.py \
        > tests/unit/engine/fixtures/tf1_fuzzdata.json

A program is {"source", "stages", "iterator", "passes"} (and "gist" for an invalid one).
The fixture holds each program and what TF gave: the element structure's flattened dtypes
and static shapes, the dataset's cardinality, and each pass's elements (every leaf's dtype,
shape and bits) up to OutOfRangeError, or the stage ("build" or "run"), class and message
of what it raised and how many elements came before it. Seeded shuffles and samples are
compared in TF's order. tests/unit/engine/test_tf1_fuzzdata.py replays them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import fuzzkit
import tf1_fuzzdiff as fuzz

encode, decode = fuzz.encode, fuzz.decode
says = fuzzkit.says
CAP = 300  # elements read per pass at most: a longer pass is compared up to here

# -- building a pipeline -------------------------------------------------------------------


def _flat(x) -> list:
    if isinstance(x, dict):
        return [leaf for k in sorted(x) for leaf in _flat(x[k])]
    if isinstance(x, tuple | list):
        return [leaf for item in x for leaf in _flat(item)]
    return [x]


def _struct_map(fn, x):
    if isinstance(x, dict):
        return {k: _struct_map(fn, v) for k, v in x.items()}
    if isinstance(x, tuple | list):
        return tuple(_struct_map(fn, v) for v in x)
    return fn(x)


def _one(args):
    return args[0] if len(args) == 1 else args


def _first(x):
    return _flat(x)[0]


def _value(tf, spec, feed, fed):
    """A source's tensor structure: arrays are encoded leaves ({dtype, shape, bits})."""
    if isinstance(spec, dict) and "bits" in spec:
        value = decode(spec)
        if fed:
            ph = tf.placeholder(getattr(tf, spec["dtype"]), [None] * value.ndim)
            feed[ph] = value
            return ph
        return tf.constant(value, getattr(tf, spec["dtype"]))
    if isinstance(spec, dict):
        return {k: _value(tf, v, feed, fed) for k, v in spec.items()}
    return tuple(_value(tf, v, feed, fed) for v in spec)


def _source(tf, src, feed, fed):
    kind = src["kind"]
    D = tf.data.Dataset
    if kind == "slices":
        return D.from_tensor_slices(_value(tf, src["value"], feed, fed))
    if kind == "tensors":
        return D.from_tensors(_value(tf, src["value"], feed, fed))
    if kind == "range":
        return D.range(*src["args"], output_type=getattr(tf, src["dtype"]))
    parts = [_source(tf, s, feed, fed) for s in src["parts"]]
    if kind == "zip":
        return D.zip(tuple(parts))
    if kind == "concatenate":
        return parts[0].concatenate(parts[1])
    if kind == "sample":
        return tf.data.experimental.sample_from_datasets(parts, src["weights"], seed=src["seed"])
    # choose: the selector is a range taken modulo the number of inputs, or shuffled
    selector = D.range(src["n"]).map(lambda i: (i * 7 + 3) % len(parts))
    if src["seed"] is not None:
        selector = selector.shuffle(src["n"], seed=src["seed"])
    return tf.data.experimental.choose_from_datasets(parts, selector)


def _affine(tf, a):
    def leaf(x):
        if x.dtype == tf.bool:
            return tf.logical_not(x)
        return x * tf.cast(a["mul"], x.dtype) + tf.cast(a["add"], x.dtype)

    return lambda *args: _struct_map(leaf, _one(args))


def _predicate(tf, a):
    def keep(*args):
        total = tf.reduce_sum(tf.cast(_first(_one(args)), tf.int64))
        return tf.equal(total % a["mod"], a["rem"])

    return keep


def _key(tf, a):
    def key(*args):
        return tf.reduce_sum(tf.cast(_first(_one(args)), tf.int64)) % a["mod"]

    return key


def _repeated(tf, a):
    return lambda *args: tf.data.Dataset.from_tensors(_one(args)).repeat(a["count"])


def _windows(tf, a):
    def batched(*windows):
        one = _one(windows)
        ds = one if hasattr(one, "batch") else tf.data.Dataset.zip(one)  # a dict's or tuple's
        return ds.batch(a["size"])

    return batched


def _scanner(tf):
    def step(state, *args):
        return state + 1, (state, _one(args))

    return step


def _sequences(tf, a):
    """Each element a sequence of its first leaf's |sum| % 5 + a["min"] numbers (with the
    element's index-free label when a["label"])."""

    def seq(*args):
        n = tf.abs(tf.reduce_sum(tf.cast(_first(_one(args)), tf.int64))) % 5 + a["min"]
        x = tf.cast(tf.range(n) * 3 - 4, getattr(tf, a["dtype"]))
        return (x, n) if a["label"] else x

    return seq


def _bucketing(tf, a):
    return tf.data.experimental.bucket_by_sequence_length(
        lambda *args: tf.cast(tf.shape(_first(_one(args)))[0], tf.int32),
        a["boundaries"],
        a["sizes"],
        pad_to_bucket_boundary=a["to_boundary"],
        drop_remainder=a["drop"],
    )


def _stage(tf, ds, s):  # noqa: C901 - one branch a transformation, as a table would be
    op, a = s["op"], s
    if op == "map":
        return ds.map(_affine(tf, a), num_parallel_calls=a["parallel"])
    if op == "filter":
        return ds.filter(_predicate(tf, a))
    if op == "flat_map":
        return ds.flat_map(_repeated(tf, a))
    if op == "interleave":
        kw = {"cycle_length": a["cycle"], "block_length": a["block"]}
        if a["parallel"] is not None:
            kw["num_parallel_calls"] = a["parallel"]
        return ds.interleave(_repeated(tf, a), **kw)
    if op == "batch":
        return ds.batch(a["size"], drop_remainder=a["drop"])
    if op == "padded_batch":
        shapes = tuple(a["shapes"]) if a.get("tuple") else a["shapes"]  # a list is one shape
        values = None if a["pad"] is None else tf.constant(a["pad"], getattr(tf, a["dtype"]))
        return ds.padded_batch(a["size"], shapes, values, drop_remainder=a["drop"])
    if op == "unbatch":
        return ds.unbatch()
    if op == "shuffle":
        return ds.shuffle(a["buffer"], seed=a["seed"], reshuffle_each_iteration=a["reshuffle"])
    if op in ("repeat", "take", "skip", "prefetch"):
        return getattr(ds, op)(a["count"])
    if op == "shard":
        return ds.shard(a["shards"], a["index"])
    if op == "lengths":
        return ds.map(_sequences(tf, a))
    if op == "bucket":
        return ds.apply(_bucketing(tf, a))
    if op == "cache":
        return ds.cache()
    if op == "enumerate":
        return ds.enumerate(a["start"])
    if op == "scan":
        return ds.apply(tf.data.experimental.scan(tf.constant(a["start"], tf.int64), _scanner(tf)))
    if op == "window":
        windows = ds.window(a["size"], a["shift"], a["stride"], a["drop"])
        return windows.flat_map(_windows(tf, a))
    if op == "group_by_window":
        fn = tf.data.experimental.group_by_window(
            _key(tf, a), lambda k, w: w.batch(a["size"]), window_size=a["size"]
        )
        return ds.apply(fn)
    raise AssertionError(op)


def build(tf, program: dict):
    """The program's dataset in the default graph of `tf` and the feed of its source."""
    feed: dict = {}
    ds = _source(tf, program["source"], feed, program["iterator"] == "initializable")
    for s in program["stages"]:
        ds = _stage(tf, ds, s)
    return ds, feed


def _iterator(tf, ds, kind):
    """(get_next, [initializer or None], string handle feed or None)."""
    if kind == "one_shot":
        it = tf.data.make_one_shot_iterator(ds)
        return it, None, None
    if kind == "initializable":
        it = tf.data.make_initializable_iterator(ds)
        return it, it.initializer, None
    if kind == "structure":
        it = tf.data.Iterator.from_structure(
            tf.data.get_output_types(ds), tf.data.get_output_shapes(ds)
        )
        return it, it.make_initializer(ds), None
    handle = tf.placeholder(tf.string, [])
    it = tf.data.Iterator.from_string_handle(
        handle, tf.data.get_output_types(ds), tf.data.get_output_shapes(ds)
    )
    return it, None, (handle, tf.data.make_one_shot_iterator(ds).string_handle())


def _static(x) -> list:
    dims = x.shape.dims if hasattr(x.shape, "dims") else None
    return None if dims is None else [fuzzkit.static(x)]


def _read(tf, sess, nxt, feed, seen):
    """Elements until OutOfRangeError (or CAP); raises what the run raised otherwise."""
    elements = []
    while len(elements) < CAP:
        try:
            got = sess.run(nxt, feed)
        except tf.errors.OutOfRangeError:
            return elements, True
        elements.append([encode(v) for v in got])
        seen.append(None)
    return elements, False


def observe(tf, program: dict, classes=lambda e: type(e).__name__) -> dict:
    """What `tf` gives for `program`: {"types", "shapes", "cardinality", "passes"} (each
    pass {"elements", "ended"}), or {"error": [stage, class, message], "after": n}."""
    with tf.Graph().as_default():
        try:
            ds, feed = build(tf, program)
            it, init, handle = _iterator(tf, ds, program["iterator"])
            nxt = _flat(it.get_next())
            types = [t.name for t in _flat(tf.data.get_output_types(ds))]
            shapes = [fuzzkit.static(x) for x in nxt]
            card = tf.data.experimental.cardinality(ds)
        except Exception as exc:  # the class is what is recorded
            return {"error": ["build", classes(exc), fuzzkit.message(exc, program)], "after": 0}
        seen: list = []
        passes = []
        try:
            with tf.Session() as sess:
                cardinality = int(sess.run(card, feed))
                run_feed = dict(feed)
                if handle is not None:
                    run_feed[handle[0]] = sess.run(handle[1])
                for _ in range(program["passes"]):
                    if init is not None:
                        sess.run(init, feed)
                    elements, ended = _read(tf, sess, nxt, run_feed, seen)
                    passes.append({"elements": elements, "ended": ended})
        except Exception as exc:
            error = ["run", classes(exc), fuzzkit.message(exc, program)]
            return {"error": error, "after": len(seen)}
    return {"types": types, "shapes": shapes, "cardinality": cardinality, "passes": passes}


# -- drawing pipelines ---------------------------------------------------------------------

DTYPES = ("int64", "int32", "float32", "float64", "int16", "uint8", "bool")


def _array(rng, shape, dtype=None):
    dtype = dtype or str(rng.choice(DTYPES))
    if dtype == "bool":
        return encode(rng.integers(0, 2, shape).astype(bool))
    if dtype.startswith("float"):
        return encode((rng.integers(-40, 40, shape) / 4).astype(dtype))
    low = 0 if dtype.startswith("u") else -20
    return encode(rng.integers(low, 30, shape).astype(dtype))


def _draw_source(rng, depth=0) -> dict:
    """A source and the ranks of its element's leaves."""
    kind = str(rng.choice(["slices", "slices", "tensors", "range", "zip", "concatenate"]))
    if depth > 0 and kind in ("zip", "concatenate"):
        kind = "slices"
    if kind in ("slices", "tensors"):
        n = int(rng.integers(0 if rng.random() < 0.1 else 1, 9))
        inner = [int(d) for d in rng.integers(1, 4, int(rng.integers(0, 3)))]
        shape = [n, *inner] if kind == "slices" else inner
        form = str(rng.choice(["one", "tuple", "dict"]))
        if form == "one":
            value = _array(rng, shape)
        elif form == "tuple":
            value = [_array(rng, shape), _array(rng, [*shape[:1], 2])]
        else:
            value = {"b": _array(rng, shape), "a": _array(rng, shape[:1])}
        return {"kind": kind, "value": value}
    if kind == "range":
        start, stop = sorted(int(v) for v in rng.integers(-5, 25, 2))
        step = int(rng.choice([1, 1, 2, 3, -1]))
        if step < 0:
            start, stop = stop, start
        return {"kind": "range", "args": [start, stop, step], "dtype": "int64"}
    if kind == "zip":
        return {"kind": "zip", "parts": [_draw_source(rng, 1) for _ in range(2)]}
    first = _draw_source(rng, 1)
    return {"kind": "concatenate", "parts": [first, first]}  # same structure both sides


def _draw_stage(rng, scalar_only: bool) -> dict:
    op = str(
        rng.choice(
            [
                "map",
                "map",
                "filter",
                "flat_map",
                "interleave",
                "batch",
                "batch",
                "unbatch",
                "shuffle",
                "shuffle",
                "repeat",
                "take",
                "skip",
                "prefetch",
                "cache",
                "enumerate",
                "scan",
                "window",
                "group_by_window",
                "shard",
            ]
        )
    )
    small = int(rng.integers(1, 5))
    if op == "map":
        return {
            "op": op,
            "mul": int(rng.integers(-2, 4)),
            "add": int(rng.integers(-3, 4)),
            "parallel": [None, 1, 2, -1][int(rng.integers(0, 4))],
        }
    if op in ("filter", "group_by_window"):
        return {"op": op, "mod": int(rng.integers(2, 4)), "rem": 0, "size": small}
    if op == "flat_map":
        return {"op": op, "count": int(rng.integers(0, 3))}
    if op == "interleave":
        return {
            "op": op,
            "count": int(rng.integers(1, 4)),
            "cycle": int(rng.integers(1, 4)),
            "block": int(rng.integers(1, 3)),
            "parallel": [None, None, 2][int(rng.integers(0, 3))],
        }
    if op == "batch":
        return {"op": op, "size": small, "drop": bool(rng.random() < 0.4)}
    if op == "unbatch":
        return {"op": op}
    if op == "shuffle":
        return {
            "op": op,
            "buffer": int(rng.choice([1, 2, 3, 5, 8, 100])),
            "seed": int(rng.integers(0, 2**31)),
            "reshuffle": bool(rng.random() < 0.5),
        }
    if op in ("repeat", "take", "skip"):
        return {"op": op, "count": int(rng.choice([-1, 0, 1, 2, 3, 5]))}
    if op == "prefetch":
        return {"op": op, "count": int(rng.choice([1, 2, -1]))}
    if op == "cache":
        return {"op": op}
    if op == "shard":
        shards = int(rng.integers(1, 4))
        return {"op": op, "shards": shards, "index": int(rng.integers(0, shards))}
    if op in ("enumerate", "scan"):
        return {"op": op, "start": int(rng.integers(-3, 5))}
    return {
        "op": op,
        "size": small,
        "shift": [None, 1, 2, 3][int(rng.integers(0, 4))],
        "stride": int(rng.integers(1, 3)),
        "drop": bool(rng.random() < 0.5),
    }


def _bounded(stages: list) -> list:
    """Stops an infinite repeat from feeding a stage that reads all its input first."""
    out, infinite = [], False
    for s in stages:
        if s["op"] == "repeat" and s["count"] == -1:
            infinite = True
        if infinite and s["op"] in ("cache",):
            continue
        if s["op"] == "take" and s["count"] >= 0:
            infinite = False
        out.append(s)
    if infinite:
        out.append({"op": "take", "count": 40})
    return out


def _pipelines(rng, n):
    for _ in range(n):
        stages = [_draw_stage(rng, False) for _ in range(int(rng.integers(1, 5)))]
        yield {
            "source": _draw_source(rng),
            "stages": _bounded(stages),
            "iterator": str(rng.choice(["one_shot", "initializable", "structure", "handle"])),
            "passes": 1,
        }


def _epochs(rng, n):
    """Shuffles read again: re-initialized, and repeated inside one iterator."""
    for _ in range(n):
        shuffle = _draw_stage(rng, False)
        while shuffle["op"] != "shuffle":
            shuffle = _draw_stage(rng, False)
        stages = [shuffle, {"op": "repeat", "count": int(rng.integers(1, 4))}]
        if rng.random() < 0.5:
            stages.insert(0, _draw_stage(rng, False))
        kind = str(rng.choice(["initializable", "structure"]))
        yield {
            "source": {"kind": "range", "args": [0, int(rng.integers(2, 12)), 1], "dtype": "int64"},
            "stages": _bounded(stages),
            "iterator": kind,
            "passes": 2,
        }


def _samples(rng, n):
    for _ in range(n):
        parts = [
            {
                "kind": "range",
                "args": [k * 100, k * 100 + int(rng.integers(0, 8)), 1],
                "dtype": "int64",
            }
            for k in range(int(rng.integers(1, 4)))
        ]
        if rng.random() < 0.5:
            weights = [float(w) for w in rng.integers(1, 5, len(parts))]
            source = {
                "kind": "sample",
                "parts": parts,
                "weights": weights,
                "seed": int(rng.integers(0, 2**31)),
            }
        else:
            seed = int(rng.integers(0, 2**31)) if rng.random() < 0.5 else None
            source = {"kind": "choose", "parts": parts, "n": int(rng.integers(0, 12)), "seed": seed}
        yield {"source": source, "stages": [], "iterator": "one_shot", "passes": 1}


def _padded(rng, n):
    for _ in range(n):
        dtype = str(rng.choice(["int64", "float32", "int32"]))
        lengths = [int(v) for v in rng.integers(0, 5, int(rng.integers(1, 8)))]
        value = _array(rng, [len(lengths), 4], dtype)
        shapes = [None, [-1], [5], [6]][int(rng.integers(0, 4))]
        pad = [None, 0, 7][int(rng.integers(0, 3))]
        yield {
            "source": {"kind": "slices", "value": value},
            "stages": [
                {"op": "take", "count": len(lengths)},
                {
                    "op": "padded_batch",
                    "size": int(rng.integers(1, 4)),
                    "shapes": shapes,
                    "pad": pad,
                    "dtype": dtype,
                    "drop": bool(rng.random() < 0.3),
                },
            ],
            "iterator": "one_shot",
            "passes": 1,
        }


def _rng(n, dtype="int64"):
    return {"kind": "range", "args": [0, n, 1], "dtype": dtype}


def _slices(shape, dtype="int64"):
    return {
        "kind": "slices",
        "value": encode(np.arange(int(np.prod(shape))).reshape(shape).astype(dtype)),
    }


def _bad(source, stages, gist, iterator="one_shot"):
    return {"source": source, "stages": stages, "iterator": iterator, "passes": 1, "gist": gist}


def _window(size, shift, stride):
    return {"op": "window", "size": size, "shift": shift, "stride": stride, "drop": False}


def _shard(shards, index):
    return {"op": "shard", "shards": shards, "index": index}


def _invalid(rng):
    """Pipelines TF refuses, each with words its message holds."""

    def batch(n, drop=False):
        return {"op": "batch", "size": n, "drop": drop}

    def pad(n, shapes):
        return {
            "op": "padded_batch",
            "size": n,
            "shapes": shapes,
            "pad": None,
            "dtype": "int64",
            "drop": False,
        }

    def inter(cycle, block, parallel):
        return {
            "op": "interleave",
            "count": 1,
            "cycle": cycle,
            "block": block,
            "parallel": parallel,
        }

    yield _bad(_rng(5), [batch(0)], ["batch size|batch_size", "greater than zero"])
    yield _bad(_rng(5), [batch(-3)], ["batch size|batch_size", "greater than zero"])
    yield _bad(
        _rng(5), [batch(0, True)], ["batch size|batch_size", "greater than zero"], "initializable"
    )
    yield _bad(
        _rng(5), [{"op": "shuffle", "buffer": 0, "seed": 1, "reshuffle": True}], ["buffer_size"]
    )
    yield _bad(_rng(5), [{"op": "shuffle", "buffer": -2, "seed": 1, "reshuffle": True}], None)
    yield _bad(_rng(5), [_window(0, 1, 1)], ["window size"])
    yield _bad(_rng(5), [_window(2, 0, 1)], ["window shift"])
    yield _bad(_rng(5), [_window(2, 1, 0)], ["window stride"])
    yield _bad(_rng(5), [_window(-1, 1, 1)], ["window size"])
    yield _bad(_slices([4, 3]), [pad(2, [2])], ["padded shape", "compatible"])
    yield _bad(_slices([4, 3]), [pad(2, [3, 1])], ["padded shape", "compatible"])
    yield _bad(_slices([4, 3]), [pad(2, [])], ["padded shape", "compatible"])
    yield _bad(_slices([4, 3]), [pad(0, [3])], ["batch size|batch_size", "greater than zero"])
    yield _bad(_rng(4), [{"op": "unbatch"}], ["unbatch"])
    yield _bad(_slices([4]), [{"op": "unbatch"}], ["unbatch"])
    yield _bad(_rng(4), [inter(0, 1, None)], ["cycle_length"])
    yield _bad(_rng(4), [inter(2, 0, None)], ["block_length"])
    yield _bad(_rng(4), [inter(2, 1, 3)], ["num_parallel_calls", "cycle_length"])
    yield _bad(_rng(4), [inter(2, 1, 0)], ["num_parallel_calls"])
    yield _bad(_rng(4), [inter(2, -2, None)], ["block_length"])
    yield _bad({"kind": "range", "args": [0, 5, 0], "dtype": "int64"}, [], ["step"])
    yield _bad({"kind": "slices", "value": encode(np.int64(3))}, [], ["rank"])
    yield _bad(
        {"kind": "slices", "value": [encode(np.zeros(3, "int64")), encode(np.zeros(2, "int64"))]},
        [],
        ["dimension", "compatible"],
    )
    yield _bad({"kind": "concatenate", "parts": [_rng(3), _rng(3, "int32")]}, [], ["compatible"])
    yield _bad({"kind": "concatenate", "parts": [_rng(3), _slices([3, 2])]}, [], None)
    yield _bad(_rng(5), [{"op": "prefetch", "count": -2}], ["buffer_size"])
    yield _bad(_rng(5), [{"op": "group_by_window", "mod": 2, "rem": 0, "size": 0}], ["window size"])
    yield _bad(
        _rng(5), [{"op": "group_by_window", "mod": 2, "rem": 0, "size": -1}], ["window size"]
    )
    yield _bad(
        {"kind": "sample", "parts": [_rng(3), _rng(3)], "weights": [1.0], "seed": 3},
        [],
        ["weights"],
    )
    yield _bad(
        {"kind": "sample", "parts": [_rng(3), _rng(3, "int32")], "weights": [1.0, 1.0], "seed": 3},
        [],
        ["compatible"],
    )
    yield _bad(
        {"kind": "choose", "parts": [_rng(3), _rng(3, "int32")], "n": 4, "seed": None},
        [],
        ["compatible"],
    )
    yield _bad(
        {"kind": "zip", "parts": [_rng(3), _slices([4, 0])]}, [{"op": "unbatch"}], ["unbatch"]
    )
    yield _bad(_rng(5), [{"op": "take", "count": -2}], None)
    yield _bad(_rng(5), [{"op": "skip", "count": -2}], None)
    yield _bad(_rng(5), [{"op": "repeat", "count": -2}], None)
    yield _bad(
        {"kind": "tensors", "value": encode(np.int64(2))},
        [batch(2), {"op": "unbatch"}, {"op": "unbatch"}],
        ["unbatch"],
    )
    yield _bad(_slices([4, 3]), [pad(2, [3, 3])], ["padded shape", "compatible"], "initializable")
    yield _bad(_rng(5), [_window(2, 1, 1), batch(2)], None)
    yield _bad(_rng(6), [batch(2), pad(2, [1, 2])], ["padded shape", "compatible"])
    yield _bad(
        _rng(6),
        [{"op": "shuffle", "buffer": 0, "seed": 1, "reshuffle": False}],
        ["buffer_size"],
        "initializable",
    )
    yield _bad(_rng(5), [_shard(0, 0)], ["number of shards|num_shards"])
    yield _bad(_rng(5), [_shard(2, 2)], ["index"])
    yield _bad(_rng(5), [_shard(2, -1)], ["index"], "initializable")


def _variable(rng, n):
    """Sequences of varying length: padded, bucketed, unbatched or batched (which TF
    refuses when the lengths differ)."""
    for _ in range(n):
        label = bool(rng.random() < 0.4)
        stages = [
            {
                "op": "lengths",
                "min": int(rng.integers(0, 2)),
                "label": label,
                "dtype": str(rng.choice(["int64", "float32", "int32"])),
            }
        ]
        last = str(rng.choice(["padded_batch", "padded_batch", "bucket", "batch", "unbatch"]))
        size = int(rng.integers(1, 4))
        if last == "padded_batch":
            shapes = [None, [-1], [6], [3]][int(rng.integers(0, 4))]
            if label and shapes is not None:
                shapes = [shapes, []]
            stages.append(
                {
                    "op": "padded_batch",
                    "size": size,
                    "shapes": shapes,
                    "pad": None,
                    "tuple": label and rng.random() < 0.7,
                    "dtype": "int64",
                    "drop": bool(rng.random() < 0.3),
                }
            )
        elif last == "bucket":
            bounds = sorted({int(v) for v in rng.integers(1, 6, int(rng.integers(1, 3)))})
            stages.append(
                {
                    "op": "bucket",
                    "boundaries": bounds,
                    "sizes": [int(v) for v in rng.integers(1, 4, len(bounds) + 1)],
                    "to_boundary": bool(rng.random() < 0.3),
                    "drop": bool(rng.random() < 0.3),
                }
            )
        elif last == "batch":
            stages.append({"op": "batch", "size": size, "drop": False})
        else:  # TF 2.21 segfaults unbatching a padded batch of empty sequences: none here
            stages[0]["min"] = 1
            stages += [
                {
                    "op": "padded_batch",
                    "size": size,
                    "shapes": None,
                    "pad": None,
                    "dtype": "int64",
                    "drop": False,
                },
                {"op": "unbatch"},
            ]
        if rng.random() < 0.3:
            stages.insert(
                1,
                {
                    "op": "shuffle",
                    "buffer": int(rng.integers(1, 6)),
                    "seed": int(rng.integers(0, 2**31)),
                    "reshuffle": True,
                },
            )
        yield {
            "source": _draw_source(rng, 1),
            "stages": stages,
            "iterator": str(rng.choice(["one_shot", "initializable"])),
            "passes": 1,
        }


FAMILIES = {
    "pipelines": lambda rng: _pipelines(rng, 260),
    "epochs": lambda rng: _epochs(rng, 40),
    "samples": lambda rng: _samples(rng, 30),
    "padded": lambda rng: _padded(rng, 30),
    "variable": lambda rng: _variable(rng, 50),
    "invalid": _invalid,
}


def programs() -> dict:
    return fuzzkit.programs(FAMILIES, "data.")


if __name__ == "__main__":
    fuzzkit.record(programs(), observe)
