"""The water mask: the lake in the landscape, nothing in the portrait or the still life."""

from __future__ import annotations

import numpy as np

from tests.conftest import example_bytes, gradient_rgb
from vivify.compose import Canvas
from vivify.intake import read_photo
from vivify.scene import analyse
from vivify.types import Scene


def sea_rgb(width: int = 240, height: int = 160, horizon: float = 0.4) -> np.ndarray:
    """A synthetic seascape: a blue sky over a calm, darker blue sea with faint streaks."""
    rng = np.random.default_rng(1)
    img = np.zeros((height, width, 3), np.float32)
    top = int(horizon * height)
    rows = np.linspace(0, 1, top)[:, None, None]
    img[:top] = np.array([110, 160, 230]) * (1 - rows) + np.array([190, 215, 240]) * rows
    rows = np.linspace(0, 1, height - top)[:, None, None]
    sea = np.array([60, 110, 160]) * (1 - rows) + np.array([30, 80, 130]) * rows
    streaks = rng.normal(0, 3, (height - top, 1, 1)) + rng.normal(0, 1.5, (height - top, width, 1))
    img[top:] = sea + streaks
    return np.clip(img, 0, 255).astype(np.uint8)


def test_the_lake_is_water_and_the_pagoda_sky_and_trees_are_not(
    china_prepared: tuple[Canvas, Scene],
) -> None:
    _, scene = china_prepared
    water = scene.water
    h, w = water.shape
    assert 0.03 < scene.coverage("water") < 0.2
    assert water[int(0.62 * h), int(0.7 * w)] > 0.9  # the open lake, right of the pagoda
    assert water[int(0.7 * h), int(0.06 * w)] > 0.9  # the lake seen left of the pagoda
    # The pagoda's shaded lower floor is dark and smooth, but it is not water.
    assert water[int(0.67 * h) : int(0.77 * h), int(0.14 * w) : int(0.26 * w)].max() < 0.5
    # Water lies below the horizon, under the sky, and is not the hazy land over the far shore.
    assert scene.horizon is not None
    assert water[: int(scene.horizon * h)].max() == 0.0
    assert (np.minimum(water, scene.sky) > 0.5).mean() < 0.01
    assert water[int(0.45 * h), int(0.7 * w)] < 0.5
    assert (np.minimum(water, scene.vegetation) > 0.5).mean() < 0.001


def test_a_calm_sea_under_a_clear_sky_is_water() -> None:
    scene = analyse(sea_rgb())
    h = scene.water.shape[0]
    assert scene.water[int(0.45 * h) :].mean() > 0.95
    assert scene.water[: int(0.38 * h)].max() == 0.0


def test_no_water_in_a_portrait_a_still_life_or_a_field() -> None:
    for name in ("astronaut.png", "coffee.png"):
        assert analyse(read_photo(example_bytes(name)).pixels).coverage("water") == 0.0
    assert analyse(gradient_rgb(120, 80)).coverage("water") == 0.0
