"""night: day turns to night; windows and lamps light up and stars come out.

A day-for-night grade: the colours lose most of their saturation and shift to blue, the tones
sink, and the sky darkens further to a deep night gradient. Lamps and windows found in the photo
(small bright compact regions on buildings and objects, see `_light.find_lamps`) switch on one
after another in the second half of the transition, each with a warm core and a soft glow. Stars
come out where the sky is clear, twinkle gently (whole cycles per clip), and hide behind
anything brighter than the night sky (a cloud drifting over them).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from vivify.curves import ease_in_out
from vivify.effects._light import (
    Grade,
    Light,
    channel_lut,
    find_lamps,
    grow_sky,
    paint,
    progress,
    region_colour,
    unit,
)
from vivify.effects._within import night_sky
from vivify.effects.base import Effect, FrameFn, RenderContext, param, register
from vivify.effects.fields import F32
from vivify.types import RGB

_SPAN = 0.85  # the transition eases in over this share of the clip, then settles
_NIGHT_AT = np.array([0.0, 0.6, 1.0], np.float32)  # overhead .. horizon
_NIGHT_SKY = np.array([[4, 8, 26], [12, 20, 48], [34, 44, 78]], np.float32)
_LUMA = np.array([0.299, 0.587, 0.114], np.float32)


@register
@dataclass(frozen=True)
class Night(Effect):
    name = "night"
    version = "1.1.0"
    summary = "Day turns to night: darker and bluer, lamps and windows light up, stars come out."
    needs = ("sky", "vegetation", "water", "person")
    order = 45
    loops = False

    darkness: float = param(1.0, 0.0, 1.5, "how dark the night gets; 1 is a clear blue night")
    lights: float = param(1.0, 0.0, 2.0, "how bright the lamps and windows glow (0: none)")
    stars: float = param(1.0, 0.0, 2.0, "how many stars come out in a clear sky (0: none)")

    def prepare(self, ctx: RenderContext) -> FrameFn:
        if ctx.scene.light == "night":  # already night: animate within it, do not darken again
            return night_sky(ctx, max(self.stars, 0.5))
        h, w = ctx.height, ctx.width
        u = unit(ctx)
        rng = ctx.rng(self.name)
        grade = self._grade(ctx)
        lamps = find_lamps(ctx.photo, ctx.scene) if self.lights > 0 else []
        groups = _lamp_groups(lamps, h, w, u, rng, ctx.duration, self.lights)
        all_on: F32 | None = None
        if groups:
            all_on = np.ascontiguousarray(sum(field for _, field in groups), np.float32)
        stars = _Stars(ctx, rng, self.stars) if self.stars > 0 else None
        duration = ctx.duration

        def apply(frame: RGB, t: float) -> RGB:
            s = progress(t, duration, _SPAN)
            extra: F32 | None = None
            if groups:
                weights = [ease_in_out((t - on) / 0.35) for on, _ in groups]
                if all(wt >= 1.0 for wt in weights):
                    extra = all_on
                elif any(wt > 0.0 for wt in weights):
                    for wt, (_, field) in zip(weights, groups, strict=True):
                        if wt <= 0.0:
                            continue
                        if extra is None:
                            extra = cv2.multiply(field, (wt, wt, wt, 0.0))
                        else:
                            extra = cv2.scaleAdd(field, wt, extra)
            out = grade(frame, s, extra)
            if stars is not None:
                out = stars.draw(out, s, t)
            return out

        return apply

    def _grade(self, ctx: RenderContext) -> Grade:
        h, w = ctx.height, ctx.width
        u = unit(ctx)
        k = self.darkness
        # Colour: keep 45% of the saturation, shift to blue.
        keep = 1.0 - 0.55 * min(k, 1.0)
        desat = keep * np.eye(3, dtype=np.float32) + (1.0 - keep) * np.tile(_LUMA, (3, 1))
        tint = np.diag(np.array([1.0 - 0.25 * k, 1.0 - 0.1 * k, 1.0 + 0.18 * k], np.float32))
        matrix = (tint @ desat).astype(np.float32)
        # Tone: the exposure drops by about two stops, the shadows sink more than the lights.
        x = np.arange(256, dtype=np.float32) / 255.0
        exposure = 1.0 - 0.58 * min(k, 1.2)
        gamma = 1.0 + 0.35 * k
        base = 255.0 * exposure * x**gamma
        lift = np.array([1.0, 2.5, 6.0], np.float32) * k
        lut = channel_lut((base + lift[0], base + lift[1], base + lift[2]))

        # The sky sinks further, to a night gradient: a gain against its own graded colour.
        sky = np.clip(ctx.scene.sky, 0.0, 1.0).astype(np.float32)
        gain = np.ones((h, w, 3), np.float32)
        if float(sky.mean()) > 0.01:
            ref = region_colour(ctx.photo, sky, sigma=40 * u)
            ref_u8 = np.clip(ref + 0.5, 0, 255).astype(np.uint8)
            graded = cv2.LUT(cv2.transform(ref_u8, matrix), lut).astype(np.float32)
            reach = float(max((sky > 0.5).sum(axis=0).max(), 1))
            rows = np.clip(np.arange(h, dtype=np.float32) / reach, 0.0, 1.0)
            target = np.stack(
                [np.interp(rows, _NIGHT_AT, _NIGHT_SKY[:, c]) for c in range(3)], axis=-1
            ).astype(np.float32)
            sky_gain = np.clip(target[:, None, :] / np.maximum(graded, 3.0), 0.05, 2.0)
            sky_gain = 1.0 + min(k, 1.0) * (sky_gain - 1.0)
            sky = grow_sky(ctx.photo, sky, ref, u)
            gain = sky[..., None] * sky_gain + (1.0 - sky)[..., None] * gain
            # Water mirrors the night sky low over the horizon.
            water = np.clip(ctx.scene.water, 0.0, 1.0) * (1.0 - sky)
            if float(water.max()) > 0.0:
                wref = region_colour(ctx.photo, water, sigma=30 * u)
                wref_u8 = np.clip(wref + 0.5, 0, 255).astype(np.uint8)
                wgraded = cv2.LUT(cv2.transform(wref_u8, matrix), lut).astype(np.float32)
                low = 0.8 * _NIGHT_SKY[-1]
                water_gain = np.clip(low / np.maximum(wgraded, 3.0), 0.05, 2.0)
                water_gain = 1.0 + min(k, 1.0) * (water_gain - 1.0)
                gain = gain + water[..., None] * (water_gain - gain)
        # A gentle vignette: the edges of the night are darker.
        ys = np.linspace(-1.0, 1.0, h, dtype=np.float32)[:, None]
        xs = np.linspace(-1.0, 1.0, w, dtype=np.float32)[None, :]
        vignette = 1.0 - 0.18 * min(k, 1.0) * np.clip((xs**2 + ys**2) / 2.0, 0.0, 1.0)
        gain = (gain * vignette[..., None]).astype(np.float32)
        return Grade(matrix=matrix, lut=lut, gain=np.ascontiguousarray(gain))


def _lamp_groups(
    lamps: list[Light],
    h: int,
    w: int,
    u: float,
    rng: np.random.Generator,
    duration: float,
    brightness: float,
) -> list[tuple[float, F32]]:
    """The lamps' light (warm core plus glow, H×W×3) in three groups that switch on one after
    another during the second half of the transition: [(switch-on time, light)]."""
    if not lamps:
        return []
    on_times = rng.uniform(0.4, 0.8, len(lamps)) * _SPAN * duration
    intensity = rng.uniform(0.65, 1.0, len(lamps))
    warmth = rng.uniform(0.0, 1.0, len(lamps))
    order = np.argsort(on_times)
    chunks = [c for c in np.array_split(order, min(3, len(lamps))) if len(c)]
    groups: list[tuple[float, F32]] = []
    for chunk in chunks:
        members = [lamps[i] for i in chunk]
        weights = [float(intensity[i]) for i in chunk]
        core = paint(members, h, w, weights)
        core = cv2.GaussianBlur(core, (0, 0), 0.6 * u + 0.3)
        glow = np.zeros((h, w), np.float32)
        for lamp, wt in zip(members, weights, strict=True):
            _add_spot(glow, lamp.cx, lamp.cy, 2.5 * lamp.radius + 10 * u, wt)
        halo = cv2.GaussianBlur(core, (0, 0), 2.5 * u + 1.0)
        warm = float(np.mean(warmth[chunk]))
        colour = np.array([255.0, 185.0 + 30.0 * (1 - warm), 100.0 + 50.0 * (1 - warm)], np.float32)
        light = (230.0 * core + 120.0 * halo + 55.0 * glow)[..., None] * (colour / 255.0)
        groups.append((float(on_times[chunk].min()), (brightness * light).astype(np.float32)))
    return groups


def _add_spot(field: F32, cx: float, cy: float, sigma: float, amp: float) -> None:
    """Add a Gaussian spot to `field` in place, only over the box where it matters."""
    h, w = field.shape
    r = int(3 * sigma) + 1
    x0, x1 = max(0, int(cx) - r), min(w, int(cx) + r + 1)
    y0, y1 = max(0, int(cy) - r), min(h, int(cy) + r + 1)
    if x0 >= x1 or y0 >= y1:
        return
    xs = np.exp(-0.5 * ((np.arange(x0, x1, dtype=np.float32) - cx) / sigma) ** 2)
    ys = np.exp(-0.5 * ((np.arange(y0, y1, dtype=np.float32) - cy) / sigma) ** 2)
    field[y0:y1, x0:x1] += amp * np.outer(ys, xs)


class _Stars:
    """Stars in the clear part of the sky, drawn sparsely onto the graded frame."""

    def __init__(self, ctx: RenderContext, rng: np.random.Generator, amount: float) -> None:
        h, w = ctx.height, ctx.width
        u = unit(ctx)
        sky = ctx.scene.sky
        grey = cv2.cvtColor(ctx.photo, cv2.COLOR_RGB2GRAY).astype(np.float32)
        detail = cv2.GaussianBlur(np.abs(cv2.Laplacian(grey, cv2.CV_32F)), (0, 0), 4 * u + 1)
        reach = max(int((sky > 0.5).sum(axis=0).max()), 1)
        clear = (sky > 0.97) & (detail < 4.0)
        clear[int(0.85 * reach) :] = False
        flat = np.flatnonzero(clear)
        n = int(amount * flat.size / max((34.0 * u) ** 2, 150.0))
        self.count = min(n, flat.size)
        self.idx = np.zeros(0, np.int64)
        if self.count == 0:
            return
        centre = rng.choice(flat, self.count, replace=False)
        cy, cx = np.divmod(centre, w)
        bright = 70.0 + 185.0 * rng.uniform(0.0, 1.0, self.count) ** 3
        # Bright stars are a small cross; faint ones a single pixel.
        offsets = [(0, 0, 1.0), (-1, 0, 0.3), (1, 0, 0.3), (0, -1, 0.3), (0, 1, 0.3)]
        idx, star, weight = [], [], []
        for dy, dx, wt in offsets:
            sel = np.arange(self.count) if wt == 1.0 else np.flatnonzero(bright > 150.0)
            yy = np.clip(cy[sel] + dy, 0, h - 1)
            xx = np.clip(cx[sel] + dx, 0, w - 1)
            idx.append(yy * w + xx)
            star.append(sel)
            weight.append(np.full(sel.size, wt, np.float32))
        self.idx = np.concatenate(idx)
        self.star = np.concatenate(star)
        self.weight = np.concatenate(weight)
        self.centre = centre
        self.bright = bright.astype(np.float32)
        cycles = rng.integers(2, 6, self.count)
        self.omega = (2 * np.pi * cycles / max(ctx.duration, 1e-6)).astype(np.float64)
        self.phase = rng.uniform(0, 2 * np.pi, self.count)
        self.colour = np.array([0.9, 0.95, 1.0], np.float32)
        # The clear night sky's brightness at each star; brighter there now means a cloud.
        self.sky_level = 45.0

    def draw(self, frame: RGB, s: float, t: float) -> RGB:
        """The frame with the stars added (a new array; `frame` is never modified)."""
        visible = float(np.clip((s - 0.55) / 0.45, 0.0, 1.0))
        if self.count == 0 or visible <= 0.0:
            return frame
        out = frame.copy()
        flat = out.reshape(-1, 3)
        # Hidden where something brighter than the night sky covers them (a passing cloud).
        here = flat[self.centre].astype(np.float32).mean(axis=1)
        clear = np.clip(1.0 - (here - self.sky_level) / 30.0, 0.0, 1.0)
        twinkle = 1.0 + 0.3 * np.sin(self.omega * t + self.phase)
        value = (visible * self.bright * twinkle * clear).astype(np.float32)
        add = (value[self.star] * self.weight)[:, None] * self.colour
        current = flat[self.idx].astype(np.float32)
        flat[self.idx] = np.clip(current + add + 0.5, 0, 255).astype(np.uint8)
        return out
