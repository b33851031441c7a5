"""Running the gates for one job: every decision is recorded, a block stops the job.

The gate functions themselves are pure; this is where their decisions are stored with the job
and turned into `ModerationBlocked`, whose message is the decision's plain sentence.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from vivify.errors import VivifyError
from vivify.moderation.decision import Decision, Stage
from vivify.moderation.records import DecisionStore


class ModerationBlocked(VivifyError):
    """A gate stopped the clip; the message is the decision's sentence."""

    exit_code = 3

    def __init__(self, decision: Decision) -> None:
        super().__init__(decision.sentence)
        self.decision = decision


@dataclass
class Gates:
    """The gates of one job: its id, where decisions are kept, and those taken so far."""

    records: DecisionStore | None
    job_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    decisions: list[Decision] = field(default_factory=list)

    def check(self, stage: Stage, gate: Callable[..., Decision], *args: Any, **kw: Any) -> Decision:
        """Run one gate; a gate that crashes blocks (fail closed). Raises if it blocks."""
        try:
            decision = gate(*args, **kw)
        except Exception as exc:  # a broken gate must not let an unchecked clip through
            decision = Decision.failed_closed(stage, exc)
        return self.record(decision)

    def close(self) -> None:
        if self.records is not None:
            self.records.close()

    def record(self, decision: Decision) -> Decision:
        self.decisions.append(decision)
        if self.records is not None:
            self.records.add(self.job_id, decision)
        if not decision.allowed:
            raise ModerationBlocked(decision)
        return decision
