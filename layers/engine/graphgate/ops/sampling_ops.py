"""Candidate sampling and the sampled losses (`tf.nn.nce_loss`, `sampled_softmax_loss`),
as in TensorFlow's `_compute_sampled_logits`."""

from __future__ import annotations

import operator
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Tensor, as_tensors, constant_op, get_default_graph
from .array_ops import concat, expand_dims, ones_like, reshape, stop_gradient, zeros_like
from .math_ops import cast, equal, log, matmul
from .nn_ops import (
    embedding_lookup,
    sigmoid_cross_entropy_with_logits,
    softmax_cross_entropy_with_logits,
)
from .random_ops import get_seed
from .reduce_ops import reduce_sum
from .registry import REQUIRED, InferenceError, check_dtype, not_differentiable, register_op

_SAMPLER_ATTRS = {
    "num_true": ("int", REQUIRED),
    "num_sampled": ("int", REQUIRED),
    "unique": ("bool", True),
    "range_max": ("int", REQUIRED),
    "seed": ("seed", None),
    "seed2": ("seed", None),
}


def _sampler_infer(shapes, types, attrs):
    check_dtype(types[0], "int", "true_classes")
    n, k, r = attrs["num_sampled"], attrs["num_true"], attrs["range_max"]
    if r < 1 or n < 0 or (attrs.get("unique", True) and n > r):
        raise InferenceError(
            "INVALID_ATTR", f"cannot sample {n} classes out of range_max={r} (unique)"
        )
    batch = None if shapes[0] is None else shapes[0][0]
    return [((n,), _dt.int64), ((batch, k), _dt.float32), ((n,), _dt.float32)]


def _log_uniform_probability(ids, range_max):
    ids = np.asarray(ids, np.float64)
    return (np.log(ids + 2) - np.log(ids + 1)) / np.log(range_max + 1)


def _candidate_kernel(op, draw, probability):
    """A candidate sampler's kernel: `draw(rng, count)` ids in [0, range_max) and
    `probability(ids)` their chance per draw; unique samples count the draws it took, and
    the expected counts are TF's (-expm1(tries * log1p(-p)) unique, p * n otherwise)."""
    a = op.attrs
    n, unique = a["num_sampled"], a.get("unique", True)

    def kernel(state, true_classes):
        rng = state.rng(op)
        if unique:
            chosen: dict[int, None] = {}
            tries = 0
            while len(chosen) < n:
                for v in draw(rng, n - len(chosen)).tolist():
                    tries += 1
                    chosen.setdefault(v, None)
                    if len(chosen) == n:
                        break
            sampled = np.fromiter(chosen, np.int64, n)

            def expected(ids):
                return -np.expm1(tries * np.log1p(-probability(ids)))
        else:
            sampled = draw(rng, n)

            def expected(ids):
                return probability(ids) * n

        true = np.asarray(true_classes)
        return (
            sampled,
            expected(true).astype(np.float32),
            expected(sampled).astype(np.float32),
        )

    return kernel


@register_op(
    "LogUniformCandidateSampler",
    arity=1,
    infer=_sampler_infer,
    attrs=_SAMPLER_ATTRS,
    stateful=True,
    needs_state=True,
)
def _log_uniform_sampler(op):
    r = op.attrs["range_max"]
    log_range = np.log(r + 1)

    def draw(rng, count):
        return (np.exp(rng.random(count) * log_range).astype(np.int64) - 1) % r

    return _candidate_kernel(op, draw, lambda ids: _log_uniform_probability(ids, r))


@register_op(
    "UniformCandidateSampler",
    arity=1,
    infer=_sampler_infer,
    attrs=_SAMPLER_ATTRS,
    stateful=True,
    needs_state=True,
)
def _uniform_sampler(op):
    r = op.attrs["range_max"]

    def draw(rng, count):
        return rng.integers(0, r, count, dtype=np.int64)

    return _candidate_kernel(op, draw, lambda ids: np.full(np.shape(ids), 1.0 / r))


not_differentiable("UniformCandidateSampler")


def _unigram_infer(shapes, types, attrs):
    probs = attrs["probs"]
    if probs.ndim != 1 or len(probs) != attrs["range_max"]:
        raise InferenceError(
            "INVALID_ATTR",
            f"unigrams must have range_max={attrs['range_max']} entries, got {len(probs)}",
        )
    if attrs.get("unique", True) and attrs["num_sampled"] > int(np.count_nonzero(probs)):
        raise InferenceError(
            "INVALID_ATTR", "cannot sample more unique classes than have a nonzero unigram"
        )
    return _sampler_infer(shapes, types, attrs)


