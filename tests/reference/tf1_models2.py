"""Record what TensorFlow computes for a second round of famous TF1 code bases, at tiny
sizes (dev-only).

    PYTHONPATH=/tmp/tf1ex6_site TF_USE_LEGACY_KERAS=1 /work/tfvenv/bin/python \
        tests/reference/tf1_models2.py > tests/unit/engine/fixtures/tf1_models2.json

(/tmp/tf1ex6_site as tests/reference/tf1_models.py says; `python tf1_models2.py NAME...`
prints only the named programs, for development.)

Re-typed at tiny sizes, each in its code base's own TF1 spellings: xhujoy's
CycleGAN-tensorflow (`cyclegan_`: instance norm, reflection padding, LSGAN losses, the image
pool), tensorflow/models' research/deeplab (`deeplab_`: atrous convolutions, ASPP with
image pooling, `resize_bilinear(align_corners=True)`, the ignore-label loss and mean IoU,
preprocess_utils' padding), the slim nets tf1_codebases leaves out (`slimnet_`:
inception_v3's mixed blocks, mobilenet_v2's expanded convolutions, inception_resnet_v2's
scaled residuals), ESPCN and SRGAN (`sr_`: sub-pixel shuffles, PReLU, perceptual losses,
PSNR/SSIM), YOLOv3's TF1 ports (`yolo3_`: darknet residuals, nearest-neighbour upsampling,
box decoding, per-class and combined non-max suppression, the ignore mask over a
while_loop), endernewton's tf-faster-rcnn (`frcnn_`: anchors, the proposal layer, the
crop-and-resize pooling and smooth L1), pemami4911's DDPG and devsisters' DQN (`rl2_`),
deepmind/dnc's memory addressing (`dnc_`), Grad-CAM (`gradcam_`), sonnet's VQ-VAE
quantizer (`vqvae_`), tkuanlun350's SegNet (`segnet_`), DrSleep's DeepLab v2
(`deeplabv2_`), kratzert's AlexNet fine-tuning (`alexnet_`) and matterport's Mask R-CNN
detection refinement (`maskrcnn_`). No data comes from the internet: inputs are small
seeded arrays; initial values are seeded (`tf.set_random_seed`) or explicit. Where a code
base's own graph leaves TF's executor an order to choose (an update beside a read of the
same ref variable, two updates of one moving average), the program is arranged, and says
how, so that TF's answer is one.

The prelude is tf1_models' (`slim`, `contrib`, `R`, `fix`). Each program stores what it
observed in `out[...]`; `tests/unit/engine/test_tf1_models2.py` runs the same text against
graphgate and compares.
"""

from __future__ import annotations

import sys

try:
    from tests.reference import harness, tf1_models
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness
    import tf1_models


PRELUDE = (
    tf1_models.PRELUDE
    + r"""
def rand(seed, *shape, scale=1.0):
    return (np.random.RandomState(seed).normal(size=shape) * scale).astype(np.float32)
"""
)

# xhujoy/CycleGAN-tensorflow: ops.py, module.py, utils.py's ImagePool, model.py's graph.
CYCLEGAN = r"""
import copy
from collections import namedtuple

def batch_norm(x, name="batch_norm"):
    return contrib.layers.batch_norm(x, decay=0.9, updates_collections=None, epsilon=1e-5,
                                     scale=True, scope=name)

def instance_norm(input, name="instance_norm"):
    with tf.variable_scope(name):
        depth = input.get_shape()[3]
        scale = tf.get_variable("scale", [depth],
                                initializer=tf.random_normal_initializer(1.0, 0.02, dtype=tf.float32))
        offset = tf.get_variable("offset", [depth], initializer=tf.constant_initializer(0.0))
        mean, variance = tf.nn.moments(input, axes=[1, 2], keep_dims=True)
        epsilon = 1e-5
        inv = tf.rsqrt(variance + epsilon)
        normalized = (input - mean) * inv
        return scale * normalized + offset

def conv2d(input_, output_dim, ks=4, s=2, stddev=0.02, padding='SAME', name="conv2d"):
    with tf.variable_scope(name):
        return slim.conv2d(input_, output_dim, ks, s, padding=padding, activation_fn=None,
                           weights_initializer=tf.truncated_normal_initializer(stddev=stddev),
                           biases_initializer=None)

def deconv2d(input_, output_dim, ks=4, s=2, stddev=0.02, name="deconv2d"):
    with tf.variable_scope(name):
        return slim.conv2d_transpose(input_, output_dim, ks, s, padding='SAME', activation_fn=None,
                                     weights_initializer=tf.truncated_normal_initializer(stddev=stddev),
                                     biases_initializer=None)

def lrelu(x, leak=0.2, name="lrelu"):
    return tf.maximum(x, leak * x)

def discriminator(image, options, reuse=False, name="discriminator"):
    with tf.variable_scope(name):
        if reuse:
            tf.get_variable_scope().reuse_variables()
        else:
            assert tf.get_variable_scope().reuse is False
        h0 = lrelu(conv2d(image, options.df_dim, name='d_h0_conv'))
        h1 = lrelu(instance_norm(conv2d(h0, options.df_dim * 2, name='d_h1_conv'), 'd_bn1'))
        h2 = lrelu(instance_norm(conv2d(h1, options.df_dim * 4, name='d_h2_conv'), 'd_bn2'))
        h3 = lrelu(instance_norm(conv2d(h2, options.df_dim * 8, s=1, name='d_h3_conv'), 'd_bn3'))
        h4 = conv2d(h3, 1, s=1, name='d_h3_pred')
        return h4

def generator_resnet(image, options, reuse=False, name="generator"):
    with tf.variable_scope(name):
        if reuse:
            tf.get_variable_scope().reuse_variables()
        else:
            assert tf.get_variable_scope().reuse is False

        def residule_block(x, dim, ks=3, s=1, name='res'):
            p = int((ks - 1) / 2)
            y = tf.pad(x, [[0, 0], [p, p], [p, p], [0, 0]], "REFLECT")
            y = instance_norm(conv2d(y, dim, ks, s, padding='VALID', name=name + '_c1'), name + '_bn1')
            y = tf.pad(tf.nn.relu(y), [[0, 0], [p, p], [p, p], [0, 0]], "REFLECT")
            y = instance_norm(conv2d(y, dim, ks, s, padding='VALID', name=name + '_c2'), name + '_bn2')
            return y + x

        c0 = tf.pad(image, [[0, 0], [3, 3], [3, 3], [0, 0]], "REFLECT")
        c1 = tf.nn.relu(instance_norm(conv2d(c0, options.gf_dim, 7, 1, padding='VALID', name='g_e1_c'), 'g_e1_bn'))
        c2 = tf.nn.relu(instance_norm(conv2d(c1, options.gf_dim * 2, 3, 2, name='g_e2_c'), 'g_e2_bn'))
        c3 = tf.nn.relu(instance_norm(conv2d(c2, options.gf_dim * 4, 3, 2, name='g_e3_c'), 'g_e3_bn'))
        r1 = residule_block(c3, options.gf_dim * 4, name='g_r1')
        r2 = residule_block(r1, options.gf_dim * 4, name='g_r2')
        d1 = deconv2d(r2, options.gf_dim * 2, 3, 2, name='g_d1_dc')
        d1 = tf.nn.relu(instance_norm(d1, 'g_d1_bn'))
        d2 = deconv2d(d1, options.gf_dim, 3, 2, name='g_d2_dc')
        d2 = tf.nn.relu(instance_norm(d2, 'g_d2_bn'))
        d2 = tf.pad(d2, [[0, 0], [3, 3], [3, 3], [0, 0]], "REFLECT")
        pred = tf.nn.tanh(conv2d(d2, options.output_c_dim, 7, 1, padding='VALID', name='g_pred_c'))
        return pred

def generator_unet(image, options, reuse=False, name="generator"):
    dropout_rate = 0.5 if options.is_training else 1.0
    with tf.variable_scope(name):
        if reuse:
            tf.get_variable_scope().reuse_variables()
        e1 = instance_norm(conv2d(image, options.gf_dim, name='g_e1_conv'))
        e2 = instance_norm(conv2d(lrelu(e1), options.gf_dim * 2, name='g_e2_conv'), 'g_bn_e2')
        e3 = instance_norm(conv2d(lrelu(e2), options.gf_dim * 4, name='g_e3_conv'), 'g_bn_e3')
        d1 = deconv2d(tf.nn.relu(e3), options.gf_dim * 2, name='g_d1')
        d1 = tf.nn.dropout(d1, dropout_rate)
        d1 = tf.concat([instance_norm(d1, 'g_bn_d1'), e2], 3)
        d2 = deconv2d(tf.nn.relu(d1), options.gf_dim, name='g_d2')
        d2 = tf.concat([instance_norm(d2, 'g_bn_d2'), e1], 3)
        d3 = deconv2d(tf.nn.relu(d2), options.output_c_dim, name='g_d3')
        return tf.nn.tanh(d3)

def abs_criterion(in_, target):
    return tf.reduce_mean(tf.abs(in_ - target))

def mae_criterion(in_, target):
    return tf.reduce_mean((in_ - target) ** 2)

def sce_criterion(logits, labels):
    return tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=logits, labels=labels))

class ImagePool(object):
    def __init__(self, maxsize=50):
        self.maxsize = maxsize
        self.num_img = 0
        self.images = []

    def __call__(self, image):
        if self.maxsize <= 0:
            return image
        if self.num_img < self.maxsize:
            self.images.append(image)
            self.num_img += 1
            return image
        if np.random.rand() > 0.5:
            idx = int(np.random.rand() * self.maxsize)
            tmp1 = copy.copy(self.images[idx])[0]
            self.images[idx][0] = image[0]
            idx = int(np.random.rand() * self.maxsize)
            tmp2 = copy.copy(self.images[idx])[1]
            self.images[idx][1] = image[1]
            return [tmp1, tmp2]
        else:
            return image

OPTIONS = namedtuple('OPTIONS', 'batch_size image_size gf_dim df_dim output_c_dim is_training')

def build_model(options, generator, criterionGAN, L1_lambda=10.0, size=16):
    m = SimpleNamespace()
    m.real_data = tf.placeholder(tf.float32, [None, size, size, 6], name='real_A_and_B_images')
    m.real_A = m.real_data[:, :, :, :3]
    m.real_B = m.real_data[:, :, :, 3:6]
    m.fake_B = generator(m.real_A, options, False, name="generatorA2B")
    m.fake_A_ = generator(m.fake_B, options, False, name="generatorB2A")
    m.fake_A = generator(m.real_B, options, True, name="generatorB2A")
    m.fake_B_ = generator(m.fake_A, options, True, name="generatorA2B")
    m.DB_fake = discriminator(m.fake_B, options, reuse=False, name="discriminatorB")
    m.DA_fake = discriminator(m.fake_A, options, reuse=False, name="discriminatorA")
    m.g_loss = criterionGAN(m.DA_fake, tf.ones_like(m.DA_fake)) \
        + criterionGAN(m.DB_fake, tf.ones_like(m.DB_fake)) \
        + L1_lambda * abs_criterion(m.real_A, m.fake_A_) \
        + L1_lambda * abs_criterion(m.real_B, m.fake_B_)
    m.fake_A_sample = tf.placeholder(tf.float32, [None, size, size, 3], name='fake_A_sample')
    m.fake_B_sample = tf.placeholder(tf.float32, [None, size, size, 3], name='fake_B_sample')
    m.DB_real = discriminator(m.real_B, options, reuse=True, name="discriminatorB")
    m.DA_real = discriminator(m.real_A, options, reuse=True, name="discriminatorA")
    m.DB_fake_sample = discriminator(m.fake_B_sample, options, reuse=True, name="discriminatorB")
    m.DA_fake_sample = discriminator(m.fake_A_sample, options, reuse=True, name="discriminatorA")
    m.db_loss = (criterionGAN(m.DB_real, tf.ones_like(m.DB_real))
                 + criterionGAN(m.DB_fake_sample, tf.zeros_like(m.DB_fake_sample))) / 2
    m.da_loss = (criterionGAN(m.DA_real, tf.ones_like(m.DA_real))
                 + criterionGAN(m.DA_fake_sample, tf.zeros_like(m.DA_fake_sample))) / 2
    m.d_loss = m.da_loss + m.db_loss
    t_vars = tf.trainable_variables()
    m.d_vars = [var for var in t_vars if 'discriminator' in var.name]
    m.g_vars = [var for var in t_vars if 'generator' in var.name]
    m.lr = tf.placeholder(tf.float32, None, name='learning_rate')
    m.d_optim = tf.train.AdamOptimizer(m.lr, beta1=0.5).minimize(m.d_loss, var_list=m.d_vars)
    m.g_optim = tf.train.AdamOptimizer(m.lr, beta1=0.5).minimize(m.g_loss, var_list=m.g_vars)
    return m

def cyclegan_train(m, steps, epoch_step=2, epochs=4, lr0=2e-3, size=16, pool_size=2):
    pool = ImagePool(pool_size)
    np.random.seed(3)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    hist = []
    for epoch in range(steps):
        lr = lr0 if epoch < epoch_step else lr0 * (epochs - epoch) / (epochs - epoch_step)
        batch = np.concatenate([rand(10 + epoch, 1, size, size, 3) * 0.5,
                                np.tanh(rand(20 + epoch, 1, size, size, 3))], axis=3)
        fake_A, fake_B = sess.run([m.fake_A, m.fake_B], {m.real_data: batch})
        g_loss, _ = sess.run([m.g_loss, m.g_optim], {m.real_data: batch, m.lr: lr})
        [fake_A, fake_B] = pool([fake_A, fake_B])
        d_loss, _ = sess.run([m.d_loss, m.d_optim], {m.real_data: batch, m.fake_A_sample: fake_A,
                                                     m.fake_B_sample: fake_B, m.lr: lr})
        hist.append([float(g_loss), float(d_loss), lr])
    return sess, hist, batch
"""

CYCLEGAN_PROGRAMS = {
    # The resnet generator (reflection pads, instance norms, slim's transposed convolutions)
    # and the LSGAN losses, trained four alternating steps with the image pool swapping.
    "cyclegan_resnet_lsgan_train": CYCLEGAN
    + r"""
tf.set_random_seed(5)
options = OPTIONS(1, 16, 2, 2, 3, True)
m = build_model(options, generator_resnet, mae_criterion)
out["n_vars"] = [len(m.d_vars), len(m.g_vars), len(tf.global_variables())]
out["names"] = [v.op.name for v in m.g_vars[:8]]
out["shapes"] = [m.fake_B.shape.as_list(), m.DB_fake.shape.as_list()]
sess, hist, batch = cyclegan_train(m, 4)
out["hist"] = hist
R({"fake_B": m.fake_B[0, :3, :3, 0], "DA_real": m.DA_real,
   "scale": tf.trainable_variables()[1]}, feed={m.real_data: batch}, sess=sess)
""",
    # The U-Net generator (dropout in training, skip concatenations) and the sigmoid
    # cross-entropy criterion; test mode turns dropout off with keep_prob 1.0.
    "cyclegan_unet_sce_and_test_mode": CYCLEGAN
    + r"""
tf.set_random_seed(6)
options = OPTIONS(1, 16, 2, 2, 3, False)
m = build_model(options, generator_unet, sce_criterion)
sess, hist, batch = cyclegan_train(m, 3, epoch_step=1, epochs=3)
out["hist"] = hist
test_A = tf.placeholder(tf.float32, [None, 16, 16, 3], name='test_A')
testB = generator_unet(test_A, options, True, name="generatorA2B")
R({"testB": testB[0, ::5, ::5, :]}, feed={test_A: rand(7, 1, 16, 16, 3)}, sess=sess)
out["reflect"] = sess.run(tf.pad(tf.reshape(tf.range(6.0), [1, 2, 3, 1]),
                                 [[0, 0], [1, 1], [2, 2], [0, 0]], "REFLECT"))[0, :, :, 0].tolist()
out["symmetric"] = sess.run(tf.pad(tf.reshape(tf.range(6.0), [1, 2, 3, 1]),
                                   [[0, 0], [2, 2], [3, 3], [0, 0]], "SYMMETRIC"))[0, :, :, 0].tolist()
""",
}

# tensorflow/models research/deeplab: model.py (ASPP, decoder, logits), core/utils.py,
# utils/train_utils.py's loss, core/preprocess_utils.py; a tiny backbone stands for
# xception/resnet (its strides and rate give output_stride 4).
DEEPLAB = r"""
LOGITS_SCOPE_NAME = 'logits'
MERGED_LOGITS_SCOPE = 'merged_logits'
IMAGE_POOLING_SCOPE = 'image_pooling'
ASPP_SCOPE = 'aspp'
CONCAT_PROJECTION_SCOPE = 'concat_projection'
DECODER_SCOPE = 'decoder'

def scale_dimension(dim, scale):
    if isinstance(dim, tf.Tensor):
        return tf.cast((tf.cast(dim, tf.float32) - 1.0) * scale + 1.0, dtype=tf.int32)
    else:
        return int((float(dim) - 1.0) * scale + 1.0)

def _resize_bilinear(images, size, output_dtype=tf.float32):
    images = tf.image.resize_bilinear(images, size, align_corners=True)
    return tf.cast(images, dtype=output_dtype)

def resolve_shape(tensor, rank=None, scope=None):
    with tf.name_scope(scope, 'resolve_shape', [tensor]):
        if rank is not None:
            shape = tensor.get_shape().with_rank(rank).as_list()
        else:
            shape = tensor.get_shape().as_list()
        if None in shape:
            shape_dynamic = tf.shape(tensor)
            for i in range(len(shape)):
                if shape[i] is None:
                    shape[i] = shape_dynamic[i]
        return shape

def split_separable_conv2d(inputs, filters, kernel_size=3, rate=1, weight_decay=0.00004,
                           depthwise_weights_initializer_stddev=0.33,
                           pointwise_weights_initializer_stddev=0.06, scope=None):
    outputs = slim.separable_conv2d(
        inputs, None, kernel_size=kernel_size, depth_multiplier=1, rate=rate,
        weights_initializer=tf.truncated_normal_initializer(stddev=depthwise_weights_initializer_stddev),
        weights_regularizer=None, scope=scope + '_depthwise')
    return slim.conv2d(
        outputs, filters, 1,
        weights_initializer=tf.truncated_normal_initializer(stddev=pointwise_weights_initializer_stddev),
        weights_regularizer=slim.l2_regularizer(weight_decay), scope=scope + '_pointwise')

def extract_features(images, options, weight_decay=0.0001, reuse=None, is_training=False):
    end_points = {}
    with tf.variable_scope('backbone', reuse=reuse):
        with slim.arg_scope([slim.conv2d], normalizer_fn=slim.batch_norm,
                            normalizer_params={'is_training': is_training, 'decay': 0.9997,
                                               'epsilon': 1e-5, 'scale': True}):
            net = slim.conv2d(images, 4, 3, stride=2, scope='conv1')
            end_points['backbone/conv1'] = net
            net = slim.conv2d(net, 6, 3, stride=2, scope='conv2')
            net = slim.conv2d(net, 8, 3, rate=2, scope='conv3')
    features = net
    batch_norm_params = {'is_training': is_training and options.fine_tune_batch_norm,
                         'decay': 0.9997, 'epsilon': 1e-5, 'scale': True}
    with slim.arg_scope([slim.conv2d, slim.separable_conv2d],
                        weights_regularizer=slim.l2_regularizer(weight_decay),
                        activation_fn=tf.nn.relu, normalizer_fn=slim.batch_norm, padding='SAME',
                        stride=1, reuse=reuse):
        with slim.arg_scope([slim.batch_norm], **batch_norm_params):
            depth = options.depth
            branch_logits = []
            if options.add_image_level_feature:
                pool_height = scale_dimension(options.crop_size[0], 1. / options.output_stride)
                pool_width = scale_dimension(options.crop_size[1], 1. / options.output_stride)
                image_feature = tf.reduce_mean(features, axis=[1, 2], keepdims=True)
                image_feature = slim.conv2d(image_feature, depth, 1, scope=IMAGE_POOLING_SCOPE)
                image_feature = _resize_bilinear(image_feature, [pool_height, pool_width],
                                                 image_feature.dtype)
                if isinstance(pool_height, tf.Tensor):
                    pool_height = None
                if isinstance(pool_width, tf.Tensor):
                    pool_width = None
                image_feature.set_shape([None, pool_height, pool_width, depth])
                branch_logits.append(image_feature)
            branch_logits.append(slim.conv2d(features, depth, 1, scope=ASPP_SCOPE + str(0)))
            for i, rate in enumerate(options.atrous_rates, 1):
                scope = ASPP_SCOPE + str(i)
                if options.aspp_with_separable_conv:
                    aspp_features = split_separable_conv2d(features, filters=depth, rate=rate,
                                                           weight_decay=weight_decay, scope=scope)
                else:
                    aspp_features = slim.conv2d(features, depth, 3, rate=rate, scope=scope)
                branch_logits.append(aspp_features)
            concat_logits = tf.concat(branch_logits, 3)
            concat_logits = slim.conv2d(concat_logits, depth, 1, scope=CONCAT_PROJECTION_SCOPE)
            concat_logits = slim.dropout(concat_logits, keep_prob=0.9, is_training=is_training,
                                         scope=CONCAT_PROJECTION_SCOPE + '_dropout')
            return concat_logits, end_points

def refine_by_decoder(features, end_points, crop_size, decoder_output_stride, weight_decay=0.0001,
                      reuse=None, is_training=False, fine_tune_batch_norm=False):
    batch_norm_params = {'is_training': is_training and fine_tune_batch_norm,
                         'decay': 0.9997, 'epsilon': 1e-5, 'scale': True}
    with slim.arg_scope([slim.conv2d, slim.separable_conv2d],
                        weights_regularizer=slim.l2_regularizer(weight_decay),
                        activation_fn=tf.nn.relu, normalizer_fn=slim.batch_norm, padding='SAME',
                        stride=1, reuse=reuse):
        with slim.arg_scope([slim.batch_norm], **batch_norm_params):
            with tf.variable_scope(DECODER_SCOPE, DECODER_SCOPE, [features]):
                decoder_features_list = [features]
                decoder_features_list.append(
                    slim.conv2d(end_points['backbone/conv1'], 4, 1, scope='feature_projection0'))
                decoder_height = scale_dimension(crop_size[0], 1.0 / decoder_output_stride)
                decoder_width = scale_dimension(crop_size[1], 1.0 / decoder_output_stride)
                for j, feature in enumerate(decoder_features_list):
                    decoder_features_list[j] = _resize_bilinear(
                        feature, [decoder_height, decoder_width], feature.dtype)
                    h = (None if isinstance(decoder_height, tf.Tensor) else decoder_height)
                    w = (None if isinstance(decoder_width, tf.Tensor) else decoder_width)
                    decoder_features_list[j].set_shape([None, h, w, None])
                decoder_features = split_separable_conv2d(
                    tf.concat(decoder_features_list, 3), filters=6, rate=1,
                    weight_decay=weight_decay, scope='decoder_conv0')
                return split_separable_conv2d(decoder_features, filters=6, rate=1,
                                              weight_decay=weight_decay, scope='decoder_conv1')

def get_branch_logits(features, num_classes, atrous_rates=None, aspp_with_batch_norm=False,
                      kernel_size=1, weight_decay=0.0001, reuse=None, scope_suffix=''):
    if aspp_with_batch_norm or atrous_rates is None:
        atrous_rates = [1]
    with slim.arg_scope([slim.conv2d], weights_regularizer=slim.l2_regularizer(weight_decay),
                        weights_initializer=tf.truncated_normal_initializer(stddev=0.01),
                        reuse=reuse):
        with tf.variable_scope(LOGITS_SCOPE_NAME, LOGITS_SCOPE_NAME, [features]):
            branch_logits = []
            for i, rate in enumerate(atrous_rates):
                scope = scope_suffix
                if i:
                    scope += '_%d' % i
                branch_logits.append(
                    slim.conv2d(features, num_classes, kernel_size=kernel_size, rate=rate,
                                activation_fn=None, normalizer_fn=None, scope=scope))
            return tf.add_n(branch_logits)

def multi_scale_logits_single(images, options, is_training, reuse=None):
    features, end_points = extract_features(images, options, reuse=reuse, is_training=is_training)
    features = refine_by_decoder(features, end_points, options.crop_size, 2, reuse=reuse,
                                 is_training=is_training,
                                 fine_tune_batch_norm=options.fine_tune_batch_norm)
    return get_branch_logits(features, options.num_classes, options.atrous_rates,
                             aspp_with_batch_norm=True, reuse=reuse, scope_suffix='semantic')

def add_softmax_cross_entropy_loss(logits, labels, num_classes, ignore_label, loss_weight=1.0,
                                   upsample_logits=True, scope=None):
    if upsample_logits:
        logits = tf.image.resize_bilinear(logits, resolve_shape(labels, 4)[1:3], align_corners=True)
        scaled_labels = labels
    else:
        scaled_labels = tf.image.resize_nearest_neighbor(labels, resolve_shape(logits, 4)[1:3],
                                                         align_corners=True)
    scaled_labels = tf.reshape(scaled_labels, shape=[-1])
    not_ignore_mask = tf.to_float(tf.not_equal(scaled_labels, ignore_label)) * loss_weight
    one_hot_labels = tf.one_hot(scaled_labels, num_classes, on_value=1.0, off_value=0.0)
    return tf.losses.softmax_cross_entropy(one_hot_labels,
                                           tf.reshape(logits, shape=[-1, num_classes]),
                                           weights=not_ignore_mask, scope=scope)

OPTIONS = SimpleNamespace(crop_size=[17, 17], output_stride=4, atrous_rates=[1, 2],
                          add_image_level_feature=True, aspp_with_separable_conv=True,
                          fine_tune_batch_norm=True, depth=6, num_classes=3)

def seg_batch(seed, n=2, size=17):
    rs = np.random.RandomState(seed)
    images = rs.uniform(-1, 1, (n, size, size, 3)).astype(np.float32)
    labels = (images[..., :1] > 0.2).astype(np.int32) + (images[..., 1:2] > 0.5).astype(np.int32)
    labels[:, :2, :3] = 255
    return images, labels
"""

