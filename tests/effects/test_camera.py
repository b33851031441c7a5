"""Camera moves on a real photo: zoom_out and pan on the full frame, parallax on the layer."""

from __future__ import annotations

import itertools

import cv2
import numpy as np
import pytest

from tests.conftest import gradient_rgb
from vivify.compose import Canvas
from vivify.effects import registry
from vivify.effects.base import RenderContext
from vivify.quality import flow_magnitude, psnr
from vivify.types import Scene

FPS, SECONDS = 10, 2.0


def _render(
    name: str, image: np.ndarray, scene: Scene, seconds: float = SECONDS, **params: float
) -> list[np.ndarray]:
    ctx = RenderContext(image.shape[1], image.shape[0], FPS, seconds, 3, scene, image)
    fn = registry()[name].from_params(params).prepare(ctx)
    return [fn(image, i / FPS) for i in range(ctx.frame_count)]


@pytest.fixture(scope="module")
def full_frame(china_prepared: tuple[Canvas, Scene]) -> np.ndarray:
    canvas = china_prepared[0]
    return canvas.place(canvas.layer)


def _mean_dx(frames: list[np.ndarray], region: tuple[slice, slice]) -> float:
    """Mean horizontal optical flow in a region, summed over the clip (full-size pixels)."""
    grey = [
        cv2.resize(cv2.cvtColor(f[region], cv2.COLOR_RGB2GRAY), None, fx=0.5, fy=0.5)
        for f in frames
    ]
    total = 0.0
    for a, b in itertools.pairwise(grey):
        flow = cv2.calcOpticalFlowFarneback(a, b, None, 0.5, 3, 15, 3, 5, 1.2, 0)
        inner = flow[8:-8, 8:-8, 0]  # away from the crop's edges
        total += 2.0 * float(inner.mean())
    return total


