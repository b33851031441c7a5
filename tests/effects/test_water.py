"""water on a real photo with a lake: the water ripples, the land and the sky stay still."""

from __future__ import annotations

import cv2
import numpy as np

from tests.conftest import example_bytes
from vivify.compose import Canvas, make_canvas
from vivify.effects import registry
from vivify.effects.base import RenderContext
from vivify.effects.water import stream_course
from vivify.engines import get_engine
from vivify.intake import read_photo
from vivify.plan import plan_from_dict
from vivify.quality import flow_magnitude, frame_motion, inside_outside, loop_seam, psnr
from vivify.scene import analyse
from vivify.types import Scene

SECONDS = 2.0


def _render(canvas: Canvas, scene: Scene, fps: int = 10, **params: float) -> list[np.ndarray]:
    layer = canvas.layer
    ctx = RenderContext(layer.shape[1], layer.shape[0], fps, SECONDS, 3, scene, layer)
    fn = registry()["water"].from_params(params).prepare(ctx)
    frames = [fn(layer, i / fps) for i in range(ctx.frame_count)]
    assert np.array_equal(fn(layer, SECONDS), frames[0])  # the frame after the last is the first
    return frames


def test_water_starts_at_the_photo_and_loops(china_prepared: tuple[Canvas, Scene]) -> None:
    canvas, scene = china_prepared
    frames = _render(canvas, scene)
    assert psnr(frames[0], canvas.layer) >= 40.0
    assert loop_seam(frames) <= 1.5


def test_only_the_water_moves(china_prepared: tuple[Canvas, Scene]) -> None:
    canvas, scene = china_prepared
    assert scene.coverage("water") > 0.02
    frames = _render(canvas, scene)
    flow = flow_magnitude(frames)
    assert flow[scene.water > 0.5].mean() > 0.1
    assert inside_outside(flow, scene.water) >= 5.0
    # Not one pixel of the sky or the trees a few pixels away from the water changes.
    near = cv2.dilate((scene.water > 0.001).astype(np.uint8), np.ones((7, 7), np.uint8)) > 0
    motion = frame_motion(frames)
    assert motion[(scene.sky > 0.5) & ~near].max() == 0.0
    assert motion[(scene.vegetation > 0.5) & ~near].max() == 0.0
    assert motion[~near].max() == 0.0


def test_far_water_moves_as_well_as_near(china_prepared: tuple[Canvas, Scene]) -> None:
    canvas, scene = china_prepared
    flow = flow_magnitude(_render(canvas, scene, sparkle=0.0))
    water = scene.water > 0.5
    rows = np.nonzero(water.any(axis=1))[0]
    third = (rows[-1] - rows[0]) // 3
    far = water.copy()
    far[rows[0] + third :] = False
    near = water.copy()
    near[: rows[-1] - third] = False
    # Distant water is mostly smooth light, where displacement alone does not show: its
    # shimmer (screen-space waver and moving light bands) must keep a far lake from standing
    # still. Near water has the perspective ripples on top. Both move clearly.
    assert flow[far].mean() > 0.3
    assert flow[near].mean() > 0.3
    assert flow[~water].mean() < 0.05 * min(flow[far].mean(), flow[near].mean())


def test_water_glints_where_asked(china_prepared: tuple[Canvas, Scene]) -> None:
    canvas, scene = china_prepared
    calm = _render(canvas, scene, strength=0.0, waves=0.0, sparkle=1.0)
    water = scene.water > 0.5
    brightest = max(float((f.astype(int) - canvas.layer).max(axis=2)[water].max()) for f in calm)
    assert brightest > 40.0  # glints are bright
    lit = np.mean([(f.astype(int) - canvas.layer).max(axis=2)[water] > 10 for f in calm[1:]])
    assert 0.0005 < lit < 0.1  # ... and few


def test_no_water_means_no_change() -> None:
    for name in ("astronaut.png", "coffee.png"):
        photo = read_photo(example_bytes(name))
        canvas = make_canvas(photo.pixels, (720, 1280))
        scene = analyse(canvas.layer)
        assert scene.coverage("water") == 0.0
        for frame in _render(canvas, scene, fps=5):
            assert np.array_equal(frame, canvas.layer)


def _streaked(height: int = 200, width: int = 160) -> np.ndarray:
    """Texture streaked down the view, as falling or rushing water is."""
    rng = np.random.default_rng(4)
    cols = rng.integers(60, 230, (1, width, 1))
    img = np.repeat(cols, height, axis=0) + rng.integers(0, 12, (height, width, 1))
    return np.clip(np.repeat(img, 3, axis=2), 0, 255).astype(np.uint8)


def test_a_stream_flows_down_its_course_and_a_lake_does_not() -> None:
    photo = _streaked()
    band = np.zeros(photo.shape[:2], np.float32)
    band[20:190, 60:100] = 1.0  # a narrow band running into the view
    dx, dy = stream_course(band, photo, horizon=None) or (0.0, 0.0)
    assert dy > 0.9 and abs(dx) < 0.3  # downhill, towards the viewer
    lake = np.zeros(photo.shape[:2], np.float32)
    lake[120:170, 5:155] = 1.0  # a wide level sheet under a horizon
    flat = np.full_like(photo, 120)
    assert stream_course(lake, flat, horizon=0.5) is None


def test_a_stream_moves_along_its_course_and_nothing_else() -> None:
    photo = _streaked()
    band = np.zeros(photo.shape[:2], np.float32)
    band[20:190, 60:100] = 1.0
    zero = np.zeros_like(band)
    scene = Scene(sky=zero, vegetation=zero, person=zero, hair=zero, depth=zero, water=band)
    canvas = make_canvas(photo, (160, 200))
    plan = plan_from_dict({"effects": [{"name": "water"}], "width": 240, "height": 300,
                           "duration": 1.0, "fps": 10})  # fmt: skip
    frames = list(get_engine("motion").frames(canvas, scene, plan))
    layer = [f[canvas.y : canvas.y + 200, canvas.x : canvas.x + 160] for f in frames]
    assert np.array_equal(layer[0], photo)
    moved = np.abs(layer[4].astype(int) - photo.astype(int)).max(axis=2)
    assert moved[40:170, 65:95].mean() > 1.0
    assert moved[:, :50].max() == 0 and moved[:, 110:].max() == 0
