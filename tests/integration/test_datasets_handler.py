"""Datasets through the sessions function in-process against moto, driven by the
events/ fixtures: registration, uploads to the presigned URLs (single and multipart),
validation once, the canonical layout read back by row range, listing, deletion,
plan caps and tenant isolation."""

import copy
import csv
import io
import json
import math
import re
import secrets
import time

import numpy as np
import pytest
import requests

from graphgate_service import keys
from tests.integration import test_sessions_handler as sessions_handler
from tests.integration.test_sessions_handler import _function
from tests.support import ProxyReply, load_event, moto_aws

DATASET = "ds_0193a2b4c5d012345678"


@pytest.fixture(scope="module")
def module_aws():
    from graphgate_service import settings as service_settings

    with pytest.MonkeyPatch.context() as patch, moto_aws(patch) as provisioned:
        patch.setenv("CURSOR_SECRET_ARN", provisioned["ids"]["CursorSigningSecret"])
        patch.setenv("WORKER_FUNCTION_NAME", "graphgate-worker-test")
        service_settings.get.cache_clear()
        yield provisioned


class Api:
    def __init__(self, aws, plan="pro"):
        self.aws = aws
        self.handler = _function("sessions").lambda_handler
        self.tenant, self.other = (self._tenant(plan) for _ in range(2))
        self.plan = plan

    def _tenant(self, plan):
        tenant = "t_" + secrets.token_hex(8)
        self.aws["clients"]["dynamodb"].put_item(
            TableName=self.aws["ids"]["Table"],
            Item={**keys.profile(tenant), "plan": {"S": plan}, "name": {"S": tenant}},
        )
        return tenant

    def call(self, name, *, dataset=DATASET, body=None, tenant=None, query=None):
        event = copy.deepcopy(load_event(name))
        event["path"] = event["path"].replace(DATASET, dataset)
        if event["pathParameters"]:
            event["pathParameters"]["datasetId"] = dataset
        if body is not None:
            event["body"] = json.dumps(body)
        if query is not None:
            event["queryStringParameters"] = query
            event["multiValueQueryStringParameters"] = {k: [v] for k, v in query.items()}
        authorizer = event["requestContext"]["authorizer"]
        authorizer["tenant_id"] = authorizer["principalId"] = tenant or self.tenant
        authorizer["plan"] = self.plan
        reply = ProxyReply(self.handler(event, None))
        if reply.status >= 400:
            assert reply.headers["content-type"] == "application/problem+json", reply.text
        return reply

    def stored_bytes(self, tenant=None):
        item = self.aws["clients"]["dynamodb"].get_item(
            TableName=self.aws["ids"]["Table"], Key=keys.profile(tenant or self.tenant)
        )["Item"]
        return int(item.get("stored_bytes", {"N": "0"})["N"])

    def objects(self, dataset_id, tenant=None):
        listing = self.aws["clients"]["s3"].list_objects_v2(
            Bucket=self.aws["ids"]["TensorBucket"],
            Prefix=keys.dataset_prefix(tenant or self.tenant, dataset_id),
        )
        return [o["Key"] for o in listing.get("Contents", [])]

    def register(self, files, name="data", **kwargs):
        """POST /v1/datasets for `files` [(spec, bytes)], then upload each as told."""
        specs = [{**spec, "bytes": len(body)} for spec, body in files]
        reply = self.call("post-datasets", body={"name": name, "files": specs}, **kwargs)
        assert reply.status == 201, reply.text
        registered = reply.json()
        for (_, body), target in zip(files, registered["uploads"], strict=True):
            upload(target, body)
        return registered

    def complete(self, dataset_id, **kwargs):
        return self.call("post-dataset-complete", dataset=dataset_id, **kwargs)

    def ready(self, files, **kwargs):
        registered = self.register(files, **kwargs)
        reply = self.complete(registered["id"])
        assert reply.status == 200, reply.text
        assert reply.json()["status"] == "ready"
        return reply.json()


def upload(target, body):
    if "url" in target:
        response = requests.put(target["url"], data=body, headers=target["headers"], timeout=30)
        assert response.status_code == 200, response.text
        return
    size = target["part_bytes"]
    for part in target["parts"]:
        start = (part["part_number"] - 1) * size
        response = requests.put(part["url"], data=body[start : start + size], timeout=30)
        assert response.status_code == 200, response.text


def npy(array):
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=True)
    return buffer.getvalue()


def npz(**arrays):
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def npy_claiming(shape, dtype="<f4"):
    """A .npy file whose header claims `shape`, with the bytes that shape needs."""
    header = f"{{'descr': '{dtype}', 'fortran_order': False, 'shape': {tuple(shape)}, }}"
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    data = bytes(math.prod(shape) * np.dtype(dtype).itemsize)
    return b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode() + data


def csv_bytes(header, rows):
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue().encode()


@pytest.fixture
def api(module_aws):
    return Api(module_aws)


@pytest.fixture
def free(module_aws):
    return Api(module_aws, plan="free")


def read(api, dataset_id, start, stop, names=None):
    from graphgate_service import datasets

    dataset = datasets.get(api.tenant, dataset_id)
    return datasets.read_rows(api.tenant, dataset, start, stop, names)


# ---------------------------------------------------------------- the happy paths
def test_npy_files_become_a_dataset_whose_row_ranges_read_back_exactly(api):
    # GIVEN two .npy files with the same number of rows
    x = np.arange(9 * 8, dtype=np.float32).reshape(9, 8) / 7
    y = np.arange(9, dtype=np.int64) - 4
    before = api.stored_bytes()

    # WHEN they are registered, uploaded and completed
    dataset = api.ready(
        [({"format": "npy", "name": "x"}, npy(x)), ({"format": "npy", "name": "y"}, npy(y))]
    )

    # THEN the dataset describes them and any row range reads back bit for bit
    assert dataset["rows"] == 9
    assert dataset["arrays"] == {
        "x": {"dtype": "float32", "shape": [9, 8]},
        "y": {"dtype": "int64", "shape": [9]},
    }
    assert dataset["bytes"] == len(npy(x)) + len(npy(y))
    assert api.stored_bytes() == before + dataset["bytes"]
    rows = read(api, dataset["id"], 2, 7)
    assert rows["x"].tobytes() == x[2:7].tobytes() and rows["x"].shape == (5, 8)
    np.testing.assert_array_equal(rows["y"], y[2:7])
    assert read(api, dataset["id"], 9, 9, ["y"])["y"].shape == (0,)
    assert list(read(api, dataset["id"], 0, 1, ["x"])) == ["x"]
    got = api.call("get-dataset", dataset=dataset["id"])
    assert got.status == 200 and got.json() == dataset


def test_fortran_and_big_endian_npy_are_rewritten_in_the_canonical_layout(api):
    x = np.asfortranarray(np.arange(30, dtype=">f8").reshape(6, 5))
    y = np.arange(6, dtype=">i4")
    dataset = api.ready(
        [({"format": "npy", "name": "x"}, npy(x)), ({"format": "npy", "name": "y"}, npy(y))]
    )
    assert dataset["arrays"]["x"] == {"dtype": "float64", "shape": [6, 5]}
    rows = read(api, dataset["id"], 1, 4)
    np.testing.assert_array_equal(rows["x"], x[1:4])
    np.testing.assert_array_equal(rows["y"], y[1:4])
    assert rows["x"].dtype.byteorder in "<="


