"""A saved model's asset files (the vocabularies its lookup tables read): the one owner of
reading them out of `assets/`, of giving them to the graph that reads them, and of
writing them back out.

TF's loader feeds each asset tensor (a `Const` or `Placeholder` the MetaGraphDef's
`asset_file_def` names) the path `export_dir/assets/<filename>` when it runs the main op,
and `InitializeTableFromTextFileV2` opens that path. graphgate's op reads its file from the
files table the graph holds (`build_files`), so reading a saved model here puts each asset's
bytes in that table under the name the asset tensor then holds: the graph carries its
vocabularies wherever it goes (a stored document, a frozen model version), and a table can
only ever read an asset of its own model — never a path of the machine it runs on.

An asset is read only from inside `assets/`: an absolute name, a `..`, a symbolic link on
the way or a file that is not a regular one is refused (INVALID_ASSET), and so are more
than `MAX_ASSET_FILES` assets or more than `MAX_ASSET_BYTES` of them, before any is read
(ASSETS_TOO_LARGE).
"""

from __future__ import annotations

import os
import stat
from typing import Any

import numpy as np

from ..errors import error
from . import constants

# A text model's vocabularies and label files: a few files of at most megabytes. The bytes
# become constants of the graph, which the service bounds again (`max_constant_bytes`).
MAX_ASSET_FILES = 64
MAX_ASSET_BYTES = 64 << 20


def _invalid(filename: str, why: str) -> Exception:
    return error(
        "INVALID_ASSET",
        f"asset {filename!r} {why}: a saved model's assets are regular files inside its "
        f"{constants.ASSETS_DIRECTORY}/ directory",
        details={"asset": filename},
    )


def _checked_path(export_dir: str, filename: str) -> tuple[str, int]:
    """The path of asset `filename` and its size, every step of the way inside
    `export_dir/assets` and no symbolic link."""
    if not isinstance(filename, str) or not filename or "\x00" in filename:
        raise _invalid(str(filename), "has no usable file name")
    parts = filename.replace("\\", "/").split("/")
    if filename.startswith(("/", "\\")) or os.path.isabs(filename) or ".." in parts:
        raise _invalid(filename, "names a file outside the assets directory")
    path = export_dir
    for part in [constants.ASSETS_DIRECTORY, *[p for p in parts if p not in ("", ".")]]:
        path = os.path.join(path, part)
        try:
            info = os.lstat(path)
        except OSError:
            raise _invalid(filename, "is missing") from None
        if stat.S_ISLNK(info.st_mode):
            raise _invalid(filename, "is (or lies under) a symbolic link")
    if not stat.S_ISREG(info.st_mode):
        raise _invalid(filename, "is not a regular file")
    return path, info.st_size


def read_assets(export_dir: str, asset_file_def: list[dict[str, str]]) -> dict[str, bytes]:
    """The bytes of each asset a meta graph names, by its file name under `assets/`; the
    count and sizes checked before anything is read."""
    filenames = sorted({a["filename"] for a in asset_file_def})
    if len(filenames) > MAX_ASSET_FILES:
        raise error(
            "ASSETS_TOO_LARGE",
            f"the saved model names {len(filenames)} assets, more than the "
            f"{MAX_ASSET_FILES} graphgate reads",
            details={"files": len(filenames), "limit": MAX_ASSET_FILES},
        )
    paths = {f: _checked_path(export_dir, f) for f in filenames}
    total = sum(size for _, size in paths.values())
    if total > MAX_ASSET_BYTES:
        raise error(
            "ASSETS_TOO_LARGE",
            f"the saved model's assets are {total} bytes, more than the {MAX_ASSET_BYTES} "
            "graphgate reads",
            details={"bytes": total, "limit": MAX_ASSET_BYTES},
        )
    out = {}
    for filename, (path, size) in paths.items():
        with open(path, "rb") as f:
            out[filename] = f.read(size + 1)[:size]  # a file growing meanwhile stays in bounds
    return out


def with_assets(meta: Any, export_dir: str, local_names: bool) -> Any:
    """`meta` (a meta graph document read from `export_dir`) holding its assets: each asset
    tensor a constant of the asset's name — `export_dir/assets/<filename>`, the path TF's
    loader feeds, with `local_names`, else `assets/<filename>` (a graph stored in the
    service holds no path of the machine that read it) — and the graph's files table
    holding each name's bytes."""
    assets = meta.get("asset_file_def") or []
    if not assets:
        return meta
    files = read_assets(export_dir, assets)
    root = os.path.join(export_dir, constants.ASSETS_DIRECTORY) if local_names else "assets"

    def name(filename: str) -> str:
        return os.path.join(root, filename) if local_names else f"{root}/{filename}"

    by_tensor = {a["tensor_name"].partition(":")[0]: name(a["filename"]) for a in assets}
    nodes = []
    tables: set[tuple[str, str]] = set()
    for node in meta["graph_def"]["nodes"]:
        if node["name"] in by_tensor:
            node = _string_const(node["name"], by_tensor[node["name"]])
        elif node["op"] == "InitializeTableFromTextFileV2" and len(node.get("inputs", [])) == 4:
            tables.add((node["inputs"][2], node["inputs"][3]))
        nodes.append(node)
    names = sorted(files)
    for names_node, contents_node in tables:
        for i, node in enumerate(nodes):
            if node["name"] == names_node:
                nodes[i] = _string_const(node["name"], [name(f) for f in names])
            elif node["name"] == contents_node:
                nodes[i] = _string_const(node["name"], [files[f] for f in names])
    graph_def = {**meta["graph_def"], "nodes": nodes}
    return type(meta)({**meta, "graph_def": graph_def})


