"""TF1's distributed-training surface, as it behaves on the one CPU graphgate computes on.

What is meaningful there is TF's: `tf.train.ClusterSpec` (a description of machines, pure
data), `tf.train.replica_device_setter` (the device function TF returns; graphgate places
every op on its CPU, so the devices it names are not applied), and `tf.distribute`'s
default strategy, the one TF1 programs run under when they chose none (one replica; `run`
calls the function, `reduce` reduces over `axis`).

What is not is refused with UnimplementedError (a NotImplementedError) naming why, rather
than AttributeError: a gRPC `tf.train.Server`, the strategies that spread work over devices
or machines, cluster resolvers, and `tf.tpu`.
"""

from __future__ import annotations

import contextlib
import enum
import types
from collections.abc import Callable
from typing import Any

from . import devices as _devices
from .tf_namespaces import refusing

_ONE_CPU = "graphgate runs a graph on one CPU in a hosted session"
_SERVERS = "it starts no gRPC server; run graphs in a Session"


def _refused_function(path: str, why: str) -> Callable:
    return refusing(path, f"{_ONE_CPU}; {why}")


def _refused_class(path: str, why: str) -> type:
    """A class whose construction (or `create_local_server`) raises the refusal."""
    refuse = _refused_function(path, why)
    name = path.rsplit(".", 1)[-1]
    return type(
        name,
        (),
        {
            "__init__": refuse,
            "__doc__": f"TF's `tf.{path}`, refused: {why}.",
            "__module__": __name__,
            "create_local_server": staticmethod(refuse),
        },
    )


def _namespace(name: str, doc: str, classes=(), functions=(), why: str = "") -> types.ModuleType:
    module = types.ModuleType(f"graphgate.{name}", doc)
    for cls in classes:
        setattr(module, cls, _refused_class(f"{name}.{cls}", why))
    for fn in functions:
        setattr(module, fn, _refused_function(f"{name}.{fn}", why))
    return module


# -- tf.train.ClusterSpec ---------------------------------------------------------------------


class ClusterSpec:
    """TF's `tf.train.ClusterSpec`: jobs, each a list of task addresses (or a dict of task
    index to address, for a sparse job). Another ClusterSpec, or a dict, describes one."""

    def __init__(self, cluster: Any):
        if isinstance(cluster, ClusterSpec):
            cluster = cluster.as_dict()
        if not isinstance(cluster, dict):
            raise TypeError("`cluster` must be a dictionary mapping one or more job names")
        self._cluster: dict[str, dict[int, str]] = {}
        for job, tasks in cluster.items():
            if isinstance(tasks, list | tuple):
                self._cluster[job] = dict(enumerate(tasks))
            elif isinstance(tasks, dict):
                self._cluster[job] = {int(i): address for i, address in tasks.items()}
            else:
                raise TypeError(f"The tasks for job {job!r} must be a list or a dictionary.")

    def _job(self, job_name: str) -> dict[int, str]:
        try:
            return self._cluster[job_name]
        except KeyError:
            raise ValueError(f"No such job in cluster: {job_name!r}") from None

    def as_dict(self) -> dict:
        """Each job's addresses: a list for a job with tasks 0..n-1, else {index: address}."""
        out: dict = {}
        for job, tasks in self._cluster.items():
            dense = sorted(tasks) == list(range(len(tasks)))
            out[job] = [tasks[i] for i in range(len(tasks))] if dense else dict(tasks)
        return out

    @property
    def jobs(self) -> list[str]:
        return list(self._cluster)

    def num_tasks(self, job_name: str) -> int:
        return len(self._job(job_name))

    def task_indices(self, job_name: str) -> list[int]:
        return sorted(self._job(job_name))

    def task_address(self, job_name: str, task_index: int) -> str:
        try:
            return self._job(job_name)[task_index]
        except KeyError:
            raise ValueError(f"No task with index {task_index!r} in job {job_name!r}") from None

    def job_tasks(self, job_name: str) -> list:
        """The job's addresses by task index, None where a sparse job has no task."""
        tasks = self._job(job_name)
        return [tasks.get(i) for i in range(max(tasks) + 1)] if tasks else []

    def __bool__(self) -> bool:
        return bool(self._cluster)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ClusterSpec) and self._cluster == other._cluster

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __repr__(self) -> str:
        return f"ClusterSpec({self.as_dict()!r})"


# -- tf.train.replica_device_setter --------------------------------------------------------