@register_op(
    "FixedUnigramCandidateSampler",
    arity=1,
    infer=_unigram_infer,
    attrs={**_SAMPLER_ATTRS, "probs": ("tensor", REQUIRED)},
    stateful=True,
    needs_state=True,
)
def _fixed_unigram_sampler(op):
    probs = np.asarray(op.attrs["probs"], np.float64)

    def draw(rng, count):
        return rng.choice(len(probs), size=count, p=probs).astype(np.int64)

    return _candidate_kernel(op, draw, lambda ids: probs[np.asarray(ids, np.int64)])


not_differentiable("FixedUnigramCandidateSampler")


def fixed_unigram_candidate_sampler(
    true_classes: Any,
    num_true: int,
    num_sampled: int,
    unique: bool,
    range_max: int,
    vocab_file: str = "",
    distortion: float = 1.0,
    num_reserved_ids: int = 0,
    num_shards: int = 1,
    shard: int = 0,
    unigrams: Any = (),
    seed: int | None = None,
    name: str | None = None,
) -> tuple[Tensor, Tensor, Tensor]:
    """Candidates drawn with probability proportional to unigrams[i] ** distortion, the
    first `num_reserved_ids` ids never (`tf.nn.fixed_unigram_candidate_sampler`); the
    counts are given as `unigrams` (no `vocab_file`, one shard)."""
    if vocab_file or num_shards != 1 or shard != 0:
        raise error("UNIMPLEMENTED", "fixed_unigram_candidate_sampler takes `unigrams` (one shard)")
    weights = np.asarray(unigrams, np.float64) ** float(distortion)
    reserved = operator.index(num_reserved_ids)
    weights = np.concatenate([np.zeros(reserved), weights])
    if weights.sum() <= 0:
        raise error("INVALID_ATTR", "unigrams must have a positive entry")
    extra = {"probs": weights / weights.sum()}
    return _sampler(
        "FixedUnigramCandidateSampler", true_classes, num_true, num_sampled, unique,
        range_max, seed, name, extra,
    )  # fmt: skip


def all_candidate_sampler(
    true_classes: Any,
    num_true: int,
    num_sampled: int,
    unique: bool,
    seed: int | None = None,
    name: str | None = None,
) -> tuple[Tensor, Tensor, Tensor]:
    """Every class in [0, num_sampled), expected counts all one
    (`tf.nn.all_candidate_sampler`)."""
    from ..graph import control_dependencies
    from .array_ops import identity
    from .debug_ops import assert_less, assert_non_negative

    graph, (t,) = as_tensors(true_classes)
    n = operator.index(num_sampled)
    with graph.as_default(), graph.name_scope(name, "AllCandidateSampler"):
        # TF's kernel refuses true classes outside [0, num_sampled) when it runs.
        message = f"`true_candidate` out of range [0, {n})"
        t64 = cast(t, _dt.int64)
        checks = [
            assert_non_negative(t64, message=message),
            assert_less(t64, constant_op(graph, np.int64(n)), message=message),
        ]
        with control_dependencies(checks):
            sampled = identity(constant_op(graph, np.arange(n, dtype=np.int64)))
            true_expected = ones_like(cast(t, _dt.float32))
            sampled_expected = identity(constant_op(graph, np.ones(n, np.float32)))
        return sampled, true_expected, sampled_expected


not_differentiable("LogUniformCandidateSampler")


def log_uniform_candidate_sampler(
    true_classes: Any,
    num_true: int,
    num_sampled: int,
    unique: bool,
    range_max: int,
    seed: int | None = None,
    name: str | None = None,
) -> tuple[Tensor, Tensor, Tensor]:
    """(sampled ids, expected counts of the true classes, of the sampled ones), drawn from
    P(k) = log((k + 2) / (k + 1)) / log(range_max + 1) (Zipf-like), without replacement
    when `unique`."""
    return _sampler(
        "LogUniformCandidateSampler", true_classes, num_true, num_sampled, unique, range_max,
        seed, name,
    )  # fmt: skip


def uniform_candidate_sampler(
    true_classes: Any,
    num_true: int,
    num_sampled: int,
    unique: bool,
    range_max: int,
    seed: int | None = None,
    name: str | None = None,
) -> tuple[Tensor, Tensor, Tensor]:
    """(sampled ids, expected counts of the true classes, of the sampled ones), drawn
    uniformly from [0, range_max), without replacement when `unique`
    (`tf.nn.uniform_candidate_sampler`)."""
    return _sampler(
        "UniformCandidateSampler", true_classes, num_true, num_sampled, unique, range_max,
        seed, name,
    )  # fmt: skip


def _sampler(type_, true_classes, num_true, num_sampled, unique, range_max, seed, name, extra=None):
    graph, (t,) = as_tensors(true_classes)
    seed, seed2 = get_seed(graph, seed)
    attrs = {
        **(extra or {}),
        "num_true": operator.index(num_true),
        "num_sampled": operator.index(num_sampled),
        "unique": bool(unique),
        "range_max": operator.index(range_max),
        "seed": seed,
        "seed2": seed2,
    }
    op = graph.create_op(type_, (cast(t, _dt.int64),), attrs, name or type_)
    return tuple(op.outputs)