def test_npz_members_and_csv_columns_become_arrays(api):
    archive = npz(images=np.ones((4, 2, 3), np.uint8), weights=np.linspace(0, 1, 4))
    table = csv_bytes(["a", "b", "label"], [[1, 2.5, 0], [3, 4, 1], [5, -6, 1], [7, 8e3, 0]])
    dataset = api.ready(
        [
            ({"format": "npz"}, archive),
            (
                {"format": "csv", "columns": {"features": ["a", "b"], "label": "label"}},
                table,
            ),
        ]
    )
    assert dataset["arrays"] == {
        "images": {"dtype": "uint8", "shape": [4, 2, 3]},
        "weights": {"dtype": "float64", "shape": [4]},
        "features": {"dtype": "float64", "shape": [4, 2]},
        "label": {"dtype": "int64", "shape": [4]},
    }
    rows = read(api, dataset["id"], 0, 4)
    np.testing.assert_array_equal(rows["features"], [[1, 2.5], [3, 4], [5, -6], [7, 8000]])
    np.testing.assert_array_equal(rows["label"], [0, 1, 1, 0])
    # the uploaded sources are gone; only the canonical arrays stay
    assert sorted(api.objects(dataset["id"])) == sorted(
        keys.dataset_array(api.tenant, dataset["id"], n) for n in dataset["arrays"]
    )


def test_csv_with_a_dtype_converts_every_column_to_it(api):
    table = csv_bytes(["p", "q"], [[0.1, 1], [0.2, 2]])
    dataset = api.ready([({"format": "csv", "dtype": "float32"}, table)])
    assert dataset["arrays"] == {
        "p": {"dtype": "float32", "shape": [2]},
        "q": {"dtype": "float32", "shape": [2]},
    }
    assert read(api, dataset["id"], 0, 2)["p"].tolist() == np.float32([0.1, 0.2]).tolist()


