"""Symbolic differentiation: `gradients` adds the backward pass to the graph as ordinary
nodes (as `tf.gradients` does), so gradients can be fetched, serialized and run remotely."""

from __future__ import annotations

import enum
import inspect
import itertools
from collections.abc import Callable
from typing import Any

import numpy as np

from . import dtypes as _dt
from . import ref_reads as _ref_reads
from .errors import GraphgateError, error
from .graph import Operation, Tensor, convert_to_tensor, get_default_graph
from .indexed_slices import TraversalOrder, from_gradient
from .ops import registry as _registry
from .ops.array_ops import ones, ones_like, zeros_like
from .ops.math_ops import add_n

# Gradients registered from user code (`gg.RegisterGradient`, `gg.no_gradient`), by name:
# an op type without a gradient of its own, or a name for `gradient_override_map`. None
# marks a type declared not differentiable.
_USER_GRADIENTS: dict[str, Callable | None] = {}


class AggregationMethod:
    """TF1's names for how gradients are summed; graphgate sums with add_n whichever is
    asked, which gives the same values."""

    ADD_N = 0
    DEFAULT = ADD_N
    EXPERIMENTAL_TREE = 1
    EXPERIMENTAL_ACCUMULATE_N = 2
    VALID = (ADD_N, EXPERIMENTAL_TREE, EXPERIMENTAL_ACCUMULATE_N)


class UnconnectedGradients(enum.Enum):
    """What `gradients` returns for an x that ys do not depend on (TF1's enum)."""

    NONE = "none"
    ZERO = "zero"


def _register(op_type: Any, fn: Callable | None) -> None:
    if not isinstance(op_type, str):
        raise TypeError("op_type must be a string")
    # Asked of the registry's owner: a type of a family not loaded yet has its gradient
    # too (TF's KeyError), or a fresh process took what a warm one refused, and used it.
    d = _registry.known(op_type)
    if op_type in _USER_GRADIENTS or (d is not None and (d.grad or not d.differentiable)):
        # TF's registry refuses a second registration of a name (KeyError).
        raise KeyError(f"Registering two gradient with name '{op_type}'!")
    _USER_GRADIENTS[op_type] = fn


class RegisterGradient:
    """Decorator registering `f(op, *grads)` as the gradient of op type (or override
    name) `op_type`, as `tf.RegisterGradient`."""

    def __init__(self, op_type: str):
        if not isinstance(op_type, str):
            raise TypeError("op_type must be a string")
        self._op_type = op_type

    def __call__(self, f: Callable) -> Callable:
        _register(self._op_type, f)
        return f


def no_gradient(op_type: str) -> None:
    """Declare `op_type` not differentiable (`tf.no_gradient`, `tf.NotDifferentiable`)."""
    _register(op_type, None)


NotDifferentiable = no_gradient
NoGradient = no_gradient


def _user_gradient(fn: Callable) -> Callable:
    """Call a user's gradient function as TF does: missing output gradients are zeros,
    one tensor stands for a list of one, and there must be one gradient per input."""

    def grad(op: Operation, *out_grads: Tensor | None) -> list:
        out_grads = tuple(
            zeros_like(t) if g is None and t.dtype in _dt.DIFFERENTIABLE else g
            for t, g in zip(op.outputs, out_grads, strict=True)
        )
        got = fn(op, *out_grads)
        got = [got] if got is None or not isinstance(got, list | tuple) else list(got)
        if len(got) != len(op.inputs):
            raise ValueError(
                f"Num gradients {len(got)} generated for op {op.name} do not match num "
                f"inputs {len(op.inputs)}"
            )
        return [None if g is None else convert_to_tensor(g) for g in got]

    return grad


