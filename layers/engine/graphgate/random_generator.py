"""`tf.random.Generator` and its helpers (`create_rng_state`, `Algorithm`, the global
generator) in TF1 graph mode: a non-trainable int64[3] state variable, Philox only.

Every draw is TF's number to the bit and moves the state on as TF's does (256 counters a
value), so the k-th run of a draw gives what TF's k-th run gives. ThreeFry, which TF's CPU
kernels fail to draw, is refused: graphgate has only Philox's streams. As in TF1 graph mode,
draws in one run that share a generator run in an order the graph does not fix; fetch them
in separate runs, or order them with control dependencies, for values that do not vary.
"""

from __future__ import annotations

import enum
import secrets
from typing import Any

import numpy as np

from . import dtypes as _dt
from .errors import error
from .graph import Tensor, convert_to_tensor, get_default_graph
from .ops import generator_ops as _generator_ops
from .ops.generator_ops import _FLOATS
from .ops.random_extra_ops import _stateless_shape
from .ops.random_extra_ops import philox_algorithm as _alg

_STATE_SIZE = 3
_64 = 2**64


class Algorithm(enum.Enum):
    """TF's random algorithms, numbered as TF numbers them."""

    PHILOX = 1
    THREEFRY = 2
    AUTO_SELECT = 3


def _state_words(seed: Any) -> np.ndarray:
    """TF's `_make_1d_state`: a Python int chopped into 64-bit words, low first; anything
    else flattened, its first three kept and padded with zeros on the left (so a short seed
    is the key, not the counter)."""
    if isinstance(seed, int) and not isinstance(seed, bool):
        words = [(seed >> (64 * i)) % _64 for i in range(_STATE_SIZE)]
        return np.array(words, np.uint64).view(np.int64)
    # Python ints stay exact (numpy would make a float of a list mixing 2**64 - 2 and 3).
    items = _flat(seed) if isinstance(seed, list | tuple) else np.asarray(seed).reshape(-1)
    flat = np.asarray([int(v) % _64 for v in items][:_STATE_SIZE], np.uint64).view(np.int64)
    return np.concatenate([np.zeros(_STATE_SIZE - flat.size, np.int64), flat])


def _flat(items: Any) -> list:
    if isinstance(items, list | tuple):
        return [v for item in items for v in _flat(item)]
    return [items]


def create_rng_state(seed: Any, alg: Any) -> Tensor:
    """The int64[3] Philox state TF makes of `seed` (an int or a list of ints)."""
    _alg(alg)
    return convert_to_tensor(_state_words(seed), _dt.int64, "seed")


