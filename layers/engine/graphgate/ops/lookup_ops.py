"""TF1's lookup tables (`tf.lookup`, `tf.contrib.lookup`): a `resource` handle op, the
initializers that import keys and values (`LookupTableImportV2`) or read them from a
vocabulary file the graph holds (TF's `InitializeTableFromTextFileV2`), and lookups.

A table's contents are session state, kept beside the iterators' (`RunState.rngs`), never
on the graph: two sessions hold two tables, a lookup before the table's initializer ran
fails with FailedPreconditionError, as TF's, and running the initializer again imports the
same contents again. `tables_initializer()` groups the `table_initializer` collection.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..denormals import kept
from ..errors import error
from ..graph import Operation, Tensor, convert_to_tensor, get_default_graph
from ..number_text import read_integer
from ..variable_scope import GraphKeys
from .dataset_ops import resource
from .registry import REQUIRED, InferenceError, not_differentiable, register_op

# The op types whose state lives in a session: a host that keeps no session state
# between runs refuses runs that need them (as it does tf.data's iterators).
TABLE_OP_TYPES = frozenset(("HashTableV2",))
# The ops that fill a static table when its initializer runs.
TABLE_FILLERS = frozenset(("LookupTableImportV2", "InitializeTableFromTextFileV2"))
TABLE_INITIALIZERS = GraphKeys.TABLE_INITIALIZERS
_KEY_TYPES = frozenset((_dt.string, _dt.int32, _dt.int64))
_VALUE_TYPES = frozenset((_dt.string, _dt.int32, _dt.int64, _dt.float32, _dt.float64))


def _key(handle: str) -> tuple:
    return ("table", handle)


def _table_infer(shapes, types, attrs):
    if attrs["key_dtype"] not in _KEY_TYPES or attrs["value_dtype"] not in _VALUE_TYPES:
        raise InferenceError(
            "DTYPE_MISMATCH",
            f"a table of {attrs['key_dtype'].name} to {attrs['value_dtype'].name} is not "
            "supported (keys: string, int32, int64)",
        )
    return [((), resource)]


@register_op(
    "HashTableV2",
    arity=0,
    infer=_table_infer,
    attrs={
        "key_dtype": ("dtype", _dt.string),
        "value_dtype": ("dtype", _dt.int64),
        "shared_name": ("str", ""),
    },
    stateful=True,
)
def _hash_table(op):
    handle = op.attrs.get("shared_name") or op.name
    return lambda: handle


def _table_op(t: Any) -> Operation:
    op = t.op
    while op.type == "Identity" and op.inputs:
        op = op.inputs[0].op
    return op


def _check_table(shape, dtype, what: str) -> None:
    if dtype is not resource or shape not in ((), None):
        raise InferenceError("DTYPE_MISMATCH", f"{what} must be a table's handle")


def _import_infer(shapes, types, attrs):
    _check_table(shapes[0], types[0], "input 0")
    return []


@register_op(
    "LookupTableImportV2",
    arity=3,
    infer=_import_infer,
    stateful=True,
    side_effects=True,
    needs_state=True,
)
def _import(op):
    table = _table_op(op.inputs[0])
    key_dtype, value_dtype = table.attrs["key_dtype"], table.attrs["value_dtype"]

    def kernel(state, handle, keys, values):
        keys, values = np.asarray(keys), np.asarray(values)
        if keys.shape != values.shape[: keys.ndim] or keys.ndim != values.ndim:
            raise error(
                "COMPUTE_ERROR",
                f"keys of shape {list(keys.shape)} and values of shape "
                f"{list(values.shape)} do not pair up",
                node=op.name,
            )
        flat = values.reshape(-1)
        listed = flat.tolist()
        rows: dict = {}
        for i, k in enumerate(keys.reshape(-1).tolist()):
            j = rows.setdefault(k, i)
            if j != i and listed[j] != listed[i]:  # NaN: a conflict, as TF's
                raise error(
                    "TABLE_KEY_CONFLICT",
                    f"HashTable has different value for same key. Key {k!r} has "
                    f"{listed[j]!r} and trying to add value {listed[i]!r}",
                    node=op.name,
                )
        state.rngs[_key(handle)] = (rows, flat, key_dtype, value_dtype)

    return kernel


def _contents(state, handle: str, op: Operation) -> dict:
    found = state.rngs.get(_key(handle))
    if found is None:
        raise error("TABLE_NOT_INITIALIZED", "Table not initialized.", node=op.name)
    # A mutable table's state (mutable_table_ops.TableState), or a static table's tuple:
    # each key's row in its values (an array of the value dtype, whose bits a lookup
    # copies: a subnormal float stays one, as in TF, where Python floats were flushed by
    # the run's modes on their way in or out), the values, the key and value dtypes.
    return found.contents if hasattr(found, "contents") else found[0]


def _find_infer(shapes, types, attrs):
    _check_table(shapes[0], types[0], "input 0")
    if shapes[2] not in ((), None):
        return [(None, types[2])]  # a mutable table's tensors: the table knows their shape
    return [(shapes[1], types[2])]


@register_op("LookupTableFindV2", arity=3, infer=_find_infer, stateful=True, needs_state=True)
def _find(op):
    from .mutable_table_ops import TableState, find

    out = op.outputs[0].dtype.dtype

    def kernel(state, handle, keys, default):
        if isinstance(state.rngs.get(_key(handle)), TableState):
            return find(state, handle, np.asarray(keys), np.asarray(default), op, out)
        rows = _contents(state, handle, op)
        values = state.rngs[_key(handle)][1]
        keys = np.asarray(keys)
        if np.ndim(default) != 0:
            raise error("COMPUTE_ERROR", "a table's default value must be a scalar", node=op.name)
        at = np.array([rows.get(k, -1) for k in keys.reshape(-1).tolist()], np.intp)
        found = values.take(at).astype(out, copy=False) if values.size else np.empty(at.size, out)
        absent = at < 0
        if absent.any():
            found[absent] = np.asarray(default, out)
        return found.reshape(keys.shape)

    return kernel


def _size_infer(shapes, types, attrs):
    _check_table(shapes[0], types[0], "input 0")
    return [((), _dt.int64)]


@register_op("LookupTableSizeV2", arity=1, infer=_size_infer, stateful=True, needs_state=True)
def _size(op):
    return lambda state, handle: np.int64(len(_contents(state, handle, op)))


not_differentiable("HashTableV2", "LookupTableImportV2", "LookupTableFindV2", "LookupTableSizeV2")


# -- the Python API -------------------------------------------------------------------------


class KeyValueTensorInitializer:
    """Keys and values (tensors or lists of one length) a table is filled with."""

    def __init__(
        self,
        keys: Any,
        values: Any,
        key_dtype: Any = None,
        value_dtype: Any = None,
        name: str | None = None,
    ):
        self.keys = convert_to_tensor(keys, key_dtype, name="keys")
        self.values = convert_to_tensor(values, value_dtype, name="values")
        self.key_dtype, self.value_dtype = self.keys.dtype, self.values.dtype
        self._name = name or "key_value_init"

    def initialize(self, table: StaticHashTable) -> Operation:
        """The op importing the keys and values into `table` (in `table_initializer`)."""
        graph = table.resource_handle.op.graph
        with graph.name_scope(self._name):
            ins = (table.resource_handle, self.keys, self.values)
            op = graph.create_op("LookupTableImportV2", ins, None, "LookupTableImportV2")
        graph.add_to_collection(TABLE_INITIALIZERS, op)
        return op


class StaticHashTable:
    """TF's `StaticHashTable` (TF1's `contrib.lookup.HashTable`): an immutable table whose
    `lookup(keys)` gives each key's value, or `default_value`."""

    def __init__(
        self,
        initializer: KeyValueTensorInitializer,
        default_value: Any,
        name: str | None = None,
        shared_name: str | None = None,
    ):
        self.key_dtype, self.value_dtype = initializer.key_dtype, initializer.value_dtype
        graph = get_default_graph()
        self._name = name or "hash_table"
        self.default_value = convert_to_tensor(default_value, self.value_dtype)
        attrs = {
            "key_dtype": self.key_dtype,
            "value_dtype": self.value_dtype,
            "shared_name": shared_name or "",
        }
        self.resource_handle = graph.create_op("HashTableV2", (), attrs, self._name).outputs[0]
        self.initializer = initializer.initialize(self)

    @property
    def name(self) -> str:
        return self._name

    @property
    def init(self) -> Operation:
        return self.initializer

    def lookup(self, keys: Any, name: str | None = None) -> Tensor:
        """The values of `keys` (a tensor of `key_dtype`), `default_value` where absent."""
        graph = self.resource_handle.op.graph
        keys = convert_to_tensor(keys)
        if keys.dtype != self.key_dtype:
            raise error(
                "DTYPE_MISMATCH",
                f"Dtype of argument `keys` must be {self.key_dtype}, received: {keys.dtype}",
            )
        with graph.name_scope(name, f"{self._name}_Lookup"):
            ins = (self.resource_handle, keys, self.default_value)
            return graph.create_op("LookupTableFindV2", ins, None, "LookupTableFindV2").outputs[0]

    def size(self, name: str | None = None) -> Tensor:
        graph = self.resource_handle.op.graph
        with graph.name_scope(name, f"{self._name}_Size"):
            ins = (self.resource_handle,)
            return graph.create_op("LookupTableSizeV2", ins, None, "LookupTableSizeV2").outputs[0]


