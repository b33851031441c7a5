"""Behaviour of the light and atmosphere effects (sunset, night, lightning, fog, fire, steam) on
the real photos: what the viewer must see, measured, and the first frame is always the photo."""

from __future__ import annotations

import itertools
import math

import cv2
import numpy as np
import pytest

from tests.conftest import example_bytes
from vivify.compose import Canvas, make_canvas
from vivify.curves import lightning_flashes
from vivify.effects import registry
from vivify.effects._light import find_flames, find_lamps, find_steam_source, luminance, paint
from vivify.effects.base import FrameFn, RenderContext
from vivify.effects.steam import spread
from vivify.intake import read_photo
from vivify.quality import flow_magnitude, inside_outside, loop_seam, psnr
from vivify.scene import analyse
from vivify.types import RGB, Scene

LIGHT = ("sunset", "night", "lightning", "fog", "fire", "steam")
Prepared = tuple[Canvas, Scene]


@pytest.fixture(scope="module")
def coffee_prepared() -> Prepared:
    photo = read_photo(example_bytes("coffee.png"))
    canvas = make_canvas(photo.pixels, (720, 1280))
    return canvas, analyse(canvas.layer)


def _prepare(
    name: str, layer: RGB, scene: Scene, seconds: float, fps: int = 10, **params: float
) -> tuple[FrameFn, RenderContext]:
    ctx = RenderContext(layer.shape[1], layer.shape[0], fps, seconds, 3, scene, layer)
    return registry()[name].from_params(params).prepare(ctx), ctx


def _frames(
    name: str, layer: RGB, scene: Scene, seconds: float = 2.0, fps: int = 10, **params: float
) -> list[RGB]:
    fn, ctx = _prepare(name, layer, scene, seconds, fps, **params)
    return [fn(layer, i / fps) for i in range(ctx.frame_count)]


def _red_over_blue(img: RGB, where: np.ndarray) -> float:
    f = img.astype(np.float64)
    return float(f[..., 0][where].mean() / f[..., 2][where].mean())


def _colour_spread(img: RGB, where: np.ndarray) -> float:
    """How varied the colours are (spread of the chromaticities): low when everything takes one
    cast, as at night, where a dark blue is not a saturated colour to the eye."""
    f = img.astype(np.float64) + 1.0
    chroma = f / f.sum(axis=2, keepdims=True)
    return float(chroma[where].std(axis=0).sum())


@pytest.mark.parametrize("name", LIGHT)
def test_the_first_frame_is_the_photo(
    name: str, china_prepared: Prepared, coffee_prepared: Prepared
) -> None:
    for canvas, scene in (china_prepared, coffee_prepared):
        layer = canvas.layer
        fn, _ = _prepare(name, layer, scene, 2.0)
        assert psnr(fn(layer, 0.0), layer) >= 40.0


def test_sunset_warms_the_light_and_the_sky_most(china_prepared: Prepared) -> None:
    canvas, scene = china_prepared
    layer = canvas.layer
    frames = _frames("sunset", layer, scene)
    sky, land = scene.sky > 0.9, scene.sky < 0.1
    last = frames[-1]
    sky_warming = _red_over_blue(last, sky) / _red_over_blue(layer, sky)
    land_warming = _red_over_blue(last, land) / _red_over_blue(layer, land)
    assert land_warming > 1.2
    assert sky_warming > land_warming
    # A transition: it changes on the way and has settled by the end.
    middle = np.abs(frames[10].astype(float) - frames[9].astype(float)).mean()
    end = np.abs(frames[-1].astype(float) - frames[-2].astype(float)).mean()
    assert middle > 1.0 and end < 0.05


