"""`tf.data.experimental.CsvDataset` and `make_csv_dataset`, their files read when the
graph is built.

A graph never opens its user's files when it runs (a hosted graph has none), so the files
are read here, into a string constant of their contents, which the `CsvContentsDataset` op
parses record by record as TF's CsvDataset parses its files (`ops/csv_dataset_ops.py`):
elements, dtypes, defaults and errors are TF's, the errors at the element TF fails at.
`make_csv_dataset` is TF's composition over it: column names from the header, column
types inferred from the first rows, files in sorted order one after another, shuffle,
repeat, batch, then a dict of features (and the label) per batch.
"""

from __future__ import annotations

import collections
import csv
import io
from typing import Any

import numpy as np

from . import build_files
from . import dtypes as _dt
from .data import Dataset, _template
from .errors import error
from .graph import Tensor, convert_to_tensor, get_default_graph
from .ops import csv_dataset_ops as _csv_ops  # noqa: F401 - registers CsvContentsDataset

_CSV_TYPES = (_dt.float32, _dt.float64, _dt.int32, _dt.int64, _dt.string)


def _file_names(filenames: Any) -> list[str]:
    """Python file names from what CsvDataset takes: a name, names, or a constant."""
    if isinstance(filenames, Tensor):
        if filenames.op.type != "Const":
            raise error(
                "UNIMPLEMENTED",
                "graphgate reads CSV files when the graph is built: pass the file names "
                "(or a constant of them), not a tensor computed when the graph runs",
            )
        filenames = filenames.op.attrs["value"]
    names = np.asarray(filenames, dtype=object).reshape(-1).tolist()
    return [n.decode() if isinstance(n, bytes) else str(n) for n in names]


def _read(name: str, compression: str, graph: Any = None) -> bytes:
    """The file's bytes, inflated; counted against `graph`'s budget of files read at build
    when the graph holds them (a header or type inference only peeks)."""
    data = build_files.read(name, graph)
    return build_files.decompress(data, compression, name, "COMPUTE_ERROR")


def _compression(compression_type: Any) -> str:
    value = "" if compression_type is None else compression_type
    if isinstance(value, bytes):
        value = value.decode()
    if value not in ("", "GZIP", "ZLIB"):
        raise error(
            "INVALID_ATTR",
            f'Received unknown `compression_type` {value}. Expected: GZIP, ZLIB or "".',
        )
    return value


def _defaults(record_defaults: Any) -> list[Tensor]:
    out = []
    for i, d in enumerate(record_defaults):
        if not isinstance(d, Tensor) and _is_dtype(d):
            d = convert_to_tensor(np.array([], _dt.as_dtype(d).as_numpy_dtype), _dt.as_dtype(d))
        t = convert_to_tensor(d, name="record_defaults")
        if not any(t.dtype is c for c in _CSV_TYPES):
            raise error(
                "DTYPE_MISMATCH",
                f"record_defaults[{i}] has dtype {t.dtype.name}; CSV columns are float32, "
                "float64, int32, int64 or string",
            )
        out.append(t)
    return out


def _is_dtype(x: Any) -> bool:
    return isinstance(x, _dt.DType) or (isinstance(x, type) and issubclass(x, np.generic))


class CsvDataset(Dataset):
    """TF1's `tf.data.experimental.CsvDataset`: one tuple of column values per record of
    `filenames`, each column's dtype and default from `record_defaults` (a dtype or an
    empty tensor: the column is required). The files are read now (see the module)."""

    def __init__(
        self,
        filenames: Any,
        record_defaults: list,
        compression_type: Any = None,
        buffer_size: Any = None,
        header: bool = False,
        field_delim: str = ",",
        use_quote_delim: bool = True,
        na_value: str = "",
        select_cols: Any = None,
    ):
        graph = get_default_graph()
        with graph.as_default(), graph.name_scope("CsvDataset"):
            compression = _compression(compression_type)
            contents = [_read(n, compression, graph) for n in _file_names(filenames)]
            variant, types = _csv_op(
                np.array(contents, dtype=object), record_defaults, header, field_delim,
                use_quote_delim, na_value, select_cols,
            )  # fmt: skip
        n = len(types)
        super().__init__(variant, _template((None,) * n), types, [()] * n)


