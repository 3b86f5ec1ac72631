"""`gg.contrib.losses.metric_learning`: TF 1.15's metric learning losses
(contrib/losses/python/metric_learning/metric_loss_ops.py) — pairwise_distance,
contrastive_loss, triplet_semihard_loss, npairs_loss (and its multilabel form) and
lifted_struct_loss — which FaceNet-style embedding code trains with. Each is TF's
composition of graphgate ops, step for step, so its value rounds as TF's does and its
gradient is the ops' (the masks and the semi-hard negatives' selection carry none, as in
TF). Not cluster_loss, whose margins call scikit-learn through py_func."""

from __future__ import annotations

from typing import Any

import graphgate as gg


def pairwise_distance(feature: Any, squared: bool = False) -> Any:
    """The [n, n] Euclidean (or `squared`) distances between the rows of `feature`: from
    the squared norms and the Gram matrix, negatives clipped to 0, a 1e-16 under the
    square root where a distance is 0 (so that its gradient is 0, not NaN), the diagonal
    zeroed."""
    feature = gg.convert_to_tensor(feature)
    squared_distances = gg.add(
        gg.reduce_sum(gg.square(feature), axis=[1], keepdims=True),
        gg.reduce_sum(gg.square(gg.transpose(feature)), axis=[0], keepdims=True),
    ) - 2.0 * gg.matmul(feature, gg.transpose(feature))
    squared_distances = gg.maximum(squared_distances, 0.0)
    error_mask = gg.less_equal(squared_distances, 0.0)
    if squared:
        distances = squared_distances
    else:
        distances = gg.sqrt(squared_distances + gg.cast(error_mask, gg.float32) * 1e-16)
    distances = gg.multiply(distances, gg.cast(gg.logical_not(error_mask), gg.float32))
    num_data = gg.shape(feature)[0]
    off_diagonal = gg.ones_like(distances) - gg.linalg.diag(gg.ones([num_data]))
    return gg.multiply(distances, off_diagonal)


def contrastive_loss(labels: Any, embeddings_anchor: Any, embeddings_positive: Any,
                     margin: float = 1.0) -> Any:  # fmt: skip
    """The mean over pairs of d^2 where `labels` is 1 (a positive pair) and
    max(margin - d, 0)^2 where it is 0, d the pair's Euclidean distance."""
    distances = gg.sqrt(
        gg.reduce_sum(gg.square(embeddings_anchor - embeddings_positive), 1)
    )  # fmt: skip
    labels = gg.cast(labels, gg.float32)
    return gg.reduce_mean(
        labels * gg.square(distances)
        + (1.0 - labels) * gg.square(gg.maximum(margin - distances, 0.0)),
        name="contrastive_loss",
    )


def masked_maximum(data: Any, mask: Any, dim: int = 1) -> Any:
    """Each row's maximum over the entries `mask` keeps (shifted by the row's minimum, so
    that the masked-out zeros never win)."""
    axis_minimums = gg.reduce_min(data, dim, keepdims=True)
    masked = gg.multiply(data - axis_minimums, mask)
    return gg.reduce_max(masked, dim, keepdims=True) + axis_minimums


def masked_minimum(data: Any, mask: Any, dim: int = 1) -> Any:
    """Each row's minimum over the entries `mask` keeps."""
    axis_maximums = gg.reduce_max(data, dim, keepdims=True)
    masked = gg.multiply(data - axis_maximums, mask)
    return gg.reduce_min(masked, dim, keepdims=True) + axis_maximums


def _column(labels: Any) -> Any:
    labels = gg.convert_to_tensor(labels)
    return gg.reshape(labels, [gg.shape(labels)[0], 1])