def _gradient_function(op: Operation) -> tuple[bool, Callable | None]:
    """(differentiable, gradient function) of `op`, its override name's first."""
    kind = op.graph.gradient_overrides.get(op, op.type)
    if kind in _USER_GRADIENTS:
        fn = _USER_GRADIENTS[kind]
        return fn is not None, None if fn is None else _user_gradient(fn)
    # A built-in op type's gradient under its name (`{"Round": "Identity"}`, the classic
    # straight-through estimator), as TF's one registry of gradients has them; a name
    # nothing was registered under is NO_GRADIENT.
    d = _registry.known(kind)
    if d is None:
        return True, None
    return d.differentiable, d.grad


def _as_list(x: Any) -> list:
    return list(x) if isinstance(x, list | tuple) else [x]


def _default_grad_y(y: Tensor, i: int) -> Tensor:
    """TF1's `_DefaultGradYs`: ones of `y`'s shape, read from `y` only when its shape is
    not known when built (TF's `shape(y)` of a known shape is a constant), so a run
    fetching a gradient that needs no value of `y` does not compute `y` (a loop output
    whose variable only `y` reads, and the ops and effects on its path)."""
    shape = y.static_shape
    if shape is not None and None not in shape:
        return ones(list(shape), y.dtype, name=f"grad_ys_{i}")
    return ones_like(y, name=f"grad_ys_{i}")


def gradients(
    ys: Any,
    xs: Any,
    grad_ys: Any = None,
    name: str = "gradients",
    colocate_gradients_with_ops: bool = False,
    gate_gradients: bool = False,
    aggregation_method: Any = None,
    stop_gradients: Any = None,
    unconnected_gradients: Any = UnconnectedGradients.NONE,
    *,
    within: Any = None,
    dense: bool = False,
) -> list[Any]:
    """Gradients of `sum(ys)` with respect to each of `xs`, as new graph nodes.

    Parameters
    ----------
    ys, xs:
        A tensor or a list of tensors of one graph.
    grad_ys:
        Upstream gradients for `ys` (ones by default).
    colocate_gradients_with_ops, gate_gradients, aggregation_method:
        Accepted and ignored, as they change only where and in what order TF sums.
    stop_gradients:
        Tensors treated as constants.
    unconnected_gradients:
        "none" (or `UnconnectedGradients.NONE`) gives None for an x that ys do not
        depend on, "zero" zeros of x's shape.
    within:
        A control-flow body: only its own ops are differentiated (xs are then its
        arguments and captures); used by the gradients of cond and while_loop.
    dense:
        Return every gradient as a dense tensor, IndexedSlices included (the engine's own
        callers that only compute with them).

    Returns
    -------
    One tensor per x, with x's shape and dtype, or None when x does not affect ys (or only
    through integer, boolean or `stop_gradient` paths). Fan-out is summed, broadcasting is
    reduced back to each input's shape. Where TF1 returns an `IndexedSlices` (the gradient
    of a gather or an embedding_lookup along axis 0 with respect to its table) so does
    this, made from the dense gradient (`indexed_slices.from_gradient`).

    Raises
    ------
    GraphgateError
        NO_GRADIENT if an op on the path has no gradient function.
    """
    try:
        unconnected = UnconnectedGradients(unconnected_gradients)
    except ValueError:
        raise ValueError(
            f"Unknown value for unconnected_gradients: {unconnected_gradients!r}"
        ) from None
    if aggregation_method not in (None, *AggregationMethod.VALID):
        raise ValueError(
            f"Invalid `aggregation_method` specified {aggregation_method}. Accepted values "
            f"are {list(AggregationMethod.VALID)}."
        )
    ys, xs = _as_list(ys), _as_list(xs)
    if not ys or not xs:  # TF1: nothing to differentiate, or nothing to differentiate by
        return [None] * len(xs)
    if within is None:
        _check_complex_seeds(ys, grad_ys)
        _check_seed_sizes(ys, grad_ys)
    grads, between = _gradients(ys, xs, grad_ys, name, stop_gradients, within)
    grads = _inside_loops(grads, ys, xs, within, name)
    if unconnected is UnconnectedGradients.ZERO:
        # TF makes these zeros outside the `gradients` scope.
        with xs[0].op.graph.as_default():
            grads = [_zeros_of(x) if g is None else g for g, x in zip(grads, xs, strict=True)]
    if within is None and not dense:
        order = TraversalOrder(ys, between)
        grads = [from_gradient(g, order) for g in grads]
    return grads


