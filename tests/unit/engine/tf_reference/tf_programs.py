"""Whole TF1 programs (losses, layers, optimizers) run unchanged with tf = TensorFlow or
tf = graphgate; each returns plain data (numbers, names) to compare."""

from __future__ import annotations

import numpy as np

PROGRAMS: dict = {}


def program(fn):
    PROGRAMS[fn.__name__] = fn
    return fn


_X = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75], [-2.0, 1.0, 0.5], [0.1, 0.2, 0.3]])
_Y = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [2.0, -1.0]])


def _train(tf, make_optimizer, steps=4):
    with tf.Graph().as_default():
        w = tf.Variable(np.linspace(-0.5, 0.5, 6).reshape(3, 2), dtype=tf.float64, name="w")
        b = tf.Variable([0.1, -0.2], dtype=tf.float64, name="b")
        pred = tf.matmul(tf.constant(_X), w) + b
        loss = tf.reduce_mean(tf.square(pred - tf.constant(_Y)))
        train = make_optimizer().minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            trace = []
            for _ in range(steps):
                sess.run(train)
                trace.append(np.concatenate([sess.run(w).ravel(), sess.run(b)]).tolist())
            return {"trace": trace, "loss": float(sess.run(loss))}


@program
def rmsprop(tf):
    return _train(tf, lambda: tf.train.RMSPropOptimizer(0.01))


@program
def rmsprop_momentum_centered(tf):
    return _train(
        tf, lambda: tf.train.RMSPropOptimizer(0.02, decay=0.8, momentum=0.5, centered=True)
    )


@program
def rmsprop_momentum(tf):
    return _train(tf, lambda: tf.train.RMSPropOptimizer(0.02, momentum=0.9, epsilon=1e-6))


@program
def adagrad(tf):
    return _train(tf, lambda: tf.train.AdagradOptimizer(0.1, initial_accumulator_value=0.5))


@program
def adagrad_default(tf):
    return _train(tf, lambda: tf.train.AdagradOptimizer(0.05))


@program
def adadelta(tf):
    return _train(tf, lambda: tf.train.AdadeltaOptimizer(1.0, rho=0.9, epsilon=1e-6), steps=5)


_LABELS = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
_LOGITS = np.array([[1.0, 2.0, -1.0], [0.5, 0.5, 3.0], [-1.0, 0.0, 2.5], [0.2, -0.3, 0.1]])
_REDUCTIONS = [
    "NONE",
    "SUM",
    "MEAN",
    "SUM_OVER_BATCH_SIZE",
    "SUM_BY_NONZERO_WEIGHTS",
]


def _losses(tf, dtype):
    lab = tf.constant(_LABELS, dtype)
    log = tf.constant(_LOGITS, dtype)
    prob = tf.sigmoid(log)
    w_row = tf.constant([[1.0], [0.0], [2.0], [0.5]], dtype)
    w_vec = tf.constant([1.0, 0.0, 2.0, 0.5], dtype)
    out = {}
    for red in _REDUCTIONS:
        r = getattr(tf.losses.Reduction, red)
        out[f"mse/{red}"] = tf.losses.mean_squared_error(lab, log, weights=w_row, reduction=r)
        out[f"abs/{red}"] = tf.losses.absolute_difference(lab, log, weights=w_row, reduction=r)
        out[f"huber/{red}"] = tf.losses.huber_loss(lab, log, w_row, delta=0.7, reduction=r)
        out[f"log/{red}"] = tf.losses.log_loss(lab, prob, weights=w_row, reduction=r)
        out[f"sigmoid/{red}"] = tf.losses.sigmoid_cross_entropy(
            lab, log, weights=w_row, label_smoothing=0.2, reduction=r
        )
        out[f"softmax/{red}"] = tf.losses.softmax_cross_entropy(
            lab, log, weights=w_vec, label_smoothing=0.1, reduction=r
        )
        out[f"sparse/{red}"] = tf.losses.sparse_softmax_cross_entropy(
            tf.constant([1, 0, 2, 1]), log, weights=w_vec, reduction=r
        )
        out[f"hinge/{red}"] = tf.losses.hinge_loss(lab, log, weights=w_row, reduction=r)
        out[f"cosine/{red}"] = tf.losses.cosine_distance(
            tf.nn.l2_normalize(lab, 1), tf.nn.l2_normalize(log, 1), axis=1, weights=w_row,
            reduction=r,
        )  # fmt: skip
    out["pairwise"] = tf.losses.mean_pairwise_squared_error(lab, log)
    out["pairwise_weighted"] = tf.losses.mean_pairwise_squared_error(lab, log, weights=w_row)
    out["pairwise_zero"] = tf.losses.mean_pairwise_squared_error(lab, log, weights=0.0)
    out["mse/default"] = tf.losses.mean_squared_error(lab, log)
    out["softmax/default"] = tf.losses.softmax_cross_entropy(lab, log)
    out["sparse/default"] = tf.losses.sparse_softmax_cross_entropy(tf.constant([1, 0, 2, 1]), log)
    out["all_zero_weights"] = tf.losses.absolute_difference(lab, log, weights=0.0)
    return out


