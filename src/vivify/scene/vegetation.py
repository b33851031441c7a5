"""Vegetation of any colour: leaves, grass and flowers, green or autumn, golden, dark or backlit.

Colour is a wide prior, not a rule: green is near certain, autumn reds and yellows, golden
grass and dark or teal leaves are likely, grey and blue are unlikely. Texture confirms it:
foliage is busy at the finest scale, points every way (or, for grass, stands upright) and has
no long straight edges. Out of doors (under a sky) distant foliage may look nearly smooth, so
less texture is asked of it there.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from vivify.scene.cues import F32, Cues
from vivify.scene.masks import drop_small, keep_top_connected


def find_vegetation(c: Cues, not_here: F32, outdoors: bool) -> F32:
    """A soft vegetation mask at the working size. `not_here` marks sky, water and people."""
    h, w = c.size[1], c.size[0]
    light, chroma, hue = c.light, c.chroma, c.hue
    colour = np.full((h, w), 0.1, np.float32)
    colour[(light < 25.0) & (chroma < 20.0)] = 0.5  # shaded or backlit leaves
    colour[(hue > 175.0) & (hue < 215.0) & (chroma > 6.0) & (light < 45.0)] = 0.6  # teal leaves
    colour[(hue > 20.0) & (hue <= 95.0) & (chroma > 15.0)] = 0.7  # autumn, golden grass
    colour[c.green() & (light > 3.0)] = 1.0  # green
    start, span = (0.5, 1.5) if outdoors else (0.9, 3.0)
    busy = np.clip((c.fine - start) / span, 0.0, 1.0)
    upright = c.along_x > 0.62
    tangled = np.where(upright, 1.0, np.clip((0.8 - c.coherence) / 0.35, 0.0, 1.0))
    green = colour >= 1.0
    ground = _bare_ground(c, colour, busy, upright)
    # Leaves of any colour mix hues (yellow, orange, red, some green); stone, brick, bare rock
    # and soil vary mostly in brightness, their hue steady. Outside green, ask for that mix,
    # unless the texture stands upright (dry grass is one golden hue).
    blades = upright & (c.coherence > 0.5)
    colour = np.where(green | blades, colour, colour * _hue_mix(c)).astype(np.float32)
    # Long straight edges are man-made, unless they are green: grass blades and stems.
    organic = busy * tangled * np.where(green, 1.0, 1.0 - 0.85 * c.lines)
    # Green is plants however soft it looks: a lawn below the sky, grass out of focus.
    vivid = green & ((c.chroma > 12.0) | outdoors)
    organic = np.maximum(organic, 0.4 * vivid)
    score = cv2.GaussianBlur((colour * organic).astype(np.float32), (0, 0), 1.2)
    binary = ((score > 0.3) & (not_here < 0.5)).astype(np.uint8)
    binary = cv2.morphologyEx(binary, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    binary = cv2.morphologyEx(binary, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    binary[ground] = 0
    binary |= _bare_branches(c) & (not_here < 0.5)
    binary = drop_small(binary, int(0.003 * h * w))
    binary |= _flowers(c, binary, np.maximum(not_here, ground))
    soft = cv2.GaussianBlur(binary.astype(np.float32), (0, 0), 0.8)
    return np.clip(soft, 0.0, 1.0).astype(np.float32)


def _bare_branches(c: Cues) -> NDArray[np.uint8]:
    """A leafless crown: thin dark lines, curving every way, drawn densely over a smooth, pale
    sky that reaches the top of the view. What is dark there is the branches; the crown (they
    and the sky between them) sways as one."""
    light = c.light.astype(np.float32)
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7))
    behind = cv2.morphologyEx(light, cv2.MORPH_CLOSE, disc)  # the branches closed over
    pale = cv2.morphologyEx(c.chroma.astype(np.float32), cv2.MORPH_OPEN, disc) < 22.0
    rows = np.linspace(0.0, 1.0, light.shape[0], dtype=np.float32)[:, None]
    open_sky = keep_top_connected((behind > 55.0) & pale & (_spread(behind) < 4.0) & (rows < 0.65))
    dark = (behind - light) > 12.0
    sparse = cv2.blur((~dark).astype(np.float32), (9, 9)) > 0.55  # lines, not a dark mass
    twigs = (dark & open_sky & sparse & (c.lines < 0.5)).astype(np.float32)
    crown = ((cv2.GaussianBlur(twigs, (0, 0), 4.0) > 0.12) & open_sky).astype(np.uint8)
    crown = cv2.morphologyEx(crown, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    h, w = crown.shape
    return drop_small(crown, int(0.015 * h * w))


def _spread(x: F32) -> F32:
    """Standard deviation of `x` over a 7x7 window around each pixel."""
    mean = cv2.blur(x, (7, 7))
    out: F32 = np.sqrt(np.maximum(cv2.blur(x * x, (7, 7)) - mean * mean, 0.0))
    return out


def _hue_mix(c: Cues) -> F32:
    """0 where texture is brightness alone (stone), 1 where colour varies as much (foliage)."""
    a, b, light = (c.lab[..., i].astype(np.float32) for i in (1, 2, 0))
    ratio = np.hypot(_spread(a), _spread(b)) / np.maximum(_spread(light), 1.0)
    ratio = cv2.GaussianBlur(ratio, (0, 0), 2.0)
    return np.clip((ratio - 0.45) / 0.35, 0.0, 1.0).astype(np.float32)


def _bare_ground(c: Cues, colour: F32, busy: F32, upright: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Brown that lies flat on the ground among green plants: a path, soil, fallen needles.
    Where most of what looks like plants is green, muted autumn-coloured texture in the lower
    part of the view that does not stand upright (as dry grass does) is ground, not foliage; up
    in the view it is still a turning tree, and vivid it is a flower."""
    h = colour.shape[0]
    candidates = busy > 0.3
    green = (colour >= 1.0) & candidates
    autumn = (colour == 0.7) & candidates
    if green.sum() < 3 * max(autumn.sum(), 1):
        return np.zeros(colour.shape, bool)
    rows = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None]
    flat = ((colour == 0.7) & (c.chroma < 40.0) & (rows > 0.45) & ~upright).astype(np.uint8)
    # Whole patches, not single pixels between the leaves of a green plant.
    flat = cv2.morphologyEx(flat, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    flat = cv2.morphologyEx(flat, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    return flat.astype(bool)


def _flowers(c: Cues, plants: NDArray[np.uint8], not_here: F32) -> NDArray[np.uint8]:
    """Flowers of any colour: small vivid blobs that are not foliage-coloured but sit among
    the plants (a blue forget-me-not in the grass, a red poppy in a field)."""
    h, w = plants.shape
    vivid = ((c.chroma > 18.0) & (plants == 0) & (not_here < 0.5)).astype(np.uint8)
    vivid = cv2.morphologyEx(vivid, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(vivid, connectivity=8)
    out = np.zeros((h, w), np.uint8)
    grown = cv2.dilate(plants, np.ones((9, 9), np.uint8))
    for i in range(1, count):
        area = int(stats[i, cv2.CC_STAT_AREA])
        if not 0.0005 * h * w <= area <= 0.05 * h * w:
            continue
        blob = (labels == i).astype(np.uint8)
        ring = (cv2.dilate(blob, np.ones((7, 7), np.uint8)) > 0) & (blob == 0)
        if float(grown[ring].mean()) >= 0.5:
            out |= blob
    return out


def busy_green(c: Cues) -> F32:
    """Certainly foliage: green and busy. Water is never looked for there."""
    return (c.green(10.0) & (c.fine > 3.0) & (c.coherence < 0.5)).astype(np.float32)
