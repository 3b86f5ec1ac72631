"""complex64/complex128 and tf.signal's Fourier transforms against TensorFlow 2.21 (compat.v1
graph mode): the graphs in fixtures/tf1_complex_cases.py, TF's values in tf1_complex.json
(regenerate with fixtures/make_tf1_complex.py and /work/tfvenv).

Tolerance: an FFT's rounding error grows with the transform's norm, not with each bin, so
results are compared as |ours - TF| <= 16 * eps(float32) * max(max|TF|, 1) per output.
Measured with numpy 2.4's pocketfft against TF 2.21's FFT: FFTs, inverse FFTs, real FFTs
and their gradients within 1.8 eps; complex arithmetic, the elementwise functions and
their gradients within 1.6 eps; the imported frozen audio graph within 1.5 eps; the
log-mel spectrogram 4.6 eps (log magnifies the small bins); the gradient of
sum(log(|stft| + 0.1)) 10.3 eps, where 1/|X| magnifies the rounding of the smallest
bins. 16 leaves room for that conditioning, but not for any wrong bin, sign, scale or
conjugation, each of which moves a result by a whole part of max|TF|.
"""

import importlib.util
import json
import pathlib

import numpy as np
import pytest

import graphgate as gg
from tests.support import peak_allocation

FIXTURES = pathlib.Path(__file__).with_name("fixtures")
_spec = importlib.util.spec_from_file_location(
    "tf1_complex_cases", FIXTURES / "tf1_complex_cases.py"
)
cases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cases)
REFERENCE = json.loads((FIXTURES / "tf1_complex.json").read_text())["cases"]
EPS32 = float(np.finfo(np.float32).eps)
ULPS = 16


def _decode(entry):
    if "re" in entry:
        return np.asarray(entry["re"]) + 1j * np.asarray(entry["im"]), entry["dtype"]
    return np.asarray(entry["value"]), entry["dtype"]


def _run(name):
    with gg.Graph().as_default():
        tensors = {k: gg.constant(v) for k, v in cases.inputs_for(name).items()}
        fetches = cases.CASES[name](gg, tensors)
        with gg.Session() as sess:
            return sess.run(fetches)


def _ulps(ours, ref):
    """|ours - ref| in units of float32's eps times the output's largest magnitude."""
    scale = max(float(np.max(np.abs(ref))) if ref.size else 0.0, 1.0)
    return float(np.max(np.abs(ours - ref))) / (EPS32 * scale) if ref.size else 0.0


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_matches_tensorflow(name):
    got = _run(name)
    assert len(got) == len(REFERENCE[name])
    for i, (ours, entry) in enumerate(zip(got, REFERENCE[name], strict=True)):
        ref, dtype = _decode(entry)
        assert ours.dtype == np.dtype(dtype), (name, i)
        assert ours.shape == ref.shape, (name, i)
        assert _ulps(ours, ref) <= ULPS, (name, i, _ulps(ours, ref))


def test_dtypes_answer_as_tensorflows():
    c64, c128 = gg.complex64, gg.complex128
    assert (c64.name, c64.as_datatype_enum, c128.as_datatype_enum) == ("complex64", 8, 18)
    assert c64.real_dtype == gg.float32 and c128.real_dtype == gg.float64
    assert c64.is_complex and not c64.is_floating and not gg.float32.is_complex
    assert c64.as_numpy_dtype is np.complex64 and c128.size == 16
    assert gg.as_dtype("complex64") is c64 and gg.as_dtype(np.complex128) is c128
    assert gg.as_dtype(8) is c64 and gg.dtypes.complex128 is c128
    assert gg.dtypes.complex is gg.complex
    with pytest.raises(TypeError, match="maximum value of <dtype: 'complex64'>"):
        _ = c64.max
    with pytest.raises(gg.errors.GraphgateError, match="UNSUPPORTED_DTYPE"):
        gg.as_dtype(complex)  # TF refuses Python's complex type too


def test_literals_take_tensorflows_complex_defaults():
    assert gg.constant(1 + 2j).dtype == gg.complex128
    assert gg.constant([1j, 2]).dtype == gg.complex128
    assert gg.constant(np.complex64(1j)).dtype == gg.complex64
    assert gg.constant([1, 2.5], gg.complex64).dtype == gg.complex64


