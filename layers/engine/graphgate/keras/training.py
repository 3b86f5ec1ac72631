"""The graph-mode training machinery behind `Model.compile/fit/evaluate/predict`: one set
of ops built per compile (targets, loss, metrics, train op), then Python loops over
batches that feed them, aggregating per-epoch values as TF1's Keras does (the loss and
the metrics averaged over samples)."""

from __future__ import annotations

import sys
import time
from typing import Any, NamedTuple

import numpy as np

import graphgate as _tf

from ..errors import error
from ..graph import Tensor
from . import backend as K
from . import callbacks as cbks
from . import losses as _losses
from . import metrics as _metrics


class Compiled(NamedTuple):
    targets: list  # the outputs' target placeholders, then their sample-weight placeholders
    names: list[str]
    fetches: list  # [total loss, each metric's statistics...]
    train_op: Any
    n_losses: int  # how many of `fetches` are losses (per batch); the rest are statistics
    metrics: list  # the Metric objects (per-output losses first), in `names` order

    def results(self, sums: Any) -> list[float]:
        """The metrics' values from summed statistics (the fetches after the losses)."""
        out, at = [], 0
        for m in self.metrics:
            if m.stateful:
                out.append(float(sums[at]))
                at += 1
                continue
            out.append(m.result(np.asarray(sums[at : at + m.n_stats], dtype=np.float64)))
            at += m.n_stats
        return out

    def latest(self) -> np.ndarray:
        """Which statistics are running values a metric keeps itself (replaced each
        batch rather than summed)."""
        flags = [f for m in self.metrics for f in ([True] if m.stateful else [False] * m.n_stats)]
        return np.asarray(flags, dtype=bool)


_ACCURACY = ("accuracy", "acc")


class _OutputLoss(_metrics.Metric):
    """A multi-output model's `<output>_loss`: TF1's Keras keeps it as a stateful Mean of
    the batches' loss values (each batch counts once, whatever its size), so over an
    epoch of unequal batches it is not the mean over samples, and `train_on_batch` after
    `evaluate` reports over both, as the other metrics."""

    def __init__(self, loss: Tensor, name: str):
        self.name, self._loss = name, loss

    def stats(self, y_true: Any, y_pred: Any) -> list:
        return [_tf.cast(self._loss, _tf.float32), _tf.constant(1.0)]


def _metric_object(metric: Any, loss_fn: Any, output: Tensor) -> Any:
    """The Metric for a `compile(metrics=...)` entry: 'acc' resolves by the loss and the
    output's width, as TF1's Keras does; a function is averaged under its name."""
    if isinstance(metric, _metrics.Metric):
        return metric
    if metric in _ACCURACY or metric in _CROSSENTROPY:
        return _metrics.MeanMetricWrapper(*_by_loss(metric in _ACCURACY, loss_fn, output))
    fn = _metrics.get(metric)
    name = getattr(fn, "__name__", str(metric))
    return _metrics.MeanMetricWrapper(fn, _losses.KERAS_NAMES.get(name, name))


_CROSSENTROPY = ("crossentropy", "ce")


def _by_loss(accuracy: bool, loss_fn: Any, output: Tensor) -> tuple:
    """'acc' or 'ce' as the loss and the output's width make it: sparse categorical,
    binary (one unit or a binary loss), or categorical, as TF1's Keras resolves them."""
    fn = getattr(loss_fn, "fn", loss_fn)  # a Loss object's function
    if output.static_shape[-1] == 1 or fn is _losses.binary_crossentropy:
        kind = 1
    elif fn is _losses.sparse_categorical_crossentropy:
        kind = 0
    else:
        kind = 2
    if accuracy:
        fns = (
            _metrics.sparse_categorical_accuracy,
            _metrics.binary_accuracy,
            _metrics.categorical_accuracy,
        )
        return fns[kind], "acc"
    fns = (
        _losses.sparse_categorical_crossentropy,
        _losses.binary_crossentropy,
        _losses.categorical_crossentropy,
    )
    return fns[kind], "ce"


def _per_output(value: Any, n: int, what: str) -> list:
    if isinstance(value, (list, tuple)):
        if len(value) != n:
            raise ValueError(
                f"When passing a list as {what}, it should have one entry per "
                f"model output. The model has {n} outputs, but you passed "
                f"{what}={value}"
            )
        return list(value)
    return [value] * n


def _by_output(value: Any, out_names: list, what: str, missing: Any) -> Any:
    """A dict keyed by output layer names as the per-output list (Keras' other spelling);
    an output the dict leaves out gets `missing` (a loss is required for every output)."""
    if not isinstance(value, dict):
        return value
    unknown = set(value) - set(out_names)
    if unknown:
        raise ValueError(
            f"Unknown entries in {what} dictionary: {sorted(unknown)}. Only "
            f"expected the following keys: {out_names}"
        )
    if missing is None and len(value) < len(out_names):
        absent = [o for o in out_names if o not in value]
        raise error("UNIMPLEMENTED", f"an output without a loss ({absent})")
    items = [value.get(o, missing) for o in out_names]
    if what == "metrics":
        return [list(m) if isinstance(m, (list, tuple)) else [m] for m in items]
    return items


def _weights_shape(mode: Any) -> list:
    """A sample-weight placeholder's shape: one weight per sample, or with
    `sample_weight_mode="temporal"` one per sample and time step."""
    if mode is None or mode == "samplewise":
        return [None]
    if mode == "temporal":
        return [None, None]
    raise ValueError(f'"sample_weight_mode should be None or "temporal". Found: {mode}')


def _broadcast(weights: Tensor, values: Tensor) -> Tensor:
    """Per-sample (or per-step) weights shaped to multiply `values`."""
    w = _tf.cast(weights, values.dtype)
    for _ in range(len(values.static_shape) - len(w.static_shape)):
        w = _tf.expand_dims(w, -1)
    return w


