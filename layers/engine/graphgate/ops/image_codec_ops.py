"""TF's image codec ops: `DecodeJpeg`, `DecodeAndCropJpeg`, `DecodePng`, `DecodeGif`,
`DecodeBmp`, `DecodeImage`, `EncodePng`, `EncodeJpeg`, `ExtractJpegShape`, and
`tf.io.is_jpeg`.

As in TensorFlow (its DecodeImageV2Op), one kernel serves every decode op: it sniffs the
format from the first bytes, so `decode_png` reads a JPEG and `decode_jpeg` a PNG or a
one-frame GIF, each op with its own attributes, output rank and refusals, TF's error texts
and order of checks. The codecs themselves (numpy and zlib only) are `png_codec`,
`jpeg_codec` (with `jpeg_progressive`, `jpeg_scaled`, `jpeg_truncated`), `jpeg_encoder`
and `gif_bmp_codec`. WebP and JPEG XL, which TF 2.x also sniffs, are refused
as unimplemented.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Tensor, convert_to_tensor, get_default_graph, name_scope, op_inputs
from ..limits import check_run_time_size, check_string_bytes, check_working_bytes
from ..plan import deadline_error
from . import gif_bmp_codec, jpeg_codec, jpeg_encoder, png_codec
from .registry import InferenceError, not_differentiable, register_op
from .shape_values import static_ints

_UNKNOWN = "Unknown image file format. One of JPEG, JPEG XL, PNG, GIF, BMP, WebP required."
_JPEG_FAILED = "jpeg::Uncompress failed. Invalid JPEG data or crop window."
# TF refuses images past these sizes before decoding (jpeg_mem.cc, decode_image_op.cc).
_MAX_PIXELS = 1 << 29
_MAX_SIDE = 1 << 27


def _sniff(data: bytes) -> str:
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(png_codec.SIGNATURE):
        return "PNG"
    if data.startswith(b"GIF8"):
        return "GIF"
    if data.startswith(b"BM"):
        return "BMP"
    if data.startswith(b"RIFF") and len(data) > 12 and data[8:12] == b"WEBP":
        return "WebP"
    if data.startswith(b"\xff\x0a") or data.startswith(b"\0\0\0\x0cJXL \r\n\x87\n"):
        return "JPEG XL"
    return ""


# -- attributes and shapes --------------------------------------------------------------------


def _check_channels(attrs: dict) -> int:
    channels = attrs.get("channels", 0)
    if channels not in (0, 1, 3, 4):
        raise InferenceError("INVALID_ATTR", f"`channels` must be 0, 1, 3 or 4 but got {channels}")
    return channels


def _scalar_contents(shapes: list, types: list) -> None:
    if types[0] is not _dt.string:
        raise InferenceError(
            "DTYPE_MISMATCH", f"contents must be a string tensor, got {types[0].name}"
        )
    if shapes[0] is not None and len(shapes[0]) != 0:
        raise InferenceError("SHAPE_MISMATCH", f"Shape must be rank 0 but is rank {len(shapes[0])}")


def _decode_infer(kind: str):
    def infer(shapes, types, attrs):
        _scalar_contents(shapes, types)
        if kind == "DecodeGif":
            return [((None, None, None, 3), _dt.uint8)]
        channels = _check_channels(attrs)
        depth = channels or None
        if kind == "DecodeAndCropJpeg" and types[1] is not _dt.int32:
            raise InferenceError(
                "DTYPE_MISMATCH", f"crop_window must be int32, got {types[1].name}"
            )
        if kind in ("DecodeJpeg", "DecodeAndCropJpeg"):
            ratio = attrs.get("ratio", 1)
            if ratio not in (1, 2, 4, 8):
                raise InferenceError("INVALID_ATTR", f"ratio must be 1, 2, 4, or 8, got {ratio}")
            if attrs.get("dct_method", "") not in ("", "INTEGER_FAST", "INTEGER_ACCURATE"):
                raise InferenceError(
                    "INVALID_ATTR",
                    "dct_method must be one of {'', 'INTEGER_FAST', 'INTEGER_ACCURATE'}",
                )
            return [((None, None, depth), _dt.uint8)]
        if kind == "DecodeBmp":
            return [((None, None, depth), _dt.uint8)]
        dtype = attrs.get("dtype", _dt.uint8)
        allowed = (_dt.uint8, _dt.uint16) + ((_dt.float32,) if kind == "DecodeImage" else ())
        if dtype not in allowed:
            names = ", ".join(d.name for d in allowed)
            raise InferenceError(
                "DTYPE_MISMATCH", f"`dtype` for `{kind}` must be {names} but got {dtype.name}"
            )
        if kind == "DecodeImage":
            return [(None if attrs.get("expand_animations", True) else (None, None, depth), dtype)]
        return [((None, None, depth), dtype)]

    return infer


_JPEG_ATTRS = {
    "channels": ("int", 0),
    "ratio": ("int", 1),
    "fancy_upscaling": ("bool", True),
    "try_recover_truncated": ("bool", False),
    "acceptable_fraction": ("float", 1.0),
    "dct_method": ("str", ""),
}
_ATTRS = {
    "DecodeJpeg": _JPEG_ATTRS,
    "DecodeAndCropJpeg": _JPEG_ATTRS,
    "DecodePng": {"channels": ("int", 0), "dtype": ("dtype", _dt.uint8)},
    "DecodeGif": {},
    "DecodeBmp": {"channels": ("int", 0)},
    "DecodeImage": {
        "channels": ("int", 0),
        "dtype": ("dtype", _dt.uint8),
        "expand_animations": ("bool", True),
    },
}


# -- the shared kernel ------------------------------------------------------------------------


class _Decode:
    """One decode op's settings; `__call__` is the kernel (TF's DecodeImageV2Op::Compute)."""

    needs_state = True

    def __init__(self, op):
        self.op = op
        self.kind = op.type
        attrs = op.attrs
        self.channels = 3 if self.kind == "DecodeGif" else attrs.get("channels", 0)
        self.dtype = (
            attrs.get("dtype", _dt.uint8)
            if self.kind in ("DecodePng", "DecodeImage")
            else _dt.uint8
        )
        self.expand = attrs.get("expand_animations", True) if self.kind == "DecodeImage" else True
        jpeg = attrs if self.kind in ("DecodeJpeg", "DecodeAndCropJpeg") else {}
        self.ratio = jpeg.get("ratio", 1)
        self.fancy = jpeg.get("fancy_upscaling", True)
        self.recover = jpeg.get("try_recover_truncated", False)
        self.fraction = jpeg.get("acceptable_fraction", 1.0)
        # TF's kernel maps "" to JDCT_IFAST, its chosen default, like "INTEGER_FAST".
        self.fast = jpeg.get("dct_method", "") != "INTEGER_ACCURATE"

    def fail(self, message: str, code: str = "COMPUTE_ERROR", **details) -> Exception:
        return error(code, message, node=self.op.name, details=details or None)

    def __call__(self, state, contents, crop_window=None):
        self.crop_window = crop_window
        value = np.asarray(contents, object)
        if value.shape != ():
            raise self.fail(f"`contents` must be scalar but got shape{list(value.shape)}")
        data = value[()]
        if not data:
            raise self.fail("Input is empty.")
        fmt = _sniff(data)
        if not fmt:
            raise self.fail(_UNKNOWN)
        if fmt in ("WebP", "JPEG XL"):
            raise self.fail(f"decoding {fmt} images is not supported", "UNIMPLEMENTED")
        return getattr(self, f"_{fmt.lower()}")(state, data)

    def _late(self, state):
        """A codec's clock: raises DEADLINE_EXCEEDED once the run's budget is spent."""

        def late() -> None:
            if state.late():
                raise deadline_error(self.op)

        return late

    def _wrong_op(self, fmt: str, use: str) -> Exception:
        if self.kind == "DecodeAndCropJpeg":
            return self.fail(
                f"DecodeAndCropJpeg operation can run on JPEG only, but detected {fmt}."
            )
        return self.fail(
            f"Trying to decode {fmt} format using DecodeBmp op. "
            f"Use `{use}` or `decode_image` instead."
        )

    def _convert(self, px: np.ndarray, bits: int = 8) -> np.ndarray:
        """uint8 (or 16-bit PNG) samples to the op's dtype, as TF's kernel scales them."""
        if self.dtype is _dt.float32:
            out = px.astype(np.float32)
            out *= np.float32(1.0 / ((1 << bits) - 1))  # in place: one float32 copy, not three
            return out
        if self.dtype is _dt.uint16 and bits == 8:
            return px.astype(np.uint16) * np.uint16(256)
        return px

    def _converted(self) -> int:
        """Bytes per element of the copy `_convert` makes (none for uint8)."""
        return 0 if self.dtype is _dt.uint8 else np.dtype(self.dtype).itemsize

    def _frames(self, px: np.ndarray) -> np.ndarray:
        return px[None] if self.kind == "DecodeGif" else px

    def _jpeg(self, state, data: bytes) -> np.ndarray:
        if self.channels not in (0, 1, 3):
            raise self.fail("JPEG does not support 4 channels")
        if self.kind == "DecodeBmp":
            raise self._wrong_op("JPEG", "decode_jpeg")
        crop = self._crop() if self.kind == "DecodeAndCropJpeg" else None
        try:
            h, w, n = jpeg_codec.shape(data)
            if h * w * n >= _MAX_PIXELS:
                raise jpeg_codec.JpegError("image too large")
            check_run_time_size(state, self.op, (h, w, self.channels or min(n, 3)))
            if crop is not None:
                y, x, ch, cw = crop
                if not (ch > 0 and cw > 0 and x >= 0 and y >= 0 and y + ch <= h and x + cw <= w):
                    raise jpeg_codec.JpegError("crop window outside the image")
                if self.ratio != 1:
                    raise jpeg_codec.Unsupported("a crop window with ratio other than 1")
            frame = jpeg_codec.header(data)
            need = jpeg_codec.working_bytes(
                frame, self.channels, self.ratio, crop, self._converted()
            )
            check_working_bytes(state, self.op, need)
            px = jpeg_codec.decode(
                data,
                self.channels,
                self.fancy,
                self.fast,
                self.recover,
                self.ratio,
                crop,
                self.fraction,
                self._late(state),
            )
        except jpeg_codec.JpegError as exc:
            raise self.fail(_JPEG_FAILED, reason=str(exc)) from None
        except jpeg_codec.Unsupported as exc:
            raise self.fail(f"decode_jpeg: {exc} is not supported", "UNIMPLEMENTED") from None
        return self._frames(self._convert(px))

    def _crop(self) -> tuple:
        window = np.asarray(self.crop_window)
        if window.ndim != 1:
            raise self.fail(f"crop_window must be 1-D, got shape {list(window.shape)}")
        if window.shape[0] != 4:
            raise self.fail(f"crop_size must have four elements {list(window.shape)}")
        return tuple(int(v) for v in window)

    def _png(self, state, data: bytes) -> np.ndarray:
        bits = 8 if self.dtype is _dt.uint8 else 16
        bad_data = None
        try:
            header, _ = png_codec.read_header(data)
        except png_codec.HeaderError as exc:
            raise self.fail("Invalid PNG. Failed to initialize decoder.", reason=str(exc)) from None
        except png_codec.DataError as exc:
            header, bad_data = exc.header, exc
        w, h = header.width, header.height
        if w >= _MAX_SIDE or h >= _MAX_SIDE or w * h >= _MAX_PIXELS:
            raise self.fail(f"PNG size too large for int: {w} by {h}")
        check_run_time_size(state, self.op, (h, w, 4))
        if self.kind in ("DecodeBmp", "DecodeAndCropJpeg"):
            raise self._wrong_op("PNG", "decode_png")
        try:
            if bad_data is not None:
                raise bad_data
            px = png_codec.decode(data, self.channels, bits, self._late(state))
        except (png_codec.HeaderError, png_codec.DataError) as exc:
            raise self.fail(f"Invalid PNG data, size {len(data)}", reason=str(exc)) from None
        except NotImplementedError as exc:
            raise self.fail(f"decode_png: {exc}", "UNIMPLEMENTED") from None
        if self.dtype is _dt.float32:
            return (px.astype(np.float32) * np.float32(1.0 / 65535)).astype(np.float32)
        return self._frames(px)

    def _gif(self, state, data: bytes) -> np.ndarray:
        if self.channels not in (0, 3):
            raise self.fail(f"channels must be 0 or 3 for GIF, got {self.channels}")
        if self.kind in ("DecodeBmp", "DecodeAndCropJpeg"):
            raise self._wrong_op("GIF", "decode_gif")
        try:
            px = gif_bmp_codec.decode_gif(
                data,
                not self.expand,
                lambda shape: check_run_time_size(state, self.op, shape),
                self._late(state),
            )
        except gif_bmp_codec.GifError as exc:
            raise self.fail(f"Invalid GIF data (size {len(data)}), {exc}") from None
        if self.kind in ("DecodePng", "DecodeJpeg"):
            if len(px) != 1:
                raise self.fail(
                    f"Got {len(px)} frames, but animated gifs can only be decoded by "
                    "tf.io.decode_gif or tf.io.decode_image"
                )
            px = px[0]
        elif self.kind == "DecodeImage" and not self.expand:
            px = px[0]
        return self._convert(px)

    def _bmp(self, state, data: bytes) -> np.ndarray:
        if self.channels == 1:
            raise self.fail(f"`channels` must be 0, 3 or 4 for BMP, but got {self.channels}")
        if self.kind == "DecodeAndCropJpeg":
            raise self._wrong_op("BMP", "decode_bmp")
        if self.kind not in ("DecodeBmp", "DecodeImage"):
            raise self.fail(
                "Trying to decode BMP format using a wrong op. Use `decode_bmp` or "
                f"`decode_image` instead. Op used: {self.kind}"
            )
        try:
            px = gif_bmp_codec.decode_bmp(
                data, self.channels, lambda shape: check_run_time_size(state, self.op, shape)
            )
        except gif_bmp_codec.BmpError as exc:
            raise self.fail(str(exc)) from None
        return self._convert(px)


def _register(kind: str) -> None:
    arity = 2 if kind == "DecodeAndCropJpeg" else 1
    infer = _decode_infer(kind)
    # TF's shape functions take contents of unknown rank (a `tf.placeholder(tf.string)`);
    # the kernel checks that they are a scalar.
    register_op(
        kind,
        arity=arity,
        infer=infer,
        attrs=_ATTRS[kind],
        heavy=True,
        needs_state=True,
        unknown_rank_ok=True,
    )(_Decode)


for _kind in _ATTRS:
    _register(_kind)


# -- EncodePng, EncodeJpeg and ExtractJpegShape ----------------------------------------------


def _bytes(state, op, data: bytes) -> np.ndarray:
    """An encoder's string, counted against the run's limits as every string kernel's."""
    check_string_bytes(state, op, len(data))
    out = np.empty((), object)
    out[()] = data
    return out


