"""The publish gate on a real signed clip: it passes only byte-identical to what the video gate
passed, with trusted Content Credentials, from an account that is not blocked and under its
limits."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import example_bytes, remux
from tests.moderation.test_video import PAYLOAD, labelled, write_clip
from vivify.moderation.decision import Decision
from vivify.moderation.policy import Policy, load_policy
from vivify.moderation.publish import Account, check_publish
from vivify.moderation.video import check_video
from vivify.pipeline import ClipRequest, make_clip
from vivify.provenance.clip import Provenance
from vivify.provenance.credentials import ensure_credentials

NOW = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)
ME = Account(id="acct-1")


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Decision, bytes]:
    """A clip from the pipeline, the video gate's decision on it, and our trust anchors."""
    data = tmp_path_factory.mktemp("data")
    out = tmp_path_factory.mktemp("clip") / "story.mp4"
    request = ClipRequest(photo=example_bytes("china.jpg"), duration=1.0, width=360, height=640)
    # The public mark, so that the copies below can be put through the video gate as a stranger
    # would (the keyed mark's gate is tested in test_video and test_gates_in_animate).
    result = make_clip(request, out, provenance=Provenance(data_dir=data, keyed=False))
    decision = check_video(out, expected_payload=result.watermark_payload)
    assert decision.allowed, decision.sentence
    return out, decision, ensure_credentials(data).trust_anchors_pem


def _policy(tmp_path: Path, text: str) -> Policy:
    path = tmp_path / "policy.toml"
    path.write_text(f'version = "test"\n{text}')
    return load_policy(path)


def _publishes(minutes_ago: list[float]) -> list[dt.datetime]:
    return [NOW - dt.timedelta(minutes=m) for m in minutes_ago]


def test_the_checked_signed_clip_is_published(made: tuple[Path, Decision, bytes]) -> None:
    out, video, anchors = made
    decision = check_publish(out, video, ME, anchors, now=NOW)
    assert decision.allowed, decision.sentence
    assert decision.stage == "publish"
    assert decision.sentence == "The final check before posting passed."
    assert decision.facts["c2pa"] == "Trusted"
    assert decision.facts["sha256"] == video.facts["sha256"]
    assert decision.facts["published_last_hour"] == decision.facts["published_last_day"] == 0
    assert "c2pa-python" in decision.model and decision.policy_version == "2026.11.1"
    assert Decision.model_validate_json(decision.model_dump_json()) == decision


