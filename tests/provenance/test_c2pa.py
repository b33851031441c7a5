"""Content Credentials on real clips: signed with the real c2pa SDK, read, tampered, stripped."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from cryptography.x509 import ObjectIdentifier

from tests.conftest import remux
from vivify import __version__
from vivify.media import probe
from vivify.media.encode import ClipWriter
from vivify.provenance.c2pa_sign import (
    ACTIONS,
    CREATED,
    EFFECTS_PARAM,
    ENGINE_PARAM,
    IPTC,
    SOFT_BINDING,
    SOURCE_HASH_KEY,
    SOURCE_TYPES,
    TRAINING_ENTRIES,
    TRAINING_MINING,
    UNREADABLE,
    WATERMARK_ALG,
    WATERMARKED,
    ClipClaims,
    parse_report,
    read_credentials,
    sign_clip,
)
from vivify.provenance.credentials import (
    Credentials,
    CredentialsError,
    ProvenanceError,
    SigningConfig,
    ensure_credentials,
    make_test_ca,
)
from vivify.sound import soundscape

DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")
PHOTO = b"\xff\xd8\xff\xe0 pretend these are the bytes of the user's photo"
PAYLOAD = 0x5EEDF00D
CLAIMS = ClipClaims(
    vivify_version=__version__,
    engine="motion",
    effects={"rain": "1.2", "zoom_in": "1.0"},
    source_sha256=hashlib.sha256(PHOTO).hexdigest(),
    watermark_payload=PAYLOAD,
    title="A rainy street",
    source_format="image/jpeg",
)


@pytest.fixture(scope="module")
def unsigned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small real clip: 20 frames of 64×48 at 20 fps (1 s) with AAC sound."""
    path = tmp_path_factory.mktemp("clips") / "unsigned.mp4"
    with ClipWriter(path, 64, 48, 20, soundscape(["outdoor"], 1.0, 0)) as writer:
        for i in range(20):
            writer.write(np.full((48, 64, 3), (i * 12) % 256, np.uint8))
    return path


@pytest.fixture(scope="module")
def creds(tmp_path_factory: pytest.TempPathFactory) -> Credentials:
    return ensure_credentials(tmp_path_factory.mktemp("data"))


@pytest.fixture
def clip(unsigned: Path, tmp_path: Path) -> Path:
    path = tmp_path / "clip.mp4"
    shutil.copyfile(unsigned, path)
    return path


@pytest.fixture
def signed(clip: Path, creds: Credentials) -> Path:
    sign_clip(clip, CLAIMS, creds)
    return clip


def _active(manifest_json: str) -> dict[str, Any]:
    store = json.loads(manifest_json)
    manifest: dict[str, Any] = store["manifests"][store["active_manifest"]]
    return manifest


def test_signed_clip_is_trusted_and_carries_every_claim(signed: Path, creds: Credentials) -> None:
    report = read_credentials(signed, creds.trust_anchors_pem)
    assert report.state == "Trusted", report.failures
    assert report.failures == ()
    assert report.actions[0] == "c2pa.created"
    assert "c2pa.watermarked.bound" in report.actions
    assert report.digital_source_type == IPTC + "compositeSynthetic"
    assert report.ai_generated
    assert report.software_agent == f"vivify {__version__}"
    assert report.engine == "motion"
    assert report.effects == {"rain": "1.2", "zoom_in": "1.0"}
    assert report.watermark_payload == PAYLOAD
    assert report.training_mining == {entry: "notAllowed" for entry in TRAINING_ENTRIES}
    assert report.training_allowed is False
    assert report.ingredient_sha256 == hashlib.sha256(PHOTO).hexdigest()
    assert report.title == "A rainy street"
    assert report.signer is not None and "vivify" in report.signer


