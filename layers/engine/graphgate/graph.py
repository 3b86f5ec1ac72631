"""Graph, Operation and Tensor, the per-thread default-graph stack, name scopes.

A graph only grows: an operation's inputs and control inputs exist before it does, so
creation order is a topological order and compiled plans never go stale.
"""

from __future__ import annotations

import contextlib
import operator
import re
import threading
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from . import devices as _devices
from . import dtypes as _dt
from . import ref_reads as _ref_reads
from . import tensor_conversion
from .errors import GraphgateError, OperatorNotAllowedInGraphError, error
from .ops import registry as _registry
from .ops.registry import REGISTRY, InferenceError

_NAME_RE = re.compile(r"[A-Za-z0-9.][A-Za-z0-9_.\-/>]*\Z")
# Inside a scope TF takes a scope name that starts with "_" or "-" too (its
# _VALID_SCOPE_NAME_REGEX): the full name still starts with the outer scope's letter.
_INNER_SCOPE_RE = re.compile(r"[A-Za-z0-9_.\-/>]*\Z")
# Node names `_NAME_RE` accepted (not ending in "/"): most nodes are named by their op type
# or by a name used before, so most skip the regular expression. Bounded, shared by graphs.
_CHECKED_NAMES: set[str] = set()
_CHECKED_NAMES_MAX = 4096
_REF_OPS = frozenset(
    (
        "Assign",
        "AssignAdd",
        "AssignSub",
        "ReadVariableOp",
        "IsVariableInitialized",
        "InitializedValue",
    )
)


_REF_QUERIES = frozenset(("ReadVariableOp", "IsVariableInitialized", "InitializedValue"))


class Dimension:
    """One dimension of a static shape, as TF1's: `.value` is an int or None (unknown).

    Comparisons with an unknown dimension are None (unknown), as in TF1; arithmetic with
    one is unknown too. It converts to int (`int(d)`, `range(d)`) when known.
    """

    __slots__ = ("_value",)

    def __init__(self, value: Any):
        if isinstance(value, Dimension):
            value = value._value
        if value is not None:
            # TF's: an integer by `__index__`; a float (2.5 made 2) or a str is TypeError.
            try:
                value = operator.index(value)
            except TypeError:
                raise TypeError(
                    "Dimension value must be integer or None or have an __index__ method, "
                    f"got value '{value!r}' with type '{type(value)}'"
                ) from None
            if value < 0:
                raise error("INVALID_ATTR", f"Dimension {value} must be >= 0")
        self._value = value

    @property
    def value(self) -> int | None:
        return self._value

    def __int__(self) -> int:
        if self._value is None:
            raise TypeError("an unknown Dimension has no integer value")
        return self._value

    __index__ = __int__

    def __repr__(self) -> str:
        return f"Dimension({self._value})"

    def __str__(self) -> str:
        return "?" if self._value is None else str(self._value)

    def __hash__(self) -> int:
        return hash(self._value)

    def _other(self, other: Any) -> int | None:
        """`other` as TF's `as_dimension` takes it: a Dimension, None or an integer (by
        `__index__`: a float or a list is a TypeError, a negative a ValueError)."""
        return Dimension(other)._value

    def _compare(self, other: Any, fn) -> bool | None:
        o = self._other(other)
        if self._value is None or o is None:
            return None
        return fn(self._value, o)

    # As TF's: == and != with what is no dimension (3.0, [3]) are not equal, not an error,
    # and arithmetic with it is NotImplemented, so `[0] * d` repeats the list as Python's.
    def __eq__(self, other: Any):
        try:
            return self._compare(other, int.__eq__)
        except (TypeError, ValueError):
            return NotImplemented

    def __ne__(self, other: Any):
        try:
            return self._compare(other, int.__ne__)
        except (TypeError, ValueError):
            return NotImplemented

    def __lt__(self, other: Any):
        return self._compare(other, int.__lt__)

    def __le__(self, other: Any):
        return self._compare(other, int.__le__)

    def __gt__(self, other: Any):
        return self._compare(other, int.__gt__)

    def __ge__(self, other: Any):
        return self._compare(other, int.__ge__)

    def _arith(self, other: Any, fn) -> Dimension:
        try:
            o = self._other(other)
        except (TypeError, ValueError):
            return NotImplemented
        if self._value is None or o is None:
            return Dimension(None)
        return Dimension(fn(self._value, o))

    def __add__(self, other: Any) -> Dimension:
        return self._arith(other, int.__add__)

    __radd__ = __add__

    def __sub__(self, other: Any) -> Dimension:
        return self._arith(other, int.__sub__)

    def __rsub__(self, other: Any) -> Dimension:
        return Dimension(self._other(other))._arith(self, int.__sub__)

    def __mul__(self, other: Any) -> Dimension:
        return self._arith(other, int.__mul__)

    __rmul__ = __mul__

    def __floordiv__(self, other: Any) -> Dimension:
        return self._arith(other, int.__floordiv__)

    def __rfloordiv__(self, other: Any) -> Dimension:
        return Dimension(self._other(other))._arith(self, int.__floordiv__)

    def __mod__(self, other: Any) -> Dimension:
        return self._arith(other, int.__mod__)

    def __rmod__(self, other: Any) -> Dimension:
        return Dimension(self._other(other))._arith(self, int.__mod__)

    def is_compatible_with(self, other: Any) -> bool:
        o = self._other(other)
        return self._value is None or o is None or self._value == o

    def merge_with(self, other: Any) -> Dimension:
        o = self._other(other)
        if not self.is_compatible_with(o):
            raise error("SHAPE_MISMATCH", f"Dimensions {self} and {o} are not compatible")
        return Dimension(self._value if self._value is not None else o)


def shape_dims(shape: Any) -> tuple | None:
    """A shape as a caller writes it (a list of ints and Nones, a bare int, a TensorShape,
    another tensor's `.shape`) as a tuple of ints and Nones; None for an unknown rank."""
    return TensorShape(shape)._dims


def dimension_value(dimension: Any) -> int | None:
    """The int (or None) of a Dimension or of an int, as TF1's `dimension_value`."""
    return dimension.value if isinstance(dimension, Dimension) else dimension