def test_op_types_and_names_are_tensorflows():
    with gg.Graph().as_default():
        z = gg.complex(gg.constant([1.0]), gg.constant([2.0]))
        assert (z.name, z.dtype) == ("Complex:0", gg.complex64)
        got = [gg.real(z), gg.imag(z), gg.conj(z), gg.angle(z), gg.abs(z)]
        assert [t.name for t in got] == ["Real:0", "Imag:0", "Conj:0", "Angle:0", "Abs:0"]
        assert gg.abs(z).op.type == "ComplexAbs" and gg.abs(z).dtype == gg.float32
        assert gg.signal.fft(z).name == "FFT:0"
        x = gg.zeros([1000])
        assert gg.signal.stft(x, 256, 128).name == "stft/rfft:0"
        assert gg.signal.rfft(x).name == "rfft:0"
        assert gg.signal.stft(x, 256, 128).shape.as_list() == [6, 129]


def test_cast_from_complex_keeps_the_real_part_even_for_bool():
    values = np.array([0.5 + 1j, 0j, 1j, -3.7 + 0j], np.complex64)
    with gg.Graph().as_default(), gg.Session() as sess:
        z = gg.constant(values)
        got = sess.run([gg.cast(z, gg.bool), gg.cast(z, gg.int32), gg.cast(z, gg.float32)])
    assert got[0].tolist() == [True, False, False, True]  # TF: 1j casts to False
    assert got[1].tolist() == [0, 0, 0, -3]
    assert got[2].tolist() == pytest.approx([0.5, 0.0, 0.0, -3.7])


def test_feeds_and_fetches_of_complex_placeholders():
    with gg.Graph().as_default(), gg.Session() as sess:
        p = gg.placeholder(gg.complex64, [2])
        out = sess.run(p * 2, {p: [1.0, 2 - 1j]})
        assert out.dtype == np.complex64 and out.tolist() == [2, 4 - 2j]
        f = gg.placeholder(gg.float32, [1])
        # TF drops the imaginary part with a warning; graphgate refuses the lossy feed.
        with pytest.raises(gg.errors.GraphgateError, match="FEED_DTYPE_MISMATCH"):
            sess.run(f, {f: np.array([1j])})


@pytest.mark.parametrize(
    "build",
    [
        lambda z: z + gg.constant([1.0]),  # no implicit real-to-complex promotion, as TF
        lambda z: gg.maximum(z, z),  # no order on complex numbers
        lambda z: gg.signal.rfft(z),
        lambda z: gg.signal.fft(gg.real(z)),
        lambda z: gg.complex(gg.constant([1]), gg.constant([2])),
    ],
)
def test_what_tensorflow_refuses_is_refused_when_building(build):
    with gg.Graph().as_default():
        z = gg.constant([1 + 1j], gg.complex64)
        with pytest.raises(TypeError, match="DTYPE_MISMATCH"):
            build(z)


def test_constants_refuse_text_and_overflow_and_read_a_bool_as_tf_does():
    with pytest.raises(TypeError, match="DTYPE_MISMATCH"):
        gg.constant(["a"], gg.complex64)
    with pytest.raises(gg.errors.GraphgateError, match="VALUE_NOT_REPRESENTABLE"):
        gg.constant(np.array([1e300 + 0j]), gg.complex64)
    # TF's make_tensor_proto reads a bool in a list as 1 (tf1_python_scalars.json's
    # "complex64 [True, 2]"); it was refused here, where True alone was taken
    with gg.Graph().as_default(), gg.Session() as sess:
        assert sess.run(gg.constant([True], gg.complex64)).tolist() == [1 + 0j]


def test_the_wire_format_refuses_complex_tensors_with_a_stable_code():
    from graphgate import serialization

    with pytest.raises(gg.errors.GraphgateError, match="UNSUPPORTED_DTYPE") as caught:
        serialization.encode_tensor(np.array([1j], np.complex64))
    assert caught.value.details["dtype"] == "complex64"
    assert "tf.abs" in str(caught.value)


def test_a_spectrogram_loss_trains():
    # The idiom the feature is for: a filter learned through |stft| (a training step moves
    # the loss down; the gradients' values are pinned above, in `stft_grad`).
    rng = np.random.RandomState(3)
    target = np.abs(np.fft.rfft(rng.randn(4, 64) * np.hanning(64), axis=-1)).astype(np.float32)
    with gg.Graph().as_default(), gg.Session() as sess:
        x = gg.constant(rng.randn(1, 448).astype(np.float32))
        w = gg.Variable(np.float32(0.5))
        spec = gg.abs(gg.signal.stft(x * w, 64, 128))
        loss = gg.reduce_mean(gg.square(spec - target))
        step = gg.train.GradientDescentOptimizer(0.01).minimize(loss)
        sess.run(gg.global_variables_initializer())
        before = sess.run(loss)
        for _ in range(5):
            sess.run(step)
        assert sess.run(loss) < before


