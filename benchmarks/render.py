"""Render benchmark: the default clip against a bare encode of the same frames, in one run;
milliseconds per frame of every effect at 720x1280; peak memory at 1080x1920 for 5 s and 15 s.

    .venv/bin/python benchmarks/render.py [--repeat N] [--quick]

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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PHOTO = ROOT / "examples" / "china.jpg"
PROMPT = "make it a windy day"

RENDER = """
import json, resource, sys, time
from pathlib import Path
from vivify.pipeline import ClipRequest, make_clip
from vivify.provenance.clip import Provenance
photo, prompt, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
request = ClipRequest(photo=Path(photo).read_bytes(), prompt=prompt)
provenance = Provenance(data_dir=out.parent / "data")
import vivify.scene.subject as subject
runs = []
for _ in range(2):  # cold (a fresh CLI process) then warm (a worker that has made a clip before)
    subject._results.clear()  # warm means the models are loaded, not that this photo was seen
    start = time.perf_counter()
    result = make_clip(request, out, provenance=provenance)
    runs.append((time.perf_counter() - start, result.timings))
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": runs[0][0], "warm_seconds": runs[1][0], "peak_mb": rss,
                  "frames": result.frames, "timings": runs[0][1], "warm_timings": runs[1][1]}))
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


EFFECT_MS = """
import json, sys, time
import cv2
from pathlib import Path
from vivify.effects import registry
from vivify.effects.base import RenderContext
from vivify.intake import read_photo
from vivify.scene import analyse
examples = Path(sys.argv[1]).parent
photo_for = {"smile": "astronaut.png", "blink": "astronaut.png", "head": "astronaut.png",
             "steam": "coffee.png", "fire": "coffee.png"}
def full_layer(name):
    # A 9:16 crop of the photo fills the frame: every effect works on a full 720x1280 layer.
    photo = read_photo((examples / name).read_bytes()).pixels
    h, w = photo.shape[:2]
    cw = min(w, h * 9 // 16)
    crop = photo[:, (w - cw) // 2 : (w - cw) // 2 + cw]
    layer = cv2.resize(crop, (720, 1280), interpolation=cv2.INTER_CUBIC)
    return layer, analyse(layer)
layers = {}
frames = int(sys.argv[2])
out = {}
for name, cls in sorted(registry().items()):
    photo = photo_for.get(name, "china.jpg")
    if photo not in layers:
        layers[photo] = full_layer(photo)
    layer, scene = layers[photo]
    ctx = RenderContext(720, 1280, 30, 5.0, 0, scene, layer)
    t0 = time.perf_counter()
    fn = cls().prepare(ctx)
    prep = time.perf_counter() - t0
    t0 = time.perf_counter()
    for i in range(frames):
        fn(layer, (i * 7 % 150) / 30)
    out[name] = {"ms_per_frame": (time.perf_counter() - t0) / frames * 1000, "prepare_s": prep,
                 "photo": photo}
print(json.dumps(out))
"""

SCENE = """
import json, sys, time
from pathlib import Path
from vivify.compose import make_canvas
from vivify.intake import read_photo
from vivify.scene import analyse
from vivify.scene.subject import subject_probability
layer = make_canvas(read_photo(Path(sys.argv[1]).read_bytes()).pixels, (720, 1280)).layer
analyse(layer)  # load MediaPipe's graphs once
subject_probability(layer)  # and the subject model's session
out = {}
t = time.perf_counter(); analyse(layer); out["classical"] = time.perf_counter() - t
t = time.perf_counter(); prob = subject_probability(layer)
out["subject_model"] = time.perf_counter() - t
t = time.perf_counter(); analyse(layer, subject=prob); out["with_model"] = time.perf_counter() - t
print(json.dumps(out))
"""

MEMORY = """
import json, resource, sys, threading, time
from pathlib import Path
from vivify.pipeline import ClipRequest, Services, make_clip
from vivify.provenance.clip import Provenance
photo, prompt, out, seconds = sys.argv[1], sys.argv[2], Path(sys.argv[3]), float(sys.argv[4])
stage, peaks, done = ["start"], {}, threading.Event()
def rss_mb():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS:")) / 1024
def sample():  # resident memory every 5 ms, by the stage the clip is in
    while not done.is_set():
        peaks[stage[0]] = max(peaks.get(stage[0], 0.0), rss_mb())
        time.sleep(0.005)
threading.Thread(target=sample, daemon=True).start()
def progress(name, done_, total):
    stage[0] = name
make_clip(ClipRequest(photo=Path(photo).read_bytes(), prompt=prompt, duration=seconds,
                      width=1080, height=1920), out,
          services=Services(Provenance(out.parent / "data"), progress=progress))
done.set()
print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "stages": peaks}))
"""


