"""TF1's `tf.app`/`tf.flags`, `tf.test`, `tf.bitwise` and small namespaces on graphgate,
pinned to what TensorFlow does.

`tests/reference/tf1_app.py` holds the cases (flag definitions parsed from an argv, small
programs using `tf.app.run` and `tf.flags.FLAGS`, ops); it wrote what `tf.compat.v1` did
into `fixtures/tf1_app.json`. Here the same code runs with `tf` bound to graphgate.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.test_gradients import check_grads
from tests.unit.engine.tf_reference.compare import build_case, check_case, check_round_trip

ROOT = Path(__file__).parents[3]
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_app.json").read_text())
_spec = importlib.util.spec_from_file_location("tf1_app", ROOT / "tests/reference/tf1_app.py")
cases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cases)

# -- flags ----------------------------------------------------------------------------------

# absl names the defining modules in this message; graphgate does not track them.
MESSAGE_DIFFERS = {"duplicate_definition"}


@pytest.mark.parametrize("name", sorted(cases.FLAG_CASES))
def test_flags_parse_as_tensorflow(name):
    want = FIXTURE["flags"][name]
    got = cases._outcome(gg.flags, *cases.FLAG_CASES[name])
    if name in MESSAGE_DIFFERS:
        got.pop("message"), want.pop("message")
    assert got == want


def test_reading_a_flag_before_parsing_raises_as_absl():
    want = FIXTURE["unparsed_access"]
    got = cases.unparsed_access(gg.flags)
    assert got["raised"] == want["raised"] and got["message"] == want["message"]
    assert got["mro"][:3] == want["mro"][:3]


def test_flag_errors_are_flags_error_subclasses():
    for cls in (
        gg.flags.IllegalFlagValueError,
        gg.flags.UnrecognizedFlagError,
        gg.flags.DuplicateFlagError,
        gg.flags.UnparsedFlagAccessError,
    ):
        assert issubclass(cls, gg.flags.Error)
    assert gg.app.flags is gg.flags


def test_validators_run_when_a_flag_is_set():
    fv = gg.flags.FlagValues()
    gg.flags.DEFINE_integer("n", 1, "n", flag_values=fv)
    gg.flags.register_validator("n", lambda v: v < 5, "n must be small", flag_values=fv)
    fv(["p", "--n=3"])
    with pytest.raises(gg.flags.IllegalFlagValueError, match="n must be small"):
        fv.n = 9
    with pytest.raises(gg.flags.IllegalFlagValueError, match="flag --n=7: n must be small"):
        fv(["p", "--n=7"])


def test_holder_and_values_dict():
    fv = gg.flags.FlagValues()
    holder = gg.flags.DEFINE_string("s", "a", "s", flag_values=fv)
    fv(["p", "--s=b"])
    assert (holder.value, holder.default, holder.present) == ("b", "a", True)
    assert fv.flag_values_dict() == {"s": "b"}
    fv.unparse_flags()
    assert not fv.is_parsed() and fv["s"].value == "a"


# -- programs: tf.app.run and the implicit parse, in a subprocess ---------------------------


@pytest.mark.parametrize("name", sorted(cases.PROGRAMS))
def test_program_behaves_as_under_tensorflow(name):
    want = FIXTURE["programs"][name]
    source, args = cases.PROGRAMS[name]
    code = "import graphgate as tf\n" + __import__("textwrap").dedent(source)
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == want["status"], done.stderr
    if name == "helpfull_exits":
        assert "--lr: the learning rate" in done.stdout and "USAGE: -c [flags]" in done.stdout
    else:
        assert done.stdout == want["stdout"]


# -- tf.test ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def observed():
    return cases.testcase_observations(gg)


def test_testcase_sessions_and_graphs_behave_as_tensorflows(observed):
    want = {k: v for k, v in FIXTURE["testcase"].items() if k != "assertions"}
    got = {k: v for k, v in observed.items() if k != "assertions"}
    assert got == want


@pytest.mark.parametrize("name", sorted(FIXTURE["testcase"]["assertions"]))
def test_assertion_outcome_is_tensorflows(observed, name):
    assert observed["assertions"][name] == FIXTURE["testcase"]["assertions"][name]


@pytest.mark.parametrize("name", sorted(cases.GRADIENT_CASES))
def test_compute_gradient_matches_tensorflow(name):
    want = FIXTURE["gradient_check"][name]
    got = cases.gradient_check(gg, cases.GRADIENT_CASES[name])
    assert got["dtypes"] == want["dtypes"]
    # float32 central differences round differently from TensorFlow's kernels.
    tol = 1e-3 if "float32" in want["dtypes"] else 1e-7
    for key in ("theoretical", "numerical"):
        for g, w in zip(got[key], want[key], strict=True):
            np.testing.assert_allclose(g, w, rtol=tol, atol=tol)
    assert got["error"] == pytest.approx(want["error"], rel=0.5, abs=tol)
    assert got["error"] < 1e-2


def test_compute_gradient_refuses_integer_inputs():
    with gg.Graph().as_default(), gg.Session() as sess, sess.as_default():
        x = gg.constant([1, 2])
        with pytest.raises(AssertionError, match="Don't support type int32 for x"):
            gg.test.compute_gradient(x, [2], x * 2, [2])


def test_device_probes_say_cpu_only():
    assert gg.test.is_gpu_available() is False
    assert gg.test.gpu_device_name() == ""
    assert gg.test.is_built_with_cuda() is False
    assert os.path.isdir(gg.test.get_temp_dir())


def test_benchmark_times_an_op():
    with gg.Graph().as_default(), gg.Session() as sess:
        out = gg.test.Benchmark().run_op_benchmark(sess, gg.constant(1.0) + 1.0, min_iters=3)
    assert out["iters"] == 3 and out["wall_time"] >= 0


# -- ops: tf.bitwise ------------------------------------------------------------------------

_math_spec = importlib.util.spec_from_file_location(
    "tf1_math", ROOT / "tests/reference/tf1_math.py"
)
_math = importlib.util.module_from_spec(_math_spec)
_math_spec.loader.exec_module(_math)


def _build(name):
    ref = FIXTURE["cases"][name]
    return ref, build_case(ref, cases.CASES[name][1], _math.scalar)


# Control flow's outputs are named by the control-flow module (while_loop), not by the ops.
NAMES_DIFFER = {("bitwise_in_while_loop", "out"), ("sets_in_cond", "out")}
# TensorFlow frames with reshapes and a gather on a padded, reshaped signal (ending in
# `frame/Reshape_3`); graphgate pads and gathers once (`frame/GatherV2`): same values, static
# shapes and gradients.
_FRAMES = ("frame", "frame_pad", "frame_axis0", "frame_middle", "frame_exact")
NAMES_DIFFER |= {("signal_frames", k) for k in _FRAMES}
# TF's switch_case is one `Case` op under `switch_case/indexed_case`; graphgate chains conds.
_SWITCHES = ("picked", "by_dict", "default", "last", "negative")
NAMES_DIFFER |= {("switch_and_normalize", k) for k in _SWITCHES}
# TF's dct goes through an FFT (names under `dct/rfft...`); graphgate's is one matmul with
# the cosine basis (`dct/Reshape_1`): same values, static shapes and gradients.
CASES_NAMED_APART = {"signal_dct"}
# The mfccs end in the scaling product, named after the scope's other products (TF counts
# the ops its FFT adds): compared by value only.
NAMES_DIFFER |= {("signal_mel", "mfccs")}
# TF wraps recompute_grad's function in a custom gradient (`IdentityN_1`); graphgate runs it.
NAMES_DIFFER |= {("scopes_and_gradient_wrappers", "recomputed")}


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_op_case_matches_tensorflow(name):
    ref, case = _build(name)
    check_case(name, ref, case)
    for key, want in ref["outputs"].items():
        if (name, key) not in NAMES_DIFFER and name not in CASES_NAMED_APART:
            assert case[1][key].op.name == want["op"], f"{name}.{key}"


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_op_case_round_trips_the_graph_format(name):
    check_round_trip(_build(name)[1])


@pytest.mark.parametrize("name", sorted(cases.ERRORS))
def test_refused_at_build_time_as_tensorflow(name):
    want = FIXTURE["errors"][name]
    with gg.Graph().as_default(), pytest.raises(Exception) as info:
        cases.ERRORS[name](gg)
    assert want in [c.__name__ for c in type(info.value).__mro__], (name, info.value)
    assert isinstance(info.value, gg.GraphgateError)


def test_bitwise_ops_have_no_gradient_as_tensorflows():
    with gg.Graph().as_default():
        x = gg.constant([1.0])
        n = gg.cast(x, gg.int32)
        y = gg.cast(gg.bitwise.left_shift(gg.bitwise.invert(n), 1), gg.float32)
        assert gg.gradients(y, x) == [None]


def test_namespaces_list_tensorflows_names():
    # The table namespaces list exactly TF's names; the module ones hold at least TF's.
    for module in ("bitwise", "manip", "sets"):
        assert dir(getattr(gg, module)) == FIXTURE["namespaces"][module], module
    for module in ("app", "test", "nest", "python_io"):
        missing = set(FIXTURE["namespaces"][module]) - set(dir(getattr(gg, module)))
        allowed = {
            "StubOutForTesting",
            "assert_equal_graph_def",
            "create_local_cluster",
            "experimental",
        }
        assert not missing - allowed, (module, missing)


def test_sysconfig_refuses_extension_builds_clearly():
    with pytest.raises(gg.errors.UnimplementedError, match="no TensorFlow headers"):
        gg.sysconfig.get_include()
    assert gg.sysconfig.get_build_info()["is_cuda_build"] is False


@pytest.mark.parametrize("name", sorted(cases.FAILS))
def test_fails_at_run_time_as_tensorflow(name):
    g = gg.Graph()
    with g.as_default():
        out = cases.FAILS[name](gg)
    with gg.Session(graph=g) as sess, pytest.raises(gg.OpError) as info:
        sess.run(out)
    assert FIXTURE["fails"][name] in [c.__name__ for c in type(info.value).__mro__]


# -- tf.get_seed ------------------------------------------------------------------------------


def test_get_seed_follows_tensorflows_rules():
    # Every pair TF gives: truncation, the (0, 0) rule, and a seedless op under a graph
    # seed numbered by the random ops before it.
    assert cases.seeds(gg) == FIXTURE["seeds"]


def test_random_ops_use_the_seeds_get_seed_gives():
    with gg.Graph().as_default():
        gg.set_random_seed(0)
        op = gg.random_normal([2], seed=0).op
        assert (op.attrs["seed"], op.attrs["seed2"]) == (0, 2**31 - 1)


# -- tf.signal and the small top-level names ----------------------------------------------------


def test_transform_aliases_are_tf_signals_and_mdct_is_refused():
    # The transforms' values are pinned in test_tf1_complex.py.
    assert gg.fft is gg.signal.fft and gg.ifft2d is gg.signal.ifft2d
    assert gg.spectral.irfft is gg.signal.irfft and gg.spectral.fft3d is gg.signal.fft3d
    assert gg.contrib.signal.stft is gg.signal.stft
    with pytest.raises(gg.errors.UnimplementedError, match="mdct"):
        gg.signal.mdct(gg.constant([1.0, 2.0]), 2)


def test_frame_gradient_matches_finite_differences():
    check_grads(lambda x: gg.signal.frame(x, 3, 2, pad_end=True), np.linspace(-1, 1, 7))


@pytest.mark.parametrize("name", sorted(FIXTURE["small_names"]))
def test_small_name_behaves_as_tensorflows(name):
    want = FIXTURE["small_names"][name]
    got = cases.small_names(gg)[name]
    if name == "same_float":
        for key, cls in want.items():
            assert got[key] == cls or cls in [
                c.__name__ for c in getattr(gg.errors, "PYTHON_CLASSES", {}).get("INVALID_ATTR", ())
            ], key
    elif name == "stat_missing":
        assert got[:2] == want[:2]
    else:
        assert got == want


# -- tf.config --------------------------------------------------------------------------------


def test_config_lists_one_cpu_and_records_settings_as_tensorflow():
    want = dict(FIXTURE["config"])
    got = cases.config_outcomes(gg)
    # graphgate's refusal is InvalidArgumentValueError, a ValueError as TF's.
    assert want.pop("memory_growth_cpu") == "ValueError"
    assert got.pop("memory_growth_cpu").endswith("ValueError")
    got["cpus"] = [list(d) for d in got["cpus"]]
    assert got == want


def test_config_refuses_what_graphgate_cannot_do():
    cpu = gg.config.list_physical_devices("CPU")[0]
    with pytest.raises(gg.errors.UnimplementedError):
        gg.config.set_logical_device_configuration(cpu, [gg.config.LogicalDeviceConfiguration()])
    with pytest.raises(gg.errors.UnimplementedError):
        gg.config.run_functions_eagerly(True)
    with pytest.raises(ValueError, match="cannot be hidden"):
        gg.config.set_visible_devices([], "CPU")
    gg.config.threading.set_inter_op_parallelism_threads(2)
    assert gg.config.threading.get_inter_op_parallelism_threads() == 2
    gg.config.threading.set_inter_op_parallelism_threads(0)


# -- tf.nest and tf.python_io -------------------------------------------------------------------


def test_nest_behaves_as_tensorflows():
    assert cases.nest_outcomes(gg) == FIXTURE["nest"]


def test_tfrecord_files_are_tensorflows_bytes():
    got = cases.python_io_outcomes(gg)
    want = FIXTURE["python_io"]
    assert got["bytes"] == want["bytes"] and got["read"] == want["read"]
    assert got["GZIP"] and got["ZLIB"] and want["GZIP"] and want["ZLIB"]
    assert want["corrupt"] == "DataLossError" and got["corrupt"].startswith("DataLoss")
    assert gg.io.TFRecordWriter is gg.python_io.TFRecordWriter


def test_test_decorators_behave_as_tensorflows():
    assert cases.decorator_outcomes(gg) == FIXTURE["test_decorators"]


def test_flags_dunder_flags_maps_names_to_flags_as_absls():
    fv = gg.flags.FlagValues()
    gg.flags.DEFINE_integer("n", 3, "n", flag_values=fv)
    fv(["p", "--n=4"])
    flags_dict = fv.__flags
    assert {k: v.value for k, v in flags_dict.items()} == {"n": 4}


def test_add_check_numerics_ops_as_tensorflows():
    want = dict(FIXTURE["check_numerics"])
    got = cases.check_numerics_outcomes(gg)
    # TF 1.15 refuses a graph with cond/while_loop (ValueError), and so does graphgate,
    # whose bodies' ops sit in the graph as TF1's did; TF 2's compat.v1, which wrote the
    # fixture, builds bodies as functions and checks only the outer graph.
    assert want.pop("with_cond") == "ok" and got.pop("with_cond").endswith("ValueError")
    assert got == want


# -- tf.train's checkpoint housekeeping ----------------------------------------------------------


def test_checkpoints_iterator_yields_new_checkpoints_and_remove_deletes_them(tmp_path):
    with gg.Graph().as_default():
        v = gg.Variable(1.0, name="v")
        saver = gg.train.Saver()
        with gg.Session() as sess:
            sess.run(v.initializer)
            first = saver.save(sess, str(tmp_path / "model"), global_step=1)
            assert list(gg.train.checkpoints_iterator(str(tmp_path), timeout=0)) == [first]
            second = saver.save(sess, str(tmp_path / "model"), global_step=2)
    seen = gg.train.checkpoints_iterator(str(tmp_path), timeout=0)
    assert next(seen) == second
    mtimes = gg.train.get_checkpoint_mtimes([first, second, str(tmp_path / "none")])
    assert len(mtimes) == 2 and all(t > 0 for t in mtimes)
    gg.train.remove_checkpoint(first)
    assert not gg.train.checkpoint_exists(first) and gg.train.checkpoint_exists(second)
    # The iterator ends when no new checkpoint comes within the timeout (no timeout_fn).
    assert list(seen) == []


def test_training_helpers_behave_as_tensorflows():
    assert cases.training_outcomes(gg) == FIXTURE["training"]


def test_dct_gradient_matches_finite_differences():
    check_grads(lambda x: gg.signal.dct(x, type=2, norm="ortho", n=5), np.linspace(-1, 1, 8))
