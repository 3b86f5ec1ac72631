"""The placeholders an exported model takes when its caller names none
(graphgate/needed_feeds.py): those its outputs are computed from."""

import graphgate as gg
from graphgate.needed_feeds import placeholders_needed


def _graph():
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        scale = gg.placeholder_with_default(1.0, [], name="scale")
        labels = gg.placeholder(gg.float32, [None], name="labels")
        hidden = gg.multiply(x, scale, name="hidden")
        probs = gg.nn.softmax(hidden, name="probs")
        gg.reduce_mean(gg.square(gg.reduce_sum(probs, 1) - labels), name="loss")
    return g


def test_a_prediction_needs_its_input_not_the_labels_or_a_placeholder_with_a_default():
    g = _graph()
    assert [t.name for t in placeholders_needed([g.get_tensor_by_name("probs:0")])] == ["x:0"]
    loss = g.get_tensor_by_name("loss:0")
    assert [t.name for t in placeholders_needed([loss])] == ["x:0", "labels:0"]  # made so


def test_a_fed_tensor_is_not_computed_so_what_it_reads_is_not_needed():
    g = _graph()
    probs = g.get_tensor_by_name("probs:0")
    assert placeholders_needed([probs], {"hidden:0"}) == []
    assert placeholders_needed([probs], {"probs:0"}) == []