def _encode_png_infer(shapes, types, attrs):
    if types[0] not in (_dt.uint8, _dt.uint16):
        raise InferenceError(
            "DTYPE_MISMATCH", f"encode_png takes uint8 or uint16 images, got {types[0].name}"
        )
    if shapes[0] is not None and len(shapes[0]) < 3:
        raise InferenceError(
            "SHAPE_MISMATCH", f"Shape must be at least rank 3 but is rank {len(shapes[0])}"
        )
    level = attrs.get("compression", -1)
    if not -1 <= level <= 9:
        raise InferenceError("INVALID_ATTR", f"compression should be in [-1,9], got {level}")
    # TF 2's EncodePng encodes each image of a batch [..., height, width, channels].
    return [(None if shapes[0] is None else shapes[0][:-3], _dt.string)]


@register_op(
    "EncodePng",
    arity=1,
    infer=_encode_png_infer,
    attrs={"compression": ("int", -1)},
    heavy=True,
    needs_state=True,
    unknown_rank_ok=True,
)
def _encode_png(op):
    level = op.attrs.get("compression", -1)

    def kernel(state, image):
        image = np.asarray(image)
        if image.ndim < 3:
            shape = "[" + ",".join(str(d) for d in image.shape) + "]"
            raise error("COMPUTE_ERROR", f"images must be at least rank 3{shape}", node=op.name)
        *batch, h, w, c = image.shape
        if c not in (1, 2, 3, 4):
            raise error(
                "COMPUTE_ERROR", f"image must have 1, 2, 3, or 4 channels, got {c}", node=op.name
            )
        flat = image.reshape(int(np.prod(batch)), h, w, c)
        if (h == 0 or w == 0) and len(flat):  # (TF's kernel aborts on an empty batched one)
            failed = ", ".join(str(i) for i in range(len(flat)))
            raise error(
                "INTERNAL_ERROR",
                f"PNG encoding failed at the following flattened batch indices: {failed}",
                node=op.name,
            )
        out = np.empty(len(flat), object)
        for i, one in enumerate(flat):
            out[i] = _bytes(state, op, png_codec.encode(one, level))[()]
        return out.reshape(batch)

    return kernel


