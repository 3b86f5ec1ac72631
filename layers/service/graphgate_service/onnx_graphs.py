"""ONNX models as graphs: what `POST /v1/graphs` stores from an `application/onnx` body (or
an upload of one) and what `GET` answers for `Accept: application/onnx`.

The converter is the engine's own (`graphgate.onnx`); the `onnx` package it needs comes
from the graphs function's OnnxLayer and is imported on the first ONNX request only, so
no other request's cold start pays for it.
"""

import json
from typing import Any

from graphgate_service import graph_documents, names, openapi, problems, runtime, uploads

ONNX = "application/onnx"
# Bounds what one conversion holds in the graphs function's 1024 MB: the model, its parsed
# protobuf, the graph and its document (weights base64-encoded, below). Measured: a 63.7 MB
# model (one float32 initializer) peaks 156 MB above the process's 362 MB, in 3.3 s.
MAX_MODEL_BYTES = 64 * 2**20
# Constants of more elements than this are stored base64-encoded (small ones stay readable).
B64_OVER = 64
# The fields of a stored `source` that are answered (a graph stored from a document has
# no source at all: docs/graphs.md).
_SOURCE_FIELDS = ("format", "opset", "producer", "producer_version", "inputs", "outputs")
# The longest producer name and version kept (ONNX sets no bound).
PRODUCER_LENGTH = 200
SOURCE_NAMES_BYTES = 64 * 1024


