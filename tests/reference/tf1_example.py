"""tf.train.Example and tf.io.parse_example, run unchanged with `tf` = tensorflow.compat.v1
(this script, dev-only) and with `tf` = graphgate (tests/unit/engine/test_tf1_example.py).

    /work/tfvenv/bin/python tests/reference/tf1_example.py \
        > tests/unit/engine/fixtures/tf1_example.json

Examples are described as `{key: [kind, values]}` (kind `int64`, `float`, `bytes` or
`none` for a Feature with no list set) and built with the message classes; what is stored
is protobuf's serialization (with sorted map keys, `deterministic=True`: protobuf's default
order of a map is its hash table's), base64. A parse case is a batch of described Examples
(or raw base64 bytes), a spec `{key: [kind, ...]}` and what `parse_example` (and, for a
batch of one, `parse_single_example`) returned: values, dtypes and static shapes, or the
class and message of the error the run raised. `decode` stores what `Example.FromString`
raises for malformed bytes.
"""

from __future__ import annotations

import base64
import json
import math
import sys

INF, NAN = math.inf, math.nan

EXAMPLES: dict = {
    "empty": {},
    "one_int": {"a": ["int64", [7]]},
    "negative_int64": {"a": ["int64", [-1, -(2**63), 2**63 - 1, 0, 300]]},
    "floats": {"f": ["float", [1.5, -0.0, 0.1, 3.4e38, 1e-45]]},
    "nan_inf": {"f": ["float", [NAN, INF, -INF]]},
    "bytes": {"s": ["bytes", [b"", b"x", "é ü".encode(), bytes(range(256))]]},
    "empty_lists": {"a": ["int64", []], "f": ["float", []], "s": ["bytes", []]},
    "no_kind": {"e": ["none", []]},
    "mixed": {
        "a": ["int64", [1, 2, 3]],
        "f": ["float", [0.25]],
        "s": ["bytes", [b"cat", b"dog"]],
        "z": ["none", []],
    },
    "big_lists": {
        "a": ["int64", list(range(-500, 1500, 3))],
        "f": ["float", [i / 7 for i in range(700)]],
        "s": ["bytes", [b"w%d" % i for i in range(300)]],
    },
    "unicode_keys": {"clé": ["int64", [1]], "": ["float", [2.0]]},
}

# Malformed bytes: a truncated length, a truncated varint, a wrong wire type, a group.
BAD = {
    "truncated_length": b"\x0a\x05abc",
    "truncated_varint": b"\x0a\x02\x0a\x80",
    "wrong_wire_type": b"\x0d\x00\x00\x00\x00",
    "inner_garbage": b"\x0a\x04\x0a\x02\xff\xff",
    "inner_truncated": b"\x0a\x04\x0a\x02\x0a\x05",
}


# Wire fragments: whole Examples, and ones that merge into the one before when
# concatenated (protobuf parses a concatenation as a merge): a feature map entry
# repeated, a Feature's value field repeated, lists of two kinds, unpacked int64 and float
# values, unknown fields.
PIECES = [
    b"\x0a\x0b\x0a\x09\x0a\x01a\x12\x04\x1a\x02\x0a\x00",
    b"\x0a\x0c\x0a\x0a\x0a\x01a\x12\x05\x1a\x03\x0a\x01\x07",
    b"\x0a\x0b\x0a\x09\x0a\x01a\x12\x04\x1a\x02\x08\x05",
    b"\x0a\x0e\x0a\x0c\x0a\x01a\x12\x07\x12\x05\x0d\x00\x00\x80\x3f",
    b"\x0a\x0e\x0a\x0c\x0a\x01b\x12\x07\x0a\x05\x0a\x03xyz",
    b"\x0a\x11\x0a\x0f\x0a\x01a\x12\x04\x1a\x02\x08\x01\x12\x04\x1a\x02\x08\x02",
    b"\x10\x01",
    b"\x0a\x02\x18\x02",
]
MERGES = ["0", "1+2", "2+1", "1+3", "3+1", "1+3+2", "5", "4+1+4", "6+1+7", "3+0+4+5"]