def _encode_jpeg_infer(shapes, types, attrs):
    if types[0] is not _dt.uint8:
        raise InferenceError(
            "DTYPE_MISMATCH", f"encode_jpeg takes uint8 images, got {types[0].name}"
        )
    if shapes[0] is not None and len(shapes[0]) != 3:
        raise InferenceError("SHAPE_MISMATCH", f"Shape must be rank 3 but is rank {len(shapes[0])}")
    quality = attrs.get("quality", 95)
    if not 0 <= quality <= 100:
        raise InferenceError("INVALID_ATTR", f"quality must be in [0,100], got {quality}")
    for name, allowed in (("format", ("", "grayscale", "rgb")), ("density_unit", ("in", "cm"))):
        if attrs.get(name, allowed[0]) not in allowed:
            raise InferenceError("INVALID_ATTR", f"{name} must be one of {list(allowed)}")
    return [((), _dt.string)]


@register_op(
    "EncodeJpeg",
    arity=1,
    infer=_encode_jpeg_infer,
    attrs={
        "format": ("str", ""),
        "quality": ("int", 95),
        "progressive": ("bool", False),
        "optimize_size": ("bool", False),
        "chroma_downsampling": ("bool", True),
        "density_unit": ("str", "in"),
        "x_density": ("int", 300),
        "y_density": ("int", 300),
        "xmp_metadata": ("str", ""),
    },
    heavy=True,
    needs_state=True,
    unknown_rank_ok=True,
)
def _encode_jpeg(op):
    attrs = op.attrs
    fmt = attrs.get("format", "")
    density = (
        1 if attrs.get("density_unit", "in") == "in" else 2,
        attrs.get("x_density", 300),
        attrs.get("y_density", 300),
    )

    def kernel(state, image):
        image = np.asarray(image)
        shape = "[" + ",".join(str(d) for d in image.shape) + "]"
        if image.ndim != 3:  # an image of unknown rank is checked here, as TF's
            raise error("COMPUTE_ERROR", f"image must be 3-dimensional{shape}", node=op.name)
        channels = image.shape[2]
        if fmt and channels != {"grayscale": 1, "rgb": 3}[fmt]:
            want = 1 if fmt == "grayscale" else 3
            raise error(
                "COMPUTE_ERROR", f"format {fmt} expects {want} channels, got {shape}", node=op.name
            )
        if channels not in (1, 3):
            raise error(
                "COMPUTE_ERROR", f"image must have 1 or 3 channels, got {shape}", node=op.name
            )
        if not image.size or max(image.shape[:2]) > 65500:  # libjpeg's JPEG_MAX_DIMENSION
            raise error("INTERNAL_ERROR", "JPEG encoding failed", node=op.name)
        data = jpeg_encoder.encode(
            image,
            attrs.get("quality", 95),
            attrs.get("chroma_downsampling", True),
            density,
            attrs.get("xmp_metadata", "").encode(),
        )
        return _bytes(state, op, data)

    return kernel


