"""Composition of the vertical story frame: the photo layer over a blurred fill, and the badge.

Pure functions over arrays; the badge is drawn with the font that ships inside Pillow.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont

from vivify.types import RGB

BADGE_TEXT = "AI-generated"
# A photo whose shape is this close to the frame's fills it, losing at most this share of an edge.
_COVER_TOLERANCE = 0.10


@dataclass(frozen=True)
class Canvas:
    """The photo layer (what effects animate), where it sits, and the static fill behind it."""

    layer: RGB
    background: RGB
    x: int
    y: int

    @property
    def size(self) -> tuple[int, int]:
        return (int(self.background.shape[1]), int(self.background.shape[0]))

    def place(self, layer: RGB) -> RGB:
        """The layer pasted onto the background, as a new full frame."""
        if layer.shape == self.background.shape:
            return layer
        frame = self.background.copy()
        h, w = layer.shape[:2]
        frame[self.y : self.y + h, self.x : self.x + w] = layer
        return frame


def layer_size(photo_size: tuple[int, int], frame_size: tuple[int, int]) -> tuple[int, int]:
    """The size of the photo layer inside the frame: the whole photo, undistorted."""
    pw, ph = photo_size
    fw, fh = frame_size
    contain = min(fw / pw, fh / ph)
    cover = max(fw / pw, fh / ph)
    if contain / cover >= 1.0 - _COVER_TOLERANCE:
        return fw, fh
    return max(2, round(pw * contain)), max(2, round(ph * contain))


def make_canvas(photo: RGB, frame_size: tuple[int, int]) -> Canvas:
    """Fit the photo into the frame; fill the rest with a blurred, dimmed copy of itself."""
    fw, fh = frame_size
    ph, pw = photo.shape[:2]
    lw, lh = layer_size((pw, ph), frame_size)
    if (lw, lh) == (fw, fh):
        full = _cover(photo, fw, fh)
        return Canvas(layer=full, background=full, x=0, y=0)
    interp = cv2.INTER_AREA if lw < pw else cv2.INTER_CUBIC
    layer: RGB = cv2.resize(photo, (lw, lh), interpolation=interp)
    cover = _cover(photo, fw, fh, interpolation=cv2.INTER_AREA)
    small = cv2.resize(cover, (max(1, fw // 8), max(1, fh // 8)), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), sigmaX=max(fw, fh) / 160.0)
    fill = cv2.resize(small, (fw, fh), interpolation=cv2.INTER_LINEAR)
    background: RGB = (fill.astype(np.float32) * 0.55).astype(np.uint8)
    return Canvas(
        layer=np.ascontiguousarray(layer), background=background, x=(fw - lw) // 2, y=(fh - lh) // 2
    )


def _cover(photo: RGB, fw: int, fh: int, interpolation: int | None = None) -> RGB:
    """Scale to cover (fw, fh) and crop the centre."""
    ph, pw = photo.shape[:2]
    scale = max(fw / pw, fh / ph)
    sw, sh = max(fw, round(pw * scale)), max(fh, round(ph * scale))
    if interpolation is None:
        interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    scaled = cv2.resize(photo, (sw, sh), interpolation=interpolation)
    x, y = (sw - fw) // 2, (sh - fh) // 2
    return np.ascontiguousarray(scaled[y : y + fh, x : x + fw])


@dataclass(frozen=True)
class Badge:
    """The visible label, pre-rendered once per frame size: premultiplied colour and alpha."""

    x: int
    y: int
    color: NDArray[np.float32]  # h×w×3, already multiplied by alpha
    alpha: NDArray[np.float32]  # h×w×1
    text_mask: NDArray[np.bool_]  # h×w, True where the letters are

    def draw(self, frame: RGB) -> RGB:
        """Return a copy of `frame` with the badge on it (frames may be shared, e.g. the layer)."""
        h, w = self.alpha.shape[:2]
        region = frame[self.y : self.y + h, self.x : self.x + w]
        mixed = region.astype(np.float32) * (1.0 - self.alpha) + self.color
        out = frame.copy()
        out[self.y : self.y + h, self.x : self.x + w] = (mixed + 0.5).astype(np.uint8)
        return out


@lru_cache(maxsize=8)
def badge_for(width: int, height: int) -> Badge:
    """The "AI-generated" badge for a frame size: top-left, about a quarter of the width wide."""
    unit = min(width, height)
    font_px = max(10, round(unit * 0.038))
    font = ImageFont.load_default(size=font_px)
    left, top, right, bottom = (int(v) for v in font.getbbox(BADGE_TEXT))
    pad_x, pad_y = round(font_px * 0.6), round(font_px * 0.4)
    bw, bh = right - left + 2 * pad_x, bottom - top + 2 * pad_y
    margin = max(4, round(unit * 0.04))
    box = Image.new("LA", (bw, bh), (0, 0))
    ImageDraw.Draw(box).rounded_rectangle(
        (0, 0, bw - 1, bh - 1), radius=round(bh * 0.3), fill=(0, 200)
    )
    text = Image.new("L", (bw, bh), 0)
    ImageDraw.Draw(text).text((pad_x - left, pad_y - top), BADGE_TEXT, font=font, fill=255)
    box_alpha = np.asarray(box.getchannel("A"), np.float32) / 255.0
    text_alpha = np.asarray(text, np.float32) / 255.0
    alpha = np.maximum(box_alpha, text_alpha)
    color = np.repeat((text_alpha * 255.0)[..., None], 3, axis=2)  # white text on black
    return Badge(
        x=margin,
        y=margin,
        color=(color * 1.0).astype(np.float32),
        alpha=alpha[..., None].astype(np.float32),
        text_mask=text_alpha > 0.8,
    )
