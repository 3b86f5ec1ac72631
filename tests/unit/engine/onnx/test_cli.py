"""`graphgate onnx check model.onnx`: the import report, offline, without importing."""

from __future__ import annotations

import io
import json

import pytest

onnx = pytest.importorskip("onnx")

from onnx import TensorProto, helper  # noqa: E402

from graphgate.cli import OK, REJECTED, USAGE, main  # noqa: E402


def _write(tmp_path, op_types):
    nodes = [
        helper.make_node(op, [f"v{i}"], [f"v{i + 1}"], name=f"n{i}")
        for i, op in enumerate(op_types)
    ]
    n = len(op_types)
    graph = helper.make_graph(
        nodes,
        "g",
        [helper.make_tensor_value_info("v0", TensorProto.FLOAT, [2])],
        [helper.make_tensor_value_info(f"v{n}", TensorProto.FLOAT, [2])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    path = tmp_path / "m.onnx"
    path.write_bytes(model.SerializeToString())
    return str(path)


def test_check_lists_every_unsupported_node(tmp_path):
    path = _write(tmp_path, ["Relu", "Bernoulli", "RandomUniformLike"])
    out = io.StringIO()
    assert main(["onnx", "check", path], stdout=out) == REJECTED
    text = out.getvalue()
    assert "unsupported: 2" in text
    assert "n1 (Bernoulli, opset 17)" in text and "n2 (RandomUniformLike, opset 17)" in text


def test_check_passes_a_supported_model_and_speaks_json(tmp_path):
    path = _write(tmp_path, ["Relu", "Tanh"])
    out = io.StringIO()
    assert main(["onnx", "check", path, "-o", "json"], stdout=out) == OK
    report = json.loads(out.getvalue())
    assert report["supported"] is True and report["op_types"] == {"Relu": 1, "Tanh": 1}


def test_check_of_a_file_that_is_not_onnx_is_a_usage_error(tmp_path, capsys):
    path = tmp_path / "x.onnx"
    path.write_bytes(b"not a model at all")
    assert main(["onnx", "check", str(path)], stdout=io.StringIO()) == USAGE
    assert "INVALID_DOCUMENT" in capsys.readouterr().err


def test_check_without_the_onnx_package_names_the_missing_extra(tmp_path, capsys, monkeypatch):
    # GIVEN the engine installed without its onnx extra (what `[client]` alone brings)
    path = _write(tmp_path, ["Relu"])
    monkeypatch.setitem(__import__("sys").modules, "onnx", None)
    # THEN the command is a usage error naming the missing package, not a refused model
    assert main(["onnx", "check", path], stdout=io.StringIO()) == USAGE
    err = capsys.readouterr().err
    assert "MISSING_DEPENDENCY" in err and "graphgate[onnx]" in err


class _ClosedPipe(io.StringIO):
    def write(self, text):
        raise BrokenPipeError(32, "Broken pipe")


def test_a_reader_closing_the_pipe_ends_the_command_quietly_as_sigpipe_would(tmp_path, capsys):
    # `graphgate graphs ls | head -5` once ended in a BrokenPipeError traceback.
    from graphgate.cli import PIPE_CLOSED

    path = _write(tmp_path, ["Relu"])
    assert main(["onnx", "check", path], stdout=_ClosedPipe()) == PIPE_CLOSED == 141
    assert capsys.readouterr().err == ""
