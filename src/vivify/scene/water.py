"""Water: sea, lake, river, stream and waterfall foam, murky water and reflections.

Water is found by what water does rather than by one colour. Each cue is weak alone; water is
where at least two agree:
- it mirrors the sky: its colours, a little darker, under the horizon;
- its structure runs across the view: ripples, swell, reflections and cascades are level lines
  with one strong direction (a lawn or a beach has no such order);
- it is cool: blue, cyan, grey-blue;
- where it falls or rushes it is white foam.
Regions that score well and have the shape of water (wide, or a long band) are kept.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from vivify.scene.cues import F32, Cues

THRESHOLD = 0.5


def find_water(c: Cues, sky: F32, horizon: float | None, not_here: F32) -> F32:
    """A soft water mask at the working size. `not_here` marks what is certainly not water
    (people, busy green foliage)."""
    h, w = c.size[1], c.size[0]
    light, a, b = c.lab[..., 0], c.lab[..., 1], c.lab[..., 2]
    chroma = c.chroma
    rows = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None]
    below = rows > (horizon if horizon is not None else 0.2)
    textured = c.fine > 0.35  # a smooth wall's shading is level too, but has no texture
    rippled = (c.along_x < 0.35) & (c.coherence > 0.45) & textured
    calm = (c.along_x < 0.2) & (c.coherence > 0.7) & textured
    mirror = np.zeros((h, w), bool)
    if (sky > 0.5).mean() > 0.02:
        ref = c.lab[sky > 0.5]
        mean = np.median(ref, axis=0)
        dist = np.hypot(a - mean[1], b - mean[2])
        mirror = (dist < 12.0) & (light < mean[0] + 8.0) & (light > 0.3 * mean[0])
        mirror &= c.fine < 4.0  # not an edge: a reflection is no busier than ripples
    cool = (b < -3.0) & (light > 12.0) & (chroma < 60.0)
    foam = (light > 68.0) & (chroma < 14.0) & (c.fine > 1.0)
    # Structure and colour must agree: level structure alone is a lawn seen from afar, and
    # sky colours alone are a hazy mountain or a grey wall as often as water.
    # A glassy lake mirrors the sky so well that it has no texture at all.
    glassy = mirror & (c.fine <= 0.6) & (horizon is not None)
    level = rippled | calm | glassy
    # Very calm, very level water needs no colour evidence (a lake mirroring a sunset the sky
    # mask did not take in): nothing on land is that smooth and that level under a horizon.
    still = calm & (c.fine < 3.0) & (horizon is not None)
    water = (level & (mirror | cool | foam)) | (foam & (c.along_x > 0.62)) | still
    score = cv2.GaussianBlur(water.astype(np.float32) * (1.0 - 0.8 * c.lines), (0, 0), 1.5)
    threshold = THRESHOLD if (sky > 0.5).mean() > 0.02 else THRESHOLD + 0.15
    binary = ((score > threshold) & below & (not_here < 0.5) & (sky < 0.5)).astype(np.uint8)
    binary = cv2.morphologyEx(binary, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    binary = cv2.morphologyEx(binary, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    binary = _water_shaped(binary, c, sky > 0.5)
    soft = cv2.GaussianBlur(binary.astype(np.float32), (0, 0), 0.8)
    return np.clip(soft, 0.0, 1.0).astype(np.float32)


def _water_shaped(binary: NDArray[np.uint8], c: Cues, sky: NDArray[np.bool_]) -> NDArray[np.uint8]:
    """Keep regions shaped like water: a sizeable area that is wide (a lake, the sea) or long (a
    river, a stream, a fall), whose structure as a whole runs level (a hazy mountain has level
    ridges in places, but not throughout). Small isolated blobs are noise."""
    h, w = binary.shape
    count, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    keep = np.zeros(count, np.uint8)
    for i in range(1, count):
        ww, hh, area = stats[i, 2:5]
        if area < 0.006 * h * w:
            continue
        long_side = max(ww / w, hh / h)
        if not (long_side >= 0.15 or area >= 0.03 * h * w):
            continue
        inside = labels == i
        if hh < max(0.06 * h, 8) and _hugs_sky(inside, sky):
            continue  # a thin strip along the skyline is the sky's own edge, not a lake
        # A road or a deck draws long level lines through itself; a lake only along its far
        # shore (its top), where the shoreline and its reflection are.
        body = inside.copy()
        body[: int(stats[i, 1] + 0.15 * hh)] = False
        if body.any() and float(c.rails[body].mean()) > 0.5:
            continue
        level = float(np.median(c.along_x[inside])) < 0.33
        foamy = float(np.mean(c.light[inside] > 68.0)) > 0.25
        keep[i] = (level or foamy) and _meets_sky_level(inside, sky)
        if keep[i]:
            labels[inside & ~_below_far_shore(inside, c)] = 0
    # The same water seen between things in front of it (a lake beside a tower, between trunks):
    # smaller patches of the kept water's own colour and level texture.
    if keep.any():
        mean = c.lab[keep[labels] > 0].mean(axis=0)
        for i in range(1, count):
            if keep[i] or stats[i, cv2.CC_STAT_AREA] < 0.002 * h * w:
                continue
            inside = labels == i
            lab = c.lab[inside].mean(axis=0)
            close = np.hypot(*(lab - mean)[1:]) < 8.0 and abs(lab[0] - mean[0]) < 20.0
            keep[i] = close and float(np.median(c.along_x[inside])) < 0.4
    out: NDArray[np.uint8] = keep[labels]
    return out


def _below_far_shore(region: NDArray[np.bool_], c: Cues) -> NDArray[np.bool_]:
    """The part of a water region below its far shore. Seen across a lake, the far shore and
    its reflection make one dark band, symmetric about the shoreline, with brighter water below
    and brighter sky or haze above. A region that holds the whole sequence took in the land and
    the sky's glow behind it: cut it at the middle of the dark band."""
    rows = np.nonzero(region.sum(axis=1) >= max(0.3 * region.any(axis=0).sum(), 3))[0]
    if rows.size < 8:
        return region
    light = np.array([np.median(c.light[r][region[r]]) for r in rows])
    reach = max(3, rows.size // 6)
    # Only a dark band in the upper half, with brighter rows both above and below it.
    dark = np.zeros(rows.size, bool)
    for i in range(1, rows.size // 2):
        ref = min(float(light[:i].max()), float(np.median(light[i + 1 : i + 1 + reach])))
        dark[i] = light[i] < min(0.6 * ref, ref - 15.0)
    found = np.nonzero(dark)[0]
    if found.size == 0:
        return region
    first = last = int(found[0])
    while last + 1 < rows.size and dark[last + 1]:
        last += 1
    out = region.copy()
    out[: rows[(first + last) // 2] + 1] = False
    return out


def _hugs_sky(region: NDArray[np.bool_], sky: NDArray[np.bool_]) -> bool:
    near = cv2.dilate(sky.astype(np.uint8), np.ones((11, 11), np.uint8)).astype(bool)
    return float(near[region].mean()) > 0.5


def _meets_sky_level(region: NDArray[np.bool_], sky: NDArray[np.bool_]) -> bool:
    """Where water meets the sky directly, it does so along a level line (the sea's horizon,
    haze over a lake). A region that meets the sky along a jagged line is a ridge: land."""
    h = region.shape[0]
    cols = np.nonzero(region.any(axis=0))[0]
    if cols.size == 0:
        return False
    tops = np.argmax(region[:, cols], axis=0)
    above = np.clip(tops - 3, 0, h - 1)
    meets = sky[above, cols]
    if meets.mean() < 0.3:
        return True
    return float(np.std(tops[meets])) < 0.03 * h
