"""`gg.contrib`: of TF1's `tf.contrib`, `tf.contrib.rnn` — its cells and functions are the
ones of `gg.nn.rnn_cell` and `gg.nn` (TF1 aliased them the same way) —, the parts of
`tf.contrib.layers`, `tf.contrib.framework` and `tf.contrib.slim` that TF1 programs use most
(`contrib_layers.py`; slim's own parts in `contrib_slim.py`), `contrib.seq2seq` and
`contrib.crf` (`seq2seq.py`, `crf.py`),
`contrib.legacy_seq2seq`'s decoder and losses (`contrib_seq2seq.py`), and
`contrib.losses`, `contrib.metrics`, `contrib.training.HParams` and slim's variable getters
(`contrib_extras.py`), `contrib.losses.metric_learning` (`metric_learning.py`),
`contrib.image`'s dense_image_warp (`contrib_image.py`) and
`contrib.estimator`'s extenders (`estimator/extenders.py`)."""

from __future__ import annotations

from types import SimpleNamespace

from . import contrib_extras as _extras
from . import contrib_image as _image
from . import contrib_layers as _layers
from . import contrib_rnn as _contrib_cells
from . import contrib_seq2seq as _legacy
from . import contrib_slim as _slim
from . import contrib_slim_data as _slim_data
from . import crf as _crf
from . import metric_learning as _metric_learning
from . import rnn as _rnn
from . import rnn_cell as _cells
from . import seq2seq as _s2s
from . import tf_nest as _nest
from .ops import index_ops as _index_ops
from .ops import misc_ops as _misc_ops
from .train import saver as _saver
from .train import schedules as _schedules
from .train import training_util as _training_util

rnn = SimpleNamespace(
    **{name: getattr(_cells, name) for name in _cells.__all__},
    OutputProjectionWrapper=_cells.OutputProjectionWrapper,  # contrib's alone, as in TF1
    static_rnn=_rnn.static_rnn,
    static_bidirectional_rnn=_rnn.static_bidirectional_rnn,
    stack_bidirectional_rnn=_rnn.stack_bidirectional_rnn,
    stack_bidirectional_dynamic_rnn=_rnn.stack_bidirectional_dynamic_rnn,
    LSTMBlockCell=_contrib_cells.LSTMBlockCell,
    LSTMBlockFusedCell=_contrib_cells.LSTMBlockFusedCell,
    GRUBlockCell=_contrib_cells.GRUBlockCell,
    GRUBlockCellV2=_contrib_cells.GRUBlockCellV2,
    LayerNormBasicLSTMCell=_contrib_cells.LayerNormBasicLSTMCell,
    AttentionCellWrapper=_contrib_cells.AttentionCellWrapper,
)

