"""Labelling a clip and checking one: the provenance steps of the flow, over the parts beside this
module (watermark, C2PA signing and reading, the manifest store).

`Provenance` says where credentials and the store live; the edges (CLI, web, worker) build it
from their settings and hand it to `make_clip`, so the core reads no global configuration.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av

from vivify.db import default_url
from vivify.media import probe
from vivify.provenance import fingerprint
from vivify.provenance.c2pa_sign import (
    HARD_BINDING_FAILURES,
    ClipClaims,
    CredentialReport,
    parse_report,
    read_credentials,
    read_detached,
    sign_clip,
)
from vivify.provenance.credentials import (
    Credentials,
    ProvenanceError,
    SigningConfig,
    ensure_credentials,
    watermark_key,
)
from vivify.provenance.fingerprint import Comparison
from vivify.provenance.softbinding import resolve, resolve_by_content
from vivify.provenance.store import ManifestStore, sha256_file
from vivify.provenance.watermark import ALGORITHM, Detection, detect_file, upright

VERIFY_BUDGET_S = 20.0  # how long `verify` reads on through a file whose first frames lack a mark
MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "HEIF": "image/heif"}


@dataclass(frozen=True)
class Provenance:
    """Where a clip's credentials come from and where its manifest is kept."""

    data_dir: Path
    signing: SigningConfig | None = None  # a real certificate (and TSA); default: the local CA
    training_allowed: bool = False  # the user's opt-in to AI training on the clip
    training_consent_at: str | None = None  # when they opted in (ISO 8601, UTC), if known
    payload: int | None = None  # a fixed watermark payload (for reproducible tests)
    database_url: str | None = None  # the stores' database; default: the data folder's SQLite
    keyed: bool = True  # mark with the instance's secret key; False: the public patterns

    def mark_key(self) -> bytes | None:
        """The key clips are marked with: the instance's secret one (made on first use, kept
        with the signing credentials), or None for the public patterns."""
        return watermark_key(self.data_dir) if self.keyed else None

    @property
    def url(self) -> str:
        """The database the manifest and decision stores use."""
        return self.database_url or default_url(self.data_dir)

    def credentials(self) -> Credentials:
        return ensure_credentials(self.data_dir)

    def store(self) -> ManifestStore:
        return ManifestStore(self.url)

    def new_payload(self, store: ManifestStore, job_id: str = "") -> int:
        """A clip identifier no earlier clip has and no other job holds, reserved for `job_id`
        in the store before any frame is rendered (the fixed test payload is not reserved)."""
        if self.payload is not None:
            return self.payload
        return store.reserve(job_id or "-")


def label(
    staged: Path,
    provenance: Provenance,
    store: ManifestStore,
    payload: int,
    *,
    engine: str,
    effects: dict[str, str],
    photo: bytes,
    model: dict[str, str] | None = None,
    photo_format: str,
    version: str,
    fingerprint: tuple[int, ...] = (),
    watermark_alg: str = ALGORITHM,
) -> str:
    """Sign the finished clip at `staged` in place and keep its manifest; returns the manifest.
    `fingerprint`: the clip's perceptual fingerprint, taken from its frames as they were encoded."""
    claims = ClipClaims(
        vivify_version=version,
        engine=engine,
        effects=effects,
        model=model,
        source_sha256=hashlib.sha256(photo).hexdigest(),
        watermark_payload=payload,
        title="vivify story clip",
        training_allowed=provenance.training_allowed,
        training_consent_at=provenance.training_consent_at,
        source_format=MIME_TYPES.get(photo_format),
        fingerprint=fingerprint,
        watermark_alg=watermark_alg,
    )
    signed = sign_clip(staged, claims, provenance.signing or provenance.credentials())
    store.put(
        payload, signed.manifest_json, sha256_file(staged), manifest_store=signed.manifest_store
    )
    return signed.manifest_json


@dataclass(frozen=True)
class Recovered:
    """A manifest found through the watermark: in this installation's store, or through another
    service's soft-binding API."""

    report: CredentialReport
    via: str  # "watermark" (this store) or "soft-binding API <endpoint>"
    clip_sha256: str | None  # the signed clip's SHA-256, when this store kept it
    matches_this_file: bool


