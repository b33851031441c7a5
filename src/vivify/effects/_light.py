"""Shared helpers of the light and atmosphere effects (sunset, night, lightning, fog, fire, steam).

Everything costly happens once per clip: per-pixel gain and offset fields, per-channel tone
curves, light sources found in the photo. Per frame an effect only mixes those precomputed fields
with a few scalars in OpenCV (a colour matrix, a LUT, one multiply, one scaled add), so a frame
costs a few milliseconds even on a full 720×1280 layer.

Time shapes keep the contract: transitions ease in from the photo and settle (`progress`);
periodic changes are zero at t=0 and have whole cycles per clip (`Flicker`, `window`).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from vivify.curves import ease_in_out
from vivify.effects.base import RenderContext
from vivify.effects.fields import F32
from vivify.scene.masks import scale_of
from vivify.types import RGB, Mask, Scene

U8 = NDArray[np.uint8]
_IDENTITY = np.arange(256, dtype=np.float32)


def unit(ctx: RenderContext) -> float:
    """A length unit that follows the layer's size (1.0 at a 720-pixel short side)."""
    return scale_of(ctx.height, ctx.width)


def progress(t: float, duration: float, span: float = 0.85) -> float:
    """A transition's progress 0..1: eased over the first `span` of the clip, then settled."""
    return ease_in_out(t / max(span * duration, 1e-6))


def window(t: float, duration: float, ramp: float) -> float:
    """0 at the clip's start and end, 1 in between, with eased ramps `ramp` seconds long.

    Periodic effects that add something the photo lacks (mist, steam, embers) are scaled by it,
    so that frame 0 is the photo and the frame after the last is frame 0 again."""
    t = t % duration if duration > 0 else 0.0
    ramp = max(min(ramp, duration / 2), 1e-6)
    return ease_in_out(t / ramp) * ease_in_out((duration - t) / ramp)


class Flicker:
    """A sum of sinusoids with whole cycles per clip, shifted so that it is 0 at t=0 (and at the
    clip's end): periodic, deterministic, and the first frame is unchanged. Each sinusoid starts
    near a crest or a trough, so the curve is nearly still at the loop point (no jolt there)."""

    def __init__(
        self, rng: np.random.Generator, duration: float, rates: list[float], amps: list[float]
    ) -> None:
        d = max(duration, 1e-6)
        cycles = [max(1, round(r * d)) for r in rates]
        self.omega = np.array([2 * np.pi * c / d for c in cycles], np.float64)
        crest = np.pi * rng.integers(0, 2, len(rates))
        self.phase = crest + rng.uniform(-0.5, 0.5, len(rates))
        self.amp = np.array(amps, np.float64)

    def __call__(self, t: float) -> float:
        wave = np.cos(self.omega * t + self.phase) - np.cos(self.phase)
        return float(np.dot(self.amp, wave))

    @property
    def peak(self) -> float:
        """An upper bound of |value|."""
        return float(2.0 * np.abs(self.amp).sum())


def luminance(rgb: RGB) -> F32:
    """Relative luminance 0..1 (Rec. 601 weights, as OpenCV's grey)."""
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32)
    return (grey / 255.0).astype(np.float32)


def to_u8(img: F32) -> RGB:
    """Round a non-negative float image to uint8, saturating at 255."""
    return cv2.convertScaleAbs(img)


def mix_lut(target: U8 | F32, s: float) -> U8:
    """A LUT (256×1×C) that is `s` of the way from the identity to `target`."""
    ident = _IDENTITY.reshape((256, 1) + (1,) * (target.ndim - 2))
    mixed = ident + s * (target.astype(np.float32) - ident)
    return np.clip(mixed + 0.5, 0, 255).astype(np.uint8)


def channel_lut(curves: tuple[F32, F32, F32]) -> U8:
    """Three tone curves (values for inputs 0..255) as one 256×1×3 uint8 LUT for cv2.LUT."""
    lut = np.stack([np.clip(c, 0, 255) for c in curves], axis=-1).reshape(256, 1, 3)
    return np.ascontiguousarray(lut + 0.5).astype(np.uint8)


