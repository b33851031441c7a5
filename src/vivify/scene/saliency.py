"""The main subject without a learned model: what stands out from the photo's border colours,
what is in focus, and what sits towards the centre, refined by a graph cut (GrabCut)."""

from __future__ import annotations

import cv2
import numpy as np

from vivify.scene.cues import F32, Cues


def classical_subject(c: Cues) -> F32:
    """A soft subject map at the working size; zeros when nothing stands out."""
    h, w = c.size[1], c.size[0]
    empty = np.zeros((h, w), np.float32)
    lab = c.lab.reshape(-1, 3)
    border = np.zeros((h, w), bool)
    m = max(2, round(0.04 * min(h, w)))
    border[:m], border[-m:], border[:, :m], border[:, -m:] = True, True, True, True
    samples = c.lab[border].astype(np.float32)
    k = 4
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 20, 1.0)
    _, _, centres = cv2.kmeans(samples, k, None, criteria, 2, cv2.KMEANS_PP_CENTERS)
    dist = np.min(np.linalg.norm(lab[:, None, :] - centres[None], axis=2), axis=1).reshape(h, w)
    contrast = np.clip(dist / (np.percentile(dist, 99) + 1e-3), 0.0, 1.0)
    focus = cv2.GaussianBlur(c.fine, (0, 0), 4.0)
    focus = np.clip(focus / (np.percentile(focus, 99) + 1e-3), 0.0, 1.0)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    centre = np.exp(-(((xx / w - 0.5) / 0.3) ** 2 + ((yy / h - 0.5) / 0.35) ** 2))
    score = (0.55 * contrast + 0.25 * focus + 0.2 * centre).astype(np.float32)
    score = cv2.GaussianBlur(score, (0, 0), 2.0)
    level, _ = cv2.threshold((score * 255).astype(np.uint8), 0, 255, cv2.THRESH_OTSU)
    fg = score * 255 > level
    if not 0.03 < fg.mean() < 0.6:
        return empty
    mask = np.where(fg, cv2.GC_PR_FGD, cv2.GC_PR_BGD).astype(np.uint8)
    mask[score * 255 > min(254.0, level + 40)] = cv2.GC_FGD
    mask[border & ~fg] = cv2.GC_BGD
    bgd, fgd = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
    try:
        cv2.grabCut(c.rgb[..., ::-1].copy(), mask, None, bgd, fgd, 3, cv2.GC_INIT_WITH_MASK)
    except cv2.error:
        return empty
    out = ((mask == cv2.GC_FGD) | (mask == cv2.GC_PR_FGD)).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(out, connectivity=8)
    if count <= 1:
        return empty
    biggest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    keep = (labels == biggest).astype(np.float32)
    if not 0.02 < keep.mean() < 0.7:
        return empty
    return np.clip(cv2.GaussianBlur(keep, (0, 0), 0.8), 0.0, 1.0).astype(np.float32)