def _string_const(name: str, value: Any) -> dict[str, Any]:
    from ..serialization import encode_tensor

    items = value if isinstance(value, list) else [value]
    array = np.array([v.encode() if isinstance(v, str) else v for v in items], dtype=object)
    array = array.reshape(len(items)) if isinstance(value, list) else array.reshape(())
    return {"name": name, "op": "Const", "attrs": {"value": encode_tensor(array, b64=True)}}


def exported_assets(
    graph: Any, assets_collection: Any, read_paths: bool = True
) -> tuple[list[dict[str, str]], dict]:
    """What a saved model of `graph` writes of its assets: its `asset_file_def`
    (`{"filename", "tensor_name"}` each) and the files' bytes by their name in `assets/`.

    The assets are the string constants of `assets_collection` (TF's) and, whether it
    names them or not, every constant file name a vocabulary-file initializer reads: TF's
    loader feeds those the path under `assets/`, where a name left out would be looked for
    on the loading machine. A file's bytes are the ones the graph holds (read when it was
    built); an asset the graph does not hold is read from its path, as TF's builder copies
    it — unless `read_paths` is false: a hosted graph's export (`archive`) has no files of
    the machine it runs on, and a path its document names (`/proc/self/environ`) is
    refused (TF_EXPORT_UNSUPPORTED), never read into the archive."""
    from .. import dtypes as _dt
    from ..graph import Tensor

    tensors: dict[str, Any] = {}
    for t in list(assets_collection or []):
        if not isinstance(t, Tensor) or t.dtype is not _dt.string or t.op.type != "Const":
            raise error(
                "INVALID_ASSET",
                f"an asset is a string constant naming a file, not {getattr(t, 'name', t)!r}",
            )
        tensors[t.name] = t
    for op in graph.op_list:
        if op.type == "InitializeTableFromTextFileV2" and op.inputs[1].op.type == "Const":
            tensors.setdefault(op.inputs[1].name, op.inputs[1])
    held = _held_files(graph)
    assets, files, named = [], {}, {}
    for name, t in tensors.items():
        source = np.asarray(t.op.attrs["value"], dtype=object).reshape(-1)
        if source.size != 1:
            raise error("INVALID_ASSET", f"asset {name} names {source.size} files, not one")
        path = _text(source[0])
        if path not in named:
            if path in held:
                data = held[path]
            elif read_paths:
                data = _local(path, graph)
            else:
                raise _not_held(name, path)
            named[path] = _unique(_file_name(path), data, files)
            files[named[path]] = data
        assets.append({"filename": named[path], "tensor_name": name})
    return assets, files


def _not_held(tensor: str, path: str) -> Exception:
    from ..tf_export import unsupported

    reason = (
        f"the vocabulary file {path!r} it names is not among the files the graph holds "
        "(its table initializer's constants), and a hosted graph's export never reads a "
        "file of the machine writing it"
    )
    return unsupported([{"node": tensor.partition(":")[0], "op": "Const", "reason": reason}])


def _text(value: Any) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def _local(path: str, graph: Any) -> bytes:
    from .. import build_files

    return build_files.read(path, graph)


def _file_name(path: str) -> str:
    """TF's asset name, the path's base name, where that can be a file of `assets/`; else
    `asset`: a hosted graph's path is any string ("..", a NUL, 300 bytes), and a name that
    is no file would be missing from the archive that names it (or fail its writing)."""
    base = os.path.basename(path.rstrip("/"))
    if base in ("", ".", "..") or "\x00" in base or len(base.encode(errors="replace")) > 200:
        return "asset"
    return base


def _unique(basename: str, data: bytes, files: dict[str, bytes]) -> str:
    """TF's asset name: the file's base name, `_1`, `_2`, ... after it for another file of
    that name (the same bytes share one)."""
    name, i = basename, 0
    while name in files and files[name] != data:
        i += 1
        name = f"{basename}_{i}"
    return name


def _held_files(graph: Any) -> dict[str, bytes]:
    """The files the graph's vocabulary-file initializers read, by name: their files
    table's constants (a `Pack` of constants as `build_files` stacks them)."""
    out: dict[str, bytes] = {}
    for op in graph.op_list:
        if op.type != "InitializeTableFromTextFileV2":
            continue
        names, contents = (_constant_strings(t) for t in op.inputs[2:4])
        if names is not None and contents is not None and len(names) == len(contents):
            out.update({_text(n): c for n, c in zip(names, contents, strict=True)})
    return out


def _constant_strings(t: Any) -> list | None:
    op = t.op
    if op.type == "Const":
        return np.asarray(op.attrs["value"], dtype=object).reshape(-1).tolist()
    if op.type == "Pack" and all(i.op.type == "Const" for i in op.inputs):
        return [np.asarray(i.op.attrs["value"], dtype=object).item() for i in op.inputs]
    return None


def write_assets(export_dir: str, files: dict[str, bytes]) -> None:
    """The files under `export_dir/assets/` (a name another meta graph wrote is kept)."""
    if not files:
        return
    directory = os.path.join(export_dir, constants.ASSETS_DIRECTORY)
    os.makedirs(directory, exist_ok=True)
    for name, data in files.items():
        path = os.path.join(directory, name)
        if not os.path.exists(path):
            with open(path, "wb") as f:
                f.write(data)


__all__ = [
    "MAX_ASSET_BYTES",
    "MAX_ASSET_FILES",
    "exported_assets",
    "read_assets",
    "with_assets",
    "write_assets",
]
