"""sparkle: glitter that twinkles with star glints, glowing motes and soft bokeh, drifting.

Kinds of light, added on top of the photo, and the photo's own lights shimmering:
- glitter: fine points that twinkle; at the peak of a twinkle a point flares into a small star
  (four rays, with shorter diagonals on near ones);
- motes: small glowing dots with a halo that wander slowly upwards, swaying;
- bokeh: large, faint, out-of-focus discs that drift and breathe;
- glints: star flares that stay on the photo's own highlights (a glass, metal, drops, lamps),
  so what shines in the photo sparkles;
- shimmer: in a dim photo, its own small lights (lit windows, street lamps, a highlight on
  glass) waver and flicker, each patch in its own time, as lights seen through moving air do.
The particles only add light; the shimmer moves and dims the photo's lights a little too.
Every particle has a depth: near ones are bigger, brighter and drift faster. Everything but the
nearest layer is behind people (hidden by the person mask). Particles live a few seconds each,
fading in and out; twinkles run a whole number of times per clip, so the clip loops.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from vivify.curves import loop_cycles
from vivify.effects import _particles as pt
from vivify.effects.base import Effect, FrameFn, RenderContext, param, register
from vivify.effects.fields import F32, bbox, smooth_noise
from vivify.scene.masks import scale_of
from vivify.types import RGB

_FRONT = 0.85  # particles at least this near are in front of people
_WARM = np.array([(255, 214, 140), (255, 190, 110), (255, 236, 190)], np.float32)
_COOL = np.array([(235, 242, 255), (190, 215, 255), (236, 200, 255)], np.float32)
_LEVELS = 10


@dataclass(frozen=True)
class Swarm:
    """One kind of sparkle particle in a clip, for drawing and for tests."""

    lanes: pt.Lanes
    z: F32  # depth, 0 far .. 1 near
    size: F32  # radius (glitter: ray length) in layer pixels
    colour: pt.I64  # palette index
    twinkle: pt.I64  # twinkles per clip (whole, so that they loop)
    twinkle_phase: F32
    sway: F32  # sideways wander in layer pixels
    sway_cycles: pt.I64


@dataclass(frozen=True)
class Glints:
    """Glints that stay on the photo's own highlights (glass, metal, drops, lamps) and flare."""

    x: F32
    y: F32
    z: F32  # brighter highlights count as nearer: bigger stars
    size: F32
    colour: pt.I64
    twinkle: pt.I64
    twinkle_phase: F32


