"""snow: soft round flakes fall in depth, drifting sideways and swaying as they go.

Near flakes are bigger, brighter, faster and out of focus; far ones are small specks that sway
less. Flakes too slow to cross the frame in one clip live a few seconds each, fading in and out.
A flake melts away where it reaches ground as near as itself; flakes behind a person are hidden
by the person mask, and only the nearest layer falls in front of people.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from vivify.effects import _particles as pt
from vivify.effects.base import Effect, FrameFn, RenderContext, param, register
from vivify.effects.fields import F32
from vivify.scene.masks import scale_of
from vivify.types import RGB

_FAR, _FRONT = 0.45, 0.85  # depth layers: far < 0.45 ≤ middle < 0.85 ≤ front (before people)
_COLOUR = (248, 250, 255)
_MELT = 0.3  # seconds a landing flake takes to vanish


@dataclass(frozen=True)
class Swarm:
    """The flakes of a clip, for drawing and for tests."""

    lanes: pt.Lanes
    z: F32  # depth, 0 far .. 1 near
    size: F32  # radius in layer pixels
    sway: F32  # sideways sway amplitude in layer pixels
    sway_cycles: pt.I64  # sways per cycle (whole, so the sway loops)
    sway_phase: F32
    hits: F32  # (N, J) distance along the lane where the flake lands (+inf: never)


@register
@dataclass(frozen=True)
class Snow(Effect):
    name = "snow"
    version = "1.0.0"
    summary = "Soft snowflakes fall in depth, drifting and swaying sideways."
    order = 61
    overlay = True

    amount: float = param(1.0, 0.1, 3.0, "how thick the snowfall is; 1 is steady snow")
    speed: float = param(1.0, 0.3, 3.0, "fall speed; 1 is gentle snow in still air")
    drift: float = param(0.3, -1.0, 1.0, "sideways drift: positive to the right, 1 is a stiff wind")
    size: float = param(1.0, 0.5, 2.0, "flake size")

    def swarm(self, ctx: RenderContext) -> Swarm:
        rng = ctx.rng(self.name)
        s = scale_of(ctx.height, ctx.width)
        n = pt.count(900, self.amount, ctx.width, ctx.height)
        z = (rng.random(n) ** 1.4).astype(np.float32)
        radius = (0.9 + 4.6 * z**1.5) * s * self.size * rng.uniform(0.7, 1.3, n)
        radius = np.maximum(radius, 0.6).astype(np.float32)  # even on a tiny photo, a speck
        speed = (self.speed * (45.0 + 190.0 * z) * s * rng.uniform(0.8, 1.2, n)).astype(np.float32)
        angle = (np.arctan(0.6 * self.drift) + np.radians(rng.uniform(-6.0, 6.0, n))).astype(
            np.float32
        )
        lanes = pt.make_lanes(
            rng, ctx.width, ctx.height, ctx.duration, speed, angle, 3.0 * radius + 30.0 * s
        )
        sway = ((3.0 + 20.0 * z) * s * rng.uniform(0.5, 1.5, n)).astype(np.float32)
        period = rng.uniform(1.5, 3.5, n)  # seconds per sway
        sway_cycles = pt.whole_cycles(ctx.duration / lanes.rate / period, 1.0)
        phase = rng.random(n).astype(np.float32)
        hits = pt.ground_hits(ctx.scene, lanes, z)
        return Swarm(lanes, z, radius, sway, sway_cycles, phase, hits)

    def prepare(self, ctx: RenderContext) -> FrameFn:
        swarm = self.swarm(ctx)
        lanes, z = swarm.lanes, swarm.z
        raster = pt.Raster(
            ctx.scene,
            ctx.width,
            ctx.height,
            0.5,
            [(True, 0.5 * _FAR), (True, 0.5 * (_FAR + _FRONT)), (False, None)],
        )
        layer = np.where(z < _FAR, 0, np.where(z < _FRONT, 1, 2))
        diameter = 2.0 * swarm.size * raster.sx
        thick = np.maximum(1, np.round(diameter)).astype(np.int64)
        # Specks smaller than a pixel are dimmer instead of smaller.
        level = ((0.5 + 0.45 * z) * np.minimum(1.0, diameter)).astype(np.float32)
        melt = (lanes.speed() * _MELT).astype(np.float32)
        blur = (0.5, 0.6, 1.6)  # the nearest flakes are out of focus
        trail = (lanes.speed() / 60.0).astype(np.float32)  # motion blur of 1/60 s

        def apply(frame: RGB, t: float) -> RGB:
            pos = lanes.at(t)
            hit = pt.hits_now(swarm.hits, lanes, pos)
            landed = np.clip((hit - pos.s) / melt, 0.0, 1.0)
            shown = (level * pos.envelope * landed).astype(np.float32)
            x = pos.x + swarm.sway * pt.wave(pos.u, swarm.sway_cycles, swarm.sway_phase)
            y = pos.y
            x0 = (x - trail * lanes.dir_x) * raster.sx
            y0 = (y - trail * lanes.dir_y) * raster.sy
            x1, y1 = x * raster.sx, y * raster.sy
            alpha = None
            for k in range(3):
                canvas = raster.blank()
                sel = (layer == k) & (shown > 0.0)
                if sel.any():
                    pt.draw_segments(
                        canvas, x0[sel], y0[sel], x1[sel], y1[sel], thick[sel], shown[sel]
                    )
                canvas = cv2.GaussianBlur(canvas, (0, 0), blur[k])
                canvas = raster.masked(canvas, k)
                alpha = canvas if alpha is None else cv2.add(alpha, canvas)
            assert alpha is not None
            return pt.over(frame, raster.full(alpha), _COLOUR)

        return apply
