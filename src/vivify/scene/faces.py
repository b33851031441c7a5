"""Faces with dense landmarks, from MediaPipe's bundled face mesh (no download)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

from vivify.errors import VivifyError
from vivify.scene.quiet import native_stderr_silenced
from vivify.types import RGB, Face

MAX_FACES = 8
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


def find_faces(rgb: RGB) -> tuple[Face, ...]:
    h, w = rgb.shape[:2]
    mesh = partial(
        _solutions().face_mesh.FaceMesh,
        static_image_mode=True,
        max_num_faces=MAX_FACES,
        refine_landmarks=True,
        min_detection_confidence=0.5,
    )
    result = _process(mesh, rgb)
    faces = []
    for found in result.multi_face_landmarks or []:
        pts = np.array([(p.x * w, p.y * h) for p in found.landmark], np.float32)
        x0, y0 = np.floor(pts.min(axis=0)).astype(int)
        x1, y1 = np.ceil(pts.max(axis=0)).astype(int)
        x0, y0 = max(0, int(x0)), max(0, int(y0))
        box = (x0, y0, min(w, int(x1)) - x0, min(h, int(y1)) - y0)
        faces.append(Face(box=box, landmarks=pts))
    return tuple(sorted(faces, key=lambda f: f.box[0]))


def find_heads(rgb: RGB) -> tuple[tuple[int, int, int, int], ...]:
    """Face boxes (x, y, w, h) from the bundled face detector, which finds faces in profile and
    turned away that the face mesh misses. Used for hair only: a box has no landmarks."""
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
