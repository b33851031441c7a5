"""Shared machinery of the particle effects (rain, snow, petals, sparkle).

Particles move along straight lanes. Each one runs a whole number of cycles per clip, so the frame
after the last is the first again: a cycle is either a *wrap* (the particle leaves the frame at one
edge and comes back at the other, on the same lane) or, for particles too slow to cross the frame
in one clip, a *life* (it fades in somewhere, drifts, and fades out). Anything else that changes
(sway, spin, twinkle) is a periodic function of the cycle phase or of whole cycles per clip.

Depth: every particle has a depth `z` (0 far .. 1 near); near ones are bigger and faster. They
are drawn into a few depth layers. Every layer except the nearest is hidden by the person mask
(the person stands in front of it). In an outdoor view with a horizon, the scene's depth also
counts: a particle lands where the ground is as near as it (far rain lands near the horizon, not
at your feet), and nearer surfaces dim the far layers.

Drawing is vectorised: positions for all particles at once, then one OpenCV call per group of
particles that share a thickness and a brightness (anti-aliased lines and round dots, in fixed
point for sub-pixel motion), into small uint8 canvases at a reduced render scale; the canvases are
masked, blurred a little, scaled up once and composited in uint8. Where no particle is drawn, the
frame is returned exactly as it came.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from vivify.effects.fields import F32
from vivify.types import RGB, Scene

U8 = NDArray[np.uint8]
I64 = NDArray[np.int64]
Bool = NDArray[np.bool_]
SHIFT = 4  # fixed-point bits for OpenCV drawing: positions to 1/16 pixel
_ONE = float(1 << SHIFT)


def area_share(width: int, height: int) -> float:
    """The layer's area relative to a full 720×1280 story frame (particle counts follow it)."""
    return width * height / (720.0 * 1280.0)


def count(base: float, amount: float, width: int, height: int, least: int = 4) -> int:
    """How many particles: `base` at amount 1 on a full story frame, scaled by the area."""
    return max(least, round(base * amount * area_share(width, height)))


def whole_cycles(per_second: F32 | float, duration: float) -> I64:
    """The whole number of cycles per clip closest to `per_second × duration`, at least one."""
    out: I64 = np.maximum(1, np.round(np.asarray(per_second) * duration)).astype(np.int64)
    return out


def wave(u: F32, cycles: I64 | F32, phase: F32) -> F32:
    """sin(2π(cycles·u + phase)): periodic in u over 0..1 when `cycles` is whole."""
    out: F32 = np.sin(2.0 * np.pi * (cycles * u + phase)).astype(np.float32)
    return out


def smoothstep(x: F32) -> F32:
    x = np.clip(x, 0.0, 1.0)
    out: F32 = (x * x * (3.0 - 2.0 * x)).astype(np.float32)
    return out


@dataclass(frozen=True)
class Position:
    """Where every particle is at one moment."""

    x: F32  # pixels in the layer
    y: F32
    u: F32  # phase within the current cycle, 0..1
    s: F32  # distance travelled along the lane in this cycle (pixels)
    life: I64  # which cycle (0..rate-1), to look up per-cycle tables
    envelope: F32  # 0..1: lives fade in and out, wraps are always 1


@dataclass(frozen=True)
class Lanes:
    """Straight lanes, one per particle, each run a whole number of times per clip."""

    duration: float
    rate: I64  # (N,) cycles per clip
    phase: F32  # (N,) where in its cycle the particle is at t = 0
    length: F32  # (N,) pixels travelled per cycle
    start_x: F32  # (N, J) lane start for each life (wraps use column 0 only)
    start_y: F32
    dir_x: F32  # (N,) unit direction of travel
    dir_y: F32
    fades: Bool  # (N,) True: lives that fade in and out; False: wraps
    fade: float = 0.25  # share of a life spent fading in (and out)

    @property
    def size(self) -> int:
        return int(self.rate.shape[0])

    def speed(self) -> F32:
        """The actual speed of each particle in pixels per second (after rounding to cycles)."""
        out: F32 = (self.length * self.rate / self.duration).astype(np.float32)
        return out

    def at(self, t: float) -> Position:
        t = float(t) % self.duration  # t = duration is t = 0 exactly: the loop closes
        total = self.phase.astype(np.float64) + self.rate * (t / self.duration)
        whole = np.floor(total)
        u = (total - whole).astype(np.float32)
        life = whole.astype(np.int64) % self.rate
        col = np.where(self.fades, np.minimum(life, self.start_x.shape[1] - 1), 0)
        idx = np.arange(self.size)
        s = (u * self.length).astype(np.float32)
        x = self.start_x[idx, col] + s * self.dir_x
        y = self.start_y[idx, col] + s * self.dir_y
        ramp = smoothstep(u / self.fade) * smoothstep((1.0 - u) / self.fade)
        envelope = np.where(self.fades, ramp, 1.0).astype(np.float32)
        return Position(x.astype(np.float32), y.astype(np.float32), u, s, life, envelope)


