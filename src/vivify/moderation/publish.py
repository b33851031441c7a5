"""The publish gate: the last check before a clip is posted anywhere (a story, a share link).

A clip may be published only when it is byte for byte the file the video gate passed (its
SHA-256 against `video_decision.facts["sha256"]`), its Content Credentials read "Trusted" under
our trust anchors (when `policy.publish.require_trusted_c2pa`), and its account is neither
blocked nor over its hourly and daily limits. Every check runs, so the record names every reason;
an error blocks (`Decision.failed_closed`).
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vivify.moderation.decision import Decision, Evidence
from vivify.moderation.policy import Policy, default_policy
from vivify.provenance.c2pa_sign import read_credentials
from vivify.provenance.store import sha256_file

_WINDOWS = (("hour", dt.timedelta(hours=1)), ("day", dt.timedelta(days=1)))


def _model() -> str:
    try:
        return f"sha256; c2pa-python {importlib.metadata.version('c2pa-python')}"
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - a broken install
        return "sha256; c2pa-python"


@dataclass
class Account:
    """Who publishes: `recent_publishes` are the times of their earlier publishes (at least the
    last day's; naive times are taken as UTC)."""

    id: str
    blocked: bool = False
    recent_publishes: list[dt.datetime] = field(default_factory=list)


def check_publish(
    path: Path,
    video_decision: Decision,
    account: Account,
    trust_anchors_pem: bytes | None,
    policy: Policy | None = None,
    now: dt.datetime | None = None,
) -> Decision:
    """The publish gate's decision on the clip at `path` (stage "publish")."""
    policy = policy or default_policy()
    meta: dict[str, Any] = {"model": _model(), "policy_version": policy.version}
    try:
        return _check(Path(path), video_decision, account, trust_anchors_pem, policy, now, meta)
    except Exception as exc:  # no answer is a blocking answer
        return Decision.failed_closed("publish", exc, **meta)


def _check(
    path: Path,
    video: Decision,
    account: Account,
    anchors: bytes | None,
    policy: Policy,
    now: dt.datetime | None,
    meta: dict[str, Any],
) -> Decision:
    when = _utc(now or dt.datetime.now(dt.UTC))
    rule = policy.publish
    evidence: list[Evidence] = []
    reasons: list[str] = []
    categories: list[str] = []

    def fail(category: str, reason: str, item: Evidence) -> None:
        if category not in categories:
            categories.append(category)
        reasons.append(reason)
        evidence.append(item)

    # 1. The video gate passed this clip.
    if video.stage != "video" or not video.allowed:
        detail = f"{video.stage} decision, {'allowed' if video.allowed else 'blocked'}"
        fail("unchecked", "the video check did not pass it", _ev("unchecked", "video", detail))

    # 2. These are the bytes it passed.
    digest = sha256_file(path)
    checked = video.facts.get("sha256")
    if digest != checked:
        detail = "no checked SHA-256" if not checked else "SHA-256 differs from the checked file"
        fail(
            "integrity",
            "the file changed after the video check",
            _ev("integrity", "sha256", detail),
        )

    # 3. Its Content Credentials are intact and ours.
    report = read_credentials(path, anchors)
    if rule.require_trusted_c2pa and report.state != "Trusted":
        failures = ", ".join(report.failures[:5])
        detail = f"state {report.state}" + (f" ({failures})" if failures else "")
        fail(
            "provenance",
            "its Content Credentials are missing or not trusted",
            _ev("provenance", "publish.require_trusted_c2pa", detail),
        )

    # 4. The account may publish, and has not published too much.
    if account.blocked:
        fail("account", "the account is blocked", _ev("account", "account.blocked", "blocked"))
    counts: dict[str, int] = {}
    for name, window in _WINDOWS:
        since = when - window
        counts[name] = sum(1 for t in account.recent_publishes if _utc(t) > since)
        limit = rule.max_per_hour if name == "hour" else rule.max_per_day
        if counts[name] >= limit:
            fail(
                "rate_limit",
                f"the account has published too many clips in the last {name}",
                _ev("rate_limit", f"publish.max_per_{name}", f"{counts[name]} of {limit}"),
            )

    facts: dict[str, Any] = {
        "sha256": digest,
        "video_sha256": checked,
        "c2pa": report.state,
        "c2pa_failures": list(report.failures),
        "published_last_hour": counts["hour"],
        "published_last_day": counts["day"],
    }
    if categories:
        reason = " and ".join(reasons)
        return Decision.block("publish", categories, reason, evidence=evidence, facts=facts, **meta)
    return Decision.allow("publish", facts=facts, **meta)


def _ev(category: str, rule: str, detail: str) -> Evidence:
    return Evidence(category=category, rule=rule, detail=detail)


def _utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)
