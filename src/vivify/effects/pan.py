"""pan: the camera drifts slowly sideways (or up or down), easing in and settling.

Frame 0 is the frame as it is. The camera first moves in a little (done by 40% of the clip) to
have room, and pans over the whole clip; both are eased with the same smoothstep, the zoom on a
shorter clock, so the pan never runs past the room the zoom has made: no border is ever revealed.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2

from vivify.effects._camera import about_centre, progress
from vivify.effects.base import Effect, FrameFn, RenderContext, Stage, param, register
from vivify.types import RGB

ZOOM_SHARE = 0.4  # the zoom that makes room is done by this share of the clip


@register
@dataclass(frozen=True)
class Pan(Effect):
    name = "pan"
    version = "1.0.0"
    stage = Stage.CAMERA
    loops = False
    summary = "The camera drifts slowly sideways across the frame."

    amount: float = param(
        0.15, 0.02, 0.5, "zoom that makes room: 0.15 pans across 7.5% of the frame"
    )
    direction: float = param(1.0, -1.0, 1.0, "sideways: 1 pans right, -1 left, 0 not sideways")
    vertical: float = param(0.0, -1.0, 1.0, "up or down: 1 pans down, -1 up, 0 level")

    def prepare(self, ctx: RenderContext) -> FrameFn:
        w, h = ctx.width, ctx.height
        cx, cy = (w - 1) / 2.0, (h - 1) / 2.0

        def apply(frame: RGB, t: float) -> RGB:
            room = self.amount * progress(ctx, t, ZOOM_SHARE)
            if room == 0.0:
                return frame
            travel = self.amount * progress(ctx, t)  # never more than `room`
            # The camera moves right: the picture moves left.
            dx = -self.direction * travel * cx
            dy = -self.vertical * travel * cy
            m = about_centre(1.0 + room, cx, cy, dx, dy)
            return cv2.warpAffine(
                frame, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT
            )

        return apply
