"""`tf.Module` (TF 2's base of models, kept in `tf.compat.v1`): a named container whose
variables and submodules are found by walking its attributes, as TF's.

In a TF1 graph a module takes a name scope when it is made (`dense`, then `dense_1`: made
unique then, as TF's) and `name_scope` re-enters that scope exactly, so what a method
builds under `with self.name_scope:` or `@tf.Module.with_name_scope` is named `dense/...`
however often it is called. The walk is TF's: attributes in sorted order, dicts by sorted
key, lists and tuples in order, each object once, a module's own before its submodules'.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import Any

from .graph import get_default_graph
from .ops.state_ops import Variable

_VALID_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# TF's `_TF_MODULE_IGNORED_PROPERTIES`: bookkeeping a walk never enters.
_IGNORED = frozenset({"_scope", "_scope_name"})


def _camel_to_snake(name: str) -> str:
    """TF's default module name: `MLP` -> `mlp`, `DenseLayer` -> `dense_layer`."""
    first = re.sub(r"(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", first).lower()


class _ReEnter:
    """A module's scope, entered again exactly (TF's `name_scope` of the scope's string)."""

    def __init__(self, scope_name: str):
        self.name = scope_name
        self._entered: list = []

    def __enter__(self) -> str:
        context = get_default_graph().name_scope(self.name)
        self._entered.append(context)
        return context.__enter__()

    def __exit__(self, *exc: Any) -> Any:
        return self._entered.pop().__exit__(*exc)


class Module:
    """`tf.Module`: `name`, `name_scope`, `variables`, `trainable_variables`,
    `non_trainable_variables`, `submodules` and `with_name_scope`."""

    def __init__(self, name: str | None = None):
        if name is None:
            name = _camel_to_snake(type(self).__name__)
        elif not _VALID_NAME.match(name):
            raise ValueError(
                f"'{name}' is not a valid module name. Module names must be valid Python "
                "identifiers (e.g. a valid class name)."
            )
        self._name = name
        with get_default_graph().name_scope(name) as scope_name:
            self._scope_name = scope_name
        self._scope = _ReEnter(scope_name)

    @property
    def name(self) -> str:
        return self._name

    @property
    def name_scope(self) -> _ReEnter:
        return self._scope

    @property
    def variables(self) -> tuple:
        return tuple(self._flatten(lambda v: isinstance(v, Variable)))

    @property
    def trainable_variables(self) -> tuple:
        return tuple(self._flatten(lambda v: isinstance(v, Variable) and v.trainable))

    @property
    def non_trainable_variables(self) -> tuple:
        return tuple(self._flatten(lambda v: isinstance(v, Variable) and not v.trainable))

    @property
    def submodules(self) -> tuple:
        return tuple(self._flatten(lambda v: isinstance(v, Module)))

    def _flatten(self, wanted: Callable[[Any], bool], seen: set | None = None) -> Iterator[Any]:
        """What `wanted` picks of this module's attributes, then of each submodule's in
        turn, depth first, each object once (TF's `_flatten_module`)."""
        seen = {id(self)} if seen is None else seen
        found: list = []
        for key in sorted(vars(self)):
            if key not in _IGNORED:
                _leaves(vars(self)[key], found, seen)
        yield from (leaf for leaf in found if wanted(leaf))
        for leaf in found:
            if isinstance(leaf, Module):
                yield from leaf._flatten(wanted, seen)

    @classmethod
    def with_name_scope(cls, method: Callable) -> Callable:
        """`method` run inside its module's name scope."""

        @functools.wraps(method)
        def scoped(self, *args: Any, **kwargs: Any) -> Any:
            with self.name_scope:
                return method(self, *args, **kwargs)

        return scoped

    def __repr__(self) -> str:
        return f"<{type(self).__module__}.{type(self).__name__} object at {id(self):#x}>"


def _leaves(value: Any, found: list, seen: set) -> None:
    """The variables and modules in `value`: itself, or within its dicts (by sorted key),
    lists and tuples."""
    if id(value) in seen:
        return
    if isinstance(value, (Variable, Module)):
        seen.add(id(value))
        found.append(value)
    elif isinstance(value, dict):
        seen.add(id(value))
        for key in sorted(value, key=str):
            _leaves(value[key], found, seen)
    elif isinstance(value, (list, tuple)):
        seen.add(id(value))
        for item in value:
            _leaves(item, found, seen)


__all__ = ["Module"]