def _sampled_logits(
    weights, biases, labels, inputs, num_sampled, num_classes, num_true, sampled_values,
    remove_accidental_hits, seed,
):  # fmt: skip
    """TF's _compute_sampled_logits: (logits, labels) over the true and sampled classes."""
    if isinstance(weights, list | tuple):
        if len(weights) != 1:
            raise error("INVALID_ATTR", "sharded weights are not supported; pass one tensor")
        weights = weights[0]
    graph, (inputs,) = as_tensors(inputs)
    _, (labels,) = (
        as_tensors(labels) if isinstance(labels, Tensor) else (graph, [constant_op(graph, labels)])
    )
    labels = cast(labels, _dt.int64)
    labels_flat = reshape(labels, [-1])
    if sampled_values is None:
        sampled_values = log_uniform_candidate_sampler(
            labels, num_true, num_sampled, True, num_classes, seed
        )
    sampled, true_expected, sampled_expected = (stop_gradient(s) for s in sampled_values)
    sampled = cast(sampled, _dt.int64)
    true_w = cast(embedding_lookup(weights, labels_flat), inputs.dtype)
    sampled_w = cast(embedding_lookup(weights, sampled), inputs.dtype)
    true_b = cast(embedding_lookup(biases, labels_flat), inputs.dtype)
    sampled_b = cast(embedding_lookup(biases, sampled), inputs.dtype)
    dim = inputs.static_shape[-1]
    row_dots = expand_dims(inputs, 1) * reshape(true_w, [-1, num_true, dim])
    true_logits = reduce_sum(row_dots, -1) + reshape(true_b, [-1, num_true])
    sampled_logits = matmul(inputs, sampled_w, transpose_b=True) + sampled_b
    if remove_accidental_hits:
        # A sampled class that is one of the row's labels gets TF's -FLT_MAX.
        hits = reduce_sum(cast(equal(expand_dims(labels, -1), sampled), inputs.dtype), 1)
        lowest = -float(np.finfo(np.float32).max)
        sampled_logits = sampled_logits + cast(hits > 0, inputs.dtype) * lowest
    true_logits = true_logits - cast(log(true_expected), inputs.dtype)
    sampled_logits = sampled_logits - cast(log(sampled_expected), inputs.dtype)
    out_logits = concat([true_logits, sampled_logits], 1)
    out_labels = concat([ones_like(true_logits) / float(num_true), zeros_like(sampled_logits)], 1)
    return out_logits, out_labels


def _check_inputs(inputs: Any) -> None:
    shape = inputs.static_shape if isinstance(inputs, Tensor) else np.shape(inputs)
    if shape is None or len(shape) != 2 or shape[-1] is None:
        raise error("SHAPE_MISMATCH", f"inputs must be [batch, dim] with a known dim: {shape}")


def nce_loss(
    weights: Any,
    biases: Any,
    labels: Any,
    inputs: Any,
    num_sampled: int,
    num_classes: int,
    num_true: int = 1,
    sampled_values: Any = None,
    remove_accidental_hits: bool = False,
    partition_strategy: str = "mod",
    name: str = "nce_loss",
    seed: int | None = None,
) -> Tensor:
    """Per-example noise-contrastive estimation loss over `num_sampled` negative classes
    (`tf.nn.nce_loss`); `sampled_values` fixes the sample."""
    _check_inputs(inputs)
    with get_default_graph().name_scope(name):
        logits, labels_ = _sampled_logits(
            weights, biases, labels, inputs, num_sampled, num_classes, num_true,
            sampled_values, remove_accidental_hits, seed,
        )  # fmt: skip
        losses = sigmoid_cross_entropy_with_logits(labels=labels_, logits=logits)
        return reduce_sum(losses, 1)


def sampled_softmax_loss(
    weights: Any,
    biases: Any,
    labels: Any,
    inputs: Any,
    num_sampled: int,
    num_classes: int,
    num_true: int = 1,
    sampled_values: Any = None,
    remove_accidental_hits: bool = True,
    partition_strategy: str = "mod",
    name: str = "sampled_softmax_loss",
    seed: int | None = None,
) -> Tensor:
    """Per-example softmax cross-entropy over the true and `num_sampled` sampled classes
    (`tf.nn.sampled_softmax_loss`); `sampled_values` fixes the sample."""
    _check_inputs(inputs)
    with get_default_graph().name_scope(name):
        logits, labels_ = _sampled_logits(
            weights, biases, labels, inputs, num_sampled, num_classes, num_true,
            sampled_values, remove_accidental_hits, seed,
        )  # fmt: skip
        return softmax_cross_entropy_with_logits(labels=stop_gradient(labels_), logits=logits)
