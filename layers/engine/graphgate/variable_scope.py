"""Variables by name, TF1's way: `variable_scope`, `get_variable`, `GraphKeys`.

A graph keeps its variable store (full name -> Variable) and its current `VariableScope` in
two collections, as TensorFlow 1.x does, so both follow the graph, never the process.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from collections.abc import Iterator
from typing import Any

import numpy as np

from . import dtypes as _dt
from .errors import error
from .graph import Graph, Tensor, TensorShape, get_default_graph, shape_dims
from .ops.state_ops import LOCAL_VARIABLES, TRAINABLE_VARIABLES, VARIABLES, Variable
from .partitioned import (
    PartitionedVariable,
    PartitionInfo,
    SaveSliceInfo,
    check_partitions,
    slices,
)

# Tuple keys, as TF's: `get_all_collection_keys` lists string keys only, so a program
# listing its collections does not see these.
_STORE = ("__variable_store",)
_SCOPE = ("__varscope",)
_SCOPE_COUNTS = ("__varscope_counts",)


class GraphKeys:
    """The standard collection names, as `tf.GraphKeys`."""

    GLOBAL_VARIABLES = VARIABLES
    VARIABLES = VARIABLES
    LOCAL_VARIABLES = LOCAL_VARIABLES
    TRAINABLE_VARIABLES = TRAINABLE_VARIABLES
    MODEL_VARIABLES = "model_variables"
    MOVING_AVERAGE_VARIABLES = "moving_average_variables"
    REGULARIZATION_LOSSES = "regularization_losses"
    LOSSES = "losses"
    UPDATE_OPS = "update_ops"
    SUMMARIES = "summaries"
    TRAIN_OP = "train_op"
    GLOBAL_STEP = "global_step"
    INIT_OP = "init_op"
    LOCAL_INIT_OP = "local_init_op"
    READY_OP = "ready_op"
    SAVERS = "savers"
    QUEUE_RUNNERS = "queue_runners"
    ASSET_FILEPATHS = "asset_filepaths"
    COND_CONTEXT = "cond_context"
    WHILE_CONTEXT = "while_context"
    ACTIVATIONS = "activations"
    WEIGHTS = "weights"
    BIASES = "biases"
    CONCATENATED_VARIABLES = "concatenated_variables"
    TRAINABLE_RESOURCE_VARIABLES = "trainable_resource_variables"
    EVAL_STEP = "eval_step"
    METRIC_VARIABLES = "metric_variables"
    TABLE_INITIALIZERS = "table_initializer"
    SUMMARY_OP = "summary_op"
    READY_FOR_LOCAL_INIT_OP = "ready_for_local_init_op"
    RESOURCES = "resources"
    LOCAL_RESOURCES = "local_resources"
    SAVEABLE_OBJECTS = "saveable_objects"


class _AutoReuse:
    def __repr__(self) -> str:
        return "AUTO_REUSE"


AUTO_REUSE = _AutoReuse()


class VariableScope:
    """A variable scope: its name, whether it reuses variables, and defaults for the
    variables made in it (`initializer`, `regularizer`, `dtype`)."""

    def __init__(
        self,
        reuse: Any,
        name: str = "",
        initializer: Any = None,
        regularizer: Any = None,
        caching_device: Any = None,
        partitioner: Any = None,
        custom_getter: Any = None,
        name_scope: str = "",
        dtype: Any = _dt.float32,
        use_resource: Any = None,
        constraint: Any = None,
    ):
        # TF1's parameters in TF1's order; the caching device and the resource choice are
        # recorded only, as variable_scope's own (graphgate computes on one CPU).
        self.caching_device = caching_device
        self.use_resource = use_resource
        self._name = name
        self._reuse = reuse
        self.initializer = initializer
        self.regularizer = regularizer
        self.dtype = _dt.as_dtype(dtype)
        self.original_name_scope = name_scope
        self.constraint = constraint
        self.custom_getter = custom_getter
        self.partitioner = partitioner

    @property
    def name(self) -> str:
        return self._name

    @property
    def reuse(self) -> Any:
        return self._reuse

    def reuse_variables(self) -> None:
        """Reuse variables in this scope from now on."""
        self._reuse = True

    def set_initializer(self, initializer: Any) -> None:
        self.initializer = initializer

    def set_regularizer(self, regularizer: Any) -> None:
        self.regularizer = regularizer

    def set_dtype(self, dtype: Any) -> None:
        self.dtype = _dt.as_dtype(dtype)

    def set_custom_getter(self, custom_getter: Any) -> None:
        self.custom_getter = custom_getter

    def set_partitioner(self, partitioner: Any) -> None:
        self.partitioner = partitioner

    def set_use_resource(self, use_resource: Any) -> None:
        self.use_resource = use_resource

    def set_caching_device(self, caching_device: Any) -> None:
        self.caching_device = caching_device

    def get_variable(self, name: str, *args: Any, **kwargs: Any) -> Variable:
        with variable_scope(self):
            return get_variable(name, *args, **kwargs)

    def __repr__(self) -> str:
        return f"<gg.VariableScope {self._name!r} reuse={self._reuse!r}>"


def _scope_stack(graph: Graph) -> list[VariableScope]:
    stack = graph.get_collection_ref(_SCOPE)
    if not stack:
        stack.append(VariableScope(False))
    return stack


def get_variable_scope() -> VariableScope:
    """The current variable scope of the default graph."""
    return _scope_stack(get_default_graph())[-1]


def variable_store(graph: Graph | None = None) -> dict[str, Variable]:
    """The variables `get_variable` made in `graph` (default: the default graph), by full
    name: what TF1's `init_from_checkpoint` maps a checkpoint's names onto."""
    return dict(_store(graph or get_default_graph()))


def _store(graph: Graph) -> dict[str, Variable]:
    ref = graph.get_collection_ref(_STORE)
    if not ref:
        ref.append({})
    return ref[0]


def _scope_counts(graph: Graph) -> dict[str, int]:
    ref = graph.get_collection_ref(_SCOPE_COUNTS)
    if not ref:
        ref.append({})
    return ref[0]


def _unique_scope_name(graph: Graph, parent: str, default_name: str) -> str:
    """`default_name`, or `default_name_1`, ... whichever scope was never opened (TF1)."""
    counts = _scope_counts(graph)
    full = f"{parent}/{default_name}" if parent else default_name
    if not counts.get(full):
        return full
    i = 1
    while counts.get(f"{full}_{i}"):
        i += 1
    return f"{full}_{i}"


@contextlib.contextmanager
def variable_scope(
    name_or_scope: str | VariableScope | None,
    default_name: str | None = None,
    values: Any = None,
    initializer: Any = None,
    regularizer: Any = None,
    caching_device: Any = None,
    partitioner: Any = None,
    custom_getter: Any = None,
    reuse: Any = None,
    dtype: Any = None,
    use_resource: Any = None,
    constraint: Any = None,
    auxiliary_name_scope: bool = True,
) -> Iterator[VariableScope]:
    """`with gg.variable_scope("layer", reuse=...) as scope:` as TF1's.

    Variables made by `get_variable` inside are named `layer/<name>`; ops get the name
    scope `layer/` (made unique: `layer_1/` the second time, as TF1). `reuse=True` or
    `AUTO_REUSE` is inherited by nested scopes; `reuse=None` or False inherits the
    parent's. `initializer`, `regularizer` and `dtype` are defaults for the variables,
    `constraint` for those made in this `with` alone.
    """
    if name_or_scope is None and default_name is None:
        raise error("INVALID_ATTR", "variable_scope needs name_or_scope or default_name")
    graph = _graph_for(values)
    stack = _scope_stack(graph)
    parent = stack[-1]
    base = parent
    if isinstance(name_or_scope, VariableScope):
        base, name = name_or_scope, name_or_scope.name
    elif name_or_scope is not None:
        name = f"{parent.name}/{name_or_scope}" if parent.name else name_or_scope
    else:
        name = _unique_scope_name(graph, parent.name, default_name)
    counts = _scope_counts(graph)
    counts[name] = counts.get(name, 0) + 1
    if name_or_scope is not None:
        # Entering a scope by name restarts its sub-scopes' default names, as TF1's
        # close_variable_subscopes does: a reused `generator` scope makes `dense`,
        # `dense_1` again, so layers find their variables.
        for key in [k for k in counts if k.startswith(name + "/")]:
            counts[key] = 0
    with contextlib.ExitStack() as ctx:
        # Ops get a fresh name scope each time, even for a re-entered scope object (TF1:
        # `foo/`, then `foo_1/`...), while variables keep the scope's own name.
        if auxiliary_name_scope:
            given = name_or_scope if isinstance(name_or_scope, str) else None
            if name_or_scope is None:
                # TF1 opens the name scope of default_name itself: `layer_2/` ops may sit
                # in the variable scope `layer_1` when other `layer` name scopes exist.
                given = default_name
            ctx.enter_context(graph.name_scope(given or name.rsplit("/", 1)[-1]))
        current = graph.get_name_scope()
        name_scope = current + "/" if current else ""
        if isinstance(name_or_scope, VariableScope) and not auxiliary_name_scope:
            # Re-entered without a name scope of its own, a scope keeps its original one
            # (TF1's, for `with tf.name_scope(scope.original_name_scope)`).
            name_scope = name_or_scope.original_name_scope
        scope = VariableScope(
            reuse if reuse else base.reuse or parent.reuse,
            name,
            initializer=base.initializer if initializer is None else initializer,
            regularizer=base.regularizer if regularizer is None else regularizer,
            dtype=base.dtype if dtype is None else dtype,
            name_scope=name_scope,
            # Unlike the initializer, a constraint holds for this `with` alone, as TF1's:
            # neither nested scopes nor the scope object re-entered keep it.
            constraint=constraint,
            custom_getter=_wrap_getter(custom_getter, base.custom_getter),
            partitioner=base.partitioner if partitioner is None else partitioner,
            use_resource=base.use_resource if use_resource is None else use_resource,
            caching_device=base.caching_device if caching_device is None else caching_device,
        )
        stack.append(scope)
        try:
            yield scope
        finally:
            stack.pop()


def _graph_for(values: Any) -> Graph:
    for v in values or ():
        if isinstance(v, Tensor):
            return v.op.graph
    return get_default_graph()


def _initial_value(name: str, shape: Any, dtype: np.dtype, initializer: Any) -> Any:
    """The initial value (or a callable making it) from TF1's `initializer` forms."""
    if isinstance(initializer, type):
        initializer = initializer()
    if isinstance(initializer, Tensor) or not callable(initializer):
        if shape is not None:
            raise error(
                "INVALID_ATTR",
                f"If initializer is a constant, do not specify shape (variable {name}).",
            )
        return initializer
    shape = shape_dims(shape)
    if shape is None or None in shape:
        raise error("INVALID_ATTR", f"Shape of a new variable ({name}) must be fully defined")

    def make() -> Tensor:
        with get_default_graph().name_scope("Initializer"):
            return initializer(shape, dtype=dtype)

    return make


