"""`tf.image` of TF1 (`tf.compat.v1.image`): resizes, flips, crops and pads, dtype
conversion, colour adjustments and image metrics.

The kernels (resizes, colour spaces) live in `ops/image_ops.py`; what TensorFlow builds
in Python from other ops is built here the same way, under TF's scope names. Images are
3-D `[height, width, channels]` or 4-D `[batch, height, width, channels]`, as TF accepts.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import dtypes as _dt
from .errors import error
from .graph import Tensor, control_dependencies, convert_to_tensor, name_scope
from .op_results import op_result
from .ops import array_ops, math_ops, reduce_ops
from .ops.debug_ops import Assert
from .ops.image_codec_ops import (
    decode_and_crop_jpeg,
    decode_bmp,
    decode_gif,
    decode_image,
    decode_jpeg,
    decode_png,
    encode_jpeg,
    encode_png,
    extract_jpeg_shape,
    is_jpeg,
)
from .ops.image_ops import (
    _size_hint,
    _static_ints,
    combined_non_max_suppression,
    crop_and_resize,
    draw_bounding_boxes,
    extract_glimpse,
    extract_image_patches,
    extract_patches,
    hsv_to_rgb,
    non_max_suppression,
    non_max_suppression_overlaps,
    non_max_suppression_with_scores,
    resize_area,
    resize_bicubic,
    resize_bilinear,
    resize_nearest_neighbor,
    rgb_to_hsv,
)
from .ops.shape_values import is_dynamic, static_ints


class ResizeMethod:
    """TF1's `tf.image.ResizeMethod` (its `ResizeMethodV1` integers)."""

    BILINEAR = 0
    NEAREST_NEIGHBOR = 1
    BICUBIC = 2
    AREA = 3


def _image(image: Any, what: str = "image", empty_ok: bool = False) -> Tensor:
    t = convert_to_tensor(image, name=what)
    shape = t.static_shape
    if shape is None:
        raise error("UNKNOWN_RANK", f"'{what}' contains no shape")
    if len(shape) not in (3, 4):
        raise error("SHAPE_MISMATCH", f"'{what}' (shape {list(shape)}) must be 3-D or 4-D")
    if not empty_ok and 0 in shape[-3:]:
        # TF's _CheckAtLeast3DImage, which every image op but the resizes calls.
        raise error("SHAPE_MISMATCH", f"inner 3 dims of '{what}.shape' must be > 0: {list(shape)}")
    return t


def _batched(fn, image: Tensor) -> Tensor:
    """Run `fn` on 4-D images: a 3-D image gets a batch of one, then loses it."""
    if len(image.static_shape) == 4:
        return fn(image)
    return array_ops.squeeze(fn(array_ops.expand_dims(image, 0)), axis=[0])


# -- resizes ----------------------------------------------------------------------------------

_RESIZERS = {
    ResizeMethod.BILINEAR: resize_bilinear,
    ResizeMethod.NEAREST_NEIGHBOR: resize_nearest_neighbor,
    ResizeMethod.BICUBIC: resize_bicubic,
    ResizeMethod.AREA: resize_area,
}
_METHOD_NAMES = {"bilinear": 0, "nearest": 1, "bicubic": 2, "area": 3}


def resize_images(
    images: Any,
    size: Any,
    method: Any = ResizeMethod.BILINEAR,
    align_corners: bool = False,
    preserve_aspect_ratio: bool = False,
    name: str | None = None,
) -> Tensor:
    """TF1's `tf.image.resize_images`: float32 out except nearest neighbour (and a size
    equal to the images', which returns them as they are)."""
    skip_same = not preserve_aspect_ratio
    return _resize_images(
        images, size, method, align_corners, preserve_aspect_ratio, name, skip_same
    )


def _resize_images(
    images: Any,
    size: Any,
    method: Any,
    align_corners: bool,
    preserve_aspect_ratio: bool = False,
    name: str | None = None,
    skip_same: bool = True,
) -> Tensor:
    """`resize_images`; `skip_same`: return images already of the size as they are, as TF
    does where the size is a constant (not where it computes it: preserve_aspect_ratio,
    resize_image_with_pad), else the resize runs (float32 out)."""
    method = _METHOD_NAMES.get(method, method)
    if method not in _RESIZERS:
        raise error("INVALID_ATTR", f"Resize method is not implemented: {method}")
    with name_scope(name, "resize", [images]):
        x = _image(images, "images", empty_ok=True)
        static = _size_hint(size)
        if static is not None and None not in static:
            size = _resize_target(x, static, preserve_aspect_ratio)
            if tuple(x.static_shape[-3:-1]) == tuple(size) and skip_same:
                return _batched(lambda batch: batch, x)
        elif preserve_aspect_ratio:
            raise error("INVALID_ATTR", "preserve_aspect_ratio needs a constant size")

        def run(batch):
            if method == ResizeMethod.AREA:
                return resize_area(batch, size, align_corners)
            return _RESIZERS[method](batch, size, align_corners)

        return _batched(run, x)


def _resize_target(x: Tensor, size: tuple, preserve: bool) -> tuple[int, int]:
    if len(size) != 2:
        raise error("INVALID_ATTR", "'size' must be a 1-D Tensor of 2 elements")
    if not preserve:
        return size
    h, w = x.static_shape[-3:-1]
    if h is None or w is None:
        raise error("INVALID_ATTR", "preserve_aspect_ratio needs images of static size")
    f32 = np.float32
    scale = min(f32(size[0]) / f32(h), f32(size[1]) / f32(w))
    return int(np.round(scale * f32(h))), int(np.round(scale * f32(w)))


resize = resize_images


# -- flips, rotations, transposes -------------------------------------------------------------


def _flip(image: Any, axis: int, scope: str) -> Tensor:
    with name_scope(None, scope, [image]):
        x = _image(image)
        return array_ops_reverse(x, [axis + len(x.static_shape) - 3])


def array_ops_reverse(x: Tensor, axes: list) -> Tensor:
    from .ops.extra_array_ops import reverse

    return reverse(x, axes)


