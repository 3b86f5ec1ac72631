"""More of TF1's `tf.contrib`: the old argument orders of `contrib.losses` and
`contrib.metrics` (predictions or logits first), slim's variable getters
(`contrib.framework.get_variables_to_restore` and friends) and `contrib.training.HParams`.

TF 2 ships no contrib, so these follow TF 1.15's documented signatures and behaviour; the
computations are the ones of `gg.losses` and `gg.metrics` (one owner each), called with the
arguments in their places."""

from __future__ import annotations

import json
import numbers
import re
from typing import Any

from . import losses as _losses
from . import metrics as _metrics
from .errors import error
from .graph import get_default_graph
from .variable_scope import GraphKeys

# -- contrib.losses: TF 1.0's order (predictions/logits first, reduced over present weights) --


def absolute_difference(predictions, labels=None, weights=1.0, scope=None):
    return _losses.absolute_difference(labels, predictions, weights, scope)


def mean_squared_error(predictions, labels=None, weights=1.0, scope=None):
    return _losses.mean_squared_error(labels, predictions, weights, scope)


def log_loss(predictions, labels=None, weights=1.0, epsilon=1e-7, scope=None):
    return _losses.log_loss(labels, predictions, weights, epsilon, scope)


def sigmoid_cross_entropy(logits, multi_class_labels, weights=1.0, label_smoothing=0, scope=None):
    return _losses.sigmoid_cross_entropy(
        multi_class_labels, logits, weights, label_smoothing, scope
    )


def softmax_cross_entropy(logits, onehot_labels, weights=1.0, label_smoothing=0, scope=None):
    return _losses.softmax_cross_entropy(onehot_labels, logits, weights, label_smoothing, scope)


def sparse_softmax_cross_entropy(logits, labels, weights=1.0, scope=None):
    return _losses.sparse_softmax_cross_entropy(labels, logits, weights, scope)


def cosine_distance(predictions, labels=None, axis=None, weights=1.0, scope=None, dim=None):
    return _losses.cosine_distance(labels, predictions, axis, weights, scope, dim=dim)


CONTRIB_LOSSES = {
    "absolute_difference": absolute_difference,
    "add_loss": _losses.add_loss,
    "compute_weighted_loss": lambda losses, weights=1.0, scope=None: _losses.compute_weighted_loss(
        losses, weights, scope
    ),
    "cosine_distance": cosine_distance,
    "get_losses": _losses.get_losses,
    "get_regularization_losses": _losses.get_regularization_losses,
    "get_total_loss": _losses.get_total_loss,
    "log_loss": log_loss,
    "mean_squared_error": mean_squared_error,
    "sigmoid_cross_entropy": sigmoid_cross_entropy,
    "softmax_cross_entropy": softmax_cross_entropy,
    "sparse_softmax_cross_entropy": sparse_softmax_cross_entropy,
}


# -- contrib.metrics: streaming_* (predictions first) -------------------------------------------


def _swapped(metric):
    """`streaming_<metric>(predictions, labels, ...)` from `metric(labels, predictions, ...)`."""

    def streaming(predictions, labels, *args, **kwargs):
        return metric(labels, predictions, *args, **kwargs)

    streaming.__name__ = f"streaming_{metric.__name__}"
    streaming.__doc__ = f"`gg.metrics.{metric.__name__}` with predictions first (TF 1.0's order)."
    return streaming


CONTRIB_METRICS = {
    f"streaming_{m.__name__}": _swapped(m)
    for m in (
        _metrics.accuracy,
        _metrics.mean_squared_error,
        _metrics.mean_absolute_error,
        _metrics.root_mean_squared_error,
        _metrics.precision,
        _metrics.recall,
        _metrics.auc,
        _metrics.true_positives,
        _metrics.false_positives,
        _metrics.true_negatives,
        _metrics.false_negatives,
        _metrics.mean_iou,
        _metrics.mean_relative_error,
        _metrics.mean_cosine_distance,
    )
}
CONTRIB_METRICS["streaming_mean"] = _metrics.mean


def _sparse_at_k(metric):
    """contrib's `streaming_sparse_<kind>_at_k(predictions, labels, k, ...)`: tf.metrics'
    with predictions first (slim's eval_image_classifier uses the recall one)."""

    def streaming(predictions, labels, k, class_id=None, weights=None,
                  metrics_collections=None, updates_collections=None, name=None):  # fmt: skip
        return metric(
            labels, predictions, k, class_id, weights, metrics_collections,
            updates_collections, name,
        )  # fmt: skip

    streaming.__name__ = f"streaming_sparse_{metric.__name__}"
    return streaming


for _m in (_metrics.recall_at_k, _metrics.precision_at_k):
    CONTRIB_METRICS[f"streaming_sparse_{_m.__name__}"] = _sparse_at_k(_m)
