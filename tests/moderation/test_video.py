"""The video gate on real clips: one made by the pipeline passes; without the badge (on any frame)
or the watermark, or with another clip's watermark, it blocks; errors fail closed."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import example_bytes
from tests.reporting import report
from vivify.compose import badge_for, make_canvas
from vivify.intake import read_photo
from vivify.media.encode import ClipWriter
from vivify.moderation import video
from vivify.moderation.decision import Decision
from vivify.moderation.detector import Detection, DetectorError
from vivify.moderation.policy import Policy, load_policy
from vivify.moderation.video import (
    BADGE_REASON,
    WATERMARK_REASON,
    WRONG_WATERMARK_REASON,
    check_video,
    sample_step,
)
from vivify.pipeline import ClipRequest, ClipResult, make_clip
from vivify.provenance.clip import Provenance
from vivify.provenance.credentials import watermark_key
from vivify.provenance.store import sha256_file
from vivify.provenance.watermark import Watermarker
from vivify.types import RGB

W, H, FPS = 360, 640, 30
PAYLOAD = 0x5EED_CAFE


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ClipResult]:
    data = tmp_path_factory.mktemp("data")
    out = tmp_path_factory.mktemp("clip") / "story.mp4"
    request = ClipRequest(photo=example_bytes("astronaut.png"), duration=1.0, width=W, height=H)
    # The public patterns, so the gate's own rules can be tried on it without a key; the keyed
    # mark every installation uses by default is tried below.
    provenance = Provenance(data_dir=data, keyed=False)
    return out, make_clip(request, out, provenance=provenance)


def test_a_keyed_clip_passes_with_the_instances_key_and_not_without(tmp_path: Path) -> None:
    data, out = tmp_path / "data", tmp_path / "story.mp4"
    request = ClipRequest(photo=example_bytes("astronaut.png"), duration=1.0, width=W, height=H)
    result = make_clip(request, out, provenance=Provenance(data_dir=data))  # keyed by default
    key = watermark_key(data, create=False)
    assert (
        key is not None and (data / "credentials" / "watermark.key").stat().st_mode & 0o777 == 0o600
    )
    keyed = check_video(out, expected_payload=result.watermark_payload, key=key)
    assert keyed.allowed and keyed.facts["watermark_payload"] == f"{result.watermark_payload:08x}"
    stranger = check_video(out, expected_payload=result.watermark_payload)
    assert not stranger.allowed and "watermark is missing" in stranger.sentence
    other = check_video(out, expected_payload=result.watermark_payload, key=bytes(32))
    assert not other.allowed


@pytest.fixture(scope="module")
def passed(made: tuple[Path, ClipResult]) -> Decision:
    out, result = made
    started = time.perf_counter()
    decision = check_video(out, expected_payload=result.watermark_payload)
    report(f"video gate: {time.perf_counter() - started:.2f} s on a 1 s {W}×{H} clip")
    return decision


def write_clip(
    path: Path, frame: Callable[[int], RGB], frames: int = FPS, payload: int | None = PAYLOAD
) -> Path:
    """An unsigned clip of the astronaut photo; `frame(i)` draws frame i (badge or not)."""
    marker = Watermarker(payload, W, H) if payload is not None else None
    with ClipWriter(path, W, H, FPS) as writer:
        for i in range(frames):
            picture = frame(i)
            writer.write(marker.embed(picture) if marker else picture)
    return path


def still() -> RGB:
    canvas = make_canvas(read_photo(example_bytes("astronaut.png")).pixels, (W, H))
    return canvas.place(canvas.layer)


def labelled(i: int) -> RGB:
    return badge_for(W, H).draw(still())


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Hand-made clips with one label removed, and one with both (unsigned all)."""
    folder = tmp_path_factory.mktemp("clips")
    plain, badged = still(), labelled(0)
    return {
        "no_badge": write_clip(folder / "no_badge.mp4", lambda i: plain),
        "badge_gone_once": write_clip(
            folder / "badge_gone_once.mp4", lambda i: plain if i == 7 else badged
        ),
        "no_watermark": write_clip(folder / "no_watermark.mp4", lambda i: badged, payload=None),
        "labelled": write_clip(folder / "labelled.mp4", lambda i: badged),
    }


