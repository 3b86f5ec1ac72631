"""Differential fuzzing of TF1's Session API against TensorFlow (dev-only): drawn sequences
of session calls over small drawn graphs, with fixed seeds:

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf1_fuzzsess.py \\
        > tests/unit/engine/fixtures/tf1_fuzzsess.json

Every program builds one "world" graph (placeholders of two dtypes, a placeholder with a
default, constants, intermediate tensors, two variables with an update, a control
dependency and a group, a seeded random op, a sparse placeholder and a constant
SparseTensor, a gather's IndexedSlices gradient, a one-shot iterator, a queue), parts of it
left out by the draw, and then makes 3 to 8 drawn calls: `sess.run` of nested fetch
structures (lists, tuples, namedtuples, dicts, attrs-like classes, names, operations,
variables, sparse values, the same tensor twice) with drawn feeds (placeholders or any
other tensor, Python scalars, lists and numpy arrays of other dtypes, wrong shapes, names
as keys, sparse values as tuples), `Tensor.eval`, `Operation.run`, `make_callable`,
default sessions (`as_default`, nested, `InteractiveSession`), a second session, a closed
session, a tensor of another graph, and the runs that must fail (uninitialized variables,
an exhausted iterator, a closed queue, a missing file, a failed assertion, unknown names).

A program is TF1 code as text, run with `tf` bound to `tensorflow.compat.v1` here and to
graphgate in tests/unit/engine/test_tf1_fuzzsess.py; each call is `obs(label, thunk)`,
which records the encoded value (its structure and types, arrays as `tf1_fuzzdiff`'s bit
patterns) or what was raised: the class names, which of the world's node names the message
holds, and for a `tf.errors.OpError` the name of its `op`. TF runs each program three
times (fresh graphs); a call whose observation differs between them is recorded as racy
(TF's executor decides its order) and not compared.
"""

from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import fuzzseed
import tf1_fuzzdiff as fuzz

encode = fuzz.encode

# The world's node names: distinct words, so a message names one only where it means it.
NAMES = (
    "feed_f",
    "feed_i",
    "with_default",
    "konst",
    "mid",
    "total",
    "scaled",
    "count",
    "var_f",
    "var_i",
    "bump",
    "after",
    "bump_all",
    "rand",
    "rand2",
    "sp_in",
    "sp_sum",
    "table",
    "picked",
    "nxt",
    "queue",
    "check",
    "alien",
    "missing",
)

# -- what a call observed --------------------------------------------------------------------


def encode_value(value) -> object:
    """A fetched structure as JSON: containers by kind, leaves by type and bits."""
    kind = type(value).__name__
    if value is None:
        return None
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "OSU":
            return {"nd": {"dtype": "bytes", "items": [str(v) for v in value.ravel()]}}
        return {"nd": encode(value)}
    if isinstance(value, np.generic):
        if isinstance(value, np.bytes_ | bytes):
            return {"bytes": value.decode("latin-1")}
        return {"np": encode(value)}
    if isinstance(value, bytes):
        return {"bytes": value.decode("latin-1")}
    if isinstance(value, bool | int | float | str):
        return {"py": kind, "value": value}
    if kind in ("SparseTensorValue", "IndexedSlicesValue"):
        return {kind: [encode_value(v) for v in value]}
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return {"namedtuple": kind, "items": [encode_value(v) for v in value]}
    if isinstance(value, tuple):
        return {"tuple": [encode_value(v) for v in value]}
    if isinstance(value, list):
        return {"list": [encode_value(v) for v in value]}
    if isinstance(value, dict):
        return {kind: [[k, encode_value(v)] for k, v in value.items()]}
    if hasattr(type(value), "__attrs_attrs__"):
        return {
            "attrs": kind,
            "items": [encode_value(getattr(value, a.name)) for a in type(value).__attrs_attrs__],
        }
    return {"other": kind}


