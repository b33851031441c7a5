"""The photo gate: the real NudeNet model on the example photos, and the blocking rules on
recorded detector outputs (no explicit images are kept in the repository)."""

from __future__ import annotations

import importlib
import threading
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from tests.conftest import EXAMPLES, example_bytes
from tests.reporting import report
from vivify.intake import read_photo
from vivify.moderation import detector
from vivify.moderation.decision import Decision
from vivify.moderation.detector import LABELS, MODEL, DetectorError, detect
from vivify.moderation.photo import (
    CONSENT_REASON,
    check_face_consent,
    check_photo,
    face_effects,
)
from vivify.moderation.policy import Policy, default_policy, load_policy

# Recorded detector outputs, in NudeNet's own shape (boxes are not used by the rules).
EXPLICIT = [
    {"class": "FEMALE_BREAST_EXPOSED", "score": 0.81, "box": [120, 200, 90, 80]},
    {"class": "FACE_FEMALE", "score": 0.77, "box": [130, 40, 70, 80]},
    {"class": "BELLY_EXPOSED", "score": 0.66, "box": [110, 300, 120, 90]},
]
ALL_EXPLICIT = [
    {"class": "BUTTOCKS_EXPOSED", "score": 0.58, "box": [0, 0, 10, 10]},
    {"class": "MALE_GENITALIA_EXPOSED", "score": 0.52, "box": [0, 0, 10, 10]},
    {"class": "MALE_GENITALIA_EXPOSED", "score": 0.93, "box": [20, 0, 10, 10]},
    {"class": "ANUS_EXPOSED", "score": 0.41, "box": [0, 0, 10, 10]},
    {"class": "FEMALE_GENITALIA_EXPOSED", "score": 0.40, "box": [0, 0, 10, 10]},
]
BELOW_THRESHOLD = [
    {"class": "FEMALE_GENITALIA_EXPOSED", "score": 0.39, "box": [0, 0, 10, 10]},
    {"class": "FEMALE_BREAST_EXPOSED", "score": 0.44, "box": [0, 0, 10, 10]},
    {"class": "BUTTOCKS_EXPOSED", "score": 0.54, "box": [0, 0, 10, 10]},
]
COVERED = [
    {"class": "FEMALE_BREAST_COVERED", "score": 0.91, "box": [0, 0, 10, 10]},
    {"class": "FEMALE_GENITALIA_COVERED", "score": 0.88, "box": [0, 0, 10, 10]},
    {"class": "BUTTOCKS_COVERED", "score": 0.83, "box": [0, 0, 10, 10]},
    {"class": "ANUS_COVERED", "score": 0.6, "box": [0, 0, 10, 10]},
    {"class": "MALE_BREAST_EXPOSED", "score": 0.9, "box": [0, 0, 10, 10]},
    {"class": "FEET_EXPOSED", "score": 0.7, "box": [0, 0, 10, 10]},
]
FACES = [
    {"class": "FACE_FEMALE", "score": 0.82, "box": [0, 0, 10, 10]},
    {"class": "FACE_MALE", "score": 0.45, "box": [20, 0, 10, 10]},
    {"class": "FACE_MALE", "score": 0.44, "box": [40, 0, 10, 10]},  # under min_score
]
BLANK = np.full((64, 64, 3), 128, np.uint8)  # never reaches the detector when outputs are given


def _policy(tmp_path: Path, text: str) -> Policy:
    path = tmp_path / "policy.toml"
    path.write_text(text)
    return load_policy(path)


def _pixels(name: str) -> np.ndarray:
    return read_photo(example_bytes(name)).pixels


# --- the real model on the real photos ---------------------------------------------------------


@pytest.mark.parametrize("name", ["china.jpg", "coffee.png"])
def test_example_photos_without_people_pass(name: str) -> None:
    decision = check_photo(_pixels(name))
    assert decision.allowed, decision.sentence
    assert decision.stage == "photo" and decision.categories == [] and decision.evidence == []
    assert decision.facts["faces"] == 0
    assert decision.facts["needs_consent_for_face_effects"] is False
    assert decision.model == MODEL == "nudenet 3.4.2 (320n.onnx)"
    assert decision.policy_version == default_policy().version
    assert decision.sentence == "The photo check passed."


def test_the_astronaut_passes_with_one_face_that_needs_consent() -> None:
    decision = check_photo(_pixels("astronaut.png"))
    assert decision.allowed, decision.sentence
    assert decision.facts["faces"] == 1
    assert decision.facts["needs_consent_for_face_effects"] is True
    [found] = decision.facts["detections"]
    assert found["class"] == "FACE_FEMALE" and found["score"] >= 0.6
    assert set(found) == {"class", "score"}  # no boxes in the record


