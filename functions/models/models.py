"""Models: graphgate's own /v1/models resource, and predictions spoken as KServe's
Open Inference Protocol v2 (/v2/models) and as TF Serving's REST API (/tfserving)."""

import functools

from aws_lambda_powertools.event_handler import Response

from graphgate_service import api, auth, model_protocols, models, rest, tf_saved_models

app = api.create_app()
JSON, OCTET_STREAM = "application/json", "application/octet-stream"


def remaining_s() -> float | None:
    context = app.lambda_context
    return context.get_remaining_time_in_millis() / 1000 if context else None


def tenant() -> str:
    return auth.principal(app).tenant_id


def answered_by(body: dict, version: int) -> Response:
    return rest.respond(200, body, {"X-Model-Version": str(version)})


def inference_request() -> dict | model_protocols.RawInput:
    """An OIP inference request: JSON, or JSON and raw bytes (binary-data extension).
    NaN and Infinity tokens are taken, as Triton's parser takes them and tritonclient's
    json.dumps writes them."""
    header_length = rest.header(app, model_protocols.BINARY_HEADER)
    if header_length is None:
        return api.json_body(app, "InferenceRequest", any_media_type=True, non_finite=True)
    return model_protocols.kserve_binary_body(rest.raw_body(app), header_length)


# ------------------------------------------------------------- /v1/models
@app.post("/v1/models")
def create_version():
    version = models.create(auth.principal(app), api.json_body(app, "CreateModelVersionRequest"))
    location = f"/v1/models/{version['model']}/versions/{version['version']}"
    return rest.respond(201, version, {"Location": location})


@app.get("/v1/models")
def list_models():
    return rest.listing(app, functools.partial(models.page, tenant()))


@app.get("/v1/models/<model>")
def get_model(model: str):
    body, etag = models.get(tenant(), model)
    return rest.conditional_read(app, etag, "VERSION_MISMATCH") or rest.respond(
        200, body, {"ETag": etag}
    )


@app.get("/v1/models/<model>/versions")
def list_versions(model: str):
    return rest.listing(app, functools.partial(models.versions, tenant(), model))


@app.get("/v1/models/<model>/versions/<version>")
def get_version(model: str, version: str):
    media = rest.negotiate(app, (JSON, tf_saved_models.ZIP))
    number = models.version_number(version)
    if media == tf_saved_models.ZIP:
        return _saved_model(model, number)
    body, etag = models.get_version(tenant(), model, number), f'"{number}"'
    return rest.conditional_read(app, etag, "VERSION_MISMATCH") or rest.respond(
        200, body, {"ETag": etag}
    )


def _saved_model(model: str, number: int) -> Response:
    etag = tf_saved_models.etag(number)
    found = models.version_record(tenant(), model, number)  # a missing one is 404, not 304
    if unchanged := rest.conditional_read(app, etag, "VERSION_MISMATCH"):
        return unchanged
    blob = tf_saved_models.of_version(tenant(), model, found)
    return tf_saved_models.answer(tenant(), blob, etag, f"{model}-{number}.zip")


@app.delete("/v1/models/<model>/versions/<version>")
def delete_version(model: str, version: str):
    models.delete_version(tenant(), model, models.version_number(version))
    return Response(204)


@app.get("/v1/models/<model>/labels/<label>")
def get_label(model: str, label: str):
    body, etag = models.get_label(tenant(), model, label)
    return rest.conditional_read(app, etag, "VERSION_MISMATCH") or rest.respond(
        200, body, {"ETag": etag}
    )


def _conditions() -> tuple[str | None, str | None]:
    return rest.header(app, "If-Match"), rest.header(app, "If-None-Match")


@app.put("/v1/models/<model>/labels/<label>")
def set_label(model: str, label: str):
    target = api.json_body(app, "ModelLabelTarget")
    body, etag = models.set_label(tenant(), model, label, target, *_conditions())
    return rest.respond(200, body, {"ETag": etag})


@app.delete("/v1/models/<model>/labels/<label>")
def delete_label(model: str, label: str):
    _, etag = models.set_label(tenant(), model, label, None, *_conditions())
    return Response(204, headers={"ETag": etag})


