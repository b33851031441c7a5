"""cartoon: flat colour regions with dark ink outlines, morphing in from the photo.

The look follows Winnemöller et al., "Real-time video abstraction" (2006): edge-preserving
smoothing (repeated bilateral filtering, then a median that removes leaf-sized texture), soft
quantisation of lightness and chroma in Lab (tanh steps, so band edges are anti-aliased), medians
that merge colour regions a few pixels across into their neighbours, and ink lines from an
adaptive threshold of the smoothed grey, kept only where the outline persists at half the
resolution and runs long enough, so dense foliage becomes clean blobs instead of specks.
Computed once on the photo; each frame adds the difference to the incoming frame (see `_style`).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from vivify.effects._style import delta_style, half_size_bilateral, unit
from vivify.effects.base import Effect, FrameFn, RenderContext, param, register
from vivify.effects.fields import F32
from vivify.types import RGB


@register
@dataclass(frozen=True)
class Cartoon(Effect):
    name = "cartoon"
    version = "1.1.0"
    summary = "The photo turns into a cartoon: flat colours and dark ink outlines."
    order = 80
    loops = False

    morph: float = param(1.5, 0.1, 10.0, "seconds the cartoon takes to grow in from the photo")
    strength: float = param(1.0, 0.0, 1.0, "how far the look goes: 1 is the full cartoon")
    levels: float = param(7.0, 3.0, 16.0, "lightness bands: fewer gives flatter, bolder shading")
    lines: float = param(1.0, 0.0, 1.0, "how dark the ink outlines are (0 leaves them out)")

    def prepare(self, ctx: RenderContext) -> FrameFn:
        return delta_style(ctx, self.stylise(ctx.photo, unit(ctx)), self.morph, self.strength)

    def stylise(self, photo: RGB, s: float) -> F32:
        smooth = half_size_bilateral(photo, 6, 24.0, 4.0)
        flat = _merge_specks(_quantise(_calm(smooth, s), self.levels), s)
        ink = _ink(smooth, s)
        out: F32 = (flat * (1.0 - 0.9 * self.lines * ink)[..., None]).astype(np.float32)
        return out


def _soft_steps(x: F32, step: float, sharpness: float = 8.0) -> F32:
    """Round to bands `step` wide, with tanh ramps at the band edges instead of hard jumps."""
    edge = (np.floor(x / step) + 0.5) * step
    out: F32 = (edge + 0.5 * step * np.tanh(sharpness / step * (x - edge))).astype(np.float32)
    return out


def _quantise(rgb: RGB, levels: float) -> F32:
    """Lightness in `levels` bands and chroma in coarse steps, a little more saturated."""
    lab = cv2.cvtColor(rgb.astype(np.float32) / 255.0, cv2.COLOR_RGB2LAB)  # L 0..100
    lab[..., 0] = _soft_steps(lab[..., 0], 100.0 / levels)
    lab[..., 1:] = _soft_steps(lab[..., 1:] * 1.15, 9.0)
    out: F32 = np.clip(cv2.cvtColor(lab, cv2.COLOR_LAB2RGB) * 255.0, 0.0, 255.0)
    return out


def _calm(smooth: RGB, s: float) -> RGB:
    """A median: removes texture finer than a few pixels (leaves, grass) that bilateral
    smoothing keeps because its contrast is high, so it cannot fleck the bands."""
    out: RGB = cv2.medianBlur(smooth, max(3, int(7 * s) | 1))
    return out


def _merge_specks(flat: F32, s: float) -> F32:
    """Merge colour regions a few pixels across into their neighbours: medians of the quantised
    image keep the big regions' borders and drop what is narrower than half the window."""
    merged = np.clip(flat + 0.5, 0, 255).astype(np.uint8)
    k = max(3, int(5 * s) | 1)
    for _ in range(2):
        merged = cv2.medianBlur(merged, k)
    out: F32 = merged.astype(np.float32)
    return out


def _ink(smooth: RGB, s: float) -> F32:
    """Outline coverage 0..1: an adaptive threshold of the smoothed grey, kept only where an
    outline also shows at half the resolution (so leaf-sized texture draws none) and where it
    runs long enough to read as a line, not a speck."""
    grey = cv2.medianBlur(cv2.cvtColor(smooth, cv2.COLOR_RGB2GRAY), 5)
    h, w = grey.shape
    block = max(3, int(9 * s) | 1)
    fine = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, block, 4)
    small = cv2.medianBlur(
        cv2.resize(grey, (max(1, w // 2), max(1, h // 2)), interpolation=cv2.INTER_AREA), 5
    )
    coarse = cv2.adaptiveThreshold(
        small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, block, 6
    )
    coarse = cv2.resize(coarse, (w, h), interpolation=cv2.INTER_NEAREST)
    coarse = cv2.erode(coarse, np.ones((3, 3), np.uint8))  # dark at either scale, grown a pixel
    ink = ((fine == 0) & (coarse == 0)).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    area = stats[:, cv2.CC_STAT_AREA]
    extent = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    keep = (area >= max(6, round(40 * s * s))) & (extent >= max(6, round(15 * s)))
    keep[0] = False
    lines = keep[labels].astype(np.float32)
    out: F32 = cv2.GaussianBlur(lines, (0, 0), 0.6)
    return out
