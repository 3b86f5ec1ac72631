"""Training: optimizers, learning-rate schedules, weight initializers, gradient clipping."""

from ..variable_scope import get_variable
from .clip import clip_by_global_norm, global_norm
from .initializers import (
    glorot_normal_initializer,
    glorot_uniform_initializer,
    ones_initializer,
    random_normal_initializer,
    random_uniform_initializer,
    zeros_initializer,
)
from .moving_averages import ExponentialMovingAverage
from .optimizers import (
    AdadeltaOptimizer,
    AdagradOptimizer,
    AdamOptimizer,
    GradientDescentOptimizer,
    MomentumOptimizer,
    Optimizer,
    RMSPropOptimizer,
)
from .schedules import (
    create_global_step,
    exponential_decay,
    get_global_step,
    get_or_create_global_step,
    global_step,
    inverse_time_decay,
    natural_exp_decay,
    piecewise_constant,
    polynomial_decay,
)

__all__ = [
    "AdadeltaOptimizer",
    "AdagradOptimizer",
    "AdamOptimizer",
    "ExponentialMovingAverage",
    "GradientDescentOptimizer",
    "MomentumOptimizer",
    "Optimizer",
    "RMSPropOptimizer",
    "clip_by_global_norm",
    "constant_initializer",
    "create_global_step",
    "exponential_decay",
    "get_global_step",
    "get_or_create_global_step",
    "get_variable",
    "global_norm",
    "global_step",
    "glorot_normal_initializer",
    "glorot_uniform_initializer",
    "inverse_time_decay",
    "natural_exp_decay",
    "ones_initializer",
    "piecewise_constant",
    "polynomial_decay",
    "random_normal_initializer",
    "random_uniform_initializer",
    "truncated_normal_initializer",
    "variance_scaling_initializer",
    "zeros_initializer",
]
