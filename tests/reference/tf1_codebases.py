"""Record what TensorFlow computes for pieces of famous TF1 code bases (dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_codebases.py \
        > tests/unit/engine/fixtures/tf1_codebases.json

(the venv needs `tensorflow-cpu`, `tf-keras`, `tf-slim` and `scipy`: TensorFlow 2 has no
`tf.contrib`, so `slim` and `contrib_layers` are tf_slim's there and contrib's here, and
ScipyOptimizerInterface is TF 1.15's re-typed. Outputs TF's executor orders as it likes —
a variable read in the run that updates it — are left out or fetched on their own; two
regenerations give the same file.)

Each program re-types a piece of a well-known TF1 code base (google-research/bert,
the tf-slim nets of tensorflow/models, DCGAN, pix2pix, baselines, wavenet, ...) at a tiny
size and stores what it observed in `out[...]`: values, names, and exception classes
(`raises(...)`). The test runs the same text against graphgate and compares.
"""

from __future__ import annotations

import json
import sys

import numpy as np

# What every program may use besides `tf`: slim as the code bases import it.
PRELUDE = """
def L(v):
    a = np.asarray(v)
    if a.dtype.kind in "f": a = a.astype(np.float64)
    return a.tolist()
def R(d, feed=None, sess=None):
    s = sess or tf.Session()
    for k, t in d.items():
        out[k] = L(s.run(t, feed))
        out[k + ".dtype"] = t.dtype.name
if hasattr(tf, "contrib"):
    slim = tf.contrib.slim
    contrib_layers = tf.contrib.layers
else:
    import sys as _sys, importlib as _il
    # tf_slim 1.1 imports tf_keras' legacy layers, ops.IndexedSlices and ops.Tensor from where
    # TensorFlow 2.21 no longer has them.
    for _m in ("", ".normalization", ".core", ".convolutional", ".pooling", ".base"):
        _sys.modules.setdefault("tf_keras.legacy_tf_layers" + _m,
                                _il.import_module("tf_keras.src.legacy_tf_layers" + _m))
    from tensorflow.python.framework import ops as _ops
    if not hasattr(_ops, "IndexedSlices"):
        _ops.IndexedSlices = tf.IndexedSlices
    if not hasattr(_ops, "Tensor"):
        _ops.Tensor = tf.Tensor
    from tensorflow.python.ops import control_flow_ops as _cfo

    if not hasattr(_cfo, "cond"):  # tf_slim's smart_cond and Image handler
        from tensorflow.python.ops import cond as _cond
        from tensorflow.python.ops import control_flow_case as _case

        _cfo.cond, _cfo.case = _cond.cond, _case.case
    import tf_slim as slim
    contrib_layers = slim  # tf_slim keeps contrib.layers (xavier_initializer too) at the top
"""

# re-typed from tensorflow/models research/slim/nets (nets).
NETS = r"""
import collections
import functools

class Block(collections.namedtuple('Block', ['scope', 'unit_fn', 'args'])):
  'A named tuple describing a ResNet block.'

def subsample(inputs, factor, scope=None):
  if factor == 1:
    return inputs
  else:
    return slim.max_pool2d(inputs, [1, 1], stride=factor, scope=scope)

def conv2d_same(inputs, num_outputs, kernel_size, stride, rate=1, scope=None):
  if stride == 1:
    return slim.conv2d(inputs, num_outputs, kernel_size, stride=1, rate=rate, padding='SAME', scope=scope)
  else:
    kernel_size_effective = kernel_size + (kernel_size - 1) * (rate - 1)
    pad_total = kernel_size_effective - 1
    pad_beg = pad_total // 2
    pad_end = pad_total - pad_beg
    inputs = tf.pad(tensor=inputs, paddings=[[0, 0], [pad_beg, pad_end], [pad_beg, pad_end], [0, 0]])
    return slim.conv2d(inputs, num_outputs, kernel_size, stride=stride, rate=rate, padding='VALID', scope=scope)

@slim.add_arg_scope
def stack_blocks_dense(net, blocks, output_stride=None, store_non_strided_activations=False,
                       outputs_collections=None):
  current_stride = 1
  rate = 1
  for block in blocks:
    with tf.variable_scope(block.scope, 'block', [net]) as sc:
      block_stride = 1
      for i, unit in enumerate(block.args):
        if store_non_strided_activations and i == len(block.args) - 1:
          block_stride = unit.get('stride', 1)
          unit = dict(unit, stride=1)
        with tf.variable_scope('unit_%d' % (i + 1), values=[net]):
          if output_stride is not None and current_stride == output_stride:
            net = block.unit_fn(net, rate=rate, **dict(unit, stride=1))
            rate *= unit.get('stride', 1)
          else:
            net = block.unit_fn(net, rate=1, **unit)
            current_stride *= unit.get('stride', 1)
            if output_stride is not None and current_stride > output_stride:
              raise ValueError('The target output_stride cannot be reached.')
      net = slim.utils.collect_named_outputs(outputs_collections, sc.name, net)
      if output_stride is not None and current_stride == output_stride:
        rate *= block_stride
      else:
        net = subsample(net, block_stride)
        current_stride *= block_stride
        if output_stride is not None and current_stride > output_stride:
          raise ValueError('The target output_stride cannot be reached.')
  if output_stride is not None and current_stride != output_stride:
    raise ValueError('The target output_stride cannot be reached.')
  return net

def resnet_arg_scope(weight_decay=0.0001, batch_norm_decay=0.997, batch_norm_epsilon=1e-5,
                     batch_norm_scale=True, activation_fn=tf.nn.relu, use_batch_norm=True,
                     batch_norm_updates_collections=tf.GraphKeys.UPDATE_OPS):
  batch_norm_params = {
      'decay': batch_norm_decay,
      'epsilon': batch_norm_epsilon,
      'scale': batch_norm_scale,
      'updates_collections': batch_norm_updates_collections,
      'fused': None,
  }
  with slim.arg_scope(
      [slim.conv2d],
      weights_regularizer=slim.l2_regularizer(weight_decay),
      weights_initializer=slim.variance_scaling_initializer(),
      activation_fn=activation_fn,
      normalizer_fn=slim.batch_norm if use_batch_norm else None,
      normalizer_params=batch_norm_params):
    with slim.arg_scope([slim.batch_norm], **batch_norm_params):
      with slim.arg_scope([slim.max_pool2d], padding='SAME') as arg_sc:
        return arg_sc

@slim.add_arg_scope
def bottleneck(inputs, depth, depth_bottleneck, stride, rate=1, outputs_collections=None,
               scope=None, use_bounded_activations=False):
  with tf.variable_scope(scope, 'bottleneck_v1', [inputs]) as sc:
    depth_in = slim.utils.last_dimension(inputs.get_shape(), min_rank=4)
    if depth == depth_in:
      shortcut = subsample(inputs, stride, 'shortcut')
    else:
      shortcut = slim.conv2d(inputs, depth, [1, 1], stride=stride,
                             activation_fn=tf.nn.relu6 if use_bounded_activations else None,
                             scope='shortcut')
    residual = slim.conv2d(inputs, depth_bottleneck, [1, 1], stride=1, scope='conv1')
    residual = conv2d_same(residual, depth_bottleneck, 3, stride, rate=rate, scope='conv2')
    residual = slim.conv2d(residual, depth, [1, 1], stride=1, activation_fn=None, scope='conv3')
    if use_bounded_activations:
      residual = tf.clip_by_value(residual, -6.0, 6.0)
      output = tf.nn.relu6(shortcut + residual)
    else:
      output = tf.nn.relu(shortcut + residual)
    return slim.utils.collect_named_outputs(outputs_collections, sc.name, output)

def resnet_v1(inputs, blocks, num_classes=None, is_training=True, global_pool=True,
              output_stride=None, include_root_block=True, spatial_squeeze=True, reuse=None,
              scope=None):
  with tf.variable_scope(scope, 'resnet_v1', [inputs], reuse=reuse) as sc:
    end_points_collection = sc.original_name_scope + '_end_points'
    with slim.arg_scope([slim.conv2d, bottleneck, stack_blocks_dense],
                        outputs_collections=end_points_collection):
      with slim.arg_scope([slim.batch_norm], is_training=is_training):
        net = inputs
        if include_root_block:
          if output_stride is not None:
            if output_stride % 4 != 0:
              raise ValueError('The output_stride needs to be a multiple of 4.')
            output_stride /= 4
          net = conv2d_same(net, 8, 7, stride=2, scope='conv1')
          net = slim.max_pool2d(net, [3, 3], stride=2, scope='pool1')
        net = stack_blocks_dense(net, blocks, output_stride)
        end_points = slim.utils.convert_collection_to_dict(end_points_collection)
        if global_pool:
          net = tf.reduce_mean(net, [1, 2], name='pool5', keep_dims=True)
          end_points['global_pool'] = net
        if num_classes:
          net = slim.conv2d(net, num_classes, [1, 1], activation_fn=None, normalizer_fn=None, scope='logits')
          end_points[sc.name + '/logits'] = net
          if spatial_squeeze:
            net = tf.squeeze(net, [1, 2], name='SpatialSqueeze')
            end_points[sc.name + '/spatial_squeeze'] = net
          end_points['predictions'] = slim.softmax(net, scope='predictions')
        return net, end_points

def resnet_v1_block(scope, base_depth, num_units, stride):
  return Block(scope, bottleneck, [{'depth': base_depth * 4, 'depth_bottleneck': base_depth, 'stride': 1}] * (num_units - 1) +
               [{'depth': base_depth * 4, 'depth_bottleneck': base_depth, 'stride': stride}])

@slim.add_arg_scope
def bottleneck_v2(inputs, depth, depth_bottleneck, stride, rate=1, outputs_collections=None, scope=None):
  with tf.variable_scope(scope, 'bottleneck_v2', [inputs]) as sc:
    depth_in = slim.utils.last_dimension(inputs.get_shape(), min_rank=4)
    preact = slim.batch_norm(inputs, activation_fn=tf.nn.relu, scope='preact')
    if depth == depth_in:
      shortcut = subsample(inputs, stride, 'shortcut')
    else:
      shortcut = slim.conv2d(preact, depth, [1, 1], stride=stride, normalizer_fn=None,
                             activation_fn=None, scope='shortcut')
    residual = slim.conv2d(preact, depth_bottleneck, [1, 1], stride=1, scope='conv1')
    residual = conv2d_same(residual, depth_bottleneck, 3, stride, rate=rate, scope='conv2')
    residual = slim.conv2d(residual, depth, [1, 1], stride=1, normalizer_fn=None,
                           activation_fn=None, scope='conv3')
    output = shortcut + residual
    return slim.utils.collect_named_outputs(outputs_collections, sc.name, output)

def resnet_v2(inputs, blocks, num_classes=None, is_training=True, global_pool=True,
              output_stride=None, include_root_block=True, spatial_squeeze=True, reuse=None,
              scope=None):
  with tf.variable_scope(scope, 'resnet_v2', [inputs], reuse=reuse) as sc:
    end_points_collection = sc.original_name_scope + '_end_points'
    with slim.arg_scope([slim.conv2d, bottleneck_v2, stack_blocks_dense],
                        outputs_collections=end_points_collection):
      with slim.arg_scope([slim.batch_norm], is_training=is_training):
        net = inputs
        if include_root_block:
          if output_stride is not None:
            if output_stride % 4 != 0:
              raise ValueError('The output_stride needs to be a multiple of 4.')
            output_stride /= 4
          with slim.arg_scope([slim.conv2d], activation_fn=None, normalizer_fn=None):
            net = conv2d_same(net, 8, 7, stride=2, scope='conv1')
          net = slim.max_pool2d(net, [3, 3], stride=2, scope='pool1')
        net = stack_blocks_dense(net, blocks, output_stride)
        net = slim.batch_norm(net, activation_fn=tf.nn.relu, scope='postnorm')
        end_points = slim.utils.convert_collection_to_dict(end_points_collection)
        if global_pool:
          net = tf.reduce_mean(net, [1, 2], name='pool5', keep_dims=True)
          end_points['global_pool'] = net
        if num_classes:
          net = slim.conv2d(net, num_classes, [1, 1], activation_fn=None, normalizer_fn=None, scope='logits')
          end_points[sc.name + '/logits'] = net
          if spatial_squeeze:
            net = tf.squeeze(net, [1, 2], name='SpatialSqueeze')
            end_points[sc.name + '/spatial_squeeze'] = net
          end_points['predictions'] = slim.softmax(net, scope='predictions')
        return net, end_points

def resnet_v2_block(scope, base_depth, num_units, stride):
  return Block(scope, bottleneck_v2, [{'depth': base_depth * 4, 'depth_bottleneck': base_depth, 'stride': 1}] * (num_units - 1) +
               [{'depth': base_depth * 4, 'depth_bottleneck': base_depth, 'stride': stride}])

IMG = np.random.RandomState(0).uniform(-1, 1, (2, 16, 16, 3)).astype(np.float32)
"""

# re-typed from tensorflow/models research/slim/nets (vgg).
VGG = r"""
def vgg_arg_scope(weight_decay=0.0005):
  with slim.arg_scope([slim.conv2d, slim.fully_connected], activation_fn=tf.nn.relu,
                      weights_regularizer=slim.l2_regularizer(weight_decay),
                      biases_initializer=tf.zeros_initializer()):
    with slim.arg_scope([slim.conv2d], padding='SAME') as arg_sc:
      return arg_sc

def vgg_a(inputs, num_classes=1000, is_training=True, dropout_keep_prob=0.5, spatial_squeeze=True,
          reuse=None, scope='vgg_a', fc_conv_padding='VALID', global_pool=False):
  with tf.variable_scope(scope, 'vgg_a', [inputs], reuse=reuse) as sc:
    end_points_collection = sc.original_name_scope + '_end_points'
    with slim.arg_scope([slim.conv2d, slim.max_pool2d], outputs_collections=end_points_collection):
      net = slim.repeat(inputs, 1, slim.conv2d, 4, [3, 3], scope='conv1')
      net = slim.max_pool2d(net, [2, 2], scope='pool1')
      net = slim.repeat(net, 1, slim.conv2d, 8, [3, 3], scope='conv2')
      net = slim.max_pool2d(net, [2, 2], scope='pool2')
      net = slim.repeat(net, 2, slim.conv2d, 8, [3, 3], scope='conv3')
      net = slim.max_pool2d(net, [2, 2], scope='pool3')
      net = slim.conv2d(net, 16, [2, 2], padding=fc_conv_padding, scope='fc6')
      net = slim.dropout(net, dropout_keep_prob, is_training=is_training, scope='dropout6')
      net = slim.conv2d(net, 16, [1, 1], scope='fc7')
      end_points = slim.utils.convert_collection_to_dict(end_points_collection)
      if global_pool:
        net = tf.reduce_mean(net, [1, 2], keep_dims=True, name='global_pool')
        end_points['global_pool'] = net
      if num_classes:
        net = slim.dropout(net, dropout_keep_prob, is_training=is_training, scope='dropout7')
        net = slim.conv2d(net, num_classes, [1, 1], activation_fn=None, normalizer_fn=None, scope='fc8')
        if spatial_squeeze:
          net = tf.squeeze(net, [1, 2], name='fc8/squeezed')
        end_points[sc.name + '/fc8'] = net
      return net, end_points

def vgg_16_head(inputs, scope='vgg_16'):
  with tf.variable_scope(scope, 'vgg_16', [inputs]) as sc:
    end_points_collection = sc.original_name_scope + '_end_points'
    with slim.arg_scope([slim.conv2d, slim.fully_connected, slim.max_pool2d], outputs_collections=end_points_collection):
      net = slim.repeat(inputs, 2, slim.conv2d, 4, [3, 3], scope='conv1')
      net = slim.max_pool2d(net, [2, 2], scope='pool1')
      net = slim.flatten(net)
      net = slim.fully_connected(net, 5, scope='fc')
      return net, slim.utils.convert_collection_to_dict(end_points_collection)
"""

