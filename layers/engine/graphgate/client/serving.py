"""Predictions from a served model, numpy in and numpy out (`pip install graphgate[client]`).

    import graphgate as gg
    model = gg.serving.Client("digits", label="stable")   # url and key: as gg.client.Client
    probabilities = model.predict({"images": batch})["probabilities"]
    model.last_version                                      # the version that answered

    model.classify([{"age": 39, "occupation": "tech"}])     # TF Serving's Classify
    model.regress([{"x": [1.0, 2.0]}], context={"slot": 0})  # and Regress

Predictions speak KServe's Open Inference Protocol v2 (`/v2/models/...`); classify and
regress TF Serving's REST API (`/tfserving/v1/models/...`, which OIP has no verb for). All
go over one pooled, kept-alive connection, with one bearer token reused until it nears expiry. A
prediction changes nothing, so it is sent without an Idempotency-Key (which would
cost the server a write per request) and retried like a GET.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import numpy as np

from graphgate import dtypes, serialization
from graphgate.client.api import Client as ApiClient
from graphgate.errors import GraphgateError


class Client:
    """One model, by name, pinned to a `version` or a `label` (or, with neither, the
    model's `stable` label, else its newest version).

    Parameters
    ----------
    name:
        The model's name.
    version, label:
        At most one: a version number, or a label such as ``"stable"`` or ``"canary"``.
    url, api_key, profile:
        As `gg.client.Client` (arguments, else environment, else the config file).
    client:
        An existing `gg.client.Client` to share its connections and token.
    """

    def __init__(
        self,
        name: str,
        *,
        version: int | None = None,
        label: str | None = None,
        url: str | None = None,
        api_key: str | None = None,
        profile: str | None = None,
        client: ApiClient | None = None,
    ):
        if version is not None and label is not None:
            raise ValueError("give a version or a label, not both")
        self.name = name
        self.api = client or ApiClient(url, api_key, profile=profile)
        selector = "" if version is None and label is None else f"/versions/{version or label}"
        self.path = f"/v2/models/{quote(name, safe='')}{quote(selector, safe='/')}"
        # TF Serving names a label's segment `labels`, where OIP takes it as a version.
        tf_selector = "" if label is None else f"/labels/{label}"
        if version is not None:
            tf_selector = f"/versions/{version}"
        self.tfserving_path = (
            f"/tfserving/v1/models/{quote(name, safe='')}{quote(tf_selector, safe='/')}"
        )
        self.last_version: int | None = None
        self._datatypes: dict[str, str] | None = None

    def metadata(self) -> dict[str, Any]:
        """The model's OIP metadata: its versions, inputs and outputs."""
        return self.api.request("GET", self.path).json()

    def ready(self) -> bool:
        return bool(self.api.request("GET", f"{self.path}/ready").json().get("ready"))

    def predict(
        self,
        inputs: dict[str, Any],
        outputs: list[str] | None = None,
        *,
        request_id: str | None = None,
    ) -> dict[str, np.ndarray]:
        """Outputs by name for `inputs` by name (arrays, or anything numpy converts; a
        batch along the first axis). `request_id` pins a canary split: the same id
        always reaches the same version."""
        body: dict[str, Any] = {
            "inputs": [
                {"name": name, **serialization.encode_tensor(self._typed(name, value))}
                for name, value in inputs.items()
            ]
        }
        if outputs:
            body["outputs"] = [{"name": name} for name in outputs]
        if request_id:
            body["id"] = request_id
        # Stateless, so safe to resend after a 503, a 429 or a dropped connection.
        answer = self.api.request(
            "POST", f"{self.path}/infer", json_body=body, idempotency_key=False, retry_safe=True
        ).json()
        self.last_version = int(answer["model_version"])
        return {
            tensor["name"]: serialization.decode_tensor(
                {k: tensor[k] for k in ("datatype", "shape", "data")}
            )
            for tensor in answer["outputs"]
        }

    def classify(
        self,
        examples: list[dict[str, Any]],
        *,
        context: dict[str, Any] | None = None,
        signature_name: str | None = None,
    ) -> list[list[tuple[str, float]]]:
        """TF Serving's Classify: for each example, its `(label, score)` pairs.

        An example is a dict of features, written as TF Serving's JSON Examples (ints,
        floats, strings, `{"b64": ...}`, or lists of one kind); `context` features are
        merged into every example, an example's own feature winning."""
        results = self._tfserving("classify", examples, context, signature_name)
        return [[(label, score) for label, score in result] for result in results]

    def regress(
        self,
        examples: list[dict[str, Any]],
        *,
        context: dict[str, Any] | None = None,
        signature_name: str | None = None,
    ) -> list[float]:
        """TF Serving's Regress: one value per example (examples as for `classify`)."""
        return list(self._tfserving("regress", examples, context, signature_name))

    def _tfserving(
        self,
        verb: str,
        examples: list[dict[str, Any]],
        context: dict[str, Any] | None,
        signature_name: str | None,
    ) -> list[Any]:
        body: dict[str, Any] = {"examples": examples}
        if context:
            body["context"] = context
        if signature_name:
            body["signature_name"] = signature_name
        # Stateless like predict: resent after a 503, a 429 or a dropped connection.
        response = self.api.request(
            "POST",
            f"{self.tfserving_path}:{verb}",
            json_body=body,
            idempotency_key=False,
            retry_safe=True,
        )
        version = response.headers.get("x-model-version")
        self.last_version = int(version) if version else None
        return response.json()["results"]

    def _typed(self, name: str, value: Any) -> np.ndarray:
        """`value` as the input's declared dtype (asked once), converted only where
        nothing is lost but float rounding; the server names any other mismatch."""
        if self._datatypes is None:
            self._datatypes = {i["name"]: i["datatype"] for i in self.metadata()["inputs"]}
        declared = self._datatypes.get(name)
        if declared is None:
            return np.asarray(value)
        try:
            return dtypes.convert(value, dtypes.as_dtype(declared))
        except GraphgateError as exc:
            exc.message = f"input {name} ({declared}): {exc.message}"
            raise

    def close(self) -> None:
        self.api.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
