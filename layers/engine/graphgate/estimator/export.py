"""`tf.estimator.export`: what a serving input function returns (`ServingInputReceiver`),
the raw receiver of placeholders, and the outputs a `model_fn` exports
(`PredictOutput`, `RegressionOutput`, `ClassificationOutput`), each turned into a
signature of the saved model (saved_model/ owns the signatures and the directory)."""

from __future__ import annotations

import collections
import os
import time
from typing import Any

from ..graph import Tensor
from ..ops.array_ops import placeholder
from ..saved_model import signature_constants as sc
from ..saved_model import signature_def_utils as sdu
from ..sparse_tensor import SparseTensor
from .model_fn import invalid, wrong_type

_DEFAULT_NAMES = {
    "feature": "feature",
    "label": "label",
    "receiver_tensor": "input",
    "receiver_tensors_alternative": "input",
}


def _wrap(tensors: Any, field: str, allow_int_keys: bool = False) -> dict:
    """A dict of name to tensor: a single tensor under TF's default name for `field`."""
    if tensors is None:
        raise invalid(f"{field}s must be defined.")
    if not isinstance(tensors, dict):
        tensors = {_DEFAULT_NAMES[field]: tensors}
    for name, t in tensors.items():
        if not isinstance(name, str) and not (allow_int_keys and isinstance(name, int)):
            raise invalid(f"{field} keys must be strings: {name}.")
        if not isinstance(t, Tensor | SparseTensor):
            raise invalid(f"{field} {name} must be a Tensor, SparseTensor, or RaggedTensor.")
    return tensors


class ServingInputReceiver(
    collections.namedtuple(
        "ServingInputReceiver", ["features", "receiver_tensors", "receiver_tensors_alternatives"]
    )
):
    """What a serving input function returns: the `features` given to the model and the
    `receiver_tensors` a caller of the saved model feeds."""

    def __new__(
        cls, features: Any, receiver_tensors: Any, receiver_tensors_alternatives: Any = None
    ):
        features = _wrap(features, "feature", allow_int_keys=True)
        receiver_tensors = _wrap(receiver_tensors, "receiver_tensor")
        if receiver_tensors_alternatives is not None:
            if not isinstance(receiver_tensors_alternatives, dict):
                alternatives = receiver_tensors_alternatives
                raise invalid(f"receiver_tensors_alternatives must be a dict: {alternatives}.")
            receiver_tensors_alternatives = {
                k: _wrap(v, "receiver_tensors_alternative")
                for k, v in receiver_tensors_alternatives.items()
            }
        return super().__new__(cls, features, receiver_tensors, receiver_tensors_alternatives)


class TensorServingInputReceiver(
    collections.namedtuple(
        "TensorServingInputReceiver",
        ["features", "receiver_tensors", "receiver_tensors_alternatives"],
    )
):
    """A `ServingInputReceiver` whose features reach the model as one tensor, unwrapped."""

    def __new__(
        cls, features: Any, receiver_tensors: Any, receiver_tensors_alternatives: Any = None
    ):
        if features is None:
            raise invalid("features must be defined.")
        if not isinstance(features, Tensor | SparseTensor):
            raise invalid(f"feature must be a Tensor, SparseTensor, or RaggedTensor: {features}")
        receiver = ServingInputReceiver(features, receiver_tensors, receiver_tensors_alternatives)
        return super().__new__(
            cls, features, receiver.receiver_tensors, receiver.receiver_tensors_alternatives
        )


def _placeholder_like(t: Tensor, default_batch_size: int | None) -> Tensor:
    # TF names each placeholder after the feature tensor's op, so a serving graph's inputs
    # keep the names the training graph had.
    dims = t.get_shape().as_list() if t.get_shape().ndims is not None else None
    shape = None if dims is None else [default_batch_size, *dims[1:]]
    return placeholder(t.dtype, shape=shape, name=t.op.name)


def build_raw_serving_input_receiver_fn(features: dict, default_batch_size: int | None = None):
    """A serving input function of one placeholder per feature (dtype and shape of the
    given tensors, batch dimension `default_batch_size`), fed directly."""

    def serving_input_receiver_fn() -> ServingInputReceiver:
        receivers = {k: _placeholder_like(t, default_batch_size) for k, t in features.items()}
        return ServingInputReceiver(receivers, receivers.copy())

    return serving_input_receiver_fn


def build_parsing_serving_input_receiver_fn(
    feature_spec: dict, default_batch_size: int | None = None
):
    """A serving input function that takes serialized `tf.train.Example`s (one string
    placeholder, `input_example_tensor`, received as `examples`) and parses them by
    `feature_spec` (`tf.feature_column.make_parse_example_spec` of the model's columns)."""
    from ..ops.parsing_ops import parse_example

    def serving_input_receiver_fn() -> ServingInputReceiver:
        from .. import dtypes

        serialized = placeholder(dtypes.string, [default_batch_size], "input_example_tensor")
        features = parse_example(serialized, feature_spec)
        return ServingInputReceiver(features, {"examples": serialized})

    return serving_input_receiver_fn


