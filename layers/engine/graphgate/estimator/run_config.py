"""`tf.estimator.RunConfig`: where an estimator keeps its checkpoints and how often it
saves, summarizes and logs, with TF 1.x's defaults (a checkpoint every 600 seconds
unless steps are given, summaries every 100 steps, the 5 newest checkpoints kept)."""

from __future__ import annotations

import copy
import os
from typing import Any

from .model_fn import invalid

_USE_DEFAULT = object()
_SAVE_CKPT_ERR = "`save_checkpoints_steps` and `save_checkpoints_secs` cannot be both set."
_REPLACEABLE = (
    "model_dir",
    "tf_random_seed",
    "save_summary_steps",
    "save_checkpoints_steps",
    "save_checkpoints_secs",
    "session_config",
    "keep_checkpoint_max",
    "keep_checkpoint_every_n_hours",
    "log_step_count_steps",
    "train_distribute",
    "device_fn",
    "protocol",
    "eval_distribute",
    "experimental_distribute",
    "experimental_max_worker_delay_secs",
    "session_creation_timeout_secs",
    "checkpoint_save_graph_def",
)
# Each property that must be a non-negative (or positive) number when set, as TF checks.
_CHECKS = {
    "save_summary_steps": (0, "save_summary_steps should be >= 0"),
    "save_checkpoints_steps": (0, "save_checkpoints_steps should be >= 0"),
    "save_checkpoints_secs": (0, "save_checkpoints_secs should be >= 0"),
    "keep_checkpoint_max": (0, "keep_checkpoint_max should be >= 0"),
    "keep_checkpoint_every_n_hours": (1e-300, "keep_checkpoint_every_n_hours should be > 0"),
    "log_step_count_steps": (0, "log_step_count_steps should be >= 0"),
}


class TaskType:
    MASTER = "master"
    PS = "ps"
    WORKER = "worker"
    CHIEF = "chief"
    EVALUATOR = "evaluator"


class RunConfig:
    """An estimator's run settings; read-only properties, changed with `replace()`.

    Raises
    ------
    GraphgateError
        INVALID_ESTIMATOR (ValueError) for both `save_checkpoints_steps` and
        `save_checkpoints_secs`, an empty `model_dir` or a negative count; UNIMPLEMENTED
        for distribution strategies (graphgate runs one local process).
    """

    def __init__(
        self,
        model_dir: Any = None,
        tf_random_seed: int | None = None,
        save_summary_steps: int | None = 100,
        save_checkpoints_steps: Any = _USE_DEFAULT,
        save_checkpoints_secs: Any = _USE_DEFAULT,
        session_config: Any = None,
        keep_checkpoint_max: int | None = 5,
        keep_checkpoint_every_n_hours: float = 10000,
        log_step_count_steps: int | None = 100,
        train_distribute: Any = None,
        device_fn: Any = None,
        protocol: Any = None,
        eval_distribute: Any = None,
        experimental_distribute: Any = None,
        experimental_max_worker_delay_secs: Any = None,
        session_creation_timeout_secs: int = 7200,
        checkpoint_save_graph_def: bool = True,
    ):
        if save_checkpoints_steps is _USE_DEFAULT and save_checkpoints_secs is _USE_DEFAULT:
            save_checkpoints_steps, save_checkpoints_secs = None, 600
        elif save_checkpoints_secs is _USE_DEFAULT:
            save_checkpoints_secs = None
        elif save_checkpoints_steps is _USE_DEFAULT:
            save_checkpoints_steps = None
        elif save_checkpoints_steps is not None and save_checkpoints_secs is not None:
            raise invalid(_SAVE_CKPT_ERR)
        if train_distribute is not None or eval_distribute is not None:
            from ..errors import error

            raise error("UNIMPLEMENTED", "RunConfig: distribution strategies are not supported")
        if model_dir is not None:
            model_dir = os.fspath(model_dir)
            if model_dir == "":
                raise invalid("model_dir should be non-empty.")
        values = dict(locals())
        for key in _REPLACEABLE:
            setattr(self, "_" + key, values[key])
        _validate(self)

    def replace(self, **kwargs: Any) -> RunConfig:
        """A copy with the given properties changed (only TF's replaceable ones)."""
        new = copy.deepcopy(self)
        for key, value in kwargs.items():
            if key not in _REPLACEABLE:
                raise invalid(
                    f"Replacing {key} is not supported. Allowed properties are "
                    f"{list(_REPLACEABLE)}."
                )
            setattr(new, "_" + key, value)
        steps, secs = new.save_checkpoints_steps, new.save_checkpoints_secs
        if "save_checkpoints_steps" in kwargs and "save_checkpoints_secs" in kwargs:
            if steps is not None and secs is not None:
                raise invalid(_SAVE_CKPT_ERR)
        elif "save_checkpoints_steps" in kwargs and steps is not None:
            new._save_checkpoints_secs = None
        elif "save_checkpoints_secs" in kwargs and secs is not None:
            new._save_checkpoints_steps = None
        _validate(new)
        return new

    # A single local process: TF's cluster properties as they are for one.
    cluster_spec = property(lambda self: None)
    task_type = property(lambda self: TaskType.WORKER)
    task_id = property(lambda self: 0)
    is_chief = property(lambda self: True)
    master = property(lambda self: "")
    evaluation_master = property(lambda self: "")
    num_ps_replicas = property(lambda self: 0)
    num_worker_replicas = property(lambda self: 1)
    global_id_in_cluster = property(lambda self: 0)
    service = property(lambda self: None)

    def __repr__(self) -> str:
        return f"RunConfig({ {k: getattr(self, k) for k in _REPLACEABLE} })"


def _property(key: str) -> property:
    return property(lambda self: getattr(self, "_" + key))


for _key in _REPLACEABLE:
    setattr(RunConfig, _key, _property(_key))


def _validate(config: RunConfig) -> None:
    for key, (low, message) in _CHECKS.items():
        value = getattr(config, key)
        if value is not None and value < low:
            raise invalid(message)
    seed = config.tf_random_seed
    if seed is not None and not isinstance(seed, int):
        raise invalid("tf_random_seed must be integer.")
