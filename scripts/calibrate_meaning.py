"""Choose the thresholds for reading words by meaning (src/vivify/plan/data/meaning.toml).

    .venv/bin/python scripts/calibrate_meaning.py

Plans every prompt of the validation set (training/plans/validation.jsonl) and of the planner's
development table (tests/plan/prompts.py) under a grid of thresholds and prints how many pass
with each, best last. Never run it on the held-out set.
"""

from __future__ import annotations

import dataclasses
import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.plan import test_prompts as table  # noqa: E402
from tests.plan.prompts import CASES  # noqa: E402

from vivify.plan import Plan, plan_from_prompt  # noqa: E402
from vivify.prompt_check import load_plan_cases, measure_plans  # noqa: E402
from vivify.text import TextModels  # noqa: E402

GRID = {
    "threshold": [0.45, 0.5, 0.55, 0.6],
    "margin": [0.0, 0.03, 0.06, 0.1],
    "beside": [0, 0.1, 0.2],
}


def main() -> None:
    loaded = TextModels.load()
    validation = load_plan_cases(ROOT / "training/plans/validation.jsonl")
    rows = []
    for values in itertools.product(*GRID.values()):
        threshold, margin, beside = values
        catalogue = dataclasses.replace(
            loaded.catalogue, threshold=threshold, margin=margin, beside=beside
        )
        text = dataclasses.replace(loaded, catalogue=catalogue)

        def planner(prompt: str, text: TextModels = text) -> Plan:
            return plan_from_prompt(prompt, None, text=text)

        tally, _ = measure_plans(validation, planner)
        dev = sum(
            not table.problems_of(
                case, plan_from_prompt(case.prompt, table.SCENES[case.scene], text=text)
            )
            for case in CASES
        )
        rows.append((tally.passed + dev, tally.passed, dev, values))
    for total, val, dev, values in sorted(rows):
        print(
            dict(zip(GRID, values, strict=True)),
            f"validation {val}/{len(validation)}",
            f"development {dev}/{len(CASES)}",
            f"together {total}",
        )


if __name__ == "__main__":
    main()
