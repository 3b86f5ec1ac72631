"""`tf.saved_model` (TensorFlow 1.x's): save a trained graph with its variables and
signatures in one directory, load it into a fresh graph, serve it.

    tf.saved_model.simple_save(sess, "export/1", inputs={"x": x}, outputs={"y": y})
    with tf.Session(graph=tf.Graph()) as sess:
        meta = tf.saved_model.loader.load(sess, [tf.saved_model.tag_constants.SERVING], "export/1")
        sig = meta.signature_def["serving_default"]

The layout is TensorFlow's, the files graphgate's own (docs/engine.md#saved-models);
`graphgate models create NAME --saved-model DIR` serves one (docs/models.md).
"""

from __future__ import annotations

from typing import Any

from ..errors import error
from . import (
    builder,
    constants,
    loader,
    main_op,
    signature_constants,
    signature_def_utils,
    tag_constants,
    utils,
)
from .builder import Builder, SavedModelBuilder, archive, simple_save
from .constants import (
    ASSETS_DIRECTORY,
    ASSETS_KEY,
    DEBUG_DIRECTORY,
    LEGACY_INIT_OP_KEY,
    MAIN_OP_KEY,
    SAVED_MODEL_FILENAME_PB,
    SAVED_MODEL_FILENAME_PBTXT,
    SAVED_MODEL_SCHEMA_VERSION,
    VARIABLES_DIRECTORY,
    VARIABLES_FILENAME,
)
from .loader import contains_saved_model, load, maybe_saved_model_directory
from .signature_constants import (
    CLASSIFY_INPUTS,
    CLASSIFY_METHOD_NAME,
    CLASSIFY_OUTPUT_CLASSES,
    CLASSIFY_OUTPUT_SCORES,
    DEFAULT_SERVING_SIGNATURE_DEF_KEY,
    PREDICT_INPUTS,
    PREDICT_METHOD_NAME,
    PREDICT_OUTPUTS,
    REGRESS_INPUTS,
    REGRESS_METHOD_NAME,
    REGRESS_OUTPUTS,
)
from .signature_def_utils import (
    build_signature_def,
    classification_signature_def,
    is_valid_signature,
    predict_signature_def,
    regression_signature_def,
)
from .tag_constants import GPU, SERVING, TPU, TRAINING
from .utils import build_tensor_info, get_tensor_from_tensor_info

main_op_with_restore = main_op.main_op_with_restore


def save(obj: Any, export_dir: Any, signatures: Any = None, options: Any = None) -> None:
    """Refused: TF 2's object-based `tf.saved_model.save` needs eager `tf.Module`s."""
    raise error(
        "UNIMPLEMENTED",
        "tf.saved_model.save saves TF 2 objects (eager tf.Module); in graph mode use "
        "tf.saved_model.simple_save or tf.saved_model.builder.SavedModelBuilder",
    )


def load_v2(export_dir: Any, tags: Any = None, options: Any = None) -> None:
    """Refused: TF 2's object-based loading; `tf.saved_model.load` (TF1's) is `loader.load`."""
    raise error(
        "UNIMPLEMENTED",
        "tf.saved_model.load_v2 restores TF 2 objects; in graph mode use "
        "tf.saved_model.loader.load(sess, tags, export_dir)",
    )


__all__ = [
    "ASSETS_DIRECTORY",
    "ASSETS_KEY",
    "CLASSIFY_INPUTS",
    "CLASSIFY_METHOD_NAME",
    "CLASSIFY_OUTPUT_CLASSES",
    "CLASSIFY_OUTPUT_SCORES",
    "DEBUG_DIRECTORY",
    "DEFAULT_SERVING_SIGNATURE_DEF_KEY",
    "GPU",
    "LEGACY_INIT_OP_KEY",
    "MAIN_OP_KEY",
    "PREDICT_INPUTS",
    "PREDICT_METHOD_NAME",
    "PREDICT_OUTPUTS",
    "REGRESS_INPUTS",
    "REGRESS_METHOD_NAME",
    "REGRESS_OUTPUTS",
    "SAVED_MODEL_FILENAME_PB",
    "SAVED_MODEL_FILENAME_PBTXT",
    "SAVED_MODEL_SCHEMA_VERSION",
    "SERVING",
    "TPU",
    "TRAINING",
    "VARIABLES_DIRECTORY",
    "VARIABLES_FILENAME",
    "Builder",
    "SavedModelBuilder",
    "archive",
    "build_signature_def",
    "build_tensor_info",
    "builder",
    "classification_signature_def",
    "constants",
    "contains_saved_model",
    "get_tensor_from_tensor_info",
    "is_valid_signature",
    "load",
    "load_v2",
    "loader",
    "main_op",
    "main_op_with_restore",
    "maybe_saved_model_directory",
    "predict_signature_def",
    "regression_signature_def",
    "save",
    "signature_constants",
    "signature_def_utils",
    "simple_save",
    "tag_constants",
    "utils",
]
