"""Framing for a 9:16 story and the badge."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from tests.conftest import gradient_rgb
from vivify.compose import (
    Framing,
    badge_for,
    choose_framing,
    fit_scene,
    layer_size,
    make_canvas,
    saliency,
)
from vivify.quality import badge_contrast
from vivify.types import Face, Scene


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


def _landscape(subjects: list[float], width: int = 960, height: int = 640) -> np.ndarray:
    """Sky over grass with faint noise, and a red disk at each share of the width in `subjects`."""
    rng = np.random.default_rng(1)
    img = np.zeros((height, width, 3), np.int32)
    img[: height // 2] = (120, 170, 235)
    img[height // 2 :] = (60, 120, 50)
    img = np.clip(img + rng.integers(-12, 12, (height, width, 1)), 0, 255).astype(np.uint8)
    for share in subjects:
        cv2.circle(img, (int(share * width), int(height * 0.55)), 70, (230, 40, 40), -1)
    return img


def test_a_centred_subject_keeps_bands() -> None:
    framing = choose_framing(_landscape([0.5]), None, (720, 1280))
    assert framing.mode == "bands" and "middle" in framing.reason


@pytest.mark.parametrize(("share", "reverse"), [(0.12, False), (0.88, True)])
def test_an_off_centre_subject_fills_and_the_pan_starts_on_it(share: float, reverse: bool) -> None:
    framing = choose_framing(_landscape([share]), None, (720, 1280))
    assert framing.mode == "fill" and framing.reverse is reverse


@pytest.mark.parametrize("subjects", [[0.1, 0.3, 0.5, 0.7, 0.9], []])
def test_content_spread_across_the_width_fills(subjects: list[float]) -> None:
    framing = choose_framing(_landscape(subjects), None, (720, 1280))
    assert framing.mode == "fill" and not framing.reverse and "spread" in framing.reason


def test_a_given_subject_map_decides_over_what_stands_out() -> None:
    photo = _landscape([0.5])  # the red disk stands out in the middle ...
    subject = np.zeros((64, 96), np.float32)
    subject[20:50, 80:92] = 1.0  # ... but the subject map says the subject is on the right
    assert choose_framing(photo, subject, (720, 1280)) == Framing(
        "fill", "its subject is on the right, where the pan starts", reverse=True
    )
    subject = np.zeros((64, 96), np.float32)
    subject[20:50, 40:56] = 1.0
    assert choose_framing(_landscape([0.1]), subject, (720, 1280)).mode == "bands"


@pytest.mark.parametrize(
    ("size", "mode", "why"),
    [
        ((400, 800), "bands", "portrait"),
        ((700, 600), "bands", "near-square"),
        ((720, 1200), "fill", "close to the frame"),
    ],
)
def test_the_shape_alone_decides_portrait_square_and_frame_shaped_photos(
    size: tuple[int, int], mode: str, why: str
) -> None:
    photo = np.zeros((size[1], size[0], 3), np.uint8)
    framing = choose_framing(photo, None, (720, 1280))
    assert framing.mode == mode and why in framing.reason


def test_saliency_finds_the_odd_one_out() -> None:
    sal = saliency(_landscape([0.25]))
    w = sal.shape[1]
    assert sal.dtype == np.float32 and sal.min() >= 0.0 and sal.max() == pytest.approx(1.0)
    assert sal[:, : w // 2].sum() > 2 * sal[:, w // 2 :].sum()


def test_fit_scene_scales_masks_and_faces() -> None:
    mask = np.zeros((40, 60), np.float32)
    mask[10:20, 30:60] = 1.0
    face = Face(box=(30, 10, 20, 10), landmarks=np.array([[40.0, 15.0]], np.float32))
    scene = Scene(mask, mask, mask, mask, mask, mask, faces=(face,), horizon=0.25)
    half = fit_scene(scene, (30, 20))
    assert half.size == (30, 20) and half.horizon == 0.25
    assert half.sky[5:10, 15:30].min() > 0.99 and half.sky[:5].max() == 0.0
    assert half.faces[0].box == (15, 5, 10, 5)
    assert half.faces[0].landmarks.tolist() == [[20.0, 7.5]]


def test_a_frame_shaped_photo_fills_without_a_pan_in_any_framing() -> None:
    photo = gradient_rgb(72, 120)
    for framing in (None, Framing("fill", ""), Framing("bands", "")):
        canvas = make_canvas(photo, (720, 1280), framing)
        assert canvas.layer.shape == (1280, 720, 3) and not canvas.pans


@pytest.mark.parametrize("size", [(720, 1280), (1080, 1920), (360, 640), (1280, 720), (512, 512)])
def test_a_badge_survives_every_common_crop(size: tuple[int, int]) -> None:
    """10% off any one side, 5% off each, and the square at the middle: one whole badge stays."""
    w, h = size
    badge = badge_for(w, h)
    bh, bw = badge.alpha.shape[:2]
    assert len(badge.places) == 2
    side = min(w, h)
    crops = {
        "top 10%": (0, round(0.1 * h), w, h),
        "bottom 10%": (0, 0, w, h - round(0.1 * h)),
        "left 10%": (round(0.1 * w), 0, w, h),
        "right 10%": (0, 0, w - round(0.1 * w), h),
        "5% each side": (dx := round(0.05 * w), dy := round(0.05 * h), w - dx, h - dy),
        "middle square": ((w - side) // 2, (h - side) // 2, (w + side) // 2, (h + side) // 2),
    }
    for name, (x0, y0, x1, y1) in crops.items():
        kept = [
            (x, y) for x, y in badge.places if x >= x0 and y >= y0 and x + bw <= x1 and y + bh <= y1
        ]
        assert kept, f"{name} crop of {w}x{h} removes every badge"


def test_the_badge_stays_legible_at_a_third_of_the_size() -> None:
    """Scaled to 0.33x (a thumbnail or a re-share at 240x427), the letters are still about 8 px
    tall and stand out from their box as clearly as the video check asks of a full-size one."""
    rng = np.random.default_rng(4)
    badge = badge_for(720, 1280)
    for frame in (
        np.full((1280, 720, 3), 20, np.uint8),
        np.full((1280, 720, 3), 235, np.uint8),
        rng.integers(0, 256, (1280, 720, 3), dtype=np.uint8),
    ):
        small = cv2.resize(badge.draw(frame), (240, 427), interpolation=cv2.INTER_AREA)
        mask = cv2.resize(badge.text_mask.astype(np.uint8), None, fx=1 / 3, fy=1 / 3) > 0
        boxed = cv2.resize((badge.alpha[..., 0] > 0.7).astype(np.uint8), None, fx=1 / 3, fy=1 / 3)
        rows = np.flatnonzero(mask.any(axis=1))
        assert rows[-1] - rows[0] + 1 >= 7  # the letters' height, ascender to descender
        for x, y in badge.places:
            sx, sy = round(x / 3), round(y / 3)
            region = small[sy : sy + mask.shape[0], sx : sx + mask.shape[1]].mean(axis=2)
            box = (boxed[: region.shape[0], : region.shape[1]] > 0) & ~mask[: region.shape[0]]
            text = mask[: region.shape[0], : region.shape[1]]
            assert region[text].mean() - region[box[:, : region.shape[1]]].mean() > 60


def test_the_badge_font_tells_capital_i_from_small_l() -> None:
    """In the badge's font a capital I has serifs and a small l a tail: drawn alone, the two
    glyphs differ in most of their pixels, where a plain sans font draws the same bar."""
    from PIL import Image, ImageDraw, ImageFont

    from vivify.compose import BADGE_FONT, _asset

    font = ImageFont.truetype(str(_asset(BADGE_FONT)), 40)

    def glyph(char: str) -> np.ndarray:
        image = Image.new("L", (40, 60), 0)
        ImageDraw.Draw(image).text((8, 4), char, font=font, fill=255)
        return np.asarray(image) > 127

    capital_i, small_l = glyph("I"), glyph("l")
    differ = np.logical_xor(capital_i, small_l).sum() / np.logical_or(capital_i, small_l).sum()
    assert differ > 0.4