def test_a_large_file_goes_up_in_parts(api):
    x = np.arange(6 * 1024 * 1024 // 8, dtype=np.float64).reshape(-1, 16)
    body = npy(x)
    registered = api.register(
        [({"format": "npy", "name": "x", "part_bytes": 5 * 1024 * 1024}, body)]
    )
    target = registered["uploads"][0]
    assert "url" not in target and [p["part_number"] for p in target["parts"]] == [1, 2]
    reply = api.complete(registered["id"])
    assert reply.status == 200, reply.text
    assert reply.json()["bytes"] == len(body)
    np.testing.assert_array_equal(read(api, registered["id"], 1000, 1003)["x"], x[1000:1003])


def test_uploads_stay_tagged_for_the_lifecycle_rule_until_their_dataset_is_ready(api):
    from graphgate_service import datasets

    s3, bucket = api.aws["clients"]["s3"], api.aws["ids"]["TensorBucket"]
    bucket_rules = api.aws["template"].resource("TensorBucket")["Properties"]
    rule = next(r for r in bucket_rules["LifecycleConfiguration"]["Rules"] if "TagFilters" in r)
    (tag,) = rule["TagFilters"]
    assert f"{tag['Key']}={tag['Value']}" == datasets.PENDING_TAG
    x = np.zeros((700_000, 2))  # over 5 MB: two parts
    registered = api.register(
        [
            ({"format": "npy", "name": "x", "multipart": True}, npy(x)),
            ({"format": "npy", "name": "y"}, npy(np.zeros(700_000))),
        ]
    )

    def tags(name):
        key = keys.dataset_array(api.tenant, registered["id"], name)
        return s3.get_object_tagging(Bucket=bucket, Key=key)["TagSet"]

    assert tags("y") == [{"Key": tag["Key"], "Value": tag["Value"]}]
    assert api.complete(registered["id"]).status == 200
    assert tags("x") == tags("y") == []


def test_a_storage_failure_while_completing_leaves_the_dataset_pending(api, monkeypatch):
    from graphgate_service import problems
    from graphgate_service.dataset_store import DatasetStore

    registered = api.register([({"format": "npy", "name": "x"}, npy(np.arange(5.0)))])
    real = DatasetStore.ready

    def unavailable(self, *args):
        raise problems.ServiceUnavailable("busy", code="WRITE_CANCELLED")

    monkeypatch.setattr(DatasetStore, "ready", unavailable)
    assert api.complete(registered["id"]).status == 503
    assert api.call("get-dataset", dataset=registered["id"]).json()["status"] == "pending"
    monkeypatch.setattr(DatasetStore, "ready", real)
    assert api.complete(registered["id"]).json()["status"] == "ready"


def test_parts_s3_cannot_assemble_are_refused_and_may_be_sent_again(api):
    body = npy(np.zeros(6 * 1024 * 1024 // 8))
    spec = {"format": "npy", "name": "x", "bytes": len(body), "part_bytes": 5 * 1024 * 1024}
    reply = api.call("post-datasets", body={"name": "d", "files": [spec]})
    registered = reply.json()
    first, second = registered["uploads"][0]["parts"]
    small = 1024 * 1024
    for part, chunk in ((first, body[:small]), (second, body[small:])):  # a 1 MB first part
        assert requests.put(part["url"], data=chunk, timeout=30).status_code == 200
    refused = api.complete(registered["id"])
    assert refused.status == 422 and refused.json()["code"] == "DATASET_INVALID", refused.text
    assert api.call("get-dataset", dataset=registered["id"]).json()["status"] == "pending"
    upload(registered["uploads"][0], body)  # the parts as told
    assert api.complete(registered["id"]).json()["status"] == "ready"


def test_completing_again_returns_the_ready_dataset(api):
    dataset = api.ready([({"format": "npy", "name": "x"}, npy(np.zeros(3)))])
    before = api.stored_bytes()
    again = api.complete(dataset["id"])
    assert again.status == 200 and again.json() == dataset
    assert api.stored_bytes() == before  # counted once


def test_a_datasets_times_are_iso_8601_as_every_other_resources(api):
    """`created_at` and `ready_at` were epoch milliseconds where graphs, sessions, runs,
    batches and models answer ISO 8601 text: a client comparing or showing them read one
    resource's as a number and the others' as dates."""
    registered = api.register([({"format": "npy", "name": "x"}, npy(np.zeros(3)))])
    dataset = api.complete(registered["id"]).json()
    listed = api.call("get-datasets").json()["items"]
    shown = api.call("get-dataset", dataset=registered["id"]).json()
    for answer in (registered, dataset, shown, next(d for d in listed if d["id"] == dataset["id"])):
        for field in ("created_at", "ready_at") if answer is not registered else ("created_at",):
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", answer[field]), answer
    assert dataset["created_at"] == registered["created_at"] <= dataset["ready_at"]


# ------------------------------------------------------------------ refusals
def test_complete_before_the_upload_is_a_conflict_and_the_dataset_stays_pending(api):
    reply = api.call(
        "post-datasets", body={"name": "d", "files": [{"format": "npy", "name": "x", "bytes": 10}]}
    )
    dataset_id = reply.json()["id"]
    early = api.complete(dataset_id)
    assert early.status == 409 and early.json()["code"] == "DATASET_NOT_UPLOADED"
    assert api.call("get-dataset", dataset=dataset_id).json()["status"] == "pending"


@pytest.mark.parametrize("multipart", [False, True])
def test_a_file_of_another_size_than_registered_is_refused_and_may_be_sent_again(api, multipart):
    # A CSV cut at a line's end parses, with rows missing: only its size tells.
    body = csv_bytes(["a"], [[i] for i in range(100)])
    cut = body[: body.index(b"\n", len(body) // 2) + 1]
    spec = {"format": "csv", "name": "t", "bytes": len(body), "multipart": multipart}
    registered = api.call("post-datasets", body={"name": "d", "files": [spec]}).json()
    upload(registered["uploads"][0], cut)
    refused = api.complete(registered["id"])
    assert refused.status == 422 and refused.json()["code"] == "DATASET_INVALID", refused.text
    assert refused.json()["received_bytes"] == len(cut)
    assert api.call("get-dataset", dataset=registered["id"]).json()["status"] == "pending"
    upload(registered["uploads"][0], body)
    assert api.complete(registered["id"]).json()["rows"] == 100


@pytest.mark.parametrize(
    ("files", "code"),
    [
        ([({"format": "npy", "name": "x"}, b"not a numpy file at all")], "DATASET_INVALID"),
        ([({"format": "npy", "name": "x"}, npy(np.zeros(4))[:-8])], "DATASET_INVALID"),
        (
            [({"format": "npy", "name": "x"}, npy(np.array([{}, None])))],
            "DATASET_DTYPE_UNSUPPORTED",
        ),
        ([({"format": "npy", "name": "x"}, npy(np.float32(3)))], "DATASET_INVALID"),
        (
            [({"format": "npy", "name": "x"}, npy(np.array(["a", "b"])))],
            "DATASET_DTYPE_UNSUPPORTED",
        ),
        ([({"format": "npz"}, b"PK\x03\x04 broken")], "DATASET_INVALID"),
        ([({"format": "csv"}, csv_bytes(["a"], [[1], ["x"]]))], "DATASET_INVALID"),
        ([({"format": "csv"}, csv_bytes(["a", "b"], [[1, 2], [3]]))], "DATASET_INVALID"),
        (
            [({"format": "csv", "dtype": "uint8"}, csv_bytes(["a"], [[1], [300]]))],
            "DATASET_INVALID",
        ),
        ([({"format": "csv", "dtype": "int8"}, csv_bytes(["a"], [[1.5]]))], "DATASET_INVALID"),
        (
            [({"format": "csv", "columns": {"x": ["nope"]}}, csv_bytes(["a"], [[1]]))],
            "DATASET_INVALID",
        ),
        (
            [
                ({"format": "npy", "name": "x"}, npy(np.zeros((5, 2)))),
                ({"format": "npy", "name": "y"}, npy(np.zeros(4))),
            ],
            "DATASET_ROWS_MISMATCH",
        ),
        (
            [
                ({"format": "npy", "name": "x"}, npy(np.zeros(2))),
                ({"format": "npz"}, npz(x=np.zeros(2))),
            ],
            "DATASET_INVALID",
        ),
        # More dimensions than numpy holds: was stored ready, and every run over it a 500.
        ([({"format": "npy", "name": "x"}, npy_claiming([1] * 70))], "DATASET_INVALID"),
        # Two columns of one name: the second was dropped without a word.
        ([({"format": "csv"}, csv_bytes(["a", "a"], [[1, 2]]))], "DATASET_INVALID"),
        # An integer past int64 was read as float64, rounded (2**63 + 1 -> 2**63).
        ([({"format": "csv"}, csv_bytes(["a"], [[2**63 + 1]]))], "DATASET_INVALID"),
        (
            [({"format": "csv", "dtype": "uint64"}, csv_bytes(["a"], [[2**64]]))],
            "DATASET_INVALID",
        ),
        # Array names ending in a newline: Python's `$` matched before it.
        ([({"format": "npz"}, npz(**{"x\n": np.zeros(2)}))], "DATASET_INVALID"),
    ],
    ids=[
        "garbage",
        "truncated",
        "pickled-objects",
        "scalar",
        "strings",
        "broken-npz",
        "csv-text",
        "csv-ragged",
        "csv-overflow",
        "csv-fraction-as-int",
        "csv-unknown-column",
        "rows-differ",
        "name-twice",
        "rank-70",
        "csv-column-twice",
        "csv-past-int64",
        "csv-past-uint64",
        "npz-member-newline",
    ],
)
def test_a_bad_file_fails_the_dataset_with_a_documented_code_and_frees_it(api, files, code):
    before = api.stored_bytes()
    registered = api.register(files)
    reply = api.complete(registered["id"])
    assert reply.status == 422, reply.text
    assert reply.json()["code"] == code
    # Its category is the code's: it said RESOURCE_EXHAUSTED, as for any 422.
    assert reply.json()["category"] == "INVALID_ARGUMENT"
    shown = api.call("get-dataset", dataset=registered["id"]).json()
    assert shown["status"] == "failed" and shown["error"]["code"] == code
    assert api.objects(registered["id"]) == []
    assert api.stored_bytes() == before
    again = api.complete(registered["id"])
    assert again.status == 422 and again.json()["code"] == code


@pytest.mark.parametrize(
    ("spec", "bad", "said"),
    [
        ({"format": "csv"}, "n/a", "'n/a' on line 50,002"),
        ({"format": "csv", "dtype": "uint8"}, 300, "'300' on line 50,002"),
    ],
)
def test_one_bad_cell_in_100000_rows_fails_the_dataset_naming_its_line(api, spec, bad, said):
    # GIVEN 100,000 good rows but one, in the middle
    rows = [[i % 200, 0.5] for i in range(100_000)]
    rows[50_000][0] = bad
    # WHEN the dataset is completed
    reply = api.complete(api.register([(spec, csv_bytes(["a", "b"], rows))])["id"])
    # THEN it fails, and says which line to fix
    assert reply.status == 422 and reply.json()["code"] == "DATASET_INVALID"
    assert said in reply.json()["detail"], reply.json()["detail"]


def test_csv_integers_past_int64_are_exact_as_uint64_or_read_as_floats_when_asked(api):
    data = csv_bytes(["a"], [[2**63 + 1], [1]])
    exact = api.ready([({"format": "csv", "dtype": "uint64"}, data)])
    assert read(api, exact["id"], 0, 2)["a"].tolist() == [2**63 + 1, 1]
    rounded = api.ready([({"format": "csv", "dtype": "float64"}, data)])
    assert read(api, rounded["id"], 0, 2)["a"].tolist() == [2.0**63, 1.0]


def test_a_csv_header_of_100k_columns_is_refused_in_time(api):
    # Finding a repeated column name was quadratic in the header: 100,000 columns ran
    # the function past its timeout (the gateway's 502) before the column cap refused it.
    header = [f"c{i}" for i in range(100_000)]
    started = time.monotonic()
    registered = api.register([({"format": "csv"}, csv_bytes(header, [[1] * len(header)]))])
    reply = api.complete(registered["id"])
    assert reply.status == 422 and reply.json()["code"] == "DATASET_INVALID", reply.text
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    "files",
    [
        [{"format": "npy", "bytes": 10}],
        [{"format": "npz", "bytes": 10, "dtype": "int8"}],
        [{"format": "npy", "name": "x", "bytes": 10}, {"format": "npy", "name": "x", "bytes": 10}],
        [{"format": "npy", "name": "no/slashes", "bytes": 10}],
        [{"format": "parquet", "bytes": 10}],
        [{"format": "npy", "name": "x", "bytes": 0}],
        [{"format": "npy", "name": "x\n", "bytes": 10}],
        # columns naming 4 MB of header cells overflowed the dataset's item: a 500
        [
            {
                "format": "csv",
                "bytes": 10,
                "columns": {"x": [f"c{i}" + "z" * 999 for i in range(4096)]},
            }
        ],
        [{"format": "csv", "bytes": 10, "columns": {"x": "k" * 500_000}}],
    ],
)
def test_a_bad_registration_is_refused_before_anything_is_stored(api, files):
    reply = api.call("post-datasets", body={"name": "d", "files": files})
    assert reply.status == 400 and reply.json()["code"] == "VALIDATION_FAILED", reply.text
    listing = api.call("get-datasets")
    assert listing.json()["items"] == []


@pytest.mark.parametrize("name", ["d\u0007", "d\n", " d", "d ", "\u202ed", "a\u2029b"])
def test_a_dataset_name_with_control_characters_or_end_spaces_is_refused(api, name):
    files = [{"format": "npy", "name": "x", "bytes": 10}]
    reply = api.call("post-datasets", body={"name": name, "files": files})
    assert reply.status == 400, reply.text
    assert reply.json()["errors"][0]["pointer"] == "/name"
    assert api.call("get-datasets").json()["items"] == []
    taken = api.call("post-datasets", body={"name": "données d'été 2026", "files": files})
    assert taken.status == 201, taken.text
    assert api.call("delete-dataset", dataset=taken.json()["id"]).status == 204


def test_the_plan_caps_the_size_of_a_dataset_and_how_many_are_held(free, monkeypatch):
    from graphgate_service import plans

    too_big = {"format": "npy", "name": "x", "bytes": plans.get("free").dataset_bytes + 1}
    reply = free.call("post-datasets", body={"name": "d", "files": [too_big]})
    assert reply.status == 422 and reply.json()["code"] == "PLAN_LIMIT_EXCEEDED"
    assert reply.json()["cap"] == "dataset_bytes"

    small = plans.Plan(**{**plans.PLANS["free"].__dict__, "datasets": 2})
    monkeypatch.setitem(plans.PLANS, "free", small)
    body = {"name": "d", "files": [{"format": "npy", "name": "x", "bytes": 10}]}
    assert [free.call("post-datasets", body=body).status for _ in range(2)] == [201, 201]
    third = free.call("post-datasets", body=body)
    assert third.status == 422 and third.json()["cap"] == "datasets"


def test_a_dataset_that_does_not_fit_the_stored_bytes_fails(free, monkeypatch):
    from graphgate_service import plans

    monkeypatch.setitem(
        plans.PLANS, "free", plans.Plan(**{**plans.PLANS["free"].__dict__, "stored_bytes": 500})
    )
    registered = free.register([({"format": "npy", "name": "x"}, npy(np.zeros(100)))])
    reply = free.complete(registered["id"])
    assert reply.status == 422 and reply.json()["cap"] == "stored_bytes", reply.text
    assert free.stored_bytes() == 0 and free.objects(registered["id"]) == []


def test_a_completion_with_the_stored_bytes_used_up_fails_before_reading_its_files(
    free, monkeypatch
):
    # GIVEN a tenant whose stored bytes are all used (its files were read and converted,
    # a CSV of the plan's 50 MB parsed, before the cap refused the dataset)
    from graphgate_service import datasets, plans

    monkeypatch.setitem(
        plans.PLANS, "free", plans.Plan(**{**plans.PLANS["free"].__dict__, "stored_bytes": 0})
    )
    registered = free.register([({"format": "npy", "name": "x"}, npy(np.zeros(100)))])
    read, real = [], datasets._read_files
    monkeypatch.setattr(datasets, "_read_files", lambda *a: read.append(1) or real(*a))

    # WHEN it is completed THEN it fails on the cap as before, with no file read
    reply = free.complete(registered["id"])
    assert reply.status == 422 and reply.json()["cap"] == "stored_bytes", reply.text
    assert read == []
    assert free.stored_bytes() == 0 and free.objects(registered["id"]) == []


def test_files_read_whole_are_bounded_by_their_unpacked_size(api, monkeypatch):
    from graphgate_service import datasets

    monkeypatch.setattr(datasets, "CONVERT_BYTES", 50_000)
    monkeypatch.setattr(datasets, "CSV_BYTES", 100)
    packed = io.BytesIO()
    np.savez_compressed(packed, x=np.zeros(10_000))  # 80 kB of zeros in a few hundred bytes
    for files in (
        [({"format": "npz"}, packed.getvalue())],
        [({"format": "csv"}, csv_bytes(["a"], [[i] for i in range(100)]))],
        [({"format": "npy", "name": "x"}, npy(np.zeros(10_000, ">f8")))],
    ):
        registered = api.register(files)
        reply = api.complete(registered["id"])
        assert reply.status == 422 and reply.json()["code"] == "DATASET_INVALID", reply.text
    # a canonical .npy of the same size needs no rewriting, so no bound but the plan's
    assert api.ready([({"format": "npy", "name": "x"}, npy(np.zeros(10_000)))])["rows"] == 10_000


def test_a_dataset_holds_at_most_max_arrays(api, monkeypatch):
    from graphgate_service import datasets

    monkeypatch.setattr(datasets, "MAX_ARRAYS", 3)
    wide = csv_bytes(["a", "b", "c", "d"], [[1, 2, 3, 4]])
    for files in (
        [({"format": "csv"}, wide)],
        [({"format": "npz"}, npz(a=np.zeros(1), b=np.zeros(1), c=np.zeros(1), d=np.zeros(1)))],
        [
            ({"format": "npz"}, npz(a=np.zeros(1), b=np.zeros(1))),
            ({"format": "csv"}, csv_bytes(["e", "f"], [[1, 2]])),
        ],
    ):
        registered = api.register(files)
        reply = api.complete(registered["id"])
        assert reply.status == 422 and reply.json()["code"] == "DATASET_INVALID", reply.text
        assert "up to 3" in reply.json()["detail"]
    grouped = [({"format": "csv", "columns": {"x": ["a", "b", "c", "d"]}}, wide)]
    assert api.ready(grouped)["arrays"] == {"x": {"dtype": "int64", "shape": [1, 4]}}


def test_the_plan_caps_what_a_dataset_stores_not_only_what_was_sent(free, monkeypatch):
    from graphgate_service import plans

    monkeypatch.setitem(
        plans.PLANS, "free", plans.Plan(**{**plans.PLANS["free"].__dict__, "dataset_bytes": 5_000})
    )
    packed = io.BytesIO()
    np.savez_compressed(packed, x=np.zeros(10_000))
    registered = free.register([({"format": "npz"}, packed.getvalue())])
    reply = free.complete(registered["id"])
    assert reply.status == 422 and reply.json()["cap"] == "dataset_bytes", reply.text
    assert free.objects(registered["id"]) == [] and free.stored_bytes() == 0


# ------------------------------------------------------------- list and delete
def test_listing_pages_newest_first_and_delete_frees_everything(api):
    ids = [
        api.ready([({"format": "npy", "name": "x"}, npy(np.zeros(i + 1)))])["id"] for i in range(3)
    ]
    first = api.call("get-datasets", query={"limit": "2"})
    assert first.status == 200
    assert [d["id"] for d in first.json()["items"]] == ids[:0:-1]
    cursor = first.json()["next_cursor"]
    rest = api.call("get-datasets", query={"limit": "2", "cursor": cursor}).json()
    assert [d["id"] for d in rest["items"]] == ids[:1] and rest["next_cursor"] is None
    stolen = api.call("get-datasets", query={"cursor": cursor}, tenant=api.other)
    assert stolen.status == 400 and stolen.json()["code"] == "INVALID_CURSOR"

    before = api.stored_bytes()
    size = api.call("get-dataset", dataset=ids[1]).json()["bytes"]
    assert api.call("delete-dataset", dataset=ids[1]).status == 204
    assert api.stored_bytes() == before - size
    assert api.objects(ids[1]) == []
    gone = api.call("get-dataset", dataset=ids[1])
    assert gone.status == 404 and gone.json()["code"] == "DATASET_NOT_FOUND"
    assert api.call("delete-dataset", dataset=ids[1]).status == 404


def test_a_pending_dataset_past_its_upload_window_is_gone_and_counts_for_nothing(free):
    from graphgate_service import datasets, plans

    body = {"name": "d", "files": [{"format": "npy", "name": "x", "bytes": 10}]}
    ids = [free.call("post-datasets", body=body).json()["id"] for _ in range(2)]
    # GIVEN the first one's window ended (DynamoDB's TTL removes such items within days)
    free.aws["clients"]["dynamodb"].update_item(
        TableName=free.aws["ids"]["Table"],
        Key=keys.item_key(keys.datasets_pk(free.tenant), keys.dataset_sk(ids[0])),
        UpdateExpression="SET expires_at = :past",
        ExpressionAttributeValues={":past": {"N": "1"}},
    )
    # THEN it is neither found, nor listed, nor counted against the plan
    gone = free.call("get-dataset", dataset=ids[0])
    assert gone.status == 404 and gone.json()["code"] == "DATASET_NOT_FOUND"
    assert [d["id"] for d in free.call("get-datasets").json()["items"]] == [ids[1]]
    assert datasets.store().count(free.tenant, plans.get("free").datasets) == 1


def test_another_tenant_can_neither_see_nor_touch_a_dataset(api):
    from graphgate_service import datasets, problems

    dataset = api.ready([({"format": "npy", "name": "x"}, npy(np.arange(4.0)))])
    for name in ("get-dataset", "delete-dataset", "post-dataset-complete"):
        reply = api.call(name, dataset=dataset["id"], tenant=api.other)
        assert reply.status == 404 and reply.json()["code"] == "DATASET_NOT_FOUND", name
    assert api.call("get-datasets", tenant=api.other).json()["items"] == []
    with pytest.raises(problems.NotFound):
        datasets.get(api.other, dataset["id"])
    assert api.call("get-dataset", dataset=dataset["id"]).json()["status"] == "ready"


# ------------------------------------------------------------ training on a dataset
def regression_graph():
    """Linear regression on x [None, 3] -> y [None], trained by gradient descent."""
    import graphgate as gg

    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 3], name="x")
        y = gg.placeholder(gg.float32, [None], name="y")
        scale = gg.placeholder(gg.float32, [], name="scale")
        w = gg.Variable(gg.zeros([3, 1]), name="w")
        b = gg.Variable(0.0, name="b")
        prediction = gg.squeeze(gg.matmul(x, w), [1]) + b
        loss = gg.reduce_mean(gg.square(prediction - y)) * scale
        gg.identity(loss, name="loss")
        train = gg.train.GradientDescentOptimizer(0.05).minimize(loss, name="train")
    return graph, train.name


def regression_data(rows=100):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(rows, 3)).astype(np.float32)
    y = (x @ np.float32([1.5, -2.0, 0.5]) + 0.25).astype(np.float32)
    return x, y


def reference(graph, train, x, y, batch_size, epochs, shuffle, seed):
    """The variables a local session ends with, fed the minibatches in the documented
    order (docs/datasets.md), step by step."""
    import graphgate as gg

    rows = len(x)
    with graph.as_default(), gg.Session() as session:
        session.run(gg.global_variables_initializer())
        for epoch in range(epochs):
            order = np.random.RandomState([seed, epoch]).permutation(rows) if shuffle else None
            for start in range(0, rows, batch_size):
                picked = slice(start, start + batch_size)
                rows_of = order[picked] if shuffle else picked
                session.run(train, {"x:0": x[rows_of], "y:0": y[rows_of], "scale:0": 1.0})
        return {v.op.name: session.run(v) for v in gg.global_variables()}


@pytest.fixture
def trainer(module_aws, monkeypatch):
    """The sessions and worker handlers as a tenant, the worker's dispatches captured."""
    from graphgate import serialization
    from graphgate_service import aws, jobs

    monkeypatch.setattr(jobs, "_dispatcher", None)
    api = Api(module_aws)
    handlers = sessions_handler.Api(api.tenant, api.other)
    sent = []

    def invoke(**request):
        sent.append(json.loads(request["Payload"]))
        return {"StatusCode": 202}

    monkeypatch.setattr(aws.client("lambda"), "invoke", invoke)
    graph, train = regression_graph()
    reply = handlers.call(
        "post-graphs", body={"name": "regression", "graph": serialization.graph_to_dict(graph)}
    )
    assert reply.status == 201, reply.text
    handlers.graph_id, handlers.graph, handlers.train = reply.json()["id"], graph, train
    handlers.datasets, handlers.sent = api, sent
    return handlers


def new_session(trainer):
    reply = trainer.call("post-sessions", body={"graph_id": trainer.graph_id})
    assert reply.status == 201, reply.text
    return reply.json()["id"]


def train_request(trainer, dataset_id, **spec):
    return {
        "fetches": ["loss:0"],
        "targets": [trainer.train],
        "feeds": {"scale:0": {"datatype": "FP32", "shape": [], "data": [1.0]}},
        "dataset": {"id": dataset_id, "map": {"x": "x:0", "y": "y:0"}, **spec},
    }


def start(trainer, session_id, body, **kwargs):
    reply = trainer.call("post-session-runs", session=session_id, body=body, **kwargs)
    return reply


def drive(trainer, payload, limit=50):
    """Invoke the worker with `payload`, then with each continuation it dispatches."""
    for _ in range(limit):
        trainer.sent.clear()
        status = trainer.work(payload)["status"]
        if status != "running":
            return status
        (payload,) = trainer.sent
    raise AssertionError("the run did not finish")


def variables(trainer, session_id):
    from graphgate import serialization

    reply = trainer.call("get-session-variables", session=session_id)
    return {k: serialization.decode_tensor(v) for k, v in reply.json()["variables"].items()}


@pytest.mark.parametrize("shuffle", [False, True], ids=["in-order", "shuffled"])
def test_a_run_over_a_dataset_trains_as_a_local_loop_over_the_same_minibatches(
    trainer, monkeypatch, shuffle
):
    # GIVEN a dataset of 100 rows and a run of 5 epochs of batches of 8 (13 a epoch,
    # the last of 4 rows), each worker invocation handing on after one chunk
    x, y = regression_data()
    dataset = trainer.datasets.ready(
        [({"format": "npy", "name": "x"}, npy(x)), ({"format": "npy", "name": "y"}, npy(y))]
    )
    monkeypatch.setenv("WORKER_SLICE_S", "0.000001")
    session_id = new_session(trainer)

    # WHEN it is asked for (synchronously: a dataset run is always asynchronous)
    spec = {"batch_size": 8, "epochs": 5, "shuffle": shuffle} | ({"seed": 11} if shuffle else {})
    reply = start(trainer, session_id, train_request(trainer, dataset["id"], **spec))
    assert reply.status == 202, reply.text
    run = reply.json()
    assert run["steps"] == 65
    assert run["position"] == {"epoch": 0, "offset": 0, "seed": 11 if shuffle else 0}
    assert drive(trainer, trainer.sent[0]) == "succeeded"

    # THEN it took several invocations, and ends where a local loop over the documented
    # order ends, bit for bit
    shown = trainer.call("get-session-run", session=session_id, run=run["id"]).json()
    assert shown["invocations"] >= 3 and shown["completed_steps"] == 65
    assert shown["position"] == {"epoch": 5, "offset": 0, "seed": 11 if shuffle else 0}
    expected = reference(trainer.graph, trainer.train, x, y, 8, 5, shuffle, 11)
    got = variables(trainer, session_id)
    for name, value in expected.items():
        assert got[name].tobytes() == value.tobytes(), name
    # AND it is metered once, for every row it read (16 bytes each, 5 epochs) and the
    # constant feed it was sent
    from graphgate_service import metering

    assert metering.today(trainer.tenant)["feed_bytes"] == 5 * 100 * 16 + 4


def test_a_run_interrupted_and_resumed_ends_with_the_variables_of_an_uninterrupted_one(
    trainer, monkeypatch
):
    from graphgate_service import dataset_feeds

    x, y = regression_data(90)
    dataset = trainer.datasets.ready(
        [({"format": "npy", "name": "x"}, npy(x)), ({"format": "npy", "name": "y"}, npy(y))]
    )
    body = train_request(trainer, dataset["id"], batch_size=7, epochs=6, shuffle=True)

    # GIVEN one run left alone
    calm = new_session(trainer)
    reply = start(trainer, calm, body)
    seed = reply.json()["position"]["seed"]  # chosen by the service, kept with the run
    assert drive(trainer, trainer.sent[0]) == "succeeded"

    # AND one whose worker dies in the middle of its third chunk, and is delivered again
    body["dataset"]["seed"] = seed
    stormy = new_session(trainer)
    trainer.sent.clear()
    reply = start(trainer, stormy, body)
    payload = trainer.sent[0]
    real = dataset_feeds.Feeder._batches
    calls = []

    def crash_once(self, first_step, count):
        calls.append(first_step)
        if len(calls) == 3:
            raise RuntimeError("the worker's container died")
        return real(self, first_step, count)

    monkeypatch.setattr(dataset_feeds.Feeder, "_batches", crash_once)
    with pytest.raises(RuntimeError):
        trainer.work(payload)
    interrupted = trainer.call("get-session-run", session=stormy, run=reply.json()["id"]).json()
    assert interrupted["status"] == "running" and interrupted["completed_steps"] == 50
    assert interrupted["position"] == {"epoch": 3, "offset": 11 * 7, "seed": seed}

    # WHEN Lambda delivers the event again
    assert drive(trainer, payload) == "succeeded"

    # THEN both sessions hold the same variables, which a local loop reproduces
    calm_values, stormy_values = variables(trainer, calm), variables(trainer, stormy)
    expected = reference(trainer.graph, trainer.train, x, y, 7, 6, True, seed)
    for name, value in expected.items():
        assert calm_values[name].tobytes() == stormy_values[name].tobytes() == value.tobytes()


@pytest.mark.parametrize("on", ["same-session", "fork"])
def test_a_cancelled_run_continued_from_its_position_ends_as_an_uninterrupted_one(
    trainer, monkeypatch, on
):
    # It could not: a new run over the dataset started at its first minibatch again, so a
    # cancelled training run resumed by hand fed its first epochs twice (leftovers7), where
    # tf.data's iterator checkpoint continues with the next element.
    x, y = regression_data(90)
    dataset = trainer.datasets.ready(
        [({"format": "npy", "name": "x"}, npy(x)), ({"format": "npy", "name": "y"}, npy(y))]
    )
    monkeypatch.setenv("WORKER_SLICE_S", "0.000001")  # one chunk per invocation
    body = train_request(trainer, dataset["id"], batch_size=7, epochs=6, shuffle=True)
    # GIVEN a shuffled run cancelled after its first invocation's checkpoint
    session_id = new_session(trainer)
    reply = start(trainer, session_id, body)
    run_id, seed = reply.json()["id"], reply.json()["position"]["seed"]
    payload = _payload(trainer, session_id, run_id)
    trainer.sent.clear()
    assert trainer.work(payload)["status"] == "running"
    cancel = trainer.call("delete-session-run", session=session_id, run=run_id)
    assert cancel.status in (200, 202, 204), cancel.text
    if trainer.sent:
        drive(trainer, trainer.sent[0])
    stopped = trainer.call("get-session-run", session=session_id, run=run_id).json()
    assert stopped["status"] == "cancelled" and 0 < stopped["completed_steps"] < 78
    position = stopped["position"]
    assert position["epoch"] * 13 * 7 + position["offset"] == stopped["completed_steps"] * 7
    # WHEN the rest is asked for from its position (on the session, or on a fork of it)
    if on == "fork":
        forked = trainer.call("post-sessions", body={"from_session": session_id})
        assert forked.status == 201, forked.text
        session_id = forked.json()["id"]
    start_at = {"epoch": position["epoch"], "offset": position["offset"]}
    body["dataset"] |= {"seed": position["seed"], "start": start_at}
    trainer.sent.clear()
    reply = start(trainer, session_id, body)
    assert reply.status == 202, reply.text
    assert reply.json()["steps"] == 78 - stopped["completed_steps"]
    assert reply.json()["position"] == {**start_at, "seed": seed}
    assert drive(trainer, trainer.sent[0]) == "succeeded"
    # THEN the session ends with the variables of one uninterrupted run, bit for bit
    expected = reference(trainer.graph, trainer.train, x, y, 7, 6, True, seed)
    got = variables(trainer, session_id)
    for name, value in expected.items():
        assert got[name].tobytes() == value.tobytes(), name
    shown = trainer.call("get-session-run", session=session_id, run=reply.json()["id"]).json()
    assert shown["position"] == {"epoch": 6, "offset": 0, "seed": seed}


def _payload(trainer, session_id, run_id):
    (payload,) = trainer.sent
    assert payload["run_id"] == run_id and payload["session_id"] == session_id
    return payload


@pytest.mark.parametrize(
    ("start_at", "shuffle", "pointer"),
    [
        ({"epoch": 0, "offset": 3}, False, "/dataset/start/offset"),  # no batch starts there
        ({"epoch": 0, "offset": 100}, False, "/dataset/start/offset"),  # past the rows
        ({"epoch": 2, "offset": 0}, False, "/dataset/start/epoch"),  # past the last epoch
        ({"epoch": 1, "offset": 10}, True, "/dataset/seed"),  # which order it continues?
    ],
)
def test_a_start_no_run_of_the_schedule_reaches_is_refused(trainer, start_at, shuffle, pointer):
    x, y = regression_data()
    dataset = trainer.datasets.ready(
        [({"format": "npy", "name": "x"}, npy(x)), ({"format": "npy", "name": "y"}, npy(y))]
    )
    body = train_request(
        trainer, dataset["id"], batch_size=10, epochs=2, shuffle=shuffle, start=start_at
    )
    reply = start(trainer, new_session(trainer), body)
    assert (reply.status, reply.json()["code"]) == (400, "VALIDATION_FAILED"), reply.text
    assert reply.json()["errors"][0]["pointer"] == pointer
    assert trainer.sent == []


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"map": {"x": "x:0", "nope": "y:0"}}, 400, "VALIDATION_FAILED"),
        ({"map": {"x": "x:0", "y": "x:0"}}, 400, "VALIDATION_FAILED"),
        ({"map": {"x": "x:0", "y": "scale:0"}}, 400, "VALIDATION_FAILED"),
        ({"map": {"x": "y:0", "y": "x:0"}}, 400, "FEED_SHAPE_MISMATCH"),
        ({"map": {"wide": "x:0", "y": "y:0"}}, 400, "FEED_SHAPE_MISMATCH"),
        ({"map": {"x": "x:0", "y": "y:0", "words": "scale:0"}}, 400, "VALIDATION_FAILED"),
        ({"batch_size": 200, "drop_remainder": True}, 422, "DATASET_TOO_SMALL"),
        ({"epochs": 100_000}, 422, "PLAN_LIMIT_EXCEEDED"),
        ({"id": "ds_00000000000000000000"}, 404, "DATASET_NOT_FOUND"),
    ],
)
def test_a_dataset_that_cannot_feed_the_graph_is_refused_at_submission(
    trainer, change, status, code
):
    x, y = regression_data()
    dataset = trainer.datasets.ready(
        [
            ({"format": "npy", "name": "x"}, npy(x)),
            ({"format": "npy", "name": "y"}, npy(y)),
            ({"format": "npy", "name": "wide"}, npy(np.zeros((100, 4), np.float32))),
        ]
    )
    body = train_request(trainer, dataset["id"], batch_size=10)
    body["dataset"].update(change)
    reply = start(trainer, new_session(trainer), body)
    assert (reply.status, reply.json()["code"]) == (status, code), reply.text
    assert trainer.sent == []


