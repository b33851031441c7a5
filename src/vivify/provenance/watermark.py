"""The invisible watermark: a 32-bit payload in the luma of every frame that survives re-encoding,
downscaling and cropping, so a re-shared copy with its metadata stripped still leads back to the
clip's C2PA manifest (the payload is the manifest store's key).

Embedding. The payload is BCH-coded into 63 bits (`_watermark_code`); bit i is a ±1 weight on its
own 128×128 pseudo-random pattern. The patterns are band-limited noise (periods of about 8 to 30
px: fine enough to hide, coarse enough to survive H.264 and a 0.5× downscale, with the blotchy low
frequencies, the most visible and where photos have most of their energy, left out) and exactly
orthonormal, so the bits do not leak into each other. Their weighted sum is tiled over the frame
at fixed frame coordinates and scaled by a texture mask: strong where the frame is busy and hides
it, weak but never zero in flat fills and skies. The mask is capped so the change never exceeds
`strength` RMS, which bounds the PSNR whatever the content. The same value is added to R, G and
B, which moves BT.709 luma by exactly that value.

Detection. Luma is averaged over the frames: the mark is static, averaging is linear so every
frame's vote counts, and moving content blurs away. The copy may have been resized and cropped,
so each candidate scale (common re-share factors, and those that take a common clip size to the
copy's) is tried: the average is resampled so one pattern period is 64 px (the mark's whole band
fits, at a quarter of the work), whitened (high-passed, divided by the local contrast and
clipped, so edges do not drown the mark), folded into one tile, spectrally flattened (periodic
content folds into a few huge frequencies; they are clipped) and correlated with every pattern
at every cyclic shift by FFT. The shift where the 63 correlations together are strongest is the
crop offset; it is refined to a fraction of a pixel, the best scale is refined by hill-climbing,
and the signs there are the bits. The confidence is a z-score of that peak against its no-mark
distribution (χ² with 63 degrees of freedom), so one threshold works for any content; a
detection also needs the BCH decode and the payload check to succeed.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

import av
import cv2
import numpy as np
import scipy.fft
from numpy.typing import NDArray

from vivify.media import probe
from vivify.provenance import _watermark_code as code
from vivify.types import RGB

PAYLOAD_BITS = code.PAYLOAD_BITS
ALGORITHM = "org.vivify.watermark.1"  # the C2PA soft-binding algorithm name: public patterns
# The same mark with patterns drawn from an instance's secret key (HMAC-SHA256 of this name):
# without the key it can be neither read nor removed on purpose.
KEYED_ALGORITHM = "org.vivify.watermark.2"
KEY_BYTES = 32


def algorithm(key: bytes | None) -> str:
    """The soft-binding algorithm a mark made with `key` (or None) is."""
    return ALGORITHM if key is None else KEYED_ALGORITHM


TILE = 128  # the pattern period in pixels, at the size the clip was made
DEFAULT_STRENGTH = 3.0  # the most RMS luma change, in 8-bit levels: PSNR ≥ 38.5 dB
MIN_CONFIDENCE = 6.5  # sync z-score below which nothing is reported (see `Detection`)

# Part of ALGORITHM "org.vivify.watermark.1": changing any of these changes the mark.
_SEED = 0x7669_7669  # the patterns' random seed
_SIGMA = 1.8  # Gaussian low-pass of the patterns, px
_LOWCUT = 0.03  # Gaussian high-pass of the patterns, cycles/px

# Embedding: free to tune, the detector does not depend on them.
_FLAT = 0.35  # mask gain in flat regions, relative to `strength`
_BUSY = 2.0  # mask gain in busy regions, before the RMS cap
_TEXTURE_FULL = 10.0  # mean |Laplacian| of 4×-reduced luma that counts as fully busy
_ERODE = np.ones((3, 3), np.uint8)  # busy only where the neighbouring blocks are too

# Detection: free to tune.
_HIGHPASS = 4.0  # px: the Gaussian blur subtracted before folding
_CONTRAST = 8  # px: the neighbourhood whose RMS contrast whitening divides by
_CLIP = 3.0  # whitened values are clipped to ±this
_SPECTRAL_CLIP = 2.0  # folded-tile spectrum magnitudes are clipped to this × their median
_GRID = TILE // 2  # detection works with the pattern period at this many pixels
_SCALES = (1.0, 0.5, 0.75, 2 / 3, 1.5, 1 / 0.9)  # common re-share resizes (1/0.9: crop, scale back)
_SIZES = ((720, 1280), (1080, 1920), (540, 960), (1440, 2560), (2160, 3840))  # common clip sizes
_REFINE_FROM = 5.0  # z above which a candidate scale is refined
_REFINE_STEP = 0.003  # relative scale step of the refinement
_REFINE_GAIN = 0.25  # z a step must gain to be taken (not to chase noise)
_SCAN_RANGE = (0.25, 1.6)  # scales the thorough search scans (a quarter-size copy still reads)
_SCAN_STEP = 0.005  # its relative step: a tiled mark needs the scale to a fraction of a percent
# Small tilts (degrees, anticlockwise) and one-sided stretches (width / height, relative to the
# original's) the thorough search undoes; the mark reads within ±0.5° and ±2% of the true ones.
_TILT_STEP = 0.75
_TILTS = tuple(k * _TILT_STEP * sign for k in range(1, 7) for sign in (1, -1))  # up to ±4.5°
_ASPECT_STEP = 0.03
_ASPECTS = tuple(1 + k * _ASPECT_STEP * sign for k in range(1, 6) for sign in (1, -1))
# The eight ways a frame can be turned and mirrored, as (mirrored, quarter turns): a copy that
# was flipped (a front camera, a duet) or turned is read by turning the folded tile back, which
# folding commutes with up to a cyclic shift, so the search pays eight coarse correlations per
# scale, not eight whitenings.
ORIENTATIONS: tuple[tuple[bool, int], ...] = tuple(
    (mirrored, turns) for mirrored in (False, True) for turns in range(4)
)
# The slow searches (every scale; tilts and stretches) try a copy upright or mirrored only.
_UPRIGHT = ((False, 0), (True, 0))
# The rows of a TILE-grid half spectrum that a _GRID-grid one has, in its order.
_COARSE_ROWS = np.r_[0 : _GRID // 2 + 1, TILE - _GRID // 2 + 1 : TILE]


def _seed(key: bytes | None) -> int:
    """The patterns' seed: the algorithm's own, or one drawn from the instance's secret key."""
    if key is None:
        return _SEED
    return int.from_bytes(hmac.new(key, KEYED_ALGORITHM.encode(), "sha256").digest()[:8], "big")