def test_one_byte_changed_after_the_video_gate_blocks(
    made: tuple[Path, Decision, bytes], tmp_path: Path
) -> None:
    out, video, anchors = made
    copy = tmp_path / "story.mp4"
    data = bytearray(out.read_bytes())
    data[len(data) * 2 // 3] ^= 0x01
    copy.write_bytes(bytes(data))
    decision = check_publish(copy, video, ME, anchors, now=NOW)
    assert not decision.allowed
    assert "integrity" in decision.categories
    assert decision.sentence.startswith(
        "The final check before posting stopped the clip because the file changed after the "
        "video check"
    )


def test_an_identical_copy_is_still_the_checked_clip(
    made: tuple[Path, Decision, bytes], tmp_path: Path
) -> None:
    out, video, anchors = made
    copy = shutil.copy(out, tmp_path / "moved.mp4")
    assert check_publish(Path(copy), video, ME, anchors, now=NOW).allowed


def test_a_remuxed_copy_without_credentials_blocks(
    made: tuple[Path, Decision, bytes], tmp_path: Path
) -> None:
    """Same frames, so the video gate passes it; but its credentials are gone."""
    out, _, anchors = made
    remuxed = remux(out, tmp_path / "remuxed.mp4")
    video = check_video(remuxed)
    assert video.allowed, video.sentence
    decision = check_publish(remuxed, video, ME, anchors, now=NOW)
    assert not decision.allowed and decision.categories == ["provenance"]
    assert decision.facts["c2pa"] == "None"
    assert decision.evidence[0].detail == "state None"
    assert "Content Credentials are missing or not trusted" in decision.sentence


def test_an_unsigned_clip_blocks(made: tuple[Path, Decision, bytes], tmp_path: Path) -> None:
    _, _, anchors = made
    unsigned = write_clip(tmp_path / "unsigned.mp4", labelled)
    video = check_video(unsigned, expected_payload=PAYLOAD)
    assert video.allowed, video.sentence
    decision = check_publish(unsigned, video, ME, anchors, now=NOW)
    assert decision.categories == ["provenance"] and decision.facts["c2pa"] == "None"


def test_credentials_not_under_our_anchors_block(made: tuple[Path, Decision, bytes]) -> None:
    out, video, _ = made
    decision = check_publish(out, video, ME, None, now=NOW)
    assert decision.categories == ["provenance"] and decision.facts["c2pa"] == "Valid"
    assert "signingCredential.untrusted" in decision.evidence[0].detail


def test_trusted_credentials_can_be_switched_off(
    made: tuple[Path, Decision, bytes], tmp_path: Path
) -> None:
    out, video, _ = made
    policy = _policy(tmp_path, "[publish]\nrequire_trusted_c2pa = false\n")
    assert check_publish(out, video, ME, None, policy, now=NOW).allowed


def test_a_clip_the_video_gate_did_not_pass_blocks(made: tuple[Path, Decision, bytes]) -> None:
    out, video, anchors = made
    blocked = Decision.block(
        "video", ["label"], "the AI-generated label is missing", facts=video.facts
    )
    decision = check_publish(out, blocked, ME, anchors, now=NOW)
    assert decision.categories == ["unchecked"]
    assert decision.sentence.endswith("because the video check did not pass it.")
    photo = Decision.allow("photo", facts=video.facts)  # not a video decision at all
    assert check_publish(out, photo, ME, anchors, now=NOW).categories == ["unchecked"]
    no_hash = Decision.allow("video")
    assert check_publish(out, no_hash, ME, anchors, now=NOW).categories == ["integrity"]


def test_a_blocked_account_cannot_publish(made: tuple[Path, Decision, bytes]) -> None:
    out, video, anchors = made
    decision = check_publish(out, video, Account(id="x", blocked=True), anchors, now=NOW)
    assert decision.categories == ["account"]
    assert decision.sentence == (
        "The final check before posting stopped the clip because the account is blocked."
    )
    assert "x" not in decision.sentence.split("because", 1)[1]


def test_the_hourly_limit(made: tuple[Path, Decision, bytes]) -> None:
    out, video, anchors = made
    nine = Account(id="a", recent_publishes=_publishes([1, 5, 10, 20, 30, 40, 50, 55, 59]))
    assert check_publish(out, video, nine, anchors, now=NOW).allowed
    ten = Account(id="a", recent_publishes=[*nine.recent_publishes, NOW])
    decision = check_publish(out, video, ten, anchors, now=NOW)
    assert decision.categories == ["rate_limit"]
    assert decision.evidence[0].rule == "publish.max_per_hour"
    assert decision.evidence[0].detail == "10 of 10"
    assert decision.sentence.endswith("too many clips in the last hour.")
    an_hour_ago = Account(id="a", recent_publishes=_publishes([60, 61, *range(62, 70)]))
    assert check_publish(out, video, an_hour_ago, anchors, now=NOW).allowed


def test_the_daily_limit(made: tuple[Path, Decision, bytes], tmp_path: Path) -> None:
    out, video, anchors = made
    spread = _publishes([61 + 20 * k for k in range(50)])  # none in the last hour, 50 today
    decision = check_publish(out, video, Account(id="a", recent_publishes=spread), anchors, now=NOW)
    assert decision.categories == ["rate_limit"]
    assert decision.facts["published_last_hour"] == 0
    assert decision.facts["published_last_day"] == 50
    assert decision.sentence.endswith("too many clips in the last day.")
    fewer = Account(id="a", recent_publishes=spread[:49] + _publishes([24 * 60 + 1]))
    assert check_publish(out, video, fewer, anchors, now=NOW).allowed
    naive = Account(id="a", recent_publishes=[t.replace(tzinfo=None) for t in spread])
    assert not check_publish(out, video, naive, anchors, now=NOW).allowed  # naive is UTC
    higher = _policy(tmp_path, "[publish]\nmax_per_day = 51\n")
    assert check_publish(
        out, video, Account(id="a", recent_publishes=spread), anchors, higher, NOW
    ).allowed
    off = _policy(tmp_path, "[publish]\nmax_per_hour = 0\n")
    assert not check_publish(out, video, ME, anchors, off, NOW).allowed  # 0: publishing is off


def test_every_reason_is_named(made: tuple[Path, Decision, bytes], tmp_path: Path) -> None:
    _, video, _ = made
    unsigned = write_clip(tmp_path / "unsigned.mp4", labelled)
    busy = Account(id="a", blocked=True, recent_publishes=_publishes([1] * 10))
    decision = check_publish(unsigned, video, busy, None, now=NOW)
    assert decision.categories == ["integrity", "provenance", "account", "rate_limit"]
    assert len(decision.evidence) == 4


def test_a_missing_file_fails_closed(made: tuple[Path, Decision, bytes], tmp_path: Path) -> None:
    _, video, anchors = made
    decision = check_publish(tmp_path / "gone.mp4", video, ME, anchors, now=NOW)
    assert not decision.allowed and decision.categories == ["gate_error"]
    assert decision.sentence.startswith("The final check before posting could not run (")
