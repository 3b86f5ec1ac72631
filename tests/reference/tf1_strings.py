"""TF1 string tensors and string ops, run unchanged with `tf` = tensorflow.compat.v1 (this
script, dev-only) and with `tf` = graphgate (tests/unit/engine/test_tf1_strings.py).

    /work/tfvenv/bin/python tests/reference/tf1_strings.py \
        > tests/unit/engine/fixtures/tf1_strings.json

A case is `build(tf) -> {output name: tensor}`, optionally with a `"feed"` entry mapping
placeholders to values; what TensorFlow computed is stored per output: the value (string
entries as base64, so any bytes survive JSON), dtype, static shape and op name. A
`refused` case stores the class of the exception TensorFlow raises while building, a
`fails` case the class it raises when the graph runs.
"""

from __future__ import annotations

import base64
import json

import numpy as np

CASES: dict = {}
ERRORS: dict = {}
FAILS: dict = {}


def case(build):
    CASES[build.__name__] = build
    return build


def refused(build):
    ERRORS[build.__name__] = build
    return build


def fails(build):
    FAILS[build.__name__] = build
    return build


WORDS = [["ab", "Cd "], [" e", "fé"]]


# -- the dtype ------------------------------------------------------------------------------


@case
def hello(tf):
    return {"hello": tf.constant("Hello, TensorFlow!")}


@case
def constants(tf):
    return {
        "nested": tf.constant([[b"x", "yé"], ["", "z"]]),
        "numpy_unicode": tf.constant(np.array(["a", "bc"])),
        "numpy_bytes": tf.constant(np.array([b"\xff\x00"])),
        "broadcast_shape": tf.constant("a", shape=[2, 2]),
        "mixed": tf.constant(["a", b"b"]),
        "converted": tf.convert_to_tensor("x"),
    }


@case
def placeholders(tf):
    p = tf.placeholder(tf.string, [None], name="p")
    q = tf.placeholder("string", name="q")
    return {
        "p": tf.identity(p),
        "q": tf.identity(q),
        "shape": tf.shape(p),
        "feed": {p: np.array(["q", "rr"]), q: [[b"\x00", "é"]]},
    }


@case
def placeholder_object_feed(tf):
    p = tf.placeholder(tf.string, [2], name="p")
    return {"out": p + "!", "feed": {p: np.array([b"x", "y"], dtype=object)}}


@case
def variables(tf):
    v = tf.Variable("init", name="v")
    w = tf.Variable(["a", "b"], name="w")
    return {"v": v.assign("new"), "w": tf.identity(w), "init": v.initial_value}


@case
def data_movement(tf):
    c = tf.constant([["a", "b", "c"], ["d", "e", "f"]])
    return {
        "reshape": tf.reshape(c, [3, 2]),
        "expand_dims": tf.expand_dims(c, 0),
        "squeeze": tf.squeeze(tf.expand_dims(c, 0)),
        "concat": tf.concat([c, c], 1),
        "stack": tf.stack([c, c]),
        "unstack": tf.unstack(c)[1],
        "gather": tf.gather(c, [1, 0]),
        "gather_nd": tf.gather_nd(c, [[0, 1], [1, 2]]),
        "slice": tf.slice(c, [0, 1], [2, 2]),
        "strided": c[1:, ::-1],
        "transpose": tf.transpose(c),
        "tile": tf.tile(c, [1, 2]),
        "fill": tf.fill([2], "z"),
        "reverse": tf.reverse(c, [1]),
        "split": tf.split(c, 3, axis=1)[2],
        "zeros_like": tf.zeros_like(c),
        "zeros": tf.zeros([2], tf.string),
    }


@case
def comparisons_and_selection(tf):
    c = tf.constant([["a", "b", "c"], ["d", "e", "f"]])
    u = tf.unique(tf.constant(["b", "a", "b"]))
    return {
        "equal": tf.equal(c, "a"),
        "not_equal": tf.not_equal(c, tf.constant([["a", "x", "c"], ["d", "e", "y"]])),
        "where": tf.where([True, False], ["x", "y"], ["u", "v"]),
        "boolean_mask": tf.boolean_mask(c, [True, False]),
        "unique": u.y,
        "unique_idx": u.idx,
        "size": tf.size(c),
        "rank": tf.rank(c),
        "count_nonzero": tf.count_nonzero(tf.constant([["a", ""], ["", "b"]]), axis=1),
        "batch_gather": tf.batch_gather(c, [[2, 0], [1, 1]]),
    }


@case
def add_concatenates(tf):
    c = tf.constant(["a", "b"])
    return {"add": tf.add(c, "c"), "operator": c + c, "scalar": "x" + tf.constant("y")}


@case
def control_flow(tf):
    c = tf.constant(["a", "b"])
    return {
        "cond": tf.cond(tf.constant(False), lambda: c, lambda: c + "?"),
        "while": tf.while_loop(lambda i, s: i < 3, lambda i, s: (i + 1, s + "x"), [0, "-"])[1],
    }


