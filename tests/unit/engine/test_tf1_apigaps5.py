"""TF1 symbols graphgate lacked after the fourth survey round (`tf.random.Generator` and
its helpers, `tf.nn.experimental`'s dropouts, TF1's loss scaling, the stateless ops'
refusal of ThreeFry), run unchanged on graphgate against what `tf.compat.v1` observed
(`tests/reference/tf1_apigaps5.py`, `fixtures/tf1_apigaps5.json`)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import graphgate as gg
from tests.unit.engine.tf_observed import assert_observed, program_names, raised, reference

FIXTURE, programs = reference("tf1_apigaps5")

KNOWN_DIFFERENT: dict[str, str] = {}

# Philox draws, dropout masks and the loss-scaled steps are TF's to the last bit; the
# gradient of a dropout by its rate sums twelve float32 terms, which TF's reduction orders
# otherwise (one ulp). The mixed-precision program's matmuls round in float32 as Eigen's
# do not (1e-5 apart at most, where float16 arithmetic would be 1e-3 apart).
# The permutation and Householder operators are their dense matrices here, where TF's
# formulas (a gather, a rank-one update) round otherwise: 1e-9 in float64.
TOLERANCES = {
    "stateless_dropout": (1e-6, 0.0),
    "mixed_precision_rewrite_on_cpu": (1e-5, 1e-7),
    "zy_linear_operator_permutation_householder": (1e-9, 1e-12),
}


@pytest.mark.parametrize("name", program_names(FIXTURE, KNOWN_DIFFERENT))
def test_program_observes_what_tensorflow_did(name):
    out: dict = {}
    with gg.Graph().as_default():
        exec(programs.PROGRAMS[name], {"tf": gg, "np": programs.np, "out": out, "raises": raised})
    assert_observed(out, FIXTURE["programs"][name], name, *TOLERANCES.get(name, (0.0, 0.0)))


def test_a_generators_draw_is_refused_by_the_graphdef_export(tmp_path):
    # GIVEN a graph drawing from a generator (TF's RngReadAndSkip + stateless V2 pair is
    # one GeneratorDraw op here, which TF lacks)
    with gg.Graph().as_default() as graph:
        gg.random.Generator.from_seed(1).normal([2], name="n")
        # WHEN it is written as TF's GraphDef  THEN it is refused, naming the op
        with pytest.raises(gg.errors.UnimplementedError, match="GeneratorDraw"):
            gg.io.write_graph(graph, str(tmp_path), "g.pb", as_text=False)


def test_a_counter_at_the_top_of_128_bits_wraps_to_zero():
    # GIVEN a generator whose 128-bit counter is 2**128 - 256
    state = [-256, -1, 5]
    with gg.Graph().as_default():
        g = gg.random.Generator.from_state(state, "philox")
        draw = g.uniform([1])
        with gg.Session() as sess:
            sess.run(gg.global_variables_initializer())
            # WHEN one value is drawn
            sess.run(draw)
            after = sess.run(g.state)
    # THEN the counter wrapped to zero (TF's unsigned arithmetic), the key unchanged
    assert after.tolist() == [0, 0, 5]
    assert np.asarray(after).dtype == np.int64


def test_tensorflows_own_graph_of_stateless_binomial_imports_and_draws_tfs_numbers():
    # GIVEN TF 2.21's GraphDef of seven stateless_binomial draws (StatelessRandomBinomial,
    # its shape an input; inversion and BTRS, p above and below 0.5, float16 parameters)
    path = Path(__file__).parent / "fixtures" / "tf1_apigaps5_binomial.pb"
    with gg.Graph().as_default():
        graph_def = gg.GraphDef()
        graph_def.ParseFromString(path.read_bytes())
        gg.import_graph_def(graph_def, name="")
        # WHEN it runs
        with gg.Session() as sess:
            got = sess.run([f"b{i}/StatelessRandomBinomial:0" for i in range(1, 8)])
    # THEN each is the value TF's program recorded for the same call
    want = FIXTURE["programs"]["stateless_binomial"]["values"]
    assert [np.asarray(g).tolist() for g in got] == want


def test_stateless_binomial_is_written_as_tensorflows_node_and_read_back(tmp_path):
    # GIVEN graphgate's graph of a stateless binomial draw (TF 2.21 reads these bytes and
    # draws the same numbers: checked by hand with tf.import_graph_def)
    with gg.Graph().as_default() as graph:
        gg.identity(gg.random.stateless_binomial([4, 2], [3, 4], [20.0, 5.0], 0.3), name="b")
        with gg.Session() as sess:
            direct = sess.run("b:0")
        # WHEN it is written as TF's GraphDef and read back
        gg.io.write_graph(graph, str(tmp_path), "g.pb", as_text=False)
    written = (tmp_path / "g.pb").read_bytes()
    assert b"StatelessRandomBinomial" in written
    with gg.Graph().as_default():
        graph_def = gg.GraphDef()
        graph_def.ParseFromString(written)
        gg.import_graph_def(graph_def, name="")
        with gg.Session() as sess:
            again = sess.run("b:0")
    # THEN the draws are the same
    assert again.tolist() == direct.tolist()


def test_a_nan_probability_drawn_as_an_integer_is_refused_not_guessed():
    # GIVEN a NaN probability drawn as int32 (TF's kernel casts NaN to an integer: its
    # value differs run to run, 0 once and 2 the next in TF 2.21)
    with gg.Graph().as_default():
        draw = gg.random.stateless_binomial([2], [4, 4], [5.0, 6.0], [np.nan, 0.5])
        as_float = gg.random.stateless_binomial(
            [2], [4, 4], [5.0, 6.0], [np.nan, 0.5], output_dtype=gg.float32
        )
        with gg.Session() as sess:
            # WHEN it runs  THEN it is refused, while a float draw is NaN there
            with pytest.raises(gg.errors.InvalidArgumentError, match="NaN probability"):
                sess.run(draw)
            got = sess.run(as_float)
    assert np.isnan(got[0]) and got[1] == 4.0


@pytest.mark.parametrize("switch", ["enable_tensor_equality", "enable_v2_tensorshape"])
def test_the_switches_to_tf2_tensor_semantics_are_refused_by_name(switch):
    # GIVEN TF1 graph mode, whose `==` and `shape[i]` every program line reads
    # WHEN a program asks for TF 2's elementwise `==` or int shapes
    # THEN it is refused by name, never silently kept as TF1's
    with pytest.raises(gg.errors.UnimplementedError, match=switch):
        getattr(gg.compat.v1, switch)()
