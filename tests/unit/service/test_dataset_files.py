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


class FakeStore:
    """The bytes of one uploaded file, and nowhere to write (the readers' only calls)."""

    def __init__(self, body):
        self.body = body

    def read(self, key):
        return self.body

    def put_object(self, key, body):
        pass


def archive():
    buffer = io.BytesIO()
    np.savez_compressed(buffer, a=np.arange(50.0), b=np.ones((5, 3), np.int32))
    return buffer.getvalue()


def with_method(body, method):
    """`body` with its first central-directory entry's compression method changed."""
    at = body.index(b"PK\x01\x02") + 10
    return body[:at] + method.to_bytes(2, "little") + body[at + 2 :]


def table():
    return b"a,b,c\n1,2,3\n4,5.5,6\n7,8,9\n"


@pytest.mark.filterwarnings("ignore")
@given(
    which=st.sampled_from(["npz", "csv"]),
    edits=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), min_size=1, max_size=4),
    cut=st.integers(1, 10_000),
)
def test_a_mangled_npz_or_csv_is_refused_with_a_dataset_code(which, edits, cut):
    original = archive() if which == "npz" else table()
    mangled = bytearray(original)
    for position, value in edits:
        mangled[position % len(mangled)] = value
    body = bytes(mangled[: max(1, cut % (len(mangled) + 1))])
    read = datasets._read_npz if which == "npz" else datasets._read_csv
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(datasets, "store", lambda: FakeStore(body))
        try:
            read("t_1", "ds_1", "key", {"format": which}, len(body))
        except problems.ApiError as error:
            assert error.status == 422 and error.code.startswith("DATASET_"), error.code


@pytest.mark.parametrize(
    ("which", "body"),
    [
        ("csv", b"a,b,\r\x081,2,3\n4,5."),  # csv.Error: new-line character in unquoted field
        ("csv", b"a,b\n1,\x002\n"),  # csv.Error: NUL
        ("npz", archive()[:60] + b"\xff" * 8 + archive()[68:]),  # a corrupt deflate stream
        ("npz", with_method(archive(), 99)),  # a compression method zipfile lacks
    ],
    ids=["csv-newline", "csv-nul", "npz-deflate", "npz-method"],
)
def test_what_csv_and_zipfile_raise_on_hostile_files_is_refused(monkeypatch, which, body):
    monkeypatch.setattr(datasets, "store", lambda: FakeStore(body))
    read = datasets._read_npz if which == "npz" else datasets._read_csv
    with pytest.raises(problems.ApiError) as refused:
        read("t_1", "ds_1", "key", {"format": which}, len(body))
    assert refused.value.code == "DATASET_INVALID"


def test_an_npz_member_claiming_more_than_it_holds_is_refused_before_numpy_allocates(
    monkeypatch,
):
    import zipfile

    honest = io.BytesIO()
    np.save(honest, np.arange(10.0))
    # the same 80 bytes of data under a header claiming 2**37 float64 (1 TB)
    lying = honest.getvalue().replace(b"(10,)", b"(137438953472,)")
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("a.npy", lying)
    body = packed.getvalue()
    monkeypatch.setattr(datasets, "store", lambda: FakeStore(body))
    with pytest.raises(problems.ApiError) as refused:
        datasets._read_npz("t_1", "ds_1", "key", {"format": "npz"}, len(body))
    assert refused.value.code == "DATASET_INVALID"


@pytest.mark.parametrize("dtype", [None, "float64", "float32", "float16"])
@pytest.mark.parametrize("cell", ["1e400", "-1e309", " 2e308 "])
def test_a_csv_number_past_float64_is_refused_not_stored_as_inf(dtype, cell):
    # float64 reads these as inf, and the dtype check compared finiteness after that.
    cells = np.array(["1", cell])
    with pytest.raises(problems.ApiError) as refused:
        datasets._csv_column(cells, "a", dtype)
    assert refused.value.code == "DATASET_INVALID"
    assert "past float64's range" in refused.value.detail and "line 3" in refused.value.detail


