"""Measures of a clip that need no big model: where the motion is, whether the badge is there.

Pure functions over frames; the same ones serve the tests and (later) `vivify score`.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from numpy.typing import NDArray

from vivify.compose import Badge
from vivify.types import RGB, Mask


def frame_motion(frames: Iterable[RGB]) -> NDArray[np.float32]:
    """Per-pixel mean absolute difference between consecutive frames (grey levels, H×W)."""
    total: NDArray[np.float32] | None = None
    previous: NDArray[np.float32] | None = None
    count = 0
    for frame in frames:
        current = frame.astype(np.float32).mean(axis=2)
        if previous is not None:
            step = np.abs(current - previous)
            total = step if total is None else total + step
            count += 1
        previous = current
    if total is None:
        raise ValueError("need at least two frames to measure motion")
    return total / count


def inside_outside(
    motion: NDArray[np.float32], mask: Mask, outside: NDArray[np.bool_] | None = None
) -> float:
    """Mean motion inside the mask over mean motion outside it (ratio; higher is tidier).

    `outside` defaults to every pixel the mask does not touch; pass a narrower region to leave
    out pixels that another effect moves on purpose."""
    inside = mask > 0.5
    if outside is None:
        outside = mask <= 1e-3
    if not inside.any() or not outside.any():
        raise ValueError("the mask must have pixels both inside and outside")
    return float(motion[inside].mean() / max(float(motion[outside].mean()), 1e-3))


def badge_contrast(frame: RGB, badge: Badge) -> float:
    """Mean brightness of the badge's letters minus that of its box, in grey levels.

    The badge is white letters on a dark box: on any background a present badge scores > 100.
    """
    h, w = badge.alpha.shape[:2]
    region = frame[badge.y : badge.y + h, badge.x : badge.x + w].astype(np.float32).mean(axis=2)
    box = (badge.alpha[..., 0] > 0.7) & ~_grow(badge.text_mask, 2)
    return float(region[badge.text_mask].mean() - region[box].mean())


def _grow(mask: NDArray[np.bool_], pixels: int) -> NDArray[np.bool_]:
    out = mask.copy()
    for axis in (0, 1):
        for shift in range(1, pixels + 1):
            out |= np.roll(mask, shift, axis) | np.roll(mask, -shift, axis)
    return out
