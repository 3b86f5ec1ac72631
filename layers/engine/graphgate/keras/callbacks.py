"""`tf.keras.callbacks`: hooks `fit` calls at the edges of epochs and batches."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import error
from . import backend as K


class Callback:
    def __init__(self) -> None:
        self.model: Any = None
        self.params: dict = {}

    def set_model(self, model: Any) -> None:
        self.model = model

    def set_params(self, params: dict) -> None:
        self.params = params

    def on_train_begin(self, logs: dict | None = None) -> None: ...
    def on_train_end(self, logs: dict | None = None) -> None: ...
    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None: ...
    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None: ...
    def on_batch_begin(self, batch: int, logs: dict | None = None) -> None: ...
    def on_batch_end(self, batch: int, logs: dict | None = None) -> None: ...
    def on_test_begin(self, logs: dict | None = None) -> None: ...
    def on_test_end(self, logs: dict | None = None) -> None: ...
    def on_test_batch_begin(self, batch: int, logs: dict | None = None) -> None: ...
    def on_test_batch_end(self, batch: int, logs: dict | None = None) -> None: ...
    def on_predict_begin(self, logs: dict | None = None) -> None: ...
    def on_predict_end(self, logs: dict | None = None) -> None: ...
    def on_predict_batch_begin(self, batch: int, logs: dict | None = None) -> None: ...
    def on_predict_batch_end(self, batch: int, logs: dict | None = None) -> None: ...

    # Keras' loops call these; a subclass overriding either spelling is called.
    def on_train_batch_begin(self, batch: int, logs: dict | None = None) -> None:
        self.on_batch_begin(batch, logs)

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        self.on_batch_end(batch, logs)


class History(Callback):
    """`history.history`: each logged value per epoch ('loss', 'acc', 'val_loss', ...)."""

    def on_train_begin(self, logs=None):
        self.epoch: list[int] = []
        self.history: dict[str, list] = {}

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for k, v in (logs or {}).items():
            self.history.setdefault(k, []).append(v)


class LambdaCallback(Callback):
    def __init__(
        self,
        on_epoch_begin=None,
        on_epoch_end=None,
        on_batch_begin=None,
        on_batch_end=None,
        on_train_begin=None,
        on_train_end=None,
        **kwargs,
    ):
        super().__init__()
        noop = lambda *a, **k: None  # noqa: E731
        self.on_epoch_begin = on_epoch_begin or noop
        self.on_epoch_end = on_epoch_end or noop
        self.on_batch_begin = self.on_train_batch_begin = on_batch_begin or noop
        self.on_batch_end = self.on_train_batch_end = on_batch_end or noop
        self.on_train_begin = on_train_begin or noop
        self.on_train_end = on_train_end or noop


def _better(mode: str, monitor: str, maximized: Callable) -> Callable:
    """np.greater or np.less; in 'auto' mode by the callback's own rule for names."""
    if mode == "auto":
        mode = "max" if maximized(monitor) else "min"
    return np.greater if mode == "max" else np.less