def _default_initializer(dtype: np.dtype) -> Any:
    from .train.initializers import glorot_uniform_initializer, zeros_initializer

    if dtype in _dt.FLOATS:
        return glorot_uniform_initializer()
    return zeros_initializer()


def get_variable(
    name: str,
    shape: Any = None,
    dtype: Any = None,
    initializer: Any = None,
    regularizer: Any = None,
    trainable: bool | None = None,
    collections: list[str] | None = None,
    caching_device: Any = None,
    partitioner: Any = None,
    validate_shape: bool = True,
    use_resource: Any = None,
    custom_getter: Any = None,
    constraint: Any = None,
    **kwargs: Any,
) -> Variable:
    """The variable `<scope>/name`: made if new, returned if the scope reuses.

    `initializer` is an initializer object or function `(shape, dtype)`, or a constant
    value or tensor (then `shape` is not given); default: the scope's, else Glorot
    uniform for floats and zeros otherwise. Raises ValueError (VARIABLE_EXISTS) for an
    existing name outside a reusing scope, ValueError (UNKNOWN_VARIABLE) for a missing
    name in a `reuse=True` scope, as TF1.
    """
    graph = get_default_graph()
    scope = _scope_stack(graph)[-1]
    full = f"{scope.name}/{name}" if scope.name else name
    # What TF1's VariableScope.get_variable settles before its store sees the call, so
    # that a custom getter is handed the scope's defaults, not Nones.
    explicit = None if dtype is None else _dt.as_dtype(dtype)
    if explicit is not None and initializer is not None and not callable(initializer):
        given = initializer.dtype if isinstance(initializer, Tensor) else _value_dtype(initializer)
        if given != explicit:
            raise error(
                "INVALID_ATTR",
                f"Initializer type '{given.name}' and explicit dtype '{explicit.name}' don't "
                "match.",
                node=full,
            )
    settled = {
        "shape": shape,
        "dtype": scope.dtype if explicit is None else explicit,
        "initializer": scope.initializer if initializer is None else initializer,
        "regularizer": scope.regularizer if regularizer is None else regularizer,
        "reuse": scope.reuse,
        "trainable": True if trainable is None else trainable,
        "collections": collections,
        "caching_device": scope.caching_device if caching_device is None else caching_device,
        "partitioner": scope.partitioner if partitioner is None else partitioner,
        "validate_shape": validate_shape,
        "use_resource": scope.use_resource if use_resource is None else use_resource,
        "synchronization": kwargs.get("synchronization"),
        "aggregation": kwargs.get("aggregation"),
    }
    constraint = scope.constraint if constraint is None else constraint
    # A getter given here replaces the scope's, as TF1's (it does not wrap it).
    custom_getter = scope.custom_getter if custom_getter is None else custom_getter
    if custom_getter is None:
        return _true_getter(full, constraint=constraint, **settled)
    if not callable(custom_getter):
        raise ValueError(f"Passed a custom_getter which is not callable: {custom_getter!r}")
    getter: Any = _true_getter
    if _takes_constraint(custom_getter):
        settled["constraint"] = constraint
    else:
        getter = functools.partial(_true_getter, constraint=constraint)
    return custom_getter(getter=getter, name=full, **settled)