class Generator:
    """TF's stateful random generator: from a seed, a state, or a key and counter."""

    def __init__(self, copy_from: Any = None, state: Any = None, alg: Any = None):
        if copy_from is not None:
            raise error("UNIMPLEMENTED", "Generator(copy_from=...): build it from_state instead")
        if state is None:
            raise ValueError(
                "Generator needs a state: use from_seed, from_state or from_key_counter"
            )
        self._alg = _alg(alg)
        graph = get_default_graph()
        value = state if isinstance(state, Tensor) else _state_words(state)
        with graph.name_scope("random_generator"):
            from .ops.state_ops import Variable

            initial = convert_to_tensor(value, _dt.int64, "state", graph)
            if initial.static_shape not in ((_STATE_SIZE,),):
                raise ValueError(
                    f"Size of tensor {initial.static_shape} must be {_STATE_SIZE} "
                    "for a Philox generator's state"
                )
            self._state = Variable(initial, trainable=False, name="StateVar", use_resource=True)

    @classmethod
    def from_seed(cls, seed: Any, alg: Any = None) -> Generator:
        _alg(alg)
        return cls(state=_state_words(seed), alg=alg)

    @classmethod
    def from_state(cls, state: Any, alg: Any) -> Generator:
        return cls(state=state, alg=alg)

    @classmethod
    def from_key_counter(cls, key: Any, counter: Any, alg: Any) -> Generator:
        counter = [int(v) % _64 for v in _flat(counter)]
        if len(counter) != 2:
            raise ValueError(f"counter must have 2 words for Philox, got {len(counter)}")
        return cls(state=[*counter, int(key) % _64], alg=alg)

    @classmethod
    def from_non_deterministic_state(cls, alg: Any = None) -> Generator:
        """A state of fresh OS entropy (TF's is its own nondeterministic draw)."""
        return cls(state=[secrets.randbits(64) for _ in range(_STATE_SIZE)], alg=alg)

    @property
    def state(self) -> Any:
        return self._state

    @property
    def algorithm(self) -> int:
        return self._alg

    @property
    def key(self) -> Tensor:
        return self._state[-1]

    def _draw(self, distribution, shape, dtype, bounds=(), name=None) -> Tensor:
        graph = self._state.op.graph
        if distribution in ("normal", "truncated_normal", "uniform") and dtype not in _FLOATS:
            raise TypeError(
                f"Value passed to parameter 'dtype' has DataType {dtype.name} not in list of "
                "allowed values: float16, bfloat16, float32, float64"
            )
        attrs = {"distribution": distribution, "shape": _stateless_shape(shape), "dtype": dtype}
        op = graph.create_op("GeneratorDraw", (self._state, *bounds), attrs, name or distribution)
        return op.outputs[0]

    def _scaled(self, kind, shape, a, b, dtype, name, default, scale_of) -> Tensor:
        from .ops.math_ops import add, multiply

        graph = self._state.op.graph
        dtype = _dt.as_dtype(dtype)
        with graph.as_default(), graph.name_scope(name, default) as scope:
            a_t = convert_to_tensor(a, dtype, "a", graph)
            b_t = convert_to_tensor(b, dtype, "b", graph)
            draw = self._draw(kind, shape, dtype)
            return add(multiply(draw, scale_of(a_t, b_t)), a_t, name=scope)

    def normal(self, shape, mean=0.0, stddev=1.0, dtype=_dt.float32, name=None) -> Tensor:
        """Normal draws, `stddev` times TF's standard normals plus `mean`."""
        return self._scaled(
            "normal", shape, mean, stddev, dtype, name, "stateful_normal", lambda a, b: b
        )

    def truncated_normal(self, shape, mean=0.0, stddev=1.0, dtype=_dt.float32, name=None):
        """Normals redrawn beyond two standard deviations, scaled as `normal`'s."""
        return self._scaled(
            "truncated_normal", shape, mean, stddev, dtype, name, "truncated_normal",
            lambda a, b: b,
        )  # fmt: skip

    def uniform(self, shape, minval=0, maxval=None, dtype=_dt.float32, name=None) -> Tensor:
        """Uniform draws in [minval, maxval); an integer dtype needs maxval."""
        from .ops.math_ops import subtract

        dtype = _dt.as_dtype(dtype)
        if dtype in _dt.INTS or dtype in (_dt.uint32, _dt.uint64):
            return self._uniform_int(shape, minval, maxval, dtype, name)
        maxval = 1 if maxval is None else maxval
        return self._scaled(
            "uniform", shape, minval, maxval, dtype, name, "stateful_uniform",
            lambda a, b: subtract(b, a),
        )  # fmt: skip

    def _uniform_int(self, shape, minval, maxval, dtype, name) -> Tensor:
        if maxval is None:
            raise ValueError(f"Must specify maxval for integer dtype {dtype!r}")
        if minval is None:
            raise ValueError(f"Must specify minval for integer dtype {dtype!r}")
        graph = self._state.op.graph
        with graph.as_default(), graph.name_scope(name, "stateful_uniform") as scope:
            lo = convert_to_tensor(minval, dtype, "min", graph)
            hi = convert_to_tensor(maxval, dtype, "max", graph)
            return self._draw("uniform_int", shape, dtype, (lo, hi), scope)

    def uniform_full_int(self, shape, dtype=_dt.uint64, name=None) -> Tensor:
        """Integers over the whole range of `dtype`: the Philox bits themselves."""
        graph = self._state.op.graph
        with graph.as_default(), graph.name_scope(name, "stateful_uniform_full_int") as scope:
            return self._draw("full_int", shape, _dt.as_dtype(dtype), (), scope)

    def skip(self, delta: Any) -> Tensor:
        """The state before, the counter moved on as a draw of `delta` values moves it,
        when run (TF's RngReadAndSkip; -1 goes back one value)."""
        graph = self._state.op.graph
        with graph.as_default():
            d = convert_to_tensor(delta, _dt.int64, "delta", graph)
            return graph.create_op(
                "GeneratorSkip", (self._state, d), None, "RngReadAndSkip"
            ).outputs[0]

    def reset(self, state: Any) -> None:
        """TF's `reset`: an assignment of `state` built and not returned, so in a TF1 graph
        nothing runs it and the generator's draws go on unchanged, as in TF."""
        graph = self._state.op.graph
        with graph.as_default():
            if not isinstance(state, Tensor):  # TF's words as given, not a seed's padding
                words = [int(v) % _64 for v in np.ravel(np.asarray(state, object))]
                state = np.array(words, np.uint64).view(np.int64).reshape(np.shape(state))
            value = convert_to_tensor(state, _dt.int64, None, graph)
            if value.static_shape not in ((_STATE_SIZE,), None):
                raise ValueError(
                    f"Shapes {list(value.static_shape)} and [{_STATE_SIZE}] are incompatible"
                )
            self._state.assign(value)

    def reset_from_seed(self, seed: Any) -> None:
        """TF's: `reset` to the state of `seed` (built, never run in a TF1 graph)."""
        self.reset(_state_words(seed))

    def reset_from_key_counter(self, key: Any, counter: Any) -> None:
        """TF's: `reset` to (counter, key) (built, never run in a TF1 graph)."""
        counter = [int(v) % _64 for v in _flat(counter)]
        if len(counter) != _STATE_SIZE - 1:
            raise ValueError(f"Shapes [{len(counter)}] and [{_STATE_SIZE - 1}] are incompatible")
        self.reset([*counter, int(key) % _64])

    def split(self, count: int = 1) -> list:
        """TF 2.21's `split` fails while building in a TF1 graph (its children's states
        start from the parent's `initialized_value`, which a resource variable lacks):
        NotImplementedError, as TF's."""
        raise NotImplementedError("Generator.split in a TF1 graph (TF 2.21 fails it too)")

    def make_seeds(self, count: int = 1) -> Tensor:
        """[2, count] seeds for the stateless ops: `count` int64 keys over zeros, as TF's
        Philox generator makes them."""
        from .ops.array_ops import stack, zeros_like

        keys = self.uniform_full_int([count], _dt.int64)
        return stack([keys, zeros_like(keys)])


_GLOBAL: list[Generator | None] = [None]


def get_global_generator() -> Generator:
    """The global generator, made from fresh entropy the first time it is asked for."""
    if _GLOBAL[0] is None:
        _GLOBAL[0] = Generator.from_non_deterministic_state()
    return _GLOBAL[0]


def set_global_generator(generator: Generator) -> None:
    _GLOBAL[0] = generator


__all__ = [
    "Algorithm",
    "Generator",
    "create_rng_state",
    "get_global_generator",
    "set_global_generator",
]
_ = _generator_ops  # registers GeneratorDraw with the op registry