class ExportOutput:
    """An output a saved model's signature exposes."""

    def as_signature_def(self, receiver_tensors: dict) -> Any:
        raise NotImplementedError


def _output_dict(outputs: Any, single_name: str, label: str) -> dict:
    if not isinstance(outputs, dict):
        outputs = {single_name: outputs}
    for key, t in outputs.items():
        if not isinstance(key, str):
            raise invalid(f"{label} output key must be a string; got {key}.")
        if not isinstance(t, Tensor):
            raise invalid(f"{label} output value must be a Tensor; got {t}.")
    return outputs


class PredictOutput(ExportOutput):
    """Named output tensors for TF Serving's Predict API (a single tensor is `output`)."""

    def __init__(self, outputs: Any):
        self._outputs = _output_dict(outputs, "output", "Prediction")

    outputs = property(lambda self: self._outputs)

    def as_signature_def(self, receiver_tensors: dict) -> Any:
        return sdu.predict_signature_def(receiver_tensors, self._outputs)


def _single_string_input(receiver_tensors: dict, what: str) -> Tensor:
    if len(receiver_tensors) != 1:
        raise invalid(
            f"{what} supports only a single input tensor of type tf.string (serialized "
            f"tf.Example protos); got {len(receiver_tensors)} receiver tensors."
        )
    (examples,) = receiver_tensors.values()
    return examples


class RegressionOutput(ExportOutput):
    """A regression's float32 `value`, for the Regress API (serialized examples in)."""

    def __init__(self, value: Any):
        if not isinstance(value, Tensor) or value.dtype.name != "float32":
            raise invalid(f"Regression output value must be a float32 Tensor; got {value}")
        self._value = value

    value = property(lambda self: self._value)

    def as_signature_def(self, receiver_tensors: dict) -> Any:
        examples = _single_string_input(receiver_tensors, "Regression")
        return sdu.regression_signature_def(examples, self._value)


class ClassificationOutput(ExportOutput):
    """A classifier's float32 `scores` and string `classes`, for the Classify API."""

    def __init__(self, scores: Any = None, classes: Any = None):
        if scores is not None and (
            not isinstance(scores, Tensor) or scores.dtype.name != "float32"
        ):
            raise invalid(f"Classification scores must be a float32 Tensor; got {scores}")
        if classes is not None and (
            not isinstance(classes, Tensor) or classes.dtype.name != "string"
        ):
            raise invalid(f"Classification classes must be a string Tensor; got {classes}")
        if scores is None and classes is None:
            raise invalid("Cannot create a ClassificationOutput with empty arguments.")
        self._scores = scores
        self._classes = classes

    scores = property(lambda self: self._scores)
    classes = property(lambda self: self._classes)

    def as_signature_def(self, receiver_tensors: dict) -> Any:
        examples = _single_string_input(receiver_tensors, "Classification")
        return sdu.classification_signature_def(examples, self._classes, self._scores)


def default_export_outputs(export_outputs: Any, predictions: Any) -> dict:
    """TF's checking of a PREDICT spec's `export_outputs`: a `PredictOutput` of the
    predictions when none are given; a single output also under `serving_default`."""
    if export_outputs is None:
        return {sc.DEFAULT_SERVING_SIGNATURE_DEF_KEY: PredictOutput(predictions)}
    if not isinstance(export_outputs, dict):
        raise wrong_type(f"export_outputs must be dict, given: {export_outputs}")
    for v in export_outputs.values():
        if not isinstance(v, ExportOutput):
            raise wrong_type(
                f"Values in export_outputs must be ExportOutput objects. Given: {export_outputs}"
            )
    export_outputs = dict(export_outputs)
    if len(export_outputs) == 1:
        (value,) = export_outputs.values()
        export_outputs.setdefault(sc.DEFAULT_SERVING_SIGNATURE_DEF_KEY, value)
    if sc.DEFAULT_SERVING_SIGNATURE_DEF_KEY not in export_outputs:
        raise invalid(
            "Multiple export_outputs were provided, but none of them is specified as the "
            f"default.  Do this by naming one of them with "
            f"signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY. Given: {export_outputs}"
        )
    return export_outputs


def signature_defs(export_outputs: dict, receiver_tensors: dict) -> dict:
    """Each output's signature; those an output cannot make from these receivers (a
    Classify signature without serialized examples, ...) are left out, as TF does."""
    found = {}
    for key, output in export_outputs.items():
        try:
            found[f"{key or 'None'}"] = output.as_signature_def(receiver_tensors)
        except ValueError:
            continue
    return found


def timestamped_export_dir(export_dir_base: str) -> str:
    """`export_dir_base/<seconds since the epoch>`, one not yet taken (TF's layout, which
    TF Serving reads as model versions)."""
    for _ in range(10):
        candidate = os.path.join(export_dir_base, str(int(time.time())))
        if not os.path.exists(candidate):
            return candidate
        time.sleep(1)
    raise invalid("Failed to obtain a unique export directory name after 10 attempts.")
