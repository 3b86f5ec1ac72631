"""`gg.lookup` (TF's `tf.lookup`) and `gg.contrib.lookup` (TF1's `tf.contrib.lookup`):
lookup tables over `ops/lookup_ops.py` (the mutable ones over `ops/mutable_table_ops.py`)."""

import types

from .ops.lookup_ops import (
    FastHashSpec,
    HashTable,
    KeyValueTensorInitializer,
    StaticHashTable,
    StaticVocabularyTable,
    TextFileIdTableInitializer,
    TextFileIndex,
    TextFileInitializer,
    TextFileStringTableInitializer,
    index_table_from_file,
    index_table_from_tensor,
    index_to_string,
    index_to_string_table_from_file,
    index_to_string_table_from_tensor,
    string_to_index,
)
from .ops.mutable_table_ops import DenseHashTable, MutableDenseHashTable, MutableHashTable

# `tf.lookup.experimental`: TF's mutable tables.
experimental = types.SimpleNamespace(
    DenseHashTable=DenseHashTable, MutableHashTable=MutableHashTable
)

__all__ = [
    "DenseHashTable",
    "FastHashSpec",
    "HashTable",
    "KeyValueTensorInitializer",
    "MutableDenseHashTable",
    "MutableHashTable",
    "StaticHashTable",
    "StaticVocabularyTable",
    "TextFileIdTableInitializer",
    "TextFileIndex",
    "TextFileInitializer",
    "TextFileStringTableInitializer",
    "experimental",
    "index_table_from_file",
    "index_table_from_tensor",
    "index_to_string",
    "index_to_string_table_from_file",
    "index_to_string_table_from_tensor",
    "string_to_index",
]