def _mean_loss(fn, target, output, weights, mask=None) -> Tensor:
    """Keras' sum-over-batch-size reduction: sum(loss * sample weight) / number of values
    (the plain mean when the weights are ones); a Loss object weighs and reduces itself.
    A masked output's loss is over its unmasked values: sum(loss * weight * mask) /
    sum(mask), as tf_keras' `apply_valid_mask`."""
    if mask is not None:
        if isinstance(fn, _losses.Loss) and fn.reduction not in ("auto", "sum_over_batch_size"):
            raise error("UNIMPLEMENTED", f"a masked output with reduction={fn.reduction!r}")
        values = (fn.call if isinstance(fn, _losses.Loss) else fn)(target, output)
        mask = _tf.cast(mask, values.dtype)
        weighted = values * _broadcast(weights, values) * mask
        return _tf.reduce_sum(weighted) / _tf.reduce_sum(mask)
    if isinstance(fn, _losses.Loss):
        value = fn(target, output, sample_weight=weights)
        if value.static_shape != ():
            raise ValueError(
                "The loss of a model output must reduce to a scalar; a Loss with "
                f"reduction={fn.reduction!r} gives shape {value.static_shape}"
            )
        return value
    values = fn(target, output)
    if values.static_shape == ():
        return values
    count = _tf.cast(_tf.size(values), values.dtype)
    return _tf.reduce_sum(values * _broadcast(weights, values)) / count


def build_training(
    model,
    loss,
    metrics,
    loss_weights,
    weighted_metrics=None,
    sample_weight_mode=None,
    target_ranks=None,
) -> Compiled:
    """Targets `<output layer>_target`, the total loss (weighted output losses plus the
    layers' regularization losses), metrics, and the train op that runs after them (with
    the layers' updates and weight constraints)."""
    from .engine import keras_mask

    graph = model.outputs[0].op.graph
    n = len(model.outputs)
    if loss is None:
        return _added_losses_only(model, graph, metrics or weighted_metrics)
    masks = [keras_mask(t) for t in model.outputs]
    with graph.as_default():
        out_names = [keras_name(t) for t in model.outputs]
        loss = _by_output(loss, out_names, "loss", None)
        loss_fns = [_losses.get(x) for x in _per_output(loss, n, "loss")]
        loss_weights = _by_output(loss_weights, out_names, "loss_weights", 1.0)
        weights = _per_output(1.0 if loss_weights is None else loss_weights, n, "loss_weights")
        metrics = _by_output(metrics, out_names, "metrics", [])
        targets, names, out_losses, metric_stats, objects = [], ["loss"], [], [], []
        with _tf.name_scope(None):
            ranks = target_ranks or [len(out.static_shape) for out in model.outputs]
            for out, name, rank in zip(model.outputs, out_names, ranks, strict=True):
                ph = _tf.placeholder(out.dtype, [None] * rank, name=name + "_target")
                targets.append(ph)
            modes = _by_output(sample_weight_mode, out_names, "sample_weight_mode", None)
            # With a default of ones, as TF's: a hand-written loop over model.total_loss
            # need not feed them.
            weights_in = [
                _tf.placeholder_with_default(
                    np.ones([1] * len(_weights_shape(mode)), np.float32),
                    _weights_shape(mode),
                    name=name + "_sample_weights",
                )
                for name, mode in zip(
                    out_names, _per_output(modes, n, "sample_weight_mode"), strict=True
                )
            ]
        with _tf.name_scope("loss"):
            for fn, t, out, w, mask in zip(
                loss_fns, targets, model.outputs, weights_in, masks, strict=True
            ):
                out_losses.append(_mean_loss(fn, t, out, w, mask))
            total = _tf.add_n([w * lo for w, lo in zip(weights, out_losses, strict=True)])
            if model.losses:
                total = total + _tf.add_n(model.losses)
        per_out_metrics = _metrics_per_output(metrics, out_names)
        weighted = _metrics_per_output(
            _by_output(weighted_metrics or [], out_names, "weighted_metrics", []), out_names
        )
        metric_names = []
        with _tf.name_scope("metrics"):
            # TF's order: each output's metrics, then its weighted metrics.
            for i, (fn, t, out, w, mask) in enumerate(
                zip(loss_fns, targets, model.outputs, weights_in, masks, strict=True)
            ):
                # A masked output's metrics are weighted by its mask, as TF's.
                mask = None if mask is None else _tf.cast(mask, _tf.float32)
                masked_w = w if mask is None else _broadcast(w, mask) * mask
                entries = [(m, mask, False) for m in per_out_metrics[i]]
                entries += [(m, masked_w, True) for m in weighted[i]]
                seen = set()
                for m, sample_weight, is_weighted in entries:
                    metric, stats = _metric_stats(m, fn, t, out, sample_weight, is_weighted)
                    if metric.name in seen:  # TF keeps an output's metrics by name
                        continue
                    seen.add(metric.name)
                    metric_names.append(metric.name if n == 1 else f"{out_names[i]}_{metric.name}")
                    metric_stats += stats
                    objects.append(metric)
        if n > 1:
            per_out = [
                _OutputLoss(lo, f"{o}_loss") for lo, o in zip(out_losses, out_names, strict=True)
            ]
            names += [m.name for m in per_out]
            metric_stats = [t for m in per_out for t in m.stats(None, None)] + metric_stats
            objects = per_out + objects
        names += metric_names
        fetches = [total, *metric_stats]
        train_op = _train_op(model, total, fetches)
    return Compiled(targets + weights_in, names, fetches, train_op, 1, objects)


