"""Batch runs: a graph over every row of a dataset, as a Distributed Map of shards."""

import functools

from graphgate_service import api, auth, batches, rest

app = api.create_app()


@app.post("/v1/batches")
def submit_batch():
    batch = batches.submit(auth.principal(app), api.json_body(app, "BatchRequest"))
    return rest.respond(202, batch, {"Location": f"/v1/batches/{batch['id']}"})


@app.get("/v1/batches")
def list_batches():
    return rest.listing(app, functools.partial(batches.page, auth.principal(app).tenant_id))


@app.get("/v1/batches/<batch_id>")
def get_batch(batch_id: str):
    return rest.respond(200, batches.get(auth.principal(app).tenant_id, batch_id))


@app.delete("/v1/batches/<batch_id>")
def cancel_batch(batch_id: str):
    return rest.respond(202, batches.cancel(auth.principal(app).tenant_id, batch_id))


lambda_handler = api.entrypoint(app)