def error_names(exc: Exception) -> list[str]:
    """Which of the world's node names what `exc` says holds (its message, and `str()`,
    where graphgate's errors name their node)."""
    text = f"{getattr(exc, 'message', '')} {exc}"
    return [n for n in NAMES if re.search(rf"(?<![\w/]){n}(?![\w/])", text)]


def encode_error(tf, exc: Exception) -> dict:
    """What was raised: its class names (TF's, then the builtins it derives from), the node
    names its message holds, and an OpError's `op` (its name) where it carries one."""
    classes = [
        c.__name__
        for c in type(exc).__mro__
        if (c.__module__ == "builtins" or getattr(tf.errors, c.__name__, None) is c)
        and c not in (Exception, BaseException, object)
    ]
    seen = {"error": classes, "names": error_names(exc)}
    if isinstance(exc, tf.errors.OpError):
        op = getattr(exc, "op", None)
        seen["op"] = None if op is None else op.name
    return seen


def observe(tf, program: dict) -> list:
    """What each of the program's calls observed, in order."""
    seen: list = []

    def obs(label, thunk):
        try:
            value = thunk()
        except Exception as exc:  # what was raised is what is recorded
            seen.append([label, encode_error(tf, exc)])
            return None
        seen.append([label, {"value": encode_value(value)}])
        return value

    scope = {"tf": tf, "np": np, "obs": obs, "collections": collections}
    try:
        with np.errstate(all="ignore"):
            exec(program["code"], scope)
    except Exception as exc:  # a call outside `obs` failed: the program stops there
        seen.append(["aborted", encode_error(tf, exc)])
    return seen


# -- drawing programs ------------------------------------------------------------------------


def _pick(rng, options):
    return options[int(rng.integers(0, len(options)))]


def _floats(rng, shape) -> str:
    """A float literal of `shape` (quarters: exact in float32)."""
    values = np.round(rng.uniform(-3, 3, int(np.prod(shape, dtype=int))) * 4) / 4
    return repr(values.reshape(shape).tolist())


# The fed placeholder's static shape and a value shape that fits it (mid adds konst [3]).
_FEED_SHAPES = {
    "[None, 3]": [(2, 3), (1, 3), (0, 3)],
    "[2, 3]": [(2, 3)],
    "[None, None]": [(2, 3), (1, 3)],
    "[3]": [(3,)],
    "None": [(2, 3), (3,)],
    "[]": [()],
}
_WRONG_SHAPES = {
    "[None, 3]": [(3,), (2, 2), ()],
    "[2, 3]": [(3, 2), (1, 3), (6,)],
    "[None, None]": [(3,), ()],
    "[3]": [(2,), (1, 3), ()],
    "None": [],
    "[]": [(1,), (3,)],
}


