"""Behaviour on a real photo: each effect moves what belongs to it, and nothing else."""

from __future__ import annotations

import cv2
import numpy as np

from vivify.compose import Canvas
from vivify.effects import registry
from vivify.effects.base import RenderContext
from vivify.quality import frame_motion, inside_outside
from vivify.types import Scene


def _frames(
    name: str, canvas: Canvas, scene: Scene, fps: int = 10, seconds: float = 2.0, **params: float
) -> list[np.ndarray]:
    layer = canvas.layer
    ctx = RenderContext(layer.shape[1], layer.shape[0], fps, seconds, 3, scene, layer)
    fn = registry()[name].from_params(params).prepare(ctx)
    return [fn(layer, i / fps) for i in range(ctx.frame_count)]


def test_clouds_move_only_the_sky(china_prepared: tuple[Canvas, Scene]) -> None:
    canvas, scene = china_prepared
    motion = frame_motion(_frames("clouds", canvas, scene))
    assert motion[scene.sky > 0.5].mean() > 0.3
    assert inside_outside(motion, scene.sky) >= 5.0
    assert motion[scene.sky == 0].max() == 0.0  # not one pixel below the sky moves


def test_clouds_are_added_to_a_clear_sky(china_prepared: tuple[Canvas, Scene]) -> None:
    canvas, scene = china_prepared
    # Added clouds gather in from the photo: they are there by the middle of the clip.
    clear_clip = _frames("clouds", canvas, scene, cover=0.0)
    cloudy_clip = _frames("clouds", canvas, scene, cover=1.0)
    clear, cloudy = clear_clip[len(clear_clip) // 2], cloudy_clip[len(cloudy_clip) // 2]
    sky = scene.sky > 0.5
    diff = np.abs(cloudy.astype(float) - clear.astype(float)).mean(axis=2)
    assert diff[sky].mean() > 3.0
    assert diff[~(scene.sky > 0)].max() == 0.0


def test_wind_moves_vegetation_not_sky_or_buildings(china_prepared: tuple[Canvas, Scene]) -> None:
    canvas, scene = china_prepared
    motion = frame_motion(_frames("wind", canvas, scene))
    # Motion spreads a few pixels past the leaves' edges; compare against well outside them.
    near = cv2.dilate((scene.vegetation > 0.05).astype(np.uint8), np.ones((15, 15), np.uint8))
    away = np.where(near > 0, 1.0, 0.0).astype(np.float32)
    assert inside_outside(motion, np.maximum(scene.vegetation, away * 0.01)) >= 5.0
    assert motion[scene.sky > 0.99].mean() < 0.05


def test_wind_sways_tips_more_than_roots(china_prepared: tuple[Canvas, Scene]) -> None:
    canvas, scene = china_prepared
    motion = frame_motion(_frames("wind", canvas, scene))
    veg = scene.vegetation > 0.5
    rows = np.nonzero(veg.any(axis=1))[0]
    top_rows = slice(rows.min(), rows.min() + (rows.max() - rows.min()) // 3)
    bottom_rows = slice(rows.max() - (rows.max() - rows.min()) // 6, rows.max() + 1)
    assert motion[top_rows][veg[top_rows]].mean() > motion[bottom_rows][veg[bottom_rows]].mean()


def test_zoom_moves_the_whole_frame(china_prepared: tuple[Canvas, Scene]) -> None:
    canvas, scene = china_prepared
    frames = _frames("zoom_in", canvas, scene)
    change = np.abs(frames[-1].astype(float) - frames[0].astype(float)).mean(axis=2)
    h, w = change.shape
    # Every part of the frame moves: each quarter changes between the first and last frame.
    quarters = [
        change[: h // 2, : w // 2],
        change[: h // 2, w // 2 :],
        change[h // 2 :, : w // 2],
        change[h // 2 :, w // 2 :],
    ]
    assert all(q.mean() > 2.0 for q in quarters)
    # A push-in: the last frame, shrunk about the centre by the zoom, is the first frame again.
    scale = 1.0 / 1.12
    m = np.array([[scale, 0, (1 - scale) * (w - 1) / 2], [0, scale, (1 - scale) * (h - 1) / 2]])
    back = cv2.warpAffine(frames[-1], m, (w, h))
    core = (slice(h // 4, 3 * h // 4), slice(w // 4, 3 * w // 4))
    undone = np.abs(back[core].astype(float) - frames[0][core].astype(float)).mean()
    as_is = np.abs(frames[-1][core].astype(float) - frames[0][core].astype(float)).mean()
    assert undone < 0.4 * as_is  # (resampling twice blurs detail, so not zero)


def test_wind_and_clouds_loop(china_prepared: tuple[Canvas, Scene]) -> None:
    """The frame after the last equals the first: the clip loops without a jump."""
    canvas, scene = china_prepared
    layer = canvas.layer
    for name in ("wind", "clouds"):
        ctx = RenderContext(layer.shape[1], layer.shape[0], 10, 2.0, 3, scene, layer)
        fn = registry()[name]().prepare(ctx)
        start, wrapped = fn(layer, 0.0), fn(layer, ctx.duration)
        assert np.abs(start.astype(int) - wrapped.astype(int)).max() <= 1, name


def _flat_sky_scene(sky_colour: tuple[int, int, int]) -> tuple[np.ndarray, Scene]:
    """A flat, featureless sky over a darker, textured ground."""
    h, w = 360, 540
    rng = np.random.default_rng(1)
    image = np.zeros((h, w, 3), np.uint8)
    image[: h // 2] = sky_colour
    image[h // 2 :] = rng.integers(40, 120, (h - h // 2, w, 3), dtype=np.uint8)
    sky = np.zeros((h, w), np.float32)
    sky[: h // 2] = 1.0
    zeros = np.zeros((h, w), np.float32)
    scene = Scene(sky=sky, vegetation=zeros, person=zeros, hair=zeros, depth=zeros, water=zeros)
    return image, scene


def _added_clouds(image: np.ndarray, scene: Scene) -> np.ndarray:
    """What the added clouds change in the sky (grey levels, signed) at a few moments."""
    ctx = RenderContext(image.shape[1], image.shape[0], 10, 2.0, 3, scene, image)
    clear = registry()["clouds"].from_params({"cover": 0.0}).prepare(ctx)
    cloudy = registry()["clouds"].from_params({"cover": 1.0}).prepare(ctx)
    sky = scene.sky > 0.5
    diffs = [
        (cloudy(image, t).astype(float) - clear(image, t).astype(float)).mean(axis=2)[sky]
        for t in (0.0, 0.7, 1.3)
    ]
    return np.concatenate(diffs)


def test_clouds_on_a_pale_sky_are_lighter_than_it_never_grey_blobs() -> None:
    image, scene = _flat_sky_scene((222, 226, 232))  # hazy: pale and flat
    added = _added_clouds(image, scene)
    assert added.min() >= -10.0  # undersides dip a few levels at most
    assert np.percentile(added, 1) >= -6.0
    assert np.percentile(added, 99) >= 10.0  # yet they are there: lit, shaped
    assert (added > 3.0).mean() > 3.0 * (added < -3.0).mean()  # mostly lighter, not darker


def test_clouds_on_a_blue_sky_are_bright_with_shaded_undersides() -> None:
    image, scene = _flat_sky_scene((90, 140, 215))
    added = _added_clouds(image, scene)
    assert added.min() >= -1.0  # never darker than the sky
    assert np.percentile(added, 99) >= 60.0  # white tops
    # Shaded undersides: among the thick cloud, brightness varies a lot (not one flat white).
    thick = added[added > 20.0]
    assert thick.std() > 10.0
