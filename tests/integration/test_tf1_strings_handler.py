"""String tensors through the service (moto, in-process): a stored graph with a string
placeholder fed BYTES over HTTP, its string results fetched as UTF-8 text or
`{"b64": ...}`, the byte limits applied to strings, and a frozen model answering BYTES
inputs on KServe v2 and TF Serving's predict."""

import base64
import dataclasses
import json

import graphgate as gg
from tests.integration import test_models_handler as _models
from tests.support import load_event

# The models tests' fixtures: moto's resources and two pro tenants.
module_aws = _models.module_aws
api = _models.api


def _graph():
    g = gg.Graph()
    with g.as_default():
        words = gg.placeholder(gg.string, [None], name="words")
        gg.string_join([words, "!"], separator=" ", name="y")
        gg.reduce_join(words, separator="+", name="joined")
        gg.strings.length(words, name="lengths")
        gg.reduce_join(gg.tile(words, [1000]), name="many_joined")
    return gg.graph_to_dict(g)


def _session(api):
    created = api.call("post-graphs", body={"name": "strings", "graph": _graph()})
    assert created.status == 201, created.text
    assert created.json()["signature"]["placeholders"][0]["dtype"] == "BYTES"
    started = api.call("post-sessions", body={"graph_id": created.json()["id"]})
    assert started.status == 201, started.text
    return created.json()["id"], started.json()["id"]


def _words(*values):
    data = [v if isinstance(v, str) else {"b64": base64.b64encode(v).decode()} for v in values]
    return {"datatype": "BYTES", "shape": [len(values)], "data": data}


def test_strings_are_fed_and_fetched_as_bytes(api):
    _, session = _session(api)
    body = {
        "fetches": {"y": "y", "joined": "joined/ReduceJoin", "lengths": "lengths"},
        "feeds": {"words": _words("héllo", b"\xff\x00")},
    }
    reply = api.session_run(session, body)
    assert reply.status == 200, reply.text
    outputs = reply.json()["outputs"]
    assert outputs["y"] == {
        "datatype": "BYTES",
        "shape": [2],
        "data": ["héllo !", {"b64": "/wAgIQ=="}],
    }
    assert outputs["joined"] == {
        "datatype": "BYTES",
        "shape": [],
        "data": [{"b64": "aMOpbGxvK/8A"}],
    }
    assert outputs["lengths"]["data"] == [6, 2]
    packed = api.session_run(session, {**body, "encoding": "b64"}).json()["outputs"]["y"]
    assert gg.decode_tensor(packed).tolist() == ["héllo !".encode(), b"\xff\x00 !"]


def test_a_number_fed_to_a_string_placeholder_is_a_problem(api):
    _, session = _session(api)
    body = {"fetches": "y", "feeds": {"words": {"datatype": "FP32", "shape": [1], "data": [1]}}}
    reply = api.session_run(session, body)
    assert reply.status == 400, reply.text
    assert reply.headers["content-type"].startswith("application/problem+json")


def test_strings_count_their_bytes_against_the_plans_run_bytes(api, monkeypatch):
    # GIVEN a plan whose runs take 1000 bytes of feeds
    from graphgate_service import plans

    small = dataclasses.replace(plans.PLANS["pro"], run_bytes=1000)
    monkeypatch.setitem(plans.PLANS, "pro", small)
    _, session = _session(api)
    # WHEN two 600-byte strings are fed (an object array's nbytes would say 16)
    reply = api.session_run(
        session, {"fetches": "y", "feeds": {"words": _words("a" * 600, "b" * 600)}}
    )
    # THEN the run is refused before it starts
    assert reply.status in (413, 422), reply.text
    assert reply.json()["code"] == "FEED_TOO_LARGE"


def test_a_string_result_past_the_tensor_limit_is_refused_before_it_is_made(api, monkeypatch):
    # GIVEN the service's tensor limit at 10**6 and a graph joining its words tiled 1000 times
    from graphgate_service import graph_documents

    monkeypatch.setattr(graph_documents, "MAX_TENSOR_ELEMENTS", 10**6)
    _, session = _session(api)
    feeds = {"words": _words("x" * 2000)}
    # WHEN the words are joined whole (2 KB), and tiled then joined (2 MB of string)
    small = api.session_run(session, {"fetches": "joined/ReduceJoin", "feeds": feeds})
    huge = api.session_run(session, {"fetches": "many_joined/ReduceJoin", "feeds": feeds})
    # THEN the first answers and the second is refused before the string is made
    assert small.status == 200, small.text
    assert huge.status == 422, huge.text
    assert huge.json()["code"] == "TENSOR_TOO_LARGE"


