"""What TensorFlow 2.21 (`tf.compat.v1`, graph mode) does with an optimizer update whose
learning rate is fed as other than a scalar (dev-only):

    /work/tfvenv/bin/python tests/reference/tf1_apply_scalars.py

writes tests/unit/engine/fixtures/tf1_apply_scalars.json: for each fused update (on ref
and resource variables), a GraphDef (base64) whose `lr` is a placeholder of unknown shape,
and TF's answer for a scalar, a [1] and a [3] learning rate: the variable after one step,
or the error class when TF's kernel refuses it (its `IsScalar` checks). graphgate's
lowering of these ops broadcast a [3] learning rate over the variable and saved the step.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import tensorflow as tf

tf1 = tf.compat.v1
raw = tf1.raw_ops
OUT = (
    Path(__file__).resolve().parents[1] / "unit" / "engine" / "fixtures" / "tf1_apply_scalars.json"
)
RATES = {"scalar": 0.1, "one": [0.1], "three": [0.1, 0.2, 0.3]}


def _updates(resource: bool):
    def var(value, name):
        return tf1.Variable(np.float32(value), name=name, use_resource=resource)

    def h(v):
        return v.handle if resource else v

    prefix = "Resource" if resource else ""
    c = tf.constant
    return {
        "momentum": lambda v, lr, g: getattr(raw, prefix + "ApplyMomentum")(
            var=h(v), accum=h(var([0, 0, 0], "accum")), lr=lr, grad=g, momentum=c(0.9)
        ),
        "adam": lambda v, lr, g: getattr(raw, prefix + "ApplyAdam")(
            var=h(v),
            m=h(var([0, 0, 0], "m")),
            v=h(var([0, 0, 0], "v")),
            beta1_power=c(0.9),
            beta2_power=c(0.99),
            lr=lr,
            beta1=c(0.9),
            beta2=c(0.999),
            epsilon=c(1e-7),
            grad=g,
        ),
        "rmsprop": lambda v, lr, g: getattr(raw, prefix + "ApplyRMSProp")(
            var=h(v),
            ms=h(var([1, 1, 1], "ms")),
            mom=h(var([0, 0, 0], "mom")),
            lr=lr,
            rho=c(0.9),
            momentum=c(0.0),
            epsilon=c(1e-7),
            grad=g,
        ),
        "adagrad_da": lambda v, lr, g: getattr(raw, prefix + "ApplyAdagradDA")(
            var=h(v),
            gradient_accumulator=h(var([0, 0, 0], "ga")),
            gradient_squared_accumulator=h(var([0, 0, 0], "gsa")),
            grad=g,
            lr=lr,
            l1=c(0.01),
            l2=c(0.01),
            global_step=c(1, tf.int64),
        ),
    }


def record(name: str, resource: bool) -> dict:
    graph = tf1.Graph()
    with graph.as_default():
        v = tf1.Variable(np.float32([1, 1, 1]), name="var", use_resource=resource)
        lr = tf1.placeholder(tf.float32, None, name="lr")
        update = _updates(resource)[name](v, lr, tf.constant([1.0, 2.0, 3.0]))
        with tf1.control_dependencies([update]):
            after = tf1.identity(v.read_value() if resource else v, name="after")
        tf1.global_variables_initializer()
    answers = {}
    for case, rate in RATES.items():
        with tf1.Session(graph=graph) as sess:
            sess.run("init")
            try:
                answers[case] = sess.run(after, {lr: np.float32(rate)}).tolist()
            except tf.errors.OpError as exc:
                answers[case] = type(exc).__name__
    graph_def = graph.as_graph_def().SerializeToString()
    return {"graph_def": base64.b64encode(graph_def).decode(), "answers": answers}


def main() -> None:
    tf1.disable_eager_execution()
    cases = {
        f"{'resource_' if resource else ''}{name}": record(name, resource)
        for resource in (False, True)
        for name in _updates(resource)
    }
    OUT.write_text(json.dumps(cases, indent=1, sort_keys=True) + "\n")
    print({k: v["answers"] for k, v in cases.items()})


if __name__ == "__main__":
    main()
