"""Connectionist temporal classification with dense labels: `tf.nn.ctc_loss_v2` (op
CTCLossDense: the loss and its gradient with respect to the logits, from one
forward-backward pass in log space, as TF's CTCLoss op returns both).

graphgate has no SparseTensor, so TF1's `ctc_loss` (sparse labels) and
`ctc_greedy_decoder` (sparse results) are absent; `ctc_loss_v2` takes the dense labels
with their lengths.
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Tensor, as_tensors, convert_to_tensor
from . import extra_array_ops  # noqa: F401 - registers IdentityN, which wraps the result
from .registry import InferenceError, check_dtype, merge_dim, register_gradient, register_op


def _ctc_infer(shapes, types, attrs):
    logits, labels, label_length, logit_length = shapes
    check_dtype(types[0], "float", "ctc_loss's logits")
    for t, what in zip(types[1:], ("labels", "label_length", "logit_length"), strict=True):
        check_dtype(t, "int", f"ctc_loss's {what}")
    if len(logits) != 3 or len(labels) != 2 or len(label_length) != 1 or len(logit_length) != 1:
        raise InferenceError(
            "SHAPE_MISMATCH",
            "ctc_loss takes logits [time, batch, classes], labels [batch, max_label_length] "
            "and lengths [batch]",
        )
    batch = merge_dim(logits[1], labels[0], "the logits' and labels' batch")
    batch = merge_dim(batch, label_length[0], "the label_length's batch")
    batch = merge_dim(batch, logit_length[0], "the logit_length's batch")
    return [((batch,), types[0]), (logits, types[0])]


def _log_sum(*parts: np.ndarray) -> np.ndarray:
    stacked = np.stack(parts)
    top = stacked.max(0)
    safe = np.where(np.isfinite(top), top, 0.0)
    return safe + np.log(np.exp(stacked - safe).sum(0))


def _one_sequence(logp: np.ndarray, label: np.ndarray, blank: int, merge_repeated: bool = True):
    """(-log p(label | logp), the gradient of that with respect to the logits) for one
    sequence: logp [T, C] log-softmax, label [L]. Without `merge_repeated` (TF1's
    ctc_merge_repeated=False) a label state lasts one step (repeats are not merged, so
    staying would emit the label again) and may follow the same label directly, as in
    TF's CTCLossCalculator."""
    steps, classes = logp.shape
    ext = np.full(2 * len(label) + 1, blank, np.int64)
    ext[1::2] = label
    n = len(ext)
    skip = np.zeros(n, bool)  # s may come from s - 2: a label unlike the one two back
    skip[2:] = (ext[2:] != blank) & ((ext[2:] != ext[:-2]) | (not merge_repeated))
    stay = (ext == blank) | merge_repeated  # s may come from s itself
    emit = logp[:, ext]  # [T, S]
    ninf = -np.inf
    alpha = np.full((steps, n), ninf)
    alpha[0, : min(2, n)] = emit[0, : min(2, n)]
    for t in range(1, steps):
        a = alpha[t - 1]
        one = np.concatenate([[ninf], a[:-1]])
        two = np.full(n, ninf)  # sized by hand: an empty label has n = 1
        two[2:] = np.where(skip[2:], a[:-2], ninf)
        alpha[t] = _log_sum(np.where(stay, a, ninf), one, two) + emit[t]
    beta = np.full((steps, n), ninf)
    beta[-1, max(n - 2, 0) :] = emit[-1, max(n - 2, 0) :]
    skip_next = np.zeros(n, bool)
    skip_next[:-2] = skip[2:]
    for t in range(steps - 2, -1, -1):
        b = beta[t + 1]
        one = np.concatenate([b[1:], [ninf]])
        two = np.full(n, ninf)
        two[:-2] = np.where(skip_next[:-2], b[2:], ninf)
        beta[t] = _log_sum(np.where(stay, b, ninf), one, two) + emit[t]
    loglik = _log_sum(alpha[-1, -1], alpha[-1, -2] if n > 1 else np.array(ninf))
    grad = np.exp(logp)
    if np.isfinite(loglik):
        post = np.exp(alpha + beta - emit - loglik)  # [T, S]
        occupancy = np.zeros((steps, classes))
        np.add.at(occupancy.T, ext, post.T)
        grad = grad - occupancy
    else:
        grad = np.zeros_like(grad)
    return -float(loglik), grad


