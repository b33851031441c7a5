"""Helpers the face effects share: a face's own axes, landmark groups, smooth local warps.

Faces come from MediaPipe's face mesh: 478 landmarks in pixel coordinates of the layer. The
warps here are built once per clip as displacement fields over a small box around the part that
moves; each frame only scales them (or rebuilds a few rows) and remaps that box.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from vivify.effects.fields import F32
from vivify.scene.person import FACE_OVAL
from vivify.types import RGB, Face

# Eye contours (MediaPipe face mesh), from the outer corner to the inner one. "Left" is the
# eye on the left of the image (the subject's right eye).
LEFT_UPPER_LID = (33, 246, 161, 160, 159, 158, 157, 173, 133)
LEFT_LOWER_LID = (33, 7, 163, 144, 145, 153, 154, 155, 133)
RIGHT_UPPER_LID = (263, 466, 388, 387, 386, 385, 384, 398, 362)
RIGHT_LOWER_LID = (263, 249, 390, 373, 374, 380, 381, 382, 362)
LEFT_BROW = (70, 63, 105, 66, 107, 55, 65, 52, 53, 46)
RIGHT_BROW = (300, 293, 334, 296, 336, 285, 295, 282, 283, 276)
LIPS_OUTER = (61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291,
              409, 270, 269, 267, 0, 37, 39, 40, 185)  # fmt: skip
LIPS_INNER = (78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308,
              415, 310, 311, 312, 13, 82, 81, 80, 191)  # fmt: skip
MOUTH_CORNERS = (61, 291)
# Cheek skin beside the mouth and below the eyes, which a smile lifts a little.
CHEEKS = (205, 425, 207, 427, 216, 436, 212, 432, 186, 410, 57, 287)
# Points that never move: the nose and the chin. (The face oval is added by `FaceAxes`.)
STILL = (1, 2, 4, 5, 6, 19, 94, 98, 327, 168, 195, 197, 152, 175, 199, 200, 18)

Box = tuple[int, int, int, int]  # y0, y1, x0, x1

MIN_EYE_DISTANCE = 12.0  # pixels: smaller faces are left alone (nothing visible to animate)


@dataclass(frozen=True)
class FaceAxes:
    """A face's own frame: `across` points from the left eye to the right one, `down` from the
    brows to the chin, `size` is the distance between the eye centres in pixels."""

    points: NDArray[np.float32]
    across: NDArray[np.float64]
    down: NDArray[np.float64]
    size: float

    @classmethod
    def of(cls, face: Face) -> FaceAxes | None:
        pts = np.asarray(face.landmarks, np.float32)
        if pts.ndim != 2 or pts.shape[0] < 468 or not np.isfinite(pts).all():
            return None
        left = pts[list(LEFT_UPPER_LID + LEFT_LOWER_LID)].mean(axis=0).astype(np.float64)
        right = pts[list(RIGHT_UPPER_LID + RIGHT_LOWER_LID)].mean(axis=0).astype(np.float64)
        span = right - left
        size = float(np.hypot(span[0], span[1]))
        if size < MIN_EYE_DISTANCE:
            return None
        across = span / size
        down = np.array([-across[1], across[0]])
        return cls(points=pts, across=across, down=down, size=size)

    def at(self, index: int) -> NDArray[np.float64]:
        return self.points[index].astype(np.float64)

    def anchors(self) -> list[int]:
        return list(FACE_OVAL) + list(STILL)


def region_mask(points: NDArray[np.float32], groups: list[list[int]], grow: float, box: Box) -> F32:
    """A soft mask (over `box`) of the convex hulls of landmark groups, grown by `grow` pixels
    and feathered so it falls smoothly from 1 to 0 over about `grow` pixels more."""
    y0, y1, x0, x1 = box
    hard = np.zeros((y1 - y0, x1 - x0), np.uint8)
    offset = np.array([x0, y0], np.float32)
    for group in groups:
        hull = cv2.convexHull(np.round(points[group] - offset).astype(np.int32))
        cv2.fillConvexPoly(hard, hull, 1)
    if grow > 0:
        dist = cv2.distanceTransform(1 - hard, cv2.DIST_L2, 5)
        x = np.clip(1.0 - (dist - grow) / max(grow, 1.0), 0.0, 1.0)
        return (x * x * (3.0 - 2.0 * x)).astype(np.float32)
    return hard.astype(np.float32)


def box_around(points: NDArray[np.float32], margin: float, height: int, width: int) -> Box | None:
    """The (y0, y1, x0, x1) box around points plus a margin, clipped to the layer."""
    lo = np.floor(points.min(axis=0) - margin)
    hi = np.ceil(points.max(axis=0) + margin) + 1
    x0, y0 = max(0, int(lo[0])), max(0, int(lo[1]))
    x1, y1 = min(width, int(hi[0])), min(height, int(hi[1]))
    if x1 - x0 < 2 or y1 - y0 < 2:
        return None
    return (y0, y1, x0, x1)


def kernel_field(
    sources: NDArray[np.float64],
    moves: NDArray[np.float64],
    sigma: float,
    box: Box,
    step: int = 1,
) -> tuple[F32, F32]:
    """A smooth displacement field over `box` that carries each source point by its move.

    Normalised Gaussian weights (a partition of unity where points are dense, fading to zero
    away from them): near a point the field equals that point's move; points that must stay
    put are passed with a zero move. Evaluated every `step` pixels and resized up, since the
    field is smooth.
    """
    y0, y1, x0, x1 = box
    h, w = y1 - y0, x1 - x0
    hs, ws = max(2, -(-h // step)), max(2, -(-w // step))
    ys = y0 + (np.arange(hs) + 0.5) * (h / hs) - 0.5
    xs = x0 + (np.arange(ws) + 0.5) * (w / ws) - 0.5
    gx, gy = np.meshgrid(xs, ys)
    grid = np.stack([gx.ravel(), gy.ravel()], axis=1)  # (N, 2)
    num = np.zeros((grid.shape[0], 2))
    den = np.zeros(grid.shape[0])
    inv = 1.0 / (2.0 * sigma * sigma)
    for chunk in range(0, sources.shape[0], 64):
        src = sources[chunk : chunk + 64]
        d2 = ((grid[:, None, :] - src[None, :, :]) ** 2).sum(axis=2)
        g = np.exp(-d2 * inv)
        num += g @ moves[chunk : chunk + 64]
        den += g.sum(axis=1)
    field = num / np.maximum(den, 1.0)[:, None]
    dx = field[:, 0].reshape(hs, ws).astype(np.float32)
    dy = field[:, 1].reshape(hs, ws).astype(np.float32)
    if (hs, ws) != (h, w):
        dx = cv2.resize(dx, (w, h), interpolation=cv2.INTER_LINEAR)
        dy = cv2.resize(dy, (w, h), interpolation=cv2.INTER_LINEAR)
    return dx, dy


def trim(dx: F32, dy: F32, box: Box, below: float = 0.02) -> tuple[F32, F32, Box] | None:
    """Shrink a field and its box to where it moves pixels by more than `below`."""
    moving = np.hypot(dx, dy) > below
    if not moving.any():
        return None
    rows, cols = np.nonzero(moving.any(axis=1))[0], np.nonzero(moving.any(axis=0))[0]
    r0, r1, c0, c1 = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
    y0, _, x0, _ = box
    sub = (slice(r0, r1), slice(c0, c1))
    return (
        np.ascontiguousarray(dx[sub]),
        np.ascontiguousarray(dy[sub]),
        (y0 + r0, y0 + r1, x0 + c0, x0 + c1),
    )


@dataclass(frozen=True)
class Warp:
    """A displacement field over a box: each frame moves pixels by `amount` times it."""

    box: Box
    dx: F32  # forward displacement, pixels
    dy: F32
    grid_x: F32
    grid_y: F32

    @classmethod
    def over(cls, dx: F32, dy: F32, box: Box) -> Warp:
        y0, y1, x0, x1 = box
        grid_x, grid_y = np.meshgrid(
            np.arange(x0, x1, dtype=np.float32), np.arange(y0, y1, dtype=np.float32)
        )
        return cls(box=box, dx=dx, dy=dy, grid_x=grid_x, grid_y=grid_y)

    def apply(self, src: RGB, out: RGB, amount: float) -> None:
        """Write into `out` the box of `src` with its pixels moved by amount × the field (the
        inverse map is approximated by sampling against the move, fine for a few pixels)."""
        y0, y1, x0, x1 = self.box
        map_x = self.grid_x - amount * self.dx
        map_y = self.grid_y - amount * self.dy
        out[y0:y1, x0:x1] = cv2.remap(
            src, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
        )


def unchanged(frame: RGB, t: float) -> RGB:
    return frame
