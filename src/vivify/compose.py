"""Composition of the vertical story frame: the photo layer and how it is framed, and the badge.

Two framings. `bands`: the photo sits whole in the frame over a blurred, dimmed fill of itself.
`fill`: the photo, scaled to cover the frame, is larger than it, and a virtual camera pans across
it so that all of it is seen within the clip. `choose_framing` picks one per photo from where its
subject is. Pure functions over arrays; the badge is drawn with the font that ships inside Pillow.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont

from vivify.curves import ease_in_out
from vivify.types import RGB, Face, Mask, Scene

BADGE_TEXT = "AI-generated"
# A photo whose shape is this close to the frame's fills it, losing at most this share of an edge.
_COVER_TOLERANCE = 0.10
FRAMINGS = ("auto", "fill", "bands")
FramingChoice = Literal["auto", "fill", "bands"]
# Effects that move the camera themselves: with one of them the fill pan is not added on top.
CAMERA_MOVES = ("zoom_in", "zoom_out", "pan", "parallax")
# `auto`: a photo up to this much wider than high counts as near-square and keeps the bands.
NEAR_SQUARE = 1.3
# `auto`: content of interest spread over this share of the width or more is worth a pan.
SPREAD = 0.6


@dataclass(frozen=True)
class Framing:
    """How a photo is framed, and why. `fill` pans from the start of the photo to its end: from the
    left (top) with `reverse` False, from the right (bottom) with it True."""

    mode: Literal["fill", "bands"]
    reason: str
    reverse: bool = False


@dataclass(frozen=True)
class Canvas:
    """The photo layer (what effects animate), where it sits, and the static fill behind it.

    In `bands` framing the layer is at most the frame's size and sits at (x, y) on `background`.
    In `fill` framing it covers the frame, and the frame is a window of it whose top-left corner
    moves from `pan_from` to `pan_to` (layer pixels); `background` is then the window at the start.
    """

    layer: RGB
    background: RGB
    x: int
    y: int
    pan_from: tuple[int, int] = (0, 0)
    pan_to: tuple[int, int] = (0, 0)

    @property
    def size(self) -> tuple[int, int]:
        return (int(self.background.shape[1]), int(self.background.shape[0]))

    @property
    def fills(self) -> bool:
        """True when the layer covers the whole frame (the frame is a window of it)."""
        fw, fh = self.size
        return int(self.layer.shape[1]) >= fw and int(self.layer.shape[0]) >= fh

    @property
    def pans(self) -> bool:
        return self.pan_from != self.pan_to

    def window(self, at: float) -> tuple[float, float]:
        """The top-left corner, in layer pixels, of the frame's window `at` 0 (start) .. 1 (end)."""
        (x0, y0), (x1, y1) = self.pan_from, self.pan_to
        return (x0 + at * (x1 - x0), y0 + at * (y1 - y0))

    def place(self, layer: RGB, at: float = 0.0) -> RGB:
        """The frame made from the layer, as a new full frame: pasted onto the background, or, in
        fill framing, the window `at` 0..1 along the pan (sub-pixel, so the pan glides)."""
        if layer.shape == self.background.shape:
            return layer
        fw, fh = self.size
        if self.fills:
            x, y = self.window(at)
            if x.is_integer() and y.is_integer():
                return np.ascontiguousarray(layer[int(y) : int(y) + fh, int(x) : int(x) + fw])
            m = np.array([[1.0, 0.0, x], [0.0, 1.0, y]], np.float64)
            out: RGB = cv2.warpAffine(
                layer,
                m,
                (fw, fh),
                flags=cv2.INTER_CUBIC | cv2.WARP_INVERSE_MAP,
                borderMode=cv2.BORDER_REPLICATE,
            )
            return out
        frame = self.background.copy()
        h, w = layer.shape[:2]
        frame[self.y : self.y + h, self.x : self.x + w] = layer
        return frame


def layer_size(photo_size: tuple[int, int], frame_size: tuple[int, int]) -> tuple[int, int]:
    """The size of the photo layer inside the frame: the whole photo, undistorted."""
    pw, ph = photo_size
    fw, fh = frame_size
    if _close_to_frame(photo_size, frame_size):
        return fw, fh
    contain = min(fw / pw, fh / ph)
    return max(2, round(pw * contain)), max(2, round(ph * contain))


