"""Differential fuzzing of TF1's savers and checkpoints against TensorFlow (dev-only):
random variable sets drawn with fixed seeds (dtypes bool, int8/16/32/64, uint8, float16/32/64,
complex64/128 and string; shapes from scalars to empty; resource or ref; partitioned by
fixed_size, min_max and variable_axis_size partitioners), saved by a `tf.train.Saver`
(var_list as None, a list or a dict of renames; sharded or not; max_to_keep; several saves
with global_step), then read back: `latest_checkpoint`, `get_checkpoint_state`,
`list_variables`, `NewCheckpointReader`'s maps and `has_tensor`, `load_variable`, and a
restore into a fresh graph (all, a subset, renamed, repartitioned, `reshape=True`),
`init_from_checkpoint` with scope maps, or `import_meta_graph` (clear_devices,
import_scope) and a restore; and invalid reads of the same files (missing variables,
shape and dtype mismatches, truncated and corrupt files, a directory as the path):

    /work/tfvenv/bin/python tests/reference/tf1_fuzzckpt.py \
        > tests/unit/engine/fixtures/tf1_fuzzckpt.json

A program runs in two phases: `write` (build, save, list the directory) and `read` (in a
directory holding the written files, with the program's fault applied). The fixture holds
TF's files (base64) and both observations. tests/unit/engine/test_tf1_fuzzckpt.py checks
both directions: graphgate, saving with `checkpoint_format="tensorflow"`, writes TF's
bytes (so TF reads them as its own), and graphgate reads TF's files as TF does.
"""

from __future__ import annotations

import base64
import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import fuzzseed
import tf1_fuzzdiff as fuzz

DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "float16", "float32"]
DTYPES += ["float64", "complex64", "complex128", "string"]
FAULTS = ["missing_var", "shape", "dtype", "truncate_data", "truncate_index", "flip_data"]
FAULTS += ["flip_index", "dir_path", "missing_path", "reader_missing", "load_missing"]
FAULTS += ["init_missing", "init_shape", "reshape_numel", "delete_data", "empty_index"]
FAULTS += ["init_dtype"]
DAMAGES = ["truncate_data", "flip_data", "delete_data", "truncate_index", "flip_index"]
DAMAGES += ["empty_index"]
READS = ["restore", "subset", "rename", "repartition", "reshape", "init_scope", "init_names"]

# -- values --------------------------------------------------------------------------------


def encode(value) -> dict:
    """An array as fuzz.encode gives it; strings as {dtype: "string", shape, hex}."""
    a = np.asarray(value)
    if a.dtype.kind in "OSU":
        flat = [x if isinstance(x, bytes) else str(x).encode() for x in a.ravel()]
        return {"dtype": "string", "shape": list(a.shape), "hex": [x.hex() for x in flat]}
    return fuzz.encode(a)


def decode(spec: dict) -> np.ndarray:
    if spec["dtype"] == "string":
        flat = np.array([bytes.fromhex(h) for h in spec["hex"]] + [b""], object)[:-1]
        return flat.reshape(spec["shape"])
    return fuzz.decode(spec)


def _draw_value(rng, dtype: str, shape: list) -> dict:
    n = int(np.prod(shape))
    if dtype == "string":
        words = [b"", b"a", b"graph", "\u00e9t\u00e9".encode(), b"\x00\xff", b"x" * 130]
        flat = np.array([words[i] for i in rng.integers(0, len(words), n)] + [b""], object)
        return encode(flat[:-1].reshape(shape))
    if dtype == "bool":
        return encode(rng.integers(0, 2, shape).astype(bool))
    if dtype.startswith(("int", "uint")):
        info = np.iinfo(dtype)
        pool = [0, 1, -1, 7, int(info.max), int(info.min), 100]
        picks = [p for p in pool if info.min <= p <= info.max]
        return encode(np.array(rng.choice(picks, n), dtype).reshape(shape))
    pool = [0.0, -0.0, 1.5, -2.25, np.inf, -np.inf, np.nan, 1e-3, 65504.0, 3.0]
    real = np.array(rng.choice(pool, n), "float64")
    with np.errstate(all="ignore"):  # 1j * inf is (nan+infj); float16 overflows to inf
        if dtype.startswith("complex"):
            real = real + 1j * np.array(rng.choice(pool, n), "float64")
        return encode(real.astype(dtype).reshape(shape))


