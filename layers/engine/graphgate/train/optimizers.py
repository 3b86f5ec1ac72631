"""Optimizers as in `tf.train`: gradient descent, momentum (Nesterov too), Adam, RMSProp,
Adagrad, Adadelta, each with TensorFlow 1.x's update formula and slot initial values.

Each `minimize` adds the gradient computation and the update ops to the graph. Slot state
(momenta, Adam moments and its beta powers) lives in variables named as TF1 names them
(`<var>/Adam`, `<var>/Adam_1`, `beta1_power`), so it is exported and restored with the
session's other variables and a TF1 program listing or fetching them finds them.
"""

from __future__ import annotations

from typing import Any, ClassVar

from .. import dtypes as _dt
from ..errors import error
from ..gradients_impl import gradients
from ..graph import Graph, Operation, Tensor, constant_op
from ..indexed_slices import IndexedSlices, dense_gradient, waited
from ..ops.math_ops import cast, sqrt
from ..ops.state_ops import Variable, apply_gradient_descent, group, trainable_variables
from ..variable_scope import GraphKeys
from .optimizer_protocol import (
    apply_with_tf_protocol,
    deduplicated,
    follows_tf_protocol,
    graphgate_hook,
)


def _refuse_complex(tensors: list) -> None:
    """TF1's optimizers take float losses and variables only: on a complex variable their
    slot arithmetic (Adam's g², RMSProp's sqrt) has no meaning, and TF raises this."""
    for t in tensors:
        if getattr(t, "dtype", None) in _dt.COMPLEX:
            raise ValueError(
                f"Invalid type tf.{t.dtype.name} for {t.name}, expected: "
                "[tf.float32, tf.float64, tf.float16, tf.bfloat16]."
            )