def create_partitioned_variables(
    shape: Any,
    slicing: Any,
    initializer: Any,
    dtype: Any = _dt.float32,
    trainable: bool = True,
    collections: list[str] | None = None,
    name: str | None = None,
    reuse: Any = None,
) -> list[Variable]:
    """TF1's `tf.create_partitioned_variables`: the slices of a variable of `shape` cut
    into `slicing[i]` parts along each dimension, named `<name>/part_<i>` (the name
    defaults to `PartitionedVariable`, made unique), each initialized with its partition
    of `initializer`."""
    shape, slicing = list(shape), list(slicing)
    if len(shape) != len(slicing):
        raise error(
            "INVALID_ATTR",
            "The 'shape' and 'slicing' of a partitioned Variable must have the length: "
            f"shape: {shape}, slicing: {slicing}",
        )
    if len(shape) < 1:
        raise error(
            "INVALID_ATTR", f"A partitioned Variable must have rank at least 1: shape: {shape}"
        )
    with variable_scope(name, "PartitionedVariable", reuse=reuse):
        scope = _scope_stack(get_default_graph())[-1]
        var = _true_getter(
            scope.name,
            shape=shape,
            dtype=_dt.as_dtype(dtype),
            initializer=initializer,
            trainable=trainable,
            collections=collections,
            partitioner=lambda **_: slicing,
            reuse=scope.reuse,
        )
    return list(var)


