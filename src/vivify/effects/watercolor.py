"""watercolor: soft washes of transparent pigment on textured paper, morphing in from the photo.

After Bousseau et al., "Interactive watercolor rendering with temporal coherence and
abstraction" (2006): the photo is abstracted (regions flattened by bilateral smoothing and a
median at half size, while its clear outlines come from a light full-size smoothing, so they stay
crisp; the paint bleeds, by smooth noise, only across weak edges), lightened as transparent
pigment is, then darkened by a pigment density map, C' = C − (C − C²)(d − 1), where d gathers
paper grain, turbulent pigment flow, granulation and darker wet edges at wash boundaries. A
trace of the photo's fine detail is kept, like a light pencil under-drawing, and the paper is
embossed.
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
    version = "1.1.0"
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
        density = 0.07 * grain + 0.05 * paper + k * (0.35 * flow + 0.45 * wet_edge)
        painted = wash - (wash - wash * wash) * density[..., None]
        # The paper's relief, lit from the left.
        relief = cv2.GaussianBlur(paper, (0, 0), 1.0)
        painted *= (1.0 + 0.03 * (relief - np.roll(relief, 1, axis=1)))[..., None]
        # A trace of the photo's fine detail: the pencil under-drawing.
        lum = cv2.cvtColor(photo, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
        detail = lum - cv2.GaussianBlur(lum, (0, 0), max(0.8, 2.5 * s))
        painted += (0.25 * np.minimum(detail, 0.0) + 0.08 * np.maximum(detail, 0.0))[..., None]
        out: F32 = np.clip(painted * 255.0, 0.0, 255.0).astype(np.float32)
        return out


def _abstract(photo: RGB, rng: np.random.Generator, wetness: float, s: float) -> RGB:
    """Flat washes that keep the photo's edges: regions flattened at half size, the strong edges
    taken from a light full-size smoothing (so they stay crisp), and paint bleeding by smooth
    noise only where edges are weak (wet paint runs across a soft boundary, not a hard one)."""
    h, w = photo.shape[:2]
    small = cv2.resize(photo, (max(1, w // 2), max(1, h // 2)), interpolation=cv2.INTER_AREA)
    for _ in range(4):
        small = cv2.bilateralFilter(small, 9, 26.0, 4.0)
    small = cv2.medianBlur(small, 5)
    flat = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    crisp = cv2.bilateralFilter(photo, 7, 30.0, 3.0).astype(np.float32)
    strong = _edge_strength(photo, s)[..., None]
    wash = flat + (crisp - flat) * strong
    bleed, size = 1.5 * wetness * s, max(2.0, 16.0 * s)
    loose = bleed * (1.0 - strong[..., 0])
    dx = loose * smooth_noise(rng, h, w, size)
    dy = loose * smooth_noise(rng, h, w, size)
    gx, gy = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    bled = cv2.remap(wash, gx + dx, gy + dy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
    out: RGB = np.clip(bled + 0.5, 0, 255).astype(np.uint8)
    return out


def _edge_strength(photo: RGB, s: float) -> F32:
    """0 (no edge or a weak one) to 1 (a clear outline), a couple of pixels wide."""
    grey = cv2.cvtColor(photo, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    grey = cv2.GaussianBlur(grey, (0, 0), max(1.0, 2.0 * s))
    mag = np.hypot(cv2.Sobel(grey, cv2.CV_32F, 1, 0), cv2.Sobel(grey, cv2.CV_32F, 0, 1))
    edge = np.clip((mag - 0.16) / 0.28, 0.0, 1.0)
    out: F32 = np.clip(1.3 * cv2.GaussianBlur(edge, (0, 0), max(1.0, 1.5 * s)), 0.0, 1.0)
    return out