def _variable_quality_infer(shapes, types, attrs):
    out = _encode_jpeg_infer(shapes[:1], types[:1], {})
    if types[1] is not _dt.int32:
        raise InferenceError("DTYPE_MISMATCH", f"quality must be int32, got {types[1].name}")
    if shapes[1] is not None and len(shapes[1]) != 0:
        raise InferenceError("SHAPE_MISMATCH", f"Shape must be rank 0 but is rank {len(shapes[1])}")
    return out


@register_op(
    "EncodeJpegVariableQuality",
    arity=2,
    infer=_variable_quality_infer,
    heavy=True,
    needs_state=True,
)
def _encode_jpeg_variable_quality(op):
    """EncodeJpeg's defaults with the quality an input: `tf.image.adjust_jpeg_quality`'s
    encoder (TF's kernel refuses a quality outside [0, 100] when run)."""

    def kernel(state, image, quality):
        q = int(quality)
        if not 0 <= q <= 100:
            raise error("COMPUTE_ERROR", f"quality must be in [0,100], got {q}", node=op.name)
        image = np.asarray(image)
        if image.shape[2] not in (1, 3):
            shape = "[" + ",".join(str(d) for d in image.shape) + "]"
            raise error(
                "COMPUTE_ERROR", f"image must have 1 or 3 channels, got {shape}", node=op.name
            )
        if not image.size or max(image.shape[:2]) > 65500:  # libjpeg's JPEG_MAX_DIMENSION
            raise error("INTERNAL_ERROR", "JPEG encoding failed", node=op.name)
        return _bytes(state, op, jpeg_encoder.encode(image, q, True, (1, 300, 300), b""))

    return kernel