class TensorShape:
    """A static shape: a tuple of dims (int or None), or unknown rank.

    Indexing gives a `Dimension` (`shape[0].value`), slicing a `TensorShape`, and `dims` the
    list of `Dimension`s (None for unknown rank), as TF1's; `as_list()` gives plain ints.
    """

    __slots__ = ("_dims",)

    def __init__(self, dims: Any):
        if isinstance(dims, TensorShape):
            dims = dims._dims
        elif isinstance(dims, int | np.integer | Dimension):
            dims = (dims,)  # TF1's `shape=(batch_size)`: a bare int is one dim
        self._dims = None if dims is None else tuple(dimension_value(Dimension(d)) for d in dims)

    @property
    def dims(self) -> list[Dimension] | None:
        return None if self._dims is None else [Dimension(d) for d in self._dims]

    @property
    def rank(self) -> int | None:
        return None if self._dims is None else len(self._dims)

    ndims = rank

    def as_list(self) -> list[int | None]:
        if self._dims is None:
            raise ValueError("as_list() is not defined on an unknown TensorShape.")
        return list(self._dims)

    def is_fully_defined(self) -> bool:
        return self._dims is not None and None not in self._dims

    def num_elements(self) -> int | None:
        if not self.is_fully_defined():
            return None
        n = 1
        for d in self._dims:
            n *= d
        return n

    def is_compatible_with(self, other: Any) -> bool:
        other = TensorShape(other)
        if self._dims is None or other._dims is None:
            return True
        return len(self._dims) == len(other._dims) and all(
            a is None or b is None or a == b for a, b in zip(self._dims, other._dims, strict=True)
        )

    def merge_with(self, other: Any) -> TensorShape:
        """The most specific shape compatible with both; ValueError if incompatible."""
        other = TensorShape(other)
        if self._dims is None:
            return other
        if other._dims is None:
            return self
        if not self.is_compatible_with(other):
            raise error("SHAPE_MISMATCH", f"Shapes {self} and {other} are not compatible")
        pairs = zip(self._dims, other._dims, strict=True)
        return TensorShape(a if a is not None else b for a, b in pairs)

    def concatenate(self, other: Any) -> TensorShape:
        other = TensorShape(other)
        if self._dims is None or other._dims is None:
            return TensorShape(None)
        return TensorShape(self._dims + other._dims)

    def __add__(self, other: Any) -> TensorShape:
        return self.concatenate(other)

    def __radd__(self, other: Any) -> TensorShape:
        return TensorShape(other).concatenate(self)

    def with_rank(self, rank: int) -> TensorShape:
        if self._dims is None:
            return TensorShape([None] * rank)
        if len(self._dims) != rank:
            raise error("SHAPE_MISMATCH", f"Shape {self} must have rank {rank}")
        return self

    def assert_has_rank(self, rank: int) -> None:
        self.with_rank(rank)

    def assert_is_compatible_with(self, other: Any) -> None:
        if not self.is_compatible_with(other):
            raise error(
                "SHAPE_MISMATCH", f"Shapes {self} and {TensorShape(other)} are incompatible"
            )

    def assert_is_fully_defined(self) -> None:
        if not self.is_fully_defined():
            raise error("SHAPE_MISMATCH", f"Shape {self} is not fully defined")

    def __len__(self) -> int:
        if self._dims is None:
            raise ValueError("Cannot take the length of shape with unknown rank.")
        return len(self._dims)

    def __iter__(self) -> Iterator[Dimension]:
        if self._dims is None:
            raise ValueError("Cannot iterate over a shape with unknown rank.")
        return iter([Dimension(d) for d in self._dims])

    def __getitem__(self, key):
        if self._dims is None:
            return TensorShape(None) if isinstance(key, slice) else Dimension(None)
        if isinstance(key, slice):
            return TensorShape(self._dims[key])
        return Dimension(self._dims[key])

    def __bool__(self) -> bool:
        return self._dims is not None

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TensorShape):
            return self._dims == other._dims
        if isinstance(other, list | tuple):
            return self._dims == tuple(dimension_value(d) for d in other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._dims)

    def __repr__(self) -> str:
        # TF1's spellings, which programs print: `TensorShape([Dimension(None), ...])`.
        if self._dims is None:
            return "TensorShape(None)"
        return f"TensorShape([{', '.join(repr(Dimension(d)) for d in self._dims)}])"

    def __str__(self) -> str:
        # TF1 prints an unknown dimension as `?`: `(?, 784)`.
        if self._dims is None:
            return "<unknown>"
        inner = ", ".join("?" if d is None else str(d) for d in self._dims)
        return f"({inner}{',' if len(self._dims) == 1 else ''})"


class Tensor:
    """One output of an operation: a symbolic value with a static shape and dtype.

    `==` stays identity so tensors work as dict keys; use `graphgate.equal` to compare values.

    Internal API for the engine's other modules (read-only outside graph.py): the slot
    `static_shape`, the inferred shape as a tuple of ints and Nones, or None for unknown
    rank. A slot rather than a property because inference and planning read it on every
    node of graphs of tens of thousands of nodes; `shape` builds a `TensorShape` for users.
    """

    # `aliases`: unset until slim's `collect_named_outputs` names a layer's output (TF1
    # sets the attribute on the tensor the same way; `hasattr` tells which have one).
    __slots__ = ("aliases", "dtype", "op", "static_shape", "value_index")
    # numpy defers to our reflected operators instead of broadcasting over a Tensor.
    __array_ufunc__ = None

    def __init__(self, op: Operation, value_index: int, shape: tuple | None, dtype: np.dtype):
        self.op = op
        self.value_index = value_index
        self.static_shape = shape
        self.dtype = dtype if type(dtype) is _dt.DType else _dt.public(dtype)

    @property
    def name(self) -> str:
        return f"{self.op.name}:{self.value_index}"

    @property
    def graph(self) -> Graph:
        return self.op.graph

    @property
    def shape(self) -> TensorShape:
        return TensorShape(self.static_shape)

    def get_shape(self) -> TensorShape:
        return TensorShape(self.static_shape)

    @property
    def device(self) -> str:
        return self.op._device

    def set_shape(self, shape: Any) -> None:
        """Refine the static shape with what the caller knows (TF1's `set_shape`); a shape
        incompatible with the inferred one is a ValueError (SHAPE_MISMATCH)."""
        merged = self.shape.merge_with(shape)
        self.static_shape = None if merged._dims is None else merged._dims

    def consumers(self) -> list[Operation]:
        return [op for op in self.op.graph.op_list[self.op.index + 1 :] if self in op.inputs]

    def eval(self, feed_dict=None, session=None):
        """Evaluate in `session`, or in the default session."""
        from .session import default_session

        return (session or default_session()).run(self, feed_dict)

    def __repr__(self) -> str:
        # TF1's, which programs print in lists of tensors: `shape=(?, 3)`, `shape=<unknown>`.
        shape = "<unknown>" if self.static_shape is None else self.shape
        return f"<tf.Tensor '{self.name}' shape={shape} dtype={self.dtype.name}>"

    def __str__(self) -> str:
        # What TF1 programs print: `Tensor("add:0", shape=(?, 3), dtype=float32)`, the
        # shape left out where even the rank is unknown.
        shape = "" if self.static_shape is None else f", shape={self.shape}"
        device = f", device={self.device}" if self.device else ""
        return f'Tensor("{self.name}"{shape}, dtype={self.dtype.name}{device})'

    def __bool__(self) -> bool:
        raise OperatorNotAllowedInGraphError(
            "using a graphgate Tensor as a Python bool is not allowed; "
            "run it in a Session or use gg.where / gg.equal"
        )

    def __iter__(self):
        raise OperatorNotAllowedInGraphError(
            "a graphgate Tensor is symbolic and cannot be iterated; "
            "use gg.split, gg.unstack-like slicing or run it first"
        )

    def __len__(self) -> int:
        raise TypeError("len() of a symbolic Tensor is not defined; use tensor.shape")

    # Arithmetic operators are attached by ops.math_ops, as TensorFlow's math_ops does.


