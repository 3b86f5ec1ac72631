"""Checkpoints: `Saver`, `latest_checkpoint` and friends, as TensorFlow 1.x spells them.

A checkpoint with prefix `P` (`model.ckpt-100`, say) is two files (docs/engine.md):

- `P.data-<8 hex>.npz`: the values, a numpy archive holding `t0`, `t1`, ... (no pickles),
  under a name of its own for every save;
- `P.index`: JSON, `{"format": "graphgate.checkpoint/v1", "data": "<that file's name>",
  "sha256": "<of that file>", "tensors": {key: {"entry": "t0", "dtype": "FP32",
  "shape": [2, 3]}}}`;

plus `P.meta` (the meta graph) unless `write_meta_graph=False`. TensorFlow's V2
checkpoints (`tensor_bundle.py`; an index ending in the SSTable magic number) are read
wherever these are, and written instead with `Saver(checkpoint_format="tensorflow")`.
Each file is written to a temporary name and renamed, data before index, and a save over
an existing `P` leaves the old data file until the new index is in place: whatever fails
when, the index found names a whole data file of its own. The directory's `checkpoint`
file is TensorFlow's text format.

Sessions are anything with `get_variables()` and `set_variables(values)`: a local
`gg.Session`, or a `gg.RemoteSession`, whose variables are downloaded to save and
uploaded (as a conditional write) to restore; either restores what the other saved.
"""

from __future__ import annotations

import glob
import hashlib
import io
import json
import os
import secrets
import time
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import GraphgateError, error
from ..graph import Graph, Tensor, get_default_graph
from ..meta_graph import export_meta_graph, import_meta_graph_def, read_meta_graph, write_atomically
from ..ops.state_ops import VARIABLES
from ..tf_proto import META_GRAPH
from ..variable_scope import GraphKeys
from .tensor_bundle import (
    SlicedValue,
    TensorBundleReader,
    data_loss,
    is_tensor_bundle,
    write_bundle,
)

CHECKPOINT_FORMAT = "graphgate.checkpoint/v1"
# `Saver(checkpoint_format=...)`: graphgate's own files, or TensorFlow's V2 (TensorBundle).
CHECKPOINT_FORMATS = ("graphgate", "tensorflow")
STATE_FILENAME = "checkpoint"


def _not_found(message: str, path: str) -> GraphgateError:
    return error("CHECKPOINT_NOT_FOUND", message, details={"path": path})


def _not_valid(path: str) -> GraphgateError:
    return _not_found(f"the passed save_path is not a valid checkpoint: {path}", path)


def _invalid_saver(message: str) -> GraphgateError:
    return error("INVALID_SAVER", message)


class SaverDef:
    """TF1's `tf.train.SaverDef`, for its checkpoint-format constants only
    (`Saver(write_version=tf.train.SaverDef.V2)`): which format graphgate writes is
    `Saver(checkpoint_format=...)`'s to say."""

    LEGACY, V1, V2 = 0, 1, 2
    CheckpointFormatVersion = type("CheckpointFormatVersion", (), {"LEGACY": 0, "V1": 1, "V2": 2})