def _inside_loops(grads: list, ys: list, xs: list, within: Any, name: str) -> list:
    """Each x inside a while_loop body that ys depend on gets, where its gradient is None,
    TF1's answer: a gradient no run may fetch (TF's lives in the gradient loop's frame),
    which fails with a message saying why wherever else a run meets it."""
    held = [_loop_holding(x, within) if g is None else None for g, x in zip(grads, xs, strict=True)]
    if all(loop is None for loop in held):
        return grads
    feeding = _ancestors(ys)
    return [
        _inaccessible(x, name) if loop is not None and loop in feeding else g
        for g, x, loop in zip(grads, xs, held, strict=True)
    ]


def _loop_holding(x: Any, within: Any) -> Operation | None:
    """The op at `within`'s level holding `x` when a while_loop body (at any depth) does."""
    if not isinstance(x, Tensor):
        return None
    graph, body, in_loop = x.op.graph, x.op.graph.body_of(x.op), False
    while body is not None and body is not within and body.op is not None:
        in_loop = in_loop or body.op.type == "While"
        if graph.body_of(body.op) is within:
            return body.op if in_loop else None
        body = graph.body_of(body.op)
    return None


def _ancestors(ys: list) -> set:
    seen: set = set()
    todo = [y.op for y in ys if isinstance(y, Tensor)]
    while todo:
        op = todo.pop()
        if op not in seen:
            seen.add(op)
            todo.extend(t.op for t in op.inputs)
            todo.extend(op.control_inputs)
    return seen


def _inaccessible(x: Tensor, name: str) -> Tensor:
    from .ops.array_ops import identity, placeholder_with_default, zeros
    from .ops.debug_ops import Assert

    graph = x.op.graph
    shape = x.static_shape
    with graph.as_default(), graph.name_scope(name), graph.name_scope(x.op.name + "_grad"):
        known = [1] if shape is None else [1 if d is None else d for d in shape]
        value = placeholder_with_default(zeros(known, x.dtype), shape, name="in_loop_body")
        check = Assert(
            False,
            [
                f"the gradient with respect to {x.name}, a tensor inside a while_loop body, "
                "is only inside the loop (TensorFlow's cannot be fetched or used outside "
                "it either); differentiate with respect to the loop's inputs instead"
            ],
        )
        with graph.control_dependencies([check]):
            grad = identity(value)
    graph.prevent_fetching(grad.op)
    return grad


def _check_seed_sizes(ys: list, grad_ys: Any) -> None:
    """A grad_y of another element count than its y: TF's gradient functions fail
    building on it (a mean's reshape of it to the reduced shape), where broadcasting it
    would give a gradient of another shape than its variable. Known sizes only."""
    import numpy as np

    seeds = [None] * len(ys) if grad_ys is None else _as_list(grad_ys)
    for y, gy in zip(ys, seeds, strict=False):
        if gy is None or not isinstance(y, Tensor):
            continue
        seed = gy.static_shape if isinstance(gy, Tensor) else np.shape(gy)
        shape = y.static_shape
        if seed is None or shape is None or None in seed or None in shape:
            continue
        if int(np.prod(seed)) != int(np.prod(shape)):
            raise ValueError(
                f"grad_ys of shape {list(seed)} for {y.name} of shape {list(shape)}: "
                "a gradient seed must have its y's elements"
            )


