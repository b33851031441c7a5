"""probe.luma: a decoded frame's brightness, read from its luma plane where it has one."""

from __future__ import annotations

import av
import numpy as np
import pytest

from vivify.media.probe import luma


def _gradient(width: int = 64, height: int = 48) -> np.ndarray:
    rng = np.random.default_rng(5)
    rgb = np.zeros((height, width, 3), np.uint8)
    rgb[..., 0] = np.linspace(0, 255, width, dtype=np.uint8)[None, :]
    rgb[..., 1] = np.linspace(255, 0, height, dtype=np.uint8)[:, None]
    rgb[..., 2] = rng.integers(0, 256, (height, width), dtype=np.uint8)
    return rgb


@pytest.mark.parametrize("fmt", ["yuv420p", "yuvj420p", "yuv444p", "nv12", "rgb24", "bgr24"])
def test_luma_matches_ffmpegs_grey_conversion(fmt: str) -> None:
    frame = av.VideoFrame.from_ndarray(_gradient(), format="rgb24").reformat(format=fmt)
    got = luma(frame)
    want = frame.to_ndarray(format="gray")
    assert got.shape == want.shape == (48, 64)
    assert got.dtype == np.uint8
    # FFmpeg's grey conversion rounds its range stretch its own way: a few levels apart at most.
    diff = np.abs(got.astype(int) - want.astype(int))
    assert diff.mean() < 2.0
    assert diff.max() <= 16
    assert np.corrcoef(got.ravel(), want.ravel())[0, 1] > 0.999


def test_limited_range_luma_is_stretched_to_full_range() -> None:
    white = np.full((32, 32, 3), 255, np.uint8)
    black = np.zeros((32, 32, 3), np.uint8)
    for rgb, level in ((white, 255), (black, 0)):
        frame = av.VideoFrame.from_ndarray(rgb, format="rgb24").reformat(format="yuv420p")
        assert abs(int(luma(frame).mean()) - level) <= 1


def test_the_plane_is_copied_not_a_view_into_the_decoders_buffer() -> None:
    frame = av.VideoFrame.from_ndarray(_gradient(), format="rgb24").reformat(format="yuvj420p")
    out = luma(frame)
    out[:] = 0
    assert luma(frame).max() > 0
