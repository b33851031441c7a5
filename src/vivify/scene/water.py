"""Water: smooth, sky-coloured or blue-green regions below the horizon (sea, lake, river)."""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

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
        # Water mirrors the sky, a little darker and less saturated (a shadow is not water).
        dist = np.linalg.norm((lab - sky_lab)[..., 1:], axis=2)
        lum = lab[..., 0]
        candidate = candidate | ((dist < 14.0) & (lum < sky_lab[0] + 5) & (lum > 0.45 * sky_lab[0]))
    candidate &= texture < 0.06
    candidate &= exclude < 0.5
    candidate[:top] = False
    # Haze over the far shore looks like the sky and like water. Where the sky meets the water
    # (or that haze) directly, the water starts at the usual row where the sky ends: a level
    # line, below which the sky mask may still run on into water in a few columns.
    sky_ends = (sky > 0.5).sum(axis=0)
    just_below = np.clip(sky_ends + 2, 0, h - 1)
    meets = candidate[just_below, np.arange(w)] & (sky_ends > 0)
    if meets.sum() >= 0.05 * w:
        candidate[: int(np.median(sky_ends[meets]))] = False
    binary = candidate.astype(np.uint8)
    k = max(3, round(9 * s) | 1)
    binary = cv2.morphologyEx(binary, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    binary = cv2.morphologyEx(binary, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    binary = drop_small(binary, int(0.003 * h * w))
    return feather(_water_shaped(binary, lab), 1.5 * s)


def _water_shaped(binary: NDArray[np.uint8], lab: NDArray[np.float32]) -> NDArray[np.uint8]:
    """Keep the regions shaped like water: wide spans (wider than tall, a fifth of the frame or
    more), and smaller wide patches of the same water seen between things in front of it."""
    h, w = binary.shape
    count, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    keep = np.zeros(count, np.uint8)
    wide = [
        i
        for i in range(1, count)
        if stats[i, cv2.CC_STAT_WIDTH] >= 0.2 * w
        and stats[i, cv2.CC_STAT_WIDTH] >= 0.8 * stats[i, cv2.CC_STAT_HEIGHT]
        and stats[i, cv2.CC_STAT_AREA] >= 0.01 * h * w
    ]
    keep[wide] = 1
    if wide:
        colours = {i: lab[labels == i].mean(axis=0) for i in range(1, count)}
        for i in range(1, count):
            if keep[i] or stats[i, cv2.CC_STAT_WIDTH] < max(0.06 * w, stats[i, cv2.CC_STAT_HEIGHT]):
                continue
            chroma = min(float(np.linalg.norm((colours[i] - colours[j])[1:])) for j in wide)
            keep[i] = chroma < 8.0
    out: NDArray[np.uint8] = keep[labels]
    return out
