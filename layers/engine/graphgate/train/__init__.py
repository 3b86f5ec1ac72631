"""Training: optimizers, learning-rate schedules, weight initializers, gradient clipping,
checkpoints, meta graphs and monitored training sessions with their hooks."""

from ..meta_graph import export_meta_graph, write_graph
from ..variable_scope import get_variable
from .clip import clip_by_global_norm, global_norm
from .initializers import (
    constant_initializer,
    glorot_normal_initializer,
    glorot_uniform_initializer,
    ones_initializer,
    random_normal_initializer,
    random_uniform_initializer,
    truncated_normal_initializer,
    variance_scaling_initializer,
    zeros_initializer,
)
from .moving_averages import ExponentialMovingAverage
from .optimizers import (
    AdadeltaOptimizer,
    AdagradDAOptimizer,
    AdagradOptimizer,
    AdamOptimizer,
    FtrlOptimizer,
    GradientDescentOptimizer,
    MomentumOptimizer,
    Optimizer,
    ProximalAdagradOptimizer,
    ProximalGradientDescentOptimizer,
    RMSPropOptimizer,
)
from .saver import (
    CheckpointReader,
    CheckpointState,
    NewCheckpointReader,
    Saver,
    SaverDef,
    checkpoint_exists,
    get_checkpoint_state,
    import_meta_graph,
    init_from_checkpoint,
    latest_checkpoint,
    list_variables,
    load_checkpoint,
    load_variable,
    update_checkpoint_state,
)
from .schedules import (
    cosine_decay,
    cosine_decay_restarts,
    create_global_step,
    exponential_decay,
    get_global_step,
    get_or_create_global_step,
    global_step,
    inverse_time_decay,
    linear_cosine_decay,
    natural_exp_decay,
    noisy_linear_cosine_decay,
    piecewise_constant,
    polynomial_decay,
)

piecewise_constant_decay = piecewise_constant  # TF1's other name for it


def warm_start(
    ckpt_to_initialize_from,
    vars_to_warm_start=".*",
    var_name_to_vocab_info=None,
    var_name_to_prev_var_name=None,
):
    """`tf.train.warm_start` (the estimator package owns warm starting; imported here
    when called, as it imports this package)."""
    from ..estimator.warm_starting import warm_start_variables

    warm_start_variables(
        ckpt_to_initialize_from,
        vars_to_warm_start,
        var_name_to_vocab_info,
        var_name_to_prev_var_name,
    )


__all__ = [
    "AdadeltaOptimizer",
    "AdagradDAOptimizer",
    "AdagradOptimizer",
    "AdamOptimizer",
    "CheckpointReader",
    "CheckpointState",
    "ExponentialMovingAverage",
    "FtrlOptimizer",
    "GradientDescentOptimizer",
    "MomentumOptimizer",
    "NewCheckpointReader",
    "Optimizer",
    "ProximalAdagradOptimizer",
    "ProximalGradientDescentOptimizer",
    "RMSPropOptimizer",
    "Saver",
    "SaverDef",
    "checkpoint_exists",
    "clip_by_global_norm",
    "constant_initializer",
    "cosine_decay",
    "cosine_decay_restarts",
    "create_global_step",
    "exponential_decay",
    "export_meta_graph",
    "get_checkpoint_state",
    "get_global_step",
    "get_or_create_global_step",
    "get_variable",
    "global_norm",
    "global_step",
    "glorot_normal_initializer",
    "glorot_uniform_initializer",
    "import_meta_graph",
    "init_from_checkpoint",
    "inverse_time_decay",
    "latest_checkpoint",
    "linear_cosine_decay",
    "list_variables",
    "load_checkpoint",
    "load_variable",
    "natural_exp_decay",
    "noisy_linear_cosine_decay",
    "ones_initializer",
    "piecewise_constant",
    "piecewise_constant_decay",
    "polynomial_decay",
    "random_normal_initializer",
    "random_uniform_initializer",
    "truncated_normal_initializer",
    "update_checkpoint_state",
    "variance_scaling_initializer",
    "warm_start",
    "write_graph",
    "zeros_initializer",
]

# -- h-savedmodel: monitored sessions, their hooks, the Supervisor --------------------------
# Loaded on first use: a script that only trains in a plain Session does not pay for them.
_MONITORED = {
    "basic_session_run_hooks": [
        "CheckpointSaverHook",
        "CheckpointSaverListener",
        "FeedFnHook",
        "FinalOpsHook",
        "LoggingTensorHook",
        "NanLossDuringTrainingError",
        "NanTensorHook",
        "ProfilerHook",
        "SecondOrStepTimer",
        "StepCounterHook",
        "StopAtStepHook",
        "SummarySaverHook",
    ],
    "coordinator": ["Coordinator"],
    "monitored_session": [
        "ChiefSessionCreator",
        "MonitoredSession",
        "MonitoredTrainingSession",
        "Scaffold",
        "SessionCreator",
        "SingularMonitoredSession",
    ],
    "session_manager": ["SessionManager"],
    "session_run_hook": [
        "SessionRunArgs",
        "SessionRunContext",
        "SessionRunHook",
        "SessionRunValues",
    ],
    "supervisor": ["Supervisor"],
    # TF 2's object-based checkpoints, in graph mode (h-ckptobj).
    "object_checkpoint": ["Checkpoint", "CheckpointManager"],
    "checkpoint_management": [
        "checkpoints_iterator",
        "get_checkpoint_mtimes",
        "remove_checkpoint",
    ],
    "training_util": ["assert_global_step", "basic_train_loop"],
    # TensorBoard's event files read back (tf_events.py writes them).
    "graphgate.tf_events": ["summary_iterator"],
    # TF1's queue runners and queue-based input pipeline (h-queues).
    "queue_runner": ["QueueRunner", "add_queue_runner", "start_queue_runners"],
    "input": [
        "batch",
        "batch_join",
        "input_producer",
        "limit_epochs",
        "maybe_batch",
        "maybe_batch_join",
        "maybe_shuffle_batch",
        "maybe_shuffle_batch_join",
        "range_input_producer",
        "shuffle_batch",
        "shuffle_batch_join",
        "slice_input_producer",
        "string_input_producer",
    ],
    # Cluster descriptions and device functions; a gRPC server refused (h-surface).
    "graphgate.tf_distribute": [
        "ClusterSpec",
        "Server",
        "SyncReplicasOptimizer",
        "replica_device_setter",
    ],
    # TF1's filename variable (h-readers), its files read when the graph is built.
    "graphgate.readers": ["match_filenames_once"],
    # tf.train.Example and its messages (h-example), in graphgate/example_proto.py.
    "graphgate.example_proto": [
        "BytesList",
        "Example",
        "Feature",
        "FeatureList",
        "FeatureLists",
        "Features",
        "FloatList",
        "Int64List",
        "SequenceExample",
    ],
}
_LAZY = {name: module for module, names in _MONITORED.items() for name in names}
__all__ += sorted(_LAZY)


def __getattr__(name: str):
    module = _LAZY.get(name)
    if name == "queue_runner":  # TF1's tf.train.queue_runner module
        import importlib

        return importlib.import_module(f"{__name__}.queue_runner")
    if name == "experimental":  # TF1's loss scaling (apigaps5)
        from .loss_scale import train_experimental

        return train_experimental
    if module is None:
        raise AttributeError(f"module 'graphgate.train' has no attribute {name!r}")
    import importlib

    path = module if module.startswith("graphgate.") else f"{__name__}.{module}"
    value = getattr(importlib.import_module(path), name)
    globals()[name] = value
    return value
