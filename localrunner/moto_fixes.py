"""Where moto's DynamoDB differs from DynamoDB in ways the local runner cannot
live with, corrected in place. Installed by the embedded AWS only.

TransactWriteItems: moto deep-copies every table a transaction touches, all of
it, before each transaction, to roll back on failure. That is O(table) time and
memory per write: in a 20-minute soak the runner's table reached tens of
thousands of items, each write took seconds (the SDK's 5 s read timeout then
retried writes that had been applied) and the process was OOM-killed at 24 GB.
Here only the items the transaction names are saved and, on failure, restored.

Response serialization: for every member of every structure in an answer
(each AttributeValue of each item has ten), moto builds a context and six
alias providers to find which key holds the member's value. That was a quarter
of the runner's CPU under load, all of it inside the emulator's lock (py-spy,
benchmarks/runner_load.py). For a plain dict the keys to try depend on the
shape and the member name only, so they are worked out once and remembered;
anything else takes moto's own path.

DynamoDB attribute values: even with the keys remembered, each AttributeValue in an
answer took ten member lookups and a recursion per present one; a Query of 20 graph
items spent 6 ms in the serializer. An AttributeValue that is a plain dict of plain
values (what moto's items hold) is written directly, to the same JSON; anything else
takes moto's own path.

S3 objects: moto stores an object by writing it whole to a SpooledTemporaryFile,
which copies it into memory twice before it rolls over to disk, and completes a
multipart upload by joining its parts four times over (two for its default CRC64NVME
checksum): a 313 MB dataset took the runner to 2 GB, and a 3 GB one would have taken
more than the machine has. Objects are written in chunks, and a completed upload's
object reads its parts where they are. Completing an aborted upload is S3's 404
NoSuchUpload (moto: a KeyError, a 500), and parts listed out of order or twice S3's
InvalidPartOrder (moto joined them as listed).

Per-call lookups: for every request moto listed its package directory (a stat per
service, to route by Host) and listed a handler class's methods with `inspect` (to
find the action): 0.7 ms of a 1.6 ms GetItem, inside the lock. Neither changes while
the process runs, so each is worked out once.

Update expressions: moto parses each UpdateExpression twice per call (once to check
the names it uses, once to apply it), and the service sends the same few expressions
every time; metering's one UpdateItem spent 40% of its time there. The parsed tree is
only read (the validator works on its own deep copy), so each expression is parsed once.

The validator's deep copy of the tree went through `copy`'s generic reduce protocol
for every node (a third of validating); a node is now copied attribute by attribute,
its lists and child nodes by copy's own steps without its dispatch, to the same tree.

Each validator's traversal asked `isinstance` of every node against abstract base
classes, twice (is it a node, does the validator process it), at every node of every
one of the ten traversals; the answer depends on the node's class alone, so it is
asked once per (validator, node class).

Condition expressions are lexed once each too: moto's lexer compiles its patterns again
for every token of every condition, and its tokens depend on the text alone. Each
call still gets tokens of its own.

Update-expression validation: each of the ten validators moto runs over an update's
tree rebuilt its table of node types (a dict of bound methods) at every node it
visited, twice; that was a third of an UpdateItem. A validator's table names the same
methods every time, so each validator class's is read once.

Query: moto reads a base-table Query's partition by listing and sorting every
item of the table, O(table) per call; the load test's table grows by thousands
of items a minute, and with it every listing's time. Here the query sees the
partition's items only, which are all it would have kept. Index queries take
moto's own path.

Item sizes: moto builds an item one attribute at a time into a dict that, at each
insert, sums the size of every attribute already in it (walking lists and maps down
to each member), to refuse an item over its 405,000-byte limit: O(attributes x size)
per write, a fifth of the runner's CPU under the load test (py-spy, one request at a
time). Sizes are never negative, so the running total is what each of those sums
would find: an item is refused at the same attribute, with the same error, and built
the same way otherwise.

Request parsing: moto parses every request body against the operation's shapes,
member by member: an AttributeValue is a structure of ten members, each looked up and
dispatched, for every value of every item written (a sixth of moto's work under load).
A plain AttributeValue (a dict of plain members, as botocore sends them) is parsed
directly, to the same dict, in the model's member order; anything else takes moto's
own path.

Query pages: beyond reading its partition only, moto compared every item's hash key
and sorted the partition on every Query, then walked it until the page was full. A
query with no sort-key condition (a graph or session list) walks a run of the sorted
partition, so the partition is sorted here by the values moto compares and moto is
handed the page's run alone (Limit + 1 items, from past the start key): the same walk,
the same page, whatever the partition's size.

Results: moto turns each answer's items into plain dicts with a generic walk (a
`hasattr` and four `isinstance` per value); a plain DynamoType (string, number, boolean,
null, list, map) is written directly, to the same dict; blobs and sets take moto's own
path. Sizing a string, number or boolean value is likewise done directly.

Update validation: moto runs ten validators over a copy of an update's tree on every
UpdateItem. Three read only the expression, its attribute names and the table's key
attributes, and return the tree unchanged (too many clauses, overlapping paths, a key
attribute updated); one of them walked every subtree of the tree for every node, a
third of an UpdateItem. Their verdict on an expression is the same every time, so
after an expression passes them once (with the same names and key attributes) they
are not run for it again; an expression they refuse is refused every time.

Conditions: moto parses a condition expression into its tree of operations on every
use, twice for each item of a transaction (once to check the transaction, once to
write the item); a fifth of a TransactWriteItems. The tree depends on the expression
and on the names and values it looks up, and is only evaluated afterwards, so it is
kept per (expression, names, values); a refused condition is refused every time.

Reserved words: moto checks every attribute name in a condition or an update against
DynamoDB's 573 reserved words by scanning a list (5 µs a name); the list is kept, its
membership test made a set lookup.

Request ids: moto drew the 52 characters of each answer's request id with a call of
`choice` each (4% of a GetItem); they are drawn at once from the same source.

Ranged GETs: moto reads an object whole (from disk, past 5 MB) and copies it, then
slices the range, and runs a regex over the whole body: a batch shard reading its
16 MB of a 256 MB dataset array paid for all 256 MB, inside the emulator's lock,
and sixteen shards in parallel queued behind each other (issue 19). Here a simple
`bytes=a-b` GET reads only its range; anything else takes moto's own path.
"""

