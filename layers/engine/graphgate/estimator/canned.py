"""TF 1.x's premade estimators: `LinearRegressor`, `LinearClassifier`, `DNNRegressor`,
`DNNClassifier`, each an `Estimator` whose model_fn is a logit function (a linear model
or a feed-forward network over feature columns) and a head that turns the logits into
TF's loss, predictions, eval metrics and export outputs.

TF's heads, as TF 1.x's `tf.estimator` builds them (loss_reduction SUM by default):

regression:  loss = sum of squared errors; predictions {predictions}; metrics
             average_loss, label/mean, prediction/mean.
binary:      loss = sum of sigmoid cross entropies; predictions {logits, logistic,
             probabilities, class_ids, classes, all_class_ids, all_classes}; metrics accuracy,
             accuracy_baseline, auc, auc_precision_recall, average_loss, label/mean,
             precision, prediction/mean, recall.
multi-class: loss = sum of softmax cross entropies; predictions {logits, probabilities,
             class_ids, classes, all_class_ids, all_classes}; metrics accuracy, average_loss.

The string predictions `classes` and `all_classes` (TF's strings of the class ids, or their
entries in `label_vocabulary`) are made by `Estimator.predict` from the ids after each run.
With a `label_vocabulary`, labels are strings looked up in it as TF's heads do
(`class_id_lookup`); a label outside it fails the run.
"""

from __future__ import annotations

import contextlib
import math
from typing import Any

import numpy as np

import graphgate as gg

from ..errors import error
from . import export as export_lib
from .estimator import Estimator
from .model_fn import EstimatorSpec, ModeKeys, invalid, wrong_type

_SUM = "weighted_sum"
_OPTIMIZERS = {
    "Adagrad": "AdagradOptimizer",
    "Adam": "AdamOptimizer",
    "Ftrl": "FtrlOptimizer",
    "RMSProp": "RMSPropOptimizer",
    "SGD": "GradientDescentOptimizer",
}


def _optimizer(optimizer: Any, learning_rate: float) -> Any:
    """TF's `get_optimizer_instance`: a name with the estimator's default rate, an
    optimizer as it is, or what a callable returns."""
    if isinstance(optimizer, str):
        if optimizer not in _OPTIMIZERS:
            raise invalid(
                f"Unsupported optimizer name: {optimizer}. Supported names are: "
                f"{tuple(sorted(_OPTIMIZERS))}"
            )
        return getattr(gg.train, _OPTIMIZERS[optimizer])(learning_rate=learning_rate)
    if callable(optimizer) and not isinstance(optimizer, gg.train.Optimizer):
        optimizer = optimizer()
    if not isinstance(optimizer, gg.train.Optimizer):
        raise invalid(f"The given object is not an Optimizer instance. Given: {optimizer}")
    return optimizer


def _vocabulary(label_vocabulary: Any, binary: bool) -> tuple | None:
    """TF's check of `label_vocabulary` (its binary head raises TypeError, the
    multi-class one ValueError)."""
    if label_vocabulary is None:
        return None
    if not isinstance(label_vocabulary, list | tuple):
        kind = "a list or tuple" if binary else "a list or a tuple"
        message = f"label_vocabulary should be {kind}. Given type: {type(label_vocabulary)}"
        raise wrong_type(message) if binary else invalid(message)
    return tuple(label_vocabulary)


def _label_ids(labels: Any, vocabulary: tuple | None) -> Any:
    """String labels as their index in `vocabulary` (-1 when absent, which the range
    check then refuses), as TF's `class_id_lookup` table."""
    if vocabulary is None:
        return labels
    table = gg.lookup.index_table_from_tensor(vocabulary_list=vocabulary, name="class_id_lookup")
    return table.lookup(labels)


def _weights(features: dict, weight_column: Any, logits: Any) -> Any:
    if weight_column is None:
        return 1.0
    key = weight_column if isinstance(weight_column, str) else weight_column.key
    w = gg.cast(gg.convert_to_tensor(features[key]), gg.float32)
    if w.get_shape().ndims == 1:
        w = gg.expand_dims(w, -1)
    return w


