"""`fusion.periodic`: an elementwise op against an operand repeated along the other's
leading axes, run block by block against a tile, gives numpy's broadcast bits exactly."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphgate import fusion

UFUNCS = [np.add, np.subtract, np.multiply, np.true_divide, np.maximum, np.minimum]
DTYPES = ["float16", "float32", "float64", "int32"]


@pytest.fixture(autouse=True)
def small_tiles(monkeypatch):
    monkeypatch.setattr(fusion, "PERIODIC_MIN_ROWS", 2)
    monkeypatch.setattr(fusion, "TILE_ELEMENTS", 16)


def _bits(v):
    a = np.array(v, copy=True)
    if a.dtype.kind == "f":
        a[np.isnan(a)] = np.nan
    return a.dtype, a.shape, a.tobytes()


def _values(rng, shape, dtype):
    if dtype == "int32":
        return rng.integers(-9, 9, shape).astype(dtype)
    pool = np.array([0.0, -0.0, np.nan, np.inf, -np.inf, 1.5, -2.25, 3.0, 1e-30, 7.0])
    return rng.choice(pool, size=shape).astype(dtype)


@settings(derandomize=True, max_examples=150, deadline=None)
@given(
    lead=st.lists(st.integers(1, 7), min_size=1, max_size=3),
    trail=st.lists(st.integers(1, 5), min_size=1, max_size=2),
    ones=st.integers(0, 2),
    ufunc=st.sampled_from(UFUNCS),
    dtype=st.sampled_from(DTYPES),
    b_first=st.booleans(),
    where=st.sampled_from(["in place", "fresh", "given"]),
    seed=st.integers(0, 2**16),
)
def test_periodic_gives_the_broadcast_bits(lead, trail, ones, ufunc, dtype, b_first, where, seed):
    if ufunc is np.true_divide and dtype == "int32":
        return  # true division of ints makes floats: not an op of one dtype
    rng = np.random.default_rng(seed)
    x = _values(rng, (*lead, *trail), dtype)
    b = _values(rng, (1,) * ones + tuple(trail), dtype)
    if b.ndim > x.ndim and where != "fresh":
        return  # the result has more axes than `x`: no array of `x`'s shape holds it
    with np.errstate(all="ignore"):
        want = ufunc(b, x) if b_first else ufunc(x, b)
        x_before = x.copy()
        out = {"in place": x, "fresh": None, "given": np.empty_like(x)}[where]
        got = fusion.periodic(ufunc, x, b, out, b_first, fusion.tile_cache())
    assert _bits(got) == _bits(want)
    if where != "in place":
        assert _bits(x) == _bits(x_before)


def test_operands_that_are_not_periodic_take_the_plain_call():
    cache = fusion.tile_cache()
    x = np.arange(12, dtype=np.float32).reshape(3, 4)
    cases = [
        (x, np.float32([1, 2, 3])[:, None]),  # trailing ones: broadcasts, not periodic
        (x, np.arange(4, dtype=np.float64)),  # another dtype: numpy's promotion
        (x.T.copy().T, np.arange(4, dtype=np.float32)),  # not C-contiguous
        (x, np.float32([2])),  # one element
    ]
    for a, b in cases:
        assert _bits(fusion.periodic(np.add, a, b, None, False, cache)) == _bits(a + b)
    assert cache[0] is None


def test_a_tile_is_cached_by_content_not_identity():
    cache = fusion.tile_cache()
    x = np.zeros((6, 3), np.float32)
    b = np.float32([1, 2, 3])
    assert (fusion.periodic(np.add, x, b, None, False, cache) == b).all()
    tile = cache[0][2]
    assert not tile.flags.writeable
    assert fusion.periodic(np.add, x, b, None, False, cache) is not x
    assert cache[0][2] is tile  # the same bytes: the same tile
    b[1] = -4  # the same array, edited in place
    assert (fusion.periodic(np.add, x, b, None, False, cache) == [1, -4, 3]).all()


def test_few_rows_take_the_plain_call(monkeypatch):
    monkeypatch.setattr(fusion, "PERIODIC_MIN_ROWS", 4)
    cache = fusion.tile_cache()
    x, b = np.ones((3, 2), np.float32), np.float32([1, 2])
    assert _bits(fusion.periodic(np.add, x, b, None, False, cache)) == _bits(x + b)
    assert cache[0] is None
