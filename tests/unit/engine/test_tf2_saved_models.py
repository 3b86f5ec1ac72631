"""SavedModels TF 2 wrote (`tf.saved_model.save`, tf_keras `model.save(dir)`), loaded and
served by graphgate: function libraries inlined, resource variables restored by their
object-graph keys, functional If/While as graphgate's.

The exports under fixtures/tf2_saved and the outputs in its expected.json were written by
TensorFlow 2.21 (tests/reference/tf2_saved_models.py), the outputs as TF's own
`tf.saved_model.load` serves them.
"""

from __future__ import annotations

import copy
import json
import random
import time
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from graphgate import tf_functions, tf_graph, tf_proto
from tests.hardening import scaled
from tests.support import collector_paused

FIXTURES = Path(__file__).parent / "fixtures" / "tf2_saved"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text())


def value_of(doc: dict) -> np.ndarray:
    if doc["dtype"] == "string":
        out = np.empty(len(doc["value"]), object)
        out[:] = [bytes.fromhex(v) for v in doc["value"]]
        return out.reshape(doc["shape"])
    return np.asarray(doc["value"], doc["dtype"]).reshape(doc["shape"])


def served_outputs(export: str, case: dict) -> dict[str, np.ndarray]:
    g = gg.Graph()
    with g.as_default():
        sess = gg.Session()
        meta = gg.saved_model.loader.load(sess, ["serve"], str(FIXTURES / export))
        sig = meta.signature_def["serving_default"]
        feeds = {sig.inputs[k].name: value_of(v) for k, v in case["feeds"].items()}
        return sess.run({k: v.name for k, v in sig.outputs.items()}, feeds)


# Where TF's kernels are Eigen's approximations (softmax's and sigmoid's exp, tanh, batch
# norm's rsqrt) or sum in another order (oneDNN's convolution), float32's last bit or two.
@pytest.mark.parametrize(
    ("export", "case", "exact"),
    [
        ("mlp", "mlp", False),  # tf_keras Sequential: Dense, relu, softmax
        ("cnn", "cnn", False),  # functional: Conv2D, batch norm, pooling, Flatten, dropout
        ("text", "text", False),  # Embedding (ResourceGather), average, sigmoid
        # layer norm (training-mode batch norm), attention, LSTM and GRU (TensorLists in
        # While loops), depthwise, separable and transposed convolutions, upsampling, ...
        ("layers", "layers", False),
        ("keras3", "keras3", False),  # Keras 3's model.export: LSTM, layer norm
        ("lookup", "lookup", False),  # words through a StringLookup's hash table
        ("loop", "loop", False),  # tf.Module: tf.while_loop over a variable, tf.cond
        ("loop", "loop_other", True),  # no iteration, the cond's other branch: exact
    ],
)
def test_a_tf2_saved_model_computes_what_tf_serves(export, case, exact):
    want = EXPECTED[case]["outputs"]
    got = served_outputs(export, EXPECTED[case])
    assert sorted(got) == sorted(want)
    for key, value in got.items():
        expected = value_of(want[key])
        assert value.dtype == expected.dtype and value.shape == expected.shape
        if exact:
            assert value.tolist() == expected.tolist()
        else:
            np.testing.assert_allclose(value, expected, rtol=1e-6, atol=1e-6)