def feature(tf, kind, values):
    if kind == "int64":
        return tf.train.Feature(int64_list=tf.train.Int64List(value=values))
    if kind == "float":
        return tf.train.Feature(float_list=tf.train.FloatList(value=values))
    if kind == "bytes":
        return tf.train.Feature(bytes_list=tf.train.BytesList(value=values))
    return tf.train.Feature()


def example(tf, desc):
    feats = {k: feature(tf, kind, v) for k, (kind, v) in desc.items()}
    return tf.train.Example(features=tf.train.Features(feature=feats))


def spec(tf, desc):
    out = {}
    for key, (kind, *args) in desc.items():
        if kind == "fixed":
            shape, dtype, *default = args
            out[key] = tf.io.FixedLenFeature(shape, getattr(tf, dtype), *default)
        elif kind == "seq":
            shape, dtype, *default = args
            out[key] = tf.io.FixedLenSequenceFeature(
                shape, getattr(tf, dtype), allow_missing=True, default_value=(default or [None])[0]
            )
        else:
            out[key] = tf.io.VarLenFeature(getattr(tf, args[0]))
    return out


PARSES: dict = {
    "dense_and_sparse": (
        ["mixed", "mixed"],
        {
            "a": ["fixed", [3], "int64"],
            "f": ["var", "float32"],
            "s": ["var", "string"],
            "d": ["fixed", [], "float32", 7.0],
        },
    ),
    "mixed_presence": (
        ["mixed", "empty", "one_int", "negative_int64"],
        {
            "a": ["var", "int64"],
            "f": ["fixed", [1], "float32", [-1.0]],
            "s": ["var", "string"],
        },
    ),
    "defaults_shapes": (
        ["empty", "one_int"],
        {
            "a": ["fixed", [1, 1], "int64", [[5]]],
            "m": ["fixed", [2, 2], "float32", [[1.0, 2.0], [3.0, 4.0]]],
            "s": ["fixed", [], "string", "none"],
        },
    ),
    "matrix_from_list": (["mixed"], {"a": ["fixed", [1, 3], "int64"]}),
    "nan_inf": (["nan_inf"], {"f": ["fixed", [3], "float32"]}),
    "bytes": (["bytes"], {"s": ["fixed", [4], "string"], "v": ["var", "string"]}),
    "big": (
        ["big_lists", "big_lists"],
        {"a": ["var", "int64"], "f": ["fixed", [700], "float32"], "s": ["var", "string"]},
    ),
    "empty_lists": (
        ["empty_lists", "mixed"],
        {"a": ["var", "int64"], "f": ["var", "float32"], "s": ["var", "string"]},
    ),
    "no_kind_var": (["no_kind", "mixed"], {"e": ["var", "float32"], "z": ["var", "string"]}),
    "no_kind_fixed_default": (["no_kind"], {"e": ["fixed", [], "int64", 3]}),
    "empty_list_fixed_default": (["empty_lists"], {"a": ["fixed", [], "int64", 3]}),
    "sequence": (
        ["big_lists", "mixed", "empty"],
        {"a": ["seq", [], "int64"], "s": ["seq", [], "string", "pad"]},
    ),
    "sequence_rows": (["mixed", "empty_lists"], {"a": ["seq", [3], "int64", 0]}),
    "unicode_keys": (["unicode_keys"], {"clé": ["var", "int64"], "": ["fixed", [], "float32"]}),
    "empty_batch": ([], {"a": ["var", "int64"], "f": ["fixed", [2], "float32", [0.0, 1.0]]}),
    "missing_required": (["mixed", "empty"], {"a": ["fixed", [3], "int64"]}),
    "wrong_kind": (["mixed"], {"s": ["fixed", [2], "int64"]}),
    "wrong_kind_var": (["mixed"], {"f": ["var", "string"]}),
    "wrong_count": (["mixed"], {"a": ["fixed", [2], "int64"]}),
    "no_kind_required": (["no_kind"], {"e": ["fixed", [], "int64"]}),
    "seq_not_multiple": (["mixed"], {"a": ["seq", [2], "int64", 0]}),
    "malformed": (["b64:CgVhYmM="], {"a": ["var", "int64"]}),
    "malformed_inner": (["mixed", "b64:CgQKAgoF"], {"a": ["var", "int64"]}),
}


