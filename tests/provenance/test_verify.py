"""End to end: a clip made by the pipeline is labelled three ways, and `verify` says what a copy
proves after tampering, stripping and re-encoding."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from click.testing import CliRunner

from tests.conftest import example_bytes, remux
from tests.reporting import report
from vivify.cli import main
from vivify.compose import badge_for
from vivify.intake import read_photo
from vivify.media import probe
from vivify.media.encode import ClipWriter, EncoderSettings
from vivify.pipeline import ClipRequest, ClipResult, make_clip
from vivify.provenance.clip import Provenance, verify
from vivify.provenance.credentials import SigningConfig, make_test_ca
from vivify.provenance.watermark import Watermarker
from vivify.quality import badge_contrast


def test_a_fresh_clip_is_labelled_three_ways(made: tuple[Path, ClipResult, Path]) -> None:
    out, result, data = made
    found = verify(out, data)
    assert found["c2pa"]["state"] == "Trusted"
    claims = found["c2pa"]["claims"]
    assert claims["ai_generated"] is True
    assert claims["digital_source_type"].endswith("compositeSynthetic")
    assert claims["engine"] == "motion"
    assert set(claims["effects"]) == {"clouds", "wind"}
    assert claims["actions"][0] == "c2pa.created"
    assert set(claims["training_mining"].values()) == {"notAllowed"}
    assert found["watermark"]["payload"] == f"{result.watermark_payload:08x}"
    assert claims["watermark_payload"] == found["watermark"]["payload"]
    badge = badge_for(720, 1280)
    assert all(badge_contrast(f, badge) > 100 for f in probe.frames(out))


def test_one_changed_byte_in_the_video_is_invalid_but_still_marked(
    made: tuple[Path, ClipResult, Path], tmp_path: Path
) -> None:
    out, _, data = made
    _, offset, size, header = next(b for b in probe.boxes(out) if b[0] == "mdat")
    raw = bytearray(out.read_bytes())
    raw[offset + header + size // 3] ^= 0xFF
    copy = tmp_path / "tampered.mp4"
    copy.write_bytes(bytes(raw))
    found = verify(copy, data)
    assert found["c2pa"]["state"] == "Invalid"
    assert found["c2pa"]["failures"]


def _reencode(src: Path, dst: Path, scale: float, crf: int) -> None:
    frames = list(probe.frames(src))
    h, w = frames[0].shape[:2]
    size = (round(w * scale) // 2 * 2, round(h * scale) // 2 * 2)
    settings = EncoderSettings(crf=crf)
    with ClipWriter(dst, size[0], size[1], 30, None, settings) as writer:
        for frame in frames:
            writer.write(cv2.resize(frame, size, interpolation=cv2.INTER_AREA))


@pytest.mark.parametrize("attack", ["remux", "crf28_half"])
def test_stripped_copies_are_recovered_through_the_watermark(
    made: tuple[Path, ClipResult, Path], tmp_path: Path, attack: str
) -> None:
    out, result, data = made
    copy = tmp_path / f"{attack}.mp4"
    if attack == "remux":
        remux(out, copy)
    else:
        _reencode(out, copy, 0.5, 28)
    found = verify(copy, data)
    assert found["c2pa"]["state"] == "None"
    assert found["watermark"]["found"]
    assert found["watermark"]["payload"] == f"{result.watermark_payload:08x}"
    recovered = found["recovered"]
    assert recovered is not None and recovered["via"] == "watermark"
    assert recovered["claims"]["engine"] == "motion"
    assert recovered["claims"]["ai_generated"] is True
    assert recovered["matches_this_file"] is False
    assert found["ai_generated"] is True


def test_a_clip_from_an_untrusted_certificate_reads_as_untrusted(
    made: tuple[Path, ClipResult, Path], tmp_path: Path
) -> None:
    _, _, data = made
    other = make_test_ca(tmp_path / "other-ca")
    signing = SigningConfig(other.cert_chain_path, other.key_path)
    out = tmp_path / "other.mp4"
    request = ClipRequest(photo=example_bytes("coffee.png"), duration=1.0, width=360, height=640)
    make_clip(request, out, provenance=Provenance(data_dir=tmp_path / "d2", signing=signing))
    found = verify(out, data)
    assert found["c2pa"]["state"] == "Valid"
    assert "signingCredential.untrusted" in found["c2pa"]["failures"]


def test_a_video_that_is_not_ours_carries_no_credentials(
    made: tuple[Path, ClipResult, Path], tmp_path: Path
) -> None:
    _, _, data = made
    other = tmp_path / "not-ours.mp4"
    with ClipWriter(other, 720, 1280, 30) as writer:
        for i in range(30):  # unmarked content: a moving gradient
            ramp = np.linspace(0, 255, 720, dtype=np.float32)[None, :, None]
            frame = np.broadcast_to((ramp + i * 3) % 256, (1280, 720, 3)).astype(np.uint8)
            writer.write(frame)
    found = verify(other, data)
    assert found["c2pa"]["state"] == "None"
    assert found["watermark"]["found"] is False
    assert found["recovered"] is None
    assert found["ai_generated"] is None


def test_verify_command(made: tuple[Path, ClipResult, Path]) -> None:
    out, _, data = made
    result = CliRunner().invoke(main, ["--data-dir", str(data), "verify", str(out), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["c2pa"]["state"] == "Trusted"
    text = CliRunner().invoke(main, ["--data-dir", str(data), "verify", str(out)])
    assert "AI-generated: yes" in text.stdout
    missing = CliRunner().invoke(main, ["verify", "nope.mp4"])
    assert missing.exit_code != 0 and "No such file" in missing.stderr


def test_an_intact_clip_needs_no_recovery(made: tuple[Path, ClipResult, Path]) -> None:
    out, _, data = made
    found = verify(out, data)
    assert found["recovered"] is None
    assert len(found["proves"]) == 2


def _transcode(src: Path, dst: Path, codec: str, transform: Any = None) -> None:
    """Re-encode every frame of `src` into `dst`'s container (by its suffix) with `codec`."""
    import av

    with av.open(str(dst), "w") as container:
        stream: Any = container.add_stream(codec, rate=30)
        for i, frame in enumerate(probe.frames(src)):
            frame = transform(frame) if transform else frame
            if i == 0:
                stream.height, stream.width = frame.shape[:2]
                stream.pix_fmt = "yuv420p"
            for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)


