"""Particle effects (rain, snow, petals, sparkle) on real photos: depth, occlusion, loops."""

from __future__ import annotations

import dataclasses
import itertools

import cv2
import numpy as np
import pytest

from tests.conftest import example_bytes
from vivify.compose import Canvas, make_canvas
from vivify.effects import registry
from vivify.effects.base import RenderContext
from vivify.effects.petals import Petals
from vivify.effects.rain import Rain
from vivify.effects.snow import Snow
from vivify.effects.sparkle import Sparkle, lights, shimmer
from vivify.intake import read_photo
from vivify.motion_check import dis_flow
from vivify.quality import loop_seam, psnr
from vivify.scene import analyse
from vivify.types import RGB, Scene

NAMES = ["rain", "snow", "petals", "sparkle"]


@pytest.fixture(scope="module")
def astronaut_prepared() -> tuple[RGB, Scene]:
    photo = read_photo(example_bytes("astronaut.png"))
    layer = make_canvas(photo.pixels, (720, 1280)).layer
    return layer, analyse(layer)


def _ctx(
    layer: RGB, scene: Scene, seconds: float = 2.0, fps: int = 10, seed: int = 3
) -> RenderContext:
    return RenderContext(layer.shape[1], layer.shape[0], fps, seconds, seed, scene, layer)


def _frames(
    name: str, layer: RGB, scene: Scene, seconds: float = 2.0, seed: int = 3, **params: float
) -> list[RGB]:
    ctx = _ctx(layer, scene, seconds, seed=seed)
    fn = registry()[name].from_params(params).prepare(ctx)
    return [fn(layer, i / ctx.fps) for i in range(ctx.frame_count)]


