"""TF1 gradient machinery, nn/train extras and top-level functions, written once against
`tf`, run unchanged with `tf` = tensorflow.compat.v1 (make_tfnn_reference.py, dev-only,
writes tfnn_reference.json) and with `tf` = graphgate (test_tf_nn_extras.py).

CASES have nn_cases.py's form (`build(tf, **placeholders) -> {name: tensor}`; outputs,
static shapes, dtypes, default names and gradients are compared). PROGRAMS take `tf` and
return plain data: values, names, and the class names of what was raised (array_cases'
`raises`, which the test swaps for one recording the engine's exception).
"""

from __future__ import annotations

import itertools

import numpy as np

from tests.unit.engine.tf_reference import array_cases

CASES: dict = {}
PROGRAMS: dict = {}
_fresh = itertools.count()


def case(**arrays):
    def register(build):
        CASES[build.__name__] = (arrays, build)
        return build

    return register


def program(fn):
    PROGRAMS[fn.__name__] = fn
    return fn


def raises(fn) -> str:
    return array_cases.raises(fn)


def run(tf, fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


def tolist(values):
    if isinstance(values, list | tuple):
        return [tolist(v) for v in values]
    return np.asarray(values).tolist()


_rng = np.random.default_rng(2626)


def _n(*shape):
    return _rng.normal(size=shape)


# -- gradient machinery ---------------------------------------------------------------------


@program
def gradient_override_identity_straight_through(tf):
    # The classic trick: a fresh name each run, as TF's registry is process-wide.
    name = f"TfnnScaled{next(_fresh)}"

    @tf.RegisterGradient(name)
    def _scaled(op, grad):
        return grad * 3.0 + op.inputs[0]

    g = tf.Graph()
    with g.as_default():
        x = tf.constant([1.5, -2.0, 0.25])
        with g.gradient_override_map({"Identity": name}):
            y = tf.identity(x)
            s = tf.sign(x)
        z = tf.identity(x)
        gy = tf.gradients(tf.reduce_sum(y * y), x)[0]
        gz = tf.gradients(tf.reduce_sum(z * z), x)[0]
        # The straight-through estimators of binarized networks: Round and Sign take the
        # built-in Identity gradient.
        with g.gradient_override_map({"Round": "Identity", "Sign": "Identity"}):
            r = tf.round(x * 2.0)
            sg = tf.sign(x)
        ste = tf.gradients(tf.reduce_sum(r * 3.0 + sg * 5.0), x)[0]
        with g.gradient_override_map({"Floor": "StopGradient"}):
            fl = tf.floor(x)
        return {
            "ste": tolist(run(tf, ste)),
            "override_not_differentiable": tf.gradients(tf.reduce_sum(fl + x), x)[0] is not None,
            "gy": tolist(run(tf, gy)),
            "gz": tolist(run(tf, gz)),
            "gy_name": gy.op.name,
            "sign_grad": tolist(run(tf, tf.gradients(tf.reduce_sum(s * x), x)[0])),
        }


@program
def register_gradient_twice_and_no_gradient(tf):
    name = f"TfnnTwice{next(_fresh)}"
    tf.RegisterGradient(name)(lambda op, grad: grad)
    return {
        "twice": raises(lambda: tf.RegisterGradient(name)(lambda op, grad: grad)),
        "not_a_string": raises(lambda: tf.RegisterGradient(3)),
        "no_gradient_of_add": raises(lambda: tf.no_gradient("Add")),
        "not_differentiable_of_matmul": raises(lambda: tf.NotDifferentiable("MatMul")),
        "no_gradient_new": raises(lambda: tf.NoGradient(f"TfnnNew{next(_fresh)}")),
        "no_gradient_int": raises(lambda: tf.no_gradient(7)),
    }


@program
def custom_gradient_clips_and_scales(tf):
    g = tf.Graph()
    with g.as_default():

        @tf.custom_gradient
        def clip_gradient(x):
            def grad(dy):
                return tf.clip_by_value(dy, -0.5, 0.5)

            return tf.identity(x) * 2.0, grad

        @tf.custom_gradient
        def two(a, b):
            def grad(dy1, dy2):
                return dy1 * 10.0, dy2 * b

            return [a * b, a + b], grad

        x = tf.constant([1.0, 2.0, -3.0])
        y = clip_gradient(x)
        gx = tf.gradients(tf.reduce_sum(y * tf.constant([0.1, 1.0, -4.0])), x)[0]
        a = tf.constant(2.0)
        b = tf.constant(5.0)
        p, s = two(a, b)
        ga, gb = tf.gradients(3.0 * p + 7.0 * s, [a, b])
        return {
            "y": tolist(run(tf, y)),
            "gx": tolist(run(tf, gx)),
            "y_type": y.op.type,
            "p_s": tolist(run(tf, [p, s])),
            "ga_gb": tolist(run(tf, [ga, gb])),
            "kwargs": raises(lambda: clip_gradient(x=x)),
        }


@program
def hessians_and_unconnected_gradients(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.constant([[1.0, 2.0], [0.5, -1.0]])
        w = tf.constant([3.0, -1.0])
        y = tf.reduce_sum(tf.square(x) * x * w) + tf.reduce_sum(x[0] * x[1])
        (h,) = tf.hessians(y, x)
        (hw,) = tf.hessians(tf.reduce_sum(w * w * w), [w])
        u = tf.placeholder(tf.float32, [2, 3])
        gz = tf.gradients(y, [x, u], unconnected_gradients="zero")
        gz2 = tf.gradients(y, [u], unconnected_gradients=tf.UnconnectedGradients.ZERO)
        gn = tf.gradients(y, [u], unconnected_gradients=tf.UnconnectedGradients.NONE)
        gagg = tf.gradients(y, x, aggregation_method=None, gate_gradients=True)
        return {
            "h": tolist(run(tf, h)),
            "h_shape": h.shape.as_list(),
            "hw": tolist(run(tf, hw)),
            "gz": tolist(run(tf, gz)),
            "gz_name": gz[1].name,
            "gz2_shape": gz2[0].shape.as_list(),
            "gn": gn,
            "gagg": tolist(run(tf, gagg)),
            "bad": raises(lambda: tf.gradients(y, x, unconnected_gradients="some")),
            "global_norm": tolist(run(tf, tf.global_norm([x, None, w]))),
            "global_norm_name": tf.global_norm([x]).op.name,
        }


# -- nn ---------------------------------------------------------------------------------------


@case(x=_n(2, 5, 6, 3), f=_n(3, 2, 3, 4), dy=_n(2, 3, 3, 4))
def conv2d_backprop_input_and_filter(tf, x, f, dy):
    return {
        "dx": tf.nn.conv2d_backprop_input([2, 5, 6, 3], f, dy, [1, 2, 2, 1], "SAME"),
        "df": tf.nn.conv2d_backprop_filter(x, [3, 2, 3, 4], dy, [1, 2, 2, 1], "SAME"),
    }


@case(x=_n(2, 4, 3), f=_n(3, 5, 3))
def conv1d_transpose(tf, x, f):
    return {
        "same": tf.nn.conv1d_transpose(x, f, [2, 8, 5], 2, "SAME"),
        "valid": tf.nn.conv1d_transpose(x, f, [2, 6, 5], [1, 1, 1], "VALID"),
    }


@case(x=_n(2, 4, 5, 3, 2), f=_n(2, 3, 2, 2, 3))
def conv3d_and_transpose(tf, x, f):
    y = tf.nn.conv3d(x, f, [1, 2, 1, 2, 1], "SAME")
    return {
        "same": y,
        "valid": tf.nn.conv3d(x, f, [1, 1, 1, 1, 1], "VALID"),
        "transpose": tf.nn.conv3d_transpose(y, f, [2, 4, 5, 3, 2], [1, 2, 1, 2, 1], "SAME"),
    }


# Ties on purpose: TF's 3-D max pool gradient goes to the first maximum of a window.
@case(x=np.round(_n(2, 4, 5, 3, 2), 0).astype(np.float32))
def pools_3d(tf, x):
    return {
        "max": tf.nn.max_pool3d(x, [1, 2, 2, 2, 1], [1, 2, 2, 1, 1], "SAME"),
        "max_valid": tf.nn.max_pool3d(x, 2, 1, "VALID"),
        "avg": tf.nn.avg_pool3d(x, [1, 3, 2, 2, 1], [1, 1, 2, 2, 1], "SAME"),
        "pool": tf.nn.pool(x, [2, 2, 2], "AVG", padding="VALID", strides=[1, 2, 1]),
    }


@case(
    logits=_n(6, 3, 5).astype(np.float32),
    labels=np.array([[1, 2, 2, 0], [3, 0, 0, 0], [4, 1, 3, 1]], np.int32),
    label_length=np.array([3, 1, 4], np.int32),
    logit_length=np.array([6, 4, 6], np.int32),
)
def ctc_loss_dense(tf, logits, labels, label_length, logit_length):
    batch_major = tf.transpose(logits, [1, 0, 2])
    return {
        "loss": tf.nn.ctc_loss_v2(labels, logits, label_length, logit_length),
        "blank_last": tf.nn.ctc_loss_v2(
            labels % 4, batch_major, label_length, logit_length, False, blank_index=-1
        ),
    }


@case(x=_n(2, 6, 7, 2), f=_n(2, 3, 2))
def dilation_and_erosion(tf, x, f):
    return {
        "dilation": tf.nn.dilation2d(x, f, [1, 2, 1, 1], [1, 1, 1, 1], "SAME"),
        "dilation_rate": tf.nn.dilation2d(x, f, [1, 1, 1, 1], [1, 2, 2, 1], "VALID"),
        "erosion": tf.nn.erosion2d(x, f, [1, 1, 2, 1], [1, 1, 1, 1], "SAME"),
    }


@case(x=_n(2, 5, 6, 3), f=_n(3, 2, 3, 2), dy=_n(2, 3, 3, 6), v=_n(1, 5, 6, 4), k=_n(2, 3, 3, 4))
def depthwise_backprops_and_atrous_transpose(tf, x, f, dy, v, k):
    return {
        "dx": tf.nn.depthwise_conv2d_native_backprop_input(
            [2, 5, 6, 3], f, dy, [1, 2, 2, 1], "SAME"
        ),
        "df": tf.nn.depthwise_conv2d_native_backprop_filter(
            x, [3, 2, 3, 2], dy, [1, 2, 2, 1], "SAME"
        ),
        "atrous_t": tf.nn.atrous_conv2d_transpose(v, k, [1, 5, 6, 3], 2, "SAME"),
    }


@case(x=_n(2, 5, 6, 3), f=_n(3, 2, 3, 2))
def depthwise_conv2d_native(tf, x, f):
    return {"y": tf.nn.depthwise_conv2d_native(x, f, [1, 2, 2, 1], "VALID")}


@case(x=_n(2, 7, 3))
def pools_1d(tf, x):
    return {
        "max": tf.nn.max_pool1d(x, 2, 2, "VALID"),
        "avg": tf.nn.avg_pool1d(x, [3], [1], "SAME"),
        "max_v2": tf.nn.max_pool_v2(x, 3, 2, "SAME"),
    }


@case(x=_n(2, 5, 4, 3))
def pools_v2_and_pool(tf, x):
    return {
        "max_v2": tf.nn.max_pool_v2(x, [2, 2], [1, 2], "SAME"),
        "avg_v2": tf.nn.avg_pool_v2(x, 2, 2, "VALID"),
        "pool_max": tf.nn.pool(x, [2, 2], "MAX", padding="SAME", strides=[2, 1]),
        "pool_avg": tf.nn.pool(x, [3, 2], "AVG", padding="VALID"),
    }


@case(x=_n(2, 3, 4, 2, 2), f=_n(2, 2, 1, 2, 3), t=_n(4, 3), m=_n(3), v=np.abs(_n(3)) + 0.1)
def convolution_3d_and_global_batch_norm(tf, x, f, t, m, v):
    return {
        "conv": tf.nn.convolution(x, f, "SAME", strides=[1, 2, 1]),
        "bn": tf.nn.batch_norm_with_global_normalization(t, m, v, m * 0.5, v + 1.0, 0.01, True),
        "bn_unscaled": tf.nn.batch_norm_with_global_normalization(
            t, m, v, m * 0.5, v + 1.0, 0.01, False
        ),
    }


@case(x=_n(3, 4), w=_n(4, 5), b=_n(5))
def activations_crelu_swish_relu_layer(tf, x, w, b):
    return {
        "crelu": tf.nn.crelu(x),
        "crelu0": tf.nn.crelu(x, axis=0),
        "swish": tf.nn.swish(x),
        "silu": tf.nn.silu(x, beta=0.5),
        "relu_layer": tf.nn.relu_layer(x, w, b),
    }


@case(x=_n(2, 5, 4, 3))
def max_pool_with_argmax(tf, x):
    y, i = tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 1, 1], "SAME")
    yb, ib = tf.nn.max_pool_with_argmax(
        x, [1, 3, 2, 1], [1, 1, 2, 1], "VALID", include_batch_in_index=True
    )
    return {"y": y, "i": i, "yb": yb, "ib": ib}


