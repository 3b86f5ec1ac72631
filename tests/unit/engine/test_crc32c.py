"""CRC-32C: the lane-parallel path equals the byte-at-a-time definition."""

from __future__ import annotations

import numpy as np
import pytest

from graphgate.crc32c import _advance, crc32c


def test_the_check_value_of_the_standard():
    assert crc32c(b"123456789") == 0xE3069283
    assert crc32c(b"") == 0


@pytest.mark.parametrize("size", [65535, 65536, 65537, 1 << 17, 1000003])
def test_lanes_agree_with_the_byte_loop_at_every_cut(size):
    data = np.random.default_rng(size).integers(0, 256, size, dtype=np.uint8).tobytes()
    assert crc32c(data) == _advance(0xFFFFFFFF, data) ^ 0xFFFFFFFF
    assert crc32c(memoryview(bytearray(data))) == crc32c(data)


def test_many_chunks_at_once_agree_with_one_at_a_time():
    from graphgate.crc32c import crc32c_many

    # Lengths spread over several blocks, empty chunks, repeats and one past the lane cut.
    rng = np.random.default_rng(5)
    chunks = [rng.bytes(int(n)) for n in rng.integers(0, 900, 400)]
    chunks += [b"", b"", b"123456789", b"123456789", rng.bytes(70_000)]
    assert crc32c_many(chunks) == [crc32c(c) for c in chunks]
    assert crc32c_many([]) == []
