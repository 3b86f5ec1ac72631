"""Differential fuzzing of TF import: random TF1 programs TensorFlow built and serialized
(a GraphDef, a frozen GraphDef, a `.meta` and its checkpoint, or a SavedModel, written every way
`tests/reference/tf_fuzzimport.py` draws), and invalid GraphDefs, imported by graphgate
and run on the feeds TF ran them on. Each must give what TF gave after importing the
same bytes: each fetch's dtype, shape and values per run, or TF's error class at TF's
stage or earlier ("import", then "run").

Values, by the program's `tol` (its own fuzzer's, which says why):
- "exact": bit for bit (any NaN for a NaN): integers, strings, data movement, and float
  arithmetic IEEE-rounded elementwise, which both sides compute the same way.
- "ulps:N": within N units in the last place (or N eps of 1: tf_observed's
  float_differences): transcendentals (Eigen's approximations against numpy's libm),
  short sums.
- "linear" (convolutions, matmuls, their gradients: sums of products in a blocked order
  of the kernel's choosing): within LINEAR_EPS·eps·Σ|terms|, Σ|terms| the same graph TF
  ran on |inputs| (the fixture's "magnitude").
- "smooth"/"linalg" (normalizations, resizes, colour maths; decompositions of
  well-conditioned matrices): within SMOOTH_EPS/LINALG_EPS·eps of the output's largest
  finite magnitude.
Where grappler's rewrites changed TF's bits, either TF answer holds (`tf_as_written`).
"""

from __future__ import annotations

import os

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import (
    error_classes,
    error_difference,
    known_params,
    output_difference,
    reference,
)

FIXTURE, fuzz = reference("tf_fuzzimport")
PROGRAMS = FIXTURE["programs"]
SOURCES = sorted({p["source"] for p in PROGRAMS.values()})

LINEAR_EPS, SMOOTH_EPS, LINALG_EPS = 4, 8, 64
# TF's image functions compute in float32 whatever the images' float dtype.
_FLOAT32_OPS = ("adjust", "resize", "crop_and_resize")