def _labels(labels: Any, dimension: int) -> Any:
    """Labels as TF's heads want them: [batch, dimension] (a [batch] vector expanded)."""
    if labels is None:
        raise invalid(
            "You must provide a labels Tensor. Given: None. Suggested troubleshooting steps: "
            "Check that your data contain your label feature. Check that your input_fn "
            "properly parses and returns labels."
        )
    if isinstance(labels, dict):
        raise invalid("labels of a premade estimator must be a Tensor, not a dict")
    labels = gg.convert_to_tensor(labels)
    if labels.get_shape().ndims == 1:
        labels = gg.expand_dims(labels, -1)
    last = labels.get_shape().as_list()[-1] if labels.get_shape().ndims else None
    if last is not None and last != dimension:
        raise invalid(
            f"Mismatched label shape. Expected labels dimension={dimension}.  Received "
            f"{last}. Suggested Fix:If your classifier expects one-hot encoding label,check "
            "your n_classes argument to the estimator and/or the shape of your label."
        )
    return labels


def _in_range(labels: Any, n_classes: int) -> Any:
    """Labels, failing the run if one is outside [0, n_classes) (TF's assert)."""
    message = "Labels must be <= n_classes - 1"
    checks = [
        gg.assert_less(labels, gg.cast(n_classes, labels.dtype), message=message),
        gg.assert_greater_equal(labels, gg.cast(0, labels.dtype), message="Labels must >= 0"),
    ]
    with gg.control_dependencies(checks):
        return gg.identity(labels)


class _Head:
    """Logits to an EstimatorSpec; subclasses give the loss, predictions and metrics."""

    logits_dimension = 1
    vocabulary: tuple | None = None  # a classifier's label_vocabulary

    def __init__(self, weight_column: Any, loss_reduction: str):
        if loss_reduction not in gg.losses.Reduction.all() or loss_reduction == "none":
            raise invalid(f"Invalid loss_reduction: {loss_reduction}")
        self._weight_column = weight_column
        self._reduction = loss_reduction

    def create_estimator_spec(
        self, features: dict, mode: str, logits: Any, labels: Any, train_op_fn: Any
    ) -> EstimatorSpec:
        with gg.name_scope("head"):
            predictions = self.predictions(logits)
            if mode == ModeKeys.PREDICT:
                return EstimatorSpec(
                    mode, predictions=predictions, export_outputs=self.export_outputs(predictions)
                )
            weights = _weights(features, self._weight_column, logits)
            unreduced, labels = self.unreduced_loss(logits, labels)
            loss = gg.losses.compute_weighted_loss(
                unreduced, weights=weights, reduction=self._reduction
            )
            reg = gg.losses.get_regularization_losses()
            total = gg.add_n([loss, *reg]) if reg else loss
            if mode == ModeKeys.EVAL:
                with gg.name_scope("metrics"):
                    metrics = self.metrics(labels, predictions, unreduced, weights)
                return EstimatorSpec(
                    mode, predictions=predictions, loss=total, eval_metric_ops=metrics
                )
            # In the head's scope, as TF's: Adam's beta powers are `head/beta1_power`.
            train_op = train_op_fn(total)
        return EstimatorSpec(mode, predictions=predictions, loss=total, train_op=train_op)


def _mean(values: Any, weights: Any, name: str) -> tuple:
    values = gg.cast(values, gg.float32)
    if not isinstance(weights, float):
        weights = weights * gg.ones_like(values)
        return gg.metrics.mean(values, weights=weights, name=name)
    return gg.metrics.mean(values, name=name)


def _metric_weights(weights: Any) -> Any:
    return None if isinstance(weights, float) else weights


class _RegressionHead(_Head):
    def __init__(self, label_dimension: int, weight_column: Any, loss_reduction: str):
        if label_dimension < 1:
            raise invalid(f"Invalid label_dimension {label_dimension}.")
        super().__init__(weight_column, loss_reduction)
        self.logits_dimension = label_dimension

    def predictions(self, logits: Any) -> dict:
        return {"predictions": gg.identity(logits, name="predictions")}

    def export_outputs(self, predictions: dict) -> dict:
        regression = export_lib.RegressionOutput(predictions["predictions"])
        return {
            "serving_default": regression,
            "regression": regression,
            "predict": export_lib.PredictOutput(predictions),
        }

    def unreduced_loss(self, logits: Any, labels: Any) -> tuple:
        labels = gg.cast(_labels(labels, self.logits_dimension), gg.float32)
        return gg.squared_difference(logits, labels), labels

    def metrics(self, labels: Any, predictions: dict, unreduced: Any, weights: Any) -> dict:
        return {
            "average_loss": _mean(unreduced, weights, "average_loss"),
            "prediction/mean": _mean(predictions["predictions"], weights, "prediction/mean"),
            "label/mean": _mean(labels, weights, "label/mean"),
        }


