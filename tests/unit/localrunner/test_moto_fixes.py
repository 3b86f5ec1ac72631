"""Where the runner corrects moto (localrunner/moto_fixes.py): each correction answers
what moto itself answers, and does the work it exists to spare only once or never."""

import base64
import copy
import json
import string
import types
from decimal import Decimal

import boto3
import numpy as np
import pytest
from boto3.dynamodb.types import TypeSerializer
from botocore.exceptions import ClientError
from hypothesis import given, settings
from hypothesis import strategies as st
from moto import mock_aws

from localrunner import moto_fixes


@pytest.fixture
def table(monkeypatch):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "x",
        "AWS_SECRET_ACCESS_KEY": "x",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    moto_fixes.install()
    with mock_aws():
        client = boto3.client("dynamodb")
        client.create_table(
            TableName="t",
            KeySchema=[
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"},
            ],
            AttributeDefinitions=[
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "S"},
            ],
            BillingMode="PAY_PER_REQUEST",
        )
        yield client


def key(pk):
    return {"pk": {"S": pk}, "sk": {"S": "X"}}


def scan(client):
    return sorted(
        (i["pk"]["S"], i.get("n", {}).get("N")) for i in client.scan(TableName="t")["Items"]
    )


def test_a_cancelled_transaction_leaves_every_item_as_it_was(table):
    # GIVEN a counter and an existing item
    table.put_item(TableName="t", Item={**key("counter"), "n": {"N": "1"}})
    table.put_item(TableName="t", Item={**key("taken"), "n": {"N": "7"}})
    before = scan(table)
    # WHEN a transaction puts, deletes and updates, then fails its last condition
    with pytest.raises(ClientError) as caught:
        table.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": "t", "Item": {**key("new"), "n": {"N": "2"}}}},
                {"Delete": {"TableName": "t", "Key": key("taken")}},
                {
                    "Update": {
                        "TableName": "t",
                        "Key": key("counter"),
                        "UpdateExpression": "SET n = n + :one",
                        "ExpressionAttributeValues": {":one": {"N": "1"}},
                    }
                },
                {
                    "Put": {
                        "TableName": "t",
                        "Item": {**key("other"), "n": {"N": "0"}},
                        "ConditionExpression": "attribute_exists(pk)",
                    }
                },
            ]
        )
    # THEN it is cancelled and nothing changed
    assert caught.value.response["Error"]["Code"] == "TransactionCanceledException"
    assert scan(table) == before


def test_a_successful_transaction_applies_and_copies_no_table(table, monkeypatch):
    from moto.dynamodb import models

    copied = []
    real = copy.deepcopy
    monkeypatch.setattr(copy, "deepcopy", lambda v, m=None: copied.append(type(v)) or real(v, m))
    table.transact_write_items(
        TransactItems=[{"Put": {"TableName": "t", "Item": {**key("a"), "n": {"N": "1"}}}}]
    )
    assert scan(table) == [("a", "1")]
    assert models.Table not in copied


RICH_ITEM = {
    "pk": {"S": "rich"},
    "sk": {"S": "X"},
    "n": {"N": "12.50"},
    "b": {"B": b"\x00\xffbytes"},
    "flag": {"BOOL": False},
    "none": {"NULL": True},
    "names": {"SS": ["a", "b"]},
    "numbers": {"NS": ["1", "2"]},
    # A map whose members are named like the shapes the serializer looks for.
    "nested": TypeSerializer().serialize({"L": ["x", Decimal(3), {}], "Items": "y"}),
}


def test_remembered_member_keys_answer_what_moto_answers(table, monkeypatch):
    # GIVEN an item of every attribute type, with members named like shapes
    from moto.core import serialize

    table.put_item(TableName="t", Item=RICH_ITEM)

    def answers():
        return [
            table.get_item(TableName="t", Key=key("rich")),
            table.query(
                TableName="t",
                KeyConditionExpression="pk = :pk",
                ExpressionAttributeValues={":pk": {"S": "rich"}},
            ),
            table.describe_table(TableName="t")["Table"]["KeySchema"],
        ]

    # WHEN answered with the remembered keys and with moto's own lookup
    fast = answers()
    monkeypatch.setattr(
        serialize.ResponseSerializer,
        "get_value",
        serialize.ResponseSerializer.get_value.__wrapped__,
    )
    slow = answers()
    # THEN the answers are the same, item for item
    for one in (*fast, *slow):
        if isinstance(one, dict):
            one.pop("ResponseMetadata")
    assert fast == slow
    assert fast[0]["Item"] == RICH_ITEM


def test_a_query_reads_its_partition_only_and_answers_what_moto_answers(table, monkeypatch):
    # GIVEN items in several partitions
    from moto.dynamodb.models.table import Table

    for pk in ("a", "b", "c"):
        for n in range(7):
            table.put_item(
                TableName="t",
                Item={"pk": {"S": pk}, "sk": {"S": f"S#{n:02d}"}, "n": {"N": str(n)}},
            )

    def pages(**extra):
        request = {
            "TableName": "t",
            "KeyConditionExpression": "pk = :pk AND begins_with(sk, :s)",
            "ExpressionAttributeValues": {":pk": {"S": "b"}, ":s": {"S": "S#"}, ":odd": {"N": "1"}},
            "FilterExpression": "n >= :odd",
            "Limit": 3,
            **extra,
        }
        answers = []
        while True:
            answer = table.query(**request)
            answer.pop("ResponseMetadata")
            answers.append(answer)
            if "LastEvaluatedKey" not in answer:
                return answers
            request["ExclusiveStartKey"] = answer["LastEvaluatedKey"]

    def listed(self):
        raise AssertionError("the whole table was listed")

    # WHEN queried forwards and backwards, paged and filtered, with the partition read
    with monkeypatch.context() as only_the_partition:
        only_the_partition.setattr(Table, "all_items", listed)
        fast = [
            pages(),
            pages(ScanIndexForward=False),
            table.query(
                TableName="t",
                KeyConditionExpression="pk = :pk",
                ExpressionAttributeValues={":pk": {"S": "zz"}},
            )["Items"],
        ]
    monkeypatch.setattr(Table, "query", Table.query.__wrapped__)
    slow = [pages(), pages(ScanIndexForward=False), []]
    # THEN moto's own answers are the same, page for page
    assert fast == slow
    assert [i["sk"]["S"] for p in fast[0] for i in p["Items"]] == [
        f"S#{n:02d}" for n in range(1, 7)
    ]


