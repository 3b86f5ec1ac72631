"""`tf.audio` (TF1's `contrib.framework` audio ops): 16-bit PCM WAV decoded to float32
samples in [-1, 1) and encoded back, as TF's wav_io reads and writes them (`DecodeWav`,
`EncodeWav`): the chunks TF skips before `fmt `, its header checks and messages, its
rounding (half away from zero, clamped to int16)."""

from __future__ import annotations

import struct
from typing import Any

import numpy as np

from .. import dtypes as _dt
from ..errors import error
from ..graph import Tensor, convert_to_tensor, op_inputs
from ..limits import check_run_time_size
from ..op_results import op_result
from .registry import InferenceError, not_differentiable, register_op
from .string_ops import _op

# Chunks TF's reader skips between the RIFF header and `fmt ` (wav_io.cc).
_SKIPPED_BEFORE_FORMAT = (b"JUNK", b"bext", b"iXML", b"qlty", b"mext", b"levl", b"link", b"axml")
_INT32_MAX = (1 << 31) - 1


def _bad(message: str):
    return error("COMPUTE_ERROR", message)


class _Reader:
    """Little-endian reads off a WAV string, each failing as TF's when too short."""

    def __init__(self, data: bytes):
        self.data, self.at = data, 0

    def take(self, n: int) -> bytes:
        if self.at + n > len(self.data):
            raise _bad("Data too short when trying to read string")
        out = self.data[self.at : self.at + n]
        self.at += n
        return out

    def value(self, fmt: str) -> int:
        size = struct.calcsize(fmt)
        if self.at + size > len(self.data):
            raise _bad("Data too short when trying to read value")
        (out,) = struct.unpack_from(fmt, self.data, self.at)
        self.at += size
        return out

    def expect(self, text: bytes) -> None:
        found = self.take(len(text))
        if found != text:
            raise _bad(f"Header mismatch: Expected {text.decode()} but found {found!r}")


def _format(r: _Reader) -> tuple[int, int, int]:
    """The `fmt ` chunk's (channels, sample rate, bytes per frame), checked as TF's."""
    size = r.value("<I")
    if size not in (16, 18):
        raise _bad(f"Bad format chunk size for WAV: Expected 16 or 18, but got{size}")
    audio_format = r.value("<H")
    if audio_format != 1:
        raise _bad(f"Bad audio format for WAV: Expected 1 (PCM), but got{audio_format}")
    channels = r.value("<H")
    if channels < 1:
        raise _bad(f"Bad number of channels for WAV: Expected at least 1, but got {channels}")
    rate, per_second, per_frame, bits = r.value("<I"), r.value("<I"), r.value("<H"), r.value("<H")
    if per_frame != bits * channels // 8:
        raise _bad(
            f"Bad bytes per sample in WAV header: Expected {bits * channels // 8} but got "
            f"{per_frame}"
        )
    if bits != 16:
        raise _bad(f"Can only read 16-bit WAV files, but received {bits}")
    if per_second != per_frame * rate:
        raise _bad(
            f"Bad bytes per second in WAV header: Expected {per_frame * rate} but got {per_second}"
        )
    if size == 18:
        r.at += 2
    return channels, rate, per_frame


