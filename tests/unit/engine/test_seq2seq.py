"""`gg.contrib.seq2seq` and `gg.contrib.crf` beyond the values pinned in
test_tf1_seq2seq.py: TF1's variable names for the tensorflow/nmt attention model (so its
checkpoints restore by name), and clear errors for bad input."""

from __future__ import annotations

import numpy as np
import pytest

import graphgate as gg

s2s = gg.contrib.seq2seq

# tensorflow/nmt's nmt/model_test.py (run against TF 1.x) expects these trainable
# variables for its attention model with a two-layer LSTM encoder and decoder.
NMT_NAMES = {
    "scaled_luong": ["luong_attention/attention_g"],
    "bahdanau": ["bahdanau_attention/query_layer/kernel", "bahdanau_attention/attention_v"],
    "normed_bahdanau": [
        "bahdanau_attention/query_layer/kernel",
        "bahdanau_attention/attention_v",
        "bahdanau_attention/attention_g",
        "bahdanau_attention/attention_b",
    ],
}


def _nmt_attention_model(attention: str) -> None:
    """The shape of tensorflow/nmt's AttentionModel (sizes shrunk)."""
    src = gg.placeholder(gg.int32, [5, 2])  # time-major, as nmt feeds it
    tgt = gg.placeholder(gg.int32, [4, 2])
    lengths = gg.constant([5, 3])

    def cells():
        return gg.nn.rnn_cell.MultiRNNCell([gg.nn.rnn_cell.BasicLSTMCell(4) for _ in range(2)])

    with gg.variable_scope("dynamic_seq2seq"):
        with gg.variable_scope("encoder"):
            emb_src = gg.get_variable("embedding_encoder", [7, 3])
        with gg.variable_scope("decoder"):
            emb_tgt = gg.get_variable("embedding_decoder", [6, 3])
        with gg.variable_scope("encoder"):
            enc_out, enc_state = gg.nn.dynamic_rnn(
                cells(),
                gg.nn.embedding_lookup(emb_src, src),
                sequence_length=lengths,
                dtype=gg.float32,
                time_major=True,
            )
        with gg.variable_scope("decoder") as decoder_scope:
            memory = gg.transpose(enc_out, [1, 0, 2])
            if attention == "scaled_luong":
                mech = s2s.LuongAttention(4, memory, memory_sequence_length=lengths, scale=True)
            else:
                normalize = attention == "normed_bahdanau"
                mech = s2s.BahdanauAttention(
                    4, memory, memory_sequence_length=lengths, normalize=normalize
                )
            cell = s2s.AttentionWrapper(cells(), mech, attention_layer_size=4, name="attention")
            init = cell.zero_state(2, gg.float32).clone(cell_state=enc_state)
            helper = s2s.TrainingHelper(
                gg.nn.embedding_lookup(emb_tgt, tgt), [4, 2], time_major=True
            )
            outputs, _, _ = s2s.dynamic_decode(
                s2s.BasicDecoder(cell, helper, init), output_time_major=True, scope=decoder_scope
            )
            output_layer = gg.layers.Dense(6, use_bias=False, name="output_projection")
            logits = output_layer(outputs.rnn_output)
    assert logits.shape.as_list() == [None, 2, 6]


@pytest.mark.parametrize("attention", sorted(NMT_NAMES))
def test_nmt_attention_model_has_tf1_variable_names(attention):
    # GIVEN tensorflow/nmt's attention model built with graphgate
    _nmt_attention_model(attention)
    # THEN its trainable variables are TF1's, in TF1's order
    lstm = [
        f"multi_rnn_cell/cell_{i}/basic_lstm_cell/{p}" for i in range(2) for p in ("kernel", "bias")
    ]
    expected = [
        "encoder/embedding_encoder",
        "decoder/embedding_decoder",
        *(f"encoder/rnn/{v}" for v in lstm),
        "decoder/memory_layer/kernel",
        *(f"decoder/attention/{v}" for v in lstm),
        *(f"decoder/attention/{v}" for v in NMT_NAMES[attention]),
        "decoder/attention/attention_layer/kernel",
        "decoder/output_projection/kernel",
    ]
    names = [v.op.name for v in gg.trainable_variables()]
    assert names == [f"dynamic_seq2seq/{n}" for n in expected]


