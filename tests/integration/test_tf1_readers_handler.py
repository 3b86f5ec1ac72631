"""TF1's file readers through the graphs function (moto, in-process): a graph built over
TFRecord files holds them, so the service runs it without any file of its user's — the
records come out of the stored document."""

import os

import graphgate as gg
from tests.integration import test_sessions_handler as _sessions
from tests.integration.test_sessions_handler import create_graph, tensor

module_aws = _sessions.module_aws
api = _sessions.api


def test_a_stored_graph_reads_the_records_its_files_held_when_it_was_built(api, tmp_path):
    # GIVEN a graph parsing TFRecords of a file that is deleted once the graph is built
    path = str(tmp_path / "train.tfrecord")
    with gg.python_io.TFRecordWriter(path) as writer:
        for i in range(4):
            feature = {"x": gg.train.Feature(int64_list=gg.train.Int64List(value=[i * 10]))}
            example = gg.train.Example(features=gg.train.Features(feature=feature))
            writer.write(example.SerializeToString())
    g = gg.Graph()
    with g.as_default():
        spec = {"x": gg.FixedLenFeature([], gg.int64)}
        ds = gg.data.TFRecordDataset(path).map(lambda r: gg.parse_single_example(r, spec)["x"])
        gg.identity(ds.batch(3).make_one_shot_iterator().get_next(), name="batch")
    doc = gg.graph_to_dict(g)
    os.remove(path)
    graph_id = create_graph(api, body={"name": "records", "graph": doc})
    # WHEN the service runs it for two steps
    reply = api.call(
        "post-graph-runs", graph=graph_id, body={"fetches": {"b": "batch"}, "steps": 2}
    )
    # THEN the last step's batch is the file's last record
    assert reply.status == 200, reply.text
    assert tensor(reply.json()["outputs"]["b"]).tolist() == [30]
