"""`gg.random`: TF1's `tf.random` namespace (seeded as the top-level random ops), with the
candidate samplers TF also keeps there beside `tf.nn`."""

import types

from .graph import set_random_seed
from .ops.random_extra_ops import (
    categorical,
    fold_in,
    multinomial,
    random_crop,
    random_poisson,
    split,
    stateless_categorical,
    stateless_multinomial,
    stateless_truncated_normal,
)
from .ops.random_extra_ops import random_gamma as gamma
from .ops.random_extra_ops import random_shuffle as shuffle
from .ops.random_extra_ops import stateless_random_binomial as stateless_binomial
from .ops.random_extra_ops import stateless_random_gamma as stateless_gamma
from .ops.random_extra_ops import stateless_random_normal as stateless_normal
from .ops.random_extra_ops import stateless_random_poisson as stateless_poisson
from .ops.random_extra_ops import stateless_random_uniform as stateless_uniform
from .ops.random_ops import get_seed as _get_seed
from .ops.random_ops import random_normal as normal
from .ops.random_ops import random_uniform as uniform
from .ops.random_ops import truncated_normal
from .ops.sampling_ops import (
    all_candidate_sampler,
    fixed_unigram_candidate_sampler,
    learned_unigram_candidate_sampler,
    log_uniform_candidate_sampler,
    uniform_candidate_sampler,
)
from .random_generator import (
    Algorithm,
    Generator,
    create_rng_state,
    get_global_generator,
    set_global_generator,
)

set_seed = set_random_seed

# TF 2's spellings of the stateless seed helpers, kept in compat.v1's tf.random.experimental.
experimental = types.SimpleNamespace(
    stateless_fold_in=fold_in,
    stateless_split=split,
    Algorithm=Algorithm,
    Generator=Generator,
    create_rng_state=create_rng_state,
    get_global_generator=get_global_generator,
    set_global_generator=set_global_generator,
)


def poisson(lam, shape, dtype="float32", seed=None, name=None):
    """`tf.random.poisson` (TF1's compat argument order: `lam`, then `shape`)."""
    return random_poisson(lam, shape, dtype, seed, name)


def get_seed(op_seed):
    """The (graph seed, op seed) pair an op of the default graph would use."""
    from .graph import get_default_graph

    return _get_seed(get_default_graph(), op_seed)


__all__ = [
    "Algorithm",
    "Generator",
    "all_candidate_sampler",
    "categorical",
    "create_rng_state",
    "experimental",
    "fixed_unigram_candidate_sampler",
    "fold_in",
    "gamma",
    "get_global_generator",
    "get_seed",
    "learned_unigram_candidate_sampler",
    "log_uniform_candidate_sampler",
    "multinomial",
    "normal",
    "poisson",
    "random_crop",
    "set_global_generator",
    "set_random_seed",
    "set_seed",
    "shuffle",
    "split",
    "stateless_binomial",
    "stateless_categorical",
    "stateless_gamma",
    "stateless_multinomial",
    "stateless_normal",
    "stateless_poisson",
    "stateless_truncated_normal",
    "stateless_uniform",
    "truncated_normal",
    "uniform",
    "uniform_candidate_sampler",
]