def _run(code: str, *args: str) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        sys.exit(f"benchmark step failed:\n{proc.stderr}")
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _median(runs: list[dict[str, object]], key: str) -> float:
    return statistics.median(float(r[key]) for r in runs)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; medians are shown")
    parser.add_argument("--quick", action="store_true", help="one run, fewer frames per effect")
    args = parser.parse_args()
    if args.quick:
        args.repeat = 1
    from vivify.media.encode import EncoderSettings

    settings = EncoderSettings()
    renders, bares = [], []
    with tempfile.TemporaryDirectory() as tmp:
        clip, bare = Path(tmp) / "clip.mp4", Path(tmp) / "bare.mp4"
        for _ in range(args.repeat):  # interleaved, so both see the same machine load
            renders.append(_run(RENDER, str(PHOTO), PROMPT, str(clip)))
            bares.append(_run(BARE, str(clip), str(bare)))
    render_s, bare_s = _median(renders, "seconds"), _median(bares, "seconds")
    warm_s = _median(renders, "warm_seconds")
    peak = max(float(r["peak_mb"]) for r in renders)  # type: ignore[arg-type]
    stages: dict[str, float] = renders[len(renders) // 2]["timings"]  # type: ignore[assignment]
    print(f"vivify render benchmark: {PHOTO.name}, {PROMPT!r}, 720x1280, 30 fps, 5 s (150 frames)")
    print(
        f"encoder: {settings.codec} preset={settings.preset} crf={settings.crf} "
        f"{settings.pix_fmt}, faststart; {args.repeat} runs each, medians"
    )
    print(f"  default clip, photo to MP4 (with sound):  {render_s:7.2f} s")
    print(f"  bare encode of the same 150 frames:       {bare_s:7.2f} s")
    print(f"  ratio render / bare encode:               {render_s / bare_s:7.2f}x")
    print(f"  the same clip again in a warm process:    {warm_s:7.2f} s  ({warm_s / bare_s:.2f}x)")
    print(f"  peak memory of the render (max RSS):      {peak:7.0f} MB")
    warm: dict[str, float] = renders[len(renders) // 2]["warm_timings"]  # type: ignore[assignment]
    print("  stages, cold: " + ", ".join(f"{k} {v:.2f} s" for k, v in stages.items()))
    print("  stages, warm: " + ", ".join(f"{k} {v:.2f} s" for k, v in warm.items()))
    print("  (sound is made on its own thread while frames render, so stages overlap)")
    print(
        f"  scene analysis in the clip (subject model alongside the other cues): cold "
        f"{stages.get('scene', 0.0):.2f} s, warm {warm.get('scene', 0.0):.2f} s"
    )
    scene: dict[str, float] = _run(SCENE, str(PHOTO))  # type: ignore[assignment]
    print(
        f"  scene analysis alone, warm: classical cues and MediaPipe {scene['classical']:.2f} s, "
        f"subject model (ISNet 1024x1024) {scene['subject_model']:.2f} s"
    )

    per_effect: dict[str, dict[str, Any]] = _run(  # type: ignore[assignment]
        EFFECT_MS, str(PHOTO), "10" if args.quick else "30"
    )
    print("\nms per frame of each effect alone on a 720x1280 layer (prepare once per clip):")
    for name, facts in per_effect.items():
        print(
            f"  {name:<12} {facts['ms_per_frame']:7.1f} ms/frame   "
            f"(prepare {facts['prepare_s']:.2f} s, on {facts['photo']})"
        )

    print("\npeak memory (max RSS) of the default prompt at 1080x1920:")
    with tempfile.TemporaryDirectory() as tmp:
        for seconds in (5, 15):
            mem = _run(MEMORY, str(PHOTO), PROMPT, str(Path(tmp) / "m.mp4"), str(seconds))
            print(f"  {seconds:>2} s clip: {float(mem['peak_mb']):6.0f} MB")  # type: ignore[arg-type]
            by_stage: dict[str, float] = mem["stages"]  # type: ignore[assignment]
            print(
                "        highest resident memory in each stage: "
                + ", ".join(f"{k} {v:.0f}" for k, v in by_stage.items() if k != "start")
                + " MB"
            )

    print("\nreading the prompt (benchmarks/prompt.py):")
    subprocess.run([sys.executable, str(Path(__file__).with_name("prompt.py"))], check=True)


if __name__ == "__main__":
    main()