not_differentiable("EncodeJpegVariableQuality")


def _jpeg_shape_infer(shapes, types, attrs):
    _scalar_contents(shapes, types)
    out = attrs.get("output_type", _dt.int32)
    if out not in (_dt.int32, _dt.int64):
        raise InferenceError(
            "DTYPE_MISMATCH", f"output_type must be int32 or int64, got {out.name}"
        )
    return [((3,), out)]


@register_op(
    "ExtractJpegShape",
    arity=1,
    infer=_jpeg_shape_infer,
    attrs={"output_type": ("dtype", _dt.int32)},
    unknown_rank_ok=True,
)
def _extract_jpeg_shape(op):
    out = np.dtype(op.attrs.get("output_type", _dt.int32))

    def kernel(contents):
        contents = np.asarray(contents, object)
        if contents.shape != ():
            raise error(
                "COMPUTE_ERROR",
                f"contents must be scalar, got shape {list(contents.shape)}",
                node=op.name,
            )
        data = contents[()]
        try:
            return np.array(jpeg_codec.shape(data), out)
        except jpeg_codec.JpegError:
            raise error(
                "COMPUTE_ERROR", f"Invalid JPEG data, size {len(data)}", node=op.name
            ) from None

    return kernel


not_differentiable("DecodeJpeg", "DecodeAndCropJpeg", "DecodePng", "DecodeGif", "DecodeBmp")
not_differentiable("DecodeImage")
not_differentiable("EncodePng", "EncodeJpeg", "ExtractJpegShape")