class EarlyStopping(Callback):
    """Stop when `monitor` has not improved by `min_delta` for `patience` epochs, with
    tf_keras' rules (TF 1.15's differed): the wait counts from the last improvement that
    also beat `baseline`, training stops no earlier than the second epoch, and with
    `restore_best_weights` the best epoch's weights come back when training ends (stopped
    early or not), the first epoch's if none improved."""

    def __init__(
        self,
        monitor: str = "val_loss",
        min_delta: float = 0,
        patience: int = 0,
        verbose: int = 0,
        mode: str = "auto",
        baseline: Any = None,
        restore_best_weights: bool = False,
        start_from_epoch: int = 0,
    ):
        super().__init__()
        self.monitor, self.patience, self.verbose = monitor, patience, verbose
        self.baseline, self.restore_best_weights = baseline, restore_best_weights
        self.start_from_epoch = start_from_epoch
        self.monitor_op = _better(mode, monitor, lambda m: m.endswith(("acc", "accuracy", "auc")))
        self.min_delta = abs(min_delta) if self.monitor_op == np.greater else -abs(min_delta)
        self.wait = self.stopped_epoch = 0
        self.best_weights = None

    def on_train_begin(self, logs=None):
        self.wait, self.stopped_epoch, self.best_weights, self.best_epoch = 0, 0, None, 0
        self.best = np.inf if self.monitor_op == np.less else -np.inf

    def _improves(self, value: float, reference: float) -> bool:
        return bool(self.monitor_op(value - self.min_delta, reference))

    def on_epoch_end(self, epoch, logs=None):
        current = (logs or {}).get(self.monitor)
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights, self.best_epoch = self.model.get_weights(), epoch
        self.wait += 1
        if self._improves(current, self.best):
            self.best, self.best_epoch = current, epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._improves(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            self.model.set_weights(self.best_weights)


class ModelCheckpoint(Callback):
    """Save the model (`model.save`: HDF5) or with `save_weights_only` its weights
    (`save_weights`) after every epoch (every `period` epochs, or every `save_freq`
    batches), or only when `monitor` improved; `filepath` may hold `{epoch:02d}` and
    logged values (a batch's logs carry its 0-based `batch`, as tf_keras')."""

    def __init__(
        self,
        filepath: str,
        monitor: str = "val_loss",
        verbose: int = 0,
        save_best_only: bool = False,
        save_weights_only: bool = False,
        mode: str = "auto",
        save_freq: Any = "epoch",
        **kwargs: Any,
    ):
        super().__init__()
        if save_freq != "epoch" and not isinstance(save_freq, int):
            raise ValueError(f"Unrecognized save_freq: {save_freq}")
        self.filepath, self.monitor, self.verbose = str(filepath), monitor, verbose
        self.save_best_only, self.save_weights_only = save_best_only, save_weights_only
        self.monitor_op = _better(mode, monitor, lambda m: "acc" in m or m.startswith("fmeasure"))
        self.best = np.inf if self.monitor_op == np.less else -np.inf
        self.save_freq = save_freq
        self.period = kwargs.pop("period", 1)  # TF's deprecated spelling of save_freq
        self.epochs_since_last_save = 0
        self._batches_since_save, self._last_batch, self._epoch = 0, -1, 0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.save_freq == "epoch":
            return
        # Batches restart at 0 each epoch; count those seen since the last save.
        self._batches_since_save += (
            batch + 1 if batch <= self._last_batch else batch - self._last_batch
        )
        self._last_batch = batch
        if self._batches_since_save >= self.save_freq:
            self._batches_since_save = 0
            self._save(self._epoch, batch, logs or {})

    def on_epoch_end(self, epoch, logs=None):
        self.epochs_since_last_save += 1
        if self.save_freq == "epoch":
            self._save(epoch, None, logs or {})

    def _save(self, epoch: int, batch: Any, logs: dict) -> None:
        import os

        if not isinstance(self.save_freq, int) and self.epochs_since_last_save < self.period:
            return
        self.epochs_since_last_save = 0
        if batch is None or "batch" in logs:
            path = self.filepath.format(epoch=epoch + 1, **logs)
        else:
            path = self.filepath.format(epoch=epoch + 1, batch=batch + 1, **logs)
        if os.path.dirname(path):
            os.makedirs(os.path.dirname(path), exist_ok=True)
        said = f"\nEpoch {epoch + 1}: "  # tf_keras' messages with verbose=1
        if self.save_best_only:
            current = logs.get(self.monitor)
            if current is None:
                return
            if not self.monitor_op(current, self.best):
                if self.verbose > 0:
                    print(f"{said}{self.monitor} did not improve from {self.best:.5f}")
                return
            if self.verbose > 0:
                print(
                    f"{said}{self.monitor} improved from {self.best:.5f} to {current:.5f}, "
                    f"saving model to {path}"
                )
            self.best = current
        elif self.verbose > 0:
            print(f"{said}saving model to {path}")
        if self.save_weights_only:
            self.model.save_weights(path)
        else:
            self.model.save(path)


class LearningRateScheduler(Callback):
    """Set the optimizer's learning rate to `schedule(epoch)` (or `schedule(epoch, lr)`)
    before each epoch."""

    def __init__(self, schedule: Callable, verbose: int = 0):
        super().__init__()
        self.schedule, self.verbose = schedule, verbose

    def on_epoch_begin(self, epoch, logs=None):
        lr_var = self.model.optimizer.lr
        try:
            lr = self.schedule(epoch, float(K.get_value(lr_var)))
        except TypeError:
            lr = self.schedule(epoch)
        if not isinstance(lr, (float, np.floating, int)):
            raise ValueError('The output of the "schedule" function should be float.')
        K.set_value(lr_var, np.float32(lr))
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to {lr}.")

    def on_epoch_end(self, epoch, logs=None):
        # TF1's Keras logs the rate it used, so History gains an 'lr' key.
        if logs is not None:
            logs["lr"] = np.float32(K.get_value(self.model.optimizer.lr))


class ReduceLROnPlateau(Callback):
    """Multiply the learning rate by `factor` when `monitor` has not improved by
    `min_delta` for `patience` epochs (then wait `cooldown` epochs), not below `min_lr`."""

    def __init__(
        self,
        monitor: str = "val_loss",
        factor: float = 0.1,
        patience: int = 10,
        verbose: int = 0,
        mode: str = "auto",
        min_delta: float = 1e-4,
        cooldown: int = 0,
        min_lr: float = 0,
        **kwargs: Any,
    ):
        super().__init__()
        if factor >= 1.0:
            raise ValueError(f"ReduceLROnPlateau does not support a factor >= 1.0. Got {factor}")
        self.monitor, self.factor, self.patience, self.verbose = monitor, factor, patience, verbose
        self.min_delta = kwargs.pop("epsilon", min_delta)
        self.mode, self.cooldown, self.min_lr = mode, cooldown, min_lr
        self._reset()

    def _reset(self) -> None:
        if self.mode == "min" or (self.mode != "max" and "acc" not in self.monitor):
            self.monitor_op = lambda a, b: np.less(a, b - self.min_delta)
            self.best = np.inf
        else:
            self.monitor_op = lambda a, b: np.greater(a, b + self.min_delta)
            self.best = -np.inf
        self.cooldown_counter, self.wait = 0, 0

    def on_train_begin(self, logs=None):
        self._reset()

    def on_epoch_end(self, epoch, logs=None):
        logs = logs if logs is not None else {}
        logs["lr"] = np.float32(K.get_value(self.model.optimizer.lr))
        current = logs.get(self.monitor)
        if current is None:
            return
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.wait = 0
        if self.monitor_op(current, self.best):
            self.best, self.wait = current, 0
        elif self.cooldown_counter <= 0:
            self.wait += 1
            if self.wait >= self.patience:
                self._reduce(epoch)

    def _reduce(self, epoch: int) -> None:
        old_lr = K.get_value(self.model.optimizer.lr)
        if old_lr > np.float32(self.min_lr):
            new_lr = max(old_lr * self.factor, self.min_lr)
            K.set_value(self.model.optimizer.lr, np.float32(new_lr))
            if self.verbose > 0:
                print(f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {new_lr}.")
            self.cooldown_counter, self.wait = self.cooldown, 0


class CSVLogger(Callback):
    """Each epoch's logs as a CSV row (`epoch` then the keys in sorted order, NA where an
    epoch has no value)."""

    def __init__(self, filename: str, separator: str = ",", append: bool = False):
        super().__init__()
        self.filename, self.sep, self.append = filename, separator, append
        self.keys: list | None = None

    def on_train_begin(self, logs=None):
        import os

        self._header = not (self.append and os.path.exists(self.filename))
        with open(self.filename, "a" if self.append else "w", encoding="utf-8"):
            pass

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs)
            # As tf_keras: without validation in the first epoch, the val_ columns are
            # still made (written NA) so later validated epochs fit the header.
            if not any(k.startswith("val_") for k in self.keys):
                self.keys += ["val_" + k for k in self.keys]
        with open(self.filename, "a", encoding="utf-8") as f:
            if self._header:
                f.write(self.sep.join(["epoch", *self.keys]) + "\n")
                self._header = False
            f.write(
                self.sep.join([str(epoch), *(str(logs.get(k, "NA")) for k in self.keys)]) + "\n"
            )


class TerminateOnNaN(Callback):
    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is not None and not np.isfinite(loss):
            print(f"Batch {batch}: Invalid loss, terminating training")
            self.model.stop_training = True

    on_train_batch_end = on_batch_end


class TensorBoard(Callback):
    """TF1's Keras TensorBoard callback: the logs' values as scalars in an event file in
    `log_dir`, at each epoch's end (`epoch_<name>`, step: the epoch, or the samples seen
    when batches are written too) and, with `update_freq` 'batch' or a number of samples,
    after batches (`batch_<name>`, step: the batches seen). Histograms, gradients and
    embeddings are not written (refused)."""

    def __init__(
        self,
        log_dir: str = "./logs",
        histogram_freq: int = 0,
        batch_size: int = 32,
        write_graph: bool = True,
        write_grads: bool = False,
        write_images: bool = False,
        embeddings_freq: int = 0,
        embeddings_layer_names: Any = None,
        embeddings_metadata: Any = None,
        embeddings_data: Any = None,
        update_freq: Any = "epoch",
        profile_batch: int = 2,
    ):
        super().__init__()
        if histogram_freq or write_grads or embeddings_freq:
            raise error(
                "UNIMPLEMENTED",
                "TensorBoard's histogram_freq, write_grads and embeddings_freq are not "
                "supported; scalars are written",
            )
        self.log_dir = str(log_dir)
        self.update_freq = 1 if update_freq == "batch" else update_freq
        self.writer: Any = None
        self._samples_seen = self._samples_at_last_write = self._batches_seen = 0

    def set_model(self, model: Any) -> None:
        from ..summary import FileWriter

        super().set_model(model)
        if self.writer is None:
            self.writer = FileWriter(self.log_dir)

    def on_batch_end(self, batch, logs=None):
        logs = logs or {}
        self._samples_seen += logs.get("size", 1)
        since = self._samples_seen - self._samples_at_last_write
        if self.update_freq != "epoch" and since >= self.update_freq:
            named = {f"batch_{k}": v for k, v in logs.items()}
            self._write(self._batches_seen, named)
            self._samples_at_last_write = self._samples_seen
        self._batches_seen += 1

    on_train_batch_end = on_batch_end

    def on_epoch_end(self, epoch, logs=None):
        step = epoch if self.update_freq == "epoch" else self._samples_seen
        self._write(step, {f"epoch_{k}": v for k, v in (logs or {}).items()})

    def on_train_end(self, logs=None):
        self.writer.close()

    def _write(self, step: int, logs: dict) -> None:
        from ..summary import Summary

        for name, value in logs.items():
            if name.partition("_")[2] in ("batch", "size", "num_steps"):
                continue
            value = Summary.Value(tag=name, simple_value=float(value))
            self.writer.add_summary(Summary(value=[value]), step)
        self.writer.flush()


class CallbackList:
    def __init__(self, callbacks: list, model: Any, params: dict):
        self.callbacks = list(callbacks)
        for c in self.callbacks:
            c.set_model(model)
            c.set_params(params)

    def call(self, hook: str, *args: Any) -> None:
        for c in self.callbacks:
            getattr(c, hook)(*args)
