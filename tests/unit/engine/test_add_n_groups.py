"""AddN sums as TF's kernel does: the first 8 or 9 inputs left to right, then each 8 more
among themselves before their sum is added (tests/reference/tf1_add_n_groups.py records
TF 2.21's bits). Left to right, an `add_n` of 10,000 float32 scalars 0..9,999 answered
49,992,896 where TF answers 49,995,000."""

import json
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from tests.reference.tf1_add_n_groups import CASES, COLUMNS, rows

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_add_n_groups.json").read_text())


@pytest.mark.parametrize(("n", "dtype"), CASES, ids=[f"{n}-{d}" for n, d in CASES])
def test_add_n_rounds_as_tfs_kernel(n, dtype):
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(dtype, [n, COLUMNS])
        total = gg.add_n(gg.unstack(x))
    with gg.Session(graph=graph) as sess:
        value = sess.run(total, {x: rows(n, dtype)})
    assert value.dtype == np.dtype(dtype)
    assert value.tobytes().hex() == FIXTURE[f"{n}-{dtype}"]


def test_add_n_of_ten_thousand_constants_is_tfs_sum():
    graph = gg.Graph()
    with graph.as_default():
        total = gg.add_n([gg.constant(float(i)) for i in range(10_000)])
    with gg.Session(graph=graph) as sess:
        assert sess.run(total) == np.float32(49_995_000.0)


@pytest.mark.parametrize(
    ("n", "dtype"),
    [(n, d) for n, d in CASES if d != "float16" and n <= 1001],
    ids=[f"{n}-{d}" for n, d in CASES if d != "float16" and n <= 1001],
)
def test_an_onnx_export_sums_in_tfs_order(n, dtype):
    # ONNX's Sum adds left to right: exported as one, add_n of 10+ floats rounded otherwise
    # than TF (and graphgate) in onnxruntime. (float16 is left out: onnxruntime computes a
    # chain of float16 ops in float32, rounding once, whatever the order.)
    ort = pytest.importorskip("onnxruntime")
    from graphgate.onnx.exporter import export_onnx

    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(dtype, [n, COLUMNS])
        total = gg.add_n(gg.unstack(x))
    model = export_onnx(graph, [total], [x])
    run = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    (value,) = run.run(None, {model.graph.input[0].name: rows(n, dtype)})
    assert value.tobytes().hex() == FIXTURE[f"{n}-{dtype}"]


def test_an_onnx_export_of_an_integer_add_n_runs():
    # ONNX's Sum takes floats only: an int32 add_n exported as one was refused by the checker.
    ort = pytest.importorskip("onnxruntime")
    from graphgate.onnx.exporter import export_onnx

    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder("int32", [11, 3])
        total = gg.add_n(gg.unstack(x))
    model = export_onnx(graph, [total], [x])
    run = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    values = np.arange(33, dtype=np.int32).reshape(11, 3)
    (value,) = run.run(None, {model.graph.input[0].name: values})
    assert value.tolist() == values.sum(axis=0).tolist()