class HashTable(StaticHashTable):
    """TF1's `tf.contrib.lookup.HashTable(initializer, default_value, shared_name, name)`."""

    def __init__(self, initializer, default_value, shared_name=None, name=None):
        super().__init__(initializer, default_value, name=name, shared_name=shared_name)


def _indices_of(values: Tensor) -> Tensor:
    """int64 indices 0..n-1 of a vector, as TF's vocabulary tables build them."""
    from .array_ops import size as size_of
    from .extra_array_ops import range as range_of
    from .math_ops import cast

    if values.static_shape is None or len(values.static_shape) != 1:
        raise error("SHAPE_MISMATCH", "a vocabulary is a vector")
    n = values.static_shape[0]
    count = n if n is not None else size_of(values)
    return cast(range_of(count), _dt.int64)


class FastHashSpec:
    """TF's default `hasher_spec`: FarmHash's Fingerprint64 (`to_hash_bucket_fast`)."""


def index_table_from_tensor(
    vocabulary_list: Any = None,
    num_oov_buckets: int = 0,
    default_value: int = -1,
    hasher_spec: Any = FastHashSpec,
    dtype: Any = _dt.string,
    name: str | None = None,
    mapping: Any = None,
) -> Any:
    """A table from each word of `vocabulary_list` (TF1's contrib calls it `mapping`) to
    its index; words outside it give `default_value`, or with `num_oov_buckets` one of that
    many ids after the vocabulary (FarmHash's Fingerprint64 of the word, as TF's)."""
    vocabulary_list = mapping if vocabulary_list is None else vocabulary_list
    if hasher_spec not in (None, FastHashSpec) and not isinstance(hasher_spec, FastHashSpec):
        raise error("UNIMPLEMENTED", "index_table_from_tensor's hasher_spec (FastHashSpec only)")
    if num_oov_buckets < 0:
        raise error("INVALID_ATTR", f"num_oov_buckets must be >= 0, got {num_oov_buckets}.")
    graph = get_default_graph()
    with graph.name_scope(name, "string_to_index"):
        keys = convert_to_tensor(vocabulary_list, dtype)
        values = _indices_of(keys)
        with graph.name_scope(None, "hash_table"):
            init = KeyValueTensorInitializer(keys, values, name="table_init")
            table = StaticHashTable(init, np.int64(default_value))
    return _OovTable(table, num_oov_buckets) if num_oov_buckets else table


