"""The table's key schema and the bucket's object layout: every item type and every
S3 key the service writes is spelled here and nowhere else (a test fails when a key
literal appears in another module).

One table, generic `pk`/`sk`. The tenant is the first component of every partition
key a tenant's data lives under, so no query can reach another tenant's items by
construction; API-key items are keyed outside a tenant because resolving a key is
what establishes the tenant. `expires_at` (epoch seconds) is the TTL attribute for
anything that expires. `ITEMS` lists every item type, its key shape and what it
holds; template.yaml's table comment is generated from it (`table_comment`).
"""

from dataclasses import dataclass
from typing import Any

# Sort keys of single-item partitions, and the fixed partitions.
PROFILE = "PROFILE"
META = "META"
APIKEY = "APIKEY"
FAMILY = "FAMILY"
REFRESH = "REFRESH"
REVOKED = "REVOKED"
IDEMPOTENCY = "IDEMPOTENCY"
KEYEXPIRY = "KEYEXPIRY"
HEALTH = "HEALTH"

# Sort-key prefixes a query selects by (begins_with).
TENANT_KEY_PREFIX = "KEY#"
REVISION_PREFIX = "REV#"
GRAPH_SESSION_PREFIX = "SESSION#"
RUN_PREFIX = "RUN#"
VERSION_PREFIX = "VER#"
DATASET_PREFIX = "DATASET#"
SHARD_PREFIX = "SHARD#"

# Object prefixes: a tenant's stored data (deleted with what owns it), and those the
# bucket's lifecycle rules expire (template.yaml).
TENANTS_PREFIX = "tenants/"
UPLOADS_PREFIX = "uploads/"
IDEMPOTENCY_PREFIX = "idempotency/"
OUTPUTS_PREFIX = "outputs/"
# The batch state machine's ResultWriter (a map run's child results, 7 days).
BATCH_RESULTS_PREFIX = "batch-results/"


@dataclass(frozen=True)
class ItemType:
    pk: str
    sk: str
    owner: str  # the module that reads and writes it
    holds: str


ITEMS = (
    ItemType("TENANT#<t>", "PROFILE", "tenants", "name, plan, graph_count, stored_bytes"),
    ItemType("TENANT#<t>", "KEY#<keyId>", "tenants", "the tenant's list of API keys"),
    ItemType("TENANT#<t>", "USAGE#<yyyy-mm-dd>", "metering", "runs, compute_ms, bytes a day"),
    ItemType("APIKEY#<keyId>", "APIKEY", "tenants", "key id -> tenant, key_hash, not_after"),
    ItemType("APIKEYHASH#<sha256>", "APIKEY", "tenants", "key value -> tenant (authorizer)"),
    ItemType("KEYEXPIRY", "<not_after:012d>#<keyId>", "tenants", "rotated-out keys to disable"),
    ItemType("TENANT#<t>#FAMILY#<f>", "FAMILY", "tokens", "a login: scope, revoked_at"),
    ItemType("TENANT#<t>#REFRESH#<sha256>", "REFRESH", "tokens", "login_ends, spent_at"),
    ItemType("TENANT#<t>#JTI#<jti>", "REVOKED", "tokens", "a revoked access token"),
    ItemType("TENANT#<t>#IDEMPOTENCY#<sha256>", "IDEMPOTENCY", "idempotency", "a response"),
    ItemType("TENANT#<t>#GRAPH#<g>", "META", "graph_store", "current metadata, ETag"),
    ItemType("TENANT#<t>#GRAPH#<g>", "REV#<n:09d>", "graph_store", "immutable revision n"),
    ItemType("TENANT#<t>#GRAPH#<g>", "SESSION#<s>", "session_store", "a live session on it"),
    ItemType("TENANT#<t>#GRAPHS", "C#<ms:015d>#<g>", "graph_store", "graph list entry"),
    ItemType("TENANT#<t>#SESSION#<s>", "META", "session_store", "graph, version, variables"),
    ItemType("TENANT#<t>#SESSION#<s>", "RUN#<ms:015d>#<r>", "session_store", "one run"),
    ItemType("TENANT#<t>#SESSIONS", "C#<ms:015d>#<s>", "session_store", "session list entry"),
    ItemType("TENANT#<t>#MODEL#<name>", "META", "model_store", "counter, labels, routing"),
    ItemType("TENANT#<t>#MODEL#<name>", "VER#<n:09d>", "model_store", "immutable version n"),
    ItemType("TENANT#<t>#MODELS", "M#<name>", "model_store", "model list entry"),
    ItemType("TENANT#<t>#DATASETS", "DATASET#<d>", "dataset_store", "status, arrays, bytes"),
    ItemType("TENANT#<t>#BATCH#<b>", "META", "batch_store", "a batch: request, status, counts"),
    ItemType("TENANT#<t>#BATCH#<b>", "SHARD#<i:06d>", "batch_store", "one finished shard"),
    ItemType("TENANT#<t>#BATCHES", "C#<ms:015d>#<b>", "batch_store", "batch list entry"),
    ItemType("HEALTH", "HEALTH", "storage", "never written: the health check's read"),
)

