"""The motion brush: where the user says an effect should happen, instead of where the scene
analysis found it.

A plan keeps only the *reference* to a region (`EffectSpec.region`): polygons in fractions of the
photo's width and height, or the path of a mask image. Turning a region into pixels is split in
two, so that the engine and the effects stay free of I/O:

- `read_mask_image` (I/O, at the edge: the CLI checks a mask as it is given, the pipeline reads it
  before rendering) decodes a mask file into 0..1 coverage at the file's own size;
- `polygon_mask` and `image_mask` (pure) put a region onto the photo layer the engine works on,
  anti-aliased and feathered a little, as a float32 H×W mask.

`region_masks` does both for a whole plan; the engine takes the result, keyed by the index of the
effect in `plan.effects`, and confines each effect to its mask (see `engines/motion.py`).
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image, UnidentifiedImageError
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    field_validator,
    model_serializer,
    model_validator,
)

from vivify import limits
from vivify.errors import PlanError
from vivify.files import read_bounded
from vivify.types import Mask

if TYPE_CHECKING:
    from vivify.plan.schema import Plan

Coordinate = Annotated[float, Strict()]  # a number; not true/false, not a string
Point = tuple[Coordinate, Coordinate]
Window = tuple[float, float, float, float]  # (x0, y0, x1, y1) of the photo, as fractions
WHOLE: Window = (0.0, 0.0, 1.0, 1.0)
FEATHER = 0.003  # the soft edge's Gaussian sigma, as a share of the layer's longer side
MIN_AREA = 1e-4  # a polygon must cover at least this share of the photo
MAX_MASK_PIXELS = 64_000_000  # a mask image larger than this is refused (decompression bombs)
ADDED_NOTE = "Added {name} because you painted a region for it."
CAMERA_MESSAGE = "a camera move applies to the whole frame; it takes no region"


class Region(BaseModel):
    """Where one effect happens: one polygon, several, or a mask image (exactly one of them)."""

    model_config = ConfigDict(extra="forbid")

    polygon: list[Point] | None = Field(
        default=None,
        description="corners [x, y] as fractions 0..1 of the photo's width and height (3 or more)",
    )
    polygons: list[list[Point]] | None = Field(
        default=None, description="several polygons like `polygon`; the region is their union"
    )
    mask: str | None = Field(
        default=None,
        description="a mask image (PNG; white or opaque = inside), resized to the photo; in a "
        "plan file, relative to the plan file's folder",
    )

    @field_validator("polygon")
    @classmethod
    def _one_polygon(cls, value: list[Point] | None) -> list[Point] | None:
        if value is not None:
            _check_polygon(value, "")
        return value

    @field_validator("polygons")
    @classmethod
    def _many_polygons(cls, value: list[list[Point]] | None) -> list[list[Point]] | None:
        if value is not None:
            if not value:
                raise ValueError("needs at least one polygon")
            for i, polygon in enumerate(value):
                _check_polygon(polygon, f"polygon {i}: ")
        return value

    @field_validator("mask")
    @classmethod
    def _mask_path(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("needs the path of a mask image")
        return value

    @model_validator(mode="after")
    def _exactly_one(self) -> Region:
        given = [k for k in ("polygon", "polygons", "mask") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of 'polygon', 'polygons' or 'mask'"
                + (f" (got {', '.join(given)})" if given else "")
            )
        return self

    @model_serializer(mode="wrap")
    def _only_given(self, handler: Any) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        return {k: v for k, v in data.items() if v is not None}

    def shapes(self) -> list[list[Point]]:
        """The polygons (none for a mask region)."""
        if self.polygon is not None:
            return [self.polygon]
        return list(self.polygons or [])

    def describe(self) -> str:
        """A few words for the plan's text output."""
        if self.mask is not None:
            return f"inside the mask {self.mask}"
        shapes = self.shapes()
        if len(shapes) == 1:
            return f"inside a painted polygon ({len(shapes[0])} corners)"
        return f"inside {len(shapes)} painted polygons"


def _check_polygon(points: Sequence[Point], prefix: str) -> None:
    if len(points) < 3:
        raise ValueError(f"{prefix}a polygon needs at least 3 corners, got {len(points)}")
    for i, (x, y) in enumerate(points):
        if not (math.isfinite(x) and math.isfinite(y)):
            raise ValueError(f"{prefix}corner {i} ({x}, {y}) is not a finite number")
        if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):
            raise ValueError(
                f"{prefix}corner {i} ({x}, {y}) is outside 0..1 "
                "(corners are fractions of the photo's width and height)"
            )
    xs = np.array([p[0] for p in points])
    ys = np.array([p[1] for p in points])
    area = 0.5 * abs(float(np.dot(xs, np.roll(ys, -1)) - np.dot(ys, np.roll(xs, -1))))
    if area < MIN_AREA:
        raise ValueError(f"{prefix}the polygon has (almost) no area ({area:.2g} of the photo)")


# --- Pure: a region onto the photo layer ---


