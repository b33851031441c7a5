"""Figures that tests want printed at the end of a run (pass rates, moderation counts, ...).

Tests call `report("...")`; the `pytest_terminal_summary` hook in `tests/conftest.py` prints every
registered line in a section of its own after the run, whether the tests passed or not.
"""

from __future__ import annotations

REPORT_LINES: list[str] = []


def report(line: str) -> None:
    """Register one line for the end-of-run summary (each distinct line is printed once)."""
    if line not in REPORT_LINES:
        REPORT_LINES.append(line)