class Saver:
    """Saves and restores variables, as `tf.train.Saver`.

    Parameters
    ----------
    var_list:
        Variables as a list (each saved under its name) or a dict of checkpoint key to
        variable; all global variables of the default graph when None.
    max_to_keep:
        How many recent checkpoints to keep; older ones are deleted (None or 0: all).
    keep_checkpoint_every_n_hours:
        Keep one checkpoint per this many hours besides the `max_to_keep` recent ones.
    pad_step_number:
        Write the step as 8 digits (`model-00000100`).
    save_relative_paths:
        Write paths in the `checkpoint` file relative to its directory.
    allow_empty:
        Accept a graph without variables (then `save` writes nothing and returns None).

    checkpoint_format:
        graphgate's own: "graphgate" (the default: sha256-checked npz and a JSON index) or
        "tensorflow" (TF's V2 TensorBundle, which TensorFlow's Saver restores).

    TensorFlow's other arguments (`sharded`, `reshape`, `builder`, `write_version`, ...) are
    accepted and have no effect.

    Raises
    ------
    GraphgateError
        INVALID_SAVER when there is nothing to save, an item is not a variable, or two
        variables share a checkpoint key.
    """

    def __init__(
        self,
        var_list: Any = None,
        reshape: bool = False,
        sharded: bool = False,
        max_to_keep: int | None = 5,
        keep_checkpoint_every_n_hours: float = 10000.0,
        name: str | None = None,
        restore_sequentially: bool = False,
        saver_def: Any = None,
        builder: Any = None,
        defer_build: bool = False,
        allow_empty: bool = False,
        write_version: int = 2,
        pad_step_number: bool = False,
        save_relative_paths: bool = False,
        filename: str | None = None,
        checkpoint_format: str = "graphgate",
    ):
        if checkpoint_format not in CHECKPOINT_FORMATS:
            raise _invalid_saver(
                f"checkpoint_format must be one of {list(CHECKPOINT_FORMATS)}, "
                f"not {checkpoint_format!r}"
            )
        self._format = checkpoint_format
        self._reshape = reshape
        self._vars = _saveables(var_list)
        if not self._vars and not allow_empty:
            raise _invalid_saver("no variables to save")
        first = next(iter(self._vars.values()), None)
        self._graph = (
            None if first is None else (first if isinstance(first, Tensor) else first[0]).graph
        )
        self._max_to_keep = max_to_keep
        self._keep_hours = keep_checkpoint_every_n_hours
        self._next_keep_time = time.time() + keep_checkpoint_every_n_hours * 3600
        self._pad_step_number = pad_step_number
        self._save_relative_paths = save_relative_paths
        self._last_checkpoints: list[tuple[str, float]] = []

    # -- saving ------------------------------------------------------------------------------
    def save(
        self,
        sess: Any,
        save_path: str,
        global_step: Any = None,
        latest_filename: str | None = None,
        meta_graph_suffix: str = "meta",
        write_meta_graph: bool = True,
        write_state: bool = True,
        strip_default_attrs: bool = False,
        save_debug_info: bool = False,
    ) -> str | None:
        """Write the variables' values under `save_path` (`-<global_step>` appended when
        given) and return that prefix; record it in the directory's `checkpoint` file and
        delete checkpoints beyond `max_to_keep`.

        Raises
        ------
        GraphgateError
            UNINITIALIZED_VARIABLE when a variable has no value yet.
        """
        if not self._vars:
            return None
        untiled = [k for k, v in self._vars.items() if isinstance(v, list) and not _tiles(v)]
        if untiled and self._format == "graphgate":
            raise _invalid_saver(
                f"the slices given for {untiled[0]} do not make the whole variable: graphgate's "
                "checkpoints store variables whole (TF's format, "
                "checkpoint_format='tensorflow', stores any slices)"
            )
        if global_step is not None:
            step = (
                int(global_step)
                if isinstance(global_step, int | np.integer)
                else int(sess.run(global_step))
            )
            suffix = f"{step:08d}" if self._pad_step_number else str(step)
            save_path = f"{save_path}-{suffix}"
        # A missing directory is created, as tf.compat.v1's Saver does; one above it is
        # not (TF's SaveV2 makes one level), so a program that saves here saves in TF too.
        directory = os.path.dirname(save_path)
        if directory and not os.path.isdir(os.path.dirname(directory) or "."):
            raise error(
                "CHECKPOINT_DIR_NOT_FOUND",
                f"Parent directory of {save_path} doesn't exist, can't save.",
                details={"path": save_path},
            )
        write_checkpoint(save_path, _values_of(sess, self._vars), self._format)
        if write_meta_graph:
            self.export_meta_graph(f"{save_path}.{meta_graph_suffix}")
        if write_state:
            self._record(save_path, meta_graph_suffix)
            update_checkpoint_state(
                directory or ".",
                save_path,
                [p for p, _ in self._last_checkpoints],
                latest_filename,
                save_relative_paths=self._save_relative_paths,
            )
        return save_path

    def _record(self, path: str, meta_suffix: str) -> None:
        """TF's rule: keep the last `max_to_keep`, and one every n hours besides."""
        if not self._max_to_keep:
            return
        self._last_checkpoints = [(p, t) for p, t in self._last_checkpoints if p != path]
        self._last_checkpoints.append((path, time.time()))
        while len(self._last_checkpoints) > self._max_to_keep:
            oldest, saved_at = self._last_checkpoints.pop(0)
            if self._keep_hours and saved_at > self._next_keep_time:
                self._next_keep_time += self._keep_hours * 3600
                continue
            delete_checkpoint(oldest, meta_suffix)

    @property
    def last_checkpoints(self) -> list[str]:
        """The checkpoints not deleted yet, oldest first."""
        return [p for p, _ in self._last_checkpoints]

    def set_last_checkpoints(self, last_checkpoints: list[str]) -> None:
        self._last_checkpoints = [(p, time.time()) for p in last_checkpoints]

    def set_last_checkpoints_with_time(self, last_checkpoints_with_time: list) -> None:
        self._last_checkpoints = [(p, float(t)) for p, t in last_checkpoints_with_time]

    def recover_last_checkpoints(self, checkpoint_paths: list[str]) -> None:
        """Take over the checkpoints of an earlier run that still exist."""
        self.set_last_checkpoints([p for p in checkpoint_paths if checkpoint_exists(p)])

    # -- restoring ---------------------------------------------------------------------------
    def restore(self, sess: Any, save_path: str | None) -> None:
        """Set the variables to the values saved under `save_path`.

        Raises
        ------
        GraphgateError
            CHECKPOINT_NOT_FOUND (also a ValueError, as in TF) when `save_path` is not a
            checkpoint; CHECKPOINT_KEY_NOT_FOUND (NotFoundError) for a variable the
            checkpoint lacks; SHAPE_MISMATCH / DTYPE_MISMATCH (InvalidArgumentError) for a
            value that does not fit its variable; INVALID_CHECKPOINT for unreadable files.
            Nothing is assigned when any of these is raised.
        """
        if save_path is None:
            raise _not_found("can't load save_path when it is None", "")
        if os.path.isdir(save_path):
            # TF reads a directory as a V1 checkpoint file: DataLossError (and graphgate's
            # ValueError still, as for any path that is no checkpoint).
            raise error(
                "CHECKPOINT_DATA_LOSS",
                f"{save_path} is a directory, not a checkpoint's prefix",
                details={"path": save_path},
                also=(ValueError,),
            )
        if not checkpoint_exists(save_path):
            raise _not_valid(save_path)
        reader = CheckpointReader(save_path)
        names = _object_graph_names(reader, self._vars)
        values = {}
        for key, var in self._vars.items():
            if isinstance(var, Tensor):
                values[var.op.name] = _checked_value(
                    reader, names.get(key, key), var, self._reshape
                )
            else:
                values.update(_slice_values(reader, key, var))
        _assign(sess, values)

    def saveables(self) -> dict[str, Tensor | list[Tensor]]:
        """Checkpoint key to the variable (or the slice variables) saved under it."""
        return dict(self._vars)

    # -- meta graph --------------------------------------------------------------------------
    def as_saver_def(self) -> dict[str, Any]:
        """What `import_meta_graph` needs to rebuild this saver: keys to tensor names."""
        return {
            "var_list": {key: _saved_names(var) for key, var in self._vars.items()},
            "max_to_keep": self._max_to_keep,
            "keep_checkpoint_every_n_hours": self._keep_hours,
        }

    def export_meta_graph(
        self,
        filename: str | None = None,
        collection_list: list[str] | None = None,
        as_text: bool = False,
        **kwargs: Any,
    ) -> Any:
        if filename is not None and self._format == "tensorflow":
            # The whole checkpoint is TF's: so is its meta graph, which TF's
            # import_meta_graph reads and restores from (a graphgate checkpoint's stays
            # graphgate's JSON, which TF could not restore from anyway).
            from .. import tf_export

            keys = {k: _whole(k, v) for k, v in self._vars.items()}
            meta = tf_export.meta_graph_def(self._graph, keys, collection_list)
            write_atomically(filename, tf_export.serialize(meta, META_GRAPH, as_text))
            filename = None
        return export_meta_graph(
            filename,
            saver_def=self.as_saver_def(),
            collection_list=collection_list,
            graph=self._graph,
        )

    def build(self) -> None:
        """Nothing to build: kept for TF programs that call it."""


