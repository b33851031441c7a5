"""Sky of any kind: blue, overcast, hazy, dusk, sunset, night and starry.

Colour alone cannot find it (a dusk sky is orange, a night sky black), so the sky is found by what
every sky shares: it hangs from the top edge, it is smooth at the scale of a few pixels, and one
can walk across it from the top edge without crossing a strong edge (a geodesic distance over
colour steps). Smooth patches of the same colours seen through branches join it. Last, the region
must be plausible as sky (not a green bokeh backdrop, not a studio wall behind a portrait).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra

from vivify.scene.cues import F32, Cues
from vivify.scene.masks import keep_top_connected

STEP_TOLERANCE = 1.6  # Lab units a smooth gradient may change per working pixel for free
REACH = 7.0  # accumulated Lab units beyond the tolerance a sky pixel may be from the top edge
SMOOTH = 2.2  # fine local contrast (L units) below which a pixel is smooth enough for sky


@dataclass(frozen=True)
class SkyFinding:
    mask: F32  # at the working size, 0..1
    horizon: float | None  # row where the sky ends, as a fraction of the height
    kind: str  # "none", "day", "overcast", "dusk", "night"
    stars: bool  # a dark sky with many small points of light


MIRROR_SCORE = 0.5  # seen: 0.6-0.8 on reflections in still water, at most 0.4 elsewhere
MIRROR_BAND = 0.06  # the least band (share of the height) compared on either side of the row


def find_sky(c: Cues, exclude: F32, portrait: bool = False) -> SkyFinding:
    """`exclude` marks what is certainly not sky (people, the main subject). In a `portrait` (a
    large face), a plain backdrop behind the person is far more likely than the sky, so only an
    unmistakably blue sky counts."""
    none = no_sky(c.size[1], c.size[0])
    smooth = (c.fine < SMOOTH) | _starry_texture(c)
    allowed = smooth & (exclude < 0.5)
    reach = _geodesic_from_top(c.lab, allowed)
    seed = (reach < REACH) & allowed
    seed = keep_top_connected(seed)
    if seed.mean() < 0.02:
        return none
    seed = _cut_water(c, seed)
    top = seed.copy()
    seed = _cut_reflection(c, _join_gaps(c, seed, allowed))
    columns = seed.any(axis=0)
    if columns.mean() < 0.2:
        return none
    kind = _kind(c, seed, top_cover=float(top[0].mean()))
    if portrait and kind != "day":
        kind = "none"
    if portrait and kind == "day" and _colour(c, seed)[3] < 18.0:
        kind = "none"
    if kind == "none":
        return none
    return _finding(c, seed, kind)


def _finding(c: Cues, sky: NDArray[np.bool_], kind: str) -> SkyFinding:
    """A sky region of a known kind as a finding: its soft mask, horizon and stars."""
    h = c.size[1]
    columns = sky.any(axis=0)
    lowest = h - np.argmax(sky[::-1], axis=0)
    horizon = float(np.median(lowest[columns])) / h
    soft = cv2.GaussianBlur(sky.astype(np.float32), (0, 0), 0.8)
    stars = kind == "night" and _has_stars(c, sky)
    return SkyFinding(np.clip(soft, 0.0, 1.0).astype(np.float32), horizon, kind, stars)


def no_sky(height: int, width: int) -> SkyFinding:
    """No sky, in masks of `height` by `width`."""
    return SkyFinding(np.zeros((height, width), np.float32), None, "none", False)


def _colour(c: Cues, sky: NDArray[np.bool_]) -> tuple[float, float, float, float, float]:
    """The sky's median lightness, a and b, and its chroma and hue (degrees)."""
    lab = c.lab[sky]
    light, a, b = (float(np.median(lab[:, i])) for i in range(3))
    return light, a, b, float(np.hypot(a, b)), float(np.degrees(np.arctan2(b, a)) % 360.0)


def _geodesic_from_top(lab: F32, allowed: NDArray[np.bool_]) -> F32:
    """Per pixel, the least total colour change (beyond a small tolerance per step) on a path of
    allowed pixels from the top edge. Unreachable pixels get infinity."""
    h, w = allowed.shape
    idx = np.arange(h * w).reshape(h, w)
    rows: list[NDArray[np.int64]] = []
    cols: list[NDArray[np.int64]] = []
    costs: list[F32] = []
    # Each step joins a pixel to its right-hand and its lower neighbour: the same slices of the
    # colours, the indices and the allowed map.
    for first, second in ((np.s_[:, :-1], np.s_[:, 1:]), (np.s_[:-1], np.s_[1:])):
        pa, pb = idx[first], idx[second]
        step = np.linalg.norm(lab[first] - lab[second], axis=2)
        ok = allowed[first] & allowed[second]
        cost = np.maximum(step - STEP_TOLERANCE, 0.0) + 0.01
        rows.append(pa[ok].ravel())
        cols.append(pb[ok].ravel())
        costs.append(cost[ok].ravel().astype(np.float32))
    graph = coo_matrix(
        (np.concatenate(costs), (np.concatenate(rows), np.concatenate(cols))), shape=(h * w, h * w)
    ).tocsr()
    sources = idx[0][allowed[0]]
    if sources.size == 0:
        return np.full((h, w), np.inf, np.float32)
    dist = dijkstra(graph, directed=False, indices=sources, min_only=True, limit=REACH * 2)
    return np.asarray(dist, np.float32).reshape(h, w)


