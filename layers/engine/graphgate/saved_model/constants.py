"""`tf.saved_model.constants`: the names of a saved model's files and directories.

graphgate's saved model keeps TensorFlow's layout with its own formats (docs/engine.md):
`saved_model.json` (a `graphgate.saved_model/v1` document holding the meta graphs) where
TF writes `saved_model.pb`, and `variables/variables.index` + a data file, a graphgate
checkpoint, where TF writes its own checkpoint.
"""

SAVED_MODEL_FORMAT = "graphgate.saved_model/v1"
SAVED_MODEL_SCHEMA_VERSION = 1
SAVED_MODEL_FILENAME_JSON = "saved_model.json"
# TensorFlow's file names: recognised so that a TF export gets a clear error, never read.
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