DEEPLAB_PROGRAMS = {
    # The train graph: backbone, ASPP (image pooling, a 1x1 and a separable atrous branch),
    # the decoder over the stride-2 end point, logits upsampled to the labels, the loss
    # ignoring label 255 plus the regularizers, and momentum steps under UPDATE_OPS.
    "deeplab_aspp_decoder_train": DEEPLAB
    + r"""
tf.set_random_seed(12)
images = tf.placeholder(tf.float32, [None, 17, 17, 3])
labels = tf.placeholder(tf.int32, [None, 17, 17, 1])
logits = multi_scale_logits_single(images, OPTIONS, is_training=True)
out["logits_shape"] = logits.shape.as_list()
add_softmax_cross_entropy_loss(logits, labels, 3, 255, scope='semantic')
total_loss = tf.losses.get_total_loss(add_regularization_losses=True)
out["n_losses"] = [len(tf.losses.get_losses()), len(tf.losses.get_regularization_losses())]
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
opt = tf.train.MomentumOptimizer(0.05, 0.9)
with tf.control_dependencies(update_ops):
    train_op = opt.minimize(total_loss)
out["scopes"] = sorted({v.op.name.split('/')[0] for v in tf.global_variables()})
out["sep"] = [v.shape.as_list() for v in tf.global_variables() if 'aspp1_depthwise' in v.op.name]
img, lab = seg_batch(1)
feed = {images: img, labels: lab}
s = tf.Session(); s.run(tf.global_variables_initializer())
losses = []
for _ in range(3):
    losses.append(float(s.run(total_loss, feed)))
    s.run(train_op, feed)
out["losses"] = losses
R({"pred": tf.argmax(logits, 3)[:, ::2, ::2],
   "mm": [v for v in tf.global_variables() if v.op.name.endswith('aspp0/BatchNorm/moving_mean')][0]},
  feed=feed, sess=s)
""",
    # eval.py and vis.py: the model in inference mode at scales 1.0 and 0.5 with flipped
    # inputs, logits resized (align_corners) and averaged, then mean IoU with the ignore
    # label mapped to 0 and weighted out.
    "deeplab_multiscale_flip_mean_iou": DEEPLAB
    + r"""
tf.set_random_seed(13)
images = tf.placeholder(tf.float32, [2, 17, 17, 3])
labels = tf.placeholder(tf.int32, [2, 17, 17, 1])
outputs = []
for i, scale in enumerate([1.0, 0.5]):
    h = scale_dimension(17, scale)
    scaled = _resize_bilinear(images, [h, h]) if scale != 1.0 else images
    opts = SimpleNamespace(**dict(vars(OPTIONS), crop_size=[h, h]))
    for flip in (False, True):
        inp = tf.reverse_v2(scaled, [2]) if flip else scaled
        lg = multi_scale_logits_single(inp, opts, is_training=False,
                                       reuse=True if (i or flip) else None)
        if flip:
            lg = tf.reverse_v2(lg, [2])
        outputs.append(tf.nn.softmax(_resize_bilinear(lg, [17, 17])))
merged = tf.reduce_mean(tf.stack(outputs, 4), axis=4)
predictions = tf.argmax(merged, 3)
predictions = tf.reshape(predictions, shape=[-1])
flat = tf.reshape(labels, shape=[-1])
weights = tf.to_float(tf.not_equal(flat, 255))
flat = tf.where(tf.equal(flat, 255), tf.zeros_like(flat), flat)
miou, update = tf.metrics.mean_iou(predictions, flat, 3, weights=weights)
s = tf.Session()
s.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
for k in range(2):
    img, lab = seg_batch(20 + k)
    s.run(update, {images: img, labels: lab})
out["miou"] = float(s.run(miou))
img, lab = seg_batch(30)
R({"merged": merged[0, ::4, ::4], "scaled": _resize_bilinear(images, [9, 9])[1, ::3, ::3, 0]},
  feed={images: img}, sess=s)
""",
    # preprocess_utils: pad_to_bounding_box around a pad value (subtract, pad, add),
    # resize_to_range with a factor (bilinear, align_corners; labels nearest), the
    # randomly_scale_image_and_label resize at a fixed scale, and the Asserts it builds.
    "deeplab_preprocess_pad_and_resize_to_range": DEEPLAB
    + r"""
def pad_to_bounding_box(image, offset_height, offset_width, target_height, target_width, pad_value):
    with tf.name_scope(None, 'pad_to_bounding_box', [image]):
        image = tf.convert_to_tensor(image, name='image')
        original_dtype = image.dtype
        if original_dtype != tf.float32 and original_dtype != tf.float64:
            image = tf.cast(image, tf.int32)
        image_rank_assert = tf.Assert(
            tf.logical_or(tf.equal(tf.rank(image), 3), tf.equal(tf.rank(image), 4)),
            ['Wrong image tensor rank.'])
        with tf.control_dependencies([image_rank_assert]):
            image -= pad_value
        image_shape = image.get_shape()
        is_batch = True
        if image_shape.ndims == 3:
            is_batch = False
            image = tf.expand_dims(image, 0)
        elif image_shape.ndims is None:
            is_batch = False
            image = tf.expand_dims(image, 0)
            image.set_shape([None] * 4)
        _, height, width, _ = resolve_shape(image, rank=4)
        target_width_assert = tf.Assert(tf.greater_equal(target_width, width),
                                        ['target_width must be >= width'])
        target_height_assert = tf.Assert(tf.greater_equal(target_height, height),
                                         ['target_height must be >= height'])
        with tf.control_dependencies([target_width_assert]):
            after_padding_width = target_width - offset_width - width
        with tf.control_dependencies([target_height_assert]):
            after_padding_height = target_height - offset_height - height
        offset_assert = tf.Assert(
            tf.logical_and(tf.greater_equal(after_padding_width, 0),
                           tf.greater_equal(after_padding_height, 0)),
            ['target size not possible with the given target offsets'])
        batch_params = tf.stack([0, 0])
        height_params = tf.stack([offset_height, after_padding_height])
        width_params = tf.stack([offset_width, after_padding_width])
        channel_params = tf.stack([0, 0])
        with tf.control_dependencies([offset_assert]):
            paddings = tf.stack([batch_params, height_params, width_params, channel_params])
        padded = tf.pad(image, paddings)
        if not is_batch:
            padded = tf.squeeze(padded, axis=[0])
        outputs = padded + pad_value
        if outputs.dtype != original_dtype:
            outputs = tf.cast(outputs, original_dtype)
        return outputs

def resize_to_range(image, label=None, min_size=None, max_size=None, factor=None,
                    align_corners=True, scope=None, method=tf.image.ResizeMethod.BILINEAR):
    with tf.name_scope(scope, 'resize_to_range', [image]):
        new_tensor_list = []
        min_size = tf.cast(min_size, tf.float32)
        if max_size is not None:
            max_size = tf.cast(max_size, tf.float32)
            if factor is not None:
                max_size = (max_size - (max_size - 1) % factor)
        [orig_height, orig_width, _] = resolve_shape(image, rank=3)
        orig_height = tf.cast(orig_height, tf.float32)
        orig_width = tf.cast(orig_width, tf.float32)
        orig_min_size = tf.minimum(orig_height, orig_width)
        large_scale_factor = min_size / orig_min_size
        large_height = tf.cast(tf.floor(orig_height * large_scale_factor), tf.int32)
        large_width = tf.cast(tf.floor(orig_width * large_scale_factor), tf.int32)
        large_size = tf.stack([large_height, large_width])
        new_size = large_size
        if max_size is not None:
            orig_max_size = tf.maximum(orig_height, orig_width)
            small_scale_factor = max_size / orig_max_size
            small_height = tf.cast(tf.floor(orig_height * small_scale_factor), tf.int32)
            small_width = tf.cast(tf.floor(orig_width * small_scale_factor), tf.int32)
            small_size = tf.stack([small_height, small_width])
            new_size = tf.cond(tf.cast(tf.reduce_max(large_size), tf.float32) > max_size,
                               lambda: small_size, lambda: large_size)
        if factor is not None:
            new_size += (factor - (new_size - 1) % factor) % factor
        new_tensor_list.append(tf.image.resize_images(image, new_size, method=method,
                                                      align_corners=align_corners))
        if label is not None:
            new_tensor_list.append(tf.image.resize_images(
                label, new_size, method=tf.image.ResizeMethod.NEAREST_NEIGHBOR,
                align_corners=align_corners))
        else:
            new_tensor_list.append(None)
        return new_tensor_list

image = tf.placeholder(tf.float32, [None, None, 3])
label = tf.placeholder(tf.int32, [None, None, 1])
mean_pixel = tf.reshape([127.5, 127.5, 127.5], [1, 1, 3])
padded = pad_to_bounding_box(image, 1, 2, 9, 10, mean_pixel)
padded_label = pad_to_bounding_box(label, 1, 2, 9, 10, 255)
resized, resized_label = resize_to_range(image, label, min_size=7, max_size=11, factor=4)
scaled = tf.squeeze(tf.image.resize_bilinear(tf.expand_dims(image, 0), [9, 8], align_corners=True), [0])
scaled_label = tf.squeeze(tf.image.resize_nearest_neighbor(tf.expand_dims(label, 0), [9, 8],
                                                           align_corners=True), [0])
out["static"] = [padded.shape.as_list(), padded_label.dtype.name, resized.shape.as_list()]
rs = np.random.RandomState(3)
img = rs.uniform(0, 255, (6, 5, 3)).astype(np.float32)
lab = rs.randint(0, 3, (6, 5, 1)).astype(np.int32)
s = tf.Session()
feed = {image: img, label: lab}
R({"padded": padded[:, :, 0], "padded_label": padded_label[..., 0], "resized": resized[..., 1],
   "resized_label": resized_label[..., 0], "scaled": scaled[..., 2],
   "scaled_label": scaled_label[..., 0]}, feed=feed, sess=s)
out["too_small"] = raises(lambda: s.run(pad_to_bounding_box(image, 5, 0, 9, 10, mean_pixel), feed))
"""
    + "\n",
}

