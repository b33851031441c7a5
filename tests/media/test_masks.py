"""`vivify scene --out`: the masks, and an overlay that shows each region in its own colour."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from vivify.media.masks import TINTS, scene_overlay, write_scene
from vivify.types import Scene

W, H = 160, 120


def _scene() -> Scene:
    zero = np.zeros((H, W), np.float32)
    sky = zero.copy()
    sky[: H // 2] = 1.0
    water = zero.copy()
    water[H // 2 :, : W // 2] = 1.0
    return Scene(sky=sky, vegetation=zero, person=zero, hair=zero, depth=zero, water=water)


def test_overlay_tints_each_region_and_adds_a_legend() -> None:
    photo = np.full((H, W, 3), 128, np.uint8)
    overlay = scene_overlay(photo, _scene())
    assert overlay.shape[1] == W and overlay.shape[0] > H  # the legend is a strip below
    top = overlay[: H // 2].reshape(-1, 3).mean(axis=0)
    water = overlay[H // 2 : H, : W // 2].reshape(-1, 3).mean(axis=0)
    bare = overlay[H // 2 : H, W // 2 :]
    assert top[2] > top[0] + 40  # sky: towards its blue
    assert water[1] > water[0] + 40 and water[2] > water[0] + 40  # water: towards cyan
    assert (bare == 128).all()  # nothing found: the photo as it is
    legend = overlay[H:]
    for colour in (TINTS["sky"], TINTS["water"]):  # a swatch of each colour is drawn
        assert (legend == np.array(colour, np.uint8)).all(axis=2).any()


def test_write_scene_keeps_its_files_and_adds_the_overlay(tmp_path: Path) -> None:
    photo = np.full((H, W, 3), 90, np.uint8)
    written = {p.name for p in write_scene(photo, _scene(), tmp_path)}
    assert {"photo.png", "sky.png", "water.png", "depth.png", "faces.png", "overlay.png"} <= written
    with Image.open(tmp_path / "overlay.png") as image:
        assert image.width == W and image.height > H
