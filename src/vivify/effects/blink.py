"""blink: eyes blink at least twice per clip, quickly, like a person (or a pet) at rest.

Each eye is warped in its own frame (along the eye, and down the face): the skin of the upper
eyelid, from below the brow to the lash line, is stretched down so that the lash line slides
over the eye to meet the lower lid, then back up. The eyeball stays where it is and is covered,
as in a real blink. The lid curves come from the face-mesh eye contours; everything outside
the eye and the lid above it is left untouched. An animal's eyes (`Scene.animal_eyes`, circles
found on the subject) get lids drawn from their circles the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from vivify.curves import ease_in_out
from vivify.effects._faces import (
    LEFT_BROW,
    LEFT_LOWER_LID,
    LEFT_UPPER_LID,
    RIGHT_BROW,
    RIGHT_LOWER_LID,
    RIGHT_UPPER_LID,
    FaceAxes,
    unchanged,
)
from vivify.effects.base import Effect, FrameFn, RenderContext, param, register
from vivify.effects.fields import F32
from vivify.types import RGB, AnimalEye

# A blink, in seconds: the lid falls fast, rests shut for a moment, and rises a little slower.
CLOSE_S = 0.07
SHUT_S = 0.04
OPEN_S = 0.11


@register
@dataclass(frozen=True)
class Blink(Effect):
    name = "blink"
    version = "1.1.0"
    summary = "Eyes blink: the upper eyelids close over the eyes for a moment, then open."
    needs = ("faces",)
    order = 25

    amount: float = param(1.0, 0.0, 1.0, "how far the eyelids close; 1 shuts the eyes")
    blinks: float = param(0.0, 0.0, 4.0, "blinks per clip; 0 picks two, one more per ~2.5 s")

    def prepare(self, ctx: RenderContext) -> FrameFn:
        if self.amount <= 0.0:
            return unchanged
        eyes: list[_Eye] = []
        for face in ctx.scene.faces:
            axes = FaceAxes.of(face)
            if axes is None:
                continue
            for upper, lower, brow in (
                (LEFT_UPPER_LID, LEFT_LOWER_LID, LEFT_BROW),
                (RIGHT_UPPER_LID, RIGHT_LOWER_LID, RIGHT_BROW),
            ):
                eye = _Eye.build(axes, upper, lower, brow, ctx.height, ctx.width)
                if eye is not None:
                    eyes.append(eye)
        if not eyes and len(ctx.scene.animal_eyes) == 2:
            eyes = _animal_eyes(ctx.scene.animal_eyes, ctx.height, ctx.width)
        if not eyes:
            return unchanged
        # Asked to blink, a face blinks at least twice: one blink is over before it is seen.
        count = round(self.blinks) or max(2, round(ctx.duration / 2.5))
        period = ctx.duration / count

        def closed(t: float) -> float:
            """How shut the eyes are at time t: 0 open .. 1 shut, one blink mid-period."""
            tau = (t % period) - 0.5 * period
            half = 0.5 * SHUT_S
            if -half <= tau <= half:
                return 1.0
            if -half - CLOSE_S < tau < -half:
                return ease_in_out((tau + half + CLOSE_S) / CLOSE_S)
            if half < tau < half + OPEN_S:
                return 1.0 - ease_in_out((tau - half) / OPEN_S)
            return 0.0

        def apply(frame: RGB, t: float) -> RGB:
            a = self.amount * closed(t)
            if a < 1e-4:
                return frame
            out = frame.copy()
            for eye in eyes:
                eye.apply(out, a)
            return out

        return apply


@dataclass(frozen=True)
class _Eye:
    """Per-pixel geometry of one eye over its box, in the eye's own coordinates: `r` runs down
    the face, `upper` is the lash line above each pixel, `gap` the eye's opening there, `top` the
    row above which the skin stays put."""

    box: tuple[int, int, int, int]
    origin: tuple[float, float]
    across: tuple[float, float]
    down: tuple[float, float]
    s: F32
    r: F32
    upper: F32
    gap: F32
    top: F32
    blur: int  # pixels: how far stretched lid skin is smoothed along the eye

    @classmethod
    def build(
        cls,
        axes: FaceAxes,
        upper_ids: tuple[int, ...],
        lower_ids: tuple[int, ...],
        brow_ids: tuple[int, ...],
        height: int,
        width: int,
    ) -> _Eye | None:
        pts = axes.points.astype(np.float64)
        origin = pts[list(upper_ids + lower_ids)].mean(axis=0)
        across, down = axes.across, axes.down

        def local(ids: tuple[int, ...]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
            rel = pts[list(ids)] - origin
            s, r = rel @ across, rel @ down
            order = np.argsort(s)
            return s[order], r[order]

        su, ru = local(upper_ids)
        sl, rl = local(lower_ids)
        sb, rb = local(brow_ids)
        s_lo, s_hi = float(min(su[0], sl[0])), float(max(su[-1], sl[-1]))
        opening = np.interp(su, sl, rl) - ru
        tallest = float(opening.max())
        if s_hi - s_lo < 4.0 or tallest < 1.5:
            return None
        # The skin that stretches: from a little above the lid's crease down to the lash line,
        # never reaching the brow.
        above = 1.3 * tallest
        brow_gap = float(np.min(ru - np.interp(su, sb, rb)))
        above = min(above, max(0.6 * brow_gap, tallest))
        # The box, in the image: corners of the eye's local rectangle.
        corners = [
            origin + s * across + r * down
            for s in (s_lo - 2.0, s_hi + 2.0)
            for r in (float(ru.min()) - above - 2.0, float(rl.max()) + 2.0)
        ]
        c = np.array(corners)
        x0, y0 = np.floor(c.min(axis=0)).astype(int)
        x1, y1 = np.ceil(c.max(axis=0)).astype(int) + 1
        x0, y0 = max(0, int(x0)), max(0, int(y0))
        x1, y1 = min(width, int(x1)), min(height, int(y1))
        if x1 - x0 < 3 or y1 - y0 < 3:
            return None
        gx, gy = np.meshgrid(np.arange(x0, x1, dtype=np.float64), np.arange(y0, y1))
        s = (gx - origin[0]) * across[0] + (gy - origin[1]) * across[1]
        r = (gx - origin[0]) * down[0] + (gy - origin[1]) * down[1]
        upper = np.interp(s, su, ru)
        lower = np.interp(s, sl, rl)
        inside = (s > s_lo) & (s < s_hi)
        gap = np.where(inside, np.maximum(lower - upper, 0.0), 0.0)
        return cls(
            box=(y0, y1, x0, x1),
            origin=(float(origin[0]), float(origin[1])),
            across=(float(across[0]), float(across[1])),
            down=(float(down[0]), float(down[1])),
            s=s.astype(np.float32),
            r=r.astype(np.float32),
            upper=upper.astype(np.float32),
            gap=gap.astype(np.float32),
            top=(upper - above).astype(np.float32),
            blur=max(3, round(0.3 * tallest) | 1),
        )

    def apply(self, out: RGB, amount: float) -> None:
        """Close the eye by `amount` (0..1) in place in `out` (a copy the caller owns)."""
        r, upper, top = self.r, self.upper, self.top
        lash = upper + amount * self.gap  # where the lash line is now
        # Above the lash line: the lid's skin, stretched down from `top`. The stretch is in the
        # middle of the lid; at `top` and at the lash line the skin keeps its scale, so there is
        # no kink above and the lashes stay sharp.
        span = np.maximum(lash - top, 1e-3)
        v = np.clip((r - top) / span, 0.0, 1.0)
        alpha = np.minimum(span / np.maximum(upper - top, 1e-3), 2.5)
        lid = top + (upper - top) * (alpha * v + (1.0 - alpha) * v * v * (3.0 - 2.0 * v))
        src_r = np.where(r < top, r, np.where(r < lash, lid, upper + (r - lash)))
        ox, oy = self.origin
        ax, ay = self.across
        dx, dy = self.down
        map_x = (ox + self.s * ax + src_r * dx).astype(np.float32)
        map_y = (oy + self.s * ay + src_r * dy).astype(np.float32)
        y0, y1, x0, x1 = self.box
        here = out[y0:y1, x0:x1]
        lid_now = cv2.remap(out, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        # Stretching the lid draws its lashes and creases out into streaks: where the skin is
        # stretched most, use it smoothed along the eye instead.
        rate = (upper - top) / span * (alpha + (1.0 - alpha) * 6.0 * v * (1.0 - v))
        smooth = np.clip(1.5 * (1.0 - rate), 0.0, 1.0) * (r >= top) * (r < lash)
        if smooth.max() > 0.05:
            along = cv2.blur(here, (self.blur, 1))
            soft = cv2.remap(along, map_x - x0, map_y - y0, cv2.INTER_LINEAR,
                             borderMode=cv2.BORDER_REPLICATE)  # fmt: skip
            lid_now = _mix(lid_now, soft, smooth)
        # The lid covers the eye up to the lash line, antialiased over one pixel.
        out[y0:y1, x0:x1] = _mix(here, lid_now, np.clip(lash + 0.5 - r, 0.0, 1.0))


_ARC = 9  # points along each synthetic lid


def _animal_eyes(found: tuple[AnimalEye, ...], height: int, width: int) -> list[_Eye]:
    """An animal's eyes (a centre and a radius each, see `vivify.scene.eyes`) as lids: the
    eye's upper and lower halves, and the fur a little above it standing in for the brow.
    The pair's own axis tilts them with the head."""
    a, b = found
    span = np.array([b.x - a.x, b.y - a.y])
    apart = float(np.hypot(*span))
    if apart < 1.0:
        return []
    across = span / apart
    down = np.array([-across[1], across[0]])
    theta = np.linspace(np.pi, 0.0, _ARC)[:, None]
    points = []
    for found_eye in (a, b):
        centre = np.array([found_eye.x, found_eye.y])
        r = found_eye.r
        side = centre + r * np.cos(theta) * across
        lid = 0.8 * r * np.sin(theta) * down
        points += [side - lid, side + lid, centre + 1.1 * r * np.cos(theta) * across
                   - (0.9 * r * down + lid)]  # fmt: skip
    axes = FaceAxes(points=np.concatenate(points).astype(np.float32), across=across,
                    down=down, size=apart)  # fmt: skip
    out = []
    for first in (0, 3 * _ARC):
        upper, lower, brow = (
            tuple(range(first + i * _ARC, first + (i + 1) * _ARC)) for i in range(3)
        )
        eye = _Eye.build(axes, upper, lower, brow, height, width)
        if eye is not None:
            out.append(eye)
    return out


def _mix(a: RGB, b: RGB, weight: NDArray[np.float64]) -> RGB:
    """a·(1 − weight) + b·weight, per pixel, back to uint8."""
    fa = a.astype(np.float32)
    mixed = fa + (b.astype(np.float32) - fa) * weight[..., None].astype(np.float32)
    return np.clip(mixed + 0.5, 0, 255).astype(np.uint8)
