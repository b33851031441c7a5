"""C2PA Content Credentials for a clip: sign a finished MP4 in place, and read credentials back.

The manifest a clip carries (see docs/provenance.md):

- `c2pa.actions.v2`: first `c2pa.created`, with the IPTC digital source type that honestly says what
  the clip is (`compositeSynthetic` for the motion engine: a real photo with synthetic motion and
  elements composited onto it; `trainedAlgorithmicMedia` for the diffusion engine), vivify and its
  version as software agent, a hashed link to the source photo ingredient, and the engine and
  effects (name → version) as parameters `org.vivify.engine` and `org.vivify.effects`; then
  `c2pa.watermarked.bound`: an invisible watermark, declared by the soft binding below, was
  embedded.
- the source photo as an `inputTo` ingredient that holds only a generic title, its format if known
  and its SHA-256 (ingredient metadata `org.vivify.sha256`). No thumbnail and nothing read from the
  photo (no EXIF, XMP, file name or manifest of its own): the user's photo must not leak through the
  clip.
- `cawg.training-mining`: all four CAWG entries `notAllowed` unless the user allowed training.
- `c2pa.soft-binding`: algorithm `org.vivify.watermark.2` (keyed; `.1` for the public patterns),
  one block whose scope is the whole timeline (0 ms to the clip's duration) and whose value is the
  32-bit watermark payload as eight lowercase hex digits.
- `org.vivify.fingerprint`: the clip's perceptual fingerprint (`vivify.provenance.fingerprint`),
  so that a manifest recovered through the watermark can be checked against the video at hand.
- `c2pa.hash.bmff.v3` (added by the SDK): the hard binding of the manifest to the file's bytes.

Signing never needs the network unless a `SigningConfig` names a TSA: no OCSP, no remote manifests.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import av
import c2pa

from vivify.provenance import fingerprint
from vivify.provenance.credentials import Credentials, ProvenanceError, SigningConfig

MIME = "video/mp4"
IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"
#: The digital source type each engine's clips are declared with.
SOURCE_TYPES = {
    "motion": IPTC + "compositeSynthetic",
    "diffusion": IPTC + "trainedAlgorithmicMedia",
}
#: IPTC source types that mean "made or composited by software" (read as `ai_generated`).
GENERATED_SOURCE_TYPES = frozenset(
    {
        "trainedAlgorithmicMedia",
        "compositeWithTrainedAlgorithmicMedia",
        "algorithmicMedia",
        "compositeSynthetic",
    }
)

# Assertion labels and keys we write (and read).
ACTIONS = "c2pa.actions.v2"
TRAINING_MINING = "cawg.training-mining"
SOFT_BINDING = "c2pa.soft-binding"
CREATED = "c2pa.created"
WATERMARKED = "c2pa.watermarked.bound"
ENGINE_PARAM = "org.vivify.engine"
MODEL_PARAM = "org.vivify.model"  # a generative model's name, version and weights_sha256
EFFECTS_PARAM = "org.vivify.effects"
SOURCE_HASH_KEY = "org.vivify.sha256"
SOURCE_TITLE = "source photo"
#: Must equal `vivify.provenance.watermark.ALGORITHM` (a test checks it).
WATERMARK_ALG = "org.vivify.watermark.1"  # the public patterns
KEYED_WATERMARK_ALG = "org.vivify.watermark.2"  # patterns from the instance's secret key
WATERMARK_ALGS = (WATERMARK_ALG, KEYED_WATERMARK_ALG)
FINGERPRINT = "org.vivify.fingerprint"  # the assertion that carries the clip's fingerprint
TRAINING_ENTRIES = (
    "cawg.ai_generative_training",
    "cawg.ai_training",
    "cawg.ai_inference",
    "cawg.data_mining",
)
#: Extended key usages a signing certificate may have: the SDK's default list (emailProtection,
#: documentSigning, timeStamping, OCSPSigning, Microsoft C2PA signing, C2PA claim signing). The
#: SDK only applies it when it is configured, so every context we make sets it.
SIGNER_EKUS = (
    "1.3.6.1.5.5.7.3.4",
    "1.3.6.1.5.5.7.3.36",
    "1.3.6.1.5.5.7.3.8",
    "1.3.6.1.5.5.7.3.9",
    "1.3.6.1.4.1.311.76.59.1.9",
    "1.3.6.1.4.1.62558.2.1",
)
#: Our own failure code for a manifest so damaged the SDK can't even parse it (no SDK code exists).
UNREADABLE = "vivify.manifest.unreadable"
_INGREDIENT_REF = "source-photo"

State = Literal["Trusted", "Valid", "Invalid", "None"]


@dataclass(frozen=True)
class ClipClaims:
    """What a clip's credentials say about it."""

    vivify_version: str
    engine: str  # "motion" or "diffusion"
    effects: dict[str, str]  # effect name -> effect version
    source_sha256: str  # hex SHA-256 of the source photo's bytes, as read
    watermark_payload: int  # the 32-bit number the invisible watermark carries
    title: str
    training_allowed: bool = False
    source_format: str | None = None  # MIME type of the photo, e.g. "image/jpeg", if known
    # when the owner gave their training consent (ISO 8601, UTC); stated with an "allowed" use
    training_consent_at: str | None = None
    # the generative model behind the frames (diffusion): name, version, weights_sha256
    model: dict[str, str] | None = None
    # the clip's perceptual fingerprint (`vivify.provenance.fingerprint`), when it was taken
    fingerprint: tuple[int, ...] = ()
    watermark_alg: str = WATERMARK_ALG  # which of `WATERMARK_ALGS` marked the frames

    def __post_init__(self) -> None:
        if self.engine not in SOURCE_TYPES:
            raise ValueError(f"engine must be one of {sorted(SOURCE_TYPES)}, not {self.engine!r}")
        if not re.fullmatch(r"[0-9a-f]{64}", self.source_sha256):
            raise ValueError("source_sha256 must be 64 lowercase hex digits")
        if not 0 <= self.watermark_payload < 2**32:
            raise ValueError("watermark_payload must fit in 32 bits (0 .. 2**32 - 1)")
        if self.watermark_alg not in WATERMARK_ALGS:
            raise ValueError(f"watermark_alg must be one of {WATERMARK_ALGS}")


