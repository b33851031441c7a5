"""Helpers the camera moves share: the transition clock and a soft extension past the frame."""

from __future__ import annotations

import cv2
import numpy as np

from vivify.curves import ease_in_out
from vivify.effects.base import RenderContext
from vivify.effects.fields import F32
from vivify.types import RGB


def progress(ctx: RenderContext, t: float, share: float = 1.0) -> float:
    """Eased 0..1 over the first `share` of the clip, arriving on its last frame."""
    last = max(ctx.duration - 1.0 / ctx.fps, 1e-6)
    return ease_in_out(t / max(share * last, 1e-6))


def about_centre(scale: float, cx: float, cy: float, dx: float = 0.0, dy: float = 0.0) -> F32:
    """The 2×3 affine matrix that scales about (cx, cy), then moves the picture by (dx, dy)."""
    return np.array(
        [[scale, 0.0, (1.0 - scale) * cx + dx], [0.0, scale, (1.0 - scale) * cy + dy]], np.float32
    )


def extend(rgb: RGB, mx: int, my: int) -> RGB:
    """The picture with a margin of `mx`, `my` pixels that continues it softly, never as a mirror.

    The margin is the frame's outermost pixels stretched outwards, blurred as widely as the
    distance past the edge (so each point only carries the edge's average colour round it, not
    its shapes), fading further out into a heavily blurred copy of the whole picture, and a
    little darker towards the far edge, like a lens's fall-off. A mirror would repeat whatever
    distinctive thing touches the edge (a face, a tree) the wrong way round."""
    h, w = rgb.shape[:2]
    if mx == 0 and my == 0:
        return rgb.copy()
    stretched = cv2.copyMakeBorder(rgb, my, my, mx, mx, cv2.BORDER_REPLICATE)
    ys = np.arange(h + 2 * my, dtype=np.float32)[:, None]
    xs = np.arange(w + 2 * mx, dtype=np.float32)[None, :]
    out_y = np.maximum(np.maximum(my - ys, ys - (my + h - 1)), 0.0)
    out_x = np.maximum(np.maximum(mx - xs, xs - (mx + w - 1)), 0.0)
    distance = np.hypot(out_x, out_y)  # 0 inside, pixels past the edge outside
    reach = float(max(mx, my, 1))
    base = stretched.astype(np.float32)
    levels, sigmas = [base], [0.0]
    for share in (0.02, 0.06, 0.15, 0.4):
        sigma = max(sigmas[-1] + 1.0, share * reach)
        levels.append(_blur(base, sigma))
        sigmas.append(sigma)
    # Blur as wide as the distance past the edge: interpolate between the levels.
    want = distance
    out = base
    for i in range(1, len(levels)):
        lo, hi = sigmas[i - 1], sigmas[i]
        a = np.clip((want - lo) / (hi - lo), 0.0, 1.0)[..., None]
        out = out * (1.0 - a) + levels[i] * a
    # Further out, the stretch fades into a blurred copy of the whole picture.
    far = _blur(base, max(reach, 0.15 * max(h, w)))
    fade = np.clip((distance - 0.2 * reach) / (0.8 * reach), 0.0, 1.0)[..., None]
    out = out * (1.0 - fade) + far * fade
    out *= (1.0 - 0.2 * np.clip(distance / reach, 0.0, 1.0))[..., None]
    result: RGB = np.clip(out + 0.5, 0, 255).astype(np.uint8)
    result[my : my + h, mx : mx + w] = rgb
    return result


def _blur(img: F32, sigma: float) -> F32:
    """A Gaussian blur; wide ones are done at a reduced size, which looks the same."""
    factor = max(1, int(sigma // 4))
    if factor == 1:
        out: F32 = cv2.GaussianBlur(img, (0, 0), sigma)
        return out
    h, w = img.shape[:2]
    small = cv2.resize(
        img, (max(1, w // factor), max(1, h // factor)), interpolation=cv2.INTER_AREA
    )
    small = cv2.GaussianBlur(small, (0, 0), sigma / factor)
    out = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
    return out
