"""TF1 API surface that public TF1 code uses and graphgate lacked (scripts/tf_surface.py
lists it), run unchanged on graphgate and observing what TensorFlow observed; what cannot
mean anything on one CPU refused by name; and the surface walk's own logic.

`tests/reference/tf1_surface.py` holds the programs and wrote what `tf.compat.v1` computed
into `fixtures/tf1_surface.json`.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import sys
import types
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.test_tf1_programs import _normal
from tests.unit.engine.tf_observed import assert_observed, raised

ROOT = Path(__file__).parents[3]
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_surface.json").read_text())


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


programs = _load("tf1_surface", ROOT / "tests/reference/tf1_surface.py")
surface = _load("tf_surface", ROOT / "scripts/tf_surface.py")


_READ: dict = {}
exec(programs.READ_EVENTS, _READ)


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    scope = {"tf": gg, "np": np, "out": out, "raises": raised, "read_events": _READ["read_events"]}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], scope)
    assert_observed(_normal(out), _normal(FIXTURE["programs"][name]), name)


def test_summary_iterator_reads_tensorflows_event_file(tmp_path):
    stored = FIXTURE["tf_event_file"]
    path = tmp_path / "events.out.tfevents.1.host"
    path.write_bytes(base64.b64decode(stored["base64"]))
    assert _normal(_READ["read_events"](gg, str(path))) == _normal(stored["events"])


@pytest.mark.parametrize(
    "build, named",
    [
        (lambda: gg.train.Server({"worker": ["localhost:1"]}), "tf.train.Server"),
        (lambda: gg.train.Server.create_local_server(), "tf.train.Server"),
        (lambda: gg.distribute.MirroredStrategy(), "tf.distribute.MirroredStrategy"),
        (lambda: gg.distribute.OneDeviceStrategy("/cpu:0"), "OneDeviceStrategy"),
        (lambda: gg.distribute.experimental.TPUStrategy(), "TPUStrategy"),
        (
            lambda: gg.distribute.cluster_resolver.TPUClusterResolver(tpu="t"),
            "cluster_resolver.TPUClusterResolver",
        ),
        (lambda: gg.distribute.experimental_set_strategy(object()), "experimental_set_strategy"),
        (lambda: gg.tpu.CrossShardOptimizer(gg.train.AdamOptimizer()), "tf.tpu."),
        (lambda: gg.tpu.experimental.initialize_tpu_system(), "initialize_tpu_system"),
        (lambda: gg.tpu.rewrite(lambda: 1), "tf.tpu.rewrite"),
        (lambda: gg.test.create_local_cluster(1, 0), "create_local_cluster"),
        (lambda: gg.config.experimental_connect_to_cluster(None), "connect_to_cluster"),
        (lambda: gg.train.SyncReplicasOptimizer(None, 2), "SyncReplicasOptimizer"),
    ],
)
def test_what_one_cpu_cannot_do_is_refused_by_name(build, named):
    with pytest.raises(NotImplementedError) as caught:
        build()
    assert isinstance(caught.value, gg.errors.UnimplementedError)
    assert named in str(caught.value) and "one CPU" in str(caught.value)


@pytest.mark.parametrize(
    "build, named",
    [
        (lambda: gg.profiler.ProfileOptionBuilder.float_operation(), "tfprof"),
        (lambda: gg.profiler.profile(gg.get_default_graph()), "tfprof"),
        (lambda: gg.load_op_library("ops.so"), "load C"),
        (lambda: gg.autograph.to_graph(lambda x: x), "no AutoGraph"),
    ],
)
def test_profiler_and_op_libraries_are_refused_by_name(build, named):
    with pytest.raises(NotImplementedError, match=named):
        build()


@pytest.mark.parametrize(
    "build",
    [
        lambda: gg.cast(gg.constant(1.0), gg.bfloat16),
        lambda: gg.placeholder(gg.bfloat16, [2]),
        lambda: gg.to_bfloat16(gg.constant(1.0)),
        lambda: gg.zeros([2], gg.qint8),
        lambda: gg.as_dtype("bfloat16"),
    ],
)
def test_tensors_of_dtypes_numpy_lacks_are_refused(build):
    with gg.Graph().as_default(), pytest.raises(TypeError, match="numpy, which has no"):
        build()


def test_the_default_strategy_is_the_one_set():
    gg.distribute.experimental_set_strategy(None)
    gg.distribute.experimental_set_strategy(gg.distribute.get_strategy())


def test_engine_errors_keep_their_code_and_node():
    err = gg.errors.error("UNKNOWN_FETCH", "no such tensor", node="x")
    assert (err.code, err.node, err.op, err.node_def) == ("UNKNOWN_FETCH", "x", None, None)
    assert str(err) == "UNKNOWN_FETCH: no such tensor [node x]"
    built = gg.errors.OutOfRangeError(None, None, "done")
    assert (built.code, built.category, built.to_dict()["message"]) == (
        "OUT_OF_RANGE",
        "OUT_OF_RANGE",
        "done",
    )


def _fake_tf() -> types.ModuleType:
    tf = types.ModuleType("tensorflow.fake")
    tf.nn = types.ModuleType("tensorflow.fake.nn")
    tf.nn.relu = lambda features, name=None: None
    tf.nn.gone = lambda x: None
    tf.sys = sys  # Python's, not TF's: not walked
    tf.compat = types.ModuleType("tensorflow.fake.compat")  # SKIPPED
    tf.compat.v1 = tf
    tf.float32 = 1
    tf.Klass = type("Klass", (), {"__init__": lambda self, a, b=2: None})
    tf._private = 1
    return tf


def test_walk_lists_public_names_of_tf_modules_only():
    found = surface.walk_tf(_fake_tf())
    assert found == {
        "Klass": "class",
        "float32": "constant",
        "nn": "module",
        "nn.gone": "function",
        "nn.relu": "function",
    }


def test_compare_finds_missing_paths_and_refused_keywords():
    ours = types.SimpleNamespace(
        nn=types.SimpleNamespace(relu=lambda features: None),
        float32=1,
        Klass=type("Klass", (), {"__init__": lambda self, a, **kwargs: None}),
    )
    result = surface.compare(_fake_tf(), ours)
    assert result["missing"] == ["nn.gone"]
    assert result["kwargs"] == {"nn.relu": ["name"]}  # **kwargs absorbs Klass's b
    assert result["total"] == 5


def test_a_v1_class_wrapping_its_v2_twins_init_is_read_by_its_own():
    # CsvDatasetV1.__init__ is functools.wraps(CsvDatasetV2.__init__): inspect shows the
    # twin's `exclude_cols`, which the V1 class refuses, so it is no keyword TF accepts.
    import functools

    def twin(self, filenames, exclude_cols=None):
        pass

    @functools.wraps(twin)
    def init(self, filenames):
        pass

    v1 = type("CsvDatasetV1", (), {"__init__": init})
    assert surface.tf_keywords(v1) == ({"filenames"}, False)
    forwarding = type("Forwarding", (), {"__init__": functools.wraps(twin)(lambda *a, **k: 0)})
    assert surface.tf_keywords(forwarding) == ({"filenames", "exclude_cols"}, False)


def test_report_ranks_by_use():
    result = {"total": 3, "missing": ["a", "b"], "kwargs": {"c": ["name"]}}
    text = surface.report(result, {"a": [5, 2], "b": [9, 1], "c": [7, 3]}, top=3)
    lines = text.splitlines()
    assert lines[1] == "of the 3 most used, graphgate lacks 2:"
    assert lines[2].split() == ["9", "1", "b"] and lines[3].split() == ["5", "2", "a"]
    assert lines[-1].split() == ["7", "c:", "name"]


def test_a_tf_function_creating_variables_is_called_once():
    with gg.Graph().as_default():

        @gg.function
        def dense(x):
            return x * gg.Variable(2.0)

        dense(gg.constant(1.0))
        assert len(gg.global_variables()) == 1
        with pytest.raises(NotImplementedError, match="created variables again"):
            dense(gg.constant(1.0))
    with gg.Graph().as_default():  # a new graph is a first call again
        dense(gg.constant(1.0))


def test_a_tf_function_has_no_autograph_or_concrete_functions():
    @gg.function
    def absolute(a):
        return a if a > 0 else -a

    with gg.Graph().as_default():
        with pytest.raises(TypeError):  # TF1's OperatorNotAllowedInGraphError
            absolute(gg.constant(-2.0))
        with pytest.raises(NotImplementedError, match="concrete functions"):
            absolute.get_concrete_function(gg.TensorSpec([], gg.float32))
    assert absolute.python_function(-3) == 3 and absolute.__name__ == "absolute"


def test_a_gradient_tape_watches_plain_variables():
    # TF's graph-mode tape cannot read a reference variable (AttributeError); graphgate's
    # variables are watched as its resource ones are, by jacobian too.
    with gg.Graph().as_default():
        w = gg.Variable(2.0)
        with gg.GradientTape(persistent=True) as tape:
            loss = w * w * 3.0
        (grad,) = tape.gradient(loss, [w])
        assert tape.watched_variables() == [w]
        jac = tape.jacobian(loss, w)
        with gg.Session() as sess:
            sess.run(gg.global_variables_initializer())
            assert sess.run([grad, jac]) == [12.0, 12.0]