@pytest.fixture
def bucket(monkeypatch):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "x",
        "AWS_SECRET_ACCESS_KEY": "x",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    moto_fixes.install()
    with mock_aws():
        client = boto3.client("s3")
        client.create_bucket(Bucket="bucket-one")
        yield client


def test_a_ranged_get_reads_its_range_alone_and_answers_as_s3_does(bucket, monkeypatch):
    body = bytes(range(256)) * 40_000  # 10 MB: past moto's in-memory buffer
    bucket.put_object(Bucket="bucket-one", Key="k", Body=body)
    from moto.s3 import models

    whole_reads = []
    whole = moto_fixes._Window.__getitem__
    monkeypatch.setattr(
        moto_fixes._Window,
        "__getitem__",
        lambda self, span: whole_reads.append(span) or whole(self, span),
    )
    ranged = bucket.get_object(Bucket="bucket-one", Key="k", Range="bytes=1000-1999")
    assert ranged["Body"].read() == body[1000:2000]
    assert ranged["ContentRange"] == f"bytes 1000-1999/{len(body)}"
    assert whole_reads == [slice(1000, 2000)]  # the window, not the whole value
    tail = bucket.get_object(
        Bucket="bucket-one", Key="k", Range=f"bytes={len(body) - 5}-{len(body) + 99}"
    )
    assert tail["Body"].read() == body[-5:]
    assert (
        bucket.get_object(Bucket="bucket-one", Key="k")["Body"].read() == body
    )  # no range: moto's path
    suffix = bucket.get_object(Bucket="bucket-one", Key="k", Range="bytes=-10")  # moto's path too
    assert suffix["Body"].read() == body[-10:]
    with pytest.raises(ClientError) as refused:
        bucket.get_object(Bucket="bucket-one", Key="k", Range=f"bytes={len(body)}-{len(body) + 1}")
    assert refused.value.response["Error"]["Code"] == "InvalidRange"
    assert isinstance(models.FakeKey.value, property)


def _upload(client, key: str, parts: list[bytes]) -> tuple[str, list[dict]]:
    started = client.create_multipart_upload(Bucket="bucket-one", Key=key)
    done = [
        {
            "PartNumber": n,
            "ETag": client.upload_part(
                Bucket="bucket-one", Key=key, UploadId=started["UploadId"], PartNumber=n, Body=part
            )["ETag"],
        }
        for n, part in enumerate(parts, 1)
    ]
    return started["UploadId"], done


def test_a_multipart_upload_is_its_parts_in_place_and_what_moto_assembles(bucket, monkeypatch):
    import tracemalloc

    from moto.s3 import models

    rng = np.random.default_rng(0)
    parts = [rng.bytes(12 * 2**20), rng.bytes(12 * 2**20), rng.bytes(2**20)]
    whole = b"".join(parts)

    def completed(key: str) -> tuple[dict, int]:
        upload_id, done = _upload(bucket, key, parts)
        tracemalloc.start()
        try:
            answer = bucket.complete_multipart_upload(
                Bucket="bucket-one", Key=key, UploadId=upload_id, MultipartUpload={"Parts": done}
            )
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        return answer, peak

    # WHEN the runner's assembly and moto's own complete the same parts
    ours, our_peak = completed("ours")
    monkeypatch.setattr(
        models.FakeMultipart, "complete", models.FakeMultipart.complete.moto_complete
    )
    theirs, their_peak = completed("theirs")
    # THEN the object, its ETag and its checksum are moto's
    for key in ("ours", "theirs"):
        got = bucket.get_object(Bucket="bucket-one", Key=key, ChecksumMode="ENABLED")
        assert got["Body"].read() == whole
    seam = len(parts[0])  # a range across two parts reads both in place
    spanning = bucket.get_object(
        Bucket="bucket-one", Key="ours", Range=f"bytes={seam - 5}-{seam + 4}"
    )
    assert spanning["Body"].read() == whole[seam - 5 : seam + 5]
    assert ours["ETag"] == theirs["ETag"]
    assert ours.get("ChecksumCRC64NVME") == theirs.get("ChecksumCRC64NVME")
    # AND the object was never held in memory whole (a few chunks of its checksum),
    # where moto held it four times or more
    assert our_peak < 3 * moto_fixes._WRITE_CHUNK < len(whole) < 4 * len(whole) < their_peak


@pytest.mark.parametrize("algorithm", ["SHA256", "CRC32", "SHA1"])
def test_a_composite_checksum_is_of_the_parts_bytes_as_moto_computes_it(
    bucket, monkeypatch, algorithm
):
    from moto.s3 import models

    parts = [b"a" * (5 * 2**20), b"hello"]

    def checksum(key: str) -> str:
        started = bucket.create_multipart_upload(
            Bucket="bucket-one", Key=key, ChecksumAlgorithm=algorithm
        )
        done = []
        for number, part in enumerate(parts, 1):
            sent = bucket.upload_part(
                Bucket="bucket-one",
                Key=key,
                UploadId=started["UploadId"],
                PartNumber=number,
                Body=part,
                ChecksumAlgorithm=algorithm,
            )
            done.append({"PartNumber": number, "ETag": sent["ETag"]})
        upload_id = started["UploadId"]
        bucket.complete_multipart_upload(
            Bucket="bucket-one", Key=key, UploadId=upload_id, MultipartUpload={"Parts": done}
        )
        head = bucket.head_object(Bucket="bucket-one", Key=key, ChecksumMode="ENABLED")
        return head[f"Checksum{algorithm}"]

    ours = checksum("ours")
    monkeypatch.setattr(
        models.FakeMultipart, "complete", models.FakeMultipart.complete.moto_complete
    )
    assert ours == checksum("theirs")  # the parts' own, never of the emptied stand-ins


