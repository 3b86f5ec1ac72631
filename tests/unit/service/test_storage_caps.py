"""storage.usage_update: a cap holds from the tenant's first write, when its counters do
not exist yet, as it does later (checked against moto's DynamoDB expression evaluator)."""

import boto3
import pytest
from moto import mock_aws

from graphgate_service import keys, storage

TABLE = "caps"


@pytest.fixture
def dynamodb():
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        client.create_table(
            TableName=TABLE,
            AttributeDefinitions=[
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "S"},
            ],
            KeySchema=[
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"},
            ],
            BillingMode="PAY_PER_REQUEST",
        )
        client.put_item(TableName=TABLE, Item={**keys.profile("t_1"), "plan": {"S": "free"}})
        yield client


def grow(dynamodb, **usage):
    return storage.transact(dynamodb, [storage.usage_update(TABLE, "t_1", **usage)])


@pytest.mark.parametrize("first", [True, False])
def test_a_write_larger_than_the_whole_cap_is_refused(dynamodb, first):
    if not first:
        assert grow(dynamodb, graphs=1, stored_bytes=10, max_stored_bytes=50) is None
    refused = grow(dynamodb, graphs=1, stored_bytes=51, max_stored_bytes=50)
    assert refused == ["ConditionalCheckFailed"]


def test_writes_fill_the_cap_exactly_and_no_further(dynamodb):
    assert grow(dynamodb, graphs=1, stored_bytes=30, max_stored_bytes=50) is None
    assert grow(dynamodb, graphs=1, stored_bytes=20, max_stored_bytes=50) is None
    assert grow(dynamodb, graphs=1, stored_bytes=1, max_stored_bytes=50) is not None


@pytest.mark.parametrize("cap", [0, -1])
def test_a_cap_of_no_graphs_refuses_the_first(dynamodb, cap):
    assert grow(dynamodb, graphs=1, stored_bytes=0, max_graphs=cap) == ["ConditionalCheckFailed"]


def test_shrinking_is_never_refused(dynamodb):
    assert grow(dynamodb, graphs=1, stored_bytes=40, max_stored_bytes=50) is None
    assert grow(dynamodb, graphs=-1, stored_bytes=-40, max_graphs=0, max_stored_bytes=0) is None
