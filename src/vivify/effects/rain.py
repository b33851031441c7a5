"""rain: motion-blurred rain streaks in depth, falling at a slant, splashing where they land.

Near drops are longer, brighter, thicker and faster than far ones. A drop lands where the ground
below the horizon is as near as the drop (far drops land near the horizon, near ones at your feet
or not at all) and splashes there: a small crown with two droplets on solid ground, a widening
ring on water. Drops behind a person are hidden by the person mask; only the nearest layer falls
in front of people.
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

_FAR, _FRONT = 0.4, 0.85  # depth layers: far < 0.4 ≤ middle < 0.85 ≤ front (in front of people)
_EXPOSURE = 1.0 / 40.0  # seconds of fall a streak shows (motion blur)
_SPLASH = 0.16  # seconds a splash lasts; a ripple on water lasts twice as long
_COLOUR = (232, 238, 248)  # lit water, slightly cool


@dataclass(frozen=True)
class Swarm:
    """The particles of a clip, for drawing and for tests."""

    lanes: pt.Lanes
    z: F32  # depth, 0 far .. 1 near
    size: F32  # streak length in layer pixels
    hits: F32  # (N, J) distance along the lane where the drop lands (+inf: never)


@register
@dataclass(frozen=True)
class Rain(Effect):
    name = "rain"
    version = "1.0.0"
    summary = "Rain streaks fall in depth at a slight slant and splash where they land."
    order = 60
    overlay = True

    amount: float = param(1.0, 0.1, 3.0, "how hard it rains; 1 is a steady shower")
    speed: float = param(1.0, 0.3, 2.0, "fall speed; 1 is real rain seen from a few metres")
    angle: float = param(12.0, -30.0, 30.0, "slant in degrees: positive falls to the right")
    splashes: float = param(1.0, 0.0, 2.0, "how visible the splashes are (0: none)")

    def swarm(self, ctx: RenderContext) -> Swarm:
        rng = ctx.rng(self.name)
        s = scale_of(ctx.height, ctx.width)
        n = pt.count(1600, self.amount, ctx.width, ctx.height)
        z = (rng.random(n) ** 1.8).astype(np.float32)
        jitter = rng.uniform(0.85, 1.15, n).astype(np.float32)
        speed = (self.speed * (900.0 + 2300.0 * z) * s * jitter).astype(np.float32)
        angle = np.radians(self.angle + rng.uniform(-1.5, 1.5, n)).astype(np.float32)
        size = (speed * _EXPOSURE * rng.uniform(0.8, 1.2, n)).astype(np.float32)
        lanes = pt.make_lanes(
            rng, ctx.width, ctx.height, ctx.duration, speed, angle, (size + 4.0 * s + 2.0)
        )
        # The streak shows the fall of the rounded speed, not the asked one.
        size = (lanes.speed() * _EXPOSURE * size / np.maximum(speed * _EXPOSURE, 1e-6)).astype(
            np.float32
        )
        return Swarm(lanes, z, size, pt.ground_hits(ctx.scene, lanes, z))

    def prepare(self, ctx: RenderContext) -> FrameFn:
        swarm = self.swarm(ctx)
        lanes, z, size = swarm.lanes, swarm.z, swarm.size
        s = scale_of(ctx.height, ctx.width)
        raster = pt.Raster(
            ctx.scene,
            ctx.width,
            ctx.height,
            0.5,
            [(True, 0.5 * _FAR), (True, 0.5 * (_FAR + _FRONT)), (False, None), (True, None)],
        )
        layer = np.where(z < _FAR, 0, np.where(z < _FRONT, 1, 2))
        level = (0.18 + 0.4 * z**1.5).astype(np.float32)
        thick = np.where(z * s > 0.85, 2, 1).astype(np.int64)
        # Splashes: where each drop lands, in the layer's pixels; size grows with nearness.
        n = lanes.size
        idx = np.arange(n)
        hits = swarm.hits
        finite = np.isfinite(hits)
        hit_s = np.where(finite, hits, 0.0)
        hit_x = lanes.start_x + hit_s * lanes.dir_x[:, None]
        hit_y = lanes.start_y + hit_s * lanes.dir_y[:, None]
        hy = np.clip(hit_y.astype(np.int64), 0, ctx.height - 1)
        hx = np.clip(hit_x.astype(np.int64), 0, ctx.width - 1)
        on_water = ctx.scene.water[hy, hx] > 0.5
        cycle_s = (ctx.duration / lanes.rate).astype(np.float32)
        splash_r = ((2.0 + 7.0 * z) * s * raster.sx).astype(np.float32)
        strength = self.splashes

        def apply(frame: RGB, t: float) -> RGB:
            pos = lanes.at(t)
            hit = pt.hits_now(hits, lanes, pos)
            head = np.minimum(pos.s, hit)
            tail = pos.s - size
            seen = tail < hit
            hx0 = pos.x - (pos.s - head) * lanes.dir_x
            hy0 = pos.y - (pos.s - head) * lanes.dir_y
            tx, ty = pos.x - size * lanes.dir_x, pos.y - size * lanes.dir_y
            mx = pos.x - 0.45 * size * lanes.dir_x
            my = pos.y - 0.45 * size * lanes.dir_y
            # Past the landing point the bright head is clipped away with the rest.
            mid_seen = seen & (pos.s - 0.45 * size < hit)
            canvases = []
            for k in range(3):
                canvas = raster.blank()
                sel = seen & (layer == k)
                if sel.any():
                    pt.draw_segments(
                        canvas,
                        tx[sel] * raster.sx,
                        ty[sel] * raster.sy,
                        hx0[sel] * raster.sx,
                        hy0[sel] * raster.sy,
                        thick[sel],
                        level[sel],
                    )
                sel = mid_seen & (layer == k)
                if sel.any():
                    pt.draw_segments(
                        canvas,
                        mx[sel] * raster.sx,
                        my[sel] * raster.sy,
                        hx0[sel] * raster.sx,
                        hy0[sel] * raster.sy,
                        thick[sel],
                        np.minimum(1.0, 1.5 * level[sel]),
                    )
                if k == 2:  # the nearest drops are out of focus
                    canvas = cv2.GaussianBlur(canvas, (0, 0), 0.8)
                canvases.append(raster.masked(canvas, k))
            if strength > 0.0:
                splash = raster.blank()
                col = np.where(lanes.fades, np.minimum(pos.life, hits.shape[1] - 1), 0)
                ok = finite[idx, col]
                hit_u = np.where(ok, hit / np.maximum(lanes.length, 1e-6), 0.0)
                age = ((pos.u - hit_u) % 1.0) * cycle_s
                water = on_water[idx, col]
                span = np.where(water, 2.0 * _SPLASH, _SPLASH)
                active = ok & (age < span)
                if active.any():
                    _splash(
                        splash,
                        hit_x[idx, col][active] * raster.sx,
                        hit_y[idx, col][active] * raster.sy,
                        (age / span)[active],
                        splash_r[active],
                        water[active],
                        np.minimum(1.0, strength * 2.0 * level[active]),
                    )
                canvases.append(raster.masked(splash, 3))
            alpha = canvases[0]
            for c in canvases[1:]:
                alpha = cv2.add(alpha, c)
            return pt.over(frame, raster.full(alpha), _COLOUR)

        return apply


def _splash(
    canvas: pt.U8, x: F32, y: F32, age: F32, radius: F32, water: pt.Bool, level: F32
) -> None:
    """Crowns with two droplets on solid ground, widening flat rings on water (canvas pixels)."""
    fade = (1.0 - age) ** 1.3 * level
    big = radius >= 1.5
    one = np.ones(x.shape[0], np.int64)
    # Small, far splashes are a brief dot; the droplets of the bigger ones fly up and fall back.
    small = ~big & ~water
    if small.any():
        pt.draw_segments(canvas, x[small], y[small], x[small], y[small], one[small], fade[small])
    drops = big & ~water
    if drops.any():
        spread = radius[drops] * (0.4 + 1.2 * age[drops])
        lift = radius[drops] * 4.0 * age[drops] * (1.0 - age[drops]) * 1.6
        for side in (-1.0, 1.0):
            dx = x[drops] + side * spread
            dy = y[drops] - lift
            pt.draw_segments(canvas, dx, dy, dx, dy, one[drops], 0.9 * fade[drops])
    ring = big | water
    for i in np.flatnonzero(ring).tolist():
        a = float(age[i])
        r = float(radius[i])
        value = float(255.0 * fade[i])
        if value < 8.0:
            continue
        centre = (round(float(x[i]) * 16), round(float(y[i]) * 16))
        if water[i]:  # a ripple: a flat ring that widens
            axes = (round(16 * r * (0.5 + 2.0 * a)), round(16 * r * 0.28 * (0.5 + 2.0 * a)))
            cv2.ellipse(canvas, centre, axes, 0.0, 0.0, 360.0, value, 1, cv2.LINE_AA, pt.SHIFT)
        else:  # a crown: the upper half of a small ring
            axes = (round(16 * r * (0.5 + 0.7 * a)), round(16 * r * 0.55 * (0.5 + 0.7 * a)))
            cv2.ellipse(canvas, centre, axes, 0.0, 180.0, 360.0, value, 1, cv2.LINE_AA, pt.SHIFT)