@case(x=_n(4, 3))
def average_and_regularization_losses(tf, x):
    per = tf.reduce_sum(tf.square(x), axis=1)
    return {
        "avg": tf.nn.compute_average_loss(per),
        "avg_global": tf.nn.compute_average_loss(per, global_batch_size=8),
        "avg_weighted": tf.nn.compute_average_loss(per, sample_weight=[1.0, 0.5, 0.0, 2.0]),
        "scale": tf.nn.scale_regularization_loss(tf.reduce_sum(x)),
    }


def _unigram(tf, true):
    unigrams = [5.0, 0.0, 1.0, 3.0, 2.0, 1.0]
    s, te, se = tf.nn.fixed_unigram_candidate_sampler(
        true, 2, 6, False, 8, distortion=0.5, num_reserved_ids=2, unigrams=unigrams, seed=2
    )
    su, _, _ = tf.nn.fixed_unigram_candidate_sampler(
        true, 2, 4, True, 8, num_reserved_ids=2, unigrams=unigrams, seed=2
    )
    values, tev, unique = run(tf, [s, te, su])
    return {
        "shapes": [t.shape.as_list() for t in (s, te, se)],
        "never": sorted(set(values.tolist()) & {0, 1, 3}),
        "true_expected": tolist(tev),
        "unique_all": sorted(unique.tolist()),
    }