def flip_left_right(image: Any) -> Tensor:
    """Mirror images along their width."""
    return _flip(image, 1, "flip_left_right")


def flip_up_down(image: Any) -> Tensor:
    """Mirror images along their height."""
    return _flip(image, 0, "flip_up_down")


def _random_flip(image: Any, axis: int, seed: Any, scope: str) -> Tensor:
    with name_scope(None, scope, [image]):
        x = _image(image)
        if len(x.static_shape) == 3:
            coin = math_ops.less(_uniform([], seed), 0.5)
            flipped = array_ops_reverse(x, [axis])
            return array_ops.where(coin, flipped, x)
        batch = x.static_shape[0]
        if batch is None:
            raise error("INVALID_ATTR", f"{scope} of 4-D images needs a static batch size")
        flips = _special().round(array_ops.reshape(_uniform([batch], seed), [-1, 1, 1, 1]))
        flips = math_ops.cast(flips, x.dtype)
        return flips * array_ops_reverse(x, [axis + 1]) + (1 - flips) * x


def _linalg():
    from .ops import linalg_ops

    return linalg_ops


def _special():
    from .ops import special_math_ops

    return special_math_ops


def _uniform(shape: Any, seed: Any) -> Tensor:
    from .ops.random_ops import random_uniform

    return random_uniform(shape, 0, 1.0, seed=seed)


def random_flip_left_right(image: Any, seed: Any = None) -> Tensor:
    """Mirror each image along its width with probability 1/2."""
    return _random_flip(image, 1, seed, "random_flip_left_right")


def random_flip_up_down(image: Any, seed: Any = None) -> Tensor:
    """Mirror each image along its height with probability 1/2."""
    return _random_flip(image, 0, seed, "random_flip_up_down")


def transpose_image(image: Any, name: str | None = None) -> Tensor:
    """Swap height and width."""
    with name_scope(name, "transpose", [image]):
        x = _image(image)
        perm = [1, 0, 2] if len(x.static_shape) == 3 else [0, 2, 1, 3]
        return array_ops.transpose(x, perm)


transpose = transpose_image


def rot90(image: Any, k: Any = 1, name: str | None = None) -> Tensor:
    """Rotate images counter-clockwise by `k` quarter turns (`k` a constant)."""
    turns = _static_ints(k, "k")
    if len(turns) != 1:
        raise error("SHAPE_MISMATCH", "k must be a scalar")
    with name_scope(name, "rot90", [image]):
        x = _image(image)
        o = len(x.static_shape) - 3
        perm = [*range(o), o + 1, o, o + 2]
        turns = turns[0] % 4
        if turns == 0:
            out = array_ops.identity(x)
        elif turns == 1:
            out = array_ops.transpose(array_ops_reverse(x, [o + 1]), perm)
        elif turns == 2:
            out = array_ops_reverse(x, [o, o + 1])
        else:
            out = array_ops_reverse(array_ops.transpose(x, perm), [o + 1])
        # TF picks the turn with a `case` over all four, whatever k: its result's static
        # height and width are what the four branches agree on (known only when square).
        h, w = x.static_shape[o : o + 2]
        side = h if h == w else None
        out.static_shape = (*x.static_shape[:o], side, side, x.static_shape[-1])
        return out


# -- crops and pads ---------------------------------------------------------------------------


def _ints(*values: Any) -> list[int]:
    return [_static_ints(v, "a bounding box")[0] for v in values]


def _known_int(value: Any) -> int | None:
    """A bounding box's int, or None for a tensor whose value only the run knows."""
    if is_dynamic(value) and static_ints(_as_list(value)) is None:
        return None
    return _ints(value)[0]


def _as_list(value: Any) -> Any:
    return [value] if getattr(value, "static_shape", None) == () else value


def crop_to_bounding_box(
    image: Any, offset_height: Any, offset_width: Any, target_height: Any, target_width: Any
) -> Tensor:
    """The `target_height` x `target_width` window at the given offsets."""
    box = (offset_height, offset_width, target_height, target_width)
    if any(_known_int(v) is None for v in box):
        return _crop_at_run_time(image, box)
    oh, ow, th, tw = _ints(*box)
    with name_scope(None, "crop_to_bounding_box", [image]):
        x = _image(image)
        h, w = x.static_shape[-3:-1]
        _check_box(oh >= 0, "offset_height must be >= 0.")
        _check_box(ow >= 0, "offset_width must be >= 0.")
        _check_box(th > 0, "target_height must be > 0.")
        _check_box(tw > 0, "target_width must be > 0.")
        _check_box(h is None or h >= th + oh, "height must be >= target + offset.")
        _check_box(w is None or w >= tw + ow, "width must be >= target + offset.")
        lead = len(x.static_shape) - 3
        return array_ops.slice(x, [0] * lead + [oh, ow, 0], [-1] * lead + [th, tw, -1])


def _check_box(ok: bool, message: str) -> None:
    if not ok:
        raise error("INVALID_ATTR", message)


def _crop_at_run_time(image: Any, box: tuple) -> Tensor:
    """`crop_to_bounding_box` with offsets or sizes that are tensors (pix2pix's random
    crop: `tf.random_uniform` offsets), as TF builds it: what is known is checked now
    (ValueError), the rest by Assert ops when the graph runs (InvalidArgumentError); the
    window's static size is what the Python ints give."""
    with name_scope(None, "crop_to_bounding_box", [image]):
        x = _image(image)
        single = len(x.static_shape) == 3  # TF crops a batch of one and squeezes it
        if single:
            x = array_ops.expand_dims(x, 0)
        shape = array_ops.shape(x)
        h, w = x.static_shape[1:3]
        h = shape[1] if h is None else h
        w = shape[2] if w is None else w
        oh, ow, th, tw = (_known_int(v) if _known_int(v) is not None else v for v in box)
        checks = [
            (_ge(ow, 0), "offset_width must be >= 0."),
            (_ge(oh, 0), "offset_height must be >= 0."),
            (_ge(tw, 1), "target_width must be > 0."),
            (_ge(th, 1), "target_height must be > 0."),
            (_ge(w, _plus(tw, ow)), "width must be >= target + offset."),
            (_ge(h, _plus(th, oh)), "height must be >= target + offset."),
        ]
        asserts = []
        for ok, message in checks:
            if isinstance(ok, Tensor):
                asserts.append(Assert(ok, [message]))
            else:
                _check_box(ok, message)
        with control_dependencies(asserts):
            x = array_ops.identity(x)
        begin = array_ops.stack([0, oh, ow, 0])
        cropped = array_ops.slice(x, begin, array_ops.stack([-1, th, tw, -1]))
        sizes = [v if isinstance(v, int) else None for v in (th, tw)]
        cropped.set_shape([x.static_shape[0], *sizes, x.static_shape[-1]])
        return array_ops.squeeze(cropped, axis=[0]) if single else cropped