CONTRIB_METRICS["streaming_mean_tensor"] = _metrics.mean_tensor


def aggregate_metrics(*value_update_tuples):
    """([values], [updates]) of (value, update) pairs."""
    if not value_update_tuples:
        raise error("INVALID_ATTR", "Expected at least one value_tensor/update_op pair")
    values, updates = zip(*value_update_tuples, strict=True)
    return list(values), list(updates)


def aggregate_metric_map(names_to_tuples):
    """({name: value}, {name: update}) of {name: (value, update)}."""
    names = list(names_to_tuples)
    values, updates = aggregate_metrics(*(names_to_tuples[n] for n in names))
    return dict(zip(names, values, strict=True)), dict(zip(names, updates, strict=True))


CONTRIB_METRICS["aggregate_metrics"] = aggregate_metrics
CONTRIB_METRICS["aggregate_metric_map"] = aggregate_metric_map


# -- contrib.framework / slim: variable getters --------------------------------------------------


def get_variables(scope=None, suffix=None, collection=GraphKeys.GLOBAL_VARIABLES):
    """The variables of `collection` under `scope` (a name or a variable scope) whose op
    names end with `suffix`."""
    if scope is not None and hasattr(scope, "name"):
        scope = scope.name
    if suffix is not None:
        if ":" not in suffix:
            suffix += ":"
        scope = (scope or "") + ".*" + suffix
    return get_default_graph().get_collection(collection, scope)


def get_model_variables(scope=None, suffix=None):
    return get_variables(scope, suffix, GraphKeys.MODEL_VARIABLES)


def get_local_variables(scope=None, suffix=None):
    return get_variables(scope, suffix, GraphKeys.LOCAL_VARIABLES)


def get_trainable_variables(scope=None, suffix=None):
    return get_variables(scope, suffix, GraphKeys.TRAINABLE_VARIABLES)


def get_variables_by_name(given_name, scope=None):
    return get_variables(scope=scope, suffix=given_name)


def get_variables_by_suffix(suffix, scope=None):
    return get_variables(scope=scope, suffix=suffix)


def get_unique_variable(var_op_name):
    """The one global variable whose op is named `var_op_name` (ValueError otherwise)."""
    candidates = get_variables(scope=var_op_name)
    found = [v for v in candidates if v.op.name == var_op_name]
    if not found:
        raise error("INVALID_ATTR", f"Couldn't find variable {var_op_name}")
    return found[0]


def get_variables_to_restore(include=None, exclude=None):
    """The global variables under any scope of `include` (all if None) and under none of
    `exclude`: the list a fine-tuning Saver restores."""
    if include is None:
        chosen = get_variables()
    else:
        if not isinstance(include, list | tuple):
            raise error("INVALID_ATTR", "include is provided but is not a list or a tuple.")
        chosen = [v for scope in include for v in get_variables(scope)]
    if exclude is not None:
        if not isinstance(exclude, list | tuple):
            raise error("INVALID_ATTR", "exclude is provided but is not a list or a tuple.")
        dropped = {v for scope in exclude for v in get_variables(scope)}
        chosen = [v for v in chosen if v not in dropped]
    return chosen


CONTRIB_FRAMEWORK = {
    f.__name__: f
    for f in (
        get_variables,
        get_model_variables,
        get_local_variables,
        get_trainable_variables,
        get_variables_by_name,
        get_variables_by_suffix,
        get_unique_variable,
        get_variables_to_restore,
    )
}


# -- contrib.training.HParams --------------------------------------------------------------------

_PARAM = re.compile(r"\s*([a-zA-Z_]\w*)\s*=\s*(\[[^\]]*\]|[^,\[]*)\s*(?:,|$)")


def _cast(name: str, kind: type, value: Any) -> Any:
    """TF1's rule for assigning `value` to a hyperparameter of type `kind`: no str from
    non-str, no bool from non-bool (or the reverse), no int from a non-integer, no number
    from a non-number; None-typed ones take anything."""
    fail = f"Could not cast hparam '{name}' of type '{kind}' from value {value!r}"
    if issubclass(kind, type(None)):
        return value
    if issubclass(kind, str | bytes) and not isinstance(value, str | bytes):
        raise error("INVALID_ATTR", fail)
    if issubclass(kind, bool) != isinstance(value, bool):
        raise error("INVALID_ATTR", fail)
    if issubclass(kind, numbers.Integral) and not isinstance(value, numbers.Integral):
        raise error("INVALID_ATTR", fail)
    if issubclass(kind, numbers.Number) and not isinstance(value, numbers.Number):
        raise error("INVALID_ATTR", fail)
    return kind(value)


