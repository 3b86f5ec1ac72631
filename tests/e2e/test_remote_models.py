"""A convolutional model (conv, pooling, batch norm with its update ops, layers, losses,
RMSProp) trains over HTTP with RemoteSession exactly as it trains locally."""

import numpy as np
import pytest

import graphgate as gg

pytestmark = [pytest.mark.e2e, pytest.mark.local_only]


def conv_model():
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None, 8, 8, 1], name="x")
        labels = gg.placeholder(gg.int32, [None], name="labels")
        training = gg.placeholder(gg.bool, [], name="training")
        init = gg.constant_initializer(np.linspace(-0.3, 0.3, 36).tolist())
        h = gg.layers.conv2d(
            x, 4, 3, padding="same", activation=gg.nn.relu, kernel_initializer=init
        )
        h = gg.layers.max_pooling2d(h, 2, 2)
        h = gg.nn.avg_pool(h, 2, 1, "SAME")
        h = gg.layers.batch_normalization(h, training=training)
        logits = gg.layers.dense(
            gg.layers.flatten(h), 3, kernel_initializer=gg.constant_initializer(0.01)
        )
        loss = gg.losses.sparse_softmax_cross_entropy(labels, logits)
        with gg.control_dependencies(graph.get_collection("update_ops")):
            train = gg.train.RMSPropOptimizer(0.05, momentum=0.5).minimize(loss)
        hits = gg.reduce_sum(gg.cast(gg.nn.in_top_k(logits, labels, 1), gg.int32))
        init_op = gg.global_variables_initializer()
    return graph, (x, labels, training), loss, train, hits, init_op


def test_a_conv_net_trains_remotely_as_it_trains_locally(runner):
    key = runner.create_tenant("remote-models", plan="pro")["api_key"]
    rng = np.random.default_rng(0)
    images = rng.uniform(size=(6, 8, 8, 1)).astype(np.float32)
    classes = np.array([0, 1, 2, 0, 1, 2], np.int32)
    results = []
    for remote in (False, True):
        graph, (x, labels, training), loss, train, hits, init_op = conv_model()
        feed = {x: images, labels: classes, training: True}
        if remote:
            sess = gg.RemoteSession(runner.url, api_key=key, graph=graph)
        else:
            sess = gg.Session(graph)
        sess.run(init_op)
        losses = [float(sess.run([train, loss], feed)[1]) for _ in range(4)]
        evaluated = sess.run([loss, hits], {**feed, training: False})
        variables = sess.get_variables()
        sess.close()
        results.append((losses, evaluated, variables))
    (local_losses, local_eval, local_vars), (remote_losses, remote_eval, remote_vars) = results
    assert remote_losses == pytest.approx(local_losses, rel=1e-6)
    assert remote_losses[-1] < remote_losses[0]
    assert remote_eval[0] == pytest.approx(local_eval[0], rel=1e-6)
    assert remote_eval[1] == local_eval[1]
    assert set(remote_vars) == set(local_vars)
    assert "batch_normalization/moving_mean" in remote_vars
    for name, value in local_vars.items():
        np.testing.assert_allclose(remote_vars[name], value, rtol=1e-6, err_msg=name)
