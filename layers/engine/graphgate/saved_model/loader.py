"""`tf.saved_model.loader`: `load` a saved model into a session, and `servable`, a saved
model's signature read without a session (what the serving bridge uploads)."""

from __future__ import annotations

import json
import os
from typing import Any

import numpy as np

from .. import tf_graph
from ..errors import GraphgateError, error
from ..meta_graph import MetaGraphDef, read_meta_graph
from ..partitioned import SaveSliceInfo
from ..train.saver import CheckpointReader, checkpoint_exists, import_meta_graph
from . import constants, signature_constants, tag_constants
from .assets import with_assets

_FILENAMES = (constants.SAVED_MODEL_FILENAME_PBTXT, constants.SAVED_MODEL_FILENAME_PB)


def maybe_saved_model_directory(export_dir: Any) -> bool:
    """Whether `export_dir` holds a saved model file (`saved_model.pb` or `.pbtxt`), as
    TF's: whether it is graphgate's is known when it is read."""
    directory = os.fsdecode(export_dir)
    return any(os.path.isfile(os.path.join(directory, name)) for name in _FILENAMES)


contains_saved_model = maybe_saved_model_directory


def load(
    sess: Any, tags: Any, export_dir: Any, import_scope: str | None = None, **saver_kwargs: Any
) -> MetaGraphDef:
    """Import the meta graph saved under exactly `tags` into the session's graph (its
    names, collections and signatures), restore its variables into the session and run
    its main op; the `MetaGraphDef` (with `signature_def`).

    Raises
    ------
    GraphgateError
        SAVED_MODEL_NOT_FOUND (an OSError, as TF's IOError) without a `saved_model.pb`;
        UNSUPPORTED_FORMAT when it is neither graphgate's JSON nor TF's protocol buffer
        (INVALID_PROTO when that is cut); TF_GRAPH_UNSUPPORTED when TF's graph holds ops
        graphgate cannot map;
        SAVED_MODEL_TAGS_NOT_FOUND (RuntimeError) when no meta graph has these tags;
        INVALID_ASSET, ASSETS_TOO_LARGE for assets graphgate does not read (`assets.py`);
        what `import_meta_graph` and `Saver.restore` raise.
    """
    export_dir = os.fsdecode(export_dir)
    meta = with_assets(meta_graph_of(export_dir, tags), export_dir, local_names=True)
    graph = sess.graph
    with graph.as_default():
        saver = import_meta_graph(meta, import_scope=import_scope)
        prefix = _variables_prefix(export_dir)
        if saver is not None and checkpoint_exists(prefix):
            saver.restore(sess, prefix)
        init = graph.get_collection(constants.MAIN_OP_KEY) or graph.get_collection(
            constants.LEGACY_INIT_OP_KEY
        )
        if init:
            sess.run(init[0])
    return meta


def meta_graph_of(export_dir: str, tags: Any, cut_to: str | None = None) -> MetaGraphDef:
    """The meta graph of `export_dir` saved under exactly the set `tags` (a TF graph cut to
    the signature `cut_to` computes, when given: `tf_graph.saved_model_meta_graphs`)."""
    wanted = {tags} if isinstance(tags, str) else set(tags or ())
    metas = _read(export_dir, cut_to)
    for meta in metas:
        if set(meta.meta_info_def.tags) == wanted:
            return meta
    available = [sorted(m.meta_info_def.tags) for m in metas]
    # TF's message, tag sets printed as Python sets.
    sets = ", ".join("{" + ", ".join(map(repr, tags)) + "}" for tags in available)
    raise error(
        "SAVED_MODEL_TAGS_NOT_FOUND",
        f"MetaGraphDef associated with tags {', '.join(map(repr, sorted(wanted)))} could not "
        f"be found in SavedModel, with available tags '[{sets}]'",
        details={"tags": sorted(wanted), "available": available},
    )