@program
def uniform_candidate_sampler(tf):
    g = tf.Graph()
    with g.as_default():
        true = tf.constant([[1, 4], [7, 2], [0, 0]], tf.int64)
        s, te, se = tf.nn.uniform_candidate_sampler(true, 2, 5, False, 10, seed=3)
        su, teu, seu = tf.nn.uniform_candidate_sampler(true, 2, 10, True, 10, seed=3)
        values, tev, sev, uniq, teuv, seuv = run(tf, [s, te, se, su, teu, seu])
        return {
            "shapes": [t.shape.as_list() for t in (s, te, se)],
            "dtypes": [t.dtype.name for t in (s, te, se)],
            "name": s.op.name,
            "in_range": bool(((values >= 0) & (values < 10)).all()),
            "true_expected": tolist(tev),
            "sampled_expected": tolist(sev),
            # All ten of ten classes drawn once each: expected counts near one.
            "unique_all": sorted(uniq.tolist()),
            "unique_expected_positive": bool((teuv > 0.6).all() and (seuv > 0.6).all()),
            "unigram": _unigram(tf, true),
            "all": tolist(run(tf, list(tf.nn.all_candidate_sampler(true % 4, 2, 4, True)))),
            "all_out_of_range": raises(
                lambda: run(tf, list(tf.nn.all_candidate_sampler(true, 2, 4, True)))
            ),
            # TF fails when it runs, graphgate while building: both InvalidArgumentError.
            "too_many": raises(
                lambda: run(tf, tf.nn.uniform_candidate_sampler(true, 2, 11, True, 10))
            ),
        }