class Operation:
    """A node: an op type from the registry, its input tensors, attributes and outputs.

    Internal API for the engine's other modules (read-only outside graph.py), slots so
    that the planner's reads cost what a private attribute's did: `index`, the position in
    the graph's creation order (`graph.op_list[op.index] is op`; inputs always have
    smaller ones), and `definition`, the registry's `OpDef` for `type`.
    """

    __slots__ = (
        "_device",
        "attrs",
        "control_inputs",
        "definition",
        "graph",
        "index",
        "inputs",
        "name",
        "outputs",
        "type",
    )

    def __init__(self, graph, name, type_, inputs, attrs, control_inputs, index, definition):
        self.graph = graph
        self.name = name
        self.type = type_
        self.inputs = inputs
        self.attrs = attrs
        self.control_inputs = control_inputs
        self.index = index
        self.definition = definition
        self.outputs: tuple[Tensor, ...] = ()
        self._device = ""

    @property
    def input_nodes(self) -> list[Operation]:
        """The operations producing this operation's inputs (the classic design's name)."""
        return [t.op for t in self.inputs]

    def values(self) -> tuple[Tensor, ...]:
        return self.outputs

    def run(self, feed_dict=None, session=None) -> None:
        """Run for its effect in `session`, or in the default session."""
        from .session import default_session

        (session or default_session()).run(self, feed_dict)

    def get_attr(self, name: str) -> Any:
        """The attribute `name`; TF1's type attributes (`T`, `dtype`, `DstT`) answer with
        the output's dtype, which graphgate keeps on the tensor rather than the op."""
        if name in self.attrs:
            return self.attrs[name]
        if name in ("T", "dtype", "DstT", "out_type") and self.outputs:
            return self.outputs[0].dtype
        raise ValueError(f"Operation '{self.name}' has no attr named '{name}'.")

    @property
    def device(self) -> str:
        """The device TF1 would place the op on (`tf.device` blocks); a label only:
        graphgate computes every op on its CPU."""
        return self._device

    def _set_device(self, device: Any) -> None:
        self._device = "" if device is None else _devices.canonical(device)

    @property
    def node_def(self):
        """The op as a node of the graph's document, read as TF's `NodeDef` (`name`, `op`,
        `input`, `attr`)."""
        from .meta_graph import NodeDef
        from .serialization import node_to_dict

        return NodeDef(node_to_dict(self))

    def __repr__(self) -> str:
        return f"<tf.Operation '{self.name}' type={self.type}>"


class _GraphStack(threading.local):
    def __init__(self):
        self.graphs: list[Graph] = []


_stack = _GraphStack()
_global_default: Graph | None = None
_global_lock = threading.Lock()


def get_default_graph() -> Graph:
    """The innermost graph entered with `as_default()` on this thread, or the global one."""
    graphs = _stack.graphs
    if graphs:
        return graphs[-1]
    global _global_default
    if _global_default is None:
        with _global_lock:
            if _global_default is None:
                _global_default = Graph()
    return _global_default


def reset_default_graph() -> None:
    """Replace the global default graph with a new, empty one."""
    if _stack.graphs:
        raise error(
            "NESTED_GRAPH_RESET",
            "Do not use tf.reset_default_graph() to clear nested graphs. If you need a "
            "cleared graph, exit the nesting and create a new graph.",
        )
    global _global_default
    _global_default = Graph()