def visible_window(photo_size: tuple[int, int], layer_size: tuple[int, int]) -> Window:
    """The part of the photo the layer shows, as fractions: all of it when the layer has the
    photo's shape, else the centred crop with the layer's shape (how `compose` fills a frame whose
    shape is close to the photo's)."""
    pw, ph = photo_size
    lw, lh = layer_size
    ratio = (pw / ph) / (lw / lh)
    # The same shape, up to rounding the layer's sides to whole pixels: the whole photo, scaled.
    if abs(ratio - 1.0) <= 1.0 / min(lw, lh):
        return WHOLE
    if ratio > 1.0:  # the photo is wider than the layer: its sides are cut
        return ((1.0 - 1.0 / ratio) / 2, 0.0, (1.0 + 1.0 / ratio) / 2, 1.0)
    return (0.0, (1.0 - ratio) / 2, 1.0, (1.0 + ratio) / 2)


def polygon_mask(
    polygons: Sequence[Sequence[Sequence[float]]],
    size: tuple[int, int],
    window: Window = WHOLE,
) -> Mask:
    """Polygons in photo fractions → a float32 mask at `size` (w, h): their union, anti-aliased
    and feathered a little."""
    w, h = size
    x0, y0, x1, y1 = window
    shift = 4  # sub-pixel precision of the corners: 1/16 pixel
    canvas = np.zeros((h, w), np.uint8)
    for polygon in polygons:
        pts = np.array(polygon, dtype=np.float64)
        px = (pts[:, 0] - x0) / (x1 - x0) * w - 0.5
        py = (pts[:, 1] - y0) / (y1 - y0) * h - 0.5
        fixed = np.round(np.stack([px, py], axis=1) * (1 << shift)).astype(np.int32)
        # One polygon at a time, so overlapping polygons add up instead of cutting holes.
        cv2.fillPoly(canvas, [fixed], 255, lineType=cv2.LINE_AA, shift=shift)
    return _feather(canvas.astype(np.float32) / 255.0)


def image_mask(
    coverage: NDArray[np.float32], size: tuple[int, int], window: Window = WHOLE
) -> Mask:
    """A decoded mask image (0..1, any size) → a float32 mask at `size` (w, h), feathered."""
    mh, mw = coverage.shape
    x0, y0, x1, y1 = window
    crop = coverage[
        round(y0 * mh) : max(round(y1 * mh), round(y0 * mh) + 1),
        round(x0 * mw) : max(round(x1 * mw), round(x0 * mw) + 1),
    ]
    w, h = size
    shrink = crop.shape[0] > h or crop.shape[1] > w
    interp = cv2.INTER_AREA if shrink else cv2.INTER_LINEAR
    resized = cv2.resize(np.ascontiguousarray(crop, np.float32), (w, h), interpolation=interp)
    return _feather(np.clip(resized, 0.0, 1.0))


def _feather(mask: NDArray[np.float32]) -> Mask:
    h, w = mask.shape
    sigma = max(0.75, FEATHER * max(w, h))
    soft = cv2.GaussianBlur(mask, (0, 0), sigmaX=sigma, borderType=cv2.BORDER_REPLICATE)
    # The blur's far tail is cut: outside the feathered edge the mask is exactly 0, so nothing
    # there changes, not even by rounding.
    soft[soft < 1.0 / 255.0] = 0.0
    out: Mask = np.clip(soft, 0.0, 1.0).astype(np.float32)
    return out


# --- Edge: reading mask images ---


def read_mask_image(path: Path, effect: str) -> NDArray[np.float32]:
    """Decode a mask image into coverage 0..1 at its own size. White (or, where the image has
    transparency, opaque) is inside. Every problem is one `PlanError` naming the effect."""
    where = f"The region mask for {effect} ({path})"
    data = read_bounded(path, limits.MAX_MASK_BYTES, where, PlanError, kind="image")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_MASK_PIXELS:
                raise PlanError(
                    f"{where} is too large ({image.width}x{image.height}); "
                    "the photo's size is plenty."
                )
            image.load()
            coverage = _coverage(image)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise PlanError(f"{where} is not an image vivify can read; use a PNG.") from None
    if float(coverage.max()) < 1.0 / 255.0:
        raise PlanError(
            f"{where} is all black (or all transparent): nothing is inside it. "
            "Paint the region white (or opaque)."
        )
    return coverage


def _coverage(image: Image.Image) -> NDArray[np.float32]:
    """0..1 per pixel, whatever the mode and bit depth."""
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N"):  # 16-bit greyscale PNG
        return np.clip(np.asarray(image, np.float32) / 65535.0, 0.0, 1.0)
    if image.mode == "F":
        return np.clip(np.asarray(image, np.float32), 0.0, 1.0)
    has_alpha = "A" in image.getbands() or "transparency" in image.info
    if has_alpha:
        alpha = np.asarray(image.convert("RGBA"), np.uint8)[..., 3]
        if int(alpha.min()) < 255:  # real transparency: opaque is inside
            return alpha.astype(np.float32) / 255.0
    grey = np.asarray(image.convert("L"), np.float32)
    return grey / 255.0