class World:
    """A drawn world graph: its code and what it holds."""

    def __init__(self, rng):
        self.rng = rng
        self.feed_shape = _pick(rng, tuple(_FEED_SHAPES))
        self.has = {
            "with_default": rng.random() < 0.8,
            "vars": rng.random() < 0.85,
            "rand": rng.random() < 0.6,
            "sparse": rng.random() < 0.5,
            "slices": rng.random() < 0.4,
            "nxt": rng.random() < 0.4,
            "queue": rng.random() < 0.25,
            "check": rng.random() < 0.25,
        }
        self.graph_seed = int(rng.integers(0, 100)) if rng.random() < 0.5 else None
        self.op_seed = int(rng.integers(0, 100)) if rng.random() < 0.6 else None
        self.default_shape = _pick(rng, ("[3]", "[None]", "None"))
        self.konst = _floats(rng, (3,))
        self.var0 = _floats(rng, (3,))
        self.inc = _floats(rng, (3,))
        self.n_elems = int(rng.integers(1, 4))

    def code(self) -> str:
        rng, has = self.rng, self.has
        lines = ["g = tf.Graph()", "with g.as_default():"]
        add = lines.append
        if self.graph_seed is not None:
            add(f"    tf.set_random_seed({self.graph_seed})")
        add(f'    feed_f = tf.placeholder(tf.float32, {self.feed_shape}, name="feed_f")')
        add('    feed_i = tf.placeholder(tf.int32, [None], name="feed_i")')
        add(f'    konst = tf.constant({self.konst}, tf.float32, name="konst")')
        add('    mid = tf.add(feed_f * 2.0, konst, name="mid")')
        add('    total = tf.reduce_sum(mid, name="total")')
        add('    count = tf.size(feed_i, name="count")')
        if has["with_default"]:
            default = _floats(rng, (3,))
            add(
                f"    with_default = tf.placeholder_with_default(tf.constant({default}), "
                f'{self.default_shape}, name="with_default")'
            )
            add('    scaled = tf.multiply(with_default, 0.5, name="scaled")')
        if has["vars"]:
            add(f'    var_f = tf.Variable({self.var0}, dtype=tf.float32, name="var_f")')
            add('    var_i = tf.Variable(3, name="var_i")')
            add(f'    bump = tf.assign_add(var_f, {self.inc}, name="bump")')
            add("    with tf.control_dependencies([bump]):")
            add('        after = tf.identity(var_f, name="after")')
            add('    bump_all = tf.group(bump, tf.assign_add(var_i, 1), name="bump_all")')
        if has["rand"]:
            seed = "" if self.op_seed is None else f", seed={self.op_seed}"
            add(f'    rand = tf.random_uniform([3]{seed}, name="rand")')
            add('    rand2 = tf.random_normal([2], name="rand2")')
        if has["sparse"]:
            add('    sp_in = tf.sparse_placeholder(tf.float32, shape=[2, 3], name="sp_in")')
            add('    sp_sum = tf.identity(tf.sparse_reduce_sum(sp_in), name="sp_sum")')
            add("    sp_const = tf.SparseTensor([[0, 1], [1, 2]], [1.5, -2.0], [2, 3])")
        if has["slices"]:
            add(f'    table = tf.Variable({_floats(rng, (4, 2))}, name="table")')
            idx = [int(i) for i in rng.integers(0, 4, int(rng.integers(1, 4)))]
            add(f'    picked = tf.gather(table, {idx}, name="picked")')
            add("    slices = tf.gradients(tf.reduce_sum(picked), table)[0]")
        if has["nxt"]:
            add(
                f"    nxt = tf.data.Dataset.range({self.n_elems})"
                '.make_one_shot_iterator().get_next(name="nxt")'
            )
        if has["queue"]:
            add('    queue = tf.FIFOQueue(100, tf.float32, shapes=[[]], name="queue")')
            add("    enq = queue.enqueue(1.5)")
            add("    deq = queue.dequeue()")
            add("    close_q = queue.close(cancel_pending_enqueues=True)")
        if has["check"]:
            add("    check = tf.Assert(tf.reduce_all(feed_i > 0), [feed_i], name='check')")
            add("    with tf.control_dependencies([check]):")
            add("        checked = tf.identity(count)")
        add('    missing = tf.read_file("/nonexistent/fuzzsess", name="missing")')
        add("    init = tf.global_variables_initializer()")
        add("    Pair = collections.namedtuple('Pair', 'first second')")
        return "\n".join(lines) + "\n"

    # -- values for feeds ----------------------------------------------------------------------
    def feed_value(self, shape=None, kind=None) -> str:
        """A literal value for feed_f: a fitting shape (or `shape`), of a drawn kind."""
        rng = self.rng
        if shape is None:
            shape = _pick(rng, _FEED_SHAPES[self.feed_shape])
        kind = kind or _pick(
            rng, ("list", "list", "f32", "f64", "i32", "i64", "ints", "bool", "f16")
        )
        values = _floats(rng, shape)
        if kind == "list":
            return values
        if kind == "ints":
            ints = rng.integers(-3, 4, shape).tolist()
            return repr(ints)
        if kind == "bool":
            return f"np.array({rng.integers(0, 2, shape).astype(bool).tolist()})"
        if kind in ("i32", "i64"):
            return f"np.array({rng.integers(-3, 4, shape).tolist()}, np.int{kind[1:]})"
        return f"np.array({values}, np.float{kind[1:]})"

    def int_value(self) -> str:
        rng = self.rng
        n = int(rng.integers(0, 4))
        kind = _pick(rng, ("list", "list", "i64", "f_int", "f_frac", "bool", "big", "str"))
        ints = rng.integers(-2, 5, n).tolist()
        return {
            "list": repr(ints),
            "i64": f"np.array({ints}, np.int64)",
            "f_int": repr([float(i) for i in ints]),
            "f_frac": repr([i + 0.5 for i in ints] or [0.5]),
            "bool": repr([bool(i % 2) for i in ints]),
            "big": "[2**40]",
            "str": "['1']",
        }[kind]