@program
def losses(tf):
    with tf.Graph().as_default():
        out = _losses(tf, tf.float32)
        names = {f"name:{k}": v.op.name for k, v in out.items() if k.endswith("default")}
        dtypes = {f"dtype:{k}": str(np.dtype(v.dtype.name)) for k, v in out.items()}
        with tf.Session() as sess:
            values = sess.run(out)
        result = {k: np.asarray(v, np.float64).tolist() for k, v in values.items()}
        result.update(names)
        result.update(dtypes)
        result["collected"] = len(tf.get_default_graph().get_collection("losses"))
        return result


@program
def losses_float64_inputs(tf):
    with tf.Graph().as_default():
        out = _losses(tf, tf.float64)
        with tf.Session() as sess:
            values = sess.run(out)
        result = {k: np.asarray(v, np.float64).tolist() for k, v in values.items()}
        result.update({f"dtype:{k}": str(np.dtype(v.dtype.name)) for k, v in out.items()})
        return result


@program
def loss_gradients(tf):
    with tf.Graph().as_default():
        log = tf.constant(_LOGITS, tf.float32)
        lab = tf.constant(_LABELS, tf.float32)
        total = tf.add_n(
            [
                tf.losses.softmax_cross_entropy(lab, log, label_smoothing=0.1),
                tf.losses.huber_loss(lab, log, delta=0.5),
                tf.losses.sigmoid_cross_entropy(lab, log, label_smoothing=0.3),
                tf.losses.mean_squared_error(lab, log, reduction=tf.losses.Reduction.MEAN),
            ]
        )
        (g,) = tf.gradients(total, [log])
        with tf.Session() as sess:
            return {"grad": sess.run(g).tolist()}


def _constant(tf, seed, shape):
    values = np.random.default_rng(seed).uniform(-0.5, 0.5, size=shape)
    return tf.constant_initializer(values.ravel().tolist())


@program
def layers_lenet(tf):
    images = np.random.default_rng(3).uniform(0, 1, size=(2, 12, 12, 1))
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 12, 12, 1], name="x")
        h = tf.layers.conv2d(
            x, 4, 3, padding="same", activation=tf.nn.relu,
            kernel_initializer=_constant(tf, 1, (3, 3, 1, 4)),
            bias_initializer=tf.constant_initializer(0.1),
        )  # fmt: skip
        h = tf.layers.max_pooling2d(h, 2, 2)
        h = tf.layers.conv2d(h, 3, [3, 3], kernel_initializer=_constant(tf, 2, (3, 3, 4, 3)))
        h = tf.layers.average_pooling2d(h, 2, 1, padding="same")
        flat = tf.layers.flatten(h)
        out = tf.layers.dense(
            flat, 2, kernel_initializer=_constant(tf, 4, (48, 2)), activation=tf.nn.relu
        )
        out2 = tf.layers.dense(out, 3, kernel_initializer=_constant(tf, 5, (2, 3)))
        drop = tf.layers.dropout(out2, rate=0.5, training=False)
        loss = tf.reduce_sum(tf.square(drop))
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        names = [v.op.name for v in tf.global_variables()]
        shapes = [str(t.shape.as_list()) for t in (h, flat, out, out2)]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            before = sess.run(drop, {x: images})
            sess.run(train, {x: images})
            after = sess.run(drop, {x: images})
        return {
            "variables": names,
            "ops": [t.op.name for t in (flat, out, out2, drop)],
            "shapes": shapes,
            "before": before.tolist(),
            "after": after.tolist(),
        }


