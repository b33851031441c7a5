"""smile and blink on a real portrait: the mouth and the eyes move, the rest of the face not."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from tests.conftest import example_bytes
from vivify.compose import Canvas, make_canvas
from vivify.effects import registry
from vivify.effects._faces import LEFT_LOWER_LID, LEFT_UPPER_LID, RIGHT_LOWER_LID, RIGHT_UPPER_LID
from vivify.effects.base import RenderContext
from vivify.intake import read_photo
from vivify.quality import (
    EYES_AND_MOUTH,
    face_identity_error,
    flow_magnitude,
    inside_outside,
    loop_seam,
    psnr,
)
from vivify.scene import analyse
from vivify.types import Face, Scene

SECONDS = 2.0


@pytest.fixture(scope="module")
def portrait() -> tuple[Canvas, Scene]:
    photo = read_photo(example_bytes("astronaut.png"))
    canvas = make_canvas(photo.pixels, (720, 1280))
    scene = analyse(canvas.layer)
    assert len(scene.faces) == 1
    return canvas, scene


def _render(
    name: str, layer: np.ndarray, scene: Scene, fps: int = 10, **params: float
) -> tuple[list[np.ndarray], RenderContext]:
    ctx = RenderContext(layer.shape[1], layer.shape[0], fps, SECONDS, 3, scene, layer)
    fn = registry()[name].from_params(params).prepare(ctx)
    frames = [fn(layer, i / fps) for i in range(ctx.frame_count)]
    assert np.array_equal(fn(layer, SECONDS), frames[0])  # the frame after the last is the first
    return frames, ctx


def _features(face: Face, height: int, width: int) -> np.ndarray:
    """The eyes, brows and lips: what smile and blink may move."""
    mask = np.zeros((height, width), np.uint8)
    groups = (EYES_AND_MOUTH[:26], EYES_AND_MOUTH[26:52], EYES_AND_MOUTH[52:])
    for group in groups:
        cv2.fillConvexPoly(mask, cv2.convexHull(face.landmarks[list(group)].astype(np.int32)), 1)
    return mask.astype(np.float32)


def _eye_openings(face: Face, height: int, width: int) -> np.ndarray:
    mask = np.zeros((height, width), np.uint8)
    for upper, lower in ((LEFT_UPPER_LID, LEFT_LOWER_LID), (RIGHT_UPPER_LID, RIGHT_LOWER_LID)):
        contour = face.landmarks[list(upper) + list(lower[::-1])]
        cv2.fillPoly(mask, [np.round(contour).astype(np.int32)], 1)
    return mask > 0


@pytest.mark.parametrize("name", ["smile", "blink", "head"])
def test_face_effects_start_at_the_photo_keep_the_person_and_loop(
    name: str, portrait: tuple[Canvas, Scene]
) -> None:
    canvas, scene = portrait
    layer = canvas.layer
    frames, _ = _render(name, layer, scene)
    assert psnr(frames[0], layer) >= 40.0
    assert face_identity_error(frames, scene.faces) <= 2 / 255
    assert loop_seam(frames) <= 1.5
    # Only the face moves: every pixel away from it is the photo's, in every frame.
    x, y, w, h = scene.faces[0].box
    away = np.ones(layer.shape[:2], bool)
    away[max(0, y - h // 4) : y + h + h // 4, max(0, x - w // 4) : x + w + w // 4] = False
    for frame in frames:
        assert np.array_equal(frame[away], layer[away])
    motion = flow_magnitude(frames)
    assert inside_outside(motion, _features(scene.faces[0], *layer.shape[:2])) >= 5.0


def test_smile_lifts_the_mouth_corners_up_and_out(portrait: tuple[Canvas, Scene]) -> None:
    canvas, scene = portrait
    frames, _ = _render("smile", canvas.layer, scene)
    peak = len(frames) // 2  # one smile per clip, broadest mid-clip
    before = cv2.cvtColor(frames[0], cv2.COLOR_RGB2GRAY)
    after = cv2.cvtColor(frames[peak], cv2.COLOR_RGB2GRAY)
    flow = cv2.calcOpticalFlowFarneback(before, after, None, 0.5, 3, 9, 3, 5, 1.1, 0)
    face = scene.faces[0]
    for index, outward in ((61, -1.0), (291, 1.0)):  # the left and the right mouth corner
        cx, cy = np.round(face.landmarks[index]).astype(int)
        dx, dy = flow[cy - 1 : cy + 2, cx - 1 : cx + 2].reshape(-1, 2).mean(axis=0)
        assert dy < -1.0, f"corner {index} should rise, moved {dy:.2f} px"
        assert dx * outward > 0.3, f"corner {index} should move out, moved {dx:.2f} px"
    # A smile, not a grimace: the middle of the lips barely moves.
    cx, cy = np.round(face.landmarks[14]).astype(int)
    assert np.abs(flow[cy - 1 : cy + 2, cx - 1 : cx + 2]).mean() < 0.5


def test_eyes_close_quickly_twice_and_not_at_the_start(portrait: tuple[Canvas, Scene]) -> None:
    canvas, scene = portrait
    layer = canvas.layer
    frames, ctx = _render("blink", layer, scene, fps=30)
    opening = _eye_openings(scene.faces[0], *layer.shape[:2])
    grey = [cv2.cvtColor(f, cv2.COLOR_RGB2GRAY).astype(np.float32) for f in frames]
    change = np.array([np.abs(g - grey[0])[opening].mean() for g in grey])
    # Asked to blink, the face blinks at least twice, each blink centred in its share of the
    # clip (so never at t = 0) and quick: the eyes are disturbed for about a fifth of a second.
    disturbed = change > 1.0
    starts = np.nonzero(disturbed[1:] & ~disturbed[:-1])[0] + 1
    assert len(starts) == max(2, round(ctx.duration / 2.5))
    assert not disturbed[: int(0.1 * ctx.frame_count)].any()
    assert disturbed.sum() / ctx.fps <= 0.27 * len(starts)
    shut = int(np.argmax(change))
    assert change[shut] > 20.0
    # Shut means covered: the dark iris and pupil are hidden by the lid.
    dark = opening & (grey[0] < 70)
    assert dark.sum() > 20
    assert (grey[shut][dark] < 70).mean() < 0.2
    # The eye region changes most at the blink, much more than anything else does.
    motion = np.abs(grey[shut] - grey[0])
    assert motion[opening].mean() > 10 * motion[~opening].mean()


@pytest.mark.parametrize("name", ["smile", "blink", "head"])
def test_no_faces_means_no_change(name: str, china_prepared: tuple[Canvas, Scene]) -> None:
    canvas, scene = china_prepared
    assert not scene.faces
    frames, _ = _render(name, canvas.layer, scene, fps=5)
    for frame in frames:
        assert np.array_equal(frame, canvas.layer)


def test_an_animal_blinks_where_its_eyes_are() -> None:
    from dataclasses import replace

    from tests.scene.test_eyes import face_rgb
    from vivify.scene.eyes import find_animal_eyes

    rgb, subject = face_rgb()
    blank = np.zeros(subject.shape, np.float32)
    eyes = find_animal_eyes(rgb, subject)
    scene = Scene(sky=blank, vegetation=blank, person=blank, hair=blank, depth=blank, water=blank)
    frames, _ = _render("blink", rgb, replace(scene, animal_eyes=eyes), fps=30)
    change = np.max([np.abs(f.astype(np.int16) - rgb).max(axis=2) for f in frames], axis=0)
    # Each pupil is covered at the blink; below the eyes (the muzzle) nothing moves.
    for x in (150, 250):
        assert change[128:133, x - 3 : x + 3].min() > 60
    assert change[175:, :].max() == 0
    # Without the scene's eyes, nothing blinks.
    frames, _ = _render("blink", rgb, scene, fps=5)
    assert all(np.array_equal(f, rgb) for f in frames)


def test_the_head_tilts_and_nods_and_the_shoulders_stay(portrait: tuple[Canvas, Scene]) -> None:
    canvas, scene = portrait
    layer = canvas.layer
    frames, _ = _render("head", layer, scene, fps=10)
    assert np.array_equal(frames[0], layer)
    face = scene.faces[0]
    x, y, w, h = face.box
    change = np.max([np.abs(f.astype(np.int16) - layer).max(axis=2) for f in frames], axis=0)
    # The face moves (eyes, mouth, the skin between) ...
    assert change[y + h // 4 : y + 3 * h // 4, x + w // 4 : x + 3 * w // 4].mean() > 8.0
    # ... by a few pixels at most: a person at rest, not a bobblehead.
    flow = dis_flow_between(layer, frames[len(frames) // 4])
    assert 0.3 < float(flow[y : y + h, x : x + w].max()) < 0.06 * h
    # Below the chin (the suit) and away from the face, nothing moves.
    chin = int(face.landmarks[152][1])
    assert change[chin + h // 2 :].max() == 0
    assert change[:, : max(0, x - w)].max() == 0


def dis_flow_between(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    dis = cv2.DISOpticalFlow.create(cv2.DISOPTICAL_FLOW_PRESET_MEDIUM)
    ga, gb = (cv2.cvtColor(f, cv2.COLOR_RGB2GRAY) for f in (a, b))
    flow = dis.calc(ga, gb, None)
    return np.hypot(flow[..., 0], flow[..., 1])