def _draw_var(rng, name: str, partitionable: bool, dtypes: list) -> dict:
    dtype = str(rng.choice(dtypes))
    rank = int(rng.integers(0, 4))
    shape = [int(rng.choice([0, 1, 2, 3, 5])) if rank else 1 for _ in range(rank)]
    if rng.random() < 0.15 and rank:
        shape[int(rng.integers(0, rank))] = 0
    part = None
    # Not an empty one: TF's partitioners fail on those (ZeroDivisionError, ValueError).
    whole = rank and 0 not in shape and shape[0] > 1
    if partitionable and whole and dtype != "string" and rng.random() < 0.45:
        kind = str(rng.choice(["fixed", "minmax", "axis"]))
        part = {
            "fixed": ["fixed", int(rng.integers(1, 4))],
            "minmax": ["minmax", int(rng.integers(1, 4)), int(rng.choice([1, 4, 16]))],
            "axis": ["axis", int(rng.choice([4, 8, 32])), 0],
        }[kind]
    return {
        "name": name,
        "dtype": dtype,
        "shape": shape,
        "part": part,
        "resource": bool(rng.random() < 0.4),
        "value": _draw_value(rng, dtype, shape),
    }


def _draw_vars(rng, partitionable: bool, dtypes: list) -> list:
    count = int(rng.integers(1, 5))
    scopes = ["", "s/", "s/t/", "u/"]
    names = []
    while len(names) < count:
        name = f"{rng.choice(scopes)}v{int(rng.integers(0, 9))}"
        if name not in names:
            names.append(name)
    return [_draw_var(rng, n, partitionable, dtypes) for n in names]


def _draw_save(rng, partitionable: bool = True, dtypes: list = DTYPES) -> dict:
    return {
        "vars": _draw_vars(rng, partitionable, dtypes),
        "var_list": str(rng.choice(["none", "list", "dict"])),
        "sharded": bool(rng.random() < 0.3),
        "max_to_keep": int(rng.choice([1, 2, 5])),
        "steps": [None] if rng.random() < 0.3 else sorted(rng.choice(50, int(rng.integers(1, 4)))),
    }


def _save_programs(rng):
    for _ in range(40):
        yield {**_draw_save(rng), "read": str(rng.choice(READS))}


def _meta_programs(rng):
    for i in range(16):
        # Complex variables in one program of four: graphgate reads no complex tensor of
        # a GraphDef yet, and each would hide the rest of its program.
        dtypes = DTYPES if i % 4 == 0 else [d for d in DTYPES if "complex" not in d]
        program = _draw_save(rng, bool(rng.random() < 0.6), dtypes)
        program["var_list"] = str(rng.choice(["none", "list"]))
        for spec in program["vars"]:  # more slices, which a meta graph's saver restores
            shape = spec["shape"]
            whole = shape and 0 not in shape and shape[0] > 1 and spec["dtype"] != "string"
            if whole and spec["part"] is None and rng.random() < 0.5:
                spec["part"] = ["fixed", 2]
        program["meta"] = {
            "clear_devices": bool(rng.random() < 0.5),
            "import_scope": str(rng.choice(["", "imported"])),
        }
        yield {**program, "read": "meta"}


def _invalid_programs(rng):
    for i in range(51):
        program = _draw_save(rng)
        program["steps"] = [None]
        fault = FAULTS[i % len(FAULTS)]
        yield {**program, "read": "restore", "fault": [fault, int(rng.integers(0, 1 << 20))]}


def programs() -> dict:
    families = {"save": _save_programs, "meta": _meta_programs, "invalid": _invalid_programs}
    out = {}
    for family, draw in families.items():
        rng = np.random.default_rng(fuzzseed.seed(f"fuzzckpt.{family}"))
        for i, program in enumerate(draw(rng)):
            out[f"{family}.{i}"] = json.loads(json.dumps(program, default=int))
    return out


# -- building ------------------------------------------------------------------------------


