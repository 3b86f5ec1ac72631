"""Complex matrix products and solves with an adjoint, as TF 2.21 writes them into a
GraphDef, and what TF computes from them (dev-only). A fresh tf_fuzzimport seed
(h-soak4) found an imported complex `matrix_solve_ls` NaN where TF gives its solution:
the importer read BatchMatMulV2's `adj_x`/`adj_y` as a plain transpose, which is the
adjoint of real matrices only. Each case names its GraphDef (one per dtype, constants
inside), its fetch and TF's output as [real, imag] lists.

    TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python tests/reference/tf_import_complex_adjoints.py \\
        > tests/unit/engine/fixtures/tf_import_complex_adjoints.json
"""

from __future__ import annotations

import base64
import json
import sys

import numpy as np


def _complex(rng, shape, dtype) -> np.ndarray:
    return (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(dtype)


def _cases(tf, raw, dtype):
    rng = np.random.default_rng(7)
    a = tf.constant(_complex(rng, [2, 3, 3], dtype) + 3 * np.eye(3, dtype=dtype), name="a")
    b = tf.constant(_complex(rng, [2, 3, 2], dtype), name="b")
    tall = tf.constant(_complex(rng, [1, 5, 3], dtype), name="tall")
    rhs = tf.constant(_complex(rng, [1, 5, 2], dtype), name="rhs")
    return {
        "batch_matmul_adj_x": raw.BatchMatMulV2(x=a, y=b, adj_x=True),
        "batch_matmul_adj_y": raw.BatchMatMulV2(x=b, y=a[:, :, :2], adj_y=True),
        "batch_matmul_adj_both": raw.BatchMatMulV2(x=a, y=a, adj_x=True, adj_y=True),
        "batch_matmul_v1_adj_x": raw.BatchMatMul(x=a, y=b, adj_x=True),
        "matmul_adjoint_a": tf.matmul(a[0], b[0], adjoint_a=True),
        "matmul_transpose_a": tf.matmul(a[0], b[0], transpose_a=True),
        "matrix_solve_adjoint": tf.linalg.solve(a, b, adjoint=True),
        "triangular_solve_adjoint": tf.linalg.triangular_solve(
            tf.linalg.band_part(a, -1, 0), b, lower=True, adjoint=True
        ),
        "matrix_solve_ls": tf.linalg.lstsq(tall, rhs, fast=True),
        "matrix_solve_ls_wide": tf.linalg.lstsq(
            tf.transpose(tall, [0, 2, 1]), rhs[:, :3], fast=True
        ),
        "cholesky_gram": tf.linalg.cholesky(tf.matmul(tall, tall, adjoint_a=True)),
    }


def _without_dtype(graph_def) -> bytes:
    """The graph with BatchMatMulV2's T removed (TF refuses such a node)."""
    for node in graph_def.node:
        if node.op == "BatchMatMulV2":
            del node.attr["T"]
    return graph_def.SerializeToString()


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    graphs, cases = {}, {}
    for dtype in (np.complex64, np.complex128):
        kind = np.dtype(dtype).name
        with tf.Graph().as_default():
            made = _cases(tf, tf.raw_ops, dtype)
            with tf.Session() as sess:
                values = sess.run(made)
            graph_def = sess.graph.as_graph_def()
            graphs[kind] = base64.b64encode(graph_def.SerializeToString()).decode("ascii")
            for name, t in made.items():
                v = np.asarray(values[name])
                cases[f"{name}.{kind}"] = {
                    "graph": kind,
                    "fetch": t.name,
                    "dtype": v.dtype.name,
                    "shape": list(v.shape),
                    "value": [v.real.ravel().tolist(), v.imag.ravel().tolist()],
                }
            if kind == "complex64":
                graphs["complex64_without_dtype"] = base64.b64encode(
                    _without_dtype(graph_def)
                ).decode("ascii")
    json.dump(
        {"tensorflow": tf.__version__, "graphs": graphs, "cases": cases}, sys.stdout, indent=1
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
