"""TF1 image ops and small integer dtypes, run unchanged with `tf` = tensorflow.compat.v1
(this script, dev-only) and with `tf` = graphgate (tests/unit/engine/test_tf1_image.py).

    /work/tfvenv/bin/python tests/reference/tf1_image.py \
        > tests/unit/engine/fixtures/tf1_image.json

Cases and recording as in tf1_math.py (whose helpers this reuses): values, dtypes, static
shapes, op names and the gradients of a weighted sum of the float outputs to the float
inputs; an error case stores the class of what TensorFlow raises while building.
"""

from __future__ import annotations

import importlib.util
import json
import pathlib
import sys

import numpy as np

_spec = importlib.util.spec_from_file_location(
    "tf1_math", pathlib.Path(__file__).with_name("tf1_math.py")
)
_math = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_math)
scalar, run_case, raised, json_safe = _math.scalar, _math.run_case, _math.raised, _math._json_safe

CASES: dict = {}
ERRORS: dict = {}


def case(**arrays):
    def register(build):
        CASES[build.__name__] = (arrays, build)
        return build

    return register


def refused(build):
    ERRORS[build.__name__] = build
    return build


_rng = np.random.default_rng(2026)
SMALL = ("uint8", "int8", "int16", "uint16", "uint32", "uint64")
_F = np.array(
    [-300.7, -129.5, -1.5, -0.5, 0.5, 1.7, 127.9, 128.5, 255.5, 256.0, 300.2, 7e4, 5e9, -5e9],
    np.float32,
)
_I = np.array([-300, -129, -1, 0, 1, 127, 128, 255, 256, 70000, 2**31 - 1], np.int32)
IMG = _rng.uniform(0, 1, (2, 4, 6, 3)).astype(np.float32)
IMG3 = _rng.uniform(0, 1, (5, 7, 3)).astype(np.float32)
U8 = _rng.integers(0, 256, (2, 4, 6, 3)).astype(np.uint8)
U8_3 = _rng.integers(0, 256, (5, 7, 3)).astype(np.uint8)


# -- dtypes -----------------------------------------------------------------------------------


@case(x=np.array([-128.9, -1.5, -0.5, 0.0, 0.7, 1.5, 99.99, 127.9], np.float32))
def cast_float_to_small(tf, x):
    # In range only: beyond it TF's result depends on its loop (see test_tf1_image.py).
    out = {d: tf.cast(x, getattr(tf, d)) for d in ("int8", "int16")}
    out.update({d: tf.cast(tf.abs(x), getattr(tf, d)) for d in SMALL if d[0] == "u"})
    out["f64"] = tf.cast(tf.cast(x, tf.float64) * 200, tf.int16)
    return out


@case(x=_I)
def cast_int_to_small(tf, x):
    return {d: tf.cast(x, getattr(tf, d)) for d in SMALL}


@case(u=np.array([0, 1, 127, 128, 200, 255], np.uint8))
def cast_from_uint8(tf, u):
    return {
        "f32": tf.cast(u, tf.float32),
        "f16": tf.cast(u, tf.float16),
        "i32": tf.cast(u, tf.int32),
        "i8": tf.cast(u, tf.int8),
        "b": tf.cast(u, tf.bool),
        "back": tf.cast(tf.cast(u, tf.bool), tf.uint8),
        "dtypes_cast": tf.dtypes.cast(u, tf.dtypes.int16),
    }


@case(x=np.concatenate([_F, [np.inf, -np.inf]]).astype(np.float32), i=_I)
def saturate_casts(tf, x, i):
    return {
        "u8": tf.saturate_cast(x, tf.uint8),
        "i8": tf.saturate_cast(x, tf.int8),
        "i16": tf.saturate_cast(x, tf.int16),
        "u16": tf.saturate_cast(x, tf.uint16),
        "f16": tf.saturate_cast(x, tf.float16),
        "i_u8": tf.saturate_cast(i, tf.uint8),
        "i_i8": tf.saturate_cast(i, tf.int8),
        "u8_i8": tf.saturate_cast(tf.cast(i, tf.uint8), tf.int8),
        "named": tf.saturate_cast(i, tf.uint16, name="sat"),
    }


