"""Rendering on Celery workers over a real Redis (Debian's redis-server), as separate processes
of `vivify worker`: a worker killed with SIGKILL mid-render, Redis restarted with jobs queued,
and the same job sent to two workers. The database is the data folder's SQLite file, shared by
the service here and the workers."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.servers import Redis
from tests.service.conftest import World, make_world

pytestmark = pytest.mark.slow


@pytest.fixture
def redis() -> Iterator[Redis]:
    server = Redis()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def world(tmp_path: Path, redis: Redis) -> Iterator[World]:
    """The service with a broker, a real clock, and a short lease and resend time."""
    from vivify.service.core import utc_now

    made = make_world(
        tmp_path / "data",
        broker_url=redis.url,
        lease=dt.timedelta(seconds=3),
        resend_after=dt.timedelta(seconds=2),
        clock=utc_now,
    )
    yield made
    made.service.close()


class Workers:
    def __init__(self, world: World, redis: Redis) -> None:
        self.env = {
            **os.environ,
            "VIVIFY_DATA_DIR": str(world.service.config.data_dir),
            "VIVIFY_BROKER_URL": redis.url,
            "OMP_NUM_THREADS": "1",
        }
        self.running: list[subprocess.Popen[bytes]] = []

    def start(self) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            [sys.executable, "-m", "vivify", "worker", "--concurrency", "1"],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: a kill takes its pool too
        )
        self.running.append(process)
        return process

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)

    def stop(self) -> None:
        for process in self.running:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)


@pytest.fixture
def workers(world: World, redis: Redis) -> Iterator[Workers]:
    pool = Workers(world, redis)
    yield pool
    pool.stop()


def _until(check: Callable[[], Any], seconds: float, what: str, world: World) -> Any:
    """Wait for `check`, running the server's sweep (its resends) as the server would."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        world.service.resend()
        time.sleep(0.3)
    raise AssertionError(f"waited {seconds} s for {what}")


def _rows(world: World, sql: str) -> list[tuple[Any, ...]]:
    import sqlite3

    with sqlite3.connect(world.service.config.data_dir / "manifests.sqlite3") as db:
        return db.execute(sql).fetchall()


def _state(world: World, user: Any, draft: str) -> dict[str, Any]:
    state: dict[str, Any] = user.get(f"/api/drafts/{draft}").json()
    return state


def test_a_worker_killed_mid_render_leaves_its_job_to_another_exactly_once(
    world: World, workers: Workers
) -> None:
    ann = world.sign_up("ann")
    first = workers.start()
    draft = world.draft(ann, width="720", height="1280", duration="4", fps="30").json()["id"]

    def rendering() -> bool:
        state = _state(world, ann, draft)
        return state["stage"] == "render" and state["progress"]["done"] >= 5

    _until(rendering, 120, "the first worker to render", world)
    workers.start()  # another worker, then the first one dies with its pool
    workers.kill(first)
    state = _until(
        lambda: (s := _state(world, ann, draft))["status"] == "done" and s, 180, "done", world
    )
    assert state["attempts"] == 2
    assert len(_rows(world, f"SELECT payload FROM manifests WHERE job_id = '{draft}'")) == 1
    assert _rows(world, "SELECT * FROM payload_reservations") == []
    folder = world.files.folder(draft)
    assert sorted(p.name for p in folder.iterdir()) == ["clip.json", "clip.mp4", "photo"]


def test_jobs_queued_when_redis_restarts_are_not_lost(
    world: World, workers: Workers, redis: Redis
) -> None:
    ann = world.sign_up("ann")
    drafts = [world.draft(ann).json()["id"] for _ in range(2)]  # sent, no worker yet
    redis.restart()  # it kept nothing: both messages are gone
    workers.start()

    def all_done() -> bool:
        return all(_state(world, ann, d)["status"] == "done" for d in drafts)

    _until(all_done, 180, "both jobs", world)
    for draft in drafts:
        assert _state(world, ann, draft)["attempts"] == 1


def test_the_same_job_sent_to_two_workers_makes_one_clip(world: World, workers: Workers) -> None:
    ann = world.sign_up("ann")
    draft = world.draft(ann).json()["id"]
    queued = world.service.rows.draft(draft)
    assert queued is not None
    for _ in range(3):  # duplicates, as a redelivery or a resend would make
        world.service.queued(queued)
    workers.start()
    workers.start()
    _until(lambda: _state(world, ann, draft)["status"] == "done", 180, "the job", world)
    time.sleep(3)  # the duplicates are taken and dropped meanwhile
    assert _state(world, ann, draft)["attempts"] == 1
    assert len(_rows(world, f"SELECT payload FROM manifests WHERE job_id = '{draft}'")) == 1