def test_a_frozen_string_model_answers_bytes_on_kserve_and_tf_serving(api):
    graph_id, _ = _session(api)
    body = {
        **json.loads(load_event("post-models")["body"]),
        "graph_id": graph_id,
        "inputs": {"words": "words"},
        "outputs": {"y": "y"},
    }
    del body["session_id"]
    created = api.call("post-models", body=body)
    assert created.status == 201, created.text

    infer = {"inputs": [{"name": "words", **_words("a", b"\xfe")}]}
    reply = api.call("post-kserve-infer", body=infer)
    assert reply.status == 200, reply.text
    assert reply.json()["outputs"] == [
        {"name": "y", "datatype": "BYTES", "shape": [2], "data": ["a !", {"b64": "/iAh"}]}
    ]
    metadata = api.call("get-kserve-model").json()
    assert metadata["inputs"] == [{"name": "words", "datatype": "BYTES", "shape": [-1]}]

    # OIP's binary-data extension: BYTES as Triton lays them out (4-byte length, bytes).
    raw = b"".join(len(w).to_bytes(4, "little") + w for w in (b"bin", b"\x00"))
    header = json.dumps(
        {
            "inputs": [
                {
                    "name": "words",
                    "datatype": "BYTES",
                    "shape": [2],
                    "parameters": {"binary_data_size": len(raw)},
                }
            ]
        }
    ).encode()
    binary = api.call(
        "post-kserve-infer",
        raw=header + raw,
        headers={
            "Content-Type": "application/octet-stream",
            "Inference-Header-Content-Length": str(len(header)),
        },
    )
    assert binary.status == 200, binary.text
    assert binary.json()["outputs"][0]["data"] == ["bin !", "\u0000 !"]

    predict = api.call("post-tfserving-predict", body={"instances": ["x", {"b64": "/w=="}]})
    assert predict.status == 200, predict.text
    assert predict.json() == {"predictions": ["x !", {"b64": "/yAh"}]}
    signature = api.call("get-tfserving-metadata").json()["metadata"]["signature_def"]
    assert signature["signature_def"]["serving_default"]["inputs"]["words"]["dtype"] == "DT_STRING"


def test_a_vocabulary_table_answers_in_every_request_of_a_stored_session(api):
    # GIVEN a graph mapping words to ids through a table of constants (and OOV buckets)
    g = gg.Graph()
    with g.as_default():
        words = gg.placeholder(gg.string, [None], name="words")
        table = gg.contrib.lookup.index_table_from_tensor(["cat", "dog"], num_oov_buckets=2)
        gg.identity(table.lookup(words), name="ids")
    created = api.call("post-graphs", body={"name": "vocab", "graph": gg.graph_to_dict(g)})
    assert created.status == 201, created.text
    session = api.call("post-sessions", body={"graph_id": created.json()["id"]}).json()["id"]
    # WHEN two requests look words up (each request runs in a fresh engine session)
    for _ in range(2):
        reply = api.session_run(
            session, {"fetches": "ids", "feeds": {"words": _words("dog", "cat")}}
        )
        # THEN the table was filled first, as TF Serving fills a model's tables on load
        assert reply.status == 200, reply.text
        assert reply.json()["outputs"]["data"] == [1, 0]


def test_a_string_variable_lives_in_a_stored_session_and_its_npz_export(api):
    # GIVEN a session of a graph with a string variable
    g = gg.Graph()
    with g.as_default():
        v = gg.Variable(["a", "b"], name="v")
        new = gg.placeholder(gg.string, [2], name="new")
        v.assign(new, name="set_v")
        gg.identity(v, name="read_v")
    created = api.call("post-graphs", body={"name": "strvar", "graph": gg.graph_to_dict(g)})
    assert created.status == 201, created.text
    session = api.call("post-sessions", body={"graph_id": created.json()["id"]}).json()["id"]
    # WHEN one request assigns it and the next reads it (the state goes through storage)
    body = {"fetches": "read_v", "feeds": {"new": _words("x", b"\xff")}, "targets": ["set_v"]}
    assert api.session_run(session, body).status == 200
    read = api.session_run(session, {"fetches": "read_v"})
    # THEN the strings survived, bytes that are not UTF-8 included
    assert read.status == 200, read.text
    assert read.json()["outputs"]["data"] == ["x", {"b64": "/w=="}]
    from graphgate import serialization
    from graphgate_service import sessions

    blob, _ = sessions.export_npz(api.tenant, session)
    assert serialization.npz_loads(blob)["v"].tolist() == [b"x", b"\xff"]
