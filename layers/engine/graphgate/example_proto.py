"""TF's `tf.train.Example` protocol buffers and their wire format, without protobuf.

The messages (`Example`, `Features`, `Feature`, `BytesList`, `FloatList`, `Int64List`,
`SequenceExample`, `FeatureLists`, `FeatureList`) are a tiny proto3 schema; each class
declares its fields and one codec below writes and reads them, behaving as protobuf's
Python API does for them: keyword construction, `feature` maps that create entries on
access, repeated `.value` fields, the oneof `kind`, presence of sub-messages set by a
mutation deep inside them (`ex.features.feature["a"].int64_list.value.append(1)`).

Serialization is byte-identical to protobuf's with map entries in its deterministic order
(`deterministic=True`; its default order is its hash table's): packed float and int64
lists, a set sub-message written even when empty, a map entry's key and value always
written. Parsing accepts what protobuf accepts (packed or unpacked lists, fields in any
order, a repeated sub-message merged, unknown fields kept and written back after the
known ones) and raises `DecodeError` (code INVALID_PROTO) for anything else.
"""

from __future__ import annotations

import math
import operator
import struct
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from . import protowire
from .errors import error

__all__ = [
    "BytesList",
    "Example",
    "Feature",
    "FeatureList",
    "FeatureLists",
    "Features",
    "FloatList",
    "Int64List",
    "SequenceExample",
    "decode_features",
    "decode_sequence",
]

_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1
_F32 = struct.Struct("<f")


def _corrupt(message: type) -> Exception:
    return error(
        "INVALID_PROTO",
        f"Error parsing message with type 'tensorflow.{message.__name__}': Wire format was corrupt",
    )


# -- scalar conversions: what a repeated field accepts ------------------------------------


def _to_int64(v: Any, field: str = "tensorflow.Int64List.value") -> int:
    if isinstance(v, bool | np.bool_):
        raise TypeError(f"Field {field}: Expected an int, got a boolean.")
    v = operator.index(v)  # a float is TypeError, as protobuf's
    if not _INT64_MIN <= v <= _INT64_MAX:
        raise ValueError(f"Value out of range: {v}")
    return v


def _to_float(v: Any) -> float:
    if isinstance(v, str | bytes) or v is None:
        raise TypeError(f"must be real number, not {type(v).__name__}")
    if not isinstance(v, int | float | np.number):
        raise TypeError(f"{v!r} has type {type(v).__name__}, but expected one of: float")
    # A float field holds float32: protobuf returns the rounded value.
    try:
        return _F32.unpack(_F32.pack(v))[0]
    except OverflowError:  # past float32's range: infinite, as protobuf's
        return math.copysign(math.inf, v)


def _to_bytes(v: Any) -> bytes:
    if not isinstance(v, bytes):
        raise TypeError(f"expected bytes, {type(v).__name__} found")
    return bytes(v)


class _Repeated:
    """A repeated scalar field (`.value`): a list that converts what it is given."""

    __slots__ = ("_convert", "_items", "_owner")

    def __init__(self, convert, owner):
        self._convert = convert
        self._items: list = []
        self._owner = owner

    def _touch(self) -> None:
        self._owner._touch()

    def append(self, v: Any) -> None:
        self._items.append(self._convert(v))
        self._touch()

    def extend(self, values: Iterable) -> None:
        self._items.extend(self._convert(v) for v in values)
        self._touch()

    def insert(self, i: int, v: Any) -> None:
        self._items.insert(i, self._convert(v))
        self._touch()

    def pop(self, i: int = -1) -> Any:
        return self._items.pop(i)

    def remove(self, v: Any) -> None:
        self._items.remove(v)

    def __setitem__(self, i, v) -> None:
        if isinstance(i, slice):
            self._items[i] = [self._convert(x) for x in v]
        else:
            self._items[i] = self._convert(v)
        self._touch()

    def __delitem__(self, i) -> None:
        del self._items[i]

    def __getitem__(self, i):
        return self._items[i]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator:
        return iter(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _Repeated):
            return self._items == other._items
        return isinstance(other, list | tuple) and self._items == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self._items)