def _leaves(world: World) -> list[tuple[str, tuple[str, ...]]]:
    """(fetch expression, the feeds it needs) for the world's fetchable things."""
    has = world.has
    out = [
        ("mid", ("feed_f",)),
        ("'mid:0'", ("feed_f",)),
        ("total", ("feed_f",)),
        ("konst", ()),
        ("'konst:0'", ()),
        ("'konst'", ()),
        ("count", ("feed_i",)),
        ("mid.op", ("feed_f",)),
    ]
    if has["with_default"]:
        out += [("scaled", ()), ("with_default", ())]
    if has["vars"]:
        out += [
            ("var_f", ()),
            ("'var_f:0'", ()),
            ("var_i", ()),
            ("after", ()),
            ("bump", ()),
            ("bump_all", ()),
            ("var_f.read_value()", ()),
            ("init", ()),
        ]
    if has["rand"]:
        out += [("rand", ()), ("rand2", ())]
    if has["sparse"]:
        out += [("sp_const", ()), ("sp_sum", ("sp_in",)), ("sp_in", ("sp_in",))]
    if has["slices"]:
        out += [("slices", ()), ("picked", ())]
    if has["nxt"]:
        out += [("nxt", ())]
    if has["queue"]:
        out += [("enq", ())]
    if has["check"]:
        out += [("checked", ("feed_i",))]
    return out


def _structure(rng, leaves, depth=0) -> tuple[str, set]:
    """A drawn fetch structure over `leaves`: its text and the feeds it needs."""
    roll = rng.random()
    if depth >= 2 or roll < 0.45:
        expr, needs = _pick(rng, leaves)
        return expr, set(needs)
    n = int(rng.integers(0, 4)) if depth else int(rng.integers(1, 4))
    parts = [_structure(rng, leaves, depth + 1) for _ in range(n)]
    if parts and rng.random() < 0.2:
        parts.append(parts[0])  # the same fetch twice
    texts = [p[0] for p in parts]
    needs = set().union(*(p[1] for p in parts)) if parts else set()
    kind = _pick(rng, ("list", "tuple", "dict", "namedtuple", "attrs", "ordered"))
    if kind == "list":
        return "[" + ", ".join(texts) + "]", needs
    if kind == "tuple":
        return "(" + "".join(t + ", " for t in texts) + ")", needs
    if kind in ("namedtuple", "attrs") and len(texts) >= 2:
        cls = "Pair" if kind == "namedtuple" else "Attrs"
        return f"{cls}({texts[0]}, {texts[1]})", needs
    keys = [chr(ord("a") + i) for i in range(len(texts))]
    if kind == "ordered":
        pairs = ", ".join(f"({k!r}, {t})" for k, t in zip(keys, texts, strict=True))
        return f"collections.OrderedDict([{pairs}])", needs
    return "{" + ", ".join(f"{k!r}: {t}" for k, t in zip(keys, texts, strict=True)) + "}", needs