@register
@dataclass(frozen=True)
class Sparkle(Effect):
    name = "sparkle"
    version = "1.3.0"
    summary = "Glitter twinkles with star glints; magic motes and soft bokeh drift by."
    order = 63
    overlay = True

    amount: float = param(1.0, 0.1, 3.0, "how many sparkles; 1 is a gentle shimmer")
    speed: float = param(1.0, 0.0, 3.0, "how fast they drift (0: they stay where they are)")
    twinkle: float = param(
        1.0, 0.0, 3.0, "how often glitter twinkles and lights shimmer (0: a steady glow)"
    )
    bokeh: float = param(1.0, 0.0, 3.0, "how many soft bokeh discs (0: none)")
    warmth: float = param(0.6, 0.0, 1.0, "colour: 0 silver and ice blue, 1 gold")

    def swarms(self, ctx: RenderContext) -> dict[str, Swarm]:
        rng = ctx.rng(self.name)
        s = scale_of(ctx.height, ctx.width)
        w, h = ctx.width, ctx.height
        out = {}
        # kind: (count at amount 1, radius far..near, drift px/s far..near, twinkles per second,
        # seconds of life): big, faint things come and go slowly, so they never pop.
        kinds = {
            "glitter": (420 * self.amount, (4.0, 16.0), (4.0, 22.0), (0.35, 1.1), 3.2),
            "motes": (60 * self.amount, (1.2, 3.2), (8.0, 34.0), (0.15, 0.4), 4.0),
            "bokeh": (30 * self.bokeh * self.amount, (10.0, 42.0), (5.0, 26.0), (0.1, 0.25), 6.0),
        }
        for kind, (base, (r0, r1), (v0, v1), (f0, f1), life) in kinds.items():
            n = pt.count(base, 1.0, w, h, least=3) if base > 0 else 0
            # Most bokeh is far behind; a few discs drift close by.
            z = (rng.random(n) ** (2.0 if kind == "bokeh" else 1.3)).astype(np.float32)
            size = ((r0 + (r1 - r0) * z**1.5) * s * rng.uniform(0.7, 1.3, n)).astype(np.float32)
            speed = ((v0 + (v1 - v0) * z) * s * self.speed * rng.uniform(0.6, 1.4, n)).astype(
                np.float32
            )
            # Mostly rising, a little to either side.
            angle = (np.pi + rng.normal(0.0, 0.8, n)).astype(np.float32)
            lanes = pt.make_lanes(
                rng, w, h, ctx.duration, speed, angle, 2.0 * size + 4.0, life, fade=0.4
            )
            rate = self.twinkle * rng.uniform(f0, f1, n) * (2.5 if kind == "glitter" else 1.0)
            twinkle = np.where(rate > 0, pt.whole_cycles(rate, ctx.duration), 0).astype(np.int64)
            cycle = ctx.duration / lanes.rate
            out[kind] = Swarm(
                lanes=lanes,
                z=z,
                size=size,
                colour=_pick_colours(rng, n, self.warmth),
                twinkle=twinkle,
                twinkle_phase=rng.random(n).astype(np.float32),
                sway=((2.0 + 14.0 * z) * s * rng.uniform(0.5, 1.5, n)).astype(np.float32),
                sway_cycles=pt.whole_cycles(cycle / rng.uniform(1.5, 3.0, n), 1.0),
            )
        return out

    def glints(self, ctx: RenderContext) -> Glints:
        """The photo's highlights, strongest first: small spots much brighter than around them."""
        s = scale_of(ctx.height, ctx.width)
        grey = cv2.cvtColor(ctx.photo, cv2.COLOR_RGB2GRAY)
        k = max(3, round(14.0 * s) | 1)
        disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
        tophat = cv2.morphologyEx(grey, cv2.MORPH_TOPHAT, disc).astype(np.float32)
        peak = (tophat == cv2.dilate(tophat, np.ones((k, k), np.uint8))) & (tophat > 28.0)
        peak &= grey > 140
        peak &= ctx.scene.person < 0.5  # skin and eyes shine too, but stars on a face do not
        # A saturated highlight is a plateau of equal maxima: one glint at its centre.
        grown = cv2.dilate(peak.astype(np.uint8), np.ones((3, 3), np.uint8))
        _, _, _, centres = cv2.connectedComponentsWithStats(grown, connectivity=8)
        xs = np.round(centres[1:, 0]).astype(int)
        ys = np.round(centres[1:, 1]).astype(int)
        order = np.argsort(-tophat[ys, xs])[: round(120 * self.amount)]
        xs, ys = xs[order].astype(np.float32), ys[order].astype(np.float32)
        n = xs.shape[0]
        rng = ctx.rng(self.name + ".glints")
        strength = np.clip(tophat[ys.astype(int), xs.astype(int)] / 120.0, 0.0, 1.0)
        rate = np.maximum(self.twinkle, 0.3) * rng.uniform(0.8, 1.6, n)
        return Glints(
            x=xs,
            y=ys,
            z=(0.6 + 0.4 * strength).astype(np.float32),
            size=((7.0 + 9.0 * strength) * s * rng.uniform(0.8, 1.2, n)).astype(np.float32),
            colour=_pick_colours(rng, n, self.warmth),
            twinkle=pt.whole_cycles(rate, ctx.duration).astype(np.int64),
            twinkle_phase=rng.random(n).astype(np.float32),
        )

    def prepare(self, ctx: RenderContext) -> FrameFn:
        swarms = self.swarms(ctx)
        anchored = self.glints(ctx)
        still = pt.Position(
            x=anchored.x,
            y=anchored.y,
            u=np.zeros_like(anchored.x),
            s=np.zeros_like(anchored.x),
            life=np.zeros(anchored.x.shape, np.int64),
            envelope=np.ones_like(anchored.x),
        )
        sheen = _sheen(ctx, anchored)
        waver = shimmer(ctx, self.twinkle)
        palette = np.concatenate([_COOL, _WARM])
        layers: list[tuple[bool, float | None]] = [(True, None), (False, None)]
        fine = pt.Raster(ctx.scene, ctx.width, ctx.height, 1.0, layers)
        soft = pt.Raster(ctx.scene, ctx.width, ctx.height, 0.25, layers)
        blur = max(0.8, 1.5 * scale_of(ctx.height, ctx.width))

        def twinkling(swarm: Swarm, t: float) -> tuple[F32, pt.Position]:
            """Each particle's twinkle, 0..1 (a steady 0.55 without twinkling), and position."""
            turn = (t % ctx.duration) / ctx.duration
            wave = 0.5 + 0.5 * np.cos(2.0 * np.pi * (swarm.twinkle * turn + swarm.twinkle_phase))
            steady = np.where(swarm.twinkle > 0, wave, 0.55).astype(np.float32)
            return steady, swarm.lanes.at(t)

        def apply(frame: RGB, t: float) -> RGB:
            glints = [fine.blank(3), fine.blank(3)]
            glows = [soft.blank(3), soft.blank(3)]
            for kind, swarm in swarms.items():
                if not swarm.z.shape[0]:
                    continue
                wave, pos = twinkling(swarm, t)
                front = (swarm.z >= _FRONT).astype(np.int64)
                for k in (0, 1):
                    sel = front == k
                    if kind == "glitter":
                        _glitter(glints[k], swarm, wave, pos, sel, palette)
                    elif kind == "motes":
                        _motes(glints[k], glows[k], soft, swarm, wave, pos, sel, palette)
                    else:
                        _bokeh(glows[k], soft, swarm, wave, pos, sel, palette)
            if anchored.x.shape[0]:  # on the photo's highlights, in front of everything
                turn = (t % ctx.duration) / ctx.duration
                phase = anchored.twinkle * turn + anchored.twinkle_phase
                wave = (0.5 + 0.5 * np.cos(2.0 * np.pi * phase)).astype(np.float32)
                every = np.ones(anchored.x.shape, bool)
                _glitter(glints[1], anchored, wave, still, every, palette)
            light = None
            for k in (0, 1):
                glow = cv2.GaussianBlur(glows[k], (0, 0), blur)
                both = cv2.add(fine.masked(glints[k], k), soft.full(soft.masked(glow, k)))
                light = both if light is None else cv2.add(light, both)
            assert light is not None
            return sheen(pt.add_light(waver(frame, t), light), t)

        return apply


