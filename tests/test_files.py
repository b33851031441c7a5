"""Bounded reading of a user's files (`vivify.files`): nothing hangs, nothing is read whole
past its limit."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from vivify.errors import PlanError, VivifyError
from vivify.files import read_bounded


def test_a_regular_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.bin"
    path.write_bytes(b"x" * 100)
    assert read_bounded(path, 100) == b"x" * 100


def _make(kind: str, path: Path) -> Path:
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        return Path("/dev/zero")
    elif kind == "large":
        path.write_bytes(b"x" * 101)
    return path


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("missing", "No such file"),
        ("folder", "is a folder, not a file"),
        ("fifo", "not a regular file"),
        ("device", "not a regular file"),
        ("large", "too large"),
    ],
)
def test_what_cant_be_read_is_one_sentence_at_once(tmp_path: Path, kind: str, says: str) -> None:
    path = _make(kind, tmp_path / "thing")
    started = time.monotonic()
    with pytest.raises(VivifyError, match=says):
        read_bounded(path, 100)
    assert time.monotonic() - started < 1.0  # a FIFO with no writer does not hang


def test_the_caller_names_the_file_and_the_error(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match=r"The mask \(m.png\) is a folder, not an image"):
        os.mkdir(tmp_path / "m.png")
        read_bounded(tmp_path / "m.png", 10, "The mask (m.png)", PlanError, kind="image")
