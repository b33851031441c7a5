"""Shared fixtures for the planner's tests."""

from __future__ import annotations

import pytest

from vivify.plan import plan_from_prompt
from vivify.text import TextModels


@pytest.fixture(scope="session")
def text() -> TextModels:
    """The text models, loaded once for the planner's tests (as the CLI loads them once)."""
    return TextModels.load()


def effect_names(prompt: str, text: TextModels) -> set[str]:
    """The names of the effects the prompt's plan holds (no photo)."""
    return {e.name for e in plan_from_prompt(prompt, None, text=text).effects}