def columns(tf):
    """Feature columns of every kind graphgate has, for make_parse_example_spec."""
    import os
    import tempfile

    fc = tf.feature_column
    age = fc.numeric_column("age", shape=(2,), default_value=(1.0, 2.0))
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as vocab:
        vocab.write("x\ny\n")
    word = fc.categorical_column_with_vocabulary_list("word", ["a", "b"])
    columns = [
        age,
        fc.bucketized_column(fc.numeric_column("height"), [1.0, 2.0]),
        fc.indicator_column(fc.categorical_column_with_identity("slot", 4)),
        fc.embedding_column(word, 2),
        fc.categorical_column_with_hash_bucket("city", 10),
        fc.categorical_column_with_vocabulary_list("code", [1, 2], dtype=tf.int64),
        fc.crossed_column(["raw", fc.categorical_column_with_identity("zip", 5)], 7),
        fc.weighted_categorical_column(fc.categorical_column_with_identity("tag", 3), "tag_w"),
        fc.numeric_column("count", dtype=tf.int64),
        fc.categorical_column_with_vocabulary_file("file_word", vocab.name),
    ]
    os.unlink(vocab.name)  # read when the column is made
    return columns


def spec_record(spec):
    """A parse spec as plain data: [class, dtype, shape, default]."""
    out = {}
    for key, f in spec.items():
        shape = None if not hasattr(f, "shape") else [int(d) for d in f.shape]
        default = getattr(f, "default_value", None)
        out[key] = [
            type(f).__name__,
            f.dtype.name,
            shape,
            None if default is None else list(default),
        ]
    return out


# SequenceExamples: `{"context": {key: [kind, values]}, "lists": {key: [kind, [values per
# step]]}}` (kind `none` for a step's Feature with no list).
SEQUENCES: dict = {
    "plain": {
        "context": {"len": ["int64", [3]], "name": ["bytes", [b"abc"]]},
        "lists": {
            "tok": ["int64", [[1, 2], [3], []]],
            "frame": ["float", [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]],
            "word": ["bytes", [[b"a"], [b"b\xff"], [b""]]],
        },
    },
    "empty": {"context": {}, "lists": {}},
    "empty_list": {"context": {}, "lists": {"tok": ["int64", []], "frame": ["float", []]}},
    "no_kind_step": {"context": {}, "lists": {"tok": ["none", [[], []]]}},
    "ragged_frame": {"context": {}, "lists": {"frame": ["float", [[1.0, 2.0], [3.0]]]}},
    "late_steps": {
        "context": {},
        "lists": {"tok": ["int64", [[5], None]], "mix": ["int64", [[1], ["float", [2.0]]]]},
    },
}


def sequence_example(tf, desc):
    seq = tf.train.SequenceExample()
    for key, (kind, values) in desc["context"].items():
        seq.context.feature[key].CopyFrom(feature(tf, kind, values))
    for key, (kind, steps) in desc["lists"].items():
        flist = seq.feature_lists.feature_list[key]
        flist.SetInParent() if not steps else None
        for values in steps:
            # A step may be None (a Feature with no list) or [kind, values] of its own.
            step = ["none", []] if values is None else values
            step = (
                step
                if isinstance(step, tuple | list) and step and isinstance(step[0], str)
                else [kind, step]
            )
            flist.feature.add().CopyFrom(feature(tf, *step))
    return seq


