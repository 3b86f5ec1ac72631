"""Differential fuzzing of graphgate's TF import (dev-only): random TF1 programs, drawn by
the other fuzzers (tf1_fuzzdiff, tf1_fuzznn, tf1_fuzzshape, tf1_fuzzimg, tf1_fuzzgrad,
tf1_fuzzflow), are built in TensorFlow, serialized as TF writes them and read back by TF
itself, plus hand-made invalid GraphDefs:

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf_fuzzimport.py \\
        > tests/unit/engine/fixtures/tf_fuzzimport.json

Each program is serialized one way, drawn from a generator seeded by its name: a GraphDef
(`graph.pb`), a frozen GraphDef (`convert_variables_to_constants`), a `.meta` and a V2
checkpoint (`Saver.save`), or a SavedModel (`simple_save`, tag `serve`); with or without
`_output_shapes`, default-valued attributes stripped (as `strip_default_attrs=True`
writes them) or kept, under a `tf.device` (CPU, in each spelling) or a `colocate_with`
(`_class` attributes), with ref or resource variables, control flow v1
(`Switch`/`Merge`/`Enter`/`Exit` frames) or v2 (`If`/`While` and their stateless forms
over a function library). The fixture holds the files
(base64), the feeds and fetches by tensor name, how floats compare (`tol`) and what TF
gave after importing those very bytes: each fetch's dtype, shape and bits per run, or
the stage ("import" or "run"), class and first line of what it raised. Where grappler's
rewrites change TF's bits, what the graph as written computes is kept beside it
(`tf_as_written`); either is TF's answer. tests/unit/engine/test_tf_fuzzimport.py
replays them on graphgate (no TF needed).
"""

from __future__ import annotations

import base64
import copy
import json
import os
import sys
import tempfile
import zlib
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import fuzzkit
import fuzzseed
import tf1_fuzzdiff as fuzzdiff
import tf1_fuzzflow as fuzzflow
import tf1_fuzzgrad as fuzzgrad
import tf1_fuzzimg as fuzzimg
import tf1_fuzznn as fuzznn
import tf1_fuzzshape as fuzzshape

encode, decode = fuzzimg.encode, fuzzimg.decode  # fuzzdiff's bits, strings as latin-1

# How many programs each source gives (a seeded sample of what it draws, its invalid
# programs left out: those fail before there is a graph to serialize).
SAMPLE = {"diff": 110, "nn": 60, "shape": 70, "img": 70, "grad": 50, "flow": 90}

DEVICES = ("/cpu:0", "/device:CPU:0", "/job:localhost/replica:0/task:0/device:CPU:0")


# -- the sources ---------------------------------------------------------------------------


def _fuzzkit_tol(program: dict) -> str:
    if "tol" in program:
        return program["tol"]
    return "ulps:4" if fuzzdiff.approximate(program) else "exact"


def _build_kit(module):
    def build(tf, program):
        if "graph_seed" in program:
            tf.set_random_seed(program["graph_seed"])
        ys, feed = module.build(tf, program)
        return {"fetch": ys, "feed": feed}

    return build


def _build_grad(tf, program):
    ys, feed, train, steps = fuzzgrad.build(tf, program)
    return {"fetch": ys, "feed": feed, "train": train, "steps": steps}


def _build_flow(tf, program):
    scope = {"tf": tf, "np": np, "X": fuzzflow.decode_all(program)}
    scope.update(collections=fuzzflow.collections, fetch=[], feed={}, after=[])
    exec(program["code"], scope)
    fetch = [y if y is None or hasattr(y, "dtype") else None for y in scope["fetch"]]
    return {"fetch": fetch, "feed": scope["feed"], "after": scope["after"]}


SOURCES = {
    "diff": (fuzzdiff.programs, _build_kit(fuzzdiff), _fuzzkit_tol),
    "nn": (fuzznn.programs, _build_kit(fuzznn), _fuzzkit_tol),
    "shape": (fuzzshape.programs, _build_kit(fuzzshape), _fuzzkit_tol),
    "img": (fuzzimg.programs, _build_kit(fuzzimg), _fuzzkit_tol),
    "grad": (fuzzgrad.programs, _build_grad, lambda p: "exact" if fuzzgrad.exact(p) else "ulps:4"),
    "flow": (fuzzflow.programs, _build_flow, lambda p: "exact" if p["exact"] else "ulps:4"),
}