# The bucket, by prefix: (layout, what lives there).
OBJECTS = (
    ("tenants/<t>/graphs/<g>/<hash>.json.z", "a graph document too large for its item"),
    ("tenants/<t>/graphs/<g>/exports/<hash>.<field>.json", "a graph download"),
    ("tenants/<t>/sessions/<s>/<sha256>.npz.z", "session variables too large for META"),
    ("tenants/<t>/sessions/<s>/exports/<name>.json", "a session download"),
    ("tenants/<t>/sessions/<s>/runs/<r>/<what>.json.z", "a run's request or outputs"),
    ("tenants/<t>/models/<name>/<sha256>.z", "a model version's blobs"),
    ("tenants/<t>/datasets/<d>/arrays/<name>.npy", "a dataset's array, C-order little-endian"),
    ("tenants/<t>/datasets/<d>/sources/<n>.<format>", "a dataset file awaiting validation"),
    ("idempotency/<t>/<sha256>.json.z", "an idempotent response too large for its item"),
    ("tenants/<t>/batches/<b>/manifest.json", "a batch's shards, the map's ItemReader"),
    ("tenants/<t>/batches/<b>/variables.npz.z", "a batch's variables, frozen at submission"),
    ("tenants/<t>/batches/<b>/out/<i:06d>.npz", "one output shard"),
    ("batch-results/<mapRunId>/...", "the batch map run's ResultWriter output (7 days)"),
    ("uploads/<t>/<uploadId>.npy", "a tensor uploaded for a run (1 day)"),
    ("outputs/<t>/<name>-<hex>.json", "outputs too large to answer inline"),
    ("outputs/<t>/<hex>/<filename>", "a file download too large to answer inline"),
)


def table_comment() -> list[str]:
    """The lines of template.yaml's comment above the table (without `#`)."""
    width = max(len(i.pk) for i in ITEMS) + 2
    sk_width = max(len(i.sk) for i in ITEMS) + 2
    return [f"pk = {i.pk:<{width}}sk = {i.sk:<{sk_width}}{i.owner}" for i in ITEMS]


# --------------------------------------------------------------------- table keys
def item_key(pk: str, sk: str) -> dict[str, Any]:
    """A key in DynamoDB's wire form."""
    return {"pk": {"S": pk}, "sk": {"S": sk}}


def tenant_pk(tenant_id: str, *parts: str) -> str:
    """A partition key inside one tenant's key space: TENANT#<id>[#PART...]."""
    if not tenant_id or "#" in tenant_id:
        raise ValueError("tenant id must be non-empty and free of '#'")
    return "#".join(("TENANT", tenant_id, *parts))


def profile(tenant_id: str) -> dict[str, Any]:
    return item_key(tenant_pk(tenant_id), PROFILE)


def usage(tenant_id: str, day: str) -> dict[str, Any]:
    return item_key(tenant_pk(tenant_id), f"USAGE#{day}")


def tenant_api_key(tenant_id: str, key_id: str) -> dict[str, Any]:
    return item_key(tenant_pk(tenant_id), f"{TENANT_KEY_PREFIX}{key_id}")


def api_key(key_id: str) -> dict[str, Any]:
    return item_key(f"APIKEY#{key_id}", APIKEY)


def api_key_hash(digest: str) -> dict[str, Any]:
    return item_key(f"APIKEYHASH#{digest}", APIKEY)


def key_expiry(not_after: int, key_id: str) -> dict[str, Any]:
    return item_key(KEYEXPIRY, f"{not_after:012d}#{key_id}")


def key_expiry_cutoff(now: int) -> str:
    """The greatest sort key of a KEYEXPIRY entry due at `now`."""
    return f"{now:012d}~"


def token_family(tenant_id: str, family: str) -> dict[str, Any]:
    return item_key(tenant_pk(tenant_id, "FAMILY", family), FAMILY)