def test_steps_feed_batches_and_one_shot_runs_do_not_mix_with_a_dataset(trainer):
    x, y = regression_data()
    dataset = trainer.datasets.ready(
        [({"format": "npy", "name": "x"}, npy(x)), ({"format": "npy", "name": "y"}, npy(y))]
    )
    session_id = new_session(trainer)
    body = train_request(trainer, dataset["id"], batch_size=10)
    for extra in ({"steps": 3}, {"feed_batches": [{}]}):
        reply = start(trainer, session_id, {**body, **extra})
        assert reply.status == 400 and reply.json()["code"] == "VALIDATION_FAILED", reply.text
    one_shot = trainer.call("post-graph-runs", graph=trainer.graph_id, body=body)
    assert one_shot.status == 400 and one_shot.json()["code"] == "VALIDATION_FAILED"
    assert trainer.sent == []


def test_a_pending_or_another_tenants_dataset_cannot_be_trained_on(trainer):
    pending = trainer.call(
        "post-datasets", body={"name": "d", "files": [{"format": "npy", "name": "x", "bytes": 9}]}
    ).json()
    reply = start(
        trainer, new_session(trainer), train_request(trainer, pending["id"], batch_size=4)
    )
    assert reply.status == 409 and reply.json()["code"] == "DATASET_NOT_READY"

    x, y = regression_data()
    theirs = Api(trainer.datasets.aws)
    dataset = theirs.ready(
        [({"format": "npy", "name": "x"}, npy(x)), ({"format": "npy", "name": "y"}, npy(y))]
    )
    reply = start(
        trainer, new_session(trainer), train_request(trainer, dataset["id"], batch_size=4)
    )
    assert reply.status == 404 and reply.json()["code"] == "DATASET_NOT_FOUND"
    assert trainer.sent == []


