"""An animal's eyes: the pair of dark round blobs on its head, for `blink` on a pet.

No offline model finds animal faces (OpenCV's cat-face cascades miss close-ups and know no
other animal), so the eyes are found by what eyes look like across animals: two dark, round,
equally sized blobs side by side (pupil and iris, darker than the fur or feathers around them),
level with each other, as far apart as a few eye widths, both on the main subject and in the
upper part of it. Blobs are found with a difference of Gaussians at several sizes; the pair
that is darkest against its surround and most alike wins, if it is dark enough.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from vivify.types import RGB, AnimalEye, Mask

WORK = 320  # pixels across the subject's box at which the blobs are looked for
RADII = (0.015, 0.022, 0.032, 0.045, 0.065)  # eye (blob) radius, as a share of the box's width
MIN_CONTRAST = 20.0  # grey levels the eye is darker than its surround, at least
MAX_CANDIDATES = 40
MIN_RADIUS = 4.0  # layer pixels: a smaller eye's blink would not show (a ladybird's spots)


def find_animal_eyes(rgb: RGB, subject: Mask | None) -> tuple[AnimalEye, ...]:
    """The two eyes of the main subject (an animal), or none. `subject` is its soft mask at
    the photo's size."""
    if subject is None or not (subject > 0.5).any():
        return ()
    ys, xs = np.nonzero(subject > 0.5)
    x0, x1, y0, y1 = int(xs.min()), int(xs.max()) + 1, int(ys.min()), int(ys.max()) + 1
    scale = min(1.0, WORK / max(x1 - x0, 1))
    crop = np.ascontiguousarray(rgb[y0:y1, x0:x1])
    size = (max(1, round((x1 - x0) * scale)), max(1, round((y1 - y0) * scale)))
    grey = cv2.resize(cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY), size, interpolation=cv2.INTER_AREA)
    grey = grey.astype(np.float32)
    inside = cv2.resize(subject[y0:y1, x0:x1], size, interpolation=cv2.INTER_AREA) > 0.5
    # Eyes sit in the upper part of an animal (its head), seldom low in its outline.
    rows = np.arange(size[1])[:, None] < 0.75 * size[1]
    candidates: list[tuple[float, int, int, float]] = []
    for frac in RADII:
        r = frac * size[0]
        if r < 1.5:
            continue
        response = cv2.GaussianBlur(grey, (0, 0), 2.2 * r) - cv2.GaussianBlur(grey, (0, 0), 0.7 * r)
        k = int(2 * r) | 1
        peak = response == cv2.dilate(response, np.ones((k, k), np.uint8))
        peak &= (response > MIN_CONTRAST) & inside & rows
        for y, x in zip(*np.nonzero(peak), strict=True):
            candidates.append((float(response[y, x]), int(x), int(y), r))
    candidates.sort(reverse=True)
    pair = _best_pair(candidates[:MAX_CANDIDATES])
    if pair is None:
        return ()
    # The dark blob is the pupil (with the iris's dark part); the eye the lid closes over
    # reaches out to its rim, the strongest ring of edges around it.
    edges = np.hypot(cv2.Sobel(grey, cv2.CV_32F, 1, 0), cv2.Sobel(grey, cv2.CV_32F, 0, 1))
    rims = [_rim(edges, x, y, r) for _, x, y, r in sorted(pair, key=lambda c: c[1])]
    reach = float(np.mean([r for _, _, r in rims]))  # two eyes of one size
    eyes = tuple(
        AnimalEye(x=x0 + (x + 0.5) / scale - 0.5, y=y0 + (y + 0.5) / scale - 0.5, r=reach / scale)
        for x, y, _ in rims
    )
    return eyes if min(e.r for e in eyes) >= MIN_RADIUS else ()


def _rim(edges: NDArray[np.float32], x: int, y: int, r: float) -> tuple[float, float, float]:
    """The eye around a pupil of radius `r` at (x, y): the circle with the strongest ring of
    edges (its rim), centred near the pupil (an eye looking aside has its pupil off-centre)."""
    angles = np.linspace(0.0, 2.0 * np.pi, 48, endpoint=False)
    cos, sin = np.cos(angles), np.sin(angles)
    best, found = -1.0, (float(x), float(y), 1.4 * r)
    for cx in x + r * np.linspace(-0.8, 0.8, 5):
        for cy in y + r * np.linspace(-0.8, 0.8, 5):
            for radius in np.linspace(1.3 * r, 3.2 * r, 14):
                xs = np.clip(np.round(cx + radius * cos).astype(int), 0, edges.shape[1] - 1)
                ys = np.clip(np.round(cy + radius * sin).astype(int), 0, edges.shape[0] - 1)
                strength = float(edges[ys, xs].mean())
                if strength > best:
                    best, found = strength, (float(cx), float(cy), float(radius))
    return found[0], found[1], 1.1 * found[2]


def _best_pair(
    candidates: list[tuple[float, int, int, float]],
) -> tuple[tuple[float, int, int, float], tuple[float, int, int, float]] | None:
    best = None
    best_score = 0.0
    for i, a in enumerate(candidates):
        for b in candidates[i + 1 :]:
            if max(a[3], b[3]) > 1.5 * min(a[3], b[3]):
                continue  # not alike in size
            if min(a[0], b[0]) < 0.6 * max(a[0], b[0]):
                continue  # not alike in darkness
            r = 0.5 * (a[3] + b[3])
            dx, dy = b[1] - a[1], b[2] - a[2]
            apart = float(np.hypot(dx, dy))
            if not 3.0 * r <= apart <= 12.0 * r or abs(dy) > 0.45 * abs(dx):
                continue  # too close, too far, or not side by side
            score = min(a[0], b[0])
            if score > best_score:
                best, best_score = (a, b), score
    return best