def refresh_token(tenant_id: str, digest: str) -> dict[str, Any]:
    return item_key(tenant_pk(tenant_id, "REFRESH", digest), REFRESH)


def revoked_jti(tenant_id: str, jti: str) -> dict[str, Any]:
    return item_key(tenant_pk(tenant_id, "JTI", jti), REVOKED)


def idempotency(tenant_id: str, digest: str) -> dict[str, Any]:
    return item_key(tenant_pk(tenant_id, "IDEMPOTENCY", digest), IDEMPOTENCY)


def idempotency_digest(key: dict[str, Any]) -> str:
    """The request-key digest an idempotency record's key was built from."""
    return key["pk"]["S"].rsplit("#", 1)[-1]


def health() -> dict[str, Any]:
    return item_key(HEALTH, HEALTH)


def graph_pk(tenant: str, graph_id: str) -> str:
    return tenant_pk(tenant, "GRAPH", graph_id)


def graphs_pk(tenant: str) -> str:
    return tenant_pk(tenant, "GRAPHS")


def created_sk(created_ms: int, item_id: str) -> str:
    """A list entry's sort key: creation order, then id (graphs and sessions)."""
    return f"C#{created_ms:015d}#{item_id}"


def revision_sk(n: int) -> str:
    return f"{REVISION_PREFIX}{n:09d}"


def graph_session_sk(session_id: str) -> str:
    return f"{GRAPH_SESSION_PREFIX}{session_id}"


def session_pk(tenant: str, session_id: str) -> str:
    return tenant_pk(tenant, "SESSION", session_id)


def session_of(pk: str) -> str:
    """The session id of a partition key session_pk made."""
    return pk.rsplit("#", 1)[1]


def session_of_meta(pk: str, sk: str) -> tuple[str, str] | None:
    """(tenant, session id) if `pk`/`sk` is a session's META item (what the table's
    stream names when the TTL deletes it), else None: the stream's filter can match
    `TENANT#` and `META` only, which a batch's META matches too."""
    parts = pk.split("#")
    if sk != META or len(parts) != 4 or parts[0] != "TENANT" or parts[2] != "SESSION":
        return None
    if not parts[1] or not parts[3]:
        return None
    return parts[1], parts[3]


def sessions_pk(tenant: str) -> str:
    return tenant_pk(tenant, "SESSIONS")


def run_sk(created_ms: int, run_id: str) -> str:
    return f"{RUN_PREFIX}{created_ms:015d}#{run_id}"


# A run id carries its creation time (ms, 11 hex digits, good to the year 2527) ahead
# of 9 random hex digits, in the shape of the random ids before it (r_ and 20 hex), so
# the run's sort key, and the run, are one read from the id alone.
RUN_ID_TIME_DIGITS = 11


def run_id(created_ms: int, nonce: str) -> str:
    """The id of a run created at `created_ms`; `nonce` is 9 random hex digits."""
    return f"r_{created_ms:0{RUN_ID_TIME_DIGITS}x}{nonce}"


def run_created_ms(run_id: str) -> int | None:
    """The creation time a run id carries, or None if it cannot be one (a run made
    before ids carried their time has an id of the same shape whose digits do not
    name its sort key: the read by key then misses)."""
    digits = run_id[2 : 2 + RUN_ID_TIME_DIGITS]
    if not run_id.startswith("r_") or len(run_id) != 22:
        return None
    try:
        return int(digits, 16)
    except ValueError:
        return None


def model_pk(tenant: str, name: str) -> str:
    return tenant_pk(tenant, "MODEL", name)


def models_pk(tenant: str) -> str:
    return tenant_pk(tenant, "MODELS")


def version_sk(version: int) -> str:
    return f"{VERSION_PREFIX}{version:09d}"


def model_list_sk(name: str) -> str:
    return f"M#{name}"


def datasets_pk(tenant: str) -> str:
    return tenant_pk(tenant, "DATASETS")


def dataset_sk(dataset_id: str) -> str:
    """A dataset's sort key; its id starts with its creation time, so the partition
    lists in creation order."""
    return f"{DATASET_PREFIX}{dataset_id}"


def batch_pk(tenant: str, batch_id: str) -> str:
    return tenant_pk(tenant, "BATCH", batch_id)


# What every batch's partition key holds between its tenant and its id: a scan's filter
# (batch_store.unfinished), with tenant_of to read the tenant back.
BATCH_PK_INFIX = "#BATCH#"


