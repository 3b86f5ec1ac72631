"""A model's signature cannot name a complex output: the inference protocols (KServe v2,
TF Serving's JSON) have no complex datatype. Refused when the model is made, naming it."""

import pytest

import graphgate as gg
from graphgate_service import models, problems


def test_a_model_signature_refuses_a_complex_output_naming_it():
    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [None, 16], name="x")
        gg.signal.rfft(x, name="spectrum")
        with pytest.raises(problems.ApiError) as caught:
            models._output(graph, "spectrum", "spectrum")
    assert (caught.value.status, caught.value.code) == (400, "UNSUPPORTED_DTYPE")
    assert "spectrum" in str(caught.value) and "tf.abs" in str(caught.value)
