"""Vegetation of any colour, but not stone: hue mix, bare branches against the sky."""

from __future__ import annotations

import cv2
import numpy as np

from vivify.scene.cues import cues_of
from vivify.scene.vegetation import find_vegetation


def _texture(rng: np.random.Generator, h: int, w: int, scale: int) -> np.ndarray:
    small = rng.standard_normal((h // scale + 1, w // scale + 1)).astype(np.float32)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_NEAREST)[:h, :w]


def _outdoors(ground: np.ndarray) -> np.ndarray:
    """A pale blue sky over the top third, `ground` below it."""
    h = ground.shape[0]
    rgb = ground.copy()
    rgb[: h // 3] = (150, 190, 235)
    return rgb


def test_autumn_leaves_are_plants_and_sandstone_is_not() -> None:
    rng = np.random.default_rng(4)
    h, w = 480, 640
    base = np.array([165, 125, 90], np.float32)  # sandstone: brownish, not vivid
    # Leaves: blotches of several hues (orange, yellow, red, a little green) and dark gaps.
    hues = np.array([[200, 110, 40], [215, 170, 50], [170, 60, 40], [120, 130, 50]], np.float32)
    pick = np.clip(np.round(1.5 + 1.2 * _texture(rng, h, w, 3)), 0, 3).astype(int)
    leaves = hues[pick] * (0.75 + 0.25 * np.clip(_texture(rng, h, w, 2), -1, 1))[..., None]
    # Stone: one colour, varying only in brightness (shading, cracks).
    stone = base[None, None] * (0.8 + 0.2 * np.clip(_texture(rng, h, w, 3), -1.5, 1.5))[..., None]
    for ground, plants in ((leaves, True), (stone, False)):
        rgb = _outdoors(np.clip(ground, 0, 255).astype(np.uint8))
        c = cues_of(rgb)
        zero = np.zeros(c.light.shape, np.float32)
        found = find_vegetation(c, not_here=zero, outdoors=True)
        below = found[found.shape[0] // 2 :]
        assert (below.mean() > 0.6) if plants else (below.mean() < 0.15)


def test_a_bare_tree_against_a_pale_sky_is_plants() -> None:
    rng = np.random.default_rng(2)
    h, w = 480, 640
    rgb = np.full((h, w, 3), (205, 205, 210), np.uint8)  # overcast sky
    rgb[int(0.75 * h) :] = (90, 110, 60)  # a lawn
    # A trunk and a crown of thin, crooked branches forking every way.
    cv2.line(rgb, (320, h), (320, 250), (60, 50, 45), 14)
    tips = [(320.0, 250.0, -np.pi / 2, 110.0)]
    for level in range(7):
        grown = []
        for x, y, angle, length in tips:
            for turn in (-0.55, 0.5):
                a = angle + turn + rng.normal(0, 0.2)
                points = [(x, y)]
                for _ in range(4):  # crooked: a new bend every quarter
                    a += rng.normal(0, 0.25)
                    x, y = x + 0.25 * length * np.cos(a), y + 0.25 * length * np.sin(a)
                    points.append((x, y))
                cv2.polylines(rgb, [np.round(points).astype(np.int32)], False, (70, 60, 55),
                              max(1, 3 - level // 2))  # fmt: skip
                grown.append((x, y, a, 0.75 * length))
                x, y = points[0]
        tips = grown
    c = cues_of(rgb)
    zero = np.zeros(c.light.shape, np.float32)
    found = find_vegetation(c, not_here=zero, outdoors=True)
    ch, cw = found.shape
    twigs = cv2.resize((rgb.min(axis=2) < 120).astype(np.uint8), (cw, ch)) > 0
    twigs[int(0.5 * ch) :] = False  # the crown, not the trunk or the lawn
    assert found[twigs].mean() > 0.6
    # The open sky away from it is not.
    far = cv2.dilate(twigs.astype(np.uint8), np.ones((25, 25), np.uint8)) == 0
    far[int(0.5 * ch) :] = False
    assert found[far].mean() < 0.05
