"""`tf.nn.ctc_beam_search_decoder` (op CTCBeamSearchDecoder): TF's prefix beam search, step
for step, so the paths and their log probabilities are TF's.

TF's decoder (ctc_beam_search.h with the default scorer) keeps a tree of prefixes; each
step it log-softmaxes the logits, updates the beams in the order of their last total, then
offers every beam's children (all classes but the blank) while the beam has room or the
child beats the worst kept one. A beam pushed out of the beam has its probabilities reset,
so a later step may offer it again as a fresh child: that quirk changes the numbers and is
kept. Arithmetic is float32 as TF's float kernel (float64 logits too). Only the order among
exactly equal totals may differ (TF's is that of its heap).
"""

from __future__ import annotations

import heapq
import itertools
import math
import operator
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Tensor, as_tensors, constant_op
from ..limits import check_run_time_size
from ..plan import deadline_error
from ..sparse_tensor import SparseTensor
from .registry import InferenceError, check_dtype, not_differentiable, register_op

_NEG = -math.inf
_f32 = np.float32


def _log_sum_exp(a, b):
    if a == _NEG:
        return b
    if b == _NEG:
        return a
    if a < b:
        a, b = b, a
    return _f32(a + _f32(np.log1p(_f32(np.exp(_f32(b - a))))))


class _Beam:
    """A prefix: its last label, parent and children, and its probabilities (log space)
    at the previous step (`old_*`) and this one (`total`, `blank`, `label`)."""

    __slots__ = (
        "blank",
        "children",
        "label",
        "label_p",
        "old_blank",
        "old_total",
        "parent",
        "total",
    )

    def __init__(self, parent: _Beam | None, label: int) -> None:
        self.parent, self.label, self.children = parent, label, None
        self.total = self.blank = self.label_p = _NEG
        self.old_total = self.old_blank = _NEG

    def reset(self) -> None:
        self.total = self.blank = self.label_p = _NEG

    def labels(self, merge_repeated: bool) -> list[int]:
        out, prev, node = [], -1, self
        while node.parent is not None:
            if not merge_repeated or node.label != prev:
                out.append(node.label)
            prev, node = node.label, node.parent
        return out[::-1]


class _Leaves:
    """The beam: at most `width` prefixes, the worst one at hand (a heap; a prefix's total
    does not change while it is in here)."""

    def __init__(self, width: int) -> None:
        self.width, self.heap, self.order = width, [], itertools.count()

    def push(self, beam: _Beam) -> None:
        heapq.heappush(self.heap, (beam.total, next(self.order), beam))

    def full(self) -> bool:
        return len(self.heap) >= self.width

    def beats_bottom(self, total) -> bool:
        return total > _NEG and (not self.full() or total > self.heap[0][0])

    def drop_bottom(self) -> None:
        heapq.heappop(self.heap)[2].reset()

    def best_first(self) -> list[_Beam]:
        return [b for _, _, b in sorted(self.heap, key=lambda e: (-e[0], e[1]))]


def _update(beam: _Beam, x: np.ndarray, blank: int) -> None:
    """A beam's probabilities after one more step ending in its own label or a blank."""
    parent = beam.parent
    if parent is not None:
        if parent.total != _NEG:
            previous = parent.old_blank if beam.label == parent.label else parent.old_total
            beam.label_p = _log_sum_exp(beam.label_p, previous)
        beam.label_p = _f32(beam.label_p + x[beam.label])
    beam.blank = _f32(beam.old_total + x[blank])
    beam.total = _log_sum_exp(beam.blank, beam.label_p)


def _step(leaves: _Leaves, x: np.ndarray, classes: int, late) -> _Leaves:
    branches = leaves.best_first()
    for b in branches:
        b.old_total, b.old_blank = b.total, b.blank
    leaves = _Leaves(leaves.width)
    for b in branches:
        _update(b, x, classes - 1)
        leaves.push(b)
    for b in branches:
        late()  # a wide beam offers beam_width * (classes - 1) children a step
        if leaves.beats_bottom(b.old_total):
            _offer_children(leaves, b, x[: classes - 1])
    return leaves