# -------------------------------------------------------- KServe (OIP v2)
@app.get("/v2")
def kserve_server():
    return rest.respond(200, model_protocols.kserve_server())


@app.get("/v2/health/live")
def kserve_live():
    # Answering at all is being live; ready means able to load models from storage.
    return rest.respond(200, {"live": True})


@app.get("/v2/health/ready")
def kserve_server_ready():
    models.ping()
    return rest.respond(200, {"ready": True})


@app.get("/v2/models/<model>")
def kserve_model(model: str):
    return rest.respond(200, model_protocols.kserve_model(tenant(), model, None))


@app.get("/v2/models/<model>/versions/<version>")
def kserve_model_version(model: str, version: str):
    return rest.respond(200, model_protocols.kserve_model(tenant(), model, version))


@app.get("/v2/models/<model>/ready")
def kserve_ready(model: str):
    return rest.respond(200, model_protocols.kserve_ready(tenant(), model, None))


@app.get("/v2/models/<model>/versions/<version>/ready")
def kserve_version_ready(model: str, version: str):
    return rest.respond(200, model_protocols.kserve_ready(tenant(), model, version))


@app.post("/v2/models/<model>/infer")
def kserve_infer(model: str):
    return _kserve_infer(model, None)


@app.post("/v2/models/<model>/versions/<version>/infer")
def kserve_version_infer(model: str, version: str):
    return _kserve_infer(model, version)


def _kserve_infer(model: str, version: str | None) -> Response:
    # Binary outputs only to a client that accepts them by name: API Gateway turns a
    # base64 answer into bytes only when the request's Accept names a binary media type.
    binary = rest.negotiate(app, (JSON, OCTET_STREAM)) == OCTET_STREAM
    body = inference_request()
    answer, tail, used = model_protocols.kserve_infer(
        auth.principal(app), model, version, body, remaining_s(), binary
    )
    if not binary:
        return answered_by(answer, used)
    content, header_length = model_protocols.kserve_binary_answer(answer, tail)
    headers = {"X-Model-Version": str(used), model_protocols.BINARY_HEADER: str(header_length)}
    return Response(200, OCTET_STREAM, content, headers)


# ------------------------------------------------------------ TF Serving
@app.get("/tfserving/v1/models/<model>")
def tfserving_status(model: str):
    model_protocols.refuse_verb_get(model)
    return rest.respond(200, model_protocols.tfserving_model_status(tenant(), model, None))


@app.post("/tfserving/v1/models/<model>")
def tfserving_post(model: str):
    name, verb = model_protocols.split_verb(model, verb_required=True)
    return _tf_call(name, None, verb)


@app.get("/tfserving/v1/models/<model>/metadata")
def tfserving_metadata(model: str):
    return rest.respond(200, model_protocols.tfserving_model_metadata(tenant(), model, None))


@app.get("/tfserving/v1/models/<model>/<kind>/<selector>")
def tfserving_selected_status(model: str, kind: str, selector: str):
    model_protocols.refuse_verb_get(selector)
    chosen = model_protocols.selector(kind, selector, verb_required=False)
    return rest.respond(200, model_protocols.tfserving_model_status(tenant(), model, chosen))


@app.post("/tfserving/v1/models/<model>/<kind>/<selector>")
def tfserving_selected_post(model: str, kind: str, selector: str):
    value, verb = model_protocols.split_verb(selector, verb_required=True)
    return _tf_call(model, model_protocols.selector(kind, value, verb_required=False), verb)


@app.get("/tfserving/v1/models/<model>/<kind>/<selector>/metadata")
def tfserving_selected_metadata(model: str, kind: str, selector: str):
    chosen = model_protocols.selector(kind, selector, verb_required=False)
    return rest.respond(200, model_protocols.tfserving_model_metadata(tenant(), model, chosen))


def _tf_call(model: str, selector: tuple[str, str] | None, verb: str) -> Response:
    # TF Serving's REST API takes NaN and Infinity tokens, as it writes them.
    body = api.json_body(app, non_finite=True, any_media_type=True)
    answer, version = model_protocols.tfserving_call(
        auth.principal(app), model, selector, verb, body, remaining_s()
    )
    return answered_by(answer, version)


lambda_handler = model_protocols.protocol_errors(api.entrypoint(app))
