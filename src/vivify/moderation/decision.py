"""The decision record every moderation gate returns, stored with the job and shown to the user.

A gate is a pure function of its input (and the policy) that returns a `Decision`; it never
raises for content. When the gate itself fails (a model is missing, a detector crashes) the
caller turns that into a blocking decision with `failed_closed`: moderation fails closed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Stage = Literal["photo", "prompt", "video", "publish"]

GATE_NAMES: dict[str, str] = {
    "photo": "The photo check",
    "prompt": "The prompt check",
    "video": "The video check",
    "publish": "The final check before posting",
}


class Evidence(BaseModel):
    """Why a category was raised: what matched, never the user's own words verbatim."""

    model_config = ConfigDict(extra="forbid")

    category: str  # e.g. "sexual", "minors_sexual", "violence", "self_harm", "hate", "real_person"
    rule: str  # the policy rule or detector class that matched, e.g. "FEMALE_GENITALIA_EXPOSED"
    score: float | None = None  # a detector's score, when there is one
    detail: str = ""  # e.g. "frame 12 at 0.40 s", "2 faces"
    layer: str = ""  # which layer of a gate decided: "rules" or "classifier" for the prompt
    threshold: float | None = None  # the score at or above which it blocks


class Decision(BaseModel):
    """One gate's decision. JSON-serialisable; `sentence` is what the user is shown."""

    model_config = ConfigDict(extra="forbid")

    allowed: bool
    stage: Stage
    categories: list[str] = Field(default_factory=list)  # the categories that blocked
    evidence: list[Evidence] = Field(default_factory=list)
    facts: dict[str, Any] = Field(default_factory=dict)  # e.g. {"faces": 2, "sha256": "..."}
    model: str = ""  # the model or method and its version, e.g. "nudenet 3.4.2 (320n.onnx)"
    policy_version: str = ""
    time: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))
    sentence: str = ""  # one plain sentence: which gate stopped the clip and why

    @classmethod
    def allow(cls, stage: Stage, **fields: Any) -> Decision:
        return cls(allowed=True, stage=stage, sentence=f"{GATE_NAMES[stage]} passed.", **fields)

    @classmethod
    def block(cls, stage: Stage, categories: list[str], reason: str, **fields: Any) -> Decision:
        """`reason` completes "… stopped the clip because …" and must not quote the input."""
        sentence = f"{GATE_NAMES[stage]} stopped the clip because {reason}."
        return cls(allowed=False, stage=stage, categories=categories, sentence=sentence, **fields)

    @classmethod
    def failed_closed(cls, stage: Stage, error: BaseException, **fields: Any) -> Decision:
        """A gate that could not run blocks: better no clip than an unchecked one."""
        sentence = (
            f"{GATE_NAMES[stage]} could not run ({type(error).__name__}), so the clip was "
            "stopped; please try again or tell the operator."
        )
        return cls(
            allowed=False,
            stage=stage,
            categories=["gate_error"],
            sentence=sentence,
            facts={"error": f"{type(error).__name__}: {error}"[:300]},
            **fields,
        )
