"""What each part of the photo is: sky, water, plants, people, buildings, from a learned model.

The model is 8th Wall's "semantics" model (a TFLite MobileNet; Niantic Spatial, MIT licence),
fetched once by scripts/fetch_models at install time, never at run time. It labels 20 classes,
each an independent 0..1 probability, on a fixed 144x256 (portrait) window; a photo is scaled so
that the window fits it and covered by overlapping windows, blended with feathered weights.
Without the model (or the `ai_edge_litert` runtime) `semantic_maps` answers None and vivify
keeps to its classical analysis.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from vivify.scene.quiet import native_stderr_silenced
from vivify.scene.subject import models_dir

log = logging.getLogger(__name__)

MODEL_NAME = "semantics.tflite"
CLASSES = (
    "sky", "ground", "natural_ground", "artificial_ground", "water", "person", "building",
    "flower", "foliage", "tree_trunk", "pet", "sand", "grass", "tv", "dirt", "vehicle", "road",
    "food", "loungeable", "snow",
)  # fmt: skip
WINDOW = (144, 256)  # the model's input, width x height
OVERLAP = 0.4  # windows overlap by this share of their size

F32 = NDArray[np.float32]
_lock = threading.Lock()
_interpreters: dict[Path, Any] = {}


def find_semantics_model() -> Path | None:
    path = models_dir() / MODEL_NAME
    return path if path.is_file() else None


def _interpreter() -> Any | None:
    """The process's one interpreter for the installed model; None without it (logged once)."""
    path = find_semantics_model()
    if path is None:
        return None
    with _lock:
        if path not in _interpreters:
            try:
                _interpreters[path] = open_interpreter(path)
            except Exception as e:  # no runtime, a corrupt file: fall back, don't crash
                log.warning("semantics model %s did not load: %s", path, e)
                _interpreters[path] = None
        return _interpreters[path]


def open_interpreter(path: Path) -> Any:
    with native_stderr_silenced():
        from ai_edge_litert.interpreter import Interpreter

        interpreter = Interpreter(model_path=str(path), num_threads=1)
        interpreter.allocate_tensors()
    return interpreter


def semantic_maps(rgb: NDArray[np.uint8], size: tuple[int, int]) -> dict[str, F32] | None:
    """Per class, the probability of each pixel, at `size` (width, height); None without the
    model."""
    interpreter = _interpreter()
    if interpreter is None:
        return None
    with _lock:
        probs = _tiled(interpreter, rgb)
    w, h = size
    out = cv2.resize(probs, (w, h), interpolation=cv2.INTER_LINEAR)
    return {name: np.ascontiguousarray(out[..., i]) for i, name in enumerate(CLASSES)}


def _starts(length: int, window: int) -> list[int]:
    if length <= window:
        return [0]
    count = int(np.ceil((length - window) / (window * (1.0 - OVERLAP)))) + 1
    return [round(i * (length - window) / (count - 1)) for i in range(count)]


def _tiled(interpreter: Any, rgb: NDArray[np.uint8]) -> F32:
    """The model over the whole photo: scaled so a window fits, windows blended with weights
    that fall off towards their edges (no seams)."""
    h, w = rgb.shape[:2]
    ww, wh = WINDOW
    scale = max(ww / w, wh / h)
    sw, sh = max(ww, round(w * scale)), max(wh, round(h * scale))
    image = cv2.resize(np.ascontiguousarray(rgb), (sw, sh), interpolation=cv2.INTER_AREA)
    x = image.astype(np.float32) / 255.0
    inp = interpreter.get_input_details()[0]["index"]
    outp = interpreter.get_output_details()[0]["index"]
    ramp_x = np.minimum(np.arange(ww) + 1, ww - np.arange(ww)).astype(np.float32)
    ramp_y = np.minimum(np.arange(wh) + 1, wh - np.arange(wh)).astype(np.float32)
    weight = np.minimum.outer(ramp_y, ramp_x)[..., None]
    total = np.zeros((sh, sw, len(CLASSES)), np.float32)
    weights = np.zeros((sh, sw, 1), np.float32)
    for y0 in _starts(sh, wh):
        for x0 in _starts(sw, ww):
            window = np.ascontiguousarray(x[y0 : y0 + wh, x0 : x0 + ww])[None]
            interpreter.set_tensor(inp, window)
            interpreter.invoke()
            total[y0 : y0 + wh, x0 : x0 + ww] += interpreter.get_tensor(outp)[0] * weight
            weights[y0 : y0 + wh, x0 : x0 + ww] += weight
    probs: F32 = np.clip(total / np.maximum(weights, 1e-6), 0.0, 1.0).astype(np.float32)
    return probs


def check_semantics_model() -> None:
    """Prove the installed model loads and runs (scripts/install calls this); raise if not."""
    path = find_semantics_model()
    if path is None:
        raise RuntimeError(f"no semantics model ({MODEL_NAME}) in {models_dir()}")
    interpreter = open_interpreter(path)
    rgb = np.zeros((200, 300, 3), np.uint8)
    rgb[:100] = (120, 170, 230)  # a blue sky over green grass
    rgb[100:] = (60, 140, 50)
    probs = _tiled(interpreter, rgb)
    if probs.shape[2] != len(CLASSES) or not np.isfinite(probs).all():
        raise RuntimeError(f"the semantics model at {path} gave malformed maps")
