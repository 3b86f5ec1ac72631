"""Record what TensorFlow's fused LSTMBlockCell and GRUBlockCell kernels compute (dev-only).

    /work/tfvenv/bin/python tests/reference/contrib_rnn.py \
        > tests/unit/engine/fixtures/contrib_rnn.json

TF 2 has no `tf.contrib`, but it keeps the kernels `tf.contrib.rnn.LSTMBlockCell` and
`GRUBlockCell` ran (`tf.raw_ops`). Each case runs one over a few time steps of random
inputs and weights, as `dynamic_rnn` would, and stores the inputs, weights, outputs and
final states (TF 2 registers no gradient for these two kernels; graphgate's cells are
compositions of differentiable ops);
`tests/unit/engine/test_contrib_rnn.py` runs graphgate's cells on the same values.
"""

from __future__ import annotations

import json
import sys

import numpy as np

CASES = {
    "lstm": {"units": 3, "peephole": False, "forget_bias": 1.0, "cell_clip": -1.0},
    "lstm_peephole_clip": {"units": 3, "peephole": True, "forget_bias": 0.5, "cell_clip": 0.6},
    "gru": {"units": 3},
}
BATCH, STEPS, DEPTH = 2, 4, 2


def arrays(name: str) -> dict:
    rng = np.random.RandomState(sum(map(ord, name)))
    n = CASES[name]["units"]
    a = {"x": rng.randn(BATCH, STEPS, DEPTH).astype("float32")}
    if name.startswith("lstm"):
        a["kernel"] = rng.randn(DEPTH + n, 4 * n).astype("float32") * 0.6
        a["bias"] = rng.randn(4 * n).astype("float32") * 0.3
        for k in ("wci", "wcf", "wco"):
            a[k] = rng.randn(n).astype("float32") * 0.5
    else:
        a["w_ru"] = rng.randn(DEPTH + n, 2 * n).astype("float32") * 0.6
        a["b_ru"] = rng.randn(2 * n).astype("float32") * 0.3
        a["w_c"] = rng.randn(DEPTH + n, n).astype("float32") * 0.6
        a["b_c"] = rng.randn(n).astype("float32") * 0.3
    return a


def run(tf, name: str) -> dict:
    case, a = CASES[name], arrays(name)
    n = case["units"]
    with tf.Graph().as_default():
        t = {k: tf.constant(v) for k, v in a.items()}
        h = tf.zeros([BATCH, n])
        c = tf.zeros([BATCH, n])
        outs = []
        for step in range(STEPS):
            x = t["x"][:, step]
            if name.startswith("lstm"):
                peep = case["peephole"]
                zeros = tf.zeros([n])
                _, c, _, _, _, _, h = tf.raw_ops.LSTMBlockCell(
                    x=x, cs_prev=c, h_prev=h, w=t["kernel"], b=t["bias"],
                    wci=t["wci"] if peep else zeros, wcf=t["wcf"] if peep else zeros,
                    wco=t["wco"] if peep else zeros, forget_bias=case["forget_bias"],
                    cell_clip=case["cell_clip"], use_peephole=peep,
                )  # fmt: skip
            else:
                _, _, _, h = tf.raw_ops.GRUBlockCell(
                    x=x, h_prev=h, w_ru=t["w_ru"], w_c=t["w_c"], b_ru=t["b_ru"], b_c=t["b_c"]
                )
            outs.append(h)
        out = tf.stack(outs, 1)
        with tf.compat.v1.Session() as sess:
            got, final_c, final_h = sess.run([out, c, h])
    result = {"inputs": {k: v.tolist() for k, v in a.items()}, "outputs": got.tolist()}
    result["final_h"] = final_h.tolist()
    if name.startswith("lstm"):
        result["final_c"] = final_c.tolist()
    return result


def fused(tf) -> dict:
    """LSTMBlockFusedCell: TF's BlockLSTM kernel over time-major inputs, then what TF's
    LSTMBlockWrapper does with its result (outputs zeroed past each length, the final
    state gathered at the length, the initial state for a length of 0)."""
    rng = np.random.RandomState(21)
    time, batch, depth, n = 5, 3, 2, 3
    x = rng.randn(time, batch, depth).astype("float32")
    w = (rng.randn(depth + n, 4 * n) * 0.6).astype("float32")
    b = (rng.randn(4 * n) * 0.3).astype("float32")
    peep = [(rng.randn(n) * 0.5).astype("float32") for _ in range(3)]
    c0, h0 = (rng.randn(batch, n).astype("float32") for _ in range(2))
    lengths = np.array([5, 2, 0], np.int64)
    with tf.Graph().as_default():
        _, cs, _, _, _, _, h = tf.raw_ops.BlockLSTM(
            seq_len_max=tf.constant(5, tf.int64), x=x, cs_prev=c0, h_prev=h0, w=w,
            wci=peep[0], wcf=peep[1], wco=peep[2], b=b, forget_bias=0.8, cell_clip=-1.0,
            use_peephole=True,
        )  # fmt: skip
        with tf.compat.v1.Session() as sess:
            cs, h = sess.run([cs, h])
    mask = (np.arange(time)[:, None] < lengths[None, :]).astype("float32")[:, :, None]
    outputs = h * mask
    all_c = np.concatenate([c0[None], cs], 0)
    all_h = np.concatenate([h0[None], outputs], 0)
    rows = np.arange(batch)
    arrays = {"x": x, "kernel": w, "bias": b, "w_i_diag": peep[0], "w_f_diag": peep[1]}
    arrays.update(w_o_diag=peep[2], c0=c0, h0=h0, lengths=lengths)
    return {
        "inputs": {k: v.tolist() for k, v in arrays.items()},
        "outputs": outputs.tolist(),
        "final_c": all_c[lengths, rows].tolist(),
        "final_h": all_h[lengths, rows].tolist(),
    }


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    out = {name: run(tf, name) for name in CASES}
    out["fused"] = fused(tf)
    json.dump({"tensorflow": tf.__version__, "cases": out}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
