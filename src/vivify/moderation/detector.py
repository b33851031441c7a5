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
        # NudeNet's own reading and model run, and its post-processing in array form.
        read = importlib.import_module("nudenet.nudenet")._read_image
        blob, _, _, x_pad, y_pad, width, height = read(bgr, model.input_width)
        outputs = model.onnx_session.run(None, {model.input_name: blob})
        return postprocess(outputs[0], x_pad, y_pad, width, height, model.input_width)
    except Exception as exc:
        raise DetectorError(f"NudeNet failed: {type(exc).__name__}: {exc}") from exc


def postprocess(
    output: Any, x_pad: int, y_pad: int, width: int, height: int, size: int
) -> list[Detection]:
    """NudeNet 3.4.2's `_postprocess` on its model's output, with whole arrays instead of a
    Python loop over its 2,100 anchors (about 40 ms a frame on two cores): the same candidates
    (best class score at least 0.2), the same box arithmetic in float32, the same non-maximum
    suppression (OpenCV's, score 0.25, IoU 0.45), so the same detections in the same order."""
    import cv2

    rows = np.transpose(np.squeeze(np.asarray(output)))
    scores_all = rows[:, 4:]
    best = scores_all.max(axis=1)
    keep = np.flatnonzero(best >= 0.2)
    if keep.size == 0:
        return []
    boxes = rows[keep, :4]
    class_ids = scores_all[keep].argmax(axis=1)
    scores = best[keep]
    w, h = boxes[:, 2], boxes[:, 3]
    x = (boxes[:, 0] - w / 2) * (width + x_pad) / size
    y = (boxes[:, 1] - h / 2) * (height + y_pad) / size
    w = w * (width + x_pad) / size
    h = h * (height + y_pad) / size
    x = np.minimum(np.maximum(x, 0), width)
    y = np.minimum(np.maximum(y, 0), height)
    w = np.minimum(w, width - x)
    h = np.minimum(h, height - y)
    listed = np.stack([x, y, w, h], axis=1).tolist()
    indices = cv2.dnn.NMSBoxes(listed, scores.tolist(), 0.25, 0.45)
    return [
        {
            "class": LABELS[int(class_ids[i])],
            "score": float(scores[i]),
            "box": [int(v) for v in listed[i]],
        }
        for i in np.asarray(indices).reshape(-1)
    ]