def test_tf2_variables_restore_from_the_object_graph_keys_and_the_saver_is_left_out():
    # GIVEN a tf_keras export: resource variables, a checkpoint keyed by the object graph
    reader = gg.train.NewCheckpointReader(str(FIXTURES / "cnn" / "variables" / "variables"))
    g = gg.Graph()
    with g.as_default():
        sess = gg.Session()
        # WHEN loaded as tf.compat.v1.saved_model.load loads it
        meta = gg.saved_model.loader.load(sess, ["serve"], str(FIXTURES / "cnn"))
        # THEN every variable holds the value its restore function assigns it
        keys = meta.saver_def["var_list"]
        assert all(k.endswith("/.ATTRIBUTES/VARIABLE_VALUE") for k in keys)
        assert len(keys) == 8  # conv, batch norm's four, dense
        for key, name in keys.items():
            assert sess.run(name).tolist() == reader.get_tensor(key).tolist()
        names = {op.name for op in g.get_operations()}
        # the saver's calls and their filename are gone; no function is left to call
        assert (
            not {"saver_filename", "StatefulPartitionedCall_1", "StatefulPartitionedCall_2"} & names
        )
        assert not {op.type for op in g.get_operations()} & set(tf_functions.CALL_OPS)
    served = gg.saved_model.loader.servable(FIXTURES / "cnn")
    assert served["inputs"] == {"image": "serving_default_image:0"}
    assert served["outputs"] == {"logits": "StatefulPartitionedCall:0"}
    assert sorted(served["variables"]) == sorted(n.removesuffix(":0") for n in keys.values())


def test_a_tf2_loop_and_cond_become_graphgates_while_and_if():
    doc = gg.saved_model.loader.servable(FIXTURES / "loop")["graph"]
    ops = {n["name"]: n for n in doc["nodes"]}
    loops = [n for n in ops.values() if n["op"] == "While"]
    conds = [n for n in ops.values() if n["op"] == "If"]
    # the while_loop and map_fn's; the tf.cond, and the switch_case's three branches as
    # two Ifs, one in the other
    assert len(loops) == 2 and len(conds) == 3
    loops = [n for n in loops if "body" in n["attrs"] and "MatMul" in str(n["attrs"]["body"])]
    # The variable handle the loop passed along is read where it stands, not carried.
    body = loops[0]["attrs"]["body"]
    assert len(body["args"]) == len(body["outputs"]) == 5
    reads = [ops[n] for n in body["nodes"] if ops[n]["op"] == "ReadVariableOp"]
    assert [ops[r["inputs"][0]]["op"] for r in reads] == ["VariableV2"]


def test_an_unsupported_tf2_export_lists_every_op_graphgate_lacks_in_every_function():
    with pytest.raises(ValueError) as info:
        gg.saved_model.loader.load(gg.Session(gg.Graph()), ["serve"], str(FIXTURES / "unsupported"))
    assert info.value.code == "TF_GRAPH_UNSUPPORTED"
    problems = info.value.details["problems"]
    # one in the signature's function, one inside a cond's branch function
    assert sorted(p["op"] for p in problems) == ["ApproximateEqual", "Bincount"]
    assert all(p["reason"] == "graphgate has no such op" for p in problems)


# -- function libraries by hand ------------------------------------------------------------


def _fn(name: str, body: list[dict], ret: str, inputs=("x",)) -> dict:
    return {
        "signature": {
            "name": name,
            "input_arg": [{"name": a, "type": 1} for a in inputs],
            "output_arg": [{"name": "y", "type": 1}],
        },
        "node_def": body,
        "ret": {"y": ret},
    }


def _call(name: str, f: str, inputs: list[str]) -> dict:
    return {
        "name": name,
        "op": "PartitionedCall",
        "input": inputs,
        "attr": {"f": {"func": {"name": f}}},
    }


