"""A TF text model whose lookup tables read vocabulary files from its SavedModel's
`assets/` (TF 2.21 wrote it: tests/reference/tf1_assets.py), taken in by the saved-model
bridge and served through the models handler (moto, in-process) from the sample events:
TF Serving's predict and classify answer TF's ids, labels and scores."""

import json
from pathlib import Path

import numpy as np

from tests.integration import test_models_handler as _models
from tests.integration.test_tfserving_classify_handler import _serve

module_aws = _models.module_aws
api = _models.api
session = _models.session

FIXTURES = Path(__file__).parents[1] / "unit" / "engine" / "fixtures" / "assets"
TF = json.loads((FIXTURES / "tf1_assets.json").read_text())
EXPORT = FIXTURES / "text" / "1"


def test_predict_and_classify_read_the_models_own_vocabularies(api):
    from graphgate.saved_model.loader import servable

    # GIVEN the export's predict signature served (its assets travel in the graph)
    _serve(api, servable(str(EXPORT)))
    # WHEN TF Serving's predict sends words
    reply = api.call("post-tfserving-predict", body={"instances": TF["query"]})
    # THEN each row is TF's: ids from the vocabulary (OOV buckets past it), labels, scores
    assert reply.status == 200, reply.text
    rows = reply.json()["predictions"]
    theirs = TF["tf"]["serving_default"]
    assert [r["ids"] for r in rows] == theirs["ids"]
    assert [r["labels"] for r in rows] == theirs["labels"]
    assert [r["extra"] for r in rows] == theirs["extra"]
    np.testing.assert_allclose([r["scores"] for r in rows], theirs["scores"], rtol=1e-6)

    # GIVEN its classify signature served as the next version
    version = _serve(api, servable(str(EXPORT), "classify"), "classify")
    assert version["signature"]["method_name"] == "tensorflow/serving/classify"
    body = {"signature_name": "classify", "examples": [{"word": "dog"}, {"word": "mat"}]}
    reply = api.call("post-tfserving-classify", body=body)
    assert reply.status == 200, reply.text
    results = reply.json()["results"]
    theirs = TF["tf"]["classify"]
    assert [[c for c, _ in r] for r in results] == theirs["classes"][:2]
    np.testing.assert_allclose([[s for _, s in r] for r in results], theirs["scores"][:2], 1e-6)


def test_a_versions_download_fills_its_tables_when_loaded(api, tmp_path):
    import graphgate.compat.v1 as tf
    from graphgate import tf_proto
    from graphgate.saved_model.loader import servable, unpacked_archive
    from tests.integration.test_saved_model_export_handler import ZIP, download_version

    # GIVEN the text model's predict signature served as a version
    version = _serve(api, servable(str(EXPORT)))
    # WHEN the version is downloaded as a SavedModel
    reply = download_version(api, version=version["version"], headers={"Accept": ZIP})
    assert reply.status == 200, reply.text
    unpacked_archive(reply.content, str(tmp_path / "m"))
    # THEN it names a main op running each vocabulary's initializer, which TF's loader
    # runs with the assets fed (tests/reference/tf1_main_op.py), and loaded, it answers TF's
    data = (tmp_path / "m" / "saved_model.pb").read_bytes()
    (meta,) = tf_proto.decode(data, tf_proto.SAVED_MODEL, ValueError)["meta_graphs"]
    (main_op,) = meta["collection_def"]["saved_model_main_op"]["node_list"]["value"]
    nodes = {n["name"]: n for n in meta["graph_def"]["node"]}
    inits = sorted(n for n, node in nodes.items() if node["op"].startswith("InitializeTable"))
    assert len(inits) == 3 and sorted(nodes[main_op]["input"]) == ["^" + n for n in inits]
    with tf.Graph().as_default(), tf.Session() as sess:
        loaded = tf.saved_model.loader.load(sess, ["serve"], str(tmp_path / "m"))
        sig = loaded.signature_def["serving_default"]
        ids = sess.run(sig.outputs["ids"].name, {sig.inputs["words"].name: TF["query"]})
    assert ids.tolist() == TF["tf"]["serving_default"]["ids"]


def fed_vocabulary_graph(path: str) -> dict:
    """A graph document whose vocabulary table names the file `path` as its asset and takes
    its files table (names, contents) from feeds: the graph holds no bytes of that file."""

    def const(name, value):
        return {"name": name, "op": "Const", "attrs": {"value": value}}

    def fed(name):
        return {"name": name, "op": "Placeholder", "attrs": {"dtype": "BYTES", "shape": [None]}}

    table = {"key_dtype": "BYTES", "value_dtype": "INT64"}
    init_attrs = {"key_index": -2, "value_index": -1}
    return {
        "format": "graphgate.graph/v1",
        "nodes": [
            const("asset_path", {"datatype": "BYTES", "shape": [], "data": [path]}),
            const("default", {"datatype": "INT64", "shape": [], "data": [-1]}),
            {"name": "table", "op": "HashTableV2", "attrs": table},
            fed("names"),
            fed("contents"),
            {
                "name": "init",
                "op": "InitializeTableFromTextFileV2",
                "inputs": ["table", "asset_path", "names", "contents"],
                "attrs": init_attrs,
            },
            {"name": "words", "op": "Placeholder", "attrs": {"dtype": "BYTES", "shape": [None]}},
            {"name": "find", "op": "LookupTableFindV2", "inputs": ["table", "words", "default"]},
            {"name": "ids", "op": "Identity", "inputs": ["find"]},
        ],
    }


def test_a_download_never_reads_a_file_of_the_machine_its_graph_names(api, tmp_path):
    from tests.integration.test_saved_model_export_handler import (
        ZIP,
        download_session,
        download_version,
        store_graph,
    )

    # GIVEN a file on the service's machine, and a stored graph whose table names it as
    # its vocabulary while its files table is fed (so the graph holds none of its bytes)
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"AWS_SECRET_ACCESS_KEY=not-for-export\n")
    graph_id = store_graph(api, "names-a-file", fed_vocabulary_graph(str(secret)))
    body = {"name": "names-a-file", "graph_id": graph_id, "graph_revision": 1, "variables": {}}
    version = {**body, "inputs": {"words": "words"}, "outputs": {"ids": "ids"}}
    created = api.call("post-models", body=version)
    assert created.status == 201, created.text
    started = api.call("post-sessions", body={"graph_id": graph_id})
    assert started.status == 201, started.text

    # WHEN the version and the session are downloaded as SavedModels
    replies = [
        download_version(api, "names-a-file", 1, {"Accept": ZIP}),
        download_session(api, started.json()["id"], {"fetch": ["ids"]}, {"Accept": ZIP}),
    ]

    # THEN each is 422 naming the asset, and the file's bytes are in neither (the archive
    # held them as assets/secret.txt before)
    for reply in replies:
        assert reply.status == 422, reply.text
        assert reply.json()["code"] == "TF_EXPORT_UNSUPPORTED"
        assert [p["node"] for p in reply.json()["problems"]] == ["asset_path"]
        assert b"not-for-export" not in reply.content
