"""storage.newest_first and storage.count: the one listing query the dataset, session,
batch, graph and model stores build, against moto."""

import time

from graphgate_service import keys, storage

TENANT = "t_listing"


def _entries(aws, expiries):
    """List entries created at 1, 2, ... ms, the n-th expiring at `expiries[n]`."""
    now = int(time.time())
    for n, expiry in enumerate(expiries, start=1):
        item = {"pk": keys.sessions_pk(TENANT), "sk": keys.created_sk(n, f"e{n}"), "n": n}
        if expiry is not None:
            item["expires_at"] = now + expiry
        aws["clients"]["dynamodb"].put_item(TableName=aws["ids"]["Table"], Item=storage.typed(item))


def test_newest_first_leaves_out_what_expired_and_keeps_what_never_expires(aws):
    # GIVEN entries 2 and 4 expired (TTL has not removed them yet), 5 without an expiry
    _entries(aws, [3600, -1, 3600, -3600, None])
    dynamodb, table = aws["clients"]["dynamodb"], aws["ids"]["Table"]
    request = storage.newest_first(table, keys.sessions_pk(TENANT), unexpired=True)
    # WHEN listed two at a time, and counted
    first, position = storage.page(dynamodb, request, 2, None)
    second, end = storage.page(dynamodb, request, 2, position)
    # THEN newest first, the expired ones never shown nor counted
    assert [i["n"] for i in first] == [5, 3] and [i["n"] for i in second] == [1]
    assert end is None
    assert storage.count(dynamodb, request, at_most=10) == 3
    everything = storage.newest_first(table, keys.sessions_pk(TENANT))
    assert [i["n"] for i in storage.page(dynamodb, everything, 10, None)[0]] == [5, 4, 3, 2, 1]


def test_a_filtered_page_is_filled_however_many_entries_the_filter_skips(aws):
    # GIVEN the newest and the oldest of 25 entries live, the 23 between them expired:
    # a page of one used to read one entry per query, ten times, and come back empty
    _entries(aws, [3600] + [-1] * 23 + [3600])
    dynamodb, table = aws["clients"]["dynamodb"], aws["ids"]["Table"]
    request = storage.newest_first(table, keys.sessions_pk(TENANT), unexpired=True)
    # WHEN listed one at a time
    first, position = storage.page(dynamodb, request, 1, None)
    second, end = storage.page(dynamodb, request, 1, position)
    # THEN each page holds its entry, and the cursor continues right after the first
    assert [i["n"] for i in first] == [25] and [i["n"] for i in second] == [1]
    assert end is None
