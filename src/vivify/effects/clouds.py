"""clouds: the sky drifts sideways; soft clouds are added where the sky is clear.

The drift loops by cross-fading two copies of the sky that are one loop-length of travel apart
(the cinemagraph technique), so the last frame flows into the first. Added clouds are blended so
that their contrast stays constant through the cross-fade (variance-preserving blending, as in
Neyret's "Advected textures", 2003); a plain blend would make them fade out mid-loop.

Added clouds are lit against the sky they are in: their tops are close to white, their undersides
(where there is cloud above) are shaded towards the sky's own colour, so they are always brighter
than the sky around them. On a pale, hazy sky that leaves little room, so the clouds are subtle
but keep their shape: the undersides may then dip a few levels below the sky, never more. The
sky's reference colour is taken per row (a bright percentile), so it is the same wherever the
clouds drift to.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from vivify.effects.base import Effect, FrameFn, RenderContext, param, register
from vivify.effects.fields import F32, bbox, blend, fill_from, fractal_noise
from vivify.scene.masks import scale_of
from vivify.types import RGB


@register
@dataclass(frozen=True)
class Clouds(Effect):
    name = "clouds"
    version = "1.2.0"
    summary = "The sky drifts; soft clouds appear if the sky is clear."
    needs = ("sky",)
    order = 10
    # Clouds added to a clear sky gather in over the first third of the clip and thin out over
    # the last third, so frame 0 is the photo and the loop is seamless.
    overlay = False

    speed: float = param(1.0, 0.1, 4.0, "drift speed; 1 crosses about a sixth of the frame in 5 s")
    direction: float = param(1.0, -1.0, 1.0, "drift direction: 1 to the right, -1 to the left")
    cover: float = param(0.5, 0.0, 1.0, "how many clouds to add to a clear sky (0 adds none)")

    def prepare(self, ctx: RenderContext) -> FrameFn:
        sky = ctx.scene.sky
        box = bbox(sky)
        if box is None:
            return _unchanged
        y0, y1, x0, x1 = box
        mask = np.ascontiguousarray(sky[y0:y1, x0:x1])
        texture = fill_from(ctx.photo, sky)[y0:y1, x0:x1]
        density = self._cloud_density(ctx, texture, mask)
        h, w = mask.shape
        mean_cover = float(density.mean()) * 255.0
        velocity = self.direction * self.speed * 36.0 * scale_of(ctx.height, ctx.width)  # px/s
        period = ctx.duration
        inverse = (1.0 - mask).astype(np.float32)
        # Per frame everything is uint8, where OpenCV's warps and blends are fastest: the sky's
        # colour, and the added clouds' cover and light (RGB), each warped twice (one copy per
        # loop end).
        sky8 = _to_u8(texture)
        clouds8 = _to_u8(np.dstack([density * 255.0, _cloud_light(density, texture, mask)]))

        def shifted(image: NDArray[np.uint8], dx: float) -> NDArray[np.uint8]:
            m = np.array([[1.0, 0.0, dx], [0.0, 1.0, 0.0]], np.float32)
            return cv2.warpAffine(
                image, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT
            )

        def apply(frame: RGB, t: float) -> RGB:
            t = t % period
            if t == 0.0:  # the photo itself (the extended sky differs at the sky's soft edge)
                return frame
            a = t / period
            d1, d2 = velocity * t, velocity * (t - period)
            sky_now = cv2.addWeighted(shifted(sky8, d1), 1.0 - a, shifted(sky8, d2), a, 0.0)
            if mean_cover > 0.0:
                c1, c2 = shifted(clouds8, d1), shifted(clouds8, d2)
                # Variance-preserving blend of the two covers keeps the clouds' contrast
                # (saturating uint8 arithmetic does the clipping to 0..255).
                norm = float(np.sqrt((1.0 - a) ** 2 + a**2))
                cover8 = cv2.addWeighted(
                    c1[..., 0],
                    (1.0 - a) / norm,
                    c2[..., 0],
                    a / norm,
                    mean_cover * (1.0 - 1.0 / norm),
                )
                light = cv2.addWeighted(c1[..., 1:], 1.0 - a, c2[..., 1:], a, 0.0)
                cover = cover8.astype(np.float32) * (_gather(a) / 255.0)
                sky_now = cv2.blendLinear(light, sky_now, cover, 1.0 - cover)
            out = frame.copy()
            out[y0:y1, x0:x1] = blend(frame[y0:y1, x0:x1], sky_now, mask, inverse)
            return out

        return apply

    def _cloud_density(self, ctx: RenderContext, texture: F32, mask: F32) -> F32:
        """Cloud opacity to add: none on an already cloudy sky, more the clearer it is."""
        h, w = mask.shape
        inside = mask > 0.5
        if self.cover <= 0.0 or not inside.any():
            return np.zeros((h, w), np.float32)
        lum = texture.mean(axis=2)
        detail = float(np.std(cv2.Laplacian(lum, cv2.CV_32F)[inside]))
        clearness = float(np.clip(1.0 - detail / 6.0, 0.0, 1.0))
        if clearness <= 0.05:
            return np.zeros((h, w), np.float32)
        noise = fractal_noise(ctx.rng(self.name), h, w, scale=max(h, w) / 3.0)
        threshold = 1.0 - 0.55 * self.cover
        density = np.clip((noise - threshold + 0.35) / 0.35, 0.0, 1.0) ** 1.5
        out: F32 = (density * 0.95 * clearness).astype(np.float32)
        return out


# The colour of a cloud's sunlit top.
_WHITE = np.array([255.0, 255.0, 255.0], np.float32)


def _cloud_light(density: F32, texture: F32, mask: F32) -> F32:
    """The added clouds' colour (H×W×3): near white on top, the undersides shaded towards the
    sky's colour, i.e. always lighter than the sky, except on a very pale sky where the shading
    may dip a few levels below it so that the clouds keep their shape."""
    h = density.shape[0]
    # The sky's reference colour per row: a bright percentile of the sky pixels in that row
    # (in rows without sky, of the sky extended into them), smoothed down the rows. A per-row
    # reference does not change as the clouds drift sideways.
    inside = mask > 0.5
    counts = inside.sum(axis=1)
    fallback = np.percentile(texture[inside], 90, axis=0) if inside.any() else texture.mean((0, 1))
    ref = np.empty((h, 3), np.float32)
    for y in range(h):
        pixels = texture[y][inside[y]] if counts[y] > 0 else texture[y]
        ref[y] = np.percentile(pixels, 90, axis=0) if pixels.size else fallback
    ref = cv2.GaussianBlur(ref[:, None, :], (0, 0), max(1.0, h / 40))[:, 0, :]
    # Self-shadowing: the more cloud there is just above a pixel, the darker its underside.
    soft = cv2.GaussianBlur(density, (0, 0), max(1.0, h / 100))
    reach = max(3, h // 12)
    kernel = np.zeros((2 * reach + 1, 1), np.float32)
    kernel[:reach] = 1.0 / reach  # the rows above (filter2D correlates)
    above = cv2.filter2D(soft, -1, kernel, borderType=cv2.BORDER_CONSTANT)
    peak = max(float(soft.max()), 1e-3)
    shade = np.clip(above / peak, 0.0, 1.0) * np.clip(soft / peak * 2.0, 0.0, 1.0)
    shade = cv2.GaussianBlur(shade, (0, 0), max(1.0, h / 150))
    lit = 1.0 - 0.8 * shade  # 1 on the tops, 0.2 in the deepest bellies
    room = np.clip(_WHITE - ref, 0.0, None)  # how much lighter than the sky a cloud can be
    light = ref[:, None, :] + room[:, None, :] * lit[..., None]
    # A pale sky leaves little room: shade the undersides a few levels below it, for shape.
    pale = np.clip((ref.mean(axis=1) - 190.0) / 40.0, 0.0, 1.0)
    light -= (8.0 * pale)[:, None, None] * shade[..., None]
    out: F32 = light.astype(np.float32)
    return out


def _gather(a: float) -> float:
    """How much of the added cloud is there at `a` (0..1 through the loop): none at either end."""
    return min(1.0, 1.6 * float(np.sin(np.pi * a)) ** 2)


def _to_u8(image: NDArray[np.float32]) -> NDArray[np.uint8]:
    return np.ascontiguousarray(np.clip(image + 0.5, 0, 255).astype(np.uint8))


def _unchanged(frame: RGB, t: float) -> RGB:
    return frame
