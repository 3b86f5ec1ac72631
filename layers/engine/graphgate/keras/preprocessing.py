"""`tf.keras.preprocessing`: `sequence.pad_sequences` and `text.Tokenizer`, the helpers NLP
programs call before `fit` (plain Python and numpy, as Keras'). Image generators are not
here."""

from __future__ import annotations

import collections
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


_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def text_to_word_sequence(
    input_text: str, filters: str = _FILTERS, lower: bool = True, split: str = " "
) -> list[str]:
    """Words of `input_text`: lower-cased, `filters` characters made separators."""
    if lower:
        input_text = input_text.lower()
    input_text = input_text.translate(str.maketrans({c: split for c in filters}))
    return [w for w in input_text.split(split) if w]


class Tokenizer:
    """Keras' Tokenizer: word indices by descending frequency (ties by first appearance)
    from 1, `oov_token` first when given; `num_words` keeps the indices below it."""

    def __init__(
        self,
        num_words: int | None = None,
        filters: str = _FILTERS,
        lower: bool = True,
        split: str = " ",
        char_level: bool = False,
        oov_token: str | None = None,
        document_count: int = 0,
        **kwargs: Any,
    ):
        if kwargs:
            raise TypeError("Unrecognized keyword arguments: " + str(kwargs))
        self.num_words, self.filters, self.lower, self.split = num_words, filters, lower, split
        self.char_level, self.oov_token = char_level, oov_token
        self.document_count = document_count
        self.word_counts: collections.OrderedDict = collections.OrderedDict()
        self.word_docs: collections.defaultdict = collections.defaultdict(int)
        self.index_docs: collections.defaultdict = collections.defaultdict(int)
        self.word_index: dict = {}
        self.index_word: dict = {}

    def _tokens(self, text: Any) -> list:
        if self.char_level or isinstance(text, list):
            if self.lower:
                text = [t.lower() for t in text] if isinstance(text, list) else text.lower()
            return list(text)
        return text_to_word_sequence(text, self.filters, self.lower, self.split)

    def fit_on_texts(self, texts: Any) -> None:
        for text in texts:
            self.document_count += 1
            seq = self._tokens(text)
            for w in seq:
                self.word_counts[w] = self.word_counts.get(w, 0) + 1
            for w in set(seq):
                self.word_docs[w] += 1
        counts = sorted(self.word_counts.items(), key=lambda wc: wc[1], reverse=True)
        vocabulary = ([] if self.oov_token is None else [self.oov_token]) + [w for w, _ in counts]
        self.word_index = {w: i for i, w in enumerate(vocabulary, start=1)}
        self.index_word = {i: w for w, i in self.word_index.items()}
        for w, c in self.word_docs.items():
            self.index_docs[self.word_index[w]] = c

    def texts_to_sequences(self, texts: Any) -> list[list[int]]:
        oov = self.word_index.get(self.oov_token)
        out = []
        for text in texts:
            vect = []
            for w in self._tokens(text):
                i = self.word_index.get(w)
                if i is not None and not (self.num_words and i >= self.num_words):
                    vect.append(i)
                elif oov is not None:
                    vect.append(oov)
            out.append(vect)
        return out

    def sequences_to_texts(self, sequences: Any) -> list[str]:
        oov = self.word_index.get(self.oov_token)
        out = []
        for seq in sequences:
            words = []
            for i in seq:
                w = self.index_word.get(i)
                if w is not None and not (self.num_words and i >= self.num_words):
                    words.append(w)
                elif oov is not None:
                    words.append(self.index_word[oov])
            out.append(" ".join(words))
        return out

    def texts_to_matrix(self, texts: Any, mode: str = "binary") -> np.ndarray:
        return self.sequences_to_matrix(self.texts_to_sequences(texts), mode)

    def sequences_to_matrix(self, sequences: Any, mode: str = "binary") -> np.ndarray:
        """[samples, num_words] counts, frequencies, presence or tf-idf of each index."""
        if self.num_words:
            num_words = self.num_words
        elif self.word_index:
            num_words = len(self.word_index) + 1
        else:
            raise ValueError(
                "Specify a dimension (`num_words` argument), or fit on some text data first."
            )
        if mode == "tfidf" and not self.document_count:
            raise ValueError("Fit the Tokenizer on some data before using tfidf mode.")
        if mode not in ("binary", "count", "freq", "tfidf"):
            raise ValueError("Unknown vectorization mode:", mode)
        x = np.zeros((len(sequences), num_words))
        for i, seq in enumerate(sequences):
            counts = collections.Counter(j for j in seq if j < num_words)
            for j, c in counts.items():
                x[i][j] = self._score(mode, c, len(seq), j)
        return x

    def _score(self, mode: str, c: int, length: int, j: int) -> float:
        if mode == "count":
            return c
        if mode == "freq":
            return c / length
        if mode == "binary":
            return 1
        idf = np.log(1 + self.document_count / (1 + self.index_docs.get(j, 0)))
        return (1 + np.log(c)) * idf


def hashing_trick(
    text: str,
    n: int,
    hash_function: Any = None,
    filters: str = _FILTERS,
    lower: bool = True,
    split: str = " ",
) -> list[int]:
    """Words to indices in [1, n) by hash. Keras' default, Python's `hash`, is salted per
    process for strings (its numbers change from run to run), so the default here is
    md5, Keras' own reproducible choice."""
    import hashlib

    if hash_function is None or hash_function == "md5":

        def hash_function(w: str) -> int:
            return int(hashlib.md5(w.encode()).hexdigest(), 16)

    return [
        hash_function(w) % (n - 1) + 1 for w in text_to_word_sequence(text, filters, lower, split)
    ]


def one_hot(
    input_text: str,
    n: int,
    filters: str = _FILTERS,
    lower: bool = True,
    split: str = " ",
    analyzer: Any = None,
) -> list[int]:
    """`hashing_trick` with the default hash (md5 here, see there)."""
    return hashing_trick(input_text, n, None, filters, lower, split)


sequence = types.SimpleNamespace(pad_sequences=pad_sequences)
text = types.SimpleNamespace(
    Tokenizer=Tokenizer,
    text_to_word_sequence=text_to_word_sequence,
    one_hot=one_hot,
    hashing_trick=hashing_trick,
)