def test_night_darkens_and_lights_the_lamps_it_finds(china_prepared: Prepared) -> None:
    canvas, scene = china_prepared
    layer = canvas.layer
    lamps = find_lamps(layer, scene)
    assert len(lamps) >= 3
    night = _frames("night", layer, scene)[-1]
    lit = paint(lamps, layer.shape[0], layer.shape[1]) > 0.5
    glowing = cv2.dilate(lit.astype(np.uint8), np.ones((61, 61), np.uint8)) > 0
    assert night.mean() < 0.4 * layer.mean()
    assert _red_over_blue(night, scene.sky < 2) < _red_over_blue(layer, scene.sky < 2)  # bluer
    land = (scene.sky < 0.1) & ~glowing
    assert _colour_spread(night, land) < 0.6 * _colour_spread(layer, land)  # colours fade
    # Each lamp glows brighter than what is round it.
    grown = cv2.dilate(lit.astype(np.uint8), np.ones((15, 15), np.uint8)) > 0
    near = cv2.dilate(lit.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    ring = grown & ~near
    lum = luminance(night)
    assert lum[lit].mean() > 2.0 * lum[ring].mean()
    assert lum[lit].mean() > 0.7


def test_night_stars_come_out_only_in_the_sky(china_prepared: Prepared) -> None:
    canvas, scene = china_prepared
    layer = canvas.layer
    with_stars = _frames("night", layer, scene, lights=0.0)
    without = _frames("night", layer, scene, lights=0.0, stars=0.0)
    stars = np.abs(with_stars[-1].astype(int) - without[-1].astype(int)).max(axis=2) > 8
    assert stars.sum() > 50
    assert scene.sky[stars].min() > 0.5
    # Not yet at the start of the dusk.
    assert np.array_equal(with_stars[3], without[3])


def test_lightning_flashes_exactly_when_the_thunder_strikes(china_prepared: Prepared) -> None:
    canvas, scene = china_prepared
    fps, seconds = 30, 3.0
    frames = _frames("lightning", canvas.layer, scene, seconds, fps)
    flashes = lightning_flashes(seconds, 3)
    assert flashes
    means = np.array([f.mean() for f in frames])
    steps = np.diff(means)  # steps[i - 1]: frame i against frame i - 1

    def in_flash(i: int) -> bool:
        return any(0.0 <= i / fps - when < 0.4 for when, _ in flashes)

    for when, _ in flashes:
        i = math.ceil(when * fps - 1e-9)
        assert steps[i - 1] > 5.0, f"no flash at {when:.2f} s"
    for i in range(1, len(frames)):
        if not in_flash(i):  # between strikes the light changes slowly
            assert abs(steps[i - 1]) < 2.0, f"frame {i} jumps by {steps[i - 1]:.1f}"
    assert not in_flash(0) and not in_flash(len(frames) - 1)


def test_lightning_is_storm_light_lit_from_the_sky_not_a_camera_flash(
    china_prepared: Prepared,
) -> None:
    canvas, scene = china_prepared
    layer = canvas.layer
    fps, seconds = 30, 3.0
    frames = _frames("lightning", layer, scene, seconds, fps)
    (when, _), *_ = lightning_flashes(seconds, 3)
    sky, land = scene.sky > 0.9, scene.sky < 0.1
    grey = [f.astype(np.float32).mean(axis=2) for f in frames]
    photo = layer.astype(np.float32).mean(axis=2)
    sky_means = np.array([g[sky].mean() for g in grey])
    land_means = np.array([g[land].mean() for g in grey])
    # Between strikes: storm light, darker than the photo, the sky much more than the land.
    calm = round((when - 0.2) * fps)
    sky_ratio = sky_means[calm] / photo[sky].mean()
    land_ratio = land_means[calm] / photo[land].mean()
    assert sky_ratio < 0.75 and land_ratio < 0.95 and sky_ratio < land_ratio - 0.1
    # The flash lights the sky far more than the land (which never outshines the photo)...
    strike = slice(math.ceil(when * fps), math.ceil((when + 0.4) * fps))
    sky_rise = sky_means[strike].max() - sky_means[calm]
    land_rise = land_means[strike].max() - land_means[calm]
    assert sky_rise > 2.5 * land_rise and sky_rise > 40.0
    assert land_means[strike].max() < photo[land].mean() + 2.0
    # ...and flickers: several pulses, not one brightening that fades.
    pulse = sky_means[strike]
    peaks = [i for i in range(1, len(pulse) - 1) if pulse[i - 1] < pulse[i] > pulse[i + 1]]
    peaks += [0] if pulse[0] > pulse[1] else []
    assert len(peaks) >= 3


def test_fog_is_thicker_far_away(china_prepared: Prepared) -> None:
    canvas, scene = china_prepared
    layer = canvas.layer
    fn, _ = _prepare("fog", layer, scene, 2.0)
    # On a black frame what the effect adds is the fog itself.
    fog = fn(np.zeros_like(layer), 1.0).astype(float).mean(axis=2)
    far, near = scene.depth < 0.35, scene.depth > 0.7
    assert fog[far].mean() > 3.0 * fog[near].mean()
    assert fog[far].mean() > 60.0
    # It drifts: the mist moves between frames, and most where it is thick.
    later = fn(np.zeros_like(layer), 1.5).astype(float).mean(axis=2)
    assert np.abs(later - fog)[far].mean() > 1.0


def test_steam_rises_above_the_cup(coffee_prepared: Prepared) -> None:
    canvas, scene = coffee_prepared
    layer = canvas.layer
    source = find_steam_source(layer, scene)
    # The espresso in the cup, in the 720×480 layer, is at about (345, 175).
    assert source.found
    assert 290 < source.x < 400 and 120 < source.y < 220
    motion = flow_magnitude(_frames("steam", layer, scene))
    above = np.zeros(layer.shape[:2], np.float32)
    x0, x1 = int(source.x - source.width / 2), int(source.x + source.width / 2)
    above[: int(source.y), x0:x1] = 1.0
    assert inside_outside(motion, above) >= 5.0
    assert motion[above > 0].mean() > 0.2


def test_fire_flickers_from_below_without_a_flame(coffee_prepared: Prepared) -> None:
    canvas, scene = coffee_prepared
    layer = canvas.layer
    assert find_flames(layer, scene) == []
    frames = _frames("fire", layer, scene)
    means = [float(f.mean()) for f in frames]
    assert np.std(means) > 0.5
    spread = np.std(np.array([f.astype(np.float32).mean(axis=2) for f in frames]), axis=0)
    h = layer.shape[0]
    assert spread[int(0.8 * h) :].mean() > 1.5 * spread[: int(0.3 * h)].mean()


def _candle() -> RGB:
    """A candle burning in a dark room."""
    h, w = 480, 720
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    img = np.zeros((h, w, 3), np.float32) + np.array([40.0, 30.0, 25.0])
    img[330:] = np.array([90.0, 60.0, 35.0])
    cv2.rectangle(img, (340, 250), (380, 360), (225, 215, 195), -1)
    glow = np.exp(-((np.hypot(xx - 360, yy - 215) / 90.0) ** 2))
    img += glow[..., None] * np.array([120.0, 70.0, 25.0])
    flame = np.exp(-(((xx - 360) / 7.0) ** 2 + ((yy - 215) / 18.0) ** 2))[..., None]
    img = img * (1 - flame) + flame * np.array([255.0, 230.0, 150.0])
    core = np.exp(-(((xx - 360) / 3.5) ** 2 + ((yy - 222) / 9.0) ** 2))[..., None]
    img = img * (1 - core) + core * np.array([255.0, 250.0, 225.0])
    return np.clip(img, 0, 255).astype(np.uint8)


def test_fire_flickers_round_a_candle_flame() -> None:
    layer = _candle()
    scene = analyse(layer)
    flames = find_flames(layer, scene)
    assert len(flames) == 1
    assert abs(flames[0].cx - 360) < 8 and abs(flames[0].cy - 215) < 15
    frames = _frames("fire", layer, scene, embers=0.0)
    spread = np.std(np.array([f.astype(np.float32).mean(axis=2) for f in frames]), axis=0)
    assert spread[180:260, 300:420].mean() > 3.0 * spread[:80, :120].mean()
    # Embers rise from it: with them, something changes above the flame.
    sparks = _frames("fire", layer, scene)
    above = [f[60:200, 280:440].astype(float) for f in sparks]
    assert max(np.abs(a - b).max() for a, b in itertools.pairwise(above)) > 40


@pytest.mark.parametrize(
    ("name", "photo"), [("lightning", "china"), ("fog", "china"), ("fire", "coffee"),
                        ("steam", "coffee")]
)  # fmt: skip
def test_periodic_effects_loop(
    name: str, photo: str, china_prepared: Prepared, coffee_prepared: Prepared
) -> None:
    canvas, scene = china_prepared if photo == "china" else coffee_prepared
    layer = canvas.layer
    fn, ctx = _prepare(name, layer, scene, 2.0)
    frames = [fn(layer, i / ctx.fps) for i in range(ctx.frame_count)]
    assert loop_seam(frames) <= 1.5
    assert np.array_equal(fn(layer, ctx.duration), fn(layer, 0.0))


@pytest.mark.parametrize("name", ["sunset", "night", "fog", "steam"])
def test_the_light_changes_smoothly(name: str, china_prepared: Prepared) -> None:
    canvas, scene = china_prepared
    means = np.array([f.mean() for f in _frames(name, canvas.layer, scene, fps=15)])
    steps = np.diff(means)
    # No flicker: the brightness never turns back and forth from one frame to the next.
    assert np.abs(np.diff(steps)).max() <= 0.5 * np.abs(steps).max() + 0.2


@pytest.mark.parametrize("background", [245, 40])
def test_steam_shows_on_light_and_dark_backgrounds(background: int) -> None:
    """Over a white surface, white steam would vanish; it must stand out there as well as over a
    dark one."""
    layer = np.full((480, 720, 3), background, np.uint8)
    zeros = np.zeros(layer.shape[:2], np.float32)
    scene = Scene(sky=zeros, vegetation=zeros, person=zeros, hair=zeros, depth=zeros, water=zeros)
    frames = _frames("steam", layer, scene, seconds=3.0)
    change = np.array([np.abs(f.astype(float) - layer.astype(float)).mean(axis=2) for f in frames])
    # The densest wisps, over the clip, differ from the background by many grey levels.
    assert np.percentile(change.max(axis=0), 99.5) >= 25.0


def _table(size: tuple[int, int] = (480, 720)) -> tuple[RGB, Scene]:
    zeros = np.zeros(size, np.float32)
    scene = Scene(sky=zeros, vegetation=zeros, person=zeros, hair=zeros, depth=zeros, water=zeros)
    return np.full((*size, 3), 110, np.uint8), scene


def test_a_cup_of_tea_beats_a_white_page_beside_it() -> None:
    # Seen from above: a white saucer and cup round dark tea, and a larger white oval (a page,
    # a plate) with nothing in it. The steam rises from the tea.
    layer, scene = _table()
    cv2.ellipse(layer, (520, 260), (170, 150), 0, 0, 360, (235, 235, 232), -1)  # the page
    cv2.circle(layer, (230, 240), 110, (240, 240, 238), -1)  # the saucer and cup
    cv2.circle(layer, (230, 240), 60, (60, 90, 150), -1)  # the tea
    source = find_steam_source(layer, scene)
    assert source.found
    assert abs(source.x - 230) < 15 and 230 < source.y < 280
    assert 100 < source.width < 140  # the tea's width, not the saucer's


def test_a_bowl_filling_the_frame_steams_all_across_its_soup() -> None:
    # A close-up bowl on a white table: the bowl runs into the table and the frame's edges, so
    # no white rim can be fitted, but the soup is a round hole in what is white.
    layer, scene = _table()
    layer[:] = 245
    cv2.ellipse(layer, (360, 220), (300, 170), 0, 0, 360, (80, 190, 170), -1)  # the soup
    source = find_steam_source(layer, scene)
    assert source.found and abs(source.x - 360) < 15 and source.width > 500
    plumes = spread(source, 1.0)
    assert len(plumes) == 3  # side by side across the soup, not one column from its middle
    frames = _frames("steam", layer, scene, seconds=2.0)
    change = np.abs(frames[-8].astype(float) - layer.astype(float)).mean(axis=2)
    for x in (180, 360, 540):  # left, middle and right of the soup all steam
        assert change[100:260, x - 40 : x + 40].mean() > 2.0