SEQ_PARSES: dict = {
    "context_and_lists": (
        "plain",
        {
            "len": ["fixed", [], "int64"],
            "name": ["var", "string"],
            "miss": ["fixed", [2], "float32", [0.5, 1.5]],
        },
        {
            "tok": ["var", "int64"],
            "frame": ["seq", [2], "float32", "strict"],
            "word": ["seq", [], "string", "strict"],
            "none": ["seq", [], "int64"],
        },
    ),
    "empty": (
        "empty",
        {"c": ["fixed", [], "float32", 1.0]},
        {"tok": ["var", "int64"], "f": ["seq", [3], "float32"]},
    ),
    "empty_list": (
        "empty_list",
        {},
        {"tok": ["var", "int64"], "frame": ["seq", [2], "float32", "strict"]},
    ),
    "no_kind_step_var": ("no_kind_step", {}, {"tok": ["var", "int64"]}),
    "no_kind_step_dense": ("no_kind_step", {}, {"tok": ["seq", [], "int64", "strict"]}),
    "missing_list": ("plain", {}, {"gone": ["seq", [], "int64", "strict"]}),
    "missing_context": ("plain", {"gone": ["fixed", [], "int64"]}, {}),
    "wrong_kind_list": ("plain", {}, {"tok": ["seq", [], "float32", "allow"]}),
    "wrong_kind_list_var": ("plain", {}, {"frame": ["var", "string"]}),
    "wrong_count_step": ("ragged_frame", {}, {"frame": ["seq", [2], "float32", "strict"]}),
    "malformed": ("b64:CgVhYmM=", {}, {"tok": ["var", "int64"]}),
    "context_wrong_count": ("plain", {"len": ["fixed", [2], "int64"]}, {}),
    "context_wrong_kind": ("plain", {"len": ["fixed", [], "float32"]}, {}),
    "context_wrong_kind_var": ("plain", {"name": ["var", "int64"]}, {}),
    "step_wrong_count": ("plain", {}, {"tok": ["seq", [], "int64", "strict"]}),
    "late_no_kind_dense": ("late_steps", {}, {"tok": ["seq", [], "int64", "strict"]}),
    "late_no_kind_var": ("late_steps", {}, {"tok": ["var", "int64"]}),
    "late_wrong_kind": ("late_steps", {}, {"mix": ["seq", [], "int64", "strict"]}),
    "late_wrong_kind_var": ("late_steps", {}, {"mix": ["var", "int64"]}),
}


def seq_spec(tf, desc):
    out = {}
    for key, (kind, *args) in desc.items():
        if kind == "seq" and args[2:] == ["strict"]:
            out[key] = tf.io.FixedLenSequenceFeature(args[0], getattr(tf, args[1]))
        elif kind == "seq":
            out[key] = tf.io.FixedLenSequenceFeature(
                args[0], getattr(tf, args[1]), allow_missing=True
            )
        else:
            out.update(spec(tf, {key: [kind, *args]}))
    return out


def run_sequence_parse(tf, name, context, lists):
    """What parse_single_sequence_example returns or raises, recorded as run_parse's."""
    graph = tf.Graph()
    with graph.as_default():
        if name.startswith("b64:"):
            data = base64.b64decode(name[4:])
        else:
            data = sequence_example(tf, SEQUENCES[name]).SerializeToString()
        ctx, seq = tf.io.parse_single_sequence_example(
            tf.constant(data), seq_spec(tf, context) or None, seq_spec(tf, lists) or None
        )
        flat = {}
        for prefix, parsed in (("context", ctx), ("lists", seq)):
            for key, t in parsed.items():
                if isinstance(t, tf.SparseTensor):
                    for part in ("indices", "values", "dense_shape"):
                        flat[f"{prefix}.{key}.{part}"] = getattr(t, part)
                else:
                    flat[f"{prefix}.{key}"] = t
        with tf.Session() as sess:
            try:
                values = sess.run(flat)
            except Exception as e:
                return {"error": type(e).__name__, "message": _message(e)}
    return {"outputs": {k: _record(flat[k], values[k]) for k in flat}}


