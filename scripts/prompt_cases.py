"""Measure prompt reading or the prompt gate on a set of typed wishes and print the figures.

    .venv/bin/python scripts/prompt_cases.py plans SET.jsonl [--failures] [--kind KIND]
    .venv/bin/python scripts/prompt_cases.py gate SET.jsonl [--failures]

Plans are made without a photo (no scene), as `vivify plan PROMPT` does. Use it on the training
and validation sets while working; a held-out set is measured once, when the work is done.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from vivify.prompt_check import load_gate_cases, load_plan_cases, measure_gate, measure_plans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["plans", "gate"])
    parser.add_argument("path", type=Path)
    parser.add_argument("--failures", action="store_true", help="print every failing case")
    parser.add_argument("--kind", help="plans: only the cases of this kind")
    args = parser.parse_args()
    if not args.path.is_file():
        parser.error(
            f"{args.path} is not a file: name a .jsonl set, e.g. evaluation/prompts/plans.jsonl"
        )
    if args.what == "plans":
        from vivify.plan import plan_from_prompt
        from vivify.text import TextModels

        text = TextModels.load()
        cases = [c for c in load_plan_cases(args.path) if not args.kind or c.kind == args.kind]
        tally, failures = measure_plans(cases, lambda p: plan_from_prompt(p, None, text=text))
        if args.failures:
            for case, problems in failures:
                print(f"[{case.lang} {case.kind}] {case.prompt!r}: {', '.join(problems)}")
        print("\n".join(tally.lines()))
    else:
        from vivify.moderation.prompt import check_prompt

        gate_cases = load_gate_cases(args.path)
        caught, wrong, gate_failures = measure_gate(
            gate_cases, lambda p: not check_prompt(p).allowed
        )
        if args.failures:
            for g in gate_failures:
                what = "missed" if g.harmful else "wrongly blocked"
                print(f"{what} [{g.lang} {g.category} {g.trick}] {g.prompt!r}")
        print("harmful blocked:", *caught.lines(), sep="\n")
        print("harmless blocked:", *wrong.lines(), sep="\n")


if __name__ == "__main__":
    main()