# -- public functions -------------------------------------------------------------------------


def _op(kind: str, value: Any, attrs: dict, name: str | None, arg: str = "contents") -> Tensor:
    graph, ts, name = op_inputs((value,), name, kind, (arg,))
    return graph.create_op(kind, tuple(ts), attrs, name).outputs[0]


def decode_jpeg(
    contents: Any,
    channels: int = 0,
    ratio: int = 1,
    fancy_upscaling: bool = True,
    try_recover_truncated: bool = False,
    acceptable_fraction: float = 1,
    dct_method: str = "",
    name: str | None = None,
) -> Tensor:
    """Decode a JPEG (or PNG, or one-frame GIF) to a uint8 [height, width, channels] image,
    pixel for pixel as TF's libjpeg-turbo path (its default IDCT is the fast integer one)."""
    attrs = {
        "channels": int(channels),
        "ratio": int(ratio),
        "fancy_upscaling": bool(fancy_upscaling),
        "try_recover_truncated": bool(try_recover_truncated),
        "acceptable_fraction": float(acceptable_fraction),
        "dct_method": str(dct_method),
    }
    return _op("DecodeJpeg", contents, attrs, name)


def decode_png(
    contents: Any, channels: int = 0, dtype: Any = _dt.uint8, name: str | None = None
) -> Tensor:
    """Decode a PNG (or JPEG, or one-frame GIF) to a uint8 or uint16 [h, w, channels] image."""
    return _op(
        "DecodePng", contents, {"channels": int(channels), "dtype": _dt.as_dtype(dtype)}, name
    )


def decode_gif(contents: Any, name: str | None = None) -> Tensor:
    """Decode every frame of a GIF to a uint8 [frames, height, width, 3] tensor."""
    return _op("DecodeGif", contents, {}, name)


def decode_bmp(contents: Any, channels: int = 0, name: str | None = None) -> Tensor:
    """Decode an uncompressed 8/24/32-bit BMP to a uint8 [height, width, channels] image."""
    return _op("DecodeBmp", contents, {"channels": int(channels)}, name)


def encode_png(image: Any, compression: int = -1, name: str | None = None) -> Tensor:
    """PNG-encode a uint8 or uint16 [height, width, channels] image (1 to 4 channels)."""
    return _op("EncodePng", image, {"compression": int(compression)}, name, "image")


