"""GET /console, its files and /docs: the web console and the interactive API docs."""

import json
from pathlib import Path

from graphgate_service import api, openapi, static_site

app = api.create_app()
SITE = static_site.Site(
    Path(__file__).parent / "static",
    {
        "openapi.json": lambda: static_site.asset(
            json.dumps(openapi.public_document()), "application/json"
        )
    },
)


@app.get("/console")
def get_console():
    return SITE.respond(app, "index.html")


@app.get("/console/<asset>")
def get_console_asset(asset: str):
    return SITE.respond(app, asset, pages=False)


@app.get("/docs")
def get_docs():
    return SITE.respond(app, "docs.html")


lambda_handler = api.entrypoint(app)
