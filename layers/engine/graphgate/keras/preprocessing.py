"""`tf.keras.preprocessing`: `sequence.pad_sequences`, the numpy helper NLP programs call
before `fit`. Text tokenizers and image generators are not here."""

from __future__ import annotations

import types
from typing import Any

import numpy as np


def pad_sequences(
    sequences: Any,
    maxlen: int | None = None,
    dtype: str = "int32",
    padding: str = "pre",
    truncating: str = "pre",
    value: Any = 0.0,
) -> np.ndarray:
    """Lists of ids to a [samples, maxlen] array, padded and cut at the start ("pre") or
    end ("post") as Keras does."""
    if padding not in ("pre", "post"):
        raise ValueError(f'Padding type "{padding}" not understood')
    if truncating not in ("pre", "post"):
        raise ValueError(f'Truncating type "{truncating}" not understood')
    rows = [list(s) for s in sequences]
    if maxlen is None:
        maxlen = max((len(r) for r in rows), default=0)
    out = np.full((len(rows), maxlen), value, dtype=dtype)
    for i, row in enumerate(rows):
        if not row:
            continue
        kept = row[-maxlen:] if truncating == "pre" else row[:maxlen]
        kept = np.asarray(kept, dtype=dtype)
        if padding == "post":
            out[i, : len(kept)] = kept
        else:
            out[i, maxlen - len(kept) :] = kept
    return out


sequence = types.SimpleNamespace(pad_sequences=pad_sequences)