SHEEN_SPACING = 70.0  # pixels between bands of light at a 720-pixel short side
SHEEN_WIDTH = 7.0
SHEEN_PERIOD = 0.9  # seconds for a band to move on to where the next one was
SHEEN_REACH = 14.0  # how far around a highlight the sheen reaches, at a 720-pixel short side
SHEEN_GAIN = 1.2  # the sheen's strength at a lone highlight


def _sheen(ctx: RenderContext, glints: Glints) -> Callable[[RGB, float], RGB]:
    """Bands of light that sweep across what shines (around the highlights, where it is
    bright): a glass, metal or wet skin glistens as the light moves over it."""
    s = scale_of(ctx.height, ctx.width)
    if not glints.x.shape[0]:
        return lambda frame, t: frame
    spot = np.zeros((ctx.height, ctx.width), np.float32)
    spot[glints.y.astype(int), glints.x.astype(int)] = glints.z
    sigma = SHEEN_REACH * s
    # Each highlight lights its own surroundings (a lone one as much as one in a cluster), so
    # everything that shines glistens, not only the brightest cluster.
    shine = cv2.GaussianBlur(spot, (0, 0), sigma) * (2.0 * np.pi * sigma * sigma)
    grey = cv2.cvtColor(ctx.photo, cv2.COLOR_RGB2GRAY).astype(np.float32) / 255.0
    shine = np.clip(SHEEN_GAIN * shine, 0.0, 1.0) * (0.3 + 0.7 * grey)
    box = bbox(shine, threshold=0.03, pad=1)
    if box is None:
        return lambda frame, t: frame
    y0, y1, x0, x1 = box
    shine = shine[y0:y1, x0:x1]
    gy, gx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
    across = 0.8 * gx + 0.6 * gy  # bands run diagonally
    spacing, width = SHEEN_SPACING * s, SHEEN_WIDTH * s
    speed = spacing * loop_cycles(ctx.duration, SHEEN_PERIOD) / ctx.duration

    def apply(frame: RGB, t: float) -> RGB:
        # A whole number of band spacings per clip, so the clip loops.
        offset = (across - speed * t) % spacing - 0.5 * spacing
        band = np.exp(-0.5 * (offset / width) ** 2)
        light = (140.0 * shine * band).astype(np.uint8)
        out = frame.copy()
        out[y0:y1, x0:x1] = cv2.add(frame[y0:y1, x0:x1], cv2.merge([light, light, light]))
        return out

    return apply


SHIMMER_PX = 1.0  # how far a light wavers, at a 720-pixel short side
SHIMMER_FLICKER = 0.22  # how much a light brightens and dims
SHIMMER_PERIOD = 0.25  # seconds for one waver


