"""TF1 programs written once against `tf`, run unchanged with `tf` = tensorflow.compat.v1
(make_reference.py, dev-only, writes nn_reference.json) and with `tf` = graphgate
(test_tf_reference.py, which compares outputs, gradients and default names).

A case is `build(tf, **inputs) -> {output name: tensor}`; inputs are placeholders of the
stored arrays' shapes and dtypes.
"""

from __future__ import annotations

import numpy as np

CASES: dict = {}


def case(**arrays):
    def register(build):
        CASES[build.__name__] = (arrays, build)
        return build

    return register


def weights(shape) -> np.ndarray:
    """Deterministic weights for the scalar whose gradients are compared."""
    n = int(np.prod(shape))
    return ((np.arange(n) % 7 + 1) / 4.0).reshape(shape)


def is_float(t) -> bool:
    d = t.dtype
    return d.is_floating if hasattr(d, "is_floating") else np.dtype(d).kind == "f"


def scalar(tf, outs: dict):
    """The scalar differentiated: weighted sums of the float outputs (squares where the
    static shape has unknown dims), identical in both engines."""
    parts = []
    for t in outs.values():
        if not is_float(t):
            continue
        shape = t.shape.as_list()
        if None in shape:
            parts.append(tf.reduce_sum(tf.square(t)))
        else:
            parts.append(tf.reduce_sum(t * weights(shape)))
    return tf.add_n(parts) if parts else None


_rng = np.random.default_rng(15)


def _n(*shape):
    return _rng.normal(size=shape)


def _u(lo, hi, *shape):
    return _rng.uniform(lo, hi, size=shape)


X = _n(2, 7, 6, 3)
F = _n(3, 2, 3, 4)


# -- convolution and pooling ---------------------------------------------------------------


@case(x=X, f=F)
def conv2d_same_stride2(tf, x, f):
    return {"y": tf.nn.conv2d(x, f, strides=[1, 2, 2, 1], padding="SAME")}


@case(x=X, f=F)
def conv2d_valid(tf, x, f):
    return {"y": tf.nn.conv2d(x, f, strides=[1, 1, 1, 1], padding="VALID")}


@case(x=X, f=F)
def conv2d_valid_stride_2_3(tf, x, f):
    return {"y": tf.nn.conv2d(x, f, [1, 2, 3, 1], "VALID")}


@case(x=X, f=F)
def conv2d_same_dilated(tf, x, f):
    # TensorFlow's CPU Conv2D kernel refuses dilations; atrous_conv2d is its dilated form.
    return {"y": tf.nn.atrous_conv2d(x, f, rate=2, padding="SAME")}


@case(x=_n(2, 5, 5, 3), f=_n(1, 1, 3, 2))
def conv2d_one_by_one(tf, x, f):
    return {"y": tf.nn.conv2d(x, f, [1, 2, 2, 1], "SAME")}


@case(x=_n(2, 4, 3, 4), f=_n(3, 3, 5, 4))
def conv2d_transpose_same(tf, x, f):
    return {"y": tf.nn.conv2d_transpose(x, f, [2, 7, 6, 5], [1, 2, 2, 1], "SAME")}


@case(x=_n(2, 4, 3, 4), f=_n(3, 2, 5, 4))
def conv2d_transpose_valid(tf, x, f):
    return {"y": tf.nn.conv2d_transpose(x, f, [2, 9, 9, 5], [1, 2, 3, 1], "VALID")}


@case(x=X)
def max_pool_same(tf, x):
    return {"y": tf.nn.max_pool(x, ksize=[1, 3, 3, 1], strides=[1, 2, 2, 1], padding="SAME")}


@case(x=X)
def max_pool_valid(tf, x):
    return {"y": tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")}


@case(x=X)
def avg_pool_same(tf, x):
    return {"y": tf.nn.avg_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], "SAME")}


@case(x=X)
def avg_pool_valid(tf, x):
    return {"y": tf.nn.avg_pool(x, [1, 2, 3, 1], [1, 1, 2, 1], "VALID")}


@case(x=X, b=_n(3))
def bias_add(tf, x, b):
    return {"y": tf.nn.bias_add(x, b)}


# -- normalization, losses of tf.nn --------------------------------------------------------


