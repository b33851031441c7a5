"""MP4 writing with PyAV: H.264 (yuv420p, BT.709) + AAC stereo 48 kHz, faststart.

The file is written next to its destination under a temporary name and moved into place only when
complete, so a crash never leaves half a clip where a good one was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from concurrent.futures import Future
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from types import TracebackType
from typing import Any

import av
import numpy as np
from numpy.typing import NDArray

from vivify.errors import OutputError
from vivify.types import RGB

AUDIO_RATE = 48_000
_AAC_FRAME = 1024


@dataclass(frozen=True)
class EncoderSettings:
    """The encoder settings every clip uses; the benchmark uses exactly these too."""

    codec: str = "libx264"
    crf: int = 20
    preset: str = "veryfast"
    pix_fmt: str = "yuv420p"
    audio_bitrate: int = 160_000

    def video_options(self) -> dict[str, str]:
        return {"crf": str(self.crf), "preset": self.preset, "movflags": "+faststart"}


class ClipWriter:
    """Streams RGB frames (and optional audio) into an MP4. Use as a context manager."""

    def __init__(
        self,
        path: Path,
        width: int,
        height: int,
        fps: int,
        audio: NDArray[np.float64] | Future[NDArray[np.float64]] | None = None,
        settings: EncoderSettings | None = None,
    ) -> None:
        """`audio` (n×2 float samples at 48 kHz) may still be being made: pass a Future and the
        video starts at once; audio is muxed from the first frame written after it is ready."""
        self.path = Path(path)
        self.settings = settings or EncoderSettings()
        self.fps = fps
        self.width, self.height = width, height
        self._pending = audio if isinstance(audio, Future) else None
        self._audio: NDArray[np.float32] | None = None
        if audio is not None and not isinstance(audio, Future):
            self._audio = np.ascontiguousarray(audio.T, np.float32)
        self._audio_pos = 0
        self._frames = 0
        parent = self.path.parent
        if not parent.is_dir():
            raise OutputError(f"Can't write {self.path}: the folder {parent} does not exist.")
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.stem}.", suffix=".mp4", dir=parent)
        except OSError as exc:
            raise OutputError(f"Can't write to {parent}: {exc.strerror}.") from None
        os.close(fd)
        self._tmp = Path(tmp)
        try:
            self._open(width, height, fps, audio is not None)
        except BaseException:  # an error or a signal before the caller's `with` took over
            self.abort()
            raise

    def _open(self, width: int, height: int, fps: int, with_audio: bool) -> None:
        self._container: Any = None
        self._container = av.open(
            str(self._tmp), mode="w", format="mp4", options={"movflags": "+faststart"}
        )
        video: Any = self._container.add_stream(
            self.settings.codec, rate=Fraction(fps), options=self.settings.video_options()
        )
        video.width, video.height = width, height
        video.pix_fmt = self.settings.pix_fmt
        video.codec_context.color_range = 1  # limited (TV) range, what players expect
        video.codec_context.colorspace = 1  # BT.709
        video.codec_context.color_primaries = 1
        video.codec_context.color_trc = 1
        self._video = video
        self._astream: Any = None
        if with_audio:
            astream = self._container.add_stream("aac", rate=AUDIO_RATE, layout="stereo")
            astream.bit_rate = self.settings.audio_bitrate
            self._astream = astream

    def write(self, frame: RGB) -> None:
        if frame.shape != (self.height, self.width, 3):
            raise ValueError(f"frame {frame.shape} does not match {self.width}×{self.height}")
        vf = av.VideoFrame.from_ndarray(frame, format="rgb24")
        vf = vf.reformat(
            format=self.settings.pix_fmt, dst_colorspace="ITU709", dst_color_range="MPEG"
        )
        vf.pts = self._frames
        vf.time_base = Fraction(1, self.fps)
        self._container.mux(self._video.encode(vf))
        self._frames += 1
        self._write_audio_until(self._frames / self.fps)

    def _write_audio_until(self, seconds: float | None) -> None:
        if self._pending is not None and (seconds is None or self._pending.done()):
            self._audio = np.ascontiguousarray(self._pending.result().T, np.float32)
            self._pending = None
        if self._audio is None:
            return
        total = self._audio.shape[1]
        end = total if seconds is None else min(total, int(seconds * AUDIO_RATE))
        while self._audio_pos + _AAC_FRAME <= end or (seconds is None and self._audio_pos < end):
            chunk = self._audio[:, self._audio_pos : self._audio_pos + _AAC_FRAME]
            af = av.AudioFrame.from_ndarray(
                np.ascontiguousarray(chunk), format="fltp", layout="stereo"
            )
            af.sample_rate = AUDIO_RATE
            af.pts = self._audio_pos
            af.time_base = Fraction(1, AUDIO_RATE)
            self._container.mux(self._astream.encode(af))
            self._audio_pos += chunk.shape[1]

    def close(self) -> None:
        self._container.mux(self._video.encode(None))
        if self._astream is not None:
            self._write_audio_until(None)
            self._container.mux(self._astream.encode(None))
        self._container.close()
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        if self._container is not None:
            with contextlib.suppress(Exception):
                self._container.close()
        with contextlib.suppress(FileNotFoundError):
            self._tmp.unlink()

    def __enter__(self) -> ClipWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is not None:
            self.abort()
            return
        try:
            self.close()
        except BaseException:  # a failed finish, or a signal during it, leaves no file
            self.abort()
            raise
