"""Shared by the provenance tests: one clip made by the pipeline, per test module."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import example_bytes
from vivify.pipeline import ClipRequest, ClipResult, make_clip
from vivify.provenance.clip import Provenance


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ClipResult, Path]:
    """A 2 s clip of china.jpg in the wind: its path, the pipeline's result, its data folder."""
    data = tmp_path_factory.mktemp("data")
    out = tmp_path_factory.mktemp("clip") / "story.mp4"
    request = ClipRequest(photo=example_bytes("china.jpg"), prompt="windy", duration=2.0)
    return out, make_clip(request, out, provenance=Provenance(data_dir=data)), data
