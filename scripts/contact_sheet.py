"""Render a contact sheet of frames from many effects: docs/contact-sheet.jpg.

    .venv/bin/python scripts/contact_sheet.py [--out docs/contact-sheet.jpg] [--effects a,b,...]

Each row is one effect on the example photo that suits it: frame 0 (the photo), then frames at
40% and 90% of a 3 s clip, rendered by the real engine at 360x640 with the badge.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from vivify.compose import badge_for
from vivify.effects import registry
from vivify.engines import get_engine
from vivify.pipeline import ClipRequest, Prepared, prepare
from vivify.plan import plan_from_dict
from vivify.types import RGB

ROOT = Path(__file__).resolve().parent.parent
PHOTO_FOR = {"smile": "astronaut.png", "blink": "astronaut.png", "steam": "coffee.png",
             "fire": "coffee.png"}  # fmt: skip
SIZE = (360, 640)
MOMENTS = (0.0, 0.4, 0.9)


def row(effect: str, cache: dict[str, Prepared]) -> list[RGB]:
    photo = PHOTO_FOR.get(effect, "china.jpg")
    if photo not in cache:
        data = (ROOT / "examples" / photo).read_bytes()
        cache[photo] = prepare(ClipRequest(photo=data, width=SIZE[0], height=SIZE[1]))
    prepared = cache[photo]
    base = prepared.plan.model_dump()
    plan = plan_from_dict({**base, "effects": [{"name": effect}], "duration": 3.0, "fps": 10})
    wanted = {round(m * 29) for m in MOMENTS}
    frames = get_engine("motion").frames(prepared.canvas, prepared.scene, plan)
    badge = badge_for(*SIZE)
    return [badge.draw(f) for i, f in enumerate(frames) if i in wanted]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "contact-sheet.jpg")
    parser.add_argument("--effects", help="comma-separated effect names (default: all)")
    args = parser.parse_args()
    names = args.effects.split(",") if args.effects else sorted(registry())
    cache: dict[str, Prepared] = {}
    thumb = (SIZE[0] // 2, SIZE[1] // 2)
    label_w = 130
    sheet = Image.new("RGB", (label_w + thumb[0] * len(MOMENTS), thumb[1] * len(names)), "white")
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=18)
    for r, name in enumerate(names):
        draw.text((8, r * thumb[1] + thumb[1] // 2 - 10), name, fill="black", font=font)
        for c, frame in enumerate(row(name, cache)):
            tile = Image.fromarray(frame).resize(thumb, Image.Resampling.LANCZOS)
            sheet.paste(tile, (label_w + c * thumb[0], r * thumb[1]))
        print(f"rendered {name}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(args.out, quality=85)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