@case(
    a=np.array([200, 100, 0, 255], np.uint8),
    b=np.array([100, 3, 7, 255], np.uint8),
    c=np.array([-56, 100, -128, 127], np.int8),
    d=np.array([100, -3, 7, 127], np.int8),
    e=np.array([60000, 3, 7, 1], np.uint16),
)
def small_int_arithmetic(tf, a, b, c, d, e):
    return {
        "add": a + b,
        "sub": a - b,
        "mul": a * b,
        "floordiv": a // b,
        "mod": a % b,
        "truediv": a / b,
        "max": tf.maximum(a, b),
        "min": tf.minimum(a, b),
        "less": a < b,
        "ge": a >= b,
        "eq": tf.equal(a, b),
        "i8_add": c + d,
        "i8_mul": c * d,
        "i8_floordiv": c // d,
        "i8_mod": c % d,
        "i8_truediv": tf.truediv(c, d),
        "i8_less": c < d,
        "u16_add": e + e,
        "u16_div": e / e,
        "clip": tf.clip_by_value(a, 10, 150),
        "literal": a + 1,
    }


@case(u=U8_3)
def uint8_data_movement(tf, u):
    return {
        "reshape": tf.reshape(u, [-1, 3]),
        "transpose": tf.transpose(u, [2, 0, 1]),
        "concat": tf.concat([u, u], 2),
        "stack": tf.stack([u, u]),
        "gather": tf.gather(u, [2, 0]),
        "pad": tf.pad(u, [[1, 0], [0, 2], [0, 0]]),
        "tile": tf.tile(u, [1, 2, 1]),
        "slice": u[1:3, ::2],
        "reverse": tf.reverse(u, [1]),
        "where": tf.where(u > 100, u, tf.zeros_like(u)),
        "ones": tf.ones_like(u),
        "fill": tf.fill([2], tf.constant(7, tf.uint8)),
        "const": tf.constant([1, 2, 255], dtype=tf.uint8),
        "identity": tf.identity(u),
        "expand": tf.expand_dims(u, 0),
        "shape": tf.shape(u),
    }


@case(
    u=np.array([[255, 3, 200], [0, 1, 128]], np.uint8),
    c=np.array([[100, -128, 7], [-1, 127, 0]], np.int8),
    s=np.array([[30000, -7, 3], [-32768, 2, 1]], np.int16),
    w=np.array([[2**32 - 1, 5, 7], [3, 0, 1]], np.uint32),
    q=np.array([[2**63, 2**63 + 1, 5], [3, 0, 1]], np.uint64),
)
def small_int_reductions(tf, u, c, s, w, q):
    out = {}
    for name, t in (("u8", u), ("i8", c), ("i16", s), ("u32", w), ("u64", q)):
        out[f"{name}_sum"] = tf.reduce_sum(t, 1)
        out[f"{name}_mean"] = tf.reduce_mean(t, 1)
        out[f"{name}_mean0"] = tf.reduce_mean(t, 0)
        out[f"{name}_mean_all"] = tf.reduce_mean(t)
        out[f"{name}_prod"] = tf.reduce_prod(t, 1)
        out[f"{name}_max"] = tf.reduce_max(t, 0)
        out[f"{name}_min"] = tf.reduce_min(t, keepdims=True)
        out[f"{name}_argmax"] = tf.argmax(t, 1)
        out[f"{name}_argmin"] = tf.argmin(t, 0)
        out[f"{name}_square"] = tf.square(t)
        out[f"{name}_cumsum"] = tf.cumsum(t, 1, exclusive=True)
        out[f"{name}_cumprod"] = tf.cumprod(t, 0, reverse=True)
    for name, t in (("i8", c), ("i16", s)):
        out[f"{name}_neg"] = tf.negative(t)
        out[f"{name}_abs"] = tf.abs(t)
        out[f"{name}_sign"] = tf.sign(t)
    return out


@refused
def negative_of_uint8(tf):
    tf.negative(tf.constant([1], tf.uint8))


@refused
def abs_of_uint16(tf):
    tf.abs(tf.constant([1], tf.uint16))