# tensorflow/models research/slim/nets: inception_v3.py, mobilenet/conv_blocks.py and
# mobilenet_v2.py, inception_resnet_v2.py (tf1_codebases has resnet, vgg, mobilenet_v1).
SLIMNET_PROGRAMS = {
    # inception_v3_base's mixed blocks at depth_multiplier 0.1: the 35x35 (5b), the
    # reduction (6a, VALID strides), the factorized 1x7/7x1 (6b) and the expanded 3x1/1x3
    # (7b) blocks, the aux head with _reduced_kernel_size_for_small_input, label-smoothed
    # losses and two RMSProp steps (inception_train's decay 0.9, momentum 0.9, epsilon 1.0).
    "slimnet_inception_v3_mixed_blocks": r"""
def trunc_normal(stddev):
    return tf.truncated_normal_initializer(0.0, stddev)

def _reduced_kernel_size_for_small_input(input_tensor, kernel_size):
    shape = input_tensor.get_shape().as_list()
    if shape[1] is None or shape[2] is None:
        kernel_size_out = kernel_size
    else:
        kernel_size_out = [min(shape[1], kernel_size[0]), min(shape[2], kernel_size[1])]
    return kernel_size_out

def inception_v3_arg_scope(weight_decay=0.00004, stddev=0.1, batch_norm_decay=0.9997,
                           batch_norm_epsilon=0.001):
    batch_norm_params = {'decay': batch_norm_decay, 'epsilon': batch_norm_epsilon,
                         'updates_collections': tf.GraphKeys.UPDATE_OPS, 'fused': None}
    with slim.arg_scope([slim.conv2d, slim.fully_connected],
                        weights_regularizer=slim.l2_regularizer(weight_decay)):
        with slim.arg_scope([slim.conv2d], weights_initializer=trunc_normal(stddev),
                            activation_fn=tf.nn.relu, normalizer_fn=slim.batch_norm,
                            normalizer_params=batch_norm_params) as sc:
            return sc

def inception_v3(inputs, num_classes=4, is_training=True, dropout_keep_prob=0.8,
                 min_depth=2, depth_multiplier=0.1, scope='InceptionV3'):
    depth = lambda d: max(int(d * depth_multiplier), min_depth)
    end_points = {}
    with tf.variable_scope(scope, 'InceptionV3', [inputs]) as scope:
        with slim.arg_scope([slim.batch_norm, slim.dropout], is_training=is_training):
            with slim.arg_scope([slim.conv2d, slim.max_pool2d, slim.avg_pool2d], stride=1,
                                padding='SAME'):
                net = slim.conv2d(inputs, depth(32), [3, 3], scope='Conv2d_1a_3x3')
                with tf.variable_scope('Mixed_5b'):
                    with tf.variable_scope('Branch_0'):
                        branch_0 = slim.conv2d(net, depth(64), [1, 1], scope='Conv2d_0a_1x1')
                    with tf.variable_scope('Branch_1'):
                        branch_1 = slim.conv2d(net, depth(48), [1, 1], scope='Conv2d_0a_1x1')
                        branch_1 = slim.conv2d(branch_1, depth(64), [5, 5], scope='Conv2d_0b_5x5')
                    with tf.variable_scope('Branch_2'):
                        branch_2 = slim.conv2d(net, depth(64), [1, 1], scope='Conv2d_0a_1x1')
                        branch_2 = slim.conv2d(branch_2, depth(96), [3, 3], scope='Conv2d_0b_3x3')
                        branch_2 = slim.conv2d(branch_2, depth(96), [3, 3], scope='Conv2d_0c_3x3')
                    with tf.variable_scope('Branch_3'):
                        branch_3 = slim.avg_pool2d(net, [3, 3], scope='AvgPool_0a_3x3')
                        branch_3 = slim.conv2d(branch_3, depth(32), [1, 1], scope='Conv2d_0b_1x1')
                    net = tf.concat(axis=3, values=[branch_0, branch_1, branch_2, branch_3])
                end_points['Mixed_5b'] = net
                with tf.variable_scope('Mixed_6a'):
                    with tf.variable_scope('Branch_0'):
                        branch_0 = slim.conv2d(net, depth(384), [3, 3], stride=2, padding='VALID',
                                               scope='Conv2d_1a_1x1')
                    with tf.variable_scope('Branch_1'):
                        branch_1 = slim.conv2d(net, depth(64), [1, 1], scope='Conv2d_0a_1x1')
                        branch_1 = slim.conv2d(branch_1, depth(96), [3, 3], scope='Conv2d_0b_3x3')
                        branch_1 = slim.conv2d(branch_1, depth(96), [3, 3], stride=2,
                                               padding='VALID', scope='Conv2d_1a_1x1')
                    with tf.variable_scope('Branch_2'):
                        branch_2 = slim.max_pool2d(net, [3, 3], stride=2, padding='VALID',
                                                   scope='MaxPool_1a_3x3')
                    net = tf.concat(axis=3, values=[branch_0, branch_1, branch_2])
                end_points['Mixed_6a'] = net
                with tf.variable_scope('Mixed_6b'):
                    with tf.variable_scope('Branch_0'):
                        branch_0 = slim.conv2d(net, depth(192), [1, 1], scope='Conv2d_0a_1x1')
                    with tf.variable_scope('Branch_1'):
                        branch_1 = slim.conv2d(net, depth(128), [1, 1], scope='Conv2d_0a_1x1')
                        branch_1 = slim.conv2d(branch_1, depth(128), [1, 7], scope='Conv2d_0b_1x7')
                        branch_1 = slim.conv2d(branch_1, depth(192), [7, 1], scope='Conv2d_0c_7x1')
                    with tf.variable_scope('Branch_3'):
                        branch_3 = slim.avg_pool2d(net, [3, 3], scope='AvgPool_0a_3x3')
                        branch_3 = slim.conv2d(branch_3, depth(192), [1, 1], scope='Conv2d_0b_1x1')
                    net = tf.concat(axis=3, values=[branch_0, branch_1, branch_3])
                end_points['Mixed_6b'] = net
                with tf.variable_scope('Mixed_7b'):
                    with tf.variable_scope('Branch_0'):
                        branch_0 = slim.conv2d(net, depth(320), [1, 1], scope='Conv2d_0a_1x1')
                    with tf.variable_scope('Branch_1'):
                        branch_1 = slim.conv2d(net, depth(384), [1, 1], scope='Conv2d_0a_1x1')
                        branch_1 = tf.concat(axis=3, values=[
                            slim.conv2d(branch_1, depth(384), [1, 3], scope='Conv2d_0b_1x3'),
                            slim.conv2d(branch_1, depth(384), [3, 1], scope='Conv2d_0b_3x1')])
                    net = tf.concat(axis=3, values=[branch_0, branch_1])
                end_points['Mixed_7b'] = net
            with slim.arg_scope([slim.conv2d, slim.max_pool2d, slim.avg_pool2d], stride=1,
                                padding='SAME'):
                aux_logits = end_points['Mixed_6b']
                with tf.variable_scope('AuxLogits'):
                    aux_logits = slim.avg_pool2d(aux_logits, [5, 5], stride=3, padding='VALID',
                                                 scope='AvgPool_1a_5x5')
                    aux_logits = slim.conv2d(aux_logits, depth(128), [1, 1], scope='Conv2d_1b_1x1')
                    kernel_size = _reduced_kernel_size_for_small_input(aux_logits, [5, 5])
                    aux_logits = slim.conv2d(aux_logits, depth(768), kernel_size,
                                             weights_initializer=trunc_normal(0.01),
                                             padding='VALID', scope='Conv2d_2a_{}x{}'.format(*kernel_size))
                    aux_logits = slim.conv2d(aux_logits, num_classes, [1, 1], activation_fn=None,
                                             normalizer_fn=None, weights_initializer=trunc_normal(0.001),
                                             scope='Conv2d_2b_1x1')
                    aux_logits = tf.squeeze(aux_logits, [1, 2], name='SpatialSqueeze')
                    end_points['AuxLogits'] = aux_logits
            with tf.variable_scope('Logits'):
                kernel_size = _reduced_kernel_size_for_small_input(net, [8, 8])
                net = slim.avg_pool2d(net, kernel_size, padding='VALID',
                                      scope='AvgPool_1a_{}x{}'.format(*kernel_size))
                net = slim.dropout(net, keep_prob=dropout_keep_prob, scope='Dropout_1b')
                logits = slim.conv2d(net, num_classes, [1, 1], activation_fn=None,
                                     normalizer_fn=None, scope='Conv2d_1c_1x1')
                logits = tf.squeeze(logits, [1, 2], name='SpatialSqueeze')
            end_points['Logits'] = logits
            end_points['Predictions'] = slim.softmax(logits, scope='Predictions')
    return logits, end_points

tf.set_random_seed(31)
images = tf.placeholder(tf.float32, [2, 17, 17, 3])
labels = tf.placeholder(tf.int32, [2])
with slim.arg_scope(inception_v3_arg_scope()):
    logits, end_points = inception_v3(images)
out["shapes"] = {k: v.shape.as_list() for k, v in sorted(end_points.items())}
onehot = slim.one_hot_encoding(labels, 4)
tf.losses.softmax_cross_entropy(onehot, end_points['AuxLogits'], label_smoothing=0.1, weights=0.4,
                                scope='aux_loss')
tf.losses.softmax_cross_entropy(onehot, logits, label_smoothing=0.1, weights=1.0)
total_loss = tf.losses.get_total_loss()
opt = tf.train.RMSPropOptimizer(0.01, decay=0.9, momentum=0.9, epsilon=1.0)
train_op = slim.learning.create_train_op(total_loss, opt)
out["n_update_ops"] = len(tf.get_collection(tf.GraphKeys.UPDATE_OPS))
feed = {images: rand(2, 2, 17, 17, 3), labels: [1, 3]}
s = tf.Session(); s.run(tf.global_variables_initializer())
out["losses"] = [float(s.run(train_op, feed)) for _ in range(3)]
R({"pred": end_points['Predictions'], "aux": end_points['AuxLogits']}, feed=feed, sess=s)
""",
    # mobilenet_v2's expanded_conv (expansion by a factor rounded by _make_divisible, the
    # depthwise separable_conv2d with num_outputs None, the linear projection, the residual
    # when shapes match) at depth_multiplier 0.35, relu6 under the arg scope, evaluated
    # with frozen batch norm and trained one step.
    "slimnet_mobilenet_v2_expanded_conv": r"""
def _make_divisible(v, divisor, min_value=None):
    if min_value is None:
        min_value = divisor
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v

def expand_input_by_factor(n, divisible_by=8):
    return lambda num_inputs, **_: _make_divisible(num_inputs * n, divisible_by)

def split_conv(input_tensor, num_outputs, num_ways=1, divisible_by=8, scope=None, **kwargs):
    return slim.conv2d(input_tensor, num_outputs, [1, 1], scope=scope, **kwargs)

@slim.add_arg_scope
def expanded_conv(input_tensor, num_outputs, expansion_size=expand_input_by_factor(6), stride=1,
                  rate=1, kernel_size=(3, 3), residual=True, normalizer_fn=None,
                  depthwise_channel_multiplier=1, padding='SAME', project_activation_fn=tf.identity,
                  scope=None):
    with tf.variable_scope(scope, default_name='expanded_conv') as s, \
            tf.name_scope(s.original_name_scope):
        prev_depth = input_tensor.get_shape().as_list()[3]
        depthwise_func = functools.partial(
            slim.separable_conv2d, num_outputs=None, kernel_size=kernel_size,
            depth_multiplier=depthwise_channel_multiplier, stride=stride, rate=rate,
            normalizer_fn=normalizer_fn, padding=padding, scope='depthwise')
        net = input_tensor
        if callable(expansion_size):
            inner_size = expansion_size(num_inputs=prev_depth)
        else:
            inner_size = expansion_size
        if inner_size > net.shape[3]:
            net = split_conv(net, inner_size, scope='expand', normalizer_fn=normalizer_fn)
            net = tf.identity(net, 'expansion_output')
        net = depthwise_func(net, activation_fn=tf.nn.relu6)
        net = tf.identity(net, name='depthwise_output')
        net = split_conv(net, num_outputs, scope='project', normalizer_fn=normalizer_fn,
                         activation_fn=project_activation_fn)
        if (residual and stride == 1
                and net.get_shape().as_list()[3] == input_tensor.get_shape().as_list()[3]):
            net += input_tensor
        return tf.identity(net, name='output')

def mobilenet_v2(inputs, is_training, multiplier=0.35, num_classes=3):
    d = lambda n: _make_divisible(n * multiplier, 8)
    with tf.variable_scope('MobilenetV2', [inputs]):
        with slim.arg_scope([slim.conv2d, slim.separable_conv2d],
                            weights_initializer=tf.truncated_normal_initializer(stddev=0.09),
                            normalizer_fn=slim.batch_norm, activation_fn=tf.nn.relu6), \
                slim.arg_scope([slim.batch_norm], is_training=is_training, decay=0.997,
                               center=True, scale=True), \
                slim.arg_scope([expanded_conv], normalizer_fn=slim.batch_norm):
            net = slim.conv2d(inputs, d(32), [3, 3], stride=2, scope='Conv')
            net = expanded_conv(net, d(16), expansion_size=expand_input_by_factor(1, 1),
                                scope='expanded_conv')
            net = expanded_conv(net, d(24), stride=2, scope='expanded_conv_1')
            net = expanded_conv(net, d(24), scope='expanded_conv_2')
            net = expanded_conv(net, d(32), stride=2, rate=1, scope='expanded_conv_3')
            net = slim.conv2d(net, d(64), [1, 1], scope='Conv_1')
        with tf.variable_scope('Logits'):
            net = tf.reduce_mean(net, [1, 2], keep_dims=True, name='global_pool')
            logits = slim.conv2d(net, num_classes, [1, 1], activation_fn=None, normalizer_fn=None,
                                 biases_initializer=tf.zeros_initializer(), scope='Conv2d_1c_1x1')
            return tf.squeeze(logits, [1, 2])

out["divisible"] = [_make_divisible(v, 8) for v in (3.5, 11.2, 16, 22.4, 36, 100.8)]
tf.set_random_seed(33)
images = tf.placeholder(tf.float32, [None, 16, 16, 3])
train_logits = mobilenet_v2(images, True)
names = [v.op.name for v in tf.global_variables()]
out["names"] = [n for n in names if 'expanded_conv_1/' in n]
out["shapes"] = [v.shape.as_list() for v in tf.global_variables() if 'depthwise_weights' in v.op.name]
loss = tf.losses.sparse_softmax_cross_entropy([0, 2, 1], train_logits)
with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
with tf.variable_scope('', reuse=True):
    eval_logits = mobilenet_v2(images, False)
feed = {images: rand(4, 3, 16, 16, 3)}
s = tf.Session(); s.run(tf.global_variables_initializer())
out["losses"] = [float(s.run([loss, train_op], feed)[0]) for _ in range(2)]
R({"eval": eval_logits, "train": train_logits}, feed=feed, sess=s)
""",
    # inception_resnet_v2's block35 and block17 repeated by slim.repeat with scale, the
    # relu6 branch's clip_by_value, and the 'Conv2d_1x1' projection to the input's depth.
    "slimnet_inception_resnet_v2_blocks": r"""
def block35(net, scale=1.0, activation_fn=tf.nn.relu, scope=None, reuse=None):
    with tf.variable_scope(scope, 'Block35', [net], reuse=reuse):
        with tf.variable_scope('Branch_0'):
            tower_conv = slim.conv2d(net, 3, 1, scope='Conv2d_1x1')
        with tf.variable_scope('Branch_1'):
            tower_conv1_0 = slim.conv2d(net, 3, 1, scope='Conv2d_0a_1x1')
            tower_conv1_1 = slim.conv2d(tower_conv1_0, 3, 3, scope='Conv2d_0b_3x3')
        with tf.variable_scope('Branch_2'):
            tower_conv2_0 = slim.conv2d(net, 3, 1, scope='Conv2d_0a_1x1')
            tower_conv2_1 = slim.conv2d(tower_conv2_0, 4, 3, scope='Conv2d_0b_3x3')
            tower_conv2_2 = slim.conv2d(tower_conv2_1, 6, 3, scope='Conv2d_0c_3x3')
        mixed = tf.concat(axis=3, values=[tower_conv, tower_conv1_1, tower_conv2_2])
        up = slim.conv2d(mixed, net.get_shape()[3], 1, normalizer_fn=None, activation_fn=None,
                         scope='Conv2d_1x1')
        scaled_up = up * scale
        if activation_fn == tf.nn.relu6:
            scaled_up = tf.clip_by_value(scaled_up, -6.0, 6.0)
        net += scaled_up
        if activation_fn:
            net = activation_fn(net)
    return net

def block17(net, scale=1.0, activation_fn=tf.nn.relu, scope=None, reuse=None):
    with tf.variable_scope(scope, 'Block17', [net], reuse=reuse):
        with tf.variable_scope('Branch_0'):
            tower_conv = slim.conv2d(net, 6, 1, scope='Conv2d_1x1')
        with tf.variable_scope('Branch_1'):
            tower_conv1_0 = slim.conv2d(net, 4, 1, scope='Conv2d_0a_1x1')
            tower_conv1_1 = slim.conv2d(tower_conv1_0, 5, [1, 7], scope='Conv2d_0b_1x7')
            tower_conv1_2 = slim.conv2d(tower_conv1_1, 6, [7, 1], scope='Conv2d_0c_7x1')
        mixed = tf.concat(axis=3, values=[tower_conv, tower_conv1_2])
        up = slim.conv2d(mixed, net.get_shape()[3], 1, normalizer_fn=None, activation_fn=None,
                         scope='Conv2d_1x1')
        scaled_up = up * scale
        if activation_fn == tf.nn.relu6:
            scaled_up = tf.clip_by_value(scaled_up, -6.0, 6.0)
        net += scaled_up
        if activation_fn:
            net = activation_fn(net)
    return net

tf.set_random_seed(35)
x = tf.placeholder(tf.float32, [2, 9, 9, 8])
with slim.arg_scope([slim.conv2d], weights_regularizer=slim.l2_regularizer(0.00004),
                    normalizer_fn=slim.batch_norm,
                    normalizer_params={'decay': 0.9997, 'epsilon': 0.001, 'is_training': False}):
    net = slim.repeat(x, 2, block35, scale=0.17)
    net = slim.repeat(net, 2, block17, scale=0.10, activation_fn=tf.nn.relu6)
    net = block35(net, activation_fn=None, scale=1.0, scope='Block8')
out["names"] = sorted({v.op.name.rsplit('/', 2)[0] for v in tf.global_variables()})[:8]
out["op"] = net.op.name
loss = tf.reduce_mean(tf.square(net)) + tf.add_n(tf.losses.get_regularization_losses())
grads = tf.gradients(loss, [x] + tf.trainable_variables()[:3])
feed = {x: rand(7, 2, 9, 9, 8, scale=3.0)}
s = tf.Session(); s.run(tf.global_variables_initializer())
R({"net": net[:, ::3, ::3, :], "loss": loss, "gx": grads[0][0, :3, :3], "gw": grads[1]},
  feed=feed, sess=s)
""",
}

SR_PROGRAMS = {
    # tetrachrome/subpixel's PS (split/concat/squeeze phase shift, per colour) against
    # tf.depth_to_space, in an ESPCN (tanh convolutions) trained by Adam on MSE, scored by
    # tf.image.psnr and tf.image.ssim.
    "sr_espcn_phase_shift_psnr_ssim": r"""
def _phase_shift(I, r):
    bsize, a, b, c = I.get_shape().as_list()
    bsize = tf.shape(I)[0]
    X = tf.reshape(I, (bsize, a, b, r, r))
    X = tf.transpose(X, (0, 1, 2, 4, 3))
    X = tf.split(X, a, 1)
    X = tf.concat([tf.squeeze(x, axis=1) for x in X], 2)
    X = tf.split(X, b, 1)
    X = tf.concat([tf.squeeze(x, axis=1) for x in X], 2)
    return tf.reshape(X, (bsize, a * r, b * r, 1))

def PS(X, r, color=False):
    if color:
        Xc = tf.split(X, 3, 3)
        X = tf.concat([_phase_shift(x, r) for x in Xc], 3)
    else:
        X = _phase_shift(X, r)
    return X

tf.set_random_seed(41)
r = 2
lr_images = tf.placeholder(tf.float32, [None, 8, 8, 3])
hr_images = tf.placeholder(tf.float32, [None, 16, 16, 3])
net = tf.layers.conv2d(lr_images, 8, 5, padding='same', activation=tf.nn.tanh, name='conv1')
net = tf.layers.conv2d(net, 6, 3, padding='same', activation=tf.nn.tanh, name='conv2')
net = tf.layers.conv2d(net, 3 * r * r, 3, padding='same', name='conv3')
sr_ps = tf.nn.tanh(PS(net, r, color=True))
sr_d2s = tf.nn.tanh(tf.depth_to_space(net, r))
loss = tf.reduce_mean(tf.square(sr_ps - hr_images))
train_op = tf.train.AdamOptimizer(0.01).minimize(loss)
psnr = tf.image.psnr(sr_ps * 0.5 + 0.5, hr_images * 0.5 + 0.5, max_val=1.0)
ssim = tf.image.ssim(sr_ps * 0.5 + 0.5, hr_images * 0.5 + 0.5, max_val=1.0)
hr = np.tanh(rand(42, 2, 16, 16, 3))
lr = hr.reshape(2, 8, 2, 8, 2, 3).mean(axis=(2, 4))
feed = {lr_images: lr, hr_images: hr}
s = tf.Session(); s.run(tf.global_variables_initializer())
out["losses"] = [float(s.run([loss, train_op], feed)[0]) for _ in range(4)]
x = np.arange(2 * 2 * 3 * 12, dtype=np.float32).reshape(2, 2, 3, 12)
out["ps"] = s.run(PS(tf.constant(x), 2, color=True))[0, :, :, 1].tolist()
out["d2s"] = s.run(tf.depth_to_space(tf.constant(x), 2))[1, :, :, 2].tolist()
out["s2d_roundtrip"] = bool(s.run(tf.reduce_all(tf.equal(
    tf.space_to_depth(tf.depth_to_space(tf.constant(x), 2), 2), x))))
R({"psnr": psnr, "ssim": ssim, "sr": sr_ps[0, ::5, ::5, :], "d2s_sr": sr_d2s[1, :3, :3, 0]},
  feed=feed, sess=s)
""",
    # brade31919/SRGAN-tensorflow: PReLU by get_variable, pixelShuffler over tf.shape,
    # fused batch norm under UPDATE_OPS, the discriminator's leaky ReLUs and dense head,
    # the content + adversarial loss, the generator's train op made under a control
    # dependency on the discriminator's (so its gradients read the updated ref variables),
    # moving averages of the losses and the global step increment, three steps. The
    # discriminator's two applications update the same moving statistics unordered (a
    # race in TF): they are not observed.
    "sr_srgan_gen_train_after_discrim": r"""
EPS = 1e-12
def prelu_tf(inputs, name='Prelu'):
    with tf.variable_scope(name):
        alphas = tf.get_variable('alpha', inputs.get_shape()[-1], initializer=tf.zeros_initializer(),
                                 dtype=tf.float32)
    pos = tf.nn.relu(inputs)
    neg = alphas * (inputs - abs(inputs)) * 0.5
    return pos + neg

def lrelu(inputs, alpha):
    return tf.nn.leaky_relu(inputs, alpha=alpha)

def batchnorm(inputs, is_training):
    return slim.batch_norm(inputs, decay=0.9, epsilon=0.001,
                           updates_collections=tf.GraphKeys.UPDATE_OPS, scale=False, fused=True,
                           is_training=is_training)

def conv2(batch_input, kernel=3, output_channel=64, stride=1, use_bias=True, scope='conv'):
    with tf.variable_scope(scope):
        if use_bias:
            return slim.conv2d(batch_input, output_channel, [kernel, kernel], stride, 'SAME',
                               data_format='NHWC', activation_fn=None,
                               weights_initializer=contrib_layers.xavier_initializer())
        else:
            return slim.conv2d(batch_input, output_channel, [kernel, kernel], stride, 'SAME',
                               data_format='NHWC', activation_fn=None,
                               weights_initializer=contrib_layers.xavier_initializer(),
                               biases_initializer=None)

def phaseShift(inputs, scale, shape_1, shape_2):
    X = tf.reshape(inputs, shape_1)
    X = tf.transpose(X, [0, 1, 3, 2, 4])
    return tf.reshape(X, shape_2)

def pixelShuffler(inputs, scale=2):
    size = tf.shape(inputs)
    batch_size = size[0]
    h = size[1]
    w = size[2]
    c = inputs.get_shape().as_list()[-1]
    channel_target = c // (scale * scale)
    channel_factor = c // channel_target
    shape_1 = [batch_size, h, w, channel_factor // scale, channel_factor // scale]
    shape_2 = [batch_size, h * scale, w * scale, 1]
    input_split = tf.split(inputs, channel_target, axis=3)
    output = tf.concat([phaseShift(x, scale, shape_1, shape_2) for x in input_split], axis=3)
    return output

def generator(gen_inputs, gen_output_channels, reuse=False, is_training=True):
    def residual_block(inputs, output_channel, stride, scope):
        with tf.variable_scope(scope):
            net = conv2(inputs, 3, output_channel, stride, use_bias=False, scope='conv_1')
            net = batchnorm(net, is_training)
            net = prelu_tf(net)
            net = conv2(net, 3, output_channel, stride, use_bias=False, scope='conv_2')
            net = batchnorm(net, is_training)
            net = net + inputs
        return net

    with tf.variable_scope('generator_unit', reuse=reuse):
        with tf.variable_scope('input_stage'):
            net = conv2(gen_inputs, 9, 4, 1, scope='conv')
            net = prelu_tf(net)
        stage1_output = net
        for i in range(1, 3, 1):
            net = residual_block(net, 4, 1, 'resblock_%d' % (i))
        with tf.variable_scope('resblock_output'):
            net = conv2(net, 3, 4, 1, use_bias=False, scope='conv')
            net = batchnorm(net, is_training)
        net = net + stage1_output
        with tf.variable_scope('subpixelconv_stage1'):
            net = conv2(net, 3, 16, 1, scope='conv')
            net = pixelShuffler(net, scale=2)
            net = prelu_tf(net)
        with tf.variable_scope('output_stage'):
            net = conv2(net, 9, gen_output_channels, 1, scope='conv')
    return net

def discriminator(dis_inputs, is_training=True):
    def discriminator_block(inputs, output_channel, kernel_size, stride, scope):
        with tf.variable_scope(scope):
            net = conv2(inputs, kernel_size, output_channel, stride, use_bias=False, scope='conv1')
            net = batchnorm(net, is_training)
            net = lrelu(net, 0.2)
        return net

    with tf.variable_scope('discriminator_unit'):
        with tf.variable_scope('input_stage'):
            net = conv2(dis_inputs, 3, 4, 1, scope='conv')
            net = lrelu(net, 0.2)
        net = discriminator_block(net, 4, 3, 2, 'disblock_1')
        net = discriminator_block(net, 6, 3, 2, 'disblock_2')
        with tf.variable_scope('dense_layer_1'):
            net = slim.flatten(net)
            net = tf.layers.dense(net, 8, activation=None)
            net = lrelu(net, 0.2)
        with tf.variable_scope('dense_layer_2'):
            net = tf.layers.dense(net, 1, activation=None)
            net = tf.nn.sigmoid(net)
    return net

tf.set_random_seed(43)
inputs = tf.placeholder(tf.float32, [2, 6, 6, 3])
targets = tf.placeholder(tf.float32, [2, 12, 12, 3])
with tf.variable_scope('generator'):
    gen_output = generator(inputs, 3, reuse=False)
with tf.name_scope('fake_discriminator'):
    with tf.variable_scope('discriminator', reuse=False):
        discrim_fake_output = discriminator(gen_output)
with tf.name_scope('real_discriminator'):
    with tf.variable_scope('discriminator', reuse=True):
        discrim_real_output = discriminator(targets)
with tf.variable_scope('generator_loss'):
    content_loss = tf.reduce_mean(tf.reduce_sum(tf.square(gen_output - targets), axis=[3]))
    adversarial_loss = tf.reduce_mean(-tf.log(discrim_fake_output + EPS))
    gen_loss = content_loss + 0.1 * adversarial_loss
with tf.variable_scope('dicriminator_loss'):
    discrim_fake_loss = tf.log(1 - discrim_fake_output + EPS)
    discrim_real_loss = tf.log(discrim_real_output + EPS)
    discrim_loss = tf.reduce_mean(-(discrim_fake_loss + discrim_real_loss))
with tf.variable_scope('get_learning_rate_and_global_step'):
    global_step = tf.train.get_or_create_global_step()
    # SRGAN's decay_step is 500000: its group increments the step in the run whose
    # learning rate reads it, which TF orders as it likes, harmless only while the
    # staircase stays flat (a decay every 2 steps gave graphgate and TF different rates).
    learning_rate = tf.train.exponential_decay(0.01, global_step, 100, 0.5, staircase=True)
    incr_global_step = tf.assign(global_step, global_step + 1)
with tf.variable_scope('dicriminator_train'):
    discrim_tvars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='discriminator')
    discrim_optimizer = tf.train.AdamOptimizer(learning_rate, beta1=0.9)
    discrim_grads_and_vars = discrim_optimizer.compute_gradients(discrim_loss, discrim_tvars)
    discrim_train = discrim_optimizer.apply_gradients(discrim_grads_and_vars)
with tf.variable_scope('generator_train'):
    with tf.control_dependencies([discrim_train] + tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        gen_tvars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope='generator')
        gen_optimizer = tf.train.AdamOptimizer(learning_rate, beta1=0.9)
        gen_grads_and_vars = gen_optimizer.compute_gradients(gen_loss, gen_tvars)
        gen_train = gen_optimizer.apply_gradients(gen_grads_and_vars)
exp_averager = tf.train.ExponentialMovingAverage(decay=0.99)
update_loss = exp_averager.apply([discrim_loss, adversarial_loss, content_loss])
train = tf.group(update_loss, incr_global_step, gen_train)
out["n"] = [len(discrim_tvars), len(gen_tvars), len(tf.get_collection(tf.GraphKeys.UPDATE_OPS))]
lr_np = np.tanh(rand(44, 2, 6, 6, 3))
hr_np = np.repeat(np.repeat(lr_np, 2, axis=1), 2, axis=2) * 0.9
feed = {inputs: lr_np, targets: hr_np}
s = tf.Session(); s.run(tf.global_variables_initializer())
hist = []
for _ in range(3):
    hist.append([float(v) for v in s.run([discrim_loss, adversarial_loss, content_loss], feed)])
    s.run(train, feed)
out["hist"] = hist
out["averages"] = [float(v) for v in s.run([exp_averager.average(discrim_loss),
                                            exp_averager.average(content_loss)])]
out["step_lr"] = [int(s.run(global_step)), float(s.run(learning_rate))]
R({"gen": gen_output[0, ::4, ::4, :], "alpha": tf.trainable_variables()[1]}, feed=feed, sess=s)
""",
}