class _OovTable:
    """A vocabulary table whose missing words hash into `num_oov_buckets` ids after it.
    An integer key (a table of int64 keys, looked up by `key_dtype`) hashes as its decimal
    text, as TF's `IdTableWithHashBuckets` hashes `as_string` of the key cast to int64."""

    def __init__(self, table: StaticHashTable, buckets: int, key_dtype: Any = None):
        if table.key_dtype not in (_dt.string, _dt.int64):
            raise error(
                "UNIMPLEMENTED", "out-of-vocabulary buckets of keys other than strings or int64"
            )
        self._table, self._buckets = table, buckets
        self.key_dtype = table.key_dtype if key_dtype is None else _dt.as_dtype(key_dtype)
        self.value_dtype = table.value_dtype
        self.initializer = table.initializer
        self.resource_handle = table.resource_handle

    @property
    def init(self) -> Operation:
        return self.initializer

    def size(self, name: str | None = None) -> Tensor:
        graph = self.resource_handle.op.graph
        with graph.name_scope(name, f"{self._table.name}_Size"):
            return self._table.size() + np.int64(self._buckets)  # `add`, as TF's +

    def lookup(self, keys: Any, name: str | None = None) -> Tensor:
        from .math_ops import add, cast, not_equal
        from .misc_ops import where_v2
        from .string_ops import as_string, to_hash_bucket_fast

        graph = self.resource_handle.op.graph
        with graph.name_scope(name, f"{self._table.name}_Lookup"):
            keys = convert_to_tensor(keys)
            text = keys
            if self._table.key_dtype is _dt.int64:
                if keys.dtype is not self.key_dtype:
                    raise error(
                        "DTYPE_MISMATCH",
                        f"Dtype of argument `keys` must be {self.key_dtype!r}, received: "
                        f"{keys.dtype!r}",
                    )
                keys = cast(keys, _dt.int64)
                text = as_string(keys)
            buckets = to_hash_bucket_fast(text, self._buckets, name="hash_bucket")
            ids = self._table.lookup(keys)
            buckets = add(buckets, self._table.size())
            return where_v2(not_equal(ids, self._table.default_value), ids, buckets)


