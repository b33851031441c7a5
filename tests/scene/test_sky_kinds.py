"""The sky of any kind, on synthetic photos: dusk and starry night are sky, a plain backdrop
behind a close-up is not, still water that mirrors the shore is not, and the light the photo
already shows is reported."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from vivify.intake import read_photo
from vivify.scene import analyse
from vivify.scene.cues import cues_of
from vivify.scene.sky import MIRROR_SCORE, find_sky, mirror_axis, sky_seen


def _landscape(sky_top: tuple[int, int, int], sky_low: tuple[int, int, int]) -> np.ndarray:
    """A sky gradient over dark textured land, 240x160."""
    rng = np.random.default_rng(3)
    h, w, horizon = 160, 240, 90
    img = np.zeros((h, w, 3), np.float32)
    rows = np.linspace(0.0, 1.0, horizon)[:, None, None]
    img[:horizon] = np.array(sky_top) * (1 - rows) + np.array(sky_low) * rows
    land = rng.integers(0, 35, (h - horizon, w, 1)) + np.array([30, 30, 25])
    img[horizon:] = land
    return np.clip(img, 0, 255).astype(np.uint8)


def test_a_dusk_sky_is_sky_and_the_light_is_dusk() -> None:
    scene = analyse(_landscape((120, 90, 160), (255, 150, 70)))  # violet overhead, orange low
    assert scene.sky[:60].mean() > 0.9
    assert scene.sky[100:].max() < 0.5
    assert scene.light == "dusk"


def test_a_deep_red_afterglow_over_black_silhouettes_is_a_dusk_sky() -> None:
    img = _landscape((70, 20, 10), (150, 50, 15))  # dark red overhead, deep orange low
    img[90:] = np.clip(img[90:].astype(int) // 6, 0, 255).astype(np.uint8)  # black land
    scene = analyse(img)
    assert scene.sky[:60].mean() > 0.9
    assert scene.light == "dusk"
    # A brown wooden wall over a floor a little darker is no sunset: nothing is in silhouette.
    wall = _landscape((110, 70, 40), (120, 75, 45))
    wall[90:] = (80, 55, 35)
    assert analyse(wall).light != "dusk"


def test_a_starry_night_sky_is_sky_with_stars() -> None:
    img = _landscape((6, 10, 30), (20, 26, 55))
    rng = np.random.default_rng(5)
    ys, xs = rng.integers(2, 80, 120), rng.integers(2, 238, 120)
    img[ys, xs] = 235  # stars: single bright points
    scene = analyse(img)
    assert scene.sky[:60].mean() > 0.9
    assert scene.light == "night"
    assert scene.stars


def test_a_plain_backdrop_behind_a_close_up_is_not_sky() -> None:
    img = np.full((160, 240, 3), (182, 170, 158), np.uint8)  # a warm grey studio wall
    rng = np.random.default_rng(2)
    yy, xx = np.mgrid[0:160, 0:240]
    disc = (yy - 100) ** 2 + (xx - 120) ** 2 < 55**2
    img[disc] = np.clip(rng.normal(140, 30, (int(disc.sum()), 3)), 0, 255).astype(np.uint8)
    scene = analyse(img)
    assert scene.coverage("sky") == 0.0
    assert scene.light == "day"


def _misty_lake(mirrored: bool) -> np.ndarray:
    """A pale hazy sky, a dark treeline, and below it still water that mirrors both a little
    darker and softer (or, not mirrored, the same haze with other trees in it), 240x200."""
    rng = np.random.default_rng(5)
    h, w, shore = 200, 240, 110
    img = np.zeros((h, w, 3), np.float32)
    rows = np.linspace(0.0, 1.0, shore)[:, None, None]
    img[:shore] = np.array((200, 205, 210)) * (1 - rows) + np.array((170, 178, 185)) * rows
    for x in rng.integers(0, w, 40):  # trees: dark columns of uneven height on the shore
        top = shore - int(rng.integers(8, 30))
        img[top:shore, x : x + int(rng.integers(2, 6))] = (60, 70, 65)
    below = img[shore - (h - shore) : shore][::-1] * 0.85
    if not mirrored:
        below = np.roll(below, 97, axis=1)[:, ::-1]
    img[shore:] = below
    return np.clip(img, 0, 255).astype(np.uint8)


def test_the_row_a_still_lake_mirrors_about_is_found() -> None:
    for mirrored in (True, False):
        grey = cv2.cvtColor(_misty_lake(mirrored), cv2.COLOR_RGB2GRAY).astype(np.float32)
        score, row = mirror_axis(grey)
        if mirrored:
            assert score > MIRROR_SCORE and abs(row - 110) <= 2
        else:
            assert score < MIRROR_SCORE


def test_birds_standing_in_still_water_stand_in_water_not_sky() -> None:
    # The dark water and its reflections run on from a dark backdrop without an edge.
    path = Path(__file__).parents[1] / "photos" / "heldout3" / "spoonbills.jpg"
    rgb = read_photo(path.read_bytes()).pixels
    rgb = cv2.resize(rgb, (540, round(rgb.shape[0] * 540 / rgb.shape[1])), cv2.INTER_AREA)
    scene = analyse(rgb)
    h = scene.sky.shape[0]
    assert scene.sky[int(0.8 * h) :].mean() < 0.05
    assert scene.water[int(0.8 * h) :].mean() > 0.5


def test_a_strip_of_grey_sky_the_model_is_sure_of_is_taken_where_the_rules_found_none() -> None:
    # A thin strip of grey sky over mountains: too small for the classical rules (a grey wall
    # looks the same), taken where a learned model is very sure of it along the top.
    img = _landscape((200, 200, 204), (196, 196, 200))
    img[14:] = np.clip(img[14:].astype(int) + 40, 0, 255).astype(np.uint8)  # grey-green rock
    c = cues_of(img)
    h, w = c.size[1], c.size[0]
    assert find_sky(c, np.zeros((h, w), np.float32)).kind == "none"
    strip = np.zeros((h, w), bool)
    strip[: round(h * 14 / 160)] = True
    sky = sky_seen(c, strip)
    assert sky.kind == "overcast" and sky.horizon is not None and 0.05 < sky.horizon < 0.15
    assert sky.mask[: round(h * 10 / 160)].mean() > 0.9 and sky.mask[h // 3 :].max() == 0.0
    # A patch it is sure of in the middle of the photo, away from the top edge, is not taken.
    patch = np.zeros((h, w), bool)
    patch[h // 3 : h // 2, w // 4 : w // 2] = True
    assert sky_seen(c, patch).kind == "none"