def _all_class_ids(logits: Any, n_classes: int) -> Any:
    batch = gg.shape(logits)[0]
    return gg.tile(gg.expand_dims(gg.range(n_classes), 0), gg.stack([batch, 1]))


def _classification_output(scores: Any, n_classes: int, vocabulary: tuple | None) -> Any:
    """TF's: the class names (the vocabulary, else the ids as text) tiled over the batch
    as `classes` beside the `scores`, so TF Serving's classify labels each score."""
    names = list(vocabulary) if vocabulary else gg.as_string(gg.range(n_classes))
    batch = gg.shape(scores)[0]
    classes = gg.tile(gg.expand_dims(names, 0), [batch, 1])
    return export_lib.ClassificationOutput(scores=scores, classes=classes)


class _BinaryHead(_Head):
    def predictions(self, logits: Any) -> dict:
        with gg.name_scope("predictions"):
            logistic = gg.sigmoid(logits, name="logistic")
            two = gg.concat([gg.zeros_like(logits), logits], -1, name="two_class_logits")
            probabilities = gg.nn.softmax(two, name="probabilities")
            class_ids = gg.expand_dims(gg.argmax(two, axis=-1, name="class_ids"), -1)
            return {
                "logits": logits,
                "logistic": logistic,
                "probabilities": probabilities,
                "class_ids": class_ids,
                "all_class_ids": _all_class_ids(logits, 2),
            }

    def export_outputs(self, predictions: dict) -> dict:
        classification = _classification_output(predictions["probabilities"], 2, self.vocabulary)
        return {
            "serving_default": classification,
            "classification": classification,
            "regression": export_lib.RegressionOutput(predictions["logistic"]),
            "predict": export_lib.PredictOutput(predictions),
        }

    def __init__(self, weight_column: Any, loss_reduction: str, vocabulary: tuple | None):
        super().__init__(weight_column, loss_reduction)
        self.vocabulary = vocabulary

    def unreduced_loss(self, logits: Any, labels: Any) -> tuple:
        labels = _label_ids(_labels(labels, 1), self.vocabulary)
        labels = _in_range(gg.cast(labels, gg.float32), 2)
        return gg.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits), labels

    def metrics(self, labels: Any, predictions: dict, unreduced: Any, weights: Any) -> dict:
        w = _metric_weights(weights)
        class_ids = predictions["class_ids"]
        logistic = predictions["logistic"]
        label_mean = _mean(labels, weights, "label/mean")
        value, update = label_mean
        return {
            "average_loss": _mean(unreduced, weights, "average_loss"),
            "accuracy": gg.metrics.accuracy(labels, class_ids, weights=w, name="accuracy"),
            "precision": gg.metrics.precision(labels, class_ids, weights=w, name="precision"),
            "recall": gg.metrics.recall(labels, class_ids, weights=w, name="recall"),
            "prediction/mean": _mean(logistic, weights, "prediction/mean"),
            "label/mean": label_mean,
            "accuracy_baseline": (gg.maximum(value, 1.0 - value), gg.maximum(update, 1 - update)),
            "auc": gg.metrics.auc(labels, logistic, weights=w, name="auc"),
            "auc_precision_recall": gg.metrics.auc(
                labels, logistic, weights=w, curve="PR", name="auc_precision_recall"
            ),
        }