def lights(photo: RGB, person: F32, vegetation: F32) -> F32:
    """0..1 where the photo has small lights in the dark: spots several times brighter than
    their dark surroundings (lit windows and street lamps at night, a candle, a highlight on
    glass in a dim room). Not broad bright areas (a wall in daylight), daylit detail, sunlit
    leaves, hairline edges or faces."""
    s = scale_of(*photo.shape[:2])
    grey = cv2.cvtColor(photo, cv2.COLOR_RGB2GRAY).astype(np.float32)
    k = max(5, round(22.0 * s) | 1)
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
    # What is around a light: the photo with everything smaller than the disc taken away.
    around = cv2.GaussianBlur(cv2.morphologyEx(grey, cv2.MORPH_OPEN, disc), (0, 0), 0.5 * k)
    ratio = (grey + 12.0) / (around + 12.0)
    lit = np.clip((ratio - 1.4) / 0.7, 0.0, 1.0) * np.clip((grey - 80.0) / 50.0, 0.0, 1.0)
    # Lights show in the dark, close by and in a dim photo as a whole (at night, in a dim room),
    # not a daylit building's bright trim against its shaded eaves.
    dim = np.clip((140.0 - float(np.median(grey))) / 30.0, 0.0, 1.0)
    lit *= dim * np.clip((120.0 - around) / 50.0, 0.0, 1.0)
    # A light has a body: hairline edges (a string, a rim, a wire) are not lights.
    dot = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (3, 3))
    lit = cv2.dilate(cv2.morphologyEx(lit, cv2.MORPH_OPEN, dot), np.ones((3, 3), np.uint8))
    lit = cv2.GaussianBlur(lit, (0, 0), 0.8 * s + 0.4)
    return np.asarray(lit * (person < 0.5) * (vegetation < 0.5), np.float32)