class Graph:
    """A dataflow graph: operations in creation order, addressable by name.

    Internal API for the engine's other modules, read-only outside graph.py (only
    `create_op` adds to them): `op_list`, the operations in creation order (`op.index` is
    the position; `get_operations()` is the public copy), `ops_by_name`, name to
    operation, and `scope_prefix`, the current name scope with its trailing "/" ("" at
    the top level). Plain attributes so that loaders and planners walking 20,000-node
    graphs pay no call per read.
    """

    def __init__(self):
        self.op_list: list[Operation] = []
        self.ops_by_name: dict[str, Operation] = {}
        self._name_counts: dict[str, int] = {}
        self.scope_prefix = ""
        self._control_stack: list[list[Operation]] = []
        self._device_stack: list = []
        self._collections: dict[str, list] = {}
        self.seed: int | None = None
        # How many random ops took their seed from the graph seed: the next one's op seed
        # (TensorFlow 2's compat.v1 rule; TF 1.15 used the op count, which differs).
        self.seeds_drawn = 0
        self._finalized = False
        # Control-flow bodies (ops/control_flow_ops.py): the ones being built, innermost
        # last, and the body each op created inside one belongs to.
        self._bodies: list[Any] = []
        self._owner: dict[Operation, Any] = {}
        # `gradient_override_map`: op type -> gradient name while a map is entered, and the
        # ops made under one (read by gradients_impl.py; kept off the wire, as Python
        # gradient functions are).
        self._gradient_override_map: dict[str, str] = {}
        self.gradient_overrides: dict[Operation, str] = {}
        # Tensors whose value an op read while being built (`tf.zeros(tf.shape(c))`):
        # feeding one would not reach that op, so it is refused, as TF's prevent_feeding.
        self._unfeedable: set[Tensor] = set()
        self._unfetchable: set[Operation] = set()
        # Updates of TF1 ref variables and what follows them (ref_reads.py); None until
        # the first update outside an initializer, so other graphs pay one test an op.
        self._ref_reads: Any = None
        # The reads of ref variables graphgate placed after updates, each mapped to the
        # tensor TF's op reads instead (its unordered `w/read`): gradients read that one.
        self.placed_reads: dict[Tensor, Tensor] = {}

    # -- identity and lookup -------------------------------------------------------------
    @property
    def version(self) -> int:
        """Grows with every operation added; the graph never changes otherwise."""
        return len(self.op_list)

    def get_operations(self) -> list[Operation]:
        return list(self.op_list)

    def get_operation_by_name(self, name: str) -> Operation:
        """The operation named `name`; KeyError (code UNKNOWN_FETCH) if there is none, a
        tensor's name (`a:0`) ValueError (INVALID_NAME), as TF's."""
        if not isinstance(name, str):
            raise TypeError(f"Operation names are strings (or similar), not {type(name).__name__}.")
        if ":" in name:
            return self.as_graph_element(name, allow_tensor=False, allow_operation=True)
        op = self.ops_by_name.get(name)
        if op is None:
            raise error(
                "UNKNOWN_FETCH", f"The name {name!r} refers to an Operation not in the graph.", name
            )
        return op

    def get_tensor_by_name(self, name: str) -> Tensor:
        """TF's `Graph.get_tensor_by_name`: the tensor `op:index`; an op's name alone, or a
        malformed index, is ValueError (INVALID_NAME), a tensor not in the graph KeyError
        (UNKNOWN_FETCH), with TensorFlow's messages."""
        if not isinstance(name, str):
            raise TypeError(f"Tensor names are strings (or similar), not {type(name).__name__}.")
        return self.as_graph_element(name, allow_tensor=True, allow_operation=False)

    def _tensor_named(self, name: str) -> Tensor:
        """The tensor `op:index`, or an op's name alone for its first output (graphgate's
        own names for fetches and feeds); KeyError (code UNKNOWN_FETCH) with TensorFlow's
        message if there is none."""
        op_name, sep, index = name.rpartition(":")
        if not sep:
            op_name, index = name, "0"
        op = self.ops_by_name.get(op_name)
        if op is None or not index.isdigit() or int(index) >= len(op.outputs):
            if op is None:
                why = f"The operation, {op_name!r}, does not exist in the graph."
            else:
                why = f"The operation, {op_name!r}, exists but only has {len(op.outputs)} outputs."
            raise error(
                "UNKNOWN_FETCH",
                f"The name {name!r} refers to a Tensor which does not exist. {why}",
                node=name,
            )
        return op.outputs[int(index)]

    def resolve(self, obj: Any) -> Tensor | Operation:
        """A Tensor, an Operation or a name as graphgate's API names nodes: a bare name is
        its op's first output (`"y"` is `y:0`), the op itself when it has none (a
        `group`). Feeds, the HTTP API's fetches and the client resolve names so."""
        if isinstance(obj, Tensor | Operation):
            if obj.graph is not self:
                raise error("GRAPH_MISMATCH", f"{obj.name} belongs to another graph")
            return obj
        if isinstance(obj, str):
            if ":" not in obj:
                op = self.ops_by_name.get(obj)
                if op is not None and not op.outputs:
                    return op
            return self._tensor_named(obj)
        raise error(
            "INVALID_FETCH",
            f"cannot interpret {type(obj).__name__} as a graph "
            "element; use a Tensor, an Operation or a name",
        )

    def as_graph_element(
        self, obj: Any, allow_tensor: bool = True, allow_operation: bool = True
    ) -> Tensor | Operation:
        """TF's `Graph.as_graph_element`: a Tensor, an Operation (or what converts to one,
        a variable), or a name, where `"a:0"` is a tensor and `"a"` the operation."""
        if not (allow_tensor or allow_operation):
            raise error("INVALID_NAME", "allow_tensor and allow_operation can't both be False.")
        kinds = " or ".join(
            k for k, a in (("Tensor", allow_tensor), ("Operation", allow_operation)) if a
        )
        convert = getattr(obj, "_as_graph_element", None)
        if convert is not None and not isinstance(obj, Tensor | Operation):
            obj = convert()
        if isinstance(obj, str):
            return self._element_named(obj, allow_tensor, allow_operation, kinds)
        allowed = (Tensor,) * allow_tensor + (Operation,) * allow_operation
        if isinstance(obj, allowed):
            return self.resolve(obj)
        raise error("INVALID_FETCH", f"Can not convert a {type(obj).__name__} into a {kinds}.")

    def _element_named(
        self, name: str, allow_tensor: bool, allow_operation: bool, kinds: str
    ) -> Tensor | Operation:
        form = 'Tensor names must be of the form "<op_name>:<output_index>".'
        if ":" in name:
            if not allow_tensor:
                raise error(
                    "INVALID_NAME", f"Name {name!r} appears to refer to a Tensor, not a {kinds}."
                )
            op_name, *rest = name.split(":")
            try:  # TF's int() of the index: "a:+0" and "a: 0" are a:0
                index = int(rest[0]) if len(rest) == 1 else None
            except ValueError:
                index = None
            if index is None:
                raise error(
                    "INVALID_NAME",
                    f"The name {name!r} looks a like a Tensor name, but is not a valid one. {form}",
                )
            op = self.ops_by_name.get(op_name)
            if op is not None and -len(op.outputs) <= index < 0:
                # TF indexes the op's outputs as a Python list: "a:-1" is its last output.
                index += len(op.outputs)
            return self._tensor_named(f"{op_name}:{index}" if index >= 0 else name)
        op = self.ops_by_name.get(name)
        if allow_operation:
            if op is None:
                raise error(
                    "UNKNOWN_FETCH",
                    f"The name {name!r} refers to an Operation not in the graph.",
                    node=name,
                )
            return op
        what = (
            "refers to an Operation" if op is not None else "looks like an (invalid) Operation name"
        )
        raise error("INVALID_NAME", f"The name {name!r} {what}, not a {kinds}. {form}")

    def get_collection(self, key: str, scope: str | None = None) -> list:
        """A copy of collection `key`; with `scope`, only the items whose `name` starts
        with a match of that regular expression (TF1's filter)."""
        items = list(self._collections.get(key, ()))
        if scope is None:
            return items
        pattern = re.compile(scope)
        return [
            x for x in items if isinstance(getattr(x, "name", None), str) and pattern.match(x.name)
        ]

    def get_collection_ref(self, key: str) -> list:
        """The collection `key` itself, created empty if missing; edits are kept."""
        return self._collections.setdefault(key, [])

    def add_to_collection(self, key: str, value: Any) -> None:
        self._collections.setdefault(key, []).append(value)

    def add_to_collections(self, keys: Any, value: Any) -> None:
        for key in [keys] if isinstance(keys, str) else dict.fromkeys(keys):
            self.add_to_collection(key, value)

    def get_all_collection_keys(self) -> list[str]:
        # String keys only, as TF's: its own bookkeeping (the variable store) is tuple-keyed.
        return [k for k, v in self._collections.items() if v and isinstance(k, str)]

    def clear_collection(self, key: str) -> None:
        self._collections.pop(key, None)

    def as_graph_def(self, from_version: int | None = None, add_shapes: bool = False):
        """The graph as a `GraphDef`: a `graphgate.graph/v1` document (see meta_graph)."""
        from .meta_graph import as_graph_def

        return as_graph_def(self)

    def finalize(self) -> None:
        """Make the graph read-only, as TensorFlow's `Graph.finalize`."""
        self._finalized = True

    @property
    def finalized(self) -> bool:
        return self._finalized

    def unfinalize(self) -> None:
        """Make a finalized graph writable again, as a closing `MonitoredSession` does.
        Internal API; TF programs spell it `_unsafe_unfinalize`."""
        self._finalized = False

    _unsafe_unfinalize = unfinalize

    def prevent_feeding(self, tensor: Tensor) -> None:
        """Refuse feeds of `tensor` (TF's `Graph.prevent_feeding`)."""
        self._unfeedable.add(tensor)

    def is_feedable(self, tensor: Tensor) -> bool:
        """Whether `tensor` may be fed (TF's `Graph.is_feedable`)."""
        return tensor not in self._unfeedable

    def prevent_fetching(self, op: Operation) -> None:
        """Refuse fetches of `op` and its outputs (TF's `Graph.prevent_fetching`)."""
        self._unfetchable.add(op)

    def is_fetchable(self, tensor_or_op: Tensor | Operation) -> bool:
        """Whether a run may fetch `tensor_or_op` (TF's `Graph.is_fetchable`)."""
        op = tensor_or_op.op if isinstance(tensor_or_op, Tensor) else tensor_or_op
        return op not in self._unfetchable

    # -- default graph, scopes, control dependencies ---------------------------------------
    @contextlib.contextmanager
    def as_default(self) -> Iterator[Graph]:
        """Make this the default graph of the current thread inside a `with` block."""
        _stack.graphs.append(self)
        try:
            yield self
        finally:
            _stack.graphs.pop()

    def rename_new_op(self, op: Operation, name: str, reserved: bool = False) -> bool:
        """Give `op`, made just now and not yet read by name, the free name `name` (an
        importer naming a node's result after the value its file names, which the
        exporter writes back under the same name); False, and `op` unchanged, when `name`
        is taken, reserved (by a scope, in any case; unless the caller `reserved` it for
        this op) or not a node name."""
        key = name.lower()
        used = name in self.ops_by_name or (key in self._name_counts and not reserved)
        if used or not _NAME_RE.match(name):
            return False
        del self.ops_by_name[op.name]
        op.name = name
        self.ops_by_name[name] = op
        self._name_counts[key] = 1
        return True

    def unique_name(self, name: str, mark_as_used: bool = True) -> str:
        """`name`, or `name_1`, `name_2`, ... whichever is unused (TensorFlow's rule).

        Use is counted without case, as TensorFlow does (`a` after `A` is `a_1`), so
        names stay distinct on file systems that ignore case (checkpoints, summaries).
        """
        counts = self._name_counts
        key = name.lower()
        i = counts.get(key, 0)
        if mark_as_used:
            counts[key] = i + 1
        if i > 0:
            # `_<digits>` lowers to itself, so the key is the new name lowered: one string
            # formatted per candidate, not two (a node of every large graph comes here).
            unique = f"{name}_{i}"
            key = unique.lower()
            while key in counts:
                i += 1
                unique = f"{name}_{i}"
                key = unique.lower()
            if mark_as_used:
                counts[key] = 1
            name = unique
        return name

    def get_name_scope(self) -> str:
        """The current name scope, without its trailing "/" ("" at the top level)."""
        return self.scope_prefix[:-1]

    @contextlib.contextmanager
    def name_scope(self, name: str | None, default_name: str | None = None) -> Iterator[str]:
        """Prefix the names of operations created inside with `name/` (made unique:
        `name_1/`...), or `default_name/` when `name` is None; None and "" alone reset to
        the top level, and a name ending in "/" re-enters that scope exactly.

        The scope string it yields, passed as an op's `name`, names that op exactly
        `name` (TensorFlow's idiom for a composite whose helpers live under its own name).
        """
        old = self.scope_prefix
        if name is None and default_name is not None:
            name = default_name
        if name is None or name == "":
            self.scope_prefix = ""
        elif name.endswith("/"):
            self.scope_prefix = name
        else:
            if not (_INNER_SCOPE_RE if old else _NAME_RE).match(name):
                raise error("INVALID_NAME", f"{name!r} is not a valid scope name", node=name)
            self.scope_prefix = self.unique_name(old + name) + "/"
        try:
            yield self.scope_prefix
        finally:
            self.scope_prefix = old

    @contextlib.contextmanager
    def device(self, device_name_or_function: Any) -> Iterator[None]:
        """TF1's device placement: ops created inside get the device TF1 gives them
        (`op.device`), a label only: graphgate runs every op in one process on the CPU."""
        entry = device_name_or_function
        if entry is not None and not callable(entry):
            entry = _devices.canonical(entry)
        self._device_stack.append(entry)
        try:
            yield
        finally:
            self._device_stack.pop()

    @contextlib.contextmanager
    def control_dependencies(self, control_inputs: Iterable[Tensor | Operation] | None):
        """Operations created inside run after `control_inputs` (None clears them)."""
        if control_inputs is None:
            saved, self._control_stack = self._control_stack, []
            try:
                yield
            finally:
                self._control_stack = saved
            return
        ops = []
        for c in control_inputs:
            c = self.as_graph_element(c)
            ops.append(c.op if isinstance(c, Tensor) else c)
        self._control_stack.append(ops)
        try:
            yield
        finally:
            self._control_stack.pop()

    # -- control-flow bodies ---------------------------------------------------------------
    @contextlib.contextmanager
    def gradient_override_map(self, op_type_map: dict[str, str]) -> Iterator[None]:
        """Ops of the mapped types made inside use the gradient registered (with
        `gg.RegisterGradient`) under the mapped name, as TF1's."""
        if not isinstance(op_type_map, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in op_type_map.items()
        ):
            raise TypeError("op_type_map must be a dictionary mapping strings to strings")
        saved = dict(self._gradient_override_map)
        self._gradient_override_map.update(op_type_map)
        try:
            yield
        finally:
            self._gradient_override_map = saved

    def body_of(self, op: Operation) -> Any:
        """The cond branch or while_loop body `op` was created in, or None."""
        return self._owner.get(op)

    def has_bodies(self) -> bool:
        """Whether any op belongs to a cond branch or while_loop body."""
        return bool(self._owner)

    @contextlib.contextmanager
    def building_body(self, body: Any) -> Iterator[Any]:
        """Operations created inside belong to `body` (which collects them in `ops`)."""
        self._bodies.append(body)
        try:
            yield body
        finally:
            self._bodies.pop()

    def current_body(self) -> Any:
        """The innermost body being built (operations created now belong to it), or None."""
        return self._bodies[-1] if self._bodies else None

    @contextlib.contextmanager
    def outside_body(self) -> Iterator[None]:
        """Create operations in the body enclosing the innermost one (or at top level)."""
        body = self._bodies.pop()
        try:
            yield
        finally:
            self._bodies.append(body)

    @contextlib.contextmanager
    def outside_bodies(self) -> Iterator[None]:
        """Create operations at top level, outside every body being built (TF1 lifts a
        variable made inside a loop or branch out of it)."""
        bodies, self._bodies = self._bodies, []
        try:
            yield
        finally:
            self._bodies = bodies

    def control_frames(self) -> list[Operation]:
        """The operations the current `control_dependencies` blocks order new ops after."""
        return list(dict.fromkeys(c for frame in self._control_stack for c in frame))

    def claim(self, op: Operation, body: Any) -> None:
        """Record that `op` belongs to `body` (when a document is loaded)."""
        self._owner[op] = body
        body.ops.append(op)

    def read_before(self, var: Tensor, readers: list[Operation], replaced: set) -> Tensor:
        """A ReadVariableOp of `var` in the innermost body being built, placed before the
        first of `readers` in creation order, which read it in place of their inputs in
        `replaced` (`var`, or a read of it outside the body): a loop reads a variable it
        updates each iteration (control_flow_ops' `_reread_updated_variables`). The one
        change to ops already made; the loop op does not exist yet, so no plan saw them."""
        read = self.create_op("ReadVariableOp", (var,), {}, var.op.name + "/read")
        first = min(op.index for op in readers)
        self.op_list.insert(first, self.op_list.pop())
        for i in range(first, len(self.op_list)):
            self.op_list[i].index = i
        for op in readers:
            op.inputs = tuple(read.outputs[0] if t in replaced else t for t in op.inputs)
        return read.outputs[0]

    # -- creation --------------------------------------------------------------------------
    def create_op(
        self,
        op_type: str,
        inputs: Iterable[Tensor],
        attrs: dict | None = None,
        name: str | None = None,
        *,
        exact_name: bool = False,
        control_inputs: Iterable[Operation] = (),
        default_name: str | None = None,
    ) -> Operation:
        """Add an operation; shapes and dtypes of its outputs are inferred here.

        `name` is made unique (`add`, `add_1`, ...) inside the current name scope unless
        `exact_name`; without a name, `default_name` (or the op type) is used.

        Raises InvalidArgumentError (UNKNOWN_OP, WRONG_ARITY, SHAPE_MISMATCH, ...) naming
        the node.
        """
        if self._finalized:
            raise error("GRAPH_MISMATCH", "the graph is finalized and cannot be modified")
        if exact_name or name is None or name not in _CHECKED_NAMES:
            name = self._node_name(op_type, name, exact_name, default_name)
        else:
            name = self.unique_name(self.scope_prefix + name)
        d = REGISTRY.get(op_type) or _registry.known(op_type)
        if d is None:
            raise error(
                "UNKNOWN_OP", f"unknown op type {op_type!r}", node=name, details={"op": op_type}
            )
        inputs = tuple(inputs)  # the very tuple when given one
        lo, hi = d.arity
        if not lo <= len(inputs) <= hi:
            raise _wrong_arity(op_type, lo, hi, len(inputs), name)
        # One pass over the inputs (most nodes have one or two), not one per list.
        shapes: list[tuple | None] = []
        types: list[_dt.DType] = []
        for t in inputs:
            if t.op.graph is not self:
                raise error("GRAPH_MISMATCH", f"input {t.name} belongs to another graph", node=name)
            shapes.append(t.static_shape)
            types.append(t.dtype)
        if d.ref_input and inputs[0].op.type != "VariableV2":
            raise error(
                "INVALID_ATTR",
                f"{op_type} needs a variable as its first input",
                node=name,
                details={"op": op_type},
            )
        attrs = {} if attrs is None else attrs
        ctrl: tuple[Operation, ...] = ()
        if control_inputs or self._control_stack or self._bodies:
            inputs, ctrl = self._ordered(op_type, d, inputs, tuple(control_inputs))
        if self._ref_reads is not None:
            inputs = self._reread(op_type, d, inputs, ctrl)
        # Shapes are tuples or None, and no tuple equals None: `in` finds an unknown rank.
        if None in shapes and not d.unknown_rank_ok:
            unknown = inputs[shapes.index(None)].name
            raise error(
                "UNKNOWN_RANK",
                f"{op_type} needs inputs of known rank, and {unknown}'s rank is unknown: give "
                "its placeholder a shape, or give it one with reshape or ensure_shape (an "
                "imported while_loop's variable whose rank changes has none)",
                node=name,
                details={"op": op_type, "input": unknown},
            )
        try:
            specs = d.infer(shapes, types, attrs)
        except Exception as exc:
            raise _inference_failure(exc, op_type, name, shapes, types) from None
        op = Operation(self, name, op_type, inputs, attrs, ctrl, len(self.op_list), d)
        if len(specs) == 1:
            shape, dtype = specs[0]
            op.outputs = (Tensor(op, 0, shape, dtype),)
        else:
            op.outputs = tuple([Tensor(op, i, s, t) for i, (s, t) in enumerate(specs)])
        if self._device_stack:
            op._device = _devices.place(op, self._device_stack)
        self.op_list.append(op)
        self.ops_by_name[name] = op
        if self._bodies or d.ref_input or self._gradient_override_map:
            self._record(op, d)
        return op

    def _reread(self, op_type: str, d: Any, inputs: tuple, ctrl: tuple) -> tuple:
        """A top-level op's inputs with each read of a TF1 ref variable that an update of it
        precedes read again after those updates, as TF's aliased buffer is (ref_reads)."""
        if self._bodies or d.ref_input or op_type in _REF_OPS or _holds_bodies(d):
            return inputs
        return _ref_reads.reread(self, self._ref_reads, inputs, ctrl)

    def _record(self, op: Operation, d: Any) -> None:
        """Record a new op in the body being built or as an update of a ref variable, and
        its gradient override. (`create_op` calls this only for the ops that need one.)"""
        if self._bodies:
            self.claim(op, self._bodies[-1])
        elif d.ref_input:
            _ref_reads.note(self, op)
        if self._gradient_override_map and op.type in self._gradient_override_map:
            self.gradient_overrides[op] = self._gradient_override_map[op.type]

    def _node_name(
        self, op_type: str, name: str | None, exact_name: bool, default_name: str | None
    ) -> str:
        """The name `create_op` gives a new node, for names not seen before, exact names
        and a name scope's own name."""
        if exact_name:
            if name in self.ops_by_name:
                raise error("DUPLICATE_NAME", f"two nodes are named {name!r}", node=name)
            key = name.lower()
            self._name_counts[key] = max(self._name_counts.get(key, 0), 1)
            return name
        if name is not None and name.endswith("/"):
            # A name scope's own name: `unique_name` reserved it when the scope opened.
            name = name[:-1]
            if name in self.ops_by_name or not _NAME_RE.match(name):
                raise error("DUPLICATE_NAME", f"two nodes are named {name!r}", node=name)
            return name
        if name is None:
            name = default_name or op_type
        elif not _NAME_RE.match(name):
            # TF checks the full name: inside a scope an op's own may start with "_" or
            # "-" (the scope's letter starts it). Not cached: the root refuses it.
            if not (self.scope_prefix and _INNER_SCOPE_RE.match(name)):
                raise error("INVALID_NAME", f"{name!r} is not a valid node name", node=name)
        elif len(_CHECKED_NAMES) < _CHECKED_NAMES_MAX:
            _CHECKED_NAMES.add(name)
        return self.unique_name(self.scope_prefix + name)

    def _ordered(self, op_type: str, d: Any, inputs: tuple, ctrl: tuple) -> tuple[tuple, tuple]:
        """The inputs and control inputs of a new op given control inputs, inside
        `control_dependencies` blocks or inside a control-flow body."""
        if self._control_stack:
            seen = set(ctrl)
            extra = tuple(dict.fromkeys(c for f in self._control_stack for c in f if c not in seen))
            data = {t.op for t in inputs}
            if op_type not in _REF_OPS and not d.ref_input and not _holds_bodies(d):
                # A read placed after an update by a control dependency sees the update
                # (every one of them: `a + v` reads v after `a`, its input, as TF's Add).
                inputs = tuple(
                    self._placed_read(t, ctrl + extra) if t.op.type == "VariableV2" else t
                    for t in inputs
                )
            elif _updates_its_ref(op_type, d) and not _holds_bodies(d):
                # An update's ref stays; a variable it takes as its value is read after the
                # control dependencies, as TF's Assign reads it when it runs (R-Net's
                # `assign(var, ema.average(var))` under the EMA's apply takes the new average).
                inputs = inputs[:1] + tuple(
                    self._placed_read(t, ctrl + extra) if t.op.type == "VariableV2" else t
                    for t in inputs[1:]
                )
            # As TF's: no control input on an op that is already a data input.
            ctrl = ctrl + tuple(c for c in extra if c not in data)
        elif self._bodies and op_type not in _REF_OPS and not d.ref_input:
            # A body created under control dependencies reads variables after them too.
            inputs = self._bodies[-1].adapt_inputs(self, inputs)
        return inputs, ctrl

    def _placed_read(self, var: Tensor, ctrl: tuple[Operation, ...]) -> Tensor:
        """A read of `var` after `ctrl`, standing for TF's `var/read` (ref_reads.placed)."""
        return _ref_reads.placed(self, self._read_after(var, ctrl), var)

    def _read_after(self, var: Tensor, ctrl: tuple[Operation, ...]) -> Tensor:
        op = self.create_op(
            "ReadVariableOp", (var,), {}, var.op.name + "/read", control_inputs=ctrl
        )
        return op.outputs[0]


