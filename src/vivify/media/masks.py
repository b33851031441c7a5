"""Writing a scene's masks as PNG files, for `vivify scene --out`."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont

from vivify.errors import OutputError
from vivify.scene import MASK_NAMES
from vivify.types import RGB, Scene


def write_scene(photo: RGB, scene: Scene, out_dir: Path) -> list[Path]:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"Can't create {out_dir}: {exc.strerror}.") from None
    images: dict[str, NDArray[np.uint8]] = {"photo": photo}
    for name in MASK_NAMES:
        mask = getattr(scene, name)
        if mask is None:  # no subject was found
            mask = np.zeros(photo.shape[:2], np.float32)
        images[name] = (np.clip(mask, 0, 1) * 255 + 0.5).astype(np.uint8)
    faces = photo.copy()
    for face in scene.faces:
        x, y, w, h = face.box
        cv2.rectangle(faces, (x, y), (x + w, y + h), (255, 80, 0), 2)
        for px, py in face.landmarks.astype(int):
            cv2.circle(faces, (int(px), int(py)), 1, (0, 255, 0), -1)
    images["faces"] = faces
    images["overlay"] = scene_overlay(photo, scene)
    written = []
    for name, pixels in images.items():
        path = out_dir / f"{name}.png"
        try:
            Image.fromarray(pixels).save(path, format="PNG")
        except OSError as exc:
            raise OutputError(f"Can't write {path}: {exc.strerror or exc}.") from None
        written.append(path)
    return written


# Each region the effects work inside, in its own colour (depth is a measure, not a region).
TINTS: dict[str, tuple[int, int, int]] = {
    "sky": (60, 130, 255),
    "vegetation": (40, 220, 40),
    "water": (0, 230, 230),
    "person": (255, 60, 200),
    "hair": (255, 150, 0),
    "subject": (170, 60, 255),
}
FACE_COLOUR = (255, 255, 255)


def scene_overlay(photo: RGB, scene: Scene) -> RGB:
    """The photo with each region the scene analysis found tinted in its own colour and faces
    outlined, over a legend strip naming each colour and how much of the photo it covers: why
    the engine moves what it moves."""
    h, w = photo.shape[:2]
    out = photo.astype(np.float32)
    for name, colour in TINTS.items():
        mask = getattr(scene, name)
        if mask is None:
            continue
        weight = 0.3 if name == "subject" else 0.55  # the subject lies under the others
        alpha = np.clip(mask, 0.0, 1.0)[..., None] * weight
        out = out * (1.0 - alpha) + np.array(colour, np.float32) * alpha
    tinted = np.clip(out + 0.5, 0, 255).astype(np.uint8)
    for face in scene.faces:
        x, y, fw, fh = face.box
        cv2.rectangle(tinted, (x, y), (x + fw, y + fh), FACE_COLOUR, max(1, round(w / 360)))
    rows = [(f"{name} {scene.coverage(name):.0%}", colour) for name, colour in TINTS.items()]
    rows.append((f"faces {len(scene.faces)}", FACE_COLOUR))
    font_px = max(10, round(min(w, h) * 0.035))
    font = ImageFont.load_default(size=font_px)
    line = round(font_px * 1.5)
    pad = max(4, font_px // 2)
    swatch = font_px
    cell = max(round(font.getlength(text)) for text, _ in rows) + swatch + 3 * pad
    per_row = max(1, (w - pad) // cell)
    strip_h = pad + line * -(-len(rows) // per_row) + pad
    legend = Image.new("RGB", (w, strip_h), (24, 24, 24))
    draw = ImageDraw.Draw(legend)
    for i, (text, colour) in enumerate(rows):
        x = pad + (i % per_row) * cell
        y = pad + (i // per_row) * line
        draw.rectangle([x, y + 2, x + swatch, y + 2 + swatch], fill=colour)
        draw.text((x + swatch + pad, y), text, font=font, fill=(235, 235, 235))
    return np.ascontiguousarray(np.vstack([tinted, np.asarray(legend, np.uint8)]))