class _MultiClassHead(_Head):
    def __init__(
        self, n_classes: int, weight_column: Any, loss_reduction: str, vocabulary: tuple | None
    ):
        super().__init__(weight_column, loss_reduction)
        self.logits_dimension = n_classes
        self.vocabulary = vocabulary

    def predictions(self, logits: Any) -> dict:
        with gg.name_scope("predictions"):
            class_ids = gg.expand_dims(gg.argmax(logits, axis=-1, name="class_ids"), -1)
            return {
                "logits": logits,
                "probabilities": gg.nn.softmax(logits, name="probabilities"),
                "class_ids": class_ids,
                "all_class_ids": _all_class_ids(logits, self.logits_dimension),
            }

    def export_outputs(self, predictions: dict) -> dict:
        classification = _classification_output(
            predictions["probabilities"], self.logits_dimension, self.vocabulary
        )
        return {
            "serving_default": classification,
            "classification": classification,
            "predict": export_lib.PredictOutput(predictions),
        }

    def unreduced_loss(self, logits: Any, labels: Any) -> tuple:
        labels = _labels(labels, 1)
        if self.vocabulary is None and not labels.dtype.is_integer:
            raise invalid(f"Labels dtype should be integer. Instead got {labels.dtype}.")
        if self.vocabulary is not None and labels.dtype != gg.string:
            raise invalid(
                "Labels dtype should be string if there is a vocabulary. Instead got "
                f"{labels.dtype}"
            )
        labels = _in_range(_label_ids(labels, self.vocabulary), self.logits_dimension)
        loss = gg.losses.sparse_softmax_cross_entropy(
            labels=labels, logits=logits, reduction=gg.losses.Reduction.NONE
        )
        return gg.expand_dims(loss, -1), labels

    def metrics(self, labels: Any, predictions: dict, unreduced: Any, weights: Any) -> dict:
        w = _metric_weights(weights)
        return {
            "average_loss": _mean(unreduced, weights, "average_loss"),
            "accuracy": gg.metrics.accuracy(
                labels, predictions["class_ids"], weights=w, name="accuracy"
            ),
        }


def class_strings(vocabulary: tuple | None = None) -> dict:
    """TF's classifiers predict `classes` and `all_classes` as strings: the ids as text
    (`as_string`), or their entries in `label_vocabulary` ("UNK" past its end, as TF's
    `class_string_lookup`); made from the ids after each run."""
    if vocabulary is None:
        name = lambda i: str(i).encode()  # noqa: E731 - one line, as the other
    else:
        words = [w.encode() if isinstance(w, str) else bytes(w) for w in vocabulary]
        name = lambda i: words[i] if 0 <= i < len(words) else b"UNK"  # noqa: E731

    def strings(ids: np.ndarray) -> np.ndarray:
        return np.vectorize(lambda i: name(int(i)), otypes=[object])(ids)

    return {"classes": ("class_ids", strings), "all_classes": ("all_class_ids", strings)}


def _classification_head(
    n_classes: int, weight_column: Any, loss_reduction: str, label_vocabulary: Any
) -> _Head:
    if n_classes is None or n_classes < 2:
        raise invalid(f"n_classes must be > 1 for classification: {n_classes}")
    vocabulary = _vocabulary(label_vocabulary, binary=n_classes == 2)
    if n_classes == 2:
        return _BinaryHead(weight_column, loss_reduction, vocabulary)
    return _MultiClassHead(n_classes, weight_column, loss_reduction, vocabulary)


def _feature_columns(feature_columns: Any) -> list:
    # No columns is refused when the model is built (input_layer, linear_model), as TF.
    return list(feature_columns or ())


# -- logit functions ------------------------------------------------------------------------
def _linear_logits(features: dict, columns: list, units: int, sparse_combiner: str) -> Any:
    """The linear model's logits, in the caller's `linear` variable scope."""
    return gg.feature_column.linear_model(
        features, columns, units=units, sparse_combiner=sparse_combiner
    )


def _dnn_logits(
    features: dict,
    columns: list,
    hidden_units: list,
    units: int,
    activation_fn: Any,
    dropout: float | None,
    training: bool,
) -> Any:
    """The network's logits, in the caller's `dnn` variable scope."""
    with gg.variable_scope("input_from_feature_columns"):
        net = gg.feature_column.input_layer(features, columns)
    for i, width in enumerate(hidden_units):
        # A layer named as TF's scope: variables and ops under dnn/hiddenlayer_<i>/.
        net = gg.layers.dense(
            net,
            width,
            activation=activation_fn,
            kernel_initializer=gg.glorot_uniform_initializer(),
            name=f"hiddenlayer_{i}",
        )
        if dropout is not None and training:
            net = gg.layers.dropout(net, rate=dropout, training=True)
    return gg.layers.dense(
        net, units, kernel_initializer=gg.glorot_uniform_initializer(), name="logits"
    )


def _features_dict(features: Any) -> dict:
    if not isinstance(features, dict):
        raise invalid(f"features should be a dictionary of `Tensor`s. Given type: {type(features)}")
    return features