@program
def collapse_repeated_and_pool_errors(tf):
    g = tf.Graph()
    with g.as_default():
        labels = tf.placeholder(tf.int32, [3, 6])
        seq = tf.placeholder(tf.int32, [3])
        collapsed, lengths = tf.nn.collapse_repeated(labels, seq)
        feed = {
            labels: [[1, 1, 2, 2, 2, 3], [4, 4, 4, 1, 1, 0], [5, 6, 6, 6, 6, 6]],
            seq: [6, 4, 3],
        }
        return {
            "collapsed": tolist(run(tf, collapsed, feed)),
            "lengths": tolist(run(tf, lengths, feed)),
            "static": collapsed.shape.as_list(),
            "pool_bad_type": raises(
                lambda: tf.nn.pool(tf.zeros([1, 4, 4, 1]), [2, 2], "MIN", "SAME")
            ),
            "ints_crelu": raises(lambda: tf.nn.crelu(tf.constant([1, -2]))),
        }


# -- train ------------------------------------------------------------------------------------


def _optimizer_run(tf, make, steps=4):
    """A small least-squares model trained `steps` times: weights after each step, the
    variables' names (TF's slot names are checkpoint keys) and the slots' values."""
    g = tf.Graph()
    with g.as_default():
        x = tf.constant([[1.0, 2.0], [-1.0, 0.5], [0.3, -2.0]])
        y = tf.constant([[1.0], [-2.0], [0.5]])
        w = tf.Variable([[0.3], [-0.2]], name="w")
        b = tf.Variable([0.05], name="b")
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
        gs = tf.train.get_or_create_global_step()
        opt = make(tf, gs)
        train = opt.minimize(loss, global_step=gs)
        names = sorted(v.op.name for v in tf.global_variables())
        slots = opt.get_slot_names()
        history = []
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(steps):
                sess.run(train)
                history.append(tolist(sess.run([w, b])))
            slot_values = {s: tolist(sess.run(opt.get_slot(w, s))) for s in slots}
        return {"history": history, "names": names, "slots": slots, "slot_values": slot_values}


@program
def ftrl_optimizer(tf):
    return {
        "plain": _optimizer_run(tf, lambda tf, gs: tf.train.FtrlOptimizer(0.5)),
        "l1_l2": _optimizer_run(
            tf,
            lambda tf, gs: tf.train.FtrlOptimizer(
                0.3,
                learning_rate_power=-0.7,
                initial_accumulator_value=0.2,
                l1_regularization_strength=0.05,
                l2_regularization_strength=0.1,
            ),
        ),
        "shrinkage": _optimizer_run(
            tf,
            lambda tf, gs: tf.train.FtrlOptimizer(
                0.4, l1_regularization_strength=0.01, l2_shrinkage_regularization_strength=0.2
            ),
        ),
        "bad_power": raises(lambda: tf.train.FtrlOptimizer(0.1, learning_rate_power=0.5)),
        "bad_l1": raises(lambda: tf.train.FtrlOptimizer(0.1, l1_regularization_strength=-1.0)),
    }


@program
def minimize_takes_tf1s_arguments(tf):
    g = tf.Graph()
    with g.as_default():
        w = tf.Variable([1.0, -2.0], name="w")
        loss = tf.reduce_sum(w * w)
        opt = tf.train.GradientDescentOptimizer(0.1)
        pairs = opt.compute_gradients(
            loss,
            gate_gradients=tf.train.Optimizer.GATE_GRAPH,
            aggregation_method=tf.AggregationMethod.EXPERIMENTAL_TREE,
            colocate_gradients_with_ops=True,
            grad_loss=tf.constant(3.0),
        )
        step = opt.minimize(
            loss,
            var_list=[w],
            gate_gradients=tf.train.Optimizer.GATE_NONE,
            aggregation_method=tf.AggregationMethod.ADD_N,
            colocate_gradients_with_ops=True,
            name="train_step",
            grad_loss=tf.constant(0.5),
        )
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            grad = tolist(sess.run(pairs[0][0]))
            sess.run(step)
            return {
                "grad": grad,
                "after": tolist(sess.run(w)),
                "step_name": step.name,
                "bad_gate": raises(lambda: opt.compute_gradients(loss, gate_gradients=7)),
            }