@lru_cache(maxsize=8)
def _patterns(key: bytes | None = None) -> NDArray[np.float32]:
    """The 63 patterns, (63, TILE, TILE), orthonormal and each of unit RMS."""
    rng = np.random.default_rng(_seed(key))
    fy = np.fft.fftfreq(TILE)[:, None]
    fx = np.fft.rfftfreq(TILE)[None, :]
    f2 = fy**2 + fx**2
    band = np.exp(-2 * np.pi**2 * _SIGMA**2 * f2) * (1 - np.exp(-f2 / (2 * _LOWCUT**2)))
    noise = rng.standard_normal((code.N, TILE, TILE))
    shaped = np.fft.irfft2(np.fft.rfft2(noise) * band, s=(TILE, TILE))
    q, _ = np.linalg.qr(shaped.reshape(code.N, -1).T)  # orthonormal, still inside the band
    return np.ascontiguousarray((q.T * TILE).reshape(code.N, TILE, TILE), np.float32)


@lru_cache(maxsize=8)
def _pattern_spectra(key: bytes | None = None) -> NDArray[np.complex64]:
    """Conjugate spectra of the patterns: one multiply correlates a tile at every shift."""
    return np.conj(scipy.fft.rfft2(_patterns(key))).astype(np.complex64)


class Watermarker:
    """Embeds one payload into frames of one size. All but the texture mask is precomputed."""

    def __init__(
        self,
        payload: int,
        width: int,
        height: int,
        strength: float = DEFAULT_STRENGTH,
        key: bytes | None = None,
    ) -> None:
        """`strength`: the most RMS luma change in 8-bit levels (busy frames get exactly this,
        mostly flat ones less); 3.0 keeps PSNR ≥ 38.5 dB. `key`: the instance's secret
        watermark key (`KEYED_ALGORITHM`); None marks with the public patterns (`ALGORITHM`)."""
        if width < 16 or height < 16:
            raise ValueError(f"frame size {width}×{height} is too small to watermark")
        if strength < 0:
            raise ValueError("strength must not be negative")
        self.payload, self.width, self.height = payload, width, height
        self.algorithm = algorithm(key)
        signs = code.encode(payload).astype(np.float32) * 2 - 1
        tile = np.tensordot(signs, _patterns(key), axes=1)
        tile *= strength / np.sqrt(np.mean(tile**2))
        reps = (-(-height // TILE), -(-width // TILE))
        self._field = np.ascontiguousarray(np.tile(tile, reps)[:height, :width], np.float32)
        self._small = (max(1, width // 4), max(1, height // 4))
        self._blocks = (max(1, width // 16), max(1, height // 16))

    def embed(self, frame: RGB) -> RGB:
        """A new frame with the mark added to its luma; `frame` is left untouched."""
        if frame.shape != (self.height, self.width, 3) or frame.dtype != np.uint8:
            raise ValueError(
                f"expected a {self.height}×{self.width}×3 uint8 frame, got {frame.shape} "
                f"{frame.dtype}"
            )
        mask = self._mask(frame)
        # The delta's rounded positive and negative parts as uint8 (the conversion saturates at
        # 0), each added to R, G and B with saturation: luma moves by the delta, within 0..255.
        # Two uint8 passes take half the time of one mixed-type float add.
        rise = cv2.multiply(mask, self._field, dtype=cv2.CV_8U)
        fall = cv2.multiply(mask, self._field, scale=-1.0, dtype=cv2.CV_8U)
        out = cv2.add(frame, cv2.merge((rise, rise, rise)))
        return np.asarray(cv2.subtract(out, cv2.merge((fall, fall, fall)), dst=out))

    def _mask(self, frame: RGB) -> NDArray[np.float32]:
        """Texture of 16×16 blocks → a smooth per-pixel gain whose mean square is at most 1.

        Measured on a 4×-reduced luma (cheap, and at the mark's own scale); eroded so a busy
        block next to a flat one (a roof against the sky) does not spill a strong mark into it.
        """
        gray = cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY)
        small = cv2.resize(gray, self._small, interpolation=cv2.INTER_AREA)
        texture = np.abs(cv2.Laplacian(small, cv2.CV_16S)).astype(np.float32)
        blocks = cv2.resize(texture, self._blocks, interpolation=cv2.INTER_AREA)
        busy = cv2.erode(np.minimum(blocks * (1 / _TEXTURE_FULL), 1.0), _ERODE)
        busy = cv2.GaussianBlur(busy, (0, 0), 1.0)
        mask = _FLAT + (_BUSY - _FLAT) * busy
        mask *= min(1.0, 1 / float(np.sqrt(np.mean(mask**2))))
        full = cv2.resize(mask, (self.width, self.height), interpolation=cv2.INTER_LINEAR)
        return np.asarray(full, np.float32)


@dataclass(frozen=True)
class Detection:
    """A watermark found in a video.

    `confidence` is the synchronisation z-score. Without a mark it is about N(0, 1) at any one
    shift and scale; its maximum over the whole search is about 4 and stayed under 5.5 in
    several hundred unmarked clips. Marked clips score 12 to 28 after the attacks the tests
    apply, and bits start to fail to decode below about 8. Reporting needs `MIN_CONFIDENCE`
    and a payload that decodes and passes its check, which a random word does about once in
    5·10⁴ tries.
    """

    payload: int
    confidence: float
    bit_errors_corrected: int
    bit_snr: float  # mean |correlation| of the 63 bits, in noise standard deviations
    scale: float  # the video's size relative to the marked original (0.5: downscaled by half)
    offset: tuple[int, int]  # (x, y) of the pattern origin on the resampled grid, modulo TILE
    frames: int
    orientation: str = "as made"  # or how the copy was turned or mirrored (`describe`)
    first_frame: int = 0  # the first of the frames it was read from
    tilt: float = 0.0  # degrees anticlockwise the copy was tilted by
    aspect: float = 1.0  # how much the copy was stretched across (1.1: 10 % wider)
    mirrored: bool = False  # with `turns`, the orientation `orientation` describes
    turns: int = 0
    algorithm: str = "org.vivify.watermark.1"  # `ALGORITHM`, or `KEYED_ALGORITHM` when keyed


def upright(luma: NDArray[np.uint8], found: Detection) -> NDArray[np.uint8]:
    """A copy's frame (its luma) turned, straightened and unstretched the way `found` says the
    copy was changed: as the clip it was made from was framed, though maybe cropped or scaled."""
    h, w = luma.shape
    out = luma
    if found.tilt:
        turn = cv2.getRotationMatrix2D((w / 2, h / 2), -found.tilt, 1.0)
        out = cv2.warpAffine(out, turn, (w, h), flags=cv2.INTER_LINEAR)
    if found.aspect != 1.0:
        out = cv2.resize(out, (max(1, round(w / found.aspect)), h), interpolation=cv2.INTER_AREA)
    out = _oriented(out, (found.mirrored, found.turns))
    return np.ascontiguousarray(out, np.uint8)


def describe(orientation: tuple[bool, int]) -> str:
    """How a copy was turned, in words: "as made", "mirrored", "turned 90° anticlockwise", …"""
    mirrored, turns = orientation
    turned = ("", "turned 90° anticlockwise", "turned 180°", "turned 90° clockwise")[turns]
    return " and ".join(p for p in ("mirrored" if mirrored else "", turned) if p) or "as made"


@dataclass(frozen=True)
class Reading:
    """The synchronised read-out before error correction: what `detect` decides on. Exposed for
    diagnostics and benchmarks (raw bit accuracy); most callers want `detect`."""

    confidence: float  # sync z-score, as in `Detection`
    soft: NDArray[np.float32]  # the 63 code-bit correlations in noise units; the sign is the bit
    scale: float
    offset: tuple[int, int]
    frames: int
    orientation: tuple[bool, int] = (False, 0)  # (mirrored, quarter turns) undone to read it
    first_frame: int = 0  # where the frames it read start in the file
    tilt: float = 0.0  # degrees anticlockwise the copy was turned by, undone to read it
    aspect: float = 1.0  # how much wider (relative to its height) the copy was made
    keyed: bool = False  # read with an instance's key (`KEYED_ALGORITHM`)

    @property
    def bits(self) -> NDArray[np.uint8]:
        return (self.soft > 0).astype(np.uint8)


def detect(
    frames: Iterable[RGB], *, thorough: bool = False, key: bytes | None = None
) -> Detection | None:
    """Look for the mark in RGB frames of one size; None when no payload is confidently there.

    The default search tries common re-share scales (well under a second). `thorough` also scans
    all scales from 0.25 to 1.6 when those fail, for copies both cropped and resized by an odd
    factor: about a second more per clip without a mark."""
    return decide(measure(frames, thorough=thorough, key=key))


def detect_file(
    path: Path,
    max_frames: int = 90,
    *,
    thorough: bool = False,
    budget_s: float = 0.0,
    key: bytes | None = None,
) -> Detection | None:
    """Look for the mark in the first `max_frames` frames of a video file (see `detect`), and
    with `budget_s`, on through the file (see `measure_file`)."""
    reading = measure_file(path, max_frames, thorough=thorough, budget_s=budget_s, key=key)
    return decide(reading)


def measure(
    frames: Iterable[RGB], *, thorough: bool = False, key: bytes | None = None
) -> Reading | None:
    """The best sync over all candidate scales and shifts (None only for no or tiny frames)."""
    grays = (cv2.cvtColor(np.ascontiguousarray(f), cv2.COLOR_RGB2GRAY) for f in frames)
    return _measure_luma(grays, thorough, key)


def detect_luma_with(
    grays: Iterable[NDArray[np.uint8]], keys: Sequence[bytes | None]
) -> Detection | None:
    """The mark in frames' luma read with each of `keys` in turn (None: the public patterns),
    the frames summed once: the first that decodes."""
    summed = _luma_sum(grays)
    if summed is None:
        return None
    average = summed[0] / summed[1]
    for key in keys:
        found = decide(_search(average, summed[1], False, key))
        if found is not None:
            return found
    return None


def measure_file(
    path: Path,
    max_frames: int = 90,
    *,
    thorough: bool = False,
    budget_s: float = 0.0,
    key: bytes | None = None,
) -> Reading | None:
    """`measure` over the first `max_frames` frames of a video, decoding luma only.

    With `budget_s` > 0, when those carry no mark that decodes, the file is read on in windows of
    `max_frames` frames, each starting half a window after the last, until one does or `budget_s`
    seconds have passed: a clip spliced in after other video is found where it starts. The later
    windows get the quick search. The reading returned is the one that decodes, else the most
    confident."""
    started = time.perf_counter()
    with av.open(str(path)) as container:
        c: Any = container
        if not c.streams.video:
            return None
        stream = c.streams.video[0]
        stream.thread_type = "AUTO"
        frames = c.decode(stream)
        lumas = (probe.luma(f) for f in islice(frames, max_frames))
        first = _measure_luma(lumas, thorough, key)
        if first is None or budget_s <= 0 or decide(first) is not None:
            return first
        best, half = first, max(1, max_frames // 2)
        # Windows from the end of the first one on, each two half-window blocks.
        previous: tuple[NDArray[np.float32], int] | None = None
        start = max_frames
        while time.perf_counter() - started < budget_s:
            block = _luma_sum(probe.luma(f) for f in islice(frames, half))
            if block is None:
                break
            if previous is not None:
                total, count = previous[0] + block[0], previous[1] + block[1]
                reading = _search(total / count, count, False, key)
                if reading is not None:
                    reading = replace(reading, first_frame=start)
                    if decide(reading) is not None:
                        return reading
                    if reading.confidence > best.confidence:
                        best = reading
                start += half
            previous = block
        return best


def _luma_sum(grays: Iterable[NDArray[np.uint8]]) -> tuple[NDArray[np.float32], int] | None:
    """The sum of the frames' luma and how many there were (None for none)."""
    total: NDArray[np.float32] | None = None
    count = 0
    for gray in grays:
        if total is None:
            total = gray.astype(np.float32)
        elif gray.shape != total.shape:
            raise ValueError(f"frame size changed from {total.shape} to {gray.shape}")
        else:
            total += gray
        count += 1
    return None if total is None else (total, count)


def decide(reading: Reading | None) -> Detection | None:
    """A detection when the sync is confident and the bits decode to a payload that checks."""
    if reading is None or reading.confidence < MIN_CONFIDENCE:
        return None
    decoded = code.decode(reading.bits)
    if decoded is None:
        return None
    payload, corrected = decoded
    return Detection(
        payload=payload,
        confidence=round(reading.confidence, 2),
        bit_errors_corrected=corrected,
        bit_snr=round(float(np.mean(np.abs(reading.soft))), 2),
        scale=round(reading.scale, 4),
        offset=reading.offset,
        frames=reading.frames,
        orientation=describe(reading.orientation),
        first_frame=reading.first_frame,
        tilt=round(reading.tilt, 3),
        aspect=round(reading.aspect, 4),
        mirrored=reading.orientation[0],
        turns=reading.orientation[1],
        algorithm=KEYED_ALGORITHM if reading.keyed else ALGORITHM,
    )


def _measure_luma(
    grays: Iterable[NDArray[np.uint8]], thorough: bool, key: bytes | None
) -> Reading | None:
    """Average the luma of all frames (every frame votes; moving content blurs), then search."""
    summed = _luma_sum(grays)
    if summed is None:
        return None
    return _search(summed[0] / summed[1], summed[1], thorough, key)


def _search(
    luma: NDArray[np.float32], frames: int, thorough: bool, key: bytes | None
) -> Reading | None:
    """Rank the candidate scales by a coarse sync (shifts in 2-pixel steps, a quarter of the
    work), then sync the best one fully and refine it. `thorough`: when that finds nothing, scan
    every scale from 0.25 to 1.6 in `_SCAN_STEP` steps (for a crop and an arbitrary resize),
    then undo a small tilt or a one-sided stretch (`_TILTS`, `_ASPECTS`)."""
    best = _best_of(luma, _candidate_scales(*luma.shape), frames, key)
    if thorough and decide(best) is None:
        steps = int(np.log(_SCAN_RANGE[1] / _SCAN_RANGE[0]) / np.log1p(_SCAN_STEP)) + 1
        scales = list(_SCAN_RANGE[0] * (1 + _SCAN_STEP) ** np.arange(steps))
        scanned = _best_of(luma, scales, frames, key, _UPRIGHT)
        best = _better(best, scanned)
    if thorough and decide(best) is None:
        best = _better(best, _undistorted(luma, frames, key))
    return best


def _better(a: Reading | None, b: Reading | None) -> Reading | None:
    """The reading that decodes, else the more confident."""
    if a is None or b is None:
        return a or b
    if (decide(b) is not None) != (decide(a) is not None):
        return b if decide(b) is not None else a
    return b if b.confidence > a.confidence else a


def _undistorted(luma: NDArray[np.float32], frames: int, key: bytes | None) -> Reading | None:
    """The mark of a copy tilted by a few degrees or stretched on one side: each candidate tilt
    and aspect undone in turn (each within the detector's tolerance of the next: ±0.5° and ±2%
    still read), the first that decodes refined by half a step either way."""
    best: Reading | None = None
    for tilt, aspect in [(t, 1.0) for t in _TILTS] + [(0.0, a) for a in _ASPECTS]:
        found = _distorted_read(luma, frames, tilt, aspect, key)
        best = _better(best, found)
        if found is not None and decide(found) is not None:
            for half_step in (-0.5, 0.5):  # a closer sync reads the bits more surely
                if tilt:
                    near = _distorted_read(luma, frames, tilt + half_step * _TILT_STEP, aspect, key)
                else:
                    near = _distorted_read(
                        luma, frames, tilt, aspect * (1 + half_step * _ASPECT_STEP), key
                    )
                best = _better(best, near)
            return best
    return best


def _distorted_read(
    luma: NDArray[np.float32], frames: int, tilt: float, aspect: float, key: bytes | None
) -> Reading | None:
    h, w = luma.shape
    if tilt:
        turn = cv2.getRotationMatrix2D((w / 2, h / 2), -tilt, 1.0)
        luma = cv2.warpAffine(
            luma, turn, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT
        )
    if aspect != 1.0:
        luma = cv2.resize(luma, (max(1, round(w / aspect)), h), interpolation=cv2.INTER_AREA)
    luma = np.ascontiguousarray(luma, np.float32)
    found = _best_of(luma, _candidate_scales(*luma.shape), frames, key, _UPRIGHT)
    return None if found is None else replace(found, tilt=tilt, aspect=aspect)


def _best_of(
    luma: NDArray[np.float32],
    scales: list[float],
    frames: int,
    key: bytes | None,
    orientations: tuple[tuple[bool, int], ...] = ORIENTATIONS,
) -> Reading | None:
    """The best (scale, orientation) by a coarse sync, then synced fully and refined."""
    ranked = []
    for scale in scales:
        tile = _tile(luma, scale)
        if tile is None:
            continue
        for orientation in orientations:
            spectrum = _spectrum(_oriented(tile, orientation))
            ranked.append((_correlate(spectrum, True, key)[0], scale, orientation))
    if not ranked:
        return None
    _, scale, orientation = max(ranked)
    best = _sync(luma, scale, frames, orientation, key)
    if best is not None and best.confidence >= _REFINE_FROM:
        best = _refine(luma, best, key)
    return best


def _oriented(tile: NDArray[Any], orientation: tuple[bool, int]) -> NDArray[Any]:
    """The folded tile (or a frame) of a copy turned back: undo `turns` quarter turns, then the
    mirror."""
    mirrored, turns = orientation
    out = np.rot90(tile, -turns) if turns else tile
    return np.ascontiguousarray(out[:, ::-1] if mirrored else out)


def _candidate_scales(height: int, width: int) -> list[float]:
    """The common re-share scales, plus those that take a common clip size to this one."""
    scales = list(_SCALES)
    for w0, h0 in _SIZES:
        for sw, sh in ((width / w0, height / h0), (width / h0, height / w0)):
            if abs(sw - sh) <= 0.01 * sw:
                scales.append(sw)
    unique: list[float] = []
    for s in scales:
        if 0.25 <= s <= 2.0 and all(abs(s - u) > 0.002 * u for u in unique):
            unique.append(s)
    return unique


def _refine(luma: NDArray[np.float32], best: Reading, key: bytes | None) -> Reading:
    """Hill-climb the scale in small steps: confirms an exact candidate, and syncs a resize by
    a factor near (not in) the list, which a tiled mark needs to within a fraction of a percent."""
    for direction in (1, -1):
        while True:
            scale = best.scale * (1 + direction * _REFINE_STEP)
            found = _sync(luma, scale, best.frames, best.orientation, key)
            if found is None or found.confidence <= best.confidence + _REFINE_GAIN:
                break
            best = found
    return best


def _sync(
    luma: NDArray[np.float32],
    scale: float,
    frames: int,
    orientation: tuple[bool, int],
    key: bytes | None,
) -> Reading | None:
    tile = _tile(luma, scale)
    if tile is None:
        return None
    z, soft, offset = _correlate(_spectrum(_oriented(tile, orientation)), False, key)
    return Reading(z, soft, scale, offset, frames, orientation, keyed=key is not None)


def _tile(luma: NDArray[np.float32], scale: float) -> NDArray[np.float32] | None:
    """Resample so one pattern period is `_GRID` pixels (all the mark's band fits), whiten and
    fold into one tile."""
    h, w = luma.shape
    factor = _GRID / (TILE * scale)
    size = (round(w * factor), round(h * factor))
    if min(size) < _GRID:
        return None
    if size != (w, h):
        interpolation = cv2.INTER_CUBIC if factor > 1 else cv2.INTER_AREA
        luma = cv2.resize(luma, size, interpolation=interpolation)
    return _fold(_whiten(luma, _GRID / TILE), _GRID)


def _spectrum(tile: NDArray[np.float32]) -> NDArray[np.complex64]:
    """The folded tile's spectrum with outlying magnitudes clipped."""
    spectrum = scipy.fft.rfft2(tile)
    magnitude = np.abs(spectrum)
    limit = _SPECTRAL_CLIP * float(np.median(magnitude)) + 1e-9
    return np.asarray(spectrum * (limit / np.maximum(magnitude, limit)), np.complex64)


def _correlate(
    spectrum: NDArray[np.complex64], coarse: bool, key: bytes | None
) -> tuple[float, NDArray[np.float32], tuple[int, int]]:
    """Correlate the folded tile with every pattern at every shift; (z, soft bits, offset) at
    the shift where the patterns together correlate most. Coarse: shifts in steps of
    TILE // _GRID pixels; fine: every pixel, the tile interpolated by zero-padding its spectrum."""
    half = _GRID // 2
    if coarse:
        size, patterns = _GRID, _pattern_spectra(key)[:, _COARSE_ROWS, : half + 1]
    else:
        size, patterns = TILE, _pattern_spectra(key)
        padded = np.zeros((TILE, TILE // 2 + 1), np.complex64)
        padded[:half, :half] = spectrum[:half, :half]
        padded[TILE - half + 1 :, :half] = spectrum[half + 1 :, :half]
        spectrum = padded
    products = spectrum[None] * patterns
    corr = scipy.fft.irfft2(products, s=(size, size), workers=1)
    # Each pattern's noise level from a robust spread over shifts (the peak is one of them).
    step = max(1, size // 32)
    sample = corr[:, ::step, ::step].reshape(code.N, -1)
    spread = np.sqrt(np.median(sample**2, axis=1) / 0.4549) + 1e-12  # median of χ²(1): 0.4549
    corr /= spread[:, None, None]
    energy = np.einsum("kyx,kyx->yx", corr, corr)
    dy, dx = divmod(int(np.argmax(energy)), size)
    soft = corr[:, dy, dx]
    if not coarse:  # the peak between pixels: resampling leaves the grid off by a fraction
        fy = _vertex(energy[(dy - 1) % size, dx], energy[dy, dx], energy[(dy + 1) % size, dx])
        fx = _vertex(energy[dy, (dx - 1) % size], energy[dy, dx], energy[dy, (dx + 1) % size])
        soft = _correlation_at(products, dy + fy, dx + fx) / spread.astype(np.float32)
    return _chi2_z(float(np.sum(soft**2)), code.N), soft, (dx, dy)


def _vertex(before: float, at: float, after: float) -> float:
    """Where a parabola through three neighbouring samples peaks, relative to the middle one."""
    curvature = before - 2 * at + after
    return 0.0 if curvature >= 0 else float(np.clip(0.5 * (before - after) / curvature, -0.5, 0.5))


def _correlation_at(products: NDArray[np.complex64], y: float, x: float) -> NDArray[np.float32]:
    """The inverse real FFT of each half spectrum in `products` at one fractional point."""
    rows = np.fft.fftfreq(TILE) * TILE
    cols = np.arange(TILE // 2 + 1)
    phase = np.exp(2j * np.pi * (rows[:, None] * y + cols[None, :] * x) / TILE)
    weight = np.full(TILE // 2 + 1, 2.0)
    weight[0] = weight[-1] = 1.0  # the columns that have no mirror image in a half spectrum
    values = np.einsum("kyx,yx->k", products, (phase * weight).astype(np.complex64))
    return np.asarray(values.real / TILE**2, np.float32)


def _whiten(luma: NDArray[np.float32], k: float) -> NDArray[np.float32]:
    """Remove what the mark is not: the smooth image (high-pass) and local contrast (divide by
    the local RMS, then clip), so every region votes about equally and edges do not dominate.
    `k` is the working grid's pixel size relative to the embedding grid's."""
    high = cv2.subtract(luma, cv2.GaussianBlur(luma, (0, 0), _HIGHPASS * k))
    h, w = high.shape
    step = max(1, round(_CONTRAST * k))
    reduced = cv2.resize(
        cv2.multiply(high, high),
        (max(1, w // step), max(1, h // step)),
        interpolation=cv2.INTER_AREA,
    )
    rms = cv2.sqrt(cv2.GaussianBlur(reduced, (0, 0), 1.5)) + 0.5
    local = cv2.resize(rms, (w, h), interpolation=cv2.INTER_LINEAR)
    return np.asarray(cv2.min(cv2.max(cv2.divide(high, local), -_CLIP), _CLIP), np.float32)


def _fold(image: NDArray[np.float32], period: int) -> NDArray[np.float32]:
    """Sum all period×period tiles of the image into one (zero-padded at the far edges)."""
    h, w = image.shape
    ph, pw = -(-h // period) * period, -(-w // period) * period
    padded = np.zeros((ph, pw), np.float32)
    padded[:h, :w] = image
    return padded.reshape(ph // period, period, pw // period, period).sum(axis=(0, 2))


def _chi2_z(value: float, dof: int) -> float:
    """Wilson–Hilferty: a χ²(dof) value as a standard normal z-score."""
    v = 2 / (9 * dof)
    return float(((max(value, 0.0) / dof) ** (1 / 3) - (1 - v)) / np.sqrt(v))
