"""dynshape_cases.py run with graphgate in place of TensorFlow: shapes, sizes and axes
given as tensors give TensorFlow's values, static shapes, dtypes, names, gradients and
exception classes (dynshape_reference.json, written by make_dynshape_reference.py)."""

from __future__ import annotations

import json
import pathlib

import pytest

import graphgate as gg
from tests.unit.engine.test_tf_array_reference import _compare_with_raised
from tests.unit.engine.tf_reference import dynshape_cases

REFERENCE = json.loads(
    (pathlib.Path(__file__).parent / "tf_reference" / "dynshape_reference.json").read_text()
)


@pytest.mark.parametrize("name", sorted(dynshape_cases.PROGRAMS))
def test_program_matches_tensorflow(name, monkeypatch):
    seen = {}

    def raises(fn):
        # Keep the engine's exception object; it is compared to TF's class name.
        try:
            fn()
        except Exception as exc:
            key = f"<{len(seen)}>"
            seen[key] = exc
            return key
        return "none"

    monkeypatch.setattr(dynshape_cases, "raises", raises)
    got = dynshape_cases.PROGRAMS[name](gg)
    _compare_with_raised(got, REFERENCE["programs"][name], name, seen)
