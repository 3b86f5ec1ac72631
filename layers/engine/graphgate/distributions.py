"""`gg.distributions`: TF 1.15's `tf.distributions`, built from graphgate's ops so that
log-densities, entropies and KL divergences have gradients (the VAE idiom).

Each distribution keeps its parameters as tensors; its batch shape is their broadcast
shape, its event shape is scalar (Categorical, Bernoulli, Normal, ...) or the last
dimension (Multinomial, Dirichlet, DirichletMultinomial). Samples are seeded as graphgate's
random ops (not TF's bit stream). Gamma, Beta, Dirichlet and StudentT declare
FULLY_REPARAMETERIZED as TF's do, but their samples' gradients with respect to a
concentration (or df) are NO_GRADIENT: graphgate's random_gamma has no implicit
derivative.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from . import dtypes as _dt
from .errors import error
from .graph import Tensor, TensorShape, convert_to_tensor, get_default_graph
from .ops.array_ops import concat, constant, ones_like, reshape, shape, zeros_like
from .ops.math_ops import (
    abs,
    cast,
    equal,
    exp,
    greater,
    less,
    log,
    log1p,
    maximum,
    sigmoid,
    sign,
    sqrt,
    square,
)
from .ops.reduce_ops import argmax, reduce_sum

__all__ = [
    "FULLY_REPARAMETERIZED",
    "NOT_REPARAMETERIZED",
    "Bernoulli",
    "Beta",
    "Categorical",
    "Dirichlet",
    "DirichletMultinomial",
    "Distribution",
    "Exponential",
    "Gamma",
    "Laplace",
    "Multinomial",
    "Normal",
    "RegisterKL",
    "ReparameterizationType",
    "StudentT",
    "Uniform",
    "kl_divergence",
]


class ReparameterizationType:
    """Whether samples are differentiable functions of the parameters."""

    def __init__(self, rep_type: str):
        self._rep_type = rep_type

    def __repr__(self) -> str:
        return f"<Reparameterization Type: {self._rep_type}>"

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)


FULLY_REPARAMETERIZED = ReparameterizationType("FULLY_REPARAMETERIZED")
NOT_REPARAMETERIZED = ReparameterizationType("NOT_REPARAMETERIZED")


# -- helpers -------------------------------------------------------------------------------------


def _special():
    from .ops import special_math_ops

    return special_math_ops


def _float(value: Any, name: str, dtype: Any = None) -> Tensor:
    t = value if isinstance(value, Tensor) else convert_to_tensor(value, dtype, name=name)
    if dtype is not None and t.dtype != _dt.as_dtype(dtype):
        raise error(
            "DTYPE_MISMATCH",
            f"{name} must have dtype {_dt.as_dtype(dtype).name}, got {t.dtype.name}",
        )
    return t


def _same_dtype(*values: Any, names: tuple[str, ...]) -> list[Tensor]:
    """The parameters as tensors of one floating dtype (the first tensor's, else
    float32), as TF's `dtype_util.common_dtype`."""
    dtype = next((v.dtype for v in values if isinstance(v, Tensor)), _dt.float32)
    out = [_float(v, n, dtype) for v, n in zip(values, names, strict=True)]
    if dtype not in _dt.FLOATS:
        raise error("DTYPE_MISMATCH", f"parameters must be floating, got {dtype.name}")
    return out


def _static_broadcast(*shapes: tuple | None) -> tuple | None:
    from .ops.misc_ops import broadcast_static_shape

    out = TensorShape(())
    for s in shapes:
        out = broadcast_static_shape(out, TensorShape(s))
    return None if out.rank is None else tuple(out.as_list())


def _dynamic_broadcast(*tensors: Tensor) -> Tensor:
    from .ops.misc_ops import broadcast_dynamic_shape

    out = shape(tensors[0])
    for t in tensors[1:]:
        out = broadcast_dynamic_shape(out, shape(t))
    return out


def _check(assertion: Callable, value: Tensor, message: str) -> Tensor:
    """`value`, after `assertion(value)` at run time (validate_args)."""
    from .graph import control_dependencies
    from .ops.array_ops import identity

    with control_dependencies([assertion(value, message=message)]):
        return identity(value)


def _positive(value: Tensor, validate: bool, what: str) -> Tensor:
    if not validate:
        return value
    from .ops.debug_ops import assert_positive

    return _check(assert_positive, value, f"{what} must be positive.")


def _nan_where(
    condition: Tensor, value: Tensor, allow_nan: bool, message: str, above_one: list
) -> Tensor:
    """TF's allow_nan_stats: NaN where `condition` holds; or else TF's assertions that
    each of `above_one` exceeds 1 (which fail while building for constants, as TF's)."""
    from .ops.array_ops import where

    if allow_nan:
        nan = constant(np.nan, value.dtype) + zeros_like(value)
        return where(condition, nan, value)
    from .graph import control_dependencies
    from .ops.array_ops import identity
    from .ops.debug_ops import assert_less

    checks = [assert_less(constant(1, t.dtype), t, message=message) for t in above_one]
    with control_dependencies(checks):
        return identity(value)


def _valid_sample(x: Tensor, validate: bool, checks: list) -> Tensor:
    """`x` after TF's sample checks (validate_args): `checks` are (assertion, message)
    pairs, each assertion called as `assertion(x, message=...)`."""
    if not validate:
        return x
    from .graph import control_dependencies
    from .ops.array_ops import identity

    with control_dependencies([check(x, message=message) for check, message in checks]):
        return identity(x)


def _positive_check(x, message):
    from .ops.debug_ops import assert_positive

    return assert_positive(x, message=message)


def _below_one_check(x, message):
    from .ops.debug_ops import assert_less

    return assert_less(x, constant(1, x.dtype), message=message)


def _sums_to_one_check(x, message):
    from .ops.debug_ops import assert_near

    return assert_near(constant(1, x.dtype), reduce_sum(x, -1), message=message)


def _ndtr(x: Tensor) -> Tensor:
    """The standard normal cdf, as TF's `special_math.ndtr` (erf near 0, erfc in the
    tails)."""
    from .ops.array_ops import where

    sm = _special()
    half_sqrt_2 = constant(0.5 * math.sqrt(2.0), x.dtype)
    w = x * half_sqrt_2
    z = abs(w)
    y = where(
        less(z, half_sqrt_2),
        1.0 + sm.erf(w),
        where(greater(w, 0.0), 2.0 - sm.erfc(z), sm.erfc(z)),
    )
    return 0.5 * y


def _log_ndtr(x: Tensor) -> Tensor:
    """log of the standard normal cdf without underflow, TF's `special_math.log_ndtr`:
    log1p(-ndtr(-x)) above `upper`, log(ndtr(x)) down to `lower`, the asymptotic series
    below (3 terms)."""
    from .ops.array_ops import where

    lower, upper = (-20.0, 8.0) if x.dtype == _dt.float64 else (-10.0, 5.0)
    safe_upper = maximum(x, lower)
    result_mid = log(_ndtr(minimum_(safe_upper, upper)))
    result_high = log1p(-_ndtr(-maximum(x, upper)))
    safe_low = minimum_(x, lower)
    result_low = _log_ndtr_series(safe_low)
    return where(greater(x, upper), result_high, where(greater(x, lower), result_mid, result_low))


def minimum_(a: Tensor, b: Any) -> Tensor:
    from .ops.math_ops import minimum

    return minimum(a, b)