def triplet_semihard_loss(labels: Any, embeddings: Any, margin: float = 1.0) -> Any:
    """FaceNet's triplet loss over every (anchor, positive) pair of the batch with its
    semi-hard negative — the nearest negative farther than the positive, else the
    farthest negative — on squared distances: mean of max(d_ap - d_an + margin, 0)."""
    labels = _column(labels)
    pdist_matrix = pairwise_distance(embeddings, squared=True)
    adjacency = gg.equal(labels, gg.transpose(labels))
    adjacency_not = gg.logical_not(adjacency)
    batch_size = gg.size(labels)
    # Row (p * batch + a) of the tiled matrix: anchor a's distances, kept where they are
    # a negative's farther than the positive p's, d(a, p).
    pdist_matrix_tile = gg.tile(pdist_matrix, [batch_size, 1])
    mask = gg.logical_and(
        gg.tile(adjacency_not, [batch_size, 1]),
        gg.greater(pdist_matrix_tile, gg.reshape(gg.transpose(pdist_matrix), [-1, 1])),
    )
    mask_final = gg.reshape(
        gg.greater(gg.reduce_sum(gg.cast(mask, gg.float32), 1, keepdims=True), 0.0),
        [batch_size, batch_size],
    )
    mask_final = gg.transpose(mask_final)
    adjacency_not = gg.cast(adjacency_not, gg.float32)
    mask = gg.cast(mask, gg.float32)
    negatives_outside = gg.reshape(
        masked_minimum(pdist_matrix_tile, mask), [batch_size, batch_size]
    )  # fmt: skip
    negatives_outside = gg.transpose(negatives_outside)
    negatives_inside = gg.tile(masked_maximum(pdist_matrix, adjacency_not), [1, batch_size])
    semi_hard_negatives = gg.where(mask_final, negatives_outside, negatives_inside)
    loss_mat = gg.add(margin, pdist_matrix - semi_hard_negatives)
    mask_positives = gg.cast(adjacency, gg.float32) - gg.linalg.diag(gg.ones([batch_size]))
    num_positives = gg.reduce_sum(mask_positives)
    return gg.truediv(
        gg.reduce_sum(gg.maximum(gg.multiply(loss_mat, mask_positives), 0.0)),
        num_positives,
        name="triplet_semihard_loss",
    )


def npairs_loss(labels: Any, embeddings_anchor: Any, embeddings_positive: Any,
                reg_lambda: float = 0.002, print_losses: bool = False) -> Any:  # fmt: skip
    """Sohn's N-pair loss: the softmax cross-entropy of anchor-positive similarities
    against the label-equality matrix (rows normalized), plus reg_lambda / 4 times the
    mean squared norms of the anchors and the positives."""
    reg_anchor = gg.reduce_mean(gg.reduce_sum(gg.square(embeddings_anchor), 1))
    reg_positive = gg.reduce_mean(gg.reduce_sum(gg.square(embeddings_positive), 1))
    l2loss = gg.multiply(0.25 * reg_lambda, reg_anchor + reg_positive, name="l2loss")
    similarity_matrix = gg.matmul(embeddings_anchor, embeddings_positive, transpose_b=True)
    labels = _column(labels)
    labels_remapped = gg.cast(gg.equal(labels, gg.transpose(labels)), gg.float32)
    labels_remapped /= gg.reduce_sum(labels_remapped, 1, keepdims=True)
    xent_loss = gg.nn.softmax_cross_entropy_with_logits(
        logits=similarity_matrix, labels=labels_remapped
    )
    xent_loss = gg.reduce_mean(xent_loss, name="xentropy")
    if print_losses:
        xent_loss = gg.compat.v1.Print(xent_loss, ["cross entropy:", xent_loss, "l2loss:", l2loss])
    return l2loss + xent_loss


def _multilabel_adjacency(sparse_labels: list) -> Any:
    """L[i, j]: the sum of sparse_minimum(labels i, labels j), the count of labels pair i
    and pair j share for 0/1 labels (TF 1.x's `_build_multilabel_adjacency`)."""
    n = len(sparse_labels)
    adjacency = gg.zeros([n, n])
    for i in range(n):
        for j in range(n):
            shared = gg.sparse.minimum(sparse_labels[i], sparse_labels[j])
            dot = gg.reshape(gg.cast(gg.sparse.reduce_sum(shared), gg.float32), [1, 1])
            adjacency += gg.pad(dot, [[i, n - i - 1], [j, n - j - 1]])
    return adjacency


