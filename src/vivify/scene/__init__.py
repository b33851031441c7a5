"""Scene analysis: what is in the photo, as soft masks, faces and a coarse depth map.

Offline only: classical vision plus the models bundled inside MediaPipe 0.10.21.
"""

from __future__ import annotations

import numpy as np

from vivify.scene.depth import depth_map
from vivify.scene.faces import find_faces
from vivify.scene.person import hair_mask, person_mask
from vivify.scene.sky import sky_mask
from vivify.scene.vegetation import vegetation_mask
from vivify.scene.water import water_mask
from vivify.types import RGB, Scene

MASK_NAMES = ("sky", "vegetation", "water", "person", "hair", "depth")


def analyse(rgb: RGB) -> Scene:
    """Analyse an RGB image (at the size the effects will work on)."""
    faces = find_faces(rgb)
    person = person_mask(rgb, faces)
    sky, horizon = sky_mask(rgb, exclude=person)
    vegetation = vegetation_mask(rgb, sky)
    hair = hair_mask(person, faces)
    water = water_mask(rgb, sky, horizon, exclude=np.maximum(vegetation, person))
    depth = depth_map(rgb, sky, person)
    return Scene(
        sky=sky,
        vegetation=vegetation,
        person=person,
        hair=hair,
        depth=depth,
        water=water,
        faces=faces,
        horizon=horizon,
    )


__all__ = ["MASK_NAMES", "analyse"]
