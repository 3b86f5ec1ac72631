"""TF's output argument lists of its ops that have more than one (dev-only).

    /work/tfvenv/bin/python tests/reference/tf_op_outputs.py \\
        > layers/engine/graphgate/tf_op_outputs.py

A FunctionDef names a node's output `node:arg:index`; the flat output it stands for needs
the op's output arguments in order. Ops of one output argument need nothing (the index is
the output); those of several are listed here, every one TF registers, so an op graphgate
learns later is never read with a wrong index.
"""

from __future__ import annotations

import tensorflow as tf
from tensorflow.core.framework import op_def_pb2
from tensorflow.python.client import pywrap_tf_session as c_api
from tensorflow.python.util import compat

ops = op_def_pb2.OpList()
ops.ParseFromString(compat.as_bytes(c_api.TF_GetBuffer(c_api.TF_GetAllOpList())))
print('"""TF\'s output arguments of each op with more than one, in order (written by')
print(f"tests/reference/tf_op_outputs.py from TensorFlow {tf.__version__}'s op registry).")
print()
print("An argument is its name, `name*attr` for a list of the int attribute `attr`'s length,")
print("`name+attr` for a list of as many as the type-list attribute `attr` holds.")
print('"""')
print()
print("OUTPUT_ARGS: dict[str, tuple[str, ...]] = {")
for op in sorted(ops.op, key=lambda o: o.name):
    if len(op.output_arg) < 2:
        continue
    args = []
    for a in op.output_arg:
        if a.number_attr:
            args.append(f"{a.name}*{a.number_attr}")
        elif a.type_list_attr:
            args.append(f"{a.name}+{a.type_list_attr}")
        else:
            args.append(a.name)
    print(f"    {op.name!r}: {tuple(args)!r},")
print("}")
