"""The runner the TF1 reference scripts share (dev-only): each script keeps its programs
(TF1 code as text, run unchanged but for the module bound to `tf`) and what they need.

Two shapes of script use it. Most give each program a fresh `tf.Graph()` and record the
class name of what a program raises (`raises`), then print {"tensorflow", "programs"}
(`main`, or `run_programs` + `dump` where a script records more). The engine-API scripts
(rnn, saver, saved_model, seq2seq, estimator) reset the default graph before each program
instead, record the classes a raised exception is (`raised_classes`), and are run by the
engine tests too, with `tf` bound to graphgate (`run_each`).

A script imports it as `tests.reference.harness` (pytest, which puts the repository root
on sys.path) or, run as `python tests/reference/<script>.py`, as `harness`.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from typing import Any

import numpy as np


def raises(fn: Callable[[], Any]) -> str | None:
    """The class of what `fn` raises, or None."""
    try:
        fn()
    except Exception as exc:
        return type(exc).__name__
    return None


def raised_classes(fn: Callable[[], Any], with_object: bool = False) -> list[str] | None:
    """The class names (MRO, `object` last only `with_object`) of what `fn` raised."""
    try:
        fn()
    except Exception as exc:  # the class is what is recorded
        mro = type(exc).__mro__ if with_object else type(exc).__mro__[:-1]
        return [c.__name__ for c in mro]
    return None


def plain(value: Any) -> Any:
    """`value` with numpy scalars as Python numbers and tuples as lists: what JSON holds."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def run(tf: Any, program: str, prefix: str = "", **names: Any) -> dict:
    """What `program` (after `prefix`, helpers it shares) stored in `out`, run in a
    graph of its own with `tf`, `np`, `out`, `raises` and `names` in scope."""
    out: dict = {}
    with tf.Graph().as_default():
        exec(prefix + program, {"tf": tf, "np": np, "out": out, "raises": raises, **names})
    return plain(out)


def run_programs(
    tf: Any, programs: dict, prefix: str = "", before: Callable[[], Any] | None = None, **names
) -> dict:
    """{name: what it stored} for each program (`before()` first, when given)."""
    results = {}
    for name, text in programs.items():
        if before is not None:
            before()
        results[name] = run(tf, text, prefix, **names)
    return results


def run_each(programs: dict, reset: Callable[[], Any], scope: Callable, names=None) -> dict:
    """What each program (all, or those `names`) stored in `out`, by program name: the
    default graph reset first, its globals `scope(out)` (which binds `tf`, `raises`...)."""
    results = {}
    for name in names or programs:
        reset()
        out: dict = {}
        exec(programs[name], scope(out))
        results[name] = out
    return results


def import_tf1(legacy_keras: bool = False, seed: int | None = None) -> Any:
    """`tensorflow.compat.v1` in graph mode (`legacy_keras`: tf.layers and tf.keras are
    tf_keras, TF1's Keras; `seed`: the default graph's seed)."""
    if legacy_keras:
        os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    if seed is not None:
        tf.set_random_seed(seed)
    return tf


def dump(document: Any, sort_keys: bool = False) -> None:
    """The fixture, as every script writes it to stdout."""
    json.dump(document, sys.stdout, indent=1, sort_keys=sort_keys)
    sys.stdout.write("\n")


def main(
    programs: dict,
    legacy_keras: bool = False,
    seed: int | None = None,
    prefix: str = "",
    **names: Any,
) -> None:
    """Run every program under TF1 and print {"tensorflow": version, "programs": ...}."""
    tf = import_tf1(legacy_keras, seed)
    dump({"tensorflow": tf.__version__, "programs": run_programs(tf, programs, prefix, **names)})