# Programs graphgate still answers differently (name: why), each a strict xfail. All but
# the first two are refusals (TF_GRAPH_UNSUPPORTED, INVALID_ATTR) of graphs TF runs.
_COMPLEX = (
    "a complex placeholder or cast: graphgate reads no complex tensor from a GraphDef but "
    "a constant's (docs/engine.md)"
)
_STACKS = (
    "TF1's gradient of a while_loop (StackV2, StackPushV2, StackPopV2), refused with advice "
    "by design (docs/engine.md): graphgate's loops have no run-time stacks two loops share"
)
_TENSOR_LISTS = (
    "TF 2's TensorList and TensorArray ops the importer does not read: while_v2's gradient "
    "accumulators (EmptyTensorList, TensorListPushBack/PopBack, TensorListElementShape), "
    "TensorListGather/ScatterIntoExistingList/Resize/Concat, and TF1's TensorArrayGradV3, "
    "ConcatV3 and SplitV3 (docs/engine.md)"
)
_OPTIONALS = (
    "cond_v2's gradient, which carries a branch's intermediates out in Optional variants "
    "(OptionalFromValue, OptionalNone, OptionalGetValue): graphgate has no Optional ops"
)
_MISSING_OPS = (
    "ops graphgate lacks in TF's form: SparseSegmentSumGrad, RaggedTensorToTensor "
    "(DenseBincount, shape.sets.52's, imports since apigaps3)"
)
_CHANNELS_FIRST = (
    "channels-first backprop, Conv3D and FusedBatchNormV3 nodes, refused (docs/engine.md: "
    "NCHW forward convolutions and pools are read through transposes)"
)
KNOWN: dict[str, str] = {
    "grad.exact.253": "1 unit in the last place of an AddN of gradients, as tf1_fuzzgrad's "
    "exact.253: a reduction Eigen sums by SIMD lanes and numpy pairwise",
    "nn.convs.28": "TF's CPU refuses the backprop of a dilated conv2d with explicit padding "
    "(as tf1_fuzznn's convs.28); graphgate computes it",
    "nn.convs.131": "TF's gradient of a conv2d_transpose whose output channels are not the "
    "filter's is a grouped Conv2D (oneDNN); graphgate's Conv2D has no groups (as "
    "tf1_fuzznn's convs.131, refused)",
    "grad.fanout.19": "a gradient node reading both branches of a v1 cond (a value computed "
    "in one branch and used past the Merge), refused",
    "invalid.attr_missing_required": "a node lacking an attribute TF requires is read, its "
    "dtype inferred (decision log: hand-written GraphDefs leave them out)",
    **dict.fromkeys(
        ("invalid.unknown_op", "invalid.unknown_op_unused"),
        "an op TF lacks: TF's NotFoundError, graphgate's TF_GRAPH_UNSUPPORTED (a ValueError; "
        "graphgate holds no list of TF's ops to tell the two apart)",
    ),
    "invalid.if_missing_branch": "an If calling a function the library lacks: refused when "
    "imported (ValueError) where TF fails its run (NotFoundError)",
    "invalid.next_iteration_outside_loop": "a NextIteration outside any loop, which TF runs "
    "as an identity: refused",
    **dict.fromkeys(
        (
            "diff.casts.157",
            "diff.casts.32",
            "diff.gathers.99",
            "diff.grads.194",
            "diff.reductions.366",
            "diff.xdivy.37",
            "shape.gathers.73",
            "shape.matmuls.29",
            "shape.moves.109",
            "shape.moves.87",
        ),
        _COMPLEX,
    ),
    **dict.fromkeys(
        (
            "flow.case.13",
            "flow.case.2",
            "flow.case.22",
            "flow.case.27",
            "flow.case.37",
            "flow.case.48",
            "flow.cond.2",
            "flow.cond.34",
            "flow.cond.39",
            "flow.cond.40",
            "flow.cond.7",
            "flow.cond.9",
        ),
        _OPTIONALS,
    ),
    **dict.fromkeys(
        (
            "flow.invalid.33",
            "flow.map.1",
            "flow.map.13",
            "flow.map.17",
            "flow.map.20",
            "flow.map.21",
            "flow.map.25",
            "flow.map.27",
            "flow.map.28",
            "flow.map.37",
            "flow.map.39",
            "flow.map.45",
            "flow.rnn.1",
            "flow.rnn.12",
            "flow.rnn.17",
            "flow.rnn.22",
            "flow.rnn.25",
            "flow.rnn.26",
            "flow.tensor_array.1",
            "flow.tensor_array.12",
            "flow.tensor_array.17",
            "flow.tensor_array.25",
            "flow.tensor_array.28",
            "flow.tensor_array.29",
            "flow.tensor_array.3",
            "flow.tensor_array.38",
            "flow.tensor_array.39",
            "flow.tensor_array.4",
            "flow.tensor_array.46",
            "flow.tensor_array.7",
            "flow.while.13",
            "flow.while.23",
            "flow.while.25",
            "flow.while.37",
            "grad.fanout.39",
        ),
        _TENSOR_LISTS,
    ),
    **dict.fromkeys(
        (
            "flow.map.22",
            "flow.map.3",
            "flow.map.31",
            "flow.map.41",
            "flow.nesting.3",
            "flow.rnn.13",
            "flow.rnn.20",
            "flow.tensor_array.32",
            "flow.tensor_array.37",
            "flow.tensor_array.50",
            "flow.while.18",
            "flow.while.42",
            "flow.while.60",
            "flow.while.62",
            "flow.while.66",
            "grad.approx.79",
            "grad.approx.85",
            "grad.fanout.43",
            "grad.fanout.53",
        ),
        _STACKS,
    ),
    **dict.fromkeys(
        (
            "img.sparse.119",
            "img.strings.129",
        ),
        _MISSING_OPS,
    ),
    **dict.fromkeys(
        ("nn.convs.107", "nn.convs.7", "nn.convs.81", "nn.norms.23"),
        _CHANNELS_FIRST,
    ),
}


def _load(program: dict, tmp):
    """Import the program's files into the default graph; a callable restoring into a
    session."""
    files = program["files"]
    if program["format"] == "saved_model":
        for name, data in files.items():
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp / name).write_bytes(fuzz.unpack(data))
        return lambda sess: gg.saved_model.loader.load(sess, ["serve"], os.fspath(tmp))
    if program["format"] == "meta":
        for name, data in files.items():
            (tmp / name).write_bytes(fuzz.unpack(data))
        saver = gg.train.import_meta_graph(os.fspath(tmp / "model.meta"))
        return lambda sess: saver.restore(sess, os.fspath(tmp / "model"))
    graph_def = gg.GraphDef.FromString(fuzz.unpack(files["graph.pb"]))
    gg.import_graph_def(graph_def, name="")
    return lambda sess: None


