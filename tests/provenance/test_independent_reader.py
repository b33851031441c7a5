"""A second C2PA reader, written apart from the SDK that signs: Encypher's verification-only
Rust SDK (`encypher-c2pa`, Apache-2.0, offline by default; telemetry off in every call). What it
says of vivify's clips is the verdict docs/provenance.md quotes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import encypher_c2pa as encypher

from tests.conftest import remux
from vivify.pipeline import ClipResult
from vivify.provenance.credentials import ensure_credentials
from vivify.provenance.store import ManifestStore


def _verify(path: Path, **options: Any) -> Any:
    return encypher.verify(str(path), telemetry=False, online=False, **options)


def _assertion(report: Any, label: str) -> Any:
    manifests = report["manifest_report"]["manifests"]
    active = manifests[report["manifest_report"]["active_manifest"]]
    return next(a["data"] for a in active["assertions"] if a["label"].startswith(label))


def test_a_fresh_clip_is_intact_and_says_it_is_ai_made(
    made: tuple[Path, ClipResult, Path],
) -> None:
    out, result, data = made
    report = _verify(out)
    assert (report["integrity"], report["signature"], report["hard_binding"]) == (
        "valid",
        "valid",
        "match",
    )
    # A stranger's reader does not know the instance's own CA: intact, signer not trusted.
    assert report["trust"]["status"] == "not_valid_for_supplied_material"
    assert report["validation_state"] == "Valid"
    actions = _assertion(report, "c2pa.actions")["actions"]
    assert actions[0]["action"] == "c2pa.created"
    assert actions[0]["digitalSourceType"].endswith("compositeSynthetic")
    binding = _assertion(report, "c2pa.soft-binding")
    assert binding["alg"] == "org.vivify.watermark.2"  # the installation's keyed mark
    assert binding["blocks"][0]["value"] == f"{result.watermark_payload:08x}"
    assert _assertion(report, "org.vivify.fingerprint")["alg"] == "org.vivify.fingerprint.1"
    # Given the instance's CA as an anchor, it trusts the signer.
    anchors = ensure_credentials(data).trust_anchors_pem.decode("ascii")
    trusted = _verify(out, trust_pem=anchors)
    assert trusted["trust"]["status"] == "valid_for_supplied_material"
    assert trusted["validation_state"] == "Trusted"


def test_one_changed_byte_breaks_the_hard_binding(
    made: tuple[Path, ClipResult, Path], tmp_path: Path
) -> None:
    out, _, _ = made
    raw = bytearray(out.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    tampered = tmp_path / "tampered.mp4"
    tampered.write_bytes(bytes(raw))
    report = _verify(tampered)
    assert report["integrity"] != "valid"
    assert report["hard_binding"] != "match"


def test_the_manifest_the_soft_binding_api_hands_out_verifies_apart_from_its_clip(
    made: tuple[Path, ClipResult, Path], tmp_path: Path
) -> None:
    """What a stranger gets from /c2pa/v1/manifests: the signed store, whose signature checks
    out on its own, bound to the original clip's bytes: it matches the clip, not a remux."""
    out, result, data = made
    with ManifestStore.in_data_dir(data) as store:
        record = store.get(result.watermark_payload)
    assert record is not None and record.manifest_store is not None
    sidecar = _verify(out, manifest_store=record.manifest_store)
    assert (sidecar["signature"], sidecar["hard_binding"]) == ("valid", "match")
    copy = tmp_path / "stripped.mp4"
    remux(out, copy)
    assert _verify(copy)["present"] is False  # the remux lost the embedded manifest
    apart = _verify(copy, manifest_store=record.manifest_store)
    assert apart["signature"] == "valid"
    assert apart["hard_binding"] != "match"
