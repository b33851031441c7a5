"""Scene analysis on the real photos: each mask where it belongs."""

from __future__ import annotations

import numpy as np

from tests.conftest import example_bytes, gradient_rgb
from vivify.intake import read_photo
from vivify.scene import analyse
from vivify.types import Scene


def _scene(name: str) -> Scene:
    return analyse(read_photo(example_bytes(name)).pixels)


def test_landscape_has_sky_on_top_and_vegetation_below() -> None:
    scene = _scene("china.jpg")
    assert 0.2 < scene.coverage("sky") < 0.6
    assert scene.coverage("vegetation") > 0.1
    assert not scene.faces
    assert scene.horizon is not None and 0.2 < scene.horizon < 0.6
    h = scene.sky.shape[0]
    assert scene.sky[: h // 10].mean() > 0.6  # sky at the top
    assert scene.sky[-h // 4 :].mean() < 0.05  # and not at the bottom
    assert scene.vegetation[-h // 4 :].mean() > 0.3
    assert (np.minimum(scene.sky, scene.vegetation) > 0.5).mean() < 0.001
    assert scene.depth[-5:].mean() > scene.depth[:5].mean()  # ground is nearer than sky


def test_portrait_has_a_face_person_and_hair_but_no_sky() -> None:
    scene = _scene("astronaut.png")
    assert len(scene.faces) == 1
    face = scene.faces[0]
    assert face.landmarks.shape == (478, 2)
    x, y, w, h = face.box
    assert 60 < w < 250 and 60 < h < 250
    assert scene.coverage("person") > 0.3
    assert scene.person[y + h // 2, x + w // 2] > 0.5
    assert scene.coverage("sky") == 0.0  # a studio backdrop is not sky
    assert scene.coverage("hair") > 0.01
    assert scene.hair[y + h // 2, x + w // 2] < 0.1  # the face itself is not hair


def test_still_life_has_no_sky_faces_or_people() -> None:
    scene = _scene("coffee.png")
    assert scene.coverage("sky") == 0.0
    assert not scene.faces
    assert scene.coverage("person") == 0.0


def test_masks_match_the_image_and_are_soft() -> None:
    rgb = gradient_rgb(120, 80)
    scene = analyse(rgb)
    for mask in (scene.sky, scene.vegetation, scene.person, scene.hair, scene.depth):
        assert mask.shape == (80, 120)
        assert mask.dtype == np.float32
        assert float(mask.min()) >= 0.0 and float(mask.max()) <= 1.0
    assert scene.sky[:20].mean() > 0.8
