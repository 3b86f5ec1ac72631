"""TF1 public symbols graphgate lacked that real programs use (dev-only): TF Serving's
`make_tensor_proto`/`make_ndarray`, `batch_scatter_update`, `assert_variables_initialized`,
`sparse_matmul`, `math.erfcinv`, the Kaiser, Kaiser-Bessel-derived and Vorbis windows,
the linear-algebra and nn symbols of the survey, each with its gradients where TF defines
them and its refusals. Run unchanged with `tf` = graphgate by
tests/unit/engine/test_tf1_apigaps.py.

    /work/tfvenv/bin/python tests/reference/tf1_apigaps.py \
        > tests/unit/engine/fixtures/tf1_apigaps.json
"""

from __future__ import annotations

import numpy as np  # noqa: F401 - the programs' `np`, which the engine test binds from here

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

RUN = """
def run(fetch, feed=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got = sess.run(fetch, feed)
    return [None if g is None else np.asarray(g).tolist() for g in got] if isinstance(
        got, tuple | list) else (None if got is None else np.asarray(got).tolist())
def typed(fetch, feed=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got = sess.run(fetch, feed)
    return [str(np.asarray(got).dtype), np.asarray(got).shape, np.asarray(got).tolist()]
"""

PROTO = """
def proto(*args, **kwargs):
    error = raises(lambda: tf.make_tensor_proto(*args, **kwargs))
    if error:
        return error
    p = tf.make_tensor_proto(*args, **kwargs)
    back = tf.make_ndarray(p)
    values = [list(v) if isinstance(v, bytes) else v for v in np.asarray(back).reshape(-1).tolist()]
    if back.dtype.kind == "c":
        values = [[v.real, v.imag] for v in values]
    return {
        "bytes": list(p.SerializeToString()),
        "text": str(p),
        "dtype": p.dtype,
        "dims": [d.size for d in p.tensor_shape.dim],
        "back_dtype": str(back.dtype) if back.dtype.kind != "O" else "object",
        "back_shape": list(back.shape),
        "back": values,
    }
"""