def _true_getter(
    name: str,
    shape: Any = None,
    dtype: Any = None,
    initializer: Any = None,
    regularizer: Any = None,
    reuse: Any = None,
    trainable: bool | None = None,
    collections: list[str] | None = None,
    caching_device: Any = None,
    partitioner: Any = None,
    validate_shape: bool = True,
    use_resource: Any = None,
    constraint: Any = None,
    synchronization: Any = None,
    aggregation: Any = None,
) -> Variable:
    """TF1's `_true_getter`: the variable of full name `name`, made if new, returned if
    `reuse` allows. What a custom getter calls as its `getter`."""
    graph = get_default_graph()
    scope = _scope_stack(graph)[-1]
    full = name
    store = _store(graph)
    found = store.get(full)
    # A scalar is never partitioned: TF's store makes it a plain variable.
    scalar = shape is not None and not isinstance(shape, Tensor) and shape_dims(shape) == ()
    if (
        partitioner is not None
        and not scalar
        and (found is None or isinstance(found, PartitionedVariable))
    ):
        return _partitioned(
            graph, scope, full, (shape, dtype, initializer, regularizer, trainable, collections),
            partitioner, reuse,
        )  # fmt: skip
    if found is not None:
        if reuse is False or reuse is None:
            raise error(
                "VARIABLE_EXISTS",
                f"Variable {full} already exists, disallowed. Did you mean to set "
                "reuse=True or reuse=tf.AUTO_REUSE in VarScope?",
                node=full,
            )
        _check_shared(found, full, shape, dtype)
        return found
    if reuse is True:
        raise error(
            "UNKNOWN_VARIABLE",
            f"Variable {full} does not exist, or was not created with tf.get_variable(). "
            "Did you mean to set reuse=tf.AUTO_REUSE in VarScope?",
            node=full,
        )
    var = _new_variable(
        graph, scope, full, shape, dtype, initializer, trainable, collections, use_resource
    )
    if constraint is not None:
        if not callable(constraint):
            raise ValueError("The `constraint` argument must be a callable.")
        var.constraint = constraint  # applied after each optimizer update, as TF1's
    store[full] = var
    _regularize(graph, full, var, regularizer)
    return var


