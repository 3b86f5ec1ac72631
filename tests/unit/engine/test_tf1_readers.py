"""TF1's file-reading input pipelines — TFRecordDataset, TextLineDataset,
FixedLengthRecordDataset, list_files, read_file and the queue readers — run unchanged on
graphgate and observe what TensorFlow observed.

`tests/reference/tf1_readers.py` holds the programs and wrote what `tf.compat.v1` computed
into `fixtures/tf1_readers.json`, reading the files TF wrote into `fixtures/readers/`
(`tests/reference/tf1_readers_files.py`); each test runs the same text with `tf` bound to
graphgate. The rest of the file checks what TF cannot be asked: that the graph holds the
files, its documents, the limits and graphgate's errors.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, raised

ROOT = Path(__file__).parents[3]
FIX = str(Path(__file__).parent / "fixtures" / "readers") + os.sep
FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "tf1_readers.json").read_text())
_spec = importlib.util.spec_from_file_location(
    "tf1_readers", ROOT / "tests" / "reference" / "tf1_readers.py"
)
programs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(programs)


@pytest.mark.parametrize("name", sorted(FIXTURE["programs"]))
def test_reader_program_observes_what_tensorflow_did(name, tmp_path):
    out: dict = {}
    with gg.Graph().as_default():
        env = {"tf": gg, "np": np, "out": out, "raises": raised, "FIX": FIX, "TMP": str(tmp_path)}
        exec(programs._DRAIN + programs.PROGRAMS[name], env)
    assert_observed(out, FIXTURE["programs"][name], name, 1e-6, 1e-9)
