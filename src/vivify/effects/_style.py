"""Helpers the style effects share: the eased morph-in, the per-frame blends, and filters.

Every style starts at the photo and grows in over `morph` seconds. The heavy stylisation runs once
in `prepare`, on `ctx.photo`; each frame only blends. Styles run last, so the frame they get may
already have been changed by earlier effects (swaying leaves, drifting clouds). Two ways keep that
motion visible through the style:

- Pointwise styles (black_white, vintage, sketch) restyle the incoming frame itself every frame:
  a colour matrix, lookup tables and static per-pixel fields (grain, vignette, paper, the sketch's
  local-mean divisor) that were computed once from the photo.
- Spatial styles (cartoon, watercolor, oil_paint) smooth, quantise and paint, which is too slow
  per frame. They precompute `style(photo) - photo` and add it, scaled by the morph weight, to
  the incoming frame: where the frame is the photo the result is exactly the stylised photo; where
  an earlier effect moved something, that motion shows through under the same brush work.
"""

from __future__ import annotations

import cv2
import numpy as np

from vivify.curves import ease_in_out
from vivify.effects.base import FrameFn, RenderContext
from vivify.effects.fields import F32, smooth_noise
from vivify.scene.masks import scale_of
from vivify.types import RGB


def morph_span(ctx: RenderContext, morph: float) -> float:
    """How long the style takes to grow in: `morph` seconds, but done by the clip's last frame."""
    last = max(ctx.duration - 1.0 / ctx.fps, 1e-6)
    return max(min(morph, last), 1e-6)


def morph_weight(t: float, span: float, strength: float) -> float:
    """0 at t=0, eased up to `strength` at `span` seconds, then held."""
    return strength * ease_in_out(t / span)


def add_delta(frame: RGB, delta: F32, weight: float) -> RGB:
    """frame + weight·delta, rounded and saturated to uint8 (the frame itself when weight is 0)."""
    if weight <= 0.0:
        return frame
    out: RGB = cv2.addWeighted(frame, 1.0, delta, weight, 0.0, dtype=cv2.CV_8U)
    return out


def mix(frame: RGB, styled: RGB, weight: float) -> RGB:
    """frame·(1−weight) + styled·weight, rounded to uint8."""
    if weight <= 0.0:
        return frame
    out: RGB = cv2.addWeighted(frame, 1.0 - weight, styled, weight, 0.0)
    return out


def delta_style(ctx: RenderContext, styled: F32, morph: float, strength: float) -> FrameFn:
    """The frame function of a spatial style: add `styled - photo` to each incoming frame."""
    delta = np.ascontiguousarray(styled - ctx.photo.astype(np.float32), np.float32)
    span = morph_span(ctx, morph)

    def apply(frame: RGB, t: float) -> RGB:
        return add_delta(frame, delta, morph_weight(t, span, strength))

    return apply


def unit(ctx: RenderContext) -> float:
    """A length unit that follows the layer's size (1.0 at a 720-pixel short side)."""
    return scale_of(ctx.height, ctx.width)


def half_size_bilateral(rgb: RGB, iterations: int, sigma_color: float, sigma_space: float) -> RGB:
    """Edge-preserving smoothing: repeated bilateral filtering at half size (flattens regions
    like mean shift, at a fraction of the cost), scaled back up."""
    h, w = rgb.shape[:2]
    small = cv2.resize(rgb, (max(1, w // 2), max(1, h // 2)), interpolation=cv2.INTER_AREA)
    d = max(3, int(2 * round(1.5 * sigma_space)) + 1)
    for _ in range(iterations):
        small = cv2.bilateralFilter(small, d, sigma_color, sigma_space)
    out: RGB = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
    return out


def paper_grain(rng: np.random.Generator, height: int, width: int, s: float) -> F32:
    """Zero-mean paper texture: fine tooth plus soft cloudy fibres, about unit std."""
    tooth = smooth_noise(rng, height, width, max(1.0, 1.5 * s))
    fibres = smooth_noise(rng, height, width, max(2.0, 14.0 * s))
    out: F32 = (0.7 * tooth + 0.5 * fibres).astype(np.float32)
    return out


def film_grain(rng: np.random.Generator, height: int, width: int, s: float) -> F32:
    """Static, seeded, zero-mean luminance grain about a pixel across, unit std."""
    noise = rng.standard_normal((height, width)).astype(np.float32)
    noise = cv2.GaussianBlur(noise, (0, 0), max(0.4, 0.6 * s))
    out: F32 = (noise / (float(noise.std()) + 1e-6)).astype(np.float32)
    return out


def vignette(height: int, width: int, amount: float) -> F32:
    """A gain field, 1 in the middle falling by `amount` towards the corners (smooth, elliptic)."""
    ys = np.linspace(-1.0, 1.0, height, dtype=np.float32)[:, None]
    xs = np.linspace(-1.0, 1.0, width, dtype=np.float32)[None, :]
    r2 = (xs * xs + ys * ys) / 2.0  # 0 centre .. 1 corners
    out: F32 = (1.0 - amount * r2**1.3).astype(np.float32)
    return out


def to_uint8(img: F32) -> RGB:
    """A float image in grey levels, rounded and clipped to uint8."""
    out: RGB = np.clip(img + 0.5, 0, 255).astype(np.uint8)
    return out
