"""Learning-rate schedules driven by a `global_step` variable, as TF1's `tf.train` ones.

Each is a tensor computed from the step in the learning rate's dtype (float32 for a Python
float), under the name scope TF1 gives it (`ExponentialDecay`, ...), so its value at every
step is TF's.
"""

from __future__ import annotations

from typing import Any

from .. import dtypes as _dt
from ..errors import error
from ..graph import Graph, Tensor, constant_op, convert_to_tensor, get_default_graph
from ..ops.array_ops import where
from ..ops.math_ops import add, cast, divide, exp, floor, log, minimum, multiply, negative, pow
from ..ops.schedule_ops import cos_pi
from ..ops.state_ops import VARIABLES, Variable

GLOBAL_STEP = "global_step"


def get_global_step(graph: Graph | None = None) -> Variable | None:
    """The graph's global step: the GLOBAL_STEP collection's, else the tensor
    `global_step:0`, else None."""
    from .training_util import assert_global_step

    graph = graph or get_default_graph()
    found = graph.get_collection(GLOBAL_STEP)
    if found:
        # TF's: a float or non-scalar step is a TypeError wherever it is looked up.
        assert_global_step(found[0])
        return found[0]
    try:
        op = graph.get_operation_by_name("global_step")
    except KeyError:
        return None
    if op.type != "VariableV2":
        return None
    assert_global_step(op.outputs[0])
    return op.outputs[0]


def create_global_step(graph: Graph | None = None) -> Variable:
    """An int64 scalar variable named `global_step`, not trainable: TF's `get_variable`
    with a zeros initializer outside any name scope, so it is inside the variable scope
    (SRGAN's `get_learning_rate_and_global_step/global_step`, a checkpoint key)."""
    from ..variable_scope import get_variable
    from .initializers import zeros_initializer

    graph = graph or get_default_graph()
    if get_global_step(graph) is not None:
        raise error("VARIABLE_EXISTS", '"global_step" already exists.', node="global_step")
    with graph.as_default(), graph.name_scope(""):
        return get_variable(
            GLOBAL_STEP,
            shape=[],
            dtype=_dt.int64,
            initializer=zeros_initializer(),
            trainable=False,
            collections=[VARIABLES, GLOBAL_STEP],
        )


def global_step(sess: Any, global_step_tensor: Tensor) -> int:
    """The step's value in `sess`, as a Python int (TF1's `tf.train.global_step`)."""
    return int(sess.run(global_step_tensor))


def get_or_create_global_step(graph: Graph | None = None) -> Variable:
    step = get_global_step(graph)
    return step if step is not None else create_global_step(graph)


def _require_step(global_step: Any, schedule: str) -> None:
    if global_step is None:  # TF's ValueError, before anything is built
        raise error("INVALID_ATTR", f"global_step is required for {schedule}.")


def _rate(learning_rate: Any, graph: Graph, dtype: Any = None) -> Tensor:
    return convert_to_tensor(learning_rate, dtype, "learning_rate", graph)


def _step_fraction(global_step: Any, decay_steps: Any, dtype: Any, staircase: bool) -> Tensor:
    p = cast(global_step, dtype) / cast(decay_steps, dtype)
    return floor(p) if staircase else p


def _graph_of(*values: Any) -> Graph:
    for v in values:
        if isinstance(v, Tensor):
            return v.op.graph
    return get_default_graph()


def exponential_decay(
    learning_rate: Any,
    global_step: Any,
    decay_steps: Any,
    decay_rate: Any,
    staircase: bool = False,
    name: str | None = None,
) -> Tensor:
    """learning_rate * decay_rate ** (global_step / decay_steps), floored if staircase."""
    _require_step(global_step, "exponential_decay")
    graph = _graph_of(learning_rate, global_step)
    with graph.as_default(), graph.name_scope(name, "ExponentialDecay") as scope:
        lr = _rate(learning_rate, graph)
        p = _step_fraction(global_step, decay_steps, lr.dtype, staircase)
        return multiply(lr, pow(cast(decay_rate, lr.dtype), p), name=scope)