def _given_grad_y(y: Tensor, gy: Any, i: int, graph: Any) -> Tensor:
    """A grad_y given, as TF's `_DefaultGradYs` takes it: converted by its own value (a
    Python float list is float32 whatever y's dtype, a numpy array keeps its dtype, so
    another dtype than y's fails in the gradient functions, as TF's), and refused
    (TypeError) when complex for a real y or real for a complex one."""
    seed = gy if isinstance(gy, Tensor) else convert_to_tensor(gy, None, f"grad_ys_{i}", graph)
    if (y.dtype in _dt.COMPLEX) != (seed.dtype in _dt.COMPLEX):
        raise error(
            "DTYPE_MISMATCH",
            f"Gradient type {seed.dtype.name} generated for tensor {y.name} with type "
            f"{y.dtype.name}: a complex y takes a complex gradient, a real y a real one",
        )
    return seed


def _check_complex_seeds(ys: list, grad_ys: Any) -> None:
    """TF1's tf.gradients refuses a complex y without its grad_ys (TypeError)."""
    seeds = [None] * len(ys) if grad_ys is None else _as_list(grad_ys)
    for y, gy in zip(ys, seeds, strict=False):
        if gy is None and isinstance(y, Tensor) and y.dtype in _dt.COMPLEX:
            raise error(
                "DTYPE_MISMATCH",
                f"Gradients of complex tensors ({y.name}) must set grad_ys "
                f"(y.dtype = {y.dtype.name})",
            )