def _updates_its_ref(op_type: str, d: Any) -> bool:
    """Whether the op updates the ref variable that is its first input (Assign, scatters,
    CountUpTo...), rather than reading it or asking about it."""
    return (d.ref_input or op_type in _REF_OPS) and op_type not in _REF_QUERIES


def _holds_bodies(d: Any) -> bool:
    """Control flow: its inputs are its bodies' captures, read as the bodies decided."""
    return any(kind == "body" for kind, _ in d.attrs.values())


def _shape_json(shape: tuple | None) -> list | None:
    return None if shape is None else list(shape)


def _wrong_arity(op_type: str, lo: int, hi: int, got: int, name: str) -> GraphgateError:
    want = str(lo) if lo == hi else f"{lo} to {hi}" if hi < 1 << 30 else f"≥ {lo}"
    return error(
        "WRONG_ARITY",
        f"{op_type} takes {want} inputs, got {got}",
        node=name,
        details={"op": op_type, "expected": [lo, min(hi, 1 << 30)], "got": got},
    )


def _inference_failure(
    exc: Exception, op_type: str, name: str, shapes: list, types: list
) -> GraphgateError:
    """The error for a node whose inference raised `exc`; `exc` itself is raised again
    when it is a GraphgateError (given the node's name) or no input explains it."""
    if isinstance(exc, InferenceError):
        details = {
            "op": op_type,
            "input_shapes": [_shape_json(s) for s in shapes],
            "input_dtypes": [t.name for t in types],
            **exc.details,
        }
        # TF's shape functions raise ValueError: an index out of range found while
        # building is one there, while the same code at run time is not.
        also = (ValueError,) if exc.code == "INDEX_OUT_OF_RANGE" else ()
        return error(exc.code, exc.message, node=name, details=details, also=also)
    if isinstance(exc, GraphgateError):
        exc.node = exc.node or name
        raise exc
    if isinstance(exc, KeyError):
        return error(
            "INVALID_ATTR",
            f"{op_type} needs the attribute {exc.args[0]!r}",
            node=name,
            details={"op": op_type, "attr": exc.args[0]},
        )
    if isinstance(exc, TypeError | ValueError | IndexError | OverflowError):
        return error(
            "INVALID_ATTR",
            f"{op_type} has an invalid attribute: {str(exc)[:200]}",
            node=name,
            details={"op": op_type},
        )
    raise exc


