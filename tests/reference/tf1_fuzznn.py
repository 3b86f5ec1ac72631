"""Differential fuzzing of the neural-network, convolution and image ops against
TensorFlow (dev-only): small TF1 graphs drawn with fixed seeds (convolutions of every
rank and flavour, pools, normalizations, activations, resizes, patches, space/depth
shuffles, colour adjustments, non-max suppression), forward and gradients (with respect
to the input and the filter), run under `tf.compat.v1` in graph mode:

    /work/tfvenv/bin/python tests/reference/tf1_fuzznn.py \
        > tests/unit/engine/fixtures/tf1_fuzznn.json

It reuses tf1_fuzzdiff's bit-pattern encoding. The fixture holds each program and what TF
gave: each output's static shape at construction, then its dtype, shape and bits; or the
stage ("build" or "run"), class and message of what it raised. Hand-written invalid
configurations carry a `gist`, words TF's message holds (checked here while recording)
and graphgate's must hold too. tests/unit/engine/test_tf1_fuzznn.py replays them.

Each program names how its floats compare (`tol`): "exact" (data movement, max, argmax),
"linear" (multilinear in its inputs: convolutions, average pools and their gradients,
compared relative to the sum of the absolute terms, which the same program computes on
the inputs' absolute values) or "smooth" (normalizations, resizes and colour maths,
relative to the output's largest magnitude).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

# tests/reference is no package: its sibling is imported by path.
sys.path.insert(0, str(Path(__file__).parent))
import fuzzkit
import tf1_fuzzdiff as fuzz

encode, decode = fuzz.encode, fuzz.decode

# -- the ops -------------------------------------------------------------------------------
# name: builder(tf, xs, attrs) -> tensor or list of tensors, TF1's public names only.


def _conv1d(tf, xs, a):
    return tf.nn.conv1d(
        xs[0], xs[1], a["stride"], a["padding"], data_format=a["fmt"], dilations=a["dil"]
    )


def _conv2d(tf, xs, a):
    return tf.nn.conv2d(
        xs[0], xs[1], a["strides"], a["padding"], data_format=a["fmt"], dilations=a["dil"]
    )


def _conv3d(tf, xs, a):
    return tf.nn.conv3d(
        xs[0], xs[1], a["strides"], a["padding"], data_format=a["fmt"], dilations=a["dil"]
    )


def _depthwise(tf, xs, a):
    return tf.nn.depthwise_conv2d(
        xs[0], xs[1], a["strides"], a["padding"], rate=a["rate"], data_format=a["fmt"]
    )


def _separable(tf, xs, a):
    return tf.nn.separable_conv2d(
        xs[0], xs[1], xs[2], a["strides"], a["padding"], rate=a["rate"], data_format=a["fmt"]
    )


def _atrous(tf, xs, a):
    return tf.nn.atrous_conv2d(xs[0], xs[1], a["rate"], a["padding"])


def _conv2d_transpose(tf, xs, a):
    return tf.nn.conv2d_transpose(
        xs[0], xs[1], a["output_shape"], a["strides"], a["padding"], data_format=a["fmt"]
    )


def _conv3d_transpose(tf, xs, a):
    return tf.nn.conv3d_transpose(
        xs[0], xs[1], a["output_shape"], a["strides"], a["padding"], data_format=a["fmt"]
    )


def _convolution(tf, xs, a):
    return tf.nn.convolution(
        xs[0],
        xs[1],
        a["padding"],
        strides=a["strides"],
        dilation_rate=a["dil"],
        data_format=a["fmt"],
    )


def _pool(tf, xs, a):
    fn = {
        ("max", 1): tf.nn.max_pool1d,
        ("avg", 1): tf.nn.avg_pool1d,
        ("max", 2): tf.nn.max_pool,
        ("avg", 2): tf.nn.avg_pool,
        ("max", 3): tf.nn.max_pool3d,
        ("avg", 3): tf.nn.avg_pool3d,
    }[a["kind"], a["rank"]]
    return fn(xs[0], a["ksize"], a["strides"], a["padding"], data_format=a["fmt"])


def _generic_pool(tf, xs, a):
    return tf.nn.pool(
        xs[0],
        a["window"],
        a["kind"],
        a["padding"],
        dilation_rate=a["dil"],
        strides=a["strides"],
        data_format=a["fmt"],
    )


def _argmax_pool(tf, xs, a):
    out, idx = tf.nn.max_pool_with_argmax(
        xs[0],
        a["ksize"],
        a["strides"],
        a["padding"],
        include_batch_in_index=a["batch_in_index"],
        output_dtype=getattr(tf, a["index_dtype"]),
    )
    return [out, idx]


def _batch_norm(tf, xs, a):
    return tf.nn.batch_normalization(xs[0], xs[1], xs[2], xs[3], xs[4], a["eps"])


def _fused_bn(tf, xs, a):
    mean, var = (None, None) if a["training"] else (xs[3], xs[4])
    out = tf.nn.fused_batch_norm(
        xs[0],
        xs[1],
        xs[2],
        mean=mean,
        variance=var,
        epsilon=a["eps"],
        data_format=a["fmt"],
        is_training=a["training"],
    )
    return list(out)


def _moments(tf, xs, a):
    return list(tf.nn.moments(xs[0], a["axes"], keep_dims=a["keep"]))


def _weighted_moments(tf, xs, a):
    return list(tf.nn.weighted_moments(xs[0], a["axes"], xs[1], keep_dims=a["keep"]))


def _dropout(tf, xs, a):
    tf.set_random_seed(a["graph_seed"])
    return tf.nn.dropout(xs[0], rate=a["rate"], noise_shape=a["noise_shape"], seed=a["seed"])


_ACTIVATIONS = ("relu6", "crelu", "selu", "elu", "softsign", "swish", "leaky_relu", "relu")


def _activation(tf, xs, a):
    return getattr(tf.nn, a["fn"])(xs[0])


def _resize(tf, xs, a):
    if a["fn"] == "resize_images":
        method = getattr(tf.image.ResizeMethod, a["method"])
        return tf.image.resize_images(xs[0], a["size"], method, align_corners=a["align"])
    return getattr(tf.image, a["fn"])(
        xs[0], a["size"], align_corners=a["align"], half_pixel_centers=a["half"]
    )


def _crop_and_resize(tf, xs, a):
    return tf.image.crop_and_resize(
        xs[0], xs[1], xs[2], a["crop_size"], method=a["method"], extrapolation_value=a["extra"]
    )


def _patches(tf, xs, a):
    return tf.image.extract_image_patches(
        xs[0], a["ksizes"], a["strides"], a["rates"], a["padding"]
    )


def _volume_patches(tf, xs, a):
    return tf.extract_volume_patches(xs[0], a["ksizes"], a["strides"], a["padding"])


def _shuffle(tf, xs, a):
    fn = a["fn"]
    if fn == "space_to_depth":
        return tf.space_to_depth(xs[0], a["block"], data_format=a["fmt"])
    if fn == "depth_to_space":
        return tf.depth_to_space(xs[0], a["block"], data_format=a["fmt"])
    if fn == "space_to_batch_nd":
        return tf.space_to_batch_nd(xs[0], a["block"], a["pads"])
    return tf.batch_to_space_nd(xs[0], a["block"], a["crops"])


def _adjust(tf, xs, a):
    fn, x = a["fn"], xs[0]
    if fn in ("rgb_to_hsv", "hsv_to_rgb", "rgb_to_yuv", "yuv_to_rgb", "rgb_to_grayscale"):
        return getattr(tf.image, fn)(x)
    if fn in ("sobel_edges", "total_variation"):
        return getattr(tf.image, fn)(x)
    if fn == "adjust_gamma":
        return tf.image.adjust_gamma(x, a["gamma"], a["gain"])
    return getattr(tf.image, fn)(x, a["factor"])


def _nms(tf, xs, a):
    boxes, scores, n = xs[0], xs[1], a["max_out"]
    iou, thr = a["iou"], a["score_threshold"]
    version = a["version"]
    if version == "v3":
        return tf.image.non_max_suppression(boxes, scores, n, iou, thr)
    if version == "v2":
        return tf.image.non_max_suppression(boxes, scores, n, iou)
    if version == "soft":
        return list(
            tf.image.non_max_suppression_with_scores(boxes, scores, n, iou, thr, a["sigma"])
        )
    if version == "padded":
        return list(
            tf.image.non_max_suppression_padded(
                boxes, scores, n, iou, thr, pad_to_max_output_size=a["pad"]
            )
        )
    return tf.image.non_max_suppression_overlaps(boxes, scores, n, iou, thr)


def _l2_normalize(tf, xs, a):
    return tf.math.l2_normalize(xs[0], axis=a["axis"], epsilon=a["eps"])


def _lrn(tf, xs, a):
    return tf.nn.lrn(xs[0], a["radius"], a["bias"], a["alpha"], a["beta"])


def _bias_add(tf, xs, a):
    return tf.nn.bias_add(xs[0], xs[1], data_format=a["fmt"])


OPS = {
    "conv1d": _conv1d,
    "conv2d": _conv2d,
    "conv3d": _conv3d,
    "depthwise": _depthwise,
    "separable": _separable,
    "atrous": _atrous,
    "conv2d_transpose": _conv2d_transpose,
    "conv3d_transpose": _conv3d_transpose,
    "convolution": _convolution,
    "pool": _pool,
    "generic_pool": _generic_pool,
    "argmax_pool": _argmax_pool,
    "batch_norm": _batch_norm,
    "fused_bn": _fused_bn,
    "moments": _moments,
    "weighted_moments": _weighted_moments,
    "dropout": _dropout,
    "activation": _activation,
    "resize": _resize,
    "crop_and_resize": _crop_and_resize,
    "patches": _patches,
    "volume_patches": _volume_patches,
    "shuffle": _shuffle,
    "adjust": _adjust,
    "nms": _nms,
    "l2_normalize": _l2_normalize,
    "lrn": _lrn,
    "bias_add": _bias_add,
}


def build(tf, program: dict) -> tuple[list, dict]:
    """The program's graph in the default graph of `tf`: its outputs and the feed dict
    (a gradient program appends d(y)/d(each float input), fuzzkit's upstream flowing in)."""
    return fuzzkit.build(tf, program, OPS)


def observe(tf, program: dict, classes=lambda e: type(e).__name__) -> dict:
    """What `tf` gives for `program` (fuzzkit.observe)."""
    return fuzzkit.observe(tf, program, OPS, classes)


says = fuzzkit.says


# -- drawing -------------------------------------------------------------------------------


def _normal(rng, shape, dtype="float32", scale=1.0) -> np.ndarray:
    return (rng.normal(0, scale, shape)).astype(dtype)


def _program(op, inputs, attrs, *, feed=False, tol="linear", grad=None, unknown=None) -> dict:
    program = {
        "op": op,
        "attrs": attrs,
        "inputs": [encode(x) for x in inputs],
        "feed": feed,
        "tol": tol,
    }
    if grad:  # fed: TF's constant folding of oneDNN's MaxPoolGrad aborts the process
        program["grad"] = grad
        program["feed"] = True
    if unknown:
        program["unknown"] = unknown
    return program


def _choice(rng, options):
    return options[int(rng.integers(0, len(options)))]


def _padding(rng, rank: int, first: bool):
    """SAME, VALID or (2-D and 1-D only) an explicit list in the layout's order."""
    r = rng.random()
    if r < 0.4:
        return "SAME"
    if r < 0.8 or rank != 2:
        return "VALID"
    spatial = [[int(rng.integers(0, 3)), int(rng.integers(0, 3))] for _ in range(rank)]
    return [[0, 0], [0, 0], *spatial] if first else [[0, 0], *spatial, [0, 0]]


def _layout(rng, rank: int) -> tuple[str, bool]:
    first = bool(rng.random() < 0.2)
    names = {1: ("NWC", "NCW"), 2: ("NHWC", "NCHW"), 3: ("NDHWC", "NCDHW")}[rank]
    return names[first], first


def _batch(rng) -> int:
    return 0 if rng.random() < 0.07 else int(rng.integers(1, 3))


def _input(rng, n, spatial, c, first, dtype="float32"):
    shape = [n, c, *spatial] if first else [n, *spatial, c]
    return _normal(rng, shape, dtype)


def _steps(rng, rank, top=3):
    return [int(rng.integers(1, top + 1)) for _ in range(rank)]


def _conv_case(rng, rank: int) -> tuple:
    fmt, first = _layout(rng, rank)
    spatial = [int(rng.integers(1, 8 if rank < 3 else 5)) for _ in range(rank)]
    k = [int(rng.integers(1, 5 if rank < 3 else 3)) for _ in range(rank)]
    cin, cout = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    strides = _steps(rng, rank)
    dil = [1] * rank if rng.random() < 0.6 else _steps(rng, rank, 2)
    if rng.random() < 0.7:
        strides = strides if dil == [1] * rank else [1] * rank  # TF refuses both on CPU
    dtype = "float32" if rng.random() < 0.8 else str(_choice(rng, ("float64", "float16")))
    x = _input(rng, _batch(rng), spatial, cin, first, dtype)
    f = _normal(rng, [*k, cin, cout], dtype)
    return fmt, first, strides, dil, x, f


def _nonempty(x: np.ndarray) -> np.ndarray:
    """`x`, or ones in a batch of one for an empty batch: TF's depthwise filter gradient of
    an empty batch is uninitialized memory, different at each run (graphgate's is 0)."""
    return x if x.shape[0] else np.ones([1, *x.shape[1:]], x.dtype)


def _convs(rng) -> list:
    programs = []
    for i in range(40):
        fmt, first, strides, dil, x, f = _conv_case(rng, 2)
        attrs = {"strides": strides, "padding": _padding(rng, 2, first), "fmt": fmt, "dil": dil}
        if first:  # NCHW strides and dilations lists in its order
            attrs["strides"] = [1, 1, *strides]
            attrs["dil"] = [1, 1, *dil]
        else:
            attrs["strides"] = [1, *strides, 1]
            attrs["dil"] = [1, *dil, 1]
        feed = bool(rng.random() < 0.5)
        unknown = [[0, 0]] if feed and rng.random() < 0.5 else None
        programs.append(_program("conv2d", [x, f], attrs, feed=feed, unknown=unknown))
        if i % 2 == 0:
            programs.append(_program("conv2d", [x, f], attrs, feed=True, grad=[0, 1]))
    for i in range(16):
        fmt, first, strides, dil, x, f = _conv_case(rng, 1)
        attrs = {"stride": strides[0], "padding": _choice(rng, ("SAME", "VALID")), "fmt": fmt}
        attrs["dil"] = dil[0]
        programs.append(_program("conv1d", [x, f], attrs, grad=[0, 1] if i % 2 else None))
    for i in range(16):
        fmt, first, strides, dil, x, f = _conv_case(rng, 3)
        attrs = {"padding": _choice(rng, ("SAME", "VALID")), "fmt": fmt}
        attrs["strides"] = [1, 1, *strides] if first else [1, *strides, 1]
        attrs["dil"] = [1, 1, *dil] if first else [1, *dil, 1]
        programs.append(_program("conv3d", [x, f], attrs, grad=[0, 1] if i % 2 else None))
    for i in range(16):
        fmt, first, strides, dil, x, f = _conv_case(rng, 2)
        f = f[..., :1] * np.ones(int(rng.integers(1, 3)), f.dtype)  # channel multiplier
        f = f + _normal(rng, f.shape, f.dtype)
        attrs = {"padding": _choice(rng, ("SAME", "VALID")), "fmt": fmt}
        s = strides[0]  # TF's depthwise kernel takes equal strides only
        attrs["strides"] = [1, 1, s, s] if first else [1, s, s, 1]
        attrs["rate"] = dil if s == 1 else None
        if i % 2:
            x = _nonempty(x)
        programs.append(_program("depthwise", [x, f], attrs, grad=[0, 1] if i % 2 else None))
    for i in range(10):
        fmt, first, strides, dil, x, f = _conv_case(rng, 2)
        cin, m = f.shape[2], int(rng.integers(1, 3))
        df = _normal(rng, [*f.shape[:2], cin, m], f.dtype)
        pf = _normal(rng, [1, 1, cin * m, int(rng.integers(1, 4))], f.dtype)
        s = int(rng.integers(1, 3))
        attrs = {"padding": _choice(rng, ("SAME", "VALID")), "fmt": fmt}
        attrs["strides"] = [1, s, s, 1] if not first else [1, 1, s, s]
        attrs["rate"] = dil if s == 1 else None
        grad = [0, 1, 2] if i % 2 else None
        x = _nonempty(x) if grad else x
        programs.append(_program("separable", [x, df, pf], attrs, grad=grad))
    for i in range(8):
        x = _normal(rng, [_batch(rng), *_steps(rng, 2, 7), int(rng.integers(1, 3))])
        f = _normal(rng, [*_steps(rng, 2, 3), x.shape[3], int(rng.integers(1, 3))])
        attrs = {"rate": int(rng.integers(1, 4)), "padding": _choice(rng, ("SAME", "VALID"))}
        programs.append(_program("atrous", [x, f], attrs, grad=[0, 1] if i % 2 else None))
    programs += _transposes(rng)
    for i in range(14):
        rank = int(rng.integers(1, 4))
        fmt, first, strides, dil, x, f = _conv_case(rng, rank)
        pad = _choice(rng, ("SAME", "VALID"))
        attrs = {"padding": pad, "fmt": fmt, "strides": strides, "dil": dil}
        programs.append(_program("convolution", [x, f], attrs, grad=[0, 1] if i % 2 else None))
    return programs


def _transpose_case(rng, rank: int) -> tuple:
    """Input, filter and an output_shape that fits it, is one off, or is of the other rank."""
    n, cin, cout = _batch(rng), int(rng.integers(1, 4)), int(rng.integers(1, 4))
    out = [int(rng.integers(1, 8 if rank == 2 else 5)) for _ in range(rank)]
    k = [int(rng.integers(1, 4)) for _ in range(rank)]
    s = [int(rng.integers(1, 4)) for _ in range(rank)]
    pad = _choice(rng, ("SAME", "VALID"))
    if pad == "SAME":
        size = [-(-o // st) for o, st in zip(out, s, strict=True)]
    else:
        size = [max(0, (o - kk) // st + 1) for o, kk, st in zip(out, k, s, strict=True)]
    size = [max(1, v) for v in size]
    x = _normal(rng, [n, *size, cin])
    f = _normal(rng, [*k, cout, cin])
    output_shape = [n, *out, cout]
    r = rng.random()
    if r < 0.15:
        output_shape[1] += 1  # an output the input does not come from
    elif r < 0.25:
        output_shape[-1] += 1  # channels the filter does not have
    return x, f, output_shape, [1, *s, 1], pad


def _transposes(rng) -> list:
    programs = []
    for i in range(20):
        x, f, output_shape, strides, pad = _transpose_case(rng, 2)
        attrs = {"output_shape": output_shape, "strides": strides, "padding": pad, "fmt": "NHWC"}
        programs.append(_program("conv2d_transpose", [x, f], attrs, grad=[0, 1] if i % 2 else None))
    for i in range(10):
        x, f, output_shape, strides, pad = _transpose_case(rng, 3)
        attrs = {"output_shape": output_shape, "strides": strides, "padding": pad, "fmt": "NDHWC"}
        programs.append(_program("conv3d_transpose", [x, f], attrs, grad=[0, 1] if i % 2 else None))
    return programs


def _pool_input(rng, rank, first, ties: bool):
    n, c = _batch(rng), int(rng.integers(1, 3))
    spatial = [int(rng.integers(1, 7 if rank < 3 else 5)) for _ in range(rank)]
    x = _input(rng, n, spatial, c, first)
    if ties:  # few distinct values: windows with equal maxima
        x = np.round(x).astype("float32")
    return x


def _pools(rng) -> list:
    programs = []
    for i in range(60):
        rank = int(rng.integers(1, 4))
        fmt, first = _layout(rng, rank)
        kind = _choice(rng, ("max", "avg"))
        x = _pool_input(rng, rank, first, ties=kind == "max" and rng.random() < 0.5)
        if i % 2 and kind == "max" and x.shape[0] == 0:
            x = np.ones([1, *x.shape[1:]], x.dtype)  # TF aborts on an empty MaxPoolGrad
        k, s = _steps(rng, rank, 4), _steps(rng, rank, 4)
        ksize, strides = ([1, 1, *k], [1, 1, *s]) if first else ([1, *k, 1], [1, *s, 1])
        pad = _choice(rng, ("SAME", "VALID"))
        attrs = {"kind": kind, "rank": rank, "ksize": ksize, "strides": strides}
        attrs.update(padding=pad, fmt=fmt)
        tol = "exact" if kind == "max" else "linear"
        programs.append(_program("pool", [x], attrs, tol=tol, grad=[0] if i % 2 else None))
    for i in range(10):
        x = _pool_input(rng, 2, False, ties=True)
        attrs = {"kind": _choice(rng, ("MAX", "AVG")), "window": _steps(rng, 2, 3)}
        attrs.update(padding=_choice(rng, ("SAME", "VALID")), fmt="NHWC")
        if rng.random() < 0.5:
            attrs.update(dil=_steps(rng, 2, 2), strides=None)
        else:
            attrs.update(dil=None, strides=_steps(rng, 2, 3))
        tol = "exact" if attrs["kind"] == "MAX" else "linear"
        programs.append(_program("generic_pool", [x], attrs, tol=tol, grad=[0] if i % 2 else None))
    for i in range(20):
        x = _pool_input(rng, 2, False, ties=bool(rng.random() < 0.6))
        attrs = {
            "ksize": [1, *_steps(rng, 2, 3), 1],
            "strides": [1, *_steps(rng, 2, 3), 1],
            "padding": _choice(rng, ("SAME", "VALID")),
            "batch_in_index": bool(rng.random() < 0.5),
            "index_dtype": _choice(rng, ("int64", "int32")),
        }
        programs.append(
            _program("argmax_pool", [x], attrs, tol="exact", grad=[0] if i % 2 else None)
        )
    return programs


def _norms(rng) -> list:
    programs = []
    for i in range(10):
        x = _normal(rng, [_batch(rng) + 1, 3, 4], scale=3.0)
        c = [x.shape[-1]]
        mean, var = _normal(rng, c), np.abs(_normal(rng, c)).astype("float32")
        offset, scale = _normal(rng, c), _normal(rng, c)
        attrs = {"eps": float(_choice(rng, (1e-3, 1e-5, 0.5)))}
        ins = [x, mean, var, offset, scale]
        programs.append(
            _program(
                "batch_norm", ins, attrs, tol="smooth", grad=[0, 1, 2, 3, 4] if i % 2 else None
            )
        )
    for i in range(24):
        fmt = _choice(rng, ("NHWC", "NCHW"))
        dtype = _choice(rng, ("float32", "float16"))
        shape = [int(rng.integers(1, 3)), int(rng.integers(1, 4)), int(rng.integers(1, 4)), 3]
        if fmt == "NCHW":
            shape = [shape[0], 3, shape[1], shape[2]]
        x = _normal(rng, shape, dtype, 2.0) + np.float32(1.0).astype(dtype)
        scale, offset = _normal(rng, [3]), _normal(rng, [3])
        mean, var = _normal(rng, [3]), np.abs(_normal(rng, [3])).astype("float32") + 0.1
        training = bool(rng.random() < 0.5)
        attrs = {"eps": 1e-3, "fmt": fmt, "training": training}
        grad = [0, 1, 2] if i % 2 and dtype == "float32" else None
        # Fed: TF's constant folding of an inference FusedBatchNormV3 fails ("does not
        # have output 1").
        ins = [x, scale, offset, mean, var]
        programs.append(_program("fused_bn", ins, attrs, feed=True, tol="smooth", grad=grad))
    for i in range(12):
        rank = int(rng.integers(1, 4))
        x = _normal(rng, _steps(rng, rank, 4), scale=2.0) + 5.0
        axes = sorted({int(a) for a in rng.integers(0, rank, int(rng.integers(1, rank + 1)))})
        attrs = {"axes": axes, "keep": bool(rng.random() < 0.5)}
        programs.append(_program("moments", [x], attrs, tol="smooth", grad=[0] if i % 2 else None))
        w = np.abs(_normal(rng, x.shape)).astype("float32")
        if rng.random() < 0.3:
            w = w[..., :1]  # broadcast frequency weights
        programs.append(_program("weighted_moments", [x, w], attrs, tol="smooth"))
    for i in range(10):
        x = _normal(rng, [2, 3, 4])
        if rng.random() < 0.3:
            x[0] = 0.0  # norms of zeros, where epsilon decides
        attrs = {"axis": int(rng.integers(-3, 3)), "eps": float(_choice(rng, (1e-12, 0.1)))}
        programs.append(
            _program("l2_normalize", [x], attrs, tol="smooth", grad=[0] if i % 2 else None)
        )
        x4 = _normal(rng, [1, 2, 2, int(rng.integers(1, 7))], scale=2.0)
        attrs = {
            "radius": int(rng.integers(0, 4)),
            "bias": float(_choice(rng, (1.0, 2.0, 0.5))),
            "alpha": float(_choice(rng, (1.0, 1e-4, 0.3))),
            "beta": float(_choice(rng, (0.5, 0.75, 1.0))),
        }
        programs.append(_program("lrn", [x4], attrs, tol="smooth", grad=[0] if i % 2 else None))
    for i in range(8):
        fmt = _choice(rng, ("NHWC", "NCHW", "NCHW3"))
        if fmt == "NCHW3":  # a rank-3 input in NCHW: the channel is dim 1 still
            x, b, fmt = _normal(rng, [2, 3, 4]), _normal(rng, [3]), "NCHW"
        elif fmt == "NCHW":
            x, b = _normal(rng, [2, 3, 2, 2]), _normal(rng, [3])
        else:
            x, b = _normal(rng, [2, 2, 3]), _normal(rng, [3])
        programs.append(_program("bias_add", [x, b], {"fmt": fmt}, grad=[0, 1] if i % 2 else None))
    return programs


def _activations(rng) -> list:
    programs = []
    for fn in _ACTIVATIONS:
        for dtype in ("float32", "float64", "float16"):
            x = _normal(rng, [2, 3], dtype, 4.0)
            x.flat[:3] = [0.0, -0.0, 6.0]
            programs.append(_program("activation", [x], {"fn": fn}, tol="smooth", grad=[0]))
    for _ in range(12):
        x = _normal(rng, [2, 3, 4])
        rate = float(_choice(rng, (0.0, 0.25, 0.5, 0.9)))
        noise = _choice(rng, (None, [2, 1, 4], [1, 3, 1], [2, 3, 4]))
        attrs = {"rate": rate, "noise_shape": noise, "graph_seed": int(rng.integers(0, 100))}
        attrs["seed"] = int(rng.integers(0, 100)) if rng.random() < 0.8 else None
        programs.append(_program("dropout", [x], attrs, tol="smooth"))
    return programs


_RESIZE_METHODS = ("BILINEAR", "NEAREST_NEIGHBOR", "BICUBIC", "AREA")


def _images(rng) -> list:
    programs = []
    for i in range(30):
        img = (rng.random([int(rng.integers(1, 3)), *_steps(rng, 2, 6), 2]) * 255).astype(
            _choice(rng, ("float32", "uint8", "float64"))
        )
        size = _steps(rng, 2, 8)
        r = rng.random()
        if r < 0.4:
            method = _RESIZE_METHODS[i % 4]
            attrs = {"fn": "resize_images", "method": method, "size": size}
            attrs["align"] = bool(rng.random() < 0.3)
        else:
            fn = ("resize_bilinear", "resize_nearest_neighbor", "resize_bicubic")[i % 3]
            half = bool(rng.random() < 0.5)
            align = not half and bool(rng.random() < 0.4)
            attrs = {"fn": fn, "size": size, "align": align, "half": half}
        tol = "exact" if "NEAREST" in attrs.get("method", attrs["fn"]).upper() else "smooth"
        programs.append(_program("resize", [img], attrs, tol=tol))
        if tol == "smooth" and img.dtype.name == "float32" and attrs.get("method") != "AREA":
            programs.append(_program("resize", [img], attrs, tol=tol, grad=[0], feed=True))
    for i in range(12):
        img = _normal(rng, [2, *_steps(rng, 2, 5), 2])
        nb = int(rng.integers(0, 4))
        boxes = rng.uniform(-0.3, 1.3, [nb, 4]).astype("float32")
        idx = rng.integers(0, 2, nb).astype("int32")
        method = _choice(rng, ("bilinear", "nearest"))
        attrs = {"crop_size": _steps(rng, 2, 4), "method": method, "extra": 0.5}
        programs.append(
            _program(
                "crop_and_resize",
                [img, boxes, idx],
                attrs,
                tol="smooth",
                grad=[0, 1] if i % 2 and method == "bilinear" else None,
            )
        )
    for i in range(14):
        img = _normal(rng, [int(rng.integers(1, 3)), *_steps(rng, 2, 6), int(rng.integers(1, 3))])
        attrs = {
            "ksizes": [1, *_steps(rng, 2, 3), 1],
            "strides": [1, *_steps(rng, 2, 3), 1],
            "rates": [1, *_steps(rng, 2, 2), 1],
            "padding": _choice(rng, ("SAME", "VALID")),
        }
        programs.append(
            _program("patches", [img], attrs, tol="linear", grad=[0] if i % 2 else None)
        )
    for i in range(6):
        vol = _normal(rng, [1, *_steps(rng, 3, 4), 2])
        attrs = {
            "ksizes": [1, *_steps(rng, 3, 2), 1],
            "strides": [1, *_steps(rng, 3, 2), 1],
            "padding": _choice(rng, ("SAME", "VALID")),
        }
        programs.append(
            _program("volume_patches", [vol], attrs, tol="exact", grad=[0] if i % 2 else None)
        )
    for size, k, stride in ((3, 1, 3), (5, 1, 5), (5, 2, 4), (4, 3, 1)):
        vol = np.arange(size * 4 * 2, dtype="float32").reshape(1, size, 2, 2, 2)
        attrs = {"ksizes": [1, k, 1, 2, 1], "strides": [1, stride, 1, 1, 1], "padding": "SAME"}
        programs.append(_program("volume_patches", [vol], attrs, tol="exact", grad=[0]))
    programs += _shuffles(rng)
    programs += _adjustments(rng)
    return programs


def _shuffles(rng) -> list:
    programs = []
    for i in range(24):
        fn = ("space_to_depth", "depth_to_space", "space_to_batch_nd", "batch_to_space_nd")[i % 4]
        b = int(rng.integers(1, 4))
        fmt = _choice(rng, ("NHWC", "NCHW"))
        if fn == "space_to_depth":
            hw = [b * int(rng.integers(1, 3)) + (1 if rng.random() < 0.15 else 0) for _ in "hw"]
            shape = [1, 2, *hw] if fmt == "NCHW" else [1, *hw, 2]
            attrs = {"fn": fn, "block": max(b, 2), "fmt": fmt}
        elif fn == "depth_to_space":
            c = b * b * int(rng.integers(1, 3)) + (1 if rng.random() < 0.15 else 0)
            shape = [1, c, 2, 1] if fmt == "NCHW" else [1, 2, 1, c]
            attrs = {"fn": fn, "block": max(b, 2), "fmt": fmt}
        elif fn == "space_to_batch_nd":
            block = _steps(rng, 2, 3)
            pads = [[int(rng.integers(0, 3)), int(rng.integers(0, 3))] for _ in "hw"]
            hw = [int(rng.integers(1, 6)) for _ in "hw"]
            shape = [2, *hw, 1]
            attrs = {"fn": fn, "block": block, "pads": pads}
        else:
            block = _steps(rng, 2, 3)
            shape = [int(np.prod(block)) * int(rng.integers(1, 3)), 2, 3, 1]
            crops = [[int(rng.integers(0, 2)), int(rng.integers(0, 2))] for _ in "hw"]
            attrs = {"fn": fn, "block": block, "crops": crops}
        x = np.arange(int(np.prod(shape)), dtype="float32").reshape(shape)
        programs.append(
            _program("shuffle", [x], attrs, tol="exact", grad=[0] if i % 3 == 0 else None)
        )
    return programs


def _adjustments(rng) -> list:
    programs = []
    fns = (
        *("adjust_brightness", "adjust_contrast", "adjust_hue", "adjust_saturation"),
        *("adjust_gamma", "rgb_to_hsv", "hsv_to_rgb", "rgb_to_yuv", "yuv_to_rgb"),
        *("rgb_to_grayscale", "sobel_edges", "total_variation"),
    )
    for fn in fns:
        for i in range(3):
            dtype = _choice(rng, ("float32", "float32", "uint8", "float64"))
            shape = [2, *_steps(rng, 2, 4), 3] if fn != "hsv_to_rgb" else [3, 3]
            if fn in ("rgb_to_hsv", "rgb_to_yuv", "rgb_to_grayscale", "yuv_to_rgb"):
                shape = shape[1:] if rng.random() < 0.5 else shape
            img = rng.random(shape)
            if i == 0:
                img[..., 1] = img[..., 0]  # grays and ties between channels
            img = (img * 255).astype("uint8") if dtype == "uint8" else img.astype(dtype)
            if fn in ("rgb_to_hsv", "hsv_to_rgb", "rgb_to_yuv", "yuv_to_rgb", "sobel_edges"):
                img = img.astype("float32") if dtype == "uint8" else img
            attrs = {"fn": fn, "factor": float(_choice(rng, (-0.3, 0.0, 0.4, 1.7)))}
            attrs.update(gamma=float(_choice(rng, (0.5, 1.0, 2.2))), gain=1.0)
            grad = [0] if i == 1 and img.dtype.kind == "f" and fn != "adjust_hue" else None
            programs.append(_program("adjust", [img], attrs, tol="smooth", grad=grad))
    return programs


def _boxes(rng, n):
    """Boxes on a coarse grid (so overlaps tie), corners in either order."""
    y1, x1 = rng.integers(0, 4, n) / 4, rng.integers(0, 4, n) / 4
    h, w = rng.integers(1, 4, n) / 4, rng.integers(1, 4, n) / 4
    boxes = np.stack([y1, x1, y1 + h, x1 + w], 1)
    flip = rng.random(n) < 0.2
    boxes[flip] = boxes[flip][:, [2, 3, 0, 1]]
    return boxes.astype("float32")


def _nms_programs(rng) -> list:
    programs = []
    for i in range(30):
        n = int(rng.integers(0, 8))
        boxes = _boxes(rng, n)
        scores = rng.integers(0, 5, n).astype("float32") / 4  # ties
        version = ("v2", "v3", "soft", "padded", "overlaps")[i % 5]
        attrs = {
            "version": version,
            "max_out": int(rng.integers(0, 6)),
            "iou": float(_choice(rng, (0.0, 0.3, 0.5, 1.0))),
            "score_threshold": float(_choice(rng, (float("-inf"), 0.25, 0.5))),
            "sigma": float(_choice(rng, (0.0, 0.5))),
            "pad": bool(rng.random() < 0.5),
        }
        if version == "overlaps":
            boxes = rng.random([n, n]).astype("float32")
        tol = "smooth" if version == "soft" else "exact"
        programs.append(_program("nms", [boxes, scores], attrs, tol=tol))
    return programs


# -- invalid configurations: TF's class and a gist of its message, at construction -----------


def _bad(op, inputs, attrs, gist: list | None, feed=False) -> dict:
    """An invalid configuration; `gist`: words TF's message holds (each a "|"-separated
    choice of spellings: TF's "rank 4" is graphgate's "4-D"), graphgate's must too."""
    program = _program(op, inputs, attrs, feed=feed)
    program["gist"] = gist
    return program


def _invalid(rng) -> list:
    x4, f4 = _normal(rng, [1, 5, 5, 2]), _normal(rng, [3, 3, 2, 4])
    c2 = {"strides": [1, 1, 1, 1], "padding": "VALID", "fmt": "NHWC", "dil": [1, 1, 1, 1]}
    big = _normal(rng, [6, 6, 2, 1])
    return [
        _bad("conv2d", [x4, _normal(rng, [3, 3, 3, 4])], c2, ["filter", "2", "3"]),
        _bad("conv2d", [x4, f4], {**c2, "padding": "FULL"}, ["padding"]),
        _bad("conv2d", [x4, f4], {**c2, "strides": [2, 1, 1, 1]}, ["strides", "batch", "depth"]),
        _bad("conv2d", [x4, f4], {**c2, "strides": [1, 0, 1, 1]}, ["stride", "0"]),
        _bad("conv2d", [x4, f4], {**c2, "strides": [1, 1, 1]}, ["strides"]),
        _bad("conv2d", [x4, f4], {**c2, "dil": [1, 2, 2, 1], "strides": [1, 2, 2, 1]}, None),
        _bad("conv2d", [x4, f4], {**c2, "dil": [2, 1, 1, 1]}, ["dilations", "batch", "depth"]),
        _bad("conv2d", [x4, big], c2, ["6", "5"]),
        _bad("conv2d", [x4, f4], {**c2, "padding": [[0, 0], [1, 1], [1, 1]]}, ["padding"]),
        _bad(
            "conv2d",
            [x4, f4],
            {**c2, "padding": [[1, 1], [1, 1], [1, 1], [0, 0]]},
            ["explicit", "padding", "batch", "depth"],
        ),
        _bad(
            "conv2d",
            [x4, f4],
            {**c2, "padding": [[0, 0], [-1, 1], [1, 1], [0, 0]]},
            ["explicit", "padding", "negative"],
        ),
        _bad("conv2d", [x4[0], f4], c2, ["rank 4"]),
        _bad("conv2d", [x4, f4.astype("float64")], c2, ["float64"]),
        _bad("conv2d", [x4.astype("int32"), f4.astype("int32")], c2, None),
        _bad("conv2d", [x4, f4], {**c2, "fmt": "NWHC"}, ["data_format"]),
        _bad("conv2d", [x4, big], c2, ["6", "5"], feed=True),
        _bad(
            "conv2d_transpose",
            [x4, _normal(rng, [3, 3, 4, 2])],
            {
                "output_shape": [1, 5, 5, 4],
                "strides": [1, 1, 1, 1],
                "padding": "SAME",
                "fmt": "NHWC",
            },
            None,
        ),
        _bad(
            "conv2d_transpose",
            [x4, _normal(rng, [3, 3, 4, 3])],
            {
                "output_shape": [1, 5, 5, 4],
                "strides": [1, 1, 1, 1],
                "padding": "SAME",
                "fmt": "NHWC",
            },
            ["dimension", "2", "3"],
        ),
        _bad(
            "conv2d_transpose",
            [x4, _normal(rng, [3, 3, 4, 2])],
            {"output_shape": [1, 5, 5], "strides": [1, 1, 1, 1], "padding": "SAME", "fmt": "NHWC"},
            ["sizes", "4"],
        ),
        _bad(
            "depthwise",
            [x4, _normal(rng, [2, 2, 3, 1])],
            {"strides": [1, 1, 1, 1], "padding": "VALID", "fmt": "NHWC", "rate": None},
            ["dimension", "2", "3"],
        ),
        _bad(
            "depthwise",
            [x4, _normal(rng, [2, 2, 2, 1])],
            {"strides": [1, 2, 1, 1], "padding": "VALID", "fmt": "NHWC", "rate": None},
            None,
        ),
        _bad(
            "pool",
            [x4],
            {
                "kind": "max",
                "rank": 2,
                "ksize": [2, 2, 2, 1],
                "strides": [1, 1, 1, 1],
                "padding": "VALID",
                "fmt": "NHWC",
            },
            ["batch"],
        ),
        _bad(
            "pool",
            [x4],
            {
                "kind": "avg",
                "rank": 2,
                "ksize": [1, 6, 6, 1],
                "strides": [1, 1, 1, 1],
                "padding": "VALID",
                "fmt": "NHWC",
            },
            ["6", "5"],
        ),
        _bad(
            "pool",
            [x4],
            {
                "kind": "max",
                "rank": 2,
                "ksize": [1, 0, 2, 1],
                "strides": [1, 1, 1, 1],
                "padding": "VALID",
                "fmt": "NHWC",
            },
            ["ksize"],
        ),
        _bad(
            "pool",
            [x4],
            {
                "kind": "max",
                "rank": 2,
                "ksize": [1, 2, 2, 1],
                "strides": [1, 1, 1, 1],
                "padding": "EXPLICIT",
                "fmt": "NHWC",
            },
            ["explicit"],
        ),
        _bad(
            "shuffle",
            [_normal(rng, [1, 3, 4, 2])],
            {"fn": "space_to_depth", "block": 2, "fmt": "NHWC"},
            ["divisible by 2"],
        ),
        _bad(
            "shuffle",
            [_normal(rng, [1, 4, 4, 2])],
            {"fn": "space_to_depth", "block": 1, "fmt": "NHWC"},
            ["block_size"],
        ),
        _bad(
            "shuffle",
            [_normal(rng, [1, 2, 2, 6])],
            {"fn": "depth_to_space", "block": 2, "fmt": "NHWC"},
            ["divisible by 4"],
        ),
        _bad(
            "shuffle",
            [_normal(rng, [3, 2, 2, 1])],
            {"fn": "batch_to_space_nd", "block": [2, 1], "crops": [[0, 0], [0, 0]]},
            ["divisible by 2"],
        ),
        _bad(
            "shuffle",
            [_normal(rng, [1, 3, 2, 1])],
            {"fn": "space_to_batch_nd", "block": [2, 1], "pads": [[0, 0], [0, 0]]},
            ["divisible", "2", "3"],
        ),
        _bad(
            "resize",
            [_normal(rng, [1, 2, 2, 1])],
            {"fn": "resize_bilinear", "size": [3, 3], "align": True, "half": True},
            ["align_corners"],
        ),
        _bad(
            "resize",
            [_normal(rng, [2, 2, 1])],
            {"fn": "resize_bilinear", "size": [3, 3], "align": False, "half": False},
            ["rank 4|4-D"],
        ),
        _bad(
            "resize",
            [_normal(rng, [1, 2, 2, 1])],
            {"fn": "resize_bilinear", "size": [3], "align": False, "half": False},
            ["2|two"],
        ),
        _bad(
            "resize",
            [_normal(rng, [1, 2, 2, 1])],
            {"fn": "resize_bilinear", "size": [0, 3], "align": False, "half": False},
            ["positive"],
        ),
        _bad(
            "fused_bn",
            [_normal(rng, [2, 2, 3]), *[_normal(rng, [3])] * 4],
            {"eps": 1e-3, "fmt": "NHWC", "training": True},
            ["rank 4|4-D"],
        ),
        _bad(
            "fused_bn",
            [_normal(rng, [1, 2, 2, 3]), *[_normal(rng, [2])] * 4],
            {"eps": 1e-3, "fmt": "NHWC", "training": False},
            ["dimension", "3", "2"],
        ),
        _bad(
            "bias_add",
            [_normal(rng, [2, 3]), _normal(rng, [2])],
            {"fmt": "NHWC"},
            ["dimension", "3", "2"],
        ),
        _bad("bias_add", [_normal(rng, [3]), _normal(rng, [3])], {"fmt": "NHWC"}, ["rank", "2"]),
        _bad(
            "lrn",
            [_normal(rng, [2, 3])],
            {"radius": 1, "bias": 1.0, "alpha": 1.0, "beta": 0.5},
            ["rank 4|4-D"],
        ),
        _bad(
            "dropout",
            [_normal(rng, [2, 3])],
            {"rate": 1.0, "noise_shape": None, "graph_seed": 1, "seed": 1},
            ["rate"],
        ),
        _bad(
            "dropout",
            [_normal(rng, [2, 3])],
            {"rate": 0.5, "noise_shape": [3, 3], "graph_seed": 1, "seed": 1},
            ["3", "2"],
        ),
        _bad(
            "crop_and_resize",
            [_normal(rng, [1, 3, 3, 1]), _normal(rng, [1, 4]), np.array([1], "int32")],
            {"crop_size": [2, 2], "method": "bilinear", "extra": 0.0},
            ["box_ind", "outside"],
        ),
        _bad(
            "crop_and_resize",
            [_normal(rng, [1, 3, 3, 1]), _normal(rng, [1, 4]), np.array([0], "int32")],
            {"crop_size": [0, 2], "method": "bilinear", "extra": 0.0},
            ["crop", "positive"],
        ),
        _bad(
            "patches",
            [_normal(rng, [1, 3, 3, 1])],
            {
                "ksizes": [1, 4, 4, 1],
                "strides": [1, 1, 1, 1],
                "rates": [1, 1, 1, 1],
                "padding": "VALID",
            },
            None,
        ),
        _bad(
            "patches",
            [_normal(rng, [1, 3, 3, 1])],
            {
                "ksizes": [2, 2, 2, 1],
                "strides": [1, 1, 1, 1],
                "rates": [1, 1, 1, 1],
                "padding": "VALID",
            },
            ["ksizes", "across space"],
        ),
        _bad(
            "nms",
            [_normal(rng, [3, 4]), _normal(rng, [2])],
            {
                "version": "v3",
                "max_out": 2,
                "iou": 0.5,
                "score_threshold": 0.0,
                "sigma": 0.0,
                "pad": False,
            },
            ["3", "2"],
        ),
        _bad(
            "nms",
            [_normal(rng, [3, 4]), _normal(rng, [3])],
            {
                "version": "v3",
                "max_out": 2,
                "iou": 1.5,
                "score_threshold": 0.0,
                "sigma": 0.0,
                "pad": False,
            },
            ["iou_threshold"],
        ),
        _bad(
            "nms",
            [_normal(rng, [3, 4]), _normal(rng, [3])],
            {
                "version": "v2",
                "max_out": -1,
                "iou": 0.5,
                "score_threshold": 0.0,
                "sigma": 0.0,
                "pad": False,
            },
            ["non-negative"],
        ),
        _bad(
            "conv3d",
            [_normal(rng, [1, 3, 3, 3, 1]), _normal(rng, [2, 2, 2, 2, 1])],
            {
                "strides": [1, 1, 1, 1, 1],
                "padding": "VALID",
                "fmt": "NDHWC",
                "dil": [1, 1, 1, 1, 1],
            },
            ["filter", "1", "2"],
        ),
        _bad(
            "conv1d",
            [_normal(rng, [1, 4, 2]), _normal(rng, [5, 2, 1])],
            {"stride": 1, "padding": "VALID", "fmt": "NWC", "dil": 1},
            ["5", "4"],
        ),
    ]


FAMILIES = {
    "convs": _convs,
    "pools": _pools,
    "norms": _norms,
    "activations": _activations,
    "images": _images,
    "nms": _nms_programs,
    "invalid": _invalid,
}


def programs() -> dict:
    """Every family's programs, each drawn from a generator seeded by the family's name."""
    return fuzzkit.programs(FAMILIES)


def main() -> None:
    fuzzkit.record(programs(), observe)


if __name__ == "__main__":
    main()
