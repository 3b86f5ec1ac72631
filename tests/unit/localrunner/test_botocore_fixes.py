"""Where the runner spares botocore's generic walk over DynamoDB attribute values
(localrunner/botocore_fixes.py): each direct path gives what botocore's own gives, for
plain values and for every odd one it leaves to botocore."""

import base64
import json

import botocore.session
from botocore.parsers import JSONParser
from botocore.serialize import JSONSerializer
from botocore.validate import ParamValidator
from hypothesis import given, settings
from hypothesis import strategies as st

from localrunner import botocore_fixes

MODEL = botocore.session.get_session().get_service_model("dynamodb")

# Plain values as the service writes them, and odd ones botocore must take: a number as
# an int, None, an unknown member, two members, a tuple, a bytearray, a non-text key.
_PLAIN = st.one_of(
    st.text(max_size=4).map(lambda s: {"S": s}),
    st.sampled_from(["0", "-1.5", "1E+3"]).map(lambda n: {"N": n}),
    st.one_of(st.binary(max_size=4), st.text(max_size=3)).map(lambda b: {"B": b}),
    st.booleans().map(lambda b: {"BOOL": b}),
    st.just({"NULL": True}),
    st.lists(st.text(max_size=3), max_size=3).map(lambda s: {"SS": s}),
    st.lists(st.sampled_from(["1", "2.5"]), max_size=2).map(lambda n: {"NS": n}),
    st.lists(st.one_of(st.binary(max_size=3), st.just("s")), max_size=2).map(lambda b: {"BS": b}),
)
_ODD = st.sampled_from(
    [
        {"N": 3},
        {"S": None},
        {"X": "1"},
        {"S": "a", "N": "1"},
        {"SS": ("a",)},
        {"B": bytearray(b"ab")},
        {"B": 5},
        {"BS": ["s", 5]},
        {"NULL": "yes"},
        {"SS": ["a", None]},
        None,
        "S",
        {},
    ]
)
_SENT = st.recursive(
    st.one_of(_PLAIN, _ODD),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda items: {"L": items}),
        st.dictionaries(st.sampled_from(["a", "S", "L"]), inner, max_size=3).map(
            lambda members: {"M": members}
        ),
        st.just({"M": {1: {"S": "x"}}}),
    ),
    max_leaves=8,
)
_ITEMS = st.dictionaries(st.sampled_from(["pk", "n", "M", "doc"]), _SENT, max_size=4)


def _outcome(call):
    try:
        return call()
    except Exception as exc:  # which exception is what is compared
        return type(exc).__name__


def _both(patched, call):
    """`call()` with the direct path, and with botocore's own."""
    botocore_fixes.install()
    owner, name = patched
    direct = getattr(owner, name)
    assert direct.graphgate_direct
    fast = _outcome(call)
    setattr(owner, name, direct.__wrapped__)
    try:
        slow = _outcome(call)
    finally:
        setattr(owner, name, direct)
    return fast, slow


@settings(derandomize=True, max_examples=300, deadline=None)
@given(item=_ITEMS, values=st.dictionaries(st.sampled_from([":a", ":b"]), _SENT, max_size=2))
def test_an_item_is_found_valid_or_refused_as_botocore_finds_it(item, values):
    params = {"TableName": "t", "Item": item, "ExpressionAttributeValues": values}
    shape = MODEL.operation_model("PutItem").input_shape

    def report():
        return ParamValidator().validate(params, shape).generate_report()

    fast, slow = _both((ParamValidator, "_validate_structure"), report)
    assert fast == slow


@settings(derandomize=True, max_examples=300, deadline=None)
@given(item=_ITEMS)
def test_an_item_is_written_as_botocore_writes_it(item):
    operation = MODEL.operation_model("PutItem")
    params = {"TableName": "t", "Item": item, "Key": {"pk": item.get("pk", {"S": "k"})}}

    def body():
        return JSONSerializer().serialize_to_request(params, operation)["body"]

    botocore_fixes.install()
    fast_map = JSONSerializer._serialize_type_map
    fast, slow = _both((JSONSerializer, "_serialize_type_structure"), body)
    JSONSerializer._serialize_type_map = fast_map.__wrapped__
    try:
        slowest = _outcome(body)
    finally:
        JSONSerializer._serialize_type_map = fast_map
    assert fast == slow == slowest


# What DynamoDB answers, as JSON, and odd answers the parser must leave to botocore.
_ANSWERED = st.recursive(
    st.one_of(
        _PLAIN.map(
            lambda v: {
                k: base64.b64encode(m).decode()
                if k == "B" and isinstance(m, bytes)
                else [base64.b64encode(b).decode() if isinstance(b, bytes) else b for b in m]
                if k == "BS"
                else m
                for k, m in v.items()
            }
        ),
        st.sampled_from(
            [{"B": "not base64!"}, {"N": 3}, {"X": "1"}, {"S": "a", "N": "1"}, {"S": None}, None]
        ),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda items: {"L": items}),
        st.dictionaries(st.sampled_from(["a", "S"]), inner, max_size=3).map(
            lambda members: {"M": members}
        ),
    ),
    max_leaves=8,
)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(items=st.lists(st.dictionaries(st.sampled_from(["pk", "n", "doc"]), _ANSWERED), max_size=3))
def test_an_answer_is_read_as_botocore_reads_it(items):
    operation = MODEL.operation_model("Query")
    response = {
        "status_code": 200,
        "headers": {},
        "body": json.dumps({"Items": items, "Count": len(items)}).encode(),
    }

    def parsed():
        return JSONParser().parse(response, operation.output_shape)

    botocore_fixes.install()
    fast_map = JSONParser._handle_map
    fast, slow = _both((JSONParser, "_handle_structure"), parsed)
    JSONParser._handle_map = fast_map.__wrapped__
    try:
        slowest = _outcome(parsed)
    finally:
        JSONParser._handle_map = fast_map
    assert fast == slow == slowest


def test_plain_values_take_the_direct_paths(monkeypatch):
    # GIVEN a plain item of every attribute type
    item = {
        "pk": {"S": "p"},
        "n": {"N": "1.5"},
        "b": {"B": b"\x00\xff"},
        "flags": {"L": [{"BOOL": True}, {"NULL": True}]},
        "sets": {"M": {"s": {"SS": ["a"]}, "n": {"NS": ["1"]}, "b": {"BS": [b"x"]}}},
    }
    botocore_fixes.install()
    walked = []  # the shapes of the scalars botocore's walk reached
    for owner, name, position in [
        (ParamValidator, "_validate_string", 2),
        (JSONSerializer, "_default_serialize", 3),
        (JSONParser, "_default_handle", 1),
    ]:
        own = getattr(owner, name)

        def spy(*args, own=own, position=position):
            walked.append(args[position].name)
            return own(*args)

        monkeypatch.setattr(owner, name, spy)
    put, get = MODEL.operation_model("PutItem"), MODEL.operation_model("GetItem")
    # WHEN it is validated, written and read back
    errors = ParamValidator().validate({"TableName": "t", "Item": item}, put.input_shape)
    body = JSONSerializer().serialize_to_request({"TableName": "t", "Item": item}, put)["body"]
    stored = json.dumps({"Item": json.loads(body)["Item"]}).encode()
    read = JSONParser().parse({"status_code": 200, "headers": {}, "body": stored}, get.output_shape)
    # THEN it round-trips, and no attribute value went through botocore's generic walk
    assert not errors.has_errors()
    assert read["Item"] == item
    assert walked  # the spies see what botocore still walks (the table name, the keys)
    assert not [shape for shape in walked if shape.endswith("AttributeValue")]
