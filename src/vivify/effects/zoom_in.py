"""zoom_in: a slow push into the frame's centre that eases in and settles."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from vivify.curves import ease_in_out
from vivify.effects.base import Effect, FrameFn, RenderContext, Stage, param, register
from vivify.types import RGB


@register
@dataclass(frozen=True)
class ZoomIn(Effect):
    name = "zoom_in"
    version = "1.0.0"
    stage = Stage.CAMERA
    loops = False
    summary = "The camera pushes slowly into the centre of the frame."

    amount: float = param(0.12, 0.0, 1.0, "how far to zoom: 0.12 ends 12% closer")
    center_x: float = param(0.5, 0.0, 1.0, "horizontal point to zoom into, 0 left .. 1 right")
    center_y: float = param(0.5, 0.0, 1.0, "vertical point to zoom into, 0 top .. 1 bottom")

    def prepare(self, ctx: RenderContext) -> FrameFn:
        cx, cy = self.center_x * (ctx.width - 1), self.center_y * (ctx.height - 1)
        last = max(ctx.duration - 1.0 / ctx.fps, 1e-6)

        def apply(frame: RGB, t: float) -> RGB:
            scale = 1.0 + self.amount * ease_in_out(t / last)
            if scale == 1.0:
                return frame
            m = np.array([[scale, 0.0, (1 - scale) * cx], [0.0, scale, (1 - scale) * cy]])
            return cv2.warpAffine(
                frame,
                m,
                (ctx.width, ctx.height),
                flags=cv2.INTER_LINEAR,
                borderMode=cv2.BORDER_REFLECT,
            )

        return apply
