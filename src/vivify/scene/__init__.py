"""Scene analysis: what is in the photo, as soft masks, faces, a depth order and the light.

Offline only: the models bundled inside MediaPipe 0.10.21 (faces, people), a learned subject
model when the install provides it (see `vivify.scene.subject`), and classical cues beyond colour
(smoothness at two scales, texture direction, straight edges, a geodesic walk from the top edge,
position, graph cuts) for sky, water and vegetation. The classical analysers work at a small
working size; their masks are scaled back to the photo's size.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from vivify.scene.cues import Cues, cues_of, downscale, upscale
from vivify.scene.depth import depth_map
from vivify.scene.eyes import find_animal_eyes
from vivify.scene.faces import find_faces, find_heads
from vivify.scene.person import hair_mask, person_mask
from vivify.scene.saliency import classical_subject
from vivify.scene.sky import find_sky
from vivify.scene.vegetation import busy_green, find_vegetation
from vivify.scene.water import find_water
from vivify.types import RGB, AnimalEye, Face, Mask, Scene

MASK_NAMES = ("sky", "vegetation", "water", "subject", "person", "hair", "depth")


def analyse(rgb: RGB, subject: Mask | Callable[[], Mask | None] | None = None) -> Scene:
    """Analyse an RGB image (at the size the effects will work on).

    `subject` is a soft map of the main subject at any size from a learned model (see
    `vivify.scene.subject`), or a function that returns it, called once the other cues are
    ready, so that the model can run alongside them; without it (or if it returns None) a
    classical estimate is used."""
    h, w = rgb.shape[:2]
    size = (w, h)
    heads = find_heads(rgb)  # also faces the mesh misses (small, in profile): for hair
    faces = find_faces(rgb, heads)
    person = person_mask(rgb, faces, len(heads))
    c = cues_of(rgb)
    work = c.size
    person_w = downscale(person, work)
    if callable(subject):
        subject = subject()
    learned = subject is not None
    subject_w = _subject_from_model(subject, c) if subject is not None else classical_subject(c)
    subject_w = np.maximum(subject_w, person_w)
    # Only a learned subject map is trusted to rule regions out; the classical one is a guess.
    certain = np.maximum(person_w, _solid(subject_w)) if learned else person_w
    portrait = any(f.box[3] > 0.15 * h for f in faces)
    sky = find_sky(c, exclude=certain, portrait=portrait)
    water = find_water(c, sky.mask, sky.horizon, not_here=np.maximum(certain, busy_green(c)))
    rigid = _rigid(c, subject_w, person_w)
    # Inside a learned subject that is not itself a plant (a tower with green beams, a cat on
    # a green rug), nothing is vegetation.
    not_a_plant = learned and _green_share(c, subject_w) < 0.25
    built = _solid(subject_w) if not_a_plant else np.zeros_like(person_w)
    not_plants = np.maximum(np.maximum(sky.mask, water), np.maximum(person_w, built))
    vegetation = find_vegetation(c, not_here=not_plants, outdoors=sky.kind != "none")
    depth = depth_map(c, sky.mask, near=subject_w)
    light = _light(c, sky.kind)
    notes: list[str] = []
    if sky.stars:
        notes.append("The sky shows stars.")
    main = upscale(subject_w, size)
    return Scene(
        sky=upscale(sky.mask, size),
        vegetation=upscale(vegetation, size),
        person=person,
        hair=hair_mask(person, faces, heads),
        depth=upscale(depth, size),
        water=upscale(water, size),
        faces=faces,
        horizon=sky.horizon,
        notes=tuple(notes),
        subject=main,
        subject_rigid=rigid,
        subject_natural=_natural(c, subject_w),
        light=light,
        stars=sky.stars,
        animal_eyes=_animal_eyes(rgb, faces, learned and not rigid, main),
    )


def _animal_eyes(
    rgb: RGB, faces: tuple[Face, ...], trusted: bool, subject: Mask
) -> tuple[AnimalEye, ...]:
    """A pet's eyes, looked for where no person's face was found, on a `trusted` subject: a
    learned one that is not built (a car's lamps are no eyes)."""
    if faces or not trusted:
        return ()
    return find_animal_eyes(rgb, subject)


def _subject_from_model(subject: Mask, c: Cues) -> Mask:
    small = downscale(subject.astype(np.float32), c.size)
    return np.clip(small, 0.0, 1.0).astype(np.float32)


def _rigid(c: Cues, subject: Mask, person: Mask) -> bool:
    """A subject made of straight edges (a building, a rocket, furniture, a boat) or a person
    does not sway as a whole in the wind; a flower, an animal or a hanging thing may."""
    solid = subject > 0.5
    if not solid.any():
        return False
    if float((person[solid] > 0.5).mean()) > 0.3:
        return True
    # Straight-edged and plain: a flower's vivid petals have straight edges too.
    return float(c.lines[solid].mean()) > 0.2 and float(np.median(c.chroma[solid])) < 25.0


def _natural(c: Cues, subject: Mask) -> bool:
    """A flower, a leaf, a seed head or an animal's coat is vivid and of one or two hues; a
    painted building or a street scene mixes many."""
    solid = subject > 0.5
    if not solid.any():
        return False
    vivid = c.chroma[solid] > 10.0
    if vivid.mean() < 0.8:
        return False
    hue = c.hue[solid][vivid]
    counts = np.histogram(hue, bins=12, range=(0.0, 360.0))[0]
    return float(np.sort(counts)[-2:].sum()) / max(int(counts.sum()), 1) >= 0.93


def _green_share(c: Cues, subject: Mask) -> float:
    solid = subject > 0.5
    if not solid.any():
        return 0.0
    return float(c.green()[solid].mean())


def _solid(subject: Mask) -> Mask:
    """Only the confident core of the subject rules out sky (its soft rim may be sky)."""
    return (subject > 0.8).astype(np.float32)


def _light(c: Cues, sky_kind: str) -> str:
    """The state of the light the photo already shows: "day", "dusk" or "night"."""
    if sky_kind == "dusk":  # a sunset over black silhouettes is dusk, however dark the land
        return "dusk"
    if sky_kind == "night" or float(np.median(c.light)) < 18.0:
        return "night"
    return "day"


__all__ = ["MASK_NAMES", "analyse"]
