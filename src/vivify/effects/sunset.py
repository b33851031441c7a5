"""sunset: the light turns to golden hour and dusk.

The sky is recoloured to a sunset gradient (violet overhead, pink, then orange and gold at the
horizon) by a per-pixel gain against its own smooth colour, so clouds and haze keep their
texture. A low sun sits just above the skyline where the sky reaches lowest, with a wide warm
glow around it; the land gets warm, low-angle light that fades away from the sun's side and a
golden haze in the distance. Everything is precomputed as one gain field, one added glow and a
tone curve; the transition mixes them in with an eased curve and settles.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from vivify.effects._light import (
    Grade,
    channel_lut,
    grow_sky,
    progress,
    region_colour,
    rows_cols,
    spot,
    tinted,
    unit,
)
from vivify.effects._within import dusk_sky
from vivify.effects.base import Effect, FrameFn, RenderContext, param, register
from vivify.effects.fields import F32
from vivify.types import RGB

# The sunset sky, from overhead (0) to the horizon (1).
_SKY_AT = np.array([0.0, 0.35, 0.7, 1.0], np.float32)
_SKY_RGB = np.array([[105, 88, 150], [215, 118, 120], [252, 150, 85], [255, 192, 112]], np.float32)


@register
@dataclass(frozen=True)
class Sunset(Effect):
    name = "sunset"
    version = "1.1.0"
    summary = "The light turns to golden hour: the sky glows orange to violet, the land warms."
    needs = ("sky", "water", "depth")
    order = 40
    loops = False

    strength: float = param(1.0, 0.0, 2.0, "how far the light turns; 1 is golden hour at dusk")

    def prepare(self, ctx: RenderContext) -> FrameFn:
        if ctx.scene.light == "dusk":  # already a sunset: the sky drifts and the sun glows
            return dusk_sky(ctx, max(self.strength, 0.5))
        grade = self.look(ctx)
        duration = ctx.duration

        def apply(frame: RGB, t: float) -> RGB:
            return grade(frame, progress(t, duration))

        return apply

    def look(self, ctx: RenderContext) -> Grade:
        """The full sunset look as a grade (gain, glow, tone curve)."""
        h, w = ctx.height, ctx.width
        u = unit(ctx)
        scene = ctx.scene
        sky = np.clip(scene.sky, 0.0, 1.0).astype(np.float32)
        ys, xs = rows_cols(h, w)
        has_sky = float(sky.mean()) > 0.01
        rng = ctx.rng(self.name)

        # Where the sun sets: above the skyline where the sky reaches lowest (a clear horizon).
        reach = (sky > 0.5).sum(axis=0).astype(np.float32)
        if has_sky:
            smooth = cv2.GaussianBlur(reach[None, :], (0, 0), sigmaX=0.05 * w + 1)[0]
            lo, hi = int(0.12 * w), max(int(0.88 * w), int(0.12 * w) + 1)
            sun_x = float(lo + np.argmax(smooth[lo:hi]) + rng.uniform(-0.02, 0.02) * w)
            horizon = float(max(smooth.max(), 1.0))
            sun_y = 0.86 * float(reach[int(np.clip(sun_x, 0, w - 1))])
        else:
            sun_x = float(w * (0.2 if rng.uniform() < 0.5 else 0.8))
            horizon = float(h * (scene.horizon or 0.3))
            sun_y = -0.1 * h

        # Sky: a gain from its own smooth colour to the sunset gradient. Sky-coloured pixels just
        # outside the (conservative) sky mask take it too, so no pale halo rings the skyline.
        height_in_sky = np.clip(np.arange(h, dtype=np.float32) / horizon, 0.0, 1.0)
        palette = np.stack(
            [np.interp(height_in_sky, _SKY_AT, _SKY_RGB[:, c]) for c in range(3)], axis=-1
        ).astype(np.float32)
        water = np.clip(scene.water, 0.0, 1.0).astype(np.float32)
        if has_sky:
            ref = region_colour(ctx.photo, sky, sigma=40 * u)
            sky_gain = np.clip(palette[:, None, :] / np.maximum(ref, 30.0), 0.1, 3.0)
            sky = grow_sky(ctx.photo, sky, ref, u)
            # Water mirrors the low sky: the horizon's colours, against its own colour.
            low = palette[int(np.clip(0.92 * horizon, 0, h - 1))]
            water_ref = region_colour(ctx.photo, water, sigma=30 * u)
            water_gain = np.clip(low / np.maximum(water_ref, 30.0), 0.1, 3.0)
        else:
            sky_gain = np.ones((h, w, 3), np.float32)
            water_gain = np.ones((h, w, 3), np.float32)
            water = np.zeros_like(water)

        # Land: warm, low-angle light, brightest on the sun's side, dimmer away from it.
        towards_sun = 1.0 - np.clip(np.abs(xs * (w - 1) - sun_x) / w, 0.0, 1.0)
        side = (0.8 + 0.25 * towards_sun).astype(np.float32)
        land_gain = side[..., None] * np.array([1.06, 0.96, 0.84], np.float32)
        land_gain = np.broadcast_to(land_gain, (h, w, 3))
        land = (1.0 - sky)[..., None]
        gain = sky[..., None] * sky_gain + land * land_gain
        gain += (water * (1.0 - sky))[..., None] * (0.8 * water_gain - 0.8 * land_gain)

        # Added light: a wide glow round the sun, the sun itself, golden haze far away.
        far = (1.0 - np.clip(scene.depth, 0.0, 1.0)) ** 2
        wide = spot(h, w, sun_x, sun_y, 0.38 * w, 0.3 * max(horizon, 0.25 * h))
        core = spot(h, w, sun_x, sun_y, 0.06 * w, 0.06 * w)
        from_sun = np.sqrt((xs * (w - 1) - sun_x) ** 2 + (ys * (h - 1) - sun_y) ** 2)
        disc = np.clip((0.024 * w - from_sun) / (0.006 * w + 1.0), 0.0, 1.0)
        reach_glow = sky + 0.35 * (1.0 - sky)
        # The sun's path on water: a warm streak straight below it.
        glitter = spot(h, w, sun_x, float(h), 0.035 * w, max(h - sun_y, 1.0))
        offset = (
            tinted(wide * reach_glow, (95.0, 55.0, 20.0))
            + tinted(core * sky, (120.0, 95.0, 55.0))
            + tinted(disc * sky, (255.0, 230.0, 170.0))
            + tinted(far * (1.0 - sky), (40.0, 22.0, 8.0))
            + tinted(glitter * water, (110.0, 70.0, 25.0))
        )

        # Tone: a touch of contrast; blues sink in the shadows, reds lift.
        x = np.arange(256, dtype=np.float32) / 255.0
        curves = (255.0 * x**0.94, 255.0 * x**1.0, 255.0 * x**1.06)

        k = self.strength
        gain_k = np.clip(1.0 + k * (gain - 1.0), 0.05, 4.0).astype(np.float32)
        offset_k: F32 = np.ascontiguousarray(k * offset, np.float32)
        r, g, b = (255.0 * x + k * (c - 255.0 * x) for c in curves)
        lut = channel_lut((r, g, b))
        return Grade(lut=lut, gain=np.ascontiguousarray(gain_k), offset=offset_k)