@pytest.mark.parametrize("dtype", [None, "float32"])
def test_a_csv_infinity_spelled_out_is_still_read(dtype):
    cells = np.array(["inf", "-Infinity", "+INF", "nan", "1.5"])
    values = datasets._csv_column(cells, "a", dtype)
    assert np.isposinf(values[0]) and np.isneginf(values[1]) and np.isposinf(values[2])
    assert np.isnan(values[3]) and values[4] == 1.5


# TF 2.21's decode_csv with a float32 default (a float parsed straight from its text,
# rounded once), recorded in /work/tfvenv: float64's 1 + 2**-24 lies half way between two
# float32s, and its shortest text, 1.0000000596046448, lies above it.
_ROUNDED_ONCE = [
    ("1.0000000596046448", np.float32(1 + 2**-23)),
    ("-1.0000000596046448", np.float32(-(1 + 2**-23))),
    ("1.00000005960464477539062500001", np.float32(1 + 2**-23)),
    ("1.0000000596046447", np.float32(1)),
    ("1.000000059604644775390625", np.float32(1)),  # the half way itself: ties to even
    ("1.0000001788139343", np.float32(1 + 2**-23)),  # below a half way float64 reaches
    ("3.4028235677973366e38", np.float32(3.4028235e38)),  # below the half way to 2**128
    ("1e-45", np.float32(1e-45)),  # above the half way to 0 (2**-150 is 7.0e-46)
]


@pytest.mark.parametrize(("cell", "want"), _ROUNDED_ONCE, ids=[c for c, _ in _ROUNDED_ONCE])
def test_a_float32_csv_number_is_rounded_from_its_text_once(cell, want):
    # Read as float64 first, a text half way by float64's rounding was rounded again to
    # even: 1.0000000596046448 became 1.0 where TF's decode_csv reads 1.0000001, and
    # 3.4028235677973366e38 was refused as an overflow to infinity.
    values = datasets._csv_column(np.array(["0.5", cell]), "a", "float32")
    assert values.dtype == np.float32
    assert values[1].tobytes() == want.tobytes()


@pytest.mark.parametrize("dtype", ["float64", None])
def test_a_float64_csv_number_is_read_as_float64_reads_it(dtype):
    values = datasets._csv_column(np.array(["1.0000000596046448", "0.1", "1e308"]), "a", dtype)
    assert values.dtype == np.float64
    assert values.tolist() == [1 + 2**-24, 0.1, 1e308]


def test_a_float16_csv_number_is_rounded_from_its_text_once():
    # float16's 1 + 2**-11 (half way from 1 to 1 + 2**-10) is float64's 1.00048828125,
    # and so is the text with a 1 twenty digits on, which is above it.
    cells = np.array(["1.00048828125000000001", "1.00048828125"])
    values = datasets._csv_column(cells, "a", "float16")
    assert values.tolist() == [1 + 2**-10, 1.0]


@pytest.mark.parametrize("cell", ["1_000", "1_0.5", "١٢", "１２", "\u0663"])
def test_a_csv_number_python_reads_but_no_csv_reader_does_is_refused(cell):
    # int() and float() take digit-group underscores and other scripts' digits (1_000 is
    # 1000); TF's decode_csv, numpy and pandas read no number there.
    with pytest.raises(problems.ApiError) as refused:
        datasets._csv_column(np.array(["1", cell]), "a", None)
    assert refused.value.code == "DATASET_INVALID"
    assert f"not a number: {cell!r} on line 3" in refused.value.detail


@pytest.mark.parametrize(
    ("body", "line"),
    [
        (b'id,note,x\n1,"two\nlines",1.5\n2,"a, b",\n', "'' on line 4"),
        (b'id,note,x\n1,"two\r\nlines",1.5\r\n2,"a, b",n/a\r\n', "'n/a' on line 4"),
        (b'id,note,x\n1,"two\nlines",1.5\n2,"a, b"\n', "CSV line 4 has 2 fields"),
    ],
)
def test_a_csv_refusal_names_the_line_its_row_starts_on_past_quoted_line_breaks(
    monkeypatch, body, line
):
    monkeypatch.setattr(datasets, "store", lambda: FakeStore(body))
    with pytest.raises(problems.ApiError) as refused:
        datasets._read_csv("t_1", "ds_1", "key", {"format": "csv", "columns": {"x": "x"}}, 99)
    assert line in refused.value.detail