class StaticVocabularyTable(_OovTable):
    """TF's `StaticVocabularyTable`: a vocabulary of strings to int64 ids, each word
    outside it one of `num_oov_buckets` ids after it (FarmHash's Fingerprint64)."""

    def __init__(
        self,
        initializer: KeyValueTensorInitializer,
        num_oov_buckets: int,
        lookup_key_dtype: Any = None,
        name: str | None = None,
    ):
        if num_oov_buckets <= 0:
            raise error("INVALID_ATTR", "oov_buckets must be > 0.")
        if initializer.value_dtype is not _dt.int64:
            raise error("DTYPE_MISMATCH", "a vocabulary table's values must be int64")
        table = StaticHashTable(initializer, -1, name=name)
        super().__init__(table, num_oov_buckets, lookup_key_dtype)

    @property
    def name(self) -> str:
        return self._table.name


def index_to_string_table_from_tensor(
    vocabulary_list: Any = None,
    default_value: str = "UNK",
    name: str | None = None,
    mapping: Any = None,
) -> StaticHashTable:
    """A table from index to the word of `vocabulary_list` (`mapping`) there,
    `default_value` past it."""
    vocabulary_list = mapping if vocabulary_list is None else vocabulary_list
    graph = get_default_graph()
    with graph.name_scope(name, "index_to_string"):
        values = convert_to_tensor(vocabulary_list, _dt.string)
        init = KeyValueTensorInitializer(_indices_of(values), values, name="table_init")
        return StaticHashTable(init, default_value)


# -- vocabulary files ---------------------------------------------------------------------------


class TextFileIndex:
    """Which part of a vocabulary file's line is a key or a value: the whole line, its
    number, or (0, 1, ...) a column split by the delimiter."""

    WHOLE_LINE = -2
    LINE_NUMBER = -1


_FLOAT = re.compile(rb"\s*[+-]?([0-9]+\.?[0-9]*([eE][+-]?[0-9]+)?|\.[0-9]+([eE][+-]?[0-9]+)?|"
                    rb"inf|infinity|nan)\s*", re.IGNORECASE)  # fmt: skip
# What TF's reader takes beside decimals (recorded from TF 2.21, tests/reference/
# tf1_vocabulary_numbers.py): C's hexadecimal floats, `0x1.8p1` or `0x10` (whose `e` is a
# digit), and a NaN with a payload, `nan(123)`.
_HEX_FLOAT = re.compile(rb"\s*[+-]?0x([0-9a-f]+\.?[0-9a-f]*|\.[0-9a-f]+)(p[+-]?[0-9]+)?\s*", re.I)
_NAN_PAYLOAD = re.compile(rb"\s*[+-]?nan\([0-9a-z_]*\)\s*", re.IGNORECASE)
# TF's names of the float types in its message, the C++ ones.
_FLOAT_NAMES = {"float32": "float", "float64": "double"}


def _lines(data: bytes, path: str, vocab_size: int) -> list[bytes]:
    """The first `vocab_size` lines of a vocabulary file (all of them for -1), as TF's
    text-file initializer reads them: LF or CRLF endings, no empty line."""
    if not data or vocab_size == 0:
        # TF's reader: an empty file is its short read, vocab_size 0 its end of lines.
        message = (
            "Read less bytes than requested"
            if not data
            else f"Finished reading 0 of lines from {path}"
        )
        raise error("VOCABULARY_FILE_ENDS", message, details={"file": path})
    lines, position = [], 0
    for line in data.split(b"\n"):
        if vocab_size != -1 and len(lines) == vocab_size:
            break
        position += len(line) + 1
        if position > len(data) and not line:
            break  # the text after the last newline: nothing
        line = line[:-1] if line.endswith(b"\r") else line
        if not line:
            raise error(
                "INVALID_VOCABULARY_FILE",
                f"Invalid content in {path}: empty line found at position {position}.",
                details={"file": path},
            )
        lines.append(line)
    if vocab_size != -1 and len(lines) < vocab_size:
        raise error(
            "INVALID_VOCABULARY_FILE",
            f"Invalid vocab_size in {path}: expected {vocab_size} but got {len(lines)}",
            details={"file": path},
        )
    return lines


