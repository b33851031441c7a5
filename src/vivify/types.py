"""Values passed between the stages of the flow. Plain, immutable, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

RGB = NDArray[np.uint8]  # H×W×3, sRGB, C-contiguous
Mask = NDArray[np.float32]  # H×W, 0..1


@dataclass(frozen=True)
class Photo:
    """A decoded, oriented, sRGB photo with every bit of metadata dropped."""

    pixels: RGB
    source_format: str  # "JPEG", "PNG", "WEBP" or "HEIF"
    source_size: tuple[int, int]  # (width, height) after orientation, before any resize

    @property
    def size(self) -> tuple[int, int]:
        return (int(self.pixels.shape[1]), int(self.pixels.shape[0]))


@dataclass(frozen=True)
class Face:
    """One face: its box (x, y, w, h) and landmarks in pixel coordinates (N×2, MediaPipe order)."""

    box: tuple[int, int, int, int]
    landmarks: NDArray[np.float32]


@dataclass(frozen=True)
class AnimalEye:
    """An animal's eye (no face mesh covers animals), in layer pixels: centre and radius."""

    x: float
    y: float
    r: float


@dataclass(frozen=True)
class Scene:
    """What is in the photo, at the size the effects work on. Masks are soft (0..1)."""

    sky: Mask
    vegetation: Mask
    person: Mask
    hair: Mask
    depth: Mask  # 0 far .. 1 near
    water: Mask
    faces: tuple[Face, ...] = ()
    horizon: float | None = None  # row, as a fraction of the height, where the sky ends
    notes: tuple[str, ...] = field(default=())
    subject: Mask | None = None  # the main subject (animal, object, person, flower), if found
    subject_rigid: bool = False  # built or a person: wind does not sway it as a whole
    subject_natural: bool = False  # one or two vivid hues (a flower, a leaf, an animal's coat)
    light: str = "day"  # the light the photo already shows: "day", "dusk" or "night"
    stars: bool = False  # a night sky with stars in it
    animal_eyes: tuple[AnimalEye, ...] = ()  # a pet's two eyes, when no person's face is seen

    @property
    def size(self) -> tuple[int, int]:
        return (int(self.sky.shape[1]), int(self.sky.shape[0]))

    def coverage(self, name: str) -> float:
        """The fraction of the photo a mask covers."""
        mask: Mask | None = getattr(self, name)
        return 0.0 if mask is None else float(mask.mean())

    def facts(self) -> dict[str, object]:
        """A short JSON-ready summary, used by plans and `vivify scene --json`."""
        return {
            "size": list(self.size),
            "sky": round(self.coverage("sky"), 3),
            "vegetation": round(self.coverage("vegetation"), 3),
            "person": round(self.coverage("person"), 3),
            "hair": round(self.coverage("hair"), 3),
            "water": round(self.coverage("water"), 3),
            "faces": len(self.faces),
            "horizon": None if self.horizon is None else round(self.horizon, 3),
            "subject": 0.0 if self.subject is None else round(float(self.subject.mean()), 3),
            "light": self.light,
            "stars": self.stars,
            "animal_eyes": len(self.animal_eyes),
        }
