"""Small mask helpers shared by the scene analysers."""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from vivify.types import Mask


def empty(height: int, width: int) -> Mask:
    return np.zeros((height, width), np.float32)


def feather(binary: NDArray[np.bool_] | NDArray[np.uint8], radius: float) -> Mask:
    """A hard mask to a soft one: blur with a Gaussian whose sigma scales with the photo."""
    soft = binary.astype(np.float32)
    if radius <= 0:
        return soft
    blurred = cv2.GaussianBlur(soft, (0, 0), sigmaX=radius)
    return np.clip(blurred, 0.0, 1.0).astype(np.float32)


def drop_small(binary: NDArray[np.uint8], min_area: int) -> NDArray[np.uint8]:
    """Remove connected components smaller than `min_area` pixels."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    keep = np.zeros(count, np.uint8)
    keep[1:] = stats[1:, cv2.CC_STAT_AREA] >= min_area
    return keep[labels]


def keep_top_connected(mask: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """The parts of `mask` (4-connected) that touch the top edge: open sky reaches it."""
    _, labels = cv2.connectedComponents(mask.astype(np.uint8), connectivity=4)
    top = np.unique(labels[0][labels[0] > 0])
    out: NDArray[np.bool_] = np.isin(labels, top) & mask
    return out


def scale_of(height: int, width: int) -> float:
    """A length unit that follows the photo's size (1.0 at a 720-pixel short side)."""
    return min(height, width) / 720.0