def _gradients(
    ys: list,
    xs: list,
    grad_ys: Any,
    name: str,
    stop_gradients: Any,
    within: Any,
) -> tuple[list[Tensor | None], set[Operation]]:
    """The dense gradients, and the forward ops between xs and ys."""
    graph = ys[0].op.graph
    grad_ys = [None] * len(ys) if grad_ys is None else _as_list(grad_ys)
    stops = {t for t in _as_list(stop_gradients)} if stop_gradients is not None else set()

    # Tensors that depend on some x, walking forward in creation (topological) order.
    reached: set[Tensor] = set(xs)
    first = min(x.op.index for x in xs)
    last = max(y.op.index for y in ys)
    for op in graph.op_list[first : last + 1]:
        if any(t in reached for t in op.inputs):
            reached.update(op.outputs)
    # The operations between xs and ys.
    between: set[Operation] = set()
    # Tensors inside an If's branch that an op outside reads (a gradient cond reads the
    # forward branch's values; differentiating it again reaches them): their gradients
    # go through that If's gradient, which differentiates its branch with them.
    inner: dict[Operation, list[Tensor]] = {}
    stack = []
    for y in ys:
        if y in reached:
            owner = _enclosing_if(graph, y.op, within)
            if owner is not None and y not in inner.setdefault(owner, []):
                inner[owner].append(y)
            stack.append(y.op if owner is None else owner)
    while stack:
        op = stack.pop()
        if op in between or (within is not None and graph.body_of(op) is not within):
            continue
        between.add(op)
        for t in op.inputs:
            if t in reached and t not in stops and t.op not in between:
                owner = _enclosing_if(graph, t.op, within)
                if owner is not None and t not in inner.setdefault(owner, []):
                    inner[owner].append(t)
                stack.append(t.op if owner is None else owner)

    # Each tensor's gradients keyed by when TF's backward pass makes them (a y's seed
    # first): they are summed in TF's order, the order gradients_util's queue meets their
    # ops, not this pass's reverse creation order (AddN adds left to right, so three or
    # more floats differ in the last bits in another order).
    pending: dict[Tensor, list[tuple[int, Tensor]]] = {}
    order = TraversalOrder(ys, between)
    # Built under the caller's control dependencies, as TF's: a gradient made after an
    # update (pix2pix's generator step `with control_dependencies([discrim_train])`) reads
    # the variables as updated, where TF1's reads alias the variable's buffer.
    with graph.as_default(), graph.name_scope(name):
        for i, (y, gy) in enumerate(zip(ys, grad_ys, strict=True)):
            if y.dtype is _dt.string and gy is None:
                raise error("DTYPE_MISMATCH", f"{y.name} is a string: it has no gradient")
            if y.dtype not in _dt.DIFFERENTIABLE:
                continue
            seed = _default_grad_y(y, i) if gy is None else _given_grad_y(y, gy, i, graph)
            pending.setdefault(y, []).append((-1, seed))

        def total(t: Tensor) -> Tensor | None:
            parts = pending.get(t)
            if not parts:
                return None
            if len(parts) > 1:
                parts.sort(key=lambda part: part[0])  # stable: one op's inputs in order
                parts[:] = [(-1, add_n([g for _, g in parts]))]
            return parts[0][1]

        xset = set(xs)
        for op in sorted(between, key=lambda o: o.index, reverse=True):
            out_grads = [total(t) for t in op.outputs]
            branch_grads = {t: g for t in inner.get(op, ()) if (g := total(t)) is not None}
            if all(g is None for g in out_grads) and not branch_grads:
                continue
            if all(t in xset for t in op.outputs) and not any(t in reached for t in op.inputs):
                continue
            if op.type == "WhileGrad" and not _reached_by_value(op, reached):
                # Reached only through its forward loop's iteration count: no gradient
                # flows back (TF1's count reads the loop variables only through the
                # cond), so no second-order error either.
                continue
            if op.graph.gradient_overrides or _USER_GRADIENTS:
                differentiable, grad_fn = _gradient_function(op)
            else:
                d = op.definition
                differentiable, grad_fn = d.differentiable, d.grad
            if not differentiable:
                continue
            if grad_fn is None:
                raise error(
                    "NO_GRADIENT",
                    f"no gradient is defined for {op.type}",
                    node=op.name,
                    details={"op": op.type},
                )
            extra: dict[str, Any] = {}
            if branch_grads:  # only an If has them (`_enclosing_if`)
                extra["inner"] = branch_grads
            if getattr(grad_fn, "takes_reached", False):
                # A cond's or loop's gradient differentiates its bodies only along the
                # paths from the inputs that depend on some x, as TF1's gradients()
                # builds no gradient of an op off the paths between xs and ys.
                extra["reached"] = frozenset(t for t in op.inputs if t in reached)
            # Each op's gradient nodes live under `gradients/<op>_grad/`, as TensorFlow's.
            with graph.name_scope(op.name + "_grad"), _ref_reads.as_tf_reads(op):
                in_grads = grad_fn(op, *out_grads, **extra)
            # A stop tensor still collects its own gradient (it may be an x: TF's
            # gradients(a + 2a, [a, b], stop_gradients=[a, b]) is [1, 1]); the walk for
            # `between` never passes through it.
            for t, g in zip(op.inputs, in_grads, strict=True):
                if g is None or t not in reached or t.dtype not in _dt.DIFFERENTIABLE:
                    continue
                _known_shape(g, t, op)
                pending.setdefault(t, []).append((order.rank(op), g))
        return [total(x) if x.dtype in _dt.DIFFERENTIABLE else None for x in xs], between


def _known_shape(g: Any, t: Tensor, op: Operation) -> None:
    """TF's gradients() tells each input's gradient the input's static shape (a sparse
    op's gradient of its values, computed through shape tensors, learns them so)."""
    if not isinstance(g, Tensor) or t.static_shape is None:
        return
    try:
        g.set_shape(t.static_shape)
    except GraphgateError as exc:
        raise error(
            "SHAPE_MISMATCH",
            f"Incompatible shapes between op input and calculated input gradient. "
            f"Forward operation: {op.name}. Input index: {list(op.inputs).index(t)}. "
            f"Original input shape: {t.static_shape}. Calculated input gradient shape: "
            f"{g.static_shape}",
            node=op.name,
        ) from exc


def _reached_by_value(op: Operation, reached: set) -> bool:
    """Whether a differentiable input of `op` depends on some x."""
    return any(t in reached and t.dtype in _dt.DIFFERENTIABLE for t in op.inputs)


