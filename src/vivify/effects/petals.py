"""petals: blossom petals (or autumn leaves) fall in depth, tumbling and fluttering.

Each petal spins in the picture plane and flips in depth (it narrows to a sliver and catches the
light as it turns), while it sways from side to side on its way down. Near petals are bigger and
faster. Petals behind a person are hidden by the person mask; only the nearest layer falls in
front of people. A petal fades where it reaches ground as near as itself.
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
_SCALE = 0.5  # render scale: petals are few, and their shape shows
_LAND = 0.4  # seconds a landing petal takes to fade
_PETALS = np.array(
    [(255, 183, 197), (248, 200, 214), (255, 222, 230), (236, 150, 178), (252, 236, 241)],
    np.float32,
)
_BASE_TINT = np.array([0.93, 0.8, 0.86], np.float32)
_LEAVES = np.array([(214, 120, 40), (186, 72, 38), (228, 168, 58), (150, 146, 52)], np.float32)


def _outline(leaf: bool) -> F32:
    """A unit shape along x (base at −0.5, tip at +0.5): a notched cherry petal or a leaf."""
    t = np.array([0.0, 0.1, 0.25, 0.45, 0.65, 0.8, 0.92, 1.0], np.float32)
    if leaf:
        w = 0.42 * np.sin(np.pi * np.clip(t, 0.02, 0.98)) ** 0.9
        tip = np.array([[0.5, 0.0]], np.float32)
    else:
        w = np.array([0.04, 0.2, 0.34, 0.44, 0.48, 0.44, 0.32, 0.16], np.float32)
        tip = np.array([[0.4, 0.0]], np.float32)  # the notch
    upper = np.stack([t - 0.5, w], axis=1)
    lower = np.stack([t - 0.5, -w], axis=1)[::-1]
    return np.concatenate([upper, tip, lower]).astype(np.float32)


@dataclass(frozen=True)
class Swarm:
    """The petals of a clip, for drawing and for tests."""

    lanes: pt.Lanes
    z: F32  # depth, 0 far .. 1 near
    size: F32  # length in layer pixels
    colour: F32  # (N, 3)
    leaf: pt.Bool
    sway: F32  # sideways sway amplitude in layer pixels
    sway_cycles: pt.I64  # per cycle, whole so that it loops
    spin: pt.I64  # turns in the picture plane per cycle (signed)
    flip: pt.I64  # flips in depth per cycle
    phases: F32  # (N, 3): sway, spin and flip phases
    hits: F32  # (N, J) distance along the lane where the petal lands (+inf: never)


@register
@dataclass(frozen=True)
class Petals(Effect):
    name = "petals"
    version = "1.0.0"
    summary = "Blossom petals or leaves fall in depth, tumbling and fluttering."
    order = 62
    overlay = True

    amount: float = param(1.0, 0.1, 3.0, "how many petals fall; 1 is a light breeze in spring")
    speed: float = param(1.0, 0.3, 3.0, "fall speed; 1 is a gentle drift")
    drift: float = param(0.4, -1.0, 1.0, "sideways drift: positive to the right")
    size: float = param(1.0, 0.5, 2.0, "petal size")
    leaves: float = param(0.0, 0.0, 1.0, "share of autumn leaves instead of petals")

    def swarm(self, ctx: RenderContext) -> Swarm:
        rng = ctx.rng(self.name)
        s = scale_of(ctx.height, ctx.width)
        n = pt.count(240, self.amount, ctx.width, ctx.height)
        z = (rng.random(n) ** 1.3).astype(np.float32)
        leaf = rng.random(n) < self.leaves
        size = (7.0 + 30.0 * z**1.4) * s * self.size * rng.uniform(0.75, 1.25, n)
        size = np.where(leaf, 1.3 * size, size).astype(np.float32)
        speed = (self.speed * (35.0 + 150.0 * z) * s * rng.uniform(0.7, 1.3, n)).astype(np.float32)
        angle = np.arctan(0.8 * self.drift) + np.radians(rng.uniform(-10.0, 10.0, n))
        lanes = pt.make_lanes(
            rng,
            ctx.width,
            ctx.height,
            ctx.duration,
            speed,
            angle.astype(np.float32),
            size + 40.0 * s,
            life=4.0,
        )
        cycle = ctx.duration / lanes.rate  # seconds per cycle
        sway = ((6.0 + 35.0 * z) * s * rng.uniform(0.5, 1.5, n)).astype(np.float32)
        sway_cycles = pt.whole_cycles(cycle / rng.uniform(1.2, 2.8, n), 1.0)
        turns = pt.whole_cycles(cycle * rng.uniform(0.15, 0.6, n), 1.0)
        spin = np.where(rng.random(n) < 0.5, -turns, turns).astype(np.int64)
        flip = pt.whole_cycles(cycle * rng.uniform(0.4, 1.3, n), 1.0)
        pick = rng.integers(0, 1 << 16, n)
        colour = np.where(
            leaf[:, None], _LEAVES[pick % len(_LEAVES)], _PETALS[pick % len(_PETALS)]
        ) * rng.uniform(0.92, 1.04, (n, 1))
        return Swarm(
            lanes=lanes,
            z=z,
            size=size,
            colour=np.clip(colour, 0, 255).astype(np.float32),
            leaf=leaf,
            sway=sway,
            sway_cycles=sway_cycles,
            spin=spin,
            flip=flip,
            phases=rng.random((n, 3)).astype(np.float32),
            hits=pt.ground_hits(ctx.scene, lanes, z),
        )

    def prepare(self, ctx: RenderContext) -> FrameFn:
        swarm = self.swarm(ctx)
        lanes, z = swarm.lanes, swarm.z
        raster = pt.Raster(
            ctx.scene,
            ctx.width,
            ctx.height,
            _SCALE,
            [(True, 0.5 * _FAR), (True, 0.5 * (_FAR + _FRONT)), (False, None)],
        )
        layer = np.where(z < _FAR, 0, np.where(z < _FRONT, 1, 2))
        shapes = np.stack([_outline(False), _outline(True)])  # (2, K, 2)
        shape = shapes[swarm.leaf.astype(np.int64)]  # (N, K, 2)
        width = np.where(swarm.leaf, 0.5, 0.62).astype(np.float32)
        land = (lanes.speed() * _LAND).astype(np.float32)
        by_depth = np.argsort(z, kind="stable")
        detailed = (
            swarm.size * raster.sx >= 7.0
        )  # big enough on the canvas to show a base  # far ones first, near ones on top

        def apply(frame: RGB, t: float) -> RGB:
            pos = lanes.at(t)
            hit = pt.hits_now(swarm.hits, lanes, pos)
            shown = pos.envelope * np.clip((hit - pos.s) / land, 0.0, 1.0)
            ph = swarm.phases
            x = pos.x + swarm.sway * pt.wave(pos.u, swarm.sway_cycles, ph[:, 0])
            spin = 2.0 * np.pi * (swarm.spin * pos.u + ph[:, 1])
            # Flipping in depth narrows the petal; it catches the light when it faces us.
            face = np.abs(np.cos(2.0 * np.pi * (swarm.flip * pos.u + ph[:, 2])))
            half = np.maximum(face, 0.12) * width
            cos, sin = np.cos(spin), np.sin(spin)
            lx = shape[:, :, 0] * swarm.size[:, None]
            ly = shape[:, :, 1] * (swarm.size * half)[:, None]
            px = (x[:, None] + lx * cos[:, None] - ly * sin[:, None]) * raster.sx
            py = (pos.y[:, None] + lx * sin[:, None] + ly * cos[:, None]) * raster.sy
            pts = np.round(np.stack([px, py], axis=2) * 16.0).astype(np.int32)
            # The base of a petal is a deeper pink (a leaf's, a darker shade): a smaller copy of
            # the outline, pulled towards the base.
            bx, by = 0.55 * lx - 0.22 * swarm.size[:, None], 0.6 * ly
            qx = (x[:, None] + bx * cos[:, None] - by * sin[:, None]) * raster.sx
            qy = (pos.y[:, None] + bx * sin[:, None] + by * cos[:, None]) * raster.sy
            base_pts = np.round(np.stack([qx, qy], axis=2) * 16.0).astype(np.int32)
            light = (0.72 + 0.3 * face)[:, None] * swarm.colour
            paint = np.concatenate([np.minimum(light, 255.0), np.full((lanes.size, 1), 255.0)], 1)
            paint *= shown[:, None]
            base = paint.copy()
            base[:, :3] *= _BASE_TINT
            inside = (
                (px.max(axis=1) >= 0)
                & (px.min(axis=1) < raster.rw)
                & (py.max(axis=1) >= 0)
                & (py.min(axis=1) < raster.rh)
                & (shown > 0.02)
            )
            total = None
            for k in range(3):
                canvas = raster.blank(4)
                for i in by_depth[inside[by_depth] & (layer[by_depth] == k)].tolist():
                    c = paint[i]
                    colour = (float(c[0]), float(c[1]), float(c[2]), float(c[3]))
                    cv2.fillPoly(canvas, [pts[i]], colour, cv2.LINE_AA, pt.SHIFT)
                    if detailed[i]:
                        c = base[i]
                        colour = (float(c[0]), float(c[1]), float(c[2]), float(c[3]))
                        cv2.fillPoly(canvas, [base_pts[i]], colour, cv2.LINE_AA, pt.SHIFT)
                canvas = raster.masked(canvas, k)
                total = canvas if total is None else _over(canvas, total)
            assert total is not None
            r, g, b, a = cv2.split(raster.full(total))
            return pt.over_premultiplied(frame, a, cv2.merge([r, g, b]))

        return apply


def _over(top: pt.U8, below: pt.U8) -> pt.U8:
    """Premultiplied RGBA `top` over `below`."""
    a = top[:, :, 3]
    keep = cv2.merge([cv2.bitwise_not(a)] * 4)
    out: pt.U8 = cv2.add(top, cv2.multiply(below, keep, scale=1.0 / 255.0))
    return out
