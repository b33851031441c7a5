"""The semantic model: it loads, sees sky, water and trees where they are, and its sure answers
correct the classical masks (and only its sure answers)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.conftest import example_bytes
from vivify.intake import read_photo
from vivify.scene import _with_learned, _with_learned_sky, analyse
from vivify.scene.semantics import (
    CLASSES,
    MODEL_NAME,
    check_semantics_model,
    find_semantics_model,
    semantic_maps,
)
from vivify.scene.sky import SkyFinding


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


def test_sure_sky_that_reaches_the_top_completes_the_classical_sky() -> None:
    h, w = 40, 40
    classical = np.zeros((h, w), np.float32)
    classical[:8] = 1.0  # the walk from the top stopped at colourful clouds
    sky = SkyFinding(classical, 0.2, "dusk", False)
    maps = {name: np.zeros((h, w), np.float32) for name in CLASSES}
    maps["sky"][:20] = 0.95  # the model sees sky down to row 20
    maps["sky"][32:] = 0.95  # and in a reflection at the bottom, cut off from the top
    nobody = np.zeros((h, w), np.float32)
    fused = _with_learned_sky(sky, maps, nobody)
    assert fused.mask[:19].min() > 0.5 and fused.mask[33:].max() == 0.0
    assert fused.horizon is not None and 0.45 < fused.horizon < 0.55
    assert fused.kind == "dusk"
    # Where the subject is, nothing is added; with no classical sky, nothing at all.
    subject = nobody.copy()
    subject[:, 20:] = 1.0
    assert _with_learned_sky(sky, maps, subject).mask[10:19, 22:].max() < 0.5
    none = SkyFinding(nobody, None, "none", False)
    assert _with_learned_sky(none, maps, nobody).mask.max() == 0.0