def _added_losses_only(model: Any, graph: Any, metrics: Any) -> Compiled:
    """`compile(loss=None)` on a model whose losses all come from `add_loss` (and the
    layers' regularizers), as Keras' VAE examples: no targets, the loss their sum."""
    if metrics:
        raise error("UNIMPLEMENTED", "metrics on a model compiled without a loss")
    if not model.losses:
        raise ValueError("The model cannot be compiled because it has no loss to optimize.")
    with graph.as_default(), _tf.name_scope("loss"):
        total = _tf.add_n(model.losses)
        train_op = _train_op(model, total, [total])
    return Compiled([], ["loss"], [total], train_op, 1, [])


def _metrics_per_output(metrics: Any, out_names: list) -> list:
    """compile's metrics as one list per output (a list of lists, or one list for all)."""
    if isinstance(metrics, list) and metrics and isinstance(metrics[0], list):
        return _per_output(metrics, len(out_names), "metrics")
    return [list(metrics)] * len(out_names)


def _metric_stats(entry, loss_fn, target, output, weights, weighted=False):
    """The Metric for a compile entry and its statistics: with `weights` (the sample
    weights of a `weighted_metrics` entry, or a masked output's mask) the weighted mean;
    a weighted entry named `weighted_<name>` as TF's."""
    metric = _metric_object(entry, loss_fn, output)
    if metric.stateful:  # a user's Metric subclass: its running result, kept by itself
        return metric, [metric.running_value(target, output, weights)]
    if weights is None:
        return metric, metric.stats(target, output)
    if not isinstance(metric, _metrics.MeanMetricWrapper):
        raise error("UNIMPLEMENTED", f"the weighted metric {metric.name!r} (a mean is supported)")
    if weighted and not isinstance(entry, _metrics.Metric):
        metric = _metrics.MeanMetricWrapper(metric._fn, "weighted_" + metric.name)
    return metric, metric.weighted_stats(target, output, weights)


def keras_name(t: Tensor) -> str:
    from .engine import keras_history

    entry = keras_history(t)
    return entry[0].name if entry else t.op.name.split("/")[0]


def _updates_for_inputs(model: Any) -> list:
    """TF's `get_updates_for(inputs)`: an update computed from a placeholder the model is
    not fed (a nested model's own Input, as a BatchNormalization built inside it makes
    one) belongs to that other model."""
    fed = {t.op for t in model.inputs}
    kept = []
    for update in model.updates:
        stack, seen, foreign = [update if hasattr(update, "type") else update.op], set(), False
        while stack and not foreign:
            op = stack.pop()
            if op in seen:
                continue
            seen.add(op)
            foreign = op.type == "Placeholder" and op not in fed
            stack += [t.op for t in op.inputs] + list(op.control_inputs)
        if not foreign:
            kept.append(update)
    return kept


def _constraints(layer: Any) -> dict:
    """{weight: constraint} of `layer` and every layer within it: a model's layers, and
    the layers a layer holds (Bidirectional's two, TimeDistributed's), as Keras applies
    each weight's constraint after its update wherever the weight's layer sits."""
    found = dict(getattr(layer, "_constraints", {}))
    for inner in [*getattr(layer, "_sublayers", []), *getattr(layer, "layers", [])]:
        if inner is not layer:
            found.update(_constraints(inner))
    return found


def _train_op(model: Any, total: Tensor, fetches: list) -> Any:
    """Keras' order: the updates run after the loss and metrics of the same batch."""
    params = model.trainable_weights
    with _tf.control_dependencies(fetches):
        ops = [model.optimizer.minimize(total, var_list=params)] if params else []
        ops += _updates_for_inputs(model)
    constrained = list(_constraints(model).items())
    if constrained:
        with _tf.control_dependencies(ops):
            ops += [_tf.assign(w, c(w)) for w, c in constrained]
    return _tf.group(*ops) if ops else _tf.no_op()


# -- data ----------------------------------------------------------------------------------------


def _arrays(data: Any, tensors: list, what: str, keys: list | None = None) -> list[np.ndarray]:
    """The arrays for `tensors` from one array, a list, or a dict keyed by the Keras names
    `keys` (the inputs', or the outputs' for targets)."""
    items = list(data) if isinstance(data, (list, tuple)) else [data]
    if isinstance(data, dict):
        keys = keys or [keras_name(t) for t in tensors]
        missing = [k for k in keys if k not in data]
        if missing:
            raise ValueError(
                f"No data provided for {missing[0]!r}. Need data for each key in: {keys}"
            )
        items = [data[k] for k in keys]
    if len(items) != len(tensors):
        raise ValueError(
            f"Error when checking model {what}: the list of Numpy arrays that you are "
            f"passing to your model is not the size the model expected. Expected to "
            f"see {len(tensors)} array(s), but instead got {len(items)} arrays."
        )
    out = []
    for a, t in zip(items, tensors, strict=True):
        if isinstance(a, Tensor) or hasattr(a, "make_one_shot_iterator"):
            raise error(
                "UNIMPLEMENTED",
                "fit, evaluate and predict take numpy arrays here; "
                "tensors and tf.data datasets as inputs are not supported",
            )
        a = np.asarray(a)
        if a.ndim == 1 and len(t.static_shape) == 2:
            a = a[:, None]  # Keras' rule: a vector feeds a [batch, 1] input
        expected = t.static_shape
        if a.ndim != len(expected):
            raise ValueError(
                f"Error when checking {what}: expected {keras_name(t)} to have "
                f"{len(expected)} dimensions, but got array with shape {a.shape}"
            )
        for d, e in zip(a.shape[1:], expected[1:], strict=True):
            if e is not None and d != e:
                raise ValueError(
                    f"Error when checking {what}: expected {keras_name(t)} to have "
                    f"shape {tuple(expected[1:])} but got array with shape "
                    f"{a.shape[1:]}"
                )
        out.append(a)
    sizes = {len(a) for a in out}
    if len(sizes) > 1:
        raise ValueError(
            f"All input arrays (x) should have the same number of samples. Got array "
            f"shapes: {[a.shape for a in out]}"
        )
    return out