def _enclosing_if(graph: Any, op: Operation, within: Any) -> Operation | None:
    """The If of `within` (or of the top level) whose branch holds `op`, however deep,
    when `op` is in one."""
    body = graph.body_of(op)
    while body is not None and body is not within:
        owner = body.op
        if owner is None or owner.type != "If":
            return None  # a loop body: its values are not readable from outside anyway
        if graph.body_of(owner) is within:
            return owner
        body = graph.body_of(owner)
    return None


def _zeros_of(x: Any) -> Tensor:
    """TF's `zeros_like` of an unconnected x: a constant when x's shape is known (so a
    placeholder x needs no feed), else zeros of its run-time shape."""
    from .ops.array_ops import zeros

    x = convert_to_tensor(x)
    shape = x.static_shape
    if shape is not None and None not in shape:
        return zeros(list(shape), x.dtype, name="zeros_like")
    return zeros_like(x)


_CUSTOM_NAMES = itertools.count()


def custom_gradient(f: Callable) -> Callable:
    """Decorator: `f(*args)` returns `(result, grad_fn)`; gradients of the result use
    `grad_fn(*result_grads)` instead of differentiating `f`, as `tf.custom_gradient` in
    graph mode (an `IdentityN` over results, args and the variables `f` reads, its
    gradient overridden).

    `grad_fn` returns one gradient per arg; when `f` reads variables, `grad_fn` takes the
    keyword `variables` and returns `(arg_grads, variable_grads)`.
    """

    def decorated(*args: Any, **kwargs: Any) -> Any:
        if kwargs:
            raise ValueError(
                "The custom_gradient decorator currently supports keywords arguments only "
                "when eager execution is enabled."
            )
        args = [convert_to_tensor(a) for a in args]
        result, grad_fn = f(*args)
        return _custom_identity(args, result, grad_fn)

    decorated.__name__ = getattr(f, "__name__", "custom_gradient")
    decorated.__doc__ = getattr(f, "__doc__", None)
    return decorated


def _custom_identity(args: list[Tensor], result: Any, grad_fn: Callable) -> Any:
    from .ops.extra_array_ops import identity_n

    flat = [convert_to_tensor(r) for r in _as_list(result)]
    variables = _variables_between(args, flat)
    params = inspect.signature(grad_fn).parameters
    takes_variables = "variables" in params or any(
        p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()
    )
    if variables and not takes_variables:
        raise TypeError(
            "@tf.custom_gradient grad_fn must accept keyword argument 'variables', since "
            f"function uses variables: {variables}"
        )
    n = len(flat)

    def grad(op: Operation, *result_grads: Tensor) -> list:
        if variables:
            arg_grads, var_grads = grad_fn(*result_grads[:n], variables=variables)
            if len(var_grads) != len(variables):
                raise ValueError(
                    "Must return gradient for each variable from @custom_gradient grad_fn."
                )
        else:
            arg_grads, var_grads = grad_fn(*result_grads[:n]), []
        return [None] * n + _as_list(arg_grads) + list(var_grads)

    name = f"CustomGradient-{next(_CUSTOM_NAMES)}"
    _USER_GRADIENTS[name] = grad
    graph = flat[0].op.graph if flat else get_default_graph()
    var_tensors = [convert_to_tensor(v) for v in variables]
    with graph.gradient_override_map({"IdentityN": name}):
        outs = identity_n(flat + args + var_tensors)
    return outs[0] if not isinstance(result, list | tuple) else type(result)(outs[:n])


