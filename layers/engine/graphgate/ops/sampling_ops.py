"""Candidate sampling and the sampled losses (`tf.nn.nce_loss`, `sampled_softmax_loss`),
as in TensorFlow's `_compute_sampled_logits`."""

from __future__ import annotations

import math
import operator
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Tensor, as_tensors, constant_op, get_default_graph
from . import philox
from .array_ops import (
    concat,
    expand_dims,
    ones_like,
    reshape,
    shape,
    stack,
    stop_gradient,
    zeros_like,
)
from .array_ops import size as size_of
from .index_ops import scatter_nd
from .math_ops import cast, log, matmul
from .nn_ops import (
    embedding_lookup,
    sigmoid_cross_entropy_with_logits,
    softmax_cross_entropy_with_logits_v2,
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


# TF's kernels reserve 2048 32-bit draws per sampled class each run.
_COUNTERS_PER_SAMPLE = 2048 // 4


def _first_unique(draw, n: int) -> tuple[np.ndarray, int]:
    """TF's unique sampling: draws until n distinct classes, (them in the order first
    drawn, the draws it took). Draws a chunk at a time; those past the n-th distinct class
    are TF's too, and unused."""
    values = np.empty(0, np.int64)
    found = 0
    while True:
        values = np.concatenate([values, draw(max(2 * (n - found), len(values) // 2, 64))])
        classes, first = np.unique(values, return_index=True)
        found = len(classes)
        if found >= n:
            first.sort()
            return values[first[:n]], int(first[n - 1]) + 1 if n else 0


def _expected_counts(p: np.ndarray, n: int, tries: int) -> np.ndarray:
    """TF's ExpectedCountHelper in float32: p * n when the sample took n draws, else
    1 - (1 - p) ** tries as -expm1(tries * log1p(-p))."""
    p = np.asarray(p, np.float32)
    if tries == n:
        return p * np.float32(n)
    # TF calls the C library's float log1pf/expm1f: fdlibm's in glibc before 2.41.
    return -philox.expm1f(np.float32(tries) * philox.log1pf(-p))


def _checked_true(true_classes, r: int, k: int) -> np.ndarray:
    """The true classes, refused as TF's kernel refuses them: not a matrix of `k` (num_true)
    columns, or one out of range."""
    true = np.asarray(true_classes)
    if true.ndim != 2 or true.shape[1] != k:
        raise error(
            "COMPUTE_ERROR",
            f"true_classes must be a matrix of num_true={k} columns, got shape {list(true.shape)}",
        )
    if true.size and (true.min() < 0 or true.max() >= r):
        bad = true[(true < 0) | (true >= r)][0]
        raise error("COMPUTE_ERROR", f"`true_candidate` out of range [0, {r}), received {bad}")
    return true


def _candidate_kernel(op, draw, probability):
    """A candidate sampler's kernel: `draw(stream, count)` ids in [0, range_max) from the
    run's SimplePhilox stream and `probability(ids)` their float32 chance per draw, as TF's
    RangeSampler; unique samples count the draws they took."""
    a = op.attrs
    n, unique, r = a["num_sampled"], a.get("unique", True), a["range_max"]

    def kernel(state, true_classes):
        true = _checked_true(true_classes, r, a["num_true"])
        stream = philox.WordStream(*state.philox(op, _COUNTERS_PER_SAMPLE * n))
        if unique:
            sampled, tries = _first_unique(lambda count: draw(stream, count), n)
        else:
            sampled, tries = draw(stream, n), n
        return (
            sampled,
            _expected_counts(probability(true), n, tries),
            _expected_counts(probability(sampled), n, tries),
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
    log_range = math.log1p(r)

    def draw(stream, count):
        scaled = np.exp(philox.unit_doubles(stream, count) * log_range)
        return (scaled.astype(np.int64) - 1) % r

    def probability(ids):
        ids = np.asarray(ids, np.float64)
        return (np.log((ids + 2.0) / (ids + 1.0)) / log_range).astype(np.float32)

    return _candidate_kernel(op, draw, probability)


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
    chance = np.float32(1.0 / r)

    def draw(stream, count):
        return philox.exact_uniform(stream, r, count, wide=True).astype(np.int64)

    return _candidate_kernel(op, draw, lambda ids: np.full(np.shape(ids), chance))


not_differentiable("UniformCandidateSampler")


def _learned_infer(shapes, types, attrs):
    if attrs["range_max"] >= 2**31 - 1:
        raise InferenceError("INVALID_ATTR", "range_max must be less than 2147483647 here")
    return _sampler_infer(shapes, types, attrs)


@register_op(
    "LearnedUnigramCandidateSampler",
    arity=1,
    infer=_learned_infer,
    attrs=_SAMPLER_ATTRS,
    stateful=True,
    needs_state=True,
)
def _learned_unigram_sampler(op):
    """TF's UnigramSampler: classes drawn in proportion to counts that start at one and
    grow by each run's true classes (after it samples), kept per session with its
    random state."""
    a = op.attrs
    n, unique, r = a["num_sampled"], a.get("unique", True), a["range_max"]

    def kernel(state, true_classes):
        true = _checked_true(true_classes, r, a["num_true"])
        counts = state.unigram_counts(op, r)
        total = int(counts.sum())
        cumulative = np.cumsum(counts)
        stream = philox.WordStream(*state.philox(op, _COUNTERS_PER_SAMPLE * n))

        def draw(count):
            picks = philox.exact_uniform(stream, total, count, wide=False).astype(np.int64)
            return np.searchsorted(cumulative, picks, side="right")

        sampled, tries = _first_unique(draw, n) if unique else (draw(n), n)

        def probability(ids):
            return counts[np.asarray(ids, np.int64)].astype(np.float32) / np.float32(total)

        out = (
            sampled,
            _expected_counts(probability(true), n, tries),
            _expected_counts(probability(sampled), n, tries),
        )
        # TF stops counting where the total would pass int32.
        seen = true.reshape(-1)[: max(0, 2**31 - 1 - total)]
        np.add.at(counts, seen, 1)
        return out

    return kernel


not_differentiable("LearnedUnigramCandidateSampler")


def learned_unigram_candidate_sampler(
    true_classes: Any,
    num_true: int,
    num_sampled: int,
    unique: bool,
    range_max: int,
    seed: int | None = None,
    name: str | None = None,
) -> tuple[Tensor, Tensor, Tensor]:
    """Candidates drawn in proportion to how often each class has been a true class in
    this session's runs so far (plus one) (`tf.nn.learned_unigram_candidate_sampler`)."""
    return _sampler(
        "LearnedUnigramCandidateSampler", true_classes, num_true, num_sampled, unique,
        range_max, seed, name,
    )  # fmt: skip


def _unigram_weights(attrs) -> np.ndarray:
    """TF's FixedUnigramSampler weights: zero for the reserved ids, then each unigram to
    the power `distortion` in float32; a shard keeps the ids i with i % num_shards == shard."""
    shards, shard = attrs.get("num_shards", 1), attrs.get("shard", 0)
    reserved = attrs.get("num_reserved_ids", 0)
    unigrams = np.asarray(attrs["unigrams"], np.float32).reshape(-1)
    ids = np.arange(reserved + len(unigrams))
    weights = np.concatenate(
        [np.zeros(reserved, np.float32), _powf(unigrams, attrs.get("distortion", 1.0))]
    )
    return weights[ids % shards == shard]


def _powf(x: np.ndarray, y: float) -> np.ndarray:
    """float32 x ** y as glibc's powf rounds it (computed in float64, then rounded)."""
    y32 = float(np.float32(y))
    return np.power(x.astype(np.float64), y32).astype(np.float32)


def _unigram_infer(shapes, types, attrs):
    shards, shard = attrs.get("num_shards", 1), attrs.get("shard", 0)
    if shards < 1 or not 0 <= shard < shards:
        raise InferenceError("INVALID_ATTR", f"shard {shard} is not one of {shards} shards")
    weights = _unigram_weights(attrs)
    if len(weights) != attrs["range_max"]:
        raise InferenceError(
            "INVALID_ATTR",
            f"range_max is {attrs['range_max']}, must equal the number of weights "
            f"(reserved ids and unigrams of this shard): {len(weights)}",
        )
    if np.any(weights < 0) or not np.all(np.isfinite(weights)):
        raise InferenceError("INVALID_ATTR", "unigrams must be finite and non-negative")
    if not np.any(weights > 0):
        raise InferenceError("INVALID_ATTR", "unigrams must have a positive entry")
    if attrs.get("unique", True) and attrs["num_sampled"] > int(np.count_nonzero(weights)):
        raise InferenceError(
            "INVALID_ATTR", "cannot sample more unique classes than have a nonzero unigram"
        )
    return _sampler_infer(shapes, types, attrs)


@register_op(
    "FixedUnigramCandidateSampler",
    arity=1,
    infer=_unigram_infer,
    attrs={
        **_SAMPLER_ATTRS,
        "unigrams": ("tensor", REQUIRED),
        "distortion": ("float", 1.0),
        "num_reserved_ids": ("int", 0),
        "num_shards": ("int", 1),
        "shard": ("int", 0),
    },
    stateful=True,
    needs_state=True,
)
def _fixed_unigram_sampler(op):
    weights = _unigram_weights(op.attrs)
    total = np.cumsum(weights, dtype=np.float32)[-1]  # TF sums the float weights in order
    table = philox.alias_table(weights)

    def draw(stream, count):
        return philox.alias_draws(stream, table, count)

    return _candidate_kernel(op, draw, lambda ids: weights[np.asarray(ids, np.int64)] / total)


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
    counts are given as `unigrams` (no `vocab_file`); a shard samples the ids i with
    i % num_shards == shard, numbered from 0 within it."""
    if vocab_file:
        raise error("UNIMPLEMENTED", "fixed_unigram_candidate_sampler takes `unigrams`, not a file")
    if len(unigrams) == 0:
        raise error("INVALID_ATTR", "fixed_unigram_candidate_sampler needs `unigrams`")
    extra = {
        "unigrams": np.asarray(unigrams, np.float32).reshape(-1),
        "distortion": float(distortion),
        "num_reserved_ids": operator.index(num_reserved_ids),
        "num_shards": operator.index(num_shards),
        "shard": operator.index(shard),
    }
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


def _accidental_hits_infer(shapes, types, attrs):
    for dtype, what in zip(types, ("true_classes", "sampled_candidates"), strict=True):
        if dtype != _dt.int64:
            raise InferenceError(
                "DTYPE_MISMATCH", f"{what} must be int64, got {dtype.name}", got=dtype.name
            )
    k = attrs["num_true"]
    if shapes[0] is not None and (len(shapes[0]) != 2 or shapes[0][1] not in (None, k)):
        raise InferenceError(
            "SHAPE_MISMATCH", f"true_classes must be a [batch, num_true={k}] matrix: {shapes[0]}"
        )
    if shapes[1] is not None and len(shapes[1]) != 1:
        raise InferenceError("SHAPE_MISMATCH", f"sampled_candidates must be a vector: {shapes[1]}")
    return [((None,), _dt.int32), ((None,), _dt.int64), ((None,), _dt.float32)]


@register_op(
    "ComputeAccidentalHits",
    arity=2,
    infer=_accidental_hits_infer,
    attrs={"num_true": ("int", REQUIRED), "seed": ("seed", None), "seed2": ("seed", None)},
)
def _compute_accidental_hits(op):
    k = op.attrs["num_true"]

    def kernel(true_classes, sampled):
        true, sampled = np.asarray(true_classes), np.asarray(sampled)
        if true.ndim != 2 or true.shape[1] != k or sampled.ndim != 1:
            raise error(
                "SHAPE_MISMATCH",
                f"true_classes must be a [batch, {k}] matrix and sampled_candidates a vector, "
                f"got {true.shape} and {sampled.shape}",
            )
        # A class sampled more than once is a hit at its last position, as in TF's map.
        values, first_reversed = np.unique(sampled[::-1], return_index=True)
        last = len(sampled) - 1 - first_reversed
        flat = true.reshape(-1)
        at = np.minimum(np.searchsorted(values, flat), max(len(values) - 1, 0))
        hit = np.flatnonzero(values[at] == flat) if len(values) else np.empty(0, np.int64)
        lowest = np.float32(-np.finfo(np.float32).max)
        return (
            (hit // k).astype(np.int32),
            last[at[hit]].astype(np.int64),
            np.full(len(hit), lowest, np.float32),
        )

    return kernel


not_differentiable("ComputeAccidentalHits")


def compute_accidental_hits(
    true_classes: Any,
    sampled_candidates: Any,
    num_true: int,
    seed: int | None = None,
    name: str | None = None,
) -> tuple[Tensor, Tensor, Tensor]:
    """Where a row's true class is among the sampled candidates: (row indices, positions
    in `sampled_candidates`, weights of -FLT_MAX) (`tf.nn.compute_accidental_hits`)."""
    graph, (t, s) = as_tensors(true_classes, sampled_candidates)
    seed, seed2 = get_seed(graph, seed)  # unused, but it takes its seed number as TF's does
    attrs = {"num_true": operator.index(num_true), "seed": seed, "seed2": seed2}
    op = graph.create_op("ComputeAccidentalHits", (t, s), attrs, name or "ComputeAccidentalHits")
    return tuple(op.outputs)


def _sampled_logits(
    weights, biases, labels, inputs, num_sampled, num_classes, num_true, sampled_values,
    remove_accidental_hits, seed, partition_strategy="mod",
):  # fmt: skip
    """TF's _compute_sampled_logits: (logits, labels) over the true and sampled classes;
    sharded `weights`/`biases` (a list, a PartitionedVariable) split by
    `partition_strategy`, as `embedding_lookup`'s."""
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
    true_w = cast(embedding_lookup(weights, labels_flat, partition_strategy), inputs.dtype)
    sampled_w = cast(embedding_lookup(weights, sampled, partition_strategy), inputs.dtype)
    true_b = cast(embedding_lookup(biases, labels_flat, partition_strategy), inputs.dtype)
    sampled_b = cast(embedding_lookup(biases, sampled, partition_strategy), inputs.dtype)
    dim = inputs.static_shape[-1]
    row_dots = expand_dims(inputs, 1) * reshape(true_w, [-1, num_true, dim])
    true_logits = reduce_sum(row_dots, -1) + reshape(true_b, [-1, num_true])
    sampled_logits = matmul(inputs, sampled_w, transpose_b=True) + sampled_b
    if remove_accidental_hits:
        # A sampled class that is one of the row's labels gets TF's -FLT_MAX added.
        rows, ids, _ = compute_accidental_hits(labels, sampled, num_true)
        at = stack([cast(rows, _dt.int64), ids], 1)
        size = stack([cast(shape(labels)[0], _dt.int64), cast(size_of(sampled), _dt.int64)])
        hits = scatter_nd(at, ones_like(cast(ids, inputs.dtype)), size)
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
            sampled_values, remove_accidental_hits, seed, partition_strategy,
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
            sampled_values, remove_accidental_hits, seed, partition_strategy,
        )  # fmt: skip
        return softmax_cross_entropy_with_logits_v2(labels=stop_gradient(labels_), logits=logits)
