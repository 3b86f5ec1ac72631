"""`tf.keras.datasets`: refused. Keras downloads them from the internet, which graphgate
(a hosted engine) does not reach; load the arrays yourself and pass them to `fit`."""

from __future__ import annotations

import types
from typing import Any

from ..errors import error


def _refuse(name: str):
    def load_data(*args: Any, **kwargs: Any) -> Any:
        raise error(
            "UNIMPLEMENTED",
            f"tf.keras.datasets.{name}.load_data downloads from the internet, which graphgate "
            "does not do; load the arrays with numpy and pass them to fit",
        )

    return types.SimpleNamespace(load_data=load_data)


mnist = _refuse("mnist")
fashion_mnist = _refuse("fashion_mnist")
cifar10 = _refuse("cifar10")
cifar100 = _refuse("cifar100")
imdb = _refuse("imdb")
reuters = _refuse("reuters")
boston_housing = _refuse("boston_housing")
