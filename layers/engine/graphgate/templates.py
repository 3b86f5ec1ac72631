"""TF1's `make_template`, `model_variables` and `tables_initializer`."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from .errors import error
from .graph import get_default_graph
from .ops.state_ops import TRAINABLE_VARIABLES, VARIABLES, Operation, group
from .variable_scope import GraphKeys, VariableScope, variable_scope


class Template:
    """A function whose variables (made by `get_variable`) are created by its first call
    and reused by every later one, in one variable scope."""

    def __init__(
        self,
        name: str,
        func: Callable,
        create_scope_now: bool = False,
        unique_name: str | None = None,
        custom_getter: Any = None,
    ):
        if name is None:
            raise error("INVALID_ATTR", "name cannot be None.")
        self._func, self._name, self._unique_name = func, name, unique_name
        self._scope: VariableScope | None = None
        self._created = False
        # The scope made first keeps the getter: every later call re-enters that scope.
        self._getter = custom_getter
        if create_scope_now:
            with variable_scope(
                unique_name, name, auxiliary_name_scope=False, custom_getter=custom_getter
            ) as scope:
                self._scope = scope

    def _call(self, args: tuple, kwargs: dict) -> Any:
        trainable = len(get_default_graph().get_collection(TRAINABLE_VARIABLES))
        result = self._func(*args, **kwargs)
        now = get_default_graph().get_collection(TRAINABLE_VARIABLES)
        if self._created and len(now) != trainable:
            raise error(
                "INVALID_ATTR",
                "Trainable variable created when calling a template after the first time, "
                f"perhaps you used tf.Variable when you meant tf.get_variable: {now[trainable:]}",
            )
        self._created = True
        return result

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._scope is not None:
            with variable_scope(self._scope, reuse=self._created):
                return self._call(args, kwargs)
        with variable_scope(self._unique_name, self._name, custom_getter=self._getter) as scope:
            self._scope = scope
            return self._call(args, kwargs)

    @property
    def name(self) -> str:
        return self._name

    @property
    def func(self) -> Callable:
        return self._func

    @property
    def variable_scope(self) -> VariableScope | None:
        return self._scope

    @property
    def variable_scope_name(self) -> str | None:
        return None if self._scope is None else self._scope.name + "/"

    def _collected(self, key: str) -> list:
        if self._scope is None:
            return []
        return get_default_graph().get_collection(key, self._scope.name + "/")

    @property
    def variables(self) -> list:
        return self._collected(VARIABLES)

    global_variables = variables

    @property
    def trainable_variables(self) -> list:
        return self._collected(TRAINABLE_VARIABLES)

    @property
    def non_trainable_variables(self) -> list:
        train = {id(v) for v in self.trainable_variables}
        return [v for v in self.variables if id(v) not in train]

    @property
    def local_variables(self) -> list:
        return self._collected(GraphKeys.LOCAL_VARIABLES)


def make_template(
    name_: str,
    func_: Callable,
    create_scope_now_: bool = False,
    unique_name_: str | None = None,
    custom_getter_: Any = None,
    **kwargs: Any,
) -> Template:
    """`func_` (with `kwargs` bound) sharing its variables between calls (TF1's
    `make_template`)."""
    if kwargs:
        func_ = functools.partial(func_, **kwargs)
    return Template(name_, func_, create_scope_now_, unique_name_, custom_getter_)


def model_variables(scope: str | None = None) -> list:
    """The variables of the `model_variables` collection (filled by user code, as TF1's)."""
    return get_default_graph().get_collection(GraphKeys.MODEL_VARIABLES, scope)


def tables_initializer(name: str = "init_all_tables") -> Operation:
    """The initializer of the graph's lookup tables: the `table_initializer` collection
    grouped (a no_op when the graph has no table), as TF1's."""
    ops = get_default_graph().get_collection("table_initializer")
    return group(*ops, name=name)


initialize_all_tables = tables_initializer