@pytest.mark.parametrize("name", ["astronaut.png", "china.jpg", "coffee.png"])
def test_detect_sees_rgb_frames_as_nudenet_sees_the_file(name: str) -> None:
    """NudeNet expects BGR (what cv2.imread gives); `detect` takes RGB and must swap."""
    path = EXAMPLES / name
    rgb = cv2.cvtColor(cv2.imread(str(path)), cv2.COLOR_BGR2RGB)
    assert detect(rgb) == detector.detector().detect(str(path))


def test_detector_speed_is_reported() -> None:
    rgb = np.ascontiguousarray(_pixels("china.jpg"))
    frame = cv2.resize(rgb, (720, 1280))
    detect(frame)
    runs = 5
    started = time.perf_counter()
    for _ in range(runs):
        detect(frame)
    ms = (time.perf_counter() - started) / runs * 1000
    report(f"moderation detector (NudeNet 320n): {ms:.0f} ms per 720×1280 frame")
    assert ms < 2000


def test_policy_classes_are_nudenet_classes() -> None:
    module = importlib.import_module("nudenet.nudenet")
    assert tuple(getattr(module, "__labels")) == LABELS
    policy = default_policy()
    assert set(policy.photo.block_classes) <= set(LABELS)
    assert set(policy.photo.faces.classes) <= set(LABELS)
    assert all(name.endswith("_EXPOSED") for name in policy.photo.block_classes)


# --- the rules, on recorded detector outputs ---------------------------------------------------


def test_exposed_class_over_its_threshold_blocks_as_sexual() -> None:
    decision = check_photo(BLANK, detections=EXPLICIT)
    assert not decision.allowed
    assert decision.categories == ["sexual"]
    assert decision.sentence == "The photo check stopped the clip because it shows nudity."
    [evidence] = decision.evidence
    assert (evidence.category, evidence.rule, evidence.score) == (
        "sexual",
        "FEMALE_BREAST_EXPOSED",
        0.81,
    )
    assert decision.facts["faces"] == 1  # still counted when blocking
    assert [d["class"] for d in decision.facts["detections"]] == [
        "FEMALE_BREAST_EXPOSED",
        "FACE_FEMALE",
        "BELLY_EXPOSED",
    ]


def test_every_blocking_class_is_evidence_once_with_its_best_score() -> None:
    decision = check_photo(BLANK, detections=ALL_EXPLICIT)
    assert not decision.allowed and decision.categories == ["sexual"]
    found = {e.rule: e.score for e in decision.evidence}
    assert found == {
        "FEMALE_GENITALIA_EXPOSED": 0.40,  # at the threshold: blocks
        "MALE_GENITALIA_EXPOSED": 0.93,
        "ANUS_EXPOSED": 0.41,
        "BUTTOCKS_EXPOSED": 0.58,
    }
    assert [e.rule for e in decision.evidence] == [
        r for r in default_policy().photo.block_classes if r in found
    ]


def test_exposed_classes_under_their_threshold_pass_and_are_recorded() -> None:
    decision = check_photo(BLANK, detections=BELOW_THRESHOLD)
    assert decision.allowed and decision.evidence == []
    assert {d["class"] for d in decision.facts["detections"]} == {
        d["class"] for d in BELOW_THRESHOLD
    }


def test_covered_and_harmless_classes_never_block() -> None:
    decision = check_photo(BLANK, detections=COVERED)
    assert decision.allowed and decision.categories == []
    assert len(decision.facts["detections"]) == len(COVERED)


def test_faces_are_counted_at_or_over_min_score() -> None:
    decision = check_photo(BLANK, detections=FACES)
    assert decision.allowed
    assert decision.facts["faces"] == 2
    assert decision.facts["needs_consent_for_face_effects"] is True
    assert check_photo(BLANK, detections=[]).facts == {
        "faces": 0,
        "needs_consent_for_face_effects": False,
        "detections": [],
    }


def test_policy_file_sets_thresholds_and_switches(tmp_path: Path) -> None:
    stricter = _policy(tmp_path, 'version = "t1"\n[photo.block_classes]\nBUTTOCKS_EXPOSED = 0.5\n')
    decision = check_photo(BLANK, detections=BELOW_THRESHOLD, policy=stricter)
    assert not decision.allowed and [e.rule for e in decision.evidence] == ["BUTTOCKS_EXPOSED"]
    assert decision.policy_version == "t1"
    # block_classes replaces the default table: the other classes no longer block
    assert check_photo(BLANK, detections=[ALL_EXPLICIT[2]], policy=stricter).allowed

    no_consent = _policy(tmp_path, 'version = "t2"\n[photo.faces]\neffects_need_consent = false\n')
    decision = check_photo(BLANK, detections=FACES, policy=no_consent)
    assert decision.facts["faces"] == 2
    assert decision.facts["needs_consent_for_face_effects"] is False

    faces_only_female = _policy(
        tmp_path, 'version = "t3"\n[photo.faces]\nclasses = ["FACE_FEMALE"]\n'
    )
    assert check_photo(BLANK, detections=FACES, policy=faces_only_female).facts["faces"] == 1

    off = _policy(tmp_path, 'version = "t4"\n[categories]\nsexual = false\n')
    decision = check_photo(BLANK, detections=EXPLICIT, policy=off)
    assert decision.allowed and decision.facts["detections"]  # still recorded


