"""If-Match / If-None-Match against a resource and its representations (RFC 9110 §13.1)."""

import pytest

from graphgate_service import rest


@pytest.mark.parametrize(
    ("header", "write", "read"),
    [
        ('"7"', True, True),
        ('"7.x-npz"', True, False),  # the archive's tag names the resource, not the JSON
        ('"7.vnd.graphviz"', True, False),
        ('"70"', False, False),
        ('"70.x-npz"', False, False),
        ('"7."', False, False),
        # only a tag representation_etag issues: a media type the service answers with
        ('"7.x"', False, False),
        ('"7.json"', False, False),
        ('"7.svg+xml.x"', False, False),
        ('"7.onnx"', True, False),
        ('W/"7"', False, False),  # If-Match compares strongly
        ('"3", "7.svg+xml"', True, False),
        ("*", True, True),
        ("7", True, True),  # unquoted, as clients have sent it
    ],
)
def test_if_match_names_the_resource_by_any_of_its_representations(header, write, read):
    assert rest.if_match_holds(header, '"7"') is write
    assert rest.if_match_holds(header, '"7"', representation=True) is read


@pytest.mark.parametrize(
    ("header", "write", "read"),
    [
        ('W/"7"', False, False),  # weak comparison: a match, so the condition fails
        ('"7.x-npz"', False, True),
        ('"8"', True, True),
        ("*", False, False),
    ],
)
def test_if_none_match_compares_weakly_with_the_same_names(header, write, read):
    assert rest.if_none_match_holds(header, '"7"') is write
    assert rest.if_none_match_holds(header, '"7"', representation=True) is read