@register_op(
    "CTCLossDense",
    arity=4,
    infer=_ctc_infer,
    attrs={
        "blank_index": ("int", 0),
        "softmax_when_infeasible": ("bool", False),
        "merge_repeated": ("bool", True),
        "collapse_repeated": ("bool", False),
    },
    heavy=True,
)
def _ctc_loss_dense(op):
    blank_attr = op.attrs.get("blank_index", 0)
    softmax_when_infeasible = op.attrs.get("softmax_when_infeasible", False)
    merge = op.attrs.get("merge_repeated", True)
    collapse = op.attrs.get("collapse_repeated", False)

    def kernel(logits, labels, label_length, logit_length):
        steps, batch, classes = logits.shape
        blank = blank_attr % classes if classes else 0
        x = logits.astype(np.float64)
        logp = x - x.max(2, keepdims=True)
        logp = logp - np.log(np.exp(logp).sum(2, keepdims=True))
        loss = np.zeros(batch)
        grad = np.zeros(x.shape)
        for b in range(batch):
            t_b, l_b = int(logit_length[b]), int(label_length[b])
            if not 0 <= t_b <= steps or not 0 <= l_b <= labels.shape[1]:
                raise error(
                    "INDEX_OUT_OF_RANGE",
                    f"ctc_loss: sequence {b} has logit_length {t_b} and label_length {l_b} "
                    f"for {steps} steps and {labels.shape[1]} labels",
                )
            label = labels[b, :l_b].astype(np.int64)
            if np.any((label < 0) | (label >= classes) | (label == blank)):
                raise error(
                    "INDEX_OUT_OF_RANGE",
                    f"ctc_loss: the labels of sequence {b} must be classes other than the "
                    f"blank ({blank}), got {label.tolist()}",
                )
            if t_b == 0:
                loss[b] = 0.0 if l_b == 0 else np.inf
                continue
            if collapse and len(label):  # TF1's preprocess_collapse_repeated
                label = label[np.r_[True, label[1:] != label[:-1]]]
            loss[b], grad[:t_b, b] = _one_sequence(logp[:t_b, b], label, blank, merge)
            if softmax_when_infeasible and not np.isfinite(loss[b]):
                grad[:t_b, b] = np.exp(logp[:t_b, b])
        return loss.astype(logits.dtype), grad.astype(logits.dtype)

    return kernel


@register_gradient("CTCLossDense")
def _ctc_loss_dense_grad(op, g, g_grad):
    if g_grad is not None:
        raise error("NO_GRADIENT", "graphgate has no second derivative of ctc_loss")
    if g is None:
        return [None, None, None, None]
    return [op.outputs[1] * g[None, :, None], None, None, None]


def ctc_loss_v2(
    labels: Any,
    logits: Any,
    label_length: Any,
    logit_length: Any,
    logits_time_major: bool = True,
    unique: Any = None,
    blank_index: int | None = None,
    name: str | None = None,
) -> Tensor:
    """The negative log-probability of each dense label sequence under the logits (softmax
    over classes, a blank class `blank_index`, 0 by default) (`tf.nn.ctc_loss_v2`)."""
    if unique is not None:
        raise error("UNIMPLEMENTED", "ctc_loss_v2's `unique` is not supported")
    return dense_ctc_loss(
        labels, logits, label_length, logit_length, logits_time_major, blank_index, name
    )


def dense_ctc_loss(
    labels: Any,
    logits: Any,
    label_length: Any,
    logit_length: Any,
    logits_time_major: bool = True,
    blank_index: int | None = None,
    name: str | None = None,
    softmax_when_infeasible: bool = False,
    merge_repeated: bool = True,
    collapse_repeated: bool = False,
) -> Tensor:
    """`ctc_loss_v2`'s op. `softmax_when_infeasible`: an entry no alignment fits (loss
    inf) has the softmax as its gradient, as TF's sparse CTCLoss kernel gives (tf.nn.ctc_loss),
    rather than zeros."""
    from .array_ops import transpose

    graph, (x,) = as_tensors(logits)
    with graph.as_default(), graph.name_scope(name, "ctc_loss_dense"):
        if not logits_time_major:
            x = transpose(x, [1, 0, 2])
        ints = [
            convert_to_tensor(v, _dt.int32, name=n) if not isinstance(v, Tensor) else v
            for v, n in (
                (labels, "labels"),
                (label_length, "label_length"),
                (logit_length, "logit_length"),
            )
        ]
        attrs = {"blank_index": 0 if blank_index is None else operator.index(blank_index)}
        flags = {
            "softmax_when_infeasible": softmax_when_infeasible,
            "merge_repeated": merge_repeated,
            "collapse_repeated": collapse_repeated,
        }
        defaults = {
            "softmax_when_infeasible": False,
            "merge_repeated": True,
            "collapse_repeated": False,
        }
        attrs.update({k: v for k, v in flags.items() if v != defaults[k]})
        op = graph.create_op("CTCLossDense", (x, *ints), attrs, "CTCLossDense")
        # TF's result is its custom gradient's IdentityN (`ctc_loss_dense/IdentityN`).
        return graph.create_op("IdentityN", (op.outputs[0],), None, "IdentityN").outputs[0]


def ctc_unique_labels(labels: Any, name: str | None = None) -> list[Tensor]:
    """`tf.nn.ctc_unique_labels`: per row of `labels` ([batch, max_label_length]), its
    unique labels in order of first appearance, zero-padded to the row's length (int64),
    and each label's index among them (int32); TF's map_fn of `unique`."""
    from ..graph import name_scope
    from .array_ops import pad, shape
    from .control_flow_ops import map_fn
    from .extra_array_ops import unique
    from .math_ops import cast

    def dim(t: Tensor, i: int) -> Any:
        known = t.static_shape[i] if t.static_shape is not None else None
        return shape(t)[i] if known is None else known

    def unique_row(x: Tensor) -> list[Tensor]:
        u = unique(x)
        y = pad(u.y, [[0, dim(u.idx, 0) - dim(u.y, 0)]])
        return [cast(y, _dt.int64), u.idx]

    with name_scope(name, "ctc_unique_labels"):
        labels = convert_to_tensor(labels, name="labels")
        return map_fn(unique_row, labels, dtype=[_dt.int64, _dt.int32])