def _offer_children(leaves: _Leaves, b: _Beam, x: np.ndarray) -> None:
    """Offers b's children in label order, as TF does. A child that cannot beat the bottom
    now never will this step (the bottom only rises), so a child never created before and
    below the bottom is not created (TF would create and reject it, leaving it as new);
    existing children are all visited, since TF resets each inactive one it rejects."""
    totals = x + _f32(b.old_total)
    if b.label >= 0:
        totals[b.label] = x[b.label] + _f32(b.old_blank)
    bound = leaves.heap[0][0] if leaves.full() else _NEG
    if b.children is None:
        b.children = {}
    labels = set(np.flatnonzero(totals > bound).tolist()).union(b.children)
    for label in sorted(labels):
        c = b.children.get(label)
        if c is None:
            c = b.children[label] = _Beam(b, label)
        elif c.total != _NEG:
            continue
        total = totals[label]
        if leaves.beats_bottom(total):
            c.blank, c.label_p, c.total = _NEG, total, total
            if leaves.full():
                leaves.drop_bottom()
            leaves.push(c)
        else:
            c.reset()
            c.old_total = c.old_blank = _NEG


def _decode(rows: np.ndarray, width: int, top_paths: int, merge: bool, late) -> tuple:
    root = _Beam(None, -1)
    root.total = root.blank = _f32(0.0)
    leaves = _Leaves(width)
    leaves.push(root)
    classes = rows.shape[1]
    for row in rows:
        late()
        x = row.astype(np.float32)
        x = x - x.max()
        x = x - _f32(np.log(np.exp(x).sum(dtype=np.float32)))
        leaves = _step(leaves, x, classes, late)
    best = leaves.best_first()
    if len(best) < top_paths:
        raise error(
            "COMPUTE_ERROR",
            f"ctc_beam_search_decoder: less leaves in the beam search ({len(best)}) than "
            f"requested ({top_paths})",
        )
    return [b.labels(merge) for b in best[:top_paths]], [float(b.total) for b in best[:top_paths]]


def _beam_infer(shapes, types, attrs):
    check_dtype(types[0], "float", "inputs")
    check_dtype(types[1], "int", "sequence_length")
    x = shapes[0]
    if x is not None and len(x) != 3:
        raise InferenceError("SHAPE_MISMATCH", f"inputs must be [time, batch, classes], got {x}")
    batch, n = (None if x is None else x[1]), attrs.get("top_paths", 1)
    int64 = _dt.int64
    return (
        [((None, 2), int64)] * n
        + [((None,), int64)] * n
        + [((2,), int64)] * n
        + [((batch, n), types[0])]
    )


def _check_lengths(seq_len: np.ndarray, steps: int, batch: int) -> None:
    if seq_len.shape != (batch,):
        raise error(
            "SHAPE_MISMATCH", f"sequence_length has {seq_len.size} lengths for batch {batch}"
        )
    if np.any(seq_len > steps):  # a negative one decodes as 0 (clipped before), as TF's
        raise error(
            "INDEX_OUT_OF_RANGE",
            f"sequence_length {seq_len.tolist()} must be {batch} lengths in [0, {steps}]",
        )