def _read(export_dir: str, cut_to: str | None = None) -> list[MetaGraphDef]:
    # TF's order: the text file first.
    path = next(
        (p for p in (os.path.join(export_dir, n) for n in _FILENAMES) if os.path.isfile(p)),
        None,
    )
    if path is None:
        raise _not_found(export_dir)
    with open(path, "rb") as f:
        data = f.read()
    if tf_graph.is_binary(data):  # TensorFlow's SavedModel protocol buffer (or its text)
        return [read_meta_graph(m) for m in tf_graph.saved_model_meta_graphs(data, cut_to)]
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise _not_graphgates(path) from None
    if not isinstance(doc, dict) or doc.get("format") != constants.SAVED_MODEL_FORMAT:
        found = doc.get("format") if isinstance(doc, dict) else None
        raise error(
            "UNSUPPORTED_FORMAT",
            f"{path} is not a saved model: format {found!r}; expected "
            f"{constants.SAVED_MODEL_FORMAT!r}",
            details={"path": path, "format": found, "supported": [constants.SAVED_MODEL_FORMAT]},
        )
    metas = doc.get("meta_graphs")
    if not isinstance(metas, list):
        raise error("INVALID_DOCUMENT", f"{path} has no list of meta graphs")
    return [read_meta_graph(m) for m in metas]


def _not_found(export_dir: str) -> Exception:
    return error(
        "SAVED_MODEL_NOT_FOUND",
        f"SavedModel file does not exist at: {export_dir}/"
        f"{{{constants.SAVED_MODEL_FILENAME_PBTXT}|{constants.SAVED_MODEL_FILENAME_PB}}}",
        details={"path": export_dir},
    )


def _not_graphgates(path: str) -> Exception:
    return error(
        "UNSUPPORTED_FORMAT",
        f"{path} is neither TensorFlow's SavedModel protocol buffer nor the "
        f"{constants.SAVED_MODEL_FORMAT} JSON document graphgate's tf.saved_model writes",
        details={"path": path, "supported": [constants.SAVED_MODEL_FORMAT]},
    )


def _variables_prefix(export_dir: str) -> str:
    return os.path.join(export_dir, constants.VARIABLES_DIRECTORY, constants.VARIABLES_FILENAME)


# A SavedModel archive's bounds: its entries and their bytes once unpacked (checked from
# the archive's directory before anything is written: a few bytes may claim gigabytes), and
# how deep its names go (a SavedModel is a few directories deep; a name thousands deep
# overflows the stack of the directories' making).
MAX_ARCHIVE_ENTRIES = 10_000
MAX_ARCHIVE_BYTES = 1 << 30
MAX_ARCHIVE_DEPTH = 64


def unpacked_archive(archive: Any, target: str) -> None:
    """Extract a SavedModel ZIP archive (a path or its bytes) into the directory `target`
    (made; refused if it holds files), every entry checked first.

    Raises
    ------
    GraphgateError
        INVALID_ARCHIVE (ValueError) for a file that is no ZIP archive, an entry whose path
        is absolute or leaves the archive (`..`, a drive), a symbolic link (which would
        let an asset name a file of the unpacking machine) or any other entry that is
        neither a file nor a directory, a name given twice or both a file and a
        directory, an encrypted entry or one compressed in a way Python's zipfile does
        not read, and an entry whose bytes do not unpack (a CRC or size that lies): then
        nothing unpacked is left in `target`; ASSETS_TOO_LARGE past
        `MAX_ARCHIVE_ENTRIES` entries or `MAX_ARCHIVE_BYTES` unpacked.
    """
    import io
    import zipfile

    source = io.BytesIO(archive) if isinstance(archive, bytes | bytearray) else archive
    try:
        opened = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise error("INVALID_ARCHIVE", f"not a ZIP archive of a SavedModel: {exc}") from None
    with opened:
        entries = opened.infolist()
        _check_entries(entries)
        total = sum(e.file_size for e in entries)
        if len(entries) > MAX_ARCHIVE_ENTRIES or total > MAX_ARCHIVE_BYTES:
            raise error(
                "ASSETS_TOO_LARGE",
                f"the archive holds {len(entries)} entries of {total} bytes; graphgate "
                f"unpacks at most {MAX_ARCHIVE_ENTRIES} entries and {MAX_ARCHIVE_BYTES} bytes",
                details={"entries": len(entries), "bytes": total, "limit": MAX_ARCHIVE_BYTES},
            )
        if os.path.exists(target) and (not os.path.isdir(target) or os.listdir(target)):
            raise error("INVALID_ARCHIVE", f"{target} exists and is not an empty directory")
        made = not os.path.exists(target)
        os.makedirs(target, exist_ok=True)
        try:
            _extract(opened, entries, target)
        except GraphgateError:
            _undo(target, made)
            raise