# re-typed from tensorflow/models research/slim/nets (mobilenet).
MOBILENET = r"""
from collections import namedtuple
Conv = namedtuple('Conv', ['kernel', 'stride', 'depth'])
DepthSepConv = namedtuple('DepthSepConv', ['kernel', 'stride', 'depth'])
MOBILENETV1_CONV_DEFS = [
    Conv(kernel=[3, 3], stride=2, depth=32),
    DepthSepConv(kernel=[3, 3], stride=1, depth=64),
    DepthSepConv(kernel=[3, 3], stride=2, depth=128),
    DepthSepConv(kernel=[3, 3], stride=1, depth=128),
]

def _fixed_padding(inputs, kernel_size, rate=1):
  kernel_size_effective = [kernel_size[0] + (kernel_size[0] - 1) * (rate - 1),
                           kernel_size[0] + (kernel_size[0] - 1) * (rate - 1)]
  pad_total = [kernel_size_effective[0] - 1, kernel_size_effective[1] - 1]
  pad_beg = [pad_total[0] // 2, pad_total[1] // 2]
  pad_end = [pad_total[0] - pad_beg[0], pad_total[1] - pad_beg[1]]
  padded_inputs = tf.pad(tensor=inputs, paddings=[[0, 0], [pad_beg[0], pad_end[0]], [pad_beg[1], pad_end[1]], [0, 0]])
  return padded_inputs

def mobilenet_v1_base(inputs, final_endpoint='Conv2d_3_pointwise', min_depth=8, depth_multiplier=1.0,
                      conv_defs=None, output_stride=None, use_explicit_padding=False, scope=None):
  depth = lambda d: max(int(d * depth_multiplier), min_depth)
  end_points = {}
  if depth_multiplier <= 0:
    raise ValueError('depth_multiplier is not greater than zero.')
  if conv_defs is None:
    conv_defs = MOBILENETV1_CONV_DEFS
  if output_stride is not None and output_stride not in [8, 16, 32]:
    raise ValueError('Only allowed output_stride values are 8, 16, 32.')
  padding = 'SAME'
  if use_explicit_padding:
    padding = 'VALID'
  with tf.variable_scope(scope, 'MobilenetV1', [inputs]):
    with slim.arg_scope([slim.conv2d, slim.separable_conv2d], padding=padding):
      current_stride = 1
      rate = 1
      net = inputs
      for i, conv_def in enumerate(conv_defs):
        end_point_base = 'Conv2d_%d' % i
        if output_stride is not None and current_stride == output_stride:
          layer_stride = 1
          layer_rate = rate
          rate *= conv_def.stride
        else:
          layer_stride = conv_def.stride
          layer_rate = 1
          current_stride *= conv_def.stride
        if isinstance(conv_def, Conv):
          end_point = end_point_base
          if use_explicit_padding:
            net = _fixed_padding(net, conv_def.kernel)
          net = slim.conv2d(net, depth(conv_def.depth), conv_def.kernel, stride=conv_def.stride, scope=end_point)
          end_points[end_point] = net
          if end_point == final_endpoint:
            return net, end_points
        elif isinstance(conv_def, DepthSepConv):
          end_point = end_point_base + '_depthwise'
          if use_explicit_padding:
            net = _fixed_padding(net, conv_def.kernel, layer_rate)
          net = slim.separable_conv2d(net, None, conv_def.kernel, depth_multiplier=1, stride=layer_stride,
                                      rate=layer_rate, scope=end_point)
          end_points[end_point] = net
          if end_point == final_endpoint:
            return net, end_points
          end_point = end_point_base + '_pointwise'
          net = slim.conv2d(net, depth(conv_def.depth), [1, 1], stride=1, scope=end_point)
          end_points[end_point] = net
          if end_point == final_endpoint:
            return net, end_points
        else:
          raise ValueError('Unknown convolution type %s for layer %d' % (conv_def.ltype, i))
  raise ValueError('Unknown final endpoint %s' % final_endpoint)

def mobilenet_v1(inputs, num_classes=1000, dropout_keep_prob=0.999, is_training=True, min_depth=8,
                 depth_multiplier=1.0, conv_defs=None, prediction_fn=slim.softmax, spatial_squeeze=True,
                 reuse=None, scope='MobilenetV1', global_pool=False):
  input_shape = inputs.get_shape().as_list()
  if len(input_shape) != 4:
    raise ValueError('Invalid input tensor rank, expected 4, was: %d' % len(input_shape))
  with tf.variable_scope(scope, 'MobilenetV1', [inputs], reuse=reuse) as scope:
    with slim.arg_scope([slim.batch_norm, slim.dropout], is_training=is_training):
      net, end_points = mobilenet_v1_base(inputs, scope=scope, min_depth=min_depth,
                                          depth_multiplier=depth_multiplier, conv_defs=conv_defs)
      with tf.variable_scope('Logits'):
        if global_pool:
          net = tf.reduce_mean(net, [1, 2], keep_dims=True, name='global_pool')
          end_points['global_pool'] = net
        else:
          kernel_size = [min(net.get_shape().as_list()[1], 7), min(net.get_shape().as_list()[2], 7)]
          net = slim.avg_pool2d(net, kernel_size, padding='VALID', scope='AvgPool_1a')
          end_points['AvgPool_1a'] = net
        if not num_classes:
          return net, end_points
        net = slim.dropout(net, keep_prob=dropout_keep_prob, scope='Dropout_1b')
        logits = slim.conv2d(net, num_classes, [1, 1], activation_fn=None, normalizer_fn=None, scope='Conv2d_1c_1x1')
        if spatial_squeeze:
          logits = tf.squeeze(logits, [1, 2], name='SpatialSqueeze')
      end_points['Logits'] = logits
      if prediction_fn:
        end_points['Predictions'] = prediction_fn(logits, scope='Predictions')
  return logits, end_points

def mobilenet_v1_arg_scope(is_training=True, weight_decay=0.00004, stddev=0.09, regularize_depthwise=False,
                           batch_norm_decay=0.9997, batch_norm_epsilon=0.001,
                           batch_norm_updates_collections=tf.GraphKeys.UPDATE_OPS, normalizer_fn=slim.batch_norm):
  batch_norm_params = {'center': True, 'scale': True, 'decay': batch_norm_decay,
                       'epsilon': batch_norm_epsilon, 'updates_collections': batch_norm_updates_collections}
  if is_training is not None:
    batch_norm_params['is_training'] = is_training
  weights_init = tf.truncated_normal_initializer(stddev=stddev)
  regularizer = slim.l2_regularizer(weight_decay)
  if regularize_depthwise:
    depthwise_regularizer = regularizer
  else:
    depthwise_regularizer = None
  with slim.arg_scope([slim.conv2d, slim.separable_conv2d], weights_initializer=weights_init,
                      activation_fn=tf.nn.relu6, normalizer_fn=normalizer_fn):
    with slim.arg_scope([slim.batch_norm], **batch_norm_params):
      with slim.arg_scope([slim.conv2d], weights_regularizer=regularizer):
        with slim.arg_scope([slim.separable_conv2d], weights_regularizer=depthwise_regularizer) as sc:
          return sc
"""

# re-typed from carpedm20/DCGAN-tensorflow (ops.py and model.py), tiny. The z placeholder
# is [batch_size, z_dim] where the repo has [None, z_dim]: TensorFlow 2's conv2d_transpose
# no longer keeps the static batch that TF1's did, so the repo's reshapes fail there.
DCGAN = r"""
import math
concat = tf.concat

class batch_norm(object):
  def __init__(self, epsilon=1e-5, momentum = 0.9, name="batch_norm"):
    with tf.variable_scope(name):
      self.epsilon  = epsilon
      self.momentum = momentum
      self.name = name

  def __call__(self, x, train=True):
    return contrib_layers.batch_norm(x, decay=self.momentum, updates_collections=None,
                      epsilon=self.epsilon, scale=True, is_training=train, scope=self.name)

def conv_cond_concat(x, y):
  x_shapes = x.get_shape()
  y_shapes = y.get_shape()
  return concat([x, y*tf.ones([x_shapes[0], x_shapes[1], x_shapes[2], y_shapes[3]])], 3)

def conv2d(input_, output_dim, k_h=5, k_w=5, d_h=2, d_w=2, stddev=0.02, name="conv2d"):
  with tf.variable_scope(name):
    w = tf.get_variable('w', [k_h, k_w, input_.get_shape()[-1], output_dim],
              initializer=tf.truncated_normal_initializer(stddev=stddev))
    conv = tf.nn.conv2d(input_, w, strides=[1, d_h, d_w, 1], padding='SAME')
    biases = tf.get_variable('biases', [output_dim], initializer=tf.constant_initializer(0.0))
    conv = tf.reshape(tf.nn.bias_add(conv, biases), conv.get_shape())
    return conv

def deconv2d(input_, output_shape, k_h=5, k_w=5, d_h=2, d_w=2, stddev=0.02, name="deconv2d", with_w=False):
  with tf.variable_scope(name):
    w = tf.get_variable('w', [k_h, k_w, output_shape[-1], input_.get_shape()[-1]],
              initializer=tf.random_normal_initializer(stddev=stddev))
    try:
      deconv = tf.nn.conv2d_transpose(input_, w, output_shape=output_shape, strides=[1, d_h, d_w, 1])
    except AttributeError:
      deconv = tf.nn.deconv2d(input_, w, output_shape=output_shape, strides=[1, d_h, d_w, 1])
    biases = tf.get_variable('biases', [output_shape[-1]], initializer=tf.constant_initializer(0.0))
    deconv = tf.reshape(tf.nn.bias_add(deconv, biases), deconv.get_shape())
    if with_w:
      return deconv, w, biases
    else:
      return deconv

def lrelu(x, leak=0.2, name="lrelu"):
  return tf.maximum(x, leak*x)

def linear(input_, output_size, scope=None, stddev=0.02, bias_start=0.0, with_w=False):
  shape = input_.get_shape().as_list()
  with tf.variable_scope(scope or "Linear"):
    try:
      matrix = tf.get_variable("Matrix", [shape[1], output_size], tf.float32,
                 tf.random_normal_initializer(stddev=stddev))
    except ValueError as err:
        msg = "NOTE: Usually, this is due to an issue with the image dimensions."
        err.args = err.args + (msg,)
        raise
    bias = tf.get_variable("bias", [output_size], initializer=tf.constant_initializer(bias_start))
    if with_w:
      return tf.matmul(input_, matrix) + bias, matrix, bias
    else:
      return tf.matmul(input_, matrix) + bias

def conv_out_size_same(size, stride):
  return int(math.ceil(float(size) / float(stride)))

class DCGAN(object):
  def __init__(self, batch_size=2, output_height=16, output_width=16, y_dim=None, z_dim=8,
               gf_dim=4, df_dim=4, gfc_dim=16, dfc_dim=16, c_dim=3):
    self.batch_size = batch_size
    self.output_height = output_height; self.output_width = output_width
    self.y_dim = y_dim; self.z_dim = z_dim
    self.gf_dim = gf_dim; self.df_dim = df_dim; self.gfc_dim = gfc_dim; self.dfc_dim = dfc_dim
    self.c_dim = c_dim
    self.d_bn1 = batch_norm(name='d_bn1')
    self.d_bn2 = batch_norm(name='d_bn2')
    if not self.y_dim:
      self.d_bn3 = batch_norm(name='d_bn3')
    self.g_bn0 = batch_norm(name='g_bn0')
    self.g_bn1 = batch_norm(name='g_bn1')
    self.g_bn2 = batch_norm(name='g_bn2')
    if not self.y_dim:
      self.g_bn3 = batch_norm(name='g_bn3')
    self.build_model()

  def build_model(self):
    if self.y_dim:
      self.y = tf.placeholder(tf.float32, [self.batch_size, self.y_dim], name='y')
    else:
      self.y = None
    image_dims = [self.output_height, self.output_width, self.c_dim]
    self.inputs = tf.placeholder(tf.float32, [self.batch_size] + image_dims, name='real_images')
    inputs = self.inputs
    self.z = tf.placeholder(tf.float32, [self.batch_size, self.z_dim], name='z')
    self.z_sum = tf.summary.histogram("z", self.z)
    self.G                  = self.generator(self.z, self.y)
    self.D, self.D_logits   = self.discriminator(inputs, self.y, reuse=False)
    self.sampler            = self.sampler(self.z, self.y)
    self.D_, self.D_logits_ = self.discriminator(self.G, self.y, reuse=True)
    self.d_sum = tf.summary.histogram("d", self.D)
    self.G_sum = tf.summary.image("G", self.G)
    def sigmoid_cross_entropy_with_logits(x, y):
      try:
        return tf.nn.sigmoid_cross_entropy_with_logits(logits=x, labels=y)
      except:
        return tf.nn.sigmoid_cross_entropy_with_logits(logits=x, targets=y)
    self.d_loss_real = tf.reduce_mean(sigmoid_cross_entropy_with_logits(self.D_logits, tf.ones_like(self.D)))
    self.d_loss_fake = tf.reduce_mean(sigmoid_cross_entropy_with_logits(self.D_logits_, tf.zeros_like(self.D_)))
    self.g_loss = tf.reduce_mean(sigmoid_cross_entropy_with_logits(self.D_logits_, tf.ones_like(self.D_)))
    self.d_loss_real_sum = tf.summary.scalar("d_loss_real", self.d_loss_real)
    self.d_loss = self.d_loss_real + self.d_loss_fake
    self.g_loss_sum = tf.summary.scalar("g_loss", self.g_loss)
    t_vars = tf.trainable_variables()
    self.d_vars = [var for var in t_vars if 'd_' in var.name]
    self.g_vars = [var for var in t_vars if 'g_' in var.name]
    self.saver = tf.train.Saver(max_to_keep=1)

  def discriminator(self, image, y=None, reuse=False):
    with tf.variable_scope("discriminator") as scope:
      if reuse:
        scope.reuse_variables()
      if not self.y_dim:
        h0 = lrelu(conv2d(image, self.df_dim, name='d_h0_conv'))
        h1 = lrelu(self.d_bn1(conv2d(h0, self.df_dim*2, name='d_h1_conv')))
        h2 = lrelu(self.d_bn2(conv2d(h1, self.df_dim*4, name='d_h2_conv')))
        h3 = lrelu(self.d_bn3(conv2d(h2, self.df_dim*8, name='d_h3_conv')))
        h4 = linear(tf.reshape(h3, [self.batch_size, -1]), 1, 'd_h4_lin')
        return tf.nn.sigmoid(h4), h4
      else:
        yb = tf.reshape(y, [self.batch_size, 1, 1, self.y_dim])
        x = conv_cond_concat(image, yb)
        h0 = lrelu(conv2d(x, self.c_dim + self.y_dim, name='d_h0_conv'))
        h0 = conv_cond_concat(h0, yb)
        h1 = lrelu(self.d_bn1(conv2d(h0, self.df_dim + self.y_dim, name='d_h1_conv')))
        h1 = tf.reshape(h1, [self.batch_size, -1])
        h1 = concat([h1, y], 1)
        h2 = lrelu(self.d_bn2(linear(h1, self.dfc_dim, 'd_h2_lin')))
        h2 = concat([h2, y], 1)
        h3 = linear(h2, 1, 'd_h3_lin')
        return tf.nn.sigmoid(h3), h3

  def generator(self, z, y=None):
    with tf.variable_scope("generator") as scope:
      if not self.y_dim:
        s_h, s_w = self.output_height, self.output_width
        s_h2, s_w2 = conv_out_size_same(s_h, 2), conv_out_size_same(s_w, 2)
        s_h4, s_w4 = conv_out_size_same(s_h2, 2), conv_out_size_same(s_w2, 2)
        s_h8, s_w8 = conv_out_size_same(s_h4, 2), conv_out_size_same(s_w4, 2)
        s_h16, s_w16 = conv_out_size_same(s_h8, 2), conv_out_size_same(s_w8, 2)
        self.z_, self.h0_w, self.h0_b = linear(z, self.gf_dim*8*s_h16*s_w16, 'g_h0_lin', with_w=True)
        self.h0 = tf.reshape(self.z_, [-1, s_h16, s_w16, self.gf_dim * 8])
        h0 = tf.nn.relu(self.g_bn0(self.h0))
        self.h1, self.h1_w, self.h1_b = deconv2d(h0, [self.batch_size, s_h8, s_w8, self.gf_dim*4], name='g_h1', with_w=True)
        h1 = tf.nn.relu(self.g_bn1(self.h1))
        h2, self.h2_w, self.h2_b = deconv2d(h1, [self.batch_size, s_h4, s_w4, self.gf_dim*2], name='g_h2', with_w=True)
        h2 = tf.nn.relu(self.g_bn2(h2))
        h3, self.h3_w, self.h3_b = deconv2d(h2, [self.batch_size, s_h2, s_w2, self.gf_dim*1], name='g_h3', with_w=True)
        h3 = tf.nn.relu(self.g_bn3(h3))
        h4, self.h4_w, self.h4_b = deconv2d(h3, [self.batch_size, s_h, s_w, self.c_dim], name='g_h4', with_w=True)
        return tf.nn.tanh(h4)
      else:
        s_h, s_w = self.output_height, self.output_width
        s_h2, s_h4 = int(s_h/2), int(s_h/4)
        s_w2, s_w4 = int(s_w/2), int(s_w/4)
        yb = tf.reshape(y, [self.batch_size, 1, 1, self.y_dim])
        z = concat([z, y], 1)
        h0 = tf.nn.relu(self.g_bn0(linear(z, self.gfc_dim, 'g_h0_lin')))
        h0 = concat([h0, y], 1)
        h1 = tf.nn.relu(self.g_bn1(linear(h0, self.gf_dim*2*s_h4*s_w4, 'g_h1_lin')))
        h1 = tf.reshape(h1, [self.batch_size, s_h4, s_w4, self.gf_dim * 2])
        h1 = conv_cond_concat(h1, yb)
        h2 = tf.nn.relu(self.g_bn2(deconv2d(h1, [self.batch_size, s_h2, s_w2, self.gf_dim * 2], name='g_h2')))
        h2 = conv_cond_concat(h2, yb)
        return tf.nn.sigmoid(deconv2d(h2, [self.batch_size, s_h, s_w, self.c_dim], name='g_h3'))

  def sampler(self, z, y=None):
    with tf.variable_scope("generator") as scope:
      scope.reuse_variables()
      if not self.y_dim:
        s_h, s_w = self.output_height, self.output_width
        s_h2, s_w2 = conv_out_size_same(s_h, 2), conv_out_size_same(s_w, 2)
        s_h4, s_w4 = conv_out_size_same(s_h2, 2), conv_out_size_same(s_w2, 2)
        s_h8, s_w8 = conv_out_size_same(s_h4, 2), conv_out_size_same(s_w4, 2)
        s_h16, s_w16 = conv_out_size_same(s_h8, 2), conv_out_size_same(s_w8, 2)
        h0 = tf.reshape(linear(z, self.gf_dim*8*s_h16*s_w16, 'g_h0_lin'), [-1, s_h16, s_w16, self.gf_dim * 8])
        h0 = tf.nn.relu(self.g_bn0(h0, train=False))
        h1 = deconv2d(h0, [self.batch_size, s_h8, s_w8, self.gf_dim*4], name='g_h1')
        h1 = tf.nn.relu(self.g_bn1(h1, train=False))
        h2 = deconv2d(h1, [self.batch_size, s_h4, s_w4, self.gf_dim*2], name='g_h2')
        h2 = tf.nn.relu(self.g_bn2(h2, train=False))
        h3 = deconv2d(h2, [self.batch_size, s_h2, s_w2, self.gf_dim*1], name='g_h3')
        h3 = tf.nn.relu(self.g_bn3(h3, train=False))
        h4 = deconv2d(h3, [self.batch_size, s_h, s_w, self.c_dim], name='g_h4')
        return tf.nn.tanh(h4)
      else:
        s_h, s_w = self.output_height, self.output_width
        s_h2, s_h4 = int(s_h/2), int(s_h/4)
        s_w2, s_w4 = int(s_w/2), int(s_w/4)
        yb = tf.reshape(y, [self.batch_size, 1, 1, self.y_dim])
        z = concat([z, y], 1)
        h0 = tf.nn.relu(self.g_bn0(linear(z, self.gfc_dim, 'g_h0_lin'), train=False))
        h0 = concat([h0, y], 1)
        h1 = tf.nn.relu(self.g_bn1(linear(h0, self.gf_dim*2*s_h4*s_w4, 'g_h1_lin'), train=False))
        h1 = tf.reshape(h1, [self.batch_size, s_h4, s_w4, self.gf_dim * 2])
        h1 = conv_cond_concat(h1, yb)
        h2 = tf.nn.relu(self.g_bn2(deconv2d(h1, [self.batch_size, s_h2, s_w2, self.gf_dim * 2], name='g_h2'), train=False))
        h2 = conv_cond_concat(h2, yb)
        return tf.nn.sigmoid(deconv2d(h2, [self.batch_size, s_h, s_w, self.c_dim], name='g_h3'))

RS = np.random.RandomState(5)
IMGS = RS.uniform(-1, 1, (2, 16, 16, 3)).astype(np.float32)
ZS = RS.uniform(-1, 1, (2, 8)).astype(np.float32)
"""