def _runs(sess, program: dict, feed: dict) -> list:
    runs = []
    for _ in range(program["steps"]):
        sess.run(program["train"], feed)
        runs.append(sess.run(program["fetches"], feed))
    if not program["steps"]:
        runs.append(sess.run(program["fetches"], feed))
    if program["after"]:
        runs.append(sess.run(program["after"], feed))
    return runs


def observe(program: dict, tmp) -> dict:
    """What graphgate gives for the program's files (the recorder's `run_files`)."""
    feed = {k: fuzz.decode(s) for k, s in program["feeds"].items()}
    with gg.Graph().as_default(), np.errstate(all="ignore"):
        try:
            restore = _load(program, tmp)
        except Exception as exc:  # the class is what is compared
            return {"error": ["import", error_classes(exc), str(exc)[:300]]}
        with gg.Session() as sess:
            try:
                restore(sess)
            except Exception as exc:
                return {"error": ["import", error_classes(exc), str(exc)[:300]]}
            try:
                runs = _runs(sess, program, feed)
            except Exception as exc:
                return {"error": ["run", error_classes(exc), str(exc)[:300]]}
    return {"outputs": [[fuzz.encode(v) for v in run] for run in runs]}


def _eps(theirs: np.ndarray, op) -> float:
    eps = float(np.finfo(theirs.dtype).eps)
    return max(eps, float(np.finfo(np.float32).eps)) if op in _FLOAT32_OPS else eps


def _bounded_difference(a: dict, b: dict, program: dict, magnitude):
    """A "linear"/"smooth"/"linalg" output's difference (None: within its bound)."""
    ours, theirs = fuzz.decode(a), fuzz.decode(b)
    x, y = ours.astype(np.complex128), theirs.astype(np.complex128)
    same = (x == y) | (np.isnan(x) & np.isnan(y))
    eps = _eps(theirs.real, program.get("op"))
    if program["tol"] == "linear" and magnitude is not None:
        bound = LINEAR_EPS * eps * np.abs(fuzz.decode(magnitude).astype(np.complex128))
    else:
        finite = np.abs(y[np.isfinite(y)])
        top = finite.max() if finite.size else 0.0
        bound = (LINALG_EPS if program["tol"] == "linalg" else SMOOTH_EPS) * eps * top
    with np.errstate(invalid="ignore"):
        same |= np.abs(x - y) <= bound
    wrong = np.flatnonzero(~same)
    return ("values", [(int(i), complex(x.flat[i]), complex(y.flat[i])) for i in wrong[:4]])


def _output_difference(a: dict, b: dict, program: dict, magnitude):
    tol = program["tol"]
    if a["dtype"] == "string" or b["dtype"] == "string":
        return None if a == b else ("strings", a, b)
    if tol in ("exact", "ulps:0") or np.dtype(b["dtype"]).kind not in "fc":
        return output_difference(a, b, None)
    if tol.startswith("ulps:"):
        n = int(tol.split(":")[1])
        if program.get("op") == "colour" and b["dtype"] == "float64":
            # As tf1_fuzzimg compares them: TF adjusts a float64 image in float32
            # (convert_image_dtype), and so does graphgate, so the last bits are float32's.
            a, b = (fuzz.encode(fuzz.decode(x).astype(np.float32)) for x in (a, b))
        return output_difference(a, b, {16: n, 32: n, 64: n})
    for key in ("dtype", "shape"):
        if a[key] != b[key]:
            return (key, a[key], b[key])
    wrong = _bounded_difference(a, b, program, magnitude)
    return wrong if wrong[1] else None