# wizyoung/YOLOv3_TensorFlow: model.py (darknet53 body, yolo blocks, reorg_layer,
# predict, loss_layer, box_iou) and utils/nms_utils.py's gpu_nms, at 1/16 width on 64x64.
YOLO3 = r"""
def conv2d(inputs, filters, kernel_size, strides=1):
    def _fixed_padding(inputs, kernel_size):
        pad_total = kernel_size - 1
        pad_beg = pad_total // 2
        pad_end = pad_total - pad_beg
        padded_inputs = tf.pad(inputs, [[0, 0], [pad_beg, pad_end], [pad_beg, pad_end], [0, 0]],
                               mode='CONSTANT')
        return padded_inputs
    if strides > 1:
        inputs = _fixed_padding(inputs, kernel_size)
    inputs = slim.conv2d(inputs, filters, kernel_size, stride=strides,
                         padding=('SAME' if strides == 1 else 'VALID'))
    return inputs

def darknet53_body(inputs):
    def res_block(inputs, filters):
        shortcut = inputs
        net = conv2d(inputs, filters * 1, 1)
        net = conv2d(net, filters * 2, 3)
        net = net + shortcut
        return net
    net = conv2d(inputs, 2, 3, strides=1)
    net = conv2d(net, 4, 3, strides=2)
    net = res_block(net, 2)
    net = conv2d(net, 8, 3, strides=2)
    for i in range(2):
        net = res_block(net, 4)
    net = conv2d(net, 16, 3, strides=2)
    for i in range(2):
        net = res_block(net, 8)
    route_1 = net
    net = conv2d(net, 16, 3, strides=2)
    net = res_block(net, 8)
    route_2 = net
    net = conv2d(net, 16, 3, strides=2)
    net = res_block(net, 8)
    route_3 = net
    return route_1, route_2, route_3

def yolo_block(inputs, filters):
    net = conv2d(inputs, filters * 1, 1)
    net = conv2d(net, filters * 2, 3)
    net = conv2d(net, filters * 1, 1)
    route = net
    net = conv2d(net, filters * 2, 3)
    return route, net

def upsample_layer(inputs, out_shape):
    new_height, new_width = out_shape[1], out_shape[2]
    inputs = tf.image.resize_nearest_neighbor(inputs, (new_height, new_width), name='upsampled')
    return inputs

class yolov3(object):
    def __init__(self, class_num, anchors, use_label_smooth=False, use_focal_loss=False,
                 batch_norm_decay=0.999, weight_decay=5e-4, use_static_shape=True):
        self.class_num = class_num
        self.anchors = anchors
        self.batch_norm_decay = batch_norm_decay
        self.use_label_smooth = use_label_smooth
        self.use_focal_loss = use_focal_loss
        self.weight_decay = weight_decay
        self.use_static_shape = use_static_shape

    def forward(self, inputs, is_training=False, reuse=False):
        self.img_size = tf.shape(inputs)[1:3]
        batch_norm_params = {'decay': self.batch_norm_decay, 'epsilon': 1e-05, 'scale': True,
                             'is_training': is_training, 'fused': None}
        with slim.arg_scope([slim.conv2d, slim.batch_norm], reuse=reuse):
            with slim.arg_scope([slim.conv2d], normalizer_fn=slim.batch_norm,
                                normalizer_params=batch_norm_params, biases_initializer=None,
                                activation_fn=lambda x: tf.nn.leaky_relu(x, alpha=0.1),
                                weights_regularizer=slim.l2_regularizer(self.weight_decay)):
                with tf.variable_scope('darknet53_body'):
                    route_1, route_2, route_3 = darknet53_body(inputs)
                with tf.variable_scope('yolov3_head'):
                    inter1, net = yolo_block(route_3, 8)
                    feature_map_1 = slim.conv2d(net, 3 * (5 + self.class_num), 1, stride=1,
                                                normalizer_fn=None, activation_fn=None,
                                                biases_initializer=tf.zeros_initializer())
                    feature_map_1 = tf.identity(feature_map_1, name='feature_map_1')
                    inter1 = conv2d(inter1, 4, 1)
                    inter1 = upsample_layer(inter1, route_2.get_shape().as_list()
                                            if self.use_static_shape else tf.shape(route_2))
                    concat1 = tf.concat([inter1, route_2], axis=3)
                    inter2, net = yolo_block(concat1, 4)
                    feature_map_2 = slim.conv2d(net, 3 * (5 + self.class_num), 1, stride=1,
                                                normalizer_fn=None, activation_fn=None,
                                                biases_initializer=tf.zeros_initializer())
                    feature_map_2 = tf.identity(feature_map_2, name='feature_map_2')
                    inter2 = conv2d(inter2, 2, 1)
                    inter2 = upsample_layer(inter2, route_1.get_shape().as_list()
                                            if self.use_static_shape else tf.shape(route_1))
                    concat2 = tf.concat([inter2, route_1], axis=3)
                    _, feature_map_3 = yolo_block(concat2, 2)
                    feature_map_3 = slim.conv2d(feature_map_3, 3 * (5 + self.class_num), 1,
                                                stride=1, normalizer_fn=None, activation_fn=None,
                                                biases_initializer=tf.zeros_initializer())
                    feature_map_3 = tf.identity(feature_map_3, name='feature_map_3')
            return feature_map_1, feature_map_2, feature_map_3

    def reorg_layer(self, feature_map, anchors):
        grid_size = feature_map.get_shape().as_list()[1:3] if self.use_static_shape else tf.shape(feature_map)[1:3]
        ratio = tf.cast(self.img_size / grid_size, tf.float32)
        rescaled_anchors = [(anchor[0] / ratio[1], anchor[1] / ratio[0]) for anchor in anchors]
        feature_map = tf.reshape(feature_map, [-1, grid_size[0], grid_size[1], 3, 5 + self.class_num])
        box_centers, box_sizes, conf_logits, prob_logits = tf.split(
            feature_map, [2, 2, 1, self.class_num], axis=-1)
        box_centers = tf.nn.sigmoid(box_centers)
        grid_x = tf.range(grid_size[1], dtype=tf.int32)
        grid_y = tf.range(grid_size[0], dtype=tf.int32)
        grid_x, grid_y = tf.meshgrid(grid_x, grid_y)
        x_offset = tf.reshape(grid_x, (-1, 1))
        y_offset = tf.reshape(grid_y, (-1, 1))
        x_y_offset = tf.concat([x_offset, y_offset], axis=-1)
        x_y_offset = tf.cast(tf.reshape(x_y_offset, [grid_size[0], grid_size[1], 1, 2]), tf.float32)
        box_centers = box_centers + x_y_offset
        box_centers = box_centers * ratio[::-1]
        box_sizes = tf.exp(box_sizes) * rescaled_anchors
        box_sizes = box_sizes * ratio[::-1]
        boxes = tf.concat([box_centers, box_sizes], axis=-1)
        return x_y_offset, boxes, conf_logits, prob_logits

    def predict(self, feature_maps):
        feature_map_1, feature_map_2, feature_map_3 = feature_maps
        feature_map_anchors = [(feature_map_1, self.anchors[6:9]),
                               (feature_map_2, self.anchors[3:6]),
                               (feature_map_3, self.anchors[0:3])]
        reorg_results = [self.reorg_layer(feature_map, anchors)
                         for (feature_map, anchors) in feature_map_anchors]

        def _reshape(result):
            x_y_offset, boxes, conf_logits, prob_logits = result
            grid_size = x_y_offset.get_shape().as_list()[:2] if self.use_static_shape else tf.shape(x_y_offset)[:2]
            boxes = tf.reshape(boxes, [-1, grid_size[0] * grid_size[1] * 3, 4])
            conf_logits = tf.reshape(conf_logits, [-1, grid_size[0] * grid_size[1] * 3, 1])
            prob_logits = tf.reshape(prob_logits, [-1, grid_size[0] * grid_size[1] * 3, self.class_num])
            return boxes, conf_logits, prob_logits

        boxes_list, confs_list, probs_list = [], [], []
        for result in reorg_results:
            boxes, conf_logits, prob_logits = _reshape(result)
            boxes_list.append(boxes)
            confs_list.append(tf.sigmoid(conf_logits))
            probs_list.append(tf.sigmoid(prob_logits))
        boxes = tf.concat(boxes_list, axis=1)
        confs = tf.concat(confs_list, axis=1)
        probs = tf.concat(probs_list, axis=1)
        center_x, center_y, width, height = tf.split(boxes, [1, 1, 1, 1], axis=-1)
        x_min = center_x - width / 2
        y_min = center_y - height / 2
        x_max = center_x + width / 2
        y_max = center_y + height / 2
        boxes = tf.concat([x_min, y_min, x_max, y_max], axis=-1)
        return boxes, confs, probs

    def loss_layer(self, feature_map_i, y_true, anchors):
        grid_size = tf.shape(feature_map_i)[1:3]
        ratio = tf.cast(self.img_size / grid_size, tf.float32)
        N = tf.cast(tf.shape(feature_map_i)[0], tf.float32)
        x_y_offset, pred_boxes, pred_conf_logits, pred_prob_logits = self.reorg_layer(feature_map_i, anchors)
        object_mask = y_true[..., 4:5]
        ignore_mask = tf.TensorArray(tf.float32, size=0, dynamic_size=True)

        def loop_cond(idx, ignore_mask):
            return tf.less(idx, tf.cast(N, tf.int32))

        def loop_body(idx, ignore_mask):
            valid_true_boxes = tf.boolean_mask(y_true[idx, ..., 0:4],
                                               tf.cast(object_mask[idx, ..., 0], 'bool'))
            iou = self.box_iou(pred_boxes[idx], valid_true_boxes)
            best_iou = tf.reduce_max(iou, axis=-1)
            ignore_mask_tmp = tf.cast(best_iou < 0.5, tf.float32)
            ignore_mask = ignore_mask.write(idx, ignore_mask_tmp)
            return idx + 1, ignore_mask
        _, ignore_mask = tf.while_loop(cond=loop_cond, body=loop_body, loop_vars=[0, ignore_mask])
        ignore_mask = ignore_mask.stack()
        ignore_mask = tf.expand_dims(ignore_mask, -1)
        pred_box_xy = pred_boxes[..., 0:2]
        pred_box_wh = pred_boxes[..., 2:4]
        true_xy = y_true[..., 0:2] / ratio[::-1] - x_y_offset
        pred_xy = pred_box_xy / ratio[::-1] - x_y_offset
        true_tw_th = y_true[..., 2:4] / anchors
        pred_tw_th = pred_box_wh / anchors
        true_tw_th = tf.where(condition=tf.equal(true_tw_th, 0), x=tf.ones_like(true_tw_th), y=true_tw_th)
        pred_tw_th = tf.where(condition=tf.equal(pred_tw_th, 0), x=tf.ones_like(pred_tw_th), y=pred_tw_th)
        true_tw_th = tf.log(tf.clip_by_value(true_tw_th, 1e-9, 1e9))
        pred_tw_th = tf.log(tf.clip_by_value(pred_tw_th, 1e-9, 1e9))
        box_loss_scale = 2. - (y_true[..., 2:3] / tf.cast(self.img_size[1], tf.float32)) * (
            y_true[..., 3:4] / tf.cast(self.img_size[0], tf.float32))
        mix_w = y_true[..., -1:]
        xy_loss = tf.reduce_sum(tf.square(true_xy - pred_xy) * object_mask * box_loss_scale * mix_w) / N
        wh_loss = tf.reduce_sum(tf.square(true_tw_th - pred_tw_th) * object_mask * box_loss_scale * mix_w) / N
        conf_pos_mask = object_mask
        conf_neg_mask = (1 - object_mask) * ignore_mask
        conf_loss_pos = conf_pos_mask * tf.nn.sigmoid_cross_entropy_with_logits(labels=object_mask, logits=pred_conf_logits)
        conf_loss_neg = conf_neg_mask * tf.nn.sigmoid_cross_entropy_with_logits(labels=object_mask, logits=pred_conf_logits)
        conf_loss = conf_loss_pos + conf_loss_neg
        if self.use_focal_loss:
            alpha = 1.0
            gamma = 2.0
            focal_mask = alpha * tf.pow(tf.abs(object_mask - tf.sigmoid(pred_conf_logits)), gamma)
            conf_loss *= focal_mask
        conf_loss = tf.reduce_sum(conf_loss * mix_w) / N
        if self.use_label_smooth:
            delta = 0.01
            label_target = (1 - delta) * y_true[..., 5:-1] + delta * 1. / self.class_num
        else:
            label_target = y_true[..., 5:-1]
        class_loss = object_mask * tf.nn.sigmoid_cross_entropy_with_logits(
            labels=label_target, logits=pred_prob_logits) * mix_w
        class_loss = tf.reduce_sum(class_loss) / N
        return xy_loss, wh_loss, conf_loss, class_loss, ignore_mask

    def box_iou(self, pred_boxes, valid_true_boxes):
        pred_box_xy = pred_boxes[..., 0:2]
        pred_box_wh = pred_boxes[..., 2:4]
        pred_box_xy = tf.expand_dims(pred_box_xy, -2)
        pred_box_wh = tf.expand_dims(pred_box_wh, -2)
        true_box_xy = valid_true_boxes[:, 0:2]
        true_box_wh = valid_true_boxes[:, 2:4]
        intersect_mins = tf.maximum(pred_box_xy - pred_box_wh / 2., true_box_xy - true_box_wh / 2.)
        intersect_maxs = tf.minimum(pred_box_xy + pred_box_wh / 2., true_box_xy + true_box_wh / 2.)
        intersect_wh = tf.maximum(intersect_maxs - intersect_mins, 0.)
        intersect_area = intersect_wh[..., 0] * intersect_wh[..., 1]
        pred_box_area = pred_box_wh[..., 0] * pred_box_wh[..., 1]
        true_box_area = true_box_wh[..., 0] * true_box_wh[..., 1]
        true_box_area = tf.expand_dims(true_box_area, axis=0)
        iou = intersect_area / (pred_box_area + true_box_area - intersect_area + 1e-10)
        return iou

def gpu_nms(boxes, scores, num_classes, max_boxes=50, score_thresh=0.5, nms_thresh=0.5):
    boxes_list, label_list, score_list = [], [], []
    max_boxes = tf.constant(max_boxes, dtype='int32')
    boxes = tf.reshape(boxes, [-1, 4])
    score = tf.reshape(scores, [-1, num_classes])
    mask = tf.greater_equal(score, tf.constant(score_thresh))
    for i in range(num_classes):
        filter_boxes = tf.boolean_mask(boxes, mask[:, i])
        filter_score = tf.boolean_mask(score[:, i], mask[:, i])
        nms_indices = tf.image.non_max_suppression(boxes=filter_boxes, scores=filter_score,
                                                   max_output_size=max_boxes,
                                                   iou_threshold=nms_thresh, name='nms_indices')
        label_list.append(tf.ones_like(tf.gather(filter_score, nms_indices), 'int32') * i)
        boxes_list.append(tf.gather(filter_boxes, nms_indices))
        score_list.append(tf.gather(filter_score, nms_indices))
    boxes = tf.concat(boxes_list, axis=0)
    score = tf.concat(score_list, axis=0)
    label = tf.concat(label_list, axis=0)
    return boxes, score, label

ANCHORS = np.array([[3, 4], [5, 8], [8, 6], [10, 14], [15, 11], [18, 24], [24, 20], [32, 36],
                    [48, 40]], np.float32)

def y_true_for(boxes_per_image, class_num=3, img=64, mix=1.0):
    grids = [(2, [6, 7, 8]), (4, [3, 4, 5]), (8, [0, 1, 2])]
    ys = [np.zeros((len(boxes_per_image), g, g, 3, 6 + class_num), np.float32) for g, _ in grids]
    for b, boxes in enumerate(boxes_per_image):
        for (x0, y0, x1, y1, c) in boxes:
            cx, cy, w, h = (x0 + x1) / 2., (y0 + y1) / 2., x1 - x0, y1 - y0
            ious = [min(w, a[0]) * min(h, a[1]) / (w * h + a[0] * a[1] - min(w, a[0]) * min(h, a[1]))
                    for a in ANCHORS]
            k = int(np.argmax(ious))
            for f, (g, ids) in enumerate(grids):
                if k in ids:
                    j, i = int(cx * g / img), int(cy * g / img)
                    a = ids.index(k)
                    ys[f][b, i, j, a, :4] = [cx, cy, w, h]
                    ys[f][b, i, j, a, 4] = 1.
                    ys[f][b, i, j, a, 5 + c] = 1.
                    ys[f][b, i, j, a, -1] = mix
    return ys
"""

YOLO3_PROGRAMS = {
    # Inference: the darknet body with frozen batch norm, the three heads with nearest
    # upsampling to the routes' static shapes, reorg_layer's meshgrid and int32 ratio
    # (a true division of int32 tensors), predict's corner boxes, then gpu_nms per class
    # and tf.image.combined_non_max_suppression over the same scores.
    "yolo3_forward_decode_nms": YOLO3
    + r"""
tf.set_random_seed(51)
model = yolov3(3, ANCHORS)
inputs = tf.placeholder(tf.float32, [1, 64, 64, 3], name='input_data')
with tf.variable_scope('yolov3'):
    feature_maps = model.forward(inputs, is_training=False)
pred_boxes, pred_confs, pred_probs = model.predict(feature_maps)
pred_scores = pred_confs * pred_probs
boxes, scores, labels = gpu_nms(pred_boxes, pred_scores, 3, max_boxes=6, score_thresh=0.1,
                                nms_thresh=0.45)
combined = tf.image.combined_non_max_suppression(
    tf.expand_dims(pred_boxes, 2) / 64., pred_scores, max_output_size_per_class=3,
    max_total_size=5, iou_threshold=0.45, score_threshold=0.1)
out["fm"] = [f.shape.as_list() for f in feature_maps]
out["names"] = [f.name for f in feature_maps]
out["static"] = [pred_boxes.shape.as_list(), boxes.shape.as_list()]
out["n_vars"] = len(tf.global_variables())
s = tf.Session(); s.run(tf.global_variables_initializer())
for v in tf.global_variables():
    if 'moving_variance' in v.op.name:
        v.load(np.full(v.shape.as_list(), 0.05, np.float32), s)
feed = {inputs: np.tanh(rand(52, 1, 64, 64, 3) * 2)}
R({"boxes": boxes, "scores": scores, "labels": labels, "pred_boxes": pred_boxes[0, ::7],
   "c_boxes": combined.nmsed_boxes, "c_scores": combined.nmsed_scores,
   "c_classes": combined.nmsed_classes, "c_valid": combined.valid_detections},
  feed=feed, sess=s)
""",
    # Training: loss_layer over the three scales (the ignore mask from a while_loop over
    # the batch, one image with no boxes so its best IoU is a max over nothing), focal
    # loss and label smoothing, the L2 losses, Adam on the sum with UPDATE_OPS, 3 steps.
    "yolo3_loss_ignore_mask_train": YOLO3
    + r"""
tf.set_random_seed(53)
model = yolov3(3, ANCHORS, use_label_smooth=True, use_focal_loss=True)
inputs = tf.placeholder(tf.float32, [None, 64, 64, 3], name='input_data')
y_true = [tf.placeholder(tf.float32, [None, None, None, 3, 9]) for _ in range(3)]
with tf.variable_scope('yolov3'):
    feature_maps = model.forward(inputs, is_training=True)
anchor_group = [ANCHORS[6:9], ANCHORS[3:6], ANCHORS[0:3]]
loss_xy, loss_wh, loss_conf, loss_class = 0., 0., 0., 0.
masks = []
for i in range(len(feature_maps)):
    result = model.loss_layer(feature_maps[i], y_true[i], anchor_group[i])
    loss_xy += result[0]
    loss_wh += result[1]
    loss_conf += result[2]
    loss_class += result[3]
    masks.append(result[4])
total_loss = loss_xy + loss_wh + loss_conf + loss_class
l2_loss = tf.losses.get_regularization_loss()
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
with tf.control_dependencies(update_ops):
    train_op = tf.train.AdamOptimizer(1e-3).minimize(total_loss + l2_loss)
ys = y_true_for([[(4, 6, 20, 30, 0), (30, 30, 60, 62, 2), (40, 8, 46, 14, 1)], []])
feed = {inputs: np.tanh(rand(54, 2, 64, 64, 3) * 2)}
feed.update(zip(y_true, ys))
s = tf.Session(); s.run(tf.global_variables_initializer())
hist = []
for _ in range(3):
    hist.append([float(v) for v in s.run([loss_xy, loss_wh, loss_conf, loss_class, l2_loss], feed)])
    s.run(train_op, feed)
out["hist"] = hist
out["ignored"] = [float(v) for v in s.run([tf.reduce_sum(m) for m in masks], feed)]
R({"mask1": masks[1][:, :, :, 0, 0]}, feed=feed, sess=s)
""",
}

