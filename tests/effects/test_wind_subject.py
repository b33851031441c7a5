"""Wind with no plants sways the main subject, hinged where it is held; a built subject and
the rest of the photo stay still."""

from __future__ import annotations

import dataclasses

import numpy as np

from vivify.compose import make_canvas
from vivify.engines import get_engine
from vivify.plan import plan_from_dict
from vivify.types import RGB, Scene

W, H = 240, 320


def _photo() -> RGB:
    rng = np.random.default_rng(8)
    return rng.integers(30, 220, (H, W, 3)).astype(np.uint8)


def _scene(rigid: bool = False) -> Scene:
    zero = np.zeros((H, W), np.float32)
    subject = zero.copy()
    subject[120:, 80:160] = 1.0  # an animal cut by the bottom of the frame
    return Scene(sky=zero, vegetation=zero, person=zero, hair=zero, depth=zero, water=zero,
                 subject=subject, subject_rigid=rigid, subject_natural=True)  # fmt: skip


def _change(scene: Scene, **params: float) -> np.ndarray:
    photo = _photo()
    canvas = make_canvas(photo, (W, H))
    plan = plan_from_dict({"effects": [{"name": "wind", "params": params}], "width": W,
                           "height": H, "duration": 1.0, "fps": 10})  # fmt: skip
    frames = list(get_engine("motion").frames(canvas, scene, plan))
    assert np.array_equal(frames[0], photo)
    return np.stack([np.abs(f.astype(int) - photo.astype(int)).max(axis=2) for f in frames]).max(
        axis=0
    )


def test_a_natural_subject_sways_more_at_its_free_end_than_where_it_is_held() -> None:
    change = _change(_scene())
    top, bottom = change[125:160, 90:150].mean(), change[290:318, 90:150].mean()
    assert top > 5.0 and top > 2.0 * bottom
    assert change[:100].max() == 0  # well away from it, nothing moves


def test_a_built_subject_does_not_sway() -> None:
    assert _change(dataclasses.replace(_scene(), subject_rigid=True)).max() == 0


def test_fur_ruffles_all_over_the_coat_and_nothing_else_moves() -> None:
    plants = dataclasses.replace(_scene(), vegetation=np.pad(np.ones((60, W), np.float32),
                                                             ((0, H - 60), (0, 0))))  # fmt: skip
    change = _change(plants, fur=1.0)
    # Tufts move at the top of the coat and at its bottom alike (no hinge): the animal does
    # not sway as a whole, its fur ruffles.
    top, bottom = change[130:160, 95:145].mean(), change[280:318, 95:145].mean()
    assert top > 3.0 and bottom > 3.0
    assert 0.5 < top / bottom < 2.0
    # The plants the prompt did not name, and the background, stay still.
    assert change[:110].max() == 0
    assert change[:, :75].max() == 0 and change[:, 165:].max() == 0
