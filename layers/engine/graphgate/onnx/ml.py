"""More of ONNX-ML (what skl2onnx writes for scikit-learn's linear models, imputers,
encoders and SVM regressors), lowered to the engine's matmuls, comparisons and selects.
Numbers and shapes are onnxruntime's; string-valued attributes are refused (graphgate has
no string tensors)."""

from __future__ import annotations

import math

import numpy as np

from .. import dtypes as _dt
from ..ops import array_ops as A
from ..ops import math_ops as M
from ..ops import reduce_ops as R
from .lowering import Unsupported, lowers, where


def _as_float(ctx, i: int = 0):
    x = ctx.t(i)
    return x if x.dtype in (_dt.float32, _dt.float64) else M.cast(x, _dt.float32)


def _linear_regressor_check(attrs, opset):
    if attrs.get("post_transform", "NONE") != "NONE":
        return f"LinearRegressor post_transform {attrs['post_transform']}"
    return None


@lowers("ai.onnx.ml.LinearRegressor", check=_linear_regressor_check)
def _linear_regressor(ctx):
    reason = _linear_regressor_check(ctx.attrs, ctx.opset)
    if reason:
        raise Unsupported(reason)
    x = M.cast(ctx.t(0), _dt.float32)  # the spec's output is float
    if ctx.rank(0) == 1:
        x = A.expand_dims(x, 0)
    targets = int(ctx.attr("targets", 1))
    coef = np.asarray(ctx.attr("coefficients"), np.float32).reshape(targets, -1)
    y = M.matmul(x, ctx.const(coef, np.float32), transpose_b=True)
    intercepts = ctx.attr("intercepts")
    if intercepts:
        y = M.add(y, ctx.const(np.asarray(intercepts, np.float32), np.float32))
    return [y]


def _imputer_check(attrs, opset):
    if not attrs.get("imputed_value_floats") and not attrs.get("imputed_value_int64s"):
        return "Imputer without imputed values"
    return None


@lowers("ai.onnx.ml.Imputer", check=_imputer_check)
def _imputer(ctx):
    reason = _imputer_check(ctx.attrs, ctx.opset)
    if reason:
        raise Unsupported(reason)
    x = ctx.t(0)
    if x.dtype in _dt.FLOATS:
        values = ctx.attr("imputed_value_floats")
        replaced = float(ctx.attr("replaced_value_float", 0.0))
    else:
        values = ctx.attr("imputed_value_int64s")
        replaced = int(ctx.attr("replaced_value_int64", 0))
    if not values:
        raise Unsupported(f"Imputer of {x.dtype.name} values without imputed values of that kind")
    fill = ctx.const(np.asarray(values), x.dtype)  # one per feature, or one for all
    if isinstance(replaced, float) and math.isnan(replaced):
        hit = M.not_equal(x, x)
    else:
        hit = M.equal(x, ctx.const(replaced, x.dtype))
    return [where(hit, M.add(A.zeros_like(x), fill), x)]


@lowers("ai.onnx.ml.Binarizer")
def _binarizer(ctx):
    x = ctx.t(0)
    above = M.greater(x, ctx.const(ctx.attr("threshold", 0.0), x.dtype))
    return [M.cast(above, x.dtype)]


def _one_hot_check(attrs, opset):
    if "cats_int64s" not in attrs:
        return "OneHotEncoder over string categories (graphgate has no strings)"
    return None


@lowers("ai.onnx.ml.OneHotEncoder", check=_one_hot_check)
def _one_hot_encoder(ctx):
    reason = _one_hot_check(ctx.attrs, ctx.opset)
    if reason:
        raise Unsupported(reason)
    x = ctx.t(0)
    if x.dtype != _dt.int64:
        x = M.cast(x, _dt.int64)  # onnxruntime truncates float categories
    cats = ctx.const(np.asarray(ctx.attr("cats_int64s"), np.int64), np.int64)
    # [..., n_cats]: 1 where the value is that category; an unknown value is all zeros.
    hits = M.equal(A.expand_dims(x, -1), cats)
    out = M.cast(hits, _dt.float32)
    if ctx.attr("zeros", 1):
        return [out]
    # zeros=0 (scikit-learn's handle_unknown="error"): an unknown value fails the run.
    from ..ops.debug_ops import Assert

    known = R.reduce_all(R.reduce_any(hits, [-1]))
    check = Assert(known, ["OneHotEncoder: a value that is none of the categories"])
    with ctx.graph.control_dependencies([check]):
        return [A.identity(out)]