def shimmer(ctx: RenderContext, rate: float) -> Callable[[RGB, float], RGB]:
    """The photo's small lights waver and flicker, each in its own time; frame 0 is the photo
    and the clip loops (whole cycles)."""
    if rate <= 0.0:
        return lambda frame, t: frame
    s = scale_of(ctx.height, ctx.width)
    lit = lights(ctx.photo, ctx.scene.person, ctx.scene.vegetation)
    box = bbox(lit, threshold=0.02, pad=3)
    if box is None:
        return lambda frame, t: frame
    y0, y1, x0, x1 = box
    lit = lit[y0:y1, x0:x1]
    hh, ww = lit.shape
    rng = ctx.rng(f"{Sparkle.name}.shimmer")
    size = 18.0 * s + 2.0  # the air moves in swirls a few lights across
    fields = [np.clip(smooth_noise(rng, hh, ww, size), -1.5, 1.5) for _ in range(6)]
    # The air moves the lights and the dark between them alike (only the lights show it).
    air = np.clip(8.0 * cv2.GaussianBlur(lit, (0, 0), 6.0 * s + 1.0), 0.0, 1.0)
    reach = SHIMMER_PX * s * np.maximum(lit, air)
    # Each displacement and the flicker are two fixed fields mixed by the time's cosine and sine.
    dx0, dx1, dy0, dy1 = (reach * f for f in fields[:4])
    gy, gx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
    flicker = SHIMMER_FLICKER * lit
    omega = 2.0 * np.pi * loop_cycles(ctx.duration, SHIMMER_PERIOD / rate) / ctx.duration

    def apply(frame: RGB, t: float) -> RGB:
        if t == 0.0:
            return frame
        c, sn = np.cos(omega * t) - 1.0, np.sin(omega * t)  # both 0 at t = 0
        mx, my = gx + dx0 * c + dx1 * sn, gy + dy0 * c + dy1 * sn
        gain = 1.0 + flicker * np.tanh(fields[4] * c + fields[5] * sn)
        moved = cv2.remap(frame, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
        out = frame.copy()
        out[y0:y1, x0:x1] = np.clip(moved * gain[..., None], 0, 255).astype(np.uint8)
        return out

    return apply


def _glitter(
    canvas: pt.U8,
    g: Swarm | Glints,
    wave: F32,
    pos: pt.Position,
    sel: pt.Bool,
    palette: F32,
) -> None:
    """A point always; a four-ray star at the peak of its twinkle (with diagonals when near)."""
    peak = np.where(g.twinkle > 0, wave**6, 0.5)  # sharp flashes, or a steady glint
    b = (peak * pos.envelope).astype(np.float32)
    sel = sel & (b > 0.04)
    if not sel.any():
        return
    x, y, z, c, b = pos.x[sel], pos.y[sel], g.z[sel], g.colour[sel], b[sel]
    ray = g.size[sel] * np.clip((b - 0.2) / 0.8, 0.0, 1.0)
    dot = np.where(z > 0.6, 2, 1).astype(np.int64)
    _draw(canvas, x, y, x, y, dot, b, palette, c)
    star = ray > 1.0
    if star.any():
        x, y, r, c, b, z = x[star], y[star], ray[star], c[star], b[star], z[star]
        one = np.ones(2 * x.shape[0], np.int64)
        x0, x1 = np.concatenate([x - r, x]), np.concatenate([x + r, x])
        y0, y1 = np.concatenate([y, y - r]), np.concatenate([y, y + r])
        _draw(canvas, x0, y0, x1, y1, one, np.tile(0.45 * b, 2), palette, np.tile(c, 2))
        # Rays taper: the inner half is brighter.
        x0, x1 = np.concatenate([x - 0.5 * r, x]), np.concatenate([x + 0.5 * r, x])
        y0, y1 = np.concatenate([y, y - 0.5 * r]), np.concatenate([y, y + 0.5 * r])
        _draw(canvas, x0, y0, x1, y1, one, np.tile(0.95 * b, 2), palette, np.tile(c, 2))
        near = z > 0.5
        if near.any():
            x, y, d, c, b = x[near], y[near], 0.4 * r[near], c[near], b[near]
            one = np.ones(2 * x.shape[0], np.int64)
            x0, x1 = np.concatenate([x - d, x - d]), np.concatenate([x + d, x + d])
            y0, y1 = np.concatenate([y - d, y + d]), np.concatenate([y + d, y - d])
            _draw(canvas, x0, y0, x1, y1, one, np.tile(0.4 * b, 2), palette, np.tile(c, 2))


def _motes(
    sharp: pt.U8,
    glow: pt.U8,
    soft: pt.Raster,
    m: Swarm,
    wave: F32,
    pos: pt.Position,
    sel: pt.Bool,
    palette: F32,
) -> None:
    """A bright core on the sharp canvas and a wide halo on the soft one."""
    if not sel.any():
        return
    lit = (pos.envelope * (0.45 + 0.55 * wave))[sel].astype(np.float32)
    x = (pos.x + m.sway * pt.wave(pos.u, m.sway_cycles, m.twinkle_phase))[sel]
    y, size, c = pos.y[sel], m.size[sel], m.colour[sel]
    core = np.maximum(1, np.round(size)).astype(np.int64)
    _draw(sharp, x, y, x, y, core, 0.9 * lit, palette, c)
    halo = np.maximum(1, np.round(5.0 * size * soft.sx)).astype(np.int64)
    hx, hy = x * soft.sx, y * soft.sy
    _draw(glow, hx, hy, hx, hy, halo, 0.4 * lit, palette, c)


def _bokeh(
    glow: pt.U8,
    soft: pt.Raster,
    d: Swarm,
    wave: F32,
    pos: pt.Position,
    sel: pt.Bool,
    palette: F32,
) -> None:
    """Big faint discs that breathe a little."""
    if not sel.any():
        return
    lit = ((0.14 + 0.16 * d.z) * (0.7 + 0.3 * wave) * pos.envelope)[sel].astype(np.float32)
    x = (pos.x + d.sway * pt.wave(pos.u, d.sway_cycles, d.twinkle_phase))[sel] * soft.sx
    y = pos.y[sel] * soft.sy
    disc = np.maximum(1, np.round(2.0 * d.size[sel] * soft.sx)).astype(np.int64)
    _draw(glow, x, y, x, y, disc, lit, palette, d.colour[sel])


def _draw(
    canvas: pt.U8,
    x0: F32,
    y0: F32,
    x1: F32,
    y1: F32,
    thickness: pt.I64,
    level: F32,
    palette: F32,
    index: pt.I64,
) -> None:
    pt.draw_segments(
        canvas, x0, y0, x1, y1, thickness, level, levels=_LEVELS, palette=palette, index=index
    )


def _pick_colours(rng: np.random.Generator, n: int, warmth: float) -> pt.I64:
    """Palette indices: cool colours (0..2) or warm ones (3..5), warm with chance `warmth`."""
    warm = rng.random(n) < warmth
    shade = rng.integers(0, 3, n)
    out: pt.I64 = np.where(warm, 3 + shade, shade).astype(np.int64)
    return out
