"""How a label routes a prediction: the canary split, decided by request id.

No network: the split is a pure function of (model, label, request id)."""

import math

from graphgate_service import models

SPLIT = {"version": 3, "canary": {"version": 4, "weight": 0.1}}


def test_a_request_id_always_reaches_the_same_version():
    first = [models.routed_version("digits", "stable", SPLIT, f"req-{i}") for i in range(200)]
    again = [models.routed_version("digits", "stable", SPLIT, f"req-{i}") for i in range(200)]
    assert first == again


def test_a_90_10_split_over_1000_request_ids_lands_within_statistical_bounds():
    n, weight = 1000, SPLIT["canary"]["weight"]
    canary = sum(
        models.routed_version("digits", "stable", SPLIT, f"request-{i:04d}") == 4 for i in range(n)
    )
    # Binomial(1000, 0.1): mean 100, sd 9.5; four sd either side fails once in ~16,000 runs
    # of a fair split, and the ids are fixed, so this either always passes or never does.
    sd = math.sqrt(n * weight * (1 - weight))
    assert abs(canary - n * weight) <= 4 * sd, canary


def test_the_split_is_independent_between_models_and_labels():
    ids = [f"r{i}" for i in range(400)]
    a = [models.canary_fraction("digits", "stable", i) < 0.5 for i in ids]
    b = [models.canary_fraction("other", "stable", i) < 0.5 for i in ids]
    c = [models.canary_fraction("digits", "prod", i) < 0.5 for i in ids]
    assert a != b and a != c


def test_weights_zero_and_one_send_everything_one_way():
    none = {"version": 1, "canary": {"version": 2, "weight": 0.0}}
    every = {"version": 1, "canary": {"version": 2, "weight": 1.0}}
    ids = [f"x{i}" for i in range(100)]
    assert {models.routed_version("m", "l", none, i) for i in ids} == {1}
    assert {models.routed_version("m", "l", every, i) for i in ids} == {2}
    assert {models.routed_version("m", "l", {"version": 7}, i) for i in ids} == {7}


def test_fractions_are_uniform_enough_across_deciles():
    counts = [0] * 10
    for i in range(1000):
        counts[int(models.canary_fraction("digits", "stable", f"id-{i}") * 10)] += 1
    # Chi-square with 9 degrees of freedom; 27.9 is its 0.999 quantile.
    chi2 = sum((c - 100) ** 2 / 100 for c in counts)
    assert chi2 < 27.9, counts
