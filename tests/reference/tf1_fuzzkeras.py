"""Differential fuzzing of graph-mode Keras against tf_keras (dev-only): random Sequential
and functional models drawn with fixed seeds (dense, convolution, pooling, normalization,
noise in inference, embeddings with masks, recurrent layers (stateful too) and their
wrappers, reshaping, merges, activations, lambdas, regularizers and constraints), compiled
with each optimizer, loss and common metric, trained (`fit` with batch sizes, validation,
class and sample weights, `shuffle=False`), evaluated and asked to predict, and invalid
configurations, run
under `tf.compat.v1` with eager execution off and tf.keras bound to tf_keras (TF1's Keras):

    TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python tests/reference/tf1_fuzzkeras.py \
        > tests/unit/engine/fixtures/tf1_fuzzkeras.json

(`tf1_fuzzkeras.py PREFIX [FAMILY...]` draws other programs, seeded by PREFIX too, for
hunting; with families named, only theirs.)

A program is {"model": {"inputs": [[shape, dtype]...], "nodes": [[layer, [inputs], call
options]...], "sequential": bool}, "data": {"x": [...], "y": [...], ...} (encoded),
"compile": {...}, "fit": {...} or None, "seed"}. A layer is [class name, keyword
arguments] (`_layer` reads regularizers, constraints, wrapped layers and lambdas). Every
weight is set from a generator seeded by "seed" (`initial_weights`), so that both sides
start from the same numbers; noise layers (dropout, Gaussian noise) leave "fit" None, as
their training draws differ.

The fixture holds what TF observed at each stage (`observe`): the output shape and the
weights' names and shapes, predictions before training, the History's keys and values,
`evaluate`, `train_on_batch`, `test_on_batch`, predictions and weights after training; or
the stage and class of what it raised. tests/unit/engine/test_tf1_fuzzkeras.py replays them.
"""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import fuzzkit
import tf1_fuzzdiff as fuzz

encode, decode = fuzz.encode, fuzz.decode

# -- building ------------------------------------------------------------------------------

_LAMBDAS = {
    "square": lambda tf: lambda x: x * x,
    "affine": lambda tf: lambda x: x * 0.5 + 1.0,
    "sin": lambda tf: lambda x: tf.sin(x),
    "reverse": lambda tf: lambda x: tf.reverse(x, [1]),
}


def _option(tf, key: str, value):
    if key.endswith("_regularizer"):
        return getattr(tf.keras.regularizers, value[0])(*value[1:])
    if key.endswith("_constraint"):
        return getattr(tf.keras.constraints, value[0])(**value[1])
    if key in ("layer", "backward_layer", "cell"):
        return _layer(tf, value)
    if key == "function":
        return _LAMBDAS[value](tf)
    if key in ("alpha_initializer",):
        return value
    return (
        tuple(value)
        if key.endswith(("shape", "size", "strides", "rate")) and isinstance(value, list)
        else value
    )


def _layer(tf, spec: list):
    name, kwargs = spec
    options = {k: _option(tf, k, v) for k, v in kwargs.items()}
    if name == "Lambda":
        return tf.keras.layers.Lambda(options.pop("function"), **options)
    return getattr(tf.keras.layers, name)(**options)


def _model(tf, spec: dict):
    K = tf.keras
    if spec.get("sequential"):
        layers = [_layer(tf, node[0]) for node in spec["nodes"]]
        shape, dtype = spec["inputs"][0]
        if "batch" in spec:  # a stateful model's fixed batch
            first = K.layers.InputLayer(batch_input_shape=[spec["batch"], *shape], dtype=dtype)
        else:
            first = K.layers.InputLayer(input_shape=shape, dtype=dtype)
        return K.Sequential([first, *layers])
    tensors = [K.layers.Input(shape=s, dtype=d) for s, d in spec["inputs"]]
    inputs = list(tensors)
    for layer, sources, call in spec["nodes"]:
        args = [tensors[i] for i in sources]
        if "initial_state" in call:
            call = {**call, "initial_state": [tensors[i] for i in call["initial_state"]]}
        y = _layer(tf, layer)(args if len(args) > 1 else args[0], **call)
        tensors.extend(y if isinstance(y, list | tuple) else [y])
    outputs = [tensors[i] for i in spec.get("outputs", [-1])]
    return K.Model(
        inputs if len(inputs) > 1 else inputs[0], outputs if len(outputs) > 1 else outputs[0]
    )


def initial_weights(names_shapes: list, seed: int) -> list:
    """The weights every program starts from: positive scales and variances, small means
    and biases, kernels scaled by their fan-in."""
    rng = np.random.default_rng(seed)
    out = []
    for name, shape in names_shapes:
        if "moving_variance" in name or "gamma" in name:
            value = rng.uniform(0.5, 1.5, shape)
        elif "alpha" in name:
            value = rng.uniform(0.0, 0.5, shape)
        elif len(shape) >= 2:
            value = rng.standard_normal(shape) / math.sqrt(max(1, math.prod(shape[:-1])))
        else:
            value = 0.2 * rng.standard_normal(shape)
        out.append(value.astype(np.float32))
    return out


def _optimizer(tf, spec):
    if isinstance(spec, str):
        return spec
    return getattr(tf.keras.optimizers, spec[0])(**spec[1])


def _is_class(spec) -> bool:
    """Whether `spec` is [class name, keyword arguments] (else a name or a list of them)."""
    return isinstance(spec, list) and len(spec) == 2 and isinstance(spec[1], dict)


def _loss(tf, spec):
    if isinstance(spec, str):
        return spec
    return getattr(tf.keras.losses, spec[0])(**spec[1])


def _metric(tf, spec):
    if isinstance(spec, str):
        return spec
    return getattr(tf.keras.metrics, spec[0])(**spec[1])


