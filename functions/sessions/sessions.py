"""Running graphs: one-shot runs, sessions, their variables and their runs, and the
data they run on (uploads and datasets)."""

import functools

from aws_lambda_powertools.event_handler import Response

from graphgate_service import (
    api,
    auth,
    datasets,
    jobs,
    rest,
    runs,
    sessions,
    tf_saved_models,
    uploads,
)

app = api.create_app()
NPZ = "application/x-npz"
# Their answers hold presigned URLs: a replay signs them again (docs/api.md#idempotency).
api.refresh_replays("/v1/uploads", uploads.replayed)
api.refresh_replays("/v1/datasets", datasets.replayed)


def remaining_s() -> float | None:
    context = app.lambda_context
    return context.get_remaining_time_in_millis() / 1000 if context else None


@app.post("/v1/graphs/<graph_id>/runs")
def run_graph(graph_id: str):
    request = api.json_body(app, "RunRequest")
    return rest.respond(
        200,
        runs.run_graph(auth.principal(app), graph_id, request, remaining_s(), api.arrived_at(app)),
    )


@app.post("/v1/uploads")
def create_upload():
    # No body was the request before its size was required: answered as `bytes` missing.
    request = api.json_body(app, "CreateUploadRequest", empty_as={})
    upload = uploads.create(auth.principal(app), request)
    return rest.respond(201, upload, {"Location": upload["url"]})


@app.post("/v1/datasets")
def create_dataset():
    dataset = datasets.create(auth.principal(app), api.json_body(app, "CreateDatasetRequest"))
    return rest.respond(201, dataset, {"Location": f"/v1/datasets/{dataset['id']}"})


@app.post("/v1/datasets/<dataset_id>/complete")
def complete_dataset(dataset_id: str):
    return rest.respond(200, datasets.complete(auth.principal(app), dataset_id))


@app.get("/v1/datasets")
def list_datasets():
    return rest.listing(app, functools.partial(datasets.page, auth.principal(app).tenant_id))


@app.get("/v1/datasets/<dataset_id>")
def get_dataset(dataset_id: str):
    return rest.respond(200, datasets.view(datasets.get(auth.principal(app).tenant_id, dataset_id)))


@app.delete("/v1/datasets/<dataset_id>")
def delete_dataset(dataset_id: str):
    datasets.delete(auth.principal(app).tenant_id, dataset_id)
    return Response(204)


@app.post("/v1/sessions")
def create_session():
    session = sessions.create(auth.principal(app), api.json_body(app, "CreateSessionRequest"))
    return rest.respond(201, session, {"Location": f"/v1/sessions/{session['id']}"})


@app.get("/v1/sessions")
def list_sessions():
    return rest.listing(app, functools.partial(sessions.page, auth.principal(app).tenant_id))


@app.get("/v1/sessions/<session_id>")
def get_session(session_id: str):
    tenant = auth.principal(app).tenant_id
    if rest.negotiate(app, ("application/json", tf_saved_models.ZIP)) == tf_saved_models.ZIP:
        return _saved_model(tenant, session_id)
    session = sessions.get(tenant, session_id)
    # The JSON has no ETag (its expiry moves with every run): only `*` can name it.
    if unchanged := rest.conditional_read_untagged(app):
        return unchanged
    return rest.respond(200, session)


def _saved_model(tenant: str, session_id: str) -> Response:
    meta = sessions.session_meta(tenant, session_id)
    etag = tf_saved_models.etag(meta["version"])
    if unchanged := rest.conditional_read(app, etag, "VERSION_MISMATCH"):
        return unchanged
    query = rest.Query(app)
    blob = tf_saved_models.of_session(tenant, meta, query.listed("fetch"), query.listed("feed"))
    filename = f"{session_id}-{meta['version']}.zip"
    return tf_saved_models.answer(tenant, blob, etag, filename)


@app.delete("/v1/sessions/<session_id>")
def delete_session(session_id: str):
    sessions.delete(auth.principal(app).tenant_id, session_id)
    return Response(204)


@app.get("/v1/sessions/<session_id>/variables")
def get_variables(session_id: str):
    tenant = auth.principal(app).tenant_id
    if rest.negotiate(app, ("application/json", NPZ)) == NPZ:
        blob, version = sessions.export_npz(tenant, session_id)
        etag = rest.representation_etag(f'"{version}"', NPZ)
        if unchanged := rest.conditional_read(app, etag, "VERSION_MISMATCH"):
            return unchanged
        return Response(
            200,
            NPZ,
            blob,
            {
                "ETag": etag,
                "Content-Disposition": f'attachment; filename="{session_id}.npz"',
            },
        )
    b64 = rest.Query(app).choice("encoding", ("json", "b64")) == "b64"
    body = sessions.variables(tenant, session_id, b64)
    etag = f'"{body["version"]}"'
    return rest.conditional_read(app, etag, "VERSION_MISMATCH") or rest.respond(
        200, body, {"ETag": etag}
    )


@app.put("/v1/sessions/<session_id>/variables")
def put_variables(session_id: str):
    values = (
        sessions.import_npz(auth.principal(app), rest.raw_body(app))
        if rest.media_type(app) == NPZ
        else sessions.decode_variables(api.json_body(app, "AssignVariables"))
    )
    return _assign(session_id, values)


@app.put("/v1/sessions/<session_id>/variables/<name>")
def put_variable(session_id: str, name: str):
    return _assign(
        session_id, sessions.decode_variables({"variables": {name: api.json_body(app, "Tensor")}})
    )


def _assign(session_id: str, values: dict):
    result = sessions.assign(
        auth.principal(app),
        session_id,
        values,
        rest.header(app, "If-Match"),
        if_none_match=rest.header(app, "If-None-Match"),
    )
    return rest.respond(200, result, {"ETag": f'"{result["version"]}"'})


@app.post("/v1/sessions/<session_id>/runs")
def run_session(session_id: str):
    request, who = api.json_body(app, "RunRequest"), auth.principal(app)
    arrived = api.arrived_at(app)  # the caller's timeout_ms counts from here
    prefers = rest.prefers_async(app)
    if prefers or runs.too_long_for_sync(who, session_id, request, remaining_s(), arrived):
        run = jobs.start(who, session_id, request, arrived)
        headers = {"Location": f"/v1/sessions/{session_id}/runs/{run['id']}"}
        if prefers:  # RFC 7240: only a preference the request stated is "applied"
            headers["Preference-Applied"] = "respond-async"
        return rest.respond(202, run, headers)
    return rest.respond(200, runs.run_session(who, session_id, request, remaining_s(), arrived))


@app.get("/v1/sessions/<session_id>/runs")
def list_runs(session_id: str):
    tenant = auth.principal(app).tenant_id
    return rest.listing(app, functools.partial(runs.page, tenant, session_id))


@app.get("/v1/sessions/<session_id>/runs/<run_id>")
def get_run(session_id: str, run_id: str):
    return rest.respond(200, runs.get(auth.principal(app).tenant_id, session_id, run_id))


@app.delete("/v1/sessions/<session_id>/runs/<run_id>")
def cancel_run(session_id: str, run_id: str):
    return rest.respond(202, runs.cancel(auth.principal(app).tenant_id, session_id, run_id))


lambda_handler = api.entrypoint(app)
