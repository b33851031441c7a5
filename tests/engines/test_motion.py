"""The motion engine's framing: the fill pan tracked frame by frame, and bands left as they were."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from vivify.compose import Canvas, Framing, make_canvas
from vivify.engines import get_engine
from vivify.plan import plan_from_dict
from vivify.quality import psnr
from vivify.types import RGB, Scene

FRAME = (240, 426)  # the smallest story frame a plan allows: quick to render


def _photo(width: int = 960, height: int = 640) -> RGB:
    """A landscape photo whose every column can be told apart: smooth, unrepeating texture."""
    rng = np.random.default_rng(5)
    noise = rng.integers(0, 256, (height // 8, width // 8, 3)).astype(np.uint8)
    return np.ascontiguousarray(cv2.resize(noise, (width, height), interpolation=cv2.INTER_CUBIC))


def _scene(canvas: Canvas) -> Scene:
    h, w = canvas.layer.shape[:2]
    zero = np.zeros((h, w), np.float32)
    return Scene(sky=zero, vegetation=zero, person=zero, hair=zero, depth=zero, water=zero)


def _render(canvas: Canvas, **plan: object) -> list[RGB]:
    doc = {"width": FRAME[0], "height": FRAME[1], "duration": 2.0, "fps": 15, **plan}
    return list(get_engine("motion").frames(canvas, _scene(canvas), plan_from_dict(doc)))


def _track(canvas: Canvas, frames: list[RGB]) -> list[int]:
    """Where each frame lies in the layer (its left edge, in layer pixels), found by matching a
    strip of it against the layer: independent of how the engine places its window."""
    top = canvas.pan_from[1] + 100
    strip = cv2.cvtColor(canvas.layer[top : top + 64], cv2.COLOR_RGB2GRAY)
    xs = []
    for frame in frames:
        probe = cv2.cvtColor(frame[100:164], cv2.COLOR_RGB2GRAY)
        scores = cv2.matchTemplate(strip, probe, cv2.TM_SQDIFF)
        xs.append(int(np.argmin(scores[0])))
    return xs


@pytest.fixture(scope="module")
def fill() -> Canvas:
    return make_canvas(_photo(), FRAME, Framing("fill", "test"))


def test_the_fill_layer_is_the_photo_at_the_frame_height(fill: Canvas) -> None:
    assert fill.layer.shape == (426, 639, 3)  # not larger: effects run at the needed size
    assert fill.size == FRAME and fill.pans
    assert fill.pan_from == (0, 0) and fill.pan_to == (639 - 240, 0)


def test_fill_pan_shows_every_column_of_the_photo(fill: Canvas) -> None:
    frames = _render(fill)
    assert all(f.shape == (426, 240, 3) for f in frames)
    xs = _track(fill, frames)
    seen = np.zeros(fill.layer.shape[1], bool)
    for x in xs:
        seen[x : x + 240] = True
    assert seen.all()
    assert xs[0] == 0 and xs[-1] == 639 - 240
    # Each frame is the layer under the window, not a distorted view of it.
    for frame, x in zip(frames, xs, strict=True):
        assert psnr(frame[:, 2:-2], fill.layer[:, x + 2 : x + 238]) >= 28.0


def test_frame_zero_is_the_first_crop(fill: Canvas) -> None:
    first = _render(fill)[0]
    assert np.array_equal(first, fill.layer[:, :240])
    assert np.array_equal(first, fill.place(fill.layer))


def test_the_pan_is_smooth_and_eased(fill: Canvas) -> None:
    steps = np.diff(_track(fill, _render(fill)))
    assert (steps >= 0).all()  # one way, never back
    mean = steps.mean()
    assert steps.max() <= 2.0 * mean + 1.0  # no jump: smoothstep peaks at 1.5x the mean
    assert steps[0] <= 0.3 * steps.max() and steps[-1] <= 0.3 * steps.max()  # eased


def test_a_looping_plan_goes_there_and_back(fill: Canvas) -> None:
    frames = _render(fill, loop=True)
    xs = _track(fill, frames)
    steps = np.abs(np.diff(xs))
    assert xs[0] == 0 and max(xs) == 639 - 240  # all of the photo, then back
    # It ends where it began: the seam (last frame to the first) is no bigger than a step.
    assert abs(xs[-1] - xs[0]) <= steps.max()
    assert abs(xs[-1] - xs[0]) <= 2.0 * steps.mean() + 1.0


def test_a_reversed_pan_starts_at_the_right(fill: Canvas) -> None:
    canvas = make_canvas(_photo(), FRAME, Framing("fill", "test", reverse=True))
    xs = _track(canvas, _render(canvas))
    assert xs[0] == 639 - 240 and xs[-1] == 0
    assert (np.diff(xs) <= 0).all()


def test_a_camera_move_in_the_plan_keeps_the_window_still(fill: Canvas) -> None:
    frames = _render(fill, effects=[{"name": "zoom_in", "params": {"amount": 0.1}}])
    assert np.array_equal(frames[0], fill.place(fill.layer))
    # The last frame is the start window zoomed in, not a window further along the photo.
    cx, cy = (FRAME[0] - 1) / 2.0, (FRAME[1] - 1) / 2.0
    m = np.array([[1.1, 0.0, -0.1 * cx], [0.0, 1.1, -0.1 * cy]])
    zoomed = cv2.warpAffine(frames[0], m, FRAME, flags=cv2.INTER_LINEAR)
    inner = (slice(20, -20), slice(20, -20))
    assert psnr(frames[-1][inner], zoomed[inner]) >= 30.0


def test_effects_run_on_the_whole_layer_and_the_window_moves_over_them(fill: Canvas) -> None:
    frames = _render(fill, effects=[{"name": "black_white"}])
    assert psnr(frames[0], fill.place(fill.layer)) >= 40.0
    last = frames[-1].astype(np.float32)
    assert np.abs(last - last.mean(axis=2, keepdims=True)).max() < 12  # grey at the far end


def test_bands_are_unchanged() -> None:
    photo = _photo()
    bands = make_canvas(photo, FRAME, Framing("bands", "test"))
    default = make_canvas(photo, FRAME)
    assert np.array_equal(bands.layer, default.layer)
    assert np.array_equal(bands.background, default.background)
    assert (bands.x, bands.y) == (default.x, default.y) == (0, 133)
    assert bands.layer.shape == (160, 240, 3) and not bands.pans and not bands.fills
    frames = _render(bands)
    still = bands.place(bands.layer)
    assert all(np.array_equal(f, still) for f in frames)
