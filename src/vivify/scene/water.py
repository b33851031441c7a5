"""Water: smooth, sky-coloured or blue-green regions below the horizon (sea, lake, river)."""

from __future__ import annotations

import cv2
import numpy as np

from vivify.scene.masks import drop_small, empty, feather, scale_of
from vivify.types import RGB, Mask


def water_mask(rgb: RGB, sky: Mask, horizon: float | None, exclude: Mask) -> Mask:
    """Water lies below the horizon, is smoother than land, and mirrors the sky's colour or is
    blue-green. `exclude` holds what is certainly not water (vegetation, people)."""
    h, w = rgb.shape[:2]
    s = scale_of(h, w)
    top = int((horizon if horizon is not None else 0.35) * h)
    if top >= h - 4:
        return empty(h, w)
    lab = cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB).astype(np.float32)
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    mean = cv2.GaussianBlur(gray, (0, 0), 3 * max(s, 0.5))
    texture = np.sqrt(cv2.GaussianBlur((gray - mean) ** 2, (0, 0), 6 * max(s, 0.5)))
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV).astype(np.float32)
    hue, sat, val = hsv[..., 0] * 2.0, hsv[..., 1] / 255.0, hsv[..., 2] / 255.0
    blue_green = (hue > 150) & (hue < 250) & (sat > 0.08) & (val > 0.15)
    candidate = blue_green
    if sky.max() > 0.5:
        sky_lab = lab[sky > 0.5].mean(axis=0)
        # Water mirrors the sky, a little darker and less saturated.
        dist = np.linalg.norm((lab - sky_lab)[..., 1:], axis=2)
        candidate = candidate | ((dist < 14.0) & (lab[..., 0] < sky_lab[0] + 5))
    candidate &= texture < 0.06
    candidate &= exclude < 0.5
    candidate[:top] = False
    binary = candidate.astype(np.uint8)
    k = max(3, round(9 * s) | 1)
    binary = cv2.morphologyEx(binary, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    binary = cv2.morphologyEx(binary, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    binary = drop_small(binary, int(0.01 * h * w))
    # Water spans: it is wider than tall, touching the horizon band or the frame's sides.
    count, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    keep = np.zeros(count, np.uint8)
    for i in range(1, count):
        width, height = stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT]
        keep[i] = width >= 0.2 * w and width >= 0.8 * height
    return feather(keep[labels], 1.5 * s)