def _labelled(model: Any, y: Any, sample_weight: Any = None, class_weight: Any = None) -> list:
    """The target arrays, then each output's per-sample weights (ones unless given, or
    derived from `class_weight` by each sample's class, as Keras does)."""
    n = len(model.outputs)
    if not model._training().targets:  # compiled without a loss: nothing to feed
        return []
    targets = model._training().targets[:n]
    if y is None:  # TF runs the loss with its target placeholder unfed
        raise error(
            "MISSING_FEED",
            f"You must feed a value for placeholder tensor '{targets[0].op.name}'",
            node=targets[0].op.name,
        )
    ys = _arrays(y, targets, "target", [keras_name(t) for t in model.outputs])
    names = [keras_name(t) for t in model.outputs]
    given = _per_output_weights(sample_weight, names, "sample_weight")
    classes = _per_output_weights(class_weight, names, "class_weight")
    ranks = [len(t.static_shape) for t in model._training().targets[n:]]
    return ys + [
        _weights_for(a, sw, cw, rank)
        for a, sw, cw, rank in zip(ys, given, classes, ranks, strict=True)
    ]


def _per_output_weights(value: Any, names: list, what: str) -> list:
    """`sample_weight` or `class_weight` as one entry per output, as TF's
    `standardize_sample_or_class_weights`: a list in output order, a dict keyed by
    output names, or (one output) the value itself."""
    if value is None or (isinstance(value, (list, tuple)) and not value):
        return [None] * len(names)
    if len(names) == 1:
        if isinstance(value, (list, tuple)) and len(value) == 1:
            return list(value)
        if isinstance(value, dict) and names[0] in value:
            return [value[names[0]]]
        return [value]
    if isinstance(value, (list, tuple)):
        if len(value) != len(names):
            raise ValueError(
                f"Provided `{what}` was a list of {len(value)} elements, but the model has "
                f"{len(names)} outputs. You should provide one `{what}`array per model output."
            )
        return list(value)
    if isinstance(value, dict):
        unknown = [k for k in value if k not in names]
        if unknown:
            raise ValueError(
                f"Unknown entries in {what} dictionary: {unknown}. Only expected following "
                f"keys: {names}"
            )
        return [value.get(name) for name in names]
    raise TypeError(
        f"The model has multiple outputs, so `{what}` should be either a list or a dict. "
        f"Provided `{what}` type not understood: {value!r}"
    )


def _weights_for(y: np.ndarray, sample_weight: Any, class_weight: Any, rank: int = 1):
    """Per-sample (rank 2: per-step) weights: `sample_weight`, times each sample's class
    weight when both are given (as TF's `standardize_weights`)."""
    w = np.ones(y.shape[:rank], np.float32)
    if sample_weight is not None:
        w = np.asarray(sample_weight, dtype=np.float32)
        if w.shape != y.shape[:rank]:
            raise ValueError(
                f"Found a sample_weight array with shape {w.shape} for an input with shape "
                f"{y.shape}. sample_weight cannot be broadcast."
            )
    if not class_weight:
        return w
    if rank > 1:
        raise ValueError("`class_weight` not supported for 3+ dimensional targets.")
    return _class_weights(y, class_weight) * w


def _class_weights(y: np.ndarray, class_weight: dict) -> np.ndarray:
    if y.ndim == 2 and y.shape[1] > 1:
        classes = np.argmax(y, axis=1)
    else:
        classes = np.reshape(y, (len(y),)).astype(np.int64)
    missing = set(classes.tolist()) - set(class_weight)
    if missing:
        raise ValueError(
            f"`class_weight` must contain all classes in the data. The classes "
            f"{missing} exist in the data but not in `class_weight`."
        )
    return np.array([class_weight[c] for c in classes.tolist()], np.float32)


def _feed(model: Any, xs: list, ys: list | None, idx: Any, train: bool) -> dict:
    feed = {t: a[idx] for t, a in zip(model.inputs, xs, strict=True)}
    if ys is not None:
        compiled = model._training()
        feed.update({t: a[idx] for t, a in zip(compiled.targets, ys, strict=True)})
    phase = K._phase_placeholder(model.outputs[0].op.graph)
    if phase is not None:
        feed[phase] = train
    return feed


def _batches(n: int, batch_size: int | None, steps: int | None = None) -> list:
    """Each batch's rows; with `steps` (numpy arrays in TF's steps mode) every step is
    all the rows, as TF feeds the whole arrays once per step."""
    if steps is not None:
        return [np.arange(n)] * steps
    if batch_size is None:
        return [np.arange(n)]
    return [np.arange(i, min(i + batch_size, n)) for i in range(0, n, batch_size)]


class MetricState:
    """TF1 Keras' metrics are stateful: their statistics summed since the last reset,
    shared by fit, evaluate and the *_on_batch calls (so `train_on_batch` after
    `evaluate` reports over both, as TF's does)."""

    def __init__(self, model: Any = None) -> None:
        self.sums: np.ndarray | None = None
        self._model = model

    def reset(self) -> None:
        self.sums = None
        compiled = getattr(self._model, "_compiled", None)
        for m in compiled.metrics if compiled is not None else []:
            if m.stateful:
                m.reset_states()

    def add(self, stats: Any) -> np.ndarray:
        stats = np.asarray(stats, dtype=np.float64)
        if self.sums is None:
            self.sums = stats
        else:
            latest = self._model._training().latest()
            self.sums = np.where(latest, stats, self.sums + stats)
        return self.sums


def _state(model: Any) -> MetricState:
    if "_metric_state" not in model.__dict__:
        model.__dict__["_metric_state"] = MetricState(model)
    return model.__dict__["_metric_state"]


