"""slim's data pipeline, as tf_slim 1.1 (TF 1.15's contrib.slim.data) wrote it:
`slim.dataset.Dataset`, `slim.tfexample_decoder` (`TFExampleDecoder` with `Tensor`, `Image`
and callback item handlers), `slim.dataset_data_provider.DatasetDataProvider` over
`slim.parallel_reader` (readers filling a common queue from a filename queue) and
`slim.prefetch_queue`. tensorflow/models' train_image_classifier.py and
eval_image_classifier.py read their TFRecords this way. Built from graphgate's public
TF1 API (queues, readers, parsing), as slim builds on TF's."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any


def _tf() -> Any:
    import graphgate.compat.v1 as tf  # the TF1 surface slim is written against

    return tf


# -- dataset, data_decoder, data_provider -----------------------------------------------------


class Dataset:
    """A dataset's sources, reader class, decoder and description, as attributes."""

    def __init__(self, data_sources: Any, reader: Any, decoder: Any, num_samples: Any,
                 items_to_descriptions: Any, **kwargs: Any):  # fmt: skip
        kwargs.update(
            data_sources=data_sources, reader=reader, decoder=decoder, num_samples=num_samples,
            items_to_descriptions=items_to_descriptions,
        )  # fmt: skip
        self.__dict__.update(kwargs)


class DataDecoder:
    """What turns one record into items (`decode`) and names them (`list_items`)."""

    def decode(self, data: Any, items: Any) -> list:
        raise NotImplementedError

    def list_items(self) -> list:
        raise NotImplementedError


class DataProvider:
    """Tensors by item name."""

    def __init__(self, items_to_tensors: dict, num_samples: Any):
        self._items_to_tensors = items_to_tensors
        self._num_samples = num_samples

    def get(self, items: Any) -> list:
        self._validate_items(items)
        return [self._items_to_tensors[item] for item in items]

    def list_items(self) -> Any:
        return self._items_to_tensors.keys()

    def num_samples(self) -> Any:
        return self._num_samples

    def _validate_items(self, items: Any) -> None:
        if not isinstance(items, list | tuple):
            raise ValueError("items must be a list or tuple")
        valid = self.list_items()
        for item in items:
            if item not in valid:
                raise ValueError(f"Item [{item}] is invalid. Valid entries include: {valid}")


# -- tfexample_decoder --------------------------------------------------------------------------


class ItemHandler:
    """Makes one item from the parsed features it names (`keys`)."""

    def __init__(self, keys: Any):
        self._keys = keys if isinstance(keys, tuple | list) else [keys]

    @property
    def keys(self) -> list:
        return self._keys

    def tensors_to_item(self, keys_to_tensors: dict) -> Any:
        raise NotImplementedError


class ItemHandlerCallback(ItemHandler):
    def __init__(self, keys: Any, func: Any):
        super().__init__(keys)
        self._func = func

    def tensors_to_item(self, keys_to_tensors: dict) -> Any:
        return self._func(keys_to_tensors)


class Tensor(ItemHandler):
    """A feature as it is, reshaped to `shape` (or to the values of `shape_keys`); a sparse
    one made dense with `default_value`."""

    def __init__(self, tensor_key: str, shape_keys: Any = None, shape: Any = None,
                 default_value: Any = 0):  # fmt: skip
        if shape_keys and shape is not None:
            raise ValueError("Cannot specify both shape_keys and shape parameters.")
        if shape_keys and not isinstance(shape_keys, list):
            shape_keys = [shape_keys]
        self._tensor_key, self._shape_keys = tensor_key, shape_keys
        self._shape, self._default_value = shape, default_value
        super().__init__([tensor_key, *(shape_keys or [])])

    def tensors_to_item(self, keys_to_tensors: dict) -> Any:
        tf = _tf()
        tensor = keys_to_tensors[self._tensor_key]
        shape = self._shape
        if self._shape_keys:
            dims = []
            for k in self._shape_keys:
                dim = keys_to_tensors[k]
                if isinstance(dim, tf.SparseTensor):
                    dim = tf.sparse_tensor_to_dense(dim)
                dims.append(dim)
            shape = tf.reshape(tf.stack(dims), [-1])
        if isinstance(tensor, tf.SparseTensor):
            if shape is not None:
                tensor = tf.sparse_reshape(tensor, shape)
            return tf.sparse_tensor_to_dense(tensor, self._default_value)
        return tensor if shape is None else tf.reshape(tensor, shape)


