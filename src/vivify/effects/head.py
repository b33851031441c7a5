"""head: a person's head moves a little, as it does at rest, while they smile or blink.

A still face with only its mouth or eyelids moving looks pasted on; real people tilt and nod a
little all the time. Each face (its landmarks' outline, grown a little) turns by a degree or two
about the neck and dips a little, in two slow swings, rigidly, so it stays the same face. Around
it the weight is feathered to nothing: hair and a hat stay nearly put, and below the chin it
falls to nothing over a short span of the neck, so shoulders and clothes stay where they are.
The planner adds it whenever a person smiles or blinks.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from vivify.curves import loop_cycles
from vivify.effects._faces import FaceAxes, unchanged
from vivify.effects.base import Effect, FrameFn, RenderContext, param, register
from vivify.effects.fields import F32, bbox
from vivify.types import RGB, Face

CHIN = 152  # face-mesh landmark at the bottom of the chin
FOREHEAD = 10  # face-mesh landmark at the top of the forehead
TILT_DEG = 1.6  # at amount 1
NOD_DEG = 1.0
PERIODS = (2.4, 1.7)  # seconds: the tilt, the nod


@register
@dataclass(frozen=True)
class Head(Effect):
    name = "head"
    version = "1.0.0"
    summary = "Heads tilt and nod a little, as people's do at rest; shoulders stay still."
    needs = ("faces",)
    order = 27  # after smile and blink, which work at the face's place in the photo

    amount: float = param(1.0, 0.0, 3.0, "how far heads move; 1 is a person at rest")

    def prepare(self, ctx: RenderContext) -> FrameFn:
        if self.amount <= 0.0:
            return unchanged
        shape = (ctx.height, ctx.width)
        heads = [h for face in ctx.scene.faces if (h := _head(face, shape)) is not None]
        if not heads:
            return unchanged
        weight = np.zeros(shape, np.float32)
        pivots = np.zeros((2, *shape), np.float32)  # the pivot each pixel turns about
        for w, pivot in heads:
            take = w > weight
            weight = np.where(take, w, weight)
            pivots[0][take], pivots[1][take] = pivot
        box = bbox(weight, threshold=0.01, pad=2)
        if box is None:
            return unchanged
        y0, y1, x0, x1 = box
        weight = weight[y0:y1, x0:x1]
        gx, gy = np.meshgrid(
            np.arange(x0, x1, dtype=np.float32), np.arange(y0, y1, dtype=np.float32)
        )
        rx, ry = gx - pivots[0][y0:y1, x0:x1], gy - pivots[1][y0:y1, x0:x1]
        reach = float(np.median(np.hypot(rx, ry)[weight > 0.5])) if (weight > 0.5).any() else 0.0
        omegas = [2 * np.pi * loop_cycles(ctx.duration, p) / ctx.duration for p in PERIODS]
        tilt, nod = np.radians(TILT_DEG * self.amount), np.radians(NOD_DEG * self.amount)

        def apply(frame: RGB, t: float) -> RGB:
            angle = tilt * float(np.sin(omegas[0] * t))
            dip = nod * float(np.sin(omegas[1] * t))
            if abs(angle) < 1e-6 and abs(dip) < 1e-6:
                return frame
            # Turn about the pivot, and nod: the face dips and rises a little as a whole.
            c, s = float(np.cos(angle)), float(np.sin(angle))
            dx = (c * rx - s * ry - rx) * weight
            dy = (s * rx + c * ry - ry + dip * reach) * weight
            out = frame.copy()
            out[y0:y1, x0:x1] = cv2.remap(
                frame, gx - dx, gy - dy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
            )
            return out

        return apply


def _head(face: Face, shape: tuple[int, int]) -> tuple[F32, tuple[float, float]] | None:
    """One face's head as a soft weight over the layer (1 on the face, 0 from a little below
    the chin down, and away from the face), and the point it turns about (the neck)."""
    axes = FaceAxes.of(face)
    if axes is None:
        return None
    h, w = shape
    chin, top = axes.at(CHIN), axes.at(FOREHEAD)
    length = float(np.hypot(*(chin - top)))  # forehead to chin
    pivot = chin + 0.35 * length * axes.down
    centre = 0.5 * (chin + top)
    # Nothing moves beyond a face-length and a half of the face's centre: work in that box.
    x0, y0 = (max(0, int(v - 1.5 * length)) for v in centre)
    x1, y1 = min(w, int(centre[0] + 1.5 * length) + 1), min(h, int(centre[1] + 1.5 * length) + 1)
    if x1 <= x0 or y1 <= y0:
        return None
    gx, gy = np.meshgrid(np.arange(x0, x1, dtype=np.float32), np.arange(y0, y1, dtype=np.float32))
    # Along the face's own "down": full above the chin, nothing a third of a face below it.
    below = (gx - chin[0]) * axes.down[0] + (gy - chin[1]) * axes.down[1]
    neck = np.clip(1.0 - below / (0.3 * length), 0.0, 1.0)
    # Only this person's head: within a face-length and a half of the face's centre.
    reach = np.hypot(gx - centre[0], gy - centre[1]) / (1.5 * length)
    near = np.clip(2.0 - 2.0 * reach, 0.0, 1.0)
    # The face itself, not the hair or a hat around it (those are often what must stay put).
    hull = np.zeros(gx.shape, np.uint8)
    outline = np.round(axes.points - np.array([x0, y0], np.float32)).astype(np.int32)
    cv2.fillConvexPoly(hull, cv2.convexHull(outline), 1)
    # Rigid over the whole face (so it stays the same face), feathered just outside it.
    grow = max(3, round(0.12 * length)) | 1
    hull = cv2.dilate(hull, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (grow, grow)))
    head = cv2.GaussianBlur(hull.astype(np.float32), (0, 0), max(1.0, 0.06 * length))
    head = np.maximum(head, cv2.erode(hull, np.ones((grow, grow), np.uint8)).astype(np.float32))
    weight = np.zeros(shape, np.float32)
    weight[y0:y1, x0:x1] = head * neck * neck * (3.0 - 2.0 * neck) * near
    return weight, (float(pivot[0]), float(pivot[1]))
