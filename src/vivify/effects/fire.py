"""fire: candle and fire light flickers, and a few embers rise.

Flames are found in the photo as very bright, compact regions that are themselves warm (yellow to
orange) inside a warm halo (`_light.find_flames`). Their light is a warm glow around each flame
whose strength flickers (a sum of whole-cycle sinusoids per flame, zero at t=0), over a gentle
global warm flicker of the whole scene. Without a flame in the photo, the flickering light comes
from below the frame, as from a fire just out of view. Embers rise from the flames (or from the
bottom edge), wobble, glow and fade; each lives a whole number of times per clip, and all of them
fade in at the start and out at the end, so the first frame is the photo and the clip loops.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from vivify.effects._light import Flicker, Light, find_flames, rows_cols, spot, tinted, unit, window
from vivify.effects.base import Effect, FrameFn, RenderContext, param, register
from vivify.effects.fields import F32
from vivify.types import RGB

_WARM = (1.0, 0.72, 0.4)  # the colour of fire light, as a gain per channel


@register
@dataclass(frozen=True)
class Fire(Effect):
    name = "fire"
    version = "1.0.0"
    summary = "Candle or fire light flickers warmly and a few embers rise."
    needs = ("sky", "vegetation", "person")
    order = 48

    flicker: float = param(1.0, 0.0, 2.0, "how strongly the light flickers")
    embers: float = param(1.0, 0.0, 3.0, "how many embers rise (0: none)")

    def prepare(self, ctx: RenderContext) -> FrameFn:
        h, w = ctx.height, ctx.width
        u = unit(ctx)
        rng = ctx.rng(self.name)
        flames = find_flames(ctx.photo, ctx.scene)
        ys, _ = rows_cols(h, w)
        k = self.flicker

        # Each flame's light: a warm glow around it, flickering on its own.
        local: list[tuple[Flicker, F32]] = []
        for flame in flames:
            reach = 8.0 * flame.radius + 40.0 * u
            field = spot(h, w, flame.cx, flame.cy, reach, reach)
            field += 0.6 * spot(h, w, flame.cx, flame.cy, 2.5 * reach, 2.5 * reach)
            wave = Flicker(rng, ctx.duration, [1.13, 2.31, 3.73, 5.93], [0.3, 0.35, 0.25, 0.15])
            local.append((wave, tinted(k * 0.35 * field / 1.6 / wave.peak * 2.0, _WARM)))
        if not flames:
            # A fire just out of view, below the frame: its light rises from the bottom edge.
            below = np.clip((ys - 0.35) / 0.65, 0.0, 1.0) ** 1.6 * np.ones((1, w), np.float32)
            wave = Flicker(rng, ctx.duration, [0.93, 1.71, 2.87, 4.41], [0.4, 0.3, 0.2, 0.1])
            local.append((wave, tinted(k * 0.14 * below / wave.peak * 2.0, _WARM)))
        # The whole scene breathes with it, gently.
        overall = Flicker(rng, ctx.duration, [0.83, 1.93], [0.6, 0.4])
        overall_field = tinted(np.full((h, w), k * 0.03 / overall.peak * 2.0, np.float32), _WARM)
        sparks = _Embers(ctx, rng, flames, self.embers) if self.embers > 0 else None
        duration = ctx.duration

        def apply(frame: RGB, t: float) -> RGB:
            gain = cv2.addWeighted(overall_field, overall(t), overall_field, 0.0, 1.0)
            for wave, field in local:
                gain = cv2.scaleAdd(field, wave(t), gain)
            out = cv2.multiply(frame, gain, dtype=cv2.CV_32F)
            if sparks is not None:
                sparks.draw(out, t, window(t, duration, min(0.6, duration / 4)))
            return cv2.convertScaleAbs(out)

        return apply


class _Embers:
    """Small glowing particles rising from the flames (or the bottom edge), drawn as sprites."""

    def __init__(
        self, ctx: RenderContext, rng: np.random.Generator, flames: list[Light], amount: float
    ) -> None:
        h, w = ctx.height, ctx.width
        u = unit(ctx)
        self.h, self.w = h, w
        n = max(1, round(amount * (10 + 14 * min(2.0, w * h / (720 * 480)))))
        if flames:
            pick = rng.integers(0, len(flames), n)
            self.x0 = np.array([flames[i].cx for i in pick]) + rng.normal(0, 4 * u, n)
            self.y0 = np.array([flames[i].cy - flames[i].radius for i in pick])
            self.rise = rng.uniform(0.25, 0.6, n) * h
        else:
            self.x0 = rng.uniform(0.1, 0.9, n) * w
            self.y0 = np.full(n, h + 6.0 * u)
            self.rise = rng.uniform(0.35, 0.8, n) * h
        cycles = rng.integers(1, 4, n)
        self.rate = cycles / max(ctx.duration, 1e-6)
        self.phase = rng.uniform(0, 1, n)
        self.drift = rng.normal(0, 0.06, n) * w
        self.wobble = rng.uniform(3, 12, n) * u
        self.wobble_rate = rng.integers(1, 4, n).astype(np.float64)
        self.wobble_phase = rng.uniform(0, 2 * np.pi, n)
        self.bright = rng.uniform(0.5, 1.0, n)
        radius = max(1.0, 2.2 * u)
        size = int(np.ceil(4 * radius)) | 1
        half = size // 2
        yy, xx = np.mgrid[-half : half + 1, -half : half + 1].astype(np.float32)
        core = np.exp(-(xx**2 + yy**2) / (2 * (0.5 * radius) ** 2))
        halo = np.exp(-(xx**2 + yy**2) / (2 * (1.4 * radius) ** 2))
        sprite = 230.0 * core[..., None] * np.array([1.0, 0.85, 0.55], np.float32)
        sprite += 120.0 * halo[..., None] * np.array([1.0, 0.45, 0.1], np.float32)
        self.sprite = sprite.astype(np.float32)
        self.half = half

    def draw(self, out: F32, t: float, level: float) -> None:
        """Add the embers at time t to `out` (a float image) in place, scaled by `level`."""
        if level <= 0.0:
            return
        life = (self.rate * t + self.phase) % 1.0
        glow = np.sin(np.pi * life) ** 1.5 * self.bright * level
        x = self.x0 + self.drift * life
        x += self.wobble * np.sin(2 * np.pi * self.wobble_rate * life + self.wobble_phase)
        y = self.y0 - self.rise * life
        half, sprite = self.half, self.sprite
        for xi, yi, gi in zip(np.round(x), np.round(y), glow, strict=True):
            if gi <= 0.01:
                continue
            x0, y0 = int(xi) - half, int(yi) - half
            x1, y1 = x0 + 2 * half + 1, y0 + 2 * half + 1
            cx0, cy0, cx1, cy1 = max(x0, 0), max(y0, 0), min(x1, self.w), min(y1, self.h)
            if cx0 >= cx1 or cy0 >= cy1:
                continue
            patch = sprite[cy0 - y0 : cy1 - y0, cx0 - x0 : cx1 - x0]
            out[cy0:cy1, cx0:cx1] += float(gi) * patch