FIXTURES = Path(__file__).parents[1] / "unit" / "engine" / "fixtures"
# Families a source fuzzer gained after this fuzzer's sample was drawn: left out, so that
# the sample (and the recorded fixture) stays what it was.
LATER_FAMILIES = {"grad": ("empty",), "shape": ("broadcasts", "integers")}


def _eligible(program: dict, seen: dict) -> bool:
    """Whether TF built the program when its own fuzzer recorded it (what fails to build
    leaves no graph); decompositions' signs and phases are LAPACK's choice (fuzzshape's
    "defined"), left out."""
    built = seen.get("tf", {}).get("error", ["run"])[0] != "build"
    return built and "gist" not in program and "defined" not in program


def sources() -> dict:
    """{name: (source, source's program)}: each source's seeded sample."""
    out = {}
    for source, (draw, _, _) in SOURCES.items():
        fixture = json.loads((FIXTURES / f"tf1_fuzz{source}.json").read_text())["programs"]
        later = tuple(f"{family}." for family in LATER_FAMILIES.get(source, ()))
        drawn = {
            n: p
            for n, p in draw().items()
            if _eligible(p, fixture.get(n, {})) and not n.startswith(later)
        }
        rng = np.random.default_rng(fuzzseed.seed(f"fuzzimport.{source}"))
        names = sorted(drawn)
        for i in sorted(rng.choice(len(names), SAMPLE[source], replace=False)):
            out[f"{source}.{names[i]}"] = (source, drawn[names[i]])
    return out


def variant(name: str, source: str) -> dict:
    """How program `name` is serialized (drawn from a generator seeded by its name)."""
    rng = np.random.default_rng(fuzzseed.seed(f"fuzzimport.variant.{name}"))
    r = rng.random(8)
    return {
        "shapes": bool(r[0] < 0.3),
        "strip": bool(r[1] < 0.35),
        "device": DEVICES[int(r[2] * 10)] if r[2] < 0.3 else None,
        "colocate": bool(r[3] < 0.15),
        "resource": bool(r[4] < 0.3),
        "cf_v2": bool(r[5] < 0.5) if source in ("flow", "grad") else False,
        "freeze": bool(r[6] < 0.5),  # where there are variables: frozen, else .meta
        # A SavedModel (simple_save) where the program is fed and runs once.
        "saved": bool(r[7] < 0.2),
    }


# -- serializing ---------------------------------------------------------------------------


def _strip_defaults(graph_def) -> None:
    """Drop each attribute holding its OpDef's default, as `strip_default_attrs` does."""
    from tensorflow.python.framework import op_def_registry

    def strip(nodes):
        for node in nodes:
            op_def = op_def_registry.get(node.op)
            if op_def is None:
                continue
            for attr in op_def.attr:
                held = node.attr.get(attr.name) if attr.HasField("default_value") else None
                if held is not None and held == attr.default_value:
                    del node.attr[attr.name]

    strip(graph_def.node)
    for function in graph_def.library.function:
        strip(function.node_def)


def _b64(data: bytes) -> str:
    """A file's bytes, deflated (GraphDefs repeat their names and attributes) and base64."""
    return base64.b64encode(zlib.compress(data, 9)).decode("ascii")


def unpack(text: str) -> bytes:
    """The file's bytes `_b64` packed."""
    return zlib.decompress(base64.b64decode(text))


def _graph_files(tf, sess, graph, built, v) -> tuple[str, dict]:
    """The program's format and files."""
    graph_def = graph.as_graph_def(add_shapes=v["shapes"])
    variables = tf.global_variables()
    once = built.get("train") is None and not built.get("after")
    if v["saved"] and once and built["feed"]:
        return "saved_model", _saved_model_files(tf, sess, built)
    if variables and (not once or not v["freeze"]):
        return "meta", _meta_files(tf, sess, v)
    if variables:
        sess.run(tf.global_variables_initializer())
        # The placeholders too: a fetch that does not read them would prune them.
        keep = sorted({y.op.name for y in [*built["fetch"], *built["feed"]] if y is not None})
        graph_def = tf.graph_util.convert_variables_to_constants(sess, graph_def, keep)
        form = "frozen"
    else:
        form = "graph_def"
    if v["strip"]:
        _strip_defaults(graph_def)
    return form, {"graph.pb": _b64(graph_def.SerializeToString())}