def _data(spec: dict | None):
    if spec is None:
        return None
    if isinstance(spec, list):
        return [decode(s) for s in spec]
    if "bits" in spec:
        return decode(spec)
    return {int(k) if k.isdigit() else k: v for k, v in spec.items()}  # class weights


def _floats(values) -> list:
    values = values if isinstance(values, list | tuple) else [values]
    return [float(v) for v in values]


def _numbers(value):
    """predict's answer (one array or a list) encoded."""
    if isinstance(value, list | tuple):
        return [encode(np.asarray(v)) for v in value]
    return encode(np.asarray(value))


# The stages, in order; each stores what it observed under its name.
def _built(tf, program, seen, state):
    model = state["model"] = _model(tf, program["model"])
    shapes = model.output_shape
    seen["output_shape"] = [list(s) for s in shapes] if isinstance(shapes, list) else list(shapes)
    weights = [[w.name, [int(d) for d in w.shape]] for w in model.weights]
    seen["weights"] = weights
    model.set_weights(initial_weights(weights, program["seed"]))


def _predicted_before(tf, program, seen, state):
    data = program["data"]
    seen["predict_before"] = _numbers(
        state["model"].predict(_data(data["x"]), batch_size=data["batch_size"])
    )


def _compiled(tf, program, seen, state):
    c = program["compile"]
    spec = c["loss"]
    many = isinstance(spec, list) and not _is_class(spec)  # a loss for each output
    loss = [_loss(tf, s) for s in spec] if many else _loss(tf, spec)
    metrics = [_metric(tf, m) for m in c.get("metrics", [])]
    kwargs = {k: c[k] for k in ("loss_weights", "weighted_metrics") if k in c}
    state["model"].compile(_optimizer(tf, c["optimizer"]), loss, metrics=metrics, **kwargs)
    seen["metrics_names"] = list(state["model"].metrics_names)


def _fitted(tf, program, seen, state):
    fit, data = program["fit"], program["data"]
    if fit is None:
        return
    kwargs = {k: _data(v) for k, v in fit.items() if k in ("class_weight", "sample_weight")}
    if "validation_data" in fit:
        kwargs["validation_data"] = tuple(_data(v) for v in fit["validation_data"])
    for key in ("epochs", "validation_split"):
        if key in fit:
            kwargs[key] = fit[key]
    x, y = _data(data["x"]), _data(data["y"])
    # fit validates in an order drawn from numpy's global stream (TF's test loop shuffles
    # by default), and a multi-output model's per-output loss is a mean of its batches'
    # means, so uneven validation batches make it depend on that order: both sides draw
    # from the same state.
    np.random.seed(program["seed"])
    h = state["model"].fit(x, y, batch_size=data["batch_size"], shuffle=False, verbose=0, **kwargs)
    seen["history"] = {k: _floats(v) for k, v in sorted(h.history.items())}
    seen["epochs"] = list(h.epoch)


def _evaluated(tf, program, seen, state):
    data = program["data"]
    x, y = _data(data["x"]), _data(data["y"])
    m = state["model"]
    seen["evaluate"] = _floats(m.evaluate(x, y, batch_size=data["batch_size"], verbose=0))
    if not program.get("on_batch"):
        return
    seen["test_on_batch"] = _floats(m.test_on_batch(x, y))
    if program["fit"] is not None:
        seen["train_on_batch"] = _floats(m.train_on_batch(x, y))


def _predicted_after(tf, program, seen, state):
    data = program["data"]
    m = state["model"]
    seen["predict_after"] = _numbers(m.predict(_data(data["x"]), batch_size=data["batch_size"]))
    seen["weights_after"] = [encode(w) for w in m.get_weights()]


STAGES = (
    ("build", _built),
    ("predict", _predicted_before),
    ("compile", _compiled),
    ("fit", _fitted),
    ("evaluate", _evaluated),
    ("predict_after", _predicted_after),
)


def observe(tf, program: dict, classes=lambda e: type(e).__name__) -> dict:
    """What `tf` observes for `program`, stage by stage: {stage's keys...} or, at the
    first stage that raised, also {"error": [stage, class, message]}."""
    seen: dict = {}
    state: dict = {}
    with tf.Graph().as_default():
        for stage, run in STAGES:
            try:
                run(tf, program, seen, state)
            except Exception as exc:  # the class is what is recorded
                seen["error"] = [stage, classes(exc), fuzzkit.message(exc, program)]
                break
    return seen


# -- drawing programs ----------------------------------------------------------------------

_NOISE = ("Dropout", "SpatialDropout1D", "SpatialDropout2D", "GaussianNoise", "GaussianDropout")
_ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear", "elu", "softplus", "selu", "hard_sigmoid")


def _floats_of(rng, shape, scale=1.0) -> dict:
    return encode((scale * rng.standard_normal(shape)).astype(np.float32))


def _pick(rng, options):
    return options[int(rng.integers(len(options)))]


def _regularized(rng, kwargs: dict, keys=("kernel",)) -> dict:
    """Sometimes a regularizer or a constraint on each of `keys`' weights."""
    for key in keys:
        roll = rng.random()
        if roll < 0.15:
            kwargs[f"{key}_regularizer"] = [
                _pick(rng, ("l1", "l2")),
                float(_pick(rng, (0.01, 0.1))),
            ]
        elif roll < 0.22:
            kwargs[f"{key}_regularizer"] = ["l1_l2", 0.01, 0.02]
        elif roll < 0.3:
            kwargs[f"{key}_constraint"] = _pick(
                rng,
                (
                    ["MaxNorm", {"max_value": 0.5}],
                    ["NonNeg", {}],
                    ["UnitNorm", {"axis": 0}],
                    ["MinMaxNorm", {"min_value": 0.2, "max_value": 0.8}],
                ),
            )
    return kwargs