def _partitioner(tf, part):
    if part is None:
        return None
    if part[0] == "fixed":
        return tf.fixed_size_partitioner(part[1])
    if part[0] == "minmax":
        return tf.min_max_variable_partitioner(max_partitions=part[1], min_slice_size=part[2])
    return tf.variable_axis_size_partitioner(max_shard_bytes=part[1], axis=part[2])


def _build_var(tf, spec, name=None, shape=None, part="same", zero=False):
    """The variable of `spec` (its value, or zeros), and the ops that give it its value."""
    name = name or spec["name"]
    shape = spec["shape"] if shape is None else shape
    part = spec["part"] if part == "same" else part
    dtype = getattr(tf, spec["dtype"])
    value = decode(spec["value"]).reshape(shape)
    if zero:
        value = np.zeros_like(value) if spec["dtype"] != "string" else np.full(shape, b"", object)
    if part is None:
        var = tf.get_variable(
            name, initializer=tf.constant(value, dtype), use_resource=spec["resource"]
        )
        return var, []
    var = tf.get_variable(
        name,
        shape,
        dtype,
        initializer=tf.zeros_initializer(),
        partitioner=_partitioner(tf, part),
        use_resource=spec["resource"],
    )
    loads = []
    for piece in var:
        info = piece._get_save_slice_info()
        region = tuple(
            slice(o, o + n) for o, n in zip(info.var_offset, info.var_shape, strict=True)
        )
        loads.append(tf.assign(piece, tf.constant(value[region], dtype)))
    return var, loads


def _var_list(program, variables):
    if program["var_list"] == "none":
        return None
    if program["var_list"] == "list":
        return list(variables.values())
    return {f"renamed/{name}": var for name, var in variables.items()}


def _key(program, name):
    return f"renamed/{name}" if program["var_list"] == "dict" else name


def _listing(d):
    out = []
    for root, _, files in os.walk(d):
        out += [os.path.relpath(os.path.join(root, f), d) for f in files]
    return sorted(out)


def write(tf, program: dict, d: str, saver_kwargs: dict) -> dict:
    """Build the program's variables, save them at each step; what it saw, and the files
    (base64, but the meta graph's unless the program reads it) left in `d`."""
    meta = "meta" in program
    with tf.Graph().as_default():
        variables, loads = {}, []
        for spec in program["vars"]:
            variables[spec["name"]], more = _build_var(tf, spec)
            loads += more
        saver = tf.train.Saver(
            _var_list(program, variables),
            sharded=program["sharded"],
            max_to_keep=program["max_to_keep"],
            **saver_kwargs,
        )
        paths, listings = [], []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(loads)
            for step in program["steps"]:
                path = saver.save(sess, d + "/model.ckpt", global_step=step, write_meta_graph=meta)
                paths.append(os.path.relpath(path, d))
                listings.append(_listing(d))
        last = [os.path.relpath(p, d) for p in saver.last_checkpoints]
    files = {}
    for f in _listing(d):
        with open(os.path.join(d, f), "rb") as fh:
            text = fh.read()
        if f == "checkpoint":
            text = text.replace(d.encode(), b"<d>")
        files[f] = base64.b64encode(text).decode()
    return {"paths": paths, "listings": listings, "last": last, "files": files}


def put_files(files: dict, d: str) -> None:
    for f, text in files.items():
        data = base64.b64decode(text)
        if f == "checkpoint":
            data = data.replace(b"<d>", d.encode())
        with open(os.path.join(d, f), "wb") as fh:
            fh.write(data)


# -- reading -------------------------------------------------------------------------------


def _rel(path, d):
    return None if path is None else os.path.relpath(path, d)


def _dtype_name(dt):
    name = getattr(dt, "name", None) or str(dt)
    return "string" if name in ("object", "bytes") else name