def resolve_mask_paths(plan: Plan, base: Path) -> Plan:
    """A plan read from a file: its relative mask paths are relative to the file's folder."""
    effects = []
    changed = False
    for spec in plan.effects:
        region = spec.region
        if region is not None and region.mask is not None and not Path(region.mask).is_absolute():
            path = str(base.absolute() / region.mask)
            spec = spec.model_copy(update={"region": region.model_copy(update={"mask": path})})
            changed = True
        effects.append(spec)
    return plan.model_copy(update={"effects": effects}) if changed else plan


def region_masks(
    plan: Plan, photo_size: tuple[int, int], layer_size: tuple[int, int]
) -> dict[int, Mask]:
    """Every region of `plan` as a mask on the photo layer, keyed by the effect's index in
    `plan.effects`. Reads mask images (I/O): call it at the edge, once per clip."""
    window = visible_window(photo_size, layer_size)
    masks: dict[int, Mask] = {}
    for index, spec in enumerate(plan.effects):
        if spec.region is None:
            continue
        if spec.region.mask is not None:
            coverage = read_mask_image(Path(spec.region.mask), spec.name)
            mask = image_mask(coverage, layer_size, window)
        else:
            mask = polygon_mask(spec.region.shapes(), layer_size, window)
        if float(mask.max()) < 0.5:
            raise PlanError(
                f"The region for {spec.name} lies outside the part of the photo the clip shows."
            )
        masks[index] = mask
    return masks


# --- The brush on a plan ---


def parse_region_arg(text: str, cwd: Path | None = None) -> tuple[str, Region]:
    """`NAME=poly:X,Y,X,Y,...` or `NAME=PATH` (also `NAME=mask:PATH`), as `--region` takes it."""
    from vivify import effects
    from vivify.effects.base import Stage

    name, sep, spec = text.partition("=")
    name, spec = name.strip(), spec.strip()
    if not sep or not name or not spec:
        raise PlanError(
            f"--region {text!r}: use NAME=poly:X,Y,X,Y,X,Y,... or NAME=MASK.png, "
            "for example wind=poly:0.1,0.2,0.5,0.2,0.5,0.6."
        )
    if name not in effects.registry():
        known = ", ".join(sorted(effects.registry()))
        raise PlanError(f"--region {name}: there is no effect '{name}'. Known effects: {known}.")
    if effects.get(name).stage is Stage.CAMERA:
        raise PlanError(f"--region {name}: {CAMERA_MESSAGE}.")
    if spec.startswith("poly:"):
        try:
            numbers = [float(v) for v in spec[5:].split(",")]
        except ValueError:
            raise PlanError(
                f"--region {name}: the polygon must be numbers separated by commas, "
                "x,y for each corner (fractions 0..1 of the photo's width and height)."
            ) from None
        if len(numbers) % 2:
            raise PlanError(
                f"--region {name}: the polygon needs x,y pairs; one number is left over."
            )
        raw: dict[str, Any] = {"polygon": [numbers[i : i + 2] for i in range(0, len(numbers), 2)]}
    else:
        path = Path(spec.removeprefix("mask:"))
        if not path.is_absolute():
            path = (cwd or Path.cwd()) / path
        read_mask_image(path, name)  # fail now, not after the scene analysis
        raw = {"mask": str(path)}
    return name, _region(name, raw, "--region")


def _region(name: str, raw: Mapping[str, Any], where: str) -> Region:
    from pydantic import ValidationError

    try:
        return Region.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        raise PlanError(f"{where} {name}: {field + ': ' if field else ''}{message}.") from None


def apply_regions(plan: Plan, brushes: Sequence[tuple[str, Region]]) -> Plan:
    """Give effects the regions the user painted. Several polygons for one effect add up; an
    effect not in the plan is added, with a note saying why."""
    from vivify import effects
    from vivify.effects.base import Stage
    from vivify.plan.schema import EffectSpec

    if not brushes:
        return plan
    merged: dict[str, Region] = {}
    for name, region in brushes:
        if name not in effects.registry():
            have = ", ".join(s.name for s in plan.effects) or "none"
            raise PlanError(
                f"--region {name}: there is no effect '{name}' (this plan has: {have}; "
                "any effect from `vivify effects` can be painted)."
            )
        if effects.get(name).stage is Stage.CAMERA:
            raise PlanError(f"--region {name}: {CAMERA_MESSAGE}.")
        before = merged.get(name)
        if before is None:
            merged[name] = region
        elif before.mask is None and region.mask is None:
            merged[name] = Region(polygons=before.shapes() + region.shapes())
        else:
            raise PlanError(
                f"--region {name}: give one mask image, or polygons, for an effect; not both."
            )
    specs = [
        s.model_copy(update={"region": merged[s.name]}) if s.name in merged else s
        for s in plan.effects
    ]
    notes = list(plan.notes)
    present = {s.name for s in plan.effects}
    for name, region in merged.items():
        if name not in present:
            specs.append(EffectSpec(name=name, region=region))
            notes.append(ADDED_NOTE.format(name=name))
    excluded = [s for s in plan.excluded if s.name not in merged]
    return plan.model_copy(update={"effects": specs, "notes": notes, "excluded": excluded})