def _policy(tmp_path: Path, text: str) -> Policy:
    path = tmp_path / "policy.toml"
    path.write_text(f'version = "test"\n{text}')
    return load_policy(path)


# --- passing -----------------------------------------------------------------------------------


def test_a_clip_from_the_pipeline_passes(made: tuple[Path, ClipResult], passed: Decision) -> None:
    out, result = made
    assert passed.allowed, passed.sentence
    assert passed.stage == "video" and passed.sentence == "The video check passed."
    facts = passed.facts
    assert facts["sha256"] == sha256_file(out)
    assert facts["frames"] == 30 and facts["size"] == [W, H] and facts["fps"] == 30.0
    assert facts["sampled_frames"] == [0, 15, 29]  # 2 per second, and the last frame
    assert facts["frames_checked"] == 3
    assert facts["watermark_payload"] == f"{result.watermark_payload:08x}"
    assert facts["badge_min_contrast"] >= 100
    assert {d["class"] for d in facts["detections"]} == {"FACE_FEMALE"}
    assert passed.model.startswith("nudenet 3.4.2 (320n.onnx)")
    assert Decision.model_validate_json(passed.model_dump_json()) == passed


def test_without_an_expected_payload_any_watermark_passes(made: tuple[Path, ClipResult]) -> None:
    assert check_video(made[0]).allowed


def test_a_labelled_unsigned_clip_passes_this_gate(clips: dict[str, Path]) -> None:
    """Signing is the publish gate's business; this gate looks at pixels."""
    decision = check_video(clips["labelled"], expected_payload=PAYLOAD)
    assert decision.allowed, decision.sentence


@pytest.mark.parametrize(
    ("fps", "sample_fps", "step"),
    [(30, 2, 15), (29.97, 2, 14), (25, 2, 12), (24, 5, 4), (60, 2, 30), (1, 2, 1), (30, 30, 1)],
)
def test_frames_are_sampled_at_least_as_often_as_the_policy_asks(
    fps: float, sample_fps: float, step: int
) -> None:
    assert sample_step(fps, sample_fps) == step
    assert fps / step >= min(fps, sample_fps)


def test_a_higher_sample_rate_checks_more_frames(
    made: tuple[Path, ClipResult], tmp_path: Path
) -> None:
    decision = check_video(made[0], _policy(tmp_path, "[video]\nsample_fps = 5.0\n"))
    assert decision.allowed
    assert decision.facts["sampled_frames"] == [0, 6, 12, 18, 24, 29]


# --- blocking ----------------------------------------------------------------------------------


def test_a_missing_badge_blocks(clips: dict[str, Path]) -> None:
    decision = check_video(clips["no_badge"], expected_payload=PAYLOAD)
    assert not decision.allowed
    assert decision.categories == ["label"]
    assert decision.sentence == f"The video check stopped the clip because {BADGE_REASON}."
    [evidence] = decision.evidence
    assert evidence.rule == "badge" and evidence.detail.startswith("30 of 30 frames")
    assert decision.facts["watermark_payload"] == f"{PAYLOAD:08x}"  # only the badge is missing


def test_a_badge_missing_from_one_unsampled_frame_blocks(clips: dict[str, Path]) -> None:
    decision = check_video(clips["badge_gone_once"], expected_payload=PAYLOAD)
    assert not decision.allowed and decision.categories == ["label"]
    [evidence] = decision.evidence
    assert evidence.detail == "1 of 30 frames, first: frame 7 at 0.23 s"
    assert 7 not in decision.facts["sampled_frames"]


