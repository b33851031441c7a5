"""Writing a scene's masks as PNG files, for `vivify scene --out`."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

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
        images[name] = (np.clip(mask, 0, 1) * 255 + 0.5).astype(np.uint8)
    faces = photo.copy()
    for face in scene.faces:
        x, y, w, h = face.box
        cv2.rectangle(faces, (x, y), (x + w, y + h), (255, 80, 0), 2)
        for px, py in face.landmarks.astype(int):
            cv2.circle(faces, (int(px), int(py)), 1, (0, 255, 0), -1)
    images["faces"] = faces
    written = []
    for name, pixels in images.items():
        path = out_dir / f"{name}.png"
        try:
            Image.fromarray(pixels).save(path, format="PNG")
        except OSError as exc:
            raise OutputError(f"Can't write {path}: {exc.strerror or exc}.") from None
        written.append(path)
    return written