def _check_entries(entries: list[Any]) -> None:
    """Each entry's name and kind safe to unpack, and no two entries one path."""
    files, directories = set(), set()
    for entry in entries:
        _check_entry(entry)
        parts = [p for p in entry.filename.split("/") if p not in ("", ".")]
        path = "/".join(parts)
        parents = {"/".join(parts[:i]) for i in range(1, len(parts))}
        if path in files or (not entry.is_dir() and path in directories) or parents & files:
            raise _unsafe(
                entry.filename, "is another entry's path too (twice, or as a file and a directory)"
            )
        (directories if entry.is_dir() else files).add(path)
        directories |= parents


def _check_entry(entry: Any) -> None:
    import stat
    import zipfile

    name = entry.filename
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]:
        raise _unsafe(name, "leaves the archive's directory")
    mode = stat.S_IFMT(entry.external_attr >> 16)
    if stat.S_ISLNK(mode):
        raise _unsafe(name, "is a symbolic link")
    if mode not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise _unsafe(name, "is neither a file nor a directory (a device, FIFO or socket)")
    if len(parts) > MAX_ARCHIVE_DEPTH or any(len(p.encode()) > 255 for p in parts):
        raise _unsafe(name, f"is deeper than {MAX_ARCHIVE_DEPTH} or has a part over 255 bytes")
    if entry.flag_bits & 0x1:
        raise _unsafe(name, "is encrypted")
    known = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)
    if entry.compress_type not in known:
        raise _unsafe(name, f"is compressed by method {entry.compress_type}, which is not read")


def _extract(opened: Any, entries: list[Any], target: str) -> None:
    import zipfile
    import zlib

    for entry in entries:
        try:
            opened.extract(entry, target)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
            raise _unsafe(entry.filename, f"does not unpack ({exc})") from None