def tenant_of(pk: str) -> str:
    """The tenant of a partition key tenant_pk made."""
    return pk.split("#")[1]


def batches_pk(tenant: str) -> str:
    return tenant_pk(tenant, "BATCHES")


def shard_sk(index: int) -> str:
    return f"{SHARD_PREFIX}{index:06d}"


# -------------------------------------------------------------------- object keys
def graph_prefix(tenant: str, graph_id: str) -> str:
    """Where every object of the graph lives, so that deleting it frees them all."""
    return f"{TENANTS_PREFIX}{tenant}/graphs/{graph_id}/"


def graph_body(tenant: str, graph_id: str, digest: str) -> str:
    return f"{graph_prefix(tenant, graph_id)}{digest}.json.z"


def graph_export(tenant: str, graph_id: str, digest: str, field: str) -> str:
    return f"{graph_prefix(tenant, graph_id)}exports/{digest}.{field}.json"


def session_prefix(tenant: str, session_id: str) -> str:
    """Where every object of the session lives, so that deleting it frees them all."""
    return f"{TENANTS_PREFIX}{tenant}/sessions/{session_id}/"


def session_variables(tenant: str, session_id: str, digest: str) -> str:
    return f"{session_prefix(tenant, session_id)}{digest}.npz.z"


def session_random_state(tenant: str, session_id: str, digest: str) -> str:
    return f"{session_prefix(tenant, session_id)}random/{digest}.json.z"


def session_export(tenant: str, session_id: str, name: str) -> str:
    return f"{session_prefix(tenant, session_id)}exports/{name}.json"


def run_blob(tenant: str, session_id: str, run_id: str, what: str) -> str:
    return f"{session_prefix(tenant, session_id)}runs/{run_id}/{what}.json.z"


def model_prefix(tenant: str, name: str) -> str:
    return f"{TENANTS_PREFIX}{tenant}/models/{name}/"


def model_version_prefix(tenant: str, name: str) -> str:
    """A fresh prefix for one version's objects, made before its number is known. A
    version's delete frees its own objects: keyed by content alone, two versions of the
    same bytes shared them, and deleting one lost the other's graph."""
    import secrets

    return f"{model_prefix(tenant, name)}{secrets.token_hex(8)}/"


def dataset_prefix(tenant: str, dataset_id: str) -> str:
    """Where every object of the dataset lives, so that deleting it frees them all."""
    return f"{TENANTS_PREFIX}{tenant}/datasets/{dataset_id}/"


def dataset_array(tenant: str, dataset_id: str, name: str) -> str:
    """One array of a ready dataset: a C-order little-endian .npy, so rows are a byte range."""
    return f"{dataset_prefix(tenant, dataset_id)}arrays/{name}.npy"


def dataset_source(tenant: str, dataset_id: str, index: int, file_format: str) -> str:
    """An uploaded .npz or CSV file, read once into arrays and then deleted."""
    return f"{dataset_prefix(tenant, dataset_id)}sources/{index}.{file_format}"


def idempotent_response(tenant: str, digest: str) -> str:
    return f"{IDEMPOTENCY_PREFIX}{tenant}/{digest}.json.z"


def upload(tenant: str, upload_id: str) -> str:
    return f"{UPLOADS_PREFIX}{tenant}/{upload_id}.npy"


def output(tenant: str, name: str, nonce: str) -> str:
    return f"{OUTPUTS_PREFIX}{tenant}/{name}-{nonce}.json"


def download(tenant: str, filename: str, nonce: str) -> str:
    return f"{OUTPUTS_PREFIX}{tenant}/{nonce}/{filename}"


def batch_prefix(tenant: str, batch_id: str) -> str:
    """Where every object of the batch lives, so that deleting it frees them all."""
    return f"{TENANTS_PREFIX}{tenant}/batches/{batch_id}/"


def batch_manifest(tenant: str, batch_id: str) -> str:
    return f"{batch_prefix(tenant, batch_id)}manifest.json"


def batch_variables(tenant: str, batch_id: str) -> str:
    return f"{batch_prefix(tenant, batch_id)}variables.npz.z"


def batch_document(tenant: str, batch_id: str) -> str:
    """The frozen graph document of a batch over a model version, copied at submission."""
    return f"{batch_prefix(tenant, batch_id)}document.json"


def batch_output(tenant: str, batch_id: str, index: int) -> str:
    return f"{batch_prefix(tenant, batch_id)}out/{index:06d}.npz"
