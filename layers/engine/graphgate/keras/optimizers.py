"""`tf.keras.optimizers` of TF 1.x (Keras' optimizer_v2 update rules and defaults) over the
engine's optimizers, which own the kernels. The learning rate is a variable
`<Name>/learning_rate` so `K.set_value(opt.lr, ...)` and LearningRateScheduler work."""

from __future__ import annotations

from typing import Any, ClassVar

import graphgate as _tf

from ..errors import error
from ..graph import Tensor
from ..train import optimizers as _opt


class _KerasRMSProp(_opt.RMSPropOptimizer):
    """Keras' RMSprop: the `rms` slot starts at zero (TF1's tf.train at one) and, without
    momentum, epsilon is added outside the square root: var -= lr g / (sqrt(rms) + eps)."""

    def _create_slots(self, graph, var_list):
        for v in var_list:
            self._slot(graph, v, "rms", fill=0.0)
            if self.centered:
                self._slot(graph, v, "mg")
            self._slot(graph, v, "momentum")

    def _apply(self, grad, var, shared):
        if self.momentum or self.centered:
            return super()._apply(grad, var, shared)
        graph = var.op.graph
        rho = _tf.constant(self.decay, var.dtype)
        rms = self._slot(graph, var, "rms")
        rms_t = rms.assign(rho * rms + _tf.constant(1.0 - self.decay, var.dtype) * grad * grad)
        step = (
            self._lr(graph, var.dtype)
            * grad
            / (_tf.sqrt(rms_t) + _tf.constant(self.epsilon, var.dtype))
        )
        return var.assign_sub(step)


class Optimizer:
    """A Keras optimizer: its config, and the engine optimizer that applies it."""

    _defaults: ClassVar[dict[str, Any]] = {}

    def __init__(self, name: str, **kwargs: Any):
        if "lr" in kwargs:
            kwargs["learning_rate"] = kwargs.pop("lr")
        decay = kwargs.pop("decay", 0.0)
        if decay:
            raise error(
                "UNIMPLEMENTED",
                "Keras optimizers' `decay` is not supported; use a LearningRateScheduler callback",
            )
        unknown = set(kwargs) - set(self._defaults)
        if unknown:
            raise TypeError(
                f"Unexpected keyword argument passed to optimizer: {sorted(unknown)[0]}"
            )
        self._name = name
        self._config = {**self._defaults, **kwargs}
        self._lr_var: Tensor | None = None
        self._engine: _opt.Optimizer | None = None

    def get_config(self) -> dict:
        return {"name": self._name, **self._config, "decay": 0.0}

    @property
    def lr(self) -> Tensor:
        """The learning-rate variable (made in the default graph on first use)."""
        if self._lr_var is None:
            graph = _tf.get_default_graph()
            with graph.name_scope(None), graph.name_scope(self._name):
                self._lr_var = _tf.Variable(
                    float(self._config["learning_rate"]),
                    trainable=False,
                    name="learning_rate",
                    dtype=_tf.float32,
                )
        return self._lr_var

    learning_rate = lr

    def _make(self) -> _opt.Optimizer:
        raise NotImplementedError

    def minimize(self, loss: Tensor, var_list: list | None = None, name: str | None = None) -> Any:
        if self._engine is None:
            self._engine = self._make()
        return self._engine.minimize(loss, var_list=var_list)

    def get_updates(self, loss: Tensor, params: list) -> list:
        return [self.minimize(loss, params)]


class SGD(Optimizer):
    """w -= lr g; with momentum v = m v - lr g, w += v (Nesterov: w += m v - lr g)."""

    _defaults: ClassVar[dict[str, Any]] = {
        "learning_rate": 0.01,
        "momentum": 0.0,
        "nesterov": False,
    }

    def __init__(
        self,
        learning_rate: float = 0.01,
        momentum: float = 0.0,
        nesterov: bool = False,
        name: str = "SGD",
        **kwargs: Any,
    ):
        super().__init__(
            name, learning_rate=learning_rate, momentum=momentum, nesterov=nesterov, **kwargs
        )

    def _make(self) -> _opt.Optimizer:
        c = self._config
        if c["momentum"]:
            return _opt.MomentumOptimizer(self.lr, c["momentum"], c["nesterov"], name=self._name)
        return _opt.GradientDescentOptimizer(self.lr, name=self._name)