def _inspect(tf, program, d, prefix) -> dict:
    state = tf.train.get_checkpoint_state(d)
    reader = tf.train.NewCheckpointReader(prefix)
    keys = sorted(reader.get_variable_to_shape_map())
    return {
        "latest": _rel(tf.train.latest_checkpoint(d), d),
        "state": [_rel(p, d) for p in state.all_model_checkpoint_paths],
        "exists": tf.train.checkpoint_exists(prefix),
        "listed": [[k, list(s)] for k, s in tf.train.list_variables(d)],
        "listed_prefix": [[k, list(s)] for k, s in tf.train.list_variables(prefix)],
        "shapes": {k: list(s) for k, s in reader.get_variable_to_shape_map().items()},
        "dtypes": {k: _dtype_name(t) for k, t in reader.get_variable_to_dtype_map().items()},
        "has": [reader.has_tensor(k) for k in keys] + [reader.has_tensor("nope")],
        "loaded": {k: encode(tf.train.load_variable(d, k)) for k in keys},
    }


def _values(sess, variables) -> dict:
    out = {}
    for name, var in variables.items():
        parts = list(var) if not hasattr(var, "op") else [var]
        out[name] = [encode(v) for v in sess.run(parts)]
    return out


def _restore_vars(tf, program, how):
    """The fresh graph's variables for read `how` and the Saver's var_list (None: all)."""
    specs = program["vars"]
    variables = {}
    if how == "subset":
        specs = specs[:1]
    for i, spec in enumerate(specs):
        name, shape, part = spec["name"], None, "same"
        if how == "rename":
            name = f"r{i}/w"
        if how == "repartition":
            shape0 = spec["shape"]
            whole = shape0 and 0 not in shape0 and shape0[0] > 1 and spec["dtype"] != "string"
            part = None if spec["part"] or not whole else ["fixed", 2]
        if how == "reshape" and spec["part"] is None:
            shape = [int(np.prod(spec["shape"]))]
        variables[spec["name"]] = _build_var(tf, spec, name, shape, part, zero=True)[0]
    keyed = {_key(program, n): v for n, v in variables.items()}
    if how == "subset" or how == "rename" or program["var_list"] == "dict":
        return variables, keyed
    return variables, list(variables.values()) if how != "restore" else None


def _restore(tf, program, d, prefix, how) -> dict:
    with tf.Graph().as_default():
        variables, var_list = _restore_vars(tf, program, how)
        fault = program.get("fault", [None])[0]
        if fault == "missing_var":
            extra = tf.get_variable("not_saved", initializer=tf.constant([1.0]))
            if not isinstance(var_list, dict):
                listed = var_list or variables.values()
                var_list = {v.op.name if hasattr(v, "op") else v.name: v for v in listed}
            var_list["not_saved"] = extra
        saver = tf.train.Saver(var_list, reshape=how == "reshape")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            saver.restore(sess, _fault_path(program, d, prefix))
            return _values(sess, variables)


def _init_from(tf, program, d, prefix, how) -> dict:
    with tf.Graph().as_default():
        variables = {}
        with tf.variable_scope("new"):
            for spec in program["vars"]:
                variables[spec["name"]] = _build_var(tf, spec, zero=True)[0]
        if how == "init_scope":
            mapping = {"renamed/" if program["var_list"] == "dict" else "/": "new/"}
        else:
            mapping = {_key(program, n): f"new/{n}" for n in variables}
        tf.train.init_from_checkpoint(prefix, mapping)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            return _values(sess, variables)


def _from_meta(tf, program, d, prefix) -> dict:
    scope = program["meta"]["import_scope"]
    with tf.Graph().as_default():
        saver = tf.train.import_meta_graph(
            prefix + ".meta", clear_devices=program["meta"]["clear_devices"], import_scope=scope
        )
        found = {v.op.name: v for v in tf.global_variables()}
        names = sorted(found)
        with tf.Session() as sess:
            saver.restore(sess, prefix)
            got = {n: encode(sess.run(found[n])) for n in names}
    return {"variables": names, "values": got}


def _fault_path(program, d, prefix):
    fault = program.get("fault", [None])[0]
    return {"dir_path": d, "missing_path": d + "/nope"}.get(fault, prefix)


