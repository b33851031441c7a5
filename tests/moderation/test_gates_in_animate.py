"""The gates inside the real flow: animate stops with one sentence, decisions are stored with
the job, face effects need consent, and `vivify moderate` prints the record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import EXAMPLES, example_bytes
from vivify.cli import main
from vivify.moderation.gates import ModerationBlocked
from vivify.moderation.records import DecisionStore
from vivify.pipeline import ClipRequest, make_clip
from vivify.provenance.clip import Provenance


def small(photo: str, prompt: str = "", consent: bool = False) -> ClipRequest:
    return ClipRequest(
        photo=example_bytes(photo),
        prompt=prompt,
        duration=1.0,
        width=360,
        height=640,
        people_consent=consent,
    )


def test_every_gate_is_recorded_with_the_job(tmp_path: Path) -> None:
    provenance = Provenance(data_dir=tmp_path / "data")
    request = small("china.jpg", "windy")
    result = make_clip(request, tmp_path / "c.mp4", provenance=provenance)
    assert [d.stage for d in result.decisions] == ["photo", "prompt", "video"]
    assert all(d.allowed for d in result.decisions)
    with DecisionStore.in_data_dir(provenance.data_dir) as store:
        stored = store.for_job(result.job_id)
    assert [d.stage for d in stored] == ["photo", "prompt", "video"]
    assert stored[0].model.startswith("nudenet")


def test_a_blocked_prompt_stops_before_any_work_and_is_recorded(tmp_path: Path) -> None:
    provenance = Provenance(data_dir=tmp_path / "data")
    out = tmp_path / "c.mp4"
    request = small("china.jpg", "make her n4k3d")
    with pytest.raises(ModerationBlocked) as info:
        make_clip(request, out, provenance=provenance)
    assert info.value.decision.stage == "prompt"
    assert "n4k3d" not in str(info.value) and "naked" not in str(info.value)
    assert not out.exists()


def test_face_effects_need_consent(tmp_path: Path) -> None:
    provenance = Provenance(data_dir=tmp_path / "data")
    out = tmp_path / "c.mp4"
    with pytest.raises(ModerationBlocked) as info:
        make_clip(small("astronaut.png", "make her smile"), out, provenance=provenance)
    assert "consent" in info.value.decision.categories
    asked = small("astronaut.png", "make her smile", consent=True)
    result = make_clip(asked, out, provenance=provenance)
    assert "smile" in result.effect_versions
    # A vague prompt without consent leaves the faces still instead of failing.
    result = make_clip(small("astronaut.png"), out, provenance=provenance)
    assert not {"smile", "blink"} & set(result.effect_versions)


def test_animate_exits_3_with_the_sentence(tmp_path: Path) -> None:
    out = tmp_path / "c.mp4"
    result = CliRunner().invoke(
        main, ["animate", str(EXAMPLES / "china.jpg"), "behead the man", "-o", str(out)]
    )
    assert result.exit_code == 3
    assert result.stderr.startswith("Error: The prompt check stopped the clip because")
    assert "behead" not in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (["prompt", "a killer sunset"], True),
        (["prompt", "n a k e d woman"], False),
        (["photo", str(EXAMPLES / "astronaut.png")], True),
    ],
)
def test_moderate_prints_the_record(args: list[str], allowed: bool) -> None:
    result = CliRunner().invoke(main, ["moderate", *args, "--json"])
    assert result.exit_code == (0 if allowed else 3)
    record = json.loads(result.stdout)
    assert record["allowed"] is allowed and record["stage"] == args[0]
    assert record["policy_version"] and record["model"] and record["sentence"]
    if args[0] == "photo":
        assert record["facts"]["faces"] == 1


def test_moderate_video_and_bad_input(tmp_path: Path) -> None:
    out = tmp_path / "c.mp4"
    make_clip(small("coffee.png"), out, provenance=Provenance(data_dir=tmp_path / "data"))
    # The clip carries this installation's keyed mark: the check reads it with the key kept in
    # that data folder, and finds no mark without it.
    data = ["--data-dir", str(tmp_path / "data")]
    result = CliRunner().invoke(main, [*data, "moderate", "video", str(out)])
    assert result.exit_code == 0 and "passed" in result.stdout
    elsewhere = ["--data-dir", str(tmp_path / "other")]
    stranger = CliRunner().invoke(main, [*elsewhere, "moderate", "video", str(out)])
    assert stranger.exit_code == 3 and "watermark" in stranger.stdout
    missing = CliRunner().invoke(main, ["moderate", "video", "nope.mp4"])
    assert missing.exit_code == 1 and "No such file" in missing.stderr