def _log_ndtr_series(x: Tensor) -> Tensor:
    x2 = square(x)
    log_scale = -0.5 * x2 - log(-x) - 0.5 * math.log(2.0 * math.pi)
    # 1 + sum_{n=1}^{3} (-1)^n (2n-1)!! / x^(2n)
    even, odd, x2n = 1.0, 0.0, x2
    coef = 1.0
    for n in range(1, 4):
        coef *= 2 * n - 1
        term = coef / x2n
        if n % 2:
            odd = odd + term
        else:
            even = even + term
        x2n = x2n * x2
    return log_scale + log(even - odd)


def _other_seed(seed: int | None, salt: str) -> int | None:
    """A second op seed from `seed`, TF's `gen_new_seed`: the first 32 bits of the MD5 of
    the seed and a salt naming the distribution, so a Beta's second gamma (a StudentT's
    gamma) draws TF's numbers."""
    if seed is None:
        return None
    import hashlib

    digest = hashlib.md5((str(seed) + salt).encode("utf-8"), usedforsecurity=False)
    return int(digest.hexdigest()[:8], 16) & 0x7FFFFFFF


def _lbeta2(a: Tensor, b: Tensor) -> Tensor:
    lg = _special().lgamma
    return lg(a) + lg(b) - lg(a + b)


# -- the base class ------------------------------------------------------------------------------


class Distribution:
    """TF's `tf.distributions.Distribution`: the public methods open a name scope and call
    the subclass's `_log_prob`, `_cdf`, `_entropy`, ... (a missing one is
    UNIMPLEMENTED, as TF's NotImplementedError)."""

    def __init__(
        self,
        dtype: Any,
        reparameterization_type: ReparameterizationType,
        validate_args: bool,
        allow_nan_stats: bool,
        parameters: dict | None = None,
        graph_parents: list | None = None,
        name: str | None = None,
    ):
        self._dtype = dtype
        self._reparameterization_type = reparameterization_type
        self._validate_args = validate_args
        self._allow_nan_stats = allow_nan_stats
        self._parameters = {
            k: v for k, v in (parameters or {}).items() if k != "self" and not k.startswith("__")
        }
        self._graph_parents = graph_parents or []
        self._name = name

    @property
    def name(self) -> str:
        return self._name

    @property
    def dtype(self) -> Any:
        return self._dtype

    @property
    def parameters(self) -> dict:
        return dict(self._parameters)

    @property
    def reparameterization_type(self) -> ReparameterizationType:
        return self._reparameterization_type

    @property
    def allow_nan_stats(self) -> bool:
        return self._allow_nan_stats

    @property
    def validate_args(self) -> bool:
        return self._validate_args

    def copy(self, **override_parameters: Any) -> Distribution:
        return type(self)(**{**self._parameters, **override_parameters})

    # -- shapes ---------------------------------------------------------------------------
    @property
    def batch_shape(self) -> TensorShape:
        return TensorShape(self._batch_shape())

    @property
    def event_shape(self) -> TensorShape:
        return TensorShape(self._event_shape())

    def _event_shape(self) -> tuple | None:
        return ()

    def batch_shape_tensor(self, name: str = "batch_shape_tensor") -> Tensor:
        with self._scope(name):
            return self._batch_shape_tensor()

    def event_shape_tensor(self, name: str = "event_shape_tensor") -> Tensor:
        with self._scope(name):
            return self._event_shape_tensor()

    def _event_shape_tensor(self) -> Tensor:
        return constant([], _dt.int32)

    def is_scalar_event(self, name: str = "is_scalar_event") -> Tensor:
        """A bool tensor (TF's is one too), from the static event shape."""
        return self._is_scalar(self._event_shape(), name)

    def is_scalar_batch(self, name: str = "is_scalar_batch") -> Tensor:
        return self._is_scalar(self._batch_shape(), name)

    def _is_scalar(self, static: tuple | None, name: str) -> Tensor:
        if static is None:
            raise error("UNIMPLEMENTED", f"{name} needs a shape of known rank")
        with self._scope(name):
            return constant(static == (), _dt.bool_, name=name)

    # -- methods --------------------------------------------------------------------------
    def _scope(self, name: str):
        graph = get_default_graph()
        outer = graph.name_scope(self._name)
        inner_name = name

        class _Both:
            def __enter__(self_inner):
                outer.__enter__()
                self_inner.inner = graph.name_scope(inner_name)
                return self_inner.inner.__enter__()

            def __exit__(self_inner, *exc):
                self_inner.inner.__exit__(*exc)
                return outer.__exit__(*exc)

        return _Both()

    def _call(self, method: str, name: str, *args: Any) -> Tensor:
        fn = getattr(self, "_" + method, None)
        if fn is None:
            raise error("UNIMPLEMENTED", f"{method} is not implemented: {type(self).__name__}")
        with self._scope(name):
            return fn(*args)

    def _value(self, value: Any) -> Tensor:
        return _float(value, "value", self._dtype) if not isinstance(value, Tensor) else value

    def sample(self, sample_shape: Any = (), seed: int | None = None, name: str = "sample"):
        """Draws of shape sample_shape + batch_shape + event_shape (sample_shape static:
        ints, or a tensor whose value is known while building)."""
        from .ops.shape_values import shape_tensor, static_ints

        known = static_ints(sample_shape)
        if known is None:  # a value known only when run (`[tf.shape(x)[0], 1]`)
            if not self._run_time_sample_shape:
                raise error(
                    "UNIMPLEMENTED",
                    f"{type(self).__name__}.sample needs a sample_shape known while building",
                )
            with self._scope(name):
                sizes = shape_tensor(sample_shape, "sample_shape")
                if sizes.static_shape == ():  # TF's `_expand_sample_shape_to_vector`
                    sizes = reshape(sizes, [1])
                return self._sample_n(sizes, seed)
        sample_shape = [int(d) for d in np.reshape(known, -1).tolist()]
        with self._scope(name):
            return self._sample_n(sample_shape, seed)

    # Whether `_sample_n` takes a sample shape known only at run time (an int32 vector):
    # the ones that hand it to a sampler as it is.
    _run_time_sample_shape = False

    def _draw_shape(self, sample_shape: Any) -> tuple[Tensor, tuple | None]:
        """The run-time and static shape of sample_shape (ints, or an int32 vector known
        when run) + batch_shape + event_shape."""
        batch, event = self._batch_shape(), self._event_shape()
        if isinstance(sample_shape, Tensor):
            from .ops.shape_values import static_hint

            lead, first = static_hint(sample_shape), sample_shape
        else:
            lead, first = tuple(sample_shape), constant(np.array(sample_shape, np.int32))
        parts = [first, self._batch_shape_tensor(), self._event_shape_tensor()]
        known = batch is not None and event is not None and lead is not None
        return concat(parts, 0), (*lead, *batch, *event) if known else None

    def _draw(self, kind: str, sample_shape: list[int], seed: int | None) -> Tensor:
        from .ops.misc_ops import random_of_shape

        sizes, static = self._draw_shape(sample_shape)
        return random_of_shape(kind, sizes, static, self._dtype, seed)

    def log_prob(self, value: Any, name: str = "log_prob") -> Tensor:
        if not hasattr(self, "_log_prob"):
            with self._scope(name):
                return log(self._prob(self._value(value)))
        return self._call("log_prob", name, self._value(value))

    def prob(self, value: Any, name: str = "prob") -> Tensor:
        if not hasattr(self, "_prob"):
            with self._scope(name):
                return exp(self._log_prob(self._value(value)))
        return self._call("prob", name, self._value(value))

    def log_cdf(self, value: Any, name: str = "log_cdf") -> Tensor:
        if not hasattr(self, "_log_cdf"):
            with self._scope(name):
                return log(self._call_cdf(value))
        return self._call("log_cdf", name, self._value(value))

    def cdf(self, value: Any, name: str = "cdf") -> Tensor:
        if not hasattr(self, "_cdf") and hasattr(self, "_log_cdf"):
            with self._scope(name):
                return exp(self._log_cdf(self._value(value)))
        return self._call("cdf", name, self._value(value))

    def _call_cdf(self, value: Any) -> Tensor:
        if not hasattr(self, "_cdf"):
            raise error("UNIMPLEMENTED", f"cdf is not implemented: {type(self).__name__}")
        return self._cdf(self._value(value))

    def survival_function(self, value: Any, name: str = "survival_function") -> Tensor:
        """1 - cdf, or the distribution's own form (exact in the upper tail)."""
        if hasattr(self, "_survival_function"):
            return self._call("survival_function", name, self._value(value))
        with self._scope(name):
            return 1.0 - self._call_cdf(value)

    def log_survival_function(self, value: Any, name: str = "log_survival_function") -> Tensor:
        """log(1 - cdf), or the distribution's own form (finite far in the upper tail)."""
        if hasattr(self, "_log_survival_function"):
            return self._call("log_survival_function", name, self._value(value))
        with self._scope(name):
            return log1p(-self._call_cdf(value))

    def entropy(self, name: str = "entropy") -> Tensor:
        return self._call("entropy", name)

    def mean(self, name: str = "mean") -> Tensor:
        return self._call("mean", name)

    def mode(self, name: str = "mode") -> Tensor:
        return self._call("mode", name)

    def variance(self, name: str = "variance") -> Tensor:
        if not hasattr(self, "_variance"):
            with self._scope(name):
                return square(self._stddev())
        return self._call("variance", name)

    def stddev(self, name: str = "stddev") -> Tensor:
        if not hasattr(self, "_stddev"):
            with self._scope(name):
                return sqrt(self._variance())
        return self._call("stddev", name)

    def quantile(self, value: Any, name: str = "quantile") -> Tensor:
        return self._call("quantile", name, self._value(value))

    def covariance(self, name: str = "covariance") -> Tensor:
        return self._call("covariance", name)

    def cross_entropy(self, other: Distribution, name: str = "cross_entropy") -> Tensor:
        with self._scope(name):
            return self.entropy() + kl_divergence(self, other)

    def kl_divergence(self, other: Distribution, name: str = "kl_divergence") -> Tensor:
        with self._scope(name):
            return kl_divergence(self, other)

    def __repr__(self) -> str:
        return (
            f"<tf.distributions.{type(self).__name__} '{self._name}' "
            f"batch_shape={self.batch_shape} event_shape={self.event_shape} "
            f"dtype={getattr(self._dtype, 'name', self._dtype)}>"
        )