def test_a_multipart_upload_refuses_what_moto_refuses(bucket):
    upload_id, done = _upload(bucket, "small", [b"x" * 1000, b"y" * 10])
    with pytest.raises(ClientError) as refused:  # a part under 5 MB but the last
        bucket.complete_multipart_upload(
            Bucket="bucket-one", Key="small", UploadId=upload_id, MultipartUpload={"Parts": done}
        )
    assert refused.value.response["Error"]["Code"] == "EntityTooSmall"
    wrong = [{**done[0], "ETag": '"0123456789abcdef0123456789abcdef"'}]
    with pytest.raises(ClientError) as refused:
        bucket.complete_multipart_upload(
            Bucket="bucket-one", Key="small", UploadId=upload_id, MultipartUpload={"Parts": wrong}
        )
    assert refused.value.response["Error"]["Code"] == "InvalidPart"


def test_completing_an_aborted_upload_is_no_such_upload_as_on_s3(bucket):
    # A dataset deleted (its uploads aborted) while it is being completed
    upload_id, done = _upload(bucket, "gone", [b"x" * 10])
    bucket.abort_multipart_upload(Bucket="bucket-one", Key="gone", UploadId=upload_id)
    with pytest.raises(ClientError) as refused:  # moto: KeyError, a 500
        bucket.complete_multipart_upload(
            Bucket="bucket-one", Key="gone", UploadId=upload_id, MultipartUpload={"Parts": done}
        )
    assert refused.value.response["Error"]["Code"] == "NoSuchUpload"
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_parts_listed_out_of_order_or_twice_are_refused_as_on_s3(bucket):
    five_mb = b"x" * (5 * 1024 * 1024)
    upload_id, done = _upload(bucket, "k", [five_mb, five_mb, b"z"])
    for parts in ([done[1], done[0], done[2]], [done[0], done[0], done[2]]):
        with pytest.raises(ClientError) as refused:  # moto joined them as listed
            bucket.complete_multipart_upload(
                Bucket="bucket-one", Key="k", UploadId=upload_id, MultipartUpload={"Parts": parts}
            )
        assert refused.value.response["Error"]["Code"] == "InvalidPartOrder"
    # AND the refused completions took nothing from the parts
    bucket.complete_multipart_upload(
        Bucket="bucket-one", Key="k", UploadId=upload_id, MultipartUpload={"Parts": done}
    )
    got = bucket.get_object(Bucket="bucket-one", Key="k")["Body"].read()
    assert got == five_mb + five_mb + b"z"


def _serializer(operation: str):
    from moto.core.serialize import XFormedAttributePicker, get_serializer_class
    from moto.core.utils import get_service_model

    model = get_service_model("dynamodb")
    return get_serializer_class("dynamodb", model.protocol)(
        operation_model=model.operation_model(operation), value_picker=XFormedAttributePicker()
    )


def _both_ways(monkeypatch, operation: str, result: dict) -> tuple[str, str]:
    """`result` serialized with the direct attribute values and with moto's own path."""
    from moto.core import serialize

    fast = _serializer(operation).serialize(result)["body"]
    with monkeypatch.context() as moto_alone:
        for name in ("_serialize_type_structure", "_serialize_type_map"):
            moto_alone.setattr(
                serialize.BaseJSONSerializer,
                name,
                getattr(serialize.BaseJSONSerializer, name).__wrapped__,
            )
        slow = _serializer(operation).serialize(result)["body"]
    return fast, slow


# Plain values as moto's items hold them, and values moto's own path must take: a
# number held as int, None inside a map, a key the shape lacks, a nested DynamoType.
_PLAIN = st.one_of(
    st.text(max_size=5).map(lambda s: {"S": s}),
    st.sampled_from(["0", "-1.5", "1E+3"]).map(lambda n: {"N": n}),
    st.binary(max_size=5).map(lambda b: {"B": b}),
    st.booleans().map(lambda b: {"BOOL": b}),
    st.just({"NULL": True}),
    st.lists(st.text(max_size=3), min_size=1, max_size=3).map(lambda s: {"SS": s}),
    st.lists(st.sampled_from(["1", "2.5"]), min_size=1, max_size=2).map(lambda n: {"NS": n}),
    st.lists(st.binary(max_size=3), min_size=1, max_size=2).map(lambda b: {"BS": b}),
)
_ODD = st.sampled_from([{"N": 3}, {"S": None}, {"X": "1"}, {"s": "lower"}, None, "S", {}])
_VALUES = st.recursive(
    st.one_of(_PLAIN, _ODD),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda items: {"L": items}),
        st.dictionaries(st.sampled_from(["a", "S", "L", "M"]), inner, max_size=3).map(
            lambda members: {"M": members}
        ),
    ),
    max_leaves=8,
)


@settings(derandomize=True, max_examples=150, deadline=None)
@given(item=st.dictionaries(st.sampled_from(["pk", "n", "M", "Item"]), _VALUES, max_size=4))
def test_direct_attribute_values_write_what_moto_writes(item):
    with pytest.MonkeyPatch.context() as monkeypatch:
        moto_fixes.install()
        fast, slow = _both_ways(monkeypatch, "GetItem", {"Item": item})
    assert json.loads(fast) == json.loads(slow)