def _decode(data: bytes) -> tuple[np.ndarray, int, int]:
    """(int16 samples, frames × channels flat; channels; sample rate) of a WAV string."""
    r = _Reader(data)
    r.expect(b"RIFF")
    r.value("<I")
    r.expect(b"WAVE")
    chunk = r.take(4)
    while chunk != b"fmt ":
        if chunk not in _SKIPPED_BEFORE_FORMAT:
            raise _bad(f"Unexpected field {chunk.decode('latin-1')}")
        skip = r.value("<I")
        if r.at + skip > len(data):
            raise _bad("Data too short when trying to read string")
        r.at += skip
        chunk = r.take(4)
    channels, rate, per_frame = _format(r)
    samples = None
    while r.at < len(data):
        chunk, size = r.take(4), r.value("<I")
        if size > _INT32_MAX:
            raise _bad(
                f"WAV data chunk '{chunk.decode('latin-1')}' is too large: {size} bytes, but "
                f"the limit is {_INT32_MAX}"
            )
        if chunk != b"data":
            r.at += size
            continue
        if samples is not None:
            raise _bad("More than one data chunk found in WAV")
        count = (size // per_frame) * channels
        samples = np.frombuffer(r.take(2 * count), "<i2")
    if samples is None:
        raise _bad("No data chunk found in WAV")
    return samples, channels, rate


def _decode_infer(shapes, types, attrs):
    if types[0] != _dt.string:
        raise InferenceError(
            "DTYPE_MISMATCH", f"decode_wav's contents are a string, not {types[0].name}"
        )
    if shapes[0] is not None and len(shapes[0]) != 0:
        raise InferenceError("SHAPE_MISMATCH", f"Shape must be rank 0 but is rank {len(shapes[0])}")
    samples, channels = attrs.get("desired_samples", -1), attrs.get("desired_channels", -1)
    audio = (None if samples < 0 else samples, None if channels < 0 else channels)
    return [(audio, _dt.float32), ((), _dt.int32)]


@register_op(
    "DecodeWav",
    arity=1,
    infer=_decode_infer,
    attrs={"desired_channels": ("int", -1), "desired_samples": ("int", -1)},
    needs_state=True,
    unknown_rank_ok=True,
)
def _decode_wav(op):
    want_channels = op.attrs.get("desired_channels", -1)
    want_samples = op.attrs.get("desired_samples", -1)

    def kernel(state, contents):
        contents = np.asarray(contents, object)
        if contents.shape != ():  # a contents of unknown rank is checked here, as TF's
            raise _bad(f"contents must be scalar, got shape {list(contents.shape)}")
        samples, channels, rate = _decode(bytes(contents.item()))
        frames = len(samples) // channels
        out_frames = frames if want_samples == -1 else want_samples
        out_channels = channels if want_channels == -1 else want_channels
        check_run_time_size(state, op, (out_frames, out_channels))
        values = samples.reshape(frames, channels).astype(np.float32) * np.float32(1 / 32768)
        # Missing channels repeat the last one; missing samples are zeros (TF's kernel).
        picked = values[:, np.minimum(np.arange(out_channels), channels - 1)]
        audio = np.zeros((out_frames, out_channels), np.float32)
        n = min(frames, out_frames)
        audio[:n] = picked[:n]
        return audio, np.array(rate, np.uint32).astype(np.int32)

    return kernel


def decode_wav(
    contents: Any, desired_channels: int = -1, desired_samples: int = -1, name: str | None = None
):
    """`tf.audio.decode_wav`: (audio [samples, channels] float32, sample_rate int32) of a
    16-bit PCM WAV string; `desired_channels` repeats the last channel or drops extra
    ones, `desired_samples` crops or pads with zeros."""
    attrs = {"desired_channels": int(desired_channels), "desired_samples": int(desired_samples)}
    return op_result(_op("DecodeWav", (contents,), attrs, name, "DecodeWav").op)


def _encode_infer(shapes, types, attrs):
    audio, rate = shapes
    if types[0] != _dt.float32:
        raise InferenceError(
            "DTYPE_MISMATCH", f"encode_wav's audio is float32, not {types[0].name}"
        )
    if types[1] != _dt.int32:
        raise InferenceError(
            "DTYPE_MISMATCH", f"encode_wav's sample_rate is int32, not {types[1].name}"
        )
    if audio is not None and len(audio) != 2:
        raise InferenceError("SHAPE_MISMATCH", f"Shape must be rank 2 but is rank {len(audio)}")
    if rate is not None and len(rate) != 0:
        raise InferenceError("SHAPE_MISMATCH", f"Shape must be rank 0 but is rank {len(rate)}")
    return [((), _dt.string)]


def _int16(audio: np.ndarray) -> np.ndarray:
    """TF's FloatToInt16Sample: roundf (half away from zero) of x · 32768, clamped; NaN
    is 0, as TF's conversion of it gives on x86 and ARM alike."""
    scaled = audio.astype(np.float32) * np.float32(32768.0)
    rounded = np.copysign(np.floor(np.abs(scaled) + np.float32(0.5)), scaled)
    return np.nan_to_num(np.clip(rounded, -32768, 32767), nan=0.0).astype("<i2")


@register_op("EncodeWav", arity=2, infer=_encode_infer, unknown_rank_ok=True)
def _encode_wav(op):
    def kernel(audio, sample_rate):
        audio = np.asarray(audio, np.float32)
        if audio.ndim != 2:
            raise _bad(f"audio must be 2-dimensional {list(audio.shape)}")
        if np.ndim(sample_rate) != 0:
            raise _bad(
                f"Input sample_rate should be a scalar tensor, got {list(np.shape(sample_rate))}"
            )
        rate = int(sample_rate)
        channels = audio.shape[1]
        if not 0 < rate < (1 << 32):
            raise _bad(f"sample_rate must be in (0, 2^32), got: {rate}")
        if not 0 < channels < (1 << 16):
            raise _bad(f"num_channels must be in (0, 2^16), got: {channels}")
        data = _int16(audio).tobytes()
        header = b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVE"
        per_frame = 2 * channels
        header += b"fmt " + struct.pack(
            "<IHHIIHH", 16, 1, channels, rate, rate * per_frame, per_frame, 16
        )
        header += b"data" + struct.pack("<I", len(data))
        return np.array(header + data, object)

    return kernel


def encode_wav(audio: Any, sample_rate: Any, name: str | None = None):
    """`tf.audio.encode_wav`: float32 [samples, channels] audio as a 16-bit PCM WAV string."""
    graph, (a,), name_ = op_inputs((audio,), name, "EncodeWav", ("audio",))
    if not isinstance(audio, Tensor):
        a = convert_to_tensor(audio, _dt.float32, "audio", graph)
    rate = convert_to_tensor(sample_rate, _dt.int32, "sample_rate", graph)
    return graph.create_op("EncodeWav", (a, rate), {}, name_).outputs[0]


not_differentiable("DecodeWav", "EncodeWav")