@dataclass(frozen=True)
class CredentialReport:
    """What `read_credentials` found.

    `state`: "Trusted" (intact, signed by a certificate that chains to a trust anchor we were
    given or the SDK's own list), "Valid" (intact and well signed, but by a signer we don't
    trust), "Invalid" (the clip or its manifest was changed after signing, or the signature or
    certificate is bad), "None" (no Content Credentials at all)."""

    state: State
    failures: tuple[str, ...] = ()  # the SDK's failure codes, e.g. "assertion.bmffHash.mismatch"
    ai_generated: bool = False
    digital_source_type: str | None = None
    engine: str | None = None
    software_agent: str | None = None  # "vivify 0.1.0"
    effects: dict[str, str] = field(default_factory=dict)
    actions: tuple[str, ...] = ()  # action names in order, e.g. ("c2pa.created", ...)
    watermark_payload: int | None = None
    training_mining: dict[str, str] = field(default_factory=dict)  # entry -> "notAllowed"...
    ingredient_sha256: str | None = None
    model: dict[str, str] | None = None  # the generative model, when the clip names one
    fingerprint: tuple[int, ...] = ()  # the clip's perceptual fingerprint, when it carries one
    title: str | None = None
    signer: str | None = None  # the signing certificate's common name and organisation
    error: str | None = None  # the SDK's message when the manifest could not be parsed at all
    manifest_json: str | None = None  # the SDK's manifest store report, as is

    @property
    def training_allowed(self) -> bool | None:
        """True/False when every training and mining entry agrees, None if absent or mixed."""
        uses = set(self.training_mining.values())
        if uses == {"allowed"}:
            return True
        if uses == {"notAllowed"}:
            return False
        return None


def _model(value: Any) -> dict[str, str] | None:
    if not isinstance(value, dict):
        return None
    return {str(k): str(v) for k, v in value.items()}


