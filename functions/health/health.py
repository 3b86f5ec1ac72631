"""GET /v1/health: proves the path from the edge through a function to storage."""

from graphgate_service import api, health

app = api.create_app()


@app.get("/v1/health")
def get_health():
    return health.report()


lambda_handler = api.entrypoint(app)