def _batch_norm(tf, shape, axis, steps=3, fed=False):
    data = np.random.default_rng(7).normal(1.0, 2.0, size=(steps, *shape))
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, shape, name="x")
        training = tf.placeholder(tf.bool, [], name="training") if fed else True
        y = tf.layers.batch_normalization(
            x, axis=axis, momentum=0.8, training=training,
            gamma_initializer=tf.constant_initializer(1.5),
            beta_initializer=tf.constant_initializer(-0.5),
        )  # fmt: skip
        loss = tf.reduce_sum(
            y * y * tf.constant(np.arange(1, 1 + np.prod(shape), dtype=np.float32).reshape(shape))
        )
        # tf.get_collection(tf.GraphKeys.UPDATE_OPS), spelled with what both have today.
        update_ops = tf.get_default_graph().get_collection("update_ops")
        with tf.control_dependencies(update_ops):
            train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
        names = sorted(v.op.name for v in tf.global_variables())
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            outs = []
            feed_extra = {training: True} if fed else {}
            for batch in data:
                outs.append(sess.run(y, {x: batch, **feed_extra}).ravel().tolist())
                sess.run(train, {x: batch, **feed_extra})
            moving = [
                sess.run(v).tolist() for v in sorted(tf.global_variables(), key=lambda v: v.op.name)
            ]
            infer = {x: data[0]}
            if fed:
                infer[training] = False
            inference = sess.run(y, infer).ravel().tolist()
        return {
            "variables": names,
            "updates": len(update_ops),
            "outputs": outs,
            "values": moving,
            "inference": inference,
        }


@program
def batch_norm_dense(tf):
    return _batch_norm(tf, (5, 3), -1)


@program
def batch_norm_images(tf):
    return _batch_norm(tf, (4, 3, 3, 2), 3)


@program
def batch_norm_fed_training_flag(tf):
    return _batch_norm(tf, (5, 3), 1, fed=True)


@program
def layers_conv2d_transpose(tf):
    images = np.random.default_rng(8).uniform(-1, 1, size=(2, 5, 4, 3))
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 5, 4, 3], name="x")
        y_valid = tf.layers.conv2d_transpose(
            x, 2, 3, strides=2, kernel_initializer=_constant(tf, 9, (3, 3, 2, 3)),
            bias_initializer=tf.constant_initializer(0.5),
        )  # fmt: skip
        y_same = tf.layers.conv2d_transpose(
            x, 4, [2, 3], strides=(2, 1), padding="same", activation=tf.nn.relu,
            kernel_initializer=_constant(tf, 10, (2, 3, 4, 3)),
        )  # fmt: skip
        z = tf.placeholder(tf.float32, [None, None, None, 3], name="z")
        y_dyn = tf.layers.conv2d_transpose(
            z, 1, 2, strides=3, kernel_initializer=_constant(tf, 11, (2, 2, 1, 3))
        )
        loss = tf.reduce_sum(y_valid * y_valid) + tf.reduce_sum(y_same)
        gx = tf.gradients(loss, x)[0]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            a, b, c, g = sess.run([y_valid, y_same, y_dyn, gx], {x: images, z: images})
        return {
            "variables": [v.op.name for v in tf.global_variables()],
            "shapes": [str(t.shape.as_list()) for t in (y_valid, y_same, y_dyn)],
            "valid": a.tolist(),
            "same": b.tolist(),
            "dynamic": c.tolist(),
            "grad": g.tolist(),
        }


