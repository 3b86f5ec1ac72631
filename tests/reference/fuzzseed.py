"""The seed every differential fuzzer draws a family (or a sample) from: crc32 of its
name, salted by the environment's FUZZ_SALT. Unset (the committed fixtures), the salt is
empty and every seed is the name's crc32 as before; any other salt draws fresh programs
(tests/reference/fuzz_fresh.py, docs/hardening.md's "Fresh seeds")."""

from __future__ import annotations

import os
import zlib


def salt() -> str:
    return os.environ.get("FUZZ_SALT", "")


def seed(name: str) -> int:
    return zlib.crc32(f"{salt()}{name}".encode())