def natural_exp_decay(
    learning_rate: Any,
    global_step: Any,
    decay_steps: Any,
    decay_rate: Any,
    staircase: bool = False,
    name: str | None = None,
) -> Tensor:
    """learning_rate * exp(-decay_rate) ** (global_step / decay_steps): TF1's form (an
    `ExponentialDecay` of rate exp(-decay_rate)), which rounds as TF's in float32."""
    _require_step(global_step, "natural_exp_decay")
    graph = _graph_of(learning_rate, global_step)
    with graph.as_default(), graph.name_scope(name, "ExponentialDecay") as scope:
        lr = _rate(learning_rate, graph)
        p = _step_fraction(global_step, decay_steps, lr.dtype, staircase)
        # TF takes exp(-rate) of the rate as given (float32 for a Python float), then
        # casts: a float64 schedule decays by float32's exp(-0.5), as TF's.
        rate = cast(exp(negative(convert_to_tensor(decay_rate, graph=graph))), lr.dtype)
        return multiply(lr, pow(rate, p), name=scope)


def inverse_time_decay(
    learning_rate: Any,
    global_step: Any,
    decay_steps: Any,
    decay_rate: Any,
    staircase: bool = False,
    name: str | None = None,
) -> Tensor:
    """learning_rate / (1 + decay_rate * global_step / decay_steps)."""
    _require_step(global_step, "inverse_time_decay")
    graph = _graph_of(learning_rate, global_step)
    with graph.as_default(), graph.name_scope(name, "InverseTimeDecay") as scope:
        lr = _rate(learning_rate, graph)
        p = _step_fraction(global_step, decay_steps, lr.dtype, staircase)
        return divide(lr, 1 + cast(decay_rate, lr.dtype) * p, name=scope)


def polynomial_decay(
    learning_rate: Any,
    global_step: Any,
    decay_steps: Any,
    end_learning_rate: Any = 0.0001,
    power: Any = 1.0,
    cycle: bool = False,
    name: str | None = None,
) -> Tensor:
    """(lr - end) * (1 - min(step, decay_steps) / decay_steps) ** power + end; with `cycle`
    decay_steps grows to the next multiple of itself past the step."""
    _require_step(global_step, "polynomial_decay")
    graph = _graph_of(learning_rate, global_step)
    with graph.as_default(), graph.name_scope(name, "PolynomialDecay") as scope:
        lr = _rate(learning_rate, graph)
        dtype = lr.dtype
        step = cast(global_step, dtype)
        steps = cast(decay_steps, dtype)
        if cycle:
            ceil = negative(floor(negative(step / steps)))
            steps = steps * where(step <= 0, constant_op(graph, 1.0, dtype), ceil)
        else:
            step = minimum(step, steps)
        end = cast(end_learning_rate, dtype)
        frac = pow(1 - step / steps, cast(power, dtype))
        return add((lr - end) * frac, end, name=scope)


def piecewise_constant(
    x: Tensor, boundaries: list, values: list, name: str | None = None
) -> Tensor:
    """values[i] while boundaries[i-1] < x <= boundaries[i] (values has one more entry);
    the values' dtype as given (float32 for Python floats)."""
    if len(values) != len(boundaries) + 1:
        raise error("INVALID_ATTR", "piecewise_constant needs len(values) == len(boundaries) + 1")
    graph = _graph_of(x)
    with graph.as_default(), graph.name_scope(name, "PiecewiseConstant"):
        vals = [convert_to_tensor(v, graph=graph) for v in values]
        dtype = vals[0].dtype
        if any(v.dtype != dtype for v in vals):
            raise error(
                "INVALID_ATTR",
                f"Values must have elements all with the same dtype ({[v.dtype for v in vals]}).",
            )
        bounds = [_boundary(convert_to_tensor(b, graph=graph), x.dtype) for b in boundaries]
        out = cast(vals[-1], dtype)
        for bound, v in zip(reversed(bounds), reversed(vals[:-1]), strict=True):
            out = where(x <= bound, cast(v, dtype), out)
        return out


def _boundary(bound: Tensor, dtype: Any) -> Tensor:
    """A boundary in x's dtype as TF1 allows it: int32 (Python ints) widened to int64,
    any other difference refused, as a float boundary cast to int would compare wrongly."""
    if bound.dtype == dtype:
        return bound
    if bound.dtype == _dt.int32 and dtype == _dt.int64:
        return cast(bound, dtype)
    raise error(
        "INVALID_ATTR", f"Boundaries ({bound.dtype.name}) must have the same dtype as x ({dtype})."
    )


def _cosine(fraction: Tensor) -> Tensor:
    """0.5 * (1 + cos(π fraction)), as TF's schedules compute it."""
    return 0.5 * (1.0 + cos_pi(fraction))


