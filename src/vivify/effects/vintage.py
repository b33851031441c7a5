"""vintage: an old print: faded, warm tones, lifted blacks, creamy highlights, vignette and grain.

Per pixel, so each incoming frame is aged as it is: a colour matrix (a little desaturated and
warmed), per-channel tone curves as lookup tables (a gentle S-curve whose ends are lifted to a
warm brown black and pulled down to a cream white), then a static vignette gain and static
seeded grain, computed once. Static grain keeps the clip's end settled and its loop clean.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from vivify.effects._style import film_grain, morph_span, morph_weight, unit, vignette
from vivify.effects.base import Effect, FrameFn, RenderContext, param, register
from vivify.effects.fields import F32
from vivify.types import RGB

BLACK = np.array([34.0, 26.0, 20.0])  # where black ends up at full fade (warm brown)
WHITE = np.array([250.0, 238.0, 205.0])  # where white ends up at full fade (cream)


@register
@dataclass(frozen=True)
class Vintage(Effect):
    name = "vintage"
    version = "1.0.0"
    summary = "The photo ages into a faded, warm old print with a vignette and grain."
    order = 80
    loops = False

    morph: float = param(1.5, 0.1, 10.0, "seconds the photo takes to age")
    strength: float = param(1.0, 0.0, 1.0, "how far the look goes: 1 is the full old print")
    fade: float = param(1.0, 0.0, 2.0, "how faded: lifted blacks, creamy whites, less colour")
    vignette: float = param(0.35, 0.0, 1.0, "how much the corners darken")
    grain: float = param(0.5, 0.0, 1.0, "film grain, static (0 for none)")

    def prepare(self, ctx: RenderContext) -> FrameFn:
        matrix = _colour_matrix(0.35 * self.fade)
        curves = _tone_curves(self.fade)
        gain = np.repeat(vignette(ctx.height, ctx.width, self.vignette)[..., None], 3, axis=2)
        gain = np.ascontiguousarray(gain, np.float32)
        noise = film_grain(ctx.rng(self.name), ctx.height, ctx.width, unit(ctx))
        grain = np.ascontiguousarray(
            np.repeat((10.0 * self.grain * noise)[..., None], 3, axis=2), np.float32
        )
        span = morph_span(ctx, self.morph)

        def apply(frame: RGB, t: float) -> RGB:
            weight = morph_weight(t, span, self.strength)
            if weight <= 0.0:
                return frame
            aged = cv2.LUT(cv2.transform(frame, matrix), curves)
            aged = cv2.multiply(aged, gain, dtype=cv2.CV_8U)
            if self.grain > 0:
                aged = cv2.add(aged, grain, dtype=cv2.CV_8U)
            out: RGB = cv2.addWeighted(frame, 1.0 - weight, aged, weight, 0.0)
            return out

        return apply


def _colour_matrix(desaturate: float) -> F32:
    """3×3 RGB matrix: mix `desaturate` of each channel towards the luminance, warm a little."""
    luma = np.array([0.2126, 0.7152, 0.0722])
    k = min(desaturate, 0.9)
    m = (1.0 - k) * np.eye(3) + k * np.tile(luma, (3, 1))
    warm = np.diag([1.04, 1.0, 0.9])
    return np.ascontiguousarray(warm @ m, np.float32)


def _tone_curves(fade: float) -> RGB:
    """A 256×1×3 lookup table: a soft S-curve, then black and white pulled to warm brown and
    cream by `fade`."""
    x = np.arange(256, dtype=np.float64) / 255.0
    s_curve = x - 0.25 * np.sin(2.0 * np.pi * x) / (2.0 * np.pi)  # slope 0.75 at the ends, 1.25 mid
    black = np.clip(fade * BLACK, 0.0, 100.0)
    white = 255.0 - np.clip(fade * (255.0 - WHITE), 0.0, 120.0)
    y = black[None, :] + (white - black)[None, :] * s_curve[:, None]
    return np.ascontiguousarray(np.clip(y + 0.5, 0, 255).astype(np.uint8)[:, None, :])
