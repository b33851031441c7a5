"""`vivify score`: measure a finished clip against its photo, streaming its frames.

Reports frame-0 fidelity against the photo rendered with no effects, flicker, optical-flow motion
inside each scene mask against outside it, the loop seam, face identity, loudness and durations.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av
import cv2
import numpy as np
from numpy.typing import NDArray

from vivify.compose import Framing, badge_for, make_canvas
from vivify.errors import VivifyError
from vivify.media import probe
from vivify.pipeline import ClipRequest, prepare
from vivify.quality import face_still_mask, psnr
from vivify.sound import SAMPLE_RATE, loudness, true_peak
from vivify.types import RGB, Face

MASKS = ("sky", "vegetation", "water", "person", "hair")
_FLOW_SCALE = 0.5


@dataclass
class _Running:
    """What is kept while frames stream past: never more than two frames and a few sums."""

    first: RGB | None = None
    previous: RGB | None = None
    previous_grey: NDArray[np.uint8] | None = None
    steps: list[float] | None = None
    means: list[float] | None = None
    flow_sum: NDArray[np.float32] | None = None
    flow_pairs: int = 0
    identity: float = 0.0
    count: int = 0


def score_clip(clip: Path, photo: bytes, flow_every: int = 2) -> dict[str, Any]:
    """All measures for `clip`, made from `photo`. Raises VivifyError for unreadable input."""
    try:
        info = probe.probe(clip)
    except (OSError, ValueError, IndexError) as exc:
        raise VivifyError(f"Can't read the clip {clip}: {exc}") from None
    # The mask measures need the photo to stay put in the frame: they are made in bands framing
    # (a clip in fill framing pans, and its motion includes the pan). Frame 0 is compared with
    # the start of every framing, and the closest counts.
    prepared = prepare(
        ClipRequest(photo=photo, width=info.width, height=info.height, framing="bands")
    )
    canvas, scene = prepared.canvas, prepared.scene
    badge = badge_for(info.width, info.height)
    starts = [canvas] + [
        make_canvas(prepared.photo.pixels, (info.width, info.height), Framing("fill", "", way))
        for way in (False, True)
    ]
    references = [badge.draw(c.place(c.layer)) for c in starts]
    lh, lw = canvas.layer.shape[:2]
    region = (slice(canvas.y, canvas.y + lh), slice(canvas.x, canvas.x + lw))
    faces = [_shift(f, canvas.x, canvas.y) for f in scene.faces]
    still = [face_still_mask(f, info.height, info.width) for f in faces]
    run = _Running(steps=[], means=[])
    try:
        for frame in probe.frames(clip):
            _take(run, frame, region, still, flow_every)
        audio = probe.audio(clip).astype(np.float64)
    except av.FFmpegError as exc:
        raise VivifyError(
            f"The clip {clip} is damaged or cut short and can't be decoded to the end "
            f"({type(exc).__name__}, after {run.count} frames)."
        ) from None
    if run.first is None or run.previous is None or run.count < 2:
        raise VivifyError("The clip has fewer than two frames; there is nothing to score.")
    assert run.steps is not None and run.means is not None
    seam = float(np.abs(run.first.astype(np.float32) - run.previous.astype(np.float32)).mean())
    median = float(np.median(run.steps))
    motion: dict[str, Any] = {}
    if run.flow_sum is not None:
        flow = cv2.resize(run.flow_sum / run.flow_pairs, (lw, lh)) / _FLOW_SCALE
        for name in MASKS:
            motion[name] = _inside_outside(flow, getattr(scene, name))
        motion["faces"] = _faces_motion(flow, scene.faces, lh, lw)
    return {
        "clip": str(clip),
        "frames": run.count,
        "size": [info.width, info.height],
        "fps": info.fps,
        "frame0_psnr_db": _finite(max(psnr(run.first, r) for r in references)),
        "flicker": {
            "mean_abs_diff": round(float(np.mean(run.steps)), 4),
            "brightness_std": round(float(np.std(run.means)), 4),
        },
        "motion": motion,
        "loop_seam": {
            "last_to_first": round(seam, 4),
            "median_step": round(median, 4),
            "ratio": _finite(seam / median) if median > 1e-6 else 0.0,
        },
        "face_identity_error": round(run.identity, 5) if faces else None,
        "faces": len(faces),
        "audio": _audio_facts(audio, info),
    }


def _take(
    run: _Running,
    frame: RGB,
    region: tuple[slice, slice],
    still: list[NDArray[np.bool_]],
    flow_every: int,
) -> None:
    assert run.steps is not None and run.means is not None
    run.means.append(float(frame.mean()))
    layer = frame[region]
    grey = cv2.cvtColor(layer, cv2.COLOR_RGB2GRAY)
    small = cv2.resize(grey, None, fx=_FLOW_SCALE, fy=_FLOW_SCALE, interpolation=cv2.INTER_AREA)
    if run.previous is None:
        run.first = frame
    else:
        step = np.abs(frame.astype(np.float32) - run.previous.astype(np.float32))
        run.steps.append(float(step.mean()))
        if run.count % flow_every == 1 and run.previous_grey is not None:
            flow = cv2.calcOpticalFlowFarneback(
                run.previous_grey, small, None, 0.5, 3, 15, 3, 5, 1.2, 0
            )
            mag = np.hypot(flow[..., 0], flow[..., 1]).astype(np.float32)
            run.flow_sum = mag if run.flow_sum is None else run.flow_sum + mag
            run.flow_pairs += 1
        if run.first is not None:
            diff = np.abs(frame.astype(np.float32) - run.first.astype(np.float32)).mean(axis=2)
            for mask in still:
                if mask.any():
                    run.identity = max(run.identity, float(diff[mask].mean()) / 255.0)
    run.previous, run.previous_grey = frame, small
    run.count += 1


def _inside_outside(flow: NDArray[np.float32], mask: NDArray[np.float32]) -> dict[str, Any]:
    inside, outside = mask > 0.5, mask <= 1e-3
    if not inside.any() or not outside.any():
        return {"coverage": round(float(mask.mean()), 4), "inside": None, "ratio": None}
    a, b = float(flow[inside].mean()), float(flow[outside].mean())
    return {
        "coverage": round(float(mask.mean()), 4),
        "inside": round(a, 4),
        "outside": round(b, 4),
        "ratio": round(a / max(b, 1e-3), 3),
    }


def _faces_motion(flow: NDArray[np.float32], faces: tuple[Face, ...], h: int, w: int) -> Any:
    if not faces:
        return {"coverage": 0.0, "inside": None, "ratio": None}
    mask = np.zeros((h, w), np.float32)
    for face in faces:
        x, y, fw, fh = face.box
        mask[y : y + fh, x : x + fw] = 1.0
    return _inside_outside(flow, mask)


def _shift(face: Face, dx: int, dy: int) -> Face:
    x, y, w, h = face.box
    offset = np.array([dx, dy], np.float32)
    return Face(box=(x + dx, y + dy, w, h), landmarks=face.landmarks + offset)


def _audio_facts(audio: NDArray[np.float64], info: probe.ClipInfo) -> dict[str, Any]:
    if audio.shape[0] == 0:
        return {"present": False}
    peak = true_peak(audio)
    return {
        "present": True,
        "integrated_lufs": round(loudness(audio, SAMPLE_RATE), 2),
        "true_peak_dbtp": round(20 * float(np.log10(max(peak, 1e-12))), 2),
        "duration_s": round(audio.shape[0] / SAMPLE_RATE, 4),
        "video_duration_s": round(info.video_duration, 4),
    }


def _finite(value: float) -> float | None:
    """JSON has no infinity: identical frames report null PSNR (perfect)."""
    return None if not np.isfinite(value) else round(float(value), 3)