def _feed(world: World, needs: set, rng) -> str:
    """A feed dict for `needs`, sometimes missing one, sometimes keyed by name, sometimes
    feeding an intermediate or a default-holding placeholder instead."""
    items = []
    for need in sorted(needs):
        if rng.random() < 0.06:
            continue  # a missing feed
        key = need if rng.random() < 0.75 else f"'{need}:0'"
        if need == "feed_f":
            items.append(f"{key}: {world.feed_value()}")
        elif need == "feed_i":
            items.append(f"{key}: {world.int_value()}")
        elif need == "sp_in":
            items.append(f"{need}: {_sparse_value(rng)}")
    if world.has["with_default"] and rng.random() < 0.3:
        shape = _pick(rng, ((3,), (3,), (2,), (1, 3)))
        items.append(f"with_default: {_floats(rng, shape)}")
    if rng.random() < 0.15:
        items.append(f"konst: {_floats(rng, (3,))}")
    return "{" + ", ".join(items) + "}"


def _sparse_value(rng) -> str:
    indices, values, shape = "[[0, 0], [1, 1]]", _floats(rng, (2,)), "[2, 3]"
    kind = _pick(rng, ("tuple", "value", "value", "wrong_shape"))
    if kind == "tuple":
        return f"({indices}, {values}, {shape})"
    if kind == "wrong_shape":
        return f"tf.SparseTensorValue({indices}, {values}, [3, 3])"
    return f"tf.SparseTensorValue({indices}, {values}, {shape})"


ATTRS = """
class _Field:
    def __init__(self, name):
        self.name = name
class Attrs:
    __attrs_attrs__ = (_Field("x"), _Field("y"))
    def __init__(self, x, y):
        self.x, self.y = x, y
"""


# -- the families ----------------------------------------------------------------------------


def _init(world: World, rng) -> list[str]:
    if not (world.has["vars"] or world.has["slices"]):
        return []
    roll = rng.random()
    if roll < 0.75:
        return ['obs("init", lambda: sess.run(init))']
    if roll < 0.9 and world.has["vars"]:
        return ['obs("init_f", lambda: sess.run(var_f.initializer))']
    return []


def fetches_program(rng) -> dict:
    """Runs of drawn fetch structures with the feeds they need."""
    world = World(rng)
    leaves = _leaves(world)
    lines = ["sess = tf.Session(graph=g)", *_init(world, rng)]
    for k in range(int(rng.integers(3, 8))):
        fetch, needs = _structure(rng, leaves)
        feed = _feed(world, needs, rng)
        lines.append(f'obs("run{k}", lambda: sess.run({fetch}, feed_dict={feed}))')
    lines.append("sess.close()")
    return {"code": world.code() + ATTRS + "\n".join(lines) + "\n"}


