"""`tf.keras.Model` (functional and subclassed) and `Sequential`, with TF1's graph-mode
training loop: `compile` builds the loss, metric and train ops once; `fit`, `evaluate`
and `predict` run them batch by batch in Keras' session (`backend.get_session()`),
feeding the learning phase as 1 while training."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import numpy as np

import graphgate as _tf

from ..errors import error
from ..graph import Tensor
from . import backend as K
from . import callbacks as cbks
from . import model_config
from . import optimizers as _optimizers
from .engine import InputLayer, Layer, _flat, _snake, keras_history
from .summary import print_summary


def _topological(outputs: list, inputs: list | None = None) -> tuple[list, list]:
    """The nodes (in an order where inputs come first) and layers reaching `outputs`; the
    layers in Keras' order (deepest first, ties in order of discovery from the outputs),
    which `layers`, `weights` and weight files follow."""
    nodes, seen = [], set()
    discovered: dict = {}

    # A stack, not recursion: a model of 1,000 layers deep (raw ops wrap one layer each)
    # would pass Python's recursion limit. Parents in order, each node after its parents.
    stack: list = [(t, False) for t in reversed(outputs)]
    while stack:
        item, parents_done = stack.pop()
        if parents_done:
            nodes.append(item)
            continue
        entry = keras_history(item)
        if entry is None:
            raise ValueError(
                f"Output tensors to a Model must be the output of a Keras Layer: {item}"
            )
        layer, index, _ = entry
        node = layer._inbound_nodes[index]
        if id(node) in seen:
            continue
        seen.add(id(node))
        discovered.setdefault(layer, len(discovered))
        stack.append((node, True))
        parents = node.input_tensors if not isinstance(layer, InputLayer) else []
        stack.extend((p, False) for p in reversed(parents))
    return nodes, _layers_by_depth(nodes, discovered, inputs or [])


def _layers_by_depth(nodes: list, discovered: dict, inputs: list) -> list:
    node_depth: dict = {}
    layer_depth: dict = {}
    for node in reversed(nodes):
        depth = max(node_depth.setdefault(id(node), 0), layer_depth.get(node.layer, 0))
        layer_depth[node.layer] = node_depth[id(node)] = depth
        if isinstance(node.layer, InputLayer):
            continue
        for parent in node.input_tensors:
            p_layer, p_index, _ = keras_history(parent)
            key = id(p_layer._inbound_nodes[p_index])
            node_depth[key] = max(depth + 1, node_depth.get(key, 0))
    for t in inputs:  # an input no output depends on still belongs to the model
        layer = keras_history(t)[0]
        if layer not in layer_depth:
            layer_depth[layer], discovered[layer] = 0, -1
    return sorted(layer_depth, key=lambda la: (-layer_depth[la], discovered[la]))


def _held_layers(value: Any) -> list:
    """The layers an attribute's value holds: itself, or those in its lists, tuples and
    dicts (values), in order; `tf.layers` objects too (Keras layers in TF1)."""
    from ..layers_base import Layer as LegacyLayer

    if isinstance(value, Layer | LegacyLayer):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple):
        return [la for item in value for la in _held_layers(item)]
    return []


def assert_no_legacy_layers(layers: list) -> None:
    """TF's refusal of `tf.layers` objects in a Sequential or functional model (Keras
    layers in TF1, but not supported there)."""
    from ..layers_base import Layer as LegacyLayer

    legacy = [la for la in layers if isinstance(la, LegacyLayer)]
    if legacy:
        listed = "\n".join("  " + repr(la) for la in legacy)
        raise TypeError(
            f"The following are legacy tf.layers.Layers:\n{listed}\nTo use keras as a "
            "framework (for instance using the Network, Model, or Sequential classes), "
            "please use the tf.keras.layers implementation instead. (Or, if writing custom "
            "layers, subclass from tf.keras.layers rather than tf.layers)"
        )


def _unique_names(layers: list) -> None:
    names = [la.name for la in layers]
    for name in names:
        if names.count(name) > 1:
            raise ValueError(
                f'The name "{name}" is used {names.count(name)} times in the model. All '
                "layer names should be unique."
            )


class Model(Layer):
    """`Model(inputs, outputs)` over Keras tensors (a `Functional`, as Keras makes it), or
    a subclass with `call`."""

    def __new__(cls, *args: Any, **kwargs: Any) -> Model:
        if cls is Model and (args or "inputs" in kwargs):
            return super().__new__(Functional)
        return super().__new__(cls)

    def __init__(self, *args: Any, **kwargs: Any):
        inputs = kwargs.pop("inputs", args[0] if args else None)
        outputs = kwargs.pop("outputs", args[1] if len(args) > 1 else None)
        name = kwargs.pop("name", None)
        if name is None:
            base = "model" if type(self) in (Model, Functional) else _snake(type(self).__name__)
            name = K.unique_object_name(base)
        super().__init__(name=name, **kwargs)
        self._layers: list[Layer] = []
        self._nodes: list = []
        self.inputs: list[Tensor] = []
        self.outputs: list[Tensor] = []
        self._is_graph_network = False
        self._compiled: dict | None = None
        self.optimizer = None
        self.stop_training = False
        self.history = None
        if inputs is not None:
            self._init_graph(inputs, outputs)

    def __setattr__(self, name: str, value: Any) -> None:
        # A subclassed model's layers are the ones its attributes hold, alone or in a list,
        # tuple or dict, as Keras tracks them: their weights are the model's, to train
        # and save.
        if not name.startswith("_") and "_layers" in self.__dict__:
            for layer in _held_layers(value):
                if layer not in self._layers:
                    self._layers.append(layer)
        object.__setattr__(self, name, value)

    def _init_graph(self, inputs: Any, outputs: Any) -> None:
        self._nested_outputs = outputs
        self.inputs, self.outputs = _flat(inputs), _flat(outputs)
        if any(keras_history(t) is None for t in self.outputs):
            from .op_layers import create_keras_history

            create_keras_history(self.outputs)
        for t in self.inputs:
            entry = keras_history(t)
            if entry is None or not isinstance(entry[0], InputLayer):
                raise ValueError(
                    "Input tensors to a Model must come from `tf.keras.Input`. Received: "
                    f"{t} (missing previous layer metadata)."
                )
        self._nodes, self._layers = _topological(self.outputs, self.inputs)
        _unique_names(self._layers)
        assert_no_legacy_layers(self._layers)
        self._is_graph_network = True
        self.built = True

    # -- structure -----------------------------------------------------------------------------
    @property
    def layers(self) -> list[Layer]:
        return list(self._layers)

    def get_layer(self, name: str | None = None, index: int | None = None) -> Layer:
        if index is not None:
            if len(self._layers) <= index:
                raise ValueError(
                    f"Was asked to retrieve layer at index {index} but model only "
                    f"has {len(self._layers)} layers."
                )
            return self._layers[index]
        for layer in self._layers:
            if layer.name == name:
                return layer
        raise ValueError(
            f"No such layer: {name}. Existing layers are: {[la.name for la in self._layers]}."
        )

    def _layer_weights(self, attr: str) -> list:
        out: list = []
        for layer in self._layers:
            for w in getattr(layer, attr):
                if all(w is not o for o in out):
                    out.append(w)
        return out

    def _all_weights(self, trainable: bool) -> list:
        """The layers' (non-)trainable weights; a frozen model's are all non-trainable."""
        if self.trainable:
            return self._layer_weights(
                "trainable_weights" if trainable else "non_trainable_weights"
            )
        if trainable:
            return []
        return self._layer_weights("trainable_weights") + self._layer_weights(
            "non_trainable_weights"
        )

    @property
    def trainable_weights(self) -> list:
        return self._all_weights(True)

    @property
    def non_trainable_weights(self) -> list:
        return self._all_weights(False)

    @property
    def weights(self) -> list:
        """Layer by layer, each layer's trainable then non-trainable weights (Keras' order,
        which `get_weights`/`set_weights` follow)."""
        out: list = []
        for layer in self._layers:
            out += [w for w in layer.weights if all(w is not o for o in out)]
        return out

    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights
    variables = weights

    @property
    def losses(self) -> list:
        return [loss for layer in self._layers for loss in layer.losses] + list(self._losses)

    @property
    def updates(self) -> list:
        if not self.trainable:  # TF1's Network: a frozen model runs no updates
            return []
        return [u for layer in self._layers for u in layer.updates] + list(self._updates)

    @property
    def state_updates(self) -> list:
        """The updates of its stateful layers (an RNN's kept states), which `predict` and
        `evaluate` run too, as TF1's."""
        return [u for la in self._layers if getattr(la, "stateful", False) for u in la.updates]

    def reset_states(self) -> None:
        """Reset the states of its stateful layers, as Keras'."""
        for layer in self._layers:
            if getattr(layer, "stateful", False) and hasattr(layer, "reset_states"):
                layer.reset_states()

    def count_params(self) -> int:
        return sum(int(np.prod(w.static_shape)) for w in self.weights)

    @property
    def input_shape(self) -> Any:
        shapes = [t.static_shape for t in self.inputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def output_shape(self) -> Any:
        if not self._is_graph_network:
            raise AttributeError(
                "The model has not yet been called on a Keras input, so has no defined output "
                "shape (a subclassed model's shape is not known to Keras)."
            )
        if not self.outputs:
            return super().output_shape
        shapes = [t.static_shape for t in self.outputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def input(self) -> Any:
        if not self.inputs:
            return super().input
        return self.inputs[0] if len(self.inputs) == 1 else list(self.inputs)

    @property
    def output(self) -> Any:
        if not self.outputs:
            return super().output
        return self.outputs[0] if len(self.outputs) == 1 else list(self.outputs)

    def _sequential_like(self) -> bool:
        if not self._is_graph_network:
            return True
        consumed: set = set()
        for node in self._nodes:
            if len(node.input_tensors) > 1 or (
                isinstance(node.layer, InputLayer) and node is not self._nodes[0]
            ):
                return False
            for t in node.input_tensors if not isinstance(node.layer, InputLayer) else []:
                if t in consumed:
                    return False
                consumed.add(t)
        return True

    def summary(
        self,
        line_length: int | None = None,
        positions: Any = None,
        print_fn: Callable | None = None,
        **kwargs: Any,
    ) -> None:
        if not self.built:
            raise ValueError(
                "This model has not yet been built. Build the model first by calling `build()` "
                "or by calling the model on a batch of data."
            )
        print_summary(self, line_length, positions, print_fn)

    # -- calling -------------------------------------------------------------------------------
    def call(self, inputs: Any, training: Any = None, mask: Any = None) -> Any:
        """Replay the recorded layer calls on new inputs (the weights are shared)."""
        if not self._is_graph_network:
            raise NotImplementedError("a subclassed Model must define `call`")
        mapped = dict(zip(self.inputs, _flat(inputs), strict=True))
        for node in self._nodes:
            if isinstance(node.layer, InputLayer):
                continue
            structure = _restructure(node.input_structure, mapped)
            args = {k: v for k, v in node.arguments.items() if k not in ("training", "mask")}
            out = node.layer(structure, **args)
            for old, new in zip(node.output_tensors, _flat(out), strict=True):
                mapped[old] = new
        result = [mapped[t] for t in self.outputs]
        return result[0] if len(result) == 1 else result

    def _expects(self, arg: str) -> bool:
        return False if self._is_graph_network else super()._expects(arg)

    # -- training ------------------------------------------------------------------------------
    def compile(
        self,
        optimizer: Any = "rmsprop",
        loss: Any = None,
        metrics: Any = None,
        loss_weights: Any = None,
        sample_weight_mode: Any = None,
        weighted_metrics: Any = None,
        target_tensors: Any = None,
        **kwargs: Any,
    ) -> None:
        """Choose the optimizer, loss and metrics; the ops are built on the model's graph
        once the model is built (now, or at the first `fit` of a deferred Sequential)."""
        from ..train import object_checkpoint

        object_checkpoint.optimizer_state_refused(self)
        if target_tensors is not None:
            raise error("UNIMPLEMENTED", "target_tensors are not supported")
        self.optimizer = _optimizers.get(optimizer)
        self._compile_args = (loss, metrics or [], loss_weights)
        self._weighted_metrics = weighted_metrics
        self._sample_weight_mode = sample_weight_mode
        self._compiled = None
        if self.built and self.outputs:
            self._build_training()

    def _build_training(self) -> None:
        from .training import build_training

        weighted = getattr(self, "_weighted_metrics", None)
        mode = getattr(self, "_sample_weight_mode", None)
        ranks = getattr(self, "_target_ranks", None)
        self._compiled = build_training(self, *self._compile_args, weighted, mode, ranks)

    def _fit_targets_to(self, ranks: list | None) -> None:
        """TF1's Keras recompiles on a dataset's target tensors, so targets of another rank
        than the outputs (sparse labels under a custom loss) train: the targets become
        placeholders of the dataset's ranks."""
        if ranks is None:
            return
        # A vector still feeds a [batch, 1] target (Keras' rule for arrays, which TF's
        # losses reach by expanding it): only a rank no array could feed is recompiled.
        outs = [len(t.static_shape) for t in self.outputs]
        ranks = [o if r == o or (r, o) == (1, 2) else r for r, o in zip(ranks, outs, strict=True)]
        if ranks == [len(t.static_shape) for t in self.targets]:
            return
        self._target_ranks = ranks
        self._build_training()

    @property
    def metrics_names(self) -> list[str]:
        """['loss', ...metrics]; just ['loss'] before compile (or before a deferred
        model is built), as Keras'."""
        if getattr(self, "_compile_args", None) is None or not self.outputs:
            return ["loss"]
        return list(self._training().names)

    def reset_metrics(self) -> None:
        """Start the stateful metrics (and per-output losses) again, as TF's."""
        from .training import _state

        _state(self).reset()

    @property
    def metrics(self) -> list:
        """The compiled Metric objects (the per-output losses of a multi-output model
        first); empty before compile."""
        if getattr(self, "_compile_args", None) is None or not self.outputs:
            return []
        return list(self._training().metrics)

    @property
    def total_loss(self) -> Any:
        """The compiled loss tensor (weighted output losses plus regularization), which
        TF1 code differentiates by hand (`K.gradients(model.total_loss, ...)`)."""
        return self._training().fetches[0]

    @property
    def targets(self) -> list:
        """The outputs' target placeholders (`<output>_target`)."""
        return self._training().targets[: len(self.outputs)]

    @property
    def sample_weights(self) -> list:
        """The outputs' sample-weight placeholders (`<output>_sample_weights`)."""
        return self._training().targets[len(self.outputs) :]

    def _training(self) -> Any:
        if getattr(self, "_compile_args", None) is None:
            raise RuntimeError(
                "You must compile your model before training/testing. Use "
                "`model.compile(optimizer, loss)`."
            )
        if self._compiled is None:
            self._build_training()
        return self._compiled

    def _ensure_built(self, x: Any) -> None:
        if self.outputs:
            return
        arrays = x if isinstance(x, (list, tuple)) else [x]
        graph = _tf.get_default_graph()
        with graph.as_default():
            self._build_from_shapes(
                [(None, *np.shape(a)[1:]) for a in arrays],
                [np.asarray(a).dtype for a in arrays],
                on_data=True,
            )

    def _build_from_shapes(self, shapes: list, dtypes: list, on_data: bool = False) -> None:
        from .engine import Input

        inputs = [
            Input(batch_shape=s, dtype=_keras_dtype(d)) for s, d in zip(shapes, dtypes, strict=True)
        ]
        outputs = self(inputs[0] if len(inputs) == 1 else inputs)
        self.inputs, self.outputs = inputs, _flat(outputs)
        self.built = True

    def fit(
        self,
        x: Any = None,
        y: Any = None,
        batch_size: int | None = None,
        epochs: int = 1,
        verbose: int = 1,
        callbacks: list | None = None,
        validation_split: float = 0.0,
        validation_data: Any = None,
        shuffle: bool = True,
        class_weight: Any = None,
        sample_weight: Any = None,
        initial_epoch: int = 0,
        steps_per_epoch: Any = None,
        validation_steps: Any = None,
        validation_freq: Any = 1,
        max_queue_size: int = 10,
        workers: int = 1,
        use_multiprocessing: bool = False,
        **kwargs: Any,
    ) -> cbks.History:
        """Train for `epochs` over (x, y) in batches (32 by default); returns the History.
        The queue and worker arguments (for generators, which are not supported) are
        accepted and unused."""
        from .training import FitOptions, fit_loop

        if kwargs:
            raise TypeError(f"Unrecognized keyword arguments: {kwargs}")
        from .training import fit_dataset_loop, is_dataset, is_generator

        if is_generator(x):
            return self.fit_generator(
                x,
                steps_per_epoch,
                epochs,
                verbose,
                callbacks,
                validation_data,
                validation_steps,
                validation_freq,
                class_weight,
                initial_epoch=initial_epoch,
            )
        if is_dataset(x):
            self._require_built("fit")
            return fit_dataset_loop(
                self,
                x,
                steps_per_epoch,
                epochs,
                verbose,
                callbacks or [],
                (validation_data, validation_steps),
                initial_epoch,
            )
        self._ensure_built(x)
        options = FitOptions(
            batch_size or 32, epochs, verbose, callbacks or [], validation_split,
            validation_data, shuffle, initial_epoch, validation_freq, sample_weight,
            class_weight, steps_per_epoch, validation_steps,
        )  # fmt: skip
        return fit_loop(self, x, y, options)

    def fit_generator(
        self,
        generator: Any,
        steps_per_epoch: int | None = None,
        epochs: int = 1,
        verbose: int = 1,
        callbacks: list | None = None,
        validation_data: Any = None,
        validation_steps: int | None = None,
        validation_freq: int = 1,
        class_weight: Any = None,
        max_queue_size: int = 10,
        workers: int = 1,
        use_multiprocessing: bool = False,
        shuffle: bool = True,
        initial_epoch: int = 0,
    ) -> cbks.History:
        """Train on batches from a generator or `keras.utils.Sequence` (the loss averaged
        over steps, the metrics over samples, as TF1's Keras); workers and queues unused."""
        from .training import fit_generator_loop

        self._require_built("fit_generator")
        return fit_generator_loop(
            self,
            generator,
            steps_per_epoch,
            epochs,
            verbose,
            callbacks or [],
            validation_data,
            validation_steps,
            initial_epoch,
            shuffle,
            class_weight,
            validation_freq,
        )

    def evaluate_generator(
        self,
        generator: Any,
        steps: int | None = None,
        callbacks: Any = None,
        max_queue_size: int = 10,
        workers: int = 1,
        use_multiprocessing: bool = False,
        verbose: int = 0,
    ) -> Any:
        from .training import generator_epoch

        self._require_built("evaluate_generator")
        from .training import _returned

        return _returned(generator_epoch(self, generator, steps, False))

    def predict_generator(
        self,
        generator: Any,
        steps: int | None = None,
        callbacks: Any = None,
        max_queue_size: int = 10,
        workers: int = 1,
        use_multiprocessing: bool = False,
        verbose: int = 0,
    ) -> Any:
        from .training import predict_generator_loop

        self._require_built("predict_generator")
        return predict_generator_loop(self, generator, steps)

    def _require_built(self, what: str) -> None:
        if not self.outputs:
            raise ValueError(
                f"{what} needs a built model: give the first layer an input_shape "
                "or call the model on data first"
            )

    def evaluate(
        self,
        x: Any = None,
        y: Any = None,
        batch_size: int | None = None,
        verbose: int = 1,
        sample_weight: Any = None,
        steps: Any = None,
        callbacks: Any = None,
        **kwargs: Any,
    ) -> Any:
        from .training import evaluate_dataset, is_dataset, is_generator, test_loop

        if is_generator(x):
            return self.evaluate_generator(x, steps)
        if is_dataset(x):
            self._require_built("evaluate")
            values = evaluate_dataset(self, x, steps)
            # TF's types: the loss averaged over steps in float64, the metrics float32.
            values = [np.float64(values[0])] + [np.float32(v) for v in values[1:]]
            return values[0] if len(values) == 1 else values
        self._ensure_built(x)
        return test_loop(self, x, y, batch_size or 32, sample_weight, callbacks, steps)

    def predict(
        self,
        x: Any,
        batch_size: int | None = None,
        verbose: int = 0,
        steps: Any = None,
        callbacks: Any = None,
        **kwargs: Any,
    ) -> Any:
        from .training import is_dataset, is_generator, predict_dataset, predict_loop

        if is_generator(x):
            return self.predict_generator(x, steps)
        if is_dataset(x):
            self._require_built("predict")
            return predict_dataset(self, x, steps)
        self._ensure_built(x)
        return predict_loop(self, x, batch_size or 32, callbacks, steps)

    def train_on_batch(
        self,
        x: Any,
        y: Any = None,
        sample_weight: Any = None,
        class_weight: Any = None,
        reset_metrics: bool = True,
    ) -> Any:
        from .training import run_batch

        self._ensure_built(x)
        weights = (sample_weight, class_weight)
        return run_batch(self, x, y, train=True, reset=reset_metrics, weights=weights)

    def test_on_batch(
        self, x: Any, y: Any = None, sample_weight: Any = None, reset_metrics: bool = True
    ) -> Any:
        from .training import run_batch

        self._ensure_built(x)
        weights = (sample_weight, None)
        return run_batch(self, x, y, train=False, reset=reset_metrics, weights=weights)

    def predict_on_batch(self, x: Any) -> Any:
        from .training import predict_loop

        self._ensure_built(x)
        return predict_loop(self, x, None)

    # -- configs -------------------------------------------------------------------------------
    def get_config(self) -> dict:
        """TF's functional config (layers, the nodes connecting them, inputs, outputs); a
        subclassed model has none (NotImplementedError, as TF's)."""
        if not self._is_graph_network:
            raise NotImplementedError(
                "A subclassed Model has no config: override `get_config` and `from_config`."
            )
        return model_config.functional_config(self)

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> Model:
        return model_config.functional_from_config(
            Functional if cls is Model else cls, config, custom_objects
        )

    def to_json(self, **kwargs: Any) -> str:
        """The model's class and config as TF's Keras writes them (`json.dumps` keywords
        pass through)."""
        return model_config.model_json(self, **kwargs)

    def to_yaml(self, **kwargs: Any) -> str:
        raise RuntimeError(
            "Method `model.to_yaml()` has been removed due to security risk of arbitrary "
            "code execution. Please use `model.to_json()` instead."
        )

    # -- saving --------------------------------------------------------------------------------
    def save_weights(self, filepath: str, overwrite: bool = True, save_format: Any = None) -> None:
        """Save the weights: HDF5 in TF's Keras layout for a `.h5`/`.keras` path or
        `save_format="h5"` (needs h5py), else Keras' TF format: an object-based
        checkpoint in TF's files, keyed by position in the model
        (`layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE`), so a rebuilt model
        whose layers got other names loads them, and TF loads them too."""
        from . import hdf5_format

        if save_format not in (None, "h5", "tf", "hdf5", "keras"):
            raise ValueError(
                f'Unknown format "{save_format}". Was expecting one of {{"tf", "h5"}}.'
            )
        if save_format != "tf" and hdf5_format.is_hdf5(filepath, save_format):
            return hdf5_format.save_weights(self, filepath, overwrite)
        from ..train import object_checkpoint

        object_checkpoint.save_weights(self, filepath, K.get_session())
        return None

    def load_weights(
        self, filepath: str, by_name: bool = False, skip_mismatch: bool = False, **kwargs: Any
    ) -> None:
        """Load weights saved by `save_weights` (TF's or graphgate's): HDF5 files by
        position, or by layer name with `by_name` (then `skip_mismatch` leaves layers
        whose weights do not fit); checkpoints by position."""
        from . import hdf5_format

        if hdf5_format.is_hdf5(filepath):
            return hdf5_format.load_weights(self, filepath, by_name, skip_mismatch)
        if by_name:
            raise error("UNIMPLEMENTED", "load_weights(by_name=True) reads HDF5 files only")
        from ..train import object_checkpoint

        if object_checkpoint.load_weights(self, filepath, K.get_session()):
            return None
        # Weights graphgate saved before it wrote TF's object-based files.
        saver = _tf.train.Saver(var_list=self._checkpoint_keys())
        saver.restore(K.get_session(), filepath)
        return None

    def _checkpoint_keys(self) -> dict:
        keys: dict = {}
        owners = [la for la in self._layers if la.weights]
        for i, layer in enumerate(owners):
            for w in layer.weights:
                short = w.op.name.rsplit("/", 1)[-1]
                keys[f"layer_with_weights-{i}/{short}"] = w
        if len(keys) != len(self.weights):
            keys = {f"weight-{i}": w for i, w in enumerate(self.weights)}
        return keys

    def save(
        self,
        filepath: str,
        overwrite: bool = True,
        include_optimizer: bool = True,
        save_format: Any = None,
        signatures: Any = None,
        options: Any = None,
    ) -> None:
        """The model in one HDF5 file, as TF 1.x's Keras saves it by default: its config,
        weights and, with `include_optimizer`, its compile settings and optimizer state
        (`load_model` resumes training where it stopped). `save_format="tf"` writes a
        servable SavedModel directory that graphgate's `load_model` reads back the same
        way (not TF's Keras SavedModel layout)."""
        from . import experimental, hdf5_format

        if save_format is not None and str(save_format).lower() == "tf":
            return experimental.save_model(self, filepath, include_optimizer)
        if save_format is not None and not hdf5_format.is_hdf5(filepath, save_format):
            raise ValueError(
                f'Unknown format "{save_format}". Was expecting one of {{"tf", "h5"}}.'
            )
        hdf5_format.save_model(self, filepath, overwrite, include_optimizer)
        return None


class Functional(Model):
    """What `tf.keras.Model(inputs, outputs)` makes: a graph of layer calls."""


def _keras_dtype(dtype: Any) -> str:
    d = np.dtype(dtype)
    return K.floatx() if d.kind == "f" else d.name


def _restructure(structure: Any, mapped: dict) -> Any:
    if isinstance(structure, (list, tuple)):
        return type(structure)(_restructure(s, mapped) for s in structure)
    return mapped.get(structure, structure)


class Sequential(Model):
    """A linear stack of layers; built at once when the first layer knows its input
    shape (`input_shape=`), else on the first call, `fit` or `predict`."""

    def __init__(self, layers: list | None = None, name: str | None = None):
        super().__init__(name=name or K.unique_object_name("sequential"))
        self._is_graph_network = True
        for layer in layers or []:
            self.add(layer)

    def add(self, layer: Layer) -> None:
        if isinstance(layer, Tensor):
            entry = keras_history(layer)
            layer = entry[0] if entry else layer
        assert_no_legacy_layers([layer])
        if not isinstance(layer, Layer):
            raise TypeError(f"The added layer must be an instance of class Layer. Found: {layer}")
        if isinstance(layer, InputLayer):
            self._input_layer = layer
            self.inputs = [layer._inbound_nodes[0].output_tensors[0]]
            self.outputs = list(self.inputs)
            return
        shape = layer._batch_input_shape
        if isinstance(layer, Model) and layer.inputs and len(layer.inputs) == 1:
            shape = layer.inputs[0].static_shape  # a built model knows its input
        if not self.outputs and shape is not None:
            from .engine import Input

            self.inputs = [
                Input(
                    batch_shape=shape,
                    dtype=layer.dtype,
                    name=layer.name + "_input",
                )
            ]
            self.outputs = list(self.inputs)
        self._layers.append(layer)
        if self.outputs:
            out = layer(self.outputs[0])
            if len(_flat(out)) != 1:
                raise TypeError(
                    "All layers in a Sequential model should have a single output tensor."
                )
            self.outputs = [out]
            self.built = True
            self._nodes, _ = _topological(self.outputs)

    def pop(self) -> None:
        if not self._layers:
            raise TypeError("There are no layers in the model.")
        self._layers.pop()
        if self.inputs:
            self.outputs = [self._layers[-1].output if self._layers else self.inputs[0]]

    def call(self, inputs: Any, training: Any = None, mask: Any = None) -> Any:
        out = inputs
        for layer in self._layers:
            out = layer(out)
        return out

    def _build_from_shapes(self, shapes: list, dtypes: list, on_data: bool = False) -> None:
        from .engine import Input

        self.inputs = [Input(batch_shape=shapes[0], dtype=_keras_dtype(dtypes[0]))]
        self._build_input_shape = tuple(shapes[0])
        out = self.inputs[0]
        # Built by its first fit/predict, TF calls the model on the data: its layers are
        # made inside the model's name scope (`sequential/dense/kernel`), not by build().
        graph = out.op.graph
        with graph.name_scope(self.name) if on_data else contextlib.nullcontext():
            for layer in self._layers:
                out = layer(out)
        self.outputs = [out]
        self.built = True
        self._nodes, _ = _topological(self.outputs)

    def __call__(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        if self.outputs:
            return super().__call__(inputs, *args, **kwargs)
        # Unbuilt, TF1's graph-mode Sequential runs its layers on the tensor it is called
        # on and takes that call as its inputs and outputs: one set of ops and variables
        # (`sequential/dense/...`), no placeholder of its own, names a checkpoint keeps.
        self._running_unbuilt = True
        try:
            outputs = super().__call__(inputs, *args, **kwargs)
        finally:
            self._running_unbuilt = False
        if self._layers and not self.outputs:
            self.inputs, self.outputs = _flat(inputs), _flat(outputs)
        return outputs

    def build(self, input_shape: Any = None) -> None:
        unbuilt_call = self.__dict__.get("_running_unbuilt", False)
        if input_shape is not None and not self.outputs and not unbuilt_call:
            self._build_from_shapes([tuple(input_shape)], [K.floatx()])

    def _sequential_like(self) -> bool:
        return True

    def get_config(self) -> dict:
        return model_config.sequential_config(self)

    @classmethod
    def from_config(cls, config: Any, custom_objects: dict | None = None) -> Sequential:
        return model_config.sequential_from_config(cls, config, custom_objects)

    def predict_proba(self, x: Any, batch_size: int = 32, verbose: int = 0) -> Any:
        """TF 1.x's Sequential.predict_proba: `predict`."""
        return self.predict(x, batch_size, verbose)

    def predict_classes(self, x: Any, batch_size: int = 32, verbose: int = 0) -> np.ndarray:
        """TF 1.x's Sequential.predict_classes: the argmax of each row, or for one output
        unit whether it exceeds 0.5 (int32 [n, 1])."""
        proba = self.predict(x, batch_size, verbose)
        if proba.shape[-1] > 1:
            return proba.argmax(axis=-1)
        return (proba > 0.5).astype("int32")


model_from_config = model_config.model_from_config
model_from_json = model_config.model_from_json
clone_model = model_config.clone_model


def model_from_yaml(yaml_string: str, custom_objects: Any = None) -> Model:
    raise RuntimeError(
        "Method `model_from_yaml()` has been removed due to security risk of arbitrary code "
        "execution. Please use `Model.to_json()` and `model_from_json()` instead."
    )


def load_model(filepath: str, custom_objects: Any = None, compile: bool = True) -> Model:
    """A model saved by `model.save` (HDF5: config, weights, and unless `compile=False`
    its compile settings and optimizer state), TF's or graphgate's."""
    import os

    from . import experimental, hdf5_format

    if not hdf5_format.is_group(filepath) and os.path.isdir(filepath):
        return experimental.load_model(filepath, custom_objects, compile)
    return hdf5_format.load_model(filepath, custom_objects, compile)


def save_model(
    model: Model,
    filepath: str,
    overwrite: bool = True,
    include_optimizer: bool = True,
    save_format: Any = None,
    signatures: Any = None,
    options: Any = None,
) -> None:
    model.save(filepath, overwrite, include_optimizer, save_format, signatures, options)
