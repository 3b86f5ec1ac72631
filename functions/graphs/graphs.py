"""/v1/graphs: store, list, fetch, replace, patch and delete graphs."""

from aws_lambda_powertools.event_handler import Response

from graphgate_service import (
    api,
    auth,
    graph_documents,
    graphs,
    onnx_graphs,
    openapi,
    problems,
    rest,
    tf_graphs,
)

app = api.create_app()
# GET /v1/graphs/{id} and its revisions answer in these media types.
GRAPH_MEDIA = (
    "application/json",
    "text/vnd.graphviz",
    "image/svg+xml",
    onnx_graphs.ONNX,
    tf_graphs.GRAPH_DEF,
)
REVISION_MEDIA = ("application/json", "image/svg+xml", onnx_graphs.ONNX, tf_graphs.GRAPH_DEF)


def _create_request(tenant: str, new_graph: bool = False) -> tuple[dict, dict | None]:
    """(CreateGraphRequest, source): the JSON body, or an ONNX model converted (for a
    `new_graph`, once the plan is known to have room for one)."""
    if rest.media_type(app) != onnx_graphs.ONNX:
        return api.json_body(app, "CreateGraphRequest"), None
    if new_graph:
        graphs.require_room(tenant, graphs=1)
    return onnx_graphs.create_request(tenant, rest.raw_body(app), rest.Query(app))


@app.post("/v1/graphs")
def create_graph():
    tenant = auth.principal(app).tenant_id
    graph = graphs.create(tenant, *_create_request(tenant, new_graph=True))
    return rest.respond(
        201, graph, {"Location": f"/v1/graphs/{graph['id']}", "ETag": graph["etag"]}
    )


@app.get("/v1/graphs")
def list_graphs():
    query, tenant = rest.Query(app), auth.principal(app).tenant_id
    # An empty name_prefix is every name; an empty tag or hash matches nothing meant.
    given = {"name_prefix": query.get("name_prefix")}
    given |= {name: query.filter(name) for name in ("tag", "content_hash")}
    filters = {name: value for name, value in given.items() if value}
    return rest.listing(app, lambda limit, cursor: graphs.page(tenant, limit, cursor, filters))


def _onnx(meta: dict, document: dict, headers: dict[str, str]) -> Response:
    query = rest.Query(app)
    blob = onnx_graphs.export(
        document, meta.get("source"), query.listed("fetch"), query.listed("feed")
    )
    disposition = f'attachment; filename="{meta["id"]}-{meta["revision"]}.onnx"'
    return Response(200, onnx_graphs.ONNX, blob, {**headers, "Content-Disposition": disposition})


def _graph_def(meta: dict, document: dict, headers: dict[str, str]) -> Response:
    blob = tf_graphs.export(document)
    disposition = f'attachment; filename="{meta["id"]}-{meta["revision"]}.pb"'
    return Response(200, tf_graphs.GRAPH_DEF, blob, {**headers, "Content-Disposition": disposition})


@app.get("/v1/graphs/<graph_id>")
def get_graph(graph_id: str):
    media = rest.negotiate(app, GRAPH_MEDIA)
    tenant = auth.principal(app).tenant_id
    meta, document = graphs.get(tenant, graph_id)
    etag = rest.representation_etag(meta["etag"], media)
    if unchanged := rest.conditional_read(app, etag, "ETAG_MISMATCH"):
        return unchanged
    if media == onnx_graphs.ONNX:
        return _onnx(meta, document, {"ETag": etag})
    if media == tf_graphs.GRAPH_DEF:
        return _graph_def(meta, document, {"ETag": etag})
    if media == "text/vnd.graphviz":
        return Response(200, media, graph_documents.to_dot(meta["name"], document), {"ETag": etag})
    if media == "image/svg+xml":
        drawing = graph_documents.to_svg(meta, document, rest.Query(app).get("expand"), tenant)
        return Response(200, media, drawing, {"ETag": etag})
    described = graph_documents.describe_stored(tenant, graph_id, meta["revision"], document)
    graph = graphs.resource(meta, document, described)
    return rest.respond(200, graphs.shown(tenant, graph), {"ETag": etag})


@app.put("/v1/graphs/<graph_id>")
def replace_graph(graph_id: str):
    tenant = auth.principal(app).tenant_id
    request, source = _create_request(tenant)
    graph = graphs.replace(
        tenant,
        graph_id,
        rest.header(app, "If-Match"),
        request,
        source,
        if_none_match=rest.header(app, "If-None-Match"),
    )
    return rest.respond(200, graph, {"ETag": graph["etag"]})


@app.patch("/v1/graphs/<graph_id>")
def patch_graph(graph_id: str):
    formats = openapi.request_media_types("/v1/graphs/{graphId}", "PATCH")
    if rest.media_type(app) not in formats:
        # RFC 5789 §2.2: the refusal names the patch formats taken, in Accept-Patch.
        raise problems.UnsupportedMediaType(
            "PATCH takes application/merge-patch+json (RFC 7396).",
            code="UNSUPPORTED_MEDIA_TYPE",
            headers={"Accept-Patch": ", ".join(formats)},
        )
    graph = graphs.patch(
        auth.principal(app).tenant_id,
        graph_id,
        rest.header(app, "If-Match"),
        api.json_body(app, "GraphMetadataPatch"),
        if_none_match=rest.header(app, "If-None-Match"),
    )
    return rest.respond(200, graph, {"ETag": graph["etag"]})


@app.delete("/v1/graphs/<graph_id>")
def delete_graph(graph_id: str):
    graphs.delete(
        auth.principal(app).tenant_id,
        graph_id,
        rest.header(app, "If-Match"),
        force=rest.Query(app).boolean("force"),
        if_none_match=rest.header(app, "If-None-Match"),
    )
    return Response(204)


@app.get("/v1/graphs/<graph_id>/revisions")
def list_revisions(graph_id: str):
    tenant = auth.principal(app).tenant_id
    return rest.listing(
        app, lambda limit, cursor: graphs.revisions(tenant, graph_id, limit, cursor)
    )


@app.get("/v1/graphs/<graph_id>/revisions/<revision>")
def get_revision(graph_id: str, revision: str):
    media = rest.negotiate(app, REVISION_MEDIA)
    number = rest.path_integer("revision", revision)
    tenant = auth.principal(app).tenant_id
    if media == onnx_graphs.ONNX:
        return _onnx(*graphs.revision_of(tenant, graph_id, number), {})
    if media == tf_graphs.GRAPH_DEF:
        return _graph_def(*graphs.revision_of(tenant, graph_id, number), {})
    if media == "image/svg+xml":
        meta, document = graphs.revision_of(tenant, graph_id, number)
        drawing = graph_documents.to_svg(meta, document, rest.Query(app).get("expand"), tenant)
        return Response(200, media, drawing)
    return rest.respond(200, graphs.get_revision(tenant, graph_id, number))


lambda_handler = api.entrypoint(app)
