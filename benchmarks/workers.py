"""A bounded load test of rendering on workers: `vivify serve` with a Redis broker and N
`vivify worker` processes on loopback, all on this machine.

    .venv/bin/python benchmarks/workers.py [--workers 4] [--clips 8] [--seconds 10]

Starts redis-server (Debian's package), the server and the workers in a fresh data folder,
submits the clips at once (the default 5 s 720x1280 clip of the example photo, "make it a windy
day"), and while they render loads the story feed with `wrk` (when installed) for a fixed time.
Prints clips per minute, the queue latency (from submitting to a worker taking the job), and the
feed's requests per second and 99th percentile while renders run. Then it runs one worker alone
for the sizing figure: clips per hour per CPU worker. It stops by itself.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx2 as httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from service import _free_port, _wrk  # as the service benchmark finds a port and loads the feed

ROOT = Path(__file__).resolve().parent.parent
PHOTO = ROOT / "examples" / "china.jpg"


def _wait(check: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (httpx.HTTPError, OSError):
            pass
        time.sleep(0.2)
    raise SystemExit(f"gave up waiting for {what}")


def run(workers: int, clips: int, seconds: int, feed: bool) -> dict[str, float]:
    data = Path(tempfile.mkdtemp(prefix="vivify-workers-"))
    redis_port, port = _free_port(), _free_port()
    env = {
        **os.environ,
        "VIVIFY_DATA_DIR": str(data),
        "VIVIFY_BROKER_URL": f"redis://127.0.0.1:{redis_port}/0",
        "OMP_NUM_THREADS": "1",
    }
    # each in its own process group, so that stopping one stops its children too
    quiet: dict[str, Any] = {
        "stdout": subprocess.DEVNULL,
        "stderr": subprocess.DEVNULL,
        "start_new_session": True,
    }
    processes = [
        subprocess.Popen(
            ["redis-server", "--port", str(redis_port), "--save", "", "--appendonly", "no"],
            **quiet,
        )
    ]
    base = f"http://127.0.0.1:{port}"
    try:
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "vivify", "serve", "--port", str(port)], env=env, **quiet
            )
        )
        for _ in range(workers):
            processes.append(
                subprocess.Popen([sys.executable, "-m", "vivify", "worker"], env=env, **quiet)
            )
        _wait(lambda: httpx.get(f"{base}/api/health").status_code == 200, 60, "the server")
        client = httpx.Client(base_url=base, timeout=120)
        made = client.post("/api/accounts", json={"username": "bench", "password": "benchmark!"})
        token = client.post(
            "/api/tokens", headers={"x-csrf-token": made.json()["csrf_token"]}
        ).json()["token"]
        client.cookies.clear()
        auth = {"Authorization": f"Bearer {token}"}
        time.sleep(8)  # the workers start and load their models before the clock starts
        started = time.monotonic()
        sent: dict[str, float] = {}
        for _ in range(clips):
            answer = client.post(
                "/api/drafts",
                headers=auth,
                files={"photo": ("photo.jpg", PHOTO.read_bytes(), "image/jpeg")},
                data={"prompt": "make it a windy day"},
            )
            sent[answer.json()["id"]] = time.monotonic()
        load: dict[str, float] = {}
        if feed and shutil.which("wrk"):
            load = _wrk(f"{base}/api/feed", f"Bearer {token}", seconds, 16, [])
        taken: dict[str, float] = {}
        done: dict[str, float] = {}
        deadline = time.monotonic() + 1800
        while len(done) < clips and time.monotonic() < deadline:
            for draft in sent:
                if draft in done:
                    continue
                status = client.get(f"/api/drafts/{draft}", headers=auth).json()["status"]
                if status != "queued":
                    taken.setdefault(draft, time.monotonic())
                if status not in ("queued", "running"):
                    if status != "done":
                        raise SystemExit(f"a clip was not made: {status}")
                    done[draft] = time.monotonic()
            time.sleep(0.2)
        took = max(done.values()) - started
        waits = [taken[d] - sent[d] for d in sent]
        return {
            "clips_per_minute": 60 * clips / took,
            "queue_latency_mean_s": statistics.fmean(waits),
            "queue_latency_max_s": max(waits),
            **{f"feed_{k}": v for k, v in load.items()},
        }
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except (PermissionError, ProcessLookupError):
                    process.terminate()
        for process in processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(data, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clips", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=10, help="feed load time")
    args = parser.parse_args()
    if not shutil.which("redis-server"):
        raise SystemExit("This benchmark needs redis-server (apt-get install redis-server).")
    many = run(args.workers, args.clips, args.seconds, feed=True)
    print(f"{args.workers} workers, {args.clips} clips (5 s, 720x1280), on {os.cpu_count()} cores:")
    print(f"  clips per minute       {many['clips_per_minute']:.2f}")
    print(
        f"  queue latency          mean {many['queue_latency_mean_s']:.1f} s, "
        f"max {many['queue_latency_max_s']:.1f} s"
    )
    if "feed_rps" in many:
        print(
            f"  feed while rendering   {many['feed_rps']:.0f} req/s, "
            f"p99 {many['feed_p99_ms']:.1f} ms"
        )
    one = run(1, max(2, args.clips // 4), args.seconds, feed=False)
    print(f"one worker alone: {60 * one['clips_per_minute']:.0f} clips per hour")


if __name__ == "__main__":
    main()
