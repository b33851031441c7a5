"""Vegetation: green and foliage-coloured, textured regions (trees, grass, bushes)."""

from __future__ import annotations

import cv2
import numpy as np

from vivify.scene.masks import drop_small, feather, scale_of
from vivify.types import RGB, Mask


def vegetation_mask(rgb: RGB, sky: Mask) -> Mask:
    h, w = rgb.shape[:2]
    s = scale_of(h, w)
    f = rgb.astype(np.float32) / 255.0
    r, g, b = f[..., 0], f[..., 1], f[..., 2]
    total = r + g + b + 1e-3
    excess_green = (2 * g - r - b) / total
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV).astype(np.float32)
    hue, sat, val = hsv[..., 0] * 2.0, hsv[..., 1] / 255.0, hsv[..., 2] / 255.0
    # Foliage hues: yellow-green to green (teal and cyan are paint, glass or water more often).
    leafy_hue = (hue > 50) & (hue < 150) & (sat > 0.12) & (val > 0.06)
    green = (excess_green > 0.03) & (g >= r * 0.98) & leafy_hue
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    local_mean = cv2.GaussianBlur(gray, (0, 0), 2.0 * max(s, 0.5))
    local_var = cv2.GaussianBlur((gray - local_mean) ** 2, (0, 0), 4.0 * max(s, 0.5))
    textured = local_var > 4e-4
    candidate = green & textured & (sky < 0.5)
    binary = candidate.astype(np.uint8)
    k = max(3, round(7 * s) | 1)
    binary = cv2.morphologyEx(binary, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    binary = cv2.morphologyEx(binary, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    binary = drop_small(binary, int(0.0015 * h * w))
    return feather(binary, 1.5 * s)