def _cut_water(c: Cues, seed: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Haze joins a calm lake to the sky without an edge. The lake shows itself by its ripples:
    level, ordered texture that the sky above it lacks. Where, going down, a sustained band of
    rows is largely rippled, the walk is cut: below is water, or at least not sky."""
    h = seed.shape[0]
    # Ripples are many faint level lines; one strong edge (the skyline itself) is not.
    rippled = (c.along_x < 0.35) & (c.coherence > 0.45) & (c.fine > 0.35) & (c.fine < 4.0)
    counts = seed.sum(axis=1)
    rows = np.nonzero(counts > 0.05 * seed.shape[1])[0]
    if rows.size < 8:
        return seed
    share = np.zeros(h, np.float32)
    share[rows] = (rippled & seed)[rows].sum(axis=1) / counts[rows]
    band = max(3, round(0.05 * h))
    ahead = np.convolve(share, np.ones(band, np.float32) / band, mode="full")[band - 1 :]
    for r in rows:
        if r < 0.15 * h or ahead[r] <= 0.3:
            continue
        above = share[rows[rows < r]]
        below = share[rows[rows >= r]]
        if float(above.mean()) < 0.1 and float(below.mean()) > 0.2:
            out = seed.copy()
            out[r:] = False
            return out
        break
    return seed


def mirror_axis(light: F32) -> tuple[float, int]:
    """The row about which the view is most nearly mirrored top to bottom (a shore or a
    waterline and its reflection), with how closely (normalised correlation of the horizontal
    gradients, which a reflection keeps in place: trunks, legs and masts stay where they are)."""
    h, w = light.shape
    gx = cv2.Sobel(light.astype(np.float32), cv2.CV_32F, 1, 0, ksize=3)
    best = (0.0, 0)
    for r in range(int(0.25 * h), int(0.92 * h)):
        k = min(r, h - r, int(0.25 * h))
        if k < MIRROR_BAND * h:
            continue
        above, below = gx[r - k : r], gx[r : r + k]
        ea, eb = float((above * above).sum()), float((below * below).sum())
        if min(ea, eb) < k * w:  # too plain on one side to tell
            continue
        norm = float(np.sqrt(ea * eb))
        # Mirrored, and not merely the same all the way down (haze in columns, a striped wall
        # match themselves shifted as well as flipped; a shore and its reflection do not).
        score = float((above[::-1] * below).sum()) / norm - max(
            0.0, float((above * below).sum()) / norm
        )
        if score > best[0]:
            best = (score, r)
    return best


def _cut_reflection(c: Cues, seed: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Still water mirrors the sky so well that the walk from the top runs on into it. Where
    the view mirrors about a row (the shoreline and its reflection, birds standing in the
    water), what lies below that row is the water, not more sky."""
    score, row = mirror_axis(c.light)
    if score < MIRROR_SCORE or seed[row:].sum() < 0.05 * seed.size:
        return seed
    out = seed.copy()
    out[row:] = False
    return out


def _join_gaps(c: Cues, seed: NDArray[np.bool_], allowed: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Add smooth pixels of the sky's own colours that the walk could not reach: sky seen through
    branches, or between towers. Only above the sky's lowest reach, and only close matches."""
    h, w = seed.shape
    lowest_row = int(np.nonzero(seed.any(axis=1))[0].max())
    sky_lab = c.lab[seed]
    # A coarse palette of the sky (per band of rows, since a sky changes from top to bottom).
    out = seed.copy()
    ring = cv2.dilate(seed.astype(np.uint8), np.ones((7, 7), np.uint8)).astype(bool)
    bands = 4
    rows_of = np.nonzero(seed)[0]
    edges = np.linspace(0, lowest_row + 1, bands + 1).astype(int)
    for i in range(bands):
        lo, hi = edges[i], edges[i + 1]
        pick = (rows_of >= lo) & (rows_of < hi)
        if pick.sum() < 20:
            continue
        ref = sky_lab[pick]
        mean = ref.mean(axis=0)
        spread = np.maximum(ref.std(axis=0), np.array([3.0, 2.0, 2.0], np.float32))
        region = c.lab[max(0, lo - 2) : hi + 2]
        z = np.abs((region - mean) / spread).max(axis=2)
        # Smooth pixels of the sky's colours anywhere in the band; and right at the skyline,
        # where the skyline's own edge makes them look busy, any pixel of the sky's colours.
        close = ring[max(0, lo - 2) : hi + 2]
        near = (z < 2.0) & (allowed[max(0, lo - 2) : hi + 2] | close)
        out[max(0, lo - 2) : hi + 2] |= near
    # Fill holes: clouds and birds inside the sky are sky for every effect that uses it.
    filled = out.astype(np.uint8)
    inverse = (1 - filled).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(inverse, connectivity=4)
    for i in range(1, count):
        x, y, ww, hh, area = stats[i]
        touches = x == 0 or y == 0 or x + ww >= w or y + hh >= h
        if not touches and area < 0.02 * h * w:
            filled[labels == i] = 1
    result: NDArray[np.bool_] = filled.astype(bool)
    return result


def sky_seen(c: Cues, seen: NDArray[np.bool_]) -> SkyFinding:
    """The sky where another analyser (a learned model) is sure of it and the classical rules
    were not: a narrow strip of pale sky above mountains is too small, by those rules, to be
    told from a wall. Kept only if it is open (it runs along the top edge); its kind is read
    from its colour alone."""
    sky = keep_top_connected(seen)
    if sky[0].mean() < OPEN_TOP or sky.mean() < 0.02:
        return no_sky(*sky.shape)
    light, _, b, chroma, hue = _colour(c, sky)
    if light < 22.0:
        kind = "night"
    elif chroma > 15.0 and (hue < 100.0 or hue > 280.0):
        kind = "dusk"
    else:
        kind = "day" if b < -6.0 else "overcast"
    return _finding(c, sky, kind)


OPEN_TOP = 0.4  # the least share of the top edge a sky found by a model alone must hold


def _kind(c: Cues, sky: NDArray[np.bool_], top_cover: float) -> str:
    """What kind of sky this is, or "none" when the region is not plausible as sky."""
    light, _, b, chroma, hue = _colour(c, sky)
    rest = ~sky
    rest_light = float(np.median(c.light[rest])) if rest.any() else light
    coverage = float(sky.mean())
    smoothness = float(np.median(c.fine[sky]))
    # A deep red or orange afterglow over black silhouettes is a sunset, however dim: open
    # (across the top), smooth, and much brighter than the land below it.
    glow = chroma > 15.0 and (hue < 100.0 or hue > 280.0)
    silhouettes = rest_light < 0.5 * light
    if glow and silhouettes and top_cover >= 0.6 and coverage > 0.15 and smoothness <= 0.8:
        return "dusk"
    if light < 22.0:
        # Dark: a night sky is blue or black, spans the top, and the photo is dark too;
        # otherwise it is a dark backdrop (leaves out of focus, a black studio).
        colour_ok = (b < -5.0 and chroma > 6.0) or chroma < 6.0
        dark_photo = rest_light < 40.0 or coverage > 0.35
        ok = colour_ok and dark_photo and top_cover >= 0.6 and coverage > 0.15
        if ok:
            return "night"
    # Leaves out of focus and green backdrops are not sky.
    if chroma > 16.0 and 100.0 < hue < 200.0:
        return "none"
    blue = b < -6.0
    if not blue and light + 6.0 < rest_light:
        return "none"  # a daytime sky is not darker than the ground below it
    top = c.lab[: max(2, int(0.15 * sky.shape[0]))]
    top_light = float(np.median(top[..., 0]))
    warm = chroma > 8.0 and (hue < 100.0 or hue > 280.0)
    if blue:
        return "day" if top_cover >= 0.2 else "none"
    if top_cover < 0.5 or smoothness > 0.8 or coverage < 0.15:
        # A pale or warm sky is open (it holds most of the top edge) and very smooth; a wall,
        # a table or a blurred backdrop is not.
        return "none"
    if warm:
        if light < 50.0 or chroma < 15.0:
            return "none"  # a dim or beige surface is wood, fur or a wall, not a sunset
        # A warm colour is a sunset if the sky is open and bright enough; a beige wall is not
        # open, and a dusk sky darkens or changes hue towards the top.
        gradient = abs(top_light - light) > 4.0 or coverage > 0.25
        return "dusk" if gradient else "none"
    if coverage < 0.08 and light < 60.0:
        return "none"  # a small grey patch: more likely a wall or a road than an overcast sky
    return "overcast"


def _starry_texture(c: Cues) -> NDArray[np.bool_]:
    """Dark pixels whose only texture is tiny points of light still count as smooth sky."""
    dark = c.light < 25.0
    return dark & (c.coarse < 6.0)


def _has_stars(c: Cues, sky: NDArray[np.bool_]) -> bool:
    light = c.light
    peaks = (light - cv2.GaussianBlur(light, (0, 0), 2.0)) > 6.0
    return bool(peaks[sky].mean() > 0.002)