def run_batch(model: Any, x: Any, y: Any, train: bool, reset: bool = True, weights=(None, None)):
    compiled = model._training()
    xs = _arrays(x, model.inputs, "input")
    ys = _labelled(model, y, *weights)
    _same_count(xs, ys)
    sess = K.get_session()
    idx = np.arange(len(xs[0]))
    fetches = [compiled.fetches, compiled.train_op if train else model.state_updates]
    values = [float(v) for v in sess.run(fetches, _feed(model, xs, ys, idx, train))[0]]
    k = compiled.n_losses
    state = _state(model)
    if len(values) > k:
        values[k:] = compiled.results(state.add(values[k:]))
    if reset:
        state.reset()
    return _returned(values)


def _run_epoch(model, sess, xs, ys, index, batch_size, train, callbacks=None, steps=None):
    compiled = model._training()
    k = compiled.n_losses
    losses, seen = np.zeros(k), 0
    state = _state(model)
    state.reset()
    fetches = [compiled.fetches, compiled.train_op if train else model.state_updates]
    hook = "on_train_batch" if train else "on_test_batch"
    for b, idx in enumerate(_batches(len(index), batch_size, steps)):
        rows = index[idx]
        if callbacks is not None:
            callbacks.call(f"{hook}_begin", b, {"batch": b, "size": len(rows)})
        values = sess.run(fetches, _feed(model, xs, ys, rows, train))[0]
        losses += np.asarray(values[:k], dtype=np.float64) * len(rows)
        seen += len(rows)
        sums = state.add(values[k:])
        if callbacks is not None:
            logs = {"batch": b, "size": len(rows)}
            batch_values = [float(v) for v in values[:k]] + compiled.results(sums)
            logs.update(dict(zip(compiled.names, batch_values, strict=True)))
            callbacks.call(f"{hook}_end", b, logs)
        if model.stop_training and train:
            break
    metrics = compiled.results(state.sums) if state.sums is not None else []
    # Over the samples seen: a callback may stop training mid-epoch (TF's value then).
    return [float(v) for v in losses / max(seen, 1)] + metrics


def _test_pass(model, xs, ys, batch_size, calls=None, shuffle=False, steps=None) -> list:
    """One pass of evaluation (evaluate's, or fit's validation) with the test hooks."""
    if calls is not None:
        calls.call("on_test_begin", {})
    index = _shuffled(len(xs[0]), shuffle if steps is None else False, batch_size)
    values = _run_epoch(model, K.get_session(), xs, ys, index, batch_size, False, calls, steps)
    if calls is not None:
        calls.call("on_test_end", {})
    return values


def _callback_list(model: Any, callbacks: Any, batch_size: Any, samples: int) -> Any:
    """The callbacks of an evaluate or predict, with TF's parameters; None without any."""
    if not callbacks:
        return None
    params = {
        "batch_size": batch_size,
        "epochs": 1,
        "steps": None,
        "samples": samples,
        "verbose": 0,
        "do_validation": False,
        "metrics": list(model._training().names) if getattr(model, "_compile_args", None) else [],
    }
    return cbks.CallbackList(list(callbacks), model, params)


def test_loop(model, x, y, batch_size, sample_weight=None, callbacks=None, steps=None) -> Any:
    xs = _arrays(x, model.inputs, "input")
    ys = _labelled(model, y, sample_weight)
    _same_count(xs, ys)
    calls = _callback_list(model, callbacks, batch_size, len(xs[0]))
    return _returned(_test_pass(model, xs, ys, batch_size, calls, steps=steps))


def _returned(values: list) -> Any:
    """What evaluate and the *_on_batch calls return: numpy float32 scalars, as TF's
    (their History values stay Python floats), one alone or a list."""
    values = [np.float32(v) for v in values]
    return values[0] if len(values) == 1 else values


def predict_loop(model, x, batch_size, callbacks=None, steps=None) -> Any:
    xs = _arrays(x, model.inputs, "input")
    sess = K.get_session()
    calls = _callback_list(model, callbacks, batch_size, len(xs[0]))
    if calls is not None:
        calls.call("on_predict_begin", {})
    parts = []
    for b, idx in enumerate(_batches(len(xs[0]), batch_size, steps)):
        logs = {"batch": b, "size": len(idx)}
        if calls is not None:
            calls.call("on_predict_batch_begin", b, logs)
        ran = sess.run([model.outputs, model.state_updates], _feed(model, xs, None, idx, False))
        parts.append(ran[0])
        if calls is not None:
            outputs = parts[-1][0] if len(parts[-1]) == 1 else parts[-1]
            calls.call("on_predict_batch_end", b, {**logs, "outputs": outputs})
    if calls is not None:
        calls.call("on_predict_end", {})
    return _stacked(model, parts)


def _same_count(xs: list, ys: list) -> None:
    if xs and ys and len(xs[0]) != len(ys[0]):
        raise ValueError(
            "Input arrays should have the same number of samples as target arrays. Found "
            f"{len(xs[0])} input samples and {len(ys[0])} target samples."
        )


def _split(model, x, y, options):
    xs = _arrays(x, model.inputs, "input")
    ys = _labelled(model, y, options.sample_weight, options.class_weight)
    _same_count(xs, ys)
    val = None
    validation_data, validation_split = options.validation_data, options.validation_split
    if validation_data is None and not 0.0 < validation_split < 1.0 and options.validation_steps:
        raise ValueError("`validation_steps` should not be specified if `validation_data` is None.")
    if validation_data is not None:
        vx, vy = validation_data[0], validation_data[1]
        vsw = validation_data[2] if len(validation_data) > 2 else None
        val = (_arrays(vx, model.inputs, "input"), _labelled(model, vy, vsw))
    elif validation_split and 0.0 < validation_split < 1.0:  # TF ignores others
        cut = int(len(xs[0]) * (1.0 - validation_split))
        val = ([a[cut:] for a in xs], [a[cut:] for a in ys])
        xs, ys = [a[:cut] for a in xs], [a[:cut] for a in ys]
    return xs, ys, val