@program
def batch_norm_channels_first(tf):
    return _batch_norm(tf, (4, 2, 3, 3), 1)


@program
def regularized_dense_total_loss(tf):
    with tf.Graph().as_default():
        x = tf.constant(_X, tf.float32)
        h = tf.layers.dense(
            x, 2, kernel_initializer=_constant(tf, 12, (3, 2)),
            kernel_regularizer=lambda w: 0.01 * tf.nn.l2_loss(w),
            bias_regularizer=lambda b: 0.1 * tf.reduce_sum(tf.abs(b)),
            bias_initializer=tf.constant_initializer([0.5, -1.0]),
        )  # fmt: skip
        tf.losses.mean_squared_error(tf.constant(_Y, tf.float32), h)
        reg = tf.losses.get_regularization_loss()
        total = tf.losses.get_total_loss()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            r, t = sess.run([reg, total])
        return {
            "reg": float(r),
            "total": float(t),
            "reg_count": len(tf.losses.get_regularization_losses()),
            "loss_count": len(tf.losses.get_losses()),
        }


@program
def exponential_moving_average(tf):
    with tf.Graph().as_default():
        w = tf.Variable([1.0, -2.0], name="w")
        b = tf.Variable(0.5, name="b")
        step = tf.Variable(0, dtype=tf.int64, trainable=False, name="step")
        loss = tf.reduce_sum(tf.square(w - 3.0)) + tf.square(b)
        opt = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=step)
        ema = tf.train.ExponentialMovingAverage(0.9, num_updates=step)
        plain = tf.train.ExponentialMovingAverage(0.8, name="plain")
        debiased = tf.train.ExponentialMovingAverage(0.7, zero_debias=True, name="debiased")
        with tf.control_dependencies([opt]):
            train = tf.group(ema.apply([w, b, loss]), plain.apply([w]), debiased.apply([loss]))
        names = [
            ema.average(w).op.name,
            ema.average(loss).op.name,
            ema.average_name(b),
            plain.average(w).op.name,
        ]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            trace = []
            for _ in range(4):
                sess.run(train)
                trace.append(
                    np.concatenate(
                        [
                            sess.run(ema.average(w)),
                            [sess.run(ema.average(b)), sess.run(ema.average(loss))],
                            sess.run(plain.average(w)),
                            [sess.run(debiased.average(loss))],
                        ]
                    ).tolist()
                )
        return {"names": names, "trace": trace}


@program
def layers_shared_with_reuse(tf):
    def discriminator(x, reuse):
        h = tf.layers.dense(
            x, 4, activation=tf.nn.relu, name="d1", reuse=reuse,
            kernel_initializer=_constant(tf, 13, (3, 4)),
        )  # fmt: skip
        return tf.layers.dense(
            h, 1, name="d2", reuse=reuse, kernel_initializer=_constant(tf, 14, (4, 1))
        )

    with tf.Graph().as_default():
        real = discriminator(tf.constant(_X, tf.float32), reuse=False)
        fake = discriminator(tf.constant(_X[::-1] * 2, tf.float32), reuse=True)
        loss = tf.reduce_mean(real) - tf.reduce_mean(fake)
        variables = tf.trainable_variables()
        grads = tf.gradients(loss, variables)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            r, f, g = sess.run([real, fake, grads])
        return {
            "variables": [v.op.name for v in variables],
            "real": r.tolist(),
            "fake": f.tolist(),
            "grads": np.concatenate([a.ravel() for a in g]).tolist(),
        }


