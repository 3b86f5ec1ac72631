"""TF1's protocol for a `tf.train.Optimizer` subclass of one's own (BERT-style
AdamWeightDecayOptimizer, LAMB and RAdam ports): the subclass defines `_apply_dense` (or
`_resource_apply_dense`), and may define `_create_slots(var_list)`, `_prepare()`,
`_apply_sparse(grad, var)` and `_finish(update_ops, name_scope)`, with TF's signatures;
`apply_gradients` then calls them as TF1's `Optimizer.apply_gradients` does.

graphgate's own optimizers use hooks of the same names with other signatures (the graph
first), so `Optimizer.apply_gradients` hands a class here only when it defines one of
TF's protocol methods outside graphgate, and a hook the subclass leaves to the base class
does what TF's base class does (nothing, or a group). A subclass of a built-in (AdamW by
subclassing AdamOptimizer) comes here too: a hook it leaves to the built-in is called in
graphgate's form, and the built-in answers TF's forms as well (`_apply_dense`,
`_prepare()`, `_create_slots(var_list)`, `_finish(update_ops, name_scope)`,
`_apply_sparse(grad, var)`, `_resource_apply_sparse`) for its super() calls; its
update then reads the hyperparameter tensors `_prepare()` made, as TF's does, so a
subclass that replaces one (`self._lr_t = self._lr_t * warmup`) steps by it
(`Optimizer._prepared`).
"""

from __future__ import annotations

from typing import Any

from ..graph import Graph, Operation, Tensor
from ..indexed_slices import IndexedSlices
from ..ops.state_ops import Variable, group

# TF1's methods a subclass overrides. One of them defined outside graphgate takes the
# protocol: a subclass of a built-in that overrides only `_prepare()` (to set a tensor its
# update reads) or `_create_slots(var_list)` is called in TF's forms, not graphgate's.
_TF_HOOKS = (
    "_apply_dense",
    "_resource_apply_dense",
    "_apply_sparse",
    "_resource_apply_sparse",
    "_prepare",
    "_create_slots",
    "_finish",
)


def follows_tf_protocol(optimizer: Any) -> bool:
    """Whether `optimizer`'s class defines one of TF1's protocol methods itself (the
    built-ins answer them too, in graphgate's module, for a subclass's super())."""
    cls = type(optimizer)
    return any(hasattr(cls, name) and not graphgate_hook(getattr(cls, name)) for name in _TF_HOOKS)


def apply_with_tf_protocol(
    optimizer: Any,
    pairs: list[tuple[Any, Variable]],
    global_step: Variable | None,
    name: str | None,
    outer: list,
) -> Operation:
    """TF1's `Optimizer.apply_gradients` over the subclass's hooks: slots made outside
    any control dependency, `_prepare()`, one update per variable under
    `<name>/update_<var>/`, `_finish`, then the global step after them."""
    graph: Graph = pairs[0][1].op.graph
    var_list = [v for _, v in pairs]
    with graph.as_default():
        with graph.control_dependencies(None):  # TF's init_scope
            if graphgate_hook(type(optimizer)._create_slots):
                optimizer._create_slots(graph, var_list)
            else:
                optimizer._create_slots(var_list)
        with graph.name_scope(name, optimizer._name) as scope:
            optimizer._prepare()  # TF's form (a built-in makes its hyperparameter tensors)
            updates = []
            for grad, var in pairs:
                with graph.name_scope("update_" + var.op.name):
                    updates.append(_update(optimizer, grad, var))
            updates.extend(outer)
            if global_step is None:
                return _finish(optimizer, graph, updates, scope)
            with graph.control_dependencies([_finish(optimizer, graph, updates, "update")]):
                return global_step.assign_add(global_step.dtype.type(1), name=scope).op


def tf_form(method: Any) -> Any:
    """Mark a method of graphgate's as TF1's protocol method, as a user's subclass would
    define it (contrib.opt's LazyAdam and decoupled weight decay, re-typed from TF 1.15):
    `apply_gradients` then calls it in TF's form rather than as a built-in hook."""
    method.tf_form = True
    return method


def graphgate_hook(method: Any) -> bool:
    """Whether `method` is one of graphgate's own optimizer hooks (the graph first), not
    a subclass's in TF1's protocol."""
    if getattr(method, "tf_form", False):
        return False
    module = getattr(method, "__module__", None) or ""  # None for code run by exec()
    return module.split(".")[0] == __name__.split(".")[0]


def _finish(optimizer: Any, graph: Graph, updates: list, scope: str) -> Operation:
    if graphgate_hook(type(optimizer)._finish):  # the built-in's, Adam's beta powers
        return group(*optimizer._finish(graph, updates), name=scope)
    finished = optimizer._finish(updates, scope)
    return finished.op if isinstance(finished, Tensor) else finished


def _update(optimizer: Any, grad: Any, var: Variable) -> Any:
    """TF's processors: a ref variable takes `_apply_dense` (a constraint assigned after
    it) or, for an IndexedSlices, `_apply_sparse_duplicate_indices`; a resource variable
    `_resource_apply_dense` (graphgate hands the variable where TF hands its handle)."""
    sparse = isinstance(grad, IndexedSlices)
    constraint = getattr(var, "constraint", None)
    if sparse and constraint is not None:
        raise RuntimeError("Cannot use a constraint function on a sparse variable.")
    if not var._ref:
        if sparse:
            return _call(optimizer, "_resource_apply_sparse_duplicate_indices")(
                grad.values, var, grad.indices
            )
        return _call(optimizer, "_resource_apply_dense")(grad, var)
    if sparse:
        return optimizer._apply_sparse_duplicate_indices(grad, var)
    applied = _call(optimizer, "_apply_dense")(grad, var)
    if constraint is None:
        return applied
    with var.op.graph.control_dependencies([applied]):
        return var.assign(constraint(var))


def _call(optimizer: Any, name: str) -> Any:
    method = getattr(optimizer, name, None)
    if method is None:  # TF's base class raises for the update a subclass lacks
        raise NotImplementedError(f"{type(optimizer).__name__} defines no {name}")
    return method


def deduplicated(grad: IndexedSlices) -> IndexedSlices:
    """TF's `_deduplicate_indexed_slices`: the repeated indices' rows summed, in order of
    first appearance."""
    from ..ops.array_ops import shape
    from ..ops.extra_array_ops import unique
    from ..ops.segment_ops import unsorted_segment_sum

    rows, at = unique(grad.indices)
    summed = unsorted_segment_sum(grad.values, at, shape(rows)[0])
    return IndexedSlices(summed, rows, grad.dense_shape)
