"""TF Serving's REST `classify` and `regress`: `tf.train.Example`s written as JSON objects,
run through a version whose signature reads serialized Examples, answered as TF Serving
answers.

The rules are TF Serving's own (`json_tensor.cc`, `classifier.cc`, `regressor.cc`), and
so are the error texts, which its clients show: a JSON number with a fraction or an
exponent is a float_list value, one without an int64_list value, a bool an int64 0/1, a
string or `{"b64": ...}` a bytes_list value, a list several values of one kind;
`context` features are merged into every example (an example's own feature wins, as
protobuf's merge of the two messages does). The answer's key is `results`, what TF
Serving's server writes (its REST page's examples say `result`; clients read the
server's). docs/models.md and the decision log (2026-12-05) say why.
"""

import base64
import binascii
from typing import Any

import numpy as np

from graphgate_service import models, problems

CLASSIFY = "tensorflow/serving/classify"
REGRESS = "tensorflow/serving/regress"
INPUTS = "inputs"  # the serialized Examples, in both methods' SignatureDefs
CLASSES, SCORES, OUTPUTS = "classes", "scores", "outputs"
INT64_MIN, INT64_MAX, UINT64_MAX = -(2**63), 2**63 - 1, 2**64 - 1
FLOAT32_MAX = float(np.finfo(np.float32).max)
METHODS = {"classify": (CLASSIFY, "classification"), "regress": (REGRESS, "regression")}


def _bad(message: str, code: str = "INVALID_EXAMPLE") -> problems.BadRequest:
    return problems.BadRequest(message, code=code)


# ---------------------------------------------------------------- the request
def examples_of(body: Any) -> list[Any]:
    """The request's `examples`, checked as TF Serving checks the body before it reads
    one (how many there are is then known, before any is serialized)."""
    if not isinstance(body, dict):
        raise _bad("Request body must be a JSON object.", "VALIDATION_FAILED")
    examples = body.get("examples")
    if "examples" not in body:
        raise _bad(
            "When method is classify, key 'examples' is expected and was not found",
            "VALIDATION_FAILED",
        )
    if not isinstance(examples, list):
        raise _bad("Expecting 'examples' value to be an list/array", "VALIDATION_FAILED")
    if not examples:
        raise _bad("'examples' value is an empty array", "VALIDATION_FAILED")
    return examples


def serialized_examples(body: Any, max_bytes: int) -> np.ndarray:
    """The request's examples, each merged with its `context` and serialized, as the
    string tensor a classify or regress signature reads; 422 FEED_TOO_LARGE once they
    pass `max_bytes` (the plan's bytes per run), before the rest are made.

    Each feature is serialized once, as the entry of the Features map it is in every
    example holding it, and an example is its entries joined: merging the context into
    each example as messages took about 25 ms an example for a context of 10,000 values,
    so a 72 kB body of 1,000 examples outran the function's time (a 502)."""
    examples = examples_of(body)
    context = _entries(_features(body["context"])) if "context" in body else {}
    out, total = np.empty(len(examples), object), 0
    for i, example in enumerate(examples):
        merged = {**context, **_entries(_features(example))}  # the example's own win
        out[i] = _example(merged)
        total += len(out[i])
        if total > max_bytes:
            raise problems.Unprocessable(
                f"The examples, merged with their context, pass the plan's {max_bytes} "
                f"bytes per run at example {i}.",
                code="FEED_TOO_LARGE",
                extra={"cap": "run_bytes", "limit": max_bytes},
            )
    return out


def _entries(features: dict[str, tuple[str | None, list[Any]]]) -> dict[str, bytes]:
    """Each feature as the bytes of its entry in a serialized Features map."""
    from graphgate import train

    entries = {}
    for name, (kind, values) in features.items():
        holder = train.Features()
        feature = holder.feature[name]  # created even when empty: a feature with no list
        if kind is not None:
            getattr(feature, f"{kind}_list").value.extend(values)
        entries[name] = holder.SerializeToString()
    return entries


def _example(entries: dict[str, bytes]) -> bytes:
    """A serialized Example of the Features map entries given (field 1, its map's), in
    the order the message's own serialization writes them (protobuf's deterministic one)."""
    from graphgate import protowire
    from graphgate.example_proto import map_order

    features = b"".join(entries[name] for name in sorted(entries, key=map_order))
    if not features:
        return b""
    out = bytearray()
    protowire.write_length_delimited(1, features, out)
    return bytes(out)