def test_direct_attribute_values_take_plain_items_and_leave_the_rest_to_moto(monkeypatch):
    # GIVEN the items of a Query, every attribute type among them, and one odd value
    from moto.dynamodb.models.dynamo_type import DynamoType

    moto_fixes.install()
    written = []
    direct = moto_fixes._attribute_value

    def counted(value):
        answer = direct(value)  # raises for a value moto's path must take
        written.append(value)
        return answer

    monkeypatch.setattr(moto_fixes, "_attribute_value", counted)
    odd = {"M": {"held": DynamoType({"S": "x"})}}
    result = {"Items": [RICH_ITEM, {"pk": {"S": "p"}, "odd": odd}], "Count": 2, "ScannedCount": 2}
    # WHEN serialized with and without the direct path
    fast, slow = _both_ways(monkeypatch, "Query", result)
    # THEN the answers are the same, and only the plain values were written directly
    assert json.loads(fast) == json.loads(slow)
    assert json.loads(fast)["Items"][0]["b"] == {"B": base64.b64encode(b"\x00\xffbytes").decode()}
    assert {"S": "rich"} in written and odd not in written


def test_moto_lists_its_services_and_a_handler_s_methods_once(table, monkeypatch):
    # GIVEN a warm client
    import inspect
    import os

    table.get_item(TableName="t", Key=key("a"))
    listed = []
    monkeypatch.setattr(os, "listdir", lambda *a: listed.append(a) or [])
    monkeypatch.setattr(inspect, "getmembers", lambda *a, **k: listed.append(a) or [])
    # WHEN more requests are served
    table.put_item(TableName="t", Item={**key("a"), "n": {"N": "1"}})
    table.get_item(TableName="t", Key=key("a"))
    # THEN neither the package directory nor a class's methods were listed again
    assert listed == []


def test_an_update_expression_is_parsed_once_and_its_tree_never_changes(table, monkeypatch):
    # GIVEN an update expression that adds, sets and removes
    import pickle

    from moto.dynamodb.parsing.expressions import UpdateExpressionParser
    from moto.dynamodb.parsing.tokens import ExpressionTokenizer

    expression = (
        "ADD n :one, tags :t SET #label = :label, counted = if_not_exists(counted, :one) "
        "REMOVE gone"
    )

    def update(pk):
        return table.update_item(
            TableName="t",
            Key=key(pk),
            UpdateExpression=expression,
            ExpressionAttributeNames={"#label": "label"},
            ExpressionAttributeValues={
                ":one": {"N": "1"},
                ":t": {"SS": [pk]},
                ":label": {"S": f"label {pk}"},
            },
            ReturnValues="ALL_NEW",
        )["Attributes"]

    table.put_item(TableName="t", Item={**key("b"), "gone": {"S": "x"}, "n": {"N": "41"}})
    tree = pickle.dumps(UpdateExpressionParser.make(expression))
    tokenized = []
    tokenize = ExpressionTokenizer.make_list
    monkeypatch.setattr(
        ExpressionTokenizer, "make_list", lambda s: tokenized.append(s) or tokenize(s)
    )
    # WHEN items, new and existing, are updated with it twice
    answers = [update("a"), update("b"), update("a"), update("b")]
    # THEN it was not parsed again, its parsed tree is as it was, and the updates applied
    assert tokenized == []
    assert pickle.dumps(UpdateExpressionParser.make(expression)) == tree
    assert answers[2]["n"] == {"N": "2"} and answers[3]["n"] == {"N": "43"}
    assert answers[3]["label"] == {"S": "label b"} and "gone" not in answers[3]
    assert answers[0]["counted"] == {"N": "1"} and answers[2]["counted"] == {"N": "1"}
    # AND an expression it refuses is refused every time, as moto refuses it
    for _ in range(2):
        with pytest.raises(ClientError) as refused:
            table.update_item(
                TableName="t",
                Key=key("a"),
                UpdateExpression="SET",
                ExpressionAttributeValues={":one": {"N": "1"}},
            )
        assert refused.value.response["Error"]["Code"] == "ValidationException"


# Updates moto accepts and refuses, each checked by a different validator or executor.
UPDATES = [
    ("SET n = n + :one, #label = :label", {}),
    ("ADD n :one REMOVE gone", {}),
    ("SET counted = if_not_exists(counted, :one), tags = list_append(:list, :list)", {}),
    ("SET n = :one, n = :one", {}),  # overlapping paths
    ("SET sk = :label", {}),  # a key attribute
    ("SET absent.deeper = :one", {}),  # a path that does not exist
    ("ADD #label :one", {}),  # the wrong type for ADD
    ("SET n = :one REMOVE n", {}),
    ("SET n = :undefined", {}),
    ("ADD n :one", {"ConditionExpression": "attribute_exists(pk) AND n < :one"}),
    (
        "ADD n :one",
        {"ConditionExpression": "attribute_exists(pk) AND (n > :one OR #label = :label)"},
    ),
    ("ADD n :one", {"ConditionExpression": "size(#label) BETWEEN :one AND :one OR n IN (:one)"}),
    ("ADD n :one", {"ConditionExpression": "n <> :one AND NOT begins_with(#label, :label)"}),
    ("ADD n :one", {"ConditionExpression": "attribute_exists(pk) AND"}),
    ("ADD n :one", {"ConditionExpression": "n ~ :one"}),  # refused by the lexer
]