def test_manifest_holds_the_photo_by_hash_only(signed: Path, creds: Credentials) -> None:
    report = read_credentials(signed, creds.trust_anchors_pem)
    assert report.manifest_json is not None
    manifest = _active(report.manifest_json)
    [ingredient] = manifest["ingredients"]
    assert ingredient["relationship"] == "inputTo"
    assert ingredient["metadata"] == {SOURCE_HASH_KEY: hashlib.sha256(PHOTO).hexdigest()}
    # Nothing else from the photo: no thumbnail, no manifest, no metadata, no file name.
    assert set(ingredient) <= {"title", "format", "relationship", "metadata", "label"}
    assert ingredient["title"] == "source photo"
    labels = [a["label"] for a in manifest["assertions"]]
    assert not [label for label in labels if "thumbnail" in label]
    assert "thumbnail" not in manifest
    assert b"pretend these are the bytes" not in signed.read_bytes()
    # The created action links that ingredient.
    actions = next(a for a in manifest["assertions"] if a["label"].startswith("c2pa.actions"))
    created = actions["data"]["actions"][0]
    assert created["action"] == "c2pa.created"
    assert created["parameters"]["ingredients"][0]["url"].endswith("c2pa.ingredient.v3")


def test_soft_binding_declares_the_payload_over_the_whole_clip(
    signed: Path, creds: Credentials
) -> None:
    report = read_credentials(signed, creds.trust_anchors_pem)
    assert report.manifest_json is not None
    manifest = _active(report.manifest_json)
    [binding] = [a["data"] for a in manifest["assertions"] if a["label"] == SOFT_BINDING]
    assert binding["alg"] == WATERMARK_ALG
    [block] = binding["blocks"]
    assert block["value"] == f"{PAYLOAD:08x}"
    assert block["scope"]["timespan"]["start"] == 0
    assert abs(block["scope"]["timespan"]["end"] - 1000) <= 50  # the whole 1 s clip


def test_signing_returns_the_report_and_keeps_the_clip_playable(
    clip: Path, creds: Credentials
) -> None:
    mode = 0o640
    os.chmod(clip, mode)
    signed = sign_clip(clip, CLAIMS, creds)
    stored = parse_report(signed.manifest_json)
    assert signed.manifest_store[4:8] == b"jumb"  # a JUMBF superbox: the manifest store itself
    assert stored.state == "Trusted" and stored.watermark_payload == PAYLOAD
    info = probe.probe(clip)
    assert (info.video_codec, info.frames, info.audio_codec) == ("h264", 20, "aac")
    assert info.faststart
    order = [kind for kind, *_ in probe.boxes(clip)]
    assert order.index("uuid") < order.index("moov") < order.index("mdat")
    assert clip.stat().st_mode & 0o777 == mode
    assert [p.name for p in clip.parent.iterdir()] == [clip.name]  # no temporary file left


def test_diffusion_engine_and_allowed_training(clip: Path, creds: Credentials) -> None:
    claims = replace(CLAIMS, engine="diffusion", training_allowed=True, effects={})
    sign_clip(clip, claims, creds)
    report = read_credentials(clip, creds.trust_anchors_pem)
    assert report.state == "Trusted"
    assert report.digital_source_type == IPTC + "trainedAlgorithmicMedia"
    assert report.ai_generated and report.engine == "diffusion" and report.effects == {}
    assert report.training_allowed is True