def npairs_loss_multilabel(
    sparse_labels: Any,
    embeddings_anchor: Any,
    embeddings_positive: Any,
    reg_lambda: float = 0.002,
    print_losses: bool = False,
) -> Any:
    """`npairs_loss` whose targets are the counts of labels the pairs share (each pair's
    labels a SparseTensor of 0/1 values), rows normalized; TypeError where a label is no
    SparseTensor, as TF's."""
    from .sparse_tensor import SparseTensor

    if not all(isinstance(labels, SparseTensor) for labels in sparse_labels):
        raise TypeError(f"sparse_labels must be a list of SparseTensors, but got {sparse_labels}")
    with gg.name_scope("NpairsLossMultiLabel"):
        reg_anchor = gg.reduce_mean(gg.reduce_sum(gg.square(embeddings_anchor), 1))
        reg_positive = gg.reduce_mean(gg.reduce_sum(gg.square(embeddings_positive), 1))
        l2loss = gg.multiply(0.25 * reg_lambda, reg_anchor + reg_positive, name="l2loss")
        similarity_matrix = gg.matmul(embeddings_anchor, embeddings_positive, transpose_b=True)
        labels_remapped = gg.cast(_multilabel_adjacency(sparse_labels), gg.float32)
        labels_remapped /= gg.reduce_sum(labels_remapped, 1, keepdims=True)
        xent_loss = gg.nn.softmax_cross_entropy_with_logits(
            logits=similarity_matrix, labels=labels_remapped
        )
        xent_loss = gg.reduce_mean(xent_loss, name="xentropy")
        if print_losses:
            xent_loss = gg.compat.v1.Print(
                xent_loss, ["cross entropy:", xent_loss, "l2loss:", l2loss]
            )
        return l2loss + xent_loss


def lifted_struct_loss(labels: Any, embeddings: Any, margin: float = 1.0) -> Any:
    """Song et al.'s lifted structured loss on Euclidean distances: for each positive
    pair, the log-sum-exp of margin - d over both members' negatives plus d, squared
    where positive; a quarter of the sum over the positive pairs."""
    labels = _column(labels)
    pairwise_distances = pairwise_distance(embeddings)
    adjacency = gg.equal(labels, gg.transpose(labels))
    adjacency_not = gg.logical_not(adjacency)
    batch_size = gg.size(labels)
    diff = margin - pairwise_distances
    mask = gg.cast(adjacency_not, gg.float32)
    # The largest margin - d among each row's negatives, the log-sum-exp's shift.
    row_minimums = gg.reduce_min(diff, 1, keepdims=True)
    row_negative_maximums = (
        gg.reduce_max(gg.multiply(diff - row_minimums, mask), 1, keepdims=True) + row_minimums
    )
    max_elements = gg.maximum(row_negative_maximums, gg.transpose(row_negative_maximums))
    diff_tiled = gg.tile(diff, [batch_size, 1])
    mask_tiled = gg.tile(mask, [batch_size, 1])
    max_elements_vect = gg.reshape(gg.transpose(max_elements), [-1, 1])
    loss_exp_left = gg.reshape(
        gg.reduce_sum(
            gg.multiply(gg.exp(diff_tiled - max_elements_vect), mask_tiled), 1, keepdims=True
        ),
        [batch_size, batch_size],
    )
    loss_mat = max_elements + gg.log(loss_exp_left + gg.transpose(loss_exp_left))
    loss_mat += pairwise_distances
    mask_positives = gg.cast(adjacency, gg.float32) - gg.linalg.diag(gg.ones([batch_size]))
    # A half for counting each pair once, another for the loss's 1/2 factor.
    num_positives = gg.reduce_sum(mask_positives) / 2.0
    return gg.truediv(
        0.25 * gg.reduce_sum(gg.square(gg.maximum(gg.multiply(loss_mat, mask_positives), 0.0))),
        num_positives,
        name="liftedstruct_loss",
    )


__all__ = [
    "contrastive_loss",
    "lifted_struct_loss",
    "masked_maximum",
    "masked_minimum",
    "npairs_loss",
    "npairs_loss_multilabel",
    "pairwise_distance",
    "triplet_semihard_loss",
]
