"""A clip's perceptual fingerprint: does a recovered manifest describe the video at hand?

The watermark's payload leads from a copy to the manifest of the clip it was embedded in. It
says nothing about the pixels around it: anyone with the code can embed a known payload into
other video. So each clip's manifest also carries a compact fingerprint of what it shows, and
recovery compares it with the copy.

The fingerprint is taken twice a second: four 143-bit perceptual hashes of the frame (the whole
picture, centred crops of 90% and 80%, and the square at its middle, which is what the usual
crops of a re-share keep), 72 bytes a frame and 720 for a 5 s clip, kept in the signed manifest
as the `org.vivify.fingerprint` assertion. Each hash is the sign of the lowest 12×12 DCT
coefficients (less the DC) against their median, of the luma reduced to 32×32 and equalised (so
brightness, contrast and gamma leave it alone), after black bars are cut away; the crops leave
out the top tenth of the picture. The hashes are of the frames as published, badge included:
every vivify clip shares the badge, which draws two vivify clips' hashes a little together (see
the figures below), but filling its boxes in, or hashing the frames before it, cost more on
cropped and resized copies than it gained (benchmarks/fingerprint.py).

A copy is compared frame by frame: each of its frames (read at the same rate, turned back the way
the watermark detector found it turned), its whole picture against every stored hash and its
middle square against the stored squares, keeping the nearest, so a trimmed, spliced or cropped
copy still matches. The copy shows the same content when the median of those distances is at
most `MATCH_BITS` bits. Measured with benchmarks/fingerprint.py on copies of clips made from
real photos (JPEG at quality 28, half and a third of the size, a 10% crop, a square crop,
letterbox, +20% brightness, gamma 0.7, trimmed, greyscale), with the badge drawn twice as it is
now: the 26 development photos matched 255 of 260 (a top view of moss, flat and fine-grained,
failed four ways, and a star field cropped 10% came to 38 bits) and other clips never came
nearer than 43 bits (6,500 pairs); on 60 held-out photos 598 of 600 matched (a dark photo of
swans, square-cropped or gamma-lifted, did not: it reads as not described, the safe side), and
2 of 35,400 pairs of other clips matched (35 and 36 bits: two vivify clips share the badge). With
the badge once, at the top, before this, the held-out photos gave 598 of 600 and no pair nearer
than 40.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

ALGORITHM = "org.vivify.fingerprint.1"
EVERY_S = 0.5  # one set of hashes per this many seconds of video
BITS = 143  # a hash: the lowest 12×12 DCT coefficients but the DC
MATCH_BITS = 36  # the median nearest distance up to which a copy shows the same content
# The parts of a frame the manifest keeps a hash of: the whole picture and centred crops of 90%
# and 80% (what a re-share's crop keeps), then the square at its middle (a square crop).
CROPS = (1.0, 0.9, 0.8)
PER_FRAME = len(CROPS) + 1
_TOP = 0.10  # the band at the top the crops leave out
_SIDE = 32  # the reduced frame's side
_BLOCK = 12  # the lowest _BLOCK×_BLOCK DCT coefficients make a hash
_BAR_LEVEL = 12  # rows and columns this dark throughout are letterbox bars (black stays black)


def frame_hashes(luma: NDArray[np.uint8], crops: Sequence[float] = CROPS) -> list[int]:
    """The perceptual hashes of one frame's luma (H×W uint8): of each centred crop in `crops`
    (1.0: the whole picture), then of the square at its middle."""
    if luma.ndim != 2 or min(luma.shape) < 8:
        raise ValueError(f"expected an H×W luma plane of at least 8×8, got {luma.shape}")
    region = _without_bars(luma)
    h, w = region.shape
    out = []
    for crop in crops:
        ch, cw = max(8, round(h * crop)), max(8, round(w * crop))
        y, x = (h - ch) // 2, (w - cw) // 2
        part = region[y : y + ch, x : x + cw]
        out.append(_hash(part[int(ch * _TOP) :]))
    side = min(h, w)
    y, x = (h - side) // 2, (w - side) // 2
    out.append(_hash(region[y : y + side, x : x + side]))
    return out


def _hash(region: NDArray[np.uint8]) -> int:
    small = cv2.resize(region, (_SIDE, _SIDE), interpolation=cv2.INTER_AREA)
    # Equalised: brightness, contrast and gamma (any rising curve) leave the ranks as they were.
    flat = cv2.equalizeHist(np.ascontiguousarray(small)).astype(np.float32)
    low = cv2.dct(flat)[:_BLOCK, :_BLOCK].ravel()[1:]  # the DC left out
    bits = low > np.median(low)
    return int.from_bytes(np.packbits(bits).tobytes(), "big")


def _without_bars(luma: NDArray[np.uint8]) -> NDArray[np.uint8]:
    """The frame with black bars (letterbox or pillarbox) cut away; all of it if all dark."""
    rows = np.flatnonzero(luma.max(axis=1) > _BAR_LEVEL)
    cols = np.flatnonzero(luma.max(axis=0) > _BAR_LEVEL)
    if len(rows) < 8 or len(cols) < 8:
        return luma
    return luma[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


def sample_step(fps: float) -> int:
    """Every how many frames one is hashed."""
    return max(1, round(fps * EVERY_S))


def fingerprint(lumas: Iterable[NDArray[np.uint8]], fps: float) -> list[int]:
    """What a clip's manifest keeps: `PER_FRAME` hashes (`frame_hashes`) of every
    `sample_step(fps)`-th frame, from the first."""
    step = sample_step(fps)
    return [h for i, luma in enumerate(lumas) if i % step == 0 for h in frame_hashes(luma)]


def copy_hashes(lumas: Iterable[NDArray[np.uint8]], fps: float) -> list[tuple[int, int]]:
    """What a copy is compared by: for every `sample_step(fps)`-th frame, the hash of its whole
    picture and of its middle square."""
    step = sample_step(fps)
    out = []
    for i, luma in enumerate(lumas):
        if i % step == 0:
            whole, square = frame_hashes(luma, crops=(1.0,))
            out.append((whole, square))
    return out


def distance(a: int, b: int) -> int:
    """How many of the bits differ."""
    return (a ^ b).bit_count()


@dataclass(frozen=True)
class Comparison:
    """How a copy's frames compare with a stored fingerprint."""

    matches: bool
    median_bits: float  # the median, over the copy's hashes, of the nearest stored distance
    hashes: int  # how many of the copy's frames were compared


