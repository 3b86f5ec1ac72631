"""The two prediction protocols clients already speak, translated to and from
`graphgate_service.models`:

- KServe's Open Inference Protocol v2 (`/v2/models/...`): tensors are the objects
  graphgate's wire format already uses (`{"name", "datatype", "shape", "data"}`).
- TF Serving's REST API (`/tfserving/v1/models/...`): `instances` (rows) or `inputs`
  (columns) of plain JSON values typed by the signature, `{"error": "..."}` on failure.

API Gateway path parameters are whole segments, so TF Serving's `{name}:predict` (and
`/versions/3:predict`, `/labels/stable:predict`) reach the function as one parameter;
`split_verb` takes it apart. docs/models.md and the decision log (2026-12-04) say why.
"""

import base64
import functools
import json
import math
from typing import Any

import numpy as np

from graphgate_service import (
    graph_documents,
    jsonbody,
    logs,
    models,
    openapi,
    plans,
    problems,
    rest,
    settings,
    tfserving_examples,
)

PLATFORM = "graphgate"
TF_DTYPES = {"FP16": "DT_HALF", "FP32": "DT_FLOAT", "FP64": "DT_DOUBLE", "INT32": "DT_INT32"}
TF_DTYPES |= {"INT64": "DT_INT64", "BOOL": "DT_BOOL", "BYTES": "DT_STRING"}
TF_DTYPES |= {t: f"DT_{t}" for t in ("UINT8", "INT8", "INT16", "UINT16", "UINT32", "UINT64")}
# IsNamedTensorBytes: a string output named so holds binary values, always {"b64": ...}.
BINARY_SUFFIX = "_bytes"
VERBS = ("predict", "classify", "regress")  # classify, regress: tfserving_examples


# -------------------------------------------------------------------- KServe
BINARY_HEADER = "Inference-Header-Content-Length"


class RawInput(bytes):
    """The body of Triton's raw binary request (`Inference-Header-Content-Length: 0`): one
    input's bytes and no JSON header, its name and shape read from the model's signature."""


def kserve_binary_body(raw: bytes | str | None, header_length: str) -> dict[str, Any] | RawInput:
    """A request in OIP's binary-data extension: a JSON header of `header_length` bytes,
    then the raw bytes of each input that gives `parameters.binary_data_size`, in order.
    Returned as a plain request, those inputs carrying their bytes as `b64`; a header
    length of 0 is a raw binary request, returned as its RawInput."""
    data = raw if isinstance(raw, bytes) else (raw or "").encode()
    if header_length == "0" and data:
        return RawInput(data)
    # A length of more digits than the body's own is past its end, so int() never reads one:
    # past 4,300 digits it refuses the text itself with a ValueError.
    digits = header_length.lstrip("0") if rest.is_digits(header_length) else ""
    if not 0 < len(digits) <= len(str(len(data))) or int(digits) > len(data):
        raise problems.BadRequest(
            f"{BINARY_HEADER} must be the JSON header's length in bytes.",
            code="VALIDATION_FAILED",
        )
    split = int(digits)
    body = jsonbody.loads(data[:split], non_finite=True)  # as Triton's parser, see models.py
    openapi.validate(body, "InferenceRequest")
    offset = split
    for tensor in body["inputs"]:
        size = (tensor.get("parameters") or {}).get("binary_data_size")
        if size is None:
            continue
        # A JSON true is no byte count, though Python's bool is an int: read as 1, it gave
        # a one-byte input its byte where Triton refuses the parameter.
        if type(size) is not int or size < 0:
            raise models.input_error(
                tensor["name"],
                "INPUT_MALFORMED",
                f"input {tensor['name']}: binary_data_size {size!r:.20} is not a byte count",
            )
        if offset + size > len(data):
            raise models.input_error(
                tensor["name"],
                "INPUT_MALFORMED",
                f"input {tensor['name']}: binary_data_size {size} overruns the body",
            )
        tensor["b64"] = base64.b64encode(data[offset : offset + size]).decode("ascii")
        offset += size
    if offset != len(data):
        # Triton's refusal too. Bytes left over mean the body is not what its header
        # says: one API Gateway read as text (no application/octet-stream) grows where
        # it is not UTF-8, and reading its first bytes would answer wrong numbers.
        raise problems.BadRequest(
            f"unexpected additional input data: {len(data) - offset} bytes after the inputs' "
            "binary_data_size (send binary data as Content-Type: application/octet-stream)",
            code="VALIDATION_FAILED",
        )
    return body


