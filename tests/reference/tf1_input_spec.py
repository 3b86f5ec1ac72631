"""`tf.layers.InputSpec` (TF1's Keras `InputSpec`) and the check TF1's Keras makes of a
layer's `input_spec` on every call (dev-only): its attributes and repr, the arguments it
refuses, and the ValueError/TypeError (with TF's messages) of inputs a custom
`tf.keras.layers.Layer`'s spec refuses, set in `__init__` or in `build`. Recorded from
`tf.compat.v1` with TF1's Keras (tf_keras), run unchanged with `tf` = graphgate by
tests/unit/engine/test_tf1_input_spec.py.

    /work/tfvenv/bin/python tests/reference/tf1_input_spec.py \\
        > tests/unit/engine/fixtures/tf1_input_spec.json
"""

from __future__ import annotations

import numpy as np  # noqa: F401 - the programs' `np`, which the engine test binds from here

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

# Each program may call `message(f)`: the class and text of what `f` raises.
PREFIX = """
def message(f):
    try:
        f()
    except Exception as exc:
        return [type(exc).__name__, str(exc)]
    return None
"""

PROGRAMS = {
    "spec_attributes": """
S = tf.layers.InputSpec
spec = S(dtype="float32", ndim=2, axes={-1: 3})
out["repr"] = repr(spec)
out["repr_empty"] = repr(S())
out["attrs"] = [spec.dtype, spec.ndim, spec.min_ndim, spec.max_ndim, sorted(spec.axes.items())]
shaped = S(shape=(None, 3))
out["shape"] = [list(shaped.shape), shaped.ndim, repr(shaped)]
out["same_class"] = tf.keras.layers.InputSpec is S
config = S(min_ndim=2, axes={1: 4}).get_config()
out["config"] = sorted((k, v if k != "axes" else sorted(v.items())) for k, v in config.items())
out["from_config"] = repr(S.from_config(S(max_ndim=3).get_config()))
out["bad_axes"] = message(lambda: S(axes={"a": 1}))
out["axis_too_big"] = message(lambda: S(ndim=2, axes={2: 3}))
out["axis_too_big_max"] = message(lambda: S(max_ndim=3, axes={3: 3}))
""",
    "layer_checks_its_spec": """
S = tf.layers.InputSpec
class Checked(tf.keras.layers.Layer):
    def __init__(self, spec, **kwargs):
        super().__init__(**kwargs)
        self.input_spec = spec
    def call(self, x):
        return x
def check(spec, x):
    return message(lambda: Checked(spec, name="checked")(x))
f = tf.ones
out["ndim_ok"] = check(S(ndim=4), f([1, 2, 2, 1]))
out["ndim"] = check(S(ndim=4), f([2, 2]))
out["min_ndim"] = check(S(min_ndim=2), f([3]))
out["max_ndim"] = check(S(max_ndim=2), f([1, 2, 3]))
out["dtype"] = check(S(dtype="float32"), tf.ones([2], tf.int32))
out["axes"] = check(S(axes={-1: 3}), f([2, 4]))
out["axes_ok_unknown"] = check(S(axes={-1: 3}), tf.placeholder(tf.float32, [2, None]))
out["shape"] = check(S(shape=(None, 3)), f([2, 4]))
out["shape_ok_none"] = check(S(shape=(None, 3)), f([5, 3]))
out["squeeze"] = check(S(shape=(None, 3, 1), allow_last_axis_squeeze=True), f([2, 3]))
out["unknown_rank"] = check(S(ndim=4), tf.placeholder(tf.float32, None))
out["two_specs_one_input"] = raises(lambda: Checked([S(), S()], name="two")(f([2])))
out["list_of_specs"] = check([S(ndim=1), S(ndim=2)], [f([2]), f([2, 2])])
out["list_of_specs_bad"] = check([S(ndim=1), S(ndim=2)], [f([2]), f([2])])
out["none_spec"] = check([None, S(ndim=2)], [f([2]), f([2, 2])])
out["not_a_spec"] = message(lambda: Checked(3))
out["not_a_spec_in_list"] = message(lambda: Checked([S(), "x"]))
""",
    "spec_set_in_build": """
S = tf.layers.InputSpec
class Last(tf.keras.layers.Layer):
    def build(self, input_shape):
        self.input_spec = S(min_ndim=2, axes={-1: int(input_shape[-1])})
        self.w = self.add_weight("w", [int(input_shape[-1]), 2])
        super().build(input_shape)
    def call(self, x):
        return tf.matmul(x, self.w)
layer = Last(name="last")
out["first"] = layer(tf.ones([3, 4])).shape.as_list()
out["same_last_axis"] = layer(tf.ones([5, 4])).shape.as_list()
out["other_last_axis"] = message(lambda: layer(tf.ones([3, 5])))
out["spec"] = repr(layer.input_spec)
out["default_spec"] = tf.keras.layers.Layer().input_spec
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS, legacy_keras=True, prefix=PREFIX)