@case
def string_ops_in_control_flow(tf):
    c = tf.constant(["ab", "cd"])

    def body(i, s):
        return i + 1, tf.reduce_join(tf.stack([s, tf.as_string(i)]), separator="-")

    return {
        "map_fn": tf.map_fn(lambda s: tf.strings.upper(tf.string_join([s, "!"])), c),
        "while": tf.while_loop(lambda i, s: i < 3, body, [0, tf.constant("x")])[1],
        "cond": tf.cond(
            tf.constant(True), lambda: tf.strings.length(c), lambda: 0 * tf.strings.length(c)
        ),
    }


@case
def dataset_of_strings(tf):
    ds = tf.data.Dataset.from_tensor_slices(tf.constant(["a b", "c", "d"]))
    ds = ds.map(tf.strings.upper).batch(2)
    pairs = tf.data.Dataset.from_tensor_slices((["x", "y"], [1, 2])).batch(2)
    word, number = pairs.make_one_shot_iterator().get_next()
    return {"batch": ds.make_one_shot_iterator().get_next(), "word": word, "number": number}


@case
def entries_and_nul_bytes(tf):
    # A scalar taken out of a string tensor keeps its trailing NUL bytes through the ops
    # after it (numpy's 'S' arrays would drop them).
    c = tf.constant([b"a\x00", b"b"])
    # read and stacked in one run: TF1's TensorArray clears an element a read took
    ta = tf.TensorArray(tf.string, size=2, clear_after_read=False).write(0, c[0]).write(1, "z")
    return {
        "indexed": c[0],
        "reshaped": tf.reshape(c[0], [1]),
        "gathered_plus": tf.gather(c, 0) + b"\x00",
        "unstacked": tf.unstack(c)[0],
        "length": tf.strings.length(c[0]),
        "folded": tf.foldl(lambda a, x: a + x, c, initializer=tf.constant("")),
        "tensor_array": ta.stack(),
        "tensor_array_read": ta.read(0),
        "padded": tf.pad(tf.constant([["a"]]), [[1, 0], [0, 1]]),
        "mirrored": tf.pad(tf.constant([["a", "b"]]), [[0, 0], [1, 0]], mode="REFLECT"),
        "scattered": tf.scatter_nd([[0], [0], [2]], tf.constant(["a", "b", "c"]), [3]),
    }


@case
def unknown_rank(tf):
    p = tf.placeholder(tf.string, name="p")
    v = tf.placeholder(tf.string, name="v")
    return {
        "join": tf.string_join([p, "x"], separator="-"),
        "join_known": tf.string_join([v, tf.constant(["a", "b"])]),
        "upper": tf.strings.upper(p),
        "length": tf.strings.length(p),
        "feed": {p: [["a", "b"]], v: ["q", "r"]},
    }


@case
def edge_cases(tf):
    words = tf.constant(["abc", "", "a\u00e9\u4e2d", "\xff\xfe"])
    raw = tf.constant([b"abc", b"", b"a\xc3", b"\xe4\xb8\xad\x80"])
    empty = tf.zeros([0, 2], tf.string)
    return {
        "as_string_negative_zero_fill": tf.as_string(tf.constant([-3, 3]), width=5, fill="0"),
        "as_string_shortest_precision": tf.as_string(
            tf.constant([1 / 3, 12345.678]), precision=2, shortest=True
        ),
        "as_string_hash_fill": tf.as_string(tf.constant([1.0]), fill="#"),
        "as_string_int64_min": tf.as_string(tf.constant([-(2**63)], tf.int64)),
        "to_number_more": tf.string_to_number(
            ["0x1p-2", " +inf", "-0", "1e+5", "1E5", "-.5e-1", "INF", "-NaN"], tf.float64
        ),
        "to_number_int_zeros": tf.string_to_number(["+0", "-0", " 00 ", "-2147483648"], tf.int32),
        "length_utf8_invalid": tf.strings.length(raw, unit="UTF8_CHAR"),
        "substr_utf8_edges": tf.strings.substr(words[2:], -2, 5, unit="UTF8_CHAR"),
        "substr_to_end": tf.substr(tf.constant(["hello"]), 5, 2),
        "reduce_join_empty_axis0": tf.reduce_join(empty, 0),
        "reduce_join_empty_all": tf.reduce_join(empty),
        "regex_dot_star": tf.strings.regex_replace(tf.constant(["abc", ""]), ".*", "X"),
        "regex_empty_pattern": tf.strings.regex_replace(tf.constant(["ab"]), "", "-"),
        "regex_caret_global": tf.strings.regex_replace(tf.constant(["ab\nab"]), "^a", "X"),
        "regex_alternation_empty": tf.strings.regex_replace(tf.constant(["abc"]), "b|", "_"),
        "regex_unicode_class": tf.strings.regex_replace(words, "[^a-c]", "?"),
        "regex_full_match_empty": tf.strings.regex_full_match(words, ".*"),
        "base64_padded_input": tf.io.decode_base64(tf.constant(["YWI=", "YWJj", ""])),
        "decode_raw_float64_big": tf.io.decode_raw(
            tf.constant([b"?\xf0\x00\x00\x00\x00\x00\x00"]), tf.float64, little_endian=False
        ),
        "decode_raw_uint8_big": tf.io.decode_raw(
            tf.constant([b"ab"]), tf.uint8, little_endian=False
        ),
        "lower_upper_digits": tf.strings.upper(tf.constant(["a1-z_\xff"])),
        "strip_inner": tf.strings.strip(tf.constant([" a b ", "\x00 a \x00"])),
    }