def raw_request(raw: RawInput, spec: dict[str, Any]) -> dict[str, Any]:
    """Triton's raw binary request as the request it stands for: the model's one input,
    its one variable dimension (if any) found from the byte count, every output binary.
    Not for BYTES, whose raw form Triton's protocol page leaves unsaid."""
    from graphgate import dtypes

    refuse = functools.partial(problems.BadRequest, code="VALIDATION_FAILED")
    if len(spec["inputs"]) != 1:
        raise refuse(
            "A raw binary request (Inference-Header-Content-Length: 0) needs a model of one input."
        )
    (tensor,) = spec["inputs"]
    shape, datatype = tensor["shape"], tensor["datatype"]
    if datatype == "BYTES" or shape is None or sum(d == -1 for d in shape) > 1:
        raise refuse(
            f"A raw binary request cannot give input {tensor['name']} ({datatype} {shape}): "
            "send the JSON header with it."
        )
    row = math.prod(d for d in shape if d != -1) * dtypes.FROM_OIP[datatype].itemsize
    if row == 0 or len(raw) % row or (-1 not in shape and len(raw) != row):
        raise refuse(f"{len(raw)} bytes do not fill input {tensor['name']} ({datatype} {shape}).")
    filled = [len(raw) // row if d == -1 else d for d in shape]
    wire = {"name": tensor["name"], "datatype": datatype, "shape": filled}
    wire |= {
        "b64": base64.b64encode(raw).decode("ascii"),
        "parameters": {"binary_data_size": len(raw)},
    }
    return {"inputs": [wire], "parameters": {"binary_data_output": True}}


def kserve_request(
    body: dict[str, Any], spec: dict[str, Any]
) -> tuple[dict[str, np.ndarray], list[str] | None]:
    """The inputs of an OIP inference request (each decoded, a 400 naming a bad one),
    and the outputs it asks for (None: all). Each input's name, datatype, shape and rows
    are checked against the signature `spec` before its value is decoded."""
    from graphgate import GraphgateError, serialization

    inputs = {}
    for tensor in body["inputs"]:
        name = tensor["name"]
        if name in inputs:
            raise models.input_error(name, "INPUT_DUPLICATE", f"input {name} is given twice")
        _refuse_unread_content_type(tensor)
        limits = graph_documents.engine_limits()
        declared = tensor.get("datatype"), tensor.get("shape")
        models.check_declared(spec, name, *declared, limits.max_tensor_elements)
        wire = {k: tensor[k] for k in ("datatype", "shape", "data", "b64") if k in tensor}
        if "data" not in wire and "b64" not in wire:
            raise models.input_error(name, "INPUT_MISSING", f"input {name} has no data")
        try:
            # OIP clients send data flat (row-major); the decoder takes nested lists too.
            inputs[name] = serialization.decode_tensor(wire, limits=limits, node=name)
        except GraphgateError as exc:
            message = f"input {name}: {exc.message}"
            if "binary_data_size" in (tensor.get("parameters") or {}):
                # Its bytes travel as the wire's b64 here; the client sent them raw.
                message = message.replace("b64", "binary data")
            raise _decoding_error(name, exc, message) from None
    _check_flag(body.get("parameters"), "binary_data_output", "The request")
    for output in body.get("outputs") or []:
        _refuse_unserved_parameters(output)
        _check_flag(output.get("parameters"), "binary_data", f"Output {output['name'][:80]}")
    wanted = [o["name"] for o in body.get("outputs") or []] or None
    return inputs, wanted


def _check_flag(parameters: Any, key: str, who: str) -> None:
    """Triton's binary-data flags are JSON booleans (its parser: "attempt to access JSON
    non-boolean as boolean"): a string "true" or a 1 is refused, never read as false."""
    flag = parameters.get(key, False) if isinstance(parameters, dict) else False
    if not isinstance(flag, bool):
        raise problems.BadRequest(
            f"{who}'s parameters.{key} must be true or false (Triton: attempt to access "
            "JSON non-boolean as boolean).",
            code="VALIDATION_FAILED",
        )


# Triton's output parameters that ask for an answer other than the tensor's JSON data:
# ignoring them would hand a client raw data where it reads top-n strings or its own
# shared memory. (`binary_data` only asks for a format, which JSON data satisfies.)
UNSERVED_OUTPUT_PARAMETERS = {
    "classification": "the classification extension (tritonclient's class_count)",
    "shared_memory_region": "the shared-memory extension",
}


# MLServer's input content types that say the data are what graphgate reads them as: a
# numpy array, UTF-8 strings. Others change their meaning ("base64": each string is the
# base64 of the bytes), so reading the data as they stand would feed the wrong values.
READ_CONTENT_TYPES = (None, "np", "str")


def _refuse_unread_content_type(tensor: dict[str, Any]) -> None:
    content = (tensor.get("parameters") or {}).get("content_type")
    if content not in READ_CONTENT_TYPES:
        name = tensor["name"]
        raise models.input_error(
            name,
            "INPUT_DTYPE_MISMATCH",
            f"input {name} has content_type {str(content)[:40]!r}, which graphgate does not "
            "decode (OIP defines no content types); send the values themselves, bytes as "
            'BYTES strings or {"b64": ...}',
        )


def _refuse_unserved_parameters(output: dict[str, Any]) -> None:
    for key, what in UNSERVED_OUTPUT_PARAMETERS.items():
        if key in (output.get("parameters") or {}):
            raise problems.BadRequest(
                f"Output {output['name'][:80]} asks for {what}, which graphgate does not "
                "serve (GET /v2 lists its extensions); ask for the tensor itself.",
                code="VALIDATION_FAILED",
            )


def kserve_response(
    name: str,
    version: int,
    request_id: str | None,
    outputs: dict[str, np.ndarray],
    binary: frozenset[str] = frozenset(),
) -> tuple[dict[str, Any], bytes]:
    """The OIP response, and the raw bytes of the outputs named in `binary` (the
    binary-data extension: each such output gives `parameters.binary_data_size` and no
    `data`, its bytes following the JSON header in order)."""
    from graphgate import serialization

    answerable(outputs, binary)
    answer: dict[str, Any] = {"model_name": name, "model_version": str(version)}
    if request_id is not None:  # OIP: an id given is returned, an empty one too
        answer["id"] = request_id
    answer["outputs"], tail = [], []
    for key, value in outputs.items():
        if key not in binary:
            answer["outputs"].append({"name": key, **serialization.encode_tensor(value)})
            continue
        # Triton's layout: little-endian, row-major; BOOL one byte; BYTES length-prefixed.
        packed = serialization.encode_tensor(value, b64=True)
        raw = base64.b64decode(packed.pop("b64"))
        answer["outputs"].append(
            {"name": key, **packed, "parameters": {"binary_data_size": len(raw)}}
        )
        tail.append(raw)
    return answer, b"".join(tail)


def binary_outputs(body: dict[str, Any], names: list[str]) -> frozenset[str]:
    """The outputs an OIP request asks for as binary data: an output's `binary_data`,
    else the request's `binary_data_output` (what tritonclient sends when it names no
    outputs)."""
    default = (body.get("parameters") or {}).get("binary_data_output") is True
    asked = {o["name"]: (o.get("parameters") or {}) for o in body.get("outputs") or []}
    return frozenset(n for n in names if asked.get(n, {}).get("binary_data", default) is True)


def kserve_binary_answer(answer: dict[str, Any], tail: bytes) -> tuple[bytes, int]:
    """A response in the binary-data extension: (the body, its JSON header's length)."""
    header = json.dumps(answer, separators=(",", ":"), ensure_ascii=False).encode()
    return header + tail, len(header)


def kserve_metadata(name: str, versions: list[int], signature: dict[str, Any]) -> dict[str, Any]:
    def tensors(specs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        # OIP has no unknown rank: [-1] says "any" for it. A scalar's [] is a shape.
        return [
            {
                "name": s["name"],
                "datatype": s["datatype"],
                "shape": [-1] if s["shape"] is None else s["shape"],
            }
            for s in specs
        ]

    return {
        "name": name,
        "versions": [str(v) for v in versions],
        "platform": PLATFORM,
        "inputs": tensors(signature["inputs"]),
        "outputs": tensors(signature["outputs"]),
    }


# ---------------------------------------------------------------- TF Serving
def split_verb(segment: str, verb_required: bool) -> tuple[str, str | None]:
    """`digits:predict` -> ("digits", "predict"); a GET's segment carries no verb."""
    value, sep, verb = segment.rpartition(":")
    if not sep:
        if verb_required:
            raise problems.NotFound(
                "POST needs a verb: <model>[/versions/<v>|/labels/<l>]:predict.",
                code="ROUTE_NOT_FOUND",
            )
        return segment, None
    if not verb_required or verb not in VERBS:
        raise problems.NotFound(f"No route for {segment[:80]!r}.", code="ROUTE_NOT_FOUND")
    return value, verb


def _tf_signature_name(body: dict[str, Any]) -> str | None:
    """A TF Serving body's `signature_name`, None when absent: given, it is a string, as
    TF Serving's FillSignature requires (`null` included: it is no string)."""
    if "signature_name" not in body:
        return None
    if not isinstance(body["signature_name"], str):
        raise problems.BadRequest(
            "'signature_name' key must be a string value.", code="VALIDATION_FAILED"
        )
    return body["signature_name"]


def tfserving_request(body: Any, spec: dict[str, Any]) -> tuple[dict[str, np.ndarray], bool]:
    """The inputs of a TF Serving predict request, typed by the signature, and whether
    it was in row format (`instances`), which the answer repeats."""
    if not isinstance(body, dict) or ("instances" in body) == ("inputs" in body):
        raise problems.BadRequest(
            'The body needs exactly one of "instances" (rows) and "inputs" (columns).',
            code="VALIDATION_FAILED",
        )
    wanted = _tf_signature_name(body)
    # TF Serving reads an empty name as the default, as it writes it in its metadata.
    if wanted and wanted != spec["name"]:
        raise problems.BadRequest(
            f"No signature {wanted[:80]!r}; this model has {spec['name']!r}.",
            code="SIGNATURE_NOT_FOUND",
        )
    names = [i["name"] for i in spec["inputs"]]
    if "instances" in body:
        columns = _columns(body["instances"], names)
        for want in spec["inputs"]:
            # A row per instance: too many is refused before any value is decoded.
            models.check_rows(want["name"], want, len(body["instances"]), spec["max_batch_size"])
        return {n: _typed(n, v, spec) for n, v in columns.items()}, True
    values = body["inputs"]
    # One input may be given bare, as TF Serving allows; a lone {"b64": ...} is such a
    # value (one binary string), not an input named b64.
    if len(names) == 1 and (not isinstance(values, dict) or _is_b64(values)):
        values = {names[0]: values}
    if not isinstance(values, dict):
        raise problems.BadRequest(f'"inputs" must name each of {names}.', code="VALIDATION_FAILED")
    for want in spec["inputs"]:
        # A column's rows are its list's length: too many is refused before it is decoded.
        column = values.get(want["name"])
        if isinstance(column, list):
            models.check_rows(want["name"], want, len(column), spec["max_batch_size"])
    return {n: _typed(n, v, spec) for n, v in values.items()}, False


def _columns(instances: Any, names: list[str]) -> dict[str, list[Any]]:
    """Row format's instances as columns, by TF Serving's rules (json_tensor.cc): a row is
    an object of the inputs by name, or, for a model of one input, its bare value; the
    first row decides which, and every row must be alike."""
    if not isinstance(instances, list):
        raise problems.BadRequest('"instances" must be a list of rows.', code="VALIDATION_FAILED")
    if not instances:
        # Not a batch of no rows: nothing in it gives an input its shape.
        raise problems.BadRequest("No values in 'instances' array.", code="VALIDATION_FAILED")
    # A `{"b64": ...}` row is one binary value (TF Serving's reading), not a named row:
    # a single string input takes serialized Examples so.
    named = [isinstance(row, dict) and not _is_b64(row) for row in instances]
    if len(names) == 1 and not named[0]:
        if any(named):
            raise problems.BadRequest(
                f"Instance {named.index(True)} of 'instances' is an object, where instance 0 "
                f"is a bare value of input {names[0]}: the rows must be alike.",
                code="VALIDATION_FAILED",
            )
        return {names[0]: instances}
    if not all(named):
        index = named.index(False)
        raise problems.BadRequest(
            f"Instance {index} of 'instances' is not an object naming the inputs {names}"
            + (", as instance 0 is." if index else "."),
            code="VALIDATION_FAILED",
        )
    columns: dict[str, list[Any]] = {}
    for row in instances:
        for key, value in row.items():
            columns.setdefault(key, []).append(value)
    for key, values in columns.items():
        # A name the model lacks is INPUT_UNKNOWN (check_inputs, listing the inputs),
        # however many rows hold it.
        if key in names and len(values) != len(instances):
            message = f"input {key} is missing from some instances"
            raise models.input_error(key, "INPUT_MISSING", message)
    return columns


def _is_b64(value: Any) -> bool:
    """TF Serving's IsValBase64Object: an object of one string member, `b64`."""
    return isinstance(value, dict) and value.keys() == {"b64"} and isinstance(value["b64"], str)


def _typed(name: str, value: Any, spec: dict[str, Any]) -> np.ndarray:
    from graphgate import GraphgateError, serialization

    declared = {i["name"]: i["datatype"] for i in spec["inputs"]}
    if name not in declared:
        return np.asarray(0)  # refused by name in models.check_inputs, which lists them
    try:
        shape = list(np.shape(value))
    except ValueError:
        raise models.input_error(name, "INPUT_SHAPE_MISMATCH", f"input {name} is ragged") from None
    try:
        return serialization.decode_tensor(
            {"datatype": declared[name], "shape": shape, "data": value},
            limits=graph_documents.engine_limits(),
            node=name,
        )
    except GraphgateError as exc:
        raise _decoding_error(name, exc, f"input {name}: {exc.message}") from None


# An input the engine's decoder refused as INVALID_TENSOR, by what it found wrong (its
# `details.problem`, serialization.TENSOR_PROBLEMS), as the codes docs/models.md lists.
INPUT_PROBLEM_CODES = {
    "shape": "INPUT_SHAPE_MISMATCH",
    "value": "INPUT_DTYPE_MISMATCH",
    "encoding": "INPUT_MALFORMED",
    "form": "INPUT_MALFORMED",
}


def _decoding_error(name: str, exc: Any, message: str) -> problems.ApiError:
    """The problem for an input the engine's decoder refused. A code passed on as the
    engine's (TENSOR_TOO_LARGE) keeps the engine's category, as graph_documents gives
    every engine error its own: it was `UNKNOWN`, a code the service's table lacks."""
    code = _input_code(exc)
    return models.input_error(name, code, message, exc.category if code == exc.code else None)


def _input_code(exc: Any) -> str:
    """A decoding error of an input, as the code the API documents for it: read from the
    error's code and the problem it names, never from its message's words."""
    if exc.code == "INVALID_TENSOR":
        return INPUT_PROBLEM_CODES.get(exc.details.get("problem"), "INPUT_MALFORMED")
    if exc.code == "TENSOR_TOO_LARGE":
        return exc.code
    # UNSUPPORTED_DTYPE, VALUE_NOT_REPRESENTABLE, FEED_DTYPE_MISMATCH: values the datatype
    # does not hold.
    return "INPUT_DTYPE_MISMATCH"


def answerable(outputs: dict[str, Any], binary: frozenset[str] = frozenset()) -> None:
    """Refuse, before encoding them (about 70 bytes an element, all at once), outputs no
    answer can carry: each element takes at least two bytes of JSON (`0,`), a binary
    output's byte four thirds of one. A model's 1e8-element output held 8 GB to be told
    RESPONSE_TOO_LARGE."""
    least = 0
    for key, value in outputs.items():
        size, array = int(np.size(value)), np.asarray(value)
        # a BYTES element is at least its 4-byte length in Triton's layout
        width = 4 if array.dtype.kind in "OSU" else array.itemsize
        least += -(-4 * size * width // 3) if key in binary else 2 * size
    if least > settings.MAX_RESPONSE_BYTES:
        raise problems.response_too_large(settings.MAX_RESPONSE_BYTES)


def tfserving_response(outputs: dict[str, np.ndarray], rows: bool) -> dict[str, Any]:
    answerable(outputs)
    if rows:
        _check_batched(outputs)
    plain = {k: _tf_serving_json(k, v) for k, v in outputs.items()}
    if not rows:
        return {"outputs": next(iter(plain.values())) if len(plain) == 1 else plain}
    if len(plain) == 1:
        return {"predictions": next(iter(plain.values()))}
    count = len(next(iter(plain.values()))) if plain else 0
    return {"predictions": [{k: v[i] for k, v in plain.items()} for i in range(count)]}


def _check_batched(outputs: dict[str, np.ndarray]) -> None:
    """Row format splits every output by its first dimension, so all need one, of one
    size; else TF Serving's refusal (json_tensor.cc), in its words, never rows cut short."""
    batch = None
    for name in sorted(outputs):
        shape = np.shape(outputs[name])
        if not shape:
            raise problems.BadRequest(
                f"Tensor name: {name} has no shape information ", code="SIGNATURE_INVALID"
            )
        if batch is not None and shape[0] != batch:
            raise problems.BadRequest(
                f"Tensor name: {name} has inconsistent batch size: {shape[0]} expecting: {batch}",
                code="SIGNATURE_INVALID",
            )
        batch = shape[0]


def _tf_serving_json(name: str, value: Any) -> Any:
    """An output's values as TF Serving's json_tensor.cc writes them."""
    from graphgate import dtypes, serialization

    if isinstance(value, bytes | str):
        # A scalar string output comes as bytes, as TF's session returns it: numpy's own
        # reading is a fixed-width S array, which JSON cannot write (a 500) and which
        # drops trailing NULs.
        value = dtypes.strings(value)
    value = np.asarray(value)
    if value.dtype == np.float32:
        return serialization.json_values(tfserving_examples.float32_values(value))
    if value.dtype.kind == "O" and name.endswith(BINARY_SUFFIX) and value.size:
        return np.vectorize(_b64_entry, otypes=[object])(value).tolist()
    return serialization.json_values(value)


def _b64_entry(entry: bytes | str) -> dict[str, str]:
    raw = entry.encode() if isinstance(entry, str) else entry
    return {"b64": base64.b64encode(raw).decode("ascii")}


def tfserving_status(versions: list[int]) -> dict[str, Any]:
    return {
        "model_version_status": [
            {
                "version": str(v),
                "state": "AVAILABLE",
                "status": {"error_code": "OK", "error_message": ""},
            }
            for v in versions
        ]
    }


def tfserving_metadata(name: str, version: int, spec: dict[str, Any]) -> dict[str, Any]:
    def tensors(specs: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            s["name"]: {
                "dtype": TF_DTYPES[s["datatype"]],
                "tensor_shape": {
                    "dim": [{"size": str(d), "name": ""} for d in s["shape"] or []],
                    "unknown_rank": s["shape"] is None,
                },
                "name": s["tensor"],
            }
            for s in specs
        }

    return {
        "model_spec": {"name": name, "signature_name": "", "version": str(version)},
        "metadata": {
            "signature_def": {
                "signature_def": {
                    spec["name"]: {
                        "inputs": tensors(spec["inputs"]),
                        "outputs": tensors(spec["outputs"]),
                        "method_name": spec.get("method_name") or models.PREDICT_METHOD,
                    }
                }
            }
        },
    }


# -------------------------------------------------------------------- errors
def protocol_errors(handler: Any) -> Any:
    """Wrap a Lambda handler so errors on the TF Serving routes take TF Serving's shape,
    `{"error": "..."}` plus graphgate's stable `code` (a member TF Serving clients
    ignore, which scripts can branch on), and problems on the KServe routes also carry
    OIP's `error` member (what OIP clients show), their members kept; both answered as
    `application/json`, as those servers answer."""

    def wrapped(event: dict[str, Any], context: Any) -> dict[str, Any]:
        response = handler(event, context)
        if response.get("statusCode", 200) < 400:
            return response
        path = event.get("path") or ""
        if path.startswith("/tfserving/"):
            return _reshaped(response, tfserving=True)
        # `/v2` itself (OIP's server metadata) too: its 405 and 406 were problem+json
        # without `error`, the one KServe route that answered unlike the others.
        if path == "/v2" or path.startswith("/v2/"):
            return _reshaped(response, tfserving=False)
        return response

    return wrapped


def _reshaped(response: dict[str, Any], tfserving: bool) -> dict[str, Any]:
    try:
        problem = json.loads(response.get("body") or "{}")
    except ValueError:
        return response
    if not isinstance(problem, dict) or "detail" not in problem:
        return response
    if tfserving:
        body = {"error": problem["detail"]}
        if "code" in problem:
            body["code"] = problem["code"]
    else:
        body = {**problem, "error": problem["detail"]}
    # Both families' servers answer errors as application/json, and the kserve SDK reads
    # `error` only from a body of exactly that type (InferenceRESTClient).
    for headers in (response.get("headers") or {}, response.get("multiValueHeaders") or {}):
        for key in [k for k in headers if k.lower() == "content-type"]:
            headers[key] = (
                ["application/json"] if isinstance(headers[key], list) else "application/json"
            )
    return {**response, "body": json.dumps(body, separators=(",", ":"), ensure_ascii=False)}


# ---------------------------------------------------------------- the routes
def kserve_infer(
    who: Any,
    name: str,
    segment: str | None,
    body: dict[str, Any] | RawInput,
    remaining_s: float | None,
    binary_allowed: bool = False,
) -> tuple[dict[str, Any], bytes, int]:
    """An OIP inference: (the response, the raw bytes of its binary outputs, the version
    that answered). Outputs are binary only where asked and `binary_allowed` (the client
    accepts application/octet-stream). The body's `id`, if any, is the request id a
    canary split is decided by; else the correlation id."""
    request_id = None if isinstance(body, RawInput) else body.get("id")
    version, label = models.version_or_label(segment) if segment else (None, None)
    chosen, spec = models.resolve_signature(
        who.tenant_id, name, version, label, request_id or _correlation()
    )
    if isinstance(body, RawInput):
        body = raw_request(body, spec)
    inputs, wanted = kserve_request(body, spec)
    outputs = models.predict(who, name, chosen, inputs, wanted, remaining_s)
    binary = binary_outputs(body, list(outputs)) if binary_allowed else frozenset()
    answer, tail = kserve_response(name, chosen, request_id, outputs, binary)
    return answer, tail, chosen


def kserve_server() -> dict[str, Any]:
    """OIP server metadata: the extensions are those of the /v2 routes graphgate serves."""
    from graphgate_service import __version__

    return {"name": PLATFORM, "version": __version__, "extensions": ["binary_tensor_data"]}


def kserve_model(tenant: str, name: str, segment: str | None) -> dict[str, Any]:
    version, label = models.version_or_label(segment) if segment else (None, None)
    chosen, spec = models.resolve_signature(tenant, name, version, label, _correlation())
    versions = [chosen] if segment else models.version_numbers(tenant, name)
    return kserve_metadata(name, versions, spec)


def kserve_ready(tenant: str, name: str, segment: str | None) -> dict[str, Any]:
    """Ready once it resolves and its plan loads (a 404 otherwise)."""
    version, label = models.version_or_label(segment) if segment else (None, None)
    chosen, _ = models.resolve_signature(tenant, name, version, label, _correlation())
    return {"name": name, "version": str(chosen), "ready": True}


def tfserving_predict(
    who: Any, name: str, selector: tuple[str, str] | None, body: Any, remaining_s: float | None
) -> tuple[dict[str, Any], int]:
    chosen, spec = _tf_resolve(who.tenant_id, name, selector)
    inputs, rows = tfserving_request(body, spec)
    outputs = models.predict(who, name, chosen, inputs, None, remaining_s)
    return tfserving_response(outputs, rows), chosen


def tfserving_call(
    who: Any,
    name: str,
    selector: tuple[str, str] | None,
    verb: str,
    body: Any,
    remaining_s: float | None,
) -> tuple[dict[str, Any], int]:
    """A TF Serving POST by its verb: (the response, the version that answered)."""
    if verb == "predict":
        return tfserving_predict(who, name, selector, body, remaining_s)
    return tfserving_examples_call(who, name, selector, verb, body, remaining_s)


def tfserving_examples_call(
    who: Any,
    name: str,
    selector: tuple[str, str] | None,
    verb: str,
    body: Any,
    remaining_s: float | None,
) -> tuple[dict[str, Any], int]:
    """`classify` or `regress`: JSON Examples through the version's signature of that
    method (tfserving_examples holds TF Serving's rules)."""
    count = len(tfserving_examples.examples_of(body))
    signature_name = _tf_signature_name(body)
    chosen, spec = _tf_resolve(who.tenant_id, name, selector)
    name_in = tfserving_examples.check_signature(spec, verb, signature_name)
    wanted = tfserving_examples.wanted_outputs(spec, verb)
    # An example per row: too many is refused before one is serialized.
    (want,) = [i for i in spec["inputs"] if i["name"] == name_in]
    models.check_rows(name_in, want, count, spec["max_batch_size"])
    max_bytes = plans.get(who.plan or "free").run_bytes
    examples = tfserving_examples.serialized_examples(body, max_bytes)
    outputs = models.predict(who, name, chosen, {name_in: examples}, wanted, remaining_s)
    if verb == "classify":
        return tfserving_examples.classify_response(outputs, len(examples)), chosen
    return tfserving_examples.regress_response(outputs, len(examples)), chosen


def tfserving_model_status(
    tenant: str, name: str, selector: tuple[str, str] | None
) -> dict[str, Any]:
    if selector is None:
        models.model_meta(tenant, name)
        # TF Serving's GetModelStatus: no version of the model is NotFound ("Could not find
        # any versions of model"), not an empty status, as its metadata and KServe say too.
        versions = models.version_numbers(tenant, name)
        if not versions:
            raise models.no_versions(name)
        return tfserving_status(versions)
    # A status names the version; it need not load it.
    return tfserving_status([models.resolve(tenant, name, *_tf_selector(selector), _correlation())])


def tfserving_model_metadata(
    tenant: str, name: str, selector: tuple[str, str] | None
) -> dict[str, Any]:
    chosen, spec = _tf_resolve(tenant, name, selector)
    return tfserving_metadata(name, chosen, spec)


def _tf_resolve(
    tenant: str, name: str, selector: tuple[str, str] | None
) -> tuple[int, dict[str, Any]]:
    """The version a TF Serving path selects and its signature."""
    return models.resolve_signature(tenant, name, *_tf_selector(selector), _correlation())


def _tf_selector(selector: tuple[str, str] | None) -> tuple[int | None, str | None]:
    """(version, label) of a TF Serving path's `versions/N` or `labels/L`, else neither."""
    kind, value = selector or ("", "")
    version = models.version_number(value) if kind == "versions" else None
    label = models.check_name(value, "label") if kind == "labels" else None
    return version, label


def _correlation() -> str:
    return logs.request_id() or ""


def refuse_verb_get(segment: str) -> None:
    """405 for a GET of a verb's URL (`digits:predict`): a model name never holds ':'
    (ModelName), so it is the URL of a POST, not a model that does not exist."""
    verb = segment.rpartition(":")[2]
    if ":" in segment and verb in VERBS:
        raise problems.MethodNotAllowed(
            f"{verb} takes a POST.", code="METHOD_NOT_ALLOWED", headers={"Allow": "POST, OPTIONS"}
        )


def selector(kind: str, segment: str, verb_required: bool) -> tuple[str, str]:
    """(`versions` or `labels`, its value) of a TF Serving path's selector segments."""
    if kind not in ("versions", "labels"):
        raise problems.NotFound(f"No route for {kind[:40]!r}.", code="ROUTE_NOT_FOUND")
    value, _ = split_verb(segment, verb_required)
    return kind, value