def build_manifest(claims: ClipClaims, duration_ms: int) -> dict[str, Any]:
    """The manifest definition for a clip of `duration_ms` milliseconds (the SDK adds the hash)."""
    agent = {"name": "vivify", "version": claims.vivify_version}
    ingredient: dict[str, Any] = {
        "label": _INGREDIENT_REF,  # only for linking below; stored as c2pa.ingredient.v3
        "title": SOURCE_TITLE,
        "relationship": "inputTo",
        "metadata": {SOURCE_HASH_KEY: claims.source_sha256},
    }
    if claims.source_format:
        ingredient["format"] = claims.source_format
    effects = ", ".join(f"{name} {version}" for name, version in claims.effects.items())
    parameters: dict[str, Any] = {
        "ingredientIds": [_INGREDIENT_REF],  # -> a hashed link
        ENGINE_PARAM: claims.engine,
        EFFECTS_PARAM: dict(claims.effects),
    }
    made_by = ""
    if claims.model:
        parameters[MODEL_PARAM] = dict(claims.model)
        made_by = (
            f" using the model {claims.model.get('name')} {claims.model.get('version')} "
            f"(weights sha256 {str(claims.model.get('weights_sha256', ''))[:16]}…)"
        )
    return {
        "claim_generator_info": [agent],
        "title": claims.title,
        "format": MIME,
        "ingredients": [ingredient],
        "assertions": [
            {
                "label": ACTIONS,
                "data": {
                    "actions": [
                        {
                            "action": CREATED,
                            "digitalSourceType": SOURCE_TYPES[claims.engine],
                            "softwareAgent": agent,
                            "description": f"Animated from one photo by vivify's {claims.engine} "
                            f"engine{made_by}" + (f" with {effects}." if effects else "."),
                            "parameters": parameters,
                        },
                        {
                            "action": WATERMARKED,
                            "softwareAgent": agent,
                            "description": f"Invisible watermark {claims.watermark_alg} "
                            f"embedded; its payload is declared in the {SOFT_BINDING} assertion.",
                        },
                    ]
                },
            },
            {
                "label": TRAINING_MINING,
                "data": {"entries": {entry: _use(claims) for entry in TRAINING_ENTRIES}},
            },
            *_fingerprint_assertion(claims),
            {
                "label": SOFT_BINDING,
                "data": {
                    "alg": claims.watermark_alg,
                    "blocks": [
                        {
                            "scope": {"timespan": {"start": 0, "end": duration_ms}},
                            "value": f"{claims.watermark_payload:08x}",
                        }
                    ],
                },
            },
        ],
    }


def _fingerprint_assertion(claims: ClipClaims) -> list[dict[str, Any]]:
    if not claims.fingerprint:
        return []
    return [
        {
            "label": FINGERPRINT,
            "data": {
                "alg": fingerprint.ALGORITHM,
                "every_s": fingerprint.EVERY_S,
                "per_frame": fingerprint.PER_FRAME,
                "hashes": fingerprint.to_hex(claims.fingerprint),
            },
        }
    ]


def _fingerprint(manifest: dict[str, Any]) -> tuple[int, ...]:
    """The fingerprint a manifest carries (empty when it has none we can read)."""
    for data in _assertions(manifest, FINGERPRINT):
        if data.get("alg") == fingerprint.ALGORITHM:
            try:
                return tuple(fingerprint.from_hex(list(data.get("hashes") or [])))
            except ValueError:
                return ()
    return ()


def _use(claims: ClipClaims) -> dict[str, str]:
    """One CAWG training and mining entry: the owner's choice, and when they gave consent."""
    if not claims.training_allowed:
        return {"use": "notAllowed"}
    entry = {"use": "allowed"}
    if claims.training_consent_at:
        entry["constraint_info"] = f"The owner consented on {claims.training_consent_at}."
    return entry


@dataclass(frozen=True)
class Signed:
    """What signing a clip gives the manifest store: the SDK's report of the signed clip (JSON),
    and the signed manifest store itself (JUMBF bytes), which any C2PA reader can validate."""

    manifest_json: str
    manifest_store: bytes


def sign_clip(path: Path, claims: ClipClaims, credentials: Credentials | SigningConfig) -> Signed:
    """Embed signed Content Credentials into the MP4 at `path`, in place, and return the SDK's
    manifest store report (JSON) of the signed clip with the signed manifest store's bytes.

    The signed clip is written next to `path`, read back and checked, and only then moved over
    it: a crash or a failure leaves the original clip untouched."""
    path = Path(path)
    if isinstance(credentials, Credentials):
        config = credentials.signing_config()
        chain_pem, key_pem = credentials.cert_chain_pem, credentials.key_pem
        anchors: bytes | None = credentials.trust_anchors_pem
    else:
        config = credentials
        chain_pem, key_pem = config.load()
        anchors = None
    manifest = build_manifest(claims, _duration_ms(path))
    info = c2pa.C2paSignerInfo(config.alg, chain_pem, key_pem, config.tsa_url)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".signing.mp4", dir=path.parent)
    except OSError as exc:
        raise ProvenanceError(f"Can't sign {path.name} in {path.parent}: {exc.strerror}.") from None
    os.close(fd)
    tmp = Path(name)
    try:
        with _context(anchors) as ctx:
            with (
                c2pa.Signer.from_info(info) as signer,
                c2pa.Builder(manifest, context=ctx) as builder,
                path.open("rb") as src,
                tmp.open("w+b") as dst,
            ):
                manifest_store = bytes(builder.sign(signer, MIME, src, dst))
                dst.flush()
                os.fsync(dst.fileno())
            report = _read(tmp, ctx)
        if report.state not in ("Trusted", "Valid"):
            raise ProvenanceError(
                f"Signing {path.name} produced credentials that do not verify "
                f"({', '.join(report.failures) or report.state})."
            )
        os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except c2pa.C2paError as exc:
        raise ProvenanceError(f"Couldn't sign {path.name}: {exc}") from None
    except OSError as exc:
        raise ProvenanceError(f"Couldn't write the signed {path.name}: {exc.strerror}.") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    assert report.manifest_json is not None
    return Signed(report.manifest_json, manifest_store)