def _saved_model_files(tf, sess, built) -> dict:
    """simple_save's SavedModel (tag `serve`): the feeds its inputs, the fetches its
    outputs, by position."""
    sess.run(tf.global_variables_initializer())
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp, "export")
        inputs = {f"in{i}": x for i, x in enumerate(built["feed"])}
        outputs = {f"out{i}": y for i, y in enumerate(y for y in built["fetch"] if y is not None)}
        tf.saved_model.simple_save(sess, str(export), inputs, outputs)
        return {
            str(f.relative_to(export)): _b64(f.read_bytes())
            for f in sorted(export.rglob("*"))
            if f.is_file()
        }


def _meta_files(tf, sess, v) -> dict:
    sess.run(tf.global_variables_initializer())
    with tempfile.TemporaryDirectory() as tmp:
        saver = tf.train.Saver()
        saver.save(sess, os.path.join(tmp, "model"), strip_default_attrs=v["strip"])
        return {
            f: _b64(Path(tmp, f).read_bytes())
            for f in sorted(os.listdir(tmp))
            if f.startswith("model.")
        }


# -- running what was written, in TF -------------------------------------------------------


def _class_name(exc: Exception) -> str:
    return type(exc).__name__


def _first_line(exc: Exception) -> str:
    """What TF says (its kernel's words for a run-time error), not its traceback."""
    return fuzzkit.message(exc, {"gist": True})


def load(tf, form: str, files: dict, tmp: str):
    """Import the files into the default graph; a callable restoring into a session
    (a SavedModel's loader imports there too)."""
    if form == "saved_model":
        for f, data in files.items():
            Path(tmp, f).parent.mkdir(parents=True, exist_ok=True)
            Path(tmp, f).write_bytes(unpack(data))
        return lambda sess: tf.saved_model.loader.load(sess, ["serve"], tmp)
    if form == "meta":
        for f, data in files.items():
            Path(tmp, f).write_bytes(unpack(data))
        saver = tf.train.import_meta_graph(os.path.join(tmp, "model.meta"))
        return lambda sess: saver.restore(sess, os.path.join(tmp, "model"))
    graph_def = tf.GraphDef.FromString(unpack(files["graph.pb"]))
    tf.import_graph_def(graph_def, name="")
    return lambda sess: None


def run_files(tf, record: dict, config=None) -> dict:
    """What TF computes for the recorded files: {"outputs": [[...] per run]} or
    {"error": [stage, class, message]}."""
    feed = {k: decode(s) for k, s in record["feeds"].items()}
    with tf.Graph().as_default(), tempfile.TemporaryDirectory() as tmp:
        try:
            restore = load(tf, record["format"], record["files"], tmp)
        except Exception as exc:  # the class is what is recorded
            return {"error": ["import", _class_name(exc), _first_line(exc)]}
        with tf.Session(config=config) as sess:
            try:
                restore(sess)
            except Exception as exc:
                return {"error": ["import", _class_name(exc), _first_line(exc)]}
            try:
                runs = []
                for _ in range(record["steps"]):
                    sess.run(record["train"], feed)
                    runs.append(sess.run(record["fetches"], feed))
                if not record["steps"]:
                    runs.append(sess.run(record["fetches"], feed))
                if record["after"]:
                    runs.append(sess.run(record["after"], feed))
            except Exception as exc:
                return {"error": ["run", _class_name(exc), _first_line(exc)]}
    return {"outputs": [[encode(v) for v in run] for run in runs]}


# -- recording a program -------------------------------------------------------------------


def _magnitude_program(program: dict) -> dict:
    """The program on |inputs| (a multilinear program's Σ|terms|, fuzzshape's bound)."""
    absolute = copy.deepcopy(program)
    absolute["inputs"] = []
    for spec in program["inputs"]:
        x = decode(spec)
        absolute["inputs"].append(encode(np.abs(x).astype(x.dtype) if x.dtype.kind in "fc" else x))
    return absolute


def _set_modes(tf, v) -> None:
    from tensorflow.python.ops import control_flow_util, variable_scope

    if v["cf_v2"]:
        tf.enable_control_flow_v2()
    else:
        control_flow_util.ENABLE_CONTROL_FLOW_V2 = False
    variable_scope._DEFAULT_USE_RESOURCE = v["resource"]


