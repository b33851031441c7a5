"""A coarse depth order from classical cues: height in frame, sky, the subject, haze and detail."""

from __future__ import annotations

import cv2
import numpy as np

from vivify.scene.cues import F32, Cues


def depth_map(c: Cues, sky: F32, near: F32) -> F32:
    """0 is far, 1 is near, at the working size. `near` marks people and the main subject, which
    stand in front of what is behind them. Good enough to order layers; not metric."""
    h, w = c.size[1], c.size[0]
    rows = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None]
    ground = np.broadcast_to(rows, (h, w))  # lower in the frame is nearer
    # Sharp detail is nearer; haze flattens distant contrast.
    detail = cv2.GaussianBlur(c.fine, (0, 0), 6.0)
    detail = detail / (float(np.percentile(detail, 98)) + 1e-6)
    depth = 0.65 * ground + 0.35 * np.clip(detail, 0.0, 1.0)
    depth = depth * (1.0 - sky)  # the sky is the farthest thing there is
    # The subject stands in front: at least as near as the ground it stands on.
    if near.max() > 0.5:
        ys = np.nonzero(near > 0.5)[0]
        base = float(rows[min(int(ys.max()), h - 1), 0])
        depth = np.maximum(depth, near * max(0.9, 0.65 * base + 0.35))
    depth = cv2.GaussianBlur(depth.astype(np.float32), (0, 0), 3.0)
    lo, hi = float(depth.min()), float(depth.max())
    return ((depth - lo) / (hi - lo + 1e-6)).astype(np.float32)
