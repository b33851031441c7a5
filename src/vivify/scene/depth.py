"""A coarse depth estimate from classical cues: height in frame, sky, people, haze and detail."""

from __future__ import annotations

import cv2
import numpy as np

from vivify.scene.masks import scale_of
from vivify.types import RGB, Mask


def depth_map(rgb: RGB, sky: Mask, person: Mask) -> Mask:
    """0 is far, 1 is near. Good enough to order layers; not metric."""
    h, w = rgb.shape[:2]
    s = scale_of(h, w)
    # Lower in the frame is nearer (the ground-plane prior).
    rows = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None]
    ground = np.broadcast_to(rows, (h, w))
    # Sharp, high-contrast detail is nearer; haze flattens distant contrast.
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    lap = np.abs(cv2.Laplacian(gray, cv2.CV_32F, ksize=3))
    detail = cv2.GaussianBlur(lap, (0, 0), sigmaX=12 * s)
    detail = detail / (float(np.percentile(detail, 98)) + 1e-6)
    depth = 0.65 * ground + 0.35 * np.clip(detail, 0.0, 1.0)
    depth = depth * (1.0 - sky)  # the sky is the farthest thing there is
    depth = np.maximum(depth, person * 0.95)  # people stand in front of their background
    depth = cv2.GaussianBlur(depth, (0, 0), sigmaX=8 * s)
    lo, hi = float(depth.min()), float(depth.max())
    return ((depth - lo) / (hi - lo + 1e-6)).astype(np.float32)
