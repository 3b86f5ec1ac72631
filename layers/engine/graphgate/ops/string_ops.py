"""TF1's string ops (`tf.strings`, `tf.string_join`, `tf.as_string`, ...) on string tensors.

A string tensor is a numpy object array of `bytes`; kernels work entry by entry. Every op
here is not differentiable (TF1 has no gradient through strings). Where TF's kernel rejects
an attribute when it runs (AsString's format flags, a position out of range), so does this
one, at run time, with TF's InvalidArgumentError.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import decimal
import functools
import itertools
import math
import operator
import re
import unicodedata
from fractions import Fraction
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import GraphgateError, error
from ..graph import Tensor, convert_to_tensor, get_default_graph, op_inputs
from ..limits import check_run_time_size, check_string_bytes, check_working_bytes
from ..number_text import read_integer
from ..ragged_tensor import RaggedTensor
from ..sparse_tensor import SparseTensor
from .regex_translate import ascii_only, compile_re2, re2_rewrite
from .registry import (
    REQUIRED,
    VARIADIC,
    InferenceError,
    broadcast_shapes,
    check_dtype,
    merge_dim,
    norm_axis,
    not_differentiable,
    register_op,
)
from .shape_values import static_int, static_ints
from .string_hash import fingerprint64, hash64, siphash24


def _strings_in(types: list, *which: int) -> None:
    for k in which or range(len(types)):
        if types[k] is not _dt.string:
            raise InferenceError(
                "DTYPE_MISMATCH",
                f"input {k} must be a string tensor, got {types[k].name}",
                expected="string",
                got=types[k].name,
            )


def _map(fn, x: np.ndarray, otype: Any = object) -> np.ndarray:
    """`fn` on every entry of the object array `x`, as an array of `otype`."""
    # `bytes` as 'S' would drop trailing NUL bytes: an object array keeps them.
    x = np.asarray(x, dtype=object if isinstance(x, bytes) else None)
    flat = [fn(v) for v in x.reshape(-1)]
    out = np.empty(len(flat), otype)
    out[:] = flat
    return out.reshape(x.shape)


def _op(type_: str, inputs: tuple, attrs: dict, name: str | None, default: str) -> Tensor:
    graph, ts, name = op_inputs(inputs, name, default, ("input",))
    return graph.create_op(type_, tuple(ts), attrs, name).outputs[0]


def _unary_string_infer(out: Any = None):
    def infer(shapes, types, attrs):
        _strings_in(types, 0)
        return [(shapes[0], out or _dt.string)]

    return infer


def _scoped_op(
    type_: str, value: Any, attrs: dict, name: str | None, scope: str, arg: str
) -> list[Tensor]:
    """The outputs of op `type_` named as TF's Python wrappers name it: `scope/type_`."""
    graph = value.op.graph if isinstance(value, Tensor) else get_default_graph()
    with graph.as_default(), graph.name_scope(name or scope):
        x = convert_to_tensor(value, name=arg)
        return graph.create_op(type_, (x,), attrs, type_).outputs


# -- join -----------------------------------------------------------------------------------


def _join_infer(shapes, types, attrs):
    _strings_in(types)
    if all(s == () for s in shapes):
        return [((), _dt.string)]
    # TF's shape function: the non-scalars of known rank merge (no broadcasting of [1, 2]
    # with [2, 1]); an input of unknown rank may be a scalar, so it constrains nothing.
    out: tuple | None = None
    for s in shapes:
        if s is None or s == ():
            continue
        if out is not None and len(out) != len(s):
            raise InferenceError(
                "SHAPE_MISMATCH", f"string_join's inputs have shapes {list(out)} and {list(s)}"
            )
        out = (
            s
            if out is None
            else tuple(merge_dim(a, b, "string_join") for a, b in zip(out, s, strict=True))
        )
    return [(out, _dt.string)]


@register_op(
    "StringJoin",
    arity=(0, VARIADIC),
    infer=_join_infer,
    attrs={"separator": ("str", "")},
    needs_state=True,
    unknown_rank_ok=True,
)
def _string_join(op):
    sep = op.attrs.get("separator", "").encode()

    def kernel(state, *xs):
        if not xs:  # TF joins no inputs into one empty string
            return np.array(b"", object)
        shapes = {np.shape(x) for x in xs if np.ndim(x)}
        if len(shapes) > 1:
            raise error("COMPUTE_ERROR", f"string_join's inputs have shapes {sorted(shapes)}")
        arrays = np.broadcast_arrays(*(np.asarray(x, object) for x in xs))
        size = sum(int(np.sum(_dt.string_lengths(a))) for a in arrays)
        check_string_bytes(state, op, size + len(sep) * (len(xs) - 1) * arrays[0].size)
        flat = [a.reshape(-1) for a in arrays]
        out = np.empty(flat[0].size, object)
        out[:] = [sep.join(parts) for parts in zip(*flat, strict=True)]
        return out.reshape(arrays[0].shape)

    return kernel


def attr_text(value: Any, what: str) -> Any:
    """A string attribute given as bytes (TF's attributes are bytes: `separator=b"|"`) as
    the text a document holds; bytes that are no UTF-8 are refused by name, where the
    kernels met them as an AttributeError (a 500)."""
    if not isinstance(value, bytes):
        return value
    try:
        return value.decode()
    except UnicodeDecodeError:
        raise error("INVALID_ATTR", f"{what} {value!r} is not UTF-8 text") from None


def string_join(inputs: list, separator: str = "", name: str | None = None) -> Tensor:
    """Join string tensors entry by entry with `separator` (scalars broadcast)."""
    separator = attr_text(separator, "string_join's separator")
    if any(isinstance(x, RaggedTensor) for x in inputs):
        from ..ragged_ops import string_join as ragged_join

        return ragged_join(inputs, string_join, separator, name)
    if not inputs:  # TF's StringJoin of no inputs: a scalar empty string
        graph = get_default_graph()
        return graph.create_op(
            "StringJoin", (), {"separator": separator}, name or "StringJoin"
        ).outputs[0]
    graph, ts, name = op_inputs(tuple(inputs), name, "StringJoin", ())
    return graph.create_op("StringJoin", tuple(ts), {"separator": separator}, name).outputs[0]


def join(inputs: list, separator: str = "", name: str | None = None) -> Tensor:
    """`tf.strings.join`: `string_join`."""
    return string_join(inputs, separator, name)


# -- as_string ------------------------------------------------------------------------------

_COMPLEX = _dt.COMPLEX
_AS_STRING_TYPES = _dt.NUMERIC | _dt.SMALL_INTS | _COMPLEX | frozenset((_dt.bool_, _dt.string))


def _as_string_infer(shapes, types, attrs):
    if types[0] not in _AS_STRING_TYPES:
        check_dtype(types[0], "numeric")
    return [(shapes[0], _dt.string)]


_AS_STRING_ATTRS = {
    "precision": ("int", -1),
    "scientific": ("bool", False),
    "shortest": ("bool", False),
    "width": ("int", -1),
    "fill": ("str", ""),
}


def _as_string_format(op) -> str:
    """TF's printf format for AsString's attributes, refused as TF's kernel refuses them."""
    a = {k: op.attrs.get(k, d) for k, (_, d) in _AS_STRING_ATTRS.items()}
    floating = op.inputs[0].dtype in _dt.FLOATS | _COMPLEX
    bad = None
    if len(a["fill"]) > 1:
        bad = "Fill string must be one or fewer characters"
    elif a["fill"] and a["fill"] not in " +-0#":
        bad = f"Fill argument not supported: {a['fill']!r}"
    elif a["scientific"] and a["shortest"]:
        bad = "Cannot select both scientific and shortest notation"
    elif not floating and (a["scientific"] or a["shortest"] or a["precision"] > -1):
        bad = "scientific, shortest and precision are only supported for floats"
    if bad:
        raise error("INVALID_ATTR", bad, node=op.name)
    fill = a["fill"]
    if fill in (" ", "+") and op.inputs[0].dtype.is_unsigned:
        fill = ""  # TF writes unsigned ints with %u, which takes no sign flag
    fmt = "%" + fill
    if a["width"] > -1:
        fmt += str(a["width"])
    if a["precision"] > -1:
        fmt += f".{a['precision']}"
    if not floating:
        return fmt + "d"
    return fmt + ("g" if a["shortest"] else "e" if a["scientific"] else "f")


def _format_float(fmt: str, v: float) -> bytes:
    v = float(v)
    if not math.isfinite(v):
        # C's printf pads an infinity or NaN with spaces whatever its 0 flag says (Python's
        # zero-pads: "%08f" % inf is 00000inf, TF's "     inf").
        fmt = fmt.replace("%0", "%", 1)
    if v != v:  # printf writes a NaN as the infinity of its sign, spelled nan
        return (fmt % math.copysign(math.inf, v)).replace("inf", "nan").encode()
    return (fmt % v).encode()


@register_op(
    "AsString",
    arity=1,
    infer=_as_string_infer,
    attrs=dict(_AS_STRING_ATTRS),
    needs_state=True,
    unknown_rank_ok=True,
)
def _as_string(op):
    dtype = op.inputs[0].dtype
    if dtype is _dt.string:
        return lambda state, x: x
    fmt = _as_string_format(op)
    if dtype is _dt.bool_:
        one = _bool_text
    elif dtype in _dt.FLOATS:
        one = functools.partial(_format_float, fmt)
    elif dtype in _COMPLEX:
        one = functools.partial(_format_complex, fmt)
    else:
        one = functools.partial(_format_int, fmt)
    # A number's text is short; a width is the caller's, checked before it is written.
    width = max(op.attrs.get("width", -1), 0)
    digits = _float_digits(op) if dtype in _dt.FLOATS | _COMPLEX else None

    def kernel(state, x):
        each = width if digits is None else max(width, digits(x))
        check_string_bytes(state, op, np.size(x) * each)
        return _map(one, x)

    return kernel


def _float_digits(op):
    """The fewest bytes the float format writes for the largest of `x`: its precision's
    digits (a precision of 10**6 writes a megabyte per number) and, in fixed notation, the
    integer digits of the largest finite magnitude (1e308 has 309): a bound the kernel's
    text never falls below, so a caller's attributes cannot write past the limit unchecked."""
    fixed = not (op.attrs.get("scientific", False) or op.attrs.get("shortest", False))
    precision = op.attrs.get("precision", -1)
    complex_ = op.inputs[0].dtype in _COMPLEX

    def digits(x) -> int:
        x = np.asarray(x)
        if complex_:  # each part written on its own
            x = np.concatenate([x.real.reshape(-1), x.imag.reshape(-1)])
        n = max(precision, 0)
        if fixed and x.size:
            finite = np.abs(x[np.isfinite(x)])
            n += len(f"{float(finite.max()):.0f}") if finite.size else 0
        return 2 * n if complex_ else n

    return digits


def _format_complex(fmt: str, v) -> bytes:
    # TF's format for a complex number: "(" + the float format + "," + it again + ")".
    return b"(" + _format_float(fmt, v.real) + b"," + _format_float(fmt, v.imag) + b")"


def _bool_text(v) -> bytes:
    return b"true" if v else b"false"


def _format_int(fmt: str, v) -> bytes:
    return (fmt % int(v)).encode()


def as_string(
    input: Any,
    precision: int = -1,
    scientific: bool = False,
    shortest: bool = False,
    width: int = -1,
    fill: str = "",
    name: str | None = None,
) -> Tensor:
    """Numbers and bools as strings, formatted as TF's printf-based AsString."""
    attrs = {
        "precision": precision,
        "scientific": scientific,
        "shortest": shortest,
        "width": width,
        "fill": fill,
    }
    for key, (kind, _) in _AS_STRING_ATTRS.items():
        want = {"int": int, "bool": bool, "str": str}[kind]
        if not isinstance(attrs[key], want) or (want is int and isinstance(attrs[key], bool)):
            raise error("INVALID_ATTR", f"as_string's {key} must be {kind}, got {attrs[key]!r}")
    return _op("AsString", (input,), attrs, name, "AsString")


# -- string_to_number -----------------------------------------------------------------------

