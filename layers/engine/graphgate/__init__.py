"""graphgate: TensorFlow 1.x-style computational graphs on numpy."""
