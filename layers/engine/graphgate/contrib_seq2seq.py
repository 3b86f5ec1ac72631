"""`tf.contrib.legacy_seq2seq`'s decoder and losses: the pieces TF1's char-RNN programs (the
Cookbook's Shakespeare model) call. Each follows TF 1.x's own composition of core ops, so
the numbers are the core ops' numbers. (`tf.contrib.seq2seq` is `seq2seq.py`'s.)"""

from __future__ import annotations

from typing import Any

from .graph import Tensor, name_scope
from .ops.array_ops import reshape, shape
from .ops.math_ops import add_n, cast
from .ops.nn_ops import sparse_softmax_cross_entropy_with_logits
from .ops.reduce_ops import reduce_sum
from .variable_scope import get_variable_scope, variable_scope


def rnn_decoder(
    decoder_inputs: list,
    initial_state: Any,
    cell: Any,
    loop_function: Any = None,
    scope: Any = None,
) -> tuple[list, Any]:
    """`cell` run over the list `decoder_inputs` from `initial_state`, its variables shared
    across steps under `rnn_decoder/`; with `loop_function`, each step after the first
    feeds on `loop_function(previous output, i)` instead."""
    with variable_scope(scope or "rnn_decoder"):
        state, outputs, prev = initial_state, [], None
        for i, inp in enumerate(decoder_inputs):
            if loop_function is not None and prev is not None:
                with variable_scope("loop_function", reuse=True):
                    inp = loop_function(prev, i)
            if i > 0:
                get_variable_scope().reuse_variables()
            output, state = cell(inp, state)
            outputs.append(output)
            if loop_function is not None:
                prev = output
    return outputs, state


def _crossent(loss_fn: Any, target: Tensor, logit: Tensor) -> Tensor:
    if loss_fn is None:
        return sparse_softmax_cross_entropy_with_logits(labels=target, logits=logit)
    return loss_fn(labels=target, logits=logit)


def sequence_loss_by_example(
    logits: list,
    targets: list,
    weights: list,
    average_across_timesteps: bool = True,
    softmax_loss_function: Any = None,
    name: str | None = None,
) -> Tensor:
    """Per-example log-perplexity of lists of per-step logits, int targets and weights."""
    if len(targets) != len(logits) or len(weights) != len(logits):
        raise ValueError(
            "Lengths of logits, weights, and targets must be the same "
            f"{len(logits)}, {len(weights)}, {len(targets)}."
        )
    with name_scope(name, "sequence_loss_by_example", list(logits) + list(targets)):
        steps = []
        for logit, target, weight in zip(logits, targets, weights, strict=True):
            if softmax_loss_function is None:
                target = reshape(target, [-1])  # TF1 accepts scalars here
            steps.append(_crossent(softmax_loss_function, target, logit) * weight)
        log_perps = add_n(steps)
        if average_across_timesteps:
            log_perps /= add_n(weights) + 1e-12  # TF's guard against all-zero weights
    return log_perps


def sequence_loss(
    logits: list,
    targets: list,
    weights: list,
    average_across_timesteps: bool = True,
    average_across_batch: bool = True,
    softmax_loss_function: Any = None,
    name: str | None = None,
) -> Tensor:
    """`legacy_seq2seq.sequence_loss`: the summed per-example loss, over the batch size
    if `average_across_batch`."""
    with name_scope(name, "sequence_loss", list(logits) + list(targets)):
        cost = reduce_sum(
            sequence_loss_by_example(
                logits,
                targets,
                weights,
                average_across_timesteps=average_across_timesteps,
                softmax_loss_function=softmax_loss_function,
            )
        )
        if average_across_batch:
            return cost / cast(shape(targets[0])[0], cost.dtype)
        return cost