# re-typed from affinelayer/pix2pix-tensorflow (pix2pix.py), tiny: fewer encoder and
# decoder layers, `a` the parsed flags.
PIX = r"""
EPS = 1e-12
class A: pass
a = A(); a.ngf = 4; a.ndf = 4; a.separable_conv = False; a.gan_weight = 1.0; a.l1_weight = 100.0
a.lr = 0.0002; a.beta1 = 0.5

def discrim_conv(batch_input, out_channels, stride):
    padded_input = tf.pad(batch_input, [[0, 0], [1, 1], [1, 1], [0, 0]], mode="CONSTANT")
    return tf.layers.conv2d(padded_input, out_channels, kernel_size=4, strides=(stride, stride), padding="valid", kernel_initializer=tf.random_normal_initializer(0, 0.02))

def gen_conv(batch_input, out_channels):
    initializer = tf.random_normal_initializer(0, 0.02)
    if a.separable_conv:
        return tf.layers.separable_conv2d(batch_input, out_channels, kernel_size=4, strides=(2, 2), padding="same", depthwise_initializer=initializer, pointwise_initializer=initializer)
    else:
        return tf.layers.conv2d(batch_input, out_channels, kernel_size=4, strides=(2, 2), padding="same", kernel_initializer=initializer)

def gen_deconv(batch_input, out_channels):
    initializer = tf.random_normal_initializer(0, 0.02)
    if a.separable_conv:
        _b, h, w, _c = batch_input.shape
        resized_input = tf.image.resize_images(batch_input, [h * 2, w * 2], method=tf.image.ResizeMethod.NEAREST_NEIGHBOR)
        return tf.layers.separable_conv2d(resized_input, out_channels, kernel_size=4, strides=(1, 1), padding="same", depthwise_initializer=initializer, pointwise_initializer=initializer)
    else:
        return tf.layers.conv2d_transpose(batch_input, out_channels, kernel_size=4, strides=(2, 2), padding="same", kernel_initializer=initializer)

def lrelu(x, a):
    with tf.name_scope("lrelu"):
        x = tf.identity(x)
        return (0.5 * (1 + a)) * x + (0.5 * (1 - a)) * tf.abs(x)

def batchnorm(inputs):
    return tf.layers.batch_normalization(inputs, axis=3, epsilon=1e-5, momentum=0.1, training=True, gamma_initializer=tf.random_normal_initializer(1.0, 0.02))

def check_image(image):
    assertion = tf.assert_equal(tf.shape(image)[-1], 3, message="image must have 3 color channels")
    with tf.control_dependencies([assertion]):
        image = tf.identity(image)
    if image.get_shape().ndims not in (3, 4):
        raise ValueError("image must be either 3 or 4 dimensions")
    shape = list(image.get_shape())
    shape[-1] = 3
    image.set_shape(shape)
    return image

def rgb_to_lab(srgb):
    with tf.name_scope("rgb_to_lab"):
        srgb = check_image(srgb)
        srgb_pixels = tf.reshape(srgb, [-1, 3])
        with tf.name_scope("srgb_to_xyz"):
            linear_mask = tf.cast(srgb_pixels <= 0.04045, dtype=tf.float32)
            exponential_mask = tf.cast(srgb_pixels > 0.04045, dtype=tf.float32)
            rgb_pixels = (srgb_pixels / 12.92 * linear_mask) + (((srgb_pixels + 0.055) / 1.055) ** 2.4) * exponential_mask
            rgb_to_xyz = tf.constant([
                [0.412453, 0.212671, 0.019334],
                [0.357580, 0.715160, 0.119193],
                [0.180423, 0.072169, 0.950227],
            ])
            xyz_pixels = tf.matmul(rgb_pixels, rgb_to_xyz)
        with tf.name_scope("xyz_to_cielab"):
            xyz_normalized_pixels = tf.multiply(xyz_pixels, [1/0.950456, 1.0, 1/1.088754])
            epsilon = 6/29
            linear_mask = tf.cast(xyz_normalized_pixels <= (epsilon**3), dtype=tf.float32)
            exponential_mask = tf.cast(xyz_normalized_pixels > (epsilon**3), dtype=tf.float32)
            fxfyfz_pixels = (xyz_normalized_pixels / (3 * epsilon**2) + 4/29) * linear_mask + (xyz_normalized_pixels ** (1/3)) * exponential_mask
            fxfyfz_to_lab = tf.constant([
                [  0.0,  500.0,    0.0],
                [116.0, -500.0,  200.0],
                [  0.0,    0.0, -200.0],
            ])
            lab_pixels = tf.matmul(fxfyfz_pixels, fxfyfz_to_lab) + tf.constant([-16.0, 0.0, 0.0])
        return tf.reshape(lab_pixels, tf.shape(srgb))

def lab_to_rgb(lab):
    with tf.name_scope("lab_to_rgb"):
        lab = check_image(lab)
        lab_pixels = tf.reshape(lab, [-1, 3])
        with tf.name_scope("cielab_to_xyz"):
            lab_to_fxfyfz = tf.constant([
                [1/116.0, 1/116.0,  1/116.0],
                [1/500.0,     0.0,      0.0],
                [    0.0,     0.0, -1/200.0],
            ])
            fxfyfz_pixels = tf.matmul(lab_pixels + tf.constant([16.0, 0.0, 0.0]), lab_to_fxfyfz)
            epsilon = 6/29
            linear_mask = tf.cast(fxfyfz_pixels <= epsilon, dtype=tf.float32)
            exponential_mask = tf.cast(fxfyfz_pixels > epsilon, dtype=tf.float32)
            xyz_pixels = (3 * epsilon**2 * (fxfyfz_pixels - 4/29)) * linear_mask + (fxfyfz_pixels ** 3) * exponential_mask
            xyz_pixels = tf.multiply(xyz_pixels, [0.950456, 1.0, 1.088754])
        with tf.name_scope("xyz_to_srgb"):
            xyz_to_rgb = tf.constant([
                [ 3.2404542, -0.9692660,  0.0556434],
                [-1.5371385,  1.8760108, -0.2040259],
                [-0.4985314,  0.0415560,  1.0572252],
            ])
            rgb_pixels = tf.matmul(xyz_pixels, xyz_to_rgb)
            rgb_pixels = tf.clip_by_value(rgb_pixels, 0.0, 1.0)
            linear_mask = tf.cast(rgb_pixels <= 0.0031308, dtype=tf.float32)
            exponential_mask = tf.cast(rgb_pixels > 0.0031308, dtype=tf.float32)
            srgb_pixels = (rgb_pixels * 12.92 * linear_mask) + ((rgb_pixels ** (1/2.4) * 1.055) - 0.055) * exponential_mask
        return tf.reshape(srgb_pixels, tf.shape(lab))

def create_generator(generator_inputs, generator_outputs_channels):
    layers = []
    with tf.variable_scope("encoder_1"):
        output = gen_conv(generator_inputs, a.ngf)
        layers.append(output)
    layer_specs = [a.ngf * 2, a.ngf * 4, a.ngf * 8]
    for out_channels in layer_specs:
        with tf.variable_scope("encoder_%d" % (len(layers) + 1)):
            rectified = lrelu(layers[-1], 0.2)
            convolved = gen_conv(rectified, out_channels)
            output = batchnorm(convolved)
            layers.append(output)
    layer_specs = [(a.ngf * 8, 0.5), (a.ngf * 4, 0.0), (a.ngf * 2, 0.0)]
    num_encoder_layers = len(layers)
    for decoder_layer, (out_channels, dropout) in enumerate(layer_specs):
        skip_layer = num_encoder_layers - decoder_layer - 1
        with tf.variable_scope("decoder_%d" % (skip_layer + 1)):
            if decoder_layer == 0:
                input = layers[-1]
            else:
                input = tf.concat([layers[-1], layers[skip_layer]], axis=3)
            rectified = tf.nn.relu(input)
            output = gen_deconv(rectified, out_channels)
            output = batchnorm(output)
            if dropout > 0.0:
                output = tf.nn.dropout(output, keep_prob=1 - dropout)
            layers.append(output)
    with tf.variable_scope("decoder_1"):
        input = tf.concat([layers[-1], layers[0]], axis=3)
        rectified = tf.nn.relu(input)
        output = gen_deconv(rectified, generator_outputs_channels)
        output = tf.tanh(output)
        layers.append(output)
    return layers[-1]

def create_model(inputs, targets):
    def create_discriminator(discrim_inputs, discrim_targets):
        n_layers = 3
        layers = []
        input = tf.concat([discrim_inputs, discrim_targets], axis=3)
        with tf.variable_scope("layer_1"):
            convolved = discrim_conv(input, a.ndf, stride=2)
            rectified = lrelu(convolved, 0.2)
            layers.append(rectified)
        for i in range(n_layers):
            with tf.variable_scope("layer_%d" % (len(layers) + 1)):
                out_channels = a.ndf * min(2**(i+1), 8)
                stride = 1 if i == n_layers - 1 else 2
                convolved = discrim_conv(layers[-1], out_channels, stride=stride)
                normalized = batchnorm(convolved)
                rectified = lrelu(normalized, 0.2)
                layers.append(rectified)
        with tf.variable_scope("layer_%d" % (len(layers) + 1)):
            convolved = discrim_conv(rectified, out_channels=1, stride=1)
            output = tf.sigmoid(convolved)
            layers.append(output)
        return layers[-1]
    with tf.variable_scope("generator"):
        out_channels = int(targets.get_shape()[-1])
        outputs = create_generator(inputs, out_channels)
    with tf.name_scope("real_discriminator"):
        with tf.variable_scope("discriminator"):
            predict_real = create_discriminator(inputs, targets)
    with tf.name_scope("fake_discriminator"):
        with tf.variable_scope("discriminator", reuse=True):
            predict_fake = create_discriminator(inputs, outputs)
    with tf.name_scope("discriminator_loss"):
        discrim_loss = tf.reduce_mean(-(tf.log(predict_real + EPS) + tf.log(1 - predict_fake + EPS)))
    with tf.name_scope("generator_loss"):
        gen_loss_GAN = tf.reduce_mean(-tf.log(predict_fake + EPS))
        gen_loss_L1 = tf.reduce_mean(tf.abs(targets - outputs))
        gen_loss = gen_loss_GAN * a.gan_weight + gen_loss_L1 * a.l1_weight
    with tf.name_scope("discriminator_train"):
        discrim_tvars = [var for var in tf.trainable_variables() if var.name.startswith("discriminator")]
        discrim_optim = tf.train.AdamOptimizer(a.lr, a.beta1)
        discrim_grads_and_vars = discrim_optim.compute_gradients(discrim_loss, var_list=discrim_tvars)
        discrim_train = discrim_optim.apply_gradients(discrim_grads_and_vars)
    with tf.name_scope("generator_train"):
        with tf.control_dependencies([discrim_train]):
            gen_tvars = [var for var in tf.trainable_variables() if var.name.startswith("generator")]
            gen_optim = tf.train.AdamOptimizer(a.lr, a.beta1)
            gen_grads_and_vars = gen_optim.compute_gradients(gen_loss, var_list=gen_tvars)
            gen_train = gen_optim.apply_gradients(gen_grads_and_vars)
    ema = tf.train.ExponentialMovingAverage(decay=0.99)
    update_losses = ema.apply([discrim_loss, gen_loss_GAN, gen_loss_L1])
    global_step = tf.train.get_or_create_global_step()
    incr_global_step = tf.assign(global_step, global_step+1)
    return dict(predict_real=predict_real, predict_fake=predict_fake,
        discrim_loss=ema.average(discrim_loss), gen_loss_GAN=ema.average(gen_loss_GAN),
        gen_loss_L1=ema.average(gen_loss_L1), outputs=outputs, raw=[discrim_loss, gen_loss_GAN, gen_loss_L1],
        train=tf.group(update_losses, incr_global_step, gen_train))

RS = np.random.RandomState(6)
"""

# re-typed from Kyubyong/transformer (TF1: modules.py, model.py), tiny.
KY = r"""
import math
class HP: pass
hp = HP(); hp.vocab_size = 12; hp.d_model = 8; hp.d_ff = 16; hp.num_blocks = 2; hp.num_heads = 2
hp.maxlen1 = 6; hp.maxlen2 = 6; hp.dropout_rate = 0.1; hp.lr = 0.01; hp.warmup_steps = 4.; hp.smoothing = 0.1
token2idx = {"<pad>": 0, "<s>": 2}

def ln(inputs, epsilon = 1e-8, scope="ln"):
    with tf.variable_scope(scope, reuse=tf.AUTO_REUSE):
        inputs_shape = inputs.get_shape()
        params_shape = inputs_shape[-1:]
        mean, variance = tf.nn.moments(inputs, [-1], keep_dims=True)
        beta= tf.get_variable("beta", params_shape, initializer=tf.zeros_initializer())
        gamma = tf.get_variable("gamma", params_shape, initializer=tf.ones_initializer())
        normalized = (inputs - mean) / ( (variance + epsilon) ** (.5) )
        outputs = gamma * normalized + beta
    return outputs

def get_token_embeddings(vocab_size, num_units, zero_pad=True):
    with tf.variable_scope("shared_weight_matrix"):
        embeddings = tf.get_variable('weight_mat', dtype=tf.float32, shape=(vocab_size, num_units),
                                     initializer=contrib_layers.xavier_initializer())
        if zero_pad:
            embeddings = tf.concat((tf.zeros(shape=[1, num_units]), embeddings[1:, :]), 0)
    return embeddings

def scaled_dot_product_attention(Q, K, V, key_masks, causality=False, dropout_rate=0., training=True,
                                 scope="scaled_dot_product_attention"):
    with tf.variable_scope(scope, reuse=tf.AUTO_REUSE):
        d_k = Q.get_shape().as_list()[-1]
        outputs = tf.matmul(Q, tf.transpose(K, [0, 2, 1]))
        outputs /= d_k ** 0.5
        outputs = mask(outputs, key_masks=key_masks, type="key")
        if causality:
            outputs = mask(outputs, type="future")
        outputs = tf.nn.softmax(outputs)
        attention = tf.transpose(outputs, [0, 2, 1])
        tf.summary.image("attention", tf.expand_dims(attention[:1], -1))
        outputs = tf.layers.dropout(outputs, rate=dropout_rate, training=training)
        outputs = tf.matmul(outputs, V)
    return outputs

def mask(inputs, key_masks=None, type=None):
    padding_num = -2 ** 32 + 1
    if type in ("k", "key", "keys"):
        key_masks = tf.to_float(key_masks)
        key_masks = tf.tile(key_masks, [tf.shape(inputs)[0] // tf.shape(key_masks)[0], 1])
        key_masks = tf.expand_dims(key_masks, 1)
        outputs = inputs + key_masks * padding_num
    elif type in ("f", "future", "right"):
        diag_vals = tf.ones_like(inputs[0, :, :])
        tril = tf.linalg.LinearOperatorLowerTriangular(diag_vals).to_dense()
        future_masks = tf.tile(tf.expand_dims(tril, 0), [tf.shape(inputs)[0], 1, 1])
        paddings = tf.ones_like(future_masks) * padding_num
        outputs = tf.where(tf.equal(future_masks, 0), paddings, inputs)
    else:
        print("Check if you entered type correctly!")
    return outputs

def multihead_attention(queries, keys, values, key_masks, num_heads=8, dropout_rate=0, training=True,
                        causality=False, scope="multihead_attention"):
    d_model = queries.get_shape().as_list()[-1]
    with tf.variable_scope(scope, reuse=tf.AUTO_REUSE):
        Q = tf.layers.dense(queries, d_model, use_bias=True)
        K = tf.layers.dense(keys, d_model, use_bias=True)
        V = tf.layers.dense(values, d_model, use_bias=True)
        Q_ = tf.concat(tf.split(Q, num_heads, axis=2), axis=0)
        K_ = tf.concat(tf.split(K, num_heads, axis=2), axis=0)
        V_ = tf.concat(tf.split(V, num_heads, axis=2), axis=0)
        outputs = scaled_dot_product_attention(Q_, K_, V_, key_masks, causality, dropout_rate, training)
        outputs = tf.concat(tf.split(outputs, num_heads, axis=0), axis=2 )
        outputs += queries
        outputs = ln(outputs)
    return outputs

def ff(inputs, num_units, scope="positionwise_feedforward"):
    with tf.variable_scope(scope, reuse=tf.AUTO_REUSE):
        outputs = tf.layers.dense(inputs, num_units[0], activation=tf.nn.relu)
        outputs = tf.layers.dense(outputs, num_units[1])
        outputs += inputs
        outputs = ln(outputs)
    return outputs

def label_smoothing(inputs, epsilon=0.1):
    V = inputs.get_shape().as_list()[-1]
    return ((1-epsilon) * inputs) + (epsilon / V)

def positional_encoding(inputs, maxlen, masking=True, scope="positional_encoding"):
    E = inputs.get_shape().as_list()[-1]
    N, T = tf.shape(inputs)[0], tf.shape(inputs)[1]
    with tf.variable_scope(scope, reuse=tf.AUTO_REUSE):
        position_ind = tf.tile(tf.expand_dims(tf.range(T), 0), [N, 1])
        position_enc = np.array([[pos / np.power(10000, (i-i%2)/E) for i in range(E)] for pos in range(maxlen)])
        position_enc[:, 0::2] = np.sin(position_enc[:, 0::2])
        position_enc[:, 1::2] = np.cos(position_enc[:, 1::2])
        position_enc = tf.convert_to_tensor(position_enc, tf.float32)
        outputs = tf.nn.embedding_lookup(position_enc, position_ind)
        if masking:
            outputs = tf.where(tf.equal(inputs, 0), inputs, outputs)
        return tf.to_float(outputs)

def noam_scheme(init_lr, global_step, warmup_steps=4000.):
    step = tf.cast(global_step + 1, dtype=tf.float32)
    return init_lr * warmup_steps ** 0.5 * tf.minimum(step * warmup_steps ** -1.5, step ** -0.5)

class Transformer:
    def __init__(self, hp):
        self.hp = hp
        self.token2idx = token2idx
        self.embeddings = get_token_embeddings(self.hp.vocab_size, self.hp.d_model, zero_pad=True)

    def encode(self, xs, training=True):
        with tf.variable_scope("encoder", reuse=tf.AUTO_REUSE):
            x, seqlens, sents1 = xs
            src_masks = tf.math.equal(x, 0)
            enc = tf.nn.embedding_lookup(self.embeddings, x)
            enc *= self.hp.d_model**0.5
            enc += positional_encoding(enc, self.hp.maxlen1)
            enc = tf.layers.dropout(enc, self.hp.dropout_rate, training=training)
            for i in range(self.hp.num_blocks):
                with tf.variable_scope("num_blocks_{}".format(i), reuse=tf.AUTO_REUSE):
                    enc = multihead_attention(queries=enc, keys=enc, values=enc, key_masks=src_masks,
                                              num_heads=self.hp.num_heads, dropout_rate=self.hp.dropout_rate,
                                              training=training, causality=False)
                    enc = ff(enc, num_units=[self.hp.d_ff, self.hp.d_model])
        memory = enc
        return memory, sents1, src_masks

    def decode(self, ys, memory, src_masks, training=True):
        with tf.variable_scope("decoder", reuse=tf.AUTO_REUSE):
            decoder_inputs, y, seqlens, sents2 = ys
            tgt_masks = tf.math.equal(decoder_inputs, 0)
            dec = tf.nn.embedding_lookup(self.embeddings, decoder_inputs)
            dec *= self.hp.d_model ** 0.5
            dec += positional_encoding(dec, self.hp.maxlen2)
            dec = tf.layers.dropout(dec, self.hp.dropout_rate, training=training)
            for i in range(self.hp.num_blocks):
                with tf.variable_scope("num_blocks_{}".format(i), reuse=tf.AUTO_REUSE):
                    dec = multihead_attention(queries=dec, keys=dec, values=dec, key_masks=tgt_masks,
                                              num_heads=self.hp.num_heads, dropout_rate=self.hp.dropout_rate,
                                              training=training, causality=True, scope="self_attention")
                    dec = multihead_attention(queries=dec, keys=memory, values=memory, key_masks=src_masks,
                                              num_heads=self.hp.num_heads, dropout_rate=self.hp.dropout_rate,
                                              training=training, causality=False, scope="vanilla_attention")
                    dec = ff(dec, num_units=[self.hp.d_ff, self.hp.d_model])
        weights = tf.transpose(self.embeddings)
        logits = tf.einsum('ntd,dk->ntk', dec, weights)
        y_hat = tf.to_int32(tf.argmax(logits, axis=-1))
        return logits, y_hat, y, sents2

    def train(self, xs, ys):
        memory, sents1, src_masks = self.encode(xs)
        logits, preds, y, sents2 = self.decode(ys, memory, src_masks)
        y_ = label_smoothing(tf.one_hot(y, depth=self.hp.vocab_size))
        ce = tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=y_)
        nonpadding = tf.to_float(tf.not_equal(y, self.token2idx["<pad>"]))
        loss = tf.reduce_sum(ce * nonpadding) / (tf.reduce_sum(nonpadding) + 1e-7)
        global_step = tf.train.get_or_create_global_step()
        lr = noam_scheme(self.hp.lr, global_step, self.hp.warmup_steps)
        optimizer = tf.train.AdamOptimizer(lr)
        train_op = optimizer.minimize(loss, global_step=global_step)
        tf.summary.scalar('lr', lr)
        tf.summary.scalar("loss", loss)
        tf.summary.scalar("global_step", global_step)
        summaries = tf.summary.merge_all()
        return loss, train_op, global_step, summaries

    def eval(self, xs, ys):
        decoder_inputs, y, y_seqlen, sents2 = ys
        decoder_inputs = tf.ones((tf.shape(xs[0])[0], 1), tf.int32) * self.token2idx["<s>"]
        ys = (decoder_inputs, y, y_seqlen, sents2)
        memory, sents1, src_masks = self.encode(xs, False)
        for _ in range(self.hp.maxlen2):
            logits, y_hat, y, sents2 = self.decode(ys, memory, src_masks, False)
            if tf.reduce_sum(y_hat, 1) == self.token2idx["<pad>"]: break
            _decoder_inputs = tf.concat((decoder_inputs, y_hat), 1)
            ys = (_decoder_inputs, y, y_seqlen, sents2)
        return y_hat

X = np.array([[3, 4, 5, 0, 0, 0], [6, 7, 8, 9, 10, 0]], np.int32)
DI = np.array([[2, 5, 4, 0, 0, 0], [2, 11, 3, 7, 0, 0]], np.int32)
Y = np.array([[5, 4, 1, 0, 0, 0], [11, 3, 7, 1, 0, 0]], np.int32)
"""