class Optimizer:
    """Base class: `compute_gradients`, `apply_gradients`, `minimize`."""

    def __init__(self, learning_rate: Any, name: str, use_locking: bool = False):
        self.learning_rate = learning_rate
        self.name = name
        # TF's attributes, which a subclass of its own reads (optimizer_protocol.py); TF's
        # constructor is (use_locking, name), so a bool first is that, not a rate.
        self._name = name
        self._use_locking = learning_rate if isinstance(learning_rate, bool) else use_locking
        # Keyed by graph and variable name, as TF1's `_var_key`: one optimizer object may
        # build in several graphs, whose variables share names.
        self._slots: dict[tuple[Graph, str, str], Variable] = {}
        self._non_slots: dict[tuple[str, Graph], Variable] = {}
        self._own_namescope = False  # Adam's `use_own_namescope_for_non_slot_vars`

    def get_name(self) -> str:
        return self.name

    # TF1's gating constants; graphgate computes gradients in one order, so all three
    # give the same numbers.
    GATE_NONE, GATE_OP, GATE_GRAPH = 0, 1, 2

    def compute_gradients(
        self,
        loss: Tensor,
        var_list: list[Variable] | None = None,
        gate_gradients: int = 1,
        aggregation_method: Any = None,
        colocate_gradients_with_ops: bool = False,
        grad_loss: Any = None,
    ) -> list[tuple[Tensor | None, Variable]]:
        """(gradient, variable) pairs; the gradient is None for unconnected variables.
        `grad_loss` seeds the loss's gradient; the other TF1 arguments are accepted."""
        if gate_gradients not in (0, 1, 2):
            raise ValueError(
                f"gate_gradients must be one of: Optimizer.GATE_NONE, Optimizer.GATE_OP, "
                f"Optimizer.GATE_GRAPH. Not {gate_gradients}"
            )
        graph = loss.op.graph
        var_list = trainable_variables(graph) if var_list is None else list(var_list)
        if not var_list:
            raise error("INVALID_ATTR", "no variables to optimize")
        _refuse_complex([loss, *var_list])
        # IndexedSlices where TF's are; an aggregation_method TF does not know is refused.
        grads = gradients(loss, var_list, grad_ys=grad_loss, aggregation_method=aggregation_method)
        if graph.control_frames():
            # Under `control_dependencies(ops)` TF's gradient ops wait for `ops`, so whatever
            # applies the gradients runs them too (the CIFAR-10 tutorial's loss averages).
            with graph.as_default():
                grads = [None if g is None else waited(g) for g in grads]
        return list(zip(grads, var_list, strict=True))

    def apply_gradients(
        self,
        grads_and_vars: list[tuple[Tensor | None, Variable]],
        global_step: Variable | None = None,
        name: str | None = None,
    ) -> Operation:
        """One op that applies every update (and increments `global_step` after them)."""
        grads_and_vars = list(grads_and_vars)  # a zip() as often as a list
        for g, v in grads_and_vars:
            if not isinstance(v, Variable):  # TF's _get_processor: only variables update
                raise NotImplementedError(f"Trying to update a Tensor {v}")
            if isinstance(g, IndexedSlices) and getattr(v, "constraint", None) is not None:
                # TF's processors refuse it: a constraint is a function of the whole variable.
                raise RuntimeError("Cannot use a constraint function on a sparse variable.")
        pairs = [(dense_gradient(g, v), v) for g, v in grads_and_vars if g is not None]
        if not pairs:
            raise error(
                "NO_GRADIENTS_PROVIDED",
                f"No gradients provided for any variable: {[v.name for _, v in grads_and_vars]}",
            )
        graph = pairs[0][1].op.graph
        # `with control_dependencies(get_collection(UPDATE_OPS)): minimize(...)`: the
        # returned op runs after those, as in TensorFlow.
        outer = graph.control_frames()
        if follows_tf_protocol(self):
            applied = apply_with_tf_protocol(
                self, _tf_pairs(grads_and_vars), global_step, name, outer
            )
            _add_train_op(graph, applied)
            return applied
        with graph.as_default():
            with graph.control_dependencies(None):  # slots start as TF's, in init_scope
                self._create_slots(graph, [v for _, v in pairs])
            # The updates are made under the caller's control dependencies, as TF's: an
            # apply after another (`with control_dependencies([step]): apply(...)`) reads
            # the slots, beta powers and variables that one left.
            # The returned op is named as the optimizer (`GradientDescent`), as TF1's.
            with graph.name_scope(name, self.name) as scope:
                shared = self._prepare(graph)
                updates = []
                for g, v in pairs:
                    with graph.name_scope("update_" + v.op.name):
                        applied = self._apply_rows(g, v, shared)
                        if applied is None:
                            applied = self._apply(g, v, shared)  # one update, or a list
                        applied = _constrained(v, applied)
                    updates.extend(applied if isinstance(applied, list) else [applied])
                updates = self._finish(graph, updates)
                updates.extend(outer)
                if global_step is None:
                    applied = group(*updates, name=scope)
                else:
                    with graph.control_dependencies(updates):
                        step = global_step.assign_add(global_step.dtype.type(1), name=scope)
                    applied = step.op
        _add_train_op(graph, applied)
        return applied

    def minimize(
        self,
        loss: Tensor,
        global_step: Variable | None = None,
        var_list: list[Variable] | None = None,
        gate_gradients: int = 1,
        aggregation_method: Any = None,
        colocate_gradients_with_ops: bool = False,
        name: str | None = None,
        grad_loss: Any = None,
    ) -> Operation:
        """`compute_gradients` then `apply_gradients`, TF1's arguments in TF1's order."""
        pairs = self.compute_gradients(
            loss,
            var_list,
            gate_gradients,
            aggregation_method,
            colocate_gradients_with_ops,
            grad_loss,
        )
        return self.apply_gradients(pairs, global_step, name)

    # -- helpers ---------------------------------------------------------------------------
    def _lr(self, graph: Graph, dtype: Any) -> Tensor:
        return _hyper(graph, self._prepared("learning_rate", graph), dtype)

    def _setting(self, var: Variable, name: str) -> Tensor:
        """The hyperparameter `name` (momentum, beta1...) for `var`'s update (`_param`)."""
        return _param(var, self._prepared(name, var.op.graph))

    def _prepared(self, name: str, graph: Graph) -> Any:
        """The hyperparameter `name` as the update reads it: under TF's protocol the
        tensor TF1's `_prepare()` made of it (`_TF_TENSORS`), which a subclass may have
        replaced (`self._lr_t = self._lr_t * warmup`) and TF's update reads; else the
        setting."""
        attr = self._TF_TENSORS.get(name)
        value = None if attr is None else getattr(self, attr, None)
        if value is None or (isinstance(value, Tensor) and value.op.graph is not graph):
            return getattr(self, name)  # no `_prepare()` in this graph: graphgate's form
        return value

    def _proximal_settings(self, var: Variable) -> tuple:
        """A proximal optimizer's learning rate, l1 and l2 as its update reads them."""
        graph = var.op.graph
        return tuple(self._prepared(name, graph) for name in ("learning_rate", "l1", "l2"))

    def _slot(
        self,
        graph: Graph,
        var: Variable,
        slot: str,
        fill: float = 0.0,
        op_name: str | None = None,
        initial: Any = None,
    ) -> Variable:
        """The slot `slot` of `var`, made on first use. TF1 names it after the variable
        and the optimizer (`op_name`) in the current variable scope (not the name scope),
        the second slot of a variable taking `_1`: `<scope>/w/Adam`, `<scope>/w/Adam_1`.
        It starts at zeros + `fill`, or at `initial` (a value or a tensor)."""
        key = (graph, var.op.name, slot)
        if key not in self._slots:
            from ..variable_scope import get_variable_scope

            scope = get_variable_scope().name
            name = f"{var.op.name}/{op_name or self.name}"
            value = _zeros(var) + var.dtype.type(fill) if initial is None else initial
            with graph.name_scope(""), graph.control_dependencies(None):
                self._slots[key] = Variable(
                    value, trainable=False, name=f"{scope}/{name}" if scope else name
                )
        return self._slots[key]

    def _non_slot(self, graph: Graph, name: str, value: Any) -> Variable:
        """A variable of the optimizer rather than of one variable (Adam's beta powers):
        one per graph, named in the current name scope as TF1's, starting at `value` (a
        number, a float32 variable as TF's; a tensor or a callable's)."""
        # Keyed by the graph itself, as TF1's: an id could be reused by a later graph.
        key = (name, graph)
        if key not in self._non_slots:
            with graph.control_dependencies(None):
                value = value() if callable(value) else value
            if not isinstance(value, Tensor):
                value = _dt.float32.type(value)
            if self._own_namescope:
                # TF's `use_own_namescope_for_non_slot_vars`: under the optimizer's name
                # from the top level (`Adam/beta1_power`), whatever scope is open.
                with graph.name_scope(self.name + "/"), graph.control_dependencies(None):
                    self._non_slots[key] = Variable(value, trainable=False, name=name)
            else:
                with graph.control_dependencies(None):
                    self._non_slots[key] = Variable(value, trainable=False, name=name)
        return self._non_slots[key]

    # -- TF1's helpers for a subclass of its own (optimizer_protocol.py) --------------------
    def _zeros_slot(self, var: Variable, slot_name: str, op_name: str) -> Variable:
        """TF's: the slot `slot_name` of `var`, zeros, named `<var>/<op_name>` (`_1`...)."""
        return self._slot(var.op.graph, var, slot_name, op_name=op_name)

    def _get_or_make_slot(self, var: Variable, val: Any, slot_name: str, op_name: str):
        """TF's: the slot starting at the tensor or value `val`."""
        return self._slot(var.op.graph, var, slot_name, op_name=op_name, initial=val)

    def _create_non_slot_variable(self, initial_value: Any, name: str, colocate_with: Any):
        return self._non_slot(colocate_with.op.graph, name, initial_value)

    def _get_non_slot_variable(self, name: str, graph: Graph | None = None):
        from ..graph import get_default_graph

        return self._non_slots.get((name, graph or get_default_graph()))

    def _apply_sparse_duplicate_indices(self, grad: Any, var: Variable) -> Any:
        if graphgate_hook(type(self)._apply_sparse):  # the built-in's, which sums them
            return self._apply_sparse(grad, var)
        return self._apply_sparse(deduplicated(grad), var)

    def _resource_apply_sparse_duplicate_indices(self, values: Any, var: Variable, indices: Any):
        if graphgate_hook(type(self)._resource_apply_sparse):  # the built-in's, as above
            return self._resource_apply_sparse(values, var, indices)
        summed = deduplicated(IndexedSlices(values, indices))
        return self._resource_apply_sparse(summed.values, var, summed.indices)

    def _call_if_callable(self, param: Any) -> Any:
        return param() if callable(param) else param

    def get_slot(self, var: Variable, slot: str) -> Variable | None:
        return self._slots.get((var.op.graph, var.op.name, slot))

    def get_slot_names(self) -> list[str]:
        return sorted({slot for *_, slot in self._slots})

    def variables(self) -> list[Variable]:
        """The optimizer's variables in the default graph, by name (TF1's)."""
        from ..graph import get_default_graph

        graph = get_default_graph()
        mine = [*self._non_slots.values(), *self._slots.values()]
        return sorted((v for v in mine if v.op.graph is graph), key=lambda v: v.name)

    def _create_slots(self, graph: Graph, var_list: list[Variable] | None = None) -> None:
        pass

    def _prepare(self, graph: Graph | None = None) -> Any:
        """The value every update shares (None here). Called as TF1's `_prepare()` (a
        subclass's super()), it makes the hyperparameter tensors TF's makes."""
        if graph is None:
            self._tf_prepare()
        return None

    def _finish(self, graph: Graph | list, updates: list | str) -> Any:
        """Ops to run once every variable is updated (Adam's beta powers), with them.
        Called as TF1's `_finish(update_ops, name_scope)`, their group so named."""
        if not isinstance(graph, Graph):
            return group(*graph, name=updates)
        return updates

    # -- TF1's protocol methods, which a subclass of a built-in optimizer overrides and
    # calls through super() (optimizer_protocol.py): the built-in's own update.

    # Per hyperparameter, the attribute TF1's `_prepare()` puts its tensor in.
    _TF_TENSORS: ClassVar[dict[str, str]] = {}

    def _tf_prepare(self) -> None:
        """TF's `_prepare`: the tensors of the hyperparameters, which a subclass reads and
        may replace before the built-in's update reads them (`_value`)."""
        graph = _default()
        for name, attr in self._TF_TENSORS.items():
            setattr(self, attr, _as_tensor(graph, getattr(self, name)))

    def _apply_dense(self, grad: Any, var: Variable) -> Any:
        """TF's dense update of a ref variable: the built-in's update, one op."""
        _needs_ref(self, var, "_apply_dense")
        return _one(self._apply(grad, var, None))

    def _resource_apply_dense(self, grad: Any, var: Variable) -> Any:
        """TF's dense update of a resource variable (graphgate hands the variable)."""
        return _one(self._apply(grad, var, None))

    def _builtin_sparse(self, grad: IndexedSlices, var: Variable) -> Any:
        """A built-in's own sparse update of `grad`, as apply_gradients makes it."""
        dense = dense_gradient(grad, var)
        rows = self._apply_rows(dense, var, None)  # one op (no truth value) or a list
        return _one(self._apply(dense, var, None) if rows is None else rows)

    def _apply_sparse(self, grad: IndexedSlices, var: Variable) -> Any:
        """TF's sparse update of a ref variable (a subclass's super()): the built-in's."""
        if not _builtin_update(self):  # TF's base class has none
            raise NotImplementedError(f"{type(self).__name__} defines no _apply_sparse")
        _needs_ref(self, var, "_apply_sparse")
        return self._builtin_sparse(grad, var)

    def _resource_apply_sparse(self, grad: Any, var: Variable, indices: Any) -> Any:
        """TF's sparse update of a resource variable, the values `grad` of the rows
        `indices` (a subclass's super()): the built-in's."""
        if not _builtin_update(self):
            raise NotImplementedError(f"{type(self).__name__} defines no _resource_apply_sparse")
        return self._builtin_sparse(IndexedSlices(grad, indices, var.shape), var)

    def _apply(self, grad: Tensor, var: Variable, shared: Any) -> Tensor:
        raise NotImplementedError

    def _sparse_rows(self, values: Tensor, indices: Tensor, var: Variable, shared: Any) -> Any:
        """TF's sparse update: the rows `indices` (unique) of `var` and its slots alone, by
        `values` (one row each). Optimizers whose dense update leaves a row with a zero
        gradient as it is (gradient descent, Adam, Adagrad) have none: their dense update
        gives TF's numbers. (Not TF's `_apply_sparse(grad, var)`, which answers for the
        built-in in TF's form.)"""
        return None

    def _apply_rows(self, grad: Tensor, var: Variable, shared: Any) -> Any:
        """The sparse update, where TF1 would make one: `grad` is what TF holds as an
        IndexedSlices (an embedding_lookup's or a gather's gradient), whose repeated
        indices TF sums first (`_apply_sparse_duplicate_indices`). None otherwise."""
        if type(self)._sparse_rows is Optimizer._sparse_rows:
            return None
        from ..ops.array_ops import indexed_slices, size
        from ..ops.extra_array_ops import unique
        from ..ops.segment_ops import unsorted_segment_sum

        slices = indexed_slices(grad)
        if slices is None or slices[2].static_shape != var.static_shape:
            return None
        values, indices, _ = slices
        rows, at = unique(indices)
        summed = unsorted_segment_sum(values, at, size(rows))
        return self._sparse_rows(summed, rows, var, shared)


