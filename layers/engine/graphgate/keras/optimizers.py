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
from . import serialization
from .serialization import float32

_CLIPS = ("clipvalue", "clipnorm", "global_clipnorm")


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


class _KerasStepped(_opt.Optimizer):
    """An engine optimizer whose step-dependent factors come, as Keras' do, from the
    Keras optimizer's `iterations` counter (local step = iterations + 1)."""

    def __init__(self, learning_rate: Any, iterations: Tensor, name: str, **hypers: float):
        super().__init__(learning_rate, name)
        self._iterations, self.__dict__["hypers"] = iterations, hypers

    def _c(self, var: Any, key: str) -> Tensor:
        return _tf.constant(self.hypers[key], var.dtype)

    def _step(self, offset: int = 1) -> Tensor:
        return _tf.cast(self._iterations + offset, _tf.float32)


class _KerasAmsgrad(_KerasStepped):
    """Keras' Adam(amsgrad=True) (ApplyAdamWithAmsgrad): Adam's moments, and the step
    divided by the running maximum of v (`vhat`)."""

    def _create_slots(self, graph, var_list):
        for v in var_list:
            for slot in ("m", "v", "vhat"):
                self._slot(graph, v, slot)

    def _prepare(self, graph):
        step = self._step()
        return _tf.pow(self.hypers["beta_1"], step), _tf.pow(self.hypers["beta_2"], step)

    def _apply(self, grad, var, shared):
        graph, (p1, p2) = var.op.graph, shared
        one = _tf.constant(1.0, var.dtype)
        alpha = self._lr(graph, var.dtype) * _tf.sqrt(one - p2) / (one - p1)
        m, v, vhat = (self._slot(graph, var, s) for s in ("m", "v", "vhat"))
        m_t = m.assign_add((grad - m) * (one - self._c(var, "beta_1")))
        v_t = v.assign_add((grad * grad - v) * (one - self._c(var, "beta_2")))
        vhat_t = vhat.assign(_tf.maximum(vhat, v_t))
        return var.assign_sub(alpha * m_t / (_tf.sqrt(vhat_t) + self._c(var, "epsilon")))


class _KerasAdamax(_KerasStepped):
    """Keras' Adamax (ApplyAdaMax): m += (g - m)(1 - beta1); v = max(beta2 v, |g|);
    var -= lr / (1 - beta1^t) * m / (v + epsilon)."""

    def _create_slots(self, graph, var_list):
        for v in var_list:
            self._slot(graph, v, "m")
            self._slot(graph, v, "v")

    def _prepare(self, graph):
        return _tf.pow(self.hypers["beta_1"], self._step())

    def _apply(self, grad, var, shared):
        graph = var.op.graph
        one = _tf.constant(1.0, var.dtype)
        m, v = self._slot(graph, var, "m"), self._slot(graph, var, "v")
        m_t = m.assign_add((grad - m) * (one - self._c(var, "beta_1")))
        v_t = v.assign(_tf.maximum(self._c(var, "beta_2") * v, _tf.abs(grad)))
        rate = self._lr(graph, var.dtype) / (one - shared)
        return var.assign_sub(rate * (m_t / (v_t + self._c(var, "epsilon"))))