# endernewton/tf-faster-rcnn: lib/layer_utils (generate_anchors, snippets, proposal layers),
# lib/model/bbox_transform.py's TF half and nets/network.py's layers and losses.
FRCNN = r"""
def _whctrs(anchor):
    w = anchor[2] - anchor[0] + 1
    h = anchor[3] - anchor[1] + 1
    x_ctr = anchor[0] + 0.5 * (w - 1)
    y_ctr = anchor[1] + 0.5 * (h - 1)
    return w, h, x_ctr, y_ctr

def _mkanchors(ws, hs, x_ctr, y_ctr):
    ws = ws[:, np.newaxis]
    hs = hs[:, np.newaxis]
    return np.hstack((x_ctr - 0.5 * (ws - 1), y_ctr - 0.5 * (hs - 1),
                      x_ctr + 0.5 * (ws - 1), y_ctr + 0.5 * (hs - 1)))

def _ratio_enum(anchor, ratios):
    w, h, x_ctr, y_ctr = _whctrs(anchor)
    size = w * h
    size_ratios = size / ratios
    ws = np.round(np.sqrt(size_ratios))
    hs = np.round(ws * ratios)
    return _mkanchors(ws, hs, x_ctr, y_ctr)

def _scale_enum(anchor, scales):
    w, h, x_ctr, y_ctr = _whctrs(anchor)
    ws = w * scales
    hs = h * scales
    return _mkanchors(ws, hs, x_ctr, y_ctr)

def generate_anchors(base_size=16, ratios=[0.5, 1, 2], scales=2 ** np.arange(3, 6)):
    base_anchor = np.array([1, 1, base_size, base_size]) - 1
    ratio_anchors = _ratio_enum(base_anchor, ratios)
    return np.vstack([_scale_enum(ratio_anchors[i, :], scales) for i in range(ratio_anchors.shape[0])])

def generate_anchors_pre_tf(height, width, feat_stride=16, anchor_scales=(8, 16, 32),
                            anchor_ratios=(0.5, 1, 2)):
    shift_x = tf.range(width) * feat_stride
    shift_y = tf.range(height) * feat_stride
    shift_x, shift_y = tf.meshgrid(shift_x, shift_y)
    sx = tf.reshape(shift_x, shape=(-1,))
    sy = tf.reshape(shift_y, shape=(-1,))
    shifts = tf.transpose(tf.stack([sx, sy, sx, sy]))
    K = tf.multiply(width, height)
    shifts = tf.transpose(tf.reshape(shifts, shape=[1, K, 4]), perm=(1, 0, 2))
    anchors = generate_anchors(base_size=feat_stride, ratios=np.array(anchor_ratios),
                               scales=np.array(anchor_scales))
    A = anchors.shape[0]
    anchor_constant = tf.constant(anchors.reshape((1, A, 4)), dtype=tf.int32)
    length = K * A
    anchors_tf = tf.reshape(tf.add(anchor_constant, shifts), shape=(length, 4))
    return tf.cast(anchors_tf, dtype=tf.float32), length

def bbox_transform_inv_tf(boxes, deltas):
    boxes = tf.cast(boxes, deltas.dtype)
    widths = tf.subtract(boxes[:, 2], boxes[:, 0]) + 1.0
    heights = tf.subtract(boxes[:, 3], boxes[:, 1]) + 1.0
    ctr_x = tf.add(boxes[:, 0], widths * 0.5)
    ctr_y = tf.add(boxes[:, 1], heights * 0.5)
    dx = deltas[:, 0]
    dy = deltas[:, 1]
    dw = deltas[:, 2]
    dh = deltas[:, 3]
    pred_ctr_x = tf.add(tf.multiply(dx, widths), ctr_x)
    pred_ctr_y = tf.add(tf.multiply(dy, heights), ctr_y)
    pred_w = tf.multiply(tf.exp(dw), widths)
    pred_h = tf.multiply(tf.exp(dh), heights)
    pred_boxes0 = tf.subtract(pred_ctr_x, pred_w * 0.5)
    pred_boxes1 = tf.subtract(pred_ctr_y, pred_h * 0.5)
    pred_boxes2 = tf.add(pred_ctr_x, pred_w * 0.5)
    pred_boxes3 = tf.add(pred_ctr_y, pred_h * 0.5)
    return tf.stack([pred_boxes0, pred_boxes1, pred_boxes2, pred_boxes3], axis=1)

def clip_boxes_tf(boxes, im_info):
    b0 = tf.maximum(tf.minimum(boxes[:, 0], im_info[1] - 1), 0)
    b1 = tf.maximum(tf.minimum(boxes[:, 1], im_info[0] - 1), 0)
    b2 = tf.maximum(tf.minimum(boxes[:, 2], im_info[1] - 1), 0)
    b3 = tf.maximum(tf.minimum(boxes[:, 3], im_info[0] - 1), 0)
    return tf.stack([b0, b1, b2, b3], axis=1)

def proposal_layer_tf(rpn_cls_prob, rpn_bbox_pred, im_info, post_nms_topN, nms_thresh, anchors,
                      num_anchors):
    scores = rpn_cls_prob[:, :, :, num_anchors:]
    scores = tf.reshape(scores, shape=(-1,))
    rpn_bbox_pred = tf.reshape(rpn_bbox_pred, shape=(-1, 4))
    proposals = bbox_transform_inv_tf(anchors, rpn_bbox_pred)
    proposals = clip_boxes_tf(proposals, im_info[:2])
    indices = tf.image.non_max_suppression(proposals, scores, max_output_size=post_nms_topN,
                                           iou_threshold=nms_thresh)
    boxes = tf.gather(proposals, indices)
    boxes = tf.to_float(boxes)
    scores = tf.gather(scores, indices)
    scores = tf.reshape(scores, shape=(-1, 1))
    batch_inds = tf.zeros((tf.shape(indices)[0], 1), dtype=tf.float32)
    blob = tf.concat([batch_inds, boxes], 1)
    return blob, scores

def proposal_top_layer_tf(rpn_cls_prob, rpn_bbox_pred, im_info, rpn_top_n, anchors, num_anchors):
    scores = rpn_cls_prob[:, :, :, num_anchors:]
    rpn_bbox_pred = tf.reshape(rpn_bbox_pred, shape=(-1, 4))
    scores = tf.reshape(scores, shape=(-1,))
    top_scores, top_inds = tf.nn.top_k(scores, k=rpn_top_n)
    top_scores = tf.reshape(top_scores, shape=(-1, 1))
    top_anchors = tf.gather(anchors, top_inds)
    top_rpn_bbox = tf.gather(rpn_bbox_pred, top_inds)
    proposals = bbox_transform_inv_tf(top_anchors, top_rpn_bbox)
    proposals = clip_boxes_tf(proposals, im_info[:2])
    proposals = tf.to_float(proposals)
    batch_inds = tf.zeros((rpn_top_n, 1))
    blob = tf.concat([batch_inds, proposals], 1)
    return blob, top_scores

def _reshape_layer(bottom, num_dim, name):
    input_shape = tf.shape(bottom)
    with tf.variable_scope(name) as scope:
        to_caffe = tf.transpose(bottom, [0, 3, 1, 2])
        reshaped = tf.reshape(to_caffe, tf.concat(axis=0, values=[[1, num_dim, -1], [input_shape[2]]]))
        to_tf = tf.transpose(reshaped, [0, 2, 3, 1])
        return to_tf

def _softmax_layer(bottom, name):
    if name.startswith('rpn_cls_prob_reshape'):
        input_shape = tf.shape(bottom)
        bottom_reshaped = tf.reshape(bottom, [-1, input_shape[-1]])
        reshaped_score = tf.nn.softmax(bottom_reshaped, name=name)
        return tf.reshape(reshaped_score, input_shape)
    return tf.nn.softmax(bottom, name=name)

def _crop_pool_layer(bottom, rois, name, feat_stride=8, pooling_size=3):
    with tf.variable_scope(name) as scope:
        batch_ids = tf.squeeze(tf.slice(rois, [0, 0], [-1, 1], name="batch_id"), [1])
        bottom_shape = tf.shape(bottom)
        height = (tf.to_float(bottom_shape[1]) - 1.) * np.float32(feat_stride)
        width = (tf.to_float(bottom_shape[2]) - 1.) * np.float32(feat_stride)
        x1 = tf.slice(rois, [0, 1], [-1, 1], name="x1") / width
        y1 = tf.slice(rois, [0, 2], [-1, 1], name="y1") / height
        x2 = tf.slice(rois, [0, 3], [-1, 1], name="x2") / width
        y2 = tf.slice(rois, [0, 4], [-1, 1], name="y2") / height
        bboxes = tf.stop_gradient(tf.concat([y1, x1, y2, x2], axis=1))
        pre_pool_size = pooling_size * 2
        crops = tf.image.crop_and_resize(bottom, bboxes, tf.to_int32(batch_ids),
                                         [pre_pool_size, pre_pool_size], name="crops")
    return slim.max_pool2d(crops, [2, 2], padding='SAME')

def _smooth_l1_loss(bbox_pred, bbox_targets, bbox_inside_weights, bbox_outside_weights, sigma=1.0,
                    dim=[1]):
    sigma_2 = sigma ** 2
    box_diff = bbox_pred - bbox_targets
    in_box_diff = bbox_inside_weights * box_diff
    abs_in_box_diff = tf.abs(in_box_diff)
    smoothL1_sign = tf.stop_gradient(tf.to_float(tf.less(abs_in_box_diff, 1. / sigma_2)))
    in_loss_box = tf.pow(in_box_diff, 2) * (sigma_2 / 2.) * smoothL1_sign \
        + (abs_in_box_diff - (0.5 / sigma_2)) * (1. - smoothL1_sign)
    out_loss_box = bbox_outside_weights * in_loss_box
    loss_box = tf.reduce_mean(tf.reduce_sum(out_loss_box, axis=dim))
    return loss_box

def rpn_head(image, num_anchors, is_training=True):
    initializer = tf.random_normal_initializer(mean=0.0, stddev=0.01)
    with tf.variable_scope('head'):
        net = slim.conv2d(image, 6, [3, 3], stride=2, scope='conv1')
        net = slim.conv2d(net, 8, [3, 3], stride=2, scope='conv2')
        net_conv = slim.conv2d(net, 8, [3, 3], stride=2, scope='conv3')
    rpn = slim.conv2d(net_conv, 8, [3, 3], trainable=is_training, weights_initializer=initializer,
                      scope="rpn_conv/3x3")
    rpn_cls_score = slim.conv2d(rpn, num_anchors * 2, [1, 1], trainable=is_training,
                                weights_initializer=initializer, padding='VALID',
                                activation_fn=None, scope='rpn_cls_score')
    rpn_cls_score_reshape = _reshape_layer(rpn_cls_score, 2, 'rpn_cls_score_reshape')
    rpn_cls_prob_reshape = _softmax_layer(rpn_cls_score_reshape, "rpn_cls_prob_reshape")
    rpn_cls_pred = tf.argmax(tf.reshape(rpn_cls_score_reshape, [-1, 2]), axis=1, name="rpn_cls_pred")
    rpn_cls_prob = _reshape_layer(rpn_cls_prob_reshape, num_anchors * 2, "rpn_cls_prob")
    rpn_bbox_pred = slim.conv2d(rpn, num_anchors * 4, [1, 1], trainable=is_training,
                                weights_initializer=initializer, padding='VALID',
                                activation_fn=None, scope='rpn_bbox_pred')
    return net_conv, rpn_cls_score_reshape, rpn_cls_prob, rpn_cls_pred, rpn_bbox_pred
"""

FRCNN_PROGRAMS = {
    # Anchors over a 4x4 feature map (stride 8, 2 scales x 3 ratios), the RPN head's
    # caffe-order reshapes and softmax, and both proposal layers: NMS (TRAIN) and
    # top_k (TEST's RPN_TOP_N), boxes decoded and clipped to the image.
    "frcnn_anchors_and_proposal_layers": FRCNN
    + r"""
out["np_anchors"] = generate_anchors(base_size=8, ratios=np.array([0.5, 1, 2]),
                                     scales=np.array([2, 4])).tolist()
tf.set_random_seed(61)
image = tf.placeholder(tf.float32, [1, None, None, 3])
im_info = tf.placeholder(tf.float32, [3])
net_conv, score_reshape, rpn_cls_prob, rpn_cls_pred, rpn_bbox_pred = rpn_head(image, 6)
anchors, length = generate_anchors_pre_tf(tf.shape(net_conv)[1], tf.shape(net_conv)[2],
                                          feat_stride=8, anchor_scales=(2, 4))
rois, roi_scores = proposal_layer_tf(rpn_cls_prob, rpn_bbox_pred * 3., im_info, 7, 0.7, anchors, 6)
top_rois, top_scores = proposal_top_layer_tf(rpn_cls_prob, rpn_bbox_pred * 3., im_info, 5, anchors, 6)
out["static"] = [score_reshape.shape.as_list(), rois.shape.as_list(), top_rois.shape.as_list()]
s = tf.Session(); s.run(tf.global_variables_initializer())
feed = {image: rand(62, 1, 30, 27, 3), im_info: [30., 27., 1.]}
R({"anchors": anchors[::5], "length": length, "rois": rois, "roi_scores": roi_scores,
   "top_rois": top_rois, "top_scores": top_scores, "pred": rpn_cls_pred,
   "prob": rpn_cls_prob[0, 1, :2, :]}, feed=feed, sess=s)
""",
    # The training losses: RPN cross-entropy over the anchors whose label is not -1
    # (tf.where + gather), smooth L1 with sigma 3 on the RPN boxes and 1 on the head's,
    # the crop-and-resize pooling of stop-gradient RoIs, the fc head, momentum, 3 steps.
    "frcnn_rpn_roi_losses_train": FRCNN
    + r"""
tf.set_random_seed(63)
image = tf.placeholder(tf.float32, [1, 32, 32, 3])
rpn_labels = tf.placeholder(tf.int32, [None])
rpn_bbox_targets = tf.placeholder(tf.float32, [1, None, None, 24])
rpn_bbox_inside = tf.placeholder(tf.float32, [1, None, None, 24])
rois = tf.placeholder(tf.float32, [None, 5])
labels = tf.placeholder(tf.int32, [None])
bbox_targets = tf.placeholder(tf.float32, [None, 12])
bbox_inside = tf.placeholder(tf.float32, [None, 12])
net_conv, score_reshape, rpn_cls_prob, _, rpn_bbox_pred = rpn_head(image, 6)
pool5 = _crop_pool_layer(net_conv, rois, "pool5", feat_stride=8, pooling_size=2)
fc7 = slim.fully_connected(slim.flatten(pool5), 10, scope='fc7')
cls_score = slim.fully_connected(fc7, 3, weights_initializer=tf.random_normal_initializer(0.0, 0.01),
                                 activation_fn=None, scope='cls_score')
bbox_pred = slim.fully_connected(fc7, 12, weights_initializer=tf.random_normal_initializer(0.0, 0.001),
                                 activation_fn=None, scope='bbox_pred')
rpn_cls_score = tf.reshape(score_reshape, [-1, 2])
rpn_select = tf.where(tf.not_equal(rpn_labels, -1))
rpn_cls_score = tf.reshape(tf.gather(rpn_cls_score, rpn_select), [-1, 2])
rpn_label = tf.reshape(tf.gather(rpn_labels, rpn_select), [-1])
rpn_cross_entropy = tf.reduce_mean(
    tf.nn.sparse_softmax_cross_entropy_with_logits(logits=rpn_cls_score, labels=rpn_label))
rpn_loss_box = _smooth_l1_loss(rpn_bbox_pred, rpn_bbox_targets, rpn_bbox_inside, rpn_bbox_inside,
                               sigma=3.0, dim=[1, 2, 3])
cross_entropy = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
    logits=tf.reshape(cls_score, [-1, 3]), labels=labels))
loss_box = _smooth_l1_loss(bbox_pred, bbox_targets, bbox_inside, bbox_inside)
loss = cross_entropy + loss_box + rpn_cross_entropy + rpn_loss_box
lr = tf.Variable(0.01, trainable=False)
train_op = tf.train.MomentumOptimizer(lr, 0.9).minimize(loss)
rs = np.random.RandomState(64)
lab = rs.randint(-1, 2, 96).astype(np.int32)
rinside = np.zeros((1, 4, 4, 24), np.float32)
rinside.reshape(-1, 4)[lab == 1] = 1.0
feed = {image: rand(65, 1, 32, 32, 3), rpn_labels: lab,
        rpn_bbox_targets: rand(66, 1, 4, 4, 24, scale=0.3), rpn_bbox_inside: rinside,
        rois: np.array([[0, 1, 2, 20, 17], [0, 0, 0, 31, 31], [0, 12.5, 3, 14, 28], [0, 5, 5, 5, 5]], np.float32),
        labels: [1, 0, 2, 1], bbox_targets: rand(67, 4, 12, scale=0.5),
        bbox_inside: np.repeat(np.eye(3, dtype=np.float32)[[1, 0, 2, 1]], 4, axis=1)}
s = tf.Session(); s.run(tf.global_variables_initializer())
hist = []
for _ in range(3):
    hist.append([float(v) for v in s.run([cross_entropy, loss_box, rpn_cross_entropy, rpn_loss_box], feed)])
    s.run(train_op, feed)
out["hist"] = hist
R({"pool5": pool5[:, :, :, 0], "cls_prob": tf.nn.softmax(cls_score)}, feed=feed, sess=s)
""",
}