import base64
import binascii
import bisect
import contextvars
import copy
import functools
import io
import itertools
import re
import types
from typing import Any


def install() -> None:
    """Patch moto's DynamoDB backend and its response serializer (idempotent)."""
    _install_item_level_transactions()
    _install_remembered_member_keys()
    _install_partition_queries()
    _install_ranged_reads()
    _install_chunked_object_writes()
    _install_multipart_assembly_in_place()
    _install_direct_attribute_values()
    _install_cached_lookups()
    _install_parsed_update_expressions()
    _install_remembered_processing_maps()
    _install_lexed_conditions()
    _install_node_copies()
    _install_item_sizes_summed_once()
    _install_direct_attribute_parsing()
    _install_direct_results()
    _install_scalar_sizes()
    _install_expression_checks_once()
    _install_quick_request_ids()
    _install_parsed_conditions()
    _install_keyword_set()
    _install_typed_traversal()
    _install_tagging_of_missing_keys()
    _install_parts_of_missing_uploads()


def _install_parts_of_missing_uploads() -> None:
    """S3 answers `UploadPart` to an upload completed or aborted `404 NoSuchUpload`; moto
    raised a KeyError (a 500): a client sending a dataset's part again after completion."""
    from moto.s3 import exceptions, models

    original = models.S3Backend.upload_part
    if getattr(original, "graphgate_missing_upload", False):
        return

    def upload_part(
        self: Any, bucket_name: str, multipart_id: str, part_id: int, value: bytes
    ) -> Any:
        if multipart_id not in self.get_bucket(bucket_name).multiparts:
            raise exceptions.NoSuchUpload(upload_id=multipart_id)
        return original(self, bucket_name, multipart_id, part_id, value)

    upload_part.graphgate_missing_upload = True  # type: ignore[attr-defined]
    models.S3Backend.upload_part = upload_part


def _install_tagging_of_missing_keys() -> None:
    """S3 answers `DeleteObjectTagging` of a key that does not exist `404 NoSuchKey`; moto
    raised an AttributeError (a 500), so a dataset completion that lost a race with its
    delete met an error no client of S3 ever sees."""
    from moto.s3 import exceptions, models

    original = models.S3Backend.delete_object_tagging
    if getattr(original, "graphgate_missing_key", False):
        return

    def delete_object_tagging(
        self: Any, bucket_name: str, key_name: str, version_id: str | None = None
    ) -> Any:
        if self.get_object(bucket_name, key_name, version_id=version_id) is None:
            raise exceptions.MissingKey(key=key_name)
        return original(self, bucket_name, key_name, version_id)

    delete_object_tagging.graphgate_missing_key = True  # type: ignore[attr-defined]
    models.S3Backend.delete_object_tagging = delete_object_tagging


def _install_item_level_transactions() -> None:
    from moto.dynamodb import models

    original = models.DynamoDBBackend.transact_write_items
    if getattr(original, "graphgate_item_level", False):
        return
    # moto's module-level `copy`, except that a whole table is not copied; the
    # rollback that assigns the "copy" back is then a no-op, and ours restores.
    tables_kept = types.SimpleNamespace(
        deepcopy=lambda value, memo=None: (
            value if isinstance(value, models.Table) else copy.deepcopy(value, memo)
        )
    )

    @functools.wraps(original)
    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        saved = [_saved(self, entry) for entry in transact_items]
        models.copy = tables_kept  # the emulator serializes calls: no other thread sees this
        try:
            original(self, transact_items)
        except Exception:
            for table_name, key, attributes in reversed([s for s in saved if s]):
                if attributes is not None:
                    self.put_item(table_name, attributes)
                elif self.get_item(table_name, key) is not None:
                    self.delete_item(table_name, key)
            raise
        finally:
            models.copy = copy

    transact_write_items.graphgate_item_level = True  # type: ignore[attr-defined]
    models.DynamoDBBackend.transact_write_items = transact_write_items


def _saved(backend: Any, entry: dict[str, Any]) -> tuple[str, dict[str, Any], Any] | None:
    """(table, key, item attributes or None) as the item is before the transaction."""
    try:
        _, op = next(iter(entry.items()))
        table = backend.get_table(op["TableName"])
        if "Key" in op:
            key = op["Key"]
        else:
            names = [n for n in (table.hash_key_attr, table.range_key_attr) if n]
            key = {name: op["Item"][name] for name in names}
        current = backend.get_item(op["TableName"], key)
    except Exception:
        return None  # malformed: moto refuses it before changing anything
    return op["TableName"], key, copy.deepcopy(current.to_json()["Attributes"]) if current else None


