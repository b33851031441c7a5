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
    growing scales), so that a region can be moved without dragging its neighbours into it.

    The extrapolation is smooth by nature, so it is computed at a quarter of the size."""
    img = rgb.astype(np.float32)
    weight = (mask >= min_weight).astype(np.float32)
    h, w = mask.shape
    small_size = (max(1, w // 4), max(1, h // 4))
    small_img = cv2.resize(img * weight[..., None], small_size, interpolation=cv2.INTER_AREA)
    small_w = cv2.resize(weight, small_size, interpolation=cv2.INTER_AREA)
    filled = np.zeros_like(small_img)
    known = np.zeros(small_w.shape, bool)
    sigma = 1.0
    while not known.all() and sigma < 2 * max(small_size):
        num = cv2.GaussianBlur(small_img, (0, 0), sigma)
        den = cv2.GaussianBlur(small_w, (0, 0), sigma)
        take = (den > 0.05) & ~known
        filled[take] = num[take] / den[take][:, None]
        known |= take
        sigma *= 2.0
    if not known.all():  # nothing to extrapolate from: use the mean of what is there
        fallback = img[weight > 0].mean(axis=0) if weight.any() else img.mean(axis=(0, 1))
        filled[~known] = fallback
    out = cv2.resize(filled, (w, h), interpolation=cv2.INTER_LINEAR)
    keep = weight > 0
    out[keep] = img[keep]
    return out.astype(np.float32)


def blend(base: RGB, top: F32 | RGB, alpha: Mask, inverse: Mask | None = None) -> RGB:
    """base·(1−alpha) + top·alpha as uint8 (saturating). Pass `inverse` = 1−alpha when it is
    precomputed; OpenCV's blendLinear does the per-pixel weighting in one pass."""
    top8 = top if top.dtype == np.uint8 else cv2.convertScaleAbs(top)
    return cv2.blendLinear(top8, base, alpha, 1.0 - alpha if inverse is None else inverse)


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