RL2_PROGRAMS = {
    # pemami4911/deep-rl's ddpg.py (tflearn's layers written as tf.layers): the critic's
    # action gradients fed to the actor's tf.gradients(scaled_out, params, -grad) divided
    # by the batch size (grouped by tf.tuple, see below), Adam apply_gradients on the zip, soft target updates
    # tau*s + (1-tau)*t, trainable_variables() slicing between networks, OU noise; 4 steps.
    "rl2_ddpg_action_gradients_soft_update": r"""
class ActorNetwork(object):
    def __init__(self, sess, state_dim, action_dim, action_bound, learning_rate, tau, batch_size):
        self.sess = sess
        self.s_dim, self.a_dim, self.action_bound = state_dim, action_dim, action_bound
        self.learning_rate, self.tau, self.batch_size = learning_rate, tau, batch_size
        self.inputs, self.out, self.scaled_out = self.create_actor_network('actor')
        self.network_params = tf.trainable_variables()
        self.target_inputs, self.target_out, self.target_scaled_out = self.create_actor_network('target_actor')
        self.target_network_params = tf.trainable_variables()[len(self.network_params):]
        self.update_target_network_params = \
            [self.target_network_params[i].assign(tf.multiply(self.network_params[i], self.tau)
                                                  + tf.multiply(self.target_network_params[i], 1. - self.tau))
             for i in range(len(self.target_network_params))]
        self.action_gradient = tf.placeholder(tf.float32, [None, self.a_dim])
        self.unnormalized_actor_gradients = tf.gradients(self.scaled_out, self.network_params,
                                                         -self.action_gradient)
        # pemami's list races in TF: an ApplyAdam may overwrite a ref kernel before a lower
        # layer's gradient reads it (TF gave two answers in two runs); grouped as
        # compute_gradients' GATE_GRAPH groups them, every gradient is read first.
        self.actor_gradients = tf.tuple(list(map(lambda x: tf.div(x, self.batch_size),
                                                 self.unnormalized_actor_gradients)))
        self.optimize = tf.train.AdamOptimizer(self.learning_rate).apply_gradients(
            zip(self.actor_gradients, self.network_params))
        self.num_trainable_vars = len(self.network_params) + len(self.target_network_params)

    def create_actor_network(self, scope):
        with tf.variable_scope(scope):
            inputs = tf.placeholder(tf.float32, [None, self.s_dim])
            net = tf.layers.dense(inputs, 8, activation=tf.nn.relu)
            net = tf.layers.dense(net, 6, activation=tf.nn.relu)
            w_init = tf.random_uniform_initializer(minval=-0.003, maxval=0.003)
            out = tf.layers.dense(net, self.a_dim, activation=tf.nn.tanh, kernel_initializer=w_init)
            scaled_out = tf.multiply(out, self.action_bound)
        return inputs, out, scaled_out

    def train(self, inputs, a_gradient):
        self.sess.run(self.optimize, feed_dict={self.inputs: inputs, self.action_gradient: a_gradient})

    def predict(self, inputs):
        return self.sess.run(self.scaled_out, feed_dict={self.inputs: inputs})

    def predict_target(self, inputs):
        return self.sess.run(self.target_scaled_out, feed_dict={self.target_inputs: inputs})

    def update_target_network(self):
        self.sess.run(self.update_target_network_params)

class CriticNetwork(object):
    def __init__(self, sess, state_dim, action_dim, learning_rate, tau, gamma, num_actor_vars):
        self.sess = sess
        self.s_dim, self.a_dim = state_dim, action_dim
        self.learning_rate, self.tau, self.gamma = learning_rate, tau, gamma
        self.inputs, self.action, self.out = self.create_critic_network('critic')
        self.network_params = tf.trainable_variables()[num_actor_vars:]
        self.target_inputs, self.target_action, self.target_out = self.create_critic_network('target_critic')
        self.target_network_params = tf.trainable_variables()[(len(self.network_params) + num_actor_vars):]
        self.update_target_network_params = \
            [self.target_network_params[i].assign(tf.multiply(self.network_params[i], self.tau)
                                                  + tf.multiply(self.target_network_params[i], 1. - self.tau))
             for i in range(len(self.target_network_params))]
        self.predicted_q_value = tf.placeholder(tf.float32, [None, 1])
        self.loss = tf.reduce_mean(tf.square(self.predicted_q_value - self.out))
        self.optimize = tf.train.AdamOptimizer(self.learning_rate).minimize(self.loss)
        self.action_grads = tf.gradients(self.out, self.action)

    def create_critic_network(self, scope):
        with tf.variable_scope(scope):
            inputs = tf.placeholder(tf.float32, [None, self.s_dim])
            action = tf.placeholder(tf.float32, [None, self.a_dim])
            net = tf.layers.dense(inputs, 8, activation=tf.nn.relu)
            t1 = tf.layers.Dense(6)
            t2 = tf.layers.Dense(6)
            t1(net), t2(action)
            net = tf.nn.relu(tf.matmul(net, t1.kernel) + tf.matmul(action, t2.kernel) + t2.bias)
            w_init = tf.random_uniform_initializer(minval=-0.003, maxval=0.003)
            out = tf.layers.dense(net, 1, kernel_initializer=w_init)
        return inputs, action, out

    def train(self, inputs, action, predicted_q_value):
        return self.sess.run([self.out, self.optimize], feed_dict={
            self.inputs: inputs, self.action: action, self.predicted_q_value: predicted_q_value})

    def predict_target(self, inputs, action):
        return self.sess.run(self.target_out, feed_dict={self.target_inputs: inputs,
                                                         self.target_action: action})

    def action_gradients(self, inputs, actions):
        return self.sess.run(self.action_grads, feed_dict={self.inputs: inputs, self.action: actions})

    def update_target_network(self):
        self.sess.run(self.update_target_network_params)

class OrnsteinUhlenbeckActionNoise:
    def __init__(self, mu, sigma=0.3, theta=.15, dt=1e-2, x0=None):
        self.theta, self.mu, self.sigma, self.dt, self.x0 = theta, mu, sigma, dt, x0
        self.reset()

    def __call__(self):
        x = self.x_prev + self.theta * (self.mu - self.x_prev) * self.dt \
            + self.sigma * np.sqrt(self.dt) * np.random.normal(size=self.mu.shape)
        self.x_prev = x
        return x

    def reset(self):
        self.x_prev = self.x0 if self.x0 is not None else np.zeros_like(self.mu)

tf.set_random_seed(71)
np.random.seed(71)
with tf.Session() as sess:
    actor = ActorNetwork(sess, 3, 2, 2.0, 0.01, 0.1, 4)
    critic = CriticNetwork(sess, 3, 2, 0.02, 0.1, 0.99, actor.num_trainable_vars)
    noise = OrnsteinUhlenbeckActionNoise(mu=np.zeros(2))
    sess.run(tf.global_variables_initializer())
    out["n_params"] = [len(actor.network_params), len(actor.target_network_params),
                       len(critic.network_params), len(critic.target_network_params)]
    rs = np.random.RandomState(72)
    hist = []
    for step in range(4):
        s_batch = rs.normal(size=(4, 3)).astype(np.float32)
        s2_batch = rs.normal(size=(4, 3)).astype(np.float32)
        a_batch = actor.predict(s_batch) + np.array([noise() for _ in range(4)], np.float32)
        r_batch = rs.normal(size=4).astype(np.float32)
        t_batch = [False, False, True, False]
        target_q = critic.predict_target(s2_batch, actor.predict_target(s2_batch))
        y_i = [r_batch[k] if t_batch[k] else r_batch[k] + critic.gamma * target_q[k][0] for k in range(4)]
        predicted_q_value, _ = critic.train(s_batch, a_batch, np.reshape(y_i, (4, 1)))
        a_outs = actor.predict(s_batch)
        grads = critic.action_gradients(s_batch, a_outs)
        actor.train(s_batch, grads[0])
        actor.update_target_network()
        critic.update_target_network()
        hist.append([float(np.amax(predicted_q_value)), grads[0].tolist()])
    out["hist"] = hist
    R({"actor": actor.scaled_out, "target_w": actor.target_network_params[0]},
      feed={actor.inputs: s_batch}, sess=sess)
""",
    # devsisters/DQN-tensorflow: clipped_error through tf.select's fallback to tf.where,
    # xavier conv weights with bias_add, the dueling head, double Q by gather_nd of the
    # target's values at the online argmax, exponential_decay floored by tf.maximum fed an
    # int64 step, RMSProp (momentum 0.95, epsilon 0.01), target copies by placeholder assigns
    # run with .eval() in the default session; 3 steps.
    "rl2_dqn_devsisters_double_dueling": r"""
def clipped_error(x):
    try:
        return tf.select(tf.abs(x) < 1.0, 0.5 * tf.square(x), tf.abs(x) - 0.5)
    except:
        return tf.where(tf.abs(x) < 1.0, 0.5 * tf.square(x), tf.abs(x) - 0.5)

def conv2d(x, output_dim, kernel_size, stride, initializer=contrib_layers.xavier_initializer(),
           activation_fn=tf.nn.relu, data_format='NHWC', padding='VALID', name='conv2d'):
    with tf.variable_scope(name):
        stride = [1, 1, stride[0], stride[1]] if data_format == 'NCHW' else [1, stride[0], stride[1], 1]
        kernel_shape = [kernel_size[0], kernel_size[1], x.get_shape()[-1], output_dim]
        w = tf.get_variable('w', kernel_shape, tf.float32, initializer=initializer)
        conv = tf.nn.conv2d(x, w, stride, padding, data_format=data_format)
        b = tf.get_variable('biases', [output_dim], initializer=tf.constant_initializer(0.0))
        out = tf.nn.bias_add(conv, b, data_format)
    if activation_fn != None:
        out = activation_fn(out)
    return out, w, b

def linear(input_, output_size, stddev=0.02, bias_start=0.0, activation_fn=None, name='linear'):
    shape = input_.get_shape().as_list()
    with tf.variable_scope(name):
        w = tf.get_variable('Matrix', [shape[1], output_size], tf.float32,
                            tf.random_normal_initializer(stddev=stddev))
        b = tf.get_variable('bias', [output_size], initializer=tf.constant_initializer(bias_start))
        out = tf.nn.bias_add(tf.matmul(input_, w), b)
        if activation_fn != None:
            return activation_fn(out), w, b
        else:
            return out, w, b

def network(scope, w):
    with tf.variable_scope(scope):
        s_t = tf.placeholder('float32', [None, 12, 12, 2], name='s_t')
        l1, w['l1_w'], w['l1_b'] = conv2d(s_t, 4, [4, 4], [2, 2], name='l1')
        l2, w['l2_w'], w['l2_b'] = conv2d(l1, 4, [3, 3], [1, 1], name='l2')
        shape = l2.get_shape().as_list()
        l2_flat = tf.reshape(l2, [-1, functools.reduce(lambda x, y: x * y, shape[1:])])
        value_hid, w['l3_val_w'], w['l3_val_b'] = linear(l2_flat, 8, activation_fn=tf.nn.relu, name='value_hid')
        adv_hid, w['l3_adv_w'], w['l3_adv_b'] = linear(l2_flat, 8, activation_fn=tf.nn.relu, name='adv_hid')
        value, w['val_w_out'], w['val_w_b'] = linear(value_hid, 1, name='value_out')
        advantage, w['adv_w_out'], w['adv_w_b'] = linear(adv_hid, 3, name='adv_out')
        q = value + (advantage - tf.reduce_mean(advantage, reduction_indices=1, keep_dims=True))
    return s_t, q

w, t_w = {}, {}
tf.set_random_seed(73)
s_t, q = network('prediction', w)
q_action = tf.argmax(q, dimension=1)
target_s_t, target_q = network('target', t_w)
target_q_idx = tf.placeholder('int32', [None, None], 'outputs_idx')
target_q_with_idx = tf.gather_nd(target_q, target_q_idx)
with tf.variable_scope('pred_to_target'):
    t_w_input, t_w_assign_op = {}, {}
    for name in w.keys():
        t_w_input[name] = tf.placeholder('float32', t_w[name].get_shape().as_list(), name=name)
        t_w_assign_op[name] = t_w[name].assign(t_w_input[name])
with tf.variable_scope('optimizer'):
    target_q_t = tf.placeholder('float32', [None], name='target_q_t')
    action = tf.placeholder('int64', [None], name='action')
    action_one_hot = tf.one_hot(action, 3, 1.0, 0.0, name='action_one_hot')
    q_acted = tf.reduce_sum(q * action_one_hot, reduction_indices=1, name='q_acted')
    delta = target_q_t - q_acted
    global_step = tf.Variable(0, trainable=False)
    loss = tf.reduce_mean(clipped_error(delta), name='loss')
    learning_rate_step = tf.placeholder('int64', None, name='learning_rate_step')
    learning_rate_op = tf.maximum(0.0025, tf.train.exponential_decay(
        0.01, learning_rate_step, 2, 0.5, staircase=True))
    optim = tf.train.RMSPropOptimizer(learning_rate_op, momentum=0.95, epsilon=0.01).minimize(loss)
out["names"] = [q_acted.name, loss.name, sorted(t_w_input)[0]]
rs = np.random.RandomState(74)
hist = []
with tf.Session() as sess:
    tf.global_variables_initializer().run()
    def update_target_q_network():
        for name in w.keys():
            t_w_assign_op[name].eval({t_w_input[name]: w[name].eval()})
    update_target_q_network()
    for step in range(3):
        s_batch = rs.uniform(0, 1, (5, 12, 12, 2)).astype(np.float32)
        s2_batch = rs.uniform(0, 1, (5, 12, 12, 2)).astype(np.float32)
        a_batch = rs.randint(0, 3, 5)
        r_batch = np.clip(rs.normal(size=5), -1, 1)
        terminal = np.array([0., 0., 1., 0., 0.])
        pred_action = q_action.eval({s_t: s2_batch})
        q_t_plus_1_with_pred_action = target_q_with_idx.eval({
            target_s_t: s2_batch, target_q_idx: [[idx, pred_a] for idx, pred_a in enumerate(pred_action)]})
        target = (1. - terminal) * 0.99 * q_t_plus_1_with_pred_action + r_batch
        _, q_t, l, lr = sess.run([optim, q, loss, learning_rate_op], {
            target_q_t: target, action: a_batch, s_t: s_batch, learning_rate_step: step * 2})
        hist.append([float(l), float(lr), pred_action.tolist()])
    update_target_q_network()
    out["hist"] = hist
    R({"target_q": target_q, "q": q}, feed={target_s_t: s2_batch, s_t: s2_batch}, sess=sess)
""",
}

# deepmind/dnc: util.py, addressing.py (CosineWeights, TemporalLinkage, Freeness) and
# access.py's MemoryAccess step, sonnet's Linear as tf.layers.dense.
DNC = r"""
_EPSILON = 1e-6
TemporalLinkageState = collections.namedtuple('TemporalLinkageState', ('link', 'precedence_weights'))

def batch_invert_permutation(permutations):
    with tf.name_scope('batch_invert_permutation', values=[permutations]):
        perm = tf.cast(permutations, tf.float32)
        dim = int(perm.get_shape()[-1])
        size = tf.cast(tf.shape(perm)[0], tf.float32)
        delta = tf.cast(tf.shape(perm)[-1], tf.float32)
        rg = tf.range(0, size * delta, delta, dtype=tf.float32)
        rg = tf.expand_dims(rg, 1)
        rg = tf.tile(rg, [1, dim])
        perm = tf.add(perm, rg)
        flat = tf.reshape(perm, [-1])
        perm = tf.invert_permutation(tf.cast(flat, tf.int32))
        perm = tf.reshape(perm, [-1, dim])
        return tf.subtract(perm, tf.cast(rg, tf.int32))

def batch_gather(values, indices):
    with tf.name_scope('batch_gather', values=[values, indices]):
        idx = tf.expand_dims(indices, -1)
        size = tf.shape(indices)[0]
        rg = tf.range(size, dtype=tf.int32)
        rg = tf.expand_dims(rg, -1)
        rg = tf.tile(rg, [1, int(indices.get_shape()[-1])])
        rg = tf.expand_dims(rg, -1)
        gidx = tf.concat([rg, idx], -1)
        return tf.gather_nd(values, gidx)

def reduce_prod(x, axis, name=None):
    with tf.name_scope(name, 'util_reduce_prod', values=[x]):
        cp = tf.cumprod(x, axis, reverse=True)
        size = tf.shape(cp)[0]
        idx1 = tf.range(tf.cast(size, tf.float32), dtype=tf.float32)
        idx2 = tf.zeros([size], tf.float32)
        indices = tf.stack([idx1, idx2], 1)
        return tf.gather_nd(cp, tf.cast(indices, tf.int32))

def _vector_norms(m):
    squared_norms = tf.reduce_sum(m * m, axis=2, keepdims=True)
    return tf.sqrt(squared_norms + _EPSILON)

def weighted_softmax(activations, strengths, strengths_op):
    transformed_strengths = tf.expand_dims(strengths_op(strengths), -1)
    sharp_activations = activations * transformed_strengths
    shape = tf.shape(sharp_activations)
    flat = tf.reshape(sharp_activations, tf.concat([[-1], shape[2:]], 0))
    return tf.reshape(tf.nn.softmax(flat), shape)

def cosine_weights(memory, keys, strengths, strength_op=tf.nn.softplus):
    dot = tf.matmul(keys, memory, adjoint_b=True)
    memory_norms = _vector_norms(memory)
    key_norms = _vector_norms(keys)
    norm = tf.matmul(key_norms, memory_norms, adjoint_b=True)
    similarity = dot / (norm + _EPSILON)
    return weighted_softmax(similarity, strengths, strength_op)

class TemporalLinkage(object):
    def __init__(self, memory_size, num_writes):
        self._memory_size = memory_size
        self._num_writes = num_writes

    def __call__(self, write_weights, prev_state):
        link = self._link(prev_state.link, prev_state.precedence_weights, write_weights)
        precedence_weights = self._precedence_weights(prev_state.precedence_weights, write_weights)
        return TemporalLinkageState(link=link, precedence_weights=precedence_weights)

    def directional_read_weights(self, link, prev_read_weights, forward):
        with tf.name_scope('directional_read_weights'):
            expanded_read_weights = tf.stack([prev_read_weights] * self._num_writes, 1)
            result = tf.matmul(expanded_read_weights, link, adjoint_b=forward)
            return tf.transpose(result, perm=[0, 2, 1, 3])

    def _link(self, prev_link, prev_precedence_weights, write_weights):
        with tf.name_scope('link'):
            batch_size = tf.shape(prev_link)[0]
            write_weights_i = tf.expand_dims(write_weights, 3)
            write_weights_j = tf.expand_dims(write_weights, 2)
            prev_precedence_weights_j = tf.expand_dims(prev_precedence_weights, 2)
            prev_link_scale = 1 - write_weights_i - write_weights_j
            new_link = write_weights_i * prev_precedence_weights_j
            link = prev_link_scale * prev_link + new_link
            return tf.matrix_set_diag(
                link, tf.zeros([batch_size, self._num_writes, self._memory_size], dtype=link.dtype))

    def _precedence_weights(self, prev_precedence_weights, write_weights):
        with tf.name_scope('precedence_weights'):
            write_sum = tf.reduce_sum(write_weights, 2, keepdims=True)
            return (1 - write_sum) * prev_precedence_weights + write_weights

class Freeness(object):
    def __init__(self, memory_size):
        self._memory_size = memory_size

    def __call__(self, write_weights, free_gate, read_weights, prev_usage):
        write_weights = tf.stop_gradient(write_weights)
        usage = self._usage_after_write(prev_usage, write_weights)
        usage = self._usage_after_read(usage, free_gate, read_weights)
        return usage

    def write_allocation_weights(self, usage, write_gates, num_writes):
        with tf.name_scope('write_allocation_weights'):
            write_gates = tf.expand_dims(write_gates, -1)
            allocation_weights = []
            for i in range(num_writes):
                allocation_weights.append(self._allocation(usage))
                usage += ((1 - usage) * write_gates[:, i, :] * allocation_weights[i])
            return tf.stack(allocation_weights, axis=1)

    def _usage_after_write(self, prev_usage, write_weights):
        with tf.name_scope('usage_after_write'):
            write_weights = 1 - reduce_prod(1 - write_weights, 1)
            return prev_usage + (1 - prev_usage) * write_weights

    def _usage_after_read(self, prev_usage, free_gate, read_weights):
        with tf.name_scope('usage_after_read'):
            free_gate = tf.expand_dims(free_gate, -1)
            free_read_weights = free_gate * read_weights
            phi = reduce_prod(1 - free_read_weights, 1, name='phi')
            return prev_usage * phi

    def _allocation(self, usage):
        with tf.name_scope('allocation'):
            usage = _EPSILON + (1 - _EPSILON) * usage
            nonusage = 1 - usage
            sorted_nonusage, indices = tf.nn.top_k(nonusage, k=self._memory_size, name='sort')
            sorted_usage = 1 - sorted_nonusage
            prod_sorted_usage = tf.cumprod(sorted_usage, axis=1, exclusive=True)
            sorted_allocation = sorted_nonusage * prod_sorted_usage
            inverse_indices = batch_invert_permutation(indices)
            return batch_gather(sorted_allocation, inverse_indices)

def _erase_and_write(memory, address, reset_weights, values):
    with tf.name_scope('erase_memory', values=[memory, address, reset_weights]):
        expand_address = tf.expand_dims(address, 3)
        reset_weights = tf.expand_dims(reset_weights, 2)
        weighted_resets = expand_address * reset_weights
        reset_gate = reduce_prod(1 - weighted_resets, 1)
        memory *= reset_gate
    with tf.name_scope('additive_write', values=[memory, address, values]):
        add_matrix = tf.matmul(address, values, adjoint_a=True)
        memory += add_matrix
    return memory

AccessState = collections.namedtuple('AccessState', ('memory', 'read_weights', 'write_weights',
                                                     'linkage', 'usage'))

class MemoryAccess(object):
    def __init__(self, memory_size=5, word_size=3, num_reads=2, num_writes=2):
        self._memory_size, self._word_size = memory_size, word_size
        self._num_reads, self._num_writes = num_reads, num_writes
        self._linkage = TemporalLinkage(memory_size, num_writes)
        self._freeness = Freeness(memory_size)

    def initial_state(self, batch_size):
        z = lambda *s: tf.zeros([batch_size] + list(s))
        return AccessState(memory=z(self._memory_size, self._word_size),
                           read_weights=z(self._num_reads, self._memory_size),
                           write_weights=z(self._num_writes, self._memory_size),
                           linkage=TemporalLinkageState(
                               link=z(self._num_writes, self._memory_size, self._memory_size),
                               precedence_weights=z(self._num_writes, self._memory_size)),
                           usage=z(self._memory_size))

    def _read_inputs(self, inputs):
        def _linear(first_dim, second_dim, name, activation=None):
            linear = tf.layers.dense(inputs, first_dim * second_dim, name=name, reuse=tf.AUTO_REUSE)
            if activation is not None:
                linear = activation(linear, name=name + '_activation')
            return tf.reshape(linear, [-1, first_dim, second_dim])
        oneplus = lambda x, name=None: 1 + tf.nn.softplus(x)
        write_vectors = _linear(self._num_writes, self._word_size, 'write_vectors')
        erase_vectors = _linear(self._num_writes, self._word_size, 'erase_vectors', tf.sigmoid)
        free_gate = tf.sigmoid(tf.layers.dense(inputs, self._num_reads, name='free_gate', reuse=tf.AUTO_REUSE))
        allocation_gate = tf.sigmoid(tf.layers.dense(inputs, self._num_writes, name='allocation_gate', reuse=tf.AUTO_REUSE))
        write_gate = tf.sigmoid(tf.layers.dense(inputs, self._num_writes, name='write_gate', reuse=tf.AUTO_REUSE))
        num_read_modes = 1 + 2 * self._num_writes
        read_mode = weighted_softmax(_linear(self._num_reads, num_read_modes, name='read_mode'),
                                     tf.ones([tf.shape(inputs)[0], self._num_reads]) * 0.5413, tf.identity)
        write_keys = _linear(self._num_writes, self._word_size, 'write_keys')
        write_strengths = tf.layers.dense(inputs, self._num_writes, name='write_strengths', reuse=tf.AUTO_REUSE)
        read_keys = _linear(self._num_reads, self._word_size, 'read_keys')
        read_strengths = tf.layers.dense(inputs, self._num_reads, name='read_strengths', reuse=tf.AUTO_REUSE)
        return {'read_content_keys': read_keys, 'read_content_strengths': read_strengths,
                'write_content_keys': write_keys, 'write_content_strengths': write_strengths,
                'write_vectors': write_vectors, 'erase_vectors': erase_vectors,
                'free_gate': free_gate, 'allocation_gate': allocation_gate,
                'write_gate': write_gate, 'read_modes': read_mode}

    def __call__(self, inputs, prev_state):
        with tf.variable_scope('memory_access', reuse=tf.AUTO_REUSE):
            inputs = self._read_inputs(inputs)
        usage = self._freeness(write_weights=prev_state.write_weights, free_gate=inputs['free_gate'],
                               read_weights=prev_state.read_weights, prev_usage=prev_state.usage)
        write_content_weights = cosine_weights(prev_state.memory, inputs['write_content_keys'],
                                               inputs['write_content_strengths'])
        write_allocation_weights = self._freeness.write_allocation_weights(
            usage=usage, write_gates=(inputs['allocation_gate'] * inputs['write_gate']),
            num_writes=self._num_writes)
        allocation_gate = tf.expand_dims(inputs['allocation_gate'], -1)
        write_gate = tf.expand_dims(inputs['write_gate'], -1)
        write_weights = write_gate * (allocation_gate * write_allocation_weights
                                      + (1 - allocation_gate) * write_content_weights)
        memory = _erase_and_write(prev_state.memory, address=write_weights,
                                  reset_weights=inputs['erase_vectors'], values=inputs['write_vectors'])
        linkage_state = self._linkage(write_weights, prev_state.linkage)
        content_weights = cosine_weights(memory, inputs['read_content_keys'],
                                         inputs['read_content_strengths'])
        forward_weights = self._linkage.directional_read_weights(
            linkage_state.link, prev_state.read_weights, forward=True)
        backward_weights = self._linkage.directional_read_weights(
            linkage_state.link, prev_state.read_weights, forward=False)
        backward_mode = inputs['read_modes'][:, :, :self._num_writes]
        forward_mode = inputs['read_modes'][:, :, self._num_writes:2 * self._num_writes]
        content_mode = inputs['read_modes'][:, :, 2 * self._num_writes]
        read_weights = (tf.expand_dims(content_mode, 2) * content_weights
                        + tf.reduce_sum(tf.expand_dims(forward_mode, 3) * forward_weights, 2)
                        + tf.reduce_sum(tf.expand_dims(backward_mode, 3) * backward_weights, 2))
        read_words = tf.matmul(read_weights, memory)
        return read_words, AccessState(memory=memory, read_weights=read_weights,
                                       write_weights=write_weights, linkage=linkage_state,
                                       usage=usage)
"""