_CONTRIB_LAYERS_FROM_SLIM = (
    "repeat",
    "stack",
    "softmax",
    "separable_conv2d",
    "separable_convolution2d",
)
layers = SimpleNamespace(
    **{name: getattr(_layers, name) for name in _layers.__all__},
    optimize_loss=_slim.optimize_loss,  # contrib.layers' own training op (contrib_slim.py)
    OPTIMIZER_SUMMARIES=_slim.OPTIMIZER_SUMMARIES,
    # TF 1.15's contrib/layers/python/layers/layers.py defines these, which slim re-exports
    # (dopamine's networks call contrib.layers.softmax).
    **{name: _slim.SLIM[name] for name in _CONTRIB_LAYERS_FROM_SLIM},
)
_FRAMEWORK_FROM_SLIM = (
    "assign_from_checkpoint",
    "assign_from_checkpoint_fn",
    "get_global_step",
    "get_or_create_global_step",
)
_FRAMEWORK_FROM_SAVER = (
    "init_from_checkpoint",
    "list_variables",
    "load_checkpoint",
    "load_variable",
)
framework = SimpleNamespace(
    arg_scope=_layers.arg_scope,
    add_arg_scope=_layers.add_arg_scope,
    current_arg_scope=_layers.current_arg_scope,
    has_arg_scope=_layers.has_arg_scope,
    arg_scoped_arguments=_layers.arg_scoped_arguments,
    # TF 1.15's contrib.framework makes variables as slim does (global_objectives' dual
    # variables are contrib.framework.model_variable's).
    variable=_slim.SLIM["variable"],
    model_variable=_slim.SLIM["model_variable"],
    **_extras.CONTRIB_FRAMEWORK,
    # TF 1.0-1.3 code takes its global step and checkpoint helpers from here (cifar10's
    # get_or_create_global_step, fine-tuning scripts' assign_from_checkpoint_fn): the
    # same functions as tf.train's and slim's.
    **{name: _slim.SLIM[name] for name in _FRAMEWORK_FROM_SLIM},
    **{name: getattr(_saver, name) for name in _FRAMEWORK_FROM_SAVER},
    create_global_step=_schedules.create_global_step,
    assert_global_step=_training_util.assert_global_step,
    is_tensor=_misc_ops.is_tensor,
    sort=_index_ops.sort,
    argsort=_index_ops.argsort,
)
losses = SimpleNamespace(**_extras.CONTRIB_LOSSES, metric_learning=_metric_learning)
metrics = SimpleNamespace(**_extras.CONTRIB_METRICS)
training = SimpleNamespace(HParams=_extras.HParams)
image = SimpleNamespace(
    dense_image_warp=_image.dense_image_warp, interpolate_bilinear=_image.interpolate_bilinear
)
# The whole of TF 1.15's contrib.seq2seq (decoders, attention, beam search, sequence_loss)
# and contrib.crf, each owned by its module.
crf = _crf
seq2seq = _s2s
legacy_seq2seq = SimpleNamespace(
    rnn_decoder=_legacy.rnn_decoder,
    sequence_loss_by_example=_legacy.sequence_loss_by_example,
    sequence_loss=_legacy.sequence_loss,
)
# slim re-exports the same layers and scopes (`slim.conv2d`, `slim.arg_scope`, ...), with
# its own utils, repeat/stack, softmax, separable_conv2d and learning (contrib_slim.py).
slim = SimpleNamespace(
    **{**vars(layers), **vars(framework), **_slim.SLIM, **_slim_data.SLIM_DATA},
    initializers=SimpleNamespace(xavier_initializer=_layers.xavier_initializer),
    regularizers=SimpleNamespace(
        l1_regularizer=_layers.l1_regularizer, l2_regularizer=_layers.l2_regularizer
    ),
    losses=losses,
    metrics=metrics,
    # TF 1.15's slim imports contrib.layers as `layers` (`slim.layers.conv2d`, as the
    # video prediction model spells it).
    layers=layers,
)
# TF 1.15's contrib.framework.nest is tf.nest's (is_sequence and all; GNMT's cell calls
# it), slim's namespace has none.
framework.nest = _nest

__all__ = [
    "crf",
    "framework",
    "image",
    "layers",
    "legacy_seq2seq",
    "losses",
    "metrics",
    "rnn",
    "seq2seq",
    "slim",
    "training",
]


def __getattr__(name: str):
    """`tf.contrib.data` (TF 1.4-1.12's home of tf.data's helpers) on first use, so that
    `gg.contrib.rnn` does not load tf.data."""
    if name == "data":
        from .data import contrib_data

        return contrib_data
    if name == "distributions":  # TF 1.x kept tf.distributions here first
        from . import distributions

        return distributions
    if name == "tpu":  # BERT's TPUEstimator, run on the CPU (use_tpu=False)
        from .estimator import tpu_estimator

        return tpu_estimator
    if name == "opt":  # ScipyOptimizerInterface (scipy imported when it runs), LazyAdam, AdamW
        from . import contrib_opt

        return contrib_opt
    if name == "signal":  # TF 1.x's home of tf.signal (`tf.contrib.signal.stft`)
        from . import tf_signal

        return tf_signal
    if name == "estimator":  # the ML Crash Course's clip_gradients_by_norm
        from .estimator import extenders

        return SimpleNamespace(
            add_metrics=extenders.add_metrics,
            clip_gradients_by_norm=extenders.clip_gradients_by_norm,
        )
    if name == "lookup":  # TF1's lookup tables (h-strings)
        from . import tf_lookup

        return tf_lookup
    raise AttributeError(f"module 'graphgate.contrib' has no attribute {name!r}")
