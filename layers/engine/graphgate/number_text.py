"""Integers written as text, read as TF's `strings::safe_strto32/64` read them: ASCII
digits after an optional sign (no `_`, no other script's digits), leading zeros allowed
however many. StringToNumber, DecodeCSV, CsvDataset and text-file tables all read fields so.

Python's int() refuses a text past 4,300 digits with a ValueError in its own words
(`sys.set_int_max_str_digits`); a text of more significant digits than uint64's largest has
is out of every integer type's range, so it is refused as out of range before int() sees it."""

from __future__ import annotations

import re

_INTEGER = re.compile(rb"[+-]?[0-9]+")
# The blanks TF's readers skip around a number (C's isspace).
_BLANKS = b" \t\n\v\f\r"
# The digits of int64's largest (9,223,372,036,854,775,807) and uint64's (20).
_MOST_DIGITS = 20


def read_integer(text: bytes, low: int, high: int) -> int | None:
    """`text` as an integer in [low, high] (blanks around it skipped), or None if it is no
    integer or out of that range."""
    text = text.strip(_BLANKS)
    if not _INTEGER.fullmatch(text):
        return None
    sign = text[:1] if text[:1] in (b"+", b"-") else b""
    digits = text[len(sign) :].lstrip(b"0") or b"0"
    if len(digits) > _MOST_DIGITS:
        return None
    value = int(sign + digits)
    return value if low <= value <= high else None
