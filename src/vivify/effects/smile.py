"""smile: every face smiles gently and relaxes again.

Landmark moves (mouth corners up and out, the lips with them, cheeks a little up, lower eyelids
a touch up) become one smooth displacement field per face, built once and confined to the mouth
and eyes; each frame scales it by the smile curve and remaps the small box it covers. The rest
of the face does not move, so the person stays who they are.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from vivify.curves import ease_in_out, loop_cycles
from vivify.effects._faces import (
    CHEEKS,
    LEFT_LOWER_LID,
    LEFT_UPPER_LID,
    LIPS_INNER,
    LIPS_OUTER,
    RIGHT_LOWER_LID,
    RIGHT_UPPER_LID,
    FaceAxes,
    Warp,
    box_around,
    kernel_field,
    region_mask,
    trim,
    unchanged,
)
from vivify.effects.base import Effect, FrameFn, RenderContext, param, register
from vivify.types import RGB, Face

# Landmark moves at a full smile, in eye-distances (the face's own unit of length).
# A smile that reads on a phone: narrower moves were lost in a clip's first seconds.
CORNER_UP = 0.15
CORNER_OUT = 0.09
CHEEK_UP = 0.05
# Cheek points right beside the mouth corners follow the corners part of the way.
_NEAR_CORNER = {57: 61, 186: 61, 212: 61, 287: 291, 410: 291, 432: 291}


@register
@dataclass(frozen=True)
class Smile(Effect):
    name = "smile"
    version = "1.1.0"
    summary = "Faces smile gently and relax: mouth corners lift, cheeks rise, eyes narrow a touch."
    needs = ("faces",)
    order = 25

    amount: float = param(1.0, 0.0, 2.0, "how broad the smile is; 1 is a gentle smile")
    squint: float = param(0.5, 0.0, 1.0, "how much the eyes narrow at the peak of the smile")
    smiles: float = param(0.0, 0.0, 4.0, "smiles per clip; 0 picks one every ~5 s")

    def prepare(self, ctx: RenderContext) -> FrameFn:
        if self.amount <= 0.0:
            return unchanged
        warps = [w for face in ctx.scene.faces if (w := self._warp(face, ctx)) is not None]
        if not warps:
            return unchanged
        cycles = round(self.smiles) or loop_cycles(ctx.duration, 5.0)
        omega = 2.0 * np.pi * cycles / ctx.duration

        def apply(frame: RGB, t: float) -> RGB:
            # One smile per cycle: relaxed at t = 0, broadest mid-cycle, eased at both ends.
            a = ease_in_out(0.5 - 0.5 * float(np.cos(omega * t)))
            if a < 1e-4:
                return frame
            out = frame.copy()
            for warp in warps:
                warp.apply(out, out, a)
            return out

        return apply

    def _warp(self, face: Face, ctx: RenderContext) -> Warp | None:
        axes = FaceAxes.of(face)
        if axes is None:
            return None
        size, across, down = axes.size, axes.across, axes.down
        left, right = axes.at(61), axes.at(291)
        centre = 0.5 * (left + right)
        half = max(0.5 * float(np.hypot(*(right - left))), 1.0)
        moves: dict[int, NDArray[np.float64]] = {}
        corner = {}
        for side, index in ((-1.0, 61), (1.0, 291)):
            corner[index] = self.amount * size * (side * CORNER_OUT * across - CORNER_UP * down)
        for index in LIPS_OUTER + LIPS_INNER:
            u = float(np.dot(axes.at(index) - centre, across)) / half
            w = min(abs(u), 1.0) ** 2  # the corners move, the middle of the lips stays
            moves[index] = w * corner[61 if u < 0 else 291]
        for index in CHEEKS:
            if index in _NEAR_CORNER:
                moves[index] = 0.5 * corner[_NEAR_CORNER[index]]
            else:
                moves[index] = -self.amount * size * CHEEK_UP * down
        eyes = []
        if self.squint > 0.0:
            for upper, lower in (
                (LEFT_UPPER_LID, LEFT_LOWER_LID),
                (RIGHT_UPPER_LID, RIGHT_LOWER_LID),
            ):
                opening = float(np.dot(axes.at(lower[4]) - axes.at(upper[4]), down))
                lift = self.squint * min(self.amount, 1.5) * max(opening, 0.0)
                n = len(lower) - 1
                for k in range(n + 1):
                    bump = float(np.sin(np.pi * k / n))  # most in the middle, none at the corners
                    moves[lower[k]] = -0.3 * lift * bump * down
                    moves[upper[k]] = 0.1 * lift * bump * down
                eyes += [list(upper + lower)]
        anchors = [i for i in axes.anchors() if i not in moves]
        indices = list(moves) + anchors
        sources = axes.points[indices].astype(np.float64)
        shifts = np.array([moves[i] for i in moves] + [np.zeros(2)] * len(anchors))
        sigma = 0.07 * size
        mouth = list(LIPS_OUTER)
        moving = axes.points[mouth + [i for g in eyes for i in g]]
        box = box_around(moving, 4 * sigma, ctx.height, ctx.width)
        if box is None:
            return None
        step = max(1, round(size / 40.0))
        dx, dy = kernel_field(sources, shifts, sigma, box, step)
        # Confine the motion to the mouth (with the skin just beside it) and the eyes.
        keep = region_mask(axes.points, [mouth, *eyes], 0.12 * size, box)
        trimmed = trim(dx * keep, dy * keep, box)
        if trimmed is None:
            return None
        return Warp.over(*trimmed)