def test_a_dataset_deleted_during_a_run_fails_it_by_name(trainer):
    x, y = regression_data()
    dataset = trainer.datasets.ready(
        [({"format": "npy", "name": "x"}, npy(x)), ({"format": "npy", "name": "y"}, npy(y))]
    )
    session_id = new_session(trainer)
    reply = start(trainer, session_id, train_request(trainer, dataset["id"], batch_size=4))
    assert trainer.datasets.call("delete-dataset", dataset=dataset["id"]).status == 204
    assert trainer.work(trainer.sent[0])["status"] == "failed"
    shown = trainer.call("get-session-run", session=session_id, run=reply.json()["id"]).json()
    assert shown["error"]["code"] == "DATASET_NOT_FOUND"


# ------------------------------------------------------------------- AWS calls
DATASET_CALLS = {
    "POST /v1/datasets": {"dynamodb.Query": 1, "dynamodb.PutItem": 1},
    # Per .npy kept as uploaded: its size, its header (a ranged GET), its tag removed.
    # Its GetItems: the dataset, and the tenant's stored bytes (none left: refused unread).
    "POST /v1/datasets/{id}/complete": {
        "dynamodb.GetItem": 2,
        "s3.HeadObject": 2,
        "s3.GetObject": 2,
        "s3.DeleteObjectTagging": 2,
        "dynamodb.TransactWriteItems": 1,
    },
    "GET /v1/datasets/{id}": {"dynamodb.GetItem": 1},
    "GET /v1/datasets": {"dynamodb.Query": 1},
    "read_rows (two arrays)": {"s3.GetObject": 2},
    "DELETE /v1/datasets/{id}": {
        "dynamodb.GetItem": 1,
        "dynamodb.TransactWriteItems": 1,
        "s3.ListObjectsV2": 1,
        "s3.DeleteObject": 2,
        "s3.ListMultipartUploads": 1,
    },
}