def _builtin_update(optimizer: Optimizer) -> bool:
    """Whether `optimizer` is (a subclass of) a built-in that has its own update."""
    return type(optimizer)._apply is not Optimizer._apply


def _needs_ref(optimizer: Any, var: Any, method: str) -> None:
    """TF's ref updates (`_apply_dense`, `_apply_sparse`) build Apply ops whose `var` must
    be a ref: a subclass's `super()._apply_dense(grad, var)` of a resource variable is
    TypeError when built in TF, which graphgate answered with the update."""
    if getattr(var, "_ref", True):
        return
    raise TypeError(
        f"{type(optimizer).__name__}.{method}: the update's input 'var' must be a mutable "
        "tensor (e.g.: a tf.Variable), as TF's Apply ops require; a resource variable is "
        "updated by _resource_apply_dense/_resource_apply_sparse"
    )


def _one(applied: Any) -> Any:
    """One update op, as TF's protocol methods return: a list of them grouped."""
    return group(*applied) if isinstance(applied, list) else applied


def _tf_slots_args(graph: Any, var_list: Any) -> tuple[Graph, list]:
    """(graph, var_list) of a built-in's `_create_slots`, called in graphgate's form
    `(graph, var_list)` or TF1's `(var_list)` (a subclass's super())."""
    if var_list is not None:
        return graph, var_list
    from ..graph import get_default_graph

    var_list = list(graph)
    return (var_list[0].op.graph if var_list else get_default_graph()), var_list


def _add_train_op(graph: Graph, applied: Operation) -> None:
    """TF1's optimizers list each step in TRAIN_OP (slim's create_train_op adds its own)."""
    train_ops = graph.get_collection_ref(GraphKeys.TRAIN_OP)
    if applied not in train_ops:
        train_ops.append(applied)


def _tf_pairs(grads_and_vars: list) -> list:
    """The pairs TF's processors update: a gradient made a tensor unless it is an
    IndexedSlices, the variables without one left out."""
    from ..graph import convert_to_tensor

    return [
        (g if isinstance(g, IndexedSlices) else convert_to_tensor(g), v)
        for g, v in grads_and_vars
        if g is not None
    ]