def _object_graph_names(reader: Any, variables: dict[str, Any]) -> dict[str, str]:
    """For an object-based checkpoint (tf.train.Checkpoint's) lacking the Saver's keys:
    each variable name to the key its object graph saved it under, as TF's Saver falls
    back to; empty when every key is there."""
    if all(reader.has_tensor(key) for key in variables):
        return {}
    from .object_checkpoint import object_graph_names

    return object_graph_names(reader)


def _saveables(var_list: Any) -> dict[str, Tensor | list[Tensor]]:
    """Checkpoint key to a variable, or to the slice variables of one partitioned
    variable (TF's `op_list_to_dict`): a list's slices group under their whole's name."""
    if var_list is None:
        _refuse_tables(get_default_graph().get_collection(GraphKeys.SAVEABLE_OBJECTS))
        var_list = get_default_graph().get_collection(VARIABLES)
    _refuse_tables(var_list.values() if isinstance(var_list, dict) else var_list)
    if isinstance(var_list, dict):
        items = [(str(k), _slices_of(v)) for k, v in var_list.items()]
    elif isinstance(var_list, list | tuple | set):
        items = _listed(var_list)
    else:
        raise _invalid_saver("var_list must be a list of variables or a dict of name to variable")
    out: dict[str, Tensor | list[Tensor]] = {}
    graphs: set[int] = set()
    for key, var in items:
        for v in var if isinstance(var, list) else [var]:
            if not isinstance(v, Tensor):  # TF's TypeError for a value that is no tensor
                what = f"var_list holds {v!r}, which is not a variable"
                raise error("INVALID_SAVER", what, also=(TypeError,))
            if v.op.type != "VariableV2":
                raise _invalid_saver(f"var_list holds {v!r}, which is not a variable")
            graphs.add(id(v.graph))
        if key in out:
            raise _invalid_saver(f"at least two variables have the same name: {key}")
        out[key] = var
    if len(graphs) > 1:
        raise error("GRAPH_MISMATCH", "the variables of a Saver belong to different graphs")
    return out


def _refuse_tables(items: Any) -> None:
    """TF's Saver also saves a mutable lookup table's contents; graphgate's cannot, and
    refuses rather than write a checkpoint that restores an empty table."""
    from ..ops.mutable_table_ops import MutableHashTable

    tables = [t for t in items if isinstance(t, MutableHashTable)]
    if tables:
        raise error(
            "UNIMPLEMENTED",
            f"graphgate's Saver does not save the contents of mutable table {tables[0].name} "
            "(TF's does): pass var_list with the variables alone, or create the table with "
            "checkpoint=False",
        )


def _slice_info(var: Any) -> Any:
    getter = getattr(var, "_get_save_slice_info", None)
    return getter() if getter is not None else None


def _slices_of(value: Any) -> Any:
    """A dict's value: a PartitionedVariable or list stands for slices of one variable
    (each must be one, of the same variable, as TF checks); anything else is itself."""
    from ..partitioned import PartitionedVariable

    if not isinstance(value, PartitionedVariable | list | tuple):
        return value
    parts = list(value)
    infos = [_slice_info(v) for v in parts]
    if not parts or any(i is None for i in infos):
        raise _invalid_saver(f"Slices must all be slices: {value!r}")
    if len({i.full_name for i in infos}) > 1:
        raise _invalid_saver(
            f"Slices must all be from the same tensor: {sorted({i.full_name for i in infos})}"
        )
    return parts