def _csv_op(contents, record_defaults, header, field_delim, quote, na_value, select_cols):
    """The CsvContentsDataset op over `contents` (the files' bytes: an array, or a string
    tensor such as a function's argument) and the dtypes of its columns."""
    graph = get_default_graph()
    defaults = _defaults(record_defaults)
    inputs = [
        convert_to_tensor(contents, _dt.string, name="contents"),
        convert_to_tensor(bool(header), _dt.bool_, name="header"),
        convert_to_tensor(field_delim, _dt.string, name="field_delim"),
        convert_to_tensor(bool(quote), _dt.bool_, name="use_quote_delim"),
        convert_to_tensor(na_value, _dt.string, name="na_value"),
        convert_to_tensor(np.array(select_cols or [], np.int64), _dt.int64, name="select_cols"),
        *defaults,
    ]
    op = graph.create_op("CsvContentsDataset", inputs, None, "CsvContentsDataset")
    return op.outputs[0], [d.dtype for d in defaults]


# -- make_csv_dataset ------------------------------------------------------------------------


def _rows(names: list, compression: str, delim: str, quote: bool, encoding: str, skip: bool):
    """Each file's rows in turn (without its header line when `skip`), with their line
    numbers."""
    for name in names:
        text = _read(name, compression).decode(encoding)
        reader = csv.reader(
            io.StringIO(text, newline=""),
            delimiter=delim,
            quoting=csv.QUOTE_MINIMAL if quote else csv.QUOTE_NONE,
        )
        for number, row in enumerate(reader, 1):
            if not (skip and number == 1):
                yield number, row


def _column_names(names: list, compression: str, delim: str, quote: bool, encoding: str):
    """The header row of the first file, which every file must repeat."""
    first = None
    for name in names:
        _, header = next(_rows([name], compression, delim, quote, encoding, False), (0, None))
        if header is None:
            raise error(
                "INVALID_DATASET",
                f"Failed when reading the header line of {name}. Is it an empty file?",
            )
        if first is None:
            first = header
        elif header != first:
            raise error(
                "INVALID_DATASET",
                "All input CSV files should have the same column names in the header row. "
                f"File {name} has different column names.",
            )
    return first


def _fits(text: str, dtype: Any) -> bool:
    """TF's type probes: int32 without overflow, int64, a finite float32/float64."""
    try:
        if dtype is _dt.int32:
            return np.int32(text) == np.int64(text)
        if dtype is _dt.int64:
            np.int64(text)
            return True
        return bool(dtype.as_numpy_dtype(text) < np.inf)
    except (ValueError, OverflowError):
        return False


_ORDER = (_dt.int32, _dt.int64, _dt.float32, _dt.float64, _dt.string)


def _infer_type(text: str, na_value: str, previous: Any) -> Any:
    """The least permissive type that fits `text` and keeps the column's earlier rows."""
    if text in ("", na_value):
        return previous
    for i, dtype in enumerate(_ORDER):
        fits = dtype is _dt.string or _fits(text, dtype)
        if fits and (previous is None or previous in _ORDER[: i + 1]):
            return dtype
    return _dt.string


def _inferred_defaults(rows, n_cols: int, na_value: str, limit: int | None, select) -> list:
    """TF's column defaults from the first `limit` rows: 0 of each inferred numeric type,
    or "" (a column never seen is a string)."""
    columns = list(range(n_cols)) if select is None else select
    types: list = [None] * len(columns)
    for i, (number, row) in enumerate(rows):
        if limit is not None and i >= limit:
            break
        if len(row) != n_cols:
            raise error(
                "INVALID_DATASET",
                f"Problem inferring types: CSV row {number} has {len(row)} number of fields. "
                f"Expected: {n_cols}.",
            )
        for j, c in enumerate(columns):
            types[j] = _infer_type(row[c], na_value, types[j])
    return [
        np.array([""], dtype=object) if t in (None, _dt.string) else np.array([0], t.as_numpy_dtype)
        for t in types
    ]


def _sorted_columns(select_columns: list, column_names: list) -> list:
    index = {n: i for i, n in enumerate(column_names)}
    out = []
    for v in select_columns:
        if isinstance(v, int):
            if not 0 <= v < len(column_names):
                raise error(
                    "INVALID_DATASET",
                    f"Column index {v} specified in `select_columns` should be > 0  and <= "
                    f"{len(column_names)}, which is the number of columns.",
                )
            out.append(v)
        elif v not in index:
            raise error(
                "INVALID_DATASET",
                f"Column {v} specified in `select_columns` must be of one of the columns: "
                f"{list(index)}.",
            )
        else:
            out.append(index[v])
    if len(set(out)) != len(out):
        raise error("INVALID_DATASET", "The `select_columns` argument contains duplicate columns.")
    return sorted(out)


