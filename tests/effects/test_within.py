"""Night on a night photo and sunset on a sunset photo animate within the state the photo shows:
frame 0 is the photo, the sky moves, the land does not, the photo is not darkened again."""

from __future__ import annotations

import dataclasses

import numpy as np

from vivify.compose import make_canvas
from vivify.engines import get_engine
from vivify.plan import plan_from_dict, plan_from_prompt
from vivify.scene import analyse
from vivify.types import RGB, Scene

W, H = 240, 426


def _night() -> tuple[RGB, Scene]:
    rng = np.random.default_rng(7)
    img = np.zeros((H, W, 3), np.uint8)
    img[:250] = (8, 12, 34)
    ys, xs = rng.integers(0, 240, 300), rng.integers(0, W, 300)
    img[ys, xs] = 230
    img[250:] = rng.integers(10, 40, (H - 250, W, 1))
    scene = analyse(img)
    return img, scene


def _frames(effect: str, img: RGB, scene: Scene) -> list[RGB]:
    canvas = make_canvas(img, (W, H))
    plan = plan_from_dict({"effects": [{"name": effect}], "width": W, "height": H,
                           "duration": 1.0, "fps": 10})  # fmt: skip
    return list(get_engine("motion").frames(canvas, scene, plan))


def test_night_on_a_night_photo_turns_the_sky_and_keeps_the_photo() -> None:
    img, scene = _night()
    assert scene.light == "night"
    frames = _frames("night", img, scene)
    assert np.array_equal(frames[0], img)
    sky, land = scene.sky > 0.9, scene.sky < 0.01
    change = np.abs(frames[-1].astype(int) - img.astype(int)).max(axis=2)
    assert change[sky].mean() > 2.0 * max(change[land].mean(), 0.05)
    # Not darkened again: the mean brightness stays within a few levels of the photo's.
    assert abs(float(frames[-1].mean()) - float(img.mean())) < 3.0
    plan = plan_from_prompt("make the stars twinkle", scene)
    assert "night" in [s.name for s in plan.effects]
    assert "sparkle" not in [s.name for s in plan.effects]
    assert any("already shows night" in note for note in plan.notes)


def test_sunset_on_a_dusk_photo_keeps_its_colours() -> None:
    img, scene = _night()
    dusk = dataclasses.replace(scene, light="dusk")
    frames = _frames("sunset", img, dusk)
    assert np.array_equal(frames[0], img)
    assert any(np.abs(f.astype(int) - img.astype(int)).max() > 0 for f in frames[1:])
    assert abs(float(frames[-1].mean()) - float(img.mean())) < 6.0