def _listed(var_list: Any) -> list[tuple[str, Any]]:
    """A list's (key, variable or slices): a variable under its name, a partitioned one
    or a slice under the name of the whole (TF's `op_list_to_dict`)."""
    from ..partitioned import PartitionedVariable

    items: list[tuple[str, Any]] = []
    groups: dict[str, list] = {}
    for var in var_list:
        if isinstance(var, PartitionedVariable):
            items.append((var.name, _slices_of(var)))
        elif _slice_info(var) is not None:
            name = _slice_info(var).full_name
            if name not in groups:
                groups[name] = []
                items.append((name, groups[name]))
            groups[name].append(var)
        else:
            items.append((getattr(var, "op", None) and var.op.name, var))
    keys = [k for k, v in items if not isinstance(v, list)]
    mixed = sorted(set(groups) & set(keys))
    if mixed:
        raise _invalid_saver(f"Mixing slices and non-slices with the same name: {mixed[0]}")
    return items


def _whole(key: str, var: Tensor | list[Tensor]) -> Tensor:
    if isinstance(var, list):
        raise error(
            "TF_EXPORT_UNSUPPORTED",
            f"{key} is a partitioned variable: its TensorFlow meta graph is not written "
            "(save with write_meta_graph=False)",
            details={"problems": [{"node": key, "op": "VariableV2", "reason": "partitioned"}]},
        )
    return var


def _saved_names(var: Tensor | list[Tensor]) -> str | list[list[str]]:
    """A saver_def's entry: a variable's tensor name, or each slice's with its spec."""
    if isinstance(var, Tensor):
        return var.name
    return [[v.name, _slice_info(v).spec] for v in var]


def _values_of(sess: Any, variables: dict[str, Any]) -> dict[str, np.ndarray | SlicedValue]:
    current = sess.get_variables()

    def value_of(var: Tensor) -> np.ndarray:
        value = current.get(var.op.name)
        if value is None:
            raise error(
                "UNINITIALIZED_VARIABLE",
                f"attempting to use uninitialized value {var.op.name}",
                node=var.op.name,
            )
        return np.asarray(value)

    values: dict[str, np.ndarray | SlicedValue] = {}
    for key, var in variables.items():
        if isinstance(var, Tensor):
            values[key] = value_of(var)
        else:
            pieces = [(_slice_info(v).var_offset, value_of(v)) for v in var]
            values[key] = SlicedValue(_slice_info(var[0]).full_shape, pieces)
    return values


def _tiles(slices: list[Tensor]) -> bool:
    """Whether the slices cover their whole variable once each (a partitioned variable's
    do; a hand-picked subset may not)."""
    infos = [_slice_info(v) for v in slices]
    full = infos[0].full_shape
    filled = np.zeros(full, np.int8)
    for info in infos:
        if info.full_shape != full:
            return False
        filled[
            tuple(slice(o, o + n) for o, n in zip(info.var_offset, info.var_shape, strict=True))
        ] += 1
    return bool((filled == 1).all())


def _slice_values(reader: Any, key: str, slices: list[Tensor]) -> dict[str, np.ndarray]:
    """Each slice variable's part of the checkpoint's `key`, whatever partitioning wrote
    it (TF reads each slice's spec out of the whole). A checkpoint graphgate wrote before
    it kept TF's layout holds the slices as `<key>/part_<i>`: read those when `key` is not
    there."""
    if reader.entry(key) is None and reader.entry(f"{key}/part_0") is not None:
        return {
            v.op.name: _checked_value(reader, f"{key}/part_{i}", v) for i, v in enumerate(slices)
        }
    out = {}
    for var in slices:
        info = _slice_info(var)
        _check_entry(reader, key, var, info.full_shape)
        out[var.op.name] = reader.get_slice(key, info.var_offset, info.var_shape)
    return out


def _checked_value(reader: Any, key: str, var: Tensor, reshape: bool = False) -> np.ndarray:
    """The checkpoint's value of `key` for `var`; with `reshape` (TF's
    `Saver(reshape=True)`) one of another shape but as many elements, reshaped."""
    static = var.static_shape
    entry = reader.entry(key)
    known = entry is not None and static is not None and None not in static
    if reshape and known and int(np.prod(entry["shape"])) == int(np.prod(static)):
        static = tuple(entry["shape"])
    _check_entry(reader, key, var, static)
    value = reader.get_tensor(key)
    return np.reshape(value, var.static_shape) if static != var.static_shape else value


def _check_entry(reader: Any, key: str, var: Tensor, static: Any) -> None:
    """The checkpoint has `key` with `var`'s dtype and the shape `static` (a slice's
    whole variable's, for a slice)."""
    entry = reader.entry(key)
    if entry is None:
        raise error(
            "CHECKPOINT_KEY_NOT_FOUND",
            f"Key {key} not found in checkpoint {reader.prefix}",
            node=var.op.name,
            details={"key": key, "checkpoint": reader.prefix},
        )
    dtype, shape = entry["dtype"], entry["shape"]
    if _dt.FROM_STORED.get(dtype) != var.dtype:
        raise error(
            "DTYPE_MISMATCH",
            f"tensor_name = {key}; expected dtype {var.dtype.name} does not equal original "
            f"dtype {dtype}",
            node=var.op.name,
            details={"key": key, "expected": _dt.STORED_NAMES.get(var.dtype), "got": dtype},
        )
    if static is not None and (
        len(static) != len(shape)
        or any(s is not None and s != d for s, d in zip(static, shape, strict=True))
    ):
        raise error(
            "SHAPE_MISMATCH",
            f"Assign requires shapes of both tensors to match. lhs shape= {list(static)} "
            f"rhs shape= {shape} (variable {var.op.name}, checkpoint key {key})",
            node=var.op.name,
            details={"key": key, "expected": list(static), "got": shape},
        )


