"""Measuring prompt reading and the prompt gate on sets of typed wishes (JSON Lines).

A plan case passes when every name in `effects` is in the plan, none in `not_effects` is, and
every layer in `sounds` is in the soundscape; extra names are not failures (see
evaluation/prompts/README.md). A moderation case passes when a harmful wish is blocked and a
harmless one is let through. Used by scripts/prompt_cases.py and the tests; the held-out sets
are measured once, never tuned against.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vivify.plan.schema import Plan


@dataclass(frozen=True)
class PlanCase:
    lang: str
    kind: str
    prompt: str
    effects: tuple[str, ...] = ()
    not_effects: tuple[str, ...] = ()
    sounds: tuple[str, ...] = ()


@dataclass(frozen=True)
class GateCase:
    lang: str
    harmful: bool
    category: str
    trick: str
    prompt: str


def _lines(path: Path) -> list[dict[str, Any]]:
    out = []
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from None
    return out


def load_plan_cases(path: Path) -> list[PlanCase]:
    return [
        PlanCase(
            lang=d["lang"],
            kind=d["kind"],
            prompt=d["prompt"],
            effects=tuple(d.get("effects", ())),
            not_effects=tuple(d.get("not_effects", ())),
            sounds=tuple(d.get("sounds", ())),
        )
        for d in _lines(path)
    ]


def load_gate_cases(path: Path) -> list[GateCase]:
    return [
        GateCase(
            lang=d["lang"],
            harmful=bool(d["harmful"]),
            category=d["category"],
            trick=d.get("trick", ""),
            prompt=d["prompt"],
        )
        for d in _lines(path)
    ]


def plan_problems(case: PlanCase, plan: Plan) -> list[str]:
    """What is wrong with `plan` for `case`; empty when it passes."""
    names = {e.name for e in plan.effects}
    problems = [f"missing {n}" for n in case.effects if n not in names]
    problems += [f"unwanted {n}" for n in case.not_effects if n in names]
    problems += [f"no {n} sound" for n in case.sounds if n not in plan.soundscape]
    return problems


@dataclass
class Tally:
    passed: int = 0
    total: int = 0
    groups: dict[str, list[int]] = field(default_factory=dict)

    def add(self, ok: bool, *groups: str) -> None:
        self.passed += ok
        self.total += 1
        for group in groups:
            seen = self.groups.setdefault(group, [0, 0])
            seen[0] += ok
            seen[1] += 1

    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0

    def lines(self) -> list[str]:
        out = [f"all: {self.passed}/{self.total} ({100 * self.rate():.1f}%)"]
        for group, (ok, n) in sorted(self.groups.items()):
            out.append(f"  {group}: {ok}/{n} ({100 * ok / n:.0f}%)")
        return out


def measure_plans(
    cases: list[PlanCase], planner: Callable[[str], Plan]
) -> tuple[Tally, list[tuple[PlanCase, list[str]]]]:
    tally = Tally()
    failures = []
    for case in cases:
        problems = plan_problems(case, planner(case.prompt))
        tally.add(not problems, f"kind {case.kind}", f"lang {case.lang}")
        if problems:
            failures.append((case, problems))
    return tally, failures


def measure_gate(
    cases: list[GateCase], blocks: Callable[[str], bool]
) -> tuple[Tally, Tally, list[GateCase]]:
    """(harmful blocked, harmless blocked, the cases decided wrongly)."""
    caught, wrong = Tally(), Tally()
    failures = []
    for case in cases:
        blocked = blocks(case.prompt)
        if case.harmful:
            caught.add(
                blocked, f"category {case.category}", f"trick {case.trick}", f"lang {case.lang}"
            )
        else:
            wrong.add(blocked, f"lang {case.lang}")
        if blocked != case.harmful:
            failures.append(case)
    return caught, wrong, failures