class _MessageMap:
    """A `map<string, Message>` field: `m[key]` creates the entry, as protobuf's does."""

    __slots__ = ("_cls", "_items", "_owner")

    def __init__(self, cls, owner):
        self._cls = cls
        self._items: dict[str, _Message] = {}
        self._owner = owner

    def __getitem__(self, key: str) -> _Message:
        key = _key(key)
        value = self._items.get(key)
        if value is None:
            value = self._items[key] = self._cls()
            value._parent = (self._owner, None)
            self._owner._touch()
        return value

    def get_or_create(self, key: str) -> _Message:
        return self[key]

    def __setitem__(self, key, value) -> None:
        raise ValueError("Direct assignment of submessage not allowed")

    def get(self, key: str, default: Any = None) -> Any:
        return self._items.get(_key(key), default)

    def __delitem__(self, key: str) -> None:
        del self._items[_key(key)]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str | bytes) and _key(key) in self._items

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def keys(self):
        return self._items.keys()

    def values(self):
        return self._items.values()

    def items(self):
        return self._items.items()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _MessageMap):
            return self._items == other._items
        return isinstance(other, dict) and self._items == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self._items)


class _RepeatedMessages(_Repeated):
    """A repeated message field (`FeatureList.feature`): `add()` and copies of messages."""

    __slots__ = ()

    def add(self, **kwargs: Any) -> _Message:
        msg = self._convert(kwargs)
        self._items.append(msg)
        self._touch()
        return msg


def _key(key: Any) -> str:
    if isinstance(key, bytes):
        return key.decode("utf-8")
    if not isinstance(key, str):
        raise TypeError(f"{key!r} has type {type(key).__name__}, but expected one of: str")
    return key


# -- messages ---------------------------------------------------------------------------------

# Field kinds: a sub-message, a map of string to message, repeated messages, and the
# three repeated scalars (float and int64 packed, as proto3 writes them).
_MSG, _MAP, _MSGS, _FLOATS, _INT64S, _BYTES = "msg", "map", "msgs", "floats", "int64s", "bytes"
_SCALARS = {_FLOATS: _to_float, _INT64S: _to_int64, _BYTES: _to_bytes}


