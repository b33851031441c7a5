"""fog: drifting mist, thicker with distance.

Two layers of soft, horizontally stretched mist drift sideways at different speeds (the nearer
layer faster, for parallax). How much mist a pixel gets follows its distance (the scene's depth
map: far things fade into the fog, near ones keep their contrast) and a band around the horizon
where mist gathers. The fog rolls in from the clear photo and thins out again before the clip
ends, so the first frame is the photo and the clip loops. The mist is computed at a quarter of the
size (it is soft) and blended at full size.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from vivify.effects._light import unit, window
from vivify.effects.base import Effect, FrameFn, RenderContext, param, register
from vivify.effects.fields import F32, fractal_noise
from vivify.types import RGB

_SHRINK = 4  # the mist is computed at 1/4 of the size


@register
@dataclass(frozen=True)
class Fog(Effect):
    name = "fog"
    version = "1.0.0"
    summary = "Mist drifts through the scene, thicker in the distance."
    needs = ("sky", "depth")
    order = 32

    density: float = param(1.0, 0.1, 2.0, "how thick the fog is; 1 hides the far distance")
    speed: float = param(1.0, 0.0, 4.0, "drift speed; 1 moves the mist a tenth of the frame in 5 s")
    direction: float = param(1.0, -1.0, 1.0, "drift direction: 1 to the right, -1 to the left")

    def prepare(self, ctx: RenderContext) -> FrameFn:
        h, w = ctx.height, ctx.width
        u = unit(ctx)
        scene = ctx.scene
        rng = ctx.rng(self.name)
        hl, wl = max(2, h // _SHRINK), max(2, w // _SHRINK)

        # How much fog each pixel can take: far things most, the sky fully, near things little.
        sky = np.clip(scene.sky, 0.0, 1.0)
        far = np.clip(1.15 * (1.0 - np.clip(scene.depth, 0.0, 1.0)), 0.0, 1.0)
        reach = np.maximum(sky, far)
        horizon = scene.horizon if scene.horizon is not None else 0.45
        rows = np.arange(h, dtype=np.float32)[:, None] / max(h - 1, 1)
        band = 0.55 + 0.45 * np.exp(-(((rows - horizon) / 0.3) ** 2))
        thickness = (reach * band).astype(np.float32)
        thick_small = cv2.resize(thickness, (wl, hl), interpolation=cv2.INTER_AREA)

        # Two mist layers, wider than the frame by the distance they drift in a clip.
        velocity = self.direction * self.speed * 20.0 * u / _SHRINK  # low-res px per second
        travel = int(np.ceil(abs(velocity) * 1.6 * ctx.duration)) + 4
        layers = []
        for stretch, rate in ((3.5, 1.0), (2.5, 1.6)):
            lw = wl + travel
            base = fractal_noise(rng, hl, max(2, int(lw / stretch)), scale=max(hl / 4.0, 2.0))
            layer = cv2.resize(base, (lw, hl), interpolation=cv2.INTER_CUBIC)
            layers.append((np.ascontiguousarray(layer, np.float32), velocity * rate))
        start = travel // 2 if velocity >= 0 else 2

        colour = _fog_colour(ctx)
        amount = float(np.clip(1.1 * self.density, 0.0, 2.0))
        duration = ctx.duration
        ramp = min(0.3 * duration, 1.5)

        def mist(t: float) -> F32:
            total = np.zeros((hl, wl), np.float32)
            for (layer, v), weight in zip(layers, (0.6, 0.4), strict=True):
                # dst(x) = layer(x + start - v·t): the mist moves by v·t.
                m = np.array([[1.0, 0.0, start - v * t], [0.0, 1.0, 0.0]], np.float32)
                total += weight * cv2.warpAffine(
                    layer,
                    m,
                    (wl, hl),
                    flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                    borderMode=cv2.BORDER_REFLECT,
                )
            return total

        def apply(frame: RGB, t: float) -> RGB:
            level = window(t, duration, ramp)
            if level <= 0.0:
                return frame
            m = np.clip((mist(t) - 0.25) * 2.2, 0.0, 1.0)
            small = thick_small * (0.2 + 0.8 * m * m * (3.0 - 2.0 * m))
            alpha = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
            alpha = np.clip(alpha * (amount * level), 0.0, 0.97)
            a3 = cv2.merge([alpha, alpha, alpha])
            out = cv2.multiply(frame, 1.0 - a3, dtype=cv2.CV_32F)
            out = cv2.add(out, cv2.multiply(a3, colour))
            return cv2.convertScaleAbs(out)

        return apply


def _fog_colour(ctx: RenderContext) -> tuple[float, float, float, float]:
    """A light, slightly cool grey, leaning towards the colour of the haze at the horizon."""
    grey = np.array([222.0, 226.0, 230.0], np.float32)
    sky = ctx.scene.sky
    if float(sky.mean()) > 0.02:
        low = (sky > 0.5) & (np.arange(ctx.height)[:, None] > 0.5 * (sky > 0.5).sum(axis=0).max())
        if low.any():
            haze = ctx.photo[low].astype(np.float32).mean(axis=0)
            grey = 0.7 * grey + 0.3 * np.clip(haze, 150.0, 235.0)
    return (float(grey[0]), float(grey[1]), float(grey[2]), 0.0)
