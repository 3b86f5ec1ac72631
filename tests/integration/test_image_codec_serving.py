"""TF Serving's canonical image example: `{"b64": <jpeg>}` instances fed to a graph that
decodes them, served in process through the models handler. The served numbers come from
TensorFlow's own decoded pixels (the codec fixtures)."""

import base64
import json

import numpy as np

import graphgate as gg
from tests.integration import test_models_handler as _models
from tests.support import load_event
from tests.unit.engine.test_image_codecs import EXPECTED, FIXTURES

# The models tests' fixtures: moto's resources and a pro tenant.
module_aws = _models.module_aws
api = _models.api


def _colour(one):
    image = gg.image.decode_jpeg(one, channels=3)
    return gg.reduce_mean(gg.image.convert_image_dtype(image, gg.float32), [0, 1])


def _image_model(api, batch=None):
    """GIVEN a model version whose input is a batch of encoded images (DT_STRING) and
    whose output is each image's mean colour in [0, 1]: one image (the batch reshaped to
    a scalar), or a fixed batch unstacked."""
    g = gg.Graph()
    with g.as_default():
        data = gg.placeholder(gg.string, [batch], name="image_bytes")
        if batch is None:
            out = gg.expand_dims(_colour(gg.reshape(data, [])), 0)
        else:
            out = gg.stack([_colour(one) for one in gg.unstack(data, num=batch)])
        gg.identity(out, name="colour")
    created = api.call("post-graphs", body={"name": "colour", "graph": gg.graph_to_dict(g)})
    assert created.status == 201, created.text
    body = {
        **json.loads(load_event("post-models")["body"]),
        "graph_id": created.json()["id"],
        "variables": {},
        "inputs": {"image_bytes": "image_bytes"},
        "outputs": {"colour": "colour"},
    }
    del body["session_id"]
    reply = api.call("post-models", body=body)
    assert reply.status == 201, reply.text
    assert api.call("put-model-label", body={"version": 1}).status == 200


def _tf_colour(name):
    pixels = EXPECTED[f"{name}|rgb"].astype(np.float32) / np.float32(255)
    return pixels.mean(axis=(0, 1))


def test_a_b64_jpeg_is_decoded_and_served_as_tensorflow_decodes_it(api):
    _image_model(api)
    # WHEN the events/ sample posts one base64 JPEG as TF Serving's clients do
    reply = api.call("post-tfserving-predict-jpeg")
    assert reply.status == 200, reply.text
    # THEN the prediction is computed from TensorFlow's pixels of that JPEG
    np.testing.assert_allclose(
        reply.json()["predictions"], [_tf_colour("tf_q75_16x16.jpg")], rtol=1e-5
    )
    signature = api.call("get-tfserving-metadata").json()["metadata"]["signature_def"]
    assert (
        signature["signature_def"]["serving_default"]["inputs"]["image_bytes"]["dtype"]
        == "DT_STRING"
    )


def test_a_batch_of_images_of_several_sizes_and_samplings(api):
    _image_model(api, batch=3)
    names = ["tf_q75_16x16.jpg", "tf_q95_444_37x45.jpg", "cj_422.jpg"]
    rows = [{"b64": base64.b64encode((FIXTURES / n).read_bytes()).decode()} for n in names]
    reply = api.call("post-tfserving-predict-jpeg", body={"instances": rows})
    assert reply.status == 200, reply.text
    np.testing.assert_allclose(
        reply.json()["predictions"], [_tf_colour(n) for n in names], rtol=1e-5
    )


def test_bytes_that_are_no_image_are_a_400_with_tensorflows_message(api):
    _image_model(api)
    rows = [{"b64": base64.b64encode(b"not an image").decode()}]
    reply = api.call("post-tfserving-predict-jpeg", body={"instances": rows})
    assert reply.status == 400, reply.text
    assert "Unknown image file format" in reply.json()["error"]