def _outputs_difference(ours: dict, theirs: dict, program: dict):
    if "error" in theirs:
        return error_difference(ours, theirs["error"], stages=("import", "run"))
    if "error" in ours:
        # As tf1_fuzzdiff allows: a float cast meeting NaN, an infinity or a value out of
        # range is refused where TF's answer is its CPU's (documented).
        if ours["error"][2].startswith("VALUE_NOT_REPRESENTABLE"):
            return None
        return ("raised", ours["error"])
    if len(ours["outputs"]) != len(theirs["outputs"]):
        return ("runs", len(ours["outputs"]), len(theirs["outputs"]))
    magnitudes = program.get("magnitude") or [[None] * len(r) for r in theirs["outputs"]]
    for r, (mine, tf_run, mags) in enumerate(
        zip(ours["outputs"], theirs["outputs"], magnitudes, strict=True)
    ):
        if len(mine) != len(tf_run):
            return ("fetches", r, len(mine), len(tf_run))
        for i, (a, b, m) in enumerate(zip(mine, tf_run, mags, strict=True)):
            wrong = _output_difference(a, b, program, m)
            if wrong:
                return (r, program["fetches"][i] if i < len(program["fetches"]) else i, *wrong)
    return None


def difference(name: str, tmp):
    """How graphgate's answer to program `name` differs from TF's, or None."""
    program = PROGRAMS[name]
    ours = observe(program, tmp)
    wrong = _outputs_difference(ours, program["tf"], program)
    as_written = program.get("tf_as_written")
    if wrong and as_written and _outputs_difference(ours, as_written, program) is None:
        return None
    return wrong


@pytest.mark.parametrize("source", SOURCES)
def test_imported_programs_compute_what_tensorflow_does(source, tmp_path):
    names = [n for n, p in PROGRAMS.items() if p["source"] == source and n not in KNOWN]
    wrong = {}
    for name in names:
        tmp = tmp_path / name
        tmp.mkdir()
        if (d := difference(name, tmp)) is not None:
            wrong[name] = d
    assert not wrong, wrong


@pytest.mark.parametrize("name", known_params(KNOWN))
def test_known_difference(name, tmp_path):
    assert difference(name, tmp_path) is None


# -- faults the fuzzer found, each pinned on its own ---------------------------------------


@pytest.mark.parametrize("name", ["flow.cond.25", "flow.cond.36"])
def test_a_branch_waiting_for_an_update_made_outside_the_cond_runs_it(name, tmp_path):
    # A v1 cond's branch under control_dependencies([c.assign_add(1)]) names the update
    # outside the cond as a control input: TF runs it whichever branch is taken (the If
    # waits for it). The importer once dropped it, so the variable read 0 after the run.
    assert difference(name, tmp_path) is None
    program = {**PROGRAMS[name], "steps": 0}
    feeds = dict(program["feeds"])
    pred = next(k for k, v in feeds.items() if v["dtype"] == "bool")
    feeds[pred] = fuzz.encode(np.array(False))
    seen = observe({**program, "feeds": feeds}, tmp_path)
    assert fuzz.decode(seen["outputs"][-1][0]) == 1.0


@pytest.mark.parametrize(
    "name",
    [
        "attr_type_wrong",  # a T of int32 over float inputs: computed in float before
        "const_dtype_mismatch",  # a Const's dtype contradicting its reader
        "switch_float_pred",
        "attr_type_as_int",
        "attr_type_not_allowed",
        "attr_unknown_dtype_enum",
        "attr_bool_as_string",
        "attr_keep_dims_as_int",
        "concat_n_mismatch",
        "identity_n_mismatch",
        "control_before_data",
        "control_with_index",
        "min_consumer_too_new",
        "bad_consumer_listed",
    ],
)
def test_a_graph_def_tf_refuses_to_import_is_refused_not_computed(name, tmp_path):
    # graphgate infers the dtypes a node's attributes restate; a GraphDef whose attributes
    # contradict its inputs (or that TF's import refuses otherwise) was computed anyway.
    program = PROGRAMS[f"invalid.{name}"]
    assert program["tf"]["error"][:2] == ["import", "ValueError"]
    seen = observe(program, tmp_path)
    assert seen["error"][0] == "import" and "ValueError" in seen["error"][1]
    assert seen["error"][2].startswith("TF_GRAPH_INVALID")


def test_an_attribute_tf_s_op_lacks_is_ignored_as_tf_ignores_it(tmp_path):
    assert difference("invalid.attr_unknown_extra", tmp_path) is None


def test_an_empty_tensor_list_of_unknown_element_shape_does_not_stack(tmp_path):
    # TF 2's TensorListStack of no element whose element shape is not fully defined is
    # TF's InvalidArgumentError; the importer read the stack as the list itself and
    # answered a guessed float32 [0, 0].
    program = PROGRAMS["flow.invalid.31"]
    assert program["variant"]["cf_v2"] and program["tf"]["error"][1] == "InvalidArgumentError"
    seen = observe(program, tmp_path)
    assert seen["error"][0] == "run" and "InvalidArgumentError" in seen["error"][1]
    assert "non-fully-defined element_shape" in seen["error"][2]


