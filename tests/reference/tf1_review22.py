"""Adversarial TF 1.x programs (dev-only) from review 22 of the fuzzshape, fuzzflow and
tf1ex3 merges: scatter min/max at NaN and signed-zero ties, empty TensorArray stacks,
complex gradients through loops and conds, gather's batch_dims at axis 0, shrink strides,
fed placeholders as control inputs, tuple shape invariants, underscore scopes and stacked
dropout cells' initial weights.

    TF_USE_LEGACY_KERAS=1 TF_CPP_MIN_LOG_LEVEL=3 /work/tfvenv/bin/python \\
        tests/reference/tf1_review22.py > tests/unit/engine/fixtures/tf1_review22.json

`tests/unit/engine/test_tf1_review22.py` runs the same text against graphgate.
"""

from __future__ import annotations

try:
    from tests.reference import harness
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness

PROGRAMS = {
    # A tie of -0.0 and 0.0 keeps the first in order (TF replaces only where strictly
    # smaller/larger); graphgate's np.fmin.at/fmax.at took the update's zero.
    "scatter_min_max_signed_zero_ties": """
nan = float("nan")
v = tf.Variable([1.0, nan, 3.0, 0.0, -0.0, 5.0, 5.0, 5.0])
mn = tf.scatter_min(v, [0, 1, 2, 2, 3, 4, 5, 5, 6, 6, 7], [nan, 0.5, nan, 2.0, -0.0, 0.0, 4.0,
    nan, 0.0, -0.0, -0.0])
w = tf.Variable([1.0, nan, 3.0, 0.0, -0.0, -5.0, -5.0])
mx = tf.scatter_max(w, [0, 1, 2, 2, 3, 4, 5, 5, 6, 6], [nan, 0.5, nan, 4.0, -0.0, 0.0, -0.0,
    0.0, 0.0, -0.0])
r = tf.Variable([[1.0, nan], [0.0, -0.0]], use_resource=True)
rm = tf.scatter_min(r, [1, 0, 1], [[nan, nan], [0.0, 1.0], [-0.0, 0.0]])
t = tf.tensor_scatter_nd_max(tf.constant([0.0, nan, -0.0]), [[0], [1], [2], [2]], [-0.0, 1.0,
    0.0, 1.0])
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    for k, op in (("min", mn), ("max", mx), ("resource", rm), ("tensor", t)):
        got = np.ravel(s.run(op))
        out[k] = got.tolist()
        out[k + "_signbit"] = np.signbit(got).tolist()
""",
    "scatter_min_max_ints_and_half": """
v = tf.Variable([5, -3, 7], dtype=tf.int32)
op = tf.scatter_max(v, [0, 1, 1], [2, 4, -9])
h = tf.Variable(np.array([1.0, np.nan, 2.0, 0.0], np.float16))
op2 = tf.scatter_min(h, [0, 1, 2, 3], np.array([np.nan, 0.0, 1.0, -0.0], np.float16))
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    out["int"] = s.run(op).tolist()
    half = s.run(op2).astype(np.float64)
    out["half"] = half.tolist()
    out["half_signbit"] = np.signbit(half).tolist()
""",
    # The array's buffer is made before the loop's write tells its element shape: an
    # empty stack was (0, 0), TF's (0, 2).
    "empty_stack_after_loop_that_never_wrote": """
n = tf.placeholder(tf.int32, [])
ta = tf.TensorArray(tf.float32, size=n)
_, ta = tf.while_loop(lambda i, t: i < n, lambda i, t: (i + 1, t.write(i, tf.ones([2]))), [0, ta])
with tf.Session() as s:
    out["three"] = s.run(ta.stack(), {n: 3}).tolist()
    out["zero"] = list(s.run(ta.stack(), {n: 0}).shape)
""",
    # TF refuses an empty stack of any element shape not fully defined; graphgate gave
    # (0, 0, 3), its buffer's guess for the unknown dim.
    "empty_stack_of_partial_element_shape": """
ta = tf.TensorArray(tf.float32, size=0, element_shape=[None, 3])
out["partial"] = raises(lambda: tf.Session().run(ta.stack()))
ta2 = tf.TensorArray(tf.float32, size=0, element_shape=[2, 3])
out["full"] = list(tf.Session().run(ta2.stack()).shape)
out["unknown"] = raises(lambda: tf.Session().run(tf.TensorArray(tf.float32, size=0).stack()))
ta3 = tf.TensorArray(tf.float32, size=3).unstack(tf.zeros([3, 2]))
out["gather_none"] = list(tf.Session().run(ta3.gather(tf.zeros([0], tf.int32))).shape)
""",
    # A complex loop variable or capture had no gradient (None): the loop and cond
    # gradients took float dtypes only.
    "complex_einsum_in_loop_gradient": """
a = tf.placeholder(tf.complex64, [2, 2])
def body(i, m):
    return i + 1, tf.einsum("ij,jk->ik", m, a)
_, m = tf.while_loop(lambda i, m: i < 3, body, [0, tf.eye(2, dtype=tf.complex64)])
g, = tf.gradients(tf.real(tf.reduce_sum(m)) + tf.imag(tf.reduce_sum(m)), a)
with tf.Session() as s:
    r = s.run(g, {a: np.array([[1 + 1j, 2], [0.5j, 1 - 1j]], np.complex64)})
    out["real"] = np.real(r).ravel().tolist()
    out["imag"] = np.imag(r).ravel().tolist()
""",
    "complex_cond_loop_and_map_gradients": """
a = tf.placeholder(tf.complex64, [])
p = tf.placeholder(tf.bool, [])
y = tf.cond(p, lambda: a * a * (2 - 1j), lambda: a + 1j)
g = tf.gradients(y, a, grad_ys=tf.constant(1 + 2j, tf.complex64))
_, m = tf.while_loop(lambda i, m: i < 3, lambda i, m: (i + 1, m * a + tf.conj(a)), [0, a])
g2 = tf.gradients(tf.abs(m), a)
c = tf.placeholder(tf.complex128, [3])
sq = tf.map_fn(lambda z: z * z, c)
g3 = tf.gradients(tf.reduce_sum(tf.real(sq)), c)
with tf.Session() as s:
    got = s.run(g, {a: 1 - 2j, p: True}) + s.run(g, {a: 1 - 2j, p: False})
    got += s.run(g2, {a: 0.5 + 0.25j}) + list(s.run(g3[0], {c: [1j, 2, 1 - 1j]}))
    out["real"] = [float(np.real(z)) for z in got]
    out["imag"] = [float(np.imag(z)) for z in got]
""",
    "complex_einsum_tensordot_diag_gradients": """
a = tf.constant(np.array([[1 + 2j, 3 - 1j], [0.5j, -2 + 0j]], np.complex128))
b = tf.constant(np.array([[2 - 1j, 1j], [1 + 1j, 3 + 0j]], np.complex128))
c = tf.constant(np.array([1j, 2 - 3j], np.complex128))
seed = tf.constant(np.array([[1j, 1], [2, -1j]], np.complex128))
grads = []
for eq, ops in [("ij,jk->ik", (a, b)), ("ij,ij->", (a, b)), ("ii->i", (a,)), ("ij,j->i", (a,
    c)), ("ii,jj->ij", (a, b)), ("ij,jk,k->i", (a, b, c))]:
    y = tf.einsum(eq, *ops)
    grads += tf.gradients(y, list(ops), grad_ys=tf.ones_like(y) * (1 + 2j))
grads += tf.gradients(tf.tensordot(a, b, [[1], [0]]), [a, b], grad_ys=seed)
grads += tf.gradients(tf.diag(c), c, grad_ys=seed)
grads += tf.gradients(tf.diag_part(a), a, grad_ys=c)
with tf.Session() as s:
    got = np.concatenate([np.ravel(g) for g in s.run(grads)])
    out["real"] = np.real(got).tolist()
    out["imag"] = np.imag(got).tolist()
""",
    "gather_batch_dims_at_axis_zero": """
p = tf.reshape(tf.range(24.0), [2, 3, 4])
i = tf.constant([[0, 1], [1, 0]])
with tf.Session() as s:
    out["axis0"] = list(s.run(tf.gather(p, i, axis=0, batch_dims=1)).shape)
    out["axis0_tensor"] = list(s.run(tf.gather(p, i, axis=tf.constant(0), batch_dims=1)).shape)
    out["axis0_neg"] = s.run(tf.gather(p, [1, 0], axis=0, batch_dims=-1)).tolist()
    out["axis_default"] = s.run(tf.gather(p, i, batch_dims=1)).tolist()
v = tf.Variable(tf.reshape(tf.range(24.0), [2, 3, 4]), use_resource=True)
gv = tf.gather(v, i, axis=0, batch_dims=1)
gr = tf.convert_to_tensor(tf.gradients(tf.reduce_sum(gv * gv), v)[0])
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    out["variable"] = list(s.run(gv).shape)
    out["variable_grad"] = s.run(gr).tolist()
""",
    "strided_slice_shrink_strides": """
x = tf.reshape(tf.range(12), [3, 4])
out["negative"] = raises(lambda: tf.strided_slice(x, [1], [2], [-1], shrink_axis_mask=1))
out["zero"] = raises(lambda: tf.strided_slice(x, [1], [2], [0], shrink_axis_mask=1))
out["second"] = raises(lambda: tf.strided_slice(x, [0, 1], [3, 2], [1, -1], shrink_axis_mask=2))
with tf.Session() as s:
    out["two"] = s.run(tf.strided_slice(x, [1], [2], [2], shrink_axis_mask=1)).tolist()
    out["reversed"] = s.run(x[-1, ::-1]).tolist()
""",
    "gather_gradient_of_unshaped_indices": """
params = tf.Variable(tf.reshape(tf.range(12.0), [3, 4]))
i = tf.placeholder(tf.int32)
gr = tf.convert_to_tensor(tf.gradients(tf.reduce_sum(tf.gather(params, i) ** 2), params)[0])
gr1 = tf.convert_to_tensor(tf.gradients(tf.reduce_sum(tf.gather(params, i, axis=1) * 2.0),
    params)[0])
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    out["scalar"] = s.run(gr, {i: 2}).tolist()
    out["matrix"] = s.run(gr, {i: [[0, 2], [2, 2]]}).tolist()
    out["axis1"] = s.run(gr1, {i: [3, 3, 0]}).tolist()
    out["out_of_range"] = raises(lambda: s.run(gr, {i: [5]}))
""",
    "fed_placeholders_as_control_inputs": """
p = tf.placeholder(tf.float32, [])
q = tf.placeholder(tf.float32, [])
with tf.control_dependencies([p]):
    y = q * 2.0
t = tf.tuple([p, q])
pd = tf.placeholder_with_default(tf.constant(1.0) + q, [])
with tf.control_dependencies([pd]):
    z = tf.constant(3.0)
idn = tf.identity(q)
with tf.control_dependencies([idn]):
    w = tf.constant(4.0)
with tf.control_dependencies([p.op]):
    cnd = tf.cond(q > 0, lambda: q + 1.0, lambda: q - 1.0)
with tf.Session() as s:
    out["y"] = s.run(y, {p: 1.0, q: 2.0})
    out["y_unfed"] = raises(lambda: s.run(y, {q: 2.0}))
    out["tuple"] = s.run(t, {p: 1.0, q: 2.0})
    out["tuple_one_unfed"] = raises(lambda: s.run(t[1], {q: 2.0}))
    out["with_default_fed"] = raises(lambda: s.run(z, {pd: 5.0}))
    out["identity_fed"] = raises(lambda: s.run(w, {idn: 5.0}))
    out["cond"] = s.run(cnd, {p: 0.0, q: 2.0})
    out["cond_unfed"] = raises(lambda: s.run(cnd, {q: 2.0}))
    out["group"] = raises(lambda: s.run(tf.group(p, q), {p: 1.0, q: 1.0}))
""",
    "tuple_and_namedtuple_shape_invariants": """
import collections
x = tf.ones([1, 2])
r = tf.while_loop(lambda a, b: tf.shape(a)[0] < 4, lambda a, b: (tf.concat([a, a], 0), b + 1),
                  (x, 0), shape_invariants=(tf.TensorShape([None, 2]), tf.TensorShape([])))
out["tuple"] = [list(tf.Session().run(r[0]).shape), str(r[0].shape)]
inv = (tf.TensorShape([None, 2]), tf.TensorShape([]))
out["list_vars"] = raises(lambda: tf.while_loop(lambda a, b: b < 2, lambda a, b: [tf.concat([a,
    a], 0), b + 1], [x, 0], shape_invariants=inv))
out["list_invariants"] = raises(lambda: tf.while_loop(lambda a, b: b < 2, lambda a,
    b: (tf.concat([a, a], 0), b + 1), (x, 0), shape_invariants=list(inv)))
r2 = tf.while_loop(lambda ab, c: c < 2, lambda ab, c: ((tf.concat([ab[0], ab[0]], 0), ab[1]),
    c + 1),
                   ((x, tf.zeros([3])), 0), shape_invariants=((tf.TensorShape([None, 2]),
    tf.TensorShape([3])), tf.TensorShape([])))
out["nested"] = [str(r2[0][0].shape), list(tf.Session().run(r2[0][0]).shape)]
P = collections.namedtuple("P", "a b")
r3 = tf.while_loop(lambda v, c: c < 2, lambda v, c: (P(tf.concat([v.a, v.a], 0), v.b + 1),
    c + 1), (P(x, 0), 0), shape_invariants=(P(tf.TensorShape([None, 2]), tf.TensorShape([])),
    tf.TensorShape([])))
out["namedtuple"] = str(r3[0].a.shape)
""",
    "underscore_scopes": """
with tf.name_scope("a"):
    with tf.name_scope("_b"):
        x = tf.constant(1.0, name="c")
    with tf.name_scope("-d"):
        y = tf.constant(1.0, name="e")
        out["op_underscore"] = raises(lambda: tf.constant(1.0, name="_e"))
with tf.variable_scope("vs"):
    with tf.variable_scope("_in"):
        u = tf.get_variable("u", [])
    with tf.name_scope("_ns"):
        z = tf.add(u, 1.0, name="_z")
out["names"] = [x.name, y.name, u.name, z.name]
out["root"] = raises(lambda: tf.name_scope("_x").__enter__())
out["root_variable_scope"] = raises(lambda: tf.variable_scope("_y").__enter__())
out["root_op"] = raises(lambda: tf.constant(1.0, name="_bad"))
""",
    "stacked_dropout_lstm_initial_weights": """
tf.set_random_seed(7)
x = tf.constant(np.arange(2 * 3 * 2, dtype=np.float32).reshape(2, 3, 2) / 10)
cells = [tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.LSTMCell(3), input_keep_prob=0.7,
    state_keep_prob=0.8, output_keep_prob=0.9) for _ in range(2)]
o, s_ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.MultiRNNCell(cells), x, dtype=tf.float32)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    out["vars"] = [v.ravel().tolist() for v in s.run(tf.trainable_variables())]
""",
    "stacked_dropout_gru_static_initial_weights": """
tf.set_random_seed(11)
x = [tf.constant(np.full((2, 2), k, np.float32)) for k in (0.1, 0.2)]
cells = [tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.GRUCell(3), output_keep_prob=0.5),
    tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.GRUCell(2), input_keep_prob=0.6,
    state_keep_prob=0.5)]
o, s_ = tf.nn.static_rnn(tf.nn.rnn_cell.MultiRNNCell(cells), x, dtype=tf.float32)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    out["vars"] = [v.ravel().tolist() for v in s.run(tf.trainable_variables())]
""",
    # TF's dropout selects (where_v2): a dropped NaN or infinity is 0, a dropped negative
    # +0.0, and so is the gradient where dropped; graphgate multiplied by the mask (NaN,
    # -0.0).
    "dropout_of_non_finite_values_and_gradients": """
tf.set_random_seed(1)
x = tf.constant([np.nan, np.inf, -np.inf, -1.0, -2.0, 3.0, np.nan, -np.inf] * 4)
kp = tf.placeholder(tf.float32, [])
v = tf.constant([-1.0, -2.0, 3.0, 4.0] * 4)
seed = tf.constant([-np.inf, np.nan, -1.0, 2.0] * 4)
dv = tf.nn.dropout(v, keep_prob=0.5, seed=5)
dv2 = tf.nn.dropout(v, keep_prob=kp, seed=6)
fetches = {
    "fixed": tf.nn.dropout(x, keep_prob=0.5, seed=2),
    "fed": tf.nn.dropout(x, keep_prob=kp, seed=3),
    "rate": tf.nn.dropout(x, rate=0.5, seed=4),
    "negatives": dv,
    "grad": tf.gradients(dv, v, grad_ys=seed)[0],
    "grad_fed": tf.gradients(dv2, v, grad_ys=seed)[0],
    "grad_rate": tf.gradients(tf.reduce_sum(dv2), kp)[0],
}
with tf.Session() as s:
    for k, got in s.run(fetches, {kp: 0.5}).items():
        out[k] = np.ravel(got).tolist()
        out[k + "_signbit"] = np.signbit(got).ravel().tolist()
""",
    "stacked_dropout_static_rnn_outputs": """
tf.set_random_seed(3)
x = tf.constant(np.ones((2, 3, 2), np.float32))
def mk(n, **kw):
    return tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.BasicRNNCell(n), **kw)
cells = [mk(3, input_keep_prob=0.5, seed=5), mk(3, output_keep_prob=0.5)]
cell = tf.nn.rnn_cell.MultiRNNCell(cells)
o, s_ = tf.nn.static_rnn(cell, tf.unstack(x, axis=1), dtype=tf.float32)
with tf.Session() as s:
    s.run(tf.global_variables_initializer())
    got = np.ravel(s.run(o))
    out["o"] = got.tolist()
    out["o_signbit"] = np.signbit(got).tolist()
""",
    # A scalar's paddings given as a [0, 2] numpy array were numpy's error (COMPUTE_ERROR):
    # np.pad of no axis; [] and () are rank 1, refused as TF refuses them.
    "pad_of_a_scalar": """
x = tf.constant(1.5)
with tf.Session() as s:
    out["numpy"] = s.run(tf.pad(x, np.zeros([0, 2], np.int32)))
    out["tensor"] = s.run(tf.pad(x, tf.zeros([0, 2], tf.int32)))
    out["mirror"] = s.run(tf.pad(x, np.zeros([0, 2], np.int32), mode="REFLECT"))
out["list"] = raises(lambda: tf.pad(x, []))
out["tuple"] = raises(lambda: tf.pad(tf.constant([1.0]), ()))
""",
    "complex_loop_variants": """
c = tf.placeholder(tf.complex64, [4])
r = tf.placeholder(tf.float32, [4])
def body(i, a):
    return i + 1, a + tf.gather(c, i) * tf.complex(tf.gather(r, i), 0.0)
_, s1 = tf.while_loop(lambda i, a: i < 4, body, [0, tf.constant(0j, tf.complex64)])
ta = tf.TensorArray(tf.complex64, size=4).unstack(c)
def body2(i, a):
    return i + 1, a * ta.read(i)
_, s2 = tf.while_loop(lambda i, a: i < 4, body2, [0, tf.constant(1 + 0j, tf.complex64)])
sc = tf.scan(lambda acc, z: acc * z + 1j, c, initializer=tf.constant(1 + 0j, tf.complex64))
def outer(j, b):
    _, inner = tf.while_loop(lambda i, a: i < 2, lambda i, a: (i + 1, a * c[0]), [0, b])
    return j + 1, inner
_, s3 = tf.while_loop(lambda j, b: j < 2, outer, [0, tf.constant(1 + 0j, tf.complex64)])
loss = tf.abs(s1) + tf.real(s2) + tf.imag(tf.reduce_sum(sc)) + tf.abs(s3)
g = [tf.convert_to_tensor(t) for t in tf.gradients(loss, [c, r])]
with tf.Session() as s:
    gc, gr = s.run(g, {c: [1 + 1j, 2 - 1j, 0.5j, -1], r: [1, 2, 3, 4]})
    out["gc"] = [[float(z.real), float(z.imag)] for z in np.ravel(gc)]
    out["gr"] = np.ravel(gr).tolist()
""",
    "complex_cond_in_loop_and_case": """
c = tf.placeholder(tf.complex128, [])
k = tf.placeholder(tf.int32, [])
def body(i, a):
    return i + 1, tf.cond(tf.equal(i % 2, 0), lambda: a * c, lambda: a + tf.conj(c))
_, y = tf.while_loop(lambda i, a: i < 3, body, [0, c])
z = tf.case([(tf.equal(k, 0), lambda: c * c)], default=lambda: c * 2j)
g = tf.gradients(tf.abs(y) + tf.real(z), c)
with tf.Session() as s:
    got = [s.run(g[0], {c: 1 - 0.5j, k: kk}) for kk in (0, 1)]
    out["g"] = [[float(np.real(v)), float(np.imag(v))] for v in got]
""",
    # A summary's tag is a proto3 string without presence: HasField("tag") is TF's
    # ValueError (graphgate answered whether it was empty).
    "summary_parse_from_string": """
x = tf.placeholder(tf.float32, [])
tf.summary.scalar("loss", x)
tf.summary.histogram("h", tf.stack([x, 2 * x]))
m = tf.summary.merge_all()
with tf.Session() as s:
    raw = s.run(m, {x: 0.25})
parsed = tf.Summary()
out["read"] = parsed.ParseFromString(raw) > 0
out["tags"] = [v.tag for v in parsed.value]
out["simple"] = [v.simple_value for v in parsed.value if v.HasField("simple_value")]
out["has_histo"] = [v.HasField("histo") for v in parsed.value]
out["has_tag"] = raises(lambda: parsed.value[0].HasField("tag"))
out["has_nothing"] = raises(lambda: parsed.value[0].HasField("nope"))
out["from_string"] = [v.tag for v in tf.Summary.FromString(raw).value]
parsed.MergeFromString(raw)
out["merged"] = len(parsed.value)
""",
    # crop_or_pad of images whose size is known only at run time (tf1ex3), in a batch and
    # of unknown rank (TF reads it as one 3-D image; graphgate refused it), and its gradient.
    "crop_or_pad_of_run_time_sizes": """
img = tf.placeholder(tf.float32, [None, None, 2])
b = tf.placeholder(tf.float32, [None, None, None, 1])
u = tf.placeholder(tf.float32)
for th, tw in [(3, 4), (6, 1), (1, 7)]:
    y = tf.image.resize_image_with_crop_or_pad(img, th, tw)
    yb = tf.image.resize_image_with_crop_or_pad(b, th, tw)
    out[f"{th}x{tw}"] = [str(y.shape), str(yb.shape)]
    with tf.Session() as s:
        for hh, ww in [(5, 2), (2, 9), (4, 4)]:
            a = np.arange(hh * ww * 2, dtype=np.float32).reshape(hh, ww, 2)
            out[f"{th}x{tw}_{hh}x{ww}"] = s.run(y, {img: a}).tolist()
            out[f"b{th}x{tw}_{hh}x{ww}"] = s.run(yb, {b: a[None, :, :, :1]}).tolist()
yu = tf.image.resize_image_with_crop_or_pad(u, 3, 3)
out["unknown_rank"] = [str(yu.shape), tf.Session().run(yu, {u: np.ones((5, 2, 1))}).tolist()]
out["zero_target"] = raises(lambda: tf.image.resize_image_with_crop_or_pad(u, 0, 3))
g = tf.gradients(tf.reduce_sum(tf.image.resize_image_with_crop_or_pad(img, 3, 4) ** 2), img)[0]
out["grad"] = tf.Session().run(g, {img: np.ones((5, 2, 2), np.float32)}).tolist()
""",
    # A stacked cell's variables are made before the first cell's masks are drawn: the
    # masks' seeds are reserved around them, which needed the state masks' number: a given
    # dropout_state_filter_visitor is now asked about the state's sizes (it was not, and the
    # next cell's kernel took the seed of the first cell's state mask).
    "stacked_dropout_with_state_filters": """
W = tf.nn.rnn_cell.DropoutWrapper
LSTM = tf.nn.rnn_cell.LSTMCell
def part(s):
    if isinstance(s, tf.nn.rnn_cell.LSTMStateTuple):
        return tf.nn.rnn_cell.LSTMStateTuple(c=True, h=False)
    return True
cells = {
    "all": lambda: [W(LSTM(3), state_keep_prob=0.5, dropout_state_filter_visitor=lambda s: True)
                    for _ in range(2)],
    "part": lambda: [W(LSTM(3), state_keep_prob=0.5, output_keep_prob=0.8,
                       dropout_state_filter_visitor=part) for _ in range(2)],
    "none": lambda: [W(LSTM(3), state_keep_prob=0.5, output_keep_prob=0.8,
                       dropout_state_filter_visitor=lambda s: False) for _ in range(2)],
    "residual": lambda: [W(tf.nn.rnn_cell.GRUCell(3), input_keep_prob=0.5),
                         tf.nn.rnn_cell.ResidualWrapper(W(tf.nn.rnn_cell.GRUCell(3),
                                                          output_keep_prob=0.5))],
}
for name, make in cells.items():
    for kind in ("dynamic", "static"):
        with tf.Graph().as_default():
            tf.set_random_seed(21)
            x = tf.constant(np.linspace(-1, 1, 12, dtype=np.float32).reshape(2, 3, 2))
            cell = tf.nn.rnn_cell.MultiRNNCell(make())
            if kind == "dynamic":
                o, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
            else:
                o, _ = tf.nn.static_rnn(cell, tf.unstack(x, axis=1), dtype=tf.float32)
            tf.layers.dense(tf.reshape(o, [-1, 3]), 2)
            with tf.Session() as s:
                s.run(tf.global_variables_initializer())
                got = s.run(tf.trainable_variables())
                out[name + "_" + kind] = [np.ravel(v).tolist() for v in got]
""",
}


if __name__ == "__main__":
    harness.main(PROGRAMS, legacy_keras=True)