def _built(tf, build, program, v):
    anchor = tf.constant(0.0, name="anchor") if v["colocate"] else None
    with tf.device(v["device"]) if v["device"] else _nothing():
        if anchor is None:
            return build(tf, program)
        with tf.colocate_with(anchor):
            return build(tf, program)


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def serialize(tf, name: str, source: str, program: dict) -> dict | None:
    """The program written as TF writes it (None: TF cannot build it)."""
    _, build, tol = SOURCES[source]
    v = variant(name, source)
    _set_modes(tf, v)
    with tf.Graph().as_default() as graph:
        try:
            built = _built(tf, build, program, v)
        except Exception:  # a program TF refuses to build leaves nothing to import
            return None
        fetch = [y for y in built["fetch"] if y is not None]
        if not fetch:
            return None
        with tf.Session() as sess:
            try:
                form, files = _graph_files(tf, sess, graph, built, v)
            except Exception as exc:
                sys.stderr.write(f"{name}: not serialized: {type(exc).__name__} {exc}\n"[:300])
                return None
        train = built.get("train")
        return {
            "source": source,
            "variant": v,
            "format": form,
            "files": files,
            "feeds": {x.name: encode(value) for x, value in built["feed"].items()},
            "fetches": [y.name for y in fetch],
            "after": [y.name for y in built.get("after", []) if hasattr(y, "dtype")],
            "train": None if train is None else train.name,
            "steps": built.get("steps", 0),
            "tol": tol(program),
            "op": program.get("op"),
        }


def record_program(tf, name, source, program, as_written) -> dict | None:
    record = serialize(tf, name, source, program)
    if record is None:
        return None
    record["tf"] = run_files(tf, record)
    plain = run_files(tf, record, config=as_written)
    if plain != record["tf"]:
        record["tf_as_written"] = plain
    if record["tol"] == "linear" and "outputs" in record["tf"]:
        absolute = serialize(tf, name, source, _magnitude_program(program))
        seen = run_files(tf, absolute) if absolute else {}
        if "outputs" in seen:
            record["magnitude"] = seen["outputs"]
    return record


# -- invalid GraphDefs --------------------------------------------------------------------
# Each is a small valid graph (x: float32 [2, 3] fed, `result` fetched) changed one way;
# TF's import_graph_def (or its run) refuses most. The class TF raises is recorded.

X = np.array([[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0]], np.float32)


def _base(tf):
    with tf.Graph().as_default() as graph:
        x = tf.placeholder(tf.float32, [2, 3], name="x")
        w = tf.constant(np.arange(6, dtype=np.float32).reshape(3, 2) - 2, name="w")
        m = tf.matmul(x, w, name="m")
        s = tf.add(m, tf.constant([1.0, 2.0], name="b"), name="s")
        r = tf.nn.relu(s, name="r")
        tf.reduce_sum(r, axis=1, name="result")
    return graph.as_graph_def()


def _node(gd, name):
    return next(n for n in gd.node if n.name == name)


def _add_node(gd, name, op, inputs=(), **attrs):
    node = gd.node.add(name=name, op=op)
    node.input.extend(inputs)
    for key, value in attrs.items():
        node.attr[key].CopyFrom(value)
    return node


def _attr(tf, **kw):
    return tf.AttrValue(**kw)