X = {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": 1}}}


def test_function_outputs_are_read_by_their_ops_output_arguments():
    # GIVEN a function reading a batch norm's fourth output and a split's third by name
    bn = {"op": "FusedBatchNormV3"}
    assert tf_functions.output_index(bn, "reserve_space_1", 0) == 3
    assert tf_functions.output_index({"op": "Split"}, "output", 2) == 2
    split = {"op": "SparseSplit", "attr": {"num_split": {"i": 2}}}
    assert tf_functions.output_index(split, "output_values", 1) == 3
    assert tf_functions.output_index(split, "output_shape", 0) == 4
    # WHEN a nested call's output is read by `node:arg:index` THEN it is the flat output
    inner = _fn(
        "inner",
        [
            {"name": "t", "op": "TopKV2", "input": ["x", "k:output:0"], "attr": {}},
            {
                "name": "k",
                "op": "Const",
                "attr": {"value": {"tensor": {"dtype": 3, "int_val": [2]}}},
            },
            {"name": "c", "op": "Cast", "input": ["t:indices:0"], "attr": {"DstT": {"type": 1}}},
        ],
        "c:y:0",
    )
    outer = _fn("outer", [_call("call", "inner", ["x"])], "call:output:0")
    doc = tf_graph.to_document([X, _call("top", "outer", ["x"])], functions=[inner, outer])
    g = gg.Graph()
    with g.as_default():
        gg.import_graph_def(doc, name="")
        got = gg.Session().run("top:0", {"x:0": np.float32([[1, 5, 3]])})
    assert got.tolist() == [[1.0, 2.0]]


def test_a_recursive_or_missing_function_is_a_listed_problem():
    loop = _fn("f", [_call("again", "f", ["x"])], "again:output:0")
    with pytest.raises(ValueError) as info:
        tf_graph.to_document(
            [X, _call("a", "f", ["x"]), _call("b", "nowhere", ["x"])], functions=[loop]
        )
    reasons = {p["node"]: p["reason"] for p in info.value.details["problems"]}
    assert reasons == {
        "a/again": "'f' calls itself",
        "b": "it calls 'nowhere', which the graph's function library lacks",
    }


def test_calls_nested_past_the_limit_are_refused_before_anything_is_built():
    chain = [_fn(f"f{i}", [_call("c", f"f{i + 1}", ["x"])], "c:output:0") for i in range(40)]
    with pytest.raises(gg.errors.GraphgateError) as info:
        tf_graph.to_document([X, _call("top", "f0", ["x"])], functions=chain)
    assert info.value.code == "GRAPH_TOO_LARGE"
    assert info.value.details["limit"] == tf_functions.MAX_CALL_DEPTH


def test_a_few_bytes_calling_a_function_twice_per_level_stop_at_the_node_limit_fast(
    monkeypatch,
):
    monkeypatch.setattr(tf_functions, "MAX_INLINED_NODES", 5000)  # the bound's own speed: ~1 s
    # 30 levels of two calls each would inline 2**30 nodes
    double = [
        _fn(
            f"f{i}",
            [_call("a", f"f{i + 1}", ["x"]), _call("b", f"f{i + 1}", ["a:output:0"])],
            "b:output:0",
        )
        for i in range(30)
    ] + [_fn("f30", [{"name": "n", "op": "Neg", "input": ["x"]}], "n:y:0")]
    with collector_paused():
        start = time.process_time()
        with pytest.raises(gg.errors.GraphgateError) as info:
            tf_graph.to_document([X, _call("top", "f0", ["x"])], functions=double)
        took = time.process_time() - start
    assert info.value.code == "GRAPH_TOO_LARGE"
    assert info.value.details["limit"] == tf_functions.MAX_INLINED_NODES
    assert took < 5


@pytest.mark.parametrize("flaw", ["no_return", "wrong_arity"])
def test_calls_that_each_fail_stop_at_the_node_limit_too(monkeypatch, flaw):
    # A call whose function is flawed (it returns nothing it declares, or a call passes it
    # the wrong number of inputs) is a listed problem and emits no node; 30 levels of two
    # such calls each would still walk 2**30 calls, against a limit that counted only
    # nodes emitted: 12 s at 18 levels, hours at 30.
    monkeypatch.setattr(tf_functions, "MAX_INLINED_NODES", 5000)
    calls = [[_call("a", f"f{i + 1}", ["x"]), _call("b", f"f{i + 1}", ["x"])] for i in range(30)]
    if flaw == "no_return":
        levels = [{**_fn(f"f{i}", c, "a:output:0"), "ret": {}} for i, c in enumerate(calls)]
        leaf = {**_fn("f30", [], "x"), "ret": {}}
    else:
        levels = [_fn(f"f{i}", c, "a:output:0") for i, c in enumerate(calls)]
        leaf = _fn("f30", [], "x", inputs=("x", "y"))
    with collector_paused():
        start = time.process_time()
        with pytest.raises(gg.errors.GraphgateError) as info:
            tf_graph.to_document([X, _call("top", "f0", ["x"])], functions=[*levels, leaf])
        took = time.process_time() - start
    assert info.value.code == "GRAPH_TOO_LARGE"
    assert info.value.details["limit"] == tf_functions.MAX_INLINED_NODES
    assert took < 5


def test_folding_passes_over_constants_too_large_to_fold_without_decoding_them(monkeypatch):
    # Each value folded ran a small graph of the constants it reads, decoding and encoding
    # them: 64 permutations computed from one 4 MB constant took 7 s (512 folds, the
    # budget, a minute; a 100 MB constant, an hour). A constant past the elements a fold
    # may compute cannot fold, so it is not lowered at all.
    big = {
        "name": "big",
        "op": "Const",
        "attr": {
            "dtype": {"type": 3},
            "value": {
                "tensor": {
                    "dtype": 3,
                    "tensor_shape": {"dim": [{"size": 1 << 20}]},
                    "tensor_content": np.zeros(1 << 20, np.int32).tobytes(),
                }
            },
        },
    }
    nodes = [X, big]
    for i in range(64):
        nodes += [
            {"name": f"p{i}", "op": "AddV2", "input": ["big", "big"], "attr": {"T": {"type": 3}}},
            {  # (a Transpose's perm and a ReverseV2's axis, as this was, may be known only
                # at run time now; a UniqueV2's axis may not)
                "name": f"t{i}",
                "op": "UniqueV2",
                "input": ["x", f"p{i}"],
                "attr": {"T": {"type": 1}, "Taxis": {"type": 3}},
            },
        ]
    lowered = []
    real = tf_graph._lower
    monkeypatch.setattr(
        tf_graph, "_lower", lambda node, ctx: lowered.append(node["name"]) or real(node, ctx)
    )
    with pytest.raises(ValueError) as info:
        tf_graph.to_document(nodes)
    problems = info.value.details["problems"]
    assert len(problems) == 64
    assert "must be a constant" in problems[0]["reason"]
    assert lowered.count("big") == 1  # the graph's own, not once per fold


def test_a_folded_range_stops_at_the_folding_bound_before_it_is_computed():
    # The Range kernel ignored the run's max_tensor_elements for a limit it reads (here a
    # constant folded at import): a permutation of Range(0, 10**7) was computed and written
    # into the document as a 10**7-int attribute (13 s, 441 MB); 2**31 would be 16 GB.
    nodes = [X, *(_scalar(n, v) for n, v in (("a", 0), ("b", 10**7), ("d", 1)))]
    nodes += [
        {"name": "r", "op": "Range", "input": ["a", "b", "d"], "attr": {"Tidx": {"type": 3}}},
        # (a UniqueV2's axis must be a constant; a Transpose's perm and a ReverseV2's axis
        # may be run-time inputs)
        {
            "name": "t",
            "op": "UniqueV2",
            "input": ["x", "r"],
            "attr": {"T": {"type": 1}, "Taxis": {"type": 3}},
        },
    ]
    with collector_paused():
        start = time.process_time()
        with pytest.raises(ValueError) as info:
            tf_graph.to_document(nodes)
        took = time.process_time() - start
    assert "must be a constant" in info.value.details["problems"][0]["reason"]
    assert took < 2


@pytest.mark.parametrize("elements,nodes", [(1 << 20, 3), (60_000, 20)])
def test_constants_read_into_attributes_are_bounded_per_value_and_per_graph(elements, nodes):
    # A StridedSlice's begin, end and strides become attributes, a Python int an element:
    # each node reading one 4 MB constant cost 2 s and hundreds of MB, so a few bytes
    # per node more bought minutes and an out-of-memory. One value past 65,536 elements,
    # or past 2**20 read over the graph, is refused (GRAPH_TOO_LARGE), each node listed.
    big = {
        "name": "big",
        "op": "Const",
        "attr": {
            "value": {
                "tensor": {
                    "dtype": 3,
                    "tensor_shape": {"dim": [{"size": elements}]},
                    "tensor_content": np.zeros(elements, np.int32).tobytes(),
                }
            }
        },
    }
    slices = [
        {"name": f"s{i}", "op": "StridedSlice", "input": ["x", "big", "big", "big"]}
        for i in range(nodes)
    ]
    with collector_paused():
        start = time.process_time()
        with pytest.raises(ValueError) as info:
            tf_graph.to_document([X, big, *slices])
        took = time.process_time() - start
    assert "more than graphgate reads" in info.value.details["problems"][-1]["reason"]
    assert took < 3


def _scalar(name: str, value: int) -> dict:
    tensor = {"dtype": 3, "tensor_shape": {}, "int_val": [value]}
    return {"name": name, "op": "Const", "attr": {"value": {"tensor": tensor}}}


def _const(name: str, values: list, dtype: int = 3) -> dict:
    tensor = {"dtype": dtype, "tensor_shape": {"dim": [{"size": len(values)}]}, "int_val": values}
    return {"name": name, "op": "Const", "attr": {"value": {"tensor": tensor}}}


def test_a_permutation_computed_from_constants_is_folded_and_a_huge_one_is_not():
    # GIVEN Keras' Softmax(axis=1): a transpose's permutation concatenated from constants
    nodes = [
        {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": 1}}},
        _const("a", [0]),
        _const("b", [2, 1]),
        {
            "name": "axis",
            "op": "Const",
            "attr": {"value": {"tensor": {"dtype": 3, "int_val": [0]}}},
        },
        {"name": "perm", "op": "ConcatV2", "input": ["a", "b", "axis"], "attr": {"N": {"i": 2}}},
        {"name": "t", "op": "Transpose", "input": ["x", "perm"]},
    ]
    doc = tf_graph.to_document(nodes)
    assert {n["name"]: n for n in doc["nodes"]}["t"]["attrs"]["perm"] == [0, 2, 1]
    # WHEN the constant computed would be huge THEN it is no constant: the transpose reads
    # the perm when run, as TF's input (whose Range fails the run past max_tensor_elements)
    huge = [
        *nodes[:1],
        _const("start", [0]),
        _const("limit", [1 << 40]),
        _const("delta", [1]),
        {"name": "perm", "op": "Range", "input": ["start", "limit", "delta"]},
        {"name": "t", "op": "Transpose", "input": ["x", "perm"]},
    ]
    transpose = {n["name"]: n for n in tf_graph.to_document(huge)["nodes"]}["t"]
    assert transpose["inputs"] == ["x", "perm"] and "perm" not in transpose.get("attrs", {})


def test_training_mode_batch_norm_gives_its_output_and_its_batch_statistics():
    x = {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": 1}}}
    ones = {
        "name": "one",
        "op": "Const",
        "attr": {
            "value": {
                "tensor": {"dtype": 1, "tensor_shape": {"dim": [{"size": 2}]}, "float_val": [1.0]}
            }
        },
    }
    bn = {
        "name": "bn",
        "op": "FusedBatchNormV3",
        "input": ["x", "one", "one", "one", "one"],
        "attr": {"epsilon": {"f": 0.001}},
    }
    doc = tf_graph.to_document([x, ones, bn])
    g = gg.Graph()
    with g.as_default():
        gg.import_graph_def(doc, name="")
        value = np.float32([[1, 2], [3, 6]])
        got = gg.Session().run("bn:0", {"x:0": value.reshape(2, 1, 1, 2)}).reshape(2, 2)
    mean, var = value.mean(0), value.var(0)
    np.testing.assert_allclose(got, (value - mean) / np.sqrt(var + 0.001) + 1, rtol=1e-6)
    # TF's batch_variance is Bessel-corrected, reserve_space_2 is not
    # (tests/unit/engine/test_tf_raw_op_graphs.py pins both to TF).
    stats = {"name": "mean", "op": "Identity", "input": ["bn:1"]}
    variances = {"name": "variance", "op": "IdentityN", "input": ["bn:2", "bn:4"]}
    doc = tf_graph.to_document([x, ones, bn, stats, variances])
    with gg.Graph().as_default():
        gg.import_graph_def(doc, name="")
        feed = {"x:0": value.reshape(2, 1, 1, 2)}
        got = gg.Session().run(["mean:0", "variance:0", "variance:1"], feed)
    np.testing.assert_allclose(got[0], mean, rtol=1e-6)
    np.testing.assert_allclose(got[1], value.var(0, ddof=1), rtol=1e-6)
    np.testing.assert_allclose(got[2], var, rtol=1e-6)


def test_a_case_runs_the_branch_of_its_index_and_the_last_for_any_other():
    # GIVEN TF's Case over three functions returning 10, 20 and 30
    def constant(name: str, value: float) -> dict:
        tensor = {"dtype": 1, "tensor_shape": {}, "float_val": [value]}
        node = {"name": "c", "op": "Const", "attr": {"value": {"tensor": tensor}}}
        return _fn(name, [node], "c:output:0", inputs=())

    branches = [constant(f"b{i}", 10.0 * (i + 1)) for i in range(3)]
    case = {
        "name": "case",
        "op": "StatelessCase",
        "input": ["i"],
        "attr": {"branches": {"list": {"func": [{"name": f"b{i}"} for i in range(3)]}}},
    }
    index = {"name": "i", "op": "Placeholder", "attr": {"dtype": {"type": 3}}}
    doc = tf_graph.to_document([index, case], functions=branches)
    g = gg.Graph()
    with g.as_default():
        gg.import_graph_def(doc, name="")
        sess = gg.Session()
        # THEN an index out of range runs the last branch, as TF's Case does
        got = [float(sess.run("case:0", {"i:0": np.int32(i)})) for i in (0, 1, 2, 5, -1)]
    assert got == [10.0, 20.0, 30.0, 30.0, 30.0]


_FUZZ_OPS = ["While", "StatelessIf", "StatefulPartitionedCall", "StatelessCase", "Identity"]
_FUZZ_OPS += ["TensorListReserve", "TensorListGetItem", "FusedBatchNormV3", "ConcatV2"]
_FUZZ_OPS += ["Transpose", "VarHandleOp", "RestoreV2", "AssignVariableOp", "Placeholder"]


def _mutate(meta: dict, rng: random.Random) -> None:
    """One structural change a hostile or damaged file could make: an input, an op, an
    attribute, a function, its results or arguments, a name."""
    graph = meta["graph_def"]
    functions = graph.get("library", {}).get("function", [])
    nodes = list(graph.get("node", [])) + [n for f in functions for n in f.get("node_def", [])]
    node = rng.choice(nodes)
    names = [n["name"] for n in nodes]
    fnames = [f["signature"]["name"] for f in functions] or ["missing"]
    kind = rng.randrange(7)
    if kind == 0 and node.get("input"):
        suffix = rng.choice(["", ":0", ":output:1", ":y:0", ":z:9"])
        node["input"][rng.randrange(len(node["input"]))] = rng.choice(names) + suffix
    elif kind == 1:
        node["op"] = rng.choice(_FUZZ_OPS)
    elif kind == 2 and node.get("attr"):
        values = [{}, {"i": -5}, {"list": {}}, {"type": 21}, {"func": {"name": rng.choice(fnames)}}]
        node["attr"][rng.choice(list(node["attr"]))] = rng.choice(values)
    elif kind == 3 and functions:
        functions.pop(rng.randrange(len(functions)))
    elif kind == 4 and functions:
        rets = rng.choice(functions).get("ret", {})
        if rets:
            rets[rng.choice(list(rets))] = rng.choice(["nope", "a:b:c", "x:output:99"])
    elif kind == 5 and node.get("input"):
        node["input"].pop()
    else:
        node["name"] = rng.choice(names)


@pytest.mark.parametrize("export", ["loop", "keras3"])
def test_tf2_graphs_changed_at_random_are_graphgate_errors_never_crashes(export):
    data = (FIXTURES / export / "saved_model.pb").read_bytes()
    saved = tf_proto.decode(data, tf_proto.SAVED_MODEL, tf_graph._corrupt)
    library = saved["meta_graphs"][0]["graph_def"]["library"]  # functions decoded, to change
    library["function"] = [
        tf_proto.decode(f, tf_proto.FUNCTION_DEF, tf_graph._corrupt) for f in library["function"]
    ]
    rng = random.Random(7)
    for _ in range(scaled(40, 3000)):
        meta = copy.deepcopy(saved["meta_graphs"][0])
        for _ in range(rng.randint(1, 3)):
            _mutate(meta, rng)
        try:
            doc = tf_graph._meta_graph(meta)
            with gg.Graph().as_default():
                gg.import_graph_def(doc["graph_def"], name="")
        except gg.GraphgateError:
            pass


def test_a_frozen_graph_keeping_tf2_control_flow_computes_tfs_outputs():
    # GIVEN convert_variables_to_constants_v2(lower_control_flow=False): a GraphDef whose
    # While and If call functions of its library
    case = EXPECTED["frozen_loop"]
    graph_def = gg.GraphDef.FromString((FIXTURES / "frozen_loop.pb").read_bytes())
    g = gg.Graph()
    with g.as_default():
        gg.import_graph_def(graph_def, name="")
        feeds = {case["inputs"][k]: value_of(v) for k, v in case["feeds"].items()}
        got = gg.Session().run(list(case["outputs"]), feeds)
        assert {op.type for op in g.get_operations()} >= {"While", "If"}
    for value, want in zip(got, case["outputs"].values(), strict=True):
        np.testing.assert_allclose(value, value_of(want), rtol=1e-6, atol=1e-6)


def test_a_mixed_precision_batch_norm_normalizes_in_float_and_answers_half():
    # GIVEN Keras' mixed_float16 batch norm: half x (T), float statistics (U)
    def const(name: str, values: list[float]) -> dict:
        dims = {"dim": [{"size": len(values)}]}
        tensor = {"dtype": 1, "tensor_shape": dims, "float_val": values}
        return {"name": name, "op": "Const", "attr": {"value": {"tensor": tensor}}}

    nodes = [
        {"name": "x", "op": "Placeholder", "attr": {"dtype": {"type": 19}}},
        const("scale", [1.5, 0.5]),
        const("offset", [0.25, -1.0]),
        const("mean", [0.1, 2.0]),
        const("variance", [0.7, 3.0]),
        {
            "name": "bn",
            "op": "FusedBatchNormV3",
            "input": ["x", "scale", "offset", "mean", "variance"],
            "attr": {"T": {"type": 19}, "U": {"type": 1}, "is_training": {"b": False}},
        },
    ]
    doc = tf_graph.to_document(nodes)
    x = np.float16([[0.3, 1.7], [-2.0, 4.5]])
    g = gg.Graph()
    with g.as_default():
        gg.import_graph_def(doc, name="")
        got = gg.Session().run("bn:0", {"x:0": x})
    # THEN as TF's kernel: in float32, the result cast to half
    f = np.float32
    factor = (f(1) / np.sqrt(np.float32([0.7, 3.0]) + f(1e-4))) * np.float32([1.5, 0.5])
    want = ((x.astype(f) - np.float32([0.1, 2.0])) * factor + np.float32([0.25, -1.0])).astype(
        np.float16
    )
    assert got.dtype == np.float16
    np.testing.assert_array_max_ulp(got, want, maxulp=1)
