"""The nudity and face detector the photo and video gates share: NudeNet's bundled 320n model.

Loaded once per process, on first use, under a lock; ONNX Runtime sessions may then run from many
threads at once. NudeNet reads arrays the way `cv2.imread` returns them, BGR: `detect` takes our
RGB frames and swaps the channels, so a frame and the same picture read from a file give the same
detections. (Handing NudeNet RGB instead changes the scores: on examples/coffee.png it then sees
BUTTOCKS_EXPOSED at 0.30 where the file gives nothing.)

Anything that stops the detector from giving an answer (nudenet or its model missing, another
version than the thresholds were set for, a crash while running) is a `DetectorError`; the gates
turn it into `Decision.failed_closed`.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import threading
from pathlib import Path
from typing import Any, TypedDict

import numpy as np

from vivify.types import RGB

VERSION = "3.4.2"  # the NudeNet release the policy's thresholds were set for
MODEL_FILE = "320n.onnx"
MODEL = f"nudenet {VERSION} ({MODEL_FILE})"

# NudeNet 3.4.2's classes, in its own order (nudenet/nudenet.py, `__labels`).
LABELS = (
    "FEMALE_GENITALIA_COVERED",
    "FACE_FEMALE",
    "BUTTOCKS_EXPOSED",
    "FEMALE_BREAST_EXPOSED",
    "FEMALE_GENITALIA_EXPOSED",
    "MALE_BREAST_EXPOSED",
    "ANUS_EXPOSED",
    "FEET_EXPOSED",
    "BELLY_COVERED",
    "FEET_COVERED",
    "ARMPITS_COVERED",
    "ARMPITS_EXPOSED",
    "FACE_MALE",
    "BELLY_EXPOSED",
    "MALE_GENITALIA_EXPOSED",
    "ANUS_COVERED",
    "FEMALE_BREAST_COVERED",
    "BUTTOCKS_COVERED",
)

# "class" is a keyword, so the functional form.
Detection = TypedDict("Detection", {"class": str, "score": float, "box": list[int]})


class DetectorError(RuntimeError):
    """The detector could not give an answer; the gate that asked must fail closed."""


_lock = threading.Lock()
_detector: Any = None


def _load() -> Any:
    """A NudeDetector on the model file inside the installed nudenet package."""
    try:  # imported by name: nudenet has no type information, and is only needed here
        nudenet = importlib.import_module("nudenet")
    except ImportError as exc:
        raise DetectorError(f"nudenet is not installed: {exc}") from exc
    try:
        installed = importlib.metadata.version("nudenet")
    except importlib.metadata.PackageNotFoundError:
        installed = "unknown"
    if installed != VERSION:
        raise DetectorError(
            f"nudenet {installed} is installed; the policy thresholds are set for {VERSION}"
        )
    package = nudenet.__file__
    model = Path(package).parent / MODEL_FILE if package else Path(MODEL_FILE)
    if not model.is_file():
        raise DetectorError(f"the NudeNet model {model} is missing")
    try:
        return nudenet.NudeDetector(model_path=str(model))
    except Exception as exc:
        raise DetectorError(f"the NudeNet model {model} could not be loaded: {exc}") from exc


def detector() -> Any:
    """The process's NudeDetector, loaded on first use (a failed load is retried next time)."""
    global _detector
    found = _detector
    if found is None:
        with _lock:
            if _detector is None:
                _detector = _load()
            found = _detector
    return found


def detect(rgb: RGB) -> list[Detection]:
    """NudeNet's detections on an RGB image (H×W×3, uint8), scores at least 0.2 (NudeNet's own
    floor), boxes (x, y, w, h) in the image's pixels."""
    if rgb.dtype != np.uint8 or rgb.ndim != 3 or rgb.shape[2] != 3 or min(rgb.shape[:2]) < 1:
        raise DetectorError(f"expected an H×W×3 uint8 RGB image, got {rgb.dtype} {rgb.shape}")
    bgr = np.ascontiguousarray(rgb[..., ::-1])
    model = detector()
    try:
        raw = model.detect(bgr)
        return [
            {
                "class": str(d["class"]),
                "score": float(d["score"]),
                "box": [int(v) for v in d["box"]],
            }
            for d in raw
        ]
    except Exception as exc:
        raise DetectorError(f"NudeNet failed: {type(exc).__name__}: {exc}") from exc