def cosine_decay(
    learning_rate: Any,
    global_step: Any,
    decay_steps: Any,
    alpha: Any = 0.0,
    name: str | None = None,
) -> Tensor:
    """learning_rate * ((1 - alpha) * 0.5 * (1 + cos(π min(step, decay_steps) /
    decay_steps)) + alpha)."""
    _require_step(global_step, "cosine_decay")
    graph = _graph_of(learning_rate, global_step)
    with graph.as_default(), graph.name_scope(name, "CosineDecay"):
        lr = _rate(learning_rate, graph)
        dtype = lr.dtype
        steps = cast(decay_steps, dtype)
        step = minimum(cast(global_step, dtype), steps)
        decayed = (1 - alpha) * _cosine(step / steps) + alpha
        return multiply(lr, decayed)


def cosine_decay_restarts(
    learning_rate: Any,
    global_step: Any,
    first_decay_steps: Any,
    t_mul: float = 2.0,
    m_mul: float = 1.0,
    alpha: float = 0.0,
    name: str | None = None,
) -> Tensor:
    """Cosine decay restarting after `first_decay_steps`, each period `t_mul` times the
    last and each restart's peak `m_mul` times the last (SGDR)."""
    _require_step(global_step, "cosine_decay_restarts")
    graph = _graph_of(learning_rate, global_step)
    with graph.as_default(), graph.name_scope(name, "SGDRDecay") as scope:
        lr = _rate(learning_rate, graph)
        dtype = lr.dtype
        first = cast(first_decay_steps, dtype)
        a, t, m = (cast(v, dtype) for v in (alpha, t_mul, m_mul))
        fraction = cast(global_step, dtype) / first
        # TF picks the branch with a cond on t_mul == 1; t_mul is a Python number here.
        if float(t_mul) == 1.0:
            restart = floor(fraction)
            fraction = fraction - restart
        else:
            restart = floor(log(1.0 - fraction * (1.0 - t)) / log(t))
            done = (1.0 - pow(t, restart)) / (1.0 - t)
            fraction = (fraction - done) / pow(t, restart)
        cosine = 0.5 * pow(m, restart) * (1.0 + cos_pi(fraction))
        decayed = (1 - a) * cosine + a
        return multiply(lr, decayed, name=scope)


def _linear_cosine(learning_rate, global_step, decay_steps, shape, name, default, noise=None):
    """TF1's linear cosine decay (`shape` is num_periods, alpha, beta), with
    `noise(step, dtype)` added to the linear part when given."""
    graph = _graph_of(learning_rate, global_step)
    with graph.as_default(), graph.name_scope(name, default) as scope:
        lr = _rate(learning_rate, graph)
        dtype = lr.dtype
        steps = cast(decay_steps, dtype)
        periods, a, b = (cast(v, dtype) for v in shape)
        step = minimum(cast(global_step, dtype), steps)
        linear = (steps - step) / steps
        if noise is not None:
            linear = linear + noise(step, dtype)
        fraction = 2.0 * periods * (step / steps)
        return multiply(lr, (a + linear) * _cosine(fraction) + b, name=scope)


def linear_cosine_decay(
    learning_rate: Any,
    global_step: Any,
    decay_steps: Any,
    num_periods: float = 0.5,
    alpha: float = 0.0,
    beta: float = 0.001,
    name: str | None = None,
) -> Tensor:
    """learning_rate * ((alpha + linear) * cosine + beta), linear falling from 1 to 0 over
    `decay_steps` and cosine making `num_periods` periods."""
    _require_step(global_step, "linear_cosine_decay")
    shape = (num_periods, alpha, beta)
    return _linear_cosine(learning_rate, global_step, decay_steps, shape, name, "LinearCosineDecay")


def noisy_linear_cosine_decay(
    learning_rate: Any,
    global_step: Any,
    decay_steps: Any,
    initial_variance: float = 1.0,
    variance_decay: float = 0.55,
    num_periods: float = 0.5,
    alpha: float = 0.0,
    beta: float = 0.001,
    name: str | None = None,
) -> Tensor:
    """`linear_cosine_decay` with normal noise on the linear part, of variance
    initial_variance / (1 + step) ** variance_decay (graphgate's seeded draws, not TF's)."""
    _require_step(global_step, "noisy_linear_cosine_decay")
    from ..ops.math_ops import sqrt
    from ..ops.random_ops import random_normal

    def noise(step: Tensor, dtype: Any) -> Tensor:
        variance = cast(initial_variance, dtype) / pow(1.0 + step, cast(variance_decay, dtype))
        return random_normal([], dtype=dtype) * sqrt(variance)

    shape = (num_periods, alpha, beta)
    default = "NoisyLinearCosineDecay"
    return _linear_cosine(learning_rate, global_step, decay_steps, shape, name, default, noise)
