"""Render benchmark: the default clip against a bare encode of the same frames, in one run.

    .venv/bin/python benchmarks/render.py [--repeat N]

Absolute times on a shared machine are noise; the ratio of two things measured side by side in
the same run is not. Each measurement runs in a fresh subprocess, so peak memory (max RSS) is the
job's own.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PHOTO = ROOT / "examples" / "china.jpg"
PROMPT = "make it a windy day"

RENDER = """
import json, resource, sys, time
from pathlib import Path
from vivify.pipeline import ClipRequest, make_clip
photo, prompt, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
start = time.perf_counter()
result = make_clip(ClipRequest(photo=Path(photo).read_bytes(), prompt=prompt), out)
seconds = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": rss, "frames": result.frames,
                  "timings": result.timings}))
"""

BARE = """
import json, resource, sys, time
from pathlib import Path
from vivify.media import probe
from vivify.media.encode import ClipWriter, EncoderSettings
src, out = Path(sys.argv[1]), Path(sys.argv[2])
frames = list(probe.frames(src))  # decoded up front: only the encode is timed
h, w = frames[0].shape[:2]
start = time.perf_counter()
with ClipWriter(out, w, h, 30, None, EncoderSettings()) as writer:
    for frame in frames:
        writer.write(frame)
seconds = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": rss, "frames": len(frames)}))
"""


def _run(code: str, *args: str) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        sys.exit(f"benchmark step failed:\n{proc.stderr}")
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; medians are shown")
    args = parser.parse_args()
    from vivify.media.encode import EncoderSettings

    settings = EncoderSettings()
    renders, bares = [], []
    with tempfile.TemporaryDirectory() as tmp:
        clip, bare = Path(tmp) / "clip.mp4", Path(tmp) / "bare.mp4"
        for _ in range(args.repeat):  # interleaved, so both see the same machine load
            renders.append(_run(RENDER, str(PHOTO), PROMPT, str(clip)))
            bares.append(_run(BARE, str(clip), str(bare)))
    render_s = statistics.median(float(r["seconds"]) for r in renders)  # type: ignore[arg-type]
    bare_s = statistics.median(float(b["seconds"]) for b in bares)  # type: ignore[arg-type]
    peak = max(float(r["peak_mb"]) for r in renders)  # type: ignore[arg-type]
    stages = renders[len(renders) // 2]["timings"]
    print(f"vivify render benchmark: {PHOTO.name}, {PROMPT!r}, 720x1280, 30 fps, 5 s (150 frames)")
    print(
        f"encoder: {settings.codec} preset={settings.preset} crf={settings.crf} "
        f"{settings.pix_fmt}, faststart; {args.repeat} runs each, medians"
    )
    print(f"  default clip, photo to MP4 (with sound):  {render_s:7.2f} s")
    print(f"  bare encode of the same 150 frames:       {bare_s:7.2f} s")
    print(f"  ratio render / bare encode:               {render_s / bare_s:7.2f}x")
    print(f"  peak memory of the render (max RSS):      {peak:7.0f} MB")
    print(
        "  stages of the median run: "
        + ", ".join(
            f"{k} {float(v):.2f} s"
            for k, v in stages.items()  # type: ignore[attr-defined]
        )
    )


if __name__ == "__main__":
    main()
