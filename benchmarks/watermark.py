"""Watermark benchmark: robustness, invisibility, speed and false positives, in one run.

    .venv/bin/python benchmarks/watermark.py [--frames 90] [--unmarked 240] [--unmarked-thorough 40]

Each example photo is rendered by the real engine (an effect, the badge) into a 720x1280 clip,
watermarked, and published with vivify's encoder settings (x264, CRF 20). Each attack decodes
the published clip, transforms it and re-encodes it with libx264 as a re-share would; the detector
is not told what was done. Bit accuracy is the raw 63 code bits before error correction; the
payload counts as recovered only when `detect_file` returns the right one. Then N unmarked clips
(photo framings and motions, engine effects, noise, gradients, text, periodic patterns; all
encoded, read back from disk) count false detections, with the default search and (fewer, it
is slower) with the thorough one. Embedding is timed on one core.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import cv2
import numpy as np

from vivify.compose import Canvas, badge_for, make_canvas
from vivify.engines import get_engine
from vivify.intake import read_photo
from vivify.media import probe
from vivify.media.encode import ClipWriter, EncoderSettings
from vivify.plan import plan_from_dict
from vivify.provenance import _watermark_code as code
from vivify.provenance.watermark import (
    MIN_CONFIDENCE,
    Watermarker,
    decide,
    detect_file,
    measure_file,
)
from vivify.quality import psnr
from vivify.scene import analyse
from vivify.types import RGB, Scene

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
W, H, FPS = 720, 1280, 30
CLIPS = {"china.jpg": "wind", "astronaut.png": "zoom_in", "coffee.png": "steam"}


@functools.cache
def _prepared(photo: str, width: int, height: int) -> tuple[Canvas, Scene]:
    canvas = make_canvas(read_photo((EXAMPLES / photo).read_bytes()).pixels, (width, height))
    return canvas, analyse(canvas.layer)


def _render(photo: str, effect: str, frames: int, width: int = W, height: int = H) -> list[RGB]:
    canvas, scene = _prepared(photo, width, height)
    spec = {"effects": [{"name": effect}], "duration": frames / FPS, "fps": FPS, "seed": 1}
    plan = plan_from_dict({**spec, "width": width, "height": height})
    badge = badge_for(width, height)
    engine = get_engine("motion")
    return [badge.draw(f) for f in engine.frames(canvas, scene, plan)][:frames]


def _write(frames: Iterator[RGB] | list[RGB], path: Path, crf: int = 20) -> Path:
    writer: ClipWriter | None = None
    for frame in frames:
        if writer is None:
            h, w = frame.shape[:2]
            writer = ClipWriter(path, w, h, FPS, settings=EncoderSettings(crf=crf))
        writer.write(np.ascontiguousarray(frame))
    assert writer is not None
    writer.close()
    return path


def _half(frame: RGB) -> RGB:
    h, w = frame.shape[:2]
    return np.asarray(cv2.resize(frame, (w // 2, h // 2), interpolation=cv2.INTER_AREA))


def _scale(frame: RGB, factor: float) -> RGB:
    h, w = frame.shape[:2]
    size = (round(w * factor) // 2 * 2, round(h * factor) // 2 * 2)
    return np.asarray(cv2.resize(frame, size, interpolation=cv2.INTER_AREA))


def _crop(frame: RGB) -> RGB:  # 5 % off each side
    h, w = frame.shape[:2]
    dy, dx = round(h * 0.05), round(w * 0.05)
    return np.ascontiguousarray(frame[dy : h - dy, dx : w - dx])


def _corner(frame: RGB) -> RGB:  # 10 % off the top and the left
    h, w = frame.shape[:2]
    return np.ascontiguousarray(frame[h - (h * 9 // 20) * 2 :, w - (w * 9 // 20) * 2 :])


ATTACKS: dict[str, tuple[Callable[[RGB], RGB], int] | None] = {
    "none (as published, CRF 20)": None,
    "CRF 28": (lambda f: f, 28),
    "0.5x downscale (CRF 23)": (_half, 23),
    "CRF 28 + 0.5x": (_half, 28),
    "10% crop, 5% each side (CRF 23)": (_crop, 23),
    "10% corner crop + CRF 28": (_corner, 28),
    "10% crop + 0.6x (thorough search)": (lambda f: _scale(_crop(f), 0.6), 23),
}


def _embed_ms(marker: Watermarker, frames: list[RGB]) -> float:
    """Milliseconds per frame on one core, each result dropped as the encoder would drop it."""
    threads = cv2.getNumThreads()
    cv2.setNumThreads(1)
    try:
        marker.embed(frames[0])  # warm up
        start = time.perf_counter()
        for frame in frames:
            marker.embed(frame)
        return (time.perf_counter() - start) / len(frames) * 1e3
    finally:
        cv2.setNumThreads(threads)


def robustness(frames: int, folder: Path) -> None:
    rng = np.random.default_rng(7)
    embed_ms: list[float] = []
    psnrs: list[float] = []
    detect_s: list[float] = []
    results: dict[str, list[tuple[float, bool, float]]] = {name: [] for name in ATTACKS}
    for photo, effect in CLIPS.items():
        source = _render(photo, effect, frames)
        payload = int(rng.integers(0, 2**32))
        marker = Watermarker(payload, W, H)
        embed_ms.append(_embed_ms(marker, source))
        marked = [marker.embed(f) for f in source]
        psnrs += [psnr(m, s) for m, s in zip(marked, source, strict=True)]
        published = _write(marked, folder / f"{photo}.mp4")
        del source, marked
        start = time.perf_counter()
        detect_file(published)
        detect_s.append(time.perf_counter() - start)
        for name, attack in ATTACKS.items():
            path = published
            if attack is not None:
                transform, crf = attack
                frames_in = (transform(f) for f in probe.frames(published))
                path = _write(frames_in, folder / f"{photo}.attacked.mp4", crf)
            reading = measure_file(path, thorough="thorough" in name)
            assert reading is not None
            accuracy = float(np.mean(reading.bits == code.encode(payload)))
            found = decide(reading)
            results[name].append(
                (accuracy, found is not None and found.payload == payload, reading.confidence)
            )
    print(f"Robustness: {len(CLIPS)} clips ({', '.join(CLIPS)}), {frames} frames each, 720x1280")
    print(f"  {'attack':34} {'bit accuracy (mean/min)':>24} {'payload recovered':>18} {'z min':>6}")
    for name, rows in results.items():
        acc = [r[0] for r in rows]
        ok = sum(r[1] for r in rows)
        verdict = "yes" if ok == len(rows) else "NO"
        print(
            f"  {name:34} {statistics.mean(acc):>15.3f} / {min(acc):.3f} "
            f"{verdict:>12} ({ok}/{len(rows)}) {min(r[2] for r in rows):>6.1f}"
        )
    print(f"PSNR marked vs unmarked: min {min(psnrs):.2f} dB, mean {statistics.mean(psnrs):.2f} dB")
    print(f"Embed: {statistics.mean(embed_ms):.2f} ms/frame at 720x1280 on one core")
    print(f"Detect: {statistics.mean(detect_s):.2f} s per clip ({frames} frames, decode included)")


def _unmarked(count: int, rng: np.random.Generator) -> Iterator[tuple[str, list[RGB]]]:
    """Unmarked clips of varied content, at several sizes."""
    sizes = [(720, 1280), (360, 640), (480, 854), (540, 960), (720, 720), (1280, 720)]
    photos = {name: read_photo((EXAMPLES / name).read_bytes()).pixels for name in CLIPS}
    effects = ["wind", "rain", "snow", "sunset", "zoom_in", "water", "fog", "vintage"]
    made = 0
    while made < count:
        kind = made % 8
        w, h = sizes[made % len(sizes)]
        n = 12
        if kind in (0, 1, 2):  # a photo, framed or cropped, zooming, drifting and turning
            photo = list(photos.values())[made % 3]
            if kind == 1:
                canvas = make_canvas(photo, (w, h))
                base = canvas.place(canvas.layer)
            else:
                y, x = rng.integers(0, photo.shape[0] // 4), rng.integers(0, photo.shape[1] // 4)
                base = cv2.resize(photo[y:, x:], (w, h), interpolation=cv2.INTER_CUBIC)
            base = badge_for(w, h).draw(np.ascontiguousarray(base))
            zoom, turn, drift = rng.uniform(1, 1.3), rng.uniform(-3, 3), rng.uniform(-40, 40, 2)
            frames = []
            for k in range(n):
                m = cv2.getRotationMatrix2D((w / 2, h / 2), turn * k / n, zoom + 0.03 * k / n)
                m[:, 2] += drift * k / n
                frames.append(cv2.warpAffine(base, m, (w, h), borderMode=cv2.BORDER_REFLECT))
            yield f"photo {w}x{h}", frames
        elif kind == 3:  # the real engine
            photo_name = list(photos)[made % 3]
            effect = effects[made % len(effects)]
            yield f"engine {effect}", _render(photo_name, effect, 15, 360, 640)
        elif kind == 4:  # noise, white or band-limited like the mark
            sigma = (0.0, 1.0, 1.8, 3.0)[made % 4]
            frames = []
            for _ in range(n):
                noise = rng.standard_normal((h, w)).astype(np.float32)
                if sigma:
                    noise = cv2.GaussianBlur(noise, (0, 0), sigma)
                level = 128 + 25 * noise / noise.std()
                frames.append(np.repeat(np.clip(level, 0, 255).astype(np.uint8)[..., None], 3, 2))
            yield f"noise sigma {sigma}", frames
        elif kind == 5:  # flat colour or gradient
            c0, c1 = rng.integers(0, 256, 3), rng.integers(0, 256, 3)
            yy, xx = np.mgrid[0:h, 0:w]
            ramp = (yy / h + xx / w)[..., None] / 2
            yield "gradient", [(c0 + (c1 - c0) * ramp).astype(np.uint8)] * n
        elif kind == 6:  # text
            page = np.full((h, w, 3), rng.integers(0, 256, 3), np.uint8)
            for _ in range(30):
                text = "".join(chr(int(c)) for c in rng.integers(33, 126, 12))
                at = (int(rng.integers(0, w)), int(rng.integers(0, h)))
                color = tuple(int(v) for v in rng.integers(0, 256, 3))
                cv2.putText(page, text, at, int(rng.integers(0, 8)), 1.2, color, 2)
            yield "text", [np.roll(page, 3 * k, axis=0) for k in range(n)]
        else:  # periodic: stripes and checks
            period = (8, 16, 32, 64, 128, 12, 100)[made % 7]
            yy, xx = np.mgrid[0:h, 0:w]
            mask = (xx // (period // 2) + (made % 2) * (yy // (period // 2))) % 2 == 0
            image = np.repeat(np.where(mask, 40, 220).astype(np.uint8)[..., None], 3, axis=2)
            yield f"periodic {period}", [image] * n
        made += 1


def false_positives(count: int, folder: Path, thorough: bool = False) -> None:
    rng = np.random.default_rng(3 + thorough)
    found = 0
    strongest = (0.0, "")
    start = time.perf_counter()
    for i, (name, frames) in enumerate(_unmarked(count, rng)):
        path = _write(frames, folder / "unmarked.mp4", crf=(18, 23, 28)[i % 3])
        reading = measure_file(path, thorough=thorough)
        if reading is not None:
            strongest = max(strongest, (reading.confidence, name))
            if decide(reading) is not None:
                found += 1
                print(f"  FALSE DETECTION in unmarked clip {i} ({name})")
    print(
        f"False positives{' (thorough search)' if thorough else ''}: {found} / {count} unmarked "
        f"clips (encoded, read from disk; strongest "
        f"sync z {strongest[0]:.2f} in {strongest[1]}, threshold {MIN_CONFIDENCE}; "
        f"{time.perf_counter() - start:.0f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--frames", type=int, default=90, help="frames per marked clip")
    parser.add_argument("--unmarked", type=int, default=240, help="unmarked clips (>= 200)")
    parser.add_argument(
        "--unmarked-thorough", type=int, default=40, help="unmarked clips for the thorough search"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        robustness(args.frames, Path(tmp))
        sys.stdout.flush()
        false_positives(args.unmarked, Path(tmp))
        sys.stdout.flush()
        if args.unmarked_thorough:
            false_positives(args.unmarked_thorough, Path(tmp), thorough=True)


if __name__ == "__main__":
    main()
