"""A bounded load test of `vivify serve` on loopback: the story feed and a story's file.

    .venv/bin/python benchmarks/service.py [--seconds 10] [--connections 16]

Starts the real server (one process, as `vivify serve` runs it) in a fresh data folder, makes
three accounts with a story each (real clips, small) and a viewer who follows them, waits for
the render workers to go idle, then loads two endpoints for a fixed time each, one after the
other, at a fixed number of open connections:

- `GET /api/feed` (bearer token): the viewer's feed of three stories;
- `GET /api/stories/{id}/video` with `Range: bytes=0-65535`: the first 64 KB of a story's
  clip, as a phone's player asks for it.

It prints requests per second and the 50th and 99th percentile latency for each. The load comes
from `wrk` (Debian's package `wrk`) when it is installed, else from a Python client in a second
process (which takes one of the two cores the server would otherwise have, so its figures are
lower). It stops by itself, and stops the server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx2 as httpx

ROOT = Path(__file__).resolve().parent.parent
PHOTO = ROOT / "examples" / "china.jpg"
GOAL_RPS, GOAL_P99_MS = 500, 100.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(check: Any, seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            found = check()
        except httpx.HTTPError:
            found = None
        if found:
            return found
        time.sleep(0.3)
    raise SystemExit(f"gave up waiting for {what}")


def _set_up(base: str) -> tuple[str, str]:
    """Three authors with a story each and a viewer following them: (viewer's token, story)."""
    client = httpx.Client(base_url=base, timeout=120)

    def account(name: str) -> dict[str, str]:
        made = client.post("/api/accounts", json={"username": name, "password": "benchmark!"})
        csrf = {"x-csrf-token": made.json()["csrf_token"]}
        token = client.post("/api/tokens", headers=csrf).json()["token"]
        client.cookies.clear()
        return {"Authorization": f"Bearer {token}"}

    viewer = account("viewer")
    drafts = []
    for n in range(3):
        author = account(f"author{n}")
        client.put(f"/api/follows/author{n}", headers=viewer)
        fields = {"prompt": "make it a windy day", "width": "360", "height": "640", "duration": "2"}
        files = {"photo": ("photo.jpg", PHOTO.read_bytes(), "image/jpeg")}
        made = client.post("/api/drafts", headers=author, files=files, data=fields)
        drafts.append((author, made.json()["id"]))
    for author, draft in drafts:

        def done(author: dict[str, str] = author, draft: str = draft) -> bool:
            status = client.get(f"/api/drafts/{draft}", headers=author).json()["status"]
            if status not in ("queued", "running", "done"):
                raise SystemExit(f"the benchmark's clip was not made: {status}")
            return bool(status == "done")

        _wait(done, 600, "the clips to render")
    stories = [
        client.post(f"/api/drafts/{draft}/publish", headers=author).json()["id"]
        for author, draft in drafts
    ]
    assert len(client.get("/api/feed", headers=viewer).json()) == 3
    return viewer["Authorization"], stories[0]


def _wrk(url: str, auth: str, seconds: int, connections: int, extra: list[str]) -> dict[str, float]:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-H",
            f"Authorization: {auth}",
            *extra,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def ms(label: str) -> float:
        found = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out)
        assert found, out
        value, unit = float(found[1]), found[2]
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    assert rps, out
    return {
        "rps": float(rps[1]),
        "p50_ms": ms("50"),
        "p99_ms": ms("99"),
        "errors": float(errors[1]) if errors else 0.0,
    }


async def _python_load(
    url: str, headers: dict[str, str], seconds: int, connections: int
) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    stop = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=connections)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def one() -> None:
            nonlocal errors
            while time.monotonic() < stop:
                start = time.perf_counter()
                answer = await client.get(url, headers=headers)
                latencies.append(time.perf_counter() - start)
                errors += answer.status_code >= 300

        started = time.monotonic()
        await asyncio.gather(*(one() for _ in range(connections)))
        took = time.monotonic() - started
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "rps": len(latencies) / took,
        "p50_ms": cuts[49] * 1000,
        "p99_ms": cuts[98] * 1000,
        "errors": float(errors),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="load time per endpoint")
    parser.add_argument("--connections", type=int, default=16, help="open connections")
    args = parser.parse_args()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    data = Path(tempfile.mkdtemp(prefix="vivify-bench-"))
    env = {**os.environ, "VIVIFY_DATA_DIR": str(data), "OMP_NUM_THREADS": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "vivify", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(lambda: httpx.get(f"{base}/api/health").status_code == 200, 60, "the server")
        print("setting up: 4 accounts, 3 stories (3 clips to render)...", flush=True)
        auth, story = _set_up(base)
        time.sleep(2)  # the workers are idle; let the sweep and warm-up settle
        tool = "wrk" if shutil.which("wrk") else "python"
        print(
            f"load: {tool}, {args.connections} connections, {args.seconds} s per endpoint, "
            f"render workers idle",
            flush=True,
        )
        results = {}
        targets = {
            "feed": (f"{base}/api/feed", []),
            "story file (64 KB range)": (
                f"{base}/api/stories/{story}/video",
                ["-H", "Range: bytes=0-65535"],
            ),
        }
        for name, (url, extra) in targets.items():
            if tool == "wrk":
                results[name] = _wrk(url, auth, args.seconds, args.connections, extra)
            else:
                headers = {"Authorization": auth}
                if extra:
                    key, value = extra[1].split(": ", 1)
                    headers[key] = value
                results[name] = asyncio.run(
                    _python_load(url, headers, args.seconds, args.connections)
                )
        print(f"{'endpoint':26} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
        for name, r in results.items():
            print(
                f"{name:26} {r['rps']:8.0f} {r['p50_ms']:8.1f} {r['p99_ms']:8.1f} "
                f"{r['errors']:7.0f}"
            )
        feed = results["feed"]
        met = feed["rps"] >= GOAL_RPS and feed["p99_ms"] < GOAL_P99_MS
        print(
            f"goal (feed >= {GOAL_RPS} req/s, p99 < {GOAL_P99_MS:.0f} ms): "
            + ("met" if met else "not met")
        )
        print(json.dumps(results))
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