def verify(
    path: Path,
    data_dir: Path | None,
    database_url: str | None = None,
    resolver: str | None = None,
) -> dict[str, Any]:
    """What the file proves: its C2PA state and claims, the watermark, and, when the metadata
    is gone, the original manifest found through the watermark (in this installation's store,
    else through the C2PA soft-binding API at `resolver`, another instance's `/c2pa/v1`). Each
    finding says what it proves and what it does not."""
    anchors = key = None
    store: ManifestStore | None = None
    if data_dir is not None and (data_dir / "credentials").exists():
        anchors = ensure_credentials(data_dir).trust_anchors_pem
        key = watermark_key(data_dir, create=False)
        store = ManifestStore(database_url or default_url(data_dir))
    try:
        container = None
        try:
            report = read_credentials(path, anchors)
        except ProvenanceError:
            # The C2PA SDK reads MP4, MOV and a few more; a WebM, MKV or MPEG-TS copy can't
            # carry credentials at all, but its pixels can still carry the watermark.
            container = video_container(path)
            if container is None:
                raise
            report = CredentialReport(state="None")
        # A person is waiting: search every scale, and read on through the file for up to 20 s,
        # with this instance's key; then, quickly, for a mark made with the public patterns.
        detection = detect_file(path, thorough=True, budget_s=VERIFY_BUDGET_S, key=key)
        if detection is None and key is not None:
            detection = detect_file(path)
        recovered = None
        if report.state in ("None", "Invalid"):
            recovered = _recover(path, detection, store, resolver, anchors, container)
    finally:
        if store is not None:
            store.close()
    content = None
    if recovered is not None and recovered.report.fingerprint:
        content = _content(path, detection, recovered.report.fingerprint)
    return _summary(path, report, detection, recovered, container, content)


def _recover(
    path: Path,
    detection: Detection | None,
    store: ManifestStore | None,
    resolver: str | None,
    anchors: bytes | None,
    container: str | None,
) -> Recovered | None:
    """The manifest of the clip the copy came from: by the payload read here, in this store or
    from `resolver`; else, when no mark could be read here (one keyed by another instance), by
    sending the copy to `resolver`, which reads it with its own key."""
    if detection is not None and store is not None:
        record = store.get(detection.payload)
        if record is not None:
            report = parse_report(record.manifest_json)
            matches = record.clip_sha256 == sha256_file(path)
            return Recovered(report, "watermark", record.clip_sha256, matches)
    if resolver is None:
        return None
    if detection is not None:
        found = resolve(resolver, detection.payload)
    else:
        found = resolve_by_content(resolver, path)
    if found is None:
        return None
    # The SDK validates a detached manifest against an MP4 only: for a WebM or MKV copy it
    # reads as unreadable (Invalid), which the report says.
    report = read_detached(path, found.manifest_store, anchors)
    bound = not (set(report.failures) & HARD_BINDING_FAILURES) and container is None
    return Recovered(report, f"soft-binding API {found.endpoint}", None, bound)


CONTENT_SAMPLES = 60  # at most this many frames of a copy are compared with a fingerprint


def _content(path: Path, found: Detection | None, stored: tuple[int, ...]) -> Comparison | None:
    """Whether the video at `path` shows what the fingerprint `stored` describes: its frames
    from where the watermark was found, turned back the way the detector found them turned (all
    of them, as they are, when the mark was read elsewhere)."""
    copy = []
    with av.open(str(path)) as opened:
        container: Any = opened
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        step = fingerprint.sample_step(float(stream.average_rate or 30))
        for index, frame in enumerate(container.decode(stream)):
            first = found.first_frame if found is not None else 0
            if index < first or (index - first) % step:
                continue
            luma = probe.luma(frame)
            luma = upright(luma, found) if found is not None else luma
            copy += fingerprint.copy_hashes([luma], 1.0)
            if len(copy) >= CONTENT_SAMPLES:
                break
    return fingerprint.compare(stored, copy) if copy else None


def video_container(path: Path) -> str | None:
    """The container format FFmpeg reads `path` as ("matroska,webm", "mpegts", …) when it holds
    a video stream; None when it is not a video FFmpeg can read."""
    try:
        with av.open(str(path)) as opened:
            found: Any = opened
            return str(found.format.name) if found.streams.video else None
    except (av.FFmpegError, OSError, ValueError):
        return None