# The op types TF's setter places on a parameter server.
_VARIABLE_OPS = ("Variable", "VariableV2", "AutoReloadVariable", "MutableHashTable")
_VARIABLE_OPS += ("MutableHashTableV2", "MutableHashTableOfTensors", "MutableDenseHashTable")
_VARIABLE_OPS += ("VarHandleOp", "MutableHashTableOfTensorsV2", "MutableDenseHashTableV2")


def replica_device_setter(
    ps_tasks: int = 0,
    ps_device: str = "/job:ps",
    worker_device: str = "/job:worker",
    merge_devices: bool = True,
    cluster: Any = None,
    ps_ops: Any = None,
    ps_strategy: Any = None,
) -> Callable | None:
    """TF's device function for between-graph replication: variables round-robin over the
    `ps` tasks, other ops on `worker_device`; None without `ps` tasks, as TF's. graphgate
    accepts it in `gg.device` and, computing on its CPU, applies none of the devices."""
    if cluster is not None:
        spec = ClusterSpec(cluster)
        ps_tasks = spec.num_tasks("ps") if "ps" in spec.jobs else 0
    if ps_tasks == 0:
        return None
    if ps_strategy is None:
        ps_strategy = _RoundRobin(ps_tasks)
    elif not callable(ps_strategy):
        raise TypeError("ps_strategy must be callable")
    ps_ops = list(_VARIABLE_OPS if ps_ops is None else ps_ops)

    def device_function(op: Any) -> str:
        # TF's: a device the op already has (an inner block's) is merged over the chosen
        # one, and a variable goes to the next ps task unless it names another job.
        current = getattr(op, "device", "") or ""
        if getattr(op, "type", None) in ps_ops and ps_device:
            ps_job, current_job = _devices.parse(ps_device)[0], _devices.parse(current)[0]
            chosen = ps_device
            if ps_job and (not current_job or current_job == ps_job):
                job, replica, _, kind, index = _devices.parse(ps_device)
                chosen = _devices.to_string((job, replica, ps_strategy(op), kind, index))
            return _devices.merge(chosen, current)
        return _devices.merge(worker_device or "", current)

    return device_function


class _RoundRobin:
    def __init__(self, tasks: int):
        self._tasks, self._next = tasks, 0

    def __call__(self, op: Any) -> int:
        task, self._next = self._next, (self._next + 1) % self._tasks
        return task


Server = _refused_class("train.Server", _SERVERS)


# -- tf.distribute: the default strategy -----------------------------------------------------


class ReduceOp(enum.Enum):
    """How values of several replicas combine."""

    SUM = "SUM"
    MEAN = "MEAN"

    @staticmethod
    def from_variable_aggregation(aggregation: Any) -> ReduceOp:
        return ReduceOp[str(getattr(aggregation, "name", aggregation)).upper()]


def _reduce_op(reduce_op: Any) -> ReduceOp:
    return reduce_op if isinstance(reduce_op, ReduceOp) else ReduceOp[str(reduce_op).upper()]


class _DefaultStrategy:
    """The strategy TF1 programs run under when they chose none: one replica."""

    num_replicas_in_sync = 1

    @property
    def extended(self) -> _DefaultStrategy:
        return self

    @contextlib.contextmanager
    def scope(self):
        yield self

    def run(self, fn: Callable, args: tuple = (), kwargs: dict | None = None) -> Any:
        return fn(*args, **(kwargs or {}))

    experimental_run_v2 = run  # TF 1.15's name

    def reduce(self, reduce_op: Any, value: Any, axis: Any = None) -> Any:
        """`value` for one replica; with `axis`, summed or averaged over it, as TF's."""
        if axis is None:
            return value
        from .ops.reduce_ops import reduce_mean, reduce_sum

        reduce = reduce_sum if _reduce_op(reduce_op) is ReduceOp.SUM else reduce_mean
        return reduce(value, axis)

    def experimental_local_results(self, value: Any) -> tuple:
        return (value,)

    unwrap = experimental_local_results

    def experimental_distribute_dataset(self, dataset: Any, options: Any = None) -> Any:
        return dataset

    def make_dataset_iterator(self, dataset: Any) -> Any:
        return dataset.make_initializable_iterator()

    def group(self, value: Any, name: str | None = None) -> Any:
        from .ops.control_flow_ops import group

        return group(value, name=name)

    def colocate_vars_with(self, colocate_with_variable: Any):
        return contextlib.nullcontext()

    def __repr__(self) -> str:
        return "<gg.distribute default strategy: one replica>"