@refused
def sign_of_uint32(tf):
    tf.sign(tf.constant([1], tf.uint32))


@refused
def add_uint8_int32(tf):
    tf.add(tf.constant([1], tf.uint8), tf.constant([1], tf.int32))


# -- resizes ----------------------------------------------------------------------------------


@case(x=IMG)
def resize_bilinear_modes(tf, x):
    return {
        "up": tf.image.resize_bilinear(x, [7, 9]),
        "down": tf.image.resize_bilinear(x, [3, 4]),
        "align": tf.image.resize_bilinear(x, [7, 9], align_corners=True),
        "align_down": tf.image.resize_bilinear(x, [3, 4], align_corners=True),
        "half": tf.image.resize_bilinear(x, [7, 9], half_pixel_centers=True),
        "half_down": tf.image.resize_bilinear(x, [3, 5], half_pixel_centers=True),
        "one": tf.image.resize_bilinear(x, [1, 1], align_corners=True),
    }


@case(x=IMG)
def resize_nearest_modes(tf, x):
    return {
        "up": tf.image.resize_nearest_neighbor(x, [7, 9]),
        "down": tf.image.resize_nearest_neighbor(x, [3, 4]),
        "align": tf.image.resize_nearest_neighbor(x, [7, 9], align_corners=True),
        "align_down": tf.image.resize_nearest_neighbor(x, [3, 5], align_corners=True),
        "half": tf.image.resize_nearest_neighbor(x, [7, 9], half_pixel_centers=True),
        "half_down": tf.image.resize_nearest_neighbor(x, [3, 5], half_pixel_centers=True),
    }


@case(x=IMG)
def resize_bicubic_modes(tf, x):
    return {
        "up": tf.image.resize_bicubic(x, [7, 9]),
        "down": tf.image.resize_bicubic(x, [3, 4]),
        "align": tf.image.resize_bicubic(x, [7, 9], align_corners=True),
        "half": tf.image.resize_bicubic(x, [7, 11], half_pixel_centers=True),
        "half_down": tf.image.resize_bicubic(x, [3, 5], half_pixel_centers=True),
    }


@case(u=U8)
def resize_area_modes(tf, u):
    return {
        "up": tf.image.resize_area(u, [7, 9]),
        "down": tf.image.resize_area(u, [3, 4]),
        "odd": tf.image.resize_area(u, [3, 5]),
        "align": tf.image.resize_area(u, [3, 4], align_corners=True),
    }


@case(u=U8, v=U8_3, x=IMG3)
def resize_images_v1(tf, u, v, x):
    m = tf.image.ResizeMethod
    return {
        "default": tf.image.resize_images(u, [7, 9]),
        "nearest": tf.image.resize_images(u, [7, 9], method=m.NEAREST_NEIGHBOR),
        "bicubic": tf.image.resize_images(v, [3, 4], method=m.BICUBIC),
        "area": tf.image.resize_images(v, [3, 4], method=m.AREA),
        "align": tf.image.resize_images(x, [9, 4], align_corners=True),
        "same": tf.image.resize_images(v, [5, 7]),
        "aspect": tf.image.resize_images(x, [10, 10], preserve_aspect_ratio=True),
        "resize": tf.image.resize(x, [3, 3]),
        "named": tf.image.resize_images(x, [2, 2], name="shrink"),
    }


@case(x=IMG, y=_rng.uniform(0, 1, (2, 3, 5, 3)).astype(np.float32))
def resize_to_a_run_time_size(tf, x, y):
    u = tf.placeholder_with_default(tf.stop_gradient(y), [None, None, None, 3])
    v = tf.placeholder_with_default(x, [2, None, 6, 3])
    size = tf.shape(u)[1:3]
    return {
        "bilinear": tf.image.resize_bilinear(x, size),
        "nearest": tf.image.resize_nearest_neighbor(x, size, half_pixel_centers=True),
        "bicubic": tf.image.resize_bicubic(x, size, align_corners=True),
        "area": tf.image.resize_area(tf.cast(x * 255, tf.uint8), size),
        "images": tf.image.resize_images(v, tf.shape(v)[1:3] * 2),
        "images_known": tf.image.resize_images(x, tf.shape(u)[1:3] + 1),
        "partly": tf.image.resize_bilinear(x, tf.shape(v)[1:3]),
        "listed": tf.image.resize_images(v, [tf.shape(v)[1] * 2, tf.shape(u)[2] + 1], method=1),
    }