def test_each_dataset_route_makes_the_aws_calls_it_must_and_no_more(api, monkeypatch):
    from graphgate_service import datasets
    from tests.integration.test_aws_call_counts import Calls

    files = [
        ({"format": "npy", "name": "x"}, npy(np.zeros((10, 3)))),
        ({"format": "npy", "name": "y"}, npy(np.zeros(10))),
    ]
    api.ready(files)  # a warm container: modules imported, clients made, secret read
    api.call("get-datasets")
    calls = Calls(monkeypatch)
    made = {}

    def register():
        made["dataset"] = api.register(files)

    def complete():
        assert api.complete(made["dataset"]["id"]).status == 200

    def call(name, status):
        reply = api.call(name, dataset=made["dataset"]["id"])
        assert reply.status == status, reply.text

    def read():
        stored = datasets.get(api.tenant, made["dataset"]["id"])
        calls.counts.clear()
        datasets.read_rows(api.tenant, stored, 2, 5)

    counted = {
        "POST /v1/datasets": calls.of(register),
        "POST /v1/datasets/{id}/complete": calls.of(complete),
        "GET /v1/datasets/{id}": calls.of(lambda: call("get-dataset", 200)),
        "GET /v1/datasets": calls.of(lambda: api.call("get-datasets")),
        "read_rows (two arrays)": calls.of(read),
        "DELETE /v1/datasets/{id}": calls.of(lambda: call("delete-dataset", 204)),
    }
    assert counted == DATASET_CALLS, json.dumps(counted, indent=1, sort_keys=True)