def _outcomes(table) -> list:
    names = {"#label": "label"}
    values = {":one": {"N": "1"}, ":label": {"S": "six"}, ":list": {"L": [{"S": "a"}]}}
    outcomes = []
    for number, (expression, extra) in enumerate(UPDATES * 2):  # twice: the second time remembered
        pk = f"u{number % len(UPDATES)}-{number // len(UPDATES)}"
        table.put_item(
            TableName="t",
            Item={**key(pk), "n": {"N": "5"}, "label": {"S": "five"}, "gone": {"S": "x"}},
        )
        text = expression + extra.get("ConditionExpression", "")
        try:
            outcomes.append(
                table.update_item(
                    TableName="t",
                    Key=key(pk),
                    UpdateExpression=expression,
                    ReturnValues="ALL_NEW",
                    **({"ExpressionAttributeNames": names} if "#label" in text else {}),
                    ExpressionAttributeValues={k: v for k, v in values.items() if k in text},
                    **extra,
                )["Attributes"]
            )
        except ClientError as exc:
            outcomes.append((exc.response["Error"]["Code"], exc.response["Error"]["Message"]))
        except ValueError as exc:  # moto's refusal of some conditions, outside its server
            outcomes.append(("ValueError", str(exc)))
    return outcomes


def test_remembered_validators_and_lexed_conditions_answer_what_moto_answers(table, monkeypatch):
    # GIVEN updates and conditions that moto applies, refuses and finds false
    from moto.dynamodb.comparisons import ConditionExpressionParser
    from moto.dynamodb.parsing.ast_nodes import DepthFirstTraverser, Node
    from moto.dynamodb.parsing.validators import UpdateExpressionValidator

    lexed = []
    lex = ConditionExpressionParser._lex_one_node
    monkeypatch.setattr(
        ConditionExpressionParser, "_lex_one_node", lambda *a: lexed.append(a) or lex(*a)
    )
    # WHEN applied with the runner's corrections and with moto's own code
    fast = _outcomes(table)
    relexed = len(lexed)
    monkeypatch.delattr(Node, "__deepcopy__")
    for name in ("nodes_to_be_processed", "process", "traverse_node_recursively"):
        monkeypatch.setattr(
            DepthFirstTraverser, name, getattr(DepthFirstTraverser, name).__wrapped__
        )
    for name in ("_lex_condition_expression", "parse"):
        monkeypatch.setattr(
            ConditionExpressionParser, name, getattr(ConditionExpressionParser, name).__wrapped__
        )
    for name in ("__init__", "validate"):
        monkeypatch.setattr(
            UpdateExpressionValidator, name, getattr(UpdateExpressionValidator, name).__wrapped__
        )
    slow = _outcomes(table)
    # THEN every outcome is the same, of every kind, and no condition was lexed twice
    assert fast == slow
    assert {type(o) for o in fast} == {dict, tuple}
    assert next(o for o in fast[: len(UPDATES)] if isinstance(o, dict))["n"] == {"N": "6"}
    assert 0 < relexed < len(lexed) - relexed


def test_a_copied_update_tree_is_the_tree_copy_makes(monkeypatch):
    # GIVEN parsed update expressions, and their validated trees holding item values
    import pickle

    from moto.dynamodb.models.dynamo_type import DynamoType, Item
    from moto.dynamodb.parsing.ast_nodes import Node
    from moto.dynamodb.parsing.expressions import UpdateExpressionParser
    from moto.dynamodb.parsing.validators import UpdateExpressionValidator

    moto_fixes.install()
    item = Item(DynamoType({"S": "p"}), DynamoType({"S": "s"}), {"n": {"N": "5"}, "m": {"M": {}}})
    table = types.SimpleNamespace(table_key_attrs=["pk", "sk"], attr=[], attribute_keys=[])
    trees = []
    for expression in [e for e, _ in UPDATES[:3]] + ["SET m.a = :one, m.b = :list REMOVE n"]:
        tree = UpdateExpressionParser.make(expression)
        names = {"#label": "label"} if "#label" in expression else {}
        values = {":one": {"N": "1"}, ":label": {"S": "x"}, ":list": {"L": [{"S": "a"}]}}
        validated = UpdateExpressionValidator(
            tree,
            expression_attribute_names=names,
            expression_attribute_values=values,
            item=item,
            table=table,
        ).validate()
        trees += [tree, validated]
    # WHEN copied by the node copy and by copy's own protocol
    fast = [pickle.dumps(copy.deepcopy(t)) for t in trees]
    monkeypatch.delattr(Node, "__deepcopy__")
    slow = [pickle.dumps(copy.deepcopy(t)) for t in trees]
    # THEN the copies are the same trees, parents, values and all
    assert fast == slow


def _item_or_refusal(init, attrs):
    from moto.dynamodb.models.dynamo_type import DynamoType, Item

    item = Item.__new__(Item)
    try:
        init(item, DynamoType({"S": "h"}), None, attrs)
    except Exception as exc:  # which exception is what is compared
        return type(exc).__name__
    return type(item.attrs).__name__, list(item.attrs.items())


# Around moto's limit: one large string, sized so that the item lands just under or
# over it with the rest, and lists of many members.
_LARGE = st.integers(-200, 200).map(lambda d: {"S": "x" * (moto_fixes.ITEM_SIZE_LIMIT + d)})
_LONG = st.integers(0, 3000).map(lambda n: {"L": [{"N": "1.25"}] * n})


@settings(derandomize=True, max_examples=150, deadline=None)
@given(
    attrs=st.dictionaries(
        st.sampled_from(["pk", "n", "doc", "ü", "M"]),
        st.one_of(_VALUES, _LARGE, _LONG),
        max_size=5,
    )
)
def test_an_item_summed_once_is_built_or_refused_as_moto_builds_it(attrs):
    from moto.dynamodb.models.dynamo_type import Item

    moto_fixes.install()
    summed_once = Item.__init__
    assert summed_once.graphgate_summed_once
    assert _item_or_refusal(summed_once, attrs) == _item_or_refusal(summed_once.moto_init, attrs)