def _feed_call(world: World, rng, k: int) -> str:
    """One run about feeding: values of other kinds and shapes, names as keys, feeding
    intermediates, defaults, sparse placeholders, variables."""
    has = world.has
    choices = ["value", "value", "wrong_shape", "intermediate", "int", "by_name", "op_name"]
    if has["with_default"]:
        choices += ["default", "default"]
    if has["sparse"]:
        choices += ["sparse"]
    if has["vars"]:
        choices += ["variable", "after", "bump"]
    kind = _pick(rng, tuple(choices))
    if kind == "value":
        return f'obs("feed{k}", lambda: sess.run([mid, total], {{feed_f: {world.feed_value()}}}))'
    if kind == "wrong_shape":
        wrong = _WRONG_SHAPES[world.feed_shape] or [(2, 3)]
        value = world.feed_value(_pick(rng, wrong), "list")
        return f'obs("wrong{k}", lambda: sess.run(total, {{feed_f: {value}}}))'
    if kind == "intermediate":
        shape = _pick(rng, ((2, 3), (3,), ()))
        return f'obs("mid{k}", lambda: sess.run([total, konst], {{mid: {_floats(rng, shape)}}}))'
    if kind == "int":
        return f'obs("int{k}", lambda: sess.run(count, {{feed_i: {world.int_value()}}}))'
    if kind == "by_name":
        key = _pick(rng, ("'feed_f:0'", "'feed_f'", "'nope:0'", "'konst:0'"))
        return f'obs("name{k}", lambda: sess.run(total, {{{key}: {world.feed_value()}}}))'
    if kind == "op_name":
        name = _pick(rng, ("'total'", "'total:0'", "'total:1'", "'nope'", "'konst'"))
        return f'obs("fetch_name{k}", lambda: sess.run({name}, {{feed_f: {world.feed_value()}}}))'
    if kind == "default":
        shape = _pick(rng, ((3,), (2,), (1, 3), ()))
        fed = f"{{with_default: {_floats(rng, shape)}}}" if rng.random() < 0.7 else "{}"
        return f'obs("default{k}", lambda: sess.run(scaled, {fed}))'
    if kind == "sparse":
        return (
            f'obs("sparse{k}", lambda: sess.run([sp_sum, sp_in], {{sp_in: {_sparse_value(rng)}}}))'
        )
    if kind == "variable":
        fetch = _pick(rng, ("var_f * 2.0", "var_f", "after", "[var_f.read_value(), bump]"))
        return f'obs("fedvar{k}", lambda: sess.run({fetch}, {{var_f: {_floats(rng, (3,))}}}))'
    if kind == "after":
        fed = f"{{after: {_floats(rng, (3,))}}}"
        return f'obs("fedafter{k}", lambda: sess.run([after * 1.0, var_f], {fed}))'
    return f'obs("fedbump{k}", lambda: sess.run(bump, {{bump: {_floats(rng, (3,))}}}))'


def feeds_program(rng) -> dict:
    world = World(rng)
    lines = ["sess = tf.Session(graph=g)", *_init(world, rng)]
    for k in range(int(rng.integers(3, 8))):
        lines.append(_feed_call(world, rng, k))
    if world.has["vars"]:
        lines.append('obs("vars", lambda: sess.run([var_f, var_i]))')
    lines.append("sess.close()")
    return {"code": world.code() + ATTRS + "\n".join(lines) + "\n"}


def _api_call(world: World, rng, k: int) -> list[str]:
    """One call through the rest of the API."""
    has = world.has
    f = world.feed_value()
    choices = [
        "eval",
        "eval_default",
        "callable",
        "callable_op",
        "callable_names",
        "alien",
        "nested",
        "second",
    ]
    if has["vars"]:
        choices += ["op_run", "op_run_default", "var_eval", "callable_vars"]
    kind = _pick(rng, tuple(choices))
    if kind == "eval":
        return [f'obs("eval{k}", lambda: total.eval(feed_dict={{feed_f: {f}}}, session=sess))']
    if kind == "eval_default":
        return [
            "with sess.as_default():",
            f'    obs("evald{k}", lambda: mid.eval({{feed_f: {f}}}))',
        ]
    if kind == "callable":
        return [
            f"call{k} = sess.make_callable([total, mid], feed_list=[feed_f])",
            f'obs("call{k}", lambda: call{k}({f}))',
        ]
    if kind == "callable_op":
        target = "bump_all" if has["vars"] else "konst.op"
        return [f"c{k} = sess.make_callable({target})", f'obs("callop{k}", lambda: c{k}())']
    if kind == "callable_names":
        return [
            f"c{k} = sess.make_callable({{'t': 'total:0'}}, feed_list=['feed_f:0'])",
            f'obs("calln{k}", lambda: c{k}({f}))',
        ]
    if kind == "alien":
        return [
            "with tf.Graph().as_default():",
            '    alien = tf.constant(1.0, name="alien")',
            f'obs("alien{k}", lambda: sess.run(alien))',
        ]
    if kind == "nested":
        fetch = "var_f" if has["vars"] else "konst"
        return [
            "other = tf.Session(graph=g)",
            "with sess.as_default():",
            "    with other.as_default():",
            f'        obs("nested{k}", lambda: ({fetch}.eval(), '
            "tf.get_default_session() is other))",
            f'    obs("outer{k}", lambda: ({fetch}.eval(), tf.get_default_session() is sess))',
            "other.close()",
        ]
    if kind == "second":
        fetch = "[var_f, var_i]" if has["vars"] else "konst"
        return [
            "other = tf.Session(graph=g)",
            f'obs("second{k}", lambda: other.run({fetch}))',
            "other.close()",
        ]
    if kind == "op_run":
        return [f'obs("oprun{k}", lambda: bump_all.run(session=sess))']
    if kind == "op_run_default":
        return ["with sess.as_default():", f'    obs("oprund{k}", lambda: bump.op.run())']
    if kind == "var_eval":
        return [f'obs("vareval{k}", lambda: var_f.eval(sess))']
    return [
        f"c{k} = sess.make_callable((var_f, after), feed_list=[])",
        f'obs("callv{k}", lambda: c{k}())',
    ]