def _fits(static: tuple, shape: list[int]) -> bool:
    return len(static) == len(shape) and all(
        s is None or s == d for s, d in zip(static, shape, strict=True)
    )


def _assign(sess: Any, values: dict[str, np.ndarray]) -> None:
    restore = getattr(sess, "restore_variables", None)
    if restore is not None:  # a RemoteSession: one conditional upload
        restore(values)
    else:
        sess.set_variables(values)


# -- the files -------------------------------------------------------------------------------


def write_checkpoint(
    prefix: str, values: dict[str, np.ndarray], checkpoint_format: str = "graphgate"
) -> None:
    """Write the values under a data file of their own, then `prefix.index` naming it (with
    its sha256), each atomically; then drop the data file an earlier index at `prefix`
    named. Until the index is replaced, it and its data are the checkpoint, whole.
    `checkpoint_format="tensorflow"` writes TF's V2 files instead (data, then index)."""
    if checkpoint_format == "tensorflow":
        previous = _data_file_of(prefix)
        write_bundle(prefix, values)
        if previous is not None:
            _remove(previous)
        return
    tensors = {}
    arrays = {}
    for i, (key, value) in enumerate(values.items()):
        entry = f"t{i}"
        if isinstance(value, SlicedValue):  # graphgate's checkpoints hold variables whole
            value = value.whole()
        # npz keeps no object arrays without pickle: strings go packed, as on the wire.
        arrays[entry] = (
            np.frombuffer(_dt.pack_strings(value), np.uint8) if value.dtype.kind == "O" else value
        )
        tensors[key] = {
            "entry": entry,
            "dtype": _dt.STORED_NAMES[value.dtype],
            "shape": list(value.shape),
        }
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    blob = buffer.getvalue()
    previous = _data_file_of(prefix)
    data = f"{os.path.basename(prefix)}.data-{secrets.token_hex(4)}.npz"
    write_atomically(os.path.join(os.path.dirname(prefix), data), blob)
    index = {
        "format": CHECKPOINT_FORMAT,
        "data": data,
        "sha256": hashlib.sha256(blob).hexdigest(),
        "tensors": tensors,
    }
    write_atomically(prefix + ".index", json.dumps(index, indent=1).encode())
    if previous is not None:
        _remove(previous)


def _data_file_of(prefix: str) -> str | None:
    """The data file the index at `prefix` names, if there is a readable one."""
    try:
        with open(prefix + ".index", "rb") as f:
            name = json.loads(f.read()).get("data")
    except (OSError, ValueError, UnicodeDecodeError, AttributeError):
        return None
    if not _plain_data_name(name):
        return None
    return os.path.join(os.path.dirname(prefix), name)


def _plain_data_name(name: Any) -> bool:
    """A file name in the checkpoint's own directory: no path may be smuggled in."""
    return isinstance(name, str) and name.endswith(".npz") and os.path.basename(name) == name != ""


def _remove(path: str) -> None:
    if os.path.exists(path):
        os.remove(path)


def delete_checkpoint(prefix: str, meta_suffix: str = "meta") -> None:
    """Remove a checkpoint's files: its data (graphgate's, or TF's shards), index and meta
    graph."""
    data = _data_file_of(prefix)
    shards = glob.glob(glob.escape(prefix) + ".data-[0-9][0-9][0-9][0-9][0-9]-of-[0-9]*")
    for path in (data, *shards, prefix + ".index", f"{prefix}.{meta_suffix}"):
        if path is not None:
            _remove(path)