def _init_scope(name: str, default: str) -> str:
    graph = get_default_graph()
    with graph.name_scope(name, default) as scope:
        return scope


# -- scalar-event, location-scale ---------------------------------------------------------------


class _LocScale(Distribution):
    def _batch_shape(self):
        return _static_broadcast(self.loc.static_shape, self.scale.static_shape)

    def _batch_shape_tensor(self):
        return _dynamic_broadcast(self.loc, self.scale)

    def _mean(self):
        return self.loc * ones_like(self.scale)

    def _mode(self):
        return self._mean()


class Normal(_LocScale):
    """N(loc, scale²)."""

    _run_time_sample_shape = True

    def __init__(self, loc, scale, validate_args=False, allow_nan_stats=True, name="Normal"):
        parameters = dict(locals())
        scope = _init_scope(name, "Normal")
        with get_default_graph().name_scope(scope):
            loc, scale = _same_dtype(loc, scale, names=("loc", "scale"))
            self.loc = loc
            self.scale = _positive(scale, validate_args, "scale")
        super().__init__(
            loc.dtype, FULLY_REPARAMETERIZED, validate_args, allow_nan_stats, parameters,
            [self.loc, self.scale], scope,
        )  # fmt: skip

    def _sample_n(self, sample_shape, seed):
        return self._draw("normal", sample_shape, seed) * self.scale + self.loc

    def _z(self, x):
        return (x - self.loc) / self.scale

    def _log_prob(self, x):
        return -0.5 * square(self._z(x)) - (0.5 * math.log(2.0 * math.pi) + log(self.scale))

    def _cdf(self, x):
        return _ndtr(self._z(x))

    def _log_cdf(self, x):
        return _log_ndtr(self._z(x))

    def _survival_function(self, x):
        return _ndtr(-self._z(x))

    def _log_survival_function(self, x):
        return _log_ndtr(-self._z(x))

    def _quantile(self, p):
        return _special().ndtri(p) * self.scale + self.loc

    def _entropy(self):
        scale = self.scale * ones_like(self.loc)
        return 0.5 * math.log(2.0 * math.pi * math.e) + log(scale)

    def _stddev(self):
        return self.scale * ones_like(self.loc)


class Laplace(_LocScale):
    """Laplace(loc, scale): density exp(-|x - loc| / scale) / (2 scale)."""

    _run_time_sample_shape = True

    def __init__(self, loc, scale, validate_args=False, allow_nan_stats=True, name="Laplace"):
        parameters = dict(locals())
        scope = _init_scope(name, "Laplace")
        with get_default_graph().name_scope(scope):
            loc, scale = _same_dtype(loc, scale, names=("loc", "scale"))
            self.loc = loc
            self.scale = _positive(scale, validate_args, "scale")
        super().__init__(
            loc.dtype, FULLY_REPARAMETERIZED, validate_args, allow_nan_stats, parameters,
            [self.loc, self.scale], scope,
        )  # fmt: skip

    def _sample_n(self, sample_shape, seed):
        # TF's: u uniform in (-1, 1), loc - scale sign(u) log1p(-|u|).
        u = self._draw("uniform", sample_shape, seed)
        low = float(np.nextafter(self._dtype.dtype.type(-1.0), self._dtype.dtype.type(0.0)))
        u = u * (1.0 - low) + low
        return self.loc - self.scale * sign(u) * log1p(-abs(u))

    def _log_prob(self, x):
        return -abs(x - self.loc) / self.scale - (math.log(2.0) + log(self.scale))

    def _cdf(self, x):
        z = (x - self.loc) / self.scale
        return 0.5 - 0.5 * sign(z) * _special().expm1(-abs(z))

    def _log_cdf(self, x):
        return _log_cdf_laplace((x - self.loc) / self.scale)

    def _log_survival_function(self, x):
        return _log_cdf_laplace(-(x - self.loc) / self.scale)

    def _entropy(self):
        scale = self.scale * ones_like(self.loc)
        return math.log(2.0) + 1.0 + log(scale)

    def _stddev(self):
        return math.sqrt(2.0) * self.scale * ones_like(self.loc)


