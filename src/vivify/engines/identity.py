"""Does a generated clip keep the people's faces? Frame 0 is the photo; each face found there is
compared with the same face in later frames by its shape and its colour.

- **Shape**: the face mesh's landmarks in a later frame, aligned to frame 0's by the similarity
  transform that fits them best (Procrustes: a head that turns a little, moves or comes closer is
  not a change of identity), then the mean distance left between matching landmarks, as a share
  of the distance between the eyes. A face that keeps its features scores near 0; a different
  face scores well above 0.1.
- **Colour**: the mean CIE Lab colour of the face's inner box, and how far a later frame's is from
  frame 0's (ΔE*76; about 2 is the smallest difference people notice, 10 is obvious).
- **Lost**: a face found in frame 0 that a later frame no longer shows where it was.

The largest drift over the frames looked at goes into the clip's summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from vivify.types import RGB, Face

# MediaPipe face-mesh landmarks at the outer corners of the eyes.
LEFT_EYE, RIGHT_EYE = 33, 263


@dataclass
class IdentityCheck:
    """Faces of frame 0, compared with later frames given to `observe`."""

    reference: tuple[Face, ...]
    colours: list[NDArray[np.float64]] = field(default_factory=list)
    frames: int = 0
    shape_drift: float = 0.0
    colour_drift: float = 0.0
    lost: int = 0

    @classmethod
    def of(cls, first: RGB, faces: tuple[Face, ...] | None = None) -> IdentityCheck:
        """The check for a clip whose frame 0 is `first` (its faces found here unless given)."""
        check = cls(tuple(_faces(first) if faces is None else faces))
        check.colours = [_colour(first, f) for f in check.reference]
        return check

    def observe(self, frame: RGB, faces: tuple[Face, ...] | None = None) -> None:
        """Compare one later frame with frame 0."""
        if not self.reference:
            return
        if faces is None:
            faces = _faces(frame)
        self.frames += 1
        for ref, colour in zip(self.reference, self.colours, strict=True):
            match = _nearest(ref, faces)
            if match is None:
                self.lost += 1
                continue
            self.shape_drift = max(self.shape_drift, shape_drift(ref, match))
            delta = float(np.linalg.norm(_colour(frame, match) - colour))
            self.colour_drift = max(self.colour_drift, delta)

    def report(self) -> dict[str, Any]:
        return {
            "faces": len(self.reference),
            "frames_checked": self.frames,
            "landmark_drift": round(self.shape_drift, 4),
            "colour_drift_delta_e": round(self.colour_drift, 2),
            "faces_lost": self.lost,
        }


def _faces(frame: RGB) -> tuple[Face, ...]:
    """The frame's faces as the scene analysis finds them: the face mesh over the whole frame,
    and again in each head box it did not cover (small faces in a story-sized frame)."""
    from vivify.scene.faces import find_faces, find_heads

    return find_faces(frame, find_heads(frame))


def shape_drift(a: Face, b: Face) -> float:
    """How far `b`'s landmarks are from `a`'s once aligned by a similarity transform, as a
    share of `a`'s eye distance."""
    p = a.landmarks.astype(np.float64)
    q = b.landmarks.astype(np.float64)
    if p.shape != q.shape or len(p) <= RIGHT_EYE:
        return 1.0
    p0, q0 = p - p.mean(axis=0), q - q.mean(axis=0)
    # The rotation and scale that best map q onto p (Umeyama, without reflection).
    u, s, vt = np.linalg.svd(q0.T @ p0)
    d = np.sign(np.linalg.det(u @ vt))
    fix = np.diag([1.0, d])
    rotation = u @ fix @ vt
    scale = float((s * np.diag(fix)).sum() / max((q0**2).sum(), 1e-9))
    aligned = scale * q0 @ rotation
    eyes = float(np.linalg.norm(p[LEFT_EYE] - p[RIGHT_EYE]))
    return float(np.linalg.norm(aligned - p0, axis=1).mean() / max(eyes, 1e-6))


def _nearest(ref: Face, faces: tuple[Face, ...]) -> Face | None:
    """The face in `faces` whose centre is nearest `ref`'s, if within its size."""
    x, y, w, h = ref.box
    cx, cy = x + w / 2, y + h / 2
    best, distance = None, float(max(w, h))
    for face in faces:
        fx, fy, fw, fh = face.box
        d = float(np.hypot(fx + fw / 2 - cx, fy + fh / 2 - cy))
        if d <= distance:
            best, distance = face, d
    return best


def _colour(frame: RGB, face: Face) -> NDArray[np.float64]:
    """The mean Lab colour of the face box's inner half (cheeks, nose, eyes; little hair)."""
    x, y, w, h = face.box
    x0, y0 = x + w // 4, y + h // 4
    x1, y1 = max(x0 + 1, x + 3 * w // 4), max(y0 + 1, y + 3 * h // 4)
    patch = np.ascontiguousarray(frame[y0:y1, x0:x1])
    if patch.size == 0:
        return np.zeros(3)
    lab = cv2.cvtColor(patch.astype(np.float32) / 255.0, cv2.COLOR_RGB2LAB)
    return np.asarray(lab.reshape(-1, 3).mean(axis=0), dtype=np.float64)
