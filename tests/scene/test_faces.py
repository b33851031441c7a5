"""Faces: small faces in a wide view get landmarks, an animal's face does not."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from tests.conftest import example_bytes
from vivify.intake import read_photo
from vivify.scene.faces import _mesh, find_faces, find_heads

DEV = Path(__file__).parents[1] / "photos" / "dev"


def _photo(path: Path) -> np.ndarray:
    return read_photo(path.read_bytes()).pixels


def _small_faces() -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Two portraits, shrunk to 50- and 100-pixel faces, pasted into a wide landscape."""
    view = cv2.resize(_photo(DEV / "china.jpg"), (1024, 680), interpolation=cv2.INTER_AREA)
    centres = []
    for i, portrait in enumerate(
        (read_photo(example_bytes("astronaut.png")).pixels, _photo(DEV / "grace_hopper.jpg"))
    ):
        small = cv2.resize(portrait, (300, 300), interpolation=cv2.INTER_AREA)
        x, y = 150 + 450 * i, 300
        view[y : y + 300, x : x + 300] = small
        centres.append((x + 150, y + 150))
    return view, centres


def test_small_faces_in_a_wide_view_are_found_with_landmarks() -> None:
    view, centres = _small_faces()
    faces = find_faces(view, find_heads(view))
    assert len(faces) == 2
    for face, (cx, cy) in zip(faces, centres, strict=True):
        x, y, w, h = face.box
        assert face.landmarks.shape == (478, 2)
        assert abs(x + w / 2 - cx) < 100 and abs(y + h / 2 - cy) < 100
    assert len(_mesh(view, 8)) < 2  # the whole-photo pass alone misses at least one


def test_a_cats_face_is_not_a_persons() -> None:
    # The face detector takes this kitten's face for a head at this size, and the face mesh
    # fits itself to it in the crop: its fur is not skin.
    cat = _photo(DEV.parent / "heldout3" / "cat_yarn.jpg")
    h, w = cat.shape[:2]
    small = cv2.resize(cat, (540, round(h * 540 / w)), interpolation=cv2.INTER_AREA)
    assert find_heads(small)
    assert find_faces(small, find_heads(small)) == ()
