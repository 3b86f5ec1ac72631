"""The client's side of datasets, without a network: how arrays and files are
registered, and that an upload in parts sends every byte once, in order."""

import io

import numpy as np
import pytest

from graphgate.client import datasets, errors


class Transport:
    """Records each PUT as the presigned-URL upload would send it."""

    def __init__(self):
        self.sent = []

    def request(self, method, url, *, body, headers, idempotency_key, retry_safe):
        assert (method, idempotency_key, retry_safe) == ("PUT", False, True)
        self.sent.append((url, body, headers))
        return type("Response", (), {"ok": True, "status": 200, "headers": {}})()


def test_arrays_are_sent_as_canonical_npy_named_by_their_keys():
    big_endian = np.arange(6, dtype=">i4").reshape(2, 3)
    fortran = np.asfortranarray(np.ones((3, 2), np.float32))
    (x, y) = datasets.sources({"x": big_endian, "y": fortran})
    for source, original in ((x, big_endian), (y, fortran)):
        body = source.read(0, source.spec["bytes"])
        loaded = np.load(io.BytesIO(body))
        assert loaded.dtype.byteorder in "<=|" and loaded.flags.c_contiguous
        np.testing.assert_array_equal(loaded, original)
    assert x.spec == {"format": "npy", "name": "x", "bytes": len(x.read(0, 10**9))}


def test_files_are_registered_by_their_extension_and_read_by_range(tmp_path):
    np.save(tmp_path / "features.npy", np.zeros((4, 2)))
    np.savez(tmp_path / "more.npz", a=np.zeros(4))
    (tmp_path / "table.csv").write_text("a,b\n1,2\n")
    paths = [tmp_path / "features.npy", tmp_path / "more.npz", tmp_path / "table.csv"]
    npy, npz, table = datasets.sources(paths, columns={"ab": ["a", "b"]}, dtype="float32")
    assert npy.spec == {"format": "npy", "name": "features", "bytes": 192}
    assert npz.spec["format"] == "npz" and "name" not in npz.spec
    assert table.spec == {
        "format": "csv",
        "bytes": 8,
        "columns": {"ab": ["a", "b"]},
        "dtype": "float32",
    }
    whole = (tmp_path / "features.npy").read_bytes()
    assert npy.read(0, 50) + npy.read(50, 192) == whole
    with pytest.raises(errors.ClientError, match=r"TFRecord files .* into arrays"):
        datasets.sources(tmp_path / "train.tfrecord")


def test_arrays_keyed_by_anything_but_a_name_are_refused_saying_how_to_map_them():
    # Round 21: a placeholder as the key (run_batch's feed_arrays take one) reached
    # json.dumps and raised its TypeError on the Tensor.
    with pytest.raises(errors.ClientError, match=r"named by strings, not int .*feed_map"):
        datasets.sources({0: np.zeros(3)})


def test_an_upload_in_parts_sends_every_byte_once_in_order():
    body = bytes(range(256)) * 41  # 10,496 bytes: two parts of 4,096 and one of 2,304
    source = datasets.Source({"bytes": len(body)}, lambda start, stop: body[start:stop])
    target = {
        "part_bytes": 4096,
        "parts": [{"part_number": n, "url": f"https://s3/part{n}"} for n in (1, 2, 3)],
    }
    transport = Transport()
    datasets.put(transport, target, source)
    assert [url for url, _, _ in transport.sent] == [f"https://s3/part{n}" for n in (1, 2, 3)]
    assert [len(b) for _, b, _ in transport.sent] == [4096, 4096, 2304]
    assert b"".join(b for _, b, _ in transport.sent) == body


def test_a_single_upload_sends_the_headers_its_url_was_signed_for():
    source = datasets.Source({"bytes": 3}, lambda start, stop: b"abc"[start:stop])
    headers = {"Content-Type": "application/octet-stream", "x-amz-tagging": "k=v"}
    transport = Transport()
    datasets.put(transport, {"url": "https://s3/one", "headers": headers}, source)
    assert transport.sent == [("https://s3/one", b"abc", headers)]


class Refusing(Transport):
    """Storage's answer to every PUT: `status`."""

    def __init__(self, status):
        super().__init__()
        self.status = status

    def request(self, method, url, *, body, headers, idempotency_key, retry_safe):
        self.sent.append((url, body, headers))
        return type("Response", (), {"ok": False, "status": self.status, "headers": {}})()


def test_a_single_upload_meeting_its_file_already_there_leaves_it_to_completion():
    # The URL writes its key once (If-None-Match: *): a 412 is the file this PUT's first
    # attempt sent, its answer lost and the transport retrying; completion checks it.
    source = datasets.Source({"bytes": 3}, lambda start, stop: b"abc"[start:stop])
    target = {"url": "https://s3/one", "headers": {"If-None-Match": "*"}}
    datasets.put(Refusing(412), target, source)
    with pytest.raises(errors.ClientError):
        datasets.put(Refusing(403), target, source)
    parts = {"part_bytes": 4096, "parts": [{"part_number": 1, "url": "https://s3/part1"}]}
    with pytest.raises(errors.ClientError):  # a part's URL is not written once: no 412 is ok
        datasets.put(Refusing(412), parts, source)