@pytest.mark.parametrize("name", ["zoom_out", "pan"])
def test_camera_moves_the_whole_frame_without_black_borders(
    name: str, full_frame: np.ndarray, china_prepared: tuple[Canvas, Scene]
) -> None:
    frames = _render(name, full_frame, china_prepared[1])
    assert psnr(frames[0], full_frame) >= 40.0
    h, w = full_frame.shape[:2]
    change = np.abs(frames[-1].astype(float) - frames[0].astype(float)).mean(axis=2)
    quarters = [change[: h // 2, : w // 2], change[: h // 2, w // 2 :]]
    quarters += [change[h // 2 :, : w // 2], change[h // 2 :, w // 2 :]]
    assert all(q.mean() > 2.0 for q in quarters)
    first = full_frame.astype(np.float32).mean(axis=2)
    for frame in frames:
        grey = frame.astype(np.float32).mean(axis=2)
        # The outer lines keep their brightness, and no near-black row or column appears.
        lines = [grey[i] for i in (0, 1, 2, -3, -2, -1)] + [
            grey[:, i] for i in (0, 1, 2, -3, -2, -1)
        ]
        refs = [first[i] for i in (0, 1, 2, -3, -2, -1)] + [
            first[:, i] for i in (0, 1, 2, -3, -2, -1)
        ]
        for line, ref in zip(lines, refs, strict=True):
            assert line.mean() > 0.6 * ref.mean()
            assert (line < 10).mean() < 0.5
        assert grey.mean(axis=1).min() > 0.6 * first.mean(axis=1).min()
        assert grey.mean(axis=0).min() > 0.6 * first.mean(axis=0).min()
    # Eased: the last two frames barely differ.
    end = np.abs(frames[-1].astype(float) - frames[-2].astype(float)).mean()
    middle = np.abs(frames[10].astype(float) - frames[9].astype(float)).mean()
    assert end < 0.4 * middle


def test_zoom_out_pulls_back(full_frame: np.ndarray, china_prepared: tuple[Canvas, Scene]) -> None:
    frames = _render("zoom_out", full_frame, china_prepared[1])
    h, w = full_frame.shape[:2]
    # Blown back up about the centre by 1/0.88, the last frame is the first again.
    scale = 1.0 / 0.88
    m = np.array([[scale, 0, (1 - scale) * (w - 1) / 2], [0, scale, (1 - scale) * (h - 1) / 2]])
    back = cv2.warpAffine(frames[-1], m, (w, h))
    core = (slice(h // 4, 3 * h // 4), slice(w // 4, 3 * w // 4))
    undone = np.abs(back[core].astype(float) - frames[0][core].astype(float)).mean()
    moved = np.abs(frames[-1][core].astype(float) - frames[0][core].astype(float)).mean()
    assert undone < 0.3 * moved


def test_pan_drifts_the_way_it_is_told(
    full_frame: np.ndarray, china_prepared: tuple[Canvas, Scene]
) -> None:
    scene = china_prepared[1]
    h, w = full_frame.shape[:2]
    middle = (slice(h // 2 - 200, h // 2 + 200), slice(w // 4, 3 * w // 4))
    right = _mean_dx(_render("pan", full_frame, scene, direction=1.0), middle)
    left = _mean_dx(_render("pan", full_frame, scene, direction=-1.0), middle)
    # Panning right moves the picture left (by about amount/2 of the width), and vice versa.
    assert right < -0.03 * w
    assert left > 0.03 * w


def test_parallax_moves_near_things_more_and_leaves_no_holes(
    china_prepared: tuple[Canvas, Scene],
) -> None:
    canvas, scene = china_prepared
    layer = canvas.layer
    frames = _render("parallax", layer, scene)
    assert np.abs(frames[0].astype(int) - layer.astype(int)).max() <= 1
    flow = flow_magnitude(frames)
    h = flow.shape[0]
    assert flow[2 * h // 3 :].mean() > 2.0 * flow[: h // 3].mean()
    assert flow[2 * h // 3 :].mean() > 0.5  # pixels per frame: visibly moving
    black_in_photo = int((layer == 0).all(axis=2).sum())
    for frame in frames:
        assert int((frame == 0).all(axis=2).sum()) <= black_in_photo
    # A sway loops: the frame after the last is the first again.
    ctx = RenderContext(layer.shape[1], layer.shape[0], FPS, SECONDS, 3, scene, layer)
    fn = registry()["parallax"]().prepare(ctx)
    assert np.array_equal(fn(layer, SECONDS), layer)


def test_parallax_moves_a_near_object_whole_and_fills_behind_it() -> None:
    """A flat near square over a far textured wall: at full sway the square is shifted whole (not
    smeared) and the strip it uncovers shows the wall, not the square and not a hole."""
    h, w = 240, 360
    rng = np.random.default_rng(0)
    wall = cv2.resize(rng.integers(40, 200, (h // 4, w // 4, 3), dtype=np.uint8), (w, h))
    image = wall.copy()
    y0, y1, x0, x1 = 80, 160, 140, 220
    image[y0:y1, x0:x1] = (250, 30, 30)
    depth = np.zeros((h, w), np.float32)
    depth[y0:y1, x0:x1] = 1.0
    depth = cv2.GaussianBlur(depth, (0, 0), 3.0)
    zeros = np.zeros((h, w), np.float32)
    scene = Scene(sky=zeros, vegetation=zeros, person=zeros, hair=zeros, depth=depth, water=zeros)
    ctx = RenderContext(w, h, FPS, 4.0, 3, scene, gradient_rgb(w, h))
    fn = registry()["parallax"].from_params({"amount": 0.05, "focus": 0.0}).prepare(ctx)
    out = fn(image, 1.0)  # a quarter of the sway: the camera at its widest, to the right
    shift = 0.05 * w * float(depth.max())  # the square moves right by about this much
    red = (out[..., 0] > 200) & (out[..., 1] < 80)
    cols = np.nonzero(red[(y0 + y1) // 2])[0]
    assert abs(cols.min() - (x0 + shift)) <= 3 and abs(cols.max() - (x1 - 1 + shift)) <= 3
    assert red[y0 + 5 : y1 - 5, int(x0 + shift) + 3 : int(x1 + shift) - 3].all()  # whole
    uncovered = out[y0 + 5 : y1 - 5, x0 + 2 : int(x0 + shift) - 2]
    assert not red[y0 + 5 : y1 - 5, x0 + 2 : int(x0 + shift) - 2].any()
    assert uncovered.mean() > 30 and uncovered.std() > 5  # the wall's texture, not a hole


def _correlation(a: np.ndarray, b: np.ndarray) -> float:
    a, b = a - a.mean(), b - b.mean()
    return float((a * b).sum() / np.sqrt((a * a).sum() * (b * b).sum() + 1e-9))


def test_zoom_out_reveals_a_soft_extension_not_a_mirror() -> None:
    """Distinct blocks touch every edge of the picture; pulled far back, the border it uncovers
    must not repeat them the wrong way round (a mirror), only continue the edge's colours."""
    h, w = 640, 360
    rng = np.random.default_rng(0)
    blocks = rng.integers(0, 256, (h // 16, w // 16, 3), dtype=np.uint8)
    image = cv2.resize(blocks, (w, h), interpolation=cv2.INTER_NEAREST)
    zeros = np.zeros((h, w), np.float32)
    scene = Scene(sky=zeros, vegetation=zeros, person=zeros, hair=zeros, depth=zeros, water=zeros)
    last = _render("zoom_out", image, scene, amount=0.3)[-1].astype(np.float32).mean(axis=2)
    # The picture now spans [bx, w - bx) × [by, h - by); what lies outside is the border.
    bx, by = round(0.3 * (w - 1) / 2), round(0.3 * (h - 1) / 2)
    rows, cols = slice(by + 10, h - by - 10), slice(bx + 10, w - bx - 10)
    # The border strip, flipped, against the picture's strip inside the edge (a few pixels
    # either side of the edge are left out: there the two meet and must be alike).
    left = _correlation(last[rows, 2 : bx - 6][:, ::-1], last[rows, bx + 6 : 2 * bx - 2])
    top = _correlation(last[2 : by - 6, cols][::-1], last[by + 6 : 2 * by - 2, cols])
    assert left < 0.4 and top < 0.25, (left, top)  # a blurred mirror gives about 0.7 and 0.4
    border = last[rows, 2 : bx - 6]
    assert border.std() > 5.0  # not a flat bar: it follows the edge's colours
