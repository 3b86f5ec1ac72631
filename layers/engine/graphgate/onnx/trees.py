"""ONNX-ML's tree ensembles (what skl2onnx writes for random forests, gradient boosting,
extra trees and decision trees) lowered to the engine's gathers and comparisons.

Every tree walks at once: the current node of each (row, tree) pair is an index into the
flattened nodes of all trees, and one step gathers its feature, threshold and children.
Leaves point at themselves, so after as many steps as the deepest tree every walk has
ended. The leaves' weights are a [nodes, classes] table summed over the trees. Scores,
labels and the binary cases follow onnxruntime's TreeEnsembleClassifier / Regressor.
"""

from __future__ import annotations

import numpy as np

from .. import dtypes as _dt
from ..ops import array_ops as A
from ..ops import math_ops as M
from ..ops import nn_ops as N
from ..ops import reduce_ops as R
from .lowering import Unsupported, lowers, where

_MODES = ("BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "BRANCH_EQ", "BRANCH_NEQ")
_MODES += ("BRANCH_MEMBER",)  # ai.onnx.ml 5's TreeEnsemble: the value is one of a set
_COMPARE = {
    "BRANCH_LEQ": M.less_equal,
    "BRANCH_LT": M.less,
    "BRANCH_GTE": M.greater_equal,
    "BRANCH_GT": M.greater,
    "BRANCH_EQ": M.equal,
    "BRANCH_NEQ": M.not_equal,
}
_POST = ("NONE", "LOGISTIC", "SOFTMAX", "SOFTMAX_ZERO")


def _strs(values) -> list[str]:
    return [v.decode() if isinstance(v, bytes) else str(v) for v in values]


def _floats(attrs, name: str) -> np.ndarray | None:
    """A float list attribute, or its `_as_tensor` (double) spelling of ai.onnx.ml 3."""
    if f"{name}_as_tensor" in attrs:
        return np.asarray(attrs[f"{name}_as_tensor"], np.float64).reshape(-1)
    if name in attrs:
        return np.asarray(attrs[name], np.float64)
    return None


class _Forest:
    """The trees of one node, flattened: every array indexed by a global node number."""

    def __init__(self, attrs):
        trees = np.asarray(attrs.get("nodes_treeids", ()), np.int64)
        ids = np.asarray(attrs.get("nodes_nodeids", ()), np.int64)
        self.index = {(int(t), int(n)): k for k, (t, n) in enumerate(zip(trees, ids, strict=True))}
        modes = _strs(attrs.get("nodes_modes", ()))
        self.modes = modes
        self.members = attrs.get("_members")  # per node, BRANCH_MEMBER's values
        self.feature = np.asarray(attrs.get("nodes_featureids", ()), np.int64)
        self.value = _floats(attrs, "nodes_values")
        leaf = np.array([m == "LEAF" for m in modes], bool)
        me = np.arange(len(modes), dtype=np.int64)

        def child(name):
            ids_ = attrs.get(name, ())
            out = np.array(
                [self.index.get((int(t), int(c)), -1) for t, c in zip(trees, ids_, strict=True)],
                np.int64,
            )
            return np.where(leaf, me, out)  # a leaf steps to itself

        self.true, self.false = child("nodes_truenodeids"), child("nodes_falsenodeids")
        self.feature = np.where(leaf, 0, self.feature)
        miss = attrs.get("nodes_missing_value_tracks_true")
        self.missing_true = np.asarray(miss, bool) if miss else np.zeros(len(modes), bool)
        self.missing_true &= ~leaf
        self.tree_ids = sorted(set(trees.tolist()))
        referenced = set(self.true[~leaf].tolist()) | set(self.false[~leaf].tolist())
        self.roots = np.array(
            [
                min(k for k in range(len(modes)) if trees[k] == t and k not in referenced)
                for t in self.tree_ids
            ],
            np.int64,
        )
        self.depth = self._depth(leaf)

    def problems(self) -> str | None:
        n = len(self.modes)
        if n == 0:
            return "a tree ensemble without nodes"
        lengths = {
            len(self.feature),
            len(self.value) if self.value is not None else -1,
            len(self.true),
            len(self.false),
        }
        if lengths != {n}:
            return "tree ensemble node attributes of different lengths"
        bad = sorted(set(self.modes) - set(_MODES) - {"LEAF"})
        if bad:
            return f"tree node modes {bad}"
        if (self.true < 0).any() or (self.false < 0).any():
            return "a tree node whose child is not a node of its tree"
        return None

    def _depth(self, leaf) -> int:
        depth = np.zeros(len(leaf), np.int64)
        for _ in range(len(leaf)):
            nxt = np.where(leaf, 0, np.maximum(depth[self.true], depth[self.false]) + 1)
            if np.array_equal(nxt, depth):
                return int(depth[self.roots].max()) if len(self.roots) else 0
            depth = nxt
        raise Unsupported("a tree ensemble with a cycle")

    def leaves_of(self, x, ctx):
        """The leaf each (row, tree) walk ends on: [batch, trees] global node numbers."""
        # int32 indices: gathers over them are the engine's fastest, and no forest is larger.
        const = ctx.const
        feature, value = const(self.feature, np.int32), const(self.value, x.dtype)
        true, false = const(self.true, np.int32), const(self.false, np.int32)
        used = sorted({m for m in self.modes if m != "LEAF"})
        mode_codes = const([used.index(m) if m in used else 0 for m in self.modes], np.int32)
        column = A.gather(x, const([0], np.int32), axis=1)  # [batch, 1], batch run-time
        node = M.add(M.cast(A.zeros_like(column), np.int32), const(self.roots[None, :], np.int32))
        missing = const(self.missing_true, _dt.bool_) if self.missing_true.any() else None
        for _ in range(self.depth):
            column_of = A.gather(feature, node)
            xv = ctx.graph.create_op("TakeAlongAxis", (x, column_of), {"axis": 1}, "x").outputs[0]
            th = A.gather(value, node)
            go = self._compare(used[0], xv, th, node, ctx) if used else None
            if len(used) > 1:
                code = A.gather(mode_codes, node)
                for k, m in enumerate(used[1:], 1):
                    hit = self._compare(m, xv, th, node, ctx)
                    go = where(M.equal(code, const(k, np.int32)), hit, go)
            if missing is not None:
                go = M.logical_or(go, M.logical_and(M.not_equal(xv, xv), A.gather(missing, node)))
            node = where(go, A.gather(true, node), A.gather(false, node))
        return node

    def _compare(self, mode: str, xv, th, node, ctx):
        if mode != "BRANCH_MEMBER":
            return _COMPARE[mode](xv, th)
        # each node's set padded with NaN (never equal): [nodes, widest set]
        width = max(len(m) for m in self.members) or 1
        table = np.full((len(self.members), width), np.nan)
        for k, m in enumerate(self.members):
            table[k, : len(m)] = m
        sets = A.gather(ctx.const(table, xv.dtype), node)  # [batch, trees, width]
        return R.reduce_any(M.equal(A.expand_dims(xv, -1), sets), [-1])

    def table(self, attrs, prefix: str, width: int) -> np.ndarray:
        """[nodes, width] leaf weights from the (tree, node, class, weight) lists."""
        out = np.zeros((len(self.modes), width), np.float64)
        trees = attrs.get(f"{prefix}_treeids", ())
        nodes = attrs.get(f"{prefix}_nodeids", ())
        ids = attrs.get(f"{prefix}_ids", ())
        weights = _floats(attrs, f"{prefix}_weights")
        for t, n, c, w in zip(
            trees, nodes, ids, weights if weights is not None else (), strict=True
        ):
            k = self.index.get((int(t), int(n)))
            if k is None or not 0 <= c < width:
                raise Unsupported(f"a {prefix} weight for a node or column that does not exist")
            out[k, c] += w
        return out


def _scores(ctx, forest: _Forest, table: np.ndarray, x):
    """Sum over the trees of each walk's leaf row: [batch, width], summed in float64."""
    leaves = forest.leaves_of(x, ctx)
    rows = A.gather(ctx.const(table, _dt.float64), leaves)  # [batch, trees, width]
    return R.reduce_sum(rows, [1])


def _input(ctx):
    x = ctx.t(0)
    if x.dtype not in _dt.FLOATS:
        x = M.cast(x, _dt.float32)  # integer features compare as floats, as onnxruntime
    if ctx.rank(0) != 2:
        raise Unsupported("a tree ensemble over other than [batch, features] input")
    return x


def _post(ctx, scores, post: str):
    if post == "LOGISTIC":
        return M.sigmoid(scores)
    if post == "SOFTMAX":
        return N.softmax(scores)
    if post == "SOFTMAX_ZERO":  # softmax over the nonzero scores; zeros stay zero
        zero = ctx.const(0, scores.dtype)
        nonzero = M.not_equal(scores, zero)
        shifted = M.subtract(scores, R.reduce_max(scores, [1], keepdims=True))
        e = where(nonzero, M.exp(shifted), A.zeros_like(scores))
        return M.divide(e, R.reduce_sum(e, [1], keepdims=True))
    return scores


def _common_check(attrs, prefix: str) -> str | None:
    post = attrs.get("post_transform", "NONE")
    if post not in _POST:
        return f"post_transform {post}"
    try:
        forest = _Forest(attrs)
    except (ValueError, KeyError) as exc:
        return f"a malformed tree ensemble ({exc})"
    except Unsupported as exc:
        return str(exc)
    return forest.problems()


def _classifier_check(attrs, opset):
    if "classlabels_int64s" not in attrs:
        return "TreeEnsembleClassifier with string class labels (graphgate has no strings)"
    return _common_check(attrs, "class")


@lowers("ai.onnx.ml.TreeEnsembleClassifier", check=_classifier_check)
def _tree_classifier(ctx):
    reason = _classifier_check(ctx.attrs, ctx.opset)
    if reason:
        raise Unsupported(reason)
    attrs = ctx.attrs
    labels = np.asarray(attrs["classlabels_int64s"], np.int64)
    forest = _Forest(attrs)
    k = len(labels)
    table = forest.table(attrs, "class", k)
    base = _floats(attrs, "base_values")
    post = attrs.get("post_transform", "NONE")
    x = _input(ctx)
    scores = _scores(ctx, forest, table, x)
    used = sorted(set(np.asarray(attrs.get("class_ids", ()), np.int64).tolist()))
    label_of = ctx.const(labels, np.int64)
    if k == 2 and used == [0]:
        return _binary(ctx, scores, table, base, post, label_of, x.dtype)
    if k == 2 and base is not None and len(base) == 2:
        raise Unsupported("a two-class tree ensemble with weights for both and two base values")
    if k == 2 and used == [1]:  # onnxruntime's binary rules assume class 0's weights
        raise Unsupported("a two-class tree ensemble with weights for the second class only")
    if base is not None and len(base):
        scores = M.add(scores, ctx.const(np.resize(base, k), _dt.float64))
    scores = M.cast(scores, x.dtype)
    label = A.gather(label_of, R.argmax(scores, 1))
    return [label, _post(ctx, scores, post)]


def _binary(ctx, scores, table, base, post, label_of, dtype):
    """onnxruntime's binary case (weights for one class only): one score s, its second
    column written from it."""
    s = A.gather(scores, ctx.const(0, np.int32), axis=1)
    if base is not None and len(base):
        s = M.add(s, ctx.const(base[0], _dt.float64))
    s = M.cast(s, dtype)
    one = ctx.const(1, dtype)
    if (table >= 0).all():  # all weights positive: s is the positive class's probability
        threshold, pair = 0.5, (M.subtract(one, s), s)
    elif post == "LOGISTIC":
        threshold, pair = 0.0, (M.sigmoid(M.negative(s)), M.sigmoid(s))
    elif post == "NONE":
        threshold, pair = 0.0, (M.negative(s), s)
    else:
        raise Unsupported(f"a binary tree ensemble with post_transform {post}")
    positive = M.cast(M.greater(s, ctx.const(threshold, dtype)), np.int32)
    return [A.gather(label_of, positive), A.stack(list(pair), 1)]


def _regressor_check(attrs, opset):
    agg = attrs.get("aggregate_function", "SUM")
    if agg not in ("SUM", "AVERAGE", "MIN", "MAX"):
        return f"aggregate_function {agg}"
    return _common_check(attrs, "target")


@lowers("ai.onnx.ml.TreeEnsembleRegressor", check=_regressor_check)
def _tree_regressor(ctx):
    reason = _regressor_check(ctx.attrs, ctx.opset)
    if reason:
        raise Unsupported(reason)
    attrs = ctx.attrs
    forest = _Forest(attrs)
    n = int(attrs.get("n_targets", 1))
    table = forest.table(attrs, "target", n)
    x = _input(ctx)
    agg = attrs.get("aggregate_function", "SUM")
    leaves = forest.leaves_of(x, ctx)
    rows = A.gather(ctx.const(table, _dt.float64), leaves)  # [batch, trees, targets]
    if agg in ("MIN", "MAX"):
        if not _every_leaf_weighted(attrs, forest, n):
            raise Unsupported(f"{agg} over trees some of whose leaves have no weight")
        y = (R.reduce_min if agg == "MIN" else R.reduce_max)(rows, [1])
    else:
        y = R.reduce_sum(rows, [1])
        if agg == "AVERAGE":
            y = M.divide(y, ctx.const(len(forest.tree_ids), _dt.float64))
    base = _floats(attrs, "base_values")
    if base is not None and len(base):
        y = M.add(y, ctx.const(np.resize(base, n), _dt.float64))
    post = attrs.get("post_transform", "NONE")
    return [_post(ctx, M.cast(y, x.dtype), post)]


def _every_leaf_weighted(attrs, forest: _Forest, n: int) -> bool:
    have = {
        (forest.index.get((int(t), int(k))), int(c))
        for t, k, c in zip(
            attrs.get("target_treeids", ()),
            attrs.get("target_nodeids", ()),
            attrs.get("target_ids", ()),
            strict=True,
        )
    }
    leaves = [k for k, m in enumerate(forest.modes) if m == "LEAF"]
    return all((k, c) in have for k in leaves for c in range(n))


# -- ai.onnx.ml 5's TreeEnsemble: the same forest, its leaves listed apart ------------------

_V5_MODES = (*_MODES[:6], "BRANCH_MEMBER")
_V5_AGGREGATE = ("AVERAGE", "SUM", "MIN", "MAX")
_V5_POST = ("NONE", "SOFTMAX", "LOGISTIC", "SOFTMAX_ZERO", "PROBIT")


def _v5_as_v3(attrs) -> dict:
    """TreeEnsemble's attributes in TreeEnsembleRegressor's terms: interior nodes keep
    their numbers, leaf j becomes node (interiors + j), each node given its tree."""
    modes = [int(m) for m in np.asarray(attrs["nodes_modes"]).reshape(-1)]
    n = len(modes)
    true_ids, false_ids = list(attrs["nodes_truenodeids"]), list(attrs["nodes_falsenodeids"])
    true_leaf = list(attrs.get("nodes_trueleafs", [0] * n))
    false_leaf = list(attrs.get("nodes_falseleafs", [0] * n))
    weights = np.asarray(attrs["leaf_weights"]).reshape(-1)
    leaves = len(weights)

    def child(ids, leafy, k):
        return n + ids[k] if leafy[k] else ids[k]

    tree_of = [-1] * (n + leaves)
    for t, root in enumerate(attrs["tree_roots"]):
        stack = [int(root)]
        while stack:
            k = stack.pop()
            if tree_of[k] != -1:
                continue
            tree_of[k] = t
            if k < n:
                stack += [child(true_ids, true_leaf, k), child(false_ids, false_leaf, k)]
    if -1 in tree_of:
        raise Unsupported("a TreeEnsemble node or leaf no tree reaches")
    members, flat, start = [], np.asarray(attrs.get("membership_values", [])).reshape(-1), 0
    for m in modes:  # the membership values: one NaN-ended list per BRANCH_MEMBER node
        if m == 6:
            end = start
            while end < len(flat) and not np.isnan(flat[end]):
                end += 1
            members.append([float(v) for v in flat[start:end]])
            start = end + 1
        else:
            members.append([])
    splits = np.asarray(attrs["nodes_splits"], np.float64).reshape(-1)
    splits = np.where(np.isnan(splits), 0.0, splits)  # a member node has no threshold
    ids = list(range(n + leaves))
    return {
        "nodes_treeids": tree_of,
        "nodes_nodeids": ids,
        "nodes_featureids": list(attrs["nodes_featureids"]) + [0] * leaves,
        "nodes_modes": [_V5_MODES[m] for m in modes] + ["LEAF"] * leaves,
        "nodes_values_as_tensor": np.concatenate([splits, np.zeros(leaves)]),
        "nodes_truenodeids": [child(true_ids, true_leaf, k) for k in range(n)] + ids[n:],
        "nodes_falsenodeids": [child(false_ids, false_leaf, k) for k in range(n)] + ids[n:],
        "nodes_missing_value_tracks_true": list(
            attrs.get("nodes_missing_value_tracks_true", [0] * n)
        )
        + [0] * leaves,
        "target_treeids": tree_of[n:],
        "target_nodeids": ids[n:],
        "target_ids": list(attrs["leaf_targetids"]),
        "target_weights_as_tensor": weights.astype(np.float64),
        "n_targets": int(attrs.get("n_targets", 1)),
        "aggregate_function": _V5_AGGREGATE[int(attrs.get("aggregate_function", 1))],
        "post_transform": _V5_POST[int(attrs.get("post_transform", 0))],
        "_members": members + [[]] * leaves,
    }


def _tree_ensemble_check(attrs, opset):
    try:
        return _regressor_check(_v5_as_v3(attrs), opset)
    except (KeyError, IndexError, ValueError) as exc:
        return f"a malformed TreeEnsemble ({exc})"
    except Unsupported as exc:
        return str(exc)


@lowers("ai.onnx.ml.TreeEnsemble", check=_tree_ensemble_check)
def _tree_ensemble(ctx):
    reason = _tree_ensemble_check(ctx.attrs, ctx.opset)
    if reason:
        raise Unsupported(reason)
    ctx.attrs = _v5_as_v3(ctx.attrs)
    return _tree_regressor(ctx)