def test_a_uint32_clamp_tf_has_no_kernel_for_is_refused(tmp_path):
    # saturate_cast's ClipByValue of uint32 or uint64: TF writes it and fails every run
    # (no CPU kernel); the importer computed it.
    program = PROGRAMS["img.converts.13"]
    assert "ClipByValue" in program["tf"]["error"][2]
    seen = observe(program, tmp_path)
    assert "InvalidArgumentError" in seen["error"][1] and "ClipByValue" in seen["error"][2]


@pytest.mark.parametrize(
    "name",
    [
        "nn.activations.9",  # EluGrad
        "nn.activations.7",  # SeluGrad
        "grad.exact.109",  # LeakyReluGrad
        "grad.exact.39",  # Relu6Grad
        "grad.approx.171",  # SoftsignGrad
        "grad.exact.26",  # ParallelDynamicStitch (dynamic_partition's gradient)
        "grad.exact.145",  # ConcatOffset (concat's gradient slices where each input began)
        "grad.exact.203",  # a transpose's gradient: its permutation an InvertPermutation
        "shape.diags.15",  # MatrixBandPart's Tindex
        "nn.pools.1",  # MaxPool3DGrad's TInput
        "grad.approx.168",  # BatchMatMulV2's grad_x, grad_y
    ],
)
def test_gradient_ops_tf_writes_are_imported(name, tmp_path):
    # Each was TF_GRAPH_UNSUPPORTED: a gradient op graphgate had no lowering for, or an
    # attribute TF 2.21 adds that only restates a dtype or hints.
    assert difference(name, tmp_path) is None


def test_a_depthwise_filter_of_unknown_size_builds(tmp_path):
    # SSIM's Gaussian window is a Tile computed at run time: its static size unknown.
    # The output size of a VALID window subtracted None (a TypeError, reported as an
    # INVALID_ATTR of the node); TF leaves the size unknown until the run.
    assert difference("img.statistics.4", tmp_path) is None
    with gg.Graph().as_default():
        x = gg.placeholder(gg.float32, [2, 7, 7, 1])
        f = gg.placeholder(gg.float32, [None, None, 1, 1])
        y = gg.nn.depthwise_conv2d_native(x, f, [1, 1, 1, 1], "VALID")
        assert y.shape.as_list() == [2, None, None, 1]


def test_non_max_suppression_with_overlaps_reads_its_constant_inputs(tmp_path):
    # Its max_output_size, overlap and score thresholds are TF's inputs; the importer
    # read them for NonMaxSuppressionV3 only, and refused this op for lacking them.
    assert difference("nn.nms.29", tmp_path) is None


def test_concat_offset_is_where_each_input_begins_and_checks_the_others_agree():
    with gg.Graph().as_default(), gg.Session() as sess:
        op = gg.get_default_graph().create_op(
            "ConcatOffset", (gg.constant(-1), gg.constant([2, 3]), gg.constant([2, 5])), None, "o"
        )
        assert [v.tolist() for v in sess.run(op.outputs)] == [[0, 0], [0, 3]]
        bad = gg.get_default_graph().create_op(
            "ConcatOffset", (gg.constant(1), gg.constant([2, 3]), gg.constant([4, 5])), None, "b"
        )
        with pytest.raises(gg.errors.InvalidArgumentError, match="must match"):
            sess.run(bad.outputs)


@pytest.mark.parametrize("name", ["img.boxes.21", "img.nms_ties.2"])
def test_combined_non_max_suppression_reads_its_constant_inputs(name, tmp_path):
    # TF's four limits are inputs; the importer refused the op for having six inputs.
    assert difference(name, tmp_path) is None


