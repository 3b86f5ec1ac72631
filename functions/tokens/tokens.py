"""POST /v1/tokens (API key) and POST /v1/tokens/revoke (bearer, tokens:manage)."""

from graphgate_service import api, auth, rest, tokens

app = api.create_app()
# RFC 6749 section 5.1: an answer holding tokens is never stored by a cache.
NOT_CACHED = {"Cache-Control": "no-store", "Pragma": "no-cache"}


@app.post("/v1/tokens")
def create_token():
    request = api.json_or_form_body(app, "TokenRequest")
    issued = tokens.issue(tokens.caller(app.current_event.raw_event), request)
    return rest.respond(200, issued, NOT_CACHED)


@app.post("/v1/tokens/revoke")
def revoke_token():
    request = api.json_body(app, "RevokeRequest")
    tokens.revoke(auth.principal(app), request["token"])
    return {}


lambda_handler = api.entrypoint(app)
