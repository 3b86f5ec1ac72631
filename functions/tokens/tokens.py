"""POST /v1/tokens (API key) and POST /v1/tokens/revoke (bearer, tokens:manage)."""

from graphgate_service import api, auth, tokens

app = api.create_app()


@app.post("/v1/tokens")
def create_token():
    request = api.json_body(app, "TokenRequest")
    return tokens.issue(tokens.caller(app.current_event.raw_event), request)


@app.post("/v1/tokens/revoke")
def revoke_token():
    request = api.json_body(app, "RevokeRequest")
    tokens.revoke(auth.principal(app), request["token"])
    return {}


lambda_handler = api.entrypoint(app)