# TF 1.15's contrib.opt.ScipyOptimizerInterface, re-typed (external_optimizer.py), for
# TensorFlow 2, which has no contrib: the graph's numbers are TF's, the driver the same.
SCIPY_OPT = r"""
if hasattr(tf, "contrib"):
    ScipyOptimizerInterface = tf.contrib.opt.ScipyOptimizerInterface
else:
    import scipy.optimize

    def _grads(t, vs):
        return [g if g is not None else tf.zeros_like(v) for v, g in zip(vs, tf.gradients(t, vs))]

    def _pack(ts):
        if not ts:
            return None
        if len(ts) == 1:
            return tf.reshape(ts[0], [-1])
        return tf.concat([tf.reshape(t, [-1]) for t in ts], 0)

    class ScipyOptimizerInterface(object):
        def __init__(self, loss, var_list=None, equalities=None, inequalities=None,
                     var_to_bounds=None, **optimizer_kwargs):
            self._loss = loss
            self._equalities = equalities or []
            self._inequalities = inequalities or []
            self._vars = tf.trainable_variables() if var_list is None else list(var_list)
            packed_bounds = None
            if var_to_bounds is not None:
                left, right = [], []
                for var in self._vars:
                    shape = var.get_shape().as_list()
                    bounds = var_to_bounds.get(var, (-np.inf, np.inf))
                    left.extend(list(np.broadcast_to(bounds[0], shape).flat))
                    right.extend(list(np.broadcast_to(bounds[1], shape).flat))
                packed_bounds = list(zip(left, right))
            self._packed_bounds = packed_bounds
            self._update_placeholders = [tf.placeholder(var.dtype) for var in self._vars]
            self._var_updates = [var.assign(tf.reshape(p, var.get_shape().as_list()))
                                 for var, p in zip(self._vars, self._update_placeholders)]
            self.optimizer_kwargs = optimizer_kwargs
            self._packed_var = _pack(self._vars)
            self._packed_loss_grad = _pack(_grads(loss, self._vars))
            self._packed_equality_grads = [_pack(_grads(e, self._vars)) for e in self._equalities]
            self._packed_inequality_grads = [_pack(_grads(e, self._vars)) for e in self._inequalities]
            dims = [int(np.prod(var.get_shape().as_list())) for var in self._vars]
            ends = [0] + list(np.cumsum(dims))
            self._packing_slices = [slice(a, b) for a, b in zip(ends[:-1], ends[1:])]

        def _eval(self, tensors, session, feed_dict, fetches, callback=None):
            if not isinstance(tensors, list):
                tensors = [tensors]
            n = len(tensors)
            def f(x):
                feeds = {v: x[sl].reshape(v.get_shape().as_list()) for v, sl in zip(self._vars, self._packing_slices)}
                feeds.update(feed_dict)
                vals = session.run(tensors + fetches, feed_dict=feeds)
                if callable(callback):
                    callback(*vals[n:])
                return vals[:n]
            return f

        def minimize(self, session=None, feed_dict=None, fetches=None, step_callback=None,
                     loss_callback=None, **run_kwargs):
            session = session or tf.get_default_session()
            feed_dict = feed_dict or {}
            fetches = fetches or []
            loss_callback = loss_callback or (lambda *fetches: None)
            step_callback = step_callback or (lambda xk: None)
            lg = self._eval([self._loss, self._packed_loss_grad], session, feed_dict, fetches, loss_callback)
            eqs = [self._eval(t, session, feed_dict, fetches) for t in self._equalities]
            eqg = [self._eval(t, session, feed_dict, fetches) for t in self._packed_equality_grads]
            ins = [self._eval(t, session, feed_dict, fetches) for t in self._inequalities]
            ing = [self._eval(t, session, feed_dict, fetches) for t in self._packed_inequality_grads]
            def wrapper(x):
                loss, gradient = lg(x)
                return loss, gradient.astype('float64')
            kwargs = dict(self.optimizer_kwargs.items())
            method = kwargs.pop('method', 'L-BFGS-B')
            constraints = [{'type': 'eq', 'fun': f, 'jac': g} for f, g in zip(eqs, eqg)]
            constraints += [{'type': 'ineq', 'fun': f, 'jac': g} for f, g in zip(ins, ing)]
            mk = {'jac': True, 'callback': step_callback, 'method': method,
                  'constraints': constraints, 'bounds': self._packed_bounds}
            for k in mk:
                if k in kwargs:
                    if k == 'bounds':
                        raise ValueError('Bounds must be set using the var_to_bounds argument')
                    raise ValueError('Set %s in the constructor.' % k)
            mk.update(kwargs)
            x = scipy.optimize.minimize(wrapper, session.run(self._packed_var), **mk)['x']
            vals = [x[sl] for sl in self._packing_slices]
            session.run(self._var_updates, feed_dict=dict(zip(self._update_placeholders, vals)), **run_kwargs)
"""

# re-typed from google-research/bert (modeling.py, optimization.py), tiny config.
BERT = r"""
import copy, math, re, collections, six, tempfile, os

class BertConfig(object):
  def __init__(self, vocab_size, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
               intermediate_size=3072, hidden_act="gelu", hidden_dropout_prob=0.1,
               attention_probs_dropout_prob=0.1, max_position_embeddings=512, type_vocab_size=16,
               initializer_range=0.02):
    self.vocab_size = vocab_size
    self.hidden_size = hidden_size
    self.num_hidden_layers = num_hidden_layers
    self.num_attention_heads = num_attention_heads
    self.hidden_act = hidden_act
    self.intermediate_size = intermediate_size
    self.hidden_dropout_prob = hidden_dropout_prob
    self.attention_probs_dropout_prob = attention_probs_dropout_prob
    self.max_position_embeddings = max_position_embeddings
    self.type_vocab_size = type_vocab_size
    self.initializer_range = initializer_range

  @classmethod
  def from_dict(cls, json_object):
    config = BertConfig(vocab_size=None)
    for (key, value) in six.iteritems(json_object):
      config.__dict__[key] = value
    return config

class BertModel(object):
  def __init__(self, config, is_training, input_ids, input_mask=None, token_type_ids=None,
               use_one_hot_embeddings=False, scope=None):
    config = copy.deepcopy(config)
    if not is_training:
      config.hidden_dropout_prob = 0.0
      config.attention_probs_dropout_prob = 0.0
    input_shape = get_shape_list(input_ids, expected_rank=2)
    batch_size = input_shape[0]
    seq_length = input_shape[1]
    if input_mask is None:
      input_mask = tf.ones(shape=[batch_size, seq_length], dtype=tf.int32)
    if token_type_ids is None:
      token_type_ids = tf.zeros(shape=[batch_size, seq_length], dtype=tf.int32)
    with tf.variable_scope(scope, default_name="bert"):
      with tf.variable_scope("embeddings"):
        (self.embedding_output, self.embedding_table) = embedding_lookup(
            input_ids=input_ids, vocab_size=config.vocab_size, embedding_size=config.hidden_size,
            initializer_range=config.initializer_range, word_embedding_name="word_embeddings",
            use_one_hot_embeddings=use_one_hot_embeddings)
        self.embedding_output = embedding_postprocessor(
            input_tensor=self.embedding_output, use_token_type=True, token_type_ids=token_type_ids,
            token_type_vocab_size=config.type_vocab_size,
            token_type_embedding_name="token_type_embeddings", use_position_embeddings=True,
            position_embedding_name="position_embeddings",
            initializer_range=config.initializer_range,
            max_position_embeddings=config.max_position_embeddings,
            dropout_prob=config.hidden_dropout_prob)
      with tf.variable_scope("encoder"):
        attention_mask = create_attention_mask_from_input_mask(input_ids, input_mask)
        self.all_encoder_layers = transformer_model(
            input_tensor=self.embedding_output, attention_mask=attention_mask,
            hidden_size=config.hidden_size, num_hidden_layers=config.num_hidden_layers,
            num_attention_heads=config.num_attention_heads,
            intermediate_size=config.intermediate_size,
            intermediate_act_fn=get_activation(config.hidden_act),
            hidden_dropout_prob=config.hidden_dropout_prob,
            attention_probs_dropout_prob=config.attention_probs_dropout_prob,
            initializer_range=config.initializer_range, do_return_all_layers=True)
      self.sequence_output = self.all_encoder_layers[-1]
      with tf.variable_scope("pooler"):
        first_token_tensor = tf.squeeze(self.sequence_output[:, 0:1, :], axis=1)
        self.pooled_output = tf.layers.dense(
            first_token_tensor, config.hidden_size, activation=tf.tanh,
            kernel_initializer=create_initializer(config.initializer_range))

  def get_pooled_output(self):
    return self.pooled_output
  def get_sequence_output(self):
    return self.sequence_output

def gelu(x):
  cdf = 0.5 * (1.0 + tf.tanh((np.sqrt(2 / np.pi) * (x + 0.044715 * tf.pow(x, 3)))))
  return x * cdf

def get_activation(activation_string):
  if not isinstance(activation_string, six.string_types):
    return activation_string
  if not activation_string:
    return None
  act = activation_string.lower()
  if act == "linear":
    return None
  elif act == "relu":
    return tf.nn.relu
  elif act == "gelu":
    return gelu
  elif act == "tanh":
    return tf.tanh
  else:
    raise ValueError("Unsupported activation: %s" % act)

def get_assignment_map_from_checkpoint(tvars, init_checkpoint):
  assignment_map = {}
  initialized_variable_names = {}
  name_to_variable = collections.OrderedDict()
  for var in tvars:
    name = var.name
    m = re.match("^(.*):\\d+$", name)
    if m is not None:
      name = m.group(1)
    name_to_variable[name] = var
  init_vars = tf.train.list_variables(init_checkpoint)
  assignment_map = collections.OrderedDict()
  for x in init_vars:
    (name, var) = (x[0], x[1])
    if name not in name_to_variable:
      continue
    assignment_map[name] = name
    initialized_variable_names[name] = 1
    initialized_variable_names[name + ":0"] = 1
  return (assignment_map, initialized_variable_names)

def dropout(input_tensor, dropout_prob):
  if dropout_prob is None or dropout_prob == 0.0:
    return input_tensor
  output = tf.nn.dropout(input_tensor, 1.0 - dropout_prob)
  return output

def layer_norm(input_tensor, name=None):
  return contrib_layers.layer_norm(inputs=input_tensor, begin_norm_axis=-1, begin_params_axis=-1, scope=name)

def layer_norm_and_dropout(input_tensor, dropout_prob, name=None):
  output_tensor = layer_norm(input_tensor, name)
  output_tensor = dropout(output_tensor, dropout_prob)
  return output_tensor

def create_initializer(initializer_range=0.02):
  return tf.truncated_normal_initializer(stddev=initializer_range)

def embedding_lookup(input_ids, vocab_size, embedding_size=128, initializer_range=0.02,
                     word_embedding_name="word_embeddings", use_one_hot_embeddings=False):
  if input_ids.shape.ndims == 2:
    input_ids = tf.expand_dims(input_ids, axis=[-1])
  embedding_table = tf.get_variable(name=word_embedding_name, shape=[vocab_size, embedding_size],
                                    initializer=create_initializer(initializer_range))
  flat_input_ids = tf.reshape(input_ids, [-1])
  if use_one_hot_embeddings:
    one_hot_input_ids = tf.one_hot(flat_input_ids, depth=vocab_size)
    output = tf.matmul(one_hot_input_ids, embedding_table)
  else:
    output = tf.gather(embedding_table, flat_input_ids)
  input_shape = get_shape_list(input_ids)
  output = tf.reshape(output, input_shape[0:-1] + [input_shape[-1] * embedding_size])
  return (output, embedding_table)

def embedding_postprocessor(input_tensor, use_token_type=False, token_type_ids=None,
                            token_type_vocab_size=16, token_type_embedding_name="token_type_embeddings",
                            use_position_embeddings=True, position_embedding_name="position_embeddings",
                            initializer_range=0.02, max_position_embeddings=512, dropout_prob=0.1):
  input_shape = get_shape_list(input_tensor, expected_rank=3)
  batch_size = input_shape[0]
  seq_length = input_shape[1]
  width = input_shape[2]
  output = input_tensor
  if use_token_type:
    token_type_table = tf.get_variable(name=token_type_embedding_name,
                                       shape=[token_type_vocab_size, width],
                                       initializer=create_initializer(initializer_range))
    flat_token_type_ids = tf.reshape(token_type_ids, [-1])
    one_hot_ids = tf.one_hot(flat_token_type_ids, depth=token_type_vocab_size)
    token_type_embeddings = tf.matmul(one_hot_ids, token_type_table)
    token_type_embeddings = tf.reshape(token_type_embeddings, [batch_size, seq_length, width])
    output += token_type_embeddings
  if use_position_embeddings:
    assert_op = tf.assert_less_equal(seq_length, max_position_embeddings)
    with tf.control_dependencies([assert_op]):
      full_position_embeddings = tf.get_variable(name=position_embedding_name,
                                                 shape=[max_position_embeddings, width],
                                                 initializer=create_initializer(initializer_range))
      position_embeddings = tf.slice(full_position_embeddings, [0, 0], [seq_length, -1])
      num_dims = len(output.shape.as_list())
      position_broadcast_shape = []
      for _ in range(num_dims - 2):
        position_broadcast_shape.append(1)
      position_broadcast_shape.extend([seq_length, width])
      position_embeddings = tf.reshape(position_embeddings, position_broadcast_shape)
      output += position_embeddings
  output = layer_norm_and_dropout(output, dropout_prob)
  return output

def create_attention_mask_from_input_mask(from_tensor, to_mask):
  from_shape = get_shape_list(from_tensor, expected_rank=[2, 3])
  batch_size = from_shape[0]
  from_seq_length = from_shape[1]
  to_shape = get_shape_list(to_mask, expected_rank=2)
  to_seq_length = to_shape[1]
  to_mask = tf.cast(tf.reshape(to_mask, [batch_size, 1, to_seq_length]), tf.float32)
  broadcast_ones = tf.ones(shape=[batch_size, from_seq_length, 1], dtype=tf.float32)
  mask = broadcast_ones * to_mask
  return mask

def attention_layer(from_tensor, to_tensor, attention_mask=None, num_attention_heads=1,
                    size_per_head=512, query_act=None, key_act=None, value_act=None,
                    attention_probs_dropout_prob=0.0, initializer_range=0.02,
                    do_return_2d_tensor=False, batch_size=None, from_seq_length=None,
                    to_seq_length=None):
  def transpose_for_scores(input_tensor, batch_size, num_attention_heads, seq_length, width):
    output_tensor = tf.reshape(input_tensor, [batch_size, seq_length, num_attention_heads, width])
    output_tensor = tf.transpose(output_tensor, [0, 2, 1, 3])
    return output_tensor
  from_shape = get_shape_list(from_tensor, expected_rank=[2, 3])
  to_shape = get_shape_list(to_tensor, expected_rank=[2, 3])
  if len(from_shape) != len(to_shape):
    raise ValueError("The rank of `from_tensor` must match the rank of `to_tensor`.")
  if len(from_shape) == 3:
    batch_size = from_shape[0]
    from_seq_length = from_shape[1]
    to_seq_length = to_shape[1]
  elif len(from_shape) == 2:
    if (batch_size is None or from_seq_length is None or to_seq_length is None):
      raise ValueError("must all be specified.")
  from_tensor_2d = reshape_to_matrix(from_tensor)
  to_tensor_2d = reshape_to_matrix(to_tensor)
  query_layer = tf.layers.dense(from_tensor_2d, num_attention_heads * size_per_head,
                                activation=query_act, name="query",
                                kernel_initializer=create_initializer(initializer_range))
  key_layer = tf.layers.dense(to_tensor_2d, num_attention_heads * size_per_head,
                              activation=key_act, name="key",
                              kernel_initializer=create_initializer(initializer_range))
  value_layer = tf.layers.dense(to_tensor_2d, num_attention_heads * size_per_head,
                                activation=value_act, name="value",
                                kernel_initializer=create_initializer(initializer_range))
  query_layer = transpose_for_scores(query_layer, batch_size, num_attention_heads,
                                     from_seq_length, size_per_head)
  key_layer = transpose_for_scores(key_layer, batch_size, num_attention_heads, to_seq_length,
                                   size_per_head)
  attention_scores = tf.matmul(query_layer, key_layer, transpose_b=True)
  attention_scores = tf.multiply(attention_scores, 1.0 / math.sqrt(float(size_per_head)))
  if attention_mask is not None:
    attention_mask = tf.expand_dims(attention_mask, axis=[1])
    adder = (1.0 - tf.cast(attention_mask, tf.float32)) * -10000.0
    attention_scores += adder
  attention_probs = tf.nn.softmax(attention_scores)
  attention_probs = dropout(attention_probs, attention_probs_dropout_prob)
  value_layer = tf.reshape(value_layer, [batch_size, to_seq_length, num_attention_heads, size_per_head])
  value_layer = tf.transpose(value_layer, [0, 2, 1, 3])
  context_layer = tf.matmul(attention_probs, value_layer)
  context_layer = tf.transpose(context_layer, [0, 2, 1, 3])
  if do_return_2d_tensor:
    context_layer = tf.reshape(context_layer, [batch_size * from_seq_length, num_attention_heads * size_per_head])
  else:
    context_layer = tf.reshape(context_layer, [batch_size, from_seq_length, num_attention_heads * size_per_head])
  return context_layer

def transformer_model(input_tensor, attention_mask=None, hidden_size=768, num_hidden_layers=12,
                      num_attention_heads=12, intermediate_size=3072, intermediate_act_fn=gelu,
                      hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1,
                      initializer_range=0.02, do_return_all_layers=False):
  if hidden_size % num_attention_heads != 0:
    raise ValueError("not a multiple")
  attention_head_size = int(hidden_size / num_attention_heads)
  input_shape = get_shape_list(input_tensor, expected_rank=3)
  batch_size = input_shape[0]
  seq_length = input_shape[1]
  input_width = input_shape[2]
  if input_width != hidden_size:
    raise ValueError("The width of the input tensor (%d) != hidden size (%d)" % (input_width, hidden_size))
  prev_output = reshape_to_matrix(input_tensor)
  all_layer_outputs = []
  for layer_idx in range(num_hidden_layers):
    with tf.variable_scope("layer_%d" % layer_idx):
      layer_input = prev_output
      with tf.variable_scope("attention"):
        attention_heads = []
        with tf.variable_scope("self"):
          attention_head = attention_layer(
              from_tensor=layer_input, to_tensor=layer_input, attention_mask=attention_mask,
              num_attention_heads=num_attention_heads, size_per_head=attention_head_size,
              attention_probs_dropout_prob=attention_probs_dropout_prob,
              initializer_range=initializer_range, do_return_2d_tensor=True,
              batch_size=batch_size, from_seq_length=seq_length, to_seq_length=seq_length)
          attention_heads.append(attention_head)
        attention_output = None
        if len(attention_heads) == 1:
          attention_output = attention_heads[0]
        else:
          attention_output = tf.concat(attention_heads, axis=-1)
        with tf.variable_scope("output"):
          attention_output = tf.layers.dense(attention_output, hidden_size,
                                             kernel_initializer=create_initializer(initializer_range))
          attention_output = dropout(attention_output, hidden_dropout_prob)
          attention_output = layer_norm(attention_output + layer_input)
      with tf.variable_scope("intermediate"):
        intermediate_output = tf.layers.dense(attention_output, intermediate_size,
                                              activation=intermediate_act_fn,
                                              kernel_initializer=create_initializer(initializer_range))
      with tf.variable_scope("output"):
        layer_output = tf.layers.dense(intermediate_output, hidden_size,
                                       kernel_initializer=create_initializer(initializer_range))
        layer_output = dropout(layer_output, hidden_dropout_prob)
        layer_output = layer_norm(layer_output + attention_output)
        prev_output = layer_output
        all_layer_outputs.append(layer_output)
  if do_return_all_layers:
    final_outputs = []
    for layer_output in all_layer_outputs:
      final_output = reshape_from_matrix(layer_output, input_shape)
      final_outputs.append(final_output)
    return final_outputs
  else:
    final_output = reshape_from_matrix(prev_output, input_shape)
    return final_output

def get_shape_list(tensor, expected_rank=None, name=None):
  if name is None:
    name = tensor.name
  if expected_rank is not None:
    assert_rank(tensor, expected_rank, name)
  shape = tensor.shape.as_list()
  non_static_indexes = []
  for (index, dim) in enumerate(shape):
    if dim is None:
      non_static_indexes.append(index)
  if not non_static_indexes:
    return shape
  dyn_shape = tf.shape(tensor)
  for index in non_static_indexes:
    shape[index] = dyn_shape[index]
  return shape

def reshape_to_matrix(input_tensor):
  ndims = input_tensor.shape.ndims
  if ndims < 2:
    raise ValueError("Input tensor must have at least rank 2. Shape = %s" % (input_tensor.shape))
  if ndims == 2:
    return input_tensor
  width = input_tensor.shape[-1]
  output_tensor = tf.reshape(input_tensor, [-1, width])
  return output_tensor

def reshape_from_matrix(output_tensor, orig_shape_list):
  if len(orig_shape_list) == 2:
    return output_tensor
  output_shape = get_shape_list(output_tensor)
  orig_dims = orig_shape_list[0:-1]
  width = output_shape[-1]
  return tf.reshape(output_tensor, orig_dims + [width])

def assert_rank(tensor, expected_rank, name=None):
  if name is None:
    name = tensor.name
  expected_rank_dict = {}
  if isinstance(expected_rank, six.integer_types):
    expected_rank_dict[expected_rank] = True
  else:
    for x in expected_rank:
      expected_rank_dict[x] = True
  actual_rank = tensor.shape.ndims
  if actual_rank not in expected_rank_dict:
    scope_name = tf.get_variable_scope().name
    raise ValueError("For the tensor `%s` in scope `%s`, the actual rank `%d` (shape = %s) is not equal to the expected rank `%s`" %
        (name, scope_name, actual_rank, str(tensor.shape), str(expected_rank)))

def create_optimizer(loss, init_lr, num_train_steps, num_warmup_steps, use_tpu):
  global_step = tf.train.get_or_create_global_step()
  learning_rate = tf.constant(value=init_lr, shape=[], dtype=tf.float32)
  learning_rate = tf.train.polynomial_decay(learning_rate, global_step, num_train_steps,
                                            end_learning_rate=0.0, power=1.0, cycle=False)
  if num_warmup_steps:
    global_steps_int = tf.cast(global_step, tf.int32)
    warmup_steps_int = tf.constant(num_warmup_steps, dtype=tf.int32)
    global_steps_float = tf.cast(global_steps_int, tf.float32)
    warmup_steps_float = tf.cast(warmup_steps_int, tf.float32)
    warmup_percent_done = global_steps_float / warmup_steps_float
    warmup_learning_rate = init_lr * warmup_percent_done
    is_warmup = tf.cast(global_steps_int < warmup_steps_int, tf.float32)
    learning_rate = ((1.0 - is_warmup) * learning_rate + is_warmup * warmup_learning_rate)
  optimizer = AdamWeightDecayOptimizer(learning_rate=learning_rate, weight_decay_rate=0.01,
                                       beta_1=0.9, beta_2=0.999, epsilon=1e-6,
                                       exclude_from_weight_decay=["LayerNorm", "layer_norm", "bias"])
  tvars = tf.trainable_variables()
  grads = tf.gradients(loss, tvars)
  (grads, _) = tf.clip_by_global_norm(grads, clip_norm=1.0)
  train_op = optimizer.apply_gradients(zip(grads, tvars), global_step=global_step)
  new_global_step = global_step + 1
  train_op = tf.group(train_op, [global_step.assign(new_global_step)])
  return train_op, learning_rate

class AdamWeightDecayOptimizer(tf.train.Optimizer):
  def __init__(self, learning_rate, weight_decay_rate=0.0, beta_1=0.9, beta_2=0.999, epsilon=1e-6,
               exclude_from_weight_decay=None, name="AdamWeightDecayOptimizer"):
    super(AdamWeightDecayOptimizer, self).__init__(False, name)
    self.learning_rate = learning_rate
    self.weight_decay_rate = weight_decay_rate
    self.beta_1 = beta_1
    self.beta_2 = beta_2
    self.epsilon = epsilon
    self.exclude_from_weight_decay = exclude_from_weight_decay

  def apply_gradients(self, grads_and_vars, global_step=None, name=None):
    assignments = []
    for (grad, param) in grads_and_vars:
      if grad is None or param is None:
        continue
      param_name = self._get_variable_name(param.name)
      m = tf.get_variable(name=param_name + "/adam_m", shape=param.shape.as_list(), dtype=tf.float32,
                          trainable=False, initializer=tf.zeros_initializer())
      v = tf.get_variable(name=param_name + "/adam_v", shape=param.shape.as_list(), dtype=tf.float32,
                          trainable=False, initializer=tf.zeros_initializer())
      next_m = (tf.multiply(self.beta_1, m) + tf.multiply(1.0 - self.beta_1, grad))
      next_v = (tf.multiply(self.beta_2, v) + tf.multiply(1.0 - self.beta_2, tf.square(grad)))
      update = next_m / (tf.sqrt(next_v) + self.epsilon)
      if self._do_use_weight_decay(param_name):
        update += self.weight_decay_rate * param
      update_with_lr = self.learning_rate * update
      next_param = param - update_with_lr
      assignments.extend([param.assign(next_param), m.assign(next_m), v.assign(next_v)])
    return tf.group(*assignments, name=name)

  def _do_use_weight_decay(self, param_name):
    if not self.weight_decay_rate:
      return False
    if self.exclude_from_weight_decay:
      for r in self.exclude_from_weight_decay:
        if re.search(r, param_name) is not None:
          return False
    return True

  def _get_variable_name(self, param_name):
    m = re.match("^(.*):\\d+$", param_name)
    if m is not None:
      param_name = m.group(1)
    return param_name

CFG = dict(vocab_size=20, hidden_size=8, num_hidden_layers=2, num_attention_heads=2,
           intermediate_size=16, hidden_act="gelu", hidden_dropout_prob=0.1,
           attention_probs_dropout_prob=0.1, max_position_embeddings=8, type_vocab_size=2,
           initializer_range=0.02)
IDS = np.array([[3, 5, 7, 0, 0], [1, 2, 19, 4, 6]], np.int32)
MASK = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]], np.int32)
TYPES = np.array([[0, 0, 1, 1, 1], [0, 0, 0, 1, 1]], np.int32)
"""

