"""Models: immutable, numbered versions of a frozen graph with a declared signature,
labels that route to them, and predictions (docs/models.md).

A version is frozen from a session: its graph revision with every variable the
outputs need replaced by a constant holding the session's current value
(gg.graph_util.convert_variables_to_constants), plus a copy of all its variables so
a session can start from it. Later training of the session changes neither.

Predictions are stateless runs of the frozen graph: metered like runs, never stored
as run records, answered from a warm, already-compiled session of the version.
"""

import hashlib
import json
import math
import re
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from graphgate_service import (
    auth,
    cursors,
    graph_documents,
    graphs,
    metering,
    plans,
    problems,
    rest,
    runtime,
    sessions,
)
from graphgate_service.logs import logger
from graphgate_service.model_store import CapExceeded, Conflict, ModelStore

Loaded = TypeVar("Loaded")

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
SIGNATURE_NAME = "serving_default"  # TF Serving's default signature key
PREDICT_METHOD = "tensorflow/serving/predict"  # a version stored without a method is one
DEFAULT_MAX_BATCH = 1024
MAX_MAX_BATCH = 65_536
MAX_SIGNATURE_BYTES = 64 * 1024
DEFAULT_LABEL = "stable"  # what a request naming no version or label is routed to
LABEL_ATTEMPTS = 3
# Every label of a model lives on its one META item (DynamoDB: 400 KB); a label takes at
# most ~150 bytes there, so this many stay far inside it (3,460 once made the write a 500).
MAX_LABELS = 256


def store() -> ModelStore:
    return ModelStore.shared()


def ping() -> None:
    """One cheap read proving the model store is reachable (a 503 otherwise)."""
    store().ping()


# --------------------------------------------------------------------- names
def check_name(name: str, what: str = "model") -> str:
    """A model or label name: letters, digits, `_.-`, up to 64; a label not all digits."""
    if not _NAME.fullmatch(name or "") or (what == "label" and name.isdigit()):
        raise problems.BadRequest(
            f"{name[:80]!r} is not a valid {what} name.",
            code="VALIDATION_FAILED",
            errors=[
                {
                    "pointer": f"/{what}",
                    "code": "PATTERN",
                    "message": "letters, digits, '_', '.', '-'; up to 64; a label not all digits",
                }
            ],
        )
    return name


def version_number(raw: str) -> int:
    if not rest.is_digits(raw) or len(raw) > 9 or int(raw) < 1:
        raise problems.BadRequest(
            f"{rest.shown(raw)} is not a version number.",
            code="VALIDATION_FAILED",
            errors=[{"pointer": "/version", "code": "TYPE", "message": "a positive integer"}],
        )
    return int(raw)


def version_or_label(segment: str) -> tuple[int | None, str | None]:
    """A KServe path's version segment: a number names a version, anything else a label
    (an extension: OIP versions are strings, so clients can pass `stable` as one)."""
    if rest.is_digits(segment):
        return version_number(segment), None
    return None, check_name(segment, "label")


def _model_missing(name: str) -> problems.ApiError:
    return problems.NotFound(f"No model {name}.", code="MODEL_NOT_FOUND")


def _version_missing(name: str, version: int) -> problems.ApiError:
    return problems.NotFound(
        f"Model {name} has no version {version}.", code="MODEL_VERSION_NOT_FOUND"
    )


def no_versions(name: str) -> problems.ApiError:
    """A model whose versions were all deleted: nothing to route to or to report."""
    return problems.NotFound(f"Model {name} has no versions.", code="MODEL_VERSION_NOT_FOUND")


def _label_missing(name: str, label: str) -> problems.ApiError:
    return problems.NotFound(f"Model {name} has no label {label}.", code="MODEL_LABEL_NOT_FOUND")


