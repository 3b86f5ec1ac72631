"""`tf.raw_ops`' string ops with attributes (see raw_ops.py), built by the public
functions that own them (`gg.strings.length` builds StringLength).
"""

from __future__ import annotations

from . import dtypes as _dt
from .errors import error
from .op_results import result_type
from .raw_op_attrs import dtype_in, gg, named, one_of

_UNITS = ("BYTE", "UTF8_CHAR")


def StringJoin(*, inputs, separator="", name=None):
    return gg().string_join(inputs, separator, name=name or "StringJoin")


def StringLength(*, input, unit="BYTE", name=None):
    unit = one_of("StringLength", "unit", unit, _UNITS)
    return gg().strings.length(input, name=name or "StringLength", unit=unit)


def StringLower(*, input, encoding="", name=None):
    return gg().strings.lower(input, encoding, name=name or "StringLower")


def StringUpper(*, input, encoding="", name=None):
    return gg().strings.upper(input, encoding, name=name or "StringUpper")


def StringToNumber(*, string_tensor, out_type=_dt.float32, name=None):
    allowed = (_dt.float32, _dt.float64, _dt.int32, _dt.int64, _dt.uint32, _dt.uint64)
    out_type = dtype_in("StringToNumber", "out_type", out_type, allowed)
    return gg().string_to_number(string_tensor, out_type, name=name or "StringToNumber")


def StringToHashBucket(*, string_tensor, num_buckets, name=None):
    return gg().string_to_hash_bucket(string_tensor, num_buckets, name=name or "StringToHashBucket")


def StringToHashBucketFast(*, input, num_buckets, name=None):
    return gg().string_to_hash_bucket_fast(
        input, num_buckets, name=name or "StringToHashBucketFast"
    )


def StringToHashBucketStrong(*, input, num_buckets, key, name=None):
    return gg().string_to_hash_bucket_strong(
        input, num_buckets, key, name=name or "StringToHashBucketStrong"
    )


def Substr(*, input, pos, len, unit="BYTE", name=None):
    unit = one_of("Substr", "unit", unit, _UNITS)
    return gg().substr(input, pos, len, name=name or "Substr", unit=unit)


def RegexReplace(*, input, pattern, rewrite, replace_global=True, name=None):
    return gg().regex_replace(input, pattern, rewrite, bool(replace_global), name or "RegexReplace")


def StaticRegexReplace(*, input, pattern, rewrite, replace_global=True, name=None):
    return gg().regex_replace(
        input, pattern, rewrite, bool(replace_global), name or "StaticRegexReplace"
    )


def StaticRegexFullMatch(*, input, pattern, name=None):
    return gg().strings.regex_full_match(input, pattern, name=name or "StaticRegexFullMatch")


def AsString(
    *, input, precision=-1, scientific=False, shortest=False, width=-1, fill="", name=None
):
    if not isinstance(fill, str) or len(fill) > 1:
        raise error("INVALID_ATTR", f"AsString: fill must be at most one character, got {fill!r}")
    return gg().as_string(
        input, precision, bool(scientific), bool(shortest), width, fill, name=name or "AsString"
    )


def EncodeBase64(*, input, pad=False, name=None):
    return gg().encode_base64(input, bool(pad), name=name or "EncodeBase64")


def DecodeRaw(*, bytes, out_type, little_endian=True, name=None):
    return gg().decode_raw(bytes, out_type, bool(little_endian), name=name or "DecodeRaw")


def DecodeCSV(
    *,
    records,
    record_defaults,
    field_delim=",",
    use_quote_delim=True,
    na_value="",
    select_cols=[],  # noqa: B006 - TF's default, never mutated
    name=None,
):
    return gg().decode_csv(
        records,
        record_defaults,
        field_delim,
        bool(use_quote_delim),
        name=name or "DecodeCSV",
        na_value=na_value,
        select_cols=list(select_cols) or None,
    )


def ParseTensor(*, serialized, out_type, name=None):
    return gg().parse_tensor(serialized, out_type, name=name or "ParseTensor")


_SPLIT = result_type("StringSplitV2")


def StringSplitV2(*, input, sep, maxsplit=-1, name=None):
    sparse = gg().strings.split(input, sep, maxsplit, name=name or "StringSplitV2")
    return _SPLIT(*sparse.indices.op.outputs)  # the op's three outputs, as TF's


NAMES = [
    "StringJoin",
    "StringLength",
    "StringLower",
    "StringUpper",
    "StringToNumber",
    "StringToHashBucket",
    "StringToHashBucketFast",
    "StringToHashBucketStrong",
    "Substr",
    "RegexReplace",
    "StaticRegexReplace",
    "StaticRegexFullMatch",
    "AsString",
    "EncodeBase64",
    "DecodeRaw",
    "StringSplitV2",
    "DecodeCSV",
    "ParseTensor",
]
for _name in NAMES:
    named(_name, globals()[_name])