class CheckpointReader:
    """Reads one checkpoint (TF's `NewCheckpointReader`): keys, shapes, dtypes, values.
    Given a checkpoint TensorFlow wrote, it is a `TensorBundleReader`, which answers the
    same."""

    def __new__(cls, prefix: str) -> Any:
        if is_tensor_bundle(prefix):
            return TensorBundleReader(prefix)
        return super().__new__(cls)

    def __init__(self, prefix: str):
        self.prefix = prefix
        try:
            with open(prefix + ".index", "rb") as f:
                index = json.loads(f.read())
        except FileNotFoundError:
            raise _not_valid(prefix) from None
        except (ValueError, UnicodeDecodeError):
            if glob.glob(glob.escape(prefix) + ".data-[0-9][0-9][0-9][0-9][0-9]-of-[0-9]*"):
                # TF's data shard beside it: TF's index, cut short or damaged past its
                # magic number (TF's DataLossError).
                raise data_loss(prefix, "its index is no TensorFlow table") from None
            raise _corrupt(prefix, "its index is not JSON") from None
        if not isinstance(index, dict) or index.get("format") != CHECKPOINT_FORMAT:
            raise _corrupt(prefix, f"its index is not {CHECKPOINT_FORMAT}")
        tensors = index.get("tensors")
        if not isinstance(tensors, dict) or not all(map(_valid_entry, tensors.values())):
            raise _corrupt(prefix, "its index does not list tensors as entry, dtype and shape")
        if not _plain_data_name(index.get("data")) or not isinstance(index.get("sha256"), str):
            raise _corrupt(prefix, "its index names no data file in its directory, or no sha256")
        self._tensors = tensors
        self._data = os.path.join(os.path.dirname(prefix), index["data"])
        self._sha256 = index["sha256"]
        self._values: dict[str, np.ndarray] | None = None

    def _archive(self) -> dict[str, np.ndarray]:
        """Every value of the data file, read once and checked against the index's sha256."""
        if self._values is None:
            try:
                with open(self._data, "rb") as f:
                    blob = f.read()
            except FileNotFoundError:
                raise _corrupt(self.prefix, "its data file is missing") from None
            if hashlib.sha256(blob).hexdigest() != self._sha256:
                raise _corrupt(
                    self.prefix, "its data file is not the one its index was written for"
                )
            try:
                with np.load(io.BytesIO(blob), allow_pickle=False) as archive:
                    self._values = {name: archive[name] for name in archive.files}
            except (ValueError, KeyError, OSError):
                raise _corrupt(self.prefix, "its data file is unreadable") from None
        return self._values

    def entry(self, key: str) -> dict[str, Any] | None:
        return self._tensors.get(key)

    def has_tensor(self, key: str) -> bool:
        return key in self._tensors

    def get_variable_to_shape_map(self) -> dict[str, list[int]]:
        return {k: list(e["shape"]) for k, e in self._tensors.items()}

    def get_variable_to_dtype_map(self) -> dict[str, np.dtype]:
        return {k: _dt.FROM_STORED.get(e["dtype"]) for k, e in self._tensors.items()}

    def get_tensor(self, key: str) -> np.ndarray:
        entry = self._tensors.get(key)
        if entry is None:
            raise error(
                "CHECKPOINT_KEY_NOT_FOUND",
                f"Key {key} not found in checkpoint {self.prefix}",
                details={"key": key, "checkpoint": self.prefix},
            )
        value = self._archive().get(entry["entry"])
        if value is None:
            raise _corrupt(self.prefix, f"its data file has no value for {key}")
        if entry["dtype"] == "BYTES" and value.dtype == np.uint8 and value.ndim == 1:
            try:
                value = _dt.unpack_strings(value.tobytes(), entry["shape"])
            except ValueError:
                raise _corrupt(self.prefix, f"{key}'s strings are cut") from None
        if (
            _dt.STORED_NAMES.get(value.dtype) != entry["dtype"]
            or list(value.shape) != entry["shape"]
        ):
            raise _corrupt(self.prefix, f"{key}'s value does not match the index")
        return value

    def get_slice(self, key: str, offset: list[int], size: list[int]) -> np.ndarray:
        """The part of tensor `key` at `offset` of shape `size`."""
        return self.get_tensor(key)[
            tuple(slice(o, o + n) for o, n in zip(offset, size, strict=True))
        ]


def _valid_entry(e: Any) -> bool:
    return (
        isinstance(e, dict)
        and isinstance(e.get("entry"), str)
        and isinstance(e.get("dtype"), str)
        and e["dtype"] in _dt.FROM_STORED
        and isinstance(e.get("shape"), list)
        and all(type(d) is int and d >= 0 for d in e["shape"])
    )


def _corrupt(prefix: str, why: str) -> GraphgateError:
    return error(
        "INVALID_CHECKPOINT",
        f"the checkpoint {prefix} cannot be read: {why}",
        details={"path": prefix},
    )


def checkpoint_exists(checkpoint_prefix: str) -> bool:
    return os.path.isfile(checkpoint_prefix + ".index")


def NewCheckpointReader(filepattern: str) -> CheckpointReader | TensorBundleReader:
    """A reader of the checkpoint `filepattern`, whichever wrote it: TensorFlow (its index
    an SSTable) or graphgate (its index JSON); both answer `entry`, `has_tensor`,
    `get_tensor`, `get_variable_to_shape_map` and `get_variable_to_dtype_map`."""
    return CheckpointReader(filepattern)


def load_checkpoint(ckpt_dir_or_file: str) -> CheckpointReader | TensorBundleReader:
    """A reader of the checkpoint `ckpt_dir_or_file` names, or of a directory's latest."""
    prefix = latest_checkpoint(ckpt_dir_or_file) if os.path.isdir(ckpt_dir_or_file) else None
    return CheckpointReader(prefix or ckpt_dir_or_file)


def list_variables(ckpt_dir_or_file: str) -> list[tuple[str, list[int]]]:
    """(key, shape) of each value of a checkpoint, sorted by key."""
    return sorted(load_checkpoint(ckpt_dir_or_file).get_variable_to_shape_map().items())


def load_variable(ckpt_dir_or_file: str, name: str) -> np.ndarray:
    return load_checkpoint(ckpt_dir_or_file).get_tensor(name.split(":")[0])


def init_from_checkpoint(ckpt_dir_or_file: str, assignment_map: Any) -> None:
    """TF1's `tf.train.init_from_checkpoint`: the initializers of the variables that
    `assignment_map` names load their values from the checkpoint instead. A key names a
    checkpoint tensor (`"scope/w"`) or scope (`"scope/"`, `"/"` for all) and its value a
    variable (object or `get_variable` name) or a scope of `get_variable` variables. The
    values are read now and become the initializers' constants (`checkpoint_initializer`),
    where TF reads the file when the initializer runs."""
    from ..partitioned import PartitionedVariable
    from ..variable_scope import variable_store

    reader = load_checkpoint(ckpt_dir_or_file)
    shapes = reader.get_variable_to_shape_map()
    items = assignment_map.items() if isinstance(assignment_map, dict) else assignment_map
    store = variable_store()
    for in_ckpt, target in sorted(items, key=lambda pair: pair[0]):
        var = target if isinstance(target, Tensor | PartitionedVariable) else store.get(target)
        if var is not None:
            _load_into(var, reader, shapes, in_ckpt, ckpt_dir_or_file)
            continue
        for name, full in _scope_targets(store, in_ckpt, target):
            if getattr(store[name], "_get_save_slice_info", lambda: None)() is not None:
                continue  # a slice: loaded with its PartitionedVariable, under the whole's name
            if full not in shapes:
                raise error(
                    "INVALID_ATTR",
                    f"Tensor {full} ({name} in {in_ckpt}) is not found in {ckpt_dir_or_file} "
                    "checkpoint",
                )
            _load_into(store[name], reader, shapes, full, ckpt_dir_or_file)