@case
def pad_strings(tf):
    tokens = tf.constant([["a", "b"]])
    return {
        "with_a_token": tf.pad(tokens, [[1, 0], [0, 2]], constant_values="<pad>"),
        "with_empty": tf.pad(tokens, [[0, 1], [0, 0]], constant_values=""),
        "default": tf.pad(tokens, [[0, 0], [1, 1]]),
        "symmetric": tf.pad(tokens, [[0, 0], [2, 0]], mode="SYMMETRIC"),
    }


@refused
def pad_numbers_with_a_string(tf):
    return tf.pad(tf.constant([[1.0]]), [[1, 0], [0, 0]], constant_values="x")


@refused
def pad_strings_with_a_number(tf):
    return tf.pad(tf.constant([["a"]]), [[1, 0], [0, 0]], constant_values=1)


@refused
def string_times_two(tf):
    return tf.constant("a") * 2


@refused
def string_plus_int(tf):
    return tf.constant("a") + 1


@refused
def reduce_sum_of_strings(tf):
    return tf.reduce_sum(tf.constant(["a"]))


@refused
def less_on_strings(tf):
    return tf.constant("a") < tf.constant("b")


@refused
def subtract_strings(tf):
    return tf.subtract("a", "b")


@refused
def maximum_of_strings(tf):
    return tf.maximum(tf.constant("a"), tf.constant("b"))


@refused
def mixed_list(tf):
    return tf.constant(["a", 1])


@refused
def ragged_list(tf):
    return tf.constant([["a"], ["b", "c"]])


@refused
def int_as_string(tf):
    return tf.constant(1, dtype=tf.string)


@refused
def string_as_int(tf):
    return tf.constant("a", dtype=tf.int32)


@refused
def ones_like_string(tf):
    return tf.ones_like(tf.constant(["a"]))


@refused
def gradient_of_a_string(tf):
    x = tf.constant(1.0)
    return tf.gradients(tf.as_string(x), [x])


@fails
def cast_string_to_int(tf):
    return tf.cast(tf.constant("1"), tf.int32)


# -- string ops -----------------------------------------------------------------------------


@case
def joins(tf):
    c = tf.constant(WORDS)
    return {
        "join": tf.string_join([c, "x"], separator="-"),
        "strings_join": tf.strings.join(["a", "b"]),
        "three": tf.strings.join([c, c, c], separator=""),
    }


@case
def as_string(tf):
    x = tf.constant([np.nan, -np.nan, np.inf, -np.inf, 0.1, 123456789.0, 1e-7, -2.25])
    d = tf.constant([1 / 3, 1e300], tf.float64)
    return {
        "default": tf.as_string(x),
        "precision": tf.as_string(x, precision=3),
        "scientific": tf.as_string(x, scientific=True, precision=2),
        "shortest": tf.as_string(x, shortest=True),
        "width_space": tf.as_string(x, width=12, fill=" "),
        "float64": tf.as_string(d),
        "float64_shortest": tf.as_string(d, shortest=True),
        "float16": tf.as_string(tf.constant([0.1], tf.float16)),
        "ints_zero_fill": tf.as_string(tf.constant([1, 22, -3]), width=5, fill="0"),
        "ints_left": tf.as_string(tf.constant([3, -3]), width=4, fill="-"),
        "ints_plus": tf.as_string(tf.constant([3, -3]), fill="+"),
        "int64": tf.as_string(tf.constant([2**40], tf.int64)),
        "uint8": tf.as_string(tf.constant([200], tf.uint8)),
        "int8": tf.as_string(tf.constant([-2], tf.int8), width=3),
        "bools": tf.as_string(tf.constant([True, False]), width=7),
    }


@fails
def as_string_fill_not_a_flag(tf):
    return tf.as_string(tf.constant([3]), fill="x")


@fails
def as_string_precision_of_ints(tf):
    return tf.as_string(tf.constant([3]), precision=2)


@fails
def as_string_scientific_and_shortest(tf):
    return tf.as_string(tf.constant([3.0]), scientific=True, shortest=True)


