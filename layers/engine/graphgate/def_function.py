"""`tf.function` in TF1's graph mode: each call builds the function's ops into the graph,
under the name scope of TF's call op, its tensors returned through one `IdentityN` named
as TF's `PartitionedCall` (so the results are `PartitionedCall:0`, `PartitionedCall_1:0`...,
as a TF 2 graph graphgate imports has them, tf_functions.py).

What differs from TF, which traces the Python function once per input signature into a
function library: the Python function runs at every call (its side effects repeat); a
function that creates variables may be called once (a later call would create them again
where TF reuses the first call's: refused, UNIMPLEMENTED); an `input_signature` checks
the inputs (TypeError, as TF) but the results keep the inputs' static shapes where TF's
take the signature's; there is no AutoGraph (Python `if`/`while` on a tensor is TF1's
TypeError: write `tf.cond`/`tf.while_loop`). As TF's automatic control dependencies, a
call runs the ops with side effects it made (assigns, and while_loops and conds, whole)
whenever its results are read, but does not order them as TF's do (a read of a variable
may run before an assign the function made earlier).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from .errors import error
from .graph import Tensor, convert_to_tensor, get_default_graph
from .tf_nest import flatten, pack_sequence_as


class Function:
    """A Python function called as TF1 graph code calls a `tf.function`."""

    def __init__(self, python_function: Callable, input_signature: Any = None):
        self.python_function = python_function
        self.input_signature = None if input_signature is None else list(input_signature)
        self._called_in: set[int] = set()  # graphs a call has created variables in
        functools.update_wrapper(self, python_function)

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        # A decorated method: the instance is bound as Python binds it.
        if instance is None:
            return self
        return functools.partial(self.__call__, instance)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        graph = get_default_graph()
        if self.input_signature is not None:
            args = self._checked(args, kwargs)
        before = len(graph.get_collection("variables"))
        first_op = len(graph.op_list)
        with graph.name_scope("PartitionedCall") as scope:
            result = self.python_function(*args, **kwargs)
        if len(graph.get_collection("variables")) > before:
            if id(graph) in self._called_in:
                raise error(
                    "UNIMPLEMENTED",
                    f"tf.function {self.__name__!r} created variables again: graphgate runs "
                    "the function at every call, where TF reuses its first call's variables",
                )
            self._called_in.add(id(graph))
        return self._returned(result, scope, _must_run(graph, graph.op_list[first_op:]))

    def _checked(self, args: tuple, kwargs: dict) -> tuple:
        """The inputs as tensors, each compatible with its spec (TypeError otherwise)."""
        if kwargs or len(args) != len(self.input_signature):
            raise TypeError(
                f"tf.function {self.__name__!r} takes {len(self.input_signature)} positional "
                "arguments matching its input_signature"
            )
        tensors = []
        for arg, spec in zip(args, self.input_signature, strict=True):
            tensor = arg if isinstance(arg, Tensor) else convert_to_tensor(arg, dtype=spec.dtype)
            if not spec.is_compatible_with(tensor):
                raise TypeError(
                    f"Binding inputs to tf.function failed: {tensor!r} is not compatible "
                    f"with {spec!r}"
                )
            tensors.append(tensor)
        return tuple(tensors)

    @staticmethod
    def _returned(result: Any, scope: str, must_run: list) -> Any:
        """`result` with its tensors read through one IdentityN named as TF's call op,
        which runs after the ops `must_run` (the call's control outputs)."""
        flat = flatten(result)
        positions = [i for i, item in enumerate(flat) if isinstance(item, Tensor)]
        if not positions:
            return result
        from .ops.extra_array_ops import identity_n

        with get_default_graph().control_dependencies(must_run):
            outputs = identity_n([flat[i] for i in positions], name=scope)
        for i, output in zip(positions, outputs, strict=True):
            flat[i] = output
        return pack_sequence_as(result, flat)

    def get_concrete_function(self, *args: Any, **kwargs: Any) -> Any:
        raise error(
            "UNIMPLEMENTED",
            "tf.function's concrete functions: graphgate builds each call into the graph",
        )


def _must_run(graph: Any, made: list) -> list:
    """The ops of a call that TF's automatic control dependencies run whenever the call
    runs: those with side effects (an assign, a while_loop or cond, whose bodies then run
    whole, as TF2's While in a function computes every loop variable) made at the call's
    level, not inside a body the call built."""
    here = graph.current_body()
    # A variable's initializer is not: TF lifts a variable made in a function out of it.
    inits = {
        getattr(v, "initializer", None)
        for key in ("variables", "local_variables")
        for v in graph.get_collection(key)
    }
    return [
        op
        for op in made
        if op.definition.side_effects and graph.body_of(op) is here and op not in inits
    ]


def function(func: Callable | None = None, input_signature: Any = None, **options: Any) -> Any:
    """TF's `tf.function` (`autograph`, `jit_compile`, `reduce_retracing`... accepted)."""
    if func is None:
        return lambda f: Function(f, input_signature)
    return Function(func, input_signature)


__all__ = ["Function", "function"]