def api_cases(tf):
    """protobuf's Python API at its edges: what each call returns or raises."""
    import numpy as np

    return {
        "bytes_str": lambda: tf.train.BytesList(value=["abé"]).value[0],
        "bytes_int": lambda: tf.train.BytesList(value=[1]).value[0],
        "int_bool": lambda: tf.train.Int64List(value=[True]).value[0],
        "int_float": lambda: tf.train.Int64List(value=[1.0]).value[0],
        "int_np": lambda: tf.train.Int64List(value=np.array([1, 2])).value[1],
        "int_np_float": lambda: tf.train.Int64List(value=np.array([1.0])).value[0],
        "int_np_uint64": lambda: tf.train.Int64List(value=[np.uint64(2**63)]).value[0],
        "int_big": lambda: tf.train.Int64List(value=[2**63]).value[0],
        "float_np": lambda: tf.train.FloatList(value=np.array([0.1, 2])).value[0],
        "float_int": lambda: tf.train.FloatList(value=[3]).value[0],
        "float_big": lambda: tf.train.FloatList(value=[1e39]).value[0],
        "float_str": lambda: tf.train.FloatList(value=["1"]).value[0],
        "float_bool": lambda: tf.train.FloatList(value=[True]).value[0],
        "float_2d": lambda: tf.train.FloatList(value=np.zeros((2, 2))).value[0],
        "float_none": lambda: tf.train.FloatList(value=[None]).value[0],
        "key_bytes": lambda: list(tf.train.Features(feature={b"k": tf.train.Feature()}).feature),
        "key_int": lambda: list(tf.train.Features(feature={1: tf.train.Feature()}).feature),
        "feature_dict": lambda: str(tf.train.Feature(int64_list={"value": [1]})),
        "bad_kw": lambda: tf.train.Example(foo=1),
        "assign_msg": lambda: setattr(tf.train.Example(), "features", tf.train.Features()),
        "assign_rep": lambda: setattr(tf.train.Int64List(), "value", [1]),
        "which_bad": lambda: tf.train.Feature().WhichOneof("nope"),
        "has_rep": lambda: tf.train.Int64List().HasField("value"),
        "has_kind": lambda: tf.train.Feature().HasField("kind"),
        "eq_list": lambda: tf.train.Int64List(value=[1, 2]).value == [1, 2],
        "copy_wrong": lambda: tf.train.Example().CopyFrom(tf.train.Features()),
        "map_len_get": lambda: (
            len(tf.train.Features().feature),
            tf.train.Features().feature.get("x"),
        ),
        "slice": lambda: tf.train.Int64List(value=[1, 2, 3]).value[1:],
        "bytesize": lambda: tf.train.Example(
            features={"feature": {"a": {"int64_list": {"value": [1]}}}}
        ).ByteSize(),
        "parse_ret": lambda: tf.train.Example().ParseFromString(b"\n\x00"),
        "from_str_type": lambda: tf.train.Example.FromString("abc"),
    }


def api_record(tf) -> dict:
    out = {}
    for name, call in api_cases(tf).items():
        try:
            out[name] = ["ok", repr(call())[:60]]
        except Exception as e:  # the class and message are the record
            out[name] = [type(e).__name__, str(e)[:90]]
    return out


def serialized(tf, name):
    if name.startswith("b64:"):
        return base64.b64decode(name[4:])
    return example(tf, EXAMPLES[name]).SerializeToString()


