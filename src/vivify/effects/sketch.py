"""sketch: a pencil drawing on warm paper, morphing in from the photo.

The classic colour-dodge sketch: grey / (1 − blur(inverted grey)) keeps the lines and turns flat
areas to paper white. A gamma darkens the pencil, diagonal hatching strokes (noise smeared along
one direction) shade the darker parts, and a faint paper texture tints it all.

The blurred divisor, the hatching and the paper are computed once from the photo; the dodge itself
is per pixel, so each frame sketches the incoming frame (leaves moved by the wind are drawn
where they are now, not where they were).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from vivify.effects._style import morph_span, morph_weight, paper_grain, unit
from vivify.effects.base import Effect, FrameFn, RenderContext, param, register
from vivify.effects.fields import F32
from vivify.types import RGB

PAPER = np.array([246.0, 241.0, 230.0], np.float32) / 255.0


@register
@dataclass(frozen=True)
class Sketch(Effect):
    name = "sketch"
    version = "1.0.0"
    summary = "The photo turns into a pencil sketch on paper."
    order = 80
    loops = False

    morph: float = param(1.5, 0.1, 10.0, "seconds the sketch takes to grow in from the photo")
    strength: float = param(1.0, 0.0, 1.0, "how far the look goes: 1 is the full sketch")
    darkness: float = param(1.0, 0.3, 2.0, "pencil pressure: higher draws darker lines and shading")

    def prepare(self, ctx: RenderContext) -> FrameFn:
        h, w = ctx.height, ctx.width
        s = unit(ctx)
        rng = ctx.rng(self.name)
        grey = cv2.cvtColor(ctx.photo, cv2.COLOR_RGB2GRAY).astype(np.float32)
        inverted_blur = cv2.GaussianBlur(255.0 - grey, (0, 0), max(1.0, 7.0 * s))
        # dodge = grey / (255 − blur(255 − grey)), as grey · gain, in 0..255 after saturation
        gain = np.ascontiguousarray(255.0 / np.maximum(255.0 - inverted_blur, 1.0), np.float32)
        gamma = 1.0 + 1.2 * self.darkness
        pencil = np.clip((np.arange(256) / 255.0) ** gamma * 255.0 + 0.5, 0, 255).astype(np.uint8)
        shade = 1.0 - cv2.GaussianBlur(grey, (0, 0), max(0.5, 3.0 * s)) / 255.0
        hatch = np.clip(0.5 + 0.5 * _strokes(rng, h, w, s), 0.0, 1.0)
        texture = np.ascontiguousarray(
            np.clip(1.0 - 0.35 * self.darkness * shade * hatch, 0.0, 1.0), np.float32
        )
        paper = PAPER[None, None, :] * (1.0 + 0.015 * paper_grain(rng, h, w, s))[..., None]
        paper = np.ascontiguousarray(paper, np.float32)
        span = morph_span(ctx, morph=self.morph)

        def apply(frame: RGB, t: float) -> RGB:
            weight = morph_weight(t, span, self.strength)
            if weight <= 0.0:
                return frame
            dodge = cv2.multiply(cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY), gain, dtype=cv2.CV_8U)
            tone = cv2.multiply(cv2.LUT(dodge, pencil), texture, dtype=cv2.CV_8U)
            drawn = cv2.multiply(cv2.cvtColor(tone, cv2.COLOR_GRAY2RGB), paper, dtype=cv2.CV_8U)
            out: RGB = cv2.addWeighted(frame, 1.0 - weight, drawn, weight, 0.0)
            return out

        return apply


def _strokes(rng: np.random.Generator, height: int, width: int, s: float) -> F32:
    """Unit-std noise smeared along a 35° diagonal: the texture of hatching pencil strokes."""
    noise = rng.standard_normal((height, width)).astype(np.float32)
    size = max(3, int(14 * s) | 1)
    kernel = np.zeros((size, size), np.float32)
    c = size // 2
    angle = np.deg2rad(35.0)
    for r in np.linspace(-c, c, 4 * size):
        kernel[round(c - r * np.sin(angle)), round(c + r * np.cos(angle))] = 1.0
    smeared = cv2.filter2D(noise, -1, kernel / kernel.sum(), borderType=cv2.BORDER_REFLECT)
    out: F32 = (smeared / (float(smeared.std()) + 1e-6)).astype(np.float32)
    return out
