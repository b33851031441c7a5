"""zoom_out: the camera pulls back from the full frame, easing in and settling.

Frame 0 is the frame as it is; the picture then shrinks about a point to `1 − amount` of its size.
What the camera uncovers around it is the frame's edge stretched outwards, blurred more the
further it lies from it and fading into a blurred copy of the picture (prepared once from the
first frame), so the border reads as a soft extension of the picture, never as black bars and
never as a mirror image of what touches the edge.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2

from vivify.effects._camera import about_centre, extend, progress
from vivify.effects.base import Effect, FrameFn, RenderContext, Stage, param, register
from vivify.types import RGB


@register
@dataclass(frozen=True)
class ZoomOut(Effect):
    name = "zoom_out"
    version = "1.1.0"
    stage = Stage.CAMERA
    loops = False
    summary = "The camera pulls slowly back from the frame."

    amount: float = param(
        0.12, 0.0, 0.5, "how far to pull back: 0.12 ends with the picture 12% smaller"
    )
    center_x: float = param(0.5, 0.0, 1.0, "horizontal point to pull back from, 0 left .. 1 right")
    center_y: float = param(0.5, 0.0, 1.0, "vertical point to pull back from, 0 top .. 1 bottom")

    def prepare(self, ctx: RenderContext) -> FrameFn:
        w, h = ctx.width, ctx.height
        cx, cy = self.center_x * (w - 1), self.center_y * (h - 1)
        smallest = 1.0 - self.amount
        # How far past each edge the smallest picture lets the camera see.
        mx = math.ceil(max(cx, w - 1 - cx) * (1.0 / smallest - 1.0)) + 2
        my = math.ceil(max(cy, h - 1 - cy) * (1.0 / smallest - 1.0)) + 2
        canvas = extend(ctx.photo, mx, my)

        def apply(frame: RGB, t: float) -> RGB:
            scale = 1.0 - self.amount * progress(ctx, t)
            if scale == 1.0:
                return frame
            padded = canvas.copy()
            padded[my : my + h, mx : mx + w] = frame
            # Scale about the point, whose padded position is (cx + mx, cy + my).
            m = about_centre(scale, cx + mx, cy + my, -mx, -my)
            return cv2.warpAffine(
                padded, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT
            )

        return apply
