"""`gg.contrib`: of TF1's `tf.contrib`, only `tf.contrib.rnn` — its cells and functions are
the ones of `gg.nn.rnn_cell` and `gg.nn` (TF1 aliased them the same way)."""

from __future__ import annotations

from types import SimpleNamespace

from . import rnn as _rnn
from . import rnn_cell as _cells

rnn = SimpleNamespace(
    **{name: getattr(_cells, name) for name in _cells.__all__},
    static_rnn=_rnn.static_rnn,
    static_bidirectional_rnn=_rnn.static_bidirectional_rnn,
)

__all__ = ["rnn"]
