"""Subject model benchmark: what each input size costs, and how far its masks drift from 1024².

    .venv/bin/python benchmarks/subject_model.py [PHOTO ...] [--sizes 512 384 320] [--repeat N]

With no photos it uses the bundled examples/. For each input size it times one foreground map
per photo (resize in, inference, resize out: what vivify.scene.subject does) with 1 and 2
intra-op threads, and compares the thresholded mask (> 0.5) with the one from the original
1024×1024 input as intersection over union. A mask that is empty in both counts as IoU 1.

The model variants are built by scripts/fetch_models into --models-dir (a cache folder by
default) the first time. Absolute times on a shared machine are noise; compare the rows of one run.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from vivify.intake import read_photo
from vivify.scene.subject import open_session, probability_with

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = 1024
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".heic", ".webp"}


def build(size: int, folder: Path) -> Path:
    path = folder / f"isnet-{size}.onnx"
    script = ROOT / "scripts" / "fetch_models"
    subprocess.run(
        [sys.executable, str(script), "--size", str(size), "--dest", str(folder), "--quiet"],
        check=True,
    )
    return path


def iou(a: NDArray[np.bool_], b: NDArray[np.bool_]) -> float:
    union = int(np.logical_or(a, b).sum())
    if union == 0:
        return 1.0
    return int(np.logical_and(a, b).sum()) / union


def timed(session: Any, photos: list[NDArray[np.uint8]], repeat: int) -> float:
    """Median seconds per photo (best of `repeat` for each photo), after one warm-up run."""
    probability_with(session, photos[0])
    per_photo = []
    for rgb in photos:
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            probability_with(session, rgb)
            best = min(best, time.perf_counter() - start)
        per_photo.append(best)
    return statistics.median(per_photo)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("photos", nargs="*", type=Path, help="photos (default: examples/)")
    parser.add_argument("--sizes", nargs="+", type=int, default=[512, 384, 320])
    parser.add_argument("--threads", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1, help="runs per photo, best counts")
    parser.add_argument(
        "--models-dir",
        type=Path,
        default=Path.home() / ".cache" / "vivify" / "benchmark-models",
        help="where the model variants are built and kept",
    )
    args = parser.parse_args()

    paths = args.photos or sorted(
        p for p in (ROOT / "examples").iterdir() if p.suffix.lower() in PHOTO_SUFFIXES
    )
    photos = [read_photo(p.read_bytes()).pixels for p in paths]
    names = [p.stem for p in paths]
    sizes = [REFERENCE, *[s for s in args.sizes if s != REFERENCE]]
    models = {size: build(size, args.models_dir) for size in sizes}

    masks: dict[int, list[NDArray[np.bool_]]] = {}
    seconds: dict[tuple[int, int], float] = {}
    for size in sizes:
        for threads in args.threads:
            session = open_session(models[size], threads)
            seconds[size, threads] = timed(session, photos, args.repeat)
            if size not in masks:
                masks[size] = [probability_with(session, rgb) > 0.5 for rgb in photos]
            print(f"  {size}² with {threads} thread(s): done", file=sys.stderr)

    ious = {
        size: [iou(m, r) for m, r in zip(masks[size], masks[REFERENCE], strict=True)]
        for size in sizes
    }
    thread_cols = "".join(f"  s/img {t}T" for t in args.threads)
    print(f"{len(photos)} photos; median seconds per photo; IoU of mask > 0.5 vs {REFERENCE}²\n")
    print(f"{'input':>7}{thread_cols}  IoU mean  IoU min  (worst photo)")
    for size in sizes:
        times = "".join(f"{seconds[size, t]:>10.2f}" for t in args.threads)
        worst = int(np.argmin(ious[size]))
        print(
            f"{size:>6}²{times}{statistics.mean(ious[size]):>10.3f}{min(ious[size]):>9.3f}"
            f"  ({names[worst]})"
        )
    print("\nIoU per photo (coverage of the 1024² mask in brackets)")
    print(f"{'photo':<16}" + "".join(f"{s:>8}" for s in sizes[1:]))
    for i, name in enumerate(names):
        cover = float(masks[REFERENCE][i].mean())
        row = "".join(f"{ious[s][i]:>8.3f}" for s in sizes[1:])
        print(f"{name:<16}{row}  ({cover:.1%})")


if __name__ == "__main__":
    main()