def _ge(a: Any, b: Any) -> Any:
    """a >= b: a bool of ints, else a tensor."""
    if isinstance(a, int) and isinstance(b, int):
        return a >= b
    return math_ops.greater_equal(a, b)


def _plus(a: Any, b: Any) -> Any:
    return a + b if isinstance(a, int) and isinstance(b, int) else math_ops.add(a, b)


def pad_to_bounding_box(
    image: Any, offset_height: Any, offset_width: Any, target_height: Any, target_width: Any
) -> Tensor:
    """Zero-pad images to `target_height` x `target_width`, the image at the offsets."""
    oh, ow, th, tw = _ints(offset_height, offset_width, target_height, target_width)
    with name_scope(None, "pad_to_bounding_box", [image]):
        x = _image(image)
        h, w = x.static_shape[-3:-1]
        if h is None or w is None:
            raise error("INVALID_ATTR", "pad_to_bounding_box needs images of static size")
        after_h, after_w = th - oh - h, tw - ow - w
        _check_box(oh >= 0, "offset_height must be >= 0")
        _check_box(ow >= 0, "offset_width must be >= 0")
        _check_box(after_h >= 0, "height must be <= target - offset")
        _check_box(after_w >= 0, "width must be <= target - offset")
        pads = [[0, 0]] * (len(x.static_shape) - 3) + [[oh, after_h], [ow, after_w], [0, 0]]
        return array_ops.pad(x, pads)


