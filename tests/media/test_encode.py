"""The MP4 writer: real H.264/AAC, reopened and checked by its properties."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from vivify.errors import OutputError
from vivify.media import probe
from vivify.media.encode import ClipWriter
from vivify.sound import soundscape


def _frames(n: int, w: int = 64, h: int = 48) -> list[np.ndarray]:
    return [np.full((h, w, 3), (i * 20) % 256, np.uint8) for i in range(n)]


def test_video_and_audio_streams(tmp_path: Path) -> None:
    out = tmp_path / "clip.mp4"
    audio = soundscape(["outdoor"], 1.0, seed=0)
    with ClipWriter(out, 64, 48, 10, audio) as writer:
        for frame in _frames(10):
            writer.write(frame)
    info = probe.probe(out)
    assert (info.video_codec, info.pix_fmt, info.width, info.height) == ("h264", "yuv420p", 64, 48)
    assert info.fps == 10 and info.frames == 10
    assert (info.audio_codec, info.audio_channels, info.audio_rate) == ("aac", 2, 48000)
    assert abs(info.audio_duration - 1.0) < 0.05
    assert info.faststart
    decoded = list(probe.frames(out))
    assert len(decoded) == 10
    assert abs(float(decoded[5].mean()) - 100.0) < 3.0  # colours survive the round trip


def test_a_crash_leaves_no_partial_file_and_keeps_the_old_one(tmp_path: Path) -> None:
    out = tmp_path / "clip.mp4"
    out.write_bytes(b"previous good clip")
    with pytest.raises(RuntimeError), ClipWriter(out, 64, 48, 10) as writer:
        writer.write(_frames(1)[0])
        raise RuntimeError("renderer died")
    assert out.read_bytes() == b"previous good clip"
    assert list(tmp_path.iterdir()) == [out]


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        ClipWriter(tmp_path / "nope" / "clip.mp4", 64, 48, 10)


def test_wrong_frame_size_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError), ClipWriter(tmp_path / "c.mp4", 64, 48, 10) as writer:
        writer.write(np.zeros((10, 10, 3), np.uint8))


def test_audio_that_arrives_late_is_still_complete(tmp_path: Path) -> None:
    from concurrent.futures import Future

    out = tmp_path / "late.mp4"
    pending: Future[np.ndarray] = Future()
    with ClipWriter(out, 64, 48, 10, pending) as writer:
        for i, frame in enumerate(_frames(20)):
            if i == 12:  # the sound is ready only after a few frames were encoded
                pending.set_result(soundscape(["outdoor"], 2.0, seed=0))
            writer.write(frame)
    info = probe.probe(out)
    assert info.frames == 20
    assert abs(info.audio_duration - 2.0) < 0.05


def test_a_writer_that_fails_while_opening_or_finishing_leaves_no_file(tmp_path: Path) -> None:
    """A signal (or an error) can land before the caller's `with` takes over, or while the
    file is finished: neither leaves the encoder's temporary file behind."""
    from vivify.media.encode import EncoderSettings

    with pytest.raises(Exception, match="codec"):
        ClipWriter(tmp_path / "a.mp4", 64, 64, 10, None, EncoderSettings(codec="no-such-codec"))
    assert list(tmp_path.iterdir()) == []

    class Interrupted(ClipWriter):
        def close(self) -> None:
            raise KeyboardInterrupt  # SIGTERM while the file is finished

    with pytest.raises(KeyboardInterrupt), Interrupted(tmp_path / "b.mp4", 64, 64, 10, None) as w:
        w.write(np.zeros((64, 64, 3), np.uint8))
    assert list(tmp_path.iterdir()) == []