def _close_to_frame(photo_size: tuple[int, int], frame_size: tuple[int, int]) -> bool:
    pw, ph = photo_size
    fw, fh = frame_size
    contain = min(fw / pw, fh / ph)
    cover = max(fw / pw, fh / ph)
    return contain / cover >= 1.0 - _COVER_TOLERANCE


def make_canvas(photo: RGB, frame_size: tuple[int, int], framing: Framing | None = None) -> Canvas:
    """Frame the photo. `bands` (the default): fit it whole into the frame and fill the rest with
    a blurred, dimmed copy of itself. `fill`: scale it to cover the frame (to the frame's height,
    for a landscape photo) and pan across it. A photo shaped close to the frame fills it either
    way, without a pan."""
    fw, fh = frame_size
    ph, pw = photo.shape[:2]
    if _close_to_frame((pw, ph), frame_size):
        full = _cover(photo, fw, fh)
        return Canvas(layer=full, background=full, x=0, y=0)
    if framing is not None and framing.mode == "fill":
        return _fill_canvas(photo, fw, fh, framing.reverse)
    lw, lh = layer_size((pw, ph), frame_size)
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


def _fill_canvas(photo: RGB, fw: int, fh: int, reverse: bool) -> Canvas:
    """The whole photo scaled to cover the frame, no larger; the window travels its long axis."""
    ph, pw = photo.shape[:2]
    scale = max(fw / pw, fh / ph)
    lw, lh = max(fw, round(pw * scale)), max(fh, round(ph * scale))
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    layer = np.ascontiguousarray(cv2.resize(photo, (lw, lh), interpolation=interp))
    # Across the long axis the window is centred; along it, it runs from one end to the other.
    start, end = ((0, (lh - fh) // 2), (lw - fw, (lh - fh) // 2))
    if lh - fh > lw - fw:
        start, end = (((lw - fw) // 2, 0), ((lw - fw) // 2, lh - fh))
    if reverse:
        start, end = end, start
    x, y = start
    background = np.ascontiguousarray(layer[y : y + fh, x : x + fw])
    return Canvas(layer=layer, background=background, x=0, y=0, pan_from=start, pan_to=end)


def pan_position(t: float, duration: float, fps: int, loop: bool) -> float:
    """Where the fill pan is at time `t`: 0 at the start .. 1 at the end, eased at both. It arrives
    on the last frame; in a looping clip it goes there and back, so it ends where it began."""
    if loop:
        x = (t % duration) / duration
        return ease_in_out(1.0 - abs(2.0 * x - 1.0))
    last = max(duration - 1.0 / fps, 1e-6)
    return ease_in_out(t / last)


def camera_move(effect_names: list[str]) -> str | None:
    """The first effect of the plan that moves the camera itself, if any."""
    return next((name for name in effect_names if name in CAMERA_MOVES), None)


def saliency(rgb: RGB, width: int = 96) -> Mask:
    """What stands out in the photo, 0..1, at `width` pixels wide: the spectral residual
    (Hou & Zhang, 2007): the log amplitude spectrum minus its local mean, with the phase kept,
    transformed back and smoothed. Unusual structure stands out, repeated texture does not."""
    h, w = rgb.shape[:2]
    height = max(8, round(h * width / w))
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    small = cv2.resize(grey, (width, height), interpolation=cv2.INTER_AREA).astype(np.float64)
    spectrum = np.fft.fft2(small / 255.0)
    log_amp = np.log(np.abs(spectrum) + 1e-9)
    residual = log_amp - cv2.blur(log_amp, (3, 3), borderType=cv2.BORDER_REFLECT)
    back = np.fft.ifft2(np.exp(residual + 1j * np.angle(spectrum)))
    sal = (np.abs(back) ** 2).astype(np.float32)
    sal = cv2.GaussianBlur(sal, (0, 0), width / 32.0)
    top = float(sal.max())
    out: Mask = (sal / top).astype(np.float32) if top > 0 else np.zeros_like(sal)
    return out


def subject_map(rgb: RGB, scene: Scene) -> Mask:
    """The photo's main subject, 0..1: the scene's own `subject` map where scene analysis gives
    one; otherwise the people, when there are any, over a weaker cue of what stands out."""
    given = getattr(scene, "subject", None)
    if isinstance(given, np.ndarray):
        return given.astype(np.float32)
    h, w = scene.person.shape[:2]
    cue = cv2.resize(saliency(rgb), (w, h), interpolation=cv2.INTER_LINEAR)
    if scene.coverage("person") >= 0.01:
        cue = np.maximum(scene.person.astype(np.float32), 0.3 * cue)
    out: Mask = cue.astype(np.float32)
    return out


def choose_framing(
    photo_rgb: RGB, subject_mask: Mask | None, frame_size: tuple[int, int]
) -> Framing:
    """The `auto` framing of a photo, from its shape and where its subject is (`subject_mask`,
    0..1, any size; None: what stands out in the photo).

    - shaped close to the frame: it fills the frame, no pan is needed;
    - portrait or near-square: bands (a pan would show little of it at a time);
    - landscape, content of interest spread across the width: fill, panning left to right;
    - landscape, subject off-centre, small enough to be seen whole in the frame's window at one
      end of the pan: fill, starting on the subject and panning away from it;
    - landscape, a subject in the middle (or too wide for the window): bands, since a pan would
      cut it at its start and end.
    """
    ph, pw = photo_rgb.shape[:2]
    fw, fh = frame_size
    by_shape = framing_by_shape((pw, ph), frame_size)
    if by_shape is not None:
        return by_shape
    subject = saliency(photo_rgb) if subject_mask is None else subject_mask
    start, end, _centre = _extent(subject)
    view = min(1.0, (fw / fh) / (pw / ph))  # the share of the width the frame shows at once
    if end - start >= SPREAD:
        return Framing("fill", "what stands out is spread across the width of the photo")
    if end <= view:
        return Framing("fill", "its subject is on the left, where the pan starts")
    if start >= 1.0 - view:
        return Framing("fill", "its subject is on the right, where the pan starts", reverse=True)
    return Framing(
        "bands", "its subject is in the middle of the photo, where a pan would cut it at both ends"
    )


def framing_by_shape(photo_size: tuple[int, int], frame_size: tuple[int, int]) -> Framing | None:
    """The `auto` framing where the photo's shape alone decides it; None for a landscape photo,
    whose framing depends on where its subject is."""
    pw, ph = photo_size
    if _close_to_frame(photo_size, frame_size):
        return Framing("fill", "the photo's shape is close to the frame's")
    if pw < NEAR_SQUARE * ph:
        shape = "portrait" if ph > pw else "near-square"
        return Framing("bands", f"the photo is {shape}: a pan would show little of it at a time")
    return None


def _extent(subject: Mask) -> tuple[float, float, float]:
    """Where the subject lies across the width, as shares of it: from, to (the middle 80% of its
    mass) and its centre. Faint values count for little, so the background does not spread it."""
    m = np.asarray(subject, np.float32)
    top = float(m.max()) if m.size else 0.0
    if top <= 0.0:
        return 0.0, 1.0, 0.5
    columns = ((m / top) ** 2).sum(axis=0).astype(np.float64)
    cumulative = np.cumsum(columns) / columns.sum()
    w = len(columns)
    lo = float(np.searchsorted(cumulative, 0.1)) / w
    hi = float(np.searchsorted(cumulative, 0.9) + 1) / w
    centre = float((columns * (np.arange(w) + 0.5)).sum() / columns.sum()) / w
    return lo, hi, centre


def framing_note(canvas: Canvas, framing: Framing) -> str:
    """The plan's note on how the photo is framed and why."""
    if canvas.layer.shape == canvas.background.shape:
        return "Framing: the photo fills the frame, because its shape is close to the frame's."
    if not canvas.fills:
        return f"Framing: bands, because {framing.reason}."
    (x0, y0), (x1, y1) = canvas.pan_from, canvas.pan_to
    if x1 != x0:
        way = "left to right" if x1 > x0 else "right to left"
    else:
        way = "top to bottom" if y1 > y0 else "bottom to top"
    return f"Framing: fill, panning {way}, because {framing.reason}."


def fit_scene(scene: Scene, size: tuple[int, int]) -> Scene:
    """The scene scaled to another layer size (w, h): every map resized, faces moved with it."""
    w, h = size
    sw, sh = scene.size
    if (sw, sh) == (w, h):
        return scene
    fx, fy = w / sw, h / sh
    changes: dict[str, object] = {}
    for f in dataclasses.fields(scene):
        value = getattr(scene, f.name)
        if isinstance(value, np.ndarray) and value.ndim == 2:
            interp = cv2.INTER_AREA if fx < 1 else cv2.INTER_LINEAR
            changes[f.name] = cv2.resize(value, (w, h), interpolation=interp)
    changes["faces"] = tuple(_scale_face(face, fx, fy) for face in scene.faces)
    return dataclasses.replace(scene, **changes)  # type: ignore[arg-type]


def _scale_face(face: Face, fx: float, fy: float) -> Face:
    x, y, w, h = face.box
    box = (round(x * fx), round(y * fy), round(w * fx), round(h * fy))
    landmarks = face.landmarks.astype(np.float32).copy()
    landmarks[:, 0] *= fx
    landmarks[:, 1] *= fy
    return Face(box=box, landmarks=landmarks)


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
    """The visible label, pre-rendered once per frame size: premultiplied colour and alpha,
    drawn at each of `places` (x, y of its top-left corner)."""

    places: tuple[tuple[int, int], ...]
    color: NDArray[np.float32]  # h×w×3, already multiplied by alpha
    alpha: NDArray[np.float32]  # h×w×1
    text_mask: NDArray[np.bool_]  # h×w, True where the letters are

    @property
    def x(self) -> int:
        return self.places[0][0]

    @property
    def y(self) -> int:
        return self.places[0][1]

    def draw(self, frame: RGB) -> RGB:
        """Return a copy of `frame` with the badge on it (frames may be shared, e.g. the layer)."""
        h, w = self.alpha.shape[:2]
        out = frame.copy()
        for x, y in self.places:
            region = out[y : y + h, x : x + w]
            mixed = region.astype(np.float32) * (1.0 - self.alpha) + self.color
            out[y : y + h, x : x + w] = (mixed + 0.5).astype(np.uint8)
        return out


BADGE_FONT = "DejaVuSansMono-Bold.ttf"  # its capital I has serifs: "AI" never reads as "Al"
# Where the two badges sit: one in the upper left of the frame (6% of the width in, 11% of the
# height down), one in the lower right of the square at its middle (6% of the square's side in
# from its corner). Whatever crop re-sharing makes, 10% off any side, 5% off each, or the
# middle square (which keeps 22% to 78% of a vertical clip's height), one stays whole.
BADGE_INSET = 0.06
BADGE_TOP = 0.11


def _asset(name: str) -> Path:
    return Path(__file__).with_name("assets") / name


@lru_cache(maxsize=8)
def badge_for(width: int, height: int) -> Badge:
    """The "AI-generated" badge for a frame size: about a third of the width wide, drawn twice
    (see `BADGE_INSET`), in a font in which "AI" can't be misread (`BADGE_FONT`)."""
    unit = min(width, height)
    font_px = max(10, round(unit * 0.042))
    font = ImageFont.truetype(str(_asset(BADGE_FONT)), font_px)
    left, top, right, bottom = (int(v) for v in font.getbbox(BADGE_TEXT))
    pad_x, pad_y = round(font_px * 0.6), round(font_px * 0.4)
    bw, bh = right - left + 2 * pad_x, bottom - top + 2 * pad_y
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
    inset = round(BADGE_INSET * unit)
    square_right, square_bottom = (width + unit) // 2, (height + unit) // 2
    wanted = [
        (round(BADGE_INSET * width), round(BADGE_TOP * height)),
        (square_right - inset - bw, square_bottom - inset - bh),
    ]
    places = tuple(
        (min(max(0, x), max(0, width - bw)), min(max(0, y), max(0, height - bh))) for x, y in wanted
    )
    return Badge(
        places=places,
        color=(color * 1.0).astype(np.float32),
        alpha=alpha[..., None].astype(np.float32),
        text_mask=text_alpha > 0.8,
    )
