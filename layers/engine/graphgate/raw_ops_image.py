"""`tf.raw_ops`' resizes, crops, space/depth/batch moves, patches, non-max suppression
and fused batch norms (see raw_ops.py): TF's attributes checked as TF checks them, then
built by the public function that owns each op.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import dtypes as _dt
from .errors import error
from .graph import as_tensors
from .op_results import result_type
from .raw_op_attrs import dtype_in, gg, ints, named, one_of, op_alone, unimplemented


def _resize(op_type: str, public: str, half_pixel: bool) -> Any:
    if half_pixel:

        def raw_op(*, images, size, align_corners=False, half_pixel_centers=False, name=None):
            fn = getattr(gg().image, public)
            return fn(images, size, bool(align_corners), name or op_type, bool(half_pixel_centers))
    else:

        def raw_op(*, images, size, align_corners=False, name=None):
            return getattr(gg().image, public)(images, size, bool(align_corners), name or op_type)

    return named(op_type, raw_op)


_RESIZES = {
    "ResizeBilinear": _resize("ResizeBilinear", "resize_bilinear", True),
    "ResizeNearestNeighbor": _resize("ResizeNearestNeighbor", "resize_nearest_neighbor", True),
    "ResizeBicubic": _resize("ResizeBicubic", "resize_bicubic", True),
    "ResizeArea": _resize("ResizeArea", "resize_area", False),
}


def CropAndResize(
    *, image, boxes, box_ind, crop_size, method="bilinear", extrapolation_value=0, name=None
):
    method = one_of("CropAndResize", "method", method, ("bilinear", "nearest"))
    return gg().image.crop_and_resize(
        image,
        boxes,
        box_ind,
        crop_size,
        method,
        float(extrapolation_value),
        name=name or "CropAndResize",
    )


def _glimpse(op_type: str) -> Any:
    def raw_op(
        *,
        input,
        size,
        offsets,
        centered=True,
        normalized=True,
        uniform_noise=True,
        noise="uniform",
        name=None,
    ):
        from .ops.image_ops import glimpse_op

        return glimpse_op(
            op_type, input, size, offsets, centered, normalized, uniform_noise, noise, name
        )

    return named(op_type, raw_op)


def _block_size(op: str, value: Any) -> int:
    (size,) = ints(op, "block_size", [value])
    if size < 2:
        raise error("INVALID_ATTR", f"{op}: block_size must be at least 2, got {size}")
    return size


def DepthToSpace(*, input, block_size, data_format="NHWC", name=None):
    fmt = _depth_format("DepthToSpace", data_format)
    size = _block_size("DepthToSpace", block_size)
    return gg().depth_to_space(input, size, name or "DepthToSpace", fmt)


def SpaceToDepth(*, input, block_size, data_format="NHWC", name=None):
    fmt = _depth_format("SpaceToDepth", data_format)
    size = _block_size("SpaceToDepth", block_size)
    return gg().space_to_depth(input, size, name or "SpaceToDepth", fmt)


def _depth_format(op: str, data_format: Any) -> str:
    fmt = one_of(op, "data_format", data_format, ("NHWC", "NCHW", "NCHW_VECT_C"))
    if fmt != "NHWC":
        raise unimplemented(op, f"data_format {fmt}")
    return fmt


def SpaceToBatchND(*, input, block_shape, paddings, name=None):
    return gg().space_to_batch_nd(input, block_shape, paddings, name or "SpaceToBatchND")


def BatchToSpaceND(*, input, block_shape, crops, name=None):
    return gg().batch_to_space_nd(input, block_shape, crops, name or "BatchToSpaceND")


def ExtractImagePatches(*, images, ksizes, strides, rates, padding, name=None):
    op = "ExtractImagePatches"
    return gg().image.extract_image_patches(
        images,
        ints(op, "ksizes", ksizes, 4),
        ints(op, "strides", strides, 4),
        ints(op, "rates", rates, 4),
        one_of(op, "padding", padding, ("SAME", "VALID")),
        name=name or op,
    )


def NonMaxSuppressionV3(
    *, boxes, scores, max_output_size, iou_threshold, score_threshold, name=None
):
    # The op alone: the public function builds it under `non_max_suppression/`, as TF's.
    from .ops.image_ops import _nms_limits

    thresholds = {"iou_threshold": iou_threshold, "score_threshold": score_threshold}
    extra, attrs = _nms_limits({"max_output_size": max_output_size}, thresholds)
    return op_alone("NonMaxSuppressionV3", (boxes, scores, *extra), attrs, name)


# -- image codecs -----------------------------------------------------------------------------


def DecodePng(*, contents, channels=0, dtype=_dt.uint8, name=None):
    dtype = dtype_in("DecodePng", "dtype", dtype, (_dt.uint8, _dt.uint16))
    return gg().image.decode_png(contents, channels, dtype, name=name or "DecodePng")


def DecodeBmp(*, contents, channels=0, name=None):
    return gg().image.decode_bmp(contents, channels, name=name or "DecodeBmp")


def DecodeImage(*, contents, channels=0, dtype=_dt.uint8, expand_animations=True, name=None):
    # The op alone: the public decode_image builds it under `decode_image/`, as TF's.
    from .ops.image_codec_ops import _op

    dtype = dtype_in("DecodeImage", "dtype", dtype, (_dt.uint8, _dt.uint16, _dt.float32))
    attrs = {
        "channels": int(channels),
        "dtype": dtype,
        "expand_animations": bool(expand_animations),
    }
    return _op("DecodeImage", contents, attrs, name or "DecodeImage")


def DecodeJpeg(
    *,
    contents,
    channels=0,
    ratio=1,
    fancy_upscaling=True,
    try_recover_truncated=False,
    acceptable_fraction=1,
    dct_method="",
    name=None,
):
    return gg().image.decode_jpeg(
        contents,
        channels,
        ratio,
        fancy_upscaling,
        try_recover_truncated,
        acceptable_fraction,
        dct_method,
        name=name or "DecodeJpeg",
    )


def EncodePng(*, image, compression=-1, name=None):
    return gg().image.encode_png(image, compression, name=name or "EncodePng")


def EncodeJpeg(
    *,
    image,
    format="",
    quality=95,
    progressive=False,
    optimize_size=False,
    chroma_downsampling=True,
    density_unit="in",
    x_density=300,
    y_density=300,
    xmp_metadata="",
    name=None,
):
    return gg().image.encode_jpeg(
        image,
        one_of("EncodeJpeg", "format", format, ("", "grayscale", "rgb")),
        quality,
        progressive,
        optimize_size,
        chroma_downsampling,
        one_of("EncodeJpeg", "density_unit", density_unit, ("in", "cm")),
        x_density,
        y_density,
        xmp_metadata,
        name=name or "EncodeJpeg",
    )


def ExtractJpegShape(*, contents, output_type=_dt.int32, name=None):
    output_type = dtype_in("ExtractJpegShape", "output_type", output_type, (_dt.int32, _dt.int64))
    return gg().image.extract_jpeg_shape(contents, output_type, name=name or "ExtractJpegShape")


# -- fused batch norm --------------------------------------------------------------------------

_BN = {t: result_type(t) for t in ("FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3")}


def _fused_batch_norm(op_type: str) -> Any:
    def raw_op(
        *,
        x,
        scale,
        offset,
        mean,
        variance,
        epsilon=0.0001,
        exponential_avg_factor=1,
        data_format="NHWC",
        is_training=True,
        name=None,
    ):
        fmt = one_of(op_type, "data_format", data_format, ("NHWC", "NCHW", "NDHWC", "NCDHW"))
        if fmt not in ("NHWC", "NCHW"):
            raise unimplemented(op_type, f"data_format {fmt}")
        return _batch_norm_outputs(
            op_type,
            name,
            x,
            (scale, offset, mean, variance),
            (float(epsilon), float(exponential_avg_factor), fmt, bool(is_training)),
        )

    return named(op_type, raw_op)


def _batch_norm_outputs(op_type, name, x, tensors, attrs):
    """TF's one op of five (six) outputs as graphgate's norm under the op's name scope, its
    outputs gathered by an IdentityN named as TF's op (`FusedBatchNormV3:0` is y)."""
    from .ops.nn_ops import fused_batch_norm_parts

    graph, (x,) = as_tensors(x)
    with graph.as_default(), graph.name_scope(name, op_type) as scope:
        parts = list(fused_batch_norm_parts(x, *tensors, *attrs))
        if op_type == "FusedBatchNormV3":  # TF's CPU kernel leaves it empty
            parts.append(gg().constant(np.zeros([0], np.float32), name="reserve_space_3"))
        op = graph.create_op("IdentityN", tuple(parts), None, scope[:-1], exact_name=True)
    return _BN[op_type](*op.outputs)


_BUILT = {
    **_RESIZES,
    **{op: _fused_batch_norm(op) for op in _BN},
    **{op: _glimpse(op) for op in ("ExtractGlimpse", "ExtractGlimpseV2")},
}

NAMES = [
    "CropAndResize",
    "DepthToSpace",
    "SpaceToDepth",
    "SpaceToBatchND",
    "BatchToSpaceND",
    "ExtractImagePatches",
    "NonMaxSuppressionV3",
    "DecodePng",
    "DecodeBmp",
    "DecodeImage",
    "DecodeJpeg",
    "EncodePng",
    "EncodeJpeg",
    "ExtractJpegShape",
]
for _name in NAMES:
    named(_name, globals()[_name])
globals().update(_BUILT)
NAMES += list(_BUILT)