class Image(ItemHandler):
    """An encoded image (`image/encoded`) decoded by its `image/format`: raw bytes, or
    JPEG, else any format `decode_image` reads; `channels` channels, cast to `dtype`."""

    def __init__(self, image_key: Any = None, format_key: Any = None, shape: Any = None,
                 channels: int = 3, dtype: Any = None, repeated: bool = False,
                 dct_method: str = ""):  # fmt: skip
        tf = _tf()
        self._image_key = image_key or "image/encoded"
        self._format_key = format_key or "image/format"
        super().__init__([self._image_key, self._format_key])
        self._shape, self._channels = shape, channels
        self._dtype = tf.uint8 if dtype is None else dtype
        self._repeated, self._dct_method = repeated, dct_method

    def tensors_to_item(self, keys_to_tensors: dict) -> Any:
        buffer, image_format = keys_to_tensors[self._image_key], keys_to_tensors[self._format_key]
        if self._repeated:
            return _tf().map_fn(lambda x: self._decode(x, image_format), buffer, dtype=self._dtype)
        return self._decode(buffer, image_format)

    def _decode(self, buffer: Any, image_format: Any) -> Any:
        tf = _tf()

        def decode_image():
            return tf.cast(tf.image.decode_image(buffer, channels=self._channels), self._dtype)

        def decode_jpeg():
            decoded = tf.image.decode_jpeg(
                buffer, channels=self._channels, dct_method=self._dct_method
            )
            return tf.cast(decoded, self._dtype)

        def check_jpeg():
            return tf.cond(tf.image.is_jpeg(buffer), decode_jpeg, decode_image, name="cond_jpeg")

        def decode_raw():
            return tf.decode_raw(buffer, out_type=self._dtype)

        is_raw = tf.logical_or(tf.equal(image_format, "raw"), tf.equal(image_format, "RAW"))
        image = tf.case([(is_raw, decode_raw)], default=check_jpeg, exclusive=True)
        image.set_shape([None, None, self._channels])
        if self._shape is not None:
            image = tf.reshape(image, self._shape)
        return image


class TFExampleDecoder(DataDecoder):
    """Parses a serialized tf.Example with `keys_to_features` and makes each item with its
    handler."""

    def __init__(self, keys_to_features: dict, items_to_handlers: dict):
        self._keys_to_features = keys_to_features
        self._items_to_handlers = items_to_handlers

    def list_items(self) -> list:
        return list(self._items_to_handlers.keys())

    def decode(self, serialized_example: Any, items: Any = None) -> list:
        tf = _tf()
        example = tf.parse_single_example(serialized_example, self._keys_to_features)
        # Fixed-length features reshaped once, in key order, as slim does.
        for k in sorted(self._keys_to_features):
            feature = self._keys_to_features[k]
            if isinstance(feature, tf.FixedLenFeature):
                example[k] = tf.reshape(example[k], feature.shape)
        outputs = []
        for item in items or self._items_to_handlers.keys():
            handler = self._items_to_handlers[item]
            outputs.append(handler.tensors_to_item({key: example[key] for key in handler.keys}))
        return outputs


# -- parallel_reader, dataset_data_provider, prefetch_queue ------------------------------------


def get_data_files(data_sources: Any) -> list:
    """The files of a path, a glob pattern, or a list of them."""
    if isinstance(data_sources, list | tuple):
        files: list = []
        for source in data_sources:
            files += get_data_files(source)
    elif any(c in data_sources for c in "*?["):
        files = _tf().gfile.Glob(data_sources)
    else:
        files = [data_sources]
    if not files:
        raise ValueError(f"No data files found in {data_sources}")
    return files


class ParallelReader:
    """`num_readers` readers of `reader_class` feeding one common queue of (key, value)."""

    def __init__(self, reader_class: Any, common_queue: Any, num_readers: int = 4,
                 reader_kwargs: Any = None):  # fmt: skip
        tf = _tf()
        if len(common_queue.dtypes) != 2 or any(d != tf.string for d in common_queue.dtypes):
            raise TypeError("common_queue.dtypes must be [tf.string, tf.string]")
        self._readers = [reader_class(**(reader_kwargs or {})) for _ in range(num_readers)]
        self._common_queue = common_queue

    num_readers = property(lambda self: len(self._readers))
    common_queue = property(lambda self: self._common_queue)

    def read(self, queue: Any, name: Any = None) -> Any:
        self._configure_readers_by(queue)
        return self._common_queue.dequeue(name=name)

    def read_up_to(self, queue: Any, num_records: Any, name: Any = None) -> Any:
        self._configure_readers_by(queue)
        return self._common_queue.dequeue_up_to(num_records, name)

    def _configure_readers_by(self, queue: Any) -> None:
        tf = _tf()
        enqueue_ops = [self._common_queue.enqueue(r.read(queue)) for r in self._readers]
        tf.train.add_queue_runner(tf.train.QueueRunner(self._common_queue, enqueue_ops))