class _KerasNadam(_KerasStepped):
    """Keras' Nadam: Adam with Nesterov momentum whose coefficient follows the schedule
    beta1 (1 - 0.5 * 0.96^(decay t)), its running product kept in `momentum_cache`."""

    def _create_slots(self, graph, var_list):
        self._non_slot(graph, "momentum_cache", 1.0)
        for v in var_list:
            self._slot(graph, v, "m")
            self._slot(graph, v, "v")

    def _prepare(self, graph):
        h = self.hypers
        b1, decay = h["beta_1"], h["decay"]
        m_t = b1 * (1.0 - 0.5 * _tf.pow(0.96, decay * self._step(1)))
        m_next = b1 * (1.0 - 0.5 * _tf.pow(0.96, decay * self._step(2)))
        cache = self._non_slots[("momentum_cache", graph)]
        schedule = cache.assign(_tf.identity(cache) * m_t)
        return {
            "m_t": m_t,
            "m_next": m_next,
            "schedule": schedule,
            "schedule_next": schedule * m_next,
            "v_den": 1.0 - _tf.pow(h["beta_2"], self._step(1)),
        }

    def _apply(self, grad, var, shared):
        graph = var.op.graph
        b1, b2 = self._c(var, "beta_1"), self._c(var, "beta_2")
        m, v = self._slot(graph, var, "m"), self._slot(graph, var, "v")
        g_prime = grad / (1.0 - shared["schedule"])
        m_t = m.assign(b1 * m + (1.0 - b1) * grad)
        m_prime = m_t / (1.0 - shared["schedule_next"])
        v_t = v.assign(b2 * v + (1.0 - b2) * _tf.square(grad))
        v_prime = v_t / shared["v_den"]
        m_bar = (1.0 - shared["m_t"]) * g_prime + shared["m_next"] * m_prime
        step = self._lr(graph, var.dtype) * m_bar / (_tf.sqrt(v_prime) + self._c(var, "epsilon"))
        return var.assign(var - step)


