import json
import math
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphgate_service import jsonbody
from graphgate_service.problems import BadRequest

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63)
    | st.text()
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@given(json_values)
def test_any_strict_json_document_parses_to_what_was_sent(document):
    assert jsonbody.loads(json.dumps(document)) == document


@pytest.mark.parametrize(
    "body, fragment",
    [
        ('{"x": NaN}', "NaN"),
        ('{"x": Infinity}', "Infinity"),
        ("[-Infinity]", "Infinity"),
        ('{"x": 1e400}', "overflows"),
        # An integer past a double's range is a number overflowing a double too (api.md):
        # a timeout_ms of 10**400 was an OverflowError on every run route (round 15).
        ('{"x": 1%s}' % ("0" * 400), "overflows"),
        ("[-%s]" % ("9" * 309), "overflows"),
        ('{"a": 1, "a": 2}', "duplicate object key 'a'"),
        ('{"s": "\\ud800"}', "lone surrogate"),
        ('{"\\udfff": 1}', "lone surrogate"),
        ('{"x": 1', "malformed JSON"),
        ("", "empty"),
        # past Python's int digit limit (4,300): its own refusal named
        # sys.set_int_max_str_digits as "malformed JSON" (round 22)
        ("1" * 5000, "overflows a double"),
        ('{"x": -%s}' % ("1" * 5000), "overflows a double"),
        (b"\xff\xfe{}", "not UTF-8"),
    ],
)
def test_bodies_that_are_not_strict_json_are_400(body, fragment):
    with pytest.raises(BadRequest) as caught:
        jsonbody.loads(body)
    assert caught.value.code == "INVALID_JSON"
    assert fragment in caught.value.detail


def test_nesting_is_bounded_at_max_depth():
    at_limit = "[" * jsonbody.MAX_DEPTH + "]" * jsonbody.MAX_DEPTH
    assert jsonbody.loads(at_limit) is not None
    with pytest.raises(BadRequest, match="nested deeper"):
        jsonbody.loads("[" * (jsonbody.MAX_DEPTH + 1) + "]" * (jsonbody.MAX_DEPTH + 1))


def test_nesting_deep_enough_to_exhaust_the_parser_is_400_not_recursion_error():
    with pytest.raises(BadRequest, match="nested deeper"):
        jsonbody.loads("[" * 100_000 + "]" * 100_000)


def test_non_finite_tokens_parse_only_where_asked_as_tf_serving_takes_them():
    body = '{"instances": [[NaN, Infinity, -Infinity]]}'
    row = jsonbody.loads(body, non_finite=True)["instances"][0]
    assert math.isnan(row[0]) and row[1:] == [math.inf, -math.inf]
    with pytest.raises(BadRequest):
        jsonbody.loads(body)
    with pytest.raises(BadRequest):  # an overflow is still no number
        jsonbody.loads('{"x": 1e400}', non_finite=True)


def test_integers_up_to_a_doubles_range_and_long_digit_strings_are_read_exactly():
    # The largest integer a double holds (309 digits) is read, exactly, beside floats;
    # a string of digits is no number, however long.
    largest = int(sys.float_info.max)
    document = jsonbody.loads(f'{{"n": {largest}, "f": 1.5, "s": "{"7" * 1000}"}}')
    assert document == {"n": largest, "f": 1.5, "s": "7" * 1000}
    assert type(document["n"]) is int
    with pytest.raises(BadRequest, match="overflows"):
        jsonbody.loads(f'{{"s": "{"7" * 1000}", "n": {largest * 2}}}')
