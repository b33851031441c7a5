"""wind: vegetation and hair sway in gusts, anchored where they are rooted.

The displacement is a sum of fields precomputed once; each frame only mixes them with a few
time-dependent weights, then remaps the region that can move.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from vivify.curves import gusts, loop_cycles
from vivify.effects.base import Effect, FrameFn, RenderContext, param, register
from vivify.effects.fields import F32, bbox, smooth_noise
from vivify.scene.masks import scale_of
from vivify.types import RGB, Mask


@register
@dataclass(frozen=True)
class Wind(Effect):
    name = "wind"
    version = "1.0.0"
    summary = "Vegetation, hair and fabric sway in gusts, more at the tips than at the roots."
    needs = ("vegetation", "hair")
    order = 20

    strength: float = param(1.0, 0.1, 3.0, "how far things sway; 1 is a fresh breeze")
    direction: float = param(1.0, -1.0, 1.0, "where the wind blows: 1 to the right, -1 to the left")

    def prepare(self, ctx: RenderContext) -> FrameFn:
        scene = ctx.scene
        free = np.maximum(scene.vegetation, scene.hair)
        box = bbox(free)
        if box is None:
            return _unchanged
        s = scale_of(ctx.height, ctx.width)
        weight = _tip_weight(scene.vegetation) + 0.7 * scene.hair
        weight = cv2.GaussianBlur(np.clip(weight, 0, 1), (0, 0), sigmaX=2.0 * max(s, 0.5))
        y0, y1, x0, x1 = box
        weight = weight[y0:y1, x0:x1]
        h, w = weight.shape
        rng = ctx.rng(self.name)
        # A slow wave travels across the foliage; leaves flutter on their own, faster.
        xs = np.linspace(0, 1, w, dtype=np.float32)[None, :] * (w / (90.0 * s)) * 2 * np.pi
        wave = xs + 1.5 * smooth_noise(rng, h, w, 60 * s)
        flutter = 2 * np.pi * smooth_noise(rng, h, w, 6 * s)
        amp = 5.0 * s * self.strength
        fields = {
            "sway_cos": amp * weight * np.cos(wave),
            "sway_sin": amp * weight * np.sin(wave),
            "flut_cos": 0.35 * amp * weight * np.cos(flutter),
            "flut_sin": 0.35 * amp * weight * np.sin(flutter),
            "lean": amp * weight,
        }
        grid_x, grid_y = np.meshgrid(
            np.arange(x0, x1, dtype=np.float32), np.arange(y0, y1, dtype=np.float32)
        )
        omega = 2 * np.pi * loop_cycles(ctx.duration, 1.7) / ctx.duration
        omega_f = 2 * np.pi * loop_cycles(ctx.duration, 0.45) / ctx.duration
        g0 = float(gusts(0.0, ctx.duration, ctx.seed))

        def displacement(t: float) -> tuple[F32, F32]:
            g = float(gusts(t, ctx.duration, ctx.seed))
            # sin(ωt+φ) = sin ωt·cos φ + cos ωt·sin φ, minus its value at t=0: frame 0 is the photo.
            sway = (
                g * np.sin(omega * t) * fields["sway_cos"]
                + (g * np.cos(omega * t) - g0) * fields["sway_sin"]
            )
            flut = (
                g * np.sin(omega_f * t) * fields["flut_cos"]
                + (g * np.cos(omega_f * t) - g0) * fields["flut_sin"]
            )
            dx = self.direction * 0.8 * (g - g0) * fields["lean"] + sway + flut
            dy = 0.25 * sway - 0.5 * flut
            return dx, dy

        def apply(frame: RGB, t: float) -> RGB:
            dx, dy = displacement(t)
            map_x = grid_x - dx
            map_y = grid_y - dy
            out = frame.copy()
            out[y0:y1, x0:x1] = cv2.remap(
                frame, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT
            )
            return out

        return apply


def _tip_weight(mask: Mask) -> Mask:
    """Within each plant, 0 at its lowest row (the root) rising to 1 at its top (the tips)."""
    binary = (mask > 0.5).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    if count <= 1:
        return np.zeros_like(mask)
    bottom = (stats[:, cv2.CC_STAT_TOP] + stats[:, cv2.CC_STAT_HEIGHT]).astype(np.float32)
    height = np.maximum(stats[:, cv2.CC_STAT_HEIGHT], 1).astype(np.float32)
    rows = np.arange(mask.shape[0], dtype=np.float32)[:, None]
    rise = np.clip((bottom[labels] - rows) / height[labels], 0.0, 1.0)
    # Even the lowest leaves move a little; only the trunk line itself is still.
    return (mask * (0.15 + 0.85 * rise**0.8) * (labels > 0)).astype(np.float32)


def _unchanged(frame: RGB, t: float) -> RGB:
    return frame
