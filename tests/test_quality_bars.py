"""The issue's quality bars, checked for every effect in the catalogue on the real photos.

Each effect is rendered alone by the real engine (before encoding, so codec loss is not counted
against it) and measured with the functions `vivify score` uses.
"""

from __future__ import annotations

import functools

import cv2
import numpy as np
import pytest

from tests.conftest import example_bytes
from vivify.compose import FramingChoice
from vivify.effects import registry
from vivify.engines import get_engine
from vivify.pipeline import ClipRequest, Prepared, prepare
from vivify.plan import plan_from_dict
from vivify.quality import (
    face_identity_error,
    flow_magnitude,
    frame_zero_psnr,
    inside_outside,
    loop_seam,
)
from vivify.types import RGB

PHOTO_FOR = {"smile": "astronaut.png", "blink": "astronaut.png", "head": "astronaut.png",
             "steam": "coffee.png", "fire": "coffee.png"}  # fmt: skip
SECONDS, FPS = 2.0, 10


@functools.cache
def _prepared(photo: str, framing: FramingChoice = "bands") -> Prepared:
    # The measures below need the photo to stay put in the frame: bands. Fill is checked apart.
    return prepare(ClipRequest(photo=example_bytes(photo), framing=framing))


@functools.cache
def _render(effect: str) -> tuple[Prepared, tuple[RGB, ...]]:
    prepared = _prepared(PHOTO_FOR.get(effect, "china.jpg"))
    plan = plan_from_dict({"effects": [{"name": effect}], "duration": SECONDS, "fps": FPS,
                           "seed": 3})  # fmt: skip
    frames = get_engine("motion").frames(prepared.canvas, prepared.scene, plan)
    return prepared, tuple(frames)


def _layer(prepared: Prepared, frame: RGB) -> RGB:
    c = prepared.canvas
    h, w = c.layer.shape[:2]
    return frame[c.y : c.y + h, c.x : c.x + w]


EFFECTS = sorted(registry())


@pytest.mark.parametrize("effect", EFFECTS)
def test_frame_zero_is_the_photo(effect: str) -> None:
    prepared, frames = _render(effect)
    reference = prepared.canvas.place(prepared.canvas.layer)
    assert frame_zero_psnr(frames[0], reference, registry()[effect].overlay) >= 40.0


# Representative effects (masked, overlay, faces, depth, style, camera), each on a layer that is
# larger than the frame: frame 0 is still the start of the pan over the untouched photo.
FILL_EFFECTS = ["clouds", "wind", "water", "rain", "smile", "parallax", "cartoon", "zoom_in"]


@pytest.mark.parametrize("effect", FILL_EFFECTS)
def test_frame_zero_is_the_photo_in_fill_framing(effect: str) -> None:
    prepared = _prepared(PHOTO_FOR.get(effect, "china.jpg"), "fill")
    assert prepared.canvas.fills and prepared.canvas.pans
    plan = plan_from_dict({"effects": [{"name": effect}], "duration": SECONDS, "fps": FPS,
                           "seed": 3, "framing": "fill"})  # fmt: skip
    first = next(iter(get_engine("motion").frames(prepared.canvas, prepared.scene, plan)))
    reference = prepared.canvas.place(prepared.canvas.layer)
    assert frame_zero_psnr(first, reference, registry()[effect].overlay) >= 40.0


@pytest.mark.parametrize("effect", EFFECTS)
def test_no_effect_leaves_the_clip_frozen(effect: str) -> None:
    _, frames = _render(effect)
    # Somewhere in the clip, something changes visibly (more than 8 grey levels).
    assert max(int(np.abs(f.astype(int) - frames[0].astype(int)).max()) for f in frames) > 8


@pytest.mark.parametrize("effect", [e for e in EFFECTS if registry()[e].loops])
def test_periodic_effects_loop(effect: str) -> None:
    _, frames = _render(effect)
    assert loop_seam(frames) <= 1.5


MASKED = {"clouds": "sky", "wind": "vegetation", "water": "water"}


@pytest.mark.parametrize(("effect", "mask"), sorted(MASKED.items()))
def test_masked_effects_move_inside_their_mask(effect: str, mask: str) -> None:
    prepared, frames = _render(effect)
    flow = flow_magnitude([_layer(prepared, f) for f in frames])
    target = getattr(prepared.scene, mask)
    # Motion bleeds a few pixels past a soft edge; "outside" starts beyond that margin.
    near = cv2.dilate((target > 0.02).astype(np.uint8), np.ones((25, 25), np.uint8))
    assert inside_outside(flow, target, near == 0) >= 5.0


@pytest.mark.parametrize("effect", ["smile", "blink", "head"])
def test_faces_move_only_at_the_mouth_and_eyes(effect: str) -> None:
    prepared, frames = _render(effect)
    layers = [_layer(prepared, f) for f in frames]
    assert face_identity_error(layers, prepared.scene.faces) <= 2 / 255
    flow = flow_magnitude(layers)
    x, y, w, h = prepared.scene.faces[0].box
    face = np.zeros(flow.shape, np.float32)
    face[y : y + h, x : x + w] = 1.0
    assert inside_outside(flow, face) >= 5.0
