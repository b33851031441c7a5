"""Faces with dense landmarks, from MediaPipe's bundled face mesh (no download)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from vivify.errors import VivifyError
from vivify.scene.quiet import native_stderr_silenced
from vivify.types import RGB, Face

MAX_FACES = 8
CROP_SCALE = 2.2  # a head box is looked at again in a crop this many times its size
CROP_SIZE = 256  # pixels: small crops are enlarged to this, the face mesh's comfortable size
Box = tuple[int, int, int, int]  # x, y, width, height
_lock = threading.Lock()  # MediaPipe graphs are not safe to run from two threads at once


def _solutions() -> Any:
    with native_stderr_silenced():
        try:
            import mediapipe as mp
        except ImportError as exc:  # pragma: no cover - the install script always adds it
            raise VivifyError(
                "MediaPipe is not installed; run scripts/install to set up vivify."
            ) from exc
    return mp.solutions


def _process(make: Callable[[], Any], rgb: RGB) -> Any:
    """Build one MediaPipe graph, run it on `rgb` and close it: under the lock, with its native
    logging silenced (building it logs too)."""
    with _lock, native_stderr_silenced(), make() as graph:
        return graph.process(np.ascontiguousarray(rgb))


def find_faces(rgb: RGB, heads: tuple[Box, ...] = ()) -> tuple[Face, ...]:
    """Faces with landmarks. The face mesh looks at the whole photo, where it finds faces that
    are large in it; each head box (from `find_heads`) it did not cover is looked at again,
    cropped and enlarged, which finds the small faces of a group or of a person seen whole."""
    faces = list(_mesh(rgb, MAX_FACES))
    h, w = rgb.shape[:2]
    colourless: bool | None = None
    for x, y, bw, bh in heads:
        if len(faces) >= MAX_FACES:
            break
        cx, cy = x + bw / 2.0, y + bh / 2.0
        if any(_inside(cx, cy, f.box) for f in faces):
            continue
        side = CROP_SCALE * max(bw, bh)
        x0, y0 = max(0, round(cx - side / 2)), max(0, round(cy - side / 2))
        x1, y1 = min(w, round(cx + side / 2)), min(h, round(cy + side / 2))
        if x1 - x0 < 8 or y1 - y0 < 8:
            continue
        zoom = max(1.0, CROP_SIZE / max(x1 - x0, y1 - y0))
        crop = cv2.resize(
            np.ascontiguousarray(rgb[y0:y1, x0:x1]),
            (round((x1 - x0) * zoom), round((y1 - y0) * zoom)),
            interpolation=cv2.INTER_CUBIC,
        )
        for found in _mesh(crop, 1):
            pts = found.landmarks / zoom + np.array([x0, y0], np.float32)
            face = _face(pts, w, h)
            fx, fy, fw, fh = face.box
            # The same face as the head box, and a person's: in a crop the mesh also fits
            # itself to a cat's face, whose fur is not skin-coloured.
            # A photo with no colour says nothing about skin, so there any such face passes.
            if not _inside(fx + fw / 2.0, fy + fh / 2.0, (x, y, bw, bh)):
                continue
            if colourless is None:
                colourless = _colourless(rgb)  # once per photo, and only when needed
            if colourless or _skin(rgb, pts):
                faces.append(face)
    return tuple(sorted(faces, key=lambda f: f.box[0]))


def _mesh(rgb: RGB, most: int) -> list[Face]:
    h, w = rgb.shape[:2]
    mesh = partial(
        _solutions().face_mesh.FaceMesh,
        static_image_mode=True,
        max_num_faces=most,
        refine_landmarks=True,
        min_detection_confidence=0.5,
    )
    result = _process(mesh, rgb)
    return [
        _face(np.array([(p.x * w, p.y * h) for p in found.landmark], np.float32), w, h)
        for found in result.multi_face_landmarks or []
    ]


def _face(pts: NDArray[np.float32], w: int, h: int) -> Face:
    x0, y0 = np.floor(pts.min(axis=0)).astype(int)
    x1, y1 = np.ceil(pts.max(axis=0)).astype(int)
    x0, y0 = max(0, int(x0)), max(0, int(y0))
    return Face(box=(x0, y0, min(w, int(x1)) - x0, min(h, int(y1)) - y0), landmarks=pts)


# Face-mesh landmarks on the cheeks, the nose bridge and the forehead: skin on anyone.
_SKIN_POINTS = [50, 280, 101, 330, 205, 425, 36, 266, 117, 346, 187, 411, 151, 9, 8, 168]


def _skin(rgb: RGB, pts: NDArray[np.float32]) -> bool:
    """Whether most of a face's cheeks and forehead have a skin tone (any, in YCrCb's skin
    range)."""
    h, w = rgb.shape[:2]
    xs = np.clip(np.round(pts[_SKIN_POINTS, 0]).astype(int), 0, w - 1)
    ys = np.clip(np.round(pts[_SKIN_POINTS, 1]).astype(int), 0, h - 1)
    # Only the sampled pixels are converted: YCrCb is per pixel.
    samples = np.ascontiguousarray(rgb[ys, xs][None])
    ycc = cv2.cvtColor(samples, cv2.COLOR_RGB2YCrCb)[0].astype(np.int16)
    cr, cb = ycc[:, 1], ycc[:, 2]
    return float(((cr >= 133) & (cr <= 180) & (cb >= 77) & (cb <= 135)).mean()) >= 0.5


def _colourless(rgb: RGB) -> bool:
    """Whether the photo is black and white (or nearly): its chroma is close to neutral."""
    ycc = cv2.cvtColor(rgb, cv2.COLOR_RGB2YCrCb).astype(np.int16)
    return float(np.abs(ycc[..., 1:] - 128).mean()) < 4.0


def _inside(x: float, y: float, box: Box) -> bool:
    bx, by, bw, bh = box
    return bx <= x <= bx + bw and by <= y <= by + bh


def find_heads(rgb: RGB) -> tuple[Box, ...]:
    """Face boxes (x, y, w, h) from the bundled full-range face detector, which finds small
    faces, and faces in profile or turned away, that the face mesh misses."""
    h, w = rgb.shape[:2]
    detector = partial(
        _solutions().face_detection.FaceDetection, model_selection=1, min_detection_confidence=0.5
    )
    result = _process(detector, rgb)
    boxes = []
    for found in result.detections or []:
        rel = found.location_data.relative_bounding_box
        x, y = max(0, round(rel.xmin * w)), max(0, round(rel.ymin * h))
        bw, bh = round(rel.width * w), round(rel.height * h)
        if bw > 4 and bh > 4:
            boxes.append((x, y, min(bw, w - x), min(bh, h - y)))
    return tuple(boxes[:MAX_FACES])


def person_probability(rgb: RGB) -> np.ndarray[Any, np.dtype[np.float32]]:
    """MediaPipe's bundled selfie segmentation: per-pixel probability of a person."""
    segmenter = partial(_solutions().selfie_segmentation.SelfieSegmentation, model_selection=0)
    result = _process(segmenter, rgb)
    return np.asarray(result.segmentation_mask, np.float32)


def check_models() -> None:
    """Load both bundled models once; used by the installer to prove the install works."""
    probe = np.full((64, 64, 3), 128, np.uint8)
    find_faces(probe)
    person_probability(probe)