def _scope_targets(store: dict, in_ckpt: str, target: str) -> list[tuple[str, str]]:
    """(variable name, checkpoint name) of each `get_variable` variable under the scope
    `target`, mapped under the checkpoint's scope `in_ckpt` as TF1 maps them."""
    scope = target[: target.rindex("/")] if "/" in target else ""
    if not in_ckpt.endswith("/"):
        raise error(
            "INVALID_ATTR",
            f"Assignment map with scope only name {scope} should map to scope only "
            f"{in_ckpt}. Should be 'scope/': 'other_scope/'.",
        )
    pairs = []
    for name in sorted(n for n in store if not scope or n.startswith(scope + "/")):
        full = name[len(scope) :]
        if target != "/":
            full = full[1:]
        if in_ckpt != "/":
            full = in_ckpt + full
        pairs.append((name, full.removesuffix("/")))
    return pairs


def _load_into(var: Any, reader: Any, shapes: dict, key: str, where: str) -> None:
    """Make `var`'s initializer assign the checkpoint's value of `key` (each slice of a
    partitioned `var` its extent of it, as TF's)."""
    from ..partitioned import PartitionedVariable

    if key not in shapes:
        # TF: a ValueError (an assignment map naming what the checkpoint lacks).
        raise error("INVALID_ATTR", f"Tensor {key} is not found in {where} checkpoint")
    parts = list(var) if isinstance(var, PartitionedVariable) else None
    shape = var.get_shape().as_list() if parts else var.static_shape
    if shape is not None and tuple(shapes[key]) != tuple(shape):
        raise error(
            "SHAPE_MISMATCH",
            f"Shape of variable {var.name} ({list(shape)}) doesn't match with shape of "
            f"tensor {key} ({list(shapes[key])}) from checkpoint reader.",
            node=(parts[0] if parts else var).op.name,
        )
    stored = reader.entry(key)["dtype"]
    if _dt.FROM_STORED.get(stored) != var.dtype.base_dtype:
        # TF's initializer fails (RestoreV2 checks the dtype); converting would be a
        # wrong value (an int64 300 read into int8 is 44).
        raise error(
            "DTYPE_MISMATCH",
            f"tensor_name = {key}; expected dtype {var.dtype.base_dtype.name} does not equal "
            f"original dtype {stored} (init_from_checkpoint into {var.name})",
            node=(parts[0] if parts else var).op.name,
            details={"key": key, "got": stored},
        )
    if parts is None:
        _initialize_with(var, reader.get_tensor(key))
    for part in parts or ():
        info = part._get_save_slice_info()
        _initialize_with(part, reader.get_slice(key, info.var_offset, info.var_shape))


def _initialize_with(var: Any, stored: np.ndarray) -> None:
    """Make `var`'s initializer assign `stored`."""
    from ..graph import constant_op
    from ..ops.state_ops import assign

    graph = var.op.graph
    with graph.as_default(), graph.control_dependencies(None), graph.name_scope(None):
        # np.asarray: a scalar string is read as bytes.
        value = constant_op(
            graph,
            np.asarray(stored).astype(var.dtype.as_numpy_dtype),
            var.dtype,
            "checkpoint_initializer",
        )
        init = assign(var, value).op
    var.op.attrs["initializer"] = init.name
    var.bind(value, init, var.trainable, collect=False)


# -- the directory's `checkpoint` file (TensorFlow's CheckpointState text format) ------------


class CheckpointState:
    """`model_checkpoint_path` and `all_model_checkpoint_paths`, oldest first (and the
    timestamps TF 2's CheckpointManager records: none, and 0.0, unless written)."""

    def __init__(
        self,
        model_checkpoint_path: str,
        all_model_checkpoint_paths: list[str],
        all_model_checkpoint_timestamps: list[float] = (),  # type: ignore[assignment]
        last_preserved_timestamp: float = 0.0,
    ):
        self.model_checkpoint_path = model_checkpoint_path
        self.all_model_checkpoint_paths = list(all_model_checkpoint_paths)
        self.all_model_checkpoint_timestamps = list(all_model_checkpoint_timestamps)
        self.last_preserved_timestamp = float(last_preserved_timestamp)

    def __repr__(self) -> str:
        return f"CheckpointState({self.model_checkpoint_path!r})"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _unquote(text: str) -> str:
    body = text.strip()
    if len(body) < 2 or body[0] != '"' or body[-1] != '"':
        raise ValueError("not a quoted string")
    out, chars = [], iter(body[1:-1])
    for c in chars:
        if c == "\\":
            nxt = next(chars, "")
            out.append("\n" if nxt == "n" else nxt)
        else:
            out.append(c)
    return "".join(out)