@dataclass(frozen=True)
class Grade:
    """A look, applied `s` of the way (0 = the frame unchanged, 1 = the full look):

    out = LUT_s(M_s · frame) · gain_s + s · offset, where M is a 3×3 colour matrix, LUT a
    per-channel tone curve, gain a per-pixel, per-channel multiplier and offset an added light
    (a glow). Each part is optional."""

    matrix: F32 | None = None  # 3×3, applied to RGB column vectors
    lut: U8 | None = None  # 256×1×3
    gain: F32 | None = None  # H×W×3
    offset: F32 | None = None  # H×W×3

    def __call__(self, frame: RGB, s: float, extra: F32 | None = None) -> RGB:
        """`extra` is another light (H×W×3) added at full weight (lamps, flashes)."""
        if s <= 0.0 and extra is None:
            return frame
        img = frame
        if self.matrix is not None and s > 0.0:
            m = np.eye(3, dtype=np.float32) + s * (self.matrix - np.eye(3, dtype=np.float32))
            img = cv2.transform(img, m)
        if self.lut is not None and s > 0.0:
            img = cv2.LUT(img, mix_lut(self.lut, s))
        if self.gain is None and (self.offset is None or s <= 0.0) and extra is None:
            return img
        if self.gain is not None and s > 0.0:
            g = cv2.addWeighted(self.gain, s, self.gain, 0.0, 1.0 - s)
            out = cv2.multiply(img, g, dtype=cv2.CV_32F)
        else:
            out = img.astype(np.float32)
        if self.offset is not None and s > 0.0:
            out = cv2.scaleAdd(self.offset, s, out)
        if extra is not None:
            out = cv2.add(out, extra)
        return to_u8(out)