def _regularize(graph: Graph, name: str, var: Variable, regularizer: Any) -> None:
    """`regularizer(var)` under `<name>/Regularizer/`, into the regularization losses."""
    if regularizer is None:
        return
    with graph.name_scope(name + "/Regularizer/"):
        loss = regularizer(var)
    if loss is not None:
        graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)


def _takes_constraint(getter: Any) -> bool:
    """TF1 hands `constraint` only to getters that name it or take **kwargs: getters
    written before it existed would otherwise fail."""
    try:
        params = inspect.signature(getter).parameters.values()
    except (TypeError, ValueError):
        return True
    return any(p.name == "constraint" or p.kind is p.VAR_KEYWORD for p in params)


def _wrap_getter(custom_getter: Any, enclosing: Any) -> Any:
    """A nested scope's getter around its enclosing scope's, as TF1's
    `_maybe_wrap_custom_getter`: the inner one is handed the outer one (bound to the
    true getter) as its `getter`."""
    if custom_getter is None or enclosing is None:
        return custom_getter or enclosing

    def wrapped(getter: Any, *args: Any, **kwargs: Any) -> Any:
        return custom_getter(functools.partial(enclosing, getter), *args, **kwargs)

    return wrapped


def _value_dtype(value: Any) -> _dt.DType:
    return _dt.as_dtype(_dt.default_array(value).dtype)


