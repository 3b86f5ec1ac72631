"""Graph documents whose attributes a builder would refuse, sent as JSON (the service's
POST /v1/graphs takes any document): each is refused with a stable code, before its
kernel allocates, never answered with something TF would not compute."""

from __future__ import annotations

import base64
import json
from pathlib import Path

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


# -- round 21 (docs/hardening.md) ---------------------------------------------------------

ROUND21 = Path(__file__).resolve().parents[2] / "e2e" / "fixtures" / "round21.json"
NODE_LIMITS = gg.Limits(max_nodes=50_000, max_tensor_elements=100_000_000)


@pytest.mark.parametrize(
    "case", json.loads(ROUND21.read_text())["string_format"], ids=lambda c: repr(c["template"])
)
def test_an_empty_string_format_placeholder_splits_between_bytes_as_tfs_kernel(case):
    # TF's absl::StrSplit splits at every byte; str.split refused "" (a 500 over HTTP)
    inputs = [const(f"x{i}", [1.0, 2.0]) for i in range(case["inputs"])]
    attrs = {"template": case["template"], "placeholder": "", "summarize": 3}
    out = node("out", "StringFormat", [n["name"] for n in inputs], **attrs)
    if case.get("refused"):
        with pytest.raises(GraphgateError) as info:
            run(*inputs, out)
        assert info.value.code == "INVALID_ATTR"
    else:
        assert run(*inputs, out) == base64.b64decode(case["b64"])


COUNTED = [
    ("DynamicPartition", "num_partitions", [const("x", [1.0, 2.0]), const("p", [0, 0], "INT32")]),
    ("Split", "num_or_size_splits", [const("x", [1.0, 2.0])]),
    ("SplitV", "num", [const("x", [1.0, 2.0]), const("p", [1, 1], "INT32")]),
    ("Unpack", "num", [const("x", [1.0, 2.0])]),
]


@pytest.mark.parametrize(("op", "attr", "inputs"), COUNTED, ids=[c[0] for c in COUNTED])
def test_a_node_of_more_outputs_than_a_graph_has_nodes_is_refused_as_it_is_read(op, attr, inputs):
    # 10**7 partitions in a 200-byte document: ten million tensors made as it was read
    # (+137 MB a million); 2**31 a MemoryError (a 500)
    for count in (50_001, 10**7, 2**31):
        doc = {
            "format": "graphgate.graph/v1",
            "nodes": [*inputs, node("out", op, [n["name"] for n in inputs], **{attr: count})],
        }
        with pytest.raises(GraphgateError) as info:
            serialization.graph_from_dict(doc, limits=NODE_LIMITS)
        assert info.value.code == "GRAPH_TOO_LARGE"
        assert info.value.details["outputs"] == count


def test_output_counts_are_held_to_the_node_limit_together():
    x, p = const("x", [1.0, 2.0]), const("p", [0, 0], "INT32")
    parts = [node(f"d{i}", "DynamicPartition", ["x", "p"], num_partitions=20_000) for i in range(3)]
    doc = {"format": "graphgate.graph/v1", "nodes": [x, p, *parts[:2]]}
    assert (
        len(
            serialization.graph_from_dict(doc, limits=NODE_LIMITS)
            .get_operation_by_name("d1")
            .outputs
        )
        == 20_000
    )
    with pytest.raises(GraphgateError) as info:
        serialization.graph_from_dict({**doc, "nodes": [x, p, *parts]}, limits=NODE_LIMITS)
    assert (info.value.code, info.value.node) == ("GRAPH_TOO_LARGE", "d2")


@pytest.mark.parametrize(
    ("op", "inputs", "attrs"),
    [
        ("Split", ["x"], {"num_or_size_splits": [0] * 50_000 + [2]}),
        ("IdentityN", ["x"] * 50_001, {}),
    ],
)
def test_outputs_a_document_spells_out_one_by_one_are_held_to_the_node_limit(op, inputs, attrs):
    # review42: an output a list entry or an input (a few bytes each) were each a tensor
    # made as the document was read, past the node limit
    doc = {
        "format": "graphgate.graph/v1",
        "nodes": [const("x", [1.0, 2.0]), node("out", op, inputs, **attrs)],
    }
    with pytest.raises(GraphgateError) as info:
        serialization.graph_from_dict(doc, limits=NODE_LIMITS)
    assert (info.value.code, info.value.details["outputs"]) == ("GRAPH_TOO_LARGE", 50_001)


def test_every_tf_output_list_counted_by_an_int_attribute_is_held():
    # TF's `name*n` output lists of the ops graphgate reads from documents: where graphgate
    # keeps the count as an int attribute, it is held (ShapeN's count follows its inputs;
    # Split's num_or_size_splits, an int or its sizes, is held as OUTPUT_COUNT_ATTRS names it)
    from graphgate.ops import registry
    from graphgate.tf_op_defs import OP_DEFS

    registry._load_every_family()
    for op, (_, outputs, _) in OP_DEFS.items():
        attrs = registry.REGISTRY[op].attrs if op in registry.REGISTRY else {}
        counts = {o.split("*")[1].split(":")[0] for o in outputs if "*" in o}
        if any(attrs.get(n, ("",))[0] == "int" for n in counts):
            assert op in serialization.OUTPUT_COUNT_ATTRS, op


@pytest.mark.parametrize("op", ["MirrorPad", "MirrorPadGrad"])
@pytest.mark.parametrize("mode", ["", "bogus", "reflect"])
def test_a_mirror_pad_mode_tf_does_not_allow_is_refused_as_the_node_is_read(op, mode):
    # TF's attribute allows REFLECT and SYMMETRIC; the kernel's factory raised a bare
    # InferenceError at the first run (a 500 over HTTP)
    with pytest.raises(GraphgateError) as info:
        load(const("x", [1.0, 2.0, 3.0, 4.0]), node("out", op, ["x"], paddings=[[1, 1]], mode=mode))
    assert info.value.code == "INVALID_ATTR"


@pytest.mark.parametrize(
    ("op", "inputs", "attrs", "missing"),
    [
        ("Roll", ["x"], {"axis": []}, "shift"),
        ("RFFTGrad", ["x", "x"], {}, "fft_length"),
    ],
)
def test_an_attribute_a_kernel_needs_and_the_document_left_out_is_invalid_attr(
    op, inputs, attrs, missing
):
    # a KeyError in the kernel's factory was a 500 over HTTP
    with pytest.raises(GraphgateError) as info:
        run(const("x", [[1.0, 2.0], [3.0, 4.0]]), node("out", op, inputs, **attrs))
    assert (info.value.code, info.value.details.get("attr")) == ("INVALID_ATTR", missing)