def test_an_item_sums_each_attribute_s_size_once(monkeypatch):
    # GIVEN an item of ten attributes, one a list of 1000 members
    from moto.dynamodb.models.dynamo_type import DynamoType, Item

    moto_fixes.install()
    sized = []
    original = DynamoType.size
    monkeypatch.setattr(DynamoType, "size", lambda self: sized.append(1) or original(self))
    attrs = {f"a{i}": {"S": "v"} for i in range(9)} | {"l": {"L": [{"N": "1"}] * 1000}}
    # WHEN it is built
    Item(DynamoType({"S": "h"}), None, attrs)
    # THEN each value was sized once (the list's members through it), not once per insert
    assert len(sized) == 9 + 1 + 1000


# As botocore sends them (blobs in base64), and values moto's own path must take.
_SENT = st.recursive(
    st.one_of(
        _PLAIN.map(
            lambda v: {
                k: base64.b64encode(m).decode()
                if k == "B"
                else [base64.b64encode(b).decode() for b in m]
                if k == "BS"
                else m
                for k, m in v.items()
            }
        ),
        st.sampled_from([{"B": "not base64!"}, {"BS": [1]}, {"S": "a", "N": "1"}, {"M": []}]),
        _ODD,
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda items: {"L": items}),
        st.dictionaries(st.sampled_from(["a", "S", "L"]), inner, max_size=3).map(
            lambda members: {"M": members}
        ),
    ),
    max_leaves=8,
)


def _parsed_or_refused(parse_structure, value):
    from moto.core.parse import JSONParser
    from moto.core.utils import get_service_model

    model = get_service_model("dynamodb")
    parser = JSONParser(model.operation_model("PutItem"), map_type=dict)
    try:
        return parse_structure(parser, model.shape_for("AttributeValue"), value)
    except Exception as exc:  # which exception is what is compared
        return type(exc).__name__


@settings(derandomize=True, max_examples=200, deadline=None)
@given(value=_SENT)
def test_an_attribute_value_parsed_directly_is_what_moto_parses(value):
    from moto.core.parse import JSONParser

    moto_fixes.install()
    direct = JSONParser._parse_structure
    assert direct.graphgate_direct
    assert _parsed_or_refused(direct, value) == _parsed_or_refused(direct.__wrapped__, value)