def parallel_read(data_sources: Any, reader_class: Any, num_epochs: Any = None,
                  num_readers: int = 4, reader_kwargs: Any = None, shuffle: bool = True,
                  dtypes: Any = None, capacity: int = 256, min_after_dequeue: int = 128,
                  seed: Any = None, scope: Any = None) -> Any:  # fmt: skip
    """(key, record) read by `num_readers` readers from the files, through a common
    queue (shuffling when `shuffle`)."""
    tf = _tf()
    files = get_data_files(data_sources)
    with tf.name_scope(scope, "parallel_read"):
        filename_queue = tf.train.string_input_producer(
            files, num_epochs=num_epochs, shuffle=shuffle, seed=seed, name="filenames"
        )
        dtypes = dtypes or [tf.string, tf.string]
        if shuffle:
            common_queue = tf.RandomShuffleQueue(
                capacity=capacity, min_after_dequeue=min_after_dequeue, dtypes=dtypes,
                seed=seed, name="common_queue",
            )  # fmt: skip
        else:
            common_queue = tf.FIFOQueue(capacity=capacity, dtypes=dtypes, name="common_queue")
        tf.summary.scalar(
            f"fraction_of_{capacity}_full",
            tf.cast(common_queue.size(), tf.float32) * (1.0 / capacity),
        )
        reader = ParallelReader(reader_class, common_queue, num_readers, reader_kwargs)
        return reader.read(filename_queue)


def single_pass_read(data_sources: Any, reader_class: Any, reader_kwargs: Any = None,
                     scope: Any = None) -> Any:  # fmt: skip
    tf = _tf()
    files = get_data_files(data_sources)
    with tf.name_scope(scope, "single_pass_read"):
        filename_queue = tf.train.string_input_producer(
            files, num_epochs=1, shuffle=False, capacity=1, name="filenames"
        )
        return reader_class(**(reader_kwargs or {})).read(filename_queue)


class DatasetDataProvider(DataProvider):
    """A dataset's items read by a parallel reader and decoded by its decoder; the record's
    key under `record_key`."""

    def __init__(self, dataset: Any, num_readers: int = 1, reader_kwargs: Any = None,
                 shuffle: bool = True, num_epochs: Any = None, common_queue_capacity: int = 256,
                 common_queue_min: int = 128, record_key: str = "record_key",
                 seed: Any = None, scope: Any = None):  # fmt: skip
        key, data = parallel_read(
            dataset.data_sources, reader_class=dataset.reader, num_epochs=num_epochs,
            num_readers=num_readers, reader_kwargs=reader_kwargs, shuffle=shuffle,
            capacity=common_queue_capacity, min_after_dequeue=common_queue_min, seed=seed,
            scope=scope,
        )  # fmt: skip
        items = dataset.decoder.list_items()
        items_to_tensors = dict(zip(items, dataset.decoder.decode(data, items), strict=True))
        if record_key in items_to_tensors:
            raise ValueError(
                "The item name used for `record_key` cannot also be used for a dataset item: "
                f"{record_key}"
            )
        items_to_tensors[record_key] = key
        super().__init__(items_to_tensors=items_to_tensors, num_samples=dataset.num_samples)


def prefetch_queue(tensors: Any, capacity: int = 8, num_threads: int = 1,
                   dynamic_pad: bool = False, shared_name: Any = None,
                   name: Any = None) -> Any:  # fmt: skip
    """A queue prefetching `tensors` (a list or a dict) by its own queue runner."""
    tf = _tf()
    if isinstance(tensors, dict):
        names, tensor_list = list(tensors.keys()), list(tensors.values())
    else:
        names, tensor_list = None, tensors
    with tf.name_scope(name, "prefetch_queue", tensor_list):
        dtypes = [t.dtype for t in tensor_list]
        shapes = [t.get_shape() for t in tensor_list]
        kind = tf.PaddingFIFOQueue if dynamic_pad else tf.FIFOQueue
        queue = kind(
            capacity=capacity, dtypes=dtypes, shapes=shapes, names=names,
            shared_name=shared_name,
        )  # fmt: skip
        enqueue_op = queue.enqueue(tensors)
        tf.train.add_queue_runner(tf.train.QueueRunner(queue, [enqueue_op] * num_threads))
        tf.summary.scalar(
            f"fraction_of_{capacity}_full", tf.cast(queue.size(), tf.float32) * (1.0 / capacity)
        )
        return queue


SLIM_DATA = {
    "dataset": SimpleNamespace(Dataset=Dataset),
    "data_decoder": SimpleNamespace(DataDecoder=DataDecoder),
    "data_provider": SimpleNamespace(DataProvider=DataProvider),
    "tfexample_decoder": SimpleNamespace(
        ItemHandler=ItemHandler,
        ItemHandlerCallback=ItemHandlerCallback,
        Tensor=Tensor,
        Image=Image,
        TFExampleDecoder=TFExampleDecoder,
    ),
    "parallel_reader": SimpleNamespace(
        ParallelReader=ParallelReader,
        parallel_read=parallel_read,
        single_pass_read=single_pass_read,
        get_data_files=get_data_files,
    ),
    "dataset_data_provider": SimpleNamespace(DatasetDataProvider=DatasetDataProvider),
    "prefetch_queue": SimpleNamespace(prefetch_queue=prefetch_queue),
}
