"""RE2 patterns (TF's regex ops) as Python `re` patterns of the same meaning, or refused.

Python's `re` and RE2 agree on literals, classes, repetition (greedy and lazy), groups,
alternation and anchors, but differ elsewhere: `$` also matches before a final newline in
`re`, `\\s` includes `\\v` there, `\\d`/`\\w` are Unicode in `re`, `{,n}` is a repetition in
`re` and a literal in RE2, `re` knows backreferences, lookaround and possessive repeats
that RE2 refuses, RE2 has `[[:alpha:]]`, `\\pL`, `\\Q..\\E` and `\\C` that `re` lacks
(the POSIX classes, ASCII in RE2, become ranges and `\\Q..\\E` escaped text; the rest is
refused), and the two fold case by different tables outside ASCII. Flags are read at the
start only. The translation writes the shared subset exactly and refuses the rest
(INVALID_ATTR), so a match is never silently different.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from ..errors import error

# RE2's Perl classes, ASCII as RE2's are.
_CLASSES = {
    "d": "[0-9]",
    "D": "[^0-9]",
    "w": "[0-9A-Za-z_]",
    "W": "[^0-9A-Za-z_]",
    "s": "[\\t\\n\\f\\r ]",
    "S": "[^\\t\\n\\f\\r ]",
}
_IN_CLASS = {"d": "0-9", "w": "0-9A-Za-z_", "s": "\\t\\n\\f\\r "}
_SIMPLE_ESCAPES = {"n": "\\n", "t": "\\t", "r": "\\r", "f": "\\f", "v": "\\v", "a": "\\a"}
# RE2's POSIX classes (ASCII, as RE2's), written as the ranges of a bracket class.
_POSIX = {
    "alnum": "0-9A-Za-z",
    "alpha": "A-Za-z",
    "ascii": "\\x00-\\x7f",
    "blank": "\\t ",
    "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9",
    "graph": "!-~",
    "lower": "a-z",
    "print": " -~",
    "punct": "!-/:-@\\[-`{-~",
    "space": "\\t\\n\\v\\f\\r ",
    "upper": "A-Z",
    "word": "0-9A-Za-z_",
    "xdigit": "0-9A-Fa-f",
}
_POSIX_CLASS = re.compile(r"\[:([a-z]+):\]")
_REPEAT = re.compile(r"\{(\d+)(,(\d*))?\}")
_MAX_REPEAT = 1000


def _refuse(pattern: str, why: str) -> Exception:
    return error(
        "INVALID_ATTR",
        f"regular expression {pattern!r}: {why} (graphgate runs RE2 syntax only where "
        "Python's re means the same)",
    )


def _escape(pattern: str, i: int, in_class: bool) -> tuple[str, int]:
    """The translation of the escape at `pattern[i]` (a backslash), and the next index."""
    if i + 1 >= len(pattern):
        raise _refuse(pattern, "trailing backslash")
    c = pattern[i + 1]
    if c in _CLASSES:
        if not in_class:
            return _CLASSES[c], i + 2
        if c in _IN_CLASS:
            return _IN_CLASS[c], i + 2
        raise _refuse(pattern, f"\\{c} inside a class")
    if c in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[c], i + 2
    if c == "x" and re.fullmatch(r"[0-9A-Fa-f]{2}", pattern[i + 2 : i + 4]):
        return pattern[i : i + 4], i + 4
    if not in_class and c in "bB":
        return "\\" + c, i + 2
    if not in_class and c == "A":
        return "\\A", i + 2
    if not in_class and c == "z":
        return "\\Z", i + 2
    if not in_class and c == "Q":  # RE2's quoted literal text, to \E or the end
        end = pattern.find("\\E", i + 2)
        end = len(pattern) if end < 0 else end
        return re.escape(pattern[i + 2 : end]), min(end + 2, len(pattern))
    if not c.isalnum() and c.isascii():
        return "\\" + c, i + 2
    raise _refuse(pattern, f"the escape \\{c}")


def _class(pattern: str, i: int) -> tuple[str, int]:
    """The translation of the class opening at `pattern[i]` ('['), and the index after it."""
    out = ["["]
    j = i + 1
    if j < len(pattern) and pattern[j] == "^":
        out.append("^")
        j += 1
    first = True
    while j < len(pattern):
        c = pattern[j]
        if c == "]" and not first:
            out.append("]")
            return "".join(out), j + 1
        first = False
        if c == "\\":
            text, j = _escape(pattern, j, True)
            out.append(text)
            continue
        posix = _POSIX_CLASS.match(pattern, j)
        if posix and posix.group(1) in _POSIX:  # negated ones ([:^alpha:]) are refused
            out.append(_POSIX[posix.group(1)])
            j = posix.end()
            continue
        if c == "[" or pattern.startswith(("&&", "~~", "||", "--"), j):
            raise _refuse(pattern, "a nested class, POSIX class or set operation")
        out.append(c)
        j += 1
    raise _refuse(pattern, "missing ]")


def _group_open(pattern: str, i: int) -> tuple[str, int]:
    if pattern.startswith("(?:", i):
        return "(?:", i + 3
    if pattern.startswith("(?P<", i):
        return "(?P<", i + 4
    if pattern.startswith("(?", i):
        raise _refuse(pattern, "flags, lookaround and other (?...) groups")
    return "(", i + 1


def _repeat(pattern: str, i: int, out: list) -> int:
    m = _REPEAT.match(pattern, i)
    if m is None:  # RE2 reads a `{` that opens no repetition as a literal
        out.append("\\{")
        return i + 1
    lo, hi = int(m.group(1)), m.group(3)
    if lo > _MAX_REPEAT or (hi and int(hi) > _MAX_REPEAT) or (hi and int(hi) < lo):
        raise _refuse(pattern, "a bad repetition count")
    out.append(m.group(0))
    return m.end()


# Flags are taken at the very start only: `(?i)`, `(?s)`, `(?m)` and their mixes.
_LEADING_FLAGS = re.compile(r"\(\?([ism]+)\)")
_FLAG_BITS = {"i": re.IGNORECASE, "s": re.DOTALL, "m": re.MULTILINE}


def _leading_flags(pattern: str) -> tuple[int, int]:
    """The `re` flags of a leading `(?ism)` group and where the pattern goes on."""
    m = _LEADING_FLAGS.match(pattern)
    if m is None:
        return 0, 0
    letters = m.group(1)
    if len(set(letters)) != len(letters):
        raise _refuse(pattern, "a repeated flag")
    # RE2 folds case by Unicode's tables, Python's re (in ASCII mode) by ASCII's: the two
    # agree on ASCII text only, so a case-insensitive pattern must be ASCII (and the text
    # it runs on is checked when the graph runs).
    if "i" in letters and not pattern.isascii():
        raise _refuse(pattern, "a case-insensitive pattern that is not ASCII")
    flags = 0
    for letter in letters:
        flags |= _FLAG_BITS[letter]
    return flags, m.end()


def translate(pattern: str) -> str:
    """`pattern` (RE2) as a Python pattern of the same meaning, or INVALID_ATTR."""
    flags, i = _leading_flags(pattern)
    out: list[str] = [pattern[:i]]
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            text, i = _escape(pattern, i, False)
            out.append(text)
        elif c == "[":
            text, i = _class(pattern, i)
            out.append(text)
        elif c == "(":
            text, i = _group_open(pattern, i)
            out.append(text)
        elif c == "{":
            i = _repeat(pattern, i, out)
        elif c == "$":
            # RE2's `$` is the end of the text only; with (?m), of any line, as `re`'s.
            out.append("$" if flags & re.MULTILINE else "\\Z")
            i += 1
        else:
            out.append(c)
            i += 1
        # Python 3.11 reads `*+`, `?+`, `{n}+` as possessive repeats; RE2 refuses them.
        repeated = c in "*+?" or (c == "{" and out[-1] != "\\{")
        if repeated and pattern[i : i + 1] == "+":
            raise _refuse(pattern, "a possessive repeat")
    return "".join(out)


@functools.lru_cache(maxsize=256)
def compile_re2(pattern: str) -> re.Pattern:
    """The compiled Python equivalent of RE2 `pattern` (ASCII `\\b`, as RE2's). With
    IGNORECASE among its flags, it agrees with RE2 on ASCII text only (see `ascii_only`)."""
    python = translate(pattern)
    try:
        return re.compile(python, re.ASCII)
    except re.error as exc:
        raise _refuse(pattern, str(exc)) from None


def ascii_only(rx: re.Pattern) -> bool:
    """Whether `rx` (from `compile_re2`) may only run on ASCII text: case-insensitive."""
    return bool(rx.flags & re.IGNORECASE)


def re2_rewrite(rewrite: str, groups: int) -> Callable[[re.Match], str] | None:
    """RE2's rewrite string (`\\0`..`\\9` name groups, `\\\\` is a backslash) as a
    function of a match; None where it names a group the pattern lacks (RE2's Replace and
    GlobalReplace then replace nothing: TF returns the strings as they are); anything
    else RE2 refuses is refused."""
    parts: list[str | int] = []
    i = 0
    while i < len(rewrite):
        c = rewrite[i]
        if c != "\\":
            parts.append(c)
            i += 1
            continue
        nxt = rewrite[i + 1 : i + 2]
        if nxt.isdigit():
            parts.append(int(nxt))
        elif nxt == "\\":
            parts.append("\\")
        else:
            raise error("INVALID_ATTR", f"invalid rewrite pattern {rewrite!r}")
        i += 2

    if any(isinstance(p, int) and p > groups for p in parts):
        return None

    def apply(m: re.Match) -> str:
        return "".join(p if isinstance(p, str) else (m.group(p) or "") for p in parts)

    return apply