def _regression(rng, program_model, x_shape, out_units, noisy, n=None):
    """A program training `program_model` (output (batch, out_units)) on normal targets
    with mean squared error and plain SGD."""
    n = n or int(rng.integers(5, 10))
    return {
        "model": program_model,
        "data": {
            "x": _floats_of(rng, [n, *x_shape]),
            "y": _floats_of(rng, [n, out_units]),
            "batch_size": int(rng.integers(2, 5)),
        },
        "compile": {
            "optimizer": ["SGD", {"learning_rate": 0.05}],
            "loss": "mse",
            "metrics": ["mae"],
        },
        "fit": None if noisy else {"epochs": int(rng.integers(1, 3))},
        "seed": int(rng.integers(2**31)),
        "on_batch": bool(rng.random() < 0.3),
    }


def _sequential(inputs, layers):
    return {"inputs": inputs, "nodes": [[layer, [], {}] for layer in layers], "sequential": True}


def _head(rng, layers, rank):
    """Flatten or pool to (batch, features), then a Dense of 1-3 units."""
    if rank > 1:
        layers.append(
            _pick(
                rng,
                (
                    ["Flatten", {}],
                    [f"GlobalAveragePooling{rank - 1}D", {}],
                    [f"GlobalMaxPooling{rank - 1}D", {}],
                ),
            )
        )
    units = int(rng.integers(1, 4))
    layers.append(["Dense", _regularized(rng, {"units": units})])
    return units


def _noise(rng, rank):
    name = _pick(rng, ("Dropout", "GaussianNoise", "GaussianDropout", "SpatialDropout"))
    if name == "SpatialDropout":
        if rank not in (2, 3):
            name = "Dropout"
        else:
            return [f"SpatialDropout{rank - 1}D", {"rate": 0.3}]
    if name == "GaussianNoise":
        return [name, {"stddev": 0.5}]
    return [name, {"rate": 0.4}]


def _activation(rng):
    return _pick(
        rng,
        (
            ["Activation", {"activation": _pick(rng, _ACTIVATIONS)}],
            ["LeakyReLU", {"alpha": float(_pick(rng, (0.1, 0.3)))}],
            ["ELU", {"alpha": float(_pick(rng, (0.5, 1.0)))}],
            ["ReLU", {"max_value": _pick(rng, (None, 1.0)), "negative_slope": 0.0}],
            ["PReLU", {}],
            ["Softmax", {"axis": -1}],
        ),
    )


def _normalization(rng, rank):
    if rng.random() < 0.5:
        axis = _pick(rng, (-1, 1)) if rank > 1 else -1
        return [
            "BatchNormalization",
            {
                "axis": axis,
                "momentum": float(_pick(rng, (0.99, 0.5, 0.9))),
                "epsilon": float(_pick(rng, (1e-3, 1e-5))),
                "center": bool(rng.random() < 0.8),
                "scale": bool(rng.random() < 0.8),
            },
        ]
    return ["LayerNormalization", {"axis": -1, "epsilon": float(_pick(rng, (1e-3, 1e-6)))}]


def _dense_family(rng):
    for _ in range(24):
        d = int(rng.integers(2, 6))
        layers, noisy = [], False
        for _ in range(int(rng.integers(1, 4))):
            roll = rng.random()
            if roll < 0.4:
                kw = {
                    "units": int(rng.integers(2, 6)),
                    "activation": _pick(rng, _ACTIVATIONS),
                    "use_bias": bool(rng.random() < 0.8),
                }
                layers.append(["Dense", _regularized(rng, kw, ("kernel", "bias"))])
            elif roll < 0.6:
                layers.append(_activation(rng))
            elif roll < 0.8:
                layers.append(_normalization(rng, 1))
            elif roll < 0.9:
                layers.append(["Lambda", {"function": _pick(rng, ("square", "affine", "sin"))}])
            else:
                layers.append(_noise(rng, 1))
                noisy = True
        units = _head(rng, layers, 1)
        yield _regression(rng, _sequential([[[d], "float32"]], layers), [d], units, noisy)