PROGRAMS = {
    "make_tensor_proto_values": PROTO
    + """
out["floats"] = proto([[1.0, 2.0], [3.0, 4.0]])
out["int_scalar"] = proto(3)
out["float_scalar"] = proto(3.5)
out["big_int"] = proto([1, 2**40])
out["float64_array"] = proto(np.array([0.1, 0.2]))
out["int64_array_stays"] = proto(np.array([1, 2], np.int64))
out["uint8_array"] = proto(np.arange(6, dtype=np.uint8).reshape(2, 3))
out["float16_array"] = proto(np.array([0.5, -2.0, 1e-3], np.float16))
out["float16_scalar"] = proto(np.float16(0.25))
out["bools"] = proto([True, False, True])
out["strings"] = proto([["a", "bc"], ["", "d"]])
out["bytes_scalar"] = proto(b"\\x00\\xff")
out["complex64"] = proto(np.array([1 + 2j, 3 - 4j], np.complex64))
out["empty_list"] = proto([])
out["empty_rows"] = proto(np.zeros((0, 3), np.float32))
out["one_element"] = proto([7])
"""
    + "\n",
    "make_tensor_proto_dtype_and_shape": PROTO
    + """
out["list_as_float64"] = proto([1, 2, 3], dtype=tf.float64)
out["array_cast"] = proto(np.array([1.7, -2.2]), dtype=tf.int32)
out["list_as_int64"] = proto([[1, 2]], dtype=tf.int64)
out["filled_scalar"] = proto(1.5, shape=[2, 3])
out["filled_short_list"] = proto([1, 2], shape=[2, 2])
out["reshaped"] = proto([1, 2, 3, 4, 5, 6], shape=[3, 2])
out["zero_size_shape"] = proto([], dtype=tf.float32, shape=[0, 4])
out["strings_filled"] = proto(["x"], shape=[3])
out["broadcast_scalar"] = proto(2.0, shape=[2], allow_broadcast=True)
out["verified"] = proto([[1, 2]], shape=[1, 2], verify_shape=True)
out["too_many"] = proto([1, 2, 3], shape=[2])
out["verify_other_shape"] = proto([1, 2], shape=[2, 1], verify_shape=True)
out["broadcast_and_verify"] = proto(1, shape=[2], verify_shape=True, allow_broadcast=True)
out["broadcast_other_size"] = proto([1, 2], shape=[3], allow_broadcast=True)
out["none"] = proto(None)
out["float_into_int"] = proto([1.5], dtype=tf.int32)
out["string_into_float"] = proto(["a"], dtype=tf.float32)
out["ragged"] = proto([[1, 2], [3]])
"""
    + "\n",
    "make_tensor_proto_round_trips": """
p = tf.make_tensor_proto(np.arange(12, dtype=np.float32).reshape(3, 4))
out["same_object"] = tf.make_tensor_proto(p) is p
out["float_val"] = list(tf.make_tensor_proto([2.5]).float_val)
out["int_val"] = list(tf.make_tensor_proto(7).int_val)
out["content_length"] = len(p.tensor_content)
out["no_float_val"] = list(p.float_val)
c = tf.constant(tf.make_ndarray(p))
with tf.Session() as sess:
    out["constant_of_it"] = sess.run(c).tolist()
""",
    "batch_scatter_update": RUN
    + """
v = tf.Variable(tf.zeros([2, 4]))
u = tf.batch_scatter_update(v, [[1, 3], [0, 2]], [[1.0, 2.0], [3.0, 4.0]])
out["rows"] = run(u)
w = tf.Variable(tf.reshape(tf.range(24.0), [2, 3, 4]))
u3 = tf.batch_scatter_update(w, tf.constant([[[0], [3], [1]], [[2], [2], [0]]], tf.int64),
                             -tf.ones([2, 3, 1]))
out["three_d"] = run(u3)
x = tf.Variable(tf.zeros([3, 2, 2]))
out["one_d_indices"] = run(tf.batch_scatter_update(x, [2, 0], tf.ones([2, 2, 2])))
out["updates_of_another_shape"] = raises(
    lambda: tf.batch_scatter_update(x, [1, 0, 1], [[5.0, 6.0], [7.0, 8.0], [9.0, 10.0]]))
""",
    "assert_variables_initialized": RUN
    + """
out["no_variables"] = tf.assert_variables_initialized() is None
a = tf.Variable([[1.0, 2.0]])
b = tf.Variable(3, name="b")
check = tf.assert_variables_initialized()
one = tf.assert_variables_initialized([a])
out["shape"] = check.shape.as_list()
out["dtype"] = check.dtype.name
out["one_shape"] = one.shape.as_list()
with tf.Session() as sess:
    out["before"] = raises(lambda: sess.run(check))
    sess.run(a.initializer)
    out["one_after_a"] = sess.run(one).tolist()
    out["both_after_a"] = raises(lambda: sess.run(check))
    sess.run(b.initializer)
    out["after"] = sess.run(check).tolist()
""",
    "sparse_matmul": RUN
    + """
a = tf.constant([[1.0, 0.0, 2.0], [0.0, 3.0, 0.0]])
b = tf.constant([[0.5, -1.0], [2.0, 0.0], [0.0, 4.0]])
y = tf.sparse_matmul(a, b, a_is_sparse=True)
out["plain"] = typed(y)
out["shape"] = y.shape.as_list()
out["transposed"] = run(tf.sparse_matmul(b, a, transpose_a=True, transpose_b=True))
out["literals"] = typed(tf.sparse_matmul([[1, 2]], [[3], [4]]))
loss = tf.reduce_sum(y * tf.constant([[1.0, 2.0], [3.0, 4.0]]))
out["grads"] = run(tf.gradients(loss, [a, b]))
yt = tf.sparse_matmul(b, a, transpose_a=True, transpose_b=True, b_is_sparse=True)
out["grads_transposed"] = run(tf.gradients(tf.reduce_sum(yt * yt), [a, b]))
p = tf.placeholder(tf.float32, [None, 3])
out["unknown_rows"] = tf.sparse_matmul(p, b).shape.as_list()
out["int_tensor"] = raises(lambda: tf.sparse_matmul(tf.constant([[1]]), tf.constant([[2]])))
out["float64_tensor"] = raises(
    lambda: tf.sparse_matmul(tf.constant([[1.0]], tf.float64), tf.constant([[2.0]], tf.float64)))
out["rank_three"] = raises(lambda: tf.sparse_matmul(tf.ones([2, 2, 2]), tf.ones([2, 2])))
out["inner_mismatch"] = raises(lambda: tf.sparse_matmul(tf.ones([2, 3]), tf.ones([2, 2])))
""",
    "erfcinv": RUN
    + """
x = tf.constant([0.0, 0.1, 0.5, 1.0, 1.5, 1.9, 2.0, -0.5, 2.5])
out["values"] = run(tf.math.erfcinv(x))
d = tf.constant([0.25, 1.0, 1.75], tf.float64)
out["float64"] = typed(tf.math.erfcinv(d))
out["grad"] = run(tf.gradients(tf.reduce_sum(tf.math.erfcinv(d)), d)[0])
""",
    "signal_windows": RUN
    + """
out["kaiser_1"] = typed(tf.signal.kaiser_window(1))
out["kaiser_5"] = typed(tf.signal.kaiser_window(5))
out["kaiser_6_beta"] = typed(tf.signal.kaiser_window(6, beta=3.0))
out["kaiser_float64"] = typed(tf.signal.kaiser_window(7, dtype=tf.float64))
n = tf.placeholder(tf.int32, [])
out["kaiser_run_time"] = run(tf.signal.kaiser_window(n, beta=5.0), {n: 4})
out["kbd_6"] = typed(tf.signal.kaiser_bessel_derived_window(6))
out["kbd_8_float64"] = typed(tf.signal.kaiser_bessel_derived_window(8, 4.0, tf.float64))
out["vorbis_1"] = typed(tf.signal.vorbis_window(1))
out["vorbis_5"] = typed(tf.signal.vorbis_window(5))
out["vorbis_float64"] = typed(tf.signal.vorbis_window(6, dtype=tf.float64))
out["int_dtype"] = raises(lambda: tf.signal.vorbis_window(4, dtype=tf.int32))
out["kaiser_int_dtype"] = raises(lambda: tf.signal.kaiser_window(4, dtype=tf.int32))
out["not_scalar"] = raises(lambda: tf.signal.vorbis_window([4]))
""",
    "conv_transpose": RUN
    + """
rng = np.random.RandomState(7)
x2 = tf.constant(rng.randn(2, 3, 3, 4).astype(np.float32))
f2 = tf.constant(rng.randn(3, 3, 5, 4).astype(np.float32))
y2 = tf.nn.conv_transpose(x2, f2, [2, 6, 6, 5], 2)
out["two_d"] = run(y2)
out["two_d_grads"] = run(tf.gradients(tf.reduce_sum(y2 * y2), [x2, f2]))
x1 = tf.constant(rng.randn(1, 4, 3).astype(np.float32))
f1 = tf.constant(rng.randn(2, 2, 3).astype(np.float32))
out["one_d"] = run(tf.nn.conv_transpose(x1, f1, [1, 8, 2], [2], padding="VALID"))
x3 = tf.constant(rng.randn(1, 2, 2, 2, 2).astype(np.float32))
f3 = tf.constant(rng.randn(2, 2, 2, 3, 2).astype(np.float32))
y3 = tf.nn.conv_transpose(x3, f3, [1, 4, 4, 4, 3], [1, 2, 2, 2, 1])
out["three_d"] = run(y3)
out["three_d_shape"] = y3.shape.as_list()
out["shape_of_two"] = raises(lambda: tf.nn.conv_transpose(x2, f2, [2, 6], 2))
out["shape_not_sized"] = raises(lambda: tf.nn.conv_transpose(x2, f2, 7, 2))
""",
    "convolution_gradient_spellings": RUN
    + """
rng = np.random.RandomState(3)
x = tf.constant(rng.randn(1, 3, 3, 3, 2).astype(np.float32))
g = tf.constant(rng.randn(1, 2, 2, 2, 4).astype(np.float32))
out["conv3d_filter_v2"] = run(tf.nn.conv3d_backprop_filter_v2(
    x, [2, 2, 2, 2, 4], g, [1, 1, 1, 1, 1], "VALID"))
out["conv3d_filter"] = run(tf.nn.conv3d_backprop_filter(
    x, [2, 2, 2, 2, 4], g, [1, 1, 1, 1, 1], "VALID"))
xi = tf.constant(rng.randn(1, 4, 4, 2).astype(np.float32))
fi = tf.constant(rng.randn(3, 3, 2, 2).astype(np.float32))
gi = tf.constant(rng.randn(1, 2, 2, 4).astype(np.float32))
out["depthwise_input"] = run(tf.nn.depthwise_conv2d_backprop_input(
    [1, 4, 4, 2], fi, gi, [1, 2, 2, 1], "SAME"))
out["depthwise_filter"] = run(tf.nn.depthwise_conv2d_backprop_filter(
    xi, [3, 3, 2, 2], gi, [1, 2, 2, 1], "SAME"))
""",
    "data_experimental": RUN
    + """
def plain(v):
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, tuple | list):
        return [plain(x) for x in v]
    if isinstance(v, bytes):
        return list(v)
    v = np.asarray(v)
    return [list(b) for b in v.reshape(-1)] if v.dtype.kind in "OS" else v.tolist()
def drain(ds, limit=20):
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    got = []
    with tf.Session() as sess:
        for _ in range(limit):
            try:
                got.append(plain(sess.run(nxt)))
            except Exception as exc:
                got.append(type(exc).__name__)
                break
    return got
xp = tf.data.experimental
out["constants"] = [tf.data.INFINITE_CARDINALITY, tf.data.UNKNOWN_CARDINALITY,
                    xp.INFINITE_CARDINALITY, xp.UNKNOWN_CARDINALITY]
out["take_while"] = drain(tf.data.Dataset.range(10).apply(xp.take_while(lambda x: x < 4)))
out["take_while_infinite"] = drain(
    tf.data.Dataset.range(3).repeat().take_while(lambda x: x < 2))
out["take_while_pairs"] = drain(tf.data.Dataset.from_tensor_slices(
    ([1, 2, 3, 1], [5.0, 6.0, 7.0, 8.0])).take_while(lambda a, b: b < 7.0))
out["take_while_cardinality"] = run(xp.cardinality(tf.data.Dataset.range(4).take_while(
    lambda x: True)))
out["take_while_not_bool"] = raises(lambda: tf.data.Dataset.range(3).take_while(lambda x: x))
inverse = tf.data.Dataset.from_tensor_slices([1.0, 0.0, 2.0, 0.0, 4.0]).map(
    lambda x: tf.debugging.check_numerics(1.0 / x, "inf"))
out["without_ignore_errors"] = drain(inverse)
out["ignore_errors"] = drain(inverse.apply(xp.ignore_errors()))
out["ignore_errors_method"] = drain(inverse.ignore_errors())
out["ignore_errors_cardinality"] = run(xp.cardinality(inverse.ignore_errors()))
ac = tf.data.Dataset.range(3)
out["assert_exact"] = drain(ac.apply(xp.assert_cardinality(3)))
out["assert_fewer"] = drain(ac.apply(xp.assert_cardinality(4)))
out["assert_more"] = drain(ac.apply(xp.assert_cardinality(2)))
out["assert_cardinality_value"] = run(xp.cardinality(
    ac.filter(lambda x: True).apply(xp.assert_cardinality(5))))
out["assert_infinite"] = drain(ac.repeat().apply(xp.assert_cardinality(
    tf.data.INFINITE_CARDINALITY)), 5)
out["assert_infinite_of_finite"] = drain(ac.apply(xp.assert_cardinality(
    tf.data.INFINITE_CARDINALITY)), 5)
single = xp.get_single_element(tf.data.Dataset.from_tensors(({"a": [1, 2]}, 3.5)))
with tf.Session() as sess:
    out["single"] = plain(sess.run(single))
    out["single_twice"] = plain(sess.run([single, single]))
out["single_method"] = run(tf.data.Dataset.range(4).batch(4).get_single_element())
with tf.Session() as sess:
    out["single_empty"] = raises(lambda: sess.run(xp.get_single_element(
        tf.data.Dataset.range(0))))
    out["single_many"] = raises(lambda: sess.run(xp.get_single_element(
        tf.data.Dataset.range(2))))
out["single_not_dataset"] = raises(lambda: xp.get_single_element([1]))
out["from_list"] = drain(xp.from_list([(1, "a"), (2, "b")]))
out["from_list_dicts"] = drain(xp.from_list([{"x": [1.0, 2.0]}, {"x": [3.0, 4.0]}]))
out["from_list_empty"] = raises(lambda: xp.from_list([]))
""",
    "linalg_lu": RUN
    + """
a = np.array([[1.0, 2.0, 0.5], [3.0, -4.0, 1.0], [0.0, 2.0, 5.0]], np.float32)
x = tf.constant(a)
lu, p = tf.linalg.lu(x)
out["lu"] = run([lu, p])
out["shapes"] = [lu.shape.as_list(), p.shape.as_list(), p.dtype.name]
out["reconstruct"] = run(tf.linalg.lu_reconstruct(lu, p))
out["solve"] = run(tf.linalg.lu_solve(lu, p, tf.constant([[1.0, 0.5], [2.0, -1.0], [0.0, 3.0]])))
out["inverse"] = run(tf.linalg.lu_matrix_inverse(lu, p))
ties = tf.constant([[1.0, 2.0, 3.0], [-1.0, 4.0, 0.0], [1.0, 0.0, 5.0]])
out["ties"] = run(tf.linalg.lu(ties))
rng = np.random.RandomState(11)
b = tf.constant(rng.randn(2, 4, 4), tf.float64)
lub64, pb64 = tf.linalg.lu(b, output_idx_type=tf.int64)
out["batch_int64"] = run([lub64, pb64])
out["batch_dtype"] = pb64.dtype.name
out["batch_int64_reconstruct"] = raises(lambda: tf.linalg.lu_reconstruct(lub64, pb64))
ones = tf.ones([2, 4, 1], tf.float64)
out["batch_int64_solve"] = raises(lambda: tf.linalg.lu_solve(lub64, pb64, ones))
out["batch_int64_inverse"] = raises(lambda: tf.linalg.lu_matrix_inverse(lub64, pb64))
out["int64_reconstruct"] = run(tf.linalg.lu_reconstruct(*tf.linalg.lu(x, tf.int64)))
lub, pb = tf.linalg.lu(b)
out["batch"] = run([lub, pb])
out["batch_reconstruct"] = run(tf.linalg.lu_reconstruct(lub, pb))
rhs = tf.constant(rng.randn(2, 4, 3), tf.float64)
out["batch_solve"] = run(tf.linalg.lu_solve(lub, pb, rhs))
out["batch_inverse"] = run(tf.linalg.lu_matrix_inverse(lub, pb))
out["batch_solve_broadcast"] = run(tf.linalg.lu_solve(lub, pb, tf.constant(rng.randn(4, 2))))
ll = tf.constant(rng.randn(3, 3) + 3 * np.eye(3))
pp = tf.constant([2, 0, 1])
r = tf.constant(rng.randn(3, 2))
solved = tf.linalg.lu_solve(ll, pp, r)
out["solve_grads"] = run(tf.gradients(tf.reduce_sum(solved * solved), [ll, r]))
out["reconstruct_grad"] = run(tf.gradients(
    tf.reduce_sum(tf.linalg.lu_reconstruct(ll, pp) * tf.constant(rng.randn(3, 3))), ll)[0])
with tf.Session() as sess:
    out["singular"] = raises(lambda: sess.run(tf.linalg.lu(tf.constant([[1.0, 2.0], [2.0, 4.0]]))))
    out["zeros"] = raises(lambda: sess.run(tf.linalg.lu(tf.zeros([2, 2]))))
    out["nan"] = raises(lambda: sess.run(tf.linalg.lu(tf.constant([[np.nan, 1.0], [1.0, 2.0]]))))
out["lu_gradient"] = raises(lambda: tf.gradients(tf.reduce_sum(lu), x))
out["int_input"] = raises(lambda: tf.linalg.lu(tf.constant([[1, 2], [3, 4]])))
out["not_square"] = raises(lambda: tf.linalg.lu(tf.ones([2, 3])))
with tf.Session() as sess:
    out["empty"] = [[[*v.shape, v.dtype.name] for v in sess.run(list(tf.linalg.lu(tf.zeros(s))))]
                    for s in ([0, 0], [3, 0, 0], [0, 2, 2])]
    out["empty_reconstruct"] = [
        list(sess.run(tf.linalg.lu_reconstruct(*tf.linalg.lu(tf.zeros(s)))).shape)
        for s in ([0, 0], [3, 0, 0], [0, 2, 2])
    ]
out["vector"] = raises(lambda: tf.linalg.lu(tf.ones([3])))
out["reconstruct_ranks"] = raises(lambda: tf.linalg.lu_reconstruct(lu, tf.constant([[0, 1, 2]])))
out["solve_rhs_vector"] = raises(lambda: tf.linalg.lu_solve(lu, p, tf.ones([3])))
out["solve_rhs_rows"] = raises(lambda: tf.linalg.lu_solve(lu, p, tf.ones([2, 1])))
""",
    "linalg_expm": RUN
    + """
a = np.array([[0.1, -0.2, 0.05], [0.3, 0.0, -0.1], [0.02, 0.1, -0.15]])
for scale in (0.5, 2.0, 6.0, 40.0):
    out[f"float32_{scale}"] = run(tf.linalg.expm(tf.constant(a * scale, tf.float32)))
for scale in (0.05, 1.0, 3.0, 8.0, 15.0, 100.0):
    out[f"float64_{scale}"] = run(tf.linalg.expm(tf.constant(a * scale, tf.float64)))
rng = np.random.RandomState(5)
batch = tf.constant(rng.randn(2, 3, 2, 2), tf.float64)
out["batch"] = run(tf.linalg.expm(batch))
out["batch_shape"] = tf.linalg.expm(batch).shape.as_list()
x = tf.constant(a * 3.0, tf.float64)
w = tf.constant(rng.randn(3, 3), tf.float64)
out["grad"] = run(tf.gradients(tf.reduce_sum(tf.linalg.expm(x) * w), x)[0])
x32 = tf.constant(a, tf.float32)
out["grad_float32"] = run(tf.gradients(tf.reduce_sum(tf.linalg.expm(x32)), x32)[0])
out["empty"] = run(tf.linalg.expm(tf.zeros([0, 0])))
out["infinite"] = run(tf.linalg.expm(tf.constant([[np.inf, 0.0], [0.0, 1.0]])))
out["int_refused"] = raises(lambda: tf.linalg.expm(tf.constant([[1, 2], [3, 4]])))
""",
    "audio_wav": RUN
    + """
import struct
def wav(samples, channels=1, rate=16000, bits=16, fmt_size=16, before=b"", after=b"", fmt=1,
        per_frame=None, per_second=None):
    data = np.asarray(samples, "<i2").tobytes()
    per_frame = per_frame if per_frame is not None else bits * channels // 8
    per_second = per_second if per_second is not None else per_frame * rate
    body = struct.pack("<HHIIHH", fmt, channels, rate, per_second, per_frame, bits)
    body += b"\\0\\0" if fmt_size == 18 else b""
    chunks = before + b"fmt " + struct.pack("<I", fmt_size) + body + after
    chunks += b"data" + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", 4 + len(chunks)) + b"WAVE" + chunks
def decoded(contents, **kwargs):
    audio, rate = tf.audio.decode_wav(tf.constant(contents), **kwargs)
    with tf.Session() as sess:
        got = raises(lambda: sess.run([audio, rate]))
        if got:
            return got
        a, r = sess.run([audio, rate])
    return [a.tolist(), int(r), audio.shape.as_list()]
mono = [0, 1, -1, 32767, -32768, 16384, -12345]
out["mono"] = decoded(wav(mono))
stereo = [0, 100, -200, 300, 32767, -32768]
out["stereo"] = decoded(wav(stereo, channels=2, rate=44100))
out["more_channels"] = decoded(wav(stereo, channels=2), desired_channels=3)
out["fewer_channels"] = decoded(wav(stereo, channels=2), desired_channels=1)
out["padded"] = decoded(wav(mono), desired_samples=10)
out["cropped"] = decoded(wav(mono), desired_samples=3)
out["fmt_18"] = decoded(wav(mono, fmt_size=18))
out["junk_first"] = decoded(wav(mono, before=b"JUNK" + struct.pack("<I", 4) + b"abcd"))
out["list_after_fmt"] = decoded(wav(mono, after=b"LIST" + struct.pack("<I", 2) + b"xy"))
out["empty"] = decoded(wav([]))
out["not_riff"] = decoded(b"RIFX" + wav(mono)[4:])
out["unknown_chunk_first"] = decoded(wav(mono, before=b"abcd" + struct.pack("<I", 0)))
out["eight_bit"] = decoded(wav(mono, bits=8, per_frame=2))
out["float_format"] = decoded(wav(mono, fmt=3))
out["bad_fmt_size"] = decoded(wav(mono, fmt_size=20))
out["bad_per_second"] = decoded(wav(mono, per_second=7))
out["truncated"] = decoded(wav(mono)[:-3])
out["header_only"] = decoded(wav(mono)[:20])
out["no_data"] = decoded(wav(mono)[:36])
out["two_data"] = decoded(wav(mono) + b"data" + struct.pack("<I", 2) + b"\\1\\0")
out["vector_contents"] = raises(lambda: tf.audio.decode_wav(tf.constant([wav(mono)])))
audio = tf.constant([[0.0, 0.5], [-0.25, 1.0], [-1.0, 0.3], [2.0, -3.0], [1.5e-5, -1.5e-5],
                     [0.49999 / 32768, 1.5 / 32768], [-2.5 / 32768, 2.5 / 32768]])
encoded = tf.audio.encode_wav(audio, 22050)
with tf.Session() as sess:
    out["encoded"] = list(sess.run(encoded))
    out["round_trip"] = sess.run(tf.audio.decode_wav(encoded)[0]).tolist()
    fetched = sess.run(tf.audio.decode_wav(encoded, desired_samples=2))
    out["named"] = [type(fetched).__name__, fetched.audio.tolist(), int(fetched.sample_rate)]
    out["encoded_shape"] = encoded.shape.as_list()
    out["empty_encoded"] = list(sess.run(tf.audio.encode_wav(tf.zeros([0, 1]), 8000)))
    out["infinite"] = list(sess.run(tf.audio.encode_wav([[np.inf], [-np.inf]], 8000)))
    out["nan"] = list(sess.run(tf.audio.encode_wav([[np.nan], [-np.nan]], 8000)))
    out["zero_rate"] = raises(lambda: sess.run(tf.audio.encode_wav(audio, 0)))
    out["no_channels"] = raises(lambda: sess.run(tf.audio.encode_wav(tf.zeros([3, 0]), 8000)))
out["vector_audio"] = raises(lambda: tf.audio.encode_wav(tf.zeros([3]), 8000))
out["int_audio"] = raises(lambda: tf.audio.encode_wav(tf.zeros([3, 1], tf.int32), 8000))
""",
    "graph_util": """
x = tf.placeholder(tf.float32, [2, None], name="x")
y = tf.identity(x, name="y")
checked = tf.debugging.check_numerics(y, "m", name="checked")
z = tf.multiply(y, 3.0, name="z")
with tf.control_dependencies([checked]):
    w = tf.identity(z, name="w")
chain = tf.identity(tf.identity(tf.identity(z, name="a"), name="b"), name="c")
out_ = tf.multiply(chain, 2.0, name="out")
kept = tf.identity(out_, name="kept")
graph_def = tf.get_default_graph().as_graph_def()
def nodes(g):
    return [[n.name, list(n.input)] for n in g.node]
out["removed"] = nodes(tf.graph_util.remove_training_nodes(graph_def))
protected = tf.graph_util.remove_training_nodes(graph_def, protected_nodes=["b", "kept"])
out["protected"] = nodes(protected)
out["shape"] = tf.graph_util.tensor_shape_from_node_def_name(tf.get_default_graph(), "z").as_list()
out["shape_of_output"] = tf.graph_util.tensor_shape_from_node_def_name(
    tf.get_default_graph(), "x:0").as_list()
out["same_import"] = tf.graph_util.import_graph_def is tf.import_graph_def
""",
    "serialize_sparse": RUN
    + """
def got(fetch):
    with tf.Session() as sess:
        error = raises(lambda: sess.run(fetch))
        if error:
            return error
        value = sess.run(fetch)
    if hasattr(value, "indices"):
        values = [list(v) if isinstance(v, bytes) else v for v in value.values.tolist()]
        return [value.indices.tolist(), values, value.dense_shape.tolist()]
    return [[list(b) for b in row] if isinstance(row, np.ndarray) else list(row)
            for row in np.asarray(value)]
sp = tf.SparseTensor([[0, 1], [1, 0], [1, 2]], [1.0, 2.0, 3.0], [2, 3])
one = tf.serialize_sparse(sp)
many = tf.io.serialize_many_sparse(sp)
out["one"] = got(one)
out["one_shape"] = one.shape.as_list()
out["many"] = got(many)
out["many_shape"] = many.shape.as_list()
back = tf.deserialize_many_sparse(many, tf.float32)
out["back"] = got(back)
out["back_shapes"] = [back.indices.shape.as_list(), back.dense_shape.shape.as_list()]
ranked = tf.io.deserialize_many_sparse(many, tf.float32, rank=2)
out["ranked_shapes"] = [ranked.indices.shape.as_list(), ranked.dense_shape.shape.as_list()]
strings = tf.SparseTensor([[0, 0], [2, 1]], ["a", "bc"], [3, 4])
out["strings"] = got(tf.deserialize_many_sparse(tf.serialize_many_sparse(strings), tf.string))
a = tf.serialize_sparse(tf.SparseTensor([[0], [3]], [5, 6], [4]))
b = tf.serialize_sparse(tf.SparseTensor([[1]], [7], [2]))
out["stacked_rows"] = got(tf.deserialize_many_sparse(tf.stack([a, b]), tf.int32))
nines = tf.constant([9], tf.int64)
out["int64_values"] = got(tf.serialize_sparse(tf.SparseTensor([[0]], nines, [1])))
out["wrong_dtype"] = got(tf.deserialize_many_sparse(tf.stack([a, b]), tf.float32))
r2 = tf.serialize_sparse(tf.SparseTensor([[0, 0]], [1], [1, 1]))
out["ranks_differ"] = got(tf.deserialize_many_sparse(tf.stack([a, r2]), tf.int32))
out["rank_one_many"] = got(tf.serialize_many_sparse(tf.SparseTensor([[0]], [1.0], [2])))
out["unordered_many"] = got(tf.serialize_many_sparse(
    tf.SparseTensor([[1, 0], [0, 1]], [1.0, 2.0], [2, 2])))
out["not_three_columns"] = raises(lambda: tf.deserialize_many_sparse(tf.constant([["a", "b"]]),
                                                                      tf.int32))
out["garbage"] = got(tf.deserialize_many_sparse(tf.constant([["a", "b", "c"]]), tf.int32))
out["empty_batch"] = got(tf.deserialize_many_sparse(tf.zeros([0, 3], tf.string), tf.int32))
""",
    "mutable_hash_table": RUN
    + """
def exported(sess, pair):
    keys, values = sess.run(pair)
    order = np.argsort(keys, kind="stable")
    keys = [list(k) if isinstance(k, bytes) else k for k in keys[order].tolist()]
    return [keys, values[order].tolist()]
table = tf.lookup.experimental.MutableHashTable(tf.string, tf.int64, -1)
insert = table.insert(["a", "b", "c"], [1, 2, 3])
look = table.lookup(tf.constant([["a", "z"], ["c", "b"]]))
out["lookup_shape"] = look.shape.as_list()
out["size_dtype"] = table.size().dtype.name
with tf.Session() as sess:
    out["before_insert"] = sess.run(look).tolist()
    out["size_before"] = int(sess.run(table.size()))
    sess.run(insert)
    out["after_insert"] = sess.run(look).tolist()
    sess.run(table.insert(["a"], [10]))
    out["overwritten"] = sess.run(look).tolist()
    sess.run(table.remove(tf.constant(["b", "nope"])))
    out["after_remove"] = sess.run(look).tolist()
    out["size"] = int(sess.run(table.size()))
    out["export"] = exported(sess, table.export())
    out["bad_values_shape"] = raises(lambda: sess.run(table.insert(["x", "y"], [1])))
with tf.Session() as other:
    out["other_session_empty"] = other.run(look).tolist()
out["key_dtype"] = raises(lambda: table.lookup(tf.constant([1, 2])))
vec = tf.lookup.experimental.MutableHashTable(tf.int64, tf.float32, [0.0, -1.0], name="vectors")
keys = tf.constant([3, 4], tf.int64)
with tf.Session() as sess:
    sess.run(vec.insert(keys, [[1.0, 2.0], [3.0, 4.0]]))
    found = vec.lookup(tf.constant([[3, 5]], tf.int64))
    out["vector_shape"] = found.shape.as_list()
    out["vector_lookup"] = sess.run(found).tolist()
    dyn = vec.lookup(tf.constant([3, 5], tf.int64),
                     dynamic_default_values=tf.constant([[9.0, 9.0], [8.0, 8.0]]))
    out["dynamic_defaults"] = sess.run(dyn).tolist()
    out["vector_export"] = exported(sess, vec.export())
    out["vector_bad_shape"] = raises(lambda: sess.run(vec.insert(keys, [1.0, 2.0])))
dense = tf.lookup.experimental.DenseHashTable(tf.int64, tf.int64, -1, empty_key=0,
                                              deleted_key=-1)
dkeys = tf.constant([5, 6, 7], tf.int64)
with tf.Session() as sess:
    sess.run(dense.insert(dkeys, tf.constant([50, 60, 70], tf.int64)))
    sess.run(dense.remove(tf.constant([6], tf.int64)))
    out["dense_lookup"] = sess.run(dense.lookup(tf.constant([5, 6, 7, 8], tf.int64))).tolist()
    out["dense_size"] = int(sess.run(dense.size()))
    zero = tf.constant([0], tf.int64)
    out["dense_empty_key_insert"] = raises(lambda: sess.run(dense.insert(zero, zero)))
    out["dense_empty_key_lookup"] = raises(lambda: sess.run(dense.lookup(zero)))
    out["dense_deleted_key_remove"] = raises(lambda: sess.run(dense.remove(zero - 1)))
""",
    "fingerprint": RUN
    + """
out["strings"] = typed(tf.fingerprint(["a", "bc", "", "a longer string of more than 64 bytes, "
                                      "which farmhash reads in blocks of 64 bytes!"]))
out["string_matrix"] = run(tf.fingerprint([["a", "b"], ["c", "d"]]))
out["string_cube"] = run(tf.fingerprint(tf.constant([[["a"], ["b"]]])))
out["int32_rows"] = run(tf.fingerprint(tf.constant([[1, 2], [3, 4]])))
out["int64_vector"] = run(tf.fingerprint(tf.constant([1, -1], tf.int64)))
out["float_rows"] = run(tf.fingerprint(tf.constant([[0.5, -2.0, 1e-30]])))
out["bools"] = run(tf.fingerprint(tf.constant([[True, False], [False, False]])))
out["uint8_cube"] = run(tf.fingerprint(tf.constant(np.arange(24, dtype=np.uint8).reshape(2, 3, 4))))
out["empty_rows"] = run(tf.fingerprint(tf.zeros([2, 0])))
p = tf.placeholder(tf.float32, [None, 3])
out["shape"] = tf.fingerprint(p).shape.as_list()
out["scalar"] = raises(lambda: tf.fingerprint(tf.constant(1)))
out["method"] = raises(lambda: tf.fingerprint([1], method="md5"))
""",
    "create_partitioned_variables": RUN
    + """
def offsets(shape, dtype=None, partition_info=None):
    return tf.fill(shape, float(partition_info.var_offset[0] * 10 + partition_info.var_offset[-1]))
parts = tf.create_partitioned_variables([5, 2], [2, 1], offsets)
out["names"] = [[v.name, v.shape.as_list(), v.dtype.base_dtype.name] for v in parts]
out["values"] = run(parts)
emb = tf.create_partitioned_variables([7, 3], [1, 2], tf.ones_initializer(), name="emb",
                                      dtype=tf.float64)
out["emb"] = [[v.name, v.shape.as_list()] for v in emb]
out["second_default"] = [v.name for v in tf.create_partitioned_variables([2], [2],
                                                                         tf.zeros_initializer())]
out["again"] = raises(lambda: tf.create_partitioned_variables([7, 3], [1, 2],
                                                             tf.ones_initializer(), name="emb"))
reused = tf.create_partitioned_variables([7, 3], [1, 2], tf.ones_initializer(), name="emb",
                                         reuse=True, dtype=tf.float64)
out["reused_same"] = [a is b for a, b in zip(reused, emb)]
out["lengths_differ"] = raises(lambda: tf.create_partitioned_variables([4, 2], [2],
                                                                      tf.ones_initializer()))
out["scalar"] = raises(lambda: tf.create_partitioned_variables([], [], tf.ones_initializer()))
out["trainable"] = len(tf.trainable_variables())
summary = tf.summary.tensor_summary("tensor", tf.ones([2, 3]))
out["tensor_summary"] = [summary.dtype.name, summary.shape.as_list(), summary.op.name]
""",
    "with_space_to_batch": RUN
    + """
rng = np.random.RandomState(2)
x = tf.constant(rng.randn(2, 5, 6, 3).astype(np.float32))
f = tf.constant(rng.randn(3, 3, 3, 4).astype(np.float32))
def conv(inp, num_spatial_dims, padding):
    return tf.nn.conv2d(inp, f, [1, 1, 1, 1], padding)
same = tf.nn.with_space_to_batch(x, [2, 2], "SAME", conv, filter_shape=[3, 3])
out["same"] = run(same)
out["same_shape"] = same.shape.as_list()
out["same_grads"] = run(tf.gradients(tf.reduce_sum(same * same), [x, f]))
out["valid"] = run(tf.nn.with_space_to_batch(x, [2, 1], "VALID", conv))
out["rate_one"] = run(tf.nn.with_space_to_batch(x, [1, 1], "SAME", conv))
def pool(inp, num_spatial_dims, padding):
    return tf.nn.max_pool(inp, [1, 2, 2, 1], [1, 1, 1, 1], padding)
out["pool"] = run(tf.nn.with_space_to_batch(x, [2, 3], "SAME", pool, filter_shape=[2, 2]))
x1 = tf.constant(rng.randn(1, 4, 7, 2).astype(np.float32))
def pool1d(inp, num_spatial_dims, padding):
    return tf.nn.max_pool(inp, [1, 1, 2, 1], [1, 1, 1, 1], padding)
out["second_dim_only"] = run(tf.nn.with_space_to_batch(x1, [2], "SAME", pool1d,
                                                       filter_shape=[2], spatial_dims=[2]))
out["same_without_filter"] = raises(lambda: tf.nn.with_space_to_batch(x, [2, 2], "SAME", conv))
out["rate_zero"] = raises(lambda: tf.nn.with_space_to_batch(x, [0, 2], "VALID", conv))
out["dims_unordered"] = raises(lambda: tf.nn.with_space_to_batch(
    x, [2, 2], "VALID", conv, spatial_dims=[2, 1]))
out["padding"] = run(tf.required_space_to_batch_paddings([5, 6], [2, 4], [[1, 1], [2, 2]]))
out["padding_no_base"] = run(tf.required_space_to_batch_paddings([7], [3]))
""",
    "tridiagonal_matmul": RUN
    + """
rng = np.random.RandomState(4)
compact = tf.constant(rng.randn(3, 5), tf.float64)
rhs = tf.constant(rng.randn(5, 2), tf.float64)
y = tf.linalg.tridiagonal_matmul(compact, rhs)
out["compact"] = run(y)
out["compact_grads"] = run(tf.gradients(tf.reduce_sum(y * y), [compact, rhs]))
batch = tf.constant(rng.randn(2, 3, 4).astype(np.float32))
brhs = tf.constant(rng.randn(2, 4, 3).astype(np.float32))
out["batch"] = run(tf.linalg.tridiagonal_matmul(batch, brhs))
seq = [tf.constant(rng.randn(4).astype(np.float32)) for _ in range(3)]
out["sequence"] = run(tf.linalg.tridiagonal_matmul(seq, brhs[0], diagonals_format="sequence"))
m = tf.constant(rng.randn(4, 4), tf.float64)
mrhs = tf.constant(rng.randn(4, 1), tf.float64)
ym = tf.linalg.tridiagonal_matmul(m, mrhs, diagonals_format="matrix")
out["matrix"] = run(ym)
out["matrix_grad"] = run(tf.gradients(tf.reduce_sum(ym), m)[0])
ignored = tf.constant([[1.0, 2.0, np.inf], [1.0, 1.0, 1.0], [np.nan, 3.0, 4.0]])
out["ignored_entries"] = run(tf.linalg.tridiagonal_matmul(ignored, tf.ones([3, 1])))
out["one_row"] = run(tf.linalg.tridiagonal_matmul(tf.constant([[5.0], [2.0], [7.0]]),
                                                  tf.constant([[3.0, 4.0]])))
out["bad_format"] = raises(lambda: tf.linalg.tridiagonal_matmul(compact, rhs, "banded"))
out["not_square"] = raises(lambda: tf.linalg.tridiagonal_matmul(tf.ones([3, 4]), tf.ones([4, 1]),
                                                               diagonals_format="matrix"))
""",
    "tridiagonal_solve": RUN
    + """
rng = np.random.RandomState(6)
diags = tf.constant(rng.randn(3, 5) + np.array([[0.0], [3.0], [0.0]]), tf.float64)
rhs = tf.constant(rng.randn(5, 2), tf.float64)
x = tf.linalg.tridiagonal_solve(diags, rhs)
out["compact"] = run(x)
out["compact_grads"] = run(tf.gradients(tf.reduce_sum(x * x), [diags, rhs]))
out["vector_rhs"] = run(tf.linalg.tridiagonal_solve(diags, rhs[:, 0]))
out["no_pivoting"] = run(tf.linalg.tridiagonal_solve(diags, rhs, partial_pivoting=False))
out["no_pivoting_grads"] = run(tf.gradients(tf.reduce_sum(
    tf.linalg.tridiagonal_solve(diags, rhs, partial_pivoting=False)), [diags, rhs]))
pivots = tf.constant([[1.0, 2.0, 3.0, 0.0], [0.0, 1.0, 0.5, 2.0], [0.0, 4.0, 1.0, 5.0]])
out["needs_pivoting"] = run(tf.linalg.tridiagonal_solve(pivots, tf.ones([4, 1])))
out["needs_pivoting_thomas"] = run(tf.linalg.tridiagonal_solve(pivots, tf.ones([4, 1]),
                                                               partial_pivoting=False))
singular = tf.constant([[1.0, 1.0, 0.0], [1.0, 1.0, 1.0], [0.0, 1.0, 1.0]])
out["singular"] = run(tf.linalg.tridiagonal_solve(singular, tf.ones([3, 2])))
batch = tf.constant(rng.randn(2, 3, 4).astype(np.float32) + np.array([[0.0], [4.0], [0.0]],
                                                                      np.float32))
brhs = tf.constant(rng.randn(2, 4, 3).astype(np.float32))
out["batch"] = run(tf.linalg.tridiagonal_solve(batch, brhs))
out["transposed_rhs"] = run(tf.linalg.tridiagonal_solve(batch, tf.linalg.matrix_transpose(brhs),
                                                        transpose_rhs=True))
seq = [tf.constant(v) for v in (rng.randn(3), rng.randn(4) + 3.0, rng.randn(3))]
out["sequence_short"] = run(tf.linalg.tridiagonal_solve(seq, tf.ones([4], tf.float64),
                                                        diagonals_format="sequence"))
m = tf.constant(rng.randn(4, 4) + 4 * np.eye(4))
xm = tf.linalg.tridiagonal_solve(m, tf.ones([4, 1], tf.float64), diagonals_format="matrix")
out["matrix"] = run(xm)
out["matrix_grad"] = run(tf.gradients(tf.reduce_sum(xm), m)[0])
out["one_by_one"] = run(tf.linalg.tridiagonal_solve(tf.constant([[1.0], [4.0], [2.0]]),
                                                    tf.constant([[2.0, 8.0]])))
out["perturb_without_pivoting"] = raises(lambda: tf.linalg.tridiagonal_solve(
    diags, rhs, partial_pivoting=False, perturb_singular=True))
out["rhs_rank"] = raises(lambda: tf.linalg.tridiagonal_solve(diags, tf.ones([5, 2, 1],
                                                                            tf.float64)))
out["rhs_rows"] = raises(lambda: tf.linalg.tridiagonal_solve(diags, tf.ones([4, 2], tf.float64)))
with tf.Session() as sess:
    out["empty"] = [list(sess.run(tf.linalg.tridiagonal_solve(tf.ones(d), tf.ones(r))).shape)
                    for d, r in (([3, 0], [0, 2]), ([3, 3], [3, 0]), ([2, 3, 0], [2, 0, 1]))]
""",
    "unicode_split_with_offsets": """
def strings(t):
    return [list(b) for b in np.asarray(t).reshape(-1)]
chars, offsets = tf.strings.unicode_split_with_offsets("héllo, 世界", "UTF-8")
with tf.Session() as sess:
    c, o = sess.run([chars, offsets])
out["scalar"] = [strings(c), o.tolist(), offsets.dtype.name]
rows, row_offsets = tf.strings.unicode_split_with_offsets(["añb", "", "\\xffz"], "UTF-8")
with tf.Session() as sess:
    r, ro = sess.run([rows, row_offsets])
out["rows"] = [strings(r.flat_values), r.row_splits.tolist(), ro.flat_values.tolist(),
               ro.row_splits.tolist()]
""",
    "ctc_unique_labels": RUN
    + """
labels = tf.constant([[3, 4, 4, 3, 0], [1, 1, 1, 1, 1], [5, 2, 7, 2, 5]])
u = tf.nn.ctc_unique_labels(labels)
out["values"] = run(u)
out["dtypes"] = [t.dtype.name for t in u]
out["int64_labels"] = run(tf.nn.ctc_unique_labels(tf.constant([[2, 2, 9]], tf.int64)))
p = tf.placeholder(tf.int32, [None, None])
out["run_time"] = run(tf.nn.ctc_unique_labels(p), {p: [[6, 6, 1], [0, 8, 0]]})
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS)
