"""How TensorFlow 2.21's `InitializeTableFromTextFileV2` reads the numbers and lines of a
vocabulary file beyond tf1_assets.py's cases (dev-only): hexadecimal floats, NaNs with
payloads, a NaN value beside itself and beside a number, TF's float type names in its
message, a multi-byte delimiter, and lines with a BOM, NUL, lone CR or spaces.

    /work/tfvenv/bin/python tests/reference/tf1_vocabulary_numbers.py

Writes tests/unit/engine/fixtures/assets/tf1_vocabulary_numbers.json: each case (as
tf1_assets.KERNEL_CASES: name, file bytes as latin-1, key dtype, key index, value dtype,
value index, vocab_size, delimiter, offset) and TF's contents or error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.reference.tf1_assets import FIXTURES, _kernel_case  # noqa: E402


def _value(name: str, text: bytes, dtype: str = "float32") -> tuple:
    return (name, b"a;" + text + b"\n", "string", 0, dtype, 1, -1, ";", 0)


CASES = [
    _value("nan", b"nan"),
    _value("minus_nan", b"-nan", "float64"),
    _value("upper_nan", b"NAN"),
    _value("nan_payload", b"nan(123)"),
    _value("nan_word_payload", b"nan(abc_1)", "float64"),
    _value("nan_bad_payload", b"nan(-)"),
    _value("nan_open_payload", b"nan(", "float64"),
    _value("hex", b"0x10"),
    _value("hex_exponent", b"0X1P3", "float64"),
    _value("hex_fraction", b"0x1.8p1"),
    _value("hex_point_first", b"0x.8", "float64"),
    _value("hex_point_last", b"0x1."),
    _value("hex_e_is_a_digit", b"0x1e3"),
    _value("hex_negative", b"-0x10", "float64"),
    _value("hex_past_float64", b"0x1p1024", "float64"),
    _value("hex_past_float32", b"0x1p200"),
    _value("hex_no_exponent_digits", b"0x1p"),
    _value("hex_no_digits", b"0xg", "float64"),
    _value("hex_int64", b"0x10", "int64"),
    _value("junk_after_float", b"1.5abc"),
    _value("junk_after_double", b"1.5abc", "float64"),
    _value("spaces_around", b" 1.5 ", "float64"),
    ("nan_then_a_number", b"a;nan\na;1\n", "string", 0, "float32", 1, -1, ";", 0),
    ("nan_twice", b"a;nan\na;nan\n", "string", 0, "float32", 1, -1, ";", 0),
    ("float_conflict", b"a;1.5\na;2\n", "string", 0, "float64", 1, -1, ";", 0),
    ("two_byte_delimiter", b"a\xc3\xa91\n", "string", 0, "int64", 1, -1, "\xe9", 0),
    ("bom", b"\xef\xbb\xbfa\nb\n", "string", -2, "int64", -1, -1, "\t", 0),
    ("nul_in_word", b"a\x00b\nc\n", "string", -2, "int64", -1, -1, "\t", 0),
    ("lone_cr", b"a\rb\rc\n", "string", -2, "int64", -1, -1, "\t", 0),
    ("crlf_empty_line", b"a\r\n\r\nb\r\n", "string", -2, "int64", -1, -1, "\t", 0),
    ("trailing_space", b"a \nb\n", "string", -2, "int64", -1, -1, "\t", 0),
    ("plus_and_spaces_int", b"a\t+5 \n", "string", 0, "int64", 1, -1, "\t", 0),
]


def main() -> None:
    import tensorflow as tf2

    tf = tf2.compat.v1
    tf.disable_eager_execution()
    out = {
        "cases": [[c[0], c[1].decode("latin-1"), *c[2:]] for c in CASES],
        "kernel": {case[0]: _kernel_case(tf, case) for case in CASES},
    }
    path = FIXTURES / "tf1_vocabulary_numbers.json"
    path.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
