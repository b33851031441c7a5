"""black_white: the colour drains to a contrasty black-and-white print, with a little film grain.

Per pixel, so each incoming frame is converted as it is: Rec. 709 luminance (a slight red-filter
bias, as black-and-white photographers use, darkens skies), a sigmoid contrast curve as a lookup
table, and static seeded grain, the same on all three channels so the result stays truly grey.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from vivify.effects._style import film_grain, morph_span, morph_weight, unit
from vivify.effects.base import Effect, FrameFn, RenderContext, param, register
from vivify.types import RGB

# Luminance weights with a touch of red filter: sum 1, so white stays white.
WEIGHTS = np.array([0.30, 0.62, 0.08], np.float32)


@register
@dataclass(frozen=True)
class BlackWhite(Effect):
    name = "black_white"
    version = "1.0.0"
    summary = "The colour drains away to a contrasty black-and-white print."
    order = 80
    loops = False

    morph: float = param(1.5, 0.1, 10.0, "seconds the colour takes to drain away")
    strength: float = param(1.0, 0.0, 1.0, "how far the look goes: 1 is fully black and white")
    contrast: float = param(1.0, 0.0, 2.0, "the print's contrast: 0 flat, 1 punchy, 2 hard")
    grain: float = param(0.3, 0.0, 1.0, "film grain, static (0 for none)")

    def prepare(self, ctx: RenderContext) -> FrameFn:
        to_grey = np.ascontiguousarray(np.tile(WEIGHTS, (3, 1)), np.float32)  # 3×3: grey in RGB
        curve = _contrast_curve(self.contrast)
        noise = film_grain(ctx.rng(self.name), ctx.height, ctx.width, unit(ctx))
        grain = np.ascontiguousarray(
            np.repeat((12.0 * self.grain * noise)[..., None], 3, axis=2), np.float32
        )
        span = morph_span(ctx, self.morph)

        def apply(frame: RGB, t: float) -> RGB:
            weight = morph_weight(t, span, self.strength)
            if weight <= 0.0:
                return frame
            grey = cv2.LUT(cv2.transform(frame, to_grey), curve)
            printed = cv2.add(grey, grain, dtype=cv2.CV_8U) if self.grain > 0 else grey
            out: RGB = cv2.addWeighted(frame, 1.0 - weight, printed, weight, 0.0)
            return out

        return apply


def _contrast_curve(contrast: float) -> RGB:
    """A 256-entry lookup table: a sigmoid about mid-grey, normalised so 0→0 and 255→255, mixed
    with the identity for low contrast."""
    x = np.arange(256, dtype=np.float64) / 255.0
    k = 1e-3 + 6.0 * contrast
    sig = 1.0 / (1.0 + np.exp(-k * (x - 0.5)))
    lo, hi = 1.0 / (1.0 + np.exp(k * 0.5)), 1.0 / (1.0 + np.exp(-k * 0.5))
    s_curve = (sig - lo) / (hi - lo)
    mix = min(1.0, contrast)
    y = (1.0 - mix) * x + mix * s_curve
    out: RGB = np.clip(y * 255.0 + 0.5, 0, 255).astype(np.uint8)
    return out
