"""`Client`: the graphgate API as Python calls.

    from graphgate.client import Client
    with Client("http://127.0.0.1:3000", api_key="...") as api:
        for graph in api.graphs():          # every page, lazily
            print(graph["id"], graph["name"])

Every method raises a typed `ApiError` (see `graphgate.client.errors`) for an
error answer, after the transport's retries.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

from graphgate.client import config as configuration
from graphgate.client import datasets as dataset_files
from graphgate.client import errors
from graphgate.client.auth import TokenManager
from graphgate.client.http import Response, RetryEvent, RetryPolicy, Transport

# Fields of a graph the service answers as downloads (graph_url, ...) when too large.
GRAPH_FIELDS = ("graph", "signature")
ONNX = "application/onnx"
# TF's GraphDef, as the service answers it (`tf.io.write_graph`'s binary bytes).
GRAPH_DEF = "application/x-protobuf"
SAVED_MODEL_ZIP = "application/zip"
# Models up to this size go as the request body (Lambda's 6 MB payload holds the body
# base64-encoded); larger ones through an upload.
ONNX_BODY_BYTES = 4 * 2**20


def content_hash(document: Any) -> str:
    """The API's hash of a graph document (sha256 of its canonical JSON)."""
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


class Page(Iterator[dict[str, Any]]):
    """Items of a listing, fetched a page at a time as they are consumed.

    `pages` counts the pages fetched so far; `next_cursor` is where the next
    page starts (None once the listing is exhausted).
    """

    def __init__(self, fetch: Callable[[str | None], dict[str, Any]], limit: int | None = None):
        self._fetch, self._limit = fetch, limit
        self._buffer: list[dict[str, Any]] = []
        self._started = False
        self.next_cursor: str | None = None
        self.pages = 0
        self._yielded = 0

    def __iter__(self) -> Page:
        return self

    def __next__(self) -> dict[str, Any]:
        if self._limit is not None and self._yielded >= self._limit:
            raise StopIteration
        while not self._buffer:
            if self._started and not self.next_cursor:
                raise StopIteration
            document = self._fetch(self.next_cursor)
            self._started = True
            self.pages += 1
            self._buffer = list(document.get("items") or [])
            self.next_cursor = document.get("next_cursor")
        self._yielded += 1
        return self._buffer.pop(0)