class Optimizer:
    """A Keras optimizer: its config, and the engine optimizer that applies it."""

    _defaults: ClassVar[dict[str, Any]] = {}
    # The settings Keras keeps in float32 variables once training is built; a saved
    # model's training config carries them rounded so.
    _hypers: ClassVar[tuple[str, ...]] = ("learning_rate", "decay")

    def __init__(self, name: str, **kwargs: Any):
        if "lr" in kwargs:
            kwargs["learning_rate"] = kwargs.pop("lr")
        self._decay = float(kwargs.pop("decay", 0.0))
        if self._decay < 0.0:
            raise ValueError(f"decay cannot be less than 0: {self._decay}")
        self._clips = {k: kwargs.pop(k) for k in _CLIPS if kwargs.get(k) is not None}
        if "clipnorm" in self._clips and "global_clipnorm" in self._clips:
            raise ValueError(
                "Cannot accept both `clipnorm` and `global_clipnorm`, passed "
                f"`clipnorm` {self._clips['clipnorm']}, `global_clipnorm` "
                f"{self._clips['global_clipnorm']}"
            )
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
        self._params: list = []

    def get_config(self) -> dict:
        config = dict(self._config)
        return {"name": self._name, "learning_rate": config.pop("learning_rate"),
                "decay": self._decay, **config, **self._clips}  # fmt: skip

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> Optimizer:
        return cls(**config)

    def training_config(self) -> dict:
        """The config as a built Keras optimizer reports it (its hyperparameters read
        back from float32 variables)."""
        config = self.get_config()
        if self._engine is not None:
            for key in self._hypers:
                config[key] = float32(config[key])
        return config

    # -- state ---------------------------------------------------------------------------------
    def _slot_names(self) -> list[tuple[str, str]]:
        """(Keras' slot name, the engine's) in the order Keras makes them."""
        return []

    @property
    def weights(self) -> list:
        """Keras' order: the step counter, then each slot for every trained variable."""
        if self._engine is None:
            return []
        out = [self.iterations]
        for _, slot in self._slot_names():
            out += [self._engine.get_slot(v, slot) for v in self._params]
        return out

    variables = weights

    def weight_names(self) -> list[str]:
        """The names TF's Keras gives its optimizer weights in graph mode
        (`training/Adam/dense/kernel/m:0`), which weight files carry."""
        if self._engine is None:
            return []
        prefix = f"training/{self._name}"
        out = [f"{prefix}/iter:0"]
        for keras_slot, _ in self._slot_names():
            out += [f"{prefix}/{v.op.name}/{keras_slot}:0" for v in self._params]
        return out

    def get_weights(self) -> list:
        from . import backend as K

        return K.batch_get_value(self.weights)

    def set_weights(self, weights: list) -> None:
        """Restore the step counter and slots (as `get_weights` returns them)."""
        from . import backend as K

        params = self.weights
        if len(params) != len(weights):
            raise ValueError(
                f"You called `set_weights(weights)` on optimizer {self._name} with a weight "
                f"list of length {len(weights)}, but the optimizer was expecting "
                f"{len(params)} weights. Provided weights: {str(weights)[:50]}..."
            )
        pairs = []
        for p, w in zip(params, weights, strict=True):
            w = np.asarray(w)
            if tuple(p.static_shape) != w.shape:
                raise ValueError(
                    f"Optimizer weight shape {tuple(p.static_shape)} not compatible with "
                    f"provided weight shape {w.shape}"
                )
            pairs.append((p, w.astype(p.dtype.as_numpy_dtype)))
        K.batch_set_value(pairs + self._derived_state(int(np.asarray(weights[0]))))

    def _derived_state(self, iterations: int) -> list:
        """Engine state Keras derives from the step counter (Adam's beta powers)."""
        return []

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
                    use_resource=True,
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
                    np.int64(0),
                    trainable=False,
                    name="iterations",
                    dtype=_tf.int64,
                    use_resource=True,
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
        if var_list is None:
            var_list = loss.op.graph.get_collection("trainable_variables")
        self._params = list(var_list)
        if not self._clips:
            return self._engine.minimize(loss, global_step=self.iterations, var_list=var_list)
        pairs = self._engine.compute_gradients(loss, var_list)
        return self._engine.apply_gradients(self._clipped(pairs), global_step=self.iterations)

    def _clipped(self, pairs: list) -> list:
        """Keras' gradient transforms, in its order: clipvalue, clipnorm (each gradient
        by its own norm), global_clipnorm."""
        c = self._clips
        if "clipvalue" in c:
            v = c["clipvalue"]
            pairs = [(None if g is None else _tf.clip_by_value(g, -v, v), w) for g, w in pairs]
        if "clipnorm" in c:
            pairs = [
                (None if g is None else _tf.clip_by_norm(g, c["clipnorm"]), w) for g, w in pairs
            ]
        if "global_clipnorm" in c:
            grads, _ = _tf.clip_by_global_norm([g for g, _ in pairs], c["global_clipnorm"])
            pairs = list(zip(grads, [w for _, w in pairs], strict=True))
        return pairs

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

    _hypers = ("learning_rate", "decay", "momentum")

    def _slot_names(self) -> list[tuple[str, str]]:
        return [("momentum", "momentum")] if self._config["momentum"] else []

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
        super().__init__(
            name,
            learning_rate=learning_rate,
            beta_1=beta_1,
            beta_2=beta_2,
            epsilon=epsilon,
            amsgrad=amsgrad,
            **kwargs,
        )

    _hypers = ("learning_rate", "decay", "beta_1", "beta_2")

    def _slot_names(self) -> list[tuple[str, str]]:
        return [("m", "m"), ("v", "v")] + ([("vhat", "vhat")] if self._config["amsgrad"] else [])

    def _derived_state(self, iterations: int) -> list:
        if self._config["amsgrad"]:
            return []  # its powers come from the step counter
        # The engine's Adam keeps TF1's beta powers: beta^(t+1) before step t+1.
        c, graph = self._config, self.iterations.op.graph
        b1 = self._engine._non_slot(graph, "beta1_power", 0.0)
        b2 = self._engine._non_slot(graph, "beta2_power", 0.0)
        return [
            (b1, np.float32(c["beta_1"]) ** (iterations + 1)),
            (b2, np.float32(c["beta_2"]) ** (iterations + 1)),
        ]

    def _make(self) -> _opt.Optimizer:
        c = self._config
        if c["amsgrad"]:
            return _KerasAmsgrad(self._rate(), self.iterations, self._name, **_adam_hypers(c))
        return _opt.AdamOptimizer(
            self._rate(), c["beta_1"], c["beta_2"], c["epsilon"], name=self._name
        )


def _adam_hypers(config: dict) -> dict:
    return {k: config[k] for k in ("beta_1", "beta_2", "epsilon")}