def calls_program(rng) -> dict:
    world = World(rng)
    interactive = rng.random() < 0.25
    if interactive:
        lines = ["sess = tf.InteractiveSession(graph=g)", *_init(world, rng)]
        lines.append(f'obs("ieval", lambda: total.eval({{feed_f: {world.feed_value()}}}))')
    else:
        lines = ["sess = tf.Session(graph=g)", *_init(world, rng)]
    for k in range(int(rng.integers(2, 6))):
        lines += _api_call(world, rng, k)
    if rng.random() < 0.4:
        lines.append("sess.close()")
        after_close = _pick(rng, ("sess.run(konst)", "konst.eval(session=sess)", "sess.run([])"))
        lines.append(f'obs("closed", lambda: {after_close})')
        if interactive:
            lines.append('obs("default_after", lambda: tf.get_default_session() is None)')
    else:
        lines.append("sess.close()")
    return {"code": world.code() + ATTRS + "\n".join(lines) + "\n"}


def _failing_call(world: World, rng, k: int) -> list[str]:
    has = world.has
    choices = ["missing", "unknown_fetch", "unknown_op", "none_fetch", "bad_fetch", "read_file"]
    if has["vars"]:
        choices += ["uninit", "uninit", "uninit_bump"]
    if has["nxt"]:
        choices += ["exhaust"]
    if has["queue"]:
        choices += ["queue"]
    if has["check"]:
        choices += ["assert"]
    kind = _pick(rng, tuple(choices))
    if kind == "missing":
        return [f'obs("missing{k}", lambda: sess.run(total))']
    if kind == "unknown_fetch":
        return [f'obs("unknown{k}", lambda: sess.run("nope:0"))']
    if kind == "unknown_op":
        return [f'obs("unknown_op{k}", lambda: sess.run(["konst", "nope"]))']
    if kind == "none_fetch":
        return [f'obs("none{k}", lambda: sess.run([konst, None]))']
    if kind == "bad_fetch":
        return [f'obs("bad{k}", lambda: sess.run(1.5))']
    if kind == "read_file":
        return [f'obs("file{k}", lambda: sess.run(missing))']
    if kind == "uninit":
        fetch = _pick(rng, ("var_f", "after", "var_i + 1", "[konst, var_f]"))
        return [f'obs("uninit{k}", lambda: sess.run({fetch}))']
    if kind == "uninit_bump":
        return [f'obs("uninitb{k}", lambda: sess.run(bump))']
    if kind == "exhaust":
        return [f'obs("next{k}_{i}", lambda: sess.run(nxt))' for i in range(world.n_elems + 1)]
    if kind == "queue":
        return [
            f'obs("enq{k}", lambda: sess.run(enq))',
            f'obs("deq{k}", lambda: sess.run(deq))',
            f'obs("close{k}", lambda: sess.run(close_q))',
            f'obs("enq_closed{k}", lambda: sess.run(enq))',
            f'obs("deq_closed{k}", lambda: sess.run(deq))',
        ]
    value = _pick(rng, ("[1, 2]", "[1, -2]", "[]", "[0]"))
    return [f'obs("assert{k}", lambda: sess.run(checked, {{feed_i: {value}}}))']


