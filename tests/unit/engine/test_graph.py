"""Graph building: the TF 1.x API, default graphs, names, scopes, static shapes."""

from __future__ import annotations

import json
import threading

import numpy as np
import pytest

import graphgate as gg


def test_the_tutorial_program_gives_3_75():
    g = gg.Graph()
    with g.as_default():
        a = gg.constant(15, name="a")
        b = gg.constant(5, name="b")
        prod = gg.multiply(a, b)
        total = gg.add(a, b)
        res = gg.divide(prod, total)
    with gg.Session(g) as sess:
        assert sess.run(res) == 3.75
    # Integers are divided as TensorFlow does: cast to float64, then RealDiv.
    assert [op.input_nodes[0] for op in res.op.input_nodes] == [prod.op, total.op]


def test_default_graph_is_per_thread_and_stacked():
    outer, inner = gg.Graph(), gg.Graph()
    seen = {}
    with outer.as_default():
        assert gg.get_default_graph() is outer
        with inner.as_default():
            assert gg.get_default_graph() is inner
            t = threading.Thread(target=lambda: seen.update(g=gg.get_default_graph()))
            t.start()
            t.join()
        assert gg.get_default_graph() is outer
    assert seen["g"] is not inner and seen["g"] is not outer


def test_unique_names_and_name_scopes(graph):
    a = gg.constant(1.0)
    assert [a.op.name, gg.constant(2.0).op.name] == ["Const", "Const_1"]
    x = a + a
    y = a + a
    assert (x.op.name, y.op.name) == ("add", "add_1")
    with gg.name_scope("layer"):
        z = gg.multiply(a, a, name="mul")
        with gg.name_scope("inner"):
            w = gg.identity(z)
    with gg.name_scope("layer"):
        v = gg.identity(z)
    assert z.name == "layer/mul:0"
    assert w.op.name == "layer/inner/Identity"
    assert v.op.name == "layer_1/Identity"
    assert graph.get_tensor_by_name("layer/mul:0") is z
    with pytest.raises(ValueError, match="refers to an Operation, not a Tensor"):
        graph.get_tensor_by_name("layer/mul")  # an op's name, as TF's: `layer/mul:0` is its tensor
    assert graph.get_operation_by_name("add_1") is y.op


def test_unique_name_skips_taken_names_without_case_as_tf1():
    # GIVEN names taken by users between default ones, in other cases
    g = gg.Graph()
    asked = ["Add", "Add", "add_2", "Add", "ADD", "add", "Add_4", "Add"]
    asked += ["x_1", "x", "x", "X", "x_1", "x_1", "Add_1"]
    # THEN each is TF1's `Graph.unique_name` (computed with tensorflow.compat.v1)
    assert [g.unique_name(n) for n in asked] == [
        "Add", "Add_1", "add_2", "Add_3", "ADD_4", "add_5", "Add_4_1", "Add_6",
        "x_1", "x", "x_2", "X_3", "x_1_1", "x_1_2", "Add_1_1",
    ]  # fmt: skip
    # AND a name not marked as used is not taken
    assert [g.unique_name("Add", mark_as_used=False) for _ in range(2)] == ["Add_7"] * 2


def test_static_shapes_and_dtypes_are_known_at_build_time(graph):
    x = gg.placeholder(gg.float32, [None, 784], name="x")
    w = gg.Variable(np.zeros((784, 10), np.float32))
    y = gg.matmul(x, w) + gg.zeros([10])
    assert y.shape.as_list() == [None, 10] and y.dtype == gg.float32
    assert gg.reduce_sum(y, axis=1).shape == [None]
    assert gg.reduce_mean(y, keepdims=True).shape == [1, 1]
    assert x[:, 3:7].shape == [None, 4]
    assert gg.reshape(x, [-1, 28, 28]).shape == [None, 28, 28]
    assert gg.argmax(y, 1).dtype == gg.int64
    assert (y > 0).dtype == gg.bool
    u = gg.placeholder(gg.float32)
    assert u.shape.rank is None and (u * 2).shape.rank is None
    assert gg.reduce_sum(u).shape == []


