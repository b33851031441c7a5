"""Helpers effects share: smooth noise fields, filling a region from its surroundings, blending."""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from vivify.types import RGB, Mask

F32 = NDArray[np.float32]


def smooth_noise(rng: np.random.Generator, height: int, width: int, scale: float) -> F32:
    """Zero-mean, unit-std noise whose features are about `scale` pixels across."""
    small_h = max(2, int(np.ceil(height / scale)) + 2)
    small_w = max(2, int(np.ceil(width / scale)) + 2)
    small = rng.standard_normal((small_h, small_w)).astype(np.float32)
    big = cv2.resize(small, (width, height), interpolation=cv2.INTER_CUBIC)
    big -= big.mean()
    return (big / (big.std() + 1e-6)).astype(np.float32)


def fractal_noise(rng: np.random.Generator, height: int, width: int, scale: float) -> F32:
    """Several octaves of smooth noise (cloud-like), normalised to 0..1."""
    total = np.zeros((height, width), np.float32)
    amp, s = 1.0, scale
    for _ in range(5):
        total += amp * smooth_noise(rng, height, width, max(s, 2.0))
        amp *= 0.5
        s /= 2.0
    lo, hi = float(total.min()), float(total.max())
    return ((total - lo) / (hi - lo + 1e-6)).astype(np.float32)


def fill_from(rgb: RGB, mask: Mask, min_weight: float = 0.98) -> F32:
    """Pixels where `mask` is ~1 are kept; the rest are extrapolated from them (normalised blur at
    growing scales), so that a region can be moved without dragging its neighbours into it."""
    img = rgb.astype(np.float32)
    weight = (mask >= min_weight).astype(np.float32)
    out = img * weight[..., None]
    known = weight.copy()
    h, w = mask.shape
    sigma = 4.0
    while known.min() < 0.999 and sigma < 4 * max(h, w):
        num = cv2.GaussianBlur(img * weight[..., None], (0, 0), sigma)
        den = cv2.GaussianBlur(weight, (0, 0), sigma)
        estimate = num / np.maximum(den, 1e-6)[..., None]
        take = (den > 0.05) & (known < 0.5)
        out[take] = estimate[take]
        known[take] = 1.0
        sigma *= 2.0
    if known.min() < 0.5:  # nothing to extrapolate from: use the mean of what is there
        out[known < 0.5] = img[weight > 0].mean(axis=0) if weight.any() else img.mean(axis=(0, 1))
    return out


def blend(base: RGB, top: F32, alpha: Mask) -> RGB:
    """base·(1−alpha) + top·alpha, rounded back to uint8."""
    a = alpha[..., None]
    mixed = base.astype(np.float32) * (1.0 - a) + top * a
    return np.clip(mixed + 0.5, 0, 255).astype(np.uint8)


def bbox(mask: Mask, threshold: float = 0.01, pad: int = 2) -> tuple[int, int, int, int] | None:
    """(y0, y1, x0, x1) bounding the pixels above `threshold`, or None if there are none."""
    ys, xs = np.nonzero(mask > threshold)
    if ys.size == 0:
        return None
    h, w = mask.shape
    return (
        max(0, int(ys.min()) - pad),
        min(h, int(ys.max()) + pad + 1),
        max(0, int(xs.min()) - pad),
        min(w, int(xs.max()) + pad + 1),
    )