@program
def proximal_optimizers(tf):
    return {
        "pgd": _optimizer_run(tf, lambda tf, gs: tf.train.ProximalGradientDescentOptimizer(0.1)),
        "pgd_l1_l2": _optimizer_run(
            tf,
            lambda tf, gs: tf.train.ProximalGradientDescentOptimizer(
                0.2, l1_regularization_strength=0.05, l2_regularization_strength=0.3
            ),
        ),
        "padagrad": _optimizer_run(tf, lambda tf, gs: tf.train.ProximalAdagradOptimizer(0.3)),
        "padagrad_l1_l2": _optimizer_run(
            tf,
            lambda tf, gs: tf.train.ProximalAdagradOptimizer(
                0.3,
                initial_accumulator_value=0.5,
                l1_regularization_strength=0.02,
                l2_regularization_strength=0.1,
            ),
        ),
        "adagrad_da": _optimizer_run(tf, lambda tf, gs: tf.train.AdagradDAOptimizer(0.4, gs)),
        "adagrad_da_l1_l2": _optimizer_run(
            tf,
            lambda tf, gs: tf.train.AdagradDAOptimizer(
                0.4, gs, 0.2, l1_regularization_strength=0.01, l2_regularization_strength=0.05
            ),
        ),
        "piecewise": tolist(
            run(
                tf,
                [
                    tf.train.piecewise_constant_decay(tf.constant(s), [2, 5], [1.0, 0.5, 0.1])
                    for s in (0, 2, 3, 5, 9)
                ],
            )
        ),
    }


# -- top-level functions ----------------------------------------------------------------------


@case(x=_n(3, 4), c=_n(3, 1))
def repeat_where_v2_arg_max(tf, x, c):
    return {
        "repeat_flat": tf.repeat(x, 2),
        "repeat_cols": tf.repeat(x, 3, axis=1),
        "where_v2": tf.where_v2(c > 0, x, -x),
        "where_v2_scalar": tf.where_v2(x > 0.5, x, 0.0),
        "arg_max": tf.arg_max(x, 1),
        "arg_min": tf.arg_min(x, 0, output_type=tf.int32),
    }


@program
def repeat_counts_and_batch_gather(tf):
    # Values and gradients only: TF builds these from boolean_mask and reshapes, whose
    # node names and unknown static dims graphgate's gather does not repeat.
    g = tf.Graph()
    with g.as_default():
        x = tf.constant(np.arange(12.0).reshape(3, 4) / 3.0)
        p3 = tf.constant(np.arange(24.0).reshape(2, 3, 4) / 5.0)
        r = tf.repeat(x, [1, 0, 2], axis=0)
        r1 = tf.repeat(x[0], [2, 1, 0, 3])
        bg = tf.batch_gather(x, tf.constant([[2, 0], [1, 1], [3, 0]]))
        bg3 = tf.batch_gather(p3, tf.constant([[[0], [2], [1]], [[3], [3], [0]]]))
        w = tf.constant(np.arange(1.0, 11.0).reshape(5, 2))
        loss = tf.reduce_sum(r * r) + tf.reduce_sum(r1) + tf.reduce_sum(bg * w[:3])
        loss += tf.reduce_sum(bg3 * bg3)
        return {
            "values": tolist(run(tf, [r, r1, bg, bg3])),
            "grads": tolist(run(tf, tf.gradients(loss, [x, p3]))),
            "repeat_bad": raises(lambda: tf.repeat(x, [1, 2], axis=0)),
        }


@case(x=np.array([[0.5, -1.0, 3.0], [-700.0, 2.0, 0.0]]))
def cumulative_logsumexp(tf, x):
    return {
        "plain": tf.math.cumulative_logsumexp(x, axis=1),
        "exclusive": tf.math.cumulative_logsumexp(x, axis=1, exclusive=True),
        "reverse": tf.math.cumulative_logsumexp(x, axis=0, reverse=True),
        "both": tf.math.cumulative_logsumexp(x, axis=1, exclusive=True, reverse=True),
    }


# Not 0: TF 2's gradient of bessel_i1 there is 1.0, TF 1.15's (and graphgate's) 0.5.
@case(x=np.array([-45.0, -12.5, -1.0, -1e-8, 1e-3, 0.3, 2.0, 29.9, 30.1, 60.0, 700.0]))
def bessel(tf, x):
    return {
        "i0": tf.math.bessel_i0(x),
        "i0e": tf.math.bessel_i0e(x),
        "i1": tf.math.bessel_i1(x),
        "i1e": tf.math.bessel_i1e(x),
    }


@case(
    a=np.array([0.5, 1.0, 2.5, 7.0, 30.0, 0.1, 3.0]),
    b=np.array([2.0, 1.0, 0.5, 4.0, 25.0, 0.3, 3.0]),
    x=np.array([0.1, 0.9, 3.0, 6.5, 28.0, 0.02, 0.5]),
)
def incomplete_gamma_and_beta(tf, a, b, x):
    unit = tf.minimum(x / 7.0, 0.97)
    return {
        "igamma": tf.igamma(a, x),
        "igammac": tf.igammac(a, x),
        "betainc": tf.betainc(a, b, unit),
        "math_igamma": tf.math.igamma(a * 2.0, x + 1.0),
    }


@case(v=np.array([-1.0, 0.0, 0.5, 1.4, 2.0, 2.5, 4.9, 5.0, 7.5, 1.0]))
def histograms(tf, v):
    return {
        "hist": tf.histogram_fixed_width(v, [0.0, 5.0], nbins=5),
        "hist64": tf.histogram_fixed_width(v, [-1.0, 3.0], nbins=3, dtype=tf.int64),
        "bins": tf.histogram_fixed_width_bins(v, tf.constant([0.0, 5.0], tf.float64), nbins=4),
    }


