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
    }
    json.dump(_json_safe(doc), sys.stdout, indent=1, sort_keys=True, allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