def _log_cdf_laplace(z: Tensor) -> Tensor:
    """log of the standard Laplace cdf, TF's `special_math.log_cdf_laplace`."""
    from .ops.array_ops import where

    lower = -math.log(2.0) + z
    upper = log1p(-0.5 * exp(-abs(z)))
    return where(less(z, 0.0), lower, upper)


class StudentT(_LocScale):
    """Student's t with `df` degrees of freedom, location and scale."""

    _run_time_sample_shape = True  # the normal draw and random_gamma take it as it is

    def __init__(self, df, loc, scale, validate_args=False, allow_nan_stats=True, name="StudentT"):
        parameters = dict(locals())
        scope = _init_scope(name, "StudentT")
        with get_default_graph().name_scope(scope):
            df, loc, scale = _same_dtype(df, loc, scale, names=("df", "loc", "scale"))
            self.df = _positive(df, validate_args, "df")
            self.loc, self.scale = loc, scale
        super().__init__(
            loc.dtype, FULLY_REPARAMETERIZED, validate_args, allow_nan_stats, parameters,
            [self.df, self.loc, self.scale], scope,
        )  # fmt: skip

    def _batch_shape(self):
        return _static_broadcast(
            self.df.static_shape, self.loc.static_shape, self.scale.static_shape
        )

    def _batch_shape_tensor(self):
        return _dynamic_broadcast(self.df, self.loc, self.scale)

    def _sample_n(self, sample_shape, seed):
        from .ops.random_extra_ops import random_gamma

        normal = self._draw("normal", sample_shape, seed)
        batch = self._batch_shape()
        if batch is None or None in batch:
            raise error("UNIMPLEMENTED", "StudentT samples need a static batch shape")
        df = self.df * constant(np.ones(batch), self._dtype)
        gamma = random_gamma(
            sample_shape, 0.5 * df, beta=0.5, dtype=self._dtype, seed=_other_seed(seed, "student_t")
        )
        return normal * _special_rsqrt(gamma / df) * self.scale + self.loc

    def _log_prob(self, x):
        lg = _special().lgamma
        y = (x - self.loc) / self.scale
        unnormalized = -0.5 * (self.df + 1.0) * log1p(square(y) / self.df)
        normalization = (
            log(abs(self.scale))
            + 0.5 * log(self.df)
            + 0.5 * math.log(math.pi)
            + lg(0.5 * self.df)
            - lg(0.5 * (self.df + 1.0))
        )
        return unnormalized - normalization

    def _cdf(self, x):
        from .ops.array_ops import where
        from .ops.special_extra_ops import betainc

        y = (x - self.loc) / abs(self.scale)
        x_t = self.df / (square(y) + self.df)
        neg_cdf = 0.5 * betainc(0.5 * self.df * ones_like(x_t), 0.5 * ones_like(x_t), x_t)
        return where(less(y, 0.0), neg_cdf, 1.0 - neg_cdf)

    def _entropy(self):
        dg = _special().digamma
        ones = ones_like(self.df + self.loc + self.scale)
        df = self.df * ones
        half = constant(0.5, self._dtype) * ones
        return (
            log(abs(self.scale))
            + 0.5 * log(self.df)
            + _lbeta2(0.5 * df, half)
            + 0.5 * (self.df + 1.0) * (dg(0.5 * (self.df + 1.0)) - dg(0.5 * self.df))
        )

    def _mean(self):
        mean = self.loc * ones_like(self.df + self.scale)
        return _nan_where(
            less(self.df * ones_like(mean), 1.0 + zeros_like(mean)) | equal(self.df, 1.0),
            mean,
            self._allow_nan_stats,
            "mean not defined for components of df <= 1",
            [self.df],
        )

    def _mode(self):
        return self.loc * ones_like(self.df + self.scale)

    def _variance(self):
        from .ops.array_ops import where

        df = self.df * ones_like(self.loc + self.scale)
        denom = where(greater(df, 2.0), df - 2.0, ones_like(df))
        var = square(self.scale) * ones_like(df) * df / denom
        inf = constant(np.inf, self._dtype) * ones_like(var)
        var = where(greater(df, 2.0), var, inf)
        return _nan_where(
            less(df, 1.0) | equal(df, 1.0),
            var,
            self._allow_nan_stats,
            "variance not defined for components of df <= 1",
            [self.df],
        )


def _special_rsqrt(x: Tensor) -> Tensor:
    from .ops.math_ops import rsqrt

    return rsqrt(x)


class Uniform(Distribution):
    """Uniform on [low, high)."""

    _run_time_sample_shape = True

    def __init__(
        self, low=0.0, high=1.0, validate_args=False, allow_nan_stats=True, name="Uniform"
    ):
        parameters = dict(locals())
        scope = _init_scope(name, "Uniform")
        with get_default_graph().name_scope(scope):
            low, high = _same_dtype(low, high, names=("low", "high"))
            if validate_args:
                from .ops.debug_ops import assert_less

                high = _check(
                    lambda h, message: assert_less(low, h, message=message),
                    high,
                    "uniform not defined when low >= high.",
                )
            self.low, self.high = low, high
        super().__init__(
            low.dtype, FULLY_REPARAMETERIZED, validate_args, allow_nan_stats, parameters,
            [self.low, self.high], scope,
        )  # fmt: skip

    def range(self, name: str = "range") -> Tensor:
        with self._scope(name):
            return self.high - self.low

    def _batch_shape(self):
        return _static_broadcast(self.low.static_shape, self.high.static_shape)

    def _batch_shape_tensor(self):
        return _dynamic_broadcast(self.low, self.high)

    def _sample_n(self, sample_shape, seed):
        return self.low + (self.high - self.low) * self._draw("uniform", sample_shape, seed)

    def _prob(self, x):
        from .ops.array_ops import where
        from .ops.special_math_ops import is_nan

        width = self.high - self.low
        broadcast_x = x * ones_like(width)
        zeros = zeros_like(broadcast_x)
        inside = ones_like(broadcast_x) / width
        outside = (
            less(broadcast_x, self.low)
            | greater(broadcast_x, self.high)
            | equal(broadcast_x, self.high)
        )
        return where(is_nan(broadcast_x), broadcast_x, where(outside, zeros, inside))

    def _cdf(self, x):
        from .ops.array_ops import where

        width = self.high - self.low
        broadcast_x = x * ones_like(width)
        zeros, ones = zeros_like(broadcast_x), ones_like(broadcast_x)
        below = where(less(broadcast_x, self.low), zeros, (broadcast_x - self.low) / width)
        return where(less(broadcast_x, self.high), below, ones)

    def _entropy(self):
        return log(self.high - self.low)

    def _mean(self):
        return (self.low + self.high) / 2.0

    def _variance(self):
        return square(self.high - self.low) / 12.0

    def _stddev(self):
        return (self.high - self.low) / math.sqrt(12.0)