# ------------------------------------------------------------------ creating
def create(who: auth.Principal, request: dict[str, Any]) -> dict[str, Any]:
    """Freeze a session (or a graph revision with given variables) into the next version
    of a model, created on its first."""
    from graphgate_service.session_store import pack

    tenant = who.tenant_id
    name = check_name(request["name"])
    graphs.require_room(tenant, graphs=0)  # stored bytes used up: refused before the freeze
    graph, document, variables, source = _source(tenant, request)
    frozen, signature = _freeze(graph, document, variables, request)
    frozen_bytes = json.dumps(frozen, separators=(",", ":")).encode()
    version = {
        "signature": signature,
        "source": source,
        "sizes": {"nodes": len(frozen["nodes"]), "document_bytes": len(frozen_bytes)},
    }
    if request.get("description"):
        version["description"] = request["description"]
    plan = plans.get(who.plan or "free")
    packed = pack(variables)
    try:
        number, created_at = store().create_version(
            tenant, name, version, frozen_bytes, packed, plan.stored_bytes
        )
    except Conflict:
        raise _busy(name) from None
    except CapExceeded:
        used = graphs.store().usage(tenant)["stored_bytes"]
        # Compressed bytes are what counts; the raw size is an upper bound to name.
        plans.require_within(
            plan, "stored_bytes", used=used, adding=len(frozen_bytes) + len(packed)
        )
        raise _busy(name) from None  # room appeared meanwhile: a retry may pass
    logger.info("model version created", extra={"model": name, "version": number})
    # The time stored with the version, so that the 201 and every later read agree.
    return version_view(name, {**version, "version": number, "created_at": created_at})


def _source(tenant: str, request: dict[str, Any]) -> tuple[Any, dict, dict, dict]:
    """(engine graph, its document, the variables, where they came from) of a request:
    a live session's, or a graph revision's with the variables it gives."""
    if "session_id" in request:
        _only_with_graph_id(request)
        meta = sessions.session_meta(tenant, request["session_id"])
        graph = sessions.engine_graph(tenant, meta)
        _, document = graphs.document_of(tenant, meta["graph_id"], meta["graph_revision"])
        source = {
            "session_id": meta["id"],
            "session_version": meta["version"],
            "graph_id": meta["graph_id"],
            "graph_revision": meta["graph_revision"],
        }
        return graph, document, sessions.store().variables(tenant, meta), source
    graph_id = request["graph_id"]
    revision, document = graphs.document_of(tenant, graph_id, request.get("graph_revision"))
    graph = runtime.graph(tenant, graph_id, revision, document)
    given = sessions.decode_variables({"variables": request.get("variables") or {}})
    variables = runtime.checked_variables(graph, given)
    return graph, document, variables, {"graph_id": graph_id, "graph_revision": revision}


def _only_with_graph_id(request: dict[str, Any]) -> None:
    """A session freezes its own revision and variables: `graph_revision` or `variables`
    beside `session_id` were ignored, so a version froze the session's weights where the
    request gave others, and answered with them (201)."""
    given = [field for field in ("graph_revision", "variables") if field in request]
    if given:
        raise problems.BadRequest(
            f"{' and '.join(given)} go with graph_id; a session freezes its own.",
            code="VALIDATION_FAILED",
            errors=[
                {"pointer": f"/{field}", "code": "CONFLICT", "message": "given with session_id"}
                for field in given
            ],
        )