def _features(value: Any) -> dict[str, tuple[str | None, list[Any]]]:
    if not isinstance(value, dict):
        raise _bad(f"Example must be JSON object but got JSON {_json_type(value)}")
    return {name: _feature(name, content) for name, content in value.items()}


def _feature(name: str, content: Any) -> tuple[str | None, list[Any]]:
    """One feature's list kind (`bytes`, `float`, `int64`; None for `[]`) and values:
    the first value fixes the kind, as in TF Serving."""
    kind: str | None = None
    values: list[Any] = []
    for item in content if isinstance(content, list) else [content]:
        item_kind, converted = _value(name, item)
        if kind is not None and item_kind != kind:
            raise _bad(f"Unexpected element type in feature: {name} expecting type: {kind}")
        kind = item_kind
        values.append(converted)
    return kind, values


def _value(name: str, item: Any) -> tuple[str, Any]:
    if isinstance(item, bool):
        return "int64", int(item)
    if isinstance(item, str):
        return "bytes", item.encode()
    if isinstance(item, float):
        if abs(item) > FLOAT32_MAX and abs(item) != float("inf"):
            raise _lossy(str(item))
        return "float", item
    if isinstance(item, int):
        if INT64_MAX < item <= UINT64_MAX:
            raise _bad(f"Feature: {name} has uint64 element. Only int64 is supported.")
        if item < INT64_MIN or item > UINT64_MAX:  # rapidjson reads these as doubles
            if abs(item) > FLOAT32_MAX:
                raise _lossy(str(item)[:40])
            return "float", float(item)
        return "int64", item
    if isinstance(item, dict) and set(item) == {"b64"} and isinstance(item["b64"], str):
        try:
            return "bytes", base64.b64decode(item["b64"], validate=True)
        except (binascii.Error, ValueError):
            raise _bad("Unable to base64 decode") from None
    raise _bad(f"Feature: {name} has element with unexpected JSON type: {_json_type(item)}")


def _lossy(shown: str) -> problems.BadRequest:
    return _bad(f"Cannot convert JSON value: {shown} to float without loss of precision.")


def _json_type(value: Any) -> str:
    names = {bool: "True" if value else "False", type(None): "Null", dict: "Object"}
    names |= {list: "Array", str: "String", int: "Number", float: "Number"}
    return names.get(type(value), "Object")


# --------------------------------------------------------------- the signature
def check_signature(spec: dict[str, Any], verb: str, signature_name: Any) -> str:
    """The name of the version's Examples input, once its signature is the one asked for
    (TF Serving's default: `serving_default`) and of `verb`'s method, in TF's words."""
    method, kind = METHODS[verb]
    wanted = signature_name or models.SIGNATURE_NAME
    if wanted != spec["name"]:
        raise problems.BadRequest(
            f"No signature was found with the name: {str(wanted)[:80]}",
            code="SIGNATURE_NOT_FOUND",
        )
    found = spec.get("method_name") or models.PREDICT_METHOD
    if found != method:
        raise problems.BadRequest(
            f"Expected {kind} signature method_name to be {method}. Was: {found}",
            code="SIGNATURE_METHOD_MISMATCH",
        )
    names = [i["name"] for i in spec["inputs"]]
    if len(names) != 1:
        raise problems.BadRequest("Expected one input Tensor.", code="SIGNATURE_INVALID")
    if names[0] != INPUTS:
        raise problems.BadRequest(
            f"No {kind} inputs found in SignatureDef: {spec['name']}", code="SIGNATURE_INVALID"
        )
    return INPUTS


def wanted_outputs(spec: dict[str, Any], verb: str) -> list[str]:
    outputs = {o["name"] for o in spec["outputs"]}
    if verb == "regress":
        if OUTPUTS not in outputs or len(outputs) != 1:
            raise problems.BadRequest(
                f"No regression outputs found in SignatureDef: {spec['name']}",
                code="SIGNATURE_INVALID",
            )
        return [OUTPUTS]
    found = sorted(outputs & {CLASSES, SCORES})
    if not found:
        raise problems.BadRequest(
            "Expected classification signature outputs to contain at least one of "
            f"classes or scores. Signature was: {spec['name']}",
            code="SIGNATURE_INVALID",
        )
    return found


