"""Whole TF1 programs (losses, layers, optimizers) run unchanged with tf = TensorFlow or
tf = graphgate; each returns plain data (numbers, names) to compare."""

from __future__ import annotations

PROGRAMS: dict = {}
