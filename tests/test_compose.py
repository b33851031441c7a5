"""Framing for a 9:16 story and the badge."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import gradient_rgb
from vivify.compose import badge_for, layer_size, make_canvas
from vivify.quality import badge_contrast


@pytest.mark.parametrize(
    ("photo", "layer"),
    [
        ((640, 427), (720, 480)),
        ((512, 512), (720, 720)),
        ((720, 1280), (720, 1280)),
        ((1080, 2000), (720, 1280)),
        ((300, 1200), (320, 1280)),
    ],
)
def test_layer_keeps_the_aspect_ratio(photo: tuple[int, int], layer: tuple[int, int]) -> None:
    assert layer_size(photo, (720, 1280)) == layer
    lw, lh = layer
    if layer != (720, 1280):
        assert abs(lw / lh - photo[0] / photo[1]) < 0.01


def test_landscape_sits_on_a_blurred_fill_without_black_bars() -> None:
    canvas = make_canvas(gradient_rgb(96, 64), (720, 1280))
    frame = canvas.place(canvas.layer)
    assert frame.shape == (1280, 720, 3)
    assert canvas.layer.shape == (480, 720, 3)
    top, bottom = frame[: canvas.y], frame[canvas.y + 480 :]
    # The fill is made of the photo (blue above, green below), dimmed but not black.
    assert top.mean() > 30 and bottom.mean() > 30
    assert top[..., 2].mean() > top[..., 0].mean()
    assert bottom[..., 1].mean() > bottom[..., 2].mean()
    # The fill is blurred: far smoother than the textured ground it comes from.
    assert np.abs(np.diff(bottom.astype(float), axis=1)).mean() < 1.0


def test_badge_reads_on_dark_and_bright_frames() -> None:
    badge = badge_for(720, 1280)
    for level in (0, 128, 255):
        frame = np.full((1280, 720, 3), level, np.uint8)
        assert badge_contrast(badge.draw(frame), badge) > 100
        assert badge_contrast(frame, badge) < 5


def test_badge_scales_with_the_frame() -> None:
    small, big = badge_for(360, 640), badge_for(1080, 1920)
    assert big.alpha.shape[1] > 2 * small.alpha.shape[1]