def make_lanes(
    rng: np.random.Generator,
    width: int,
    height: int,
    duration: float,
    speed: F32,
    angle: F32,
    margin: F32,
    life: float = 3.0,
    fade: float = 0.25,
) -> Lanes:
    """Lanes for particles with the given speeds (px/s), angles (radians from straight down,
    positive towards the right) and margins (how far outside the frame they may be drawn).

    A particle fast enough to cross the frame about once per clip wraps: its speed is rounded so
    that it crosses a whole number of times. A slower one lives `life` seconds at a time (rounded
    to whole lives per clip), appearing at a fresh place each life and spending the share
    `fade` of it fading in (and as much fading out).
    """
    n = int(speed.shape[0])
    dir_x = np.sin(angle).astype(np.float32)
    dir_y = np.cos(angle).astype(np.float32)
    span_y = height + 2.0 * margin
    wrap_length = (span_y / np.maximum(dir_y, 0.2)).astype(np.float32)
    wraps_f = speed * duration / wrap_length
    fades = (wraps_f < 0.6) | (dir_y < 0.5)  # slow, or not falling: lives, not wraps
    wraps = np.maximum(1, np.round(wraps_f)).astype(np.int64)
    lives = np.full(n, max(1, round(duration / max(life, 1e-3))), np.int64)
    rate = np.where(fades, lives, wraps).astype(np.int64)
    length = np.where(fades, speed * duration / lives, wrap_length).astype(np.float32)

    columns = int(lives[0]) if fades.any() else 1
    start_x = np.empty((n, columns), np.float32)
    start_y = np.empty((n, columns), np.float32)
    # Wraps: lanes start above the frame, spread so that they cover it evenly despite the slant.
    drift = span_y * np.tan(angle)
    lo = -margin - np.maximum(drift, 0.0)
    hi = width + margin - np.minimum(drift, 0.0)
    start_x[:] = (lo + rng.random(n) * (hi - lo))[:, None]
    start_y[:] = (-margin)[:, None]
    # Lives: fresh starts anywhere their path meets the frame.
    travel_x, travel_y = length * dir_x, length * dir_y
    lo_x = -margin - np.maximum(travel_x, 0.0)
    hi_x = width + margin - np.minimum(travel_x, 0.0)
    lo_y = -margin - np.maximum(travel_y, 0.0)
    hi_y = height + margin - np.minimum(travel_y, 0.0)
    rx, ry = rng.random((n, columns)), rng.random((n, columns))
    start_x = np.where(fades[:, None], lo_x[:, None] + rx * (hi_x - lo_x)[:, None], start_x)
    start_y = np.where(fades[:, None], lo_y[:, None] + ry * (hi_y - lo_y)[:, None], start_y)
    return Lanes(
        duration=duration,
        rate=rate,
        phase=rng.random(n).astype(np.float32),
        length=length,
        start_x=start_x.astype(np.float32),
        start_y=start_y.astype(np.float32),
        dir_x=dir_x,
        dir_y=dir_y,
        fades=fades,
        fade=fade,
    )


def reach(z: F32 | float) -> F32:
    """The scene depth (0 far .. 1 near) at which a particle of depth z meets a surface."""
    out: F32 = np.asarray(0.25 + 0.85 * np.asarray(z), np.float32)
    return out


def has_ground(scene: Scene) -> bool:
    """Whether depth means distance along the ground: an outdoor view with a horizon. In a close-up
    or an indoor shot the coarse depth map orders nothing that particles could land on or pass
    behind, so only people hide particles there."""
    return scene.horizon is not None