def region_colour(photo: RGB, mask: Mask, sigma: float) -> F32:
    """The smooth colour of a region (H×W×3, 0..255), extended past it: a normalised blur of
    the pixels inside the mask. Used as the reference a gain field is computed against."""
    weight = np.clip(mask, 0.0, 1.0).astype(np.float32)
    h, w = weight.shape
    small = (max(1, w // 4), max(1, h // 4))
    img = cv2.resize(
        photo.astype(np.float32) * weight[..., None], small, interpolation=cv2.INTER_AREA
    )
    wt = cv2.resize(weight, small, interpolation=cv2.INTER_AREA)
    sig = max(sigma / 4.0, 1.0)
    num = cv2.GaussianBlur(img, (0, 0), sig)
    den = cv2.GaussianBlur(wt, (0, 0), sig)
    if float(wt.sum()) <= 0:
        mean = photo.reshape(-1, 3).mean(axis=0).astype(np.float32)
        return np.broadcast_to(mean, (h, w, 3)).astype(np.float32)
    mean = (img.reshape(-1, 3).sum(axis=0) / max(float(wt.sum()), 1e-6)).astype(np.float32)
    est = (num + 1e-3 * mean) / (den + 1e-3)[..., None]
    return cv2.resize(est, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)


def grow_sky(photo: RGB, sky: F32, ref: F32, u: float) -> F32:
    """The sky mask grown into the sky-coloured pixels next to it (haze round a skyline)."""
    k = max(3, round(30 * u) | 1)
    band = cv2.dilate((sky > 0.5).astype(np.uint8), np.ones((k, k), np.uint8)).astype(np.float32)
    band = cv2.GaussianBlur(band, (0, 0), 6 * u + 1)
    distance = np.linalg.norm(photo.astype(np.float32) - ref, axis=2)
    alike = np.clip(1.0 - (distance - 18.0) / 30.0, 0.0, 1.0)
    grown = np.maximum(sky, band * alike)
    return cv2.GaussianBlur(grown, (0, 0), 1.0 * u + 0.5).astype(np.float32)


def spot(height: int, width: int, cx: float, cy: float, sigma_x: float, sigma_y: float) -> F32:
    """A Gaussian spot (peak 1) centred at (cx, cy)."""
    xs = ((np.arange(width, dtype=np.float32) - cx) / max(sigma_x, 1e-3)) ** 2
    ys = ((np.arange(height, dtype=np.float32) - cy) / max(sigma_y, 1e-3)) ** 2
    gx = np.exp(-0.5 * xs)
    gy = np.exp(-0.5 * ys)
    return np.outer(gy, gx).astype(np.float32)


def rows_cols(height: int, width: int) -> tuple[F32, F32]:
    """Normalised coordinates 0..1: a column of row positions and a row of column positions."""
    ys = (np.arange(height, dtype=np.float32) / max(height - 1, 1))[:, None]
    xs = (np.arange(width, dtype=np.float32) / max(width - 1, 1))[None, :]
    return ys, xs


def tinted(field: F32, colour: tuple[float, float, float]) -> F32:
    """A single-channel field times an RGB colour: H×W×3."""
    return np.ascontiguousarray(field[..., None] * np.array(colour, np.float32), np.float32)


@dataclass(frozen=True)
class Light:
    """A light source found in the photo: its pixels (a crop at `box`), where it is, how big."""

    box: tuple[int, int, int, int]  # x, y, w, h
    pixels: NDArray[np.bool_]  # h×w
    cx: float
    cy: float
    radius: float
    score: float
    warmth: float  # 0 neutral .. 1 orange


def paint(lights: list[Light], height: int, width: int, weights: list[float] | None = None) -> F32:
    """The lights' pixels as a field (each at its weight, 1 by default)."""
    out = np.zeros((height, width), np.float32)
    for i, light in enumerate(lights):
        x, y, w, h = light.box
        value = 1.0 if weights is None else weights[i]
        region = out[y : y + h, x : x + w]
        np.maximum(region, light.pixels * np.float32(value), out=region)
    return out


def _allowed(photo: RGB, scene: Scene, u: float) -> NDArray[np.bool_]:
    """Where light sources may be: not sky, not foliage (nor its gaps), not people."""
    f = photo.astype(np.float32) / 255.0
    green = ((f[..., 1] > f[..., 0] + 0.02) & (f[..., 1] >= f[..., 2])).astype(np.float32)
    foliage = np.maximum(scene.vegetation, green)
    k = max(3, round(9 * u))
    near_foliage = cv2.dilate((foliage > 0.3).astype(np.uint8), np.ones((k, k), np.uint8)) > 0
    # Sky seen through leaves is a bright spot ringed by foliage: keep away from dense foliage.
    leafy = cv2.GaussianBlur((scene.vegetation > 0.3).astype(np.float32), (0, 0), 14 * u + 1)
    sky = cv2.dilate((scene.sky > 0.1).astype(np.uint8), np.ones((k, k), np.uint8)) > 0
    allowed: NDArray[np.bool_] = ~sky & ~near_foliage & (leafy < 0.25) & (scene.person < 0.5)
    return allowed


def _blobs(
    photo: RGB, scene: Scene, min_lum: float, min_contrast: float
) -> tuple[list[Light], F32, F32]:
    """Small bright compact regions (a white top-hat), with their contrast and warmth."""
    h, w = photo.shape[:2]
    u = scale_of(h, w)
    lum = luminance(photo)
    f = photo.astype(np.float32) / 255.0
    warm_px = np.clip((f[..., 0] - f[..., 2]) * 2.5, 0.0, 1.0)
    k = max(5, round(31 * u) | 1)
    se = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
    tophat = lum - cv2.morphologyEx(lum, cv2.MORPH_OPEN, se)
    binary = (tophat > min_contrast) & (lum > min_lum) & _allowed(photo, scene, u)
    binary_u8 = cv2.morphologyEx(
        binary.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8)
    )
    count, labels, stats, centres = cv2.connectedComponentsWithStats(binary_u8, connectivity=8)
    lights: list[Light] = []
    lo_area, hi_area = max(4.0, 10 * u * u), (45 * u) ** 2
    for i in range(1, count):
        x, y, bw, bh, area = (int(v) for v in stats[i])
        if not lo_area <= area <= hi_area or area < 0.45 * bw * bh:
            continue
        if max(bw, bh) > 3.5 * max(1, min(bw, bh)):
            continue
        pixels = labels[y : y + bh, x : x + bw] == i
        contrast = float(tophat[y : y + bh, x : x + bw][pixels].mean())
        warmth = float(warm_px[y : y + bh, x : x + bw][pixels].mean())
        bright = float(lum[y : y + bh, x : x + bw][pixels].mean())
        score = contrast * np.sqrt(area) * (0.6 + warmth) * bright
        lights.append(
            Light(
                box=(x, y, bw, bh),
                pixels=pixels,
                cx=float(centres[i][0]),
                cy=float(centres[i][1]),
                radius=float(np.sqrt(area / np.pi)),
                score=float(score),
                warmth=warmth,
            )
        )
    return lights, lum, warm_px


def _strongest(lights: list[Light], limit: int, spacing: float, least: float) -> list[Light]:
    """The strongest lights above `least`, at most `limit`, no two closer than `spacing`."""
    kept: list[Light] = []
    for light in sorted(lights, key=lambda li: -li.score):
        if len(kept) >= limit or light.score < least:
            break
        if all(np.hypot(light.cx - k.cx, light.cy - k.cy) >= spacing for k in kept):
            kept.append(light)
    return kept


def find_lamps(photo: RGB, scene: Scene) -> list[Light]:
    """Lamps and windows: small, bright, compact regions on buildings and objects (outside the
    sky, foliage and people), the strongest first. Bright windows in a row and lamps stand out
    from their surroundings in a white top-hat; warm ones score higher."""
    h, w = photo.shape[:2]
    u = scale_of(h, w)
    lights, _, _ = _blobs(photo, scene, min_lum=0.4, min_contrast=0.08)
    limit = max(4, round(30 * h * w / (720 * 480)))
    least = 0.25 * max(u, 0.2)
    return _strongest(lights, limit, spacing=14 * u, least=least)


def find_flames(photo: RGB, scene: Scene) -> list[Light]:
    """Candle and fire flames: very bright compact regions that are themselves warm (yellow to
    orange, not a white glint) with a warm halo around them."""
    h, w = photo.shape[:2]
    u = scale_of(h, w)
    lights, lum, warm_px = _blobs(photo, scene, min_lum=0.62, min_contrast=0.12)
    halo_warmth = cv2.GaussianBlur(warm_px * np.clip(lum * 1.5, 0, 1), (0, 0), 8 * u + 1)
    typical = float(np.median(lum))
    flames = []
    for light in lights:
        x, y, bw, bh = light.box
        f = photo[y : y + bh, x : x + bw][light.pixels].astype(np.float32)
        r, g, b = f[:, 0].mean(), f[:, 1].mean(), f[:, 2].mean()
        warm = r >= g >= b and r - b > 45 and r > 170
        # A light source: its core burns out, it outshines the scene, a warm glow surrounds it,
        # and it is a tongue of flame (taller than wide), not a glint on a surface.
        burning = f[:, 0].max() >= 245 and f[:, 1].max() >= 215
        outshines = float(lum[y : y + bh, x : x + bw][light.pixels].mean()) > 2.0 * typical
        halo = float(halo_warmth[int(light.cy), int(light.cx)]) > 0.4
        tongue = bh >= 1.15 * bw
        if warm and burning and outshines and halo and tongue:
            flames.append(light)
    return _strongest(flames, limit=6, spacing=30 * u, least=0.0)


@dataclass(frozen=True)
class Source:
    """Where steam rises from: the centre of the opening and its width, in pixels."""

    x: float
    y: float
    width: float
    found: bool  # False: a fallback guess (the lower centre of the frame)


HOLDS_A_DRINK = 3.0  # how much more a bright rim round a darker middle counts


def find_steam_source(photo: RGB, scene: Scene) -> Source:
    """The opening of a cup, mug or pot: a bright, round-ish rim (white porcelain seen from above
    is an ellipse). Fits ellipses to bright, low-saturation regions and keeps the one whose
    outline is best supported by bright pixels; without one, the lower centre of the frame."""
    h, w = photo.shape[:2]
    u = scale_of(h, w)
    hsv = cv2.cvtColor(photo, cv2.COLOR_RGB2HSV_FULL)
    val = hsv[..., 2].astype(np.float32) / 255.0
    sat = hsv[..., 1].astype(np.float32) / 255.0
    white = (val > 0.7) & (sat < 0.3) & (scene.person < 0.5)
    close = np.ones((5, 5), np.uint8)
    bright = cv2.morphologyEx((white & (scene.sky < 0.5)).astype(np.uint8), cv2.MORPH_CLOSE, close)
    contours, tree = cv2.findContours(bright, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_NONE)
    best: tuple[float, Source] | None = None
    short = min(h, w)

    def round_enough(a: float, b: float) -> bool:
        """An ellipse big enough for a cup's opening and not too flat."""
        major, minor = max(a, b), min(a, b)
        return minor >= max(30 * u, 0.08 * short) and minor / major >= 0.5

    for i, contour in enumerate(contours):
        if tree is None or tree[0][i][3] != -1 or len(contour) < 20:
            continue  # outer contours only
        (cx, cy), (a, b), angle = cv2.fitEllipse(contour)
        major, minor = max(a, b), min(a, b)
        if not round_enough(a, b) or major > 1.05 * max(h, w):
            continue
        if not (0 <= cx < w and 0 <= cy < h):
            continue
        pts = cv2.ellipse2Poly(
            (int(cx), int(cy)), (max(1, int(a / 2)), max(1, int(b / 2))), int(angle), 0, 360, 5
        )
        outline = np.clip(np.asarray(pts), [0, 0], [w - 1, h - 1])
        support = float(bright[outline[:, 1], outline[:, 0]].mean())
        if support < 0.25:
            continue
        score = support * (minor / major) * np.sqrt(a * b)
        theta = np.radians(angle)
        width = float(np.hypot(a * np.cos(theta), b * np.sin(theta)))
        source = Source(x=float(cx), y=float(cy), width=width, found=True)
        # What the rim holds (the drink's surface) is a hole in the bright region: rise from it.
        child, area = int(tree[0][i][2]), cv2.contourArea(contour)
        hole: tuple[float, NDArray[np.int32]] | None = None
        while child != -1:
            hole_area = cv2.contourArea(contours[child])
            big = hole_area > 0.08 * area and len(contours[child]) >= 5
            if big and (hole is None or hole_area > hole[0]):
                hole = (hole_area, contours[child])
            child = int(tree[0][child][0])
        if hole is not None:
            _, _, hw, hh = cv2.boundingRect(hole[1])
            m = cv2.moments(hole[1])
            if m["m00"] > 0:
                # Seen from above at an angle, the surface lies in the lower part of the opening.
                y = m["m01"] / m["m00"] + 0.2 * hh
                source = Source(m["m10"] / m["m00"], y, float(hw), True)
                # A rim round a drink is a cup's opening; a bright oval without one is as
                # likely a plate, a page or a lamp.
                score *= HOLDS_A_DRINK
        if best is None or score > best[0]:
            best = (score, source)
    # A drink or soup filling most of the frame: its white bowl runs into a white tablecloth or
    # the frame's edge, so there is no rim to fit, but the surface is still a round dark hole
    # in what is bright. (A white background can pass for an overcast sky: here it counts.)
    pale = cv2.morphologyEx(white.astype(np.uint8), cv2.MORPH_CLOSE, close)
    holes, nest = cv2.findContours(pale, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_NONE)
    for i, contour in enumerate(holes):
        if nest is None or nest[0][i][3] == -1 or len(contour) < 20:
            continue  # holes only
        (cx, cy), (a, b), _ = cv2.fitEllipse(contour)
        if not (0 <= cx < w and 0 <= cy < h) or scene.sky[int(cy), int(cx)] > 0.5:
            continue
        if not round_enough(a, b):
            continue
        fill = cv2.contourArea(contour) / (np.pi * a * b / 4.0)
        if fill < 0.8:
            continue
        score = HOLDS_A_DRINK * fill * (min(a, b) / max(a, b)) * np.sqrt(a * b)
        _, _, hw, hh = cv2.boundingRect(contour)
        if best is None or score > best[0]:
            best = (score, Source(float(cx), float(cy) + 0.2 * hh, float(hw), True))
    if best is not None:
        return best[1]
    return Source(x=w / 2.0, y=h * 0.7, width=0.18 * w, found=False)
