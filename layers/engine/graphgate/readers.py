"""TF1's file-reading input pipelines: `tf.data.TFRecordDataset`, `TextLineDataset`,
`FixedLengthRecordDataset`, `Dataset.list_files`, `tf.io.matching_files`,
`tf.read_file`, and the queue readers (`tf.TFRecordReader`, `TextLineReader`,
`FixedLengthRecordReader`, `WholeFileReader`) that read the names a filename queue
(`tf.train.string_input_producer`) hands them.

The files are read when the graph is built (`build_files.py`: the names given as
constants, Python lists or glob patterns), the graph holds their bytes, and the ops of
`ops/file_reader_ops.py` produce TF's records from them when it runs — so a graph stored
as a document or run by the service reads no file where it runs. `tf.io.write_file` is
refused: a hosted graph has nowhere to write.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import build_files
from . import dtypes as _dt
from .data import Dataset
from .errors import GraphgateError, error
from .graph import Tensor, convert_to_tensor, get_default_graph, name_scope
from .ops import file_reader_ops as _ops  # noqa: F401 - registers the reading ops


def _file_names(filenames: Any, graph: Any) -> Tensor:
    """The file names as a string tensor. Constant names join the graph's table; names
    computed when the graph runs may come out of any of its string constants."""
    names = build_files.constant_names(filenames)
    if names is not None:
        build_files.register(graph, names)
    else:
        build_files.register_constants(graph)
    t = convert_to_tensor(filenames, _dt.string, name="filenames")
    if t.static_shape is not None and len(t.static_shape) > 1:
        raise error("SHAPE_MISMATCH", "`filenames` must be a string scalar or vector")
    return t


def _int(value: Any, what: str, default: int = 0) -> int:
    if value is None:
        return default
    if isinstance(value, Tensor):
        known = value.op.attrs.get("value") if value.op.type == "Const" else None
        if known is None:
            raise error("UNIMPLEMENTED", f"{what} must be known when the graph is built")
        value = known
    return int(np.asarray(value).reshape(()))


def _cycle(parallel: Any) -> int:
    """Files read at once: `num_parallel_reads`, AUTOTUNE (-1) kept for the op to resolve
    as TF does (the CPU count), anything else below 1 reading them one after another."""
    n = _int(parallel, "num_parallel_reads", 1)
    return -1 if n == -1 else max(n, 1)


def _of_dataset(names: Dataset, parallel: Any, one: Any) -> Tensor:
    """The records of a dataset of file names (TF 2's form): each name's dataset,
    `num_parallel_reads` at a time as TF interleaves them."""
    if names.output_types is not _dt.string or names.output_shapes.ndims != 0:
        raise error("DTYPE_MISMATCH", "`filenames` must be a dataset of tf.string scalars")
    return names.interleave(one, cycle_length=_cycle(parallel), block_length=1)._variant_tensor


def _record_dataset(kind: str, filenames: Any, compression: str, parallel: Any, **sizes) -> Any:
    graph = get_default_graph()
    with graph.as_default(), name_scope(None, f"{kind}Dataset"):
        names = _file_names(filenames, graph)
        table = build_files.table_tensors(graph)
        attrs = {"kind": kind, "compression": compression, "cycle_length": _cycle(parallel)}
        attrs.update({"header_bytes": 0, "record_bytes": 0, "footer_bytes": 0, **sizes})
        op = graph.create_op("FileRecordDataset", (names, *table), attrs, f"{kind}Dataset")
    return op.outputs[0]


class TFRecordDataset(Dataset):
    """The records of TFRecord files (string scalars), each file in turn or
    `num_parallel_reads` at a time in TF's deterministic order. `buffer_size` is
    accepted and changes nothing (the graph holds the files)."""

    def __init__(
        self,
        filenames: Any,
        compression_type: Any = None,
        buffer_size: Any = None,
        num_parallel_reads: Any = None,
        name: str | None = None,
    ):
        kind = build_files.compression(compression_type, lenient=True)
        if isinstance(filenames, Dataset):
            one = lambda f: TFRecordDataset(f, compression_type)  # noqa: E731
            variant = _of_dataset(filenames, num_parallel_reads, one)
        else:
            variant = _record_dataset("TFRecord", filenames, kind, num_parallel_reads)
        super().__init__(variant, None, [_dt.string], [()])


class TextLineDataset(Dataset):
    """The lines of text files (string scalars, without their `\\n` or `\\r\\n`)."""

    def __init__(
        self,
        filenames: Any,
        compression_type: Any = None,
        buffer_size: Any = None,
        num_parallel_reads: Any = None,
        name: str | None = None,
    ):
        kind = build_files.compression(compression_type)
        if isinstance(filenames, Dataset):
            one = lambda f: TextLineDataset(f, compression_type)  # noqa: E731
            variant = _of_dataset(filenames, num_parallel_reads, one)
        else:
            variant = _record_dataset("TextLine", filenames, kind, num_parallel_reads)
        super().__init__(variant, None, [_dt.string], [()])


class FixedLengthRecordDataset(Dataset):
    """The `record_bytes`-long records of binary files after `header_bytes` and before
    `footer_bytes` (a file whose body is not whole records fails its run, as TF's)."""

    def __init__(
        self,
        filenames: Any,
        record_bytes: Any,
        header_bytes: Any = None,
        footer_bytes: Any = None,
        buffer_size: Any = None,
        compression_type: Any = None,
        num_parallel_reads: Any = None,
        name: str | None = None,
    ):
        kind = build_files.compression(compression_type)
        sizes = {
            "record_bytes": _int(record_bytes, "record_bytes"),
            "header_bytes": _int(header_bytes, "header_bytes"),
            "footer_bytes": _int(footer_bytes, "footer_bytes"),
        }
        if sizes["record_bytes"] <= 0:
            raise error("INVALID_ATTR", "record_bytes must be positive")
        if isinstance(filenames, Dataset):
            one = lambda f: FixedLengthRecordDataset(  # noqa: E731
                f, record_bytes, header_bytes, footer_bytes, compression_type=compression_type
            )
            variant = _of_dataset(filenames, num_parallel_reads, one)
        else:
            variant = _record_dataset("FixedLength", filenames, kind, num_parallel_reads, **sizes)
        super().__init__(variant, None, [_dt.string], [()])


def list_files(file_pattern: Any, shuffle: bool | None = None, seed: Any = None) -> Dataset:
    """The files matching `file_pattern` (a glob or a list of them, listed when the graph
    is built and read into it), sorted, then shuffled unless `shuffle=False` — TF's
    shuffle with buffer the number of files, so a seed gives TF's order."""
    names = matching_files(file_pattern)
    dataset = Dataset.from_tensor_slices(names)
    if shuffle is None or shuffle:
        count = max(int(names.static_shape[0]), 1)
        dataset = dataset.shuffle(count, seed=seed)
    return dataset


def parse_example_dataset(
    features: Any, num_parallel_calls: Any = 1, deterministic: Any = None
) -> Any:
    """`tf.data.experimental.parse_example_dataset`: batches of serialized Examples to
    dicts of their features (`parse_example` mapped; the parallelism changes nothing)."""
    from .ops.parsing_ops import parse_example

    if features is None:
        raise ValueError("Argument `features` is required, but not specified.")
    return lambda dataset: dataset.map(lambda serialized: parse_example(serialized, features))


def make_batched_features_dataset(
    file_pattern: Any,
    batch_size: Any,
    features: Any,
    reader: Any = None,
    label_key: str | None = None,
    reader_args: list | None = None,
    num_epochs: int | None = None,
    shuffle: bool = True,
    shuffle_buffer_size: int = 10000,
    shuffle_seed: Any = None,
    prefetch_buffer_size: Any = None,
    reader_num_threads: Any = None,
    parser_num_threads: Any = None,
    sloppy_ordering: bool = False,
    drop_final_batch: bool = False,
) -> Dataset:
    """TF's composition: the files of `file_pattern` (shuffled unless `shuffle=False`)
    read by `reader` (TFRecordDataset) `reader_num_threads` at a time, records shuffled,
    repeated `num_epochs` times (None: for ever, full batches only), batched and parsed
    into dicts of `features` (and the label under `label_key` apart)."""
    if reader is None:
        reader = TFRecordDataset
    if isinstance(reader, type) and issubclass(reader, ReaderBase):
        raise TypeError(
            "The `reader` argument must return a `Dataset` object. `tf.ReaderBase` "
            "subclasses are not supported. For example, pass `tf.data.TFRecordDataset` "
            "instead of `tf.TFRecordReader`."
        )
    if label_key is not None and label_key not in features:
        raise ValueError(
            f"The `label_key` provided ({label_key}) must be one of the `features` keys: "
            f"{features.keys()}."
        )
    args = list(reader_args or [])
    threads = 1 if reader_num_threads is None else reader_num_threads
    dataset = list_files(file_pattern, shuffle=shuffle, seed=shuffle_seed)
    dataset = dataset.interleave(lambda f: reader(f, *args), cycle_length=threads)
    types = dataset._types
    if len(types) == 2 and all(t is _dt.string for t in types):  # (key, value) records
        dataset = dataset.map(lambda _, value: value)
    if shuffle:
        dataset = dataset.shuffle(shuffle_buffer_size, shuffle_seed)
    if num_epochs != 1:
        dataset = dataset.repeat(num_epochs)
    dataset = dataset.batch(batch_size, drop_remainder=drop_final_batch or num_epochs is None)
    dataset = dataset.apply(parse_example_dataset(features))
    if label_key is not None:
        dataset = dataset.map(lambda x: (x, x.pop(label_key)))
    return dataset.prefetch(-1 if prefetch_buffer_size is None else prefetch_buffer_size)


def matching_files(pattern: Any, name: str | None = None) -> Tensor:
    """The sorted names of the files matching the glob `pattern`(s), listed and read into
    the graph when it is built (a string vector constant)."""
    graph = get_default_graph()
    found = build_files.matching(pattern)
    build_files.register(graph, found)
    from .ops.array_ops import constant

    values = np.array([f.encode() for f in found], dtype=object).reshape(len(found))
    return constant(values, _dt.string, shape=[len(found)], name=name or "MatchingFiles")


def match_filenames_once(pattern: Any, name: str | None = None) -> Any:
    """TF's local variable initialized to `matching_files(pattern)` (the files listed and
    read into the graph when it is built, not when the variable is initialized)."""
    from .ops.state_ops import Variable
    from .variable_scope import GraphKeys

    return Variable(
        matching_files(pattern),
        name=name or "matching_filenames",
        trainable=False,
        validate_shape=False,
        collections=[GraphKeys.LOCAL_VARIABLES],
    )


def read_file(filename: Any, name: str | None = None) -> Tensor:
    """The bytes of `filename` (a string scalar): read when the graph is built if it is
    a constant, looked up in the files the graph holds when it is computed at run time."""
    graph = get_default_graph()
    with graph.as_default(), graph.name_scope(name, "ReadFile") as scope:
        names = build_files.constant_names(filename)
        if names is not None:
            build_files.register(graph, names)
        else:
            build_files.register_constants(graph)
        t = convert_to_tensor(filename, _dt.string, name="filename")
        op = graph.create_op(
            "ReadBuiltFile", (t, *build_files.table_tensors(graph)), None, scope
        )  # named as TF's ReadFile: the scope's own name
    return op.outputs[0]


def _refuse_writing(api: str, way_out: str) -> GraphgateError:
    """Graphgate's graphs write no files when they run: a hosted graph has no file system
    of its user's, and a write that works locally but vanishes when served is a wrong
    answer (docs/decision_log.md). `way_out` says how to write from Python."""
    return error(
        "UNIMPLEMENTED", f"{api}: graphgate's graphs write no files when they run; {way_out}"
    )


def write_file(filename: Any, contents: Any, name: str | None = None) -> Any:
    """Refused (`_refuse_writing`); write the fetched bytes from Python instead."""
    raise _refuse_writing(
        "tf.io.write_file",
        "fetch the contents and write them from Python (open(path, 'wb') or tf.gfile.GFile)",
    )


class TFRecordWriter:
    """`tf.data.experimental.TFRecordWriter`: made as TF's (its `filename` and
    `compression_type` constants), but its `write` op is refused (`_refuse_writing`)."""

    def __init__(self, filename: Any, compression_type: Any = None):
        self._filename = convert_to_tensor(filename, _dt.string, name="filename")
        self._compression_type = convert_to_tensor(
            compression_type or "", _dt.string, name="compression_type"
        )

    def write(self, dataset: Any) -> Any:
        raise _refuse_writing(
            "tf.data.experimental.TFRecordWriter.write",
            "fetch the dataset's records (make_one_shot_iterator().get_next() until "
            "OutOfRangeError) and write them from Python with tf.python_io.TFRecordWriter",
        )


# -- queue readers -------------------------------------------------------------------------------


def _queue_ref(queue: Any) -> Tensor:
    ref = getattr(queue, "queue_ref", queue)
    if not isinstance(ref, Tensor):
        raise error("INVALID_ATTR", "a reader reads from a queue of file names")
    return ref


class ReaderBase:
    """TF1's `tf.ReaderBase`: reads (key, value) records from the files a queue of file
    names hands it, one file (a work unit) at a time."""

    _op_type = ""

    def __init__(self, attrs: dict | None = None, name: str | None = None):
        graph = get_default_graph()
        default = self._op_type[: -len("V2")]
        op = graph.create_op(self._op_type, (), dict(attrs or {}), name or default)
        self._reader_ref = op.outputs[0]

    @property
    def reader_ref(self) -> Tensor:
        return self._reader_ref

    @property
    def supports_serialize(self) -> bool:
        return False

    def _table(self) -> tuple:
        # The queue's names are computed when the graph runs: any constant may hold them.
        build_files.register_constants(self._reader_ref.graph)
        return build_files.table_tensors(self._reader_ref.graph)

    def read(self, queue: Any, name: str | None = None) -> tuple[Tensor, Tensor]:
        """The next record's (key, value), starting the queue's next file when one ends;
        OutOfRangeError once the queue is closed and empty."""
        graph = self._reader_ref.graph
        inputs = (self._reader_ref, _queue_ref(queue), *self._table())
        op = graph.create_op("ReaderReadV2", inputs, None, name or "ReaderReadV2")
        return op.outputs[0], op.outputs[1]

    def read_up_to(
        self, queue: Any, num_records: Any, name: str | None = None
    ) -> tuple[Tensor, Tensor]:
        """Up to `num_records` records, never past the end of the current file."""
        graph = self._reader_ref.graph
        n = convert_to_tensor(num_records, _dt.int64, name="num_records")
        inputs = (self._reader_ref, _queue_ref(queue), n, *self._table())
        op = graph.create_op("ReaderReadUpToV2", inputs, None, name or "ReaderReadUpToV2")
        return op.outputs[0], op.outputs[1]

    def _scalar(self, op_type: str, name: str | None) -> Any:
        graph = self._reader_ref.graph
        op = graph.create_op(op_type, (self._reader_ref,), None, name or op_type)
        return op.outputs[0] if op.outputs else op

    def num_records_produced(self, name: str | None = None) -> Tensor:
        return self._scalar("ReaderNumRecordsProducedV2", name)

    def num_work_units_completed(self, name: str | None = None) -> Tensor:
        return self._scalar("ReaderNumWorkUnitsCompletedV2", name)

    def reset(self, name: str | None = None) -> Any:
        """Back to the state the reader was created in: no file, counters at zero."""
        return self._scalar("ReaderResetV2", name)

    def serialize_state(self, name: str | None = None) -> Any:
        raise error("UNIMPLEMENTED", f"{type(self).__name__} does not serialize its state")

    def restore_state(self, state: Any, name: str | None = None) -> Any:
        raise error("UNIMPLEMENTED", f"{type(self).__name__} does not restore its state")


class TFRecordReader(ReaderBase):
    """Reads TFRecords; a key is `file:offset` of the record."""

    _op_type = "TFRecordReaderV2"

    def __init__(self, name: str | None = None, options: Any = None):
        from .tf_python_io import TFRecordOptions

        kind = TFRecordOptions.get_compression_type_string(options)
        super().__init__({"compression_type": kind}, name)


class TextLineReader(ReaderBase):
    """Reads lines; a key is `file:line number` (from 1, the skipped header counted)."""

    _op_type = "TextLineReaderV2"

    def __init__(self, skip_header_lines: int | None = None, name: str | None = None):
        super().__init__({"skip_header_lines": int(skip_header_lines or 0)}, name)


class FixedLengthRecordReader(ReaderBase):
    """Reads `record_bytes`-long records between a header and a footer; a key is
    `file:record index` (from 0)."""

    _op_type = "FixedLengthRecordReaderV2"

    def __init__(
        self,
        record_bytes: int,
        header_bytes: int | None = None,
        footer_bytes: int | None = None,
        hop_bytes: int | None = None,
        name: str | None = None,
        encoding: str | None = None,
    ):
        if hop_bytes:
            raise error("UNIMPLEMENTED", "FixedLengthRecordReader(hop_bytes=...)")
        if encoding:
            raise error("UNIMPLEMENTED", "FixedLengthRecordReader(encoding=...)")
        if int(record_bytes) <= 0:
            raise error("INVALID_ATTR", "record_bytes must be positive")
        attrs = {
            "record_bytes": int(record_bytes),
            "header_bytes": int(header_bytes or 0),
            "footer_bytes": int(footer_bytes or 0),
        }
        super().__init__(attrs, name)


class WholeFileReader(ReaderBase):
    """Reads each file whole: the key is its name, the value its bytes."""

    _op_type = "WholeFileReaderV2"

    def __init__(self, name: str | None = None):
        super().__init__(None, name)


__all__ = [
    "FixedLengthRecordDataset",
    "FixedLengthRecordReader",
    "ReaderBase",
    "TFRecordDataset",
    "TFRecordReader",
    "TextLineDataset",
    "TextLineReader",
    "WholeFileReader",
    "list_files",
    "make_batched_features_dataset",
    "match_filenames_once",
    "matching_files",
    "parse_example_dataset",
    "read_file",
    "write_file",
]