def compare(stored: Sequence[int], copy: Sequence[tuple[int, int]]) -> Comparison:
    """Whether `copy`'s hashes show the content `stored` describes (see the module). Each copy
    frame counts by its nearest stored hash: its whole picture against every stored crop (a
    cropped copy meets the crop it kept), its square against the stored squares."""
    if len(stored) < PER_FRAME or len(stored) % PER_FRAME or not copy:
        raise ValueError("a comparison needs whole fingerprints on both sides")
    squares = stored[len(CROPS) :: PER_FRAME]
    nearest = [
        min(
            min(distance(whole, s) for s in stored),
            min(distance(square, s) for s in squares),
        )
        for whole, square in copy
    ]
    median = float(np.median(nearest))
    return Comparison(median <= MATCH_BITS, median, len(nearest))


def to_hex(hashes: Sequence[int]) -> list[str]:
    return [f"{h:0{_HEX}x}" for h in hashes]


def from_hex(values: Sequence[object]) -> list[int]:
    """Hashes read back from a manifest; anything malformed raises ValueError."""
    out = []
    for value in values:
        text = str(value)
        if len(text) != _HEX:
            raise ValueError(f"not a {BITS}-bit hash: {text!r}")
        out.append(int(text, 16))
    if not out or len(out) % PER_FRAME:
        raise ValueError(f"a fingerprint has {PER_FRAME} hashes per frame, not {len(out)} in all")
    return out


_HEX = -(-BITS // 8) * 2  # hex digits of a hash: its bits padded to whole bytes