class Gamma(Distribution):
    """Gamma(concentration α, rate β): density β^α x^(α-1) exp(-βx) / Γ(α)."""

    _run_time_sample_shape = True

    def __init__(
        self, concentration, rate, validate_args=False, allow_nan_stats=True, name="Gamma"
    ):
        parameters = dict(locals())
        scope = _init_scope(name, "Gamma")
        with get_default_graph().name_scope(scope):
            concentration, rate = _same_dtype(concentration, rate, names=("concentration", "rate"))
            self.concentration = _positive(concentration, validate_args, "concentration")
            self.rate = _positive(rate, validate_args, "rate")
        super().__init__(
            concentration.dtype, FULLY_REPARAMETERIZED, validate_args, allow_nan_stats,
            parameters, [self.concentration, self.rate], scope,
        )  # fmt: skip

    def _batch_shape(self):
        return _static_broadcast(self.concentration.static_shape, self.rate.static_shape)

    def _batch_shape_tensor(self):
        return _dynamic_broadcast(self.concentration, self.rate)

    def _sample_n(self, sample_shape, seed):
        from .ops.random_extra_ops import random_gamma

        return random_gamma(
            sample_shape, self.concentration, self.rate, dtype=self._dtype, seed=seed
        )

    def _log_prob(self, x):
        lg = _special().lgamma
        x = _valid_sample(x, self._validate_args, [(_positive_check, "x must be positive")])
        unnormalized = _special().xlogy(self.concentration - 1.0, x) - self.rate * x
        return unnormalized - (lg(self.concentration) - self.concentration * log(self.rate))

    def _cdf(self, x):
        from .ops.special_extra_ops import igamma

        return igamma(self.concentration, self.rate * x)

    def _entropy(self):
        sm = _special()
        a = self.concentration
        return a - log(self.rate) + sm.lgamma(a) + (1.0 - a) * sm.digamma(a)

    def _mean(self):
        return self.concentration / self.rate

    def _variance(self):
        return self.concentration / square(self.rate)

    def _stddev(self):
        return sqrt(self.concentration) / self.rate

    def _mode(self):
        mode = (self.concentration - 1.0) / self.rate
        return _nan_where(
            less(self.concentration * ones_like(mode), 1.0 + zeros_like(mode))
            | equal(self.concentration * ones_like(mode), 1.0 + zeros_like(mode)),
            mode,
            self._allow_nan_stats,
            "mode not defined when any concentration <= 1",
            [self.concentration],
        )


class Exponential(Gamma):
    """Exponential(rate): Gamma(1, rate)."""

    def __init__(self, rate, validate_args=False, allow_nan_stats=True, name="Exponential"):
        parameters = dict(locals())
        graph = get_default_graph()
        with graph.name_scope(name, "Exponential") as scope:
            (rate,) = _same_dtype(rate, names=("rate",))
            ones = ones_like(rate)
        Gamma.__init__(self, ones, rate, validate_args, allow_nan_stats, scope)
        self._parameters = {
            k: v for k, v in parameters.items() if k != "self" and not k.startswith("__")
        }

    def _sample_n(self, sample_shape, seed):
        # TF's: -log(u) / rate with u uniform in [tiny, 1).
        tiny = float(np.finfo(self._dtype.dtype).tiny)
        u = self._draw("uniform", sample_shape, seed) * (1.0 - tiny) + tiny
        return -log(u) / self.rate

    def _log_prob(self, x):
        return log(self.rate) - self.rate * x

    def _cdf(self, x):
        return -_special().expm1(-self.rate * x)

    def _log_survival_function(self, x):
        return self._log_prob(x) - log(self.rate)

    def _entropy(self):
        return 1.0 - log(self.rate)


class Beta(Distribution):
    """Beta(concentration1, concentration0) on (0, 1)."""

    _run_time_sample_shape = True

    def __init__(
        self,
        concentration1=None,
        concentration0=None,
        validate_args=False,
        allow_nan_stats=True,
        name="Beta",
    ):
        parameters = dict(locals())
        scope = _init_scope(name, "Beta")
        with get_default_graph().name_scope(scope):
            c1, c0 = _same_dtype(
                concentration1, concentration0, names=("concentration1", "concentration0")
            )
            self.concentration1 = _positive(c1, validate_args, "Concentration parameter")
            self.concentration0 = _positive(c0, validate_args, "Concentration parameter")
            self.total_concentration = self.concentration1 + self.concentration0
        super().__init__(
            c1.dtype, FULLY_REPARAMETERIZED, validate_args, allow_nan_stats, parameters,
            [self.concentration1, self.concentration0], scope,
        )  # fmt: skip

    def _batch_shape(self):
        return self.total_concentration.static_shape

    def _batch_shape_tensor(self):
        return shape(self.total_concentration)

    def _sample_n(self, sample_shape, seed):
        from .ops.random_extra_ops import random_gamma

        ones = ones_like(self.total_concentration)
        g1 = random_gamma(sample_shape, self.concentration1 * ones, dtype=self._dtype, seed=seed)
        g0 = random_gamma(
            sample_shape,
            self.concentration0 * ones,
            dtype=self._dtype,
            seed=_other_seed(seed, "beta"),
        )
        return g1 / (g1 + g0)

    def _log_prob(self, x):
        sm = _special()
        x = _valid_sample(
            x,
            self._validate_args,
            [
                (_positive_check, "sample must be positive"),
                (_below_one_check, "sample must be less than `1`."),
            ],
        )
        unnormalized = sm.xlogy(self.concentration1 - 1.0, x) + (self.concentration0 - 1.0) * log1p(
            -x
        )
        return unnormalized - _lbeta2(self.concentration1, self.concentration0)

    def _cdf(self, x):
        from .ops.special_extra_ops import betainc

        ones = ones_like(x * self.total_concentration)
        return betainc(self.concentration1 * ones, self.concentration0 * ones, x * ones)

    def _entropy(self):
        dg = _special().digamma
        c1, c0, total = self.concentration1, self.concentration0, self.total_concentration
        return (
            _lbeta2(c1, c0) - (c1 - 1.0) * dg(c1) - (c0 - 1.0) * dg(c0) + (total - 2.0) * dg(total)
        )

    def _mean(self):
        return self.concentration1 / self.total_concentration

    def _variance(self):
        total = self.total_concentration
        return self._mean() * (self.concentration0 / total) / (1.0 + total)

    def _mode(self):
        mode = (self.concentration1 - 1.0) / (self.total_concentration - 2.0)
        bad = (
            less(self.concentration1, 1.0)
            | equal(self.concentration1, 1.0)
            | less(self.concentration0, 1.0)
            | equal(self.concentration0, 1.0)
        )
        return _nan_where(
            bad,
            mode,
            self._allow_nan_stats,
            "Mode undefined for concentration <= 1.",
            [self.concentration1, self.concentration0],
        )


# -- discrete --------------------------------------------------------------------------------


def _logits_and_probs(logits, probs, multidimensional, validate_args, dtype=None):
    """(logits, probs): the one given and the other computed, as TF's
    `get_logits_and_probs` (log-odds for a Bernoulli, log(probs) otherwise)."""
    from .ops.nn_ops import softmax

    if (logits is None) == (probs is None):
        raise ValueError("Must pass probs or logits, but not both.")
    if probs is None:
        (logits,) = (
            _same_dtype(logits, names=("logits",))
            if dtype is None
            else (_float(logits, "logits", dtype),)
        )
        probs = softmax(logits, name="probs") if multidimensional else sigmoid(logits, name="probs")
        return logits, probs
    (probs,) = (
        _same_dtype(probs, names=("probs",)) if dtype is None else (_float(probs, "probs", dtype),)
    )
    if multidimensional:
        return log(probs, name="logits"), probs
    return log(probs) - log1p(-probs), probs