@refused
def as_string_of_a_float_list_attr(tf):
    return tf.as_string(tf.constant([3.0]), precision="x")


NUMBERS = ["1.5", "-2", " 3", "1e3", "0x10", "inf", "-Infinity", "nan", "1.", ".5", "+3"]
NUMBERS += ["1e400", " 2 ", "1e-50", "0X1p3", "00012", "3.4028235e38", "0.1", "16777217"]


@case
def to_number(tf):
    return {
        "float32": tf.string_to_number(NUMBERS),
        "float64": tf.strings.to_number(NUMBERS, out_type=tf.float64),
        "int32": tf.strings.to_number(["12", "-3", "+7", " -7 ", "-2147483648"], tf.int32),
        "int64": tf.string_to_number(["99999999999", "00012"], out_type=tf.int64),
    }


@case
def to_number_rounds_as_strtof(tf):
    # Decimal strings right next to the halfway point between two floats: rounding through
    # a double first would land on the halfway point and round to even.
    return {
        "near_half": tf.string_to_number(
            ["1.00000005960464477539062500001", "1.000000059604644775390624999", "0.1"]
        )
    }


@fails
def to_number_not_a_number(tf):
    return tf.string_to_number(["1", "abc"])


@fails
def to_number_underscore(tf):
    return tf.string_to_number(["1_0"])


@fails
def to_number_empty(tf):
    return tf.string_to_number([""])


@fails
def to_number_int_overflow(tf):
    return tf.string_to_number(["2147483648"], tf.int32)


@fails
def to_number_int_of_a_float(tf):
    return tf.string_to_number(["1.0"], tf.int64)


@refused
def to_number_of_ints(tf):
    return tf.string_to_number(tf.constant([1]))


@case
def lengths_and_substr(tf):
    c = tf.constant(WORDS)
    h = tf.constant(["hello", "hi"])
    return {
        "length": tf.strings.length(c),
        "length_utf8": tf.strings.length(c, unit="UTF8_CHAR"),
        "substr": tf.substr(c, 1, 2),
        "substr_first": tf.strings.substr(c, 0, 1),
        "substr_vectors": tf.substr(h, [0, 1], [2, 5]),
        "substr_negative_len": tf.substr(h, 1, -1),
        "substr_negative_pos": tf.substr(h, -2, 1),
        "substr_utf8": tf.strings.substr(tf.constant(["héllo"]), 1, 2, unit="UTF8_CHAR"),
    }


@fails
def substr_past_the_end(tf):
    return tf.substr(tf.constant(["hello", "hi"]), 3, 2)


@fails
def substr_before_the_start(tf):
    return tf.substr(tf.constant(["hello"]), -6, 2)


@refused
def substr_pos_and_len_of_two_ranks(tf):
    return tf.substr(tf.constant(["hello"]), [1, 2], 1)


@refused
def substr_pos_and_len_of_two_dtypes(tf):
    return tf.substr(tf.constant(["hello"]), 1, tf.constant(1, tf.int64))


@refused
def length_of_ints(tf):
    return tf.strings.length(tf.constant([1]))


@refused
def length_bad_unit(tf):
    return tf.strings.length(tf.constant(["a"]), unit="X")


@refused
def join_of_an_int(tf):
    return tf.string_join(["a", tf.constant(1)])


@refused
def join_of_two_shapes(tf):
    return tf.string_join([tf.constant(["a", "b"]), tf.constant(["a", "b", "c"])])


@refused
def join_does_not_broadcast(tf):
    return tf.string_join([tf.constant([["a", "b"]]), tf.constant([["a"], ["c"]])])


@case
def strip_lower_upper(tf):
    c = tf.constant([*WORDS, ["\t\n x \v\f\r", "ÉA"]])
    return {
        "strip": tf.strings.strip(c),
        "lower": tf.strings.lower(c),
        "upper": tf.strings.upper(c),
        "string_strip": tf.string_strip(c),
    }


@case
def base64_and_raw(tf):
    s = tf.constant(["hello?>", "a", "", "\xff\xfe~"])
    return {
        "encode": tf.io.encode_base64(s),
        "encode_pad": tf.io.encode_base64(s, pad=True),
        "decode": tf.io.decode_base64(tf.constant(["aGVsbG8_Pg", "YQ==", "", "YQ"])),
        "round_trip": tf.decode_base64(tf.encode_base64(s)),
        "raw_int16": tf.decode_raw(tf.constant(["\x01\x00\x02\x00"]), tf.int16),
        "raw_big_endian": tf.io.decode_raw(
            tf.constant(["\x01\x00\x02\x00"]), tf.int16, little_endian=False
        ),
        "raw_float32": tf.decode_raw(tf.constant([b"\x00\x00\x80?", b"\x00\x00\x00@"]), tf.float32),
        "raw_scalar": tf.decode_raw(tf.constant(b"\x00\x00\x80?"), tf.float32),
        "raw_uint8": tf.io.decode_raw(tf.constant([["ab"], ["cd"]]), tf.uint8),
    }


