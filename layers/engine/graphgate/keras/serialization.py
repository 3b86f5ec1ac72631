"""Keras' object serialization (TF 1.x `tf.keras.utils`): `{"class_name", "config"}`
dicts for layers, initializers, regularizers, constraints and optimizers, functions by
name, and the custom objects a user's classes are found under (`custom_objects=`,
`CustomObjectScope`). The one owner of "a name in a config -> a class" and of the error
for a name nobody knows."""

from __future__ import annotations

import codecs
import inspect
import marshal
import sys
import types
from typing import Any

import numpy as np

from ..errors import error

_GLOBAL_CUSTOM_OBJECTS: dict[str, Any] = {}
_SCOPES: list[dict[str, Any]] = []


class CustomObjectScope:
    """`with CustomObjectScope({"MyLayer": MyLayer}):` — names that deserialization
    finds besides Keras' own, until the block ends."""

    def __init__(self, *args: dict):
        self.custom_objects = args

    def __enter__(self) -> CustomObjectScope:
        merged: dict[str, Any] = {}
        for objects in self.custom_objects:
            merged.update(objects or {})
        _SCOPES.append(merged)
        return self

    def __exit__(self, *exc: Any) -> None:
        _SCOPES.pop()


def custom_object_scope(*args: dict) -> CustomObjectScope:
    return CustomObjectScope(*args)


def get_custom_objects() -> dict[str, Any]:
    """The global dict of custom objects (mutable, as Keras')."""
    return _GLOBAL_CUSTOM_OBJECTS


def _custom(name: str, custom_objects: dict | None) -> Any:
    for objects in (custom_objects or {}, *reversed(_SCOPES), _GLOBAL_CUSTOM_OBJECTS):
        if name in objects:
            return objects[name]
    return None


def registered(name: str, custom_objects: dict | None) -> bool:
    """Whether `name` is a custom object (given, in an open scope, or registered)."""
    return _custom(name, custom_objects) is not None


def unknown(kind: str, name: Any) -> Exception:
    """TF's ValueError for a class or function name no module or custom object has."""
    return error(
        "UNKNOWN_KERAS_OBJECT",
        f"Unknown {kind}: {name!r}. Please ensure you are using a "
        "`keras.utils.custom_object_scope` and that this object is included in the scope. "
        "See https://www.tensorflow.org/guide/keras/save_and_serialize"
        "#registering_the_custom_object for details.",
        details={"kind": kind, "name": str(name)},
    )


def serialize_keras_object(instance: Any) -> Any:
    """`{"class_name", "config"}` of an object with `get_config`, a function's name, or
    None."""
    if instance is None:
        return None
    if hasattr(instance, "get_config"):
        return {"class_name": class_name(instance), "config": instance.get_config()}
    if hasattr(instance, "__name__"):
        return instance.__name__
    raise ValueError(f"Cannot serialize {instance!r} since it doesn't implement `get_config()`")


def class_name(instance: Any) -> str:
    """The name Keras writes for an object's class (graphgate's classes are named as
    Keras' are)."""
    return type(instance).__name__


def deserialize_keras_object(
    identifier: Any,
    module_objects: dict | None = None,
    custom_objects: dict | None = None,
    printable_module_name: str = "object",
) -> Any:
    """An object from its `{"class_name", "config"}` (through the class' `from_config`,
    else its constructor) or a function from its name; names are looked up in
    `custom_objects`, the open scopes, the global custom objects, then `module_objects`."""
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        if "class_name" not in identifier or "config" not in identifier:
            raise ValueError(f"Improper config format: {identifier}")
        name = identifier["class_name"]
        cls = lookup(name, module_objects, custom_objects, printable_module_name)
        config = identifier["config"]
        if not hasattr(cls, "from_config"):
            with CustomObjectScope(custom_objects or {}):
                return cls(**config)
        if "custom_objects" in inspect.signature(cls.from_config).parameters:
            return cls.from_config(config, custom_objects=_all_custom(custom_objects))
        with CustomObjectScope(custom_objects or {}):
            return cls.from_config(config)
    if isinstance(identifier, str):
        return lookup(identifier, module_objects, custom_objects, printable_module_name)
    return identifier


def lookup(name: str, module_objects: dict | None, custom_objects: dict | None, kind: str) -> Any:
    found = _custom(name, custom_objects)
    if found is None:
        found = (module_objects or {}).get(name)
    if found is None:
        raise unknown(kind, name)
    return found


def _all_custom(custom_objects: dict | None) -> dict:
    merged: dict[str, Any] = dict(_GLOBAL_CUSTOM_OBJECTS)
    for scope in _SCOPES:
        merged.update(scope)
    merged.update(custom_objects or {})
    return merged


def float32(value: Any) -> float:
    """A hyperparameter as Keras stores it, rounded through float32 (`l2=0.01` is
    written 0.009999999776482582, as TF writes it)."""
    return float(np.float32(value))


def plain(value: Any) -> Any:
    """A config value as JSON writes it: tuples as lists, numpy scalars as numbers."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


def function_config(fn: Any, allow_raw: bool = False) -> tuple[Any, Any, Any]:
    """(value, type, module) as Keras' Lambda writes a function: a `lambda` as its
    marshalled bytecode with defaults and closure, a named function by name, else
    (where allowed) the value itself."""
    if isinstance(fn, types.LambdaType) and fn.__name__ == "<lambda>":
        code = codecs.encode(marshal.dumps(fn.__code__), "base64").decode("ascii")
        closure = tuple(c.cell_contents for c in fn.__closure__) if fn.__closure__ else None
        return (code, fn.__defaults__, closure), "lambda", fn.__module__
    if callable(fn):
        return fn.__name__, "function", fn.__module__
    if allow_raw:
        return fn, "raw", None
    raise ValueError(f"Invalid input for serialization, type: {type(fn)} ")


def function_from_config(
    value: Any, kind: str | None, module: str | None, custom_objects: dict | None
) -> Any:
    """A Lambda's function back from `function_config`. Like TF, a `lambda` is rebuilt
    from the bytecode the file holds (so load Lambda layers only from files you trust),
    and it only loads under the Python version that wrote it."""
    scope: dict[str, Any] = {}
    if module in sys.modules:
        scope.update(vars(sys.modules[module]))
    scope.update(_all_custom(custom_objects))
    if kind == "function":
        return lookup(value, scope, None, "function in Lambda layer")
    if kind != "lambda":
        return value
    code, defaults, closure = value
    try:
        compiled = marshal.loads(codecs.decode(code.encode("ascii"), "base64"))
    except (ValueError, EOFError, TypeError) as exc:
        raise error(
            "INVALID_KERAS_FILE",
            f"a Lambda layer's function cannot be read by this Python ({exc}); "
            "rebuild the layer in code and load the weights",
        ) from None
    cells = tuple(types.CellType(v) for v in closure) if closure is not None else None
    defaults = tuple(defaults) if isinstance(defaults, list) else defaults
    return types.FunctionType(compiled, scope, compiled.co_name, defaults, cells)