@case(x=_n(4, 3, 2, 5))
def moments_keep_dims(tf, x):
    mean, var = tf.nn.moments(x, [0, 1, 2], keep_dims=True)
    return {"mean": mean, "variance": var}


@case(x=_n(6, 4))
def moments_axis0(tf, x):
    mean, var = tf.nn.moments(x, axes=[0])
    return {"mean": mean, "variance": var}


@case(x=_n(6, 4), m=_n(4), v=_u(0.5, 2, 4), b=_n(4), s=_n(4))
def batch_normalization(tf, x, m, v, b, s):
    return {"y": tf.nn.batch_normalization(x, m, v, b, s, 1e-3)}


@case(x=_n(6, 4), m=_n(4), v=_u(0.5, 2, 4))
def batch_normalization_no_scale(tf, x, m, v):
    return {"y": tf.nn.batch_normalization(x, m, v, None, None, 1e-3)}


@case(x=_n(3, 4))
def l2_loss(tf, x):
    return {"y": tf.nn.l2_loss(x)}


@case(x=_n(3, 4))
def l2_normalize(tf, x):
    return {"rows": tf.nn.l2_normalize(x, axis=1), "cols": tf.nn.l2_normalize(x, dim=0)}


@case(x=_n(5, 3))
def embedding_lookup(tf, x):
    return {"y": tf.nn.embedding_lookup(x, tf.constant([[4, 0], [0, 2]]))}


_TIES = np.array([[1.0, 3.0, 3.0, 2.0, 0.5], [2.0, 2.0, 2.0, -1.0, 5.0], [0.1, 0.2, 0.3, 0.4, 0.5]])


@case(x=_TIES)
def top_k(tf, x):
    out = tf.nn.top_k(x, k=3)
    return {"values": out.values, "indices": out.indices}


@case(x=_TIES)
def in_top_k(tf, x):
    return {
        "k1": tf.nn.in_top_k(tf.cast(x, tf.float32), tf.constant([1, 0, 4]), 1),
        "k2": tf.nn.in_top_k(tf.cast(x, tf.float32), tf.constant([2, 2, 0]), 2),
        "non_finite_or_out_of_range": tf.nn.in_top_k(
            tf.constant([[1.0, 2.0, np.nan], [1.0, 2.0, 3.0], [1.0, np.inf, 0.0]]),
            tf.constant([1, 5, 1]),
            2,
        ),
    }


# -- array ops -----------------------------------------------------------------------------


@case(x=_n(3, 4, 2))
def unstack(tf, x):
    parts = tf.unstack(x, axis=1)
    return {f"part{i}": p for i, p in enumerate(parts)}


@case(x=_TIES)
def sort_and_argsort(tf, x):
    return {
        "asc": tf.sort(x),
        "desc": tf.sort(x, direction="DESCENDING"),
        "axis0": tf.sort(x, axis=0),
        "argsort": tf.argsort(x),
        "argsort_desc": tf.argsort(x, direction="DESCENDING"),
    }


@case(x=_n(3, 4))
def cumsum(tf, x):
    return {
        "plain": tf.cumsum(x),
        "axis1": tf.cumsum(x, axis=1),
        "exclusive": tf.cumsum(x, axis=1, exclusive=True),
        "reverse": tf.cumsum(x, axis=1, reverse=True),
        "both": tf.cumsum(x, axis=0, exclusive=True, reverse=True),
    }


@case(x=_n(3, 4, 2))
def boolean_mask(tf, x):
    mask = tf.constant([[True, False, True, True], [False, False, True, False], [True] * 4])
    return {
        "y": tf.boolean_mask(x, mask),
        "axis1": tf.boolean_mask(x, tf.constant([True, False, True, False]), axis=1),
    }


@case(x=_n(3, 4, 2))
def gather_nd(tf, x):
    return {
        "elements": tf.gather_nd(x, tf.constant([[0, 1, 1], [2, 3, 0], [0, 1, 1]])),
        "rows": tf.gather_nd(x, tf.constant([[[1], [0]], [[2], [2]]])),
        "slices": tf.gather_nd(x, tf.constant([[2, 1], [0, 0]])),
    }