def _constrained(var: Variable, applied: Any) -> Any:
    """TF1's optimizers assign `var.constraint(var)` after the update (a layer's
    kernel_constraint, get_variable's constraint); the update's ops run first."""
    constraint = getattr(var, "constraint", None)
    if constraint is None:
        return applied
    graph = var.op.graph
    updates = applied if isinstance(applied, list) else [applied]
    with graph.control_dependencies(updates):
        return [*updates, var.assign(constraint(var))]


def _zeros(var: Variable):
    import numpy as np

    return np.zeros(var.static_shape, var.dtype)


def _hyper(graph: Graph, value: Any, dtype: Any) -> Tensor:
    """A hyperparameter (learning rate, momentum, beta, l1...) as TF1's optimizers hand it
    to their kernels: a callable called, a Python number made a float32 tensor
    (`convert_to_tensor` in `_prepare`), then cast to the variable's dtype. So a float64
    variable steps with float32(0.9), not 0.9, as in TensorFlow."""
    value = _as_tensor(graph, value)
    _check_scalar(value)
    return cast(value, dtype)


def _as_tensor(graph: Graph, value: Any) -> Tensor:
    """A hyperparameter as TF's `_prepare` converts it: a callable called, a Python number
    float32, a string a string tensor (whose cast fails when run, UnimplementedError)."""
    value = value() if callable(value) else value
    if isinstance(value, Tensor):
        return value
    keep = hasattr(value, "dtype") or isinstance(value, str | bytes)
    return constant_op(graph, value, None if keep else _dt.float32)


def _check_scalar(value: Tensor) -> None:
    """TF's training kernels take scalar hyperparameters: a learning rate (momentum,
    beta...) of a known rank above 0 fails while building, where broadcasting it would
    step each element by its own rate."""
    shape = value.static_shape
    if shape:  # None: unknown rank, checked when run; (): a scalar
        raise ValueError(
            f"Shape must be rank 0 but is rank {len(shape)} for the hyperparameter "
            f"{value.name} of an optimizer"
        )


def _cast_or_uncast(sparse: bool):
    """How the proximal optimizers take their hyperparameters: uncast (`_uncast`) but for
    a sparse update, which TF casts for a resource variable and refuses for a ref one;
    graphgate's variables are one kind, so it takes TF's resource variable's way."""
    if sparse:
        return lambda var, value, what, op: _param(var, value)
    return _uncast


def _uncast(var: Variable, value: Any, what: str, op: str) -> Tensor:
    """A hyperparameter the proximal optimizers hand their kernels uncast, as TF1's: a
    Python number is float32, so a float64 (or float16) variable's update is a
    TypeError, as in TensorFlow."""
    value = _as_tensor(var.op.graph, value)
    if value.dtype != var.dtype:
        raise TypeError(
            f"Input '{what}' of '{op}' Op has type {value.dtype.name} that does not match "
            f"type {var.dtype.name} of argument 'var'."
        )
    _check_scalar(value)
    return value


def _param(var: Variable, value: Any) -> Tensor:
    """`_hyper` for `var`'s update."""
    return _hyper(var.op.graph, value, var.dtype)


class GradientDescentOptimizer(Optimizer):
    """var -= learning_rate * grad."""

    def __init__(
        self, learning_rate: Any, use_locking: bool = False, name: str = "GradientDescent"
    ):
        super().__init__(learning_rate, name)

    _TF_TENSORS: ClassVar[dict[str, str]] = {"learning_rate": "_learning_rate_tensor"}

    def _apply(self, grad, var, shared):
        return apply_gradient_descent(var, self._lr(var.op.graph, var.dtype), grad)

    # TF's gradient descent scatters a sparse gradient's rows itself, never calling the
    # `_apply_sparse`/`_resource_apply_sparse` a subclass defines (which the base class's
    # would, given a gradient scaled twice: wrong numbers).
    def _apply_sparse_duplicate_indices(self, grad, var):
        return self._builtin_sparse(grad, var)

    def _resource_apply_sparse_duplicate_indices(self, values, var, indices):
        return self._builtin_sparse(IndexedSlices(values, indices, var.shape), var)


class MomentumOptimizer(Optimizer):
    """accum = momentum * accum + grad; var -= lr * accum (Nesterov: lr * (grad +
    momentum * accum))."""

    def __init__(
        self,
        learning_rate: Any,
        momentum: float,
        use_locking: bool = False,
        name: str = "Momentum",
        use_nesterov: bool = False,
    ):
        # TF1's argument order (use_locking third): a run applies its updates as one.
        super().__init__(learning_rate, name)
        self.momentum = momentum
        self.use_nesterov = use_nesterov

    def _create_slots(self, graph, var_list=None):
        graph, var_list = _tf_slots_args(graph, var_list)
        for v in var_list:
            self._slot(graph, v, "momentum")

    _TF_TENSORS: ClassVar[dict[str, str]] = {
        "learning_rate": "_learning_rate_tensor",
        "momentum": "_momentum_tensor",
    }

    def _apply(self, grad, var, shared):
        graph = var.op.graph
        accum = self._slot(graph, var, "momentum")
        mom = self._setting(var, "momentum")
        accum_t = accum.assign(accum * mom + grad)
        step = grad + mom * accum_t if self.use_nesterov else accum_t
        return var.assign_sub(self._lr(graph, var.dtype) * step)

    def _sparse_rows(self, values, indices, var, shared):
        # TF's SparseApplyMomentum: rows not looked up keep their accumulator and value.
        graph = var.op.graph
        accum = self._slot(graph, var, "momentum")
        mom = self._setting(var, "momentum")
        accum_rows = _rows(accum, indices) * mom + values
        step = values + mom * accum_rows if self.use_nesterov else accum_rows
        lr = self._lr(graph, var.dtype)
        return [_scatter_sub(var, indices, lr * step), _scatter(accum, indices, accum_rows)]