def _summary(
    path: Path,
    report: CredentialReport,
    detection: Detection | None,
    recovered: Recovered | None,
    container: str | None = None,
    content: Comparison | None = None,
) -> dict[str, Any]:
    proves: list[str] = []
    transplanted = content is not None and not content.matches
    if container is not None:
        proves.append(
            f"The file's container ({container}) cannot carry Content Credentials, so any were "
            "lost when it was made; only its pixels can say where it came from."
        )
    elif report.state == "Trusted":
        proves.append("The file is unchanged since it was signed, by a certificate we trust.")
    elif report.state == "Valid":
        proves.append("The file is unchanged since it was signed, but the signer is not trusted.")
    elif report.state == "Invalid":
        proves.append("The file or its credentials were changed after signing.")
    else:
        proves.append("The file carries no Content Credentials (they may have been stripped).")
    if detection is not None:
        proves.append(f"Its pixels carry the vivify watermark {detection.payload:08x}.")
    elif recovered is not None:
        proves.append(
            f"The {recovered.via} read a watermark in its pixels with a key only that service "
            "holds, and named the clip it belongs to."
        )
    if recovered is not None and transplanted:
        assert content is not None
        proves.append(
            "The watermark names a clip whose credentials were found, but this video does not "
            f"show what that clip showed (its fingerprint is {content.median_bits:.0f} of "
            f"{fingerprint.BITS} bits away; a match is at most {fingerprint.MATCH_BITS}): the "
            "mark may have been copied onto other video, so those credentials do not describe it."
        )
    elif recovered is not None:
        proves.append(
            "The original credentials of that clip were found through the watermark; they "
            "describe how the clip was made, not whether this copy was altered since."
        )
        if content is not None:
            proves.append("This video shows what that clip showed: its fingerprint matches.")
    recovered_claims = recovered.report if recovered and not transplanted else None
    claims_source = report if report.state != "None" else recovered_claims
    return {
        "file": str(path),
        "ai_generated": None if claims_source is None else claims_source.ai_generated,
        "c2pa": _report(report) | ({"container": container} if container else {}),
        "watermark": _detection(detection),
        "recovered": None
        if recovered is None
        else {
            "via": recovered.via,
            "clip_sha256": recovered.clip_sha256,
            "matches_this_file": recovered.matches_this_file,
            "describes_this_video": None if content is None else content.matches,
            "fingerprint": None
            if content is None
            else {
                "median_bits_apart": content.median_bits,
                "match_at_most": fingerprint.MATCH_BITS,
                "of_bits": fingerprint.BITS,
                "frames_compared": content.hashes,
            },
            "signed_state": recovered.report.state,
            "claims": _claims(recovered.report),
        },
        "proves": proves,
    }


def _report(report: CredentialReport) -> dict[str, Any]:
    out: dict[str, Any] = {"state": report.state, "failures": list(report.failures)}
    if report.state != "None":
        out["claims"] = _claims(report)
        out["signer"] = report.signer
    return out


def _claims(report: CredentialReport) -> dict[str, Any]:
    return {
        "ai_generated": report.ai_generated,
        "digital_source_type": report.digital_source_type,
        "engine": report.engine,
        "model": report.model,
        "software_agent": report.software_agent,
        "effects": report.effects,
        "actions": list(report.actions),
        "watermark_payload": (
            None if report.watermark_payload is None else f"{report.watermark_payload:08x}"
        ),
        "training_mining": report.training_mining,
        "source_photo_sha256": report.ingredient_sha256,
    }


def _detection(detection: Detection | None) -> dict[str, Any]:
    if detection is None:
        return {"found": False, "algorithm": ALGORITHM}
    return {
        "found": True,
        "algorithm": detection.algorithm,
        "payload": f"{detection.payload:08x}",
        "confidence": round(float(detection.confidence), 3),
        "bit_errors_corrected": detection.bit_errors_corrected,
        "scale": detection.scale,
        "orientation": detection.orientation,
        "tilt_degrees": detection.tilt,
        "aspect": detection.aspect,
        "frames": detection.frames,
        "first_frame": detection.first_frame,
    }
