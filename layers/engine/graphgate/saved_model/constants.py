"""`tf.saved_model.constants`: the names of a saved model's files and directories.

graphgate's saved model keeps TensorFlow's layout and file names with its own formats,
as its checkpoints and `.meta` files do (docs/engine.md): `saved_model.pb` (or
`saved_model.pbtxt` when saved `as_text`) holds a `graphgate.saved_model/v1` JSON document
listing the meta graphs, not a protocol buffer; `variables/variables.index` + a data file
are a graphgate checkpoint.
"""

SAVED_MODEL_FORMAT = "graphgate.saved_model/v1"
SAVED_MODEL_SCHEMA_VERSION = 1
SAVED_MODEL_FILENAME_PB = "saved_model.pb"
SAVED_MODEL_FILENAME_PBTXT = "saved_model.pbtxt"
VARIABLES_DIRECTORY = "variables"
VARIABLES_FILENAME = "variables"
ASSETS_DIRECTORY = "assets"
ASSETS_KEY = "saved_model_assets"
DEBUG_DIRECTORY = "debug"
LEGACY_INIT_OP_KEY = "legacy_init_op"
MAIN_OP_KEY = "saved_model_main_op"
TRAIN_OP_KEY = "saved_model_train_op"
TRAIN_OP_SIGNATURE_KEY = "__saved_model_train_op"
INIT_OP_SIGNATURE_KEY = "__saved_model_init_op"