def test_one_changed_byte_in_the_video_makes_it_invalid(signed: Path, creds: Credentials) -> None:
    [(offset, size, header)] = [
        (o, s, h) for kind, o, s, h in probe.boxes(signed) if kind == "mdat"
    ]
    data = bytearray(signed.read_bytes())
    data[offset + header + (size - header) // 2] ^= 0x01
    signed.write_bytes(data)
    report = read_credentials(signed, creds.trust_anchors_pem)
    assert report.state == "Invalid"
    assert "assertion.bmffHash.mismatch" in report.failures


def test_a_damaged_manifest_is_invalid(signed: Path, creds: Credentials) -> None:
    [(offset, size)] = [(o, s) for kind, o, s, _ in probe.boxes(signed) if kind == "uuid"]
    data = bytearray(signed.read_bytes())
    middle = offset + size // 2
    data[middle : middle + 64] = bytes(64)
    signed.write_bytes(data)
    report = read_credentials(signed, creds.trust_anchors_pem)
    assert report.state == "Invalid"
    assert report.failures


def test_a_remux_without_metadata_has_no_credentials(
    signed: Path, creds: Credentials, tmp_path: Path
) -> None:
    remuxed = remux(signed, tmp_path / "remuxed.mp4")
    assert probe.probe(remuxed).frames == 20
    report = read_credentials(remuxed, creds.trust_anchors_pem)
    assert report.state == "None"
    assert report.manifest_json is None and report.watermark_payload is None


def test_another_ca_is_valid_but_not_trusted(
    clip: Path, creds: Credentials, tmp_path: Path
) -> None:
    other = make_test_ca(tmp_path / "other")
    sign_clip(clip, CLAIMS, SigningConfig(other.cert_chain_path, other.key_path))
    report = read_credentials(clip, creds.trust_anchors_pem)
    assert report.state == "Valid"
    assert "signingCredential.untrusted" in report.failures
    assert report.watermark_payload == PAYLOAD  # the claims still read
    assert read_credentials(clip, other.trust_anchors_pem).state == "Trusted"


def test_a_document_signing_certificate_is_accepted(
    clip: Path, creds: Credentials, tmp_path: Path
) -> None:
    """documentSigning is a C2PA signer EKU too; the SDK needs it configured, and we do."""
    doc = make_test_ca(tmp_path / "doc", extended_key_usage=DOCUMENT_SIGNING)
    sign_clip(clip, CLAIMS, doc)
    assert read_credentials(clip, doc.trust_anchors_pem).state == "Trusted"


def test_an_unreachable_timestamp_authority_fails_cleanly(clip: Path, creds: Credentials) -> None:
    before = clip.read_bytes()
    with socket.socket() as sock:  # a port nothing listens on: the connection is refused
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    tsa = f"http://127.0.0.1:{port}/"
    config = SigningConfig(creds.cert_chain_path, creds.key_path, tsa_url=tsa)
    with pytest.raises(ProvenanceError, match="Couldn't sign"):
        sign_clip(clip, CLAIMS, config)
    assert clip.read_bytes() == before
    assert read_credentials(clip, creds.trust_anchors_pem).state == "None"


def test_without_our_anchor_our_own_clip_is_only_valid(signed: Path) -> None:
    report = read_credentials(signed, None)
    assert report.state == "Valid"
    assert report.failures == ("signingCredential.untrusted",)


def test_failed_signing_leaves_the_clip_untouched(clip: Path, tmp_path: Path) -> None:
    before = clip.read_bytes()
    a, b = make_test_ca(tmp_path / "a"), make_test_ca(tmp_path / "b")
    with pytest.raises(CredentialsError, match="does not belong"):
        sign_clip(clip, CLAIMS, SigningConfig(a.cert_chain_path, b.key_path))
    text = tmp_path / "notes.mp4"
    text.write_bytes(b"not a video at all")
    with pytest.raises(ProvenanceError):
        sign_clip(text, CLAIMS, a)
    assert clip.read_bytes() == before
    assert text.read_bytes() == b"not a video at all"
    assert sorted(p.name for p in clip.parent.iterdir()) == ["a", "b", "clip.mp4", "notes.mp4"]


def test_reading_a_missing_or_broken_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ProvenanceError, match="no such file"):
        read_credentials(tmp_path / "nope.mp4", None)
    for name in ("notes.txt", "broken.mp4"):
        (tmp_path / name).write_bytes(b"not a video at all")
        with pytest.raises(ProvenanceError, match="Can't read credentials"):
            read_credentials(tmp_path / name, None)


def test_claims_are_checked() -> None:
    with pytest.raises(ValueError, match="engine"):
        replace(CLAIMS, engine="magic")
    with pytest.raises(ValueError, match="source_sha256"):
        replace(CLAIMS, source_sha256="ABC")
    with pytest.raises(ValueError, match="32 bits"):
        replace(CLAIMS, watermark_payload=2**32)


def test_docs_name_what_the_manifest_holds() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "provenance.md").read_text()
    names = [ACTIONS, CREATED, WATERMARKED, TRAINING_MINING, SOFT_BINDING, WATERMARK_ALG]
    names += [ENGINE_PARAM, EFFECTS_PARAM, SOURCE_HASH_KEY, UNREADABLE, *TRAINING_ENTRIES]
    names += [*SOURCE_TYPES.values(), "inputTo", "Trusted", "Valid", "Invalid", "None"]
    missing = [name for name in names if name not in text]
    assert not missing, f"docs/provenance.md does not mention {missing}"


def test_soft_binding_alg_matches_the_watermark_module() -> None:
    watermark = pytest.importorskip("vivify.provenance.watermark")
    assert watermark.ALGORITHM == WATERMARK_ALG