def _parse_scalar(name: str, kind: type, text: str) -> Any:
    text = text.strip()
    try:
        if issubclass(kind, bool):
            lowered = text.lower()
            if lowered in ("true", "1"):
                return True
            if lowered in ("false", "0"):
                return False
            raise ValueError(text)
        if issubclass(kind, numbers.Integral):
            return int(text)
        if issubclass(kind, numbers.Number):
            return float(text)
    except ValueError:
        raise error(
            "INVALID_ATTR", f"Could not parse hparam '{name}' of type '{kind}' from {text!r}"
        ) from None
    return text


def _single_valued(name: str):
    return error("INVALID_ATTR", f"Must not pass a list for single-valued parameter: {name}")


class HParams:
    """TF1's `tf.contrib.training.HParams`: named hyperparameters whose types are fixed by
    their first values; `parse("lr=0.1,layers=[64,32]")`, `override_from_dict`, `values`,
    `to_json` / `parse_json`, `set_hparam` / `add_hparam` / `del_hparam`, `get`."""

    _HAS_DYNAMIC_ATTRIBUTES = True  # what pytype-minded code checks on TF's class

    def __init__(self, hparam_def=None, model_structure=None, **kwargs):
        self._hparam_types: dict[str, tuple[type, bool]] = {}
        self._model_structure = model_structure
        if hparam_def is not None:
            raise error("UNIMPLEMENTED", "HParams from an HParamDef protocol buffer")
        for name, value in kwargs.items():
            self.add_hparam(name, value)

    def add_hparam(self, name: str, value: Any) -> None:
        if getattr(self, name, None) is not None:
            raise error("INVALID_ATTR", f"Hyperparameter name is reserved: {name}")
        if isinstance(value, list | tuple):
            if not value:
                raise error("INVALID_ATTR", f"Multi-valued hyperparameters cannot be empty: {name}")
            self._hparam_types[name] = (type(value[0]), True)
        else:
            self._hparam_types[name] = (type(value), False)
        setattr(self, name, value)

    def set_hparam(self, name: str, value: Any) -> None:
        kind, is_list = self._hparam_types[name]
        if isinstance(value, list):
            if not is_list:
                raise error(
                    "INVALID_ATTR", f"Must not pass a list for single-valued parameter: {name}"
                )
            setattr(self, name, [_cast(name, kind, v) for v in value])
        else:
            if is_list:
                raise error("INVALID_ATTR", f"Must pass a list for multi-valued parameter: {name}.")
            setattr(self, name, _cast(name, kind, value))

    def del_hparam(self, name: str) -> None:
        if hasattr(self, name):
            delattr(self, name)
            del self._hparam_types[name]

    def parse(self, values: str) -> HParams:
        """Override from `"name=value,name=[v1,v2]"` (values parsed by each one's type)."""
        parsed: dict[str, Any] = {}
        at = 0
        text = values.strip()
        while at < len(text):
            match = _PARAM.match(text, at)
            if match is None or match.end() == at:
                raise error("INVALID_ATTR", f"Malformed hyperparameter value: {text[at:]!r}")
            name, raw = match.group(1), match.group(2).strip()
            if name not in self._hparam_types:
                raise error("INVALID_ATTR", f"Unknown hyperparameter type for {name}")
            kind, is_list = self._hparam_types[name]
            if raw.startswith("["):
                if not is_list:
                    raise error(
                        "INVALID_ATTR", f"Must not pass a list for single-valued parameter: {name}"
                    )
                items = [s for s in raw[1:-1].split(",") if s.strip()]
                parsed[name] = [_parse_scalar(name, kind, s) for s in items]
            else:
                parsed[name] = _parse_scalar(name, kind, raw)
            at = match.end()
        return self.override_from_dict(parsed)

    def override_from_dict(self, values_dict: dict[str, Any]) -> HParams:
        for name, value in values_dict.items():
            self.set_hparam(name, value)
        return self

    def set_model_structure(self, model_structure: Any) -> None:
        self._model_structure = model_structure

    def get_model_structure(self) -> Any:
        return self._model_structure

    def to_json(self, indent=None, separators=None, sort_keys=False) -> str:
        return json.dumps(self.values(), indent=indent, separators=separators, sort_keys=sort_keys)

    def parse_json(self, values_json: str) -> HParams:
        return self.override_from_dict(json.loads(values_json))

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self._hparam_types}

    def get(self, key: str, default: Any = None) -> Any:
        if key in self._hparam_types:
            if default is not None:
                kind, is_list = self._hparam_types[key]
                fail = f"Hparam '{key}' of type '{kind}' is incompatible with default={default!r}"
                if is_list != isinstance(default, list | tuple):
                    raise error("INVALID_ATTR", fail)
                for value in default if is_list else [default]:
                    _cast(key, kind, value)
            return getattr(self, key)
        return default

    def __contains__(self, key: str) -> bool:
        return key in self._hparam_types

    def __str__(self) -> str:
        return str(sorted(self.values().items()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self})"