def name_scope(name: str | None, default_name: str | None = None, values: Any = None):
    """`with gg.name_scope("layer") as scope:` on the graph of `values` (or the default);
    TF1's `name_scope(name, default_name, values)`."""
    graph = _graph_of(values) if values else get_default_graph()
    return graph.name_scope(name, default_name)


def device(device_name_or_function: Any):
    """`with gg.device("/cpu:0"):` on the default graph, accepted and ignored."""
    return get_default_graph().device(device_name_or_function)


def control_dependencies(control_inputs):
    """`with gg.control_dependencies([update]):` on the default graph."""
    return get_default_graph().control_dependencies(control_inputs)


def get_collection(key: str, scope: str | None = None) -> list:
    """`graph.get_collection` on the default graph."""
    return get_default_graph().get_collection(key, scope)


def get_collection_ref(key: str) -> list:
    return get_default_graph().get_collection_ref(key)


def add_to_collection(name: str, value: Any) -> None:
    get_default_graph().add_to_collection(name, value)


def add_to_collections(names: Any, value: Any) -> None:
    get_default_graph().add_to_collections(names, value)


def set_random_seed(seed: int) -> None:
    """Set the graph-level seed of the default graph (TensorFlow's `set_random_seed`)."""
    get_default_graph().seed = int(seed)