def ground_hits(scene: Scene, lanes: Lanes, z: F32, samples: int = 96) -> F32:
    """For each particle and life (N, J): the distance along its lane where it lands on the
    ground, +inf if it never does. The ground is what lies below the horizon and is neither sky
    nor a person; a particle lands where the ground is as near as it. A photo without a horizon
    has no ground to land on."""
    out: F32 = np.full(lanes.start_x.shape, np.inf, np.float32)
    if not has_ground(scene):
        return out
    depth = scene.depth
    h, w = depth.shape
    top = (scene.horizon or 0.0) * h
    rows = np.arange(h, dtype=np.float32)[:, None]
    ground = (scene.sky < 0.3) & (scene.person < 0.3) & (rows >= top)
    # A coarse copy is plenty: depth is smooth and hits need not be exact to the pixel.
    step = max(1, min(h, w) // 240)
    surface = np.where(ground, depth, -1.0)[::step, ::step]
    sh, sw = surface.shape
    along = np.linspace(0.0, 1.0, samples, dtype=np.float32)
    dist = lanes.length[:, None] * along[None, :]  # (N, S)
    threshold = reach(z)[:, None]
    for j in range(lanes.start_x.shape[1]):  # one life at a time keeps memory small
        xs = lanes.start_x[:, j, None] + dist * lanes.dir_x[:, None]
        ys = lanes.start_y[:, j, None] + dist * lanes.dir_y[:, None]
        ix = np.clip(np.round(xs / step), 0, sw - 1).astype(np.intp)
        iy = np.clip(np.round(ys / step), 0, sh - 1).astype(np.intp)
        inside = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
        hit = inside & (surface[iy, ix] >= threshold)
        first = np.argmax(hit, axis=1)
        found = hit.any(axis=1)
        out[:, j] = np.where(found, dist[np.arange(dist.shape[0]), first], np.inf)
    return out


def hits_now(hits: F32, lanes: Lanes, pos: Position) -> F32:
    """The landing distance of each particle in its current life."""
    col = np.where(lanes.fades, np.minimum(pos.life, hits.shape[1] - 1), 0)
    out: F32 = hits[np.arange(lanes.size), col]
    return out


class Raster:
    """Canvases at a reduced render scale, with the per-layer occlusion masks."""

    def __init__(
        self,
        scene: Scene,
        width: int,
        height: int,
        scale: float,
        layers: list[tuple[bool, float | None]],
    ) -> None:
        """`layers`: for each layer, whether it is behind people, and its depth (0 far .. 1
        near) if nearer ground dims it (None: only people can hide it)."""
        self.width, self.height = width, height
        self.rw = max(1, round(width * scale))
        self.rh = max(1, round(height * scale))
        self.sx, self.sy = self.rw / width, self.rh / height
        size = (self.rw, self.rh)
        person = np.clip(cv2.resize(scene.person, size, interpolation=cv2.INTER_AREA), 0.0, 1.0)
        depth = cv2.resize(scene.depth, size, interpolation=cv2.INTER_AREA)
        self.visibility: list[U8 | None] = []
        self._stacked: dict[tuple[int, int], U8] = {}
        for behind_person, z in layers:
            vis = np.ones((self.rh, self.rw), np.float32)
            if behind_person:
                vis = vis * (1.0 - person)
            if z is not None and has_ground(scene):
                # Coarse depth is a hint, not a matte: a nearer surface dims far particles.
                vis = vis * (0.3 + 0.7 * np.clip((reach(z) + 0.1 - depth) / 0.15, 0.0, 1.0))
            if not behind_person and z is None:
                self.visibility.append(None)
            else:
                self.visibility.append(np.clip(vis * 255.0 + 0.5, 0, 255).astype(np.uint8))

    def blank(self, channels: int = 1) -> U8:
        shape = (self.rh, self.rw) if channels == 1 else (self.rh, self.rw, channels)
        return np.zeros(shape, np.uint8)

    def masked(self, canvas: U8, layer: int) -> U8:
        """The canvas (changed in place) hidden where its layer is behind people or the ground."""
        vis = self.visibility[layer]
        if vis is None:
            return canvas
        if canvas.ndim == 3:
            key = (layer, canvas.shape[2])
            if key not in self._stacked:  # the same for every frame: build it once
                self._stacked[key] = cv2.merge([vis] * canvas.shape[2])
            vis = self._stacked[key]
        return cv2.multiply(canvas, vis, dst=canvas, scale=1.0 / 255.0)

    def full(self, canvas: U8) -> U8:
        """Scaled up to the layer's size."""
        if canvas.shape[:2] == (self.height, self.width):
            return canvas
        return cv2.resize(canvas, (self.width, self.height), interpolation=cv2.INTER_LINEAR)


def _fixed(v: F32) -> NDArray[np.int32]:
    return np.round(np.clip(v, -8192.0, 8192.0) * _ONE).astype(np.int32)


def draw_segments(
    canvas: U8,
    x0: F32,
    y0: F32,
    x1: F32,
    y1: F32,
    thickness: I64,
    level: F32,
    colour: tuple[float, ...] = (255.0,),
    levels: int = 12,
    palette: F32 | None = None,
    index: I64 | None = None,
) -> None:
    """Anti-aliased segments (a zero-length one is a round dot of that thickness), in canvas
    pixels, drawn with brightness `level` (0..1, quantised to `levels` steps) times `colour`, or
    times `palette[index]` per segment when a palette is given. One OpenCV call per group of
    segments that share thickness, colour and level; overlapping segments do not add up."""
    q = np.round(np.clip(level, 0.0, 1.0) * levels).astype(np.int64)
    keep = q > 0
    if not keep.any():
        return
    colours = np.asarray([colour], np.float32) if palette is None else palette
    # OpenCV draws next to nothing for a zero-length, one-pixel line: make such dots a pixel
    # long, which it renders as a soft dot of steady weight wherever it sits.
    tiny = (thickness <= 1) & (np.hypot(x1 - x0, y1 - y0) < 1.0)
    if tiny.any():
        xm, ym = 0.5 * (x0 + x1), 0.5 * (y0 + y1)
        x0, x1 = np.where(tiny, xm - 0.5, x0), np.where(tiny, xm + 0.5, x1)
        y0, y1 = np.where(tiny, ym, y0), np.where(tiny, ym, y1)
    which = np.zeros(q.shape, np.int64) if index is None else index
    thick = np.clip(thickness[keep], 1, 255)
    key = (thick * colours.shape[0] + which[keep]) * (levels + 1) + q[keep]
    head = np.stack([_fixed(x0[keep]), _fixed(y0[keep])], axis=1)
    tail = np.stack([_fixed(x1[keep]), _fixed(y1[keep])], axis=1)
    pts = np.stack([head, tail], axis=1)
    order = np.argsort(key, kind="stable")
    key, pts = key[order], np.ascontiguousarray(pts[order])
    bounds = np.flatnonzero(np.diff(key)) + 1
    starts = np.concatenate([[0], bounds]).tolist()
    ends = np.concatenate([bounds, [key.shape[0]]]).tolist()
    for a, b in zip(starts, ends, strict=True):
        k = int(key[a])
        value = (k % (levels + 1)) / levels
        rest = k // (levels + 1)
        c = tuple(float(v) * value for v in colours[rest % colours.shape[0]])
        width = rest // colours.shape[0]
        group: Any = pts[a:b]  # an (n, 2, 2) array: n two-point polylines
        cv2.polylines(canvas, group, False, c, width, cv2.LINE_AA, SHIFT)


def over(frame: RGB, alpha: U8, colour: tuple[int, int, int]) -> RGB:
    """frame·(1−α) + colour·α, in uint8; pixels where α is 0 come back unchanged."""
    a3 = cv2.merge([alpha, alpha, alpha])
    paint = cv2.multiply(a3, (*colour, 0), scale=1.0 / 255.0)
    return over_premultiplied(frame, a3, paint)


def over_premultiplied(frame: RGB, alpha: U8, paint: U8) -> RGB:
    """frame·(1−α) + paint, where `paint` is a colour already multiplied by α (α has one channel,
    or three; a three-channel α is used up as scratch space)."""
    a3 = cv2.merge([alpha, alpha, alpha]) if alpha.ndim == 2 else alpha
    # In place on our own scratch arrays: fewer fresh full-size buffers per frame.
    cv2.bitwise_not(a3, dst=a3)
    cv2.multiply(frame, a3, dst=a3, scale=1.0 / 255.0)
    out: RGB = cv2.add(a3, paint, dst=a3)
    return out


def add_light(frame: RGB, glow: U8) -> RGB:
    """Light added on top (saturating): glints and bokeh only brighten."""
    out: RGB = cv2.add(frame, glow)
    return out