class _Message:
    """The protobuf Python API of one message, driven by the class's `_FIELDS`:
    `(name, number, kind, message class or None)`; `_ONEOF` names the `kind` oneof."""

    _FIELDS: tuple = ()
    _ONEOF: tuple = ()

    def __init__(self, **kwargs: Any):
        self._values: dict[str, Any] = {}
        self._lazy: dict[str, _Message] = {}
        self._parent: tuple | None = None
        self._unknown = bytearray()
        for name, value in kwargs.items():
            field = self._field(name)
            if value is None:
                continue
            self._assign(field, value)

    @classmethod
    def _field(cls, name: str) -> tuple:
        for f in cls._FIELDS:
            if f[0] == name:
                return f
        raise ValueError(f'Protocol message {cls.__name__} has no "{name}" field.')

    def _assign(self, field: tuple, value: Any) -> None:
        name, _, kind, cls = field
        if kind == _MSG:
            sub = getattr(self, name)
            sub.CopyFrom(value if isinstance(value, _Message) else cls(**value))
            sub._touch()
        elif kind == _MAP:
            target = getattr(self, name)
            for k, v in dict(value).items():
                target[k].CopyFrom(v if isinstance(v, _Message) else cls(**v))
        else:
            getattr(self, name).extend(value)

    def _container(self, name: str, kind: str, cls: type | None):
        if kind == _MAP:
            return _MessageMap(cls, self)
        if kind == _MSGS:
            return _RepeatedMessages(lambda v, c=cls: _copied(c, v), self)
        return _Repeated(_SCALARS[kind], self)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        value = self._values.get(name)
        if value is not None:
            return value
        _, _, kind, cls = self._field(name)
        if kind != _MSG:
            value = self._values[name] = self._container(name, kind, cls)
            return value
        # Unset: one default instance that sets itself on its first mutation.
        value = self._lazy.get(name)
        if value is None:
            value = self._lazy[name] = cls()
            value._parent = (self, name)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
            return
        kind = self._field(name)[2]
        if kind == _MSG:
            raise AttributeError(
                f'Assignment not allowed to message field "{name}" in protocol message object.'
            )
        raise AttributeError(
            f'Assignment not allowed to map, or repeated field "{name}" in protocol message object.'
        )

    def _touch(self) -> None:
        """A mutation: a lazily held sub-message becomes set in its parent (the oneof's
        other members cleared), and so on up."""
        if self._parent is None:
            return
        parent, name = self._parent
        if name is not None and parent._values.get(name) is not self:
            for other in parent._ONEOF if name in parent._ONEOF else ():
                parent._values.pop(other, None)
            parent._values[name] = self
            parent._lazy.pop(name, None)
        parent._touch()

    # -- protobuf's message API ----------------------------------------------------------

    def HasField(self, name: str) -> bool:
        if name == "kind" and self._ONEOF:
            return self.WhichOneof("kind") is not None
        if self._field(name)[2] != _MSG:
            raise ValueError(
                f"Field tensorflow.{type(self).__name__}.{name} does not have presence."
            )
        return name in self._values

    def WhichOneof(self, group: str) -> str | None:
        if group != "kind" or not self._ONEOF:
            raise ValueError(f'Protocol message {type(self).__name__} has no "{group}" field.')
        return next((n for n in self._ONEOF if n in self._values), None)

    def ClearField(self, name: str) -> None:
        if name == "kind" and self._ONEOF:
            for n in self._ONEOF:
                self._values.pop(n, None)
            return
        self._field(name)
        self._values.pop(name, None)

    def Clear(self) -> None:
        self._values.clear()
        self._lazy.clear()
        self._unknown = bytearray()

    def SetInParent(self) -> None:
        """Mark a sub-message set though it stays empty."""
        self._touch()

    def CopyFrom(self, other: _Message) -> None:
        if type(other) is not type(self):
            raise TypeError(
                f"Parameter to CopyFrom() must be instance of same class: expected "
                f"{type(self).__name__} got {type(other).__name__}."
            )
        if other is self:
            return
        self.Clear()
        self.MergeFrom(other)

    def MergeFrom(self, other: _Message) -> None:
        if type(other) is not type(self):
            raise TypeError(
                f"Parameter to MergeFrom() must be instance of same class: expected "
                f"{type(self).__name__} got {type(other).__name__}."
            )
        self._unknown += other._unknown
        for name, _, kind, _ in self._FIELDS:
            if name not in other._values:
                continue
            theirs = other._values[name]
            if kind == _MSG:
                getattr(self, name).MergeFrom(theirs)
                getattr(self, name)._touch()
            elif kind == _MAP:
                mine = getattr(self, name)
                for k, v in theirs.items():
                    mine[k].MergeFrom(v)
            else:
                getattr(self, name).extend(theirs)

    def SerializeToString(self, deterministic: bool | None = None) -> bytes:
        out = bytearray()
        _encode(self, out)
        return bytes(out)

    SerializePartialToString = SerializeToString

    def ByteSize(self) -> int:
        return len(self.SerializeToString())

    def ParseFromString(self, data: bytes) -> int:
        self.Clear()
        return self.MergeFromString(data)

    def MergeFromString(self, data: bytes) -> int:
        if isinstance(data, str):
            raise TypeError("expected bytes, str found")
        data = bytes(data)
        _decode(self, memoryview(data), type(self))
        return len(data)

    @classmethod
    def FromString(cls, data: bytes) -> _Message:
        msg = cls()
        msg.MergeFromString(data)
        return msg

    def ListFields(self) -> list:
        return [
            (name, self._values[name])
            for name, *_ in self._FIELDS
            if name in self._values and (_is_set(self._values[name]))
        ]

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.ListFields() == other.ListFields()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return _text(self, "")

    __str__ = __repr__


