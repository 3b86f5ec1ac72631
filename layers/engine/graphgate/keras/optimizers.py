"""`tf.keras.optimizers` of TF 1.x (Keras' optimizer_v2 update rules and defaults) over the
engine's optimizers, which own the kernels. The learning rate is a variable
`<Name>/learning_rate` so `K.set_value(opt.lr, ...)` and LearningRateScheduler work."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

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


class _KerasMomentum(_opt.MomentumOptimizer):
    """Keras' momentum (ApplyKerasMomentum): v = m v - lr g; var += v (Nesterov: var +=
    m v - lr g). The same as TF's Momentum while lr is constant, not once it decays."""

    def _apply(self, grad, var, shared):
        graph = var.op.graph
        accum = self._slot(graph, var, "momentum")
        m = _tf.constant(self.momentum, var.dtype)
        lr = self._lr(graph, var.dtype)
        accum_t = accum.assign(m * accum - lr * grad)
        step = m * accum_t - lr * grad if self.use_nesterov else accum_t
        return var.assign_add(step)


class _KerasAdagrad(_opt.AdagradOptimizer):
    """Keras' Adagrad (ApplyAdagradV2): var -= lr g / (sqrt(accum) + epsilon)."""

    def __init__(
        self, learning_rate: Any, initial_accumulator_value: float, epsilon: float, name: str
    ):
        # Not AdagradOptimizer.__init__: Keras allows an accumulator starting at 0.
        _opt.Optimizer.__init__(self, learning_rate, name)
        self.initial_accumulator_value, self.epsilon = initial_accumulator_value, epsilon

    def _apply(self, grad, var, shared):
        graph = var.op.graph
        accum = self._slot(graph, var, "accumulator")
        accum_t = accum.assign(accum + grad * grad)
        eps = _tf.constant(self.epsilon, var.dtype)
        return var.assign_sub(self._lr(graph, var.dtype) * grad / (_tf.sqrt(accum_t) + eps))


class Optimizer:
    """A Keras optimizer: its config, and the engine optimizer that applies it."""

    _defaults: ClassVar[dict[str, Any]] = {}

    def __init__(self, name: str, **kwargs: Any):
        if "lr" in kwargs:
            kwargs["learning_rate"] = kwargs.pop("lr")
        self._decay = float(kwargs.pop("decay", 0.0))
        if self._decay < 0.0:
            raise ValueError(f"decay cannot be less than 0: {self._decay}")
        unknown = set(kwargs) - set(self._defaults)
        if unknown:
            raise TypeError(
                f"Unexpected keyword argument passed to optimizer: {sorted(unknown)[0]}"
            )
        self._name = name
        self._config = {**self._defaults, **kwargs}
        self._lr_var: Tensor | None = None
        self._iterations: Tensor | None = None
        self._engine: _opt.Optimizer | None = None

    def get_config(self) -> dict:
        return {"name": self._name, **self._config, "decay": self._decay}

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

    @property
    def iterations(self) -> Tensor:
        """The step counter `<Name>/iterations` (int64), incremented after each update."""
        if self._iterations is None:
            graph = _tf.get_default_graph()
            with graph.name_scope(None), graph.name_scope(self._name):
                self._iterations = _tf.Variable(
                    np.int64(0), trainable=False, name="iterations", dtype=_tf.int64
                )
        return self._iterations

    def _rate(self) -> Tensor:
        """The learning rate of this step: lr / (1 + decay * iterations), Keras' decay."""
        if not self._decay:
            return self.lr
        steps = _tf.cast(self.iterations, _tf.float32)
        return self.lr / (1.0 + self._decay * steps)

    def minimize(self, loss: Tensor, var_list: list | None = None, name: str | None = None) -> Any:
        if self._engine is None:
            self._engine = self._make()
        return self._engine.minimize(loss, global_step=self.iterations, var_list=var_list)

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
            return _KerasMomentum(
                self._rate(), c["momentum"], use_nesterov=c["nesterov"], name=self._name
            )
        return _opt.GradientDescentOptimizer(self._rate(), name=self._name)


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
        return _opt.AdamOptimizer(
            self._rate(), c["beta_1"], c["beta_2"], c["epsilon"], name=self._name
        )


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
            self._rate(),
            c["rho"],
            c["momentum"],
            c["epsilon"],
            centered=c["centered"],
            name=self._name,
        )


class TFOptimizer(Optimizer):
    """A `tf.train` optimizer used by `compile`, as TF1's Keras wraps it."""

    def __init__(self, optimizer: _opt.Optimizer):
        self._name, self._config = type(optimizer).__name__, {}
        self._engine, self._lr_var, self._iterations = optimizer, None, None
        self._decay = 0.0
        self.optimizer = optimizer

    @property
    def lr(self) -> Any:
        raise error("UNIMPLEMENTED", "a tf.train optimizer's learning rate is not a Keras variable")


class Adagrad(Optimizer):
    """accum += g²; var -= lr g / (sqrt(accum) + epsilon), accum starting at 0.1."""

    _defaults: ClassVar[dict[str, Any]] = {
        "learning_rate": 0.001,
        "initial_accumulator_value": 0.1,
        "epsilon": 1e-7,
    }

    def __init__(
        self,
        learning_rate: float = 0.001,
        initial_accumulator_value: float = 0.1,
        epsilon: float = 1e-7,
        name: str = "Adagrad",
        **kwargs: Any,
    ):
        if initial_accumulator_value < 0.0:
            raise ValueError(
                f"initial_accumulator_value must be non-negative: {initial_accumulator_value}"
            )
        super().__init__(
            name,
            learning_rate=learning_rate,
            epsilon=epsilon,
            initial_accumulator_value=initial_accumulator_value,
            **kwargs,
        )

    def _make(self) -> _opt.Optimizer:
        c = self._config
        return _KerasAdagrad(self._rate(), c["initial_accumulator_value"], c["epsilon"], self._name)


class Adadelta(Optimizer):
    """TF's ApplyAdadelta with Keras' defaults (lr 0.001, rho 0.95, epsilon 1e-7)."""

    _defaults: ClassVar[dict[str, Any]] = {"learning_rate": 0.001, "rho": 0.95, "epsilon": 1e-7}

    def __init__(
        self,
        learning_rate: float = 0.001,
        rho: float = 0.95,
        epsilon: float = 1e-7,
        name: str = "Adadelta",
        **kwargs: Any,
    ):
        super().__init__(name, learning_rate=learning_rate, rho=rho, epsilon=epsilon, **kwargs)

    def _make(self) -> _opt.Optimizer:
        c = self._config
        return _opt.AdadeltaOptimizer(self._rate(), c["rho"], c["epsilon"], name=self._name)


def _unsupported(name: str) -> type:
    def init(self, *args, **kwargs):
        raise error(
            "UNIMPLEMENTED",
            f"tf.keras.optimizers.{name} is not supported in graphgate; "
            "use SGD, Adam, RMSprop, Adagrad, Adadelta or a tf.train optimizer",
        )

    return type(name, (Optimizer,), {"__init__": init})


Adamax, Nadam, Ftrl = (_unsupported(n) for n in ("Adamax", "Nadam", "Ftrl"))
sgd, adam, rmsprop, adagrad, adadelta = SGD, Adam, RMSprop, Adagrad, Adadelta

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