# ------------------------------------------------------------------ races (round-3 probing)
def test_registrations_racing_past_the_cap_step_back_and_never_both_stay(free, monkeypatch):
    from graphgate_service import dataset_store, plans

    # GIVEN a cap of 2 with one dataset held, and a racer registering between our count
    # and our write (as parallel requests did over HTTP: 13 held on a cap of 10)
    monkeypatch.setitem(
        plans.PLANS, "free", plans.Plan(**{**plans.PLANS["free"].__dict__, "datasets": 2})
    )
    body = {"name": "d", "files": [{"format": "npy", "name": "x", "bytes": 10}]}
    assert free.call("post-datasets", body=body).status == 201
    create = dataset_store.DatasetStore.create
    racers = []

    def racing_create(self, tenant, dataset):
        if not racers:
            racers.append({**dataset, "id": dataset["id"][:-1] + "r", "name": "racer"})
            create(self, tenant, racers[0])
        create(self, tenant, dataset)

    monkeypatch.setattr(dataset_store.DatasetStore, "create", racing_create)
    # WHEN ours writes after the racer's
    reply = free.call("post-datasets", body=body)
    # THEN ours finds the cap passed and steps back: the racer's place stands, 2 held
    assert reply.status == 422 and reply.json()["cap"] == "datasets", reply.text
    held = [d["name"] for d in free.call("get-datasets").json()["items"]]
    assert sorted(held) == ["d", "racer"]


def test_a_completion_landing_between_a_deletes_read_and_write_gives_its_bytes_back(
    api, monkeypatch
):
    from graphgate_service import dataset_store

    registered = api.register([({"format": "npy", "name": "x"}, npy(np.zeros(64)))])
    before = api.stored_bytes()
    delete = dataset_store.DatasetStore.delete
    completed = []

    def completion_first(self, tenant, dataset):
        if not completed:  # the delete read it pending; it becomes ready now
            completed.append(api.complete(registered["id"]).status)
        return delete(self, tenant, dataset)

    monkeypatch.setattr(dataset_store.DatasetStore, "delete", completion_first)
    assert api.call("delete-dataset", dataset=registered["id"]).status == 204
    assert completed == [200]
    assert api.stored_bytes() == before  # not the dataset's bytes counted for nothing
    assert api.objects(registered["id"]) == []
    assert api.call("get-dataset", dataset=registered["id"]).status == 404