@program
def shapes_static_values_and_indices(tf):
    g = tf.Graph()
    with g.as_default():
        p = tf.placeholder(tf.float32, [None, 3, 1])
        c = tf.constant([[1, 2], [3, 4]])
        dyn = tf.broadcast_dynamic_shape(tf.constant([2, 1, 3]), tf.constant([4, 1]))
        ui = tf.unravel_index(tf.constant([5, 7, 0]), tf.constant([2, 4]))
        us = tf.unravel_index(tf.constant(11, tf.int64), tf.constant([3, 4], tf.int64))
        bad = tf.unravel_index(tf.constant([9]), tf.constant([2, 4]))
        return {
            "static": tf.broadcast_static_shape(
                tf.TensorShape([None, 1, 3]), tf.TensorShape([4, 1])
            ).as_list(),
            "static_bad": raises(
                lambda: tf.broadcast_static_shape(tf.TensorShape([2]), tf.TensorShape([3]))
            ),
            "dyn": tolist(run(tf, dyn)),
            "dyn_static": dyn.shape.as_list(),
            "dyn_name": dyn.op.name,
            "unravel": tolist(run(tf, ui)),
            "unravel_static": ui.shape.as_list(),
            "unravel_scalar": tolist(run(tf, us)),
            "unravel_dtype": us.dtype.name,
            "unravel_bad": raises(lambda: run(tf, bad)),
            "const": tolist(tf.get_static_value(c)),
            "shape_of_known": tolist(tf.get_static_value(tf.shape(c))),
            "shape_of_unknown": tolist(tf.get_static_value(tf.shape(p))),
            "rank_of_unknown": tolist(tf.get_static_value(tf.rank(p))),
            "placeholder": tolist(tf.get_static_value(p)),
            "python": tolist(tf.get_static_value([1, 2])),
            "is_tensor": [tf.is_tensor(c), tf.is_tensor(3), tf.is_tensor(np.ones(2))],
            "newaxis": tf.newaxis is None,
            "float_dtype": tf.debugging.assert_same_float_dtype([p, tf.zeros([2])]).name,
            "float_dtype_none": tf.debugging.assert_same_float_dtype().name,
            "float_dtype_bad": raises(
                lambda: tf.debugging.assert_same_float_dtype([p, tf.zeros([2], tf.float64)])
            ),
            "float_dtype_int": raises(lambda: tf.debugging.assert_same_float_dtype([c])),
            "rank_in_bad": raises(lambda: tf.debugging.assert_rank_in(c, [1, 3])),
            "is_nan": tolist(run(tf, tf.debugging.is_nan(tf.constant([1.0, np.nan])))),
            "bins_float32_range_of_float64": raises(
                lambda: tf.histogram_fixed_width_bins(tf.zeros([2], tf.float64), [0.0, 1.0])
            ),
            "hist_bad_nbins": raises(lambda: tf.histogram_fixed_width([1.0], [0.0, 1.0], 0)),
            "parallel": tolist(run(tf, tf.parallel_stack([c[0], c[1], c[0]]))),
            "parallel_name": tf.parallel_stack([c[0]]).op.name,
            "parallel_grad": raises(lambda: tf.gradients(tf.parallel_stack([p[0]]), p)),
        }


@program
def count_up_to_init_scope_and_initializers(tf):
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(0, name="counter")
        up = tf.count_up_to(v, 3)
        w = tf.Variable(5, name="other_counter")
        up_method = w.count_up_to(6)
        with tf.control_dependencies([up]), tf.init_scope():
            lifted = tf.constant(1.0)
        eye = tf.get_variable("eye", [2, 3], initializer=tf.initializers.identity(gain=2.0))
        orth = tf.get_variable("orth", [3, 5], initializer=tf.orthogonal_initializer(gain=1.5))
        orth_tall = tf.get_variable(
            "orth_tall", [2, 3, 2], initializer=tf.initializers.orthogonal()
        )
        unit = tf.get_variable(
            "unit", [50, 8], initializer=tf.uniform_unit_scaling_initializer(factor=1.2)
        )
        with tf.Session() as sess:
            sess.run(tf.initializers.global_variables())
            counts = [int(sess.run(up)) for _ in range(3)]
            method = [int(sess.run(up_method)), raises(lambda: sess.run(up_method))]
            over = raises(lambda: sess.run(up))
            o, ot, u = sess.run([orth, orth_tall, unit])
            return {
                "counts": counts,
                "method": method,
                "over": over,
                "after": int(sess.run(v)),
                "lifted_deps": len(lifted.op.control_inputs),
                "eye": tolist(sess.run(eye)),
                "orth_gram": tolist(np.round(o @ o.T, 5)),
                "orth_tall_gram": tolist(np.round(ot.reshape(6, 2).T @ ot.reshape(6, 2), 5)),
                "unit_bound": bool(np.abs(u).max() <= np.sqrt(3 / 50) * 1.2),
                "unit_spread": bool(np.abs(u).max() > 0.8 * np.sqrt(3 / 50) * 1.2),
                "orth_1d": raises(lambda: tf.orthogonal_initializer()([3])),
                "eye_3d": raises(lambda: tf.initializers.identity()([2, 2, 2])),
                "init_name": tf.initializers.variables([v]).name,
            }


