"""wind: vegetation and hair sway in gusts, anchored where they are rooted.

The displacement is a sum of fields precomputed once; each frame only mixes them with a few
time-dependent weights, then remaps the region that can move.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from vivify.curves import gusts, loop_cycles
from vivify.effects.base import Effect, FrameFn, RenderContext, param, register
from vivify.effects.fields import F32, bbox, smooth_noise
from vivify.scene.masks import scale_of
from vivify.types import RGB, Mask, Scene


@register
@dataclass(frozen=True)
class Wind(Effect):
    name = "wind"
    version = "1.2.0"
    summary = (
        "Vegetation, hair and fabric sway in gusts, more at the tips than at the roots. With "
        "no plants in the photo, the main subject sways, hinged where it is held."
    )
    needs = ("vegetation", "hair", "subject")
    order = 20

    strength: float = param(1.0, 0.1, 3.0, "how far things sway; 1 is a fresh breeze")
    direction: float = param(1.0, -1.0, 1.0, "where the wind blows: 1 to the right, -1 to the left")
    fur: float = param(0.0, 0.0, 1.0, "1: ruffle the main subject's fur or feathers, not plants")

    def prepare(self, ctx: RenderContext) -> FrameFn:
        scene = ctx.scene
        s = scale_of(ctx.height, ctx.width)
        if self.fur > 0.0 and scene.subject is not None:
            return self._ruffle(ctx, scene.subject)
        weight = _tip_weight(scene.vegetation) + 0.7 * scene.hair
        if scene.subject is not None and _sways(scene):
            weight = np.maximum(weight, _hinged(scene.subject))
        box = bbox(weight)
        if box is None:
            return _unchanged
        weight = cv2.GaussianBlur(np.clip(weight, 0, 1), (0, 0), sigmaX=2.0 * max(s, 0.5))
        y0, y1, x0, x1 = box
        weight = weight[y0:y1, x0:x1]
        h, w = weight.shape
        rng = ctx.rng(self.name)
        # A slow wave travels across the foliage; leaves flutter on their own, faster.
        xs = np.linspace(0, 1, w, dtype=np.float32)[None, :] * (w / (90.0 * s)) * 2 * np.pi
        wave = xs + 1.5 * smooth_noise(rng, h, w, 60 * s)
        flutter = 2 * np.pi * smooth_noise(rng, h, w, 14 * s)
        # A gentle breeze (strength 0.5) still moves leaves visibly; a gale moves them far.
        amp = 10.0 * s * (0.55 + 0.45 * self.strength)
        fields = {
            "sway_cos": amp * weight * np.cos(wave),
            "sway_sin": amp * weight * np.sin(wave),
            "flut_cos": 0.45 * amp * weight * np.cos(flutter),
            "flut_sin": 0.45 * amp * weight * np.sin(flutter),
            "lean": amp * weight,
        }
        grid_x, grid_y = np.meshgrid(
            np.arange(x0, x1, dtype=np.float32), np.arange(y0, y1, dtype=np.float32)
        )
        omega = 2 * np.pi * loop_cycles(ctx.duration, 1.0) / ctx.duration
        omega_f = 2 * np.pi * loop_cycles(ctx.duration, 0.45) / ctx.duration

        # Even the lulls keep leaves moving: the gusts (shared with the sound) scale the motion
        # between 0.45 and 1.
        def gust(t: float) -> float:
            return 0.45 + 0.55 * (float(gusts(t, ctx.duration, ctx.seed)) - 0.25) / 0.75

        g0 = gust(0.0)

        def displacement(t: float) -> tuple[F32, F32]:
            g = gust(t)
            # sin(ωt+φ) = sin ωt·cos φ + cos ωt·sin φ, minus its value at t=0: frame 0 is the photo.
            sway = (
                g * np.sin(omega * t) * fields["sway_cos"]
                + (g * np.cos(omega * t) - g0) * fields["sway_sin"]
            )
            flut = (
                g * np.sin(omega_f * t) * fields["flut_cos"]
                + (g * np.cos(omega_f * t) - g0) * fields["flut_sin"]
            )
            dx = self.direction * 0.8 * (g - g0) * fields["lean"] + sway + flut
            dy = 0.25 * sway - 0.5 * flut
            return dx, dy

        def apply(frame: RGB, t: float) -> RGB:
            dx, dy = displacement(t)
            map_x = grid_x - dx
            map_y = grid_y - dy
            out = frame.copy()
            out[y0:y1, x0:x1] = cv2.remap(
                frame, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT
            )
            return out

        return apply

    def _ruffle(self, ctx: RenderContext, subject: Mask) -> FrameFn:
        """Fur in the wind: tufts all over the coat flutter on their own, mostly downwind, and
        the coat's outline stays where it is (the animal does not move)."""
        s = scale_of(ctx.height, ctx.width)
        solid = (subject > 0.5).astype(np.uint8)
        # Full inside the coat, fading to nothing at its outline, so no background is dragged.
        inside = cv2.distanceTransform(solid, cv2.DIST_L2, 5)
        weight = self.fur * np.clip(inside / (6.0 * max(s, 0.5)), 0.0, 1.0).astype(np.float32)
        box = bbox(weight)
        if box is None:
            return _unchanged
        y0, y1, x0, x1 = box
        weight = weight[y0:y1, x0:x1]
        h, w = weight.shape
        rng = ctx.rng(self.name)
        amp = 3.0 * s * (0.6 + 0.4 * self.strength)
        # Waves of wind run across the coat (tufts some 40 pixels apart), a little irregular.
        xs = np.arange(w, dtype=np.float32)[None, :] / (40.0 * s) * 2 * np.pi
        phases = [xs * k + 1.2 * smooth_noise(rng, h, w, 30.0 * s) for k in (1.0, 0.6)]
        periods = (0.6, 0.9)
        omegas = [2 * np.pi * loop_cycles(ctx.duration, p) / ctx.duration for p in periods]
        grid_x, grid_y = np.meshgrid(
            np.arange(x0, x1, dtype=np.float32), np.arange(y0, y1, dtype=np.float32)
        )

        def apply(frame: RGB, t: float) -> RGB:
            g = 0.5 + 0.5 * float(gusts(t, ctx.duration, ctx.seed))
            along = np.zeros((h, w), np.float32)
            for phase, omega in zip(phases, omegas, strict=True):
                along += (np.sin(phase + omega * t) - np.sin(phase)).astype(np.float32)
            dx = (self.direction * amp * g) * weight * along
            dy = (0.4 * amp * g) * weight * np.roll(along, w // 3, axis=1)
            out = frame.copy()
            out[y0:y1, x0:x1] = cv2.remap(
                frame, grid_x - dx, grid_y - dy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT
            )
            return out

        return apply


def _tip_weight(mask: Mask) -> Mask:
    """Within each plant, 0 at its lowest row (the root) rising to 1 at its top (the tips)."""
    binary = (mask > 0.5).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    if count <= 1:
        return np.zeros_like(mask)
    bottom = (stats[:, cv2.CC_STAT_TOP] + stats[:, cv2.CC_STAT_HEIGHT]).astype(np.float32)
    height = np.maximum(stats[:, cv2.CC_STAT_HEIGHT], 1).astype(np.float32)
    # Plants cut by the bottom of the frame are rooted below it: what is seen is their upper part.
    cut = bottom >= mask.shape[0] - 1
    bottom = np.where(cut, bottom + height, bottom)
    height = np.where(cut, 2.0 * height, height)
    rows = np.arange(mask.shape[0], dtype=np.float32)[:, None]
    rise = np.clip((bottom[labels] - rows) / height[labels], 0.0, 1.0)
    # Even the lowest leaves move a little; only the trunk line itself is still.
    return (mask * (0.3 + 0.7 * rise**0.8) * (labels > 0)).astype(np.float32)


def _sways(scene: Scene) -> bool:
    """Whether the main subject sways as a whole: not if it is built or a person; yes when
    nothing else can (no plants, no hair), or when it is a plant itself (vivid, like a flower
    among its leaves, or mostly foliage). An animal lying in a meadow does not sway with the
    grass (its coat ruffles only when the prompt names it: `fur`)."""
    subject = scene.subject
    if subject is None or scene.subject_rigid:
        return False
    solid = subject > 0.5
    if solid.mean() < 0.005:
        return False
    if float(np.maximum(scene.vegetation, scene.hair).mean()) < 0.02:
        return True
    return scene.subject_natural or float((scene.vegetation[solid] > 0.5).mean()) > 0.3


def _hinged(subject: Mask) -> Mask:
    """Per part of the subject, 0 where it is held rising to 1 at its free end, so it sways like
    a stem, a tail or a hanging lamp, not like a slide. A part cut by the bottom of the frame is
    held there (a flower's stem, an animal's body); one that hangs from the top edge is held at
    the top; one cut by a side only, at that side; one that touches no edge floats and bobs."""
    h, w = subject.shape
    solid = (subject > 0.5).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(solid, connectivity=8)
    weight = np.zeros((h, w), np.float32)
    rows = np.arange(h, dtype=np.float32)[:, None]
    cols = np.arange(w, dtype=np.float32)[None, :]
    for i in range(1, count):
        x, y, bw, bh, area = (int(v) for v in stats[i])
        if area < 0.002 * h * w:
            continue
        part = labels == i
        bottom, right = y + bh, x + bw
        if bottom >= h - 1:
            rise = (bottom - rows) / max(bh, 1)
        elif y <= 0:
            rise = (rows - y) / max(bh, 1)
        elif x <= 0:
            rise = (cols - x) / max(bw, 1)
        elif right >= w - 1:
            rise = (right - cols) / max(bw, 1)
        else:  # held by nothing seen: it bobs as a whole, a little less at its lower end
            rise = 0.6 + 0.4 * (bottom - rows) / max(bh, 1)
        rise = np.broadcast_to(np.clip(rise, 0.0, 1.0), (h, w))
        weight[part] = (0.05 + 0.95 * rise**1.5)[part]
    soft = cv2.GaussianBlur(weight, (0, 0), 2.0)
    return (soft * np.clip(subject, 0.0, 1.0)).astype(np.float32)


def _unchanged(frame: RGB, t: float) -> RGB:
    return frame