def test_reads_a_checkpoint_tensorflow_wrote_with_complex_variables():
    # fixtures/tf_complex_ckpt: TF 2.21's Saver of v = [1+2j, -3.5j] (complex64) and
    # w = [[1.5+2j]] (complex128).
    reader = gg.train.load_checkpoint(str(FIXTURES / "tf_complex_ckpt" / "model"))
    assert reader.get_variable_to_dtype_map() == {"v": gg.complex64, "w": gg.complex128}
    v, w = reader.get_tensor("v"), reader.get_tensor("w")
    assert v.dtype == np.complex64 and v.tolist() == [1 + 2j, -3.5j]
    assert w.dtype == np.complex128 and w.tolist() == [[1.5 + 2j]]


@pytest.mark.parametrize("checkpoint_format", ["graphgate", "tensorflow"])
def test_complex_variables_save_and_restore(tmp_path, checkpoint_format):
    with gg.Graph().as_default(), gg.Session() as sess:
        v = gg.Variable(np.array([0.25 - 1j, 7j], np.complex64), name="v")
        saver = gg.train.Saver(checkpoint_format=checkpoint_format)
        sess.run(gg.global_variables_initializer())
        path = saver.save(sess, str(tmp_path / "model"), write_meta_graph=False)
        sess.run(v.assign(np.zeros(2, np.complex64)))
        saver.restore(sess, path)
        assert sess.run(v).tolist() == [0.25 - 1j, 7j]
        with pytest.raises(gg.errors.GraphgateError, match="UNSUPPORTED_DTYPE"):
            # Its meta graph is a graph document, which cannot hold a complex constant.
            saver.save(sess, str(tmp_path / "with_meta"))


def test_onnx_export_names_every_node_with_a_complex_tensor():
    pytest.importorskip("onnx")
    from graphgate.onnx.exporter import export_onnx

    with gg.Graph().as_default() as graph:
        x = gg.placeholder(gg.float32, [16], name="x")
        z = gg.cast(x, gg.complex64, name="z")
        y = gg.cast(z * z, gg.float32, name="y")
        with pytest.raises(gg.errors.GraphgateError, match="ONNX_UNSUPPORTED") as caught:
            export_onnx(graph, [y], [x])
    message = str(caught.value)
    assert "complex tensors are not exported" in message
    assert all(name in message for name in ("z (", "mul (", "y ("))


def test_a_frozen_tf_audio_front_end_imports_and_matches():
    # fixtures/tf_spectrogram.pb: TF 2.21's frozen stft -> |.| -> mel -> log -> MFCC graph
    # (TF's DCT multiplies by complex constants made with a complex Exp), with its outputs.
    graph_def = gg.GraphDef.FromString((FIXTURES / "tf_spectrogram.pb").read_bytes())
    want = np.load(FIXTURES / "tf_spectrogram.npz")
    names = ["mfcc", "phase", "recon"]
    with gg.Graph().as_default(), gg.Session() as sess:
        gg.import_graph_def(graph_def, name="")
        got = sess.run([f"{n}:0" for n in names], {"audio:0": want["audio"]})
    for name, ours in zip(names, got, strict=True):
        assert ours.shape == want[name].shape
        assert _ulps(ours, want[name]) <= ULPS, name


def test_graph_def_complex_constants_read_from_typed_values():
    from graphgate import tf_proto

    def bad():
        return AssertionError("corrupt")

    proto = {"dtype": 8, "tensor_shape": {"dim": [{"size": 3}]}, "scomplex_val": [1.0, 2.0]}
    value = tf_proto.tensor_value(proto, bad)  # one value repeats, as TF's MakeNdarray
    assert value.dtype == np.complex64 and value.tolist() == [1 + 2j] * 3
    proto = {"dtype": 18, "tensor_shape": {"dim": [{"size": 2}]}, "dcomplex_val": [1, 2, 3, 4]}
    assert tf_proto.tensor_value(proto, bad).tolist() == [1 + 2j, 3 + 4j]
    with pytest.raises(AssertionError):
        tf_proto.tensor_value({**proto, "dcomplex_val": [1, 2, 3]}, bad)  # half a pair


def test_the_3d_real_ffts_have_no_gradient_as_in_tensorflow():
    with gg.Graph().as_default():
        x = gg.constant(np.ones((2, 2, 4), np.float32))
        for y in (gg.signal.rfft3d(x), gg.signal.irfft3d(gg.signal.rfft3d(x))):
            with pytest.raises(LookupError, match="NO_GRADIENT"):
                gg.gradients(gg.reduce_sum(gg.abs(y)), x)