@refused
def resize_2d_image(tf):
    tf.image.resize_images(tf.zeros([4, 4]), [2, 2])


@refused
def resize_bilinear_3d(tf):
    tf.image.resize_bilinear(tf.zeros([4, 4, 3]), [2, 2])


# -- flips, rotations, crops, pads ------------------------------------------------------------


@case(x=IMG, y=IMG3)
def flips_and_transposes(tf, x, y):
    return {
        "lr": tf.image.flip_left_right(x),
        "ud": tf.image.flip_up_down(x),
        "lr3": tf.image.flip_left_right(y),
        "ud3": tf.image.flip_up_down(y),
        "t": tf.image.transpose_image(x),
        "t3": tf.image.transpose_image(y),
    }


@case(u=U8, v=U8_3)
def quarter_turns(tf, u, v):
    out = {}
    for k in range(4):
        out[f"rot{k}"] = tf.image.rot90(v, k)
        out[f"rot{k}_4d"] = tf.image.rot90(u, k)
    out["rot_neg"] = tf.image.rot90(v, -1)
    return out


@case(x=IMG, u=U8_3)
def crops_and_pads(tf, x, u):
    return {
        "crop": tf.image.crop_to_bounding_box(x, 1, 2, 2, 3),
        "crop3": tf.image.crop_to_bounding_box(u, 0, 1, 5, 4),
        "pad": tf.image.pad_to_bounding_box(x, 1, 2, 7, 9),
        "pad3": tf.image.pad_to_bounding_box(u, 0, 3, 6, 10),
        "crop_or_pad": tf.image.resize_image_with_crop_or_pad(x, 3, 8),
        "crop_or_pad3": tf.image.resize_image_with_crop_or_pad(u, 8, 2),
        "central": tf.image.central_crop(x, 0.5),
        "central3": tf.image.central_crop(u, 0.3),
        "central_all": tf.image.central_crop(u, 1.0),
    }


@refused
def crop_beyond_the_image(tf):
    tf.image.crop_to_bounding_box(tf.zeros([4, 4, 3]), 2, 0, 3, 2)


@refused
def pad_smaller_than_the_image(tf):
    tf.image.pad_to_bounding_box(tf.zeros([4, 4, 3]), 0, 0, 3, 5)


@refused
def central_crop_of_nothing(tf):
    tf.image.central_crop(tf.zeros([4, 4, 3]), 0.0)


# -- dtype conversion, standardization, adjustments -------------------------------------------


@case(u=U8_3, x=IMG3)
def convert_image_dtypes(tf, u, x):
    s = tf.cast(tf.cast(u, tf.int32) * 250 - 30000, tf.int16)
    return {
        "u8_f32": tf.image.convert_image_dtype(u, tf.float32),
        "u8_f64": tf.image.convert_image_dtype(u, tf.float64),
        "f32_u8": tf.image.convert_image_dtype(x, tf.uint8),
        "f32_u8_sat": tf.image.convert_image_dtype(x * 1.2 - 0.1, tf.uint8, saturate=True),
        "f32_f16": tf.image.convert_image_dtype(x, tf.float16),
        "u8_i16": tf.image.convert_image_dtype(u, tf.int16),
        "i16_u8": tf.image.convert_image_dtype(s, tf.uint8),
        "i16_u8_sat": tf.image.convert_image_dtype(s, tf.uint8, saturate=True),
        "u8_i32": tf.image.convert_image_dtype(u, tf.int32),
        "same": tf.image.convert_image_dtype(u, tf.uint8),
        "f32_i32": tf.image.convert_image_dtype(x, tf.int32),
    }


@case(u=U8, x=IMG3)
def standardize(tf, u, x):
    return {
        "u8": tf.image.per_image_standardization(u),
        "f32": tf.image.per_image_standardization(x),
        "flat": tf.image.per_image_standardization(tf.ones([2, 3, 1])),
    }