def _mutations(tf):
    F, INT = tf.float32.as_datatype_enum, tf.int32.as_datatype_enum
    A = lambda **kw: _attr(tf, **kw)  # noqa: E731

    def inputs(name, *new):
        def mutate(gd):
            del _node(gd, name).input[:]
            _node(gd, name).input.extend(new)

        return mutate

    def attr(name, key, value):
        def mutate(gd):
            _node(gd, name).attr[key].CopyFrom(value)

        return mutate

    def drop_attr(name, key):
        return lambda gd: _node(gd, name).attr.pop(key)

    def op(name, new):
        def mutate(gd):
            _node(gd, name).op = new

        return mutate

    def rename(old, new):
        def mutate(gd):
            _node(gd, old).name = new

        return mutate

    def extra(name, op_, ins=(), **attrs):
        return lambda gd: _add_node(gd, name, op_, ins, **attrs)

    def both(*fs):
        def mutate(gd):
            for f in fs:
                f(gd)

        return mutate

    return {
        "missing_input": inputs("s", "m", "nope"),
        "missing_output_index": inputs("s", "m:3", "b"),
        "negative_output_index": inputs("s", "m:-1", "b"),
        "bad_index_syntax": inputs("s", "m:x", "b"),
        "empty_input": inputs("s", "m", ""),
        "cycle_two": both(inputs("m", "x", "r"), inputs("r", "m")),
        "cycle_self": inputs("r", "r"),
        "cycle_through_identity": both(
            extra("loop_a", "Identity", ["loop_b"], T=A(type=F)),
            extra("loop_b", "Identity", ["loop_a"], T=A(type=F)),
            inputs("r", "s", "^loop_a"),
        ),
        "unknown_op": op("r", "NoSuchOp"),
        "unknown_op_unused": extra("spare", "NoSuchOp", ["x"]),
        "missing_control_input": inputs("r", "s", "^nope"),
        "control_before_data": inputs("s", "^x", "m", "b"),
        "control_with_index": inputs("r", "s", "^m:0"),
        "duplicate_name": extra("r", "Identity", ["s"], T=A(type=F)),
        "too_many_inputs": inputs("s", "m", "b", "b"),
        "too_few_inputs": inputs("s", "m"),
        "attr_type_as_int": attr("s", "T", A(i=1)),
        "attr_type_wrong": attr("r", "T", A(type=INT)),
        "attr_type_not_allowed": attr("r", "T", A(type=tf.string.as_datatype_enum)),
        "attr_unknown_dtype_enum": attr("r", "T", A(type=99)),
        "attr_missing_required": drop_attr("s", "T"),
        "attr_missing_dtype_placeholder": drop_attr("x", "dtype"),
        "attr_unknown_extra": attr("r", "bogus", A(i=1)),
        "attr_bool_as_string": attr("m", "transpose_a", A(s=b"yes")),
        "attr_keep_dims_as_int": attr("result", "keep_dims", A(i=1)),
        "const_missing_value": drop_attr("w", "value"),
        "const_dtype_mismatch": attr("w", "dtype", A(type=INT)),
        "const_short_content": lambda gd: setattr(
            _node(gd, "w").attr["value"].tensor, "tensor_content", b"\0" * 20
        ),
        "matmul_inner_mismatch": attr("m", "transpose_a", A(b=True)),
        "placeholder_shape_fed_wrong": attr(
            "x", "shape", A(shape=tf.TensorShape([3, 2]).as_proto())
        ),
        "reduction_axis_out_of_range": lambda gd: (
            _node(gd, "result/reduction_indices").attr["value"].tensor.int_val.__setitem__(0, 5)
        ),
        "conv_bad_data_format": both(
            extra("img", "Reshape", ["x", "img/shape"], T=A(type=F), Tshape=A(type=INT)),
            extra(
                "img/shape",
                "Const",
                dtype=A(type=INT),
                value=A(tensor=tf.make_tensor_proto(np.array([1, 2, 3, 1], np.int32))),
            ),
            extra(
                "conv",
                "Conv2D",
                ["img", "img/filter"],
                T=A(type=F),
                strides=A(list=tf.AttrValue.ListValue(i=[1, 1, 1, 1])),
                padding=A(s=b"SAME"),
                data_format=A(s=b"NCWH"),
            ),
            extra(
                "img/filter",
                "Const",
                dtype=A(type=F),
                value=A(tensor=tf.make_tensor_proto(np.ones([1, 1, 1, 1], np.float32))),
            ),
            inputs("r", "s", "^conv"),
        ),
        "conv_bad_padding": both(
            extra("img", "Reshape", ["x", "img/shape"], T=A(type=F), Tshape=A(type=INT)),
            extra(
                "img/shape",
                "Const",
                dtype=A(type=INT),
                value=A(tensor=tf.make_tensor_proto(np.array([1, 2, 3, 1], np.int32))),
            ),
            extra(
                "conv",
                "Conv2D",
                ["img", "img/filter"],
                T=A(type=F),
                strides=A(list=tf.AttrValue.ListValue(i=[1, 1, 1, 1])),
                padding=A(s=b"FOO"),
            ),
            extra(
                "img/filter",
                "Const",
                dtype=A(type=F),
                value=A(tensor=tf.make_tensor_proto(np.ones([1, 1, 1, 1], np.float32))),
            ),
            inputs("r", "s", "^conv"),
        ),
        "reshape_wrong_size": both(
            extra("rs", "Reshape", ["x", "rs/shape"], T=A(type=F), Tshape=A(type=INT)),
            extra(
                "rs/shape",
                "Const",
                dtype=A(type=INT),
                value=A(tensor=tf.make_tensor_proto(np.array([4], np.int32))),
            ),
            inputs("r", "s", "^rs"),
        ),
        "concat_n_mismatch": both(
            extra("cat", "ConcatV2", ["x", "x", "cat/axis"], T=A(type=F), N=A(i=3)),
            extra(
                "cat/axis",
                "Const",
                dtype=A(type=INT),
                value=A(tensor=tf.make_tensor_proto(np.int32(0))),
            ),
            inputs("r", "s", "^cat"),
        ),
        "switch_float_pred": both(
            extra("sw", "Switch", ["s", "x"], T=A(type=F)),
            inputs("r", "sw:1"),
        ),
        "merge_without_inputs": both(
            extra("mg", "Merge", [], T=A(type=F), N=A(i=0)),
            inputs("r", "mg"),
        ),
        "next_iteration_outside_loop": both(
            extra("nx", "NextIteration", ["s"], T=A(type=F)),
            inputs("r", "nx"),
        ),
        "enter_without_frame": both(
            extra("en", "Enter", ["s"], T=A(type=F)),
            extra("ex", "Exit", ["en"], T=A(type=F)),
            inputs("r", "ex"),
        ),
        "call_missing_function": both(
            extra(
                "call",
                "PartitionedCall",
                ["s"],
                Tin=A(list=tf.AttrValue.ListValue(type=[F])),
                Tout=A(list=tf.AttrValue.ListValue(type=[F])),
                f=A(func=tf.NameAttrList(name="no_such_function")),
            ),
            inputs("r", "call"),
        ),
        "if_missing_branch": both(
            extra(
                "pred",
                "Const",
                dtype=A(type=tf.bool.as_datatype_enum),
                value=A(tensor=tf.make_tensor_proto(True)),
            ),
            extra(
                "if",
                "StatelessIf",
                ["pred", "s"],
                Tcond=A(type=tf.bool.as_datatype_enum),
                Tin=A(list=tf.AttrValue.ListValue(type=[F])),
                Tout=A(list=tf.AttrValue.ListValue(type=[F])),
                then_branch=A(func=tf.NameAttrList(name="no_then")),
                else_branch=A(func=tf.NameAttrList(name="no_else")),
            ),
            inputs("r", "if"),
        ),
        "min_consumer_too_new": lambda gd: setattr(gd.versions, "min_consumer", 100000),
        "bad_consumer_listed": lambda gd: gd.versions.bad_consumers.append(gd.versions.producer),
        "node_name_with_space": both(
            rename("r", "r r"), inputs("result", "r r", "result/reduction_indices")
        ),
        "node_name_empty": both(rename("r", ""), inputs("result", "", "result/reduction_indices")),
        "placeholder_unknown_rank": attr("x", "shape", A(shape=tf.TensorShape(None).as_proto())),
        "placeholder_dims_unknown": attr(
            "x", "shape", A(shape=tf.TensorShape([None, 3]).as_proto())
        ),
        "identity_n_mismatch": both(
            extra("idn", "IdentityN", ["s", "x"], T=A(list=tf.AttrValue.ListValue(type=[F]))),
            inputs("r", "idn"),
        ),
        "input_names_later_node": lambda gd: gd.node.sort(key=lambda n: n.name, reverse=True),
    }