@pytest.mark.parametrize(
    ("name", "codec"),
    [("copy.webm", "libvpx-vp9"), ("copy.mkv", "libx264"), ("copy.ts", "mpeg2video")],
)
def test_copies_in_containers_without_credentials_are_read_by_their_pixels(
    made: tuple[Path, ClipResult, Path], tmp_path: Path, name: str, codec: str
) -> None:
    out, result, data = made
    copy = tmp_path / name
    _transcode(out, copy, codec)
    found = verify(copy, data)
    assert found["c2pa"]["state"] == "None"
    assert found["c2pa"]["container"] in ("matroska,webm", "mpegts")
    assert "cannot carry Content Credentials" in found["proves"][0]
    assert found["watermark"]["payload"] == f"{result.watermark_payload:08x}"
    assert found["recovered"]["claims"]["engine"] == "motion"
    assert found["ai_generated"] is True


def test_a_mirrored_copy_is_recovered_and_says_it_was_mirrored(
    made: tuple[Path, ClipResult, Path], tmp_path: Path
) -> None:
    out, result, data = made
    copy = tmp_path / "mirrored.mp4"
    _transcode(out, copy, "libx264", lambda f: np.ascontiguousarray(f[:, ::-1]))
    found = verify(copy, data)
    assert found["watermark"]["payload"] == f"{result.watermark_payload:08x}"
    assert found["watermark"]["orientation"] == "mirrored"
    assert found["ai_generated"] is True


def test_a_file_that_is_not_a_video_is_one_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.webm"
    bogus.write_bytes(b"just some text, not a video at all\n" * 10)
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "d"), "verify", str(bogus)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "notes.webm" in result.output


