"""`InteractiveSession`: a session that makes itself the default when it is made, for
shells and notebooks (`tensor.eval()` and `op.run()` with no `with` block), as TF1's."""

from __future__ import annotations

from typing import Any, ClassVar

from .session import Session, get_default_session


class InteractiveSession(Session):
    """A `Session` installed as this thread's default session until `close()`.

    TF1's `target` and `config` are accepted, as by `Session`.
    """

    def __init__(self, target: str = "", graph: Any = None, config: Any = None, **kwargs: Any):
        super().__init__(graph, config=config, target=target, **kwargs)
        self._default = self.as_default()
        self._default.__enter__()

    def close(self) -> None:
        default = self.__dict__.pop("_default", None)
        if default is not None and get_default_session() is self:
            default.__exit__(None, None, None)
        super().close()


class _Options:
    """An attribute bag standing in for one of TF1's protocol buffers."""

    def __init__(self, **fields: Any):
        self.__dict__.update(fields)


class GPUOptions(_Options):
    """TF1's `GPUOptions`, accepted and ignored (graphgate runs on the CPU); unset fields
    read as the proto's defaults."""

    allow_growth = False
    per_process_gpu_memory_fraction = 0.0
    visible_device_list = ""
    allocator_type = ""


class _Message(_Options):
    """A protocol buffer of known fields, unset ones reading as the proto's defaults; a
    field it lacks is a ValueError, as protobuf's constructor raises."""

    DEFAULTS: ClassVar[dict[str, Any]] = {}

    def __init__(self, **fields: Any):
        unknown = sorted(set(fields) - set(self.DEFAULTS))
        if unknown:
            raise ValueError(f'Protocol message {type(self).__name__} has no "{unknown[0]}" field.')
        super().__init__(**{**self.DEFAULTS, **fields})


class OptimizerOptions(_Message):
    """TF1's `OptimizerOptions` (graph optimizer and XLA levels), recorded and ignored:
    graphgate's plans optimize as they do whatever is asked."""

    L1, L0 = 0, -1  # opt_level
    DEFAULT, OFF, ON_1, ON_2 = 0, -1, 1, 2  # global_jit_level
    DEFAULTS: ClassVar[dict[str, Any]] = {
        "do_common_subexpression_elimination": False,
        "do_constant_folding": False,
        "max_folded_constant_in_bytes": 0,
        "do_function_inlining": False,
        "opt_level": 0,
        "global_jit_level": 0,
        "cpu_global_jit": False,
    }


class GraphOptions(_Message):
    """TF1's `GraphOptions`, recorded and ignored, as `ConfigProto` is."""

    DEFAULTS: ClassVar[dict[str, Any]] = {
        "enable_recv_scheduling": False,
        "optimizer_options": None,
        "build_cost_model": 0,
        "build_cost_model_after": 0,
        "infer_shapes": False,
        "place_pruned_graph": False,
        "enable_bfloat16_sendrecv": False,
        "timeline_step": 0,
        "rewrite_options": None,
    }

    def __init__(self, **fields: Any):
        super().__init__(**fields)
        if self.optimizer_options is None:
            self.optimizer_options = OptimizerOptions()


class ConfigProto(_Options):
    """TF1's `ConfigProto`, accepted and ignored: `tf.Session(config=ConfigProto(...))`;
    unset fields read as the proto's defaults (programs print and test them)."""

    allow_soft_placement = False
    log_device_placement = False
    intra_op_parallelism_threads = 0
    inter_op_parallelism_threads = 0
    use_per_session_threads = False
    placement_period = 0
    operation_timeout_in_ms = 0
    isolate_session_state = False

    def __init__(self, **fields: Any):
        fields.setdefault("gpu_options", GPUOptions())
        fields.setdefault("graph_options", GraphOptions())
        super().__init__(**fields)
