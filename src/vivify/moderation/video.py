"""The video gate: the finished, signed file is checked before anyone sees it.

`check_video` decodes the file once, to luma: it checks the "AI-generated" badge on every frame
(`vivify.quality.badge_contrast`) and decodes the invisible watermark from the first frames. Only
the frames the detector looks at are turned into RGB: it sends them through the photo gate's
detector at `policy.video.sample_fps` or more (every ⌊fps / sample_fps⌋-th frame from the first,
and the last frame too), with the photo gate's nudity rules. The
decision records the SHA-256 of the bytes it checked: the publish gate lets exactly those bytes
through and nothing else. Any error blocks (`Decision.failed_closed`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import av
import numpy as np
from numpy.typing import NDArray

from vivify.compose import badge_for
from vivify.media import probe
from vivify.moderation.decision import Decision, Evidence
from vivify.moderation.detector import MODEL as DETECTOR_MODEL
from vivify.moderation.detector import detect
from vivify.moderation.photo import NUDITY_REASON, nudity_evidence
from vivify.moderation.policy import Policy, default_policy
from vivify.provenance import watermark
from vivify.provenance.store import sha256_file
from vivify.quality import badge_contrast

MODEL = f"{DETECTOR_MODEL}; badge contrast; {watermark.KEYED_ALGORITHM}, {watermark.ALGORITHM}"
BADGE_REASON = "the AI-generated label is missing"
WATERMARK_REASON = "the invisible watermark is missing"
WRONG_WATERMARK_REASON = "the invisible watermark is not this clip's"


@dataclass
class _Scan:
    """What one decoding pass found."""

    width: int = 0
    height: int = 0
    fps: float = 0.0
    frames: int = 0
    sampled: list[int] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    detections: list[dict[str, Any]] = field(default_factory=list)
    contrasts: list[tuple[int, float, float]] = field(default_factory=list)  # frame, time, value


def sample_step(fps: float, sample_fps: float) -> int:
    """Every how many frames one goes through the detector: at least `sample_fps` per second."""
    return max(1, int(fps // sample_fps))


WATERMARK_FRAMES = 90  # as many as `watermark.detect_file` reads


def check_video(
    path: Path,
    policy: Policy | None = None,
    expected_payload: int | None = None,
    key: bytes | None = None,
) -> Decision:
    """The video gate's decision on the clip at `path` (stage "video").

    Blocks "sexual" when a sampled frame shows nudity (the photo gate's classes and thresholds),
    "label" when a frame lacks the badge or the watermark does not decode (or does not carry
    `expected_payload`, when given; `key` is the instance's watermark key the clip was marked
    with). `facts["sha256"]` is the checked file's SHA-256."""
    policy = policy or default_policy()
    meta: dict[str, Any] = {"model": MODEL, "policy_version": policy.version}
    try:
        return _check(Path(path), policy, expected_payload, meta, key)
    except Exception as exc:  # no answer is a blocking answer
        return Decision.failed_closed("video", exc, **meta)


def _check(
    path: Path,
    policy: Policy,
    expected_payload: int | None,
    meta: dict[str, Any],
    key: bytes | None,
) -> Decision:
    digest = sha256_file(path)
    scan = _Scan()
    # One decode serves both: the watermark reads the first frames as the scan passes them.
    frames = _scan(path, policy, scan)
    # The instance's key first; a clip marked with the public patterns reads too.
    keys = (key, None) if key is not None else (None,)
    mark = watermark.detect_luma_with(islice(frames, WATERMARK_FRAMES), keys)
    for _ in frames:  # the scan goes on to the last frame
        pass
    if scan.frames == 0:
        raise ValueError("the file has no video frames")
    if sha256_file(path) != digest:
        raise RuntimeError("the file changed while it was being checked")

    categories: list[str] = []
    reasons: list[str] = []
    evidence = list(scan.evidence)
    if evidence:
        categories.append("sexual")
        reasons.append(NUDITY_REASON)

    rule = policy.video
    missing = [(i, t, c) for i, t, c in scan.contrasts if c < rule.badge_min_contrast]
    lowest = min(c for _, _, c in scan.contrasts)
    if rule.require_badge and missing:
        i, t, _ = missing[0]
        evidence.append(
            Evidence(
                category="label",
                rule="badge",
                score=round(min(c for _, _, c in missing), 1),
                detail=f"{len(missing)} of {scan.frames} frames, first: frame {i} at {t:.2f} s",
            )
        )
        categories.append("label")
        reasons.append(BADGE_REASON)

    wrong = mark is not None and expected_payload is not None and mark.payload != expected_payload
    if rule.require_watermark and (mark is None or wrong):
        if mark is None:
            detail, reason, score = "not found", WATERMARK_REASON, None
        else:
            detail = f"payload {mark.payload:08x}, expected {expected_payload:08x}"
            reason, score = WRONG_WATERMARK_REASON, mark.confidence
        evidence.append(Evidence(category="label", rule="watermark", score=score, detail=detail))
        if "label" not in categories:
            categories.append("label")
        reasons.append(reason)

    facts: dict[str, Any] = {
        "sha256": digest,
        "frames": scan.frames,
        "frames_checked": len(scan.sampled),
        "sampled_frames": scan.sampled,
        "fps": round(scan.fps, 3),
        "size": [scan.width, scan.height],
        "badge_min_contrast": round(lowest, 1),
        "watermark_payload": None if mark is None else f"{mark.payload:08x}",
        "watermark_confidence": None if mark is None else mark.confidence,
        "detections": scan.detections,
    }
    if categories:
        return Decision.block(
            "video", categories, " and ".join(reasons), evidence=evidence, facts=facts, **meta
        )
    return Decision.allow("video", facts=facts, **meta)


def _scan(path: Path, policy: Policy, scan: _Scan) -> Iterator[NDArray[np.uint8]]:
    """Decode every frame into `scan`: the badge on each, the detector on the sampled ones and
    the last. Yields each frame's luma on the way, for the watermark. Only the sampled frames
    are converted to RGB: the conversion of every frame was a quarter of the gate's time."""
    last: tuple[int, float, Any] | None = None
    with av.open(str(path)) as opened:
        container: Any = opened
        if not container.streams.video:
            raise ValueError("the file has no video stream")
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        scan.fps = float(stream.average_rate or 0)
        if scan.fps <= 0:
            raise ValueError("the video stream has no frame rate")
        scan.width, scan.height = stream.codec_context.width, stream.codec_context.height
        badge = badge_for(scan.width, scan.height)
        step = sample_step(scan.fps, policy.video.sample_fps)
        for index, frame in enumerate(container.decode(stream)):
            luma = probe.luma(frame)
            time = float(frame.time) if frame.time is not None else index / scan.fps
            scan.contrasts.append((index, time, badge_contrast(luma, badge)))
            if index % step == 0:
                _detect(scan, index, time, frame, policy)
                last = None
            else:
                last = (index, time, frame)
            scan.frames = index + 1
            yield luma
    if last is not None:
        _detect(scan, *last, policy)


def _detect(scan: _Scan, index: int, time: float, frame: Any, policy: Policy) -> None:
    found = [(d["class"], d["score"]) for d in detect(frame.to_ndarray(format="rgb24"))]
    scan.sampled.append(index)
    scan.detections += [
        {"frame": index, "class": name, "score": round(score, 3)} for name, score in found
    ]
    scan.evidence += nudity_evidence(found, policy, detail=f"frame {index} at {time:.2f} s")