def _is_set(value: Any) -> bool:
    return isinstance(value, _Message) or len(value) > 0


def _copied(cls: type, value: Any) -> _Message:
    msg = cls()
    msg.CopyFrom(value) if isinstance(value, _Message) else msg.__init__(**value)
    return msg


def _text(msg: _Message, indent: str) -> str:
    """protobuf's text format, as `str(message)` prints it (map entries by key: protobuf's
    own order is its hash table's)."""
    lines = []
    for name, value in msg.ListFields():
        kind = msg._field(name)[2]
        if kind == _MSG:
            lines.append(f"{indent}{name} {{\n{_text(value, indent + '  ')}{indent}}}\n")
        elif kind == _MAP:
            for k in sorted(value):
                inner = f"{indent}  value {{\n{_text(value[k], indent + '    ')}{indent}  }}\n"
                key = _escaped(k.encode("utf-8"), utf8=True)
                lines.append(f'{indent}{name} {{\n{indent}  key: "{key}"\n{inner}{indent}}}\n')
        elif kind == _MSGS:
            lines += [f"{indent}{name} {{\n{_text(v, indent + '  ')}{indent}}}\n" for v in value]
        elif kind == _BYTES:
            lines += [f'{indent}{name}: "{_escaped(v, utf8=False)}"\n' for v in value]
        elif kind == _FLOATS:
            lines += [f"{indent}{name}: {_float_text(v)}\n" for v in value]
        else:
            lines += [f"{indent}{name}: {v}\n" for v in value]
    return "".join(lines)


_ESCAPES = {9: "\\t", 10: "\\n", 13: "\\r", 34: '\\"', 39: "\\'", 92: "\\\\"}


def _escaped(data: bytes, utf8: bool) -> str:
    """C escapes as protobuf's text format writes them: octal for bytes outside
    printable ASCII, except a string field's UTF-8, which is written as it is."""
    out = bytearray()
    for c in data:
        if c in _ESCAPES:
            out += _ESCAPES[c].encode()
        elif 32 <= c < 127 or (utf8 and c >= 128):
            out.append(c)
        else:
            out += f"\\{c:03o}".encode()
    return out.decode("utf-8")


def _float_text(v: float) -> str:
    # upb's shortest form: %g at float32's 6 digits, 9 where that does not round-trip.
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    text = f"{v:.6g}"
    return text if _F32.pack(float(text)) == _F32.pack(v) else f"{v:.9g}"


class BytesList(_Message):
    """tf.train.BytesList: `value`, repeated bytes."""

    _FIELDS = (("value", 1, _BYTES, None),)


class FloatList(_Message):
    """tf.train.FloatList: `value`, repeated float32 (packed)."""

    _FIELDS = (("value", 1, _FLOATS, None),)


class Int64List(_Message):
    """tf.train.Int64List: `value`, repeated int64 (packed)."""

    _FIELDS = (("value", 1, _INT64S, None),)


class Feature(_Message):
    """tf.train.Feature: one of `bytes_list`, `float_list`, `int64_list` (oneof `kind`)."""

    _FIELDS = (
        ("bytes_list", 1, _MSG, BytesList),
        ("float_list", 2, _MSG, FloatList),
        ("int64_list", 3, _MSG, Int64List),
    )
    _ONEOF = ("bytes_list", "float_list", "int64_list")


class Features(_Message):
    """tf.train.Features: `feature`, a map from name to Feature."""

    _FIELDS = (("feature", 1, _MAP, Feature),)


class FeatureList(_Message):
    """tf.train.FeatureList: `feature`, repeated Feature."""

    _FIELDS = (("feature", 1, _MSGS, Feature),)


class FeatureLists(_Message):
    """tf.train.FeatureLists: `feature_list`, a map from name to FeatureList."""

    _FIELDS = (("feature_list", 1, _MAP, FeatureList),)


