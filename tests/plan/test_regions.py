"""The motion brush in the plan: regions validate with one clear message, mask images are read
with every problem named, and regions land where they should on the photo layer."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from vivify.errors import PlanError
from vivify.plan import parse_plan, plan_from_prompt
from vivify.plan.regions import (
    ADDED_NOTE,
    Region,
    apply_regions,
    image_mask,
    parse_region_arg,
    polygon_mask,
    read_mask_image,
    region_masks,
    resolve_mask_paths,
    visible_window,
)

SQUARE = [[0.25, 0.25], [0.75, 0.25], [0.75, 0.75], [0.25, 0.75]]


def _plan(region: object, name: str = "wind") -> str:
    return json.dumps({"effects": [{"name": name, "region": region}]})


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        ({"polygon": [[0.1, 0.1], [0.5, 0.1]]}, "region.polygon: a polygon needs at least 3"),
        ({"polygon": [[0.1, 0.1], [1.5, 0.1], [0.5, 0.5]]}, "region.polygon: corner 1 (1.5, 0.1)"),
        ({"polygon": [[0.1, 0.1], [-0.2, 0.1], [0.5, 0.5]]}, "is outside 0..1"),
        ({"polygon": [[0.1, 0.1], [0.2, 0.2], [0.3, 0.3]]}, "region.polygon: the polygon has"),
        ({"polygon": [[0.1, 0.1], [0.2, True], [0.3, 0.9]]}, "region.polygon.1.1: Input should"),
        ({"polygon": [[0.1, 0.1], [0.2, "x"], [0.3, 0.9]]}, "region.polygon.1.1: Input should"),
        ({"polygons": [SQUARE, [[0, 0], [1, 1]]]}, "region.polygons: polygon 1: a polygon needs"),
        ({"polygons": []}, "region.polygons: needs at least one polygon"),
        ({"shape": SQUARE}, "region.shape: Extra inputs are not permitted"),
        ({}, "region: give exactly one of 'polygon', 'polygons' or 'mask'"),
        ({"mask": "m.png", "polygon": SQUARE}, "(got polygon, mask)"),
        ({"mask": " "}, "region.mask: needs the path of a mask image"),
    ],
)
def test_invalid_regions_name_the_field(region: object, expected: str) -> None:
    with pytest.raises(PlanError) as info:
        parse_plan(_plan(region))
    message = str(info.value)
    assert message.startswith("Invalid plan: effects.0.")
    assert expected in message
    assert "\n" not in message


def test_not_a_number_is_refused() -> None:
    corners = "[[0.1, NaN], [0.9, 0.1], [0.5, 0.9]]"  # JSON as Python reads it: NaN passes
    doc = '{"effects": [{"name": "wind", "region": {"polygon": ' + corners + "}}]}"
    with pytest.raises(PlanError, match=r"region.polygon: corner 0 \(0.1, nan\) is not a finite"):
        parse_plan(doc)


@pytest.mark.parametrize("name", ["zoom_in", "zoom_out", "pan"])
def test_a_camera_move_takes_no_region(name: str) -> None:
    with pytest.raises(PlanError, match="a camera move applies to the whole frame; it takes no"):
        parse_plan(_plan({"polygon": SQUARE}, name))


def test_regions_round_trip_and_plans_without_them_print_as_before() -> None:
    plan = parse_plan(_plan({"polygons": [SQUARE, SQUARE]}))
    assert parse_plan(plan.to_json()) == plan
    assert json.loads(plan.to_json())["effects"][0]["region"] == {"polygons": [SQUARE, SQUARE]}
    plain = plan_from_prompt("windy", None)
    assert "region" not in plain.to_json()


def test_polygon_mask_is_soft_edged_and_exactly_zero_away_from_it() -> None:
    mask = polygon_mask([SQUARE], (200, 100))
    assert mask.dtype == np.float32 and mask.shape == (100, 200)
    assert mask[50, 100] > 0.99  # the middle
    assert mask[10, 10] == 0.0 and mask[95, 190] == 0.0  # well outside: exactly nothing
    edge = mask[50, 45:56]  # across the left edge (x = 50): a ramp, not a step
    assert ((edge > 0.05) & (edge < 0.95)).sum() >= 2
    assert abs(float(mask.mean()) - 0.25) < 0.02  # a quarter of the photo


def test_polygons_add_up() -> None:
    left = [[0.0, 0.0], [0.5, 0.0], [0.5, 1.0], [0.0, 1.0]]
    right = [[0.4, 0.0], [1.0, 0.0], [1.0, 1.0], [0.4, 1.0]]
    mask = polygon_mask([left, right], (100, 50))
    assert mask[25, 45] > 0.99  # where they overlap: inside, not a hole


def test_the_window_follows_a_cropped_layer() -> None:
    assert visible_window((1000, 500), (400, 200)) == (0.0, 0.0, 1.0, 1.0)
    x0, y0, x1, y1 = visible_window((1000, 500), (200, 200))  # the sides are cut
    assert (round(x0, 3), y0, round(x1, 3), y1) == (0.25, 0.0, 0.75, 1.0)
    # A polygon over the photo's left half covers the left half of what the layer shows.
    mask = polygon_mask([[[0, 0], [0.5, 0], [0.5, 1], [0, 1]]], (200, 200), (x0, y0, x1, y1))
    assert mask[100, 40] > 0.99 and mask[100, 160] == 0.0


def _png(path: Path, pixels: np.ndarray, mode: str | None = None) -> Path:
    Image.fromarray(pixels, mode).save(path) if mode else Image.fromarray(pixels).save(path)
    return path


def test_mask_images_of_any_kind(tmp_path: Path) -> None:
    half = np.zeros((40, 60), np.uint8)
    half[:, 30:] = 255
    grey = read_mask_image(_png(tmp_path / "grey.png", half), "wind")
    assert grey[:, 30:].min() == 1.0 and grey[:, :30].max() == 0.0
    rgb = read_mask_image(_png(tmp_path / "rgb.png", np.dstack([half] * 3)), "wind")
    np.testing.assert_array_equal(rgb, grey)
    # Transparency: opaque is inside, whatever the colour.
    rgba = np.zeros((40, 60, 4), np.uint8)
    rgba[..., 3] = half
    alpha = read_mask_image(_png(tmp_path / "alpha.png", rgba), "wind")
    np.testing.assert_array_equal(alpha, grey)
    # 16-bit greyscale: full scale is 65535, not 255.
    deep = (half.astype(np.uint16) * 257 // 2).astype(np.uint16)
    sixteen = read_mask_image(_png(tmp_path / "deep.png", deep), "wind")
    assert abs(float(sixteen.max()) - 0.5) < 0.01
    # 1-bit.
    Image.fromarray(half > 0).convert("1").save(tmp_path / "bits.png")
    np.testing.assert_array_equal(read_mask_image(tmp_path / "bits.png", "wind"), grey)


def test_a_mask_image_is_resized_to_the_layer(tmp_path: Path) -> None:
    half = np.zeros((30, 40), np.uint8)
    half[:, 20:] = 255
    mask = image_mask(read_mask_image(_png(tmp_path / "m.png", half), "water"), (200, 100))
    assert mask.shape == (100, 200)
    assert mask[50, 190] > 0.99 and mask[50, 10] == 0.0


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p, "The region mask for water ({path}) does not exist."),
        (lambda p: p.write_text("not an image") or p, "is not an image vivify can read"),
        (lambda p: p.mkdir() or p, "is a folder, not an image"),
        (
            lambda p: _png(p, np.zeros((8, 8), np.uint8)),
            "is all black (or all transparent): nothing is inside it",
        ),
        (
            lambda p: _png(p, np.full((8, 8, 4), [255, 255, 255, 0], np.uint8)),
            "is all black (or all transparent)",
        ),
    ],
)
def test_bad_mask_images_give_one_clear_error(tmp_path: Path, make: object, expected: str) -> None:
    path = tmp_path / "mask.png"
    make(path)  # type: ignore[operator]
    with pytest.raises(PlanError) as info:
        read_mask_image(path, "water")
    assert expected.format(path=path) in str(info.value)
    assert "\n" not in str(info.value)


def test_a_plan_files_mask_is_relative_to_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    mask = np.zeros((20, 20), np.uint8)
    mask[5:15, 5:15] = 255
    _png(folder / "pond.png", mask)
    plan = parse_plan(_plan({"mask": "pond.png"}, "water"))
    resolved = resolve_mask_paths(plan, folder)
    assert resolved.effects[0].region is not None
    assert resolved.effects[0].region.mask == str(folder / "pond.png")
    masks = region_masks(resolved, (100, 100), (50, 50))
    assert masks[0][25, 25] > 0.99 and masks[0][2, 2] == 0.0
    absolute = parse_plan(_plan({"mask": str(folder / "pond.png")}, "water"))
    assert resolve_mask_paths(absolute, tmp_path / "elsewhere") == absolute
    with pytest.raises(PlanError, match=r"The region mask for water .* does not exist"):
        region_masks(plan, (100, 100), (50, 50))  # unresolved: not in the working folder


def test_a_region_outside_what_the_clip_shows_is_an_error() -> None:
    plan = parse_plan(_plan({"polygon": [[0.0, 0.0], [0.1, 0.0], [0.1, 1.0], [0.0, 1.0]]}))
    with pytest.raises(PlanError, match="lies outside the part of the photo the clip shows"):
        region_masks(plan, (1000, 500), (200, 200))  # the layer shows the middle half


def test_region_arguments(tmp_path: Path) -> None:
    name, region = parse_region_arg("wind=poly:0.1,0.2,0.5,0.2,0.5,0.6")
    assert name == "wind" and region.polygon == [(0.1, 0.2), (0.5, 0.2), (0.5, 0.6)]
    _png(tmp_path / "m.png", np.full((4, 4), 255, np.uint8))
    name, region = parse_region_arg("water=m.png", cwd=tmp_path)
    assert region.mask == str(tmp_path / "m.png")
    _, region = parse_region_arg(f"water=mask:{tmp_path / 'm.png'}")
    assert region.mask == str(tmp_path / "m.png")


@pytest.mark.parametrize(
    ("arg", "expected"),
    [
        ("wind", "use NAME=poly:X,Y,X,Y,X,Y,... or NAME=MASK.png"),
        ("=poly:0,0,1,0,1,1", "use NAME=poly"),
        ("tornado=poly:0,0,1,0,1,1", "there is no effect 'tornado'. Known effects: "),
        ("zoom_in=poly:0,0,1,0,1,1", "a camera move applies to the whole frame"),
        ("wind=poly:a,b,c,d,e,f", "must be numbers separated by commas"),
        ("wind=poly:0.1,0.2,0.5,0.2,0.5", "one number is left over"),
        ("wind=poly:0.1,0.2,0.5,0.2", "wind: polygon: a polygon needs at least 3 corners"),
        ("wind=poly:0.1,0.2,1.5,0.2,0.5,0.6", "corner 1 (1.5, 0.2) is outside 0..1"),
        ("wind=nowhere.png", "The region mask for wind"),
    ],
)
def test_bad_region_arguments(arg: str, expected: str) -> None:
    with pytest.raises(PlanError) as info:
        parse_region_arg(arg)
    assert expected in str(info.value)


def test_apply_regions_sets_merges_and_adds() -> None:
    plan = plan_from_prompt("windy, no water", None)
    assert [s.name for s in plan.effects] == ["wind"]
    square = Region(polygon=[(0.1, 0.1), (0.4, 0.1), (0.4, 0.4)])
    other = Region(polygon=[(0.6, 0.6), (0.9, 0.6), (0.9, 0.9)])
    brushed = apply_regions(plan, [("wind", square), ("wind", other), ("water", square)])
    wind, water = brushed.effects
    assert wind.because == plan.effects[0].because
    assert wind.region is not None and len(wind.region.shapes()) == 2
    assert water.name == "water" and water.region == square
    assert ADDED_NOTE.format(name="water") in brushed.notes
    assert "water" not in [s.name for s in brushed.excluded]  # painting it overrides "no water"
    assert apply_regions(plan, []) is plan
    mask = Region(mask="/m.png")
    with pytest.raises(PlanError, match="one mask image, or polygons"):
        apply_regions(plan, [("wind", square), ("wind", mask)])