def _freeze(
    graph: Any, document: dict[str, Any], variables: dict[str, Any], request: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The frozen document of the signature's outputs, and the signature."""
    from graphgate import GraphgateError

    inputs = {alias: _placeholder(graph, alias, ref) for alias, ref in request["inputs"].items()}
    _one_input_per_placeholder(inputs)
    outputs = {alias: _output(graph, alias, ref) for alias, ref in request["outputs"].items()}
    names = sorted({t.op.name for t in outputs.values()})
    document = _inputs_made_placeholders(document, inputs)
    try:
        frozen = runtime.frozen(graph, variables, document, names)
    except GraphgateError as exc:
        if exc.code == "UNINITIALIZED_VARIABLE":  # a graph revision given too few values
            raise problems.BadRequest(
                f"The outputs need variable {exc.node}, which was given no value.",
                code="VARIABLE_MISSING",
                errors=[
                    {"pointer": f"/variables/{exc.node}", "code": "REQUIRED", "message": exc.node}
                ],
            ) from None
        raise graph_documents.engine_problem(exc, pointer="/outputs") from None
    kept = {node["name"] for node in frozen["nodes"]}
    for alias, tensor in inputs.items():
        if tensor.op.name not in kept:
            raise _signature_error(
                f"/inputs/{alias}", f"input {alias} ({tensor.name}) is used by no output"
            )
    _no_placeholder_left(frozen, inputs, outputs)
    signature = {
        "name": request.get("signature_name") or SIGNATURE_NAME,
        "method_name": request.get("method_name") or PREDICT_METHOD,
        "inputs": [_spec(alias, t) for alias, t in sorted(inputs.items())],
        "outputs": [_spec(alias, t) for alias, t in sorted(outputs.items())],
        "max_batch_size": _max_batch(request.get("max_batch_size")),
    }
    # Kept on the version's item (400 KB at most) and its model's: 64 aliases of any
    # length, or tensors of long names, overflowed it and the write was a 500.
    size = len(json.dumps(signature))
    if size > MAX_SIGNATURE_BYTES:
        raise _signature_error(
            "", f"its names take {size:,} bytes; a version keeps at most {MAX_SIGNATURE_BYTES:,}"
        )
    return frozen, signature


def _placeholder(graph: Any, alias: str, ref: str) -> Any:
    from graphgate import dtypes
    from graphgate.errors import error

    tensor = _tensor(graph, ref, f"/inputs/{alias}")
    if tensor.op.type not in ("Placeholder", "PlaceholderWithDefault"):
        raise _signature_error(
            f"/inputs/{alias}", f"input {alias} must be a placeholder; {ref} is a {tensor.op.type}"
        )
    if tensor.dtype not in dtypes.TO_OIP:
        # A placeholder_with_default may be complex (its default computed in the graph):
        # the inference protocols cannot carry it, and the version's signature cannot name
        # it (it was a KeyError, a 500).
        exc = error(
            "UNSUPPORTED_DTYPE",
            f"input {alias} ({tensor.name}) is a {tensor.dtype.name} tensor, which the "
            "inference protocols cannot carry",
            node=tensor.op.name,
        )
        raise graph_documents.engine_problem(exc, pointer=f"/inputs/{alias}")
    return tensor


def _inputs_made_placeholders(document: dict[str, Any], inputs: dict[str, Any]) -> dict:
    """The document with each `placeholder_with_default` an input names made a Placeholder
    of its dtype and shape. Every prediction feeds every input, as TF Serving does, so a
    default is never computed, and what only it needs leaves the version with it: a TF1
    classifier whose token ids default to `parse_example` of serialized Examples, frozen
    over the ids, needs no examples placeholder (it was refused as fed by no input)."""
    from graphgate import dtypes

    defaults = {t.op.name: t for t in inputs.values() if t.op.type == "PlaceholderWithDefault"}
    if not defaults:
        return document
    nodes = []
    for node in document["nodes"]:
        tensor = defaults.get(node["name"])
        if tensor is not None:
            attrs = {"dtype": dtypes.TO_OIP[tensor.dtype]}
            if node.get("attrs", {}).get("shape") is not None:
                attrs["shape"] = node["attrs"]["shape"]
            node = {"name": node["name"], "op": "Placeholder", "attrs": attrs}
        nodes.append(node)
    return {**document, "nodes": nodes}


def _no_placeholder_left(
    frozen: dict[str, Any], inputs: dict[str, Any], outputs: dict[str, Any]
) -> None:
    """Refuse outputs that need a placeholder no input feeds: every prediction of the
    version would be a MISSING_FEED its clients cannot remedy."""
    from graphgate import graph_util, serialization

    nodes = frozen["nodes"]
    # A loop's or cond's body arguments are placeholders too, fed by the op that runs it.
    in_bodies = {name for node in nodes for name in serialization.body_node_names(node)}
    fed = {t.op.name for t in inputs.values()} | in_bodies
    left = {n["name"] for n in nodes if n["op"] == "Placeholder"} - fed
    if not left:
        return
    for alias, tensor in sorted(outputs.items()):
        needed = graph_util.extract_sub_graph(frozen, [tensor.op.name])["nodes"]
        needs = sorted(left & {node["name"] for node in needed})
        if needs:
            message = f"output {alias} ({tensor.name}) needs placeholder {needs[0]}"
            raise _signature_error(f"/outputs/{alias}", f"{message}, which no input feeds")


def _one_input_per_placeholder(inputs: dict[str, Any]) -> None:
    # Two inputs feeding one placeholder: a prediction would take one and drop the other.
    seen: dict[str, str] = {}
    for alias, tensor in inputs.items():
        if tensor.name in seen:
            raise _signature_error(
                f"/inputs/{alias}",
                f"inputs {seen[tensor.name]} and {alias} both feed {tensor.name}",
            )
        seen[tensor.name] = alias


def _output(graph: Any, alias: str, ref: str) -> Any:
    from graphgate import dtypes
    from graphgate.errors import error

    tensor = _tensor(graph, ref, f"/outputs/{alias}")
    if getattr(tensor, "dtype", None) in dtypes.COMPLEX:
        # The inference protocols have no complex datatype (a spectrogram's stft output).
        exc = error(
            "UNSUPPORTED_DTYPE",
            f"output {alias} ({tensor.name}) is a {tensor.dtype.name} tensor, which the "
            "inference protocols cannot carry: output tf.abs, tf.real or tf.imag of it",
            node=tensor.op.name,
        )
        raise graph_documents.engine_problem(exc, pointer=f"/outputs/{alias}")
    return tensor


def _tensor(graph: Any, ref: str, pointer: str) -> Any:
    from graphgate import GraphgateError

    try:
        element = graph.as_graph_element(ref if ":" in ref else f"{ref}:0")
    except (GraphgateError, KeyError, ValueError, TypeError):
        raise _signature_error(pointer, f"{ref} is not a tensor of the graph") from None
    return element


def _spec(alias: str, tensor: Any) -> dict[str, Any]:
    from graphgate import dtypes

    dims = tensor.shape.as_list() if tensor.shape.rank is not None else None
    return {
        "name": alias,
        "tensor": tensor.name,
        "datatype": dtypes.TO_OIP[tensor.dtype],
        "shape": None if dims is None else [-1 if d is None else d for d in dims],
    }


def _max_batch(requested: int | None) -> int:
    value = DEFAULT_MAX_BATCH if requested is None else int(requested)
    if not 1 <= value <= MAX_MAX_BATCH:
        raise _signature_error("/max_batch_size", f"max_batch_size must be 1..{MAX_MAX_BATCH}")
    return value


def _signature_error(pointer: str, message: str) -> problems.ApiError:
    return problems.BadRequest(
        f"The signature is invalid: {message}.",
        code="SIGNATURE_INVALID",
        errors=[{"pointer": pointer, "code": "SIGNATURE", "message": message}],
    )


# ------------------------------------------------------------------- reading
def model_meta(tenant: str, name: str) -> dict[str, Any]:
    meta = store().meta(tenant, name) if _NAME.fullmatch(name or "") else None
    if meta is None:
        raise _model_missing(name)
    return meta


def get(tenant: str, name: str) -> tuple[dict[str, Any], str]:
    """The model (its labels and newest version) and its routing ETag."""
    meta = model_meta(tenant, name)
    view = {
        "name": meta["name"],
        "latest_version": store().newest_version(tenant, name),
        "labels": meta["labels"],
        "created_at": graphs.iso(meta["created_at"]),
        "updated_at": graphs.iso(meta["updated_at"]),
    }
    return view, _etag(meta)


def page(
    tenant: str, limit: int | None, cursor: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    items, next_cursor = cursors.page(
        tenant, "models", limit, cursor, lambda n, start: store().page(tenant, n, start)
    )
    return [
        {"name": i["name"], "created_at": graphs.iso(i["created_at"])} for i in items
    ], next_cursor


def versions(
    tenant: str, name: str, limit: int | None, cursor: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    model_meta(tenant, name)
    items, next_cursor = cursors.page(
        tenant,
        f"model-versions:{name}",
        limit,
        cursor,
        lambda n, start: store().versions(tenant, name, n, start),
    )
    return [version_view(name, i) for i in items], next_cursor


def version_numbers(tenant: str, name: str, at_most: int = 100) -> list[int]:
    """The newest `at_most` version numbers of a model, newest first."""
    items, _ = store().versions(tenant, name, at_most, None)
    return [int(i["version"]) for i in items]


def get_version(tenant: str, name: str, version: int) -> dict[str, Any]:
    return version_view(name, _version(tenant, name, version))


def _version(tenant: str, name: str, version: int, blobs: bool = False) -> dict[str, Any]:
    found = store().version(tenant, name, version, blobs) if _NAME.fullmatch(name or "") else None
    if found is None:
        model_meta(tenant, name)  # no such model is MODEL_NOT_FOUND, as on its other routes
        raise _version_missing(name, version)
    return found


def version_view(name: str, version: dict[str, Any]) -> dict[str, Any]:
    view = {
        "model": name,
        "version": version["version"],
        "signature": version["signature"],
        "source": version["source"],
        "created_at": graphs.iso(version["created_at"]),
    }
    if "sizes" in version:
        view["sizes"] = version["sizes"]
    if "description" in version:
        view["description"] = version["description"]
    return view


def _etag(meta: dict[str, Any]) -> str:
    return f'"{meta["routing"]}"'


# -------------------------------------------------------------------- labels
def get_label(tenant: str, name: str, label: str) -> tuple[dict[str, Any], str]:
    meta = model_meta(tenant, name)
    if label not in meta["labels"]:
        raise _label_missing(name, label)
    return {"model": name, "label": label, **meta["labels"][label]}, _etag(meta)


def set_label(
    tenant: str,
    name: str,
    label: str,
    target: dict[str, Any] | None,
    if_match: str | None,
    if_none_match: str | None = None,
) -> tuple[dict[str, Any] | None, str]:
    """Point `label` at a version (optionally splitting traffic with a canary), or remove
    it (target None), atomically. With If-Match, only if the labels are unchanged since."""
    check_name(label, "label")
    target = _checked_target(target) if target is not None else None
    for _ in range(LABEL_ATTEMPTS):
        meta = model_meta(tenant, name)
        if target is None and label not in meta["labels"]:
            raise _label_missing(name, label)  # RFC 9110 §13.2.1: before any precondition
        if not _label_preconditions_hold(meta, label, if_match, if_none_match):
            raise problems.PreconditionFailed(
                "The model's labels changed since you read them (or If-None-Match names them).",
                code="VERSION_MISMATCH",
                extra={"current_etag": _etag(meta)},
            )
        labels = dict(meta["labels"])
        if target is None:
            labels.pop(label)
        else:
            labels[label] = target
        if len(labels) > max(MAX_LABELS, len(meta["labels"])):  # moves and deletes always may
            raise _too_many_labels(name, len(meta["labels"]))
        try:
            updated = store().set_labels(tenant, meta, labels, _versions_of(target))
        except Conflict:
            missing = [
                v for v in sorted(_versions_of(target)) if store().version(tenant, name, v) is None
            ]
            if missing:
                raise _version_missing(name, missing[0]) from None
            if not rest.holds_for_any_version(if_match):  # `*`: re-read, as without one
                raise problems.PreconditionFailed(
                    "The model's labels changed since you read them.", code="VERSION_MISMATCH"
                ) from None
            continue
        view = {"model": name, "label": label, **target} if target is not None else None
        return view, _etag(updated)
    raise _busy(name)


def _too_many_labels(name: str, used: int) -> problems.ApiError:
    return problems.Unprocessable(
        f"Model {name!r} has {used} labels, the most a model keeps; delete one first.",
        code="TOO_MANY_LABELS",
        extra={"limit": MAX_LABELS, "used": used},
    )


def _label_preconditions_hold(
    meta: dict[str, Any], label: str, if_match: str | None, if_none_match: str | None
) -> bool:
    """RFC 9110 §13.1 for one label: a tag names the model's labels record (every label's
    ETag), while `*` asks whether the label itself exists, which a PUT may create."""
    routing, exists = str(meta["routing"]), label in meta["labels"]
    if if_match is not None:
        star, tags = _star_and_tags(if_match)
        if not ((star and exists) or (tags and rest.if_match_holds(tags, routing))):
            return False
    if if_none_match:
        star, tags = _star_and_tags(if_none_match)
        if (star and exists) or (tags and not rest.if_none_match_holds(tags, routing)):
            return False
    return True


def _star_and_tags(header: str) -> tuple[bool, str]:
    listed = rest.listed_tags(header)
    return "*" in listed, ", ".join(tag for tag in listed if tag != "*")


def _checked_target(target: dict[str, Any]) -> dict[str, Any]:
    checked = {"version": int(target["version"])}
    canary = target.get("canary")
    if canary:
        weight = float(canary["weight"])
        if not 0.0 <= weight <= 1.0:
            raise problems.BadRequest(
                "A canary weight is a fraction between 0 and 1.",
                code="VALIDATION_FAILED",
                errors=[{"pointer": "/canary/weight", "code": "RANGE", "message": f"{weight}"}],
            )
        checked["canary"] = {"version": int(canary["version"]), "weight": weight}
    return checked


def _versions_of(target: dict[str, Any] | None) -> set[int]:
    if target is None:
        return set()
    return {target["version"], *([target["canary"]["version"]] if "canary" in target else [])}


def delete_version(tenant: str, name: str, version: int) -> None:
    """Delete a version no label points at (409 naming the labels otherwise)."""
    for _ in range(LABEL_ATTEMPTS):
        meta = model_meta(tenant, name)
        found = _version(tenant, name, version, blobs=True)
        holding = sorted(
            label for label, target in meta["labels"].items() if version in _versions_of(target)
        )
        if holding:
            raise problems.Conflict(
                f"Version {version} of {name} is behind label(s) {', '.join(holding)}; "
                "move them first.",
                code="MODEL_VERSION_LABELLED",
                extra={"labels": holding},
            )
        try:
            store().delete_version(tenant, meta, found)
        except Conflict:
            continue  # labels moved meanwhile (or the version went): look again
        return
    raise _busy(name)


def _busy(name: str) -> problems.ApiError:
    return problems.Conflict(
        f"Model {name} kept changing; retry shortly.",
        code="MODEL_BUSY",
        headers={"Retry-After": "1"},
    )


# ------------------------------------------------------------------- routing
def canary_fraction(name: str, label: str, request_id: str) -> float:
    """A request id's place in [0, 1) for a label's split: the same id always lands in
    the same place, so a retry reaches the same version."""
    digest = hashlib.sha256(f"{name}\0{label}\0{request_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def routed_version(name: str, label: str, target: dict[str, Any], request_id: str) -> int:
    """The version a label sends this request to."""
    canary = target.get("canary")
    if canary and canary_fraction(name, label, request_id) < canary["weight"]:
        return canary["version"]
    return target["version"]


def resolve(tenant: str, name: str, version: int | None, label: str | None, request_id: str) -> int:
    """The version a request is answered by: the one it names, its label's, or (naming
    neither) the `stable` label's, else the newest."""
    if version is not None:
        _version(tenant, name, version)
        return version
    meta = model_meta(tenant, name)
    if label is not None:
        if label not in meta["labels"]:
            raise _label_missing(name, label)
        return routed_version(name, label, meta["labels"][label], request_id)
    if DEFAULT_LABEL in meta["labels"]:
        return routed_version(name, DEFAULT_LABEL, meta["labels"][DEFAULT_LABEL], request_id)
    newest = store().newest_version(tenant, name)
    if newest is None:
        raise no_versions(name)
    return newest


def signature(tenant: str, name: str, version: int) -> dict[str, Any]:
    return _served(tenant, name, version).description["signature"]


def resolve_signature(
    tenant: str, name: str, version: int | None, label: str | None, request_id: str
) -> tuple[int, dict[str, Any]]:
    """`resolve`'s version and its signature, loaded (see `resolve_loaded`)."""
    return resolve_loaded(
        tenant, name, version, label, request_id, lambda chosen: signature(tenant, name, chosen)
    )


def resolve_loaded(
    tenant: str,
    name: str,
    version: int | None,
    label: str | None,
    request_id: str,
    load: Callable[[int], Loaded],
) -> tuple[int, Loaded]:
    """`resolve`'s version and what `load` reads of it (a 404 MODEL_VERSION_NOT_FOUND if
    it is gone). A version the request did not name (its label's, or the newest) that a
    delete removed between the two reads is resolved again: in any serial order the
    request would have found the one there now."""
    attempts = 3  # each lost to another delete; a fourth would be a storm, answered 404
    while True:
        chosen = resolve(tenant, name, version, label, request_id)
        try:
            return chosen, load(chosen)
        except problems.NotFound as exc:
            attempts -= 1
            if version is not None or exc.code != "MODEL_VERSION_NOT_FOUND" or not attempts:
                raise


def _served(tenant: str, name: str, version: int) -> runtime.Served:
    def load() -> tuple[dict[str, Any], dict[str, Any]]:
        found = _version(tenant, name, version, blobs=True)
        document = store().document(tenant, name, found)
        if document is None:
            raise _version_missing(name, version)
        return json.loads(document), {"signature": found["signature"]}

    return runtime.served((tenant, name, str(version)), load)


# ---------------------------------------------------------------- predicting
def predict(
    who: auth.Principal,
    name: str,
    version: int,
    inputs: dict[str, np.ndarray],
    outputs: list[str] | None,
    remaining_s: float | None,
) -> dict[str, np.ndarray]:
    """Run version `version` (already resolved) on checked inputs; metered, not stored."""
    entry = _served(who.tenant_id, name, version)
    spec = entry.description["signature"]
    feeds = check_inputs(spec, inputs)
    by_name = {o["name"]: o for o in spec["outputs"]}
    wanted = outputs or sorted(by_name)
    for output in wanted:
        if output not in by_name:
            raise problems.BadRequest(
                f"Model {name} has no output {output}.",
                code="OUTPUT_UNKNOWN",
                errors=[
                    {
                        "pointer": "/outputs",
                        "code": "OUTPUT_UNKNOWN",
                        "output": output,
                        "message": f"outputs: {', '.join(sorted(by_name))}",
                    }
                ],
            )
    plan = plans.get(who.plan or "free")
    limits = runtime.RunLimits(
        max_steps=1, timeout_s=plan.run_seconds, max_feed_bytes=plan.run_bytes
    )
    result = runtime.predict(
        entry, {o: by_name[o]["tensor"] for o in wanted}, feeds, limits, remaining_s
    )
    metering.record(
        who.tenant_id, result.compute_ms, runtime.nbytes(feeds), runtime.nbytes(result.outputs)
    )
    return result.outputs


def check_inputs(spec: dict[str, Any], inputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The feeds for a request's inputs, each checked against the signature: its name,
    datatype, shape and row count. A 400 names the input."""
    from graphgate import dtypes

    declared = {i["name"]: i for i in spec["inputs"]}
    for name in inputs:
        if name not in declared:
            raise input_error(
                name, "INPUT_UNKNOWN", f"the model has no input {name}; it takes {sorted(declared)}"
            )
    feeds = {}
    for name, want in declared.items():
        if name not in inputs:
            raise input_error(name, "INPUT_MISSING", f"input {name} is missing")
        value = inputs[name]
        got = dtypes.TO_OIP.get(value.dtype, str(value.dtype))
        if got != want["datatype"]:
            raise input_error(
                name, "INPUT_DTYPE_MISMATCH", f"input {name} is {want['datatype']}, not {got}"
            )
        _check_shape(name, want, value.shape, spec["max_batch_size"])
        feeds[want["tensor"]] = value
    return feeds


def check_declared(
    spec: dict[str, Any], name: str, datatype: Any, shape: Any, max_elements: int
) -> None:
    """An input checked as `check_inputs` checks its value, from what a request says of it
    before the value is decoded (its name, datatype and shape): limits before the work.
    A shape that is no list of sizes is left to the decoder to refuse, and so is one of
    more than `max_elements` (the decoder's 422 TENSOR_TOO_LARGE, before it reads a
    value, whatever the rows: docs/models.md)."""
    declared = {i["name"]: i for i in spec["inputs"]}
    if name not in declared:
        raise input_error(
            name, "INPUT_UNKNOWN", f"the model has no input {name}; it takes {sorted(declared)}"
        )
    want = declared[name]
    if datatype != want["datatype"]:
        raise input_error(
            name, "INPUT_DTYPE_MISMATCH", f"input {name} is {want['datatype']}, not {datatype}"
        )
    sizes = isinstance(shape, list) and all(type(d) is int and d >= 0 for d in shape)
    if sizes and math.prod(shape) <= max_elements:
        _check_shape(name, want, tuple(shape), spec["max_batch_size"])


def _check_shape(name: str, want: dict[str, Any], shape: tuple, max_rows: int) -> None:
    expected = want["shape"]
    if expected is not None and (
        len(shape) != len(expected)
        or any(e != -1 and e != g for e, g in zip(expected, shape, strict=True))
    ):
        raise input_error(
            name,
            "INPUT_SHAPE_MISMATCH",
            f"input {name} has shape {list(shape)}; the model takes {expected} (-1: any)",
        )
    if shape:
        check_rows(name, want, shape[0], max_rows)


def check_rows(name: str, want: dict[str, Any], rows: int, max_rows: int) -> None:
    """INPUT_TOO_MANY_ROWS for a batched input (first dimension -1) of more rows than the
    version takes; TF Serving's row format asks before decoding a value."""
    expected = want["shape"]
    if expected and expected[0] == -1 and rows > max_rows:
        raise input_error(
            name,
            "INPUT_TOO_MANY_ROWS",
            f"input {name} has {rows} rows; this version takes at most {max_rows}",
        )


def input_error(
    name: str, code: str, message: str, category: str | None = None
) -> problems.ApiError:
    """The 400 for a bad input of a prediction, naming the input (docs/models.md); an input
    over the service's tensor limit is the engine's 422 TENSOR_TOO_LARGE, a size limit,
    with the engine's `category` (an engine code is not in the service's table)."""
    kind = problems.Unprocessable if code == "TENSOR_TOO_LARGE" else problems.BadRequest
    return kind(
        message[0].upper() + message[1:] + ".",
        code=code,
        errors=[{"pointer": f"/inputs/{name}", "code": code, "input": name, "message": message}],
        extra={"input": name, **({"category": category} if category else {})},
    )


# ------------------------------------------------------------ starting from
def starting_point(tenant: str, source: dict[str, Any]) -> tuple[str, int, dict[str, Any]]:
    """(graph id, revision, variables) of a model version, for a session to start from."""
    found = version_record(tenant, source["model"], int(source["version"]))
    _, variables = export_source(tenant, source["model"], found)
    return found["source"]["graph_id"], found["source"]["graph_revision"], variables


def version_record(tenant: str, name: str, version: int) -> dict[str, Any]:
    """A version as stored, with its blobs' keys (`export_source`); 404 if there is none."""
    return _version(tenant, name, version, blobs=True)


def exported(tenant: str, name: str, found: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """(engine graph, variables) a version's SavedModel holds: `export_source`'s, or, once
    the revision it was frozen from is gone (its graph deleted), the frozen graph it
    serves, whose variables are constants: TF then computes what the version predicts,
    where a 404 naming a graph would refuse a version that still serves."""
    try:
        return export_source(tenant, name, found)
    except problems.NotFound as exc:
        if exc.code not in ("GRAPH_NOT_FOUND", "REVISION_NOT_FOUND"):
            raise
    return _served(tenant, name, found["version"]).session.graph, {}


def export_source(tenant: str, name: str, found: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """(engine graph, variables) of a version (`version_record`) unfrozen: the revision it
    was frozen from with the values a session started from it gets."""
    from graphgate_service.session_store import unpack

    origin = found["source"]
    graph_id, revision = origin["graph_id"], origin["graph_revision"]
    _, document = graphs.document_of(tenant, graph_id, revision)
    graph = runtime.graph(tenant, graph_id, revision, document)
    # A version frozen from a graph revision may carry only the variables its outputs
    # need; the rest (optimizer slots, say) start from their initializers.
    initial = runtime.initial_variables(graph)
    frozen = store().variables(tenant, name, found)
    if frozen is None:
        raise _version_missing(name, found["version"])
    return graph, {**initial, **unpack(frozen)}