# re-typed from openai/baselines (a2c/utils.py, common/distributions.py), tiny.
BASELINES = r"""
def ortho_init(scale=1.0):
    def _ortho_init(shape, dtype, partition_info=None):
        shape = tuple(shape)
        if len(shape) == 2:
            flat_shape = shape
        elif len(shape) == 4:
            flat_shape = (np.prod(shape[:-1]), shape[-1])
        else:
            raise NotImplementedError
        a = np.random.normal(0.0, 1.0, flat_shape)
        u, _, v = np.linalg.svd(a, full_matrices=False)
        q = u if u.shape == flat_shape else v
        q = q.reshape(shape)
        return (scale * q[:shape[0], :shape[1]]).astype(np.float32)
    return _ortho_init

def conv(x, scope, *, nf, rf, stride, pad='VALID', init_scale=1.0, data_format='NHWC', one_dim_bias=False):
    if data_format == 'NHWC':
        channel_ax = 3
        strides = [1, stride, stride, 1]
        bshape = [1, 1, 1, nf]
    elif data_format == 'NCHW':
        channel_ax = 1
        strides = [1, 1, stride, stride]
        bshape = [1, nf, 1, 1]
    else:
        raise NotImplementedError
    bias_var_shape = [nf] if one_dim_bias else [1, nf, 1, 1]
    nin = x.get_shape()[channel_ax].value
    wshape = [rf, rf, nin, nf]
    with tf.variable_scope(scope):
        w = tf.get_variable("w", wshape, initializer=ortho_init(init_scale))
        b = tf.get_variable("b", bias_var_shape, initializer=tf.constant_initializer(0.0))
        if not one_dim_bias and data_format == 'NHWC':
            b = tf.reshape(b, bshape)
        return tf.nn.conv2d(x, w, strides=strides, padding=pad, data_format=data_format) + b

def fc(x, scope, nh, *, init_scale=1.0, init_bias=0.0):
    with tf.variable_scope(scope):
        nin = x.get_shape()[1].value
        w = tf.get_variable("w", [nin, nh], initializer=ortho_init(init_scale))
        b = tf.get_variable("b", [nh], initializer=tf.constant_initializer(init_bias))
        return tf.matmul(x, w)+b

def conv_to_fc(x):
    nh = np.prod([v.value for v in x.get_shape()[1:]])
    x = tf.reshape(x, [-1, nh])
    return x

def batch_to_seq(h, nbatch, nsteps, flat=False):
    if flat:
        h = tf.reshape(h, [nbatch, nsteps])
    else:
        h = tf.reshape(h, [nbatch, nsteps, -1])
    return [tf.squeeze(v, [1]) for v in tf.split(axis=1, num_or_size_splits=nsteps, value=h)]

def seq_to_batch(h, flat = False):
    shape = h[0].get_shape().as_list()
    if not flat:
        assert(len(shape) > 1)
        nh = h[0].get_shape()[-1].value
        return tf.reshape(tf.concat(axis=1, values=h), [-1, nh])
    else:
        return tf.reshape(tf.stack(values=h, axis=1), [-1])

def lstm(xs, ms, s, scope, nh, init_scale=1.0):
    nbatch, nin = [v.value for v in xs[0].get_shape()]
    with tf.variable_scope(scope):
        wx = tf.get_variable("wx", [nin, nh*4], initializer=ortho_init(init_scale))
        wh = tf.get_variable("wh", [nh, nh*4], initializer=ortho_init(init_scale))
        b = tf.get_variable("b", [nh*4], initializer=tf.constant_initializer(0.0))
    c, h = tf.split(axis=1, num_or_size_splits=2, value=s)
    for idx, (x, m) in enumerate(zip(xs, ms)):
        c = c*(1-m)
        h = h*(1-m)
        z = tf.matmul(x, wx) + tf.matmul(h, wh) + b
        i, f, o, u = tf.split(axis=1, num_or_size_splits=4, value=z)
        i = tf.nn.sigmoid(i)
        f = tf.nn.sigmoid(f)
        o = tf.nn.sigmoid(o)
        u = tf.tanh(u)
        c = f*c + i*u
        h = o*tf.tanh(c)
        xs[idx] = h
    s = tf.concat(axis=1, values=[c, h])
    return xs, s

def _ln(x, g, b, e=1e-5, axes=[1]):
    u, s = tf.nn.moments(x, axes=axes, keep_dims=True)
    x = (x-u)/tf.sqrt(s+e)
    x = x*g+b
    return x

def cat_entropy(logits):
    a0 = logits - tf.reduce_max(logits, 1, keepdims=True)
    ea0 = tf.exp(a0)
    z0 = tf.reduce_sum(ea0, 1, keepdims=True)
    p0 = ea0 / z0
    return tf.reduce_sum(p0 * (tf.log(z0) - a0), 1)

class CategoricalPd(object):
    def __init__(self, logits):
        self.logits = logits
    def mode(self):
        return tf.argmax(self.logits, axis=-1)
    def neglogp(self, x):
        if x.dtype in {tf.uint8, tf.int32, tf.int64}:
            x_shape_list = x.shape.as_list()
            logits_shape_list = self.logits.get_shape().as_list()[:-1]
            for xs, ls in zip(x_shape_list, logits_shape_list):
                if xs is not None and ls is not None:
                    assert xs == ls, 'shape mismatch: {} in x vs {} in logits'.format(xs, ls)
            x = tf.one_hot(x, self.logits.get_shape().as_list()[-1])
        else:
            assert x.shape.as_list() == self.logits.shape.as_list()
        return tf.nn.softmax_cross_entropy_with_logits_v2(logits=self.logits, labels=x)
    def kl(self, other):
        a0 = self.logits - tf.reduce_max(self.logits, axis=-1, keepdims=True)
        a1 = other.logits - tf.reduce_max(other.logits, axis=-1, keepdims=True)
        ea0 = tf.exp(a0)
        ea1 = tf.exp(a1)
        z0 = tf.reduce_sum(ea0, axis=-1, keepdims=True)
        z1 = tf.reduce_sum(ea1, axis=-1, keepdims=True)
        p0 = ea0 / z0
        return tf.reduce_sum(p0 * (a0 - tf.log(z0) - a1 + tf.log(z1)), axis=-1)
    def entropy(self):
        a0 = self.logits - tf.reduce_max(self.logits, axis=-1, keepdims=True)
        ea0 = tf.exp(a0)
        z0 = tf.reduce_sum(ea0, axis=-1, keepdims=True)
        p0 = ea0 / z0
        return tf.reduce_sum(p0 * (tf.log(z0) - a0), axis=-1)
    def sample(self):
        u = tf.random_uniform(tf.shape(self.logits), dtype=self.logits.dtype)
        return tf.argmax(self.logits - tf.log(-tf.log(u)), axis=-1)

class DiagGaussianPd(object):
    def __init__(self, flat):
        self.flat = flat
        mean, logstd = tf.split(axis=len(flat.shape)-1, num_or_size_splits=2, value=flat)
        self.mean = mean
        self.logstd = logstd
        self.std = tf.exp(logstd)
    def neglogp(self, x):
        return 0.5 * tf.reduce_sum(tf.square((x - self.mean) / self.std), axis=-1) \
               + 0.5 * np.log(2.0 * np.pi) * tf.to_float(tf.shape(x)[-1]) \
               + tf.reduce_sum(self.logstd, axis=-1)
    def kl(self, other):
        return tf.reduce_sum(other.logstd - self.logstd + (tf.square(self.std) + tf.square(self.mean - other.mean)) / (2.0 * tf.square(other.std)) - 0.5, axis=-1)
    def entropy(self):
        return tf.reduce_sum(self.logstd + .5 * np.log(2.0 * np.pi * np.e), axis=-1)
    def sample(self):
        return self.mean + self.std * tf.random_normal(tf.shape(self.mean))

def huber_loss(x, delta=1.0):
    return tf.where(tf.abs(x) < delta, tf.square(x) * 0.5, delta * (tf.abs(x) - 0.5 * delta))

def explained_variance(ypred, y):
    assert y.ndim == 1 and ypred.ndim == 1
    vary = np.var(y)
    return np.nan if vary==0 else 1 - np.var(y-ypred)/vary

def nature_cnn(unscaled_images, **conv_kwargs):
    scaled_images = tf.cast(unscaled_images, tf.float32) / 255.
    activ = tf.nn.relu
    h = activ(conv(scaled_images, 'c1', nf=4, rf=3, stride=2, init_scale=np.sqrt(2), **conv_kwargs))
    h2 = activ(conv(h, 'c2', nf=8, rf=2, stride=1, init_scale=np.sqrt(2), **conv_kwargs))
    h3 = conv_to_fc(h2)
    return activ(fc(h3, 'fc1', nh=16, init_scale=np.sqrt(2)))
"""

