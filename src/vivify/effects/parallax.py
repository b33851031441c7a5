"""parallax: a 2.5D camera sway: near things move more than far ones, as if the photo had depth.

The camera circles gently, starting at rest (frame 0 is the photo) and coming back to it once
per loop. Each pixel moves by the camera offset times its depth relative to a focus depth
(`ctx.scene.depth`, 0 far .. 1 near): behind the focus things move against the camera, in
front of it with it.

Backward warping, with care at depth edges: the displacement is read from a depth map dilated by
the largest shift, so a near object keeps its full shift up to its own silhouette and grows over
the background on its leading side instead of smearing; on its trailing side the strip it uncovers
(the disocclusion) takes the shift of the object too, so it is filled with the background that
lies just beyond the object, as if the background continued behind it. The shift tapers to nothing
at the layer's edges, so they are never uncovered. Each frame is one remap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from vivify.curves import loop_cycles
from vivify.effects.base import Effect, FrameFn, RenderContext, param, register
from vivify.effects.fields import F32
from vivify.types import RGB

LIFT = 0.35  # the circle's height over its width


@register
@dataclass(frozen=True)
class Parallax(Effect):
    name = "parallax"
    version = "1.0.0"
    summary = "A gentle 3D camera sway: near things move more than far ones."
    needs = ("depth",)
    order = 70  # after the motion and light effects, before the styles

    amount: float = param(
        0.025, 0.0, 0.1, "how far the nearest things move, as a share of the width"
    )
    focus: float = param(0.25, 0.0, 1.0, "the depth that stays still, 0 far .. 1 near")
    period: float = param(5.0, 1.0, 30.0, "seconds per sway, rounded to whole sways per clip")

    def prepare(self, ctx: RenderContext) -> FrameFn:
        w, h = ctx.width, ctx.height
        reach = self.amount * w  # pixels a depth-1 pixel moves at the widest sway (focus 0)
        depth = ctx.scene.depth.astype(np.float32)
        # Dilate by twice the largest shift (and blur a quarter of it, so the field has no kinks):
        # an object then keeps its full shift out past its leading edge, even where the depth map
        # softens its silhouette.
        most = reach * max(self.focus, 1.0 - self.focus)
        radius = max(1, round(2.0 * most))
        kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))
        grown = cv2.dilate(depth, kernel, borderType=cv2.BORDER_REPLICATE)
        grown = cv2.GaussianBlur(grown, (0, 0), max(0.5, most / 4.0))
        shift = reach * (grown - self.focus)
        # Pinned at the layer's edges (tapering over a few times the largest shift), so no pixel
        # ever reads from outside the layer and the layer's border stays where it is.
        most = float(np.abs(shift).max()) + 1.0
        shift_x = np.ascontiguousarray(shift * _taper(w, 3.0 * most)[None, :], np.float32)
        shift_y = np.ascontiguousarray(shift * _taper(h, 3.0 * most)[:, None], np.float32)
        grid_x, grid_y = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
        omega = 2.0 * math.pi * loop_cycles(ctx.duration, self.period) / ctx.duration

        def apply(frame: RGB, t: float) -> RGB:
            # A circle through the rest position: (sin, 1 − cos), once per sway.
            sway_x = math.sin(omega * t)
            sway_y = 0.5 * LIFT * (1.0 - math.cos(omega * t))
            if abs(sway_x) < 1e-9 and abs(sway_y) < 1e-9:
                return frame
            map_x = cv2.addWeighted(grid_x, 1.0, shift_x, -sway_x, 0.0)
            map_y = cv2.addWeighted(grid_y, 1.0, shift_y, -sway_y, 0.0)
            return cv2.remap(frame, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)

        return apply


def _taper(length: int, ramp: float) -> F32:
    """1 in the middle, easing to 0 at both ends over `ramp` pixels (at most a third of it)."""
    ramp = max(1.0, min(ramp, length / 3.0))
    pos = np.arange(length, dtype=np.float32)
    x = np.clip(np.minimum(pos, length - 1 - pos) / ramp, 0.0, 1.0)
    return (x * x * (3.0 - 2.0 * x)).astype(np.float32)