class Adamax(Optimizer):
    """Adam with the infinity norm (Keras' Adamax, defaults lr 0.001)."""

    _defaults: ClassVar[dict[str, Any]] = {
        "learning_rate": 0.001,
        "beta_1": 0.9,
        "beta_2": 0.999,
        "epsilon": 1e-7,
    }
    _hypers = ("learning_rate", "decay", "beta_1", "beta_2")

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 name="Adamax", **kwargs):  # fmt: skip
        super().__init__(name, learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2,
                         epsilon=epsilon, **kwargs)  # fmt: skip

    def _slot_names(self) -> list[tuple[str, str]]:
        return [("m", "m"), ("v", "v")]

    def _make(self) -> _opt.Optimizer:
        return _KerasAdamax(self._rate(), self.iterations, self._name, **_adam_hypers(self._config))


class Nadam(Optimizer):
    """Keras' Nadam: `decay` (default 0.004, TF1's `schedule_decay`) drives the momentum
    schedule, not the learning rate."""

    _defaults: ClassVar[dict[str, Any]] = {
        "learning_rate": 0.001,
        "beta_1": 0.9,
        "beta_2": 0.999,
        "epsilon": 1e-7,
    }
    _hypers = ("learning_rate", "decay", "beta_1", "beta_2")

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 name="Nadam", **kwargs):  # fmt: skip
        kwargs.setdefault("decay", kwargs.pop("schedule_decay", 0.004))
        super().__init__(name, learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2,
                         epsilon=epsilon, **kwargs)  # fmt: skip

    def _slot_names(self) -> list[tuple[str, str]]:
        return [("m", "m"), ("v", "v")]

    def _make(self) -> _opt.Optimizer:
        hypers = {**_adam_hypers(self._config), "decay": self._decay}
        return _KerasNadam(self.lr, self.iterations, self._name, **hypers)


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

    _hypers = ("learning_rate", "decay", "rho", "momentum")

    def _slot_names(self) -> list[tuple[str, str]]:
        slots = [("rms", "rms")]
        if self._config["momentum"]:
            slots.append(("momentum", "momentum"))
        if self._config["centered"]:
            slots.append(("mg", "mg"))
        return slots

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
        self._decay, self._params, self._clips = 0.0, [], {}
        self.optimizer = optimizer

    def get_config(self) -> dict:
        raise NotImplementedError("a tf.train optimizer has no Keras config")

    @property
    def weights(self) -> list:
        return []

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

    def _slot_names(self) -> list[tuple[str, str]]:
        return [("accumulator", "accumulator")]

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

    _hypers = ("learning_rate", "decay", "rho")

    def _slot_names(self) -> list[tuple[str, str]]:
        return [("accum_grad", "accum"), ("accum_var", "accum_update")]

    def _make(self) -> _opt.Optimizer:
        c = self._config
        return _opt.AdadeltaOptimizer(self._rate(), c["rho"], c["epsilon"], name=self._name)


class Ftrl(Optimizer):
    """FTRL-proximal (TF's ApplyFtrl/ApplyFtrlV2 through the engine's Ftrl), with Keras'
    defaults (lr 0.001, accumulators starting at 0.1)."""

    _defaults: ClassVar[dict[str, Any]] = {
        "learning_rate": 0.001,
        "initial_accumulator_value": 0.1,
        "learning_rate_power": -0.5,
        "l1_regularization_strength": 0.0,
        "l2_regularization_strength": 0.0,
        "beta": 0.0,
        "l2_shrinkage_regularization_strength": 0.0,
    }

    def __init__(self, learning_rate=0.001, learning_rate_power=-0.5,
                 initial_accumulator_value=0.1, l1_regularization_strength=0.0,
                 l2_regularization_strength=0.0, name="Ftrl",
                 l2_shrinkage_regularization_strength=0.0, beta=0.0, **kwargs):  # fmt: skip
        super().__init__(
            name, learning_rate=learning_rate, learning_rate_power=learning_rate_power,
            initial_accumulator_value=initial_accumulator_value,
            l1_regularization_strength=l1_regularization_strength,
            l2_regularization_strength=l2_regularization_strength, beta=beta,
            l2_shrinkage_regularization_strength=l2_shrinkage_regularization_strength,
            **kwargs,
        )  # fmt: skip

    def _slot_names(self) -> list[tuple[str, str]]:
        return [("accumulator", "accum"), ("linear", "linear")]

    def _make(self) -> _opt.Optimizer:
        c = self._config
        return _opt.FtrlOptimizer(
            self._rate(), c["learning_rate_power"], c["initial_accumulator_value"],
            c["l1_regularization_strength"], c["l2_regularization_strength"],
            name=self._name,
            l2_shrinkage_regularization_strength=c["l2_shrinkage_regularization_strength"],
            beta=c["beta"],
        )  # fmt: skip


