"""Every re-sharing transform the watermark is meant to survive, on one clip made by the
pipeline with its installation's keyed mark, read back by the detector `verify` uses (with the
installation's key). The same copies as issue 16 lists: re-encodes, resizes, frame rates, trims,
crops, letterbox, light, a GIF, a screen recording, splices, AV1, greyscale, gamma, mirror,
turns, a tilt and a stretch (WebM, MKV, MPEG-TS and the late splice are in test_verify)."""

from __future__ import annotations

import io
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import cv2
import numpy as np
import pytest
from PIL import Image, ImageSequence

from tests.reporting import report
from vivify.media import probe
from vivify.media.encode import ClipWriter, EncoderSettings
from vivify.pipeline import ClipResult
from vivify.provenance.credentials import watermark_key
from vivify.provenance.watermark import detect_file
from vivify.types import RGB

Frames = list[RGB]


def _each(change: Callable[[RGB], RGB]) -> Callable[[Frames], Frames]:
    return lambda frames: [np.ascontiguousarray(change(f)) for f in frames]


def _resize(factor: float) -> Callable[[RGB], RGB]:
    def go(frame: RGB) -> RGB:
        h, w = frame.shape[:2]
        size = (round(w * factor) // 2 * 2, round(h * factor) // 2 * 2)
        kind = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
        return np.asarray(cv2.resize(frame, size, interpolation=kind))

    return go


def _crop(frame: RGB) -> RGB:
    h, w = frame.shape[:2]
    return frame[h // 20 : h - h // 20, w // 20 : w - w // 20]


def _square(frame: RGB) -> RGB:
    h, w = frame.shape[:2]
    return frame[(h - w) // 2 : (h - w) // 2 + w]


def _letterbox(frame: RGB) -> RGB:
    h, w = frame.shape[:2]
    out = np.zeros((h, h, 3), np.uint8)
    out[:, (h - w) // 2 : (h - w) // 2 + w] = frame
    return out


def _gif(frames: Frames) -> Frames:
    """A GIF round trip: 256 colours a frame, dithered, at 10 fps."""
    images = [Image.fromarray(f).quantize(256) for f in frames[::3]]
    data = io.BytesIO()
    images[0].save(data, "GIF", save_all=True, append_images=images[1:], duration=100, loop=0)
    back = Image.open(io.BytesIO(data.getvalue()))
    return [np.asarray(frame.convert("RGB")) for frame in ImageSequence.Iterator(back)]


def _screen(frame: RGB) -> RGB:
    """A phone filming or recording the screen: slightly smaller, soft, a little dim, noisy."""
    h, w = frame.shape[:2]
    small = cv2.resize(frame, (round(w * 0.9) // 2 * 2, round(h * 0.9) // 2 * 2))
    soft = cv2.GaussianBlur(small, (0, 0), 0.8).astype(np.float32) * 0.93 + 6
    noise = np.random.default_rng(int(frame[0, 0, 0])).normal(0, 2.0, soft.shape)
    return np.clip(soft + noise, 0, 255).astype(np.uint8)


def _tilt(frame: RGB) -> RGB:
    h, w = frame.shape[:2]
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), 2.0, 1.0)
    return np.asarray(cv2.warpAffine(frame, turn, (w, h)))


def _fps24(frames: Frames) -> Frames:
    return [frames[round(i * 30 / 24)] for i in range(len(frames) * 24 // 30)]


def _brighter(frame: RGB) -> RGB:
    return np.clip(frame * 1.2, 0, 255).astype(np.uint8)


def _gamma(frame: RGB) -> RGB:
    return (255 * (frame / 255.0) ** 0.7).astype(np.uint8)


def _grey(frame: RGB) -> RGB:
    return np.dstack([cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY)] * 3)


def _wider(frame: RGB) -> RGB:
    return np.asarray(cv2.resize(frame, (round(frame.shape[1] * 1.1) // 2 * 2, frame.shape[0])))


def _other(frames: Frames) -> Frames:
    """Five seconds of some other video, drifting (for the splices)."""
    base = cv2.resize(cv2.flip(frames[0], 0), (frames[0].shape[1], frames[0].shape[0]))
    return [np.roll(base, 4 * i, axis=1) for i in range(150)]


# name → (what it does to the frames, the encoder and its quality, thorough search needed)
RESHARES: dict[str, tuple[Callable[[Frames], Frames], str, int, float, bool]] = {
    "CRF 23": (lambda f: f, "h264", 23, 30, False),
    "CRF 28": (lambda f: f, "h264", 28, 30, False),
    "CRF 35": (lambda f: f, "h264", 35, 30, False),
    "0.5x": (_each(_resize(0.5)), "h264", 23, 30, False),
    "0.33x": (_each(_resize(1 / 3)), "h264", 23, 30, False),
    "up to 1080x1920": (_each(_resize(1.5)), "h264", 23, 30, False),
    "15 fps": (lambda f: f[::2], "h264", 23, 15, False),
    "24 fps": (_fps24, "h264", 23, 24, False),
    "trimmed at the start": (lambda f: f[15:], "h264", 23, 30, False),
    "trimmed at the end": (lambda f: f[:-15], "h264", 23, 30, False),
    "10% crop": (_each(_crop), "h264", 23, 30, False),
    "square crop": (_each(_square), "h264", 23, 30, False),
    "letterbox": (_each(_letterbox), "h264", 23, 30, False),
    "+20% brightness": (_each(_brighter), "h264", 23, 30, False),
    "gamma 0.7": (_each(_gamma), "h264", 23, 30, False),
    "greyscale": (_each(_grey), "h264", 23, 30, False),
    "GIF round trip": (_gif, "h264", 23, 10, False),
    "screen recording": (_each(_screen), "h264", 28, 30, False),
    "spliced before other video": (lambda f: f + _other(f), "h264", 23, 30, False),
    "AV1": (lambda f: f, "libsvtav1", 35, 30, False),
    "mirrored": (_each(lambda f: f[:, ::-1]), "h264", 23, 30, False),
    "turned 90": (_each(np.rot90), "h264", 23, 30, False),
    "turned 180": (_each(lambda f: f[::-1, ::-1]), "h264", 23, 30, False),
    "tilted 2": (_each(_tilt), "h264", 23, 30, True),
    "10% wider": (_each(_wider), "h264", 23, 30, True),
    "0.27x": (_each(_resize(0.27)), "h264", 23, 30, True),
}  # fmt: skip


def _encode(frames: Frames, path: Path, codec: str, quality: int, fps: float) -> Path:
    h, w = frames[0].shape[:2]
    h, w = h // 2 * 2, w // 2 * 2
    if codec == "h264":
        with ClipWriter(path, w, h, int(fps), None, EncoderSettings(crf=quality)) as writer:
            for frame in frames:
                writer.write(np.ascontiguousarray(frame[:h, :w]))
        return path
    with av.open(str(path), "w") as container:
        stream: Any = container.add_stream(codec, rate=Fraction(fps).limit_denominator(1000))
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        stream.options = {"crf": str(quality), "preset": "12"}
        for frame in frames:
            image = av.VideoFrame.from_ndarray(np.ascontiguousarray(frame[:h, :w]), format="rgb24")
            for packet in stream.encode(image):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


@pytest.fixture(scope="module")
def frames(made: tuple[Path, ClipResult, Path]) -> Frames:
    return list(probe.frames(made[0]))


@pytest.mark.parametrize("name", list(RESHARES))
def test_the_mark_survives_the_reshare(
    made: tuple[Path, ClipResult, Path], frames: Frames, tmp_path: Path, name: str
) -> None:
    _, result, data = made
    change, codec, quality, fps, thorough = RESHARES[name]
    copy = _encode(change(list(frames)), tmp_path / "copy.mp4", codec, quality, fps)
    key = watermark_key(data, create=False)
    found = detect_file(copy, thorough=thorough, budget_s=20.0, key=key)
    report(
        f"re-share {name:>27}: "
        + ("LOST" if found is None else f"recovered, sync z {found.confidence:.1f}")
    )
    assert found is not None and found.payload == result.watermark_payload
    assert found.algorithm == "org.vivify.watermark.2"