def encode_jpeg(
    image: Any,
    format: str = "",
    quality: int = 95,
    progressive: bool = False,
    optimize_size: bool = False,
    chroma_downsampling: bool = True,
    density_unit: str = "in",
    x_density: int = 300,
    y_density: int = 300,
    xmp_metadata: str = "",
    name: str | None = None,
) -> Tensor:
    """JPEG-encode a uint8 [height, width, 1 or 3] image: the coefficients are libjpeg's,
    so every decoder reads the pixels it reads from TF's bytes (the bytes differ: one
    sequential scan with fitted Huffman tables, whatever `progressive`/`optimize_size`)."""
    attrs = {
        "format": str(format),
        "quality": int(quality),
        "progressive": bool(progressive),
        "optimize_size": bool(optimize_size),
        "chroma_downsampling": bool(chroma_downsampling),
        "density_unit": str(density_unit),
        "x_density": int(x_density),
        "y_density": int(y_density),
        "xmp_metadata": str(xmp_metadata),
    }
    return _op("EncodeJpeg", image, attrs, name, "image")


def decode_and_crop_jpeg(
    contents: Any,
    crop_window: Any,
    channels: int = 0,
    ratio: int = 1,
    fancy_upscaling: bool = True,
    try_recover_truncated: bool = False,
    acceptable_fraction: float = 1,
    dct_method: str = "",
    name: str | None = None,
) -> Tensor:
    """`decode_jpeg` of the window [y, x, height, width] (int32), as libjpeg-turbo decodes
    just that window for TF (its subsampled colour differs from a full decode's at the
    window's left and right edges, and so does graphgate's)."""
    attrs = {
        "channels": int(channels),
        "ratio": int(ratio),
        "fancy_upscaling": bool(fancy_upscaling),
        "try_recover_truncated": bool(try_recover_truncated),
        "acceptable_fraction": float(acceptable_fraction),
        "dct_method": str(dct_method),
    }
    graph = contents.op.graph if isinstance(contents, Tensor) else get_default_graph()
    with graph.as_default(), graph.name_scope(name or "DecodeAndCropJpeg") as scope:
        ts = (
            convert_to_tensor(contents, dtype=_dt.string, name="contents"),
            convert_to_tensor(crop_window, dtype=_dt.int32, name="crop_window"),
        )
    out = graph.create_op("DecodeAndCropJpeg", ts, attrs, scope).outputs[0]
    window = static_ints(ts[1])
    if window is not None and len(window) == 4 and min(window[2:]) > 0:
        out.set_shape([window[2], window[3], attrs["channels"] or None])  # as TF infers it
    return out


def extract_jpeg_shape(
    contents: Any, output_type: Any = _dt.int32, name: str | None = None
) -> Tensor:
    """[height, width, channels] of a JPEG, read from its header."""
    return _op("ExtractJpegShape", contents, {"output_type": _dt.as_dtype(output_type)}, name)


def decode_image(
    contents: Any,
    channels: int | None = None,
    dtype: Any = _dt.uint8,
    name: str | None = None,
    expand_animations: bool = True,
) -> Tensor:
    """Decode a BMP, GIF, JPEG or PNG, whichever the bytes are: 3-D, or 4-D for a GIF when
    `expand_animations`; dtypes other than uint8/uint16/float32 through convert_image_dtype."""
    dtype = _dt.as_dtype(dtype)
    with name_scope(name, "decode_image", [contents]):
        attrs = {"channels": int(channels or 0), "expand_animations": bool(expand_animations)}
        if dtype in (_dt.uint8, _dt.uint16, _dt.float32):
            return _op("DecodeImage", contents, {**attrs, "dtype": dtype}, "DecodeImage")
        image = _op("DecodeImage", contents, {**attrs, "dtype": _dt.uint16}, "DecodeImage")
        from ..image import convert_image_dtype

        return convert_image_dtype(image, dtype)


def is_jpeg(contents: Any, name: str | None = None) -> Tensor:
    """True when the bytes start as a JPEG does (TF's three-byte check)."""
    from .math_ops import equal
    from .string_ops import substr

    with name_scope(name, "is_jpeg", [contents]):
        return equal(substr(contents, 0, 3), b"\xff\xd8\xff", name=name)


__all__ = [
    "decode_and_crop_jpeg",
    "decode_bmp",
    "decode_gif",
    "decode_image",
    "decode_jpeg",
    "decode_png",
    "encode_jpeg",
    "encode_png",
    "extract_jpeg_shape",
    "is_jpeg",
]