def errors_program(rng) -> dict:
    world = World(rng)
    lines = ["sess = tf.Session(graph=g)"]
    if rng.random() < 0.4:
        lines += _init(world, rng)
    for k in range(int(rng.integers(2, 5))):
        lines += _failing_call(world, rng, k)
    lines.append("sess.close()")
    return {"code": world.code() + ATTRS + "\n".join(lines) + "\n"}


_STATE_FETCHES = (
    "[var_f, bump]",
    "[bump, var_f]",
    "[bump, after]",
    "[after, var_f.read_value()]",
    "[tf.identity(var_f), bump]",
    "{'b': bump, 'a': after}",
    "[bump_all, var_i]",
    "after",
    "[var_f + 0.0, after]",
    "(bump, bump)",
)


def state_program(rng) -> dict:
    """Updates read in the same and later runs, two sessions of one graph, random ops
    with and without seeds across runs and sessions."""
    world = World(rng)
    world.has["vars"] = True
    if rng.random() < 0.7:
        world.has["rand"] = True
    lines = ["sess = tf.Session(graph=g)", 'obs("init", lambda: sess.run(init))']
    for k in range(int(rng.integers(3, 8))):
        roll = rng.random()
        if roll < 0.55:
            lines.append(f'obs("state{k}", lambda: sess.run({_pick(rng, _STATE_FETCHES)}))')
        elif roll < 0.75 and world.has["rand"]:
            fetch = _pick(rng, ("rand", "[rand, rand2]", "[rand, rand]", "rand2"))
            lines.append(f'obs("rand{k}", lambda: sess.run({fetch}))')
        elif roll < 0.85:
            lines += [
                "other = tf.Session(graph=g)",
                "other.run(init)" if rng.random() < 0.8 else "",
                f'obs("other{k}", lambda: other.run([var_f, var_i'
                + (", rand" if world.has["rand"] else "")
                + "]))",
                "other.close()",
            ]
        else:
            lines.append(f'obs("vars{k}", lambda: sess.run([var_f, var_i]))')
    lines.append('obs("final", lambda: sess.run([var_f, var_i]))')
    lines.append("sess.close()")
    return {"code": world.code() + ATTRS + "\n".join(line for line in lines if line) + "\n"}


FAMILIES = {
    "fetches": (fetches_program, 60),
    "feeds": (feeds_program, 60),
    "calls": (calls_program, 50),
    "errors": (errors_program, 50),
    "state": (state_program, 40),
}


def programs() -> dict:
    """Every family's programs, each family from a generator seeded by its name."""
    out = {}
    for family, (draw, count) in FAMILIES.items():
        rng = np.random.default_rng(fuzzseed.seed(f"fuzzsess.{family}"))
        for i in range(count):
            out[f"{family}.{i}"] = draw(rng)
    return out


def _racy(runs: list[list]) -> list:
    """The first run's observations, each one the runs disagree on replaced by "racy"."""
    first = runs[0]
    out = []
    for i, (label, seen) in enumerate(first):
        same = all(len(r) == len(first) and r[i] == [label, seen] for r in runs[1:])
        out.append([label, seen if same else "racy"])
    return out


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    recorded = {}
    for name, program in programs().items():
        print(name, file=sys.stderr, flush=True)
        runs = [observe(tf, program) for _ in range(3)]
        recorded[name] = {**program, "tf": _racy(runs)}
    json.dump({"tensorflow": tf.__version__, "programs": recorded}, sys.stdout, indent=0)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