class _Premade(Estimator):
    """An Estimator whose model_fn is a logit function and a head: `logit_fn(features,
    units, training)` gives the logits, trained by `optimizer()`'s minimize."""

    def __init__(
        self, logit_fn, head, optimizer, model_dir, config, warm_start_from=None, scope=None
    ):
        def build(features: dict, mode: str) -> tuple:
            logits = logit_fn(features, head.logits_dimension, mode == ModeKeys.TRAIN)

            def train_op_fn(loss: Any) -> Any:
                return optimizer().minimize(loss, global_step=gg.train.get_global_step())

            return logits, train_op_fn

        super().__init__(
            _premade_model_fn(build, head, scope),
            model_dir=model_dir,
            config=config,
            warm_start_from=warm_start_from,
        )


def _premade_model_fn(build: Any, head: _Head, scope: str | None = None) -> Any:
    """The model_fn of a logit function and a head; TF's linear and DNN estimators build
    both in their variable scope (`linear/head/beta1_power`), the others at the top."""

    def model_fn(features, labels, mode, config):
        features = _features_dict(features)
        with gg.variable_scope(scope) if scope else contextlib.nullcontext():
            logits, train_op_fn = build(features, mode)
            return head.create_estimator_spec(features, mode, logits, labels, train_op_fn)

    return model_fn


def _linear_rate(columns: list) -> float:
    # TF's default for the linear estimators: 0.2, less with many columns.
    return min(0.2, 1.0 / math.sqrt(max(len(columns), 1)))


class LinearRegressor(_Premade):
    """A linear regression over `feature_columns` (weights start at zero), trained with
    FTRL by default."""

    def __init__(
        self,
        feature_columns: Any,
        model_dir: Any = None,
        label_dimension: int = 1,
        weight_column: Any = None,
        optimizer: Any = "Ftrl",
        config: Any = None,
        partitioner: Any = None,
        warm_start_from: Any = None,
        loss_reduction: str = "weighted_sum",
        sparse_combiner: str = "sum",
    ):
        columns = _feature_columns(feature_columns)
        head = _RegressionHead(label_dimension, weight_column, loss_reduction)
        _refuse(partitioner=partitioner)
        super().__init__(
            lambda f, units, training: _linear_logits(f, columns, units, sparse_combiner),
            head,
            lambda: _optimizer(optimizer, _linear_rate(columns)),
            model_dir,
            config,
            warm_start_from,
            scope="linear",
        )


class LinearClassifier(_Premade):
    """A linear (logistic or softmax) classifier over `feature_columns`."""

    def __init__(
        self,
        feature_columns: Any,
        model_dir: Any = None,
        n_classes: int = 2,
        weight_column: Any = None,
        label_vocabulary: Any = None,
        optimizer: Any = "Ftrl",
        config: Any = None,
        partitioner: Any = None,
        warm_start_from: Any = None,
        loss_reduction: str = "weighted_sum",
        sparse_combiner: str = "sum",
    ):
        columns = _feature_columns(feature_columns)
        head = _classification_head(n_classes, weight_column, loss_reduction, label_vocabulary)
        _refuse(partitioner=partitioner)
        super().__init__(
            lambda f, units, training: _linear_logits(f, columns, units, sparse_combiner),
            head,
            lambda: _optimizer(optimizer, _linear_rate(columns)),
            model_dir,
            config,
            warm_start_from,
            scope="linear",
        )
        self._derived_predictions = class_strings(head.vocabulary)


class DNNRegressor(_Premade):
    """A feed-forward network (`hidden_units` widths, ReLU by default) regressing over
    `feature_columns`, trained with Adagrad (rate 0.05) by default."""

    def __init__(
        self,
        hidden_units: Any,
        feature_columns: Any,
        model_dir: Any = None,
        label_dimension: int = 1,
        weight_column: Any = None,
        optimizer: Any = "Adagrad",
        activation_fn: Any = None,
        dropout: float | None = None,
        input_layer_partitioner: Any = None,
        config: Any = None,
        warm_start_from: Any = None,
        loss_reduction: str = "weighted_sum",
        batch_norm: bool = False,
    ):
        columns = _feature_columns(feature_columns)
        head = _RegressionHead(label_dimension, weight_column, loss_reduction)
        _refuse(partitioner=input_layer_partitioner)
        super().__init__(
            _dnn_logit_fn(hidden_units, columns, activation_fn, dropout, batch_norm),
            head,
            lambda: _optimizer(optimizer, 0.05),
            model_dir,
            config,
            warm_start_from,
            scope="dnn",
        )