class AdamOptimizer(Optimizer):
    """Adam (Kingma & Ba) as TensorFlow 1.x's ApplyAdam kernel computes it, in the
    variable's dtype: alpha = lr sqrt(1 - beta2_power) / (1 - beta1_power);
    m += (g - m)(1 - beta1); v += (g² - v)(1 - beta2); var -= m alpha / (sqrt(v) + epsilon);
    then, after every variable, beta1_power *= beta1 and beta2_power *= beta2 (float32
    variables named `beta1_power`/`beta2_power`, as TF1's)."""

    def __init__(
        self,
        learning_rate: Any = 0.001,
        beta1: float = 0.9,
        beta2: float = 0.999,
        epsilon: float = 1e-8,
        use_locking: bool = False,
        name: str = "Adam",
        use_own_namescope_for_non_slot_vars: bool = False,
    ):
        super().__init__(learning_rate, name)
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon
        self._own_namescope = bool(use_own_namescope_for_non_slot_vars)

    def _create_slots(self, graph, var_list=None):
        graph, var_list = _tf_slots_args(graph, var_list)
        self._non_slot(graph, "beta1_power", self.beta1)
        self._non_slot(graph, "beta2_power", self.beta2)
        for v in var_list:
            self._slot(graph, v, "m")
            self._slot(graph, v, "v")

    def _powers(self, graph: Graph) -> tuple[Variable, Variable]:
        return self._non_slots[("beta1_power", graph)], self._non_slots[("beta2_power", graph)]

    def _get_beta_accumulators(self) -> tuple[Variable | None, Variable | None]:
        """(beta1_power, beta2_power) of the default graph, None before a minimize: TF1's
        private accessor, which scripts read to log Adam's effective learning rate."""
        from ..graph import get_default_graph

        graph = get_default_graph()
        return tuple(self._non_slots.get((name, graph)) for name in ("beta1_power", "beta2_power"))

    def _apply(self, grad, var, shared):
        graph = var.op.graph
        dtype = var.dtype
        p1, p2 = (cast(p, dtype) for p in self._powers(graph))
        one = _const(var, 1.0)
        alpha = self._lr(graph, dtype) * sqrt(one - p2) / (one - p1)
        m, v = self._slot(graph, var, "m"), self._slot(graph, var, "v")
        # 1 - beta in the variable's dtype, as the kernel: float32(1 - 0.999) is not
        # 1 - float32(0.999), and sqrt(v) carries the difference (6e-6 relative).
        m_t = m.assign_add((grad - m) * (one - self._setting(var, "beta1")))
        v_t = v.assign_add((grad * grad - v) * (one - self._setting(var, "beta2")))
        return var.assign_sub(m_t * alpha / (sqrt(v_t) + self._setting(var, "epsilon")))

    _TF_TENSORS: ClassVar[dict[str, str]] = {
        "learning_rate": "_lr_t",
        "beta1": "_beta1_t",
        "beta2": "_beta2_t",
        "epsilon": "_epsilon_t",
    }

    def _finish(self, graph, updates):
        if not isinstance(graph, Graph):  # TF1's form, a subclass's super(): grouped
            # (Adam's own form named, not self's: that is the subclass's override.)
            return group(*AdamOptimizer._finish(self, _default(), list(graph)), name=updates)
        p1, p2 = self._powers(graph)
        with graph.control_dependencies(updates):
            finish = [
                p1.assign(p1 * _hyper(graph, self._prepared("beta1", graph), p1.dtype)),
                p2.assign(p2 * _hyper(graph, self._prepared("beta2", graph), p2.dtype)),
            ]
        return [*updates, *finish]


def _default() -> Graph:
    from ..graph import get_default_graph

    return get_default_graph()


def _const(var: Variable, value: float) -> Tensor:
    return constant_op(var.op.graph, value, var.dtype)


def _rows(var: Variable, indices: Tensor) -> Tensor:
    from ..ops.array_ops import gather

    return gather(var, indices)


def _scatter(var: Variable, indices: Tensor, rows: Tensor) -> Tensor:
    from ..ops.scatter_ops import scatter_update

    return scatter_update(var, indices, rows)


def _scatter_sub(var: Variable, indices: Tensor, rows: Tensor) -> Tensor:
    from ..ops.scatter_ops import scatter_sub

    return scatter_sub(var, indices, rows)


class RMSPropOptimizer(Optimizer):
    """TensorFlow's ApplyRMSProp: ms = decay ms + (1 - decay) g²;
    mom = momentum mom + lr g / sqrt(ms + epsilon); var -= mom. Centered, the denominator
    is sqrt(ms - mg² + epsilon) with mg = decay mg + (1 - decay) g. `ms` starts at one."""

    def __init__(
        self,
        learning_rate: Any,
        decay: float = 0.9,
        momentum: float = 0.0,
        epsilon: float = 1e-10,
        use_locking: bool = False,
        centered: bool = False,
        name: str = "RMSProp",
    ):
        super().__init__(learning_rate, name)
        self.decay, self.momentum, self.epsilon = decay, momentum, epsilon
        self.centered = centered

    _TF_TENSORS: ClassVar[dict[str, str]] = {
        "learning_rate": "_learning_rate_tensor",
        "decay": "_decay_tensor",
        "momentum": "_momentum_tensor",
        "epsilon": "_epsilon_tensor",
    }

    def _create_slots(self, graph, var_list=None):
        graph, var_list = _tf_slots_args(graph, var_list)
        for v in var_list:
            # TF1's order, which decides the names: rms `RMSProp`, mg `RMSProp_1`, ...
            self._slot(graph, v, "rms", fill=1.0)
            if self.centered:
                self._slot(graph, v, "mg")
            self._slot(graph, v, "momentum")

    def _step(self, grad, var, ms, mg, mom):
        """TF's (Centered)RMSProp kernel on whole slots or on their rows: the new
        (ms, mg, mom), `mg` None uncentered. ms += (g² - ms)(1 - rho) as the kernel
        writes it, 1 - rho in the variable's dtype."""
        one_minus = _const(var, 1.0) - self._setting(var, "decay")
        ms_t = ms + (grad * grad - ms) * one_minus
        denom, mg_t = ms_t, None
        if mg is not None:
            mg_t = mg + (grad - mg) * one_minus
            denom = ms_t - mg_t * mg_t
        lr = self._lr(var.op.graph, var.dtype)
        mom_t = mom * self._setting(var, "momentum") + grad * lr / sqrt(
            denom + self._setting(var, "epsilon")
        )
        return ms_t, mg_t, mom_t

    def _slots_of(self, var: Variable) -> tuple[Variable, Variable | None, Variable]:
        graph = var.op.graph
        mg = self._slot(graph, var, "mg") if self.centered else None
        return self._slot(graph, var, "rms"), mg, self._slot(graph, var, "momentum")

    def _apply(self, grad, var, shared):
        ms, mg, mom = self._slots_of(var)
        ms_t, mg_t, mom_t = self._step(grad, var, ms, mg, mom)
        mom_t = mom.assign(mom_t)
        updates = [ms.assign(ms_t)] + ([] if mg is None else [mg.assign(mg_t)])
        return [var.assign_sub(mom_t), *updates]

    def _sparse_rows(self, values, indices, var, shared):
        # TF's SparseApply(Centered)RMSProp: rows not looked up keep ms, mg, mom and value.
        ms, mg, mom = self._slots_of(var)
        mg_rows = None if mg is None else _rows(mg, indices)
        ms_t, mg_t, mom_t = self._step(
            values, var, _rows(ms, indices), mg_rows, _rows(mom, indices)
        )
        updates = [_scatter(ms, indices, ms_t), _scatter(mom, indices, mom_t)]
        if mg is not None:
            updates.append(_scatter(mg, indices, mg_t))
        return [_scatter_sub(var, indices, mom_t), *updates]