class DenseConvertible:
    """A composite value an op takes by making it one dense tensor, as TF's registered
    conversion functions do (an `IndexedSlices`): `convert_to_tensor` and op arguments
    call its `_as_dense_tensor`."""

    __slots__ = ()

    @property
    def graph(self) -> Graph:
        raise NotImplementedError

    def _as_dense_tensor(self, dtype: Any = None, name: str | None = None) -> Tensor:
        raise NotImplementedError


def _graph_of(values: Iterable[Any]) -> Graph:
    for v in values:
        if isinstance(v, Tensor):
            return v.op.graph
        if isinstance(v, DenseConvertible):
            return v.graph
    return get_default_graph()


def shape_literal(value: Any) -> Any:
    """A TensorShape or Dimension given where a tensor is wanted (`tf.reshape(y,
    x.shape)`, `tf.constant(x.shape)`) as TF converts it: its ints, a partly known one
    refused with ValueError, as TF's conversion functions do. Anything else unchanged."""
    if isinstance(value, TensorShape):
        if not value.is_fully_defined():
            raise error(
                "INVALID_TENSOR",
                f"Cannot convert a partially known TensorShape {value} to a Tensor.",
            )
        return value.as_list()
    if isinstance(value, Dimension):
        if value.value is None:
            raise error("VALUE_NOT_REPRESENTABLE", "Failed to convert elements of ? to Tensor.")
        return value.value
    return value


def constant_op(
    graph: Graph, value: Any, dtype: Any = None, name: str | None = None, shape: Any = None
) -> Tensor:
    """Add a Const node holding a read-only copy of `value`."""
    if value is None:  # TF's ValueError (an op's None input, a cond branch's), not a dtype's
        raise error("INVALID_TENSOR", "None values not supported.")
    value = shape_literal(value)
    if dtype is None:
        arr = _dt.default_array(value)
    else:
        arr = _dt.convert_literal(value, _dt.as_dtype(dtype))
    if shape is not None:
        shape = tuple(int(d) for d in shape)
        if arr.shape != shape:
            if arr.size == 1:
                arr = np.broadcast_to(arr.reshape(()), shape)
            elif arr.size == int(np.prod(shape)):
                arr = arr.reshape(shape)
            else:
                raise error(
                    "SHAPE_MISMATCH",
                    f"cannot give a value of shape {list(arr.shape)} the shape {list(shape)}",
                )
    arr = np.array(arr, copy=True)
    arr.flags.writeable = False
    op = graph.create_op("Const", (), {"value": arr}, "Const" if name is None else name)
    return op.outputs[0]


def convert_to_tensor(
    value: Any,
    dtype: Any = None,
    name: str | None = None,
    graph: Graph | None = None,
    *,
    preferred_dtype: Any = None,
    dtype_hint: Any = None,
) -> Tensor:
    """Return `value` if it is a Tensor (checking `dtype`), else a new Const. TF1's
    `preferred_dtype` (`dtype_hint`) is tried for a literal when `dtype` is not given,
    the literal's own dtype used if it does not fit."""
    hint = preferred_dtype if dtype_hint is None else dtype_hint
    if hint is not None and dtype is None and not isinstance(value, Tensor):
        try:
            return convert_to_tensor(value, hint, name, graph)
        except (GraphgateError, TypeError, ValueError):
            pass
    if isinstance(value, Tensor):
        if dtype is not None and value.dtype != _dt.as_dtype(dtype):
            # TF's convert_to_tensor raises ValueError here, its op builders TypeError.
            raise error(
                "DTYPE_MISMATCH",
                f"expected {_dt.as_dtype(dtype).name}, got {value.dtype.name} tensor {value.name}",
                also=(ValueError,),
            )
        return value
    if isinstance(value, DenseConvertible):
        return value._as_dense_tensor(dtype, name)
    converted = _user_conversion(value, dtype, name)
    if converted is not None:
        return converted
    if holds_tensor(value):
        return autopack(value, None if dtype is None else _dt.as_dtype(dtype), name)
    return constant_op(graph or get_default_graph(), known_dimension(value), dtype, name)


def _user_conversion(value: Any, dtype: Any, name: str | None) -> Tensor | None:
    """`value` converted by the first function `tf.register_tensor_conversion_function`
    registered for its type that does not return NotImplemented, checked as TF checks it
    (RuntimeError for a non-tensor or another dtype); None when none applies."""
    wanted = None if dtype is None else _dt.as_dtype(dtype)
    for fn in tensor_conversion.functions(type(value)):
        out = fn(value, dtype=wanted, name=name, as_ref=False)
        if out is NotImplemented:
            continue
        if not isinstance(out, Tensor):
            raise RuntimeError(
                f"Conversion function {fn!r} for type {type(value)} returned non-Tensor: {out!r}"
            )
        if wanted is not None and out.dtype != wanted:
            raise RuntimeError(
                f"Conversion function {fn!r} for type {type(value)} returned incompatible "
                f"dtype: requested = {wanted.name}, actual = {out.dtype.name}"
            )
        return out
    return None


def known_dimension(value: Any) -> Any:
    """`value`, refused as TF's conversion refuses an unknown Dimension (ValueError; only
    `tf.constant` of one is TF's TypeError, which `shape_literal` raises)."""
    if isinstance(value, Dimension) and value.value is None:
        raise error("INVALID_TENSOR", "Cannot convert unknown Dimension ? to a Tensor.")
    return value


def holds_tensor(value: Any) -> bool:
    """Whether a list (or nested lists) holds a tensor: TF packs it rather than refusing."""
    if not isinstance(value, list | tuple):
        return False
    return any(isinstance(v, Tensor) or holds_tensor(v) for v in value)


