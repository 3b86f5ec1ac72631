"""Peak working memory (tracemalloc, which numpy reports to) and time of the image
decoders on synthetic photo-like images: JPEG baseline/progressive x 4:2:0/4:4:4, PNG,
GIF and BMP, at 1000x1000 and 4000x3000 (Pillow, which matplotlib in requirements-dev.txt
brings, writes them).

    .venv/bin/python benchmarks/decode_memory.py [small|large|all] [repeats]

CODECS=<dir> decodes with the codec modules copied into <dir>/oldcodec instead (the
before side of a before/after comparison); each case prints one line:
kind, size, peak MB, peak / output bytes, median seconds.
"""

from __future__ import annotations

import importlib
import io
import os
import statistics
import sys
import time
import tracemalloc
import zlib

import numpy as np
from PIL import Image

SIZES = {"small": [(1000, 1000)], "large": [(3000, 4000)], "all": [(1000, 1000), (3000, 4000)]}


def _codecs():
    if os.environ.get("CODECS"):
        sys.path.insert(0, os.environ["CODECS"])
        package = "oldcodec"
    else:
        package = "graphgate.ops"
    return [
        importlib.import_module(f"{package}.{m}")
        for m in ("jpeg_codec", "png_codec", "gif_bmp_codec")
    ]


def photo(h: int, w: int) -> np.ndarray:
    """Smooth shading, edges and sensor-like noise: compresses as photographs do (~2-4
    bits a pixel at quality 90), fixed seed."""
    rng = np.random.default_rng(0)
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    base = np.stack(
        [
            128 + 90 * np.sin(x / 97 + y / 151),
            128 + 80 * np.cos(y / 71 - x / 203),
            128 + 70 * np.sin((x + y) / 131),
        ],
        axis=-1,
    )
    base += 40 * ((x // 160 + y // 120) % 2)[..., None]  # hard edges
    base += rng.normal(0, 6, base.shape).astype(np.float32)
    return np.clip(base, 0, 255).astype(np.uint8)


def images(h: int, w: int) -> list:
    px = photo(h, w)
    im = Image.fromarray(px)
    out = []
    for progressive in (False, True):
        for sub, name in ((2, "420"), (0, "444")):
            buf = io.BytesIO()
            im.save(buf, "JPEG", quality=90, subsampling=sub, progressive=progressive)
            kind = f"jpeg-{'progressive' if progressive else 'baseline'}-{name}"
            out.append((kind, buf.getvalue(), h * w * 3))
    for fmt in ("PNG", "BMP"):
        buf = io.BytesIO()
        im.save(buf, fmt)
        out.append((fmt.lower(), buf.getvalue(), h * w * 3))
    buf = io.BytesIO()
    im.quantize(256, dither=Image.Dither.NONE).save(buf, "GIF")
    out.append(("gif", buf.getvalue(), h * w * 3))
    return out


def decoder(kind: str, codecs):
    jpeg, png, gif_bmp = codecs
    if kind.startswith("jpeg"):
        return lambda d: jpeg.decode(d, 0, True, True, False)
    if kind == "png":
        return lambda d: png.decode(d, 0, 8)
    if kind == "gif":
        return lambda d: gif_bmp.decode_gif(d, False)
    return lambda d: gif_bmp.decode_bmp(d, 0)


def measure(decode, data: bytes, repeats: int) -> tuple[int, float, np.ndarray]:
    tracemalloc.start()
    out = decode(data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        decode(data)
        times.append(time.perf_counter() - began)
    return peak, statistics.median(times) if times else 0.0, out


def main() -> int:
    which = sys.argv[1] if len(sys.argv) > 1 else "small"
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    codecs = _codecs()
    for h, w in SIZES[which]:
        for kind, data, out_bytes in images(h, w):
            peak, seconds, out = measure(decoder(kind, codecs), data, repeats)
            digest = zlib.crc32(out.tobytes())
            print(
                f"{kind:22s} {w}x{h} in {len(data) / 1e6:6.2f} MB  peak {peak / 1e6:8.1f} MB"
                f"  {peak / out_bytes:5.2f}x output  {seconds:7.3f} s  #{digest & 0xFFFFFF:06x}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
