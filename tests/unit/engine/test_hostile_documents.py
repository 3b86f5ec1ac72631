"""Graph documents whose attributes a builder would refuse, sent as JSON (the service's
POST /v1/graphs takes any document): each is refused with a stable code, before its
kernel allocates, never answered with something TF would not compute."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg
from graphgate import GraphgateError, serialization

# The service's per-tensor limit (graph_documents.MAX_TENSOR_ELEMENTS).
LIMITS = gg.Limits(max_tensor_elements=100_000_000)


def const(name, data, datatype="FP32"):
    a = np.asarray(data)
    value = {"datatype": datatype, "shape": list(a.shape), "data": a.reshape(-1).tolist()}
    return {"name": name, "op": "Const", "attrs": {"value": value}}


def node(name, op, inputs, **attrs):
    return {"name": name, "op": op, "inputs": list(inputs), "attrs": attrs}


def load(*nodes):
    doc = {"format": "graphgate.graph/v1", "nodes": list(nodes)}
    return serialization.graph_from_dict(doc, limits=LIMITS)


def run(*nodes, fetch="out:0"):
    return gg.Session(graph=load(*nodes), limits=LIMITS).run(fetch)


TOKENS = const("tokens", ["a", "b", "c"], "BYTES")


@pytest.mark.parametrize("widths", [[0], [-3], [2, 0], []])
def test_ngram_widths_that_are_not_positive_are_refused(widths):
    # TF's StringNGrams: "ngram_widths must contain positive values"; they were empty
    # strings here
    with pytest.raises(GraphgateError) as info:
        load(TOKENS, node("out", "StringNGramsDense", ["tokens"], ngram_widths=widths))
    assert info.value.code == "INVALID_ATTR"


@pytest.mark.parametrize(
    ("tokens", "attrs"),
    [
        # 10,001 widths of 1 over 10,000 tokens: 10^8 + 10^4 one-byte strings (each string
        # counted as a byte was 3 * 10^4 "bytes")
        (["a"] * 10_000, {"ngram_widths": [1] * 10_001}),
        # a 100 kB separator joined 99 times into each of 101 n-grams: 1 GB
        (["a"] * 200, {"ngram_widths": [100], "separator": "s" * 100_000}),
        # a 50 kB pad repeated 999 times in each of 1,000 n-grams: 50 GB
        (["a"], {"ngram_widths": [1000], "left_pad": "p" * 50_000, "pad_width": -1}),
        # 2,000 repeats of one width over 100 1 kB tokens: 5 GB
        (["x" * 1000] * 100, {"ngram_widths": [50] * 2000}),
    ],
)
def test_ngrams_past_the_limit_are_refused_before_they_are_made(tokens, attrs):
    with pytest.raises(GraphgateError) as info:
        run(const("tokens", tokens, "BYTES"), node("out", "StringNGramsDense", ["tokens"], **attrs))
    assert info.value.code == "TENSOR_TOO_LARGE"


def test_ngrams_under_the_limit_still_run():
    out = run(
        TOKENS,
        node("out", "StringNGramsDense", ["tokens"], ngram_widths=[2], separator="_", pad_width=-1),
    )
    assert out.tolist() == [b"_a", b"a_b", b"b_c", b"c_"]


@pytest.mark.parametrize(
    ("op", "inputs"),
    [
        ("MatrixDiagV3", [const("d", np.ones((2, 3)))]),
        ("MatrixDiagPartV3", [const("d", np.ones((3, 3)))]),
        ("MatrixSetDiagV3", [const("d", np.ones((3, 3))), const("v", np.ones((2, 3)))]),
    ],
)
def test_a_matrix_diag_align_outside_tfs_four_is_refused(op, inputs):
    # TF: "Attr 'align' of 'MatrixDiagV3' Op passed string 'X' not in: ..."; it was read
    # as RIGHT_LEFT
    with pytest.raises(GraphgateError) as info:
        load(*inputs, node("out", op, [i["name"] for i in inputs], k=[-1, 0], align="X"))
    assert info.value.code == "INVALID_ATTR"


@pytest.mark.parametrize("op", ["TensorScatterMax", "TensorScatterMin"])
def test_tensor_scatter_max_and_min_of_strings_are_refused(op):
    # TF registers them for numbers only; strings were compared as bytes
    with pytest.raises(GraphgateError) as info:
        load(
            const("t", ["a", "b"], "BYTES"),
            const("i", [[1]], "INT32"),
            const("u", ["z"], "BYTES"),
            node("out", op, ["t", "i", "u"]),
        )
    assert info.value.code == "DTYPE_MISMATCH"


POINTS = const("points", [[72, 300]], "INT32")
TEXT = const("text", "a\x01", "BYTES")


@pytest.mark.parametrize(
    "hostile",
    [
        node("out", "UnicodeEncodeDense", ["points"], output_encoding="UTF-8", errors="bogus"),
        # was an OverflowError (a 500) when the kernel was made
        node(
            "out", "UnicodeEncodeDense", ["points"], output_encoding="UTF-8", replacement_char=2**40
        ),
        node("out", "UnicodeDecode", ["text"], input_encoding="UTF-8", errors="bogus"),
        # was returned as the code point -7
        node(
            "out",
            "UnicodeDecode",
            ["text"],
            input_encoding="UTF-8",
            replacement_char=-7,
            replace_control_characters=True,
        ),
        node("out", "UnicodeDecode", ["text"], input_encoding="EBCDIC"),
    ],
)
def test_unicode_attributes_tf_refuses_are_refused_when_loaded(hostile):
    with pytest.raises(GraphgateError) as info:
        load(POINTS, TEXT, hostile)
    assert info.value.code == "INVALID_ATTR"