def autopack(value: list | tuple, dtype: Any, name: str | None) -> Tensor:
    """A list mixing tensors and literals as one tensor, as TF's `convert_to_tensor`
    packs it (`[tf.shape(x)[0], 3]`): a `Pack` named `packed` (or `name`), its literals
    and inner packs named by their positions (`packed/1`), as TF's `_autopacking_helper`."""
    first = _first_tensor(value)
    if dtype is None:
        dtype = first.dtype
    elif first.dtype != dtype:
        value = _cast_tensors(value, dtype)
    return _pack(first.op.graph, value, dtype, name or "packed")


def _pack(graph: Graph, value: list | tuple, dtype: Any, name: str) -> Tensor:
    with graph.name_scope(name) as scope:
        items = [_pack_item(graph, v, dtype, str(i)) for i, v in enumerate(value)]
        ts = [
            v if isinstance(v, Tensor) else constant_op(graph, v, dtype, str(i))
            for i, v in enumerate(items)
        ]
    return graph.create_op("Pack", ts, {"axis": 0}, scope).outputs[0]


def _pack_item(graph: Graph, value: Any, dtype: Any, name: str) -> Any:
    if holds_tensor(value):
        return _pack(graph, value, dtype, name)
    if isinstance(value, list | tuple):
        # TF's helper opens the scope before finding no tensor in it: the literal's
        # Const is then `1_1`, and graphgate's names follow.
        with graph.name_scope(name):
            pass
    return value


def _first_tensor(value: list | tuple) -> Tensor:
    for v in value:
        if isinstance(v, Tensor):
            return v
        if holds_tensor(v):
            return _first_tensor(v)
    raise AssertionError("autopack is only called on a list holding a tensor")


def _cast_tensors(value: list | tuple, dtype: Any) -> list:
    """TF's `_cast_nested_seqs_to_dtype`: a requested dtype other than the first tensor's
    casts every tensor inside (`SparseTensor([[tf.constant(1)]], ...)`'s int32 to int64)."""
    from .ops.math_ops import cast

    return [
        cast(v, dtype)
        if isinstance(v, Tensor)
        else _cast_tensors(v, dtype)
        if isinstance(v, list | tuple)
        else v
        for v in value
    ]


def converts_in_order(fn: Any) -> Any:
    """`fn(x, y, ...)` as TF's op functions convert their inputs: in order (op_def_library),
    so a literal before the first tensor takes its own dtype (2 is int32, 2.0 float32, a
    numpy value its own) and the tensor after it must have that dtype: `tf.add(2, t)` of a
    float32 `t` is TypeError. An operator converts a literal with its tensor's dtype
    instead (`2 + t` is fine): operators call `fn.as_operator`, the unchecked function."""

    def checked(x: Any, y: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(y, Tensor) and is_literal(x):
            try:
                own = _dt.as_dtype(_dt.default_array(x).dtype)
            except GraphgateError as exc:
                if exc.code == "VALUE_NOT_REPRESENTABLE":
                    # No dtype of its own holds it (2**63, 1e40): TF's TypeError, where the
                    # tensor's dtype would have wrapped it.
                    raise error(
                        "DTYPE_MISMATCH",
                        f"{fn.__name__}'s argument 'x' ({x!r:.40}) fits no dtype: {exc.message}",
                        details={"got": type(x).__name__, "cause": exc.code},
                    ) from None
                own = None  # not a value at all: `fn` says what is wrong with it
            if own is not None and own != y.dtype:
                raise error(
                    "DTYPE_MISMATCH",
                    f"Input 'y' of '{fn.__name__}' has type {y.dtype.name} that does not "
                    f"match type {own.name} of argument 'x' ({x!r}).",
                    details={"expected": own.name, "got": y.dtype.name},
                )
        return fn(x, y, *args, **kwargs)

    checked.__name__, checked.__qualname__, checked.__doc__ = fn.__name__, fn.__name__, fn.__doc__
    checked.as_operator = fn
    return checked


def is_literal(value: Any) -> bool:
    """A Python or numpy value an op converts itself: no tensor in it."""
    return not isinstance(value, Tensor | DenseConvertible) and not holds_tensor(value)


def op_inputs(
    values: tuple, name: str | None, default: str, arg_names: tuple[str, ...] = ()
) -> tuple[Graph, tuple[Tensor, ...] | list[Tensor], str]:
    """`as_tensors` for an op about to be named `name` (or `default`), and that name.

    Literals become constants under the op's own scope, named after its arguments as
    TensorFlow names them (`add/y`), never top-level `Const`s that would shift the names of
    the user's own constants. Pass the returned name to `create_op`.
    """
    for v in values:
        if not isinstance(v, Tensor):
            break
    else:
        # Tensors already: the tuple goes to `create_op` as it is (once per node built).
        return values[0].op.graph, values, name or default
    graph = _graph_of(values)
    with graph.name_scope(name or default) as scope:
        graph, ts = as_tensors(*values, names=arg_names)
    return graph, ts, scope


def _user_converted(values: tuple, names: tuple[str, ...]) -> tuple:
    """The arguments of a type `tf.register_tensor_conversion_function` converts, as TF's
    op builder converts them in order: named for their argument, given the dtype an
    earlier tensor argument fixed."""
    out, dtype = [], None
    for i, v in enumerate(values):
        if not isinstance(v, Tensor) and tensor_conversion.functions(type(v)):
            converted = _user_conversion(v, dtype, names[i] if i < len(names) else None)
            v = v if converted is None else converted
        if isinstance(v, Tensor) and dtype is None:
            dtype = v.dtype
        out.append(v)
    return tuple(out)


def reserve_name(graph: Graph, name: str) -> None:
    """Use up `name` in the current scope, where TensorFlow would have made a node of it
    (a helper `Const` outside the op's scope), so later names match TensorFlow's."""
    graph.unique_name(graph.scope_prefix + name)


def as_tensors(*values: Any, names: tuple[str, ...] = ()) -> tuple[Graph, list[Tensor]]:
    """Convert the arguments of an op: literals take the dtype of the first tensor argument,
    or TensorFlow's defaults when there is none; the i-th literal is named `names[i]`
    (default `Const`) in the current scope."""
    for v in values:
        if not isinstance(v, Tensor):
            break
    else:
        return values[0].op.graph, values
    graph = _graph_of(values)
    if any(isinstance(v, DenseConvertible) for v in values):
        values = tuple(
            v._as_dense_tensor() if isinstance(v, DenseConvertible) else v for v in values
        )
    if tensor_conversion.any_registered():
        values = _user_converted(values, names)
    dtype = None
    for v in values:
        if isinstance(v, Tensor):
            dtype = v.dtype
            break
    out = []
    for i, v in enumerate(values):
        if isinstance(v, Tensor):
            out.append(v)
            continue
        name = names[i] if i < len(names) else None
        if holds_tensor(v):
            t = autopack(v, dtype, name)
            dtype = dtype or t.dtype
        elif dtype is None:
            t = constant_op(graph, v, name=name)
            dtype = t.dtype
        else:
            try:
                t = constant_op(graph, _dt.check_literal(v, dtype), dtype, name)
            except GraphgateError as exc:
                # TF's TypeError for a literal of another kind; a finalized graph is TF's
                # RuntimeError whatever the literal (`v * 2` under a Supervisor)
                if exc.code in ("DTYPE_MISMATCH", "GRAPH_MISMATCH"):
                    raise
                raise error(
                    "DTYPE_MISMATCH",
                    f"cannot use {v!r} with a {dtype.name} tensor: {exc.message}",
                    details={"dtype": dtype.name, "cause": exc.code},
                ) from None
        out.append(t)
    return graph, out