class DNNClassifier(_Premade):
    """A feed-forward network classifying over `feature_columns` into `n_classes`."""

    def __init__(
        self,
        hidden_units: Any,
        feature_columns: Any,
        model_dir: Any = None,
        n_classes: int = 2,
        weight_column: Any = None,
        label_vocabulary: Any = None,
        optimizer: Any = "Adagrad",
        activation_fn: Any = None,
        dropout: float | None = None,
        input_layer_partitioner: Any = None,
        config: Any = None,
        warm_start_from: Any = None,
        loss_reduction: str = "weighted_sum",
        batch_norm: bool = False,
    ):
        columns = _feature_columns(feature_columns)
        head = _classification_head(n_classes, weight_column, loss_reduction, label_vocabulary)
        _refuse(partitioner=input_layer_partitioner)
        super().__init__(
            _dnn_logit_fn(hidden_units, columns, activation_fn, dropout, batch_norm),
            head,
            lambda: _optimizer(optimizer, 0.05),
            model_dir,
            config,
            warm_start_from,
            scope="dnn",
        )
        self._derived_predictions = class_strings(head.vocabulary)


def _dnn_logit_fn(hidden_units, columns, activation_fn, dropout, batch_norm):
    if batch_norm:
        raise error("UNIMPLEMENTED", "DNN estimators with batch_norm=True are not supported")
    hidden_units = list(hidden_units)
    activation_fn = activation_fn or gg.nn.relu

    def logit_fn(features: dict, units: int, training: bool) -> Any:
        return _dnn_logits(features, columns, hidden_units, units, activation_fn, dropout, training)

    return logit_fn


def _refuse(**given: Any) -> None:
    for name, value in given.items():
        if value is not None:
            raise error("UNIMPLEMENTED", f"premade estimators: {name} is not supported")


# -- wide and deep, and the bias-only baseline -------------------------------------------
def _combined_build(linear_args, dnn_columns, dnn_optimizer, dnn_args, head):
    """TF's DNNLinearCombined model: the sum of a linear model's and a network's logits,
    each part trained by its own optimizer, the global step counted once."""
    linear_columns, linear_optimizer, combiner = linear_args
    if not linear_columns and not dnn_columns:
        raise invalid("Either linear_feature_columns or dnn_feature_columns must be defined.")
    if dnn_columns and not dnn_args[0]:
        raise invalid("dnn_hidden_units must be defined when dnn_feature_columns is specified.")
    dnn_logit_fn = _dnn_logit_fn(dnn_args[0], dnn_columns, *dnn_args[1:]) if dnn_columns else None
    linear_rate = min(0.005, 1.0 / math.sqrt(max(len(linear_columns), 1)))

    def build(features: dict, mode: str) -> tuple:
        parts = []  # (logits, scope, optimizer)
        if dnn_logit_fn is not None:
            with gg.variable_scope("dnn"):
                logits = dnn_logit_fn(features, head.logits_dimension, mode == ModeKeys.TRAIN)
            parts.append((logits, "dnn", lambda: _optimizer(dnn_optimizer, 0.001)))
        if linear_columns:
            with gg.variable_scope("linear"):
                logits = _linear_logits(features, linear_columns, head.logits_dimension, combiner)
            parts.append((logits, "linear", lambda: _optimizer(linear_optimizer, linear_rate)))

        def train_op_fn(loss: Any) -> Any:
            updates = [
                make().minimize(loss, var_list=gg.trainable_variables(scope=scope))
                for _, scope, make in parts
            ]
            with gg.control_dependencies([gg.group(*updates)]):
                return gg.assign_add(gg.train.get_global_step(), 1).op

        return gg.add_n([p[0] for p in parts]) if len(parts) > 1 else parts[0][0], train_op_fn

    return build