def create_request(
    tenant: str, body: bytes | str | None, query: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(CreateGraphRequest, source) for an ONNX model sent as the body or uploaded: its
    name, description and tags from the query (`name` defaults to the model's graph name),
    validated as a JSON request's would be."""
    from graphgate.serialization import FORMAT

    # The query's fields are checked before the model is read and converted (the work),
    # then again with the model's name and graph.
    _validated(_from_query(query, "model", {"format": FORMAT, "nodes": []}))
    blob = model_bytes(tenant, body, query.get("upload_id"))
    document, source, name = convert(blob, constants=query.boolean("constants"))
    # The model's own graph name is a default, never a reason to refuse: made to fit.
    longest = openapi.spec()["components"]["schemas"]["GraphName"]["maxLength"]
    return _validated(_from_query(query, names.fitted(name, longest, "model"), document)), source


def _from_query(query: Any, default_name: str, document: dict[str, Any]) -> dict[str, Any]:
    request = {"name": query.get("name") or default_name, "graph": document}
    if query.get("description"):
        request["description"] = query.get("description")
    if query.listed("tag"):
        request["tags"] = query.listed("tag")
    return request


def _validated(request: dict[str, Any]) -> dict[str, Any]:
    try:
        openapi.validate(request, "CreateGraphRequest")
    except problems.BadRequest as exc:
        # The fields came from the query: point at its parameters, not at a body.
        for e in exc.errors or []:
            field = e["pointer"].split("/")[1] if e["pointer"].count("/") else ""
            e["pointer"] = "?" + {"tags": "tag"}.get(field, field)
        raise
    return request


def model_bytes(tenant: str, body: bytes | str | None, upload_id: str | None) -> bytes:
    """The model sent as the body, or uploaded (POST /v1/uploads) and named by `upload_id`;
    413 over MAX_MODEL_BYTES, read no further."""
    if upload_id:
        if body:
            raise problems.BadRequest(
                "Send the model as the body or name an upload_id, not both.",
                code="VALIDATION_FAILED",
                errors=[{"pointer": "?upload_id", "code": "CONFLICT", "message": "body sent"}],
            )
        return uploads.read(tenant, upload_id, MAX_MODEL_BYTES)
    blob = body.encode("utf-8", "surrogateescape") if isinstance(body, str) else body
    if not blob:
        raise problems.BadRequest(
            "The body is empty; send the ONNX model's bytes or name an upload_id.",
            code="INVALID_DOCUMENT",
        )
    if len(blob) > MAX_MODEL_BYTES:
        raise problems.PayloadTooLarge(
            f"The model is {len(blob)} bytes; at most {MAX_MODEL_BYTES} are converted.",
            code="REQUEST_TOO_LARGE",
            extra={"limit": MAX_MODEL_BYTES},
        )
    return blob


def convert(blob: bytes, *, constants: bool) -> tuple[dict[str, Any], dict[str, Any], str]:
    """(graph document, source, the model's graph name) of an ONNX model; 400/422 naming
    what cannot be imported, found before anything large is allocated (initializers by
    their declared dims)."""
    from graphgate import GraphgateError, serialization
    from graphgate.errors import error
    from graphgate.onnx.importer import import_onnx, source_of
    from graphgate.onnx.proto import load_model

    try:
        model = load_model(blob)
        source = source_of(model)
        graph, values = import_onnx(
            model, trainable=not constants, limits=graph_documents.engine_limits()
        )
    except GraphgateError as exc:
        raise _engine_problem(exc) from None
    source["inputs"] = [values[v].op.name for v in source["inputs"]]
    source["outputs"] = [values[v].op.name for v in source["outputs"]]
    # The producer is the model's say, kept on the graph's items (400 KB each at most): a
    # 450 KB producer_name failed the write (500). Made to fit, as the graph's name is.
    for field in ("producer", "producer_version"):
        source[field] = names.fitted(source[field], PRODUCER_LENGTH, "")
    # Its input and output names are the export's defaults and cannot be cut: a model whose
    # names would not fit beside a revision's inline document (300 KB) is refused.
    names_bytes = len(json.dumps([source["inputs"], source["outputs"]]))
    if names_bytes > SOURCE_NAMES_BYTES:
        message = (
            f"the model's input and output names take {names_bytes:,} bytes; a graph keeps "
            f"at most {SOURCE_NAMES_BYTES:,}"
        )
        raise _engine_problem(error("GRAPH_TOO_LARGE", message))
    # Weights as base64: as lists of JSON numbers a model took 24x its size in memory.
    document = serialization.graph_to_dict(graph, b64_over=B64_OVER)
    return document, source, model.graph.name


def export(
    document: dict[str, Any],
    source: dict[str, Any] | None,
    fetches: list[str],
    feeds: list[str],
) -> bytes:
    """The stored graph as an ONNX model's bytes. Without `fetches`, the model's own
    outputs (and inputs) when it came from ONNX; 406 ONNX_UNSUPPORTED when ONNX cannot
    express it."""
    from graphgate import GraphgateError, serialization
    from graphgate.needed_feeds import placeholders_needed
    from graphgate.onnx import export_onnx

    graph = serialization.graph_from_dict(document, limits=graph_documents.engine_limits())
    if not fetches:
        if not source or source.get("format") != "onnx":
            raise problems.BadRequest(
                "Name the outputs to export with ?fetch=a,b (the graph was not imported "
                "from ONNX, so it has no outputs of its own).",
                code="VALIDATION_FAILED",
                errors=[{"pointer": "?fetch", "code": "REQUIRED", "message": "fetch is required"}],
            )
        fetches, feeds = source["outputs"], feeds or source["inputs"]
    # The initial values, computed as a run is: within the service's limits and the time
    # left (the exporter's own session has neither: a minute's initializer, a 502).
    session = runtime.initialized_session(graph)
    try:
        if not feeds:  # a training graph's labels are no input of its prediction
            feeds = [t.op.name for t in placeholders_needed(map(graph.resolve, fetches))]
        return export_onnx(graph, fetches, feeds, session=session).SerializeToString()
    except GraphgateError as exc:
        if exc.code != "ONNX_UNSUPPORTED":
            raise _engine_problem(exc) from None
        raise problems.NotAcceptable(
            f"The graph cannot be written as ONNX: {exc.message}",
            code="ONNX_UNSUPPORTED",
            extra={"problems": exc.details.get("problems", [])},
        ) from None


def shown_source(source: Any) -> dict[str, Any] | None:
    """The `source` of a stored graph as answered (only the fields documented)."""
    if not isinstance(source, dict):
        return None
    return {k: source[k] for k in _SOURCE_FIELDS if k in source}


def _engine_problem(exc: Any) -> problems.ApiError:
    problem = graph_documents.engine_problem(exc)
    listed = (exc.details or {}).get("problems")
    if listed:
        problem.extra["problems"] = listed
    return problem