def test_a_missing_watermark_blocks(clips: dict[str, Path]) -> None:
    decision = check_video(clips["no_watermark"])
    assert not decision.allowed and decision.categories == ["label"]
    assert decision.sentence == f"The video check stopped the clip because {WATERMARK_REASON}."
    [evidence] = decision.evidence
    assert (evidence.rule, evidence.detail) == ("watermark", "not found")
    assert decision.facts["watermark_payload"] is None


def test_another_clips_watermark_blocks(made: tuple[Path, ClipResult]) -> None:
    out, result = made
    other = result.watermark_payload ^ 0x1
    decision = check_video(out, expected_payload=other)
    assert not decision.allowed and decision.categories == ["label"]
    assert WRONG_WATERMARK_REASON in decision.sentence
    [evidence] = decision.evidence
    assert evidence.detail == f"payload {result.watermark_payload:08x}, expected {other:08x}"


def test_the_switches_turn_label_checks_off(clips: dict[str, Path], tmp_path: Path) -> None:
    lax = _policy(tmp_path, "[video]\nrequire_badge = false\nrequire_watermark = false\n")
    assert check_video(clips["no_badge"], lax).allowed
    assert check_video(clips["no_watermark"], lax).allowed


def test_nudity_in_a_sampled_frame_blocks_and_names_the_frame(
    made: tuple[Path, ClipResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Recorded outputs stand in for the detector: no explicit frames are needed."""
    calls: list[tuple[int, ...]] = []

    def recorded(rgb: RGB) -> list[Detection]:
        calls.append(rgb.shape[:2])
        if len(calls) == 2:  # the second sampled frame: frame 15
            return [{"class": "FEMALE_GENITALIA_EXPOSED", "score": 0.77, "box": [1, 2, 3, 4]}]
        return [{"class": "FACE_FEMALE", "score": 0.7, "box": [1, 2, 3, 4]}]

    monkeypatch.setattr(video, "detect", recorded)
    decision = check_video(made[0])
    assert calls == [(H, W)] * 3
    assert not decision.allowed and decision.categories == ["sexual"]
    assert decision.sentence == "The video check stopped the clip because it shows nudity."
    [evidence] = decision.evidence
    assert (evidence.rule, evidence.score) == ("FEMALE_GENITALIA_EXPOSED", 0.77)
    assert evidence.detail == "frame 15 at 0.50 s"


def test_nudity_and_a_missing_badge_are_both_named(
    clips: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    explicit: list[Detection] = [{"class": "ANUS_EXPOSED", "score": 0.5, "box": [0, 0, 1, 1]}]
    monkeypatch.setattr(video, "detect", lambda rgb: explicit)
    decision = check_video(clips["no_badge"], expected_payload=PAYLOAD)
    assert decision.categories == ["sexual", "label"]
    assert decision.sentence.endswith(f"it shows nudity and {BADGE_REASON}.")
    assert [e.detail for e in decision.evidence if e.category == "sexual"] == [
        "frame 0 at 0.00 s",
        "frame 15 at 0.50 s",
        "frame 29 at 0.97 s",
    ]


# --- failing closed ----------------------------------------------------------------------------


def _assert_failed_closed(decision: Decision, error: str) -> None:
    assert not decision.allowed and decision.categories == ["gate_error"]
    assert decision.stage == "video"
    assert decision.sentence.startswith("The video check could not run (")
    assert error in decision.facts["error"]


def test_a_detector_failure_blocks(
    made: tuple[Path, ClipResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(rgb: Any) -> Any:
        raise DetectorError("nudenet is not installed")

    monkeypatch.setattr(video, "detect", broken)
    _assert_failed_closed(check_video(made[0]), "nudenet is not installed")


def test_a_missing_or_broken_file_blocks(tmp_path: Path) -> None:
    _assert_failed_closed(check_video(tmp_path / "nothing.mp4"), "FileNotFoundError")
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"\x00\x00\x00\x18ftypisom" + bytes(range(256)) * 4)
    decision = check_video(junk)
    assert not decision.allowed and decision.categories == ["gate_error"]