def _column(lines: list[bytes], index: int, delimiter: str, dtype: Any, path: str, offset=0):
    """One key or value per line, converted to `dtype` as TF's text-file initializer."""
    if index == TextFileIndex.LINE_NUMBER:
        return [n + offset for n in range(len(lines))]
    out = []
    for n, line in enumerate(lines):
        field = line
        if index >= 0:
            tokens = line.split(delimiter.encode())
            if index >= len(tokens):
                raise error(
                    "INVALID_VOCABULARY_FILE",
                    f"Invalid number of columns in {path} line {n} "
                    f"({line.decode(errors='replace')}) : expected at least {index + 1} got "
                    f"{len(tokens)}",
                    details={"file": path, "line": n},
                )
            field = tokens[index]
        out.append(field if dtype is _dt.string else _number(field, dtype, n))
    return out


def _number(field: bytes, dtype: Any, n: int) -> Any:
    """`field` as TF's safe_strto* reads it: digits (no `_`), in the dtype's range; a
    float also in hexadecimal or as a NaN with a payload."""
    value = _integer(field, dtype) if dtype.is_integer else _float(field)
    if value is None:
        name = _FLOAT_NAMES.get(dtype.name, dtype.name)
        raise error(
            "INVALID_VOCABULARY_FILE",
            f"Field {field.decode(errors='replace')} in line {n} is not a valid {name}.",
            details={"line": n},
        )
    return value


def _integer(field: bytes, dtype: Any) -> int | None:
    return read_integer(field, int(dtype.min), int(dtype.max))


def _float(field: bytes) -> float | None:
    if _FLOAT.fullmatch(field):
        return float(field)
    if _NAN_PAYLOAD.fullmatch(field):
        return float("nan")
    if _HEX_FLOAT.fullmatch(field):
        try:
            return float.fromhex(field.decode())
        except OverflowError:  # past float64, as a decimal past it: infinite
            return float("-inf") if field.strip().startswith(b"-") else float("inf")
    return None


def text_file_contents(data: bytes, path: str, attrs: dict, key_dtype: Any, value_dtype: Any):
    """The keys and values TF's `InitializeTableFromTextFileV2` reads from a file's bytes
    (`attrs`: its key_index, value_index, vocab_size, delimiter and offset), as lists."""
    delimiter = attrs.get("delimiter", "\t")
    if len(delimiter.encode()) != 1:  # TF counts bytes: `é` is two
        raise error("INVALID_ATTR", "delimiter should be only 1 char")
    key_index, value_index = attrs["key_index"], attrs["value_index"]
    for index, dtype, what in ((key_index, key_dtype, "Key"), (value_index, value_dtype, "Value")):
        if index == TextFileIndex.LINE_NUMBER and dtype is not _dt.int64:
            raise error(
                "DTYPE_MISMATCH",
                f"{what} index for line number requires table {what.lower()} dtype of int64, "
                f"got {dtype.name}",
            )
    lines = _lines(data, path, attrs.get("vocab_size", -1))
    keys = _column(lines, key_index, delimiter, key_dtype, path)
    return keys, _column(lines, value_index, delimiter, value_dtype, path, attrs.get("offset", 0))


def read_text_file(
    filename: Any,
    key_dtype: Any,
    key_index: int,
    value_dtype: Any,
    value_index: int,
    vocab_size: int | None = None,
    delimiter: str = "\t",
) -> tuple[list, list]:
    """The keys and values a text-file initializer reads from the local file `filename`,
    read now (a vocabulary-file feature column's words, which become its constants)."""
    from ..build_files import read

    path = _path(filename)
    attrs = {"key_index": key_index, "value_index": value_index, "delimiter": delimiter}
    attrs["vocab_size"] = -1 if vocab_size is None else vocab_size
    data = read(path, get_default_graph())
    return text_file_contents(data, path, attrs, key_dtype, value_dtype)


