"""Shared fixtures for the planner's tests."""

from __future__ import annotations

import pytest

from vivify.text import TextModels


@pytest.fixture(scope="session")
def text() -> TextModels:
    """The text models, loaded once for the planner's tests (as the CLI loads them once)."""
    return TextModels.load()