def test_equality_is_identity_so_tensors_key_feeds(graph):
    a = gg.placeholder(gg.float32, [])
    b = gg.placeholder(gg.float32, [])
    assert a == a and a != b
    assert len({a: 1, b: 2}) == 2
    eq = gg.equal(a, b)
    assert isinstance(eq, gg.Tensor)
    with pytest.raises(TypeError):
        bool(a)


def test_operator_overloads_follow_tensorflow(graph):
    a = gg.constant([[1.0, 2.0], [3.0, 4.0]])
    ops = {
        "add": a + 1,
        "radd": 1 + a,
        "sub": a - 1,
        "rsub": 1 - a,
        "mul": a * 2,
        "rmul": 2 * a,
        "div": a / 2,
        "rdiv": 2 / a,
        "matmul": a @ a,
        "pow": a**2,
        "rpow": 2**a,
        "neg": -a,
        "abs": abs(-a),
        "lt": a < 2,
        "le": a <= 2,
        "gt": a > 2,
        "ge": a >= 2,
        "getitem": a[1, ::-1],
        "and": (a > 1) & (a < 4),
        "or": (a < 2) | (a > 3),
        "invert": ~(a > 1),
        "np_left": np.float32(2) * a,
    }
    x = np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)
    want = {
        "add": x + 1,
        "radd": 1 + x,
        "sub": x - 1,
        "rsub": 1 - x,
        "mul": x * 2,
        "rmul": 2 * x,
        "div": x / 2,
        "rdiv": 2 / x,
        "matmul": x @ x,
        "pow": x**2,
        "rpow": 2**x,
        "neg": -x,
        "abs": x,
        "lt": x < 2,
        "le": x <= 2,
        "gt": x > 2,
        "ge": x >= 2,
        "getitem": x[1, ::-1],
        "and": (x > 1) & (x < 4),
        "or": (x < 2) | (x > 3),
        "invert": ~(x > 1),
        "np_left": 2 * x,
    }
    got = gg.Session(graph).run(ops)
    for k, v in want.items():
        np.testing.assert_allclose(got[k], v, err_msg=k)
        assert got[k].dtype == v.dtype or k == "np_left", k


def test_constants_are_read_only(graph):
    value = np.array([1.0, 2.0], np.float32)
    c = gg.constant(value)
    value[0] = 99
    out = gg.Session(graph).run(c)
    assert out.tolist() == [1.0, 2.0]
    out[0] = 5
    assert gg.Session(graph).run(c).tolist() == [1.0, 2.0]
    with pytest.raises(ValueError):
        c.op.attrs["value"][0] = 3


def test_graphs_do_not_mix(graph):
    other = gg.Graph()
    with other.as_default():
        b = gg.constant(1.0)
    with pytest.raises(gg.InvalidArgumentError) as info:
        gg.add(gg.constant(1.0), b)
    assert info.value.code == "GRAPH_MISMATCH"


def test_control_dependencies_and_group(graph):
    v = gg.Variable(0.0, name="v")
    inc = v.assign_add(1.0)
    with gg.control_dependencies([inc]):
        after = v * 10
    both = gg.group(inc, v.initializer)
    assert inc.op in after.op.inputs[0].op.control_inputs or inc.op in after.op.control_inputs
    assert set(both.control_inputs) == {inc.op, v.initializer}


def test_a_list_holding_tensors_packs_and_casts_with_tensorflows_names():
    # GIVEN lists mixing tensors and literals, the tensors of another dtype than asked
    # WHEN converted (directly, and as an op's argument)
    g = gg.Graph()
    with g.as_default():
        t = gg.convert_to_tensor([[gg.constant(1)], [2]], dtype=gg.int64, name="a")
        s = gg.add(gg.constant([1.0]), [gg.constant(1)])
    # THEN the tensors are cast and packed, named as tf.compat.v1 2.21 names them
    ops = [(o.name, o.type) for o in g.get_operations()]
    assert ops == [
        ("Const", "Const"),
        ("Cast", "Cast"),
        ("a/0", "Pack"),
        ("a/1_1", "Const"),
        ("a", "Pack"),
        ("Const_1", "Const"),
        ("Const_2", "Const"),
        ("Add/Cast", "Cast"),
        ("Add/y", "Pack"),
        ("Add", "Add"),
    ]
    with gg.Session(graph=g) as sess:
        assert sess.run(t).tolist() == [[1], [2]] and sess.run(t).dtype == np.int64
        assert sess.run(s).tolist() == [2.0]