class AdagradOptimizer(Optimizer):
    """TensorFlow's ApplyAdagrad: accum += g²; var -= lr g / sqrt(accum), the accumulator
    starting at `initial_accumulator_value`."""

    def __init__(
        self,
        learning_rate: Any,
        initial_accumulator_value: float = 0.1,
        use_locking: bool = False,
        name: str = "Adagrad",
    ):
        if initial_accumulator_value <= 0.0:
            raise error(
                "INVALID_ATTR",
                f"initial_accumulator_value must be positive, got {initial_accumulator_value}",
            )
        super().__init__(learning_rate, name)
        self.initial_accumulator_value = initial_accumulator_value

    _TF_TENSORS: ClassVar[dict[str, str]] = {"learning_rate": "_learning_rate_tensor"}

    def _create_slots(self, graph, var_list=None):
        graph, var_list = _tf_slots_args(graph, var_list)
        for v in var_list:
            self._slot(graph, v, "accumulator", fill=self.initial_accumulator_value)

    def _apply(self, grad, var, shared):
        graph = var.op.graph
        accum = self._slot(graph, var, "accumulator")
        accum_t = accum.assign(accum + grad * grad)
        return var.assign_sub(self._lr(graph, var.dtype) * grad / sqrt(accum_t))


class AdadeltaOptimizer(Optimizer):
    """TensorFlow's ApplyAdadelta: accum = rho accum + (1 - rho) g²;
    update = sqrt(accum_update + eps) / sqrt(accum + eps) g;
    accum_update = rho accum_update + (1 - rho) update²; var -= lr update."""

    def __init__(
        self,
        learning_rate: Any = 0.001,
        rho: float = 0.95,
        epsilon: float = 1e-8,
        use_locking: bool = False,
        name: str = "Adadelta",
    ):
        super().__init__(learning_rate, name)
        self.rho, self.epsilon = rho, epsilon

    _TF_TENSORS: ClassVar[dict[str, str]] = {
        "learning_rate": "_lr_t",
        "rho": "_rho_t",
        "epsilon": "_epsilon_t",
    }

    def _create_slots(self, graph, var_list=None):
        graph, var_list = _tf_slots_args(graph, var_list)
        for v in var_list:
            self._slot(graph, v, "accum")
            self._slot(graph, v, "accum_update")

    def _apply(self, grad, var, shared):
        graph = var.op.graph
        rho, eps = self._setting(var, "rho"), self._setting(var, "epsilon")
        one_minus = _const(var, 1.0) - rho  # in the variable's dtype, as the kernel's
        accum = self._slot(graph, var, "accum")
        accum_update = self._slot(graph, var, "accum_update")
        accum_t = accum.assign(rho * accum + one_minus * grad * grad)
        update = sqrt(accum_update + eps) / sqrt(accum_t + eps) * grad
        accum_update_t = accum_update.assign(rho * accum_update + one_minus * update * update)
        return [var.assign_sub(self._lr(graph, var.dtype) * update), accum_update_t]

    def _sparse_rows(self, values, indices, var, shared):
        # TF's SparseApplyAdadelta: rows not looked up keep both accumulators (the dense
        # update of a zero gradient would decay them).
        graph = var.op.graph
        rho, eps = self._setting(var, "rho"), self._setting(var, "epsilon")
        one_minus = _const(var, 1.0) - rho  # in the variable's dtype, as the kernel's
        accum = self._slot(graph, var, "accum")
        accum_update = self._slot(graph, var, "accum_update")
        accum_rows = rho * _rows(accum, indices) + one_minus * values * values
        au_rows = _rows(accum_update, indices)
        update = sqrt(au_rows + eps) / sqrt(accum_rows + eps) * values
        au_new = rho * au_rows + one_minus * update * update
        return [
            _scatter_sub(var, indices, self._lr(graph, var.dtype) * update),
            _scatter(accum, indices, accum_rows),
            _scatter(accum_update, indices, au_new),
        ]


# -- h-tfnn: FTRL and the proximal optimizers (slots named by Optimizer._slot, as TF's) -----


def _non_negative(**values: float) -> None:
    for what, value in values.items():
        if value < 0.0:
            raise error("INVALID_ATTR", f"{what} {value} must be non-negative")


def _checked_rate(lr: Tensor, *strengths: Tensor) -> Tensor:
    """`lr`, once TF's CPU check of ApplyProximalAdagrad (dense, sparse, resource) and
    SparseApplyFtrl has passed when the step runs: a rate of 0 or below, or a
    regularization strength below 0, fails the run (InvalidArgumentError) where an update
    would step backwards or divide by 0 (a decayed, noisy rate can reach it)."""
    from ..ops.array_ops import identity
    from ..ops.debug_ops import Assert
    from ..ops.math_ops import greater, greater_equal, logical_and

    ok = greater(lr, _const_like(lr, 0.0))
    for strength in strengths:
        ok = logical_and(ok, greater_equal(strength, _const_like(strength, 0.0)))
    message = "lr is not a positive scalar, or a regularization strength is negative"
    with lr.op.graph.control_dependencies([Assert(ok, [message])]):
        return identity(lr)


def _shrink(prox: Tensor, threshold: Tensor, l1: Any, denominator: Tensor) -> Tensor:
    """TF's proximal step: soft-threshold `prox` by `threshold` when l1 > 0, then divide;
    an l1 that is a tensor (TF's `_prepare()` made it, a subclass may replace it) is
    compared when the step runs, as TF's kernel does."""
    from ..ops.array_ops import where
    from ..ops.math_ops import abs as abs_
    from ..ops.math_ops import greater, maximum, sign

    if isinstance(l1, Tensor):
        shrunk = sign(prox) * maximum(abs_(prox) - threshold, prox * 0)
        prox = where(greater(cast(l1, prox.dtype), _const_like(prox, 0.0)), shrunk, prox)
    elif l1 > 0.0:
        prox = sign(prox) * maximum(abs_(prox) - threshold, prox * 0)
    return prox / denominator


def _const_like(x: Tensor, value: float) -> Tensor:
    return constant_op(x.op.graph, value, x.dtype)


# The tensors TF1's proximal optimizers' `_prepare()` makes.
_PROXIMAL_TENSORS = {
    "learning_rate": "_learning_rate_tensor",
    "l1": "_l1_regularization_strength_tensor",
    "l2": "_l2_regularization_strength_tensor",
}