class DNNLinearCombinedRegressor(Estimator):
    """Wide and deep regression: a linear model over `linear_feature_columns` (FTRL) plus
    a network over `dnn_feature_columns` (Adagrad)."""

    def __init__(
        self,
        model_dir: Any = None,
        linear_feature_columns: Any = None,
        linear_optimizer: Any = "Ftrl",
        dnn_feature_columns: Any = None,
        dnn_optimizer: Any = "Adagrad",
        dnn_hidden_units: Any = None,
        dnn_activation_fn: Any = None,
        dnn_dropout: float | None = None,
        label_dimension: int = 1,
        weight_column: Any = None,
        input_layer_partitioner: Any = None,
        config: Any = None,
        warm_start_from: Any = None,
        loss_reduction: str = "weighted_sum",
        batch_norm: bool = False,
        linear_sparse_combiner: str = "sum",
    ):
        _refuse(partitioner=input_layer_partitioner)
        head = _RegressionHead(label_dimension, weight_column, loss_reduction)
        build = _combined_build(
            (list(linear_feature_columns or ()), linear_optimizer, linear_sparse_combiner),
            list(dnn_feature_columns or ()),
            dnn_optimizer,
            (dnn_hidden_units, dnn_activation_fn, dnn_dropout, batch_norm),
            head,
        )
        super().__init__(
            _premade_model_fn(build, head),
            model_dir=model_dir,
            config=config,
            warm_start_from=warm_start_from,
        )


class DNNLinearCombinedClassifier(Estimator):
    """Wide and deep classification into `n_classes`."""

    def __init__(
        self,
        model_dir: Any = None,
        linear_feature_columns: Any = None,
        linear_optimizer: Any = "Ftrl",
        dnn_feature_columns: Any = None,
        dnn_optimizer: Any = "Adagrad",
        dnn_hidden_units: Any = None,
        dnn_activation_fn: Any = None,
        dnn_dropout: float | None = None,
        n_classes: int = 2,
        weight_column: Any = None,
        label_vocabulary: Any = None,
        input_layer_partitioner: Any = None,
        config: Any = None,
        warm_start_from: Any = None,
        loss_reduction: str = "weighted_sum",
        batch_norm: bool = False,
        linear_sparse_combiner: str = "sum",
    ):
        _refuse(partitioner=input_layer_partitioner)
        head = _classification_head(n_classes, weight_column, loss_reduction, label_vocabulary)
        build = _combined_build(
            (list(linear_feature_columns or ()), linear_optimizer, linear_sparse_combiner),
            list(dnn_feature_columns or ()),
            dnn_optimizer,
            (dnn_hidden_units, dnn_activation_fn, dnn_dropout, batch_norm),
            head,
        )
        super().__init__(
            _premade_model_fn(build, head),
            model_dir=model_dir,
            config=config,
            warm_start_from=warm_start_from,
        )
        self._derived_predictions = class_strings(head.vocabulary)


def _baseline_logits(features: dict, units: int, training: bool) -> Any:
    """A learned bias per output, repeated for each example (TF's baseline)."""
    first = gg.convert_to_tensor(features[sorted(features)[0]])
    batch = gg.shape(first)[0]
    with gg.variable_scope("baseline"):
        bias = gg.get_variable("bias", [units], initializer=gg.zeros_initializer())
        return bias * gg.ones(gg.stack([batch, units]))


class BaselineRegressor(_Premade):
    """Predicts the labels' mean, learned as a bias (FTRL, rate 0.3, by default)."""

    def __init__(
        self,
        model_dir: Any = None,
        label_dimension: int = 1,
        weight_column: Any = None,
        optimizer: Any = "Ftrl",
        config: Any = None,
        loss_reduction: str = "weighted_sum",
    ):
        head = _RegressionHead(label_dimension, weight_column, loss_reduction)
        super().__init__(
            _baseline_logits, head, lambda: _optimizer(optimizer, 0.3), model_dir, config
        )


class BaselineClassifier(_Premade):
    """Predicts the classes' prior, learned as a bias per class."""

    def __init__(
        self,
        model_dir: Any = None,
        n_classes: int = 2,
        weight_column: Any = None,
        label_vocabulary: Any = None,
        optimizer: Any = "Ftrl",
        config: Any = None,
        loss_reduction: str = "weighted_sum",
    ):
        head = _classification_head(n_classes, weight_column, loss_reduction, label_vocabulary)
        super().__init__(
            _baseline_logits, head, lambda: _optimizer(optimizer, 0.3), model_dir, config
        )
        self._derived_predictions = class_strings(head.vocabulary)


__all__ = [
    "BaselineClassifier",
    "BaselineRegressor",
    "DNNClassifier",
    "DNNLinearCombinedClassifier",
    "DNNLinearCombinedRegressor",
    "DNNRegressor",
    "LinearClassifier",
    "LinearRegressor",
]