DNC_PROGRAMS = {
    # util's permutation inverse and reduce_prod, Freeness' allocation (top_k with tied
    # usages, exclusive cumprod, scatter back by the inverted permutation) and its gradient,
    # TemporalLinkage's link with matrix_set_diag and both directional reads.
    "dnc_addressing_allocation_and_linkage": "import collections\n"
    + DNC
    + r"""
usage = tf.placeholder(tf.float32, [2, 5])
freeness = Freeness(5)
alloc = freeness._allocation(usage)
gates = tf.constant([[0.9, 0.4], [1.0, 0.0]])
walloc = freeness.write_allocation_weights(usage, gates, 2)
perm = tf.constant([[2, 0, 4, 1, 3], [0, 1, 2, 3, 4]])
linkage = TemporalLinkage(5, 2)
ww = tf.placeholder(tf.float32, [2, 2, 5])
state = linkage(ww, TemporalLinkageState(link=tf.fill([2, 2, 5, 5], 0.1),
                                          precedence_weights=tf.fill([2, 2, 5], 0.05)))
state = linkage(tf.reverse(ww, [2]), state)
prw = tf.nn.softmax(tf.reshape(tf.range(20.0), [2, 2, 5]) * 0.3)
g = tf.gradients(tf.reduce_sum(alloc * tf.range(1.0, 6.0)), usage)[0]
feed = {usage: [[0.2, 0.7, 0.2, 0.0, 0.9], [0.5, 0.5, 0.5, 0.5, 0.5]],
        ww: np.abs(rand(81, 2, 2, 5)) * 0.3}
s = tf.Session()
R({"inv": batch_invert_permutation(perm), "prod": reduce_prod(tf.constant(rand(82, 3, 4)), 1),
   "alloc": alloc, "walloc": walloc, "galloc": g, "link": state.link[:, 1],
   "prec": state.precedence_weights,
   "fwd": linkage.directional_read_weights(state.link, prw, True),
   "bwd": linkage.directional_read_weights(state.link, prw, False),
   "cos": cosine_weights(tf.constant(rand(83, 2, 5, 3)), tf.constant(rand(84, 2, 2, 3)),
                         tf.constant([[0.5, 2.0], [-1.0, 3.0]]))}, feed=feed, sess=s)
""",
    # A controller (dense) driving MemoryAccess for 4 unrolled steps, read words to the
    # output, squared error trained by RMSProp (the DNC's train.py optimizer, with
    # clip_by_global_norm) through allocation, linkage and content addressing; 3 steps.
    "dnc_memory_access_unrolled_train": "import collections\n"
    + DNC
    + r"""
tf.set_random_seed(85)
inputs = tf.placeholder(tf.float32, [4, 2, 3])
targets = tf.placeholder(tf.float32, [4, 2, 2])
access = MemoryAccess(memory_size=5, word_size=3, num_reads=2, num_writes=2)
# From a zero memory the first writes weigh slots equally and later usages tie to the
# last bit, where TF's grappler rewrite of `1 - (eps + (1 - eps) * usage)` rounds 1 ulp
# otherwise than the graph as written (graphgate's, and TF's with grappler off), which
# reorders the allocation's sort: a memory of small values breaks the ties.
state = access.initial_state(2)._replace(memory=tf.constant(rand(88, 2, 5, 3, scale=0.3)))
prev_reads = tf.zeros([2, 6])
outputs = []
for t in range(4):
    with tf.variable_scope('controller', reuse=tf.AUTO_REUSE):
        h = tf.layers.dense(tf.concat([inputs[t], prev_reads], 1), 8, activation=tf.tanh, name='h')
    read_words, state = access(h, state)
    prev_reads = tf.reshape(read_words, [2, 6])
    with tf.variable_scope('output', reuse=tf.AUTO_REUSE):
        outputs.append(tf.layers.dense(tf.concat([h, prev_reads], 1), 2, name='out'))
output = tf.stack(outputs)
loss = tf.reduce_mean(tf.square(output - targets))
trainable_variables = tf.trainable_variables()
grads, _ = tf.clip_by_global_norm(tf.gradients(loss, trainable_variables), 10.0)
optimizer = tf.train.RMSPropOptimizer(0.01, epsilon=1e-10)
train_step = optimizer.apply_gradients(zip(grads, trainable_variables))
out["n_vars"] = len(trainable_variables)
feed = {inputs: rand(86, 4, 2, 3), targets: np.tanh(rand(87, 4, 2, 2))}
s = tf.Session(); s.run(tf.global_variables_initializer())
out["losses"] = [float(s.run([loss, train_step], feed)[0]) for _ in range(3)]
R({"usage": state.usage, "ww": state.write_weights, "rw": state.read_weights,
   "memory": state.memory, "gnorm": tf.global_norm(grads)}, feed=feed, sess=s)
""",
}

MISC_PROGRAMS = {
    # insikk/Grad-CAM-tensorflow: a "GuidedRelu" gradient registered and put over Relu by
    # gradient_override_map, the class score's gradient at the last conv layer (its
    # spatial mean the channel weights), the guided backprop of the cost to the image, and
    # the CAM resized with resize_bilinear.
    "gradcam_guided_relu_override": r"""
try:
    @tf.RegisterGradient("GuidedRelu")
    def _GuidedReluGrad(op, grad):
        return tf.where(0. < grad, grad * tf.cast(op.outputs[0] > 0., grad.dtype), tf.zeros(tf.shape(grad)))
except KeyError:
    pass

def vgg_like(images):
    net = tf.layers.conv2d(images, 4, 3, padding='same', activation=tf.nn.relu, name='conv1_1',
                           kernel_initializer=tf.constant_initializer(rand(91, 3, 3, 3, 4, scale=0.4)))
    net = tf.layers.max_pooling2d(net, 2, 2, name='pool1')
    net = tf.layers.conv2d(net, 6, 3, padding='same', activation=tf.nn.relu, name='conv2_1',
                           kernel_initializer=tf.constant_initializer(rand(92, 3, 3, 4, 6, scale=0.4)))
    pool = tf.layers.max_pooling2d(net, 2, 2, name='pool2')
    flat = tf.reshape(pool, [-1, 2 * 2 * 6])
    fc = tf.layers.dense(flat, 3, name='fc8',
                         kernel_initializer=tf.constant_initializer(rand(93, 24, 3, scale=0.5)))
    return pool, fc

eval_graph = tf.get_default_graph()
images = tf.placeholder(tf.float32, [None, 8, 8, 3])
labels = tf.placeholder(tf.float32, [None, 3])
with eval_graph.gradient_override_map({'Relu': 'GuidedRelu'}):
    pool5, fc8 = vgg_like(images)
prob = tf.nn.softmax(fc8)
cost = (-1) * tf.reduce_sum(tf.multiply(labels, tf.log(prob)), axis=1)
y_c = tf.reduce_sum(tf.multiply(fc8, labels), axis=1)
target_conv_layer = pool5
target_conv_layer_grad = tf.gradients(y_c, target_conv_layer)[0]
gb_grad = tf.gradients(cost, images)[0]
weights = tf.reduce_mean(target_conv_layer_grad, axis=[1, 2])
cam = tf.nn.relu(tf.reduce_sum(pool5 * weights[:, None, None, :], axis=3, keepdims=True) + 1.0)
cam = cam / tf.reduce_max(cam, axis=[1, 2, 3], keepdims=True)
cam8 = tf.image.resize_bilinear(cam, [8, 8])
feed = {images: rand(94, 2, 8, 8, 3), labels: [[0, 1, 0], [1, 0, 0]]}
s = tf.Session(); s.run(tf.global_variables_initializer())
R({"grad": target_conv_layer_grad, "gb": gb_grad[0, :, :, 0], "cam": cam8[:, ::2, ::2, 0]},
  feed=feed, sess=s)
""",
    # sonnet v1's VectorQuantizer and VectorQuantizerEMA (nets/vqvae.py): distances by
    # expansion, argmax of their negation, the straight-through estimator, commitment and
    # codebook losses, perplexity; the EMA variant's moving averages of counts and sums
    # (zero_debias=False) and the codebook assigned under control dependencies; a conv
    # encoder/decoder around each trained by Adam, 3 steps.
    "vqvae_quantizer_and_ema": r"""
def assign_moving_average(variable, value, decay, zero_debias=False, name=None):
    with tf.name_scope(name, "AssignMovingAvg", [variable, value, decay]):
        decay = tf.convert_to_tensor(1.0 - decay, name="decay")
        update_delta = (variable - value) * decay
        return tf.assign_sub(variable, update_delta)

class VectorQuantizer(object):
    def __init__(self, embedding_dim, num_embeddings, commitment_cost, ema=False, decay=0.9,
                 epsilon=1e-5, name='vq_center'):
        self._embedding_dim, self._num_embeddings = embedding_dim, num_embeddings
        self._commitment_cost, self._ema, self._decay, self._epsilon = commitment_cost, ema, decay, epsilon
        with tf.variable_scope(name):
            initializer = tf.random_normal_initializer()
            self._w = tf.get_variable('embedding', [embedding_dim, num_embeddings],
                                      initializer=initializer, trainable=not ema, use_resource=True)
            if ema:
                self._ema_cluster_size = tf.get_variable(
                    'ema_cluster_size', [num_embeddings], initializer=tf.constant_initializer(0),
                    use_resource=True, trainable=False)
                self._ema_w = tf.get_variable('ema_dw', initializer=self._w.initial_value,
                                              use_resource=True, trainable=False)

    def __call__(self, inputs, is_training):
        input_shape = tf.shape(inputs)
        with tf.control_dependencies([tf.Assert(tf.equal(input_shape[-1], self._embedding_dim),
                                                [input_shape])]):
            flat_inputs = tf.reshape(inputs, [-1, self._embedding_dim])
        distances = (tf.reduce_sum(flat_inputs ** 2, 1, keepdims=True)
                     - 2 * tf.matmul(flat_inputs, self._w)
                     + tf.reduce_sum(self._w ** 2, 0, keepdims=True))
        encoding_indices = tf.argmax(- distances, 1)
        encodings = tf.one_hot(encoding_indices, self._num_embeddings)
        encoding_indices = tf.reshape(encoding_indices, tf.shape(inputs)[:-1])
        quantized = self.quantize(encoding_indices)
        e_latent_loss = tf.reduce_mean((tf.stop_gradient(quantized) - inputs) ** 2)
        if self._ema:
            if is_training:
                updated_ema_cluster_size = assign_moving_average(
                    self._ema_cluster_size, tf.reduce_sum(encodings, 0), self._decay)
                dw = tf.matmul(flat_inputs, encodings, transpose_a=True)
                updated_ema_w = assign_moving_average(self._ema_w, dw, self._decay)
                n = tf.reduce_sum(updated_ema_cluster_size)
                updated_ema_cluster_size = ((updated_ema_cluster_size + self._epsilon)
                                            / (n + self._num_embeddings * self._epsilon) * n)
                normalised_updated_ema_w = (updated_ema_w / tf.reshape(updated_ema_cluster_size, [1, -1]))
                with tf.control_dependencies([e_latent_loss]):
                    update_w = tf.assign(self._w, normalised_updated_ema_w)
                    with tf.control_dependencies([update_w]):
                        loss = self._commitment_cost * e_latent_loss
            else:
                loss = self._commitment_cost * e_latent_loss
        else:
            q_latent_loss = tf.reduce_mean((quantized - tf.stop_gradient(inputs)) ** 2)
            loss = q_latent_loss + self._commitment_cost * e_latent_loss
        quantized = inputs + tf.stop_gradient(quantized - inputs)
        avg_probs = tf.reduce_mean(encodings, 0)
        perplexity = tf.exp(- tf.reduce_sum(avg_probs * tf.log(avg_probs + 1e-10)))
        return {'quantize': quantized, 'loss': loss, 'perplexity': perplexity,
                'encodings': encodings, 'encoding_indices': encoding_indices}

    def quantize(self, encoding_indices):
        with tf.control_dependencies([encoding_indices]):
            w = tf.transpose(self._w.read_value(), [1, 0])
        return tf.nn.embedding_lookup(w, encoding_indices, validate_indices=False)

def model(x, vq, name):
    with tf.variable_scope(name):
        h = tf.layers.conv2d(x, 6, 4, strides=2, padding='same', activation=tf.nn.relu, name='enc1')
        z = tf.layers.conv2d(h, 3, 1, name='to_vq')
        vq_output = vq(z, is_training=True)
        h = tf.layers.conv2d_transpose(vq_output['quantize'], 6, 4, strides=2, padding='same',
                                       activation=tf.nn.relu, name='dec1')
        x_recon = tf.layers.conv2d(h, 1, 3, padding='same', name='dec2')
    recon_error = tf.reduce_mean((x_recon - x) ** 2) / 0.25
    return recon_error, vq_output

tf.set_random_seed(95)
x = tf.placeholder(tf.float32, [2, 8, 8, 1])
recon_a, vq_a = model(x, VectorQuantizer(3, 5, 0.25, name='vq'), 'plain')
recon_b, vq_b = model(x, VectorQuantizer(3, 5, 0.25, ema=True, name='vq_ema'), 'ema')
loss = recon_a + vq_a['loss'] + recon_b + vq_b['loss']
train_op = tf.train.AdamOptimizer(3e-3).minimize(loss)
out["n_train"] = len(tf.trainable_variables())
feed = {x: np.tanh(rand(96, 2, 8, 8, 1))}
s = tf.Session(); s.run(tf.global_variables_initializer())
hist = []
for _ in range(3):
    r = s.run([recon_a, vq_a['perplexity'], recon_b, vq_b['perplexity'], train_op], feed)
    hist.append([float(v) for v in r[:4]])
out["hist"] = hist
out["codebook"] = s.run(tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, 'vq_ema/embedding')[0]).tolist()
R({"idx_a": vq_a['encoding_indices'], "idx_b": vq_b['encoding_indices']}, feed=feed, sess=s)
""",
}

