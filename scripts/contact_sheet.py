"""Render a contact sheet of frames from many effects: docs/contact-sheet.jpg.

    .venv/bin/python scripts/contact_sheet.py [--out docs/contact-sheet.jpg] [--effects a,b,...]

Each cell is one effect on the example photo that suits it: frame 0 (the photo) beside the frame
at 75% of a 3 s clip, rendered by the real engine at 720x1280 and cropped to the photo's band of
the vertical frame (the blurred fill above and below is left out).
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
SIZE = (720, 1280)
MOMENTS = (0.0, 0.75)
COLUMNS = 5


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
    c = prepared.canvas
    top, bottom = c.y, c.y + c.layer.shape[0]  # the photo's band of the vertical frame
    return [badge.draw(f)[top:bottom] for i, f in enumerate(frames) if i in wanted]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "contact-sheet.jpg")
    parser.add_argument("--effects", help="comma-separated effect names (default: all)")
    args = parser.parse_args()
    names = args.effects.split(",") if args.effects else sorted(registry())
    cache: dict[str, Prepared] = {}
    tile_w = 240
    tile_h = tile_w  # square photos are the tallest band; wider ones leave white below
    label_h, gap = 28, 10
    cell = (tile_w * len(MOMENTS) + gap, tile_h + label_h + gap)
    rows = -(-len(names) // COLUMNS)
    sheet = Image.new("RGB", (cell[0] * min(COLUMNS, len(names)), cell[1] * rows), "white")
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=18)
    for k, name in enumerate(names):
        x, y = (k % COLUMNS) * cell[0], (k // COLUMNS) * cell[1]
        draw.text((x + 4, y + 4), name, fill="black", font=font)
        for c, frame in enumerate(row(name, cache)):
            scale = tile_w / frame.shape[1]
            size = (tile_w, min(tile_h, round(frame.shape[0] * scale)))
            tile = Image.fromarray(frame).resize(size, Image.Resampling.LANCZOS)
            sheet.paste(tile, (x + c * tile_w, y + label_h))
        print(f"rendered {name}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(args.out, quality=80, optimize=True)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