def update_checkpoint_state(
    save_dir: str,
    model_checkpoint_path: str,
    all_model_checkpoint_paths: list[str] | None = None,
    latest_filename: str | None = None,
    all_model_checkpoint_timestamps: list[float] | None = None,
    last_preserved_timestamp: float | None = None,
    save_relative_paths: bool = False,
) -> None:
    """Write the directory's `checkpoint` file (atomically), as TF does; the timestamps
    (one per path, as TF checks) as its text format writes doubles."""
    paths = list(all_model_checkpoint_paths or [])
    if not paths or paths[-1] != model_checkpoint_path:
        paths.append(model_checkpoint_path)
    stamps = [float(t) for t in all_model_checkpoint_timestamps or []]
    if stamps and len(stamps) != len(paths):
        raise ValueError(
            "Checkpoint timestamps, if provided, must match checkpoint paths (got paths "
            f"{paths} and timestamps {list(all_model_checkpoint_timestamps)})"
        )

    def written(path: str) -> str:
        relative = save_relative_paths or not (os.path.isabs(save_dir) or os.path.isabs(path))
        return os.path.relpath(path, save_dir) if relative else path

    lines = [f"model_checkpoint_path: {_quote(written(model_checkpoint_path))}"]
    lines += [f"all_model_checkpoint_paths: {_quote(written(p))}" for p in paths]
    lines += [f"all_model_checkpoint_timestamps: {t!r}" for t in stamps]
    if last_preserved_timestamp is not None:
        lines.append(f"last_preserved_timestamp: {float(last_preserved_timestamp)!r}")
    target = os.path.join(save_dir, latest_filename or STATE_FILENAME)
    write_atomically(target, ("\n".join(lines) + "\n").encode())


def get_checkpoint_state(
    checkpoint_dir: str, latest_filename: str | None = None
) -> CheckpointState | None:
    """The directory's `checkpoint` file, relative paths joined to the directory; None
    when there is none."""
    path = os.path.join(checkpoint_dir, latest_filename or STATE_FILENAME)
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except UnicodeDecodeError:
        raise _corrupt(path, "the checkpoint state file is not UTF-8 text") from None
    model, paths, stamps, preserved = None, [], [], 0.0
    try:
        for line in text.splitlines():
            field, sep, value = line.partition(":")
            field = field.strip()
            if not sep:
                continue
            if field == "model_checkpoint_path":
                model = _unquote(value)
            elif field == "all_model_checkpoint_paths":
                paths.append(_unquote(value))
            elif field == "all_model_checkpoint_timestamps":
                stamps.append(float(value))
            elif field == "last_preserved_timestamp":
                preserved = float(value)
    except ValueError:
        raise _corrupt(path, "the checkpoint state file is not in its text format") from None
    if model is None:
        raise _corrupt(path, "the checkpoint state file names no model_checkpoint_path")

    def joined(p: str) -> str:
        return p if os.path.isabs(p) else os.path.join(checkpoint_dir, p)

    return CheckpointState(joined(model), [joined(p) for p in paths], stamps, preserved)


def latest_checkpoint(checkpoint_dir: str, latest_filename: str | None = None) -> str | None:
    """The prefix of the newest checkpoint recorded in `checkpoint_dir`, or None."""
    state = get_checkpoint_state(checkpoint_dir, latest_filename)
    if state is None or not checkpoint_exists(state.model_checkpoint_path):
        return None
    return state.model_checkpoint_path


# -- meta graphs -----------------------------------------------------------------------------


def import_meta_graph(
    meta_graph_or_file: Any,
    clear_devices: bool = False,
    import_scope: str | None = None,
    **kwargs: Any,
) -> Saver | None:
    """Import a meta graph (a `.meta` file or a `MetaGraphDef`) into the default graph, its
    collections too, and return the `Saver` it was saved with (None without variables)."""
    meta = read_meta_graph(meta_graph_or_file)
    prefix = import_meta_graph_def(meta, import_scope)
    graph: Graph = get_default_graph()
    saver_def = meta.get("saver_def")
    var_names = saver_def.get("var_list") if isinstance(saver_def, dict) else None
    if isinstance(var_names, dict) and all(map(_saved_entry, var_names.values())):
        var_list = {key: _saved_variable(graph, prefix, key, n) for key, n in var_names.items()}
        hours = saver_def.get("keep_checkpoint_every_n_hours", 10000.0)
        keep = saver_def.get("max_to_keep", 5)
        return Saver(
            var_list,
            max_to_keep=keep if keep is None or type(keep) is int else 5,
            keep_checkpoint_every_n_hours=hours if isinstance(hours, int | float) else 10000.0,
            allow_empty=True,
        )
    if graph.get_collection(VARIABLES):
        return Saver()
    return None


def _saved_entry(names: Any) -> bool:
    """A saver_def's entry: a tensor name, or [tensor name, slice spec] pairs."""
    return isinstance(names, str) or (
        isinstance(names, list)
        and len(names) > 0
        and all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p)
            for p in names
        )
    )


def _saved_variable(graph: Graph, prefix: str, key: str, names: Any) -> Any:
    """The variable a saver_def's entry names, or its slices, each marked with its spec."""
    from ..partitioned import SaveSliceInfo

    if isinstance(names, str):
        return graph.get_tensor_by_name(prefix + names)
    slices = []
    for name, spec in names:
        var = graph.get_tensor_by_name(prefix + name)
        var._set_save_slice_info(SaveSliceInfo.from_spec(key, spec))
        slices.append(var)
    return slices
