"""TF1 programs earlier rounds left answered otherwise by graphgate (a StudentT draw of a
run-time sample shape, `in_top_k` with `k` fed, a gradient through an int64 concat axis,
the zeros and ones initializers' node names, subclasses of the built-in optimizers
overriding the sparse updates, a cond's gradient under a branch's dependency), run
unchanged on graphgate against what `tf.compat.v1` observed, and TF GraphDefs of the
counting ops and of a gradient descent of a learning rate of unknown rank, imported and
written back (`tests/reference/tf1_leftovers9.py`, `fixtures/tf1_leftovers9.json`)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from graphgate import tf_export, tf_proto
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_leftovers9")

KNOWN_DIFFERENT: dict[str, str] = {
    "concat_int64_axis_gradient": (
        "TF's concat gradient takes an int64 axis modulo an int32 rank (TypeError, fed or "
        "constant); graphgate answers it, as it does an int32 axis (docs/decision_log.md)"
    ),
    "initializer_node_names": (
        "graphgate's zeros/ones are a Fill of a Const where TF writes one Const (under 1,000 "
        "elements) or adds `shape_as_tensor`: left, stored documents' bytes are pinned "
        "(docs/decision_log.md, 2026-12-07 'Left: node names of variables and zeros')"
    ),
}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name)


def test_a_concat_gradient_through_an_int64_axis_fed_is_the_int32_axis_one():
    # GIVEN a concat along an int64 axis fed at run time (TF refuses its gradient: TypeError)
    want = FIXTURE["programs"]["concat_int32_fed_axis_gradient"]["values"]
    with gg.Graph().as_default():
        x = gg.Variable([[1.0, 2.0]])
        a = gg.placeholder(gg.int64, [])
        y = gg.concat([x, x * 3.0], a)
        (g,) = gg.gradients(gg.reduce_sum(y * y), x)
        with gg.Session() as sess:
            sess.run(gg.global_variables_initializer())
            # WHEN run along each axis THEN the gradient is TF's along the same int32 axis
            got = [sess.run(g, {a: v}).tolist() for v in (0, 1, -1, -2)]
    assert got == want


def test_the_initial_values_users_fetch_by_tfs_names_are_tfs():
    # GIVEN variables of the zeros and ones initializers (whose node lists differ from TF's)
    out: dict = {}
    with gg.Graph().as_default():
        exec(
            programs.PROGRAMS["initializer_node_names"],
            {"tf": gg, "np": programs.np, "out": out, "raises": raised},
        )
    want = FIXTURE["programs"]["initializer_node_names"]
    # THEN each initial value fetched by TF's name (`<var>/Initializer/zeros:0`) is TF's
    assert (out["fetched"], out["big"]) == (want["fetched"], want["big"])
    # AND every name TF gives the final node of an initial value is one of graphgate's ops
    finals = {n for n, _ in want["initial_values"] if n.endswith(("/zeros", "/ones"))}
    assert len(finals) == 7 and finals <= set(out["ops"])


def _imported(key: str) -> dict:
    case = FIXTURE["imports"][key]
    gg.import_graph_def(gg.GraphDef.FromString(base64.b64decode(case["graph"])), name="")
    return case


def test_an_imported_gradient_descent_takes_a_learning_rate_of_unknown_rank():
    # GIVEN TF's ApplyGradientDescent whose learning rate is a placeholder of unknown rank
    with gg.Graph().as_default():
        case = _imported("apply_gradient_descent")
        with gg.Session() as sess:
            sess.run("v/Assign")
            # WHEN fed a scalar THEN the update is TF's
            sess.run("u", {"lr:0": 0.1})
            assert sess.run("after:0").tolist() == case["first"]
            # AND a vector learning rate fails the run, as TF's kernel, the variable kept
            with pytest.raises(gg.errors.InvalidArgumentError, match="must be a scalar"):
                sess.run("u", {"lr:0": [0.1, 0.2]})
            assert case["vector"][0] == "InvalidArgumentError"
            assert sess.run("after:0").tolist() == case["last"]


def _bincounts():
    x = gg.placeholder(gg.int32, [None], name="x")
    w = gg.placeholder(gg.float32, [None], name="w")
    return [
        gg.math.bincount(x),
        gg.math.bincount(x, minlength=9, maxlength=12),
        gg.math.bincount(x, maxlength=3, dtype=gg.int64),
        gg.math.bincount(x, weights=w),
    ]


BINCOUNT_RUNS = [
    ([1, 3, 1, 0, 7, 3, 3], [0.5, 1.25, 2.0, -1.0, 3.0, 0.1, 0.2]),
    ([], []),
    ([5], [2.5]),
]


def test_a_bincount_exports_as_tfs_dense_bincount_and_imports_back():
    # GIVEN tf.math.bincount plain, bounded, short and weighted
    graph = gg.Graph()
    with graph.as_default():
        made = _bincounts()
    with gg.Session(graph) as sess:
        want = [sess.run(made, {"x:0": x, "w:0": w}) for x, w in BINCOUNT_RUNS]
    # WHEN written as TF's GraphDef (TF 2.21 imports it and answers these counts, checked
    # by hand: no TF in `make test`) THEN the size is computed as TF 2 writes it
    data = tf_export.graph_def_bytes(graph)
    nodes = tf_proto.decode(data, tf_proto.GRAPH, lambda: ValueError("corrupt"))["node"]
    prefix = made[0].op.name + "/"
    plain = {n["op"] for n in nodes if n["name"].startswith(prefix) or n["name"] == prefix[:-1]}
    assert {"Size", "Greater", "Max", "AddV2", "Mul", "DenseBincount"} <= plain
    # AND it imports back to the same counts, dtypes and lengths
    with gg.Graph().as_default() as again:
        gg.import_graph_def(gg.GraphDef.FromString(data), name="")
        names = [t.name for t in made]
        with gg.Session(again) as sess:
            for (x, w), expected in zip(BINCOUNT_RUNS, want, strict=True):
                got = sess.run(
                    names, {"x:0": np.asarray(x, np.int32), "w:0": np.asarray(w, np.float32)}
                )
                for g, e in zip(got, expected, strict=True):
                    assert (g.dtype, g.tolist()) == (e.dtype, e.tolist())


def test_imported_counting_ops_answer_as_tf():
    # GIVEN TF's UniqueWithCountsV2 (along rows, of a vector, along columns), DenseBincount
    # per row (binary, weighted), of a vector with empty weights, and SparseBincount
    with gg.Graph().as_default() as graph:
        case = _imported("counting")
    feeds = {f"{k}:0": v for k, v in case["feeds"].items()}
    # (written back as TF's GraphDef, TF 2.21 answers the same, checked by hand)
    written = tf_export.graph_def_bytes(graph)
    with gg.Graph().as_default() as again:
        gg.import_graph_def(gg.GraphDef.FromString(written), name="")
    for g in (graph, again):
        with gg.Session(g) as sess:
            # WHEN run, as imported and written back THEN each output and dtype is TF's
            for name in case["names"]:
                got = sess.run(f"{name}:0", feeds)
                assert [str(got.dtype), got.tolist()] == case["out"][name], name


def test_an_imported_dense_bincount_counts_weights_fed_empty():
    # GIVEN round 18's TF graph: DenseBincount of fed values, size and weights
    round18 = Path(__file__).parents[2] / "e2e" / "fixtures" / "round18.json"
    graph_def = base64.b64decode(json.loads(round18.read_text())["graph_def"])
    with gg.Graph().as_default():
        gg.import_graph_def(gg.GraphDef.FromString(graph_def), name="")
        x, size, w = "x:0", "size:0", "w:0"
        with gg.Session() as sess:
            # WHEN the weights are fed empty THEN each value counts once, as TF's kernel
            got = sess.run("y:0", {x: [1, 1, 3], size: 5, w: np.zeros(0, np.float32)})
            assert got.tolist() == [0.0, 2.0, 0.0, 1.0, 0.0]
            # AND weights of another shape fail the run, as TF's
            with pytest.raises(gg.errors.InvalidArgumentError, match="same shape"):
                sess.run("y:0", {x: [1, 2, 3], size: 5, w: [1.0]})