def _install_remembered_member_keys() -> None:
    from moto.core import serialize
    from moto.core.utils import get_value

    original = serialize.ResponseSerializer.get_value
    if getattr(original, "graphgate_remembered", False):
        return
    remembered: dict[tuple[int, str], tuple[Any, tuple[str, ...]]] = {}
    missing = object()

    @functools.wraps(original)
    def member_value(self: Any, value: Any, key: str, shape: Any) -> Any:
        picker = self._value_picker
        if (
            type(value) is not dict
            or type(picker) is not serialize.XFormedAttributePicker
            or picker.response_transformers
            or picker.alias_providers is not serialize.DEFAULT_ALIAS_PROVIDERS
        ):
            return original(self, value, key, shape)
        entry = remembered.get((id(shape), key))
        if entry is None or entry[0] is not shape:
            # Every provider looks at the shape, the key and the object's class (dict) only.
            context = serialize.AttributePickerContext(obj={}, key=key, shape=shape)
            entry = (shape, tuple(picker.get_possible_keys(context)))
            remembered[(id(shape), key)] = entry
        for possible_key in entry[1]:
            found = get_value(value, possible_key, missing)
            if found is not missing:
                return found
        return None

    member_value.graphgate_remembered = True  # type: ignore[attr-defined]
    serialize.ResponseSerializer.get_value = member_value


