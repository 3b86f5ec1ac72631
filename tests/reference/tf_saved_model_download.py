"""What TensorFlow predicts from the SavedModels the service answers (dev-only).

    /work/tfvenv/bin/python tests/reference/tf_saved_model_download.py

For each program of tests/unit/engine/tf_reference/saved_model_programs.py (an MLP and a
conv net trained in a session, a saved model TF 2 wrote, as uploaded, and a graph with no
variables, a string input and two outputs), writes the
archive the service answers for `Accept: application/zip` and has TensorFlow 2.21 load it
twice: `tf.compat.v1.saved_model.loader.load` (running the signature's tensors in a
session) and `tf.saved_model.load` (calling `signatures["serving_default"]`). Both must
agree. The uploaded model is also loaded as TF wrote it, so the round trip is checked
here too. Recorded in tests/unit/engine/fixtures/tf_saved_model_download.json: the
archive's SHA-256 (the service must answer exactly these bytes), the inputs and TF's
predictions (the service must serve them).
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "layers" / "engine"))
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from tests.unit.engine.tf_reference import saved_model_programs as programs  # noqa: E402

FIXTURE = ROOT / "tests" / "unit" / "engine" / "fixtures" / "tf_saved_model_download.json"
t = tf.compat.v1


def _v1(directory: str, inputs: dict) -> dict:
    with tf.Graph().as_default(), t.Session() as sess:
        meta = t.saved_model.loader.load(sess, ["serve"], directory)
        signature = meta.signature_def["serving_default"]
        feeds = {signature.inputs[k].name: v for k, v in inputs.items()}
        names = sorted(signature.outputs)
        values = sess.run([signature.outputs[k].name for k in names], feeds)
        return dict(zip(names, values, strict=True))


def _v2(directory: str, inputs: dict) -> dict:
    loaded = tf.saved_model.load(directory)
    answer = loaded.signatures["serving_default"](**{k: tf.constant(v) for k, v in inputs.items()})
    return {k: v.numpy() for k, v in answer.items()}


def _predictions(blob: bytes, inputs: dict) -> dict:
    with tempfile.TemporaryDirectory() as directory:
        zipfile.ZipFile(io.BytesIO(blob)).extractall(directory)
        v1, v2 = _v1(directory, inputs), _v2(directory, inputs)
    assert sorted(v1) == sorted(v2)
    for key in v1:
        np.testing.assert_allclose(v1[key], v2[key], rtol=1e-6, atol=1e-7, err_msg=key)
    return {k: v.tolist() for k, v in v1.items()}


def _record(blob: bytes, inputs: dict) -> dict:
    def plain(value: np.ndarray) -> list:
        return [v.decode() if isinstance(v, bytes) else v for v in np.asarray(value).tolist()]

    return {
        "sha256": hashlib.sha256(blob).hexdigest(),
        "bytes": len(blob),
        "inputs": {k: plain(v) for k, v in inputs.items()},
        "tf": _predictions(blob, inputs),
    }


def main() -> None:
    out = {}
    for name in programs.PROGRAMS:
        spec, document, variables = programs.trained(name)
        blob = programs.archive(document, variables, spec["inputs"], spec["outputs"])
        out[name] = _record(blob, spec["predict"])
    model, document, variables = programs.uploaded()
    blob = programs.archive(document, variables, model["inputs"], model["outputs"])
    rows = {alias: programs.UPLOADED_ROWS for alias in model["inputs"]}
    out["uploaded"] = _record(blob, rows)
    original = _v2(str(programs.UPLOADED), rows)
    out["uploaded"]["original"] = {k: v.tolist() for k, v in original.items()}
    for key, want in out["uploaded"]["original"].items():
        np.testing.assert_allclose(out["uploaded"]["tf"][key], want, rtol=1e-6, err_msg=key)
    spec, document = programs.untrained(programs.lengths)
    blob = programs.archive(document, {}, spec["inputs"], spec["outputs"])
    out["lengths"] = _record(blob, spec["predict"])
    FIXTURE.write_text(json.dumps(out, sort_keys=True) + "\n")
    print(f"wrote {FIXTURE}: {', '.join(out)}")


if __name__ == "__main__":
    main()
