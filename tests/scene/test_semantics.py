"""The semantic model: it loads, sees sky, water and trees where they are, and its sure answers
correct the classical masks (and only its sure answers)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.conftest import example_bytes
from vivify.intake import read_photo
from vivify.scene import _with_learned, analyse
from vivify.scene.semantics import (
    CLASSES,
    MODEL_NAME,
    check_semantics_model,
    find_semantics_model,
    semantic_maps,
)
from vivify.scene.subject import subject_probability
from vivify.types import Scene


def test_the_installed_model_sees_sky_water_and_trees_in_the_example() -> None:
    assert find_semantics_model() is not None, "scripts/install fetches the semantic model"
    rgb = read_photo(example_bytes("china.jpg")).pixels
    h, w = rgb.shape[:2]
    maps = semantic_maps(rgb, (w // 4, h // 4))
    assert maps is not None and set(maps) == set(CLASSES)
    rows = maps["sky"].shape[0]
    assert maps["sky"][: rows // 8].mean() > 0.7  # the top is sky
    assert (maps["water"] > 0.5).mean() > 0.02  # the lake
    assert (maps["foliage"] > 0.5).mean() > 0.1  # the trees
    assert maps["sky"][-rows // 8 :].mean() < 0.2  # the bottom is not


def _seen(**sure: float) -> dict[str, np.ndarray]:
    maps = {name: np.zeros((4, 4), np.float32) for name in CLASSES}
    for name, value in sure.items():
        maps[name][:, 2:] = value  # the right half
    return maps


def test_only_sure_answers_change_a_mask() -> None:
    found = np.ones((4, 4), np.float32)
    nothing = np.zeros((4, 4), np.float32)
    # Sure it is a building: the classical water there goes; unsure: it stays.
    assert _with_learned(found, _seen(building=0.9), "water", nothing)[:, 2:].max() == 0.0
    assert _with_learned(found, _seen(building=0.4), "water", nothing).min() == 1.0
    # Sure it is grass: vegetation is added, unless something surer rules it out there.
    added = _with_learned(nothing, _seen(grass=0.9), "plants", nothing)
    assert added[:, 3].min() > 0.5 and added[:, 0].max() < 0.5
    assert _with_learned(nothing, _seen(grass=0.9), "plants", found).max() == 0.0


def test_water_the_model_leans_to_is_added_but_not_where_it_leans_to_ground() -> None:
    # Water is the one region the model's middling answers (0.4 to 0.6) add: it often sees a
    # dark river, wet sand or a shaded lake as about half water, half ground, where nothing
    # on land looks like water to it at all.
    nothing = np.zeros((4, 4), np.float32)
    assert _with_learned(nothing, _seen(water=0.5), "water", nothing)[:, 3].min() > 0.5
    assert _with_learned(nothing, _seen(water=0.3), "water", nothing).max() < 0.5
    assert _with_learned(nothing, _seen(water=0.5, ground=0.55), "water", nothing).max() < 0.5
    assert _with_learned(nothing, _seen(grass=0.5), "plants", nothing).max() < 0.5


def test_without_the_model_the_classical_analysis_stands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rgb = read_photo(example_bytes("china.jpg")).pixels
    plain = analyse(rgb, semantics=False)
    assert plain.coverage("sky") > 0.2 and plain.coverage("vegetation") > 0.1
    monkeypatch.setenv("VIVIFY_MODELS_DIR", str(tmp_path))
    assert semantic_maps(rgb, (64, 48)) is None
    with pytest.raises(RuntimeError):
        check_semantics_model()


def test_a_broken_model_file_means_no_maps_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / MODEL_NAME).write_bytes(b"not a tflite model")
    monkeypatch.setenv("VIVIFY_MODELS_DIR", str(tmp_path))
    assert semantic_maps(np.zeros((32, 32, 3), np.uint8), (16, 16)) is None


def test_bare_ground_rules_plants_out_but_a_meadow_stays_plants() -> None:
    found = np.ones((4, 4), np.float32)
    nothing = np.zeros((4, 4), np.float32)
    # Sand or a dirt road with no plant seen on it: the classical "plants" there go.
    assert _with_learned(found, _seen(sand=0.9), "plants", nothing)[:, 2:].max() == 0.0
    assert _with_learned(found, _seen(natural_ground=0.9), "plants", nothing)[:, 2:].max() == 0.0
    # Ground with grass on it (the model sees both): plants, kept and added alike.
    meadow = _seen(natural_ground=0.9, grass=0.7)
    assert _with_learned(found, meadow, "plants", nothing).min() == 1.0
    assert _with_learned(nothing, meadow, "plants", nothing)[:, 3].min() > 0.5
    # Leaf litter on a path: the model leans to ground (not sure) far more than to any plant.
    litter = _seen(ground=0.5, foliage=0.2)
    assert _with_learned(found, litter, "plants", nothing)[:, 2:].max() == 0.0
    # Ground it leans to about as much as to grass (dry grass on a dune): plants still.
    dune = _seen(sand=0.5, grass=0.4)
    assert _with_learned(found, dune, "plants", nothing).min() == 1.0


PHOTOS = Path(__file__).resolve().parent.parent / "photos"


def _analysed(path: Path) -> tuple[np.ndarray, Scene]:
    rgb = read_photo(path.read_bytes()).pixels
    k = 540 / max(rgb.shape[:2])
    rgb = cv2.resize(rgb, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)
    return rgb, analyse(rgb, subject=subject_probability(rgb))


def test_a_flower_close_up_is_a_plant_all_over_and_a_cat_is_not() -> None:
    # A sunflower: its dark seed head as well as the petals sways in the wind.
    rgb, scene = _analysed(PHOTOS / "heldout7" / "sunflower.jpg")
    h, w = rgb.shape[:2]
    heart = scene.vegetation[int(0.3 * h) : int(0.6 * h), int(0.42 * w) : int(0.6 * w)]
    assert heart.mean() > 0.8
    _, cat = _analysed(PHOTOS / "dev" / "cat.jpg")
    assert cat.coverage("vegetation") < 0.05
