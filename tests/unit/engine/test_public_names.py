"""Every name a public module lists in `__all__` exists, so `from graphgate.x import *`
(a common TF1 habit with `tf.train`) works."""

import importlib

import pytest

MODULES = [
    "graphgate",
    "graphgate.compat.v1",
    "graphgate.contrib",
    "graphgate.crf",
    "graphgate.seq2seq",
    "graphgate.errors",
    "graphgate.layers",
    "graphgate.losses",
    "graphgate.metrics",
    "graphgate.nn",
    "graphgate.summary",
    "graphgate.train",
]


@pytest.mark.parametrize("name", MODULES)
def test_star_import_finds_every_listed_name(name):
    module = importlib.import_module(name)
    missing = [n for n in getattr(module, "__all__", []) if not hasattr(module, n)]
    assert not missing
    namespace: dict = {}
    exec(f"from {name} import *", namespace)