# -- tf.distributions: values and gradients (not node names: TF's scopes differ) ---------------

DIST_CASES: dict = {}


def dist_case(**arrays):
    def register(build):
        DIST_CASES[build.__name__] = (arrays, build)
        return build

    return register


def _stats(
    d,
    x,
    methods=("log_prob", "prob", "cdf", "log_cdf"),
    stats=("entropy", "mean", "stddev", "variance", "mode"),
):
    out = {m: getattr(d, m)(x) for m in methods}
    out.update({m: getattr(d, m)() for m in stats})
    return out


@dist_case(
    loc=_n(2, 3),
    scale=np.abs(_n(3)) + 0.5,
    x=np.array([[-40.0, 0.3, 2.0], [1.5, -9.0, 12.0]]),
)
def dist_normal(tf, loc, scale, x):
    d = tf.distributions.Normal(loc, scale)
    out = _stats(d, x)
    out["quantile"] = d.quantile(tf.constant([0.01, 0.5, 0.97], tf.float64))
    out["survival"] = d.survival_function(x)
    out["log_survival"] = d.log_survival_function(x)
    out["kl"] = tf.distributions.kl_divergence(d, tf.distributions.Normal(loc * 0.5, scale + 1.0))
    out["cross_entropy"] = d.cross_entropy(tf.distributions.Normal(1.0 + 0 * loc, scale))
    return out


@dist_case(loc=_n(3), scale=np.array([0.5, 1.0, 2.5]), x=np.array([-3.0, 0.2, 50.0]))
def dist_laplace(tf, loc, scale, x):
    d = tf.distributions.Laplace(loc, scale)
    return {**_stats(d, x), "log_survival": d.log_survival_function(x)}


@dist_case(
    df=np.array([0.8, 1.5, 3.0, 7.0]),
    loc=_n(4),
    scale=np.array([1.0, 0.5, 2.0, 1.5]),
    x=np.array([0.5, -1.0, 3.0, 0.0]),
)
def dist_student_t(tf, df, loc, scale, x):
    # TF's stddev and variance of float64 StudentT raise TypeError (float32 constants).
    d = tf.distributions.StudentT(df, loc, scale)
    return _stats(d, x, ("log_prob", "prob", "cdf"), ("entropy", "mean", "mode"))


@dist_case(
    low=np.array([-1.0, 0.0, 2.0]), high=np.array([1.0, 0.5, 5.0]), x=np.array([0.5, 0.6, 2.0])
)
def dist_uniform(tf, low, high, x):
    d = tf.distributions.Uniform(low, high)
    return _stats(d, x, ("log_prob", "prob", "cdf"), ("entropy", "mean", "stddev", "variance"))


@dist_case(
    a=np.array([0.5, 1.0, 2.5, 4.0]),
    b=np.array([1.0, 2.0, 0.5, 3.0]),
    x=np.array([0.3, 1.2, 4.0, 0.7]),
)
def dist_gamma_exponential(tf, a, b, x):
    g = tf.distributions.Gamma(a, b)
    e = tf.distributions.Exponential(b)
    out = {f"gamma_{k}": v for k, v in _stats(g, x, ("log_prob", "prob", "cdf")).items()}
    out.update({f"exp_{k}": v for k, v in _stats(e, x, ("log_prob", "prob", "cdf")).items()})
    out["exp_log_survival"] = e.log_survival_function(x)
    out["gamma_survival"] = g.survival_function(x)
    out["kl"] = tf.distributions.kl_divergence(g, tf.distributions.Gamma(b, a))
    out["kl_exp"] = tf.distributions.kl_divergence(e, tf.distributions.Exponential(a))
    return out


@dist_case(c1=np.array([0.5, 2.0, 3.0]), c0=np.array([2.0, 1.5, 0.7]), x=np.array([0.2, 0.5, 0.9]))
def dist_beta(tf, c1, c0, x):
    d = tf.distributions.Beta(c1, c0)
    out = _stats(d, x, ("log_prob", "prob", "cdf"))
    out["kl"] = tf.distributions.kl_divergence(d, tf.distributions.Beta(c0, c1 + 1.0))
    return out


@dist_case(logits=_n(2, 3), x=np.array([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]]))
def dist_bernoulli(tf, logits, x):
    d = tf.distributions.Bernoulli(logits=logits)
    p = tf.distributions.Bernoulli(probs=tf.sigmoid(logits * 0.5))
    out = _stats(d, x, ("log_prob", "prob"))
    out["probs_log_prob"] = p.log_prob(tf.cast(x, tf.int32))
    out["kl"] = tf.distributions.kl_divergence(d, p)
    return out


@dist_case(logits=_n(2, 4))
def dist_categorical(tf, logits):
    d = tf.distributions.Categorical(logits=logits)
    p = tf.distributions.Categorical(probs=tf.nn.softmax(logits * 2.0))
    return {
        "log_prob": d.log_prob([3, 1]),
        "log_prob_bcast": d.log_prob([[0], [2]]),
        "prob": d.prob([0, 0]),
        "entropy": d.entropy(),
        "mode": d.mode(),
        "p_log_prob": p.log_prob(2),
        "kl": tf.distributions.kl_divergence(d, p),
    }