class ProximalGradientDescentOptimizer(Optimizer):
    """TF's ApplyProximalGradientDescent: prox = var - lr g; var = sign(prox)
    max(|prox| - lr l1, 0) / (1 + lr l2) (without the threshold when l1 is 0)."""

    def __init__(
        self,
        learning_rate: Any,
        l1_regularization_strength: float = 0.0,
        l2_regularization_strength: float = 0.0,
        use_locking: bool = False,
        name: str = "ProximalGradientDescent",
    ):
        super().__init__(learning_rate, name)
        self.l1, self.l2 = l1_regularization_strength, l2_regularization_strength

    _TF_TENSORS: ClassVar[dict[str, str]] = _PROXIMAL_TENSORS

    def _step(self, grad: Tensor, var: Variable, value: Tensor, sparse: bool = False) -> Tensor:
        op, hyper = "ApplyProximalGradientDescent", _cast_or_uncast(sparse)
        given = self._proximal_settings(var)
        lr = hyper(var, given[0], "alpha", op)
        l1, l2 = hyper(var, given[1], "l1", op), hyper(var, given[2], "l2", op)
        prox = value - lr * grad
        one = _const(var, 1.0)
        return _shrink(prox, lr * l1, given[1], one + lr * l2)

    def _apply(self, grad, var, shared):
        return var.assign(self._step(grad, var, var))

    def _sparse_rows(self, values, indices, var, shared):
        # TF's SparseApplyProximalGradientDescent: rows not looked up are not shrunk.
        return _scatter(var, indices, self._step(values, var, _rows(var, indices), True))


class ProximalAdagradOptimizer(Optimizer):
    """TF's ApplyProximalAdagrad: accum += g²; lr_t = lr / sqrt(accum); prox = var - lr_t g;
    var = sign(prox) max(|prox| - lr_t l1, 0) / (1 + lr_t l2). Slot `accumulator`."""

    def __init__(
        self,
        learning_rate: Any,
        initial_accumulator_value: float = 0.1,
        l1_regularization_strength: float = 0.0,
        l2_regularization_strength: float = 0.0,
        use_locking: bool = False,
        name: str = "ProximalAdagrad",
    ):
        super().__init__(learning_rate, name)
        self.initial_accumulator_value = initial_accumulator_value
        self.l1, self.l2 = l1_regularization_strength, l2_regularization_strength

    _TF_TENSORS: ClassVar[dict[str, str]] = _PROXIMAL_TENSORS

    def _create_slots(self, graph, var_list=None):
        graph, var_list = _tf_slots_args(graph, var_list)
        for v in var_list:
            self._slot(graph, v, "accumulator", fill=self.initial_accumulator_value)

    def _step(self, grad, var, value, accum_t, sparse: bool = False) -> Tensor:
        from ..ops.math_ops import rsqrt

        op, hyper = "ApplyProximalAdagrad", _cast_or_uncast(sparse)
        given = self._proximal_settings(var)
        lr = hyper(var, given[0], "lr", op)
        l1, l2 = hyper(var, given[1], "l1", op), hyper(var, given[2], "l2", op)
        lr_t = _checked_rate(lr, l1, l2) * rsqrt(accum_t)
        prox = value - grad * lr_t
        one = _const(var, 1.0)
        denominator = one + l2 * lr_t
        return _shrink(prox, lr_t * l1, given[1], denominator)

    def _apply(self, grad, var, shared):
        accum = self._slot(var.op.graph, var, "accumulator")
        return var.assign(self._step(grad, var, var, accum.assign_add(grad * grad)))

    def _sparse_rows(self, values, indices, var, shared):
        # TF's SparseApplyProximalAdagrad: rows not looked up are not shrunk.
        accum = self._slot(var.op.graph, var, "accumulator")
        accum_rows = _rows(accum, indices) + values * values
        new_rows = self._step(values, var, _rows(var, indices), accum_rows, True)
        return [_scatter(var, indices, new_rows), _scatter(accum, indices, accum_rows)]


class FtrlOptimizer(Optimizer):
    """FTRL-Proximal (McMahan et al.) as TF's ApplyFtrl / ApplyFtrlV2: slots `accum`
    (starting at `initial_accumulator_value`) and `linear`;
    accum_new = accum + g²; linear += g' - (accum_new^-p - accum^-p) / lr * var
    (g' = g + 2 l2_shrinkage var); var = (sign(linear) l1 - linear) /
    (accum_new^-p / lr + 2 l2) where |linear| > l1, else 0."""

    def __init__(
        self,
        learning_rate: Any,
        learning_rate_power: float = -0.5,
        initial_accumulator_value: float = 0.1,
        l1_regularization_strength: float = 0.0,
        l2_regularization_strength: float = 0.0,
        use_locking: bool = False,
        name: str = "Ftrl",
        accum_name: str | None = None,
        linear_name: str | None = None,
        l2_shrinkage_regularization_strength: float = 0.0,
        beta: float | None = None,
    ):
        if learning_rate_power > 0.0:
            raise error(
                "INVALID_ATTR",
                f"learning_rate_power {learning_rate_power} must be less than or equal to 0.0",
            )
        _non_negative(
            initial_accumulator_value=initial_accumulator_value,
            l1_regularization_strength=l1_regularization_strength,
            l2_regularization_strength=l2_regularization_strength,
            l2_shrinkage_regularization_strength=l2_shrinkage_regularization_strength,
        )
        super().__init__(learning_rate, name)
        self.power = learning_rate_power
        self.initial_accumulator_value = initial_accumulator_value
        self.l1, self.l2 = l1_regularization_strength, l2_regularization_strength
        self.shrinkage = l2_shrinkage_regularization_strength
        # TF's python adds beta / (2 lr) to l2 (its TF 2 option), a tensor for a tensor lr.
        self.adjusted_l2 = l2_regularization_strength
        if beta:
            self.adjusted_l2 = l2_regularization_strength + beta / (2.0 * learning_rate)

    _TF_TENSORS: ClassVar[dict[str, str]] = {
        "learning_rate": "_learning_rate_tensor",
        "l1": "_l1_regularization_strength_tensor",
        "adjusted_l2": "_adjusted_l2_regularization_strength_tensor",
        "shrinkage": "_l2_shrinkage_regularization_strength_tensor",
        "power": "_learning_rate_power_tensor",
    }

    def _create_slots(self, graph, var_list=None):
        graph, var_list = _tf_slots_args(graph, var_list)
        for v in var_list:
            self._slot(graph, v, "accum", fill=self.initial_accumulator_value)
            self._slot(graph, v, "linear")

    def _step(self, grad: Tensor, var: Tensor, accum: Tensor, linear: Tensor, sparse=False):
        """The new (linear, accum, var), for whole variables or for their rows (whose
        kernel, TF's SparseApplyFtrl, also checks the rate is above 0; ApplyFtrl does not)."""
        from ..ops.array_ops import where
        from ..ops.math_ops import abs as abs_
        from ..ops.math_ops import greater, sign

        graph = var.op.graph
        lr = self._lr(graph, var.dtype)
        lr = _checked_rate(lr) if sparse else lr
        l2 = _param(var, self._prepared("adjusted_l2", graph))
        two = _const(var, 2.0)
        # Which of TF's kernels (FTRL or FTRL V2) runs is chosen by the Python setting.
        shrinkage = _param(var, self._prepared("shrinkage", graph))
        g = grad + two * shrinkage * var if self.shrinkage > 0.0 else grad
        new_accum = accum + grad * grad
        root, new_root = _ftrl_roots(var, accum, new_accum, self._prepared("power", graph))
        sigma = (new_root - root) / lr
        new_linear = linear + (g - sigma * var)
        quadratic = new_root / lr + two * l2
        l1 = _param(var, self._prepared("l1", graph))
        shrunk = (sign(new_linear) * l1 - new_linear) / quadratic
        return new_linear, new_accum, where(greater(abs_(new_linear), l1), shrunk, var * 0)

    def _apply(self, grad, var, shared):
        graph = var.op.graph
        accum, linear = self._slot(graph, var, "accum"), self._slot(graph, var, "linear")
        new_linear, new_accum, new_var = self._step(grad, var, accum, linear)
        return [var.assign(new_var), linear.assign(new_linear), accum.assign(new_accum)]

    def _sparse_rows(self, values, indices, var, shared):
        # TF's SparseApplyFtrl: rows not looked up keep their value (the dense update of a
        # zero gradient would recompute it from `linear`, zeroing a row never trained).
        graph = var.op.graph
        accum, linear = self._slot(graph, var, "accum"), self._slot(graph, var, "linear")
        new_linear, new_accum, new_var = self._step(
            values, _rows(var, indices), _rows(accum, indices), _rows(linear, indices), True
        )
        return [
            _scatter(var, indices, new_var),
            _scatter(linear, indices, new_linear),
            _scatter(accum, indices, new_accum),
        ]