class FitOptions(NamedTuple):
    batch_size: int
    epochs: int
    verbose: int
    callbacks: list
    validation_split: float
    validation_data: Any
    shuffle: bool
    initial_epoch: int
    validation_freq: Any
    sample_weight: Any = None
    class_weight: Any = None
    steps_per_epoch: int | None = None
    validation_steps: int | None = None


def _validates(freq: Any, epoch: int) -> bool:
    """Whether epoch (0-based) ends with validation: every `freq` epochs, or the listed ones."""
    if isinstance(freq, int):
        return (epoch + 1) % freq == 0
    return epoch + 1 in freq


def _shuffled(n: int, shuffle: Any, batch_size: int) -> np.ndarray:
    """The epoch's sample order, drawn from numpy's global stream as TF's Keras draws it;
    `shuffle="batch"` shuffles whole batches and keeps a partial last one last."""
    index = np.arange(n)
    if shuffle == "batch":
        whole = n // batch_size * batch_size
        blocks = index[:whole].reshape((n // batch_size, batch_size))
        np.random.shuffle(blocks)
        return np.append(blocks.flatten(), index[whole:])
    if shuffle:
        np.random.shuffle(index)
    return index


def fit_loop(model: Any, x: Any, y: Any, options: FitOptions) -> cbks.History:
    batch_size, epochs, verbose, callbacks = options[:4]
    shuffle, initial_epoch = options.shuffle, options.initial_epoch
    compiled = model._training()
    xs, ys, val = _split(model, x, y, options)
    names = list(compiled.names) + ([f"val_{n}" for n in compiled.names] if val else [])
    history = cbks.History()
    steps = options.steps_per_epoch
    if steps is not None and val is not None and options.validation_steps is None:
        raise error(
            "UNIMPLEMENTED",
            "validation with steps_per_epoch on numpy arrays needs validation_steps",
        )
    params = {
        "batch_size": batch_size,
        "epochs": epochs,
        "steps": steps,
        "samples": len(xs[0]) if steps is None else steps,
        "verbose": verbose,
        "do_validation": val is not None,
        "metrics": names,
    }
    # Keras' order: the user's callbacks, then History, then the printer, so values the
    # callbacks log (LearningRateScheduler's 'lr') are recorded and printed.
    calls = cbks.CallbackList([*callbacks, history], model, params)
    model.history, model.stop_training = history, False
    sess = K.get_session()
    if verbose:
        extra = f", validate on {len(val[0][0])} samples" if val is not None else ""
        sys.stdout.write(f"Train on {len(xs[0])} samples{extra}\n")
    calls.call("on_train_begin", {})
    for epoch in range(initial_epoch, epochs):
        calls.call("on_epoch_begin", epoch, {})
        start = time.perf_counter()
        index = _shuffled(len(xs[0]), shuffle if steps is None else False, batch_size)
        values = _run_epoch(model, sess, xs, ys, index, batch_size, True, calls, steps)
        logs = dict(zip(compiled.names, values, strict=True))
        # TF skips the validation of an epoch a callback stopped mid-way.
        if (
            val is not None
            and _validates(options.validation_freq, epoch)
            and not model.stop_training
        ):
            # TF's fit validates with its loop's default shuffle=True, whatever fit's
            # `shuffle`, drawn from numpy's global stream: a multi-output model's
            # per-output loss (a mean of batch means) depends on it over uneven batches.
            v = _test_pass(model, val[0], val[1], batch_size, calls, True, options.validation_steps)
            logs.update({f"val_{k}": value for k, value in zip(compiled.names, v, strict=True)})
        calls.call("on_epoch_end", epoch, logs)
        if verbose:
            _print_epoch(epoch, epochs, len(xs[0]), logs, time.perf_counter() - start, verbose)
        if model.stop_training:
            break
    calls.call("on_train_end", {})
    return history


def _number(value: float) -> str:
    """Keras' progress-bar number: 4 decimals, or 4 significant digits when tiny."""
    return f"{value:.4f}" if abs(value) > 1e-3 else f"{value:.4e}"


def _print_epoch(epoch: int, epochs: int, samples: int, logs: dict, seconds: float, verbose: int):
    """What TF1's Keras prints when an epoch ends: verbose=2's line, or the last state of
    verbose=1's progress bar."""
    values = " - ".join(f"{k}: {_number(v)}" for k, v in logs.items())
    per_sample = seconds / max(samples, 1)
    rate = f"{per_sample * 1e6:.0f}us" if per_sample < 1e-3 else f"{per_sample * 1e3:.0f}ms"
    if epochs > 1:
        sys.stdout.write(f"Epoch {epoch + 1}/{epochs}\n")
    if verbose == 1:
        bar = "=" * 30
        sys.stdout.write(
            f"\r{samples}/{samples} [{bar}] - {seconds:.0f}s {rate}/sample - {values}\n"
        )
    else:
        sys.stdout.write(
            f"{samples}/{samples} - {seconds:.0f}s - {values} - {seconds * 1e3:.0f}ms/epoch - "
            f"{rate}/sample\n"
        )
    sys.stdout.flush()


# -- generators: fit_generator, evaluate_generator, predict_generator ----------------------------


def is_generator(data: Any) -> bool:
    """A Python generator/iterator or a `keras.utils.Sequence` (not arrays or lists)."""
    from .utils import Sequence

    return isinstance(data, Sequence) or (hasattr(data, "__next__") and hasattr(data, "__iter__"))


def _batch_source(data: Any, steps: int | None, what: str, shuffle: bool = False):
    """A function giving batch i, and the number of steps (a Sequence's length by default);
    a Sequence's batches in an order shuffled with Python's `random`, as Keras' enqueuer."""
    import random

    from .utils import Sequence

    if isinstance(data, Sequence):
        order = list(range(len(data)))
        if shuffle:
            random.shuffle(order)
        return (lambda i: data[order[i]]), (len(data) if steps is None else steps)
    if steps is None:
        raise ValueError(
            f"`{what}=None` is only valid for a generator based on the "
            "`keras.utils.Sequence` class. Please specify it or use the Sequence "
            "class."
        )
    return (lambda i: next(data)), steps


def _unpack(batch: Any) -> tuple:
    if not isinstance(batch, tuple) or len(batch) not in (2, 3):
        raise ValueError(
            "Output of generator should be a tuple `(x, y, sample_weight)` or "
            f"`(x, y)`. Found: {batch!r}"
        )
    return batch if len(batch) == 3 else (*batch, None)


def generator_epoch(
    model: Any,
    data: Any,
    steps: int | None,
    train: bool,
    callbacks: Any = None,
    shuffle: bool = False,
    class_weight: Any = None,
) -> list[float]:
    """One pass over `steps` batches, aggregated as TF1's Keras does for generators: the
    metrics accumulate over the pass (`train_on_batch(reset_metrics=False)`, as TF's
    loop); the losses are averaged over samples in training, over steps in evaluation.
    `class_weight` weighs the training batches."""
    get, steps = _batch_source(data, steps, "steps_per_epoch" if train else "steps", shuffle)
    compiled = model._training()
    k = compiled.n_losses
    totals, count, values = np.zeros(k), 0, []
    _state(model).reset()
    for step in range(steps):
        x, y, sw = _unpack(get(step))
        size = len(_first_array(x))
        if callbacks is not None:
            callbacks.call("on_train_batch_begin", step, {"batch": step, "size": size})
        out = run_batch(model, x, y, train, reset=False, weights=(sw, class_weight))
        values = out if isinstance(out, list) else [out]
        weight = size if train else 1
        totals += np.asarray(values[:k], dtype=np.float64) * weight
        count += weight
        if callbacks is not None:
            logs = {"batch": step, "size": size}
            logs.update(dict(zip(compiled.names, values, strict=True)))
            callbacks.call("on_train_batch_end", step, logs)
        if train and model.stop_training:
            break
    return [float(v) for v in totals / max(count, 1)] + [float(v) for v in values[k:]]


def _first_array(x: Any) -> Any:
    return x[0] if isinstance(x, (list, tuple)) else x


def _steps_callbacks(
    model: Any, callbacks: list, epochs: int, steps: int | None, verbose: int, validating: bool
) -> tuple[Any, cbks.History]:
    """The callbacks of a fit counted in steps (generators, datasets), with the History
    last, and the model set up to record into it."""
    names = list(model._training().names)
    names += [f"val_{n}" for n in names] if validating else []
    history = cbks.History()
    params = {
        "epochs": epochs,
        "steps": steps,
        "verbose": verbose,
        "do_validation": validating,
        "metrics": names,
    }
    calls = cbks.CallbackList([*callbacks, history], model, params)
    model.history, model.stop_training = history, False
    return calls, history


def _stacked(model: Any, parts: list) -> Any:
    """Per-batch outputs ([output, ...] each) joined into one array per model output."""
    outs = [np.concatenate([p[i] for p in parts]) for i in range(len(model.outputs))]
    return outs[0] if len(outs) == 1 else outs


def fit_generator_loop(
    model,
    generator,
    steps,
    epochs,
    verbose,
    callbacks,
    validation_data,
    validation_steps,
    initial_epoch,
    shuffle=True,
    class_weight=None,
    validation_freq=1,
) -> cbks.History:
    compiled = model._training()
    val = validation_data is not None
    calls, history = _steps_callbacks(model, callbacks, epochs, steps, verbose, val)
    calls.call("on_train_begin", {})
    for epoch in range(initial_epoch, epochs):
        calls.call("on_epoch_begin", epoch, {})
        start = time.perf_counter()
        logs = dict(
            zip(
                compiled.names,
                generator_epoch(model, generator, steps, True, calls, shuffle, class_weight),
                strict=True,
            )
        )
        if val and _validates(validation_freq, epoch):
            logs.update(
                {
                    f"val_{k}": v
                    for k, v in zip(
                        compiled.names,
                        _validate(model, validation_data, validation_steps),
                        strict=True,
                    )
                }
            )
        if hasattr(generator, "on_epoch_end"):
            generator.on_epoch_end()
        calls.call("on_epoch_end", epoch, logs)
        if verbose:
            _print_epoch(epoch, epochs, steps or 0, logs, time.perf_counter() - start, verbose)
        if model.stop_training:
            break
    calls.call("on_train_end", {})
    return history


def _validate(model: Any, data: Any, steps: int | None) -> list[float]:
    if is_generator(data):
        return generator_epoch(model, data, steps, False)
    x, y, sw = _unpack(tuple(data))
    out = test_loop(model, x, y, 32, sw)
    return out if isinstance(out, list) else [out]


def predict_generator_loop(model: Any, generator: Any, steps: int | None) -> Any:
    get, steps = _batch_source(generator, steps, "steps")
    parts = []
    for step in range(steps):
        batch = get(step)
        x = batch[0] if isinstance(batch, tuple) else batch
        out = predict_loop(model, x, None)
        parts.append(out if isinstance(out, list) else [out])
    return _stacked(model, parts)


# -- tf.data datasets: fit, evaluate and predict in TF1 Keras' steps mode ----------------------


def is_dataset(data: Any) -> bool:
    return hasattr(data, "make_initializable_iterator") and hasattr(data, "element_spec")


def _target_ranks(dataset: Any, n_outputs: int) -> list | None:
    """The ranks of the targets of a dataset of (x, y[, weights]) elements, one per
    output, or None where they are not plain tensors of known rank."""
    shapes = dataset.output_shapes
    if not isinstance(shapes, tuple) or len(shapes) not in (2, 3):
        return None
    ys = list(shapes[1]) if isinstance(shapes[1], tuple | list) else [shapes[1]]
    if len(ys) != n_outputs or not all(getattr(s, "ndims", None) is not None for s in ys):
        return None
    return [s.ndims for s in ys]


class DatasetBatches:
    """A dataset's batches as arrays, pulled through an iterator of the Keras session's
    graph: `start()` (re)initializes it, `next()` gives (x, y, sample_weight) or None at
    the dataset's end."""

    def __init__(self, dataset: Any, targets: bool = True):
        with K.get_session().graph.as_default():
            self._iterator = dataset.make_initializable_iterator()
            self._next = self._iterator.get_next()
        self._targets = targets

    def start(self) -> None:
        K.get_session().run(self._iterator.initializer)

    def next(self) -> tuple | None:
        from ..errors import OutOfRangeError

        try:
            batch = K.get_session().run(self._next)
        except OutOfRangeError:
            return None
        if not self._targets:  # predict: the inputs of (x,), (x, y) or (x, y, weights)
            if isinstance(batch, tuple) and len(batch) in (1, 2, 3):
                return batch[0], None, None
            return batch, None, None
        if not isinstance(batch, list | tuple) or len(batch) not in (2, 3):
            raise ValueError(
                "Please provide model inputs as a list or tuple of 2 or 3 elements: "
                f"(input, target) or (input, target, sample_weights) Received {batch!r}"
            )
        return _unpack(tuple(batch))


def dataset_epoch(
    model: Any, batches: DatasetBatches, steps: int | None, train: bool, callbacks=None
):
    """One epoch over `steps` batches (all of them when None): the losses averaged over
    steps, the metrics over the epoch, as TF1's Keras does for dataset inputs. None when
    the dataset ran out before the first batch."""
    compiled = model._training()
    k = compiled.n_losses
    totals, done, values = np.zeros(k), 0, []
    _state(model).reset()
    while steps is None or done < steps:
        batch = batches.next()
        if batch is None:
            break
        x, y, sw = batch
        if callbacks is not None:
            size = len(_first_array(x))
            callbacks.call("on_train_batch_begin", done, {"batch": done, "size": size})
        out = run_batch(model, x, y, train, reset=False, weights=(sw, None))
        values = out if isinstance(out, list) else [out]
        totals += np.asarray(values[:k], dtype=np.float64)
        if callbacks is not None:
            logs = {"batch": done, "size": len(_first_array(x))}
            logs.update(dict(zip(compiled.names, values, strict=True)))
            callbacks.call("on_train_batch_end", done, logs)
        done += 1
        if train and model.stop_training:
            break
    if not done:
        return None
    return [float(v) for v in totals / done] + [float(v) for v in values[k:]]


def fit_dataset_loop(
    model: Any,
    dataset: Any,
    steps: int | None,
    epochs: int,
    verbose: int,
    callbacks: list,
    validation: tuple,
    initial_epoch: int,
) -> cbks.History:
    """`fit` on a tf.data dataset: with `steps` (steps_per_epoch) the epochs take that many
    batches from one pass through the data, which runs on across epochs; without, each
    epoch is the whole dataset again. Training stops when the data runs out."""
    model._fit_targets_to(_target_ranks(dataset, len(model.outputs)))
    compiled = model._training()
    val_data, val_steps = validation
    calls, history = _steps_callbacks(
        model, callbacks, epochs, steps, verbose, val_data is not None
    )
    batches = DatasetBatches(dataset)
    batches.start()
    calls.call("on_train_begin", {})
    for epoch in range(initial_epoch, epochs):
        if steps is None and epoch > initial_epoch:
            batches.start()
        calls.call("on_epoch_begin", epoch, {})
        start = time.perf_counter()
        values = dataset_epoch(model, batches, steps, True, calls)
        if values is None:
            sys.stderr.write("Your dataset ran out of data; interrupting training.\n")
            break
        logs = dict(zip(compiled.names, values, strict=True))
        if val_data is not None:
            v = evaluate_dataset(model, val_data, val_steps)
            logs.update({f"val_{k}": value for k, value in zip(compiled.names, v, strict=True)})
        calls.call("on_epoch_end", epoch, logs)
        if verbose:
            _print_epoch(epoch, epochs, steps or 0, logs, time.perf_counter() - start, verbose)
        if model.stop_training:
            break
    calls.call("on_train_end", {})
    return history


def evaluate_dataset(model: Any, dataset: Any, steps: int | None) -> list[float]:
    """The losses (averaged over steps) and metrics over `steps` batches of `dataset`."""
    from ..errors import error

    model._fit_targets_to(_target_ranks(dataset, len(model.outputs)))
    batches = DatasetBatches(dataset)
    batches.start()
    values = dataset_epoch(model, batches, steps, False)
    if values is None:
        raise error("END_OF_SEQUENCE", "the dataset gave no batch to evaluate")
    return values


def predict_dataset(model: Any, dataset: Any, steps: int | None) -> Any:
    """The model's outputs for the inputs of `steps` batches of `dataset` (all by default)."""
    batches = DatasetBatches(dataset, targets=False)
    batches.start()
    parts, done = [], 0
    while steps is None or done < steps:
        batch = batches.next()
        if batch is None:
            break
        out = predict_loop(model, batch[0], None)
        parts.append(out if isinstance(out, list) else [out])
        done += 1
    return _stacked(model, parts)