# ------------------------------------------------------------------ the answer
def classify_response(outputs: dict[str, np.ndarray], count: int) -> dict[str, Any]:
    """`{"results": [[[label, score], ...] per example]}`: a label is "" without a
    `classes` output and a score 0 without `scores`, as TF Serving's Class message."""
    classes, scores = outputs.get(CLASSES), outputs.get(SCORES)
    for value in (classes, scores):
        if value is not None and (value.ndim != 2 or value.shape[0] != count):
            raise _output_error(
                f"Expected Tensor shape: [batch_size num_classes] but got {list(value.shape)}"
            )
    if classes is not None and scores is not None and classes.shape != scores.shape:
        raise _output_error(
            "Tensors class and score should match in shape. Class shape: "
            f"{list(classes.shape)} Score shape: {list(scores.shape)}"
        )
    if scores is not None and scores.dtype != np.float32:
        raise _output_error(f"Expected scores Tensor of DT_FLOAT. Got: {_tf_dtype(scores)}")
    width = (classes if classes is not None else scores).shape[1]
    results = []
    for i in range(count):
        labels = [_label(classes[i, c]) if classes is not None else "" for c in range(width)]
        values = [_float32(scores[i, c]) if scores is not None else 0.0 for c in range(width)]
        results.append([[label, value] for label, value in zip(labels, values, strict=True)])
    return {"results": results}


def regress_response(outputs: dict[str, np.ndarray], count: int) -> dict[str, Any]:
    """`{"results": [value per example]}`; the output is `[batch]` or `[batch, 1]`."""
    value = outputs[OUTPUTS]
    if value.shape not in ((count,), (count, 1)):
        raise _output_error(
            "Expected output Tensor shape to be either [batch_size] or [batch_size, 1] "
            f"but got {list(value.shape)}"
        )
    if value.dtype != np.float32:
        raise _output_error(f"Expected output Tensor of DT_FLOAT. Got: {_tf_dtype(value)}")
    return {"results": [_float32(v) for v in value.reshape(-1)]}


def _tf_dtype(value: np.ndarray) -> str:
    from graphgate import dtypes

    return dtypes.as_dtype(value.dtype).name if value.dtype.kind != "O" else "string"


def _label(value: Any) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def _float32(value: Any) -> float:
    return float(float32_values(np.asarray(value, np.float32).reshape(1))[0])


# 10**p is exact in a double up to here, so a rounded integer times or over it is the
# double nearest the decimal, whose shortest text Python's json then writes.
_EXACT_POWER = 22


def float32_values(values: np.ndarray) -> np.ndarray:
    """float32 values as the float64s that JSON writes in TF Serving's text for them.

    json_tensor.cc's WriteDecimal writes a float's six significant digits when they read
    back as the same float32, else nine (0.2, 23.0258503), never the float64 widening's
    noise (0.20000000298023224). Each value stays the same float32; a value whose digits
    cannot be formed exactly in bulk (|x| below 1e-14 or above 1e30) is formatted alone.
    """
    out = values.astype(np.float64).reshape(-1)
    flat = values.reshape(-1)
    where = np.flatnonzero(np.isfinite(out) & (out != 0))
    x = out[where]
    exponent = np.floor(np.log10(np.abs(x)))
    for digits in (9, 6):  # six where they suffice, as WriteDecimal tries them first
        p = digits - 1 - exponent
        bulk = np.abs(p) <= _EXACT_POWER
        scale = 10.0 ** np.where(bulk, np.abs(p), 0)
        rounded = np.where(p >= 0, np.round(x * scale) / scale, np.round(x / scale) * scale)
        same = bulk & (rounded.astype(np.float32) == flat[where])
        out[where[same]] = rounded[same]
        for i in where[~bulk]:
            text = float(f"{float(flat[i]):.{digits}g}")
            if np.float32(text) == flat[i]:
                out[i] = text
    return out.reshape(values.shape)


def _output_error(message: str) -> problems.BadRequest:
    return problems.BadRequest(message, code="SIGNATURE_INVALID")