def _ftrl_roots(var: Variable, accum: Tensor, new_accum: Tensor, power: Any) -> tuple:
    """accum^-power before and after, as TF's kernels take them: sqrt for a power of
    -0.5, not pow (1 ulp apart); a tensor's power (TF's `_prepare()`) compared as it runs."""
    from ..ops.array_ops import where
    from ..ops.math_ops import equal, pow

    if not isinstance(power, Tensor) and power == -0.5:
        return sqrt(accum), sqrt(new_accum)
    exponent = -_param(var, power)
    roots = pow(accum, exponent), pow(new_accum, exponent)
    if not isinstance(power, Tensor):
        return roots
    half = equal(_param(var, power), _const(var, -0.5))
    return where(half, sqrt(accum), roots[0]), where(half, sqrt(new_accum), roots[1])


class AdagradDAOptimizer(Optimizer):
    """Adagrad Dual Averaging as TF's ApplyAdagradDA: slots `gradient_accumulator` (+= g)
    and `gradient_squared_accumulator` (+= g², from
    `initial_gradient_squared_accumulator_value`); with t = global_step + 1 (as TF's),
    var = -lr sign(acc) max(|acc| - l1 t, 0) / (l2 t lr + sqrt(sq_acc))."""

    def __init__(
        self,
        learning_rate: Any,
        global_step: Any,
        initial_gradient_squared_accumulator_value: float = 0.1,
        l1_regularization_strength: float = 0.0,
        l2_regularization_strength: float = 0.0,
        use_locking: bool = False,
        name: str = "AdagradDA",
    ):
        if initial_gradient_squared_accumulator_value <= 0.0:
            raise error(
                "INVALID_ATTR",
                "initial_gradient_squared_accumulator_value must be positive, got "
                f"{initial_gradient_squared_accumulator_value}",
            )
        super().__init__(learning_rate, name)
        self.global_step = global_step
        self.initial = initial_gradient_squared_accumulator_value
        self.l1, self.l2 = l1_regularization_strength, l2_regularization_strength

    _TF_TENSORS: ClassVar[dict[str, str]] = {"learning_rate": "_learning_rate_tensor"}

    def _create_slots(self, graph, var_list=None):
        graph, var_list = _tf_slots_args(graph, var_list)
        # TF's kernel takes the step as int64: no step, or an int32 one, fails building.
        if self.global_step is None:
            raise ValueError("None values not supported: AdagradDA needs a global_step")
        if getattr(self.global_step, "dtype", None) != _dt.int64:
            dtype = getattr(self.global_step, "dtype", None)
            raise TypeError(
                f"Input 'global_step' of 'ApplyAdagradDA' Op has type "
                f"{getattr(dtype, 'name', type(self.global_step).__name__)} that does not "
                "match expected type of int64."
            )
        for v in var_list:
            self._slot(graph, v, "gradient_accumulator")
            self._slot(graph, v, "gradient_squared_accumulator", fill=self.initial)

    def _value(self, var: Variable, acc: Tensor, sq: Tensor) -> Tensor:
        """The variable's new value (or its rows') from the new accumulators."""
        from ..graph import convert_to_tensor

        lr = self._lr(var.op.graph, var.dtype)
        t = cast(convert_to_tensor(self.global_step), var.dtype) + _const(var, 1.0)
        denominator = _param(var, self.l2) * t * lr + sqrt(sq)
        numerator = _shrink(-acc, _param(var, self.l1) * t, self.l1, _const(var, 1.0))
        return numerator * lr / denominator

    def _apply(self, grad, var, shared):
        graph = var.op.graph
        acc = self._slot(graph, var, "gradient_accumulator").assign_add(grad)
        sq = self._slot(graph, var, "gradient_squared_accumulator").assign_add(grad * grad)
        return var.assign(self._value(var, acc, sq))

    def _sparse_rows(self, values, indices, var, shared):
        # TF's SparseApplyAdagradDA: rows not looked up keep their value (the dense update
        # would recompute a never-trained row from its zero accumulator, zeroing it).
        graph = var.op.graph
        acc = self._slot(graph, var, "gradient_accumulator")
        sq = self._slot(graph, var, "gradient_squared_accumulator")
        acc_rows = _rows(acc, indices) + values
        sq_rows = _rows(sq, indices) + values * values
        return [
            _scatter(var, indices, self._value(var, acc_rows, sq_rows)),
            _scatter(acc, indices, acc_rows),
            _scatter(sq, indices, sq_rows),
        ]
