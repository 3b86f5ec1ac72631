"""`tf.estimator.inputs.numpy_input_fn`: an `input_fn` reading dicts of numpy arrays in
batches, built on tf.data (TF 1.x feeds a queue; the batches are the same: in order,
crossing epoch boundaries, the last one short when `num_epochs` is set, every one full
and of static size when it is None)."""

from __future__ import annotations

import collections
from typing import Any

import numpy as np

from .model_fn import invalid, wrong_type

_TARGET_KEY = "__target_key__"


def _ordered(x: Any) -> collections.OrderedDict:
    if isinstance(x, dict):
        if not x:
            raise invalid("x cannot be an empty dict")
        return collections.OrderedDict(sorted(x.items(), key=lambda t: t[0]))
    if isinstance(x, np.ndarray):
        if x.size == 0:
            raise invalid("x cannot be an empty array")
        return collections.OrderedDict({"__direct_np_input__": x})
    raise wrong_type(f"x must be a dict or array; got {type(x).__name__}")


def _with_targets(data: collections.OrderedDict, y: Any) -> Any:
    """Add y's arrays to `data`; the key (or keys) they went under, None without y."""
    if y is None:
        return None
    if isinstance(y, dict):
        if not y:
            raise invalid("y cannot be empty dict, use None instead.")
        ordered_y = collections.OrderedDict(sorted(y.items(), key=lambda t: t[0]))
        duplicates = set(data).intersection(ordered_y)
        if duplicates:
            raise invalid(
                f"{len(duplicates)} duplicate keys are found in both x and y: {duplicates}"
            )
        data.update(ordered_y)
        return list(ordered_y)
    key = _TARGET_KEY
    while key in data:
        key += "_n"
    data[key] = y
    return key


def numpy_input_fn(
    x: Any,
    y: Any = None,
    batch_size: int = 128,
    num_epochs: int | None = 1,
    shuffle: Any = None,
    queue_capacity: int = 1000,
    num_threads: int = 1,
):
    """An `input_fn` returning `(features, labels)` batches of `x` (a dict of arrays, or
    one array) and `y`; `shuffle` must be given as a bool, as in TF 1.x.

    Raises
    ------
    GraphgateError
        INVALID_ESTIMATOR (ValueError) for `shuffle` not a bool, empty `x` or `y`, keys
        in both, or arrays of different lengths; INVALID_ESTIMATOR_TYPE (TypeError) for
        an `x` that is neither.
    """
    if not isinstance(shuffle, bool):
        raise invalid(
            "shuffle must be provided and explicitly set as boolean (it is recommended to "
            f"set it as True for training); got {shuffle}"
        )

    def input_fn() -> Any:
        from ..data import Dataset
        from ..graph import get_default_graph

        data = _ordered(x)
        feature_keys = list(data)
        target_keys = _with_targets(data, y)
        if len({np.shape(v)[0] for v in data.values()}) != 1:
            shapes_x = {k: np.shape(data[k]) for k in feature_keys}
            raise invalid(
                "Length of tensors in x and y is mismatched. All elements in x and y must "
                f"have the same length.\nShapes in x: {shapes_x}\n"
            )
        dataset = Dataset.from_tensor_slices(tuple(np.asarray(v) for v in data.values()))
        if shuffle:
            # TF shuffles through a RandomShuffleQueue: the order differs from TF's.
            dataset = dataset.shuffle(queue_capacity)
        dataset = dataset.repeat(num_epochs).batch(batch_size, drop_remainder=num_epochs is None)
        # TF's numpy_input_fn feeds a queue, which takes no op seed where a one-shot
        # iterator takes one: the model's seeded initializers get TF's seeds.
        graph = get_default_graph()
        drawn = graph.seeds_drawn
        batch = list(dataset.make_one_shot_iterator().get_next())
        graph.seeds_drawn = drawn
        if isinstance(x, np.ndarray):
            features = batch[0]
        else:
            features = dict(zip(feature_keys, batch[: len(feature_keys)], strict=True))
        if target_keys is None:
            return features
        if isinstance(target_keys, str):
            return features, batch[-1]
        return features, dict(zip(target_keys, batch[-len(target_keys) :], strict=True))

    return input_fn