class Client:
    """The API for one key. Configuration: arguments, else environment, else the config
    file (see `graphgate.client.config`)."""

    def __init__(
        self,
        url: str | None = None,
        api_key: str | None = None,
        *,
        profile: str | None = None,
        scope: str | None = None,
        token_lifetime_s: int | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 60.0,
        retry: RetryPolicy | None = None,
        on_retry: Callable[[RetryEvent], None] | None = None,
    ):
        settings = configuration.resolve(url, api_key, profile=profile)
        self.url, self.api_key = settings.url, settings.api_key
        self.transport = Transport(
            settings.url,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            retry=retry or RetryPolicy(),
            on_retry=on_retry,
        )
        self.tokens = TokenManager(
            self.transport,
            settings.api_key,
            scope=scope or settings.scope,
            lifetime_s=token_lifetime_s,
        )

    # -- plumbing ------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        body: bytes | None = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        idempotency_key: str | bool | None = None,
        read_timeout: float | None = None,
        ok: tuple[int, ...] = (),
        retry_safe: bool | None = None,
    ) -> Response:
        """An authenticated request; an error answer (other than `ok`) raises ApiError.

        A 401 INVALID_TOKEN (revoked, expired early, signing key rotated) is
        answered by the gateway before anything runs, so it is retried once
        with a fresh token, whatever the method.
        """
        if idempotency_key is None and method.upper() not in ("GET", "HEAD", "OPTIONS"):
            import uuid

            idempotency_key = f"gg-{uuid.uuid4()}"  # the same key for the 401 retry
        for attempt in range(2):
            token = self.tokens.access_token()
            response = self.transport.request(
                method,
                path,
                params=params,
                json_body=json_body,
                body=body,
                headers={
                    "x-api-key": self.api_key,
                    "Authorization": f"Bearer {token}",
                    **(headers or {}),
                },
                idempotency_key=idempotency_key,
                read_timeout=read_timeout,
                retry_safe=retry_safe,
            )
            if response.status == 401 and attempt == 0:
                self.tokens.invalidate(token)
                continue
            break
        if response.ok or response.status in ok:
            return response
        raise errors.from_problem(
            response.status,
            _json_or_none(response),
            response.headers,
            method=method.upper(),
            url=response.url,
        )

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        return self.request(method, path, **kwargs).json()

    def paginate(
        self,
        path: str,
        params: dict[str, Any] | None = None,
        *,
        page_size: int | None = None,
        limit: int | None = None,
    ) -> Page:
        """Every item of a listing, following `next_cursor`; `limit` caps the total."""
        query = dict(params or {})
        if page_size:
            query["limit"] = page_size

        def fetch(cursor: str | None) -> dict[str, Any]:
            return self._json("GET", path, params={**query, "cursor": cursor})

        return Page(fetch, limit)

    def close(self) -> None:
        self.transport.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- account ---------------------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        response = self.transport.request("GET", "/v1/health", headers={"x-api-key": self.api_key})
        if not response.ok:
            raise errors.from_problem(
                response.status,
                _json_or_none(response),
                response.headers,
                method="GET",
                url=response.url,
            )
        return response.json()

    def usage(self) -> dict[str, Any]:
        return self._json("GET", "/v1/usage")

    def revoke_token(self, token: str) -> None:
        self._json("POST", "/v1/tokens/revoke", json_body={"token": token}, idempotency_key=False)

    # -- graphs ----------------------------------------------------------------------------

    def graphs(
        self,
        *,
        name_prefix: str | None = None,
        tag: str | None = None,
        content_hash: str | None = None,
        page_size: int | None = None,
        limit: int | None = None,
    ) -> Page:
        """Graph summaries, newest first, across every page."""
        params = {"name_prefix": name_prefix, "tag": tag, "content_hash": content_hash}
        return self.paginate("/v1/graphs", params, page_size=page_size, limit=limit)

    def get_graph(self, graph_id: str) -> dict[str, Any]:
        """The graph, its document and signature downloaded if the service sent URLs."""
        return self.inline_downloads(self._json("GET", f"/v1/graphs/{graph_id}"), GRAPH_FIELDS)

    def get_graph_revision(self, graph_id: str, revision: int) -> dict[str, Any]:
        """Revision `revision`'s document and signature, downloaded as `get_graph`'s are."""
        answer = self._json("GET", f"/v1/graphs/{graph_id}/revisions/{revision}")
        return self.inline_downloads(answer, GRAPH_FIELDS)

    def graph_dot(self, graph_id: str) -> str:
        response = self.request(
            "GET", f"/v1/graphs/{graph_id}", headers={"Accept": "text/vnd.graphviz"}
        )
        return response.body.decode()

    def create_graph(
        self,
        name: str,
        graph: Any,
        *,
        description: str | None = None,
        tags: list[str] | None = None,
    ) -> dict[str, Any]:
        """Store a graph (a `gg.Graph`, its document, or a stored graph as `get_graph` answers
        it); 400 GraphValidationError names the node."""
        body: dict[str, Any] = {"name": name, "graph": _document(graph)}
        if description is not None:
            body["description"] = description
        if tags:
            body["tags"] = list(tags)
        return self.inline_downloads(self._json("POST", "/v1/graphs", json_body=body), GRAPH_FIELDS)

    def import_onnx(
        self,
        model: Any,
        name: str | None = None,
        *,
        description: str | None = None,
        tags: list[str] | None = None,
        constants: bool = False,
    ) -> dict[str, Any]:
        """Store an ONNX model (a path, bytes or a ModelProto), converted by the service;
        the answer's `source` says which model. Over ONNX_BODY_BYTES it goes through an
        upload. 400 ONNX_UNSUPPORTED lists every node the service cannot import."""
        blob = _model_bytes(model)
        params: dict[str, Any] = {
            "name": name,
            "description": description,
            "tag": ",".join(tags) if tags else None,
            "constants": "true" if constants else None,
        }
        if len(blob) > ONNX_BODY_BYTES:
            params["upload_id"] = self.upload_bytes(blob)
            blob = b""
        answer = self._json(
            "POST", "/v1/graphs", body=blob, params=params, headers={"Content-Type": ONNX}
        )
        return self.inline_downloads(answer, GRAPH_FIELDS)

    def export_onnx(
        self,
        graph_id: str,
        fetch: list[str] | None = None,
        feed: list[str] | None = None,
        *,
        revision: int | None = None,
    ) -> bytes:
        """The stored graph (or one revision) as ONNX model bytes, exported by the service;
        without `fetch`, an imported model's own outputs."""
        path = f"/v1/graphs/{graph_id}" + (f"/revisions/{revision}" if revision else "")
        params = {"fetch": ",".join(fetch or []) or None, "feed": ",".join(feed or []) or None}
        return self.request("GET", path, params=params, headers={"Accept": ONNX}).body

    def export_graph_def(self, graph_id: str, *, revision: int | None = None) -> bytes:
        """The stored graph (or one revision) as TensorFlow's binary GraphDef, written by
        the service; 422 TF_EXPORT_UNSUPPORTED lists every node TF cannot hold."""
        path = f"/v1/graphs/{graph_id}" + (f"/revisions/{revision}" if revision else "")
        return self.request("GET", path, headers={"Accept": GRAPH_DEF}).body

    def delete_graph(self, graph_id: str, *, force: bool = False) -> None:
        self.request(
            "DELETE", f"/v1/graphs/{graph_id}", params={"force": "true" if force else None}
        )

    def find_graph(self, graph: Any) -> dict[str, Any] | None:
        """The newest stored graph with exactly this content, or None."""
        return next(
            iter(self.graphs(content_hash=content_hash(_document(graph)), page_size=1)), None
        )

    def upload_graph(self, graph: Any, name: str = "graph", **kwargs: Any) -> dict[str, Any]:
        """The stored graph with this content, stored now if it was not yet."""
        return self.find_graph(graph) or self.create_graph(name, graph, **kwargs)

    def run_graph(self, graph_id: str, request: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        """POST /v1/graphs/{id}/runs: a one-shot run with fresh variables.

        Outputs the service returned as a download (`outputs_url`, over 4 MB)
        are fetched, so the answer always has `outputs`."""
        answer = self._json("POST", f"/v1/graphs/{graph_id}/runs", json_body=request, **kwargs)
        return self.inline_outputs(answer)

    # -- large tensors -----------------------------------------------------------------------

    def upload_array(self, array: Any) -> str:
        """Upload a feed too large for a request (POST /v1/uploads, then a presigned PUT of
        a .npy); name it in feeds as {"upload_id": ...}. Uploads expire after a day."""
        import numpy as np

        buffer = io.BytesIO()
        np.save(buffer, np.asarray(array), allow_pickle=False)
        return self.upload_bytes(buffer.getvalue())

    def upload_bytes(self, blob: bytes) -> str:
        """Upload bytes too large for a request (a .npy feed, an ONNX model) through a
        presigned PUT; returns the upload id."""
        # The URL is signed for the size declared: storage refuses any other.
        target = self._json("POST", "/v1/uploads", json_body={"bytes": len(blob)})
        # The presigned URL is the credential: no key or token goes to the storage host.
        response = self.transport.request(
            target.get("method", "PUT"),
            target["url"],
            body=blob,
            headers=target.get("headers") or {},
            idempotency_key=False,
            retry_safe=True,  # a PUT of the same bytes to the same key
        )
        # The URL writes its key once (If-None-Match: *): a 412 is this PUT's own first
        # attempt, whose answer was lost, already there.
        if not response.ok and response.status != 412:
            raise errors.from_problem(response.status, None, response.headers)
        return target["upload_id"]

    def inline_outputs(self, answer: dict[str, Any]) -> dict[str, Any]:
        """`answer` with `outputs` downloaded from its `outputs_url`, if it has one."""
        return self.inline_downloads(answer, ("outputs",))

    def inline_downloads(self, answer: Any, fields: tuple[str, ...]) -> Any:
        """`answer` with each of `fields` that the service sent as a download (`<field>_url`,
        when too large to answer) fetched into place."""
        if not isinstance(answer, dict):
            return answer
        for field in fields:
            url = answer.get(f"{field}_url")
            if url and field not in answer:
                response = self.transport.request("GET", url)
                if not response.ok:
                    raise errors.from_problem(response.status, None, response.headers)
                answer = {**answer, field: response.json()}
        return answer

    # -- datasets --------------------------------------------------------------------------

    def upload_dataset(
        self,
        data: Any,
        name: str = "dataset",
        *,
        columns: dict[str, Any] | None = None,
        dtype: str | None = None,
    ) -> dict[str, Any]:
        """Upload a dataset and return it, ready (docs/datasets.md).

        `data` is {array name: array} (each sent as a .npy), or a path or paths of .npy
        (one array, named by the file's stem), .npz (its members) or CSV files (its
        columns; `columns` groups them into arrays, `dtype` converts them). Large files
        go up in parts. Raises the service's 422 (DATASET_INVALID, ...) for a file it
        refuses; the dataset is then left failed.
        """
        files = dataset_files.sources(data, columns=columns, dtype=dtype)
        registered = self._json(
            "POST", "/v1/datasets", json_body={"name": name, "files": [f.spec for f in files]}
        )
        for source, target in zip(files, registered["uploads"], strict=True):
            dataset_files.put(self.transport, target, source)
        return self._json("POST", f"/v1/datasets/{registered['id']}/complete")

    def datasets(self, *, page_size: int | None = None, limit: int | None = None) -> Page:
        return self.paginate("/v1/datasets", page_size=page_size, limit=limit)

    def get_dataset(self, dataset_id: str) -> dict[str, Any]:
        return self._json("GET", f"/v1/datasets/{quote(dataset_id, safe='')}")

    def delete_dataset(self, dataset_id: str) -> None:
        self.request("DELETE", f"/v1/datasets/{quote(dataset_id, safe='')}")

    # -- sessions --------------------------------------------------------------------------

    def sessions(self, *, page_size: int | None = None, limit: int | None = None) -> Page:
        return self.paginate("/v1/sessions", page_size=page_size, limit=limit)

    def create_session(
        self,
        graph_id: str | None = None,
        *,
        graph_revision: int | None = None,
        from_session: str | None = None,
        from_model: tuple[str, int] | None = None,
        idle_ttl_s: int | None = None,
    ) -> dict[str, Any]:
        """A session on a graph, a fork of a session, or (`from_model`: (name, version))
        a model version's variables on the revision it was frozen from."""
        body = {
            "graph_id": graph_id,
            "graph_revision": graph_revision,
            "from_session": from_session,
            "from_model": (
                {"model": from_model[0], "version": from_model[1]} if from_model else None
            ),
            "idle_ttl_s": idle_ttl_s,
        }
        return self._json(
            "POST", "/v1/sessions", json_body={k: v for k, v in body.items() if v is not None}
        )

    def get_session(self, session_id: str) -> dict[str, Any]:
        return self._json("GET", f"/v1/sessions/{session_id}")

    def delete_session(self, session_id: str) -> None:
        self.request("DELETE", f"/v1/sessions/{session_id}")

    def get_variables(self, session_id: str) -> dict[str, Any]:
        """A session's variables as numpy arrays, by name (one .npz download; JSON with a
        download URL when the archive is too large for a response)."""

        path = f"/v1/sessions/{session_id}/variables"
        try:
            response = self.request("GET", path, headers={"Accept": "application/x-npz"})
        except errors.ApiError as exc:
            if exc.code != "RESPONSE_TOO_LARGE":
                raise
            from graphgate.serialization import decode_tensor

            answer = self._json("GET", path, params={"encoding": "b64"})
            variables = self.inline_downloads(answer, ("variables",))["variables"]
            return {name: decode_tensor(wire) for name, wire in variables.items()}
        from graphgate.serialization import npz_loads

        return npz_loads(response.body)

    def set_variables(
        self, session_id: str, values: dict[str, Any], *, if_match: int | None = None
    ) -> dict[str, Any]:
        """Assign variables (all or nothing, shapes and dtypes checked) as one .npz upload;
        with `if_match`, only if the session is still at that version (else 412)."""
        import numpy as np

        from graphgate.serialization import npz_dumps

        body = npz_dumps({name: np.asarray(v) for name, v in values.items()})
        headers = {"Content-Type": "application/x-npz"}
        if if_match is not None:
            headers["If-Match"] = f'"{if_match}"'
        return self._json(
            "PUT",
            f"/v1/sessions/{session_id}/variables",
            body=body,
            headers=headers,
        )

    def run_session(
        self,
        session_id: str,
        request: dict[str, Any],
        *,
        respond_async: bool = False,
        **kwargs: Any,
    ) -> Response:
        """POST /v1/sessions/{id}/runs; with `respond_async`, 202 and a Location to poll."""
        headers = {"Prefer": "respond-async"} if respond_async else None
        return self.request(
            "POST", f"/v1/sessions/{session_id}/runs", json_body=request, headers=headers, **kwargs
        )

    def session_runs(
        self, session_id: str, *, page_size: int | None = None, limit: int | None = None
    ) -> Page:
        return self.paginate(f"/v1/sessions/{session_id}/runs", page_size=page_size, limit=limit)

    def get_run(self, session_id: str, run_id: str) -> dict[str, Any]:
        return self._json("GET", f"/v1/sessions/{session_id}/runs/{run_id}")

    def cancel_run(self, session_id: str, run_id: str) -> dict[str, Any] | None:
        """Ask a queued or running async run to stop; None if it had already finished."""
        response = self.request("DELETE", f"/v1/sessions/{session_id}/runs/{run_id}", ok=(409,))
        return None if response.status == 409 else (response.json() if response.body else {})

    # -- batches ---------------------------------------------------------------------------

    def submit_batch(self, request: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        """POST /v1/batches: a graph over a dataset's rows in shards; 202 with the batch."""
        return self._json("POST", "/v1/batches", json_body=request, **kwargs)

    def batches(self, *, page_size: int | None = None, limit: int | None = None) -> Page:
        return self.paginate("/v1/batches", page_size=page_size, limit=limit)

    def get_batch(self, batch_id: str) -> dict[str, Any]:
        return self._json("GET", f"/v1/batches/{batch_id}")

    def cancel_batch(self, batch_id: str) -> dict[str, Any] | None:
        """Cancel an unfinished batch; None if it had already finished."""
        response = self.request("DELETE", f"/v1/batches/{batch_id}", ok=(409,))
        return None if response.status == 409 else response.json()

    def batch_shard(self, url: str) -> dict[str, Any]:
        """One output shard of a batch (its presigned URL), as {fetch name: array}: read
        as the worker wrote it (`npz_dumps`), string outputs unpacked."""
        from graphgate.serialization import npz_loads

        response = self.transport.request("GET", url, idempotency_key=False, retry_safe=True)
        if not response.ok:
            raise errors.from_problem(response.status, None, response.headers)
        return npz_loads(response.body)

    # -- models ----------------------------------------------------------------------------

    def models(self, *, page_size: int | None = None, limit: int | None = None) -> Page:
        return self.paginate("/v1/models", page_size=page_size, limit=limit)

    def model_versions(
        self, name: str, *, page_size: int | None = None, limit: int | None = None
    ) -> Page:
        return self.paginate(
            f"/v1/models/{quote(name, safe='')}/versions", page_size=page_size, limit=limit
        )

    def create_model_version(
        self,
        name: str,
        session_id: str,
        inputs: dict[str, str],
        outputs: dict[str, str],
        *,
        max_batch_size: int | None = None,
        description: str | None = None,
        signature_name: str | None = None,
        method_name: str | None = None,
    ) -> dict[str, Any]:
        """Freeze a session into the next version of model `name` (docs/models.md);
        `method_name` "tensorflow/serving/classify" (or `regress`) serves TF Serving's
        classify (regress) on it, the predict method being the service's default."""
        body = {
            "name": name,
            "session_id": session_id,
            "inputs": inputs,
            "outputs": outputs,
            "max_batch_size": max_batch_size,
            "description": description,
            "signature_name": signature_name,
            "method_name": method_name,
        }
        return self._json(
            "POST", "/v1/models", json_body={k: v for k, v in body.items() if v is not None}
        )

    def create_model_version_from_saved_model(
        self,
        name: str,
        export_dir: Any,
        *,
        signature_key: str = "serving_default",
        tags: Any = ("serve",),
        max_batch_size: int | None = None,
        description: str | None = None,
    ) -> dict[str, Any]:
        """Serve a `tf.saved_model` directory (or a base directory of numbered versions,
        of which the highest is read, or a `.zip` archive of either, unpacked with its
        entries checked: `loader.unpacked_archive`) as the next version of model `name`:
        its graph is uploaded unless already stored, then that revision is frozen with the saved
        variables, the signature's key, inputs and outputs naming the version's (TF Serving
        requests name the key as `signature_name`; docs/models.md).
        The variables travel inline in the request (base64), so a model must fit one."""
        from graphgate.saved_model.loader import servable
        from graphgate.serialization import encode_tensor

        _check_version_names(name, signature_key)
        if str(export_dir).endswith(".zip") and os.path.isfile(export_dir):
            with tempfile.TemporaryDirectory(prefix="graphgate-saved-model-") as unpacked:
                with open(export_dir, "rb") as f:
                    _unpacked(f.read(), unpacked)
                model = servable(unpacked, signature_key, tags)
        else:
            model = servable(export_dir, signature_key, tags)
        graph = self.upload_graph(model["graph"], name=name, description=description)
        body = {
            "name": name,
            "graph_id": graph["id"],
            "graph_revision": graph["revision"],
            "variables": {k: encode_tensor(v, b64=True) for k, v in model["variables"].items()},
            "inputs": model["inputs"],
            "outputs": model["outputs"],
            "max_batch_size": max_batch_size,
            "description": description,
            "signature_name": signature_key,
            "method_name": model["method_name"] or None,
        }
        return self._json(
            "POST", "/v1/models", json_body={k: v for k, v in body.items() if v is not None}
        )

    def get_model(self, name: str) -> dict[str, Any]:
        return self._json("GET", f"/v1/models/{quote(name, safe='')}")

    def export_saved_model(
        self,
        name: str,
        export_dir: Any,
        *,
        version: int | None = None,
        label: str | None = None,
    ) -> int:
        """Save a model version as a TensorFlow SavedModel directory at `export_dir` (which
        must not exist or be empty): `version`, else the version `label` points at (not its
        canary), else the newest. Returns the version saved (docs/models.md)."""
        if version is None:
            model = self.get_model(name)
            if label is not None and label not in model["labels"]:
                raise ValueError(f"model {name} has no label {label}")
            version = model["labels"][label]["version"] if label else model["latest_version"]
        path = f"/v1/models/{quote(name, safe='')}/versions/{int(version)}"
        _unpacked(self._archive(path, None), export_dir)
        return int(version)

    def export_session_saved_model(
        self,
        session_id: str,
        export_dir: Any,
        fetch: str | list[str],
        feed: str | list[str] | None = None,
    ) -> None:
        """Save a session's graph with its current variables as a TensorFlow SavedModel
        directory at `export_dir`, its `serving_default` signature of `fetch` (outputs) and
        `feed` (inputs; by default the placeholders the fetches need); one name or a list."""

        def listed(names: str | list[str] | None) -> str | None:
            # One name is one tensor: joining a str joined its letters ("p,r,o,b,s").
            return (names if isinstance(names, str) else ",".join(names or [])) or None

        params = {"fetch": listed(fetch), "feed": listed(feed)}
        _unpacked(self._archive(f"/v1/sessions/{session_id}", params), export_dir)

    def _archive(self, path: str, params: dict[str, Any] | None) -> bytes:
        """A SavedModel archive, fetched from storage when the service answers 303 (too
        large to answer): the presigned URL is the credential, so no key or token goes."""
        headers = {"Accept": SAVED_MODEL_ZIP}
        response = self.request("GET", path, params=params, headers=headers, ok=(303,))
        if response.status != 303:
            return response.body
        stored = self.transport.request("GET", response.headers["location"])
        if not stored.ok:
            raise errors.from_problem(stored.status, None, stored.headers)
        return stored.body

    def set_label(
        self,
        name: str,
        label: str,
        version: int,
        *,
        canary: int | None = None,
        weight: float | None = None,
        if_match: str | None = None,
    ) -> dict[str, Any]:
        """Point `label` at `version`, sending `weight` of requests to `canary` if given."""
        body: dict[str, Any] = {"version": version}
        if canary is not None:
            body["canary"] = {"version": canary, "weight": 0.1 if weight is None else weight}
        return self._json(
            "PUT",
            f"/v1/models/{quote(name, safe='')}/labels/{quote(label, safe='')}",
            json_body=body,
            headers={"If-Match": if_match} if if_match else None,
        )


def _document(graph: Any) -> dict[str, Any]:
    """A graph's document: a `gg.Graph`'s, a document as it is, or the one inside a stored
    graph as `get_graph` (and `graphgate graphs get -o json`) answer it, so a graph
    downloaded so is stored again as it was, by this tenant or another."""
    if isinstance(graph, dict):
        inner = graph.get("graph")
        if isinstance(inner, dict) and "nodes" in inner and "nodes" not in graph:
            return inner
        return graph
    from graphgate import serialization

    return serialization.graph_to_dict(graph)


def _json_or_none(response: Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _model_bytes(model: Any) -> bytes:
    """An ONNX model's bytes from a path, bytes or a ModelProto (which needs no onnx here)."""
    if isinstance(model, bytes | bytearray | memoryview):
        return bytes(model)
    if hasattr(model, "SerializeToString"):
        return model.SerializeToString()
    with open(model, "rb") as f:
        return f.read()


# api/openapi.yaml's patterns of a model's name and a version's signature key, checked
# before a saved model's graph is uploaded: a TF signature key the service does not hold
# ("", "a b") would otherwise be refused only after its graph was stored.
_MODEL_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_SIGNATURE_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./-]{0,127}")


def _check_version_names(name: Any, signature_key: Any) -> None:
    from graphgate.errors import error

    if not isinstance(name, str) or not _MODEL_NAME.fullmatch(name):
        raise error(
            "INVALID_NAME",
            f"model name {name!r} is not one the service takes: 1-64 of letters, digits, "
            "_ . - (a letter or digit first)",
        )
    if not isinstance(signature_key, str) or not _SIGNATURE_KEY.fullmatch(signature_key):
        raise error(
            "INVALID_SIGNATURE",
            f"signature key {signature_key!r} is not one the service serves a version under: "
            "1-128 of letters, digits, _ . / - (not . / - first); export the signature under "
            "such a key",
        )


def _unpacked(blob: bytes, export_dir: Any) -> None:
    """Extract a SavedModel archive into `export_dir` (created; refused if it holds files)."""
    from graphgate.saved_model.loader import unpacked_archive

    unpacked_archive(blob, os.fsdecode(export_dir))
