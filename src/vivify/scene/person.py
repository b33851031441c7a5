"""People and hair: the bundled selfie segmentation, checked against the faces found."""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from vivify.scene.faces import person_probability
from vivify.scene.masks import drop_small, empty, feather, scale_of
from vivify.types import RGB, Face, Mask

# MediaPipe face-mesh indices of the face oval, in order around the face.
FACE_OVAL = (
    10,
    338,
    297,
    332,
    284,
    251,
    389,
    356,
    454,
    323,
    361,
    288,
    397,
    365,
    379,
    378,
    400,
    377,
    152,
    148,
    176,
    149,
    150,
    136,
    172,
    58,
    132,
    93,
    234,
    127,
    162,
    21,
    54,
    103,
    67,
    109,
)


def person_mask(rgb: RGB, faces: tuple[Face, ...], heads: int = 0) -> Mask:
    """People, from the selfie model, only where a face (or a detected head) anchors them."""
    h, w = rgb.shape[:2]
    prob = person_probability(rgb)
    binary = (prob > 0.5).astype(np.uint8)
    binary = drop_small(binary, int(0.01 * h * w))
    if not binary.any():
        return empty(h, w)
    if not faces and not heads:
        # Without a face to anchor it, the selfie model's guesses are unreliable: it takes a
        # cat's face, a statue or a tree trunk for a person with confidence. No face, no person.
        return empty(h, w)
    return feather(binary, 1.5 * scale_of(h, w))


def face_oval(face: Face, height: int, width: int) -> NDArray[np.uint8]:
    """A filled mask of the face oval (forehead to chin), as uint8 0/1."""
    pts = face.landmarks[list(FACE_OVAL)].astype(np.int32)
    out = np.zeros((height, width), np.uint8)
    cv2.fillPoly(out, [pts], 1)
    return out


def hair_mask(
    person: Mask, faces: tuple[Face, ...], heads: tuple[tuple[int, int, int, int], ...] = ()
) -> Mask:
    """Hair: person pixels around and above each head, outside the face oval. `heads` are face
    boxes from the detector (it also finds faces in profile, which the mesh may miss or fit
    small): there the hair is what lies above the box and around its top half."""
    h, w = person.shape
    if not (faces or heads) or not person.any():
        return empty(h, w)
    hair = np.zeros((h, w), np.uint8)
    body = person > 0.5
    yy, xx = np.ogrid[:h, :w]
    for x, y, fw, fh in heads:
        cx, cy = x + fw / 2.0, y + fh / 2.0
        head = ((xx - cx) / (0.9 * fw)) ** 2 + ((yy - (cy - 0.35 * fh)) / (0.85 * fh)) ** 2 <= 1.0
        skin = ((xx - cx) / (0.5 * fw)) ** 2 + ((yy - (cy + 0.1 * fh)) / (0.55 * fh)) ** 2 <= 1.0
        hair |= (head & body & ~skin).astype(np.uint8)
    ovals = np.zeros((h, w), bool)
    for face in faces:
        x, y, fw, fh = face.box
        cx, cy = x + fw / 2.0, y + fh / 2.0
        # An ellipse around the head, reaching a little below the chin for long hair.
        head = ((xx - cx) / (0.95 * fw)) ** 2 + ((yy - (cy - 0.1 * fh)) / (0.9 * fh)) ** 2 <= 1.0
        ovals |= cv2.dilate(face_oval(face, h, w), np.ones((5, 5), np.uint8)) > 0
        hair |= (head & body).astype(np.uint8)
    hair[ovals] = 0  # a head box's hair never takes a face's skin either
    return feather(hair, 1.5 * scale_of(h, w))
