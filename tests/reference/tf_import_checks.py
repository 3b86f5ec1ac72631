"""TF 2.21's `import_graph_def` of hand-written GraphDefs at the edges of its own checks
(dev-only): attributes it drops or refuses, reference types in type attributes, control
inputs written out of order. Each case: TF's import error class and first line, or the
value it runs `y:0` to.

    /work/tfvenv/bin/python tests/reference/tf_import_checks.py \\
        > tests/unit/engine/fixtures/tf_import_checks.json
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

C = (
    'node { name: "c" op: "Const" attr { key: "dtype" value { type: DT_FLOAT } } '
    'attr { key: "value" value { tensor { dtype: DT_FLOAT tensor_shape { dim { size: 2 } } '
    "float_val: 1.5 float_val: -2 } } } }\n"
)
P_REF = 'node { name: "p" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT_REF } } }\n'
T = 'attr { key: "T" value { type: DT_FLOAT } }'

CASES = {
    # Attributes the OpDef lacks: TF drops them (an underscore one is TF's own).
    "unknown_attr": C + f'node {{ name: "y" op: "AddV2" input: "c" input: "c" {T} '
    'attr { key: "foo" value { i: 3 } } }',
    "private_attr": C + f'node {{ name: "y" op: "Relu" input: "c" {T} '
    'attr { key: "_class" value { list { s: "loc:@c" } } } }',
    # A name ending in "/" is TF's to import too.
    "slash_name": C + f'node {{ name: "y/" op: "Neg" input: "c" {T} }}\n'
    f'node {{ name: "y" op: "Neg" input: "c" {T} }}',
    # A reference type is an output's, never a type attribute's.
    "ref_type_attr": C + 'node { name: "y" op: "Identity" input: "c" '
    'attr { key: "T" value { type: DT_FLOAT_REF } } }',
    "ref_placeholder_dtype": P_REF + f'node {{ name: "y" op: "Identity" input: "p" {T} }}',
    "ref_type_list_attr": C + 'node { name: "y" op: "IdentityN" input: "c" '
    'attr { key: "T" value { list { type: DT_FLOAT_REF } } } }',
    # Attributes of another kind than the OpDef's, control inputs TF refuses.
    "int_for_float": C + f'node {{ name: "y" op: "LeakyRelu" input: "c" {T} '
    'attr { key: "alpha" value { i: 1 } } }',
    "int_for_int_list": C + f'node {{ name: "y" op: "Squeeze" input: "c" {T} '
    'attr { key: "squeeze_dims" value { i: 0 } } }',
    "control_before_data": C + 'node { name: "y" op: "AddV2" input: "^c" input: "c" '
    f'input: "c" {T} }}',
    "control_names_tensor": C + f'node {{ name: "y" op: "Identity" input: "c" input: "^c:0" {T} }}',
}


def main() -> None:
    import tensorflow as tf
    from google.protobuf import text_format

    v1 = tf.compat.v1
    out = {}
    for name, text in CASES.items():
        graph_def = text_format.Parse(text, v1.GraphDef())
        graph = tf.Graph()
        try:
            with graph.as_default():
                v1.import_graph_def(graph_def, name="")
        except Exception as e:  # TF's class is the record
            out[name] = {"error": type(e).__name__, "message": str(e).splitlines()[0]}
            continue
        with v1.Session(graph=graph) as sess:
            value = sess.run("y:0")
        out[name] = {"dtype": value.dtype.name, "value": value.tolist()}
    json.dump({"tf_version": tf.__version__, "cases": out}, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
