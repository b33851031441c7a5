"""Motion lands where the prompt asks, on real photos (tests/photos, boxes drawn by hand).

Each case is rendered by the real engine, scene analysis with the learned subject model
included, and measured with DIS optical flow (see `vivify.motion_check`). Every case's figures
are printed, so a failure shows which moved where. The held-out third was annotated before any
tuning and measured once, at the end.

The goal is 90% of the cases in each set. It is not met yet: the rates below are the measured
ones (dev 32/33, held-out 10/17 when this was written), kept as floors so that nothing slips back
while the rest is worked on. Raise them as the rates rise; never lower them to make a change pass.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from vivify.motion_check import CaseResult, load_cases, render_case

PHOTOS = Path(__file__).resolve().parent / "photos"
GOAL = 0.9
FLOOR = {"dev": 32 / 33, "heldout": 14 / 17}


@functools.cache
def _results(split: str) -> tuple[CaseResult, ...]:
    folder = PHOTOS / split
    return tuple(
        render_case(case, (folder / case.photo).read_bytes(), seconds=1.5)
        for case in load_cases(folder / "cases.json")
    )


def _table(results: tuple[CaseResult, ...]) -> str:
    return "\n".join(r.line() for r in results)


@pytest.mark.slow
@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_motion_lands_where_the_prompt_asks(split: str) -> None:
    results = _results(split)
    rate = sum(r.passed for r in results) / len(results)
    print(f"\n{split}: {rate:.0%} of {len(results)} cases (goal {GOAL:.0%})\n{_table(results)}")
    assert rate >= FLOOR[split] - 1e-9, f"{split}: {rate:.0%} of cases passed\n{_table(results)}"


@pytest.mark.slow
@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_no_clip_is_frozen_and_frame_zero_is_the_photo(split: str) -> None:
    for r in _results(split):
        assert r.changed >= 0.05, f"{r.case.photo} '{r.case.prompt}' is frozen"
        assert r.first_psnr >= 40.0, f"{r.case.photo} '{r.case.prompt}': frame 0 moved"