class ReplicaContext:
    """The replica context of the default strategy: replica 0 of 1."""

    num_replicas_in_sync = 1
    replica_id_in_sync_group = 0

    def __init__(self, strategy: Any = None, replica_id_in_sync_group: Any = 0):
        self.strategy = _DEFAULT if strategy is None else strategy

    def merge_call(self, merge_fn: Callable, args: tuple = (), kwargs: dict | None = None):
        return merge_fn(self.strategy, *args, **(kwargs or {}))

    def all_reduce(self, reduce_op: Any, value: Any, options: Any = None) -> Any:
        _reduce_op(reduce_op)
        return value


_DEFAULT = _DefaultStrategy()
_DEFAULT_REPLICA = ReplicaContext(_DEFAULT)


def get_strategy() -> _DefaultStrategy:
    return _DEFAULT


def has_strategy() -> bool:
    return False


def in_cross_replica_context() -> bool:
    return False


def get_replica_context() -> ReplicaContext:
    return _DEFAULT_REPLICA


def get_loss_reduction() -> ReduceOp:
    return ReduceOp.SUM


def experimental_set_strategy(strategy: Any) -> None:
    if strategy is not None and strategy is not _DEFAULT:
        _refused_function("distribute.experimental_set_strategy", _STRATEGIES)()


_STRATEGIES = "distribution strategies place replicas on several devices or machines"

create_local_cluster = _refused_function("test.create_local_cluster", _SERVERS)
experimental_connect_to_cluster = _refused_function(
    "config.experimental_connect_to_cluster", "it connects to no cluster"
)
experimental_connect_to_host = _refused_function(
    "config.experimental_connect_to_host", "it connects to no remote host"
)
SyncReplicasOptimizer = _refused_class(
    "train.SyncReplicasOptimizer", "it has no worker replicas to aggregate gradients from"
)
_CLUSTERS = "cluster resolvers find the machines of a cluster, which it does not use"

distribute = _namespace(
    "distribute",
    "TF's tf.distribute: the default strategy, the others refused.",
    ("MirroredStrategy", "OneDeviceStrategy", "Strategy", "StrategyExtended"),
    why=_STRATEGIES,
)
distribute.experimental = _namespace(
    "distribute.experimental",
    "TF's tf.distribute.experimental (refused).",
    (
        "CentralStorageStrategy",
        "MultiWorkerMirroredStrategy",
        "ParameterServerStrategy",
        "TPUStrategy",
    ),
    why=_STRATEGIES,
)
distribute.cluster_resolver = _namespace(
    "distribute.cluster_resolver",
    "TF's tf.distribute.cluster_resolver (refused).",
    (
        "ClusterResolver",
        "GCEClusterResolver",
        "KubernetesClusterResolver",
        "SimpleClusterResolver",
        "SlurmClusterResolver",
        "TFConfigClusterResolver",
        "TPUClusterResolver",
        "UnionResolver",
    ),
    why=_CLUSTERS,
)


class CommunicationImplementation(enum.Enum):
    """How collective strategies communicate (named for their refused constructors)."""

    AUTO = "AUTO"
    RING = "RING"
    NCCL = "NCCL"


distribute.experimental.CommunicationImplementation = CommunicationImplementation
distribute.experimental.CollectiveCommunication = CommunicationImplementation  # TF's alias
for _name in (
    "ReduceOp",
    "ReplicaContext",
    "get_strategy",
    "has_strategy",
    "in_cross_replica_context",
    "get_replica_context",
    "get_loss_reduction",
    "experimental_set_strategy",
):
    setattr(distribute, _name, globals()[_name])
distribute.Server = Server

_TPU = "it has no TPU"
tpu = _namespace(
    "tpu",
    "TF's tf.tpu (refused: graphgate has no TPU).",
    ("CrossShardOptimizer", "PaddingSpec", "XLAOptions"),
    (
        "batch_parallel",
        "bfloat16_scope",
        "core",
        "cross_replica_sum",
        "initialize_system",
        "outside_compilation",
        "replicate",
        "rewrite",
        "shard",
        "shutdown_system",
    ),
    why=_TPU,
)
tpu.experimental = _namespace(
    "tpu.experimental",
    "TF's tf.tpu.experimental (refused: graphgate has no TPU).",
    ("DeviceAssignment", "Topology", "TPUSystemMetadata"),
    (
        "embedding_column",
        "initialize_tpu_system",
        "shared_embedding_columns",
        "shutdown_tpu_system",
    ),
    why=_TPU,
)

__all__ = ["ClusterSpec", "Server", "SyncReplicasOptimizer", "create_local_cluster"]
__all__ += ["distribute", "experimental_connect_to_cluster", "experimental_connect_to_host"]
__all__ += ["replica_device_setter", "tpu"]