def test_serialize_tensor_of_complex_values_writes_tensorflows_bytes():
    # TF 2.21: tf.io.serialize_tensor(tf.constant([1+2j, -3j], tf.complex64)).
    want = b'\x08\x08\x12\x04\x12\x02\x08\x02"\x10\x00\x00\x80?\x00\x00\x00@'
    want += b"\x00\x00\x00\x80\x00\x00@\xc0"
    with gg.Graph().as_default(), gg.Session() as sess:
        z = gg.constant([1 + 2j, -3j], gg.complex64)
        data = gg.io.serialize_tensor(z)
        got, back = sess.run([data, gg.io.parse_tensor(data, gg.complex64)])
    assert got == want and back.tolist() == [1 + 2j, -3j]


def test_stft_of_an_unknown_batch_inverts_and_unknown_rank_is_refused():
    audio = np.random.RandomState(0).randn(3, 800).astype(np.float32)
    with gg.Graph().as_default(), gg.Session() as sess:
        x = gg.placeholder(gg.float32, [None, 800])
        stfts = gg.signal.stft(x, 256, 128)
        window = gg.signal.inverse_stft_window_fn(128)
        back = gg.signal.inverse_stft(stfts, 256, 128, window_fn=window)
        assert stfts.shape.as_list() == [None, 5, 129] and back.shape.as_list() == [None, 768]
        got = sess.run(back, {x: audio})
        # Away from the edges, the windows' overlap sums to one: the signal comes back.
        np.testing.assert_allclose(got[:, 256:512], audio[:, 256:512], atol=1e-5)
        with pytest.raises(NotImplementedError, match="rank"):
            gg.signal.inverse_stft(gg.placeholder(gg.complex64), 256, 128)


def test_norm_and_moments_of_complex_use_the_modulus_as_tensorflow():
    # TF 2.21: tf.norm sums x * conj(x) and moments' SquaredDifference is d * conj(d);
    # x * x / square(d) would give 2.686+1.489j and a complex variance.
    x = np.array([[1 + 2j, -3 + 0.5j], [0.5 - 1j, 2 + 2j]], np.complex64)
    with gg.Graph().as_default(), gg.Session() as sess:
        t = gg.constant(x)
        norm, (_, variance) = sess.run([gg.norm(t), gg.nn.moments(t, [0])])
    np.testing.assert_allclose(norm, 4.84768009185791 + 0j, rtol=1e-6)
    np.testing.assert_allclose(variance, [2.3125 + 0j, 6.8125 + 0j], rtol=1e-6)


def test_one_hot_of_complex_on_values_and_of_its_dtype_alone_are_tfs():
    # Refused (UNIMPLEMENTED) until kernels4: TF 2.21 answers [[2+1j, 0], [0, 2+1j]].
    with gg.Graph().as_default(), gg.Session() as sess:
        valued = gg.one_hot([0, 1], 2, on_value=gg.constant(2 + 1j, gg.complex64))
        got, plain = sess.run([valued, gg.one_hot([0, 1], 2, dtype=gg.complex64)])
    assert got.dtype == np.complex64 and got.tolist() == [[2 + 1j, 0], [0, 2 + 1j]]
    assert plain.dtype == np.complex64 and plain.tolist() == [[1, 0], [0, 1]]


@pytest.mark.parametrize("make", [gg.train.GradientDescentOptimizer, gg.train.AdamOptimizer])
def test_optimizers_refuse_a_complex_variable_as_tensorflow(make):
    # TF 2.21: ValueError("Invalid type tf.complex64 for Variable:0, expected: [...]").
    with gg.Graph().as_default():
        v = gg.Variable(np.array([1 + 2j], np.complex64))
        loss = gg.reduce_sum(gg.real(v * gg.conj(v)))
        with pytest.raises(ValueError, match=r"Invalid type tf\.complex64 for Variable:0"):
            make(0.1).minimize(loss)


def test_a_frame_longer_than_the_signal_builds_no_index_of_its_length():
    # frame_length 2**30 over 10 samples made a 4 GB arange for no frames at all.
    with peak_allocation() as held, gg.Graph().as_default(), gg.Session() as sess:
        frames = gg.signal.frame(gg.constant([1.0] * 10), 1 << 30, 1)
        assert frames.shape.as_list() == [0, 1 << 30]
        assert sess.run(frames).shape == (0, 1 << 30)
    assert held.bytes < 1 << 24