def _path(filename: Any) -> str:
    path = filename.decode() if isinstance(filename, bytes) else filename
    if not isinstance(path, str) or not path:
        raise error("INVALID_ATTR", "vocabulary_file must be specified and must not be empty.")
    return path


def _text_file_infer(shapes, types, attrs):
    from .file_reader_ops import _string_input, _table_inputs

    _check_table(shapes[0], types[0], "input 0")
    _string_input(1, types, shapes, (0,), "the vocabulary file's name, a string scalar")
    _table_inputs(types, shapes, 2)
    if attrs["key_index"] < -2 or attrs["value_index"] < -2:
        raise InferenceError("INVALID_ATTR", "key_index and value_index must be >= -2")
    return []


@register_op(
    "InitializeTableFromTextFileV2",
    arity=4,
    infer=_text_file_infer,
    attrs={
        "key_index": ("int", REQUIRED),
        "value_index": ("int", REQUIRED),
        "vocab_size": ("int", -1),
        "delimiter": ("str", "\t"),
        "offset": ("int", 0),
    },
    stateful=True,
    side_effects=True,
    needs_state=True,
)
def _text_file_init(op):
    """TF's op, its file looked up in the files the graph holds (its last two inputs,
    `build_files`' table): a graph reads a vocabulary it was built or loaded with, never a
    file where it runs."""
    from ..build_files import lookup

    table = _table_op(op.inputs[0])
    key_dtype, value_dtype = table.attrs["key_dtype"], table.attrs["value_dtype"]
    attrs = dict(op.attrs)

    def kernel(state, handle, filename, names, contents):
        name = np.asarray(filename, dtype=object).item()
        path = name.decode(errors="replace") if isinstance(name, bytes) else str(name)
        if not np.size(names):
            raise _no_files(path, op.name)
        data = lookup(names, contents, name)
        with kept():  # Python's parsing and float32 rounding keep subnormals, as TF's
            keys, values = text_file_contents(data, path, attrs, key_dtype, value_dtype)
            stored = np.array(values, value_dtype.dtype).reshape(-1)
        rows: dict = {}
        for i, k in enumerate(keys):
            # TF's try_emplace: a value compared only with one already there (NaN alone
            # is no conflict with itself)
            j = rows.setdefault(k, i)
            if j != i and values[j] != values[i]:
                raise error(
                    "TABLE_KEY_CONFLICT",
                    f"HashTable has different value for same key. Key {_shown(k)} has "
                    f"{_shown(values[j])} and trying to add value {_shown(values[i])}",
                    node=op.name,
                )
        state.rngs[_key(handle)] = (rows, stored, key_dtype, value_dtype)

    return kernel


def _no_files(path: str, node: str) -> Exception:
    """The error of a TF GraphDef's vocabulary-file table imported bare: a GraphDef holds
    no files, and its graph's files table is filled only by a SavedModel's assets."""
    return error(
        "FILE_NOT_FOUND",
        f"{path}: the vocabulary file this table reads is not in the graph (a TensorFlow "
        "GraphDef holds no files, and graphgate never opens a path of the machine a graph "
        "runs on); save the model as a SavedModel, whose assets/ directory holds the file "
        "(tf.saved_model.simple_save or SavedModelBuilder), and upload that instead "
        "(docs/models.md, From a saved model)",
        node=node,
        details={"file": path},
    )


def _shown(value: Any) -> str:
    """A key or value as TF's StrCat writes it (a float in six significant digits)."""
    if isinstance(value, float):
        return f"{value:.6g}"
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


not_differentiable("InitializeTableFromTextFileV2")