class Bernoulli(Distribution):
    """Bernoulli(probs = sigmoid(logits)); samples and values of `dtype` (int32)."""

    _run_time_sample_shape = True

    def __init__(
        self,
        logits=None,
        probs=None,
        dtype=_dt.int32,
        validate_args=False,
        allow_nan_stats=True,
        name="Bernoulli",
    ):
        parameters = dict(locals())
        scope = _init_scope(name, "Bernoulli")
        with get_default_graph().name_scope(scope):
            self._logits, self._probs = _logits_and_probs(logits, probs, False, validate_args)
        super().__init__(
            _dt.as_dtype(dtype), NOT_REPARAMETERIZED, validate_args, allow_nan_stats,
            parameters, [self._logits, self._probs], scope,
        )  # fmt: skip

    @property
    def logits(self) -> Tensor:
        return self._logits

    @property
    def probs(self) -> Tensor:
        return self._probs

    def _batch_shape(self):
        return self._logits.static_shape

    def _batch_shape_tensor(self):
        return shape(self._logits)

    def _value(self, value):
        return convert_to_tensor(value)

    def _sample_n(self, sample_shape, seed):
        sizes, static = self._draw_shape(sample_shape)
        from .ops.misc_ops import random_of_shape

        u = random_of_shape("uniform", sizes, static, self._probs.dtype, seed)
        return cast(less(u, self._probs), self._dtype)

    def _log_prob(self, event):
        from .ops.nn_ops import sigmoid_cross_entropy_with_logits

        event = cast(event, self._logits.dtype)
        logits = self._logits
        # TF broadcasts event and logits against each other before the cross entropy.
        event, logits = event * ones_like(logits), logits * ones_like(event)
        return -sigmoid_cross_entropy_with_logits(labels=event, logits=logits)

    def _entropy(self):
        from .ops.nn_ops import softplus

        return -self._logits * (sigmoid(self._logits) - 1.0) + softplus(-self._logits)

    def _mean(self):
        return self._probs * 1.0

    def _variance(self):
        return self._probs * (1.0 - self._probs)

    def _mode(self):
        return cast(greater(self._probs, 0.5), self._dtype)


class Categorical(Distribution):
    """One of K classes with probabilities softmax(logits) (or `probs`), batched over
    the leading dimensions; samples and values of `dtype` (int32)."""

    def __init__(
        self,
        logits=None,
        probs=None,
        dtype=_dt.int32,
        validate_args=False,
        allow_nan_stats=True,
        name="Categorical",
    ):
        parameters = dict(locals())
        scope = _init_scope(name, "Categorical")
        with get_default_graph().name_scope(scope):
            self._logits, self._probs = _logits_and_probs(logits, probs, True, validate_args)
            # Logits of unknown rank build and sample, as TF's (their classes counted when run).
            known = self._logits.static_shape
            k = known[-1] if known else None
            self._event_size = constant(k, _dt.int32) if k is not None else shape(self._logits)[-1]
        super().__init__(
            _dt.as_dtype(dtype), NOT_REPARAMETERIZED, validate_args, allow_nan_stats,
            parameters, [self._logits, self._probs], scope,
        )  # fmt: skip

    @property
    def logits(self) -> Tensor:
        return self._logits

    @property
    def probs(self) -> Tensor:
        return self._probs

    @property
    def event_size(self) -> Tensor:
        return self._event_size

    def _batch_shape(self):
        known = self._logits.static_shape
        return None if known is None else known[:-1]

    def _batch_shape_tensor(self):
        return shape(self._logits)[:-1]

    def _value(self, value):
        return convert_to_tensor(value)

    # The sampler takes the number of draws as a tensor (TF's `_sample_n`).
    _run_time_sample_shape = True

    def _sample_n(self, sample_shape, seed):
        # TF's: n draws from each row of the logits as a matrix, [n, rows] reshaped to
        # sample_shape + batch_shape.
        from .ops.array_ops import transpose
        from .ops.random_extra_ops import multinomial

        logits = self._logits
        if logits.static_shape is None or len(logits.static_shape) != 2:
            logits = reshape(logits, [-1, self._event_size])
        n = _sample_count(sample_shape)
        draws = transpose(multinomial(logits, n, seed=seed, output_dtype=_dt.int64))
        shaped = _sampled_shape(sample_shape, self._batch_shape(), self._batch_shape_tensor())
        return cast(reshape(draws, shaped), self._dtype)

    def _log_prob(self, k):
        from .ops.array_ops import one_hot
        from .ops.nn_ops import log_softmax

        k = cast(k, _dt.int32)
        logits = self._logits
        # Broadcast k and the batch of logits against each other, as TF does.
        k_b = k * cast(ones_like(logits[..., 0]), _dt.int32)
        logits_b = logits * cast(ones_like(k), logits.dtype)[..., None]
        # The classes counted when run where the graph does not know them (one_hot reads
        # its depth then).
        depth = logits.static_shape[-1] if logits.static_shape else None
        if depth is None:
            depth = self._event_size
        return reduce_sum(one_hot(k_b, depth, dtype=logits.dtype) * log_softmax(logits_b), -1)

    def _entropy(self):
        from .ops.nn_ops import log_softmax, softmax

        return -reduce_sum(log_softmax(self._logits) * softmax(self._logits), -1)

    def _mode(self):
        return cast(argmax(self._logits, -1), self._dtype)


class _Vector(Distribution):
    """Distributions over vectors: the last dimension is the event."""

    def _param(self) -> Tensor:
        raise NotImplementedError

    def _batch_shape(self):
        s = self._param().static_shape
        return None if s is None else s[:-1]

    def _event_shape(self):
        s = self._param().static_shape
        return None if s is None else s[-1:]

    def _batch_shape_tensor(self):
        return shape(self._param())[:-1]

    def _event_shape_tensor(self):
        return shape(self._param())[-1:]


def _covariance(off_diagonal_scale: Tensor, variance: Tensor) -> Tensor:
    """TF's covariance of a vector distribution: -x x^T off the diagonal (x the scaled
    mean), the variance on it."""
    from .ops.linalg_ops import matrix_set_diag

    x = off_diagonal_scale
    return matrix_set_diag(-(x[..., :, None] * x[..., None, :]), variance)


def _log_combinations(n: Tensor, counts: Tensor) -> Tensor:
    lg = _special().lgamma
    return lg(n + 1.0) - reduce_sum(lg(counts + 1.0), -1)


def _lbeta(x: Tensor) -> Tensor:
    return _special().lbeta(x)