@pytest.fixture
def numbered(table):
    """A second table whose sort key is a number (sorted by value, not by text), with a
    global secondary index."""
    table.create_table(
        TableName="n",
        KeySchema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "at", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "at", "AttributeType": "N"},
            {"AttributeName": "owner", "AttributeType": "S"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "by-owner",
                "KeySchema": [
                    {"AttributeName": "owner", "KeyType": "HASH"},
                    {"AttributeName": "at", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    return table


def _query_pages(client, **request) -> list[dict]:
    """Every page of a query, following LastEvaluatedKey."""
    pages = []
    while True:
        answer = client.query(**request)
        answer.pop("ResponseMetadata")
        pages.append(answer)
        if "LastEvaluatedKey" not in answer:
            return pages
        request["ExclusiveStartKey"] = answer["LastEvaluatedKey"]


def _queries(client) -> list:
    """Pages of queries in every direction, size and shape, and their refusals."""
    by_pk = {"KeyConditionExpression": "pk = :pk", "ExpressionAttributeValues": {":pk": {"S": "p"}}}
    asked: list[dict] = []
    for forward in (True, False):
        for limit in (1, 2, 7, 29, 30, 31, 100):
            asked.append({"TableName": "t", **by_pk, "Limit": limit, "ScanIndexForward": forward})
            asked.append({"TableName": "n", **by_pk, "Limit": limit, "ScanIndexForward": forward})
        for start in ("S#05", "S#055", "S#99", "A", "q"):  # on, between, after, before items
            for pk in ("p", "o"):
                asked.append(
                    {
                        "TableName": "t",
                        **by_pk,
                        "Limit": 4,
                        "ScanIndexForward": forward,
                        "ExclusiveStartKey": {"pk": {"S": pk}, "sk": {"S": start}},
                    }
                )
    filtered = {**by_pk["ExpressionAttributeValues"], ":even": {"N": "0"}}
    asked += [
        {
            "TableName": "t",
            "KeyConditionExpression": "pk = :pk",
            "FilterExpression": "parity = :even",
            "ExpressionAttributeValues": filtered,
            "Limit": 3,
        },
        {"TableName": "t", **by_pk, "Limit": 5, "ProjectionExpression": "sk, parity"},
        {"TableName": "t", **by_pk, "Limit": 6, "Select": "COUNT"},
        {
            "TableName": "t",
            "KeyConditionExpression": "pk = :pk AND begins_with(sk, :s)",
            "ExpressionAttributeValues": {":pk": {"S": "p"}, ":s": {"S": "S#1"}},
            "Limit": 2,
        },
        {
            "TableName": "n",
            "IndexName": "by-owner",
            "KeyConditionExpression": "#o = :o",
            "ExpressionAttributeNames": {"#o": "owner"},
            "ExpressionAttributeValues": {":o": {"S": "p"}},
            "Limit": 4,
        },
        {"TableName": "t", **by_pk, "ExclusiveStartKey": {"pk": {"S": "p"}}, "Limit": 2},
    ]
    outcomes = []
    for request in asked:
        try:
            outcomes.append(_query_pages(client, **request))
        except ClientError as exc:
            outcomes.append(exc.response["Error"]["Code"])
        except Exception as exc:  # moto's own failure on a malformed key, outside its server
            outcomes.append(type(exc).__name__)
    return outcomes


def test_a_query_walks_only_the_page_it_answers_and_answers_what_moto_answers(
    numbered, monkeypatch
):
    # GIVEN a partition of 30 items in each table (sort keys as text and as numbers,
    # inserted out of order), a neighbouring partition, and index entries that are not
    # the base table's partition
    from moto.dynamodb.models.table import Table

    for n in [*range(15, 30), *range(15)]:
        common = {"parity": {"N": str(n % 2)}, "owner": {"S": "o"}}
        numbered.put_item(
            TableName="t", Item={"pk": {"S": "p"}, "sk": {"S": f"S#{n:02d}"}, **common}
        )
        numbered.put_item(TableName="n", Item={"pk": {"S": "p"}, "at": {"N": str(n * 7)}, **common})
    for n in range(4):
        numbered.put_item(TableName="t", Item={"pk": {"S": "o"}, "sk": {"S": f"S#{n:02d}"}})
        numbered.put_item(
            TableName="n", Item={"pk": {"S": "o"}, "at": {"N": str(n)}, "owner": {"S": "p"}}
        )
    walked = []
    window = moto_fixes._page_window
    monkeypatch.setattr(
        moto_fixes, "_page_window", lambda *a: walked.append(len(answer := window(*a))) or answer
    )
    # WHEN queried with the runner's correction and with moto's own code
    fast = _queries(numbered)
    monkeypatch.setattr(Table, "query", Table.query.__wrapped__)
    slow = _queries(numbered)
    # THEN every page is the same, and a page of a long partition walked its page only
    assert fast == slow
    assert [i["at"]["N"] for i in fast[1][0]["Items"]] == ["0"]  # by number: 0 < 7 < 105
    assert [i["at"]["N"] for i in fast[3][1]["Items"]] == ["14", "21"]
    assert [i["at"]["N"] for i in fast[27][0]["Items"]] == ["203", "196"]  # backwards
    assert fast[-2][0]["Items"] == [
        {"pk": {"S": "o"}, "at": {"N": str(n)}, "owner": {"S": "p"}} for n in range(4)
    ]
    assert walked[:2] == [2, 2] and max(walked) == 30  # Limit + 1 items, of 30


def test_a_result_converted_directly_is_the_dict_moto_converts(monkeypatch):
    # GIVEN query and get results holding items of every attribute type
    from moto.dynamodb import responses
    from moto.dynamodb.models.dynamo_type import DynamoType, Item

    moto_fixes.install()
    items = [
        Item(DynamoType({"S": "h"}), DynamoType({"S": "r"}), RICH_ITEM),
        Item(DynamoType({"S": "h"}), None, {"n": {"N": 3}, "b": {"B": "AP8="}, "s": {"S": "ü"}}),
    ]
    results = [
        {"Count": 2, "ScannedCount": 2, "Items": [i.attrs for i in items]},
        {"Item": items[0].attrs, "ConsumedCapacity": {"TableName": "t", "CapacityUnits": 0.5}},
        {"Attributes": items[1].attrs},
        {"Items": [], "LastEvaluatedKey": {"pk": DynamoType({"S": "h"})}},
    ]
    # WHEN converted directly and by moto's own walk
    direct = responses.dynamo_to_dict
    assert direct.graphgate_direct
    fast = [direct(r) for r in results]
    slow = [direct.__wrapped__(r) for r in results]
    # THEN the dicts are the same, blobs as bytes
    assert fast == slow
    assert fast[0]["Items"][0]["b"] == {"B": b"\x00\xffbytes"}
    assert fast[0]["Items"][1]["b"] == {"B": b"\x00\xff"}


def _dynamo_type(value):
    from moto.dynamodb.models.dynamo_type import DynamoType

    try:
        return DynamoType(value)
    except Exception:
        return None


@settings(derandomize=True, max_examples=200, deadline=None)
@given(value=_VALUES)
def test_a_value_sized_directly_is_what_moto_sizes_it(value):
    from moto.dynamodb.models.dynamo_type import DynamoType

    moto_fixes.install()
    typed = _dynamo_type(value)
    if typed is None:
        return
    sized = DynamoType.size
    assert sized.graphgate_scalar

    def size(function):
        try:
            return function(typed)
        except Exception as exc:  # which exception is what is compared
            return type(exc).__name__

    assert size(sized) == size(sized.__wrapped__)


def test_an_expression_s_own_checks_run_once_per_expression_and_names(table, monkeypatch):
    # GIVEN an update whose checks of the expression alone pass
    from moto.dynamodb.parsing.validators import ActionCountValidator

    checked = []
    traverse = ActionCountValidator.traverse
    monkeypatch.setattr(
        ActionCountValidator, "traverse", lambda self, n: checked.append(1) or traverse(self, n)
    )

    def update(pk, names):
        return table.update_item(
            TableName="t",
            Key=key(pk),
            UpdateExpression="ADD #n :one SET #at = :one",
            ExpressionAttributeNames=names,
            ExpressionAttributeValues={":one": {"N": "1"}},
            ReturnValues="ALL_NEW",
        )["Attributes"]

    # WHEN it updates new and existing items, with the same names and with others
    names = {"#n": "n", "#at": "at"}
    answers = [update(pk, names) for pk in ("a", "b", "a", "b", "a")]
    once = len(checked)
    renamed = update("a", {"#n": "n", "#at": "when"})
    # THEN the expression was checked once, the updates applied every time, and other
    # names are checked again
    assert once == 1 and len(checked) == 2
    assert [a["n"]["N"] for a in answers] == ["1", "1", "2", "2", "3"]
    assert renamed["n"] == {"N": "4"} and renamed["when"] == {"N": "1"}
    # AND an expression found wrong is found wrong each time
    for _ in range(2):
        with pytest.raises(ClientError) as refused:
            update("a", {"#n": "n", "#at": "n"})  # the same attribute twice
        assert "Two document paths overlap" in refused.value.response["Error"]["Message"]


def test_request_ids_are_moto_s_and_drawn_from_its_random_source():
    from moto.core import responses
    from moto.moto_api._internal import mock_random

    moto_fixes.install()
    made = responses.gen_amzn_requestid_long
    assert made.graphgate_quick
    headers = {}
    mock_random.seed(7)
    first = made(headers)
    mock_random.seed(7)
    assert made() == first == headers["x-amzn-requestid"]
    assert len(first) == len(made.__wrapped__()) == 52
    assert set(first + made.__wrapped__()) <= set(string.ascii_letters + string.digits)


def _conditional_writes(client, round_: int) -> list:
    """Transactions and puts under conditions that hold, fail and are malformed."""
    writes = [
        ("attribute_not_exists(pk)", None),
        ("attribute_not_exists(pk)", None),  # the second time on the same item: refused
        ("attribute_exists(pk) AND n = :n", {":n": {"N": "1"}}),
        ("attribute_exists(pk) AND n = :n", {":n": {"N": "2"}}),  # another value: false
        ("n = :n AND", {":n": {"N": "1"}}),  # malformed: refused each time
        ("#missing = :n", {":n": {"N": "1"}}),  # a name never defined
    ]
    outcomes = []
    for number, (condition, values) in enumerate(writes * 2):
        item = {**key(f"c{round_}-{number // len(writes)}"), "n": {"N": "1"}}
        put = {"TableName": "t", "Item": item, "ConditionExpression": condition}
        if values:
            put["ExpressionAttributeValues"] = values
        try:
            client.transact_write_items(TransactItems=[{"Put": put}])
            outcomes.append("written")
        except ClientError as exc:
            error = exc.response["Error"]
            reasons = exc.response.get("CancellationReasons")
            outcomes.append((error["Code"], error["Message"], reasons))
        except (ValueError, KeyError) as exc:  # moto's refusals outside its server
            outcomes.append((type(exc).__name__, str(exc)))
    return outcomes


def test_a_condition_is_parsed_once_per_expression_names_and_values(table, monkeypatch):
    # GIVEN conditional writes that hold, fail and are refused, each made twice
    from moto.dynamodb.comparisons import ConditionExpressionParser

    # A parse cache of its own: others in this process (a runner's tests) warmed theirs.
    monkeypatch.setattr(
        ConditionExpressionParser, "parse", ConditionExpressionParser.parse.__wrapped__
    )
    moto_fixes._install_parsed_conditions()
    parsed = []
    parse_paths = ConditionExpressionParser._parse_paths
    monkeypatch.setattr(
        ConditionExpressionParser,
        "_parse_paths",
        lambda self, nodes: parsed.append(self.condition_expression) or parse_paths(self, nodes),
    )
    # WHEN written with the parsed conditions kept and with moto's own parsing
    fast = _conditional_writes(table, 0)
    kept = list(parsed)
    monkeypatch.setattr(
        ConditionExpressionParser, "parse", ConditionExpressionParser.parse.__wrapped__
    )
    slow = _conditional_writes(table, 1)
    # THEN every outcome is the same, and a condition that parsed was parsed once
    assert fast == slow
    assert fast[:2] == ["written", fast[1]] and fast[1] != "written"
    assert kept.count("attribute_not_exists(pk)") == 1
    assert kept.count("attribute_exists(pk) AND n = :n") == 2  # two sets of values
    assert kept.count("n = :n AND") == 2  # refused each time
    assert parsed[len(kept) :].count("attribute_not_exists(pk)") > 2  # moto: every time


def test_reserved_words_are_the_list_moto_reads_and_found_as_it_finds_them():
    from moto.dynamodb.parsing.reserved_keywords import ReservedKeywords

    moto_fixes.install()
    kept = ReservedKeywords.get_reserved_keywords()
    read = ReservedKeywords._get_reserved_keywords()
    assert type(kept) is moto_fixes._Keywords and kept == read and len(read) > 500
    for word in ("VALUE", "COMPUTE_MS", "value", "", "SIZE ", ["VALUE"], 3):
        assert (word in kept) == (word in read)


def test_untagging_a_key_that_does_not_exist_is_no_such_key_as_on_s3(bucket):
    bucket.put_object(Bucket="bucket-one", Key="k", Body=b"x", Tagging="a=b")
    bucket.delete_object_tagging(Bucket="bucket-one", Key="k")
    assert bucket.get_object_tagging(Bucket="bucket-one", Key="k")["TagSet"] == []
    with pytest.raises(ClientError) as missing:  # moto: AttributeError, a 500
        bucket.delete_object_tagging(Bucket="bucket-one", Key="gone")
    assert missing.value.response["Error"]["Code"] == "NoSuchKey"
    assert missing.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_a_part_sent_to_a_completed_upload_is_no_such_upload_as_on_s3(bucket):
    # A client sending a dataset's part again once the dataset was completed: moto
    # raised a KeyError (a 500, with a traceback in the runner's log).
    started = bucket.create_multipart_upload(Bucket="bucket-one", Key="parts")["UploadId"]
    part = bucket.upload_part(
        Bucket="bucket-one", Key="parts", UploadId=started, PartNumber=1, Body=b"x"
    )
    bucket.complete_multipart_upload(
        Bucket="bucket-one",
        Key="parts",
        UploadId=started,
        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]},
    )
    with pytest.raises(ClientError) as gone:
        bucket.upload_part(
            Bucket="bucket-one", Key="parts", UploadId=started, PartNumber=1, Body=b"y"
        )
    assert gone.value.response["Error"]["Code"] == "NoSuchUpload"
    assert gone.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert bucket.get_object(Bucket="bucket-one", Key="parts")["Body"].read() == b"x"
