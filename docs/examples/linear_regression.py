"""Linear regression recovers known coefficients with gradient descent.

.venv/bin/python docs/examples/linear_regression.py
"""

from __future__ import annotations

import numpy as np

import graphgate as gg

TRUE_W = np.array([2.0, -3.5, 0.5], np.float32)
TRUE_B = 1.25


def main(seed: int = 0, steps: int = 300) -> dict:
    rng = np.random.default_rng(seed)
    x_data = rng.normal(size=(256, 3)).astype(np.float32)
    y_data = (x_data @ TRUE_W + TRUE_B + rng.normal(scale=0.01, size=256)).astype(np.float32)

    g = gg.Graph()
    with g.as_default():
        gg.set_random_seed(seed)
        x = gg.placeholder(gg.float32, [None, 3], name="x")
        y = gg.placeholder(gg.float32, [None], name="y")
        w = gg.Variable(gg.random_normal([3, 1], stddev=0.1), name="w")
        b = gg.Variable(0.0, name="b")
        pred = gg.squeeze(gg.matmul(x, w), [1]) + b
        loss = gg.reduce_mean(gg.square(pred - y))
        train = gg.train.GradientDescentOptimizer(0.1).minimize(loss)
        init = gg.global_variables_initializer()

    with gg.Session(g) as sess:
        sess.run(init)
        for _ in range(steps):
            sess.run(train, {x: x_data, y: y_data})
        w_val, b_val, final = sess.run([w, b, loss], {x: x_data, y: y_data})
    return {"w": w_val.ravel(), "b": float(b_val), "loss": float(final)}


if __name__ == "__main__":
    result = main()
    print(
        f"w = {result['w']} (true {TRUE_W}), b = {result['b']:.4f} (true {TRUE_B}), "
        f"loss = {result['loss']:.2e}"
    )