class KeptStore(FakeStore):
    """FakeStore that keeps what is written, to read the arrays back."""

    def __init__(self, body):
        super().__init__(body)
        self.written = {}

    def put_object(self, key, body):
        self.written[key.rsplit("/", 1)[-1]] = np.load(io.BytesIO(body))


def test_a_long_free_text_cell_beside_the_numbers_costs_no_memory(monkeypatch):
    import tracemalloc

    # GIVEN a 0.3 MB CSV of 20,000 rows whose note column, left out by `columns`, holds
    # one 2,000-character cell: one array of every cell made each 2,000 characters
    # wide, 320 MB (a 2 MB file of 200,000 rows with a 1,000-character note took the
    # local runner to 2.8 GB, past the completing function's 2 GB)
    lines = [f"{i}.5,{'n' * 2000 if i == 7 else 'a'}" for i in range(20_000)]
    body = ("x,note\n" + "\n".join(lines) + "\n").encode()
    store = KeptStore(body)
    monkeypatch.setattr(datasets, "store", lambda: store)
    # WHEN it is read with `columns` naming the numbers only
    tracemalloc.start()
    try:
        arrays = datasets._read_csv(
            "t_1", "ds_1", "key", {"format": "csv", "columns": {"x": "x"}}, len(body)
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # THEN the numbers are all there and the read held a few MB, not hundreds
    assert arrays["x"]["shape"] == [20_000]
    np.testing.assert_array_equal(store.written["x.npy"], np.arange(20_000) + 0.5)
    assert peak < 24 * 1024 * 1024, peak


@pytest.mark.parametrize("pad", ["", "   "])
def test_a_cell_longer_than_any_number_is_refused_before_its_column_is_made(monkeypatch, pad):
    # A column's cells become one array as wide as its longest: a 100,000-character
    # cell in a column of 200,000 rows would ask for 80 GB; it names no number anyway.
    body = ("x\n1\n2\n" + pad + "9" * 100_000 + pad + "\n3\n").encode()
    monkeypatch.setattr(datasets, "store", lambda: FakeStore(body))
    with pytest.raises(problems.ApiError) as refused:
        datasets._read_csv("t_1", "ds_1", "key", {"format": "csv"}, len(body))
    assert refused.value.code == "DATASET_INVALID"
    assert "100,000 characters" in refused.value.detail and "line 4" in refused.value.detail


def test_a_number_as_long_as_allowed_is_read_and_blank_lines_only_at_the_end(monkeypatch):
    digits = "0." + "1" * (datasets.MAX_NUMBER_CHARS - 2)
    body = f"x,y\n{digits},1\n  2 ,2\n\n\n".encode()
    store = KeptStore(body)
    monkeypatch.setattr(datasets, "store", lambda: store)
    datasets._read_csv("t_1", "ds_1", "key", {"format": "csv"}, len(body))
    np.testing.assert_array_equal(store.written["x.npy"], [float(digits), 2.0])
    np.testing.assert_array_equal(store.written["y.npy"], [1, 2])
    inside = KeptStore(b"x,y\n1,1\n\n2,2\n")
    monkeypatch.setattr(datasets, "store", lambda: inside)
    with pytest.raises(problems.ApiError) as refused:
        datasets._read_csv("t_1", "ds_1", "key", {"format": "csv"}, 12)
    assert "CSV line 3 has 0 fields" in refused.value.detail


@pytest.mark.parametrize("dtype", ["float64", "float32", "float16"])
def test_a_csv_negative_zero_asked_for_as_float_keeps_its_sign(dtype):
    # TF's decode_csv reads `-0` into a float column as -0.0; read as an integer first,
    # the column kept 0 and stored +0.0 (1 / x is -inf against +inf).
    values = datasets._csv_column(np.array(["-0", "1", "0", " -0 "]), "a", dtype)
    assert values.dtype == np.dtype(dtype)
    assert np.signbit(values).tolist() == [True, False, False, True]
