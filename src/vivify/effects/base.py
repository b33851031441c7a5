"""The effect contract: a dataclass of typed parameters, and one method that prepares a frame fn.

An effect never mutates itself. `prepare(ctx)` does the per-clip work once (noise fields, masks,
displacement bases) and returns `apply(frame, t) -> frame`, a pure function of the time `t` in
seconds. Effects are registered with a stable name and a semver version; the versions go into the
clip's provenance.
"""

from __future__ import annotations

import dataclasses
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar, TypeVar, get_type_hints

import numpy as np

from vivify.errors import PlanError
from vivify.types import RGB, Scene

FrameFn = Callable[[RGB, float], RGB]


class Stage(StrEnum):
    """Where in the frame an effect works. `photo` effects see the photo layer (scene masks line up
    with it); `camera` effects see the whole composed vertical frame."""

    PHOTO = "photo"
    CAMERA = "camera"


@dataclass(frozen=True)
class RenderContext:
    """Everything an effect may know about the clip. Built by the engine; no global settings."""

    width: int  # of the layer the effect works on
    height: int
    fps: int
    duration: float
    seed: int
    scene: Scene
    photo: RGB  # the untouched photo layer, for effects that sample from it

    @property
    def frame_count(self) -> int:
        return frame_count(self.duration, self.fps)

    def rng(self, salt: str) -> np.random.Generator:
        """A generator private to one effect, so adding an effect never changes another's noise."""
        digest = sum((i + 1) * ord(c) for i, c in enumerate(salt))
        return np.random.default_rng([self.seed, digest])


def frame_count(duration: float, fps: int) -> int:
    return max(1, round(duration * fps))


def param(default: float, lo: float, hi: float, doc: str) -> Any:
    """A numeric effect parameter with its range and a one-line description."""
    return dataclasses.field(default=default, metadata={"range": (lo, hi), "doc": doc})


class Effect(ABC):
    """Subclasses are frozen dataclasses; their fields are the effect's parameters."""

    name: ClassVar[str]
    version: ClassVar[str]
    stage: ClassVar[Stage] = Stage.PHOTO
    summary: ClassVar[str]
    needs: ClassVar[tuple[str, ...]] = ()  # scene masks the effect works inside
    order: ClassVar[int] = 50  # lower runs first: motion, then atmosphere and light, then style
    # True: periodic, a whole number of cycles per clip (frame n equals frame 0: the clip loops).
    # False: a transition that runs once and settles (sunset, styles, camera moves).
    loops: ClassVar[bool] = True
    # True: draws particles (rain, snow...) that are already in frame 0 so the loop is seamless;
    # frame 0 then equals the photo only outside the particles.
    overlay: ClassVar[bool] = False

    @abstractmethod
    def prepare(self, ctx: RenderContext) -> FrameFn:
        """Do the per-clip work and return the per-frame function."""

    def params(self) -> dict[str, Any]:
        values: dict[str, Any] = dataclasses.asdict(self)  # type: ignore[call-overload]
        return values

    @classmethod
    def parameter_docs(cls) -> dict[str, dict[str, Any]]:
        out = {}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            lo, hi = f.metadata.get("range", (None, None))
            out[f.name] = {"default": f.default, "min": lo, "max": hi, "doc": f.metadata["doc"]}
        return out

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Effect:
        """Build the effect from plan parameters, naming the field and the reason on error."""
        fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        hints = get_type_hints(cls)
        values: dict[str, Any] = {}
        for key, value in params.items():
            if key not in fields:
                known = ", ".join(sorted(fields)) or "none"
                raise PlanError(f"{cls.name}: unknown parameter '{key}' (known: {known}).")
            kind = hints[key]
            if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
                value = float(value)
            elif not isinstance(value, kind):
                raise PlanError(f"{cls.name}.{key}: expected {kind.__name__}, got {value!r}.")
            lo, hi = fields[key].metadata.get("range", (None, None))
            if lo is not None and not lo <= value <= hi:
                raise PlanError(f"{cls.name}.{key}: {value} is outside {lo}..{hi}.")
            values[key] = value
        return cls(**values)


_REGISTRY: dict[str, type[Effect]] = {}
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_SEMVER = re.compile(r"^\d+\.\d+\.\d+$")
E = TypeVar("E", bound=type[Effect])


def register(cls: E) -> E:
    """Class decorator: check the effect's contract at import time and add it to the registry."""
    if not dataclasses.is_dataclass(cls) or not cls.__dataclass_params__.frozen:
        raise TypeError(f"{cls.__name__} must be a frozen dataclass")
    for attr in ("name", "version", "summary"):
        if not isinstance(getattr(cls, attr, None), str):
            raise TypeError(f"{cls.__name__} needs a class attribute '{attr}'")
    if not _NAME.match(cls.name):
        raise TypeError(f"effect name {cls.name!r} must be lower_snake_case")
    if not _SEMVER.match(cls.version):
        raise TypeError(f"effect {cls.name} version {cls.version!r} is not semver")
    for f in dataclasses.fields(cls):
        if "doc" not in f.metadata or f.default is dataclasses.MISSING:
            raise TypeError(f"{cls.name}.{f.name} needs a default and a doc (use param())")
    if cls.name in _REGISTRY and _REGISTRY[cls.name] is not cls:
        raise TypeError(f"effect name {cls.name!r} is registered twice")
    _REGISTRY[cls.name] = cls
    return cls


def registry() -> Mapping[str, type[Effect]]:
    return dict(_REGISTRY)


def get(name: str) -> type[Effect]:
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise PlanError(f"Unknown effect '{name}'. Known effects: {known}.") from None
