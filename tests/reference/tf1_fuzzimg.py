"""Differential fuzzing of tf.image, tf.strings and the sparse ops against TensorFlow
(dev-only): small TF1 graphs drawn with fixed seeds, forward and gradients, every dtype
each op takes, edge values (NaN, inf, -0.0, empty and 1-pixel images, batched and
unbatched ranks, invalid UTF-8), and invalid configurations, run under `tf.compat.v1` in
graph mode:

    /work/tfvenv/bin/python tests/reference/tf1_fuzzimg.py \
        > tests/unit/engine/fixtures/tf1_fuzzimg.json

tf1_fuzznn drew the resizes' methods × align_corners × half_pixel_centers of float
images, crop_and_resize, patches, the colour adjustments and NMS; this round draws what
it left: resizes of other dtypes, 1-pixel and empty images, preserve_aspect_ratio and
resize_with_pad; geometry (flips, rot90, transposes, crops, pads, central_crop); colour
spaces; convert_image_dtype over every pair; statistics (standardization, total
variation, gradients, Sobel, PSNR, SSIM); bounding boxes, combined NMS; codec round
trips; seeded random image ops; the tf.strings ops; the SparseTensor ops.

The fixture holds each program and what TF gave (fuzzkit): each output's static shape
at construction, its dtype, shape and bits (strings: their bytes as latin-1 text), or
the stage, class and message of what it raised. Each program names how its floats
compare (`tol`): "exact" (bit for bit: indexing, data movement, strings, integers) or
"ulps:N" (within N units in the last place of the dtype, or N eps of 1: fuzzkit's
float_differences); tests/unit/engine/test_tf1_fuzzimg.py says why each family's N.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import fuzzkit
import tf1_fuzzdiff as fuzz

says = fuzzkit.says


# -- encoding (fuzzdiff's, and strings as latin-1 text) ---------------------------------------


def encode(value) -> dict:
    a = np.asarray(value)
    if a.dtype.kind in "OSU":
        flat = [v.encode() if isinstance(v, str) else bytes(v) for v in a.ravel()]
        return {
            "dtype": "string",
            "shape": list(a.shape),
            "text": [b.decode("latin-1") for b in flat],
        }
    return fuzz.encode(a)


def decode(spec: dict) -> np.ndarray:
    if spec["dtype"] == "string":
        flat = np.empty(len(spec["text"]), object)
        flat[:] = [t.encode("latin-1") for t in spec["text"]]
        return flat.reshape(spec["shape"])
    return fuzz.decode(spec)


def build(tf, program: dict) -> tuple[list, dict]:
    """fuzzkit.build, with string inputs."""
    xs, feed = [], {}
    for spec in program["inputs"]:
        value = decode(spec)
        dtype = getattr(tf, spec["dtype"])
        if program["feed"]:
            x = tf.placeholder(dtype, list(value.shape))
            feed[x] = value
        else:
            x = tf.constant(value, dtype)
        xs.append(x)
    ys = OPS[program["op"]](tf, xs, program["attrs"])
    ys = list(ys) if isinstance(ys, list | tuple) else [ys]
    wrt = program.get("grad")
    if wrt:
        y = ys[program.get("of", 0)]  # a sparse result's values (1), not its indices
        grads = tf.gradients(y, [xs[i] for i in wrt], grad_ys=fuzzkit.upstream(tf, y))
        ys += [None if g is None else tf.convert_to_tensor(g) for g in grads]
    return ys, feed


def observe(tf, program: dict, classes=lambda e: type(e).__name__) -> dict:
    with tf.Graph().as_default():
        if "graph_seed" in program:
            tf.set_random_seed(program["graph_seed"])
        try:
            ys, feed = build(tf, program)
        except Exception as exc:  # the class is what is recorded
            return {"error": ["build", classes(exc), fuzzkit.message(exc, program)]}
        shapes = [None if y is None else fuzzkit.static(y) for y in ys]
        fetch = [y for y in ys if y is not None]
        try:
            with tf.Session() as sess:
                got = sess.run(fetch, feed)
        except Exception as exc:
            return {"error": ["run", classes(exc), fuzzkit.message(exc, program)]}
    values = iter(got)
    return {"static": shapes, "outputs": [None if y is None else encode(next(values)) for y in ys]}


# -- the ops -----------------------------------------------------------------------------------


def _dtype(tf, name):
    return getattr(tf, name) if name else None


def _resize(tf, xs, a):
    fn = a["fn"]
    if fn == "resize_images":
        method = getattr(tf.image.ResizeMethod, a["method"])
        return tf.image.resize_images(
            xs[0], a["size"], method, align_corners=a["align"], preserve_aspect_ratio=a["keep"]
        )
    if fn == "resize_image_with_pad":
        method = getattr(tf.image.ResizeMethod, a["method"])
        return tf.image.resize_image_with_pad(xs[0], *a["size"], method=method)
    if fn == "resize_area":
        return tf.image.resize_area(xs[0], a["size"], align_corners=a["align"])
    return getattr(tf.image, fn)(
        xs[0], a["size"], align_corners=a["align"], half_pixel_centers=a["half"]
    )


def _geometry(tf, xs, a):
    fn, x = a["fn"], xs[0]
    if fn in ("flip_left_right", "flip_up_down", "transpose"):
        return getattr(tf.image, fn)(x)
    if fn == "rot90":
        return tf.image.rot90(x, a["k"])
    if fn == "central_crop":
        return tf.image.central_crop(x, a["fraction"])
    if fn == "crop_or_pad":
        return tf.image.resize_with_crop_or_pad(x, *a["size"])
    return getattr(tf.image, fn)(x, *a["box"])


def _colour(tf, xs, a):
    fn, x = a["fn"], xs[0]
    if fn == "adjust_gamma":
        return tf.image.adjust_gamma(x, a["gamma"], a["gain"])
    if "factor" in a:
        return getattr(tf.image, fn)(x, a["factor"])
    return getattr(tf.image, fn)(x)


def _stats(tf, xs, a):
    fn = a["fn"]
    if fn == "psnr":
        return tf.image.psnr(xs[0], xs[1], a["max_val"])
    if fn == "ssim":
        return tf.image.ssim(
            xs[0], xs[1], a["max_val"], filter_size=a["size"], filter_sigma=a["sigma"]
        )
    if fn == "ssim_multiscale":
        return tf.image.ssim_multiscale(
            xs[0], xs[1], a["max_val"], power_factors=a["powers"], filter_size=a["size"]
        )
    if fn == "image_gradients":
        return list(tf.image.image_gradients(xs[0]))
    return getattr(tf.image, fn)(xs[0])


def _boxes(tf, xs, a):
    if a["fn"] == "draw":
        return tf.image.draw_bounding_boxes(xs[0], xs[1], colors=xs[2] if len(xs) > 2 else None)
    out = tf.image.combined_non_max_suppression(
        xs[0],
        xs[1],
        a["per_class"],
        a["total"],
        a["iou"],
        a["score"],
        pad_per_class=a["pad"],
        clip_boxes=a["clip"],
    )
    return list(out)


def _codec(tf, xs, a):
    x = xs[0]
    fmt = a["fmt"]
    if fmt == "png":
        data = tf.image.encode_png(x, compression=a["level"])
        return tf.image.decode_png(data, channels=a["channels"], dtype=x.dtype)
    if fmt == "jpeg":
        data = tf.image.encode_jpeg(x, quality=a["quality"])
        return tf.image.decode_jpeg(data, channels=a["channels"])
    if fmt == "image":
        data = tf.image.encode_png(x)
        return tf.image.decode_image(data, channels=a["channels"], expand_animations=False)
    return tf.io.decode_raw(tf.image.encode_png(x), tf.uint8)[:8]


def _random(tf, xs, a):
    fn, x = a["fn"], xs[0]
    seed = a["seed"]
    if fn in ("random_flip_left_right", "random_flip_up_down"):
        return getattr(tf.image, fn)(x, seed=seed)
    if fn == "random_crop":
        return tf.image.random_crop(x, a["size"], seed=seed)
    if fn == "sample_distorted_bounding_box":
        return list(
            tf.image.sample_distorted_bounding_box(
                a["shape"],
                x,
                seed=seed,
                min_object_covered=a["covered"],
                use_image_if_no_bounding_boxes=True,
            )
        )
    return getattr(tf.image, fn)(x, *a["range"], seed=seed)


def _sparse_parts(sp):
    return [sp.indices, sp.values, sp.dense_shape]


def _as_string(tf, xs, a):
    keys = ("precision", "scientific", "shortest", "width", "fill")
    return tf.strings.as_string(xs[0], **{k: a[k] for k in keys})


def _hash(tf, xs, a):
    if a["fn"] == "to_hash_bucket_strong":
        return tf.strings.to_hash_bucket_strong(xs[0], a["buckets"], a["key"])
    return getattr(tf.strings, a["fn"])(xs[0], a["buckets"])


# fn: builder(tf, xs, attrs)
_STRING_OPS = {
    "split": lambda tf, xs, a: _sparse_parts(
        tf.strings.split(xs[0], a["sep"], maxsplit=a["maxsplit"])
    ),
    "string_split": lambda tf, xs, a: _sparse_parts(
        tf.string_split(xs[0], a["sep"], skip_empty=a["skip"])
    ),
    "join": lambda tf, xs, a: tf.strings.join(xs, separator=a["sep"]),
    "reduce_join": lambda tf, xs, a: tf.strings.reduce_join(
        xs[0], axis=a["axis"], keepdims=a["keepdims"], separator=a["sep"]
    ),
    "substr": lambda tf, xs, a: tf.strings.substr(xs[0], a["pos"], a["len"], unit=a["unit"]),
    "length": lambda tf, xs, a: tf.strings.length(xs[0], unit=a["unit"]),
    "lower": lambda tf, xs, a: tf.strings.lower(xs[0]),
    "upper": lambda tf, xs, a: tf.strings.upper(xs[0]),
    "strip": lambda tf, xs, a: tf.strings.strip(xs[0]),
    "regex_full_match": lambda tf, xs, a: tf.strings.regex_full_match(xs[0], a["pattern"]),
    "regex_replace": lambda tf, xs, a: tf.strings.regex_replace(
        xs[0], a["pattern"], a["rewrite"], replace_global=a["global"]
    ),
    "to_number": lambda tf, xs, a: tf.strings.to_number(xs[0], out_type=getattr(tf, a["out"])),
    "as_string": _as_string,
    "to_hash_bucket": _hash,
    "to_hash_bucket_fast": _hash,
    "to_hash_bucket_strong": _hash,
    "format": lambda tf, xs, a: tf.strings.format(a["template"], xs, summarize=a["summarize"]),
    "bytes_split": lambda tf, xs, a: tf.strings.bytes_split(xs[0]).to_tensor(default_value=b"<>"),
    "ngrams": lambda tf, xs, a: tf.strings.ngrams(
        xs[0], a["width"], separator=a["sep"], pad_values=a["pad"]
    ),
    "segment_join": lambda tf, xs, a: tf.strings.unsorted_segment_join(
        xs[0], xs[1], a["n"], separator=a["sep"]
    ),
}


def _string(tf, xs, a):
    return _STRING_OPS.get(a["fn"], _unicode)(tf, xs, a)


def _unicode(tf, xs, a):
    fn, s, x = a["fn"], tf.strings, xs[0]
    errs = {"errors": a["errors"], "replacement_char": a["replace"]}
    if fn == "unicode_decode":
        r = s.unicode_decode(x, a["enc"], **errs, replace_control_characters=a["control"])
        return r.to_tensor(default_value=-7)
    if fn == "unicode_split":
        return s.unicode_split(x, a["enc"], **errs).to_tensor(default_value=b"<>")
    if fn == "unicode_transcode":
        return s.unicode_transcode(x, a["enc"], a["out"], **errs)
    if fn == "unicode_encode":
        return s.unicode_encode(x, a["out"], **errs)
    if fn == "unicode_script":
        return s.unicode_script(x)
    return s.unicode_decode_with_offsets(x, a["enc"], **errs)[1].to_tensor(default_value=-7)


def _sparse_input(tf, xs, k=0):
    return tf.SparseTensor(xs[k], xs[k + 1], xs[k + 2])


def _sp(k=0):
    return lambda tf, xs: _sparse_input(tf, xs, k)


def _sparse_split(tf, xs, a):
    parts = tf.sparse.split(sp_input=_sparse_input(tf, xs), num_split=a["num"], axis=a["axis"])
    return [t for p in parts for t in _sparse_parts(p)]


def _fill_empty_rows(tf, xs, a):
    out, empty = tf.sparse.fill_empty_rows(_sparse_input(tf, xs), a["default"])
    return [*_sparse_parts(out), empty]


def _segment(tf, xs, a):
    op = getattr(tf.sparse, f"segment_{a['kind']}")
    return op(xs[0], xs[1], xs[2], num_segments=a["n"])


def _reduce(tf, xs, a):
    out = getattr(tf.sparse, a["fn"])(_sparse_input(tf, xs), axis=a["axis"], keepdims=a["keepdims"])
    return _sparse_parts(out) if a["fn"].endswith("_sparse") else out


# fn: builder(tf, xs, attrs); a SparseTensor operand is (indices, values, dense_shape)
# from input 0 (and 3 for a second one); a SparseTensor result its three parts.
_SPARSE_OPS = {
    "add": lambda tf, xs, a: _sparse_parts(
        tf.sparse.add(_sp()(tf, xs), _sp(3)(tf, xs), a["thresh"])
    ),
    "add_dense": lambda tf, xs, a: tf.sparse.add(_sp()(tf, xs), xs[3]),
    "reduce_sum": _reduce,
    "reduce_max": _reduce,
    "reduce_sum_sparse": _reduce,
    "reduce_max_sparse": _reduce,
    "reorder": lambda tf, xs, a: _sparse_parts(tf.sparse.reorder(_sp()(tf, xs))),
    "reshape": lambda tf, xs, a: _sparse_parts(tf.sparse.reshape(_sp()(tf, xs), a["shape"])),
    "slice": lambda tf, xs, a: _sparse_parts(tf.sparse.slice(_sp()(tf, xs), a["start"], a["size"])),
    "concat": lambda tf, xs, a: _sparse_parts(
        tf.sparse.concat(
            a["axis"], [_sp()(tf, xs), _sp(3)(tf, xs)], expand_nonconcat_dim=a["expand"]
        )
    ),
    "split": _sparse_split,
    "retain": lambda tf, xs, a: _sparse_parts(tf.sparse.retain(_sp()(tf, xs), xs[3])),
    "fill_empty_rows": _fill_empty_rows,
    "to_dense": lambda tf, xs, a: tf.sparse.to_dense(
        _sp()(tf, xs), a["default"], validate_indices=a["validate"]
    ),
    "sparse_to_dense": lambda tf, xs, a: tf.sparse_to_dense(
        xs[0], xs[2], xs[1], a["default"], a["validate"]
    ),
    "matmul": lambda tf, xs, a: tf.sparse.sparse_dense_matmul(
        _sp()(tf, xs), xs[3], adjoint_a=a["aa"], adjoint_b=a["ab"]
    ),
    "maximum": lambda tf, xs, a: _sparse_parts(tf.sparse.maximum(_sp()(tf, xs), _sp(3)(tf, xs))),
    "minimum": lambda tf, xs, a: _sparse_parts(tf.sparse.minimum(_sp()(tf, xs), _sp(3)(tf, xs))),
    "softmax": lambda tf, xs, a: _sparse_parts(tf.sparse.softmax(_sp()(tf, xs))),
    "transpose": lambda tf, xs, a: _sparse_parts(tf.sparse.transpose(_sp()(tf, xs), a["perm"])),
    "cross": lambda tf, xs, a: _sparse_parts(
        tf.sparse.cross([_sp()(tf, xs), _sp(3)(tf, xs), xs[6]], separator=a["sep"])
    ),
    "cross_hashed": lambda tf, xs, a: _sparse_parts(
        tf.sparse.cross_hashed(
            [_sp()(tf, xs), _sp(3)(tf, xs)], num_buckets=a["buckets"], hash_key=a["key"]
        )
    ),
    "from_dense": lambda tf, xs, a: _sparse_parts(tf.sparse.from_dense(xs[0])),
    "segment": _segment,
}


def _sparse(tf, xs, a):
    return _SPARSE_OPS[a["fn"]](tf, xs, a)


OPS = {
    "resize": _resize,
    "geometry": _geometry,
    "colour": _colour,
    "convert": lambda tf, xs, a: tf.image.convert_image_dtype(
        xs[0], getattr(tf, a["dtype"]), saturate=a["saturate"]
    ),
    "stats": _stats,
    "boxes": _boxes,
    "codec": _codec,
    "random": _random,
    "string": _string,
    "sparse": _sparse,
}


# -- drawing -----------------------------------------------------------------------------------


def _choice(rng, items):
    return items[int(rng.integers(0, len(items)))]


def _program(op, inputs, attrs=None, tol="exact", grad=None, feed=False, **more) -> dict:
    p = {"op": op, "attrs": attrs or {}, "inputs": [encode(x) for x in inputs], "feed": feed}
    p["tol"] = tol
    if grad:
        p["grad"] = grad
    p.update(more)
    return p


def _pixels(rng, dtype, shape, edge=0.1) -> np.ndarray:
    """An image: integers over the dtype's range, floats on [0, 1] in 1/64 steps (exact in
    float16), some of them edge values (NaN, inf, -0.0, ...) with probability `edge`."""
    if dtype in ("uint8", "uint16", "int8", "int16", "int32", "int64", "uint32"):
        info = np.iinfo(dtype)
        x = rng.integers(max(info.min, -(2**20)), min(info.max, 2**20), shape, endpoint=True)
        x = np.where(rng.random(shape) < 0.2, info.max, x)
        return x.astype(dtype)
    x = (rng.integers(0, 65, shape) / 64).astype(dtype)
    if edge:
        wild = fuzz.draw(rng, dtype, shape)
        x = np.where(rng.random(shape) < edge, wild, x).astype(dtype)
    return x


def _image_shape(rng, channels=None, lo=1, hi=5, empty=0.05) -> list:
    hw = [0 if rng.random() < empty else int(rng.integers(lo, hi + 1)) for _ in "hw"]
    c = channels if channels is not None else int(rng.integers(1, 4))
    if rng.random() < 0.4:
        return [*hw, c]
    return [int(rng.integers(1, 3)), *hw, c]


_METHODS = ("BILINEAR", "NEAREST_NEIGHBOR", "BICUBIC", "AREA")
_IMAGE_DTYPES = (
    "uint8",
    "uint16",
    "int8",
    "int16",
    "int32",
    "int64",
    "float16",
    "float32",
    "float64",
)


def _resizes(rng) -> list:
    out = []
    for i in range(70):
        dtype = _choice(rng, _IMAGE_DTYPES)
        x = _pixels(rng, dtype, _image_shape(rng, empty=0.0), edge=0.05)
        size = [int(rng.integers(1, 7)) for _ in "hw"]
        if rng.random() < 0.15:
            size = [1, 1]
        r = rng.random()
        if r < 0.35:
            method = _METHODS[i % 4]
            attrs = {"fn": "resize_images", "method": method, "size": size}
            attrs["align"] = bool(rng.random() < 0.3)
            attrs["keep"] = bool(rng.random() < 0.3)
        elif r < 0.5:
            attrs = {"fn": "resize_image_with_pad", "method": _METHODS[i % 3], "size": size}
        elif r < 0.6:
            attrs = {"fn": "resize_area", "size": size, "align": bool(rng.random() < 0.3)}
        else:
            fn = ("resize_bilinear", "resize_nearest_neighbor", "resize_bicubic")[i % 3]
            half = bool(rng.random() < 0.5)
            attrs = {"fn": fn, "size": size, "align": not half and rng.random() < 0.4, "half": half}
        if attrs.get("fn") in ("resize_images", "resize_image_with_pad") and len(x.shape) == 3:
            pass  # unbatched images are these entry points' to take
        elif len(x.shape) == 3:
            x = x[None]
        exact = "NEAREST" in str(attrs.get("method", attrs["fn"])).upper()
        grad = None
        if (
            not exact
            and dtype == "float32"
            and attrs["fn"] in ("resize_bilinear", "resize_bicubic")
        ):
            grad = [0] if i % 2 else None
        out.append(
            _program(
                "resize",
                [x],
                attrs,
                tol="exact" if exact else "ulps:64",
                grad=grad,
                feed=bool(grad),
            )
        )
    for dtype in ("float32", "uint8"):  # empty images, 1-pixel images
        for shape, size in (([1, 0, 3, 1], [2, 2]), ([1, 1, 1, 2], [3, 2]), ([1, 2, 2, 1], [0, 3])):
            x = _pixels(rng, dtype, shape)
            for fn in ("resize_bilinear", "resize_nearest_neighbor"):
                out.append(
                    _program("resize", [x], {"fn": fn, "size": size, "align": False, "half": True})
                )
    return out


def _geometries(rng) -> list:
    out = []
    fns = (
        "flip_left_right",
        "flip_up_down",
        "transpose",
        "rot90",
        "central_crop",
        "crop_or_pad",
        "crop_to_bounding_box",
        "pad_to_bounding_box",
    )
    for i in range(64):
        fn = fns[i % len(fns)]
        dtype = _choice(rng, (*_IMAGE_DTYPES, "bool", "complex64", "uint32"))
        shape = _image_shape(rng, empty=0.08)
        x = fuzz.draw(rng, dtype, shape)
        attrs = {"fn": fn}
        grad = None
        h, w = shape[-3], shape[-2]
        if fn == "rot90":
            attrs["k"] = int(rng.integers(-5, 6))
        elif fn == "central_crop":
            attrs["fraction"] = float(_choice(rng, (1.0, 0.5, 0.3, 0.75, 0.99, 0.1)))
        elif fn == "crop_or_pad":
            attrs["size"] = [int(rng.integers(1, 6)), int(rng.integers(1, 6))]
        elif fn == "crop_to_bounding_box":
            oh, ow = int(rng.integers(0, max(h, 1))), int(rng.integers(0, max(w, 1)))
            attrs["box"] = [
                oh,
                ow,
                int(rng.integers(1, max(h - oh, 1) + 1)),
                int(rng.integers(1, max(w - ow, 1) + 1)),
            ]
        elif fn == "pad_to_bounding_box":
            oh, ow = int(rng.integers(0, 3)), int(rng.integers(0, 3))
            attrs["box"] = [
                oh,
                ow,
                h + oh + int(rng.integers(0, 3)),
                w + ow + int(rng.integers(0, 3)),
            ]
        if dtype == "float32" and i % 3 == 0:
            grad = [0]
        out.append(_program("geometry", [x], attrs, grad=grad, feed=bool(grad)))
    return out


_COLOURS = (
    "rgb_to_hsv",
    "hsv_to_rgb",
    "rgb_to_yiq",
    "yiq_to_rgb",
    "rgb_to_yuv",
    "yuv_to_rgb",
    "rgb_to_grayscale",
    "grayscale_to_rgb",
    "adjust_brightness",
    "adjust_contrast",
    "adjust_gamma",
    "adjust_hue",
    "adjust_saturation",
    "per_image_standardization",
)


def _colours(rng) -> list:
    out = []
    for i in range(84):
        fn = _COLOURS[i % len(_COLOURS)]
        dtype = _choice(rng, ("float32", "float32", "float64", "float16", "uint8"))
        if fn.startswith(("rgb_to_", "hsv_", "yiq_", "yuv_")) and dtype == "uint8":
            dtype = "float32"
        channels = 1 if fn == "grayscale_to_rgb" else 3
        x = _pixels(rng, dtype, _image_shape(rng, channels, empty=0.05), edge=0.08)
        attrs = {"fn": fn}
        if fn in ("adjust_brightness", "adjust_hue"):
            attrs["factor"] = float(_choice(rng, (0.25, -0.5, 0.0, 0.1, 1.0, -0.2)))
        elif fn in ("adjust_contrast", "adjust_saturation"):
            attrs["factor"] = float(_choice(rng, (0.5, 2.0, 0.0, 1.0, -1.0, 1.5)))
        elif fn == "adjust_gamma":
            attrs["gamma"], attrs["gain"] = (
                float(_choice(rng, (0.5, 1.0, 2.0, 2.2))),
                float(_choice(rng, (1.0, 0.5, 2.0))),
            )
        grad = [0] if dtype == "float32" and i % 4 == 1 else None
        out.append(_program("colour", [x], attrs, tol="ulps:8", grad=grad, feed=bool(grad)))
    return out


_CONVERT = (
    "uint8",
    "uint16",
    "uint32",
    "int8",
    "int16",
    "int32",
    "int64",
    "float16",
    "float32",
    "float64",
    "bfloat16",
)


def _converts(rng) -> list:
    out = []
    for src in _CONVERT[:-1]:
        for dst in _CONVERT[:-1]:
            if rng.random() < 0.55 and src != dst:
                continue
            x = _pixels(rng, src, [2, 3, 1], edge=0.0)
            if src.startswith("float"):
                x = np.concatenate(
                    [x.ravel()[:3], np.array([1.0, -0.0, 0.999], src), np.array([1.5, -0.25], src)]
                )[:6].reshape(2, 3, 1)
            out.append(
                _program("convert", [x], {"dtype": dst, "saturate": bool(rng.random() < 0.5)})
            )
    return out


def _statistics(rng) -> list:
    out = []
    fns = ("total_variation", "image_gradients", "sobel_edges", "psnr", "ssim", "ssim_multiscale")
    for i in range(48):
        fn = fns[i % len(fns)]
        dtype = _choice(
            rng,
            ("float32", "float64", "float16", "uint8")
            if fn != "sobel_edges"
            else ("float32", "float64"),
        )
        if fn == "ssim_multiscale":
            shape = [int(rng.integers(1, 3)), 10, 10, int(rng.integers(1, 4))]
        elif fn == "ssim":
            shape = [
                int(rng.integers(1, 3)),
                *[int(rng.integers(3, 8)) for _ in "hw"],
                int(rng.integers(1, 4)),
            ]
        else:
            shape = [
                int(rng.integers(1, 3)),
                *[int(rng.integers(1, 6)) for _ in "hw"],
                int(rng.integers(1, 4)),
            ]
        if fn in ("total_variation",) and rng.random() < 0.3:
            shape = shape[1:]
        if fn in ("psnr", "ssim", "ssim_multiscale") and dtype == "float16":
            dtype = "float32"
        x = _pixels(rng, dtype, shape, edge=0.0)
        inputs = [x]
        attrs = {"fn": fn}
        if fn in ("psnr", "ssim", "ssim_multiscale"):
            inputs.append(_pixels(rng, dtype, shape, edge=0.0))
            attrs["max_val"] = 255.0 if dtype == "uint8" else 1.0
        if fn == "ssim":
            attrs["size"], attrs["sigma"] = (
                int(_choice(rng, (3, 5, 11))),
                float(_choice(rng, (1.5, 0.5))),
            )
        if fn == "ssim_multiscale":
            attrs["size"], attrs["powers"] = 3, [0.5, 0.5]
        grad = [0] if dtype == "float32" and fn not in ("psnr",) and i % 2 else None
        out.append(_program("stats", inputs, attrs, tol="ulps:64", grad=grad, feed=bool(grad)))
    return out


def _box_programs(rng) -> list:
    out = []
    for _ in range(16):
        dtype = _choice(rng, ("float32", "float16"))
        shape = [
            int(rng.integers(1, 3)),
            int(rng.integers(1, 7)),
            int(rng.integers(1, 7)),
            _choice(rng, (1, 3, 4)),
        ]
        x = _pixels(rng, dtype, shape, edge=0.0)
        nb = int(rng.integers(0, 4))
        boxes = rng.choice(
            np.array([-0.2, 0.0, 0.1, 0.25, 0.5, 0.6, 0.9, 1.0, 1.3], "float32"), [shape[0], nb, 4]
        )
        inputs = [x, boxes]
        if rng.random() < 0.5:
            inputs.append(
                rng.choice(np.array([0.0, 0.5, 1.0], "float32"), [int(rng.integers(1, 3)), 4])
            )
        out.append(_program("boxes", inputs, {"fn": "draw"}))
    for _ in range(20):
        b, n, q, c = (
            int(rng.integers(1, 3)),
            int(rng.integers(1, 6)),
            _choice(rng, (1, 2)),
            int(rng.integers(1, 3)),
        )
        q = 1 if rng.random() < 0.5 else c
        lo = rng.choice(np.array([0.0, 0.1, 0.2, 0.4, -0.1], "float32"), [b, n, q, 2])
        boxes = np.concatenate(
            [lo, lo + rng.choice(np.array([0.3, 0.5, 0.25], "float32"), [b, n, q, 2])], -1
        )
        scores = rng.choice(np.array([0.9, 0.8, 0.7, 0.6, 0.3, 0.05], "float32"), [b, n, c])
        attrs = {
            "fn": "combined",
            "per_class": int(rng.integers(1, 4)),
            "total": int(rng.integers(1, 6)),
            "iou": float(_choice(rng, (0.5, 0.3, 0.0, 1.0))),
            "score": float(_choice(rng, (0.0, 0.5, float("-inf")))),
            "pad": bool(rng.random() < 0.5),
            "clip": bool(rng.random() < 0.5),
        }
        out.append(_program("boxes", [boxes, scores], attrs))
    return out


def _tied_nms(rng) -> list:
    """combined_non_max_suppression with many equal scores: more than 16 candidates per
    class, and per image, so that libstdc++'s heap and introsort (not insertion sort)
    decide the order of ties."""
    out = []
    for _ in range(12):
        b, n, c = int(rng.integers(1, 3)), int(rng.integers(17, 40)), int(rng.integers(1, 4))
        q = 1 if rng.random() < 0.5 else c
        lo = rng.integers(0, 20, [b, n, q, 2]).astype("float32") / 20
        boxes = np.concatenate([lo, lo + rng.integers(1, 6, [b, n, q, 2]) / 20], -1)
        scores = rng.choice(np.array([0.9, 0.7, 0.5, 0.5, 0.3], "float32"), [b, n, c])
        attrs = {
            "fn": "combined",
            "per_class": int(rng.integers(10, 30)),
            "total": int(rng.integers(10, 60)),
            "iou": float(_choice(rng, (0.5, 0.9, 1.0))),
            "score": float(_choice(rng, (0.0, 0.4))),
            "pad": bool(rng.random() < 0.5),
            "clip": bool(rng.random() < 0.5),
        }
        out.append(_program("boxes", [boxes.astype("float32"), scores], attrs))
    return out


def _codecs(rng) -> list:
    out = []
    for i in range(30):
        fmt = ("png", "png", "image", "jpeg", "header")[i % 5]
        dtype = "uint16" if fmt == "png" and rng.random() < 0.4 else "uint8"
        ch = _choice(rng, (1, 3, 4) if fmt != "jpeg" else (1, 3))
        shape = [int(rng.integers(1, 6)), int(rng.integers(1, 6)), ch]
        x = _pixels(rng, dtype, shape)
        if fmt == "jpeg":  # flat blocks: libjpeg's DCT round trip is exact for them
            x = np.broadcast_to(x[:1, :1], shape).copy()
        attrs = {
            "fmt": fmt,
            "channels": int(_choice(rng, (0, ch, 1, 3, 4) if fmt != "jpeg" else (0, 1, 3))),
            "level": int(_choice(rng, (-1, 0, 9))),
            "quality": int(_choice(rng, (75, 95, 100))),
        }
        out.append(_program("codec", [x], attrs))
    return out


def _randoms(rng) -> list:
    out = []
    fns = (
        "random_flip_left_right",
        "random_flip_up_down",
        "random_crop",
        "random_brightness",
        "random_contrast",
        "random_saturation",
        "random_hue",
        "sample_distorted_bounding_box",
    )
    for i in range(32):
        fn = fns[i % len(fns)]
        shape = [int(rng.integers(2, 5)), int(rng.integers(2, 5)), 3]
        x = _pixels(rng, "float32", shape, edge=0.0)
        attrs = {"fn": fn, "seed": int(rng.integers(0, 100)) if rng.random() < 0.8 else None}
        if fn == "sample_distorted_bounding_box" and attrs["seed"] is None:
            # TF 1's entry passes seed=None on as 0: its kernel then seeds itself at random
            # (no graph seed read), nothing to compare.
            attrs["seed"] = int(rng.integers(1, 100))
        extra = {"graph_seed": int(rng.integers(0, 100))}
        if fn == "random_crop":
            attrs["size"] = [
                int(rng.integers(1, shape[0] + 1)),
                int(rng.integers(1, shape[1] + 1)),
                3,
            ]
        elif fn == "random_brightness":
            attrs["range"] = [0.3]
        elif fn == "random_hue":
            attrs["range"] = [0.2]
        elif fn in ("random_contrast", "random_saturation"):
            attrs["range"] = [0.5, 1.5]
        elif fn == "sample_distorted_bounding_box":
            x = rng.choice(
                np.array([0.0, 0.1, 0.5, 0.9, 1.0], "float32"), [1, int(rng.integers(0, 3)), 4]
            )
            x = np.concatenate(
                [np.minimum(x[..., :2], x[..., 2:]), np.maximum(x[..., :2], x[..., 2:])], -1
            )
            attrs["shape"], attrs["covered"] = (
                [int(rng.integers(2, 20)), int(rng.integers(2, 20)), 3],
                float(_choice(rng, (0.1, 0.5, 0.0))),
            )
        out.append(_program("random", [x], attrs, tol="ulps:8", **extra))
    return out


# -- strings -----------------------------------------------------------------------------------

_WORDS = [
    b"",
    b" ",
    b"a",
    b"ab c",
    b"  x  y ",
    b"A,b,,C",
    b"\xc3\xa9t\xc3\xa9",
    b"\xff\xfe",
    b"\xe2\x82",
    b"hello world",
    b"\t\nz\r",
    b"1.5",
    b"-7",
    b" 42 ",
    b"0x1f",
    b"1e400",
    b"nan",
    b"-inf",
    b"99999999999",
    b"3.",
    b"\xf0\x9f\x98\x80!",
    b"MiXeD",
    b"a||b|",
    b"\x00a",
    b"\xed\xa0\x80",
    b"+12",
    b"1_000",
    b"\xce\xa9\xc3\x9f",
    b"abc123abc",
    b"2147483648",
]


def _strings(rng, shape) -> np.ndarray:
    flat = np.empty(int(np.prod(shape, dtype=np.int64)), object)
    flat[:] = [_WORDS[int(rng.integers(0, len(_WORDS)))] for _ in range(flat.size)]
    return flat.reshape(shape)


def _str_shape(rng, max_rank=2):
    return [
        int(rng.integers(0 if rng.random() < 0.05 else 1, 4))
        for _ in range(int(rng.integers(0, max_rank + 1)))
    ]


def _string_programs(rng) -> list:
    out = []
    draws = (
        _s_split,
        _s_join,
        _s_substr,
        _s_case,
        _s_regex,
        _s_number,
        _s_as_string,
        _s_hash,
        _s_unicode,
        _s_misc,
    )
    for i in range(170):
        out.append(draws[i % len(draws)](rng, i))
    return out


def _s(attrs, inputs, **more):
    return _program("string", inputs, attrs, **more)


def _s_split(rng, i):
    x = _strings(rng, [int(rng.integers(0, 4))])
    if i % 20 < 10:
        return _s(
            {
                "fn": "split",
                "sep": _choice(rng, (None, ",", "|", " ", "ab")),
                "maxsplit": int(_choice(rng, (-1, 0, 1, 2))),
            },
            [x],
        )
    return _s(
        {
            "fn": "string_split",
            "sep": _choice(rng, (" ", ",|", "", "|")),
            "skip": bool(rng.random() < 0.5),
        },
        [x],
    )


def _s_join(rng, i):
    shape = _str_shape(rng)
    if i % 20 < 10:
        return _s(
            {"fn": "join", "sep": _choice(rng, ("", "-", "\xe9"))},
            [_strings(rng, shape) for _ in range(int(rng.integers(1, 4)))],
        )
    shape = shape or [2]
    axis = _choice(rng, (None, 0, -1, [0, -1] if len(shape) > 1 else 0))
    return _s(
        {
            "fn": "reduce_join",
            "axis": axis,
            "keepdims": bool(rng.random() < 0.5),
            "sep": _choice(rng, ("", ",", " ")),
        },
        [_strings(rng, shape)],
    )


def _s_substr(rng, i):
    shape = _str_shape(rng)
    attrs = {
        "fn": "substr",
        "pos": int(_choice(rng, (0, 1, -1, -3, 5, 40))),
        "len": int(_choice(rng, (0, 1, 2, -1, 10))),
        "unit": _choice(rng, ("BYTE", "UTF8_CHAR")),
    }
    if i % 20 >= 10:
        attrs = {"fn": "length", "unit": attrs["unit"]}
    return _s(attrs, [_strings(rng, shape)])


def _s_case(rng, i):
    return _s({"fn": _choice(rng, ("lower", "upper", "strip"))}, [_strings(rng, _str_shape(rng))])


_PATTERNS = (
    "a.*",
    "[a-z]+",
    "\\d+",
    "(a|b)+",
    "\\s+",
    "^$",
    "(?i)mixed",
    "\\pL+",
    ".",
    "[^,]*,?",
    "(\\w)(\\w)",
    "\\b",
)


def _s_regex(rng, i):
    x = _strings(rng, _str_shape(rng))
    pattern = _choice(rng, _PATTERNS)
    if i % 20 < 10:
        return _s({"fn": "regex_full_match", "pattern": pattern}, [x])
    return _s(
        {
            "fn": "regex_replace",
            "pattern": pattern,
            "rewrite": _choice(rng, ("", "<\\0>", "\\2\\1", "-")),
            "global": bool(rng.random() < 0.6),
        },
        [x],
    )


def _s_number(rng, i):
    x = _strings(rng, _str_shape(rng))
    if i % 20 < 10:  # a run may fail (InvalidArgumentError) where a string is no number: recorded
        x = (
            np.vectorize(
                lambda s: _choice(
                    rng,
                    (
                        b"1.5",
                        b"-7",
                        b"nan",
                        b"-inf",
                        b"1e400",
                        b"99999999999",
                        b"+12",
                        b"3.",
                        b"2147483648",
                        b" 42 ",
                        b"0x1f",
                    ),
                ),
                otypes=[object],
            )(x)
            if x.size
            else x
        )
    return _s(
        {"fn": "to_number", "out": _choice(rng, ("float32", "float64", "int32", "int64"))}, [x]
    )


def _s_as_string(rng, i):
    dtype = _choice(
        rng,
        ("float32", "float64", "float16", "int32", "int64", "int8", "uint8", "bool", "complex64"),
    )
    x = fuzz.draw(rng, dtype, _str_shape(rng))
    floaty = dtype.startswith(("float", "complex"))
    attrs = {
        "fn": "as_string",
        "precision": int(_choice(rng, (-1, 0, 3))) if floaty else -1,
        "scientific": bool(floaty and rng.random() < 0.3),
        "width": int(_choice(rng, (-1, 0, 6))),
        "fill": _choice(rng, ("", " ", "0")),
    }
    attrs["shortest"] = bool(floaty and not attrs["scientific"] and rng.random() < 0.3)
    if attrs["fill"] == "0" and dtype in ("bool",):
        attrs["fill"] = ""
    return _s(attrs, [x])


def _s_hash(rng, i):
    fn = ("to_hash_bucket", "to_hash_bucket_fast", "to_hash_bucket_strong")[i % 3]
    return _s(
        {
            "fn": fn,
            "buckets": int(_choice(rng, (1, 7, 1000, 2**31 - 1))),
            "key": [int(rng.integers(0, 2**31)), 3],
        },
        [_strings(rng, _str_shape(rng))],
    )


def _s_unicode(rng, i):
    fn = (
        "unicode_decode",
        "unicode_split",
        "unicode_transcode",
        "unicode_encode",
        "unicode_script",
        "offsets",
    )[i % 6]
    enc = _choice(rng, ("UTF-8", "UTF-16-BE", "UTF-32-BE"))
    attrs = {
        "fn": fn,
        "enc": "UTF-8" if fn != "unicode_transcode" else enc,
        "out": _choice(rng, ("UTF-8", "UTF-16-BE", "UTF-32-BE")),
        "errors": _choice(rng, ("replace", "ignore", "strict")),
        "replace": int(_choice(rng, (65533, 63, 0))),
        "control": bool(rng.random() < 0.3),
    }
    if fn == "unicode_encode":
        cps = rng.choice(
            np.array([65, 233, 0x1F600, 0, 0xD800, 0x110000, -1, 97, 0x3A9], "int32"),
            [int(rng.integers(0, 5))],
        )
        if rng.random() < 0.5:
            cps = np.abs(cps) % 0x2000  # valid code points mostly
        return _s(attrs, [cps])
    if fn == "unicode_script":
        return _s(
            attrs,
            [
                rng.choice(
                    np.array([65, 0x3A9, 0x430, 0x4E00, 48, 32, -1, 0x110000, 0x1F600], "int32"),
                    [int(rng.integers(0, 6))],
                )
            ],
        )
    return _s(attrs, [_strings(rng, [int(rng.integers(1, 4))])])


def _s_misc(rng, i):
    kind = i // 10 % 4
    if kind == 0:
        return _s({"fn": "bytes_split"}, [_strings(rng, [int(rng.integers(0, 4))])])
    if kind == 1:
        return _s(
            {
                "fn": "ngrams",
                "width": int(_choice(rng, (1, 2, 3))),
                "sep": _choice(rng, (" ", "_")),
                "pad": _choice(rng, (None, ["<", ">"], "#")),
            },
            [_strings(rng, [int(rng.integers(0, 5))])],
        )
    if kind == 2:
        n = int(rng.integers(1, 5))
        ids = rng.integers(-1, 4, n).astype("int32")
        return _s(
            {"fn": "segment_join", "n": int(rng.integers(0, 5)), "sep": _choice(rng, ("", ":"))},
            [_strings(rng, [n]), ids],
        )
    dtype = _choice(rng, ("float32", "int32", "string", "bool"))
    x = (
        _strings(rng, [2, 2])
        if dtype == "string"
        else fuzz.draw(rng, dtype, [2, int(rng.integers(1, 6))])
    )
    return _s(
        {
            "fn": "format",
            "template": _choice(rng, ("{}", "x={} y={}", "{{}} {}")),
            "summarize": int(_choice(rng, (-1, 1, 3))),
        },
        [x],
    )


# -- sparse ------------------------------------------------------------------------------------


def _sparse_value(rng, shape, dtype="float32", ordered=True, nnz=None, dup=False):
    size = int(np.prod(shape, dtype=np.int64))
    nnz = min(size, int(rng.integers(0, 6))) if nnz is None else nnz
    flat = rng.choice(size, nnz, replace=False) if size else np.zeros(0, np.int64)
    if ordered:
        flat = np.sort(flat)
    idx = np.array(np.unravel_index(flat, shape), np.int64).T.reshape(nnz, len(shape))
    vals = (
        fuzz.draw(rng, dtype, [nnz], pool_share=0.3)
        if dtype != "float32"
        else _pixels(rng, "float32", [nnz], edge=0.15) * 4 - 2
    )
    return [idx, vals.astype(dtype), np.array(shape, np.int64)]


def _sshape(rng, rank=None):
    rank = rank or int(rng.integers(1, 4))
    return [int(rng.integers(1, 4)) for _ in range(rank)]


def _sparse_programs(rng) -> list:
    out = []
    kinds = (
        "add",
        "add_dense",
        "reduce_sum",
        "reduce_max",
        "reduce_sum_sparse",
        "reduce_max_sparse",
        "reorder",
        "reshape",
        "slice",
        "concat",
        "split",
        "retain",
        "fill_empty_rows",
        "to_dense",
        "sparse_to_dense",
        "matmul",
        "maximum",
        "minimum",
        "softmax",
        "transpose",
        "cross",
        "cross_hashed",
        "from_dense",
        "segment",
    )
    for i in range(144):
        fn = kinds[i % len(kinds)]
        prog = _sparse_draw(rng, fn, i)
        out.append(prog)
    return out


def _sparse_draw(rng, fn, i):
    shape = _sshape(rng)
    dtype = (
        _choice(rng, ("float32", "float64", "int32", "int64"))
        if fn not in ("softmax", "matmul")
        else "float32"
    )
    sp = _sparse_value(rng, shape, dtype, ordered=fn != "reorder")
    attrs = {"fn": fn}
    inputs = list(sp)
    inputs, grad, tol = _sparse_a(rng, fn, shape, dtype, sp, attrs, inputs)
    if grad and dtype != "float32" and fn not in ("matmul", "softmax", "segment"):
        grad = None
    if tol == "exact" and (grad or fn in ("reduce_sum", "reduce_sum_sparse", "add", "add_dense")):
        tol = "ulps:4"
    more = {"of": 1} if grad and fn not in _DENSE_RESULTS else {}
    return _program("sparse", inputs, attrs, tol=tol, grad=grad, feed=bool(grad), **more)


def _sparse_a(rng, fn, shape, dtype, sp, attrs, inputs):
    grad, tol = None, "exact"
    if fn == "add":
        inputs += _sparse_value(rng, shape, dtype)
        attrs["thresh"] = (
            float(_choice(rng, (0, 0.5, 1.0, 3.0)))
            if dtype.startswith("float")
            else int(_choice(rng, (0, 1, 5)))
        )
        grad = [1, 4] if dtype == "float32" else None
    elif fn == "add_dense":
        inputs.append(
            _pixels(rng, dtype, shape, edge=0.0)
            if dtype.startswith("float")
            else fuzz.draw(rng, dtype, shape)
        )
        grad = [1, 3] if dtype == "float32" else None
    elif fn.startswith("reduce"):
        attrs["axis"] = _choice(rng, (None, 0, -1, [0, len(shape) - 1]))
        attrs["keepdims"] = bool(rng.random() < 0.4)
        grad = [1] if fn == "reduce_sum" and dtype == "float32" else None
    elif fn == "reorder":
        grad = [1] if dtype == "float32" else None
    elif fn == "reshape":
        n = int(np.prod(shape))
        attrs["shape"] = _choice(rng, ([n], [-1, 1], [1, -1], [n, 1, 1]))
    elif fn == "slice":
        attrs["start"] = [int(rng.integers(0, d + 1)) for d in shape]
        attrs["size"] = [int(rng.integers(0, d + 2)) for d in shape]
        grad = [1] if dtype == "float32" else None
    else:
        return _sparse_b(rng, fn, shape, dtype, sp, attrs, inputs)
    return inputs, grad, tol


def _sparse_b(rng, fn, shape, dtype, sp, attrs, inputs):
    grad, tol = None, "exact"
    if fn == "concat":
        axis = int(rng.integers(-len(shape), len(shape)))
        other = list(shape)
        other[axis] = int(rng.integers(1, 4))
        expand = bool(rng.random() < 0.4)
        if expand:
            other = [d + int(rng.integers(0, 2)) for d in other]
        inputs += _sparse_value(rng, other, dtype)
        attrs.update(axis=axis, expand=expand)
    elif fn == "split":
        attrs["axis"] = int(rng.integers(0, len(shape)))
        attrs["num"] = int(rng.integers(1, shape[attrs["axis"]] + 1))
    elif fn == "retain":
        inputs.append(rng.integers(0, 2, len(sp[1])).astype(bool))
        grad = [1] if dtype == "float32" else None
    elif fn == "fill_empty_rows":
        attrs["default"] = 7 if dtype.startswith("int") else -1.5
        grad = [1] if dtype == "float32" else None
    elif fn in ("to_dense", "sparse_to_dense"):
        attrs["default"] = (
            0 if dtype.startswith("int") else float(_choice(rng, (0.0, -0.0, np.nan, 2.5)))
        )
        attrs["validate"] = bool(rng.random() < 0.8)
        grad = [1] if dtype == "float32" and fn == "to_dense" else None
    elif fn == "matmul":
        shape = [int(rng.integers(1, 4)), int(rng.integers(1, 4))]
        inputs = _sparse_value(rng, shape, "float32")
        attrs.update(aa=bool(rng.random() < 0.5), ab=bool(rng.random() < 0.5))
        k = shape[0] if attrs["aa"] else shape[1]
        n = int(rng.integers(1, 4))
        inputs.append(_pixels(rng, "float32", [n, k] if attrs["ab"] else [k, n], edge=0.0))
        grad, tol = [1, 3], "ulps:4"
    elif fn in ("maximum", "minimum"):
        inputs += _sparse_value(rng, shape, dtype)
    else:
        return _sparse_c(rng, fn, shape, dtype, sp, attrs, inputs)
    return inputs, grad, tol


def _sparse_c(rng, fn, shape, dtype, sp, attrs, inputs):
    grad, tol = None, "exact"
    if fn == "softmax":
        shape = _sshape(rng, int(rng.integers(2, 4)))
        inputs = _sparse_value(rng, shape, "float32")
        grad, tol = [1], "ulps:8"
    elif fn == "transpose":
        attrs["perm"] = (
            [int(p) for p in rng.permutation(len(shape))] if rng.random() < 0.7 else None
        )
    elif fn in ("cross", "cross_hashed"):
        rows = int(rng.integers(1, 4))
        a = _sparse_value(rng, [rows, 3], "int64")
        b = _sparse_value(rng, [rows, 2], "int64")
        b[1] = np.abs(b[1]) % 100
        inputs = [*a, *b]
        if fn == "cross":
            inputs.append(_strings(rng, [rows, 1]))
            attrs["sep"] = _choice(rng, ("_X_", "-"))
        else:
            attrs.update(
                buckets=int(_choice(rng, (0, 5, 100))),
                key=int(_choice(rng, (None, 3)) or 0) or None,
            )
    elif fn == "from_dense":
        inputs = [fuzz.draw(rng, _choice(rng, ("float32", "int32", "bool", "int64")), _sshape(rng))]
    elif fn == "segment":
        n = int(rng.integers(1, 5))
        data = _pixels(rng, "float32", [n, 2], edge=0.05)
        idx = np.sort(rng.integers(0, n, int(rng.integers(0, 5)))).astype("int32")
        seg = np.sort(rng.integers(0, 4, len(idx))).astype("int32")
        inputs = [data, idx, seg]
        attrs.update(kind=_choice(rng, ("sum", "mean", "sqrt_n")), n=_choice(rng, (None, 4, 6)))
        # No entries: TF's SparseSegment*Grad leaves its output uninitialized (garbage).
        grad, tol = ([0] if len(idx) else None), "ulps:4"
    return inputs, grad, tol


_DENSE_RESULTS = ("add_dense", "reduce_sum", "reduce_max", "to_dense", "matmul", "segment")


# -- invalid configurations --------------------------------------------------------------------


def _bad(op, inputs, attrs, gist):
    return _program(op, inputs, attrs, gist=gist)


def _invalid(rng) -> list:
    img = _pixels(rng, "float32", [1, 3, 3, 3], edge=0.0)
    u8 = _pixels(rng, "uint8", [3, 3, 3])
    words = np.array([b"a b", b"c"], object)
    sp = _sparse_value(rng, [3, 3], "float32", nnz=3)
    unordered = [
        np.array([[2, 0], [0, 1]], np.int64),
        np.array([1.0, 2.0], "float32"),
        np.array([3, 3], np.int64),
    ]
    outside = [
        np.array([[0, 0], [5, 1]], np.int64),
        np.array([1.0, 2.0], "float32"),
        np.array([3, 3], np.int64),
    ]
    return [
        _bad(
            "resize",
            [img],
            {"fn": "resize_bilinear", "size": [0, 2], "align": False, "half": False},
            None,
        ),
        _bad(
            "resize",
            [img],
            {"fn": "resize_bilinear", "size": [2, 2], "align": True, "half": True},
            ["half_pixel_centers"],
        ),
        _bad(
            "resize",
            [img[0, :, :, 0]],
            {
                "fn": "resize_images",
                "method": "BILINEAR",
                "size": [2, 2],
                "align": False,
                "keep": False,
            },
            None,
        ),
        _bad(
            "resize",
            [img],
            {
                "fn": "resize_images",
                "method": "BILINEAR",
                "size": [2, 2, 2],
                "align": False,
                "keep": False,
            },
            None,
        ),
        _bad(
            "resize",
            [img],
            {"fn": "resize_nearest_neighbor", "size": [-1, 2], "align": False, "half": False},
            None,
        ),
        _bad(
            "resize",
            [img],
            {"fn": "resize_image_with_pad", "method": "BILINEAR", "size": [0, 2]},
            None,
        ),
        _bad("geometry", [img], {"fn": "central_crop", "fraction": 0.0}, None),
        _bad("geometry", [img], {"fn": "central_crop", "fraction": 1.5}, None),
        _bad("geometry", [img], {"fn": "crop_to_bounding_box", "box": [2, 0, 2, 2]}, None),
        _bad("geometry", [img], {"fn": "crop_to_bounding_box", "box": [-1, 0, 2, 2]}, None),
        _bad("geometry", [img], {"fn": "pad_to_bounding_box", "box": [0, 0, 2, 2]}, None),
        _bad("geometry", [img], {"fn": "pad_to_bounding_box", "box": [-1, 0, 5, 5]}, None),
        _bad("geometry", [img], {"fn": "crop_or_pad", "size": [0, 2]}, None),
        _bad("geometry", [img[0, 0]], {"fn": "flip_left_right"}, None),
        _bad("geometry", [img[None]], {"fn": "rot90", "k": 1}, None),
        _bad("colour", [img[..., :2]], {"fn": "rgb_to_hsv"}, None),
        _bad("colour", [img[..., :2]], {"fn": "rgb_to_grayscale"}, None),
        _bad("colour", [img], {"fn": "adjust_hue", "factor": 0.1}, None)
        | {"inputs": [encode(u8[..., :2])]},
        _bad("colour", [u8], {"fn": "rgb_to_yiq"}, None),
        _bad("colour", [img[..., :2]], {"fn": "adjust_saturation", "factor": 0.5}, None),
        _bad("convert", [img], {"dtype": "string", "saturate": False}, None),
        _bad("convert", [np.array([[[True]]])], {"dtype": "float32", "saturate": False}, None),
        _bad("stats", [img, img[:, :2]], {"fn": "psnr", "max_val": 1.0}, None),
        _bad("stats", [img, img], {"fn": "ssim", "max_val": 1.0, "size": 11, "sigma": 1.5}, None),
        _bad("stats", [img[0, 0]], {"fn": "sobel_edges"}, None),
        _bad("stats", [img[0, 0]], {"fn": "image_gradients"}, None),
        _bad("boxes", [img, np.zeros([1, 1, 3], "float32")], {"fn": "draw"}, None),
        _bad("codec", [img], {"fmt": "png", "channels": 0, "level": -1, "quality": 75}, None),
        _bad(
            "codec", [u8[..., :2]], {"fmt": "jpeg", "channels": 0, "level": -1, "quality": 75}, None
        ),
        _bad("codec", [u8], {"fmt": "png", "channels": 2, "level": -1, "quality": 75}, None),
        _bad("codec", [u8], {"fmt": "png", "channels": 0, "level": 12, "quality": 75}, None),
        _bad(
            "string",
            [words],
            {"fn": "substr", "pos": 5, "len": 1, "unit": "BYTE"},
            ["out of range"],
        ),
        _bad("string", [words], {"fn": "substr", "pos": 0, "len": 1, "unit": "CHAR"}, None),
        _bad("string", [words], {"fn": "regex_full_match", "pattern": "(a"}, None),
        _bad(
            "string",
            [words],
            {"fn": "regex_replace", "pattern": "(?<=a)b", "rewrite": "", "global": True},
            None,
        ),
        _bad("string", [words], {"fn": "to_number", "out": "float32"}, None),
        _bad("string", [np.array([b"1", b"x"], object)], {"fn": "to_number", "out": "int32"}, None),
        _bad(
            "string", [np.array([b"2147483648"], object)], {"fn": "to_number", "out": "int32"}, None
        ),
        _bad("string", [words], {"fn": "to_hash_bucket", "buckets": 0, "key": [1, 2]}, None),
        _bad(
            "string", [words], {"fn": "reduce_join", "axis": 2, "keepdims": False, "sep": ""}, None
        ),
        _bad(
            "string",
            [np.array([b"\xff"], object)],
            {
                "fn": "unicode_decode",
                "enc": "UTF-8",
                "out": "UTF-8",
                "errors": "strict",
                "replace": 65533,
                "control": False,
            },
            None,
        ),
        _bad(
            "string",
            [np.array([0x110000], "int32")],
            {
                "fn": "unicode_encode",
                "enc": "UTF-8",
                "out": "UTF-8",
                "errors": "strict",
                "replace": 65533,
                "control": False,
            },
            None,
        ),
        _bad(
            "string",
            [words],
            {
                "fn": "unicode_decode",
                "enc": "LATIN-9",
                "out": "UTF-8",
                "errors": "strict",
                "replace": 65533,
                "control": False,
            },
            None,
        ),
        _bad("string", [words], {"fn": "ngrams", "width": 0, "sep": " ", "pad": None}, None),
        _bad(
            "string",
            [words, np.array([0, 5], "int32")],
            {"fn": "segment_join", "n": 2, "sep": ""},
            None,
        ),
        _bad(
            "string",
            [np.float32([1.5])],
            {
                "fn": "as_string",
                "precision": 2,
                "scientific": True,
                "shortest": True,
                "width": -1,
                "fill": "",
            },
            None,
        ),
        _bad(
            "string",
            [np.int32([1])],
            {
                "fn": "as_string",
                "precision": 2,
                "scientific": False,
                "shortest": False,
                "width": -1,
                "fill": "",
            },
            None,
        ),
        _bad(
            "string",
            [np.float32([1.5])],
            {
                "fn": "as_string",
                "precision": -1,
                "scientific": False,
                "shortest": False,
                "width": 3,
                "fill": "ab",
            },
            None,
        ),
        _bad("sparse", [*unordered], {"fn": "to_dense", "default": 0.0, "validate": True}, None),
        _bad("sparse", [*outside], {"fn": "to_dense", "default": 0.0, "validate": True}, None),
        _bad("sparse", [*sp], {"fn": "reshape", "shape": [4, -1]}, None),
        _bad("sparse", [*sp], {"fn": "reshape", "shape": [-1, -1]}, None),
        _bad(
            "sparse",
            [*sp, *_sparse_value(rng, [3, 4], "float32")],
            {"fn": "add", "thresh": 0.0},
            None,
        ),
        _bad(
            "sparse",
            [*sp, np.zeros([2, 2], "float32")],
            {"fn": "matmul", "aa": False, "ab": False},
            None,
        ),
        _bad("sparse", [*sp], {"fn": "split", "axis": 0, "num": 4}, None),
        _bad("sparse", [*sp, np.ones(2, bool)], {"fn": "retain"}, None),
        _bad(
            "sparse",
            [*sp, *_sparse_value(rng, [3, 3], "float32")],
            {"fn": "concat", "axis": 2, "expand": False},
            None,
        ),
        _bad("sparse", [*sp], {"fn": "transpose", "perm": [0, 0]}, None),
        _bad(
            "sparse",
            [*unordered],
            {"fn": "sparse_to_dense", "default": 0.0, "validate": True},
            None,
        ),
    ]


FAMILIES = {
    "resizes": _resizes,
    "geometry": _geometries,
    "colours": _colours,
    "converts": _converts,
    "statistics": _statistics,
    "boxes": _box_programs,
    "nms_ties": _tied_nms,
    "codecs": _codecs,
    "randoms": _randoms,
    "strings": _string_programs,
    "sparse": _sparse_programs,
    "invalid": _invalid,
}


def programs() -> dict:
    return fuzzkit.programs(FAMILIES)


def main() -> None:
    fuzzkit.record(programs(), observe)


if __name__ == "__main__":
    main()