def _partitioned(graph, scope, full, args, partitioner, reuse) -> PartitionedVariable:
    """`get_variable` of a partitioned variable: its slices `<full>/part_<i>`, each made
    (or reused) as TF's are, initialized with its `PartitionInfo`."""
    shape, dtype, initializer, regularizer, trainable, collections = args
    store = _store(graph)
    found = store.get(full)
    if found is not None:
        if reuse is False or reuse is None:
            raise error("VARIABLE_EXISTS", f"Partitioned variable with name {full} already exists.")
        _check_shared(found, full, shape, dtype)
        _check_same_partitions(found, full, partitioner)
        return found
    if reuse is True:
        raise error("UNKNOWN_VARIABLE", f"PartitionedVariable {full} does not exist.", node=full)
    dims = shape_dims(shape) if shape is not None else None
    if dims is None or None in dims:
        raise error(
            "INVALID_ATTR", f"Shape of a new partitioned variable ({full}) must be fully defined"
        )
    dtype = _dt.as_dtype(dtype) if dtype is not None else scope.dtype
    init = scope.initializer if initializer is None else initializer
    init = _default_initializer(dtype) if init is None else init
    if isinstance(init, type):
        init = init()
    if not callable(init):
        raise error(
            "UNIMPLEMENTED", f"a partitioned variable ({full}) takes an initializer function"
        )
    parts_per_dim = check_partitions(
        partitioner(shape=TensorShape(list(dims)), dtype=dtype), list(dims)
    )
    axis, shapes, offsets = slices(list(dims), parts_per_dim)
    reg = scope.regularizer if regularizer is None else regularizer
    parts = []
    for i, (part_shape, offset) in enumerate(zip(shapes, offsets, strict=True)):
        info = PartitionInfo(list(dims), offset)
        part_init = functools.partial(_with_partition_info, init, info)
        part_name = f"{full}/part_{i}"
        var = _new_variable(
            graph, scope, part_name, part_shape, dtype, part_init, trainable, collections
        )
        store[part_name] = var
        var._set_save_slice_info(SaveSliceInfo(full, list(dims), offset, part_shape))
        _regularize(graph, part_name, var, reg)
        parts.append(var)
    result = PartitionedVariable(full, list(dims), dtype, parts, axis)
    store[full] = result
    return result


def _check_same_partitions(found: PartitionedVariable, full: str, partitioner) -> None:
    """A reuse's partitioner must slice the variable as it was sliced (TF's ValueError)."""
    dims = found.shape.as_list()
    asked = check_partitions(partitioner(shape=TensorShape(dims), dtype=found.dtype), dims)
    had = [1] * len(dims)
    had[found._partition_axes()[0]] = len(found)
    if asked != had:
        raise error(
            "INVALID_ATTR",
            f"Trying to reuse partitioned variable {full}, but specified partitions {asked} "
            f"and found partitions {had}.",
        )


def _with_partition_info(init, info, shape, dtype=None, partition_info=None):
    return init(shape, dtype=dtype, partition_info=info)


def _new_variable(
    graph, scope, full, shape, dtype, initializer, trainable, collections, use_resource=None
):
    # A value's own dtype makes the variable, whatever dtype the scope defaulted to (TF1's
    # store ignores `dtype` for a value; `get_variable` refused a value of another).
    if isinstance(initializer, Tensor):
        dtype = initializer.dtype
    elif initializer is not None and not callable(initializer):
        dtype = _value_dtype(initializer)
    dtype = _dt.as_dtype(dtype) if dtype is not None else scope.dtype
    init = scope.initializer if initializer is None else initializer
    if init is None:
        init = _default_initializer(dtype)
    value = _initial_value(full, shape, dtype, init)
    with graph.as_default(), graph.name_scope(""):
        return Variable(
            value,
            trainable=True if trainable is None else bool(trainable),
            name=full,
            dtype=dtype,
            collections=collections,
            use_resource=use_resource,
        )


def _check_shared(var: Variable, full: str, shape: Any, dtype: Any) -> None:
    found = var.shape.as_list()
    if shape is not None and list(shape_dims(shape)) != found:
        raise error(
            "SHAPE_MISMATCH",
            f"Trying to share variable {full}, but specified shape {list(shape)} "
            f"and found shape {found}.",
            node=full,
        )
    if dtype is not None and _dt.as_dtype(dtype) != var.dtype:
        raise error(
            "INVALID_ATTR",  # a ValueError in TF, as the shape mismatch above
            f"Trying to share variable {full}, but specified dtype "
            f"{_dt.as_dtype(dtype).name} and found dtype {var.dtype.name}.",
            node=full,
        )


def get_local_variable(name: str, *args: Any, **kwargs: Any) -> Variable:
    """`get_variable` into the local variables, not trainable."""
    kwargs["collections"] = [LOCAL_VARIABLES]
    kwargs["trainable"] = False
    return get_variable(name, *args, **kwargs)
