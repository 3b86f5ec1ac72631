"""TF's op definitions of the ops graphgate writes into a GraphDef or reads from one
(dev-only).

    /work/tfvenv/bin/python tests/reference/tf_op_defs.py \\
        > layers/engine/graphgate/tf_op_defs.py

The GraphDef writer (graphgate/tf_export.py) gives each NodeDef the attributes TF's OpDef
binds from its inputs and outputs (`T`, `N`, `Tidx`, ...) and checks that every attribute
without a default is set: it reads each op's arguments and attributes from this table,
written from TensorFlow's registry for every op graphgate registers under TF's name (and
the few the writer emits of its own: shapes, savers, functional control flow). The
reader (graphgate/tf_node_checks.py) checks each NodeDef against it as TF's import does,
so it holds the ops the reader renames or lowers and TF1's control flow too.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "layers" / "engine"))

import tensorflow as tf
from tensorflow.python.framework import op_def_registry

import graphgate.ops

for module in pkgutil.iter_modules(graphgate.ops.__path__):
    importlib.import_module("graphgate.ops." + module.name)
from graphgate.ops.registry import REGISTRY  # noqa: E402
from graphgate.tf_graph import LOWERINGS, RENAMED  # noqa: E402

EMITTED = (
    "Shape", "BroadcastGradientArgs", "BroadcastTo", "Identity", "IdentityN", "NoOp", "Const",
    "SaveV2", "RestoreV2", "MergeV2Checkpoints", "StringJoin", "ShardedFilename", "Sum",
    "Reshape", "Placeholder", "PlaceholderWithDefault", "StatelessIf", "If", "StatelessWhile",
    "While", "VariableV2", "Assign", "Prod", "Mean", "Max", "Min", "Fill", "ExpandDims",
    "Tile", "ZerosLike", "Relu", "Neg", "Exp", "Log1p", "Abs",
    "Select", "GreaterEqual", "Add", "Sub", "Mul", "RealDiv", "Pack", "Range", "Size",
    "DynamicStitch", "FloorMod", "Maximum", "Cast", "GatherV2", "ConcatV2", "Slice", "Pad",
    "PadV2", "Softmax", "LogSoftmax", "Transpose", "LRN", "AddV2",
)  # fmt: skip


def _arg(a) -> str:
    ref = "&" if a.is_ref else ""
    count = f"*{a.number_attr}" if a.number_attr else ""
    if a.type_list_attr:
        return f"{ref}{a.name}+{a.type_list_attr}"
    kind = a.type_attr or f"={a.type}"
    return f"{ref}{a.name}{count}:{kind}"


# TF1's control flow and TensorArrays, which the reader turns into graphgate's own.
READ = (
    "Switch", "Merge", "Enter", "Exit", "NextIteration", "LoopCond", "RefSwitch",
    "RefEnter", "RefExit", "RefMerge", "RefNextIteration", "TensorArrayV3",
    "TensorArrayWriteV3", "TensorArrayReadV3", "TensorArrayGatherV3", "TensorArrayScatterV3",
    "TensorArraySizeV3", "PartitionedCall", "StatefulPartitionedCall",
)  # fmt: skip

every = {*REGISTRY, *EMITTED, *RENAMED, *LOWERINGS, *READ}
names = sorted(n for n in every if op_def_registry.get(n) is not None)
assert set(EMITTED) <= set(names), set(EMITTED) - set(names)
print('"""TF\'s op definitions of the ops graphgate writes into GraphDefs or reads (written by')
print(f"tests/reference/tf_op_defs.py from TensorFlow {tf.__version__}'s op registry).")
print()
print("Each op: its input arguments, its output arguments, its attributes. An argument is")
print("`name:attr` (its dtype is the type attribute `attr`), `name:=enum` (a fixed dtype),")
print("`name*n:attr` (a list of the int attribute `n`'s length), `name+attrs` (a list typed by")
print("the type-list attribute `attrs`), `&` first for a reference. An attribute maps to its")
print("type, `?` after it when TF has a default for it.")
print('"""')
print()
print("OP_DEFS: dict[str, tuple[tuple[str, ...], tuple[str, ...], dict[str, str]]] = {")
for name in names:
    op = op_def_registry.get(name)
    ins = tuple(_arg(a) for a in op.input_arg)
    outs = tuple(_arg(a) for a in op.output_arg)
    attrs = {a.name: a.type + ("?" if a.HasField("default_value") else "") for a in op.attr}
    print(f"    {name!r}: ({ins!r}, {outs!r}, {attrs!r}),")
print("}")