class Multinomial(_Vector):
    """Counts of `total_count` draws over K classes with probabilities softmax(logits)."""

    def __init__(
        self,
        total_count,
        logits=None,
        probs=None,
        validate_args=False,
        allow_nan_stats=True,
        name="Multinomial",
    ):
        parameters = dict(locals())
        scope = _init_scope(name, "Multinomial")
        with get_default_graph().name_scope(scope):
            dtype = next(
                (v.dtype for v in (total_count, logits, probs) if isinstance(v, Tensor)),
                _dt.float32,
            )
            self.total_count = _float(total_count, "total_count", dtype)
            self._logits, self._probs = _logits_and_probs(logits, probs, True, validate_args, dtype)
            self._mean_val = self.total_count[..., None] * self._probs
        super().__init__(
            dtype, NOT_REPARAMETERIZED, validate_args, allow_nan_stats, parameters,
            [self.total_count, self._logits, self._probs], scope,
        )  # fmt: skip

    @property
    def logits(self) -> Tensor:
        return self._logits

    @property
    def probs(self) -> Tensor:
        return self._probs

    def _param(self):
        return self._mean_val

    _run_time_sample_shape = True  # the number of draws is a tensor the sampler takes

    def _log_prob(self, counts):
        from .ops.nn_ops import log_softmax

        log_p = reduce_sum(counts * log_softmax(self._logits), -1)
        return log_p + _log_combinations(self.total_count, counts)

    def _mean(self):
        return self._mean_val * 1.0

    def _variance(self):
        return self._mean_val * (1.0 - self._probs)

    def _covariance(self):
        n = self.total_count[..., None]
        return _covariance(sqrt(n) * self._probs * ones_like(n), self._variance())

    def _sample_n(self, sample_shape, seed):
        from .ops.array_ops import reshape, transpose

        n, batch, k = _count_shapes(self)
        m = _sample_count(sample_shape)
        rows = int(np.prod(batch, dtype=np.int64))
        flat = reshape(self._logits * ones_like(self._mean_val), [rows, k])
        counts = _draw_counts_split(flat, m, n, seed, self._dtype)
        shaped = _sampled_shape(sample_shape, (*batch, k), None)
        return reshape(transpose(counts, [1, 0, 2]), shaped)


def _count_shapes(d) -> tuple[int, tuple, int]:
    """(total_count, batch shape, classes) of a count distribution, all static (Multinomial
    and DirichletMultinomial samples need them: UNIMPLEMENTED otherwise)."""
    from .ops.misc_ops import get_static_value

    n = get_static_value(d.total_count)
    batch, event = d._batch_shape(), d._event_shape()
    if n is None or np.ndim(n) != 0 or batch is None or None in batch or None in event:
        raise error(
            "UNIMPLEMENTED",
            f"{type(d).__name__} samples need a constant scalar total_count and static shapes",
        )
    return int(n), tuple(batch), event[0]


def _sample_count(sample_shape: Any) -> Any:
    """The number of draws: the product of sample_shape, an int32 scalar for a shape
    known only when run (an int32 vector)."""
    if isinstance(sample_shape, Tensor):
        from .ops.reduce_ops import reduce_prod

        return reduce_prod(sample_shape)
    return int(np.prod(sample_shape, dtype=np.int64))


def _sampled_shape(sample_shape: Any, rest: tuple | None, rest_tensor: Tensor | None) -> Any:
    """sample_shape + rest as reshape takes it: ints where both are known while building,
    else an int32 vector (`rest_tensor` the run-time form of a partly known `rest`)."""
    known_rest = rest is not None and None not in rest
    if known_rest and not isinstance(sample_shape, Tensor):
        return [*sample_shape, *rest]
    tail = constant(np.array(rest, np.int32)) if known_rest else rest_tensor
    head = (
        sample_shape
        if isinstance(sample_shape, Tensor)
        else constant(np.array(sample_shape, np.int32).reshape(-1))
    )
    return concat([head, tail], 0)


def _draw_counts_split(logits: Tensor, m: Any, n: int, seed: Any, dtype: Any) -> Tensor:
    """[rows, m, classes]: for each row of logits [rows, classes], m sets of n draws
    counted per class (m an int, or an int32 scalar known when run)."""
    from .ops.array_ops import one_hot, reshape
    from .ops.random_extra_ops import multinomial

    rows, k = logits.static_shape
    if rows is None:
        rows = shape(logits)[0]
    draws = multinomial(logits, m * n, seed=seed, output_dtype=_dt.int32)
    return reduce_sum(one_hot(reshape(draws, [rows, m, n]), k, dtype=dtype), 2)


class Dirichlet(_Vector):
    """Dirichlet(concentration) on the simplex of the last dimension."""

    def __init__(self, concentration, validate_args=False, allow_nan_stats=True, name="Dirichlet"):
        parameters = dict(locals())
        scope = _init_scope(name, "Dirichlet")
        with get_default_graph().name_scope(scope):
            (concentration,) = _same_dtype(concentration, names=("concentration",))
            self.concentration = _positive(concentration, validate_args, "Concentration")
            self.total_concentration = reduce_sum(self.concentration, -1)
        super().__init__(
            concentration.dtype, FULLY_REPARAMETERIZED, validate_args, allow_nan_stats,
            parameters, [self.concentration], scope,
        )  # fmt: skip

    def _param(self):
        return self.concentration

    _run_time_sample_shape = True  # random_gamma takes the shape as it is

    def _sample_n(self, sample_shape, seed):
        from .ops.random_extra_ops import random_gamma

        gamma = random_gamma(sample_shape, self.concentration, dtype=self._dtype, seed=seed)
        return gamma / reduce_sum(gamma, -1, keepdims=True)

    def _log_prob(self, x):
        sm = _special()
        x = _valid_sample(
            x,
            self._validate_args,
            [
                (_positive_check, "samples must be positive"),
                (_sums_to_one_check, "sample last-dimension must sum to `1`"),
            ],
        )
        return reduce_sum(sm.xlogy(self.concentration - 1.0, x), -1) - _lbeta(self.concentration)

    def _entropy(self):
        dg = _special().digamma
        c, total = self.concentration, self.total_concentration
        k = cast(shape(c)[-1], self._dtype)
        return _lbeta(c) + (total - k) * dg(total) - reduce_sum((c - 1.0) * dg(c), -1)

    def _mean(self):
        return self.concentration / self.total_concentration[..., None]

    def _variance(self):
        total = self.total_concentration[..., None]
        mean = self.concentration / total
        return mean * (1.0 - mean) / (1.0 + total)

    def _covariance(self):
        total = self.total_concentration[..., None]
        scale = _special_rsqrt(1.0 + total)
        return _covariance(scale * self._mean(), self._variance())

    def _mode(self):
        from .ops.reduce_ops import reduce_any

        k = cast(shape(self.concentration)[-1], self._dtype)
        mode = (self.concentration - 1.0) / (self.total_concentration[..., None] - k)
        bad = reduce_any(
            less(self.concentration, 1.0) | equal(self.concentration, 1.0), -1, keepdims=True
        ) & ones_like(mode, dtype=_dt.bool_)
        return _nan_where(
            bad,
            mode,
            self._allow_nan_stats,
            "Mode undefined when any concentration <= 1",
            [self.concentration],
        )