@pytest.mark.parametrize("step", ["_read_files", "_keep_uploads"])
def test_a_dataset_deleted_while_it_completes_is_404_not_500(api, monkeypatch, step):
    from moto.s3 import models

    from graphgate_service import datasets
    from localrunner import moto_fixes

    # moto, as the runner corrects it: untagging a key that is gone is S3's NoSuchKey
    monkeypatch.setattr(
        models.S3Backend, "delete_object_tagging", models.S3Backend.delete_object_tagging
    )
    moto_fixes._install_tagging_of_missing_keys()
    registered = api.register([({"format": "npy", "name": "x"}, npy(np.zeros(64)))])
    before = api.stored_bytes()
    original = getattr(datasets, step)

    def deleted_first(tenant, dataset, *rest):
        assert api.call("delete-dataset", dataset=dataset["id"]).status == 204
        return original(tenant, dataset, *rest)

    monkeypatch.setattr(datasets, step, deleted_first)
    reply = api.complete(registered["id"])
    assert reply.status == 404 and reply.json()["code"] == "DATASET_NOT_FOUND", reply.text
    assert api.call("get-dataset", dataset=registered["id"]).status == 404
    assert api.stored_bytes() == before


@pytest.mark.parametrize("step", ["_finish_upload", "_read_files"])
@pytest.mark.parametrize("source", ["npz", "csv"])
def test_a_completion_another_overtakes_answers_the_ready_dataset_not_500(
    api, monkeypatch, source, step
):
    # Two completions at once: the first made the dataset ready and dropped its .npz or
    # CSV source, so the second's read of it was S3's NoSuchKey, a 500 (2 of 6 racers);
    # overtaken before its size check, it found no file: a 409 DATASET_NOT_UPLOADED
    # (1 of 6 racers, in CI).
    from graphgate_service import datasets

    body = npz(x=np.arange(64.0)) if source == "npz" else b"x\n" + b"1\n" * 64
    registered = api.register([({"format": source}, body)])
    original = getattr(datasets, step)

    def overtaken(*args):
        monkeypatch.setattr(datasets, step, original)
        assert api.complete(registered["id"]).status == 200  # settles, drops the source
        return original(*args)

    monkeypatch.setattr(datasets, step, overtaken)
    reply = api.complete(registered["id"])
    assert reply.status == 200, reply.text
    assert reply.json()["status"] == "ready" and reply.json()["arrays"]["x"]["shape"] == [64]


def test_a_delete_racing_the_assembly_of_parts_is_204_and_frees_the_assembled_file(api):
    # Review 28, six racers over HTTP: a DELETE listed the pending multipart upload, a
    # completion assembled it, and the DELETE's abort was S3's NoSuchUpload: a 500
    # though the dataset was gone, and the assembled file left in the bucket.
    from graphgate_service import datasets

    body = npy(np.arange(6 * 1024 * 1024 // 8, dtype=np.float64))
    registered = api.register([({"format": "npy", "name": "x", "part_bytes": 5 << 20}, body)])
    s3 = datasets.store().s3
    abort = s3.abort_multipart_upload

    def assembled_first(**kwargs):
        assert datasets.store().assemble(kwargs["Key"], kwargs["UploadId"]) is None
        return abort(**kwargs)

    s3.abort_multipart_upload = assembled_first
    try:
        reply = api.call("delete-dataset", dataset=registered["id"])
    finally:
        del s3.abort_multipart_upload
    assert reply.status == 204, reply.text
    assert api.objects(registered["id"]) == []
    assert api.complete(registered["id"]).status == 404


@pytest.mark.parametrize("overtaker", ["delete", "complete"])
def test_a_completion_that_fails_after_another_writer_settled_the_dataset_answers_as_overtaken(
    api, monkeypatch, overtaker
):
    # Review 31: a completion whose files failed (the .npz's arrays of 64 and 32 rows)
    # after it had rewritten one of them, overtaken meanwhile: by a DELETE, its 422 left
    # the array it wrote afterwards in the bucket for good (untagged, counted against no
    # one: `_fail` found the dataset gone and returned); by another completion, which
    # failed it first, it answered as that one did only by chance of the same files.
    from graphgate_service import datasets

    registered = api.register([({"format": "npz"}, npz(x=np.arange(64.0), y=np.arange(32.0)))])
    dataset_id = registered["id"]
    original = datasets._write_array
    overtaken = []

    def write_after_the_overtaker(tenant, dataset_id_, name, array):
        if not overtaken:
            monkeypatch.setattr(datasets, "_write_array", original)
            if overtaker == "delete":
                overtaken.append(api.call("delete-dataset", dataset=dataset_id).status)
            else:
                overtaken.append(api.complete(dataset_id).status)
        return original(tenant, dataset_id_, name, array)

    monkeypatch.setattr(datasets, "_write_array", write_after_the_overtaker)
    reply = api.complete(dataset_id)
    if overtaker == "delete":
        # As if the delete came first: 404, and nothing of the dataset is left.
        assert overtaken == [204]
        assert api.objects(dataset_id) == []
        assert reply.status == 404 and reply.json()["code"] == "DATASET_NOT_FOUND", reply.text
    else:
        # The other completion failed it first: the same failure, its objects freed.
        assert overtaken == [422]
        assert reply.status == 422 and reply.json()["code"] == "DATASET_ROWS_MISMATCH", reply.text
        assert api.call("get-dataset", dataset=dataset_id).json()["status"] == "failed"
        assert api.objects(dataset_id) == []  # not the arrays this one wrote after it


STEPS = ["_finish_upload", "_read_files", "_keep_uploads", "ready", "_drop_sources"]


@pytest.mark.parametrize("source", ["npy", "csv"])
@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("overtaker", ["delete", "complete"])
def test_a_completion_overtaken_at_each_step_answers_as_some_serial_order(
    api, monkeypatch, overtaker, step, source
):
    # Review 31: a DELETE or another completion lands before each step of a completion
    # (`ready` is the transaction that makes the dataset ready, `_drop_sources` comes
    # after it). Each answer is one a serial order gives, the tenant's stored bytes count
    # the dataset once or not at all, and a deleted dataset leaves nothing in the bucket.
    from moto.s3 import models

    from graphgate_service import dataset_store, datasets
    from localrunner import moto_fixes

    monkeypatch.setattr(
        models.S3Backend, "delete_object_tagging", models.S3Backend.delete_object_tagging
    )
    moto_fixes._install_tagging_of_missing_keys()
    spec = {"format": "npy", "name": "x"} if source == "npy" else {"format": "csv"}
    body = npy(np.arange(64.0)) if source == "npy" else b"x\n" + b"1\n" * 64
    dataset_id = api.register([(spec, body)])["id"]
    before = api.stored_bytes()
    owner = dataset_store.DatasetStore if step == "ready" else datasets
    original = getattr(owner, step)
    overtook = []

    def overtaken(*args):
        monkeypatch.setattr(owner, step, original)
        if overtaker == "delete":
            overtook.append(api.call("delete-dataset", dataset=dataset_id).status)
        else:
            overtook.append(api.complete(dataset_id).status)
        return original(*args)

    monkeypatch.setattr(owner, step, overtaken)
    reply = api.complete(dataset_id)
    after_ready = step == "_drop_sources"  # the completion had made it ready: it came first
    if overtaker == "delete":
        assert overtook == [204]
        if after_ready:
            assert reply.status == 200 and reply.json()["status"] == "ready", reply.text
        else:
            assert reply.status == 404 and reply.json()["code"] == "DATASET_NOT_FOUND", reply.text
        assert api.call("get-dataset", dataset=dataset_id).status == 404
        assert api.objects(dataset_id) == []
        assert api.stored_bytes() == before
    else:
        assert overtook == [200]
        assert reply.status == 200, reply.text
        ready = api.call("get-dataset", dataset=dataset_id).json()
        assert ready["status"] == "ready" and reply.json()["bytes"] == ready["bytes"]
        assert api.stored_bytes() == before + ready["bytes"]
        assert [k.rsplit("/", 2)[-2:] for k in api.objects(dataset_id)] == [["arrays", "x.npy"]]
        expected = list(range(64)) if source == "npy" else [1] * 64
        assert read(api, dataset_id, 0, 64)["x"].tolist() == expected
