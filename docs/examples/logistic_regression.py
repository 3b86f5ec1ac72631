"""Logistic regression on two Gaussian blobs, with sigmoid cross-entropy and momentum.

.venv/bin/python docs/examples/logistic_regression.py
"""

from __future__ import annotations

import numpy as np

import graphgate as gg


def make_data(seed: int, n: int = 400):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, n)
    centers = np.array([[-1.5, -1.0], [1.5, 1.0]], np.float32)
    points = centers[labels] + rng.normal(size=(n, 2)).astype(np.float32)
    return points.astype(np.float32), labels.astype(np.float32)


def main(seed: int = 0, steps: int = 200) -> dict:
    x_data, y_data = make_data(seed)
    g = gg.Graph()
    with g.as_default():
        x = gg.placeholder(gg.float32, [None, 2], name="x")
        y = gg.placeholder(gg.float32, [None], name="y")
        w = gg.Variable(gg.zeros([2, 1]), name="w")
        b = gg.Variable(0.0, name="b")
        logits = gg.squeeze(gg.matmul(x, w), [1]) + b
        loss = gg.reduce_mean(gg.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
        accuracy = gg.reduce_mean(gg.cast(gg.equal(gg.cast(logits > 0, gg.float32), y), gg.float32))
        train = gg.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
        init = gg.global_variables_initializer()
    with gg.Session(g) as sess:
        sess.run(init)
        for _ in range(steps):
            sess.run(train, {x: x_data, y: y_data})
        final, acc = sess.run([loss, accuracy], {x: x_data, y: y_data})
    return {"loss": float(final), "accuracy": float(acc)}


if __name__ == "__main__":
    result = main()
    print(f"loss = {result['loss']:.4f}, accuracy = {result['accuracy']:.3f}")