def _changed(frame: RGB, photo: RGB, threshold: int = 8) -> np.ndarray:
    """Where the particles are: pixels that visibly changed, grown by two pixels."""
    diff = np.abs(frame.astype(int) - photo.astype(int)).max(axis=2) > threshold
    return cv2.dilate(diff.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0


@pytest.mark.parametrize("name", NAMES)
def test_particles_are_deterministic_for_a_seed(
    name: str, china_prepared: tuple[Canvas, Scene]
) -> None:
    canvas, scene = china_prepared
    layer = canvas.layer
    cls = registry()[name]
    a = cls().prepare(_ctx(layer, scene, seed=3))(layer, 0.7)
    b = cls().prepare(_ctx(layer, scene, seed=3))(layer, 0.7)
    c = cls().prepare(_ctx(layer, scene, seed=4))(layer, 0.7)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


@pytest.mark.parametrize("name", NAMES)
def test_frame_zero_is_the_photo_outside_the_particles(
    name: str, china_prepared: tuple[Canvas, Scene]
) -> None:
    canvas, scene = china_prepared
    layer = canvas.layer
    first = registry()[name]().prepare(_ctx(layer, scene))(layer, 0.0)
    particles = _changed(first, layer)
    assert 0.0 < particles.mean() < 0.5  # particles are there, and they are not everywhere
    assert psnr(first, layer, ~particles) >= 40.0  # no global colour change


@pytest.mark.parametrize("name", NAMES)
def test_particles_loop_and_keep_moving(name: str, china_prepared: tuple[Canvas, Scene]) -> None:
    canvas, scene = china_prepared
    layer = canvas.layer
    frames = _frames(name, layer, scene)
    assert loop_seam(frames) <= 1.5
    fn = registry()[name]().prepare(_ctx(layer, scene))
    wrapped = fn(layer, 2.0).astype(int) - fn(layer, 0.0).astype(int)
    assert np.abs(wrapped).max() <= 1
    for a, b in itertools.pairwise(frames):
        assert np.abs(a.astype(int) - b.astype(int)).max() > 8  # never frozen


def _swarms(name: str, ctx: RenderContext) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(depth, size, speed) of each kind of particle the effect draws."""
    if name == "sparkle":
        return [(k.z, k.size, k.lanes.speed()) for k in Sparkle().swarms(ctx).values()]
    if name == "rain":
        r = Rain().swarm(ctx)
        return [(r.z, r.size, r.lanes.speed())]
    if name == "snow":
        f = Snow().swarm(ctx)
        return [(f.z, f.size, f.lanes.speed())]
    p = Petals().swarm(ctx)
    return [(p.z, p.size, p.lanes.speed())]


@pytest.mark.parametrize("name", NAMES)
def test_near_particles_are_bigger_and_faster(
    name: str, china_prepared: tuple[Canvas, Scene]
) -> None:
    canvas, scene = china_prepared
    for z, size, speed in _swarms(name, _ctx(canvas.layer, scene, seconds=5.0)):
        near, far = z >= np.quantile(z, 0.75), z <= np.quantile(z, 0.25)
        assert size[near].mean() > 1.5 * size[far].mean()
        assert speed[near].mean() > 1.3 * speed[far].mean()


@pytest.mark.parametrize("name", NAMES)
def test_particles_pass_behind_the_person(name: str, astronaut_prepared: tuple[RGB, Scene]) -> None:
    layer, scene = astronaut_prepared
    body = cv2.erode((scene.person > 0.5).astype(np.uint8), np.ones((25, 25), np.uint8)) > 0
    away = scene.person < 0.01
    flat = np.zeros_like(scene.depth)  # no depth cue: only the person mask can hide things
    person_only = dataclasses.replace(scene, depth=flat)
    nobody = dataclasses.replace(scene, person=np.zeros_like(scene.person), depth=flat)

    def coverage(s: Scene, where: np.ndarray) -> float:
        frames = _frames(name, layer, s, seconds=1.0)
        return float(np.mean([_changed(f, layer)[where].mean() for f in frames]))

    # Only the nearest layer still crosses the body; around it, nothing changes.
    assert coverage(person_only, body) < 0.5 * coverage(nobody, body)
    assert coverage(person_only, away) > 0.9 * coverage(nobody, away)
    assert coverage(scene, body) < 0.5 * coverage(nobody, body)


def test_rain_splashes_land_on_the_ground_not_in_the_sky(
    china_prepared: tuple[Canvas, Scene],
) -> None:
    canvas, scene = china_prepared
    layer = canvas.layer
    dry = _frames("rain", layer, scene, seconds=1.0, splashes=0.0)
    wet = _frames("rain", layer, scene, seconds=1.0, splashes=2.0)
    splash = np.zeros(layer.shape[:2], bool)
    for a, b in zip(dry, wet, strict=True):
        splash |= np.abs(a.astype(int) - b.astype(int)).max(axis=2) > 0
    assert scene.horizon is not None
    top = int(scene.horizon * layer.shape[0])
    assert splash[top:].mean() > 0.001
    assert not splash[: top - 16].any()


def test_snow_drifts_the_way_it_is_told(china_prepared: tuple[Canvas, Scene]) -> None:
    canvas, scene = china_prepared
    ctx = _ctx(canvas.layer, scene)
    right = Snow(drift=1.0).swarm(ctx).lanes.dir_x
    left = Snow(drift=-1.0).swarm(ctx).lanes.dir_x
    assert right.mean() > 0.3 and left.mean() < -0.3
    assert Snow().swarm(ctx).sway.min() > 0.0  # and every flake sways


def test_petals_are_pink(china_prepared: tuple[Canvas, Scene]) -> None:
    canvas, scene = china_prepared
    grey = np.full_like(canvas.layer, 90)
    ctx = RenderContext(grey.shape[1], grey.shape[0], 10, 2.0, 3, scene, grey)
    frame = Petals(amount=3.0).prepare(ctx)(grey, 0.5)
    r, g, b = (frame[..., c][_changed(frame, grey, 20)].astype(float).mean() for c in range(3))
    assert r > b > g


def test_sparkle_only_adds_light_to_a_daylit_photo(
    china_prepared: tuple[Canvas, Scene],
) -> None:
    canvas, scene = china_prepared
    layer = canvas.layer
    lit = lights(layer, scene.person, scene.vegetation)
    assert lit.max() == 0.0  # a daylit landscape has no lights that shimmer
    for frame in _frames("sparkle", layer, scene, seconds=1.0)[:4]:
        assert (frame >= layer).all()
        assert (frame > layer).any()


def _night_street() -> RGB:
    """A dark night with a building of lit windows, beside a broad bright wall (daylit)."""
    photo = np.full((360, 480, 3), 18, np.uint8)
    cv2.rectangle(photo, (40, 80), (200, 330), (40, 38, 45), -1)  # the building
    for x in range(52, 190, 14):
        for y in range(92, 320, 16):
            cv2.rectangle(photo, (x, y), (x + 5, y + 6), (235, 205, 140), -1)  # lit windows
    cv2.rectangle(photo, (280, 80), (440, 330), (210, 210, 205), -1)  # a plain bright wall
    return photo


def test_the_photos_lights_shimmer_and_a_plain_wall_does_not() -> None:
    photo = _night_street()
    zero = np.zeros(photo.shape[:2], np.float32)
    lit = lights(photo, zero, zero)
    assert lit[95:98, 54:56].min() > 0.5  # a window
    assert lit[150:250, 300:420].max() == 0.0  # the wall is bright, but not a small light
    scene = Scene(sky=zero, vegetation=zero, person=zero, hair=zero, depth=zero, water=zero)
    for seed in (3, 4):
        ctx = _ctx(photo, scene, seconds=1.0, fps=30, seed=seed)
        waver = shimmer(ctx, 1.0)
        frames = [waver(photo, i / ctx.fps) for i in range(ctx.frame_count + 1)]
        assert np.array_equal(frames[0], photo)  # frame 0 is the photo
        assert np.abs(frames[-1].astype(int) - photo.astype(int)).max() <= 1  # it loops
        for frame in frames:
            assert np.array_equal(frame[150:250, 300:420], photo[150:250, 300:420])
        # The lit windows waver: about a third of a pixel per frame at 960 px wide.
        assert float(dis_flow(frames)[92:320, 52:190].mean()) > 0.15
        daylit = np.clip(photo.astype(int) + 120, 0, 255).astype(np.uint8)
        day = dataclasses.replace(ctx, photo=daylit)
        assert np.array_equal(shimmer(day, 1.0)(daylit, 0.3), daylit)  # no lights in daylight


def test_what_shines_in_the_photo_sparkles_in_place() -> None:
    # A dark "glass" with three small bright highlights, on a plain mid-grey wall.
    layer = np.full((320, 240, 3), 110, np.uint8)
    cv2.rectangle(layer, (60, 60), (120, 200), (40, 30, 35), -1)
    spots = [(80, 90), (100, 120), (90, 170)]
    for x, y in spots:
        cv2.circle(layer, (x, y), 2, (250, 250, 250), -1)
    zero = np.zeros(layer.shape[:2], np.float32)
    scene = Scene(sky=zero, vegetation=zero, person=zero, hair=zero, depth=zero, water=zero)
    ctx = _ctx(layer, scene)
    glints = Sparkle().glints(ctx)
    found = {(int(x), int(y)) for x, y in zip(glints.x, glints.y, strict=True)}
    for x, y in spots:
        assert any(abs(x - fx) <= 2 and abs(y - fy) <= 2 for fx, fy in found)
    assert len(found) == len(spots)  # the plain wall and the glass's flat body have none
    # Around the highlights the light keeps moving (flares, and the sheen sweeping over them).
    frames = _frames("sparkle", layer, scene, bokeh=0.0, amount=0.1)
    near = np.zeros(layer.shape[:2], bool)
    for x, y in spots:
        near[y - 12 : y + 13, x - 12 : x + 13] = True
    change = [
        np.abs(a.astype(int) - b.astype(int)).max(axis=2) for a, b in itertools.pairwise(frames)
    ]
    assert min(float(c[near].mean()) for c in change) > 1.0
