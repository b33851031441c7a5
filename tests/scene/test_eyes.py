"""An animal's eyes: found as a pair on a pet, not found where there is no pair of eyes."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from vivify.scene.eyes import find_animal_eyes

PHOTOS = Path(__file__).resolve().parent.parent / "photos" / "dev"


def face_rgb(eyes: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """A plain tan 'animal' on a grey ground, with two dark round eyes in its upper part."""
    rgb = np.full((300, 400, 3), 120, np.uint8)
    subject = np.zeros((300, 400), np.float32)
    cv2.ellipse(rgb, (200, 170), (150, 120), 0, 0, 360, (200, 160, 110), -1)
    cv2.ellipse(subject, (200, 170), (150, 120), 0, 0, 360, 1.0, -1)
    if eyes:
        for x in (150, 250):
            cv2.circle(rgb, (x, 130), 16, (150, 170, 60), -1)  # iris
            cv2.circle(rgb, (x, 130), 8, (15, 15, 15), -1)  # pupil
    return rgb, subject


def test_a_pair_of_eyes_is_found_where_it_is() -> None:
    rgb, subject = face_rgb()
    eyes = find_animal_eyes(rgb, subject)
    assert len(eyes) == 2
    left, right = eyes
    assert abs(left.x - 150) < 6 and abs(right.x - 250) < 6
    assert abs(left.y - 130) < 6 and abs(right.y - 130) < 6
    # The eye the lid closes over is the iris, not only the pupil.
    assert 10 < left.r < 30 and left.r == right.r


def test_no_eyes_no_subject_no_pair() -> None:
    rgb, subject = face_rgb(eyes=False)
    assert find_animal_eyes(rgb, subject) == ()
    rgb, subject = face_rgb()
    assert find_animal_eyes(rgb, None) == ()
    assert find_animal_eyes(rgb, np.zeros_like(subject)) == ()
    # One eye alone (the other hidden) is no pair.
    cv2.circle(rgb, (250, 130), 17, (200, 160, 110), -1)
    assert find_animal_eyes(rgb, subject) == ()


def test_the_cat_photo_eyes() -> None:
    rgb = np.asarray(Image.open(PHOTOS / "cat.jpg").convert("RGB"))
    h, w = rgb.shape[:2]
    subject = np.ones((h, w), np.float32)  # the cat fills the photo
    eyes = find_animal_eyes(rgb, subject)
    assert len(eyes) == 2
    # The cat's eyes, drawn by hand: left about (0.38, 0.35), right about (0.70, 0.45).
    assert abs(eyes[0].x / w - 0.38) < 0.06 and abs(eyes[0].y / h - 0.35) < 0.08
    assert abs(eyes[1].x / w - 0.70) < 0.06 and abs(eyes[1].y / h - 0.45) < 0.08
