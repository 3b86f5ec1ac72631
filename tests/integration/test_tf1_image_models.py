"""A frozen model whose input is a uint8 image, served over KServe v2 (UINT8 tensors) and
TF Serving (plain integers typed by the signature, DT_UINT8 in its metadata); a pixel of
256, or FP32 data for it, is a 400 naming the input."""

import json

import numpy as np

import graphgate as gg
from tests.integration import test_models_handler as _models
from tests.support import load_event

# The models tests' fixtures: moto's resources and a pro tenant.
module_aws = _models.module_aws
api = _models.api

IMAGE = (np.arange(2 * 4 * 4 * 3) * 11 % 256).astype(np.uint8).reshape(2, 4, 4, 3)


def _frozen(api):
    """GIVEN a model version of a graph: uint8 images in, their mean brightness out."""
    g = gg.Graph()
    with g.as_default():
        img = gg.placeholder(gg.uint8, [None, 4, 4, 3], name="img")
        small = gg.image.resize_images(gg.image.convert_image_dtype(img, gg.float32), [2, 2])
        gg.identity(gg.reduce_mean(small, [1, 2, 3]), name="brightness")
    created = api.call("post-graphs", body={"name": "bright", "graph": gg.graph_to_dict(g)})
    assert created.status == 201, created.text
    body = {
        **json.loads(load_event("post-models")["body"]),
        "graph_id": created.json()["id"],
        "variables": {},
        "inputs": {"image": "img"},
        "outputs": {"brightness": "brightness"},
    }
    del body["session_id"]
    reply = api.call("post-models", body=body)
    assert reply.status == 201, reply.text
    assert api.call("put-model-label", body={"version": 1}).status == 200
    with gg.Session(g) as sess:
        return sess.run("brightness:0", {"img:0": IMAGE})


def test_a_uint8_image_model_is_served_over_kserve_and_tf_serving(api):
    want = _frozen(api)
    metadata = api.call("get-kserve-model").json()
    assert metadata["inputs"] == [{"name": "image", "datatype": "UINT8", "shape": [-1, 4, 4, 3]}]
    tensor = {"name": "image", "datatype": "UINT8", "shape": [2, 4, 4, 3]}
    reply = api.call(
        "post-kserve-infer", body={"inputs": [{**tensor, "data": IMAGE.ravel().tolist()}]}
    )
    assert reply.status == 200, reply.text
    np.testing.assert_allclose(reply.json()["outputs"][0]["data"], want, rtol=1e-6)

    rows = api.call("post-tfserving-predict", body={"instances": IMAGE.tolist()})
    assert rows.status == 200, rows.text
    np.testing.assert_allclose(rows.json()["predictions"], want, rtol=1e-6)
    signature = api.call("get-tfserving-metadata").json()["metadata"]["signature_def"]
    assert signature["signature_def"]["serving_default"]["inputs"]["image"]["dtype"] == "DT_UINT8"


def test_a_pixel_a_uint8_cannot_hold_is_a_400_naming_the_input(api):
    _frozen(api)
    data = IMAGE.ravel().tolist()
    data[3] = 256
    tensor = {"name": "image", "datatype": "UINT8", "shape": [2, 4, 4, 3], "data": data}
    reply = api.call("post-kserve-infer", body={"inputs": [tensor]})
    assert reply.status == 400, reply.text
    assert reply.json()["errors"][0]["code"] == "INPUT_DTYPE_MISMATCH"
    fp32 = {**tensor, "datatype": "FP32", "data": IMAGE.ravel().tolist()}
    reply = api.call("post-kserve-infer", body={"inputs": [fp32]})
    assert reply.status == 400 and reply.json()["errors"][0]["code"] == "INPUT_DTYPE_MISMATCH"