sgd, adam, rmsprop, adagrad, adadelta = SGD, Adam, RMSprop, Adagrad, Adadelta
adamax, nadam, ftrl = Adamax, Nadam, Ftrl

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


_CLASSES = {
    "SGD": SGD,
    "Adam": Adam,
    "RMSprop": RMSprop,
    "Adagrad": Adagrad,
    "Adadelta": Adadelta,
    "Adamax": Adamax,
    "Nadam": Nadam,
    "Ftrl": Ftrl,
}


def serialize(optimizer: Optimizer) -> dict:
    return serialization.serialize_keras_object(optimizer)


def deserialize(config: dict, custom_objects: dict | None = None) -> Optimizer:
    """An optimizer from `{"class_name", "config"}` (class names in any case, as Keras)."""
    objects = {**_CLASSES, **_BY_NAME}
    if isinstance(config, dict):
        _refuse_tf2_optimizer(config, custom_objects)
    if isinstance(config, dict) and config.get("class_name", "").lower() in _BY_NAME:
        config = {**config, "class_name": config["class_name"].lower()}
    return serialization.deserialize_keras_object(config, objects, custom_objects, "optimizer")


# tf_keras registers its TF 2 optimizers (the default of an eager `compile` since TF 2.11)
# as `Custom>Adam`, … in the files it writes, beside `is_legacy_optimizer: false`.
_TF2_PREFIX = "Custom>"


def tf2_optimizer(config: Any, custom_objects: dict | None = None) -> str | None:
    """The class name of tf_keras' TF 2 optimizer a saved config holds (`Custom>Adam`), or
    None: graphgate's Keras optimizers are TF's legacy ones, and the TF 2 optimizers keep
    their state otherwise (each variable's slots side by side, under other names) and have
    update rules and options of their own (`weight_decay`, `use_ema`) no test holds
    graphgate to. A `Custom>` name the user registered is theirs."""
    name = str(config.get("class_name", "")) if isinstance(config, dict) else ""
    if not name.startswith(_TF2_PREFIX) or serialization.registered(name, custom_objects):
        return None
    return name if name[len(_TF2_PREFIX) :].lower() in _BY_NAME else None


def _refuse_tf2_optimizer(config: dict, custom_objects: dict | None) -> None:
    """A TF 2 optimizer is refused, naming the way to do without it, rather than restored
    into the wrong slots or trained on by another rule (`load_model` loads the model
    uncompiled instead: model_config.compile_from)."""
    name = tf2_optimizer(config, custom_objects)
    if name is None:
        return
    raise error(
        "UNIMPLEMENTED",
        f"The file's optimizer {name!r} is tf_keras' TF 2 optimizer (`is_legacy_optimizer: "
        "false`, what an eager `compile` makes), whose state graphgate cannot restore. "
        "Load the model without it, `load_model(path, compile=False)`, to predict or "
        "serve it, then `compile` it again to train; or save it from a model compiled with "
        f"`tf.keras.optimizers.legacy.{name[len(_TF2_PREFIX) :]}`.",
        details={"optimizer": name},
    )


def get(identifier: Any) -> Optimizer:
    """An optimizer from its name ("adam"), a config dict, a Keras optimizer, or a
    tf.train optimizer."""
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, _opt.Optimizer):
        return TFOptimizer(identifier)
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        return deserialize({"class_name": identifier, "config": {}})
    raise ValueError(f"Could not interpret optimizer identifier: {identifier!r}")