PROGRAMS = {
    # tf.contrib.layers.optimize_loss: by name, with a decay function, by factory; clipping,
    # multipliers and its summaries.
    "contrib_optimize_loss": r"""
tf.set_random_seed(151)
rs = np.random.RandomState(33)
x = tf.constant(rs.normal(size=(6, 4)).astype(np.float32)); y = tf.constant(rs.randint(0, 3, 6))
def model(scope):
    with tf.variable_scope(scope):
        h = contrib_layers.fully_connected(x, 5)
        h = contrib_layers.batch_norm(h, is_training=True, decay=0.5)
        logits = contrib_layers.fully_connected(h, 3, activation_fn=None)
        return tf.losses.sparse_softmax_cross_entropy(y, logits, loss_collection=None)
gs = tf.train.get_or_create_global_step()
ol = contrib_layers.optimize_loss
l1 = model("a"); t1 = ol(l1, gs, 0.1, "SGD", variables=tf.trainable_variables("a"), clip_gradients=0.5)
l2 = model("b"); t2 = ol(l2, gs, 0.01, "Adam", variables=tf.trainable_variables("b"),
                         learning_rate_decay_fn=lambda lr, step: tf.train.exponential_decay(lr, step, 2, 0.5),
                         summaries=["loss", "learning_rate", "gradient_norm"], name="opt2", increment_global_step=False)
l3 = model("c"); t3 = ol(l3, gs, None, lambda: tf.train.MomentumOptimizer(0.05, 0.9), variables=tf.trainable_variables("c"),
                         gradient_multipliers={tf.trainable_variables("c")[0]: 2.0}, update_ops=[])
out["names"] = [t1.name, t2.name, t3.name]
out["lr_vars"] = [v.op.name for v in tf.global_variables() if "learning_rate" in v.op.name]
out["summ"] = sorted(s_.op.name for s_ in tf.get_collection(tf.GraphKeys.SUMMARIES))
out["bad_opt"] = raises(lambda: ol(l1, gs, 0.1, "Nope"))
out["bad_summ"] = raises(lambda: ol(l1, gs, 0.1, "SGD", summaries=["zzz"]))
out["bad_lr"] = raises(lambda: ol(l1, gs, -1.0, "SGD"))
out["no_lr"] = raises(lambda: ol(l1, gs, None, "SGD"))
s = tf.Session(); s.run(tf.global_variables_initializer())
hist = []
for i in range(3):
    s.run(t1); s.run(t2); s.run(t3)  # (t1 increments the step t2's decay reads: apart)
    hist.append([float(v) for v in s.run([l1, l2, l3])])
out["hist"] = hist
out["gs"] = int(s.run(gs))
mm = [v for v in tf.global_variables() if v.op.name == "a/BatchNorm/moving_mean"][0]
out["mm"] = s.run(mm).tolist()
""",
    # Ran as TF did from the start; held there: baselines' PPO2 step, ibab's WaveNet causal
    # convolutions, tf-faster-rcnn's box ops, and the errors misuse of them raises.
    "baselines_ppo2_step": BASELINES
    + r"""
np.random.seed(0); tf.set_random_seed(41)
nbatch, nact = 4, 3
obs = tf.placeholder(tf.uint8, [nbatch, 8, 8, 2])
with tf.variable_scope('ppo2_model', reuse=tf.AUTO_REUSE):
    latent = nature_cnn(obs)
    pi = fc(latent, 'pi', nact, init_scale=0.01)
    vf = fc(latent, 'vf', 1)[:, 0]
pd = CategoricalPd(pi)
A = tf.placeholder(tf.int32, [None]); ADV = tf.placeholder(tf.float32, [None]); R_ = tf.placeholder(tf.float32, [None])
OLDNEGLOGPAC = tf.placeholder(tf.float32, [None]); OLDVPRED = tf.placeholder(tf.float32, [None])
LR = tf.placeholder(tf.float32, []); CLIPRANGE = tf.placeholder(tf.float32, [])
neglogpac = pd.neglogp(A)
entropy = tf.reduce_mean(pd.entropy())
vpred = vf
vpredclipped = OLDVPRED + tf.clip_by_value(vf - OLDVPRED, - CLIPRANGE, CLIPRANGE)
vf_losses1 = tf.square(vpred - R_)
vf_losses2 = tf.square(vpredclipped - R_)
vf_loss = .5 * tf.reduce_mean(tf.maximum(vf_losses1, vf_losses2))
ratio = tf.exp(OLDNEGLOGPAC - neglogpac)
pg_losses = -ADV * ratio
pg_losses2 = -ADV * tf.clip_by_value(ratio, 1.0 - CLIPRANGE, 1.0 + CLIPRANGE)
pg_loss = tf.reduce_mean(tf.maximum(pg_losses, pg_losses2))
approxkl = .5 * tf.reduce_mean(tf.square(neglogpac - OLDNEGLOGPAC))
clipfrac = tf.reduce_mean(tf.to_float(tf.greater(tf.abs(ratio - 1.0), CLIPRANGE)))
loss = pg_loss - entropy * 0.01 + vf_loss * 0.5
params = tf.trainable_variables('ppo2_model')
trainer = tf.train.AdamOptimizer(learning_rate=LR, epsilon=1e-5)
grads_and_var = trainer.compute_gradients(loss, params)
grads, var = zip(*grads_and_var)
grads, _grad_norm = tf.clip_by_global_norm(grads, 0.5)
grads_and_var = list(zip(grads, var))
_train_op = trainer.apply_gradients(grads_and_var)
out["params"] = [p.name for p in params]
s = tf.Session(); s.run(tf.global_variables_initializer())
rs = np.random.RandomState(3)
O = rs.randint(0, 256, (nbatch, 8, 8, 2)).astype(np.uint8)
values, nlp = s.run([vf, neglogpac], {obs: O, A: [0, 1, 2, 1]})
returns = values + rs.normal(size=nbatch).astype(np.float32)
advs = returns - values
advs = (advs - advs.mean()) / (advs.std() + 1e-8)
hist = []
for i in range(3):
    td_map = {obs: O, A: [0, 1, 2, 1], ADV: advs, R_: returns, LR: 3e-3, CLIPRANGE: 0.2, OLDNEGLOGPAC: nlp, OLDVPRED: values}
    st = s.run([pg_loss, vf_loss, entropy, approxkl, clipfrac, _grad_norm, _train_op], td_map)[:-1]
    hist.append([float(v) for v in st])
out["hist"] = hist
out["ev"] = float(explained_variance(s.run(vf, {obs: O}), returns))
""",
    "wavenet_causal_conv": r"""
def time_to_batch(value, dilation, name=None):
    with tf.name_scope('time_to_batch'):
        shape = tf.shape(value)
        pad_elements = dilation - 1 - (shape[1] + dilation - 1) % dilation
        padded = tf.pad(value, [[0, 0], [0, pad_elements], [0, 0]])
        reshaped = tf.reshape(padded, [-1, dilation, shape[2]])
        transposed = tf.transpose(reshaped, perm=[1, 0, 2])
        return tf.reshape(transposed, [shape[0] * dilation, -1, shape[2]])

def batch_to_time(value, dilation, name=None):
    with tf.name_scope('batch_to_time'):
        shape = tf.shape(value)
        prepared = tf.reshape(value, [dilation, -1, shape[2]])
        transposed = tf.transpose(prepared, perm=[1, 0, 2])
        return tf.reshape(transposed, [tf.div(shape[0], dilation), -1, shape[2]])

def causal_conv(value, filter_, dilation, name='causal_conv'):
    with tf.name_scope(name):
        filter_width = tf.shape(filter_)[0]
        if dilation > 1:
            transformed = time_to_batch(value, dilation)
            conv = tf.nn.conv1d(transformed, filter_, stride=1, padding='VALID')
            restored = batch_to_time(conv, dilation)
        else:
            restored = tf.nn.conv1d(value, filter_, stride=1, padding='VALID')
        out_width = tf.shape(value)[1] - (filter_width - 1) * dilation
        result = tf.slice(restored, [0, 0, 0], [-1, out_width, -1])
        return result

def mu_law_encode(audio, quantization_channels):
    with tf.name_scope('encode'):
        mu = tf.to_float(quantization_channels - 1)
        safe_audio_abs = tf.minimum(tf.abs(audio), 1.0)
        magnitude = tf.log1p(mu * safe_audio_abs) / tf.log1p(mu)
        signal = tf.sign(audio) * magnitude
        return tf.to_int32((signal + 1) / 2 * mu + 0.5)

def mu_law_decode(output, quantization_channels):
    with tf.name_scope('decode'):
        mu = quantization_channels - 1
        signal = 2 * (tf.to_float(output) / mu) - 1
        magnitude = (1 / mu) * ((1 + mu)**abs(signal) - 1)
        return tf.sign(signal) * magnitude

rs = np.random.RandomState(9)
x = tf.placeholder(tf.float32, [None, None, 2])
f = tf.constant(rs.normal(size=(2, 2, 3)).astype(np.float32))
X = rs.normal(size=(2, 9, 2)).astype(np.float32)
outs = {}
for d in (1, 2, 4):
    outs["cc%d" % d] = causal_conv(x, f, d)
    outs["conv%d" % d] = tf.nn.convolution(tf.pad(x, [[0, 0], [d, 0], [0, 0]]), f, padding='VALID', dilation_rate=[d])[:, :-d, :]
outs["atrous"] = tf.nn.atrous_conv2d(tf.reshape(x[:, :8, :], [2, 2, 4, 2]), tf.constant(rs.normal(size=(2, 2, 2, 3)).astype(np.float32)), rate=2, padding='SAME')
outs["g"] = tf.gradients(tf.reduce_sum(causal_conv(x, f, 2) ** 2), [x])[0]
audio = tf.constant(np.linspace(-1.2, 1.2, 13).astype(np.float32))
enc = mu_law_encode(audio, 256)
outs["enc"] = enc; outs["dec"] = mu_law_decode(enc, 256)
outs["onehot"] = tf.one_hot(enc, depth=256)[:, 250:]
R(outs, feed={x: X})
out["names"] = [outs["cc2"].name, outs["enc"].name, outs["dec"].name]
""",
    "boxes_nms_variants": r"""
rs = np.random.RandomState(10)
xy = rs.uniform(0, 10, (12, 2)).astype(np.float32)
wh = rs.uniform(1, 5, (12, 2)).astype(np.float32)
boxes_np = np.concatenate([xy[:, 1:], xy[:, :1], xy[:, 1:] + wh[:, 1:], xy[:, :1] + wh[:, :1]], 1)
boxes_np = np.stack([xy[:, 1], xy[:, 0], xy[:, 1] + wh[:, 1], xy[:, 0] + wh[:, 0]], 1).astype(np.float32)
scores_np = rs.uniform(0, 1, 12).astype(np.float32)
scores_np[3] = scores_np[7]
boxes = tf.constant(boxes_np); scores = tf.constant(scores_np)
o = {}
o["nms"] = tf.image.non_max_suppression(boxes, scores, max_output_size=6, iou_threshold=0.3)
o["nms_thr"] = tf.image.non_max_suppression(boxes, scores, 10, iou_threshold=0.5, score_threshold=0.4)
o["nms_v2"] = tf.image.non_max_suppression_v2(boxes, scores, 5, 0.4) if hasattr(tf.image, "non_max_suppression_v2") else tf.image.non_max_suppression(boxes, scores, 5, 0.4)
sel, sc = tf.image.non_max_suppression_with_scores(boxes, scores, 8, iou_threshold=0.5, score_threshold=0.1, soft_nms_sigma=0.5)
o["ws_sel"] = sel; o["ws_sc"] = sc
psel, pvalid = tf.image.non_max_suppression_padded(boxes, scores, 8, iou_threshold=0.4, pad_to_max_output_size=True)
o["pad_sel"] = psel; o["pad_valid"] = pvalid
o["overlaps"] = tf.image.non_max_suppression_overlaps(tf.constant(np.eye(4, dtype=np.float32) * 0.5 + 0.2), tf.constant([0.9, 0.8, 0.7, 0.6]), 3, overlap_threshold=0.5)
o["gathered"] = tf.gather(boxes, o["nms"])
R(o)
out["names"] = [o["nms"].name, sel.name, psel.name]
""",
    "boxes_crop_and_resize_roi_pool": r"""
rs = np.random.RandomState(11)
fm = tf.constant(rs.normal(size=(2, 8, 8, 3)).astype(np.float32))
rois = tf.constant([[0.0, 0.0, 0.5, 0.5], [0.25, 0.1, 0.9, 0.7], [0.5, 0.5, 1.0, 1.0], [0.1, 0.6, 0.3, 0.2], [-0.1, -0.2, 1.2, 0.9]])
box_ind = tf.constant([0, 1, 0, 1, 1])
crops = tf.image.crop_and_resize(fm, rois, box_ind, [4, 4])
crops_nn = tf.image.crop_and_resize(fm, rois, box_ind, [3, 5], method="nearest", extrapolation_value=-1.0)
# tf-faster-rcnn's _crop_pool_layer: normalized boxes from pixel rois, crop to 2x, max pool.
bottom = fm
rois_px = tf.constant([[0, 1.0, 2.0, 6.0, 7.0], [1, 0.0, 0.0, 3.0, 5.0], [0, 4.0, 3.0, 7.0, 7.0]])
batch_ids = tf.squeeze(tf.slice(rois_px, [0, 0], [-1, 1], name="batch_id"), [1])
bottom_shape = tf.shape(bottom)
height = (tf.to_float(bottom_shape[1]) - 1.) * 16.0
width = (tf.to_float(bottom_shape[2]) - 1.) * 16.0
x1 = tf.slice(rois_px, [0, 1], [-1, 1], name="x1") * 16.0 / width
y1 = tf.slice(rois_px, [0, 2], [-1, 1], name="y1") * 16.0 / height
x2 = tf.slice(rois_px, [0, 3], [-1, 1], name="x2") * 16.0 / width
y2 = tf.slice(rois_px, [0, 4], [-1, 1], name="y2") * 16.0 / height
bboxes = tf.stop_gradient(tf.concat([y1, x1, y2, x2], axis=1))
pre_pool_size = 2 * 2
crops2 = tf.image.crop_and_resize(bottom, bboxes, tf.to_int32(batch_ids), [pre_pool_size, pre_pool_size], name="crops")
pooled = contrib_layers.max_pool2d(crops2, [2, 2], padding='SAME')
g = tf.gradients(tf.reduce_sum(crops * crops), [fm])[0]
R({"crops": crops, "crops_nn": crops_nn, "pooled": pooled, "g": g, "bboxes": bboxes})
out["names"] = [crops.name, crops2.name, pooled.name]
""",
    "famous_misuse_errors": r"""
import tempfile, os
x3 = tf.zeros([2, 5, 3])
out["slim_conv_rank3"] = raises(lambda: slim.conv2d(x3, 4, [3, 3], scope="c3"))
out["slim_fc_rank1"] = raises(lambda: slim.fully_connected(tf.zeros([5]), 3, scope="f1"))
out["layers_dense_rank1"] = raises(lambda: tf.layers.dense(tf.zeros([5]), 3))
out["conv_channels"] = raises(lambda: tf.nn.conv2d(tf.zeros([1, 4, 4, 3]), tf.zeros([3, 3, 2, 4]), [1, 1, 1, 1], "SAME"))
out["reshape_size"] = raises(lambda: tf.reshape(tf.zeros([2, 3]), [4, 2]))
out["matmul_inner"] = raises(lambda: tf.matmul(tf.zeros([2, 3]), tf.zeros([4, 2])))
with tf.variable_scope("d"):
    w = tf.get_variable("Matrix", [5, 3])
def reuse_wrong_shape():
    with tf.variable_scope("d", reuse=True):
        tf.get_variable("Matrix", [4, 3])
out["reuse_shape"] = raises(reuse_wrong_shape)
def cell_twice():
    cell = tf.nn.rnn_cell.BasicLSTMCell(4)
    st = cell.zero_state(2, tf.float32)
    with tf.variable_scope("rnn_a"):
        cell(tf.zeros([2, 3]), st)
    cell2 = tf.nn.rnn_cell.BasicLSTMCell(4)
    with tf.variable_scope("rnn_a"):
        cell2(tf.zeros([2, 3]), st)
out["cell_twice"] = raises(cell_twice)
out["concat_mismatch"] = raises(lambda: tf.concat([tf.zeros([2, 3]), tf.zeros([3, 3])], 1))
out["split_uneven"] = raises(lambda: tf.split(tf.zeros([2, 5]), 2, 1))
out["one_hot_float"] = raises(lambda: tf.one_hot(tf.constant([0.5]), 3))
out["gather_float_idx"] = raises(lambda: tf.gather(tf.zeros([3, 2]), tf.constant([0.0])))
out["squeeze_non1"] = raises(lambda: tf.squeeze(tf.zeros([2, 3]), [1]))
out["sce_shapes"] = raises(lambda: tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.zeros([2, 3]), logits=tf.zeros([2, 4])))
out["sparse_sce_rank"] = raises(lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.zeros([2, 1], tf.int32), logits=tf.zeros([2, 4])))
d = tempfile.mkdtemp()
with tf.Graph().as_default():
    v = tf.Variable(tf.zeros([3]), name="v")
    with tf.Session() as s1:
        s1.run(v.initializer)
        path = tf.train.Saver().save(s1, os.path.join(d, "m.ckpt"))
with tf.variable_scope("", reuse=tf.AUTO_REUSE):
    v2 = tf.get_variable("v", [4])
out["init_ckpt_shape"] = raises(lambda: tf.train.init_from_checkpoint(path, {"v": "v"}))
u = tf.Variable(tf.zeros([2]), name="u")
sv = tf.train.Saver([u])
s = tf.Session()
out["restore_missing"] = raises(lambda: sv.restore(s, path))
ph = tf.placeholder(tf.float32, [None, 3])
out["feed_shape"] = raises(lambda: s.run(ph * 2, {ph: np.zeros((2, 4))}))
out["uninit"] = raises(lambda: s.run(u))
out["argmax_empty"] = raises(lambda: s.run(tf.argmax(tf.zeros([0, 3]), 0)))
""",
    # slim's data pipeline as the flowers dataset and train_image_classifier.py use it:
    # TFExampleDecoder (PNG and raw images, a tensor default_value), DatasetDataProvider
    # over a parallel reader, tf.train.batch and prefetch_queue.
    "slim_dataset_provider_pipeline": r"""
import tempfile, os
d = tempfile.mkdtemp()
rs = np.random.RandomState(31)
def int64_feature(values):
    if not isinstance(values, (tuple, list)):
        values = [values]
    return tf.train.Feature(int64_list=tf.train.Int64List(value=values))
def bytes_feature(values):
    return tf.train.Feature(bytes_list=tf.train.BytesList(value=[values]))
def image_to_tfexample(image_data, image_format, height, width, class_id):
    return tf.train.Example(features=tf.train.Features(feature={
        'image/encoded': bytes_feature(image_data),
        'image/format': bytes_feature(image_format),
        'image/class/label': int64_feature(class_id),
        'image/height': int64_feature(height),
        'image/width': int64_feature(width),
    }))
images = []
with tf.Graph().as_default():
    ph = tf.placeholder(tf.uint8, [4, 4, 3])
    enc_png = tf.image.encode_png(ph)
    with tf.Session() as s0:
        for shard in range(2):
            path = os.path.join(d, 'flowers_train_%05d-of-00002.tfrecord' % shard)
            with tf.python_io.TFRecordWriter(path) as w:
                for i in range(3):
                    img = rs.randint(0, 256, (4, 4, 3)).astype(np.uint8)
                    images.append(img)
                    if i == 2:
                        w.write(image_to_tfexample(img.tobytes(), b'raw', 4, 4, shard * 3 + i).SerializeToString())
                    else:
                        w.write(image_to_tfexample(s0.run(enc_png, {ph: img}), b'png', 4, 4, shard * 3 + i).SerializeToString())
keys_to_features = {
    'image/encoded': tf.FixedLenFeature((), tf.string, default_value=''),
    'image/format': tf.FixedLenFeature((), tf.string, default_value='png'),
    'image/class/label': tf.FixedLenFeature([], tf.int64, default_value=tf.zeros([], dtype=tf.int64)),
}
items_to_handlers = {
    'image': slim.tfexample_decoder.Image(shape=[4, 4, 3]),
    'label': slim.tfexample_decoder.Tensor('image/class/label'),
}
decoder = slim.tfexample_decoder.TFExampleDecoder(keys_to_features, items_to_handlers)
dataset = slim.dataset.Dataset(data_sources=os.path.join(d, 'flowers_train_*.tfrecord'), reader=tf.TFRecordReader,
    decoder=decoder, num_samples=6, items_to_descriptions={'image': 'A color image.', 'label': 'An int.'},
    num_classes=6, labels_to_names=None)
provider = slim.dataset_data_provider.DatasetDataProvider(dataset, num_readers=1, shuffle=False,
    common_queue_capacity=20, common_queue_min=10)
[image, label] = provider.get(['image', 'label'])
out["items"] = sorted(provider.list_items())
out["num_samples"] = provider.num_samples()
out["shapes"] = [image.shape.as_list(), label.shape.as_list(), image.dtype.name, label.dtype.name]
out["bad_item"] = raises(lambda: provider.get(['nope']))
out["no_files"] = raises(lambda: slim.parallel_reader.get_data_files(os.path.join(d, 'none_*')))
image_f = tf.to_float(image) / 255.0
images_b, labels_b = tf.train.batch([image_f, label], batch_size=2, num_threads=1, capacity=10)
labels_b = slim.one_hot_encoding(labels_b, dataset.num_classes)
batch_queue = slim.prefetch_queue.prefetch_queue([images_b, labels_b], capacity=4)
ib, lb = batch_queue.dequeue()
s = tf.Session()
s.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
coord = tf.train.Coordinator()
threads = tf.train.start_queue_runners(sess=s, coord=coord)
# (only the batches read the provider: fetching it directly too races with their runners)
got = [s.run([ib, lb]) for _ in range(3)]
out["labels"] = sorted(int(v) for _, l in got for v in l.argmax(1))  # (glob order is the file system's)
out["match"] = [int(any(np.allclose(g, im / 255.0) for im in images)) for b, _ in got for g in b]
out["batch_shapes"] = [list(got[0][0].shape), list(got[0][1].shape)]
coord.request_stop(); coord.join(threads)
""",
    # slim's dataset definitions (flowers, cifar10, imagenet) give a tensor as a default.
    "parse_example_tensor_default": """
f = tf.FixedLenFeature([], tf.int64, default_value=tf.zeros([], dtype=tf.int64))
f2 = tf.FixedLenFeature([2], tf.float32, default_value=tf.constant([1.5, 2.5]))
ex = tf.train.Example(features=tf.train.Features(feature={
    "a": tf.train.Feature(int64_list=tf.train.Int64List(value=[3]))}))
p = tf.parse_single_example(tf.constant(ex.SerializeToString()), {"a": f, "b": f, "c": f2})
with tf.Session() as sess:
    out["p"] = {k: v.tolist() for k, v in sorted(sess.run(p).items())}
out["shapes"] = {k: v.shape.as_list() for k, v in sorted(p.items())}
""",
    # eval_image_classifier.py: slim.evaluation.evaluate_once over streaming metrics.
    "slim_eval_image_classifier": r"""
import tempfile, os
tf.set_random_seed(111)
d = tempfile.mkdtemp()
rs = np.random.RandomState(29)
X = rs.normal(size=(6, 4)).astype(np.float32); Y = np.array([0, 1, 2, 1, 0, 2], np.int32)
def net(x):
    return slim.fully_connected(x, 3, activation_fn=None, scope='logits')
with tf.Graph().as_default():
    tf.set_random_seed(112)
    net(tf.constant(X))
    gs = tf.train.get_or_create_global_step()
    with tf.Session() as s1:
        s1.run(tf.global_variables_initializer())
        s1.run(gs.assign(7))
        path = tf.train.Saver().save(s1, os.path.join(d, "model.ckpt"), global_step=7)
tf_global_step = slim.get_or_create_global_step()
ds = tf.data.Dataset.from_tensor_slices((X, Y)).batch(2)
images, labels = tf.data.make_one_shot_iterator(ds).get_next()
logits = net(images)
variables_to_restore = slim.get_variables_to_restore()
predictions = tf.argmax(logits, 1)
names_to_values, names_to_updates = slim.metrics.aggregate_metric_map({
    'Accuracy': slim.metrics.streaming_accuracy(predictions, labels),
    'Recall_5': slim.metrics.streaming_sparse_recall_at_k(logits, tf.reshape(tf.cast(labels, tf.int64), [-1, 1]), 2) if hasattr(slim.metrics, 'streaming_sparse_recall_at_k') else slim.metrics.streaming_accuracy(predictions, labels),
})
for name, value in names_to_values.items():
    summary_name = 'eval/%s' % name
    op = tf.summary.scalar(summary_name, value, collections=[])
    op = tf.Print(op, [value], summary_name)
    tf.add_to_collection(tf.GraphKeys.SUMMARIES, op)
final = slim.evaluation.evaluate_once(master='', checkpoint_path=path, logdir=os.path.join(d, "eval"),
    num_evals=3, eval_op=list(names_to_updates.values()), final_op=names_to_values,
    variables_to_restore=variables_to_restore)
out["final"] = {k: float(v) for k, v in sorted(final.items())}
out["events"] = len([f for f in os.listdir(os.path.join(d, "eval")) if "tfevents" in f])
out["local"] = sorted(v.op.name for v in tf.local_variables())
""",
    "bert_forward_eval": BERT
    + r"""
tf.set_random_seed(1)
config = BertConfig.from_dict(CFG)
ids = tf.constant(IDS); mask = tf.constant(MASK); types = tf.constant(TYPES)
model = BertModel(config=config, is_training=False, input_ids=ids, input_mask=mask,
                  token_type_ids=types, use_one_hot_embeddings=False)
out["tvars"] = [v.name for v in tf.trainable_variables()]
out["shapes"] = [v.shape.as_list() for v in tf.trainable_variables()]
out["seq_name"] = model.get_sequence_output().name
out["pooled_name"] = model.get_pooled_output().name
out["seq_shape"] = model.get_sequence_output().shape.as_list()
s = tf.Session(); s.run(tf.global_variables_initializer())
R({"seq": model.get_sequence_output(), "pooled": model.get_pooled_output(),
   "emb": model.embedding_output, "table": model.embedding_table}, sess=s)
""",
    "bert_forward_onehot_dynamic_batch": BERT
    + r"""
tf.set_random_seed(2)
config = BertConfig.from_dict(CFG)
ids = tf.placeholder(tf.int32, [None, 5]); mask = tf.placeholder(tf.int32, [None, 5])
model = BertModel(config=config, is_training=False, input_ids=ids, input_mask=mask,
                  use_one_hot_embeddings=True, scope="bert")
out["seq_shape"] = model.get_sequence_output().shape.as_list()
out["pooled_shape"] = model.get_pooled_output().shape.as_list()
s = tf.Session(); s.run(tf.global_variables_initializer())
R({"seq": model.get_sequence_output(), "pooled": model.get_pooled_output()},
  feed={ids: IDS, mask: MASK}, sess=s)
out["rank_error"] = raises(lambda: BertModel(config=config, is_training=False,
                           input_ids=tf.constant([1, 2, 3]), scope="bad"))
out["too_long"] = raises(lambda: s.run(BertModel(config=config, is_training=False,
                           input_ids=tf.zeros([1, 9], tf.int32), scope="long").pooled_output))
""",
    "bert_adamw_fixed_lr": BERT
    + r"""
tf.set_random_seed(6)
config = BertConfig.from_dict(CFG)
model = BertModel(config=config, is_training=True, input_ids=tf.constant(IDS), input_mask=tf.constant(MASK))
loss = tf.reduce_mean(tf.square(model.get_pooled_output() - 0.5))
tvars = tf.trainable_variables()
grads = tf.gradients(loss, tvars)
(cgrads, gnorm) = tf.clip_by_global_norm(grads, clip_norm=0.05)
opt = AdamWeightDecayOptimizer(learning_rate=0.01, weight_decay_rate=0.01,
                               exclude_from_weight_decay=["LayerNorm", "layer_norm", "bias"])
train_op = opt.apply_gradients(zip(cgrads, tvars))
out["opt_name"] = [opt.get_name(), train_op.name, train_op.type]
out["nvars"] = len(tf.global_variables())
out["decay"] = [opt._do_use_weight_decay(v.op.name) for v in tvars][:8]
s = tf.Session(); s.run(tf.global_variables_initializer())
hist = []
for i in range(3):
    _, l, n = s.run([train_op, loss, gnorm]); hist.append([float(l), float(n)])
out["hist"] = hist
R({"emb": model.embedding_table, "k": tvars[-2]}, sess=s)
""",
    "bert_init_from_checkpoint": BERT
    + r"""
tf.set_random_seed(4)
d = tempfile.mkdtemp()
config = BertConfig.from_dict(CFG)
ids = tf.constant(IDS)
with tf.Graph().as_default():
    tf.set_random_seed(40)
    m1 = BertModel(config=config, is_training=False, input_ids=tf.constant(IDS))
    saver = tf.train.Saver()
    with tf.Session() as s1:
        s1.run(tf.global_variables_initializer())
        ref = s1.run(m1.get_pooled_output())
        path = saver.save(s1, os.path.join(d, "bert_model.ckpt"))
out["ref"] = L(ref)
model = BertModel(config=config, is_training=False, input_ids=ids)
extra = tf.get_variable("cls/w", [2], initializer=tf.ones_initializer())
tvars = tf.trainable_variables()
(assignment_map, initialized_variable_names) = get_assignment_map_from_checkpoint(tvars, path)
tf.train.init_from_checkpoint(path, assignment_map)
out["n_map"] = len(assignment_map)
out["init_names"] = sorted(initialized_variable_names)[:6]
out["listed"] = sorted(n for n, _ in tf.train.list_variables(path))
out["listed_shapes"] = [s for _, s in sorted(tf.train.list_variables(path))]
out["ckpt_step"] = raises(lambda: tf.train.load_variable(path, "global_step"))
s = tf.Session(); s.run(tf.global_variables_initializer())
R({"pooled": model.get_pooled_output(), "extra": extra}, sess=s)
out["same_as_saved"] = bool(np.allclose(s.run(model.get_pooled_output()), ref))
reader = tf.train.NewCheckpointReader(path)
out["reader_has"] = [reader.has_tensor("bert/pooler/dense/kernel"), reader.has_tensor("nope")]
out["reader_shape"] = sorted(reader.get_variable_to_shape_map().items())[:3]
""",
    # contrib.layers.instance_norm (CycleGAN's, fast style transfer's), bias_add and slim's
    # fully_connected aliases.
    "contrib_instance_norm_and_aliases": r"""
tf.set_random_seed(91)
rs = np.random.RandomState(25)
x = tf.constant(rs.normal(size=(2, 4, 4, 3)).astype(np.float32) * 3 + 1)
y = contrib_layers.instance_norm(x)
y2 = contrib_layers.instance_norm(x, center=False, epsilon=1e-3, activation_fn=tf.nn.relu, scope="in2")
xc = tf.transpose(x, [0, 3, 1, 2])
y3 = contrib_layers.instance_norm(xc, data_format="NCHW", param_initializers={"gamma": tf.constant_initializer(2.0)})
b = contrib_layers.bias_add(x, initializer=tf.constant_initializer(0.5), activation_fn=tf.nn.relu)
flat = tf.reshape(x, [2, -1])
l1 = slim.linear(flat, 3); r1 = slim.relu(flat, 3); r6 = slim.relu6(flat, 3); e1 = slim.elu(flat, 3)
# CycleGAN-style residual block
def resblock(h, dim, name):
    with tf.variable_scope(name):
        out_res = tf.pad(h, [[0, 0], [1, 1], [1, 1], [0, 0]], "REFLECT")
        out_res = contrib_layers.conv2d(out_res, dim, 3, 1, "VALID", activation_fn=None)
        out_res = contrib_layers.instance_norm(out_res)
        out_res = tf.nn.relu(out_res)
        return tf.nn.relu(out_res + h)
z = resblock(x, 3, "r1")
g = tf.gradients(tf.reduce_sum(z * z) + tf.reduce_sum(y * y), x)[0]
out["vars"] = [(v.op.name, v.shape.as_list()) for v in tf.global_variables()]
out["names"] = [y.name, y2.name, y3.name, b.name, l1.name, r1.name, r6.name, e1.name]
out["model"] = len(slim.get_model_variables())
s = tf.Session(); s.run(tf.global_variables_initializer())
R({"y": y, "y2": y2, "y3": y3, "b": b, "l1": l1, "r1": r1, "r6": r6, "e1": e1, "z": z, "g": g}, sess=s)
out["rank"] = raises(lambda: contrib_layers.instance_norm(tf.placeholder(tf.float32)))
""",
    # slim's fine-tuning (train_image_classifier.py's _get_init_fn) and its variables.
    "slim_finetune_from_checkpoint": r"""
import tempfile, os
tf.set_random_seed(81)
d = tempfile.mkdtemp()
def net(x, num_classes, scope='Net'):
  with tf.variable_scope(scope, 'Net', [x]):
    with slim.arg_scope([slim.conv2d, slim.fully_connected], weights_regularizer=slim.l2_regularizer(0.001)):
      h = slim.conv2d(x, 4, [3, 3], scope='conv1')
      h = slim.max_pool2d(h, [2, 2], scope='pool1')
      h = slim.flatten(h)
      h = slim.fully_connected(h, 8, scope='fc1', normalizer_fn=slim.batch_norm, normalizer_params={'is_training': False})
      h = slim.dropout(h, 0.5, is_training=False, scope='dropout')
      return slim.fully_connected(h, num_classes, activation_fn=None, scope='logits')
x = tf.constant(np.random.RandomState(23).uniform(size=(2, 8, 8, 3)).astype(np.float32))
with tf.Graph().as_default():
  tf.set_random_seed(82)
  net(tf.constant(np.zeros((1, 8, 8, 3), np.float32)), 10)
  gs = slim.get_or_create_global_step()
  with tf.Session() as s1:
    s1.run(tf.global_variables_initializer())
    path = tf.train.Saver().save(s1, os.path.join(d, "model.ckpt"))
logits = net(x, 3)
exclusions = ['Net/logits']
variables_to_restore = []
for var in slim.get_model_variables():
  for exclusion in exclusions:
    if var.op.name.startswith(exclusion):
      break
  else:
    variables_to_restore.append(var)
out["restore"] = [v.op.name for v in variables_to_restore]
out["v2r"] = sorted(v.op.name for v in slim.get_variables_to_restore(exclude=exclusions))
init_fn = slim.assign_from_checkpoint_fn(path, variables_to_restore, ignore_missing_vars=True)
s = tf.Session(); s.run(tf.global_variables_initializer())
init_fn(s)
r = tf.train.NewCheckpointReader(path)
out["same"] = bool(np.allclose(s.run(variables_to_restore[0]), r.get_tensor(variables_to_restore[0].op.name)))
R({"logits_shape": tf.shape(logits), "conv_w": variables_to_restore[0]}, sess=s)
op, fd = slim.assign_from_checkpoint(path, variables_to_restore[:2])
s.run(op, fd)
out["bad"] = raises(lambda: slim.assign_from_checkpoint_fn(path, [v for v in slim.get_model_variables() if 'logits' in v.op.name])(s))
out["model_vars"] = [v.op.name for v in slim.get_model_variables()]
out["reg"] = [l.op.name for l in tf.losses.get_regularization_losses()]
""",
    "slim_variables_and_layers": r"""
tf.set_random_seed(83)
with slim.arg_scope([slim.model_variable, slim.variable], device='/cpu:0'):
  w = slim.model_variable('w', shape=[2, 3], initializer=tf.truncated_normal_initializer(stddev=0.1), regularizer=slim.l2_regularizer(0.05))
  v = slim.variable('v', shape=[3], initializer=tf.ones_initializer())
x = tf.constant(np.random.RandomState(24).normal(size=(2, 4, 4, 2)).astype(np.float32))
up = slim.conv2d_transpose(x, 3, [3, 3], stride=2, scope='up')
oh = slim.one_hot_encoding(tf.constant([0, 2]), 3)
ap = slim.avg_pool2d(x, [2, 2], scope='ap')
st = slim.stack(tf.reshape(x, [2, -1]), slim.fully_connected, [5, 4], scope='fc')
out["names"] = [w.op.name, v.op.name, up.name, oh.name, ap.name, st.name]
out["model"] = [x.op.name for x in slim.get_model_variables()]
out["all"] = [x.op.name for x in slim.get_variables()]
out["by_suffix"] = [x.op.name for x in slim.get_variables_by_suffix('weights')]
out["reg"] = len(tf.losses.get_regularization_losses())
s = tf.Session(); s.run(tf.global_variables_initializer())
R({"up": up, "oh": oh, "ap": ap, "st": st, "w": w}, sess=s)
""",
    # Neural style of the TF1 era: the image as a variable, moved by L-BFGS-B.
    "scipy_optimizer_interface": SCIPY_OPT
    + r"""
rs = np.random.RandomState(19)
target = tf.constant(rs.uniform(0, 1, (1, 6, 6, 3)).astype(np.float32))
kern = tf.constant(rs.normal(scale=0.3, size=(3, 3, 3, 4)).astype(np.float32))
image = tf.Variable(tf.constant(rs.uniform(0, 1, (1, 6, 6, 3)).astype(np.float32)))
feat = lambda x: tf.nn.relu(tf.nn.conv2d(x, kern, [1, 1, 1, 1], "SAME"))
def gram(x):
    f = tf.reshape(x, [-1, 4])
    return tf.matmul(f, f, transpose_a=True) / 36.0
loss = tf.reduce_sum(tf.square(gram(feat(image)) - gram(feat(target)))) + 1e-3 * tf.nn.l2_loss(image)
seen = []
opt = ScipyOptimizerInterface(loss, var_list=[image], method="L-BFGS-B", options={"maxiter": 15})
b = tf.Variable([2.0, -3.0])
bounded = ScipyOptimizerInterface(tf.reduce_sum(tf.square(b - [5.0, 5.0])), var_list=[b],
                                  var_to_bounds={b: (-1.0, 1.0)})
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    out["before"] = float(sess.run(loss))
    opt.minimize(sess, loss_callback=lambda l: seen.append(float(l)), fetches=[loss])
    out["after"] = float(sess.run(loss))
    out["evals"] = seen[:6]
    out["n_evals"] = len(seen)
    bounded.minimize(sess)
    out["bounded"] = sess.run(b).tolist()
    bad = ScipyOptimizerInterface(loss, var_list=[image], bounds=[])
    out["bounds_kwarg"] = raises(lambda: bad.minimize(sess))
""",
    # Kyubyong's causal mask: tf.linalg.LinearOperatorLowerTriangular(ones).to_dense().
    "kyubyong_transformer_train": KY
    + r"""
tf.set_random_seed(61)
xs = (tf.constant(X), tf.constant([3, 5]), tf.constant(["a", "b"]))
ys = (tf.constant(DI), tf.constant(Y), tf.constant([3, 4]), tf.constant(["c", "d"]))
m = Transformer(hp)
loss, train_op, global_step, summaries = m.train(xs, ys)
out["vars"] = [v.name for v in tf.trainable_variables()]
s = tf.Session(); s.run(tf.global_variables_initializer())
hist = []
for i in range(3):
    _, l = s.run([train_op, loss]); hist.append([int(s.run(global_step)), float(l)])
out["hist"] = hist
memory, _, src_masks = m.encode(xs, training=False)
logits, y_hat, _, _ = m.decode((tf.constant(DI[:, :3]), None, None, None), memory, src_masks, training=False)
R({"y_hat": y_hat, "fut": mask(tf.ones([2, 3, 3]), type="future"),
   "pe": positional_encoding(tf.ones([2, 4, 8]), 6)}, sess=s)
""",
    "linear_operator_methods": """
rs = np.random.RandomState(18)
a = tf.constant(rs.normal(size=(3, 3)).astype(np.float32) + 3 * np.eye(3, dtype=np.float32))
lo = tf.linalg.LinearOperatorLowerTriangular(a)
F = tf.linalg.LinearOperatorFullMatrix(a)
D = tf.linalg.LinearOperatorDiag(tf.constant([2.0, -1.0, 0.5]))
x = tf.constant(rs.normal(size=(3, 2)).astype(np.float32))
v = tf.constant([1.0, 2.0, 3.0])
ops = {"L_dense": lo.to_dense(), "L_mm": lo.matmul(x), "L_mm_adj": lo.matmul(x, adjoint=True),
       "L_mv": lo.matvec(v), "L_det": lo.determinant(), "L_lad": lo.log_abs_determinant(),
       "L_solve": lo.solve(x), "L_diag": lo.diag_part(), "F_mm": F.matmul(x, adjoint_arg=False),
       "F_det": F.determinant(), "F_solve": F.solve(x), "D_dense": D.to_dense(), "D_mm": D.matmul(x),
       "D_det": D.determinant(), "D_solve": D.solve(x), "D_trace": D.trace()}
out["names"] = {k: t.name for k, t in ops.items() if k.startswith("L_")}
out["props"] = [lo.name, lo.shape.as_list(), lo.is_square, lo.tensor_rank, lo.dtype.name, D.shape.as_list()]
out["rank1"] = raises(lambda: tf.linalg.LinearOperatorLowerTriangular(tf.ones([3])))
R(ops)
""",
    # TF1's optimizers list each apply op in TRAIN_OP; slim's create_train_op adds its own
    # (tensorflow/models' train_image_classifier.py reads the collection back).
    "train_op_collection": """
v = tf.Variable([1.0, 2.0]); w = tf.Variable(3.0)
loss = tf.reduce_sum(v * v) * w
sgd = tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=[v])
adam = tf.train.AdamOptimizer(0.1).minimize(loss, global_step=tf.train.get_or_create_global_step())
mom = tf.train.MomentumOptimizer(0.1, 0.9)
applied = mom.apply_gradients(mom.compute_gradients(loss, [w]))
slim_op = slim.learning.create_train_op(loss, tf.train.RMSPropOptimizer(0.01))
out["train_ops"] = [o.name for o in tf.get_collection(tf.GraphKeys.TRAIN_OP)]
out["tensors"] = [isinstance(o, tf.Tensor) for o in tf.get_collection(tf.GraphKeys.TRAIN_OP)]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    # (the loss create_train_op returns may read the variables after its own update in
    # TF, unordered: the loss is fetched on its own.)
    out["loss"] = [float(sess.run(loss)) for _ in (sess.run(slim_op), sess.run(slim_op))]
""",
    # TF1's reads alias a ref variable's buffer: the generator's gradients, made under
    # control_dependencies([discrim_train]), see the discriminator as just updated.
    "gan_generator_step_after_discriminator": """
d = tf.Variable([[2.0, -1.0]], name="d")
g = tf.Variable([[3.0], [0.5]], name="g")
x = tf.constant([[1.0, 2.0]])
h = tf.matmul(x, g)
logits = tf.matmul(h, d)
# d's gradient needs the logits' values, so TF computes them before d_train (else it
# may compute them after, with d updated).
d_loss = tf.reduce_sum(tf.square(logits))
g_loss = tf.reduce_sum(logits * logits * 0.5)
d_train = tf.train.GradientDescentOptimizer(1.0).minimize(d_loss, var_list=[d])
with tf.control_dependencies([d_train]):
    g_grad = tf.gradients(g_loss, [g])[0]
    opt = tf.train.GradientDescentOptimizer(0.1)
    g_grads_and_vars = opt.compute_gradients(g_loss, var_list=[g])
    g_train = opt.apply_gradients(g_grads_and_vars)
s = tf.Session(); s.run(tf.global_variables_initializer())
out["grad"] = s.run([g_grad, d_train])[0].tolist()
out["step"] = [v.tolist() for v in s.run([g_grads_and_vars[0][0], g_train])[:1]]
out["after"] = [s.run(d).tolist(), s.run(g).tolist()]
""",
    "pix2pix_model_train": PIX
    + r"""
tf.set_random_seed(31)
inputs = tf.constant(RS.uniform(-1, 1, (1, 32, 32, 3)).astype(np.float32))
targets = tf.constant(RS.uniform(-1, 1, (1, 32, 32, 3)).astype(np.float32))
model = create_model(inputs, targets)
out["vars"] = sorted(v.name for v in tf.trainable_variables())
out["n_globals"] = len(tf.global_variables())
out["upd"] = len(tf.get_collection(tf.GraphKeys.UPDATE_OPS))
s = tf.Session(); s.run(tf.global_variables_initializer())
hist = []
for i in range(3):
    r = s.run({"train": model["train"], "raw": model["raw"]})
    # The EMAs fetched with the train op race with their update in TF: read them after.
    e = s.run({"d": model["discrim_loss"], "l1": model["gen_loss_L1"]})
    hist.append([float(x) for x in r["raw"]] + [float(e["d"]), float(e["l1"])])
out["hist"] = hist
R({"gs": tf.train.get_global_step()}, sess=s)
""",
    "pix2pix_lab_and_separable": PIX
    + r"""
tf.set_random_seed(32)
img = tf.constant(RS.uniform(0, 1, (4, 4, 3)).astype(np.float32))
lab = rgb_to_lab(img)
back = lab_to_rgb(lab)
out["names"] = [lab.name, back.name]
out["rank"] = raises(lambda: check_image(tf.zeros([2, 3])))
a.separable_conv = True
x = tf.constant(RS.uniform(-1, 1, (1, 8, 8, 3)).astype(np.float32))
with tf.variable_scope("g"):
    y = gen_conv(x, 4)
    z = gen_deconv(y, 2)
out["vars"] = [(v.name, v.shape.as_list()) for v in tf.global_variables()]
s = tf.Session(); s.run(tf.global_variables_initializer())
R({"back": back, "lab_grad": tf.gradients(tf.reduce_sum(lab), img)[0], "y": y, "z": z}, sess=s)
out["bad"] = raises(lambda: s.run(rgb_to_lab(tf.zeros([2, 2, 4]))))
""",
    "dcgan_build_and_sample": DCGAN
    + r"""
tf.set_random_seed(21)
m = DCGAN()
out["d_vars"] = [v.name for v in m.d_vars]
out["g_vars"] = [v.name for v in m.g_vars]
out["G"] = [m.G.name, m.G.shape.as_list(), m.sampler.name, m.D.name, m.D_logits_.name]
s = tf.Session(); s.run(tf.global_variables_initializer())
R({"G": m.G, "sampler": m.sampler, "D": m.D, "D_": m.D_, "d_loss": m.d_loss, "g_loss": m.g_loss},
  feed={m.inputs: IMGS, m.z: ZS}, sess=s)
""",
    # contrib's batch_norm on rank-2 inputs with updates_collections=None is its own fused
    # function: beta made before gamma, the moving variance fed the Bessel-corrected one.
    "dcgan_conditional_batch_norm": DCGAN
    + r"""
tf.set_random_seed(23)
m = DCGAN(y_dim=3, output_height=8, output_width=8, c_dim=1)
Y = np.eye(3, dtype=np.float32)[[0, 2]]
out["vars"] = [v.name for v in tf.trainable_variables()]
out["globals"] = [v.name for v in tf.global_variables()]
d_optim = tf.train.AdamOptimizer(0.001, beta1=0.5).minimize(m.d_loss, var_list=m.d_vars)
s = tf.Session(); s.run(tf.global_variables_initializer())
feed = {m.inputs: IMGS[:, :8, :8, :1], m.z: ZS, m.y: Y}
out["d_loss"] = [float(s.run([d_optim, m.d_loss], feed)[1]) for _ in range(2)]
g = tf.get_default_graph()
# (not d_bn2's: the real and the fake discriminator update it twice a run, unordered, which
# TF's executor does in an order of its own.)
R({"g_bn0_mv": g.get_tensor_by_name("generator/g_bn0/moving_variance:0"),
   "g_bn0_mm": g.get_tensor_by_name("generator/g_bn0/moving_mean:0"),
   "G": m.G, "sampler": m.sampler}, feed=feed, sess=s)
out["linear_err"] = raises(lambda: linear(tf.zeros([2, 5]), 3, 'd_h4_lin'))
""",
    # The repo's `tf.reshape(conv, conv.get_shape())` with a batch TF does not know: a
    # partly known TensorShape is no tensor (ValueError), a fully known one is.
    "dcgan_reshape_to_static_shape": """
x = tf.placeholder(tf.float32, [None, 4])
y = tf.zeros([2, 4])
out["partial"] = raises(lambda: tf.reshape(x, x.get_shape()))
out["zeros_partial"] = raises(lambda: tf.zeros(x.shape))
out["convert_partial"] = raises(lambda: tf.convert_to_tensor(x.shape))
out["unknown_dim"] = raises(lambda: tf.reshape(x, [x.shape[0], 4]))
r = tf.reshape(y, y.shape)
r2 = tf.reshape(y, [y.shape[0], y.shape[1].value * 1])
c = tf.convert_to_tensor(tf.TensorShape([2, 3]))
out["shapes"] = [r.shape.as_list(), r2.shape.as_list(), c.shape.as_list(), c.dtype.name]
with tf.Session() as sess:
    out["c"] = sess.run(c).tolist()
    out["fill"] = sess.run(tf.fill(y.shape, 1.5)).tolist()
""",
    "slim_resnet_v1_forward": NETS
    + r"""
tf.set_random_seed(7)
blocks = [resnet_v1_block('block1', base_depth=2, num_units=2, stride=2),
          resnet_v1_block('block2', base_depth=4, num_units=2, stride=1)]
x = tf.constant(IMG)
with slim.arg_scope(resnet_arg_scope()):
  net, end_points = resnet_v1(x, blocks, num_classes=5, is_training=False, scope='resnet_v1_tiny')
out["end_points"] = sorted(end_points)
out["shapes"] = {k: v.shape.as_list() for k, v in end_points.items()}
out["vars"] = [v.op.name for v in tf.global_variables()]
out["model_vars"] = len(slim.get_model_variables())
out["reg"] = [r.name for r in tf.losses.get_regularization_losses()][:3]
out["upd"] = len(tf.get_collection(tf.GraphKeys.UPDATE_OPS))
s = tf.Session(); s.run(tf.global_variables_initializer())
R({"net": net, "pred": end_points['predictions'], "b1": end_points['resnet_v1_tiny/block1'],
   "reg_total": tf.add_n(tf.losses.get_regularization_losses())}, sess=s)
""",
    "slim_resnet_v1_train_bn": NETS
    + r"""
tf.set_random_seed(8)
blocks = [resnet_v1_block('block1', base_depth=2, num_units=1, stride=2),
          resnet_v1_block('block2', base_depth=2, num_units=1, stride=1)]
x = tf.constant(IMG)
labels = tf.constant([1, 3])
with slim.arg_scope(resnet_arg_scope(batch_norm_decay=0.9)):
  logits, end_points = resnet_v1(x, blocks, num_classes=4, is_training=True)
tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
total = tf.losses.get_total_loss()
opt = tf.train.MomentumOptimizer(0.1, 0.9)
update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
with tf.control_dependencies(update_ops):
  train_op = opt.minimize(total, global_step=tf.train.get_or_create_global_step())
s = tf.Session(); s.run(tf.global_variables_initializer())
out["losses"] = [float(s.run([train_op, total])[1]) for _ in range(3)]
mm = [v for v in tf.global_variables() if 'moving_mean' in v.name]
out["mm_names"] = [v.op.name for v in mm][:4]
R({"mm0": mm[0], "mv0": [v for v in tf.global_variables() if 'moving_variance' in v.name][0],
   "logits": logits}, sess=s)
""",
    "slim_resnet_v1_output_stride": NETS
    + r"""
tf.set_random_seed(9)
blocks = [resnet_v1_block('block1', base_depth=2, num_units=1, stride=2),
          resnet_v1_block('block2', base_depth=2, num_units=1, stride=2)]
x = tf.constant(IMG)
with slim.arg_scope(resnet_arg_scope(use_batch_norm=False)):
  net, ep = resnet_v1(x, blocks, num_classes=None, global_pool=False, output_stride=8, scope='os8')
  net2, ep2 = resnet_v1(x, blocks, num_classes=None, global_pool=False, scope='nom')
  out["bad_os"] = raises(lambda: resnet_v1(x, blocks, output_stride=6, scope='bad'))
  out["bad_os2"] = raises(lambda: resnet_v1(x, blocks, output_stride=4, scope='bad2'))
out["shapes"] = [net.shape.as_list(), net2.shape.as_list()]
out["ep"] = sorted(ep)
s = tf.Session(); s.run(tf.global_variables_initializer())
R({"net": net, "net2": net2}, sess=s)
""",
    "slim_resnet_v2_forward_train": NETS
    + r"""
tf.set_random_seed(10)
blocks = [resnet_v2_block('block1', base_depth=2, num_units=2, stride=2),
          resnet_v2_block('block2', base_depth=4, num_units=1, stride=1)]
x = tf.constant(IMG)
with slim.arg_scope(resnet_arg_scope()):
  logits, end_points = resnet_v2(x, blocks, num_classes=3, is_training=True, scope='resnet_v2_tiny')
out["end_points"] = sorted(end_points)
out["vars"] = [v.op.name for v in tf.trainable_variables()]
onehot = tf.one_hot([0, 2], 3)
loss = tf.losses.softmax_cross_entropy(onehot, logits)
total = tf.losses.get_total_loss()
train_op = slim.learning.create_train_op(total, tf.train.AdamOptimizer(0.01))
s = tf.Session(); s.run(tf.global_variables_initializer())
out["losses"] = [float(s.run(train_op)) for _ in range(3)]
R({"gs": tf.train.get_global_step()}, sess=s)
""",
    "slim_vgg_a": VGG
    + r"""
tf.set_random_seed(11)
x = tf.constant(np.random.RandomState(1).uniform(0, 1, (2, 16, 16, 3)).astype(np.float32))
with slim.arg_scope(vgg_arg_scope()):
  logits, end_points = vgg_a(x, num_classes=3, is_training=False)
  logits2, _ = vgg_a(x, num_classes=3, is_training=False, reuse=True, global_pool=True, fc_conv_padding='SAME')
out["end_points"] = sorted(end_points)
out["shapes"] = [v.shape.as_list() for k, v in sorted(end_points.items())]
out["vars"] = [v.op.name for v in tf.global_variables()]
out["logits_name"] = logits.name
s = tf.Session(); s.run(tf.global_variables_initializer())
R({"logits": logits, "logits2": logits2, "reg": tf.losses.get_regularization_loss()}, sess=s)
""",
    "slim_vgg_16_head_train": VGG
    + r"""
tf.set_random_seed(12)
x = tf.constant(np.random.RandomState(2).uniform(0, 1, (4, 8, 8, 3)).astype(np.float32))
y = tf.constant([0, 1, 2, 4])
with slim.arg_scope(vgg_arg_scope()):
  logits, ep = vgg_16_head(x)
out["ep"] = sorted(ep)
slim.losses.softmax_cross_entropy(logits, tf.one_hot(y, 5))
total = slim.losses.get_total_loss()
opt = tf.train.GradientDescentOptimizer(0.5)
train_op = slim.learning.create_train_op(total, opt, clip_gradient_norm=1.0)
acc, acc_up = slim.metrics.streaming_accuracy(tf.argmax(logits, 1), y)
names_to_values, names_to_updates = slim.metrics.aggregate_metric_map({
    'mse': slim.metrics.streaming_mean_squared_error(tf.nn.softmax(logits), tf.one_hot(y, 5)),
    'mean_loss': slim.metrics.streaming_mean(total)})
s = tf.Session(); s.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
hist = []
for i in range(3):
  l = s.run(train_op)
  s.run([acc_up] + list(names_to_updates.values()))
  hist.append(float(l))
out["hist"] = hist
R({"acc": acc, "mse": names_to_values['mse'], "mean_loss": names_to_values['mean_loss']}, sess=s)
out["local"] = sorted(v.op.name for v in tf.local_variables())
""",
    "slim_mobilenet_v1": MOBILENET
    + r"""
tf.set_random_seed(13)
x = tf.constant(np.random.RandomState(3).uniform(-1, 1, (2, 16, 16, 3)).astype(np.float32))
with slim.arg_scope(mobilenet_v1_arg_scope(is_training=False)):
  logits, end_points = mobilenet_v1(x, num_classes=4, depth_multiplier=0.25, is_training=False)
out["end_points"] = sorted(end_points)
out["shapes"] = {k: v.shape.as_list() for k, v in end_points.items()}
out["vars"] = [(v.op.name, v.shape.as_list()) for v in tf.global_variables()]
out["reg"] = len(tf.losses.get_regularization_losses())
s = tf.Session(); s.run(tf.global_variables_initializer())
R({"logits": logits, "pred": end_points['Predictions'], "dw": end_points['Conv2d_2_depthwise']}, sess=s)
""",
    # BERT's embedding_lookup: `tf.expand_dims(input_ids, axis=[-1])`, an axis of one value.
    "bert_expand_dims_list_axis": """
ids = tf.constant([[3, 5, 7], [1, 2, 4]])
x = tf.expand_dims(ids, axis=[-1])
mask = tf.expand_dims(tf.ones([2, 3, 3]), axis=[1])
out["shapes"] = [x.shape.as_list(), mask.shape.as_list()]
out["names"] = [x.name, mask.name]
out["np_axis"] = tf.expand_dims(ids, np.array([0])).shape.as_list()
out["two"] = raises(lambda: tf.expand_dims(ids, axis=[1, 2]))
out["none"] = raises(lambda: tf.expand_dims(ids, axis=[]))
with tf.Session() as sess:
    out["x"] = sess.run(x).tolist()
""",
}


def raises(fn):
    """The class of what `fn` raises, or None."""
    try:
        fn()
    except Exception as exc:
        return type(exc).__name__
    return None


def run(tf, program: str) -> dict:
    out: dict = {}
    graph = tf.Graph()
    with graph.as_default():
        env = {"tf": tf, "np": np, "out": out, "raises": raises}
        exec(PRELUDE + program, env)
    return out


def main() -> None:
    import os

    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # tf.layers lives in tf_keras now
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    out = {name: run(tf, text) for name, text in PROGRAMS.items()}
    json.dump({"tensorflow": tf.__version__, "programs": out}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