def _selected_names(names: list, defaults: list, select: list | None, label: Any) -> list:
    """The names of the columns read, checked against the defaults and the label."""
    if select is not None and len(defaults) != len(select):
        raise error(
            "INVALID_DATASET",
            "If specified, `column_defaults` and `select_columns` must have the same length: "
            f"`column_defaults` has length {len(defaults)}, `select_columns` has "
            f"length {len(select)}.",
        )
    if select is not None and len(names) > len(select):
        names = [names[i] for i in select]
    if label is not None and label not in names:
        raise error(
            "INVALID_DATASET",
            f"`label_name` provided must be one of the columns: {names}. Received: {label}.",
        )
    return names


def _matching(file_pattern: Any) -> list[str]:
    from .gfile import Glob

    patterns = file_pattern if isinstance(file_pattern, list) else [file_pattern]
    if not patterns:
        raise error("INVALID_DATASET", "Argument `file_pattern` should not be empty.")
    names = [n for p in patterns for n in Glob(p)]
    if not names:
        raise error("INVALID_DATASET", f"No files match `file_pattern` {file_pattern}.")
    return sorted(names)


def make_csv_dataset(
    file_pattern: Any,
    batch_size: int,
    column_names: list | None = None,
    column_defaults: list | None = None,
    label_name: str | None = None,
    select_columns: list | None = None,
    field_delim: str = ",",
    use_quote_delim: bool = True,
    na_value: str = "",
    header: bool = True,
    num_epochs: int | None = None,
    shuffle: bool = True,
    shuffle_buffer_size: int = 10000,
    shuffle_seed: int | None = None,
    prefetch_buffer_size: Any = None,
    num_parallel_reads: Any = None,
    sloppy: bool = False,
    num_rows_for_inference: int | None = 100,
    compression_type: Any = None,
    ignore_errors: bool = False,
    encoding: str = "utf-8",
) -> Dataset:
    """Batches of CSV records as (features dict, label) or a features dict, as TF1's
    `tf.data.experimental.make_csv_dataset` builds them (TF's column inference, file
    order, shuffling and repetition; `drop_remainder` when repeating for ever)."""
    if ignore_errors:
        raise error("UNIMPLEMENTED", "make_csv_dataset(ignore_errors=True)")
    if num_parallel_reads not in (None, 1):
        raise error("UNIMPLEMENTED", "make_csv_dataset reads one file at a time")
    compression = _compression(compression_type)
    names = _matching(file_pattern)
    reading = (compression, field_delim, use_quote_delim, encoding)
    if column_names is None:
        if not header:
            raise error(
                "INVALID_DATASET",
                "Expected `column_names` or `header` arguments. Neither is provided.",
            )
        column_names = _column_names(names, *reading)
    if len(column_names) != len(set(column_names)):
        raise error(
            "INVALID_DATASET",
            "Either `column_names` argument or CSV header row contains duplicate column names.",
        )
    if select_columns is not None:
        select_columns = _sorted_columns(select_columns, column_names)
    if column_defaults is None:
        column_defaults = _inferred_defaults(
            _rows(names, *reading, header),
            len(column_names),
            na_value,
            num_rows_for_inference,
            select_columns,
        )
    column_names = _selected_names(column_names, column_defaults, select_columns, label_name)
    # TF's order: the sorted files (shuffled with `shuffle`), each read to its end.
    graph = get_default_graph()
    contents = np.array([_read(n, compression, graph) for n in names], dtype=object)
    files = Dataset.from_tensor_slices(contents)
    if shuffle:
        files = files.shuffle(len(names), shuffle_seed)

    def records(text: Tensor) -> Dataset:
        variant, types = _csv_op(
            text, column_defaults, header, field_delim, use_quote_delim, na_value,
            select_columns,
        )  # fmt: skip
        n = len(types)
        return Dataset(variant, _template((None,) * n), types, [()] * n)

    dataset = files.flat_map(records)
    if shuffle:
        dataset = dataset.shuffle(shuffle_buffer_size, shuffle_seed)
    if num_epochs != 1:
        dataset = dataset.repeat(num_epochs)
    dataset = dataset.batch(batch_size, drop_remainder=num_epochs is None)

    def features(*columns: Any) -> Any:
        named = collections.OrderedDict(zip(column_names, columns, strict=True))
        if label_name is None:
            return dict(named)
        label = named.pop(label_name)
        return dict(named), label

    buffer = -1 if prefetch_buffer_size is None else prefetch_buffer_size  # AUTOTUNE
    return dataset.map(features).prefetch(buffer)
