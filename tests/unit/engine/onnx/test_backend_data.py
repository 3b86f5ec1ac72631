"""The backend tests the installed `onnx` package ships as model files beside its node
tests: `pytorch-converted` (PyTorch modules: 1-D, 2-D and 3-D convolutions and pools,
norms, pads, activations), `pytorch-operator` (PyTorch operators) and `simple`, each case a
model and its recorded inputs and outputs, run through the importer where `check_onnx`
accepts the model (the rest are sequences, strings and ai.onnx.preview.training's Gradient).
The `light` zoo models run in test_import.py."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")

from onnx import numpy_helper  # noqa: E402

import graphgate as gg  # noqa: E402
from graphgate.onnx import check_onnx, import_onnx  # noqa: E402

DATA = Path(onnx.__file__).parent / "backend" / "test" / "data"
KINDS = ("pytorch-converted", "pytorch-operator", "simple")

# Cases graphgate refuses with one of its errors when importing (key: why).
REFUSED: dict[str, str] = dict.fromkeys(
    (
        "pytorch-converted/test_PReLU_1d_multiparam",
        "pytorch-converted/test_PReLU_2d_multiparam",
        "pytorch-converted/test_PReLU_3d_multiparam",
    ),
    # Opset 6's PRelu with a per-channel slope of shape [C]: opset 7 on broadcasts it from
    # the last axis (where [C] does not fit), onnx's converter keeps the slope as it is and
    # onnxruntime has no PRelu-6 kernel; graphgate reports the shapes (SHAPE_MISMATCH).
    "SHAPE_MISMATCH",
)


def _load(path: Path):
    return numpy_helper.to_array(onnx.load_tensor(str(path)))


@functools.cache
def _model(name: str):
    return onnx.load(str(DATA / name / "model.onnx"))


def _names() -> list[str]:
    if not DATA.is_dir():
        return []
    out = []
    for kind in KINDS:
        for case in sorted((DATA / kind).glob("test_*")):
            name = f"{kind}/{case.name}"
            if check_onnx(_model(name)).ok:
                out.append(name)
    return out


def _run(name: str) -> None:
    model = _model(name)
    inits = {t.name for t in model.graph.initializer}
    feeds = [v.name for v in model.graph.input if v.name not in inits]
    outs = [v.name for v in model.graph.output]
    for data in sorted((DATA / name).glob("test_data_set_*")):
        inputs = [_load(p) for p in sorted(data.glob("input_*.pb"))]
        expected = [_load(p) for p in sorted(data.glob("output_*.pb"))]
        graph, values = import_onnx(model)
        with gg.Session(graph) as sess:
            sess.run(gg.global_variables_initializer(graph))
            got = sess.run(
                [values[o] for o in outs],
                {values[n]: v for n, v in zip(feeds, inputs, strict=True)},
            )
        for out, want, have in zip(outs, expected, got, strict=True):
            have = np.asarray(have)
            assert have.dtype == want.dtype, f"{out}: dtype {have.dtype}, expected {want.dtype}"
            assert have.shape == want.shape, f"{out}: shape {have.shape}, expected {want.shape}"
            # onnx's backend runner's default tolerances
            np.testing.assert_allclose(have, want, rtol=1e-3, atol=1e-7, err_msg=out)


@pytest.mark.parametrize("name", _names())
def test_backend_data_case(name):
    if name in REFUSED:
        with pytest.raises(gg.GraphgateError) as exc:
            _run(name)
        assert exc.value.code == REFUSED[name]
        return
    _run(name)


def test_the_shipped_cases_are_found():
    # 140 cases in onnx 1.23's wheel; 124 import (16: sequences, strings, Gradient).
    assert len(_names()) >= 120
