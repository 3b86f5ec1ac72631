"""ONNX-ML (what skl2onnx writes): tree ensembles from scikit-learn's forests and boosting,
against onnxruntime and scikit-learn; the node modes and missing values ONNX defines,
against onnxruntime."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
pytest.importorskip("skl2onnx")

from onnx import TensorProto, helper  # noqa: E402

import graphgate as gg  # noqa: E402


def ort_run(model, feeds):
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    sess = ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    return sess.run(None, feeds)


def gg_run(model, feeds):
    graph, values = gg.import_onnx(model)
    with gg.Session(graph) as sess:
        sess.run(gg.global_variables_initializer(graph))
        return sess.run(
            [values[o.name] for o in model.graph.output],
            {values[k]: v for k, v in feeds.items()},
        )


@pytest.fixture(scope="module")
def digits():
    from sklearn.datasets import load_digits

    x, y = load_digits(return_X_y=True)
    return x[:600].astype(np.float32), y[:600]


def _export(est, x):
    from skl2onnx import to_onnx
    from sklearn.base import is_classifier

    # no ZipMap: its sequence of maps has no graphgate type; the probabilities stay a tensor
    options = {id(est): {"zipmap": False}} if is_classifier(est) else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return to_onnx(est, x[:1], options=options, target_opset={"": 17, "ai.onnx.ml": 3})


def _classifiers():
    from sklearn.ensemble import (
        ExtraTreesClassifier,
        GradientBoostingClassifier,
        RandomForestClassifier,
    )

    return [
        ("forest-3", lambda: RandomForestClassifier(8, max_depth=6, random_state=0), 3),
        ("forest-2", lambda: RandomForestClassifier(8, max_depth=6, random_state=0), 2),
        ("boosting-3", lambda: GradientBoostingClassifier(n_estimators=6, random_state=0), 3),
        ("boosting-2", lambda: GradientBoostingClassifier(n_estimators=6, random_state=0), 2),
        ("extra-10", lambda: ExtraTreesClassifier(5, max_depth=8, random_state=0), 10),
    ]


@pytest.mark.parametrize(
    "name, make, classes", _classifiers(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_sklearn_tree_classifiers_equal_onnxruntime_and_sklearn(digits, name, make, classes):
    # GIVEN a scikit-learn ensemble exported by skl2onnx (binary ones take onnxruntime's
    # one-score path: gradient boosting's logistic, a forest's two columns)
    x, y = digits
    est = make().fit(x, y % classes)
    model = _export(est, x)
    want = ort_run(model, {"X": x})
    # WHEN graphgate imports and runs it
    label, proba = gg_run(model, {"X": x})
    # THEN the labels are onnxruntime's and scikit-learn's, the probabilities within float32
    np.testing.assert_array_equal(label, want[0])
    np.testing.assert_array_equal(label, est.predict(x))
    assert proba.dtype == want[1].dtype and proba.shape == want[1].shape
    np.testing.assert_allclose(proba, want[1], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(proba, est.predict_proba(x), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("kind", ["forest", "boosting"])
def test_sklearn_tree_regressors_equal_onnxruntime(kind):
    from sklearn.datasets import load_diabetes
    from sklearn.ensemble import GradientBoostingRegressor, RandomForestRegressor

    x, y = load_diabetes(return_X_y=True)
    x = x.astype(np.float32)
    est = (
        RandomForestRegressor(8, max_depth=6, random_state=0)
        if kind == "forest"
        else GradientBoostingRegressor(n_estimators=8, random_state=0)
    ).fit(x, y)
    model = _export(est, x)
    (got,) = gg_run(model, {"X": x})
    (want,) = ort_run(model, {"X": x})
    np.testing.assert_allclose(got, want, rtol=1e-6)
    np.testing.assert_allclose(got[:, 0], est.predict(x), rtol=1e-5)


def _one_tree(modes, values, missing_true, domain_attrs=None, **extra):
    """A hand-written regressor: one split per node mode, a leaf each side, so every mode
    and the missing-value rule shows in the output."""
    n = len(modes)
    # Each tree's nodes together, root first, as exporters write them (onnxruntime finds a
    # tree's root where the tree id changes).
    attrs = {
        "nodes_treeids": [t for t in range(n) for _ in range(3)],
        "nodes_nodeids": [0, 1, 2] * n,
        "nodes_featureids": [t for t in range(n) for _ in range(3)],
        "nodes_modes": [m for m in modes for m in (m, "LEAF", "LEAF")],
        "nodes_values": [v for v in values for v in (v, 0.0, 0.0)],
        "nodes_truenodeids": [1, 0, 0] * n,
        "nodes_falsenodeids": [2, 0, 0] * n,
        "nodes_missing_value_tracks_true": [m for m in missing_true for m in (m, 0, 0)],
        "target_treeids": [t for t in range(n) for _ in (0, 1)],
        "target_nodeids": [1, 2] * n,
        "target_ids": [0] * 2 * n,
        "target_weights": [w for t in range(n) for w in (10.0**t, -(10.0**t))],
        "n_targets": 1,
        **extra,
    }
    node = helper.make_node("TreeEnsembleRegressor", ["X"], ["Y"], domain="ai.onnx.ml", **attrs)
    graph = helper.make_graph(
        [node],
        "tree",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [None, n])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [None, 1])],
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("ai.onnx.ml", 3)],
    )
    model.ir_version = 8
    return model


def test_every_node_mode_and_missing_values_follow_onnxruntime():
    modes = ["BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "BRANCH_EQ", "BRANCH_NEQ"]
    model = _one_tree(modes, [1.0] * 6, [1, 0, 1, 0, 1, 0], aggregate_function="SUM")
    x = np.array(
        [[0.5] * 6, [1.0] * 6, [1.5] * 6, [np.nan] * 6, [1.0, np.nan, 0.0, 2.0, np.nan, 1.0]],
        np.float32,
    )
    (got,) = gg_run(model, {"X": x})
    (want,) = ort_run(model, {"X": x})
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("agg", ["AVERAGE", "MIN", "MAX"])
def test_regressor_aggregates_follow_onnxruntime(agg):
    model = _one_tree(["BRANCH_LEQ"] * 3, [0.0, 1.0, 2.0], [0] * 3, aggregate_function=agg)
    x = np.array([[-1, 0.5, 3], [1, 2, 1], [0, 1, 2]], np.float32)
    (got,) = gg_run(model, {"X": x})
    (want,) = ort_run(model, {"X": x})
    np.testing.assert_allclose(got, want, rtol=1e-6)


def test_string_class_labels_are_refused_listing_the_node(digits):
    from sklearn.tree import DecisionTreeClassifier

    x, y = digits
    est = DecisionTreeClassifier(max_depth=2).fit(x, np.array(["even", "odd"])[y % 2])
    model = _export(est, x)
    with pytest.raises(gg.GraphgateError) as e:
        gg.import_onnx(model)
    assert e.value.code == "ONNX_UNSUPPORTED"
    assert "string class labels" in e.value.message


def _pipelines():
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LinearRegression, LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import Binarizer, OneHotEncoder
    from sklearn.svm import SVR

    rng = np.random.default_rng(0)
    x = rng.normal(0, 2, (120, 4)).astype(np.float32)
    y = (x[:, 0] + x[:, 1] > 0).astype(np.int64)
    holes = x.copy()
    holes[::5, 1] = np.nan
    cats = rng.integers(0, 4, (120, 3)).astype(np.int64)
    return [
        ("linear", LinearRegression(), x, x @ [1.0, -2.0, 0.5, 3.0]),
        ("svr-rbf", SVR(), x, x[:, 0] ** 2),
        ("imputer", make_pipeline(SimpleImputer(), LogisticRegression()), holes, y),
        ("one-hot", make_pipeline(OneHotEncoder(), LogisticRegression()), cats, cats[:, 0] % 2),
        ("binarizer", make_pipeline(Binarizer(threshold=0.5), LogisticRegression()), x, y),
    ]


@pytest.mark.parametrize("case", _pipelines(), ids=lambda c: c[0])
def test_sklearn_pipelines_equal_onnxruntime(case):
    # GIVEN a scikit-learn pipeline exported by skl2onnx (LinearRegressor, SVMRegressor,
    # Imputer, OneHotEncoder, Binarizer around a linear model)
    _, est, x, y = case
    est.fit(x, y)
    model = _export(est, x)
    feeds = {model.graph.input[0].name: x}
    want = ort_run(model, feeds)
    got = gg_run(model, feeds)
    # THEN every output equals onnxruntime's (labels exactly)
    for w, g in zip(want, got, strict=True):
        assert g.dtype == w.dtype and g.shape == w.shape
        if w.dtype.kind in "iu":
            np.testing.assert_array_equal(g, w)
        else:
            np.testing.assert_allclose(g, w, rtol=1e-5, atol=1e-5)


def test_an_unknown_category_fails_the_run_as_scikit_learn_does():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder

    cats = np.array([[0], [1], [2], [1]] * 5, np.int64)
    est = make_pipeline(OneHotEncoder(), LogisticRegression()).fit(cats, cats[:, 0] % 2)
    model = _export(est, cats)
    with pytest.raises(gg.GraphgateError) as e:
        gg_run(model, {model.graph.input[0].name: np.array([[7]], np.int64)})
    assert e.value.code == "ASSERTION_FAILED"


def test_label_encoder_maps_numbers_and_defaults_as_onnxruntime():
    node = helper.make_node(
        "LabelEncoder",
        ["X"],
        ["Y"],
        domain="ai.onnx.ml",
        keys_int64s=[3, 1, 7],
        values_floats=[0.5, -1.0, 2.0],
        default_float=9.0,
    )
    graph = helper.make_graph(
        [node],
        "le",
        [helper.make_tensor_value_info("X", TensorProto.INT64, [None])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [None])],
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("ai.onnx.ml", 3)],
    )
    model.ir_version = 8
    x = np.array([1, 3, 7, 2, 1], np.int64)
    np.testing.assert_array_equal(gg_run(model, {"X": x})[0], ort_run(model, {"X": x})[0])


@pytest.mark.parametrize("kernel", ["rbf", "linear", "poly"])
@pytest.mark.parametrize("classes", [2, 3])
def test_sklearn_svc_equals_onnxruntime_and_sklearn(kernel, classes):
    # GIVEN scikit-learn's SVC (one-vs-one, no probabilities), exported with skl2onnx's
    # one-vs-rest post-processing
    from sklearn.datasets import load_iris
    from sklearn.svm import SVC

    x, y = load_iris(return_X_y=True)
    x = ((x - x.mean(0)) / x.std(0)).astype(np.float32)
    est = SVC(kernel=kernel, gamma=0.5).fit(x, y % classes)
    model = _export(est, x)
    want = ort_run(model, {"X": x})
    label, scores = gg_run(model, {"X": x})
    # THEN the labels are onnxruntime's and scikit-learn's; the scores scikit-learn's
    # decision function (to the float32 the model stores its weights in) and onnxruntime's
    np.testing.assert_array_equal(label, want[0])
    np.testing.assert_array_equal(label, est.predict(x))
    decision = est.decision_function(x)
    if classes == 2:
        decision = np.stack([decision, -decision], 1)  # as onnxruntime writes them
    np.testing.assert_allclose(scores, decision, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(scores, want[1], rtol=1e-4, atol=1e-4)


def test_svc_with_probabilities_is_refused():
    from sklearn.datasets import load_iris
    from sklearn.svm import SVC

    x, y = load_iris(return_X_y=True)
    x = x.astype(np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # scikit-learn 1.9 deprecates it
        est = SVC(probability=True, random_state=0).fit(x, y)
    model = _export(est, x)
    with pytest.raises(gg.GraphgateError, match="iterative pairwise coupling"):
        gg.import_onnx(model)


@pytest.mark.parametrize("kind", ["classifier", "regressor"])
def test_sklearn_nearest_neighbours_equal_onnxruntime(kind):
    # skl2onnx scans the training rows, each giving distances to the whole (run-time) batch
    from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor

    rng = np.random.default_rng(1)
    x = rng.normal(0, 1, (60, 4)).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.int64) if kind == "classifier" else x[:, 1] * 2.0
    est = (KNeighborsClassifier(3) if kind == "classifier" else KNeighborsRegressor(3)).fit(x, y)
    model = _export(est, x)
    feeds = {model.graph.input[0].name: rng.normal(0, 1, (9, 4)).astype(np.float32)}
    for got, want in zip(gg_run(model, feeds), ort_run(model, feeds), strict=True):
        assert got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_zipmap_is_refused_saying_how_to_export_without_it(digits):
    # skl2onnx's default classifier output is a ZipMap (a sequence of maps)
    from skl2onnx import to_onnx
    from sklearn.linear_model import LogisticRegression

    x, y = digits
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = to_onnx(LogisticRegression(max_iter=50).fit(x, y % 2), x[:1])
    with pytest.raises(gg.GraphgateError) as e:
        gg.import_onnx(model)
    assert e.value.code == "ONNX_UNSUPPORTED"
    assert "'zipmap': False" in e.value.message


@pytest.mark.parametrize("kind", ["forest", "boosting-regressor"])
def test_an_imported_tree_ensemble_exports_back_to_onnxruntimes_numbers(digits, kind):
    # The walk's per-row feature reads are take_along_axis, which had no ONNX export: a
    # forest imported from scikit-learn could not leave as ONNX (GatherElements).
    from sklearn.ensemble import GradientBoostingRegressor, RandomForestClassifier

    x, y = digits
    est = (RandomForestClassifier(6, max_depth=5, random_state=0) if kind == "forest"
           else GradientBoostingRegressor(n_estimators=8, random_state=0))  # fmt: skip
    model = _export(est.fit(x, y), x)
    graph, _ = gg.import_onnx(model)
    outputs = [o.name for o in model.graph.output]
    with gg.Session(graph) as sess:
        again = gg.export_onnx(graph, outputs, ["X"], session=sess)
    onnx.checker.check_model(again, full_check=True)
    want, got = ort_run(model, {"X": x}), ort_run(again, {"X": x})
    for a, b in zip(got, want, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-6 * max(float(np.abs(b).max()), 1))