class DirichletMultinomial(_Vector):
    """Counts of `total_count` draws whose class probabilities are Dirichlet(concentration)."""

    def __init__(
        self,
        total_count,
        concentration,
        validate_args=False,
        allow_nan_stats=True,
        name="DirichletMultinomial",
    ):
        parameters = dict(locals())
        scope = _init_scope(name, "DirichletMultinomial")
        with get_default_graph().name_scope(scope):
            total_count, concentration = _same_dtype(
                total_count, concentration, names=("total_count", "concentration")
            )
            self.total_count = total_count
            self.concentration = _positive(concentration, validate_args, "Concentration")
            self.total_concentration = reduce_sum(self.concentration, -1)
            self._shape_of = self.concentration * ones_like(self.total_count)[..., None]
        super().__init__(
            concentration.dtype, NOT_REPARAMETERIZED, validate_args, allow_nan_stats,
            parameters, [self.total_count, self.concentration], scope,
        )  # fmt: skip

    def _param(self):
        return self._shape_of

    _run_time_sample_shape = True  # random_gamma and the sampler take it as it is

    def _log_prob(self, counts):
        ordered = _lbeta(self.concentration + counts) - _lbeta(self.concentration)
        return ordered + _log_combinations(self.total_count, counts)

    def _sample_n(self, sample_shape, seed):
        # TF's: class probabilities from the Dirichlet, then total_count draws from each.
        from .ops.array_ops import reshape
        from .ops.random_extra_ops import random_gamma

        n, batch, k = _count_shapes(self)
        gamma = random_gamma(sample_shape, self._shape_of, dtype=self._dtype, seed=seed)
        m = _sample_count(sample_shape) * int(np.prod(batch, dtype=np.int64))
        logits = reshape(log(gamma) - log(reduce_sum(gamma, -1, keepdims=True)), [m, k])
        counts = _draw_counts_split(
            logits, 1, n, _other_seed(seed, "dirichlet_multinomial"), self._dtype
        )
        return reshape(counts, _sampled_shape(sample_shape, (*batch, k), None))

    def _mean(self):
        n = self.total_count[..., None]
        return n * self.concentration / self.total_concentration[..., None]

    def _variance(self):
        n = self.total_count[..., None]
        total = self.total_concentration[..., None]
        p = self.concentration / total
        return n * p * (1.0 - p) * (n + total) / (1.0 + total)

    def _covariance(self):
        n = self.total_count[..., None]
        total = self.total_concentration[..., None]
        scale = sqrt((1.0 + total / n) / (1.0 + total))
        return _covariance(scale * self._mean(), self._variance())


# -- KL divergence -------------------------------------------------------------------------------

_DIVERGENCES: dict[tuple[type, type], Callable] = {}


class RegisterKL:
    """Decorator registering `kl_fn(a, b, name=None)` for distribution types (a, b)."""

    def __init__(self, dist_cls_a: type, dist_cls_b: type):
        self._key = (dist_cls_a, dist_cls_b)

    def __call__(self, kl_fn: Callable) -> Callable:
        if not callable(kl_fn):
            raise TypeError(f"kl_fn must be callable, received: {kl_fn}")
        if self._key in _DIVERGENCES:
            a, b = self._key
            raise ValueError(
                f"KL({a.__name__} || {b.__name__}) has already been registered to: "
                f"{_DIVERGENCES[self._key]}"
            )
        _DIVERGENCES[self._key] = kl_fn
        return kl_fn


def _lookup(a: type, b: type) -> Callable | None:
    """The registered function of the nearest pair of ancestors, as TF's."""
    best, best_distance = None, None
    for i, pa in enumerate(a.__mro__):
        for j, pb in enumerate(b.__mro__):
            fn = _DIVERGENCES.get((pa, pb))
            if fn is not None and (best_distance is None or i + j < best_distance):
                best, best_distance = fn, i + j
    return best


def kl_divergence(
    distribution_a: Distribution,
    distribution_b: Distribution,
    allow_nan_stats: bool = True,
    name: str | None = None,
) -> Tensor:
    """KL(a || b) by the function registered for their types (NotImplementedError when
    none is); with allow_nan_stats=False, a NaN result fails at run time."""
    fn = _lookup(type(distribution_a), type(distribution_b))
    if fn is None:
        raise error(
            "UNIMPLEMENTED",
            f"No KL(distribution_a || distribution_b) registered for distribution_a type "
            f"{type(distribution_a).__name__} and distribution_b type "
            f"{type(distribution_b).__name__}",
        )
    with get_default_graph().name_scope("KullbackLeibler"):
        kl = fn(distribution_a, distribution_b, name=name)
        if allow_nan_stats:
            return kl
        from .graph import control_dependencies
        from .ops.array_ops import identity
        from .ops.debug_ops import Assert
        from .ops.math_ops import logical_not
        from .ops.reduce_ops import reduce_any
        from .ops.special_math_ops import is_nan

        message = (
            f"KL calculation between {distribution_a.name} and {distribution_b.name} "
            "returned NaN values (and was called with allow_nan_stats=False). Values:"
        )
        with control_dependencies([Assert(logical_not(reduce_any(is_nan(kl))), [message, kl])]):
            return identity(kl)


@RegisterKL(Normal, Normal)
def _kl_normal_normal(n_a, n_b, name=None):
    with get_default_graph().name_scope(name, "kl_normal_normal"):
        one = constant(1.0, n_a.dtype)
        two = constant(2.0, n_a.dtype)
        half = constant(0.5, n_a.dtype)
        s_a_squared = square(n_a.scale)
        s_b_squared = square(n_b.scale)
        ratio = s_a_squared / s_b_squared
        return square(n_a.loc - n_b.loc) / (two * s_b_squared) + half * (ratio - one - log(ratio))


@RegisterKL(Bernoulli, Bernoulli)
def _kl_bernoulli_bernoulli(a, b, name=None):
    from .ops.nn_ops import softplus

    with get_default_graph().name_scope(name, "kl_bernoulli_bernoulli"):
        delta_probs0 = softplus(-b.logits) - softplus(-a.logits)
        delta_probs1 = softplus(b.logits) - softplus(a.logits)
        return sigmoid(a.logits) * delta_probs0 + sigmoid(-a.logits) * delta_probs1


@RegisterKL(Categorical, Categorical)
def _kl_categorical_categorical(a, b, name=None):
    from .ops.nn_ops import log_softmax, softmax

    with get_default_graph().name_scope(name, "kl_categorical_categorical"):
        delta = log_softmax(a.logits) - log_softmax(b.logits)
        return reduce_sum(softmax(a.logits) * delta, -1)


@RegisterKL(Beta, Beta)
def _kl_beta_beta(d1, d2, name=None):
    dg = _special().digamma
    with get_default_graph().name_scope(name, "kl_beta_beta"):
        return (
            _lbeta2(d2.concentration1, d2.concentration0)
            - _lbeta2(d1.concentration1, d1.concentration0)
            + (d1.concentration1 - d2.concentration1) * dg(d1.concentration1)
            + (d1.concentration0 - d2.concentration0) * dg(d1.concentration0)
            + (d2.total_concentration - d1.total_concentration) * dg(d1.total_concentration)
        )


@RegisterKL(Gamma, Gamma)
def _kl_gamma_gamma(g0, g1, name=None):
    sm = _special()
    with get_default_graph().name_scope(name, "kl_gamma_gamma"):
        return (
            (g0.concentration - g1.concentration) * sm.digamma(g0.concentration)
            + sm.lgamma(g1.concentration)
            - sm.lgamma(g0.concentration)
            + g1.concentration * log(g0.rate)
            - g1.concentration * log(g1.rate)
            + g0.concentration * (g1.rate / g0.rate - 1.0)
        )


@RegisterKL(Dirichlet, Dirichlet)
def _kl_dirichlet_dirichlet(d1, d2, name=None):
    sm = _special()
    with get_default_graph().name_scope(name, "kl_dirichlet_dirichlet"):
        digamma_sum_d1 = sm.digamma(reduce_sum(d1.concentration, -1, keepdims=True))
        digamma_diff = sm.digamma(d1.concentration) - digamma_sum_d1
        concentration_diff = d1.concentration - d2.concentration
        return (
            reduce_sum(concentration_diff * digamma_diff, -1)
            - _lbeta(d1.concentration)
            + _lbeta(d2.concentration)
        )