def test_create_op_finds_the_op_families_loaded_on_first_use():
    # Sin lives in special_math_ops, which `import graphgate` loads only when a program
    # first names it: TF1's Graph.create_op("Sin", ...) was UNKNOWN_OP in a fresh process
    # (and this file's tests passed or failed by which test ran before them).
    import subprocess
    import sys

    program = (
        "import graphgate as gg, sys\n"
        "assert 'graphgate.ops.special_math_ops' not in sys.modules\n"
        "g = gg.Graph()\n"
        "with g.as_default():\n"
        "    x = gg.placeholder(gg.float32, [2])\n"
        "    y = g.create_op('Sin', (x,), None, 's').outputs[0]\n"
        "print(gg.Session(g).run(y, {x: [0.0, 1.0]}).tolist())\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(np.sin(np.float32([0.0, 1.0])).tolist())
    with gg.Graph().as_default() as g, pytest.raises(gg.errors.GraphgateError) as unknown:
        g.create_op("NoSuchOp", (), None, "n")
    assert unknown.value.code == "UNKNOWN_OP"


def _in_a_fresh_process(program: str, stdin: str = "") -> str:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", program], input=stdin, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_every_op_type_any_module_registers_is_known_to_a_fresh_process():
    # Every module that registers op types, imported: what a long-lived process holds.
    from pathlib import Path

    package = Path(gg.__file__).parent
    modules = sorted(
        ".".join(("graphgate", *path.relative_to(package).with_suffix("").parts))
        for path in package.rglob("*.py")
        if "register_op(" in path.read_text(encoding="utf-8") and path.name != "registry.py"
    )
    every = json.loads(
        _in_a_fresh_process(
            "import importlib, json, sys\n"
            "from graphgate.ops.registry import REGISTRY\n"
            "for m in sys.stdin.read().split():\n"
            "    importlib.import_module(m)\n"
            "print(json.dumps(sorted(REGISTRY)))\n",
            " ".join(modules),
        )
    )
    # A fresh process that imported graphgate alone, as a Lambda reading a stored graph,
    # knows each by type: 38 of them were UNKNOWN_OP (image resizes, NMS, crops, readers).
    unknown = _in_a_fresh_process(
        "import json, sys, graphgate\n"
        "from graphgate.ops import registry\n"
        "print(json.dumps([t for t in json.loads(sys.stdin.read()) if not registry.known(t)]))\n",
        json.dumps(every),
    )
    assert len(every) > 500 and json.loads(unknown) == []


def test_a_stored_graph_that_resizes_images_runs_in_a_fresh_process():
    from graphgate import serialization

    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [1, 2, 2, 1], name="x")
        y = gg.image.resize_bilinear(x, [4, 4], name="y")
    pixels = np.arange(4, dtype=np.float32).reshape(1, 2, 2, 1)
    with gg.Session(graph=g) as sess:
        expected = sess.run(y, {x: pixels})
    shown = _in_a_fresh_process(
        "import json, sys, numpy as np, graphgate as gg\n"
        "from graphgate import serialization\n"
        "g = serialization.graph_from_dict(json.loads(sys.stdin.read()))\n"
        "x = np.arange(4, dtype=np.float32).reshape(1, 2, 2, 1)\n"
        "print(json.dumps(gg.Session(graph=g).run('y:0', {'x:0': x}).tolist()))\n",
        json.dumps(serialization.graph_to_dict(g)),
    )
    assert json.loads(shown) == expected.tolist()


def test_registering_a_gradient_for_a_built_in_type_is_refused_in_a_fresh_process_too():
    # Review 31: gradients_impl looked the type up in REGISTRY itself, which a fresh
    # process holds only the families `import graphgate` loads in: TF's KeyError for a
    # second gradient of ResizeBilinear came only in a process that had loaded image ops,
    # and a fresh one took the user's function and used it in place of the op's own.
    said = _in_a_fresh_process(
        "import graphgate as gg\n"
        "try:\n"
        "    gg.RegisterGradient('ResizeBilinear')(lambda op, grad: [None, None])\n"
        "    print('registered')\n"
        "except KeyError as exc:\n"
        "    print(exc)\n"
    )
    assert "Registering two gradient with name 'ResizeBilinear'!" in said
