"""The TF raw ops graphgate builds by their type alone (dev-only): those it registers
whose only attributes are type attributes TF infers from the inputs, and whose graphgate
kernel has no attributes either, with TF's Python argument names and each argument's type
attribute (or fixed dtype). Rerun after adding kernels:

    TF_CPP_MIN_LOG_LEVEL=3 PYTHONPATH=layers/engine /work/tfvenv/bin/python \\
        tests/reference/tf_raw_op_inputs.py > layers/engine/graphgate/tf_raw_op_inputs.py
    .venv/bin/ruff format layers/engine/graphgate/tf_raw_op_inputs.py
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import tensorflow as tf
from tensorflow.python.framework import op_def_registry

import graphgate.ops
from graphgate.ops.registry import REGISTRY

# Every op family: some (image_ops, the readers) register only when first imported.
for _module in pkgutil.iter_modules(graphgate.ops.__path__):
    importlib.import_module(f"graphgate.ops.{_module.name}")


def plain(name: str) -> tuple[str, str] | None:
    """(argument names, their types) of the raw op `name`, or None if it takes more."""
    op_def, ours = op_def_registry.get(name), REGISTRY[name]
    inferred, types = set(), []
    for arg in op_def.input_arg:
        if arg.number_attr or arg.type_list_attr or arg.is_ref or not (arg.type_attr or arg.type):
            return None
        inferred.add(arg.type_attr)
        types.append(arg.type_attr or tf.as_dtype(arg.type).name)
    params = [
        p
        for p in inspect.signature(getattr(tf.raw_ops, name)).parameters.values()
        if p.name != "name"
    ]
    lo, hi = ours.arity
    if (
        any(a.name not in inferred for a in op_def.attr)
        or ours.attrs
        or ours.ref_input
        or not lo <= len(types) <= hi
        or len(params) != len(types)
        or any(p.default is not inspect.Parameter.empty for p in params)
    ):
        return None
    return " ".join(p.name for p in params), " ".join(types)


rows = {n: plain(n) for n in sorted(dir(tf.raw_ops)) if n in REGISTRY}
print('"""The TF raw ops graphgate builds by their type alone: argument names (TF\'s Python')
print("names) and each argument's type attribute or fixed dtype (written by")
print(f"tests/reference/tf_raw_op_inputs.py from TensorFlow {tf.__version__}'s op registry).")
print('"""')
print()
print("PLAIN: dict[str, tuple[str, str]] = {")
for name, row in rows.items():
    if row is not None:
        print(f'    "{name}": ("{row[0]}", "{row[1]}"),')
print("}")
