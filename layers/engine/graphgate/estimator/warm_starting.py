"""`tf.estimator.WarmStartSettings` and `Estimator(warm_start_from=...)`: variables of a
new model that start from another model's checkpoint instead of their initializers —
when there is no checkpoint in `model_dir` yet, as in TF. A string names a checkpoint,
its directory or a saved model; by default the TRAINABLE variables warm-start
(`vars_to_warm_start`, a regular expression matched from the start of the name, a list
of them over all global variables, or a list of variables).

The variables' initializers load the checkpoint's values, as TF's warm start does
(`tf.train.init_from_checkpoint`)."""

from __future__ import annotations

import collections
import os
from typing import Any

from ..errors import error
from ..ops.state_ops import Variable, global_variables, trainable_variables
from .model_fn import invalid


class WarmStartSettings(
    collections.namedtuple(
        "WarmStartSettings",
        [
            "ckpt_to_initialize_from",
            "vars_to_warm_start",
            "var_name_to_vocab_info",
            "var_name_to_prev_var_name",
        ],
    )
):
    """Where to warm-start from, which variables, and the names they had there."""

    def __new__(
        cls,
        ckpt_to_initialize_from: Any,
        vars_to_warm_start: Any = ".*",
        var_name_to_vocab_info: Any = None,
        var_name_to_prev_var_name: Any = None,
    ):
        if not ckpt_to_initialize_from:
            raise invalid("`ckpt_to_initialize_from` MUST be set in WarmStartSettings")
        if var_name_to_vocab_info:
            # Remapping rows by vocabulary needs vocabulary files of strings.
            raise error("UNIMPLEMENTED", "WarmStartSettings(var_name_to_vocab_info=...)")
        return super().__new__(
            cls,
            ckpt_to_initialize_from,
            vars_to_warm_start,
            var_name_to_vocab_info or {},
            var_name_to_prev_var_name or {},
        )


def settings_of(warm_start_from: Any) -> WarmStartSettings | None:
    """TF's reading of `warm_start_from`: None, a path (a saved model's variables when
    it is one) or `WarmStartSettings`."""
    if warm_start_from is None:
        return None
    if isinstance(warm_start_from, str | bytes | os.PathLike):
        path = os.fsdecode(warm_start_from)
        saved = os.path.join(path, "variables", "variables")
        if os.path.exists(saved + ".index"):
            return WarmStartSettings(saved)
        return WarmStartSettings(path)
    if isinstance(warm_start_from, WarmStartSettings):
        return warm_start_from
    raise invalid(
        "warm_start_from must be a string or a WarmStartSettings, instead got "
        f"{type(warm_start_from)}"
    )


def _variables(vars_to_warm_start: Any) -> list[Variable]:
    if vars_to_warm_start is None or isinstance(vars_to_warm_start, str):
        return trainable_variables(scope=vars_to_warm_start)
    if isinstance(vars_to_warm_start, list | tuple):
        if all(isinstance(v, str) for v in vars_to_warm_start):
            found: list[Variable] = []
            for pattern in vars_to_warm_start:
                found += [v for v in global_variables(scope=pattern) if v not in found]
            return found
        if all(isinstance(v, Variable) for v in vars_to_warm_start):
            return list(vars_to_warm_start)
    raise invalid(
        "If `vars_to_warm_start` is a list, it must be all `Variable` or all `str`.  Given "
        f"types are {[type(v) for v in vars_to_warm_start]}"
    )


def _checkpoint(path: str) -> str:
    from ..train.saver import latest_checkpoint

    if os.path.isdir(path):
        found = latest_checkpoint(path)
        if not found:
            raise invalid(
                f"Couldn't find 'checkpoint' file or checkpoints in given directory {path}"
            )
        return found
    return path


def warm_start_variables(
    ckpt_to_initialize_from: Any,
    vars_to_warm_start: Any = ".*",
    var_name_to_vocab_info: Any = None,
    var_name_to_prev_var_name: Any = None,
) -> None:
    """`tf.train.warm_start`: the Estimator's warm start, called by the program itself."""
    warm_start(
        WarmStartSettings(
            ckpt_to_initialize_from,
            vars_to_warm_start,
            var_name_to_vocab_info,
            var_name_to_prev_var_name,
        )
    )


def warm_start(settings: WarmStartSettings) -> None:
    """TF's `warm_start`: check each chosen variable against the checkpoint (at build
    time, as TF) and make its initializer load the checkpoint's value
    (`tf.train.init_from_checkpoint`)."""
    from ..train.saver import init_from_checkpoint, list_variables

    checkpoint = _checkpoint(os.fsdecode(settings.ckpt_to_initialize_from))
    shapes = dict(list_variables(checkpoint))
    chosen = _variables(settings.vars_to_warm_start)
    renames = dict(settings.var_name_to_prev_var_name)
    assignment = {}
    for var in chosen:
        name = var.op.name
        source = renames.pop(name, name)
        if source not in shapes:
            raise invalid(f"Tensor {source} is not found in {checkpoint} checkpoint")
        if list(shapes[source]) != var.get_shape().as_list():
            raise invalid(
                f"Shape of variable {name} ({var.get_shape()}) doesn't match with shape of "
                f"tensor {source} ({shapes[source]}) from checkpoint reader."
            )
        assignment[source] = var
    if renames:
        raise invalid(
            "You provided the following variables in var_name_to_prev_var_name that were "
            f"not used: {set(renames)}.  Perhaps you misspelled them?  Here is the list of "
            f"viable variable names: {[v.op.name for v in chosen]}"
        )
    init_from_checkpoint(checkpoint, assignment)
