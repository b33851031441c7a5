"""Animating within a state the photo already shows, instead of applying it again.

Night asked of a night photo, or a sunset of a sunset photo, would only darken or recolour what
is already dark or golden (the photo would be lost). Instead the sky moves on as in a time-lapse
(stars wheel slowly about a pole above the frame; a dusk sky drifts), stars twinkle, and the sun
glows. Frame 0 is the photo; twinkling and glowing are whole cycles per clip.
"""

from __future__ import annotations

import cv2
import numpy as np

from vivify.curves import loop_cycles
from vivify.effects.base import FrameFn, RenderContext
from vivify.effects.fields import F32, bbox, blend, fill_from, smooth_noise
from vivify.scene.masks import scale_of
from vivify.types import RGB


def night_sky(ctx: RenderContext, amount: float) -> FrameFn:
    """Stars wheel slowly and twinkle. Without a sky, the bright points of the photo twinkle."""
    return _sky_motion(ctx, amount, wheel=True, twinkle=True, glow=False)


def dusk_sky(ctx: RenderContext, amount: float) -> FrameFn:
    """The dusk sky drifts slowly and the brightest part of it (the sun) breathes with light."""
    return _sky_motion(ctx, amount, wheel=False, twinkle=False, glow=True)


def _sky_motion(
    ctx: RenderContext, amount: float, wheel: bool, twinkle: bool, glow: bool
) -> FrameFn:
    h, w = ctx.height, ctx.width
    s = scale_of(h, w)
    sky = np.clip(ctx.scene.sky, 0.0, 1.0).astype(np.float32)
    if float(sky.mean()) < 0.01:  # no sky to move: the top of the photo stands in for it
        sky = np.zeros((h, w), np.float32)
        sky[: max(2, h // 3)] = 1.0
        sky = cv2.GaussianBlur(sky, (0, 0), 0.05 * h + 1.0)
    box = bbox(sky, threshold=0.02, pad=2)
    if box is None:
        return lambda frame, t: frame
    y0, y1, x0, x1 = box
    alpha = sky[y0:y1, x0:x1]
    source = np.clip(fill_from(ctx.photo, sky, min_weight=0.5) + 0.5, 0, 255).astype(np.uint8)
    gx, gy = np.meshgrid(np.arange(x0, x1, dtype=np.float32), np.arange(y0, y1, dtype=np.float32))
    speed = 11.0 * s * max(amount, 0.2)  # pixels per second where the sky is
    rng = ctx.rng("within")
    # Twinkle: the fine detail of the sky (stars) brightens and dims, each place in its own time.
    grey = cv2.cvtColor(ctx.photo, cv2.COLOR_RGB2GRAY).astype(np.float32)
    detail = np.maximum(grey - cv2.GaussianBlur(grey, (0, 0), 2.0 * s + 0.5), 0.0)
    detail = detail[y0:y1, x0:x1] * alpha
    n1 = smooth_noise(rng, y1 - y0, x1 - x0, 6.0 * s + 1.0)
    n2 = smooth_noise(rng, y1 - y0, x1 - x0, 6.0 * s + 1.0)
    omega = 2 * np.pi * loop_cycles(ctx.duration, 0.8) / ctx.duration
    # Glow: a warm breath of light around the brightest part of the sky.
    halo: F32 | None = None
    if glow:
        lum = cv2.GaussianBlur(grey, (0, 0), 8.0 * s + 1.0) * (sky > 0.5)
        cy, cx = np.unravel_index(int(np.argmax(lum)), lum.shape)
        yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
        radius = 0.18 * max(h, w)
        halo = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * radius**2)).astype(np.float32)
        tint = np.array([1.0, 0.8, 0.55], np.float32)
        halo = np.asarray((halo * (0.6 + 0.4 * alpha))[..., None] * tint, np.float32)
    omega_glow = 2 * np.pi * loop_cycles(ctx.duration, 2.5) / ctx.duration
    pivot_x, pivot_y = 0.5 * w, -1.2 * h
    radius = 0.5 * h - pivot_y  # from the pole to the middle of the frame

    def apply(frame: RGB, t: float) -> RGB:
        if t == 0.0:
            return frame
        travel = speed * t
        if wheel:  # about a pole above the frame: a slow, time-lapse turn of the night sky
            theta = travel / radius
            c, sn = np.cos(theta), np.sin(theta)
            mx = pivot_x + c * (gx - pivot_x) + sn * (gy - pivot_y)
            my = pivot_y - sn * (gx - pivot_x) + c * (gy - pivot_y)
        else:
            mx, my = gx - travel, gy
        moved = cv2.remap(source, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
        out_box = moved.astype(np.float32)
        if twinkle:
            wobble = (np.cos(omega * t) - 1.0) * n1 + np.sin(omega * t) * n2
            out_box += (0.6 * amount * wobble * detail)[..., None]
        if halo is not None:
            breath = 0.5 - 0.5 * np.cos(omega_glow * t)
            out_box += 38.0 * amount * breath * halo
        region = frame[y0:y1, x0:x1]
        out = frame.copy()
        out[y0:y1, x0:x1] = blend(region, np.clip(out_box, 0, 255), alpha)
        return out

    return apply