@case(u=U8, v=U8_3)
def adjustments(tf, u, v):
    return {
        "brightness": tf.image.adjust_brightness(u, 0.1),
        "brightness_neg": tf.image.adjust_brightness(v, -0.3),
        "contrast": tf.image.adjust_contrast(u, 1.7),
        "contrast_low": tf.image.adjust_contrast(v, 0.4),
        "gamma": tf.image.adjust_gamma(v, 2.2),
        "gamma_gain": tf.image.adjust_gamma(v, 0.5, 0.8),
        "saturation": tf.image.adjust_saturation(u, 0.3),
        "saturation_up": tf.image.adjust_saturation(v, 2.5),
        "hue": tf.image.adjust_hue(u, 0.2),
        "hue_neg": tf.image.adjust_hue(v, -0.45),
    }


@case(x=IMG3)
def float_adjustments(tf, x):
    return {
        "brightness": tf.image.adjust_brightness(x, 0.25),
        "gamma": tf.image.adjust_gamma(x, 1.5, 2.0),
    }


@case(u=U8, v=U8_3)
def colour_spaces(tf, u, v):
    f = tf.image.convert_image_dtype(u, tf.float32)
    return {
        "hsv": tf.image.rgb_to_hsv(f),
        "round_trip": tf.image.hsv_to_rgb(tf.image.rgb_to_hsv(f)),
        "gray": tf.image.rgb_to_grayscale(u),
        "gray3": tf.image.rgb_to_grayscale(v),
        "gray_f": tf.image.rgb_to_grayscale(f),
        "rgb": tf.image.grayscale_to_rgb(tf.image.rgb_to_grayscale(v)),
        "grays": tf.image.rgb_to_hsv(tf.ones([2, 3]) * 0.5),
    }


@case(x=IMG3, y=IMG)
def grayscale_gradients(tf, x, y):
    return {
        "gray": tf.image.rgb_to_grayscale(x),
        "rgb": tf.image.grayscale_to_rgb(y[..., :1]),
    }


@case(
    x=IMG3,
    y=np.array([[0.5, 0.5, 0.5], [0.0, 0.2, 0.2], [0.9, 0.1, 0.9], [0.0, 0.0, 0.0]], np.float32),
)
def hsv_gradients(tf, x, y):
    return {"hsv": tf.image.rgb_to_hsv(x), "ties": tf.image.rgb_to_hsv(y)}


@refused
def hsv_of_four_channels(tf):
    tf.image.rgb_to_hsv(tf.zeros([2, 2, 4]))


# -- metrics ----------------------------------------------------------------------------------


@case(x=IMG, y=IMG3, u=U8)
def image_metrics(tf, x, y, u):
    dy, dx = tf.image.image_gradients(x)
    return {
        "tv4": tf.image.total_variation(x),
        "tv3": tf.image.total_variation(y),
        "dy": dy,
        "dx": dx,
        "psnr": tf.image.psnr(u, tf.image.flip_left_right(u), 255),
        "psnr_f": tf.image.psnr(x, x * 0.9, 1.0),
    }


@case(x=_rng.uniform(0, 1, (2, 12, 11, 3)).astype(np.float32), u=U8_3, v=U8_3[::-1])
def structural_similarity(tf, x, u, v):
    y = tf.clip_by_value(x * 0.8 + 0.1 * tf.sin(x * 9.0), 0.0, 1.0)
    return {
        "ssim": tf.image.ssim(x, y, 1.0),
        "ssim_small": tf.image.ssim(x, y, 1.0, filter_size=5, filter_sigma=0.8),
        "ssim_map": tf.image.ssim(x[0], y[0], 1.0, filter_size=3, return_index_map=True),
        "ssim_u8": tf.image.ssim(u, v, 255, filter_size=5),
        "sobel": tf.image.sobel_edges(x),
        "yiq": tf.image.rgb_to_yiq(x),
        "yiq_back": tf.image.yiq_to_rgb(tf.image.rgb_to_yiq(x)),
        "yuv": tf.image.rgb_to_yuv(x),
        "yuv_back": tf.image.yuv_to_rgb(x),
    }