def _variables_between(args: list[Tensor], results: list[Tensor]) -> list:
    """The variables whose values the results are computed from, not through an arg."""
    from .ops.state_ops import Variable

    stops = set(args)
    seen: set[Operation] = set()
    stack = [t.op for t in results if t not in stops]
    found: list[str] = []
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        if op.type == "VariableV2":
            found.append(op.name)
        stack.extend(t.op for t in op.inputs if t not in stops)
    if not found:
        return []
    graph = results[0].op.graph
    by_name = {
        v.op.name: v
        for v in graph.get_collection("variables") + graph.get_collection("local_variables")
        if isinstance(v, Variable)
    }
    return sorted((by_name[n] for n in found if n in by_name), key=lambda v: v.name)


def hessians(
    ys: Any,
    xs: Any,
    name: str = "hessians",
    colocate_gradients_with_ops: bool = False,
    gate_gradients: bool = False,
    aggregation_method: Any = None,
) -> list[Tensor | None]:
    """The Hessian of `sum(ys)` with respect to each x: shape `x.shape + x.shape`, as
    `tf.hessians`.

    An x of fully known shape of at most 4,096 elements is unrolled (one gradient per
    element); any other x of known rank gets TF's while_loop over the gradient's elements.
    """
    xs = _as_list(xs)
    try:
        return _hessians(ys, xs, name)
    except GraphgateError as exc:
        if exc.code != "NO_GRADIENT" or (exc.details or {}).get("op") != "WhileGrad":
            raise
        # TF's hessians differentiate inside a while_loop of their own, which fails
        # building (ValueError) on a gradient through another loop.
        raise error(
            exc.code, exc.message, node=exc.node, details=exc.details, also=(ValueError,)
        ) from None


def _hessians(ys: Any, xs: list, name: str) -> list[Tensor | None]:
    from .ops.array_ops import reshape, stack

    out: list[Tensor | None] = []
    with get_default_graph().name_scope(name):
        for grad, x in zip(gradients(ys, xs, dense=True), xs, strict=True):
            x = convert_to_tensor(x)
            shape = x.static_shape
            if shape is None:
                raise error("UNKNOWN_RANK", "hessians needs xs of known rank")
            if grad is None:
                raise _none_hessian(x)
            size = None if None in shape else int(np.prod(shape, dtype=np.int64))
            if size is None or size > 4096:
                out.append(_hessian_loop(reshape(grad, [-1]), x))
                continue
            flat = reshape(grad, [-1])
            rows = [gradients(flat[j], x, dense=True)[0] for j in range(size)]
            # A row's None is zeros here, where TF raises: which second derivatives are
            # connected differs by op (TF's Relu6 and LeakyRelu give their features
            # zeros, graphgate's are None), and zeros is the hessian's value either way.
            rows = [zeros_like(x) if r is None else r for r in rows]
            out.append(reshape(stack(rows), list(shape) + list(shape)))
    return out


def _none_hessian(x: Tensor) -> Exception:
    """TF's ValueError where y does not depend on x: its hessians reshapes x's gradient,
    None."""
    return error(
        "NO_GRADIENT",
        f"None values not supported: the hessian of {x.name} is not connected",
        also=(ValueError,),
    )


def _hessian_loop(flat_grad: Tensor, x: Tensor) -> Tensor:
    """TF's construction: a while_loop writing d(flat_grad[j])/dx into a TensorArray, the
    stack reshaped to x.shape + x.shape (known at run time)."""
    from .ops.array_ops import expand_dims, gather, size
    from .ops.control_flow_ops import while_loop
    from .ops.tensor_array_ops import TensorArray

    n = size(x)

    def body(j, result):
        row = gradients(gather(flat_grad, j), x, dense=True)[0]
        return j + 1, result.write(j, zeros_like(x) if row is None else row)

    _, rows = while_loop(lambda j, _: j < n, body, [0, TensorArray(x.dtype, size=n)])
    stacked = rows.stack()
    # x (x) x has the shape x.shape + x.shape: the target of a reshape known at run time.
    outer = x
    for _ in range(len(x.static_shape)):
        outer = expand_dims(outer, -1)
    outer = outer * x
    return x.op.graph.create_op("ReshapeLike", (stacked, outer), None, "Reshape").outputs[0]
