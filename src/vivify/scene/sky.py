"""Sky: smooth, bright or blue regions that reach down from the top edge, column by column."""

from __future__ import annotations

import cv2
import numpy as np

from vivify.scene.masks import drop_small, empty, feather, scale_of
from vivify.types import RGB, Mask


def sky_mask(rgb: RGB, exclude: Mask | None = None) -> tuple[Mask, float | None]:
    """Return the soft sky mask and the horizon row (fraction of the height), or None if no sky."""
    h, w = rgb.shape[:2]
    s = scale_of(h, w)
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV_FULL).astype(np.float32) / 255.0
    sat, val = hsv[..., 1], hsv[..., 2]
    r, g, b = (rgb[..., i].astype(np.float32) / 255.0 for i in range(3))

    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    gx = cv2.Sobel(gray, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(gray, cv2.CV_32F, 0, 1, ksize=3)
    texture = cv2.GaussianBlur(np.hypot(gx, gy), (0, 0), sigmaX=max(1.0, 3 * s))

    blueish = (b >= r - 0.02) & (b >= g - 0.06) & (sat > 0.12) & (val > 0.35)
    # Haze and overcast are neutral or cool; a warm grey is a wall or a studio backdrop.
    hazy = (sat < 0.22) & (val > 0.6) & (b >= r - 0.015)
    candidate = (blueish | hazy) & (texture < 0.09)
    if exclude is not None:
        candidate &= exclude < 0.5

    cand = candidate.astype(np.uint8)
    k = max(3, round(9 * s) | 1)
    cand = cv2.morphologyEx(cand, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    # Sky hangs from the top edge: a pixel is sky only if every pixel above it is sky too.
    from_top = np.cumprod(cand, axis=0, dtype=np.uint8)
    from_top = drop_small(from_top, int(0.002 * h * w))
    if from_top.mean() < 0.03:
        return empty(h, w), None
    # The sky must look like one thing: reject if its colour varies wildly (a wall, a ceiling).
    depth_rows = from_top.sum(axis=0)
    columns = depth_rows > 0
    if columns.mean() < 0.25:
        return empty(h, w), None
    horizon = float(np.median(depth_rows[columns])) / h
    return feather(from_top, 2.0 * s), horizon
