"""`tf.saved_model.signature_def_utils`: building `SignatureDef`s as TensorFlow 1.x does,
with its checks and its messages."""

from __future__ import annotations

from typing import Any

from ..dtypes import string
from ..errors import error
from ..meta_graph import SignatureDef, TensorInfo
from . import signature_constants as sc
from .utils import build_tensor_info


def build_signature_def(
    inputs: dict[str, TensorInfo] | None = None,
    outputs: dict[str, TensorInfo] | None = None,
    method_name: str | None = None,
    defaults: dict[str, Any] | None = None,
) -> SignatureDef:
    """A `SignatureDef` of `TensorInfo`s (as `build_tensor_info` makes them). TF 2's
    `defaults` (values for inputs a request leaves out) is not written: refused unless
    empty."""
    if defaults:
        raise error("UNIMPLEMENTED", "build_signature_def(defaults=...) is not supported yet")
    for group in (inputs or {}, outputs or {}):
        for key, info in group.items():
            if not isinstance(info, TensorInfo):
                raise error(
                    "INVALID_SIGNATURE",
                    f"signature entry {key!r} must be a TensorInfo (build_tensor_info), not "
                    f"{type(info).__name__}",
                )
    return SignatureDef(inputs, outputs, method_name or "")


def predict_signature_def(inputs: dict[str, Any], outputs: dict[str, Any]) -> SignatureDef:
    """A predict signature of named input and output tensors (TF Serving's Predict API)."""
    if not inputs:
        raise error("INVALID_SIGNATURE", "Prediction `inputs` cannot be None or empty.")
    if not outputs:
        raise error("INVALID_SIGNATURE", "Prediction `outputs` cannot be None or empty.")
    return build_signature_def(
        {k: build_tensor_info(t) for k, t in inputs.items()},
        {k: build_tensor_info(t) for k, t in outputs.items()},
        sc.PREDICT_METHOD_NAME,
    )


def _string_examples(examples: Any, what: str, found: str) -> TensorInfo:
    if examples is None:
        raise error("INVALID_SIGNATURE", f"{what} `examples` cannot be None.")
    info = build_tensor_info(examples)
    if examples.dtype != string:
        raise error(
            "INVALID_SIGNATURE",
            f"{what} input tensors must be of type string. {found} {info.dtype}",
        )
    return info


def classification_signature_def(examples: Any, classes: Any, scores: Any) -> SignatureDef:
    """A classify signature: serialized `tf.Example`s in, `classes` and/or `scores` out."""
    info = _string_examples(examples, "Classification", "Found tensors of type")
    if classes is None and scores is None:
        raise error(
            "INVALID_SIGNATURE", "Classification `classes` and `scores` cannot both be None."
        )
    outputs = {}
    if classes is not None:
        outputs[sc.CLASSIFY_OUTPUT_CLASSES] = build_tensor_info(classes)
    if scores is not None:
        outputs[sc.CLASSIFY_OUTPUT_SCORES] = build_tensor_info(scores)
    return build_signature_def({sc.CLASSIFY_INPUTS: info}, outputs, sc.CLASSIFY_METHOD_NAME)


def regression_signature_def(examples: Any, predictions: Any) -> SignatureDef:
    """A regress signature: serialized `tf.Example`s in, `predictions` out."""
    info = _string_examples(examples, "Regression", "Found tensors with type")
    if predictions is None:
        raise error("INVALID_SIGNATURE", "Regression `predictions` cannot be None.")
    return build_signature_def(
        {sc.REGRESS_INPUTS: info},
        {sc.REGRESS_OUTPUTS: build_tensor_info(predictions)},
        sc.REGRESS_METHOD_NAME,
    )


def is_valid_signature(signature_def: Any) -> bool:
    """Whether TF Serving would accept the signature for its method."""
    if not isinstance(signature_def, SignatureDef) or not signature_def.method_name:
        return False
    method = signature_def.method_name
    if method == sc.PREDICT_METHOD_NAME:
        return bool(signature_def.inputs and signature_def.outputs)
    # TF's rules: examples in as strings; classes out as strings, scores and regression
    # outputs as float32.
    dtypes = {
        sc.CLASSIFY_METHOD_NAME: (
            {sc.CLASSIFY_INPUTS: "string"},
            {sc.CLASSIFY_OUTPUT_CLASSES: "string", sc.CLASSIFY_OUTPUT_SCORES: "float32"},
        ),
        sc.REGRESS_METHOD_NAME: ({sc.REGRESS_INPUTS: "string"}, {sc.REGRESS_OUTPUTS: "float32"}),
    }.get(method)
    if dtypes is None:
        return False
    inputs, outputs = dtypes
    return (
        set(signature_def.inputs) == set(inputs)
        and bool(signature_def.outputs)
        and set(signature_def.outputs) <= set(outputs)
        and all(i.dtype_name == inputs[k] for k, i in signature_def.inputs.items())
        and all(o.dtype_name == outputs[k] for k, o in signature_def.outputs.items())
    )


__all__ = [
    "build_signature_def",
    "classification_signature_def",
    "is_valid_signature",
    "predict_signature_def",
    "regression_signature_def",
]