def _gru():
    return gg.nn.rnn_cell.GRUCell(3)


def _helper():
    return s2s.TrainingHelper(gg.zeros([2, 3, 2]), [3, 2])


def _memory():
    return gg.zeros([2, 5, 3])


def _beam(**kwargs):
    return s2s.BeamSearchDecoder(_gru(), gg.zeros([4, 2]), [0, 0], 1, gg.zeros([6, 3]), 3, **kwargs)


BAD_INPUTS = {
    "helper_not_a_helper": (
        "INVALID_ATTR",
        lambda: s2s.BasicDecoder(_gru(), "helper", gg.zeros([2, 3])),
    ),
    "decoder_not_a_decoder": ("INVALID_ATTR", lambda: s2s.dynamic_decode("decoder")),
    "output_layer_not_a_layer": (
        "INVALID_ATTR",
        lambda: s2s.BasicDecoder(_gru(), _helper(), gg.zeros([2, 3]), output_layer=3),
    ),
    "start_tokens_scalar": (
        "SHAPE_MISMATCH",
        lambda: s2s.GreedyEmbeddingHelper(gg.zeros([4, 2]), 1, 0),
    ),
    "end_token_vector": (
        "SHAPE_MISMATCH",
        lambda: s2s.GreedyEmbeddingHelper(gg.zeros([4, 2]), [1], [0]),
    ),
    "sequence_length_matrix": (
        "SHAPE_MISMATCH",
        lambda: s2s.TrainingHelper(gg.zeros([2, 3, 2]), [[3, 2]]),
    ),
    "maximum_iterations_vector": (
        "SHAPE_MISMATCH",
        lambda: s2s.dynamic_decode(
            s2s.BasicDecoder(_gru(), _helper(), gg.zeros([2, 3])), maximum_iterations=[3]
        ),
    ),
    "luong_query_depth": (
        "SHAPE_MISMATCH",
        lambda: gg.nn.dynamic_rnn(
            s2s.AttentionWrapper(_gru(), s2s.LuongAttention(4, _memory())),
            gg.zeros([2, 3, 2]),
            dtype=gg.float32,
        ),
    ),
    "memory_inner_dims_unknown": (
        "SHAPE_MISMATCH",
        lambda: s2s.BahdanauAttention(3, gg.placeholder(gg.float32, [2, 5, None])),
    ),
    "attention_layer_and_size": (
        "INVALID_ATTR",
        lambda: s2s.AttentionWrapper(
            _gru(),
            s2s.LuongAttention(3, _memory()),
            attention_layer_size=2,
            attention_layer=gg.layers.Dense(2),
        ),
    ),
    "attention_layer_sizes_count": (
        "INVALID_ATTR",
        lambda: s2s.AttentionWrapper(
            _gru(), s2s.LuongAttention(3, _memory()), attention_layer_size=[2, 3]
        ),
    ),
    "not_a_mechanism": ("INVALID_ATTR", lambda: s2s.AttentionWrapper(_gru(), "mechanism")),
    "wrapper_state_not_attention_state": (
        "INVALID_ATTR",
        lambda: s2s.AttentionWrapper(_gru(), s2s.LuongAttention(3, _memory()))(
            gg.zeros([2, 2]), gg.zeros([2, 3])
        ),
    ),
    "sequence_loss_rank": (
        "SHAPE_MISMATCH",
        lambda: s2s.sequence_loss(gg.zeros([2, 4]), [[0, 1]], [[1.0, 1.0]]),
    ),
    "sequence_loss_average_and_sum": (
        "INVALID_ATTR",
        lambda: s2s.sequence_loss(
            gg.zeros([2, 2, 4]), [[0, 1]] * 2, [[1.0, 1.0]] * 2, sum_over_batch=True
        ),
    ),
    "tile_batch_unknown_rank": (
        "SHAPE_MISMATCH",
        lambda: s2s.tile_batch(gg.placeholder(gg.float32), 2),
    ),
    "beam_state_not_batch_times_beam": (
        "SHAPE_MISMATCH",
        lambda: s2s.BeamSearchDecoder(_gru(), gg.zeros([4, 2]), [0, 0], 1, gg.zeros([5, 3]), 3),
    ),
    "coverage_penalty_without_attention": (
        "INVALID_ATTR",
        lambda: s2s.dynamic_decode(_beam(coverage_penalty_weight=0.5), maximum_iterations=2),
    ),
    "raw_rnn_loop_fn_not_callable": ("INVALID_ATTR", lambda: gg.nn.raw_rnn(_gru(), 3)),
    "crf_unknown_number_of_tags": (
        "SHAPE_MISMATCH",
        lambda: gg.contrib.crf.crf_log_likelihood(
            gg.placeholder(gg.float32, [2, 3, None]), [[0, 1, 1]] * 2, [3, 3]
        ),
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_a_clear_error(case):
    code, build = BAD_INPUTS[case]
    with pytest.raises(gg.errors.GraphgateError) as info:
        build()
    assert info.value.code == code


def test_gather_tree_refuses_a_parent_outside_the_beam():
    # GIVEN parent ids naming beam 5 of a beam of 2
    ids = s2s.gather_tree([[[1, 2]], [[3, 4]]], [[[0, 1]], [[0, 5]]], [2], 9)
    # THEN the run fails as TF's kernel does, rather than reading another beam
    with gg.Session() as sess, pytest.raises(gg.errors.GraphgateError) as info:
        sess.run(ids)
    assert info.value.category == "INVALID_ARGUMENT"


def test_inference_decoders_share_the_training_decoders_variables():
    # GIVEN a training decoder, then greedy and beam-search decoders built again (new
    # mechanisms and wrappers) in the same scope with reuse=True, as TF1 programs do
    memory, lengths = gg.zeros([2, 5, 3]), gg.constant([5, 3])
    embedding = gg.get_variable("embedding", [6, 4])
    output_layer = gg.layers.Dense(6, name="output_projection")

    def attention_cell(beam=1):
        mech = s2s.BahdanauAttention(
            4, s2s.tile_batch(memory, beam), memory_sequence_length=s2s.tile_batch(lengths, beam)
        )
        return s2s.AttentionWrapper(gg.nn.rnn_cell.LSTMCell(4), mech, attention_layer_size=4)

    with gg.variable_scope("decode"):
        cell = attention_cell()
        helper = s2s.TrainingHelper(gg.nn.embedding_lookup(embedding, [[1, 2, 3]] * 2), [3, 3])
        init = cell.zero_state(2, gg.float32)
        s2s.dynamic_decode(s2s.BasicDecoder(cell, helper, init, output_layer=output_layer))
    trained = [v.op.name for v in gg.global_variables()]
    with gg.variable_scope("decode", reuse=True):
        cell = attention_cell()
        helper = s2s.GreedyEmbeddingHelper(embedding, [0, 0], 5)
        init = cell.zero_state(2, gg.float32)
        greedy, _, _ = s2s.dynamic_decode(
            s2s.BasicDecoder(cell, helper, init, output_layer=output_layer), maximum_iterations=4
        )
    with gg.variable_scope("decode", reuse=True):
        cell = attention_cell(beam=3)
        init = cell.zero_state(6, gg.float32)
        decoder = s2s.BeamSearchDecoder(
            cell, embedding, [0, 0], 5, init, 3, output_layer=output_layer
        )
        beams, _, _ = s2s.dynamic_decode(decoder, maximum_iterations=4)
    # THEN no variable is added, and the names are TF1's
    assert [v.op.name for v in gg.global_variables()] == trained
    assert trained == [
        "embedding",
        "decode/memory_layer/kernel",
        "decode/decoder/attention_wrapper/lstm_cell/kernel",
        "decode/decoder/attention_wrapper/lstm_cell/bias",
        "decode/decoder/attention_wrapper/bahdanau_attention/query_layer/kernel",
        "decode/decoder/attention_wrapper/bahdanau_attention/attention_v",
        "decode/decoder/attention_wrapper/attention_layer/kernel",
        "decode/decoder/output_projection/kernel",
        "decode/decoder/output_projection/bias",
    ]
    with gg.Session() as sess:
        sess.run(gg.global_variables_initializer())
        ids, sample = sess.run([beams.predicted_ids, greedy.sample_id])
    assert ids.shape[0] == 2 and ids.shape[2] == 3 and sample.shape[0] == 2


def test_teacher_forcing_stops_at_the_longest_sequence():
    # GIVEN inputs of 6 steps but sequences of at most 3 (the decoder's arrays start at 3
    # rows, and are cut to the steps taken)
    x = gg.constant(np.arange(2 * 6 * 2, dtype=np.float32).reshape(2, 6, 2) / 24.0)
    cell = gg.nn.rnn_cell.BasicRNNCell(2)
    helper = s2s.TrainingHelper(x, gg.placeholder(gg.int32, [2]))
    outputs, _, lengths = s2s.dynamic_decode(
        s2s.BasicDecoder(cell, helper, cell.zero_state(2, gg.float32))
    )
    with gg.Session() as sess:
        sess.run(gg.global_variables_initializer())
        for given, steps in (([3, 2], 3), ([0, 0], 0), ([6, 1], 6)):
            out, n = sess.run([outputs.rnn_output, lengths], {helper.sequence_length: given})
            # THEN as many steps as the longest sequence, each entry its own length
            assert out.shape == (2, steps, 2)
            assert n.tolist() == ([0, 0] if steps == 0 else given)


def test_a_beam_search_of_no_steps_gives_empty_beams():
    # GIVEN a beam search allowed no step (and gather_tree given no step)
    decoder = _beam(output_layer=gg.layers.Dense(6))
    outputs, _, lengths = s2s.dynamic_decode(decoder, maximum_iterations=0)
    empty = s2s.gather_tree(np.zeros([0, 2, 3], np.int32), np.zeros([0, 2, 3], np.int32), [0, 0], 5)
    with gg.Session() as sess:
        sess.run(gg.global_variables_initializer())
        ids, n, tree = sess.run([outputs.predicted_ids, lengths, empty])
    # THEN empty beams and zero lengths, as TF's loop and GatherTree kernel give
    assert ids.shape == (2, 0, 3) and tree.shape == (0, 2, 3)
    assert n.tolist() == [[0, 0, 0], [0, 0, 0]]


def test_shapes_known_only_at_run_time_give_what_static_shapes_give():
    # GIVEN a one-step CRF, a recursive monotonic attention and an imputed decoding, built
    # once over static shapes and once over placeholders of unknown shape
    crf = gg.contrib.crf
    scores = np.array([[[0.3, -0.2, 0.9]], [[0.1, 0.4, -0.5]]], np.float32)
    tags, lengths = np.array([[2], [1]], np.int32), np.array([1, 0], np.int32)
    trans = np.eye(3, dtype=np.float32)
    choose = np.array([[0.2, 0.5, 0.9], [0.7, 0.3, 0.6]], np.float32)
    prev = np.array([[0.6, 0.3, 0.1], [0.1, 0.2, 0.7]], np.float32)
    p = gg.placeholder(gg.float32, [None, None, 3])
    t = gg.placeholder(gg.int32, [None, None])
    n = gg.placeholder(gg.int32, [None])
    c, q = gg.placeholder(gg.float32, [None, None]), gg.placeholder(gg.float32, [None, None])
    static = [
        crf.crf_log_likelihood(scores, tags, lengths, trans)[0],
        *crf.crf_decode(scores, trans, lengths),
        s2s.monotonic_attention(choose, prev, "recursive"),
    ]
    dynamic = [
        crf.crf_log_likelihood(p, t, n, trans)[0],
        *crf.crf_decode(p, trans, n),
        s2s.monotonic_attention(c, q, "recursive"),
    ]
    feed = {p: scores, t: tags, n: lengths, c: choose, q: prev}
    # THEN both give the same values
    with gg.Session() as sess:
        for a, b in zip(sess.run(static), sess.run(dynamic, feed), strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-6)
        # (the recursive form is TF 1.15's: q[i] = (1 - p[i - 1]) q[i - 1] + prev[i])
        expected = choose * np.array([[0.6, 0.78, 0.49], [0.1, 0.23, 0.861]], np.float32)
        np.testing.assert_allclose(sess.run(dynamic[-1], feed), expected, rtol=1e-5)


def test_imputed_decoding_over_an_unknown_batch_zeroes_finished_entries():
    x = gg.placeholder(gg.float32, [None, None, 2])
    n = gg.placeholder(gg.int32, [None])
    cell = gg.nn.rnn_cell.LSTMCell(3)
    init = cell.zero_state(gg.shape(x)[0], gg.float32)
    decoder = s2s.BasicDecoder(cell, s2s.TrainingHelper(x, n), init, gg.layers.Dense(4))
    outputs, state, lengths = s2s.dynamic_decode(decoder, impute_finished=True)
    with gg.Session() as sess:
        sess.run(gg.global_variables_initializer())
        out, c, steps = sess.run(
            [outputs.rnn_output, state.c, lengths], {x: np.ones([3, 4, 2]), n: [4, 2, 0]}
        )
    assert out.shape == (3, 4, 4) and steps.tolist() == [4, 2, 0]
    assert not out[1, 2:].any() and not out[2].any() and out[1, :2].any()
    assert not c[2].any()  # an entry finished from the start keeps its zero state


def test_helpers_report_their_batch_size_and_sample_ids_as_tf_1_15s():
    # GIVEN each helper, as TF 1.15's contrib.seq2seq defines its three properties
    s2s = gg.contrib.seq2seq
    with gg.Graph().as_default():
        inputs = gg.zeros([2, 3, 4])
        emb = gg.zeros([5, 4])
        training = s2s.TrainingHelper(inputs, [3, 1])
        greedy = s2s.GreedyEmbeddingHelper(emb, [0, 0, 0], 1)
        sampling = s2s.SampleEmbeddingHelper(emb, [0], 1)
        scheduled = s2s.ScheduledEmbeddingTrainingHelper(inputs, [3, 1], emb, 0.5)
        inference = s2s.InferenceHelper(
            lambda o: o, [4], gg.float32, gg.zeros([6, 4]), lambda ids: gg.zeros([6], gg.bool)
        )
        custom = s2s.CustomHelper(lambda: (gg.zeros([7], gg.bool), inputs[:, 0]), None, None)
        typed = s2s.CustomHelper(None, None, None, sample_ids_shape=[2], sample_ids_dtype=gg.int64)
        # THEN scalar int32 ids unless given, and the batch size each is made with
        for helper in (training, greedy, sampling, scheduled, custom):
            assert helper.sample_ids_shape == gg.TensorShape([])
            assert helper.sample_ids_dtype == gg.int32
        assert inference.sample_ids_shape == gg.TensorShape([4])
        assert inference.sample_ids_dtype == gg.float32
        assert typed.sample_ids_shape == gg.TensorShape([2])
        assert typed.sample_ids_dtype == gg.int64
        with pytest.raises(ValueError):
            _ = custom.batch_size  # TF's CustomHelper knows it only once initialized
        custom.initialize()
        sizes = [h.batch_size for h in (training, greedy, sampling, scheduled, inference, custom)]
        assert gg.Session().run(sizes) == [2, 3, 1, 2, 6, 7]