def test_a_ref_variable_updated_in_a_branch_is_updated_when_that_branch_runs(tmp_path):
    # TF1 reads a ref variable into a cond's branch through RefSwitch (an assign_add in
    # the branch); it was TF_GRAPH_UNSUPPORTED. graphgate's variables are no refs: the
    # RefSwitch is a Switch. flow.cond.4 adds 10 in the branch `not p` takes.
    name = "flow.cond.4"
    assert difference(name, tmp_path) is None
    program = PROGRAMS[name]
    updates = []
    for taken in (False, True):
        feeds = dict(program["feeds"])
        pred = next(k for k, v in feeds.items() if v["dtype"] == "bool")
        feeds[pred] = fuzz.encode(np.array(not taken))
        tmp = tmp_path / str(taken)
        tmp.mkdir()
        seen = observe({**program, "feeds": feeds}, tmp)
        updates.append(float(fuzz.decode(seen["outputs"][-1][0])))
    assert updates == [0.0, 10.0]


@pytest.mark.parametrize("name", ["img.geometry.43", "flow.case.19"])
def test_a_cond_under_a_control_dependency_is_a_cond(name, tmp_path):
    # A v1 cond built under control_dependencies (rot90's, after its assert; a case's
    # nested conds) gives its pivot Switch a control input beside its two operands: the
    # importer took it for no cond's Switch and refused the graph.
    assert difference(name, tmp_path) is None


@pytest.mark.parametrize(
    "name",
    [
        "diff.grads.143",  # both operands' shapes written as constants
        "grad.exact.36",  # one a constant, one a Shape op
        "shape.matmuls.12",  # a BatchMatMulV2's batch dims: a [:-2] slice of the shape
        "shape.matmuls.39",
    ],
)
def test_a_broadcast_gradient_sum_over_constant_or_sliced_shapes_imports(name, tmp_path):
    # TF 2 writes a static operand's shape as a Const (and a batch matmul's gradient
    # slices the batch dims off it); the importer traced only Shape ops and refused.
    assert difference(name, tmp_path) is None


def test_the_fixture_holds_what_the_recorder_draws_now():
    # Each recorded program is one the recorder samples now, serialized the way it draws
    # for its name (a program TF cannot write is left out, so the draw may hold more).
    drawn = fuzz.sources()
    recorded = {n: p for n, p in PROGRAMS.items() if p["source"] != "invalid"}
    assert set(recorded) <= set(drawn) and len(recorded) >= len(drawn) - 10
    for name, program in recorded.items():
        assert program["source"] == drawn[name][0], name
        assert program["variant"] == fuzz.variant(name, program["source"]), name


def test_a_float64_colour_adjustment_is_compared_in_float32_as_tf_computes_it():
    # A fresh seed's img.colours.66 (docs/hardening.md, "Fresh seeds"): adjust_gamma of a
    # float64 image, graphgate 1 float32 ulp from TF, which is 2^29 float64 ulps.
    program = {"op": "colour", "tol": "ulps:8"}
    theirs = fuzz.encode(np.array([0.014998555183410645, 0.21926531195640564]))
    ours = fuzz.encode(np.array([0.01499855425208807, 0.21926532685756683]))
    assert _output_difference(ours, theirs, program, None) is None
    farther = fuzz.encode(np.array([0.0150016, 0.21926532685756683]))
    assert _output_difference(farther, theirs, program, None) is not None
    assert _output_difference(ours, theirs, {**program, "op": "resize"}, None) is not None


def test_a_leaky_relu_grad_at_its_default_alpha_uses_tfs_32_bit_alpha():
    # A fresh seed's grad.exact.187 (docs/hardening.md, "Fresh seeds"): a float64
    # LeakyReluGrad with `alpha` left out (strip_default_attrs) scaled by 0.2 where TF's
    # default is the 32-bit float 0.2, 0.20000000298023224 in float64 (TF 2.21: the
    # gradient at -1.5 of leaky_relu; that program's AddN was 3e-9 off).
    from graphgate import tf_proto

    def placeholder(name):
        return {"name": name, "op": "Placeholder", "attr": {"dtype": {"type": 2}}}

    grad = {"name": "grad", "op": "LeakyReluGrad", "input": ["g", "x"]}
    message = {
        "node": [placeholder("g"), placeholder("x"), {**grad, "attr": {"T": {"type": 2}}}],
        "versions": {"producer": 2104},
    }
    binary = tf_proto.encode(message, tf_proto.GRAPH)
    with gg.Graph().as_default():
        gg.import_graph_def(gg.GraphDef.FromString(binary), name="")
        with gg.Session() as sess:
            got = sess.run("grad:0", {"g:0": [1.0, 1.0], "x:0": [-1.5, 2.0]})
    assert got.tolist() == [0.20000000298023224, 1.0]
