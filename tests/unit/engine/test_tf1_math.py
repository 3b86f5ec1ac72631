"""TF1's math and linear algebra on graphgate, pinned to what TensorFlow computes.

`tests/reference/tf1_math.py` holds the cases (elementwise math, tf.math reductions, norms,
einsum, tensordot, eye, diagonals, inverses, determinants, Cholesky, solves, cross, inside
while_loop and cond) and the build-time refusals; it wrote what `tf.compat.v1` computed
into `fixtures/tf1_math.json`. Here the same code runs with `tf` bound to graphgate:
values, dtypes, static shapes, default names, gradients and exception classes must agree.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.test_gradients import check_grads
from tests.unit.engine.tf_reference.compare import (
    build_case,
    check_case,
    check_round_trip,
)

ROOT = Path(__file__).parents[3]
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_math.json").read_text())
_spec = importlib.util.spec_from_file_location("tf1_math", ROOT / "tests/reference/tf1_math.py")
cases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cases)


def _build(name):
    ref = FIXTURE["cases"][name]
    return ref, build_case(ref, cases.CASES[name][1], cases.scalar)


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_case_matches_tensorflow(name):
    check_case(name, *_build(name))


# Where graphgate's one op stands for TensorFlow's several, its name is the scope's or
# the composite's last op's; these outputs keep TensorFlow's scope but not the inner name.
NAMES_DIFFER = {
    # TensorFlow splits a chain of three operands into two Einsums (`einsum/Einsum_1`).
    ("einsum_forms", "chain"),
    # tensordot of a pair that needs no reshape ends in a MatMul (`Tensordot_1/MatMul`).
    ("tensordot_forms", "pairs"),
    ("tensordot_forms", "outer"),
    # TensorFlow makes names unique ignoring case (`Diag` uses up the scope `diag`), which
    # graphgate's graph does not: a difference of graph.py's, not of these ops.
    ("diagonals", "matrix_diag"),
    ("diagonals", "linalg_diag"),
    # Control flow's outputs: named by the control-flow module (cond.py, while_loop).
    ("in_cond", "out"),
    ("in_while_loop", "out"),
}


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_default_names_are_tensorflows(name):
    ref, (_, outs, *_) = _build(name)
    for key, want in ref["outputs"].items():
        if (name, key) in NAMES_DIFFER or key == "same":
            continue
        assert outs[key].op.name == want["op"], f"{name}.{key}"


@pytest.mark.parametrize("name", sorted(cases.ERRORS))
def test_refused_at_build_time_as_tensorflow(name):
    want = FIXTURE["errors"][name]
    with gg.Graph().as_default(), pytest.raises(Exception) as info:
        cases.ERRORS[name](gg)
    assert want in [c.__name__ for c in type(info.value).__mro__], (name, info.value)
    assert isinstance(info.value, gg.GraphgateError) or want in {"ValueError", "IndexError"}


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_case_round_trips_the_graph_format(name):
    _, case = _build(name)
    with np.errstate(all="ignore"):
        check_round_trip(case)


# -- gradients against finite differences ----------------------------------------------------

_rng = np.random.default_rng(7)
_M = _rng.normal(size=(3, 3)) + 3 * np.eye(3)
_SPD = _M @ _M.T
_FD = {
    "sin": (gg.sin, _rng.normal(size=(2, 3))),
    "cos": (gg.cos, _rng.normal(size=(2, 3))),
    "tan": (gg.tan, _rng.uniform(-1, 1, (2, 3))),
    "asin": (gg.asin, _rng.uniform(-0.9, 0.9, (2, 3))),
    "acos": (gg.acos, _rng.uniform(-0.9, 0.9, (2, 3))),
    "atan": (gg.atan, _rng.normal(size=(2, 3))),
    "sinh": (gg.sinh, _rng.normal(size=(2, 3))),
    "cosh": (gg.cosh, _rng.normal(size=(2, 3))),
    "asinh": (gg.asinh, _rng.normal(size=(2, 3))),
    "acosh": (gg.acosh, _rng.uniform(1.2, 3, (2, 3))),
    "atanh": (gg.atanh, _rng.uniform(-0.9, 0.9, (2, 3))),
    "erf": (gg.erf, _rng.normal(size=(2, 3))),
    "erfc": (gg.erfc, _rng.normal(size=(2, 3))),
    "lgamma": (gg.lgamma, _rng.uniform(0.3, 5, (2, 3))),
    "digamma": (gg.digamma, _rng.uniform(0.3, 5, (2, 3))),
    "expm1": (gg.expm1, _rng.normal(size=(2, 3))),
    "erfinv": (gg.erfinv, _rng.uniform(-0.9, 0.9, (2, 3))),
    "ndtri": (gg.ndtri, _rng.uniform(0.05, 0.95, (2, 3))),
    "log_sigmoid": (gg.log_sigmoid, _rng.normal(size=(2, 3))),
    "reduce_variance": (lambda x: gg.math.reduce_variance(x, 1), _rng.normal(size=(2, 3))),
    "reduce_std": (gg.math.reduce_std, _rng.normal(size=(2, 3))),
    "euclidean_norm": (lambda x: gg.math.reduce_euclidean_norm(x, 0), _rng.normal(size=(2, 3))),
    "norm_p3": (lambda x: gg.norm(x, ord=3, axis=1), _rng.normal(size=(2, 3))),
    "matrix_inverse": (gg.matrix_inverse, _M),
    "matrix_determinant": (gg.matrix_determinant, _M),
    "slogdet": (lambda x: gg.linalg.slogdet(x)[1], _M),
    "diag": (gg.diag, _rng.normal(size=(2, 2))),
    "diag_part": (gg.diag_part, _rng.normal(size=(2, 3, 2, 3))),
    "matrix_diag_part": (gg.matrix_diag_part, _rng.normal(size=(2, 3, 4))),
    "band_part": (lambda x: gg.matrix_band_part(x, 1, 0), _rng.normal(size=(3, 4))),
    "trace": (gg.trace, _rng.normal(size=(2, 3, 3))),
    "einsum_diag": (lambda x: gg.einsum("ii->i", x), _rng.normal(size=(3, 3))),
    "einsum_iij": (lambda x: gg.einsum("iij->ij", x), _rng.normal(size=(2, 2, 3))),
    "einsum_sum": (lambda x: gg.einsum("ij->j", x), _rng.normal(size=(2, 3))),
    # The decompositions read the lower triangle (eigh): finite differences of it agree.
    "eigh_values": (lambda x: gg.self_adjoint_eig(x)[0], _SPD),
    "eigh_vectors": (lambda x: gg.self_adjoint_eig(x)[1] ** 2, _SPD),
    "eigvalsh": (gg.linalg.eigvalsh, _SPD),
    "svd_tall": (
        lambda x: gg.svd(x)[0] + gg.reduce_sum(gg.svd(x)[1] ** 2),
        _rng.normal(size=(4, 3)),
    ),
    "svd_wide_v": (lambda x: gg.svd(x)[2] ** 2, _rng.normal(size=(2, 3, 5))),
    "svd_values": (lambda x: gg.svd(x, compute_uv=False), _rng.normal(size=(3, 4))),
    "qr_tall": (lambda x: gg.qr(x)[0] + gg.reduce_sum(gg.qr(x)[1]), _rng.normal(size=(4, 3))),
    "qr_wide": (lambda x: gg.qr(x)[1], _rng.normal(size=(2, 3, 5))),
    "norm_2": (lambda x: gg.norm(x, ord=2, axis=[0, 1]), _rng.normal(size=(3, 4))),
}
_FD2 = {
    "atan2": (gg.atan2, _rng.normal(size=(2, 3)), _rng.normal(size=(3,))),
    "squared_difference": (gg.squared_difference, _rng.normal(size=(2, 3)), _rng.normal(size=3)),
    "xlogy": (gg.math.xlogy, _rng.normal(size=(2, 3)), _rng.uniform(0.5, 2, (2, 3))),
    "xdivy": (gg.math.xdivy, _rng.normal(size=(2, 3)), _rng.uniform(0.5, 2, (1, 3))),
    "einsum_matmul": (lambda a, b: gg.einsum("ij,jk->ik", a, b), _M, _rng.normal(size=(3, 2))),
    "einsum_ellipsis": (
        lambda a, b: gg.einsum("...ij,...jk->...ik", a, b),
        _rng.normal(size=(2, 2, 3)),
        _rng.normal(size=(1, 3, 2)),
    ),
    "einsum_lower_rank": (
        lambda a, b: gg.einsum("...ij,...jk->...ik", a, b),
        _rng.normal(size=(2, 2, 3)),
        _rng.normal(size=(3, 2)),
    ),
    "tensordot": (
        lambda a, b: gg.tensordot(a, b, [[0, 2], [1, 0]]),
        _rng.normal(size=(2, 3, 4)),
        _rng.normal(size=(4, 2, 5)),
    ),
    "matrix_solve": (gg.matrix_solve, _M, _rng.normal(size=(3, 2))),
    "triangular_solve": (
        lambda a, b: gg.matrix_triangular_solve(a, b, lower=False, adjoint=True),
        np.triu(_M),
        _rng.normal(size=(3, 2)),
    ),
    "cross": (gg.cross, _rng.normal(size=(2, 3)), _rng.normal(size=(2, 3))),
    "set_diag": (gg.matrix_set_diag, _rng.normal(size=(3, 4)), _rng.normal(size=(3,))),
}


@pytest.mark.parametrize("name", sorted(_FD))
def test_unary_gradient_matches_finite_differences(name):
    fn, x = _FD[name]
    check_grads(fn, x)


@pytest.mark.parametrize("name", sorted(_FD2))
def test_binary_gradient_matches_finite_differences(name):
    fn, a, b = _FD2[name]
    check_grads(fn, a, b)


def test_cholesky_gradient_matches_finite_differences_of_symmetric_perturbations():
    # Cholesky reads one triangle: perturb symmetrically, as TensorFlow's formula assumes.
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float64, [3, 3])
        w = gg.constant(np.arange(9.0).reshape(3, 3) / 9)
        y = gg.reduce_sum(gg.cholesky(x) * w)
        (grad,) = gg.gradients(y, [x])
    sess = gg.Session(g)
    analytic = sess.run(grad, {x: _SPD})
    eps = 1e-6
    for i, j in [(0, 0), (1, 0), (2, 1), (2, 2)]:
        d = np.zeros((3, 3))
        d[i, j] = d[j, i] = eps
        numeric = (sess.run(y, {x: _SPD + d}) - sess.run(y, {x: _SPD - d})) / (2 * eps)
        want = analytic[i, j] + (analytic[j, i] if i != j else 0)
        np.testing.assert_allclose(want, numeric, rtol=1e-5, atol=1e-7)


def test_second_order_gradients_through_the_special_functions():
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float64, [4])
        (d1,) = gg.gradients(gg.reduce_sum(gg.lgamma(x)), [x])
        (d2,) = gg.gradients(gg.reduce_sum(d1), [x])
    v = np.array([0.5, 1.0, 2.5, 7.0])
    d1v, d2v = gg.Session(g).run([d1, d2], {x: v})
    # ψ(1) = -γ and ψ'(1) = π²/6.
    np.testing.assert_allclose(d1v[1], -0.5772156649015329, rtol=1e-13)
    np.testing.assert_allclose(d2v[1], np.pi**2 / 6, rtol=1e-13)


# -- run-time errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "value"),
    [
        (gg.matrix_inverse, np.ones((2, 2))),
        (lambda x: gg.matrix_solve(x, np.ones((2, 1))), np.zeros((2, 2))),
        (lambda x: gg.truncatediv(x, np.array([0, 1])), np.array([1, 2])),
        (lambda x: gg.einsum("ij,jk->ik", x, np.ones((3, 2))), np.ones((2, 1))),
        (lambda x: gg.confusion_matrix(x, np.array([0, 1])), np.array([-1, 1])),
        (lambda x: gg.confusion_matrix(x, np.array([0, 1]), num_classes=2), np.array([0, 2])),
        (gg.bincount, np.array([3, -1], np.int32)),
    ],
    ids=[
        "singular_inverse",
        "singular_solve",
        "int_div_zero",
        "label",
        "negative_class",
        "class_out_of_bound",
        "negative_count",
    ],
)
def test_run_time_failures_are_invalid_argument(build, value):
    g = gg.Graph()
    with g.as_default():
        shape = [None] * np.ndim(value)
        x = gg.placeholder(value.dtype, shape)
        y = build(x)
    with pytest.raises(gg.errors.InvalidArgumentError):
        gg.Session(g).run(y, {x: value})


# -- compat.v1 and the namespaces ---------------------------------------------------------------


def test_compat_v1_is_graphgate_itself():
    import graphgate.compat.v1 as tf
    from graphgate.compat import v1

    assert tf is gg and v1 is gg and gg.compat.v1 is gg
    assert tf.compat.v1.placeholder is gg.placeholder
    tf.disable_v2_behavior()
    tf.disable_eager_execution()
    tf.compat.v1.disable_v2_tensorshape()
    tf.disable_resource_variables()
    assert tf.executing_eagerly() is False
    assert tf.VERSION == tf.version.VERSION == "1.15.0"
    assert tf.compat.as_bytes("é") == "é".encode() and tf.compat.as_text(b"a") == "a"


@pytest.mark.parametrize("switch", ["enable_eager_execution", "enable_v2_behavior"])
def test_asking_for_eager_execution_is_refused(switch):
    with pytest.raises(NotImplementedError) as info:
        getattr(gg, switch)()
    assert info.value.code == "UNIMPLEMENTED"


def test_namespace_tables_use_tensorflows_names_only():
    from graphgate import tf_math

    for table, ns in ((tf_math.MATH, "math"), (tf_math.LINALG, "linalg")):
        unknown = set(table) - set(FIXTURE["namespaces"][ns])
        assert not unknown, f"tf.{ns} has no {sorted(unknown)}"


def test_namespaces_reach_graphgates_functions():
    assert gg.math.sin is gg.sin and gg.math.divide_no_nan is gg.div_no_nan
    assert gg.math.top_k is gg.nn.top_k and gg.math.reduce_sum is gg.reduce_sum
    assert gg.linalg.inv is gg.matrix_inverse and gg.linalg.transpose is gg.matrix_transpose
    assert gg.linalg.tensor_diag is gg.diag and gg.linalg.diag is gg.matrix_diag
    assert gg.dtypes.cast is gg.cast
    assert "sin" in dir(gg.math) and "einsum" in dir(gg.linalg)
    with pytest.raises(AttributeError):
        gg.math.no_such_function  # noqa: B018


def test_compat_v1_imports_first_in_a_fresh_interpreter():
    # `import graphgate.compat.v1 as tf` as a program's first line, nothing loaded before.
    code = (
        "import graphgate.compat.v1 as tf; import graphgate; "
        "assert tf is graphgate and tf.compat.v1 is graphgate; "
        "tf.disable_v2_behavior(); x = tf.placeholder(tf.float32, [2]); "
        "print(tf.Session().run(tf.math.sin(x) * 0 + tf.linalg.trace(tf.eye(2)), {x: [1, 2]}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[2. 2.]"


def test_new_ops_load_on_first_use_only():
    code = (
        "import sys, graphgate; "
        "print([m for m in ('graphgate.ops.special_math_ops', 'graphgate.ops.linalg_ops', "
        "'graphgate.compat', 'graphgate.tf_math') if m in sys.modules])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


# -- fusion ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_fused_chains_of_the_new_elementwise_ops_agree_bit_for_bit(dtype):
    from graphgate import fusion

    n = 1 << 16
    fns = [gg.sin, gg.cos, gg.tan, gg.atan, gg.sinh, gg.asinh, gg.expm1, gg.ceil, gg.rint]
    fns += [gg.round, gg.tanh, gg.cosh, gg.acosh, gg.atanh, gg.asin, gg.acos]
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(dtype, [n])
        y = x
        for fn in fns:
            y = fn(y)
        z = gg.atan2(y, x)
    assert all(fn(gg.constant([1.0])).op.type in fusion.FUSIBLE for fn in fns[:1])
    v = np.random.default_rng(3).uniform(-2, 2, n).astype(dtype)
    with np.errstate(all="ignore"):
        fused = gg.Session(g).run(z, {x: v})
        plain = gg.Session(g, optimize=False).run(z, {x: v})
    assert fused.tobytes() == plain.tobytes() or np.array_equal(fused, plain, equal_nan=True)


# -- unknown shapes ----------------------------------------------------------------------------

from tests.unit.engine.test_nn_ops import _shapeless_grads  # noqa: E402

_ELEMENTWISE = [
    lambda a, b: gg.sin(a) * gg.cos(b) + gg.tan(a * 0.3) + gg.atan2(a, b),
    lambda a, b: gg.asinh(a) + gg.sinh(b) * gg.cosh(a) + gg.atan(b) + gg.expm1(a),
    lambda a, b: gg.erf(a) + gg.erfc(b) + gg.lgamma(a * a + 0.5) + gg.digamma(b * b + 0.5),
    lambda a, b: gg.squared_difference(a, b) + gg.math.xlogy(a, b * b + 1) + gg.log_sigmoid(a),
    lambda a, b: gg.math.reduce_variance(a) + gg.math.reduce_std(b) + gg.norm(a * b),
    lambda a, b: gg.math.xdivy(a, b * b + 1) + gg.math.multiply_no_nan(a, b) + gg.div(a, 2.0),
    lambda a, b: (
        gg.einsum("ij,kj->ik", a, b)
        + gg.matrix_inverse(gg.matmul(a, a, transpose_b=True) + 5 * gg.eye(3, dtype=gg.float64))
    ),
]
_UNKNOWN_DIMS = [
    lambda a, b: gg.einsum("ij->j", a) + gg.einsum("ij,ij->j", a, b),
    lambda a, b: gg.tensordot(a, b, [[1], [1]]) + gg.trace(gg.matmul(a, b, transpose_b=True)),
    lambda a, b: gg.matrix_band_part(a, 1, 0) + gg.matrix_set_diag(b, gg.matrix_diag_part(a)),
    lambda a, b: gg.cross(a[:, :3], b[:, 1:]) * gg.norm(a, axis=1, keepdims=True),
    lambda a, b: gg.math.reduce_euclidean_norm(a, 1) + gg.math.reduce_variance(b, 1),
    lambda a, b: (
        gg.cholesky(gg.matmul(a, a, transpose_b=True) + 4 * gg.eye(3, dtype=gg.float64))
        + gg.reduce_sum(b)
    ),
    lambda a, b: (
        gg.matrix_determinant(gg.matmul(a, b, transpose_b=True))
        + gg.linalg.slogdet(gg.matmul(b, b, transpose_b=True))[1]
    ),
    lambda a, b: (
        gg.matrix_solve(gg.matmul(a, a, transpose_b=True) + 4 * gg.eye(3, dtype=gg.float64), b)
        + gg.matrix_triangular_solve(
            gg.matmul(b, b, transpose_b=True) + 4 * gg.eye(3, dtype=gg.float64), a
        )
    ),
]


@pytest.mark.parametrize("index", range(len(_ELEMENTWISE)))
@pytest.mark.parametrize("rank_known", [True, False])
def test_gradients_with_unknown_shapes_match_static_ones(index, rank_known):
    rng = np.random.default_rng(index)
    a, b = rng.normal(size=(3, 4)), rng.normal(size=(3, 4)) + 0.1
    _shapeless_grads(_ELEMENTWISE[index], [a, b], rank_known)


@pytest.mark.parametrize("index", range(len(_UNKNOWN_DIMS)))
def test_gradients_with_unknown_dims_match_static_ones(index):
    rng = np.random.default_rng(index)
    a, b = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    _shapeless_grads(_UNKNOWN_DIMS[index], [a, b], rank_known=True)


# -- einsum against numpy, on random equations ---------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@st.composite
def einsum_problems(draw):
    """An equation numpy and TensorFlow both accept, and operands for it: labels of one
    size each, ellipses of broadcastable shapes, implicit or explicit outputs."""
    sizes = {c: draw(st.integers(1, 3)) for c in "abcde"}
    n_ops = draw(st.integers(1, 3))
    ellipsis = draw(st.booleans())
    ell_rank = draw(st.integers(0, 2)) if ellipsis else 0
    ell_full = [draw(st.integers(2, 3)) for _ in range(ell_rank)]
    subs, shapes = [], []
    for _ in range(n_ops):
        labels = draw(st.lists(st.sampled_from("abcde"), max_size=3))
        shape = [sizes[c] for c in labels]
        text = "".join(labels)
        if ellipsis:
            mine = ell_full[len(ell_full) - draw(st.integers(0, ell_rank)) :]
            mine = [d if draw(st.booleans()) else 1 for d in mine]
            at = draw(st.integers(0, len(labels)))
            text = text[:at] + "..." + text[at:]
            shape = shape[:at] + mine + shape[at:]
        subs.append(text)
        shapes.append(shape)
    equation = ",".join(subs)
    if draw(st.booleans()):
        used = sorted({c for s in subs for c in s if c != "."})
        out = draw(st.permutations(used))[: draw(st.integers(0, len(used)))]
        equation += "->" + ("..." if ellipsis else "") + "".join(out)
    seed = draw(st.integers(0, 2**31))
    return equation, shapes, seed


@settings(derandomize=True, max_examples=80, deadline=None)
@given(einsum_problems())
def test_einsum_and_its_gradient_agree_with_numpy(problem):
    equation, shapes, seed = problem
    rng = np.random.default_rng(seed)
    arrays = [rng.normal(size=s) for s in shapes]
    want = np.einsum(equation, *arrays)
    g = gg.Graph()
    with g.as_default():
        xs = [gg.placeholder(gg.float64, s) for s in shapes]
        y = gg.einsum(equation, *xs)
        w = gg.constant(rng.normal(size=np.shape(want)))
        grads = gg.gradients(gg.reduce_sum(y * w), xs)
    assert y.shape.as_list() == list(np.shape(want))
    sess = gg.Session(g)
    feed = dict(zip(xs, arrays, strict=True))
    got, got_grads = sess.run([y, grads], feed)
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)
    # einsum is linear in each operand: <dL/dA, D> is the loss of einsum with A := D.
    weights = sess.run(w)
    for k, grad in enumerate(got_grads):
        direction = rng.normal(size=shapes[k])
        moved = [direction if i == k else a for i, a in enumerate(arrays)]
        expected = np.sum(np.einsum(equation, *moved) * weights)
        np.testing.assert_allclose(np.sum(grad * direction), expected, rtol=1e-9, atol=1e-9)


# -- dtypes --------------------------------------------------------------------------------------

# Where graphgate refuses a dtype TensorFlow takes (never the other way round): none now.
NARROWER: set[tuple[str, str]] = set()


@pytest.mark.parametrize("name", sorted(cases.DTYPE_PROBES))
def test_takes_and_refuses_the_dtypes_tensorflow_does(name):
    for dtype, want in FIXTURE["dtypes"][name].items():
        got = cases.probe(gg, name, dtype)
        if (name, dtype) in NARROWER:
            assert not got.startswith("ok"), (name, dtype)
        elif want.startswith("ok"):
            assert got == want, (name, dtype, got, want)
        else:
            assert not got.startswith("ok"), (name, dtype, got, want)


@pytest.mark.parametrize(
    ("op_type", "inputs", "attrs"),
    [
        ("ConfusionMatrix", [[0, 1], [1, 0]], {"num_classes": -3, "dtype": gg.int32}),
        ("DenseBincount", [[0, 1]], {"minlength": -2, "maxlength": -1, "dtype": gg.int32}),
        ("Eye", [2, 2], {"batch_shape": (-1,), "dtype": gg.float32}),
        ("Einsum", [[1.0], [1.0]], {"equation": "i,i->ii"}),
        ("Einsum", [[1.0]], {"equation": "i.->i"}),
    ],
)
def test_bad_attributes_in_a_document_are_invalid_attr(op_type, inputs, attrs):
    # What a graph document can say that the public functions never build.
    g = gg.Graph()
    with g.as_default():
        ts = [
            gg.constant(np.asarray(v, np.int32 if op_type != "Einsum" else np.float32))
            for v in inputs
        ]
        with pytest.raises(gg.GraphgateError) as info:
            g.create_op(op_type, tuple(ts), attrs, "bad")
    assert info.value.code == "INVALID_ATTR"


@pytest.mark.parametrize(
    "build",
    [
        lambda n: gg.eye(n),
        lambda n: gg.bincount(gg.reshape(n, [1])),
        lambda n: gg.confusion_matrix(gg.reshape(n, [1]), gg.reshape(n, [1])),
    ],
    ids=["eye", "bincount", "confusion_matrix"],
)
def test_sizes_that_are_values_stay_under_the_tensor_limit(build):
    # A size taken from a value escapes static shapes: the kernel checks it before
    # allocating, so a document cannot ask a service for a 10^10-element identity.
    g = gg.Graph()
    with g.as_default():
        n = gg.placeholder(gg.int32, [])
        y = build(n)
    sess = gg.Session(g, limits=gg.Limits(max_tensor_elements=10_000))
    assert np.asarray(sess.run(y, {n: 50})).size <= 51 * 51
    with pytest.raises(gg.ResourceExhaustedError) as info:
        sess.run(y, {n: 100_000})
    assert info.value.code == "TENSOR_TOO_LARGE"


def test_bincount_weights_of_another_shape_and_cumsum_vector_axis_are_invalid_argument():
    # bincount_op_test / scan_ops_test: TF's kernels refuse both (InvalidArgumentError).
    with pytest.raises(gg.errors.InvalidArgumentError, match="same shape"):
        gg.bincount([1, 2], weights=[1.0, 2.0, 3.0])
    for op in (gg.cumsum, gg.cumprod):
        with pytest.raises(gg.errors.InvalidArgumentError, match="axis must be a scalar"):
            op(gg.constant([[1.0, 2.0]]), [0])
