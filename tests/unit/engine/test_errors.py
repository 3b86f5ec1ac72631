"""One test per validation error: a stable code, a category, the node, a message."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from graphgate.errors import CODES

FMT = "graphgate.graph/v1"


def doc(*nodes):
    return {"format": FMT, "nodes": list(nodes)}


def const(name, value, datatype="FP32"):
    arr = np.asarray(value)
    return {
        "name": name,
        "op": "Const",
        "attrs": {
            "value": {"datatype": datatype, "shape": list(arr.shape), "data": arr.ravel().tolist()}
        },
    }


def ph(name, shape=None, datatype="FP32"):
    return {"name": name, "op": "Placeholder", "attrs": {"dtype": datatype, "shape": shape}}


def load_error(document):
    with pytest.raises(gg.GraphgateError) as info:
        gg.graph_from_dict(document)
    return info.value


def check(err, code, node=None):
    assert err.code == code, err
    assert err.category == CODES[code]
    if node is not None:
        assert err.node == node
    assert err.message and "Traceback" not in err.message
    d = err.to_dict()
    assert set(d) == {"code", "category", "node", "message", "details"}
    json.dumps(d, allow_nan=False)


def test_unknown_op():
    check(load_error(doc({"name": "a", "op": "Frobnicate"})), "UNKNOWN_OP", "a")


def test_wrong_arity():
    check(
        load_error(doc(const("a", 1.0), {"name": "n", "op": "Add", "inputs": ["a"]})),
        "WRONG_ARITY",
        "n",
    )


def test_unknown_input_reference():
    check(
        load_error(doc(const("a", 1.0), {"name": "n", "op": "Neg", "inputs": ["b"]})),
        "UNKNOWN_INPUT",
        "n",
    )
    check(
        load_error(doc(const("a", 1.0), {"name": "n", "op": "Neg", "inputs": ["a:1"]})),
        "UNKNOWN_INPUT",
        "n",
    )


def test_duplicate_name():
    check(load_error(doc(const("a", 1.0), const("a", 2.0))), "DUPLICATE_NAME", "a")


def test_cycle_reports_its_path():
    err = load_error(
        doc(
            const("c", 1.0),
            {"name": "a", "op": "Add", "inputs": ["c", "b"]},
            {"name": "b", "op": "Neg", "inputs": ["a"]},
        )
    )
    check(err, "GRAPH_CYCLE")
    cycle = err.details["cycle"]
    assert cycle[0] == cycle[-1] and set(cycle) == {"a", "b"}


def test_shape_mismatch_found_by_inference():
    err = load_error(
        doc(
            const("a", np.ones((2, 3))),
            const("b", np.ones((4, 5))),
            {"name": "m", "op": "MatMul", "inputs": ["a", "b"]},
        )
    )
    check(err, "SHAPE_MISMATCH", "m")
    assert err.details["input_shapes"] == [[2, 3], [4, 5]]
    g = gg.Graph()
    with g.as_default(), pytest.raises(gg.InvalidArgumentError) as info:
        gg.ones([2]) + gg.ones([3])
    check(info.value, "SHAPE_MISMATCH", "add")


def test_dtype_mismatch_found_by_inference():
    err = load_error(
        doc(
            const("a", 1.0),
            const("b", 1, "INT32"),
            {"name": "s", "op": "Add", "inputs": ["a", "b"]},
        )
    )
    check(err, "DTYPE_MISMATCH", "s")
    g = gg.Graph()
    with g.as_default(), pytest.raises(gg.InvalidArgumentError) as info:
        gg.placeholder(gg.int32, []) + 1.5
    check(info.value, "DTYPE_MISMATCH")


def test_an_update_of_a_fed_variable_is_refused_naming_the_update():
    # TF: "Input 0 of node Assign was passed float from v:0 incompatible with expected
    # float_ref" (InvalidArgumentError); the variable keeps its value.
    g = gg.Graph()
    with g.as_default():
        v = gg.Variable(1.0, name="v")
        up = v.assign(2.0)
    sess = gg.Session(g)
    sess.run(v.initializer)
    for fetch in (up, v.read_value(), gg.is_variable_initialized(v), v.initializer):
        with pytest.raises(gg.InvalidArgumentError) as info:
            sess.run(fetch, {v: 3.0})
        check(info.value, "FEED_NOT_ALLOWED", fetch.op.name if hasattr(fetch, "op") else fetch.name)
    assert sess.run(v * 2.0, {v: 3.0}) == 6.0 and sess.run(v) == 1.0


def test_a_fed_update_output_is_the_fed_value_and_the_update_does_not_run():
    g = gg.Graph()
    with g.as_default():
        v = gg.Variable(1.0, name="v")
        up = v.assign_add(2.0)
    sess = gg.Session(g)
    sess.run(v.initializer)
    assert sess.run([up, v], {up: 7.0}) == [7.0, 1.0]


def test_a_wrong_fed_value_is_reported_before_a_missing_feed():
    # TF checks the fed values in Python before its run finds a placeholder unfed.
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [3], name="x")
        y = gg.placeholder(gg.float32, [], name="y")
        z = x * y
    sess = gg.Session(g)
    with pytest.raises(ValueError) as info:
        sess.run(z, {x: [1.0, 2.0]})
    check(info.value, "FEED_SHAPE_MISMATCH", "x")
    with pytest.raises(gg.InvalidArgumentError) as info:
        sess.run(z, {x: [1.0, 2.0, 3.0]})
    check(info.value, "MISSING_FEED", "y")


def test_missing_feed_is_named():
    g = gg.graph_from_dict(doc(ph("x", [2]), {"name": "y", "op": "Neg", "inputs": ["x"]}))
    with pytest.raises(gg.InvalidArgumentError) as info:
        gg.Session(g).run("y")
    check(info.value, "MISSING_FEED", "x")
    assert "x" in info.value.message


def test_feed_of_wrong_shape_or_dtype():
    g = gg.graph_from_dict(doc(ph("x", [None, 2]), {"name": "y", "op": "Neg", "inputs": ["x"]}))
    sess = gg.Session(g)
    with pytest.raises(gg.InvalidArgumentError) as info:
        sess.run("y", {"x": np.ones((3, 3))})
    check(info.value, "FEED_SHAPE_MISMATCH", "x")
    assert info.value.details["expected"] == [None, 2]
    with pytest.raises(gg.InvalidArgumentError) as info:
        sess.run("y", {"x:0": [["a", "b"]]})
    check(info.value, "FEED_DTYPE_MISMATCH", "x")


def test_fetch_or_feed_of_an_unknown_node():
    g = gg.graph_from_dict(doc(const("a", 1.0)))
    with pytest.raises(gg.NotFoundError) as info:
        gg.Session(g).run("b")
    check(info.value, "UNKNOWN_FETCH", "b")
    with pytest.raises(gg.NotFoundError) as info:
        gg.Session(g).run("a", {"zz": 1.0})
    check(info.value, "UNKNOWN_FEED")
    with pytest.raises(gg.InvalidArgumentError) as info:
        gg.Session(g).run(3)
    check(info.value, "INVALID_FETCH")


def test_value_not_representable_in_the_dtype():
    check(load_error(doc(const("a", [1.5], "INT32"))), "VALUE_NOT_REPRESENTABLE", "a")
    check(load_error(doc(const("a", [1e300], "FP32"))), "VALUE_NOT_REPRESENTABLE", "a")
    check(load_error(doc(const("a", [2**40], "INT32"))), "VALUE_NOT_REPRESENTABLE", "a")
    check(load_error(doc(const("a", [2**70], "INT64"))), "VALUE_NOT_REPRESENTABLE", "a")


def test_document_structure_errors():
    check(load_error([]), "INVALID_DOCUMENT")
    check(load_error({"format": "graphgate.graph/v9", "nodes": []}), "UNSUPPORTED_FORMAT")
    check(load_error({"nodes": []}), "UNSUPPORTED_FORMAT")
    check(load_error(doc({"name": "bad:name", "op": "NoOp"})), "INVALID_NAME")
    check(load_error(doc({"name": "a", "op": "NoOp", "extra": 1})), "INVALID_DOCUMENT", "a")
    check(load_error(doc({"name": "a", "op": "SplitV", "inputs": []})), "INVALID_ATTR", "a")
    # An axis an op takes as an attribute or (known only at run time) an input: neither,
    # or both, is refused.
    check(
        load_error(doc(const("c", [1.0]), {"name": "a", "op": "ExpandDims", "inputs": ["c"]})),
        "INVALID_ATTR",
        "a",
    )
    axis_twice = {"name": "a", "op": "Cumsum", "inputs": ["c", "i"], "attrs": {"axis": 1}}
    check(
        load_error(doc(const("c", [1.0]), const("i", 0, "INT32"), axis_twice)), "INVALID_ATTR", "a"
    )
    check(
        load_error(
            doc(
                const("a", [1.0]),
                {"name": "r", "op": "Reshape", "inputs": ["a"], "attrs": {"shape": "x"}},
            )
        ),
        "INVALID_ATTR",
        "r",
    )
    check(
        load_error(
            doc(
                const("a", [1.0]),
                {
                    "name": "r",
                    "op": "Reshape",
                    "inputs": ["a"],
                    "attrs": {"shape": [1], "color": "red"},
                },
            )
        ),
        "INVALID_ATTR",
        "r",
    )
    check(
        load_error(
            doc(
                {
                    "name": "a",
                    "op": "Const",
                    "attrs": {"value": {"datatype": "FP32", "shape": [2], "data": [1.0]}},
                }
            )
        ),
        "INVALID_TENSOR",
        "a",
    )
    check(
        load_error(
            doc(
                {
                    "name": "a",
                    "op": "Const",
                    "attrs": {"value": {"datatype": "BF16", "shape": [1], "data": [1]}},
                }
            )
        ),
        "UNSUPPORTED_DTYPE",
        "a",
    )
    check(
        load_error(doc(const("a", 1.0), {"name": "s", "op": "Assign", "inputs": ["a", "a"]})),
        "INVALID_ATTR",
        "s",
    )
    check(
        # (Transpose, Tile and Pad take an unknown rank, as TF's do; the engine's Bitcast
        # does not)
        load_error(
            doc(
                ph("x"), {"name": "t", "op": "Bitcast", "inputs": ["x"], "attrs": {"type": "INT32"}}
            )
        ),
        "UNKNOWN_RANK",
        "t",
    )


def test_runtime_errors_name_the_node():
    g = gg.Graph()
    with g.as_default():
        idx = gg.placeholder(gg.int32, [None], name="idx")
        out = gg.gather(gg.constant([1.0, 2.0]), idx, name="pick")
        v = gg.Variable(1.0, name="v")
        use = v + 1
    sess = gg.Session(g)
    for _ in range(3):
        with pytest.raises(gg.InvalidArgumentError) as info:
            sess.run(out, {idx: [0, 7]})
        check(info.value, "INDEX_OUT_OF_RANGE", "pick")
    with pytest.raises(gg.FailedPreconditionError) as info:
        sess.run(use)
    check(info.value, "UNINITIALIZED_VARIABLE", "v")


def test_no_gradient_and_mismatched_variable_values():
    g = gg.Graph()
    with g.as_default():
        gg.Variable([1.0, 2.0], name="w")
    sess = gg.Session(g)
    with pytest.raises(gg.GraphgateError) as info:
        sess.set_variables({"w": [True, False]})
    check(info.value, "FEED_DTYPE_MISMATCH", "w")
    with pytest.raises(gg.NotFoundError) as info:
        sess.set_variables({"q": [1.0]})
    check(info.value, "UNKNOWN_VARIABLE", "q")


def test_every_code_is_documented_in_the_engine_guide():
    guide = (Path(__file__).parents[3] / "docs" / "engine.md").read_text()
    table = dict(re.findall(r"^\| `([A-Z_]+)` \| `([A-Z_]+)` \|", guide, re.M))
    assert table == CODES


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_raises_its_category_class_and_tf1s_python_class(code):
    from graphgate.errors import PYTHON_CLASSES, error

    err = error(code, "message", node="n")
    assert isinstance(err, gg.GraphgateError) and isinstance(err, gg.errors.OpError)
    assert err.code == code and err.category == CODES[code]
    assert type(err).error_code == getattr(gg.errors, CODES[code])
    for cls in PYTHON_CLASSES.get(code, ()):
        assert isinstance(err, cls)
    # The service maps by category; the message never changes with the class.
    assert str(err) == f"{code}: message [node n]"


def test_tf1_except_clauses_catch_graphgate_errors():
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [2, 3], name="x")
        with pytest.raises(KeyError, match="does not exist"):
            g.get_tensor_by_name("nope:0")
        with pytest.raises(KeyError, match="refers to an Operation not in the graph"):
            g.get_operation_by_name("nope")
        with pytest.raises(ValueError):
            gg.matmul(x, x)
        with pytest.raises(TypeError):
            gg.add(x, gg.placeholder(gg.int32, [2, 3]))
        v = gg.Variable(gg.zeros([2]), name="v")
    with gg.Session(g) as sess:
        with pytest.raises(gg.errors.InvalidArgumentError):
            sess.run(x * 2.0)
        with pytest.raises(gg.errors.FailedPreconditionError):
            sess.run(v + 1.0)
        with pytest.raises(gg.errors.OpError):
            sess.run(x)
    with pytest.raises(RuntimeError):
        sess.run(v)


def test_every_code_the_engine_raises_is_in_the_table():
    """A literal code missing from CODES makes `error()` itself raise KeyError, so the
    refusal it meant becomes a crash (found once: INVALID_ARGUMENT, a category)."""
    import re
    from pathlib import Path

    import graphgate
    from graphgate.errors import CODES

    pattern = re.compile(r'\b(?:error|InferenceError)\(\s*"([A-Z_]+)"')
    root = Path(graphgate.__file__).parent
    unknown = sorted(
        f"{path.relative_to(root)}: {code}"
        for path in root.rglob("*.py")
        for code in pattern.findall(path.read_text("utf-8"))
        if code not in CODES
    )
    assert unknown == []