@case(u=_n(4, 3))
def scatter_nd(tf, u):
    return {"y": tf.scatter_nd(tf.constant([[1], [3], [1], [0]]), u, [5, 3])}


_NUM = np.array([7.0, -7.0, 7.5, -7.5, 0.0, 3.0, -0.5])
_DEN = np.array([2.0, 2.0, -2.0, -2.0, 3.0, 0.7, 0.3])


@case(x=_NUM, y=_DEN)
def floordiv_floormod_floats(tf, x, y):
    return {
        "floordiv": tf.floordiv(x, y),
        "floormod": tf.floormod(x, y),
        "slashes": x // y,
        "percent": x % y,
    }


@case(x=np.array([7, -7, 7, -7, 0, 9, -1], np.int32), y=np.array([2, 2, -2, -2, 3, 4, 5], np.int32))
def floordiv_floormod_ints(tf, x, y):
    return {"floordiv": x // y, "floormod": x % y, "by_three": tf.floormod(x, 3)}


@case(x=np.array([7, -7, 8, -9], np.int64))
def floordiv_int64_by_literal(tf, x):
    return {"q": x // 4, "r": x % 4}


# -- activations, conv1d -------------------------------------------------------------------


@case(x=np.concatenate([np.linspace(-8, 8, 17), [-1e-3, 1e-3, 5.9, 6.1, 30.0, -30.0]]))
def activations(tf, x):
    return {
        "relu6": tf.nn.relu6(x),
        "elu": tf.nn.elu(x),
        "selu": tf.nn.selu(x),
        "softplus": tf.nn.softplus(x),
        "softsign": tf.nn.softsign(x),
    }


@case(x=_n(4, 3), w=_n(3, 2), b=_n(2))
def xw_plus_b(tf, x, w, b):
    return {"y": tf.nn.xw_plus_b(x, w, b)}


@case(x=_n(2, 9, 3), f=_n(3, 3, 4))
def conv1d(tf, x, f):
    return {
        "same": tf.nn.conv1d(x, f, stride=2, padding="SAME"),
        "valid": tf.nn.conv1d(x, f, 1, "VALID"),
    }


@case(x=_n(2, 3, 2, 7).astype(np.float32))
def lrn(tf, x):
    return {
        "default": tf.nn.lrn(x),
        "cifar10": tf.nn.lrn(x, 4, bias=1.0, alpha=0.001 / 9.0, beta=0.75, name="norm1"),
        "wide": tf.nn.local_response_normalization(x, depth_radius=10, bias=2.0, alpha=0.3),
    }


@case(x=_n(2, 7, 6, 3), f=_n(3, 2, 3, 2), p=_n(1, 1, 6, 4))
def depthwise_and_separable(tf, x, f, p):
    return {
        "same": tf.nn.depthwise_conv2d(x, f, [1, 2, 2, 1], "SAME"),
        "valid": tf.nn.depthwise_conv2d(x, f, [1, 1, 1, 1], "VALID"),
        "dilated": tf.nn.depthwise_conv2d(x, f, [1, 1, 1, 1], "SAME", rate=[2, 2]),
        "separable": tf.nn.separable_conv2d(x, f, p, [1, 1, 1, 1], "SAME"),
    }


@case(x=_n(3, 4, 2, 5).astype(np.float32), s=_n(5).astype(np.float32), o=_n(5).astype(np.float32))
def fused_batch_norm(tf, x, s, o):
    y, mean, var = tf.nn.fused_batch_norm(x, s, o, epsilon=0.01)
    m, v = (
        tf.constant(np.linspace(-1, 1, 5), tf.float32),
        tf.constant(np.linspace(1, 2, 5), tf.float32),
    )
    y_inf, _, _ = tf.nn.fused_batch_norm(x, s, o, m, v, is_training=False)
    return {"y": y, "mean": mean, "variance": var, "inference": y_inf}


@case(x=_n(4, 3) * 5, z=_u(0, 1, 4, 3))
def weighted_and_poisson_losses(tf, x, z):
    return {
        "weighted": tf.nn.weighted_cross_entropy_with_logits(labels=z, logits=x, pos_weight=2.5),
        "poisson": tf.nn.log_poisson_loss(z * 3, x / 5),
        "poisson_full": tf.nn.log_poisson_loss(z * 3, x / 5, compute_full_loss=True),
    }


@case(x=_n(4, 3, 2), w=_u(0, 2, 4, 1, 2))
def moments_family(tf, x, w):
    count, m_ss, v_ss, _ = tf.nn.sufficient_statistics(x, [0, 1])
    mean, variance = tf.nn.normalize_moments(count, m_ss, v_ss, None)
    c2, m2, v2, shift = tf.nn.sufficient_statistics(x, [0], shift=tf.constant(0.5, tf.float64))
    mean2, variance2 = tf.nn.normalize_moments(c2, m2, v2, shift)
    wm, wv = tf.nn.weighted_moments(x, [0, 1], w)
    wmk, wvk = tf.nn.weighted_moments(x, [1], w, keep_dims=True)
    return {
        "count": count,
        "mean": mean,
        "variance": variance,
        "mean_shifted": mean2,
        "variance_shifted": variance2,
        "weighted_mean": wm,
        "weighted_variance": wv,
        "weighted_mean_kept": wmk,
        "weighted_variance_kept": wvk,
    }


@case(x=_n(2, 7, 6, 3), f=_n(3, 2, 3, 4), x1=_n(2, 9, 3), f1=_n(3, 3, 2))
def convolution_and_pool2d(tf, x, f, x1, f1):
    return {
        "conv2d": tf.nn.convolution(x, f, "SAME", strides=[2, 1]),
        "conv1d": tf.nn.convolution(x1, f1, "VALID"),
        "max": tf.nn.max_pool2d(x, 2, 2, "SAME"),
        "avg": tf.nn.avg_pool2d(x, [3, 2], [1, 2], "VALID"),
    }


_EMB_LABELS = np.array([[3], [0], [7], [3]])
_SAMPLED = (
    np.array([1, 3, 5, 8, 0]),
    np.array([[0.3], [0.9], [0.2], [0.3]], np.float32),
    np.array([0.7, 0.3, 0.25, 0.2, 0.9], np.float32),
)


@case(w=_n(10, 4).astype(np.float32), b=_n(10).astype(np.float32), x=_n(4, 4).astype(np.float32))
def sampled_losses(tf, w, b, x):
    fixed = tuple(tf.constant(v) for v in _SAMPLED)
    labels = tf.constant(_EMB_LABELS, tf.int64)
    return {
        "nce": tf.nn.nce_loss(w, b, labels, x, 5, 10, sampled_values=fixed),
        "nce_hits": tf.nn.nce_loss(
            w, b, labels, x, 5, 10, sampled_values=fixed, remove_accidental_hits=True
        ),
        "softmax": tf.nn.sampled_softmax_loss(w, b, labels, x, 5, 10, sampled_values=fixed),
        "softmax_keep_hits": tf.nn.sampled_softmax_loss(
            w, b, labels, x, 5, 10, sampled_values=fixed, remove_accidental_hits=False
        ),
    }


@case(x=_u(0.5, 2, 3, 4) * np.array([1, -1, 1, 1]))
def cumprod_and_logical_reductions(tf, x):
    positive = tf.greater(x, 1.0)
    return {
        "plain": tf.cumprod(x, axis=1),
        "exclusive_reverse": tf.cumprod(x, axis=1, exclusive=True, reverse=True),
        "axis0": tf.cumprod(x),
        "any": tf.reduce_any(positive, axis=1),
        "all": tf.reduce_all(positive, 0, keepdims=True),
        "any_all": tf.reduce_any(positive),
    }


@case(x=X, f=F)
def conv2d_explicit_padding(tf, x, f):
    return {
        "y": tf.nn.conv2d(x, f, [1, 2, 1, 1], [[0, 0], [1, 2], [0, 3], [0, 0]]),
        "stride3": tf.nn.conv2d(x, f, [1, 3, 2, 1], [[0, 0], [2, 0], [1, 1], [0, 0]]),
    }


@case(x=np.array([[0.0, 1.5, 0.0], [2.0, 0.0, -1.0]]))
def zero_fraction(tf, x):
    return {"all": tf.nn.zero_fraction(x), "relu": tf.nn.zero_fraction(tf.nn.relu(x))}
