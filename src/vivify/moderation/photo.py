"""The photo gate: nudity blocks, faces are counted (face effects then need the user's consent).

`check_photo` runs the shared detector (NudeNet 320n) once on the photo as read, before anything
is rendered. A class in `policy.photo.block_classes` at or above its threshold blocks the photo
under the category "sexual"; covered classes, faces and everything else are only recorded. The
photo's faces (`policy.photo.faces`) decide whether face effects (smile, blink, head) need the
user to confirm they may animate the people shown: `check_face_consent`, once the plan is known.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from vivify.moderation.decision import Decision, Evidence
from vivify.moderation.detector import MODEL, detect
from vivify.moderation.policy import Policy, default_policy
from vivify.types import RGB

NUDITY_REASON = "it shows nudity"
CONSENT_REASON = "it shows people and you did not confirm that you may animate them"


@cache
def face_effects() -> frozenset[str]:
    """The effects that animate faces (those that need the scene's faces: smile, blink, head)."""
    from vivify.effects import registry

    return frozenset(name for name, cls in registry().items() if "faces" in cls.needs)


def check_photo(
    photo_rgb: RGB,
    policy: Policy | None = None,
    detections: Sequence[Mapping[str, Any]] | None = None,
) -> Decision:
    """The photo gate's decision on a photo (RGB, as `read_photo` returns it).

    `detections` (NudeNet's output, `{"class", "score", ...}` each) replaces running the
    detector: recorded outputs test the rules without explicit images. A detector that fails
    blocks (`Decision.failed_closed`)."""
    policy = policy or default_policy()
    meta: dict[str, Any] = {"model": MODEL, "policy_version": policy.version}
    try:
        found = detect(photo_rgb) if detections is None else detections
        return judge_photo(found, policy)
    except Exception as exc:  # no answer is a blocking answer
        return Decision.failed_closed("photo", exc, **meta)


def judge_photo(detections: Iterable[Mapping[str, Any]], policy: Policy) -> Decision:
    """The decision on one picture's detections (the rules of `check_photo`, no detector)."""
    found = [(str(d["class"]), float(d["score"])) for d in detections]
    if not all(math.isfinite(score) for _, score in found):
        raise ValueError("a detection has no finite score")
    evidence = nudity_evidence(found, policy)
    faces = count_faces(found, policy)
    facts: dict[str, Any] = {
        "faces": faces,
        "needs_consent_for_face_effects": faces > 0 and policy.photo.faces.effects_need_consent,
        "detections": [
            {"class": name, "score": round(score, 3)}
            for name, score in sorted(found, key=lambda d: -d[1])
        ],
    }
    meta: dict[str, Any] = {"model": MODEL, "policy_version": policy.version, "facts": facts}
    if evidence:
        return Decision.block("photo", ["sexual"], NUDITY_REASON, evidence=evidence, **meta)
    return Decision.allow("photo", **meta)


def nudity_evidence(
    found: Iterable[tuple[str, float]], policy: Policy, detail: str = ""
) -> list[Evidence]:
    """One `Evidence` per blocking class at or above its threshold (its highest score), in the
    policy's order; none when the policy does not enforce "sexual"."""
    if not policy.enforces("sexual"):
        return []
    best: dict[str, float] = {}
    for name, score in found:
        threshold = policy.photo.block_classes.get(name)
        if threshold is not None and score >= threshold:
            best[name] = max(score, best.get(name, 0.0))
    return [
        Evidence(category="sexual", rule=name, score=round(best[name], 3), detail=detail)
        for name in policy.photo.block_classes
        if name in best
    ]


def count_faces(found: Iterable[tuple[str, float]], policy: Policy) -> int:
    rule = policy.photo.faces
    return sum(1 for name, score in found if name in rule.classes and score >= rule.min_score)


def check_face_consent(
    decision: Decision, effects: Iterable[str], consent: bool
) -> Decision | None:
    """A blocking decision when the plan animates faces (smile, blink, head), the photo gate found
    faces that need consent (`facts["needs_consent_for_face_effects"]`) and the user did not
    give it; None when nothing stands in the way here (the photo decision itself still counts)."""
    wanted = sorted(set(effects) & face_effects())
    if consent or not wanted or not decision.facts.get("needs_consent_for_face_effects", False):
        return None
    faces = int(decision.facts.get("faces", 0))
    counted = f"{faces} face{'s' if faces != 1 else ''}"
    return Decision.block(
        "photo",
        ["consent"],
        CONSENT_REASON,
        evidence=[
            Evidence(
                category="consent",
                rule="photo.faces.effects_need_consent",
                detail=f"{counted}; face effects: {', '.join(wanted)}",
            )
        ],
        facts={"faces": faces, "face_effects": wanted, "consent": False},
        model=decision.model,
        policy_version=decision.policy_version,
    )