class Adam(Optimizer):
    _defaults: ClassVar[dict[str, Any]] = {
        "learning_rate": 0.001,
        "beta_1": 0.9,
        "beta_2": 0.999,
        "epsilon": 1e-7,
        "amsgrad": False,
    }

    def __init__(
        self,
        learning_rate: float = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        amsgrad: bool = False,
        name: str = "Adam",
        **kwargs,
    ):
        if amsgrad:
            raise error("UNIMPLEMENTED", "Adam(amsgrad=True) is not supported")
        super().__init__(
            name,
            learning_rate=learning_rate,
            beta_1=beta_1,
            beta_2=beta_2,
            epsilon=epsilon,
            amsgrad=amsgrad,
            **kwargs,
        )

    def _make(self) -> _opt.Optimizer:
        c = self._config
        return _opt.AdamOptimizer(self.lr, c["beta_1"], c["beta_2"], c["epsilon"], name=self._name)


class RMSprop(Optimizer):
    _defaults: ClassVar[dict[str, Any]] = {
        "learning_rate": 0.001,
        "rho": 0.9,
        "momentum": 0.0,
        "epsilon": 1e-7,
        "centered": False,
    }

    def __init__(
        self,
        learning_rate: float = 0.001,
        rho: float = 0.9,
        momentum: float = 0.0,
        epsilon: float = 1e-7,
        centered: bool = False,
        name: str = "RMSprop",
        **kwargs,
    ):
        super().__init__(
            name,
            learning_rate=learning_rate,
            rho=rho,
            momentum=momentum,
            epsilon=epsilon,
            centered=centered,
            **kwargs,
        )

    def _make(self) -> _opt.Optimizer:
        c = self._config
        return _KerasRMSProp(
            self.lr, c["rho"], c["momentum"], c["epsilon"], centered=c["centered"], name=self._name
        )


class TFOptimizer(Optimizer):
    """A `tf.train` optimizer used by `compile`, as TF1's Keras wraps it."""

    def __init__(self, optimizer: _opt.Optimizer):
        self._name, self._config = type(optimizer).__name__, {}
        self._engine, self._lr_var = optimizer, None
        self.optimizer = optimizer

    @property
    def lr(self) -> Any:
        raise error("UNIMPLEMENTED", "a tf.train optimizer's learning rate is not a Keras variable")


def _unsupported(name: str) -> type:
    def init(self, *args, **kwargs):
        raise error(
            "UNIMPLEMENTED",
            f"tf.keras.optimizers.{name} is not supported in graphgate; "
            "use SGD, Adam, RMSprop or a tf.train optimizer",
        )

    return type(name, (Optimizer,), {"__init__": init})


Adagrad, Adadelta, Adamax, Nadam, Ftrl = (
    _unsupported(n) for n in ("Adagrad", "Adadelta", "Adamax", "Nadam", "Ftrl")
)
sgd, adam, rmsprop = SGD, Adam, RMSprop

_BY_NAME = {
    "sgd": SGD,
    "adam": Adam,
    "rmsprop": RMSprop,
    "adagrad": Adagrad,
    "adadelta": Adadelta,
    "adamax": Adamax,
    "nadam": Nadam,
    "ftrl": Ftrl,
}


def get(identifier: Any) -> Optimizer:
    """An optimizer from its name ("adam"), a Keras optimizer, or a tf.train optimizer."""
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, _opt.Optimizer):
        return TFOptimizer(identifier)
    if isinstance(identifier, str):
        if identifier.lower() not in _BY_NAME:
            raise ValueError(f"Unknown optimizer: {identifier}")
        return _BY_NAME[identifier.lower()]()
    raise ValueError(f"Could not interpret optimizer identifier: {identifier!r}")
