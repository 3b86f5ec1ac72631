"""`gg.io`, TensorFlow's `tf.io` as far as graphs and files go: `gfile`, `write_graph`,
`import_graph_def`. (Named tf_io so no module of the package shadows the standard `io`.)"""

from . import gfile
from .meta_graph import import_graph_def, write_graph

__all__ = ["gfile", "import_graph_def", "write_graph"]
