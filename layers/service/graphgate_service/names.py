"""Names a user gives things to read them back (a graph's, a dataset's): any printable
text, one rule, which the OpenAPI document's request schemas state as DISPLAY_NAME (a
unit test holds them equal) and the request validation enforces.

Refused: control characters (U+0000-U+001F, U+007F-U+009F), the line and paragraph
separators (U+2028, U+2029), the bidirectional embeddings, overrides and isolates
(U+202A-U+202E, U+2066-U+2069), which make a listing show a name other than the one
stored, and U+FEFF; and white space at either end. Identifiers (model names, labels,
tags, array names) have narrower ASCII patterns of their own. Names stored before the
rule still load, list, patch and delete: only a request that sets a name is checked.

A description (a graph's, a model version's) is prose: the same characters refused but
tab and newline, which paragraphs and lists need, and white space anywhere (DESCRIPTION).
"""

import re

# The characters no display name holds, as a regex class body (JSON Schema's dialect,
# ECMA-262, and Python's read `\uXXXX` alike).
_NOT_CONTROLS = r"\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF"
FORBIDDEN = r"\u0000-\u001F" + _NOT_CONTROLS
DISPLAY_NAME = rf"^[^\s{FORBIDDEN}](?:[^{FORBIDDEN}]*[^\s{FORBIDDEN}])?$"
# Every C0 control but tab (U+0009) and newline (U+000A); a carriage return too, so a
# description has one line ending.
DESCRIPTION = rf"^[^\u0000-\u0008\u000B-\u001F{_NOT_CONTROLS}]*$"

_FORBIDDEN_RUN = re.compile(f"[{FORBIDDEN}]+")


def fitted(text: str, max_length: int, default: str) -> str:
    """`text` made a display name of at most `max_length` characters (forbidden
    characters become spaces, white space trimmed at both ends), or `default` if nothing
    is left: for a name taken from elsewhere (an ONNX model's graph name), which is a
    default, never a reason to refuse a request."""
    cleaned = _FORBIDDEN_RUN.sub(" ", text).strip()[:max_length].rstrip()
    return cleaned or default