def test_a_clip_spliced_in_after_other_video_is_found_where_it_starts(
    made: tuple[Path, ClipResult, Path], tmp_path: Path
) -> None:
    out, result, data = made
    other = read_photo(example_bytes("coffee.png")).pixels
    lead_in = cv2.resize(other, (720, 1280), interpolation=cv2.INTER_AREA)
    copy = tmp_path / "spliced.mp4"
    with ClipWriter(copy, 720, 1280, 30, None, EncoderSettings(crf=23)) as writer:
        for i in range(150):  # 5 s of unmarked video, drifting
            writer.write(np.ascontiguousarray(np.roll(lead_in, 3 * i, axis=1)))
        for frame in probe.frames(out):
            writer.write(frame)
    found = verify(copy, data)
    assert found["watermark"]["payload"] == f"{result.watermark_payload:08x}"
    mark = found["watermark"]
    assert mark["first_frame"] >= 90  # beyond the first window, which holds no mark
    assert mark["first_frame"] < 150 < mark["first_frame"] + mark["frames"]
    assert found["ai_generated"] is True


def test_a_mark_copied_onto_other_video_does_not_lend_it_the_clips_credentials(
    made: tuple[Path, ClipResult, Path], tmp_path: Path
) -> None:
    """The forger's move: the clip's payload embedded, with the public code, into a video the
    clip never showed. The watermark and the manifest are found, but the fingerprint in that
    manifest does not describe this video, so nothing says it is that AI-generated clip."""
    out, result, data = made
    forged = tmp_path / "forged.mp4"
    other = read_photo(example_bytes("astronaut.png")).pixels
    base = cv2.resize(other, (720, 1280), interpolation=cv2.INTER_AREA)
    marker = Watermarker(result.watermark_payload, 720, 1280)
    badge = badge_for(720, 1280)
    with ClipWriter(forged, 720, 1280, 30, None, EncoderSettings(crf=20)) as writer:
        for i in range(60):
            writer.write(marker.embed(badge.draw(np.ascontiguousarray(np.roll(base, i, axis=0)))))
    found = verify(forged, data)
    assert found["watermark"]["payload"] == f"{result.watermark_payload:08x}"
    recovered = found["recovered"]
    assert recovered is not None and recovered["describes_this_video"] is False
    assert recovered["fingerprint"]["median_bits_apart"] > recovered["fingerprint"]["match_at_most"]
    assert found["ai_generated"] is None
    assert any("copied onto other video" in sentence for sentence in found["proves"])
    # The genuine clip, re-encoded smaller, is still the clip its credentials describe.
    copy = tmp_path / "copy.mp4"
    _reencode(out, copy, 0.5, 28)
    genuine = verify(copy, data)
    assert genuine["recovered"]["describes_this_video"] is True
    assert genuine["ai_generated"] is True
    apart, near = recovered["fingerprint"], genuine["recovered"]["fingerprint"]
    report(
        f"fingerprint: a transplanted mark's video {apart['median_bits_apart']:.0f} bits from the "
        f"clip's, the clip re-encoded at half size {near['median_bits_apart']:.0f} "
        f"(a match is at most {apart['match_at_most']} of {apart['of_bits']})"
    )


def test_a_clips_manifest_carries_its_fingerprint(made: tuple[Path, ClipResult, Path]) -> None:
    from vivify.provenance import fingerprint
    from vivify.provenance.c2pa_sign import read_credentials

    out, result, _ = made
    report = read_credentials(out)
    frames = fingerprint.sample_step(result.plan.fps)
    expected = -(-result.frames // frames) * fingerprint.PER_FRAME
    assert len(report.fingerprint) == expected
    lumas = (cv2.cvtColor(f, cv2.COLOR_RGB2GRAY) for f in probe.frames(out))
    copy = fingerprint.copy_hashes(lumas, result.plan.fps)
    assert fingerprint.compare(report.fingerprint, copy).median_bits <= 8
