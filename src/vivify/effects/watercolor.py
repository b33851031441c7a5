"""watercolor: soft washes of transparent pigment on textured paper, morphing in from the photo.

After Bousseau et al., "Interactive watercolor rendering with temporal coherence and
abstraction" (2006): the photo is abstracted (bilateral smoothing and a median at half size, its
boundaries wobbled by smooth noise like wet paint bleeding), lightened as transparent pigment
is, then darkened by a pigment density map, C' = C − (C − C²)(d − 1), where d gathers paper grain,
turbulent pigment flow, granulation and darker wet edges at wash boundaries. A little of the
photo's fine detail is kept, like a light pencil under-drawing, and the paper is embossed.
Computed once on the photo; each frame adds the difference to the incoming frame (see `_style`).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from vivify.effects._style import delta_style, paper_grain, unit
from vivify.effects.base import Effect, FrameFn, RenderContext, param, register
from vivify.effects.fields import F32, fractal_noise, smooth_noise
from vivify.types import RGB


@register
@dataclass(frozen=True)
class Watercolor(Effect):
    name = "watercolor"
    version = "1.0.0"
    summary = "The photo turns into a watercolour painting on textured paper."
    order = 80
    loops = False

    morph: float = param(1.5, 0.1, 10.0, "seconds the painting takes to grow in from the photo")
    strength: float = param(1.0, 0.0, 1.0, "how far the look goes: 1 is the full watercolour")
    wetness: float = param(1.0, 0.0, 2.0, "how much the washes bleed, mottle and pool at edges")

    def prepare(self, ctx: RenderContext) -> FrameFn:
        return delta_style(ctx, self.stylise(ctx, unit(ctx)), self.morph, self.strength)

    def stylise(self, ctx: RenderContext, s: float) -> F32:
        photo = ctx.photo
        h, w = photo.shape[:2]
        rng = ctx.rng(self.name)
        wash = _abstract(photo, rng, self.wetness, s).astype(np.float32) / 255.0
        wash = 1.0 - 0.85 * (1.0 - wash)  # transparent pigment: the paper shows through
        grey = cv2.cvtColor(wash, cv2.COLOR_RGB2GRAY)
        wet_edge = np.abs(
            cv2.GaussianBlur(grey, (0, 0), max(0.5, 1.0 * s))
            - cv2.GaussianBlur(grey, (0, 0), max(1.0, 4.0 * s))
        )
        wet_edge = np.clip(wet_edge / 0.04, 0.0, 1.0)
        grain = smooth_noise(rng, h, w, max(1.0, 1.2 * s))
        flow = fractal_noise(rng, h, w, max(4.0, 120.0 * s)) - 0.5
        paper = paper_grain(rng, h, w, s)
        k = self.wetness
        density = 0.10 * grain + 0.05 * paper + k * (0.35 * flow + 0.45 * wet_edge)
        painted = wash - (wash - wash * wash) * density[..., None]
        # The paper's relief, lit from the left.
        relief = cv2.GaussianBlur(paper, (0, 0), 1.0)
        painted *= (1.0 + 0.03 * (relief - np.roll(relief, 1, axis=1)))[..., None]
        # A trace of the photo's fine detail: the pencil under-drawing.
        lum = cv2.cvtColor(photo, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
        detail = lum - cv2.GaussianBlur(lum, (0, 0), max(0.8, 2.5 * s))
        painted += (0.45 * np.minimum(detail, 0.0) + 0.15 * np.maximum(detail, 0.0))[..., None]
        out: F32 = np.clip(painted * 255.0, 0.0, 255.0).astype(np.float32)
        return out


def _abstract(photo: RGB, rng: np.random.Generator, wetness: float, s: float) -> RGB:
    """Flattened colour regions at half size, their borders bled by smooth noise."""
    h, w = photo.shape[:2]
    small = cv2.resize(photo, (max(1, w // 2), max(1, h // 2)), interpolation=cv2.INTER_AREA)
    for _ in range(4):
        small = cv2.bilateralFilter(small, 9, 26.0, 4.0)
    small = cv2.medianBlur(small, 5)
    sh, sw = small.shape[:2]
    bleed, size = 1.2 * wetness * s, max(2.0, 10.0 * s)
    dx = bleed * smooth_noise(rng, sh, sw, size)
    dy = bleed * smooth_noise(rng, sh, sw, size)
    gx, gy = np.meshgrid(np.arange(sw, dtype=np.float32), np.arange(sh, dtype=np.float32))
    small = cv2.remap(small, gx + dx, gy + dy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
    out: RGB = cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)
    return out
