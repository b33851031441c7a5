"""The motion engine with painted regions: an effect moves exactly its region, nothing outside."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from vivify.compose import Canvas, make_canvas
from vivify.engines.motion import MotionEngine
from vivify.errors import PlanError
from vivify.plan import EffectSpec, Plan, parse_plan
from vivify.plan.regions import Region, polygon_mask
from vivify.types import Scene

W, H = 240, 320  # the frame and the layer: a photo of the frame's shape fills it
REGION = [[0.2, 0.45], [0.8, 0.45], [0.8, 0.9], [0.2, 0.9]]


def _textured() -> np.ndarray:
    """Detail everywhere, so any motion shows in the pixels."""
    rng = np.random.default_rng(1)
    noise = rng.integers(0, 256, (H // 4, W // 4, 3)).astype(np.uint8)
    return cv2.resize(noise, (W, H), interpolation=cv2.INTER_CUBIC)


def _scene(**masks: float) -> Scene:
    """A scene with each mask uniformly `value` (0 unless given)."""

    def mask(name: str) -> np.ndarray:
        return np.full((H, W), masks.get(name, 0.0), np.float32)

    return Scene(
        sky=mask("sky"),
        vegetation=mask("vegetation"),
        person=mask("person"),
        hair=mask("hair"),
        depth=mask("depth"),
        water=mask("water"),
    )


@pytest.fixture(scope="module")
def canvas() -> Canvas:
    canvas = make_canvas(_textured(), (W, H))
    assert canvas.layer.shape[:2] == (H, W)
    return canvas


def _render(canvas: Canvas, scene: Scene, effects: list[dict[str, object]]) -> list[np.ndarray]:
    plan = parse_plan(
        json.dumps({"effects": effects, "width": W, "height": H, "fps": 6, "duration": 1.5})
    )
    return list(MotionEngine().frames(canvas, scene, plan))


def _changed(frames: list[np.ndarray], photo: np.ndarray) -> np.ndarray:
    """Per pixel, the largest change from the photo over the clip."""
    return np.max([np.abs(f.astype(int) - photo.astype(int)).max(axis=2) for f in frames], axis=0)


@pytest.mark.parametrize("name", ["wind", "water", "clouds"])
def test_a_region_confines_the_effect(canvas: Canvas, name: str) -> None:
    # The scene says the whole photo is plants, water and sky: only the region may move anyway.
    scene = _scene(vegetation=1.0, water=1.0, sky=1.0)
    frames = _render(canvas, scene, [{"name": name, "region": {"polygon": REGION}}])
    mask = polygon_mask([REGION], (W, H))
    change = _changed(frames, canvas.layer)
    assert change[mask == 0].max() == 0  # outside the region: the photo, in every frame
    assert (change[mask > 0.99] > 0).mean() > 0.3  # inside: it moves
    # Without the region, the same effect moves things outside too.
    free = _changed(_render(canvas, scene, [{"name": name}]), canvas.layer)
    assert (free[mask == 0] > 0).mean() > 0.1


@pytest.mark.parametrize("name", ["water", "wind", "clouds"])
def test_the_brush_overrides_an_empty_scene(canvas: Canvas, name: str) -> None:
    scene = _scene()  # no water, plants or sky found at all
    assert _changed(_render(canvas, scene, [{"name": name}]), canvas.layer).max() == 0
    frames = _render(canvas, scene, [{"name": name, "region": {"polygon": REGION}}])
    mask = polygon_mask([REGION], (W, H))
    change = _changed(frames, canvas.layer)
    assert (change[mask > 0.99] > 0).mean() > 0.3
    assert change[mask == 0].max() == 0


def test_an_effect_without_scene_masks_is_confined(canvas: Canvas) -> None:
    frames = _render(canvas, _scene(), [{"name": "black_white", "region": {"polygon": REGION}}])
    mask = polygon_mask([REGION], (W, H))
    change = _changed(frames, canvas.layer)
    assert change[mask == 0].max() == 0
    assert change[mask > 0.99].mean() > 5


def test_each_effect_keeps_to_its_own_region(canvas: Canvas) -> None:
    top = [[0.1, 0.05], [0.9, 0.05], [0.9, 0.4], [0.1, 0.4]]
    scene = _scene(vegetation=1.0, water=1.0)
    frames = _render(
        canvas,
        scene,
        [
            {"name": "wind", "region": {"polygon": top}},
            {"name": "water", "region": {"polygon": REGION}},
        ],
    )
    both = np.maximum(polygon_mask([top], (W, H)), polygon_mask([REGION], (W, H)))
    change = _changed(frames, canvas.layer)
    assert change[both == 0].max() == 0
    assert (change[polygon_mask([top], (W, H)) > 0.99] > 0).mean() > 0.3


def test_masks_from_the_edge_are_used_and_fitted_to_the_layer(canvas: Canvas) -> None:
    plan = parse_plan(
        json.dumps(
            {
                "effects": [{"name": "water", "region": {"mask": "/not/read/here.png"}}],
                "fps": 6,
                "duration": 1.0,
            }
        )
    )
    with pytest.raises(PlanError, match=r"region mask of water .* was not read"):
        list(MotionEngine().frames(canvas, _scene(), plan))
    small = np.zeros((H // 2, W // 2), np.float32)  # at another size: resized to the layer
    small[H // 4 :, :] = 1.0
    frames = list(MotionEngine().frames(canvas, _scene(), plan, {0: small}))
    change = _changed(frames, canvas.layer)
    assert change[: H // 2 - 4].max() == 0
    assert (change[H // 2 + 4 :] > 0).mean() > 0.3


def test_a_camera_move_with_a_region_is_refused(canvas: Canvas) -> None:
    # A plan built in code skips validation; the engine refuses it all the same.
    region = Region(polygon=[(0.1, 0.1), (0.9, 0.1), (0.5, 0.9)])
    spec = EffectSpec.model_construct(name="zoom_in", params={}, because=[], region=region)
    plan = Plan.model_construct(**{**Plan().model_dump(), "effects": [spec]})
    with pytest.raises(PlanError, match="zoom_in: a camera move applies to the whole frame"):
        list(MotionEngine().frames(canvas, _scene(), plan))