class TextFileInitializer:
    """TF's `TextFileInitializer`: keys and values from a vocabulary file's lines (a whole
    line, its number or a delimited column each), read by TF's op when the initializer
    runs. The file's bytes are read when the table is built and held by the graph
    (`build_files`), so the graph reads them wherever it runs and a saved model carries
    the file as its asset."""

    def __init__(
        self,
        filename: Any,
        key_dtype: Any,
        key_index: int,
        value_dtype: Any,
        value_index: int,
        vocab_size: int | None = None,
        delimiter: str = "\t",
        name: str | None = None,
        value_index_offset: int = 0,
    ):
        if not isinstance(filename, Tensor) and not filename:
            raise error(
                "INVALID_ATTR", "`filename` argument required for tf.lookup.TextFileInitializer"
            )
        key_dtype, value_dtype = _dt.as_dtype(key_dtype), _dt.as_dtype(value_dtype)
        _check_index("key", key_index, key_dtype)
        _check_index("value", value_index, value_dtype)
        if vocab_size is not None and vocab_size <= 0:
            raise error("INVALID_ATTR", f"`vocab_size` should be > 0, received: {vocab_size}")
        self.key_dtype, self.value_dtype = key_dtype, value_dtype
        self._attrs = {
            "key_index": int(key_index),
            "value_index": int(value_index),
            "vocab_size": -1 if vocab_size is None else int(vocab_size),
            "delimiter": delimiter,
            "offset": int(value_index_offset),
        }
        self._name = name
        self._filename = filename if isinstance(filename, Tensor) else None
        if self._filename is None:  # TF's Asset: the path as a constant, made here
            self._filename = convert_to_tensor(_path(filename), _dt.string, name="asset_path")

    def initialize(self, table: StaticHashTable) -> Operation:
        """The op filling `table` from the file (in `table_initializer`); a constant file
        name joins the graph's `asset_filepaths`, as TF's."""
        from .. import build_files

        if (table.key_dtype, table.value_dtype) != (self.key_dtype, self.value_dtype):
            raise error(
                "DTYPE_MISMATCH",
                f"Invalid key dtype for table, expected {table.key_dtype} but got "
                f"{self.key_dtype}.",
            )
        graph = table.resource_handle.op.graph
        names = build_files.constant_names(self._filename)
        if names is not None:
            build_files.register(graph, names)
        else:
            build_files.register_constants(graph)
        files = build_files.table_tensors(graph)
        with graph.name_scope(self._name, "text_file_init"):
            ins = (table.resource_handle, self._filename, *files)
            op = graph.create_op(
                "InitializeTableFromTextFileV2", ins, self._attrs, "InitializeTableFromTextFileV2"
            )
        graph.add_to_collection(TABLE_INITIALIZERS, op)
        if self._filename.op.type == "Const":
            graph.add_to_collection(GraphKeys.ASSET_FILEPATHS, self._filename)
        return op


def _check_index(what: str, index: int, dtype: Any) -> None:
    """TF's TextFileInitializer checks, its messages."""
    if index < -2:
        raise error("INVALID_ATTR", f"`{what}_index` should be >= -2, received: {index}.")
    if index == TextFileIndex.LINE_NUMBER and dtype is not _dt.int64:
        raise error(
            "DTYPE_MISMATCH",
            f"`{what}_dtype` must be int64 if `{what}_index` is {TextFileIndex.LINE_NUMBER}, "
            f"received: {dtype}",
        )
    if index == TextFileIndex.WHOLE_LINE and not (dtype.is_integer or dtype is _dt.string):
        raise error(
            "DTYPE_MISMATCH",
            f"`{what}_dtype` should be either integer or string for `{what}_index` "
            f"{TextFileIndex.WHOLE_LINE}, received: {dtype}",
        )


class TextFileIdTableInitializer(TextFileInitializer):
    """Each line's word (or column `key_column_index`) to its line number."""

    def __init__(
        self,
        filename: Any,
        key_column_index: int = TextFileIndex.WHOLE_LINE,
        value_column_index: int = TextFileIndex.LINE_NUMBER,
        vocab_size: int | None = None,
        delimiter: str = "\t",
        name: str = "text_file_id_table_init",
        key_dtype: Any = _dt.string,
    ):
        super().__init__(
            filename,
            key_dtype,
            key_column_index,
            _dt.int64,
            value_column_index,
            vocab_size,
            delimiter,
            name,
        )


class TextFileStringTableInitializer(TextFileInitializer):
    """Each line number to the line's word (or column `value_column_index`)."""

    def __init__(
        self,
        filename: Any,
        key_column_index: int = TextFileIndex.LINE_NUMBER,
        value_column_index: int = TextFileIndex.WHOLE_LINE,
        vocab_size: int | None = None,
        delimiter: str = "\t",
        name: str = "text_file_string_table_init",
    ):
        super().__init__(
            filename,
            _dt.int64,
            key_column_index,
            _dt.string,
            value_column_index,
            vocab_size,
            delimiter,
            name,
        )