@dist_case(
    conc=np.array([[0.5, 1.5, 2.0], [3.0, 1.0, 4.0]]),
    x=np.array([[0.2, 0.3, 0.5], [0.6, 0.1, 0.3]]),
    counts=np.array([[1.0, 0.0, 3.0], [2.0, 2.0, 0.0]]),
)
def dist_dirichlet_multinomial(tf, conc, x, counts):
    d = tf.distributions.Dirichlet(conc)
    out = _stats(d, x, ("log_prob", "prob"), ("entropy", "mean", "variance"))
    out["kl"] = tf.distributions.kl_divergence(d, tf.distributions.Dirichlet(conc[::-1] + 0.5))
    four = tf.constant(4.0, tf.float64)
    m = tf.distributions.Multinomial(four, logits=tf.log(conc))
    out["multinomial_log_prob"] = m.log_prob(counts)
    out["multinomial_mean"] = m.mean()
    out["multinomial_variance"] = m.variance()
    dm = tf.distributions.DirichletMultinomial(four, conc)
    out["dm_log_prob"] = dm.log_prob(counts)
    out["dm_mean"] = dm.mean()
    out["dm_variance"] = dm.variance()
    out["dm_covariance"] = dm.covariance()
    out["covariance"] = d.covariance()
    out["multinomial_covariance"] = m.covariance()
    return out


@program
def distribution_api(tf):
    g = tf.Graph()
    with g.as_default():
        ds = tf.distributions
        n = ds.Normal(tf.zeros([2, 3]), 1.0)
        b = ds.Bernoulli(probs=[0.2, 0.7])
        dirichlet = ds.Dirichlet([[1.0, 2.0, 3.0]])
        nb = ds.Normal(0.0, tf.placeholder_with_default(-1.0, []), validate_args=True)
        xp = tf.placeholder_with_default([-0.5, 0.5], [2])
        xb = tf.placeholder_with_default([0.5, 1.5], [2])
        xd = tf.placeholder_with_default([0.5, 0.6], [2])
        sample = n.sample([4, 5], seed=3)
        mode_nan = ds.Beta(0.5, 2.0).mode()
        student_mean = ds.StudentT(0.5, 0.0, 1.0).mean()
        gamma_mode_ok = ds.Gamma(3.0, 2.0, allow_nan_stats=False).mode()
        return {
            "batch": [
                n.batch_shape.as_list(),
                b.batch_shape.as_list(),
                dirichlet.batch_shape.as_list(),
            ],
            "event": [n.event_shape.as_list(), dirichlet.event_shape.as_list()],
            "batch_tensor": tolist(
                run(tf, [n.batch_shape_tensor(), dirichlet.event_shape_tensor()])
            ),
            "scalar": tolist(
                run(tf, [n.is_scalar_batch(), n.is_scalar_event(), dirichlet.is_scalar_event()])
            ),
            "sample_shape": sample.shape.as_list(),
            "sample_tensor_shape": n.sample(tf.constant([2, 1])).shape.as_list(),
            "sample_dtype": [sample.dtype.name, b.sample(3).dtype.name],
            "bernoulli_sample_shape": b.sample([2, 2]).shape.as_list(),
            "reparam": [
                n.reparameterization_type == ds.FULLY_REPARAMETERIZED,
                b.reparameterization_type == ds.NOT_REPARAMETERIZED,
                ds.Gamma(1.0, 1.0).reparameterization_type == ds.FULLY_REPARAMETERIZED,
            ],
            "flags": [n.validate_args, n.allow_nan_stats],
            "params": sorted(n.parameters),
            "validate": raises(lambda: run(tf, nb.log_prob(0.0))),
            "validate_static": raises(lambda: ds.Normal(0.0, -1.0, validate_args=True)),
            "validate_samples": [
                raises(lambda: run(tf, ds.Gamma(2.0, 1.0, validate_args=True).log_prob(xp))),
                raises(lambda: run(tf, ds.Beta(2.0, 1.0, validate_args=True).log_prob(xp))),
                raises(lambda: run(tf, ds.Beta(2.0, 1.0, validate_args=True).log_prob(xb))),
                raises(lambda: run(tf, ds.Dirichlet([1.0, 2.0], validate_args=True).log_prob(xd))),
                tolist(run(tf, ds.Beta(2.0, 1.0).log_prob(xb))),
            ],
            "mode_nan": bool(np.isnan(run(tf, mode_nan))),
            "mode_strict": raises(lambda: ds.Beta(0.5, 2.0, allow_nan_stats=False).mode()),
            "student_mean_nan": bool(np.isnan(run(tf, student_mean))),
            "gamma_mode": tolist(run(tf, gamma_mode_ok)),
            "no_kl": raises(lambda: ds.kl_divergence(n, b)),
            "both_logits_probs": raises(lambda: ds.Bernoulli(logits=[1.0], probs=[0.5])),
            "copy_scale": tolist(run(tf, n.copy(scale=3.0).stddev())),
            "dtype": n.dtype.name,
        }