def read_credentials(path: Path, trust_anchors_pem: bytes | None = None) -> CredentialReport:
    """Validate and parse the Content Credentials in the file at `path`.

    `trust_anchors_pem` (for our clips: `Credentials.trust_anchors_pem`, the local CA) is added
    to the SDK's trust anchors: a clip signed under it reads as Trusted, one signed by any other
    CA as Valid at best. Never touches the network."""
    path = Path(path)
    if not path.is_file():
        raise ProvenanceError(f"Can't read {path}: there is no such file.")
    with _context(trust_anchors_pem) as ctx:
        return _read(path, ctx)


def _read(path: Path, ctx: Any) -> CredentialReport:
    try:
        reader = c2pa.Reader.try_create(str(path), context=ctx)
    except (c2pa.C2paError.Io, c2pa.C2paError.NotSupported, c2pa.C2paError.FileNotFound) as exc:
        raise ProvenanceError(f"Can't read credentials from {path.name}: {exc}") from None
    except c2pa.C2paError as exc:
        if "asset could not be parsed" in str(exc):  # not a valid file of its type at all
            raise ProvenanceError(f"Can't read credentials from {path.name}: {exc}") from None
        # A manifest is there but too damaged to parse.
        return CredentialReport(state="Invalid", failures=(UNREADABLE,), error=str(exc))
    if reader is None:
        return CredentialReport(state="None")
    with reader:
        text = reader.json()
    return parse_report(text)


# Failures a manifest fetched apart from its clip is expected to show against a copy: it binds
# to the original file's bytes, and a re-encoded or remuxed copy has other bytes.
HARD_BINDING_FAILURES = frozenset(
    {"assertion.bmffHash.mismatch", "assertion.dataHash.mismatch", "assertion.boxesHash.mismatch"}
)


def read_detached(
    path: Path, manifest_store: bytes, trust_anchors_pem: bytes | None = None
) -> CredentialReport:
    """Validate a signed manifest store fetched apart from its clip (through a soft binding)
    against the video at `path`, an MP4. The report's state speaks for the manifest's own
    signature: a failure of only the hard binding (`HARD_BINDING_FAILURES`: the copy's bytes are
    not the original clip's) is kept in `failures` but does not make it Invalid."""
    with _context(trust_anchors_pem) as ctx, Path(path).open("rb") as stream:
        try:
            reader = c2pa.Reader(MIME, stream, manifest_data=manifest_store, context=ctx)
        except c2pa.C2paError as exc:
            return CredentialReport(state="Invalid", failures=(UNREADABLE,), error=str(exc))
        with reader:
            text = reader.json()
    report = parse_report(text)
    if (
        report.state == "Invalid"
        and report.failures
        and set(report.failures) <= (HARD_BINDING_FAILURES | {"signingCredential.untrusted"})
    ):
        trusted = "signingCredential.untrusted" not in report.failures and trust_anchors_pem
        return replace(report, state="Trusted" if trusted else "Valid")
    return report