_NUMBER_TYPES = frozenset((_dt.float32, _dt.float64, _dt.int32, _dt.int64))
_WS = b" \t\n\v\f\r"
_DECIMAL = re.compile(rb"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_SPECIAL = re.compile(rb"[+-]?(inf|infinity|nan)", re.IGNORECASE)
_HEX = re.compile(rb"[+-]?0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)([pP][+-]?\d+)?")


def _to_float32(text: bytes, d: float) -> np.float32:
    """`d` (the double nearest `text`) rounded to float32 as strtof rounds `text` itself:
    rounding twice differs from once only when `d` lands exactly between two floats."""
    f = np.float32(d)
    if not math.isfinite(d) or float(f) == d:
        return f
    other = np.nextafter(f, np.float32(math.copysign(math.inf, d - float(f))))
    if not (np.isfinite(f) and np.isfinite(other)):
        return f
    mid = (Fraction(float(f)) + Fraction(float(other))) / 2
    if Fraction(d) != mid or not _DECIMAL.fullmatch(text):
        return f
    exact = Fraction(decimal.Decimal(text.decode()))  # Fraction(str) reads digits by int()
    if exact == mid:
        return f
    return other if abs(exact - Fraction(float(other))) < abs(exact - Fraction(float(f))) else f


def _parse_float(raw: bytes) -> float | None:
    text = raw.strip(_WS)
    if _DECIMAL.fullmatch(text) or _SPECIAL.fullmatch(text):
        return float(text)
    if _HEX.fullmatch(text):
        try:
            return float.fromhex(text.decode())
        except OverflowError:  # past a double: strtod's infinity, which TF answers
            return -math.inf if text.startswith(b"-") else math.inf
    return None


def _number_kernel(op):
    out = op.attrs.get("out_type", _dt.float32)
    lo, hi = (
        (int(np.iinfo(out.dtype).min), int(np.iinfo(out.dtype).max)) if out in _dt.INTS else (0, 0)
    )

    def one(raw: bytes):
        if out in _dt.INTS:
            value = read_integer(raw, lo, hi)
            if value is not None:
                return value
        else:
            value = _parse_float(raw)
            if value is not None:
                if out is _dt.float32:
                    return _to_float32(raw.strip(_WS), value)
                return value
        raise error(
            "COMPUTE_ERROR",
            f"StringToNumberOp could not correctly convert string: {raw[:64]!r}",
            node=op.name,
        )

    return lambda x: _map(one, x, out.dtype)


def _number_infer(shapes, types, attrs):
    _strings_in(types, 0)
    out = attrs.get("out_type", _dt.float32)
    if out not in _NUMBER_TYPES:
        raise InferenceError("UNSUPPORTED_DTYPE", f"string_to_number cannot make {out.name}")
    return [(shapes[0], out)]


register_op(
    "StringToNumber",
    arity=1,
    infer=_number_infer,
    attrs={"out_type": ("dtype", _dt.float32)},
    unknown_rank_ok=True,
)(_number_kernel)


def string_to_number(
    string_tensor: Any = None, out_type: Any = _dt.float32, name: str | None = None, input=None
) -> Tensor:
    """Parse numbers (decimal, hex floats, inf and nan for floats); a string that is not
    one fails the run with InvalidArgumentError, as TF's."""
    value = string_tensor if input is None else input
    attrs = {"out_type": _dt.as_dtype(out_type)}
    return _op("StringToNumber", (value,), attrs, name, "StringToNumber")


# TF1's `tf.strings.to_number` is `string_to_number` itself (`string_tensor` or `input`).
to_number = string_to_number


# -- length, substr -------------------------------------------------------------------------

_UNITS = ("BYTE", "UTF8_CHAR")


def _check_unit(unit: str, what: str) -> str:
    if unit not in _UNITS:
        raise error(
            "INVALID_ATTR",
            f"Attr 'unit' of '{what}' Op passed string {unit!r} not in BYTE, UTF8_CHAR",
        )
    return unit


def _utf8_length(b: bytes) -> int:
    # TF counts the bytes that do not continue a character (not 0b10xxxxxx).
    return sum(1 for c in b if c & 0xC0 != 0x80)


@register_op(
    "StringLength",
    arity=1,
    infer=_unary_string_infer(_dt.int32),
    attrs={"unit": ("str", "BYTE")},
    unknown_rank_ok=True,
)
def _string_length(op):
    count = _utf8_length if op.attrs.get("unit", "BYTE") == "UTF8_CHAR" else len
    return lambda x: _map(count, x, np.int32)


def length(input: Any, name: str | None = None, unit: str = "BYTE") -> Tensor:
    """The length of each string in bytes, or in UTF-8 characters."""
    _check_unit(unit, "StringLength")
    return _op("StringLength", (input,), {"unit": unit}, name, "StringLength")


def _substr_infer(shapes, types, attrs):
    _strings_in(types, 0)
    if types[1] != types[2] or types[1] not in _dt.INTS:
        check_dtype(types[1], "int", "substr's pos")
        raise InferenceError("DTYPE_MISMATCH", "substr's pos and len must have one dtype")
    pos, size = shapes[1], shapes[2]
    if pos is not None and size is not None and len(pos) != len(size):
        raise InferenceError("SHAPE_MISMATCH", "substr's pos and len must have the same rank")
    if pos == ():
        return [(shapes[0], _dt.string)]
    return [(broadcast_shapes(shapes[0], pos), _dt.string)]


def _utf8_starts(b: bytes) -> list[int]:
    return [i for i, c in enumerate(b) if c & 0xC0 != 0x80]


def _substr_one(op, b: bytes, pos: int, size: int, utf8: bool) -> bytes:
    starts = _utf8_starts(b) if utf8 else None
    n = len(starts) if utf8 else len(b)
    at = pos + n if pos < 0 else pos
    # TF's UTF8_CHAR walk from the end fails for a negative length as for a bad pos.
    if not 0 <= at <= n or (utf8 and pos < 0 and size < 0):
        raise error(
            "INDEX_OUT_OF_RANGE",
            f"pos {pos} is out of range for a string of {n} {'characters' if utf8 else 'bytes'}",
            node=op.name,
        )
    # A negative length: to the end in bytes (std::string::substr's npos), no characters
    # in UTF8_CHAR (TF walks forward a negative number of characters).
    end = (at if utf8 else n) if size < 0 else min(n, at + size)
    if not utf8:
        return b[at:end]
    bounds = [*starts, len(b)]
    return b[bounds[at] : bounds[end]]


@register_op(
    "Substr", arity=3, infer=_substr_infer, attrs={"unit": ("str", "BYTE")}, unknown_rank_ok=True
)
def _substr(op):
    utf8 = op.attrs.get("unit", "BYTE") == "UTF8_CHAR"

    def kernel(x, pos, size):
        x, pos, size = np.broadcast_arrays(np.asarray(x, object), pos, size)
        out = np.empty(x.size, object)
        out[:] = [
            _substr_one(op, b, int(p), int(s), utf8)
            for b, p, s in zip(x.reshape(-1), pos.reshape(-1), size.reshape(-1), strict=True)
        ]
        return out.reshape(x.shape)

    return kernel


def substr(input: Any, pos: Any, len: Any, name: str | None = None, unit: str = "BYTE") -> Tensor:
    """`len` bytes (or UTF-8 characters) from `pos` (negative: from the end) of each
    string; a position past the end fails the run, as TF's."""
    if isinstance(input, RaggedTensor):
        return input.with_flat_values(substr(input.flat_values, pos, len, name, unit))
    _check_unit(unit, "Substr")
    values = (input, pos, len)
    if all(isinstance(v, Tensor) for v in values):
        return (
            values[0]
            .op.graph.create_op("Substr", values, {"unit": unit}, name or "Substr")
            .outputs[0]
        )
    graph = get_default_graph()
    # Each argument converts on its own (the string and the int positions).
    with graph.name_scope(name or "Substr") as scope:
        ts = [
            convert_to_tensor(v, name=n)
            for v, n in zip(values, ("input", "pos", "len"), strict=True)
        ]
    return graph.create_op("Substr", tuple(ts), {"unit": unit}, scope).outputs[0]


# -- strip, lower, upper, base64 ------------------------------------------------------------


def _bytes_op(type_: str, fn, attrs: dict | None = None, infer=None) -> None:
    infer = infer or _unary_string_infer()
    register_op(type_, arity=1, infer=infer, attrs=attrs, unknown_rank_ok=True)(
        lambda op: lambda x: _map(fn, x)
    )
    not_differentiable(type_)


# TF's encoding="utf-8" maps case with ICU's Unicode 13 tables. Python's agree on every
# code point (tests/reference/unicode_case.py compared all of them with TF 2.21) but the
# case pairs Unicode 14 added, which TF leaves as they are, and a NUL, where ICU's string
# ends. Only the Unicode versions so compared are trusted; others refuse.
_UNICODE_14_CASED = ((0x2C2F, 0x2C2F), (0x2C5F, 0x2C5F), (0xA7C0, 0xA7C1), (0xA7D0, 0xA7D1),
                     (0xA7D6, 0xA7D9), (0x10570, 0x105BC))  # fmt: skip
_CASE_TABLES_COMPARED = ("14.0.0", "15.0.0", "15.1.0")
_ENCODINGS = ("", "utf-8")


def _unicode_case(method):
    """ICU's whole-string case mapping (Final_Sigma and all) of UTF-8 bytes, ill-formed
    sequences as U+FFFD, the Unicode 14 letters kept."""
    newer = re.compile("([" + "".join(f"{chr(a)}-{chr(b)}" for a, b in _UNICODE_14_CASED) + "])")

    def mapped(b: bytes) -> bytes:
        if unicodedata.unidata_version not in _CASE_TABLES_COMPARED:
            raise error(
                "UNIMPLEMENTED",
                f"utf-8 case mapping on Unicode {unicodedata.unidata_version}: graphgate "
                f"compared TF's with {', '.join(_CASE_TABLES_COMPARED)} only",
            )
        text = b.split(b"\0", 1)[0].decode("utf-8", errors="replace")
        parts = newer.split(text)  # odd parts are the letters TF's tables do not have
        return "".join(p if i % 2 else method(p) for i, p in enumerate(parts)).encode()

    return mapped


def _case_infer(type_: str):
    """The op's own check of `encoding` ('' maps ASCII letters, 'utf-8' Unicode's)."""
    base = _unary_string_infer()

    def infer(shapes, types, attrs):
        if attrs.get("encoding", "") not in _ENCODINGS:
            raise InferenceError(
                "INVALID_ATTR",
                f"{type_} supports encoding '' or 'utf-8' only, got {attrs['encoding']!r}",
            )
        return base(shapes, types, attrs)

    return infer


def _case_kernel(ascii_fn, unicode_fn):
    def factory(op):
        fn = unicode_fn if op.attrs.get("encoding", "") else ascii_fn
        return lambda x: _map(fn, x)

    return factory


_bytes_op("StringStrip", lambda b: b.strip(_WS))
for _type, _fn, _method in (
    ("StringLower", bytes.lower, str.lower),
    ("StringUpper", bytes.upper, str.upper),
):
    register_op(
        _type,
        arity=1,
        infer=_case_infer(_type),
        attrs={"encoding": ("str", "")},
        unknown_rank_ok=True,
    )(_case_kernel(_fn, _unicode_case(_method)))
    not_differentiable(_type)


def strip(input: Any, name: str | None = None) -> Tensor:
    """Each string without its leading and trailing ASCII whitespace."""
    return _op("StringStrip", (input,), {}, name, "StringStrip")


def _case_op(type_: str, input: Any, encoding: str, name: str | None) -> Tensor:
    return _op(type_, (input,), {"encoding": encoding}, name, type_)


def lower(input: Any, encoding: str = "", name: str | None = None) -> Tensor:
    """Each string lowercased: its ASCII letters, or with encoding="utf-8" Unicode's."""
    return _case_op("StringLower", input, encoding, name)


def upper(input: Any, encoding: str = "", name: str | None = None) -> Tensor:
    """Each string uppercased: its ASCII letters, or with encoding="utf-8" Unicode's."""
    return _case_op("StringUpper", input, encoding, name)


@register_op(
    "EncodeBase64",
    arity=1,
    infer=_unary_string_infer(),
    attrs={"pad": ("bool", False)},
    needs_state=True,
    unknown_rank_ok=True,
)
def _encode_base64(op):
    pad = op.attrs.get("pad", False)

    def one(b: bytes) -> bytes:
        out = base64.urlsafe_b64encode(b)
        return out if pad else out.rstrip(b"=")

    def kernel(state, x):
        check_string_bytes(state, op, int(np.sum(_dt.string_lengths(x))) * 4 // 3)
        return _map(one, x)

    return kernel


_WEB_SAFE = re.compile(rb"[A-Za-z0-9_-]*")


@register_op("DecodeBase64", arity=1, infer=_unary_string_infer(), unknown_rank_ok=True)
def _decode_base64(op):
    def one(b: bytes) -> bytes:
        body = b.rstrip(b"=")
        if _WEB_SAFE.fullmatch(body) and len(body) % 4 != 1 and len(b) - len(body) <= 2:
            try:
                return base64.urlsafe_b64decode(body + b"=" * (-len(body) % 4))
            except binascii.Error:
                pass
        raise error("COMPUTE_ERROR", f"Invalid character found in base64: {b[:40]!r}", node=op.name)

    return lambda x: _map(one, x)


not_differentiable("StringJoin", "AsString", "StringToNumber", "StringLength", "Substr")
not_differentiable("EncodeBase64", "DecodeBase64")


def encode_base64(input: Any, pad: bool = False, name: str | None = None) -> Tensor:
    """Web-safe base64 (`-` and `_`), unpadded unless `pad`, as TF's."""
    return _op("EncodeBase64", (input,), {"pad": bool(pad)}, name, "EncodeBase64")


def decode_base64(input: Any, name: str | None = None) -> Tensor:
    """Web-safe base64 decoded (padded or not); anything else fails the run, as TF's."""
    return _op("DecodeBase64", (input,), {}, name, "DecodeBase64")


# -- decode_raw -----------------------------------------------------------------------------

# TF's DecodeRaw out_type list (its bool and bfloat16 aside): no uint32 or uint64.
_RAW_TYPES = _dt.NUMERIC | _dt.COMPLEX | {_dt.uint8, _dt.int8, _dt.int16, _dt.uint16}


def _decode_raw_infer(shapes, types, attrs):
    _strings_in(types, 0)
    out = attrs["out_type"]
    if out not in _RAW_TYPES:
        raise InferenceError("DTYPE_MISMATCH", f"decode_raw cannot make {out.name}")
    return [(None if shapes[0] is None else (*shapes[0], None), out)]


@register_op(
    "DecodeRaw",
    arity=1,
    infer=_decode_raw_infer,
    attrs={"out_type": ("dtype", REQUIRED), "little_endian": ("bool", True)},
    unknown_rank_ok=True,
)
def _decode_raw(op):
    out = np.dtype(op.attrs["out_type"])
    out = out.newbyteorder("<" if op.attrs.get("little_endian", True) else ">")

    def kernel(x):
        x = np.asarray(x, object)
        flat = x.reshape(-1)
        sizes = {len(b) for b in flat}
        if len(sizes) > 1 or any(s % out.itemsize for s in sizes):
            raise error(
                "COMPUTE_ERROR",
                "decode_raw needs strings of one length, a multiple of "
                f"{out.itemsize} bytes; got lengths {sorted(sizes)[:4]}",
                node=op.name,
            )
        n = sizes.pop() // out.itemsize if sizes else 0
        data = np.frombuffer(b"".join(flat), out).astype(out.newbyteorder("="))
        return data.reshape((*x.shape, n))

    return kernel


not_differentiable("DecodeRaw")


def decode_raw(
    input_bytes: Any = None,
    out_type: Any = None,
    little_endian: bool = True,
    name: str | None = None,
    bytes: Any = None,
) -> Tensor:
    """The bytes of each string as numbers of `out_type` (a new last axis)."""
    value = input_bytes if bytes is None else bytes
    attrs = {"out_type": _dt.as_dtype(out_type), "little_endian": bool(little_endian)}
    return _op("DecodeRaw", (value,), attrs, name, "DecodeRaw")


# -- reduce_join ----------------------------------------------------------------------------


def _reduce_join_axes(attrs: dict, rank: int) -> list[int]:
    axes = attrs.get("axis")
    if axes is None:
        return list(range(rank - 1, -1, -1))
    axes = [axes] if isinstance(axes, int) else list(axes)
    out = [norm_axis(a, rank) for a in axes]
    if len(set(out)) != len(out):
        raise InferenceError("INVALID_ATTR", f"reduce_join's axes {axes} repeat an axis")
    return out


def _reduce_join_infer(shapes, types, attrs):
    _strings_in(types, 0)
    shape = shapes[0]
    if shape is None:
        return [(None, _dt.string)]
    axes = _reduce_join_axes(attrs, len(shape))
    keep = attrs.get("keep_dims", False)
    out = tuple(
        1 if i in axes and keep else d for i, d in enumerate(shape) if keep or i not in axes
    )
    return [(out, _dt.string)]


@register_op(
    "ReduceJoin",
    arity=1,
    infer=_reduce_join_infer,
    attrs={"axis": ("axes", None), "keep_dims": ("bool", False), "separator": ("str", "")},
    needs_state=True,
    unknown_rank_ok=True,
)
def _reduce_join(op):
    sep = op.attrs.get("separator", "").encode()
    keep = op.attrs.get("keep_dims", False)

    def kernel(state, x):
        x = np.asarray(x, object)
        check_string_bytes(state, op, int(np.sum(_dt.string_lengths(x))) + len(sep) * x.size)
        axes = _reduce_join_axes(op.attrs, x.ndim)
        kept = [i for i in range(x.ndim) if i not in axes]
        # The first axis listed varies fastest in the joined order.
        moved = np.transpose(x, kept + axes[::-1])
        kept_size = math.prod(x.shape[i] for i in kept)
        rows = moved.reshape(kept_size, math.prod(x.shape[i] for i in axes))
        out = np.empty(rows.shape[0], object)
        out[:] = [sep.join(r) for r in rows]
        shape = (
            [1 if i in axes else d for i, d in enumerate(x.shape)]
            if keep
            else [x.shape[i] for i in kept]
        )
        return out.reshape(shape)

    return kernel


not_differentiable("ReduceJoin", "StringStrip", "StringLower", "StringUpper")


def reduce_join(
    inputs: Any,
    axis: Any = None,
    keep_dims: bool | None = None,
    separator: str = "",
    name: str | None = None,
    reduction_indices: Any = None,
    keepdims: bool | None = None,
) -> Tensor:
    """Join strings across `axis` (all axes if None; the first axis listed varies fastest)."""
    axis = reduction_indices if axis is None else axis
    if axis is not None and not isinstance(axis, int):
        found = static_ints(axis)
        if found is None:
            raise error("INVALID_ATTR", "reduce_join's axis must be known when building")
        axis = list(found) if not isinstance(axis, Tensor) or axis.static_shape else found[0]
    keep = bool(keepdims if keepdims is not None else keep_dims)
    attrs = {"axis": axis, "keep_dims": keep, "separator": attr_text(separator, "separator")}
    return _scoped_op("ReduceJoin", inputs, attrs, name, "ReduceJoin", "inputs")[0]


# -- regular expressions --------------------------------------------------------------------


def _regex_infer(out: Any):
    def infer(shapes, types, attrs):
        _strings_in(types, 0)
        compile_re2(attrs["pattern"])  # a pattern RE2 or the translation refuses: now
        if "rewrite" in attrs:
            re2_rewrite(attrs["rewrite"], compile_re2(attrs["pattern"]).groups)
        return [(shapes[0], out)]

    return infer


def _decoded(op, b: bytes, ascii: bool = False) -> str:
    try:
        text = b.decode()
    except UnicodeDecodeError:
        raise error(
            "COMPUTE_ERROR",
            "regular expressions on strings that are not UTF-8 are not supported",
            node=op.name,
        ) from None
    if ascii and not text.isascii():
        raise error(
            "COMPUTE_ERROR",
            "a case-insensitive regular expression runs on ASCII text only (RE2's Unicode "
            "case folding is not reproduced)",
            node=op.name,
        )
    return text


def _replace(rx: re.Pattern, text: str, rewrite, global_: bool, room: float) -> str:
    """RE2's Replace / GlobalReplace: an empty match right after a match is skipped.
    Raises OverflowError once more than `room` characters are written; a rewrite that
    cannot apply (None: a group the pattern lacks) leaves `text` as it is."""
    if rewrite is None:
        return text
    out, p, last_end, count = [], 0, -1, 0
    while p <= len(text):
        room -= len(out[-1]) if out else 0
        if room < 0:
            raise OverflowError
        m = rx.search(text, p)
        if m is None:
            break
        out.append(text[p : m.start()])
        if m.start() == m.end() == last_end:
            if p < len(text):
                out.append(text[p])
            p += 1
            continue
        out.append(rewrite(m))
        p = last_end = m.end()
        count += 1
        if not global_:
            break
    out.append(text[p:])
    return "".join(out) if count else text


@register_op(
    "StaticRegexReplace",
    arity=1,
    infer=_regex_infer(_dt.string),
    attrs={
        "pattern": ("str", REQUIRED),
        "rewrite": ("str", REQUIRED),
        "replace_global": ("bool", True),
    },
    needs_state=True,
    unknown_rank_ok=True,
)
def _static_regex_replace(op):
    rx = compile_re2(op.attrs["pattern"])
    rewrite = re2_rewrite(op.attrs["rewrite"], rx.groups)
    global_ = op.attrs.get("replace_global", True)
    return lambda state, x: _replace_all(op, state, x, rx, rewrite, global_)


def _replace_all(op, state, x, rx: re.Pattern, rewrite, global_: bool) -> np.ndarray:
    """`_replace` on every string of `x`. A rewrite can grow a string by its length at
    every match: what is written is counted against the run's limits while it is made,
    across the whole tensor."""
    if rewrite is None:  # it cannot apply: every string as it is, UTF-8 or not
        return np.asarray(x, object).copy()
    limit = state.max_elements
    room = [math.inf if limit is None else limit]
    ascii = ascii_only(rx)

    def one(b: bytes) -> bytes:
        try:
            out = _replace(rx, _decoded(op, b, ascii), rewrite, global_, room[0]).encode()
        except OverflowError:
            out = b""
            room[0] = -1
        room[0] -= len(out)
        if room[0] < 0:
            check_string_bytes(state, op, limit + 1)
        return out

    return _map(one, x)


@register_op(
    "StaticRegexFullMatch",
    arity=1,
    infer=_regex_infer(_dt.bool_),
    attrs={"pattern": ("str", REQUIRED)},
    unknown_rank_ok=True,
)
def _static_regex_full_match(op):
    rx = compile_re2(op.attrs["pattern"])
    ascii = ascii_only(rx)
    return lambda x: _map(lambda b: _full_match(op, rx, b, ascii), x, bool)


def _full_match(op, rx: re.Pattern, b: bytes, ascii: bool) -> bool:
    # RE2 in UTF-8 mode matches valid UTF-8 only (but for \C, which the translation
    # refuses): a string that is not UTF-8 never matches in full.
    try:
        b.decode()
    except UnicodeDecodeError:
        return False
    return rx.fullmatch(_decoded(op, b, ascii)) is not None


not_differentiable("StaticRegexReplace", "StaticRegexFullMatch")


def _static_text(value: Any, what: str) -> str:
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, str):
        return value
    if isinstance(value, Tensor):
        from .shape_values import constant_value

        found = constant_value(value)
        if found is not None and found.shape == () and isinstance(found.item(), bytes):
            return found.item().decode()
    raise error("INVALID_ATTR", f"{what} must be a string known when building the graph")


def _dynamic_regex_infer(out: Any):
    def infer(shapes, types, attrs):
        _strings_in(types)
        if any(s not in ((), None) for s in shapes[1:]):
            raise InferenceError("SHAPE_MISMATCH", "a regular expression must be a scalar")
        return [(shapes[0], out)]

    return infer


def _run_time_regex(op, pattern: Any) -> re.Pattern:
    """A pattern known only when the graph runs: refused then, as at build time."""
    try:
        return compile_re2(_decoded(op, np.asarray(pattern, object).item()))
    except GraphgateError as exc:
        raise error("COMPUTE_ERROR", exc.message, node=op.name) from None


@register_op(
    "RegexReplace",
    arity=3,
    infer=_dynamic_regex_infer(_dt.string),
    attrs={"replace_global": ("bool", True)},
    needs_state=True,
    unknown_rank_ok=True,
)
def _regex_replace(op):
    global_ = op.attrs.get("replace_global", True)

    def kernel(state, x, pattern, rewrite):
        rx = _run_time_regex(op, pattern)
        try:
            text = re2_rewrite(_decoded(op, np.asarray(rewrite, object).item()), rx.groups)
        except GraphgateError as exc:
            raise error("COMPUTE_ERROR", exc.message, node=op.name) from None
        return _replace_all(op, state, x, rx, text, global_)

    return kernel


@register_op(
    "RegexFullMatch",
    arity=2,
    infer=_dynamic_regex_infer(_dt.bool_),
    unknown_rank_ok=True,
)
def _regex_full_match(op):
    def kernel(x, pattern):
        rx = _run_time_regex(op, pattern)
        ascii = ascii_only(rx)
        return _map(lambda b: _full_match(op, rx, b, ascii), x, bool)

    return kernel


not_differentiable("RegexReplace", "RegexFullMatch")


def regex_replace(
    input: Any, pattern: Any, rewrite: Any, replace_global: bool = True, name: str | None = None
) -> Tensor:
    """RE2's Replace/GlobalReplace of `pattern` by `rewrite` (`\\0`..`\\9` name groups).
    A pattern whose RE2 meaning graphgate cannot reproduce exactly is refused (when the
    graph is built for a Python string, as TF's StaticRegexReplace; when it runs for a
    tensor, as TF's RegexReplace)."""
    if isinstance(pattern, str | bytes) and isinstance(rewrite, str | bytes):
        attrs = {
            "pattern": _static_text(pattern, "regex_replace's pattern"),
            "rewrite": _static_text(rewrite, "regex_replace's rewrite"),
            "replace_global": bool(replace_global),
        }
        return _op("StaticRegexReplace", (input,), attrs, name, "StaticRegexReplace")
    graph, ts, name = op_inputs(
        (input, pattern, rewrite), name, "RegexReplace", ("input", "pattern", "rewrite")
    )
    attrs = {"replace_global": bool(replace_global)}
    return graph.create_op("RegexReplace", tuple(ts), attrs, name).outputs[0]


def regex_full_match(input: Any, pattern: Any, name: str | None = None) -> Tensor:
    """Whether each string matches `pattern` (RE2 syntax) as a whole."""
    if isinstance(pattern, str | bytes):
        attrs = {"pattern": _static_text(pattern, "regex_full_match's pattern")}
        return _op("StaticRegexFullMatch", (input,), attrs, name, "StaticRegexFullMatch")
    graph, ts, name = op_inputs((input, pattern), name, "RegexFullMatch", ("input", "pattern"))
    return graph.create_op("RegexFullMatch", tuple(ts), None, name).outputs[0]


# -- split ----------------------------------------------------------------------------------


def _split_infer(shapes, types, attrs):
    _strings_in(types, 0)
    if shapes[0] is not None and len(shapes[0]) != 1:
        raise InferenceError("SHAPE_MISMATCH", f"Shape must be rank 1 but is rank {len(shapes[0])}")
    return [((None, 2), _dt.int64), ((None,), _dt.string), ((2,), _dt.int64)]


def _split_v1(b: bytes, delimiter: bytes, skip_empty: bool) -> list[bytes]:
    if not delimiter:
        return [b[i : i + 1] for i in range(len(b))]
    if not b:  # TF's empty string has no tokens, even kept empty ones
        return []
    parts = re.split(b"[" + re.escape(delimiter) + b"]", b)
    return [p for p in parts if p] if skip_empty else parts


def _split_v2(b: bytes, sep: bytes, maxsplit: int) -> list[bytes]:
    """TF's SplitV2: Python's split but on whitespace, where TF keeps the whole string
    for a maxsplit of 0 (Python strips its leading whitespace) and, once maxsplit
    tokens are taken, always adds the rest, an empty one too ("a".split(None, 1) is
    ["a"], TF's ["a", ""])."""
    if sep:
        return b.split(sep, maxsplit)
    if maxsplit == 0:
        return [b]
    parts = b.split(None, maxsplit)
    return [*parts, b""] if len(parts) == maxsplit else parts


def _sparse_of(pieces: list[list[bytes]]) -> tuple:
    indices = [(i, j) for i, row in enumerate(pieces) for j in range(len(row))]
    values = np.empty(len(indices), object)
    values[:] = [p for row in pieces for p in row]
    width = max((len(r) for r in pieces), default=0)
    idx = np.array(indices, np.int64).reshape(-1, 2)
    return idx, values, np.array([len(pieces), width], np.int64)


@register_op(
    "StringSplit",
    arity=1,
    infer=_split_infer,
    attrs={"delimiter": ("str", " "), "skip_empty": ("bool", True)},
    unknown_rank_ok=True,
)
def _string_split(op):
    delim = op.attrs.get("delimiter", " ").encode()
    skip = op.attrs.get("skip_empty", True)
    return lambda x: _sparse_of([_split_v1(b, delim, skip) for b in x])


@register_op(
    "StringSplitV2",
    arity=1,
    infer=_split_infer,
    attrs={"sep": ("str", ""), "maxsplit": ("int", -1)},
    unknown_rank_ok=True,
)
def _string_split_v2(op):
    sep = op.attrs.get("sep", "").encode()
    maxsplit = op.attrs.get("maxsplit", -1)
    return lambda x: _sparse_of([_split_v2(b, sep, maxsplit) for b in x])


not_differentiable("StringSplit", "StringSplitV2")


def _split_op(type_: str, source: Any, attrs: dict, name: str | None) -> SparseTensor:
    return SparseTensor(*_scoped_op(type_, source, attrs, name, "StringSplit", "source"))


def string_split(
    source: Any,
    sep: Any = None,
    skip_empty: bool = True,
    delimiter: Any = None,
    result_type: str = "SparseTensor",
    name: str | None = None,
) -> SparseTensor:
    """Split each string of a vector at any byte of `delimiter` (" " by default; "" splits
    into bytes): a SparseTensor, as TF1's."""
    delim = delimiter if delimiter is not None else sep if sep is not None else " "
    attrs = {"delimiter": _static_text(delim, "delimiter"), "skip_empty": bool(skip_empty)}
    return _split_result(_split_op("StringSplit", source, attrs, name), result_type)


def _split_result(st: SparseTensor, result_type: str) -> Any:
    """TF1's splits make the SparseTensor, and a RaggedTensor of its rows on request."""
    if result_type == "SparseTensor":
        return st
    if result_type == "RaggedTensor":
        return RaggedTensor.from_sparse(st)
    raise error(
        "INVALID_ATTR", f"result_type must be 'RaggedTensor' or 'SparseTensor', got {result_type!r}"
    )


def split(
    input: Any = None,
    sep: Any = None,
    maxsplit: int = -1,
    result_type: str = "SparseTensor",
    source: Any = None,
    name: str | None = None,
) -> SparseTensor:
    """`tf.strings.split` of TF1: Python's `str.split(sep, maxsplit)` on each string of a
    vector (runs of whitespace when `sep` is None), as a SparseTensor or RaggedTensor."""
    attrs = {"sep": "" if sep is None else _static_text(sep, "sep"), "maxsplit": int(maxsplit)}
    st = _split_op("StringSplitV2", input if source is None else source, attrs, name)
    return _split_result(st, result_type)


# -- hash buckets ---------------------------------------------------------------------------


def _bucket_infer(shapes, types, attrs):
    _strings_in(types, 0)
    if attrs["num_buckets"] < 1:
        raise InferenceError("INVALID_ATTR", "num_buckets must be at least 1")
    key = attrs.get("key")
    if key is not None and len(key) != 2:
        raise InferenceError("INVALID_ATTR", "to_hash_bucket_strong's key is two integers")
    return [(shapes[0], _dt.int64)]


@register_op(
    "StringToHashBucketFast",
    arity=1,
    infer=_bucket_infer,
    attrs={"num_buckets": ("int", REQUIRED)},
    unknown_rank_ok=True,
)
def _hash_bucket_fast(op):
    n = op.attrs["num_buckets"]
    return lambda x: _map(lambda b: fingerprint64(b) % n, x, np.int64)


@register_op(
    "StringToHashBucketStrong",
    arity=1,
    infer=_bucket_infer,
    attrs={"num_buckets": ("int", REQUIRED), "key": ("ints", REQUIRED)},
    unknown_rank_ok=True,
)
def _hash_bucket_strong(op):
    n, key = op.attrs["num_buckets"], tuple(op.attrs["key"])
    return lambda x: _map(lambda b: siphash24(key, b) % n, x, np.int64)


@register_op(
    "StringToHashBucket",
    arity=1,
    infer=_bucket_infer,
    attrs={"num_buckets": ("int", REQUIRED)},
    unknown_rank_ok=True,
)
def _hash_bucket_legacy(op):
    n = op.attrs["num_buckets"]
    return lambda x: _map(lambda b: hash64(b) % n, x, np.int64)


not_differentiable("StringToHashBucketFast", "StringToHashBucketStrong", "StringToHashBucket")


# -- fingerprint: FarmHash Fingerprint64 of each row, as 8 little-endian bytes -------------------


def _fingerprint_infer(shapes, types, attrs):
    if types[1] != _dt.string:
        raise InferenceError("DTYPE_MISMATCH", f"fingerprint's method is a string, not {types[1]}")
    data = shapes[0]
    if data is not None and len(data) < 1:
        raise InferenceError("SHAPE_MISMATCH", "Shape must be at least rank 1 but is rank 0")
    return [((None if data is None else data[0], 8), _dt.uint8)]


def _row_fingerprints(rows: list[bytes]) -> np.ndarray:
    out = np.empty((len(rows), 8), np.uint8)
    for i, row in enumerate(rows):
        out[i] = np.frombuffer(np.uint64(fingerprint64(row)).astype("<u8").tobytes(), np.uint8)
    return out


@register_op("Fingerprint", arity=2, infer=_fingerprint_infer)
def _fingerprint(op):
    def kernel(data, method):
        if np.asarray(method).item() != b"farmhash64":
            raise error("COMPUTE_ERROR", f"Unsupported fingerprint method: {method!r}")
        data = np.asarray(data)
        n = data.shape[0]
        if data.dtype == object:
            # Each string's fingerprint; a row of several, the fingerprint of theirs.
            strings = _row_fingerprints([bytes(b) for b in data.reshape(-1)])
            if data.ndim == 1:
                return strings
            data = strings.reshape(n, -1)
        rows = np.ascontiguousarray(data, data.dtype.newbyteorder("<")).reshape(n, -1)
        return _row_fingerprints([row.tobytes() for row in rows])

    return kernel


not_differentiable("Fingerprint")


def fingerprint(data: Any, method: str = "farmhash64", name: str | None = None) -> Tensor:
    """`tf.fingerprint`: FarmHash's Fingerprint64 of each row of `data` (its bytes; a
    string's own, several strings' fingerprints), as 8 little-endian uint8s: [rows, 8]."""
    if isinstance(method, str | bytes) and method not in ("farmhash64", b"farmhash64"):
        # TF's shape function reads a constant method: ValueError while building.
        raise error("INVALID_ATTR", f"Unsupported fingerprint method: {method!r}")
    graph, (x,), name_ = op_inputs((data,), name, "Fingerprint", ("data",))
    m = convert_to_tensor(method, _dt.string, "method", graph)
    return graph.create_op("Fingerprint", (x, m), None, name_).outputs[0]


# TF's FingerprintCat64 (tensorflow/core/lib/hash/hash.h), on uint64 arrays.
_MIX = np.uint64(0xC6A4A7935BD1E995)
_U63 = np.uint64((1 << 63) - 1)


def _shift_mix(v: np.ndarray) -> np.ndarray:
    return v ^ (v >> np.uint64(47))


def _fingerprint_cat(fp1: np.ndarray, fp2: np.ndarray) -> np.ndarray:
    # Not in place: fp1 may be smaller than fp2 (it broadcasts).
    result = (fp1 ^ _MIX) ^ (_shift_mix(fp2 * _MIX) * _MIX)
    result = result * _MIX
    return _shift_mix(_shift_mix(result) * _MIX)


def _feature_hashes(x: np.ndarray) -> np.ndarray:
    """What TF's cross hashes for a value: Fingerprint64 of a string, an integer as it is."""
    if x.dtype == object:
        return _map(fingerprint64, x, np.uint64)
    return np.asarray(x, np.int64).view(np.uint64)


def _check_cross(features: list, attrs: dict) -> None:
    """What both crosses take: features of strings or integers, a bucket count and an
    unsigned 64-bit hash key."""
    for k, dtype in enumerate(features):
        if dtype is not _dt.string and dtype not in (_dt.int32, _dt.int64):
            raise InferenceError(
                "DTYPE_MISMATCH",
                f"Input values type must be int64 or string, input {k} is {dtype.name}",
                expected="string or int64",
                got=dtype.name,
            )
    if attrs.get("num_buckets", 0) < 0:
        raise InferenceError("INVALID_ATTR", "num_buckets must not be negative")
    if not 0 <= attrs.get("hash_key", 0) < 1 << 64:
        raise InferenceError("INVALID_ATTR", "hash_key must be an unsigned 64-bit integer")


def _cross_infer(shapes, types, attrs):
    _check_cross(types, attrs)
    shape: tuple | None = ()
    for s in shapes:
        shape = broadcast_shapes(shape, s)
    return [(shape, _dt.int64)]


@register_op(
    "FingerprintCross",
    arity=(2, VARIADIC),
    infer=_cross_infer,
    attrs={"num_buckets": ("int", REQUIRED), "hash_key": ("int", REQUIRED)},
)
def _fingerprint_cross(op):
    """The hashed cross of TF's SparseCrossHashed, element by element over broadcast inputs
    (graphgate's feature columns keep ids dense): FingerprintCat64 of the features'
    hashes, left to right from `hash_key`, modulo `num_buckets` (0: modulo 2^63 - 1)."""
    buckets = np.uint64(op.attrs["num_buckets"]) or _U63
    key = np.uint64(op.attrs["hash_key"])

    def kernel(*features):
        hashes = np.broadcast_arrays(*[_feature_hashes(np.asarray(f)) for f in features])
        crossed = np.full(hashes[0].shape, key, np.uint64)
        for h in hashes:
            crossed = _fingerprint_cat(crossed, h)
        return (crossed % buckets).astype(np.int64)

    return kernel


not_differentiable("FingerprintCross")


# -- tf.sparse.cross: TF's SparseCross over per-row feature lists ------------------------------


def _sparse_cross_infer(shapes, types, attrs):
    n = attrs["N"]
    if len(types) < max(1, 3 * n):
        raise InferenceError("WRONG_ARITY", "a cross needs at least one input")
    _check_cross(types[n : 2 * n] + types[3 * n :], attrs)
    for shape in shapes[3 * n :]:
        if shape is not None and len(shape) != 2:
            raise InferenceError("SHAPE_MISMATCH", "a dense input of a cross must be a matrix")
    out = _dt.int64 if attrs["hashed_output"] else _dt.string
    return [((None, 2), _dt.int64), ((None,), out), ((2,), _dt.int64)]


def _rows(indices, values, shape, what: str) -> list[np.ndarray]:
    """A sparse input's values per row, in the order they come."""
    batch = int(np.asarray(shape).reshape(-1)[0])
    rows = np.asarray(indices).reshape(-1, 2)[:, 0] if np.size(indices) else np.zeros(0, int)
    if np.any((rows < 0) | (rows >= batch)):
        raise error("COMPUTE_ERROR", f"{what}: an entry's row is outside the batch of {batch}")
    values = np.asarray(values)
    return [values[rows == b] for b in range(batch)]


def _joined(features: list[np.ndarray], separator: bytes = b"_X_") -> list[bytes]:
    """One row's crosses as strings: features joined by `separator`, integers as decimal
    text."""
    texts = [[v if isinstance(v, bytes) else str(int(v)).encode() for v in f] for f in features]
    return [separator.join(combo) for combo in itertools.product(*texts)]


def _hashed(features: list[np.ndarray], key: np.uint64, buckets: np.uint64) -> np.ndarray:
    """One row's crosses as ids: FingerprintCat64 over every combination (the last
    input's features varying fastest)."""
    crossed: Any = key
    for grid in np.ix_(*[_feature_hashes(f) for f in features]):
        crossed = _fingerprint_cat(np.asarray(crossed, np.uint64), grid)
    return (np.asarray(crossed, np.uint64).reshape(-1) % buckets).astype(np.int64)


@register_op(
    "SparseCross",
    arity=(1, VARIADIC),
    infer=_sparse_cross_infer,
    attrs={
        "N": ("int", REQUIRED),
        "hashed_output": ("bool", REQUIRED),
        "num_buckets": ("int", 0),
        "hash_key": ("int", 0),
        "separator": ("str", "_X_"),  # TF 2's SparseCrossV2 takes it as an input
    },
    unknown_rank_ok=True,
)
def _sparse_cross(op):
    """TF's SparseCross: per row, every combination of the inputs' features, as
    `_X_`-joined strings or FarmHash ids."""
    n, hashed = op.attrs["N"], op.attrs["hashed_output"]
    buckets = np.uint64(op.attrs.get("num_buckets", 0)) or _U63
    key = np.uint64(op.attrs.get("hash_key", 0))
    separator = op.attrs.get("separator", "_X_").encode()

    def kernel(*parts):
        columns = [_rows(parts[i], parts[n + i], parts[2 * n + i], f"input {i}") for i in range(n)]
        columns += [list(np.asarray(d)) for d in parts[3 * n :]]
        batch = len(columns[0])
        if any(len(c) != batch for c in columns):
            sizes = [len(c) for c in columns]
            raise error("SHAPE_MISMATCH", f"the inputs of a cross have batch sizes {sizes}")
        indices, values, width = [], [], 0
        for b in range(batch):
            row = [c[b] for c in columns]
            crosses = _hashed(row, key, buckets) if hashed else _joined(row, separator)
            width = max(width, len(crosses))
            indices += [(b, j) for j in range(len(crosses))]
            values += list(crosses)
        out = np.empty(len(values), np.int64 if hashed else object)
        out[:] = values
        shape = np.asarray([batch, width], np.int64)
        return np.asarray(indices, np.int64).reshape(-1, 2), out, shape

    return kernel


not_differentiable("SparseCross")


def sparse_cross(
    inputs: list, hashed: bool, num_buckets: int, hash_key: int | None, name, separator=None
):
    """TF's `_sparse_cross_internal`: the SparseTensors among `inputs` first, then the
    dense ones (TF's order, whatever the caller's), all but strings cast to int64 (a float
    1.5 crosses as 1, as TF's), crossed by one SparseCross."""
    from ..sparse_tensor import SparseTensor, convert

    if not isinstance(inputs, list | tuple) or not inputs:
        raise error("INVALID_ATTR", "Inputs must be a list")
    from .math_ops import cast

    def integers(t: Tensor) -> Tensor:  # TF casts every input that is not strings
        return t if t.dtype is _dt.string else cast(t, _dt.int64)

    sparse = [convert(i) for i in inputs if isinstance(i, SparseTensor)]
    sparse = [SparseTensor(s.indices, integers(s.values), s.dense_shape) for s in sparse]
    dense = [integers(convert_to_tensor(i)) for i in inputs if not isinstance(i, SparseTensor)]
    graph = get_default_graph()
    ins = (
        *(s.indices for s in sparse),
        *(s.values for s in sparse),
        *(s.dense_shape for s in sparse),
        *dense,
    )
    attrs = {
        "N": len(sparse),
        "hashed_output": bool(hashed),
        "num_buckets": int(num_buckets),
        "hash_key": _CROSS_KEY if hash_key is None else int(hash_key),
    }
    if separator is not None and separator != "_X_":  # the default kept off the wire
        attrs["separator"] = separator.decode() if isinstance(separator, bytes) else separator
    op = graph.create_op("SparseCross", ins, attrs, name or "SparseCross")
    return SparseTensor(*op.outputs)


_CROSS_KEY = 0xDECAFCAFFE  # TF's default hash_key (sparse_ops' _DEFAULT_HASH_KEY)


def cross(inputs: list, name: str | None = None, separator: str | None = None) -> Any:
    """`tf.sparse.cross`: every combination of the inputs' features per row, as strings
    joined by `separator` (TF 2's; `_X_` by default, TF1's), integers as decimal text."""
    return sparse_cross(inputs, False, 0, None, name, separator)


def cross_hashed(
    inputs: list, num_buckets: int = 0, hash_key: int | None = None, name: str | None = None
) -> Any:
    """`tf.sparse.cross_hashed`: the crosses of `tf.sparse.cross` as FarmHash ids (modulo
    `num_buckets` when positive), as TF's."""
    return sparse_cross(inputs, True, num_buckets, hash_key, name)


def fingerprint_cross(
    inputs: list, num_buckets: int, hash_key: int, name: str | None = None
) -> Tensor:
    """Each element's hashed cross of `inputs` (broadcast; strings or integers), as the
    values of TF's `sparse_cross_hashed` for the same features."""
    graph, ts, name = op_inputs(tuple(inputs), name, "FingerprintCross")
    attrs = {"num_buckets": int(num_buckets), "hash_key": int(hash_key)}
    return graph.create_op("FingerprintCross", tuple(ts), attrs, name).outputs[0]


def to_hash_bucket(
    string_tensor: Any = None, num_buckets: int = 1, name: str | None = None, input: Any = None
) -> Tensor:
    """TF's own Hash64 of each string modulo `num_buckets` (`tf.string_to_hash_bucket`;
    prefer `to_hash_bucket_fast`, as TF's docs say)."""
    value = string_tensor if input is None else input
    attrs = {"num_buckets": int(num_buckets)}
    return _op("StringToHashBucket", (value,), attrs, name, "StringToHashBucket")


def to_hash_bucket_fast(input: Any, num_buckets: int, name: str | None = None) -> Tensor:
    """FarmHash Fingerprint64 of each string modulo `num_buckets`, exactly as TF's."""
    if isinstance(input, RaggedTensor):
        return input.with_flat_values(to_hash_bucket_fast(input.flat_values, num_buckets, name))
    attrs = {"num_buckets": int(num_buckets)}
    return _op("StringToHashBucketFast", (input,), attrs, name, "StringToHashBucketFast")


def to_hash_bucket_strong(
    input: Any, num_buckets: int, key: Any, name: str | None = None
) -> Tensor:
    """SipHash-2-4 under `key` (two integers) of each string modulo `num_buckets`."""
    attrs = {"num_buckets": int(num_buckets), "key": [int(k) for k in key]}
    return _op("StringToHashBucketStrong", (input,), attrs, name, "StringToHashBucketStrong")


# -- decode_csv -----------------------------------------------------------------------------

_CSV_TYPES = frozenset((_dt.float32, _dt.float64, _dt.int32, _dt.int64, _dt.string))


def _csv_infer(shapes, types, attrs):
    _strings_in(types, 0)
    for k, (shape, dtype) in enumerate(zip(shapes[1:], types[1:], strict=True)):
        if dtype not in _CSV_TYPES:
            raise InferenceError(
                "DTYPE_MISMATCH",
                f"record_defaults[{k}] has dtype {dtype.name}, not one of "
                "float32, float64, int32, int64, string",
            )
        if shape is not None and len(shape) > 1:
            raise InferenceError(
                "SHAPE_MISMATCH", f"record_defaults[{k}] must be at most rank 1, got {list(shape)}"
            )
    return [(shapes[0], dtype) for dtype in types[1:]]


def _csv_fail(op, message: str):
    return error("COMPUTE_ERROR", message, node=op.name)


def _quoted_field(op, rec: bytes, at: int, delim: int) -> tuple[bytes, int]:
    """The quoted field opening at `rec[at]` and the index after its delimiter, as TF's
    parser reads it: `""` is a quote, and the closing quote ends the record or meets a
    delimiter."""
    n, buf = len(rec), bytearray()
    at += 1
    while at < n - 1:
        c = rec[at]
        if c != 0x22:
            buf.append(c)
            at += 1
        elif rec[at + 1] == 0x22:
            buf.append(0x22)
            at += 2
        elif rec[at + 1] == delim:
            break
        else:
            raise _csv_fail(op, "Quote inside a string has to be escaped by another quote")
    if not (at < n and rec[at] == 0x22 and (at == n - 1 or rec[at + 1] == delim)):
        raise _csv_fail(op, "Quoted field has to end with quote followed by delim or end")
    return bytes(buf), at + 2


def _csv_fields(op, rec: bytes, delim: int, quote: bool, select: tuple | None) -> list[bytes]:
    """The fields of one record (only the selected ones), stopping after the last selected
    column as TF's parser does."""
    fields, at, index = [], 0, 0
    last = select[-1] if select else None
    while at < len(rec) and (last is None or index <= last):
        if quote and rec[at] == 0x22:
            field, at = _quoted_field(op, rec, at, delim)
        else:
            end = rec.find(bytes((delim,)), at)
            end = len(rec) if end < 0 else end
            field = rec[at:end]
            if (quote and b'"' in field) or b"\n" in field or b"\r" in field:
                raise _csv_fail(op, "Unquoted fields cannot have quotes/CRLFs inside")
            at = end + 1
        if select is None or index in select:
            fields.append(field)
        index += 1
    missing_last = rec[-1:] == bytes((delim,)) and (last is None or index <= last)
    if missing_last and (select is None or index in select):
        fields.append(b"")
    return fields


def _csv_value(op, field: bytes, dtype: Any, where: str):
    if dtype is _dt.string:
        return field
    if dtype in _dt.INTS:
        info = np.iinfo(dtype.dtype)
        value = read_integer(field, int(info.min), int(info.max))
        if value is not None:
            return value
    else:
        value = _parse_float(field)
        if value is not None:
            return _to_float32(field.strip(_WS), value) if dtype is _dt.float32 else value
    raise _csv_fail(op, f"{where} is not a valid {dtype.name}: {field[:64]!r}")


@register_op(
    "DecodeCSV",
    arity=(2, VARIADIC),
    infer=_csv_infer,
    attrs={
        "field_delim": ("str", ","),
        "use_quote_delim": ("bool", True),
        "na_value": ("str", ""),
        "select_cols": ("ints", None),
    },
    unknown_rank_ok=True,
)
def _decode_csv(op):
    delim = op.attrs.get("field_delim", ",").encode()
    if len(delim) != 1:
        raise error("INVALID_ATTR", "field_delim should be only 1 char", node=op.name)
    quote = op.attrs.get("use_quote_delim", True)
    na = op.attrs.get("na_value", "").encode()
    select = op.attrs.get("select_cols")
    select = tuple(select) if select else None
    types = [t.dtype for t in op.inputs[1:]]

    def kernel(records, *defaults):
        records = np.asarray(records, object)
        if any(np.size(d) > 1 for d in defaults):
            raise _csv_fail(op, "each record default holds at most one value")
        columns = [np.empty(records.size, t.dtype) for t in types]
        for i, rec in enumerate(records.reshape(-1)):
            fields = _csv_fields(op, rec, delim[0], quote, select)
            if len(fields) != len(types):
                raise _csv_fail(
                    op, f"Expect {len(types)} fields but have {len(fields)} in record {i}"
                )
            for f, field in enumerate(fields):
                if field and field != na:
                    columns[f][i] = _csv_value(op, field, types[f], f"Field {f} in record {i}")
                elif np.size(defaults[f]):
                    columns[f][i] = np.asarray(defaults[f]).reshape(-1)[0]
                else:
                    raise _csv_fail(op, f"Field {f} is required but missing in record {i}!")
        out = tuple(c.reshape(records.shape) for c in columns)
        return out if len(out) > 1 else out[0]  # one output is its value, not a tuple

    return kernel


not_differentiable("DecodeCSV")


def decode_csv(
    records: Any,
    record_defaults: list,
    field_delim: str = ",",
    use_quote_delim: bool = True,
    name: str | None = None,
    na_value: str = "",
    select_cols: Any = None,
) -> list[Tensor]:
    """One tensor per column of CSV `records` (RFC 4180 quotes unless `use_quote_delim`
    is False), typed and defaulted by `record_defaults`; a malformed record fails the run
    with InvalidArgumentError, as TF's."""
    if select_cols is not None:
        select_cols = [int(c) for c in select_cols]
        if any(b <= a for a, b in itertools.pairwise(select_cols)):
            raise error("INVALID_ATTR", "select_cols is not strictly increasing.")
        if select_cols and select_cols[0] < 0:
            raise error("INVALID_ATTR", "select_cols contains negative values.")
        if len(select_cols) != len(record_defaults):
            raise error("INVALID_ATTR", "Length of select_cols and record_defaults do not match.")
    attrs = {
        "field_delim": field_delim,
        "use_quote_delim": bool(use_quote_delim),
        "na_value": na_value,
        "select_cols": select_cols or None,
    }
    graph = records.op.graph if isinstance(records, Tensor) else get_default_graph()
    with graph.as_default(), graph.name_scope(name or "DecodeCSV") as scope:
        ins = [convert_to_tensor(records, name="records")]
        for k, d in enumerate(record_defaults):
            ins.append(convert_to_tensor(d, name=f"record_defaults_{k}"))
    return list(graph.create_op("DecodeCSV", tuple(ins), attrs, scope).outputs)


# -- strings.format -------------------------------------------------------------------------


def _float_text(v: float, dtype: np.dtype) -> str:
    """A float as TF writes it: %g with the fewest of two precisions that reads back."""
    if v != v:
        return "nan" if not math.copysign(1, v) < 0 else "-nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    short, full = (6, 9) if dtype.itemsize <= 4 else (15, 17)
    text = f"{v:.{short}g}"
    if dtype.type(float(text)) != dtype.type(v):
        text = f"{v:.{full}g}"
    return text


_ESCAPES = {0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x22: '\\"', 0x27: "\\'", 0x5C: "\\\\"}


def _c_escape(b: bytes) -> str:
    """TF's Utf8SafeCEscape: control bytes and quotes escaped, bytes from 0x80 kept as
    they are (carried through `str` as surrogates, restored when the text is encoded)."""
    out = []
    for c in b:
        if c in _ESCAPES:
            out.append(_ESCAPES[c])
        elif c < 0x20 or c == 0x7F:
            out.append(f"\\{c:03o}")
        else:
            out.append(bytes((c,)).decode("latin-1") if c < 0x80 else chr(0xDC00 + c))
    return "".join(out)


def _element_text(v: Any, dtype: np.dtype) -> str:
    if dtype.kind == "O":
        return '"' + _c_escape(v) + '"'
    if dtype.kind == "f":
        return _float_text(float(v), dtype)
    return str(int(v))


def _dim_spacing(dim: int, ndim: int) -> str:
    return " " if dim == ndim - 1 else "\n" * (ndim - dim - 1) + " " * (dim + 1)


def _dim_text(a: np.ndarray, dim: int, ends: int, at: tuple, out: list) -> None:
    """TF's PrintOneDimV2: the first and last `ends` entries of each axis."""
    if dim == a.ndim:
        out.append(_element_text(a[at], a.dtype))
        return
    out.append("[")
    n = a.shape[dim]
    for i in range(min(ends, n)):
        if i:
            out.append(_dim_spacing(dim, a.ndim))
        _dim_text(a, dim + 1, ends, (*at, i), out)
    if n > 2 * ends:
        out.append(_dim_spacing(dim, a.ndim) + "...")
    for i in range(max(ends, n - ends), n):
        out.append(_dim_spacing(dim, a.ndim))
        _dim_text(a, dim + 1, ends, (*at, i), out)
    out.append("]")


def tensor_text(value: Any, summarize: int) -> str:
    """A tensor as TF's `tf.strings.format` writes it (`summarize` entries at each end of
    each axis, all when negative)."""
    a = np.asarray(value)
    if a.ndim == 0:
        return _element_text(a[()], a.dtype)
    if a.size == 0:
        return "[]"
    out: list[str] = []
    _dim_text(a, 0, a.size if summarize < 0 else summarize, (), out)
    return "".join(out)


def _format_infer(shapes, types, attrs):
    return [((), _dt.string)]


def _template_parts(template: str, placeholder: str) -> list[str]:
    """The template split at each placeholder as TF's kernel splits it (absl::StrSplit):
    an empty placeholder stands between every two bytes, so each byte is a piece (a
    character of several bytes too, kept apart by surrogateescape); str.split refuses it."""
    if placeholder:
        return template.split(placeholder)
    data = template.encode("utf-8", "surrogateescape")
    return [bytes([b]).decode("utf-8", "surrogateescape") for b in data] or [""]


@register_op(
    "StringFormat",
    arity=(0, VARIADIC),
    infer=_format_infer,
    attrs={
        "template": ("str", "%s"),
        "placeholder": ("str", "%s"),
        "summarize": ("int", 3),
    },
    needs_state=True,
    unknown_rank_ok=True,
)
def _string_format(op):
    parts = _template_parts(op.attrs.get("template", "%s"), op.attrs.get("placeholder", "%s"))
    summarize = op.attrs.get("summarize", 3)
    if len(parts) - 1 != len(op.inputs):
        raise error(
            "INVALID_ATTR",
            f"the template has {len(parts) - 1} placeholders for {len(op.inputs)} inputs",
            node=op.name,
        )

    def kernel(state, *values):
        texts = [tensor_text(v, summarize) for v in values]
        out = parts[0] + "".join(t + p for t, p in zip(texts, parts[1:], strict=True))
        data = out.encode("utf-8", "surrogateescape")
        check_string_bytes(state, op, len(data))
        return np.array(data, dtype=object)

    return kernel


not_differentiable("StringFormat")


def format(
    template: str, inputs: Any, placeholder: str = "{}", summarize: int = 3, name: str | None = None
) -> Tensor:
    """`template` with each `placeholder` replaced by the next input written as TF writes
    tensors (`tf.print`'s layout: `summarize` entries at each end of each axis)."""
    ts = list(inputs) if isinstance(inputs, list | tuple) else [inputs]
    count = template.count(placeholder)
    if count != len(ts):
        raise error(
            "INVALID_ATTR",
            f"The template expects {count} tensors, but the inputs only has {len(ts)}. Please "
            "ensure the number of placeholders in template matches inputs length.",
        )
    graph = ts[0].op.graph if ts and isinstance(ts[0], Tensor) else get_default_graph()
    with graph.as_default():
        ts = [convert_to_tensor(t) for t in ts]
    attrs = {"template": template, "placeholder": placeholder, "summarize": int(summarize)}
    return graph.create_op("StringFormat", tuple(ts), attrs, name or "StringFormat").outputs[0]


# -- unsorted_segment_join, bytes_split, unicode_decode/encode, ngrams ---------------------
# TF returns a RaggedTensor from bytes_split and unicode_decode of a non-scalar input;
# graphgate has no RaggedTensor, so those take a scalar (a dense 1-D result) only.


def _segment_join_infer(shapes, types, attrs):
    _strings_in(types, 0)
    check_dtype(types[1], "int", "segment_ids")
    data, ids = shapes[0], shapes[1]
    if data is None or ids is None:
        return [(None, _dt.string)]
    if len(ids) > len(data) or any(
        a is not None and b is not None and a != b for a, b in zip(ids, data, strict=False)
    ):
        raise InferenceError(
            "SHAPE_MISMATCH", f"segment_ids {list(ids)} must be a prefix of inputs {list(data)}"
        )
    return [((attrs["num_segments"], *data[len(ids) :]), _dt.string)]


@register_op(
    "UnsortedSegmentJoin",
    arity=2,
    infer=_segment_join_infer,
    attrs={"num_segments": ("int", REQUIRED), "separator": ("str", "")},
    needs_state=True,
)
def _unsorted_segment_join(op):
    n, sep = op.attrs["num_segments"], op.attrs.get("separator", "").encode()

    def kernel(state, inputs, ids):
        inputs, ids = np.asarray(inputs, object), np.asarray(ids)
        flat = ids.reshape(-1)
        if flat.size and (flat.min() < 0 or flat.max() >= n):
            bad = int(flat.min() if flat.min() < 0 else flat.max())
            raise error("INDEX_OUT_OF_RANGE", f"segment_id {bad} is out of range [0, {n})")
        rows = inputs.reshape(flat.size, math.prod(inputs.shape[ids.ndim :]))  # -1: 0 rows
        check_string_bytes(state, op, int(np.sum(_dt.string_lengths(rows))) + len(sep) * rows.size)
        out = np.empty((n, rows.shape[1]), object)
        for k in range(n):
            picked = rows[flat == k]  # in input order, as TF's
            out[k] = [sep.join(col) for col in picked.T] if len(picked) else b""
        return out.reshape((n, *inputs.shape[ids.ndim :]))

    return kernel


def unsorted_segment_join(
    inputs: Any, segment_ids: Any, num_segments: Any, separator: str = "", name=None
) -> Tensor:
    """The strings of each segment joined with `separator`, in input order ("" for a
    segment with none); ids out of [0, num_segments) fail when run, as TF's."""
    n = static_int(num_segments)
    if not isinstance(n, int):
        raise error("UNIMPLEMENTED", "unsorted_segment_join's num_segments must be known")
    attrs = {"num_segments": n, "separator": separator}
    graph, (x,), name = op_inputs((inputs,), name, "UnsortedSegmentJoin", ("inputs",))
    with graph.as_default(), graph.name_scope(name):
        ids = convert_to_tensor(segment_ids, name="segment_ids")
    return graph.create_op("UnsortedSegmentJoin", (x, ids), attrs, name).outputs[0]


def _scalar_string(value: Any, what: str, name: str | None, default: str):
    graph, (x,), name = op_inputs((value,), name, default, ("input",))
    if x.dtype != _dt.string:
        raise error("DTYPE_MISMATCH", f"{what} needs a string tensor, got {x.dtype.name}")
    if x.static_shape != ():
        raise error(
            "UNIMPLEMENTED",
            f"{what} of a non-scalar input (a RaggedTensor in TF) is not built by graphgate",
        )
    return graph, x, name


@register_op(
    "StringBytesSplit", arity=1, infer=lambda s, t, a: [((None,), _dt.string)], needs_state=True
)
def _bytes_split(op):
    def kernel(state, x):
        b = bytes(np.asarray(x, object).item())
        out = np.empty(len(b), object)
        out[:] = [b[i : i + 1] for i in range(len(b))]
        return out

    return kernel


def bytes_split(input: Any, name: str | None = None) -> Any:
    """The bytes of each string, each a string: a vector for a scalar, else a RaggedTensor
    one ragged dimension deeper (TF's: a vector's rows from StringSplit on the empty
    delimiter, a higher rank's from its RaggedTensor.from_tensor, recursively)."""
    if isinstance(input, RaggedTensor):
        return input.with_flat_values(bytes_split(input.flat_values, name))
    graph, (x,), name = op_inputs((input,), name, "StringsByteSplit", ("input",))
    if x.dtype != _dt.string:
        raise error("DTYPE_MISMATCH", f"bytes_split needs a string tensor, got {x.dtype.name}")
    if x.static_shape is None:
        raise error("INVALID_TENSOR", "bytes_split needs an input of known rank")
    rank = len(x.static_shape)
    if rank == 0:
        return graph.create_op("StringBytesSplit", (x,), None, name).outputs[0]
    if rank == 1:
        attrs = {"delimiter": "", "skip_empty": False}
        return RaggedTensor.from_sparse(_split_op("StringSplit", x, attrs, name))
    return bytes_split(RaggedTensor.from_tensor(x), name)


_CODECS = {
    "UTF-8": "utf-8",
    "UTF-16-BE": "utf-16-be",
    "UTF-32-BE": "utf-32-be",
    "ISO-8859-1": "latin-1",
    "US-ASCII": "ascii",
}
# ICU's aliases TF's converters take as well
_SPELLINGS = {
    "UTF8": "UTF-8",
    "UTF16BE": "UTF-16-BE",
    "UTF-16BE": "UTF-16-BE",
    "UTF32BE": "UTF-32-BE",
    "UTF-32BE": "UTF-32-BE",
    "LATIN1": "ISO-8859-1",
}
_ERRORS = ("replace", "strict", "ignore")


def _codec(encoding: str, what: str) -> str:
    codec = _CODECS.get(encoding.upper()) or _CODECS.get(_SPELLINGS.get(encoding.upper(), ""))
    if codec is None:
        raise error(
            "INVALID_ATTR", f"{what}: encoding {encoding!r} is not one of {', '.join(_CODECS)}"
        )
    return codec


def _check_errors(errors: str, replacement_char: int) -> None:
    if errors not in _ERRORS:
        raise error("INVALID_ATTR", f"errors must be one of {', '.join(_ERRORS)}, got {errors!r}")
    if not 0 <= replacement_char <= 0x10FFFF or 0xD800 <= replacement_char <= 0xDFFF:
        raise error("INVALID_ATTR", f"replacement_char {replacement_char} is no code point")


# What TF's decoding ops do with bytes they cannot decode, and with control characters.
_DECODE_ERROR_ATTRS = {
    "errors": ("str", "replace"),
    "replacement_char": ("int", 0xFFFD),
    "replace_control_characters": ("bool", False),
}


def _mark_malformed(exc: UnicodeDecodeError) -> tuple[str, int]:
    # One mark per malformed unit, as ICU's converters report them for UTF-16 and
    # UTF-32 (a lone surrogate, a code point past U+10FFFF, a truncated tail).
    return "\udc80", exc.end


codecs.register_error("graphgate-malformed", _mark_malformed)


def _marked_text(b: bytes, codec: str) -> str:
    """`b` decoded, each byte (UTF-8) or unit (UTF-16, UTF-32) that does not decode a
    lone surrogate in U+DC80..U+DCFF, which no decoded text holds."""
    if codec == "utf-8":
        return b.decode(codec, "surrogateescape")
    return b.decode(codec, "graphgate-malformed")


def _decoded_points(op, b: bytes) -> list[int]:
    a = op.attrs
    errors, repl = a.get("errors", "replace"), a.get("replacement_char", 0xFFFD)
    text = _marked_text(b, _codec(a["input_encoding"], "unicode_decode"))
    points = []
    for ch in text:
        c = ord(ch)
        if 0xDC80 <= c <= 0xDCFF:  # an undecodable byte
            if errors == "strict":
                raise error("COMPUTE_ERROR", f"Invalid formatting on input string: {b!r}")
            if errors == "ignore":
                continue
            c = repl
        elif a.get("replace_control_characters") and c < 0x20:  # TF's: C0 only, not DEL or C1
            c = repl
        points.append(c)
    return points


def _unicode_attrs_infer(encoding_attr: str, infer):
    """TF checks `errors`, `replacement_char` and the encoding when the op is built (the
    builders here too); a document reached the kernel: an unknown `errors` read as
    `ignore` or `replace`, a replacement of -7 was returned as a code point, one past
    2^31 an OverflowError."""

    def checked(shapes, types, attrs):
        try:
            _codec(attrs[encoding_attr], encoding_attr)
            _check_errors(attrs["errors"], attrs["replacement_char"])
        except GraphgateError as exc:
            raise InferenceError(exc.code, exc.message) from None
        return infer(shapes, types, attrs)

    return checked


@register_op(
    "UnicodeDecode",
    arity=1,
    infer=_unicode_attrs_infer("input_encoding", lambda s, t, a: [((None,), _dt.int32)]),
    attrs={
        "input_encoding": ("str", REQUIRED),
        **_DECODE_ERROR_ATTRS,
    },
)
def _unicode_decode(op):
    return lambda x: np.array(_decoded_points(op, bytes(np.asarray(x, object).item())), np.int32)


def unicode_decode(
    input: Any,
    input_encoding: str,
    errors: str = "replace",
    replacement_char: int = 0xFFFD,
    replace_control_characters: bool = False,
    name: str | None = None,
) -> Tensor:
    """The code points of a scalar string (int32), bytes that do not decode replaced,
    dropped or refused as `errors` says; of more strings a RaggedTensor, a row each."""
    attrs = _decode_attrs(input_encoding, errors, replacement_char, replace_control_characters)
    if _is_several(input):
        return _decoded_rows(input, attrs, "unicode_decode", name)[0]
    graph, x, name = _scalar_string(input, "unicode_decode", name, "UnicodeDecode")
    return graph.create_op("UnicodeDecode", (x,), attrs, name).outputs[0]


def _is_several(input: Any) -> bool:
    """Whether a decode's input is not one string (TF's RaggedTensor answer), or of
    unknown rank (which TF refuses)."""
    if isinstance(input, RaggedTensor):
        return True
    return (input.static_shape if isinstance(input, Tensor) else np.shape(input)) != ()


def _encode_infer(shapes, types, attrs):
    check_dtype(types[0], "int", "unicode_encode's input")
    s = shapes[0]
    if s is not None and len(s) == 0:
        raise InferenceError("SHAPE_MISMATCH", "unicode_encode needs an input of rank >= 1")
    return [(None if s is None else s[:-1], _dt.string)]


_ENCODE_ATTRS = {
    "output_encoding": ("str", REQUIRED),
    "errors": ("str", "replace"),
    "replacement_char": ("int", 0xFFFD),
}


def _code_point_encoder(op):
    """The bytes of one row of code points, invalid ones replaced, dropped or refused as
    the op's `errors` says."""
    a = op.attrs
    codec, errors = _codec(a["output_encoding"], "unicode_encode"), a.get("errors", "replace")
    repl = chr(a.get("replacement_char", 0xFFFD))

    def one(points) -> bytes:
        chars = []
        for c in points.tolist():
            if 0 <= c <= 0x10FFFF and not 0xD800 <= c <= 0xDFFF:
                chars.append(chr(c))
            elif errors == "strict":
                raise error("COMPUTE_ERROR", f"code point {c} is not a valid Unicode character")
            elif errors == "replace":
                chars.append(repl)
        return "".join(chars).encode(codec)

    return one


@register_op(
    "UnicodeEncodeDense",
    arity=1,
    infer=_unicode_attrs_infer("output_encoding", _encode_infer),
    attrs=dict(_ENCODE_ATTRS),
    needs_state=True,
)
def _unicode_encode(op):
    one = _code_point_encoder(op)

    def kernel(state, x):
        x = np.asarray(x)
        check_string_bytes(state, op, 4 * x.size)
        rows = x.reshape(math.prod(x.shape[:-1]), x.shape[-1])
        out = np.empty(len(rows), object)
        out[:] = [one(r) for r in rows]
        return out.reshape(x.shape[:-1])

    return kernel


def _ragged_encode_infer(shapes, types, attrs):
    if types[0] != _dt.int32:  # TF's op takes int32 code points only (TypeError otherwise)
        raise InferenceError("DTYPE_MISMATCH", f"UnicodeEncode takes int32, got {types[0].name}")
    check_dtype(types[1], "int", "unicode_encode's row splits")
    values, splits = shapes
    if (values is not None and len(values) != 1) or (splits is not None and len(splits) != 1):
        raise InferenceError("SHAPE_MISMATCH", "UnicodeEncode takes a vector and its row splits")
    rows = None if splits is None or splits[0] is None else max(splits[0] - 1, 0)
    return [((rows,), _dt.string)]


@register_op(
    "UnicodeEncode",
    arity=2,
    infer=_unicode_attrs_infer("output_encoding", _ragged_encode_infer),
    attrs=dict(_ENCODE_ATTRS),
    needs_state=True,
)
def _unicode_encode_ragged(op):
    # TF's own op: the code points of each row of a ragged_rank-1 RaggedTensor.
    one = _code_point_encoder(op)

    def kernel(state, values, splits):
        values, splits = np.asarray(values), np.asarray(splits, np.int64)
        bad = splits.size == 0 or splits[0] != 0 or splits[-1] != values.size
        if bad or np.any(np.diff(splits) < 0):
            raise error(
                "INVALID_TENSOR", f"row splits {splits.tolist()} do not split {values.size} values"
            )
        check_string_bytes(state, op, 4 * values.size)
        out = np.empty(splits.size - 1, object)
        out[:] = [one(values[a:b]) for a, b in itertools.pairwise(splits)]
        return out

    return kernel


def unicode_encode(
    input: Any,
    output_encoding: str,
    errors: str = "replace",
    replacement_char: int = 0xFFFD,
    name: str | None = None,
) -> Tensor | RaggedTensor:
    """The strings of the code points along the last axis of an int tensor: of a
    RaggedTensor's innermost rows (TF's UnicodeEncode), or a dense tensor's last axis."""
    _codec(output_encoding, "unicode_encode")
    _check_errors(errors, replacement_char)
    attrs = {
        "output_encoding": output_encoding,
        "errors": errors,
        "replacement_char": int(replacement_char),
    }
    if isinstance(input, RaggedTensor):
        # As TF's: dense inner dimensions encoded densely, outer ragged ones kept.
        inner = input.flat_values.static_shape
        if inner is None or len(inner) > 1:
            encoded = unicode_encode(input.flat_values, output_encoding, errors, replacement_char)
            return input.with_flat_values(encoded)
        if input.ragged_rank > 1:
            encoded = unicode_encode(input.values, output_encoding, errors, replacement_char)
            return input.with_values(encoded)
        graph, (values, splits), name = op_inputs(
            (input.values, input.row_splits), name, "UnicodeEncode", ("input", "row_splits")
        )
        return graph.create_op("UnicodeEncode", (values, splits), attrs, name).outputs[0]
    graph, (x,), name = op_inputs((input,), name, "UnicodeEncode", ("input",))
    return graph.create_op("UnicodeEncodeDense", (x,), attrs, name).outputs[0]


def _decoded_with_offsets(op, b: bytes) -> tuple[list[int], list[int]]:
    """The code points of `b` and the byte offset each starts at (TF's
    UnicodeDecodeWithOffsets): an undecodable byte is one byte, replaced or dropped as
    `errors` says."""
    a = op.attrs
    codec = _codec(a["input_encoding"], "unicode_decode")
    points, offsets, at = [], [], 0
    for ch in b.decode(codec, "surrogateescape"):
        size = 1 if 0xDC80 <= ord(ch) <= 0xDCFF else len(ch.encode(codec))
        one = _decoded_points(op, ch.encode(codec, "surrogateescape"))
        points.extend(one)
        offsets.extend([at] * len(one))
        at += size
    return points, offsets


@register_op(
    "UnicodeDecodeWithOffsetsDense",
    arity=1,
    infer=_unicode_attrs_infer(
        "input_encoding", lambda s, t, a: [((None,), _dt.int32), ((None,), _dt.int64)]
    ),
    attrs={
        "input_encoding": ("str", REQUIRED),
        **_DECODE_ERROR_ATTRS,
    },
)
def _unicode_decode_with_offsets(op):
    def kernel(x):
        points, offsets = _decoded_with_offsets(op, bytes(np.asarray(x, object).item()))
        return np.array(points, np.int32), np.array(offsets, np.int64)

    return kernel


def _decode_rows_infer(shapes, types, attrs):
    if shapes[0] is not None and len(shapes[0]) != 1:
        raise InferenceError("SHAPE_MISMATCH", f"needs a vector, got {list(shapes[0])}")
    n = None if shapes[0] is None or shapes[0][0] is None else shapes[0][0] + 1
    splits = attrs.get("Tsplits") or _dt.int64
    check_dtype(splits, "int", "Tsplits")
    return [((n,), splits), ((None,), _dt.int32), ((None,), _dt.int64)]


@register_op(
    "UnicodeDecodeWithOffsets",
    arity=1,
    infer=_unicode_attrs_infer("input_encoding", _decode_rows_infer),
    attrs={
        "input_encoding": ("str", REQUIRED),
        **_DECODE_ERROR_ATTRS,
        "Tsplits": ("dtype", _dt.int64),
    },
    needs_state=True,
)
def _unicode_decode_rows(op):
    """TF's kernel of a vector of strings: every string's code points one after another,
    the row splits between them and each code point's byte offset in its string."""

    def kernel(state, x):
        x = np.asarray(x, object).reshape(-1)
        check_working_bytes(state, op, 12 * int(np.sum(_dt.string_lengths(x))))
        splits, points, offsets = [0], [], []
        for b in x.tolist():
            p, o = _decoded_with_offsets(op, bytes(b))
            points.extend(p)
            offsets.extend(o)
            splits.append(len(points))
        splits_dtype = op.outputs[0].dtype.as_numpy_dtype
        return (
            np.array(splits, splits_dtype),
            np.array(points, np.int32),
            np.array(offsets, np.int64),
        )

    return kernel


def _decoded_rows(input: Any, attrs: dict, what: str, name: str | None) -> tuple:
    """Code points and their byte offsets of each string of a non-scalar `input`, two
    RaggedTensors one ragged dimension deeper than it (TF's: a vector's from the flat
    decode, a higher rank's through RaggedTensor.from_tensor, recursively)."""
    if isinstance(input, RaggedTensor):
        points, offsets = _decoded_rows(input.flat_values, attrs, what, name)
        return input.with_flat_values(points), input.with_flat_values(offsets)
    graph, (x,), name = op_inputs((input,), name, "UnicodeDecodeWithOffsets", ("input",))
    if x.dtype != _dt.string:
        raise error("DTYPE_MISMATCH", f"{what} needs a string tensor, got {x.dtype.name}")
    if x.static_shape is None:
        raise error("INVALID_TENSOR", f"{what}: rank of `input` must be statically known")
    if len(x.static_shape) > 1:
        return _decoded_rows(RaggedTensor.from_tensor(x), attrs, what, name)
    splits, points, offsets = graph.create_op("UnicodeDecodeWithOffsets", (x,), attrs, name).outputs
    return (
        RaggedTensor.from_row_splits(points, splits, validate=False),
        RaggedTensor.from_row_splits(offsets, splits, validate=False),
    )


def _decode_attrs(
    input_encoding: str, errors: str, replacement_char: int, replace_control_characters: bool
) -> dict:
    _codec(input_encoding, "unicode_decode")
    _check_errors(errors, replacement_char)
    return {
        "input_encoding": input_encoding,
        "errors": errors,
        "replacement_char": int(replacement_char),
        "replace_control_characters": bool(replace_control_characters),
    }


def unicode_decode_with_offsets(
    input: Any,
    input_encoding: str,
    errors: str = "replace",
    replacement_char: int = 0xFFFD,
    replace_control_characters: bool = False,
    name: str | None = None,
) -> tuple[Tensor, Tensor]:
    """The code points of a scalar string (int32) and the byte offset of each (int64); of
    more strings two RaggedTensors, a row each."""
    attrs = _decode_attrs(input_encoding, errors, replacement_char, replace_control_characters)
    if _is_several(input):
        return _decoded_rows(input, attrs, "unicode_decode_with_offsets", name)
    graph, x, name = _scalar_string(
        input, "unicode_decode_with_offsets", name, "UnicodeDecodeWithOffsets"
    )
    op = graph.create_op("UnicodeDecodeWithOffsetsDense", (x,), attrs, name)
    return op.outputs[0], op.outputs[1]


def unicode_split(
    input: Any,
    input_encoding: str,
    errors: str = "replace",
    replacement_char: int = 0xFFFD,
    name: str | None = None,
) -> Tensor:
    """The characters of a scalar string, each a string in `input_encoding` (TF's: decoded
    with offsets, each code point encoded again, so a bad byte is the replacement); of
    more strings a RaggedTensor, a row each."""
    from .array_ops import expand_dims  # array_ops imports this module

    if _is_several(input):
        attrs = _decode_attrs(input_encoding, errors, replacement_char, False)
        points = _decoded_rows(input, attrs, "unicode_split", name)[0]
        flat = expand_dims(points.flat_values, -1)
        return points.with_flat_values(
            unicode_encode(flat, input_encoding, errors, replacement_char)
        )
    graph, x, name = _scalar_string(input, "unicode_split", name, "UnicodeSplit")
    with graph.as_default(), graph.name_scope(name):
        points, _ = unicode_decode_with_offsets(x, input_encoding, errors, replacement_char)
        return unicode_encode(expand_dims(points, -1), input_encoding, errors, replacement_char)


def unicode_split_with_offsets(
    input: Any,
    input_encoding: str,
    errors: str = "replace",
    replacement_char: int = 0xFFFD,
    name: str | None = None,
) -> tuple[Tensor, Tensor]:
    """`unicode_split`'s characters and the byte offset in the string where each starts
    (int64), as TF builds them: decoded with offsets, each code point encoded again."""
    from .array_ops import expand_dims  # array_ops imports this module

    if _is_several(input):
        attrs = _decode_attrs(input_encoding, errors, replacement_char, False)
        points, offsets = _decoded_rows(input, attrs, "unicode_split_with_offsets", name)
        flat = expand_dims(points.flat_values, -1)
        chars = unicode_encode(flat, input_encoding, errors, replacement_char)
        return points.with_flat_values(chars), offsets
    graph, x, name = _scalar_string(
        input, "unicode_split_with_offsets", name, "UnicodeSplitWithOffsets"
    )
    with graph.as_default(), graph.name_scope(name):
        points, offsets = unicode_decode_with_offsets(x, input_encoding, errors, replacement_char)
        chars = unicode_encode(expand_dims(points, -1), input_encoding, errors, replacement_char)
        return chars, offsets


@register_op(
    "UnicodeTranscode",
    arity=1,
    infer=_unicode_attrs_infer("output_encoding", lambda s, t, a: [(s[0], _dt.string)]),
    attrs={
        "input_encoding": ("str", REQUIRED),
        "output_encoding": ("str", REQUIRED),
        **_DECODE_ERROR_ATTRS,
    },
    unknown_rank_ok=True,
    needs_state=True,
)
def _unicode_transcode(op):
    codec = _codec(op.attrs["output_encoding"], "unicode_transcode")

    def one(b: bytes) -> bytes:
        return "".join(map(chr, _decoded_points(op, b))).encode(codec)

    def kernel(state, x):
        x = np.asarray(x, object)
        check_string_bytes(state, op, 4 * int(np.sum(_dt.string_lengths(x))))
        out = np.empty(x.shape, object)
        out.reshape(-1)[:] = [one(bytes(b)) for b in x.reshape(-1)]
        return out

    return kernel


def unicode_transcode(
    input: Any,
    input_encoding: str,
    output_encoding: str,
    errors: str = "replace",
    replacement_char: int = 0xFFFD,
    replace_control_characters: bool = False,
    name: str | None = None,
) -> Tensor:
    """Each string decoded from `input_encoding` and encoded in `output_encoding`, bytes
    that do not decode replaced, dropped or refused as `errors` says."""
    attrs = _decode_attrs(input_encoding, errors, replacement_char, replace_control_characters)
    _codec(output_encoding, "unicode_transcode")
    attrs["output_encoding"] = output_encoding
    graph, (x,), name = op_inputs((input,), name, "UnicodeTranscode", ("input",))
    if x.dtype != _dt.string:
        raise error(
            "DTYPE_MISMATCH", f"unicode_transcode needs a string tensor, got {x.dtype.name}"
        )
    return graph.create_op("UnicodeTranscode", (x,), attrs, name).outputs[0]


@functools.cache
def _script_ranges() -> tuple[np.ndarray, np.ndarray]:
    """(starts, codes) of TF's script table, parsed once when first used."""
    from .unicode_scripts import RANGES

    pairs = [p.split(":") for p in RANGES.split()]
    return (
        np.array([int(start, 16) for start, _ in pairs], np.int64),
        np.array([int(code) for _, code in pairs], np.int32),
    )


def _script_infer(shapes, types, attrs):
    if types[0] is not _dt.int32:
        raise InferenceError("DTYPE_MISMATCH", f"unicode_script needs int32, got {types[0].name}")
    return [(shapes[0], _dt.int32)]


@register_op("UnicodeScript", arity=1, infer=_script_infer, unknown_rank_ok=True)
def _unicode_script(op):
    def kernel(x):
        x = np.asarray(x, np.int64)
        starts, codes = _script_ranges()
        found = codes[np.clip(np.searchsorted(starts, x, side="right") - 1, 0, None)]
        return np.where((x < 0) | (x > 0x10FFFF), np.int32(-1), found).astype(np.int32)

    return kernel


def unicode_script(input: Any, name: str | None = None) -> Tensor:
    """ICU's script code (UScriptCode) of each int32 code point, as TF's UnicodeScript
    answers it (TF's own table: 103, Unknown, for unassigned code points, -1 for what is
    no code point)."""
    graph, (x,), name = op_inputs((input,), name, "UnicodeScript", ("input",))
    return graph.create_op("UnicodeScript", (x,), None, name).outputs[0]


def _ngrams_infer(shapes, types, attrs):
    _strings_in(types, 0)
    s = shapes[0]
    if s is not None and len(s) == 0:
        raise InferenceError("SHAPE_MISMATCH", "ngrams needs data of rank >= 1")
    _check_widths(attrs)
    return [(None if s is None else (*s[:-1], None), _dt.string)]


def _check_widths(attrs) -> None:
    widths = list(attrs["ngram_widths"])
    if not widths or min(widths) <= 0:
        # TF's kernel: "ngram_widths must contain positive values" (a document bypasses
        # the builder's check; 0 and -3 made empty strings)
        raise InferenceError(
            "INVALID_ATTR", f"ngram_widths must contain positive values, got {widths}"
        )


def _ngrams_cost(x: np.ndarray, a: dict) -> tuple[int, int, int]:
    """(n-grams per row, an upper bound of all their bytes, list items made) of
    StringNGrams on `x`, from its shape, its strings' total length and the attributes,
    in time linear in the widths: each width's n-grams hold at most min(width, count)
    copies of every token and pad (a window covers a position at most that often) and
    width - 1 separators. A separator, a pad or a repeated width multiplies the output
    far past the input, so the limits are checked on these before anything is joined."""
    length = x.shape[-1]
    rows = math.prod(x.shape[:-1])
    total = int(np.sum(_dt.string_lengths(x)))
    sep, pads = (
        len(a["separator"].encode()),
        len(a["left_pad"].encode()) + len(a["right_pad"].encode()),
    )
    count = nbytes = items = 0
    for width in a["ngram_widths"]:
        pad = min(width - 1 if a["pad_width"] < 0 else a["pad_width"], width - 1)
        n = max(length + 2 * pad - width + 1, 0)
        count += n
        items += length + 2 * pad + n * width
        nbytes += rows * n * (width - 1) * sep + min(width, n) * (total + rows * pad * pads)
    if count == 0 and length and a["preserve_short_sequences"]:
        pad = max(a["pad_width"], 0)
        count, items = 1, length + 2 * pad
        nbytes = total + rows * (pad * pads + (length + 2 * pad - 1) * sep)
    return count, nbytes, rows * items


def _row_ngrams(row: list, a: dict, pad_empty: bool = False) -> list[bytes]:
    """TF's StringNGrams on one row: each width in turn, padded by up to width - 1. An
    empty row makes pads' n-grams only among rows holding strings (`pad_empty`): TF 2.21
    makes none at all when the data holds no string."""
    sep, pads = a["separator"].encode(), (a["left_pad"].encode(), a["right_pad"].encode())
    if not row and not pad_empty:
        return []
    out = []
    for width in a["ngram_widths"]:
        pad = min(width - 1 if a["pad_width"] < 0 else a["pad_width"], width - 1)
        seq = [pads[0]] * pad + row + [pads[1]] * pad
        out += [sep.join(seq[i : i + width]) for i in range(len(seq) - width + 1)]
    if not out and row and a["preserve_short_sequences"]:
        pad = max(a["pad_width"], 0)
        out.append(sep.join([pads[0]] * pad + row + [pads[1]] * pad))
    return out


_NGRAM_ATTRS = {
    "ngram_widths": ("ints", REQUIRED),
    "separator": ("str", " "),
    "left_pad": ("str", ""),
    "right_pad": ("str", ""),
    "pad_width": ("int", 0),
    "preserve_short_sequences": ("bool", False),
}


@register_op(
    "StringNGramsDense", arity=1, infer=_ngrams_infer, attrs=dict(_NGRAM_ATTRS), needs_state=True
)
def _string_ngrams(op):
    def kernel(state, x):
        x = np.asarray(x, object)
        count, nbytes, items = _ngrams_cost(x, op.attrs)
        check_run_time_size(state, op, (*x.shape[:-1], count))
        check_string_bytes(state, op, nbytes)
        check_working_bytes(state, op, 8 * items)  # a list's pointer per item
        flat = x.reshape(math.prod(x.shape[:-1]), x.shape[-1])  # -1 is ambiguous for 0
        rows = [_row_ngrams(list(r), op.attrs) for r in flat]
        # No rows at all: TF reshapes no n-grams to [..., -1], which it reads as 1.
        out = np.empty((len(rows), len(rows[0]) if rows else 1), object)
        out[:] = rows if rows and rows[0] else out
        return out.reshape((*x.shape[:-1], out.shape[1]))

    return kernel


def _ragged_ngrams_infer(shapes, types, attrs):
    _strings_in(types, 0)
    check_dtype(types[1], "int", "ngrams' row splits")
    values, splits = shapes
    if (values is not None and len(values) != 1) or (splits is not None and len(splits) != 1):
        raise InferenceError("SHAPE_MISMATCH", "StringNGrams takes a vector and its row splits")
    _check_widths(attrs)
    return [((None,), _dt.string), (splits, types[1])]


@register_op(
    "StringNGrams",
    arity=2,
    infer=_ragged_ngrams_infer,
    attrs=dict(_NGRAM_ATTRS),
    needs_state=True,
)
def _string_ngrams_ragged(op):
    # TF's own op: the n-grams of each row of a ragged_rank-1 RaggedTensor, and their splits.
    def kernel(state, values, splits):
        values, splits = np.asarray(values, object), np.asarray(splits)
        bad = splits.size == 0 or splits[0] != 0 or splits[-1] != values.size
        if bad or np.any(np.diff(splits) < 0):
            raise error(
                "INVALID_TENSOR", f"row splits {splits.tolist()} do not split {values.size} values"
            )
        rows = [values[a:b].reshape(1, -1) for a, b in itertools.pairwise(splits.tolist())]
        costs = [_ngrams_cost(r, op.attrs) for r in rows]
        check_run_time_size(state, op, (sum(c[0] for c in costs),))
        check_string_bytes(state, op, sum(c[1] for c in costs))
        check_working_bytes(state, op, 8 * sum(c[2] for c in costs))
        made = [_row_ngrams(list(r[0]), op.attrs, values.size > 0) for r in rows]
        out = np.empty(sum(len(m) for m in made), object)
        out[:] = list(itertools.chain.from_iterable(made))
        lengths = [0, *(len(m) for m in made)]
        return out, np.cumsum(lengths).astype(splits.dtype)

    return kernel


def ngrams(
    data: Any,
    ngram_width: Any,
    separator: str = " ",
    pad_values: Any = None,
    padding_width: int | None = None,
    preserve_short_sequences: bool = False,
    name: str | None = None,
) -> Tensor:
    """The n-grams of the strings along the last axis of dense `data`, for each width in
    `ngram_width` (an int or a list), joined by `separator`, padded with `pad_values`
    (one string or a (left, right) pair) on each side, as TF's `tf.strings.ngrams`."""
    widths = [ngram_width] if isinstance(ngram_width, int) else list(ngram_width)
    if not widths or any(operator.index(w) <= 0 for w in widths):
        raise error("INVALID_ATTR", f"ngram_width must be positive, got {ngram_width!r}")
    separator = attr_text(separator, "ngrams' separator")
    # TF's checks, as its ngrams makes them before building (ValueError, TypeError)
    if padding_width is not None and operator.index(padding_width) < 1:
        raise error("INVALID_ATTR", "padding_width must be greater than 0.")
    if padding_width is not None and pad_values is None:
        raise error("INVALID_ATTR", "pad_values must be provided if padding_width is set.")
    width = -1 if padding_width is None else operator.index(padding_width)
    if pad_values is None:
        pads, width = ("", ""), 0
    else:
        # TF takes a pad as bytes or text (b"#", (b"<", b">"))
        one = isinstance(pad_values, str | bytes)
        pads = tuple((pad_values,) * 2 if one else pad_values)[:2]
        if len(pads) < 2 or not all(isinstance(p, str | bytes) for p in pads):
            raise error("DTYPE_MISMATCH", "pad_values must be a string, tuple of strings, or None.")
        pads = tuple(attr_text(p, "ngrams' pad value") for p in pads)
    attrs = {
        "ngram_widths": tuple(operator.index(w) for w in widths),
        "separator": separator,
        "left_pad": pads[0],
        "right_pad": pads[1],
        "pad_width": width,
        "preserve_short_sequences": bool(preserve_short_sequences),
    }
    if isinstance(data, RaggedTensor):
        if data.ragged_rank > 1:  # as TF's: the innermost rows' n-grams, outer rows kept
            inner = ngrams(
                data.values,
                ngram_width,
                separator,
                pad_values,
                padding_width,
                preserve_short_sequences,
                name,
            )
            return data.with_values(inner)
        graph, inputs, name = op_inputs(
            (data.values, data.row_splits), name, "StringNGrams", ("data", "data_splits")
        )
        grams, splits = graph.create_op("StringNGrams", inputs, attrs, name).outputs
        return RaggedTensor.from_row_splits(grams, splits, validate=False)
    graph, (x,), name = op_inputs((data,), name, "StringNGrams", ("data",))
    return graph.create_op("StringNGramsDense", (x,), attrs, name).outputs[0]


not_differentiable("UnsortedSegmentJoin", "StringBytesSplit", "UnicodeDecode")
not_differentiable("UnicodeEncodeDense", "UnicodeEncode")
not_differentiable(
    "UnicodeDecodeWithOffsetsDense", "UnicodeDecodeWithOffsets", "UnicodeTranscode", "UnicodeScript"
)
not_differentiable("StringNGramsDense", "StringNGrams")