def _value(v):
    import numpy as np

    v = np.asarray(v)
    if v.dtype == object:
        return [base64.b64encode(x).decode() for x in v.reshape(-1)]
    return (
        [None if math.isnan(x) else x for x in v.reshape(-1).tolist()]
        if v.dtype.kind == "f"
        else v.reshape(-1).tolist()
    )


def _record(tensor, value):
    import numpy as np

    shape = tensor.shape
    static = None if shape.ndims is None else [d for d in shape.as_list()]
    value = np.asarray(value)
    return {
        "value": _value(value),
        "nan": np.isnan(value).reshape(-1).tolist() if value.dtype.kind == "f" else None,
        "shape": list(value.shape),
        "dtype": tensor.dtype.name,
        "static": static,
    }


def run_parse(tf, names, desc, single=False):
    """What parse_example (or parse_single_example of one Example) returns or raises."""
    graph = tf.Graph()
    with graph.as_default():
        data = [serialized(tf, n) for n in names]
        if single:
            out = tf.parse_single_example(tf.constant(data[0]), spec(tf, desc))
        else:
            out = tf.parse_example(
                tf.constant(data, dtype=tf.string, shape=[len(data)]), spec(tf, desc)
            )
        flat = {}
        for key, t in out.items():
            if isinstance(t, tf.SparseTensor):
                for part in ("indices", "values", "dense_shape"):
                    flat[f"{key}.{part}"] = getattr(t, part)
            else:
                flat[key] = t
        with tf.Session() as sess:
            try:
                values = sess.run(flat)
            except Exception as e:
                return {"error": type(e).__name__, "message": _message(e)}
    return {"outputs": {k: _record(flat[k], values[k]) for k in flat}}


def _message(e):
    msg = getattr(e, "message", str(e))
    # TF's run-time messages end in the node's traceback; the first line is the reason.
    lines = msg.splitlines()
    after = [i + 1 for i, ln in enumerate(lines) if ln.startswith("Node: ")]
    return lines[after[0]].strip() if after else lines[0]


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    serial = {}
    for name, desc in EXAMPLES.items():
        ex = example(tf, desc)
        serial[name] = base64.b64encode(ex.SerializeToString(deterministic=True)).decode()
    decode = {}
    for name, data in BAD.items():
        try:
            tf.train.Example.FromString(data)
            decode[name] = None
        except Exception as e:
            decode[name] = {"error": type(e).__name__, "message": str(e)}
    parses = {}
    for name, (names, desc) in PARSES.items():
        parses[name] = run_parse(tf, names, desc)
        if len(names) == 1:
            parses[name + "@single"] = run_parse(tf, names, desc, single=True)
    # str() of the Examples of one feature (protobuf prints a map in its hash order).
    text = {n: str(example(tf, d)) for n, d in EXAMPLES.items() if len(d) <= 1}
    seq = tf.train.SequenceExample()
    seq.context.feature["len"].int64_list.value.append(2)
    seq.feature_lists.feature_list["f"].feature.add().float_list.value.append(0.5)
    text["sequence_example"] = str(seq)
    merged = {}
    for name in MERGES:
        data = b"".join(PIECES[int(i)] for i in name.split("+"))
        ex = tf.train.Example.FromString(data)
        merged[name] = base64.b64encode(ex.SerializeToString(deterministic=True)).decode()
    sequences = {name: run_sequence_parse(tf, *case) for name, case in SEQ_PARSES.items()}
    seq_bytes = {
        name: base64.b64encode(
            sequence_example(tf, desc).SerializeToString(deterministic=True)
        ).decode()
        for name, desc in SEQUENCES.items()
    }
    doc = {
        "api": api_record(tf),
        "sequence_parse": sequences,
        "sequence_serialized": seq_bytes,
        "merged": merged,
        "text": text,
        "tensorflow": tf.__version__,
        "serialized": serial,
        "decode": decode,
        "parse": parses,
        "parse_example_spec": spec_record(tf.feature_column.make_parse_example_spec(columns(tf))),
    }
    json.dump(doc, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