def _spatial(n, k, s, padding, d=1):
    k = (k - 1) * d + 1
    return -(-n // s) if padding == "same" else (n - k) // s + 1


def _conv_layer(rng, dims, rank, channels):
    """A convolution-like layer of `rank` spatial dims that keeps every dim >= 1, and the
    dims it leaves."""
    kind = _pick(rng, ("Conv", "Conv", "Pool", "Pad", "Up", "Crop", "Sep", "Depth", "Trans"))
    suffix = f"{rank}D"
    k = int(rng.integers(1, 4))
    s = int(rng.integers(1, 3))
    padding = _pick(rng, ("same", "valid"))
    if (kind in ("Sep", "Depth") and rank == 3) or (kind == "Depth" and rank == 1):
        kind = "Conv"
    if kind == "Trans" and rank == 1:
        kind = "Conv"
    if kind in ("Pool", "Conv", "Sep", "Depth"):
        if padding == "valid" and min(dims) < k:
            padding = "same"
        d = 1
        if kind == "Conv" and s == 1 and rng.random() < 0.3:
            d = 2
            if padding == "valid" and min(dims) < 2 * k - 1:
                padding = "same"
        new = [_spatial(n, k, s, padding, d) for n in dims]
        if kind == "Pool":
            name = _pick(rng, ("MaxPooling", "AveragePooling")) + suffix
            return [name, {"pool_size": k, "strides": s, "padding": padding}], new
        kw = {
            "kernel_size": k,
            "strides": s,
            "padding": padding,
            "activation": _pick(rng, _ACTIVATIONS),
        }
        if d > 1:
            kw["dilation_rate"] = d
        if kind == "Conv":
            kw["filters"] = int(rng.integers(1, 4))
            return ["Conv" + suffix, _regularized(rng, kw)], new
        if kind == "Sep":
            kw.update(filters=int(rng.integers(1, 4)), depth_multiplier=int(rng.integers(1, 3)))
            return ["SeparableConv" + suffix, kw], new
        kw["depth_multiplier"] = int(rng.integers(1, 3))
        return ["DepthwiseConv2D", kw], new
    if kind == "Trans":
        kw = {
            "filters": int(rng.integers(1, 4)),
            "kernel_size": k,
            "strides": s,
            "padding": padding,
        }
        new = [n * s if padding == "same" else n * s + max(k - s, 0) for n in dims]
        return [f"Conv{suffix}Transpose", kw], new
    return _resizing_layer(rng, kind, dims, rank)


def _resizing_layer(rng, kind, dims, rank):
    """A padding, upsampling or cropping layer (or a 1x1 convolution where the kind has no
    layer of that rank or the dims are too small), and the dims it leaves."""
    suffix = f"{rank}D"
    if kind == "Pad":
        pad = [[int(rng.integers(0, 2)), int(rng.integers(0, 3))] for _ in dims]
        arg = pad[0] if rank == 1 else pad
        return ["ZeroPadding" + suffix, {"padding": arg}], [
            n + a + b for n, (a, b) in zip(dims, pad, strict=True)
        ]
    if kind == "Up" and rank < 3:
        size = [int(rng.integers(1, 3)) for _ in dims]
        kw = {"size": size[0] if rank == 1 else size}
        if rank == 2 and rng.random() < 0.3:
            kw["interpolation"] = "bilinear"
        return ["UpSampling" + suffix, kw], [n * f for n, f in zip(dims, size, strict=True)]
    if kind == "Crop" and rank < 3 and min(dims) > 2:
        crop = [[int(rng.integers(0, 2)), int(rng.integers(0, 2))] for _ in dims]
        arg = crop[0] if rank == 1 else crop
        return ["Cropping" + suffix, {"cropping": arg}], [
            n - a - b for n, (a, b) in zip(dims, crop, strict=True)
        ]
    return ["Conv" + suffix, {"filters": 2, "kernel_size": 1}], dims


def _conv_family(rank, count):
    def family(rng):
        for _ in range(count):
            dims = [int(rng.integers(3, 7 if rank < 3 else 5)) for _ in range(rank)]
            channels = int(rng.integers(1, 4))
            shape = [*dims, channels]
            layers, noisy = [], False
            for _ in range(int(rng.integers(1, 4))):
                roll = rng.random()
                if roll < 0.7:
                    layer, dims = _conv_layer(rng, dims, rank, channels)
                    layers.append(layer)
                elif roll < 0.85:
                    layers.append(_normalization(rng, rank + 1))
                elif roll < 0.92:
                    layers.append(_activation(rng))
                else:
                    layers.append(_noise(rng, rank + 1))
                    noisy = True
            units = _head(rng, layers, rank + 1)
            model = _sequential([[shape, "float32"]], layers)
            yield _regression(rng, model, shape, units, noisy)

    return family


def _masked_sequences(rng, n, t, f):
    """Normal sequences whose last steps are zero in some rows (what Masking drops)."""
    x = rng.standard_normal((n, t, f)).astype(np.float32)
    for row in range(n):
        x[row, t - int(rng.integers(0, t)) :] = 0.0
    return x


def _recurrent(rng, sequences: bool):
    name = _pick(rng, ("LSTM", "GRU", "SimpleRNN"))
    kw = {
        "units": int(rng.integers(1, 4)),
        "return_sequences": sequences,
        "go_backwards": bool(rng.random() < 0.3),
    }
    if rng.random() < 0.3:
        kw["activation"] = _pick(rng, ("tanh", "relu", "sigmoid"))
    if name != "SimpleRNN" and rng.random() < 0.3:
        kw["recurrent_activation"] = _pick(rng, ("sigmoid", "hard_sigmoid", "tanh"))
    if name == "GRU" and rng.random() < 0.6:
        kw["reset_after"] = bool(rng.random() < 0.5)
    if name == "LSTM" and rng.random() < 0.3:
        kw["unit_forget_bias"] = False
    if rng.random() < 0.2:
        kw["use_bias"] = False
    if rng.random() < 0.2:
        kw["unroll"] = True
    return [name, _regularized(rng, kw, ("kernel", "recurrent"))]


def _rnn_family(rng):
    for _ in range(24):
        n, t, f = int(rng.integers(4, 8)), int(rng.integers(2, 5)), int(rng.integers(1, 4))
        layers = []
        masked = rng.random() < 0.4
        if masked:
            layers.append(["Masking", {"mask_value": 0.0}])
        depth = int(rng.integers(1, 3))
        for i in range(depth):
            last = i == depth - 1
            sequences = not last or rng.random() < 0.3
            layer = _recurrent(rng, sequences)
            if rng.random() < 0.3:
                mode = _pick(rng, ("concat", "sum", "mul", "ave"))
                layer = ["Bidirectional", {"layer": layer, "merge_mode": mode}]
            layers.append(layer)
            if sequences and rng.random() < 0.4:
                layers.append(["TimeDistributed", {"layer": ["Dense", {"units": 2}]}])
        if (
            layers[-1][0] == "TimeDistributed"
            or layers[-1][1].get("return_sequences")
            or (layers[-1][0] == "Bidirectional" and layers[-1][1]["layer"][1]["return_sequences"])
        ):
            layers.append(["Flatten", {}])
        units = _head(rng, layers, 1)
        program = _regression(
            rng, _sequential([[[t, f], "float32"]], layers), [t, f], units, False, n
        )
        if masked:
            program["data"]["x"] = encode(_masked_sequences(rng, n, t, f))
        yield program


def _embedding_family(rng):
    for _ in range(14):
        n, t, vocab = int(rng.integers(4, 8)), int(rng.integers(2, 6)), int(rng.integers(3, 8))
        mask = bool(rng.random() < 0.6)
        layers = [
            [
                "Embedding",
                {"input_dim": vocab, "output_dim": int(rng.integers(1, 4)), "mask_zero": mask},
            ]
        ]
        roll = rng.random()
        if roll < 0.5:
            layers.append(_recurrent(rng, False))
        elif roll < 0.8:
            layers.append(["GlobalAveragePooling1D", {}])
        else:
            layers.append(["Flatten", {}])  # refuses a mask
        units = _head(rng, layers, 1)
        ids = rng.integers(1, vocab, (n, t))
        for row in range(n):
            ids[row, t - int(rng.integers(0, t)) :] = 0
        program = _regression(rng, _sequential([[[t], "int32"]], layers), [t], units, False, n)
        program["data"]["x"] = encode(ids.astype(np.int32))
        yield program


_MERGES = ("Concatenate", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Dot")


def _merge(rng):
    name = _pick(rng, _MERGES)
    if name == "Dot":
        return ["Dot", {"axes": -1, "normalize": bool(rng.random() < 0.4)}]
    if name == "Concatenate":
        return ["Concatenate", {"axis": -1}]
    return [name, {}]


def _functional_dense(rng):
    """Two inputs (or one input twice), a Dense branch on each, merged, a Dense head."""
    d1, d2, u = int(rng.integers(2, 5)), int(rng.integers(2, 5)), int(rng.integers(2, 4))
    two = rng.random() < 0.5
    inputs = [[[d1], "float32"], [[d2], "float32"]] if two else [[[d1], "float32"]]
    first = len(inputs)
    nodes = [
        [["Dense", {"units": u, "activation": _pick(rng, _ACTIVATIONS)}], [0], {}],
        [["Dense", {"units": u}], [1 if two else 0], {}],
        [_merge(rng), [first, first + 1], {}],
    ]
    if rng.random() < 0.4:
        nodes.append([["BatchNormalization", {"momentum": 0.5}], [first + 2], {"training": True}])
    nodes.append([["Dense", {"units": 2}], [first + len(nodes) - 1], {}])
    return inputs, nodes, 2


def _functional_shapes(rng):
    """Reshaping: RepeatVector, Permute, Reshape, Cropping1D, Lambda, Concatenate on an axis."""
    d, t = int(rng.integers(2, 5)), int(rng.integers(2, 4))
    nodes = [
        [["RepeatVector", {"n": t}], [0], {}],  # (t, d)
        [["Permute", {"dims": [2, 1]}], [1], {}],  # (d, t)
        [["Reshape", {"target_shape": [t, d]}], [2], {}],
        [["Lambda", {"function": _pick(rng, ("square", "reverse", "affine"))}], [3], {}],
        [["Concatenate", {"axis": int(_pick(rng, (1, 2, -1)))}], [1, 4], {}],
        [_recurrent(rng, False) if rng.random() < 0.5 else ["Flatten", {}], [5], {}],
        [["Dense", {"units": 2}], [6], {}],
    ]
    return [[[d], "float32"]], nodes, 2


def _functional_states(rng):
    """An LSTM or GRU returning its states, which feed a second recurrent layer."""
    t, f, u = int(rng.integers(2, 5)), int(rng.integers(1, 4)), int(rng.integers(1, 4))
    name = _pick(rng, ("LSTM", "GRU"))
    kw = {
        "units": u,
        "return_sequences": True,
        "return_state": True,
        "go_backwards": bool(rng.random() < 0.3),
    }
    states = 2 if name == "LSTM" else 1
    nodes = [
        [[name, kw], [0], {}],  # tensors 1 (sequences), 2... (states)
        [[name, {"units": u}], [1], {"initial_state": list(range(2, 2 + states))}],
        [["Dense", {"units": 2}], [2 + states], {}],
    ]
    return [[[t, f], "float32"]], nodes, 2, states


def _functional_family(rng):
    for i in range(24):
        kind = i % 3
        if kind == 0:
            inputs, nodes, units = _functional_dense(rng)
        elif kind == 1:
            inputs, nodes, units = _functional_shapes(rng)
        else:
            inputs, nodes, units, _ = _functional_states(rng)
        n = int(rng.integers(4, 8))
        model = {"inputs": inputs, "nodes": nodes, "sequential": False}
        program = _regression(rng, model, inputs[0][0], units, False, n)
        if len(inputs) > 1:
            program["data"]["x"] = [_floats_of(rng, [n, *shape]) for shape, _ in inputs]
        yield program


# Each loss with the head activation and targets it is used with: (loss, activation, target
# kind, metrics that suit it).
_CLASSES = ("accuracy", "categorical_accuracy", ["TopKCategoricalAccuracy", {"k": 2}])
_LOSSES = (
    ("categorical_crossentropy", "softmax", "onehot", _CLASSES),
    (
        ["CategoricalCrossentropy", {"from_logits": True, "label_smoothing": 0.1}],
        "linear",
        "onehot",
        _CLASSES,
    ),
    (
        "sparse_categorical_crossentropy",
        "softmax",
        "sparse",
        ("accuracy", "sparse_categorical_accuracy"),
    ),
    (
        ["SparseCategoricalCrossentropy", {"from_logits": True}],
        "linear",
        "sparse",
        ("accuracy", ["SparseTopKCategoricalAccuracy", {"k": 2}]),
    ),
    ("binary_crossentropy", "sigmoid", "binary", ("accuracy", "binary_accuracy", ["AUC", {}])),
    (
        ["BinaryCrossentropy", {"from_logits": True, "label_smoothing": 0.2}],
        "linear",
        "binary",
        ("accuracy", ["Precision", {}], ["Recall", {}]),
    ),
    (["BinaryCrossentropy", {"label_smoothing": 0.1}], "sigmoid", "binary", ("accuracy",)),
    ("hinge", "tanh", "signs", ("accuracy", "mae")),
    ("squared_hinge", "linear", "signs", ("mse",)),
    ("hinge", "linear", "binary", (["Hinge", {}],)),  # 0/1 targets: Keras reads them as ∓1
    ("squared_hinge", "tanh", "binary", (["SquaredHinge", {}], ["CategoricalHinge", {}])),
    ("categorical_hinge", "linear", "onehot", ("accuracy",)),
    (["Huber", {"delta": 0.5}], "linear", "normal", ("mae", "mse")),
    ("mse", "linear", "normal", ("mae", ["RootMeanSquaredError", {}])),
    ("mae", "linear", "normal", ("mse", "mape")),
    ("mape", "linear", "far", ("mae",)),
    ("msle", "softplus", "positive", ("mse",)),
    ("logcosh", "linear", "normal", ("mae",)),
    ("poisson", "softplus", "positive", ("mae",)),
    ("kld", "softmax", "distribution", ("accuracy",)),
    (["KLDivergence", {}], "softmax", "distribution", (["CosineSimilarity", {}],)),
    (["CosineSimilarity", {"axis": -1}], "linear", "normal", ("mae",)),
    ("cosine_proximity", "linear", "normal", ("mse",)),
)
_OPTIMIZERS = (
    ["SGD", {"learning_rate": 0.1}],
    ["SGD", {"learning_rate": 0.05, "momentum": 0.9}],
    ["SGD", {"learning_rate": 0.05, "momentum": 0.5, "nesterov": True}],
    ["Adam", {"learning_rate": 0.01}],
    ["Adam", {"learning_rate": 0.01, "amsgrad": True}],
    ["Adam", {"learning_rate": 0.02, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-4}],
    ["RMSprop", {"learning_rate": 0.01}],
    ["RMSprop", {"learning_rate": 0.01, "rho": 0.8, "momentum": 0.5, "centered": True}],
    ["Adagrad", {"learning_rate": 0.1}],
    ["Adagrad", {"learning_rate": 0.1, "initial_accumulator_value": 0.5}],
    ["Adadelta", {"learning_rate": 1.0}],
    ["Adadelta", {"learning_rate": 0.5, "rho": 0.9}],
    ["Adamax", {"learning_rate": 0.02}],
    ["Nadam", {"learning_rate": 0.01}],
    "sgd",
    "adam",
    "rmsprop",
    "adagrad",
    "adadelta",
    "adamax",
    "nadam",
)


def _targets(rng, kind: str, n: int, k: int):
    labels = rng.integers(0, k, n)
    if kind == "onehot":
        return np.eye(k, dtype=np.float32)[labels]
    if kind == "sparse":
        return (
            labels.astype(np.int32).reshape(n, 1) if rng.random() < 0.5 else labels.astype(np.int32)
        )
    if kind == "binary":
        return rng.integers(0, 2, (n, k)).astype(np.float32)
    if kind == "signs":
        return (2 * rng.integers(0, 2, (n, k)) - 1).astype(np.float32)
    if kind == "positive":
        return rng.uniform(0.1, 3.0, (n, k)).astype(np.float32)
    if kind == "far":
        return (np.sign(rng.standard_normal((n, k))) * rng.uniform(0.5, 2.0, (n, k))).astype(
            np.float32
        )
    if kind == "distribution":
        p = rng.uniform(0.05, 1.0, (n, k))
        return (p / p.sum(1, keepdims=True)).astype(np.float32)
    return rng.standard_normal((n, k)).astype(np.float32)


def _fit_options(rng, kind, n, k, d):
    fit = {"epochs": int(rng.integers(1, 4))}
    roll = rng.random()
    if roll < 0.3:
        fit["validation_split"] = float(_pick(rng, (0.2, 0.25, 0.5)))
    elif roll < 0.5:
        m = int(rng.integers(2, 5))
        fit["validation_data"] = [_floats_of(rng, [m, d]), encode(_targets(rng, kind, m, k))]
    roll = rng.random()
    if roll < 0.25 and kind in ("onehot", "sparse"):
        fit["class_weight"] = {str(c): float(rng.uniform(0.2, 3.0)) for c in range(k)}
    elif roll < 0.5:
        fit["sample_weight"] = encode(rng.uniform(0.0, 2.0, n).astype(np.float32))
    return fit


def _train_family(rng):
    for _ in range(90):
        loss, activation, kind, metrics = _LOSSES[int(rng.integers(len(_LOSSES)))]
        n, d, h = int(rng.integers(6, 13)), int(rng.integers(2, 5)), int(rng.integers(2, 5))
        k = 1 if kind == "binary" and rng.random() < 0.5 else int(rng.integers(2, 4))
        layers = [
            ["Dense", {"units": h, "activation": _pick(rng, ("relu", "tanh"))}],
            ["Dense", {"units": k, "activation": activation}],
        ]
        chosen = [m for m in metrics if rng.random() < 0.6]
        yield {
            "model": _sequential([[[d], "float32"]], layers),
            "data": {
                "x": _floats_of(rng, [n, d]),
                "y": encode(_targets(rng, kind, n, k)),
                "batch_size": int(rng.integers(2, 6)),
            },
            "compile": {
                "optimizer": _OPTIMIZERS[int(rng.integers(len(_OPTIMIZERS)))],
                "loss": loss,
                "metrics": chosen,
            },
            "fit": _fit_options(rng, kind, n, k, d),
            "seed": int(rng.integers(2**31)),
            "on_batch": bool(rng.random() < 0.3),
        }


def _two_heads_family(rng):
    """Functional models with two outputs: a loss each, loss weights, metrics per output."""
    for _ in range(8):
        n, d = int(rng.integers(6, 10)), int(rng.integers(2, 5))
        nodes = [
            [["Dense", {"units": 3, "activation": "relu"}], [0], {}],
            [["Dense", {"units": 2, "activation": "softmax"}], [1], {}],
            [["Dense", {"units": 1}], [1], {}],
        ]
        model = {"inputs": [[[d], "float32"]], "nodes": nodes, "outputs": [2, 3]}
        labels = rng.integers(0, 2, n)
        yield {
            "model": model,
            "data": {
                "x": _floats_of(rng, [n, d]),
                "y": [encode(np.eye(2, dtype=np.float32)[labels]), _floats_of(rng, [n, 1])],
                "batch_size": int(rng.integers(2, 5)),
            },
            "compile": {
                "optimizer": _OPTIMIZERS[int(rng.integers(len(_OPTIMIZERS)))],
                "loss": ["categorical_crossentropy", _pick(rng, ("mse", "mae"))],
                "loss_weights": [float(rng.uniform(0.2, 2)), float(rng.uniform(0.2, 2))],
                "metrics": [_pick(rng, ("accuracy", "mae"))],
            },
            "fit": {
                "epochs": int(rng.integers(1, 3)),
                **({"validation_split": 0.25} if rng.random() < 0.5 else {}),
            },
            "seed": int(rng.integers(2**31)),
            "on_batch": True,
        }


def _uneven_heads_family(rng):
    """Two outputs validated over uneven batches (3 samples in batches of 2), where the
    per-output validation loss depends on the order the validation samples are drawn in."""
    for _ in range(4):
        program = next(_two_heads_family(rng))
        program["data"]["x"] = _floats_of(rng, [9, program["data"]["x"]["shape"][1]])
        labels = rng.integers(0, 2, 9)
        program["data"]["y"] = [
            encode(np.eye(2, dtype=np.float32)[labels]),
            _floats_of(rng, [9, 1]),
        ]
        program["data"]["batch_size"] = 2
        program["fit"] = {"epochs": 3, "validation_split": 0.25}
        yield program


def _base(rng, layers=None, shape=(3,), dtype="float32", k=2):
    n = 6
    x = (
        _floats_of(rng, [n, *shape])
        if dtype == "float32"
        else encode(rng.integers(0, 4, (n, *shape)).astype(np.int32))
    )
    return {
        "model": _sequential([[list(shape), dtype]], layers or [["Dense", {"units": k}]]),
        "data": {"x": x, "y": _floats_of(rng, [n, k]), "batch_size": 3},
        "compile": {"optimizer": "sgd", "loss": "mse", "metrics": []},
        "fit": {"epochs": 1},
        "seed": 7,
        "on_batch": True,
    }


def _with(program: dict, path: str, value) -> dict:
    """`program` with the item at dotted `path` replaced."""
    keys = path.split(".")
    node = program
    for key in keys[:-1]:
        node = node[int(key)] if isinstance(node, list) else node[key]
    last = keys[-1]
    node[int(last) if isinstance(node, list) else last] = value
    return program


def _invalid_family(rng):
    """Configurations TF refuses: a layer that cannot take its input, a merge of unequal
    shapes, unknown names in compile, data that does not fit the model."""
    seq = lambda *layers, shape=(3,), **kw: _base(rng, list(layers), shape, **kw)  # noqa: E731
    dense = ["Dense", {"units": 2}]
    yield seq(["Conv2D", {"filters": 2, "kernel_size": 3}], dense, shape=(3,))
    yield seq(["Conv2D", {"filters": 2, "kernel_size": 5}], ["Flatten", {}], dense, shape=(3, 3, 1))
    yield seq(["Conv1D", {"filters": 2, "kernel_size": 4}], ["Flatten", {}], dense, shape=(3, 2))
    yield seq(["MaxPooling2D", {"pool_size": 4}], ["Flatten", {}], dense, shape=(3, 3, 1))
    yield seq(["LSTM", {"units": 2}], dense, shape=(3,))
    yield seq(["GRU", {"units": 2}], dense, shape=(2, 3, 1))
    yield seq(["Reshape", {"target_shape": [4]}], dense, shape=(3,))
    yield seq(["Reshape", {"target_shape": [-1, -1]}], dense, shape=(4,))
    yield seq(["Permute", {"dims": [1, 1]}], ["Flatten", {}], dense, shape=(2, 2))
    yield seq(["Permute", {"dims": [0, 1]}], ["Flatten", {}], dense, shape=(2, 2))
    yield seq(["RepeatVector", {"n": 2}], dense, shape=(2, 2))
    yield seq(["Cropping1D", {"cropping": [2, 2]}], ["Flatten", {}], dense, shape=(3, 2))
    yield seq(
        ["Cropping2D", {"cropping": [[2, 2], [0, 0]]}], ["Flatten", {}], dense, shape=(3, 3, 1)
    )
    yield seq(["BatchNormalization", {"axis": 3}], dense, shape=(3,))
    yield seq(["LayerNormalization", {"axis": 4}], dense, shape=(3,))
    yield seq(["TimeDistributed", {"layer": dense}], shape=(3,))
    yield seq(["Bidirectional", {"layer": dense}], shape=(2, 3))
    yield seq(
        ["Embedding", {"input_dim": 4, "output_dim": 2, "mask_zero": True}],
        ["Flatten", {}],
        dense,
        shape=(3,),
        dtype="int32",
    )
    yield seq(["Dropout", {"rate": 1.5}], dense)
    yield seq(["Dense", {"units": 2, "activation": "no_such_activation"}])
    yield seq(
        ["Conv2D", {"filters": 2, "kernel_size": 1, "padding": "full"}],
        ["Flatten", {}],
        dense,
        shape=(3, 3, 1),
    )
    yield seq(
        ["UpSampling2D", {"size": 2, "interpolation": "cubic"}],
        ["Flatten", {}],
        dense,
        shape=(3, 3, 1),
    )
    yield seq(["GlobalAveragePooling2D", {}], dense, shape=(3, 2))
    yield seq(["SeparableConv2D", {"filters": 2, "kernel_size": 1}], dense, shape=(3,))
    yield seq(["DepthwiseConv2D", {"kernel_size": 4}], ["Flatten", {}], dense, shape=(3, 3, 1))
    yield seq(["Softmax", {"axis": 3}], dense)
    # merges
    for merge, shapes in (
        ("Add", ([2], [3])),
        ("Multiply", ([2], [3])),
        ("Concatenate", ([2, 2], [3, 3])),
        ("Dot", ([2], [3])),
        ("Subtract", ([2], [2])),
    ):
        nodes = [[[merge, {"axes": 1} if merge == "Dot" else {}], [0, 1], {}], [dense, [2], {}]]
        if merge == "Subtract":  # three inputs
            nodes = [[["Subtract", {}], [0, 1, 1], {}], [dense, [2], {}]]
        program = _base(rng)
        program["model"] = {"inputs": [[s, "float32"] for s in shapes], "nodes": nodes}
        program["data"]["x"] = [_floats_of(rng, [6, *s]) for s in shapes]
        yield program
    # compile and data
    yield _with(_base(rng), "compile.loss", "no_such_loss")
    yield _with(_base(rng), "compile.optimizer", "no_such_optimizer")
    yield _with(_base(rng), "compile.metrics", ["no_such_metric"])
    yield _with(_base(rng), "data.y", _floats_of(rng, [5, 2]))
    yield _with(_base(rng), "data.y", _floats_of(rng, [6, 3]))
    yield _with(_base(rng), "data.x", _floats_of(rng, [6, 4]))
    yield _with(_base(rng), "fit.sample_weight", encode(np.ones(4, np.float32)))
    yield _with(_base(rng), "fit.validation_split", 1.5)
    yield _with(_base(rng), "compile.loss", ["CategoricalCrossentropy", {"no_such": 1}])
    yield _with(_base(rng), "compile.loss", ["a", "b", "c"])
    yield _with(
        _base(rng), "fit.validation_data", [_floats_of(rng, [3, 4]), _floats_of(rng, [3, 2])]
    )


def _masked_bidirectional_family(rng):
    """Bidirectional layers over masked sequences, their outputs read directly (Flatten):
    the masked steps of the sequences they return are zeros (Keras' zero_output_for_mask),
    of a single output the last unmasked step's."""
    for i in range(12):
        n, t, f = int(rng.integers(4, 7)), int(rng.integers(2, 5)), int(rng.integers(1, 3))
        layer = [
            _pick(rng, ("LSTM", "GRU", "SimpleRNN")),
            {
                "units": int(rng.integers(1, 3)),
                "return_sequences": i % 4 != 3,
                "go_backwards": bool(rng.random() < 0.3),
            },
        ]
        mode = ("concat", "sum", "ave", "mul")[i % 4]
        layers = [
            ["Masking", {"mask_value": 0.0}],
            ["Bidirectional", {"layer": layer, "merge_mode": mode}],
        ]
        if layer[1]["return_sequences"]:
            layers.append(["Flatten", {}])
        units = _head(rng, layers, 1)
        model = _sequential([[[t, f], "float32"]], layers)
        program = _regression(rng, model, [t, f], units, False, n)
        program["data"]["x"] = encode(_masked_sequences(rng, n, t, f))
        yield program
    for i in range(6):  # the same over RNN(cell)
        n, t, f = int(rng.integers(4, 7)), int(rng.integers(2, 5)), int(rng.integers(1, 3))
        cell = [_pick(rng, ("LSTMCell", "GRUCell", "SimpleRNNCell")), {"units": 2}]
        layer = ["RNN", {"cell": cell, "return_sequences": i < 4}]
        layers = [
            ["Masking", {"mask_value": 0.0}],
            ["Bidirectional", {"layer": layer, "merge_mode": ("concat", "sum")[i % 2]}],
        ]
        if i < 4:
            layers.append(["Flatten", {}])
        units = _head(rng, layers, 1)
        model = _sequential([[[t, f], "float32"]], layers)
        program = _regression(rng, model, [t, f], units, False, n)
        program["data"]["x"] = encode(_masked_sequences(rng, n, t, f))
        yield program


def _stateful_family(rng):
    """Stateful recurrent layers: each batch starts from the states the last one left
    (predict, fit, evaluate and *_on_batch in turn, never reset), batches of a fixed size."""
    for i in range(6):
        batch, t, f = 2, int(rng.integers(2, 4)), int(rng.integers(1, 3))
        n = batch * int(rng.integers(2, 4))
        layer = [
            ("LSTM", "GRU", "SimpleRNN")[i % 3],
            {
                "units": 2,
                "stateful": True,
                "return_sequences": i < 3,
                "go_backwards": bool(rng.random() < 0.5),
            },
        ]
        layers = [layer, ["Flatten", {}]] if i < 3 else [layer]
        units = _head(rng, layers, 1)
        model = {**_sequential([[[t, f], "float32"]], layers), "batch": batch}
        program = _regression(rng, model, [t, f], units, False, n)
        program["data"]["batch_size"] = batch
        program["on_batch"] = False  # a whole-data batch is not the model's fixed one
        yield program


FAMILIES = {
    "dense": _dense_family,
    "conv1d": _conv_family(1, 24),
    "conv2d": _conv_family(2, 32),
    "conv3d": _conv_family(3, 12),
    "rnn": _rnn_family,
    "embedding": _embedding_family,
    "functional": _functional_family,
    "train": _train_family,
    "two_heads": _two_heads_family,
    "uneven_heads": _uneven_heads_family,
    "invalid": _invalid_family,
    "masked_bidirectional": _masked_bidirectional_family,
    "stateful": _stateful_family,
}


def programs(prefix: str = "") -> dict:
    return fuzzkit.programs(FAMILIES, prefix)


def main() -> None:
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # TF1's tf.keras is tf_keras
    # Another prefix draws other programs (hunting); named families, only theirs.
    prefix = sys.argv[1] if len(sys.argv) > 1 else ""
    drawn = programs(prefix)
    if len(sys.argv) > 2:
        drawn = {k: v for k, v in drawn.items() if k.split(".")[0] in sys.argv[2:]}

    def observe_one(tf, program):
        sys.stderr.write(f"{next(count)}/{len(drawn)}\n")
        return observe(tf, program)

    count = iter(range(1, len(drawn) + 1))
    fuzzkit.record(drawn, observe_one)


if __name__ == "__main__":
    main()
