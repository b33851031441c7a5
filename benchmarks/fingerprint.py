"""Fingerprint benchmark: how near copies of a clip stay to its fingerprint, and how far other
content lands, on clips made from real photos.

    .venv/bin/python benchmarks/fingerprint.py [FOLDER ...] [--limit N]

With no folders it uses tests/photos/dev (the photos the threshold was set on); the held-out
figures in vivify/provenance/fingerprint.py come from tests/photos/heldout, heldout2, heldout3
and heldout4. Each photo becomes a 3 s 360×640 clip of wind and a slow zoom with the badge, as
the motion engine renders it; each copy is made from the frames (JPEG at quality 28 stands in for
a lossy re-encode) and compared with the clip's own fingerprint and with every other clip's.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

from vivify.compose import badge_for, make_canvas
from vivify.engines import get_engine
from vivify.intake import read_photo
from vivify.plan import plan_from_dict
from vivify.provenance import fingerprint as fp
from vivify.scene import analyse
from vivify.types import RGB

ROOT = Path(__file__).resolve().parent.parent
W, H, FPS = 360, 640, 10


def _jpeg(frame: RGB) -> RGB:
    data = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 28])[1]
    return np.asarray(cv2.imdecode(data, cv2.IMREAD_UNCHANGED))


def _crop(frame: RGB) -> RGB:
    h, w = frame.shape[:2]
    return frame[round(h * 0.05) : h - round(h * 0.05), round(w * 0.05) : w - round(w * 0.05)]


def _letterbox(frame: RGB) -> RGB:
    h, w = frame.shape[:2]
    out = np.zeros((h, h, 3), np.uint8)
    out[:, (h - w) // 2 : (h - w) // 2 + w] = frame
    return out


def _square(frame: RGB) -> RGB:
    h, w = frame.shape[:2]
    return frame[(h - w) // 2 : (h - w) // 2 + w]


ATTACKS: dict[str, Callable[[list[RGB]], list[RGB]]] = {
    "jpeg q28": lambda fr: [_jpeg(f) for f in fr],
    "half size": lambda fr: [
        cv2.resize(f, (W // 2, H // 2), interpolation=cv2.INTER_AREA) for f in fr
    ],
    "third size": lambda fr: [
        cv2.resize(f, (W // 3, H // 3), interpolation=cv2.INTER_AREA) for f in fr
    ],
    "crop 10%": lambda fr: [_crop(f) for f in fr],
    "square crop": lambda fr: [_square(f) for f in fr],
    "letterbox": lambda fr: [_letterbox(f) for f in fr],
    "brightness +20%": lambda fr: [np.clip(f * 1.2, 0, 255).astype(np.uint8) for f in fr],
    "gamma 0.7": lambda fr: [(255 * (f / 255.0) ** 0.7).astype(np.uint8) for f in fr],
    "trimmed 0.7 s": lambda fr: fr[7:],
    "greyscale": lambda fr: [np.dstack([cv2.cvtColor(f, cv2.COLOR_RGB2GRAY)] * 3) for f in fr],
}


def _clip(photo: Path) -> list[RGB]:
    """The clip's frames, badge drawn, as published (and fingerprinted)."""
    canvas = make_canvas(read_photo(photo.read_bytes()).pixels, (W, H))
    plan = plan_from_dict(
        {"effects": [{"name": "wind"}, {"name": "zoom_in"}], "duration": 3.0, "fps": FPS}
    )
    badge = badge_for(W, H)
    return [badge.draw(f) for f in get_engine("motion").frames(canvas, analyse(canvas.layer), plan)]


def _grey(frames: list[RGB]) -> list[NDArray[np.uint8]]:
    return [cv2.cvtColor(np.ascontiguousarray(f), cv2.COLOR_RGB2GRAY) for f in frames]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[ROOT / "tests/photos/dev"])
    parser.add_argument("--limit", type=int, default=60, help="at most this many photos")
    args = parser.parse_args()
    photos = sorted(p for d in args.folders for p in d.glob("*.jpg"))[: args.limit]
    clips = {p.name: _clip(p) for p in photos}
    stored = {name: fp.fingerprint(_grey(frames), FPS) for name, frames in clips.items()}
    same: dict[str, list[float]] = {a: [] for a in ATTACKS}
    names = list(clips)
    other: list[float] = []
    for name, frames in clips.items():
        for attack, change in ATTACKS.items():
            copy = fp.copy_hashes(_grey(change(frames)), FPS)
            same[attack].append(fp.compare(stored[name], copy).median_bits)
            other += [fp.compare(stored[o], copy).median_bits for o in clips if o != name]
    print(
        f"fingerprint on {len(clips)} clips; a match is at most {fp.MATCH_BITS} of {fp.BITS} bits"
    )
    for attack, values in same.items():
        matched = sum(v <= fp.MATCH_BITS for v in values)
        print(
            f"  {attack:<16} matched {matched}/{len(values)}  "
            f"(median bits apart: mean {np.mean(values):.1f}, worst {max(values):.0f} on "
            f"{names[int(np.argmax(values))]})"
        )
    wrong = sum(v <= fp.MATCH_BITS for v in other)
    print(
        f"  other content    matched {wrong}/{len(other)}  "
        f"(nearest {min(other):.0f} bits, 1st percentile {np.percentile(other, 1):.0f})"
    )


if __name__ == "__main__":
    main()
