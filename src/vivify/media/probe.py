"""Reading a clip back: stream facts and decoded frames, for verification and tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av
import cv2
import numpy as np
from numpy.typing import NDArray

from vivify.types import RGB


@dataclass(frozen=True)
class ClipInfo:
    video_codec: str
    pix_fmt: str
    width: int
    height: int
    fps: float
    frames: int
    video_duration: float
    audio_codec: str | None
    audio_channels: int
    audio_rate: int
    audio_duration: float
    faststart: bool


def probe(path: Path) -> ClipInfo:
    with av.open(str(path)) as container:
        c: Any = container
        v = c.streams.video[0]
        frames = sum(1 for _ in c.demux(v) if _.size)
        vdur = float(v.duration * v.time_base) if v.duration else frames / float(v.average_rate)
        audio = c.streams.audio[0] if c.streams.audio else None
        info = ClipInfo(
            video_codec=v.codec_context.name,
            pix_fmt=v.codec_context.pix_fmt,
            width=v.codec_context.width,
            height=v.codec_context.height,
            fps=float(v.average_rate),
            frames=frames,
            video_duration=vdur,
            audio_codec=audio.codec_context.name if audio else None,
            audio_channels=audio.codec_context.channels if audio else 0,
            audio_rate=audio.codec_context.sample_rate if audio else 0,
            audio_duration=float(audio.duration * audio.time_base) if audio else 0.0,
            faststart=_moov_before_mdat(path),
        )
    return info


def frames(path: Path) -> Iterator[RGB]:
    """Decode every video frame as RGB."""
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            yield np.asarray(frame.to_ndarray(format="rgb24"), np.uint8)


# Planar and semi-planar YUV: the first plane is the luma, as it is.
_YUV = {"yuv420p", "yuvj420p", "yuv422p", "yuvj422p", "yuv444p", "yuvj444p", "nv12", "nv21"}
_JPEG_RANGE = 2  # AVCOL_RANGE_JPEG: luma uses 0..255 rather than 16..235
# Limited-range luma (16..235) stretched to 0..255, as FFmpeg's "gray" conversion does.
_FULL_RANGE = np.clip(np.round((np.arange(256) - 16) * 255.0 / 219.0), 0, 255).astype(np.uint8)


def luma(frame: Any) -> NDArray[np.uint8]:
    """A decoded PyAV video frame's brightness, H×W uint8 in 0..255 (what
    `frame.to_ndarray(format="gray")` gives). For YUV frames the luma plane is read as it is,
    about ten times cheaper than a conversion; other formats are converted."""
    name = frame.format.name
    if name not in _YUV:
        return np.asarray(frame.to_ndarray(format="gray"), np.uint8)
    plane = frame.planes[0]
    rows = np.frombuffer(plane, np.uint8).reshape(plane.height, plane.line_size)
    y = rows[:, : plane.width]
    if name.startswith("yuvj") or getattr(frame, "color_range", 0) == _JPEG_RANGE:
        return y.copy()
    return np.asarray(cv2.LUT(y, _FULL_RANGE), np.uint8)


def audio(path: Path) -> NDArray[np.float32]:
    """Decode the audio track as float samples, n×channels."""
    chunks = []
    with av.open(str(path)) as container:
        if not container.streams.audio:  # a silent clip: no samples, not an error
            return np.zeros((0, 2), np.float32)
        for frame in container.decode(audio=0):
            chunks.append(frame.to_ndarray())
    if not chunks:
        return np.zeros((0, 2), np.float32)
    data = np.concatenate(chunks, axis=1)
    return np.ascontiguousarray(data.T, np.float32)


def boxes(path: Path) -> Iterator[tuple[str, int, int, int]]:
    """The file's top-level MP4 boxes, in order: (type, offset, size, header size). Seeks past
    each box's body, so a long clip is never read whole."""
    with open(path, "rb") as fh:
        offset = 0
        while True:
            head = fh.read(8)
            if len(head) < 8:
                return
            size, header = int.from_bytes(head[:4], "big"), 8
            if size == 1:  # a 64-bit size follows
                size, header = int.from_bytes(fh.read(8), "big"), 16
            elif size == 0:  # the box runs to the end of the file
                size = fh.seek(0, 2) - offset
            yield head[4:8].decode("latin-1"), offset, size, header
            offset += size
            fh.seek(offset)


def _moov_before_mdat(path: Path) -> bool:
    """True when the index (moov) precedes the media (mdat): playback can start before download."""
    order = [kind for kind, *_ in boxes(path)]
    return "moov" in order and "mdat" in order and order.index("moov") < order.index("mdat")