@fails
def decode_base64_invalid(tf):
    return tf.io.decode_base64(tf.constant(["a"]))


@fails
def decode_base64_standard_alphabet(tf):
    return tf.io.decode_base64(tf.constant(["a+b/"]))


@fails
def decode_raw_uneven(tf):
    return tf.decode_raw(tf.constant(["abc", "de"]), tf.uint8)


@fails
def decode_raw_not_a_multiple(tf):
    return tf.decode_raw(tf.constant(["abc"]), tf.int16)


@case
def reduce_joins(tf):
    c = tf.constant(WORDS)
    c3 = tf.constant([[["a", "b"], ["c", "d"]], [["e", "f"], ["g", "h"]]])
    return {
        "all": tf.reduce_join(c),
        "axis0": tf.reduce_join(c, 0),
        "axis1_sep": tf.strings.reduce_join(c, axis=1, separator=","),
        "keep_dims": tf.reduce_join(c, 1, keep_dims=True),
        "both": tf.reduce_join(c, [0, 1]),
        "both_reversed": tf.reduce_join(c, [1, 0]),
        "negative": tf.reduce_join(c, [-1, 0]),
        "none": tf.reduce_join(c, []),
        "rank3": tf.reduce_join(c3, [0, 2]),
        "rank3_keep": tf.reduce_join(c3, [2, 0], keep_dims=True, separator="."),
    }


@refused
def reduce_join_axis_out_of_range(tf):
    return tf.reduce_join(tf.constant([["a", "b"]]), 2)


@case
def regexes(tf):
    c = tf.constant([*WORDS, ["a1b22c333", "x\ny\n"]])
    return {
        "replace": tf.regex_replace(c, "b|d", "X"),
        "replace_first": tf.strings.regex_replace(c, "[a-z]", "_", replace_global=False),
        "groups": tf.strings.regex_replace(c, r"([a-z])(\d+)", r"<\2\1>"),
        "whole_match": tf.strings.regex_replace(c, r"\d+", r"[\0]"),
        "empty_matches": tf.strings.regex_replace(c, "x*", "-"),
        "empty_first": tf.strings.regex_replace(c, "x*", "-", replace_global=False),
        "dollar": tf.strings.regex_replace(c, "$", "END"),
        "anchored": tf.strings.regex_replace(c, "^.", "S"),
        "space_class": tf.strings.regex_replace(c, r"\s", "_"),
        "word_boundary": tf.strings.regex_replace(c, r"\b", "|"),
        "literal_brace": tf.strings.regex_replace(c, "a{,3}", "!"),
        "repeat": tf.strings.regex_replace(c, "3{2}", "!"),
        "lazy": tf.strings.regex_replace(c, "a.*?3", "!"),
        "utf8_dot": tf.strings.regex_replace(c, "f.", "F"),
        "backslash": tf.strings.regex_replace(c, "b", r"\\"),
        "full_match": tf.strings.regex_full_match(c, "[a-z]+"),
        "full_match_dollar": tf.strings.regex_full_match(c, r"x\ny\n"),
        "full_match_alternation": tf.strings.regex_full_match(c, "a|ab"),
    }


@case
def regex_of_tensors(tf):
    c = tf.constant(["abc", "xbx"])
    p = tf.placeholder(tf.string, [], name="p")
    return {
        "fed_pattern": tf.strings.regex_replace(c, p, "Y"),
        "constant_pattern": tf.strings.regex_replace(c, tf.constant("b"), tf.constant("<\\0>")),
        "first_only": tf.strings.regex_replace(c, p, "Z", replace_global=False),
        "full_match": tf.strings.regex_full_match(c, tf.constant("a.c")),
        "feed": {p: "b|x"},
    }


@case
def regex_flags(tf):
    c = tf.constant(["Ab\naB\n", "xAy", "a\nb"])
    return {
        "ignore_case": tf.strings.regex_replace(c, "(?i)ab", "-"),
        "multiline": tf.strings.regex_replace(c, "(?m)^a|b$", "#"),
        "dot_all": tf.strings.regex_full_match(c, "(?s)a.b"),
        "mixed": tf.strings.regex_replace(c, "(?im)^ab$", "!"),
    }