class Example(_Message):
    """tf.train.Example: `features`."""

    _FIELDS = (("features", 1, _MSG, Features),)


class SequenceExample(_Message):
    """tf.train.SequenceExample: `context` Features and `feature_lists`."""

    _FIELDS = (("context", 1, _MSG, Features), ("feature_lists", 2, _MSG, FeatureLists))


# -- the wire format -------------------------------------------------------------------------


_varint = protowire.write_varint
_length_delimited = protowire.write_length_delimited


def _encode(msg: _Message, out: bytearray) -> None:
    for name, number, kind, _ in msg._FIELDS:
        value = msg._values.get(name)
        if value is None:
            continue
        if kind == _MSG:
            inner = bytearray()
            _encode(value, inner)
            _length_delimited(number, inner, out)
        elif kind == _MAP:
            for key in sorted(value, key=map_order):
                entry = bytearray()
                _length_delimited(1, key.encode("utf-8"), entry)
                inner = bytearray()
                _encode(value[key], inner)
                _length_delimited(2, inner, entry)
                _length_delimited(number, entry, out)
        elif kind == _MSGS:
            for item in value:
                inner = bytearray()
                _encode(item, inner)
                _length_delimited(number, inner, out)
        elif kind == _BYTES:
            for item in value:
                _length_delimited(number, item, out)
        elif len(value):
            _length_delimited(number, _packed(kind, value), out)
    out += msg._unknown


def map_order(key: str) -> tuple:
    # protobuf's deterministic order (upb's map sorter): bytewise, but of two keys where
    # one begins the other, the longer first ("ab" < "a" < "").
    return (*key.encode("utf-8"), 256)


def _packed(kind: str, values: Any) -> bytes:
    if kind == _FLOATS:
        return np.asarray(list(values), "<f4").tobytes()
    packed = bytearray()
    for v in values:
        _varint(v, packed)
    return bytes(packed)


def _read_varint(data: memoryview, pos: int, cls: type) -> tuple[int, int]:
    return protowire.read_varint(data, pos, lambda: _corrupt(cls))


def _fields(data: memoryview, cls: type) -> Iterator[tuple[int, int, Any, memoryview]]:
    return protowire.fields(data, lambda: _corrupt(cls))


_signed = protowire.signed


def _decode(msg: _Message, data: memoryview, top: type) -> None:
    by_number = {f[1]: f for f in msg._FIELDS}
    for number, wire, value, raw in _fields(data, top):
        field = by_number.get(number)
        if field is None or (field[2] in (_MSG, _MAP, _MSGS, _BYTES) and wire != 2):
            # An unknown field (or a known number with another wire type): kept, and
            # written back after the known fields, as protobuf's.
            msg._unknown += raw
            continue
        name, _, kind, cls = field
        if kind == _MSG:
            sub = getattr(msg, name)
            _decode(sub, value, top)
            sub._touch()
        elif kind == _MAP:
            key, entry = _map_entry(value, cls, top)
            getattr(msg, name)[key].CopyFrom(entry)
        elif kind == _MSGS:
            item = cls()
            _decode(item, value, top)
            getattr(msg, name)._items.append(item)
        elif kind == _BYTES:
            getattr(msg, name)._items.append(bytes(value))
        else:
            _decode_scalars(getattr(msg, name)._items, kind, wire, value, top)
    msg._touch()


def _decode_scalars(items: list, kind: str, wire: int, value: Any, top: type) -> None:
    if kind == _FLOATS:
        if wire == 2:
            if len(value) % 4:
                raise _corrupt(top)
            items.extend(np.frombuffer(value, "<f4").astype(float).tolist())
        elif wire == 5:
            items.append(struct.unpack("<f", value)[0])
        return
    if wire == 2:
        pos = 0
        while pos < len(value):
            v, pos = _read_varint(value, pos, top)
            items.append(_signed(v))
    elif wire == 0:
        items.append(_signed(value))