def parse_report(text: str) -> CredentialReport:
    """A `CredentialReport` from the SDK's manifest store JSON (`Reader.json()`), for example
    one kept in the manifest store. Its state is the one recorded when that JSON was made (at
    signing, for a stored one), not a new validation."""
    store = json.loads(text)
    manifest = store.get("manifests", {}).get(store.get("active_manifest"), {})
    failures = _failures(store)
    state = store.get("validation_state")
    if state not in ("Trusted", "Valid", "Invalid"):  # an SDK that reports codes only
        untrusted = {"signingCredential.untrusted"}
        state = "Invalid" if set(failures) - untrusted else "Valid"
    actions = [a for data in _assertions(manifest, "c2pa.actions") for a in data.get("actions", [])]
    created: dict[str, Any] = next((a for a in actions if a.get("action") == CREATED), {})
    params = created.get("parameters") or {}
    source_type = created.get("digitalSourceType")
    source_type = str(source_type) if source_type else None
    training = next(iter(_assertions(manifest, TRAINING_MINING)), None)
    if training is None:
        training = next(iter(_assertions(manifest, "c2pa.training-mining")), {})
    sig = manifest.get("signature_info") or {}
    signer = " / ".join(str(sig[k]) for k in ("common_name", "issuer") if sig.get(k)) or None
    return CredentialReport(
        state=state,
        failures=tuple(failures),
        ai_generated=source_type is not None
        and source_type.rsplit("/", 1)[-1] in GENERATED_SOURCE_TYPES,
        digital_source_type=source_type,
        engine=params.get(ENGINE_PARAM),
        software_agent=_agent(created.get("softwareAgent")),
        effects={str(k): str(v) for k, v in (params.get(EFFECTS_PARAM) or {}).items()},
        actions=tuple(str(a.get("action")) for a in actions),
        watermark_payload=_payload(manifest),
        training_mining={
            str(k): str((v or {}).get("use")) for k, v in (training.get("entries") or {}).items()
        },
        ingredient_sha256=_ingredient_hash(manifest),
        model=_model(params.get(MODEL_PARAM)),
        fingerprint=_fingerprint(manifest),
        title=manifest.get("title"),
        signer=signer,
        manifest_json=text,
    )


@contextlib.contextmanager
def _context(trust_anchors_pem: bytes | None) -> Iterator[Any]:
    """An SDK context for offline work: no OCSP, no remote manifests, no thumbnails and no
    automatic actions; the signer EKUs configured; `trust_anchors_pem` added to the anchors the
    SDK trusts."""
    auto_off = {"enabled": False}
    settings: dict[str, Any] = {
        "verify": {"remote_manifest_fetch": False, "ocsp_fetch": False},
        "builder": {
            "thumbnail": {"enabled": False},
            "actions": {
                "auto_created_action": auto_off,
                "auto_opened_action": auto_off,
                "auto_placed_action": auto_off,
            },
        },
    }
    settings["trust"] = {"trust_config": "\n".join(SIGNER_EKUS) + "\n"}
    if trust_anchors_pem:
        settings["trust"]["user_anchors"] = trust_anchors_pem.decode("ascii")
    with c2pa.Context.from_dict(settings) as ctx:
        yield ctx


def _duration_ms(path: Path) -> int:
    try:
        with av.open(str(path)) as container:
            if container.duration:
                return round(container.duration / 1000)  # AV_TIME_BASE is microseconds
            spans = [
                float(s.duration * s.time_base)
                for s in container.streams
                if s.duration and s.time_base is not None
            ]
    except (av.FFmpegError, OSError, ValueError):
        spans = []
    if not spans:
        raise ProvenanceError(f"Can't sign {path.name}: it is not a readable MP4.")
    return round(max(spans) * 1000)


def _failures(store: dict[str, Any]) -> list[str]:
    results = store.get("validation_results") or {}
    statuses = list((results.get("activeManifest") or {}).get("failure", []))
    for delta in results.get("ingredientDeltas") or []:
        statuses += (delta.get("validationDeltas") or {}).get("failure", [])
    statuses += store.get("validation_status") or []  # older SDKs
    return list(dict.fromkeys(str(s.get("code")) for s in statuses))


def _assertions(manifest: dict[str, Any], label: str) -> Iterator[dict[str, Any]]:
    """The data of every assertion with this label, whatever its version or instance suffix."""
    pattern = re.compile(re.escape(label) + r"(\.v\d+)?(__\d+)?")
    for assertion in manifest.get("assertions") or []:
        if pattern.fullmatch(str(assertion.get("label", ""))):
            yield assertion.get("data") or {}


def _agent(agent: Any) -> str | None:
    if isinstance(agent, dict):
        return " ".join(str(agent[k]) for k in ("name", "version") if agent.get(k)) or None
    return str(agent) if agent else None


def _payload(manifest: dict[str, Any]) -> int | None:
    for data in _assertions(manifest, SOFT_BINDING):
        if data.get("alg") not in WATERMARK_ALGS:
            continue
        for block in data.get("blocks") or []:
            with contextlib.suppress(TypeError, ValueError):
                return int(str(block.get("value")), 16)
    return None


def _ingredient_hash(manifest: dict[str, Any]) -> str | None:
    for ingredient in manifest.get("ingredients") or []:
        if ingredient.get("relationship") == "inputTo":
            value = (ingredient.get("metadata") or {}).get(SOURCE_HASH_KEY)
            if value:
                return str(value)
    return None