def test_a_decision_round_trips_as_json() -> None:
    decision = check_photo(BLANK, detections=ALL_EXPLICIT + FACES)
    assert Decision.model_validate_json(decision.model_dump_json()) == decision


# --- failing closed ----------------------------------------------------------------------------


@pytest.fixture
def unloaded(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No detector loaded yet in this process (the real one comes back after the test)."""
    monkeypatch.setattr(detector, "_detector", None)
    return monkeypatch


def _assert_failed_closed(decision: Decision, error: str) -> None:
    assert not decision.allowed
    assert decision.categories == ["gate_error"]
    assert decision.stage == "photo" and decision.model == MODEL
    assert decision.sentence.startswith("The photo check could not run (")
    assert error in decision.facts["error"]


def test_a_detector_that_cannot_load_blocks(unloaded: pytest.MonkeyPatch) -> None:
    def broken() -> Any:
        raise DetectorError("the NudeNet model is missing")

    unloaded.setattr(detector, "_load", broken)
    _assert_failed_closed(check_photo(_pixels("china.jpg")), "DetectorError: the NudeNet model")


def test_a_missing_model_file_or_other_version_blocks(unloaded: pytest.MonkeyPatch) -> None:
    unloaded.setattr(detector, "MODEL_FILE", "no-such-model.onnx")
    _assert_failed_closed(check_photo(BLANK), "no-such-model.onnx is missing")
    unloaded.setattr(detector, "MODEL_FILE", "320n.onnx")
    unloaded.setattr(detector, "VERSION", "9.9.9")
    _assert_failed_closed(check_photo(BLANK), "thresholds are set for 9.9.9")


def test_a_detector_that_crashes_blocks(unloaded: pytest.MonkeyPatch) -> None:
    class Session:
        def run(self, *args: Any) -> Any:
            raise RuntimeError("onnxruntime: out of memory")

    class Crashing:  # a NudeDetector whose model run fails
        input_width = 320
        input_name = "images"
        onnx_session = Session()

    unloaded.setattr(detector, "_detector", Crashing())
    _assert_failed_closed(check_photo(BLANK), "out of memory")


def test_bad_input_or_output_blocks() -> None:
    _assert_failed_closed(check_photo(BLANK[..., 0]), "expected an H×W×3 uint8 RGB image")
    nan = [{"class": "FACE_FEMALE", "score": float("nan")}]
    _assert_failed_closed(check_photo(BLANK, detections=nan), "no finite score")
    _assert_failed_closed(check_photo(BLANK, detections=[{"score": 0.9}]), "KeyError")


def test_the_detector_loads_once_for_all_threads(unloaded: pytest.MonkeyPatch) -> None:
    loads: list[int] = []

    def slow_load() -> object:
        loads.append(1)
        time.sleep(0.05)
        return object()

    unloaded.setattr(detector, "_load", slow_load)
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(detector.detector())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(loads) == 1 and len({id(g) for g in got}) == 1


# --- consent for face effects ------------------------------------------------------------------


def test_face_effects_are_smile_blink_and_head() -> None:
    assert face_effects() == {"smile", "blink", "head"}


def test_face_effects_on_people_need_consent() -> None:
    photo = check_photo(BLANK, detections=FACES)
    blocked = check_face_consent(photo, ["wind", "smile"], consent=False)
    assert blocked is not None and not blocked.allowed
    assert blocked.stage == "photo" and blocked.categories == ["consent"]
    assert blocked.sentence == f"The photo check stopped the clip because {CONSENT_REASON}."
    assert blocked.facts == {"faces": 2, "face_effects": ["smile"], "consent": False}
    assert blocked.evidence[0].detail == "2 faces; face effects: smile"
    assert blocked.policy_version == photo.policy_version

    assert check_face_consent(photo, ["smile", "blink"], consent=True) is None
    assert check_face_consent(photo, ["wind", "rain"], consent=False) is None
    no_people = check_photo(BLANK, detections=COVERED)
    assert check_face_consent(no_people, ["smile"], consent=False) is None


def test_consent_follows_the_policy_switch(tmp_path: Path) -> None:
    policy = _policy(tmp_path, 'version = "t5"\n[photo.faces]\neffects_need_consent = false\n')
    photo = check_photo(BLANK, detections=FACES, policy=policy)
    assert check_face_consent(photo, ["blink"], consent=False) is None


def test_the_astronaut_needs_consent_to_smile() -> None:
    photo = check_photo(_pixels("astronaut.png"))
    blocked = check_face_consent(photo, ["smile"], consent=False)
    assert blocked is not None and blocked.evidence[0].detail == "1 face; face effects: smile"
