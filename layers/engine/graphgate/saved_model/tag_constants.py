"""`tf.saved_model.tag_constants`: the tags meta graphs are saved under."""

SERVING = "serve"
TRAINING = "train"
EVAL = "eval"
GPU = "gpu"
TPU = "tpu"

__all__ = ["GPU", "SERVING", "TPU", "TRAINING"]