@case(u=_rng.integers(0, 256, (1, 48, 50, 2)).astype(np.uint8))
def multiscale_similarity(tf, u):
    # A related pair: for unrelated images cs is near 0 and its powers amplify rounding.
    v = tf.cast(tf.cast(u, tf.int32) * 7 // 8 + 10, tf.uint8)
    return {
        "ms": tf.image.ssim_multiscale(u, v, 255, filter_size=3),
        "ms_self": tf.image.ssim_multiscale(u, u, 255, filter_size=3, power_factors=(0.5, 0.5)),
        # Odd heights where the first case has odd widths: each side's padding is its own.
        "ms_tall": tf.image.ssim_multiscale(
            tf.transpose(u, [0, 2, 1, 3]), tf.transpose(v, [0, 2, 1, 3]), 255, filter_size=3
        ),
    }


@case(u=U8_3, x=IMG)
def resize_with_pad(tf, u, x):
    return {
        "wide": tf.image.resize_image_with_pad(u, 6, 12),
        "tall": tf.image.resize_image_with_pad(x, 11, 5),
        "nearest": tf.image.resize_image_with_pad(u, 9, 9, method=1),
    }


_BOXES = np.array(
    [
        [0, 0, 1, 1],
        [0, 0.1, 1, 1.1],
        [0, -0.1, 1, 0.9],
        [0, 10, 1, 11],
        [0, 10.1, 1, 11.1],
        [0, 100, 1, 101],
        [1, 1, 0, 0],
        [0.5, 0.5, 0.5, 0.9],
    ],
    np.float32,
)


@case(b=_BOXES, s=np.array([0.9, 0.75, 0.6, 0.95, 0.5, 0.3, 0.9, 0.99], np.float32))
def non_max_suppression(tf, b, s):
    b, s = tf.stop_gradient(b), tf.stop_gradient(s)
    return {
        "three": tf.image.non_max_suppression(b, s, 3, 0.5),
        "all": tf.image.non_max_suppression(b, s, 10, 0.5),
        "strict": tf.image.non_max_suppression(b, s, 10, 0.0),
        "floor": tf.image.non_max_suppression(b, s, 10, 0.5, score_threshold=0.6),
        "none": tf.image.non_max_suppression(b, s, 0),
        "named": tf.image.non_max_suppression(b, s, 2, name="nms"),
        # Upright boxes only: TF 2's padded kernel takes an inverted box's corners as given
        # where TF 1.15's (NonMaxSuppressionV4), which graphgate follows, orders them.
        "padded": tf.image.non_max_suppression_padded(
            tf.gather(b, [0, 1, 2, 3, 4, 5, 7]),
            tf.gather(s, [0, 1, 2, 3, 4, 5, 7]),
            6,
            0.5,
            pad_to_max_output_size=True,
        )[0],
        "padded_n": tf.image.non_max_suppression_padded(
            tf.gather(b, [0, 1, 2, 3, 4, 5, 7]),
            tf.gather(s, [0, 1, 2, 3, 4, 5, 7]),
            6,
            0.5,
            pad_to_max_output_size=True,
        )[1],
        "unpadded": tf.image.non_max_suppression_padded(b, s, 3, 0.4, 0.55)[0],
    }


@case(b=_BOXES, s=np.array([0.9, 0.75, 0.6, 0.95, 0.5, 0.3, 0.9, 0.99], np.float32))
def soft_and_overlap_suppression(tf, b, s):
    b, s = tf.stop_gradient(b), tf.stop_gradient(s)
    hard, hard_scores = tf.image.non_max_suppression_with_scores(b, s, 10, 0.5)
    soft, soft_scores = tf.image.non_max_suppression_with_scores(b, s, 10, 1.0, 0.1, 0.5)
    some, some_scores = tf.image.non_max_suppression_with_scores(b, s, 4, 0.6, soft_nms_sigma=0.2)
    overlaps = tf.constant(np.abs(np.sin(np.arange(64).reshape(8, 8))).astype(np.float32))
    return {
        "hard": hard,
        "hard_scores": tf.stop_gradient(hard_scores),
        "soft": soft,
        "soft_scores": tf.stop_gradient(soft_scores),
        "some": some,
        "some_scores": tf.stop_gradient(some_scores),
        "overlaps": tf.image.non_max_suppression_overlaps(overlaps, s, 5, 0.5),
        "overlaps_floor": tf.image.non_max_suppression_overlaps(overlaps, s, 8, 0.9, 0.55),
    }


@case(
    b=_rng.uniform(-0.2, 1.2, (2, 6, 1, 4)).astype(np.float32),
    c=_rng.uniform(0, 1, (2, 6, 3, 4)).astype(np.float32),
    s=_rng.permutation(36).reshape(2, 6, 3).astype(np.float32) / 36,
)
def combined_suppression(tf, b, c, s):
    b, c, s = tf.stop_gradient(b), tf.stop_gradient(c), tf.stop_gradient(s)
    lo, hi = tf.minimum(c[..., :2], c[..., 2:]), tf.maximum(c[..., :2], c[..., 2:])
    c = tf.concat([lo, lo + (hi - lo) * 0.6], -1)
    shared = tf.image.combined_non_max_suppression(b, s, 3, 5, 0.3)
    per_class = tf.image.combined_non_max_suppression(
        c, s, 2, 10, 0.2, 0.3, pad_per_class=True, clip_boxes=False
    )
    sparse = tf.image.combined_non_max_suppression(b, s, 4, 7, 0.5, 0.85)
    names = ("boxes", "scores", "classes", "valid")
    # TF has no gradient for these (LookupError): the loss must not reach them.
    out = {f"shared_{k}": tf.stop_gradient(t) for k, t in zip(names, shared, strict=True)}
    out.update(
        {f"per_class_{k}": tf.stop_gradient(t) for k, t in zip(names, per_class, strict=True)}
    )
    out.update({f"sparse_{k}": tf.stop_gradient(t) for k, t in zip(names, sparse, strict=True)})
    return out


@case(x=IMG, u=U8_3)
def image_patches(tf, x, u):
    return {
        "valid": tf.image.extract_image_patches(
            x, [1, 2, 3, 1], [1, 1, 2, 1], [1, 1, 1, 1], "VALID"
        ),
        "same": tf.image.extract_image_patches(x, [1, 3, 3, 1], [1, 2, 2, 1], [1, 1, 1, 1], "SAME"),
        "rates": tf.extract_image_patches(x, [1, 2, 2, 1], [1, 1, 1, 1], [1, 2, 2, 1], "SAME"),
        "u8": tf.image.extract_patches(u[None], [1, 2, 2, 1], [1, 2, 2, 1], [1, 1, 1, 1], "VALID"),
    }


@case(x=IMG, u=U8, bx=np.array([[0.2, 0.1, 0.7, 0.8], [0.9, 0.3, 0.4, 0.6]], np.float32))
def crops_resized(tf, x, u, bx):
    boxes = tf.constant(
        [
            [0.1, 0.2, 0.8, 0.9],
            [0.0, 0.0, 1.0, 1.0],
            [-0.2, 0.5, 0.6, 1.3],
            [0.5, 0.5, 0.5, 0.5],
            [0.9, 0.8, 0.1, 0.2],
        ]
    )
    index = tf.constant([0, 1, 1, 0, 1])
    return {
        "bilinear": tf.image.crop_and_resize(x, boxes, index, [3, 4]),
        "nearest": tf.image.crop_and_resize(x, boxes, index, [5, 2], method="nearest"),
        "extrapolate": tf.image.crop_and_resize(u, boxes, index, [4, 4], extrapolation_value=-1.0),
        "one": tf.image.crop_and_resize(u, boxes, index, [1, 1]),
        "learned_boxes": tf.image.crop_and_resize(x * 2.0, bx, [1, 0], [4, 3]),
        "learned_nearest": tf.image.crop_and_resize(x, bx, [0, 0], [2, 5], method="nearest"),
        "learned_one": tf.image.crop_and_resize(x, bx, [1, 1], [1, 1]),
    }


@case(u=U8)
def drawn_boxes(tf, u):
    boxes = tf.constant(
        [
            [
                [0.1, 0.2, 0.8, 0.9],
                [0.0, 0.0, 0.5, 0.5],
                [-0.3, 0.4, 0.6, 1.4],
                [0.7, 0.2, 0.1, 0.9],
            ],
            [
                [1.2, 0.0, 1.5, 1.0],
                [0.3, 0.3, 0.3, 0.3],
                [0.0, 0.0, 1.0, 1.0],
                [0.2, -0.5, 0.4, 0.5],
            ],
        ]
    )
    f = tf.image.convert_image_dtype(u, tf.float32)
    many = tf.tile(boxes, [1, 3, 1])
    return {
        "rgb": tf.image.draw_bounding_boxes(f, boxes),
        "grey": tf.image.draw_bounding_boxes(f[..., :1], boxes),
        "rgba": tf.image.draw_bounding_boxes(tf.concat([f, f[..., :1]], -1), many),
    }


# -- space and depth --------------------------------------------------------------------------


@case(x=_rng.normal(size=(2, 2, 3, 8)).astype(np.float32), y=IMG)
def depth_and_space(tf, x, y):
    return {
        "d2s": tf.nn.depth_to_space(x, 2),
        "d2s_top": tf.depth_to_space(x, 2),
        "s2d": tf.nn.space_to_depth(y[:, :, :, :], 2),
        "s2d_top": tf.space_to_depth(y[:, :4, :6], 2),
        "round": tf.nn.space_to_depth(tf.nn.depth_to_space(x, 2), 2),
    }


@case(x=IMG, u=U8_3)
def batch_and_space(tf, x, u):
    return {
        "s2b": tf.space_to_batch_nd(x, [2, 3], [[0, 0], [0, 0]]),
        "s2b_pad": tf.space_to_batch_nd(x, [2, 2], [[1, 1], [0, 2]]),
        "s2b_1d": tf.space_to_batch_nd(x, [2], [[1, 1]]),
        "b2s": tf.batch_to_space_nd(
            tf.space_to_batch_nd(x, [2, 2], [[1, 1], [0, 2]]), [2, 2], [[1, 1], [0, 2]]
        ),
        "b2s_crop": tf.batch_to_space_nd(x, [2, 1], [[1, 0], [0, 0]]),
        "v1_s2b": tf.space_to_batch(x, [[0, 0], [2, 0]], 2),
        "v1_b2s": tf.batch_to_space(tf.tile(x, [2, 1, 1, 1]), [[0, 1], [1, 1]], block_size=2),
        "u8": tf.space_to_batch_nd(u, [1, 1], [[0, 0], [0, 1]]),
    }


@refused
def depth_not_divisible(tf):
    tf.nn.depth_to_space(tf.zeros([1, 2, 2, 6]), 2)


@refused
def block_size_one(tf):
    tf.nn.space_to_depth(tf.zeros([1, 2, 2, 6]), 1)


@refused
def space_not_divisible(tf):
    tf.space_to_batch_nd(tf.zeros([1, 5, 4, 1]), [2, 2], [[0, 0], [0, 0]])


# -- inside control flow ----------------------------------------------------------------------


@case(x=IMG, p=np.array(True))
def inside_cond_and_while(tf, x, p):
    small = tf.cond(
        p,
        lambda: tf.image.resize_bilinear(x, [3, 3]),
        lambda: tf.image.resize_nearest_neighbor(x, [3, 3]),
    )
    _, grown = tf.while_loop(
        lambda i, y: i < 2,
        lambda i, y: (
            i + 1,
            tf.image.flip_left_right(tf.nn.depth_to_space(tf.tile(y, [1, 1, 1, 4]), 2)[:, :4, :6]),
        ),
        [tf.constant(0), x],
    )
    return {"cond": small, "while": grown}


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_eager_execution()
    tf.disable_v2_tensorshape()
    doc = {
        "tensorflow": tf.__version__,
        "cases": {n: run_case(tf, a, b) for n, (a, b) in CASES.items()},
        "errors": {n: raised(tf, b) for n, b in ERRORS.items()},
        "image_namespace": sorted(n for n in dir(tf.image) if not n.startswith("_")),
    }
    json.dump(json_safe(doc), sys.stdout, indent=None, sort_keys=True, allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
