"""Reading uploaded .npy headers: hostile bytes are a 422 with a dataset code, never
an exception numpy's parser lets through (a 500)."""

import io

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphgate_service import datasets, problems


def header_bytes(array):
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()[:128]


VALID = header_bytes(np.zeros((3, 4), np.float32))


@given(
    edits=st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)), max_size=6),
    cut=st.integers(0, len(VALID)),
)
def test_a_mangled_header_is_refused_with_a_dataset_code(edits, cut):
    mangled = bytearray(VALID)
    for position, value in edits:
        mangled[position] = value
    try:
        shape, _, dtype, offset = datasets._npy_header(bytes(mangled[:cut] or mangled), "x")
    except problems.ApiError as error:
        assert error.status == 422
        assert error.code in ("DATASET_INVALID", "DATASET_DTYPE_UNSUPPORTED")
        return
    assert all(isinstance(d, int) and d >= 0 for d in shape) and shape
    assert dtype.name in datasets.DTYPES and offset <= len(mangled)


@pytest.mark.parametrize(
    "head",
    [
        # found by fuzzing: numpy's header parser raised tokenize.TokenError and TypeError
        b"\x93NUMPY\x01\x00\x03\x00{'\x18escr': '<f4', '",
        b"\x93NUMPY\x01\x00v\x00{'descr': '<f4', 'fortran_order': False,B'shape': (3, 4), }"
        + b" " * 58
        + b"\n",
    ],
    ids=["token-error", "type-error"],
)
@pytest.mark.filterwarnings("ignore:Reading `.npy`")
def test_what_numpys_parser_raises_on_hostile_headers_is_refused(head):
    with pytest.raises(problems.ApiError) as refused:
        datasets._npy_header(head, "x")
    assert refused.value.code == "DATASET_INVALID"
