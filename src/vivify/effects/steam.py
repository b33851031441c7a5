"""steam: wisps of steam rise from a cup, curl and fade.

The source is found classically (`_light.find_steam_source`): the opening of a cup or pot is a
bright, round-ish rim, so ellipses are fitted to bright, low-saturation regions and the best
supported one wins (a rim round a darker drink counts most); a bowl filling the frame is found by
its soup, a round dark hole in what is white; without either, steam rises from the lower centre
of the frame. A wide surface steams in up to three plumes side by side. The steam is a
soft body plus thin filaments (ridged noise), stretched upwards, carried up at a steady speed;
a travelling sideways wave makes it curl, more the higher it gets, while it widens and fades.
Over a dark background the steam is white; over a light one (a white cup) it turns a
translucent cool grey, a little darker than what is behind it, so it shows there too.
The first wisps leave the surface at the start (the first frame is the photo) and the steam thins
out before the clip ends, so the clip loops. Only the box above the source is touched.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from vivify.curves import ease_in_out, loop_cycles
from vivify.effects._light import Source, find_steam_source, unit
from vivify.effects.base import Effect, FrameFn, RenderContext, param, register
from vivify.effects.fields import F32, smooth_noise
from vivify.types import RGB


@register
@dataclass(frozen=True)
class Steam(Effect):
    name = "steam"
    version = "1.2.0"
    summary = "Steam rises in curling wisps from a cup, a pot or a vent, and fades."
    needs = ("sky", "person")
    order = 55

    amount: float = param(1.0, 0.1, 2.0, "how thick the steam is")
    speed: float = param(1.0, 0.3, 3.0, "how fast it rises; 1 is a hot drink")

    def prepare(self, ctx: RenderContext) -> FrameFn:
        h, w = ctx.height, ctx.width
        u = unit(ctx)
        rng = ctx.rng(self.name)
        source = find_steam_source(ctx.photo, ctx.scene)
        plumes = [
            _Plume(part, h, w, u, rng, ctx.duration, self.speed) for part in spread(source, u)
        ]
        colours = [_steam_colour(ctx.photo[y0:y1, x0:x1], u) for y0, y1, x0, x1 in
                   (p.box for p in plumes)]  # fmt: skip
        amount = float(self.amount)
        duration = ctx.duration
        fade = min(0.8, duration / 4)

        def apply(frame: RGB, t: float) -> RGB:
            t = t % duration if duration > 0 else 0.0
            level = ease_in_out((duration - t) / fade) if fade > 0 else 1.0
            if t <= 0.0 or level <= 0.0:
                return frame
            out = frame.copy()
            for plume, colour in zip(plumes, colours, strict=True):
                y0, y1, x0, x1 = plume.box
                alpha = plume.density(t) * (0.7 * amount * level)
                region = out[y0:y1, x0:x1]
                a3 = cv2.merge([alpha, alpha, alpha])
                mixed = cv2.multiply(region, 1.0 - a3, dtype=cv2.CV_32F)
                mixed = cv2.add(mixed, cv2.multiply(a3, colour))
                out[y0:y1, x0:x1] = cv2.convertScaleAbs(mixed)
            return out

        return apply


PLUME_WIDTH = 170.0  # the widest one plume of steam gets, at a 720-pixel short side


def spread(source: Source, u: float) -> list[Source]:
    """Steam off a wide surface (a bowl of soup, a pot seen close up) rises in several plumes
    side by side across it, not one column from its middle."""
    n = int(np.clip(round(source.width / (PLUME_WIDTH * u)), 1, 3))
    part = source.width / n
    return [
        Source(source.x + (i - (n - 1) / 2) * part * 0.8, source.y, part, source.found)
        for i in range(n)
    ]


_WHITE = np.array([238.0, 238.0, 236.0], np.float32)
_SHADE = np.array([0.6, 0.63, 0.68], np.float32)  # a cool grey, relative to the background


def _steam_colour(background: RGB, u: float) -> F32:
    """The colour steam takes over each pixel of its box (H×W×3): white, which shows over a
    dark or mid-toned background; over a light one (a white cup, a bright window) white would
    vanish, so there the steam is a cool, translucent grey a little darker than what is behind
    it, as backlit or shaded steam looks against a bright surface."""
    behind = cv2.GaussianBlur(background.astype(np.float32), (0, 0), 6.0 * u + 1.0)
    lum = behind @ np.array([0.299, 0.587, 0.114], np.float32) / 255.0
    light = np.clip((lum - 0.62) / 0.2, 0.0, 1.0)
    light = (light * light * (3.0 - 2.0 * light))[..., None]  # smoothstep
    out: F32 = np.ascontiguousarray((1.0 - light) * _WHITE + light * behind * _SHADE, np.float32)
    return out


class _Plume:
    """The steam's density over time inside its box (the region above the source)."""

    def __init__(
        self,
        source: Source,
        h: int,
        w: int,
        u: float,
        rng: np.random.Generator,
        duration: float,
        speed: float,
    ) -> None:
        width = float(np.clip(source.width, 40 * u, 0.6 * w))
        base = float(np.clip(source.y, 0.15 * h, h - 1))
        top = max(0.0, base - 2.4 * width)
        self.rise = max(base - top, 8.0)
        spread = 0.95 * width
        x0 = int(max(0, np.floor(source.x - spread)))
        x1 = int(min(w, np.ceil(source.x + spread)))
        y0, y1 = int(top), int(min(h, base + 0.05 * width + 1))
        self.box = (y0, y1, x0, x1)
        bh, bw = y1 - y0, x1 - x0
        # px/s: steam rises a cup's width or so a second, so it moves faster seen close up
        self.velocity = speed * max(70.0 * u, 0.6 * width)
        self.front_speed = 1.6 * self.velocity

        # Straight-plume coordinates: height above the surface 0..1, across from the centre.
        ys = np.arange(y0, y1, dtype=np.float32)[:, None]
        xs = np.arange(x0, x1, dtype=np.float32)[None, :]
        self.height = np.clip((base - ys) / self.rise, 0.0, 1.0)
        hgt = self.height
        lean = rng.uniform(-0.15, 0.15) * width
        centre = source.x + lean * hgt**1.5
        half = 0.12 * width * (1.0 + 2.5 * hgt)
        across = np.exp(-0.5 * ((xs - centre) / half) ** 2)
        start = np.clip((base - ys) / (0.08 * width), 0.0, 1.0)
        self.envelope = (across * start * (1.0 - hgt) ** 0.8).astype(np.float32)
        self.rows_above = (base - ys).astype(np.float32)  # px above the surface, per row

        # Texture taller than the box by the distance it rises in a clip.
        extra = int(np.ceil(self.velocity * 1.3 * duration)) + 4
        th = bh + extra
        self.textures = []
        for scale_x, scale_y, rate in ((0.06, 0.25, 1.0), (0.035, 0.12, 1.3)):
            sx, sy = max(scale_x * width, 3.0), max(scale_y * width, 6.0)
            small_h, small_w = max(2, int(th * sx / sy)), bw
            n = smooth_noise(rng, small_h, small_w, sx)
            n = cv2.resize(n, (bw, th), interpolation=cv2.INTER_CUBIC)
            soft = np.clip(0.5 + 0.4 * n, 0.0, 1.0)
            ridge = np.clip(1.0 - np.abs(n), 0.0, 1.0) ** 3
            tex = np.clip(0.7 * soft + 0.5 * ridge, 0.0, 1.2).astype(np.float32)
            tex = cv2.GaussianBlur(tex, (0, 0), max(0.012 * width, 0.8))
            self.textures.append((np.ascontiguousarray(tex), rate))
        self.extra = extra

        # A travelling sideways wave: the steam curls, more the higher it is.
        self.wavelength = max(0.8 * self.rise, 10.0)
        cycles = loop_cycles(duration, 2.7)
        self.omega = 2 * np.pi * cycles / max(duration, 1e-6)
        self.phase = rng.uniform(0, 2 * np.pi)
        self.sway = ((0.04 + 0.5 * hgt[:, 0]) * 0.25 * width).astype(np.float32)
        self.grid_x, self.grid_y = np.meshgrid(
            np.arange(bw, dtype=np.float32), np.arange(bh, dtype=np.float32)
        )
        self.shape = (bh, bw)

    def density(self, t: float) -> F32:
        bh, bw = self.shape
        total = np.zeros((bh, bw), np.float32)
        for tex, rate in self.textures:
            # Row r of the box shows texture row r + extra - v·t: the texture rises.
            shift = self.extra - rate * self.velocity * t
            m = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, shift]], np.float32)
            total += cv2.warpAffine(
                tex,
                m,
                (bw, bh),
                flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                borderMode=cv2.BORDER_REFLECT,
            )
        # Only what has risen since the start is there (the first wisps leave the surface).
        front = np.clip((self.front_speed * t - self.rows_above) / (0.15 * self.rise), 0.0, 1.0)
        dens = total * self.envelope * front
        rows = self.rows_above[:, 0]
        shift_x = self.sway * np.sin(
            2 * np.pi * rows / self.wavelength - self.omega * t + self.phase
        )
        map_x = self.grid_x - shift_x[:, None]
        out = cv2.remap(dens, map_x, self.grid_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
        return np.clip(out, 0.0, 1.0).astype(np.float32)
