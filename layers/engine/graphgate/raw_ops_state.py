"""`tf.raw_ops`' updates of reference variables (see raw_ops.py): `Assign`, the scatters
and `ApplyGradientDescent` on a TF1 variable, built by the public functions that own them
(`gg.assign`, `gg.scatter_update`...). graphgate's variables stand for TF's reference
and resource variables alike; `use_locking` changes nothing where a run applies its
updates as one.
"""

from __future__ import annotations

from typing import Any

from .raw_op_attrs import gg, named


def Assign(*, ref, value, validate_shape=True, use_locking=True, name=None):
    return gg().assign(ref, value, bool(validate_shape), use_locking, name=name or "Assign")


def AssignAdd(*, ref, value, use_locking=False, name=None):
    return gg().assign_add(ref, value, use_locking, name=name or "AssignAdd")


def AssignSub(*, ref, value, use_locking=False, name=None):
    return gg().assign_sub(ref, value, use_locking, name=name or "AssignSub")


def ApplyGradientDescent(*, var, alpha, delta, use_locking=False, name=None):
    from .ops.state_ops import apply_gradient_descent  # what GradientDescentOptimizer builds

    return apply_gradient_descent(var, alpha, delta, name or "ApplyGradientDescent")


def CountUpTo(*, ref, limit, name=None):
    return gg().count_up_to(ref, limit, name=name or "CountUpTo")


def IsVariableInitialized(*, ref, name=None):
    return gg().is_variable_initialized(ref, name=name or "IsVariableInitialized")


def _scatter(op_type: str, public: str, locking: bool) -> Any:
    def raw_op(*, ref, indices, updates, use_locking=locking, name=None):
        return getattr(gg(), public)(ref, indices, updates, bool(use_locking), name or op_type)

    return named(op_type, raw_op)


def _scatter_nd(op_type: str, public: str, locking: bool) -> Any:
    def raw_op(*, ref, indices, updates, use_locking=locking, bad_indices_policy="", name=None):
        from .ops.index_ops import check_bad_indices_policy

        check_bad_indices_policy(bad_indices_policy, op_type)
        return getattr(gg(), public)(ref, indices, updates, bool(use_locking), name or op_type)

    return named(op_type, raw_op)


# TF's defaults: the updates lock, the arithmetic does not.
_BUILT = {
    **{
        f"Scatter{kind}": _scatter(f"Scatter{kind}", f"scatter_{kind.lower()}", kind == "Update")
        for kind in ("Update", "Add", "Sub", "Mul", "Div", "Max", "Min")
    },
    **{
        f"ScatterNd{kind}": _scatter_nd(
            f"ScatterNd{kind}", f"scatter_nd_{kind.lower()}", kind == "Update"
        )
        for kind in ("Update", "Add", "Sub")
    },
}
NAMES = [
    "Assign",
    "AssignAdd",
    "AssignSub",
    "ApplyGradientDescent",
    "CountUpTo",
    "IsVariableInitialized",
]
for _name in NAMES:
    named(_name, globals()[_name])
globals().update(_BUILT)
NAMES += list(_BUILT)