def _map_entry(data: memoryview, cls: type, top: type) -> tuple[str, _Message]:
    key, entry = b"", cls()
    for number, wire, value, _ in _fields(data, top):
        if number == 1 and wire == 2:
            key = bytes(value)
        elif number == 2 and wire == 2:
            _decode(entry, value, top)
    try:
        return key.decode("utf-8"), entry
    except UnicodeDecodeError:
        raise _corrupt(top) from None


def decode_features(data: bytes) -> dict[bytes, tuple[str | None, list]]:
    """An Example's features as `{key: (kind, values)}`, kind `bytes`, `float`, `int64` or
    None (a Feature with no list set): what ParseExample reads of one serialized Example.

    Reads the bytes directly (no message objects; ParseExample's hot path) with the
    message decoder's rules: repeated `features` and map entries merge, a duplicate key's
    last entry wins, within a Feature the last list kind wins and one kind's lists
    concatenate, unknown fields are skipped.

    Raises DecodeError (INVALID_PROTO) for bytes protobuf would not parse.
    """
    out: dict[bytes, tuple[str | None, list]] = {}
    for number, wire, payload, _ in _fields(memoryview(data), Example):
        if number == 1 and wire == 2:
            _features_into(out, payload, Example)
    return out


def decode_sequence(data: bytes) -> tuple[dict, dict[bytes, list]]:
    """A SequenceExample's context (as `decode_features`) and feature lists, `{key: [(kind,
    values) per step]}`, read as `decode_features` reads an Example."""
    context: dict[bytes, tuple[str | None, list]] = {}
    lists: dict[bytes, list] = {}
    for number, wire, payload, _ in _fields(memoryview(data), SequenceExample):
        if wire != 2:
            continue
        if number == 1:
            _features_into(context, payload, SequenceExample)
        elif number == 2:
            for n, w, entry, _ in _fields(payload, SequenceExample):
                if n == 1 and w == 2:
                    key, steps = _entry(entry, _merge_feature_list, SequenceExample)
                    lists[key] = steps if steps is not None else []
    return context, lists


def _features_into(out: dict, payload: memoryview, top: type) -> None:
    for n, w, entry, _ in _fields(payload, top):
        if n == 1 and w == 2:
            key, feature = _entry(entry, _merge_feature, top)
            out[key] = feature if feature is not None else (None, [])


def _entry(entry: memoryview, merge, top: type) -> tuple[bytes, Any]:
    """A map entry's key and its value, the value's occurrences merged by `merge`."""
    key, value = b"", None
    for number, wire, payload, _ in _fields(entry, top):
        if wire != 2:
            continue
        if number == 1:
            key = bytes(payload)
        elif number == 2:
            value = merge(payload, value, top)
    try:
        key.decode("utf-8")
    except UnicodeDecodeError:
        raise _corrupt(top) from None
    return key, value


def _merge_feature(payload: memoryview, current: tuple | None, top: type) -> tuple:
    kind, values = current if current is not None else (None, [])
    for n, w, lst, _ in _fields(payload, top):
        if w != 2 or n not in _KIND_BY_NUMBER:
            continue
        if _KIND_BY_NUMBER[n] != kind:
            kind, values = _KIND_BY_NUMBER[n], []
        _list_values(lst, kind, values, top)
    return kind, values


def _merge_feature_list(payload: memoryview, steps: list | None, top: type) -> list:
    steps = [] if steps is None else steps
    for n, w, feature, _ in _fields(payload, top):
        if n == 1 and w == 2:
            steps.append(_merge_feature(feature, None, top))
    return steps


def _list_values(data: memoryview, kind: str, values: list, top: type) -> None:
    field_kind = {"bytes": _BYTES, "float": _FLOATS, "int64": _INT64S}[kind]
    for number, wire, value, _ in _fields(data, top):
        if number != 1:
            continue
        if field_kind == _BYTES:
            if wire == 2:
                values.append(bytes(value))
        else:
            _decode_scalars(values, field_kind, wire, value, top)


_KIND_BY_NUMBER = {1: "bytes", 2: "float", 3: "int64"}