# More code bases whose ops the first set leaves out: SegNet's argmax unpooling,
# DrSleep's tensorflow-deeplab-resnet (DeepLab v2), kratzert's finetune_alexnet and
# matterport's Mask R-CNN graph functions.
MORE_PROGRAMS = {
    # A SegNet encoder-decoder: max_pool_with_argmax (ReLU zeros make ties), the unpooling
    # by scatter_nd at the flat argmax (batch added by hand), LRN, the class-weighted
    # cross-entropy (median frequency balancing) and two steps: plain gradient descent, as
    # the biases before each batch norm have a gradient that is zero but for rounding,
    # which Adam (the repository's) turns into whole steps of either sign, TF's or not.
    "segnet_argmax_unpool_weighted_loss": r"""
def unpool_with_argmax(pool, ind, name=None, ksize=[1, 2, 2, 1]):
    with tf.variable_scope(name):
        input_shape = pool.get_shape().as_list()
        output_shape = (input_shape[0], input_shape[1] * ksize[1], input_shape[2] * ksize[2], input_shape[3])
        flat_input_size = np.prod(input_shape)
        flat_output_shape = [output_shape[0], output_shape[1] * output_shape[2] * output_shape[3]]
        pool_ = tf.reshape(pool, [flat_input_size])
        batch_range = tf.reshape(tf.range(output_shape[0], dtype=ind.dtype), shape=[input_shape[0], 1, 1, 1])
        b = tf.ones_like(ind) * batch_range
        b = tf.reshape(b, [flat_input_size, 1])
        ind_ = tf.reshape(ind, [flat_input_size, 1])
        ind_ = tf.concat([b, ind_], 1)
        ret = tf.scatter_nd(ind_, pool_, shape=tf.cast(flat_output_shape, ind.dtype))
        ret = tf.reshape(ret, output_shape)
        return ret

def conv_layer_with_bn(inputT, shape, train_phase, activation=True, name=None):
    out_channel = shape[3]
    with tf.variable_scope(name) as scope:
        kernel = tf.get_variable('ort_weights', shape=shape,
                                 initializer=tf.orthogonal_initializer())
        conv = tf.nn.conv2d(inputT, kernel, [1, 1, 1, 1], padding='SAME')
        biases = tf.get_variable('biases', [out_channel], initializer=tf.constant_initializer(0.0))
        bias = tf.nn.bias_add(conv, biases)
        conv_out = tf.layers.batch_normalization(bias, training=train_phase, name='bn')
        if activation:
            conv_out = tf.nn.relu(conv_out)
    return conv_out

def weighted_loss(logits, labels, num_classes, head=None):
    with tf.name_scope('loss'):
        logits = tf.reshape(logits, (-1, num_classes))
        epsilon = tf.constant(value=1e-10)
        logits = logits + epsilon
        label_flat = tf.reshape(labels, (-1, 1))
        labels = tf.reshape(tf.one_hot(label_flat, depth=num_classes), (-1, num_classes))
        softmax = tf.nn.softmax(logits)
        cross_entropy = -tf.reduce_sum(tf.multiply(labels * tf.log(softmax + epsilon), head), axis=[1])
        cross_entropy_mean = tf.reduce_mean(cross_entropy, name='cross_entropy')
        tf.add_to_collection('losses', cross_entropy_mean)
        loss = tf.add_n(tf.get_collection('losses'), name='total_loss')
    return loss

tf.set_random_seed(101)
images = tf.placeholder(tf.float32, [2, 8, 8, 3])
labels = tf.placeholder(tf.int32, [2, 8, 8, 1])
phase_train = tf.placeholder(tf.bool, name='phase_train')
norm1 = tf.nn.lrn(images, depth_radius=5, bias=1.0, alpha=0.0001, beta=0.75, name='norm1')
conv1 = conv_layer_with_bn(norm1, [3, 3, 3, 4], phase_train, name="conv1")
pool1, pool1_indices = tf.nn.max_pool_with_argmax(conv1, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1],
                                                  padding='SAME', name='pool1')
conv2 = conv_layer_with_bn(pool1, [3, 3, 4, 4], phase_train, name="conv2")
pool2, pool2_indices = tf.nn.max_pool_with_argmax(conv2, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1],
                                                  padding='SAME', name='pool2')
upsample2 = unpool_with_argmax(pool2, ind=pool2_indices, name='unpool_2')
conv_decode2 = conv_layer_with_bn(upsample2, [3, 3, 4, 4], phase_train, False, name="conv_decode2")
upsample1 = unpool_with_argmax(conv_decode2, ind=pool1_indices, name='unpool_1')
conv_decode1 = conv_layer_with_bn(upsample1, [3, 3, 4, 4], phase_train, False, name="conv_decode1")
with tf.variable_scope('conv_classifier') as scope:
    kernel = tf.get_variable('weights', shape=[1, 1, 4, 3],
                             initializer=tf.variance_scaling_initializer(scale=2.0))
    conv = tf.nn.conv2d(conv_decode1, kernel, [1, 1, 1, 1], padding='SAME')
    biases = tf.get_variable('biases', [3], initializer=tf.constant_initializer(0.0))
    conv_classifier = tf.nn.bias_add(conv, biases, name=scope.name)
loss = weighted_loss(conv_classifier, labels, 3, head=np.array([0.2595, 0.1826, 4.5640]))
with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
out["dtypes"] = [pool1_indices.dtype.name, upsample1.shape.as_list()]
img = np.maximum(rand(102, 2, 8, 8, 3), 0.0)
lab = (img[..., :1] > 0.3).astype(np.int32) + (img[..., 1:2] > 1.0).astype(np.int32)
feed = {images: img, labels: lab, phase_train: True}
s = tf.Session(); s.run(tf.global_variables_initializer())
out["losses"] = [float(s.run([loss, train_op], feed)[0]) for _ in range(2)]
R({"ind1": pool1_indices[:, :, :, 0], "ind2": pool2_indices, "up1": upsample1[0, :, :, 1],
   "g": tf.gradients(loss, images)[0][1, :, :, 2]}, feed=feed, sess=s)
R({"eval": conv_classifier[0, ::3, ::3]}, feed={images: img, phase_train: False}, sess=s)
""",
    # DrSleep/tensorflow-deeplab-resnet: tf.nn.atrous_conv2d (SAME and VALID), labels
    # shrunk by resize_nearest_neighbor, pixels above the class range dropped by
    # tf.where/gather, L2 on 'weights', the poly learning rate fed as a step placeholder,
    # three MomentumOptimizers at 1x/10x/20x grouped; the upsampled argmax prediction.
    "deeplabv2_drsleep_atrous_poly_lr": r"""
def prepare_label(input_batch, new_size, num_classes, one_hot=True):
    with tf.name_scope('label_encode'):
        input_batch = tf.image.resize_nearest_neighbor(input_batch, new_size)
        input_batch = tf.squeeze(input_batch, squeeze_dims=[3])
        if one_hot:
            input_batch = tf.one_hot(input_batch, depth=num_classes)
    return input_batch

def atrous_conv(input, k_h, k_w, c_o, dilation, name, relu=True, padding='SAME', biased=True):
    c_i = input.get_shape()[-1]
    with tf.variable_scope(name) as scope:
        kernel = tf.get_variable('weights', shape=[k_h, k_w, c_i, c_o],
                                 initializer=tf.truncated_normal_initializer(stddev=0.3))
        output = tf.nn.atrous_conv2d(input, kernel, dilation, padding=padding)
        if biased:
            biases = tf.get_variable('biases', [c_o], initializer=tf.constant_initializer(0.01))
            output = tf.nn.bias_add(output, biases)
        if relu:
            output = tf.nn.relu(output, name=scope.name)
        return output

tf.set_random_seed(103)
num_classes = 3
img_batch = tf.placeholder(tf.float32, [2, 13, 13, 3])
label_batch = tf.placeholder(tf.uint8, [2, 13, 13, 1])
with tf.variable_scope('res'):
    net = tf.layers.conv2d(img_batch, 4, 3, strides=2, padding='same', name='conv1')
    net = atrous_conv(net, 3, 3, 4, 2, name='res5a_branch2b')
    net = atrous_conv(net, 3, 3, 4, 3, padding='VALID', name='res5b_branch2b')
with tf.variable_scope('fc1_voc12'):
    c0 = atrous_conv(net, 3, 3, num_classes, 1, relu=False, name='fc1_voc12_c0')
    c1 = atrous_conv(net, 3, 3, num_classes, 2, relu=False, name='fc1_voc12_c1')
    raw_output = tf.add_n([c0, c1], name='fc1_voc12')
all_trainable = [v for v in tf.trainable_variables() if 'beta' not in v.name and 'gamma' not in v.name]
fc_trainable = [v for v in all_trainable if 'fc' in v.name]
conv_trainable = [v for v in all_trainable if 'fc' not in v.name]
fc_w_trainable = [v for v in fc_trainable if 'weights' in v.name]
fc_b_trainable = [v for v in fc_trainable if 'biases' in v.name]
raw_prediction = tf.reshape(raw_output, [-1, num_classes])
label_proc = prepare_label(label_batch, tf.stack(raw_output.get_shape()[1:3]), num_classes=num_classes,
                           one_hot=False)
raw_gt = tf.reshape(label_proc, [-1, ])
indices = tf.squeeze(tf.where(tf.less_equal(raw_gt, num_classes - 1)), 1)
gt = tf.cast(tf.gather(raw_gt, indices), tf.int32)
prediction = tf.gather(raw_prediction, indices)
loss = tf.nn.sparse_softmax_cross_entropy_with_logits(logits=prediction, labels=gt)
l2_losses = [0.0005 * tf.nn.l2_loss(v) for v in tf.trainable_variables() if 'weights' in v.name]
reduced_loss = tf.reduce_mean(loss) + tf.add_n(l2_losses)
raw_output_up = tf.image.resize_bilinear(raw_output, tf.shape(img_batch)[1:3, ])
raw_output_up = tf.argmax(raw_output_up, dimension=3)
pred = tf.expand_dims(raw_output_up, dim=3)
base_lr = tf.constant(0.01)
step_ph = tf.placeholder(dtype=tf.float32, shape=())
learning_rate = tf.scalar_mul(base_lr, tf.pow((1 - step_ph / 10), 0.9))
opt_conv = tf.train.MomentumOptimizer(learning_rate, 0.9)
opt_fc_w = tf.train.MomentumOptimizer(learning_rate * 10.0, 0.9)
opt_fc_b = tf.train.MomentumOptimizer(learning_rate * 20.0, 0.9)
grads = tf.gradients(reduced_loss, conv_trainable + fc_w_trainable + fc_b_trainable)
grads_conv = grads[:len(conv_trainable)]
grads_fc_w = grads[len(conv_trainable): (len(conv_trainable) + len(fc_w_trainable))]
grads_fc_b = grads[(len(conv_trainable) + len(fc_w_trainable)):]
train_op_conv = opt_conv.apply_gradients(zip(grads_conv, conv_trainable))
train_op_fc_w = opt_fc_w.apply_gradients(zip(grads_fc_w, fc_w_trainable))
train_op_fc_b = opt_fc_b.apply_gradients(zip(grads_fc_b, fc_b_trainable))
train_op = tf.group(train_op_conv, train_op_fc_w, train_op_fc_b)
out["shapes"] = [raw_output.shape.as_list(), len(conv_trainable), len(fc_w_trainable)]
rs = np.random.RandomState(104)
lab = rs.randint(0, 4, (2, 13, 13, 1)).astype(np.uint8)
lab[lab == 3] = 255
img = rand(105, 2, 13, 13, 3)
s = tf.Session(); s.run(tf.global_variables_initializer())
hist = []
for step in range(3):
    feed = {img_batch: img, label_batch: lab, step_ph: step}
    l, lr, _ = s.run([reduced_loss, learning_rate, train_op], feed)
    hist.append([float(l), float(lr)])
out["hist"] = hist
R({"pred": pred[:, ::3, ::3, 0], "n": tf.size(indices)}, feed=feed, sess=s)
""",
    # kratzert/finetune_alexnet_with_tensorflow: grouped convolutions by tf.split of input
    # and weights, LRN (with its gradient), biases added through a reshape to tf.shape,
    # weights loaded by assign into reused variables, only the train_layers' variables
    # trained by apply_gradients (the gradients grouped, see below), accuracy by argmax
    # equality; two steps.
    "alexnet_finetune_grouped_lrn": r"""
def conv(x, filter_height, filter_width, num_filters, stride_y, stride_x, name, padding='SAME',
         groups=1):
    input_channels = int(x.get_shape()[-1])
    convolve = lambda i, k: tf.nn.conv2d(i, k, strides=[1, stride_y, stride_x, 1], padding=padding)
    with tf.variable_scope(name) as scope:
        weights = tf.get_variable('weights', shape=[filter_height, filter_width,
                                                    input_channels // groups, num_filters])
        biases = tf.get_variable('biases', shape=[num_filters])
    if groups == 1:
        conv = convolve(x, weights)
    else:
        input_groups = tf.split(axis=3, num_or_size_splits=groups, value=x)
        weight_groups = tf.split(axis=3, num_or_size_splits=groups, value=weights)
        output_groups = [convolve(i, k) for i, k in zip(input_groups, weight_groups)]
        conv = tf.concat(axis=3, values=output_groups)
    bias = tf.reshape(tf.nn.bias_add(conv, biases), tf.shape(conv))
    relu = tf.nn.relu(bias, name=scope.name)
    return relu

def fc(x, num_in, num_out, name, relu=True):
    with tf.variable_scope(name) as scope:
        weights = tf.get_variable('weights', shape=[num_in, num_out], trainable=True)
        biases = tf.get_variable('biases', [num_out], trainable=True)
        act = tf.nn.xw_plus_b(x, weights, biases, name=scope.name)
    if relu:
        return tf.nn.relu(act)
    return act

def max_pool(x, filter_height, filter_width, stride_y, stride_x, name, padding='SAME'):
    return tf.nn.max_pool(x, ksize=[1, filter_height, filter_width, 1],
                          strides=[1, stride_y, stride_x, 1], padding=padding, name=name)

def lrn(x, radius, alpha, beta, name, bias=1.0):
    return tf.nn.local_response_normalization(x, depth_radius=radius, alpha=alpha, beta=beta,
                                              bias=bias, name=name)

class AlexNet(object):
    def __init__(self, x, keep_prob, num_classes, skip_layer):
        self.X, self.NUM_CLASSES, self.KEEP_PROB, self.SKIP_LAYER = x, num_classes, keep_prob, skip_layer
        self.create()

    def create(self):
        conv1 = conv(self.X, 5, 5, 8, 2, 2, padding='VALID', name='conv1')
        norm1 = lrn(conv1, 2, 2e-05, 0.75, name='norm1')
        pool1 = max_pool(norm1, 3, 3, 2, 2, padding='VALID', name='pool1')
        conv2 = conv(pool1, 3, 3, 8, 1, 1, groups=2, name='conv2')
        norm2 = lrn(conv2, 2, 2e-05, 0.75, name='norm2')
        pool2 = max_pool(norm2, 2, 2, 1, 1, padding='VALID', name='pool2')
        flattened = tf.reshape(pool2, [-1, 2 * 2 * 8])
        fc6 = fc(flattened, 2 * 2 * 8, 10, name='fc6')
        dropout6 = tf.nn.dropout(fc6, self.KEEP_PROB)
        self.fc8 = fc(dropout6, 10, self.NUM_CLASSES, relu=False, name='fc8')

    def load_initial_weights(self, session, weights_dict):
        for op_name in weights_dict:
            if op_name not in self.SKIP_LAYER:
                with tf.variable_scope(op_name, reuse=True):
                    for data in weights_dict[op_name]:
                        if len(data.shape) == 1:
                            var = tf.get_variable('biases', trainable=False)
                            session.run(var.assign(data))
                        else:
                            var = tf.get_variable('weights', trainable=False)
                            session.run(var.assign(data))

rs = np.random.RandomState(106)
weights_dict = {'conv1': [rs.normal(0, 0.2, (5, 5, 3, 8)).astype(np.float32), np.full(8, 0.1, np.float32)],
                'conv2': [rs.normal(0, 0.3, (3, 3, 4, 8)).astype(np.float32), np.full(8, 0.1, np.float32)],
                'fc6': [rs.normal(0, 0.3, (32, 10)).astype(np.float32), np.zeros(10, np.float32)],
                'fc8': [rs.normal(0, 0.3, (10, 3)).astype(np.float32), np.zeros(3, np.float32)]}
tf.set_random_seed(107)
x = tf.placeholder(tf.float32, [None, 17, 17, 3])
y = tf.placeholder(tf.float32, [None, 3])
keep_prob = tf.placeholder(tf.float32)
train_layers = ['fc8', 'fc6']
model = AlexNet(x, keep_prob, 3, train_layers)
score = model.fc8
var_list = [v for v in tf.trainable_variables() if v.name.split('/')[0] in train_layers]
with tf.name_scope("cross_ent"):
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=score, labels=y))
with tf.name_scope("train"):
    # kratzert's ungated list lets fc8's update overwrite the ref kernel fc6's gradient
    # reads through (no edge orders them; TF read it after, graphgate before): grouped.
    gradients = tf.tuple(tf.gradients(loss, var_list))
    gradients = list(zip(gradients, var_list))
    optimizer = tf.train.GradientDescentOptimizer(0.1)
    train_op = optimizer.apply_gradients(grads_and_vars=gradients)
with tf.name_scope("accuracy"):
    correct_pred = tf.equal(tf.argmax(score, 1), tf.argmax(y, 1))
    accuracy = tf.reduce_mean(tf.cast(correct_pred, tf.float32))
out["var_list"] = [v.op.name for v in var_list]
imgs = rand(108, 4, 17, 17, 3)
ys = np.eye(3, dtype=np.float32)[[0, 2, 1, 2]]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    model.load_initial_weights(sess, weights_dict)
    hist = []
    for _ in range(2):
        sess.run(train_op, feed_dict={x: imgs, y: ys, keep_prob: 1.0})
        hist.append([float(v) for v in sess.run([loss, accuracy], {x: imgs, y: ys, keep_prob: 1.0})])
    out["hist"] = hist
    g_lrn = tf.gradients(tf.reduce_sum(lrn(x, 2, 0.3, 0.75, 'norm_g', bias=2.0) ** 2), x)[0]
    R({"score": score, "g_lrn": g_lrn[0, :3, :3, :]}, feed={x: imgs * 3, keep_prob: 1.0}, sess=sess)
""",
    # matterport/Mask_RCNN's refine_detections_graph: argmax class ids (int32), gather_nd
    # of class scores and deltas, apply_box_deltas_graph and clip_boxes_graph (tf.split),
    # tf.sets.set_intersection of tf.where keeps, per-class NMS in tf.map_fn padded with
    # -1, top_k of the kept scores and the detections padded to a fixed count.
    "maskrcnn_refine_detections": r"""
def apply_box_deltas_graph(boxes, deltas):
    height = boxes[:, 2] - boxes[:, 0]
    width = boxes[:, 3] - boxes[:, 1]
    center_y = boxes[:, 0] + 0.5 * height
    center_x = boxes[:, 1] + 0.5 * width
    center_y += deltas[:, 0] * height
    center_x += deltas[:, 1] * width
    height *= tf.exp(deltas[:, 2])
    width *= tf.exp(deltas[:, 3])
    y1 = center_y - 0.5 * height
    x1 = center_x - 0.5 * width
    y2 = y1 + height
    x2 = x1 + width
    result = tf.stack([y1, x1, y2, x2], axis=1, name="apply_box_deltas_out")
    return result

def clip_boxes_graph(boxes, window):
    wy1, wx1, wy2, wx2 = tf.split(window, 4)
    y1, x1, y2, x2 = tf.split(boxes, 4, axis=1)
    y1 = tf.maximum(tf.minimum(y1, wy2), wy1)
    x1 = tf.maximum(tf.minimum(x1, wx2), wx1)
    y2 = tf.maximum(tf.minimum(y2, wy2), wy1)
    x2 = tf.maximum(tf.minimum(x2, wx2), wx1)
    clipped = tf.concat([y1, x1, y2, x2], axis=1, name="clipped_boxes")
    clipped.set_shape((clipped.shape[0], 4))
    return clipped

class Config:
    BBOX_STD_DEV = np.array([0.1, 0.1, 0.2, 0.2])
    DETECTION_MIN_CONFIDENCE = 0.3
    DETECTION_MAX_INSTANCES = 4
    DETECTION_NMS_THRESHOLD = 0.3

def refine_detections_graph(rois, probs, deltas, window, config):
    class_ids = tf.argmax(probs, axis=1, output_type=tf.int32)
    indices = tf.stack([tf.range(probs.shape[0]), class_ids], axis=1)
    class_scores = tf.gather_nd(probs, indices)
    deltas_specific = tf.gather_nd(deltas, indices)
    refined_rois = apply_box_deltas_graph(rois, deltas_specific * config.BBOX_STD_DEV)
    refined_rois = clip_boxes_graph(refined_rois, window)
    keep = tf.where(class_ids > 0)[:, 0]
    if config.DETECTION_MIN_CONFIDENCE:
        conf_keep = tf.where(class_scores >= config.DETECTION_MIN_CONFIDENCE)[:, 0]
        keep = tf.sets.set_intersection(tf.expand_dims(keep, 0), tf.expand_dims(conf_keep, 0))
        keep = tf.sparse_tensor_to_dense(keep)[0]
    pre_nms_class_ids = tf.gather(class_ids, keep)
    pre_nms_scores = tf.gather(class_scores, keep)
    pre_nms_rois = tf.gather(refined_rois, keep)
    unique_pre_nms_class_ids = tf.unique(pre_nms_class_ids)[0]

    def nms_keep_map(class_id):
        ixs = tf.where(tf.equal(pre_nms_class_ids, class_id))[:, 0]
        class_keep = tf.image.non_max_suppression(
            tf.gather(pre_nms_rois, ixs), tf.gather(pre_nms_scores, ixs),
            max_output_size=config.DETECTION_MAX_INSTANCES, iou_threshold=config.DETECTION_NMS_THRESHOLD)
        class_keep = tf.gather(keep, tf.gather(ixs, class_keep))
        gap = config.DETECTION_MAX_INSTANCES - tf.shape(class_keep)[0]
        class_keep = tf.pad(class_keep, [(0, gap)], mode='CONSTANT', constant_values=-1)
        class_keep.set_shape([config.DETECTION_MAX_INSTANCES])
        return class_keep

    nms_keep = tf.map_fn(nms_keep_map, unique_pre_nms_class_ids, dtype=tf.int64)
    nms_keep = tf.reshape(nms_keep, [-1])
    nms_keep = tf.gather(nms_keep, tf.where(nms_keep > -1)[:, 0])
    keep = tf.sets.set_intersection(tf.expand_dims(keep, 0), tf.expand_dims(nms_keep, 0))
    keep = tf.sparse_tensor_to_dense(keep)[0]
    roi_count = config.DETECTION_MAX_INSTANCES
    class_scores_keep = tf.gather(class_scores, keep)
    num_keep = tf.minimum(tf.shape(class_scores_keep)[0], roi_count)
    top_ids = tf.nn.top_k(class_scores_keep, k=num_keep, sorted=True)[1]
    keep = tf.gather(keep, top_ids)
    detections = tf.concat([
        tf.gather(refined_rois, keep),
        tf.to_float(tf.gather(class_ids, keep))[..., tf.newaxis],
        tf.gather(class_scores, keep)[..., tf.newaxis]], axis=1)
    gap = config.DETECTION_MAX_INSTANCES - tf.shape(detections)[0]
    detections = tf.pad(detections, [(0, gap), (0, 0)], "CONSTANT")
    return detections

rs = np.random.RandomState(111)
n = 9
y1x1 = rs.uniform(0, 0.6, (n, 2))
rois_np = np.concatenate([y1x1, y1x1 + rs.uniform(0.1, 0.4, (n, 2))], 1).astype(np.float32)
rois_np[3] = rois_np[2] + 0.01
rois_np[7] = rois_np[2] + 0.02
logits = rs.normal(size=(n, 3)) * 2
logits[[2, 3, 7], 1] += 4
probs_np = (np.exp(logits) / np.exp(logits).sum(1, keepdims=True)).astype(np.float32)
rois = tf.placeholder(tf.float32, [n, 4])
probs = tf.placeholder(tf.float32, [n, 3])
deltas = tf.placeholder(tf.float32, [n, 3, 4])
window = tf.constant([0.05, 0.0, 0.95, 1.0])
det = refine_detections_graph(rois, probs, deltas, window, Config())
inter = tf.sets.set_intersection(tf.constant([[1, 5, 3, 3, 9], [2, 2, 4, 0, 7]], tf.int64),
                                 tf.constant([[3, 9, 4, 1, 0], [7, 7, 2, 6, 6]], tf.int64))
s = tf.Session()
R({"det": det, "inter": tf.sparse_tensor_to_dense(inter, default_value=-1),
   "size": tf.sets.set_size(inter)},
  feed={rois: rois_np, probs: probs_np, deltas: rand(112, n, 3, 4)}, sess=s)
""",
}

PROGRAMS = {
    **CYCLEGAN_PROGRAMS,
    **DEEPLAB_PROGRAMS,
    **SLIMNET_PROGRAMS,
    **SR_PROGRAMS,
    **YOLO3_PROGRAMS,
    **FRCNN_PROGRAMS,
    **RL2_PROGRAMS,
    **DNC_PROGRAMS,
    **MISC_PROGRAMS,
    **MORE_PROGRAMS,
}


def main(names: list[str]) -> None:
    tf = harness.import_tf1(legacy_keras=True)
    chosen = {n: PROGRAMS[n] for n in names} if names else PROGRAMS
    results = harness.run_programs(tf, chosen, PRELUDE, CONTRIB=tf1_models.contrib_for_tf2(tf))
    harness.dump({"tensorflow": tf.__version__, "programs": results})


if __name__ == "__main__":
    main(sys.argv[1:])
