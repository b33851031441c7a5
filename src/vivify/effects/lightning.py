"""lightning: flashes light the scene, with a flicker and a decay; a bolt forks through the sky.

The strikes come from `vivify.curves.lightning_flashes`, the same function the thunder sound
uses, so every flash has its thunderclap. Each strike is a bright main flash, a flicker of
return strokes (several rapid pulses within a quarter of a second) and a short afterglow; the
light is cold and comes from above: the sky lights up most, the land far less (far things more
than near ones), so it reads as a storm, not a camera flash. Between strikes the light is stormy
(duller and colder, a dark slate sky, a darker land): it gathers gently from the photo at the
start, swells and clears before the end, so the first frame is the photo and the clip loops (no
strike falls in the first or last 0.4 s).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from vivify.curves import lightning_flashes, loop_cycles
from vivify.effects._light import (
    Grade,
    grow_sky,
    luminance,
    region_colour,
    rows_cols,
    tinted,
    unit,
    window,
)
from vivify.effects.base import Effect, FrameFn, RenderContext, param, register
from vivify.effects.fields import F32
from vivify.types import RGB

# (delay after the strike in s, relative strength, decay time in s): a flash and its flicker,
# several rapid return strokes, each fading almost out before the next.
_STROKES = ((0.0, 1.0, 0.045), (0.09, 0.8, 0.04), (0.18, 0.95, 0.045), (0.29, 0.55, 0.05))
_AFTERGLOW = (0.2, 0.12)  # relative strength, decay time in s
_LUMA = np.array([0.299, 0.587, 0.114], np.float32)


def envelope(t: float, flashes: list[tuple[float, float]], duration: float) -> tuple[float, float]:
    """(scene light, bolt visibility) at time t: 0 before each strike, peaking at it, flickering
    and decaying to exactly 0 within `cutoff` seconds, periodic over the clip."""
    t = t % duration if duration > 0 else 0.0
    cutoff = min(0.38, 0.95 * min(0.4, duration / 4))
    light = bolt = 0.0
    for when, strength in flashes:
        dt = t - when
        if not 0.0 <= dt < cutoff:
            continue
        fade = 1.0 - (dt / cutoff) ** 2  # reaches 0 at the cutoff
        level = _AFTERGLOW[0] * np.exp(-dt / _AFTERGLOW[1])
        strokes = 0.0
        for delay, amp, tau in _STROKES:
            if dt >= delay:
                strokes += amp * np.exp(-(dt - delay) / tau)
        light += strength * fade * min(1.0, float(level + strokes))
        bolt = max(bolt, strength * fade * min(1.0, float(strokes)))
    return light, bolt


@register
@dataclass(frozen=True)
class Lightning(Effect):
    name = "lightning"
    version = "1.1.0"
    summary = "Lightning flashes light the scene, flicker and fade; a bolt forks through the sky."
    needs = ("sky", "depth")
    order = 35

    strength: float = param(1.0, 0.1, 2.0, "how bright the flashes are")
    bolt: float = param(1.0, 0.0, 1.0, "how visible the bolt in the sky is (0: flashes only)")
    storm: float = param(0.5, 0.0, 1.0, "how dark and stormy the light gets between strikes")

    def prepare(self, ctx: RenderContext) -> FrameFn:
        h, w = ctx.height, ctx.width
        scene = ctx.scene
        flashes = lightning_flashes(ctx.duration, ctx.seed)
        sky = np.clip(scene.sky, 0.0, 1.0).astype(np.float32)
        if float(sky.mean()) > 0.01:  # sky-coloured haze at the skyline flashes with the sky
            sky = grow_sky(ctx.photo, sky, region_colour(ctx.photo, sky, 40 * unit(ctx)), unit(ctx))
        far = 1.0 - np.clip(scene.depth, 0.0, 1.0)
        ys, _ = rows_cols(h, w)
        k = self.strength
        # Light from above: far things and the tops of things catch more of it.
        # Bright things have little headroom left: they brighten less (like a screen blend).
        # The land is lit far less than the sky (the light is up there, behind the clouds): at the
        # peak it comes back to about its own daylight, it is not flashed like by a camera.
        headroom = 1.0 - 0.75 * luminance(ctx.photo)
        land = k * np.clip(0.15 + 0.3 * far + 0.2 * (1.0 - ys), 0.0, 1.0) * (1.0 - sky) * headroom
        # The sky turns a cold lavender white: partly a mix towards it (so a bright sky does not
        # simply burn out and the bolt still shows against it), partly a gain that keeps its
        # clouds' shapes.
        towards = np.clip(0.5 * k, 0.0, 0.9) * sky
        boost = np.clip(0.7 * k, 0.0, 1.4) * sky
        gain = (
            tinted(land, (0.6, 0.62, 0.7))
            - tinted(towards, (1.0, 1.0, 1.0))
            + tinted(boost, (0.9, 0.95, 1.1))
        )
        glow = tinted(land, (22.0, 24.0, 32.0)) + tinted(towards, (222.0, 226.0, 255.0))
        bolts = _bolts(ctx, len(flashes)) if self.bolt > 0 and float(sky.mean()) > 0.03 else []
        storm = _storm(sky, self.storm)
        duration = ctx.duration
        ramp = min(1.6, duration / 2)  # slow enough that the darker storm gathers gently
        swell = 2 * np.pi * loop_cycles(duration, 2.5) / max(duration, 1e-6)

        def apply(frame: RGB, t: float) -> RGB:
            # The storm light: it gathers from the photo, then swells and eases without a stop.
            level = window(t, duration, ramp) * (0.8 + 0.1 * (1.0 - np.cos(swell * t)))
            base = storm(frame, level)
            light, bolt_level = envelope(t, flashes, duration)
            if light <= 0.0:
                return base
            g = cv2.addWeighted(gain, light, gain, 0.0, 1.0)
            out = cv2.multiply(base, g, dtype=cv2.CV_32F)
            out = cv2.scaleAdd(glow, light, out)
            if bolts and bolt_level > 0.0:
                which = _current(t % duration, flashes)
                y0, x0, field = bolts[which]
                bh, bw = field.shape[:2]
                region = out[y0 : y0 + bh, x0 : x0 + bw]
                out[y0 : y0 + bh, x0 : x0 + bw] = cv2.scaleAdd(
                    field, self.bolt * min(1.0, 1.2 * bolt_level), region
                )
            return cv2.convertScaleAbs(out)

        return apply


def _storm(sky: F32, amount: float) -> Grade:
    """The stormy light between strikes: duller, colder colours, a dark slate sky and a darker
    land, so that even a sunny photo looks like a storm is overhead (at the default amount the
    sky keeps a little over half its light, the land about three quarters)."""
    keep = 1.0 - 0.5 * amount
    desat = keep * np.eye(3, dtype=np.float32) + (1.0 - keep) * np.tile(_LUMA, (3, 1))
    sky_gain = np.array([0.3, 0.34, 0.45], np.float32) ** amount
    land_gain = np.array([0.5, 0.54, 0.66], np.float32) ** amount
    gain = sky[..., None] * sky_gain + (1.0 - sky)[..., None] * land_gain
    return Grade(matrix=desat.astype(np.float32), gain=np.ascontiguousarray(gain, np.float32))


def _current(t: float, flashes: list[tuple[float, float]]) -> int:
    """The index of the latest strike at or before t."""
    index = 0
    for i, (when, _) in enumerate(flashes):
        if when <= t:
            index = i
    return index


def _bolts(ctx: RenderContext, count: int) -> list[tuple[int, int, F32]]:
    """One bolt per strike: a jagged, forking line from the top of the sky down to the skyline,
    with a cold glow, hidden behind everything that is not sky. (y0, x0, crop H×W×3)."""
    h, w = ctx.height, ctx.width
    u = unit(ctx)
    rng = ctx.rng("lightning")
    sky = np.clip(ctx.scene.sky, 0.0, 1.0).astype(np.float32)
    reach = (sky > 0.5).sum(axis=0)
    columns = np.flatnonzero(reach > 0.25 * max(int(reach.max()), 1))
    out: list[tuple[int, int, F32]] = []
    for _ in range(count):
        x = float(rng.choice(columns)) if columns.size else w / 2
        bottom = float(reach[int(x)]) if columns.size else h / 3
        canvas = np.zeros((h, w), np.float32)
        _draw_bolt(canvas, rng, x, 0.0, bottom * rng.uniform(0.85, 1.05), u, 1.0, depth=0)
        core = cv2.GaussianBlur(canvas, (0, 0), 0.6 * u + 0.3)
        glow = cv2.GaussianBlur(canvas, (0, 0), 7 * u + 1)
        halo = cv2.GaussianBlur(canvas, (0, 0), 30 * u + 1)
        field = (255.0 * core + 160.0 * glow + 90.0 * halo) * sky
        field = tinted(np.clip(field, 0.0, 400.0), (0.92, 0.95, 1.0))
        ys, xs = np.nonzero(field.max(axis=2) > 1.0)
        if ys.size == 0:
            out.append((0, 0, np.zeros((1, 1, 3), np.float32)))
            continue
        y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
        out.append((int(y0), int(x0), np.ascontiguousarray(field[y0:y1, x0:x1])))
    return out


def _draw_bolt(
    canvas: F32,
    rng: np.random.Generator,
    x: float,
    y0: float,
    y1: float,
    u: float,
    weight: float,
    depth: int,
) -> None:
    """A jagged path down from (x, y0) to y1 by small random steps, forking now and then."""
    y = y0
    points = [(x, y)]
    step = max(2.0, 9.0 * u)
    while y < y1:
        y += step * rng.uniform(0.6, 1.4)
        x += step * rng.normal(0.0, 0.9)
        points.append((x, y))
        if depth < 2 and rng.uniform() < 0.06:
            length = (y1 - y) * rng.uniform(0.2, 0.5)
            _draw_bolt(canvas, rng, x, y, y + length, u, weight * 0.5, depth + 1)
    pts = np.round(np.array(points) * 16).astype(np.int32).reshape(-1, 1, 2)
    thickness = max(1, round((2.0 if depth == 0 else 1.0) * u))
    cv2.polylines(canvas, [pts], False, float(weight), thickness, cv2.LINE_AA, shift=4)
