"""GET /v1/usage: the caller's plan, its quota and how much of it is used today."""

from graphgate_service import api, auth, usage

app = api.create_app()


@app.get("/v1/usage")
def get_usage():
    return usage.report(auth.principal(app))


lambda_handler = api.entrypoint(app)
