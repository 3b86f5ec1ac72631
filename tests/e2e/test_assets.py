"""A TF Serving user's text model whose lookup tables read vocabulary files from the
SavedModel's `assets/` (tests/reference/tf1_assets.py wrote it with TF 2.21), uploaded
through the client's saved-model bridge and served over TF Serving's predict and
classify and KServe v2: words in, ids, scores and labels out, as TF answers them."""

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from graphgate import GraphgateError
from graphgate.client import Client
from graphgate.client.errors import ApiError
from tests.support import Client as HttpClient

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]

FIXTURES = Path(__file__).parents[1] / "unit" / "engine" / "fixtures" / "assets"
TF = json.loads((FIXTURES / "tf1_assets.json").read_text())
EXPORT = FIXTURES / "text" / "1"
WORDS = TF["query"]
EXAMPLE_WORDS = ["dog", "mat", "unknown"]  # tests/reference/tf1_assets.py's


@pytest.fixture(scope="module")
def key(runner):
    return runner.create_tenant("assets-e2e", plan="pro")["api_key"]


@pytest.fixture(scope="module")
def client(runner, key):
    with Client(runner.url, key) as c:
        yield c


@pytest.fixture(scope="module")
def served(runner, key, client):
    """GIVEN the TF-written export uploaded as two versions: its predict signature and its
    classify one (a version serves one signature: models.md)."""
    client.create_model_version_from_saved_model("words", EXPORT)
    client.create_model_version_from_saved_model("words-classify", EXPORT, signature_key="classify")
    return HttpClient(runner.url, key)


def test_tf_serving_predict_answers_tfs_ids_scores_and_labels(served):
    # WHEN a TF Serving client sends words, one instance each
    answer = served.call("POST", "/tfserving/v1/models/words:predict", {"instances": WORDS})
    assert answer.status == 200, answer.body
    rows = answer.json()["predictions"]
    # THEN each row holds what TF computed from the same vocabularies
    theirs = TF["tf"]["serving_default"]
    assert [r["ids"] for r in rows] == theirs["ids"]
    assert [r["labels"] for r in rows] == theirs["labels"]
    assert [r["extra"] for r in rows] == theirs["extra"]
    np.testing.assert_allclose([r["scores"] for r in rows], theirs["scores"], rtol=1e-6)


def test_tf_serving_classify_answers_tfs_labels_and_scores(served):
    examples = [{"word": w} for w in EXAMPLE_WORDS]
    answer = served.call(
        "POST",
        "/tfserving/v1/models/words-classify:classify",
        {"signature_name": "classify", "examples": examples},
    )
    assert answer.status == 200, answer.body
    results = answer.json()["results"]
    theirs = TF["tf"]["classify"]
    assert [[c for c, _ in r] for r in results] == theirs["classes"]
    np.testing.assert_allclose([[s for _, s in r] for r in results], theirs["scores"], rtol=1e-6)


def test_kserve_v2_infer_answers_tfs_ids(served):
    body = {
        "inputs": [{"name": "words", "datatype": "BYTES", "shape": [len(WORDS)], "data": WORDS}],
        "outputs": [{"name": "ids"}, {"name": "labels"}],
    }
    answer = served.call("POST", "/v2/models/words/infer", body)
    assert answer.status == 200, answer.body
    outputs = {o["name"]: o for o in answer.json()["outputs"]}
    assert outputs["ids"]["data"] == TF["tf"]["serving_default"]["ids"]
    assert outputs["labels"]["data"] == TF["tf"]["serving_default"]["labels"]


def test_an_export_whose_vocabulary_is_a_symlink_is_refused_before_upload(client, tmp_path):
    export = tmp_path / "1"
    shutil.copytree(EXPORT, export)
    (export / "assets" / "vocab.txt").unlink()
    (export / "assets" / "vocab.txt").symlink_to("/etc/hostname")
    with pytest.raises(GraphgateError) as caught:
        client.create_model_version_from_saved_model("words-linked", export)
    assert caught.value.code == "INVALID_ASSET"
    with pytest.raises(ApiError) as missing:
        client.get_model("words-linked")  # nothing was uploaded
    assert missing.value.code == "MODEL_NOT_FOUND"


def test_the_version_downloads_as_a_saved_model_with_its_vocabularies(client, served, tmp_path):
    # WHEN the served version is taken out as a TensorFlow SavedModel
    client.export_saved_model("words", tmp_path / "out", version=1)
    # THEN its assets are the vocabularies it was uploaded with, under their own names
    for name in ("vocab.txt", "labels.txt", "pairs.tsv"):
        assert (tmp_path / "out" / "assets" / name).read_bytes() == (
            EXPORT / "assets" / name
        ).read_bytes()
    # AND its main op fills the tables from them when it is loaded, as TF 2.21's loader runs
    # it (tests/reference/tf1_main_op.py): it answers TF's ids and labels
    import graphgate.compat.v1 as tf

    with tf.Graph().as_default(), tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], str(tmp_path / "out"))
        assert meta.collection_def["saved_model_main_op"]
        sig = meta.signature_def["serving_default"]
        ids, labels = sess.run(
            [sig.outputs["ids"].name, sig.outputs["labels"].name],
            {sig.inputs["words"].name: WORDS},
        )
    assert ids.tolist() == TF["tf"]["serving_default"]["ids"]
    assert [w.decode() for w in labels] == TF["tf"]["serving_default"]["labels"]


def test_a_zipped_export_serves_and_one_holding_a_symlink_is_refused(client, served, tmp_path):
    import stat
    import zipfile

    def zipped(path, link=False):
        with zipfile.ZipFile(path, "w") as archive:
            for entry in sorted(EXPORT.rglob("*")):
                if entry.is_file():
                    name = entry.relative_to(EXPORT).as_posix()
                    if link and name == "assets/vocab.txt":
                        info = zipfile.ZipInfo(name)
                        info.external_attr = (stat.S_IFLNK | 0o777) << 16
                        archive.writestr(info, "/etc/hostname")
                    else:
                        archive.write(entry, name)
        return path

    # GIVEN the export as a ZIP archive (what the service's download answers, too)
    client.create_model_version_from_saved_model("words-zip", zipped(tmp_path / "m.zip"))
    answer = served.call("POST", "/tfserving/v1/models/words-zip:predict", {"instances": WORDS})
    assert [r["ids"] for r in answer.json()["predictions"]] == TF["tf"]["serving_default"]["ids"]
    # WHEN its vocabulary is a symbolic link instead, THEN nothing is unpacked or uploaded
    with pytest.raises(GraphgateError) as caught:
        client.create_model_version_from_saved_model(
            "words-zip-linked", zipped(tmp_path / "l.zip", link=True)
        )
    assert caught.value.code == "INVALID_ARCHIVE"