def index_table_from_file(
    vocabulary_file: Any = None,
    num_oov_buckets: int = 0,
    vocab_size: int | None = None,
    default_value: int = -1,
    hasher_spec: Any = FastHashSpec,
    key_dtype: Any = _dt.string,
    name: str | None = None,
    key_column_index: int = TextFileIndex.WHOLE_LINE,
    value_column_index: int = TextFileIndex.LINE_NUMBER,
    delimiter: str = "\t",
) -> Any:
    """`index_table_from_tensor` over a vocabulary file's lines (read when the graph is
    built; see `TextFileInitializer`)."""
    if vocabulary_file is None or vocabulary_file in ("", b""):
        raise error("INVALID_ATTR", "vocabulary_file must be specified and must not be empty.")
    if num_oov_buckets < 0:
        raise error(
            "INVALID_ATTR",
            f"num_oov_buckets must be greater or equal than 0, got {num_oov_buckets}.",
        )
    if vocab_size is not None and vocab_size < 1:
        raise error(
            "INVALID_ATTR",
            f"vocab_size must be greater than 0, got {vocab_size}. "
            f"vocabulary_file: {vocabulary_file}",
        )
    key_dtype = _dt.as_dtype(key_dtype)
    if not key_dtype.is_integer and key_dtype is not _dt.string:
        raise error("DTYPE_MISMATCH", "Only integer and string keys are supported.")
    if hasher_spec not in (None, FastHashSpec) and not isinstance(hasher_spec, FastHashSpec):
        raise error("UNIMPLEMENTED", "index_table_from_file's hasher_spec (FastHashSpec only)")
    graph = get_default_graph()
    with graph.name_scope(name, "string_to_index"), graph.name_scope(None, "hash_table"):
        init = TextFileIdTableInitializer(
            vocabulary_file,
            key_column_index,
            value_column_index,
            vocab_size,
            delimiter,
            name="table_init",
            key_dtype=_dt.int64 if key_dtype.is_integer else key_dtype,
        )
        table = StaticHashTable(init, np.int64(default_value))
    return _OovTable(table, num_oov_buckets, key_dtype) if num_oov_buckets else table


def index_to_string_table_from_file(
    vocabulary_file: Any,
    vocab_size: int | None = None,
    default_value: str = "UNK",
    name: str | None = None,
    key_column_index: int = TextFileIndex.LINE_NUMBER,
    value_column_index: int = TextFileIndex.WHOLE_LINE,
    delimiter: str = "\t",
) -> StaticHashTable:
    """A table from line number to the word of a vocabulary file there, `default_value`
    past it (the file read when the graph is built)."""
    if vocabulary_file is None or vocabulary_file in ("", b""):
        raise error("INVALID_ATTR", "vocabulary_file must be specified and must not be empty.")
    if vocab_size is not None and vocab_size < 1:
        raise error("INVALID_ATTR", f"vocab_size must be greater than 0, got {vocab_size}.")
    graph = get_default_graph()
    with graph.name_scope(name, "index_to_string"):
        init = TextFileStringTableInitializer(
            vocabulary_file,
            key_column_index,
            value_column_index,
            vocab_size,
            delimiter,
            name="table_init",
        )
        return StaticHashTable(init, default_value)


# -- hosts that keep no session state ---------------------------------------------------------


def table_initializers(graph: Any) -> list[Operation]:
    """The graph's table initializers that need no feed (a vocabulary of constants, or a
    file the graph holds): what a
    host that starts a fresh session per request runs first, as TF Serving runs a model's
    table initializers when it loads it."""
    out = []
    for op in graph.op_list:
        if op.type not in TABLE_FILLERS or graph.body_of(op) is not None:
            continue
        stack, seen, fed = [op], set(), False
        while stack and not fed:
            o = stack.pop()
            if o in seen:
                continue
            seen.add(o)
            fed = o.type.startswith("Placeholder")
            stack += [t.op for t in o.inputs]
        if not fed:
            out.append(op)
    return out


def string_to_index(tensor: Any, mapping: Any, default_value: int = -1, name: str | None = None):
    """TF1's `contrib.lookup.string_to_index`: the ids of `tensor`'s words in `mapping`
    (its table's initializer is in `tables_initializer`)."""
    graph = get_default_graph()
    with graph.name_scope(name, "string_to_index"):
        return index_table_from_tensor(mapping, default_value=default_value).lookup(tensor)


def index_to_string(tensor: Any, mapping: Any, default_value: str = "UNK", name=None):
    """TF1's `contrib.lookup.index_to_string`: the words of `mapping` at `tensor`'s ids."""
    graph = get_default_graph()
    with graph.name_scope(name, "index_to_string"):
        table = index_to_string_table_from_tensor(mapping, default_value=default_value)
        return table.lookup(tensor)