def _damage(program, d, prefix) -> None:
    """Apply the program's fault to the files in `d`."""
    fault, draw = program.get("fault", [None, 0])
    data = sorted(f for f in os.listdir(d) if ".data-" in f and f.startswith("model.ckpt"))
    target = {"truncate_data": data[-1:], "flip_data": data[-1:], "delete_data": data[-1:]}.get(
        fault, [os.path.basename(prefix) + ".index"]
    )
    if fault not in DAMAGES:
        return
    path = os.path.join(d, target[0])
    if fault == "delete_data":
        os.remove(path)
        return
    with open(path, "rb") as fh:
        blob = bytearray(fh.read())
    if fault.startswith("truncate"):
        blob = blob[: draw % max(len(blob), 1)]
    elif fault == "empty_index":
        blob = bytearray()
    elif blob:
        blob[draw % len(blob)] ^= 1 << (draw >> 8) % 8
    with open(path, "wb") as fh:
        fh.write(bytes(blob))


def read(tf, program: dict, d: str, paths: list) -> dict:
    """What reading the checkpoint in `d` (the program's last save) gives."""
    prefix = os.path.join(d, paths[-1])
    how = program["read"]
    fault = program.get("fault", [None])[0]
    out = {}
    if fault is None:
        out["inspect"] = _inspect(tf, program, d, prefix)
    _damage(program, d, prefix)
    if fault == "reader_missing":
        tf.train.NewCheckpointReader(d + "/nope")
    if fault == "load_missing":
        tf.train.load_variable(prefix, "nope")
    if fault in ("init_missing", "init_shape", "init_dtype"):
        program = json.loads(json.dumps(program))
        spec = program["vars"][0]
        if fault == "init_missing":
            spec["name"] += "_gone"
        elif fault == "init_dtype":  # int8 where the checkpoint has another dtype
            other = "int8" if spec["dtype"] != "int8" else "int16"
            spec["value"] = encode(np.zeros(spec["shape"], other))
            spec["dtype"], spec["part"] = other, None
        else:
            spec["shape"] = spec["shape"] + [2]
            spec["value"] = encode(np.zeros(spec["shape"], "float32"))
            spec["dtype"], spec["part"] = "float32", None
        how = "init_names"
    if fault in ("shape", "dtype", "reshape_numel"):
        program = json.loads(json.dumps(program))
        spec = program["vars"][-1]
        spec["part"] = None
        if fault == "dtype":
            spec["dtype"] = "int32" if spec["dtype"] != "int32" else "float32"
            shape = spec["shape"]
        elif fault == "shape":
            shape = spec["shape"] + [3]
        else:  # as many elements and one more
            shape = [int(np.prod(spec["shape"])) + 1]
        if spec["dtype"] == "string":
            spec["dtype"] = "float32"
        spec["value"] = encode(np.zeros(shape, spec["dtype"]))
        spec["shape"] = shape
        how = "reshape" if fault == "reshape_numel" else how
    if how == "meta":
        out["meta"] = _from_meta(tf, program, d, prefix)
    elif how.startswith("init"):
        out["values"] = _init_from(tf, program, d, prefix, how)
    else:
        out["values"] = _restore(tf, program, d, prefix, how)
    return out


def _message(exc) -> str:
    text = (getattr(exc, "message", None) or str(exc)).strip().split("\n")[0]
    return text[:300]


def observe(
    tf, program: dict, classes=lambda e: type(e).__name__, saver_kwargs=None, files=None
) -> dict:
    """The write phase's observation (unless `files` gives its files) and the read phase's
    over its files, in fresh temporary directories."""
    out = {}
    with tempfile.TemporaryDirectory() as d:
        if files is None:
            try:
                out["write"] = write(tf, program, d, saver_kwargs or {})
            except Exception as exc:  # the class is what is recorded
                return {"write": {"error": [classes(exc), _message(exc)]}}
            files, paths = out["write"]["files"], out["write"]["paths"]
        else:
            paths = files["paths"]
            files = files["files"]
    with tempfile.TemporaryDirectory() as d:
        put_files(files, d)
        try:
            out["read"] = read(tf, program, d, paths)
        except Exception as exc:
            out["read"] = {"error": [classes(exc), _message(exc).replace(d, "<d>")]}
    return out


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    recorded = {}
    for name, program in programs().items():
        recorded[name] = {**program, "tf": observe(tf, program)}
    fixture = {"tensorflow": tf.__version__, "programs": recorded}
    json.dump(fixture, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