@program
def layer_objects(tf):
    images = np.random.default_rng(15).uniform(-1, 1, size=(3, 6, 6, 2))
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 6, 6, 2], name="x")
        conv = tf.layers.Conv2D(
            3, 3, padding="same", kernel_initializer=_constant(tf, 16, (3, 3, 2, 3))
        )
        pool = tf.layers.MaxPooling2D(2, 2)
        norm = tf.layers.BatchNormalization(momentum=0.5)
        flat = tf.layers.Flatten()
        fc = tf.layers.Dense(
            2, activation=tf.nn.tanh, kernel_initializer=_constant(tf, 17, (27, 2))
        )
        drop = tf.layers.Dropout(0.3)

        def tower(t):
            h = norm(pool(conv(t)), training=True)
            return fc(drop(flat(h), training=False))

        a, b = tower(x), tower(x * 0.5)
        extra = tf.layers.dense(a, 1, kernel_initializer=tf.constant_initializer(0.5))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            va, vb, ve = sess.run([a, b, extra], {x: images})
        return {
            "variables": [v.op.name for v in tf.global_variables()],
            "kernel": fc.kernel.op.name,
            "conv_trainable": [v.op.name for v in conv.trainable_variables],
            "norm_variables": [v.op.name for v in norm.variables],
            "a": va.tolist(),
            "b": vb.tolist(),
            "extra": ve.tolist(),
        }


@program
def text_cnn_layers(tf):
    tokens = np.random.default_rng(18).uniform(-1, 1, size=(2, 11, 4))
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 11, 4], name="x")
        h = tf.layers.conv1d(
            x, 3, 3, padding="same", activation=tf.nn.relu,
            kernel_initializer=_constant(tf, 19, (3, 4, 3)),
            bias_initializer=tf.constant_initializer(0.05),
        )  # fmt: skip
        p = tf.layers.max_pooling1d(h, 2, 2)
        q = tf.layers.Conv1D(2, 2, strides=2, kernel_initializer=_constant(tf, 20, (2, 3, 2)))(p)
        r = tf.layers.average_pooling1d(q, 2, 1, padding="same")
        loss = tf.reduce_sum(r * r)
        gx = tf.gradients(loss, x)[0]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            values, grad = sess.run([r, gx], {x: tokens})
        return {
            "variables": [v.op.name for v in tf.global_variables()],
            "shapes": [str(t.shape.as_list()) for t in (h, p, q, r)],
            "r": values.tolist(),
            "grad": grad.tolist(),
        }


@program
def layers_in_variable_scopes(tf):
    def generator(z, reuse=None):
        with tf.variable_scope("generator", reuse=reuse):
            h = tf.layers.dense(
                z, 3, activation=tf.nn.relu, kernel_initializer=_constant(tf, 21, (3, 3))
            )
            return tf.layers.dense(h, 2, kernel_initializer=_constant(tf, 22, (3, 2)))

    with tf.Graph().as_default():
        z = tf.constant(_X, tf.float32)
        a = generator(z)
        b = generator(z * 2, reuse=True)
        with tf.variable_scope("other"):
            c = tf.layers.dense(z, 1, kernel_initializer=tf.constant_initializer(0.3))
            d = tf.layers.Dense(1, kernel_initializer=tf.constant_initializer(-0.2))(z)
        with tf.name_scope("only_ops"):
            e = tf.layers.dense(z, 1, kernel_initializer=tf.constant_initializer(0.1))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            values = sess.run([a, b, c, d, e])
        return {
            "variables": [v.op.name for v in tf.global_variables()],
            "ops": [t.op.name for t in (a, b, c, d, e)],
            "values": np.concatenate([v.ravel() for v in values]).tolist(),
        }


@program
def batch_norm_without_scale_or_center(tf):
    data = np.random.default_rng(23).normal(size=(6, 4))
    with tf.Graph().as_default():
        x = tf.constant(data, tf.float32)
        a = tf.layers.batch_normalization(x, scale=False, training=True)
        b = tf.layers.batch_normalization(x, center=False, epsilon=0.1, training=False)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            va, vb = sess.run([a, b])
        return {
            "variables": [v.op.name for v in tf.global_variables()],
            "a": va.tolist(),
            "b": vb.tolist(),
        }