def _label_encoder_check(attrs, opset):
    keys = [k for k in ("keys_int64s", "keys_floats", "keys_tensor") if k in attrs]
    values = [k for k in ("values_int64s", "values_floats", "values_tensor") if k in attrs]
    if len(keys) != 1 or len(values) != 1:
        return "LabelEncoder over strings (graphgate has no strings)"
    for k in ("keys_tensor", "values_tensor", "default_tensor"):
        if k in attrs and np.asarray(attrs[k]).dtype.kind not in "iuf":
            return "LabelEncoder over strings (graphgate has no strings)"
    return None


def _label_encoder_table(attrs):
    keys = next(
        np.asarray(attrs[k]) for k in ("keys_int64s", "keys_floats", "keys_tensor") if k in attrs
    )
    vk = next(k for k in ("values_int64s", "values_floats", "values_tensor") if k in attrs)
    values = np.asarray(attrs[vk])
    if vk == "values_int64s":
        values, default = values.astype(np.int64), np.int64(attrs.get("default_int64", -1))
    elif vk == "values_floats":
        values, default = values.astype(np.float32), np.float32(attrs.get("default_float", -0.0))
    else:
        default = np.asarray(attrs.get("default_tensor", np.zeros(1, values.dtype))).reshape(-1)[0]
    if "keys_int64s" in attrs:
        keys = keys.astype(np.int64)
    elif "keys_floats" in attrs:
        keys = keys.astype(np.float32)
    return keys, values, default


@lowers("ai.onnx.ml.LabelEncoder", check=_label_encoder_check)
def _label_encoder(ctx):
    reason = _label_encoder_check(ctx.attrs, ctx.opset)
    if reason:
        raise Unsupported(reason)
    keys, values, default = _label_encoder_table(ctx.attrs)
    x = ctx.t(0)
    if np.dtype(x.dtype) != keys.dtype:
        raise Unsupported(f"LabelEncoder keys of {keys.dtype} for {x.dtype.name} input")
    key_t = ctx.const(keys, keys.dtype)
    eq = M.equal(A.expand_dims(x, -1), key_t)
    if keys.dtype.kind == "f" and np.isnan(keys).any():  # a NaN key matches NaN
        eq = M.logical_or(
            eq,
            M.logical_and(
                M.not_equal(A.expand_dims(x, -1), A.expand_dims(x, -1)),
                ctx.const(np.isnan(keys), _dt.bool_),
            ),
        )
    found = R.reduce_any(eq, [-1])
    picked = A.gather(ctx.const(values, values.dtype), R.argmax(M.cast(eq, np.int32), -1))
    return [where(found, picked, M.add(A.zeros_like(picked), ctx.const(default, values.dtype)))]


@lowers("ai.onnx.ml.FeatureVectorizer")
def _feature_vectorizer(ctx):
    dims = list(ctx.attr("inputdimensions", []))
    parts = []
    for i in range(ctx.n_inputs):
        t = M.cast(ctx.t(i), _dt.float32)
        rank = ctx.rank(i)
        if rank == 1:
            t = A.expand_dims(t, 0) if not dims else A.reshape(t, [-1, dims[i]])
        parts.append(t)
    return [A.concat(parts, 1) if len(parts) > 1 else A.identity(parts[0])]


# -- SVM regression: sum of coefficients times the kernel of each support vector -----------


def _kernel(ctx, x, sv, kind: str, gamma: float, coef0: float, degree: float):
    """K(x, sv) for every row and support vector: [batch, n_sv], in x's dtype."""
    c = lambda v: ctx.const(v, x.dtype)  # noqa: E731
    if kind == "RBF":
        d = M.subtract(A.expand_dims(x, 1), A.expand_dims(sv, 0))
        return M.exp(M.multiply(c(-gamma), R.reduce_sum(M.multiply(d, d), [2])))
    dot = M.matmul(x, sv, transpose_b=True)
    if kind == "LINEAR":
        return dot
    base = M.add(M.multiply(c(gamma), dot), c(coef0))
    if kind == "POLY":
        return M.pow(base, c(degree))
    return M.tanh(base)  # SIGMOID


def _svm_check(attrs, opset):
    kind = attrs.get("kernel_type", "LINEAR")
    if kind not in ("LINEAR", "POLY", "RBF", "SIGMOID"):
        return f"SVM kernel {kind}"
    if attrs.get("post_transform", "NONE") != "NONE":
        return f"SVM post_transform {attrs['post_transform']}"
    if attrs.get("one_class", 0):
        return "one-class SVM"
    return None


