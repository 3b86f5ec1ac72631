"""The examples of TensorFlow's own API documentation (the `>>>` blocks of the docstrings
of every tf.compat.v1 name graphgate has), as TF1 graph-mode programs, run unchanged on
graphgate against what `tf.compat.v1` observed (`tests/reference/tf1_docexamples.py`,
written by `tf1_docexamples_extract.py`; `fixtures/tf1_docexamples.json`)."""

from __future__ import annotations

import pytest

import graphgate as gg
from tests.reference.tf1_docexamples_prefix import PREFIX
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_docexamples")

# What graphgate does not have or does otherwise, by program (the whole docstring's
# examples: one of them is enough).
_RAGGED = "a RaggedTensor through an op with no ragged version in graphgate (docs/engine.md)"
_CONCRETE = "tf.function's get_concrete_function: graphgate builds each call into the graph"
_EAGER = "eager execution: graphgate runs TF1 graph mode only"
_DISTRIBUTE = "tf.distribute strategies: graphgate runs a graph on one CPU"
KNOWN_DIFFERENT = {
    "GradientTape.gradient": _RAGGED,
    "Tensor.get_shape": _CONCRETE,
    "Tensor.set_shape": _CONCRETE,
    "TensorShape": _CONCRETE,
    "ensure_shape": _CONCRETE,
    "function": _CONCRETE,
    "config.run_functions_eagerly": _EAGER,
    "executing_eagerly": _EAGER,
    "executing_eagerly_outside_functions": _EAGER,
    "VariableAggregation": _DISTRIBUTE,
    "distribute.MirroredStrategy": _DISTRIBUTE,
    "distribute.ReplicaContext": _DISTRIBUTE,
    "to_bfloat16": "bfloat16, which numpy lacks",
    "saved_model.save": "tf.Module (TF 2's saving of objects)",
    "feature_column.numeric_column": "tf.keras.layers.DenseFeatures",
    "enable_eager_execution (python 0)": _EAGER,
    "init_scope (python 0)": _EAGER,
    "lookup.StaticHashTable (python 2)": _EAGER,
    "distribute.MirroredStrategy (python 0)": _DISTRIBUTE,
    "data.Dataset.cache (python 0)": "Dataset.cache(filename): graphgate caches in memory only",
    "TensorArray": "a TensorArray in a tf.function is TF's TensorList, which reads an element "
    "twice; graphgate's is TF1's, cleared after a read",
    "numpy_function": "a numpy_function's function calling a decorated numpy_function runs it "
    "eagerly in TF; graphgate's call builds a graph op and returns a Tensor",
    "py_function": "py_function's function runs TF ops eagerly in TF (tf.abs(x) <= m as a "
    "bool); graphgate's builds graph ops",
    "map_fn": "map_fn of outputs of unknown shape (tf.range(t, t + 3)): graphgate refuses",
    # TF traces the body with the signature's shapes, then infers the call's results from
    # the arguments' (so an add of [2, 5] and [2, 7] is still its ValueError); graphgate
    # traces with the arguments', which gives the second and not the first.
    "unstack": "tf.function's input_signature: graphgate traces with the argument's shape, "
    "so unstacking an unknown length is not the ValueError TF raises",
    "sparse.expand_dims": "static shape: graphgate's keeps the dims ([1, 10, 10, 3]) that "
    "TF1's leaves unknown ([1, None, None, None])",
}


# TF's float32 FFT (ducc's) rounds otherwise than graphgate's (numpy's pocketfft):
# these stft values agree to a few parts in a million.
REL_TOL = {"signal.inverse_stft (python 0)": 2e-5, "signal.inverse_stft (python 1)": 2e-5}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_documentation_example_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        scope = {"tf": gg, "np": programs.np, "out": out, "raises": raised}
        exec(PREFIX + programs.PROGRAMS[name], scope)
    rel_tol = REL_TOL.get(name, 2e-6)
    assert_observed(out, FIXTURE["programs"][name], name, rel_tol=rel_tol, abs_tol=1e-6)