@case
def splits(tf):
    s1 = tf.string_split(["a b  c", "d", ""])
    s2 = tf.string_split(["abc", ""], delimiter="")
    s3 = tf.string_split(["a,b;c,,d"], delimiter=",;", skip_empty=False)
    s4 = tf.strings.split(["  a b\tc  ", ""], maxsplit=1)
    s5 = tf.strings.split(["a<>b<><>c", ""], sep="<>")
    s6 = tf.string_split(["", "a", " "], skip_empty=False)
    s7 = tf.strings.split(["", " a  b ", "\tc\n"])
    splits = {"spaces": s1, "bytes": s2, "chars": s3, "v2_white": s4, "v2_sep": s5}
    splits |= {"keep_empty": s6, "v2_default": s7}
    out = {}
    for k, sp in splits.items():
        out |= {f"{k}_indices": sp.indices, f"{k}_values": sp.values, f"{k}_shape": sp.dense_shape}
    return out


# Every length 0..200 (FarmHash and SipHash take a branch per length range), of bytes
# drawn from a fixed seed (high bytes included).
_HASHED = [bytes(np.random.default_rng(n).integers(0, 256, n, dtype=np.uint8)) for n in range(201)]
_HASHED += [b"hello", "héllo".encode(), b"a" * 1000]


@case
def hash_buckets(tf):
    s = tf.constant(np.array(_HASHED, dtype=object))
    return {
        "fast": tf.strings.to_hash_bucket_fast(s, 2**62),
        "fast_small": tf.string_to_hash_bucket_fast(s, 7),
        "strong": tf.strings.to_hash_bucket_strong(s, 2**62, [1, 2]),
        "strong_big_key": tf.string_to_hash_bucket_strong(s, 1000, [2**63 - 1, 12345]),
        "legacy": tf.string_to_hash_bucket(s, 2**62),
        "legacy_small": tf.strings.to_hash_bucket(s, 11),
    }


@refused
def hash_bucket_of_no_buckets(tf):
    return tf.strings.to_hash_bucket_fast(tf.constant(["a"]), 0)


@case
def csv(tf):
    records = ["1,2.5,a", '3,,"b,""c"""', " 7 ,0x10,", '-2,inf,"x\ny"']
    defaults = [[0], [1.0], ["dflt"]]
    required = [tf.constant([], tf.int64), tf.constant([0.5], tf.float64), [""]]
    out = {}
    for k, t in enumerate(tf.decode_csv(records, defaults)):
        out[f"basic_{k}"] = t
    for k, t in enumerate(tf.io.decode_csv(records, required, name="required")):
        out[f"required_{k}"] = t
    semi = tf.decode_csv([["NA;2"], ["3;NA"]], [[7], [8]], field_delim=";", na_value="NA")
    out |= {"na_0": semi[0], "na_1": semi[1]}
    raw = tf.decode_csv(['"a",x', "b,y"], [[""], [""]], use_quote_delim=False)
    out |= {"unquoted_0": raw[0], "unquoted_1": raw[1]}
    picked = tf.decode_csv(["1,2,3,4", '5,6,7,8,a"b'], [[0], [0]], select_cols=[1, 3])
    out |= {"select_0": picked[0], "select_1": picked[1]}
    scalar = tf.decode_csv("1,", [[0], [9]])
    out |= {"scalar_0": scalar[0], "scalar_1": scalar[1]}
    return out


@case
def csv_edges(tf):
    out = {}
    cases = {
        "empty_quoted_and_spaces": (['"",  ,x'], [["d"], ["e"], ["f"]], {}),
        "quoted_delimiters": (['"a;b";"c""d"'], [[""], [""]], {"field_delim": ";"}),
        "tab": (["1\t2.5"], [[0], [0.0]], {"field_delim": "\t"}),
        "float_forms": (["1e3,-.5,+2,inf"], [[0.0]] * 4, {}),
        "na_strings": (["NA,x"], [["dflt"], [""]], {"na_value": "NA"}),
        "select_first": (["9,8,7"], [[0]], {"select_cols": [0]}),
        "int64_big": (["-9223372036854775808"], [tf.constant([0], tf.int64)], {}),
        "float64_exact": (["0.1"], [tf.constant([0.0], tf.float64)], {}),
    }
    for name, (records, defaults, kwargs) in cases.items():
        for k, t in enumerate(tf.decode_csv(records, defaults, **kwargs)):
            out[f"{name}_{k}"] = t
    return out


@case
def lookup_edges(tf):
    ints = tf.lookup.KeyValueTensorInitializer(
        tf.constant([7, -1], tf.int64), tf.constant(["seven", "minus"])
    )
    by_int = tf.lookup.StaticHashTable(ints, "none", name="by_int")
    floats = tf.lookup.KeyValueTensorInitializer(["a"], tf.constant([0.5], tf.float64))
    to_float = tf.lookup.StaticHashTable(floats, -1.0, name="to_float")
    return {
        "by_int": by_int.lookup(tf.constant([[7, 8], [-1, 7]], tf.int64)),
        "to_float": to_float.lookup(tf.constant(["a", "b"])),
        "empty_keys": to_float.lookup(tf.zeros([0], tf.string)),
        "size": by_int.size(),
    }


@fails
def csv_too_many_fields(tf):
    return tf.decode_csv(["1,2,3"], [[0], [0]])