@lowers("ai.onnx.ml.SVMRegressor", check=_svm_check)
def _svm_regressor(ctx):
    reason = _svm_check(ctx.attrs, ctx.opset)
    if reason:
        raise Unsupported(reason)
    f64 = _dt.float64  # sums of terms that cancel: see SVMClassifier
    x = M.cast(ctx.t(0), f64)
    n_sv = int(ctx.attr("n_supports", 0))
    coef = np.asarray(ctx.attr("coefficients"), np.float32)
    rho = np.asarray(ctx.attr("rho", [0.0]), np.float32)
    params = list(ctx.attr("kernel_params", [0.0, 0.0, 0.0])) + [0.0] * 3
    params[2] = float(int(params[2]))  # the degree is an integer
    kind = ctx.attr("kernel_type", "LINEAR")
    if n_sv:
        sv = np.asarray(ctx.attr("support_vectors"), np.float32).reshape(n_sv, -1)
        k = _kernel(ctx, x, ctx.const(sv, f64), kind, *params[:3])
        y = M.matmul(k, ctx.const(coef.reshape(-1, 1), f64))
    else:  # a linear SVM: the coefficients are the weights
        y = M.matmul(x, ctx.const(coef.reshape(-1, 1), f64))
    return [M.cast(M.add(y, ctx.const(rho[:1], f64)), _dt.float32)]


def _svm_classifier_check(attrs, opset):
    reason = _svm_check(attrs, opset)
    if reason:
        return reason
    if "classlabels_ints" not in attrs:
        return "SVMClassifier with string class labels (graphgate has no strings)"
    if attrs.get("prob_a"):
        return "SVMClassifier with probabilities (libsvm's iterative pairwise coupling)"
    if not sum(attrs.get("vectors_per_class", ())):
        return "a linear SVMClassifier without support vectors"
    if min(attrs.get("coefficients", [0.0])) >= 0:
        return "an SVMClassifier whose coefficients are all positive (onnxruntime's special case)"
    return None


@lowers("ai.onnx.ml.SVMClassifier", check=_svm_classifier_check)
def _svm_classifier(ctx):
    """One-vs-one support vector classification without probabilities: one decision value
    per pair of classes (class i wins the pair when it is > 0), the label the class with
    the most wins (the first on a tie), the scores the decision values; for two classes,
    [-s, s] as onnxruntime writes them."""
    reason = _svm_classifier_check(ctx.attrs, ctx.opset)
    if reason:
        raise Unsupported(reason)
    labels = np.asarray(ctx.attr("classlabels_ints"), np.int64)
    per_class = [int(v) for v in ctx.attr("vectors_per_class")]
    n_sv, k = sum(per_class), len(labels)
    starts = np.cumsum([0, *per_class])
    coef = np.asarray(ctx.attr("coefficients"), np.float32).reshape(-1, n_sv)
    rho = np.asarray(ctx.attr("rho"), np.float32)
    pairs = [(i, j) for i in range(k) for j in range(i + 1, k)]
    weights = np.zeros((n_sv, len(pairs)), np.float32)
    wins = np.zeros((len(pairs), k), np.float32)
    losses = np.zeros((len(pairs), k), np.float32)
    for e, (i, j) in enumerate(pairs):
        si, sj = slice(starts[i], starts[i + 1]), slice(starts[j], starts[j + 1])
        weights[si, e] = coef[j - 1, si]
        weights[sj, e] = coef[i, sj]
        wins[e, i] = losses[e, j] = 1.0
    # In float64: the decision values are sums of large terms that cancel (float32 keeps
    # about 1e-3 of a value near 0; the winner of a pair is decided by its sign).
    f64 = _dt.float64
    x = M.cast(ctx.t(0), f64)
    sv = np.asarray(ctx.attr("support_vectors"), np.float32).reshape(n_sv, -1)
    params = list(ctx.attr("kernel_params", [0.0, 0.0, 0.0])) + [0.0] * 3
    gamma, coef0, degree = params[0], params[1], float(int(params[2]))
    kind = ctx.attr("kernel_type", "LINEAR")
    kernel = _kernel(ctx, x, ctx.const(sv, f64), kind, gamma, coef0, degree)
    scores = M.add(M.matmul(kernel, ctx.const(weights, f64)), ctx.const(rho, f64))
    scores = M.cast(scores, np.float32)
    won = M.cast(M.greater(scores, ctx.const(0, np.float32)), np.float32)
    votes = M.add(
        M.matmul(won, ctx.const(wins, np.float32)),
        M.matmul(M.subtract(ctx.const(1, np.float32), won), ctx.const(losses, np.float32)),
    )
    label = A.gather(ctx.const(labels, np.int64), R.argmax(votes, 1))
    if k == 2:
        scores = A.concat([M.negative(scores), scores], 1)
    return [label, scores]
