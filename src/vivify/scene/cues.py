"""Per-pixel cues the scene analysers share, computed once at a small working size.

Colour alone does not say what a region is: an orange sky, golden grass and a brown river all
share hues. These cues describe *how* a region looks as well as its colour: how smooth it is at
two scales, whether its texture runs one way (ripples run across, grass and falling water run
down), how bright it is against the photo, and where it sits.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from vivify.types import RGB

F32 = NDArray[np.float32]
WORK_SIDE = 320  # the long side, in pixels, that the classical analysers work at


@dataclass(frozen=True)
class Cues:
    """Cues of one photo at the working size. Lab is OpenCV's float Lab: L 0..100, a/b ±127."""

    rgb: RGB
    lab: F32  # h×w×3
    hue: F32  # Lab hue in degrees 0..360: 40 orange, 90 yellow, 140 green, 280 blue
    chroma: F32  # Lab chroma: 0 grey, 20 muted, 50 and more vivid
    fine: F32  # local contrast of L at the finest scale (L units)
    coarse: F32  # local contrast of L at a scale about 4× coarser
    along_x: F32  # share of texture energy in horizontal gradients (vertical streaks), 0..1
    coherence: F32  # 0: texture runs every way (leaves), 1: one way (wood grain, streaks, blades)
    lines: F32  # density of long straight edges that are not level (buildings, furniture), 0..1
    rails: F32  # long level straight edges across much of the view (roads, decks, shelves), 0/1

    @property
    def size(self) -> tuple[int, int]:
        return (int(self.lab.shape[1]), int(self.lab.shape[0]))

    @property
    def light(self) -> F32:
        return self.lab[..., 0]

    def green(self, min_chroma: float = 6.0) -> NDArray[np.bool_]:
        """Foliage-green pixels: yellow-green to blue-green, at least this colourful."""
        out: NDArray[np.bool_] = (
            (self.hue > 95.0) & (self.hue <= 175.0) & (self.chroma > min_chroma)
        )
        return out


def working_size(height: int, width: int, side: int = WORK_SIDE) -> tuple[int, int]:
    """(width, height) with the long side at most `side`, keeping the aspect."""
    scale = min(1.0, side / max(height, width))
    return max(8, round(width * scale)), max(8, round(height * scale))


def cues_of(rgb: RGB, side: int = WORK_SIDE) -> Cues:
    h, w = rgb.shape[:2]
    ww, wh = working_size(h, w, side)
    small = cv2.resize(rgb, (ww, wh), interpolation=cv2.INTER_AREA) if (ww, wh) != (w, h) else rgb
    small = np.ascontiguousarray(small)
    f = small.astype(np.float32) / 255.0
    lab = cv2.cvtColor(f, cv2.COLOR_RGB2LAB)
    light = lab[..., 0]
    unit = max(1.0, max(ww, wh) / 320.0)  # sigmas are set for a 320-pixel long side
    fine = _local_contrast(light, 1.0 * unit)
    coarse = _local_contrast(cv2.GaussianBlur(light, (0, 0), 1.5 * unit), 4.0 * unit)
    gx = cv2.Sobel(light, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(light, cv2.CV_32F, 0, 1, ksize=3)
    jxx = cv2.GaussianBlur(gx * gx, (0, 0), 3.0 * unit)
    jyy = cv2.GaussianBlur(gy * gy, (0, 0), 3.0 * unit)
    jxy = cv2.GaussianBlur(gx * gy, (0, 0), 3.0 * unit)
    lines, rails = _line_density(rgb, (ww, wh))
    along_x = jxx / (jxx + jyy + 1e-3)
    coherence = np.sqrt((jxx - jyy) ** 2 + 4.0 * jxy**2) / (jxx + jyy + 1e-3)
    return Cues(
        rgb=small,
        lab=lab,
        hue=(np.degrees(np.arctan2(lab[..., 2], lab[..., 1])) % 360.0).astype(np.float32),
        chroma=np.hypot(lab[..., 1], lab[..., 2]).astype(np.float32),
        fine=fine,
        coarse=coarse,
        along_x=along_x.astype(np.float32),
        coherence=np.clip(coherence, 0.0, 1.0).astype(np.float32),
        lines=lines,
        rails=rails,
    )


def _local_contrast(light: F32, sigma: float) -> F32:
    """Standard deviation of L around each pixel, over a Gaussian window of `sigma`."""
    mean = cv2.GaussianBlur(light, (0, 0), sigma)
    var = cv2.GaussianBlur((light - mean) ** 2, (0, 0), 1.5 * sigma)
    return np.sqrt(np.maximum(var, 0.0)).astype(np.float32)


def _line_density(rgb: RGB, size: tuple[int, int]) -> tuple[F32, F32]:
    """Where long straight edges are: man-made things (walls, roofs, poles, tables). Level lines
    are kept apart: a horizon, a shoreline and the reflections on calm water are level too, but
    only a road, a deck or a shelf draws long level lines across much of the view."""
    # Straight edges are looked for at twice the working size: at the working size a building's
    # railings, pillars and eaves are too short to count.
    lw, lh = working_size(rgb.shape[0], rgb.shape[1], 2 * max(size))
    gray = cv2.cvtColor(cv2.resize(rgb, (lw, lh), interpolation=cv2.INTER_AREA), cv2.COLOR_RGB2GRAY)
    h, w = gray.shape
    out = np.zeros((h, w), np.float32)
    rails = np.zeros((h, w), np.float32)
    found = cv2.createLineSegmentDetector().detect(gray)[0]
    if found is None:
        return cv2.resize(out, size), cv2.resize(rails, size)
    long_enough = 0.05 * max(h, w)
    for x0, y0, x1, y1 in found.reshape(-1, 4):
        length = float(np.hypot(x1 - x0, y1 - y0))
        level = abs(y1 - y0) < 0.2 * abs(x1 - x0)
        ends = (round(x0), round(y0)), (round(x1), round(y1))
        if level and abs(x1 - x0) >= 0.25 * w:
            cv2.line(rails, *ends, 1.0, 3)
        elif length >= long_enough and not level:
            cv2.line(out, *ends, 1.0, 2)
    density = cv2.GaussianBlur(out, (0, 0), 0.02 * max(h, w))
    density = cv2.resize(density, size, interpolation=cv2.INTER_AREA)
    rails = cv2.resize(rails, size, interpolation=cv2.INTER_AREA)
    return np.clip(density * 4.0, 0.0, 1.0).astype(np.float32), (rails > 0.2).astype(np.float32)


def upscale(mask: F32, size: tuple[int, int]) -> F32:
    """A working-size mask to (width, height), smoothly."""
    big = mask.astype(np.float32, copy=True)
    if (mask.shape[1], mask.shape[0]) != size:
        big = cv2.resize(big, size, interpolation=cv2.INTER_LINEAR)
    big[big < 0.01] = 0.0  # no faint haze of a mask far from where it is
    return np.clip(big, 0.0, 1.0).astype(np.float32)


def downscale(mask: F32, size: tuple[int, int]) -> F32:
    """A full-size mask to the working size (width, height)."""
    if (mask.shape[1], mask.shape[0]) == size:
        return mask.astype(np.float32)
    return cv2.resize(mask, size, interpolation=cv2.INTER_AREA).astype(np.float32)
