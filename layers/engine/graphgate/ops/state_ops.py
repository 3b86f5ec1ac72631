"""Variables and their updates, `group` and `no_op`.

A run sees variables as they were when it started; an update computes its new value from
the variable's value at that moment in the run (so updates ordered by control dependencies
compose) and all updates become visible to later runs only when the run succeeds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .. import dtypes as _dt
from .. import fusion as _fusion
from ..errors import GraphgateError, error
from ..graph import Operation, Tensor, convert_to_tensor, get_default_graph
from .registry import (
    REQUIRED,
    InferenceError,
    merge_dim,
    not_differentiable,
    register_gradient,
    register_op,
)

VARIABLES = "variables"
TRAINABLE_VARIABLES = "trainable_variables"
LOCAL_VARIABLES = "local_variables"


def _variable_infer(shapes, types, attrs):
    shape = attrs["shape"]
    if shape is None or None in shape:
        raise InferenceError("INVALID_ATTR", "a variable needs a fully known shape")
    return [(shape, attrs["dtype"])]


@register_op(
    "VariableV2",
    arity=0,
    infer=_variable_infer,
    stateful=True,
    needs_state=True,
    attrs={
        "dtype": ("dtype", REQUIRED),
        "shape": ("shape", REQUIRED),
        "trainable": ("bool", True),
        "initializer": ("str", None),
    },
)
def _variable(op):
    name = op.name
    return lambda state: state.read(name)


def _ref_infer(shapes, types, attrs):
    return [(shapes[0], types[0])]


@register_op(
    "ReadVariableOp", arity=1, infer=_ref_infer, stateful=True, needs_state=True, ref_input=True
)
def _read_variable(op):
    name = op.inputs[0].op.name
    return lambda state, snapshot: state.current(name)


@register_gradient("ReadVariableOp")
def _read_variable_grad(op, g):
    return [g]


def _update_infer(shapes, types, attrs):
    var, value = shapes
    if types[0] != types[1]:
        raise InferenceError(
            "DTYPE_MISMATCH", f"cannot assign {types[1].name} to a {types[0].name} variable"
        )
    if value is not None:
        if len(var) != len(value):
            raise InferenceError(
                "SHAPE_MISMATCH",
                f"cannot assign shape {list(value)} to a variable of shape {list(var)}",
            )
        for a, b in zip(var, value, strict=True):
            merge_dim(a, b, "assigned value")
    return [(var, types[0])]


def _check_shape(op: Operation) -> Callable:
    shape = op.inputs[0].static_shape
    name = op.inputs[0].op.name

    def check(value):
        if np.shape(value) != shape:
            raise error(
                "SHAPE_MISMATCH",
                f"cannot assign a value of shape "
                f"{list(np.shape(value))} to variable {name} of shape {list(shape)}",
                details={"expected": list(shape), "got": list(np.shape(value))},
            )
        return value

    return check


def _update_kernel(combine):
    def factory(op):
        name, check = op.inputs[0].op.name, _check_shape(op)
        dtype = op.inputs[0].dtype
        return lambda state, var, value: state.write(
            name, combine(state, name, check(np.asarray(value, dtype)))
        )

    return factory


def _assign_value(state, name, value):
    return np.array(value, copy=True)


def _add_value(state, name, value):
    return np.asarray(state.current(name) + value)


def _sub_value(state, name, value):
    return np.asarray(state.current(name) - value)


def _arithmetic_update_infer(shapes, types, attrs):
    """AssignAdd/AssignSub: TF's `numbertype` only (a bool or string variable is a
    TypeError when the op is built)."""
    if types[0] in (_dt.bool_, _dt.string):
        raise InferenceError(
            "DTYPE_MISMATCH", f"cannot add to or subtract from a {types[0].name} variable"
        )
    return _update_infer(shapes, types, attrs)


for _type, _combine, _infer in (
    ("Assign", _assign_value, _update_infer),
    ("AssignAdd", _add_value, _arithmetic_update_infer),
    ("AssignSub", _sub_value, _arithmetic_update_infer),
):
    # A value of unknown shape is checked against the variable's when the update runs.
    register_op(
        _type,
        arity=2,
        infer=_infer,
        stateful=True,
        side_effects=True,
        needs_state=True,
        ref_input=True,
        unknown_rank_ok=True,
    )(_update_kernel(_combine))


def _apply_gd_infer(shapes, types, attrs):
    if len(set(types)) != 1:
        raise InferenceError(
            "DTYPE_MISMATCH", "variable, learning rate and gradient must have the same dtype"
        )
    if shapes[1] not in ((), None):
        raise InferenceError("SHAPE_MISMATCH", "the learning rate must be a scalar")
    return _update_infer([shapes[0], shapes[2]], [types[0], types[2]], attrs)


@register_op(
    "ApplyGradientDescent",
    arity=3,
    infer=_apply_gd_infer,
    stateful=True,
    side_effects=True,
    needs_state=True,
    ref_input=True,
    unknown_rank_ok=True,  # a learning rate of unknown rank is checked when run, as TF's
)
def _apply_gradient_descent(op):
    """var - alpha * delta, written into the product's buffer (one allocation, as an
    in-place update would cost)."""
    name, check = op.inputs[0].op.name, _check_shape(op)

    def kernel(state, var, alpha, delta):
        step = np.multiply(check(delta), _scalar_alpha(alpha))
        if type(step) is np.ndarray:
            new = np.subtract(state.current(name), step, out=step)
        else:
            new = np.asarray(state.current(name) - step)
        return state.write(name, new)

    return kernel


def _scalar_alpha(alpha: Any) -> Any:
    """The learning rate, refused unless a scalar (TF's kernel: InvalidArgumentError), so
    that one of the variable's shape, known only when run, never broadcasts into it."""
    if np.ndim(alpha) != 0:
        raise error("SHAPE_MISMATCH", f"alpha is not a scalar: {list(np.shape(alpha))}")
    return alpha


def _apply_gradient_descent_into_delta(op):
    """The same update written into `delta` when the plan knows nothing else holds it (a
    gradient's fresh matmul output): no allocation at all. The new value then belongs to
    the variable alone."""
    name, plain, check = op.inputs[0].op.name, _apply_gradient_descent(op), _check_shape(op)

    def kernel(state, var, alpha, delta):
        current = state.current(name)
        if (
            type(check(delta)) is np.ndarray
            and delta.shape == current.shape
            and delta.dtype == current.dtype
            and getattr(alpha, "dtype", None) == delta.dtype
            and np.ndim(alpha) == 0
            and delta.flags.writeable
        ):
            step = np.multiply(delta, alpha, out=delta)
            return state.write(name, np.subtract(current, step, out=step))
        return plain(state, var, alpha, delta)

    return kernel


_fusion.register_in_place("ApplyGradientDescent", 3, _apply_gradient_descent_into_delta)


def apply_gradient_descent(
    var: Variable, alpha: Any, delta: Any, name: str | None = None
) -> Tensor:
    """var -= alpha * delta (TensorFlow's ApplyGradientDescent); the output is the new value."""
    graph = var.op.graph
    alpha = convert_to_tensor(alpha, var.dtype, graph=graph)
    delta = convert_to_tensor(delta, var.dtype, graph=graph)
    return graph.create_op(
        "ApplyGradientDescent", (var, alpha, delta), None, name or "ApplyGradientDescent"
    ).outputs[0]


not_differentiable("Assign", "AssignAdd", "AssignSub", "ApplyGradientDescent", "VariableV2")


def _no_op_infer(shapes, types, attrs):
    return []


@register_op("NoOp", arity=0, infer=_no_op_infer, stateful=True)
def _no_op(op):
    return lambda: None


not_differentiable("NoOp")


def _is_initialized_infer(shapes, types, attrs):
    return [((), _dt.bool_)]


def _initialized(state, name: str) -> bool:
    try:
        state.current(name)
    except GraphgateError as exc:
        if exc.code != "UNINITIALIZED_VARIABLE":
            raise
        return False
    return True


@register_op(
    "IsVariableInitialized",
    arity=1,
    infer=_is_initialized_infer,
    stateful=True,
    needs_state=True,
    ref_input=True,
)
def _is_variable_initialized(op):
    name = op.inputs[0].op.name
    return lambda state, var: np.bool_(_initialized(state, name))


@register_op(
    "InitializedValue",
    arity=2,
    infer=_ref_infer,
    stateful=True,
    needs_state=True,
    ref_input=True,
)
def _initialized_value(op):
    """The variable's value if it has one, else its initial value (TF1's `cond`)."""
    name = op.inputs[0].op.name
    return lambda state, var, init: state.current(name) if _initialized(state, name) else init


not_differentiable("IsVariableInitialized", "InitializedValue")


def _report_infer(shapes, types, attrs):
    return [((None,), _dt.string)]


@register_op(
    "ReportUninitializedVariables",
    arity=0,
    infer=_report_infer,
    attrs={"variables": ("str", "")},
    stateful=True,
    needs_state=True,
)
def _report_uninitialized(op):
    names = [n for n in op.attrs.get("variables", "").split(",") if n]

    def kernel(state):
        missing = [n.encode() for n in names if not _initialized(state, n)]
        return np.array(missing, dtype=object)

    return kernel


not_differentiable("ReportUninitializedVariables")


def report_uninitialized_variables(
    var_list: list[Variable] | None = None, name: str = "report_uninitialized_variables"
) -> Tensor:
    """A 1-D string tensor of the names of the variables without a value (bytes, as TF1);
    of the global and local variables by default."""
    graph = var_list[0].op.graph if var_list else get_default_graph()
    if var_list is None:
        var_list = global_variables(graph) + local_variables(graph)
    names = ",".join(v.op.name for v in var_list)
    return graph.create_op("ReportUninitializedVariables", (), {"variables": names}, name).outputs[
        0
    ]


def assert_variables_initialized(var_list: list[Variable] | None = None) -> Tensor | None:
    """TF1's `tf.assert_variables_initialized`: the variables' ranks, each read from the
    variable (a Rank op, never folded to a constant), so running it fails with
    FailedPreconditionError while one has no value; one variable's rank alone, several
    stacked; None without variables (the global and local ones by default)."""
    from .array_ops import stack

    graph = var_list[0].op.graph if var_list else get_default_graph()
    if var_list is None:
        var_list = global_variables(graph) + local_variables(graph)
    if not var_list:
        return None
    ranks = [graph.create_op("Rank", (v,), None, "Rank").outputs[0] for v in var_list]
    return ranks[0] if len(ranks) == 1 else stack(ranks)


def is_variable_initialized(variable: Variable, name: str | None = None) -> Tensor:
    """A bool scalar: whether `variable` has a value in the session running it."""
    return variable.op.graph.create_op(
        "IsVariableInitialized", (variable,), None, name or "IsVariableInitialized"
    ).outputs[0]


# `tf.enable_resource_variables()`: what a Variable that does not say makes (TF 1.15: ref).
RESOURCE_DEFAULT = [False]


def _is_loop_exit(init: Tensor) -> bool:
    """Whether `init` is a while_loop's result as the loop returned it (its `Exit`): TF1
    builds that op inside the loop's context, so its Variable refuses it as an initial
    value (ValueError) where a tensor computed from it is taken."""
    op = init.op
    return op.type == "Identity" and bool(op.inputs) and op.inputs[0].op.type == "While"


def _guarded_initial_value(init: Tensor, base: str) -> Tensor:
    """TF1's `_try_guard_against_uninitialized_dependencies`: an initial value computed
    from other variables (`tf.Variable(p * 0)`, finetune-transformer-lm's Adam slots) reads
    each through `initialized_value()` in the initializer, so one initializer run sets
    them all in any order. The ops between are copied (`<op>_<variable>`); an initial value
    reading no variable is the same tensor."""
    memo: dict[int, Tensor] = {}

    def safe(t: Tensor) -> Tensor:
        if id(t) in memo:
            return memo[id(t)]
        op = t.op
        if isinstance(t, Variable):
            out = t.initialized_value()
        elif op.type == "ReadVariableOp" and isinstance(op.inputs[0], Variable):
            out = op.inputs[0].initialized_value()
        elif op.type == "InitializedValue" or not op.inputs:
            out = t
        else:
            inputs = [safe(x) for x in op.inputs]
            if all(a is b for a, b in zip(inputs, op.inputs, strict=True)):
                out = t
            else:
                out = _copied(op, inputs, base, t)
        memo[id(t)] = out
        return out

    return safe(init)


def _copied(op: Operation, inputs: list, base: str, t: Tensor) -> Tensor:
    """`t` of a copy of `op` over `inputs`; `t` itself where the op cannot be copied by
    its type and attributes (a loop's, which owns its body): that read stays unguarded,
    as graphgate read it before, so an initializer run in order still works."""
    from .control_flow_ops import Body

    graph = op.graph
    if any(
        isinstance(v, Body) or (isinstance(v, list | tuple) and any(isinstance(b, Body) for b in v))
        for v in op.attrs.values()
    ):
        return t  # a cond or loop captures by tensor: a copy over other inputs breaks it
    try:
        with graph.control_dependencies(op.control_inputs):
            copy = graph.create_op(op.type, inputs, dict(op.attrs), f"{op.name}_{base}")
    except GraphgateError:
        return t
    return copy.outputs[t.value_index]


class Variable(Tensor):
    """A tensor whose value persists in a session between runs.

    Parameters
    ----------
    initial_value:
        A value, a tensor, or a callable returning one; its shape must be fully known.
    trainable:
        Whether optimizers update it by default (`gg.trainable_variables()`).
    name:
        The variable's node name; its value is addressed by this name in
        `Session.get_variables()` and `set_variables()`.
    dtype:
        Convert the initial value to this dtype.
    """

    # `__dict__`: programs hang their own attributes on a variable, as on TF's Python
    # Variable objects (improved WGAN's `param.param = True` marks its parameters).
    __slots__ = (
        "__dict__",
        "_ref",
        "_save_slice_info",
        "constraint",
        "initial_value",
        "initializer",
        "trainable",
    )

    def __init__(
        self,
        initial_value: Any = None,
        trainable: bool = True,
        name: str | None = None,
        dtype: Any = None,
        collections: list[str] | None = None,
        validate_shape: bool = True,
        *,
        constraint: Any = None,
        caching_device: Any = None,
        variable_def: Any = None,
        expected_shape: Any = None,
        import_scope: Any = None,
        use_resource: Any = None,
        synchronization: Any = None,
        aggregation: Any = None,
        shape: Any = None,
    ):
        # TF1's other arguments place or describe the variable; graphgate has one device.
        # `constraint` is applied by the optimizers, as TF1's.
        if initial_value is None:
            raise error("INVALID_ATTR", "a Variable needs an initial_value")
        if variable_def is not None:
            raise error("UNIMPLEMENTED", "Variable(variable_def=...): use import_meta_graph")
        if constraint is not None and not callable(constraint):
            raise ValueError("The `constraint` argument must be a callable.")
        graph = initial_value.graph if isinstance(initial_value, Tensor) else get_default_graph()
        # Made inside a while_loop or cond body (a cell's first call in a loop), the
        # variable and its initializer are lifted out of it, as TF1 lifts them.
        with graph.control_dependencies(None), graph.outside_bodies():
            base = graph.unique_name(graph.scope_prefix + (name or "Variable"))
            with graph.name_scope(base + "/"):
                if callable(initial_value):
                    initial_value = initial_value()
                init = convert_to_tensor(initial_value, dtype, "initial_value", graph)
            if graph.body_of(init.op) is not None or _is_loop_exit(init):
                raise error(
                    "INVALID_CONTROL_FLOW",
                    f"Initializer for variable {base} is from inside a control-flow construct, "
                    "such as a loop or conditional; use a lambda as the initializer",
                    node=base,
                )
            shape = init.static_shape
            if shape is None or None in shape:
                raise error(
                    "INVALID_ATTR",
                    f"variable {base} needs an initial value of fully known shape, got {shape}",
                    node=base,
                )
            op = graph.create_op(
                "VariableV2",
                (),
                {"dtype": init.dtype, "shape": shape, "trainable": bool(trainable)},
                base,
                exact_name=True,
            )
            Tensor.__init__(self, op, 0, shape, init.dtype)
            op.outputs = (self,)
            guarded = _guarded_initial_value(init, base)
            assign_op = graph.create_op(
                "Assign",
                (self, guarded),
                None,
                graph.unique_name(base + "/Assign"),
                exact_name=True,
            )
        op.attrs["initializer"] = assign_op.name
        self.bind(init, assign_op, bool(trainable), collections)
        self.constraint = constraint
        # A TF1 ref variable unless asked otherwise: its reads alias its buffer (ref_reads).
        self._ref = not (RESOURCE_DEFAULT[0] if use_resource is None else bool(use_resource))

    @classmethod
    def from_node(cls, op: Operation) -> Variable:
        """The Variable of an existing `VariableV2` node (one a document loader just
        created), replacing the node's plain output so that later nodes take it as input;
        `bind` it once its initializer exists."""
        out = op.outputs[0]
        var = cls.__new__(cls)
        Tensor.__init__(var, op, 0, out.static_shape, out.dtype)
        op.outputs = (var,)
        return var

    def bind(
        self,
        initial_value: Tensor | None,
        initializer: Operation | None,
        trainable: bool,
        collections: list[str] | None = None,
        collect: bool = True,
    ) -> None:
        """Record the initializer and, when `collect`, add the variable to `collections`
        (TF1's default: global variables) and, if trainable, to the trainable variables."""
        self.initial_value = initial_value
        self.initializer = initializer
        self.trainable = trainable
        self.constraint = None
        if not collect:
            return
        graph = self.op.graph
        keys = [VARIABLES] if collections is None else list(collections)
        if trainable and TRAINABLE_VARIABLES not in keys:
            keys.append(TRAINABLE_VARIABLES)
        for key in keys:
            graph.add_to_collection(key, self)

    def value(self) -> Tensor:
        return self

    def __bool__(self) -> bool:
        """TF1's ref variable is an object, true (mixmatch's `ema_var if ema_var else
        var`); a resource variable refuses, as a tensor does."""
        if self._ref:
            return True
        return Tensor.__bool__(self)

    def _set_save_slice_info(self, save_slice_info: Any) -> None:
        """Mark this variable a slice of a partitioned one (a `SaveSliceInfo`): a Saver
        then writes it as a slice of the whole, as TF's does."""
        self._save_slice_info = save_slice_info

    def _get_save_slice_info(self) -> Any:
        return getattr(self, "_save_slice_info", None)

    def eval(self, session: Any = None) -> Any:
        """The value in `session`, or in the default session (TF's `Variable.eval`, whose
        one argument is the session, where a tensor's first is a feed)."""
        return Tensor.eval(self, None, session)

    def read_value(self) -> Tensor:
        """The value at this point of the run (after updates this op is ordered after);
        named `read` in the current scope, as TF1's."""
        return self.op.graph.create_op("ReadVariableOp", (self,), None, "read").outputs[0]

    def initialized_value(self) -> Tensor:
        """The value if the variable is initialized, else its initial value: for
        initializing one variable from another in the same initializer run."""
        graph = self.op.graph
        with graph.control_dependencies(None), graph.name_scope("cond"):
            return graph.create_op(
                "InitializedValue", (self, self.initial_value), None, "Merge"
            ).outputs[0]

    # TF1's signatures: `use_locking` is accepted (a run applies its updates as one), and
    # `read_value=False` returns the update's operation instead of the new value.
    def assign(
        self, value: Any, use_locking: Any = None, name: str | None = None, read_value=True
    ) -> Tensor | Operation:
        out = assign(self, value, name=name)
        return out if read_value else out.op

    def assign_add(
        self, delta: Any, use_locking: Any = None, name: str | None = None, read_value=True
    ) -> Tensor | Operation:
        out = assign_add(self, delta, name=name)
        return out if read_value else out.op

    def assign_sub(
        self, delta: Any, use_locking: Any = None, name: str | None = None, read_value=True
    ) -> Tensor | Operation:
        out = assign_sub(self, delta, name=name)
        return out if read_value else out.op

    def count_up_to(self, limit: int) -> Tensor:
        """`gg.count_up_to(self, limit)` (TF1's method)."""
        from .misc_ops import count_up_to

        return count_up_to(self, limit)

    def scatter_update(self, sparse_delta: Any, use_locking: bool = False, name=None) -> Tensor:
        """Set the rows of the `IndexedSlices` `sparse_delta` (TF1's method)."""
        return _sparse_update("scatter_update", self, sparse_delta, use_locking, name)

    def scatter_add(self, sparse_delta: Any, use_locking: bool = False, name=None) -> Tensor:
        return _sparse_update("scatter_add", self, sparse_delta, use_locking, name)

    def scatter_sub(self, sparse_delta: Any, use_locking: bool = False, name=None) -> Tensor:
        return _sparse_update("scatter_sub", self, sparse_delta, use_locking, name)

    def scatter_mul(self, sparse_delta: Any, use_locking: bool = False, name=None) -> Tensor:
        return _sparse_update("scatter_mul", self, sparse_delta, use_locking, name)

    def scatter_div(self, sparse_delta: Any, use_locking: bool = False, name=None) -> Tensor:
        return _sparse_update("scatter_div", self, sparse_delta, use_locking, name)

    def scatter_min(self, sparse_delta: Any, use_locking: bool = False, name=None) -> Tensor:
        return _sparse_update("scatter_min", self, sparse_delta, use_locking, name)

    def scatter_max(self, sparse_delta: Any, use_locking: bool = False, name=None) -> Tensor:
        return _sparse_update("scatter_max", self, sparse_delta, use_locking, name)

    def scatter_nd_update(self, indices: Any, updates: Any, name=None) -> Tensor:
        from .scatter_ops import scatter_nd_update

        return scatter_nd_update(self, indices, updates, name=name)

    def scatter_nd_add(self, indices: Any, updates: Any, name=None) -> Tensor:
        from .scatter_ops import scatter_nd_add

        return scatter_nd_add(self, indices, updates, name=name)

    def scatter_nd_sub(self, indices: Any, updates: Any, name=None) -> Tensor:
        from .scatter_ops import scatter_nd_sub

        return scatter_nd_sub(self, indices, updates, name=name)

    def scatter_nd_min(self, indices: Any, updates: Any, name=None) -> Tensor:
        from .scatter_ops import scatter_nd_min

        return scatter_nd_min(self, indices, updates, name=name)

    def scatter_nd_max(self, indices: Any, updates: Any, name=None) -> Tensor:
        from .scatter_ops import scatter_nd_max

        return scatter_nd_max(self, indices, updates, name=name)

    def __getitem__(self, key: Any) -> Tensor:
        """A slice, as any tensor's, that can also be assigned (`v[0].assign(x)`)."""
        out = Tensor.__getitem__(self, key)
        out.__class__ = _VariableSlice
        return out

    def load(self, value: Any, session=None) -> None:
        """Set the value in `session` (or the default session) without adding nodes."""
        from ..session import default_session

        (session or default_session()).set_variables({self.op.name: value})

    def __repr__(self) -> str:
        return f"<tf.Variable '{self.name}' shape={self.shape} dtype={self.dtype.name}>"

    # A variable prints as its repr, as TF's does (not as the Tensor it reads as).
    __str__ = __repr__


class _VariableSlice(Tensor):
    """The value of `variable[index]`; `assign` sets that slice of the variable."""

    __slots__ = ()

    def assign(self, value: Any, name: str | None = None) -> Tensor:
        from .scatter_ops import slice_assign

        return slice_assign(self, value, name)


def _sparse_update(method: str, var: Variable, sparse_delta: Any, use_locking, name) -> Tensor:
    # scatter_ops loads on first use, keeping `import graphgate` lean.
    from .scatter_ops import sparse_update

    return sparse_update(method, var, sparse_delta, use_locking, name)


def _update(type_: str, ref: Variable, value: Any, name: str | None, default: str) -> Tensor:
    if not isinstance(ref, Tensor) or ref.op.type != "VariableV2":
        raise error("INVALID_ATTR", f"{default} needs a Variable, got {ref!r}")
    graph = ref.op.graph
    if isinstance(value, Tensor):
        value = convert_to_tensor(value, ref.dtype, graph=graph)
        return graph.create_op(type_, (ref, value), None, name or default).outputs[0]
    with graph.name_scope(name, default) as name:
        value = convert_to_tensor(value, ref.dtype, "value", graph)
    return graph.create_op(type_, (ref, value), None, name).outputs[0]


def assign(
    ref: Variable,
    value: Any,
    validate_shape: Any = None,
    use_locking: Any = None,
    name: str | None = None,
) -> Tensor:
    """Set `ref` to `value`; the output is the new value. TF1's `use_locking` is accepted
    (a run applies its updates as one); a variable's shape never changes here, so
    `validate_shape=False` works only for a value of the variable's shape. A slice of a
    variable (`assign(v[0, 1:], x)`) is set as `v[0, 1:].assign(x)`, as TF1's `assign`
    hands a non-ref `ref` to its `assign` method (ignoring the other arguments)."""
    if isinstance(ref, _VariableSlice):
        return ref.assign(value, name=name)
    if validate_shape is False:
        _same_shape(ref, value)
    return _update("Assign", ref, value, name, "Assign")


def _same_shape(ref: Variable, value: Any) -> None:
    shape = value.static_shape if isinstance(value, Tensor) else np.shape(value)
    if shape != ref.static_shape:
        raise error(
            "UNIMPLEMENTED",
            f"assign(validate_shape=False) of a value shaped {shape} to {ref.name}, shaped "
            f"{ref.static_shape}: graphgate's variables keep their shape",
        )


def assign_add(
    ref: Variable, value: Any, use_locking: Any = None, name: str | None = None
) -> Tensor:
    return _update("AssignAdd", ref, value, name, "AssignAdd")


def assign_sub(
    ref: Variable, value: Any, use_locking: Any = None, name: str | None = None
) -> Tensor:
    return _update("AssignSub", ref, value, name, "AssignSub")


def group(*inputs: Any, name: str | None = None) -> Operation:
    """An op with no output that runs after all `inputs`."""
    flat = []
    for x in inputs:
        flat.extend(x if isinstance(x, list | tuple) else [x])
    graph = flat[0].graph if flat else get_default_graph()
    ops = [x.op if isinstance(x, Tensor) else x for x in flat]
    return graph.create_op(
        "NoOp", (), None, name or "group_deps", control_inputs=tuple(dict.fromkeys(ops))
    )


def no_op(name: str | None = None) -> Operation:
    return get_default_graph().create_op("NoOp", (), None, name or "NoOp")


def _collection(key: str, scope: Any, graph: Any) -> list:
    # graphgate's older `global_variables(graph)` passed the graph first.
    if scope is not None and not isinstance(scope, str):
        scope, graph = None, scope
    return (graph or get_default_graph()).get_collection(key, scope)


def global_variables(scope: str | None = None, graph=None) -> list[Variable]:
    """The global variables (of the default graph), filtered by `scope` as TF1's."""
    return _collection(VARIABLES, scope, graph)


def trainable_variables(scope: str | None = None, graph=None) -> list[Variable]:
    return _collection(TRAINABLE_VARIABLES, scope, graph)


def local_variables(scope: str | None = None, graph=None) -> list[Variable]:
    return _collection(LOCAL_VARIABLES, scope, graph)


all_variables = global_variables


def variables_initializer(var_list: list[Variable], name: str = "init") -> Operation:
    """One op that runs the initializers of `var_list`."""
    graph = var_list[0].op.graph if var_list else get_default_graph()
    ops = [v.initializer for v in var_list if v.initializer is not None]
    return graph.create_op("NoOp", (), None, name, control_inputs=tuple(ops))


def global_variables_initializer(graph=None) -> Operation:
    """One op that (re)initializes every variable of the graph."""
    graph = graph or get_default_graph()
    with graph.as_default():
        return variables_initializer(global_variables(graph))


def local_variables_initializer(graph=None) -> Operation:
    graph = graph or get_default_graph()
    with graph.as_default():
        return variables_initializer(local_variables(graph))


initialize_all_variables = global_variables_initializer
initialize_variables = variables_initializer
initialize_local_variables = local_variables_initializer
