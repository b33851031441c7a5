"""Scene analysis: what is in the photo, as soft masks, faces, a depth order and the light.

Offline only: the models bundled inside MediaPipe 0.10.21 (faces, people), a learned subject
model and a learned semantic model (sky, water, plants and more) when the install provides them
(see `vivify.scene.subject` and `vivify.scene.semantics`), and classical cues beyond colour
(smoothness at two scales, texture direction, straight edges, a geodesic walk from the top edge,
position, graph cuts) for sky, water and vegetation. The classical analysers work at a small
working size; their masks are scaled back to the photo's size.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import cv2
import numpy as np

from vivify.scene.cues import F32, Cues, cues_of, downscale, upscale
from vivify.scene.depth import depth_map
from vivify.scene.eyes import find_animal_eyes
from vivify.scene.faces import find_faces, find_heads
from vivify.scene.masks import drop_small
from vivify.scene.person import hair_mask, person_mask
from vivify.scene.saliency import classical_subject
from vivify.scene.semantics import semantic_maps
from vivify.scene.sky import SkyFinding, find_sky, no_sky, sky_seen
from vivify.scene.vegetation import busy_green, find_vegetation
from vivify.scene.water import find_water
from vivify.types import RGB, AnimalEye, Face, Mask, Scene

MASK_NAMES = ("sky", "vegetation", "water", "subject", "person", "hair", "depth")


def analyse(
    rgb: RGB,
    subject: Mask | Callable[[], Mask | None] | None = None,
    semantics: bool = True,
) -> Scene:
    """Analyse an RGB image (at the size the effects will work on).

    `subject` is a soft map of the main subject at any size from a learned model (see
    `vivify.scene.subject`), or a function that returns it, called once the other cues are
    ready, so that the model can run alongside them; without it (or if it returns None) a
    classical estimate is used. With `semantics` (and the semantic model installed, see
    `vivify.scene.semantics`) the sky, water and plant masks are checked and completed by what
    the model sees."""
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
    seen = semantic_maps(rgb, work) if semantics else None
    sky = find_sky(c, exclude=certain, portrait=portrait)
    if seen is not None:
        sky = _with_learned_sky(sky, seen, c, certain, portrait)
    water = find_water(c, sky.mask, sky.horizon, not_here=np.maximum(certain, busy_green(c)))
    if seen is not None:
        water = _with_learned(water, seen, "water", np.maximum(sky.mask, certain))
    rigid = _rigid(c, subject_w, person_w)
    # Inside a learned subject that is not itself a plant (a tower with green beams, a cat on
    # a green rug), nothing is vegetation.
    not_a_plant = learned and _green_share(c, subject_w) < 0.25
    built = _solid(subject_w) if not_a_plant else np.zeros_like(person_w)
    not_plants = np.maximum(np.maximum(sky.mask, water), np.maximum(person_w, built))
    vegetation = find_vegetation(c, not_here=not_plants, outdoors=sky.kind != "none")
    if seen is not None:
        vegetation = _with_learned(vegetation, seen, "plants", np.maximum(not_plants, built))
        if learned and _a_flower(subject_w, seen):  # a flower head is a plant, all of it
            body = _solid(subject_w) * (1.0 - person_w) * (1.0 - sky.mask) * (1.0 - water)
            vegetation = np.maximum(vegetation, body).astype(np.float32)
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


# Classes of the semantic model that are each of vivify's regions, and those that rule it out.
_LEARNED = {
    "sky": (("sky",), ("building", "foliage", "tree_trunk", "ground", "natural_ground",
                       "artificial_ground", "grass", "dirt", "road", "sand", "snow", "water",
                       "person", "pet", "vehicle", "loungeable", "tv", "food")),
    "water": (("water",), ("sky", "building", "ground", "natural_ground", "artificial_ground",
                           "grass", "dirt", "road", "sand", "foliage", "person", "pet",
                           "vehicle", "loungeable", "food")),
    "plants": (("foliage", "grass", "flower"), ("building", "artificial_ground", "road",
                                               "vehicle", "person", "pet", "sky", "water",
                                               "loungeable", "tv", "food", "tree_trunk")),
}  # fmt: skip
SURE = 0.6  # the model's probability at which a class is taken as seen
VERY_SURE = 0.9  # sure enough to find a region the classical rules did not find at all
UNSURE = 0.2  # below this the model does not see the class at all
# Water is added from the model's middling answers too, where it leans to water over anything
# else: it often sees a dark river, a shaded lake or the sea over wet sand as about half water,
# half ground, and those were the water masks most often left short.
ADD = {"water": 0.4}
MIN_ADDED = 0.005  # the least share of the photo one region the model adds or removes may cover


def _learned(seen: dict[str, F32], region: str) -> tuple[F32, F32]:
    """How strongly the model sees `region`, and how strongly it sees something that is not."""
    yes, no = _LEARNED[region]
    return np.max([seen[k] for k in yes], axis=0), np.max([seen[k] for k in no], axis=0)


# Bare ground (soil, sand, a dirt road, snow) rules plants out where the model sees no plant at
# all there, but does not stop it adding a meadow it sees as both ground and grass.
_BARE = {"plants": ("ground", "natural_ground", "sand", "dirt", "snow")}
BARE_LEANS = 0.4  # bare ground the model leans to ...
BARE_MARGIN = 0.2  # ... this much more than to any plant is not a plant


def _with_learned(found: F32, seen: dict[str, F32], region: str, not_here: F32) -> F32:
    """The classical mask, less what the model is sure is something else, plus what the model
    is sure is this region (and sees as nothing else more)."""
    yes, no = _learned(seen, region)
    bare = _BARE.get(region, ())
    ground = np.max([seen[k] for k in bare], axis=0) if bare else None
    against = no if ground is None else np.maximum(no, ground)
    vetoed = (against > SURE) & (yes < UNSURE)
    if ground is not None:  # bare ground seen clearly more than any plant: leaf litter
        vetoed |= (ground > BARE_LEANS) & (ground > yes + BARE_MARGIN)
    added = ((yes > ADD.get(region, SURE)) & (yes >= no) & (not_here < 0.5)).astype(np.uint8)
    added = drop_small(added, int(MIN_ADDED * added.size))  # not a stray speck
    out = np.where(vetoed, 0.0, found)
    out = np.maximum(out, cv2.GaussianBlur(added.astype(np.float32), (0, 0), 0.8))
    return np.clip(out, 0.0, 1.0).astype(np.float32)


def _with_learned_sky(
    sky: SkyFinding, seen: dict[str, F32], c: Cues, exclude: F32, portrait: bool
) -> SkyFinding:
    """The classical sky, less what the model is sure is not sky (a grey wall, a mountain
    slope, water that mirrors the sky). The sky's kind and horizon stay the classical ones.
    A dusk or night sky is left as it is: the model, trained on daytime scenes, often misses
    those. Where the classical rules found no sky at all, outside a portrait, a sky the model
    is very sure of along the top edge is taken (`exclude`: what is certainly not sky)."""
    yes, no = _learned(seen, "sky")
    if sky.kind == "none" and not portrait:
        # No sky by the classical rules, but the model is very sure of one along the top (a
        # strip of grey sky above mountains): take the model's.
        return sky_seen(c, (yes > VERY_SURE) & (no < UNSURE) & (exclude < 0.5))
    if sky.kind not in ("day", "overcast"):
        return sky
    wrong = ((no > SURE) & (yes < UNSURE) & (sky.mask > 0.5)).astype(np.uint8)
    wrong = drop_small(wrong, int(MIN_ADDED * wrong.size))  # whole regions, not specks
    mask = np.where(wrong > 0, 0.0, sky.mask).astype(np.float32)
    if mask.mean() < 0.02:
        return no_sky(*mask.shape)
    return dataclasses.replace(sky, mask=mask)


def _animal_eyes(
    rgb: RGB, faces: tuple[Face, ...], trusted: bool, subject: Mask
) -> tuple[AnimalEye, ...]:
    """A pet's eyes, looked for where no person's face was found, on a `trusted` subject: a
    learned one that is not built (a car's lamps are no eyes)."""
    if faces or not trusted:
        return ()
    return find_animal_eyes(rgb, subject)


FLOWER_SHARE = 0.4  # the share of the subject the model sees as flower for it to be one


def _a_flower(subject: Mask, seen: dict[str, F32]) -> bool:
    """The main subject is a flower (a sunflower, a poppy close up), so all of it sways in the
    wind, its dark heart and seeds too, not only the petals that look like plants."""
    solid = subject > 0.5
    return bool(solid.any()) and float((seen["flower"][solid] > 0.5).mean()) >= FLOWER_SHARE


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
