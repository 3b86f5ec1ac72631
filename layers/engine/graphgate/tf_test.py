"""`gg.test`: TF1's `tf.test` — `TestCase` with its sessions and array assertions, the v1
gradient checker (`compute_gradient`, `compute_gradient_error`) and the device probes.

As TF1's, each test starts on a fresh default graph whose seed is TensorFlow's default
graph seed, with Python's and numpy's generators seeded the same way, so a test that draws
`np.random` values draws TensorFlow's. Only `import graphgate.test`-style use loads this
module (unittest and tempfile stay out of `import graphgate`).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import math
import random
import re
import shutil
import tempfile
import time
import unittest
from collections.abc import Mapping
from unittest import mock

import numpy as np

from . import dtypes as _dt
from .errors import OpError
from .graph import Tensor, get_default_graph, reset_default_graph, set_random_seed
from .ops.random_ops import DEFAULT_GRAPH_SEED
from .session import Session, get_default_session

_TEMP_DIR: list[str] = []


def __getattr__(name: str):
    if name == "create_local_cluster":  # refused with the other gRPC servers
        from .tf_distribute import create_local_cluster

        return create_local_cluster
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def get_temp_dir() -> str:
    """One temporary directory for the whole process, removed when it exits."""
    if not _TEMP_DIR:
        path = tempfile.mkdtemp(prefix="graphgate_test_")
        atexit.register(shutil.rmtree, path, ignore_errors=True)
        _TEMP_DIR.append(path)
    return _TEMP_DIR[0]


def main(argv=None):
    """Run the tests of `__main__` (unittest's runner; exits with its status)."""
    return unittest.main(module="__main__", argv=argv)


def is_gpu_available(cuda_only: bool = False, min_cuda_compute_capability=None) -> bool:
    """graphgate computes on the CPU with numpy: never a GPU."""
    return False


def gpu_device_name() -> str:
    return ""


def is_built_with_cuda() -> bool:
    return False


is_built_with_rocm = is_built_with_gpu_support = is_built_with_xla = is_built_with_cuda


def is_cpu_target_available(target: str) -> bool:
    return False


def disable_with_predicate(pred, skip_message: str):
    """A test-method decorator: skip the test when `pred()` holds at run time."""

    def decorate(func):
        @functools.wraps(func)
        def wrapper(self, *args, **kwargs):
            if pred():
                self.skipTest(skip_message)
            return func(self, *args, **kwargs)

        return wrapper

    return decorate


def with_eager_op_as_function(cls=None, only_as_function: bool = False):
    """TF's decorator adds eager variants of a test class; graphgate has no eager mode, so
    the class (or the decorator, called bare) comes back unchanged."""
    return cls if cls is not None else (lambda c: c)


def benchmark_config():
    """The session config TF's benchmarks use: a plain ConfigProto here."""
    from .interactive import ConfigProto

    return ConfigProto()


def test_src_dir_path(relative_path: str) -> str:
    raise NotImplementedError("graphgate has no TensorFlow source tree to point into")


# -- the v1 gradient checker ------------------------------------------------------------------

_CHECKABLE = (_dt.float16, _dt.float32, _dt.float64)


def _size(shape) -> int:
    return int(np.prod(shape, dtype=np.int64)) if len(shape) else 1


def _dx_and_dy(x: Tensor, y: Tensor, y_shape):
    from .gradients_impl import gradients
    from .ops.array_ops import constant, identity

    with x.graph.as_default():
        dy_orig = constant(1.0, shape=y_shape, dtype=y.dtype)
        dy = identity(dy_orig)
    (dx,) = gradients(y, x, dy, dense=True)
    if dx is None:
        raise ValueError(f"{y.name} does not depend on {x.name}: no gradient to check")
    return dx, dy_orig


def _theoretical(sess, x, x_data, dy, y_shape, dx, extra) -> np.ndarray:
    """Column j: the backprop of a one-hot output gradient at j, as TensorFlow's."""
    y_size = _size(y_shape)
    jacobian = np.zeros((x_data.size, y_size), dtype=x_data.dtype)
    dy_data = np.zeros(y_shape, dtype=dy.dtype.as_numpy_dtype)
    flat = dy_data.reshape(-1)
    for col in range(y_size):
        flat[col] = 1
        jacobian[:, col] = np.ravel(sess.run(dx, {**extra, x: x_data, dy: dy_data}))
        flat[col] = 0
    return jacobian


def _numeric(sess, x, x_data, y, y_shape, delta, extra) -> np.ndarray:
    """Central differences in the inputs' own dtype, divided by `2 * delta` in y's."""
    scale = np.asarray(2 * delta, dtype=y.dtype.as_numpy_dtype)[()]
    jacobian = np.zeros((x_data.size, _size(y_shape)), dtype=x_data.dtype)
    for row in range(x_data.size):
        pos, neg = x_data.copy(), x_data.copy()
        pos.reshape(-1)[row] += delta
        neg.reshape(-1)[row] -= delta
        y_pos = sess.run(y, {**extra, x: pos})
        y_neg = sess.run(y, {**extra, x: neg})
        jacobian[row, :] = np.ravel((y_pos - y_neg) / scale)
    return jacobian


def _check_dtypes(xs, y) -> None:
    # TF asserts; its AssertionError is what TF1 test code expects here.
    for t, what in [*((x, "x") for x in xs), (y, "y")]:
        if t.dtype.base_dtype not in _CHECKABLE:
            raise AssertionError(f"Don't support type {t.dtype.name} for {what}")


def _one(x, x_shape, y, y_shape, x_init_value, delta, extra, dx_dy):
    if x_init_value is not None:
        x_data = np.asarray(x_init_value)
        if list(x_shape) != list(x_data.shape):
            raise ValueError(f"x_shape = {x_shape}, init_data shape = {list(x_data.shape)}")
    else:
        x_data = np.random.random_sample(x_shape).astype(x.dtype.as_numpy_dtype)
    x_data = np.asarray(x_data, dtype=x.dtype.as_numpy_dtype)
    sess = get_default_session()
    if sess is None:
        raise ValueError("compute_gradient needs a default session (`with sess.as_default():`)")
    dx, dy = dx_dy
    return (
        _theoretical(sess, x, x_data, dy, y_shape, dx, extra),
        _numeric(sess, x, x_data, y, y_shape, delta, extra),
    )


def compute_gradient(
    x,
    x_shape,
    y,
    y_shape,
    x_init_value=None,
    delta=1e-3,
    init_targets=None,
    extra_feed_dict=None,
):
    """TF1's `tf.test.compute_gradient`: the (theoretical, numerical) Jacobians of `y` with
    respect to `x`, each `[x size, y size]`, computed in the default session. A list of
    `x` (with lists of shapes and initial values) gives a list of pairs."""
    extra = dict(extra_feed_dict or {})
    xs = x if isinstance(x, list) else [x]
    shapes = x_shape if isinstance(x, list) else [x_shape]
    inits = x_init_value if isinstance(x, list) else [x_init_value]
    _check_dtypes(xs, y)
    pairs = [_dx_and_dy(xi, y, y_shape) for xi in xs]
    for init in init_targets or ():
        init.run()
    inits = inits if inits is not None else [None] * len(xs)
    out = [
        _one(xi, si, y, y_shape, vi, delta, extra, p)
        for xi, si, vi, p in zip(xs, shapes, inits, pairs, strict=True)
    ]
    return out if isinstance(x, list) else out[0]


def compute_gradient_error(
    x,
    x_shape,
    y,
    y_shape,
    x_init_value=None,
    delta=1e-3,
    init_targets=None,
    extra_feed_dict=None,
):
    """The largest absolute difference between the theoretical and numerical Jacobians."""
    grad = compute_gradient(
        x, x_shape, y, y_shape, x_init_value, delta, init_targets, extra_feed_dict
    )
    error = 0
    for j_t, j_n in [grad] if isinstance(grad, tuple) else grad:
        if j_t.size or j_n.size:
            error = np.maximum(error, np.fabs(j_t - j_n).max())
    return error


# -- TestCase -------------------------------------------------------------------------------


def _where(cond) -> tuple:
    return np.where(cond)


def _path(path: list) -> str:
    return "[" + "][".join(str(p) for p in path) + "]" if path else ""


class TestCase(unittest.TestCase):
    """TF1's `tf.test.TestCase`: graph-mode sessions and TensorFlow's array assertions."""

    def __init__(self, methodName: str = "runTest"):
        super().__init__(methodName)
        self._cached_session = None
        self._tempdir = None

    def setUp(self):
        super().setUp()
        self._clear_cached_session()
        random.seed(DEFAULT_GRAPH_SEED)
        np.random.seed(DEFAULT_GRAPH_SEED)
        reset_default_graph()
        set_random_seed(DEFAULT_GRAPH_SEED)
        # unittest collects the older `test_session` as a test of its own; TF skips it here.
        if self.id().endswith(".test_session"):
            self.skipTest("Not a test.")

    def tearDown(self):
        self._clear_cached_session()
        super().tearDown()

    def _clear_cached_session(self):
        if self._cached_session is not None:
            self._cached_session.close()
            self._cached_session = None

    def get_temp_dir(self) -> str:
        """A fresh temporary directory for this test."""
        if not self._tempdir:
            self._tempdir = tempfile.mkdtemp(dir=get_temp_dir())
        return self._tempdir

    # -- sessions ------------------------------------------------------------------------

    @contextlib.contextmanager
    def session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """A new session on `graph` (the default graph), default while the block runs."""
        graph = graph if graph is not None else get_default_graph()
        with Session(graph=graph, config=config) as sess, graph.as_default(), sess.as_default():
            yield sess

    @contextlib.contextmanager
    def cached_session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """The test's one session, made on first use; the same graph each time."""
        sess = self._get_cached_session(graph, config, strict=True)
        with sess.graph.as_default(), sess.as_default():
            yield sess

    @contextlib.contextmanager
    def test_session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """TF1's older name: the cached session, or a new one on an explicit graph."""
        if graph is None:
            sess = self._get_cached_session(graph, config, strict=False)
            with sess.graph.as_default(), sess.as_default():
                yield sess
        else:
            with self.session(graph, config) as sess:
                yield sess

    def _get_cached_session(self, graph, config, strict: bool):
        if self._cached_session is None:
            graph = graph if graph is not None else get_default_graph()
            self._cached_session = Session(graph=graph, config=config)
            self._cached_graph = graph
        elif strict and graph is not None and graph is not self._cached_graph:
            raise ValueError(
                "The graph used to get the cached session is different than the one that "
                "was used to create the session. Maybe create a new session with "
                "self.session()"
            )
        return self._cached_session

    def evaluate(self, tensors):
        """The values of `tensors` in the default session (or the cached one)."""
        sess = get_default_session()
        if sess is not None:
            return sess.run(tensors)
        with self.test_session() as sess:
            return sess.run(tensors)

    def _array(self, a) -> np.ndarray:
        if isinstance(a, Tensor):
            a = self.evaluate(a)
        if isinstance(a, np.ndarray):
            return a
        try:
            return np.array(a)
        except ValueError as e:
            if "inhomogeneous shape" in str(e):
                return np.array(a, dtype=object)
            raise

    def _both(self, a, b):
        if isinstance(a, Tensor) and isinstance(b, Tensor):
            return self.evaluate((a, b))
        return a, b

    # -- closeness -----------------------------------------------------------------------

    def _assert_array_like_all_close(self, a, b, rtol=1e-6, atol=1e-6, msg=None):
        a, b = self._both(a, b)
        a, b = self._array(a), self._array(b)
        if a.shape != b.shape and (b.ndim <= 3 or b.size < 500):
            mismatch = f"Shape mismatch: expected {a.shape}, got {b.shape} with contents {b}."
        else:
            mismatch = f"Shape mismatch: expected {a.shape}, got {b.shape}."
        self.assertEqual(a.shape, b.shape, mismatch)
        if np.allclose(a, b, rtol=rtol, atol=atol):
            return
        msgs = [msg]
        cond = np.logical_or(np.abs(a - b) > atol + rtol * np.abs(b), np.isnan(a) != np.isnan(b))
        x, y = (a[_where(cond)], b[_where(cond)]) if a.ndim else (a, b)
        if a.ndim:
            msgs.append(f"not close where = {_where(cond)}")
        msgs.append(f"not close lhs = {x}")
        msgs.append(f"not close rhs = {y}")
        msgs.append(f"not close dif = {np.abs(x - y)}")
        msgs.append(f"not close tol = {atol + rtol * np.abs(y)}")
        msgs.append(f"dtype = {a.dtype}, shape = {a.shape}")
        np.testing.assert_allclose(
            a, b, rtol=rtol, atol=atol, err_msg="\n".join(map(str, msgs)), equal_nan=True
        )

    def _all_close_recursive(self, a, b, rtol, atol, path, msg):
        where = _path(path)
        msg = msg or ""
        a = a._asdict() if hasattr(a, "_asdict") else a
        b = b._asdict() if hasattr(b, "_asdict") else b
        if isinstance(a, Mapping) != isinstance(b, Mapping):
            raise ValueError(f"Can't compare dict to non-dict, a{where} vs b{where}. {msg}")
        if isinstance(a, Mapping):
            self.assertCountEqual(
                a.keys(),
                b.keys(),
                msg=f"mismatched keys: a{where} has keys {a.keys()}, but b{where} has keys "
                f"{b.keys()}. {msg}",
            )
            for k in a:
                self._all_close_recursive(a[k], b[k], rtol, atol, [*path, k], msg)
            return
        mismatch = f"Mismatched value: a{where} is different from b{where}. {msg}"
        if not isinstance(a, (list, tuple)):
            self._assert_array_like_all_close(a, b, rtol, atol, mismatch)
            return
        try:
            a, b = self._both(a, b)
            self._assert_array_like_all_close(self._array(a), self._array(b), rtol, atol, mismatch)
        except (ValueError, TypeError, NotImplementedError):
            if len(a) != len(b):
                raise ValueError(
                    f"Mismatched length: a{where} has {len(a)} items, but b{where} has "
                    f"{len(b)} items. {msg}"
                ) from None
            for i, (ai, bi) in enumerate(zip(a, b, strict=True)):
                self._all_close_recursive(ai, bi, rtol, atol, [*path, str(i)], msg)

    def assertAllClose(self, a, b, rtol=1e-6, atol=1e-6, msg=None):
        """`a` and `b` (arrays, tensors, or nests of dicts, lists, tuples of them) agree
        within `atol + rtol * |b|`, numpy's allclose."""
        self._all_close_recursive(a, b, rtol, atol, [], msg)

    def assertAllCloseAccordingToType(
        self,
        a,
        b,
        rtol=1e-6,
        atol=1e-6,
        float_rtol=1e-6,
        float_atol=1e-6,
        half_rtol=1e-3,
        half_atol=1e-3,
        bfloat16_rtol=1e-2,
        bfloat16_atol=1e-2,
        msg=None,
    ):
        """assertAllClose with the tolerance loosened for float32 and float16 operands."""
        a, b = self._both(a, b)
        a, b = self._array(a), self._array(b)
        if np.float32 in (a.dtype, b.dtype):
            rtol, atol = max(rtol, float_rtol), max(atol, float_atol)
        if np.float16 in (a.dtype, b.dtype):
            rtol, atol = max(rtol, half_rtol), max(atol, half_atol)
        self.assertAllClose(a, b, rtol=rtol, atol=atol, msg=msg)

    def assertNotAllClose(self, a, b, rtol=1e-6, atol=1e-6, msg=None):
        try:
            self.assertAllClose(a, b, rtol=rtol, atol=atol, msg=msg)
        except AssertionError:
            return
        raise AssertionError(f"The two values are close at all elements. {msg or ''}")

    def assertNear(self, f1, f2, err, msg=None):
        """|f1 - f2| <= err (equal infinities pass)."""
        f1, f2 = np.squeeze(f1), np.squeeze(f2)
        if f1 != f2:
            diff = math.fabs(f1 - f2)
            note = f" ({msg})" if msg is not None else ""
            self.assertTrue(
                diff <= err, f"{f1:f} != {f2:f} +/- {err:f} (difference: {diff:g}){note}"
            )

    def assertArrayNear(self, farray1, farray2, err, msg=None):
        self.assertEqual(len(farray1), len(farray2), msg=msg)
        for f1, f2 in zip(farray1, farray2, strict=True):
            self.assertNear(float(f1), float(f2), err, msg=msg)

    def assertNDArrayNear(self, ndarray1, ndarray2, err, msg=None):
        """The Frobenius norm of the difference is below `err`."""
        self.assertTrue(np.linalg.norm(ndarray1 - ndarray2) < err, msg=msg)

    # -- equality and order --------------------------------------------------------------

    def assertAllEqual(self, a, b, msg=None):
        msg = msg or ""
        a, b = self._both(a, b)
        a, b = self._array(a), self._array(b)
        if b.ndim <= 3 or b.size < 500:
            shape_msg = (
                f"Shape mismatch: expected {a.shape}, got {b.shape}. Contents: {b!r}. \n{msg}."
            )
        else:
            shape_msg = f"Shape mismatch: expected {a.shape}, got {b.shape}. {msg}"
        self.assertEqual(a.shape, b.shape, shape_msg)
        same = a == b
        if a.dtype.kind in "fc":
            same = np.logical_or(same, np.logical_and(np.isnan(a), np.isnan(b)))
        if np.all(same):
            return
        diff = np.logical_not(same)
        msgs = [msg]
        x, y = (a[_where(diff)], b[_where(diff)]) if a.ndim else (a, b)
        if a.ndim:
            msgs.append(f"not equal where = {_where(diff)}")
        msgs += [f"not equal lhs = {x!r}", f"not equal rhs = {y!r}"]
        np.testing.assert_array_equal(a, b, err_msg="\n".join(msgs))

    def assertNotAllEqual(self, a, b, msg=None):
        try:
            self.assertAllEqual(a, b)
        except AssertionError:
            return
        raise AssertionError(f"The two values are equal at all elements. {msg or ''}")

    def assertAllGreater(self, a, comparison_target):
        a, comparison_target = self._both(a, comparison_target)
        self.assertGreater(np.min(self._array(a)), comparison_target)

    def assertAllLess(self, a, comparison_target):
        a, comparison_target = self._both(a, comparison_target)
        self.assertLess(np.max(self._array(a)), comparison_target)

    def assertAllGreaterEqual(self, a, comparison_target):
        a, comparison_target = self._both(a, comparison_target)
        self.assertGreaterEqual(np.min(self._array(a)), comparison_target)

    def assertAllLessEqual(self, a, comparison_target):
        a, comparison_target = self._both(a, comparison_target)
        self.assertLessEqual(np.max(self._array(a)), comparison_target)

    def assertAllInRange(
        self, target, lower_bound, upper_bound, open_lower_bound=False, open_upper_bound=False
    ):
        """Every element within the bounds (closed unless told), and none NaN."""
        target = self._array(target)
        if target.dtype.kind not in "fiu":
            raise AssertionError(
                f"The value of {target} does not have an ordered numeric type, instead it "
                f"has type: {target.dtype}"
            )
        nans = _where(np.isnan(target))
        if np.size(nans):
            raise AssertionError(
                f"{len(nans[0])} of the {np.size(target)} element(s) are NaN. Subscripts(s) "
                "and value(s) of the NaN element(s):\n" + _subscripts(nans, target)
            )
        low = np.less_equal if open_lower_bound else np.less
        high = np.greater_equal if open_upper_bound else np.greater
        bad = _where(np.logical_or(low(target, lower_bound), high(target, upper_bound)))
        if np.size(bad):
            shown = ("(" if open_lower_bound else "[") + f"{lower_bound}, {upper_bound}"
            shown += ")" if open_upper_bound else "]"
            raise AssertionError(
                f"{len(bad[0])} of the {np.size(target)} element(s) are outside the range "
                f"{shown}. Subscript(s) and value(s) of the offending elements:\n"
                + _subscripts(bad, target)
            )

    def assertAllInSet(self, target, expected_set):
        diff = np.setdiff1d(self._array(target).flatten(), list(expected_set))
        if np.size(diff):
            raise AssertionError(
                f"{np.size(diff)} unique element(s) are not in the set {expected_set}: {diff}"
            )

    def assertDTypeEqual(self, target, expected_dtype):
        self.assertEqual(self._array(target).dtype, expected_dtype)

    def assertShapeEqual(self, input_a, input_b, msg=None):
        """The same shape: a numpy array's, or a tensor's static one."""
        for arg, name in ((input_a, "input_a"), (input_b, "input_b")):
            if not isinstance(arg, (np.ndarray, np.generic, Tensor)):
                raise TypeError(
                    f"{name} must be a Numpy ndarray, Numpy scalar, or a Tensor."
                    f"Instead received {type(arg)}"
                )
        shapes = [
            t.get_shape().as_list() if isinstance(t, Tensor) else t.shape
            for t in (input_a, input_b)
        ]
        self.assertAllEqual(*shapes, msg=msg)

    def assertStartsWith(self, actual, expected_start, msg=None):
        if not actual.startswith(expected_start):
            fail_msg = f"{actual!r} does not start with {expected_start!r}"
            self.fail(fail_msg + (f" : {msg}" if msg else ""))

    # TF's aliases of unittest's renamed assertions, and absltest's that TF1 tests use.
    assertRaisesRegexp = unittest.TestCase.assertRaisesRegex
    assertItemsEqual = unittest.TestCase.assertCountEqual

    def assertLen(self, container, expected_len, msg=None):
        if not hasattr(container, "__len__"):
            self.fail(f"Expected a Sized object, got: {type(container).__name__!r}")
        if len(container) != expected_len:
            self.fail(f"{container!r} has length of {len(container)}, expected {expected_len}.")

    def assertEmpty(self, container, msg=None):
        self.assertLen(container, 0, msg)

    def assertNotEmpty(self, container, msg=None):
        if not hasattr(container, "__len__") or not len(container):
            self.fail(f"{container!r} has length of 0.")

    def assertBetween(self, value, minv, maxv, msg=None):
        if not minv <= value <= maxv:
            self.fail(f"{value!r} is not between {minv!r} and {maxv!r}")

    def assertSameElements(self, expected_seq, actual_seq, msg=None):
        missing = [e for e in expected_seq if e not in actual_seq]
        extra = [a for a in actual_seq if a not in expected_seq]
        if missing or extra:
            self.fail(
                f"Expected, but missing:\n  {missing!r}\nUnexpected, but present:\n  {extra!r}"
            )

    def assertContainsSubset(self, expected_subset, actual_set, msg=None):
        missing = set(expected_subset) - set(actual_set)
        if missing:
            self.fail(f"Missing elements {missing} from {actual_set}")

    def assertEndsWith(self, actual, expected_end, msg=None):
        if not actual.endswith(expected_end):
            self.fail(f"{actual!r} does not end with {expected_end!r}")

    def assertDeviceEqual(self, device1, device2, msg=None):
        self.assertEqual(device1 or "", device2 or "", msg=msg)

    # -- raising -------------------------------------------------------------------------

    @contextlib.contextmanager
    def assertRaisesWithPredicateMatch(self, exception_type, expected_err_re_or_predicate):
        """The block raises `exception_type` whose message matches the regex (searched,
        not anchored), or for which the predicate holds."""
        if callable(expected_err_re_or_predicate):
            predicate = expected_err_re_or_predicate
        else:

            def predicate(e):
                text = e.message if isinstance(e, OpError) else str(e)
                return re.search(expected_err_re_or_predicate, text)

        try:
            yield
            self.fail(exception_type.__name__ + " not raised")
        except Exception as e:
            if not isinstance(e, exception_type) or not predicate(e):
                raise AssertionError(f"Exception of type {type(e)}: {e}") from e

    def assertRaisesOpError(self, expected_err_re_or_predicate):
        return self.assertRaisesWithPredicateMatch(OpError, expected_err_re_or_predicate)

    def checkedThread(self, target, args=None, kwargs=None):
        raise NotImplementedError("graphgate's TestCase has no checked threads")


def _subscripts(subscripts, value, limit: int = 10) -> str:
    if np.ndim(value) == 0:
        return "  [0] : " + str(value)
    rows = np.transpose(subscripts)
    lines = ["  " + str(s) + " : " + str(value[tuple(s)]) for s in rows[:limit]]
    return "\n".join(lines + (["  ..."] if len(rows) > limit else []))


class Benchmark:
    """TF1's `tf.test.Benchmark`: time an op in a session and report it (to stdout)."""

    def report_benchmark(
        self,
        iters=None,
        cpu_time=None,
        wall_time=None,
        throughput=None,
        extras=None,
        name=None,
        metrics=None,
    ):
        print(f"benchmark {name or type(self).__name__}: iters={iters} wall_time={wall_time}")

    def run_op_benchmark(
        self,
        sess,
        op_or_tensor,
        feed_dict=None,
        burn_iters=2,
        min_iters=10,
        store_trace=False,
        store_memory_usage=True,
        name=None,
        extras=None,
        mbs=0,
    ):
        """Run `op_or_tensor` `burn_iters` times, then time `min_iters` runs; the median."""
        for _ in range(burn_iters):
            sess.run(op_or_tensor, feed_dict=feed_dict)
        deltas = []
        for _ in range(min_iters):
            start = time.time()
            sess.run(op_or_tensor, feed_dict=feed_dict)
            deltas.append(time.time() - start)
        wall_time = float(np.median(deltas))
        result = {"iters": min_iters, "wall_time": wall_time, "extras": extras or {}, "name": name}
        self.report_benchmark(iters=min_iters, wall_time=wall_time, extras=extras, name=name)
        return result


__all__ = [
    "Benchmark",
    "TestCase",
    "benchmark_config",
    "compute_gradient",
    "compute_gradient_error",
    "disable_with_predicate",
    "get_temp_dir",
    "gpu_device_name",
    "is_built_with_cuda",
    "is_built_with_gpu_support",
    "is_built_with_rocm",
    "is_built_with_xla",
    "is_cpu_target_available",
    "is_gpu_available",
    "main",
    "mock",
    "test_src_dir_path",
    "with_eager_op_as_function",
]
