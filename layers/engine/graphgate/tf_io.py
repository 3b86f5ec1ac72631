"""`gg.io`, TensorFlow's `tf.io` as far as graphs, files and bytes go: `gfile`,
`write_graph`, `import_graph_def`, TFRecord files, the string decoders (`decode_raw`,
base64, the image codecs) and Example parsing (`parse_example`, the feature specs).
(Named tf_io so no module of the package shadows the standard `io`.)"""

from . import gfile
from .meta_graph import import_graph_def, write_graph
from .ops.image_codec_ops import (
    decode_and_crop_jpeg,
    decode_bmp,
    decode_gif,
    decode_image,
    decode_jpeg,
    decode_png,
    encode_jpeg,
    encode_png,
    extract_jpeg_shape,
    is_jpeg,
)
from .ops.parsing_ops import (
    FixedLenFeature,
    FixedLenSequenceFeature,
    SparseFeature,
    VarLenFeature,
    parse_example,
    parse_sequence_example,
    parse_single_example,
    parse_single_sequence_example,
    parse_tensor,
    serialize_tensor,
)
from .ops.sparse_ops import deserialize_many_sparse, serialize_many_sparse, serialize_sparse
from .ops.string_ops import decode_base64, decode_csv, decode_raw, encode_base64
from .tf_python_io import (
    TFRecordCompressionType,
    TFRecordOptions,
    TFRecordWriter,
    tf_record_iterator,
)

__all__ = [
    "FixedLenFeature",
    "FixedLenSequenceFeature",
    "SparseFeature",
    "TFRecordCompressionType",
    "TFRecordOptions",
    "TFRecordWriter",
    "VarLenFeature",
    "decode_and_crop_jpeg",
    "decode_base64",
    "decode_bmp",
    "decode_csv",
    "decode_gif",
    "decode_image",
    "decode_jpeg",
    "decode_png",
    "decode_raw",
    "deserialize_many_sparse",
    "encode_base64",
    "encode_jpeg",
    "encode_png",
    "extract_jpeg_shape",
    "gfile",
    "import_graph_def",
    "is_jpeg",
    "parse_example",
    "parse_sequence_example",
    "parse_single_example",
    "parse_single_sequence_example",
    "parse_tensor",
    "serialize_many_sparse",
    "serialize_sparse",
    "serialize_tensor",
    "tf_record_iterator",
    "write_graph",
]


def __getattr__(name: str):
    # TF1 also exports its queues (but FIFOQueue) as tf.io.*; loaded on first use.
    if name in ("PaddingFIFOQueue", "PriorityQueue", "QueueBase", "RandomShuffleQueue"):
        from . import queues

        return getattr(queues, name)
    if name in _READERS:
        from . import readers

        return getattr(readers, name)
    raise AttributeError(f"module 'graphgate.io' has no attribute {name!r}")


# TF1's `tf.io` readers and file ops (readers.py), loaded on first use.
_READERS = (
    "match_filenames_once",
    "matching_files",
    "read_file",
    "write_file",
)