def _undo(target: str, made: bool) -> None:
    """Nothing of a refused archive left behind: `target` removed if it was made here,
    else emptied (it was empty before)."""
    import shutil

    if made:
        shutil.rmtree(target, ignore_errors=True)
        return
    for name in os.listdir(target):
        path = os.path.join(target, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            os.remove(path)


def _unsafe(name: str, why: str) -> Exception:
    return error("INVALID_ARCHIVE", f"the archive's entry {name!r} {why}", details={"entry": name})


def latest_version(export_base: str) -> str:
    """`export_base` itself when it is a saved model, else its highest-numbered
    subdirectory that is one (TF Serving's layout: `export_base/1/`, `export_base/2/`)."""
    export_base = os.fsdecode(export_base)
    if maybe_saved_model_directory(export_base):
        return export_base
    try:
        names = os.listdir(export_base)
    except (FileNotFoundError, NotADirectoryError):
        raise _not_found(export_base) from None
    versions = sorted(
        (
            int(n)
            for n in names
            if n.isdigit() and maybe_saved_model_directory(os.path.join(export_base, n))
        ),
        reverse=True,
    )
    if not versions:
        raise _not_found(export_base)
    return os.path.join(export_base, str(versions[0]))


def servable(
    export_dir: Any,
    signature_def_key: str = signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY,
    tags: Any = (tag_constants.SERVING,),
) -> dict[str, Any]:
    """What serving a saved model needs, read without a session: `graph` (the meta graph's
    graph document), `variables` (variable name to value), `inputs` and `outputs` (the
    signature's names to tensor names), `method_name` (the SignatureDef's, which TF
    Serving's classify and regress check) and `path` (the version directory read).

    `export_dir` may be a saved model or a directory of numbered versions (the highest is
    read).

    Raises
    ------
    GraphgateError
        UNKNOWN_SIGNATURE (KeyError) for a key the meta graph lacks; what `load` raises.
    """
    path = latest_version(export_dir)
    try:
        meta = meta_graph_of(path, tags)
    except GraphgateError as exc:
        if exc.code != "TF_GRAPH_UNSUPPORTED":
            raise
        # TF Serving runs the signature, never the training ops beside it: a TF graph whose
        # training part graphgate cannot map (an optimizer, a cond's gradient) is served
        # cut to what the signature computes; what that still lacks is refused, listed.
        meta = meta_graph_of(path, tags, cut_to=signature_def_key)
    meta = with_assets(meta, path, local_names=False)
    signatures = meta.signature_def
    signature = signatures.get(signature_def_key)
    if signature is None:
        raise error(
            "UNKNOWN_SIGNATURE",
            f"the saved model has no signature {signature_def_key!r}; it has {sorted(signatures)}",
            details={"signature": signature_def_key, "available": sorted(signatures)},
        )
    variables = _variable_values(path, meta)
    _all_restored(meta["graph_def"], signature_def_key, signature, variables)
    return {
        "graph": meta["graph_def"],
        "variables": variables,
        "inputs": {k: v.name for k, v in signature.inputs.items()},
        "outputs": {k: v.name for k, v in signature.outputs.items()},
        "method_name": signature.method_name,
        "path": path,
    }


def _all_restored(
    graph_def: dict[str, Any], key: str, signature: Any, values: dict[str, np.ndarray]
) -> None:
    """Refuse, before anything is uploaded, a signature that reads variables the saved
    model's checkpoint does not restore: a Keras 3 model given to `tf.saved_model.save`
    writes such a one (its layers' variables beside the tracked copies its restore op
    fills), and TensorFlow's own TF1 loader, the path TF Serving loads by, fails on it
    too (`Could not find variable …`). Uploaded, it was the service's VARIABLE_MISSING
    with the graph left stored and nothing saying what to do."""
    from ..graph_util import extract_sub_graph

    outputs = sorted({spec.name.partition(":")[0] for spec in signature.outputs.values()})
    # The service feeds the inputs (a placeholder_with_default's default is never read),
    # so what they are computed from is not needed.
    fed = {spec.name.partition(":")[0] for spec in signature.inputs.values()}
    nodes = [
        {k: v for k, v in n.items() if k not in ("inputs", "control_inputs")}
        if n["name"] in fed
        else n
        for n in graph_def["nodes"]
    ]
    needed = extract_sub_graph({**graph_def, "nodes": nodes}, outputs)["nodes"]
    missing = [n["name"] for n in needed if n["op"] == "VariableV2" and n["name"] not in values]
    if missing:
        shown = ", ".join(missing[:10]) + (
            f" and {len(missing) - 10} more" if len(missing) > 10 else ""
        )
        raise error(
            "UNINITIALIZED_VARIABLE",
            f"signature {key!r} reads variables the saved model does not restore: {shown} "
            "(TensorFlow's TF1 loader and TF Serving refuse it too); a Keras 3 model exports "
            "for serving with model.export(dir), not tf.saved_model.save",
            node=missing[0],
            details={"signature": key, "variables": missing},
        )


def describe(export_dir: Any) -> dict[str, Any]:
    """What a saved model (or the newest of numbered versions) holds, as plain data: its
    `path`, and each meta graph's `tags` and `signatures` (key to method, inputs and
    outputs with names, dtypes and shapes) — `saved_model_cli show --all`'s content."""
    path = latest_version(export_dir)
    return {
        "path": path,
        "meta_graphs": [
            {
                "tags": list(meta.meta_info_def.tags),
                "signatures": {k: v.to_json() for k, v in sorted(meta.signature_def.items())},
            }
            for meta in _read(path, cut_to="")  # signatures only: no graph is mapped
        ],
    }


def _variable_values(export_dir: str, meta: MetaGraphDef) -> dict[str, np.ndarray]:
    """Each variable of the saver's list by its node name, read from the checkpoint."""
    saver_def = meta.saver_def or {}
    var_list = saver_def.get("var_list") or {}
    if not var_list:
        return {}
    reader = CheckpointReader(_variables_prefix(export_dir))
    values = {}
    for key, names in var_list.items():
        if isinstance(names, str):
            values[names.rpartition(":")[0] or names] = reader.get_tensor(key)
            continue
        for name, spec in names:  # the slices of a partitioned variable, stored whole
            info = SaveSliceInfo.from_spec(key, spec)
            values[name.rpartition(":")[0] or name] = reader.get_slice(
                key, info.var_offset, info.var_shape
            )
    return values


__all__ = ["contains_saved_model", "load", "maybe_saved_model_directory"]