@program
def cifar10_tutorial_model(tf):
    """The CIFAR-10 tutorial's model, shrunk (8x8 images), its initializers made constant."""
    images_value = np.random.default_rng(24).uniform(0, 1, size=(4, 8, 8, 3))
    label_value = np.array([1, 0, 3, 2])

    def _variable_with_weight_decay(name, shape, wd, seed):
        var = tf.get_variable(name, shape, initializer=_constant(tf, seed, shape))
        if wd is not None:
            weight_decay = tf.multiply(tf.nn.l2_loss(var), wd, name="weight_loss")
            tf.add_to_collection("losses", weight_decay)
        return var

    with tf.Graph().as_default():
        images = tf.constant(images_value, tf.float32)
        labels = tf.constant(label_value)
        with tf.variable_scope("conv1") as scope:
            kernel = _variable_with_weight_decay("weights", [3, 3, 3, 4], None, 30)
            conv = tf.nn.conv2d(images, kernel, [1, 1, 1, 1], padding="SAME")
            biases = tf.get_variable("biases", [4], initializer=tf.constant_initializer(0.0))
            conv1 = tf.nn.relu(tf.nn.bias_add(conv, biases), name=scope.name)
        pool1 = tf.nn.max_pool(conv1, [1, 3, 3, 1], [1, 2, 2, 1], padding="SAME", name="pool1")
        norm1 = tf.nn.lrn(pool1, 4, bias=1.0, alpha=0.001 / 9.0, beta=0.75, name="norm1")
        with tf.variable_scope("local3") as scope:
            reshape = tf.reshape(norm1, [images.get_shape().as_list()[0], -1])
            dim = reshape.get_shape()[1].value
            weights = _variable_with_weight_decay("weights", [dim, 6], 0.004, 31)
            biases = tf.get_variable("biases", [6], initializer=tf.constant_initializer(0.1))
            local3 = tf.nn.relu(tf.matmul(reshape, weights) + biases, name=scope.name)
        with tf.variable_scope("softmax_linear") as scope:
            weights = _variable_with_weight_decay("weights", [6, 4], 0.0, 32)
            biases = tf.get_variable("biases", [4], initializer=tf.constant_initializer(0.0))
            logits = tf.add(tf.matmul(local3, weights), biases, name=scope.name)
        cross_entropy = tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=tf.cast(labels, tf.int64), logits=logits, name="cross_entropy_per_example"
        )
        cross_entropy_mean = tf.reduce_mean(cross_entropy, name="cross_entropy")
        tf.add_to_collection("losses", cross_entropy_mean)
        total_loss = tf.add_n(tf.get_collection("losses"), name="total_loss")
        loss_averages = tf.train.ExponentialMovingAverage(0.9, name="avg")
        losses = tf.get_collection("losses")
        loss_averages_op = loss_averages.apply([*losses, total_loss])
        global_step = tf.train.get_or_create_global_step()
        lr = tf.train.exponential_decay(0.1, global_step, 2, 0.5, staircase=True)
        with tf.control_dependencies([loss_averages_op]):
            grads = tf.train.GradientDescentOptimizer(lr).compute_gradients(total_loss)
        apply_op = tf.train.GradientDescentOptimizer(lr).apply_gradients(grads, global_step)
        variable_averages = tf.train.ExponentialMovingAverage(0.99, global_step)
        with tf.control_dependencies([apply_op]):
            train_op = variable_averages.apply(tf.trainable_variables())
        top_k = tf.nn.in_top_k(logits, labels, 1)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            trace = []
            for _ in range(3):
                _, value = sess.run([train_op, total_loss])
                trace.append(float(value))
            shadow = sess.run(variable_averages.average(tf.trainable_variables()[0]))
            loss_avg = sess.run(loss_averages.average(total_loss))
            hits = sess.run(top_k)
        return {
            "variables": [v.op.name for v in tf.global_variables()],
            "ops": [t.op.name for t in (conv1, pool1, norm1, local3, logits, total_loss)],
            "trace": trace,
            "shadow": shadow.ravel().tolist(),
            "loss_average": float(loss_avg),
            "hits": hits.astype(float).tolist(),
        }
