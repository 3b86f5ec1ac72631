"""A uint8 image through the HTTP handlers (moto, in-process): fed as JSON and as base64,
resized and flipped by TF1's tf.image ops, answered as UINT8 and FP32 tensors; a pixel
value a uint8 cannot hold is a 400 problem naming the feed."""

import base64

import numpy as np

import graphgate as gg
from tests.integration import test_sessions_handler as _sessions
from tests.integration.test_sessions_handler import create_graph, start_session, tensor

# The sessions tests' fixtures: moto's resources and a pro tenant.
module_aws = _sessions.module_aws
api = _sessions.api

IMAGE = (np.arange(2 * 4 * 4 * 3) * 7 % 256).astype(np.uint8).reshape(2, 4, 4, 3)


def _graph():
    g = gg.Graph()
    with g.as_default():
        img = gg.placeholder(gg.uint8, [None, 4, 4, 3], name="img")
        gg.image.flip_left_right(img)
        small = gg.image.resize_images(img, [2, 3])
        gg.identity(gg.image.convert_image_dtype(small, gg.float32), name="small")
        gg.identity(gg.image.flip_left_right(img), name="mirror")
    return g, gg.graph_to_dict(g)


def test_a_uint8_image_is_fed_resized_and_answered_in_its_dtype(api):
    g, doc = _graph()
    session = start_session(api, create_graph(api, "post-graphs", {"name": "img", "graph": doc}))
    want = gg.Session(g).run(["small:0", "mirror:0"], {"img:0": IMAGE})
    raw = base64.b64encode(IMAGE.tobytes()).decode()
    for feed in (
        {"datatype": "UINT8", "shape": list(IMAGE.shape), "data": IMAGE.ravel().tolist()},
        {"datatype": "UINT8", "shape": list(IMAGE.shape), "b64": raw},
    ):
        body = {"fetches": {"small": "small", "mirror": "mirror"}, "feeds": {"img": feed}}
        reply = api.call("post-session-runs", session=session["id"], body=body)
        assert reply.status == 200, reply.text
        out = reply.json()["outputs"]
        assert out["mirror"]["datatype"] == "UINT8" and out["small"]["datatype"] == "FP32"
        assert tensor(out["mirror"]).tolist() == want[1].tolist() == IMAGE[:, :, ::-1].tolist()
        np.testing.assert_array_equal(tensor(out["small"]), want[0])


def test_a_pixel_a_uint8_cannot_hold_is_a_400_naming_the_feed(api):
    _, doc = _graph()
    session = start_session(api, create_graph(api, "post-graphs", {"name": "img", "graph": doc}))
    data = IMAGE.ravel().tolist()
    data[5] = 256
    feed = {"datatype": "UINT8", "shape": list(IMAGE.shape), "data": data}
    body = {"fetches": {"mirror": "mirror"}, "feeds": {"img": feed}}
    reply = api.call("post-session-runs", session=session["id"], body=body)
    assert reply.status == 400, reply.text
    (problem,) = reply.json()["errors"]
    assert problem["code"] == "VALUE_NOT_REPRESENTABLE" and problem["pointer"] == "/feeds/img"