def invalid_records(tf) -> dict:
    """Each mutation of the base graph as a record (TF's answer added by the caller)."""
    out = {}
    for name, mutate in _mutations(tf).items():
        graph_def = _base(tf)
        mutate(graph_def)
        out[name] = {
            "source": "invalid",
            "variant": {},
            "format": "graph_def",
            "files": {"graph.pb": _b64(graph_def.SerializeToString())},
            "feeds": {"x:0": encode(X)},
            "fetches": ["result:0"],
            "after": [],
            "train": None,
            "steps": 0,
            "tol": "exact",
        }
    return out


def main() -> None:
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # tf.nn.rnn_cell is tf_keras's
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    tf.logging.set_verbosity(tf.logging.ERROR)
    as_written = tf.ConfigProto()
    as_written.graph_options.rewrite_options.disable_meta_optimizer = True
    recorded = {}
    for name, (source, program) in sources().items():
        with np.errstate(all="ignore"):
            record = record_program(tf, name, source, program, as_written)
        if record is not None:
            recorded[name] = record
    _set_modes(tf, variant("", ""))
    for name, record in invalid_records(tf).items():
        record["tf"] = run_files(tf, record)
        recorded[f"invalid.{name}"] = record
    json.dump(
        {"tensorflow": tf.__version__, "programs": recorded}, sys.stdout, separators=(",", ":")
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
