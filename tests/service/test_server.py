"""The real server process: started by `vivify serve`, killed with SIGKILL in the middle of a
render and started again. The job runs to completion exactly once: one clip, one manifest row,
nothing else left in its folder."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest

from tests.servers import _free_port
from tests.service.conftest import EXAMPLES

pytestmark = pytest.mark.slow


@contextmanager
def _server(
    data: Path, port: int, settings: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """`vivify serve` in `data` on `port`, with these settings (`media_url` ...) besides."""
    env = {**os.environ, "VIVIFY_DATA_DIR": str(data), "OMP_NUM_THREADS": "1"}
    env.update({f"VIVIFY_{k.upper()}": v for k, v in (settings or {}).items()})
    process = subprocess.Popen(
        [sys.executable, "-m", "vivify", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _until(lambda: _get(f"http://127.0.0.1:{port}/api/health"), 60, "the server to start")
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(30)


def _get(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _until(check: Callable[[], Any], seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"waited {seconds} s for {what}")


def _rendering(base: str) -> tuple[dict[str, str], str]:
    """An account with a draft whose render has begun: (its auth header, the draft)."""
    client = httpx.Client(base_url=base, timeout=60)
    made = client.post("/api/accounts", json={"username": "ann", "password": "x" * 10})
    csrf = {"x-csrf-token": made.json()["csrf_token"]}
    token = client.post("/api/tokens", headers=csrf).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    photo = (EXAMPLES / "china.jpg").read_bytes()
    fields = {"prompt": "make it rain", "duration": "4", "fps": "30"}
    draft = client.post(
        "/api/drafts", headers=auth, files={"photo": ("c.jpg", photo)}, data=fields
    ).json()["id"]

    def rendering() -> bool:
        state = client.get(f"/api/drafts/{draft}", headers=auth).json()
        return state["stage"] == "render" and state["progress"]["done"] >= 5

    _until(rendering, 120, "the render to start")
    return auth, draft


def test_sigterm_stops_the_server_soon_and_queues_its_job_again(tmp_path: Path) -> None:
    data, port = tmp_path / "data", _free_port()
    with _server(data, port) as server:
        _, draft = _rendering(f"http://127.0.0.1:{port}")
        started = time.monotonic()
        server.send_signal(signal.SIGTERM)
        assert server.wait(30) == 0
        assert time.monotonic() - started < 15
    with sqlite3.connect(data / "manifests.sqlite3") as db:
        status = db.execute("SELECT status FROM drafts WHERE id = ?", (draft,)).fetchone()[0]
        held = db.execute("SELECT * FROM payload_reservations").fetchall()
    assert status == "queued" and held == []
    folder = data / "media" / "drafts" / draft
    assert sorted(p.name for p in folder.iterdir()) == ["photo"]


def test_a_job_killed_mid_render_completes_exactly_once_after_a_restart(tmp_path: Path) -> None:
    data, port = tmp_path / "data", _free_port()
    base = f"http://127.0.0.1:{port}"
    with _server(data, port) as first:
        auth, draft = _rendering(base)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    folder = data / "media" / "drafts" / draft
    with _server(data, port):
        client = httpx.Client(base_url=base, timeout=60)

        def finished() -> dict[str, Any] | None:
            state: dict[str, Any] = client.get(f"/api/drafts/{draft}", headers=auth).json()
            return state if state["status"] not in ("queued", "running") else None

        state = _until(finished, 240, "the job to finish")
        assert state["status"] == "done" and state["attempts"] == 2, state
        video = client.get(f"/api/drafts/{draft}/video", headers=auth)
        assert video.status_code == 200 and len(video.content) > 10_000
    with sqlite3.connect(data / "manifests.sqlite3") as db:
        rows = db.execute("SELECT payload FROM manifests WHERE job_id = ?", (draft,)).fetchall()
        held = db.execute("SELECT * FROM payload_reservations").fetchall()
        mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    assert len(rows) == 1 and held == [] and mode == "wal"
    assert sorted(p.name for p in folder.iterdir()) == ["clip.json", "clip.mp4", "photo"]