def resize_image_with_crop_or_pad(image: Any, target_height: Any, target_width: Any) -> Tensor:
    """Crop or zero-pad images, centred, to the target size."""
    th, tw = _ints(target_height, target_width)
    with name_scope(None, "resize_image_with_crop_or_pad", [image]):
        x = convert_to_tensor(image, name="image")
        _check_box(th > 0, "target_height must be > 0.")
        _check_box(tw > 0, "target_width must be > 0.")
        if x.static_shape is None:
            # TF reads an image of unknown rank (`decode_image`'s) as one 3-D image: a
            # batch of one, of unknown size, cropped or padded and squeezed again.
            batch = array_ops.expand_dims(x, 0)
            batch.set_shape([None] * 4)
            return array_ops.squeeze(_crop_or_pad_at_run_time(batch, th, tw), axis=[0])
        x = _image(x)
        h, w = x.static_shape[-3:-1]
        if h is None or w is None:
            return _crop_or_pad_at_run_time(x, th, tw)
        dh, dw = th - h, tw - w
        cropped = crop_to_bounding_box(
            x, max(-dh // 2, 0), max(-dw // 2, 0), min(th, h), min(tw, w)
        )
        return pad_to_bounding_box(cropped, max(dh // 2, 0), max(dw // 2, 0), th, tw)


resize_with_crop_or_pad = resize_image_with_crop_or_pad


def _crop_or_pad_at_run_time(x: Tensor, th: int, tw: int) -> Tensor:
    """`resize_image_with_crop_or_pad` of images whose size the graph learns when it runs
    (a decoded JPEG: slim's cifarnet preprocessing): TF's same offsets, computed as tensors
    (floor division as Python's), the result of the target's static size."""
    lead = len(x.static_shape) - 3
    shape = array_ops.shape(x)
    h, w = shape[lead], shape[lead + 1]
    crop_h, crop_w = math_ops.minimum(h, th), math_ops.minimum(w, tw)
    top = math_ops.maximum((h - th) // 2, 0)
    left = math_ops.maximum((w - tw) // 2, 0)
    begin = array_ops.stack([0] * lead + [top, left, 0])
    cropped = array_ops.slice(x, begin, array_ops.stack([-1] * lead + [crop_h, crop_w, -1]))
    pad_top = math_ops.maximum((th - h) // 2, 0)
    pad_left = math_ops.maximum((tw - w) // 2, 0)
    rows = array_ops.stack([pad_top, th - pad_top - crop_h])
    cols = array_ops.stack([pad_left, tw - pad_left - crop_w])
    zeros = array_ops.zeros([2], _dt.int32)
    out = array_ops.pad(cropped, array_ops.stack([zeros] * lead + [rows, cols, zeros]))
    out.set_shape([*x.static_shape[:lead], th, tw, x.static_shape[-1]])
    return out


def central_crop(image: Any, central_fraction: float) -> Tensor:
    """The central `central_fraction` of each side (TF's rounding of the offsets)."""
    fraction = float(central_fraction)
    if not 0.0 < fraction <= 1.0:
        raise error("INVALID_ATTR", "central_fraction must be within (0, 1]")
    with name_scope(None, "central_crop", [image]):
        x = _image(image)
        if fraction == 1.0:
            return x
        h, w = x.static_shape[-3:-1]
        if h is None or w is None:
            raise error("INVALID_ATTR", "central_crop needs images of static size")
        top = int((float(h) - float(h) * fraction) / 2)
        left = int((float(w) - float(w) * fraction) / 2)
        lead = len(x.static_shape) - 3
        begin = [0] * lead + [top, left, 0]
        return array_ops.slice(x, begin, [-1] * lead + [h - 2 * top, w - 2 * left, -1])


# -- dtype conversion -------------------------------------------------------------------------


def convert_image_dtype(
    image: Any, dtype: Any, saturate: bool = False, name: str | None = None
) -> Tensor:
    """Convert images between dtypes, rescaling: floats span [0, 1], integers [0, MAX]."""
    x = convert_to_tensor(image, name="image")
    dtype = _dt.as_dtype(dtype)
    if not (dtype.is_floating or dtype.is_integer) or not (
        x.dtype.is_floating or x.dtype.is_integer
    ):
        raise error("DTYPE_MISMATCH", "dtype must be either floating point or integer")
    if dtype == x.dtype:
        return array_ops.identity(x, name=name)
    src = _dt.as_dtype(x.dtype)
    with name_scope(name, "convert_image", [x]) as scope:
        cast = math_ops.saturate_cast if saturate else math_ops.cast
        if src.is_integer and dtype.is_integer:
            if src.max > dtype.max:
                scaled = math_ops.floordiv(x, (int(src.max) + 1) // (int(dtype.max) + 1))
                return cast(scaled, dtype, name=scope)
            widened = cast(x, dtype)
            return math_ops.multiply(
                widened, (int(dtype.max) + 1) // (int(src.max) + 1), name=scope
            )
        if src.is_floating and dtype.is_floating:
            return math_ops.cast(x, dtype, name=scope)
        if src.is_integer:
            return math_ops.multiply(math_ops.cast(x, dtype), 1.0 / float(src.max), name=scope)
        scaled = math_ops.multiply(x, float(dtype.max) + 0.5)
        return cast(scaled, dtype, name=scope)


# -- standardization and adjustments ----------------------------------------------------------


def per_image_standardization(image: Any) -> Tensor:
    """(x - mean) / max(stddev, 1/sqrt(N)) per image, in float32."""
    with name_scope(None, "per_image_standardization", [image]) as scope:
        x = math_ops.cast(_image(image), _dt.float32)
        pixels = math_ops.cast(reduce_ops.reduce_prod(array_ops.shape(x)[-3:]), _dt.float32)
        mean = reduce_ops.reduce_mean(x, axis=[-1, -2, -3], keepdims=True)
        std = _special().reduce_std(x, axis=[-1, -2, -3], keepdims=True)
        adjusted = math_ops.maximum(std, math_ops.rsqrt(pixels))
        return math_ops.divide(x - mean, adjusted, name=scope)


def _as_float(image: Tensor) -> Tensor:
    if image.dtype in (_dt.float16, _dt.float32):
        return image
    return convert_image_dtype(image, _dt.float32)


def adjust_brightness(image: Any, delta: Any) -> Tensor:
    """Add `delta` to images (in float, then back to their dtype, saturating)."""
    with name_scope(None, "adjust_brightness", [image, delta]) as scope:
        x = convert_to_tensor(image, name="image")
        flt = _as_float(x)
        adjusted = math_ops.add(flt, math_ops.cast(delta, flt.dtype), name=scope)
        return convert_image_dtype(adjusted, x.dtype, saturate=True)


def adjust_contrast(images: Any, contrast_factor: Any) -> Tensor:
    """(x - mean) * factor + mean, the mean per image and channel."""
    from .graph import op_inputs

    with name_scope(None, "adjust_contrast", [images, contrast_factor]) as scope:
        x = convert_to_tensor(images, name="images")
        flt = _as_float(x)
        graph, (f,), _ = op_inputs((contrast_factor,), None, "contrast_factor")
        f = math_ops.cast(f, _dt.float32)
        adjusted = graph.create_op("AdjustContrastv2", (flt, f), None, scope).outputs[0]
        return convert_image_dtype(adjusted, x.dtype, saturate=True)


def adjust_gamma(image: Any, gamma: Any = 1, gain: Any = 1) -> Tensor:
    """gain * x ** gamma (in float, then back to the images' dtype, saturating)."""
    if isinstance(gamma, int | float) and gamma < 0:
        raise error("INVALID_ATTR", "Gamma should be a non-negative real number.")
    with name_scope(None, "adjust_gamma", [image, gamma, gain]):
        x = convert_to_tensor(image, name="image")
        flt = _as_float(x)
        adjusted = gain * flt**gamma
        return convert_image_dtype(adjusted, x.dtype, saturate=True)


def _adjust_op(type_: str, scope: str, image: Any, factor: Any, name: str | None) -> Tensor:
    with name_scope(name, scope, [image]):
        x = convert_to_tensor(image, name="image")
        flt = _as_float(x)
        f = math_ops.cast(convert_to_tensor(factor, _dt.float32), _dt.float32)
        adjusted = flt.op.graph.create_op(type_, (flt, f), None, type_).outputs[0]
        return convert_image_dtype(adjusted, x.dtype)


def adjust_saturation(image: Any, saturation_factor: Any, name: str | None = None) -> Tensor:
    """Scale the saturation of RGB images (clamped to [0, 1])."""
    return _adjust_op("AdjustSaturation", "adjust_saturation", image, saturation_factor, name)


def adjust_hue(image: Any, delta: Any, name: str | None = None) -> Tensor:
    """Rotate the hue of RGB images by `delta` (a fraction of a turn)."""
    return _adjust_op("AdjustHue", "adjust_hue", image, delta, name)


def _random_factor(lower: float, upper: float, seed: Any) -> Tensor:
    from .ops.random_ops import random_uniform

    return random_uniform([], lower, upper, seed=seed)


def adjust_jpeg_quality(image: Any, jpeg_quality: Any, dct_method: str = "", name=None):
    """The image JPEG-encoded at `jpeg_quality` (0..100, may be a tensor) and decoded back,
    in its own dtype (`tf.image.adjust_jpeg_quality`): TF's coefficients and decoder."""
    with name_scope(name, "adjust_jpeg_quality", [image]):
        image = convert_to_tensor(image, None, "image")
        channels = image.shape.as_list()[-1] if image.shape.ndims else None
        original = image.dtype
        pixels = convert_image_dtype(image, _dt.uint8, saturate=True)
        quality = convert_to_tensor(jpeg_quality, None if isinstance(jpeg_quality, Tensor)
                                    else _dt.int32, "jpeg_quality")  # fmt: skip
        graph = pixels.op.graph
        encoded = graph.create_op(
            "EncodeJpegVariableQuality", (pixels, quality), {}, "EncodeJpegVariableQuality"
        ).outputs[0]
        decoded = decode_jpeg(encoded, channels=channels or 0, dct_method=dct_method)
        return convert_image_dtype(decoded, original, saturate=True)


def random_jpeg_quality(image: Any, min_jpeg_quality: int, max_jpeg_quality: int, seed=None):
    """`adjust_jpeg_quality` at a quality drawn uniformly from [min, max) by TF's integer
    `random_uniform` (`tf.image.random_jpeg_quality`)."""
    if (
        min_jpeg_quality < 0 or max_jpeg_quality < 0
        or min_jpeg_quality > 100 or max_jpeg_quality > 100
    ):  # fmt: skip
        raise ValueError("jpeg encoding range must be between 0 and 100.")
    if min_jpeg_quality >= max_jpeg_quality:
        raise ValueError("`min_jpeg_quality` must be less than `max_jpeg_quality`.")
    from .ops.random_ops import random_uniform

    quality = random_uniform([], min_jpeg_quality, max_jpeg_quality, _dt.int32, seed=seed)
    return adjust_jpeg_quality(image, quality)


def random_brightness(image: Any, max_delta: float, seed: Any = None) -> Tensor:
    if max_delta < 0:
        raise error("INVALID_ATTR", "max_delta must be non-negative.")
    return adjust_brightness(image, _random_factor(-max_delta, max_delta, seed))


def random_contrast(image: Any, lower: float, upper: float, seed: Any = None) -> Tensor:
    _check_range(lower, upper)
    return adjust_contrast(image, _random_factor(lower, upper, seed))


def random_saturation(image: Any, lower: float, upper: float, seed: Any = None) -> Tensor:
    _check_range(lower, upper)
    return adjust_saturation(image, _random_factor(lower, upper, seed))


def random_hue(image: Any, max_delta: float, seed: Any = None) -> Tensor:
    if max_delta > 0.5:
        raise error("INVALID_ATTR", "max_delta must be <= 0.5.")
    if max_delta < 0:
        raise error("INVALID_ATTR", "max_delta must be non-negative.")
    return adjust_hue(image, _random_factor(-max_delta, max_delta, seed))


def _check_range(lower: float, upper: float) -> None:
    if upper <= lower:
        raise error("INVALID_ATTR", "upper must be > lower.")
    if lower < 0:
        raise error("INVALID_ATTR", "lower must be non-negative.")


# -- colour spaces ----------------------------------------------------------------------------


def rgb_to_grayscale(images: Any, name: str | None = None) -> Tensor:
    """Luma (0.2989 R + 0.5870 G + 0.1140 B), keeping a last dimension of 1."""
    with name_scope(name, "rgb_to_grayscale", [images]) as scope:
        x = convert_to_tensor(images, name="images")
        flt = convert_image_dtype(x, _dt.float32)
        gray = _linalg().tensordot(flt, [0.2989, 0.5870, 0.1140], [-1, -1])
        gray = array_ops.expand_dims(gray, -1)
        return convert_image_dtype(gray, x.dtype, name=scope)


def grayscale_to_rgb(images: Any, name: str | None = None) -> Tensor:
    """Repeat a last dimension of 1 three times."""
    with name_scope(name, "grayscale_to_rgb", [images]) as scope:
        x = convert_to_tensor(images, name="images")
        shape = x.static_shape
        if shape is None or len(shape) < 2 or shape[-1] not in (1, None):
            raise error("SHAPE_MISMATCH", "grayscale_to_rgb needs a last dimension of size 1")
        return array_ops.tile(x, [1] * (len(shape) - 1) + [3], name=scope)


# -- metrics ----------------------------------------------------------------------------------


def total_variation(images: Any, name: str | None = None) -> Tensor:
    """The sum of absolute differences of neighbouring pixels, per image."""
    with name_scope(name, "total_variation"):
        x = convert_to_tensor(images)
        rank = len(x.static_shape or ())
        if rank not in (3, 4):
            raise error("SHAPE_MISMATCH", "'images' must be either 3 or 4-dimensional.")
        o = rank - 3
        d1 = _diff(x, o)
        d2 = _diff(x, o + 1)
        axis = None if rank == 3 else [1, 2, 3]
        return reduce_ops.reduce_sum(math_ops.abs(d1), axis=axis) + reduce_ops.reduce_sum(
            math_ops.abs(d2), axis=axis
        )


def _diff(x: Tensor, axis: int) -> Tensor:
    rank = len(x.static_shape)
    hi = tuple(slice(1, None) if i == axis else slice(None) for i in range(rank))
    lo = tuple(slice(None, -1) if i == axis else slice(None) for i in range(rank))
    return x[hi] - x[lo]


def image_gradients(image: Any) -> tuple[Tensor, Tensor]:
    """(dy, dx): forward differences, zero in the last row / column (4-D images)."""
    x = convert_to_tensor(image)
    if x.static_shape is None or len(x.static_shape) != 4:
        raise error("SHAPE_MISMATCH", "image_gradients expects a 4D tensor")
    dy = array_ops.concat([_diff(x, 1), array_ops.zeros_like(x[:, :1])], 1)
    dx = array_ops.concat([_diff(x, 2), array_ops.zeros_like(x[:, :, :1])], 2)
    return dy, dx


def psnr(a: Any, b: Any, max_val: Any, name: str | None = None) -> Tensor:
    """Peak signal-to-noise ratio per image, in dB (float32)."""
    with name_scope(name, "PSNR", [a, b]):
        a = convert_to_tensor(a)
        b = convert_to_tensor(b)
        peak = convert_image_dtype(math_ops.cast(max_val, a.dtype), _dt.float32)
        a = convert_image_dtype(a, _dt.float32)
        b = convert_image_dtype(b, _dt.float32)
        mse = reduce_ops.reduce_mean(_special().squared_difference(a, b), [-3, -2, -1])
        value = math_ops.subtract(
            20 * math_ops.log(peak) / math_ops.log(10.0),
            np.float32(10 / np.log(10)) * math_ops.log(mse),
            name="psnr",
        )
        return array_ops.identity(value)


def _reflect1(x: Tensor, axis: int) -> Tensor:
    """Pad one pixel on both sides of `axis`, mirrored without repeating the edge (TF's
    REFLECT by 1)."""
    rank = len(x.static_shape)

    def take(sl):
        return x[tuple(sl if i == axis else slice(None) for i in range(rank))]

    return array_ops.concat([take(slice(1, 2)), x, take(slice(-2, -1))], axis)


def sobel_edges(image: Any) -> Tensor:
    """Sobel gradients of 4-D images: [batch, h, w, channels, 2] (dy, dx), edges reflected."""
    from .ops.conv_ops import depthwise_conv2d

    x = convert_to_tensor(image)
    shape = x.static_shape
    if shape is None or len(shape) != 4 or shape[-1] is None:
        raise error("SHAPE_MISMATCH", "sobel_edges needs 4-D images with a static depth")
    kernels = np.array([[[-1, -2, -1], [0, 0, 0], [1, 2, 1]], [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]])
    kernels = np.tile(np.transpose(kernels, (1, 2, 0))[:, :, None, :], (1, 1, shape[-1], 1))
    filters = convert_to_tensor(kernels.astype(x.dtype.as_numpy_dtype))
    padded = _reflect1(_reflect1(x, 1), 2)
    out = depthwise_conv2d(padded, filters, [1, 1, 1, 1], "VALID")
    return array_ops.reshape(out, [-1 if shape[0] is None else shape[0], *shape[1:], 2])


def _gaussian(size: int, sigma: float) -> np.ndarray:
    """TF's `_fspecial_gauss`: a softmax of -(i² + j²) / 2σ² over the window, float32."""
    coords = np.arange(size, dtype=np.float32) - np.float32(size - 1) / np.float32(2)
    g = np.square(coords) * (np.float32(-0.5) / np.square(np.float32(sigma)))
    g = (g[None, :] + g[:, None]).reshape(-1)
    g = np.exp(g - g.max())
    return (g / g.sum()).astype(np.float32).reshape(size, size, 1, 1)


def _ssim_per_channel(x, y, max_val, size, sigma, k1, k2):
    from .ops.conv_ops import depthwise_conv2d

    shape = x.static_shape
    if None in shape[-3:] or min(shape[-3:-1]) < size:
        raise error("SHAPE_MISMATCH", f"ssim needs static images of at least {size}x{size}")
    kernel = convert_to_tensor(np.tile(_gaussian(size, sigma), (1, 1, shape[-1], 1)))
    lead = [d if d is not None else -1 for d in shape[:-3]]

    def reducer(t):
        flat = array_ops.reshape(t, [-1, *shape[-3:]])
        out = depthwise_conv2d(flat, kernel, [1, 1, 1, 1], "VALID")
        return array_ops.reshape(out, [*lead, *out.static_shape[1:]]) if lead else out[0]

    c1 = (k1 * max_val) ** 2
    c2 = (k2 * max_val) ** 2
    mean0, mean1 = reducer(x), reducer(y)
    num0 = mean0 * mean1 * 2.0
    den0 = math_ops.square(mean0) + math_ops.square(mean1)
    luminance = (num0 + c1) / (den0 + c1)
    num1 = reducer(x * y) * 2.0
    den1 = reducer(math_ops.square(x) + math_ops.square(y))
    cs = (num1 - num0 + c2) / (den1 - den0 + c2)
    return luminance, cs


def _ssim_inputs(img1, img2):
    a, b = convert_to_tensor(img1, name="img1"), convert_to_tensor(img2, name="img2")
    sa, sb = a.static_shape, b.static_shape
    if sa is None or sb is None or len(sa) < 3 or len(sb) < 3:
        raise error("SHAPE_MISMATCH", "ssim needs images of rank 3 or more")
    for d1, d2 in zip(sa[-3:], sb[-3:], strict=True):
        if d1 is not None and d2 is not None and d1 != d2:
            raise error("SHAPE_MISMATCH", f"Two images are not compatible: {sa} and {sb}")
    return a, b


def ssim(
    img1: Any,
    img2: Any,
    max_val: Any,
    filter_size: int = 11,
    filter_sigma: float = 1.5,
    k1: float = 0.01,
    k2: float = 0.03,
    return_index_map: bool = False,
) -> Tensor:
    """Structural similarity per image (mean over the window positions and channels),
    with TF's 11x11 Gaussian window; images of at least `filter_size` pixels a side."""
    with name_scope(None, "SSIM", [img1, img2]):
        a, b = _ssim_inputs(img1, img2)
        peak = convert_image_dtype(math_ops.cast(max_val, a.dtype), _dt.float32)
        a, b = convert_image_dtype(a, _dt.float32), convert_image_dtype(b, _dt.float32)
        luminance, cs = _ssim_per_channel(a, b, peak, filter_size, filter_sigma, k1, k2)
        value = luminance * cs
        if not return_index_map:
            value = reduce_ops.reduce_mean(value, [-3, -2])
            reduce_ops.reduce_mean(cs, [-3, -2])  # unused, as TF's: it keeps TF's names
        return reduce_ops.reduce_mean(value, [-1])


_MSSSIM_WEIGHTS = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333)


def ssim_multiscale(
    img1: Any,
    img2: Any,
    max_val: Any,
    power_factors: Any = _MSSSIM_WEIGHTS,
    filter_size: int = 11,
    filter_sigma: float = 1.5,
    k1: float = 0.01,
    k2: float = 0.03,
) -> Tensor:
    """Multi-scale SSIM: each scale halves the images (2x2 average, an odd side padded by
    repeating its last pixel, as TF's SYMMETRIC pad)."""
    with name_scope(None, "MS-SSIM", [img1, img2]):
        a, b = _ssim_inputs(img1, img2)
        peak = convert_image_dtype(math_ops.cast(max_val, a.dtype), _dt.float32)
        imgs = [convert_image_dtype(a, _dt.float32), convert_image_dtype(b, _dt.float32)]
        mcs = []
        for k in range(len(power_factors)):
            with name_scope(None, f"Scale{k}", imgs):
                if k > 0:
                    imgs = [_halve(t) for t in imgs]
                luminance, cs = _ssim_per_channel(*imgs, peak, filter_size, filter_sigma, k1, k2)
                ssim_value = reduce_ops.reduce_mean(luminance * cs, [-3, -2])
                mcs.append(_relu(reduce_ops.reduce_mean(cs, [-3, -2])))
        ssim_value = _relu(ssim_value)
        stacked = array_ops.stack([*mcs[:-1], ssim_value], axis=-1)
        weights = convert_to_tensor(np.asarray(power_factors, np.float32))
        ms = reduce_ops.reduce_prod(math_ops.pow(stacked, weights), [-1])
        return reduce_ops.reduce_mean(ms, [-1])


def _relu(t: Tensor) -> Tensor:
    from .ops.nn_ops import relu

    return relu(t)


def _halve(t: Tensor) -> Tensor:
    from .ops.conv_ops import avg_pool

    shape = t.static_shape
    flat = array_ops.reshape(t, [-1, *shape[-3:]])
    for axis in (1, 2):
        if shape[axis - 4] % 2:  # axis 1 is the height, shape[-3]
            edge = flat[:, -1:] if axis == 1 else flat[:, :, -1:]
            flat = array_ops.concat([flat, edge], axis)
    out = avg_pool(flat, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    lead = [d if d is not None else -1 for d in shape[:-3]]
    return array_ops.reshape(out, [*lead, *out.static_shape[1:]]) if lead else out[0]


_YIQ = [
    [0.299, 0.59590059, 0.2115],
    [0.587, -0.27455667, -0.52273617],
    [0.114, -0.32134392, 0.31119955],
]
_YIQ_INV = [[1, 1, 1], [0.95598634, -0.27201283, -1.10674021], [0.6208248, -0.64720424, 1.70423049]]
_YUV = [
    [0.299, -0.14714119, 0.61497538],
    [0.587, -0.28886916, -0.51496512],
    [0.114, 0.43601035, -0.10001026],
]
_YUV_INV = [[1, 1, 1], [0, -0.394642334, 2.03206185], [1.13988303, -0.58062185, 0]]


def _colour_matrix(images: Any, matrix: list) -> Tensor:
    x = convert_to_tensor(images, name="images")
    kernel = convert_to_tensor(np.asarray(matrix, x.dtype.as_numpy_dtype), name="kernel")
    rank = len(x.static_shape)
    return _linalg().tensordot(x, kernel, [[rank - 1], [0]])


def rgb_to_yiq(images: Any) -> Tensor:
    return _colour_matrix(images, _YIQ)


def yiq_to_rgb(images: Any) -> Tensor:
    return _colour_matrix(images, _YIQ_INV)


def rgb_to_yuv(images: Any) -> Tensor:
    return _colour_matrix(images, _YUV)


def yuv_to_rgb(images: Any) -> Tensor:
    return _colour_matrix(images, _YUV_INV)


def resize_image_with_pad(
    image: Any,
    target_height: Any,
    target_width: Any,
    method: Any = ResizeMethod.BILINEAR,
    align_corners: bool = False,
) -> Tensor:
    """Resize keeping the aspect ratio, then zero-pad to the target size (centred)."""
    th, tw = _ints(target_height, target_width)
    with name_scope(None, "resize_image_with_pad", [image]):
        x = _image(image)
        h, w = x.static_shape[-3:-1]
        if h is None or w is None:
            raise error("INVALID_ATTR", "resize_image_with_pad needs images of static size")
        _check_box(th > 0 and tw > 0, "target size must be > 0.")
        f32 = np.float32
        ratio = max(f32(w) / f32(tw), f32(h) / f32(th))
        rh, rw = f32(h) / ratio, f32(w) / ratio
        pad_h = max(0, int(np.floor((f32(th) - rh) / f32(2))))
        pad_w = max(0, int(np.floor((f32(tw) - rw) / f32(2))))
        size = [int(np.floor(rh)), int(np.floor(rw))]

        def run(batch):
            resized = _resize_images(batch, size, method, align_corners, skip_same=False)
            return pad_to_bounding_box(resized, pad_h, pad_w, th, tw)

        return _batched(run, x)


def non_max_suppression_padded(
    boxes: Any,
    scores: Any,
    max_output_size: Any,
    iou_threshold: float = 0.5,
    score_threshold: float = float("-inf"),
    pad_to_max_output_size: bool = False,
    name: str | None = None,
    sorted_input: bool = False,
    canonicalized_coordinates: bool = False,
    tile_size: int = 512,
) -> tuple[Tensor, Tensor]:
    """`non_max_suppression` for one image, with the number kept; padded with zeros to
    `max_output_size` if asked (batched boxes are not taken)."""
    del sorted_input, canonicalized_coordinates, tile_size  # hints for TF's TPU kernel
    b = convert_to_tensor(boxes)
    if b.static_shape is None or len(b.static_shape) != 2:
        raise error("INVALID_ATTR", "non_max_suppression_padded takes the boxes of one image")
    limit = max_output_size
    if not is_dynamic(limit):
        (limit,) = _static_ints(limit, "max_output_size")
    with name_scope(name, "non_max_suppression_padded"):
        kept = non_max_suppression(b, scores, limit, iou_threshold, score_threshold)
        count = array_ops.size(kept)
        if pad_to_max_output_size:
            kept = _pad_to(kept, limit)
        return kept, count


def _pad_to(kept: Tensor, limit: Any) -> Tensor:
    """`kept` padded with zeros to `limit` (an int, or a tensor known at run time)."""
    padded = array_ops.concat([kept, array_ops.zeros([limit], _dt.int32)], 0)
    return array_ops.reshape(padded[:limit], [limit])


def random_crop(value: Any, size: Any, seed: Any = None, name: str | None = None) -> Tensor:
    """`tf.random_crop` under its `tf.image` name."""
    from .ops.random_extra_ops import random_crop as crop

    return crop(value, size, seed=seed, name=name)


def _box_attrs(aspect_ratio_range, area_range, max_attempts, use_image) -> dict:
    aspect = (0.75, 1.33) if aspect_ratio_range is None else tuple(aspect_ratio_range)
    area = (0.05, 1.0) if area_range is None else tuple(area_range)
    if len(aspect) != 2 or len(area) != 2:
        raise error("INVALID_ATTR", "aspect_ratio_range and area_range take 2 values each")
    return {
        "aspect_ratio_min": float(aspect[0]),
        "aspect_ratio_max": float(aspect[1]),
        "area_min": float(area[0]),
        "area_max": float(area[1]),
        "max_attempts": 100 if max_attempts is None else int(max_attempts),
        "use_image_if_no_bounding_boxes": bool(use_image),
    }


def _sample_box(op_type, scope, name, inputs, attrs) -> tuple[Tensor, Tensor, Tensor]:
    from .ops import bounding_box_ops  # noqa: F401 - registers the ops
    from .ops.bounding_box_ops import check_attrs

    with name_scope(name, scope):
        image_size = convert_to_tensor(inputs[0], name="image_size")
        boxes = convert_to_tensor(inputs[1], _dt.float32, name="bounding_boxes")
        covered = convert_to_tensor(inputs[2], _dt.float32, name="min_object_covered")
        rest = [convert_to_tensor(inputs[3], name="seed")] if len(inputs) > 3 else []
        check_attrs(op_type, attrs)
        graph = image_size.graph
        op = graph.create_op(op_type, [image_size, boxes, covered, *rest], attrs, op_type)
    return op_result(op)


def sample_distorted_bounding_box(
    image_size: Any,
    bounding_boxes: Any,
    seed: int | None = None,
    seed2: int | None = None,
    min_object_covered: Any = 0.1,
    aspect_ratio_range: Any = None,
    area_range: Any = None,
    max_attempts: int | None = None,
    use_image_if_no_bounding_boxes: bool | None = None,
    name: str | None = None,
) -> tuple[Tensor, Tensor, Tensor]:
    """A random crop (begin, size, box [1, 1, 4]) of an image of `image_size` covering at
    least `min_object_covered` of one of `bounding_boxes`, its aspect ratio and area
    fraction within the ranges (TF1's `tf.image.sample_distorted_bounding_box`): TF's
    draws for the given `seed`/`seed2` (used as given, as TF1's), the whole image when
    `max_attempts` draws fail."""
    attrs = _box_attrs(aspect_ratio_range, area_range, max_attempts, use_image_if_no_bounding_boxes)
    attrs.update(seed=int(seed or 0), seed2=int(seed2 or 0))
    inputs = (image_size, bounding_boxes, min_object_covered)
    return _sample_box(
        "SampleDistortedBoundingBoxV2", "sample_distorted_bounding_box", name, inputs, attrs
    )


def stateless_sample_distorted_bounding_box(
    image_size: Any,
    bounding_boxes: Any,
    seed: Any,
    min_object_covered: Any = 0.1,
    aspect_ratio_range: Any = None,
    area_range: Any = None,
    max_attempts: int | None = None,
    use_image_if_no_bounding_boxes: bool | None = None,
    name: str | None = None,
) -> tuple[Tensor, Tensor, Tensor]:
    """`sample_distorted_bounding_box` determined by a [2] int `seed` alone, every run."""
    attrs = _box_attrs(aspect_ratio_range, area_range, max_attempts, use_image_if_no_bounding_boxes)
    inputs = (image_size, bounding_boxes, min_object_covered, seed)
    return _sample_box(
        "StatelessSampleDistortedBoundingBox",
        "stateless_sample_distorted_bounding_box",
        name,
        inputs,
        attrs,
    )


__all__ = [
    "ResizeMethod",
    "adjust_brightness",
    "adjust_contrast",
    "adjust_gamma",
    "adjust_hue",
    "adjust_jpeg_quality",
    "adjust_saturation",
    "central_crop",
    "combined_non_max_suppression",
    "convert_image_dtype",
    "crop_and_resize",
    "crop_to_bounding_box",
    "decode_and_crop_jpeg",
    "decode_bmp",
    "decode_gif",
    "decode_image",
    "decode_jpeg",
    "decode_png",
    "draw_bounding_boxes",
    "encode_jpeg",
    "encode_png",
    "extract_glimpse",
    "extract_image_patches",
    "extract_jpeg_shape",
    "extract_patches",
    "flip_left_right",
    "flip_up_down",
    "grayscale_to_rgb",
    "hsv_to_rgb",
    "image_gradients",
    "is_jpeg",
    "non_max_suppression",
    "non_max_suppression_overlaps",
    "non_max_suppression_padded",
    "non_max_suppression_with_scores",
    "pad_to_bounding_box",
    "per_image_standardization",
    "psnr",
    "random_brightness",
    "random_contrast",
    "random_crop",
    "random_flip_left_right",
    "random_flip_up_down",
    "random_hue",
    "random_jpeg_quality",
    "random_saturation",
    "resize",
    "resize_area",
    "resize_bicubic",
    "resize_bilinear",
    "resize_image_with_crop_or_pad",
    "resize_image_with_pad",
    "resize_images",
    "resize_nearest_neighbor",
    "resize_with_crop_or_pad",
    "rgb_to_grayscale",
    "rgb_to_hsv",
    "rgb_to_yiq",
    "rgb_to_yuv",
    "rot90",
    "sample_distorted_bounding_box",
    "sobel_edges",
    "ssim",
    "ssim_multiscale",
    "stateless_sample_distorted_bounding_box",
    "total_variation",
    "transpose",
    "transpose_image",
    "yiq_to_rgb",
    "yuv_to_rgb",
]