@fails
def csv_too_few_fields(tf):
    return tf.decode_csv(["1"], [[0], [0]])


@fails
def csv_empty_record(tf):
    return tf.decode_csv([""], [[1]])


@fails
def csv_required_missing(tf):
    return tf.decode_csv([",2"], [tf.constant([], tf.int32), [0]])


@fails
def csv_not_an_int(tf):
    return tf.decode_csv(["1.0,1"], [[0], [0]])


@fails
def csv_int32_overflow(tf):
    return tf.decode_csv(["99999999999,2"], [[0], [0]])


@fails
def csv_quote_in_an_unquoted_field(tf):
    return tf.decode_csv(['a"b,x'], [[""], [""]])


@fails
def csv_text_after_a_closing_quote(tf):
    return tf.decode_csv(['"ab"c,x'], [[""], [""]])


@fails
def csv_unterminated_quote(tf):
    return tf.decode_csv(['1,"ab'], [[0], [""]])


@fails
def csv_newline_in_an_unquoted_field(tf):
    return tf.decode_csv(["a\nb,1"], [[""], [0]])


@fails
def csv_select_past_the_record(tf):
    return tf.decode_csv(["1,2"], [[0], [0]], select_cols=[1, 3])


@fails
def csv_two_char_delimiter(tf):
    return tf.decode_csv(["1"], [[1]], field_delim=";;")


@refused
def csv_bool_default(tf):
    return tf.decode_csv(["1"], [[True]])


@refused
def csv_default_of_rank_two(tf):
    return tf.decode_csv(["1"], [[[1]]])


@refused
def csv_select_unsorted(tf):
    return tf.decode_csv(["1,2,3,4"], [[0], [0]], select_cols=[3, 1])


@case
def strings_format(tf):
    x = tf.constant([1.5, 2.0, 1e-7, np.nan, -np.nan, np.inf, 123456.7, 1e10])
    cube = tf.reshape(tf.range(24), [2, 3, 4])
    return {
        "mixed": tf.strings.format("x={} y={}", [tf.constant([1, 22]), tf.constant("q")]),
        "floats": tf.strings.format("{}", x, summarize=-1),
        "float64": tf.strings.format("{}", tf.constant([0.1, 1 / 3, -0.0], tf.float64)),
        "long": tf.strings.format("{}", tf.range(10)),
        "summarize": tf.strings.format("{}", tf.range(10), summarize=2),
        "matrix": tf.strings.format("{}", tf.reshape(tf.range(6), [2, 3])),
        "cube": tf.strings.format("<{}>", cube, summarize=1),
        "strings": tf.strings.format("{}", tf.constant([["a", 'b"\n\xff']])),
        "placeholder": tf.strings.format("x=%s!", [tf.constant(1)], placeholder="%s"),
        "bools_and_bytes": tf.strings.format(
            "{} {}", [tf.constant([True, False]), tf.constant([200], tf.uint8)]
        ),
        "empty": tf.strings.format("{}", tf.zeros([0])),
        "scalar": tf.strings.format("{}", tf.constant(0.1)),
    }


@refused
def strings_format_placeholder_count(tf):
    return tf.strings.format("{} {}", [tf.constant(1)])


# -- lookup tables ----------------------------------------------------------------------------


def _lookup(tf):
    """TF1's `tf.contrib.lookup` (graphgate's), or where TF 2's compat.v1 keeps it."""
    if tf.__name__.startswith("graphgate"):
        return tf.contrib.lookup
    from tensorflow.python.ops import lookup_ops

    return lookup_ops


@case
def lookup_tables(tf):
    lk = _lookup(tf)
    init = tf.lookup.KeyValueTensorInitializer(["a", "b", "c"], tf.constant([1, 2, 3], tf.int64))
    table = tf.lookup.StaticHashTable(init, -1)
    floats = lk.HashTable(lk.KeyValueTensorInitializer([3, 5], [0.5, 1.5]), 9.0, name="floats")
    oov = lk.index_table_from_tensor(tf.constant(["x", "y"]), num_oov_buckets=3)
    words = lk.index_to_string_table_from_tensor(tf.constant(["x", "y"]))
    plain = lk.index_table_from_tensor(["x", "y"], default_value=7)
    return {
        "found": table.lookup(tf.constant(["a", "z", "c"])),
        "size": table.size(),
        "floats": floats.lookup(tf.constant([[5, 4], [3, 3]])),
        "oov": oov.lookup(tf.constant(["y", "q", "x", "zz"])),
        "words": words.lookup(tf.constant([1, 0, 5, -1], tf.int64)),
        "plain": plain.lookup(tf.constant([["y", "q"]])),
    }


