"""Model versions and sessions as TensorFlow SavedModels: what `GET /v1/models/{m}/versions/{v}`
and `GET /v1/sessions/{id}` answer for `Accept: application/zip`.

The archive holds the directory TF's `SavedModelBuilder` writes (`saved_model.pb`,
`variables/variables.index`, `variables/variables.data-00000-of-00001`), written by the
engine's own builder (`graphgate.saved_model.archive`): the graph revision the version was
frozen from (or the session's), its variables as TF1's `VariableV2` restored from the
checkpoint, one meta graph tagged `serve`, and the signature. TF's
`tf.compat.v1.saved_model.loader.load`, `tf.saved_model.load` and TF Serving load it.

ZIP rather than a tar: it is a registered media type (`application/zip`; `application/x-tar`
is not), Python's `zipfile`, `unzip` and every desktop open it in one step, and its entries
are compressed one by one. An archive whose base64 form would not fit Lambda's answer goes
through storage (`uploads.download`): `303 See Other` to a short-lived presigned URL.
"""

from typing import Any

from aws_lambda_powertools.event_handler import Response

from graphgate_service import (
    models,
    problems,
    rest,
    runtime,
    sessions,
    settings,
    tf_graphs,
    uploads,
)

ZIP = "application/zip"


def etag(version: int) -> str:
    """The archive's ETag: a model version never changes (its number is never reused) and a
    session's variables change only with its version."""
    return rest.representation_etag(f'"{version}"', ZIP)


def of_version(tenant: str, name: str, found: dict[str, Any]) -> bytes:
    """A model version's archive (`found`: `models.version_record`): its source revision
    with the variables a session started from it gets (or, that revision gone, the frozen
    graph it serves), its signature under its own key."""
    graph, variables = models.exported(tenant, name, found)
    signature = found["signature"]
    inputs = {s["name"]: s["tensor"] for s in signature["inputs"]}
    outputs = {s["name"]: s["tensor"] for s in signature["outputs"]}
    key, method = signature["name"], signature.get("method_name") or models.PREDICT_METHOD
    return _archive(graph, variables, key, method, inputs, outputs)


def of_session(tenant: str, meta: dict[str, Any], fetches: list[str], feeds: list[str]) -> bytes:
    """A session's archive: its graph with its current variables, the signature
    `serving_default` of `fetches` (outputs) and `feeds` (inputs: by default every
    placeholder the fetches need)."""
    from graphgate.needed_feeds import placeholders_needed

    if not fetches:
        raise _query_error("?fetch", "REQUIRED", "Name the outputs to export with ?fetch=a,b.")
    graph = sessions.engine_graph(tenant, meta)
    variables = sessions.store().variables(tenant, meta)
    outputs = {_alias(f): _tensor(graph, f, "?fetch").name for f in fetches}
    given = [_tensor(graph, f, "?feed") for f in feeds]
    fetched = [graph.get_tensor_by_name(t) for t in outputs.values()]
    needed = sorted(placeholders_needed(fetched, {t.name for t in given}), key=lambda t: t.name)
    fed = given or needed
    missing = sorted({p.op.name for p in needed} - {t.op.name for t in fed})
    if missing:
        raise _query_error(
            "?feed", "SIGNATURE", f"The outputs need placeholders no feed names: {missing}."
        )
    inputs = {_alias(t.name): t.name for t in fed}
    return _archive(graph, variables, models.SIGNATURE_NAME, models.PREDICT_METHOD, inputs, outputs)


def answer(tenant: str, blob: bytes, etag: str, filename: str) -> Response:
    """The archive as the answer, or, past what Lambda answers, `303 See Other` to a
    presigned download of it (`expires_in` seconds, the body saying so too)."""
    headers = {"ETag": etag, "Content-Disposition": f'attachment; filename="{filename}"'}
    if settings.binary_payload_bytes(len(blob)) <= settings.MAX_RESPONSE_BYTES:
        return Response(200, ZIP, blob, headers)
    url = uploads.download(tenant, filename, blob, ZIP)
    return rest.respond(
        303, {"url": url, "expires_in": uploads.URL_TTL_S}, {**headers, "Location": url}
    )


def _archive(
    graph: Any,
    variables: dict[str, Any],
    key: str,
    method: str,
    inputs: dict[str, str],
    outputs: dict[str, str],
) -> bytes:
    from graphgate import GraphgateError
    from graphgate.saved_model import archive
    from graphgate.saved_model.signature_def_utils import build_signature_def
    from graphgate.saved_model.utils import build_tensor_info

    def infos(tensors: dict[str, str]) -> dict[str, Any]:
        return {k: build_tensor_info(graph.get_tensor_by_name(t)) for k, t in tensors.items()}

    signature = build_signature_def(infos(inputs), infos(outputs), method)
    session = runtime.session_with(graph, variables)
    try:
        return archive(session, {key: signature})
    except GraphgateError as exc:
        raise tf_graphs.export_problem(exc, "a TensorFlow SavedModel") from None


def _alias(name: str) -> str:
    """A signature key for a tensor named in the query: its name without `:0`."""
    return name[:-2] if name.endswith(":0") else name


def _tensor(graph: Any, name: str, pointer: str) -> Any:
    try:
        return graph.get_tensor_by_name(name if ":" in name else f"{name}:0")
    except (KeyError, ValueError):
        raise _query_error(pointer, "UNKNOWN", f"The graph has no tensor {name}.") from None


def _query_error(pointer: str, reason: str, message: str) -> problems.ApiError:
    return problems.BadRequest(
        message,
        code="VALIDATION_FAILED",
        errors=[{"pointer": pointer, "code": reason, "message": message}],
    )
