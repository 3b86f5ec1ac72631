"""`InteractiveSession`: a session that makes itself the default when it is made, for
shells and notebooks (`tensor.eval()` and `op.run()` with no `with` block), as TF1's."""

from __future__ import annotations

from typing import Any

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
    """TF1's `GPUOptions`, accepted and ignored (graphgate runs on the CPU)."""


class ConfigProto(_Options):
    """TF1's `ConfigProto`, accepted and ignored: `tf.Session(config=ConfigProto(...))`."""

    def __init__(self, **fields: Any):
        fields.setdefault("gpu_options", GPUOptions())
        super().__init__(**fields)