def _install_partition_queries() -> None:
    from moto.dynamodb.models.table import Table

    original = Table.query
    if getattr(original, "graphgate_partition", False):
        return

    @functools.wraps(original)
    def query(
        self: Any,
        hash_key: Any,
        range_comparison: Any,
        range_objs: Any,
        limit: Any,
        exclusive_start_key: Any,
        scan_index_forward: Any,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        # moto passes the index name positionally (after the projection), tests by name.
        index_name = args[1] if len(args) > 1 else kwargs.get("index_name")
        ordered = (range_comparison, range_objs, limit, exclusive_start_key, scan_index_forward)
        if index_name or hash_key is None or not self.range_key_attr:
            return original(self, hash_key, *ordered, *args, **kwargs)
        partition = list(self.items.get(hash_key, {}).values())
        if _pages_in_order(range_comparison, limit, kwargs) and len(partition) > limit + 1:
            partition = _page_window(self, partition, *ordered[2:])
        # The emulator serializes calls: no other thread sees this instance attribute.
        self.all_items = lambda: partition
        try:
            return original(self, hash_key, *ordered, *args, **kwargs)
        finally:
            del self.all_items

    query.graphgate_partition = True  # type: ignore[attr-defined]
    Table.query = query


# Table.query's keyword arguments that name neither a legacy QueryFilter nor a range
# condition (which `range_comparison` carries too).
_KEY_CONDITIONS = frozenset({"hash_key_conditions", "range_key_conditions"})


def _pages_in_order(range_comparison: Any, limit: Any, kwargs: dict[str, Any]) -> bool:
    """Whether moto's walk keeps every item it reaches until its page is full: no range
    condition and no QueryFilter skips one, so the walk is a run of the sorted partition."""
    return (
        not range_comparison
        and not kwargs.get("range_key_conditions")
        and kwargs.keys() <= _KEY_CONDITIONS
        and type(limit) is int
        and limit >= 1
    )


def _range_order(item: Any) -> Any:
    """What DynamoType's `<` compares for `item`'s sort key (its cast_value): sorting
    by it orders items exactly as sorting the keys themselves does."""
    key = item.range_key
    return key.value if key.type == "S" and type(key.value) is str else key.cast_value


def _page_window(
    table: Any, partition: list[Any], limit: int, start_key: Any, forward: Any
) -> list[Any]:
    """The items moto's walk reaches for one page: past `start_key` (moto's own test of
    "comes before", which is monotonic along the walk), then at most `limit` + 1 (the
    one more tells moto the page is full and where it ends). moto walks a partition
    sorted by sort key until its page fills, so the rest never mattered, but each
    Query compared and sorted every item of the partition (a tenant's graph list is
    one partition, hundreds of items under the load test)."""
    try:
        ordered = sorted(partition, key=_range_order)
        if not forward:
            ordered.reverse()
        first, end = 0, len(ordered)
        if start_key is not None:
            keys = ([table.hash_key_attr], [table.range_key_attr])
            while first < end:  # the first item not before the start key
                middle = (first + end) // 2
                if table._item_comes_before_dct(ordered[middle], start_key, *keys, forward):
                    first = middle + 1
                else:
                    end = middle
        return ordered[first : first + limit + 1]
    except Exception:
        return partition  # moto's own walk raises what it raises


_RANGED_GET = contextvars.ContextVar("graphgate_ranged_get", default=False)
_SIMPLE_RANGE = re.compile(r"bytes=(\d+)-(\d+)$")


class _Window:
    """A stored object's value as moto's range handling uses it: its length, and the
    one slice it takes, read from the object's buffer alone."""

    def __init__(self, key: Any) -> None:
        self._key = key

    def __len__(self) -> int:
        return int(self._key.size)

    def __bool__(self) -> bool:
        return True

    def __getitem__(self, span: slice) -> bytes:
        with self._key.lock:
            self._key._value_buffer.seek(span.start)
            return self._key._value_buffer.read(span.stop - span.start)


def _install_ranged_reads() -> None:
    from moto.s3 import models, responses

    value = models.FakeKey.value
    if getattr(value.fget, "graphgate_ranged", False):
        return

    def read_value(self: Any) -> Any:
        return _Window(self) if _RANGED_GET.get() else value.fget(self)

    read_value.graphgate_ranged = True  # type: ignore[attr-defined]
    models.FakeKey.value = property(read_value, value.fset)
    original = responses.S3Response.get_object

    @functools.wraps(original)
    def get_object(self: Any) -> Any:
        match = _SIMPLE_RANGE.match(self.headers.get("range") or "")
        if not match or int(match[1]) > int(match[2]) or self._get_int_param("partNumber"):
            return original(self)
        token = _RANGED_GET.set(True)
        try:
            return original(self)
        finally:
            _RANGED_GET.reset(token)

    responses.S3Response.get_object = get_object


# An object's bytes go into its spooled buffer this much at a time: written whole, a
# SpooledTemporaryFile first copies them into its BytesIO, then copies that again to
# roll over to disk, three copies of an object in memory at once.
_WRITE_CHUNK = 8 * 1024 * 1024


class _Chained:
    """A completed multipart upload's object buffer: its parts' own buffers end to end,
    taken over from the parts (read-only; a new value replaces it). Completing an
    upload then copies nothing, as on S3, where it takes seconds whatever the size."""

    def __init__(self, buffers: list[Any], sizes: list[int]) -> None:
        self._buffers = buffers
        self._starts = list(itertools.accumulate(sizes, initial=0))
        self._at = 0
        self.closed = False

    def __len__(self) -> int:
        return self._starts[-1]

    def seek(self, offset: int, whence: int = 0) -> int:
        self._at = max(0, (0, self._at, len(self))[whence] + offset)
        return self._at

    def tell(self) -> int:
        return self._at

    def read(self, size: int | None = -1) -> bytes:
        end = len(self) if size is None or size < 0 else min(len(self), self._at + size)
        out = []
        while self._at < end:
            index = bisect.bisect_right(self._starts, self._at) - 1
            self._buffers[index].seek(self._at - self._starts[index])
            chunk = self._buffers[index].read(min(end, self._starts[index + 1]) - self._at)
            if not chunk:
                break
            out.append(chunk)
            self._at += len(chunk)
        return b"".join(out)

    def chunks(self) -> Any:
        for buffer in self._buffers:
            buffer.seek(0)
            while chunk := buffer.read(_WRITE_CHUNK):
                yield chunk

    def close(self) -> None:
        for buffer in self._buffers:
            buffer.close()
        self.closed = True


def _install_chunked_object_writes() -> None:
    """An object's value written to its buffer in chunks: past the first chunk the
    buffer is on disk, so storing an object holds it in memory once, as given; an
    completed upload's object reads its parts' buffers in place."""
    from moto.s3 import models

    value = models.FakeKey.value
    if getattr(value.fset, "graphgate_chunked", False):
        return

    def write_value(self: Any, new_value: Any) -> None:
        if isinstance(new_value, _Chained):
            self._value_buffer.close()
            self._value_buffer = new_value
            self.contentsize = len(new_value)
            return
        if isinstance(self._value_buffer, _Chained):
            # Read-only; moto makes a new object for every put, so this is a safety net.
            self._value_buffer.close()
            self._value_buffer = io.BytesIO()
        self._value_buffer.seek(0)
        self._value_buffer.truncate()
        if isinstance(new_value, str):
            new_value = new_value.encode("utf-8")
        view = memoryview(new_value).cast("B")
        for start in range(0, len(view), _WRITE_CHUNK):
            self._value_buffer.write(view[start : start + _WRITE_CHUNK])
        self.contentsize = len(view)

    write_value.graphgate_chunked = True  # type: ignore[attr-defined]
    models.FakeKey.value = property(value.fget, write_value)


def _streamed_checksum(assembled: _Chained, algorithm: str) -> str | None:
    """The full-object checksum moto computes over the joined parts, computed chunk by
    chunk; None for an algorithm that cannot be (the caller joins the parts then)."""
    from moto.s3 import utils

    if algorithm == "CRC64NVME" and utils.HAS_CRT:
        from awscrt import checksums

        crc = 0
        for chunk in assembled.chunks():
            crc = checksums.crc64nvme(chunk, crc)
        return base64.b64encode(crc.to_bytes(8, "big")).decode()
    if algorithm in ("CRC32", "CRC64NVME"):  # moto's CRC64NVME without awscrt is CRC32
        crc = 0
        for chunk in assembled.chunks():
            crc = binascii.crc32(chunk, crc)
        return base64.b64encode(crc.to_bytes(4, "big")).decode()
    return None


def _install_multipart_assembly_in_place() -> None:
    """CompleteMultipartUpload making the object of its parts' buffers in place. moto
    joins them into a bytearray, copies it to bytes, and for its default full-object
    checksum joins and copies them twice more: six copies of the object with the
    stored one, 2 GB of the runner for a 313 MB dataset and more than this machine has
    for a 3 GB one. Same checks, same errors, same ETag and checksum."""
    from moto.s3 import exceptions, models, utils

    cls = models.FakeMultipart
    if getattr(cls.complete, "graphgate_in_place", False):
        return
    complete_upload = models.S3Backend.complete_multipart_upload

    @functools.wraps(complete_upload)
    def complete_multipart_upload(self: Any, bucket_name: str, multipart_id: str, body: Any) -> Any:
        # moto raised KeyError (a 500) for an upload aborted, e.g. by a dataset's delete
        # racing its completion; S3 answers 404 NoSuchUpload, which the service expects.
        if multipart_id not in self.get_bucket(bucket_name).multiparts:
            raise exceptions.NoSuchUpload(upload_id=multipart_id)
        return complete_upload(self, bucket_name, multipart_id, body)

    models.S3Backend.complete_multipart_upload = complete_multipart_upload

    def complete(self: Any, body: Any) -> tuple[Any, str, Any]:
        parts, md5s, last, previous = [], bytearray(), None, 0
        for number, etag in body:
            if number <= previous:  # moto joined them as listed; S3 refuses
                raise exceptions.InvalidPartOrder()
            previous = number
            part = self.parts.get(number)
            if part is None or part.etag.replace('"', "") != etag.replace('"', ""):
                raise models.InvalidPart()
            if last is not None and last.contentsize < models.S3_UPLOAD_PART_MIN_SIZE:
                raise models.EntityTooSmall()
            md5s.extend(bytes.fromhex(part.etag.replace('"', "")))
            parts.append(part)
            last = part
        if not parts:
            raise models.MalformedXML()
        value: Any = _Chained(
            [part._value_buffer for part in parts], [p.contentsize for p in parts]
        )
        builder = models.MultipartChecksumBuilder(
            self.metadata.get("x-amz-checksum-algorithm"), self.metadata.get("x-amz-checksum-type")
        )
        if builder.checksum_type == "COMPOSITE":
            for part in parts:
                builder.addPart(part.value)
            checksum = builder.build()
        else:
            digest = _streamed_checksum(value, builder.checksum_algorithm)
            if digest is None:
                value = b"".join(value.chunks())
                digest = utils.compute_checksum(value, builder.checksum_algorithm).decode()
            checksum = (builder.checksum_type, digest, 1)
        # Only now, the checksum taken from the parts' own bytes (a composite one read
        # them as parts), their buffers become the object's; each part keeps an empty
        # stand-in for moto to close when it disposes of the upload.
        if isinstance(value, _Chained):
            for part in parts:
                part._value_buffer = io.BytesIO()
        return value, f"{models.md5_hash(bytes(md5s)).hexdigest()}-{len(parts)}", checksum

    complete.graphgate_in_place = True  # type: ignore[attr-defined]
    complete.moto_complete = cls.complete  # type: ignore[attr-defined]  # for the tests
    cls.complete = complete


def _install_cached_lookups() -> None:
    from moto import backends
    from moto.core import responses

    if getattr(backends.list_of_moto_modules, "graphgate_cached", False):
        return
    modules = tuple(backends.list_of_moto_modules())

    def list_of_moto_modules() -> tuple[str, ...]:
        return modules

    list_of_moto_modules.graphgate_cached = True  # type: ignore[attr-defined]
    backends.list_of_moto_modules = list_of_moto_modules
    original = responses.method_names_from_class
    # Keyed by the class itself; a frozenset, since moto only tests membership.
    names: dict[type, frozenset[str]] = {}

    def method_names_from_class(clazz: type) -> frozenset[str]:
        found = names.get(clazz)
        if found is None:
            found = names[clazz] = frozenset(original(clazz))
        return found

    responses.method_names_from_class = method_names_from_class


class _Unusual(Exception):
    """An attribute value the direct writer does not handle: moto's own path takes it."""


# Members written as they are, and the one type each may hold to be.
_SCALARS = {"S": str, "N": str, "NULL": bool, "BOOL": bool}


def _attribute_value(value: Any) -> dict[str, Any]:
    """An AttributeValue as moto's JSON serializer writes it, or raise _Unusual.

    Mirrors moto's rules: strings through str(), blobs base64-encoded, booleans as
    they are, a member whose value is None left out; lists and maps recurse."""
    if type(value) is not dict:
        raise _Unusual
    written: dict[str, Any] = {}
    for name, member in value.items():
        if member is None:
            continue
        if type(member) is _SCALARS.get(name):
            written[name] = member
        elif name == "B" and type(member) in (bytes, str):
            written[name] = _base64(member)
        elif name in ("SS", "NS") and type(member) is list:
            if any(type(m) is not str for m in member):
                raise _Unusual
            written[name] = list(member)
        elif name == "BS" and type(member) is list:
            written[name] = [_base64(m) for m in member]
        elif name == "L" and type(member) is list:
            written[name] = [_attribute_value(m) for m in member]
        elif name == "M" and type(member) is dict:
            written[name] = {k: _attribute_value(v) for k, v in member.items()}
        else:
            raise _Unusual
    return written


def _base64(value: Any) -> str:
    if type(value) is str:
        value = value.encode("utf-8")
    elif type(value) is not bytes:
        raise _Unusual
    return base64.b64encode(value).strip().decode("utf-8")


def _install_direct_attribute_values() -> None:
    from moto.core import serialize

    original_structure = serialize.BaseJSONSerializer._serialize_type_structure
    original_map = serialize.BaseJSONSerializer._serialize_type_map
    if getattr(original_structure, "graphgate_direct", False):
        return

    def direct(self: Any, shape: Any) -> bool:
        """Whether `shape` is DynamoDB's AttributeValue, written by moto's plain rules."""
        picker = self._value_picker
        return (
            shape.name == "AttributeValue"
            and self.service_model.service_name == "dynamodb"
            and type(picker) is serialize.XFormedAttributePicker
            and not picker.response_transformers
            and picker.alias_providers is serialize.DEFAULT_ALIAS_PROVIDERS
        )

    @functools.wraps(original_structure)
    def serialize_structure(self: Any, serialized: Any, value: Any, shape: Any, key: str) -> None:
        if key and direct(self, shape):
            try:
                serialized[self.get_serialized_name(shape, key)] = _attribute_value(value)
                return
            except _Unusual:
                pass
        original_structure(self, serialized, value, shape, key)

    @functools.wraps(original_map)
    def serialize_map(self: Any, serialized: Any, value: Any, shape: Any, key: str) -> None:
        # An item (a map of attribute values) at once, not a member at a time.
        if type(value) is dict and direct(self, shape.value):
            try:
                written = {name: _attribute_value(member) for name, member in value.items()}
                serialized[self.get_serialized_name(shape, key)] = written
                return
            except _Unusual:
                pass
        original_map(self, serialized, value, shape, key)

    serialize_structure.graphgate_direct = True  # type: ignore[attr-defined]
    serialize.BaseJSONSerializer._serialize_type_structure = serialize_structure
    serialize.BaseJSONSerializer._serialize_type_map = serialize_map


# Distinct update expressions kept parsed: the service's are a few dozen.
PARSED_EXPRESSIONS = 512


def _install_parsed_update_expressions() -> None:
    from moto.dynamodb.parsing.expressions import UpdateExpressionParser

    make = UpdateExpressionParser.__dict__["make"].__func__
    if getattr(make, "graphgate_parsed", False):
        return

    @functools.lru_cache(maxsize=PARSED_EXPRESSIONS)
    def parsed(expression: str) -> Any:
        return make(UpdateExpressionParser, expression)

    @functools.wraps(make)
    def cached_make(cls: Any, expression: Any) -> Any:
        if cls is not UpdateExpressionParser or type(expression) is not str:
            return make(cls, expression)
        return parsed(expression)  # a refused expression raises again: errors are not kept

    cached_make.graphgate_parsed = True  # type: ignore[attr-defined]
    UpdateExpressionParser.make = classmethod(cached_make)  # type: ignore[method-assign]


# Traverser class -> (node types, ((node type, function), ...)) or None when its table
# holds something other than its own methods (then read every time).
_TABLES: dict[type, Any] = {}


def _processing_table(traverser: Any) -> Any:
    cls = type(traverser)
    if cls not in _TABLES:
        entries = tuple(traverser._processing_map().items())
        plain = all(getattr(f, "__self__", None) is traverser for _, f in entries)
        _TABLES[cls] = (
            (tuple(t for t, _ in entries), tuple((t, f.__func__) for t, f in entries))
            if plain
            else None
        )
    return _TABLES[cls]


def _install_remembered_processing_maps() -> None:
    from moto.dynamodb.parsing.ast_nodes import DepthFirstTraverser

    original_types = DepthFirstTraverser.nodes_to_be_processed
    original_process = DepthFirstTraverser.process
    if getattr(original_process, "graphgate_remembered", False):
        return

    @functools.wraps(original_types)
    def nodes_to_be_processed(self: Any) -> Any:
        found = _processing_table(self)
        return original_types(self) if found is None else found[0]

    @functools.wraps(original_process)
    def process(self: Any, node: Any) -> Any:
        found = _processing_table(self)
        if found is None:
            return original_process(self, node)
        for node_type, function in found[1]:
            if isinstance(node, node_type):
                return function(self, node)
        return None

    process.graphgate_remembered = True  # type: ignore[attr-defined]
    DepthFirstTraverser.nodes_to_be_processed = nodes_to_be_processed
    DepthFirstTraverser.process = process


_MOTO_S_WAY = object()


def _install_typed_traversal() -> None:
    from moto.dynamodb.parsing.ast_nodes import DepthFirstTraverser, Node

    original = DepthFirstTraverser.traverse_node_recursively
    if getattr(original, "graphgate_typed", False):
        return
    # Node classes are abstract-base classes with no virtual subclasses, so what
    # `isinstance` answers for a node depends on its class alone: it is asked once per
    # (traverser class, node class), not at every node of every traversal.
    nodes: dict[type, bool] = {}
    functions: dict[tuple[type, type], Any] = {}

    def function_for(traverser: Any, kind: type) -> Any:
        key = (type(traverser), kind)
        if key not in functions:
            table = _processing_table(traverser)
            cls = type(traverser)
            if (
                table is None
                or cls.nodes_to_be_processed is not DepthFirstTraverser.nodes_to_be_processed
                or cls.process is not DepthFirstTraverser.process
            ):
                functions[key] = _MOTO_S_WAY
            else:
                functions[key] = next((f for t, f in table[1] if issubclass(kind, t)), None)
        return functions[key]

    @functools.wraps(original)
    def traverse_node_recursively(self: Any, node: Any, child_id: int = -1) -> Any:
        kind = type(node)
        if node.__class__ is not kind:
            return original(self, node, child_id)
        if kind not in nodes:
            nodes[kind] = issubclass(kind, Node)
        if not nodes[kind]:
            return node
        function = function_for(self, kind)
        if function is _MOTO_S_WAY:
            return original(self, node, child_id)
        parent_node = node.parent
        if node.children is not None:
            for i, child_node in enumerate(node.children):
                self.pre_processing_of_child(node, i)
                self.traverse_node_recursively(child_node, i)
        if function is not None:
            node = function(self, node)
            node.parent = parent_node
            if parent_node:
                parent_node.children[child_id] = node
        return node

    traverse_node_recursively.graphgate_typed = True  # type: ignore[attr-defined]
    DepthFirstTraverser.traverse_node_recursively = traverse_node_recursively


def _install_lexed_conditions() -> None:
    from collections import deque

    from moto.dynamodb.comparisons import ConditionExpressionParser

    original = ConditionExpressionParser._lex_condition_expression
    if getattr(original, "graphgate_lexed", False):
        return
    # Expression -> its tokens as (nonterminal, text): every token moto's lexer makes
    # is a LITERAL whose value is its text and which has no children.
    lexed: dict[str, tuple[tuple[str, str], ...]] = {}

    @functools.wraps(original)
    def lex(self: Any) -> Any:
        expression = self.condition_expression
        if type(expression) is not str:
            return original(self)
        tokens = lexed.get(expression)
        if tokens is None:
            tokens = tuple((n.nonterminal, n.text) for n in original(self))  # may raise
            if len(lexed) >= PARSED_EXPRESSIONS:
                lexed.clear()
            lexed[expression] = tokens
        literal = self.Kind.LITERAL
        return deque(
            self.Node(nonterminal=n, kind=literal, text=text, value=text, children=[])
            for n, text in tokens
        )

    lex.graphgate_lexed = True  # type: ignore[attr-defined]
    ConditionExpressionParser._lex_condition_expression = lex


def _install_node_copies() -> None:
    from moto.dynamodb.parsing.ast_nodes import Node

    if "__deepcopy__" in Node.__dict__:
        return
    missing = object()

    def copied(value: Any, memo: dict[int, Any]) -> Any:
        # copy.deepcopy's own steps for the values a tree holds, without its dispatch:
        # atomic values as they are, a list (once per list) member by member, a node by
        # node_deepcopy; anything else (an item's DynamoType) by copy.deepcopy.
        kind = type(value)
        if copy._deepcopy_dispatch.get(kind) is copy._deepcopy_atomic:  # type: ignore[attr-defined]
            return value
        found = memo.get(id(value), missing)
        if found is not missing:
            return found
        if kind is list:
            made: list[Any] = []
            memo[id(value)] = made
            for member in value:
                made.append(copied(member, memo))
            return made
        if getattr(kind, "__deepcopy__", None) is node_deepcopy:
            return node_deepcopy(value, memo)
        return copy.deepcopy(value, memo)

    def node_deepcopy(self: Any, memo: dict[int, Any]) -> Any:
        # What copy's default does for an instance with a __dict__ and no __slots__,
        # reduce protocol aside: a new object of the class, its attributes deep-copied.
        cls = type(self)
        made = cls.__new__(cls)
        memo[id(self)] = made
        made.__dict__.update((name, copied(value, memo)) for name, value in self.__dict__.items())
        return made

    Node.__deepcopy__ = node_deepcopy  # type: ignore[attr-defined]


# moto's item size limit (LimitedSizeDict): between DynamoDB's measured 409 and 410 KB.
ITEM_SIZE_LIMIT = 405_000


def _install_item_sizes_summed_once() -> None:
    from moto.dynamodb.exceptions import ItemSizeTooLarge
    from moto.dynamodb.models.dynamo_type import DynamoType, Item, LimitedSizeDict
    from moto.dynamodb.models.utilities import bytesize

    if getattr(Item.__init__, "graphgate_summed_once", False):
        return

    def item_init(self: Any, hash_key: Any, range_key: Any, attrs: dict[str, Any]) -> None:
        self.hash_key = hash_key
        self.range_key = range_key
        built = LimitedSizeDict()
        total = 0
        for key, value in attrs.items():
            typed = DynamoType(value)
            total += bytesize(key) + typed.size()
            if total > ITEM_SIZE_LIMIT:
                raise ItemSizeTooLarge
            dict.__setitem__(built, key, typed)
        self.attrs = built

    item_init.graphgate_summed_once = True  # type: ignore[attr-defined]
    item_init.moto_init = Item.__init__  # type: ignore[attr-defined]
    Item.__init__ = item_init


# AttributeValue members as moto's JSON parser leaves them (strings, numbers and
# booleans as they came), decodes them (blobs) or recurses (lists and maps).
_AS_SENT = frozenset({"S", "N", "NULL", "BOOL"})


def _parsed_attribute_value(value: Any, members: tuple[str, ...]) -> dict[str, Any]:
    """An AttributeValue as moto's JSONParser parses it, or raise _Unusual."""
    if type(value) is not dict or not value.keys() <= set(members):
        raise _Unusual
    parsed: dict[str, Any] = {}
    for name in members:  # the model's order, as moto's parser writes them
        raw = value.get(name)
        if raw is None:
            continue
        if name in _AS_SENT:
            parsed[name] = raw
        elif name == "B" and type(raw) is str:
            parsed[name] = base64.b64decode(raw)
        elif name in ("SS", "NS") and type(raw) is list:
            parsed[name] = list(raw)
        elif name == "BS" and type(raw) is list and all(type(b) is str for b in raw):
            parsed[name] = [base64.b64decode(b) for b in raw]
        elif name == "M" and type(raw) is dict:
            parsed[name] = {k: _parsed_attribute_value(v, members) for k, v in raw.items()}
        elif name == "L" and type(raw) is list:
            parsed[name] = [_parsed_attribute_value(v, members) for v in raw]
        else:
            raise _Unusual
    return parsed


def _install_direct_attribute_parsing() -> None:
    from moto.core.parse import JSONParser

    original = JSONParser._parse_structure
    if getattr(original, "graphgate_direct", False):
        return

    @functools.wraps(original)
    def parse_structure(self: Any, shape: Any, value: Any) -> Any:
        if shape.name == "AttributeValue" and self.MAP_TYPE is dict:
            try:
                return _parsed_attribute_value(value, tuple(shape.members))
            except (_Unusual, ValueError):  # binascii.Error is a ValueError
                pass
        return original(self, shape, value)

    parse_structure.graphgate_direct = True  # type: ignore[attr-defined]
    JSONParser._parse_structure = parse_structure


def _install_direct_results() -> None:
    from moto.dynamodb import responses
    from moto.dynamodb.models.dynamo_type import DynamoType, LimitedSizeDict

    original = responses.dynamo_to_dict
    if getattr(original, "graphgate_direct", False):
        return
    # The containers moto's conversion walks member by member (none has a to_json).
    plain = (dict, LimitedSizeDict)
    assert not any(hasattr(kind, "to_json") for kind in plain)

    @functools.wraps(original)
    def dynamo_to_dict(obj: Any) -> Any:
        kind = type(obj)
        if kind is DynamoType:
            name, value = obj.type, obj.value
            if name in _SCALARS and type(value) is _SCALARS[name]:
                return {name: value}
            if name == "M" and type(value) is dict:
                return {"M": {k: dynamo_to_dict(v) for k, v in value.items()}}
            if name == "L" and type(value) is list:
                return {"L": [dynamo_to_dict(v) for v in value]}
        elif kind in plain:
            return {k: dynamo_to_dict(v) for k, v in obj.items()}
        elif kind is list:
            return [dynamo_to_dict(v) for v in obj]
        elif kind in (str, int, float, bool) or obj is None:
            return obj
        return original(obj)  # sets, blobs, items, dates: moto's own rules

    dynamo_to_dict.graphgate_direct = True  # type: ignore[attr-defined]
    responses.dynamo_to_dict = dynamo_to_dict


def _install_scalar_sizes() -> None:
    from moto.dynamodb.models.dynamo_type import DynamoType

    original = DynamoType.size
    if getattr(original, "graphgate_scalar", False):
        return

    @functools.wraps(original)
    def size(self: Any) -> int:
        name, value = self.type, self.value
        if name == "S" and type(value) is str:
            return len(value.encode("utf-8"))
        if name == "N":
            return len(str(value))
        if type(value) is bool:  # BOOL, NULL
            return 1
        return original(self)

    size.graphgate_scalar = True  # type: ignore[attr-defined]
    DynamoType.size = size


# Distinct (update expression, names, key attributes) found valid; beyond it, forgotten.
CHECKED_EXPRESSIONS = 512


def _install_expression_checks_once() -> None:
    from moto.dynamodb.parsing import validators

    original_init = validators.UpdateExpressionValidator.__init__
    original_validate = validators.UpdateExpressionValidator.validate
    if getattr(original_validate, "graphgate_once", False):
        return
    # The validators that read the expression, its attribute names and the table's key
    # attributes only, and return each node unchanged: their verdict on an expression
    # is the same every time. (The others read the item and the values, or rewrite.)
    expression_only = (
        validators.ActionCountValidator,
        validators.OverlappingPathsValidator,
        validators.UpdateHashRangeKeyValidator,
    )
    # key -> the parsed expression, kept so that its id is not reused while listed.
    passed: dict[tuple[Any, ...], Any] = {}

    @functools.wraps(original_init)
    def init(self: Any, expression: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, expression, *args, **kwargs)
        names = self.expression_attribute_names or {}
        self.graphgate_checked = (
            id(expression),
            tuple(sorted(names.items())) if type(names) is dict else id(names),
            tuple(self.table.table_key_attrs),
        )
        self.graphgate_expression = expression

    @functools.wraps(original_validate)
    def validate(self: Any) -> Any:
        key = getattr(self, "graphgate_checked", None)
        known = key is not None and passed.get(key) is self.graphgate_expression
        reads_expression = [type(p) in expression_only for p in self.processors]
        last = max((n for n, only in enumerate(reads_expression) if only), default=-1)
        node = self.node_to_validate
        for number, processor in enumerate(self.processors):
            if not (known and reads_expression[number]):
                node = processor.traverse(node)  # raises where the update is refused
            if number == last and key is not None and not known:
                if len(passed) >= CHECKED_EXPRESSIONS:
                    passed.clear()
                passed[key] = self.graphgate_expression
        return node

    validate.graphgate_once = True  # type: ignore[attr-defined]
    validators.UpdateExpressionValidator.__init__ = init
    validators.UpdateExpressionValidator.validate = validate


def _install_quick_request_ids() -> None:
    import string

    from moto.core import responses
    from moto.moto_api._internal import mock_random

    original = responses.gen_amzn_requestid_long
    if getattr(original, "graphgate_quick", False):
        return
    letters = string.ascii_letters + string.digits  # moto's alphabet and length

    @functools.wraps(original)
    def request_id(headers: dict[str, Any] | None = None) -> str:
        # moto drew each of 52 characters with its own `choice` call (4% of a GetItem).
        made = "".join(mock_random.choices(letters, k=52))
        if headers is not None and isinstance(headers, dict):
            headers.update({"x-amzn-requestid": made})
        return made

    request_id.graphgate_quick = True  # type: ignore[attr-defined]
    responses.gen_amzn_requestid_long = request_id


def _frozen(value: Any) -> Any:
    """A hashable form of a parsed request value (dicts, lists, text, numbers, blobs),
    equal for equal values only; raise _Unusual for anything else."""
    kind = type(value)
    if kind is dict:
        return ("{", tuple((k, _frozen(v)) for k, v in value.items()))
    if kind is list:
        return ("[", tuple(_frozen(v) for v in value))
    if kind in (str, bytes, bool, int) or value is None:
        return (kind.__name__, value)
    raise _Unusual


def _install_parsed_conditions() -> None:
    from moto.dynamodb.comparisons import ConditionExpressionParser

    original = ConditionExpressionParser.parse
    if getattr(original, "graphgate_parsed", False):
        return
    # (expression, names, values) -> (condition, names found, values found)
    parsed: dict[Any, tuple[Any, tuple[str, ...], tuple[str, ...]]] = {}

    @functools.wraps(original)
    def parse(self: Any) -> Any:
        try:
            # The parser only subscripts names and values: absent and empty parse alike.
            key = (
                self.condition_expression,
                _frozen(self.expression_attribute_names or {}),
                _frozen(self.expression_attribute_values or {}),
            )
        except _Unusual:
            return original(self)
        known = parsed.get(key)
        if known is None:
            condition = original(self)  # a refused condition raises again: errors are not kept
            if len(parsed) >= PARSED_EXPRESSIONS:
                parsed.clear()
            parsed[key] = (
                condition,
                tuple(self.expr_attr_names_found),
                tuple(self.expr_attr_values_found),
            )
            return condition
        condition, names, values = known
        self.expr_attr_names_found.extend(names)
        self.expr_attr_values_found.extend(values)
        return condition

    parse.graphgate_parsed = True  # type: ignore[attr-defined]
    ConditionExpressionParser.parse = parse


class _Keywords(list):  # type: ignore[type-arg]
    """moto's list of DynamoDB's reserved words, its membership test a set lookup."""

    def __init__(self, words: list[str]) -> None:
        super().__init__(words)
        self._words = frozenset(words)

    def __contains__(self, word: object) -> bool:
        try:
            return word in self._words
        except TypeError:  # unhashable: the list's own answer
            return list.__contains__(self, word)


def _install_keyword_set() -> None:
    from moto.dynamodb.parsing.reserved_keywords import ReservedKeywords

    if isinstance(ReservedKeywords.KEYWORDS, _Keywords):
        return
    ReservedKeywords.KEYWORDS = _Keywords(ReservedKeywords.get_reserved_keywords())
