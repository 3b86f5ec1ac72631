"""`tf.saved_model.main_op`: the op a loaded model runs after its variables are restored."""

from __future__ import annotations

from typing import Any

from ..ops.state_ops import group, local_variables_initializer
from ..templates import tables_initializer


def main_op() -> Any:
    """Initialize local variables and lookup tables, as TF's."""
    return group(local_variables_initializer(), tables_initializer(), name="main_op")


def main_op_with_restore(restore_op_name: str) -> Any:
    """`main_op`, run after the restore op: a graphgate `load` restores before it anyway."""
    return main_op()


__all__ = ["main_op", "main_op_with_restore"]
