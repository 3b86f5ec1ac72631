"""The SavedModel archives the service answers (`Accept: application/zip`) are the bytes
TF 2.21 loaded, and TF predicted graphgate's numbers from them (fixture
tf_saved_model_download.json, tests/reference/tf_saved_model_download.py): an MLP and a
conv net trained in a session, a saved model TF wrote, as uploaded (its round trip:
TF predicts the same from the archive as from what it wrote), and a graph with no variables."""

import hashlib
import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from graphgate.serialization import graph_from_dict
from tests.unit.engine.tf_reference import saved_model_programs as programs

FIXTURE = json.loads(
    (Path(__file__).parent / "fixtures" / "tf_saved_model_download.json").read_text()
)
FILES = [
    "saved_model.pb",
    "variables/",
    "variables/variables.data-00000-of-00001",
    "variables/variables.index",
]


def _ours(document, variables, inputs, outputs, rows):
    session = gg.Session(graph_from_dict(document))
    session.set_variables(variables)
    feeds = {inputs[k]: np.asarray(v, np.float32) for k, v in rows.items()}
    return {k: session.run(t, feeds) for k, t in outputs.items()}


@pytest.mark.parametrize("name", sorted(programs.PROGRAMS))
def test_tf_predicts_graphgates_numbers_from_a_trained_sessions_archive(name):
    recorded = FIXTURE[name]
    spec, document, variables = programs.trained(name)

    blob = programs.archive(document, variables, spec["inputs"], spec["outputs"])

    assert hashlib.sha256(blob).hexdigest() == recorded["sha256"]
    ours = _ours(document, variables, spec["inputs"], spec["outputs"], recorded["inputs"])
    assert sorted(ours) == sorted(recorded["tf"])
    for key, want in recorded["tf"].items():
        np.testing.assert_allclose(ours[key], want, rtol=2e-6, atol=1e-6, err_msg=key)


def test_a_saved_model_tf_wrote_comes_back_as_tf_predicts_it():
    recorded = FIXTURE["uploaded"]
    model, document, variables = programs.uploaded()

    blob = programs.archive(document, variables, model["inputs"], model["outputs"])

    assert hashlib.sha256(blob).hexdigest() == recorded["sha256"]
    ours = _ours(document, variables, model["inputs"], model["outputs"], recorded["inputs"])
    for key, want in recorded["original"].items():
        np.testing.assert_allclose(recorded["tf"][key], want, rtol=1e-6, err_msg=key)
        np.testing.assert_allclose(ours[key], want, rtol=2e-6, atol=1e-6, err_msg=key)


def test_a_graph_without_variables_is_an_archive_tf_loads_with_no_saver():
    # TF's simple_save of no variables writes an empty variables/ and no saver_def; a
    # save/ subgraph of none (SaveV2 with no dtypes) was an archive TF refused to load.
    recorded = FIXTURE["lengths"]
    spec, document = programs.untrained(programs.lengths)

    blob = programs.archive(document, {}, spec["inputs"], spec["outputs"])

    assert hashlib.sha256(blob).hexdigest() == recorded["sha256"]
    archive = zipfile.ZipFile(io.BytesIO(blob))
    assert sorted(archive.namelist()) == ["saved_model.pb", "variables/"]
    loaded = gg.Graph()
    gg.saved_model.loader.load(gg.Session(loaded), ["serve"], _unzipped(archive))
    assert not any(op.name.startswith("save/") for op in loaded.get_operations())
    session = gg.Session(graph_from_dict(document))
    text = np.array([s.encode() for s in recorded["inputs"]["text"]], object)
    for key, tensor in spec["outputs"].items():
        assert session.run(tensor, {"text:0": text}).tolist() == recorded["tf"][key]


def _unzipped(archive):
    import tempfile

    directory = tempfile.mkdtemp(prefix="graphgate-test-")
    archive.extractall(directory)
    return directory


def test_the_archive_is_a_saved_model_directory_and_the_same_values_give_the_same_bytes():
    spec, document, variables = programs.trained("mlp")
    first = programs.archive(document, variables, spec["inputs"], spec["outputs"])
    again = programs.archive(document, variables, spec["inputs"], spec["outputs"])
    moved = {**variables, "b2": variables["b2"] + 1}
    other = programs.archive(document, moved, spec["inputs"], spec["outputs"])

    assert first == again and other != first
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert sorted(archive.namelist()) == FILES
    assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_graph_tf_cannot_hold_writes_nothing_and_names_every_node():
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [2, 3], name="x")
        gg.sort(x, name="down")  # TF has no Sort op
        y = gg.nn.softmax(x, name="fine")
    signature = gg.saved_model.predict_signature_def({"x": x}, {"y": y})
    with pytest.raises(gg.GraphgateError) as caught:
        gg.saved_model.archive(gg.Session(graph), {"serving_default": signature})
    assert caught.value.code == "TF_EXPORT_UNSUPPORTED"
    assert [p["node"] for p in caught.value.details["problems"]] == ["down"]
