"""oil_paint: thick brush strokes that follow the forms, lit like impasto, morphing in.

Three steps, computed once on the photo:

1. Paint: a generalised Kuwahara filter (Papari et al., 2007): eight overlapping Gaussian
   sectors around each pixel; each pixel takes the sector means weighted by 1/σ^q, so flat
   patches of colour form with crisp borders between them, as a loaded brush lays them.
2. Strokes: noise smeared along the flow of the image (line integral convolution along the
   smoothed structure tensor's minor direction), so strokes run along edges, not across them.
   They are as strong as the place is busy (the tensor's local contrast): in smooth areas (sky,
   still water) the paint lies flat and only a faint canvas weave shows, since lit stroke ridges
   there read as ripples on water.
3. Impasto: the strokes, the weave and the paint's own shading make a height field, lit from the
   top left: ridges catch light, and bright ridges a small highlight.

Each frame adds the difference to the incoming frame (see `_style`).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from vivify.effects._style import delta_style, unit
from vivify.effects.base import Effect, FrameFn, RenderContext, param, register
from vivify.effects.fields import F32
from vivify.types import RGB


@register
@dataclass(frozen=True)
class OilPaint(Effect):
    name = "oil_paint"
    version = "1.1.0"
    summary = "The photo turns into an oil painting with lit, directional brush strokes."
    order = 80
    loops = False

    morph: float = param(1.5, 0.1, 10.0, "seconds the painting takes to grow in from the photo")
    strength: float = param(1.0, 0.0, 1.0, "how far the look goes: 1 is the full painting")
    brush: float = param(1.0, 0.5, 2.0, "brush size: 1 suits a 720-pixel-wide photo")
    impasto: float = param(1.0, 0.0, 2.0, "how thick the paint stands: relief and highlights")

    def prepare(self, ctx: RenderContext) -> FrameFn:
        return delta_style(ctx, self.stylise(ctx, unit(ctx)), self.morph, self.strength)

    def stylise(self, ctx: RenderContext, s: float) -> F32:
        photo = ctx.photo
        h, w = photo.shape[:2]
        size = s * self.brush
        paint = _kuwahara(photo, max(2, round(6 * size)))
        grey = cv2.cvtColor(paint, cv2.COLOR_RGB2GRAY)
        tx, ty, busy = _structure(grey, max(1.0, 7.0 * size))
        rng = ctx.rng(self.name)
        bristles = cv2.GaussianBlur(
            rng.standard_normal((h, w)).astype(np.float32), (0, 0), max(0.5, 0.8 * size)
        )
        dabs = cv2.GaussianBlur(
            rng.standard_normal((h, w)).astype(np.float32), (0, 0), max(0.8, 2.5 * size)
        )
        noise = bristles / (float(bristles.std()) + 1e-6) + 0.8 * dabs / (float(dabs.std()) + 1e-6)
        strokes = _lic(noise, tx, ty, max(2, round(11 * size)))
        strokes /= float(strokes.std()) + 1e-6
        # Strokes stand out where the photo has structure to follow; in smooth areas (sky, still
        # water, walls) the paint is laid flat and only the canvas weave shows, so lit stroke
        # ridges cannot read as ripples.
        strokes *= 0.08 + 0.92 * busy
        weave = _canvas(h, w, size) * (1.0 - busy)
        height = 0.6 * strokes + 0.25 * weave + 3.0 * cv2.GaussianBlur(grey, (0, 0), 1.5)
        hx = cv2.Sobel(height, cv2.CV_32F, 1, 0, ksize=3) / 8.0
        hy = cv2.Sobel(height, cv2.CV_32F, 0, 1, ksize=3) / 8.0
        light = 0.6 * hx + 0.8 * hy  # lit from the top left: facing up-left is brighter
        shine = np.clip(1.2 * light - 0.15, 0.0, 1.0) ** 2
        k = self.impasto
        out = paint * (1.0 + 0.35 * k * light)[..., None] + 0.15 * k * shine[..., None]
        result: F32 = np.clip(out * 255.0, 0.0, 255.0).astype(np.float32)
        return result


def _sector_kernels(radius: int, count: int = 8) -> list[F32]:
    """Overlapping, Gaussian-weighted angular sectors of a disc, each summing to 1."""
    y, x = np.mgrid[-radius : radius + 1, -radius : radius + 1].astype(np.float32)
    angle = np.arctan2(y, x)
    r2 = (x * x + y * y) / float(radius * radius)
    disc = np.exp(-2.0 * r2) * (r2 <= 1.0)
    width = 2.0 * np.pi / count
    kernels = []
    for i in range(count):
        centre = -np.pi + (i + 0.5) * width
        off = np.angle(np.exp(1j * (angle - centre)))
        kernel = (np.clip(1.0 - np.abs(off) / width, 0.0, 1.0) * disc).astype(np.float32)
        kernel[radius, radius] = disc[radius, radius] / count
        kernels.append((kernel / kernel.sum()).astype(np.float32))
    return kernels


def _kuwahara(photo: RGB, radius: int, q: int = 8) -> F32:
    """Generalised Kuwahara filter (q a power of two), 0..1 float RGB."""
    f = photo.astype(np.float32) / 255.0
    both = np.ascontiguousarray(np.concatenate([f, f * f], axis=2))  # one filter pass for both
    h, w = f.shape[:2]
    num = np.zeros_like(f)
    den = np.zeros((h, w), np.float32)
    # Σ E[x²] − Σ E[x]² over the channels, as two matrix-vector products (fast, contiguous).
    squares_of = np.array([0, 0, 0, 1, 1, 1], np.float32)
    means_of = np.array([1, 1, 1, 0, 0, 0], np.float32)
    for kernel in _sector_kernels(radius):
        moments = cv2.filter2D(both, -1, kernel, borderType=cv2.BORDER_REFLECT)
        flat = moments.reshape(-1, 6)
        variance = (flat @ squares_of - (flat * flat) @ means_of).reshape(h, w)
        mean = moments[..., :3]
        # The sector's spread σ (summed over channels, in tenths of the range) to the power q.
        power = np.maximum(variance, 0.0) * np.float32(25.5**2)
        for _ in range(int(np.log2(q)) - 1):
            power *= power
        weight = 1.0 / (power + np.float32(1e-4))
        num += mean * weight[..., None]
        den += weight
    out: F32 = (num / den[..., None]).astype(np.float32)
    return out


def _structure(grey: F32, sigma: float) -> tuple[F32, F32, F32]:
    """Unit vectors along the edges (the smoothed structure tensor's minor eigenvector), and how
    busy each place is, 0 (smooth) to 1 (clear edges or texture). In smooth areas the tangents
    lie horizontal, as broad strokes of sky or wall would."""
    gx = cv2.Sobel(grey, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(grey, cv2.CV_32F, 0, 1, ksize=3)
    exx = cv2.GaussianBlur(gx * gx, (0, 0), sigma)
    eyy = cv2.GaussianBlur(gy * gy, (0, 0), sigma) + 2e-4
    exy = cv2.GaussianBlur(gx * gy, (0, 0), sigma)
    theta = 0.5 * np.arctan2(2.0 * exy, exx - eyy)  # the gradient's direction
    # The local contrast (Sobel units on 0..1 grey): a soft sky gradient stays near 0, a leaf
    # or a roof edge saturates.
    # Measured over a smaller window than the orientation, so that strokes stop at an object's
    # outline instead of rippling out around it into the sky.
    near = max(1.0, sigma / 3.0)
    energy = np.sqrt(cv2.GaussianBlur(gx * gx + gy * gy, (0, 0), near))
    busy = np.clip((energy - 0.04) / 0.16, 0.0, 1.0).astype(np.float32)
    tx = (-np.sin(theta)).astype(np.float32)
    ty = np.cos(theta).astype(np.float32)
    return tx, ty, busy


def _canvas(height: int, width: int, size: float) -> F32:
    """A fine, regular canvas weave about three pixels a thread, zero mean, unit amplitude."""
    period = max(2.5, 3.0 * size)
    ys = np.arange(height, dtype=np.float32)[:, None] * np.float32(2.0 * np.pi / period)
    xs = np.arange(width, dtype=np.float32)[None, :] * np.float32(2.0 * np.pi / period)
    out: F32 = (np.sin(xs) * np.cos(ys)).astype(np.float32)
    return out


def _lic(noise: F32, tx: F32, ty: F32, steps: int) -> F32:
    """Line integral convolution: average `noise` along the streamlines of (tx, ty), both ways,
    with weights falling off along the stroke."""
    h, w = noise.shape
    gx, gy = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    field = np.ascontiguousarray(np.dstack([tx, ty]))
    acc = noise.copy()
    total = 1.0
    for sign in (1.0, -1.0):
        px, py = gx.copy(), gy.copy()
        dx, dy = sign * tx, sign * ty
        for i in range(steps):
            here = cv2.remap(field, px, py, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
            # The tangent has no sign: keep walking the way we came.
            flip = np.where(
                here[..., 0] * dx + here[..., 1] * dy < 0.0, np.float32(-1), np.float32(1)
            )
            dx, dy = here[..., 0] * flip, here[..., 1] * flip
            px, py = px + dx, py + dy
            weight = 1.0 - i / steps
            acc += weight * cv2.remap(
                noise, px, py, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT
            )
            total += weight
    out: F32 = (acc / total).astype(np.float32)
    return out