@register_op(
    "CTCBeamSearchDecoder",
    arity=2,
    infer=_beam_infer,
    attrs={
        "beam_width": ("int", 100),
        "top_paths": ("int", 1),
        "merge_repeated": ("bool", True),
    },
    heavy=True,
)
def _ctc_beam_search_decoder(op):
    width, top = op.attrs.get("beam_width", 100), op.attrs.get("top_paths", 1)
    merge = op.attrs.get("merge_repeated", True)
    if not 1 <= top <= width:
        raise error("INVALID_ATTR", f"top_paths ({top}) must be in [1, beam_width ({width})]")

    def kernel(*args):
        # Called with the run state, or without it when constant folding.
        *state, inputs, seq_len = args

        def late() -> None:
            if state and state[0].late():
                raise deadline_error(op)

        x = np.asarray(inputs)
        seq_len = np.maximum(np.asarray(seq_len).reshape(-1), 0)
        steps, batch, classes = x.shape
        _check_lengths(seq_len, steps, batch)
        if state:
            # The beams held at once, each with its children's scores: bounded by the
            # run's tensor limit as an output of that size would be.
            held = min(width, max(classes - 1, 1) ** min(steps, 64))
            check_run_time_size(state[0], op, (held, classes))
        paths = [[] for _ in range(top)]
        logp = np.zeros((batch, top), x.dtype)
        for b in range(batch):
            found, logp[b] = _decode(x[: seq_len[b], b], width, top, merge, late)
            for p, labels in enumerate(found):
                paths[p].append(labels)
        return [*_sparse(paths, batch), logp]

    # The run state on the kernel, not the registration: constant inputs still fold it.
    kernel.needs_state = True
    return kernel


def _sparse(paths: list[list[list[int]]], batch: int) -> list:
    """The indices, values and dense shapes of each path rank's SparseTensor, in TF's order
    (all indices, then all values, then all shapes)."""
    parts = []
    for rank in paths:
        rows = [(b, i, v) for b, labels in enumerate(rank) for i, v in enumerate(labels)]
        indices = np.array([r[:2] for r in rows], np.int64).reshape(-1, 2)
        longest = max((len(labels) for labels in rank), default=0)
        values = np.array([r[2] for r in rows], np.int64)
        parts.append((indices, values, np.array([batch, longest], np.int64)))
    return [p[0] for p in parts] + [p[1] for p in parts] + [p[2] for p in parts]


not_differentiable("CTCBeamSearchDecoder")


def ctc_beam_search_decoder(
    inputs: Any,
    sequence_length: Any,
    beam_width: int = 100,
    top_paths: int = 1,
    merge_repeated: bool = True,
) -> tuple[list[SparseTensor], Tensor]:
    """`([decoded], log_probabilities)`: the `top_paths` most likely label sequences of
    logits `inputs` [time, batch, classes] (the blank the last class), each a SparseTensor
    [batch, longest], and their log probabilities [batch, top_paths], as TF1's."""
    width, top = operator.index(beam_width), operator.index(top_paths)
    for what, value in (("beam_width", width), ("top_paths", top)):
        if value < 1:
            raise ValueError(
                f"Attr '{what}' of 'CTCBeamSearchDecoder' Op passed {value} less than minimum 1."
            )
    graph, (x,) = as_tensors(inputs)
    if not isinstance(sequence_length, Tensor):
        sequence_length = constant_op(graph, np.asarray(sequence_length, np.int32), _dt.int32)
    attrs = {"beam_width": width, "top_paths": top, "merge_repeated": bool(merge_repeated)}
    op = graph.create_op(
        "CTCBeamSearchDecoder", (x, sequence_length), attrs, "CTCBeamSearchDecoder"
    )
    out = op.outputs
    decoded = [SparseTensor(out[i], out[top + i], out[2 * top + i]) for i in range(top)]
    return decoded, out[3 * top]


def ctc_beam_search_decoder_v2(
    inputs: Any, sequence_length: Any, beam_width: int = 100, top_paths: int = 1
) -> tuple[list[SparseTensor], Tensor]:
    """TF2's decoder under TF1's `tf.nn.ctc_beam_search_decoder_v2`: the same search,
    repeated labels never merged (TF dropped `merge_repeated` from this API)."""
    return ctc_beam_search_decoder(inputs, sequence_length, beam_width, top_paths, False)


__all__ = ["ctc_beam_search_decoder", "ctc_beam_search_decoder_v2"]
