"""The detector's post-processing in array form gives NudeNet 3.4.2's own detections: the same
classes, scores, boxes and order, on real photos and on thousands of random model outputs."""

from __future__ import annotations

import importlib

import numpy as np
import pytest

from tests.conftest import example_bytes
from vivify.intake import read_photo
from vivify.moderation.detector import LABELS, detect, detector, postprocess


def _theirs() -> object:
    return importlib.import_module("nudenet.nudenet")._postprocess


@pytest.mark.parametrize("seed", range(40))
def test_random_outputs_give_nudenets_own_detections(seed: int) -> None:
    rng = np.random.default_rng(seed)
    anchors, size = 2100, 320
    output = np.zeros((1, 4 + len(LABELS), anchors), np.float32)
    output[0, 0:2] = rng.uniform(0, size, (2, anchors))  # centres
    output[0, 2:4] = rng.uniform(2, size / 2, (2, anchors))  # sizes
    # mostly low scores, some candidates above the floors, some clusters to suppress
    output[0, 4:] = rng.uniform(0, 0.3, (len(LABELS), anchors)) ** rng.uniform(1, 3)
    hot = rng.choice(anchors, 60, replace=False)
    output[0, 4 + rng.integers(0, len(LABELS), 60), hot] = rng.uniform(0.2, 0.99, 60)
    output[0, 0:4, hot[30:]] = output[0, 0:4, hot[:30]] + rng.normal(0, 3, (30, 4))
    width, height = int(rng.integers(100, 2000)), int(rng.integers(100, 2000))
    side = max(width, height)
    x_pad, y_pad = side - width, side - height
    expected = _theirs()(  # type: ignore[operator]
        [output], x_pad, y_pad, side / width, side / height, width, height, size, size
    )
    assert expected, "the case must have detections to compare"
    assert postprocess(output, x_pad, y_pad, width, height, size) == expected


@pytest.mark.parametrize("name", ["china.jpg", "astronaut.png", "coffee.png"])
def test_real_photos_give_nudenets_own_detections(name: str) -> None:
    rgb = read_photo(example_bytes(name)).pixels
    bgr = np.ascontiguousarray(rgb[..., ::-1])
    assert detect(rgb) == detector().detect(bgr)
