"""TF1's `tf.app`/`tf.flags`, `tf.test`, `tf.bitwise` and small namespaces, run unchanged
with `tf` = tensorflow.compat.v1 (this script, dev-only) and with `tf` = graphgate
(tests/unit/engine/test_tf1_app.py).

    /work/tfvenv/bin/python tests/reference/tf1_app.py \
        > tests/unit/engine/fixtures/tf1_app.json

Flag cases define flags on a `FlagValues` of their own and parse an argv: the values, the
arguments left and the class and text of what parsing raised are stored. Program cases run
a small TF1 script in a subprocess (`tf.app.run`, the implicit parse of `tf.flags.FLAGS`)
and store its exit status and output. Op cases are tf1_math.py's recording.
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import textwrap

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import tf1_math
from tf1_math import _json_safe, raised

CASES: dict = {}
ERRORS: dict = {}
FLAG_CASES: dict = {}


def case(**arrays):
    def register(build):
        CASES[build.__name__] = (arrays, build)
        return build

    return register


def refused(build):
    ERRORS[build.__name__] = build
    return build


# -- flags ----------------------------------------------------------------------------------


def flag_case(*argv, known_only=False):
    def register(define):
        FLAG_CASES[define.__name__] = (list(argv), known_only, define)
        return define

    return register


def _all_kinds(flags, fv):
    flags.DEFINE_string("name", "anon", "a string", flag_values=fv)
    flags.DEFINE_integer("steps", 10, "an integer", flag_values=fv)
    flags.DEFINE_float("lr", 0.5, "a float", flag_values=fv)
    flags.DEFINE_boolean("train", True, "a boolean", flag_values=fv)
    flags.DEFINE_bool("debug", False, "a boolean", flag_values=fv)
    flags.DEFINE_enum("mode", "fast", ["fast", "slow"], "an enum", flag_values=fv)
    flags.DEFINE_list("layers", "1,2", "a list", flag_values=fv)
    flags.DEFINE_multi_string("tag", None, "repeatable", flag_values=fv)


@flag_case("prog")
def defaults(flags, fv):
    _all_kinds(flags, fv)


@flag_case(
    "prog",
    "--name=x",
    "pos1",
    "--steps",
    "20",
    "-lr=0.25",
    "--notrain",
    "--debug",
    "--mode=slow",
    "--layers= a, b ,c",
    "--tag",
    "t1",
    "--tag=t2",
    "pos2",
)
def every_form(flags, fv):
    _all_kinds(flags, fv)


@flag_case("prog", "--steps=0x1f", "--train=false", "--debug=1", "--lr=1e-3", "--layers=")
def value_spellings(flags, fv):
    _all_kinds(flags, fv)


@flag_case("prog", "--name=a", "--", "--steps=3", "x")
def double_dash_ends_flags(flags, fv):
    _all_kinds(flags, fv)


@flag_case("prog", "--name=a", "--", "--steps=3", known_only=True)
def double_dash_kept_when_known_only(flags, fv):
    _all_kinds(flags, fv)


@flag_case("prog", "--unknown=1", "--name=b", "--nounknown", known_only=True)
def unknown_kept_when_known_only(flags, fv):
    _all_kinds(flags, fv)


@flag_case("prog", "--name=a", "--name=b", "--steps=1", "--steps", "2")
def last_one_wins(flags, fv):
    _all_kinds(flags, fv)


@flag_case("prog", "--unknown=1")
def unknown_refused(flags, fv):
    _all_kinds(flags, fv)


@flag_case("prog", "--steps=ten")
def bad_integer(flags, fv):
    _all_kinds(flags, fv)


@flag_case("prog", "--lr=fast")
def bad_float(flags, fv):
    _all_kinds(flags, fv)


@flag_case("prog", "--train=maybe")
def bad_boolean(flags, fv):
    _all_kinds(flags, fv)


@flag_case("prog", "--mode=medium")
def bad_enum(flags, fv):
    _all_kinds(flags, fv)


@flag_case("prog", "--steps")
def missing_value(flags, fv):
    _all_kinds(flags, fv)


@flag_case("prog", "--notrain=1")
def negated_with_value(flags, fv):
    _all_kinds(flags, fv)


@flag_case("prog")
def required_missing(flags, fv):
    flags.DEFINE_string("data_dir", None, "where", flag_values=fv)
    flags.mark_flag_as_required("data_dir", flag_values=fv)


@flag_case("prog", "--data_dir=/d")
def required_given(flags, fv):
    flags.DEFINE_string("data_dir", None, "where", flag_values=fv)
    flags.mark_flag_as_required("data_dir", flag_values=fv)


@flag_case("prog", "--k=0", "--k=-4")
def bounds(flags, fv):
    flags.DEFINE_integer("k", 1, "k", lower_bound=0, flag_values=fv)


@flag_case("prog", "--k=-1")
def bounds_refused(flags, fv):
    flags.DEFINE_integer("k", 1, "k", lower_bound=0, flag_values=fv)


@flag_case("prog", "--r=1.5")
def float_range_refused(flags, fv):
    flags.DEFINE_float("r", 0.5, "r", lower_bound=0.0, upper_bound=1.0, flag_values=fv)


@flag_case("prog")
def old_keyword_names(flags, fv):
    flags.DEFINE_string(
        flag_name="old", default_value="v", docstring="TF1's spelling", flag_values=fv
    )


@flag_case("prog")
def typed_defaults(flags, fv):
    flags.DEFINE_integer("i", "7", "from text", flag_values=fv)
    flags.DEFINE_boolean("b", "true", "from text", flag_values=fv)
    flags.DEFINE_list("l", "x,y", "from text", flag_values=fv)
    flags.DEFINE_multi_string("m", "one", "from text", flag_values=fv)


@flag_case("prog")
def duplicate_definition(flags, fv):
    flags.DEFINE_string("twice", "a", "first", flag_values=fv)
    flags.DEFINE_string("twice", "b", "second", flag_values=fv)


@flag_case("prog")
def bad_default(flags, fv):
    flags.DEFINE_integer("n", "many", "bad default", flag_values=fv)


def _outcome(flags, argv, known_only, define) -> dict:
    fv = flags.FlagValues()
    try:
        define(flags, fv)
        rest = fv(argv, known_only=known_only)
    except Exception as e:
        return {"raised": type(e).__name__, "message": str(e)}
    values = {name: getattr(fv, name) for name in sorted(fv)}
    return {"values": values, "rest": rest}


def flag_outcomes(flags) -> dict:
    return {n: _outcome(flags, *spec) for n, spec in FLAG_CASES.items()}


def unparsed_access(flags) -> dict:
    fv = flags.FlagValues()
    flags.DEFINE_string("early", "x", "read too soon", flag_values=fv)
    try:
        _ = fv.early
    except Exception as e:
        return {"raised": type(e).__name__, "message": str(e), "mro": _mro(e)}
    return {"raised": "nothing"}


def _mro(e: Exception) -> list:
    return [c.__name__ for c in type(e).__mro__]


# -- programs run in a subprocess: tf.app.run, the implicit parse of tf.flags.FLAGS ----------

PROGRAMS = {
    "run_returns_status": (
        """
        flags = tf.app.flags
        flags.DEFINE_integer("steps", 1, "steps")
        FLAGS = flags.FLAGS
        def main(argv):
            print(repr(argv[1:]), FLAGS.steps)
            return 3
        tf.app.run()
        """,
        ["--steps=5", "extra", "--unknown=1"],
    ),
    "run_main_argument": (
        """
        tf.flags.DEFINE_string("who", "world", "who")
        def greet(argv):
            print("hello", tf.flags.FLAGS.who, len(argv))
        tf.app.run(main=greet, argv=["p", "--who=tf"])
        """,
        [],
    ),
    "run_bad_value": (
        """
        tf.flags.DEFINE_integer("steps", 1, "steps")
        def main(argv):
            print("not reached")
        try:
            tf.app.run()
        except Exception as e:
            print(type(e).__name__)
        """,
        ["--steps=x"],
    ),
    "implicit_parse": (
        """
        tf.flags.DEFINE_float("lr", 0.1, "rate")
        print(tf.flags.FLAGS.lr, tf.flags.FLAGS.is_parsed())
        """,
        ["--lr=0.5"],
    ),
    "implicit_parse_unknown": (
        """
        tf.flags.DEFINE_float("lr", 0.1, "rate")
        try:
            tf.flags.FLAGS.lr
        except Exception as e:
            print(type(e).__name__)
        """,
        ["--other=1"],
    ),
    "helpfull_exits": (
        """
        tf.flags.DEFINE_float("lr", 0.1, "the learning rate")
        def main(argv):
            print("not reached")
        tf.app.run()
        """,
        ["--helpfull"],
    ),
    "set_and_mark_as_parsed": (
        """
        F = tf.flags.FLAGS
        tf.flags.DEFINE_integer("n", 1, "n")
        F.mark_as_parsed()
        F.n = 4
        print(F.n, F["n"].value, F["n"].default, "n" in F)
        """,
        [],
    ),
}


def run_program(prelude: str, source: str, args: list) -> dict:
    code = prelude + textwrap.dedent(source)
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONWARNINGS": "ignore"}
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=300
    )
    return {"status": done.returncode, "stdout": done.stdout}


# -- tf.bitwise -------------------------------------------------------------------------------


def _rng_normal(*shape):
    return np.random.default_rng(1515).normal(size=shape)


_COUNTS = np.array([-3, -1, 0, 1, 3, 7, 8, 9, 15, 16, 31, 32, 33, 63, 64, 100])


def _values(dtype):
    info = np.iinfo(dtype)
    base = [info.min, info.max, 0, 1, 5, info.max // 3, info.min // 2 + 1, 100 % (info.max + 1)]
    return np.array(base * 2, dtype=dtype)


for _dtype in ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"):
    _x = np.resize(_values(_dtype), (16,))
    _signed = np.iinfo(_dtype).min < 0
    # Unsigned counts cannot be negative; TF's kernels see them as they are.
    _y = _COUNTS.astype(_dtype) if _signed else np.abs(_COUNTS).astype(_dtype)

    def _shifts(tf, x, y):
        return {
            "left": tf.bitwise.left_shift(x, y),
            "right": tf.bitwise.right_shift(x, y),
        }

    def _logic(tf, x, y):
        return {
            "and": tf.bitwise.bitwise_and(x, y),
            "or": tf.bitwise.bitwise_or(x, y),
            "xor": tf.bitwise.bitwise_xor(x, y),
            "invert": tf.bitwise.invert(x),
        }

    _shifts.__name__ = f"shifts_{_dtype}"
    _logic.__name__ = f"logic_{_dtype}"
    case(x=_x, y=_y)(_shifts)
    case(x=_x, y=_y[::-1].copy())(_logic)


@case(x=np.arange(-6, 6, dtype=np.int32).reshape(3, 4), y=np.array([1, 2, 4, 8], np.int32))
def bitwise_broadcast(tf, x, y):
    return {
        "and": tf.bitwise.bitwise_and(x, y),
        "shift_literal": tf.bitwise.left_shift(x, 2),
        "named": tf.bitwise.bitwise_or(x, y, name="either"),
    }


@case(x=np.array([[5, 3], [1, 7]], np.int32))
def bitwise_in_while_loop(tf, x):
    out = tf.while_loop(
        lambda i, v: i < 3,
        lambda i, v: (i + 1, tf.bitwise.bitwise_xor(tf.bitwise.left_shift(v, 1), v)),
        [tf.constant(0), x],
    )[1]
    return {"out": out}


@refused
def bitwise_and_float(tf):
    tf.bitwise.bitwise_and(tf.constant([1.0]), tf.constant([2.0]))


@refused
def bitwise_mixed_dtypes(tf):
    tf.bitwise.bitwise_or(tf.constant([1], tf.int32), tf.constant([2], tf.int64))


@refused
def invert_bool(tf):
    tf.bitwise.invert(tf.constant([True]))


@refused
def shift_shapes(tf):
    tf.bitwise.left_shift(tf.constant([1, 2, 3]), tf.constant([1, 2]))


# -- tf.sets ------------------------------------------------------------------------------------

FAILS: dict = {}


def fails(build):
    FAILS[build.__name__] = build
    return build


def failed(tf, build) -> str:
    g = tf.Graph()
    with g.as_default():
        out = build(tf)
    with tf.Session(graph=g) as sess:
        try:
            sess.run(out)
        except Exception as e:
            return type(e).__name__
    return "nothing"


def _parts(prefix, sp) -> dict:
    return {f"{prefix}_i": sp.indices, f"{prefix}_v": sp.values, f"{prefix}_s": sp.dense_shape}


def _sparse(tf, dtype=None):
    # Rows: {5, 1} and {3} with a repeat; a third row left empty.
    values = tf.constant([5, 1, 3, 3], dtype=dtype or tf.int32)
    return tf.SparseTensor([[0, 0], [0, 2], [1, 1], [1, 3]], values, [3, 4])


@case(
    a=np.array([[1, 2, 2, 0], [3, 3, 4, 5], [9, 9, 9, 9]], np.int32),
    b=np.array([[2, 0, 7], [5, 6, 3], [1, 2, 3]], np.int32),
)
def sets_dense_dense(tf, a, b):
    return {
        **_parts("inter", tf.sets.intersection(a, b)),
        **_parts("union", tf.sets.union(a, b)),
        **_parts("diff", tf.sets.difference(a, b)),
        **_parts("diff_ba", tf.sets.set_difference(a, b, aminusb=False)),
    }


@case(
    a=np.array([[[1, 2, 3], [4, 4, 4]], [[0, 0, 1], [7, 8, 9]]], np.int64),
    b=np.array([[[3, 1], [5, 6]], [[1, 1], [9, 8]]], np.int64),
)
def sets_rank3(tf, a, b):
    return {**_parts("inter", tf.sets.set_intersection(a, b)), **_parts("u", tf.sets.union(a, b))}


@case(a=np.array([[1, 3, 5, 7], [3, 3, 0, 2], [4, 5, 6, 7]], np.int32))
def sets_dense_sparse(tf, a):
    sp = _sparse(tf)
    return {
        **_parts("inter", tf.sets.intersection(a, sp)),
        **_parts("flipped", tf.sets.intersection(sp, a)),
        **_parts("diff", tf.sets.difference(a, sp)),
        **_parts("diff_flipped", tf.sets.difference(sp, a)),
        **_parts("sparse_sparse", tf.sets.union(sp, _sparse(tf))),
        **_parts("sparse_diff", tf.sets.difference(sp, sp)),
    }


@case(a=np.array([[1, 2], [3, 4]], np.uint8), b=np.array([[7, 8], [9, 10]], np.uint8))
def sets_disjoint(tf, a, b):
    return {**_parts("inter", tf.sets.intersection(a, b)), **_parts("union", tf.sets.union(a, b))}


@case(a=np.array([[1, 2, 2]], np.int32))
def set_size(tf, a):
    sp3 = tf.SparseTensor([[0, 0, 0], [0, 0, 1], [1, 1, 0]], tf.constant([4, 4, 2]), [2, 2, 3])
    return {
        "size": tf.reshape(tf.sets.size(_sparse(tf)), [-1]),
        "size3": tf.reshape(tf.sets.set_size(sp3), [-1]),
        "of_result": tf.reshape(tf.sets.size(tf.sets.union(a, a)), [-1]),
    }


@case(a=np.array([[1, 2, 3], [4, 5, 6]], np.int32), b=np.array([[3, 2], [6, 9]], np.int32))
def sets_in_cond(tf, a, b):
    pick = tf.reduce_sum(a) > 0
    out = tf.cond(
        pick,
        lambda: tf.sets.intersection(a, b).values,
        lambda: tf.sets.union(a, b).values,
    )
    return {"out": out}


@refused
def sets_float(tf):
    tf.sets.intersection(tf.constant([[1.0]]), tf.constant([[1.0]]))


@refused
def sets_mixed_dtypes(tf):
    tf.sets.union(tf.constant([[1]]), tf.constant([[1]], tf.int64))


@refused
def sets_rank1(tf):
    tf.sets.union(tf.constant([1, 2]), tf.constant([1]))


@refused
def set_size_of_dense(tf):
    tf.sets.size(tf.constant([[1, 2]]))


@refused
def sets_leading_dims_differ(tf):
    tf.sets.union(tf.constant([[1, 2], [3, 4]]), tf.constant([[1, 2], [3, 4], [5, 6]]))


@fails
def sets_unordered_sparse(tf):
    sp = tf.SparseTensor([[1, 0], [0, 0]], tf.constant([1, 2]), [2, 2])
    return tf.sets.size(sp)


@fails
def sets_leading_dims_differ_at_run_time(tf):
    a = tf.placeholder_with_default(tf.constant([[1, 2], [3, 4]]), [None, 2])
    return tf.sets.union(a, tf.constant([[1, 2], [3, 4], [5, 6]])).values


# -- tf.signal: the real-valued windows, frames and shifts --------------------------------------


@case(w=np.array([1.0], np.float32))
def signal_windows(tf, w):
    return {
        "hann": tf.signal.hann_window(5),
        "hann_even": tf.signal.hann_window(8),
        "hann_symmetric": tf.signal.hann_window(8, periodic=False),
        "hann_one": tf.signal.hann_window(1),
        "hann_tensor": tf.signal.hann_window(tf.constant(4)),
        "hamming": tf.signal.hamming_window(6, dtype=tf.float64),
        "hamming_symmetric": tf.signal.hamming_window(7, periodic=False, name="ham"),
        "scaled": w * tf.signal.hann_window(3),
    }


@case(x=(np.arange(20, dtype=np.float32).reshape(2, 10) * 0.37), y=_rng_normal(2, 5, 3))
def signal_frames(tf, x, y):
    return {
        "frame": tf.signal.frame(x, 4, 3),
        "frame_pad": tf.signal.frame(x, 4, 3, pad_end=True, pad_value=-1.0),
        "frame_axis0": tf.signal.frame(x, 2, 1, axis=0),
        "frame_middle": tf.signal.frame(y, 2, 2, axis=1, pad_end=True),
        "frame_exact": tf.signal.frame(x, 5, 5),
        "fftshift": tf.signal.fftshift(y),
        "ifftshift": tf.signal.ifftshift(y, axes=[1]),
    }


@case(x=_rng_normal(2, 3, 6), y=_rng_normal(4, 5).astype(np.float32))
def signal_dct(tf, x, y):
    out = {}
    for kind in (1, 2, 3, 4):
        out[f"dct{kind}"] = tf.signal.dct(x, type=kind)
        out[f"idct{kind}"] = tf.signal.idct(y, type=kind)
    for kind in (2, 3, 4):
        out[f"ortho{kind}"] = tf.signal.dct(x, type=kind, norm="ortho")
        out[f"round_trip{kind}"] = tf.signal.idct(
            tf.signal.dct(y, type=kind, norm="ortho"), type=kind, norm="ortho"
        )
    out["truncated"] = tf.signal.dct(x, n=4)
    out["padded"] = tf.spectral.dct(y, n=8)
    return out


@case(spec=np.abs(_rng_normal(3, 17)).astype(np.float32) + 0.1)
def signal_mel(tf, spec):
    m = tf.signal.linear_to_mel_weight_matrix(8, 17, 16000, 20.0, 8000.0)
    m64 = tf.signal.linear_to_mel_weight_matrix(
        num_mel_bins=5, num_spectrogram_bins=9, sample_rate=8000, dtype=tf.float64
    )
    log_mel = tf.log(tf.matmul(spec, m) + 1e-6)
    return {
        "matrix": m,
        "matrix64": m64,
        "mfccs": tf.signal.mfccs_from_log_mel_spectrograms(log_mel),
    }


@refused
def dct_type1_ortho(tf):
    tf.signal.dct(tf.constant([[1.0, 2.0, 3.0]]), type=1, norm="ortho")


@refused
def window_of_integers(tf):
    tf.signal.hann_window(3, dtype=tf.int32)


# -- small top-level names: one-liners pinned to TF ---------------------------------------------


def small_names(tf) -> dict:
    import logging
    import os

    out: dict = {}
    errors = tf.errors
    out["code_of_not_found"] = errors.error_code_from_exception_type(errors.NotFoundError)
    out["class_of_3"] = errors.exception_type_from_error_code(3).__name__
    out["no_regularizer"] = tf.no_regularizer(tf.constant(1.0) if False else 1.0)
    shape = tf.TensorShape([2, None])
    out["dimension_at_index"] = [tf.dimension_at_index(shape, i).value for i in (0, 1)]
    out["dimension_of_unknown_rank"] = tf.dimension_at_index(tf.TensorShape(None), 3).value
    out["logger"] = [tf.get_logger().name, isinstance(tf.get_logger(), logging.Logger)]
    out["outside_functions"] = tf.executing_eagerly_outside_functions()
    with tf.Graph().as_default():
        sp = tf.SparseTensor([[0, 0]], [1.0], [2, 2])
        out["sparse_kept"] = tf.convert_to_tensor_or_sparse_tensor(sp) is sp
        dense = tf.convert_to_tensor_or_sparse_tensor([1, 2])
        out["dense_made"] = [dense.dtype.name, dense.shape.as_list()]
        out["from_value"] = type(
            tf.convert_to_tensor_or_sparse_tensor(tf.SparseTensorValue([[0]], [1], [3]))
        ).__name__
        t = tf.convert_to_tensor_or_indexed_slices([[1.0]])
        out["indexed_slices_dense"] = [t.dtype.name, t.shape.as_list()]
        f32, f64 = tf.constant(1.0), tf.constant(1.0, tf.float64)
        checks = {
            "none": lambda: tf.assert_same_float_dtype(),
            "one": lambda: tf.assert_same_float_dtype([f32]),
            "dtype": lambda: tf.assert_same_float_dtype(None, tf.float64),
            "mixed": lambda: tf.assert_same_float_dtype([f32, f64]),
            "int": lambda: tf.assert_same_float_dtype([tf.constant(1)]),
            "against": lambda: tf.assert_same_float_dtype([f32], tf.float64),
        }
        out["same_float"] = {k: _dtype_or_raised(f) for k, f in checks.items()}
        v = tf.Variable(1.0, name="v")
        tf.Variable(2.0, name="w")
        tf.train.ExponentialMovingAverage(0.9).apply([v])
        out["moving_average_variables"] = [x.op.name for x in tf.moving_average_variables()]
    top = _scratch_dir()
    os.makedirs(os.path.join(top, "a", "b"))
    for path in ("f.txt", "a/g.txt"):
        with open(os.path.join(top, path), "w") as fh:
            fh.write("12345")
    out["walk"] = [
        [os.path.relpath(d, top), sorted(s), sorted(f)] for d, s, f in tf.gfile.Walk(top)
    ]
    out["walk_bottom_up"] = [os.path.relpath(d, top) for d, _, _ in tf.gfile.Walk(top, False)]
    out["walk_missing"] = list(tf.gfile.Walk(os.path.join(top, "nope")))
    st = tf.gfile.Stat(os.path.join(top, "f.txt"))
    out["stat"] = [st.length, st.is_directory, tf.gfile.Stat(top).is_directory]
    try:
        tf.gfile.Stat(os.path.join(top, "nope"))
    except Exception as e:
        out["stat_missing"] = [c.__name__ for c in type(e).__mro__][:3]
    tf.logging.vlog(1, "quiet %s", "x")
    tf.logging.log_if(tf.logging.INFO, "never", False)
    try:
        out["flush"] = tf.logging.flush()
    except Exception as e:
        out["flush"] = type(e).__name__
    return out


def _dtype_or_raised(fn):
    try:
        return fn().name
    except Exception as e:
        return type(e).__name__


# -- tf.config: devices and recorded settings --------------------------------------------------


def config_outcomes(tf) -> dict:
    c = tf.config
    out: dict = {
        "physical": [repr(d) for d in c.list_physical_devices()],
        "gpus": c.list_physical_devices("GPU") + c.experimental.list_physical_devices("GPU"),
        "cpus": [tuple(d) for d in c.list_physical_devices("CPU")],
        "logical": [repr(d) for d in c.list_logical_devices()],
        "visible": [repr(d) for d in c.get_visible_devices()],
        "soft_placement": c.get_soft_device_placement(),
        "threads": [
            c.threading.get_inter_op_parallelism_threads(),
            c.threading.get_intra_op_parallelism_threads(),
        ],
        "jit": c.optimizer.get_jit(),
        "optimizer_options": c.optimizer.get_experimental_options(),
        "functions_run_eagerly": c.functions_run_eagerly(),
    }
    cpu = c.list_physical_devices("CPU")[0]
    for key, call in (
        ("memory_growth_cpu", lambda: c.experimental.set_memory_growth(cpu, True)),
        ("get_memory_growth_cpu", lambda: c.experimental.get_memory_growth(cpu)),
        ("hide_gpus", lambda: c.set_visible_devices([], "GPU")),
    ):
        out[key] = _outcome_of(call)
    c.set_soft_device_placement(True)
    out["soft_placement_set"] = c.get_soft_device_placement()
    c.set_soft_device_placement(False)
    return out


# -- tf.nest and tf.python_io --------------------------------------------------------------------


def nest_outcomes(tf) -> dict:
    import collections

    Point = collections.namedtuple("Point", ["x", "y"])
    s = {"b": [1, (2, 3)], "a": Point(4, {"z": 5, "y": None}), "c": "text"}
    out: dict = {
        "flatten": tf.nest.flatten(s),
        "flatten_leaf": tf.nest.flatten(7),
        "flatten_none": tf.nest.flatten(None),
        "is_nested": [tf.nest.is_nested(x) for x in ([1], (1,), {"a": 1}, 1, "ab", None)],
    }
    packed = tf.nest.pack_sequence_as(s, list(range(10, 17)))
    out["pack"] = repr(packed)
    out["pack_types"] = [type(packed["a"]).__name__, type(packed["b"][1]).__name__]
    out["map"] = repr(tf.nest.map_structure(lambda a, b: a * 10 + b, [1, (2, 3)], [4, (5, 6)]))
    out["map_dict"] = repr(tf.nest.map_structure(lambda v: v + 1, {"q": 1, "p": [2]}))
    cases = {
        "same": lambda: tf.nest.assert_same_structure([1, (2, 3)], [4, (5, 6)]),
        "lengths": lambda: tf.nest.assert_same_structure([1, 2], [1, 2, 3]),
        "types": lambda: tf.nest.assert_same_structure([1, 2], (1, 2)),
        "types_unchecked": lambda: tf.nest.assert_same_structure([1, 2], (1, 2), False),
        "keys": lambda: tf.nest.assert_same_structure({"a": 1}, {"b": 1}),
        "leaf_vs_seq": lambda: tf.nest.assert_same_structure(1, [1]),
        "pack_count": lambda: tf.nest.pack_sequence_as([1, 2], [1]),
        "pack_not_list": lambda: tf.nest.pack_sequence_as([1], 5),
        "map_mismatch": lambda: tf.nest.map_structure(lambda a, b: a, [1], [1, 2]),
    }
    out["raised"] = {k: _outcome_of(f) for k, f in cases.items()}
    return out


def python_io_outcomes(tf) -> dict:
    import os

    records = [b"", b"abc", bytes(range(256)) * 3]
    top = _scratch_dir()
    plain = os.path.join(top, "plain.tfrecord")
    with tf.python_io.TFRecordWriter(plain) as writer:
        for r in records:
            writer.write(r)
    with open(plain, "rb") as fh:
        data = fh.read()
    out = {"bytes": data.hex(), "read": [r.hex() for r in tf.python_io.tf_record_iterator(plain)]}
    for kind in ("GZIP", "ZLIB"):
        path = os.path.join(top, kind)
        options = tf.python_io.TFRecordOptions(getattr(tf.python_io.TFRecordCompressionType, kind))
        with tf.python_io.TFRecordWriter(path, options) as writer:
            for r in records:
                writer.write(r)
        got = list(tf.python_io.tf_record_iterator(path, options))
        out[kind] = got == records
    with open(os.path.join(top, "bad"), "wb") as fh:
        fh.write(data[:-1] + bytes([data[-1] ^ 1]))
    out["corrupt"] = _outcome_of(lambda: list(tf.python_io.tf_record_iterator(fh.name)))
    return out


# -- switch_case and tf.linalg.normalize ---------------------------------------------------------


@case(x=_rng_normal(2, 3), i=np.array(1, np.int32))
def switch_and_normalize(tf, x, i):
    n, v = tf.linalg.normalize(x)
    n1, v1 = tf.linalg.normalize(x, ord=1, axis=1)
    return {
        "picked": tf.switch_case(i, [lambda: x * 2.0, lambda: x + 1.0, lambda: -x]),
        "by_dict": tf.switch_case(i, {0: lambda: x, 1: lambda: x * x}),
        "default": tf.switch_case(i + 5, [lambda: x, lambda: x * 3.0], default=lambda: x * 0.5),
        "last": tf.switch_case(i + 5, [lambda: x, lambda: x * 3.0]),
        "negative": tf.switch_case(i - 2, [lambda: x, lambda: x * 3.0]),
        "normalized": n,
        "norm": v,
        "normalized_l1": n1,
        "norm_l1": v1,
    }


def decorator_outcomes(tf) -> dict:
    import io
    import unittest

    class Decorated(tf.test.TestCase):
        @tf.test.disable_with_predicate(lambda: True, "always off")
        def test_off(self):
            raise AssertionError("ran")

        @tf.test.disable_with_predicate(lambda: False, "never off")
        def test_on(self):
            pass

    Decorated = tf.test.with_eager_op_as_function(Decorated)
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(Decorated)
    result = unittest.TextTestRunner(stream=io.StringIO(), verbosity=0).run(suite)
    return {
        "ran": result.testsRun,
        "skipped": sorted(r for _, r in result.skipped),
        "failures": len(result.failures) + len(result.errors),
    }


# -- older spellings and gradient wrappers --------------------------------------------------------


@case(x=_rng_normal(2, 3))
def scopes_and_gradient_wrappers(tf, x):
    with tf.op_scope([x], None, "legacy"):
        in_op_scope = tf.identity(x, name="inner")
    with tf.variable_op_scope([x], None, "vlegacy"):
        in_variable_op_scope = tf.multiply(x, 0.5, name="scaled")
    with tf.colocate_with(x.op), tf.container("c"):
        colocated = tf.square(x, name="colocated")
    passed = tf.grad_pass_through(lambda v: tf.round(v * 3.0))(x)
    recomputed = tf.recompute_grad(lambda v: tf.sin(v) * v)(x)
    return {
        "in_op_scope": in_op_scope,
        "in_variable_op_scope": in_variable_op_scope,
        "colocated": colocated,
        "passed": passed,
        "recomputed": recomputed,
    }


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else value


def check_numerics_outcomes(tf) -> dict:
    out: dict = {}
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [2], name="x")
        y = tf.log(x)
        tf.identity(y * 2.0, name="z")
        tf.constant([1, 2], name="ints")
        chk = tf.add_check_numerics_ops()
        out["group"] = [chk.name, chk.type]
        checks = [op for op in g.get_operations() if op.type == "CheckNumerics"]
        out["checks"] = [op.name for op in checks]
        out["messages"] = [_text(op.get_attr("message")) for op in checks]
        with tf.Session() as sess:
            out["fine"] = sess.run([y, chk], {x: [1.0, 2.0]})[0].tolist()
            try:
                sess.run(chk, {x: [0.0, 2.0]})
                out["bad"] = "nothing"
            except Exception as e:
                out["bad"] = [type(e).__name__, "Log:0 : Tensor had Inf values" in str(e)]
    with tf.Graph().as_default():
        p = tf.placeholder(tf.bool, [])
        tf.cond(p, lambda: tf.constant(1.0), lambda: tf.constant(2.0))
        out["with_cond"] = _outcome_of(tf.add_check_numerics_ops)
    return out


def training_outcomes(tf) -> dict:

    out: dict = {}
    with tf.Graph().as_default():
        checks = {
            "int_scalar_variable": lambda: tf.train.assert_global_step(
                tf.Variable(0, dtype=tf.int64, name="step")
            ),
            "float_variable": lambda: tf.train.assert_global_step(tf.Variable(0.0)),
            "int_vector": lambda: tf.train.assert_global_step(tf.constant([1, 2])),
            "unknown_shape": lambda: tf.train.assert_global_step(tf.placeholder(tf.int32, None)),
            "python_int": lambda: tf.train.assert_global_step(3),
        }
        out["assert_global_step"] = {k: _outcome_of(f) for k, f in checks.items()}
    iterables = {"list": [1], "tuple": (1,), "array": np.zeros(2), "text": "ab", "int": 3}
    out["proper_iterable"] = {
        k: _outcome_of(lambda v=v: tf.assert_proper_iterable(v)) for k, v in iterables.items()
    }
    with tf.Graph().as_default():
        tf.train.get_or_create_global_step()
        sv = tf.train.Supervisor(logdir=_scratch_dir(), save_model_secs=0, save_summaries_secs=0)
        calls = []

        def step(sess, scale, offset=0):
            calls.append(scale + offset)
            if len(calls) == 3:
                sv.request_stop()

        tf.train.basic_train_loop(sv, step, args=[2], kwargs={"offset": 1})
        out["basic_train_loop"] = calls
    return out


# -- tf.get_seed: TF's rules for the (graph seed, op seed) pair -----------------------------


def seeds(tf) -> dict:
    out = {}
    with tf.Graph().as_default():
        out["no_seeds"] = tf.get_seed(None)
        out["op_seed_only"] = tf.get_seed(3)
    with tf.Graph().as_default():
        tf.set_random_seed(5)
        out["graph_seed_empty_graph"] = tf.get_seed(None)
        tf.constant(1.0)
        tf.constant(2.0) + 1.0
        out["graph_seed_after_ops"] = tf.get_seed(None)
        out["both"] = tf.get_seed(7)
    with tf.Graph().as_default():
        tf.set_random_seed(0)
        out["zeros"] = tf.get_seed(0)
        out["zero_graph_seed"] = tf.get_seed(4)
    with tf.Graph().as_default():
        tf.set_random_seed(2**40 + 11)
        out["truncated"] = tf.get_seed(2**35 + 3)
        out["negative_op_seed"] = tf.get_seed(-9)
    return {k: list(v) for k, v in out.items()}


# -- tf.test: TestCase's sessions and graphs, its assertions, the gradient checker ----------

NAN = float("nan")
INF = float("inf")


def _assertion_cases(tf):
    """(name, call on a TestCase) pairs; each records "ok" or the class it raised."""
    np = __import__("numpy")
    f16, f32 = np.float16, np.float32

    def raise_op_error(t):
        with t.assertRaisesOpError("."):
            p = tf.placeholder(tf.float32, [2])
            t.evaluate(p * 2.0)

    def raise_value_error_as_op_error(t):
        with t.assertRaisesOpError("."):
            raise ValueError("not an op error")

    def raise_nothing(t):
        with t.assertRaisesOpError("."):
            pass

    def predicate_match(t):
        with t.assertRaisesWithPredicateMatch(ValueError, lambda e: "bad" in str(e)):
            raise ValueError("a bad thing")

    def regex_match(t):
        with t.assertRaisesWithPredicateMatch(ValueError, r"b.d"):
            raise ValueError("a bad thing")

    def regex_mismatch(t):
        with t.assertRaisesWithPredicateMatch(ValueError, r"^good"):
            raise ValueError("a bad thing")

    return {
        "close_within_default": lambda t: t.assertAllClose([1.0, 2.0], [1.0, 2.0 + 1e-7]),
        "close_outside_default": lambda t: t.assertAllClose([1.0], [1.0 + 1e-5]),
        "close_rtol_from_b": lambda t: t.assertAllClose(1.0, 1.0 + 1.5e-6),
        "close_custom_tol": lambda t: t.assertAllClose([1.0], [1.05], rtol=0, atol=0.1),
        "close_nested": lambda t: t.assertAllClose(
            {"a": [1.0, 2.0], "b": (3.0, {"c": 4.0})}, {"a": [1.0, 2.0], "b": (3.0, {"c": 4.0})}
        ),
        "close_nested_differs": lambda t: t.assertAllClose(
            {"a": [1.0, 2.0], "b": (3.0, 4.0)}, {"a": [1.0, 2.0], "b": (3.0, 4.5)}
        ),
        "close_keys_differ": lambda t: t.assertAllClose({"a": 1.0}, {"b": 1.0}),
        "close_dict_vs_list": lambda t: t.assertAllClose({"a": 1.0}, [1.0]),
        "close_ragged": lambda t: t.assertAllClose([[1.0, 2.0], [3.0]], [[1.0, 2.0], [3.0]]),
        "close_ragged_length": lambda t: t.assertAllClose([[1.0, 2.0], [3.0]], [[1.0, 2.0]]),
        "close_shape_mismatch": lambda t: t.assertAllClose(np.zeros((2, 3)), np.zeros((3, 2))),
        "close_nan_nan": lambda t: t.assertAllClose([NAN, 1.0], [NAN, 1.0]),
        "close_nan_number": lambda t: t.assertAllClose([NAN], [1.0]),
        "close_tensors": lambda t: t.assertAllClose(tf.constant([1.0, 2.0]), [1.0, 2.0]),
        "close_two_tensors": lambda t: t.assertAllClose(tf.constant(1.0), tf.constant(1.0)),
        "not_close": lambda t: t.assertNotAllClose([1.0], [2.0]),
        "not_close_but_close": lambda t: t.assertNotAllClose([1.0], [1.0]),
        "equal": lambda t: t.assertAllEqual([1, 2], [1, 2]),
        "equal_differs": lambda t: t.assertAllEqual([1, 2], [1, 3]),
        "equal_nan": lambda t: t.assertAllEqual([NAN], [NAN]),
        "equal_shape": lambda t: t.assertAllEqual([1, 2], [[1, 2]]),
        "equal_tensor": lambda t: t.assertAllEqual(tf.constant([[1, 2]]), [[1, 2]]),
        "equal_strings": lambda t: t.assertAllEqual(["a", "b"], ["a", "b"]),
        "by_type_half": lambda t: t.assertAllCloseAccordingToType(
            np.array([1.0], f16), np.array([1.0005], f16)
        ),
        "by_type_float": lambda t: t.assertAllCloseAccordingToType(
            np.array([1.0], f32), np.array([1.0 + 5e-6], f32)
        ),
        "by_type_double": lambda t: t.assertAllCloseAccordingToType(
            np.array([1.0]), np.array([1.0 + 1e-5])
        ),
        "by_type_double_loose": lambda t: t.assertAllCloseAccordingToType(
            np.array([1.0]), np.array([1.0 + 1e-5]), rtol=1e-4, atol=1e-4
        ),
        "near": lambda t: t.assertNear(1.0, 1.05, 0.1),
        "near_fails": lambda t: t.assertNear(1.0, 1.2, 0.1),
        "near_infinities": lambda t: t.assertNear(INF, INF, 0.0),
        "array_near": lambda t: t.assertArrayNear([1.0, 2.0], [1.01, 2.0], 0.1),
        "array_near_lengths": lambda t: t.assertArrayNear([1.0, 2.0], [1.0], 0.1),
        "array_near_fails": lambda t: t.assertArrayNear([1.0, 2.0], [1.0, 2.5], 0.1),
        "nd_array_near_edge": lambda t: t.assertNDArrayNear(np.array([3.0, 4.0]), np.zeros(2), 5.0),
        "nd_array_near": lambda t: t.assertNDArrayNear(np.array([3.0, 4.0]), np.zeros(2), 5.1),
        "in_range": lambda t: t.assertAllInRange([1, 2, 3], 1, 3),
        "in_range_open_upper": lambda t: t.assertAllInRange([1, 2, 3], 1, 3, open_upper_bound=True),
        "in_range_open_lower": lambda t: t.assertAllInRange([1, 2, 3], 1, 3, open_lower_bound=True),
        "in_range_nan": lambda t: t.assertAllInRange([1.0, NAN], 0.0, 2.0),
        "in_range_strings": lambda t: t.assertAllInRange(["a"], 0, 1),
        "in_range_tensor": lambda t: t.assertAllInRange(tf.constant([0.5, 0.7]), 0.0, 1.0),
        "greater": lambda t: t.assertAllGreater([2, 3], 1),
        "greater_fails": lambda t: t.assertAllGreater([1, 3], 1),
        "greater_equal": lambda t: t.assertAllGreaterEqual([1, 3], 1),
        "less": lambda t: t.assertAllLess([0, 0.5], 1),
        "less_fails": lambda t: t.assertAllLess([0, 1], 1),
        "less_equal": lambda t: t.assertAllLessEqual([0, 1], 1),
        "in_set": lambda t: t.assertAllInSet([1, 2, 2], {1, 2}),
        "in_set_fails": lambda t: t.assertAllInSet([1, 4], {1, 2}),
        "shape_equal": lambda t: t.assertShapeEqual(np.zeros((2, 3)), tf.zeros([2, 3])),
        "shape_equal_unknown": lambda t: t.assertShapeEqual(
            np.zeros((2, 3)), tf.placeholder(tf.float32, [None, 3])
        ),
        "shape_equal_list": lambda t: t.assertShapeEqual([1, 2], tf.zeros([2])),
        "dtype_equal": lambda t: t.assertDTypeEqual(np.zeros(2, np.int32), np.int32),
        "len": lambda t: t.assertLen([1, 2], 2),
        "len_fails": lambda t: t.assertLen([1, 2], 3),
        "empty": lambda t: t.assertEmpty([]),
        "empty_fails": lambda t: t.assertEmpty([1]),
        "not_empty": lambda t: t.assertNotEmpty((1,)),
        "between": lambda t: t.assertBetween(2, 1, 2),
        "between_fails": lambda t: t.assertBetween(3, 1, 2),
        "same_elements": lambda t: t.assertSameElements([1, 2, 2], [2, 1]),
        "same_elements_fails": lambda t: t.assertSameElements([1, 3], [1, 2]),
        "contains_subset": lambda t: t.assertContainsSubset([1], [1, 2]),
        "contains_subset_fails": lambda t: t.assertContainsSubset([3], [1, 2]),
        "ends_with": lambda t: t.assertEndsWith("graphgate", "gate"),
        "items_equal": lambda t: t.assertItemsEqual([1, 2, 2], [2, 1, 2]),
        "items_equal_fails": lambda t: t.assertItemsEqual([1, 2], [2, 1, 1]),
        "raises_regexp": lambda t: t.assertRaisesRegexp(ValueError, "ba+d", _raise_bad),
        "raises_op_error": raise_op_error,
        "raises_value_error_as_op_error": raise_value_error_as_op_error,
        "raises_nothing": raise_nothing,
        "predicate_match": predicate_match,
        "regex_match": regex_match,
        "regex_mismatch": regex_mismatch,
    }


def _raise_bad():
    raise ValueError("baad")


def _scratch_dir() -> str:
    """A temporary directory removed when the process exits (tests run these helpers)."""
    import atexit
    import shutil
    import tempfile

    path = tempfile.mkdtemp(prefix="tf1_app_")
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def _outcome_of(call) -> str:
    try:
        call()
    except Exception as e:
        return type(e).__name__
    return "ok"


def testcase_observations(tf) -> dict:
    """Run a tf.test.TestCase with unittest and record what its tests saw."""
    import io
    import unittest

    import numpy as np

    seen: dict = {}

    class Observed(tf.test.TestCase):
        def test_a_fresh_graph(self):
            g = tf.get_default_graph()
            seen["ops_at_start"] = len(g.get_operations())
            seen["graph_seed"] = g.seed
            tf.constant(1.0)

        def test_b_fresh_graph_again(self):
            seen["ops_at_start_again"] = len(tf.get_default_graph().get_operations())

        def test_numpy_seeded(self):
            seen["numpy_draw"] = float(np.random.rand())

        def test_cached_session(self):
            c = tf.constant(3) * 2
            with self.cached_session() as s1:
                first = s1
                seen["cached_is_default"] = tf.get_default_session() is s1
                seen["cached_graph_is_default"] = s1.graph is tf.get_default_graph()
                seen["evaluate"] = int(self.evaluate(c))
            with self.cached_session() as s2:
                seen["cached_twice_same"] = s2 is first
            with self.test_session() as s3:
                seen["test_session_is_cached"] = s3 is first
            with self.session() as s4:
                seen["session_is_new"] = s4 is not first
                seen["session_is_default"] = tf.get_default_session() is s4
            seen["no_default_after"] = tf.get_default_session() is None

        def test_cached_session_other_graph(self):
            with self.cached_session():
                pass
            try:
                with self.cached_session(graph=tf.Graph()):
                    pass
                seen["cached_other_graph"] = "nothing"
            except Exception as e:
                seen["cached_other_graph"] = type(e).__name__

        def test_explicit_graph(self):
            g = tf.Graph()
            with g.as_default():
                c = tf.constant([1, 2])
            with self.session(graph=g) as s:
                seen["explicit_graph"] = s.graph is g
                seen["explicit_value"] = self.evaluate(c).tolist()

        def test_evaluate_nested(self):
            c = tf.constant([1.0, 2.0])
            out = self.evaluate({"a": c, "b": [c * 2.0, (c,)]})
            seen["nested"] = {
                "a": out["a"].tolist(),
                "b0": out["b"][0].tolist(),
                "b1": out["b"][1][0].tolist(),
                "types": [type(out["b"]).__name__, type(out["b"][1]).__name__],
            }

        def test_temp_dir(self):
            path = self.get_temp_dir()
            seen["temp_dir_exists"] = __import__("os").path.isdir(path)
            seen["temp_dir_stable"] = self.get_temp_dir() == path

        def test_assertions(self):
            outcomes = {}
            for name, call in _assertion_cases(tf).items():
                outcomes[name] = _outcome_of(lambda call=call: call(self))
            seen["assertions"] = outcomes

        def test_near_message(self):
            try:
                self.assertNear(1.0, 1.25, 0.1, msg="why")
            except AssertionError as e:
                seen["near_message"] = str(e)

    suite = unittest.defaultTestLoader.loadTestsFromTestCase(Observed)
    result = unittest.TextTestRunner(stream=io.StringIO(), verbosity=0).run(suite)
    seen["ran"] = result.testsRun
    seen["skipped"] = sorted(t.id().rsplit(".", 1)[-1] for t, _ in result.skipped)
    seen["problems"] = [t.id() + ": " + text.splitlines()[-1] for t, text in result.errors]
    seen["problems"] += [t.id() + ": " + text.splitlines()[-1] for t, text in result.failures]
    return seen


# compute_gradient cases: (x, x_shape, y, y_shape, x_init_value) built on the default graph.
def _grad_tanh_matmul(tf, np):
    x = tf.placeholder(tf.float64, [2, 3], name="x")
    w = tf.constant(np.arange(12.0).reshape(3, 4) / 10.0)
    y = tf.tanh(tf.matmul(x, w))
    return x, [2, 3], y, [2, 4], np.linspace(-1.0, 1.0, 6).reshape(2, 3)


def _grad_float32_square(tf, np):
    x = tf.constant([0.5, -1.5, 2.0], dtype=tf.float32)
    y = tf.reduce_sum(tf.square(x) * tf.constant([1.0, 2.0, 3.0]))
    return x, [3], y, [], np.array([0.5, -1.5, 2.0], np.float32)


def _grad_random_init(tf, np):
    x = tf.placeholder(tf.float64, [4], name="x")
    y = tf.exp(x) * x
    return x, [4], y, [4], None


def _grad_two_inputs(tf, np):
    inits = [np.array([0.3, -0.7]), np.array([1.5, 2.5])]
    a = tf.constant(inits[0], name="a")
    b = tf.constant(inits[1], name="b")
    y = a * b + tf.sin(a)
    return [a, b], [[2], [2]], y, [2], inits


GRADIENT_CASES = {
    "tanh_matmul": _grad_tanh_matmul,
    "float32_square": _grad_float32_square,
    "random_init": _grad_random_init,
    "two_inputs": _grad_two_inputs,
}


def gradient_check(tf, build) -> dict:
    import numpy as np

    np.random.seed(87654321)
    with tf.Graph().as_default(), tf.Session() as sess, sess.as_default():
        x, x_shape, y, y_shape, init = build(tf, np)
        pairs = tf.test.compute_gradient(x, x_shape, y, y_shape, x_init_value=init)
        err = tf.test.compute_gradient_error(x, x_shape, y, y_shape, x_init_value=init)
    pairs = pairs if isinstance(pairs, list) else [pairs]
    return {
        "theoretical": [t.tolist() for t, _ in pairs],
        "numerical": [n.tolist() for _, n in pairs],
        "dtypes": [t.dtype.name for t, _ in pairs],
        "error": float(err),
    }


TF_PRELUDE = "import tensorflow.compat.v1 as tf\n"


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    tf.disable_v2_tensorshape()
    doc = {
        "tensorflow": tf.__version__,
        "flags": flag_outcomes(tf.flags),
        "unparsed_access": unparsed_access(tf.flags),
        "programs": {n: run_program(TF_PRELUDE, *p) for n, p in PROGRAMS.items()},
        "cases": {n: tf1_math.run_case(tf, a, b) for n, (a, b) in CASES.items()},
        "errors": {n: raised(tf, b) for n, b in ERRORS.items()},
        "fails": {n: failed(tf, b) for n, b in FAILS.items()},
        "seeds": seeds(tf),
        "small_names": small_names(tf),
        "config": config_outcomes(tf),
        "nest": nest_outcomes(tf),
        "check_numerics": check_numerics_outcomes(tf),
        "training": training_outcomes(tf),
        "test_decorators": decorator_outcomes(tf),
        "python_io": python_io_outcomes(tf),
        "testcase": testcase_observations(tf),
        "gradient_check": {n: gradient_check(tf, b) for n, b in GRADIENT_CASES.items()},
        "namespaces": {
            m: sorted(n for n in dir(getattr(tf, m)) if not n.startswith("_"))
            for m in (
                "app",
                "flags",
                "test",
                "bitwise",
                "sets",
                "manip",
                "sysconfig",
                "signal",
                "config",
                "nest",
                "python_io",
            )
        },
    }
    json.dump(_json_safe(doc), sys.stdout, indent=None, sort_keys=True, allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
