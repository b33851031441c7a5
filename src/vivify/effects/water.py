"""water: the sea, a lake or a river ripples and shimmers; with a horizon, waves roll in.

The water surface is a sum of travelling waves laid out on the ground plane and seen through a
simple pinhole camera whose horizon is the scene's: wavelengths and heights shrink toward the
horizon and grow toward the viewer, and crests are squashed by the grazing view. Each wave moves
the reflections (a displacement of a few pixels near the camera) and shades them by its slope;
glints twinkle where the water is bright. Every wave has a whole number of cycles per clip, and
the field is taken relative to its value at t = 0, so frame 0 is the photo and the clip loops.

Water that is not open (a river, a stream, a waterfall: no wide sheet meeting the horizon) flows
instead: its texture is carried along the stream (the direction of its streaks, or of its banks),
downhill, with a two-phase flow map so that it never tears and loops exactly.

Per clip, the fields are computed once at half resolution over the water's bounding box and
stacked; each frame mixes them with one small matrix product, resizes, and remaps the box.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from vivify.curves import loop_cycles
from vivify.effects.base import Effect, FrameFn, RenderContext, param, register
from vivify.effects.fields import F32, bbox, blend, fill_from, smooth_noise
from vivify.scene.masks import scale_of
from vivify.types import RGB, Mask

# (period s, wavelength near the camera as a fraction of the water's depth in rows, height in
# pixels at a 720-pixel short side, direction on the water: 0 rolls straight at the viewer)
SWELL = ((2.6, 0.16, 1.6, 0.15), (1.9, 0.11, 1.0, -0.35))
RIPPLES = ((1.3, 0.05, 1.6, 1.1), (1.0, 0.035, 1.2, -0.9), (0.8, 0.025, 0.9, 2.4))
GLINT_PERIODS = (0.7, 0.55, 0.45)
# (period s, crest spacing on screen in pixels at a 720-pixel short side)
SHIMMER = ((0.9, 14.0), (0.7, 9.0))
# Shimmer: the waver's height in pixels at a 720-pixel short side near the camera, the share of
# it left on the farthest water, and how much it shades. Distant water is mostly smooth light,
# so what shows its ripples there is light and dark bands moving, not displacement alone.
SHIMMER_AMP = 4.5
FAR_GAIN = 0.6
SHIMMER_SHADE = 0.1


@dataclass(frozen=True)
class _Wave:
    """One travelling wave: its phase at t = 0 per pixel, its angular frequency, and the
    per-pixel weights of its horizontal and vertical displacement and of its shading."""

    cos: F32
    sin: F32
    omega: float
    ax: F32 | None
    ay: F32
    shade: F32


@register
@dataclass(frozen=True)
class Water(Effect):
    name = "water"
    version = "1.2.0"
    summary = (
        "Water ripples and shimmers; where there is a horizon, gentle waves roll in; rivers, "
        "streams and falls flow along their course."
    )
    needs = ("water",)
    order = 15

    strength: float = param(1.0, 0.0, 3.0, "how far ripples move things; 1 is a light breeze")
    waves: float = param(1.0, 0.0, 2.0, "height of the waves rolling in from the horizon")
    sparkle: float = param(0.5, 0.0, 1.0, "how much sunlight glints on the water")

    def prepare(self, ctx: RenderContext) -> FrameFn:
        water = ctx.scene.water
        box = bbox(water, threshold=0.01, pad=2)
        if box is None or not (water > 0.5).any():
            return _unchanged
        if self.strength <= 0.0 and self.waves <= 0.0 and self.sparkle <= 0.0:
            return _unchanged
        course = stream_course(water, ctx.photo, ctx.scene.horizon)
        if course is not None:
            return _flow(ctx, water, box, course, max(self.strength, 0.3))
        y0, y1, x0, x1 = box
        h, w = y1 - y0, x1 - x0
        s = scale_of(ctx.height, ctx.width)
        rows = np.nonzero((water > 0.5).any(axis=1))[0]
        top, bottom = float(rows[0]), float(rows[-1])
        if ctx.scene.horizon is not None:
            vanish = min(ctx.scene.horizon * ctx.height, top - 1.0)
            swell = self.waves
        else:  # no horizon: a gentle made-up perspective, and no waves rolling in
            vanish = top - max(bottom - top, 8.0)
            swell = 0.0
        depth = max(bottom - vanish, 4.0)  # rows from the vanishing line to the nearest water
        focal = float(max(ctx.height, ctx.width))

        # The half-resolution grid the fields live on, in layer pixels.
        hs, ws = max(2, -(-h // 2)), max(2, -(-w // 2))
        ys = y0 + (np.arange(hs) + 0.5) * (h / hs) - 0.5
        xs = x0 + (np.arange(ws) + 0.5) * (w / ws) - 0.5
        gx, gy = np.meshgrid(xs, ys)
        rise = np.maximum(gy - vanish, 0.5)
        near = np.clip(rise / depth, 0.0, 1.0)  # 1 at the nearest water, 0 at the horizon
        ground_x = (gx - 0.5 * ctx.width) / rise  # where each pixel lies on the water plane
        ground_z = focal / rise
        mask = cv2.resize(water[y0:y1, x0:x1], (ws, hs), interpolation=cv2.INTER_AREA)
        photo = ctx.photo[y0:y1, x0:x1]
        lum = cv2.resize(
            cv2.cvtColor(photo, cv2.COLOR_RGB2GRAY), (ws, hs), interpolation=cv2.INTER_AREA
        ).astype(np.float64)
        rng = ctx.rng(self.name)

        def wave(
            period: float, length: float, height: float, angle: float, ripple: bool, lit: float
        ) -> _Wave:
            # Ground wavenumber such that, at the nearest water, crests rolling straight in are
            # `length` × depth apart on screen (and never finer than a few pixels).
            k = 2.0 * np.pi * depth**2 / (focal * max(length * depth, 10.0 * s))
            kx, kz = k * np.sin(angle), k * np.cos(angle)
            phase = kx * ground_x + kz * ground_z + rng.uniform(0.0, 2.0 * np.pi)
            # Its screen wavelength here: waves finer than a few pixels fade out (no aliasing).
            px, py = kx / rise, -(kx * ground_x + kz * ground_z) / rise
            spatial = np.hypot(px, py) + 1e-9
            on_screen = 2.0 * np.pi / spatial
            fade = np.clip((on_screen - 4.0) / 8.0, 0.0, 1.0)
            # Far water moves less on screen, but never stands still: a lake seen far off
            # still ripples visibly.
            weight = mask * (0.35 + 0.65 * near) * fade * height * s
            omega = 2.0 * np.pi * loop_cycles(ctx.duration, period) / ctx.duration
            ay = weight * (py / spatial if ripple else 1.0)
            ax = weight * px / spatial if ripple else None
            # Slopes facing the sky mirror more light: shading follows the wave's slope.
            shade = mask * near * fade * lum * (0.02 if ripple else 0.03) * lit
            return _Wave(
                cos=np.cos(phase).astype(np.float32),
                sin=np.sin(phase).astype(np.float32),
                omega=omega,
                ax=None if ax is None else ax.astype(np.float32),
                ay=ay.astype(np.float32),
                shade=shade.astype(np.float32),
            )

        waves: list[_Wave] = []
        if swell > 0.0:
            for period, length, height, angle in SWELL:
                waves.append(wave(period, length, height * swell, angle, False, swell))
        if self.strength > 0.0:
            lit = min(self.strength, 1.5)
            for period, length, height, angle in RIPPLES:
                waves.append(wave(period, length, height * self.strength, angle, True, lit))
            # Shimmer: seen from afar, ripples are fine level lines that waver. Laid out on the
            # screen rather than the water, so distant water (where perspective ripples are
            # finer than a pixel) still moves.
            for period, length in SHIMMER:
                k = 2.0 * np.pi / (length * max(s, 0.25))
                phase = k * (gy + 0.08 * gx) + 1.2 * smooth_noise(rng, hs, ws, 40.0 * s + 2.0)
                depth_gain = FAR_GAIN + (1.0 - FAR_GAIN) * near**1.5  # less far off than near
                amp = mask * depth_gain * SHIMMER_AMP * s * (0.5 + 0.5 * min(self.strength, 2.0))
                omega = 2.0 * np.pi * loop_cycles(ctx.duration, period) / ctx.duration
                waves.append(
                    _Wave(
                        cos=np.cos(phase).astype(np.float32),
                        sin=np.sin(phase).astype(np.float32),
                        omega=omega,
                        ax=None,
                        ay=amp.astype(np.float32),
                        shade=(mask * depth_gain * lum * SHIMMER_SHADE * lit).astype(np.float32),
                    )
                )

        # Fields, stacked for one matrix product per frame. A wave with phase φ(x) contributes
        #   cos(φ+ωt) − cos φ = cos φ·(cos ωt − 1) − sin φ·sin ωt   to the displacement,
        #   sin(φ+ωt) − sin φ = sin φ·(cos ωt − 1) + cos φ·sin ωt   to the shading (its slope);
        # glints are a fourth output. `terms` says, per field: output row, frequency, which weight.
        fields: list[F32] = []
        terms: list[tuple[int, float, int]] = []  # kind 0: cos ωt − 1, 1: sin ωt, 2: −sin ωt
        for wv in waves:
            for row, gain in ((0, wv.ax), (1, wv.ay)):
                if gain is not None:
                    fields += [wv.cos * gain, wv.sin * gain]
                    terms += [(row, wv.omega, 0), (row, wv.omega, 2)]
            fields += [wv.sin * wv.shade, wv.cos * wv.shade]
            terms += [(2, wv.omega, 0), (2, wv.omega, 1)]
        # Glitter: small highlights, stretched along the water as sunlight on wavelets is. Their
        # noise is zero at t = 0 and spreads within a fraction of a second.
        for period in GLINT_PERIODS:
            omega = 2.0 * np.pi * loop_cycles(ctx.duration, period) / ctx.duration
            for kind in (1, 0):
                small = smooth_noise(rng, hs, -(-ws // 2), 1.0)
                fields.append(cv2.resize(small, (ws, hs), interpolation=cv2.INTER_LINEAR))
                terms.append((3, omega, kind))
        stack = np.stack([np.ascontiguousarray(f, np.float32).ravel() for f in fields])
        rows_of = np.array([r for r, _, _ in terms])
        omegas = np.array([o for _, o, _ in terms])
        kinds = np.array([k for _, _, k in terms])
        # Glints: where the water is bright, a little more near the camera.
        water_lum = lum[mask > 0.5]
        lo, hi = np.percentile(water_lum, (40, 98)) if water_lum.size else (128.0, 255.0)
        bright = np.clip((lum - lo) / max(hi - lo, 1.0), 0.0, 1.0)
        glint_gain = (
            self.sparkle * 160.0 * mask * (0.35 + 0.65 * bright) * (0.5 + 0.5 * near)
        ).astype(np.float32)
        typical = 2.0 * np.sqrt(0.5 * len(GLINT_PERIODS))  # typical spread of the glint noise
        threshold, softness = 2.3 * typical, 0.8 * typical
        gx_full, gy_full = np.meshgrid(
            np.arange(x0, x1, dtype=np.float32), np.arange(y0, y1, dtype=np.float32)
        )
        grid = np.ascontiguousarray(np.dstack([gx_full, gy_full]))
        duration = ctx.duration

        def apply(frame: RGB, t: float) -> RGB:
            if abs(np.sin(np.pi * t / duration)) < 1e-9:  # t = 0 (mod the clip): the photo
                return frame
            wt = omegas * t
            weight = np.where(kinds == 0, np.cos(wt) - 1.0, np.sin(wt))
            weight[kinds == 2] *= -1.0
            mix = np.zeros((4, len(terms)), np.float32)
            mix[rows_of, np.arange(len(terms))] = weight
            dx, dy, shade, glint = (mix @ stack).reshape(4, hs, ws)
            glint -= threshold
            glint *= 1.0 / softness
            np.clip(glint, 0.0, 1.0, out=glint)
            light = shade + glint_gain * glint * glint
            move = cv2.resize(np.dstack([dx, dy]), (w, h), interpolation=cv2.INTER_LINEAR)
            moved = cv2.remap(
                frame, grid + move, None, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT
            )
            light = cv2.resize(light, (w, h), interpolation=cv2.INTER_LINEAR)
            # Add the light (white, so equal in each channel) with uint8 saturation.
            brighter = cv2.convertScaleAbs(np.maximum(light, 0.0))
            darker = cv2.convertScaleAbs(np.minimum(light, 0.0))
            moved = cv2.add(moved, cv2.merge([brighter, brighter, brighter]))
            moved = cv2.subtract(moved, cv2.merge([darker, darker, darker]))
            out = frame.copy()
            out[y0:y1, x0:x1] = moved
            return out

        return apply


def stream_course(water: Mask, photo: RGB, horizon: float | None) -> tuple[float, float] | None:
    """The direction (dx, dy) a river, stream or fall flows on screen, or None for water that
    lies level across the view (a lake, the sea, a pond): that ripples and rolls instead.

    The course is the water's long axis, or the direction of its streaks (falling water and
    foam trails run along the flow) when they are clear. Water whose course runs within 30
    degrees of level is taken for a lake."""
    solid = water > 0.5
    count, labels, stats, _ = cv2.connectedComponentsWithStats(solid.astype(np.uint8))
    if count <= 1:
        return None
    main = labels == 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))  # its course decides
    ys, xs = np.nonzero(main)
    if ys.size < 16:
        return None
    grey = cv2.cvtColor(photo, cv2.COLOR_RGB2GRAY).astype(np.float32)
    core = cv2.erode(main.astype(np.uint8), np.ones((9, 9), np.uint8)) > 0  # not its banks
    if not core.any():
        core = main
    gx = cv2.Sobel(grey, cv2.CV_32F, 1, 0, ksize=3)[core]
    gy = cv2.Sobel(grey, cv2.CV_32F, 0, 1, ksize=3)[core]
    jxx, jyy, jxy = float((gx * gx).mean()), float((gy * gy).mean()), float((gx * gy).mean())
    coherence = np.hypot(jxx - jyy, 2 * jxy) / (jxx + jyy + 1e-6)
    streaks = 0.5 * np.arctan2(2 * jxy, jxx - jyy) + np.pi / 2  # across the gradients
    cov = np.cov(np.stack([xs.astype(np.float64), ys.astype(np.float64)]))
    values, vectors = np.linalg.eigh(cov)
    axis = float(np.arctan2(vectors[1, 1], vectors[0, 1]))
    elongated = values[1] > 2.0 * max(values[0], 1e-6)
    if coherence > 0.45 and jxx + jyy > 50.0 and abs(np.sin(streaks)) > 0.5:
        angle = float(streaks)  # clear streaks running down the view: falling or rushing water
    elif elongated and abs(np.sin(axis)) > 0.5:
        angle = axis  # a long band running into the view: a river
    elif horizon is None and float((grey[main] > 170.0).mean()) > 0.2:
        angle = np.pi / 2  # white water with no sky above it: a stream tumbling towards us
    else:
        return None
    dx, dy = float(np.cos(angle)), float(np.sin(angle))
    if dy < 0:
        dx, dy = -dx, -dy  # water runs downhill, towards the viewer
    return dx, dy


def _flow(
    ctx: RenderContext,
    water: Mask,
    box: tuple[int, int, int, int],
    course: tuple[float, float],
    strength: float,
) -> FrameFn:
    """A two-phase flow map: two copies of the water slide along the course, each fading out
    before it jumps back, half a cycle apart, so the water streams on and the clip loops."""
    y0, y1, x0, x1 = box
    s = scale_of(ctx.height, ctx.width)
    reach = 30.0 * s * strength  # pixels a copy travels in one cycle
    period = ctx.duration / loop_cycles(ctx.duration, 1.1)
    source = fill_from(ctx.photo, water, min_weight=0.5)[y0:y1, x0:x1]
    source8 = np.clip(source + 0.5, 0, 255).astype(np.uint8)
    alpha = np.clip(water[y0:y1, x0:x1], 0.0, 1.0).astype(np.float32)
    gx, gy = np.meshgrid(np.arange(x1 - x0, dtype=np.float32), np.arange(y1 - y0, dtype=np.float32))
    # The flow slows towards the banks, as real water does.
    speed = cv2.GaussianBlur(alpha, (0, 0), 3.0 * s + 1.0)
    ux = (course[0] * speed).astype(np.float32)
    uy = (course[1] * speed).astype(np.float32)

    def shifted(offset: float) -> RGB:
        return cv2.remap(
            source8, gx - ux * offset, gy - uy * offset, cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_REFLECT,
        )  # fmt: skip

    def apply(frame: RGB, t: float) -> RGB:
        phase = t / period
        if abs(phase - round(phase)) < 1e-9:
            return frame
        a_off = reach * ((phase + 0.5) % 1.0 - 0.5)
        b_off = reach * (phase % 1.0 - 0.5)
        wa = float(np.cos(np.pi * phase) ** 2)
        moved = cv2.addWeighted(shifted(a_off), wa, shifted(b_off), 1.0 - wa, 0.0)
        region = frame[y0:y1, x0:x1]
        out = frame.copy()
        out[y0:y1, x0:x1] = blend(region, moved, alpha)
        return out

    return apply


def _unchanged(frame: RGB, t: float) -> RGB:
    return frame