@case
def vocabulary_table(tf):
    init = tf.lookup.KeyValueTensorInitializer(["a", "b"], tf.constant([0, 1], tf.int64))
    table = tf.lookup.StaticVocabularyTable(init, 3)
    return {"ids": table.lookup(tf.constant(["b", "zz", "a", "q"])), "size": table.size()}


@case
def integer_keys_with_oov_buckets(tf):
    # An integer key outside the vocabulary hashes as its decimal text (`as_string` of
    # the key cast to int64), an int32 key looked up in an int64 table.
    lk = _lookup(tf)
    ids = lk.index_table_from_tensor(tf.constant([7, 8, 9], tf.int64), 5, dtype=tf.int64)
    init = tf.lookup.KeyValueTensorInitializer(
        tf.constant([3, 1, 4], tf.int64), tf.constant([0, 1, 2], tf.int64)
    )
    vocabulary = tf.lookup.StaticVocabularyTable(init, 3, lookup_key_dtype=tf.int32)
    return {
        "ids": ids.lookup(tf.constant([8, 1, 2, 3, 9, 100, -7, 2**62], tf.int64)),
        "vocabulary": vocabulary.lookup(tf.constant([4, 1, 5, 9, 2, 6, -1], tf.int32)),
        "size": vocabulary.size(),
    }


@fails
def lookup_before_the_tables_initializer(tf):
    init = tf.lookup.KeyValueTensorInitializer(["a"], tf.constant([1], tf.int64))
    return tf.lookup.StaticHashTable(init, -1).lookup(tf.constant(["a"]))


@fails
def lookup_of_a_key_given_two_values(tf):
    init = tf.lookup.KeyValueTensorInitializer(["a", "a"], tf.constant([1, 2], tf.int64))
    table = tf.lookup.StaticHashTable(init, -1)
    with tf.control_dependencies([tf.tables_initializer()]):
        return table.size()


@refused
def lookup_with_keys_of_another_dtype(tf):
    init = tf.lookup.KeyValueTensorInitializer(["a"], tf.constant([1], tf.int64))
    return tf.lookup.StaticHashTable(init, -1).lookup(tf.constant([1]))


@refused
def lookup_default_of_another_dtype(tf):
    init = tf.lookup.KeyValueTensorInitializer(["a"], tf.constant([1], tf.int64))
    return tf.lookup.StaticHashTable(init, "x")


@refused
def split_of_a_scalar(tf):
    return tf.string_split("a b")


@refused
def split_of_a_matrix(tf):
    return tf.string_split([["a b"]])


# -- recording ------------------------------------------------------------------------------


def encode(value) -> dict:
    # A fetched string scalar is `bytes`: np.asarray would make it 'S', dropping trailing
    # NUL bytes.
    arr = np.array(value, dtype=object) if isinstance(value, bytes) else np.asarray(value)
    if arr.dtype.kind in "OSU":
        data = [base64.b64encode(bytes(v)).decode() for v in arr.reshape(-1)]
        return {"dtype": "string", "shape": list(arr.shape), "b64": data}
    data = arr.reshape(-1).tolist()
    if arr.dtype.kind == "f":
        data = [repr(v) if not np.isfinite(v) else v for v in data]
    return {"dtype": arr.dtype.name, "shape": list(arr.shape), "data": data}


def run_case(tf, build) -> dict:
    g = tf.Graph()
    with g.as_default():
        outs = build(tf)
        feed = outs.pop("feed", {})
        init = tf.group(tf.global_variables_initializer(), tf.tables_initializer())
    with tf.Session(graph=g) as sess:
        sess.run(init)
        values = sess.run(outs, feed)
    return {
        k: {
            **encode(values[k]),
            "tf_dtype": t.dtype.name,
            "static": None if t.shape.ndims is None else t.shape.as_list(),
            "op": t.op.name,
        }
        for k, t in outs.items()
    }


def raised(tf, build) -> str:
    with tf.Graph().as_default():
        try:
            build(tf)
        except Exception as e:
            return type(e).__name__
    return "nothing"


def failed(tf, build) -> str:
    g = tf.Graph()
    with g.as_default():
        out = build(tf)
    try:
        with tf.Session(graph=g) as sess:
            sess.run(out)
    except Exception as e:
        return type(e).__name__
    return "nothing"


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    tf.disable_v2_tensorshape()
    doc = {
        "tensorflow": tf.__version__,
        "cases": {n: run_case(tf, b) for n, b in CASES.items()},
        "errors": {n: raised(tf, b) for n, b in ERRORS.items()},
        "fails": {n: failed(tf, b) for n, b in FAILS.items()},
        "dtype": {
            "as_numpy_dtype": tf.string.as_numpy_dtype.__name__,
            "enum": tf.string.as_datatype_enum,
            "size": tf.string.size,
            "names": {
                k: tf.as_dtype(v).name
                for k, v in {"object": object, "np_object": np.object_, "enum": 7}.items()
            },
        },
    }
    json.dump(doc, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    import sys

    main()
